"""The shapes of what queries return and outputs write: views, graphs and citations.

Owns the ``View`` every listing renders (flat rows with named columns, the columns a
table shows by default, a title), the selection of columns a user asks for, the
``Graph`` of a relation network with the tone of its edges, and the ``Citation`` of a
record. Output code imports this and nothing of the queries that build these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

from .errors import BadValue, did_you_mean
from .model import Actor, Relation, Source

Row = dict[str, Any]


class AddressMeta(TypedDict):
    """What a table shows above an address's rows: its title, date (and the date's basis), speaker, summary."""

    title: str
    date: str
    basis: str
    speaker: str
    speaker_id: str
    summary: str


class Meta(TypedDict, total=False):
    """What a view's own layout needs beside its rows."""

    names: dict[str, str]
    """Actor id -> name, for every actor the rows name (human tables show names)."""
    reported: list[str]
    """The voices of the rows that a source reports (speakers): "as reported"."""
    addresses: dict[str, AddressMeta]
    earlier: int
    later: int
    hidden_in_tables: list[str]
    """Fields a table leaves out because the order already says them (search's score)."""


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
    meta: Meta = field(default_factory=Meta)


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
READING = {"context": "a reference's fact", "inferred": "the curator's reading"}


def statement(title: str, strongest: str | None) -> str | None:
    """The plain sentence for a changed item no link the source states reaches (None when one does)."""
    if strongest == "stated":
        return None
    if strongest is None:
        return f"The source gives no reason for \u201c{title}\u201d."
    return (
        f"The source gives reasons for the policy behind \u201c{title}\u201d in general, not for this item of "
        f"the address; tying them to the address is {READING[strongest]}."
    )


# --------------------------------------------------------------------------- the brief

KEY_QUOTES = 2
CHANGE_LABELS = {
    "continued": "in both accounts",
    "new-in-later-account": "new in the later account",
    "not-in-later-account": "not in the later account",
}


@dataclass
class Note:
    """The evidence of one record: its source, whose view it states, on what basis, in what words."""

    number: int
    id: str
    kind: str
    source: str
    """The id of the source the record is drawn from (``Brief.sources`` has it)."""
    voice: str
    basis: str
    evidence: str
    reference: str | None
    """The id of the reference a context record's fact comes from."""
    note: str | None


@dataclass
class Statement:
    """A sentence of the brief: the text, whose view it states (voice ``policyx``, basis ``count`` for
    policyx's own count of the coded priorities), the source's words and its note."""

    text: str
    voice: str
    basis: str
    evidence: str = ""
    note: int | None = None


@dataclass
class Entry:
    """A priority, cause, quote, event or relation as the brief shows it, with its note's number."""

    id: str
    text: str
    voice: str
    basis: str
    evidence: str
    note: int
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Side:
    """One address: its year, title, date, speaker, summary and priorities (highest emphasis first)."""

    id: str
    year: int
    title: str
    date: str
    speaker: str
    summary: str
    note: int
    priorities: list[Entry]
    basis: str = "stated"
    """The address record's basis: ``context`` when its day is a reference's, not the source's."""


@dataclass
class Commands:
    """Where to look next, by what each command shows."""

    compare: str
    why: str
    """The causes behind the change the brief explains first."""
    actor: str
    """The causes around the brief's main actor."""
    page: str
    """The whole brief as a page."""


@dataclass
class Brief:
    """Everything the one-page brief says, in reading order."""

    title: str
    source: str
    """The id of the later address's source: the document the brief is about."""
    earlier: Side
    later: Side
    headline: list[Statement]
    counts: dict[str, int]
    changes: list[Entry]
    """One entry per priority that is no other's example, with the examples' titles in its detail."""
    shared: list[dict[str, Any]]
    """Actors both accounts name outside their shared priorities: names, and the priority of each."""
    causes: list[Entry]
    """Every link of the chain behind the change, each with its path basis (its weakest link)."""
    top: dict[str, Any] | None
    """The change the brief explains first: id, title, and the basis of the strongest link into it."""
    reasons: list[Entry]
    """The links into that change, in the model's order (the curator orders them)."""
    explained: list[dict[str, Any]]
    """Each changed item: id, title and the basis of its strongest link in (None: no reason given)."""
    readings: list[Entry]
    """The source's claims about one of the two addresses (its qualifications of the shift among them)."""
    context: list[Entry]
    """Other causes the model records around the main actor, outside the chain behind the change."""
    quotes: list[Entry]
    events: list[Entry]
    span: tuple[str, str]
    actor: dict[str, str]
    relations: list[Entry]
    graph: Graph = field(repr=False)
    notes: list[Note]
    sources: dict[str, Source]
    """The brief's source and every source or reference a note names, by id."""
    caveat: str
    commands: Commands

    def to_dict(self) -> dict[str, Any]:
        """The brief as plain data (JSON output)."""
        data = asdict(self)
        del data["graph"]
        data["span"] = list(self.span)
        data["sources"] = {sid: dict(vars(source)) for sid, source in self.sources.items()}
        return data
