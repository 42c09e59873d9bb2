"""Test isolation and the small fixture model every test uses (tests never read ../shared)."""

from __future__ import annotations

import os

os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"  # read by typer at import time

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyx.cli import app
from policyx.cli.env import Environment

FIXTURE_YAML = """\
schema_version: 1
sources:
  - id: art
    kind: article
    title: Landia turns north
    outlet: Test Times
    author: A. Writer
    published: "2024-03"
  - id: ref
    kind: reference
    title: Almanac of Landia
themes:
  - id: unity
    name: Unity
    description: Working together in the bloc.
    source: art
    evidence: "unity above all"
    basis: stated
  - id: trade
    name: Trade
    description: Buying and selling with neighbours.
    source: art
    evidence: "trade with neighbours"
    basis: stated
actors:
  - id: land
    name: Landia
    kind: state
    aliases: [The Land]
    description: The country the model describes.
    source: art
    evidence: "Landia said"
    basis: stated
  - id: bloc
    name: Northern Bloc
    kind: organisation
    aliases: [NB, Northern Union]
    description: A regional club of northern states.
    source: art
    evidence: "the Northern Bloc (NB)"
    basis: stated
  - id: leader
    name: Ada Leader
    kind: person
    aliases: [President Leader]
    description: Head of state of Landia.
    source: art
    evidence: "President Ada Leader"
    basis: stated
  - id: rival
    name: Rivalia
    kind: state
    description: Landia's neighbour and former enemy.
    source: art
    evidence: "war with Rivalia"
    basis: stated
addresses:
  - id: speech-2018
    year: 2018
    date: "2018-05-01"
    title: 2018 address
    speaker: leader
    summary: Trade first.
    source: art
    evidence: "In 2018 she spoke of trade"
    basis: context
    reference: ref
    note: Day from the almanac.
    priorities:
      - id: p18-trade
        topic: trade
        title: Trade with neighbours
        emphasis: major
        themes: [trade]
        actors: [rival]
        source: art
        evidence: "trade with neighbours"
        basis: stated
      - id: p18-bloc
        topic: bloc
        title: Ties with the Northern Bloc
        emphasis: mentioned
        actors: [bloc]
        source: art
        evidence: "the Northern Bloc (NB)"
        basis: stated
  - id: speech-2024
    year: 2024
    date: "2024-02"
    title: 2024 address
    speaker: leader
    summary: The bloc above all.
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
    priorities:
      - id: p24-unity
        topic: unity
        title: Unity in the bloc
        emphasis: major
        themes: [unity]
        actors: [bloc, land]
        source: art
        evidence: "unity above all"
        basis: stated
      - id: p24-bloc
        topic: bloc
        title: Ties with the Northern Bloc
        emphasis: overarching
        themes: [unity]
        actors: [bloc]
        source: art
        evidence: "In 2024 she put the bloc first"
        basis: stated
relations:
  - id: r-land-bloc
    from: land
    to: bloc
    kind: alignment
    score: 8
    since: "2024-02"
    summary: Landia puts the bloc first.
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
  - id: r-rival-land
    from: rival
    to: land
    kind: pressure
    score: -4
    since: "2019"
    until: "2021"
    summary: Rivalia leans on Landia.
    source: art
    evidence: "war with Rivalia"
    basis: inferred
    note: The curator's reading.
  - id: r-war
    from: land
    to: rival
    kind: war
    score: -10
    mutual: true
    since: "2020-09"
    until: "2020-11"
    summary: The short war.
    source: art
    evidence: "war with Rivalia"
    basis: stated
events:
  - id: e-election
    title: Landia elects Ada Leader again
    kind: election
    date: "2024-02-07"
    actors: [leader, land]
    summary: Leader re-elected.
    source: art
    evidence: "President Ada Leader"
    basis: stated
  - id: e-war
    title: The short war
    kind: war
    date: "2020-09"
    end: "2020-11"
    actors: [land, rival]
    themes: [trade]
    summary: Landia and Rivalia fight.
    source: art
    evidence: "war with Rivalia"
    basis: stated
  - id: e-summit
    title: Bloc summit
    kind: summit
    date: "2023"
    actors: [bloc, leader]
    themes: [unity]
    summary: Leader asks for a common army.
    source: art
    evidence: "unity above all"
    basis: stated
quotes:
  - id: q-family
    text: "We are one family"
    speaker: leader
    occasion: e-election
    date: "2024-02"
    themes: [unity]
    source: art
    evidence: "she said, \\u201cWe are one family\\u201d"
    basis: stated
"""

