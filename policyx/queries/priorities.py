"""Priorities by address, and the one rule for ordering them: highest emphasis first, each followed
by the examples the source lists under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..lookup import Index, in_date_order, one_of
from ..model import (
    EMPHASIS_ORDER,
    PROVENANCE,
    Address,
    Priority,
)
from ..views import Meta, Row, View
from .common import CITE, address_meta, provenance, voice_of, who, with_voice

PRIORITY_COLUMNS = [
    "id",
    "year",
    "address",
    "address_title",
    "emphasis",
    "title",
    "topic",
    "themes",
    "actors",
    "summary",
    "example_of",
    "voice",
    *PROVENANCE,
]


def _priority_row(address: Address, pri: Priority) -> Row:
    return {
        "id": pri.id,
        "year": address.year,
        "address": address.id,
        "address_title": address.title,
        "emphasis": pri.emphasis,
        "title": pri.title,
        "topic": pri.topic,
        "themes": list(pri.themes),
        "actors": list(pri.actors),
        "summary": pri.summary,
        "example_of": pri.example_of,
        "voice": pri.voice,
        **provenance(pri),
    }


def priorities(
    index: Index,
    *,
    year: int | str | None = None,
    theme: str | None = None,
    actor: str | None = None,
    emphasis: str | None = None,
    voice: str | None = None,
    cite: bool = False,
) -> View:
    """Priorities grouped by address (oldest first), highest emphasis first within each; a filter's value
    the model has no match for is a BadValue that lists the values it has."""
    if year is not None:
        year = index.year_filter(year)
    theme_id = index.theme_filter(theme).id if theme else None
    actor_id = index.actor_filter(actor).id if actor else None
    voice_id = voice_of(index, voice)
    if emphasis is not None:
        one_of(emphasis, list(EMPHASIS_ORDER), "emphasis", "emphasis levels")
    addresses = in_date_order(index.model.addresses)
    keep = priority_filter(theme_id, actor_id, emphasis, voice_id)
    rows = [row for a in addresses if year is None or a.year == year for row in address_rows(a, keep)]
    default = with_voice(PRIORITY_DEFAULT, rows) + (CITE if cite else [])
    meta: Meta = {"addresses": {a.id: address_meta(index, a) for a in addresses}, **who(index, rows)}
    return View("priorities", PRIORITY_COLUMNS, rows, default, title="Priorities by address", meta=meta)


PRIORITY_DEFAULT = ["id", "year", "emphasis", "title", "example_of", "themes", "actors", "voice", "basis"]
"""The columns ``priorities`` shows: whose view each states, and on what basis, among them always."""


def priority_filter(
    theme_id: str | None = None, actor_id: str | None = None, emphasis: str | None = None, voice_id: str | None = None
) -> Callable[[Priority], bool]:
    """Whether a priority is listed by ``priorities`` filtered so (theme, actor and voice by their ids)."""

    def keep(pri: Priority) -> bool:
        if theme_id and theme_id not in pri.themes:
            return False
        if actor_id and actor_id not in pri.actors:
            return False
        if emphasis and pri.emphasis != emphasis:
            return False
        return not (voice_id and pri.voice != voice_id)

    return keep


def address_rows(address: Address, keep: Callable[[Priority], bool]) -> list[Row]:
    """An address's rows of ``priorities``: its priorities that ``keep`` keeps, in ``in_order``'s order."""
    return [_priority_row(address, pri) for pri in in_order(address) if keep(pri)]


def priorities_in_chunks(chunks: Iterable[list[Address]], keep: Callable[[Priority], bool], *, cite: bool) -> View:
    """``priorities`` from addresses that come oldest first, with their priorities, a chunk at a time (the
    store's): the same rows, and columns (which say whose view and on what basis whatever the rows)."""
    rows = (made for chunk in chunks if (made := [row for a in chunk for row in address_rows(a, keep)]))
    default = PRIORITY_DEFAULT + (CITE if cite else [])
    return View("priorities", PRIORITY_COLUMNS, [], default, title="Priorities by address", chunks=rows)


def examples_of(address: Address, pri: Priority) -> list[Priority]:
    """The priorities the source lists as examples of ``pri`` in its address, in file order."""
    return [p for p in address.priorities if p.example_of == pri.id]


def in_order(address: Address) -> list[Priority]:
    """An address's priorities highest emphasis first, each followed by the examples listed under it."""
    tops = umbrellas(address)
    listed = {p.id for p in tops}
    out = [x for top in tops for x in (top, *ranked(examples_of(address, top)))]
    return out + [p for p in address.priorities if p not in out and p.id not in listed]


def umbrellas(address: Address) -> list[Priority]:
    """An address's priorities that are no other's example, highest emphasis first."""
    return ranked([p for p in address.priorities if p.example_of is None])


def ranked(priorities: Iterable[Priority]) -> list[Priority]:
    """Priorities highest emphasis first, file order within one emphasis."""
    return sorted(priorities, key=lambda p: rank(p.emphasis))


def rank(emphasis: str) -> int:
    """The one rule for weighing priorities: 0 for the highest emphasis (overarching), then major, mentioned."""
    return EMPHASIS_ORDER[emphasis]
