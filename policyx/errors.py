"""Errors and exit codes: the library's exceptions and the one enum of exit statuses.

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import difflib
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
    """' (did you mean 'x'?)' for the choice a synonym or the closest spelling points to, or ''."""
    options = list(choices)
    folded = word.strip().lower()
    synonym = SYNONYMS.get(folded) or SYNONYMS.get(folded.rstrip("s"))
    if synonym in options:
        return f" (did you mean {synonym!r}?)"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
