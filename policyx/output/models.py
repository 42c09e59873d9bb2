"""Whole-model formats: the model file's shape as JSON or YAML, every field present.

Owns ``export --format json|yaml``: records in schema order, unset fields as null, dates
as strings; a schema-1 model keeps to schema 1.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..model import Model, model_to_data
from .text import to_json, to_yaml

if TYPE_CHECKING:
    from . import Settings


def write_json(model: Model, out: IO[str], settings: Settings | None = None) -> None:
    out.write(to_json(model_to_data(model, by_alias=True)) + "\n")


def write_yaml(model: Model, out: IO[str], settings: Settings | None = None) -> None:
    out.write(to_yaml(model_to_data(model, by_alias=True)))
