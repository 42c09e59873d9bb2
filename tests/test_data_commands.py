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
        "3 relations, 3 events, 1 quotes\n"
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
        f"rival (evidence): not found in {source_file}: “war against Rivalia”\n"
        "    closest: “President Ada Leader remembers the war with Rivalia.”\n"
        "policyx: 1 of 20 excerpts not found\n"
    )


def test_verify_missing_source_text(run: Run, tmp_path: Path) -> None:
    result = run("verify", "--source", str(tmp_path / "nope.txt"))
    assert (result.exit_code, result.stderr) == (3, f"{tmp_path / 'nope.txt'}: no such file\n")


def test_verify_other_sources_are_skipped_and_named(source_file: Path) -> None:
    text = FIXTURE_YAML.replace('    evidence: "Landia said"\n', '    evidence: "Landia said"\n', 1)
    text = text.replace(
        "  - id: land\n    name: Landia\n    kind: state\n    aliases: [The Land]\n"
        "    description: The country the model describes.\n    source: art\n",
        "  - id: land\n    name: Landia\n    kind: state\n    aliases: [The Land]\n"
        "    description: The country the model describes.\n    source: ref\n",
    )
    report = verify(load_text(text), FIXTURE_SOURCE)
    assert (report.source_id, report.checked, report.skipped, report.misses) == ("art", 19, 1, [])


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


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_schema_accepts_the_models(run: Run, model_file: Path, which: str) -> None:
    schema = json.loads(run("schema").stdout)
    data = model_file if which == "fixture" else shipped_model_path()
    exported = json.loads(run("export", data=data).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(exported, schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_what_the_loader_rejects(run: Run) -> None:
    schema = json.loads(run("schema").stdout)
    exported = json.loads(run("export").stdout)
    exported["actors"][0]["kind"] = "planet"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(exported, schema, cls=jsonschema.Draft202012Validator)


def test_shipped_model_points_editors_at_the_schema() -> None:
    first = (ROOT / "data" / "policy.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/policy.schema.json"
