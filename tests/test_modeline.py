"""The schema modeline as an editor's YAML language server follows it: in the shipped model, the examples,
the installed package's layout and a copy of the model kept elsewhere (set up as docs/model.md says).
The schema it reaches has one ``$id`` and validates the model it was reached from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result

Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent
PREFIX = "# yaml-language-server: $schema="


def resolved(model: Path) -> Path:
    """The schema file a model's modeline names, as the language server resolves it (relative to the file)."""
    first = model.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(PREFIX), first
    return (model.parent / first[len(PREFIX) :]).resolve()


def validates(run: Run, model: Path, schema_file: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["$id"] == "urn:policyx:schema:2"
    jsonschema.validate(json.loads(run("export", data=model).stdout), schema)


def test_the_schema_has_an_id(run: Run) -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["$id"] == "urn:policyx:schema:2"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    "model", ["data/policy.yaml", *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "examples").rglob("*.yaml")))]
)
def test_the_shipped_modelines_resolve(run: Run, model: str) -> None:
    target = resolved(ROOT / model)
    assert target == (ROOT / "schema" / "policy.schema.json").resolve()
    if model == "data/policy.yaml":
        validates(run, ROOT / model, target)


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_a_copied_model_set_up_as_documented_resolves(run: Run, tmp_path: Path) -> None:
    documented = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    script = documented.split("For a copy, write the schema beside it", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    copy = tmp_path / "my.policy.yaml"
    copy.write_text((ROOT / "data" / "policy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(AssertionError):  # as copied, the modeline points nowhere
        assert resolved(copy).is_file()
    policyx = Path(sys.executable).parent / "policyx"
    done = subprocess.run(
        ["sh", "-ec", script.replace("policyx schema", f"{policyx} schema")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "_TYPER_FORCE_DISABLE_TERMINAL": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert resolved(copy) == tmp_path / "policy.schema.json"
    validates(run, copy, resolved(copy))
