"""Schema 2: whose view each record states (voice), the source's claims, its causes, `why`, and the
compare summary; and schema-1 files still loading beside them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policyx.errors import DataError
from policyx.loader import load_text

from .conftest import FIXTURE_V2_YAML, FIXTURE_YAML, Result, golden

Run = Callable[..., Result]


def test_compare_opens_with_a_summary_and_ends_with_why(run: Run, model_v2: Path) -> None:
    result = run(
        "compare", "2018", "2024", "--fields", "section,id,change,voice,title", "--format", "csv", data=model_v2
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == golden("compare-v2-fields.csv", result.stdout)


def test_compare_json_carries_the_summary_and_the_causes_with_evidence(run: Run, model_v2: Path) -> None:
    rows = json.loads(run("compare", "2018", "2024", "--format", "json", data=model_v2).stdout)
    claim = next(r for r in rows if r["id"] == "cl-shift")
    assert (claim["section"], claim["voice"], claim["evidence"], claim["basis"]) == (
        "summary",
        "writer",
        "Landia said it would change course",
        "stated",
    )
    causes = [(r["id"], r["cause"], r["effect"], r["evidence"], r["basis"]) for r in rows if r["section"] == "cause"]
    assert causes == [  # the direct cause first, then the one behind it
        ("why-support-bloc", "cl-bloc-stood-by", "p24-bloc", "In 2024 she put the bloc first", "stated"),
        ("why-war-support", "e-war", "cl-bloc-stood-by", "remembers the war with Rivalia", "inferred"),
    ]


def test_compare_table_shows_titles_summaries_hedges_and_voices(run: Run, model_v2: Path) -> None:
    result = run("compare", "2018", "2024", "--format", "table", data=model_v2)
    assert result.stdout == golden("compare-v2-table.txt", result.stdout)


def test_why_follows_causes_back_to_their_roots(run: Run, model_v2: Path) -> None:
    result = run("why", "p24-bloc", "--format", "table", data=model_v2)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == golden("why-v2-table.txt", result.stdout)


def test_why_takes_a_topic_an_actor_or_an_id_in_every_format(run: Run, model_v2: Path) -> None:
    piped = "1\twhy-support-bloc\tThe bloc stood by Landia in the war\tTies with the Northern Bloc\twriter\tstated"
    piped += "\twriter\tinferred\tstated\t\n"  # the link stated, its cause (the claim) the curator's reading
    piped += "2\twhy-war-support\tThe short war\tThe bloc stood by Landia in the war\twriter\tinferred\twriter"
    piped += "\tstated\tinferred\t\n"
    assert run("why", "bloc", data=model_v2).stdout == piped  # the topic
    assert run("why", "p24-bloc", data=model_v2).stdout == piped  # the priority's id
    by_actor = run("why", "Landia", "--fields", "id,depth", data=model_v2).stdout
    assert by_actor == "why-war-support\t1\n"  # Landia's claim: the war led to it
    rows = json.loads(run("why", "nb", "--format", "json", data=model_v2).stdout)  # an alias
    assert [(r["id"], r["depth"], r["cause_type"], r["effect_type"], r["voice"]) for r in rows] == [
        ("why-war-support", 1, "event", "claim", "writer"),  # one step each: by date, undated last
        ("why-support-bloc", 1, "claim", "priority", "writer"),
    ]
    said = "The source gives no reason for \u201cTrade with neighbours\u201d."  # in every format, plainly
    assert run("why", "trade", data=model_v2).stdout == f"0\tp18-trade\t\tTrade with neighbours\t\t\t\t\t\t{said}\n"
    [row] = json.loads(run("why", "trade", "--format", "json", data=model_v2).stdout)
    assert (row["depth"], row["effect"], row["path_basis"], row["statement"]) == (0, "p18-trade", None, said)
    assert run("why", "trade", "--format", "table", data=model_v2).stdout == f"Why: trade\n{said}\n"


def test_why_of_nothing_known_is_not_found(run: Run, model_v2: Path) -> None:
    result = run("why", "nothing", data=model_v2)
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == "policyx: nothing called 'nothing': give a record id, a topic (bloc, trade) or an actor\n"


def test_voice_filters_and_columns(run: Run, model_v2: Path) -> None:
    assert run("relations", "--voice", "a. writer", "--fields", "id,voice", data=model_v2).stdout == (
        "r-land-bloc\twriter\n"
    )
    assert run("priorities", "--voice", "writer", data=model_v2).stdout == ""
    assert run("priorities", "--voice", "leader", "--fields", "id", data=model_v2).stdout == "p18-trade\np24-bloc\n"
    assert run("timeline", "--voice", "leader", data=model_v2).stdout == ""
    assert run("quotes", "--voice", "leader", "--fields", "id,speaker,voice", data=model_v2).stdout == (
        "q-family\tleader\tleader\n"
    )
    why = run("why", "bloc", "--voice", "leader", "--format", "json", data=model_v2)
    assert why.stdout == "[]\n"
    result = run("priorities", "--voice", "nobody", data=model_v2)
    assert result.exit_code == 2  # every bad filter value: see test_terminal's table


def test_a_view_that_mixes_voices_shows_them(run: Run, model_v2: Path) -> None:
    profile = run("actor", "bloc", "--fields", "section,id,voice", data=model_v2).stdout
    assert profile == (
        "actor\tbloc\t\n"
        "relation\tr-land-bloc\twriter\n"
        "priority\tp24-bloc\tleader\n"
        "event\te-summit\twriter\n"
        "claim\tcl-bloc-stood-by\twriter\n"
        "cause\twhy-war-support\twriter\n"
        "cause\twhy-support-bloc\twriter\n"
        "source\tart\t\n"
    )
    assert run("actor", "bloc", data=model_v2).stdout.splitlines()[1].split("\t")[-2:] == ["writer", "stated"]
    assert run("actor", "bloc", data=model_v2).stdout.splitlines()[4].split("\t")[-2:] == ["writer", "inferred"]


def test_actor_profile_table_shows_claims_and_causes(run: Run, model_v2: Path) -> None:
    out = run("actor", "bloc", "--format", "table", data=model_v2, env={"COLUMNS": "200"}).stdout
    claims = "Claims\nvoice of each: curator's reading of A. Writer's words\n\n"
    claims += "  \u2022 The bloc stood by Landia in the war.\n"
    assert claims in out  # an inferred claim, bulleted
    causes = "Causes\nview of each link unless marked: curator's reading of A. Writer's words\n"
    causes += "the links whose cause, or what it leads to, names Northern Bloc\n\n"
    causes += "  The bloc stood by Landia in the war \u2190 causes the model links to it:\n"
    causes += "    \u2022 The short war \u2014 A. Writer's point\n"  # whose cause
    assert causes in out
    cause = "The bloc stood by Landia in the war \u2014 curator's reading of A. Writer's words"
    assert f"    \u2022 {cause}\n      view of the link: A. Writer\n" in out  # the link in another voice
    assert "  \u2190 from   Landia   alignment      +8\n    since 2024-02 \u00b7 Landia puts the bloc first.\n" in out


def test_priorities_table_heads_each_address_with_title_date_speaker_and_summary(run: Run, model_v2: Path) -> None:
    assert run("priorities", "--format", "table", data=model_v2).stdout == (
        "2018 address (2018-05-01, Ada Leader)\n"
        "Trade first.\n"
        "voice of each item: Ada Leader, as reported\n"
        "\n"
        "  emphasis   priority                actors\n"
        " \u2500" + "\u2500" * 42 + "\n"
        "  major      Trade with neighbours\n"
        "             id p18-trade\n"
        "\n"
        "2024 address (2024-02, Ada Leader)\n"
        "The bloc above all.\n"
        "voice of each item: Ada Leader, as reported\n"
        "\n"
        "  emphasis      priority                      actors\n"
        " \u2500" + "\u2500" * 58 + "\n"
        "  overarching   Ties with the Northern Bloc   Northern Bloc\n"
        "                id p24-bloc \u00b7 themes: unity\n"
        "\n"
    )


def test_timeline_keeps_the_sources_order_where_dates_are_coarse(run: Run, model_v2: Path) -> None:
    assert run("timeline", data=model_v2).stdout == (
        "2020-09\twar\tThe short war\te-war\n"
        "2023-11-03\tsummit\tBloc summit\te-summit\n"
        "2023-11\tconference\tForum in the capital\te-forum\n"
    )


def test_search_finds_claims_and_causes(run: Run, model_v2: Path) -> None:
    assert run("search", "gratitude", data=model_v2).stdout == (
        "cause\twhy-support-bloc\tsummary\t3.0\tGratitude for the bloc's help puts it first.\n"
    )


def test_validate_names_the_schema_version(run: Run, model_v2: Path, model_file: Path) -> None:
    assert run("validate", data=model_v2).stdout == (
        f"ok: {model_v2} (schema 2): 1 source, 1 theme, 4 actors, 2 addresses, 2 priorities, "
        "1 relation, 3 events, 1 quote, 2 claims, 2 causes\n"
    )
    assert run("validate", data=model_file).stdout.startswith(f"ok: {model_file} (schema 1): ")


def test_schema_1_loads_without_voices_and_exports_as_schema_1(run: Run) -> None:
    model = load_text(FIXTURE_YAML)
    assert model.schema_version == 1
    assert {p.voice for a in model.addresses for p in a.priorities} == {None}
    exported = json.loads(run("export").stdout)
    assert exported["schema_version"] == 1
    assert "claims" not in exported and "voice" not in exported["relations"][0]
    assert load_text(json.dumps(exported)) == model


def test_schema_2_round_trips_through_export(run: Run, model_v2: Path) -> None:
    exported = run("export", data=model_v2).stdout
    assert load_text(exported) == load_text(FIXTURE_V2_YAML)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ('    voice: writer\n    source: art\n    evidence: "In 2024', '    source: art\n    evidence: "In 2024'),
            "relations[0]: missing required field 'voice' (whose view the record states)",
        ),
        (("cause: e-war", "cause: p18-trade"), "cause 'p18-trade' is no event, relation or claim"),
        (("effect: p24-bloc", "effect: land"), "effect 'land' is no priority, claim, relation or event"),
        (("effect: p24-bloc", "effect: cl-bloc-stood-by"), "'cl-bloc-stood-by' cannot cause itself"),
        (("after: e-summit", "after: e-nothing"), "unknown event 'e-nothing'"),
        (
            ("addresses: [speech-2018, speech-2024]", "addresses: [speech-2019]"),
            "unknown address 'speech-2019' (did you mean 'speech-2018'?)",
        ),
        (
            (
                '    voice: leader\n    source: art\n    evidence: "she',
                '    voice: lead\n    source: art\n    evidence: "she',
            ),
            "unknown actor 'lead' (did you mean 'leader'?)",
        ),
    ],
)
def test_schema_2_rules_are_checked_with_locations(edit: tuple[str, str], message: str) -> None:
    text = FIXTURE_V2_YAML.replace(*edit, 1)
    assert text != FIXTURE_V2_YAML
    with pytest.raises(DataError) as caught:
        load_text(text, "m.yaml")
    assert [p.message for p in caught.value.problems] == [message]


def test_schema_1_files_may_not_use_schema_2_fields() -> None:
    text = FIXTURE_YAML.replace("    summary: The short war.\n", "    summary: The short war.\n    voice: land\n", 1)
    text += "claims: []\ncauses:\n  - id: c\n    cause: e-war\n    effect: p24-bloc\n    summary: S.\n"
    text += "    source: art\n    evidence: x\n    basis: stated\n"
    with pytest.raises(DataError) as caught:
        load_text(text, "m.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "m.yaml:147:5: relations[2]: 'voice' needs schema_version: 2",
        "m.yaml:193:1: top level: 'causes' needs schema_version: 2",
    ]


LOOP = """  - id: why-bloc-war
    cause: cl-bloc-stood-by
    effect: e-war
    summary: Loops back.
    voice: writer
    source: art
    evidence: "In 2024 she put the bloc first"
    basis: stated
