"""The one-page brief: what changed between two addresses and why, with every statement sourced.

Owns what a brief holds and in which order: the headline (the source's characterisation of
the shift, then policyx's own count of the coded priorities), the counts of continued / new / not-in-the-account
priorities, both addresses' priorities side by side, the causes the model links to the changes (all of
them, the main ones marked), the key quotes, the events of the period (those that are causes
marked), the relations around the main actor, one numbered note per record cited, with
its source, voice, basis and verbatim excerpt, and what each command of "where to look next"
names. It is built from the same queries as ``compare``, ``why``, ``timeline`` and ``graph``,
so the brief never says what they do not. It gathers facts (ids, titles, names, years, bases,
flags; their shapes are ``brief_data``'s); how a brief is worded and drawn (terminal,
Markdown, JSON, HTML) is the ``output.brief_*`` modules'.
"""

from __future__ import annotations

from typing import TypeVar

from . import graph as graphs
from . import queries
from .brief_data import (
    ActorRef,
    Brief,
    ChangeDetail,
    Commands,
    Entry,
    EventDetail,
    Explained,
    LinkDetail,
    Note,
    PriorityDetail,
    QuoteDetail,
    ReadingDetail,
    RelationDetail,
    Shared,
    Side,
    Statement,
    TopChange,
)
from .chains import STRENGTH, record_title
from .errors import BadValue
from .lookup import Index, in_date_order, overlaps
from .model import Address, Event, PartialDate, Quote, Record
from .results import Comparison, PriorityChange, Reached
from .results import Shared as SharedActors
from .views import Graph, LinkRow, no_grounds, tone

KEY_QUOTES = 2
"""The quotes a brief holds, at most."""

D = TypeVar("D")


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
                reported=self.reported(rec),
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

    def entry(self, rec_id: str, text: str, detail: D) -> Entry[D]:
        """A record as the brief shows it: ``text``, and the record's voice, basis, evidence and note."""
        kind, rec = self.record(rec_id)
        number = self.cite(kind, rec)
        return Entry(rec.id, text, self.voice(rec), self.reported(rec), rec.basis, rec.evidence, number, detail)

    def voice(self, rec: Record) -> str:
        """Whose view a record states, by name."""
        return self.index.actor_name(getattr(rec, "voice", None))

    def reported(self, rec: Record) -> bool:
        """Does the source report the record's voice (a speaker), rather than state its own view? A
        quotation is the speaker's own words."""
        return self.index.reported(getattr(rec, "voice", None)) and not isinstance(rec, Quote)


def pair(index: Index, first: str | None, second: str | None) -> tuple[Address, Address]:
    """The two addresses a brief compares: those named, else the two most recent."""
    if (first is None) != (second is None):
        raise BadValue("the brief compares two addresses: name both, or neither for the two most recent")
    if first is not None and second is not None:
        return index.address(first), index.address(second)
    ordered = in_date_order(index.model.addresses)
    if len(ordered) < 2:
        raise BadValue(f"the brief compares two addresses, and the model has {len(ordered)}")
    return ordered[-2], ordered[-1]


def build(index: Index, first: str | None = None, second: str | None = None, *, actor: str | None = None) -> Brief:
    """The brief of two addresses (default: the two most recent), around ``actor`` (default: the
    first actor of the later address's highest-coded priority, else its speaker)."""
    a, b = pair(index, first, second)
    compared = queries.comparison(index, a.id, b.id, what="the brief")
    earlier, later = compared.earlier, compared.later
    notes = _Notes(index)
    headline = _headline(index, notes, compared)
    readings = _readings(index, notes, earlier, later)  # cited after the headline: the page shows them under it
    earlier_side, later_side = (_side(index, notes, address) for address in (earlier, later))
    changes = [notes.entry(x.shown.id, x.shown.title, _change(x)) for x in compared.changes]
    causes = [_link(index, notes, row) for row in compared.links]
    top = _top_change(index, later, changes)
    order = {c.id: i for i, c in enumerate(index.model.causes)}
    reasons = sorted(
        (c for c in causes if top is not None and c.detail["effect"] == top and c.detail["depth"] == 1),
        key=lambda c: order[c.id],
    )
    main = main_actor(index, later, actor)
    in_chain = {c.id for c in causes}
    context = [_link(index, notes, row) for row in queries.why_links(index, main) if row["id"] not in in_chain]
    quotes = [_quote(index, q, notes) for q in key_quotes(index, earlier, later)]
    span, events = period_events(index, earlier, later)
    event_items = _events(notes, events, causes, (earlier, later))
    net, relations = _relations(index, notes, main)
    return Brief(
        source=later.source,
        earlier=earlier_side,
        later=later_side,
        headline=headline,
        counts={change: sum(1 for c in changes if c.detail["change"] == change) for change in queries.CHANGE_ORDER},
        changes=changes,
        shared=[_shared(index, s) for s in compared.shared],
        causes=causes,
        top=_top(index, top, compared.reached),
        reasons=reasons,
        explained=[
            Explained(
                id=r.priority.id,
                title=r.priority.title,
                strongest=r.path_basis,
                grounds=r.grounds,
                absent_from=None if r.priority in later.priorities else later.year,
            )
            for r in compared.reached
        ],
        readings=readings,
        context=context,
        quotes=quotes,
        events=event_items,
        span=span,
        actor=ActorRef(id=main, name=index.actor_name(main)),
        relations=relations,
        graph=net,
        notes=notes.notes,
        sources={
            sid: notes.sources[sid]
            for sid in dict.fromkeys([later.source, *(x for n in notes.notes for x in (n.source, n.reference) if x)])
            if sid in notes.sources
        },
        commands=_commands(index, earlier, later, first, top or later.id, main),
        comparison=compared,
    )


