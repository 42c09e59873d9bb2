"""Command-line options shared by every listing command, defined once.

``FormatOpt`` and friends are ``Annotated`` aliases; ``with_output`` adds all of them to a
command's signature and hands the command one ``Output`` instead.
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

from ..formats import FORMATS

Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

OUTPUT = "Output"

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: a table on a terminal, tab-separated lines without a header in a pipe.",
        case_sensitive=False,
        rich_help_panel=OUTPUT,
        show_default=False,
    ),
]
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
        help="Write the table view to FILE instead: .svg, .html or .txt, by the extension.",
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
            cite=bool(kwargs.get("cite", False)),
            export=kwargs.pop("export"),
            force=kwargs.pop("force"),
        )
        return fn(*args, output=output, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*own, *_PARAMS])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in [*own, *_PARAMS]}
    return wrapper  # type: ignore[return-value]


NO_OPTIONS = Output()
