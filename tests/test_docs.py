"""Every command documents itself: a one-line summary and a worked example in --help."""

from __future__ import annotations

import re
import signal

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from policyx.cli import app, reference
from policyx.errors import ExitStatus

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands() -> None:
    assert COMMANDS == [
        "actor",
        "actors",
        "brief",
        "cite",
        "compare",
        "export",
        "graph",
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


def test_the_help_epilog_lists_every_exit_status() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    epilog = " ".join(result.stdout.replace("│", " ").split())
    for status in ExitStatus:
        assert f"{int(status)} {status.name.lower().replace('_', ' ')}" in epilog
    assert f"{128 + signal.SIGTERM} terminated" in epilog


def test_the_exit_codes_table_has_every_status_and_its_meaning() -> None:
    table = reference.exit_codes()
    assert set(reference.MEANINGS) == set(ExitStatus)
    for status in ExitStatus:
        assert f"| {int(status)} | {status.name} | {reference.MEANINGS[status]} |" in table
    assert "`NotFound`" in table and "`DataError`" in table


def test_the_fields_tables_name_every_view_and_field() -> None:
    from policyx.queries import FIELDS

    table = reference.fields_reference()
    for view, fields in FIELDS.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| {view} |"))
        assert [f.strip("*") for f in row.split(" | ")[1].split(", ")] == list(fields)
    kinds = table.split("What each field holds")[1]
    for field in {f for fields in FIELDS.values() for f in fields}:
        assert re.search(rf"[|,] {field}(,| \|)", kinds), field


def test_the_fields_tables_need_a_run_of_every_view(monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import queries

    monkeypatch.setitem(queries.FIELDS, "extra", ["id"])
    with pytest.raises(ValueError, match="extra"):
        reference.fields_reference()
    monkeypatch.delitem(queries.FIELDS, "extra")
    runs = reference._views()
    monkeypatch.setattr(reference, "_views", lambda: {**runs, "priorities": runs["actors"]})
    with pytest.raises(ValueError, match="priorities"):
        reference.fields_reference()


def test_the_model_reference_has_every_field_of_the_schema() -> None:
    from policyx.schema import json_schema

    text = reference.model_reference()
    for name, definition in json_schema()["$defs"].items():
        assert f"### {name}" in text
        for field in definition["properties"]:
            assert f"| `{field}` |" in text, f"{name}.{field}"


def test_schema_types_in_words() -> None:
    assert reference._kind({"const": 1}) == "`1`"
    assert reference._kind({"type": "number"}) == "number"
    assert reference._kind({"type": "integer"}) == "integer"


def test_generated_sections_are_named_and_closed() -> None:
    with pytest.raises(ValueError, match="unknown generated section 'nope'"):
        reference.refresh("<!-- BEGIN generated nope -->\n<!-- END generated nope -->")
    with pytest.raises(ValueError, match="no END"):
        reference.refresh("<!-- BEGIN generated cli -->\n")
    assert reference.refresh("no sections") == "no sections"


def test_every_generated_section_is_written_from_the_code() -> None:
    text = "".join(
        f"<!-- BEGIN generated {name} -->\nstale\n<!-- END generated {name} -->\n" for name in reference.SECTIONS
    )
    done = reference.refresh(text)
    assert "stale" not in done and reference.sections(done) == list(reference.SECTIONS)
    assert reference.refresh(done) == done
    assert "## policyx compare" in done and "| `excerpts` |" in done and "| view |" in done
