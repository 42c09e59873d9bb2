"""The columns of every view, declared once: what kind of value each field name holds.

Owns the meaning of a field name across views (``score`` is one number wherever it
appears): whether it is a code (an id, a date, a vocabulary word, a number) that is read
whole, a count, the row's own text (a title, a summary), a list of actor ids, or an
ordinary text; and which fields are secondary, so that a narrow table may leave them out
first. Queries name the fields their rows carry; outputs ask here what each one is and
never keep lists of other modules' columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """What a field holds, as far as drawing it is concerned."""

    whole: bool = False
    """A code, a date or a number: never wrapped, never split."""
    numeric: bool = False
    """A number: right-aligned."""
    own: bool = False
    """The row's own text (its title, name or summary): it needs no label when a row is stacked."""
    actors: bool = False
    """Actor ids: human tables show the actors' names."""
    name: bool = False
    """One actor, by name in human tables: kept on one line where it fits."""
    record: bool = False
    """A record's id: human tables show the record's title."""


TEXT = Column()
CODE = Column(whole=True)
NUMBER = Column(whole=True, numeric=True)
OWN = Column(own=True)
ACTOR = Column(whole=True, actors=True, name=True)
"""One actor id: a code in machine formats, a name (which may wrap) in human tables."""
VOICE = Column(whole=True, actors=True)
"""Whose view a record states: an actor id in machine formats, a phrase in human tables ("as reported")."""
ACTORS = Column(actors=True)
RECORD = Column(record=True)
"""One record's id (an event, for a quote's occasion): a code in machine formats, its title in human tables."""

_CODES = (
    "id",
    "emphasis",
    "earlier_emphasis",
    "later_emphasis",
    "shift",
    "change",
    "section",
    "kind",
    "type",
    "field",
    "topic",
    "basis",
    "cause_basis",
    "earlier_basis",
    "later_basis",
    "path_basis",
    "addresses_basis",
    "date_basis",
    "date",
    "since",
    "until",
    "start",
    "end",
    "precision",
    "qualifier",
    "mutual",
    "direction",
    "address",
    "earlier_id",
    "later_id",
    "cause",
    "effect",
    "policy",
    "policy_basis",
    "cause_type",
    "effect_type",
    "cause_date",
    "source",
    "reference",
    "after",
    "pull_quote_of",
)
COLUMNS: dict[str, Column] = {
    **dict.fromkeys(_CODES, CODE),
    **dict.fromkeys(("year", "score", "depth", "effect_links", "priorities", "events", "quotes", "claims"), NUMBER),
    **dict.fromkeys(("title", "name", "summary", "text", "detail", "description"), OWN),
    **dict.fromkeys(("from", "to", "speaker", "counterpart"), ACTOR),
    **dict.fromkeys(("voice", "cause_voice"), VOICE),
    "actors": ACTORS,
    "occasion": RECORD,
}
"""Every field name a view's rows carry that is not ordinary text."""

SECONDARY = ("aliases", "themes", "until", "since", "valid", "mutual", "field", "score", "qualifier", "precision")
"""Fields (or table headings) a narrow table leaves out, first to last, rather than split a word."""

NAMED = frozenset(name for name, column in COLUMNS.items() if column.actors)
"""Fields that may hold actor ids."""
TITLED = frozenset(name for name, column in COLUMNS.items() if column.record)
"""Fields that hold a record's id, shown by its title in human tables."""


def column(name: str) -> Column:
    """What the field ``name`` holds (ordinary text, unless declared otherwise)."""
    return COLUMNS.get(name, TEXT)
