"""Queries over a validated model: every listing, profile and comparison, as ``View`` rows.

Owns the meaning of each command's output: which records it selects, in which order, and
the fields of each row. Names typed by a person are resolved by ``lookup``; no printing
and no formatting happen here. One module per view (or family of views); this one gathers
their public names and the fields of each.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..model import RECORD_TYPES, Model, walk

if TYPE_CHECKING:
    from ..lookup import display_date
    from ..results import (
        CHANGE_FIELDS,
        CHANGE_ORDER,
        COMPARE_COLUMNS,
        WHY_COLUMNS,
        Change,
        Comparison,
        Shift,
        WhyResult,
    )
    from .actors import ACTOR_COLUMNS, PROFILE_COLUMNS, actor_kinds, actor_profile, actors, actors_in_chunks
    from .compare import causes_of_change, changed_ids, comparison, named_in_both, ordered_pair
    from .priorities import (
        PRIORITY_COLUMNS,
        examples_of,
        in_order,
        priorities,
        priorities_in_chunks,
        priority_filter,
        rank,
        ranked,
        umbrellas,
    )
    from .records import (
        QUOTE_COLUMNS,
        RELATION_COLUMNS,
        RELATION_SORTS,
        THEME_COLUMNS,
        quote_filter,
        quotes,
        quotes_in_chunks,
        relation_filter,
        relation_kinds,
        relations,
        relations_in_chunks,
        themes,
        themes_in_chunks,
    )
    from .search import MAX_SEARCH_WORDS, SEARCH_COLUMNS, search, search_in_chunks, search_words
    from .timeline import TIMELINE_COLUMNS, event_filter, sorted_events, timeline, timeline_in_chunks
    from .why import why, why_links

HOMES = {
    "..lookup": ("display_date",),
    "..results": (
        "CHANGE_FIELDS",
        "CHANGE_ORDER",
        "COMPARE_COLUMNS",
        "WHY_COLUMNS",
        "Change",
        "Comparison",
        "Shift",
        "WhyResult",
    ),
    ".actors": ("ACTOR_COLUMNS", "PROFILE_COLUMNS", "actor_kinds", "actor_profile", "actors", "actors_in_chunks"),
    ".compare": ("causes_of_change", "changed_ids", "comparison", "named_in_both", "ordered_pair"),
    ".priorities": (
        "PRIORITY_COLUMNS",
        "examples_of",
        "in_order",
        "priorities",
        "priorities_in_chunks",
        "priority_filter",
        "rank",
        "ranked",
        "umbrellas",
    ),
    ".records": (
        "QUOTE_COLUMNS",
        "RELATION_COLUMNS",
        "RELATION_SORTS",
        "THEME_COLUMNS",
        "quote_filter",
        "quotes",
        "quotes_in_chunks",
        "relation_filter",
        "relation_kinds",
        "relations",
        "relations_in_chunks",
        "themes",
        "themes_in_chunks",
    ),
    ".search": ("MAX_SEARCH_WORDS", "SEARCH_COLUMNS", "search", "search_in_chunks", "search_words"),
    ".timeline": ("TIMELINE_COLUMNS", "event_filter", "sorted_events", "timeline", "timeline_in_chunks"),
    ".why": ("why", "why_links"),
}
"""Where each public name lives (the module, relative to this package): imported on first use, so a
command pays only for the queries it runs (the names above, for type checkers, are the same)."""

_HOME = {name: module for module, names in HOMES.items() for name in names}


class _Package(types.ModuleType):
    """This package, whose modules named like their query (``actors``, ``search``, ``timeline``...) leave
    the query, not the module, as the package's attribute once they are imported, wherever from."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _HOME.get(name) == f".{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    """Every name of the package, its queries' among them, whether imported yet or not."""
    return sorted({*globals(), *_HOME})


def __getattr__(name: str) -> Any:
    """A public name, from its module (imported now if it was not yet)."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name], __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ACTOR_COLUMNS",
    "CHANGE_FIELDS",
    "CHANGE_ORDER",
    "COMPARE_COLUMNS",
    "FIELDS",
    "MAX_SEARCH_WORDS",
    "PRIORITY_COLUMNS",
    "PROFILE_COLUMNS",
    "QUOTE_COLUMNS",
    "RELATION_COLUMNS",
    "RELATION_SORTS",
    "SEARCH_COLUMNS",
    "THEME_COLUMNS",
    "TIMELINE_COLUMNS",
    "WHY_COLUMNS",
    "Change",
    "Comparison",
    "Shift",
    "WhyResult",
    "actor_kinds",
    "actor_profile",
    "actors",
    "actors_in_chunks",
    "causes_of_change",
    "changed_ids",
    "comparison",
    "counts",
    "display_date",
    "event_filter",
    "examples_of",
    "in_order",
    "named_in_both",
    "ordered_pair",
    "priorities",
    "priorities_in_chunks",
    "priority_filter",
    "quote_filter",
    "quotes",
    "quotes_in_chunks",
    "rank",
    "ranked",
    "relation_filter",
    "relation_kinds",
    "relations",
    "relations_in_chunks",
    "search",
    "search_in_chunks",
    "search_words",
    "sorted_events",
    "themes",
    "themes_in_chunks",
    "timeline",
    "timeline_in_chunks",
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


class _Fields(Mapping[str, list[str]]):
    """The fields of each view, by command name: each view's read (its module imported) when asked for."""

    COLUMNS = {
        "priorities": "PRIORITY_COLUMNS",
        "compare": "COMPARE_COLUMNS",
        "why": "WHY_COLUMNS",
        "actor": "PROFILE_COLUMNS",
        "actors": "ACTOR_COLUMNS",
        "themes": "THEME_COLUMNS",
        "relations": "RELATION_COLUMNS",
        "timeline": "TIMELINE_COLUMNS",
        "quotes": "QUOTE_COLUMNS",
        "search": "SEARCH_COLUMNS",
    }

    def __getitem__(self, view: str) -> list[str]:
        columns: list[str] = __getattr__(self.COLUMNS[view])
        return columns

    def __iter__(self) -> Iterator[str]:
        return iter(self.COLUMNS)

    def __len__(self) -> int:
        return len(self.COLUMNS)


FIELDS: Mapping[str, list[str]] = _Fields()
"""The fields of each view, by command name (for help and completion)."""
