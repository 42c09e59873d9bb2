"""Shell completion through the shells' own protocols, run as a shell runs them: the installed ``policyx``
in a child process with bash's or zsh's variables, zsh evaluating what it answers, and (where tmux is
installed) real bash and zsh sessions pressing Tab. What is typed is only a name or alias prefix
(``North``, ``The``): the id it names must reach the command line. Each test skips with a reason where
its shell is missing, and fails instead in CI (.ci/run installs zsh and tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROGRAM = shutil.which("policyx", path=str(Path(sys.executable).parent)) or shutil.which("policyx")


def needs(tool: str | None, what: str) -> str:
    if tool is None:
        reason = f"{what} is not installed"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return tool


def bash_protocol(words: str, model: Path) -> list[str]:
    """What ``policyx`` answers bash's completion function for the last word of ``words``."""
    program = needs(PROGRAM, "the policyx script (pip install -e .)")
    line = f"policyx --data {model} {words}"
    env = {**os.environ, "_POLICYX_COMPLETE": "complete_bash", "COMP_WORDS": line}
    env["COMP_CWORD"] = str(len(line.split(" ")) - 1)
    done = subprocess.run([program], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def zsh_protocol(words: str, model: Path) -> str:
    program = needs(PROGRAM, "the policyx script (pip install -e .)")
    env = {**os.environ, "_POLICYX_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"policyx --data {model} {words}"}
    done = subprocess.run([program], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow  # a shell per completion: seconds
@pytest.mark.subprocess
def test_bash_gets_the_id_for_a_name_or_alias_prefix(model_file: Path) -> None:
    assert bash_protocol("actor North", model_file) == ["bloc"]  # Northern Bloc, Northern Union
    assert bash_protocol("actor The", model_file) == ["land"]  # alias The Land
    assert bash_protocol("relations --actor Pres", model_file) == ["leader"]  # alias President Leader
    assert bash_protocol("actor Ada", model_file) == ["leader"]
    assert bash_protocol("actor NB", model_file) == ["bloc"]
    assert bash_protocol("priorities --theme Un", model_file) == ["unity"]  # the theme Unity
    assert bash_protocol("why North", model_file) == ["bloc"]
    assert bash_protocol("actor r", model_file) == ["rival"]  # an id prefix keeps to the ids
    assert bash_protocol("actor Zzz", model_file) == []


@pytest.mark.slow  # a shell per completion: seconds
@pytest.mark.subprocess
def test_each_option_offers_only_what_it_accepts(model_file: Path) -> None:
    assert bash_protocol("priorities --year ", model_file) == ["2018", "2024"]  # no address ids
    assert bash_protocol("compare ", model_file) == ["2018", "2024", "speech-2018", "speech-2024"]
    assert bash_protocol("priorities --emphasis m", model_file) == ["major", "mentioned"]
    assert bash_protocol("cite --format b", model_file) == ["bibtex"]


@pytest.mark.slow  # a shell per completion: seconds
@pytest.mark.subprocess
def test_zsh_takes_the_offered_ids_unfiltered(model_file: Path, tmp_path: Path) -> None:
    zsh = needs(shutil.which("zsh"), "zsh (Debian: zsh)")
    answer = zsh_protocol("actor North", model_file)
    assert answer.rstrip("\n").endswith(" -U")  # compadd's "use these even though they do not match"
    # zsh evaluates the answer as Typer's zsh script does (eval $(...)); _describe shows what it was given.
    script = (
        '_describe() { print -rl -- "$@" "${(@P)3}" }\n'
        f"eval $(env _TYPER_COMPLETE_ARGS='policyx --data {model_file} actor Pres' _POLICYX_COMPLETE=complete_zsh "
        f"{PROGRAM})\n"
    )
    done = subprocess.run([zsh, "-f", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["-V", "policyx", "policyx_offered", "-U", "leader:Ada Leader"]
    quoted = zsh_protocol("quotes --speaker Pres", model_file)  # a help text with a quote and a colon survives
    assert "'leader:Ada Leader'" in quoted


def test_the_zsh_answer_in_process(model_file: Path) -> None:
    from typer.testing import CliRunner

    from policyx.cli import app

    def answer(words: str) -> str:
        env = {"_POLICYX_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"policyx --data {model_file} {words}"}
        result = CliRunner().invoke(app, [], env=env, prog_name="policyx", catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert answer("actor North") == (
        "local -a policyx_offered; policyx_offered=('bloc:Northern Bloc'); _describe -V policyx policyx_offered -U\n"
    )
    assert answer("actor Zzz") == "_files\n"  # nothing to offer: zsh's own file completion, as Typer does
    assert "'--theme:Only those of this theme (id or name).'" in answer("priorities --th")


TABS = [("actor North", "actor bloc"), ("actor The", "actor land"), ("why Pres", "why leader")]
"""What is typed, and the command line after Tab."""


class Terminal:
    """An interactive shell in a tmux session of its own, typed into and read from."""

    def __init__(self, shell: list[str], env: dict[str, str], folder: Path) -> None:
        self.tmux = [needs(shutil.which("tmux"), "tmux (Debian: tmux)"), "-S", str(folder / "tmux.sock")]
        environment = [f"{k}={v}" for k, v in env.items()]
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-x", "200", "-y", "20", "env", *environment, *shell], check=True
        )

    def type(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", *keys], check=True)

    def line(self) -> str:
        screen = subprocess.run([*self.tmux, "capture-pane", "-p"], capture_output=True, text=True).stdout
        lines = [line for line in screen.splitlines() if line.strip()]
        return lines[-1] if lines else ""  # a screen just cleared

    def wait_for(self, expected: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.line() != expected:
            time.sleep(0.2)
        return self.line()

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_tab_in_a_real_shell_puts_the_id_for_a_name(model_file: Path, tmp_path: Path, shell: str) -> None:
    program = needs(PROGRAM, "the policyx script (pip install -e .)")
    path = needs(shutil.which(shell), f"{shell} (Debian: {shell})")
    source = subprocess.run(
        [program], env={**os.environ, "_POLICYX_COMPLETE": f"source_{shell}"}, capture_output=True, text=True
    ).stdout
    (tmp_path / "policyx.sh").write_text(source, encoding="utf-8")
    setup = f"source {tmp_path / 'policyx.sh'}"
    if shell == "zsh":
        setup = f"autoload -U compinit; compinit -u -d {tmp_path / 'zcompdump'}; {setup}"
    env = {
        "PATH": f"{Path(program).parent}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "TERM": "xterm",
        "PS1": "$ ",
        "POLICYX_CACHE_DIR": os.environ.get("POLICYX_CACHE_DIR", str(tmp_path / "cache")),
        "_TYPER_FORCE_DISABLE_TERMINAL": "1",
    }
    command = [path, "--norc", "--noprofile", "-i"] if shell == "bash" else [path, "-f", "-i"]
    terminal = Terminal(command, env, tmp_path)
    try:
        terminal.type(f"PS1='$ '; {setup}; clear", "Enter")
        assert terminal.wait_for("$") == "$"
        for typed, completed in [
            ("actor North", "actor bloc"),
            ("actor The", "actor land"),
            ("why Pres", "why leader"),
        ]:
            terminal.type(f"policyx --data {model_file} {typed}", "Tab")
            expected = f"$ policyx --data {model_file} {completed}"
            assert terminal.wait_for(expected) == expected
            terminal.type("C-u")
            assert terminal.wait_for("$") == "$"
    finally:
        terminal.close()
