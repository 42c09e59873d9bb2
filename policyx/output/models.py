"""Whole-model formats: the model file's shape as JSON or YAML, every field present.

Owns ``export --format json|yaml``: records in schema order, unset fields as null, dates
as strings; a schema-1 model keeps to schema 1. JSON is written record by record, so what it
holds in memory beside the model is one record's text, never the whole file's.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from ..model import Model, model_to_data, plain_records
from .text import to_json, to_yaml

if TYPE_CHECKING:
    from . import Settings


def write_json(model: Model, out: IO[str], settings: Settings | None = None) -> None:
    """The model as JSON, as ``to_json`` writes the whole (indented by 2), one record at a time."""
    out.write("{\n  " + f'"schema_version": {json.dumps(model.schema_version)}')
    for collection, records in plain_records(model, by_alias=True):
        out.write(f",\n  {json.dumps(collection)}: ")
        opened = False
        for record in records:
            out.write(",\n" if opened else "[\n")
            out.write("    " + to_json(record).replace("\n", "\n    "))  # JSON text holds no raw newline
            opened = True
        out.write("\n  ]" if opened else "[]")
    out.write("\n}\n")


def write_yaml(model: Model, out: IO[str], settings: Settings | None = None) -> None:
    out.write(to_yaml(model_to_data(model, by_alias=True)))
