"""The Typer application: global options, the session of one invocation, and the error edge.

Owns what happens around every command: resolving ``--data`` and the cache switch, the
one model a run loads, handing a result to ``output`` in the chosen format (the one
emit), and translating library errors into one-line messages on stderr with the exit
codes of ``ExitStatus``.
"""

import functools
import importlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from ..errors import DataError, ExitStatus, PolicyxError
from ..lookup import Index
from ..version import __version__
from .env import MAX_WIDTH, Environment
from .options import NO_OPTIONS, Output

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterator

    from ..model import Model

F = TypeVar("F", bound=Callable[..., object])
T = TypeVar("T")

GLOBAL_FLAGS = frozenset({"--no-color", "--no-cache", "--no-pager", "--version"})
GLOBAL_VALUED = frozenset({"--data", "-d", "--width"})


def hoist(args: list[str]) -> list[str]:
    """The arguments with global options given after the command moved before it, where they belong
    (``policyx priorities --no-color`` works as ``policyx --no-color priorities``)."""
    out: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith("-"):  # global options before the command
        out.append(args[i])
        if args[i] in GLOBAL_VALUED and i + 1 < len(args):
            i += 1
            out.append(args[i])
        i += 1
    if i >= len(args):
        return out
    command, rest, moved = args[i], [], []
    j = i + 1
    while j < len(args):
        word = args[j]
        name = word.split("=", 1)[0]
        if word == "--":
            rest.extend(args[j:])
            break
        if name in GLOBAL_FLAGS or (name in GLOBAL_VALUED and "=" in word):
            moved.append(word)
        elif word in GLOBAL_VALUED and j + 1 < len(args):
            moved.extend(args[j : j + 2])
            j += 1
        else:
            rest.append(word)
        j += 1
    return [*out, *moved, command, *rest]


def _stderr_line(text: str) -> None:
    """A usage error, before any session exists: one printable line on stderr."""
    Environment().message(" ".join(text.split()))


