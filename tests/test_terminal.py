"""Tables as a person sees them: at 60, 80, 120 and 200 columns no id, date or word is split and no line
runs past the edge; in a real pseudo-terminal too."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyx.cli import app
from policyx.cli.env import Environment
from policyx.loader import shipped_model_path

COMMANDS = [
    ("priorities",),
    ("priorities", "--cite"),
    ("compare", "2018", "2024"),
    ("why", "OTS"),
    ("actor", "OTS"),
    ("actor", "azerbaijan"),
    ("actors",),
    ("themes",),
    ("relations",),
    ("timeline",),
    ("quotes",),
    ("search", "Turkic"),
    ("cite", "q-turkic-family"),
    ("validate",),
]
PUNCTUATION = "\u201c\u201d\"'()[],;:.\u00b7\u2192\u2190\u2194\u25cf\u2500"


def render(args: tuple[str, ...], width: int) -> str:
    env = Environment(terminal=True, color=False, width=width)
    full = ["--data", str(shipped_model_path()), *args]
    result = CliRunner().invoke(app, full, obj=env, catch_exceptions=False, env={"POLICYX_PAGER": ""})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def tokens(text: str) -> set[str]:
    return {t.strip(PUNCTUATION) for t in text.split()} - {""}


@pytest.mark.parametrize("width", [60, 80, 120, 200])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_word_is_split_and_no_line_is_too_long(args: tuple[str, ...], width: int) -> None:
    whole = tokens(render(args, 100_000))  # every word as written, nothing wrapped
    out = render(args, width)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    split = sorted(tokens(out) - whole)
    assert split == [], f"split at {width} columns: {split[:10]}"


def test_narrow_tables_drop_secondary_columns_then_stack_rather_than_split_words() -> None:
    assert render(("actors",), 80).splitlines()[2].split() == ["id", "name", "kind", "aliases"]
    assert render(("themes",), 80).splitlines()[2].split() == ["id", "name", "priorities", "events", "quotes"]
    assert [line.rstrip() for line in render(("actors",), 60).splitlines()[:4]] == [
        "Actors",
        "  id azerbaijan \u00b7 kind state",
        "  Azerbaijan",
        "  aliases: Republic of Azerbaijan",
    ]
    narrow = render(("relations", "--actor", "ots"), 60).splitlines()
    assert [line.rstrip() for line in narrow[:6]] == [
        "Relations",
        "  id rel-azerbaijan-ots-priority · kind alignment · score 8",
        "  · since 2024-02",
        "  from: Azerbaijan",
        "  to: Organization of Turkic States",
        "  voice: Ilham Aliyev",
    ]


def test_human_tables_show_names_machine_formats_ids() -> None:
    table = render(("relations", "--actor", "ots"), 200)
    assert "Organization of Turkic States" in table and " ots " not in table
    data = ["--data", str(shipped_model_path())]
    piped = CliRunner().invoke(app, [*data, "relations", "--actor", "ots", "--fields", "to"]).stdout
    assert piped.split()[:2] == ["ots", "ots"]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("width", [60, 80])
def test_in_a_real_pseudo_terminal(width: int, tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    whole = tokens(render(("relations",), 100_000))
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of this size, running policyx
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
        env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path), "NO_COLOR": "1", "POLICYX_PAGER": ""}
        env.pop("COLUMNS", None)
        os.execve(sys.executable, [sys.executable, "-m", "policyx", "relations"], env)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    assert sorted(tokens(out) - whole) == []
    assert "rel-azerbaijan-ots-priority" in out
