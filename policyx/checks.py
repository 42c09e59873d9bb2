"""The checks across a model's records: what no one record's schema can say.

Owns the rules that look beyond a record: ids unique across every file, references that name
records which exist (which fields name which kinds of record is read from the declarations,
``spec.fields``), provenance (a 'context' record names a reference source, an 'inferred' one
explains itself), dates in order, an address's year matching its date, a priority an example
of another priority of its own address, and no chain of causes leading back to where it
started. Works on the typed records of ``model``; what it finds, ``validate`` places in the files.
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import Suggester, did_you_mean
from .model import (
    RECORD_TYPES,
    Address,
    Cause,
    Claim,
    Event,
    Item,
    PartialDate,
    Priority,
    Record,
    RecordType,
    Relation,
    Source,
    cycle,
)
from .spec import FieldDef, fields

Loc = tuple[str | int | None, ...]
"""A path into the data: mapping keys and list indexes from the top, as in ``("actors", 3, "name")``."""
NESTED = {t.within: t for t in RECORD_TYPES if t.within}
"""The type each holding collection's records hold (addresses: priorities)."""


class Found(NamedTuple):
    """A problem before it is placed: where (a path into the data), what, and whether at the key."""

    loc: Loc
    message: str
    at_key: bool = False
    first: Loc | None = None
    """For a duplicate id: where the id was first seen."""


