"""The commands that list the model's records: themes, relations, timeline, quotes, search, graph, cite."""

from collections.abc import Iterator
from typing import Annotated, Any

import typer

from .. import queries as query
from . import checks, complete
from .app import Session, command, session
from .filters import ActorOpt, DateHelp, ThemeOpt, VoiceOpt
from .options import (
    NO_OPTIONS,
    CiteFormatOpt,
    GraphFormatOpt,
    Output,
    choice,
    with_output,
)


@command(rich_help_panel="Explore")
@with_output("themes")
def themes(
    ctx: typer.Context,
    output: Output = NO_OPTIONS,
) -> None:
    """List the themes with how many priorities, events and quotes carry each.

    Example: policyx themes --format json
    """
    run = session(ctx)
    if (found := run.in_order("theme", output)) is not None:  # line by line: from the store, as it is read
        run.emit("view", query.themes_in_chunks(found[2]), output)
        return
    run.emit("view", query.themes(run.index()), output)


def _kept_relations(
    run: Session,
    output: Output,
    kind: str | None,
    scores: tuple[int | None, int | None],
    as_of: str | None,
    voice: str | None,
) -> tuple[int, bool, Iterator[list[Any]]] | None:
    """The relations a filter keeps, from the store, when it can tell who the voice is (the kind is
    vouched for by --kind's check); None when not (the whole model then answers, and says what is wrong)."""
    ids = run.stored_ids(voice=voice)
    if ids is None:
        return None
    keep = query.relation_filter(None, kind, scores[0], scores[1], as_of, ids["voice"])
    return run.kept_in_order("relation", output, keep)


@command(rich_help_panel="Explore")
@with_output("relations")
def relations(
    ctx: typer.Context,
    actor: ActorOpt = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only relations of this kind (support, rivalry, ...).",
            autocompletion=complete.relation_kinds,
            callback=checks.relation_kind,
            show_default=False,
        ),
    ] = None,
    min_score: Annotated[
        int | None,
        typer.Option("--min-score", metavar="N", parser=checks.score, help="Lowest score, from -10 to 10."),
    ] = None,
    max_score: Annotated[
        int | None,
        typer.Option("--max-score", metavar="N", parser=checks.score, help="Highest score, from -10 to 10."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help=f"Only relations whose known validity includes this date {DateHelp}.",
            callback=checks.date,
            show_default=False,
        ),
    ] = None,
    voice: VoiceOpt = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            "-s",
            metavar="ORDER",
            help="Order: score (highest first), kind, from or to (by name), since (oldest first); "
            "default: the model's.",
            callback=choice(query.RELATION_SORTS),
            autocompletion=lambda incomplete: [s for s in query.RELATION_SORTS if s.startswith(incomplete)],
            show_default=False,
        ),
    ] = None,
    output: Output = NO_OPTIONS,
) -> None:
    """List who stands where toward whom, scored from -10 (war) to +10 (integration).

    On a terminal: one line per relation (from and to, kind, score, since) and its summary, cut to a line,
    under it; with --actor, the way each runs and the actor on the other side. --format json has it all.

    Example: policyx relations --actor azerbaijan --min-score 5 --sort score
    """
    from ..dbread import relations_part

    run = session(ctx)
    filters = (actor, kind, min_score, max_score, as_of, voice, sort)
    if all(f is None for f in filters) and (found := run.in_order("relation", output)) is not None:
        voices, unstated, chunks = found  # every relation, line by line: from the store, as it is read
        run.emit("view", query.relations_in_chunks(chunks, voices=voices, unstated=unstated), output)
        return
    unsorted = actor is None and sort is None and run.streams(output)
    kept = _kept_relations(run, output, kind, (min_score, max_score), as_of, voice) if unsorted else None
    if kept is not None:
        voices, unstated, chunks = kept  # the relations a filter keeps, line by line, from the store
        run.emit("view", query.relations_in_chunks(chunks, voices=voices, unstated=unstated), output)
        return
    if actor is not None and kind is None and voice is None:  # one actor's relations: the store's part will do
        index, actor = run.part(relations_part, actor)
    else:
        index = run.index()
    view = query.relations(
        index,
        actor=actor,
        kind=kind,
        min_score=min_score,
        max_score=max_score,
        as_of=as_of,
        voice=voice,
        sort=sort,
    )
    run.emit("view", view, output)


@command(rich_help_panel="Explore")
@with_output("timeline")
def timeline(
    ctx: typer.Context,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help=f"Only events from this date on {DateHelp}.", callback=checks.date),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help=f"Only events up to this date {DateHelp}.", callback=checks.date),
    ] = None,
    actor: ActorOpt = None,
    theme: ThemeOpt = None,
    voice: VoiceOpt = None,
    output: Output = NO_OPTIONS,
) -> None:
    """Show events in date order, each date at the precision the source gives.

    Example: policyx timeline --from 2023 --actor OTS
    """
    run = session(ctx)
    if run.streams(output) and (ids := run.stored_ids(actor=actor, voice=voice, theme=theme)) is not None:
        keep = query.event_filter(start, end, ids["actor"], ids["theme"], ids["voice"])  # each event kept or not
        whole = start is None and end is None and actor is None and voice is None and theme is None
        found = run.in_order("event", output) if whole else run.kept_in_order("event", output, keep)
        if found is not None:  # line by line: from the store, as it is read
            voices, unstated, chunks = found
            run.emit("view", query.timeline_in_chunks(chunks, voices=voices, unstated=unstated), output)
            return
    view = query.timeline(run.index(), start=start, end=end, actor=actor, theme=theme, voice=voice)
    run.emit("view", view, output)


