"""The checks of every filter's value, made while the command line is read: one exit code for all.

Owns what a filter option accepts. A value that is malformed (``--year abc``), off its range
(``--min-score 50``) or that the model has no match for (``--theme security``, ``--actor nope``)
is a usage error: exit 2, one ``policyx: Invalid value for '--option': ...`` line that lists the
values it could be. The checks ask the library (``lookup``, ``queries``) what is valid, so the
messages are the ones a library caller gets; the model is loaded once, for the command to use.
A model that cannot be loaded is left for the command to report, as it reports it everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import typer

from ..errors import BadValue, PolicyxError
from ..lookup import DATES, Index, check_date, one_of
from ..model import EMPHASIS_ORDER
from .app import session

SCALE = (-10, 10)
Callback = Callable[[typer.Context, str | None], str | None]


def _index(ctx: typer.Context) -> Index | None:
    try:
        return session(ctx).index()
    except PolicyxError:  # the command itself will say why the model cannot be used
        return None


def against_model(test: Callable[[Index, str], object]) -> Callback:
    """A callback that checks a value against the model in use: a bad one is a usage error."""

    def callback(ctx: typer.Context, value: str | None) -> str | None:
        if value is None or ctx.resilient_parsing:
            return value
        index = _index(ctx)
        if index is not None:
            try:
                test(index, value)
            except BadValue as err:
                raise typer.BadParameter(str(err)) from None
        return value

    return callback


def _actor(index: Index, value: str) -> object:
    return index.actor_filter(value)


def _theme(index: Index, value: str) -> object:
    return index.theme_filter(value)


def _year(index: Index, value: str) -> object:
    return index.year_filter(value)


def _relation_kind(index: Index, value: str) -> object:
    from ..queries import relation_kinds

    return one_of(value, relation_kinds(index), "relation kind", "kinds")


def _actor_kind(index: Index, value: str) -> object:
    from ..queries import actor_kinds

    return one_of(value, actor_kinds(index), "actor kind", "kinds")


_known_actor = against_model(_actor)


def actor(ctx: typer.Context, value: str | None) -> str | None:
    """An actor filter's check: the model's store, where it finds the actor, vouches for it without the
    model being loaded (``Session.knows_actor``); else the model is asked."""
    if value is not None and not ctx.resilient_parsing and session(ctx).knows_actor(value):
        return value
    return _known_actor(ctx, value)


_known_relation_kind = against_model(_relation_kind)


def relation_kind(ctx: typer.Context, value: str | None) -> str | None:
    """A relation kind filter's check: the model's store, where it holds a relation of that kind, vouches
    for it without the model being loaded; else the model is asked."""
    from ..dbread import has_relation_kind

    if value is not None and not ctx.resilient_parsing:
        kind = value
        if session(ctx).from_store(lambda db: has_relation_kind(db, kind) or None):
            return value
    return _known_relation_kind(ctx, value)


_known_theme = against_model(_theme)


def theme(ctx: typer.Context, value: str | None) -> str | None:
    """A theme filter's check: the model's store, where it finds the theme, vouches for it without the
    model being loaded; else the model is asked."""
    from ..dbread import theme_id

    if value is not None and not ctx.resilient_parsing:
        name = value
        if session(ctx).from_store(lambda db: theme_id(db, name)):
            return value
    return _known_theme(ctx, value)


year = against_model(_year)
actor_kind = against_model(_actor_kind)


def emphasis(value: str | None) -> str | None:
    """An emphasis level (the model's vocabulary, the same in every model)."""
    if value is not None:
        try:
            one_of(value, list(EMPHASIS_ORDER), "emphasis", "emphasis levels")
        except BadValue as err:
            raise typer.BadParameter(str(err)) from None
    return value


def date(value: str | None) -> str | None:
    """A date of a filter (``--as-of``, ``--from``, ``--to``), written as the model writes dates."""
    if value is not None:
        try:
            check_date(value)
        except BadValue as err:
            raise typer.BadParameter(str(err)) from None
    return value


def score(text: str | int) -> int:
    """A score on the cooperation-conflict scale (a parser: click's own int check would list nothing)."""
    low, high = SCALE
    try:
        value = int(str(text).strip())
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a score; scores run from {low} to {high}") from None
    if not low <= value <= high:
        raise typer.BadParameter(f"{value} is off the scale, which runs from {low} to {high}")
    return value


def depth(text: str | int) -> int:
    """How many steps out a graph goes: 1 or more."""
    try:
        value = int(str(text).strip())
    except ValueError:
        value = 0
    if value < 1:
        raise typer.BadParameter(f"{str(text)!r} is not a depth; give a number of steps, 1 or more")
    return value


def limit(text: str | int) -> int:
    """How many hits a search shows at most: a number, 0 for every one."""
    try:
        value = int(str(text).strip())
    except ValueError:
        value = -1
    if value < 0:
        raise typer.BadParameter(f"{str(text)!r} is not a number of hits (0: all)")
    return value


__all__ = [
    "DATES",
    "actor",
    "actor_kind",
    "date",
    "depth",
    "emphasis",
    "limit",
    "relation_kind",
    "score",
    "theme",
    "year",
]
