"""Whole-model formats: the model file's shape as JSON or YAML, every field present.

Owns ``export --format json|yaml``: records in schema order, unset fields as null, dates
as strings; a schema-1 model keeps to schema 1. Both are written record by record, so what they
hold in memory beside the model is one record's text, never the whole file's; from the model's
store (a ``PlainModel``), the model is never in memory at all, only a few hundred records at a time.
"""

from __future__ import annotations

import contextlib
import json
from contextlib import AbstractContextManager
from typing import IO, TYPE_CHECKING

from ..model import Model, PlainModel, PlainRecords, plain_records
from .text import to_json_lines, write_yaml_mapping

if TYPE_CHECKING:
    from . import Settings


def write_json(model: Model | PlainModel, out: IO[str], settings: Settings | None = None) -> None:
    """The model as JSON, as ``to_json`` writes the whole (indented by 2), one record at a time."""
    with _records(model) as (version, collections):
        out.write("{\n  " + f'"schema_version": {json.dumps(version)}')
        for collection, records in collections:
            out.write(f",\n  {json.dumps(collection)}: ")
            opened = False
            for record in records:
                out.write(",\n" if opened else "[\n")
                out.write("    " + to_json_lines(record, "    "))
                opened = True
            out.write("\n  ]" if opened else "[]")
        out.write("\n}\n")


def write_yaml(model: Model | PlainModel, out: IO[str], settings: Settings | None = None) -> None:
    """The model as YAML, as ``to_yaml`` writes the whole, one record at a time."""
    with _records(model) as (version, collections):
        write_yaml_mapping(out, {"schema_version": version}, collections)


def _records(
    model: Model | PlainModel,
) -> AbstractContextManager[PlainRecords]:
    """The version and the records, collection by collection, of a model, or of a store read record by record."""
    if isinstance(model, PlainModel):
        return model.open()
    return contextlib.nullcontext((model.schema_version, plain_records(model, by_alias=True)))
