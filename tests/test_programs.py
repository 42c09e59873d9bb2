"""Outside programs (dot, git, the pager) are never run from the working directory, whatever PATH holds."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyx.cli import app
from policyx.cli.env import Environment
from policyx.programs import search_path, which

from .conftest import Result

Run = Callable[..., Result]

PROGRAMS = ("dot", "git", "less")
RELATIVE = ["", ".", "bin", "./bin", "../here/bin"]
"""PATH entries that name the working directory or one relative to it (empty means the current one)."""


def _plant(folder: Path, name: str, marker: Path) -> Path:
    """An executable ``name`` in ``folder`` that leaves ``marker`` behind if anything runs it."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text(f"#!/bin/sh\necho ran >> '{marker}'\nwhile read -r line; do :; done\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return program


@pytest.fixture
def hostile_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A working directory (a cloned repository, say) with its own dot, git and less, in itself and in
    ``bin``, and a PATH of nothing but relative entries and an empty absolute folder."""
    here = tmp_path / "here"
    marker = tmp_path / "ran"
    for name in PROGRAMS:
        _plant(here, name, marker)
        _plant(here / "bin", name, marker)
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("PATH", os.pathsep.join([*RELATIVE, str(tmp_path / "empty")]))
    return here, marker


@pytest.mark.parametrize("entry", RELATIVE)
@pytest.mark.parametrize("name", PROGRAMS)
def test_a_relative_path_entry_is_never_searched(
    hostile_cwd: tuple[Path, Path], tmp_path: Path, name: str, entry: str
) -> None:
    installed = _plant(tmp_path / "usr" / "bin", name, tmp_path / "installed-ran")
    assert which(name, {"PATH": entry}) is None
    assert which(name, {"PATH": os.pathsep.join([entry, str(installed.parent)])}) == str(installed)
    assert search_path({"PATH": os.pathsep.join([entry, "/usr/bin"])}) == ["/usr/bin"]


@pytest.mark.parametrize("name", ["./less", "bin/less", "../here/less", ""])
def test_a_relative_program_name_is_refused_and_an_absolute_one_kept(hostile_cwd: tuple[Path, Path], name: str) -> None:
    here, _ = hostile_cwd
    assert which(name) is None
    assert which(str(here / "less")) == str(here / "less")  # the user named it, absolutely


def test_brief_page_never_runs_a_dot_from_the_working_directory(
    run: Run, model_v2: Path, hostile_cwd: tuple[Path, Path]
) -> None:
    here, marker = hostile_cwd
    result = run("brief", "--export", str(here / "brief.html"), data=model_v2)
    assert (result.exit_code, result.stderr) == (0, f"wrote {here / 'brief.html'}\n")
    assert not marker.exists()
    assert "<svg" in (here / "brief.html").read_text(encoding="utf-8")  # the timeline; no Graphviz picture


def test_diff_never_runs_a_git_from_the_working_directory(run: Run, hostile_cwd: tuple[Path, Path]) -> None:
    _, marker = hostile_cwd
    result = run("diff", "HEAD~1")
    assert (result.exit_code, result.stderr) == (
        2,
        "policyx: git is not installed: a revision needs git (or name two model files)\n",
    )
    assert not marker.exists()


@pytest.mark.parametrize("pager", [None, "less", "less -R", "./less", "bin/less", "dot"])
def test_the_pager_never_runs_from_the_working_directory(
    model_file: Path, hostile_cwd: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, pager: str | None
) -> None:
    _, marker = hostile_cwd
    monkeypatch.delenv("POLICYX_PAGER", raising=False)
    if pager is None:
        monkeypatch.delenv("PAGER", raising=False)
    else:
        monkeypatch.setenv("PAGER", pager)
    screen = Environment(terminal=True, color=False, width=80, height=3)
    result = CliRunner().invoke(app, ["--data", str(model_file), "actors"], obj=screen, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Landia" in result.stdout  # no pager found: written straight out
    assert not marker.exists()
    assert screen.pager_command() is None
