"""The command-line interface: a thin Typer layer over the library."""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import IO

from ..errors import ExitStatus
from .app import app  # its commands are imported as they are needed (app.COMMANDS)
from .env import ClosedStream


def main() -> None:
    """Entry point of the ``policyx`` script: streams made safe, then the app."""
    for name in ("stdout", "stderr"):
        stream: IO[str] | None = getattr(sys, name)
        if stream is None:  # started with the descriptor closed (policyx >&-)
            setattr(sys, name, ClosedStream(name))
        elif hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # data the terminal's encoding lacks: escaped
    for name in ("SIGTERM", "SIGHUP"):  # a kill, a terminal closed: ended as an exception, cleaned up
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:  # nohup's choice stays
            signal.signal(signum, _terminated)
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(int(ExitStatus.INTERRUPTED)) from None


def _terminated(signum: int, frame: FrameType | None) -> None:
    """SIGTERM or SIGHUP ends the run as an exception does, so half-written files are removed on the way out."""
    raise SystemExit(128 + signum)


__all__ = ["app", "main"]
