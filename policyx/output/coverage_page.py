"""A source's coverage as one self-contained HTML page: the text itself, annotated.

Owns what the page is given: the text in its paragraphs (as the source's blank lines have them),
each sentence as its stretches, a covered one linking to the records that cite it and an uncovered
one highlighted, then every record with its excerpt and the sentences it falls in. Rendered by
Jinja2 from ``templates/coverage.html.j2`` with autoescaping on and every value cleaned of control
characters: the source and the model are text, never markup. No script, nothing fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from ..coverage import Coverage
from .coverage_view import folded, pieces, summary, title
from .pages import environment
from .text import clean

if TYPE_CHECKING:
    from . import Settings


@dataclass(frozen=True)
class Piece:
    text: str
    records: tuple[str, ...]


@dataclass(frozen=True)
class Shown:
    """One sentence as the page shows it."""

    number: int
    records: tuple[str, ...]
    pieces: list[Piece]


@dataclass(frozen=True)
class Record:
    """One excerpt in the list of records, with the sentences it falls in."""

    record: str
    kind: str
    field: str
    text: str
    sentences: list[int]


def _text(value: str) -> str:
    return clean(folded(value))


def paragraphs(cov: Coverage) -> list[list[Shown]]:
    """The sentences, grouped in the paragraphs of the text (a blank line between two starts a new one)."""
    out: list[list[Shown]] = []
    end = 0
    for s in cov.sentences:
        gap = cov.text[end : s.sentence.start]
        if not out or gap.count("\n") >= 2:
            out.append([])
        shown = [Piece(_text(text), records) for text, records in pieces(cov, s)]
        out[-1].append(Shown(s.sentence.number, s.records, shown))
        end = s.sentence.end
    return out


def render_html(cov: Coverage) -> str:
    env = environment()
    where: dict[str, list[int]] = {}
    for s in cov.sentences:
        for record in s.records:
            where.setdefault(record, []).append(s.sentence.number)
    listed: dict[str, Record] = {}  # one entry per record: its first excerpt found
    for c in cov.cited:
        if c.start is not None and c.record not in listed:
            listed[c.record] = Record(c.record, c.kind, c.field, _text(c.text), where.get(c.record, []))
    cited = sorted(listed.values(), key=lambda r: (where.get(r.record, [0])[0], r.record))
    missing = [Record(c.record, c.kind, c.field, _text(c.text), []) for c in cov.missing]
    return env.get_template("coverage.html.j2").render(
        title=clean(title(cov)),
        summary=[clean(line) for line in summary(cov)],
        paragraphs=paragraphs(cov),
        cited=cited,
        missing=missing,
    )


def write_html(cov: Coverage, out: IO[str], settings: Settings) -> str | None:
    out.write(render_html(cov))
    return None
