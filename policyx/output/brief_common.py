"""What every format of the brief shares: its data made safe to show, and its records' provenance in words.

Owns the brief's data with every string's control characters made visible (``tidy``: the
brief's data is never trusted), its sources as a citation says them, and, for one record of
the brief, whose view it states and on what basis, how a quote stands, how a reading is tied
to its address and whose point a cause is, each in the one vocabulary of ``wording``.
"""

from __future__ import annotations

import dataclasses
from typing import TypedDict, TypeVar, cast

from ..brief_data import Brief, Entry, LinkDetail, Note, QuoteDetail, ReadingDetail, Statement
from . import wording
from .text import clean

T = TypeVar("T")


class Cited(TypedDict):
    """A source as a citation says it: whole, and in a few words."""

    plain: str
    short: str
    credited: str


def tidy(value: T) -> T:
    """A copy of the brief's data (or any part of it) with the control characters of every string made
    visible; what is not a string, a list, a tuple, a dict or a dataclass of the brief is kept as it is."""
    return cast(T, _tidy(value))


def _tidy(value: object) -> object:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_tidy(v) for v in value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _tidy(getattr(value, f.name)) for f in dataclasses.fields(value)})
    return value


def headline(brief: Brief) -> list[Statement]:
    """The brief's headline: the source's words on the shift first, then policyx's own count of the
    coded items (voice ``policyx``, basis ``count``), as ``compare`` words it."""
    from .comparison import sentences

    count = [Statement(clean(text), "policyx", "count") for text in sentences(brief.comparison)]
    return [*brief.headline, *count]


def caveat(brief: Brief) -> str:
    """What "new" and "not in it" can mean in the brief's comparison."""
    from .comparison import caveat as said

    return clean(said(brief.later.year))


def sources(brief: Brief) -> dict[str, Cited]:
    """Each source of the brief as a citation says it: whole (``plain``), in a few words (``short``), and
    so with the author's affiliation in a few (``credited``)."""
    from .citations import credit, plain, short

    lines = {
        sid: Cited(plain=plain(source), short=short(source), credited=credit(source))
        for sid, source in brief.sources.items()
    }
    for sid in [brief.source, *(x for n in brief.notes for x in (n.source, n.reference) if x)]:
        lines.setdefault(sid, Cited(plain=clean(sid), short=clean(sid), credited=clean(sid)))
    return lines


def voice(item: Entry[object] | Note | Statement) -> str:
    """Whose view a record states, by name: "as reported" for a speaker the source reports."""
    return item.voice if isinstance(item, Statement) else wording.as_reported(item.voice, item.reported)


def by(item: Entry[object] | Note | Statement) -> str:
    """Whose view a record states, and on what basis, in the one wording of every view (``wording.by``)."""
    if isinstance(item, Statement):
        return wording.by(item.voice, item.basis)
    return wording.by(item.voice, item.basis, reported=item.reported)


def occasion(quote: Entry[QuoteDetail]) -> str | None:
    """Where a quote was said, without the speaker's name again: 'Ilham Aliyev, 2024 inauguration', not
    'Ilham Aliyev, Aliyev's 2024 inauguration'."""
    where = quote.detail["occasion"]
    surname = quote.detail["speaker"].split()[-1:] if quote.detail["speaker"] else []
    for mark in ("'s ", "\u2019s "):
        if where and surname and where.startswith(surname[0] + mark):
            return where[len(surname[0]) + len(mark) :]
    return where


QUOTED = {"stated": "quoted in the source", "context": "quoted in the source, with a reference's fact"}
"""How a quote stands, when the source gives where it was said: its words are the speaker's, as quoted."""


def said(quote: Entry[QuoteDetail]) -> str:
    """How a quote stands: quoted in the source (with a reference's fact, for one whose day or occasion
    comes from a reference), or, for an inferred one, that only where it was said is the reading."""
    if quote.basis != "inferred":
        return QUOTED.get(quote.basis, quote.basis)
    speaker = quote.detail["speaker"]
    return (
        f"the words are {speaker}'s as the source quotes them; where they were said is the curator's reading (inferred)"
    )


def tie(reading: Entry[ReadingDetail]) -> str:
    """For a claim whose tie to the address is the curator's reading, say so."""
    if reading.detail["addresses_basis"] == "inferred":
        return "; that it concerns this address is the curator's reading"
    return ""


def point(link: LinkDetail) -> str | None:
    """Whose point a cause is, as the screen's brief says it."""
    return wording.point(link["cause_voice"], link["cause_basis"], reported=link["cause_reported"])


def title(brief: Brief) -> str:
    """The brief's title: the two addresses, earlier first."""
    return wording.brief_title(brief.earlier.title, brief.later.title)
