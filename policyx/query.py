"""Queries over a validated model: every listing, profile and comparison, as ``View`` rows.

Owns the meaning of each command's output: which records it selects, how names resolve
(id, name or alias), date overlap and the ``View`` shape (flat rows with named columns)
that every output format renders. No printing and no formatting happen here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .errors import Ambiguous, BadValue, NotFound, did_you_mean
from .model import COLLECTIONS, EMPHASIS_ORDER, Item, Model, PartialDate

Row = dict[str, Any]


@dataclass
class View:
    """What a command shows: rows of named fields, which of them a table shows, and a title."""

    name: str
    columns: list[str]
    rows: list[Row]
    default_columns: list[str]
    title: str = ""
    summary: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, for matching names and searching."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


def parse_date(text: str, option: str) -> PartialDate:
    """A command-line date, or BadValue naming the option."""
    try:
        return PartialDate.parse(text)
    except ValueError as err:
        raise BadValue(f"{option}: {err}") from None


def display_date(date: str | None, qualifier: str | None = None, end: str | None = None) -> str:
    """A date as written (never padded to a day), with its qualifier and end."""
    if not date:
        return ""
    text = f"{qualifier} {date}" if qualifier else date
    return f"{text}..{end}" if end else text


class Index:
    """Lookups over one model, built once."""

    def __init__(self, model: Model) -> None:
        self.model = model

    @cached_property
    def actors(self) -> dict[str, Item]:
        return {a.id: a for a in self.model.actors}

    @cached_property
    def priorities(self) -> list[tuple[Item, Item]]:
        return [(a, p) for a in self.model.addresses for p in a.priorities]

    @cached_property
    def actor_names(self) -> dict[str, set[str]]:
        """Folded id, name and alias -> actor ids."""
        names: dict[str, set[str]] = {}
        for actor in self.model.actors:
            for name in (actor.id, actor.name, *actor.aliases):
                names.setdefault(fold(name), set()).add(actor.id)
        return names

    def actor(self, name: str) -> Item:
        """Resolve an actor by id, name or alias, ignoring case and accents.

        An exact id wins outright. Otherwise the best tier that matches decides: an exact
        id, name or alias; else one that starts with the text (``turkic`` -> Turkic states);
        else one in which every word of the text starts a word (``turkic org`` ->
        Organization of Turkic States). Two actors in the best tier are ambiguous.
        """
        if name in self.actors:  # an exact id needs no name index (scripts pass ids)
            return self.actors[name]
        key = fold(name.strip())
        names = self.actor_names
        tiers: tuple[Callable[[], set[str]], ...] = (
            lambda: set(names.get(key, ())),
            lambda: {aid for n, ids in names.items() if n.startswith(key) for aid in ids},
            lambda: {aid for n, ids in names.items() if _word_match(key, n) for aid in ids},
        )
        for tier in tiers:
            found = tier() if key else set()
            if len(found) == 1:
                return self.actors[found.pop()]
            if found:
                listed = ", ".join(f"{c} ({self.actors[c].name})" for c in sorted(found))
                raise Ambiguous(f"actor {name!r} is ambiguous: {listed}")
        raise NotFound(f"no actor {name!r}{did_you_mean(key, self.actor_names)}")

    def theme(self, name: str) -> Item:
        """Resolve a theme by id or name (case-insensitive)."""
        key = fold(name.strip())
        for theme in self.model.themes:
            if key in (theme.id, fold(theme.name)):
                return theme
        choices = [t.id for t in self.model.themes]
        raise NotFound(f"no theme {name!r}{did_you_mean(key, choices)}; themes: {', '.join(choices)}")

    def actor_name(self, actor_id: str) -> str:
        return self.actors[actor_id].name if actor_id in self.actors else actor_id


def _word_match(key: str, name: str) -> bool:
    """Does every word of ``key`` start a word of ``name``?"""
    words = re.findall(r"\w+", name)
    return all(any(w.startswith(k) for w in words) for k in re.findall(r"\w+", key))


PROVENANCE = ["basis", "evidence", "source", "reference", "note"]


def _provenance(rec: Any) -> Row:
    return {name: getattr(rec, name) for name in PROVENANCE}


CITE = ["evidence", "basis"]


def overlaps(start: str | None, end: str | None, lo: PartialDate | None, hi: PartialDate | None) -> bool:
    """Does [start, end] (either may be open) overlap [lo, hi] (either may be open)?"""
    if lo is not None and end is not None and PartialDate.parse(end).last_day() < lo.first_day():
        return False
    if hi is not None and start is not None and PartialDate.parse(start).first_day() > hi.last_day():
        return False
    return True


# --------------------------------------------------------------------------- priorities and compare

PRIORITY_COLUMNS = ["id", "year", "address", "emphasis", "title", "topic", "themes", "actors", "summary", *PROVENANCE]


def _priority_row(address: Item, pri: Item) -> Row:
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


def years(index: Index) -> list[int]:
    return sorted({a.year for a in index.model.addresses})


def _check_year(index: Index, year: int) -> None:
    if year not in years(index):
        raise NotFound(f"no address in {year}; years with addresses: {', '.join(map(str, years(index)))}")


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
        _check_year(index, year)
    theme_id = index.theme(theme).id if theme else None
    actor_id = index.actor(actor).id if actor else None
    if emphasis is not None and emphasis not in EMPHASIS_ORDER:
        raise BadValue(f"--emphasis: {emphasis!r} is not one of: {', '.join(EMPHASIS_ORDER)}")
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


def _address_for(index: Index, key: str) -> Item:
    """An address by id, or the single address of a year."""
    for address in index.model.addresses:
        if address.id == key:
            return address
    if not key.isdigit():
        ids = ", ".join(a.id for a in index.model.addresses)
        raise NotFound(f"no address {key!r}; give a year ({', '.join(map(str, years(index)))}) or an id ({ids})")
    year = int(key)
    _check_year(index, year)
    found = [a for a in index.model.addresses if a.year == year]
    if len(found) > 1:
        raise Ambiguous(f"{len(found)} addresses in {year}; name one by id: {', '.join(a.id for a in found)}")
    return found[0]


def compare(index: Index, first: str, second: str) -> View:
    """Two addresses side by side, earlier first: continued, new, and not in the later account."""
    a, b = _address_for(index, first), _address_for(index, second)
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


def _top(address: Item) -> Item | None:
    ranked = sorted(address.priorities, key=lambda p: EMPHASIS_ORDER[p.emphasis])
    return ranked[0] if ranked else None


def _compare_summary(earlier: Item, later: Item, rows: list[Row]) -> str:
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
    when = parse_date(as_of, "--as-of") if as_of else None
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


def _relation_row(rel: Item) -> Row:
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


def _event_key(event: Item) -> tuple[tuple[int, int, int], int, str]:
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
    lo = parse_date(start, "--from") if start else None
    hi = parse_date(end, "--to") if end else None
    if lo and hi and hi.last_day() < lo.first_day():
        raise BadValue(f"--to {end} is before --from {start}")
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


def _quote_row(quote: Item) -> Row:
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


def _searchable(index: Index) -> Iterable[tuple[str, Any]]:
    model = index.model
    for kind, records in (
        ("source", model.sources),
        ("theme", model.themes),
        ("actor", model.actors),
        ("address", model.addresses),
        ("relation", model.relations),
        ("event", model.events),
        ("quote", model.quotes),
    ):
        for rec in records:
            yield kind, rec
    for _, pri in index.priorities:
        yield "priority", pri


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
    hits = []
    for kind, rec in _searchable(index):
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
    """How many records of each collection the model has (only those from ``file``, if given)."""

    def mine(rec: Item) -> bool:
        return file is None or model.files.get(rec.id) == file

    out = {coll: sum(1 for r in getattr(model, coll) if mine(r)) for coll in COLLECTIONS if coll != "relations"}
    out["priorities"] = sum(1 for a in model.addresses for p in a.priorities if mine(p))
    out["relations"] = sum(1 for r in model.relations if mine(r))
    out["events"], out["quotes"] = out.pop("events"), out.pop("quotes")
    return out


def rows_fields(view: View, fields: Sequence[str] | None) -> list[str]:
    """The columns to show: ``fields`` if given (checked), else the view's default ones."""
    if not fields:
        return list(view.default_columns)
    unknown = [f for f in fields if f not in view.columns]
    if unknown:
        raise BadValue(
            f"--fields: unknown field {unknown[0]!r}{did_you_mean(unknown[0], view.columns)}; "
            f"fields of {view.name}: {', '.join(view.columns)}"
        )
    return list(fields)
