"""The environment of one invocation: its streams, whether stdout is a terminal, colour, width.

Owns what the CLI learns from the process around it, in the manner of httpie's
``Environment``: built once per run from ``sys`` and ``os.environ``, and replaced whole
by tests (pass one as Typer's ``obj``).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from ..output.text import clean

MAX_MESSAGE = 2000
MAX_WIDTH = 1000
"""The widest layout: --width above it is refused, a terminal or $COLUMNS above it is taken as it."""
"""A message longer than this is cut (a whole file quoted in an error helps no one)."""


class ClosedStream(io.TextIOBase):
    """Stands for a standard stream the process was started without: writing to it fails clearly."""

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> int:
        raise OSError(f"standard {'output' if self.name == 'stdout' else 'error'} is closed")

    def isatty(self) -> bool:
        return False


def printable(text: str) -> str:
    """A message made safe for a terminal and kept to its one line: controls (a line break in a file
    name too, which could pass for a line of output of its own) as visible escapes, bounded in length."""
    text = clean(text).replace("\n", "\\n")
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # undecodable file names
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE] + f"... ({len(text) - MAX_MESSAGE} more characters)"
    return text


@dataclass
class Environment:
    """Streams and terminal facts; ``None`` means: ask the process (at the time of use)."""

    out: IO[str] | None = None
    err: IO[str] | None = None
    terminal: bool | None = None
    color: bool | None = None
    width: int | None = None
    height: int | None = None

    @property
    def stdout(self) -> IO[str]:
        return self.out if self.out is not None else sys.stdout

    @property
    def stderr(self) -> IO[str]:
        return self.err if self.err is not None else sys.stderr

    @property
    def is_terminal(self) -> bool:
        """Does stdout go to a terminal (so a person reads it)?"""
        if self.terminal is not None:
            return self.terminal
        isatty = getattr(self.stdout, "isatty", None)
        return bool(isatty and isatty())

    @property
    def columns(self) -> int | None:
        """The width to lay text out for: the set width, else the terminal's; None in a pipe."""
        if self.width:
            return min(self.width, MAX_WIDTH)
        if not self.is_terminal:
            return None
        import shutil

        return min(shutil.get_terminal_size().columns, MAX_WIDTH)

    @property
    def file_columns(self) -> int:
        """The width to draw a table for when it goes to a pipe or a file: the set width, else $COLUMNS,
        else 80, as a terminal would be."""
        if self.width:
            return min(self.width, MAX_WIDTH)
        value = os.environ.get("COLUMNS", "").strip()
        return min(int(value), MAX_WIDTH) if value.isascii() and value.isdigit() and int(value) >= 20 else 80

    def wants_color(self, no_color: bool = False) -> bool:
        """Colour unless refused: by --no-color, NO_COLOR or TERM=dumb (or by this environment)."""
        if no_color or self.color is False or os.environ.get("NO_COLOR"):  # no-color.org: set and not empty
            return False
        return os.environ.get("TERM", "") != "dumb"

    @property
    def lines(self) -> int:
        """The terminal's height."""
        import shutil

        return self.height or shutil.get_terminal_size().lines

    def pager_command(self) -> list[str] | None:
        """The pager to use ($POLICYX_PAGER, else $PAGER, else less -FRX if installed); None for none. Its
        program is found as every outside program is (``programs.which``: never from the current directory);
        one that is not found means no pager."""
        import shlex

        from ..programs import which

        for name in ("POLICYX_PAGER", "PAGER"):
            if name in os.environ:
                command = os.environ[name].strip()
                try:
                    words = shlex.split(command)
                except ValueError:  # unbalanced quotes: not a command we can run
                    return None
                if not words or words == ["cat"]:
                    return None
                program = which(words[0])
                return [program, *words[1:]] if program is not None else None
        less = which("less")
        return [less, "-FRX"] if less else None

    def page(self, write: Callable[[IO[str]], str | None]) -> str | None:
        """Have ``write`` write its output; if it is longer than the screen, show it through the pager."""
        import subprocess

        buffer = io.StringIO()
        note = write(buffer)
        text = buffer.getvalue()
        command = self.pager_command()
        if command is None or text.count("\n") < self.lines:
            self.stdout.write(text)
            return note
        self.stdout.flush()
        try:
            pager = subprocess.Popen(
                command, stdin=subprocess.PIPE, env={**os.environ, "LESS": os.environ.get("LESS", "FRX")}
            )
        except OSError:  # the pager cannot be started: no pager, then
            self.stdout.write(text)
            return note
        assert pager.stdin is not None
        try:
            pager.stdin.write(text.encode("utf-8", "backslashreplace"))
            pager.stdin.close()
        except BrokenPipeError:  # the person quit the pager early
            pass
        import signal

        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pager's, as in git
        try:
            pager.wait()
        finally:
            signal.signal(signal.SIGINT, previous)
        return note

    def message(self, text: str) -> None:
        """A message for the person (never data): to stderr, made printable."""
        text = printable(text)
        isatty = getattr(self.stderr, "isatty", None)
        if isatty is not None and isatty():  # a person reads it: wrapped between words, like the tables
            import shutil

            from ..output.text import wrap

            text = wrap(text, shutil.get_terminal_size().columns)
        try:
            self.stderr.write(text + "\n")
        except (OSError, ValueError):  # stderr closed or full: nowhere left to say it
            pass
