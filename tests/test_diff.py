"""policyx diff on fixture pairs and on a real git repository of two commits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policyx.errors import ExitStatus
from policyx.loader import load_text
from policyx.modeldiff import diff, words

from .conftest import FIXTURE_V2_YAML, FIXTURE_YAML, Result, Run

CHANGED = (
    FIXTURE_YAML.replace("    summary: The short war.\n", "    summary: The short and bloody war.\n")
    .replace("    score: 8\n", "    score: 9\n")
    .replace("  - id: e-summit\n", "  - id: e-bloc-summit\n")
    .replace("      - id: p18-bloc\n", "      - id: p18-northern-bloc\n")
)


def pair(tmp_path: Path, old: str, new: str) -> tuple[Path, Path]:
    a, b = tmp_path / "old.yaml", tmp_path / "new.yaml"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    return a, b


def _reordered(text: str) -> str:
    """The fixture with its relations, the priorities of its first address and a list's ids in reverse."""
    head, rest = text.split("relations:\n")
    relations, tail = rest.split("events:\n")
    blocks = ["  - id: " + b for b in relations.split("  - id: ")[1:]]
    first, second = head.split("      - id: p18-bloc\n")
    before, trade = first.split("      - id: p18-trade\n")
    bloc, after = second.split("  - id: speech-2024\n")
    head = (
        before + "      - id: p18-bloc\n" + bloc + "      - id: p18-trade\n" + trade + "  - id: speech-2024\n" + after
    )
    head = head.replace("aliases: [NB, Northern Union]", "aliases: [Northern Union, NB]")
    return head + "relations:\n" + "".join(reversed(blocks)) + "events:\n" + tail


def test_reordered_records_and_lists_are_no_change(run: Run, tmp_path: Path) -> None:
    moved = _reordered(FIXTURE_YAML)
    assert moved != FIXTURE_YAML and load_text(moved).relations[0].id == "r-war"
    old, new = pair(tmp_path, FIXTURE_YAML, moved)
    result = run("diff", str(old), str(new))
    assert (result.exit_code, result.stdout) == (0, f"{old} → {new}: no changes\n")
    assert json.loads(run("diff", str(old), str(new), "-f", "json").stdout)["equal"] is True


TRUCE = """\
  - id: r-truce
    from: land
    to: rival
    kind: normalization
    score: 3
    summary: A truce.
    source: art
    evidence: "Landia said it would change course"
    basis: stated
"""


def test_added_removed_changed_and_renamed(run: Run, tmp_path: Path) -> None:
    head, rest = CHANGED.split("  - id: r-war\n")
    text = head + TRUCE + "events:\n" + rest.split("events:\n")[1]
    old, new = pair(tmp_path, FIXTURE_YAML, text)
    result = run("diff", str(old), str(new))
    assert result.exit_code == ExitStatus.DIFFERENT == 1
    assert result.stdout == (
        f"{old} → {new}: 1 added, 1 removed, 2 renamed, 1 changed\n"
        "\n"
        "> priority p18-bloc → p18-northern-bloc (renamed)\n"
        "\n"
        "~ relation r-land-bloc (changed)\n"
        "    score: 8 → 9\n"
        "\n"
        "+ relation r-truce (added)\n"
        "    from: land\n"
        "    to: rival\n"
        "    kind: normalization\n"
        "    score: 3\n"
        "    summary: A truce.\n"
        "    source: art\n"
        "    evidence: Landia said it would change course\n"
        "    basis: stated\n"
        "\n"
        "- relation r-war (removed)\n"
        "    from: land\n"
        "    to: rival\n"
        "    kind: war\n"
        "    score: -10\n"
        "    mutual: true\n"
        "    since: 2020-09\n"
        "    until: 2020-11\n"
        "    summary: The short war.\n"
        "    source: art\n"
        "    evidence: war with Rivalia\n"
        "    basis: stated\n"
        "\n"
        "> event e-summit → e-bloc-summit (renamed)\n"
    )


def test_a_renamed_record_with_its_excerpt_kept_and_a_word_diff(run: Run, tmp_path: Path) -> None:
    text = CHANGED.replace(
        "  - id: e-bloc-summit\n    title: Bloc summit\n", "  - id: e-bloc-summit\n    title: The bloc's summit\n"
    )
    old, new = pair(tmp_path, FIXTURE_YAML, text)
    out = run("diff", str(old), str(new)).stdout
    assert "> event e-summit → e-bloc-summit (renamed)\n    title: Bloc {+The bloc's+} summit" not in out
    assert "> event e-summit → e-bloc-summit (renamed)\n    title: [-Bloc-] {+The bloc's+} summit\n" in out
    assert "~ relation r-war (changed)\n    summary: The short {+and bloody+} war.\n" in out
    assert words("a b c", "a x c") == (("=", "a"), ("-", "b"), ("+", "x"), ("=", "c"))


