"""validate, verify, export and schema on fixture models."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from policyx.loader import load, load_text, shipped_model_path
from policyx.verify import normalize, verify

from .conftest import FIXTURE_SOURCE, FIXTURE_YAML, Result

Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent


def test_validate_prints_counts(run: Run, model_file: Path) -> None:
    result = run("validate")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"ok: {model_file} (schema 1): 2 sources, 2 themes, 4 actors, 2 addresses, 4 priorities, "
        "3 relations, 3 events, 1 quote\n"
    )


def test_verify_passes_with_line_breaks_quotes_and_hyphenation(run: Run, source_file: Path) -> None:
    result = run("verify", "--source", str(source_file))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"ok: 20 excerpts from art found in {source_file}\n"


def test_verify_lists_each_miss_with_the_closest_passage(run: Run, tmp_path: Path, source_file: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        FIXTURE_YAML.replace('evidence: "war with Rivalia"', 'evidence: "war against Rivalia"', 1), encoding="utf-8"
    )
    result = run("verify", "--source", str(source_file), data=path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"{path}:55:15: rival (evidence) not found in {source_file}: “war against Rivalia”; "
        "closest: “President Ada Leader remembers the war with Rivalia.”\n"
        "policyx: 1 of 20 excerpts not found\n"
    )


def test_verify_missing_source_text(run: Run, tmp_path: Path) -> None:
    result = run("verify", "--source", str(tmp_path / "nope.txt"))
    assert (result.exit_code, result.stderr) == (3, f"{tmp_path / 'nope.txt'}: no such file\n")


LAND_FROM_REF = FIXTURE_YAML.replace(
    "    description: The country the model describes.\n    source: art\n",
    "    description: The country the model describes.\n    source: ref\n",
    1,
)


def test_verify_other_sources_are_skipped_and_named(run: Run, tmp_path: Path, source_file: Path) -> None:
    assert LAND_FROM_REF != FIXTURE_YAML
    path = tmp_path / "m.yaml"
    path.write_text(LAND_FROM_REF, encoding="utf-8")
    result = run("verify", "--source", str(source_file), data=path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"ok: 19 excerpts from art found in {source_file}; 1 from other sources not checked\n"
    report = verify(load_text(LAND_FROM_REF), FIXTURE_SOURCE)
    assert (report.source_id, report.checked, report.skipped, report.misses) == ("art", 19, 1, [])


def test_verify_a_miss_with_other_sources_skipped(run: Run, tmp_path: Path, source_file: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        LAND_FROM_REF.replace('evidence: "unity above all"', 'evidence: "with unity above all else"', 1),
        encoding="utf-8",
    )
    result = run("verify", "--source", str(source_file), data=path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"{path}:17:15: unity (evidence) not found in {source_file}: “with unity above all else”; closest: "
        "“In 2018 she spoke of trade with neigh- bours; In 2024 she put the bloc first, the Northern Bloc (NB), "
        "with unity above all.”\n"
        "policyx: 1 of 19 excerpts not found; 1 from other sources not checked\n"
    )


def test_verify_the_named_source(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(LAND_FROM_REF, encoding="utf-8")
    almanac = tmp_path / "almanac.txt"
    almanac.write_text("Almanac of Landia\n\nLandia said nothing.\n", encoding="utf-8")
    result = run("verify", "--source", str(almanac), "--source-id", "ref", data=path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"ok: 1 excerpts from ref found in {almanac}; 19 from other sources not checked\n"


def test_verify_an_unknown_source_id(run: Run, source_file: Path) -> None:
    result = run("verify", "--source", str(source_file), "--source-id", "atr")
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == "policyx: no source 'atr'; sources: art, ref\n"


def test_verify_needs_a_source_id_when_there_are_two_articles(run: Run, tmp_path: Path, source_file: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        FIXTURE_YAML.replace("  - id: ref\n", "  - id: art2\n    kind: article\n    title: Second\n  - id: ref\n", 1),
        encoding="utf-8",
    )
    result = run("verify", "--source", str(source_file), data=path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "policyx: the model has 2 articles; name one with --source-id (art, art2)\n"


def test_normalize() -> None:
    assert normalize("Western-\n  based “allies”") == normalize('Westernbased "allies"')
    assert normalize("a\u00adb — c") == "ab c"


def test_export_json_is_normalized_and_stable(run: Run) -> None:
    data = json.loads(run("export").stdout)
    assert list(data) == ["schema_version", "sources", "themes", "actors", "addresses", "relations", "events", "quotes"]
    assert data["relations"][0] == {
        "id": "r-land-bloc",
        "source": "art",
        "evidence": "In 2024 she put the bloc first",
        "basis": "stated",
        "reference": None,
        "note": None,
        "from": "land",
        "to": "bloc",
        "kind": "alignment",
        "score": 8,
        "mutual": False,
        "since": "2024-02",
        "until": None,
        "summary": "Landia puts the bloc first.",
    }


def test_export_yaml_round_trips(run: Run, model_file: Path) -> None:
    exported = run("export", "--format", "yaml").stdout
    assert "date: '2023'" in exported and "date: '2018-05-01'" in exported  # dates stay strings
    assert load_text(exported) == load(model_file)


def test_schema_is_committed_and_current(run: Run) -> None:
    committed = (ROOT / "schema" / "policy.schema.json").read_text(encoding="utf-8")
    assert run("schema").stdout == committed, (
        "schema/policy.schema.json is stale: run `policyx schema > schema/policy.schema.json`"
    )


def test_schema_accepts_the_shipped_model(run: Run) -> None:
    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    exported = json.loads(run("export", data=shipped_model_path()).stdout)
    jsonschema.validate(exported, schema, cls=jsonschema.Draft202012Validator)


def test_schema_describes_schema_2_so_the_schema_1_fixture_lacks_voices(run: Run) -> None:
    schema = json.loads(run("schema").stdout)
    exported = json.loads(run("export").stdout)
    assert exported["schema_version"] == 1
    errors = jsonschema.Draft202012Validator(schema).iter_errors(exported)
    found = sorted((tuple(e.absolute_path), e.validator, e.message) for e in errors)
    voiced = [
        ("addresses", 0, "priorities", 0),
        ("addresses", 0, "priorities", 1),
        ("addresses", 1, "priorities", 0),
        ("addresses", 1, "priorities", 1),
        ("events", 0),
        ("events", 1),
        ("events", 2),
        ("quotes", 0),
        ("relations", 0),
        ("relations", 1),
        ("relations", 2),
    ]
    assert found == [(loc, "required", "'voice' is a required property") for loc in voiced]


def test_schema_rejects_what_the_loader_rejects(run: Run) -> None:
    schema = json.loads(run("schema").stdout)
    exported = json.loads(run("export").stdout)
    exported["actors"][0]["kind"] = "planet"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(exported, schema, cls=jsonschema.Draft202012Validator)


def test_shipped_model_points_editors_at_the_schema() -> None:
    first = (ROOT / "data" / "policy.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/policy.schema.json"
