"""A pull quote (``pull_quote_of``): every view that shows it says it is one, and whose sentence it repeats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from policyx.cli import app
from policyx.cli.env import Environment

from .conftest import FIXTURE_V2_YAML, Run

PULLED = "Daily Landia, in a pull quote repeating A. Writer's sentence"


@pytest.fixture
def pulled(tmp_path: Path) -> Path:
    """The schema-2 fixture with an outlet and its pull quote of the author's claim cl-shift."""
    data = yaml.safe_load(FIXTURE_V2_YAML)
    data["sources"][0]["outlet"] = "Daily Landia"
    data["actors"].append(
        {
            "id": "outlet",
            "name": "Daily Landia",
            "kind": "institution",
            "description": "The paper that printed the article.",
            "source": "art",
            "evidence": "Landia turns north",
            "basis": "stated",
        }
    )
    data["quotes"].append(
        {
            "id": "q-pull",
            "text": "The address turns from trade to the bloc.",
            "speaker": "outlet",
            "voice": "outlet",
            "pull_quote_of": "cl-shift",
            "source": "art",
            "evidence": "The address turns from trade to the bloc.",
            "basis": "stated",
        }
    )
    path = tmp_path / "pulled.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def screen(path: Path, *args: str, width: int) -> str:
    env = Environment(terminal=True, color=False, width=width, height=200)
    result = CliRunner().invoke(app, ["--data", str(path), "--no-pager", *args], obj=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_quotes_at_60_columns_label_the_pull_quote_and_whose_sentence_it_repeats(pulled: Path) -> None:
    assert lines(screen(pulled, "quotes", width=60)) == [
        "Quotes",
        "  id q-family",
        "  speaker: Ada Leader",
        "  We are one family",
        "  voice: Ada Leader",
        "",
        "  id q-pull",
        "  speaker: Daily Landia",
        "  The address turns from trade to the bloc.",
        "  voice: Daily Landia, in a pull quote repeating A. Writer's",
        "  sentence",
        "",
    ]


def test_quotes_at_80_columns_label_the_pull_quote_and_whose_sentence_it_repeats(pulled: Path) -> None:
    assert lines(screen(pulled, "quotes", width=80)) == [
        "Quotes",
        "",
        "  id         speaker   date   occasion   text                        voice",
        " " + "\u2500" * 78,
        "  q-family   Ada                         We are one family           Ada",
        "             Leader                                                  Leader",
        "  q-pull     Daily                       The address turns from      Daily",
        "             Landia                      trade to the bloc.          Landia,",
        "                                                                     in a pull",
        "                                                                     quote",
        "                                                                     repeating",
        "                                                                     A.",
        "                                                                     Writer's",
        "                                                                     sentence",
        "",
    ]


def test_actor_profile_of_the_outlet_says_whose_sentence_its_quote_is(pulled: Path) -> None:
    out = screen(pulled, "actor", "Daily Landia", width=100)
    assert f"voice of each: {PULLED}\n" in out


def test_search_names_the_pull_quote_beside_its_hit(pulled: Path) -> None:
    out = screen(pulled, "search", "turns from trade", width=100)
    assert f"quote q-pull  Daily Landia\n     ({PULLED})\n" in out


def test_json_keeps_the_claim_id(run: Run, pulled: Path) -> None:
    rows = json.loads(run("quotes", "--format", "json", data=pulled).stdout)
    assert [(r["id"], r["pull_quote_of"]) for r in rows] == [("q-family", None), ("q-pull", "cl-shift")]
    profile = json.loads(run("actor", "outlet", "--format", "json", data=pulled).stdout)
    assert [r["pull_quote_of"] for r in profile if r["section"] == "quote"] == ["cl-shift"]


def test_a_pull_quote_of_no_claim_is_a_data_error(run: Run, pulled: Path) -> None:
    pulled.write_text(pulled.read_text(encoding="utf-8").replace("pull_quote_of: cl-shift", "pull_quote_of: cl-nope"))
    text = pulled.read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(text, 1) if "cl-nope" in t)
    column = text[line - 1].index("cl-nope") + 1
    result = run("quotes", data=pulled)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"{pulled}:{line}:{column}: unknown claim 'cl-nope'\n"
