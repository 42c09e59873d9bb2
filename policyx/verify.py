"""Verification of quotes and evidence excerpts against a source text.

Owns the tolerant comparison: an excerpt matches when it appears in the source once line
breaks and runs of white space are folded, curly quotes are read as straight ones, dashes
as hyphens, and hyphens (with any break after them) are ignored, so print hyphenation such
as "Western-based" / "Westernbased" does not count as a difference. ``normalize_map`` gives
the same folded text with, for each of its characters, where it came from in the source (so
that a match can be shown in the source itself), and ``places`` where each excerpt is written
in the model's files (line and column, as ``validate`` reports problems).
"""

from __future__ import annotations

import difflib
import functools
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from .errors import BadValue, NotFound
from .model import RECORD_TYPES, Model, Quote, Record, walk
from .segment import sentences
from .yamlread import locate

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


def normalize(text: str) -> str:
    """The form excerpts and sources are compared in."""
    text = text.translate(_QUOTES)
    text = _HYPHEN.sub("", text)
    return _SPACE.sub(" ", text).strip()


_SOFT = re.compile("[^\u00ad]+")
_TOKEN = re.compile(r"(-\s*)|(\s+)|[^-\s]+")


def normalize_map(text: str) -> tuple[str, array[int]]:
    """``normalize(text)``, and for each of its characters the index in ``text`` it comes from."""
    kept: list[str] = []
    origin = array("q")
    for m in _SOFT.finditer(text):  # soft hyphens go; every other character maps to one
        kept.append(m.group())
        origin.extend(range(m.start(), m.end()))
    folded = "".join(kept).translate(_QUOTES)
    out: list[str] = []
    where = array("q")
    for m in _TOKEN.finditer(folded):
        if m.group(1) is not None:  # a hyphen and the break after it: dropped
            continue
        if m.group(2) is not None:  # a run of white space: one space, never at the start
            if out:
                out.append(" ")
                where.append(origin[m.start()])
            continue
        out.append(m.group())
        where.extend(origin[m.start() : m.end()])
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


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
"""The closest passage is searched for this many misses at most."""
MAX_COMPARED = 20_000
"""The characters of the source an excerpt is compared with, at most, in search of its closest passage:
in a longer source, the sentences that share most words with it (no sentence is over 1,000 characters)."""
MAX_TARGET = 1000
"""The characters of an excerpt compared, at most, in search of its closest passage."""


def closest_passage(excerpt: str, source: str) -> str:
    """The sentence of the source that holds most of the excerpt, in order (the more alike of two that
    hold as much), its white space folded: on one line."""
    return _passages(source).closest(excerpt)


class Passages:
    """A source's sentences, cut once, to find the closest passage of any number of excerpts in bounded
    work each (``MAX_COMPARED``, ``MAX_TARGET``)."""

    def __init__(self, source: str) -> None:
        self.sentences = [s.text for s in sentences(source)]
        self.folded = [normalize(text) for text in self.sentences]
        self.large = sum(map(len, self.folded)) > MAX_COMPARED
        self.words = [set(text.split()) for text in self.folded] if self.large else []

    def shortlist(self, target: str) -> list[int]:
        """The sentences to compare with ``target``: all, or those sharing most of its words up to
        ``MAX_COMPARED`` characters (in the order of the text)."""
        if not self.large:
            return list(range(len(self.sentences)))
        wanted = set(target.split())
        ranked = sorted(range(len(self.words)), key=lambda k: -len(wanted & self.words[k]))
        picked, total = [], 0
        for k in ranked:
            if total >= MAX_COMPARED:
                break
            picked.append(k)
            total += len(self.folded[k])
        return sorted(picked)

    def closest(self, excerpt: str) -> str:
        target = normalize(excerpt)[:MAX_TARGET]
        best, best_score = "", (-1, -1.0)
        for k in self.shortlist(target):
            matcher = difflib.SequenceMatcher(None, target, self.folded[k], autojunk=False)
            score = (sum(block.size for block in matcher.get_matching_blocks()), matcher.ratio())
            if score > best_score:
                best, best_score = self.sentences[k], score
        return _window(" ".join(best.split()), target)


@functools.lru_cache(maxsize=2)
def _passages(source: str) -> Passages:
    return Passages(source)


PASSAGE_MARGIN = 40
"""Characters of context kept on each side of the part of a long passage that matches."""


def _window(passage: str, target: str) -> str:
    """A passage much longer than the excerpt (a text with no sentence ends) cut to the part that
    matches it, with some context either side and an ellipsis where it was cut."""
    if len(passage) <= 2 * len(target) + 2 * PASSAGE_MARGIN:
        return passage
    blocks = [b for b in difflib.SequenceMatcher(None, target, passage, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return passage[: 2 * len(target)] + "\u2026"
    sizes = sorted(blocks, key=lambda b: -b.size)
    middle = sizes[0].b + sizes[0].size // 2
    start = max(0, middle - len(target) // 2 - PASSAGE_MARGIN)
    end = min(len(passage), start + len(target) + 2 * PASSAGE_MARGIN)
    return ("\u2026" if start else "") + passage[start:end] + ("\u2026" if end < len(passage) else "")


@dataclass(frozen=True)
class Place:
    """Where an excerpt is written in a model file: 1-based line and column (line 0: the file as a whole)."""

    file: str
    line: int
    column: int


Loc = tuple[str | int | None, ...]


def _paths(model: Model, default_file: str) -> dict[str, tuple[str, Loc]]:
    """Each record's file and path in it, as in ``("addresses", 1, "priorities", 0)``."""
    out: dict[str, tuple[str, Loc]] = {}
    for t in RECORD_TYPES:
        if t.within is not None:
            continue
        seen: dict[str, int] = {}
        for rec in getattr(model, t.collection):
            file = model.files.get(rec.id, default_file)
            index = seen[file] = seen.get(file, -1) + 1
            out[rec.id] = (file, (t.collection, index))
            for nested in RECORD_TYPES:
                if nested.within == t.collection:
                    for j, sub in enumerate(getattr(rec, nested.collection)):
                        out[sub.id] = (model.files.get(sub.id, file), (t.collection, index, nested.collection, j))
    return out


def places(
    model: Model, wanted: Iterable[Excerpt], texts: Mapping[str, str], default_file: str
) -> dict[tuple[str, str], Place]:
    """Where each excerpt's field is written, by (record, field): its value's mark in the file's text
    (``texts``, by file name), else its record's, else line 0 of the file."""
    paths = _paths(model, default_file)
    asked: dict[str, dict[tuple[str, str], Loc]] = {}
    for ex in wanted:
        file, loc = paths.get(ex.record, (default_file, ()))
        asked.setdefault(file, {})[(ex.record, ex.field)] = (*loc, ex.field) if loc else ()
    out: dict[tuple[str, str], Place] = {}
    for file, locs in asked.items():
        text = texts.get(file)
        prefixes = {loc[:n] for loc in locs.values() for n in range(1, len(loc) + 1)}
        values = locate(text, prefixes)[0] if text is not None else {}
        for key, loc in locs.items():
            mark = next((values[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in values), None)
            out[key] = Place(file, mark.line + 1, mark.column + 1) if mark is not None else Place(file, 0, 0)
    return out


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
