"""Tests never read or write outside their temporary folders (issue 24, item 7)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
# Absolute places a test might take for granted (that they are missing, or writable): devices under
# /dev are the only absolute paths tests name, each for what it is.
# ("~/cache" in a test is a value policyx must not expand, and nothing in a test expands it.)
MACHINE_PATHS = re.compile(r"""["'](?:/nonexistent|/no/such|/tmp\b|/home/|/root\b|/var/|/etc/)|expanduser\(""")


def test_home_and_the_working_folder_are_temporary(tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.getbasetemp().resolve()
    assert Path(os.environ["HOME"]).resolve().is_relative_to(base)
    assert Path.home().resolve().is_relative_to(base)
    assert Path.cwd().resolve().is_relative_to(base)
    assert Path(os.environ["POLICYX_CACHE_DIR"]).resolve().is_relative_to(base)


def test_no_test_names_a_machine_path() -> None:
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name != "test_isolation.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MACHINE_PATHS.search(line)
    ]
    assert found == []
