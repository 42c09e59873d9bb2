"""The considerations behind a policy in general, or only considerations set around a change: which
sentence a change whose reasons are all the curator's reading gets, in `why`, `compare` and the brief.
A link the curator reads names, as its ``policy``, the record stating the policy it rests on
(``chains.grounds``)."""

from __future__ import annotations

import html
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
SUMMIT_LINK = """\
  - id: why-summit-bloc
    cause: e-summit
    effect: p24-bloc
    summary: The summit drew Landia to the bloc.
    voice: writer
    source: art
    evidence: "unity above all"
    basis: inferred
    note: No causal word.
"""
GIVEN_STEP = """\
  - id: why-stood-by-policy
    cause: cl-bloc-stood-by
    effect: cl-bloc-policy
    summary: The bloc's help is why Landia turned to it.
    voice: writer
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
"""
TITLE = "\u201cTies with the Northern Bloc\u201d"
SAID = {
    "around": (
        f"The reason linked to {TITLE}: the source puts it near the item in the text, with no causal word; the "
        "curator ties it to the item."
    ),
    "read": (
        f"The source explains the policy in general, not {TITLE}, this item of the address; that the reason linked "
        "to it is one it gives, and its tie to the item, is the curator's reading."
    ),
    "given": (
        f"The source explains the policy in general, not {TITLE}, this item of the address, with the reason linked "
        "to it; its tie to the item is the curator's."
    ),
    "mixed": (
        f"Of the two reasons linked to {TITLE}, the curator reads one as a reason the source gives for the policy "
        "in general and the source only puts one near it in the text, with no causal word; the source ties neither of "
        "them to this item of the address. The curator ties both to it."
    ),
}
"""The long statement of each kind (why, compare, the Markdown brief)."""
LEADS = {
    "around": "The source puts these near it in the text, with no causal word; the curator ties them to it",
    "read": (
        "The source explains the policy in general, not this 2024 item; that these are the reasons it gives, and "
        "their tie to the item, is the curator's reading"
    ),
    "given": (
        "The source explains the policy in general with these reasons, not this 2024 item; their tie to the item is "
        "the curator's"
    ),
    "mixed": "No stated link reaches it; each reason says how it is linked",
}
"""The words under "Why ...?" on the screen, for the reasons it shows (the page's are the same, but for
reasons of more than one kind, where it gives the long statement)."""
GROUNDS = {
    "around": {"links": 1, "general": 0, "general_stated": 0, "examples": [], "see": []},
    "read": {"links": 1, "general": 1, "general_stated": 0, "examples": [], "see": []},
    "given": {"links": 1, "general": 1, "general_stated": 1, "examples": [], "see": []},
    "mixed": {"links": 2, "general": 1, "general_stated": 0, "examples": [], "see": []},
}
MODES = list(SAID)
POLICY_TITLE = "\u201cLandia's turn to the bloc reflects what it went through, the writer says\u201d"
SUMMED = "which the model sums up as: Landia's turn to the bloc reflects what it went through, the writer says"
"""How a link names the policy it rests on: the record's summary, in the curator's words, not in quotation marks."""


def _model(tmp_path: Path, *, general: bool = False, mode: str | None = None) -> Path:
    """The fixture with its one link into the 2024 priority read by the curator. With ``general`` (or
    ``mode`` "read"), that link names the claim stating the policy in general that it rests on; "given"
    adds the source's stated link from the cause to that policy; "mixed" adds, to "read", a second link the
    curator reads that names no policy."""
    mode = mode or ("read" if general else "around")
    causes = FIXTURE_V2_YAML.index("causes:\n")
    text = FIXTURE_V2_YAML[:causes] + FIXTURE_V2_YAML[causes:].replace(STATED_LINK, READ_LINK, 1)
    assert text != FIXTURE_V2_YAML
    if mode != "around":
        text = text.replace("    effect: p24-bloc\n", "    effect: p24-bloc\n    policy: cl-bloc-policy\n", 1)
        text = text.replace("claims:\n", "claims:\n" + POLICY_CLAIM, 1)
    if mode == "mixed":
        text = text.replace("causes:\n", "causes:\n" + SUMMIT_LINK, 1)
    if mode == "given":
        text = text.replace("causes:\n", "causes:\n" + GIVEN_STEP, 1)
    path = tmp_path / f"{mode}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", MODES)
