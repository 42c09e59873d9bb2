"""Queries over a validated model: every listing, profile and comparison, as ``View`` rows.

Owns the meaning of each command's output: which records it selects, in which order, and
the fields of each row. Names typed by a person are resolved by ``lookup``; no printing
and no formatting happen here.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from . import chains
from .chains import record_title
from .errors import BadValue, NotFound, did_you_mean
from .lookup import Index, fold, overlaps, parse_date
from .model import (
    EMPHASIS_ORDER,
    PROVENANCE,
    Address,
    Event,
    Model,
    PartialDate,
    Priority,
    Quote,
    Record,
    Relation,
    walk,
)
from .views import NAMED, Row, View, statement


def display_date(date: str | None, qualifier: str | None = None, end: str | None = None) -> str:
    """A date as written (never padded to a day), with its qualifier and end."""
    if not date:
        return ""
    text = f"{qualifier} {date}" if qualifier else date
    return f"{text}..{end}" if end else text


def _provenance(rec: Record) -> Row:
    return {name: getattr(rec, name) for name in PROVENANCE}


CITE = ["evidence", "basis"]


def _voice_of(index: Index, voice: str | None) -> str | None:
    """The actor id of a ``voice`` filter (None: no filter)."""
    return index.actor(voice).id if voice else None


def _with_voice(default: list[str], rows: list[Row]) -> list[str]:
    """Default columns, plus ``voice`` when the rows state more than one view and ``basis`` when any row is
    not stated outright: whose view and how firm are never mixed unseen."""
    extra = []
    if len({row.get("voice") for row in rows}) > 1:
        extra.append("voice")
    if any(row.get("basis") not in (None, "stated") for row in rows):
        extra.append("basis")
    return [*default, *(key for key in extra if key not in default)]


def _reported_voices(index: Index, rows: list[Row]) -> list[str]:
    """The voices of these rows that a source reports (speakers), not a source's own author or outlet."""
    return sorted({v for row in rows if isinstance(v := row.get("voice"), str) and index.reported(v)})


def _who(index: Index, rows: list[Row], columns: Iterable[str] = NAMED) -> dict[str, Any]:
    """What a table needs to say whose view each row states: the actors' names and who is reported."""
    return {"names": _names(index, rows, columns), "reported": _reported_voices(index, rows)}


def _names(index: Index, rows: list[Row], columns: Iterable[str]) -> dict[str, str]:
    """Actor id -> name for every actor the rows name in these columns, for tables that show names."""
    names: dict[str, str] = {}
    for row in rows:
        for column in columns:
            value = row.get(column)
            for aid in value if isinstance(value, list) else [value]:
                if isinstance(aid, str) and aid in index.actors:
                    names[aid] = index.actors[aid].name
    return names


# --------------------------------------------------------------------------- priorities and compare

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
        **_provenance(pri),
    }


def priorities(
    index: Index,
    *,
    year: int | None = None,
    theme: str | None = None,
    actor: str | None = None,
    emphasis: str | None = None,
    voice: str | None = None,
    cite: bool = False,
) -> View:
    """Priorities grouped by address (oldest first), highest emphasis first within each."""
    if year is not None:
        index.check_year(year)
    theme_id = index.theme(theme).id if theme else None
    actor_id = index.actor(actor).id if actor else None
    voice_id = _voice_of(index, voice)
    if emphasis is not None and emphasis not in EMPHASIS_ORDER:
        levels = list(EMPHASIS_ORDER)
        raise BadValue(f"emphasis {emphasis!r} is not one of: {', '.join(levels)}{did_you_mean(emphasis, levels)}")
    addresses = sorted(index.model.addresses, key=lambda a: (PartialDate.parse(a.date), a.id))
    rows = []
    for address in addresses:
        if year is not None and address.year != year:
            continue
        for pri in in_order(address):
            if theme_id and theme_id not in pri.themes:
                continue
            if actor_id and actor_id not in pri.actors:
                continue
            if emphasis and pri.emphasis != emphasis:
                continue
            if voice_id and pri.voice != voice_id:
                continue
            rows.append(_priority_row(address, pri))
    default = _with_voice(["id", "year", "emphasis", "title", "themes", "actors"], rows) + (CITE if cite else [])
    meta = {"addresses": {a.id: _address_meta(index, a) for a in addresses}, **_who(index, rows)}
    return View("priorities", PRIORITY_COLUMNS, rows, default, title="Priorities by address", meta=meta)


