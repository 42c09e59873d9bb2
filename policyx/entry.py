"""The ``policyx`` script's entry point, and the signal edge of every run.

However a run ends (done, an error, Ctrl-C, SIGTERM or SIGHUP), it leaves here: an interrupt as
exit 130, a signal as 128 + its number, never a traceback, and, once further signals are ignored,
with every temporary file of a write in progress removed (``files.discard_unfinished``), even
when the signal came in the middle of that write's own clean-up. A Ctrl-C that Python could not
deliver where it landed (in a callback, such as the one that frees an import's lock, where Python
would print "Exception ignored" and carry on) is sent again, so that it still stops the run. The
process then ends as ``SystemExit`` would end it (its status, the streams flushed, the ``atexit``
functions run), but without the interpreter's own teardown, which would spend longer freeing what
the run imported than most commands take to answer.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not typing's: importing typing would cost the script's first milliseconds
if TYPE_CHECKING:
    from typing import NoReturn

INTERRUPTED = 130
"""``ExitStatus.INTERRUPTED``, known here without importing anything (the first moments of a run)."""
RESEND = 0.005
"""Seconds after a Ctrl-C Python could not raise where it landed that it is raised again."""


def main() -> None:
    """Import the command line, then run it; end with its status, quietly, whatever signal came."""
    try:
        sys.unraisablehook = _unraisable
        from .cli import main as run

        run()
        status: object = 0
    except SystemExit as done:
        status = done.code
    except KeyboardInterrupt:
        status = INTERRUPTED
    while True:  # an interrupt in the moment before signals are ignored: leave again, as interrupted
        try:
            _exit(_leave(status))
        except KeyboardInterrupt:
            status = INTERRUPTED


def _exit(status: object) -> NoReturn:
    """End the process with a status as ``SystemExit`` would, the standard streams flushed and the
    ``atexit`` functions run as at any exit, but without the interpreter's own teardown, which frees
    every object of every module one by one (some 30 ms for what a run imports, Typer's and pydantic's
    the most), to no purpose at the end of a process."""
    import atexit
    import os

    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:  # as Python does with SystemExit("text"): the text on stderr, and 1
        sys.stderr.write(f"{status}\n")
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:
            pass  # the reader went away: what it did not read is dropped, quietly
        except (OSError, ValueError):
            code = code or 1  # what could not be written is a failure, as a failed flush at exit is
    os._exit(code & 0xFF)  # as the system takes a status: -1 is 255


def _leave(status: object) -> object:
    """Ignore further signals, remove what an unfinished write left, and give the status to exit with."""
    import signal

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    if hasattr(signal, "setitimer") and signal.setitimer(signal.ITIMER_REAL, 0)[0] > 0:
        status = INTERRUPTED  # a Ctrl-C still to be raised again (``_unraisable``): the run was interrupted
    files = sys.modules.get("policyx.files")
    if files is not None:
        files.discard_unfinished()
    return status


def _unraisable(info: object) -> None:
    """A Ctrl-C that landed where Python cannot raise it (a callback): not printed, but raised again a
    moment later (by an alarm: raised here, it would land in this hook), so that it stops the run;
    anything else is reported as Python would."""
    import signal

    if getattr(info, "exc_type", None) is not KeyboardInterrupt or not hasattr(signal, "setitimer"):
        sys.__unraisablehook__(info)  # type: ignore[arg-type]
        return
    signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.setitimer(signal.ITIMER_REAL, RESEND)
