"""Command-line options shared by the commands, defined once.

``format_option`` makes the one ``--format`` option of each kind of output, its choices
read from the output registry. ``with_output(view)`` adds the output options to a view
command's signature (``--fields`` listing and completing that view's fields) and hands
the command one ``Output`` instead.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import typer

from ..errors import did_you_mean
from ..output import formats
from ..queries import FIELDS
from . import complete

OUTPUT = "Output"


def choice(choices: tuple[str, ...]) -> Callable[[str | None], str | None]:
    """A check that a value is one of ``choices`` (any case), with a did-you-mean."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() in choices:
            return value.lower()
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(choices)}{did_you_mean(value, choices)}")

    return check


def format_option(kind: str, help: str, panel: str | None = None, *, stdout: bool | None = True) -> object:
    """The ``--format`` option of one kind of output: its choices are the registry's (stdout) formats."""
    choices = formats(kind, stdout=stdout)
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"{help} One of: {', '.join(choices)}.",
        callback=choice(choices),
        autocompletion=lambda incomplete: [c for c in choices if c.startswith(incomplete)],
        rich_help_panel=panel,
        show_default=False,
    )


FormatOpt = Annotated[
    str | None,
    format_option(
        "view",
        "Output format (default: a table on a terminal, tab-separated lines without a header in a pipe).",
        OUTPUT,
    ),
]
GraphFormatOpt = Annotated[
    str | None, format_option("graph", "Graph format (default: text on a terminal, dot in a pipe).")
]
CiteFormatOpt = Annotated[str | None, format_option("citation", "Citation format (default: text).")]
ModelFormatOpt = Annotated[
    str | None, format_option("model", "Model format (default: json; sqlite needs a FILE).", stdout=None)
]
BriefFormatOpt = Annotated[
    str | None,
    format_option(
        "brief", "Brief format (default: text on a terminal, markdown in a pipe, else by --export's extension).", OUTPUT
    ),
]
BriefExportOpt = Annotated[
    Path | None,
    typer.Option(
        "--export",
        metavar="FILE",
        help="Write the brief to FILE instead: .html is a self-contained page; also .md, .json, .txt "
        "(or as --format says; - is standard output).",
        rich_help_panel=OUTPUT,
        show_default=False,
        dir_okay=False,
    ),
]
HeaderOpt = Annotated[
    bool | None,
    typer.Option(
        "--header/--no-header",
        help="Print a header line in csv or tsv (default: on with --format csv or tsv, off in a pipe).",
        rich_help_panel=OUTPUT,
        show_default=False,
    ),
]
RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="Do not neutralise csv or tsv cells that start with = + - @ (the OWASP formula-injection defence).",
        rich_help_panel=OUTPUT,
    ),
]
ExportOpt = Annotated[
    Path | None,
    typer.Option(
        "--export",
        metavar="FILE",
        help=f"Write the table to FILE instead, as {', '.join('.' + f for f in formats('view', stdout=False))} "
        "by its extension (or as --format says; - is standard output).",
        rich_help_panel=OUTPUT,
        show_default=False,
        dir_okay=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Let --export replace an existing file.", rich_help_panel=OUTPUT),
]


def fields_option(view: str) -> object:
    """``--fields`` of one view: its help lists the view's fields, and completion offers them."""
    columns = FIELDS[view]
    return Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="FIELDS",
            help=f"Comma-separated fields to output, in this order. Fields: {', '.join(columns)}.",
            autocompletion=complete.fields(columns),
            rich_help_panel=OUTPUT,
            show_default=False,
        ),
    ]


@dataclass(frozen=True)
class Output:
    """The output options of one command invocation."""

    format: str | None = None
    fields: list[str] | None = None
    header: bool | None = None
    raw: bool = False
    cite: bool = False
    export: Path | None = None
    force: bool = False


F = TypeVar("F", bound=Callable[..., object])


def with_output(view: str) -> Callable[[F], F]:
    """Give a view command the shared output options; it receives them as ``output: Output``."""
    params = [
        inspect.Parameter("fmt", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FormatOpt),
        inspect.Parameter("fields", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=fields_option(view)),
        inspect.Parameter("header", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=HeaderOpt),
        inspect.Parameter("raw", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=RawOpt),
        inspect.Parameter("export", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ExportOpt),
        inspect.Parameter("force", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=ForceOpt),
    ]

    def decorate(fn: F) -> F:
        signature = inspect.signature(fn, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "output"]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            fields = kwargs.pop("fields")
            output = Output(
                format=kwargs.pop("fmt"),
                fields=[f.strip() for f in fields.split(",") if f.strip()] if fields else None,
                header=kwargs.pop("header"),
                raw=kwargs.pop("raw"),
                export=kwargs.pop("export"),
                force=kwargs.pop("force"),
            )
            return fn(*args, output=output, **kwargs)

        wrapper.__dict__["__signature__"] = signature.replace(parameters=[*own, *params])  # what Typer reads
        wrapper.__annotations__ = {p.name: p.annotation for p in [*own, *params]}
        return cast(F, wrapper)

    return decorate


NO_OPTIONS = Output()