def _address_meta(index: Index, address: Address) -> dict[str, Any]:
    """What a table shows above an address's priorities: its title, date, speaker and summary."""
    return {
        "title": address.title,
        "date": address.date,
        "basis": address.basis,
        "speaker": index.actor_name(address.speaker),
        "summary": address.summary,
    }


COMPARE_COLUMNS = [
    "section",
    "id",
    "topic",
    "change",
    "title",
    "earlier_id",
    "later_id",
    "earlier_emphasis",
    "later_emphasis",
    "shift",
    "earlier_examples",
    "later_examples",
    "voice",
    "cause",
    "effect",
    "cause_voice",
    "cause_basis",
    "earlier_evidence",
    "later_evidence",
    "earlier_basis",
    "later_basis",
    "evidence",
    "basis",
    "path_basis",
    "addresses_basis",
    "statement",
    "note",
]
CHANGE_FIELDS = tuple(
    c
    for c in COMPARE_COLUMNS[COMPARE_COLUMNS.index("change") : COMPARE_COLUMNS.index("later_examples") + 1]
    if c != "title"
)
"""The fields of a compare row that say how a priority changed."""
CHANGE_ORDER = {"continued": 0, "new-in-later-account": 1, "not-in-later-account": 2}


def caveat(later_year: int | str) -> str:
    """What "new" and "not in it" can mean: the source reports parts of each speech, not the whole."""
    return (
        f"The source reports parts of each speech, not the whole: \u201cnew\u201d means new in its account "
        f"of {later_year}, and \u201cnot in it\u201d means it does not report the item for {later_year}."
    )


def compare(index: Index, first: str, second: str) -> View:
    """Two addresses side by side, earlier first: a summary, the priorities in both accounts or in
    one only (each with the examples the source lists under it), and why: the causes the model
    links to what changed, each with the basis of its whole path to the change.

    Rows have a ``section``: ``summary`` (sentences, each with its voice: none for policyx's
    own count, the claim's for the source's characterisation), ``priority`` and ``cause``.
    """
    earlier, later = ordered_pair(index, first, second)
    changes = _changes(earlier, later)
    links = causes_of_change(index, earlier, later, changes)
    why_rows = [
        _blank(COMPARE_COLUMNS, section="cause", id=row["id"], title=_cause_title(row), voice=row["voice"])
        | {key: row[key] for key in ("cause", "effect", "cause_voice", "cause_basis", "evidence", "basis", "note")}
        | {"path_basis": row["path_basis"]}
        for row in links
    ]
    rows = _compare_summary(index, earlier, later, changes) + changes + why_rows
    rows += _reasons(index, earlier, later, changes, links)
    names = _names(index, rows, ("voice", "cause_voice"))
    reported = _reported_voices(index, rows)
    default = [
        "section",
        "change",
        "earlier_emphasis",
        "later_emphasis",
        "shift",
        "title",
        "voice",
        "basis",
        "path_basis",
        "addresses_basis",
        "statement",
    ]
    meta = {
        "earlier": earlier.year,
        "later": later.year,
        "addresses": {x.id: _address_meta(index, x) for x in (earlier, later)},
        "names": names,
        "reported": reported,
    }
    return View("compare", COMPARE_COLUMNS, rows, default, title=f"{earlier.title} \u2192 {later.title}", meta=meta)


def ordered_pair(index: Index, first: str, second: str, what: str = "compare") -> tuple[Address, Address]:
    """Two different addresses, earlier first (``what`` needs them: named in the error)."""
    a, b = index.address(first), index.address(second)
    if a.id == b.id:
        raise BadValue(f"{what} needs two different addresses, got {a.id!r} twice")
    earlier, later = sorted((a, b), key=lambda x: (PartialDate.parse(x.date), x.id))
    return earlier, later


