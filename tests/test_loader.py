"""The loader: every rejection names file, line and column; good data stays intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyx.errors import DataError
from policyx.loader import load, load_text, resolve_path, shipped_model_path

MINI = """\
schema_version: 1
sources:
  - id: s
    kind: article
    title: T
actors:
  - id: a
    name: A
    kind: state
    description: D
    source: s
    evidence: E
    basis: stated
"""


def problems(text: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load_text(text, "m.yaml")
    return [str(p) for p in info.value.problems]


def test_minimal_model_loads() -> None:
    model = load_text(MINI, "m.yaml")
    assert [a.id for a in model.actors] == ["a"]


def test_fixture_model_loads(model_file: Path) -> None:
    model = load(model_file)
    assert len(model.actors) == 4
    assert model.relations[2].mutual is True
    assert model.relations[0].score == 8


def test_duplicate_key() -> None:
    text = MINI.replace("    name: A\n", "    name: A\n    name: B\n")
    assert problems(text) == ["m.yaml:9:5: duplicate key 'name' (first at line 8)"]


def test_merge_keys_are_not_duplicates_and_explicit_keys_override() -> None:
    model_text = (
        "schema_version: 1\nsources:\n  - id: s\n    kind: article\n    title: T\nactors:\n"
        "  - &base\n    id: a\n    name: A\n    kind: state\n    description: D\n"
        "    source: s\n    evidence: E\n    basis: stated\n"
        "  - <<: *base\n    id: b\n    name: B\n"
    )
    model = load_text(model_text, "m.yaml")
    assert [(a.id, a.name, a.kind) for a in model.actors] == [("a", "A", "state"), ("b", "B", "state")]


def test_duplicate_key_inside_merge_source() -> None:
    text = (
        "schema_version: 1\nsources:\n  - id: s\n    kind: article\n    title: T\nactors:\n"
        "  - &base\n    id: a\n    name: A\n    name: C\n    kind: state\n    description: D\n"
        "    source: s\n    evidence: E\n    basis: stated\n"
    )
    assert problems(text) == ["m.yaml:10:5: duplicate key 'name' (first at line 9)"]


def test_unknown_key_with_suggestion() -> None:
    text = MINI.replace("    name: A\n", "    nmae: A\n")
    assert problems(text) == [
        "m.yaml:7:5: actors[0]: missing required field 'name'",
        "m.yaml:8:5: actors[0]: unknown key 'nmae' (did you mean 'name'?)",
    ]


def test_missing_required_field() -> None:
    text = MINI.replace("    description: D\n", "")
    assert problems(text) == ["m.yaml:7:5: actors[0]: missing required field 'description'"]


def test_wrong_types() -> None:
    text = MINI.replace("    name: A\n", "    name: [A, B]\n").replace("    kind: state\n", "    kind: stat\n")
    assert problems(text) == [
        "m.yaml:8:11: actors[0].name: expected text, got a list",
        "m.yaml:9:11: actors[0].kind: 'stat' is not one of: state, organisation, person, group, institution, "
        "forum, region (did you mean 'state'?)",
    ]


def test_score_must_be_a_whole_number_in_range() -> None:
    text = MINI + (
        "relations:\n  - id: r\n    from: a\n    to: a\n    kind: support\n    score: 11\n    summary: S\n"
        "    source: s\n    evidence: E\n    basis: stated\n  - id: r2\n    from: a\n    to: a\n    kind: support\n"
        "    score: lots\n    summary: S\n    source: s\n    evidence: E\n    basis: stated\n"
    )
    assert problems(text) == [
        "m.yaml:19:12: relations[0].score: Input should be less than or equal to 10",
        "m.yaml:28:12: relations[1].score: expected a whole number, got 'lots'",
    ]


def test_duplicate_ids() -> None:
    text = (
        MINI
        + "  - id: a\n    name: A2\n    kind: state\n    description: D\n"
        + "    source: s\n    evidence: E\n    basis: stated\n"
    )
    assert problems(text) == ["m.yaml:14:9: duplicate id 'a' (first at line 7)"]


def test_unknown_reference_with_suggestion() -> None:
    text = MINI.replace("    source: s\n", "    source: ss\n")
    assert problems(text) == ["m.yaml:11:13: unknown source 'ss' (did you mean 's'?)"]


def test_context_and_inferred_need_their_fields() -> None:
    text = MINI.replace("    basis: stated\n", "    basis: inferred\n")
    assert problems(text) == ["m.yaml:7:5: actors[0]: basis 'inferred' needs a 'note' explaining the reading"]
    text = MINI.replace("    basis: stated\n", "    basis: context\n    reference: s\n")
    assert problems(text) == ["m.yaml:14:16: reference 's' is not a source of kind 'reference'"]


def test_impossible_date() -> None:
    text = MINI.replace("    title: T\n", "    title: T\n    published: 2024-02-30\n")
    assert problems(text) == [
        "m.yaml:6:16: sources[0].published: impossible date '2024-02-30': February 2024 has 29 days"
    ]


def test_malformed_date() -> None:
    text = MINI.replace("    title: T\n", "    title: T\n    published: 24 Feb 2024\n")
    assert problems(text) == [
        "m.yaml:6:16: sources[0].published: '24 Feb 2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    ]


def test_empty_file() -> None:
    assert problems("") == ["m.yaml:1:1: empty file: expected a mapping with schema_version and collections"]
    assert problems("# only a comment\n") == [
        "m.yaml:1:1: empty file: expected a mapping with schema_version and collections"
    ]


def test_top_level_not_a_mapping() -> None:
    assert problems("- a\n- b\n") == ["m.yaml:1:1: top level must be a mapping, got a list"]
    assert problems("just text\n") == ["m.yaml:1:1: top level must be a mapping, got 'just text'"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"schema_version: 1\nsources:\n  - id: \xff\n")
    with pytest.raises(DataError) as info:
        load(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:3:9: not UTF-8: byte 0xff cannot be decoded"]


def test_object_tags_are_refused() -> None:
    text = MINI.replace("    name: A\n", "    name: !!python/object/apply:os.system [echo hi]\n")
    assert problems(text) == [
        "m.yaml:8:11: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: "
        "policy files hold plain data (text, lists, mappings)"
    ]


def test_yaml_syntax_error() -> None:
    (problem,) = problems("schema_version: 1\nsources: [\n")
    assert problem.startswith("m.yaml:3:1: while parsing a flow node: ")


def test_a_tab_that_indents_is_said_in_plain_words() -> None:
    tabbed = "schema_version: 2\nsources:\n\t- id: x\n"
    assert problems(tabbed) == ["m.yaml:3:1: a tab cannot indent YAML: indent with spaces"]
    other = "schema_version: 2\nsources:\n  -\tid: x\n  - [\n"
    assert problems(other)[0].startswith("m.yaml:")  # other errors: as before


def test_deep_nesting() -> None:
    text = "schema_version: 1\nsources: " + "[" * 2000 + "]" * 2000 + "\n"
    (problem,) = problems(text)
    assert problem.startswith("m.yaml:2:")
    assert problem.endswith("nesting too deep: a policy file needs only a few levels")


def test_alias_bomb() -> None:
    lines = ["schema_version: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("sources: *a8")
    assert problems("\n".join(lines) + "\n") == [
        "m.yaml:5:50: aliases expand to more than 10,210 nodes: too many aliases"
    ]


def test_recursive_alias() -> None:
    assert problems("schema_version: 1\nsources: &s [*s]\n") == [
        "m.yaml:2:14: recursive alias: a mapping or list contains itself"
    ]


def test_yaml_11_implicit_typing_does_not_corrupt() -> None:
    text = MINI.replace("    name: A\n", "    name: NO\n").replace(
        "    title: T\n", "    title: 1.10\n    published: 2024-02-29\n"
    )
    text = text.replace("    evidence: E\n", "    evidence: yes\n    aliases: [on, 0x1F, 1e3, null text]\n")
    model = load_text(text, "m.yaml")
    actor = model.actors[0]
    assert actor.name == "NO"
    assert actor.evidence == "yes"
    assert actor.aliases == ["on", "0x1F", "1e3", "null text"]
    assert model.sources[0].title == "1.10"
    assert model.sources[0].published == "2024-02-29"


def test_every_problem_is_reported_at_once() -> None:
    text = MINI.replace("    name: A\n", "    name: A\n    name: A\n").replace("    source: s\n", "    source: x\n")
    text = text.replace("    kind: state\n", "    kind: country\n")
    found = problems(text)
    assert found == [
        "m.yaml:9:5: duplicate key 'name' (first at line 8)",
        "m.yaml:10:11: actors[0].kind: 'country' is not one of: state, organisation, person, group, institution, "
        "forum, region (did you mean 'state'?)",
        "m.yaml:12:13: unknown source 'x'",
    ]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        load(tmp_path / "nope.yaml")
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: no such file"
    with pytest.raises(DataError) as info:
        load(tmp_path)
    assert str(info.value) == f"{tmp_path}: folder has no *.yaml model files"


def test_data_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_path(None) == shipped_model_path()
    monkeypatch.setenv("POLICYX_DATA", str(tmp_path / "env.yaml"))
    assert resolve_path(None) == tmp_path / "env.yaml"
    assert resolve_path(tmp_path / "arg.yaml") == tmp_path / "arg.yaml"


def test_shipped_model_is_valid() -> None:
    model = load(shipped_model_path())
    assert {"ots", "aliyev", "france", "macron", "armenian-diaspora", "air-center", "ada-university"} <= {
        a.id for a in model.actors
    }
    assert sorted(a.year for a in model.addresses) == [2018, 2024]


def test_a_cause_without_its_ends_is_reported_not_a_crash() -> None:
    from .conftest import FIXTURE_V2_YAML

    text = FIXTURE_V2_YAML.replace("    cause: e-war\n", "").replace("    effect: p24-bloc\n", "")
    assert problems(text) == [
        "m.yaml:153:5: causes[0]: missing required field 'cause'",
        "m.yaml:161:5: causes[1]: missing required field 'effect'",
    ]


def test_a_text_in_place_of_a_list_is_one_problem() -> None:
    from .conftest import FIXTURE_V2_YAML

    text = FIXTURE_V2_YAML.replace("    actors: [bloc, leader]\n", "    actors: bloc\n", 1)
    assert problems(text) == ["m.yaml:101:13: events[0].actors: expected a list, got 'bloc'"]


def test_a_record_with_a_broken_field_still_has_its_references_checked() -> None:
    text = MINI.replace("    description: D\n", "").replace("    source: s\n", "    source: ss\n")
    assert problems(text) == [
        "m.yaml:7:5: actors[0]: missing required field 'description'",
        "m.yaml:10:13: unknown source 'ss' (did you mean 's'?)",
    ]


def test_an_anchored_merge_key_used_as_a_value_is_its_text() -> None:
    from policyx.yamlread import build

    data, _, found = build("&m <<: {a: 1}\nx: *m\n", "m.yaml")
    assert (data, found) == ({"a": "1", "x": "<<"}, [])


def _priority(pid: str, example_of: str) -> str:
    return (
        f"      - id: {pid}\n        topic: {pid}\n        title: T\n        emphasis: major\n"
        f"        example_of: {example_of}\n        voice: leader\n        source: art\n"
        '        evidence: "In 2024 she put the bloc first"\n        basis: stated\n'
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("    after: e-summit\n", "    after: e-forum\n"),
            ["m.yaml:111:12: event 'e-forum' cannot come after itself"],
        ),
        (
            ("    addresses: [speech-2018, speech-2024]\n", "    addresses_basis: inferred\n"),
            [
                "m.yaml:137:5: claims[0]: addresses_basis 'inferred' needs a 'note' explaining the reading",
                "m.yaml:139:22: addresses_basis needs the 'addresses' it qualifies",
            ],
        ),
        (
            ("        themes: [unity]\n", "        themes: [unity]\n        example_of: p24-bloc\n"),
            ["m.yaml:79:21: priority 'p24-bloc' cannot be an example of itself"],
        ),
        (
            ("        themes: [unity]\n", "        themes: [unity]\n        example_of: p18-trade\n"),
            ["m.yaml:79:21: example_of 'p18-trade' is no priority of address 'speech-2024'"],
        ),
        (
            ("relations:\n", _priority("p24-sub", "p24-bloc") + _priority("p24-subsub", "p24-sub") + "relations:\n"),
            [
                "m.yaml:97:21: example_of 'p24-sub' is itself an example (of 'p24-bloc'): "
                "name the priority it is an example of"
            ],
        ),
    ],
)
def test_the_rules_beyond_a_record_s_fields(edit: tuple[str, str], expected: list[str]) -> None:
    from .conftest import FIXTURE_V2_YAML

    assert edit[0] in FIXTURE_V2_YAML
    assert problems(FIXTURE_V2_YAML.replace(*edit, 1)) == expected
