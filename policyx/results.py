"""Typed results that queries return and the output layer words: a comparison of two addresses.

Owns ``Comparison`` and its parts, the facts every view of a comparison is drawn from (the
rows of ``policyx compare`` and the brief alike): the priorities paired by topic, with their
``Change`` and ``Shift``; the chain of causes behind what changed; how strongly those causes
reach each changed item; the actors both accounts name outside their shared priorities; the
source's own claims about the two addresses. Plain data, no sentences: the output layer
words them, and imports this module, never the queries that fill it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from .model import Address, Claim, Priority
from .views import AddressMeta, Grounds, LinkRow, no_grounds

COMPARE_COLUMNS = [
    "section",
    "id",
    "topic",
    "change",
    "title",
    "earlier_id",
    "later_id",
    "earlier_emphasis",
    "later_emphasis",
    "shift",
    "earlier_examples",
    "later_examples",
    "voice",
    "cause",
    "effect",
    "cause_voice",
    "cause_basis",
    "earlier_evidence",
    "later_evidence",
    "earlier_basis",
    "later_basis",
    "evidence",
    "basis",
    "path_basis",
    "addresses_basis",
    "statement",
    "note",
    "depth",
    "policy",
    "policy_title",
    "policy_basis",
    "cause_title",
    "effect_title",
    "summary",
]
"""The fields of a comparison's rows (``policyx compare``), in their order."""
CHANGE_FIELDS = tuple(
    c
    for c in COMPARE_COLUMNS[COMPARE_COLUMNS.index("change") : COMPARE_COLUMNS.index("later_examples") + 1]
    if c != "title"
)
"""The fields of a compare row that say how a priority changed."""


WHY_COLUMNS = [
    "id",
    "depth",
    "cause",
    "cause_type",
    "cause_title",
    "cause_date",
    "effect",
    "effect_type",
    "effect_title",
    "summary",
    "voice",
    "cause_voice",
    "cause_basis",
    "path_basis",
    "statement",
    "basis",
    "evidence",
    "source",
    "reference",
    "note",
    "policy",
    "policy_title",
    "policy_basis",
]
"""The fields of the rows of ``policyx why``, in their order: a link's, and the plain statement of an
item asked about that no link the source states reaches."""


@dataclass(frozen=True)
class Unreached:
    """A priority asked about that no link the source states reaches, and the basis of the strongest
    link that does reach it (None: none)."""

    id: str
    title: str
    strongest: str | None
    under: str | None = None
    """For an example the source lists under another item: that item's title."""
    grounds: Grounds = field(default_factory=no_grounds)
    """How the links into it rest on the source (``chains.grounds``)."""
    under_linked: bool = True
    """For an example: whether a link leads to the item it is listed under."""


Asked = Literal["record", "topic", "actor"]
"""What kind of thing a ``why`` was asked about."""


@dataclass(frozen=True)
class WhyResult:
    """The chain of causes behind what was asked: its links (direct causes first), and the priorities
    asked about that no stated link reaches."""

    name: str
    """What was asked about, as a person calls it."""
    kind: Asked
    """What kind of thing was asked about: ``record``, ``topic`` or ``actor`` (then every record
    that names the actor is a target, and a step counts to the nearest of them)."""
    links: tuple[LinkRow, ...]
    unreached: tuple[Unreached, ...]
    names: dict[str, str]
    reported: tuple[str, ...]


class Change(str, Enum):
    """How a priority fares from the earlier account to the later one. Hedged alike: the
    source's account of a speech is not the speech."""

    CONTINUED = "continued"
    NEW = "new-in-later-account"
    ABSENT = "not-in-later-account"


class Shift(str, Enum):
    """How the weight the curator coded for a priority in both accounts moved."""

    RAISED = "raised"
    LOWERED = "lowered"
    SAME = "same"


CHANGE_ORDER = {change.value: n for n, change in enumerate(Change)}
"""The order views list changes in: in both accounts, new, not in the later account."""


@dataclass(frozen=True)
class PriorityChange:
    """One priority that is no other's example, and how it fares between the two accounts."""

    topic: str
    change: Change
    shown: Priority
    """The priority the row is about: the later one where both accounts have the topic."""
    earlier: Priority | None
    later: Priority | None
    shift: Shift | None
    """For a priority in both accounts: how its coded weight moved (None otherwise)."""
    earlier_examples: tuple[str, ...]
    """The titles of the examples the source lists under the earlier priority."""
    later_examples: tuple[str, ...]


@dataclass(frozen=True)
class Reached:
    """A changed item, and the basis of the strongest path of causes into it (None: no cause)."""

    priority: Priority
    path_basis: str | None
    grounds: Grounds = field(default_factory=no_grounds)
    """How the links into it rest on the source (``chains.grounds``)."""


@dataclass(frozen=True)
class Shared:
    """Actors that priorities of both addresses name outside their shared priorities, and the
    titles of the priorities that name them in each."""

    actors: tuple[str, ...]
    earlier: str
    later: str


@dataclass(frozen=True)
class Tally:
    """What the source reports of one address: its items (no other's examples) and their examples."""

    year: int
    items: int
    examples: int


@dataclass(frozen=True)
class Comparison:
    """Everything a comparison of two addresses says, as facts, earlier address first."""

    earlier: Address
    later: Address
    changes: tuple[PriorityChange, ...]
    """In both accounts first, then new, then not in the later account; highest weight first in each."""
    links: tuple[LinkRow, ...]
    """The chain of causes behind what changed (``why`` rows, each with its ``path_basis``)."""
    reached: tuple[Reached, ...]
    shared: tuple[Shared, ...]
    claims: tuple[Claim, ...]
    """The source's claims about both addresses first, then those about one of them."""
    tallies: tuple[Tally, Tally]
    tops: tuple[Priority | None, Priority | None]
    """The item weighted highest in each account."""
    addresses: dict[str, AddressMeta]
    names: dict[str, str]
    """Actor id -> name for every actor the comparison names."""
    reported: tuple[str, ...]
    """The voices in it that a source reports (speakers), not a source's own."""

    def count(self, change: Change) -> int:
        return sum(1 for c in self.changes if c.change == change)

    def shifted(self, shift: Shift) -> list[str]:
        """The titles of the priorities in both accounts whose weight moved this way."""
        return [c.shown.title for c in self.changes if c.shift == shift]
