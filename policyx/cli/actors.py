"""The commands about actors: one actor's profile (its relations, priorities, events, quotes, claims, causes
and sources), and the list of them."""

from typing import Annotated

import typer

from .. import queries as query
from . import checks, complete
from .app import command, session
from .options import NO_OPTIONS, Output, with_output


@command(rich_help_panel="Explore")
@with_output("actor")
def actor(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="Actor id, name or alias, in any case (e.g. ots, turkic).",
            autocompletion=complete.actors,
        ),
    ],
    output: Output = NO_OPTIONS,
) -> None:
    """Profile one actor: its relations, priorities, events, quotes, claims, causes and sources.

    Example: policyx actor OTS
    """
    from ..dbread import actor_part

    run = session(ctx)
    index, name = run.part(actor_part, name)
    run.emit("view", query.actor_profile(index, name), output)


@command(rich_help_panel="Explore")
@with_output("actors")
def actors(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only actors of this kind (state, organisation, person, ...).",
            autocompletion=complete.actor_kinds,
            callback=checks.actor_kind,
            show_default=False,
        ),
    ] = None,
    output: Output = NO_OPTIONS,
) -> None:
    """List the actors, optionally of one kind.

    Example: policyx actors --kind organisation
    """
    run = session(ctx)
    if kind is None and (found := run.in_order("actor", output)) is not None:  # every actor, line by line
        run.emit("view", query.actors_in_chunks(found[2]), output)
        return
    run.emit("view", query.actors(run.index(), kind=kind), output)
