"""How much of a source text a model cites: each sentence with the records whose excerpts fall in it.

Owns the coverage of one source: every evidence excerpt and quote text of the records drawn from
it found in the text (tolerantly, as ``verify`` compares, wherever it occurs), the text
cut into sentences (``segment``), each sentence's stretches covered and the records covering them,
and the totals: sentences with at least one record, and characters (white space aside) inside an
excerpt. A sentence no record cites is uncovered, whatever a curator's note says about it.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from .model import Model, Quote, Record, walk
from .segment import Sentence, sentences
from .verify import normalize, normalize_map, pick_source


@dataclass(frozen=True)
class Cited:
    """One excerpt of a record: where it was first found in the text (start and end None: nowhere), how
    many times it occurs there, and every place it occurs (each counts as covered)."""

    kind: str
    record: str
    field: str
    text: str
    start: int | None
    end: int | None
    occurrences: int
    places: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Span:
    """A stretch of one sentence covered by the same records (in the order their excerpts begin)."""

    start: int
    end: int
    records: tuple[str, ...]


@dataclass(frozen=True)
class SentenceCoverage:
    """One sentence, the records whose excerpts fall in it, its covered stretches, and its characters
    (white space aside): all of them, and those inside an excerpt."""

    sentence: Sentence
    records: tuple[str, ...]
    spans: tuple[Span, ...]
    chars: int
    covered: int

    @property
    def status(self) -> str:
        """covered (every character), partly, or uncovered (no record cites it)."""
        if not self.records:
            return "uncovered"
        return "covered" if self.covered >= self.chars else "partly"


@dataclass(frozen=True)
class Coverage:
    """The coverage of one source text by a model's records drawn from it."""

    source_id: str
    source_name: str
    text: str
    sentences: list[SentenceCoverage]
    cited: list[Cited]
    skipped: int = 0
    """Excerpts of records drawn from other sources (not looked for)."""
    kinds: dict[str, str] = field(default_factory=dict)
    """The kind of each cited record, by id."""

    @property
    def missing(self) -> list[Cited]:
        """The excerpts not found in the text (``verify`` says where they are written)."""
        return [c for c in self.cited if c.start is None]

    @property
    def repeated(self) -> list[Cited]:
        """The excerpts found more than once (each occurrence covers its sentence)."""
        return [c for c in self.cited if c.occurrences > 1]

    @property
    def sentences_covered(self) -> int:
        return sum(1 for s in self.sentences if s.records)

    @property
    def chars(self) -> int:
        return sum(s.chars for s in self.sentences)

    @property
    def chars_covered(self) -> int:
        return sum(s.covered for s in self.sentences)

    @property
    def percent(self) -> float:
        """Sentences covered, as a percentage of all (100 for a text without sentences)."""
        return 100.0 * self.sentences_covered / len(self.sentences) if self.sentences else 100.0

    @property
    def chars_percent(self) -> float:
        return 100.0 * self.chars_covered / self.chars if self.chars else 100.0


def _excerpts(model: Model, source_id: str) -> tuple[list[tuple[str, str, str, str]], int]:
    """(kind, record, field, text) of every excerpt drawn from the source, and how many are not."""
    found: list[tuple[str, str, str, str]] = []
    skipped = 0
    for kind, rec in walk(model):
        if not isinstance(rec, Record):
            continue
        texts = [("evidence", rec.evidence)] + ([("text", rec.text)] if isinstance(rec, Quote) else [])
        if rec.source != source_id:
            skipped += len(texts)
            continue
        found += [(kind, rec.id, name, text) for name, text in texts]
    return found, skipped


def _find(excerpts: list[tuple[str, str, str, str]], text: str) -> list[Cited]:
    """Each excerpt located in the text: every occurrence of its folded form, mapped back."""
    haystack, origin = normalize_map(text)
    out = []
    for kind, record, name, excerpt in excerpts:
        needle = normalize(excerpt)
        at = haystack.find(needle) if needle else -1
        if at < 0:
            out.append(Cited(kind, record, name, excerpt, None, None, 0))
            continue
        places = []
        while at >= 0:
            places.append((origin[at], origin[at + len(needle) - 1] + 1))
            at = haystack.find(needle, at + len(needle))
        first = places[0]
        out.append(Cited(kind, record, name, excerpt, first[0], first[1], len(places), tuple(places)))
    return out


def _solid(text: str, start: int, end: int) -> int:
    """The characters of text[start:end] that are not white space."""
    piece = text[start:end]
    return len(piece) - sum(1 for c in piece if c.isspace())


Hit = tuple[int, int, str]
"""Where an excerpt found in the text starts and ends, and its record."""


def _sentence(text: str, sentence: Sentence, hits: list[Hit]) -> SentenceCoverage:
    """One sentence's coverage by the excerpts that overlap it (in the order they begin)."""
    cuts = {sentence.start, sentence.end}
    for start, end, _ in hits:
        cuts |= {max(start, sentence.start), min(end, sentence.end)}
    points = sorted(cuts)
    spans: list[Span] = []
    for a, b in itertools.pairwise(points):
        ids = tuple(dict.fromkeys(record for start, end, record in hits if start < b and end > a))
        if not ids:
            continue
        if spans and spans[-1].end == a and spans[-1].records == ids:
            spans[-1] = Span(spans[-1].start, b, ids)
        else:
            spans.append(Span(a, b, ids))
    records = tuple(dict.fromkeys(record for _, _, record in hits))
    covered = sum(_solid(text, s.start, s.end) for s in spans)
    return SentenceCoverage(sentence, records, tuple(spans), _solid(text, sentence.start, sentence.end), covered)


def coverage(model: Model, text: str, source_name: str, source_id: str | None = None) -> Coverage:
    """The coverage of ``text`` (the source ``source_id``, else the model's only article) by the model."""
    sid = pick_source(model, source_id)
    excerpts, skipped = _excerpts(model, sid)
    cited = _find(excerpts, text)
    cut = sentences(text)
    starts = [s.start for s in cut]
    hits: list[list[Hit]] = [[] for _ in cut]
    found = sorted((start, end, c.record) for c in cited for start, end in c.places)
    for start, end, record in found:
        for i in range(max(bisect.bisect_right(starts, start) - 1, 0), len(cut)):
            if cut[i].start >= end:
                break
            if cut[i].end > start:
                hits[i].append((start, end, record))
    kinds = {c.record: c.kind for c in cited}
    return Coverage(
        sid, source_name, text, [_sentence(text, s, h) for s, h in zip(cut, hits, strict=True)], cited, skipped, kinds
    )
