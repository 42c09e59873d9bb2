"""The brief as one JSON document: a public format.

Owns the document: the brief's data as plain data, its fields in their order.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..views import Brief
from .text import to_json

if TYPE_CHECKING:
    from . import Settings


def write_json(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief as one JSON document."""
    out.write(to_json(brief.to_dict()) + "\n")
    return None
