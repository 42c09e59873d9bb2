"""Errors and exit codes: the library's exceptions and the one enum of exit statuses.

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import bisect
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


class StoreDamaged(PolicyxError):
    """The model's store (in the cache) failed while it was read: it is removed; the next command reads the model."""


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


SMALL = 200
"""Up to this many choices, every one is compared with the word (the suggestion of a normal model)."""
CANDIDATES = 64
"""Beyond ``SMALL`` choices, at most this many (found through an index) are compared with a word."""
LONGEST = 200
"""A word longer than this gets no suggestion, and a choice longer than this is never suggested."""
TYPO_INDEXED = 40
"""Choices up to this long are indexed with each letter dropped in turn; longer ones by their tips."""
TIP = 16
"""How many letters at either end of a word index it (a long word with a typo still shares a tip)."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the choice a synonym or a close spelling points to, or ''.

    Close means a look-alike (by ``difflib``) that also starts with the word or is the start of it
    (a word of two letters or more), has it as one of its words (``security``, ``global-security``),
    or is one typo away from a word of three letters or more (two from eight letters on; a typo is
    a letter added, dropped or changed, or two swapped). A look-alike and no more (``nope`` and
    ``europe``) is no suggestion. Bounded work: see ``Suggester`` (make one to ask about many words).
    """
    return Suggester(choices).hint(word)


class Suggester:
    """Suggestions among one set of choices, for any number of words, in bounded work per word.

    Up to ``SMALL`` choices every choice is compared. Beyond, an index (by start, by word and by the
    choice with any one letter dropped) finds the few that can be close, and at most ``CANDIDATES`` of
    them (the nearest in length first) are compared: a word costs about the same in a model of ten ids
    as in one of a hundred thousand. Each word's answer is kept.
    """

    def __init__(self, choices: Iterable[str]) -> None:
        self.options = [c for c in dict.fromkeys(choices) if len(c) <= LONGEST]
        self.known: dict[str, str] = {}
        self._index: tuple[list[tuple[str, str]], dict[str, list[str]]] | None = None

    def hint(self, word: str) -> str:
        if word not in self.known:
            self.known[word] = self._hint(word)
        return self.known[word]

    def _hint(self, word: str) -> str:
        folded = word.strip().lower()
        synonym = SYNONYMS.get(folded) or SYNONYMS.get(folded.rstrip("s"))
        if synonym in self.options:
            return f" (did you mean {synonym!r}?)"
        if len(word) > LONGEST:
            return ""
        close = [
            c
            for c in difflib.get_close_matches(word, self.candidates(word), n=8, cutoff=0.6)
            if _close(folded, c.lower())
        ]
        return f" (did you mean {close[0]!r}?)" if close else ""

    def candidates(self, word: str) -> list[str]:
        """The choices compared with ``word``: all of a small set, at most ``CANDIDATES`` of a large one."""
        if len(self.options) <= SMALL:
            return self.options
        starts, keys = self._index or self._build()
        folded = word.strip().lower()
        # By a word of the choice or the choice less a letter (the word itself, or less a letter), or
        # the choice that is the start of the word: each look-up gives at most CANDIDATES choices.
        # A long word by its first or last TIP letters instead of less a letter (one typo a half).
        drops = range(len(folded)) if len(folded) <= TYPO_INDEXED + 1 else range(0)
        looks = [folded, *(folded[:k] + folded[k + 1 :] for k in drops), *_tips(folded)]
        looks += ["^" + folded[:k] for k in range(1, len(folded) + 1)]
        found = {choice for look in looks for choice in keys.get(look, ())[:CANDIDATES]}
        at = bisect.bisect_left(starts, (folded, ""))  # choices that start with the word
        for lowered, choice in starts[at : at + CANDIDATES]:
            if not lowered.startswith(folded):
                break
            found.add(choice)
        return sorted(found, key=lambda c: (abs(len(c) - len(word)), c))[:CANDIDATES]

    def _build(self) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
        keys: dict[str, list[str]] = {}
        for choice in self.options:
            lowered = choice.lower()
            variants = {lowered, "^" + lowered, *re.split(r"[-_ ]+", lowered), *_tips(lowered)}
            if len(lowered) <= TYPO_INDEXED:
                variants.update(lowered[:k] + lowered[k + 1 :] for k in range(len(lowered)))
            for variant in variants:
                keys.setdefault(variant, []).append(choice)
        self._index = sorted((c.lower(), c) for c in self.options), keys
        return self._index


def _tips(word: str) -> list[str]:
    """The index keys of a word's first and last ``TIP`` letters (none for a shorter word)."""
    return ["<" + word[:TIP], word[-TIP:] + ">"] if len(word) >= TIP else []


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
