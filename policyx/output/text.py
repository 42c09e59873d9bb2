"""Text made safe to print, and the JSON and YAML encoders every output shares.

Owns the escaping of control characters (so data never acts on a terminal), the
conversion of a value to the text of one cell, and the one JSON and one YAML dumper
(settings in one place: UTF-8 kept, key order kept, no line folding).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

INVISIBLE = (
    (0x00, 0x08),  # C0 controls, but tab and newline (layout, kept)
    (0x0B, 0x1F),
    (0x7F, 0x9F),  # DEL and the C1 controls
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x0600, 0x0605),  # Arabic number signs
    (0x061C, 0x061C),  # Arabic letter mark
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),  # Hangul fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels (invisible)
    (0x180B, 0x180F),  # Mongolian variation selectors and vowel separator
    (0x200B, 0x200F),  # zero-width space, joiners, LRM, RLM
    (0x2028, 0x202E),  # line and paragraph separators, bidirectional embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, bidirectional isolates, deprecated formats
    (0x3164, 0x3164),  # Hangul filler
    (0xD800, 0xDFFF),  # lone surrogates (never text)
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xFFF9, 0xFFFB),  # interlinear annotation
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol formats
    (0xE0000, 0xE007F),  # tag characters
)
"""The one class of characters that act on a terminal, reorder text or cannot be seen: every control
(C0 but tab and newline, DEL, C1), every format character (Unicode category Cf, a superset of it as of
Unicode 15.1), the line and paragraph separators, lone surrogates, and the fillers and joiners that
show nothing. Human formats show each as a visible escape (``clean``); JSON and YAML write each as an
escape of their own, so the data stays exact (``to_json``, ``to_yaml``)."""

_CONTROL = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in INVISIBLE) + "]")
# What JSON leaves raw of the class (it escapes C0 controls itself).
_JSON_UNSAFE = re.compile("[" + "".join(f"\\U{max(a, 0x20):08x}-\\U{b:08x}" for a, b in INVISIBLE if b >= 0x20) + "]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    """A character as JSON writes it: \\uXXXX, a pair of surrogates beyond the Basic Multilingual Plane."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def clean(text: str) -> str:
    """Text safe to print: every character of ``INVISIBLE`` shown as a visible escape (\\x1b, \\u202e,
    \\U000e0041)."""
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
    """JSON text, UTF-8 kept, with every character of ``INVISIBLE`` written as a \\u escape (the data
    exact, the text safe at a terminal). JSON's syntax is ASCII, so such a character is always inside
    a string, where its escape stands for it."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(_json_escape, text)


def to_json_lines_of(values: Iterable[object]) -> str:
    """Each value as ``to_json(value, indent=None)`` on a line of its own: the escaping of the whole text
    done at once (a raw newline is never inside a JSON string, and is not escaped)."""
    return _JSON_UNSAFE.sub(_json_escape, "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in values))


def to_json_lines(value: object, margin: str = "") -> str:
    """``to_json(value)`` (indented by 2), every line but the first after ``margin``: the same text, made
    by the C encoder's string escaping where ``json`` would use its pure-Python indenting encoder."""
    try:
        text = _indented(value, margin)
    except TypeError:  # a key that is not a string: as json has it
        text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + margin)
    if text.isascii() and "\x7f" not in text:  # json escaped every other ASCII control: nothing to do
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)


def _indented(value: object, margin: str) -> str:
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    inner = margin + "  "
    if type(value) is dict:
        if not value:
            return "{}"
        items = [
            f"{inner}{_encode_string(k)}: {_encode_string(v) if type(v) is str else _indented(v, inner)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + margin + "}"
    if type(value) is list:
        if not value:
            return "[]"
        lines = [inner + (_encode_string(v) if type(v) is str else _indented(v, inner)) for v in value]
        return "[\n" + ",\n".join(lines) + "\n" + margin + "]"
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + margin)  # floats, and the rest


_encode_string = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False (C when it can)


def to_yaml(value: object) -> str:
    """YAML text: UTF-8 kept, key order kept, lines never folded; a string holding a character of
    ``INVISIBLE`` is written double-quoted, with every non-ASCII character as an escape (the data exact)."""
    import yaml

    return str(yaml.dump(value, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=1_000_000))


