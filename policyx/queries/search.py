"""Search: the words of a text as search compares them, and records ranked by how well they match."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from ..chains import record_title
from ..errors import BadValue
from ..lookup import Index, fold
from ..model import Item, Quote, Relation, walk
from ..views import Meta, Row, View
from .common import voiced, who, with_voice

SEARCH_COLUMNS = ["type", "id", "field", "score", "text", "name", "snippet", "offsets", "voice", "basis"]
"""A hit's fields: the record's type and id, the field matched best, the score, that field's text; the
record's name as a person calls it; the ``snippet`` of the text around the first match (``…`` where it
is cut) and the ``offsets`` of the matched words in the snippet, as [start, end] pairs of characters
(code points, end exclusive); and whose view the record states (``voice``) on what ``basis``."""
SEARCH_DEFAULT = ["type", "id", "field", "score", "text"]
SNIPPET = 100
"""At most this many characters of a field's text around its first match, the ellipses aside."""
BEFORE = 30
"""How much of the text a snippet keeps before the first match, at most."""
_TOKEN = re.compile(r"\w+(?:-\w+)*")
FIELD_WEIGHT = {"name": 3.0, "title": 3.0, "aliases": 3.0, "text": 2.0, "description": 1.5, "summary": 1.5}
"""How much a match in a field counts (1.0 for a field not named here)."""
UNSEARCHED = frozenset({"id", "priorities", "source", "reference", "basis"})
"""The fields of a record search never looks in."""


def text_fields(rec: Item) -> Iterable[tuple[str, str]]:
    """The fields of a record search looks in, in its declaration's order: each text, or list of texts
    (joined by ", "), that it has."""
    for name, value in vars(rec).items():
        if name in UNSEARCHED:
            continue
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            yield name, ", ".join(value)


MAX_SEARCH_WORDS = 32
"""A search takes at most this many distinct words: its cost stays bounded whatever is typed."""
_SPELLINGS = ((re.compile(r"\b(neo|non|post|anti|pro|geo)-(?=\w)"), r"\1"), (re.compile(r"isation"), "ization"))
_WORD_SPELLINGS = {"defence": "defense", "offence": "offense", "centre": "center", "centred": "centered"}


def search_words(text: str) -> list[str]:
    """The words of a text as search compares them: folded, with British and American spellings and
    hyphenated prefixes made one (defence/defense, organisation/organization, neo-colonialism)."""
    folded = fold(text)
    for pattern, replacement in _SPELLINGS:
        folded = pattern.sub(replacement, folded)
    return [_WORD_SPELLINGS.get(w, w) for w in re.findall(r"\w+", folded)]


def terms_of(text: str) -> tuple[list[str], str]:
    """A search's distinct words, in the order typed, and its phrase (all its words, as they stand); a
    BadValue for a search of no word or of more than ``MAX_SEARCH_WORDS``."""
    terms = search_words(text)
    if not terms:
        raise BadValue("search needs at least one word")
    distinct = list(dict.fromkeys(terms))
    if len(distinct) > MAX_SEARCH_WORDS:
        raise BadValue(f"a search takes at most {MAX_SEARCH_WORDS} different words, not {len(distinct)}")
    return distinct, " ".join(terms)


def search(index: Index, text: str, *, limit: int | None = None) -> View:
    """Records mentioning a word or phrase, best first (the best ``limit`` of them, if given: ``meta``'s
    "found" says how many there are in all); each hit names its type, id and best field.

    A word matches a word of a field that starts with it; the score is the share of the
    words found, plus one when they stand together as a phrase, times the field's weight.
    """
    distinct, phrase = terms_of(text)
    found: list[tuple[float, str, Item, str, str]] = []
    for kind, rec in walk(index.model):
        best: tuple[float, str, str] | None = None
        for name, value in text_fields(rec):
            words = search_words(value)
            ordered = sorted(set(words))
            matched = sum(1 for t in distinct if _has_prefix(ordered, t))
            if not matched:
                continue
            score = matched / len(distinct)
            if phrase in " ".join(words):
                score += 1.0
            score *= FIELD_WEIGHT.get(name, 1.0)
            if best is None or score > best[0]:
                best = (score, name, value)
        if best is not None:
            found.append((round(best[0], 2), kind, rec, best[1], best[2]))
    found.sort(key=lambda h: (-h[0], h[1], h[2].id))
    total = len(found)
    hits: list[Row] = []
    for score, kind, rec, name, value in found[:limit]:
        facts = Found(kind, rec.id, name, score, value, name_of(index, kind, rec), *record_voice(rec))
        hits.append(hit(facts, distinct))
    meta: Meta = {"hidden_in_tables": ["score"], **who(index, hits, ("voice",))}  # the order says the score
    meta["found"] = total
    return View("search", SEARCH_COLUMNS, hits, with_voice(SEARCH_DEFAULT, hits), title=f"Search: {text}", meta=meta)


