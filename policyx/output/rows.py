"""Machine formats of a view's rows: json, jsonl, csv, tsv, yaml, markdown.

Owns how a ``View``'s rows become text for scripts: CSV formula neutralising, TSV and
Markdown escaping, and the empty-result rules. Terminal tables are ``tables``'; this
module never imports rich.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from ..views import Row, View, select_fields
from .text import cell, clean, to_json, to_json_lines_of, to_markdown, to_yaml

if TYPE_CHECKING:
    from . import Settings

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def project(rows: Sequence[Row], columns: Sequence[str]) -> list[Row]:
    """Rows reduced to ``columns``, in that order."""
    return [{c: row.get(c) for c in columns} for row in rows]


def _neutralise(value: object, text: str, raw: bool) -> str:
    """OWASP CSV-injection defence: prefix ' to text cells a spreadsheet would run as a formula."""
    if raw or isinstance(value, (int, float)) or not text.startswith(_FORMULA_START):
        return text
    return "'" + text


def _json(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    return to_json(project(rows, columns)) + "\n"


def _jsonl(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    return to_json_lines_of(project(rows, columns))


def _yaml(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    return to_yaml(project(rows, columns))


def _csv(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([_neutralise(row.get(c), clean(cell(row.get(c), ";")), raw) for c in columns])
    return buf.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


_FORMULA_AT = re.compile("(?:^|\t)[=+\\-@]", re.MULTILINE)
"""A cell that starts as a formula would, in tab-separated lines (after a tab, or at a line's start)."""


def _tsv_at_once(rows: list[Row], columns: Sequence[str], raw: bool) -> str | None:
    """``_tsv``'s lines when no cell needs a thing done to it, found out from the whole text at once: no
    tab, newline, carriage return or backslash in a cell (the text has just the tabs and newlines that
    part its cells and lines) and, unless ``raw``, no cell that starts as a formula; None when one may,
    and each cell is then looked at on its own."""
    if len(columns) < 1:
        return None
    lines = ("\t".join([v if type(v) is str else cell(v, ";") for v in map(row.get, columns)]) for row in rows)
    text = "".join(line + "\n" for line in lines)
    parted = text.count("\t") == len(rows) * (len(columns) - 1) and text.count("\n") == len(rows)
    if not parted or "\\" in text or "\r" in text or (not raw and _FORMULA_AT.search(text)):
        return None
    return text


def _tsv(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    """Tab-separated lines, each cell's tabs, newlines and backslashes escaped, then every invisible
    character of the whole text made visible at once (``clean``: it leaves tabs and newlines, so this is
    the text cleaning each cell would give; nor does it touch a cell's first character that
    ``_neutralise`` looks at, which is never invisible once escaped)."""
    if (plain := _tsv_at_once(rows, columns, raw)) is not None:
        return clean(("\t".join(columns) + "\n" if header else "") + plain)
    return _tsv_by_cell(rows, columns, header, raw)


def _tsv_by_cell(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    """``_tsv``'s lines, each cell escaped and neutralised on its own."""
    lines = ["\t".join(columns)] if header else []
    for row in rows:
        get = row.get
        cells = []
        for c in columns:
            value = get(c)
            if type(value) is str:  # the most cells: _neutralise's own test, in line
                text = value.translate(_TSV_ESCAPES)
                cells.append(text if raw or not text.startswith(_FORMULA_START) else "'" + text)
            elif type(value) is int or type(value) is float:  # cell's text of a number, never neutralised
                cells.append(str(value))
            else:
                cells.append(_neutralise(value, cell(value, ";").translate(_TSV_ESCAPES), raw))
        lines.append("\t".join(cells))
    return clean("".join(line + "\n" for line in lines))


def _markdown(rows: list[Row], columns: Sequence[str], header: bool, raw: bool) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(to_markdown(cell(row.get(c))) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[list[Row], Sequence[str], bool, bool], str]] = {
    "json": _json,
    "jsonl": _jsonl,
    "yaml": _yaml,
    "csv": _csv,
    "tsv": _tsv,
    "markdown": _markdown,
}
STRUCTURED = ("json", "yaml")
LINES = ("jsonl", "csv", "tsv")
"""Formats of a line per row (csv and tsv after their header): a view's rows may be written a chunk at a time."""
EVERY_FIELD = ("json", "jsonl", "yaml")
"""Formats that carry every field of a row unless fields are chosen."""


def dump(fmt: str, rows: list[Row], columns: Sequence[str], *, header: bool, raw: bool = False) -> str:
    """Rows as text in a machine format; an empty result is '' (an empty array in json and yaml)."""
    if not rows and fmt not in STRUCTURED:
        return ""
    return FORMATS[fmt](rows, columns, header, raw)


def _writer(fmt: str) -> Callable[[View, IO[str], Settings], None]:
    def write(view: View, out: IO[str], settings: Settings) -> None:
        every = not settings.fields and fmt in EVERY_FIELD
        columns = list(view.columns) if every else select_fields(view, settings.fields)
        if view.chunks is None:
            out.write(dump(fmt, view.rows, columns, header=settings.header, raw=settings.raw))
        elif fmt in LINES:  # each chunk as it comes: the same lines, the header before the first
            for n, chunk in enumerate(view.chunks):
                if view.complete is not None:
                    view.complete(chunk, columns)
                out.write(dump(fmt, chunk, columns, header=settings.header and n == 0, raw=settings.raw))
        else:
            rows = [row for chunk in view.chunks for row in chunk]
            if view.complete is not None:
                view.complete(rows, columns)
            out.write(dump(fmt, rows, columns, header=settings.header, raw=settings.raw))

    write.__name__ = write.__qualname__ = f"write_{fmt}"
    write.__doc__ = f"A view's rows as {fmt}."
    return write


write_json = _writer("json")
write_jsonl = _writer("jsonl")
write_yaml = _writer("yaml")
write_csv = _writer("csv")
write_tsv = _writer("tsv")
write_markdown = _writer("markdown")
