"""Property tests: whatever a curator's edit does to a valid model, no traceback escapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policyx.cli import app
from policyx.errors import DataError
from policyx.loader import load_text

from .conftest import FIXTURE_YAML

LINES = FIXTURE_YAML.splitlines(keepends=True)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["NO", "1.10", "2024-02-30", "~", "&a", "*a", "!!python/object:os.system", "<<", "land"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def _check(text: str) -> None:
    try:
        load_text(text, "fuzz.yaml")
    except DataError as err:
        assert err.problems, "a DataError always names at least one problem"
        for problem in err.problems:
            assert str(problem).startswith("fuzz.yaml:")
            assert "\n" not in problem.message


@st.composite
def text_edits(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "indent", "char"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.text(max_size=30)) + "\n")
        elif op == "truncate":
            lines = lines[:i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from([" ", "  ", "\t", ""])) + lines[i].lstrip(" ")
        else:
            line = lines[i]
            k = draw(st.integers(0, max(len(line) - 1, 0)))
            lines[i] = line[:k] + draw(st.characters()) + line[k + 1 :]
        if not lines:
            break
    return "".join(lines)


@st.composite
def value_edits(draw: st.DrawFn) -> str:
    data: Any = yaml.safe_load(FIXTURE_YAML)
    for _ in range(draw(st.integers(1, 3))):
        node = data
        path: list[Any] = []
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node)))))
            path.append(key)
            node = node[key]
        if not path:
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = draw(VALUES)
    return yaml.safe_dump(data, allow_unicode=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_edits())
def test_text_edits_never_escape(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value_edits())
def test_value_edits_never_escape(text: str) -> None:
    _check(text)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.one_of(text_edits(), value_edits()))
def test_cli_never_shows_a_traceback(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = CliRunner().invoke(app, ["--data", str(path), "validate"], catch_exceptions=False)
    assert result.exit_code in (0, 3)
    assert "Traceback" not in result.stderr
    if result.exit_code == 3:
        assert result.stdout == ""
        assert all(line.startswith(str(path)) for line in result.stderr.splitlines())