def write_yaml_mapping(out: IO[str], head: Mapping[str, object], lists: Iterable[tuple[str, Iterable[object]]]) -> None:
    """A YAML mapping written as ``to_yaml`` writes it, each of ``lists`` item by item as it comes: the
    keys of ``head`` with their values, then each list's key and items. What is in memory is one item."""
    import yaml
    from yaml.events import (
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    dumper = _dumper()(out, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)

    def node(value: object) -> None:  # as Representer.represent and Serializer.serialize do, inside the mapping
        data = dumper.represent_data(value)
        dumper.anchor_node(data)
        dumper.serialize_node(data, None, None)
        dumper.serialized_nodes, dumper.anchors, dumper.last_anchor_id = {}, {}, 0
        dumper.represented_objects, dumper.object_keeper, dumper.alias_key = {}, [], None

    try:
        dumper.open()
        dumper.emit(DocumentStartEvent(explicit=False))
        dumper.emit(MappingStartEvent(None, yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, True, flow_style=False))
        for key, value in head.items():
            node(key)
            node(value)
        for key, items in lists:
            node(key)
            dumper.emit(
                SequenceStartEvent(None, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, True, flow_style=False)
            )
            for item in items:
                node(item)
            dumper.emit(SequenceEndEvent())
        dumper.emit(MappingEndEvent())
        dumper.emit(DocumentEndEvent(explicit=False))
        dumper.close()
    finally:
        dumper.dispose()


@functools.cache
def _dumper() -> type:
    """The YAML dumper of every YAML policyx writes (made once, when YAML is first written)."""
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
            if getattr(self, "_judged", None) is not event:  # asked twice a scalar: judged once
                self._judged, self._judgement = (
                    event,
                    isinstance(event, yaml.ScalarEvent) and bool(_CONTROL.search(event.value)),
                )
            return bool(self._judgement)

        def analyze_scalar(self, scalar: str) -> Any:
            """PyYAML's analysis of a scalar (what styles it allows), which depends on nothing but the
            text and ``allow_unicode``: kept for short texts, a few thousand at most, as the same keys and
            values come in record after record."""
            if _PLAIN_TEXT.fullmatch(scalar):  # what PyYAML's analysis finds of such a text, found at once
                return yaml.emitter.ScalarAnalysis(
                    scalar=scalar,
                    empty=False,
                    multiline=False,
                    allow_flow_plain="," not in scalar,
                    allow_block_plain=True,
                    allow_single_quoted=True,
                    allow_double_quoted=True,
                    allow_block=True,
                )
            if len(scalar) > ANALYSED_LENGTH or not self.allow_unicode:
                return super().analyze_scalar(scalar)
            kept: dict[str, Any] = self.__dict__.setdefault("_analyses", {})
            found = kept.get(scalar)
            if found is None:
                found = super().analyze_scalar(scalar)
                if len(kept) < ANALYSES_KEPT:
                    kept[scalar] = found
            return found

        def write_plain(self, text: str, split: bool = True) -> None:
            """PyYAML's plain writer, which goes character by character to break long lines, at once
            for a text on one line that does not reach the width (where it would break none)."""
            fits = self.column + len(text) <= self.best_width and not _LINE_BREAKS.search(text)
            if self.encoding or not text or not fits:
                super().write_plain(text, split)
                return
            if self.root_context:
                self.open_ended = True
            if not self.whitespace:
                self.column += 1
                self.stream.write(" ")
            self.whitespace = self.indention = False
            self.column += len(text)
            self.stream.write(text)

    return Dumper


_PLAIN_TEXT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.,'()/ -]*[A-Za-z0-9.,'()/-])?")
"""Text of which PyYAML's analysis finds no indicator, break, special character or leading or trailing
space: only a comma, which bars the plain style in flow context (tests/test_streamed.py compares)."""
_LINE_BREAKS = re.compile("[\n\x85\u2028\u2029]")
ANALYSED_LENGTH = 40
"""The longest scalar whose analysis a YAML dumper keeps."""
ANALYSES_KEPT = 4096
"""How many analyses a YAML dumper keeps at most: its memory stays flat whatever the model's size."""


_MARKDOWN = {c: "\\" + c for c in "\\`*_[]|#~"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " "}
_MARKDOWN_SYNTAX = re.compile("[" + re.escape("".join(_MARKDOWN)) + "]")


def _markdown_char(match: re.Match[str]) -> str:
    return _MARKDOWN[match.group()]


def to_markdown(text: str) -> str:
    """Text in Markdown (a table cell, a heading, prose), rendered as the text itself, on one line:
    every character of ``INVISIBLE`` a visible escape (``clean``); no raw HTML and no autolink
    (``<`` and ``>`` as entities); no link, image or reference (brackets escaped, and a parenthesis
    after one too, so ``](`` never appears); no emphasis, strike-through, code, heading or table cell
    (``* _ ~ ` # |`` escaped). What GitHub still links is a bare web address (``https://...``,
    ``www....``), shown as written."""
    escaped = _MARKDOWN_SYNTAX.sub(_markdown_char, clean(text))
    return escaped.replace("\\](", "\\]\\(")


def to_markdown_code(text: str) -> str:
    """Text as one Markdown code span: fenced by more backticks than any run of them in it (padded with a
    space where it starts or ends with one), on one line, every character of ``INVISIBLE`` escaped."""
    text = clean(text).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


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
