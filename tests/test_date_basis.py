"""An event whose date (or its year) the source does not give: ``date_basis: inferred`` keeps the event as
stated and marks only the date as the curator's reading, in every view that shows the date."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import FIXTURE_V2_YAML, Result

Run = Callable[..., Result]

FORUM = (
    '    summary: Leader repeats the call.\n    voice: writer\n    source: art\n    evidence: "President Ada Leader"\n'
    "    basis: stated\n"
)


def _model(tmp_path: Path, note: bool = True) -> Path:
    extra = "    date_basis: inferred\n" + ("    note: The article gives no year; 2023 is read.\n" if note else "")
    assert FIXTURE_V2_YAML.count(FORUM) == 1
    path = tmp_path / "dated.yaml"
    path.write_text(FIXTURE_V2_YAML.replace(FORUM, FORUM + extra), encoding="utf-8")
    return path


def test_a_date_read_by_the_curator_needs_a_note(run: Run, tmp_path: Path) -> None:
    result = run("validate", data=_model(tmp_path, note=False))
    assert result.exit_code == 3
    assert "events[1]: date_basis 'inferred' needs a 'note' explaining the reading" in result.stderr


def test_the_date_is_marked_and_the_event_stays_stated(run: Run, tmp_path: Path) -> None:
    data = _model(tmp_path)
    [row] = [r for r in json.loads(run("timeline", "--format", "json", data=data).stdout) if r["id"] == "e-forum"]
    assert (row["basis"], row["date_basis"], row["date"]) == ("stated", "inferred", "2023-11")
    table = run("timeline", "--format", "table", data=data, env={"COLUMNS": "80"}).stdout
    assert "id e-forum\n" in table and "the date: curator's reading" in table
    assert table.count("the date: curator's reading") == 1  # the other events' dates are the source's
    profile = run("actor", "leader", "--format", "table", data=data, env={"COLUMNS": "120"}).stdout
    assert "Forum in the capital\n" in profile and profile.count("the date: curator's reading") == 1
    page = run("brief", "--format", "markdown", data=data).stdout
    assert "Forum in the capital (the date: curator's reading)" in page
    html = run("brief", "--format", "html", data=data).stdout
    assert html.count('<span class="tag">the date: curator&#39;s reading</span>') == 1
