"""Messages and exit codes by class: a file name holding a line break or another control character
never splits or spoofs the one-line message (it is escaped), a name too long for the system is a data
error (exit 3) that does not stop ``validate`` checking the other files, a file that is not UTF-8 in a
folder model hides no other file's problems, and the pre-commit hook checks a file named like an option."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from policyx.cli import app
from policyx.cli.env import Environment

from .conftest import FIXTURE_YAML, Run

ROOT = Path(__file__).resolve().parent.parent

NAMES = {
    "newline": ("a\nb", "a\\nb"),
    "carriage return": ("a\rb", "a\\x0db"),
    "escape": ("a\x1b[31mb", "a\\x1b[31mb"),
    "line separator": ("a\u2028b", "a\\u2028b"),
    "spoofed line": ("x\npolicyx: all good\n", "x\\npolicyx: all good\\n"),
}


def _one_line(stderr: str) -> str:
    assert stderr.endswith("\n") and stderr.count("\n") == 1, repr(stderr)
    return stderr[:-1]


@pytest.mark.parametrize("kind", list(NAMES))
def test_a_missing_model_named_with_controls(run: Run, tmp_path: Path, kind: str) -> None:
    name, shown = NAMES[kind]
    result = run("validate", data=tmp_path / name)
    assert result.exit_code == 3
    assert _one_line(result.stderr) == f"{tmp_path}/{shown}: no such file (from --data)"


@pytest.mark.parametrize("kind", list(NAMES))
def test_a_broken_model_named_with_controls(run: Run, tmp_path: Path, kind: str) -> None:
    name, shown = NAMES[kind]
    path = tmp_path / (name + ".yaml")
    path.write_text("schema_version: 1\nsources: [\n", encoding="utf-8")
    result = run("validate", data=path)
    assert result.exit_code == 3
    assert _one_line(result.stderr).startswith(f"{tmp_path}/{shown}.yaml:3:1: ")


@pytest.mark.parametrize("kind", list(NAMES))
def test_an_export_named_with_controls(run: Run, tmp_path: Path, kind: str) -> None:
    name, shown = NAMES[kind]
    target = tmp_path / (name + ".json")
    assert run("export", str(target)).stderr == f"wrote {tmp_path}/{shown}.json\n"
    result = run("export", str(target))
    assert result.exit_code == 1
    assert _one_line(result.stderr) == f"policyx: {tmp_path}/{shown}.json exists; use --force to replace it"
    result = run("export", str(tmp_path / name / "x.json"))
    assert _one_line(result.stderr) == f"policyx: {tmp_path}/{shown} is not a directory"


# --------------------------------------------------------------------------- names too long


LONG = "n" * 256  # one byte over the usual limit of a name


@pytest.mark.parametrize("where", ["alone", "in a folder"])
def test_a_model_name_too_long_is_a_data_error(run: Run, tmp_path: Path, where: str) -> None:
    (tmp_path / "d").mkdir()
    path = tmp_path / LONG if where == "alone" else tmp_path / "d" / LONG
    result = run("validate", data=path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"{path}: cannot read: File name too long (from --data)\n"


def test_validate_goes_on_past_a_name_too_long(run: Run, tmp_path: Path, model_file: Path) -> None:
    result = run("validate", str(tmp_path / LONG), str(model_file), str(tmp_path / (LONG + ".yaml")))
    assert result.exit_code == 3
    assert result.stderr == (
        f"{tmp_path}/{LONG}: cannot read: File name too long\n{tmp_path}/{LONG}.yaml: cannot read: File name too long\n"
    )
    assert result.stdout.startswith(f"ok: {model_file} (schema 1): 2 sources, ")


@pytest.mark.parametrize("command", [("verify", "--source"), ("coverage",)])
def test_a_source_name_too_long_is_a_data_error(run: Run, tmp_path: Path, command: tuple[str, ...]) -> None:
    result = run(*command, str(tmp_path / LONG))
    assert (result.exit_code, result.stderr) == (3, f"{tmp_path}/{LONG}: cannot read: File name too long\n")


def test_an_output_name_too_long_is_an_output_error(run: Run, tmp_path: Path) -> None:
    result = run("export", str(tmp_path / (LONG + ".json")))
    assert (result.exit_code, result.stderr) == (
        1,
        f"policyx: cannot write {tmp_path}/{LONG}.json: File name too long\n",
    )


# --------------------------------------------------------------------------- folder models


@pytest.mark.parametrize("bad", ["a.yaml", "m.yaml", "z.yaml"])  # first, between, last by name
def test_a_file_not_utf8_hides_no_other_files_problems(run: Run, tmp_path: Path, bad: str) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "m.yaml" if bad != "m.yaml" else folder / "b.yaml").write_text(FIXTURE_YAML, encoding="utf-8")
    (folder / bad).write_bytes(b"schema_version: 1\nthemes:\n  - id: caf\xe9\n")
    other = "y.yaml" if bad != "z.yaml" else "c.yaml"
    (folder / other).write_text("schema_version: 1\nquotes: 3\n", encoding="utf-8")
    result = run("validate", data=folder)
    assert result.exit_code == 3
    assert sorted(result.stderr.splitlines()) == sorted(
        [
            f"{folder}/{bad}:3:12: not UTF-8: byte 0xe9 cannot be decoded",
            f"{folder}/{other}:2:9: quotes: expected a list, got '3'",
        ]
    )


def test_a_single_file_not_utf8_is_one_problem(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(b"schema_version: 1\nquotes: 3\n# \xff\n")
    result = run("validate", data=path)
    assert (result.exit_code, result.stderr) == (3, f"{path}:3:3: not UTF-8: byte 0xff cannot be decoded\n")


# --------------------------------------------------------------------------- the pre-commit hook


def test_the_hook_checks_a_file_named_like_an_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    entry = hooks["policyx-validate"]["entry"].split()[1:]
    assert entry[-1] == "--"
    monkeypatch.chdir(tmp_path)
    Path("-new.policy.yaml").write_text(FIXTURE_YAML.replace("    name: Landia\n", ""), encoding="utf-8")
    Path("--help.policy.yaml").write_text(FIXTURE_YAML, encoding="utf-8")
    result = CliRunner().invoke(
        app, [*entry, "-new.policy.yaml", "--help.policy.yaml"], obj=Environment(terminal=False), catch_exceptions=False
    )
    assert result.exit_code == 3
    assert result.stderr == "-new.policy.yaml:26:5: actors[0]: missing required field 'name'\n"
    assert result.stdout.startswith("ok: --help.policy.yaml (schema 1): ")
    assert os.path.exists("-new.policy.yaml")
