"""The chain of causes behind a priority, a topic, any record or an actor."""

from __future__ import annotations

from .. import chains
from ..chains import record_title
from ..errors import NotFound, did_you_mean
from ..lookup import Index
from ..model import (
    PROVENANCE,
)
from ..views import LinkRow, Row, View, row_of, statement
from .common import blank, voice_of, who

WHY_COLUMNS = [
    "id",
    "depth",
    "cause",
    "cause_type",
    "cause_title",
    "cause_date",
    "effect",
    "effect_type",
    "effect_title",
    "summary",
    "voice",
    "cause_voice",
    "cause_basis",
    "path_basis",
    "statement",
    *PROVENANCE,
]


def cause_title(row: Row) -> str:
    return f"{row['cause_title']} \u2192 {row['effect_title']}. {row['summary']}"


def _targets(index: Index, target: str) -> tuple[list[str], str]:
    """The records a ``why`` asks about, and how to name them: a record id, a topic, or an actor."""
    if target in index.records and index.records[target][0] != "actor":
        _, rec = index.records[target]
        return [target], record_title(rec)
    topical = [p.id for _, p in index.priorities if p.topic == target]
    if topical:
        return topical, target
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
    return [aid, *ids], actor.name


def why_links(index: Index, target: str) -> list[LinkRow]:
    """The chain of causes behind a priority, a topic, any record or an actor, as links."""
    return chains.chain(index, _targets(index, target)[0])


def why(index: Index, target: str, *, voice: str | None = None) -> View:
    """The chain of causes behind a priority, a topic or an actor: its direct causes first, then theirs."""
    ids, name = _targets(index, target)
    voice_id = voice_of(index, voice)
    links = chains.chain(index, ids)
    rows = [row_of(row) for row in links if voice_id is None or row["voice"] == voice_id]
    asked = [pid for pid in ids if pid in index.records and index.records[pid][0] == "priority"]
    reached = chains.reach(links, asked)
    for pid in asked:  # a priority no stated link reaches: a row that says so plainly, in every format
        title = record_title(index.records[pid][1])
        said = statement(title, reached[pid])
        if said:
            rows.append(
                blank(WHY_COLUMNS, id=pid, depth=0, effect=pid, effect_type="priority", effect_title=title)
                | {"path_basis": reached[pid], "statement": said}
            )
    default = [
        "depth",
        "cause_title",
        "effect_title",
        "voice",
        "basis",
        "cause_voice",
        "cause_basis",
        "path_basis",
        "statement",
    ]
    return View(
        "why", WHY_COLUMNS, rows, default, title=f"Why: {name}", meta=who(index, rows, ("voice", "cause_voice"))
    )
