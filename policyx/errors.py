"""Errors and exit codes: the library's exceptions and the one enum of exit statuses.

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    """Every exit code policyx uses (documented in docs/guarantees.md and in `policyx --help`)."""

    OK = 0
    ERROR = 1
    DIFFERENT = 1
    """``diff``: the two models differ (as diff(1) says it; its errors have codes of their own)."""
    USAGE = 2
    DATA = 3
    NOT_FOUND = 4
    BELOW = 5
    """``coverage --min``: less of the source is covered than asked."""
    INTERRUPTED = 130


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a data file: FILE:LINE:COL: message (1-based; line 0: the file as a whole)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PolicyxError(Exception):
    """Base class of every error policyx raises on purpose."""

    status = ExitStatus.ERROR


class DataError(PolicyxError):
    """The model file cannot be used; carries every problem found, each with its location."""

    status = ExitStatus.DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(PolicyxError):
    """A name, id, year or theme that the model does not have."""

    status = ExitStatus.NOT_FOUND


class Ambiguous(NotFound):
    """A name that matches more than one record."""


class BadValue(PolicyxError):
    """A command-line value that is malformed (a bad date, an unknown field name)."""

    status = ExitStatus.USAGE


class OutputError(PolicyxError):
    """An output file that cannot be written as asked."""


class FileExists(OutputError):
    """An output file that is already there, and is not replaced without being asked to."""


class GitError(PolicyxError):
    """A model asked for at a git revision that cannot be read: no git, no repository there."""

    status = ExitStatus.USAGE


class NoRevision(NotFound):
    """A git revision, or a path at a revision, that does not exist."""


SYNONYMS = {
    "country": "state",
    "nation": "state",
    "government": "state",
    "organization": "organisation",
    "org": "organisation",
    "body": "organisation",
    "alliance": "organisation",
    "people": "person",
    "individual": "person",
    "leader": "person",
    "area": "region",
    "conflict": "war",
    "ally": "support",
    "allies": "support",
    "hostility": "opposition",
    "high": "major",
    "top": "overarching",
    "low": "mentioned",
    "minor": "mentioned",
}
"""Words people type for the vocabulary's own: suggested before any look-alike."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the choice a synonym or a close spelling points to, or ''.

    Close means a look-alike (by ``difflib``) that also starts with the word or is the start of it
    (a word of two letters or more), has it as one of its words (``security``, ``global-security``),
    or is one typo away from a word of three letters or more (two from eight letters on; a typo is
    a letter added, dropped or changed, or two swapped). A look-alike and no more (``nope`` and
    ``europe``) is no suggestion.
    """
    options = list(choices)
    folded = word.strip().lower()
    synonym = SYNONYMS.get(folded) or SYNONYMS.get(folded.rstrip("s"))
    if synonym in options:
        return f" (did you mean {synonym!r}?)"
    close = [c for c in difflib.get_close_matches(word, options, n=8, cutoff=0.6) if _close(folded, c.lower())]
    return f" (did you mean {close[0]!r}?)" if close else ""


def _close(word: str, choice: str) -> bool:
    if min(len(word), len(choice)) and (choice.startswith(word) or word.startswith(choice)):
        return len(word) >= 2
    if word in re.split(r"[-_ ]+", choice):
        return True
    return len(word) >= 3 and _typos(word, choice) <= (2 if len(word) >= 8 else 1)


def _typos(a: str, b: str) -> int:
    """The edit distance between two words, a swap of neighbours counting as one edit."""
    if abs(len(a) - len(b)) > 2:
        return 3
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]
