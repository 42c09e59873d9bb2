"""Models and sources from streams: standard input (``-``), a pipe (``<(git show ...)``), a FIFO. Every
stream is read as it flows, bounded by the input limit, never refused for being a stream; a device is
still refused; a wait for a writer or for data ends with Ctrl-C as 130. In-process tests read through
``/dev/fd/N``; the subprocess ones (standard input itself, signals) are marked slow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from policyx.errors import DataError
from policyx.files import input_name, is_stream, read_limited

from .conftest import FIXTURE_SOURCE, FIXTURE_YAML, Run

pytestmark = pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd on this system")

TIMEOUT = 60


@pytest.fixture
def pipes() -> Iterator[Callable[[], tuple[int, int]]]:
    """Makes pipes (read end, write end), each end closed after the test if the test has not."""
    made: list[int] = []

    def make() -> tuple[int, int]:
        read_end, write_end = os.pipe()
        made.extend((read_end, write_end))
        return read_end, write_end

    yield make
    for fd in made:
        try:
            os.close(fd)
        except OSError:
            pass


@pytest.fixture
def pipe(pipes: Callable[[], tuple[int, int]]) -> tuple[int, int]:
    return pipes()


def _feed(fd: int, data: bytes, *, pieces: int = 1, pause: float = 0.0) -> threading.Thread:
    """Write ``data`` to ``fd`` in a thread, in ``pieces``, then close it."""

    def write() -> None:
        step = max(1, len(data) // pieces)
        try:
            for start in range(0, len(data), step):
                os.write(fd, data[start : start + step])
                time.sleep(pause)
        except BrokenPipeError:
            pass
        finally:
            os.close(fd)

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


# --------------------------------------------------------------------------- the input primitive


def test_a_pipe_is_read_whole_as_it_flows(pipe: tuple[int, int]) -> None:
    data = FIXTURE_YAML.encode() * 50
    writer = _feed(pipe[1], data, pieces=7, pause=0.01)
    assert read_limited(Path(f"/dev/fd/{pipe[0]}")) == data
    writer.join(TIMEOUT)


@pytest.mark.parametrize("size", [100, 101, 4096, (1 << 20) + 1])
def test_a_pipe_over_the_limit_is_refused_having_held_at_most_the_limit(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    limit = size - 1
    monkeypatch.setenv("POLICYX_MAX_INPUT_BYTES", str(limit))
    writer = _feed(pipe[1], b"x" * size, pieces=3)
    name = f"/dev/fd/{pipe[0]}"
    with pytest.raises(DataError) as info:
        read_limited(Path(name))
    assert str(info.value) == (
        f"{name}: is more than {limit:,} bytes, over the limit of {limit:,} (set POLICYX_MAX_INPUT_BYTES to raise it)"
    )
    os.close(pipe[0])  # the writer, still writing, sees the reader gone
    writer.join(TIMEOUT)


def test_a_pipe_of_exactly_the_limit_is_read(pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYX_MAX_INPUT_BYTES", "1000")
    writer = _feed(pipe[1], b"y" * 1000, pieces=4)
    assert read_limited(Path(f"/dev/fd/{pipe[0]}")) == b"y" * 1000
    writer.join(TIMEOUT)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("writer_first", [False, True])
def test_a_fifo_is_read_when_its_writer_comes(tmp_path: Path, writer_first: bool) -> None:
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    data = FIXTURE_YAML.encode() * 20
    wrote: list[bool] = []

    def write() -> None:  # open blocks until a reader comes; the reader must never leave it a broken pipe
        with open(fifo, "wb") as out:
            for start in range(0, len(data), 512):
                out.write(data[start : start + 512])
                out.flush()
        wrote.append(True)

    writer = threading.Thread(target=write)
    if writer_first:
        writer.start()
        time.sleep(0.1)
    else:
        threading.Timer(0.1, writer.start).start()
    assert read_limited(fifo) == data
    writer.join(TIMEOUT)
    assert wrote == [True]
    assert fifo.is_fifo()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_whose_writer_wrote_and_closed_at_once_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(b"small: 1\n"))  # done as soon as a reader opens
    writer.start()
    time.sleep(0.1)
    assert read_limited(fifo) == b"small: 1\n"
    writer.join(TIMEOUT)


def test_a_device_is_still_refused() -> None:
    with pytest.raises(DataError) as info:
        read_limited(Path("/dev/zero"))
    assert str(info.value) == "/dev/zero: is not a regular file or a pipe (a device or socket)"


def test_streams_are_named_and_known(tmp_path: Path, pipe: tuple[int, int]) -> None:
    assert input_name(Path("-")) == "<stdin>"
    assert input_name(tmp_path / "m.yaml") == str(tmp_path / "m.yaml")
    assert is_stream(Path("-"))
    assert is_stream(Path(f"/dev/fd/{pipe[0]}"))
    (tmp_path / "m.yaml").write_text("x", encoding="utf-8")
    assert not is_stream(tmp_path / "m.yaml")
    assert not is_stream(tmp_path)
    assert not is_stream(tmp_path / "missing")


# --------------------------------------------------------------------------- commands on a pipe (in-process)


def test_validate_a_model_from_a_pipe(run: Run, pipe: tuple[int, int]) -> None:
    writer = _feed(pipe[1], FIXTURE_YAML.encode(), pieces=5, pause=0.01)
    name = f"/dev/fd/{pipe[0]}"
    result = run("validate", data=Path(name))
    writer.join(TIMEOUT)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"ok: {name} (schema 1): 2 sources, ")


def test_a_broken_model_from_a_pipe_is_located(run: Run, pipe: tuple[int, int]) -> None:
    writer = _feed(pipe[1], b"schema_version: 1\nsources: [\n")
    name = f"/dev/fd/{pipe[0]}"
    result = run("validate", data=Path(name))
    writer.join(TIMEOUT)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{name}:3:1: ")
    assert result.stderr.count("\n") == 1


def test_a_source_from_a_pipe(run: Run, pipe: tuple[int, int], pipes: Callable[[], tuple[int, int]]) -> None:
    writer = _feed(pipe[1], FIXTURE_SOURCE.encode())
    name = f"/dev/fd/{pipe[0]}"
    result = run("verify", "--source", name)
    writer.join(TIMEOUT)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.endswith(f"excerpts from art found in {name}\n")
    again = pipes()
    writer = _feed(again[1], FIXTURE_SOURCE.encode())
    result = run("coverage", f"/dev/fd/{again[0]}")
    writer.join(TIMEOUT)
    assert (result.exit_code, result.stderr) == (0, "")


def test_standard_input_cannot_be_both_model_and_source(run: Run) -> None:
    result = run("verify", "--source", "-", data=Path("-"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "policyx: Invalid value for --source: standard input is the model (--data -): it cannot be read again"
        " (see 'policyx verify --help')\n"
    )
    result = run("coverage", "-", data=Path("-"))
    assert result.exit_code == 2
    assert "Invalid value for SOURCE: standard input is the model (--data -)" in result.stderr


# --------------------------------------------------------------------------- standard input and signals (subprocesses)


def _policyx(tmp_path: Path, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    env.pop("POLICYX_DATA", None)
    return subprocess.Popen(
        [sys.executable, "-m", "policyx", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", [("validate",), ("actors", "--fields", "id")])
def test_dash_reads_the_model_from_standard_input(tmp_path: Path, command: tuple[str, ...]) -> None:
    proc = _policyx(tmp_path, "--data", "-", *command, stdin=subprocess.PIPE)
    out, err = proc.communicate(FIXTURE_YAML.encode(), timeout=TIMEOUT)
    assert (proc.returncode, err) == (0, b"")
    first = out.decode().splitlines()[0]
    assert first.startswith("ok: <stdin> (schema 1): 2 sources, ") if command == ("validate",) else first == "land"


@pytest.mark.slow
def test_standard_input_over_the_limit_and_not_utf8(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "cache"), "POLICYX_MAX_INPUT_BYTES": "100"}
    ran = subprocess.run(
        [sys.executable, "-m", "policyx", "--data", "-", "validate"],
        input=FIXTURE_YAML.encode(),
        capture_output=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    assert (ran.returncode, ran.stdout) == (3, b"")
    assert ran.stderr == (
        b"<stdin>: is more than 100 bytes, over the limit of 100 (set POLICYX_MAX_INPUT_BYTES to raise it)"
        b" (from --data)\n"
    )
    del env["POLICYX_MAX_INPUT_BYTES"]
    ran = subprocess.run(
        [sys.executable, "-m", "policyx", "--data", "-", "validate"],
        input=b"schema_version: 1\n\xff\n",
        capture_output=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    assert (ran.returncode, ran.stderr) == (3, b"<stdin>:2:1: not UTF-8: byte 0xff cannot be decoded\n")


@pytest.mark.slow
def test_a_source_from_standard_input(tmp_path: Path, model_file: Path) -> None:
    proc = _policyx(tmp_path, "--data", str(model_file), "verify", "-s", "-", stdin=subprocess.PIPE)
    out, err = proc.communicate(FIXTURE_SOURCE.encode(), timeout=TIMEOUT)
    assert (proc.returncode, err) == (0, b"")
    assert out.decode().endswith("excerpts from art found in <stdin>\n")


def _interrupted(proc: subprocess.Popen[bytes]) -> tuple[int, bytes]:
    time.sleep(1.0)  # well into the wait: imports done, the read begun
    assert proc.poll() is None  # still waiting, as it should
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=TIMEOUT)
    return proc.returncode, err


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_nobody_writes_to_ends_with_ctrl_c(tmp_path: Path) -> None:
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    proc = _policyx(tmp_path, "--data", str(fifo), "validate")
    assert _interrupted(proc) == (130, b"")
    assert fifo.is_fifo()


@pytest.mark.slow
def test_standard_input_that_never_ends_ends_with_ctrl_c(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    try:
        proc = _policyx(tmp_path, "--data", "-", "validate", stdin=read_end)
        os.write(write_end, b"schema_version: 1\n")  # some data, then nothing more and no end
        assert _interrupted(proc) == (130, b"")
    finally:
        os.close(read_end)
        os.close(write_end)


# --------------------------------------------------------------------------- streams as output: /dev/stdout and kin


@pytest.mark.parametrize(
    ("name", "fd"),
    [
        ("/dev/stdout", 1),
        ("/dev/stderr", 2),
        ("/dev/stdin", 0),
        ("/dev/fd/7", 7),
        ("/dev//fd/./12", 12),
        ("/proc/self/fd/1", 1),
        ("/proc/thread-self/fd/3", 3),
        ("/proc/{pid}/fd/5", 5),  # this process's own id, filled in when run (xdist workers differ)
        ("/proc/1/fd/5", None),  # another process's: a path like any other
        ("/dev/fd", None),
        ("/dev/fdx/1", None),
        ("out.json", None),
    ],
)
def test_paths_that_name_a_descriptor(name: str, fd: int | None) -> None:
    from policyx.files import descriptor

    assert descriptor(Path(name.format(pid=os.getpid()))) == fd


def test_a_link_to_a_descriptor_names_it(tmp_path: Path) -> None:
    from policyx.files import descriptor

    (tmp_path / "out").symlink_to("/proc/self/fd/4")
    (tmp_path / "again").symlink_to("out")
    (tmp_path / "loop").symlink_to("loop")
    assert [descriptor(tmp_path / n) for n in ("out", "again", "loop")] == [4, 4, None]


@pytest.fixture
def appended(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A file that already holds a line, open for appending as a shell's ``>>`` opens it."""
    path = tmp_path / "stream.out"
    path.write_bytes(b"before\n")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    yield path, fd
    os.close(fd)