def changed_ids(earlier: Address, later: Address, changes: list[Row]) -> list[str]:
    """The priorities that changed (new, not in the later account, or weighted otherwise), each
    followed by the examples the source lists under it."""
    examples = {p.id: examples_of(a, p) for a in (earlier, later) for p in a.priorities}
    ids: list[str] = []
    for row in changes:
        if row["section"] != "priority":
            continue
        if row["change"] == "continued" and row["shift"] not in ("raised", "lowered"):
            continue
        for pid in (row["later_id"], row["earlier_id"]) if row["change"] == "continued" else (row["id"],):
            if pid:
                ids += [pid, *(e.id for e in examples.get(pid, ()))]
    return list(dict.fromkeys(ids))


def _reasons(index: Index, earlier: Address, later: Address, changes: list[Row], links: list[Row]) -> list[Row]:
    """For each changed item of the later address (an umbrella and, unless the model explains the
    umbrella itself, each of its examples) and each umbrella of the earlier one not in the later
    account: the basis of the strongest link into it (None: no link). Where that is not
    ``stated``, no stated path of causes reaches the item, and ``statement`` says so."""
    linked = {r["effect"] for r in links}

    def shown_alone(p: Priority) -> bool:
        if index.address_of[p.id].id == later.id:
            return p.example_of not in linked  # an example under an explained umbrella goes with it
        return p.example_of is None and not any(q.topic == p.topic for q in later.priorities)

    items = [index.records[pid][1] for pid in changed_ids(earlier, later, changes)]
    shown = [p for p in items if isinstance(p, Priority) and shown_alone(p)]
    strongest = chains.reach(links, [p.id for p in shown])
    return [
        _blank(
            COMPARE_COLUMNS,
            section="reason",
            id=p.id,
            title=p.title,
            path_basis=strongest[p.id],
            statement=statement(p.title, strongest[p.id]),
        )
        for p in shown
    ]


def causes_of_change(index: Index, earlier: Address, later: Address, changes: list[Row]) -> list[Row]:
    """The chain of causes (``why`` rows) behind the priorities of a comparison that changed."""
    return chains.chain(index, changed_ids(earlier, later, changes))


def _blank(columns: list[str], **fields: Any) -> Row:
    row: Row = dict.fromkeys(columns)
    row.update(fields)
    return row


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
    return sorted(priorities, key=lambda p: EMPHASIS_ORDER[p.emphasis])


def _by_topic(address: Address) -> dict[str, list[Priority]]:
    topics: dict[str, list[Priority]] = {}
    for pri in umbrellas(address):
        topics.setdefault(pri.topic, []).append(pri)
    return topics


def _changes(earlier: Address, later: Address) -> list[Row]:
    """One row per priority that is no other's example: in both accounts (by topic), new in the later
    one, or not in it, with its emphasis shift and the examples listed under it. Every such
    priority has a row, twins of one topic included (each paired with the other side's first)."""
    before, after = _by_topic(earlier), _by_topic(later)
    rows: list[Row] = []
    for topic in [*before, *(t for t in after if t not in before)]:
        olds, news = before.get(topic, []), after.get(topic, [])
        for i in range(max(len(olds), len(news))):
            old = olds[min(i, len(olds) - 1)] if olds else None
            new = news[min(i, len(news) - 1)] if news else None
            shown = news[i] if i < len(news) else olds[i]
            change = "continued" if old and new else ("new-in-later-account" if new else "not-in-later-account")
            shift = ""
            if old and new:
                delta = EMPHASIS_ORDER[old.emphasis] - EMPHASIS_ORDER[new.emphasis]
                shift = "raised" if delta > 0 else ("lowered" if delta < 0 else "same")
            rows.append(
                _blank(
                    COMPARE_COLUMNS,
                    section="priority",
                    id=shown.id,
                    topic=topic,
                    change=change,
                    title=shown.title,
                    earlier_id=old.id if old else None,
                    later_id=new.id if new else None,
                    earlier_emphasis=old.emphasis if old else None,
                    later_emphasis=new.emphasis if new else None,
                    shift=shift,
                    earlier_examples=[e.title for e in examples_of(earlier, old)] if old else [],
                    later_examples=[e.title for e in examples_of(later, new)] if new else [],
                    voice=shown.voice,
                    basis=shown.basis,
                    earlier_evidence=old.evidence if old else None,
                    later_evidence=new.evidence if new else None,
                    earlier_basis=old.basis if old else None,
                    later_basis=new.basis if new else None,
                )
            )
    rows.sort(key=lambda r: (CHANGE_ORDER[r["change"]], EMPHASIS_ORDER[r["later_emphasis"] or r["earlier_emphasis"]]))
    return rows


