"""CLI behaviour on the fixture model: exact outputs per command and format, exit codes, defaults."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policyx import __version__

from .conftest import Result, golden

Run = Callable[..., Result]


# --------------------------------------------------------------------------- piped defaults: tsv, no header


def test_priorities_piped_default_is_tsv_without_header(run: Run) -> None:
    result = run("priorities")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "p18-trade\t2018\tmajor\tTrade with neighbours\t\ttrade\trival\t\tstated\n"
        "p18-bloc\t2018\tmentioned\tTies with the Northern Bloc\t\t\tbloc\t\tstated\n"
        "p24-bloc\t2024\toverarching\tTies with the Northern Bloc\t\tunity\tbloc\t\tstated\n"
        "p24-unity\t2024\tmajor\tUnity in the bloc\t\tunity\tbloc;land\t\tstated\n"
    )  # id, year, emphasis, title, example_of, themes, actors, voice (none in schema 1), basis


def test_priorities_filters(run: Run) -> None:
    assert run("priorities", "--year", "2024", "--fields", "id").stdout == "p24-bloc\np24-unity\n"
    assert run("priorities", "--theme", "Trade", "--fields", "id").stdout == "p18-trade\n"
    assert run("priorities", "--actor", "the land", "--fields", "id").stdout == "p24-unity\n"
    assert run("priorities", "--emphasis", "overarching", "--fields", "id").stdout == "p24-bloc\n"


def test_priorities_cite_adds_evidence_and_basis(run: Run) -> None:
    assert run("priorities", "--year", "2018", "--cite").stdout == (
        "p18-trade\t2018\tmajor\tTrade with neighbours\t\ttrade\trival\t\tstated\ttrade with neighbours\tstated\n"
        "p18-bloc\t2018\tmentioned\tTies with the Northern Bloc\t\t\tbloc\t\tstated\tthe Northern Bloc (NB)\tstated\n"
    )


def test_priorities_table_with_citations(run: Run) -> None:
    assert run("priorities", "--year", "2018", "--cite", "--format", "table").stdout == (
        "2018 address (2018-05-01 per a reference, Ada Leader)\n"
        "Trade first.\n"
        "\n"
        "  emphasis    priority                            actors\n"
        " ───────────────────────────────────────────────────────────────\n"
        "  major       Trade with neighbours               Rivalia\n"
        "              id p18-trade · themes: trade\n"
        "              “trade with neighbours” (stated)\n"
        "  mentioned   Ties with the Northern Bloc         Northern Bloc\n"
        "              id p18-bloc\n"
        "              “the Northern Bloc (NB)” (stated)\n"
        "\n"
    )


def test_unknown_year_lists_the_years(run: Run) -> None:
    result = run("priorities", "--year", "2019")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "policyx: Invalid value for '--year' / '-y': no address in 2019; years with addresses: 2018, 2024 "
        "(see 'policyx priorities --help')\n"
    )


# --------------------------------------------------------------------------- formats


def test_json_is_an_array_of_all_fields(run: Run) -> None:
    rows = json.loads(run("priorities", "--year", "2024", "--format", "json").stdout)
    assert rows[0] == {
        "id": "p24-bloc",
        "year": 2024,
        "address": "speech-2024",
        "address_title": "2024 address",
        "emphasis": "overarching",
        "title": "Ties with the Northern Bloc",
        "topic": "bloc",
        "themes": ["unity"],
        "actors": ["bloc"],
        "summary": None,
        "example_of": None,
        "voice": None,
        "basis": "stated",
        "evidence": "In 2024 she put the bloc first",
        "source": "art",
        "reference": None,
        "note": None,
    }
    assert [r["id"] for r in rows] == ["p24-bloc", "p24-unity"]


def test_jsonl(run: Run) -> None:
    assert run("priorities", "--year", "2024", "--fields", "id,emphasis,actors", "--format", "jsonl").stdout == (
        '{"id": "p24-bloc", "emphasis": "overarching", "actors": ["bloc"]}\n'
        '{"id": "p24-unity", "emphasis": "major", "actors": ["bloc", "land"]}\n'
    )


def test_csv_has_a_header_by_default(run: Run) -> None:
    assert run("priorities", "--fields", "id,title,actors", "--format", "csv").stdout == (
        "id,title,actors\n"
        "p18-trade,Trade with neighbours,rival\n"
        "p18-bloc,Ties with the Northern Bloc,bloc\n"
        "p24-bloc,Ties with the Northern Bloc,bloc\n"
        "p24-unity,Unity in the bloc,bloc;land\n"
    )
    assert run("priorities", "--fields", "id", "--format", "csv", "--no-header").stdout.startswith("p18-trade\n")


def test_tsv_header_option(run: Run) -> None:
    assert run("priorities", "--fields", "id,emphasis", "--header").stdout == (
        "id\temphasis\np18-trade\tmajor\np18-bloc\tmentioned\np24-bloc\toverarching\np24-unity\tmajor\n"
    )
    assert run("priorities", "--fields", "id", "--format", "tsv").stdout.startswith("id\np18-trade\n")


def test_yaml(run: Run) -> None:
    assert run("priorities", "--year", "2018", "--fields", "id,emphasis,themes", "--format", "yaml").stdout == (
        "- id: p18-trade\n  emphasis: major\n  themes:\n  - trade\n"
        "- id: p18-bloc\n  emphasis: mentioned\n  themes: []\n"
    )


def test_markdown(run: Run) -> None:
    assert run("priorities", "--year", "2024", "--fields", "id,title,actors", "--format", "markdown").stdout == (
        "| id | title | actors |\n"
        "|---|---|---|\n"
        "| p24-bloc | Ties with the Northern Bloc | bloc |\n"
        "| p24-unity | Unity in the bloc | bloc, land |\n"
    )


def test_unknown_field_is_a_usage_error(run: Run) -> None:
    result = run("priorities", "--fields", "id,titel")
    assert result.exit_code == 2
    assert result.stderr.startswith("policyx: unknown field 'titel' (did you mean 'title'?); fields of ")


def test_unknown_format_is_a_usage_error(run: Run) -> None:
    result = run("priorities", "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr


# --------------------------------------------------------------------------- compare


def test_compare_rows(run: Run) -> None:
    out = run("compare", "2018", "2024").stdout
    assert out == golden("compare-rows.tsv", out)
    assert run("compare", "2024", "2018").stdout == run("compare", "2018", "2024").stdout


def test_compare_table(run: Run) -> None:
    out = run("compare", "2018", "2024", "--format", "table").stdout
    assert out == golden("compare-table.txt", out)


def test_compare_json_carries_evidence_of_both_sides(run: Run) -> None:
    rows = [r for r in json.loads(run("compare", "2018", "2024", "--format", "json").stdout) if r["topic"]]
    assert rows[0] == {
        "section": "priority",
        "id": "p24-bloc",
        "topic": "bloc",
        "change": "continued",
        "title": "Ties with the Northern Bloc",
        "earlier_id": "p18-bloc",
        "later_id": "p24-bloc",
        "earlier_emphasis": "mentioned",
        "later_emphasis": "overarching",
        "shift": "raised",
        "earlier_examples": [],
        "later_examples": [],
        "earlier_evidence": "the Northern Bloc (NB)",
        "later_evidence": "In 2024 she put the bloc first",
        "earlier_basis": "stated",
        "later_basis": "stated",
        "voice": None,
        "cause": None,
        "effect": None,
        "cause_voice": None,
        "cause_basis": None,
        "evidence": None,
        "basis": "stated",
        "path_basis": None,
        "addresses_basis": None,
        "statement": None,
        "note": None,
        "depth": None,
        "policy": None,
        "policy_title": None,
        "policy_basis": None,
        "cause_title": None,
        "effect_title": None,
        "summary": None,
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("2018", "2019"), 4, "policyx: no address in 2019; years with addresses: 2018, 2024\n"),
        (("2018", "2018"), 2, "policyx: compare needs two different addresses, got 'speech-2018' twice\n"),
        (
            ("2018", "latest"),
            4,
            "policyx: no address 'latest'; give a year (2018, 2024) or an id (speech-2018, speech-2024)\n",
        ),
    ],
)
def test_compare_errors(run: Run, args: tuple[str, str], code: int, message: str) -> None:
    result = run("compare", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)


def test_compare_by_address_id(run: Run) -> None:
    assert run("compare", "speech-2018", "speech-2024").stdout == run("compare", "2018", "2024").stdout


# --------------------------------------------------------------------------- actor


@pytest.mark.parametrize("name", ["bloc", "BLOC", "Northern Bloc", "nb", "northern union", "north"])
def test_actor_resolves_by_id_name_alias_or_word(run: Run, name: str) -> None:
    assert run("actor", name, "--fields", "section,id").stdout.splitlines()[0] == "actor\tbloc"


def test_actor_profile_rows(run: Run) -> None:
    assert run("actor", "nb").stdout == (
        "actor\tbloc\torganisation\t\tNorthern Bloc\t\t\t\t\t\t\t\t\t\n"
        "relation\tr-land-bloc\talignment\t\t\t\t\tLandia puts the bloc first.\tin\tland\t8\t2024-02\t\t\n"
        "priority\tp18-bloc\t\tmentioned\t\tTies with the Northern Bloc\t\t\t\t\t\t\t\t2018-05-01\n"
        "priority\tp24-bloc\t\toverarching\t\tTies with the Northern Bloc\t\t\t\t\t\t\t\t2024-02\n"
        "priority\tp24-unity\t\tmajor\t\tUnity in the bloc\t\t\t\t\t\t\t\t2024-02\n"
        "event\te-summit\tsummit\t\t\tBloc summit\t\tLeader asks for a common army.\t\t\t\t\t\t2023\n"
        "source\tart\tarticle\t\t\tLandia turns north\t\t\t\t\t\t\t\t2024-03\n"
    )


def test_actor_profile_fields_mean_one_thing_in_every_row(run: Run) -> None:
    rows = json.loads(run("actor", "bloc", "--format", "json").stdout)
    by_section: dict[str, dict[str, object]] = {}
    for row in rows:
        by_section.setdefault(row["section"], row)  # the first row of each section
    assert by_section["actor"]["name"] == "Northern Bloc" and by_section["actor"]["kind"] == "organisation"
    relation = by_section["relation"]
    assert (relation["kind"], relation["name"], relation["counterpart"], relation["direction"]) == (
        "alignment",
        None,  # the other actor is the counterpart (an id); a name is the actor row's only
        "land",
        "in",
    )
    assert (relation["since"], relation["until"], relation["date"]) == ("2024-02", None, None)
    priority = by_section["priority"]
    assert (priority["kind"], priority["emphasis"], priority["title"], priority["address"]) == (
        None,  # an emphasis is no kind
        "mentioned",
        "Ties with the Northern Bloc",
        "speech-2018",
    )
    assert (by_section["event"]["kind"], by_section["event"]["title"]) == ("summit", "Bloc summit")
    source = by_section["source"]
    assert (source["kind"], source["title"], source["outlet"], source["date"]) == (
        "article",
        "Landia turns north",
        "Test Times",
        "2024-03",
    )
    assert "detail" not in by_section["actor"]  # it held a description, a summary or an outlet, by row


def test_actor_profile_table(run: Run) -> None:
    out = run("actor", "rival", "--format", "table").stdout
    assert out == golden("actor-rival-table.txt", out)


def test_actor_ambiguous_and_unknown(run: Run) -> None:
    result = run("actor", "l")
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == "policyx: actor 'l' is ambiguous: land (Landia), leader (Ada Leader)\n"
    result = run("actor", "blok")
    assert (result.exit_code, result.stderr) == (4, "policyx: no actor 'blok' (did you mean 'bloc'?)\n")


# --------------------------------------------------------------------------- other listings


def test_actors_and_kind_filter(run: Run) -> None:
    assert run("actors").stdout == (
        "land\tLandia\tstate\tThe Land\n"
        "bloc\tNorthern Bloc\torganisation\tNB;Northern Union\n"
        "leader\tAda Leader\tperson\tPresident Leader\n"
        "rival\tRivalia\tstate\t\n"
    )
    assert run("actors", "--kind", "state", "--fields", "id").stdout == "land\nrival\n"
    result = run("actors", "--kind", "planet")  # every bad filter value: see test_terminal's table
    assert result.exit_code == 2


def test_themes(run: Run) -> None:
    assert run("themes").stdout == "unity\tUnity\t2\t1\t1\t0\ntrade\tTrade\t1\t1\t0\t0\n"


def test_relations_and_filters(run: Run) -> None:
    assert run("relations").stdout == (
        "r-land-bloc\tland\talignment\tbloc\t8\t2024-02\t\tstated\n"
        "r-rival-land\trival\tpressure\tland\t-4\t2019\t2021\tinferred\n"
        "r-war\tland\twar\trival\t-10\t2020-09\t2020-11\tstated\n"
    )  # one row is the curator's reading: the basis is shown
    assert run("relations", "--actor", "bloc", "--fields", "id").stdout == "r-land-bloc\n"
    assert run("relations", "--kind", "war", "--fields", "id").stdout == "r-war\n"
    assert run("relations", "--max-score", "-5", "--fields", "id").stdout == "r-war\n"
    assert run("relations", "--min-score", "-5", "--fields", "id").stdout == "r-land-bloc\nr-rival-land\n"
    assert run("relations", "--as-of", "2020-10", "--fields", "id").stdout == "r-rival-land\nr-war\n"
    assert run("relations", "--as-of", "2024", "--fields", "id").stdout == "r-land-bloc\n"
    result = run("relations", "--as-of", "2020-13")  # every bad filter value: see test_terminal's table
    assert result.exit_code == 2


def test_timeline(run: Run) -> None:
    assert run("timeline").stdout == (
        "2020-09..2020-11\twar\tThe short war\te-war\n"
        "2023\tsummit\tBloc summit\te-summit\n"
        "2024-02-07\telection\tLandia elects Ada Leader again\te-election\n"
    )
    assert run("timeline", "--from", "2020-11", "--to", "2023-06", "--fields", "id").stdout == "e-war\ne-summit\n"
    assert run("timeline", "--actor", "leader", "--theme", "unity", "--fields", "id").stdout == "e-summit\n"
    row = json.loads(run("timeline", "--from", "2023", "--to", "2023", "--format", "json").stdout)[0]
    assert (row["date"], row["start"], row["precision"]) == ("2023", "2023", "year")


def test_timeline_table_groups_by_year(run: Run) -> None:
    assert run("timeline", "--format", "table").stdout == (
        "2020\n"
        "  ● 2020-09..2020-11  war       The short war\n"
        "                                id e-war\n"
        "2023\n"
        "  ● 2023              summit    Bloc summit\n"
        "                                id e-summit\n"
        "2024\n"
        "  ● 2024-02-07        election  Landia elects Ada Leader again\n"
        "                                id e-election\n"
    )


def test_quotes(run: Run) -> None:
    assert run("quotes").stdout == "q-family\tleader\t2024-02\te-election\tWe are one family\n"
    assert run("quotes", "--speaker", "Ada Leader", "--search", "FAMILY", "--fields", "id").stdout == "q-family\n"
    assert run("quotes", "--search", "enemy").stdout == ""


def test_search_ranks_and_names_type_and_id(run: Run) -> None:
    assert run("search", "bloc", "--header").stdout == (
        "type\tid\tfield\tscore\ttext\n"
        "actor\tbloc\tname\t6.0\tNorthern Bloc\n"
        "event\te-summit\ttitle\t6.0\tBloc summit\n"
        "priority\tp18-bloc\ttitle\t6.0\tTies with the Northern Bloc\n"
        "priority\tp24-bloc\ttitle\t6.0\tTies with the Northern Bloc\n"
        "priority\tp24-unity\ttitle\t6.0\tUnity in the bloc\n"
        "address\tspeech-2024\tsummary\t3.0\tThe bloc above all.\n"
        "relation\tr-land-bloc\tsummary\t3.0\tLandia puts the bloc first.\n"
        "theme\tunity\tdescription\t3.0\tWorking together in the bloc.\n"
    )
    assert run("search", "one family").stdout == "quote\tq-family\ttext\t4.0\tWe are one family\n"


# --------------------------------------------------------------------------- empty results, exit codes, streams


def test_empty_result_prints_nothing_or_an_empty_array(run: Run) -> None:
    for fmt in ("tsv", "csv", "jsonl", "markdown"):
        result = run("relations", "--min-score", "9", "--format", fmt)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert run("relations", "--min-score", "9", "--format", "json").stdout == "[]\n"
    assert run("relations", "--min-score", "9", "--format", "yaml").stdout == "[]\n"


def test_empty_table_on_a_terminal_says_so_on_stderr(run: Run) -> None:
    result = run("relations", "--min-score", "9", terminal=True)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No relations match.\n")


def test_data_error_exit_code_and_lines(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nactors:\n  - id: x\n", encoding="utf-8")
    result = run("priorities", data=bad)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"{bad}:3:5: actors[0]: missing required field 'source'\n"
        f"{bad}:3:5: actors[0]: missing required field 'evidence'\n"
        f"{bad}:3:5: actors[0]: missing required field 'basis'\n"
        f"{bad}:3:5: actors[0]: missing required field 'name'\n"
        f"{bad}:3:5: actors[0]: missing required field 'kind'\n"
        f"{bad}:3:5: actors[0]: missing required field 'description'\n"
    )


def test_missing_data_file(run: Run, tmp_path: Path) -> None:
    result = run("actors", data=tmp_path / "none.yaml")
    assert (result.exit_code, result.stderr) == (3, f"{tmp_path / 'none.yaml'}: no such file (from --data)\n")


def test_data_from_environment(model_file: Path) -> None:
    from typer.testing import CliRunner

    from policyx.cli import app

    result = CliRunner().invoke(app, ["actors", "--fields", "id"], env={"POLICYX_DATA": str(model_file)})
    assert result.stdout == "land\nbloc\nleader\nrival\n"


def test_usage_error_exit_code(run: Run) -> None:
    assert run("relations", "--min-score", "lots").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_interrupt_exits_130_quietly(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import queries as query

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(query, "timeline", interrupted)
    result = run("timeline")
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "")


def test_version(run: Run) -> None:
    assert run("--version").stdout == f"policyx {__version__}\n"


def test_no_arguments_shows_a_one_screen_overview() -> None:
    from typer.testing import CliRunner

    from policyx.cli import app
    from policyx.cli.env import Environment

    result = CliRunner().invoke(app, [], obj=Environment(terminal=True, width=80))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) <= 20 and max(map(len, lines)) <= 80
    starts = [line.split("  ")[1] for line in lines if line.startswith("  policyx ")]
    assert starts == ["policyx brief", "policyx compare 2018 2024", "policyx why OTS"]
    assert [line.split(":")[0] for line in lines if line.startswith(("Explore:", "Model files:"))] == [
        "Explore",
        "Model files",
    ]
    assert "Usage:" not in result.stdout  # the full help is policyx --help
    assert "Usage: policyx" in CliRunner().invoke(app, ["--help"]).stdout


def test_help_paragraphs_reflow_at_any_width() -> None:
    from typer.main import get_command
    from typer.testing import CliRunner

    from policyx.cli import app

    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        for paragraph in (command.help or "").split("\n\n"):
            assert "\n" not in paragraph, f"{name}: a line break inside a paragraph of its help"
    text = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "80"}).stdout
    assert "(null where unset), in schema order" in " ".join(text.split())
    assert not [line for line in text.splitlines() if line.strip() in ("unset),", "replace an")]


def test_the_command_table_is_what_the_modules_register() -> None:
    """app.COMMANDS (which lets a run import only its own command) names every command its module
    registers, in the order of the modules and of their definitions, and nothing else."""
    import importlib
    import inspect

    app_module = importlib.import_module("policyx.cli.app")
    modules = list(dict.fromkeys(app_module.COMMANDS.values()))
    for module in modules:
        importlib.import_module(f"policyx.cli.{module}")
    registered = {name: inspect.unwrap(info.callback) for name, info in app_module.REGISTERED.items()}
    assert sorted(registered) == sorted(app_module.COMMANDS)
    for module in modules:  # each module's commands in the order it defines them; the modules one after another
        defined = [name for name, callback in registered.items() if callback.__module__ == f"policyx.cli.{module}"]
        assert [name for name, owner in app_module.COMMANDS.items() if owner == module] == defined
    assert modules == ["curate", "explore", "actors", "listings", "modelfile"]
    assert list(app_module.COMMANDS) == sorted(app_module.COMMANDS, key=lambda n: modules.index(app_module.COMMANDS[n]))


def test_a_run_makes_only_the_command_it_runs() -> None:
    """A run reads (makes) only the command it runs; help lists them all."""
    from typer.main import get_command

    from policyx.cli import app

    group = get_command(app)
    made = group.commands._made  # type: ignore[attr-defined]
    group.commands["themes"]  # type: ignore[attr-defined]
    assert list(made) == ["themes"]
    assert len(list(group.commands.items())) == 20  # type: ignore[attr-defined]
    assert sorted(made) == sorted(group.commands)  # type: ignore[attr-defined]
