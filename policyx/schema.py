"""The schema of a policy file: pydantic models, one per record type, and the JSON Schema.

Owns what a valid file is, field by field: required and optional fields, types, value
ranges, id and date formats, controlled vocabularies. The models are not written here but
built from ``model``'s record classes and their ``Spec``s (``spec.fields``): what a field
is, is declared once, there. Only the cold path of the loader (and ``policyx schema``)
imports this module.
"""

from __future__ import annotations

import functools
import typing
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, create_model
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue

from .model import COLLECTIONS, DATE_SCHEMA_REGEX, ID_PATTERN, ID_REGEX, RECORD_TYPES, Item, PartialDate
from .spec import FieldDef, fields


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


def _value_type(f: FieldDef, models: dict[type, type[BaseModel]]) -> object:
    """The pydantic type of one value of a field (of each item, for a list)."""
    if f.vocabulary:
        return Literal.__getitem__(f.vocabulary)
    if f.base is not str:
        return models.get(f.base, f.base)  # a nested record's model, or int or bool
    if f.form == "text":
        return str if f.optional else Text  # optional free text may be empty
    return Id if f.form == "id" else DateStr


def _definition(f: FieldDef, models: dict[type, type[BaseModel]]) -> tuple[object, FieldInfo]:
    """A field of a pydantic model: (its type, its FieldInfo)."""
    value = _value_type(f, models)
    info: dict[str, Any] = {}  # Field's keywords: only those the field sets (an explicit None is not unset)
    if f.many:
        value = list.__class_getitem__(value)
        info["default_factory"] = list
    elif f.optional:
        value = typing.Union.__getitem__((value, None))
        info["default"] = None
    elif f.base is bool:
        info["default"] = False
    if f.key != f.name:
        info["alias"] = f.key
    if f.spec.low is not None:
        info["ge"] = f.spec.low
    if f.spec.high is not None:
        info["le"] = f.spec.high
    if f.spec.description:
        info["description"] = f.spec.description
    return value, Field(**info)


def _build(cls: type[Item], models: dict[type, type[BaseModel]]) -> type[BaseModel]:
    """The pydantic model of a record class (and, first, of the records it holds), kept in ``models``."""
    if cls not in models:
        for f in fields(cls):
            if issubclass(f.base, Item):
                _build(f.base, models)
        definitions: dict[str, Any] = {f.name: _definition(f, models) for f in fields(cls)}  # create_model's own type
        models[cls] = create_model(cls.__name__, __base__=_Strict, __doc__=cls.__doc__, **definitions)
    return models[cls]


def _models() -> dict[str, type[BaseModel]]:
    built: dict[type, type[BaseModel]] = {}
    return {t.collection: _build(t.cls, built) for t in RECORD_TYPES}


MODELS = _models()
"""The pydantic model of each record type, by collection (priorities included)."""
_TOP_LEVEL: dict[str, Any] = {
    "schema_version": (
        Annotated[Literal[1, 2], BeforeValidator(_number_text)],
        Field(description="Version of this file format: 2 (voice, claims, causes); 1 still loads."),
    ),
    **{c: (list.__class_getitem__(MODELS[c]), Field(default_factory=list)) for c in COLLECTIONS},
}
PolicyModel = create_model(
    "PolicyModel", __base__=_Strict, __doc__="A whole policy model: the top level of a policy file.", **_TOP_LEVEL
)


def json_schema() -> JsonSchemaValue:
    """The JSON Schema of a policy file."""
    schema = PolicyModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:policyx:schema:2"  # one name for the schema wherever a copy of it lives
    schema["title"] = "policyx model (schema 2)"
    for t in RECORD_TYPES:  # schema 2 requires the voice that schema-1 files lack
        if t.voiced:
            definition = schema["$defs"][t.cls.__name__]
            definition["required"] = sorted({*definition.get("required", []), "voice"})
    for definition in schema["$defs"].values():  # what validate checks that a schema can say too
        if "basis" in definition.get("properties", {}):
            definition["allOf"] = [
                {"if": {"properties": {"basis": {"const": "inferred"}}}, "then": {"required": ["note"]}},
                {"if": {"properties": {"basis": {"const": "context"}}}, "then": {"required": ["reference"]}},
            ]
    return schema


@functools.cache
def collection_adapter(coll: str) -> TypeAdapter[list[BaseModel]]:
    """A validator for one whole collection (a list of records)."""
    return TypeAdapter(typing.cast("type[list[BaseModel]]", list.__class_getitem__(MODELS[coll])))
