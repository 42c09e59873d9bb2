"""Paths the other test files leave out: each with its exact output."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import policyx
from policyx import queries
from policyx.version import __version__

from .conftest import FIXTURE_YAML, Result

Run = Callable[..., Result]

GRAPH_NODES = [
    {"id": "land", "name": "Landia", "kind": "state"},
    {"id": "bloc", "name": "Northern Bloc", "kind": "organisation"},
    {"id": "rival", "name": "Rivalia", "kind": "state"},
]
GRAPH_EDGES_BARE = [
    {
        "id": "r-land-bloc",
        "from": "land",
        "to": "bloc",
        "kind": "alignment",
        "score": 8,
        "tone": "cooperative",
        "mutual": False,
        "since": "2024-02",
    },
    {
        "id": "r-rival-land",
        "from": "rival",
        "to": "land",
        "kind": "pressure",
        "score": -4,
        "tone": "conflictual",
        "mutual": False,
        "since": "2019",
        "until": "2021",
    },
    {
        "id": "r-war",
        "from": "land",
        "to": "rival",
        "kind": "war",
        "score": -10,
        "tone": "conflictual",
        "mutual": True,
        "since": "2020-09",
        "until": "2020-11",
    },
]
GRAPH_EDGES = [{"id": e["id"], "key": e["id"], "source": e["from"], "target": e["to"], **e} for e in GRAPH_EDGES_BARE]


def graph_data(title: str) -> dict[str, object]:
    """The node-link JSON of the fixture's whole graph under this title."""
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"title": title},
        "title": title,
        "nodes": GRAPH_NODES,
        "edges": GRAPH_EDGES,
        "links": GRAPH_EDGES,  # for networkx before 3.6
    }


# --------------------------------------------------------------------------- explore commands


def test_actor_profile_quote_rows(run: Run) -> None:
    result = run("actor", "leader", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = json.loads(result.stdout)
    assert [r for r in rows if r["section"] == "quote"] == [
        {
            "section": "quote",
            "id": "q-family",
            "kind": None,
            "emphasis": None,
            "name": None,
            "title": None,
            "text": "We are one family",
            "direction": None,
            "counterpart": None,
            "score": None,
            "since": None,
            "until": None,
            "date": "2024-02",
            "date_basis": None,
            "address": None,
            "occasion": "e-election",
            "pull_quote_of": None,
            "cause": None,
            "cause_type": None,
            "cause_title": None,
            "cause_date": None,
            "effect": None,
            "effect_type": None,
            "effect_title": None,
            "effect_links": None,
            "cause_voice": None,
            "cause_basis": None,
            "policy": None,
            "policy_title": None,
            "policy_basis": None,
            "summary": None,
            "description": None,
            "outlet": None,
            "aliases": None,
            "voice": None,
            "basis": "stated",
            "evidence": "she said, \u201cWe are one family\u201d",
            "source": "art",
            "reference": None,
            "note": None,
        }
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("timeline", "--from", "2024", "--to", "2018"), 2, "the end date 2018 is before the start date 2024"),
        (("compare", "speech-2018", "2018"), 2, "compare needs two different addresses, got 'speech-2018' twice"),
        (
            ("compare", "2018", "twenty"),
            4,
            "no address 'twenty'; give a year (2018, 2024) or an id (speech-2018, speech-2024)",
        ),
    ],
)
def test_refusals_name_what_was_wrong(run: Run, args: tuple[str, ...], code: int, message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"policyx: {message}\n")


# --------------------------------------------------------------------------- citations


def test_cite_a_source_cites_itself(run: Run) -> None:
    result = run("cite", "art")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "art (source)\n  source: A. Writer, \u201cLandia turns north\u201d, Test Times, 2024-03.\n"


