"""The documents' examples are real: every ```console block in the README, CONTRIBUTING.md, data/CODING.md
and docs/*.md is run and must print what it shows.

A block is one or more steps, each ``$ command`` (continued on lines that start with ``> ``)
followed by what it prints, on a terminal of 80 columns and 24 lines unless its fence says
otherwise (```` ```console width=100 height=40 ````; the text before the block must then say
so, as "100 columns" or "100x40"). A lone ``policyx ...`` command runs in-process as on that
terminal, without colour; anything else (pipes, loops, files) runs in bash with the project's
``policyx`` on PATH, its standard error shown with its output. The steps of a block share a
scratch directory, in which ``data/``, ``examples/`` and ``schema/`` are the project's own.

An output may be shortened to its head: its last line is then ``[... N more lines]``, and
the command must print the lines shown, then N more.

To refresh every example, the compare picture and the generated reference sections after
changing output (``make docs`` does the same):

    .venv/bin/python tests/test_readme.py --update
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SEPARATE = {ROOT / "docs" / "curating.md"}
"""Pages with a runner of their own (tests/test_curating.py runs the tutorial's steps in order, in one folder)."""
DOCUMENTS = [
    README,
    ROOT / "CONTRIBUTING.md",
    ROOT / "data" / "CODING.md",
    *sorted(p for p in (ROOT / "docs").glob("*.md") if p not in SEPARATE),
]
"""Every Markdown file of the project that may hold examples."""
FENCE = re.compile(r"^```console(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.S | re.M)
HEAD = re.compile(r"\[\.\.\. (?P<more>\d+) more lines?\]")
SHELL = re.compile(r"[|;&<>$`\n]")
WIDTH, HEIGHT = 80, 24


@dataclass
class Step:
    command: str
    shown: str

    @property
    def head(self) -> int | None:
        """How many lines the shortened output shows (None: all of it)."""
        lines = self.shown.splitlines()
        return len(lines) - 1 if lines and HEAD.fullmatch(lines[-1]) else None


@dataclass
class Block:
    path: Path
    width: int
    height: int | None
    steps: list[Step]
    before: str
    """The document's text since the previous heading or block: where the block's size is stated."""

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}: $ {self.steps[0].command[:40]}"


def _steps(body: str) -> list[Step]:
    steps: list[Step] = []
    lines = body.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            raise ValueError(f"a console block's step must start with '$ ': {lines[i]!r}")
        command = [lines[i][2:].rstrip("\n")]
        i += 1
        while i < len(lines) and lines[i].startswith("> "):
            command.append(lines[i][2:].rstrip("\n"))
            i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith("$ "):
            shown.append(lines[i])
            i += 1
        steps.append(Step("\n".join(command), "".join(shown)))
    return steps


def blocks(path: Path, text: str | None = None) -> list[Block]:
    if text is None:
        text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        info = dict(word.split("=", 1) for word in match["info"].split())
        height = info.get("height")
        start = max(text.rfind("\n#", 0, match.start()), text.rfind("```\n", 0, match.start()), 0)
        found.append(
            Block(
                path,
                int(info.get("width", WIDTH)),
                int(height) if height else None,
                _steps(match["body"]),
                text[start : match.start()],
            )
        )
    return found


def all_blocks() -> list[Block]:
    return [block for path in DOCUMENTS for block in blocks(path)]


def _plain(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A directory to run a block in, where the project's data, examples and schema are at hand."""
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="policyx-docs-") as tmp:
        for name in ("data", "examples", "schema"):
            (Path(tmp) / name).symlink_to(ROOT / name, target_is_directory=True)
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(previous)


def run_example(command: str, width: int = WIDTH, height: int | None = None) -> str:
    """What the command prints, as the document shows it (run in the current directory)."""
    env = {
        **os.environ,
        "COLUMNS": str(width),
        "LINES": str(height or HEIGHT),
        "NO_COLOR": "1",
        "POLICYX_PAGER": "",
    }
    env.pop("POLICYX_DATA", None)
    words = shlex.split(command)
    if words and words[0] == "policyx" and not SHELL.search(command):
        from typer.testing import CliRunner

        from policyx.cli import app
        from policyx.cli.env import Environment

        result = CliRunner().invoke(app, words[1:], obj=Environment(terminal=True, color=False), env=env)
        assert result.exit_code == 0, f"$ {command} exited {result.exit_code}: {result.output}"
        return _plain(result.output)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, f"$ {command} exited {done.returncode}: {done.stdout}"
    return _plain(done.stdout)


def shown(step: Step, printed: str) -> str:
    """What a document shows of a command's output: all of it, or as many lines as it showed before."""
    head = step.head
    if head is None:
        return printed
    lines = printed.splitlines(keepends=True)
    return "".join(lines[:head]) + f"[... {len(lines) - head} more lines]\n"


def _missing_tools(block: Block) -> list[str]:
    commands = " ".join(step.command for step in block.steps)
    return [
        tool for tool in ("jq", "dot", "sqlite3") if re.search(rf"\b{tool}\b", commands) and shutil.which(tool) is None
    ]


def test_every_document_with_examples_is_read() -> None:
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        fences = re.findall(r"^```console", text, re.M)
        assert len(fences) == len(blocks(path, text)), f"{path}: a console block that is not run"
    assert len({block.path for block in all_blocks()}) >= 4


def test_the_readme_walks_the_newcomer_s_path() -> None:
    commands = [step.command for block in blocks(README) for step in block.steps]
    for needed in ("policyx brief", "policyx compare 2018 2024", "policyx why p2024-ots", "policyx brief --export"):
        assert any(c.startswith(needed) for c in commands), needed
    assert any(SHELL.search(c) and "|" in c for c in commands), "a shell pipeline"
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_the_tour_runs_every_command() -> None:
    from typer.main import get_command

    from policyx.cli import app

    commands = [step.command for block in blocks(ROOT / "docs" / "tour.md") for step in block.steps]
    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert any(re.search(rf"\bpolicyx (--?\S+ (\S+ )?)*{name}\b", c) for c in commands), name


@pytest.mark.parametrize("block", all_blocks(), ids=[b.name for b in all_blocks()])
def test_every_example_states_its_size(block: Block) -> None:
    if block.height is not None:
        assert f"{block.width}x{block.height}" in block.before, f"say it was captured at {block.width}x{block.height}"
    elif block.width != WIDTH:
        assert f"{block.width} columns" in block.before, f"say it was captured at {block.width} columns"
    for step in block.steps:
        on_terminal = not SHELL.search(step.command) and "--export" not in step.command
        if on_terminal and re.fullmatch(r"policyx brief( \S+)*", step.command):
            assert block.height is not None, "the brief fits the terminal's height: give it (height=24)"


@pytest.mark.parametrize("block", all_blocks(), ids=[b.name for b in all_blocks()])
def test_every_example_prints_what_it_shows(block: Block) -> None:
    tools = _missing_tools(block)
    if tools:
        pytest.skip(f"{', '.join(tools)} is not installed (.ci/run installs it)")
    with scratch():
        for step in block.steps:
            printed = run_example(step.command, block.width, block.height)
            assert shown(step, printed) == step.shown, f"{block.path.name} example is stale: $ {step.command}"


COMPARE_SVG = ROOT / "docs" / "compare-2018-2024.svg"


def compare_picture() -> str:
    """docs/tour.md's picture of `policyx compare 2018 2024`, as --export draws it."""
    import io

    from policyx import output
    from policyx.loader import load, shipped_model_path
    from policyx.lookup import Index
    from policyx.output.comparison import compare_view
    from policyx.queries import comparison

    view = compare_view(comparison(Index(load(shipped_model_path(), use_cache=False)), "2018", "2024"))
    buffer = io.StringIO()
    output.write("view", "svg", view, output.Settings(), out=buffer)
    return buffer.getvalue()


def test_the_compare_picture_is_current() -> None:
    assert COMPARE_SVG.read_text(encoding="utf-8") == compare_picture()


def update() -> None:
    from policyx.cli import reference

    COMPARE_SVG.write_text(compare_picture(), encoding="utf-8")
    for path in DOCUMENTS:
        text = reference.refresh(path.read_text(encoding="utf-8"))
        parts, last = [], 0
        for match, block in zip(FENCE.finditer(text), blocks(path, text), strict=True):
            if _missing_tools(block):
                raise SystemExit(f"{path}: install {', '.join(_missing_tools(block))} to refresh its examples")
            body = []
            with scratch():
                for step in block.steps:
                    printed = run_example(step.command, block.width, block.height)
                    prompt = "$ " + step.command.replace("\n", "\n> ")
                    body.append(f"{prompt}\n{shown(step, printed)}")
            parts += [text[last : match.start("body")], "".join(body)]
            last = match.end("body")
        parts.append(text[last:])
        path.write_text("".join(parts), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
        update()
    else:
        raise SystemExit("usage: tests/test_readme.py --update")