def _quiet_flags(params: list[Any]) -> list[Any]:
    """Help without placeholder noise: flags take no value, and an argument's name says what it is."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif getattr(param, "param_type_name", "") == "argument":
            param.display_type_rich = lambda ctx: None
    return params


COMMANDS: dict[str, str] = {
    **dict.fromkeys(("new", "coverage", "diff"), "curate"),
    **dict.fromkeys(("priorities", "compare", "why", "brief"), "explore"),
    **dict.fromkeys(("actor", "actors"), "actors"),
    **dict.fromkeys(("themes", "relations", "timeline", "quotes", "search", "graph", "cite"), "listings"),
    **dict.fromkeys(("validate", "verify", "export", "schema"), "modelfile"),
}
"""Every command, in the order help lists them, and the module of ``policyx.cli`` that defines it:
a run imports and reads only the command it runs (help, all of them). tests/test_cli.py checks this
against what the modules register."""

REGISTERED: dict[str, Any] = {}
"""The commands of the modules imported so far, by name: what ``command`` registered (typer's
``CommandInfo``), made into a command when first asked for."""


class Commands(MutableMapping[str, Any]):
    """The top-level command's subcommands, each made (its module imported, its options read) only
    when it is first asked for: a run pays for the one command it runs, not for all of them."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            if name not in COMMANDS:
                raise KeyError(name)
            importlib.import_module(f"{__package__}.{COMMANDS[name]}")
            self._made[name] = typer.main.get_command_from_info(
                REGISTERED[name],
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the commands of policyx are fixed")

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._made if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(name not in COMMANDS for name in self._made)

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._made


def _looking_up(
    look: "Callable[[sqlite3.Connection, str], str | None]", name: str
) -> "Callable[[sqlite3.Connection], str | None]":
    """A reading of the store that looks one name up."""
    return lambda db: look(db, name)


class Group(TyperGroup):
    """The top-level command: global options accepted after the command too, and usage errors
    said as every other error is, on one ``policyx:`` line; its commands made as they are needed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = Commands()

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist(list(args)))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            return super(Group, self).main(
                args, prog_name, complete_var, standalone_mode=False, windows_expand_args=windows_expand_args, **extra
            )

        if not standalone_mode:
            return run()
        try:
            status = run()
        except (KeyboardInterrupt, EOFError):
            sys.exit(int(ExitStatus.INTERRUPTED))
        except Exception as err:
            if type(err).__name__ == "Abort":
                sys.exit(int(ExitStatus.INTERRUPTED))
            if not (hasattr(err, "format_message") and hasattr(err, "exit_code")):
                raise
            command = getattr(getattr(err, "ctx", None), "command_path", "policyx")
            if err.format_message().strip():
                _stderr_line(f"policyx: {err.format_message()} (see '{command} --help')")
            sys.exit(err.exit_code)
        sys.exit(status if isinstance(status, int) else 0)

    def get_params(self, ctx: Any) -> list[Any]:
        return _quiet_flags(super().get_params(ctx))

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        from .complete import use_policyx_shells

        use_policyx_shells()  # zsh gets the ids offered for names (complete.py says why)
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


class Command(TyperCommand):
    """A command whose flags show no placeholder in help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _quiet_flags(super().get_params(ctx))


def _exit_statuses() -> str:
    """The epilog of ``policyx --help``: every exit status, read from ExitStatus (docs/guarantees.md says more)."""
    codes = ", ".join(f"{int(status)} {status.name.lower().replace('_', ' ')}" for status in ExitStatus)
    hung_up = 128 + int(getattr(signal, "SIGHUP", 1))
    return f"Exit status: {codes}; {hung_up} hung up (SIGHUP), {128 + signal.SIGTERM} terminated (SIGTERM)."


app = typer.Typer(
    cls=Group,
    name="policyx",
    help="Explore a country's foreign policy from a curated, sourced model: priorities, "
    "comparisons between years, actors, relations, events and quotes.\n\n"
    "Example: policyx compare 2018 2024",
    epilog=_exit_statuses(),
    no_args_is_help=False,
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Session:
    """One invocation: its environment, the model asked for, and that model once loaded."""

    env: Environment = field(default_factory=Environment)
    data: str | None = None
    use_cache: bool = True
    color: bool = True
    pager: bool = True
    _index: Index | None = field(default=None, repr=False)

    def index(self) -> Index:
        """The loaded model's index (loaded once per invocation)."""
        if self._index is None:
            from ..errors import Problem
            from ..files import input_name
            from ..loader import ENV_DATA, load, resolve_path

            try:
                self._index = Index(load(self.data, use_cache=self.use_cache, freeze=True))
            except DataError as err:  # say where a path that cannot be read came from
                path = input_name(resolve_path(self.data))
                origin = (
                    "--data" if self.data else (f"${ENV_DATA}" if os.environ.get(ENV_DATA) else "the shipped model")
                )
                problems = [
                    Problem(p.file, p.line, p.column, f"{p.message} (from {origin})")
                    if p.line == 0 and p.file == path
                    else p
                    for p in err.problems
                ]
                raise DataError(problems) from None
        return self._index

    def part(self, pick: "Callable[[sqlite3.Connection, str], Model | None]", name: str) -> tuple[Index, str]:
        """The index to answer a command about one actor with, and the name to give the query: over the
        part of the model ``pick`` reads for that actor from the model's store, with the actor's id, when
        the store can tell who ``name`` is; else over the whole model (with ``name`` as given), which is
        then stored for the next such command. Nothing but speed differs: the rows are the same."""
        if self._index is None and self.use_cache:
            from ..dbread import actor_id
            from ..loader import part

            def chosen(db: "sqlite3.Connection") -> "tuple[Model, str] | None":
                aid = actor_id(db, name)
                model = pick(db, aid) if aid is not None else None
                return (model, aid) if model is not None and aid is not None else None

            found = part(self.data, chosen)
            if found is not None:
                return Index(found[0]), found[1]
        index = self.index()
        if self.use_cache:
            from ..loader import keep_store

            keep_store(self.data, index.model)
        return index, name

    def stored_ids(self, **names: str | None) -> dict[str, str | None] | None:
        """The ids of the actors (``actor``, ``voice``, ``speaker``) and the theme (``theme``) a filter
        names, read from the model's store, when it can tell each one given (None for one not given);
        None when it cannot (then the whole model is to decide, and to say what is wrong with a name)."""
        from ..dbread import actor_id, theme_id

        ids: dict[str, str | None] = {}
        for role, name in names.items():
            if name is None:
                ids[role] = None
                continue
            look: Callable[[sqlite3.Connection, str], str | None] = theme_id if role == "theme" else actor_id
            found = self.from_store(_looking_up(look, name))
            if found is None:
                return None
            ids[role] = found
        return ids

    def from_store(self, pick: "Callable[[sqlite3.Connection], T | None]") -> "T | None":
        """What ``pick`` reads from the model's store, when there is one and the model is not loaded."""
        if self._index is not None or not self.use_cache:
            return None
        from ..loader import part

        return part(self.data, pick)

    def kept_in_order(
        self, kind: str, output: Output, keep: "Callable[[Any], bool]"
    ) -> "tuple[int, bool, Iterator[list[Any]]] | None":
        """``in_order``'s records of a kind that ``keep`` keeps, and how many views those state (1, or 2 for
        more) and whether any is not stated outright: the model's own answer when it states one view, all
        stated; else read off the kept records first, in a pass of their own (memory flat either way)."""
        from ..errors import StoreDamaged

        found = self.in_order(kind, output)
        if found is None:
            return None
        voices, unstated, chunks = found
        if voices > 1 or unstated:
            seen: set[object] = set()
            unstated = False
            try:
                for chunk in chunks:
                    for record in chunk:
                        if keep(record):
                            seen.add(getattr(record, "voice", None))
                            unstated = unstated or getattr(record, "basis", None) not in (None, "stated")
            except StoreDamaged:  # nothing is written yet: the model answers (the store is gone)
                return None
            voices = min(len(seen), 2)
            again = self.in_order(kind, output)
            if again is None:
                return None
            chunks = again[2]
        kept = (records for chunk in chunks if (records := [record for record in chunk if keep(record)]))
        return voices, unstated, kept

    def knows_actor(self, name: str) -> bool:
        """Whether the model's store (if it has one) finds the actor ``name`` means: then no model need be
        loaded to check a filter that names it."""
        return self.stored_ids(actor=name) is not None

    def say(self, text: str) -> None:
        """Lines for the person on stdout (validate, verify): wrapped between words on a terminal."""
        from ..output.text import wrap

        self.env.stdout.write(wrap(text.rstrip("\n"), self.env.columns) + "\n")

    def format_for(self, kind: str, output: Output = NO_OPTIONS) -> str:
        """The format a result of this kind is written in: the one asked for, the ``--export`` file's, or
        the default for where standard output goes."""
        from .. import output as out

        if output.format is not None:
            return output.format
        if output.export is not None and str(output.export) != "-":  # - is standard output
            return out.format_of(kind, output.export)
        if kind in out.PIPE_FORMATS and not self.env.is_terminal:
            return out.PIPE_FORMATS[kind]  # a pipe gets lines for scripts or text, not a drawing
        return out.formats(kind)[0]

    def streams(self, output: Output) -> bool:
        """Whether a listing is written line by line (tsv, csv, jsonl, to standard output) with the cache
        on: then it may come from the model's store a chunk at a time."""
        from ..output.rows import LINES

        return output.export is None and self.format_for("view", output) in LINES and self.use_cache

    def in_order(self, kind: str, output: Output) -> "tuple[int, bool, Iterator[list[Any]]] | None":
        """The model's records of a kind in their listing's order, a chunk at a time from its store, when a
        whole listing is written line by line (tsv, csv, jsonl, to standard output) and the store has them
        (``dbread.in_order``); else None, the model then loaded (and stored, for the next such command)."""
        if not self.streams(output):
            return None
        from ..loader import in_order, keep_store

        if self._index is None and (found := in_order(self.data, kind)) is not None:
            return found
        keep_store(self.data, self.index().model)
        return None

    def searched(
        self, text: str, output: Output, limit: int | None = None
    ) -> "tuple[bool, bool, Iterator[list[Any]]] | None":
        """The hits of a search read from the model's search index, best first, a chunk at a time, when
        they are written line by line (tsv, csv, jsonl, to standard output) and the cache has the index
        (``searchdb.hits``), the best ``limit`` of them if given; else None, and the model is to be searched
        whole."""
        import sqlite3

        from ..cache import drop_store
        from ..queries.search import terms_of

        terms_of(text)  # a search of no word, or of too many, is refused before anything is opened
        if not self.streams(output) or self._index is not None:
            return None
        from ..searchdb import PART, hits, open_index

        opened = open_index(self.data)
        if opened is None:
            return None
        try:
            return hits(opened, text, limit)
        except sqlite3.Error:  # an index that fails at once: the model answers, and the index is made again
            opened.db.close()
            drop_store(opened.key, PART)
            return None

    def keep_search_index(self, output: Output) -> None:
        """After a search of the whole model written line by line, make its search index for the next."""
        if self.streams(output):
            from ..searchdb import keep

            keep(self.data, self.index())

    def emit(self, kind: str, obj: object, output: Output = NO_OPTIONS) -> None:
        """Write a result in the chosen format: to stdout, or to the ``--export`` file."""
        from .. import output as out

        chosen = output.format is not None or (output.export is not None and str(output.export) != "-")
        fmt = self.format_for(kind, output)
        settings = out.Settings(
            fields=output.fields,
            header=output.header if output.header is not None else chosen and fmt in ("csv", "tsv"),
            raw=output.raw,
            cite=output.cite,
            terminal=self.env.is_terminal and output.export is None,
            color=self.color,
            width=self.env.columns if output.export is None else self.env.width,
            height=self.env.lines if self.env.is_terminal and output.export is None else None,
        )
        if settings.width is None and fmt in ("table", "text") and kind in ("view", "graph"):
            settings = replace(settings, width=self.env.file_columns)  # a table for a pipe or a file
        if output.export is None and self.pager and self.env.is_terminal and fmt == out.formats(kind)[0]:
            note = self.env.page(lambda stream: out.write(kind, fmt, obj, settings, out=stream))
        else:
            note = out.write(kind, fmt, obj, settings, out=self.env.stdout, path=output.export, force=output.force)
        if note:
            self.env.message(note)
        elif output.export is not None and str(output.export) != "-":
            self.env.message(f"wrote {output.export}")


def read_once(current: Session, path: Path, option: str) -> None:
    """Refuse a second reader of standard input: ``--data -`` took it, so ``option`` cannot have it too."""
    if str(path) == "-" and current.data == "-":
        raise typer.BadParameter("standard input is the model (--data -): it cannot be read again", param_hint=option)


def session(ctx: typer.Context) -> Session:
    """The session the global callback set up."""
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session(env=root.obj if isinstance(root.obj, Environment) else Environment())
    return root.obj


def report(env: Environment, err: PolicyxError) -> None:
    """An error as the person reads it: each located problem on its line, else one policyx: line."""
    if isinstance(err, DataError):
        for problem in err.problems:
            env.message(str(problem))
    else:
        env.message(f"policyx: {err}")


def _outcome(run: Callable[[], object], env: Environment) -> int:
    """Run a command; what it ended with, as an exit status (its messages already written)."""
    try:
        run()
        return int(ExitStatus.OK)
    except PolicyxError as err:
        report(env, err)
        return int(err.status)
    except typer.Exit as done:
        return int(done.exit_code)
    except BrokenPipeError:
        _quiet_stdout()
        return int(ExitStatus.OK)
    except KeyboardInterrupt:
        return int(ExitStatus.INTERRUPTED)
    except (typer.Abort, typer.BadParameter):
        raise
    except OSError as err:  # standard output full or closed, a file system that went away
        where = f": {err.filename}" if err.filename else ""
        env.message(f"policyx: cannot go on: {err.strerror or err}{where}")
        _quiet_stdout()
        return int(ExitStatus.ERROR)
    except Exception as err:  # the last line of defence: never a traceback
        if os.environ.get("POLICYX_DEBUG"):
            raise
        env.message(f"policyx: internal error: {type(err).__name__}: {err} (set POLICYX_DEBUG=1 for details)")
        return int(ExitStatus.ERROR)


def _flush(env: Environment, status: int) -> int:
    """Push out what is buffered: a reader gone is quiet, a full disk a message; a failure wins."""
    try:
        env.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except (OSError, ValueError) as err:
        env.message(f"policyx: cannot write to standard output: {getattr(err, 'strerror', None) or err}")
        _quiet_stdout()  # what could not be written is dropped, not retried at exit
        return status or int(ExitStatus.ERROR)
    return status


def reflow(doc: str | None) -> str:
    """A docstring as help: its paragraphs each one line, for the help to wrap at any width (a line
    break inside a paragraph would stay, and wrap raggedly on a terminal narrower than the source)."""
    import inspect

    paragraphs = inspect.cleandoc(doc or "").split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


def command(name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a command whose library errors become messages and exit codes.

    Standard output is flushed before the command returns, so a reader that went away or
    a full disk is seen here, and the command's own failing status wins over a broken pipe.
    Its help is its docstring, reflowed.
    """

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: object, **kw: object) -> None:
            ctx = kw.get("ctx", args[0] if args else None)
            env = session(ctx).env if isinstance(ctx, typer.Context) else Environment()
            status = _flush(env, _outcome(lambda: fn(*args, **kw), env))
            if status:
                raise typer.Exit(status)

        registry = typer.Typer()
        registry.command(name, cls=Command, help=reflow(fn.__doc__), **kwargs)(wrapper)
        REGISTERED[name or typer.main.get_command_name(fn.__name__)] = registry.registered_commands[0]
        return fn

    return decorate


def _quiet_stdout() -> None:
    """After the reader of a pipe went away: send what is left to /dev/null, silently."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    finally:
        os.close(devnull)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"policyx {__version__}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            "-d",
            metavar="PATH",
            help="Model file (- for standard input), folder of *.yaml files, or database that "
            "export --format sqlite wrote, to read (default: $POLICYX_DATA, else the shipped model).",
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (also: NO_COLOR set and not empty, or TERM=dumb).")
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the model cache.")] = False,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help="Never page long output (default: $POLICYX_PAGER, $PAGER or less -FRX)."),
    ] = False,
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            metavar="N",
            min=40,
            max=MAX_WIDTH,
            help="Lay tables and exports out for N columns (default: the terminal's).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """policyx: a foreign-policy explorer.

    Example: policyx compare 2018 2024
    """
    current = session(ctx)
    current.data = data
    current.use_cache = not no_cache
    current.color = current.env.wants_color(no_color)
    current.pager = not no_pager
    if width is not None:
        current.env.width = width
    if ctx.invoked_subcommand is None:  # policyx alone: the overview, not the whole help
        from .overview import overview

        current.env.stdout.write(overview(ctx, current.env.columns or 80))
        raise typer.Exit(int(ExitStatus.OK))
