"""The command-line interface: a thin Typer layer over the library."""

from __future__ import annotations

from . import data_commands, explore  # noqa: F401  (registers the commands)
from .app import app


def main() -> None:
    """Entry point of the ``policyx`` script."""
    app()


__all__ = ["app", "main"]
