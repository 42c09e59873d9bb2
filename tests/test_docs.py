"""Every command documents itself: a one-line summary and a worked example in --help."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from policyx.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands() -> None:
    assert COMMANDS == [
        "actor",
        "actors",
        "brief",
        "cite",
        "compare",
        "coverage",
        "diff",
        "export",
        "graph",
        "new",
        "priorities",
        "quotes",
        "relations",
        "schema",
        "search",
        "themes",
        "timeline",
        "validate",
        "verify",
        "why",
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    doc = command.callback.__doc__ or ""
    summary = doc.strip().splitlines()[0]
    assert summary.endswith(".") and len(summary) <= 120
    assert summary in result.stdout
    assert f"Example: policyx {name}" in doc or f"Example: policyx --data my-model.yaml {name}" in doc
    assert "Example: policyx" in result.stdout