def test_grounds_count_the_links_the_curator_reads_from_the_policy_in_general(tmp_path: Path, mode: str) -> None:
    index = Index(load(_model(tmp_path, mode=mode), use_cache=False))
    assert chains.grounds(index, ["p24-bloc", "p18-trade", "cl-bloc-stood-by"]) == {
        "p24-bloc": GROUNDS[mode],
        "p18-trade": {"links": 0, "general": 0, "general_stated": 0, "examples": [], "see": []},  # no link at all
        "cl-bloc-stood-by": {
            "links": 1,
            "general": 0,
            "general_stated": 0,
            "examples": [],
            "see": [],
        },  # names no policy
    }


@pytest.mark.parametrize(
    ("mode", "line"),
    [
        ("read", f"the curator reads it as a reason the source gives for the policy in general, {SUMMED}"),
        ("given", f"the source gives it as a reason for the policy in general, {SUMMED}"),
    ],
)
def test_each_link_names_the_policy_it_rests_on_and_how(run: Run, tmp_path: Path, mode: str, line: str) -> None:
    """In why, compare and actor alike; the JSON carries the policy, its title and how it is joined."""
    data = _model(tmp_path, mode=mode)
    rows = json.loads(run("why", "p24-bloc", "--format", "json", data=data).stdout)
    [row] = [r for r in rows if r["id"] == "why-support-bloc"]
    basis = "stated" if mode == "given" else "inferred"  # no link from the cause to the policy: a reading
    assert (row["policy"], row["policy_title"], row["policy_basis"]) == ("cl-bloc-policy", POLICY_TITLE[1:-1], basis)
    for command in (("why", "p24-bloc"), ("compare", "2018", "2024"), ("actor", "bloc")):
        table = run(*command, "--format", "table", "--width", "200", data=data).stdout
        assert " ".join(table.split()).count(line) == 1, command  # wrapped in its column


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


@pytest.mark.parametrize("mode", MODES)
def test_why_and_compare_say_which_in_every_format(run: Run, tmp_path: Path, mode: str) -> None:
    data = _model(tmp_path, mode=mode)
    said = SAID[mode]
    [row] = [r for r in json.loads(run("why", "p24-bloc", "--format", "json", data=data).stdout) if not r["depth"]]
    assert (row["effect"], row["path_basis"], row["statement"]) == ("p24-bloc", "inferred", said)
    rows = json.loads(run("compare", "2018", "2024", "--format", "json", data=data).stdout)
    [reason] = [r for r in rows if r["section"] == "reason" and r["id"] == "p24-bloc"]
    assert reason["statement"] == said
    table = run("why", "p24-bloc", "--format", "table", "--width", "200", data=data).stdout
    assert table.endswith("\n") and " ".join(table.split()).endswith(said)  # the last paragraph, wrapped


@pytest.mark.parametrize("mode", MODES)
def test_the_brief_says_which_in_every_format(run: Run, tmp_path: Path, mode: str) -> None:
    """The screen and the page say it under "Why ...?", of the reasons they show; the Markdown, item by
    item, in the long form."""
    data = _model(tmp_path, mode=mode)
    page = SAID[mode] if mode == "mixed" else LEADS[mode]
    for fmt, words in (("text", LEADS[mode]), ("html", page), ("markdown", SAID[mode])):
        out = " ".join(run("brief", "--format", fmt, data=data, env={"COLUMNS": "200"}).stdout.split())
        assert words in (html.unescape(out) if fmt == "html" else out), fmt
    doc = json.loads(run("brief", "--format", "json", data=data).stdout)
    assert (doc["top"]["grounds"], [e["grounds"] for e in doc["explained"] if e["id"] == "p24-bloc"]) == (
        GROUNDS[mode],
        [GROUNDS[mode]],
    )