@pytest.mark.parametrize("fmt", ["json", "yaml", "sqlite"])
@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("how", ["dev", "proc", "link"])
def test_export_to_a_descriptor_writes_that_stream(
    run: Run, tmp_path: Path, appended: tuple[Path, int], fmt: str, force: bool, how: str
) -> None:
    path, fd = appended
    target = {"dev": f"/dev/fd/{fd}", "proc": f"/proc/self/fd/{fd}", "link": str(tmp_path / "stdout")}[how]
    if how == "link":  # a stand-in for /dev/stdout, a link to /proc/self/fd/1
        (tmp_path / "stdout").symlink_to(f"/proc/self/fd/{fd}")
    result = run("export", "--format", fmt, target, *(["--force"] if force else []))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    written = path.read_bytes()
    assert written.startswith(b"before\n")  # appended where the stream stood, never truncated
    start = {"json": b'{\n  "schema_version": 1,', "yaml": b"schema_version: 1\n", "sqlite": b"SQLite format 3\0"}
    assert written[len(b"before\n") :].startswith(start[fmt])
    if how == "link":
        assert (tmp_path / "stdout").is_symlink()  # never replaced by a file
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert leftovers == []


def test_a_view_exported_to_a_descriptor(run: Run, appended: tuple[Path, int]) -> None:
    path, fd = appended
    result = run("actors", "--format", "csv", "--fields", "id", "--export", f"/dev/fd/{fd}")
    assert (result.exit_code, result.stderr) == (0, f"wrote /dev/fd/{fd}\n")
    assert path.read_text(encoding="utf-8") == "before\nid\nland\nbloc\nleader\nrival\n"


