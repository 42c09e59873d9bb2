"""Text made safe to print, and the JSON and YAML encoders every output shares.

Owns the escaping of control characters (so data never acts on a terminal), the
conversion of a value to the text of one cell, and the one JSON and one YAML dumper
(settings in one place: UTF-8 kept, key order kept, no line folding).
"""

from __future__ import annotations

import json
import re

# C0 controls but tab and newline, DEL, C1 controls, zero-width and bidirectional controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Characters JSON leaves raw that a terminal may still act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Text safe to print: control characters shown as visible escapes (\\x1b, \\u202e)."""
    return _CONTROL.sub(_escape, text)


def cell(value: object, sep: str = ", ") -> str:
    """A value as the text of one cell (lists joined, a [start, end] span as start-end, None empty,
    booleans lowercase)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return sep.join(cell(v, "-") if isinstance(v, list) else cell(v) for v in value)  # a span: start-end
    return str(value)


def to_json(value: object, indent: int | None = 2) -> str:
    """JSON text, UTF-8 kept, with the characters a terminal might act on written as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_yaml(value: object) -> str:
    """YAML text: UTF-8 kept, key order kept, lines never folded; a string holding a character a
    terminal may act on is written double-quoted, with that character as an escape."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def choose_scalar_style(self) -> str:
            if self._unsafe():
                return '"'
            return super().choose_scalar_style()

        def process_scalar(self) -> None:
            if not self._unsafe():
                super().process_scalar()
                return
            self.allow_unicode = False  # in this scalar only: every non-ASCII character escaped
            try:
                super().process_scalar()
            finally:
                self.allow_unicode = True

        def _unsafe(self) -> bool:
            event = self.event
            return isinstance(event, yaml.ScalarEvent) and bool(_JSON_UNSAFE.search(event.value))

    return str(yaml.dump(value, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1_000_000))


_MARKDOWN = {c: "\\" + c for c in "\\`*_[]|#"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " "}


def to_markdown(text: str) -> str:
    """A cell of a Markdown table: HTML and Markdown syntax escaped, so it renders as the text itself
    (no raw HTML, no links or images, no emphasis), on one line."""
    return "".join(_MARKDOWN.get(c, c) for c in clean(text))


def wrap(text: str, width: int | None) -> str:
    """Text with each line wrapped between words to ``width`` (None: as it is), continuation lines
    indented like the line they continue (plus two); a word longer than the width stays whole."""
    if not width:
        return text
    import textwrap

    out = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        wrapped = textwrap.wrap(
            line,
            width=width,
            subsequent_indent=indent + "  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        out.extend(wrapped or [line])
    return "\n".join(out)
