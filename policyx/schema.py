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
    DATE_SCHEMA_REGEX,
    ID_PATTERN,
    ID_REGEX,
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
    if not ID_PATTERN.fullmatch(text):
        raise ValueError(f"{text!r} is not a valid id: use lowercase letters, digits and '-'")
    return text


def _number_text(value: object) -> object:
    """YAML text '1' read as the number 1 (the loader keeps every scalar as text)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


DateStr = Annotated[
    str,
    AfterValidator(_check_date),
    Field(
        json_schema_extra={"pattern": DATE_SCHEMA_REGEX},
        description="A date as YYYY, YYYY-MM or YYYY-MM-DD; its precision is what is written.",
    ),
]
Id = Annotated[
    str,
    AfterValidator(_check_id),
    Field(json_schema_extra={"pattern": ID_REGEX}, description="A stable lowercase id."),
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


class Voiced(Record):
    """A record that states someone's view."""

    voice: Id | None = Field(
        None,
        description="Whose view the record states, as an actor id: the speaker of an address for what "
        "it is reported to say, the article's author for its own analysis, the outlet for a headline "
        "or pull quote. Required in schema 2.",
    )


class Priority(Voiced):
    """One priority of an address, as the source reports it."""

    topic: Id = Field(description="Stable key matching the same priority across addresses.")
    title: Text
    emphasis: Emphasis
    summary: str | None = None
    themes: list[Id] = Field(default_factory=list)
    actors: list[Id] = Field(default_factory=list)
    example_of: Id | None = Field(
        None,
        description="Id of another priority of the same address that this one is an example of: the "
        'source lists it under that one ("such as", "including"). Views count and name it under it.',
    )


class Address(Record):
    """An address (speech) and the priorities the source says it set out."""

    year: int
    date: DateStr
    title: Text
    speaker: Id
    event: Id | None = None
    summary: Text
    priorities: list[Priority] = Field(default_factory=list)


class Relation(Voiced):
    """A directed relation between two actors, scored on the cooperation-conflict scale."""

    from_: Id = Field(alias="from")
    to: Id
    kind: RelationKind
    score: int = Field(ge=-10, le=10, description="-10 (war) .. 0 (neutral) .. +10 (integration).")
    mutual: bool = False
    since: DateStr | None = None
    until: DateStr | None = None
    summary: Text


class Event(Voiced):
    """A dated or datable event."""

    title: Text
    kind: EventKind
    date: DateStr
    date_qualifier: DateQualifier | None = None
    end: DateStr | None = None
    after: Id | None = Field(
        None, description="An event the source places this one after, where the dates alone cannot order them."
    )
    actors: list[Id] = Field(default_factory=list)
    themes: list[Id] = Field(default_factory=list)
    summary: Text


class Quote(Voiced):
    """A verbatim quotation with its speaker."""

    text: Text
    speaker: Id
    occasion: Id | None = None
    date: DateStr | None = None
    themes: list[Id] = Field(default_factory=list)


class Claim(Voiced):
    """One of the source's own arguments that is not a priority, relation or event."""

    summary: Text
    actors: list[Id] = Field(default_factory=list)
    themes: list[Id] = Field(default_factory=list)
    addresses: list[Id] = Field(
        default_factory=list, description="The addresses the claim characterises (both, for a comparison)."
    )
    addresses_basis: Literal["stated", "inferred"] | None = Field(
        None,
        description="Whether the source ties the claim to its addresses itself (stated, the default) or the "
        "tie is the curator's reading (inferred: say why in note), while the claim itself is as its basis says.",
    )


class Cause(Voiced):
    """That one record (an event, relation or claim) led to another (a priority, claim, relation or event)."""

    cause: Id = Field(description="Id of the event, relation or claim that led to the effect.")
    effect: Id = Field(description="Id of the priority, claim, relation or event it led to.")
    summary: Text


class PolicyModel(_Strict):
    """A whole policy model: the top level of a policy file."""

    schema_version: Annotated[Literal[1, 2], BeforeValidator(_number_text)] = Field(
        description="Version of this file format: 2 (voice, claims, causes); 1 still loads."
    )
    sources: list[Source] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    addresses: list[Address] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    causes: list[Cause] = Field(default_factory=list)


VOICED = ("Priority", "Relation", "Event", "Quote", "Claim", "Cause")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a policy file."""
    schema: dict[str, Any] = PolicyModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "policyx model (schema 2)"
    for name in VOICED:  # schema 2 requires the voice that schema-1 files lack
        definition = schema["$defs"][name]
        definition["required"] = sorted({*definition.get("required", []), "voice"})
    for definition in schema["$defs"].values():  # what validate checks that a schema can say too
        if "basis" in definition.get("properties", {}):
            definition["allOf"] = [
                {"if": {"properties": {"basis": {"const": "inferred"}}}, "then": {"required": ["note"]}},
                {"if": {"properties": {"basis": {"const": "context"}}}, "then": {"required": ["reference"]}},
            ]
    return schema


COLLECTION_TYPES: dict[str, type[BaseModel]] = {
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


def collection_adapter(coll: str) -> TypeAdapter[list[Any]]:
    """A validator for one whole collection (a list of records)."""
    return TypeAdapter(list[COLLECTION_TYPES[coll]])  # type: ignore[valid-type]


assert set(COLLECTION_TYPES) == set(COLLECTIONS)
