"""The package as its clients take it: the wheel typed (mypy reads policyx's types in code that imports
it) and licensed, the sdist carrying what its own tests read (and passing them), and the pre-commit
example's way of picking a revision run by pre-commit itself. Builds run without build isolation, so
nothing is fetched from a registry; each test skips with a reason where its tool is missing, and
fails instead in CI."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        reason = f"{module} is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def build(kind: str, out: Path) -> Path:
    needs("build")
    needs("hatchling")
    done = subprocess.run(
        [sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return next(out.glob("*.whl" if kind == "wheel" else "*.tar.gz"))


@pytest.mark.subprocess
def test_the_wheel_is_typed_and_licensed(tmp_path: Path) -> None:
    wheel = build("wheel", tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        licence = archive.read(next(n for n in names if n.endswith("LICENSE") and ".dist-info/" in n)).decode()
    assert "policyx/py.typed" in names
    assert "policyx/data/policy.yaml" in names and "policyx/schema/policy.schema.json" in names
    assert re.search(r"^License-Expression: MIT$", metadata, re.M)
    assert licence.startswith("MIT License") and "policyx contributors" in licence
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.subprocess
def test_mypy_reads_the_types_of_code_that_imports_policyx(tmp_path: Path) -> None:
    needs("mypy")
    (tmp_path / "uses.py").write_text(
        "import policyx\n\n\ndef actors() -> list[str]:\n"
        "    return [a.id for a in policyx.load(None).actors]\n\n\n"
        "count: str = len(policyx.load(None).sources)\n",  # a wrong type, which mypy can see only with py.typed
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "uses.py"],
        cwd=tmp_path,  # away from the source tree: policyx is found as installed
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "missing library stubs or py.typed marker" not in done.stdout
    assert done.stdout.splitlines()[0].startswith("uses.py:8: error: Incompatible types in assignment"), done.stdout
    assert done.stdout.strip().endswith("Found 1 error in 1 file (checked 1 source file)")


@pytest.mark.slow
@pytest.mark.subprocess
def test_the_sdist_passes_its_own_tests(tmp_path: Path) -> None:
    import tempfile

    sdist = build("sdist", tmp_path / "dist")
    # A short path (a temporary folder of the system's, removed after; tmp_path's name is too long): the
    # sdist's tests print the shipped model's absolute path, which must fit a 60-column terminal.
    unpacked = Path(tempfile.mkdtemp(prefix="px-"))
    try:
        with tarfile.open(sdist) as archive:
            try:
                archive.extractall(unpacked, filter="data")
            except TypeError:  # pragma: no cover - a Python without tarfile's filters (before 3.10.12)
                archive.extractall(unpacked)
        tree = next(unpacked.iterdir())
        for needed in ("LICENSE", "policyx/py.typed", ".pre-commit-hooks.yaml", "docs/formats.md", "examples", "tests"):
            assert (tree / needed).exists(), needed
        env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_CORE", "COVERAGE"))}
        env.pop("CI", None)  # the sdist's own run: a tool it lacks is skipped, as for any user
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-m", "not slow", "-p", "no:cacheprovider", "-x"],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
    assert done.returncode == 0, done.stdout[-4000:]
    assert " passed" in done.stdout.splitlines()[-1] and "failed" not in done.stdout.splitlines()[-1]


@pytest.mark.slow
@pytest.mark.subprocess
def test_pre_commit_autoupdate_picks_a_revision_that_exists(tmp_path: Path) -> None:
    needs("pre_commit")
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout (an sdist has no revisions to pick from)")
    documented = (ROOT / "docs" / "model.md").read_text(encoding="utf-8").split("## Pre-commit", 1)[1]
    config = documented.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "pre-commit autoupdate" in documented and "rev: PICK-ME" in config
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    policyx = tmp_path / "policyx"
    subprocess.run([*git, "clone", "-q", "--no-hardlinks", str(ROOT), str(policyx)], check=True, timeout=120)
    curators = tmp_path / "curators"
    curators.mkdir()
    subprocess.run([*git, "init", "-q"], cwd=curators, check=True)
    (curators / ".pre-commit-config.yaml").write_text(
        config.replace("https://example.org/policyx.git", str(policyx)), encoding="utf-8"
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "autoupdate"], cwd=curators, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rev = re.search(r"rev: (\S+)", (curators / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert rev and rev.group(1) != "PICK-ME"
    exists = subprocess.run(["git", "cat-file", "-e", f"{rev.group(1)}^{{commit}}"], cwd=policyx)
    assert exists.returncode == 0, rev.group(1)
    check = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config"], cwd=curators, env=env)
    assert check.returncode == 0
