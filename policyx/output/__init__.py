"""Every output policyx writes, behind one registry keyed by what is written and in which format.

Owns the single map from (kind, format) to a writer: views (terminal tables, machine
formats, pictures of a table), relation graphs, citations and whole models. Writers live
in this package's modules and are imported only when used, so start-up pays for none of
them. A writer writes text to a stream, or (``to_file``) builds a file at a path; either
way, a file named by the user is written atomically and never replaces one without force.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import BadValue
from ..files import build, write_made


@dataclass(frozen=True)
class Settings:
    """How to write: what the user chose (fields, header, raw, cite) and what the terminal allows."""

    fields: list[str] | None = None
    header: bool = False
    raw: bool = False
    cite: bool = False
    terminal: bool = False
    color: bool = False
    width: int | None = None
    height: int | None = None
    """The terminal's height, when the output goes to one (a screen-sized brief fits it)."""


@dataclass(frozen=True)
class Writer:
    """One format of one kind of output: ``module:function`` of the writer, and where it may go."""

    target: str
    stdout: bool = True
    """May it go to standard output (else only to a file, by ``--export`` or a FILE argument)?"""
    to_file: bool = False
    """Does it build a file at a path (a database) rather than write text?"""

    def load(self) -> Callable[..., str | None]:
        module, _, name = self.target.partition(":")
        function: Callable[..., str | None] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        return function


WRITERS: dict[str, dict[str, Writer]] = {
    "view": {
        "table": Writer("tables:write_table"),
        "json": Writer("rows:write_json"),
        "jsonl": Writer("rows:write_jsonl"),
        "csv": Writer("rows:write_csv"),
        "tsv": Writer("rows:write_tsv"),
        "yaml": Writer("rows:write_yaml"),
        "markdown": Writer("rows:write_markdown"),
        "svg": Writer("tables:write_svg", stdout=False),
        "html": Writer("tables:write_html", stdout=False),
        "txt": Writer("tables:write_txt", stdout=False),
    },
    "graph": {
        "text": Writer("graph_tree:write_graph"),
        "dot": Writer("graphs:write_dot"),
        "mermaid": Writer("graphs:write_mermaid"),
        "json": Writer("graphs:write_json"),
    },
    "citation": {
        "text": Writer("citations:write_text"),
        "bibtex": Writer("citations:write_bibtex"),
        "csl-json": Writer("citations:write_csl_json"),
    },
    "brief": {
        "text": Writer("brief_screen:write_text"),
        "markdown": Writer("brief_markdown:write_markdown"),
        "json": Writer("brief_json:write_json"),
        "html": Writer("brief_page:write_html"),
    },
    "model": {
        "json": Writer("models:write_json"),
        "yaml": Writer("models:write_yaml"),
        "sqlite": Writer("sqlite:write", stdout=False, to_file=True),
        "datasette": Writer("sqlite:write_metadata"),
    },
    "coverage": {
        "text": Writer("coverage_view:write_text"),
        "markdown": Writer("coverage_view:write_markdown"),
        "json": Writer("coverage_view:write_json"),
        "html": Writer("coverage_page:write_html"),
    },
    "diff": {
        "text": Writer("diff_view:write_text"),
        "markdown": Writer("diff_view:write_markdown"),
        "json": Writer("diff_view:write_json"),
    },
    "snapshot": {
        "text": Writer("diff_view:write_snapshot"),
    },
}
"""(kind, format) -> writer: the one place a format name meets the code that writes it."""


SUFFIXES = {
    **{fmt: fmt for kinds in WRITERS.values() for fmt in kinds},
    "md": "markdown",
    "yml": "yaml",
    "db": "sqlite",
    "dot": "dot",
    "gv": "dot",
    "mmd": "mermaid",
    "bib": "bibtex",
}
"""File extensions and the formats they ask for."""


PIPE_FORMATS = {"view": "tsv", "brief": "markdown", "graph": "dot"}
"""What a kind of output is written as in a pipe when no format is asked for (never a drawing)."""


def formats(kind: str, *, stdout: bool | None = None) -> tuple[str, ...]:
    """The formats of a kind of output (only those that may go to stdout, or only file ones)."""
    return tuple(fmt for fmt, w in WRITERS[kind].items() if stdout is None or w.stdout == stdout)


KIND_SUFFIXES = {"brief": {"txt": "text"}, "coverage": {"txt": "text", "htm": "html"}, "diff": {"txt": "text"}}
"""Extensions that mean another format for one kind of output (a brief's .txt is its text)."""


def format_of(kind: str, path: Path) -> str:
    """The format a file name asks for, by its extension (``--export x.svg``)."""
    suffix = path.suffix.lower().lstrip(".")
    suffixes = {**SUFFIXES, **KIND_SUFFIXES.get(kind, {})}
    fmt = suffixes.get(suffix, suffix)
    if fmt not in WRITERS[kind] or fmt == "table":
        choices = ", ".join(f".{s}" for s, f in suffixes.items() if f in WRITERS[kind] and f != "table")
        raise BadValue(f"{path} must end in one of {choices}, or the format be chosen with --format")
    return fmt


def write(
    kind: str,
    fmt: str,
    obj: object,
    settings: Settings,
    *,
    out: IO[str] | None = None,
    path: Path | None = None,
    force: bool = False,
) -> str | None:
    """Write ``obj`` as ``fmt`` to ``out``, or to the file ``path``; return a note for the person, if any."""
    writer = WRITERS[kind][fmt]
    function = writer.load()
    if path is not None and str(path) == "-":  # the usual name for standard output
        if writer.to_file:
            _bytes_to(out, lambda built: function(obj, built, settings))
            return None
        path = None
    if path is None:
        if writer.to_file or out is None:
            raise BadValue(f"{fmt} output needs a FILE to write to")
        return function(obj, out, settings)
    if writer.to_file:
        build(path, force, lambda built: function(obj, built, settings))
        return None
    return write_made(path, lambda made: function(obj, made, settings), force=force)


def _bytes_to(out: IO[str] | None, make: Callable[[Path], object]) -> None:
    """Build a file (a database) and send its bytes to a text stream's binary buffer."""
    import shutil
    import tempfile

    binary = getattr(out, "buffer", None)
    if out is None or binary is None:
        raise BadValue("this output cannot take binary data: name a FILE to write")
    with tempfile.TemporaryDirectory(prefix="policyx-") as scratch:
        built = Path(scratch) / "out"
        make(built)
        out.flush()
        with open(built, "rb") as src:
            shutil.copyfileobj(src, binary)
        binary.flush()
