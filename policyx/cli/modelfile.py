"""Commands about the model files themselves: validate, verify, export, schema."""

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ..verify import Miss, Place

from ..errors import ExitStatus, StoreDamaged
from .app import Session, command, read_once, report, session
from .options import ModelFormatOpt, Output


def _counts(counts: dict[str, int]) -> str:
    from ..model import RECORD_TYPES

    one = {t.collection: t.kind for t in RECORD_TYPES}
    return ", ".join(f"{n} {one.get(name, name) if n == 1 else name}" for name, n in counts.items())


@command(rich_help_panel="Model files")
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH...",
            help="Model files or folders to check (default: --data, $POLICYX_DATA or the shipped model).",
            show_default=False,
        ),
    ] = None,
    paths_required: Annotated[
        bool,
        typer.Option(
            "--paths-required",
            help="Fail unless PATH is given (for a hook that must never fall back on the shipped model).",
        ),
    ] = False,
) -> None:
    """Check model files and print counts per collection (per file too), or every problem with its location.

    Several files or folders may be named, as a pre-commit hook does; exit 3 if any has a problem.

    Example: policyx --data my-model.yaml validate
    """
    from ..errors import DataError
    from ..files import input_name
    from ..loader import load, resolve_path
    from ..queries import counts

    run = session(ctx)
    if paths_required and not paths:
        raise typer.BadParameter("name the model files or folders to check (in a pre-commit hook: its args)")
    failed = False
    targets: list[Path | None] = list(paths) if paths else [None]
    for target in targets:
        try:
            model = run.index().model if target is None else load(target, use_cache=run.use_cache)
        except DataError as err:
            report(run.env, err)
            failed = True
            continue
        version = f"schema {model.schema_version}"
        for file in sorted(set(model.files.values())):
            run.say(f"ok: {file}: {_counts(counts(model, file))}")
        path = input_name(resolve_path(target if target is not None else run.data))
        run.say(f"ok: {path} ({version}): {_counts(counts(model))}")
    if failed:
        raise typer.Exit(int(ExitStatus.DATA))


@command(rich_help_panel="Model files")
def verify(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Option("--source", "-s", metavar="FILE", help="Text of the source to check against.")
    ],
    source_id: Annotated[
        str | None,
        typer.Option("--source-id", metavar="ID", help="Which source the text is (default: the model's only article)."),
    ] = None,
) -> None:
    """Check that every quote and evidence excerpt appears verbatim in a source text.

    Line breaks, curly or straight quotes and hyphenation do not count as differences.
    Each miss is listed as FILE:LINE:COL: with its record id and the closest passage of the
    source; exit 3 if any.

    Example: policyx verify --source article.txt
    """
    from ..files import input_name
    from ..loader import read_text
    from ..verify import verify as run

    current = session(ctx)
    read_once(current, source, "--source")
    message = current.env.message
    model = current.index().model
    report = run(model, read_text(source), source_id)
    source = Path(input_name(source))  # standard input is named <stdin>
    for miss, place in _placed(current, report.misses):
        ex = miss.excerpt
        closest = f"; closest: \u201c{miss.closest}\u201d" if miss.closest else ""
        where = f"{place.file}:{place.line}:{place.column}" if place.line else place.file
        message(f"{where}: {ex.record} ({ex.field}) not found in {source}: \u201c{ex.text}\u201d{closest}")
    other = f"; {report.skipped} from other sources not checked" if report.skipped else ""
    if report.misses:
        message(f"policyx: {len(report.misses)} of {report.checked} excerpts not found{other}")
        raise typer.Exit(int(ExitStatus.DATA))
    if model.files:
        per_file = Counter(model.files.get(record, "?") for record in report.checked_records)
        for file, n in sorted(per_file.items()):
            current.say(f"ok: {file}: {n} excerpts from {report.source_id} found in {source}")
    current.say(f"ok: {report.checked} excerpts from {report.source_id} found in {source}{other}")


def _placed(current: Session, misses: "list[Miss]") -> "list[tuple[Miss, Place]]":
    """Each miss with where its excerpt is written (the model's files read again, only when there are misses)."""
    from ..errors import DataError
    from ..files import input_name, is_stream
    from ..loader import read_text, resolve_path
    from ..verify import places

    if not misses:
        return []
    model = current.index().model
    default = input_name(resolve_path(current.data))
    texts: dict[str, str] = {}
    for file in sorted(set(model.files.values()) or {default}):
        if file == input_name(Path("-")) or is_stream(Path(file)):
            continue  # a pipe was read once, as it flowed: each miss is placed at the file as a whole
        try:
            texts[file] = read_text(Path(file))
        except DataError:  # gone since it was loaded: the file as a whole
            pass
    where = places(model, [m.excerpt for m in misses], texts, default)
    return [(m, where[(m.excerpt.record, m.excerpt.field)]) for m in misses]


@command(rich_help_panel="Model files")
def export(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help="File to write (needed for sqlite; for json and yaml the default is standard output).",
            show_default=False,
        ),
    ] = None,
    fmt: ModelFormatOpt = None,
    database: Annotated[
        Path | None,
        typer.Option(
            "--database",
            metavar="DB",
            help="For --format datasette: the database file the metadata is for, as Datasette is given it "
            "(it names a database after its file; default policy.db).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write the whole model, normalized (json, yaml), or as a SQLite database for sqlite3 and Datasette.

    json and yaml keep the model file's shape with every field present (null where unset),
    in schema order, dates as strings. Files are written atomically and never replace an
    existing file without --force. datasette writes the metadata Datasette shows with the
    database: policyx export --format datasette --database m.db meta.json, then
    datasette m.db -m meta.json.

    Example: policyx export --format sqlite policy.db
    """
    run = session(ctx)
    from ..output import format_of

    named = file is not None and str(file) != "-" and file.suffix.lower().lstrip(".") in ("json", "yaml", "sqlite")
    output = Output(format=fmt or (format_of("model", file) if named and file else "json"), export=file, force=force)
    if database is not None and output.format != "datasette":
        raise typer.BadParameter("it goes with --format datasette", param_hint="--database")
    if output.format == "sqlite" and file is not None and str(file) != "-" and run.use_cache:
        from ..files import build
        from ..loader import store_copier

        copy = store_copier(run.data)  # the model's store is this very database: copied, not rebuilt
        if copy is not None:
            build(file, force, copy)
            run.env.message(f"wrote {file}")
            return
    if output.format in ("json", "yaml") and run.use_cache:
        from ..loader import stored

        whole = stored(run.data)  # the model's store: written from it record by record, the model never loaded
        if whole is not None:
            try:
                run.emit("model", whole, output)
                return
            except StoreDamaged:  # FILE is as it was (nothing is put in place unfinished): written from the model
                if file is None or str(file) == "-":
                    raise  # standard output had part of it: said, and the store is gone for the next run
    model: object = run.index().model
    if database is not None:
        from ..output.sqlite import ForDatabase, database_name

        model = ForDatabase(run.index().model, database_name(database))
    run.emit("model", model, output)


@command(rich_help_panel="Model files")
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the model file (a copy is in schema/policy.schema.json).

    Example: policyx schema > policy.schema.json
    """
    from ..output.text import to_json
    from ..schema import json_schema

    session(ctx).env.stdout.write(to_json(json_schema()) + "\n")
