"""Events in time: the chronology (coarse dates, 'before'/'after', an event placed after another)
and the timeline view.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import BadValue
from ..lookup import Index, display_date, overlaps, parse_date
from ..model import (
    PROVENANCE,
    Event,
    PartialDate,
)
from ..views import View
from .common import provenance, voice_of, who, with_voice

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


_QUALIFIER_ORDER = {"before": -1, None: 0, "about": 0, "after": 1}


EventKey = tuple[tuple[int, int, int], int, int, str]


def _event_keys(events: Iterable[Event], by_id: dict[str, Event]) -> dict[str, EventKey]:
    """Chronological keys of these events: by first possible day, 'before X' ahead of X, 'after X'
    behind it, and an event the source places ``after`` another behind that one, however coarse
    its own date. Only the events asked for, and those they follow, are looked at."""
    keys: dict[str, EventKey] = {}

    def own(event: Event) -> EventKey:
        return (PartialDate.parse(event.date).first_day(), _QUALIFIER_ORDER[event.date_qualifier], 0, event.id)

    for event in events:
        chain = [event]  # the event, the one it follows, that one's, ... (a loop, not recursion)
        seen = {event.id}
        while chain[-1].id not in keys and (prior := by_id.get(chain[-1].after or "")) is not None:
            if prior.id in seen:
                break  # a cycle: order the events by their own dates
            chain.append(prior)
            seen.add(prior.id)
        base = keys.get(chain[-1].id) or own(chain[-1])
        keys[chain[-1].id] = base
        for follower in reversed(chain[:-1]):
            key = own(follower)
            if base[:2] >= key[:2]:
                key = (base[0], base[1], base[2] + 1, follower.id)
            keys[follower.id] = base = key
    return keys


def sorted_events(index: Index, events: Iterable[Event]) -> list[Event]:
    """Events in the order of the timeline."""
    wanted = list(events)
    keys = _event_keys(wanted, index.events)
    return sorted(wanted, key=lambda e: keys[e.id])


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
    lo = parse_date(start, "start date") if start else None
    hi = parse_date(end, "end date") if end else None
    if lo and hi and hi.last_day() < lo.first_day():
        raise BadValue(f"the end date {end} is before the start date {start}")
    actor_id = index.actor_filter(actor).id if actor else None
    theme_id = index.theme_filter(theme).id if theme else None
    voice_id = voice_of(index, voice)
    rows = []
    for event in sorted_events(index, index.model.events):
        if not overlaps(event.date, event.end or event.date, lo, hi):
            continue
        if actor_id and actor_id not in event.actors:
            continue
        if theme_id and theme_id not in event.themes:
            continue
        if voice_id and event.voice != voice_id:
            continue
        rows.append(
            {
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
        )
    default = with_voice(["date", "kind", "title", "id"], rows)
    return View(
        "timeline",
        TIMELINE_COLUMNS,
        rows,
        default,
        title="Timeline",
        meta=who(index, rows),
    )