def path_text(loc: Loc) -> str:
    """A path as the person reads it: ``actors[3].name``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "top level"


def _names(t: RecordType, f: FieldDef) -> bool:
    """Is the field checked as naming records of the whole model? (A nested record naming one of its
    own kind names one in the same holder: ``Priority.example_of``, see ``_Checker.example``.)"""
    return bool(f.targets) and not (t.within is not None and f.targets == (t.kind,))


class _Checker:
    """The checks across records: unique ids, known references, provenance rules, dates in order.

    ``known`` holds the ids each kind of record declares, failed records included, so that one
    broken record does not also show up as a dangling reference everywhere else.
    """

    def __init__(self, known: dict[str, set[str]], reference_sources: set[str]) -> None:
        self.known = known
        self.reference_sources = reference_sources
        self.found: list[Found] = []
        self.first_seen: dict[str, Loc] = {}
        self.suggesters: dict[tuple[str, ...], Suggester] = {}  # one per kinds of target, for every bad reference

    def suggest(self, value: str, kinds: tuple[str, ...]) -> str:
        if kinds not in self.suggesters:
            self.suggesters[kinds] = Suggester(sorted(set().union(*(self.known[kind] for kind in kinds))))
        return self.suggesters[kinds].hint(value)

    def add(self, loc: Loc, message: str) -> None:
        self.found.append(Found(loc, message))

    def claim(self, record_id: str, loc: Loc) -> None:
        if record_id in self.first_seen:
            self.found.append(Found(loc + ("id",), f"duplicate id {record_id!r}", False, self.first_seen[record_id]))
        else:
            self.first_seen[record_id] = loc + ("id",)

    def names(self, f: FieldDef, value: object, loc: Loc) -> None:
        """The record(s) a field names exist (a value of the wrong type the schema reported already)."""
        if not f.many:
            self.name(f, value, loc)
        elif isinstance(value, list):
            for k, item in enumerate(value):
                self.name(f, item, loc + (k,))

    def name(self, f: FieldDef, value: object, loc: Loc) -> None:
        kinds = f.targets
        if not isinstance(value, str) or any(value in self.known[kind] for kind in kinds):
            return
        if len(kinds) == 1:
            self.add(loc, f"unknown {kinds[0]} {value!r}{self.suggest(value, tuple(kinds))}")
        else:
            allowed = ", ".join(kinds[:-1]) + " or " + kinds[-1]
            self.add(loc, f"{f.key} {value!r} is no {allowed}{self.suggest(value, tuple(kinds))}")

    def record(self, t: RecordType, rec: Item, loc: Loc) -> None:
        """Every check of one record, and of the records it holds."""
        self.claim(rec.id, loc)
        for f in fields(t.cls):
            if _names(t, f):
                self.names(f, getattr(rec, f.name, None), loc + (f.key,))
        if isinstance(rec, Record):
            self.provenance(rec, loc)
        self.rules(rec, loc)
        nested = NESTED.get(t.collection)
        if nested is not None:
            held = [nested.cls(sub.__dict__) for sub in getattr(rec, nested.collection)]
            for j, sub in enumerate(held):
                self.record(nested, sub, loc + (nested.collection, j))
            if isinstance(rec, Address):
                own = {p.id: p for p in held if isinstance(p, Priority)}
                for j, sub in enumerate(held):
                    if isinstance(sub, Priority):
                        self.example(rec, sub, own, loc + (nested.collection, j))

    def provenance(self, rec: Record, loc: Loc) -> None:
        if rec.basis == "context" and rec.reference is None:
            self.add(loc, f"{path_text(loc)}: basis 'context' needs a 'reference' naming the source")
        if rec.reference is not None and rec.reference in self.known["source"]:
            if rec.reference not in self.reference_sources:
                message = f"reference {rec.reference!r} is not a source of kind 'reference'"
                self.add(loc + ("reference",), message)
        if rec.basis == "inferred" and not rec.note:
            self.add(loc, f"{path_text(loc)}: basis 'inferred' needs a 'note' explaining the reading")

    def order(self, start: str | None, end: str | None, loc: Loc, what: str) -> None:
        if start and end and PartialDate.parse(end).last_day() < PartialDate.parse(start).first_day():
            self.add(loc, f"{what} {end!r} is before {start!r}")

    def rules(self, rec: Item, loc: Loc) -> None:
        """What one type's records must satisfy beyond their fields' own rules."""
        if isinstance(rec, Address):
            if isinstance(rec.year, int) and PartialDate.parse(rec.date).year != rec.year:
                self.add(loc + ("year",), f"year {rec.year} does not match date {rec.date!r}")
        elif isinstance(rec, Relation):
            self.order(rec.since, rec.until, loc + ("until",), "until")
        elif isinstance(rec, Event):
            self.order(rec.date, rec.end, loc + ("end",), "end")
            if rec.after == rec.id:
                self.add(loc + ("after",), f"event {rec.id!r} cannot come after itself")
            if rec.date_basis == "inferred" and not rec.note:
                self.add(loc, f"{path_text(loc)}: date_basis 'inferred' needs a 'note' explaining the reading")
        elif isinstance(rec, Claim):
            if rec.addresses_basis is not None and not rec.addresses:
                self.add(loc + ("addresses_basis",), "addresses_basis needs the 'addresses' it qualifies")
            if rec.addresses_basis == "inferred" and not rec.note:
                self.add(loc, f"{path_text(loc)}: addresses_basis 'inferred' needs a 'note' explaining the reading")
        elif isinstance(rec, Cause) and rec.cause == rec.effect:
            self.add(loc + ("effect",), f"{rec.cause!r} cannot cause itself")
        elif isinstance(rec, Cause) and rec.policy is not None and rec.basis in ("stated", "context"):
            self.add(
                loc + ("policy",), "policy names what a link the curator reads rests on: its basis must be inferred"
            )

    def example(self, address: Address, pri: Priority, own: dict[str, Priority], loc: Loc) -> None:
        """A priority is an example of another priority of its own address, itself no example."""
        if pri.example_of is None:
            return
        umbrella = own.get(pri.example_of)
        where = loc + ("example_of",)
        if pri.example_of == pri.id:
            self.add(where, f"priority {pri.id!r} cannot be an example of itself")
        elif umbrella is None:
            hint = did_you_mean(pri.example_of, list(own))
            self.add(where, f"example_of {pri.example_of!r} is no priority of address {address.id!r}{hint}")
        elif umbrella.example_of is not None:
            self.add(
                where,
                f"example_of {pri.example_of!r} is itself an example (of {umbrella.example_of!r}): "
                "name the priority it is an example of",
            )

    def circles(self, causes: list[tuple[int, Cause]]) -> None:
        """No chain of causes leads back to where it started (a cause lacking either end leads nowhere)."""
        links = [(i, (c.__dict__.get("cause"), c.__dict__.get("effect"))) for i, c in causes]
        named = [(i, (a, b)) for i, (a, b) in links if isinstance(a, str) and isinstance(b, str)]
        looped = cycle(link for _, link in named if link[0] != link[1])
        if looped:
            i = next(i for i, link in named if link == (looped[0], looped[1]))
            path = " \u2192 ".join(looped)
            self.add(("causes", i, "cause"), f"causes lead in a circle: {path}; a record cannot explain itself")


def check_references(records: dict[str, list[Item | None]], known: dict[str, set[str]]) -> list[Found]:
    """Duplicate ids, unknown references, provenance rules and date order.

    ``records`` holds each collection's validated records (None for one that failed on its
    own); ``known`` the ids each kind of record declares.
    """
    sources = [s for s in records.get("sources", []) if isinstance(s, Source)]
    references = {
        i
        for s in sources
        if getattr(s, "kind", None) == "reference"
        for i in [getattr(s, "id", None)]
        if isinstance(i, str)
    }
    checker = _Checker(known, references)
    for t in RECORD_TYPES:
        if t.within is not None:
            continue
        for i, rec in enumerate(records.get(t.collection, [])):
            if rec is not None:
                try:
                    checker.record(t, rec, (t.collection, i))
                except (AttributeError, TypeError, ValueError):
                    continue  # a record the schema already rejected: its broken fields were reported
    checker.circles([(i, c) for i, c in enumerate(records.get("causes", [])) if isinstance(c, Cause)])
    return checker.found
