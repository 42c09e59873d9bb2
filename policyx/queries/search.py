"""Search: the words of a text as search compares them, and records ranked by how well they match."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..errors import BadValue
from ..lookup import Index, fold
from ..model import Item, walk
from ..views import Meta, Row, View

SEARCH_COLUMNS = ["type", "id", "field", "score", "text"]
_FIELD_WEIGHT = {"name": 3.0, "title": 3.0, "aliases": 3.0, "text": 2.0, "description": 1.5, "summary": 1.5}


def _text_fields(rec: Item) -> Iterable[tuple[str, str]]:
    for name, value in vars(rec).items():
        if name in ("id", "priorities", "source", "reference", "basis"):
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


def search(index: Index, text: str) -> View:
    """Records mentioning a word or phrase, best first; each hit names its type, id and best field.

    A word matches a word of a field that starts with it; the score is the share of the
    words found, plus one when they stand together as a phrase, times the field's weight.
    """
    terms = search_words(text)
    if not terms:
        raise BadValue("search needs at least one word")
    distinct = list(dict.fromkeys(terms))
    if len(distinct) > MAX_SEARCH_WORDS:
        raise BadValue(f"a search takes at most {MAX_SEARCH_WORDS} different words, not {len(distinct)}")
    phrase = " ".join(terms)
    found: list[tuple[float, str, str, str, str]] = []
    for kind, rec in walk(index.model):
        best: tuple[float, str, str] | None = None
        for name, value in _text_fields(rec):
            words = search_words(value)
            ordered = sorted(set(words))
            matched = sum(1 for t in distinct if _has_prefix(ordered, t))
            if not matched:
                continue
            score = matched / len(distinct)
            if phrase in " ".join(words):
                score += 1.0
            score *= _FIELD_WEIGHT.get(name, 1.0)
            if best is None or score > best[0]:
                best = (score, name, value)
        if best is not None:
            found.append((round(best[0], 2), kind, rec.id, best[1], best[2]))
    found.sort(key=lambda h: (-h[0], h[1], h[2]))
    hits: list[Row] = [{"type": k, "id": i, "field": f, "score": s, "text": t} for s, k, i, f, t in found]
    meta: Meta = {"hidden_in_tables": ["score"]}  # the order says it; a bare number would not
    return View("search", SEARCH_COLUMNS, hits, SEARCH_COLUMNS, title=f"Search: {text}", meta=meta)


def _has_prefix(ordered: list[str], prefix: str) -> bool:
    """Does some word of a sorted list start with ``prefix``? (one binary search)"""
    i = bisect.bisect_left(ordered, prefix)
    return i < len(ordered) and ordered[i].startswith(prefix)
