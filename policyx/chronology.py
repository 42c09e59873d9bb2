"""The order of events in time: by first possible day, 'before X' ahead of X, 'after X' behind it, and
an event the source places ``after`` another behind that one, however coarse its own date.

Owns that order, for whatever lists events: the timeline, an actor's events, the brief's, and the
rank of each event the store keeps (so that a timeline read from it comes in this very order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Event, PartialDate

_QUALIFIER_ORDER = {"before": -1, None: 0, "about": 0, "after": 1}


EventKey = tuple[tuple[int, int, int], int, int, str]


def _event_keys(events: Iterable[Event], by_id: Mapping[str, Event]) -> dict[str, EventKey]:
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


def in_time_order(events: Iterable[Event], by_id: Mapping[str, Event]) -> list[Event]:
    """Events in the order of the timeline (``by_id``: every event of the model, by its id)."""
    wanted = list(events)
    keys = _event_keys(wanted, by_id)
    return sorted(wanted, key=lambda e: keys[e.id])
