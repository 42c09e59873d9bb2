"""The curator's workbench: new (start a model), coverage (what of the source it cites), diff (review
a model's changes like code)."""

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitStatus
from .app import Session, command, read_once, session
from .options import Output, format_option

PANEL = "Curating"
SourceIdOpt = Annotated[
    str | None,
    typer.Option("--source-id", metavar="ID", help="Which source the text is (default: the model's only article)."),
]
CoverageFormatOpt = Annotated[
    str | None,
    format_option(
        "coverage", "Output format (default: text; by --export's extension: .html, .md, .json, .txt).", stdout=None
    ),
]
ExportFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--export",
        metavar="FILE",
        help="Write to FILE instead (- is standard output); its extension chooses the format unless --format does.",
        show_default=False,
        dir_okay=False,
    ),
]
ForceFileOpt = Annotated[bool, typer.Option("--force", help="Let --export replace an existing file.")]


def _percent(value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 100:
        raise typer.BadParameter(f"{value:g} is not a percentage from 0 to 100")
    return value


def _opt(flag: str, metavar: str, help: str) -> object:
    return typer.Option(flag, metavar=metavar, help=help, show_default=False)


@command(rich_help_panel=PANEL)
def new(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The model file to create.", show_default=False)],
    source: Annotated[Path, _opt("--source", "TEXT", "The source's plain text (UTF-8).")],
    title: Annotated[str | None, _opt("--title", "TITLE", "The source's title (default: its first line).")] = None,
    source_id: Annotated[str | None, _opt("--id", "ID", "The source's id (default: made of FILE's name).")] = None,
    speaker: Annotated[str, _opt("--speaker", "NAME", "Who gave the address (default: Speaker).")] = "Speaker",
    date: Annotated[
        str | None, _opt("--date", "DATE", "The address's date, YYYY[-MM[-DD]] (default: --published, else today).")
    ] = None,
    author: Annotated[str | None, _opt("--author", "NAME", "The source's author.")] = None,
    outlet: Annotated[str | None, _opt("--outlet", "NAME", "Where the source was published.")] = None,
    published: Annotated[str | None, _opt("--published", "DATE", "When, YYYY[-MM[-DD]].")] = None,
    url: Annotated[str | None, _opt("--url", "URL", "Where the source is.")] = None,
    schema: Annotated[
        str | None,
        _opt("--schema", "PATH|URL", "What the schema modeline points at (default: policyx's, relative to FILE)."),
    ] = None,
) -> None:
    """Start a model for a new source: a source, its speaker, one address and one priority, all valid.

    The first line is a schema modeline that editors with the YAML language server follow (it
    points at the schema installed with policyx, relative to FILE); every other collection is
    there as a commented example. FILE is never replaced.

    Example: policyx new my-new-model.yaml --source article.txt --speaker "Ada Leader" --date 2031-03-04
    """
    import datetime

    from ..scaffold import NewSource, check, create, modeline_target, render, slug
    from ..sourcetext import read_source

    run = session(ctx)
    text = read_source(source)
    first = text.strip().splitlines()[0].strip()
    when = date or published or datetime.date.today().isoformat()
    made = NewSource(source_id or slug(file.stem), title or first, speaker, when, author, outlet, published, url)
    check(made)
    create(file, render(made, text, file=str(file), source_name=str(source), modeline=modeline_target(file, schema)))
    run.say(f"created {file}: 1 source, 1 actor, 1 address, 1 priority (schema 2); next: edit it, then")
    run.say(f"  policyx --data {file} validate")


@command(rich_help_panel=PANEL)
def coverage(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(metavar="SOURCE", help="The source's plain text (UTF-8).", show_default=False)
    ],
    source_id: SourceIdOpt = None,
    fmt: CoverageFormatOpt = None,
    export: ExportFileOpt = None,
    force: ForceFileOpt = False,
    minimum: Annotated[
        float | None,
        typer.Option(
            "--min",
            metavar="PERCENT",
            help="Exit 5 when fewer than PERCENT of the sentences are covered (for CI and pre-commit).",
            callback=_percent,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show which sentences of a source text the model's records cite, and which none does.

    The text is cut into sentences; each is listed with the records whose evidence or quote text
    falls in it, an uncovered one flagged, then the sentences and characters covered. As a page
    (--export coverage.html) the text itself is annotated, each covered stretch linked to its records.

    Example: policyx coverage article.txt --min 80
    """
    from ..coverage import coverage as measure
    from ..files import input_name
    from ..sourcetext import read_source

    run = session(ctx)
    read_once(run, source, "SOURCE")
    found = measure(run.index().model, read_source(source), input_name(source), source_id)
    run.emit("coverage", found, Output(format=fmt, export=export, force=force))
    if minimum is not None and found.percent < minimum:
        run.env.message(f"policyx: {found.percent:.1f}% of the sentences are covered, below --min {minimum:g}")
        raise typer.Exit(int(ExitStatus.BELOW))


DiffFormatOpt = Annotated[str | None, format_option("diff", "Output format (default: text).")]


@command(rich_help_panel=PANEL)
def diff(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="OLD NEW | REV [REV] [PATH]",
            help="Two model files or folders (or REV:PATH), or git revisions (REV, REV1..REV2, REV1 REV2) "
            "of the model at PATH (default: --data, $POLICYX_DATA or the shipped model). "
            "Put revisions after -- when one starts with a dash.",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source", "-s", metavar="FILE", help="Verify the added and changed excerpts against this source text."
        ),
    ] = None,
    source_id: SourceIdOpt = None,
    fmt: DiffFormatOpt = None,
    textconv: Annotated[
        bool,
        typer.Option("--textconv", help="Print one model FILE as the text git's diff driver compares, and exit."),
    ] = False,
) -> None:
    """Show what changed between two models, record by record and field by field, by id.

    Records are matched by id, never by position: moving records changes nothing, a record whose id
    alone changed is renamed, and summaries and excerpts changed are shown word by word. Revisions
    are read with git: policyx diff HEAD~1, policyx diff main..feature -- data/policy.yaml. Exit 0
    when the models are equal, 1 when they differ (as diff does), 3 if an excerpt added or changed
    is not in the --source text.

    Example: policyx diff old.yaml my-model.yaml
    """
    from ..loader import resolve_path
    from ..modeldiff import diff as compare
    from ..modeldiff import reverify
    from ..revisions import sides

    run = session(ctx)
    args = list(names or [])
    if textconv:
        _textconv(run, args)
        return
    old, new = sides(args, resolve_path(run.data), use_cache=run.use_cache)
    found = compare(old.model, new.model, old.name, new.name)
    if source is not None:
        from ..sourcetext import read_source

        reverify(found, new.model, read_source(source), str(source), source_id)
    run.emit("diff", found, Output(format=fmt))
    if found.misquotes:
        run.env.message(f"policyx: {len(found.misquotes)} added or changed excerpts are not in {source}")
        raise typer.Exit(int(ExitStatus.DATA))
    if not found.equal:
        raise typer.Exit(int(ExitStatus.DIFFERENT))


def _textconv(run: "Session", args: list[str]) -> None:
    """The snapshot of one model file for git; a file that is not a valid model is shown as it is."""
    from ..errors import BadValue, DataError
    from ..loader import load, read_text

    if len(args) != 1:
        raise BadValue("--textconv takes one model FILE (git's diff driver passes it)")
    try:
        model = load(args[0], use_cache=False)
    except DataError:
        run.env.stdout.write(read_text(Path(args[0])))
        return
    run.emit("snapshot", model, Output(format="text"))
