"""The shapes of what queries return and outputs write: views, graphs and citations.

Owns the ``View`` every listing renders (flat rows with named columns, the columns a
table shows by default, a title), the selection of columns a user asks for, the
``Graph`` of a relation network with the tone of its edges, and the ``Citation`` of a
record. Output code imports this and nothing of the queries that build these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, cast

from .errors import BadValue, did_you_mean
from .model import Actor, Relation, Source

Value = str | int | float | bool | list[str] | list[list[int]] | None
"""What one field of a row holds (a list of [start, end] pairs: offsets in a text)."""
Row = dict[str, Value]


class LinkRow(TypedDict):
    """One link of a chain of causes: a cause record's cause and effect, how far it lies from what was
    asked (``depth``), the basis of its whole path there (``path_basis``: its weakest link), whose
    point its cause is (``cause_voice``, ``cause_basis``), and the link's own voice and provenance."""

    id: str
    depth: int
    cause: str
    cause_type: str
    cause_title: str
    cause_date: str | None
    effect: str
    effect_type: str
    effect_title: str
    summary: str
    voice: str | None
    cause_voice: str | None
    cause_basis: str | None
    path_basis: str
    basis: str
    evidence: str
    source: str
    reference: str | None
    note: str | None
    policy: str | None
    """For a link the curator reads from what the source gives behind a policy in general: that
    policy's record (the cause's ``policy``; else None)."""
    policy_title: str | None
    """That record's title or summary (None: no policy)."""
    policy_basis: str | None
    """How the source joins the cause to that policy: the basis of the model's link from the one to the
    other (``stated``: the source gives the cause for the policy in causal words); ``inferred`` where the
    model has no such link (that the source gives it for the policy is then the curator's reading too)."""


class Seen(TypedDict):
    """A record named in a priority's ``see``: its title, and its basis (a reading is said to be one)."""

    title: str
    basis: str


class Grounds(TypedDict):
    """How the links into an item rest on the source: how many lead to it directly, how many of those
    the curator reads from what the source gives behind a policy in general (a cause's ``policy``), and
    which of its examples have links of their own."""

    links: int
    general: int
    general_stated: int
    """Of ``general``, how many the source gives for that policy in causal words (``policy_basis`` stated)."""
    examples: list[str]
    """The titles of the examples listed under it that links lead to directly, in the address's order."""
    see: list[Seen]
    """The records that bear on it that the source does not tie to it (its ``see``)."""


def no_grounds() -> Grounds:
    """The grounds of an item no link reaches, with no example that one reaches."""
    return {"links": 0, "general": 0, "general_stated": 0, "examples": [], "see": []}


def row_of(link: LinkRow) -> Row:
    """A typed row as a view's plain row (the same dict, for the writers)."""
    return cast(Row, link)


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
    titles: dict[str, str]
    """Record id -> title, for the records the rows name in fields that hold one (a quote's occasion)."""
    pulled: dict[str, str | None]
    """Claim id -> its voice's name, for the claims the rows' pull quotes repeat (``pull_quote_of``)."""
    addresses: dict[str, AddressMeta]
    earlier: int
    later: int
    hidden_in_tables: list[str]
    """Fields a table leaves out because the order already says them (search's score)."""
    found: int
    """How many records a search found in all, of which the rows are the best (its --limit)."""
    actor: str
    """The actor a view is about (relations --actor): a table says the rest from its side."""
    target: str
    """What a ``why`` was asked about, in words a step can count to ("a record that names X")."""


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
    chunks: Iterable[list[Row]] | None = None
    """Rows made as they are written, a chunk at a time, in place of ``rows`` (a listing read from the
    store): only the formats of ``output.rows`` take such a view, and those written line by line
    (tsv, csv, jsonl) write each chunk as it comes."""
    complete: Callable[[list[Row], Sequence[str]], None] | None = None
    """For ``chunks``: what adds to a chunk's rows the fields that are costly to make (a search's
    snippets), called with the columns to be written before the chunk is, so that only those asked for
    are made."""


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
    root: str | None = None
    """The actor a neighbourhood is drawn around (None: the whole network)."""

    def strongest(self, limit: int) -> Graph:
        """The graph with at most ``limit`` relations: the strongest (by the size of the score, the first
        of equals), in their order, and the actors they join (the root kept)."""
        if len(self.edges) <= limit:
            return self
        ranked = sorted(range(len(self.edges)), key=lambda k: -abs(self.edges[k].score))[:limit]
        edges = [self.edges[k] for k in sorted(ranked)]
        keep = {r.from_ for r in edges} | {r.to for r in edges} | ({self.root} if self.root else set())
        return Graph([a for a in self.nodes if a.id in keep], edges, self.title, self.root)


@dataclass
class Citation:
    """A record and the sources it rests on."""

    record_id: str
    record_type: str
    basis: str | None
    evidence: str | None
    note: str | None
    sources: list[Source]
