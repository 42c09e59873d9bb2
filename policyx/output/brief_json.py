"""The brief as one JSON document: a public format, its fields and their order fixed here.

Owns the document's shape: the brief's facts as plain data in the order they have always had
(title first, the command lines last), each record's voice as the other formats say it ("as
reported" for a speaker the source reports) and, as ``view``, whose view it is in the words
every view uses ("curator's reading of Cavid Veliyev's words" for an inferred record, never the
bare voice), each command of "where to look next" as the command line a reader types.
"""

from __future__ import annotations

import dataclasses
from typing import IO, TYPE_CHECKING, Any

from ..brief_data import Brief, Entry, Note, Side
from . import wording
from .brief_common import by, caveat, headline, said, title, voice
from .text import to_json

if TYPE_CHECKING:
    from . import Settings


def write_json(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief as one JSON document."""
    out.write(to_json(document(brief)) + "\n")
    return None


def document(brief: Brief) -> dict[str, object]:
    """The brief as plain data, in the JSON document's order."""
    return {
        "title": title(brief),
        "source": brief.source,
        "earlier": _side(brief.earlier),
        "later": _side(brief.later),
        "headline": [dataclasses.asdict(s) for s in headline(brief)],
        "counts": dict(brief.counts),
        "changes": [_entry(e) for e in brief.changes],
        "shared": list(brief.shared),
        "causes": [_entry(e) for e in brief.causes],
        "top": brief.top,
        "reasons": [_entry(e) for e in brief.reasons],
        "explained": list(brief.explained),
        "readings": [_entry(e) for e in brief.readings],
        "context": [_entry(e) for e in brief.context],
        "quotes": [_entry(e, view=f"{voice(e)} ({said(e)})") for e in brief.quotes],
        "events": [_entry(e) for e in brief.events],
        "span": list(brief.span),
        "actor": brief.actor,
        "relations": [_entry(e) for e in brief.relations],
        "notes": [_note(n) for n in brief.notes],
        "sources": {sid: dict(vars(source)) for sid, source in brief.sources.items()},
        "caveat": caveat(brief),
        "commands": dataclasses.asdict(wording.command_lines(brief.commands)),
    }


def _side(side: Side) -> dict[str, object]:
    return {
        "id": side.id,
        "year": side.year,
        "title": side.title,
        "date": side.date,
        "speaker": side.speaker,
        "summary": side.summary,
        "note": side.note,
        "priorities": [_entry(e) for e in side.priorities],
        "basis": side.basis,
    }


def _entry(entry: Entry[Any], *, view: str | None = None) -> dict[str, object]:
    """An entry as plain data; ``view``: whose view it is, where not as ``by`` words it (a quote: quoted)."""
    return {
        "id": entry.id,
        "text": entry.text,
        "voice": voice(entry),
        "basis": entry.basis,
        "view": view or by(entry),
        "evidence": entry.evidence,
        "note": entry.note,
        "detail": entry.detail,
    }


def _note(note: Note) -> dict[str, object]:
    return {
        "number": note.number,
        "id": note.id,
        "kind": note.kind,
        "source": note.source,
        "voice": voice(note),
        "basis": note.basis,
        "evidence": note.evidence,
        "reference": note.reference,
        "note": note.note,
    }
