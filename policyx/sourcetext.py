"""Source texts: the plain text of an article or speech that a model cites, read with care.

Owns what a source text may be: a regular, readable UTF-8 file (as ``loader`` reads any file),
not binary (no NUL byte), not empty, and at most ``MAX_SOURCE_BYTES``, since a source is an
article or a report and cutting a far larger text into sentences would take minutes.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError, Problem
from .files import max_input_bytes
from .loader import read_text

MAX_SOURCE_BYTES = 8 * 1024 * 1024
"""The largest source text read (a long book is smaller); the input limit in force, if lower."""


def read_source(path: Path) -> str:
    """The text of a source file, or a DataError naming it: missing, unreadable, binary, empty or too big."""
    limit = min(MAX_SOURCE_BYTES, max_input_bytes())
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # read_text says why it cannot be read
    if size > limit and path.is_file():
        raise DataError([Problem(str(path), 0, 0, f"is {size:,} bytes: a source text is at most {limit:,} bytes")])
    text = read_text(path)
    if "\0" in text:
        raise DataError([Problem(str(path), 0, 0, "is binary (it holds NUL bytes), not a plain-text source")])
    if not text.strip():
        raise DataError([Problem(str(path), 0, 0, "is empty: a source text has sentences to cover")])
    return text
