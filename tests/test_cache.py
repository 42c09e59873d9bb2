"""The model cache never serves stale data, survives damage, and steps aside when it cannot write."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policyx import cache
from policyx.loader import load
from policyx.model import model_to_data

from .conftest import FIXTURE_YAML


def cache_files() -> list[Path]:
    return sorted(cache.cache_dir().glob("model-*.bin"))


def files_under(root: Path) -> list[str]:
    """Every path below root; the cache's stat notes (named by a hash of the stat) as cache/stat-*."""
    names = (str(p.relative_to(root)) for p in root.rglob("*"))
    return sorted("cache/stat-*" if n.startswith("cache/stat-") else n for n in names)


def test_first_load_writes_the_cache_and_the_second_reads_it(model_file: Path) -> None:
    first = load(model_file)
    expected = model_file.parent / "cache" / f"model-{cache.key(FIXTURE_YAML.encode())}.bin"
    assert cache_files() == [expected]
    assert files_under(model_file.parent) == [
        "cache",
        "cache/key",
        f"cache/{expected.name}",
        "model.yaml",
    ]
    data = model_to_data(first)
    data["actors"][0]["name"] = "Read from the cache"
    assert cache.write(cache.key(model_file.read_bytes()), data)
    assert load(model_file).actors[0].name == "Read from the cache"


def test_an_edit_of_same_size_and_mtime_is_seen(model_file: Path) -> None:
    assert load(model_file).actors[0].name == "Landia"
    stat = model_file.stat()
    edited = FIXTURE_YAML.replace("    name: Landia\n", "    name: Lundia\n")
    assert len(edited) == len(FIXTURE_YAML)
    model_file.write_text(edited, encoding="utf-8")
    os.utime(model_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert model_file.stat().st_size == stat.st_size and model_file.stat().st_mtime_ns == stat.st_mtime_ns
    assert load(model_file).actors[0].name == "Lundia"


def payload_of(blob: bytes) -> bytes:
    return blob[len(cache.MAGIC) + cache.MAC_SIZE :]


def sealed(payload: bytes) -> bytes:
    """A cache file as policyx itself would seal it (so only its shape can be wrong)."""
    secret = cache._secret(cache.cache_dir(), create=False)
    assert secret is not None
    return cache.MAGIC + cache._mac(secret, payload) + payload


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "truncated",
        "empty",
        "other-version",
        "unsealed",
        "not-a-mapping",
        "unknown-schema",
        "missing-collection",
    ],
)
def test_a_damaged_cache_is_rebuilt_silently(model_file: Path, damage: str) -> None:
    expected = load(model_file, use_cache=False)
    load(model_file)
    (path,) = cache_files()
    blob = path.read_bytes()
    path.write_bytes(
        {
            "garbage": b"\x00\xffnot a cache at all" * 10,
            "truncated": blob[: len(blob) // 2],
            "empty": b"",
            "other-version": blob.replace(cache.MAGIC, b"policyx-cache 0 0.0.0 1\n", 1),
            "unsealed": cache.MAGIC + bytes(cache.MAC_SIZE) + payload_of(blob),
            "not-a-mapping": sealed(marshal.dumps([1, 2, 3])),
            "unknown-schema": sealed(marshal.dumps({**marshal.loads(payload_of(blob)), "schema_version": 9})),
            "missing-collection": sealed(marshal.dumps({"schema_version": 1, "actors": []})),
        }[damage]
    )
    assert load(model_file) == expected
    assert path.read_bytes() == blob, "the damaged file was replaced by a good one"


def test_no_cache_neither_reads_nor_writes(model_file: Path) -> None:
    load(model_file, use_cache=False)
    assert not cache.cache_dir().exists()
    assert files_under(model_file.parent) == ["model.yaml"]


def test_cli_no_cache(model_file: Path) -> None:
    from typer.testing import CliRunner

    from policyx.cli import app

    result = CliRunner().invoke(app, ["--no-cache", "--data", str(model_file), "actors", "--fields", "id"])
    assert (result.exit_code, result.stdout) == (0, "land\nbloc\nleader\nrival\n")
    assert not cache.cache_dir().exists()
    assert files_under(model_file.parent) == ["model.yaml"]
    result = CliRunner().invoke(app, ["--data", str(model_file), "actors", "--fields", "id"])
    assert (result.exit_code, result.stdout) == (0, "land\nbloc\nleader\nrival\n")
    assert files_under(model_file.parent) == [
        "cache",
        "cache/key",
        f"cache/model-{cache.key(model_file.read_bytes())}.bin",
        "model.yaml",
    ]


def test_unwritable_cache_location_falls_back_to_no_cache(model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = model_file.parent / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("POLICYX_CACHE_DIR", str(blocker / "cache"))
    assert load(model_file).actors[0].id == "land"
    assert load(model_file).actors[0].id == "land"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_cache_dir_falls_back_to_no_cache(model_file: Path) -> None:
    directory = cache.cache_dir()
    directory.mkdir(parents=True)
    directory.chmod(0o500)
    try:
        assert load(model_file).actors[0].id == "land"
        assert cache_files() == []
    finally:
        directory.chmod(0o700)


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_concurrent_writers_leave_one_good_cache(model_file: Path) -> None:
    code = "import sys, policyx; m = policyx.load(sys.argv[1]); print(len(m.actors))"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(model_file)], stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert outputs == ["4\n"] * 6
    assert len(cache_files()) == 1  # one cache file, no temporary files left behind
    assert cache.read(cache.key(model_file.read_bytes())) is not None
    assert load(model_file) == load(model_file, use_cache=False)


def test_the_key_depends_on_content_and_version(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.key(b"a") != cache.key(b"b")
    before = cache.key(b"a")
    monkeypatch.setattr(cache, "MAGIC", b"policyx-cache 1 9.9.9 1\n")
    assert cache.key(b"a") != before


def test_cache_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("POLICYX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "policyx"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "policyx"


def test_an_unchanged_file_is_known_by_its_stat_and_not_read(model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import loader

    monkeypatch.setattr(cache, "RACY_NS", 0)
    first = load(model_file)
    load(model_file)  # the stat note is written once the cache is there

    def unread(path: Path) -> bytes:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(loader, "read_bytes", unread)
    assert load(model_file) == first


def test_a_file_changed_a_moment_ago_is_always_read(model_file: Path) -> None:
    load(model_file)
    assert cache.stat_key([model_file]) is None  # within RACY_NS of its last change
    assert not list(cache.cache_dir().glob("stat-*"))


def test_a_forged_stat_note_is_ignored(model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    expected = load(model_file)
    load(model_file)
    (note,) = cache.cache_dir().glob("stat-*")
    note.write_bytes(bytes(cache.MAC_SIZE) + b"0" * 40)
    assert load(model_file) == expected
    assert cache.stat_key([model_file]) == (note.name.removeprefix("stat-"), cache.key(model_file.read_bytes()))
