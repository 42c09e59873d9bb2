"""Shell completion of values: actors, years and addresses, themes, kinds, emphasis levels, record ids
and field names, computed from the model in use (the cached one, so as fast as a command).

Each function takes Typer's completion context and the word typed so far and returns
(value, help) pairs; a model that cannot be loaded completes nothing rather than failing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import typer

from ..errors import PolicyxError
from ..lookup import Index, fold
from ..model import EMPHASIS_ORDER

Pairs = list[tuple[str, str]]


def _index(ctx: typer.Context) -> Index | None:
    from ..loader import load

    data = ctx.find_root().params.get("data")
    try:
        return Index(load(data))
    except (PolicyxError, OSError):
        return None


def _matching(pairs: Iterable[tuple[str, str]], incomplete: str, *also: Callable[[str], Iterable[str]]) -> Pairs:
    key = fold(incomplete)
    out: dict[str, str] = {}
    for value, label in pairs:
        names = [value, *(n for f in also for n in f(value))]
        if value not in out and any(fold(n).startswith(key) for n in names):
            out[value] = label
    return list(out.items())


def actors(ctx: typer.Context, incomplete: str) -> Pairs:
    """Actor ids whose id, name or an alias starts with what was typed, each with its name."""
    index = _index(ctx)
    if index is None:
        return []
    found = index.actors
    return _matching(((a.id, a.name) for a in found.values()), incomplete, lambda i: [found[i].name, *found[i].aliases])


def addresses(ctx: typer.Context, incomplete: str) -> Pairs:
    """Years with an address, then address ids."""
    index = _index(ctx)
    if index is None:
        return []
    years = [(str(y), "year") for y in index.years()]
    ids = [(a.id, a.title) for a in index.model.addresses]
    return _matching([*years, *ids], incomplete)


def themes(ctx: typer.Context, incomplete: str) -> Pairs:
    index = _index(ctx)
    if index is None:
        return []
    return _matching(((t.id, t.name) for t in index.model.themes), incomplete)


def records(ctx: typer.Context, incomplete: str) -> Pairs:
    """Every record id, with its kind."""
    index = _index(ctx)
    if index is None:
        return []
    return _matching(((rid, kind) for rid, (kind, _) in index.records.items()), incomplete)


def why_targets(ctx: typer.Context, incomplete: str) -> Pairs:
    """Priority topics, actor ids and record ids."""
    index = _index(ctx)
    if index is None:
        return []
    topics = {p.topic: "topic" for _, p in index.priorities}
    return _matching([*topics.items(), *((r, k) for r, (k, _) in index.records.items())], incomplete)


def actor_kinds(ctx: typer.Context, incomplete: str) -> Pairs:
    index = _index(ctx)
    kinds = sorted({a.kind for a in index.model.actors}) if index else []
    return _matching(((k, "kind") for k in kinds), incomplete)


def relation_kinds(ctx: typer.Context, incomplete: str) -> Pairs:
    index = _index(ctx)
    kinds = sorted({r.kind for r in index.model.relations}) if index else []
    return _matching(((k, "kind") for k in kinds), incomplete)


def emphasis(incomplete: str) -> Pairs:
    return _matching(((e, "emphasis") for e in EMPHASIS_ORDER), incomplete)


def fields(columns: list[str]) -> Callable[[str], list[str]]:
    """A completer of comma-separated field names: the last name is completed, the others kept."""

    def complete(incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        chosen = set(done.split(",")) if done else set()
        prefix = done + "," if done else ""
        return [prefix + c for c in columns if c.startswith(last) and c not in chosen]

    return complete
