"""The data model: the schema of a policy file (pydantic) and partial dates.

Owns what a valid model *is*: record types, their fields, controlled vocabularies,
and the date type with year/month/day precision. Cross-record checks (unknown ids,
duplicates) live in the loader, which knows where each value came from.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

SCHEMA_VERSION = 1

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

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
        m = _DATE_RE.match(text)
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
        return cls(year, month, day)

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


def _check_date(text: str) -> str:
    PartialDate.parse(text)
    return text


def _check_id(text: str) -> str:
    if not _ID_RE.match(text):
        raise ValueError(f"{text!r} is not a valid id: use lowercase letters, digits and '-'")
    return text


def _number_text(value: object) -> object:
    """YAML text '1' read as the number 1 (the loader keeps every scalar as text)."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


DateStr = Annotated[
    str,
    AfterValidator(_check_date),
    Field(
        json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
        description="A date as YYYY, YYYY-MM or YYYY-MM-DD; its precision is what is written.",
    ),
]
Id = Annotated[
    str,
    AfterValidator(_check_id),
    Field(json_schema_extra={"pattern": r"^[a-z0-9][a-z0-9-]*$"}, description="A stable lowercase id."),
]
Text = Annotated[str, Field(min_length=1)]

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Record(_Strict):
    """Fields every record carries: its id and its provenance."""

    id: Id
    source: Id = Field(description="Id of the source the evidence is copied from.")
    evidence: Text = Field(description="A short excerpt copied verbatim from the source.")
    basis: Basis = Field(
        description="stated: the source says it; context: a well-known fact the source implies "
        "(name the reference); inferred: the curator's reading (explain in note)."
    )
    reference: Id | None = Field(None, description="Id of the reference source behind a 'context' record.")
    note: str | None = Field(None, description="Curator's note; required when basis is 'inferred'.")


class Source(_Strict):
    """A document records are drawn from: the article, or a reference used for context."""

    id: Id
    kind: SourceKind
    title: Text
    outlet: str | None = None
    author: str | None = None
    affiliation: str | None = None
    editor: str | None = None
    published: DateStr | None = None
    url: str | None = None
    note: str | None = None


class Theme(Record):
    """A policy theme records are tagged with."""

    name: Text
    description: Text


class Actor(Record):
    """A state, organisation, person, group, institution, forum or region."""

    name: Text
    kind: ActorKind
    aliases: list[Text] = Field(default_factory=list)
    description: Text


class Priority(Record):
    """One priority of an address, as the source reports it."""

    topic: Id = Field(description="Stable key matching the same priority across addresses.")
    title: Text
    emphasis: Emphasis
    summary: str | None = None
    themes: list[Id] = Field(default_factory=list)
    actors: list[Id] = Field(default_factory=list)


class Address(Record):
    """An address (speech) and the priorities the source says it set out."""

    year: int
    date: DateStr
    title: Text
    speaker: Id
    event: Id | None = None
    summary: Text
    priorities: list[Priority] = Field(default_factory=list)


class Relation(Record):
    """A directed relation between two actors, scored on the cooperation-conflict scale."""

    from_: Id = Field(alias="from")
    to: Id
    kind: RelationKind
    score: int = Field(ge=-10, le=10, description="-10 (war) .. 0 (neutral) .. +10 (integration).")
    mutual: bool = False
    since: DateStr | None = None
    until: DateStr | None = None
    summary: Text


class Event(Record):
    """A dated or datable event."""

    title: Text
    kind: EventKind
    date: DateStr
    date_qualifier: DateQualifier | None = None
    end: DateStr | None = None
    actors: list[Id] = Field(default_factory=list)
    themes: list[Id] = Field(default_factory=list)
    summary: Text


class Quote(Record):
    """A verbatim quotation with its speaker."""

    text: Text
    speaker: Id
    occasion: Id | None = None
    date: DateStr | None = None
    themes: list[Id] = Field(default_factory=list)


class PolicyModel(_Strict):
    """A whole policy model: the top level of a policy file."""

    schema_version: Annotated[Literal[1], BeforeValidator(_number_text)] = Field(
        description="Version of this file format."
    )
    sources: list[Source] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    addresses: list[Address] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)


COLLECTIONS = ("sources", "themes", "actors", "addresses", "relations", "events", "quotes")


def json_schema() -> dict[str, object]:
    """The JSON Schema of a policy file."""
    schema = PolicyModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "policyx model"
    return schema
