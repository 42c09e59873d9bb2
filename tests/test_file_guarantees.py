"""The file guarantees, by class: no-clobber by exclusive creation (of racing writers exactly one wins),
--force keeps the replaced file's mode, any legal name can be written (its temporary name fits beside
it), the cache key is written whole and a damaged one repaired. Subprocess tests are marked slow."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from policyx import cache, files
from policyx.errors import OutputError
from policyx.loader import load

from .conftest import Run

TIMEOUT = 120


# --------------------------------------------------------------------------- no clobber, by exclusive creation


def test_a_file_that_appears_while_writing_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "o.json"
    with pytest.raises(OutputError) as info, files.atomic(target, force=False) as tmp:
        tmp.write_text("mine", encoding="utf-8")
        target.write_text("theirs", encoding="utf-8")  # made after the first check, before the end
    assert str(info.value) == f"{target} exists; use --force to replace it"
    assert target.read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.json"]


def test_a_link_that_appears_while_writing_is_never_followed_nor_replaced(tmp_path: Path) -> None:
    target, elsewhere = tmp_path / "o.json", tmp_path / "elsewhere"
    with pytest.raises(OutputError), files.atomic(target, force=False) as tmp:
        tmp.write_text("mine", encoding="utf-8")
        target.symlink_to(elsewhere)  # a dangling link: "missing" to stat, there to link()
    assert target.is_symlink() and not elsewhere.exists()


def test_where_hard_links_are_not_supported_a_placeholder_is_made_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    files.write_text(tmp_path / "a.json", "{}\n", force=False)
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == "{}\n"
    with pytest.raises(OutputError, match="exists; use --force"), files.atomic(tmp_path / "b.json", False) as tmp:
        tmp.write_text("mine", encoding="utf-8")
        (tmp_path / "b.json").write_text("theirs", encoding="utf-8")
    assert (tmp_path / "b.json").read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]


def test_racing_threads_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "o.txt"
    outcomes: list[str] = []
    start = threading.Barrier(20)

    def write(n: int) -> None:
        start.wait()
        try:
            files.write_text(target, f"writer {n}\n", force=False)
            outcomes.append("wrote")
        except OutputError as err:
            outcomes.append(str(err))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert outcomes.count("wrote") == 1
    assert outcomes.count(f"{target} exists; use --force to replace it") == 19
    assert [p.name for p in tmp_path.iterdir()] == ["o.txt"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["sqlite", "json"])
def test_twenty_concurrent_exports_exactly_one_writes(tmp_path: Path, model_file: Path, fmt: str) -> None:
    target = tmp_path / "out" / f"o.{'db' if fmt == 'sqlite' else fmt}"
    target.parent.mkdir()
    env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("POLICYX_DATA", None)
    load(model_file)  # a warm cache: the runs reach the write together
    args = [sys.executable, "-m", "policyx", "--data", str(model_file), "export", "--format", fmt, str(target)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(20)]
    ran = [(p.wait(TIMEOUT), p.communicate()[1].decode()) for p in procs]
    wrote = [r for r in ran if r == (0, f"wrote {target}\n")]
    refused = [r for r in ran if r == (1, f"policyx: {target} exists; use --force to replace it\n")]
    assert (len(wrote), len(refused)) == (1, 19), ran
    assert [p.name for p in target.parent.iterdir()] == [target.name]


# --------------------------------------------------------------------------- --force keeps the mode


@pytest.mark.parametrize("fmt", ["json", "yaml", "sqlite"])
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_force_keeps_the_mode_of_the_file_it_replaces(run: Run, tmp_path: Path, fmt: str, mode: int) -> None:
    target = tmp_path / f"private.{fmt if fmt != 'sqlite' else 'db'}"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    result = run("export", "--format", fmt, str(target), "--force")
    assert (result.exit_code, result.stderr) == (0, f"wrote {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() != b"old"


def test_a_new_file_gets_the_umask_and_the_cache_stays_private(run: Run, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert run("export", str(tmp_path / "new.json")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    cached = sorted((tmp_path / "cache").iterdir())
    assert cached and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in cached)


# --------------------------------------------------------------------------- names of every legal length


@pytest.mark.parametrize("length", [1, 200, 233, 234, 250, 255])
@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_a_name_of_any_legal_length_is_written(run: Run, tmp_path: Path, length: int, fmt: str) -> None:
    suffix = ".db" if fmt == "sqlite" else ".json"
    name = ("n" * length)[: length - len(suffix)] + suffix if length > len(suffix) else "n" * length
    target = tmp_path / name
    result = run("export", "--format", fmt, str(target))
    assert (result.exit_code, result.stderr) == (0, f"wrote {target}\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("cache", "model.yaml")) == [name]


def test_a_long_name_of_multibyte_letters_is_cut_between_bytes_safely(tmp_path: Path) -> None:
    name = "é" * 125 + ".json"  # 255 bytes
    files.write_text(tmp_path / name, "{}\n", force=False)
    assert [p.name for p in tmp_path.iterdir()] == [name]


# --------------------------------------------------------------------------- the cache key


@pytest.mark.parametrize("damage", [b"", b"short", b"x" * 33, "missing"])
def test_a_damaged_or_missing_key_is_repaired_whole(model_file: Path, damage: bytes | str) -> None:
    load(model_file)
    folder = cache.cache_dir()
    assert folder is not None
    key = folder / "key"
    if damage == "missing":
        key.unlink()
    else:
        assert isinstance(damage, bytes)
        key.write_bytes(damage)
    load(model_file)  # reads the YAML (the old seals no longer verify) and writes the cache again
    assert len(key.read_bytes()) == 32
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
    assert cache.read(cache.key(model_file.read_bytes())) is not None  # sealed with the new key


def test_the_key_is_written_by_the_atomic_primitive(model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[Path] = []
    real = files.atomic

    def spy(path: Path, force: bool, *, mode: int | None = None) -> AbstractContextManager[Path]:
        written.append(path)
        return real(path, force, mode=mode)

    monkeypatch.setattr(cache, "atomic", spy)
    load(model_file)
    folder = cache.cache_dir()
    assert folder is not None and folder / "key" in written


def test_a_key_that_cannot_be_written_means_no_cache_and_no_empty_key(
    model_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.secrets, "token_bytes", full)
    assert load(model_file).actors[0].name == "Landia"
    folder = cache.cache_dir()
    assert folder is not None
    assert not (folder / "key").exists()
    assert list(folder.iterdir()) == []
