"""The Typer application: global options, the runtime of one invocation, and the error edge.

Owns what happens around every command: resolving ``--data``, choosing colour and
output style from the terminal, writing a view in the chosen format, and translating
library errors into one-line messages on stderr with the exit codes of ``ExitStatus``.
"""

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Annotated, Any, TypeVar

import typer

from .. import __version__
from ..errors import BadValue, DataError, ExitStatus, PolicyxError
from ..query import Index, View, rows_fields
from .options import Output

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="policyx",
    help="Explore a country's foreign policy from a curated, sourced model: priorities, "
    "comparisons between years, actors, relations, events and quotes.\n\n"
    "Example: policyx compare 2018 2024",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _color_wanted(no_color: bool) -> bool:
    if no_color or "NO_COLOR" in os.environ:
        return False
    return os.environ.get("TERM", "") != "dumb"


@dataclass
class Runtime:
    """One invocation's settings and streams; tests may pass their own as ``obj``."""

    data: str | None = None
    color: bool = True
    terminal: bool | None = None
    use_cache: bool = True
    out: IO[str] | None = None
    err: IO[str] | None = None
    _index: Index | None = field(default=None, repr=False)

    @property
    def stdout(self) -> IO[str]:
        return self.out if self.out is not None else sys.stdout

    @property
    def stderr(self) -> IO[str]:
        return self.err if self.err is not None else sys.stderr

    @property
    def is_terminal(self) -> bool:
        if self.terminal is not None:
            return self.terminal
        isatty = getattr(self.stdout, "isatty", None)
        return bool(isatty and isatty())

    def index(self) -> Index:
        """The loaded model's index (loaded once per invocation)."""
        if self._index is None:
            import gc

            from ..loader import load

            self._index = Index(load(self.data, use_cache=self.use_cache))
            # The model lives as long as the process: keep the collector (and the final
            # collection at exit) off its millions of objects.
            gc.freeze()
        return self._index

    def message(self, text: str) -> None:
        """A message for the person (never data): to stderr."""
        self.stderr.write(text + "\n")

    def console(self) -> Any:
        """A Rich console on stdout, for a terminal."""
        from ..render import make_console

        return make_console(self.stdout, terminal=True, color=self.color)

    def emit(self, view: View, output: Output) -> None:
        """Write a view to stdout in the chosen format (the one format dispatch)."""
        if output.export is not None:
            self._export(view, output, output.export)
            return
        fmt = output.format or ("table" if self.is_terminal else "tsv")
        if fmt == "table":
            if not view.rows:
                self.message(f"No {view.name} match.")
                return
            from ..render import draw, draw_plain

            columns = rows_fields(view, output.fields)
            if self.is_terminal:
                draw(view, columns, self.console(), custom=not output.fields, cite=output.cite)
            else:
                self.stdout.write(draw_plain(view, columns, custom=not output.fields, cite=output.cite))
            return
        from ..formats import STRUCTURED, dump

        every_field = not output.fields and fmt in (*STRUCTURED, "jsonl")
        columns = list(view.columns) if every_field else rows_fields(view, output.fields)
        header = output.header if output.header is not None else output.format in ("csv", "tsv")
        self.stdout.write(dump(fmt, view.rows, columns, header=header, raw=output.raw))

    def _export(self, view: View, output: Output, path: Path) -> None:
        from ..outfile import check_target, write_text
        from ..render import EXPORTS, exported

        suffix = path.suffix.lower()
        if suffix not in EXPORTS:
            raise BadValue(f"--export: {path} must end in {', '.join(EXPORTS)}")
        check_target(path, output.force)
        columns = rows_fields(view, output.fields)
        write_text(
            path, exported(view, columns, suffix, custom=not output.fields, cite=output.cite), force=output.force
        )
        self.message(f"wrote {path}")


def runtime(ctx: typer.Context) -> Runtime:
    """The runtime the global callback set up."""
    obj = ctx.find_root().obj
    if not isinstance(obj, Runtime):
        obj = Runtime()
        ctx.find_root().obj = obj
    return obj


def _fail(rt: Runtime, err: PolicyxError) -> typer.Exit:
    if isinstance(err, DataError):
        for problem in err.problems:
            rt.message(str(problem))
    else:
        rt.message(f"policyx: {err}")
    return typer.Exit(int(err.status))


def command(name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a command whose library errors become messages and exit codes."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kw: Any) -> Any:
            ctx = kw.get("ctx", args[0] if args else None)
            rt = runtime(ctx) if isinstance(ctx, typer.Context) else Runtime()
            try:
                return fn(*args, **kw)
            except PolicyxError as err:
                raise _fail(rt, err) from None
            except BrokenPipeError:
                _quiet_stdout()
                raise typer.Exit(int(ExitStatus.OK)) from None
            except KeyboardInterrupt:
                raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
            except (typer.Exit, typer.Abort, typer.BadParameter):
                raise
            except Exception as err:  # the last line of defence: never a traceback
                if os.environ.get("POLICYX_DEBUG"):
                    raise
                rt.message(f"policyx: internal error: {type(err).__name__}: {err} (set POLICYX_DEBUG=1 for details)")
                raise typer.Exit(int(ExitStatus.ERROR)) from None

        app.command(name, **kwargs)(wrapper)
        return fn

    return decorate


def _quiet_stdout() -> None:
    """After the reader of a pipe went away: send what is left to /dev/null, silently."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"policyx {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            "-d",
            help="Model file, or folder of *.yaml files, to read (default: $POLICYX_DATA, else the shipped model).",
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (also: NO_COLOR set, TERM=dumb).")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the model cache.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """policyx: a foreign-policy explorer.

    Example: policyx compare 2018 2024
    """
    rt = ctx.obj if isinstance(ctx.obj, Runtime) else Runtime()
    rt.data = data if data is not None else rt.data
    rt.color = rt.color and _color_wanted(no_color)
    rt.use_cache = rt.use_cache and not no_cache
    ctx.obj = rt
