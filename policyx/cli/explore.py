"""The explorer's commands: priorities, compare, actor, actors, themes, relations, timeline, quotes, search."""

from dataclasses import replace
from typing import Annotated

import typer

from .. import queries as query
from .app import command, session
from .options import NO_OPTIONS, CiteFormatOpt, GraphFormatOpt, Output, with_output

ActorOpt = Annotated[str | None, typer.Option("--actor", "-a", help="Actor id, name or alias.", show_default=False)]
ThemeOpt = Annotated[str | None, typer.Option("--theme", "-t", help="Theme id or name.", show_default=False)]
VoiceOpt = Annotated[
    str | None,
    typer.Option(
        "--voice",
        help="Only records stating this actor's view (id, name or alias): the speaker, the author or the editor.",
        show_default=False,
    ),
]


@command(rich_help_panel="Explore")
@with_output
def priorities(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Only the address of this year.")] = None,
    theme: ThemeOpt = None,
    actor: ActorOpt = None,
    emphasis: Annotated[
        str | None, typer.Option("--emphasis", "-e", help="overarching, major or mentioned.", show_default=False)
    ] = None,
    voice: VoiceOpt = None,
    cite: Annotated[bool, typer.Option("--cite", help="Add each priority's evidence excerpt and basis.")] = False,
    output: Output = NO_OPTIONS,
) -> None:
    """Show the priorities of each address, highest emphasis first.

    Example: policyx priorities --year 2024 --actor OTS --cite
    """
    run = session(ctx)
    view = query.priorities(run.index(), year=year, theme=theme, actor=actor, emphasis=emphasis, voice=voice, cite=cite)
    run.emit("view", view, replace(output, cite=cite))


@command(rich_help_panel="Explore")
@with_output
def compare(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="A year with an address (or an address id).")],
    second: Annotated[str, typer.Argument(help="Another year (or address id).")],
    output: Output = NO_OPTIONS,
) -> None:
    """Compare two addresses: priorities continued, new, and not in the source's account, with evidence.

    Example: policyx compare 2018 2024
    """
    run = session(ctx)
    run.emit("view", query.compare(run.index(), first, second), output)


@command(rich_help_panel="Explore")
@with_output
def actor(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Actor id, name or alias, any case (e.g. ots, turkic).")],
    output: Output = NO_OPTIONS,
) -> None:
    """Profile one actor: who it is, its relations both ways, and the priorities, events, quotes and sources naming it.

    Example: policyx actor OTS
    """
    run = session(ctx)
    run.emit("view", query.actor_profile(run.index(), name), output)


@command(rich_help_panel="Explore")
@with_output
def actors(
    ctx: typer.Context,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="state, organisation, person, group, ...", show_default=False)
    ] = None,
    output: Output = NO_OPTIONS,
) -> None:
    """List the actors, optionally of one kind.

    Example: policyx actors --kind organisation
    """
    run = session(ctx)
    run.emit("view", query.actors(run.index(), kind=kind), output)


@command(rich_help_panel="Explore")
@with_output
def themes(
    ctx: typer.Context,
    output: Output = NO_OPTIONS,
) -> None:
    """List the themes with how many priorities, events and quotes carry each.

    Example: policyx themes --format json
    """
    run = session(ctx)
    run.emit("view", query.themes(run.index()), output)


@command(rich_help_panel="Explore")
@with_output
def relations(
    ctx: typer.Context,
    actor: ActorOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="support, rivalry, ...", show_default=False)] = None,
    min_score: Annotated[int | None, typer.Option("--min-score", help="Lowest score (-10..10).")] = None,
    max_score: Annotated[int | None, typer.Option("--max-score", help="Highest score (-10..10).")] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Only relations whose known validity includes this date.", show_default=False),
    ] = None,
    voice: VoiceOpt = None,
    output: Output = NO_OPTIONS,
) -> None:
    """List who stands where toward whom, scored -10 (war) to +10 (integration).

    Example: policyx relations --actor azerbaijan --min-score 5
    """
    run = session(ctx)
    view = query.relations(
        run.index(), actor=actor, kind=kind, min_score=min_score, max_score=max_score, as_of=as_of, voice=voice
    )
    run.emit("view", view, output)


@command(rich_help_panel="Explore")
@with_output
def timeline(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--from", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Up to this date.")] = None,
    actor: ActorOpt = None,
    theme: ThemeOpt = None,
    voice: VoiceOpt = None,
    output: Output = NO_OPTIONS,
) -> None:
    """Show events in date order, each date at the precision the source gives.

    Example: policyx timeline --from 2023 --actor OTS
    """
    run = session(ctx)
    view = query.timeline(run.index(), start=start, end=end, actor=actor, theme=theme, voice=voice)
    run.emit("view", view, output)


@command(rich_help_panel="Explore")
@with_output
def quotes(
    ctx: typer.Context,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker id, name or alias.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Only quotes containing this text.")] = None,
    voice: VoiceOpt = None,
    output: Output = NO_OPTIONS,
) -> None:
    """List the verbatim quotations with speaker, date and occasion.

    Example: policyx quotes --speaker aliyev --search family
    """
    run = session(ctx)
    run.emit("view", query.quotes(run.index(), speaker=speaker, search=search, voice=voice), output)


@command(rich_help_panel="Explore")
@with_output
def why(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(help="A priority or other record id, a priority topic, or an actor (e.g. ots).")
    ],
    voice: VoiceOpt = None,
    output: Output = NO_OPTIONS,
) -> None:
    """Show the chain of causes behind a priority, topic or actor, root causes first, with evidence and voice.

    Example: policyx why OTS
    """
    run = session(ctx)
    run.emit("view", query.why(run.index(), target, voice=voice), output)


@command(rich_help_panel="Explore")
@with_output
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Word or phrase to find.")],
    output: Output = NO_OPTIONS,
) -> None:
    """Find a word or phrase across every record, best matches first.

    Example: policyx search "defense industry"
    """
    run = session(ctx)
    run.emit("view", query.search(run.index(), text), output)


@command(rich_help_panel="Explore")
def graph(
    ctx: typer.Context,
    actor: ActorOpt = None,
    depth: Annotated[int, typer.Option("--depth", help="Steps out from --actor.", min=1)] = 1,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Only relations valid on this date.", show_default=False)
    ] = None,
    fmt: GraphFormatOpt = None,
) -> None:
    """Draw the relation network (or one actor's neighbourhood) as Graphviz DOT, Mermaid or JSON.

    Edges are labelled with kind and score; cooperative ones are solid, neutral dotted and
    conflictual dashed (thick in Mermaid), in colour too.

    Example: policyx graph --actor OTS --depth 2 | dot -Tsvg > ots.svg
    """
    from .. import graph as network

    run = session(ctx)
    drawn = network.build(run.index(), actor=actor, depth=depth, as_of=as_of)
    run.emit("graph", drawn, Output(format=fmt.value if fmt else None))


@command(rich_help_panel="Explore")
def cite(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Any record's id (a source cites itself).")],
    fmt: CiteFormatOpt = None,
) -> None:
    """Cite the source(s) behind any record: its source and, for added context, the reference.

    Example: policyx cite q-turkic-family --format bibtex
    """
    from .. import cite as citing

    run = session(ctx)
    run.emit("citation", citing.cite(run.index(), record_id), Output(format=fmt.value if fmt else None))
