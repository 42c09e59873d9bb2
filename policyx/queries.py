"""Queries over a validated model: every listing, profile and comparison, as ``View`` rows.

Owns the meaning of each command's output: which records it selects, in which order, and
the fields of each row. Names typed by a person are resolved by ``lookup``; no printing
and no formatting happen here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .errors import BadValue, NotFound
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
from .views import Row, View


def display_date(date: str | None, qualifier: str | None = None, end: str | None = None) -> str:
    """A date as written (never padded to a day), with its qualifier and end."""
    if not date:
        return ""
    text = f"{qualifier} {date}" if qualifier else date
    return f"{text}..{end}" if end else text


def _provenance(rec: Record) -> Row:
    return {name: getattr(rec, name) for name in PROVENANCE}


CITE = ["evidence", "basis"]


# --------------------------------------------------------------------------- priorities and compare

PRIORITY_COLUMNS = ["id", "year", "address", "emphasis", "title", "topic", "themes", "actors", "summary", *PROVENANCE]


def _priority_row(address: Address, pri: Priority) -> Row:
    return {
        "id": pri.id,
        "year": address.year,
        "address": address.id,
        "emphasis": pri.emphasis,
        "title": pri.title,
        "topic": pri.topic,
        "themes": list(pri.themes),
        "actors": list(pri.actors),
        "summary": pri.summary,
        **_provenance(pri),
    }


def priorities(
    index: Index,
    *,
    year: int | None = None,
    theme: str | None = None,
    actor: str | None = None,
    emphasis: str | None = None,
    cite: bool = False,
) -> View:
    """Priorities grouped by address (oldest first), highest emphasis first within each."""
    if year is not None:
        index.check_year(year)
    theme_id = index.theme(theme).id if theme else None
    actor_id = index.actor(actor).id if actor else None
    if emphasis is not None and emphasis not in EMPHASIS_ORDER:
        raise BadValue(f"emphasis {emphasis!r} is not one of: {', '.join(EMPHASIS_ORDER)}")
    addresses = sorted(index.model.addresses, key=lambda a: (PartialDate.parse(a.date), a.id))
    rows = []
    for address in addresses:
        if year is not None and address.year != year:
            continue
        ranked = sorted(address.priorities, key=lambda p: EMPHASIS_ORDER[p.emphasis])
        for pri in ranked:
            if theme_id and theme_id not in pri.themes:
                continue
            if actor_id and actor_id not in pri.actors:
                continue
            if emphasis and pri.emphasis != emphasis:
                continue
            rows.append(_priority_row(address, pri))
    default = ["id", "year", "emphasis", "title", "themes", "actors"] + (CITE if cite else [])
    return View("priorities", PRIORITY_COLUMNS, rows, default, title="Priorities by address")


COMPARE_COLUMNS = [
    "topic",
    "change",
    "title",
    "earlier_id",
    "later_id",
    "earlier_emphasis",
    "later_emphasis",
    "shift",
    "earlier_evidence",
    "later_evidence",
    "earlier_basis",
    "later_basis",
]
CHANGE_ORDER = {"continued": 0, "new": 1, "not-in-later-account": 2}


def compare(index: Index, first: str, second: str) -> View:
    """Two addresses side by side, earlier first: continued, new, and not in the later account."""
    a, b = index.address(first), index.address(second)
    if a.id == b.id:
        raise BadValue(f"compare needs two different addresses, got {a.id!r} twice")
    earlier, later = sorted((a, b), key=lambda x: (PartialDate.parse(x.date), x.id))
    before = {p.topic: p for p in earlier.priorities}
    after = {p.topic: p for p in later.priorities}
    rows: list[Row] = []
    for topic in [*before, *(t for t in after if t not in before)]:
        old, new = before.get(topic), after.get(topic)
        change = "continued" if old and new else ("new" if new else "not-in-later-account")
        shift = ""
        if old and new:
            delta = EMPHASIS_ORDER[old.emphasis] - EMPHASIS_ORDER[new.emphasis]
            shift = "raised" if delta > 0 else ("lowered" if delta < 0 else "same")
        shown = new or old
        assert shown is not None
        rows.append(
            {
                "topic": topic,
                "change": change,
                "title": shown.title,
                "earlier_id": old.id if old else None,
                "later_id": new.id if new else None,
                "earlier_emphasis": old.emphasis if old else None,
                "later_emphasis": new.emphasis if new else None,
                "shift": shift,
                "earlier_evidence": old.evidence if old else None,
                "later_evidence": new.evidence if new else None,
                "earlier_basis": old.basis if old else None,
                "later_basis": new.basis if new else None,
            }
        )
    rows.sort(
        key=lambda r: (
            CHANGE_ORDER[r["change"]],
            EMPHASIS_ORDER[r["later_emphasis"] or r["earlier_emphasis"]],
        )
    )
    view = View(
        "compare",
        COMPARE_COLUMNS,
        rows,
        ["topic", "change", "earlier_emphasis", "later_emphasis", "shift", "title"],
        title=f"{earlier.title} \u2192 {later.title}",
        summary=_compare_summary(earlier, later, rows),
        meta={"earlier": earlier.year, "later": later.year},
    )
    return view


def _top(address: Address) -> Priority | None:
    ranked = sorted(address.priorities, key=lambda p: EMPHASIS_ORDER[p.emphasis])
    return ranked[0] if ranked else None


def _compare_summary(earlier: Address, later: Address, rows: list[Row]) -> str:
    count = {c: sum(1 for r in rows if r["change"] == c) for c in CHANGE_ORDER}
    raised = [r["title"] for r in rows if r["shift"] == "raised"]
    lowered = [r["title"] for r in rows if r["shift"] == "lowered"]
    parts = [
        f"In the source's account, {later.year} keeps {count['continued']} of {earlier.year}'s "
        f"{len(earlier.priorities)} priorities, adds {count['new']}, and does not mention "
        f"{count['not-in-later-account']}."
    ]
    top_before, top_after = _top(earlier), _top(later)
    if top_before and top_after and top_before.topic != top_after.topic:
        parts.append(
            f"The top priority moves from \u201c{top_before.title}\u201d ({top_before.emphasis}) "
            f"to \u201c{top_after.title}\u201d ({top_after.emphasis})."
        )
    if raised:
        parts.append(f"Raised in emphasis: {'; '.join(raised)}.")
    if lowered:
        parts.append(f"Lowered in emphasis: {'; '.join(lowered)}.")
    parts.append("An account of a speech is not the whole speech: absent means absent from the source.")
    return " ".join(parts)


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
    *PROVENANCE,
]


def actors(index: Index, *, kind: str | None = None) -> View:
    """Every actor, optionally of one kind, in model order."""
    kinds = sorted({a.kind for a in index.model.actors})
    if kind is not None and kind not in kinds:
        raise NotFound(f"no actors of kind {kind!r}; kinds: {', '.join(kinds)}")
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
                **_provenance(pri),
            )
        )
        sources.append(pri.source)
    for event in sorted((e for e in index.model.events if aid in e.actors), key=_event_key):
        rows.append(
            _profile_row(
                "event",
                event.id,
                kind=event.kind,
                name=event.title,
                date=display_date(event.date, event.date_qualifier, event.end),
                detail=event.summary,
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
                    **_provenance(quote),
                )
            )
            sources.append(quote.source)
    by_id = {s.id: s for s in index.model.sources}
    for sid in dict.fromkeys(sources):
        src = by_id[sid]
        rows.append(_profile_row("source", sid, kind=src.kind, name=src.title, date=src.published, detail=src.outlet))
    default = ["section", "id", "kind", "name", "direction", "score", "date"]
    return View("actor", PROFILE_COLUMNS, rows, default, title=actor.name)


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


RELATION_COLUMNS = ["id", "from", "to", "kind", "score", "mutual", "since", "until", "summary", *PROVENANCE]


def relations(
    index: Index,
    *,
    actor: str | None = None,
    kind: str | None = None,
    min_score: int | None = None,
    max_score: int | None = None,
    as_of: str | None = None,
) -> View:
    """Relations, filtered; ``as_of`` keeps those whose known validity includes that date."""
    actor_id = index.actor(actor).id if actor else None
    kinds = sorted({r.kind for r in index.model.relations})
    if kind is not None and kind not in kinds:
        raise NotFound(f"no relations of kind {kind!r}; kinds: {', '.join(kinds)}")
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
        rows.append(_relation_row(rel))
    default = ["id", "from", "kind", "to", "score", "since", "until"]
    return View("relations", RELATION_COLUMNS, rows, default, title="Relations")


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
    *PROVENANCE,
]


_QUALIFIER_ORDER = {"before": -1, None: 0, "about": 0, "after": 1}


def _event_key(event: Event) -> tuple[tuple[int, int, int], int, str]:
    """Chronological: by first possible day, 'before X' ahead of X, 'after X' behind it."""
    return (PartialDate.parse(event.date).first_day(), _QUALIFIER_ORDER[event.date_qualifier], event.id)


def timeline(
    index: Index,
    *,
    start: str | None = None,
    end: str | None = None,
    actor: str | None = None,
    theme: str | None = None,
) -> View:
    """Events in date order; ``start``/``end`` keep events that overlap the period."""
    lo = parse_date(start, "start date") if start else None
    hi = parse_date(end, "end date") if end else None
    if lo and hi and hi.last_day() < lo.first_day():
        raise BadValue(f"the end date {end} is before the start date {start}")
    actor_id = index.actor(actor).id if actor else None
    theme_id = index.theme(theme).id if theme else None
    rows = []
    for event in sorted(index.model.events, key=_event_key):
        if not overlaps(event.date, event.end or event.date, lo, hi):
            continue
        if actor_id and actor_id not in event.actors:
            continue
        if theme_id and theme_id not in event.themes:
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
                **_provenance(event),
            }
        )
    return View("timeline", TIMELINE_COLUMNS, rows, ["date", "kind", "title", "id"], title="Timeline")


QUOTE_COLUMNS = ["id", "speaker", "date", "occasion", "text", "themes", *PROVENANCE]


def quotes(index: Index, *, speaker: str | None = None, search: str | None = None) -> View:
    """Quotations, optionally by one speaker or containing a text."""
    speaker_id = index.actor(speaker).id if speaker else None
    needle = fold(search) if search else None
    rows = []
    for quote in index.model.quotes:
        if speaker_id and quote.speaker != speaker_id:
            continue
        if needle and needle not in fold(quote.text):
            continue
        rows.append(_quote_row(quote))
    return View("quotes", QUOTE_COLUMNS, rows, ["id", "speaker", "date", "text"], title="Quotes")


def _quote_row(quote: Quote) -> Row:
    return {
        "id": quote.id,
        "speaker": quote.speaker,
        "date": quote.date,
        "occasion": quote.occasion,
        "text": quote.text,
        "themes": list(quote.themes),
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


def search(index: Index, text: str) -> View:
    """Records mentioning a word or phrase, best first; each hit names its type, id and best field."""
    terms = re.findall(r"\w+", fold(text))
    if not terms:
        raise BadValue("search needs at least one word")
    phrase = " ".join(terms)
    hits: list[Row] = []
    for kind, rec in walk(index.model):
        best: tuple[float, str, str] | None = None
        for name, value in _text_fields(rec):
            folded = " ".join(re.findall(r"\w+", fold(value)))
            words = set(folded.split())
            matched = sum(1 for t in terms if t in words or any(w.startswith(t) for w in words))
            if not matched:
                continue
            score = matched / len(terms)
            if phrase in folded:
                score += 1.0
            score *= _FIELD_WEIGHT.get(name, 1.0)
            if best is None or score > best[0]:
                best = (score, name, value)
        if best is not None:
            hits.append({"type": kind, "id": rec.id, "field": best[1], "score": round(best[0], 2), "text": best[2]})
    hits.sort(key=lambda h: (-h["score"], h["type"], h["id"]))
    return View("search", SEARCH_COLUMNS, hits, SEARCH_COLUMNS, title=f"Search: {text}")


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
