"""The shapes of what queries return and outputs write: views, graphs and citations.

Owns the ``View`` every listing renders (flat rows with named columns, the columns a
table shows by default, a title), the selection of columns a user asks for, the
``Graph`` of a relation network with the tone of its edges, and the ``Citation`` of a
record. Output code imports this and nothing of the queries that build these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import BadValue, did_you_mean
from .model import Actor, Relation, Source

Row = dict[str, Any]

NAMED = frozenset({"actors", "from", "to", "speaker", "voice", "counterpart"})
"""Columns that may hold actor ids: human tables show the actors' names there."""


@dataclass
class View:
    """What a command shows: rows of named fields, which of them a table shows, and a title.

    ``meta`` holds what a custom layout needs (the years of a comparison, the names of the
    actors the rows name).
    """

    name: str
    columns: list[str]
    rows: list[Row]
    default_columns: list[str]
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def select_fields(view: View, fields: Sequence[str] | None) -> list[str]:
    """The columns to show: ``fields`` if given (checked), else the view's default ones."""
    if not fields:
        return list(view.default_columns)
    unknown = [f for f in fields if f not in view.columns]
    if unknown:
        raise BadValue(
            f"unknown field {unknown[0]!r}{did_you_mean(unknown[0], view.columns)}; "
            f"fields of {view.name}: {', '.join(view.columns)}"
        )
    return list(fields)


def tone(score: int) -> str:
    """cooperative (> 0), neutral (0) or conflictual (< 0)."""
    return "cooperative" if score > 0 else ("conflictual" if score < 0 else "neutral")


@dataclass
class Graph:
    """Actors and the relations between them."""

    nodes: list[Actor]
    edges: list[Relation]
    title: str


@dataclass
class Citation:
    """A record and the sources it rests on."""

    record_id: str
    record_type: str
    basis: str | None
    evidence: str | None
    note: str | None
    sources: list[Source]


# --------------------------------------------------------------------------- chains of causes

LINKED_BY = {"stated": "the source", "context": "a reference", "inferred": "the curator"}
"""Who links a cause to the change along its whole path."""


def statement(title: str, strongest: str | None) -> str | None:
    """The plain sentence for a changed item no link the source states reaches (None when one does)."""
    if strongest == "stated":
        return None
    if strongest is None:
        return f"The source gives no reason for \u201c{title}\u201d."
    return (
        f"The source gives no reason for \u201c{title}\u201d as an item of the address; what it says around "
        f"it (of the policy in general) is linked to it by {LINKED_BY[strongest]}."
    )
