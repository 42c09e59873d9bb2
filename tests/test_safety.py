"""Data is text, never markup or terminal control; spreadsheets never run a cell; colour obeys the user."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import FIXTURE_YAML, Result

Run = Callable[..., Result]

NASTY = r'"[bold]Riv[/bold]\e[31mred\e]8;;http://evil.example\e\\link\e]8;;\e\\\x9b2J"'
SHOWN = "[bold]Riv[/bold]\\x1b[31mred\\x1b]8;;http://evil.example\\x1b\\link\\x1b]8;;\\x1b\\\\x9b2J"


@pytest.fixture
def nasty_file(tmp_path: Path) -> Path:
    text = FIXTURE_YAML.replace("    name: Rivalia\n", f"    name: {NASTY}\n")
    text = text.replace("    title: The short war\n", '    title: "=HYPERLINK(\\"http://x\\")"\n')
    path = tmp_path / "nasty.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "markdown", "json", "jsonl", "yaml"])
def test_no_control_character_reaches_stdout(run: Run, nasty_file: Path, fmt: str) -> None:
    out = run("actors", "--format", fmt, data=nasty_file).stdout
    assert "\x1b" not in out
    assert "\x9b" not in out
    shown = "\\[bold\\]Riv\\[/bold\\]" if fmt == "markdown" else "[bold]Riv[/bold]"  # Markdown renders \[ as [
    assert shown in out


def test_table_shows_markup_and_escapes_literally(run: Run, nasty_file: Path) -> None:
    out = run("actors", "--format", "table", "--fields", "id,name", data=nasty_file).stdout
    assert f"  rival    {SHOWN}" in out.splitlines()


def test_tsv_shows_escapes(run: Run, nasty_file: Path) -> None:
    out = run("actors", "--fields", "id,name", data=nasty_file).stdout
    # tsv doubles the data's own backslash, then shows control characters as \xNN
    assert out.splitlines()[-1] == "rival\t" + SHOWN.replace("\\x1b\\link", "\\x1b\\\\link").replace(
        "\\x1b\\\\x9b", "\\x1b\\\\\\x9b"
    )


def test_json_keeps_the_data_but_escapes_it(run: Run, nasty_file: Path) -> None:
    import json

    out = run("actors", "--format", "json", "--fields", "id,name", data=nasty_file).stdout
    assert "\\u001b[31m" in out and "\\u009b" in out
    assert (
        json.loads(out)[-1]["name"]
        == "[bold]Riv[/bold]\x1b[31mred\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\\x9b2J"
    )


def test_terminal_output_escapes_data_even_in_colour(run: Run, nasty_file: Path) -> None:
    out = run("actors", data=nasty_file, terminal=True, env={"COLUMNS": "300"}).stdout
    assert "\x1b[" in out  # Rich's own styling is there...
    assert "\x1b]8;;http://evil" not in out  # ...but the data's link is not
    assert "\\x1b]8;;http://evil.example" in out


def test_csv_formula_cells_are_neutralised(run: Run, nasty_file: Path) -> None:
    out = run("timeline", "--format", "csv", "--fields", "id,title", data=nasty_file).stdout
    assert 'e-war,"\'=HYPERLINK(""http://x"")"\n' in out
    raw = run("timeline", "--format", "csv", "--fields", "id,title", "--raw", data=nasty_file).stdout
    assert 'e-war,"=HYPERLINK(""http://x"")"\n' in raw
    tsv = run("timeline", "--fields", "id,title", data=nasty_file).stdout
    assert 'e-war\t\'=HYPERLINK("http://x")\n' in tsv


def test_numbers_are_not_neutralised(run: Run) -> None:
    assert run("relations", "--format", "csv", "--fields", "id,score", "--no-header").stdout.splitlines()[1:] == [
        "r-rival-land,-4",
        "r-war,-10",
    ]


def test_colour_on_a_terminal_and_how_to_turn_it_off(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" in run("relations", terminal=True).stdout
    assert "\x1b[" not in run("--no-color", "relations", terminal=True).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("relations", terminal=True).stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert "\x1b[" not in run("relations", terminal=True).stdout


def test_pipe_never_gets_colour_or_a_cut_cell_and_a_table_fits_columns(run: Run, tmp_path: Path) -> None:
    long_title = "A very long title " * 20
    path = tmp_path / "long.yaml"
    path.write_text(
        FIXTURE_YAML.replace("    title: Bloc summit\n", f"    title: {long_title.strip()}\n"), encoding="utf-8"
    )
    out = run("timeline", "--format", "tsv", data=path, env={"COLUMNS": "40"}).stdout
    assert long_title.strip() in out and "\x1b" not in out
    table = run("timeline", "--format", "table", data=path, env={"COLUMNS": "40"}).stdout  # laid out for $COLUMNS
    assert long_title.strip() in " ".join(table.split()) and "\x1b" not in table
    assert max(len(line) for line in table.splitlines()) <= 40
    wide = run("timeline", "--format", "table", data=path, env={"COLUMNS": ""}).stdout
    assert max(len(line) for line in wide.splitlines()) <= 80  # no $COLUMNS: 80, as a terminal would be


def _many_events(path: Path, count: int) -> None:
    events = "".join(
        f'  - id: e{i}\n    title: Event number {i}\n    kind: summit\n    date: "2023"\n'
        f"    summary: S.\n    source: art\n    evidence: E\n    basis: stated\n"
        for i in range(count)
    )
    head = FIXTURE_YAML.split("events:\n")[0]
    path.write_text(head + "events:\n" + events, encoding="utf-8")


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    _many_events(path, 3000)
    script = f"set -o pipefail; {sys.executable} -m policyx --data {path} timeline | head -1"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout == "2023\tsummit\tEvent number 0\te0\n"
    assert done.stderr == ""
    assert done.returncode == 0