def test_cite_a_source_as_bibtex(run: Run) -> None:
    result = run("cite", "art", "--format", "bibtex")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "@article{art,\n"
        "  author = {A. Writer},\n"
        "  title = {{Landia turns north}},\n"
        "  journal = {{Test Times}},\n"
        "  year = {2024},\n"
        "  month = {3}\n"
        "}\n"
    )


def test_cite_a_priority_as_bibtex(run: Run) -> None:
    result = run("cite", "p18-trade", "--format", "bibtex")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == run("cite", "art", "--format", "bibtex").stdout


FULL_SOURCES = FIXTURE_YAML.replace(
    "    author: A. Writer\n",
    "    author: A. Writer\n    affiliation: Uni of Landia\n    url: https://example.org/north\n",
    1,
).replace(
    "    title: Almanac of Landia\n",
    '    title: Almanac of Landia\n    editor: E. D_itor & Co\n    published: "2019"\n'
    '    url: https://example.org/alm#2\n    note: "Vol. {2}, 50% off, $5, ~a^b \\\\ c"\n',
    1,
)


def test_cite_every_source_field_as_text(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(FULL_SOURCES, encoding="utf-8")
    result = run("cite", "speech-2018", data=path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "speech-2018 (address, basis: context)\n"
        "  evidence: \u201cIn 2018 she spoke of trade\u201d\n"
        "  note: Day from the almanac.\n"
        "  source: A. Writer (Uni of Landia), \u201cLandia turns north\u201d, Test Times, 2024-03. "
        "https://example.org/north\n"
        "  reference: \u201cAlmanac of Landia\u201d, 2019. Editor named: E. D_itor & Co. https://example.org/alm#2\n"
    )
    result = run("cite", "ref", data=path)
    assert result.stdout == (
        "ref (source)\n"
        "  note: Vol. {2}, 50% off, $5, ~a^b \\ c\n"
        "  reference: \u201cAlmanac of Landia\u201d, 2019. Editor named: E. D_itor & Co. https://example.org/alm#2\n"
    )


def test_cite_every_source_field_as_bibtex(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(FULL_SOURCES, encoding="utf-8")
    result = run("cite", "speech-2018", "--format", "bibtex", data=path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "@article{art,\n"
        "  author = {A. Writer},\n"
        "  title = {{Landia turns north}},\n"
        "  journal = {{Test Times}},\n"
        "  year = {2024},\n"
        "  month = {3},\n"
        "  url = {https://example.org/north}\n"
        "}\n"
        "\n"
        "@misc{ref,\n"
        "  key = {Almanac of Landia},\n"
        "  title = {{Almanac of Landia}},\n"
        "  year = {2019},\n"
        "  editor = {E. D\\_itor \\& Co},\n"
        "  url = {https://example.org/alm#2}\n"  # raw, as url.sty and biblatex read it; no curator's note
        "}\n"
    )


# --------------------------------------------------------------------------- the error edge


def test_internal_error_without_debug(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "themes", broken)
    result = run("themes")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "policyx: internal error: RuntimeError: boom (set POLICYX_DEBUG=1 for details)\n",
    )


def test_internal_error_with_debug_is_raised(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "themes", broken)
    monkeypatch.setenv("POLICYX_DEBUG", "1")
    with pytest.raises(RuntimeError) as info:
        run("themes")
    assert str(info.value) == "boom"


# --------------------------------------------------------------------------- the package face


def test_package_load_and_load_text(model_file: Path) -> None:
    from_file = policyx.load(model_file)
    from_text = policyx.load_text(FIXTURE_YAML)
    assert isinstance(from_file, policyx.Model)
    assert from_file == from_text
    assert [a.id for a in from_text.actors] == ["land", "bloc", "leader", "rival"]
    view = policyx.queries.themes(policyx.Index(from_text))
    assert isinstance(view, policyx.View)
    assert [r["id"] for r in view.rows] == ["unity", "trade"]


def test_package_load_text_reports_problems() -> None:
    with pytest.raises(policyx.PolicyxError) as info:
        policyx.load_text("schema_version: 1\nactors: 3\n", "m.yaml")
    assert isinstance(info.value, policyx.errors.DataError)
    assert str(info.value) == "m.yaml:2:9: actors: expected a list, got '3'"


def test_package_unknown_attribute() -> None:
    with pytest.raises(AttributeError) as info:
        _ = policyx.nothing  # type: ignore[attr-defined]
    assert str(info.value) == "module 'policyx' has no attribute 'nothing'"


def test_python_dash_m_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "policyx", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"policyx {__version__}\n", "")


