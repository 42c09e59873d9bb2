"""Shell completion of values: actors, years and addresses, themes, kinds, emphasis levels, record ids
and field names, computed from the model in use (the cached one, so as fast as a command).

Each function takes Typer's completion context and the word typed so far and returns
(value, help) pairs; a model that cannot be loaded completes nothing rather than failing.
What is typed may be a name or an alias (``Org``, ``turkic``): the candidate is then the id it
names (``ots``), which the shell puts in place of the typed word. Typer keeps only candidates that
start with the typed text, and zsh's ``_arguments`` only those that match it, so such an id is
an ``Offered`` string (it starts with whatever was typed, as far as Typer asks), and policyx
answers zsh's protocol with ``_describe ... -U``, which hands zsh the candidates unfiltered
(``ZshComplete``, put in place of Typer's by ``use_policyx_shells``). Bash takes any candidate
as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import SupportsIndex

import typer
from typer._completion_classes import ZshComplete as TyperZshComplete

from ..errors import PolicyxError
from ..lookup import Index, fold
from ..model import EMPHASIS_ORDER

Pairs = list[tuple[str, str]]


class Offered(str):
    """A candidate offered for what was typed although it does not start with it: the id of an actor
    (or theme) whose name or alias does. Typer's filter asks ``startswith``; the answer is yes, since
    the shell is to replace the typed word with it."""

    __slots__ = ()

    def startswith(
        self,
        prefix: str | tuple[str, ...],
        start: SupportsIndex | None = None,
        end: SupportsIndex | None = None,
    ) -> bool:
        return True


class ZshComplete(TyperZshComplete):
    """Typer's zsh protocol, but with candidates zsh is not to filter: ``_describe ... -U`` (as Click's own
    zsh script does), so that an id offered for a name reaches the command line."""

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = self.get_completions(args, incomplete)
        if not items:
            return "_files"
        pairs = []
        for item in items:
            value = str(item.value).replace("\\", "\\\\").replace(":", "\\:")
            help_text = " ".join(str(item.help).split()) if item.help else ""
            pairs.append(_zsh_quoted(f"{value}:{help_text}" if help_text else value))
        return f"local -a policyx_offered; policyx_offered=({' '.join(pairs)}); _describe -V policyx policyx_offered -U"


def _zsh_quoted(text: str) -> str:
    """A word for zsh in single quotes (a quote inside written as '\\'')."""
    return "'" + text.replace("'", "'\\''") + "'"


def use_policyx_shells() -> None:
    """Answer zsh's completion requests with ``ZshComplete`` (Typer registers its own each run, so this is
    called just before the request is answered)."""
    from typer._click.shell_completion import add_completion_class

    add_completion_class(ZshComplete, "zsh")


def _index(ctx: typer.Context) -> Index | None:
    from ..loader import load

    data = ctx.find_root().params.get("data")
    try:
        return Index(load(data))
    except (PolicyxError, OSError):
        return None


def _matching(pairs: Iterable[tuple[str, str]], incomplete: str, *also: Callable[[str], Iterable[str]]) -> Pairs:
    """The values that start with what was typed; where none does, those whose text or a name ``also`` gives
    for them starts with it in any case and without accents, each ``Offered`` in place of the typed word.
    (Offering both would have the shell replace the word with what they have in common, often nothing.)"""
    key = fold(incomplete)
    direct: dict[str, str] = {}
    named: dict[str, str] = {}
    for value, label in pairs:
        if value.startswith(incomplete):
            direct.setdefault(value, label)
        elif any(fold(n).startswith(key) for n in [value, *(n for f in also for n in f(value))]):
            named.setdefault(value, label)
    if direct:
        return list(direct.items())
    return [(Offered(value), label) for value, label in named.items()]


def actors(ctx: typer.Context, incomplete: str) -> Pairs:
    """Actor ids whose id, name or an alias starts with what was typed, each with its name."""
    index = _index(ctx)
    if index is None:
        return []
    found = index.actors
    return _matching(((a.id, a.name) for a in found.values()), incomplete, lambda i: [found[i].name, *found[i].aliases])


def years(ctx: typer.Context, incomplete: str) -> Pairs:
    """Years with an address (what ``--year`` takes)."""
    index = _index(ctx)
    if index is None:
        return []
    return _matching(((str(y), "year") for y in index.years()), incomplete)


def addresses(ctx: typer.Context, incomplete: str) -> Pairs:
    """Years with an address, then address ids."""
    index = _index(ctx)
    if index is None:
        return []
    years = [(str(y), "year") for y in index.years()]
    ids = [(a.id, a.title) for a in index.model.addresses]
    return _matching([*years, *ids], incomplete)


def themes(ctx: typer.Context, incomplete: str) -> Pairs:
    """Theme ids whose id or name starts with what was typed."""
    index = _index(ctx)
    if index is None:
        return []
    names = {t.id: t.name for t in index.model.themes}
    return _matching(names.items(), incomplete, lambda i: [names[i]])


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
    found = index.actors
    return _matching(
        [*topics.items(), *((r, k) for r, (k, _) in index.records.items())],
        incomplete,
        lambda i: [found[i].name, *found[i].aliases] if i in found else [],
    )


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
