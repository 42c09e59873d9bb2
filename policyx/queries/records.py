"""Listings of one kind of record: themes (with how many records carry each), relations, quotes."""

from __future__ import annotations

from collections import Counter

from ..lookup import Index, one_of, overlaps, parse_date
from ..model import (
    PROVENANCE,
    Quote,
    Relation,
)
from ..views import Row, View
from .common import provenance, voice_of, who, with_voice
from .search import search_words

THEME_COLUMNS = ["id", "name", "description", "priorities", "events", "quotes", *PROVENANCE]


def themes(index: Index) -> View:
    """Every theme with how many of the source's items, events and quotes carry it (one pass over each).

    An item is a priority that is no other's example: an example the source lists under it counts
    with it, once, so an umbrella and its examples are not several priorities."""
    items: dict[str, set[str]] = {}
    for _, p in index.priorities:
        items.setdefault(p.example_of or p.id, set()).update(p.themes)
    tagged = {
        "priorities": Counter(t for themes in items.values() for t in themes),
        "events": Counter(t for e in index.model.events for t in set(e.themes)),
        "quotes": Counter(t for q in index.model.quotes for t in set(q.themes)),
    }
    rows = [
        {
            "id": theme.id,
            "name": theme.name,
            "description": theme.description,
            **{coll: counter[theme.id] for coll, counter in tagged.items()},
            **provenance(theme),
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
    actor_id = index.actor_filter(actor).id if actor else None
    voice_id = voice_of(index, voice)
    if kind is not None:
        one_of(kind, relation_kinds(index), "relation kind", "kinds")
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
    default = with_voice(["id", "from", "kind", "to", "score", "since", "until"], rows)
    meta = who(index, rows)
    return View("relations", RELATION_COLUMNS, rows, default, title="Relations", meta=meta)


def relation_kinds(index: Index) -> list[str]:
    """The kinds of relation the model has, in alphabetical order (what ``--kind`` accepts)."""
    return sorted({r.kind for r in index.model.relations})


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
        **provenance(rel),
    }


QUOTE_COLUMNS = ["id", "speaker", "date", "occasion", "text", "themes", "voice", *PROVENANCE]


def quotes(index: Index, *, speaker: str | None = None, search: str | None = None, voice: str | None = None) -> View:
    """Quotations, optionally by one speaker, in one voice, or containing a text."""
    speaker_id = index.actor_filter(speaker).id if speaker else None
    voice_id = voice_of(index, voice)
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
    default = with_voice(["id", "speaker", "date", "occasion", "text"], rows)
    return View(
        "quotes",
        QUOTE_COLUMNS,
        rows,
        default,
        title="Quotes",
        meta=who(index, rows),
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
        **provenance(quote),
    }