# --------------------------------------------------------------------------- graph


def test_graph_json_exact(run: Run) -> None:
    result = run("graph", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == graph_data("Relations")
    assert result.stdout == json.dumps(json.loads(result.stdout), indent=2, ensure_ascii=False) + "\n"


def test_graph_mermaid_exact(run: Run) -> None:
    result = run("graph", "--format", "mermaid", "--actor", "bloc")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "flowchart LR\n"
        "  %% Relations of Northern Bloc (depth 1)\n"
        '  n0["Landia"]\n'
        '  n1(["Northern Bloc"])\n'
        '  n0 -->|"alignment +8"| n1\n'
        "  linkStyle 0 stroke:#2e7d32,stroke-width:2px\n"
    )


def test_graph_depth_beyond_the_reach_changes_only_the_title(run: Run) -> None:
    one = run("graph", "--actor", "land")
    three = run("graph", "--actor", "land", "--depth", "3")
    assert (one.exit_code, three.exit_code) == (0, 0)
    assert one.stdout.replace("(depth 1)", "(depth 3)") == three.stdout
    assert "<TR><TD>Relations of Landia (depth 3)</TD></TR>" in three.stdout
    three_json = json.loads(run("graph", "--actor", "land", "--depth", "3", "--format", "json").stdout)
    assert three_json == graph_data("Relations of Landia (depth 3)")


def test_graph_of_an_actor_as_of_a_date(run: Run) -> None:
    result = run("graph", "--actor", "rival", "--as-of", "2020-10", "--format", "mermaid")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "flowchart LR\n"
        "  %% Relations of Rivalia (depth 1) as of 2020-10\n"
        '  n0["Landia"]\n'
        '  n1["Rivalia"]\n'
        '  n1 -->|"pressure -4"| n0\n'
        '  n0 <-->|"war -10"| n1\n'
        "  linkStyle 0 stroke:#c62828,stroke-width:2px,stroke-dasharray:6 4\n"
        "  linkStyle 1 stroke:#c62828,stroke-width:2px,stroke-dasharray:6 4\n"
    )


def test_graph_depth_must_be_positive(model_file: Path) -> None:
    from policyx import graph

    with pytest.raises(policyx.errors.BadValue) as info:
        graph.build(policyx.Index(policyx.load(model_file)), actor="land", depth=0)
    assert str(info.value) == "the depth must be 1 or more"


# --------------------------------------------------------------------------- YAML reading (beyond test_loader.py)

from .test_loader import MINI, problems  # noqa: E402  (the same small model and helper)


