"""The schema of a policy file: pydantic models, one per record type, and the JSON Schema.

Owns what a valid file is, field by field: required and optional fields, types, value
ranges, id and date formats, controlled vocabularies. Only the cold path of the loader
(and ``policyx schema``) imports it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter

from .model import (
    COLLECTIONS,
    ID_PATTERN,
    ActorKind,
    Basis,
    DateQualifier,
    Emphasis,
    EventKind,
    PartialDate,
    RelationKind,
    SourceKind,
)


def _check_date(text: str) -> str:
    PartialDate.parse(text)
    return text


def _check_id(text: str) -> str:
    if not ID_PATTERN.match(text):
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


def json_schema() -> dict[str, object]:
    """The JSON Schema of a policy file."""
    schema = PolicyModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "policyx model"
    return schema


COLLECTION_TYPES: dict[str, type[BaseModel]] = {
    "sources": Source,
    "themes": Theme,
    "actors": Actor,
    "addresses": Address,
    "relations": Relation,
    "events": Event,
    "quotes": Quote,
}


def collection_adapter(coll: str) -> TypeAdapter[list[Any]]:
    """A validator for one whole collection (a list of records)."""
    return TypeAdapter(list[COLLECTION_TYPES[coll]])  # type: ignore[valid-type]


assert set(COLLECTION_TYPES) == set(COLLECTIONS)