def test_a_closed_descriptor_is_a_clean_error(run: Run) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    os.close(write_end)  # a number now free
    result = run("export", f"/dev/fd/{write_end}")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"policyx: cannot write /dev/fd/{write_end}: Bad file descriptor\n",
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", ["/dev/stdout", "/proc/self/fd/1", "-"])
@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_a_reader_gone_from_dev_stdout_is_quiet(tmp_path: Path, model_file: Path, name: str, fmt: str) -> None:
    big = FIXTURE_YAML.replace("actors:\n", "actors:\n" + "".join(_actor(i) for i in range(3000)), 1)
    model_file.write_text(big, encoding="utf-8")
    env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "cache")}
    shell = f'"{sys.executable}" -m policyx --data "{model_file}" export --format {fmt} {name} | head -c1 >/dev/null'
    ran = subprocess.run(
        ["bash", "-c", shell + "; echo ${PIPESTATUS[0]}"], capture_output=True, env=env, timeout=TIMEOUT, check=False
    )
    assert (ran.stdout, ran.stderr) == (b"0\n", b"")


def _actor(i: int) -> str:
    return (
        f"  - id: extra-{i}\n    name: Extra {i}\n    kind: state\n    description: {'Filler. ' * 20}\n"
        '    source: art\n    evidence: "Landia said"\n    basis: stated\n'
    )