def test_str_and_null_tags_and_the_bare_bang_are_plain_data() -> None:
    text = MINI.replace("    name: A\n", "    name: !!str 12\n").replace("    title: T\n", "    title: ! T\n")
    text = text.replace("    evidence: E\n", "    evidence: E\n    note: !!null whatever\n")
    model = policyx.load_text(text, "m.yaml")
    assert (model.actors[0].name, model.sources[0].title, model.actors[0].note) == ("12", "T", None)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("    name: A\n", "    name: !!int 3\n"), "m.yaml:8:11: tag 'tag:yaml.org,2002:int'"),
        (("  - id: a\n", "  - !!set\n    id: a\n"), "m.yaml:7:5: tag 'tag:yaml.org,2002:set'"),
        (("sources:\n", "sources: !!omap\n"), "m.yaml:2:10: tag 'tag:yaml.org,2002:omap'"),
    ],
    ids=["scalar", "mapping", "sequence"],
)
def test_typed_tags_are_refused_on_every_node(edit: tuple[str, str], message: str) -> None:
    assert problems(MINI.replace(*edit)) == [
        f"{message} is not allowed: policy files hold plain data (text, lists, mappings)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema_version: 1\n? [a, b]\n: c\n", "m.yaml:2:3: mapping keys must be plain text"),
        ("schema_version: 1\nx: &k [1]\n*k : 2\n", "m.yaml:3:1: mapping keys must be plain text"),
        ("schema_version: 1\nsources: *nope\n", "m.yaml:2:10: unknown alias 'nope'"),
        ("schema_version: 1\n---\nschema_version: 1\n", "m.yaml:2:1: expected one YAML document, found another"),
        ("schema_version: 1\nsources: [\x07]\n", "m.yaml:2:11: character 7 is not allowed in YAML"),
        (
            "schema_version: 1\nsources:\n\t- a\n",
            "m.yaml:3:1: a tab cannot indent YAML: indent with spaces",
        ),
    ],
    ids=["complex-key", "alias-as-key", "unknown-alias", "two-documents", "control-character", "tab"],
)
def test_unreadable_yaml(text: str, message: str) -> None:
    assert problems(text) == [message]


def test_merge_of_a_scalar_is_refused() -> None:
    text = MINI.replace("  - id: a\n", "  - <<: notamap\n    id: a\n")
    assert problems(text) == ["m.yaml:7:5: '<<' merges a mapping or a list of mappings"]


def test_merge_of_a_list_of_mappings_earlier_wins() -> None:
    text = MINI.replace("actors:\n  - id: a\n", "actors:\n  - <<: [{kind: person, id: x}, {kind: group}]\n    id: a\n")
    text = text.replace("    kind: state\n", "")
    assert [(a.id, a.kind) for a in policyx.load_text(text, "m.yaml").actors] == [("a", "person")]


def test_an_anchored_scalar_may_be_reused() -> None:
    text = MINI.replace("    name: A\n", "    name: &n Ada\n    aliases: [*n]\n")
    assert policyx.load_text(text, "m.yaml").actors[0].aliases == ["Ada"]


def test_deep_block_nesting_is_capped() -> None:
    text = "schema_version: 1\nsources:\n" + "".join("  " * i + "- \n" for i in range(1, 120))
    assert problems(text) == ["m.yaml:102:201: nesting too deep: a policy file needs only a few levels"]


def test_the_pure_python_parser_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import yamlread

    text = MINI.replace("    name: A\n", "    name: A\n    name: B\n").replace("    source: s\n", "    source: t\n")
    with_libyaml = problems(text)
    monkeypatch.setattr(yamlread, "CParser", None)
    assert (
        problems(text)
        == with_libyaml
        == [
            "m.yaml:9:5: duplicate key 'name' (first at line 8)",
            "m.yaml:12:13: unknown source 't'",
        ]
    )
    assert [a.id for a in policyx.load_text(MINI, "m.yaml").actors] == ["a"]


class _FailingEvents:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def get_event(self) -> None:
        raise self.error


def test_a_yaml_error_without_a_place_is_put_at_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from policyx import yamlread

    monkeypatch.setattr(yamlread, "_events", lambda text: _FailingEvents(yaml.YAMLError("odd\n  failure")))
    assert problems(MINI) == ["m.yaml:1:1: invalid YAML: odd failure"]
    unplaced = yaml.MarkedYAMLError(problem="lost   its\nplace")
    monkeypatch.setattr(yamlread, "_events", lambda text: _FailingEvents(unplaced))
    assert problems(MINI) == ["m.yaml:1:1: lost its place"]


