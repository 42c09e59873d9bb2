"""The ``policyx`` script's entry point: Ctrl-C while Python is still importing ends as quietly as later."""

from __future__ import annotations


def main() -> None:
    """Import the command line, then run it; an interrupt during the import exits 130."""
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        from .errors import ExitStatus

        raise SystemExit(int(ExitStatus.INTERRUPTED)) from None
    run()
