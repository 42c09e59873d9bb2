"""Fault injection: special files, hostile names and arguments, damaged and crafted caches, closed and
full streams, signals. Each case runs in a subprocess bounded in time (and, where input could grow
without end, in memory), and none may hang, crash, print a traceback or an internal error, or lose a file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURE_YAML

TIMEOUT = 60
ONE_GB = 1 << 30


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ONE_GB, ONE_GB))


class Ran:
    def __init__(self, proc: subprocess.CompletedProcess[bytes]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace") if proc.stdout is not None else ""
        self.err = proc.stderr.decode("utf-8", "replace")
        assert "Traceback" not in self.err and "internal error" not in self.err, self.err


@pytest.fixture
def policyx(tmp_path: Path, model_file: Path) -> Callable[..., Ran]:
    """Run ``python -m policyx`` on the fixture model with a private cache, bounded in time and memory."""

    def run(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> Ran:
        full_env = {
            **os.environ,
            "POLICYX_DATA": str(model_file),
            "POLICYX_CACHE_DIR": str(tmp_path / "cache"),
            "PYTHONUNBUFFERED": "",
            **(env or {}),
        }
        kwargs.setdefault("stdout", subprocess.PIPE)
        proc = subprocess.run(
            [sys.executable, "-m", "policyx", *args],
            stderr=subprocess.PIPE,
            env=full_env,
            timeout=TIMEOUT,
            preexec_fn=kwargs.pop("preexec_fn", _limit_memory),
            check=False,
            **kwargs,
        )
        return Ran(proc)

    return run


# --------------------------------------------------------------------------- special files as output


def test_export_to_dev_null_writes_through_and_keeps_the_device(policyx: Callable[..., Ran]) -> None:
    for fmt in ("json", "yaml", "sqlite"):
        ran = policyx("export", "/dev/null", "--format", fmt, "--force")
        assert (ran.code, ran.err) == (0, "wrote /dev/null\n")
    assert Path("/dev/null").is_char_device()


def test_export_to_a_fifo_writes_into_it_and_keeps_it(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    ran = policyx("export", str(fifo), "--format", "json")
    reader.join(TIMEOUT)
    assert (ran.code, ran.err) == (0, f"wrote {fifo}\n")
    assert received[0].startswith(b'{\n  "schema_version": 1,')
    assert fifo.is_fifo()


def test_dash_means_standard_output(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    assert policyx("export", "-", "--format", "json").out.startswith('{\n  "schema_version": 1,')
    with open(tmp_path / "copy.db", "wb") as sink:
        ran = policyx("export", "-", "--format", "sqlite", stdout=sink)
    assert (ran.code, ran.err) == (0, "")
    import sqlite3

    db = sqlite3.connect(tmp_path / "copy.db")
    assert db.execute("SELECT count(*) FROM actors").fetchone() == (4,)
    db.close()


def test_other_special_files_are_refused(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        ran = policyx("export", str(path), "--format", "json", "--force")
    finally:
        server.close()
    assert (ran.code, ran.err) == (
        1,
        f"policyx: {path} is a special file (not a regular file, device or FIFO); refusing to write it\n",
    )
    assert path.is_socket()


def test_a_failed_export_leaves_nothing_behind(policyx: Callable[..., Ran], tmp_path: Path, model_file: Path) -> None:
    target = tmp_path / "out" / "x.json"
    ran = policyx("export", str(target))
    assert (ran.code, ran.err) == (1, f"policyx: {target.parent} is not a directory\n")
    existing = tmp_path / "kept.json"
    existing.write_text("mine", encoding="utf-8")
    ran = policyx("export", str(existing))
    assert (ran.code, ran.err) == (1, f"policyx: {existing} exists; use --force to replace it\n")
    assert existing.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_disk_gives_a_clean_message_and_no_partial_file(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    disk = tmp_path / "small"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], check=False)
    if mounted.returncode != 0:
        pytest.skip("this machine cannot mount a tmpfs (not privileged enough)")
    try:
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk to its last byte
            while os.write(fd, b"x" * 512):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        for fmt, name in (("sqlite", "x.db"), ("json", "x.json"), ("yaml", "x.yaml")):
            ran = policyx("export", str(disk / name), "--format", fmt)
            assert ran.code == 1, ran.err
            assert ran.err.startswith("policyx: cannot write "), ran.err
            assert "No space left on device" in ran.err or "disk is full" in ran.err, ran.err
        assert [p.name for p in disk.iterdir()] == ["filler"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


# --------------------------------------------------------------------------- special and huge files as input


@pytest.mark.parametrize("args", [("--data", "/dev/zero", "actors"), ("verify", "--source", "/dev/zero")])
def test_devices_are_not_read(policyx: Callable[..., Ran], args: tuple[str, ...]) -> None:
    ran = policyx(*args)
    origin = " (from --data)" if "--data" in args else ""
    assert (ran.code, ran.err) == (3, f"/dev/zero: is not a regular file or a pipe (a device or socket){origin}\n")


def test_a_fifo_as_model_is_read_when_written(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(FIXTURE_YAML, encoding="utf-8"))
    writer.start()
    ran = policyx("--data", str(fifo), "actors", "--fields", "id")
    writer.join(TIMEOUT)
    assert (ran.code, ran.err, ran.out.split()) == (0, "", ["land", "bloc", "leader", "rival"])


def test_files_over_the_size_limit_are_refused(policyx: Callable[..., Ran], tmp_path: Path, model_file: Path) -> None:
    sparse = tmp_path / "huge.yaml"
    with open(sparse, "wb") as out:
        out.truncate(2 * ONE_GB)
    ran = policyx("--data", str(sparse), "actors")
    assert (ran.code, ran.err) == (
        3,
        f"{sparse}: is 2,147,483,648 bytes, over the limit of 536,870,912 (set POLICYX_MAX_INPUT_BYTES to raise it)"
        " (from --data)\n",
    )
    size = model_file.stat().st_size
    ran = policyx("actors", env={"POLICYX_MAX_INPUT_BYTES": "100"})
    assert (ran.code, ran.err) == (
        3,
        f"{model_file}: is {size:,} bytes, over the limit of 100 (set POLICYX_MAX_INPUT_BYTES to raise it)"
        " (from $POLICYX_DATA)\n",
    )


def test_hostile_file_names_are_shown_escaped(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "a.yaml").write_text(FIXTURE_YAML, encoding="utf-8")
    os.close(os.open(bytes(folder) + b"/b\xff\x1b[31m.yaml", os.O_CREAT | os.O_WRONLY, 0o644))
    with open(bytes(folder) + b"/b\xff\x1b[31m.yaml", "w", encoding="utf-8") as out:
        out.write("- not a mapping\n")
    ran = policyx("--data", str(folder), "validate")
    assert ran.code == 3
    assert ran.err == f"{folder}/b\\udcff\\x1b[31m.yaml:1:1: top level must be a mapping, got a list\n"


# --------------------------------------------------------------------------- the cache


def _cache_file(tmp_path: Path) -> Path:
    (found,) = (tmp_path / "cache").glob("model-*.bin")
    return found


def test_a_crafted_cache_with_the_right_header_is_ignored_and_rewritten(
    policyx: Callable[..., Ran], tmp_path: Path
) -> None:
    import marshal

    from policyx.cache import MAGIC

    expected = policyx("actors").out
    cached = _cache_file(tmp_path)
    for payload in (
        marshal.dumps({"schema_version": 1}),
        marshal.dumps({"schema_version": 1, "files": {}, **{c: [1] for c in ("sources", "themes", "actors")}}),
        marshal.dumps([1, 2, 3]),
        b"\xff" * 100,
    ):
        cached.write_bytes(MAGIC + payload)
        assert policyx("actors").out == expected
        assert cached.read_bytes().startswith(MAGIC) and len(cached.read_bytes()) > 1000  # rewritten whole


def test_a_cache_record_of_the_wrong_shape_is_ignored(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    import marshal

    from policyx import cache

    expected = policyx("actors").out
    cached = _cache_file(tmp_path)
    data = marshal.loads(cached.read_bytes()[len(cache.MAGIC) + cache.MAC_SIZE :])
    data["actors"][0]["name"] = "Planted"
    data["actors"][0]["aliases"] = "not a list"
    forged = marshal.dumps(data)  # the right header, a plausible seal, data policyx never wrote
    cached.write_bytes(cache.MAGIC + cache._mac(b"a guess at the key".ljust(32), forged) + forged)
    assert policyx("actors").out == expected


@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "other-owner-dir"])
def test_untrusted_cache_files_are_never_read(policyx: Callable[..., Ran], tmp_path: Path, kind: str) -> None:
    import marshal

    from policyx import cache

    expected = policyx("actors").out
    cached = _cache_file(tmp_path)
    planted = marshal.loads(cached.read_bytes()[len(cache.MAGIC) + cache.MAC_SIZE :])
    planted["actors"][0]["name"] = "Planted"
    cached.unlink()
    if kind == "fifo":
        os.mkfifo(cached)
    elif kind == "link-to-dev-zero":
        cached.symlink_to("/dev/zero")
    else:  # a cache sealed with the right key, in a directory others may write (so may have planted)
        payload = marshal.dumps(planted)
        secret = (tmp_path / "cache" / "key").read_bytes()
        cached.write_bytes(cache.MAGIC + cache._mac(secret, payload) + payload)
        os.chmod(tmp_path / "cache", 0o777)
    out = policyx("actors").out
    assert out == expected and "Planted" not in out


def test_a_cache_directory_others_may_write_is_not_used(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    shared = tmp_path / "cache"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    assert policyx("actors").code == 0
    assert list(shared.iterdir()) == []


# --------------------------------------------------------------------------- streams


def test_closed_stdout_is_a_clean_error(policyx: Callable[..., Ran]) -> None:
    def close_stdout() -> None:
        _limit_memory()
        os.close(1)

    ran = policyx("actors", stdout=None, preexec_fn=close_stdout)
    assert (ran.code, ran.err) == (1, "policyx: cannot go on: standard output is closed\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_full_stdout_is_a_clean_error(policyx: Callable[..., Ran]) -> None:
    with open("/dev/full", "w") as full:
        ran = policyx("actors", stdout=full)
    assert ran.code == 1
    assert ran.err in (
        "policyx: cannot go on: No space left on device\n",
        "policyx: cannot write to standard output: No space left on device\n",
    )


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_that_goes_away_is_quiet_and_a_failure_still_wins(
    policyx: Callable[..., Ran], tmp_path: Path, unbuffered: str, source_file: Path
) -> None:
    for args, code in ((("actors",), 0), (("compare", "2018", "2024"), 0), (("verify", "--source", "/dev/null"), 3)):
        script = f"{sys.executable} -m policyx {' '.join(args)} | true; echo ${{PIPESTATUS[0]}}"
        proc = subprocess.run(
            ["bash", "-c", script],
            capture_output=True,
            env={**os.environ, "PYTHONUNBUFFERED": unbuffered, "POLICYX_CACHE_DIR": str(tmp_path / "c")},
            timeout=TIMEOUT,
            check=False,
        )
        assert proc.stdout.decode().strip() == str(code), args
        assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr


def test_an_encoding_without_the_datas_characters_escapes_them(policyx: Callable[..., Ran], tmp_path: Path) -> None:
    model = tmp_path / "accents.yaml"
    model.write_text(FIXTURE_YAML.replace("name: Landia", "name: Landiaş"), encoding="utf-8")
    ran = policyx("--data", str(model), "actors", "--fields", "name", env={"PYTHONIOENCODING": "ascii"})
    assert (ran.code, ran.out.splitlines()[0]) == (0, "Landia\\u015f")


# --------------------------------------------------------------------------- signals


def test_ctrl_c_while_importing_exits_130_quietly(tmp_path: Path) -> None:
    code = (
        "import sys, importlib.abc\n"
        "class Interrupt(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'typer':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from policyx.entry import main\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, "actors"], capture_output=True, timeout=TIMEOUT, check=False)
    assert (proc.returncode, proc.stderr) == (130, b"")


def test_ctrl_c_mid_export_exits_130_and_leaves_nothing(tmp_path: Path, model_file: Path) -> None:
    code = (
        "import sys\n"
        "from policyx.output import sqlite\n"
        "def interrupted(*args):\n"
        "    raise KeyboardInterrupt\n"
        "sqlite._fill = interrupted\n"
        "from policyx.entry import main\n"
        "main()\n"
    )
    target = tmp_path / "x.db"
    proc = subprocess.run(
        [sys.executable, "-c", code, "--data", str(model_file), "export", str(target), "--format", "sqlite"],
        capture_output=True,
        timeout=TIMEOUT,
        env={**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "c")},
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (130, b"")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "model.yaml"]


def test_sigterm_mid_run_leaves_no_temporary_file(tmp_path: Path, model_file: Path) -> None:
    code = (
        "import os, signal\n"
        "from policyx.output import sqlite\n"
        "def killed(*args):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "sqlite._fill = killed\n"
        "from policyx.entry import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "--data", str(model_file), "export", str(tmp_path / "x.db"), "--format", "sqlite"],
        capture_output=True,
        timeout=TIMEOUT,
        env={**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "c")},
        check=False,
    )
    assert proc.returncode == 128 + signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "model.yaml"]


# --------------------------------------------------------------------------- pathological arguments


@pytest.mark.parametrize(
    ("args", "code", "err"),
    [
        (("graph", "--actor", "land", "--depth", "9999999999"), 0, ""),
        (("compare", "2018", "9" * 5000), 4, None),
        (
            ("search", " ".join(f"w{i}" for i in range(1000))),
            2,
            "policyx: a search takes at most 32 different words, not 1000\n",
        ),
        (("search", "x" * 100_000), 0, ""),
        (("timeline", "--from", "9" * 5000), 2, None),
        (("actor", "\x1b[31m" * 1000), 4, None),
        (
            ("relations", "--as-of", "2020-02-30"),
            2,
            "policyx: Invalid value for '--as-of': impossible date '2020-02-30': February 2020 has 29 days; write "
            "YYYY, YYYY-MM or YYYY-MM-DD (see 'python -m policyx relations --help')\n",
        ),
    ],
)
def test_pathological_arguments(policyx: Callable[..., Ran], args: tuple[str, ...], code: int, err: str | None) -> None:
    ran = policyx(*args)
    assert ran.code == code, ran.err
    if err is not None:
        assert ran.err == err
    assert len(ran.err) < 2200 and "\x1b" not in ran.err
