"""Dates at the ends of the calendar (0001-01-01 and 9999-12-31) through every command and format
(issue 24, item 12): no date is computed past either end, and year 0, which no calendar day has, is
refused as a date with its place in the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyx.cli import app
from policyx.cli.env import Environment
from policyx.model import PartialDate

from . import hostile

VIEWS = ["priorities", "actors", "themes", "relations", "timeline", "quotes", ("search", "Landia"), ("actor", "land")]
VIEWS += [("compare", "1", "9999"), ("why", "bloc"), ("relations", "--as-of", "9999-12-31")]
VIEWS += [("relations", "--as-of", "0001-01-01"), ("timeline", "--from", "0001", "--to", "9999-12-31")]
FORMATS = ["table", "json", "jsonl", "csv", "tsv", "yaml", "markdown"]
OTHERS = [
    *(("brief", *first, "--format", f) for f in ("text", "markdown", "json", "html") for first in ((), ("1", "9999"))),
    ("brief", "--actor", "land", "--format", "html"),
    *(
        ("graph", *around, "--format", f)
        for f in ("text", "dot", "mermaid", "json")
        for around in ((), ("--actor", "land"))
    ),
    ("graph", "--as-of", "9999-12-31"),
    *(("cite", "land", "--format", f) for f in ("text", "bibtex", "csl-json")),
    *(("export", "-", "--format", f) for f in ("yaml", "json")),
    ("validate",),
]
EXPORTS = {
    "brief.html": ("brief", "1", "9999"),
    "brief.md": ("brief",),
    "compare.svg": ("compare", "1", "9999"),
    "compare.html": ("compare", "1", "9999"),
    "timeline.svg": ("timeline", "--from", "0001", "--to", "9999"),
    "timeline.html": ("timeline",),
    "model.db": ("export", "--format", "sqlite"),
}


def run(model: Path, *args: str, terminal: bool = False) -> tuple[int, str, str]:
    env = Environment(terminal=terminal, color=False, width=100)
    result = CliRunner().invoke(app, ["--data", str(model), *args], obj=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def extreme(tmp_path: Path) -> Path:
    path = tmp_path / "ends.yaml"
    path.write_text(hostile.extreme_dates(), encoding="utf-8")
    return path


def test_the_model_holds_both_ends_of_the_calendar(extreme: Path) -> None:
    code, out, err = run(extreme, "timeline", "--format", "tsv")
    assert (code, err) == (0, "")
    assert "0001-01-01" in out and "9999-12-31" in out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_every_view_in_every_format_takes_the_ends_of_the_calendar(
    extreme: Path, view: str | tuple[str, ...], fmt: str
) -> None:
    args = (view,) if isinstance(view, str) else view
    code, out, err = run(extreme, *args, "--format", fmt)
    assert (code, err) == (0, ""), err
    assert out


@pytest.mark.parametrize("args", OTHERS, ids=" ".join)
def test_every_other_output_takes_the_ends_of_the_calendar(extreme: Path, args: tuple[str, ...]) -> None:
    code, out, err = run(extreme, *args)
    assert (code, err) == (0, ""), err
    assert out


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_takes_the_ends_of_the_calendar(extreme: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    where = (str(target),) if EXPORTS[name][0] == "export" else ("--export", str(target))
    code, _out, err = run(extreme, *EXPORTS[name], *where)
    assert code == 0, err
    assert target.stat().st_size > 0


def test_the_brief_page_puts_the_last_day_of_the_calendar_at_the_end_of_its_axis(extreme: Path) -> None:
    code, out, err = run(extreme, "brief", "--format", "html")
    assert (code, err) == (0, "")
    assert "9999-12-31" in out and "year 10000 is out of range" not in out


@pytest.mark.parametrize("date", ["0000", "0000-01", "0000-12-31"])
def test_year_0_is_no_date(tmp_path: Path, date: str) -> None:
    with pytest.raises(ValueError, match=r"there is no year 0 \(the calendar starts at 0001\)"):
        PartialDate.parse(date)
    model = tmp_path / "zero.yaml"
    model.write_text(hostile.extreme_dates(first=f"{date}-01-01"[:10] if len(date) == 4 else date), encoding="utf-8")
    code, out, err = run(model, "validate")
    assert (code, out) == (3, "")
    first = err.splitlines()[0]
    assert first.startswith(f"{model}:60:11: addresses[0].date: impossible date ")
    assert first.endswith(": there is no year 0 (the calendar starts at 0001)")


def test_the_first_and_last_day_parse_and_span_the_calendar() -> None:
    assert PartialDate.parse("0001-01-01").first_day() == (1, 1, 1)
    assert PartialDate.parse("9999").last_day() == (9999, 12, 31)
    assert str(PartialDate.parse("0001")) == "0001"
