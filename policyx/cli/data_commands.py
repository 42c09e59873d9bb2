"""Commands about the model file itself: validate, verify, export, schema."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitStatus
from .app import command, runtime


class ExportFormat(str, Enum):
    json = "json"
    yaml = "yaml"


@command()
def validate(ctx: typer.Context) -> None:
    """Check the model file and print counts per collection, or every problem with its location.

    Example: policyx --data my-model.yaml validate
    """
    from ..loader import resolve_path

    rt = runtime(ctx)
    model = rt.index().model
    counts = {
        "sources": len(model.sources),
        "themes": len(model.themes),
        "actors": len(model.actors),
        "addresses": len(model.addresses),
        "priorities": sum(len(a.priorities) for a in model.addresses),
        "relations": len(model.relations),
        "events": len(model.events),
        "quotes": len(model.quotes),
    }
    shown = ", ".join(f"{n} {name}" for name, n in counts.items())
    rt.stdout.write(f"ok: {resolve_path(rt.data)}: {shown}\n")


@command()
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
        rt.message(f"{ex.record} ({ex.field}): not found in {source}: \u201c{ex.text}\u201d")
        rt.message(f"    closest: \u201c{miss.closest}\u201d")
    other = f"; {report.skipped} from other sources not checked" if report.skipped else ""
    if report.misses:
        rt.message(f"policyx: {len(report.misses)} of {report.checked} excerpts not found{other}")
        raise typer.Exit(int(ExitStatus.DATA))
    rt.stdout.write(f"ok: {report.checked} excerpts from {report.source_id} found in {source}{other}\n")


@command()
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json or yaml.")] = ExportFormat.json,
) -> None:
    """Write the whole model, normalized: every field in schema order, dates as strings.

    Example: policyx export --format json > model.json
    """
    rt = runtime(ctx)
    from ..model import model_to_data

    data = model_to_data(rt.index().model, by_alias=True)
    if fmt is ExportFormat.json:
        from ..formats import to_json

        rt.stdout.write(to_json(data) + "\n")
    else:
        import yaml

        rt.stdout.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000))


@command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the model file (a copy is in schema/policy.schema.json).

    Example: policyx schema > policy.schema.json
    """
    from ..schema import json_schema

    runtime(ctx).stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
