"""Signals at every moment of a run: Ctrl-C (SIGINT) ends it with 130, SIGTERM and SIGHUP with 128 + the
signal, never with a traceback, and nothing is left behind (no temporary file, no SQLite journal), even
when the signal comes in the middle of a write's own clean-up. The subprocess tests are marked slow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from policyx import files
from policyx.errors import OutputError

from .conftest import FIXTURE_YAML

TIMEOUT = 60


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --------------------------------------------------------------------------- the write primitive


def test_an_unfinished_write_is_discarded_with_its_journals(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    fd, tmp = files._temporary(target)
    os.close(fd)
    for journal in ("-journal", "-wal", "-shm"):
        Path(tmp + journal).write_bytes(b"j")
    assert Path(tmp).name.startswith(".out.db.") and tmp.endswith(".tmp")
    files.discard_unfinished()
    assert list(tmp_path.iterdir()) == []
    assert not files._UNFINISHED


@pytest.mark.parametrize("when", ["writing", "replacing", "linking"])
def test_an_interrupt_in_the_clean_up_still_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    target = tmp_path / "out.json"
    real_unlink = os.unlink
    calls = {"n": 0}

    def unlink_once_interrupted(path: Any, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyboardInterrupt  # a second Ctrl-C, in the middle of the clean-up
        real_unlink(path, *args, **kwargs)

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "unlink", unlink_once_interrupted)
    if when == "replacing":
        monkeypatch.setattr(files.os, "replace", interrupted)
    if when == "linking":
        monkeypatch.setattr(files.os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt), files.atomic(target, force=when == "replacing") as tmp:
        tmp.write_text("half", encoding="utf-8")
        if when == "writing":
            raise KeyboardInterrupt
    assert _hidden(tmp_path) != []  # the clean-up itself was cut short
    monkeypatch.setattr(files.os, "unlink", real_unlink)
    files.discard_unfinished()  # what the signal edge does on the way out
    assert list(tmp_path.iterdir()) == []


def test_a_finished_write_is_not_discarded(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    files.write_text(target, "{}\n", force=False)
    assert not files._UNFINISHED
    files.discard_unfinished()
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


# --------------------------------------------------------------------------- whole runs (subprocesses)


def _big_model(tmp_path: Path, records: int = 20_000) -> Path:
    extra = "".join(
        f"  - id: extra-{i}\n    name: Extra {i}\n    kind: state\n    description: Filler {i}.\n"
        '    source: art\n    evidence: "Landia said"\n    basis: stated\n'
        for i in range(records)
    )
    path = tmp_path / "big.yaml"
    path.write_text(FIXTURE_YAML.replace("actors:\n", "actors:\n" + extra, 1), encoding="utf-8")
    return path


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("POLICYX_DATA", None)
    return env


UP = (
    "import sys, importlib.abc\n"
    "class Up(importlib.abc.MetaPathFinder):\n"  # says 'up' once the run is under the entry point's care
    "    def find_spec(self, name, path, target=None):\n"
    "        if name == 'policyx.cli':\n"
    "            sys.meta_path.remove(self)\n"
    "            sys.stderr.write('up\\n'); sys.stderr.flush()\n"
    "sys.meta_path.insert(0, Up())\n"
    "from policyx.entry import main\n"  # the package and the entry point: what Python's start leaves to us
    "main()\n"
)


@pytest.mark.slow
def test_ctrl_c_at_every_moment_of_a_big_sqlite_export(tmp_path: Path) -> None:
    model = _big_model(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "o.db"
    seen = set()
    for delay in (0.0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0, 1.5):
        target.unlink(missing_ok=True)
        args = ["--no-cache", "--data", str(model), "export", "--format", "sqlite", str(target)]
        proc = subprocess.Popen(
            [sys.executable, "-c", UP, *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=_env(tmp_path)
        )
        assert proc.stderr is not None
        assert proc.stderr.readline() == b"up\n"
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        err = proc.stderr.read()
        proc.wait(TIMEOUT)
        proc.stderr.close()
        seen.add(proc.returncode)
        if proc.returncode == 0:  # done before the signal came
            assert err == f"wrote {target}\n".encode()
            assert [p.name for p in out.iterdir()] == ["o.db"]
        else:
            assert (delay, proc.returncode, err) == (delay, 130, b"")
            assert list(out.iterdir()) == [], delay
    assert 130 in seen


def _killed_mid_fill(tmp_path: Path, model: Path, signum: int, ignore: bool = False) -> tuple[int, bytes, Path]:
    """An export whose SQLite fill, its transaction open and journal written, sends itself ``signum``."""
    code = (
        "import os, signal, sys\n"
        f"signal.signal(signal.SIGHUP, signal.{'SIG_IGN' if ignore else 'SIG_DFL'})\n"  # not nohup's, if run so
        "from policyx.output import sqlite\n"
        "real = sqlite._fill\n"
        "def fill(db, model):\n"
        "    db.execute('CREATE TABLE filler (x)')\n"
        "    db.executemany('INSERT INTO filler VALUES (?)', [('x' * 100,)] * 5000)\n"
        "    assert any(n.endswith('.tmp-journal') for n in os.listdir(os.environ['OUT']))\n"
        f"    os.kill(os.getpid(), {int(signum)})\n"
        "    real(db, model)\n"
        "sqlite._fill = fill\n"
        "from policyx.entry import main\n"
        "main()\n"
    )
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    target = out / "x.db"
    proc = subprocess.run(
        [sys.executable, "-c", code, "--data", str(model), "export", str(target), "--format", "sqlite"],
        capture_output=True,
        timeout=TIMEOUT,
        env={**_env(tmp_path), "OUT": str(out)},
        check=False,
    )
    return proc.returncode, proc.stderr, out


@pytest.mark.slow
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_mid_export_leaves_no_temporary_file_nor_journal(tmp_path: Path, model_file: Path, name: str) -> None:
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    signum = getattr(signal, name)
    code, err, out = _killed_mid_fill(tmp_path, model_file, signum)
    assert (code, err) == (130 if name == "SIGINT" else 128 + signum, b"")
    assert list(out.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP here")
def test_a_sighup_ignored_by_nohup_stays_ignored(tmp_path: Path, model_file: Path) -> None:
    code, err, out = _killed_mid_fill(tmp_path, model_file, signal.SIGHUP, ignore=True)
    assert (code, err) == (0, f"wrote {out / 'x.db'}\n".encode())
    assert [p.name for p in out.iterdir()] == ["x.db"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "module",
    ["typer", "yaml", "sqlite3", "policyx.cli.app", "policyx.files", "policyx.loader", "policyx.output.sqlite"],
)
def test_ctrl_c_while_any_module_is_imported_exits_130_quietly(tmp_path: Path, model_file: Path, module: str) -> None:
    code = (
        "import sys, importlib.abc\n"
        "class Interrupt(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        f"        if name == {module!r}:\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from policyx.entry import main\n"
        "main()\n"
    )
    _interrupted_export(tmp_path, model_file, code)


def _interrupted_export(tmp_path: Path, model_file: Path, code: str) -> None:
    """Run ``code`` (ending in ``main()``) as policyx exporting to SQLite: it must end 130, quietly, leaving nothing."""
    args = ["--no-cache", "--data", str(model_file), "export", "--format", "sqlite", str(tmp_path / "o.db")]
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, timeout=TIMEOUT, env=_env(tmp_path), check=False
    )
    assert (proc.returncode, proc.stderr) == (130, b"")
    assert not (tmp_path / "o.db").exists()
    assert _hidden(tmp_path) == []


@pytest.mark.slow
def test_ctrl_c_that_lands_in_a_callback_still_stops_the_run_quietly(tmp_path: Path, model_file: Path) -> None:
    """Python cannot raise a KeyboardInterrupt in a callback (as the one freeing an import's lock): it
    prints "Exception ignored" and goes on. The entry point raises it again, so the run still ends 130."""
    code = (
        "import weakref\n"
        "from policyx.output import sqlite\n"
        "real = sqlite._fill\n"
        "def fill(db, model):\n"
        "    class Lock: pass\n"
        "    lock = Lock()\n"
        "    def callback(_):\n"
        "        raise KeyboardInterrupt\n"
        "    ref = weakref.ref(lock, callback)\n"
        "    del lock\n"
        "    real(db, model)\n"
        "    import time\n"
        "    time.sleep(1)\n"  # the Ctrl-C comes again, before the export could be finished
        "sqlite._fill = fill\n"
        "from policyx.entry import main\n"
        "main()\n"
    )
    _interrupted_export(tmp_path, model_file, code)


def test_output_error_is_what_a_clash_says(tmp_path: Path) -> None:
    (tmp_path / "o.json").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="exists; use --force to replace it"):
        files.write_text(tmp_path / "o.json", "{}", force=False)
