"""Command-line options shared by every command, defined once as ``Annotated`` aliases."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated

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


@dataclass(frozen=True)
class Output:
    """The output options of one command invocation."""

    format: str | None = None
    fields: list[str] | None = None
    header: bool | None = None
    raw: bool = False
    cite: bool = False

    @classmethod
    def of(cls, fmt: Format | None, fields: str | None, header: bool | None, raw: bool, cite: bool = False) -> Output:
        chosen = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
        return cls(fmt.value if fmt is not None else None, chosen, header, raw, cite)