@command(rich_help_panel="Explore")
@with_output("quotes")
def quotes(
    ctx: typer.Context,
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker",
            metavar="NAME",
            help="Only this speaker's words.",
            autocompletion=complete.actors,
            callback=checks.actor,
        ),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", metavar="TEXT", help="Only quotes containing this text.")
    ] = None,
    voice: VoiceOpt = None,
    output: Output = NO_OPTIONS,
) -> None:
    """List the verbatim quotations with their speaker and date.

    Example: policyx quotes --speaker aliyev --search family
    """
    from ..dbread import quotes_part

    run = session(ctx)
    if speaker is None and search is None and voice is None and (found := run.in_order("quote", output)) is not None:
        voices, unstated, chunks = found  # every quotation, line by line: from the store, as it is read
        run.emit("view", query.quotes_in_chunks(chunks, voices=voices, unstated=unstated), output)
        return
    ids = run.stored_ids(voice=voice) if speaker is None and run.streams(output) else None
    if ids is not None:  # the quotes a filter keeps, from the store
        keep = query.quote_filter(None, search, ids["voice"])
        if (found := run.kept_in_order("quote", output, keep)) is not None:
            voices, unstated, chunks = found
            run.emit("view", query.quotes_in_chunks(chunks, voices=voices, unstated=unstated), output)
            return
    if speaker is not None and voice is None:  # one speaker's quotes: the store's part will do
        index, speaker = run.part(quotes_part, speaker)
    else:
        index = run.index()
    run.emit("view", query.quotes(index, speaker=speaker, search=search, voice=voice), output)


TERMINAL_HITS = 20
"""How many hits a search's table on a terminal shows when no --limit is given."""


@command(rich_help_panel="Explore")
@with_output("search")
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Word or phrase to find.")],
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            metavar="N",
            help=f"At most N hits, the best first (0: all). Default: all; {TERMINAL_HITS} in a table on a terminal.",
            parser=checks.limit,
        ),
    ] = None,
    output: Output = NO_OPTIONS,
) -> None:
    """Find a word or phrase across every record, best matches first.

    Example: policyx search "defense industry" --limit 5
    """
    run = session(ctx)
    if limit is None and run.env.is_terminal and run.format_for("view", output) == "table" and output.export is None:
        limit = TERMINAL_HITS  # a screen, not a scroll: the heading says how many there are in all
    shown = limit or None  # 0: every one
    if (found := run.searched(text, output, shown)) is not None:
        several, unstated, chunks = found  # the hits, best first, line by line: from the search index
        run.emit("view", query.search_in_chunks(text, chunks, several=several, unstated=unstated), output)
        return
    run.emit("view", query.search(run.index(), text, limit=shown), output)
    run.keep_search_index(output)


@command(rich_help_panel="Explore")
def graph(
    ctx: typer.Context,
    actor: ActorOpt = None,
    depth: Annotated[
        int,
        typer.Option(
            "--depth", metavar="N", help="How many steps out from --actor to go (1 or more).", parser=checks.depth
        ),
    ] = 1,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help=f"Only relations valid on this date {DateHelp}.",
            callback=checks.date,
            show_default=False,
        ),
    ] = None,
    fmt: GraphFormatOpt = None,
) -> None:
    """Show the relation network, or one actor's neighbourhood: a tree on a terminal, DOT in a pipe.

    On a terminal: who relates to whom, each relation with its kind and score, around --actor as
    deep as --depth.

    For a picture: policyx graph --format dot | dot -Tsvg > graph.svg (Graphviz), or --format
    mermaid for a Markdown mermaid block; --format json is node-link data. In DOT and Mermaid
    edges are labelled with kind and score; cooperative ones are solid, neutral dotted and
    conflictual dashed (thick in Mermaid), in colour too.

    Example: policyx graph --actor OTS --depth 2
    """
    from .. import graph as network

    run = session(ctx)
    drawn = network.build(run.index(), actor=actor, depth=depth, as_of=as_of)
    run.emit("graph", drawn, Output(format=fmt))


@command(rich_help_panel="Explore")
def cite(
    ctx: typer.Context,
    record_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID...",
            help="Records' ids (a source cites itself); each source is written once.",
            autocompletion=complete.records,
            show_default=False,
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Cite every source of the model.")] = False,
    fmt: CiteFormatOpt = None,
) -> None:
    """Cite the sources behind records: each one's source and, for added context, the reference.

    BibTeX and CSL-JSON hold each source once, however many of the records rest on it.

    Example: policyx cite q-turkic-family p2024-ots --format bibtex
    """
    from .. import cite as citing

    if every == bool(record_ids):
        raise typer.BadParameter("name the records to cite, or give --all", param_hint="ID...")
    run = session(ctx)
    index = run.index()
    ids = [s.id for s in index.model.sources] if every else list(record_ids or [])
    run.emit("citation", [citing.cite(index, record_id) for record_id in ids], Output(format=fmt))
