"""A source's coverage in words: the terminal's annotated text, Markdown and JSON.

Owns how ``coverage.Coverage`` is shown. The terminal lists each sentence beside the records that
cite it: the stretches an excerpt covers muted, the rest highlighted, and a sentence no record cites
flagged "uncovered" (the flag is words, so it survives without colour). Markdown is the same as a
table for a pull request; JSON holds every number, offset and record. Every text is cleaned of
control characters; the summary's wording is shared by all three (and the HTML page).
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING

from ..coverage import Coverage, SentenceCoverage
from .text import clean, to_json, to_markdown, to_markdown_code

if TYPE_CHECKING:
    from rich.text import Text

    from . import Settings

_SPACE = re.compile(r"\s+")
UNCOVERED = "uncovered"


def folded(text: str) -> str:
    """Text on one line: each run of white space one space."""
    return _SPACE.sub(" ", text)


def pieces(cov: Coverage, s: SentenceCoverage) -> list[tuple[str, tuple[str, ...]]]:
    """A sentence as its stretches, in order: (text, the records covering it; none for an uncovered one)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    at = s.sentence.start
    for span in s.spans:
        if span.start > at:
            out.append((cov.text[at : span.start], ()))
        out.append((cov.text[span.start : span.end], span.records))
        at = span.end
    if at < s.sentence.end:
        out.append((cov.text[at : s.sentence.end], ()))
    return out


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def summary(cov: Coverage) -> list[str]:
    """The totals, in a few lines of words."""
    lines = [
        f"{cov.sentences_covered} of {len(cov.sentences)} sentences covered ({_pct(cov.percent)}); "
        f"{cov.chars_covered:,} of {cov.chars:,} characters ({_pct(cov.chars_percent)})"
    ]
    uncovered = [str(s.sentence.number) for s in cov.sentences if not s.records]
    if uncovered:
        lines.append(f"uncovered: sentence{'s' if len(uncovered) > 1 else ''} {', '.join(uncovered)}")
    if cov.missing:
        named = ", ".join(f"{c.record} ({c.field})" for c in cov.missing)
        lines.append(f"not found in the text: {named} (policyx verify says where)")
    if cov.repeated:
        named = ", ".join(f"{c.record} ({c.field}, {c.occurrences} times)" for c in cov.repeated)
        lines.append(f"found more than once, the first counted: {named}")
    if cov.skipped:
        lines.append(f"{cov.skipped} excerpts from other sources not looked for")
    return lines


def title(cov: Coverage) -> str:
    return f"Coverage of {cov.source_name} (source {cov.source_id})"


# --------------------------------------------------------------------------- terminal


def _sentence_text(cov: Coverage, s: SentenceCoverage) -> Text:
    from rich.text import Text

    text = Text()
    for piece, records in pieces(cov, s):
        style = "dim" if records else ("bold yellow" if s.records else "bold")
        text.append(clean(folded(piece)).expandtabs(4), style=style)
    return text


def write_text(cov: Coverage, out: IO[str], settings: Settings) -> str | None:
    """The annotated text, one sentence a row beside the records that cite it, then the totals."""
    import io

    from rich import box
    from rich.table import Table
    from rich.text import Text

    from .grid import make_console

    buffer = io.StringIO()
    console = make_console(buffer, terminal=settings.terminal, color=settings.color, width=settings.width)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=settings.terminal)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("sentence", ratio=2, overflow="fold")
    table.add_column("records", ratio=1, overflow="fold")
    for s in cov.sentences:
        ids = Text(", ".join(s.records), style="cyan") if s.records else Text(UNCOVERED, style="bold red")
        table.add_row(str(s.sentence.number), _sentence_text(cov, s), ids)
    console.print(Text(clean(title(cov)), style="bold"))
    console.print()
    console.print(table)
    console.print()
    for line in summary(cov):
        console.print(Text(clean(line)))
    out.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
    return None


# --------------------------------------------------------------------------- markdown


def write_markdown(cov: Coverage, out: IO[str], settings: Settings) -> str | None:
    """A heading, the totals, and a table of the sentences (uncovered ones in bold)."""
    lines = [f"## {to_markdown(title(cov))}", ""]
    lines += [f"- {to_markdown(line)}" for line in summary(cov)]
    lines += ["", "| # | sentence | records |", "|---:|---|---|"]
    for s in cov.sentences:
        text = to_markdown(folded(s.sentence.text))
        if s.records:
            ids = ", ".join(to_markdown_code(r) for r in s.records)
        else:
            text, ids = f"**{text}**", f"**{UNCOVERED}**"
        lines.append(f"| {s.sentence.number} | {text} | {ids} |")
    out.write("\n".join(lines) + "\n")
    return None


# --------------------------------------------------------------------------- json


def document(cov: Coverage) -> dict[str, object]:
    """Every fact of the coverage, as plain data."""
    return {
        "source": {"id": cov.source_id, "text": cov.source_name},
        "summary": {
            "sentences": len(cov.sentences),
            "sentences_covered": cov.sentences_covered,
            "percent": round(cov.percent, 1),
            "chars": cov.chars,
            "chars_covered": cov.chars_covered,
            "chars_percent": round(cov.chars_percent, 1),
            "excerpts": len(cov.cited),
            "not_found": len(cov.missing),
            "other_sources": cov.skipped,
        },
        "sentences": [
            {
                "number": s.sentence.number,
                "start": s.sentence.start,
                "end": s.sentence.end,
                "text": s.sentence.text,
                "status": s.status,
                "records": list(s.records),
                "chars": s.chars,
                "chars_covered": s.covered,
                "spans": [{"start": p.start, "end": p.end, "records": list(p.records)} for p in s.spans],
            }
            for s in cov.sentences
        ],
        "not_found": [{"record": c.record, "kind": c.kind, "field": c.field, "text": c.text} for c in cov.missing],
        "repeated": [{"record": c.record, "field": c.field, "occurrences": c.occurrences} for c in cov.repeated],
    }


def write_json(cov: Coverage, out: IO[str], settings: Settings) -> str | None:
    out.write(to_json(document(cov)) + "\n")
    return None