def _top(address: Address) -> Priority | None:
    first = umbrellas(address)
    return first[0] if first else None


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _reported(address: Address) -> str:
    tops = umbrellas(address)
    examples = len(address.priorities) - len(tops)
    under = "it" if len(tops) == 1 else "them"
    listed = f" (with {_count(examples, 'example', 'examples')} listed under {under})" if examples else ""
    return f"{_count(len(tops), 'priority', 'priorities')} for {address.year}{listed}"


def named_in_both(index: Index, earlier: Address, later: Address, rows: list[Row]) -> list[tuple[list[str], str, str]]:
    """Actors that priorities of both addresses name, outside the priorities in both accounts:
    (actor ids, the earlier priority's title, the later one's), grouped by that pair of titles."""
    continued = {pid for r in rows if r["change"] == "continued" for pid in (r["earlier_id"], r["later_id"])}

    def where(address: Address) -> dict[str, str]:
        by_id = {p.id: p for p in address.priorities}
        found: dict[str, str] = {}
        for pri in address.priorities:
            top = by_id.get(pri.example_of or "", pri)
            if top.id in continued:
                continue
            for aid in pri.actors:
                found.setdefault(aid, top.title)
        return found

    before, after = where(earlier), where(later)
    groups: dict[tuple[str, str], list[str]] = {}
    for aid in before:
        if aid in after:
            groups.setdefault((before[aid], after[aid]), []).append(aid)
    return [(ids, old, new) for (old, new), ids in groups.items()]


def _names_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _compare_summary(index: Index, earlier: Address, later: Address, rows: list[Row]) -> list[Row]:
    """The summary sentences: policyx's own count first, then what the source itself says of the change."""
    count = {c: sum(1 for r in rows if r["change"] == c) for c in CHANGE_ORDER}
    raised = [r["title"] for r in rows if r["shift"] == "raised"]
    lowered = [r["title"] for r in rows if r["shift"] == "lowered"]
    sentences = [
        f"policyx's count of the model: the source reports {_reported(earlier)} and {_reported(later)}. "
        f"In both accounts: {count['continued'] or 'no priority in common'}. New in the {later.year} account: "
        f"{count['new-in-later-account']}. Not in it: {count['not-in-later-account']}."
    ]
    for ids, old, new in named_in_both(index, earlier, later, rows):
        names = [index.actor_name(aid) or aid for aid in ids]
        sentences.append(
            f"Both accounts name {_names_list(names)}, under other priorities: in {earlier.year} "
            f"\u201c{old}\u201d, in {later.year} \u201c{new}\u201d."
        )
    top_before, top_after = _top(earlier), _top(later)
    if top_before and top_after and top_before.topic != top_after.topic:
        sentences.append(
            "Weighted highest, as the curator codes the source's wording: "
            f"in {earlier.year} \u201c{top_before.title}\u201d ({top_before.emphasis}), "
            f"in {later.year} \u201c{top_after.title}\u201d ({top_after.emphasis})."
        )
    if raised:
        sentences.append(f"Given more weight in {later.year}: {'; '.join(raised)}.")
    if lowered:
        sentences.append(f"Given less weight in {later.year}: {'; '.join(lowered)}.")
    if count["continued"] and not raised and not lowered:
        sentences.append("The priorities in both accounts keep the same weight.")
    out = [_blank(COMPARE_COLUMNS, section="summary", title=text) for text in sentences]
    both = [c for c in index.model.claims if earlier.id in c.addresses and later.id in c.addresses]
    one = [c for c in index.model.claims if c not in both and {earlier.id, later.id} & set(c.addresses)]
    for claim in both + one:  # what the source says of the change, then of each address
        out.append(
            _blank(
                COMPARE_COLUMNS,
                section="summary",
                id=claim.id,
                title=claim.summary,
                voice=claim.voice,
                evidence=claim.evidence,
                basis=claim.basis,
                addresses_basis=claim.addresses_basis or "stated",
                note=claim.note,
            )
        )
    out.append(_blank(COMPARE_COLUMNS, section="summary", title=caveat(later.year)))
    return out


