"""The data model as the rest of policyx sees it: typed records, partial dates, vocabularies.

Owns the in-memory shape of a loaded model: a ``Model`` of typed records (each a thin
class over the field dict it wraps, cheap to build from the cache, with every field
declared so that mypy sees it), dates with year, month or day precision, the patterns
of ids and dates, the controlled vocabularies, the provenance fields every record
carries, and ``walk``, the one traversal of every record (priorities included).

The record classes are the one declaration of each record type: each field's annotation,
with its ``spec.Spec`` where the type alone does not say enough, is what ``schema`` builds
the pydantic models (and so the JSON Schema) from, what ``validate`` follows references by
and what ``output.sqlite`` lays out the database by. ``RECORD_TYPES`` registers each type
once: its collection, its singular kind, its class (its SQLite table is named like the
collection). Annotations are never evaluated on the hot path, and this module imports no
validation library: what a *valid* file is, is ``schema``'s, built from these declarations.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from itertools import repeat
from typing import Annotated, Any, Literal

from .spec import Spec, fields

SCHEMA_VERSION = 2
"""The newest schema; files of every version in SCHEMA_VERSIONS load."""
SCHEMA_VERSIONS = (1, 2)

ID_REGEX = r"^[a-z0-9][a-z0-9-]*$"
DATE_REGEX = r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$"
"""The shape of a date, read loosely so that a wrong month or day gets its own message."""
DATE_SCHEMA_REGEX = r"^(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
"""The same shape for the JSON Schema, which has no messages of its own: no year 0, no month 13, no day 32."""
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
    if year == 0:
        raise ValueError(f"impossible date {text!r}: there is no year 0 (the calendar starts at 0001)")
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
LinkBasis = Literal["stated", "inferred"]

EMPHASIS_ORDER: dict[str, int] = {"overarching": 0, "major": 1, "mentioned": 2}

PROVENANCE = ("basis", "evidence", "source", "reference", "note")
"""The fields that say where a record comes from (``Record``'s), in the order views show them."""


# --------------------------------------------------------------------------- the declaration


Key = Annotated[str, Spec(form="id")]
"""An id that names no record (a record's own id, a priority's topic)."""
Date = Annotated[str, Spec(form="date")]
SourceId = Annotated[str, Spec(ref="source")]
ThemeId = Annotated[str, Spec(ref="theme")]
ActorId = Annotated[str, Spec(ref="actor")]
EventId = Annotated[str, Spec(ref="event")]
AddressId = Annotated[str, Spec(ref="address")]
"""The id of a record of one kind: of a source, a theme, an actor, an event, an address."""


PolicyName = Annotated[
    str | None,
    Spec(
        "For a record that states a policy in general (one a cause names as its policy): that policy in a few "
        'words, as the views name it ("putting the OTS first").',
        since=2,
    ),
]
"""The field of the claims, relations and events a cause may name as its policy."""


class Item:
    """One validated record: its fields as attributes, over the field dict it wraps (equal by its
    fields, and so, as Python makes any class that defines ``__eq__`` alone, unhashable)."""

    id: Key

    def __init__(self, fields: dict[str, object]) -> None:
        self.__dict__ = fields

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"


class Source(Item):
    """A document records are drawn from: the article, or a reference used for context."""

    kind: SourceKind
    title: str
    outlet: str | None
    author: str | None
    affiliation: str | None
    affiliation_short: Annotated[
        str | None,
        Spec(
            "The affiliation in a few words, for a one-line credit (the terminal's brief): 'Baku think tank'.",
            since=2,
        ),
    ] = None
    editor: str | None
    published: Date | None
    url: str | None
    note: str | None


class Record(Item):
    """A record with provenance: where its evidence comes from and on what basis."""

    source: Annotated[SourceId, Spec("Id of the source the evidence is copied from.")]
    evidence: Annotated[str, Spec("A short excerpt copied verbatim from the source.")]
    basis: Annotated[
        Basis,
        Spec(
            "stated: the source says it; context: a well-known fact the source implies "
            "(name the reference); inferred: the curator's reading (explain in note).",
            check=True,
        ),
    ]
    reference: Annotated[SourceId | None, Spec("Id of the reference source behind a 'context' record.", index=False)]
    note: Annotated[str | None, Spec("Curator's note; required when basis is 'inferred'.")]


class Theme(Record):
    """A policy theme records are tagged with."""

    name: str
    description: str


class Actor(Record):
    """A state, organisation, person, group, institution, forum or region."""

    name: str
    kind: ActorKind
    aliases: Annotated[list[str], Spec(column="alias")]
    description: str


class Voiced(Record):
    """A record that states someone's view: ``voice`` is that actor's id (None in schema-1 files,
    whose records do not store it: the class supplies the None)."""

    voice: Annotated[
        ActorId | None,
        Spec(
            "Whose view the record states, as an actor id: the speaker of an address for what it is reported "
            "to say, the article's author for its own analysis, the outlet for a headline or pull quote. "
            "Required in schema 2.",
            since=2,
        ),
    ] = None


class Priority(Voiced):
    """One priority of an address, as the source reports it."""

    topic: Annotated[Key, Spec("Stable key matching the same priority across addresses.")]
    title: str
    emphasis: Annotated[Emphasis, Spec(check=True)]
    summary: str | None
    themes: list[ThemeId]
    actors: list[ActorId]
    example_of: Annotated[
        str | None,
        Spec(
            "Id of another priority of the same address that this one is an example of: the source lists it "
            'under that one ("such as", "including"). Views count and name it under it.',
            ref="priority",
            index=False,
            since=2,
        ),
    ] = None
    see: Annotated[
        list[str],
        Spec(
            "Ids of claims, relations or events that bear on this item but that the source does not tie to it "
            "(by cause or by place): views name them after the item's plain statement, as not tied to it.",
            ref=("claim", "relation", "event"),
            column="record",
            since=2,
        ),
    ] = []  # schema-1 records do not store it: the class supplies the empty list (never mutated)


class Address(Record):
    """An address (speech) and the priorities the source says it set out."""

    year: int
    date: Date
    title: str
    speaker: ActorId
    event: EventId | None
    summary: str
    priorities: list[Priority]


class Relation(Voiced):
    """A directed relation between two actors, scored on the cooperation-conflict scale."""

    from_: Annotated[ActorId, Spec(key="from", column="from_actor")]
    to: Annotated[ActorId, Spec(column="to_actor")]
    kind: RelationKind
    score: Annotated[int, Spec("-10 (war) .. 0 (neutral) .. +10 (integration).", low=-10, high=10)]
    mutual: bool
    since: Date | None
    until: Date | None
    summary: str
    policy_name: PolicyName = None


class Event(Voiced):
    """A dated or datable event."""

    title: str
    kind: EventKind
    date: Date
    date_qualifier: DateQualifier | None
    end: Annotated[Date | None, Spec(column="end_date")]
    date_basis: Annotated[
        LinkBasis | None,
        Spec(
            "Whether the source gives the date itself (stated, the default) or the date, or a part of it such as "
            "the year, is the curator's reading (inferred: say why in note), while the event itself is as its "
            "basis says.",
            check=True,
            since=2,
        ),
    ] = None
    after: Annotated[
        EventId | None,
        Spec(
            "An event the source places this one after, where the dates alone cannot order them.",
            column="after_event",
            since=2,
        ),
    ] = None
    actors: list[ActorId]
    themes: list[ThemeId]
    summary: str
    policy_name: PolicyName = None


class Quote(Voiced):
    """A verbatim quotation with its speaker."""

    text: str
    speaker: ActorId
    occasion: EventId | None
    date: Date | None
    themes: list[ThemeId]
    pull_quote_of: Annotated[
        str | None,
        Spec(
            "Id of the claim whose sentence this quote prints again apart from the text (a pull quote): views "
            "say so, and whose sentence it repeats, beside the voice of the one who printed it.",
            ref="claim",
            index=False,
            since=2,
        ),
    ] = None


class Claim(Voiced):
    """One of the source's own arguments that is not a priority, relation or event."""

    summary: str
    actors: list[ActorId]
    themes: list[ThemeId]
    addresses: Annotated[list[AddressId], Spec("The addresses the claim characterises (both, for a comparison).")]
    addresses_basis: Annotated[
        LinkBasis | None,
        Spec(
            "Whether the source ties the claim to its addresses itself (stated, the default) or the tie is the "
            "curator's reading (inferred: say why in note), while the claim itself is as its basis says.",
            check=True,
        ),
    ] = None
    policy_name: PolicyName = None


class Cause(Voiced):
    """That one record (an event, relation or claim) led to another (a priority, claim, relation or event)."""

    cause: Annotated[
        str, Spec("Id of the event, relation or claim that led to the effect.", ref=("event", "relation", "claim"))
    ]
    effect: Annotated[
        str,
        Spec("Id of the priority, claim, relation or event it led to.", ref=("priority", "claim", "relation", "event")),
    ]
    summary: str
    policy: Annotated[
        str | None,
        Spec(
            "For a link the curator reads (inferred) from what the source gives as behind a policy in general, "
            "not behind the effect itself: the id of the claim, relation or event that states that policy. The "
            "views then say the source sets out the considerations behind the policy in general.",
            ref=("claim", "relation", "event"),
            since=2,
        ),
    ] = None


@dataclass(frozen=True)
class RecordType:
    """One record type: its collection (the file's key, the Model's attribute), the singular kind
    its records are called by, its class, and (for priorities) the collection whose records hold
    its records in a field named like it."""

    collection: str
    kind: str
    cls: type[Item]
    within: str | None = None
    since: int = 1
    """The first schema version that has the collection."""

    @property
    def table(self) -> str:
        """The SQLite table of its records: named like the collection."""
        return self.collection

    @property
    def voiced(self) -> bool:
        """Do its records state someone's view (carry a ``voice``)?"""
        return issubclass(self.cls, Voiced)


RECORD_TYPES = (
    RecordType("sources", "source", Source),
    RecordType("themes", "theme", Theme),
    RecordType("actors", "actor", Actor),
    RecordType("addresses", "address", Address),
    RecordType("priorities", "priority", Priority, within="addresses"),
    RecordType("relations", "relation", Relation),
    RecordType("events", "event", Event),
    RecordType("quotes", "quote", Quote),
    RecordType("claims", "claim", Claim, since=2),
    RecordType("causes", "cause", Cause, since=2),
)
"""Every record type, in file order, each nested one after the type that holds it."""
BY_COLLECTION = {t.collection: t for t in RECORD_TYPES}
BY_KIND = {t.kind: t for t in RECORD_TYPES}
_TOP = tuple(t for t in RECORD_TYPES if t.within is None)
COLLECTIONS = tuple(t.collection for t in _TOP)
"""Every top-level collection, in file order (claims and causes are schema 2's)."""
_HOLDS = {t.collection: tuple(n for n in RECORD_TYPES if n.within == t.collection) for t in _TOP}
"""Per top-level collection: the nested types its records hold (in a field named like their collection)."""
_WALK = tuple((t.collection, t.kind, tuple((n.collection, n.kind) for n in _HOLDS[t.collection])) for t in _TOP)


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
    for coll, kind, nested in _WALK:
        records = getattr(model, coll)
        if not nested:
            yield from zip(repeat(kind), records)
            continue
        for rec in records:
            yield kind, rec
            for name, nested_kind in nested:
                yield from zip(repeat(nested_kind), getattr(rec, name))


def model_from_data(data: dict[str, Any]) -> Model:
    """A Model over validated field dicts (field names as in the schema, ``from_`` for ``from``).

    The dicts are used as they are, not copied. Their shape is vouched for by ``validate``, or
    by the cache's seal: it is not checked again here, on the way every command loads a model.
    """
    for t in _TOP:
        for nested in _HOLDS[t.collection]:
            cls, name = nested.cls, nested.collection
            for holder in data.get(t.collection, ()):
                holder[name] = [cls(r) for r in holder[name]]
    collections: dict[str, Any] = {t.collection: [t.cls(r) for r in data.get(t.collection, ())] for t in _TOP}
    return Model(schema_version=data["schema_version"], files=data.get("files") or {}, **collections)


def model_to_data(model: Model, *, by_alias: bool = False) -> dict[str, object]:
    """Plain data of a Model: the cache's shape, or (``by_alias``) the file's, with ``from``.

    In the file's shape a schema-1 model keeps to schema 1: no voice, claims or causes.
    """
    out: dict[str, object] = {"schema_version": model.schema_version}
    for collection, records in plain_records(model, by_alias=by_alias):
        out[collection] = list(records)
    if not by_alias:
        out["files"] = dict(model.files)
    return out


def plain_records(model: Model, *, by_alias: bool = False) -> Iterator[tuple[str, Iterator[dict[str, object]]]]:
    """Each top-level collection's name and its records as plain data, made one at a time as they are
    asked for (``model_to_data``'s records, for writing a model out record by record)."""
    plain = plain_record(model.schema_version, by_alias=by_alias)
    for t, holds in written(model.schema_version, by_alias=by_alias):
        yield (
            t.collection,
            (
                plain(r.__dict__, {n.collection: getattr(r, n.collection) for n in holds})
                for r in getattr(model, t.collection)
            ),
        )


PlainRecords = tuple[int, Iterator[tuple[str, Iterator[dict[str, object]]]]]
"""A model as it is written out: its schema version, then each collection's name and its records as plain
data in the file's shape, made one at a time as they are asked for."""


@dataclass(frozen=True)
class PlainModel:
    """A model to be written out record by record from where it is kept (a store), never loaded whole:
    ``open()`` gives its ``PlainRecords`` for as long as they are read."""

    open: Callable[[], AbstractContextManager[PlainRecords]]


def written(schema_version: int, *, by_alias: bool = False) -> tuple[tuple[RecordType, tuple[RecordType, ...]], ...]:
    """The top-level record types a model of this version writes out, in file order, each with the nested
    types its records hold: in the file's shape (``by_alias``) a schema-1 model keeps to schema 1."""
    old = by_alias and schema_version == 1
    return tuple((t, _HOLDS[t.collection]) for t in _TOP if not (old and t.since > 1))


def plain_record(
    schema_version: int, *, by_alias: bool = False
) -> Callable[[Mapping[str, object], Mapping[str, Iterable[Any]]], dict[str, object]]:
    """What makes one record's plain data from its fields (a record's ``__dict__``, or the same from a
    store) and the records it holds, by collection: in the file's shape (``by_alias``) keys are the
    file's, and a schema-1 model's records keep to schema 1."""
    old = by_alias and schema_version == 1
    drop = {f.name for t in RECORD_TYPES for f in fields(t.cls) if f.spec.since > 1} if old else set()
    keys = {f.name: f.key for t in RECORD_TYPES for f in fields(t.cls) if f.key != f.name} if by_alias else {}

    def plain(record: Mapping[str, object], held: Mapping[str, Iterable[Any]]) -> dict[str, object]:
        if any(k in record for k in keys):
            out = {keys.get(k, k): v for k, v in record.items() if k not in drop}
        else:
            out = dict(record)
            for k in drop:
                out.pop(k, None)
        for collection, inner in held.items():
            out[collection] = [plain(p if isinstance(p, Mapping) else p.__dict__, {}) for p in inner]
        return out

    return plain


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
