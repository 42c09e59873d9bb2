"""The one-page brief: what changed between two addresses and why, with every statement sourced.

Owns what a brief holds and in which order: the headline (the source's characterisation of
the shift, then policyx's own count of the coded priorities), the counts of continued / new / not-in-the-account
priorities, both addresses' priorities side by side, the causes the source gives (all of
them, the main ones marked), the key quotes, the events of the period (those that are causes
marked), the relations around the main actor, and one numbered note per record cited, with
its source, voice, basis and verbatim excerpt. It is built from the same queries as
``compare``, ``why``, ``timeline`` and ``graph``, so the brief never says what they do not.
How a brief is drawn (terminal, Markdown, JSON, HTML) is the ``output.brief_*`` modules'.
"""

from __future__ import annotations

from typing import Any

from . import graph as graphs
from . import queries
from .chains import record_title
from .errors import BadValue
from .lookup import Index
from .model import EMPHASIS_ORDER, Address, Event, PartialDate, Quote, Record
from .views import KEY_QUOTES, Brief, Commands, Entry, Graph, Note, Side, Statement, tone


class _Notes:
    """Numbered notes, one per record, numbered in the order the brief first cites them."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.notes: list[Note] = []
        self.by_id: dict[str, int] = {}
        self.sources = {s.id: s for s in index.model.sources}

    def cite(self, kind: str, rec: Record) -> int:
        if rec.id in self.by_id:
            return self.by_id[rec.id]
        number = len(self.notes) + 1
        self.notes.append(
            Note(
                number=number,
                id=rec.id,
                kind=kind,
                source=rec.source,
                voice=self.voice(rec),
                basis=rec.basis,
                evidence=rec.evidence,
                reference=rec.reference,
                note=rec.note,
            )
        )
        self.by_id[rec.id] = number
        return number

    def record(self, rec_id: str) -> tuple[str, Record]:
        kind, rec = self.index.record(rec_id)
        if not isinstance(rec, Record):
            raise BadValue(f"{rec_id!r} is a {kind}, which carries no evidence to cite")
        return kind, rec

    def cite_id(self, rec_id: str) -> int:
        return self.cite(*self.record(rec_id))

    def entry(self, rec_id: str, text: str, detail: dict[str, Any] | None = None) -> Entry:
        """A record as the brief shows it: ``text``, and the record's voice, basis, evidence and note."""
        kind, rec = self.record(rec_id)
        return Entry(rec.id, text, self.voice(rec), rec.basis, rec.evidence, self.cite(kind, rec), detail or {})

    def voice(self, rec: Record) -> str:
        """Whose view a record states, by name; "as reported" for a speaker the source reports (a
        quotation is the speaker's own words)."""
        voice = getattr(rec, "voice", None)
        name = self.index.actor_name(voice)
        return f"{name}, as reported" if self.index.reported(voice) and not isinstance(rec, Quote) else name


LINK_FIELDS = (
    "cause",
    "cause_title",
    "cause_type",
    "cause_voice",
    "cause_basis",
    "effect",
    "effect_title",
    "depth",
    "path_basis",
)


def pair(index: Index, first: str | None, second: str | None) -> tuple[Address, Address]:
    """The two addresses a brief compares: those named, else the two most recent."""
    if (first is None) != (second is None):
        raise BadValue("the brief compares two addresses: name both, or neither for the two most recent")
    if first is not None and second is not None:
        return index.address(first), index.address(second)
    ordered = sorted(index.model.addresses, key=lambda a: (PartialDate.parse(a.date).first_day(), a.id))
    if len(ordered) < 2:
        raise BadValue(f"the brief compares two addresses, and the model has {len(ordered)}")
    return ordered[-2], ordered[-1]


def _link(index: Index, notes: _Notes, row: dict[str, Any]) -> Entry:
    detail = {key: row[key] for key in LINK_FIELDS}
    detail["cause_voice"] = index.actor_name(row["cause_voice"]) if row["cause_voice"] else None
    detail["cause_reported"] = index.reported(row["cause_voice"])
    return notes.entry(row["id"], row["summary"], detail)