def test_recursion_while_reading_is_nesting_too_deep(monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import yamlread

    monkeypatch.setattr(yamlread, "_events", lambda text: _FailingEvents(RecursionError()))
    assert problems(MINI) == ["m.yaml:1:1: nesting too deep: a policy file needs only a few levels"]


# --------------------------------------------------------------------------- validation messages


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("    name: A\n", "    name: ''\n"), "m.yaml:8:11: actors[0].name: must not be empty"),
        (
            ("  - id: a\n", "  - id: 'A b'\n"),
            "m.yaml:7:9: actors[0].id: 'A b' is not a valid id: use lowercase letters, digits and '-'",
        ),
        (
            ("    basis: stated\n", "    basis: context\n"),
            "m.yaml:7:5: actors[0]: basis 'context' needs a 'reference' naming the source",
        ),
        (
            ("    name: A\n", "    name: A\n    aliases: {a: 1}\n"),
            "m.yaml:9:14: actors[0].aliases: expected a list, got a mapping",
        ),
        (("schema_version: 1", "schema_version: 3"), "m.yaml:1:17: schema_version: 3 is not one of: 1, 2"),
        (("schema_version: 1\n", ""), "m.yaml:1:1: top level: missing required field 'schema_version'"),
    ],
    ids=["empty", "bad-id", "context-without-reference", "not-a-list", "schema-version", "no-schema-version"],
)
def test_located_validation_messages(edit: tuple[str, str], message: str) -> None:
    assert problems(MINI.replace(*edit)) == [message]


RELATION = (
    "relations:\n  - id: r\n    from: a\n    to: a\n    kind: support\n    score: 1\n    summary: S\n"
    "    source: s\n    evidence: E\n    basis: stated\n"
)


def test_relation_field_types_and_date_order() -> None:
    assert problems(MINI + RELATION + "    mutual: maybe\n") == [
        "m.yaml:24:13: relations[0].mutual: expected true or false, got 'maybe'"
    ]
    assert problems(MINI + RELATION + "    since: '2020'\n    until: '2019-12'\n") == [
        "m.yaml:25:12: until '2019-12' is before '2020'"
    ]


ADDRESS = (
    "addresses:\n  - id: ad\n    year: 2018\n    date: '2018-05'\n    title: T\n    speaker: a\n    summary: S\n"
    "    source: s\n    evidence: E\n    basis: stated\n    priorities:\n      - id: p\n        topic: t\n"
    "        title: T\n        emphasis: major\n        source: s\n        evidence: E\n        basis: stated\n"
)


def test_address_year_must_match_its_date() -> None:
    assert [a.id for a in policyx.load_text(MINI + ADDRESS, "m.yaml").addresses] == ["ad"]
    assert problems(MINI + ADDRESS.replace("year: 2018", "year: 2019")) == [
        "m.yaml:16:11: year 2019 does not match date '2018-05'"
    ]


def test_a_collection_that_is_not_a_list() -> None:
    text = MINI.replace("sources:\n  - id: s\n    kind: article\n    title: T\n", "sources: {id: s}\n")
    assert problems(text) == [
        "m.yaml:2:10: sources: expected a list, got a mapping",
        "m.yaml:8:13: unknown source 's'",
    ]


def test_a_broken_priority_adds_no_false_year_problem() -> None:
    text = MINI + ADDRESS.replace("        emphasis: major\n", "        emphasis: major\n        colour: red\n")
    assert problems(text) == ["m.yaml:29:9: addresses[0].priorities[0]: unknown key 'colour'"]


# --------------------------------------------------------------------------- files and the loader


def test_check_target_refusals(tmp_path: Path) -> None:
    from policyx.errors import OutputError
    from policyx.files import check_target, write_text

    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for target, message in [
        (tmp_path, f"{tmp_path} is a directory"),
        (tmp_path / "none" / "x.txt", f"{tmp_path / 'none'} is not a directory"),
        (tmp_path / "a-file" / "x.txt", f"cannot write {tmp_path / 'a-file' / 'x.txt'}: Not a directory"),
    ]:
        with pytest.raises(OutputError) as info:
            check_target(target, True)
        assert str(info.value) == message
    with pytest.raises(OutputError) as info:
        write_text(tmp_path / "a-file" / "x.txt", "text", force=True)
    assert str(info.value) == f"cannot write {tmp_path / 'a-file' / 'x.txt'}: Not a directory"


