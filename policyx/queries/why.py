"""The chain of causes behind a priority, a topic, any record or an actor."""

from __future__ import annotations

from .. import chains
from ..chains import record_title
from ..errors import NotFound, did_you_mean
from ..lookup import Index
from ..results import Asked, Unreached, WhyResult
from ..views import Grounds, LinkRow
from .common import names_in, reported_voices, voice_of


def _targets(index: Index, target: str) -> tuple[list[str], str, Asked]:
    """The records a ``why`` asks about, how to name them, and what kind of thing was asked
    about: a record id, a topic, or an actor."""
    if target in index.records and index.records[target][0] != "actor":
        _, rec = index.records[target]
        return [target], record_title(rec), "record"
    topical = [p.id for _, p in index.priorities if p.topic == target]
    if topical:
        return topical, target, "topic"
    try:
        actor = index.actor(target)
    except NotFound:
        topics = sorted({p.topic for _, p in index.priorities})
        hint = did_you_mean(target, [*topics, *index.records])
        raise NotFound(
            f"nothing called {target!r}{hint}: give a record id, a topic ({', '.join(topics)}) or an actor"
        ) from None
    aid = actor.id
    ids = [p.id for _, p in index.priorities if aid in p.actors]
    ids += [c.id for c in index.model.claims if aid in c.actors]
    ids += [r.id for r in index.model.relations if aid in (r.from_, r.to)]
    ids += [e.id for e in index.model.events if aid in e.actors]
    return [aid, *ids], actor.name, "actor"


def why_links(index: Index, target: str) -> list[LinkRow]:
    """The chain of causes behind a priority, a topic, any record or an actor, as links."""
    return chains.chain(index, _targets(index, target)[0])


def _unreached(index: Index, pid: str, strongest: str | None, grounds: Grounds, linked: set[str]) -> Unreached:
    pri = index.records[pid][1]
    umbrella = getattr(pri, "example_of", None)
    under = record_title(index.records[umbrella][1]) if umbrella else None
    return Unreached(pid, record_title(pri), strongest, under, grounds, umbrella in linked)


def why(index: Index, target: str, *, voice: str | None = None) -> WhyResult:
    """The chain of causes behind a priority, a topic or an actor: its direct causes first, then
    theirs; and each priority asked about that no link the source states reaches."""
    ids, name, kind = _targets(index, target)
    voice_id = voice_of(index, voice)
    links = chains.chain(index, ids)
    shown = tuple(row for row in links if voice_id is None or row["voice"] == voice_id)
    asked = [pid for pid in ids if pid in index.records and index.records[pid][0] == "priority"]
    reached = chains.reach(links, asked)
    grounds = chains.grounds(index, asked)  # one pass over the causes for every priority asked about
    linked = {c.effect for c in index.model.causes}
    unreached = tuple(
        _unreached(index, pid, reached[pid], grounds[pid], linked) for pid in asked if reached[pid] != "stated"
    )
    named = [{"voice": r["voice"], "cause_voice": r["cause_voice"]} for r in shown]
    return WhyResult(
        name=name,
        kind=kind,
        links=shown,
        unreached=unreached,
        names=names_in(index, named, ("voice", "cause_voice")),
        reported=tuple(reported_voices(index, named)),
    )