def build(index: Index, first: str | None = None, second: str | None = None, *, actor: str | None = None) -> Brief:
    """The brief of two addresses (default: the two most recent), around ``actor`` (default: the
    first actor of the later address's highest-coded priority, else its speaker)."""
    a, b = pair(index, first, second)
    earlier, later = queries.ordered_pair(index, a.id, b.id, what="the brief")
    view = queries.compare(index, earlier.id, later.id)
    notes = _Notes(index)
    name = index.actor_name
    caveat = queries.caveat(later.year)

    headline: list[Statement] = []
    for row in (r for r in view.rows if r["section"] == "summary"):
        if row["id"] is None:
            if row["title"] != caveat:
                headline.append(Statement(row["title"], "policyx", "count"))
            continue
        if {earlier.id, later.id} - set(getattr(index.records[row["id"]][1], "addresses", ())):
            continue  # of one address only: a reading of it, below
        number = notes.cite_id(row["id"])
        headline.append(Statement(row["title"], name(row["voice"]), row["basis"], row["evidence"], number))
    headline.sort(key=lambda s: s.note is None)  # the source's words first, policyx's count after

    readings = [  # cited straight after the headline: the page shows them under it
        notes.entry(
            c.id,
            c.summary,
            {
                "address": address.id,
                "year": address.year,
                "addresses_basis": c.addresses_basis or "stated",
                "actors": list(c.actors),
                "themes": list(c.themes),
            },
        )
        for address in (earlier, later)
        for c in index.model.claims
        if address.id in c.addresses and not {earlier.id, later.id} <= set(c.addresses)
    ]

    sides = []
    for address in (earlier, later):
        number = notes.cite("address", address)
        items = [
            notes.entry(p.id, p.title, {"emphasis": p.emphasis, "topic": p.topic, "example_of": p.example_of})
            for p in queries.in_order(address)
        ]
        sides.append(
            Side(
                address.id,
                address.year,
                address.title,
                address.date,
                name(address.speaker),
                address.summary,
                number,
                items,
                address.basis,
            )
        )

    changes = [
        notes.entry(row["id"], row["title"], {key: row[key] for key in queries.CHANGE_FIELDS})
        for row in view.rows
        if row["section"] == "priority"
    ]
    counts = {change: sum(1 for c in changes if c.detail["change"] == change) for change in queries.CHANGE_ORDER}
    shared = [
        {"names": [name(a) for a in ids], "short": [_short_name(index, a) for a in ids], "earlier": old, "later": new}
        for ids, old, new in queries.named_in_both(
            index, earlier, later, [r for r in view.rows if r["section"] == "priority"]
        )
    ]

    links = queries.causes_of_change(index, earlier, later, [r for r in view.rows if r["section"] == "priority"])
    causes = [_link(index, notes, row) for row in links]
    reached = {r["id"]: r["path_basis"] for r in view.rows if r["section"] == "reason"}
    explained = [
        {"id": r["id"], "title": r["title"], "strongest": r["path_basis"]}
        for r in view.rows
        if r["section"] == "reason"
    ]
    top = _top_change(index, later, changes)
    order = {c.id: i for i, c in enumerate(index.model.causes)}
    reasons = sorted(
        (c for c in causes if top is not None and c.detail["effect"] == top and c.detail["depth"] == 1),
        key=lambda c: order[c.id],
    )

    main = main_actor(index, later, actor)
    in_chain = {c.id for c in causes}
    context = [
        _link(index, notes, row) for row in queries.why(index, main).rows if row["depth"] and row["id"] not in in_chain
    ]

    quotes = [_quote(index, q, notes) for q in key_quotes(index, earlier, later)]

    span, events = period_events(index, earlier, later)
    cause_records = {c.detail["cause"] for c in causes}
    address_events = {earlier.event, later.event} - {None}
    event_items = [
        notes.entry(
            e.id,
            e.title,
            {
                "date": queries.display_date(e.date, e.date_qualifier, e.end),
                "start": e.date,
                "end": e.end,
                "precision": PartialDate.parse(e.date).precision,
                "qualifier": e.date_qualifier,
                "kind": e.kind,
                "cause": e.id in cause_records,
                "address": e.id in address_events,
            },
        )
        for e in events
    ]

    around = graphs.build(index, actor=main, depth=1)
    own = [r for r in around.edges if main in (r.from_, r.to)]  # its own relations, not its neighbours'
    kept = {r.from_ for r in own} | {r.to for r in own} | {main}
    net = Graph([a for a in around.nodes if a.id in kept], own, around.title)
    relations = [
        notes.entry(
            r.id,
            r.summary,
            {
                "from": name(r.from_),
                "to": name(r.to),
                "kind": r.kind,
                "score": r.score,
                "tone": tone(r.score),
                "since": r.since,
                "until": r.until,
                "mutual": r.mutual,
            },
        )
        for r in net.edges
    ]

    by_year = [a.year for a in index.model.addresses]
    named_by_year = (first is None or str(first).isdigit()) and all(
        by_year.count(x.year) == 1 for x in (earlier, later)
    )
    years = f"{earlier.year} {later.year}" if named_by_year else f"{earlier.id} {later.id}"
    return Brief(
        title=f"What changed, and why: {earlier.title} \u2192 {later.title}",
        source=later.source,
        earlier=sides[0],
        later=sides[1],
        headline=headline,
        counts=counts,
        changes=changes,
        shared=shared,
        causes=causes,
        top={
            "id": top,
            "title": _title(index, top),
            "strongest": reached.get(top),
            "actors": list(getattr(index.records[top][1], "actors", [])),
            "themes": list(getattr(index.records[top][1], "themes", [])),
        }
        if top
        else None,
        reasons=reasons,
        explained=explained,
        readings=readings,
        context=context,
        quotes=quotes,
        events=event_items,
        span=span,
        actor={"id": main, "name": name(main)},
        relations=relations,
        graph=net,
        notes=notes.notes,
        sources={
            sid: notes.sources[sid]
            for sid in dict.fromkeys([later.source, *(x for n in notes.notes for x in (n.source, n.reference) if x)])
            if sid in notes.sources
        },
        caveat=caveat,
        commands=Commands(
            compare=f"policyx compare {years}",
            why=f"policyx why {top}" if top else f"policyx why {later.id}",
            actor=f"policyx why {main}",
            page=f"policyx brief {years} --export brief.html",
        ),
    )


