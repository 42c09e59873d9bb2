"""The data model as the rest of policyx sees it: typed records, partial dates, vocabularies.

Owns the in-memory shape of a loaded model: a ``Model`` of typed records (each a thin
class over the field dict it wraps, cheap to build from the cache, with every field
declared so that mypy sees it), dates with year, month or day precision, the patterns
of ids and dates, the controlled vocabularies, the provenance fields every record
carries, and ``walk``, the one traversal of every record (priorities included). What a
*valid* file is, field by field, is ``schema``'s; this module imports no validation
library.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 2
"""The newest schema; files of every version in SCHEMA_VERSIONS load."""
SCHEMA_VERSIONS = (1, 2)

ID_REGEX = r"^[a-z0-9][a-z0-9-]*$"
DATE_REGEX = r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$"
"""The shape of a date, read loosely so that a wrong month or day gets its own message."""
DATE_SCHEMA_REGEX = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
"""The same shape for the JSON Schema, which has no messages of its own: no month 13, no day 32."""
ID_PATTERN = re.compile(ID_REGEX)
_DATE_RE = re.compile(DATE_REGEX)

Precision = Literal["year", "month", "day"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, as the curator wrote it."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError for anything else or an impossible date."""
        return _parse_date(text)

    @property
    def precision(self) -> Precision:
        if self.day:
            return "day"
        if self.month:
            return "month"
        return "year"

    def first_day(self) -> tuple[int, int, int]:
        """The earliest day this date can mean."""
        return (self.year, self.month or 1, self.day or 1)

    def last_day(self) -> tuple[int, int, int]:
        """The latest day this date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@functools.lru_cache(maxsize=65536)
def _parse_date(text: str) -> PartialDate:
    """PartialDate.parse, memoised: models repeat their dates a lot."""
    m = _DATE_RE.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    month = int(m.group(2) or 0)
    day = int(m.group(3) or 0)
    if m.group(2) and not 1 <= month <= 12:
        raise ValueError(f"impossible date {text!r}: there is no month {month}")
    if m.group(3):
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"impossible date {text!r}: {calendar.month_name[month]} {year} has {last} days")
    return PartialDate(year, month, day)


Basis = Literal["stated", "context", "inferred"]
Emphasis = Literal["overarching", "major", "mentioned"]
ActorKind = Literal["state", "organisation", "person", "group", "institution", "forum", "region"]
RelationKind = Literal[
    "affiliation",
    "alignment",
    "candidacy",
    "cooperation",
    "disillusionment",
    "engagement",
    "influence-seeking",
    "leadership",
    "membership",
    "non-alignment",
    "normalization",
    "opposition",
    "pressure",
    "rivalry",
    "sanction",
    "support",
    "war",
]
EventKind = Literal[
    "address",
    "conference",
    "crisis",
    "decision",
    "declaration",
    "election",
    "inauguration",
    "summit",
    "tenure",
    "war",
]
DateQualifier = Literal["before", "after", "about"]
SourceKind = Literal["article", "reference"]

EMPHASIS_ORDER: dict[str, int] = {"overarching": 0, "major": 1, "mentioned": 2}

COLLECTIONS = ("sources", "themes", "actors", "addresses", "relations", "events", "quotes", "claims", "causes")
"""Every top-level collection, in file order (claims and causes are schema 2's)."""
PROVENANCE = ("basis", "evidence", "source", "reference", "note")
"""The fields that say where a record comes from, in the order views show them."""


class Item:
    """One validated record: its fields as attributes, over the field dict it wraps."""

    id: str

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__ = fields

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"


class Source(Item):
    """A document records are drawn from: the article, or a reference used for context."""

    kind: str
    title: str
    outlet: str | None
    author: str | None
    affiliation: str | None
    editor: str | None
    published: str | None
    url: str | None
    note: str | None


class Record(Item):
    """A record with provenance: where its evidence comes from and on what basis."""

    source: str
    evidence: str
    basis: str
    reference: str | None
    note: str | None


class Theme(Record):
    name: str
    description: str


class Actor(Record):
    name: str
    kind: str
    aliases: list[str]
    description: str


class Voiced(Record):
    """A record that states someone's view: ``voice`` is that actor's id (None in schema-1 files,
    whose records do not store it: the class supplies the None)."""

    voice: str | None = None


class Priority(Voiced):
    topic: str
    title: str
    emphasis: str
    summary: str | None
    themes: list[str]
    actors: list[str]
    example_of: str | None = None


class Address(Record):
    year: int
    date: str
    title: str
    speaker: str
    event: str | None
    summary: str
    priorities: list[Priority]


class Relation(Voiced):
    from_: str
    to: str
    kind: str
    score: int
    mutual: bool
    since: str | None
    until: str | None
    summary: str


class Event(Voiced):
    title: str
    kind: str
    date: str
    date_qualifier: str | None
    end: str | None
    after: str | None = None
    actors: list[str]
    themes: list[str]
    summary: str


class Quote(Voiced):
    text: str
    speaker: str
    occasion: str | None
    date: str | None
    themes: list[str]


class Claim(Voiced):
    """One of the source's own arguments that is not a priority, relation or event."""

    summary: str
    actors: list[str]
    themes: list[str]
    addresses: list[str]
    addresses_basis: str | None = None


class Cause(Voiced):
    """That ``cause`` (an event, relation or claim) led to ``effect`` (a priority, claim, relation or event)."""

    cause: str
    effect: str
    summary: str


RECORD_TYPES: dict[str, type[Item]] = {
    "sources": Source,
    "themes": Theme,
    "actors": Actor,
    "addresses": Address,
    "relations": Relation,
    "events": Event,
    "quotes": Quote,
    "claims": Claim,
    "causes": Cause,
}
KIND_OF = {
    "sources": "source",
    "themes": "theme",
    "actors": "actor",
    "addresses": "address",
    "relations": "relation",
    "events": "event",
    "quotes": "quote",
    "claims": "claim",
    "causes": "cause",
}
"""The singular name of each collection's records ("priority" is the one nested kind)."""


@dataclass(eq=True)
class Model:
    """A loaded, validated model: one list of records per collection."""

    schema_version: int
    sources: list[Source]
    themes: list[Theme]
    actors: list[Actor]
    addresses: list[Address]
    relations: list[Relation]
    events: list[Event]
    quotes: list[Quote]
    claims: list[Claim] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict, compare=False)
    """For a model read from several files: each record's file (by id); empty for one file."""