def _headline(index: Index, notes: _Notes, compared: Comparison) -> list[Statement]:
    """The source's words on the shift: its claims about both addresses (a claim of one is a reading
    of it, below). policyx's own count of the items follows them, worded by the output."""
    both = {compared.earlier.id, compared.later.id}
    return [
        Statement(claim.summary, index.actor_name(claim.voice), claim.basis, claim.evidence, notes.cite_id(claim.id))
        for claim in compared.claims
        if both <= set(claim.addresses)
    ]


def _readings(index: Index, notes: _Notes, earlier: Address, later: Address) -> list[Entry[ReadingDetail]]:
    """The source's claims about one of the two addresses, the earlier address's first."""
    return [
        notes.entry(
            c.id,
            c.summary,
            ReadingDetail(
                address=address.id,
                year=address.year,
                addresses_basis=c.addresses_basis or "stated",
                actors=list(c.actors),
                themes=list(c.themes),
            ),
        )
        for address in (earlier, later)
        for c in index.model.claims
        if address.id in c.addresses and not {earlier.id, later.id} <= set(c.addresses)
    ]


def _side(index: Index, notes: _Notes, address: Address) -> Side:
    """One address and its priorities, the address cited first."""
    number = notes.cite("address", address)
    items = [
        notes.entry(p.id, p.title, PriorityDetail(emphasis=p.emphasis, topic=p.topic, example_of=p.example_of))
        for p in queries.in_order(address)
    ]
    speaker = index.actor_name(address.speaker)
    return Side(
        address.id, address.year, address.title, address.date, speaker, address.summary, number, items, address.basis
    )


def _change(x: PriorityChange) -> ChangeDetail:
    """How a priority changed between the two accounts."""
    return ChangeDetail(
        change=x.change.value,
        earlier_id=x.earlier.id if x.earlier else None,
        later_id=x.later.id if x.later else None,
        earlier_emphasis=x.earlier.emphasis if x.earlier else None,
        later_emphasis=x.later.emphasis if x.later else None,
        shift=x.shift.value if x.shift else "",
        earlier_examples=list(x.earlier_examples),
        later_examples=list(x.later_examples),
    )


def _shared(index: Index, shared: SharedActors) -> Shared:
    return Shared(
        names=[index.actor_name(a) for a in shared.actors],
        short=[_short_name(index, a) for a in shared.actors],
        earlier=shared.earlier,
        later=shared.later,
    )


def _link(index: Index, notes: _Notes, row: LinkRow) -> Entry[LinkDetail]:
    """A ``why`` row: the link from a cause to its effect, with whose point the cause is."""
    voice = row["cause_voice"]
    detail = LinkDetail(
        cause=row["cause"],
        cause_title=row["cause_title"],
        cause_type=row["cause_type"],
        cause_voice=index.actor_name(voice) if voice else None,
        cause_basis=row["cause_basis"],
        effect=row["effect"],
        effect_title=row["effect_title"],
        depth=row["depth"],
        path_basis=row["path_basis"],
        cause_reported=index.reported(voice),
        policy=row["policy"],
        policy_title=row["policy_title"],
        policy_basis=row["policy_basis"],
        policy_name=getattr(index.records[row["policy"]][1], "policy_name", None) if row["policy"] else None,
    )
    return notes.entry(row["id"], row["summary"], detail)


def _top(index: Index, top: str | None, reached: tuple[Reached, ...]) -> TopChange | None:
    """The change the brief explains first, with the basis of the strongest link into it."""
    if not top:
        return None
    rec = index.records[top][1]
    known = {r.priority.id: r for r in reached}.get(top)
    return TopChange(
        id=top,
        title=record_title(rec),
        strongest=known.path_basis if known else None,
        grounds=known.grounds if known else no_grounds(),
        actors=list(getattr(rec, "actors", [])),
        themes=list(getattr(rec, "themes", [])),
    )


