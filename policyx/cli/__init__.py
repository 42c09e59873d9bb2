"""The command-line interface: a thin Typer layer over the library."""

from __future__ import annotations

from . import explore, modelfile  # noqa: F401  (registers the commands, in this order in --help)
from .app import app


def main() -> None:
    """Entry point of the ``policyx`` script."""
    app()


__all__ = ["app", "main"]
