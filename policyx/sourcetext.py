"""Source texts: the plain text of an article or speech that a model cites, read with care.

Owns what a source text may be: a readable UTF-8 file or pipe (read as ``files`` reads any input),
not binary (no NUL byte), not empty, and at most ``MAX_SOURCE_BYTES``, since a source is an
article or a report and cutting a far larger text into sentences would take minutes.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DataError, Problem
from .files import input_name, max_input_bytes, read_limited
from .loader import decode

MAX_SOURCE_BYTES = 8 * 1024 * 1024
"""The largest source text read (a long book is smaller); the input limit in force, if lower."""


def read_source(path: Path) -> str:
    """The text of a source file (``-``: standard input; a pipe), or a DataError naming it: missing,
    unreadable, binary, empty or too big."""
    limit = min(MAX_SOURCE_BYTES, max_input_bytes())
    name = input_name(path)
    text = decode(
        read_limited(path, limit, lambda size, most: f"is {size}: a source text is at most {most:,} bytes"), name
    )
    if "\0" in text:
        raise DataError([Problem(name, 0, 0, "is binary (it holds NUL bytes), not a plain-text source")])
    if not text.strip():
        raise DataError([Problem(name, 0, 0, "is empty: a source text has sentences to cover")])
    return text
