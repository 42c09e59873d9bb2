"""Where the cache lives: links to the user's own private folder followed, homes never made, relative places ignored."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from policyx import cache
from policyx.loader import load


def _warm(model_file: Path) -> bool:
    """Does a second load find the model in the cache (written by the first)?"""
    load(model_file)
    return cache.read(cache.key(model_file.read_bytes())) is not None


def _everything(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def _private_folder(tmp_path: Path) -> Path:
    target = tmp_path / "other-disk" / "cache"
    target.mkdir(parents=True, mode=0o700)
    target.chmod(0o700)
    return target


Place = Callable[[Path, Path, pytest.MonkeyPatch], Path]
"""Puts a link to ``target`` where one setting of the cache's place looks; returns the cache directory."""


def _explicit(tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "link").symlink_to(target)
    monkeypatch.setenv("POLICYX_CACHE_DIR", str(tmp_path / "link"))
    return tmp_path / "link"


def _explicit_chain(tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "hop").symlink_to(target)
    (tmp_path / "link").symlink_to(tmp_path / "hop")
    monkeypatch.setenv("POLICYX_CACHE_DIR", str(tmp_path / "link"))
    return tmp_path / "link"


def _xdg_root(tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "xdg").symlink_to(target)
    monkeypatch.delenv("POLICYX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "policyx"


def _xdg_policyx(tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "xdg").mkdir()
    (tmp_path / "xdg" / "policyx").symlink_to(target)
    monkeypatch.delenv("POLICYX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "policyx"


def _home_cache(tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".cache").symlink_to(target)
    monkeypatch.delenv("POLICYX_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home" / ".cache" / "policyx"


PLACES = [_explicit, _explicit_chain, _xdg_root, _xdg_policyx, _home_cache]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.__name__.strip("_"))
def test_a_link_to_the_users_own_private_folder_is_followed(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: Place
) -> None:
    directory = place(tmp_path, _private_folder(tmp_path), monkeypatch)
    assert cache.cache_dir() == directory
    assert _warm(model_file)
    assert load(model_file) == load(model_file, use_cache=False)


def _shared(tmp_path: Path) -> Path:
    target = tmp_path / "shared"
    target.mkdir()
    target.chmod(0o777)  # world-writable (like /tmp)
    return target


def _group_writable(tmp_path: Path) -> Path:
    target = tmp_path / "group"
    target.mkdir()
    target.chmod(0o770)
    return target


def _someone_elses(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("only root can make a folder someone else owns")
    target = tmp_path / "theirs"
    target.mkdir(mode=0o700)
    os.chown(target, 65534, 65534)
    return target


def _a_file(tmp_path: Path) -> Path:
    target = tmp_path / "a-file"
    target.write_text("not a folder", encoding="utf-8")
    return target


def _nothing(tmp_path: Path) -> Path:
    return tmp_path / "gone"  # a dangling link


@pytest.mark.parametrize("target", [_shared, _group_writable, _someone_elses, _a_file, _nothing])
@pytest.mark.parametrize("place", [_explicit, _explicit_chain, _xdg_policyx], ids=lambda p: p.__name__.strip("_"))
def test_a_link_to_a_folder_others_can_write_or_own_means_no_cache(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: Place, target: Callable[[Path], Path]
) -> None:
    folder = target(tmp_path)
    before = _everything(tmp_path)
    place(tmp_path, folder, monkeypatch)
    assert not _warm(model_file)
    assert load(model_file).actors[0].id == "land"
    made = set(_everything(tmp_path)) - set(before)
    assert not [m for m in made if not m.startswith(("link", "hop", "xdg"))]  # nothing written in it or beside it


@pytest.mark.parametrize("home", ["nonexistent/home", "nonexistent", "a-file/home"])
def test_a_home_that_does_not_exist_is_never_made(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.delenv("POLICYX_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / home))
    before = _everything(tmp_path)
    assert not _warm(model_file)
    assert _everything(tmp_path) == before


def test_a_home_that_exists_gets_a_private_cache(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "home").mkdir()
    monkeypatch.delenv("POLICYX_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _warm(model_file)
    for folder in (tmp_path / "home" / ".cache", tmp_path / "home" / ".cache" / "policyx"):
        assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(
    ("xdg", "made"),
    [("xdg", True), ("missing/xdg", False)],
    ids=["its-parent-exists", "its-parent-does-not"],
)
def test_an_xdg_cache_root_is_made_only_inside_a_folder_that_exists(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: str, made: bool
) -> None:
    monkeypatch.delenv("POLICYX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / xdg))
    assert _warm(model_file) is made
    assert (tmp_path / xdg / "policyx").is_dir() is made
    assert (tmp_path / "missing").exists() is False


RELATIVE = ["", ".", "cache", "./cache", "../cache", "~/cache"]


@pytest.mark.parametrize("xdg", RELATIVE)
def test_a_relative_xdg_cache_home_is_ignored(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: str
) -> None:
    work = tmp_path / "work" / "repo"
    work.mkdir(parents=True)
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("POLICYX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "policyx"
    assert _warm(model_file)
    assert _everything(tmp_path / "work") == ["repo"]  # nothing in the working directory or beside it


@pytest.mark.parametrize("explicit", [e for e in RELATIVE if e])
def test_a_relative_policyx_cache_dir_means_no_cache(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, explicit: str
) -> None:
    work = tmp_path / "work" / "repo"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    monkeypatch.setenv("POLICYX_CACHE_DIR", explicit)
    assert cache.cache_dir() is None
    assert not _warm(model_file)
    assert _everything(tmp_path / "work") == ["repo"]


def test_the_place_is_read_from_the_environment_given() -> None:
    assert cache.cache_dir({"POLICYX_CACHE_DIR": "/c"}) == Path("/c")
    assert cache.cache_dir({"XDG_CACHE_HOME": "/x", "HOME": "/h"}) == Path("/x/policyx")
    assert cache.cache_dir({"XDG_CACHE_HOME": "x", "HOME": "/h"}) == Path("/h/.cache/policyx")
    assert cache.cache_dir({"HOME": "h"}) is None
    assert cache.cache_dir({"POLICYX_CACHE_DIR": "c", "XDG_CACHE_HOME": "/x"}) is None
