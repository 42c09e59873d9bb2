"""The README's examples are real: every ```console block is run and must print what it shows.

A block is ``$ command`` followed by its output. A lone ``policyx ...`` command runs as on a
100-column terminal without colour; anything else (pipes, loops) runs in bash with the
project's ``policyx`` on PATH. To refresh the README after changing output:

    .venv/bin/python tests/test_readme.py --update
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.S)
WIDTH = "100"


def _plain(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def run_example(command: str) -> str:
    """What the command prints, as the README shows it."""
    env = {**os.environ, "COLUMNS": WIDTH, "NO_COLOR": "1", "POLICYX_PAGER": ""}
    env.pop("POLICYX_DATA", None)
    words = shlex.split(command)
    simple = words and words[0] == "policyx" and not re.search(r"[|;&<>$`]", command)
    if simple:
        from typer.testing import CliRunner

        from policyx.cli import app
        from policyx.cli.env import Environment

        result = CliRunner().invoke(app, words[1:], obj=Environment(terminal=True, color=False), env=env)
        return _plain(result.stdout)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env, cwd=tmp, timeout=300
        )
    assert done.returncode == 0, done.stderr
    return _plain(done.stdout)


def blocks() -> list[tuple[str, str]]:
    return [(m["command"], m["output"]) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def test_readme_has_the_brief_examples_and_three_pipelines() -> None:
    commands = [c for c, _ in blocks()]
    for needed in ("policyx priorities", "policyx compare 2018 2024", "policyx actor OTS"):
        assert needed in commands
    assert sum(1 for c in commands if re.search(r"[|;&<>$`]", c)) >= 3


@pytest.mark.parametrize(("command", "shown"), blocks(), ids=[c[:40] for c, _ in blocks()])
def test_readme_examples_print_what_they_show(command: str, shown: str) -> None:
    tools = [tool for tool in ("jq",) if re.search(rf"\b{tool}\b", command) and shutil.which(tool) is None]
    if tools:
        pytest.skip(f"{', '.join(tools)} is not installed (.ci/run installs it)")
    assert run_example(command) == shown, f"README example is stale: $ {command}"


COMPARE_SVG = README.parent / "docs" / "compare-2018-2024.svg"


def compare_picture() -> str:
    """The README's picture of `policyx compare 2018 2024`, as --export draws it."""
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


def test_readme_picture_is_current() -> None:
    assert COMPARE_SVG.read_text(encoding="utf-8") == compare_picture()


def update() -> None:
    COMPARE_SVG.write_text(compare_picture(), encoding="utf-8")
    text = README.read_text(encoding="utf-8")

    def refresh(match: re.Match[str]) -> str:
        return f"```console\n$ {match['command']}\n{run_example(match['command'])}```"

    README.write_text(BLOCK.sub(refresh, text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
        update()
