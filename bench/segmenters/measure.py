"""Which sentence segmenter policyx coverage uses: each candidate measured on an op-ed written for it.

    .venv/bin/python bench/segmenters/measure.py      # pip install pysbd sentencex first

Splits ``oped.text()`` (hard-wrapped, and one line per paragraph) with a regex (verify's own,
and a tuned one), pysbd and sentencex, each on the whole text and, as policyx does, paragraph by
paragraph (blank lines apart, line breaks read as spaces). Counts the sentences found exactly
(same start and end as the gold, white space aside) and the boundaries right and wrong, times a
hundred runs, and writes RESULTS.md beside this file. Not part of the test suite.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import oped  # noqa: E402

Split = Callable[[str], list[str]]


def verify_regex(text: str) -> list[str]:
    """policyx verify's splitter (for the closest passage): after . ! ? or a closing quote, and at line breaks."""
    return re.split(r"(?<=[.!?\u201d\"])\s+|\n+", text)


TUNED = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")


def tuned_regex(text: str) -> list[str]:
    """After . ! ? (and any closing quote or bracket), before a capital or a digit."""
    out, start = [], 0
    for m in TUNED.finditer(text):
        out.append(text[start : m.start() + len(m.group().rstrip())])
        start = m.end()
    return [*out, text[start:]]


def pysbd_split(text: str) -> list[str]:
    import pysbd

    return [s.sent for s in pysbd.Segmenter(language="en", clean=False, char_span=True).segment(text)]


def sentencex_split(text: str) -> list[str]:
    import sentencex

    return list(sentencex.segment("en", text))


def by_paragraph(split: Split) -> Split:
    """The splitter on each blank-line-separated block, its line breaks read as spaces."""

    def run(text: str) -> list[str]:
        return [s for block in re.split(r"\n\s*\n", text) for s in split(block.replace("\n", " "))]

    return run


CANDIDATES: dict[str, Split] = {
    "regex (verify's)": verify_regex,
    "regex (tuned)": tuned_regex,
    "regex (tuned), by paragraph": by_paragraph(tuned_regex),
    "pysbd 0.3.4": pysbd_split,
    "pysbd 0.3.4, by paragraph": by_paragraph(pysbd_split),
    "sentencex": sentencex_split,
    "sentencex, by paragraph": by_paragraph(sentencex_split),
}


def spans(sentences: list[str]) -> Iterator[tuple[int, int]]:
    """Each sentence's (start, end) in the text with its white space folded."""
    at = 0
    for s in sentences:
        words = " ".join(s.split())
        if words:
            yield at, at + len(words)
            at += len(words) + 1


def score(found: list[str], gold: list[str]) -> tuple[int, int, int]:
    """(sentences exactly right, boundaries missed, boundaries wrongly added)."""
    want, got = set(spans(gold)), set(spans(found))
    starts_want = {s for s, _ in want}
    starts_got = {s for s, _ in got}
    return len(want & got), len(starts_want - starts_got), len(starts_got - starts_want)


def main() -> None:
    gold = oped.gold()
    rows = []
    for name, split in CANDIDATES.items():
        cells = [name]
        for wrap in (True, False):
            right, missed, added = score(split(oped.text(wrap=wrap)), gold)
            cells.append(f"{right}/{len(gold)} ({missed} missed, {added} false)")
        start = time.perf_counter()
        for _ in range(100):
            split(oped.text())
        cells.append(f"{(time.perf_counter() - start) * 10:.2f} ms")
        rows.append(cells)
    lines = [
        "# Sentence segmenters on an op-ed",
        "",
        f"`bench/segmenters/measure.py` on `oped.py` ({len(gold)} sentences, {len(oped.text())} characters; "
        "invented text with abbreviations, initials, decimals, quotations, an ellipsis and a headline and "
        "byline without a full stop). Sentences exactly right (white space aside); boundaries missed and "
        "false; the time of one run on the hard-wrapped text.",
        "",
        "| segmenter | hard-wrapped text | one line per paragraph | time |",
        "|---|---|---|---|",
        *(f"| {' | '.join(cells)} |" for cells in rows),
        "",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    for name, split in CANDIDATES.items():  # what each gets wrong, for the record
        found = {" ".join(s.split()) for s in split(oped.text())}
        wrong = [s for s in gold if s not in found]
        print(f"\n{name}: {len(wrong)} wrong", *wrong[:8], sep="\n  ")


if __name__ == "__main__":
    main()