FIXTURE_V2_YAML = """\
schema_version: 2
sources:
  - id: art
    kind: article
    title: Landia turns north
    author: A. Writer
    editor: E. Ditor
themes:
  - id: unity
    name: Unity
    description: Working together in the bloc.
    source: art
    evidence: "unity above all"
    basis: stated
actors:
  - id: land
    name: Landia
    kind: state
    description: The country the model describes.
    source: art
    evidence: "Landia said"
    basis: stated
  - id: bloc
    name: Northern Bloc
    kind: organisation
    aliases: [NB]
    description: A regional club of northern states.
    source: art
    evidence: "the Northern Bloc (NB)"
    basis: stated
  - id: leader
    name: Ada Leader
    kind: person
    description: Head of state of Landia.
    source: art
    evidence: "President Ada Leader"
    basis: stated
  - id: writer
    name: A. Writer
    kind: person
    description: Author of the article.
    source: art
    evidence: "Landia turns north"
    basis: stated
addresses:
  - id: speech-2018
    year: 2018
    date: "2018-05-01"
    title: 2018 address
    speaker: leader
    summary: Trade first.
    source: art
    evidence: "In 2018 she spoke of trade"
    basis: stated
    priorities:
      - id: p18-trade
        topic: trade
        title: Trade with neighbours
        emphasis: major
        voice: leader
        source: art
        evidence: "trade with neighbours"
        basis: stated
  - id: speech-2024
    year: 2024
    date: "2024-02"
    title: 2024 address
    speaker: leader
    summary: The bloc above all.
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
    priorities:
      - id: p24-bloc
        topic: bloc
        title: Ties with the Northern Bloc
        emphasis: overarching
        themes: [unity]
        actors: [bloc]
        voice: leader
        source: art
        evidence: "In 2024 she put the bloc first"
        basis: stated
relations:
  - id: r-land-bloc
    from: land
    to: bloc
    kind: alignment
    score: 8
    since: "2024-02"
    summary: Landia puts the bloc first.
    voice: writer
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
events:
  - id: e-summit
    title: Bloc summit
    kind: summit
    date: "2023-11-03"
    actors: [bloc, leader]
    summary: Leader asks for a common army.
    voice: writer
    source: art
    evidence: "unity above all"
    basis: stated
  - id: e-forum
    title: Forum in the capital
    kind: conference
    date: "2023-11"
    after: e-summit
    actors: [leader]
    summary: Leader repeats the call.
    voice: writer
    source: art
    evidence: "President Ada Leader"
    basis: stated
  - id: e-war
    title: The short war
    kind: war
    date: "2020-09"
    actors: [land]
    summary: Landia fights.
    voice: writer
    source: art
    evidence: "war with Rivalia"
    basis: stated
quotes:
  - id: q-family
    text: "We are one family"
    speaker: leader
    voice: leader
    source: art
    evidence: "she said, \\u201cWe are one family\\u201d"
    basis: stated
claims:
  - id: cl-shift
    summary: The 2024 address turns from trade to the bloc.
    addresses: [speech-2018, speech-2024]
    voice: writer
    source: art
    evidence: "Landia said it would change course"
    basis: stated
  - id: cl-bloc-stood-by
    summary: The bloc stood by Landia in the war.
    actors: [bloc, land]
    voice: writer
    source: art
    evidence: "remembers the war with Rivalia"
    basis: inferred
    note: The article implies the bloc's help.
causes:
  - id: why-war-support
    cause: e-war
    effect: cl-bloc-stood-by
    summary: The war showed who Landia's friends were.
    voice: writer
    source: art
    evidence: "remembers the war with Rivalia"
    basis: inferred
    note: A reading of the article.
  - id: why-support-bloc
    cause: cl-bloc-stood-by
    effect: p24-bloc
    summary: Gratitude for the bloc's help puts it first.
    voice: writer
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
"""