def test_markdown_and_json(run: Run, tmp_path: Path) -> None:
    old, new = pair(tmp_path, FIXTURE_YAML, CHANGED)
    markdown = run("diff", str(old), str(new), "--format", "markdown").stdout
    assert "#### Renamed\n\n- **priority** `p18-bloc` → `p18-northern-bloc`\n" in markdown
    assert "- **relation** `r-war`\n  - summary: The short **and bloody** war.\n" in markdown
    data = json.loads(run("diff", str(old), str(new), "-f", "json").stdout)
    assert data["summary"] == {"added": 0, "removed": 0, "renamed": 2, "changed": 2}
    war = next(c for c in data["changes"] if c["id"] == "r-war")
    assert war["fields"] == [
        {
            "field": "summary",
            "old": "The short war.",
            "new": "The short and bloody war.",
            "words": [
                {"op": "=", "text": "The short"},
                {"op": "+", "text": "and bloody"},
                {"op": "=", "text": "war."},
            ],
        }
    ]


def test_a_changed_excerpt_that_no_longer_verifies(run: Run, tmp_path: Path, source_file: Path) -> None:
    text = CHANGED.replace(
        'evidence: "war with Rivalia"\n    basis: stated\nevents:',
        'evidence: "war against Rivalia"\n    basis: stated\nevents:',
    )
    assert text != CHANGED
    old, new = pair(tmp_path, FIXTURE_YAML, text)
    result = run("diff", str(old), str(new), "--source", str(source_file))
    assert result.exit_code == ExitStatus.DATA
    assert result.stderr == f"policyx: 1 added or changed excerpts are not in {source_file}\n"
    assert result.stdout.endswith(
        f"changed excerpts verified against {source_file} (art): 1 checked, 1 not found\n"
        "  relation r-war (evidence) not in the source: “war against Rivalia”; closest: “President Ada Leader "
        "remembers the war with Rivalia.”\n"
    )
    fine = run("diff", str(old), str(tmp_path / "new.yaml"), "--source", str(source_file), "-f", "json")
    assert json.loads(fine.stdout)["verified"]["checked"] == 1
    same = run("diff", str(old), str(old), "--source", str(source_file))
    assert same.exit_code == 0 and same.stdout.endswith("0 checked, 0 not found\n")


def test_schema_versions_files_and_folders(run: Run, tmp_path: Path) -> None:
    result = diff(load_text(FIXTURE_YAML), load_text(FIXTURE_V2_YAML), "a", "b")
    assert result.schema == (1, 2) and not result.equal
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        head, rest = FIXTURE_YAML.split("relations:\n")
        (folder / "one.yaml").write_text(head, encoding="utf-8")
        (folder / "two.yaml").write_text("schema_version: 1\nrelations:\n" + rest, encoding="utf-8")
    moved = (b / "two.yaml").read_text(encoding="utf-8").split("events:\n")
    (b / "two.yaml").write_text(moved[0], encoding="utf-8")
    (b / "three.yaml").write_text("schema_version: 1\nevents:\n" + moved[1], encoding="utf-8")
    out = run("diff", str(a), str(b)).stdout
    assert out.startswith(f"{a} → {b}: 4 changed\n")
    assert "~ event e-election (changed)\n    file: two.yaml → three.yaml\n" in out