# --------------------------------------------------------------------------- causes and why

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


def _cause_title(row: Row) -> str:
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


def why(index: Index, target: str, *, voice: str | None = None) -> View:
    """The chain of causes behind a priority, a topic or an actor: its direct causes first, then theirs."""
    ids, name = _targets(index, target)
    voice_id = _voice_of(index, voice)
    links = chains.chain(index, ids)
    rows = [row for row in links if voice_id is None or row["voice"] == voice_id]
    asked = [pid for pid in ids if pid in index.records and index.records[pid][0] == "priority"]
    reached = chains.reach(links, asked)
    for pid in asked:  # a priority no stated link reaches: a row that says so plainly, in every format
        title = record_title(index.records[pid][1])
        said = statement(title, reached[pid])
        if said:
            rows.append(
                _blank(WHY_COLUMNS, id=pid, depth=0, effect=pid, effect_type="priority", effect_title=title)
                | {"path_basis": reached[pid], "statement": said}
            )
    default = ["depth", "cause_title", "effect_title", "voice", "basis", "path_basis", "statement"]
    return View("why", WHY_COLUMNS, rows, default, title=f"Why: {name}", meta=_who(index, rows, ("voice",)))


# --------------------------------------------------------------------------- actors

ACTOR_COLUMNS = ["id", "name", "kind", "aliases", "description", *PROVENANCE]
PROFILE_COLUMNS = [
    "section",
    "id",
    "kind",
    "name",
    "direction",
    "counterpart",
    "score",
    "date",
    "detail",
    "aliases",
    "voice",
    *PROVENANCE,
]


def actors(index: Index, *, kind: str | None = None) -> View:
    """Every actor, optionally of one kind, in model order."""
    kinds = sorted({a.kind for a in index.model.actors})
    if kind is not None and kind not in kinds:
        raise NotFound(f"no actors of kind {kind!r}{did_you_mean(kind, kinds)}; kinds: {', '.join(kinds)}")
    rows = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "aliases": list(a.aliases),
            "description": a.description,
            **_provenance(a),
        }
        for a in index.model.actors
        if kind is None or a.kind == kind
    ]
    return View("actors", ACTOR_COLUMNS, rows, ["id", "name", "kind", "aliases"], title="Actors")