def test_reasons_of_more_than_one_kind_each_say_theirs_on_the_screen(run: Run, tmp_path: Path) -> None:
    out = run("brief", "--format", "text", "--width", "200", data=_model(tmp_path, mode="mixed")).stdout
    assert " \u2022 Bloc summit \u2014 A. Writer's point; only near it in the text\n" in out, out
    read = "curator's reading of A. Writer's words; read as the source's reason for the policy in general"
    assert f" \u2022 The bloc stood by Landia in the war \u2014 {read}\n" in out


def test_an_actors_causes_say_how_many_of_an_effects_links_they_show(run: Run, tmp_path: Path) -> None:
    """Landia's profile shows the one link into the 2024 priority that names it, of the two there are."""
    out = run("actor", "land", "--format", "table", "--width", "200", data=_model(tmp_path, mode="mixed")).stdout
    heading = (
        "  Ties with the Northern Bloc \u2190 1 of the 2 causes the model links to it (all: policyx why p24-bloc):\n"
    )
    assert heading in out, out
    assert "    \u2022 The bloc stood by Landia in the war \u2014 curator's reading of A. Writer's words\n" in out


def _edited(path: Path, old: str, new: str) -> Path:
    """The fixture with its first ``old`` replaced by ``new``, written to ``path``."""
    text = FIXTURE_V2_YAML.replace(old, new, 1)
    assert text != FIXTURE_V2_YAML
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quotes_occasion_is_shown_by_its_title_in_tables_and_by_its_id_in_data(run: Run, tmp_path: Path) -> None:
    quote = "    speaker: leader\n    voice: leader\n"  # the quote's (an address has a speaker, not a voice, next)
    path = _edited(tmp_path / "occasion.yaml", quote, quote.replace("    voice:", "    occasion: e-summit\n    voice:"))
    table = run("quotes", "--format", "table", "--width", "100", data=path).stdout
    assert "Bloc summit" in table and "e-summit" not in table
    profile = run("actor", "leader", "--format", "table", "--width", "100", data=path).stdout
    assert "We are one family\n" in profile and "said at: Bloc summit\n" in profile
    [row] = json.loads(run("quotes", "--format", "json", data=path).stdout)
    assert row["occasion"] == "e-summit"


def test_what_bears_on_an_item_untied_is_named_after_its_statement(run: Run, tmp_path: Path) -> None:
    """A priority's ``see``: the records that bear on it that the source ties to it neither by cause nor
    by place, named after its plain statement in why and compare, as not tied to it; a bad id is refused."""
    trade = '        evidence: "trade with neighbours"\n        basis: stated\n'
    path = _edited(tmp_path / "see.yaml", trade, trade + "        see: [cl-shift, cl-bloc-stood-by]\n")
    text = path.read_text(encoding="utf-8")
    said = (
        "The source gives no reason of its own why \u201cTrade with neighbours\u201d is not in its account of 2024. "
        "The source also reports, without tying any of it to this item: The 2024 address turns from trade to the "
        "bloc; The bloc stood by Landia in the war (the curator's reading)."
    )
    rows = json.loads(run("compare", "2018", "2024", "--format", "json", data=path).stdout)
    [reason] = [r for r in rows if r["section"] == "reason" and r["id"] == "p18-trade"]
    assert reason["statement"] == said
    [row] = json.loads(run("why", "p18-trade", "--format", "json", data=path).stdout)
    assert row["statement"] == said.replace(" of its own why", " for").replace(" is not in its account of 2024", "")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("see: [cl-shift,", "see: [cl-shfit,"), encoding="utf-8")
    result = run("validate", data=bad)
    assert result.exit_code == 3 and "cl-shfit" in result.stderr and "did you mean 'cl-shift'" in result.stderr