def walk(model: Model) -> Iterator[tuple[str, Item]]:
    """(kind, record) for every record of the model, in file order, each priority after its address."""
    for coll in COLLECTIONS:
        kind = KIND_OF[coll]
        for rec in getattr(model, coll):
            yield kind, rec
            if kind == "address":
                for pri in rec.priorities:
                    yield "priority", pri


def model_from_data(data: dict[str, Any]) -> Model:
    """A Model over validated field dicts (field names as in the schema, ``from_`` for ``from``).

    The dicts are used as they are, not copied.
    """
    for address in data["addresses"]:
        address["priorities"] = [Priority(p) for p in address["priorities"]]
    collections = {c: [RECORD_TYPES[c](r) for r in data.get(c, ())] for c in COLLECTIONS}
    return Model(schema_version=data["schema_version"], files=data.get("files") or {}, **collections)  # type: ignore[arg-type]


def model_to_data(model: Model, *, by_alias: bool = False) -> dict[str, Any]:
    """Plain data of a Model: the cache's shape, or (``by_alias``) the file's, with ``from``.

    In the file's shape a schema-1 model keeps to schema 1: no voice, claims or causes.
    """
    drop = {"voice", "after", "example_of"} if by_alias and model.schema_version == 1 else set()

    def plain(item: Item) -> dict[str, Any]:
        fields = {k: v for k, v in item.__dict__.items() if k not in drop}
        if "priorities" in fields:
            fields["priorities"] = [plain(p) for p in fields["priorities"]]
        if by_alias and "from_" in fields:
            fields = {("from" if k == "from_" else k): v for k, v in fields.items()}
        return fields

    out: dict[str, Any] = {"schema_version": model.schema_version}
    for coll in COLLECTIONS:
        if by_alias and model.schema_version == 1 and coll in ("claims", "causes"):
            continue
        out[coll] = [plain(r) for r in getattr(model, coll)]
    if not by_alias:
        out["files"] = dict(model.files)
    return out


def cycle(links: Iterable[tuple[str, str]]) -> list[str] | None:
    """The ids of records on a chain of (cause, effect) links that leads back to where it started, if any."""
    onward: dict[str, list[str]] = {}
    for cause, effect in links:
        onward.setdefault(cause, []).append(effect)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in onward:
        if state.get(start):
            continue
        path = [start]
        stack = [iter(onward.get(start, ()))]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                state[path.pop()] = 2
            elif state.get(step) == 1:
                return [*path[path.index(step) :], step]
            elif not state.get(step):
                state[step] = 1
                path.append(step)
                stack.append(iter(onward.get(step, ())))
    return None
