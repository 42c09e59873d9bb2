"""The reference documents generated from the code: the CLI, the fields of every view, the exit codes, the model file.

Owns the Markdown of the generated sections of docs/: each sits between
``<!-- BEGIN generated NAME ... -->`` and ``<!-- END generated NAME -->`` and is rewritten by
``make docs`` (``tests/test_readme.py --update``); ``tests/test_docs.py`` fails when one differs
from what the code says. Everything here is read from the code's own declarations: the Typer
app's help, ``queries.FIELDS`` and ``columns``, ``ExitStatus`` and the errors that carry each
status, and the JSON Schema's descriptions. Nothing is printed; callers write the text.
"""

from __future__ import annotations

import inspect
import re
import signal
from collections.abc import Callable, Iterable
from typing import Any

import typer
from typer.main import get_command

from .. import errors
from ..columns import COLUMNS, SECONDARY, Column, column
from ..errors import ExitStatus
from ..lookup import Index
from ..views import View
from .app import app
from .markdown import anchor, cell, code
from .reference_model import model_reference

BEGIN = re.compile(r"<!-- BEGIN generated (?P<name>[a-z-]+)\b[^>]*-->\n")
SECTION = re.compile(
    r"(?P<begin><!-- BEGIN generated (?P<name>[a-z-]+)\b[^>]*-->\n)(?P<body>.*?)"
    r"(?P<end><!-- END generated (?P=name) -->)",
    re.S,
)


def _paragraphs(help_text: str) -> list[str]:
    """A command's help as Markdown paragraphs: each example as code."""
    out = []
    for block in inspect.cleandoc(help_text).split("\n\n"):
        line = " ".join(block.split())
        if line.startswith("Example: "):
            line = f"Example: {code(line.removeprefix('Example: '))}"
        else:
            line = cell(line)
        out.append(line)
    return out


def _params(command: Any, ctx: Any) -> list[str]:
    """A command's arguments and options, one table per help panel, as ``--help`` groups them."""
    panels: dict[str, list[tuple[str, str]]] = {}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if param.param_type_name == "argument":
            names, text = param.make_metavar(ctx) if record is None else record[0], "" if record is None else record[1]
            default_panel = "Arguments"
        else:
            if record is None:  # a hidden option: not in --help, not here
                continue
            names, text = record
            default_panel = "Options"
        panel = getattr(param, "rich_help_panel", None) or default_panel
        panels.setdefault(panel, []).append((names, text))
    order = ["Arguments", "Options", *sorted(p for p in panels if p not in ("Arguments", "Options"))]
    lines: list[str] = []
    for panel in order:
        if panel not in panels:
            continue
        lines += ["", f"{panel}:", "", "| | |", "|---|---|"]
        lines += [f"| {code(names)} | {cell(text)} |" for names, text in panels[panel]]
    return lines


def cli_reference() -> str:
    """docs/cli.md's body: the top-level command, then every command, as their ``--help`` says."""
    root = get_command(app)
    ctx = root.make_context("policyx", [], resilient_parsing=True)
    assert isinstance(root, typer.core.TyperGroup)
    names = root.list_commands(ctx)
    lines = ["## policyx", "", *"\n\n".join(_paragraphs(root.help or "")).splitlines()]
    lines += ["", "```text", " ".join(["policyx", *root.collect_usage_pieces(ctx)]), "```"]
    lines += _params(root, ctx)
    panels: dict[str, list[str]] = {}
    for name in names:
        panels.setdefault(getattr(root.commands[name], "rich_help_panel", None) or "Commands", []).append(name)
    for panel, members in panels.items():
        lines += ["", f"{panel}:", "", "| | |", "|---|---|"]
        for name in members:
            summary = _paragraphs(root.commands[name].help or "")[0]
            lines.append(f"| [{code(name)}]({anchor('policyx ' + name)}) | {summary} |")
    if root.epilog:
        lines += ["", cell(root.epilog)]
    for name in names:
        command = root.commands[name]
        sub = command.make_context(name, [], parent=ctx, resilient_parsing=True)
        usage = " ".join(["policyx", name, *command.collect_usage_pieces(sub)])
        lines += ["", f"## policyx {name}", ""]
        lines += "\n\n".join(_paragraphs(command.help or "")).splitlines()
        lines += ["", "```text", usage, "```"]
        lines += _params(command, sub)
    return "\n".join(lines) + "\n"


