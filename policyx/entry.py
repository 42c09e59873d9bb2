"""The ``policyx`` script's entry point, and the signal edge of every run.

However a run ends (done, an error, Ctrl-C, SIGTERM or SIGHUP), it leaves here: an interrupt as
exit 130, a signal as 128 + its number, never a traceback, and, once further signals are ignored,
with every temporary file of a write in progress removed (``files.discard_unfinished``), even
when the signal came in the middle of that write's own clean-up.
"""

from __future__ import annotations

import sys

INTERRUPTED = 130
"""``ExitStatus.INTERRUPTED``, known here without importing anything (the first moments of a run)."""


def main() -> None:
    """Import the command line, then run it; end with its status, quietly, whatever signal came."""
    try:
        from .cli import main as run

        run()
        status: object = 0
    except SystemExit as done:
        status = done.code
    except KeyboardInterrupt:
        status = INTERRUPTED
    while True:  # an interrupt in the moment before signals are ignored: leave again, as interrupted
        try:
            raise SystemExit(_leave(status))
        except KeyboardInterrupt:
            status = INTERRUPTED


def _leave(status: object) -> object:
    """Ignore further signals, remove what an unfinished write left, and give the status to exit with."""
    import signal

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    files = sys.modules.get("policyx.files")
    if files is not None:
        files.discard_unfinished()
    return status