def _profile_row(section: str, rec_id: str, **fields: Any) -> Row:
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
            detail=actor.description,
            aliases=list(actor.aliases),
            **_provenance(actor),
        )
    ]
    sources: list[str] = [actor.source]
    for rel in index.model.relations:
        if aid not in (rel.from_, rel.to):
            continue
        outgoing = rel.from_ == aid
        direction = "mutual" if rel.mutual else ("out" if outgoing else "in")
        other = rel.to if outgoing else rel.from_
        rows.append(
            _profile_row(
                "relation",
                rel.id,
                kind=rel.kind,
                name=index.actor_name(other),
                direction=direction,
                counterpart=other,
                score=rel.score,
                date=_period(rel.since, rel.until),
                detail=rel.summary,
                voice=rel.voice,
                **_provenance(rel),
            )
        )
        sources.append(rel.source)
    involved = [(a, p) for a, p in index.priorities if aid in p.actors or aid == a.speaker]
    for address, pri in sorted(
        involved, key=lambda ap: (PartialDate.parse(ap[0].date), EMPHASIS_ORDER[ap[1].emphasis])
    ):
        rows.append(
            _profile_row(
                "priority",
                pri.id,
                kind=pri.emphasis,
                name=pri.title,
                counterpart=address.id,
                date=address.date,
                detail=pri.summary,
                voice=pri.voice,
                **_provenance(pri),
            )
        )
        sources.append(pri.source)
    for event in sorted_events(index, (e for e in index.model.events if aid in e.actors)):
        rows.append(
            _profile_row(
                "event",
                event.id,
                kind=event.kind,
                name=event.title,
                date=display_date(event.date, event.date_qualifier, event.end),
                detail=event.summary,
                voice=event.voice,
                **_provenance(event),
            )
        )
        sources.append(event.source)
    for quote in index.model.quotes:
        if quote.speaker == aid:
            rows.append(
                _profile_row(
                    "quote",
                    quote.id,
                    kind="quote",
                    name=quote.text,
                    counterpart=quote.occasion,
                    date=quote.date,
                    voice=quote.voice,
                    **_provenance(quote),
                )
            )
            sources.append(quote.source)
    for claim in index.model.claims:
        if aid in claim.actors:
            rows.append(
                _profile_row(
                    "claim", claim.id, kind="claim", name=claim.summary, voice=claim.voice, **_provenance(claim)
                )
            )
            sources.append(claim.source)
    named = {aid, *(r["id"] for r in rows if r["section"] in ("relation", "priority", "event", "claim"))}
    taking_part = [c for c in index.model.causes if c.cause in named or c.effect in named]
    for row in (chains.link_row(index, cause) for cause in taking_part):
        rows.append(
            _profile_row(
                "cause",
                row["id"],
                kind=f"{row['cause_type']} \u2192 {row['effect_type']}",
                name=f"{row['cause_title']} \u2192 {row['effect_title']}",
                counterpart=row["effect"],
                date=row["cause_date"],
                detail=row["summary"],
                voice=row["voice"],
                **{name: row[name] for name in PROVENANCE},
            )
        )
        sources.append(row["source"])
    sources += [r["reference"] for r in rows if r.get("reference")]  # the references its facts come from
    by_id = {s.id: s for s in index.model.sources}
    for sid in dict.fromkeys(sources):
        src = by_id[sid]
        rows.append(_profile_row("source", sid, kind=src.kind, name=src.title, date=src.published, detail=src.outlet))
    default = ["section", "id", "kind", "name", "direction", "score", "date"]
    names = _names(index, rows, ("voice", "counterpart"))
    names.update({a.id: a.title for a in index.model.addresses})  # a priority's address, as a person calls it
    meta = {"names": names, "reported": _reported_voices(index, rows)}
    return View("actor", PROFILE_COLUMNS, rows, _with_voice(default, rows), title=actor.name, meta=meta)


def _period(since: str | None, until: str | None) -> str | None:
    if not since and not until:
        return None
    return f"{since or ''}..{until or ''}"


# --------------------------------------------------------------------------- themes, relations, timeline, quotes

THEME_COLUMNS = ["id", "name", "description", "priorities", "events", "quotes", *PROVENANCE]


def themes(index: Index) -> View:
    """Every theme with how many priorities, events and quotes carry it (one pass over each)."""
    tagged = {
        "priorities": Counter(t for _, p in index.priorities for t in set(p.themes)),
        "events": Counter(t for e in index.model.events for t in set(e.themes)),
        "quotes": Counter(t for q in index.model.quotes for t in set(q.themes)),
    }
    rows = [
        {
            "id": theme.id,
            "name": theme.name,
            "description": theme.description,
            **{coll: counter[theme.id] for coll, counter in tagged.items()},
            **_provenance(theme),
        }
        for theme in index.model.themes
    ]
    return View("themes", THEME_COLUMNS, rows, ["id", "name", "priorities", "events", "quotes"], title="Themes")


