"""What a brief holds: the facts ``brief.build`` gathers and every format of the brief draws.

Owns the shapes of the brief's data: the two sides, the headline's statements, one entry
per record the brief shows (a priority, change, cause, reading, quote, event or relation)
with a typed detail of its kind, the numbered notes, and the facts each command of "where to
look next" names. Facts only: ids, titles, names, years, bases and flags; how any of it is
worded for a reader (a title, a voice "as reported", a command line) is ``output``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypedDict, TypeVar

from .model import Source
from .results import Comparison
from .views import Graph, Grounds

Detail = TypeVar("Detail", covariant=True)
"""What an entry of the brief holds besides its text and evidence: one of the details below."""


class PriorityDetail(TypedDict):
    """A priority of an address, as its side of the brief lists it."""

    emphasis: str
    topic: str
    example_of: str | None


class ChangeDetail(TypedDict):
    """How a priority changed between the two accounts (the compare row's change fields)."""

    change: str
    earlier_id: str | None
    later_id: str | None
    earlier_emphasis: str | None
    later_emphasis: str | None
    shift: str
    earlier_examples: list[str]
    later_examples: list[str]


class LinkDetail(TypedDict):
    """One link of a chain of causes: cause, effect, whose point the cause is and how strong its path is."""

    cause: str
    cause_title: str
    cause_type: str
    cause_voice: str | None
    """The name of the cause's voice (None: it has none)."""
    cause_basis: str | None
    effect: str
    effect_title: str
    depth: int
    path_basis: str
    cause_reported: bool
    """Is the cause's voice someone the source reports (a speaker), not its own author or outlet?"""
    policy: str | None
    """The record of the policy in general the curator reads the link from (the cause's ``policy``)."""
    policy_title: str | None
    policy_basis: str | None
    """How the source joins the cause to that policy (``LinkRow.policy_basis``)."""
    policy_name: str | None
    """That policy in a few words (its record's ``policy_name``), where the model gives them."""


class ReadingDetail(TypedDict):
    """A claim of the source about one of the two addresses, and what it concerns."""

    address: str
    year: int
    addresses_basis: str
    actors: list[str]
    themes: list[str]


class QuoteDetail(TypedDict):
    """A quote: who said it, when, and at what."""

    speaker: str
    date: str | None
    occasion: str | None
    """The title of the event the words were said at."""


class EventDetail(TypedDict):
    """An event of the period: its date as the source gives it, and what it is to the change."""

    date: str
    start: str
    end: str | None
    precision: str
    qualifier: str | None
    date_basis: str | None
    """``inferred`` when the date, or a part of it, is the curator's reading (else None: the source's)."""
    kind: str
    cause: bool
    """Is it a cause in the chain behind the change?"""
    cause_path: str | None
    """As a cause: the basis of its strongest path to the change (None: no cause)."""
    address: bool
    """Is it the occasion of one of the two addresses?"""


RelationDetail = TypedDict(
    "RelationDetail",
    {
        "from": str,
        "to": str,
        "kind": str,
        "score": int,
        "tone": str,
        "since": str | None,
        "until": str | None,
        "mutual": bool,
    },
)
"""A relation of the main actor: its ends by name, kind, score and tone, and its period."""


class Shared(TypedDict):
    """Actors both accounts name outside their shared priorities, with the priority of each."""

    names: list[str]
    short: list[str]
    """Each actor's shortest name: an acronym where it has one."""
    earlier: str
    later: str


class TopChange(TypedDict):
    """The change the brief explains first: id, title, and the basis of the strongest link into it."""

    id: str
    title: str
    strongest: str | None
    grounds: Grounds
    """How the links into it rest on the source (``chains.grounds``)."""
    actors: list[str]
    themes: list[str]


class Explained(TypedDict):
    """A changed item and the basis of its strongest link in (None: no reason given)."""

    id: str
    title: str
    strongest: str | None
    grounds: Grounds
    """How the links into it rest on the source (``chains.grounds``)."""
    absent_from: int | None
    """For an item of the earlier address: the year of the account it is not in (else None)."""


class ActorRef(TypedDict):
    """The actor the brief centres its relations on."""

    id: str
    name: str


@dataclass
class Note:
    """The evidence of one record: its source, whose view it states, on what basis, in what words."""

    number: int
    id: str
    kind: str
    source: str
    """The id of the source the record is drawn from (``Brief.sources`` has it)."""
    voice: str
    """The name of the record's voice."""
    reported: bool
    """Does the source report the voice's words (a speaker's), rather than state its own view?"""
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


@dataclass(frozen=True)
class Entry(Generic[Detail]):
    """A priority, cause, quote, event or relation as the brief shows it, with its note's number."""

    id: str
    text: str
    voice: str
    """The name of the record's voice."""
    reported: bool
    """Does the source report the voice's words (a speaker's), rather than state its own view?"""
    basis: str
    evidence: str
    note: int
    detail: Detail


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
    priorities: list[Entry[PriorityDetail]]
    basis: str = "stated"
    """The address record's basis: ``context`` when its day is a reference's, not the source's."""


@dataclass
class Commands:
    """Where to look next: what each command names (the output words the command lines)."""

    earlier: str
    """The earlier address as the commands name it: its year when no other address has that year
    and the brief was asked for by years (or for the two most recent), else its id."""
    later: str
    """The later address, named the same way."""
    why: str
    """The record whose causes ``why`` shows: the change the brief explains first, else the later address."""
    actor: str
    """The brief's main actor, whose causes ``why`` shows too."""


@dataclass
class Brief:
    """Everything the one-page brief says, in reading order."""

    source: str
    """The id of the later address's source: the document the brief is about."""
    earlier: Side
    later: Side
    headline: list[Statement]
    counts: dict[str, int]
    changes: list[Entry[ChangeDetail]]
    """One entry per priority that is no other's example, with the examples' titles in its detail."""
    shared: list[Shared]
    causes: list[Entry[LinkDetail]]
    """Every link of the chain behind the change, each with its path basis (its weakest link)."""
    top: TopChange | None
    reasons: list[Entry[LinkDetail]]
    """The links into that change, in the model's order (the curator orders them)."""
    explained: list[Explained]
    """Each changed item, with the basis of its strongest link in."""
    readings: list[Entry[ReadingDetail]]
    """The source's claims about one of the two addresses (its qualifications of the shift among them)."""
    context: list[Entry[LinkDetail]]
    """Other causes the model records around the main actor, outside the chain behind the change."""
    quotes: list[Entry[QuoteDetail]]
    events: list[Entry[EventDetail]]
    span: tuple[str, str]
    actor: ActorRef
    relations: list[Entry[RelationDetail]]
    graph: Graph = field(repr=False)
    notes: list[Note]
    sources: dict[str, Source]
    """The brief's source and every source or reference a note names, by id."""
    commands: Commands
    comparison: Comparison = field(repr=False)
    """The comparison the brief is drawn from: policyx's count and the caveat are worded from it."""