FIXTURE_SOURCE = """Landia turns north

Landia said it would change course. In 2018 she spoke of trade with neigh-
bours; In 2024 she put the bloc first, the Northern Bloc (NB), with unity above all.
President Ada Leader remembers the war with Rivalia. At the summit she said, “We are one
family”.
"""


@pytest.fixture(autouse=True)
def isolated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Every test runs with a clean environment: no colour forcing, no user data, a private cache."""
    for name in ("POLICYX_DATA", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "NO_COLOR", "POLICYX_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POLICYX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("POLICYX_PAGER", "")  # a terminal run in a test never waits on a pager
    # Nothing read from, or written to, the user's home or the folder pytest was started in: both are
    # temporary folders of their own (beside tmp_path, so that tests listing tmp_path see only their files).
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    yield


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    """The fixture model written to a file."""
    path = tmp_path / "model.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    return path


@pytest.fixture
def model_v2(tmp_path: Path) -> Path:
    """The schema-2 fixture model (voices, claims, causes) written to a file."""
    path = tmp_path / "model-v2.yaml"
    path.write_text(FIXTURE_V2_YAML, encoding="utf-8")
    return path


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    """The fixture model's source text."""
    path = tmp_path / "source.txt"
    path.write_text(FIXTURE_SOURCE, encoding="utf-8")
    return path


Run = Callable[..., "Result"]


class Result:
    """What one CLI run printed and returned."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture
def run(model_file: Path) -> Callable[..., Result]:
    """Run policyx on the fixture model (or ``data=``), as a script would: stdout not a terminal."""

    def invoke(
        *args: str, data: Path | None = None, terminal: bool = False, env: dict[str, str] | None = None
    ) -> Result:
        runner = CliRunner()
        obj = Environment(terminal=terminal)
        full = ["--data", str(data or model_file), *args]
        result = runner.invoke(app, full, obj=obj, catch_exceptions=False, env=env)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


GOLDEN = Path(__file__).parent / "golden"


def invoke(*args: str, terminal: bool = False) -> tuple[int, str, str]:
    """policyx run in-process with these arguments (a terminal's environment, or a pipe's): its exit code,
    standard output and standard error."""
    from policyx.cli import app
    from policyx.cli.env import Environment

    result = CliRunner().invoke(app, list(args), obj=Environment(terminal=terminal), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def golden(name: str, actual: str) -> str:
    """The expected text of ``tests/golden/NAME``, exact; with POLICYX_UPDATE_GOLDEN=1 set, ``actual`` is
    written there first (then read the diff before committing: ``git diff tests/golden``)."""
    path = GOLDEN / name
    if os.environ.get("POLICYX_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8")


MARKS = {
    "test_browser.py": ("slow", "browser"),
    "test_faults.py": ("slow", "subprocess"),
    "test_fuzz.py": ("slow",),
    "test_clients.py": ("subprocess",),
    "test_ecosystem.py": ("subprocess",),
    "test_readme.py": ("slow", "subprocess"),
    "test_curating.py": ("slow", "subprocess"),
    "test_safety.py": ("subprocess",),
}
"""Markers by test file: ``pytest -m "not slow"`` (``make test-fast``) is the inner loop."""


PSEUDO_TERMINAL = {"pty_outputs"}
"""Fixtures that run policyx in real pseudo-terminals at several widths: slow, so not in the inner loop."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for mark in MARKS.get(item.path.name, ()):
            item.add_marker(getattr(pytest.mark, mark))
        if PSEUDO_TERMINAL & set(getattr(item, "fixturenames", ())) or item.name.startswith("test_in_a_real_pseudo"):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.subprocess)
