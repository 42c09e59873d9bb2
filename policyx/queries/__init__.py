"""Queries over a validated model: every listing, profile and comparison, as ``View`` rows.

Owns the meaning of each command's output: which records it selects, in which order, and
the fields of each row. Names typed by a person are resolved by ``lookup``; no printing
and no formatting happen here. One module per view (or family of views); this one gathers
their public names and the fields of each.
"""

from __future__ import annotations

from collections import Counter

from ..lookup import display_date
from ..model import RECORD_TYPES, Model, walk
from ..results import CHANGE_FIELDS, CHANGE_ORDER, COMPARE_COLUMNS, WHY_COLUMNS, Change, Comparison, Shift, WhyResult
from .actors import ACTOR_COLUMNS, PROFILE_COLUMNS, actor_kinds, actor_profile, actors
from .compare import causes_of_change, changed_ids, comparison, named_in_both, ordered_pair
from .priorities import PRIORITY_COLUMNS, examples_of, in_order, priorities, rank, ranked, umbrellas
from .records import (
    QUOTE_COLUMNS,
    RELATION_COLUMNS,
    RELATION_SORTS,
    THEME_COLUMNS,
    quotes,
    relation_kinds,
    relations,
    themes,
)
from .search import MAX_SEARCH_WORDS, SEARCH_COLUMNS, search, search_words
from .timeline import TIMELINE_COLUMNS, sorted_events, timeline
from .why import why, why_links

__all__ = [
    "CHANGE_FIELDS",
    "CHANGE_ORDER",
    "FIELDS",
    "MAX_SEARCH_WORDS",
    "RELATION_SORTS",
    "Change",
    "Comparison",
    "Shift",
    "WhyResult",
    "actor_kinds",
    "actor_profile",
    "actors",
    "causes_of_change",
    "changed_ids",
    "comparison",
    "counts",
    "display_date",
    "examples_of",
    "in_order",
    "named_in_both",
    "ordered_pair",
    "priorities",
    "quotes",
    "rank",
    "ranked",
    "relation_kinds",
    "relations",
    "search",
    "search_words",
    "sorted_events",
    "themes",
    "timeline",
    "umbrellas",
    "why",
    "why_links",
]


def counts(model: Model, file: str | None = None) -> dict[str, int]:
    """How many records of each kind the model has (only those from ``file``, if given)."""
    tally: Counter[str] = Counter()
    for kind, rec in walk(model):
        if file is None or model.files.get(rec.id) == file:
            tally[kind] += 1
    return {t.collection: tally[t.kind] for t in RECORD_TYPES if model.schema_version >= t.since}


FIELDS = {
    "priorities": PRIORITY_COLUMNS,
    "compare": COMPARE_COLUMNS,
    "why": WHY_COLUMNS,
    "actor": PROFILE_COLUMNS,
    "actors": ACTOR_COLUMNS,
    "themes": THEME_COLUMNS,
    "relations": RELATION_COLUMNS,
    "timeline": TIMELINE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "search": SEARCH_COLUMNS,
}
"""The fields of each view, by command name (for help and completion)."""
