"""Machine output formats (json, jsonl, csv, tsv, yaml, markdown) and text sanitising.

Owns how a ``View``'s rows become text for scripts: field selection, cell conversion,
escaping of control characters, CSV formula neutralising, and the empty-result rules.
Terminal tables are drawn by ``render``; this module never imports rich.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

Row = dict[str, Any]

MACHINE_FORMATS = ("json", "jsonl", "csv", "tsv", "yaml", "markdown")
FORMATS = ("table", *MACHINE_FORMATS)

# C0 controls but tab and newline, DEL, C1 controls, zero-width and bidirectional controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Characters JSON leaves raw that a terminal may still act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Text safe to print: control characters shown as visible escapes (\\x1b, \\u202e)."""
    return _CONTROL.sub(_escape, text)


def cell(value: Any, sep: str = ", ") -> str:
    """A value as the text of one cell (lists joined, None empty, booleans lowercase)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return sep.join(cell(v) for v in value)
    return str(value)


def project(rows: Sequence[Row], columns: Sequence[str]) -> list[Row]:
    """Rows reduced to ``columns``, in that order."""
    return [{c: row.get(c) for c in columns} for row in rows]


def _neutralise(value: Any, text: str, raw: bool) -> str:
    """OWASP CSV-injection defence: prefix ' to text cells a spreadsheet would run as a formula."""
    if raw or isinstance(value, (int, float)) or not text.startswith(_FORMULA_START):
        return text
    return "'" + text


def to_json(value: Any, indent: int | None = 2) -> str:
    """JSON text, UTF-8 kept, with the characters a terminal might act on written as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    return to_json(project(rows, columns)) + "\n"


def _jsonl(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    return "".join(to_json(r, indent=None) + "\n" for r in project(rows, columns))


def _yaml(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    import yaml

    return str(yaml.safe_dump(project(rows, columns), allow_unicode=True, sort_keys=False, width=1_000_000))


def _csv(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([_neutralise(row.get(c), clean(cell(row.get(c), ";")), raw) for c in columns])
    return buf.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    lines = ["\t".join(columns)] if header else []
    for row in rows:
        cells = (_neutralise(row.get(c), clean(cell(row.get(c), ";").translate(_TSV_ESCAPES)), raw) for c in columns)
        lines.append("\t".join(cells))
    return "".join(line + "\n" for line in lines)


def _markdown(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    def md(value: Any) -> str:
        text = clean(cell(value)).replace("\\", "\\\\").replace("|", "\\|")
        return " ".join(text.split("\n"))

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(md(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[list[Row], Sequence[str], bool, bool], str]] = {
    "json": _json,
    "jsonl": _jsonl,
    "yaml": _yaml,
    "csv": _csv,
    "tsv": _tsv,
    "markdown": _markdown,
}
STRUCTURED = ("json", "yaml")


def dump(fmt: str, rows: list[Row], columns: Sequence[str], *, header: bool, raw: bool = False) -> str:
    """Rows as text in a machine format; an empty result is '' (an empty array in json and yaml)."""
    if not rows and fmt not in STRUCTURED:
        return ""
    return WRITERS[fmt](rows, columns, header, raw)
