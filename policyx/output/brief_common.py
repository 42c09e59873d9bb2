"""What every format of the brief shares: its data made safe to show, and its records' provenance in words.

Owns the brief's data with every string's control characters made visible (``tidy``: the
brief's data is never trusted), its sources as a citation says them, and, for one record of
the brief, whose view it states and on what basis, how a quote stands, how a reading is tied
to its address and whose point a cause is, each in the one vocabulary of ``wording``.
"""

from __future__ import annotations

from typing import Any

from ..views import Brief, Entry
from . import wording
from .text import clean


def tidy(value: Any) -> Any:
    """Every string of a value with control characters made visible (the brief's data is never trusted)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [tidy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(tidy(v) for v in value)
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items()}
    return value


def by(item: dict[str, Any] | Entry) -> str:
    """Whose view a record states, and on what basis, in the one wording of every view (``wording.by``)."""
    voice, basis = (item["voice"], item["basis"]) if isinstance(item, dict) else (item.voice, item.basis)
    return wording.by(voice, basis)


def said(quote: dict[str, Any]) -> str:
    """How a quote stands: its basis, and for an inferred one, that only where it was said is the reading."""
    if quote["basis"] != "inferred":
        return str(quote["basis"])
    speaker = quote["detail"]["speaker"]
    return (
        f"the words are {speaker}'s as the source quotes them; where they were said is the curator's reading (inferred)"
    )


def sources(brief: Brief) -> dict[str, dict[str, str]]:
    """Each source of the brief as a citation says it: whole (``plain``) and in a few words (``short``)."""
    from .citations import plain, short

    lines = {sid: {"plain": plain(source), "short": short(source)} for sid, source in brief.sources.items()}
    for sid in [brief.source, *(x for n in brief.notes for x in (n.source, n.reference) if x)]:
        lines.setdefault(sid, {"plain": clean(sid), "short": clean(sid)})
    return lines


def tie(reading: dict[str, Any]) -> str:
    """For a claim whose tie to the address is the curator's reading, say so."""
    if reading["detail"].get("addresses_basis") == "inferred":
        return "; that it concerns this address is the curator's reading"
    return ""


def point(link: dict[str, Any]) -> str | None:
    """Whose point a cause is, as the screen's brief says it."""
    return wording.point(link["cause_voice"], link["cause_basis"], reported=link["cause_reported"])
