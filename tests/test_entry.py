"""The script's entry points run in-process: streams made safe, signals, the pager's fallbacks,
standard output named as -."""

from __future__ import annotations

import builtins
import io
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policyx import output
from policyx.cli import main
from policyx.cli.env import ClosedStream, Environment, printable


@pytest.fixture(autouse=True)
def signals_kept() -> Any:
    """The entry points set signal handlers (and ignore signals on the way out): the test process's are put back."""
    names = [name for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    yield
    for name, handler in saved.items():
        signal.signal(getattr(signal, name), handler)


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["policyx", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


def test_main_runs_the_app_and_restores_the_default_sigterm(
    monkeypatch: pytest.MonkeyPatch, model_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = signal.getsignal(signal.SIGTERM)
    try:
        assert run_main(monkeypatch, "--data", str(model_file), "actors", "--fields", "id") == 0
        assert capsys.readouterr().out == "land\nbloc\nleader\nrival\n"
        handler = signal.getsignal(signal.SIGTERM)
        assert callable(handler)
        with pytest.raises(SystemExit) as stopped:
            handler(signal.SIGTERM, None)
        assert stopped.value.code == 128 + signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_main_stands_in_for_a_closed_stdout(monkeypatch: pytest.MonkeyPatch, model_file: Path) -> None:
    previous = signal.getsignal(signal.SIGTERM)
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", errors)
    try:
        assert run_main(monkeypatch, "--data", str(model_file), "actors") == 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert errors.getvalue() == "policyx: cannot go on: standard output is closed\n"


def test_main_ends_an_interrupt_with_130(monkeypatch: pytest.MonkeyPatch) -> None:
    import policyx.cli as cli

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(cli, "app", interrupted)
    try:
        assert run_main(monkeypatch, "actors") == 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_entry_ends_an_interrupt_during_the_import_with_130(monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import entry

    real_import = builtins.__import__

    def interrupted(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "cli" or name.endswith(".cli"):
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    def leave(status: object) -> None:  # in-process: a SystemExit, not the end of the test process
        raise SystemExit(status)

    monkeypatch.setattr(entry, "_exit", leave)
    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 130


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("status", "code", "err"),
    [(None, 0, ""), (0, 0, ""), (3, 3, ""), (-1, 255, ""), (256, 0, ""), ("a message", 1, "a message\n")],
)
def test_the_process_ends_as_systemexit_would_end_it(status: object, code: int, err: str, tmp_path: Path) -> None:
    """``entry._exit`` skips the interpreter's teardown, nothing else: the status as SystemExit takes it,
    the atexit functions run, the streams flushed (a reader gone away is no error)."""
    script = (
        "import atexit, sys\n"
        "from policyx import entry\n"
        "atexit.register(lambda: sys.stdout.write('atexit ran\\n'))\n"
        "sys.stdout.write('buffered')\n"
        f"entry._exit({status!r})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (code, "bufferedatexit ran\n", err)
    gone = (  # the reader gone before the buffered text is flushed, at the end
        f"import sys, time\nfrom policyx import entry\ntime.sleep(0.3)\nsys.stdout.write('x' * 5000)\n"
        f"entry._exit({status!r})\n"
    )
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # the text waits for the flush
    piped = subprocess.run(
        f"{shlex.quote(sys.executable)} -c {shlex.quote(gone)} | true",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=buffered,
    )
    assert (piped.stdout, piped.stderr) == ("", err)


def test_a_closed_stream_refuses_writes_clearly() -> None:
    closed = ClosedStream("stderr")
    assert closed.isatty() is False
    with pytest.raises(OSError, match="standard error is closed"):
        closed.write("x")


def test_messages_are_printable_and_bounded() -> None:
    assert printable("a\x1b[31mb\udcff") == "a\\x1b[31mb\\udcff"
    long = printable("x" * 5000)
    assert long == "x" * 2000 + "... (3000 more characters)"


def test_messages_to_a_closed_stderr_are_dropped() -> None:
    out = io.StringIO()
    Environment(out=out, err=ClosedStream("stderr")).message("nowhere to go")  # no exception
    assert out.getvalue() == ""  # and never sent to standard output instead


def test_the_pager_falls_back_to_plain_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = io.StringIO()
    screen = Environment(out=out, terminal=True, height=2)
    monkeypatch.setenv("POLICYX_PAGER", str(tmp_path / "no-such-pager"))
    assert screen.page(lambda stream: stream.write("1\n2\n3\n") and None) is None
    assert out.getvalue() == "1\n2\n3\n"
    monkeypatch.delenv("POLICYX_PAGER")
    monkeypatch.setenv("PAGER", "cat")
    assert screen.pager_command() is None
    monkeypatch.delenv("PAGER")
    monkeypatch.setenv("PATH", "")  # only relative entries (the working directory): no less found
    assert screen.pager_command() is None


def test_the_pager_survives_a_reader_that_quits_early(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setenv("POLICYX_PAGER", f"{sys.executable} -c pass")
    screen = Environment(out=out, terminal=True, height=2)
    assert screen.page(lambda stream: stream.write("line\n" * 100_000) and "note") == "note"
    assert out.getvalue() == ""


def test_columns_come_from_the_width_the_terminal_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Environment(width=70).columns == 70
    assert Environment(terminal=False).columns is None
    monkeypatch.setenv("COLUMNS", "91")
    assert Environment(terminal=True).columns == 91


def test_dash_sends_a_database_to_a_binary_stdout(tmp_path: Path) -> None:
    from policyx.loader import load_text

    from .conftest import FIXTURE_YAML

    model = load_text(FIXTURE_YAML)
    binary = io.BytesIO()
    stream = io.TextIOWrapper(binary, encoding="utf-8")
    output.write("model", "sqlite", model, output.Settings(), out=stream, path=Path("-"))
    assert binary.getvalue().startswith(b"SQLite format 3\x00")
    with pytest.raises(output.BadValue, match="cannot take binary data"):
        output.write("model", "sqlite", model, output.Settings(), out=io.StringIO(), path=Path("-"))
    with pytest.raises(output.BadValue, match="needs a FILE"):
        output.write("model", "sqlite", model, output.Settings(), out=io.StringIO())
    text = io.StringIO()
    output.write("model", "json", model, output.Settings(), out=text, path=Path("-"))
    assert text.getvalue().startswith('{\n  "schema_version": 1,')
