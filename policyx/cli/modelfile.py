"""Commands about the model files themselves: validate, verify, export, schema."""

import json
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitStatus
from .app import command, runtime


class ExportFormat(str, Enum):
    json = "json"
    yaml = "yaml"
    sqlite = "sqlite"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items())


@command(rich_help_panel="Model files")
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Model files or folders to check (default: --data, $POLICYX_DATA or the shipped model).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check model files and print counts per collection (per file too), or every problem with its location.

    Several files or folders may be named, as a pre-commit hook does; exit 3 if any has a problem.

    Example: policyx --data my-model.yaml validate
    """
    from ..errors import DataError
    from ..loader import load, resolve_path
    from ..query import counts

    rt = runtime(ctx)
    failed = False
    targets: list[Path | None] = list(paths) if paths else [None]
    for target in targets:
        try:
            model = rt.index().model if target is None else load(target, use_cache=rt.use_cache)
        except DataError as err:
            for problem in err.problems:
                rt.message(str(problem))
            failed = True
            continue
        for file in sorted(set(model.files.values())):
            rt.stdout.write(f"ok: {file}: {_counts(counts(model, file))}\n")
        rt.stdout.write(f"ok: {resolve_path(target if target is not None else rt.data)}: {_counts(counts(model))}\n")
    if failed:
        raise typer.Exit(int(ExitStatus.DATA))


@command(rich_help_panel="Model files")
def verify(
    ctx: typer.Context,
    source: Annotated[Path, typer.Option("--source", "-s", help="Text of the source to check against.")],
    source_id: Annotated[
        str | None,
        typer.Option("--source-id", help="Which source the text is (default: the model's only article)."),
    ] = None,
) -> None:
    """Check that every quote and evidence excerpt appears verbatim in a source text.

    Line breaks, curly or straight quotes and hyphenation do not count as differences.
    Each miss is listed with its record id and the closest passage; exit 3 if any.

    Example: policyx verify --source article.txt
    """
    from ..loader import read_text
    from ..verify import verify as run

    rt = runtime(ctx)
    model = rt.index().model
    report = run(model, read_text(source), source_id)
    for miss in report.misses:
        ex = miss.excerpt
        where = f"{model.files[ex.record]}: " if ex.record in model.files else ""
        rt.message(f"{where}{ex.record} ({ex.field}): not found in {source}: \u201c{ex.text}\u201d")
        rt.message(f"    closest: \u201c{miss.closest}\u201d")
    other = f"; {report.skipped} from other sources not checked" if report.skipped else ""
    if report.misses:
        rt.message(f"policyx: {len(report.misses)} of {report.checked} excerpts not found{other}")
        raise typer.Exit(int(ExitStatus.DATA))
    if model.files:
        per_file = Counter(model.files.get(record, "?") for record in report.checked_records)
        for file, n in sorted(per_file.items()):
            rt.stdout.write(f"ok: {file}: {n} excerpts from {report.source_id} found in {source}\n")
    rt.stdout.write(f"ok: {report.checked} excerpts from {report.source_id} found in {source}{other}\n")


@command(rich_help_panel="Model files")
def export(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(help="File to write (required for sqlite; default for json/yaml: stdout).", show_default=False),
    ] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json, yaml or sqlite.")] = ExportFormat.json,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write the whole model, normalized (json, yaml), or as a SQLite database for sqlite3 and Datasette.

    json and yaml keep the model file's shape with every field present (null where unset),
    in schema order, dates as strings. Files are written atomically and never replace an
    existing file without --force.

    Example: policyx export --format sqlite policy.db
    """
    from ..errors import BadValue
    from ..outfile import atomic, write_text

    rt = runtime(ctx)
    model = rt.index().model
    if fmt is ExportFormat.sqlite:
        if file is None:
            raise BadValue("export --format sqlite needs a FILE to write")
        from ..tosqlite import write

        with atomic(file, force) as tmp:
            tmp.unlink()
            write(model, tmp)
        rt.message(f"wrote {file}")
        return
    from ..model import model_to_data

    data = model_to_data(model, by_alias=True)
    if fmt is ExportFormat.json:
        from ..formats import to_json

        text = to_json(data) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    if file is None:
        rt.stdout.write(text)
    else:
        write_text(file, text, force=force)
        rt.message(f"wrote {file}")


@command(rich_help_panel="Model files")
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the model file (a copy is in schema/policy.schema.json).

    Example: policyx schema > policy.schema.json
    """
    from ..schema import json_schema

    runtime(ctx).stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