"""


def test_causes_that_lead_in_a_circle_are_refused_with_their_place() -> None:
    with pytest.raises(DataError) as caught:
        load_text(FIXTURE_V2_YAML + LOOP, "m.yaml")
    [problem] = caught.value.problems
    assert "causes lead in a circle: " in problem.message and "a record cannot explain itself" in problem.message


def test_a_chain_is_as_strong_as_its_weakest_link() -> None:
    from policyx import chains
    from policyx.lookup import Index

    index = Index(load_text(FIXTURE_V2_YAML, "m.yaml"))
    rows = chains.chain(index, ["p24-bloc"])
    # the war -> claim link is inferred, the claim -> priority link stated: the whole path from the war is inferred
    assert [(r["id"], r["basis"], r["path_basis"]) for r in rows] == [
        ("why-support-bloc", "stated", "stated"),
        ("why-war-support", "inferred", "inferred"),
    ]
    assert chains.reach(rows, ["p24-bloc", "p18-trade"]) == {"p24-bloc": "stated", "p18-trade": None}


def test_twin_topics_in_one_address_each_keep_their_row(run: Run, model_file: Path) -> None:
    text = model_file.read_text(encoding="utf-8").replace("topic: unity", "topic: bloc", 1)
    twin = model_file.with_name("twin.yaml")
    twin.write_text(text, encoding="utf-8")
    rows = json.loads(run("compare", "2018", "2024", "--format", "json", data=twin).stdout)
    priorities = [(r["id"], r["change"], r["earlier_id"], r["later_id"]) for r in rows if r["section"] == "priority"]
    assert priorities == [
        ("p24-bloc", "continued", "p18-bloc", "p24-bloc"),
        ("p24-unity", "continued", "p18-bloc", "p24-unity"),
        ("p18-trade", "not-in-later-account", "p18-trade", None),
    ]


def _mixed_bases(tmp: Path) -> Path:
    """The schema-2 fixture with a reference, a relation from it (context) and an inferred event."""
    text = FIXTURE_V2_YAML.replace(
        "    editor: E. Ditor\n",
        "    editor: E. Ditor\n  - id: ref\n    kind: reference\n    title: A yearbook\n",
        1,
    )
    text = text.replace(
        '    evidence: "In 2024 she put the bloc first"\n    basis: stated\nevents:',
        '    evidence: "In 2024 she put the bloc first"\n    basis: context\n    reference: ref\nevents:',
        1,
    )
    text = text.replace(
        '    evidence: "war with Rivalia"\n    basis: stated\n',
        '    evidence: "war with Rivalia"\n    basis: inferred\n    note: The month is read.\n',
        1,
    )
    path = tmp / "mixed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("actor", "bloc"), ["A. Writer + a reference's fact", "Ada Leader, as reported"]),
        (("actor", "land"), ["A. Writer + a reference's fact", "curator's reading of A. Writer's words"]),
        (("why", "p24-bloc"), ["curator's reading of A. Writer's words", "linked by the curator"]),
        (("compare", "2018", "2024"), ["curator's reading of A. Writer's words", "the curator"]),
    ],
)
def test_one_wording_of_voice_and_basis_in_every_table(
    run: Run, tmp_path: Path, args: tuple[str, ...], shown: list[str]
) -> None:
    out = run(*args, "--format", "table", data=_mixed_bases(tmp_path), env={"COLUMNS": "200"}).stdout
    for words in shown:
        assert words in out


def test_the_wording_table() -> None:
    from policyx.output import wording

    assert wording.said_by("A. Writer", "stated") == "A. Writer"
    assert wording.said_by("Ada Leader", "stated", reported=True) == "Ada Leader, as reported"
    assert wording.said_by("A. Writer", "inferred") == "curator's reading of A. Writer's words"
    assert wording.said_by("A. Writer", "context") == "A. Writer + a reference's fact"
    assert wording.by("A. Writer", "context") == "A. Writer + a reference's fact"  # the table's words, everywhere
    assert wording.by(None, "context") == "a reference's fact"  # an address: no voice
    assert wording.by("A. Writer", "inferred") == "curator's reading of A. Writer's words"
    assert wording.unexplained("X", "stated") is None
    assert wording.unexplained("X", None) == "The source gives no reason for \u201cX\u201d."
    assert wording.unexplained(
        "X", "inferred", {"links": 2, "general": 2, "general_stated": 0, "examples": [], "see": []}
    ) == (
        "The source explains the policy in general, not \u201cX\u201d, this item of the address; that the reasons "
        "linked to it are ones it gives, and their tie to the item, is the curator's reading."
    )
    assert wording.unexplained(
        "X", "context", {"links": 4, "general": 2, "general_stated": 1, "examples": [], "see": []}
    ) == (
        "Of the four reasons linked to \u201cX\u201d, the source gives one as a reason for the policy in general, "
        "the curator reads one as such a reason and the source only puts two near it in the text, with no causal "
        "word; the source ties none of them to this item of the address. A reference's fact or the curator ties "
        "each to it."
    )
    assert wording.unexplained(
        "X", None, {"links": 0, "general": 0, "general_stated": 0, "examples": ["A", "B", "C"], "see": []}
    ) == (
        "The source gives no reason for \u201cX\u201d as a whole; the model links reasons to three of its examples: "
        "\u201cA\u201d, \u201cB\u201d and \u201cC\u201d."
    )
    assert wording.statement("X", None, under="U", under_linked=False) == (
        "The source gives no reason for \u201cX\u201d, nor for the item it is listed under, \u201cU\u201d."
    )
    assert wording.unexplained("X", "inferred") == (
        "The reasons linked to \u201cX\u201d: the source puts them near the item in the text, with no causal word; "
        "the curator ties them to the item."
    )
