"""Files at git revisions, read with git itself (never through a shell).

Owns every call to git: finding the repository a path is in, resolving a revision to a commit (the
revision passed after ``--end-of-options``, so that a name starting with ``-`` is never read as an
option), the merge base of two, the type and size of what a path is at a commit, the files of a
folder there, and the bytes of a file (``git show`` of ``COMMIT:PATH``, no text conversion). Only
commits found by ``commit`` are named to git afterwards. Errors are ``GitError`` (no git, no
repository) and ``NoRevision`` (a revision or a path at it that does not exist).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .errors import GitError, NoRevision
from .programs import which

TIMEOUT = 120
"""Seconds one git command may take."""


class _Failed(Exception):
    """git ran and said no."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _git(repo: Path, *args: str) -> bytes:
    """git's standard output for ``git -C repo ARGS``; _Failed with its first error line if it fails."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    git = which("git")
    if git is None:
        raise GitError("git is not installed: a revision needs git (or name two model files)")
    try:
        done = subprocess.run(
            [git, "-C", str(repo), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed: a revision needs git (or name two model files)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git took more than {TIMEOUT} s in {repo}") from None
    except OSError as err:
        raise GitError(f"cannot run git: {err.strerror or err}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _Failed(lines[-1].removeprefix("fatal: ") if lines else f"git exited with {done.returncode}")
    return done.stdout


def toplevel(path: Path) -> Path:
    """The work tree of the repository ``path`` (or the nearest folder above it that exists) is in."""
    where = Path(os.path.realpath(path))
    while not where.is_dir() and where != where.parent:
        where = where.parent
    try:
        top = _git(where, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip()
    except _Failed:
        raise GitError(f"{path} is not in a git repository (a revision needs one)") from None
    return Path(top)


def relative(top: Path, path: Path) -> str:
    """``path`` as git names it in the repository at ``top`` (with /), or GitError if it is outside."""
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        raise GitError(f"{path} is outside the git repository at {top}")
    return "" if rel == "." else rel.replace(os.sep, "/")


def commit(repo: Path, revision: str) -> str:
    """The commit a revision names, or NoRevision."""
    if not revision or "\0" in revision:
        raise NoRevision(f"no revision {revision!r} in {repo}")
    try:
        found = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except _Failed:
        raise NoRevision(f"no revision {revision!r} in {repo}") from None
    return found.decode("ascii").strip()


def merge_base(repo: Path, a: str, b: str) -> str:
    """The best common ancestor of two commits."""
    try:
        return _git(repo, "merge-base", a, b).decode("ascii").strip()
    except _Failed:
        raise NoRevision(f"{a} and {b} have no common ancestor") from None


def kind(repo: Path, sha: str, rel: str) -> str | None:
    """What a path is at a commit: blob, tree, or None where it does not exist."""
    try:
        return _git(repo, "cat-file", "-t", f"{sha}:{rel}").decode("ascii").strip()
    except _Failed:
        return None


def size(repo: Path, sha: str, rel: str) -> int:
    return int(_git(repo, "cat-file", "-s", f"{sha}:{rel}").decode("ascii").strip())


def yaml_files(repo: Path, sha: str, rel: str) -> list[str]:
    """The ``*.yaml`` files directly in a folder at a commit, by name, as paths from the top."""
    listed = _git(repo, "ls-tree", "-z", "--full-name", sha, "--", (rel.rstrip("/") + "/") if rel else ".")
    out = []
    for entry in listed.decode("utf-8", "surrogateescape").split("\0"):
        meta, _, name = entry.partition("\t")
        if name.endswith(".yaml") and meta.split(" ")[1:2] == ["blob"]:
            out.append(name)
    return sorted(out)


def show(repo: Path, sha: str, rel: str) -> bytes:
    """The bytes of a file at a commit."""
    try:
        return _git(repo, "show", "--no-textconv", f"{sha}:{rel}")
    except _Failed as err:
        raise NoRevision(err.message) from None