@pytest.mark.slow
def test_force_to_dev_stdout_over_a_file_writes_the_stream(tmp_path: Path, model_file: Path) -> None:
    out = tmp_path / "captured.json"
    out.write_bytes(b"kept\n")
    env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "cache")}
    with open(out, "ab") as sink:
        ran = subprocess.run(
            [sys.executable, "-m", "policyx", "--data", str(model_file), "export", "--force", "/dev/stdout"],
            stdout=sink,
            stderr=subprocess.PIPE,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    assert (ran.returncode, ran.stderr) == (0, b"wrote /dev/stdout\n")
    assert out.read_bytes().startswith(b'kept\n{\n  "schema_version": 1,')
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


def test_diff_of_a_model_from_a_pipe(run: Run, pipe: tuple[int, int], model_file: Path) -> None:
    writer = _feed(pipe[1], FIXTURE_YAML.replace("name: Landia\n", "name: Lundia\n", 1).encode())
    result = run("diff", f"/dev/fd/{pipe[0]}", str(model_file))
    writer.join(TIMEOUT)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith(f"/dev/fd/{pipe[0]} \u2192 {model_file}: 1 changed\n")


def test_standard_input_is_compared_with_a_file_not_a_revision(run: Run) -> None:
    result = run("diff", "-", "HEAD")
    assert (result.exit_code, result.stderr) == (
        2,
        "policyx: a model from standard input (-) is compared with another file, not with a revision\n",
    )


@pytest.mark.slow
def test_diff_of_standard_input_and_a_file(tmp_path: Path, model_file: Path) -> None:
    proc = _policyx(tmp_path, "diff", "-", str(model_file), stdin=subprocess.PIPE)
    out, err = proc.communicate(FIXTURE_YAML.encode(), timeout=TIMEOUT)
    assert (proc.returncode, err, out.decode().splitlines()[0]) == (0, b"", f"<stdin> \u2192 {model_file}: no changes")
