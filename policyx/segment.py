"""Sentences of a source text, each with where it starts and ends in it.

Owns how a source is cut into sentences: into paragraphs at blank lines first (so that a headline
or a byline without a full stop stands alone), then each paragraph by sentencex, Wikimedia's
rule-based segmenter, which knows English abbreviations, initials, decimals and quotations and
reads a single line break as the space of a hard-wrapped line. (``bench/segmenters`` measured it
against a regex and pysbd on an op-ed written for the purpose: as right as pysbd and far faster.)
Each sentence is trimmed of the white space around it; offsets are indexes into the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"\S(?:.*?\S)??(?=\s*\n\s*\n|\s*\Z)", re.S)
"""A paragraph: from a non-space character to the last one before a blank line (or the end)."""
_NONSPACE = re.compile(r"\S")
LANGUAGE = "en"
LONGEST = 1000
"""The longest sentence, in characters: a longer run without a sentence end (a text with no full stops)
is cut, at a line break or a space before it where there is one, so that no work on a sentence grows with the
text."""


@dataclass(frozen=True)
class Sentence:
    """One sentence: its number (from 1), where it starts and ends in the text, and its text."""

    number: int
    start: int
    end: int
    text: str


def _pieces(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, by sentencex, white space trimmed."""
    import sentencex

    spans = []
    for found in sentencex.get_sentence_boundaries(LANGUAGE, paragraph):
        start, end = int(found["start_index"]), int(found["end_index"])
        piece = paragraph[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] in pieces of at most ``LONGEST`` characters, cut at spaces where it can be, trimmed."""
    spans = []
    while end - start > LONGEST:
        # At the last line break of the second half (a text of one line per passage keeps its lines),
        # else the last space.
        space = text.rfind("\n", start + LONGEST // 2, start + LONGEST + 1)
        if space < 0:
            space = max(
                text.rfind(" ", start + 1, start + LONGEST + 1), text.rfind("\n", start + 1, start + LONGEST + 1)
            )
        stop = space if space > start else start + LONGEST
        piece = text[start:stop].rstrip()
        spans.append((start, start + len(piece)))
        after = _NONSPACE.search(text, stop, end)
        start = after.start() if after is not None else end
    spans.append((start, end))
    return [(a, b) for a, b in spans if b > a]


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order (none longer than ``LONGEST`` characters)."""
    out: list[Sentence] = []
    for para in _PARAGRAPH.finditer(text):
        for start, end in _pieces(para.group()):
            for begin, stop in _cut(text, para.start() + start, para.start() + end):
                out.append(Sentence(len(out) + 1, begin, stop, text[begin:stop]))
    return out