RELATION_COLUMNS = ["id", "from", "to", "kind", "score", "mutual", "since", "until", "summary", "voice", *PROVENANCE]


def relations(
    index: Index,
    *,
    actor: str | None = None,
    kind: str | None = None,
    min_score: int | None = None,
    max_score: int | None = None,
    as_of: str | None = None,
    voice: str | None = None,
) -> View:
    """Relations, filtered; ``as_of`` keeps those whose known validity includes that date."""
    actor_id = index.actor(actor).id if actor else None
    voice_id = _voice_of(index, voice)
    kinds = sorted({r.kind for r in index.model.relations})
    if kind is not None and kind not in kinds:
        raise NotFound(f"no relations of kind {kind!r}{did_you_mean(kind, kinds)}; kinds: {', '.join(kinds)}")
    when = parse_date(as_of, "as-of date") if as_of else None
    rows = []
    for rel in index.model.relations:
        if actor_id and actor_id not in (rel.from_, rel.to):
            continue
        if kind and rel.kind != kind:
            continue
        if min_score is not None and rel.score < min_score:
            continue
        if max_score is not None and rel.score > max_score:
            continue
        if when and not overlaps(rel.since, rel.until, when, when):
            continue
        if voice_id and rel.voice != voice_id:
            continue
        rows.append(_relation_row(rel))
    default = _with_voice(["id", "from", "kind", "to", "score", "since", "until"], rows)
    meta = _who(index, rows)
    return View("relations", RELATION_COLUMNS, rows, default, title="Relations", meta=meta)


def _relation_row(rel: Relation) -> Row:
    return {
        "id": rel.id,
        "from": rel.from_,
        "to": rel.to,
        "kind": rel.kind,
        "score": rel.score,
        "mutual": rel.mutual,
        "since": rel.since,
        "until": rel.until,
        "summary": rel.summary,
        "voice": rel.voice,
        **_provenance(rel),
    }


TIMELINE_COLUMNS = [
    "id",
    "date",
    "start",
    "end",
    "precision",
    "qualifier",
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
    actor_id = index.actor(actor).id if actor else None
    theme_id = index.theme(theme).id if theme else None
    voice_id = _voice_of(index, voice)
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
                "kind": event.kind,
                "title": event.title,
                "actors": list(event.actors),
                "themes": list(event.themes),
                "summary": event.summary,
                "after": event.after,
                "voice": event.voice,
                **_provenance(event),
            }
        )
    default = _with_voice(["date", "kind", "title", "id"], rows)
    return View(
        "timeline",
        TIMELINE_COLUMNS,
        rows,
        default,
        title="Timeline",
        meta=_who(index, rows),
    )


QUOTE_COLUMNS = ["id", "speaker", "date", "occasion", "text", "themes", "voice", *PROVENANCE]


def quotes(index: Index, *, speaker: str | None = None, search: str | None = None, voice: str | None = None) -> View:
    """Quotations, optionally by one speaker, in one voice, or containing a text."""
    speaker_id = index.actor(speaker).id if speaker else None
    voice_id = _voice_of(index, voice)
    needle = " ".join(search_words(search)) if search else None
    rows = []
    for quote in index.model.quotes:
        if speaker_id and quote.speaker != speaker_id:
            continue
        if needle and needle not in " ".join(search_words(quote.text)):
            continue
        if voice_id and quote.voice != voice_id:
            continue
        rows.append(_quote_row(quote))
    default = _with_voice(["id", "speaker", "date", "text"], rows)
    return View(
        "quotes",
        QUOTE_COLUMNS,
        rows,
        default,
        title="Quotes",
        meta=_who(index, rows),
    )