def _events(
    notes: _Notes, events: list[Event], causes: list[Entry[LinkDetail]], addresses: tuple[Address, Address]
) -> list[Entry[EventDetail]]:
    """The period's events, each marked if it is a cause in the chain (with its strongest path's basis)
    or the occasion of an address."""
    cause_records = {c.detail["cause"] for c in causes}
    paths: dict[str, str] = {}
    for c in causes:
        basis, cause = c.detail["path_basis"], c.detail["cause"]
        if STRENGTH[basis] > STRENGTH.get(paths.get(cause, ""), -1):
            paths[cause] = basis
    address_events = {x.event for x in addresses} - {None}
    return [
        notes.entry(
            e.id,
            e.title,
            EventDetail(
                date=queries.display_date(e.date, e.date_qualifier, e.end),
                start=e.date,
                end=e.end,
                precision=PartialDate.parse(e.date).precision,
                qualifier=e.date_qualifier,
                date_basis=e.date_basis,
                kind=e.kind,
                cause=e.id in cause_records,
                cause_path=paths.get(e.id),
                address=e.id in address_events,
            ),
        )
        for e in events
    ]


def _relations(index: Index, notes: _Notes, main: str) -> tuple[Graph, list[Entry[RelationDetail]]]:
    """The main actor's own relations (not its neighbours'), as a graph and as entries."""
    around = graphs.build(index, actor=main, depth=1)
    own = [r for r in around.edges if main in (r.from_, r.to)]
    kept = {r.from_ for r in own} | {r.to for r in own} | {main}
    net = Graph([a for a in around.nodes if a.id in kept], own, around.title)
    entries = []
    for r in net.edges:
        detail: RelationDetail = {
            "from": index.actor_name(r.from_),
            "to": index.actor_name(r.to),
            "kind": r.kind,
            "score": r.score,
            "tone": tone(r.score),
            "since": r.since,
            "until": r.until,
            "mutual": r.mutual,
        }
        entries.append(notes.entry(r.id, r.summary, detail))
    return net, entries


def _commands(index: Index, earlier: Address, later: Address, first: str | None, why: str, actor: str) -> Commands:
    """What the commands of "where to look next" name: the addresses by year when the brief was asked
    for by years (or for the two most recent) and no other address has either year, else by id."""
    by_year = [a.year for a in index.model.addresses]
    named_by_year = (first is None or str(first).isdigit()) and all(
        by_year.count(x.year) == 1 for x in (earlier, later)
    )
    earlier_name, later_name = (str(x.year) if named_by_year else x.id for x in (earlier, later))
    return Commands(earlier=earlier_name, later=later_name, why=why, actor=actor)


def _short_name(index: Index, actor_id: str) -> str:
    """An actor's shortest name: an alias written all in capitals (an acronym, "OIC") if it has one."""
    actor = index.actors[actor_id]
    acronyms = [a for a in actor.aliases if a.isupper() and len(a) < len(actor.name)]
    return min(acronyms, key=len) if acronyms else actor.name


def _top_change(index: Index, later: Address, changes: list[Entry[ChangeDetail]]) -> str | None:
    """The change the brief explains first: the later address's highest-coded priority that is new
    or weighted otherwise (else the first changed one)."""
    moved = [
        pid
        for c in changes
        if (pid := c.detail["later_id"])
        and (c.detail["change"] != "continued" or c.detail["shift"] in ("raised", "lowered"))
    ]
    if not moved:
        return next((c.id for c in changes if c.detail["change"] != "continued"), None)
    rank = {p.id: i for i, p in enumerate(queries.umbrellas(later))}
    return min(moved, key=lambda pid: rank.get(pid, len(rank)))


def main_actor(index: Index, later: Address, actor: str | None) -> str:
    """The actor the brief's relations centre on: the one asked for, else the first actor of the later
    address's highest-coded priority that names one, else the address's speaker."""
    if actor is not None:
        return index.actor(actor).id
    for pri in queries.ranked(later.priorities):
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


def _quote(index: Index, q: Quote, notes: _Notes) -> Entry[QuoteDetail]:
    occasion = index.events.get(q.occasion or "")
    detail = QuoteDetail(
        speaker=index.actor_name(q.speaker), date=q.date, occasion=occasion.title if occasion else None
    )
    return notes.entry(q.id, q.text, detail)


def period_events(index: Index, earlier: Address, later: Address) -> tuple[tuple[str, str], list[Event]]:
    """The period the brief's timeline covers (the earlier address's year to the later one's) and its
    events, in timeline order."""
    lo = PartialDate(earlier.year)
    hi = PartialDate(later.year)
    inside = [e for e in index.model.events if overlaps(e.date, e.end or e.date, lo, hi)]
    return (str(lo), str(hi)), queries.sorted_events(index, inside)