def _short_name(index: Index, actor_id: str) -> str:
    """An actor's shortest name: an alias written all in capitals (an acronym, "OIC") if it has one."""
    actor = index.actors[actor_id]
    acronyms = [a for a in actor.aliases if a.isupper() and len(a) < len(actor.name)]
    return min(acronyms, key=len) if acronyms else actor.name


def _title(index: Index, rec_id: str | None) -> str:
    return record_title(index.records[rec_id][1]) if rec_id else ""


def _top_change(index: Index, later: Address, changes: list[Entry]) -> str | None:
    """The change the brief explains first: the later address's highest-coded priority that is new
    or weighted otherwise (else the first changed one)."""
    moved = [
        c.detail["later_id"]
        for c in changes
        if c.detail["later_id"] and (c.detail["change"] != "continued" or c.detail["shift"] in ("raised", "lowered"))
    ]
    if not moved:
        return next((c.id for c in changes if c.detail["change"] != "continued"), None)
    rank = {p.id: i for i, p in enumerate(queries.umbrellas(later))}
    return str(min(moved, key=lambda pid: rank.get(pid, len(rank))))


def main_actor(index: Index, later: Address, actor: str | None) -> str:
    """The actor the brief's relations centre on: the one asked for, else the first actor of the later
    address's highest-coded priority that names one, else the address's speaker."""
    if actor is not None:
        return index.actor(actor).id
    for pri in sorted(later.priorities, key=lambda p: EMPHASIS_ORDER[p.emphasis]):
        for aid in pri.actors:
            if aid in index.actors:
                return aid
    return later.speaker


def key_quotes(index: Index, earlier: Address, later: Address) -> list[Quote]:
    """Up to two quotes: the later address's speaker's own words, those said at the later address
    first, then the most recent; then the earlier address's; quotes the source gives no date kept last."""
    occasions = {event: rank for event, rank in ((later.event, 0), (earlier.event, 1)) if event}

    def key(q: Quote) -> tuple[int, int, tuple[int, int, int]]:
        year, month, day = PartialDate.parse(q.date).first_day() if q.date else (0, 0, 0)
        return (occasions.get(q.occasion or "", 2), 0 if q.date else 1, (-year, -month, -day))

    own = [q for q in index.model.quotes if q.speaker == later.speaker and q.voice == later.speaker]
    return sorted(own, key=key)[:KEY_QUOTES]


def _quote(index: Index, q: Quote, notes: _Notes) -> Entry:
    occasion = index.events.get(q.occasion or "")
    detail = {"speaker": index.actor_name(q.speaker), "date": q.date, "occasion": occasion.title if occasion else None}
    return notes.entry(q.id, q.text, detail)


def period_events(index: Index, earlier: Address, later: Address) -> tuple[tuple[str, str], list[Event]]:
    """The period the brief's timeline covers (the earlier address's year to the later one's) and its
    events, in timeline order."""
    lo = PartialDate(earlier.year)
    hi = PartialDate(later.year)
    inside = [
        e
        for e in index.model.events
        if PartialDate.parse(e.end or e.date).last_day() >= lo.first_day()
        and PartialDate.parse(e.date).first_day() <= hi.last_day()
    ]
    return (str(lo), str(hi)), queries.sorted_events(index, inside)
