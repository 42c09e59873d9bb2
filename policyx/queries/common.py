"""What every query shares: provenance fields, whose view rows state (voices, names), blank rows, and a
listing made a chunk at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..chains import record_title
from ..columns import NAMED, TITLED
from ..lookup import Index
from ..model import (
    PROVENANCE,
    Address,
    Record,
)
from ..views import AddressMeta, Meta, Row, Value, View


def provenance(rec: Record) -> Row:
    return {name: getattr(rec, name) for name in PROVENANCE}


CITE = ["evidence", "basis"]


def voice_of(index: Index, voice: str | None) -> str | None:
    """The actor id of a ``voice`` filter (None: no filter)."""
    return index.actor_filter(voice).id if voice else None


def with_voice(default: list[str], rows: list[Row]) -> list[str]:
    """Default columns, plus ``voice`` when the rows state more than one view and ``basis`` when any row is
    not stated outright: whose view and how firm are never mixed unseen."""
    several = len({row.get("voice") for row in rows}) > 1
    return voiced(default, several=several, unstated=any(row.get("basis") not in (None, "stated") for row in rows))


def voiced(default: list[str], *, several: bool, unstated: bool) -> list[str]:
    """``with_voice``'s columns, from what it reads off the rows: whether they state several views, and
    whether any is not stated outright."""
    extra = (["voice"] if several else []) + (["basis"] if unstated else [])
    return [*default, *(key for key in extra if key not in default)]


def listed(
    name: str,
    columns: list[str],
    default: list[str],
    title: str,
    row: Callable[[Any], Row],
    chunks: Iterable[list[Any]],
) -> View:
    """A whole listing from its records as they come, in its order, a chunk at a time (the store's): each
    chunk's rows made as it is written, by ``row``, the function that makes the listing's own rows."""
    return View(name, columns, [], default, title=title, chunks=([row(record) for record in chunk] for chunk in chunks))


def reported_voices(index: Index, rows: Iterable[Mapping[str, object]]) -> list[str]:
    """The voices of these rows that a source reports (speakers), not a source's own author or outlet."""
    voices = {row.get(key) for row in rows for key in ("voice", "cause_voice")}
    return sorted(v for v in voices if isinstance(v, str) and index.reported(v))


def who(index: Index, rows: list[Row], columns: Iterable[str] = NAMED) -> Meta:
    """What a table needs to say whose view each row states: the actors' names, who is reported, and
    whose sentence a pull quote repeats."""
    return {
        "names": names_in(index, rows, columns),
        "reported": reported_voices(index, rows),
        "titles": titles_in(index, rows),
        "pulled": pulled_from(index, rows),
    }


def pulled_from(index: Index, rows: Iterable[Mapping[str, object]]) -> dict[str, str | None]:
    """Claim id -> the name of its voice, for every claim a row's pull quote repeats (``pull_quote_of``)."""
    out: dict[str, str | None] = {}
    for row in rows:
        claim = index.records.get(str(row.get("pull_quote_of")))
        if claim is not None:
            voice = getattr(claim[1], "voice", None)
            out[str(row["pull_quote_of"])] = index.actor_name(voice) if voice else None
    return out


def titles_in(index: Index, rows: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """Record id -> title for every record the rows name in the fields that hold one (``TITLED``)."""
    titles: dict[str, str] = {}
    for row in rows:
        for column in TITLED:
            value = row.get(column)
            if isinstance(value, str) and value in index.records:
                titles[value] = record_title(index.records[value][1])
    return titles


def names_in(index: Index, rows: Iterable[Mapping[str, object]], columns: Iterable[str]) -> dict[str, str]:
    """Actor id -> name for every actor the rows name in these columns, for tables that show names."""
    names: dict[str, str] = {}
    for row in rows:
        for column in columns:
            value = row.get(column)
            for aid in value if isinstance(value, list) else [value]:
                if isinstance(aid, str) and aid in index.actors:
                    names[aid] = index.actors[aid].name
    return names


def address_meta(index: Index, address: Address) -> AddressMeta:
    """What a table shows above an address's priorities: its title, date, speaker and summary."""
    return {
        "title": address.title,
        "date": address.date,
        "basis": address.basis,
        "speaker": index.actor_name(address.speaker),
        "speaker_id": address.speaker,
        "summary": address.summary,
    }


def blank(columns: list[str], **fields: Value) -> Row:
    row: Row = dict.fromkeys(columns)
    row.update(fields)
    return row
