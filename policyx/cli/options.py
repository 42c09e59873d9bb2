"""Command-line options shared by the commands, defined once.

``format_option`` makes the one ``--format`` option of each kind of output, its choices
read from the output registry. ``FormatOpt`` and friends are ``Annotated`` aliases;
``with_output`` adds all of them to a view command's signature and hands the command one
``Output`` instead.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..output import formats

OUTPUT = "Output"


def format_option(kind: str, help: str, panel: str | None = None, *, stdout: bool | None = True) -> Any:
    """The ``--format`` option of one kind of output: its choices are the registry's (stdout) formats."""
    choices = formats(kind, stdout=stdout)
    enum = Enum(f"{kind.title()}Format", {name: name for name in choices}, type=str)  # type: ignore[misc]
    return Annotated[
        enum | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{help} One of: {', '.join(choices)}.",
            case_sensitive=False,
            rich_help_panel=panel,
            show_default=False,
        ),
    ]


FormatOpt = format_option(
    "view", "Output format (default: a table on a terminal, tab-separated lines without a header in a pipe).", OUTPUT
)
GraphFormatOpt = format_option("graph", "Graph format (default: dot).")
CiteFormatOpt = format_option("citation", "Citation format (default: text).")
ModelFormatOpt = format_option("model", "Model format (default: json; sqlite needs a FILE).", stdout=None)
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Comma-separated fields to output, in this order (see README for each command's fields).",
        rich_help_panel=OUTPUT,
        show_default=False,
    ),
]
HeaderOpt = Annotated[
    bool | None,
    typer.Option(
        "--header/--no-header",
        help="Print a header line in csv/tsv (default: on with --format csv/tsv, off for piped output).",
        rich_help_panel=OUTPUT,
        show_default=False,
    ),
]
RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="Do not neutralise csv/tsv cells starting with = + - @ (OWASP formula-injection defence).",
        rich_help_panel=OUTPUT,
    ),
]
ExportOpt = Annotated[
    Path | None,
    typer.Option(
        "--export",
        help=f"Write the table view to FILE instead: {', '.join('.' + f for f in formats('view', stdout=False))}, "
        "by the extension.",
        rich_help_panel=OUTPUT,
        show_default=False,
        dir_okay=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Let --export replace an existing file.", rich_help_panel=OUTPUT),
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


_PARAMS = [
    inspect.Parameter("fmt", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FormatOpt),
    inspect.Parameter("fields", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FieldsOpt),
    inspect.Parameter("header", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=HeaderOpt),
    inspect.Parameter("raw", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=RawOpt),
    inspect.Parameter("export", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ExportOpt),
    inspect.Parameter("force", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=ForceOpt),
]

F = TypeVar("F", bound=Callable[..., Any])


def with_output(fn: F) -> F:
    """Give a command the shared output options; it receives them as ``output: Output``."""
    signature = inspect.signature(fn, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "output"]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        fmt = kwargs.pop("fmt")
        fields = kwargs.pop("fields")
        output = Output(
            format=fmt.value if fmt is not None else None,
            fields=[f.strip() for f in fields.split(",") if f.strip()] if fields else None,
            header=kwargs.pop("header"),
            raw=kwargs.pop("raw"),
            export=kwargs.pop("export"),
            force=kwargs.pop("force"),
        )
        return fn(*args, output=output, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*own, *_PARAMS])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in [*own, *_PARAMS]}
    return wrapper  # type: ignore[return-value]


NO_OPTIONS = Output()
