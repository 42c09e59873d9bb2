"""Every listing command in every format says the same thing, and no data ever becomes terminal control."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyx.output import formats
from policyx.output.rows import dump
from policyx.output.tables import draw_plain
from policyx.output.text import cell, clean
from policyx.views import View

from .conftest import Result

FORMATS = formats("view", stdout=True)

Run = Callable[..., Result]

COMMANDS = [
    ("priorities",),
    ("compare", "2018", "2024"),
    ("actor", "land"),
    ("actors",),
    ("themes",),
    ("relations",),
    ("timeline",),
    ("quotes",),
    ("search", "bloc"),
]


def _text(value: object) -> str:
    return cell(value, ";")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_format_carries_the_same_rows(run: Run, command: tuple[str, ...]) -> None:
    rows = json.loads(run(*command, "--format", "json").stdout)
    assert rows, "the fixture gives every command something to show"
    fields = list(rows[0])
    as_text = [[_text(r[f]) for f in fields] for r in rows]
    chosen = ["--fields", ",".join(fields)]

    jsonl = run(*command, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in jsonl] == rows
    assert yaml.safe_load(run(*command, "--format", "yaml").stdout) == rows
    parsed_csv = list(csv.reader(io.StringIO(run(*command, "--format", "csv", *chosen).stdout)))
    assert parsed_csv[0] == fields
    assert [[c.removeprefix("'") for c in row] for row in parsed_csv[1:]] == as_text
    tsv = run(*command, "--format", "tsv", "--no-header", *chosen).stdout.splitlines()
    assert [[c.removeprefix("'") for c in line.split("\t")] for line in tsv] == [
        [c.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") for c in row] for row in as_text
    ]
    markdown = run(*command, "--format", "markdown", *chosen).stdout.splitlines()
    assert len(markdown) == len(rows) + 2 and markdown[0] == "| " + " | ".join(fields) + " |"
    table = run(*command, "--format", "table").stdout
    assert table.strip() and "\x1b" not in table


def test_every_format_is_known() -> None:
    assert FORMATS == ("table", "json", "jsonl", "csv", "tsv", "yaml", "markdown")


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4))
def test_no_data_becomes_terminal_control(values: list[tuple[str, str]]) -> None:
    rows = [{"id": a, "name": b} for a, b in values]
    view = View("things", ["id", "name"], rows, ["id", "name"], title="Things")
    for fmt in ("csv", "tsv", "markdown"):
        out = dump(fmt, rows, ["id", "name"], header=True)
        assert not any(ch in out for ch in "\x1b\x9b\x07\x00\u202e"), fmt
    for fmt in ("json", "jsonl"):
        out = dump(fmt, rows, ["id", "name"], header=True)
        assert not any(ch in out for ch in "\x1b\x9b\x07\x00\u202e"), fmt
        loaded = [json.loads(line) for line in out.splitlines()] if fmt == "jsonl" else json.loads(out)
        assert loaded == rows
    table = draw_plain(view, ["id", "name"], custom=False)
    assert not any(ch in table for ch in "\x1b\x9b\x07\x00\u202e")
    for value in (v for pair in values for v in pair):
        for word in re.findall(r"[A-Za-z0-9]+", clean(value)):
            assert word in table


def test_actors_markdown_exact(run: Run) -> None:
    result = run("actors", "--format", "markdown")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "| id | name | kind | aliases |\n"
        "|---|---|---|---|\n"
        "| land | Landia | state | The Land |\n"
        "| bloc | Northern Bloc | organisation | NB, Northern Union |\n"
        "| leader | Ada Leader | person | President Leader |\n"
        "| rival | Rivalia | state |  |\n"
    )


def test_themes_table_piped_is_plain_and_exact(run: Run) -> None:
    result = run("themes", "--format", "table")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Themes\n"
        "\n"
        "  id      name    priorities   events   quotes   claims\n"
        " " + "─" * 55 + "\n"
        "  unity   Unity            2        1        1        0\n"
        "  trade   Trade            1        1        0        0\n"
        "\n"
    )
