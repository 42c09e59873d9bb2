"""The data model as the rest of policyx sees it: validated records, partial dates, vocabularies.

Owns the in-memory shape of a loaded model (``Model`` of ``Item`` records, each a plain
field dict read as attributes, cheap to build from the cache), dates with year, month or
day precision, and the controlled vocabularies. What a *valid* file is, field by field,
is ``schema``'s (pydantic); this module imports no validation library.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

SCHEMA_VERSION = 1

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

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


COLLECTIONS = ("sources", "themes", "actors", "addresses", "relations", "events", "quotes")


class Item:
    """One validated record: its fields as attributes, over the field dict it wraps."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__ = fields

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Item) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Item({self.__dict__!r})"


@dataclass(eq=True)
class Model:
    """A loaded, validated model: one list of records per collection."""

    schema_version: int
    sources: list[Item]
    themes: list[Item]
    actors: list[Item]
    addresses: list[Item]
    relations: list[Item]
    events: list[Item]
    quotes: list[Item]
    files: dict[str, str] = field(default_factory=dict, compare=False)
    """For a model read from several files: each record's file (by id); empty for one file."""


def model_from_data(data: dict[str, Any]) -> Model:
    """A Model over validated field dicts (field names as in the schema, ``from_`` for ``from``).

    The dicts are used as they are, not copied.
    """
    for address in data["addresses"]:
        address["priorities"] = [Item(p) for p in address["priorities"]]
    collections = {c: [Item(r) for r in data[c]] for c in COLLECTIONS}
    return Model(schema_version=data["schema_version"], files=data.get("files") or {}, **collections)


def model_to_data(model: Model, *, by_alias: bool = False) -> dict[str, Any]:
    """Plain data of a Model: the cache's shape, or (``by_alias``) the file's, with ``from``."""

    def plain(item: Item) -> dict[str, Any]:
        fields = dict(item.__dict__)
        if "priorities" in fields:
            fields["priorities"] = [plain(p) for p in fields["priorities"]]
        if by_alias and "from_" in fields:
            fields = {("from" if k == "from_" else k): v for k, v in fields.items()}
        return fields

    out: dict[str, Any] = {"schema_version": model.schema_version}
    for coll in COLLECTIONS:
        out[coll] = [plain(r) for r in getattr(model, coll)]
    if not by_alias:
        out["files"] = dict(model.files)
    return out