# Output formats -----------------------------------------------------------------------------------


def _format_choices(command: Any) -> list[str]:
    """The formats a command's ``--format`` offers, as its help lists them (none: it has no --format)."""
    for param in command.params:
        if "--format" in getattr(param, "opts", []):
            help_text: str = getattr(param, "help", None) or ""
            return help_text.rsplit("One of: ", 1)[-1].rstrip(".").split(", ")
    return []


def formats_reference() -> str:
    """docs/formats.md's formats: every kind of output, the commands that write it, its formats and files."""
    from .. import output

    root = get_command(app)
    assert isinstance(root, typer.core.TyperGroup)
    ctx = root.make_context("policyx", [], resilient_parsing=True)
    commands: dict[str, list[str]] = {}
    to_files: set[str] = set()
    for name in root.list_commands(ctx):
        command = root.commands[name]
        choices = _format_choices(command)
        for kind in output.WRITERS:
            if choices in ([*output.formats(kind, stdout=True)], [*output.formats(kind)]):
                commands.setdefault(kind, []).append(name)
                if any(
                    "--export" in getattr(p, "opts", []) or getattr(p, "metavar", None) == "FILE"
                    for p in command.params
                ):
                    to_files.add(kind)
    lines = [
        "| output | written by | `--format` (to standard output) | only to a file | file extensions | "
        "on a terminal | in a pipe |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, writers in output.WRITERS.items():
        suffixes = {**output.SUFFIXES, **output.KIND_SUFFIXES.get(kind, {})}
        extensions = [
            f"`.{ext}` ({fmt})" if ext != fmt else f"`.{ext}`"
            for fmt in writers
            for ext, meant in suffixes.items()
            if meant == fmt and fmt != "table"
        ]
        first = output.formats(kind)[0]
        if kind not in to_files:
            extensions = ["(standard output only)"]
        lines.append(
            f"| {kind} | {', '.join(code(c) for c in commands.get(kind, []))} "
            f"| {', '.join(output.formats(kind, stdout=True))} | {', '.join(output.formats(kind, stdout=False))} "
            f"| {', '.join(extensions)} | {first} | {output.PIPE_FORMATS.get(kind, first)} |"
        )
    return "\n".join(lines) + "\n"


# The fields of every view -------------------------------------------------------------------------


def _views() -> dict[str, tuple[str, Callable[[Index], View]]]:
    """Each view's command as run for its default fields, and how to build that view."""
    from .. import queries
    from ..output.comparison import compare_view
    from ..output.why_view import why_view

    return {
        "priorities": ("policyx priorities", lambda ix: queries.priorities(ix)),
        "compare": ("policyx compare 2018 2024", lambda ix: compare_view(queries.comparison(ix, "2018", "2024"))),
        "why": ("policyx why p2024-ots", lambda ix: why_view(queries.why(ix, "p2024-ots"))),
        "actor": ("policyx actor ots", lambda ix: queries.actor_profile(ix, "ots")),
        "actors": ("policyx actors", lambda ix: queries.actors(ix)),
        "themes": ("policyx themes", lambda ix: queries.themes(ix)),
        "relations": ("policyx relations", lambda ix: queries.relations(ix)),
        "timeline": ("policyx timeline", lambda ix: queries.timeline(ix)),
        "quotes": ("policyx quotes", lambda ix: queries.quotes(ix)),
        "search": ("policyx search OTS", lambda ix: queries.search(ix, "OTS")),
    }


def _shipped() -> Index:
    from ..loader import load, shipped_model_path

    return Index(load(shipped_model_path(), use_cache=False))


def _holds(spec: Column) -> str:
    """What a kind of column holds and how a table draws it, from its declaration in ``columns``."""
    if spec.actors:
        what = "one actor id" if spec.whole else "a list of actor ids"
        how = ["a name in human tables, the id in machine formats and `--fields` tables"]
        if spec.whole:
            how.append("never split")
    elif spec.numeric:
        what, how = "a number", ["never split", "right-aligned"]
    elif spec.whole:
        what, how = "a code (an id, a date, a vocabulary word)", ["never wrapped or split"]
    elif spec.own:
        what, how = "the row's own text (a title, a name, a summary)", ["wraps; no label when a row is stacked"]
    else:
        what, how = "text", ["wraps between words"]
    return f"{what}: {'; '.join(how)}"


def fields_reference() -> str:
    """docs/formats.md's Fields section: every view's fields and defaults, and what each field holds."""
    from ..queries import FIELDS

    runs = _views()
    if sorted(runs) != sorted(FIELDS):
        raise ValueError(f"views without a documented run: {sorted(set(FIELDS) ^ set(runs))}")
    index = _shipped()
    lines = [
        "| view | fields (the default ones in bold) | default order | defaults as run |",
        "|---|---|---|---|",
    ]
    for name, fields in FIELDS.items():
        command, build = runs[name]
        view = build(index)
        if view.columns != list(fields):
            raise ValueError(f"{name}: the view's columns are not queries.FIELDS[{name!r}]")
        default = view.default_columns
        listed = ", ".join(f"**{f}**" if f in default else f for f in fields)
        order = "as listed" if [f for f in fields if f in default] == default else ", ".join(default)
        lines.append(f"| {name} | {listed} | {order} | {code(command)} |")
    seen: list[str] = []
    for fields in FIELDS.values():
        seen += [f for f in fields if f not in seen]
    kinds: dict[Column, list[str]] = {}
    for name in seen:
        kinds.setdefault(column(name), []).append(name)
    lines += ["", "What each field holds (`policyx/columns.py`), and how a table draws it:", ""]
    lines += ["| holds | fields |", "|---|---|"]
    for spec in sorted(kinds, key=lambda c: (c.actors, not c.whole, not c.numeric, not c.own)):
        lines.append(f"| {_holds(spec)} | {', '.join(kinds[spec])} |")
    unknown = sorted(set(COLUMNS) - set(seen))
    if unknown:
        lines += ["", f"Declared in `policyx/columns.py` but in no view's fields: {', '.join(unknown)}."]
    lines += ["", f"A table too wide for the terminal leaves out, first to last: {', '.join(SECONDARY)}."]
    return "\n".join(lines) + "\n"


# The SQLite database -----------------------------------------------------------------------------


def sqlite_reference() -> str:
    """docs/formats.md's SQLite tables: the layout of ``export --format sqlite``, read from a database it wrote."""
    import sqlite3
    import tempfile
    from pathlib import Path

    from .. import output
    from ..loader import load, shipped_model_path
    from ..model import PROVENANCE

    with tempfile.TemporaryDirectory(prefix="policyx-") as scratch:
        path = Path(scratch) / "policy.db"
        output.write("model", "sqlite", load(shipped_model_path(), use_cache=False), output.Settings(), path=path)
        db = sqlite3.connect(path)
        try:
            tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall()
            virtual = [name for name, sql in tables if sql.startswith("CREATE VIRTUAL TABLE")]
            lines = ["| table | columns (→ the table a column refers to) |", "|---|---|"]
            indexes: list[str] = []
            for name, sql in tables:
                if any(name.startswith(v + "_") for v in virtual):  # an FTS5 index's own storage
                    continue
                columns = [row[1] for row in db.execute(f"PRAGMA table_info([{name}])")]
                if name in virtual:
                    if "content=[" in sql:
                        indexes.append(code(name))
                        continue
                    lines.append(f"| {code(name)} | FTS5 full-text index: {', '.join(columns)} |")
                    continue
                refers = {row[3]: row[2] for row in db.execute(f"PRAGMA foreign_key_list([{name}])")}
                shown = [f"{c} → {refers[c]}" if c in refers else c for c in columns if c not in PROVENANCE]
                if set(PROVENANCE) <= set(columns):
                    shown.append("provenance")
                elif "note" in columns:
                    shown.append("note")
                lines.append(f"| {code(name)} | {', '.join(shown)} |")
        finally:
            db.close()
    lines += [
        "",
        f"Full-text indexes over each record table's text, in sqlite-utils' and Datasette's convention "
        f"(`content=[table]`): {', '.join(indexes)}.",
    ]
    return "\n".join(lines) + "\n"


# Exit codes ---------------------------------------------------------------------------------------

MEANINGS = {
    ExitStatus.OK: "ok; also an empty result, and a reader that closed the pipe early",
    ExitStatus.ERROR: "error (and, for `diff`, the models differ, as `diff` says): a file that may not or "
    "cannot be written (`--export`, `export FILE`), a standard "
    'output that is closed or full, or an unexpected error ("internal error"; `POLICYX_DEBUG=1` shows the '
    "traceback)",
    ExitStatus.USAGE: "usage: a bad option, command, date or field name",
    ExitStatus.DATA: "data: the model file (or `verify`'s source text) is missing or invalid, or `verify` found "
    "excerpts missing from the source",
    ExitStatus.NOT_FOUND: "not found: an unknown or ambiguous actor, year, address, theme, kind or record id",
    ExitStatus.BELOW: "below the threshold: `coverage --min PERCENT` found less of the source covered",
    ExitStatus.INTERRUPTED: "interrupted (Ctrl-C, even while policyx is still being imported), quietly, after "
    "removing any half-written file",
}
"""What each exit status means to the person who sees it (every ExitStatus must have one)."""
TERMINATED = 128 + int(signal.SIGTERM)
HUNG_UP = 128 + int(getattr(signal, "SIGHUP", 1))


def _subclasses(cls: type[errors.PolicyxError]) -> Iterable[type[errors.PolicyxError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def exit_codes() -> str:
    """docs/guarantees.md's exit codes: every ExitStatus, its meaning and the errors that end with it."""
    raised: dict[int, list[str]] = {}
    for cls in _subclasses(errors.PolicyxError):
        if cls.__module__ == errors.__name__:
            doc = (cls.__doc__ or "").strip().splitlines()[0]
            raised.setdefault(int(cls.status), []).append(f"`{cls.__name__}`: {cell(doc)}")
    lines = ["| code | `ExitStatus` | meaning | raised as |", "|---|---|---|---|"]
    for status in ExitStatus:
        lines.append(f"| {int(status)} | {status.name} | {MEANINGS[status]} | {'<br>'.join(raised.get(status, []))} |")
    lines.append(
        f"| {HUNG_UP} | (128 + SIGHUP) | hung up (SIGHUP: the terminal closed), after removing any half-written "
        "file; not when ignored (`nohup`) | the signal, not an error |"
    )
    lines.append(
        f"| {TERMINATED} | (128 + SIGTERM) | terminated (SIGTERM), after removing any half-written file | "
        "the signal, not an error |"
    )
    return "\n".join(lines) + "\n"


# The model file -----------------------------------------------------------------------------------


SECTIONS: dict[str, Callable[[], str]] = {
    "cli": cli_reference,
    "formats": formats_reference,
    "fields": fields_reference,
    "sqlite": sqlite_reference,
    "exit-codes": exit_codes,
    "model": model_reference,
}
"""Every generated section, by the name its markers carry."""


def sections(text: str) -> list[str]:
    """The names of the generated sections a Markdown text holds."""
    return [m["name"] for m in BEGIN.finditer(text)]


def refresh(text: str) -> str:
    """The Markdown text with every generated section rewritten from the code."""
    if len(sections(text)) != len(SECTION.findall(text)):
        raise ValueError("a generated section has no END marker")
    unknown = [name for name in sections(text) if name not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown generated section {unknown[0]!r}; known: {', '.join(SECTIONS)}")
    made: dict[str, str] = {}

    def fill(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in made:
            made[name] = SECTIONS[name]()
        return f"{match['begin']}\n{made[name]}\n{match['end']}"  # blank lines: the markers stay apart

    return SECTION.sub(fill, text)