@pytest.mark.parametrize(
    "args",
    [[], ["a", "b", "c", "d"], ["only.yaml"], ["HEAD", "HEAD", "HEAD~1", "x"]],
    ids=["none", "four", "one", "many"],
)
def test_usage(run: Run, tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if args == ["only.yaml"]:
        (tmp_path / "only.yaml").write_text(FIXTURE_YAML, encoding="utf-8")
    result = run("diff", *args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr


def test_textconv(run: Run, tmp_path: Path, model_file: Path) -> None:
    a, b = pair(tmp_path, FIXTURE_YAML, _reordered(FIXTURE_YAML))
    shown = run("diff", "--textconv", str(a))
    assert shown.exit_code == 0 and shown.stdout == run("diff", "--textconv", str(b)).stdout
    lines = shown.stdout.splitlines()
    assert lines[:4] == ["schema_version: 1", "", "source art", "  kind: article"]
    assert "priority p18-bloc" in lines and "  address: speech-2018" in lines
    assert "  aliases: NB, Northern Union" in lines
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 2\nthemes: [\n", encoding="utf-8")
    assert run("diff", "--textconv", str(broken)).stdout == "schema_version: 2\nthemes: [\n"  # shown as it is
    assert run("diff", "--textconv", str(a), str(b)).exit_code == 2


# --------------------------------------------------------------------------- git


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed (apt-get install git)")
    top = tmp_path / "repo"
    (top / "models").mkdir(parents=True)
    git(top, "init", "-q", "-b", "main")
    (top / "models" / "policy.yaml").write_text(FIXTURE_YAML, encoding="utf-8")
    git(top, "add", ".")
    git(top, "commit", "-qm", "one")
    (top / "models" / "policy.yaml").write_text(CHANGED, encoding="utf-8")
    git(top, "commit", "-qam", "two")
    git(top, "update-ref", "refs/heads/-first", "HEAD~1")  # a branch whose name starts with a dash
    monkeypatch.chdir(top)
    return top


def in_repo(run: Run, repo: Path, *args: str, data: Path | None = None) -> Result:
    return run("diff", *args, data=data or repo / "models" / "policy.yaml")


def test_revisions_of_a_model(run: Run, repo: Path) -> None:
    result = in_repo(run, repo, "HEAD~1")
    assert result.exit_code == 1, result.stderr
    assert result.stdout.startswith(
        f"HEAD~1:models/policy.yaml → {repo / 'models' / 'policy.yaml'}: 2 renamed, 2 changed\n"
    )
    ranged = in_repo(run, repo, "HEAD~1..HEAD", "--", "models/policy.yaml")
    assert ranged.stdout.startswith("HEAD~1:models/policy.yaml → HEAD:models/policy.yaml: 2 renamed, 2 changed\n")
    assert in_repo(run, repo, "main...HEAD").stdout.startswith("main...HEAD:models/policy.yaml → HEAD:models")
    assert in_repo(run, repo, "HEAD").exit_code == 0  # the work tree is as committed
    two = in_repo(run, repo, "HEAD~1", "main")
    assert two.stdout.startswith("HEAD~1:models/policy.yaml → main:models/policy.yaml: 2 renamed")
    blobs = in_repo(run, repo, "HEAD~1:models/policy.yaml", "HEAD:./models/policy.yaml")
    assert blobs.exit_code == 1 and "2 renamed, 2 changed" in blobs.stdout


def test_a_revision_that_starts_with_a_dash(run: Run, repo: Path, tmp_path: Path) -> None:
    result = in_repo(run, repo, "--", "-first", "models/policy.yaml")
    assert result.exit_code == 1, result.stderr
    assert result.stdout.startswith("-first:models/policy.yaml → ")
    evil = in_repo(run, repo, "--", "--output=" + str(tmp_path / "written"))
    assert evil.exit_code == ExitStatus.NOT_FOUND
    assert evil.stderr == f"policyx: no revision '--output={tmp_path / 'written'}' in {repo}\n"
    assert not (tmp_path / "written").exists()  # never read by git as an option


def test_bad_revisions_and_places(run: Run, repo: Path, tmp_path: Path) -> None:
    missing = in_repo(run, repo, "no-such-branch")
    assert (missing.exit_code, missing.stderr) == (4, f"policyx: no revision 'no-such-branch' in {repo}\n")
    gone = in_repo(run, repo, "HEAD~1:models/gone.yaml", "HEAD:models/policy.yaml")
    assert (gone.exit_code, gone.stderr) == (4, "policyx: models/gone.yaml is not in revision 'HEAD~1'\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "m.yaml").write_text(FIXTURE_YAML, encoding="utf-8")
    outside = in_repo(run, repo, "HEAD", data=elsewhere / "m.yaml")
    assert outside.exit_code == 2 and "is not in a git repository (a revision needs one)" in outside.stderr
    assert outside.stderr.count("\n") == 1


def test_a_folder_model_at_revisions(run: Run, repo: Path) -> None:
    head, rest = CHANGED.split("relations:\n")
    (repo / "models" / "policy.yaml").write_text(head, encoding="utf-8")
    (repo / "models" / "relations.yaml").write_text("schema_version: 1\nrelations:\n" + rest, encoding="utf-8")
    (repo / "models" / "notes.txt").write_text("not a model\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "split")
    result = in_repo(run, repo, "HEAD~1..HEAD", data=repo / "models")
    assert result.exit_code == 0, result.stdout + result.stderr  # split in two files, the same records
    assert result.stdout == "HEAD~1:models → HEAD:models: no changes\n"
    assert in_repo(run, repo, "HEAD~2", data=repo / "models").exit_code == 1


def test_git_missing(run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo))
    result = in_repo(run, repo, "HEAD~1")
    assert result.exit_code == 2
    assert result.stderr == "policyx: git is not installed: a revision needs git (or name two model files)\n"
