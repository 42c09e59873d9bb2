"""Events in time: the chronology (coarse dates, 'before'/'after', an event placed after another)
and the timeline view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..chronology import in_time_order
from ..errors import BadValue
from ..lookup import Index, display_date, overlaps, parse_date
from ..model import (
    PROVENANCE,
    Event,
    PartialDate,
)
from ..views import Row, View
from .common import listed, provenance, voice_of, voiced, who, with_voice

TIMELINE_COLUMNS = [
    "id",
    "date",
    "start",
    "end",
    "precision",
    "qualifier",
    "date_basis",
    "kind",
    "title",
    "actors",
    "themes",
    "summary",
    "after",
    "voice",
    *PROVENANCE,
]


TIMELINE_DEFAULT = ["date", "kind", "title", "id"]


def sorted_events(index: Index, events: Iterable[Event]) -> list[Event]:
    """Events in the order of the timeline."""
    return in_time_order(events, index.events)


def event_row(event: Event) -> Row:
    """An event's row of the timeline."""
    return {
        "id": event.id,
        "date": display_date(event.date, event.date_qualifier, event.end),
        "start": event.date,
        "end": event.end,
        "precision": PartialDate.parse(event.date).precision,
        "qualifier": event.date_qualifier,
        "date_basis": event.date_basis,
        "kind": event.kind,
        "title": event.title,
        "actors": list(event.actors),
        "themes": list(event.themes),
        "summary": event.summary,
        "after": event.after,
        "voice": event.voice,
        **provenance(event),
    }


def timeline_in_chunks(chunks: Iterable[list[Event]], *, voices: int, unstated: bool) -> View:
    """The timeline from events that come in its order a chunk at a time (the store's, those of a filter
    kept): the rows of ``timeline``, and its columns, from how many views the events state (1, or 2 for
    more) and whether any is not stated outright."""
    default = voiced(TIMELINE_DEFAULT, several=voices > 1, unstated=unstated)
    return listed("timeline", TIMELINE_COLUMNS, default, "Timeline", event_row, chunks)


def period(start: str | None, end: str | None) -> tuple[PartialDate | None, PartialDate | None]:
    """The dates a timeline's ``--from`` and ``--to`` give, or a BadValue for an end before the start."""
    lo = parse_date(start, "start date") if start else None
    hi = parse_date(end, "end date") if end else None
    if lo and hi and hi.last_day() < lo.first_day():
        raise BadValue(f"the end date {end} is before the start date {start}")
    return lo, hi


def event_filter(
    start: str | None = None,
    end: str | None = None,
    actor_id: str | None = None,
    theme_id: str | None = None,
    voice_id: str | None = None,
) -> Callable[[Event], bool]:
    """Whether an event is on a timeline filtered so: it overlaps the period, names the actor and the
    theme, and states the voice (each filter given by its id)."""
    lo, hi = period(start, end)

    def keep(event: Event) -> bool:
        if not overlaps(event.date, event.end or event.date, lo, hi):
            return False
        if actor_id and actor_id not in event.actors:
            return False
        if theme_id and theme_id not in event.themes:
            return False
        return not (voice_id and event.voice != voice_id)

    return keep


def timeline(
    index: Index,
    *,
    start: str | None = None,
    end: str | None = None,
    actor: str | None = None,
    theme: str | None = None,
    voice: str | None = None,
) -> View:
    """Events in date order; ``start``/``end`` keep events that overlap the period."""
    period(start, end)  # a bad period is said before a name is looked for
    actor_id = index.actor_filter(actor).id if actor else None
    theme_id = index.theme_filter(theme).id if theme else None
    keep = event_filter(start, end, actor_id, theme_id, voice_of(index, voice))
    rows = [event_row(event) for event in sorted_events(index, index.model.events) if keep(event)]
    default = with_voice(TIMELINE_DEFAULT, rows)
    return View(
        "timeline",
        TIMELINE_COLUMNS,
        rows,
        default,
        title="Timeline",
        meta=who(index, rows),
    )