def _quote_row(quote: Quote) -> Row:
    return {
        "id": quote.id,
        "speaker": quote.speaker,
        "date": quote.date,
        "occasion": quote.occasion,
        "text": quote.text,
        "themes": list(quote.themes),
        "voice": quote.voice,
        **_provenance(quote),
    }


# --------------------------------------------------------------------------- search

SEARCH_COLUMNS = ["type", "id", "field", "score", "text"]
_FIELD_WEIGHT = {"name": 3.0, "title": 3.0, "aliases": 3.0, "text": 2.0, "description": 1.5, "summary": 1.5}


def _text_fields(rec: Any) -> Iterable[tuple[str, str]]:
    for name, value in vars(rec).items():
        if name in ("id", "priorities", "source", "reference", "basis"):
            continue
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            yield name, ", ".join(value)


MAX_SEARCH_WORDS = 32
"""A search takes at most this many distinct words: its cost stays bounded whatever is typed."""
_SPELLINGS = ((re.compile(r"\b(neo|non|post|anti|pro|geo)-(?=\w)"), r"\1"), (re.compile(r"isation"), "ization"))
_WORD_SPELLINGS = {"defence": "defense", "offence": "offense", "centre": "center", "centred": "centered"}


def search_words(text: str) -> list[str]:
    """The words of a text as search compares them: folded, with British and American spellings and
    hyphenated prefixes made one (defence/defense, organisation/organization, neo-colonialism)."""
    folded = fold(text)
    for pattern, replacement in _SPELLINGS:
        folded = pattern.sub(replacement, folded)
    return [_WORD_SPELLINGS.get(w, w) for w in re.findall(r"\w+", folded)]


def search(index: Index, text: str) -> View:
    """Records mentioning a word or phrase, best first; each hit names its type, id and best field.

    A word matches a word of a field that starts with it; the score is the share of the
    words found, plus one when they stand together as a phrase, times the field's weight.
    """
    terms = search_words(text)
    if not terms:
        raise BadValue("search needs at least one word")
    distinct = list(dict.fromkeys(terms))
    if len(distinct) > MAX_SEARCH_WORDS:
        raise BadValue(f"a search takes at most {MAX_SEARCH_WORDS} different words, not {len(distinct)}")
    phrase = " ".join(terms)
    hits: list[Row] = []
    for kind, rec in walk(index.model):
        best: tuple[float, str, str] | None = None
        for name, value in _text_fields(rec):
            words = search_words(value)
            ordered = sorted(set(words))
            matched = sum(1 for t in distinct if _has_prefix(ordered, t))
            if not matched:
                continue
            score = matched / len(distinct)
            if phrase in " ".join(words):
                score += 1.0
            score *= _FIELD_WEIGHT.get(name, 1.0)
            if best is None or score > best[0]:
                best = (score, name, value)
        if best is not None:
            hits.append({"type": kind, "id": rec.id, "field": best[1], "score": round(best[0], 2), "text": best[2]})
    hits.sort(key=lambda h: (-h["score"], h["type"], h["id"]))
    meta = {"hidden_in_tables": ["score"]}  # the order says it; a bare number would not
    return View("search", SEARCH_COLUMNS, hits, SEARCH_COLUMNS, title=f"Search: {text}", meta=meta)


def _has_prefix(ordered: list[str], prefix: str) -> bool:
    """Does some word of a sorted list start with ``prefix``? (one binary search)"""
    i = bisect.bisect_left(ordered, prefix)
    return i < len(ordered) and ordered[i].startswith(prefix)


def counts(model: Model, file: str | None = None) -> dict[str, int]:
    """How many records of each kind the model has (only those from ``file``, if given)."""
    tally: Counter[str] = Counter()
    for kind, rec in walk(model):
        if file is None or model.files.get(rec.id) == file:
            tally[kind] += 1
    order = ["source", "theme", "actor", "address", "priority", "relation", "event", "quote"]
    if model.schema_version >= 2:
        order += ["claim", "cause"]
    plural = {"address": "addresses", "priority": "priorities"}
    return {plural.get(kind, kind + "s"): tally[kind] for kind in order}


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
