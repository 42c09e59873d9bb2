"""The commands that answer what a government's policy is and how it changed: priorities, compare, why,
brief."""

from dataclasses import replace
from typing import Annotated

import typer

from .. import queries as query
from . import checks, complete
from .app import command, session
from .filters import ActorOpt, ThemeOpt, VoiceOpt
from .options import (
    NO_OPTIONS,
    BriefExportOpt,
    BriefFormatOpt,
    ForceOpt,
    Output,
    with_output,
)


def address_argument(metavar: str, help: str) -> object:
    """An argument naming an address, by year or id (completed from the model)."""
    return typer.Argument(metavar=metavar, help=help, autocompletion=complete.addresses, show_default=False)


FIRST_HELP = "A year with an address, or an address id."
SECOND_HELP = "Another year or address id."


@command(rich_help_panel="Explore")
@with_output("priorities")
def priorities(
    ctx: typer.Context,
    year: Annotated[
        str | None,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            help="Only the address of this year.",
            autocompletion=complete.years,
            callback=checks.year,
            show_default=False,
        ),
    ] = None,
    theme: ThemeOpt = None,
    actor: ActorOpt = None,
    emphasis: Annotated[
        str | None,
        typer.Option(
            "--emphasis",
            "-e",
            metavar="LEVEL",
            help="Only this emphasis: overarching, major or mentioned.",
            autocompletion=complete.emphasis,
            callback=checks.emphasis,
            show_default=False,
        ),
    ] = None,
    voice: VoiceOpt = None,
    cite: Annotated[bool, typer.Option("--cite", help="Add each priority's evidence excerpt and basis.")] = False,
    output: Output = NO_OPTIONS,
) -> None:
    """Show the priorities of each address, highest emphasis first.

    Example: policyx priorities --year 2024 --actor OTS --cite
    """
    run = session(ctx)
    ids = run.stored_ids(actor=actor, voice=voice, theme=theme) if year is None and run.streams(output) else None
    if ids is not None:
        keep = query.priority_filter(ids["theme"], ids["actor"], emphasis, ids["voice"])
        if (found := run.in_order("address", output)) is not None:  # line by line: from the store, as it is read
            run.emit("view", query.priorities_in_chunks(found[2], keep, cite=cite), replace(output, cite=cite))
            return
    view = query.priorities(run.index(), year=year, theme=theme, actor=actor, emphasis=emphasis, voice=voice, cite=cite)
    run.emit("view", view, replace(output, cite=cite))


@command(rich_help_panel="Explore")
@with_output("compare")
def compare(
    ctx: typer.Context,
    first: Annotated[str, address_argument("FIRST", FIRST_HELP)],
    second: Annotated[str, address_argument("SECOND", SECOND_HELP)],
    output: Output = NO_OPTIONS,
) -> None:
    """Compare two addresses: a summary, the priorities in both accounts or in one only, and why.

    Example: policyx compare 2018 2024
    """
    run = session(ctx)
    from ..output.comparison import compare_view

    run.emit("view", compare_view(query.comparison(run.index(), first, second)), output)


@command(rich_help_panel="Explore")
@with_output("why")
def why(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="A priority or other record id, a priority topic, or an actor (e.g. ots).",
            autocompletion=complete.why_targets,
        ),
    ],
    voice: VoiceOpt = None,
    output: Output = NO_OPTIONS,
) -> None:
    """Show the chain of causes behind a priority, topic or actor, direct causes first.

    Each cause comes with its evidence, its voice (whose view it states) and its basis.

    Example: policyx why OTS
    """
    run = session(ctx)
    from ..output.why_view import why_view

    run.emit("view", why_view(query.why(run.index(), target, voice=voice)), output)


@command(rich_help_panel="Explore")
def brief(
    ctx: typer.Context,
    first: Annotated[
        str | None, address_argument("FIRST", f"{FIRST_HELP} Default: the two most recent addresses.")
    ] = None,
    second: Annotated[str | None, address_argument("SECOND", SECOND_HELP)] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            "-a",
            metavar="NAME",
            help="Centre the page's relations and its other causes on this actor (default: the first actor of "
            "the later address's top priority).",
            autocompletion=complete.actors,
            callback=checks.actor,
            show_default=False,
        ),
    ] = None,
    fmt: BriefFormatOpt = None,
    export: BriefExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """One page on what changed between two addresses and why: the shift, its causes, the key quotes.

    The two addresses may come in either order (the earlier is shown first). On a terminal of 80x24 or more: one screen
    (a smaller one gets the least of it, in the pager when even that does not fit).

    --export brief.html: a self-contained page with every cause, a timeline chart and the main actor's relations.

    Every statement on the page carries a numbered note with the source's own words.

    Example: policyx brief 2018 2024 --export brief.html
    """
    from .. import brief as briefs

    run = session(ctx)
    run.emit(
        "brief", briefs.build(run.index(), first, second, actor=actor), Output(format=fmt, export=export, force=force)
    )
