"""The two models a diff compares, from what the person named: files, folders or git revisions.

Owns reading ``policyx diff``'s arguments. A name that is an existing file or folder is a model;
``REV:PATH`` is that file or folder at a revision; otherwise a name is a revision: ``REV`` (the model
at REV against the work tree's), ``REV1..REV2`` (an empty side is HEAD), ``REV1...REV2`` (from their
merge base) or ``REV1 REV2``, each for the one path named beside it, else the default model. A model
at a revision is read with git (``gitread``) and validated as any model file is, its files named
``REV:PATH``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import gitread
from .errors import BadValue, DataError, NoRevision, Problem
from .files import STDIN, input_name, max_input_bytes
from .loader import decode, load, load_text, validated
from .model import Model, model_from_data

USAGE = "name two models (files or folders), or revisions: REV, REV1..REV2 or REV1 REV2, and at most one model path"


@dataclass(frozen=True)
class Side:
    """One model of a diff, with the name it is shown by."""

    name: str
    model: Model


def _texts(texts: list[tuple[str, str]]) -> Model:
    """One model from several files' texts (as ``loader`` reads a folder)."""
    return model_from_data(validated(texts))


def _blob(repo: Path, sha: str, rel: str, name: str) -> str:
    limit = max_input_bytes()
    size = gitread.size(repo, sha, rel)
    if size > limit:
        raise DataError([Problem(name, 0, 0, f"is {size:,} bytes, over the limit of {limit:,}")])
    return decode(gitread.show(repo, sha, rel), name)


def at_revision(repo: Path, revision: str, sha: str, rel: str) -> Side:
    """The model at ``rel`` (a file or a folder of ``*.yaml``) in the commit ``sha``, named ``revision``."""
    name = f"{revision}:{rel}"
    found = gitread.kind(repo, sha, rel)
    if found == "blob":
        return Side(name, load_text(_blob(repo, sha, rel, name), name))
    if found == "tree":
        files = gitread.yaml_files(repo, sha, rel)
        if not files:
            raise DataError([Problem(name, 0, 0, "folder has no *.yaml model files")])
        texts = [(f"{revision}:{f}", _blob(repo, sha, f, f"{revision}:{f}")) for f in files]
        return Side(name, load_text(texts[0][1], texts[0][0]) if len(texts) == 1 else _texts(texts))
    raise NoRevision(f"{rel or '.'} is not in revision {revision!r}")


def _revision(repo: Path, revision: str) -> tuple[str, str]:
    """(the name shown, the commit) of a revision."""
    return revision, gitread.commit(repo, revision)


def _pair(repo: Path, spec: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The two commits of ``A..B`` or ``A...B`` (from their merge base); an empty side is HEAD."""
    dots = "..." if "..." in spec else ".."
    a, _, b = spec.partition(dots)
    old, new = _revision(repo, a or "HEAD"), _revision(repo, b or "HEAD")
    if dots == "...":
        old = (f"{old[0]}...{new[0]}", gitread.merge_base(repo, old[1], new[1]))
    return old, new


def _named(arg: str, use_cache: bool) -> Side:
    """A model named by a path, or by REV:PATH (PATH from the top of the repository, or ./PATH from here)."""
    if _is_file(arg):
        return Side(input_name(Path(arg)), load(arg, use_cache=use_cache))
    revision, _, rel = arg.partition(":")
    repo = gitread.toplevel(Path.cwd())
    if rel.startswith(("./", "../")) or rel in (".", ".."):
        rel = gitread.relative(repo, Path(rel))
    return at_revision(repo, revision, gitread.commit(repo, revision), rel.strip("/"))


def _is_file(arg: str) -> bool:
    """A model named by a path that is there, or ``-`` (standard input), not by a revision."""
    return arg == STDIN or os.path.exists(arg)


def _is_blob(arg: str) -> bool:
    revision, colon, _ = arg.partition(":")
    return bool(colon and revision and ".." not in revision)


def sides(args: list[str], default: Path, *, use_cache: bool = True) -> tuple[Side, Side]:
    """The old and the new model that ``args`` name (``default``: the model path when none is named)."""
    if not 1 <= len(args) <= 3:
        raise BadValue(USAGE)
    paths = [a for a in args if _is_file(a)]
    rest = [a for a in args if not _is_file(a)]
    if STDIN in paths and rest:
        raise BadValue("a model from standard input (-) is compared with another file, not with a revision")
    if all(_is_blob(a) for a in rest):
        if len(args) != 2:
            raise BadValue(USAGE)
        return _named(args[0], use_cache), _named(args[1], use_cache)
    if len(paths) > 1 or any(_is_blob(a) for a in rest):
        raise BadValue(USAGE)
    path = Path(paths[0]) if paths else default
    repo = gitread.toplevel(path)
    rel = gitread.relative(repo, path)
    if len(rest) == 1 and ".." in rest[0]:
        (old_name, old), (new_name, new) = _pair(repo, rest[0])
        return at_revision(repo, old_name, old, rel), at_revision(repo, new_name, new, rel)
    if len(rest) == 1:
        name, sha = _revision(repo, rest[0])
        return at_revision(repo, name, sha, rel), Side(str(path), load(path, use_cache=use_cache))
    if len(rest) == 2:
        (a, old), (b, new) = _revision(repo, rest[0]), _revision(repo, rest[1])
        return at_revision(repo, a, old, rel), at_revision(repo, b, new, rel)
    raise BadValue(USAGE)