class Found(NamedTuple):
    """What a hit says of its record: its type and id, its best field, the score, that field's text, the
    record's name, whose view it states, on what basis, and the claim it is a pull quote of."""

    kind: str
    id: str
    field: str
    score: float
    text: str
    name: str
    voice: str | None
    basis: str | None
    pulled: str | None


def record_voice(rec: Item) -> tuple[str | None, str | None, str | None]:
    """A record's voice, basis and the claim it is a pull quote of (None where it has none)."""
    return getattr(rec, "voice", None), getattr(rec, "basis", None), getattr(rec, "pull_quote_of", None)


def hit(found: Found, terms: list[str]) -> Row:
    """A search's row for a record it found, its snippet made for these terms."""
    excerpt, offsets = snippet(found.text, terms)
    row: Row = {"type": found.kind, "id": found.id, "field": found.field, "score": found.score, "text": found.text}
    row.update(name=found.name, snippet=excerpt, offsets=offsets, voice=found.voice, basis=found.basis)
    if found.pulled:  # for the table's voice; not a column of its own
        row["pull_quote_of"] = found.pulled
    return row


def _found_row(found: Found) -> Row:
    """``hit``'s row but for its snippet and offsets."""
    kind, rid, field, score, text, name, voice, basis, pulled = found
    row: Row = {"type": kind, "id": rid, "field": field, "score": score, "text": text, "name": name}
    row["voice"], row["basis"] = voice, basis
    if pulled:
        row["pull_quote_of"] = pulled
    return row


def _snippets(terms: list[str]) -> Callable[[list[Row], Sequence[str]], None]:
    """What gives rows made by ``_found_row`` their snippets and offsets, when the columns written have
    either: a million hits in a pipe need not cut a million snippets to write their ids."""

    def complete(rows: list[Row], columns: Sequence[str]) -> None:
        if "snippet" in columns or "offsets" in columns:
            for row in rows:
                row["snippet"], row["offsets"] = snippet(str(row["text"]), terms)

    return complete


def search_in_chunks(text: str, chunks: Iterable[list[Found]], *, several: bool, unstated: bool) -> View:
    """``search``'s view of the hits a store found, best first, a chunk at a time (``searchdb``), with what
    its columns say read off all of them before: whether they state several views, and whether any is not
    stated outright. Only the rows of line formats: a table's names of voices are the whole model's."""
    distinct, _ = terms_of(text)
    default = voiced(SEARCH_DEFAULT, several=several, unstated=unstated)
    rows = ([_found_row(found) for found in chunk] for chunk in chunks)
    meta: Meta = {"hidden_in_tables": ["score"]}
    title, complete = f"Search: {text}", _snippets(distinct)
    return View("search", SEARCH_COLUMNS, [], default, title=title, meta=meta, chunks=rows, complete=complete)


def matches(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where in ``text`` the words that match a search's terms are, as (start, end) character offsets: a
    word (or hyphenated compound) matches if a word of it, as search compares words, starts with a term."""
    spans = []
    for token in _TOKEN.finditer(text):
        words = search_words(token.group())
        if any(word.startswith(term) for word in words for term in terms):
            spans.append(token.span())
    return spans


def snippet(text: str, terms: list[str]) -> tuple[str, list[list[int]]]:
    """The text around its first match (whole if it is short), cut between words with ``…``, and the
    offsets of the matched words within it."""
    flat = " ".join(text.split())
    spans = matches(flat, terms)
    if len(flat) <= SNIPPET or not spans:
        start, end = 0, min(len(flat), SNIPPET)
    else:
        first = spans[0][0]
        start = max(0, first - BEFORE)
        end = min(len(flat), start + SNIPPET)
        start = max(0, min(start, end - SNIPPET))
    if start > 0:  # cut between words: after a space, never inside the first match
        space = flat.find(" ", start, spans[0][0] if spans else end)
        start = space + 1 if space >= 0 else start
    if end < len(flat):
        space = flat.rfind(" ", start, end + 1)
        end = space if space > start else end
    head = "\u2026" if start > 0 else ""
    tail = "\u2026" if end < len(flat) else ""
    shown = head + flat[start:end] + tail
    shift = len(head) - start
    offsets = [[a + shift, b + shift] for a, b in spans if a >= start and b <= end]
    return shown, offsets


def name_of(index: Index, kind: str, rec: Item) -> str:
    """A hit's record as a person calls it: a relation by its two sides and kind, a quote by its speaker
    and date, any other by its title or name (else its summary or text)."""
    if isinstance(rec, Relation):
        return f"{index.actor_name(rec.from_)} \u2192 {index.actor_name(rec.to)} ({rec.kind})"
    if isinstance(rec, Quote):
        return f"{index.actor_name(rec.speaker)}" + (f", {rec.date}" if rec.date else "")
    return record_title(rec)


def _has_prefix(ordered: list[str], prefix: str) -> bool:
    """Does some word of a sorted list start with ``prefix``? (one binary search)"""
    i = bisect.bisect_left(ordered, prefix)
    return i < len(ordered) and ordered[i].startswith(prefix)
