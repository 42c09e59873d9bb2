"""docs/curating.md is real: its ```console blocks, run in order in one copy of examples/invented/,
print what they show.

Each block is ``$ command`` and its output. The commands run in bash on a pseudo-terminal of 100
columns (so policyx lays its output out as for a person), without colour or pager, with the
project's ``policyx`` on PATH and a git identity of its own; stdout and stderr together, as a
terminal shows them. To refresh the page after changing output:

    .venv/bin/python tests/test_curating.py --update
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "curating.md"
EXAMPLE = ROOT / "examples" / "invented"
BLOCK = re.compile(r"```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.S)
WIDTH, HEIGHT = 100, 40


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYX_", "GIT_"))}
    env |= {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "COLUMNS": str(WIDTH),
        "LINES": str(HEIGHT),
        "NO_COLOR": "1",
        "TERM": "xterm-256color",
        "LC_ALL": "C.UTF-8",
        "POLICYX_PAGER": "",
        "POLICYX_CACHE_DIR": str(home / "cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_PAGER": "cat",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "color.ui",
        "GIT_CONFIG_VALUE_0": "never",
        "GIT_AUTHOR_NAME": "A. Curator",
        "GIT_AUTHOR_EMAIL": "curator@example.org",
        "GIT_COMMITTER_NAME": "A. Curator",
        "GIT_COMMITTER_EMAIL": "curator@example.org",
        "GIT_AUTHOR_DATE": "2031-03-05T12:00:00Z",
        "GIT_COMMITTER_DATE": "2031-03-05T12:00:00Z",
    }
    env.pop("_TYPER_FORCE_DISABLE_TERMINAL", None)
    return env


def on_terminal(command: str, cwd: Path, env: dict[str, str]) -> str:
    """What the command shows on a terminal of WIDTH columns: stdout and stderr as they come."""
    import fcntl
    import struct
    import termios

    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    process = subprocess.Popen(
        ["bash", "-o", "pipefail", "-c", command], stdin=child, stdout=child, stderr=child, cwd=cwd, env=env
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    process.wait(timeout=120)
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def blocks() -> list[tuple[str, str]]:
    return [(m["command"], m["output"]) for m in BLOCK.finditer(PAGE.read_text(encoding="utf-8"))]


def run_all(commands: list[str]) -> list[str]:
    """Every command's output, run in order in one fresh copy of the example."""
    with tempfile.TemporaryDirectory(prefix="policyx-tutorial-") as scratch:
        home = Path(scratch)
        work = home / "veridia"
        shutil.copytree(EXAMPLE, work)
        env = _environment(home)
        return [on_terminal(command, work, env) for command in commands]


def test_the_tutorial_walks_the_whole_workbench() -> None:
    commands = " ".join(c for c, _ in blocks())
    for step in ("policyx new", "validate", "verify", "coverage", "diff", "git diff"):
        assert step in commands, step


def test_the_tutorial_prints_what_it_shows() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed (apt-get install git): the tutorial's diff steps need it")
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("needs a POSIX pseudo-terminal")
    shown = blocks()
    for (command, expected), actual in zip(shown, run_all([c for c, _ in shown]), strict=True):
        assert actual == expected, f"docs/curating.md is stale at: $ {command}"


def update() -> None:
    shown = blocks()
    outputs = iter(run_all([c for c, _ in shown]))
    text = PAGE.read_text(encoding="utf-8")
    PAGE.write_text(BLOCK.sub(lambda m: f"```console\n$ {m['command']}\n{next(outputs)}```", text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()


def test_the_invented_example_validates_and_verifies() -> None:
    from policyx.loader import load, read_text
    from policyx.verify import verify

    text = read_text(EXAMPLE / "veridia-2031.txt")
    for name in ("veridia-2031.yaml", "veridia-2031-revised.yaml"):
        model = load(EXAMPLE / name, use_cache=False)
        report = verify(model, text)
        assert (report.misses, report.skipped) == ([], 0), name
        assert "INVENTED" in (EXAMPLE / name).read_text(encoding="utf-8").split("\n\n")[0]
    assert "invented" in (EXAMPLE / "README.md").read_text(encoding="utf-8")
