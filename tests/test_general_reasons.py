"""Reasons for a policy in general, or only considerations set beside a change: which sentence a change
whose reasons are all the curator's reading gets, in `why`, `compare` and the brief (``chains.general``)."""

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
    summary: Landia turns to the bloc, in general.
    themes: [unity]
    voice: writer
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
"""
STATED_FROM_CAUSE = """\
  - id: why-support-policy
    cause: cl-bloc-stood-by
    effect: {effect}
    summary: The bloc's help is why Landia turns to it, the writer says.
    voice: writer
    source: art
    evidence: "remembers the war with Rivalia"
    basis: stated
"""
CONSIDERATIONS = (
    "The source gives considerations around \u201cTies with the Northern Bloc\u201d, in no causal words, and does "
    "not tie them to this item of the address; the curator ties them to it."
)
GENERAL = (
    "The source gives reasons for the policy behind \u201cTies with the Northern Bloc\u201d in general, not for "
    "this item of the address; the curator ties them to it."
)


def _model(tmp_path: Path, *, general: bool, elsewhere: bool = False) -> Path:
    """The fixture with its one link into the 2024 priority read by the curator; with ``general``, the
    link's cause is also a reason the source states (in causal words) for the policy in general: a claim
    on the priority's subject (its theme); with ``elsewhere``, for a claim on another subject."""
    causes = FIXTURE_V2_YAML.index("causes:\n")
    text = FIXTURE_V2_YAML[:causes] + FIXTURE_V2_YAML[causes:].replace(STATED_LINK, READ_LINK, 1)
    assert text != FIXTURE_V2_YAML
    if general or elsewhere:
        effect = "cl-bloc-policy" if general else "cl-shift"
        text = text.replace("causes:\n", "causes:\n" + STATED_FROM_CAUSE.format(effect=effect), 1)
        text = text.replace("claims:\n", "claims:\n" + POLICY_CLAIM, 1)
    path = tmp_path / ("general.yaml" if general else "elsewhere.yaml" if elsewhere else "beside.yaml")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("general", "elsewhere"), [(False, False), (False, True), (True, False)])
def test_general_is_whether_a_read_links_cause_is_a_stated_reason_for_the_policy_on_its_subject(
    tmp_path: Path, general: bool, elsewhere: bool
) -> None:
    """A stated reason for something on another subject (no theme in common) is no reason for the policy."""
    index = Index(load(_model(tmp_path, general=general, elsewhere=elsewhere), use_cache=False))
    assert chains.general(index, ["p24-bloc", "p18-trade", "cl-bloc-stood-by"]) == {
        "p24-bloc": general,
        "p18-trade": False,  # no link at all
        "cl-bloc-stood-by": False,  # its one link's cause (the war) is a reason for nothing the source states
    }


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
        (False, "The source gives considerations, in no causal words; the curator ties them to it", CONSIDERATIONS),
        (True, "The source gives reasons for this policy in general; the curator ties them to the address", GENERAL),
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