def test_export_to_a_missing_folder(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "none" / "themes.txt"
    result = run("themes", "--export", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"policyx: {tmp_path / 'none'} is not a directory\n",
    )


def test_a_failed_atomic_write_leaves_nothing(tmp_path: Path) -> None:
    from policyx.files import atomic

    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), atomic(target, False) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_an_input_over_the_limit(run: Run, model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYX_MAX_INPUT_BYTES", "100")
    result = run("validate")
    size = len(FIXTURE_YAML.encode())
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"{model_file}: is {size:,} bytes, over the limit of 100 (set POLICYX_MAX_INPUT_BYTES to raise it)"
        " (from --data)\n"
    )


def test_a_model_file_that_cannot_be_read(run: Run, tmp_path: Path) -> None:
    import socket

    path = tmp_path / "model.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = run("validate", data=path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"{path}: cannot read: No such device or address (from --data)\n"


def test_a_directory_is_not_a_source_text(run: Run, tmp_path: Path) -> None:
    result = run("verify", "--source", str(tmp_path))
    assert (result.exit_code, result.stdout, result.stderr) == (
        3,
        "",
        f"{tmp_path}: is a directory, not a policy file\n",
    )


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null character device")
def test_export_to_a_device_is_written_in_place(run: Run) -> None:
    result = run("export", "/dev/null")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "wrote /dev/null\n")
    result = run("export", "--format", "sqlite", "/dev/null")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "wrote /dev/null\n")
    assert Path("/dev/null").is_char_device()


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full character device")
def test_export_to_a_full_device(run: Run) -> None:
    result = run("export", "/dev/full")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "policyx: cannot write /dev/full: No space left on device\n",
    )


def test_export_to_a_socket_is_refused(run: Run, tmp_path: Path) -> None:
    import socket

    path = tmp_path / "out.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = run("export", str(path), "--force")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"policyx: {path} is a special file (not a regular file, device or FIFO); refusing to write it\n",
    )


def test_atomic_refuses_a_device() -> None:
    from policyx.errors import OutputError
    from policyx.files import atomic

    with pytest.raises(OutputError) as info, atomic(Path("/dev/null"), True):
        pass
    assert str(info.value) == "/dev/null is a device or FIFO, not a file to replace"


def test_loading_leaves_a_disabled_collector_disabled() -> None:
    import gc

    gc.disable()
    try:
        assert [a.id for a in policyx.load_text(MINI, "m.yaml").actors] == ["a"]
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_partial_dates_print_as_written() -> None:
    from policyx.model import PartialDate

    assert [str(PartialDate.parse(d)) for d in ("2024-02-07", "2024-02", "2024", "0800-01")] == [
        "2024-02-07",
        "2024-02",
        "2024",
        "0800-01",
    ]


def test_two_addresses_in_one_year_must_be_named_by_id(run: Run, tmp_path: Path) -> None:
    second = (
        '  - id: speech-2018b\n    year: 2018\n    date: "2018-11"\n    title: Late 2018 address\n'
        '    speaker: leader\n    summary: Again.\n    source: art\n    evidence: "In 2018 she spoke of trade"\n'
        "    basis: stated\n    priorities: []\n"
    )
    path = tmp_path / "m.yaml"
    path.write_text(
        FIXTURE_YAML.replace("  - id: speech-2024\n", second + "  - id: speech-2024\n", 1), encoding="utf-8"
    )
    result = run("compare", "2018", "2024", data=path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        4,
        "",
        "policyx: 2 addresses in 2018; name one by id: speech-2018, speech-2018b\n",
    )
