"""Actors: the list of them, and one actor's profile (its relations, priorities, events, quotes,
claims, causes and sources).
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import chains
from ..lookup import Index, display_date, one_of
from ..model import (
    PROVENANCE,
    Actor,
    PartialDate,
)
from ..views import Meta, Row, Value, View
from .common import address_meta, listed, names_in, provenance, pulled_from, reported_voices, titles_in, with_voice
from .priorities import rank
from .timeline import sorted_events

ACTOR_COLUMNS = ["id", "name", "kind", "aliases", "description", *PROVENANCE]
ACTOR_DEFAULT = ["id", "name", "kind", "aliases"]
PROFILE_COLUMNS = [
    "section",
    "id",
    "kind",
    "emphasis",
    "name",
    "title",
    "text",
    "direction",
    "counterpart",
    "score",
    "since",
    "until",
    "date",
    "date_basis",
    "address",
    "occasion",
    "pull_quote_of",
    "cause",
    "cause_type",
    "cause_title",
    "cause_date",
    "effect",
    "effect_type",
    "effect_title",
    "effect_links",
    "cause_voice",
    "cause_basis",
    "policy",
    "policy_title",
    "policy_basis",
    "summary",
    "description",
    "outlet",
    "aliases",
    "voice",
    *PROVENANCE,
]
"""The fields of a profile's rows, each with one meaning whatever the row (empty where the row has none):
``kind`` is the record's own kind (an actor's, a relation's, an event's, a source's); ``name`` the
actor's; ``title`` a priority's, an event's or a source's; ``text`` a quote's words; ``summary`` a
relation's, priority's, event's, claim's or cause's; ``counterpart`` the other actor of a relation;
``date`` the record's date as written (an address's for its priority, a source's publication);
``effect_links`` how many links the model has into a cause row's effect, of which the profile shows
those that touch the actor."""
PROFILE_DEFAULT = [
    "section",
    "id",
    "kind",
    "emphasis",
    "name",
    "title",
    "text",
    "summary",
    "direction",
    "counterpart",
    "score",
    "since",
    "until",
    "date",
]


def actors(index: Index, *, kind: str | None = None) -> View:
    """Every actor, optionally of one kind, in model order."""
    if kind is not None:
        one_of(kind, actor_kinds(index), "actor kind", "kinds")
    rows = [actor_row(a) for a in index.model.actors if kind is None or a.kind == kind]
    return View("actors", ACTOR_COLUMNS, rows, ACTOR_DEFAULT, title="Actors")


def actor_row(actor: Actor) -> Row:
    """An actor's row of ``actors``."""
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "aliases": list(actor.aliases),
        "description": actor.description,
        **provenance(actor),
    }


def actors_in_chunks(chunks: Iterable[list[Actor]]) -> View:
    """Every actor (no filter) from actors that come in the model's order a chunk at a time (the store's)."""
    return listed("actors", ACTOR_COLUMNS, ACTOR_DEFAULT, "Actors", actor_row, chunks)


def actor_kinds(index: Index) -> list[str]:
    """The kinds of actor the model has, in alphabetical order (what ``actors --kind`` accepts)."""
    return sorted({a.kind for a in index.model.actors})


def _profile_row(section: str, rec_id: str, **fields: Value) -> Row:
    row: Row = {column: None for column in PROFILE_COLUMNS}
    row.update(section=section, id=rec_id, **fields)
    return row


def actor_profile(index: Index, name: str) -> View:
    """One actor: who it is, its relations both ways, and the priorities, events, quotes and sources naming it."""
    actor = index.actor(name)
    aid = actor.id
    rows = [
        _profile_row(
            "actor",
            aid,
            kind=actor.kind,
            name=actor.name,
            description=actor.description,
            aliases=list(actor.aliases),
            **provenance(actor),
        )
    ]
    for section in (_relations, _priorities, _events, _quotes, _claims):
        rows += section(index, aid)
    rows += _causes(index, aid, rows)
    rows += _sources(index, rows)
    names = names_in(index, rows, ("voice", "counterpart", "cause_voice"))
    meta: Meta = {
        "names": names,
        "reported": reported_voices(index, rows),
        "titles": titles_in(index, rows),
        "pulled": pulled_from(index, rows),
        "addresses": {a.id: address_meta(index, a) for a in index.model.addresses if a.id in _ids(rows, "address")},
    }
    return View("actor", PROFILE_COLUMNS, rows, with_voice(PROFILE_DEFAULT, rows), title=actor.name, meta=meta)