def test_the_brief_names_the_policy_its_reasons_rest_on_where_the_model_gives_its_name(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "named.yaml"
    text = _model(tmp_path, mode="read").read_text(encoding="utf-8")
    named = text.replace(
        "  - id: cl-bloc-policy\n", "  - id: cl-bloc-policy\n    policy_name: turning to the bloc\n", 1
    )
    assert named != text
    path.write_text(named, encoding="utf-8")
    lead = (
        "The source explains turning to the bloc in general, not this 2024 item; that these are the reasons it "
        "gives, and their tie to the item, is the curator's reading"
    )
    for fmt in ("text", "html"):
        out = " ".join(run("brief", "--format", fmt, data=path, env={"COLUMNS": "200"}).stdout.split())
        assert lead in (html.unescape(out) if fmt == "html" else out), fmt


def test_one_persons_stated_points_are_named_once_in_the_heading_apart_from_the_curators_tie(
    run: Run, tmp_path: Path
) -> None:
    """Where every reason shown is one person's point, stated, the screen's heading says whose they are and
    that the tie is the curator's; the reasons then carry no suffix. Points of more than one kind keep theirs."""
    path = tmp_path / "stated.yaml"
    text = _model(tmp_path, mode="read").read_text(encoding="utf-8")
    implied = "    basis: inferred\n    note: The article implies the bloc's help.\n"
    stated = text.replace(implied, "    basis: stated\n", 1)
    assert stated != text
    path.write_text(stated, encoding="utf-8")
    out = run("brief", "--format", "text", "--width", "300", data=path).stdout
    lead = (
        "Why \u201cTies with the Northern Bloc\u201d? A. Writer makes these points; the curator reads them as reasons "
        "the source gives for the policy in general, and ties them to this 2024 item:\n"
        " \u2022 The bloc stood by Landia in the war\n"
    )
    assert lead in out, out
    mixed = _model(tmp_path, mode="mixed").read_text(encoding="utf-8").replace(implied, "    basis: stated\n", 1)
    path.write_text(mixed, encoding="utf-8")
    out = run("brief", "--format", "text", "--width", "200", data=path).stdout
    assert " \u2022 The bloc stood by Landia in the war \u2014 A. Writer's point; read as the source's" in out, out


def test_the_screen_credits_the_authors_affiliation_where_the_line_has_room(run: Run, tmp_path: Path) -> None:
    """A source's ``affiliation_short`` on the brief's first line: with the title where both fit, else
    with the years alone (folded, at the narrowest)."""
    author = "    author: A. Writer\n"
    path = _edited(tmp_path / "credit.yaml", author, author + "    affiliation_short: Landia Institute\n")

    def head(width: int) -> str:
        return run("brief", "--format", "text", "--width", str(width), data=path).stdout.splitlines()[0]

    assert head(100) == (
        "2018 \u2192 2024: what changed, and why \u00b7 A. Writer (Landia Institute), Landia turns north"
    )
    assert head(64) == "2018 \u2192 2024 \u00b7 A. Writer (Landia Institute), Landia turns north"
    assert head(50) == "2018 \u2192 2024 \u00b7 A. Writer (Landia Institute), Landia"  # folded


def test_the_heading_of_one_persons_points_says_for_each_kind_what_is_theirs_and_what_the_curators() -> None:
    from policyx.output.wording import why_lead

    said = {
        kind: why_lead("inferred", kind, 2024, "turning to the bloc", "A. Writer") for kind in LEADS if kind != "mixed"
    }
    assert said == {
        "around": (
            "A. Writer makes these points near this 2024 item in the text, with no causal word; the curator ties them "
            "to it"
        ),
        "read": (
            "A. Writer makes these points; the curator reads them as reasons the source gives for turning to the bloc "
            "in general, and ties them to this 2024 item"
        ),
        "given": (
            "A. Writer makes these points, which the source gives as reasons for turning to the bloc in general, not "
            "for this 2024 item; the curator ties them to it"
        ),
    }
    two = why_lead("inferred", "read", 2024, ["turning to the bloc", "leaving the league"], "A. Writer")
    assert two == (
        "A. Writer makes these points; the curator reads them as reasons the source gives for turning to the bloc and "
        "leaving the league in general, and ties them to this 2024 item"
    )
    assert why_lead("inferred", "read", 2024, ["turning to the bloc", "leaving the league"]).startswith(
        "The source explains turning to the bloc and leaving the league in general, not this 2024 item;"
    )
