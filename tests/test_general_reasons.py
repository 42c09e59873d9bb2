"""The considerations behind a policy in general, or only considerations set around a change: which
sentence a change whose reasons are all the curator's reading gets, in `why`, `compare` and the brief.
A link the curator reads names, as its ``policy``, the record stating the policy it rests on
(``chains.general``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policyx import chains
from policyx.loader import load
from policyx.lookup import Index

from .conftest import FIXTURE_V2_YAML, Result

Run = Callable[..., Result]

STATED_LINK = '    evidence: "In 2024 she put the bloc first"\n    basis: stated\n'
READ_LINK = '    evidence: "In 2024 she put the bloc first"\n    basis: inferred\n    note: No causal word.\n'
POLICY_CLAIM = """\
  - id: cl-bloc-policy
    summary: Landia's turn to the bloc reflects what it went through, the writer says.
    themes: [unity]
    voice: writer
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
"""
CONSIDERATIONS = (
    "The source gives considerations around \u201cTies with the Northern Bloc\u201d, in no causal words, and does "
    "not tie them to this item of the address; the curator ties them to it."
)
GENERAL = (
    "The source sets out the considerations behind the policy in general, not behind this item of the address; "
    "the curator ties them to \u201cTies with the Northern Bloc\u201d."
)


def _model(tmp_path: Path, *, general: bool) -> Path:
    """The fixture with its one link into the 2024 priority read by the curator; with ``general``, that
    link names the claim stating the policy in general that it rests on."""
    causes = FIXTURE_V2_YAML.index("causes:\n")
    text = FIXTURE_V2_YAML[:causes] + FIXTURE_V2_YAML[causes:].replace(STATED_LINK, READ_LINK, 1)
    assert text != FIXTURE_V2_YAML
    if general:
        text = text.replace("    effect: p24-bloc\n", "    effect: p24-bloc\n    policy: cl-bloc-policy\n", 1)
        text = text.replace("claims:\n", "claims:\n" + POLICY_CLAIM, 1)
    path = tmp_path / ("general.yaml" if general else "around.yaml")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("general", [False, True])
def test_general_is_whether_a_link_the_curator_reads_names_the_policy_it_rests_on(
    tmp_path: Path, general: bool
) -> None:
    index = Index(load(_model(tmp_path, general=general), use_cache=False))
    assert chains.general(index, ["p24-bloc", "p18-trade", "cl-bloc-stood-by"]) == {
        "p24-bloc": general,
        "p18-trade": False,  # no link at all
        "cl-bloc-stood-by": False,  # its one link names no policy
    }


def test_a_policy_is_named_only_on_a_link_the_curator_reads(run: Run, tmp_path: Path) -> None:
    text = _model(tmp_path, general=True).read_text(encoding="utf-8").replace(READ_LINK, STATED_LINK, 1)
    path = tmp_path / "stated.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", data=path)
    line = next(n for n, x in enumerate(text.splitlines(), 1) if x == "    policy: cl-bloc-policy")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith(
        f"{path}:{line}:13: policy names what a link the curator reads rests on: its basis must be inferred\n"
    )


@pytest.mark.parametrize(("general", "said"), [(False, CONSIDERATIONS), (True, GENERAL)])
def test_why_and_compare_say_which_in_every_format(run: Run, tmp_path: Path, general: bool, said: str) -> None:
    data = _model(tmp_path, general=general)
    [row] = [r for r in json.loads(run("why", "p24-bloc", "--format", "json", data=data).stdout) if not r["depth"]]
    assert (row["effect"], row["path_basis"], row["statement"]) == ("p24-bloc", "inferred", said)
    rows = json.loads(run("compare", "2018", "2024", "--format", "json", data=data).stdout)
    [reason] = [r for r in rows if r["section"] == "reason" and r["id"] == "p24-bloc"]
    assert reason["statement"] == said
    table = run("why", "p24-bloc", "--format", "table", data=data, env={"COLUMNS": "200"}).stdout
    assert table.endswith(f"{said}\n")


@pytest.mark.parametrize(
    ("general", "lead", "said"),
    [
        (
            False,
            "The source gives considerations around it, in no causal words; the curator ties them to it",
            CONSIDERATIONS,
        ),
        (True, "The source gives considerations behind the policy; the curator ties them to this item", GENERAL),
    ],
)
def test_the_brief_says_which_in_every_format(run: Run, tmp_path: Path, general: bool, lead: str, said: str) -> None:
    """The screen and the page say it under "Why ...?"; the Markdown, item by item, in the long form."""
    data = _model(tmp_path, general=general)
    for fmt, words in (("text", lead), ("html", lead), ("markdown", said)):
        out = " ".join(run("brief", "--format", fmt, data=data, env={"COLUMNS": "200"}).stdout.split())
        assert words in out, fmt
    doc = json.loads(run("brief", "--format", "json", data=data).stdout)
    assert (doc["top"]["general"], [e["general"] for e in doc["explained"] if e["id"] == "p24-bloc"]) == (
        general,
        [general],
    )