def _ids(rows: list[Row], field: str) -> set[str]:
    return {value for row in rows if isinstance(value := row.get(field), str)}


def _relations(index: Index, aid: str) -> list[Row]:
    """The actor's relations, both ways, each with the actor on its other side."""
    rows = []
    for rel in index.model.relations:
        if aid not in (rel.from_, rel.to):
            continue
        outgoing = rel.from_ == aid
        other = rel.to if outgoing else rel.from_
        rows.append(
            _profile_row(
                "relation",
                rel.id,
                kind=rel.kind,
                direction="mutual" if rel.mutual else ("out" if outgoing else "in"),
                counterpart=other,
                score=rel.score,
                since=rel.since,
                until=rel.until,
                summary=rel.summary,
                voice=rel.voice,
                **provenance(rel),
            )
        )
    return rows


def _priorities(index: Index, aid: str) -> list[Row]:
    """The priorities that name the actor or that it set out, oldest address first."""
    involved = [(a, p) for a, p in index.priorities if aid in p.actors or aid == a.speaker]
    involved.sort(key=lambda ap: (PartialDate.parse(ap[0].date), rank(ap[1].emphasis)))
    return [
        _profile_row(
            "priority",
            pri.id,
            emphasis=pri.emphasis,
            title=pri.title,
            address=address.id,
            date=address.date,
            summary=pri.summary,
            voice=pri.voice,
            **provenance(pri),
        )
        for address, pri in involved
    ]


def _events(index: Index, aid: str) -> list[Row]:
    return [
        _profile_row(
            "event",
            event.id,
            kind=event.kind,
            title=event.title,
            date=display_date(event.date, event.date_qualifier, event.end),
            date_basis=event.date_basis,
            summary=event.summary,
            voice=event.voice,
            **provenance(event),
        )
        for event in sorted_events(index, (e for e in index.model.events if aid in e.actors))
    ]


def _quotes(index: Index, aid: str) -> list[Row]:
    return [
        _profile_row(
            "quote",
            quote.id,
            text=quote.text,
            occasion=quote.occasion,
            pull_quote_of=quote.pull_quote_of,
            date=quote.date,
            voice=quote.voice,
            **provenance(quote),
        )
        for quote in index.model.quotes
        if quote.speaker == aid
    ]


def _claims(index: Index, aid: str) -> list[Row]:
    return [
        _profile_row("claim", claim.id, summary=claim.summary, voice=claim.voice, **provenance(claim))
        for claim in index.model.claims
        if aid in claim.actors
    ]


def _causes(index: Index, aid: str, rows: list[Row]) -> list[Row]:
    """The causes that lead from or to the actor or a record of its profile."""
    named = {aid, *(r["id"] for r in rows if r["section"] in ("relation", "priority", "event", "claim"))}
    taking_part = [c for c in index.model.causes if c.cause in named or c.effect in named]
    into: dict[str, int] = {}
    for c in index.model.causes:
        into[c.effect] = into.get(c.effect, 0) + 1
    steps = chains.policy_steps(index)
    return [
        _profile_row(
            "cause",
            row["id"],
            cause=row["cause"],
            cause_type=row["cause_type"],
            cause_title=row["cause_title"],
            cause_date=row["cause_date"],
            effect=row["effect"],
            effect_type=row["effect_type"],
            effect_title=row["effect_title"],
            effect_links=into[row["effect"]],
            cause_voice=row["cause_voice"],
            cause_basis=row["cause_basis"],
            policy=row["policy"],
            policy_title=row["policy_title"],
            policy_basis=row["policy_basis"],
            summary=row["summary"],
            voice=row["voice"],
            basis=row["basis"],
            evidence=row["evidence"],
            source=row["source"],
            reference=row["reference"],
            note=row["note"],
        )
        for row in (chains.link_row(index, cause, steps) for cause in taking_part)
    ]


def _sources(index: Index, rows: list[Row]) -> list[Row]:
    """The sources the profile's records come from, then the references their facts come from."""
    sources = [s for key in ("source", "reference") for r in rows if isinstance(s := r.get(key), str)]
    by_id = {s.id: s for s in index.model.sources}
    return [
        _profile_row(
            "source",
            sid,
            kind=by_id[sid].kind,
            title=by_id[sid].title,
            date=by_id[sid].published,
            outlet=by_id[sid].outlet,
        )
        for sid in dict.fromkeys(sources)
    ]
