"""Listings of one kind of record: themes (with how many records carry each), relations, quotes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from ..lookup import Index, fold, one_of, overlaps, parse_date
from ..model import (
    PROVENANCE,
    PartialDate,
    Quote,
    Relation,
    Theme,
)
from ..views import Row, Value, View
from .common import listed, provenance, voice_of, voiced, who, with_voice
from .search import search_words

THEME_COLUMNS = ["id", "name", "description", "priorities", "events", "quotes", "claims", *PROVENANCE]


def themes(index: Index) -> View:
    """Every theme with how many of the source's items, events, quotes and claims carry it (one pass over each).

    An item is a priority that is no other's example: an example the source lists under it counts
    with it, once, so an umbrella and its examples are not several priorities."""
    items: dict[str, set[str]] = {}
    for _, p in index.priorities:
        items.setdefault(p.example_of or p.id, set()).update(p.themes)
    tagged = {
        "priorities": Counter(t for themes in items.values() for t in themes),
        "events": Counter(t for e in index.model.events for t in set(e.themes)),
        "quotes": Counter(t for q in index.model.quotes for t in set(q.themes)),
        "claims": Counter(t for c in index.model.claims for t in set(c.themes)),
    }
    rows = [
        _theme_row(theme, {coll: counter[theme.id] for coll, counter in tagged.items()}) for theme in index.model.themes
    ]
    return View("themes", THEME_COLUMNS, rows, THEME_DEFAULT, title="Themes")


THEME_DEFAULT = ["id", "name", "priorities", "events", "quotes", "claims"]


def _theme_row(theme: Theme, counts: dict[str, int]) -> Row:
    """A theme's row: its name and description, how many items, events, quotes and claims carry it, and
    its provenance."""
    return {"id": theme.id, "name": theme.name, "description": theme.description, **counts, **provenance(theme)}


def themes_in_chunks(chunks: Iterable[list[tuple[Theme, dict[str, int]]]]) -> View:
    """Every theme (the model's order) from themes that come a chunk at a time with their counts (the
    store's, ``dbread.theme_counts``): the rows of ``themes``."""
    return listed("themes", THEME_COLUMNS, THEME_DEFAULT, "Themes", lambda pair: _theme_row(*pair), chunks)


RELATION_COLUMNS = [
    "id",
    "from",
    "to",
    "counterpart",
    "direction",
    "kind",
    "score",
    "mutual",
    "since",
    "until",
    "summary",
    "voice",
    *PROVENANCE,
]
"""A relation's fields; with ``--actor A``, ``counterpart`` is the actor on A's other side and ``direction``
says which way it runs from A: ``out`` (A toward it), ``in`` (it toward A) or ``mutual``."""
RELATION_DEFAULT = ["id", "from", "kind", "to", "score", "since", "until"]
RELATION_SORTS = ("score", "kind", "from", "to", "since")
"""The orders ``relations --sort`` knows: highest score first; kind, then the from or to actor's name, in
alphabetical order; oldest first by since (an undated relation last). Ties keep the model's order."""


def relations(
    index: Index,
    *,
    actor: str | None = None,
    kind: str | None = None,
    min_score: int | None = None,
    max_score: int | None = None,
    as_of: str | None = None,
    voice: str | None = None,
    sort: str | None = None,
) -> View:
    """Relations, filtered; ``as_of`` keeps those whose known validity includes that date; in the model's
    order, or as ``sort`` says (one of ``RELATION_SORTS``)."""
    actor_id = index.actor_filter(actor).id if actor else None
    voice_id = voice_of(index, voice)
    if kind is not None:
        one_of(kind, relation_kinds(index), "relation kind", "kinds")
    if sort is not None:
        one_of(sort, list(RELATION_SORTS), "order", "orders")
    keep = relation_filter(actor_id, kind, min_score, max_score, as_of, voice_id)
    rows = [_relation_row(rel, actor_id) for rel in index.model.relations if keep(rel)]
    if sort is not None:
        rows.sort(key=_sort_key(index, sort))
    default = with_voice(RELATION_DEFAULT, rows)
    if actor_id:
        default[default.index("to") + 1 : default.index("to") + 1] = ["counterpart", "direction"]
    meta = who(index, rows)
    if actor_id:
        meta["actor"] = actor_id
    title = f"Relations, by {sort}" if sort else "Relations"
    return View("relations", RELATION_COLUMNS, rows, default, title=title, meta=meta)


def _sort_key(index: Index, sort: str) -> Callable[[Row], tuple[object, ...]]:
    def name(value: Value) -> str:
        return fold(index.actor_name(value if isinstance(value, str) else None))

    def since(value: Value) -> tuple[object, ...]:
        return (0, PartialDate.parse(value).first_day()) if isinstance(value, str) else (1,)

    keys: dict[str, Callable[[Row], tuple[object, ...]]] = {
        "score": lambda row: (-int(row["score"]) if isinstance(row["score"], int) else 0,),
        "kind": lambda row: (str(row["kind"]),),
        "from": lambda row: (name(row["from"]),),
        "to": lambda row: (name(row["to"]),),
        "since": lambda row: since(row["since"]),
    }
    return keys[sort]


def relation_filter(
    actor_id: str | None = None,
    kind: str | None = None,
    min_score: int | None = None,
    max_score: int | None = None,
    as_of: str | None = None,
    voice_id: str | None = None,
) -> Callable[[Relation], bool]:
    """Whether a relation is listed by ``relations`` filtered so (actor and voice by their ids)."""
    when = parse_date(as_of, "as-of date") if as_of else None

    def keep(rel: Relation) -> bool:
        if actor_id and actor_id not in (rel.from_, rel.to):
            return False
        if kind and rel.kind != kind:
            return False
        if min_score is not None and rel.score < min_score:
            return False
        if max_score is not None and rel.score > max_score:
            return False
        if when and not overlaps(rel.since, rel.until, when, when):
            return False
        return not (voice_id and rel.voice != voice_id)

    return keep


def relation_kinds(index: Index) -> list[str]:
    """The kinds of relation the model has, in alphabetical order (what ``--kind`` accepts)."""
    return sorted({r.kind for r in index.model.relations})


def _relation_row(rel: Relation, actor_id: str | None = None) -> Row:
    outgoing = rel.from_ == actor_id
    return {
        "id": rel.id,
        "from": rel.from_,
        "to": rel.to,
        "counterpart": (rel.to if outgoing else rel.from_) if actor_id else None,
        "direction": ("mutual" if rel.mutual else ("out" if outgoing else "in")) if actor_id else None,
        "kind": rel.kind,
        "score": rel.score,
        "mutual": rel.mutual,
        "since": rel.since,
        "until": rel.until,
        "summary": rel.summary,
        "voice": rel.voice,
        **provenance(rel),
    }


QUOTE_COLUMNS = ["id", "speaker", "date", "occasion", "text", "themes", "pull_quote_of", "voice", *PROVENANCE]
QUOTE_DEFAULT = ["id", "speaker", "date", "occasion", "text"]


def quotes(index: Index, *, speaker: str | None = None, search: str | None = None, voice: str | None = None) -> View:
    """Quotations, optionally by one speaker, in one voice, or containing a text."""
    speaker_id = index.actor_filter(speaker).id if speaker else None
    keep = quote_filter(speaker_id, search, voice_of(index, voice))
    rows = [_quote_row(quote) for quote in index.model.quotes if keep(quote)]
    default = with_voice(QUOTE_DEFAULT, rows)
    return View(
        "quotes",
        QUOTE_COLUMNS,
        rows,
        default,
        title="Quotes",
        meta=who(index, rows),
    )


def quote_filter(
    speaker_id: str | None = None, search: str | None = None, voice_id: str | None = None
) -> Callable[[Quote], bool]:
    """Whether a quotation is listed by ``quotes`` filtered so (speaker and voice by their ids)."""
    needle = " ".join(search_words(search)) if search else None

    def keep(quote: Quote) -> bool:
        if speaker_id and quote.speaker != speaker_id:
            return False
        if needle and needle not in " ".join(search_words(quote.text)):
            return False
        return not (voice_id and quote.voice != voice_id)

    return keep


def _quote_row(quote: Quote) -> Row:
    return {
        "id": quote.id,
        "speaker": quote.speaker,
        "date": quote.date,
        "occasion": quote.occasion,
        "text": quote.text,
        "themes": list(quote.themes),
        "pull_quote_of": quote.pull_quote_of,
        "voice": quote.voice,
        **provenance(quote),
    }


def relations_in_chunks(chunks: Iterable[list[Relation]], *, voices: int, unstated: bool) -> View:
    """The relations (in the model's order; those a filter but --actor keeps) from relations that come a
    chunk at a time (the store's): the rows of ``relations``, and its columns, from how many views they
    state and whether any is not stated outright."""
    default = voiced(RELATION_DEFAULT, several=voices > 1, unstated=unstated)
    return listed("relations", RELATION_COLUMNS, default, "Relations", _relation_row, chunks)


def quotes_in_chunks(chunks: Iterable[list[Quote]], *, voices: int, unstated: bool) -> View:
    """The quotations (in the model's order; those a filter but --speaker keeps) from quotes that come a
    chunk at a time (the store's)."""
    default = voiced(QUOTE_DEFAULT, several=voices > 1, unstated=unstated)
    return listed("quotes", QUOTE_COLUMNS, default, "Quotes", _quote_row, chunks)
