"""Verification of quotes and evidence excerpts against a source text.

Owns the tolerant comparison: an excerpt matches when it appears in the source once line
breaks and runs of white space are folded, curly quotes are read as straight ones, dashes
as hyphens, and hyphens (with any break after them) are ignored, so print hyphenation such
as "Western-based" / "Westernbased" does not count as a difference.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import BadValue, NotFound
from .model import Model, Quote, Record, walk

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ad": None,
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_HYPHEN = re.compile(r"-\s*")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.!?\u201d\"])\s+|\n+")


def normalize(text: str) -> str:
    """The form excerpts and sources are compared in."""
    text = text.translate(_QUOTES)
    text = _HYPHEN.sub("", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Excerpt:
    """One verbatim string a record claims is in its source."""

    record: str
    field: str
    text: str


@dataclass(frozen=True)
class Miss:
    """An excerpt not found in the source, with the closest passage there is."""

    excerpt: Excerpt
    closest: str


@dataclass(frozen=True)
class Report:
    """The outcome of checking one source's excerpts."""

    source_id: str
    checked: int
    skipped: int
    misses: list[Miss]
    checked_records: list[str]


def excerpts(model: Model) -> Iterator[tuple[str, Excerpt]]:
    """(source id, excerpt) for every evidence excerpt and quote in the model."""
    for _, rec in walk(model):
        if not isinstance(rec, Record):
            continue
        yield rec.source, Excerpt(rec.id, "evidence", rec.evidence)
        if isinstance(rec, Quote):
            yield rec.source, Excerpt(rec.id, "text", rec.text)


def pick_source(model: Model, source_id: str | None) -> str:
    """The source to check: the one named, else the model's only article."""
    ids = [s.id for s in model.sources]
    if source_id is not None:
        if source_id not in ids:
            raise NotFound(f"no source {source_id!r}; sources: {', '.join(ids)}")
        return source_id
    articles: list[str] = [s.id for s in model.sources if s.kind == "article"]
    if len(articles) == 1:
        return articles[0]
    raise BadValue(f"the model has {len(articles)} articles; name one with --source-id ({', '.join(articles)})")


MAX_CLOSEST = 20
"""The closest passage is searched for this many misses at most: its cost is misses x sentences."""


def closest_passage(excerpt: str, source: str) -> str:
    """The sentence of the source most like the excerpt."""
    target = normalize(excerpt)
    best, best_ratio = "", -1.0
    for sentence in _SENTENCE.split(source):
        sentence = sentence.strip()
        if not sentence:
            continue
        matcher = difflib.SequenceMatcher(None, target, normalize(sentence), autojunk=False)
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = sentence, ratio
    return best


def verify(model: Model, source_text: str, source_id: str | None = None) -> Report:
    """Check every excerpt drawn from ``source_id`` against ``source_text``."""
    sid = pick_source(model, source_id)
    haystack = normalize(source_text)
    checked = skipped = 0
    misses: list[Miss] = []
    records: list[str] = []
    for source, excerpt in excerpts(model):
        if source != sid:
            skipped += 1
            continue
        checked += 1
        records.append(excerpt.record)
        if normalize(excerpt.text) not in haystack:
            closest = closest_passage(excerpt.text, source_text) if len(misses) < MAX_CLOSEST else ""
            misses.append(Miss(excerpt, closest))
    return Report(sid, checked, skipped, misses, records)
