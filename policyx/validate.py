"""Validation of parsed data: the schema, cross-record checks, and located problem messages.

Owns turning plain data into validated records, or into every problem at once, each
``FILE:LINE:COL: message`` with a did-you-mean where one helps. Imported only when a model
file is actually read (not when the cache answers), since it brings in pydantic.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DataError, Problem, did_you_mean
from .model import COLLECTIONS, SCHEMA_VERSION, PartialDate, cycle
from .schema import MODELS as COLLECTION_TYPES
from .schema import PolicyModel, collection_adapter
from .yamlread import locate, problem_at

Loc = tuple[str | int, ...]
Found = tuple[Loc, str, bool] | tuple[Loc, str, bool, Loc]  # (where, message, at the key?, first place)
KINDS = {
    "source": "sources",
    "theme": "themes",
    "actor": "actors",
    "address": "addresses",
    "event": "events",
    "relation": "relations",
    "claim": "claims",
}
CAUSES = ("event", "relation", "claim")
EFFECTS = ("priority", "claim", "relation", "event")
VOICED = ("relations", "events", "quotes", "claims", "causes")
SCHEMA_2_ONLY = ("claims", "causes")
SCHEMA_2_FIELDS = ("voice", "after", "example_of")
"""Fields of records that schema 1 also has which only schema 2 may fill."""
TOP_KEYS = ("schema_version", *COLLECTIONS)


# --------------------------------------------------------------------------- messages


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "top level"


def _unwrap(annotation: Any) -> Any:
    """The model class or Literal inside list[...], X | None and Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _schema_at(loc: Loc) -> Any:
    """The model class (or field annotation) that a location refers to, walking the schema."""
    current: Any = PolicyModel
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = _field_by_key(current, part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current


def _field_by_key(cls: type[BaseModel], key: str) -> Any:
    for name, field in cls.model_fields.items():
        if (field.alias or name) == key:
            return field
    return None


def _keys(cls: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in cls.model_fields.items()]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:50]}... ({len(shown)} characters)"


def _message(err: Any) -> tuple[Loc, str, bool]:
    """(location, message, points at the key?) for one pydantic error."""
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return loc, f"{_path(loc[:-1])}: missing required field {loc[-1]!r}", False
    if kind == "extra_forbidden":
        cls = _schema_at(loc[:-1])
        known = _keys(cls) if isinstance(cls, type) and issubclass(cls, BaseModel) else []
        return loc, f"{_path(loc[:-1])}: unknown key {loc[-1]!r}{did_you_mean(str(loc[-1]), known)}", True
    if kind == "literal_error":
        allowed = [str(a) for a in typing.get_args(_schema_at(loc))]
        shown = ", ".join(allowed)
        hint = did_you_mean(str(value), allowed) if isinstance(value, str) else ""
        return loc, f"{_path(loc)}: {_describe(value)} is not one of: {shown}{hint}", False
    if kind == "value_error":
        msg = str(err["msg"]).removeprefix("Value error, ")
        return loc, f"{_path(loc)}: {msg}", False
    expected = {
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "int_parsing": "a whole number",
        "int_type": "a whole number",
        "int_from_float": "a whole number",
        "bool_parsing": "true or false",
        "bool_type": "true or false",
    }.get(kind)
    if expected:
        return loc, f"{_path(loc)}: expected {expected}, got {_describe(value)}", False
    if kind == "too_short" or kind == "string_too_short":
        return loc, f"{_path(loc)}: must not be empty", False
    return loc, f"{_path(loc)}: {err['msg']}", False


# --------------------------------------------------------------------------- cross-record checks


Records = dict[str, list[Any]]


def _salvage(coll: str, items: list[Any]) -> list[Any]:
    """After a collection failed validation: each record validated alone where it can be.

    A record that fails on its own is kept unvalidated (``model_construct``), so that its
    references are still checked; checks that trip over its broken fields are skipped,
    the schema problem having been reported already.
    """
    cls = COLLECTION_TYPES[coll]
    kept: list[Any] = []
    for item in items:
        try:
            kept.append(cls.model_validate(item))
        except (ValidationError, RecursionError):
            usable = isinstance(item, dict) and all(isinstance(k, str) for k in item)
            kept.append(cls.model_construct(**item) if usable else None)
    return kept


def _raw_ids(items: Any) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _check_references(records: Records, known: dict[str, set[str]]) -> list[Found]:
    """Duplicate ids, unknown references, provenance rules and date order.

    ``records`` holds each collection's validated records (None for one that failed on its
    own); ``known`` the ids each collection declares, failed records included, so that one
    broken record does not also show up as a dangling reference everywhere else.
    """
    out: list[Found] = []
    first_seen: dict[str, Loc] = {}

    def each(coll: str) -> Iterator[tuple[int, Any]]:
        return ((i, rec) for i, rec in enumerate(records.get(coll, [])) if rec is not None)

    def claim(record_id: str, loc: Loc) -> None:
        if record_id in first_seen:
            out.append((loc + ("id",), f"duplicate id {record_id!r}", False, first_seen[record_id]))
        else:
            first_seen[record_id] = loc + ("id",)

    references = {
        s.id
        for _, s in each("sources")
        if getattr(s, "kind", None) == "reference" and isinstance(getattr(s, "id", None), str)
    }

    def ref(kind: str, value: str | None, loc: Loc) -> None:
        if value is not None and value not in known[kind]:
            out.append((loc, f"unknown {kind} {value!r}{did_you_mean(str(value), known[kind])}", False))

    def ref_any(kinds: tuple[str, ...], value: str, loc: Loc, role: str) -> None:
        if not any(value in known[kind] for kind in kinds):
            every = set().union(*(known[kind] for kind in kinds))
            allowed = ", ".join(kinds[:-1]) + " or " + kinds[-1]
            out.append((loc, f"{role} {value!r} is no {allowed}{did_you_mean(value, every)}", False))

    def refs(kind: str, values: list[str], loc: Loc) -> None:
        for k, value in enumerate(values):
            ref(kind, value, loc + (k,))

    def provenance(rec: Any, loc: Loc) -> None:
        ref("source", rec.source, loc + ("source",))
        ref("actor", getattr(rec, "voice", None), loc + ("voice",))
        if rec.basis == "context" and rec.reference is None:
            out.append((loc, f"{_path(loc)}: basis 'context' needs a 'reference' naming the source", False))
        if rec.reference is not None:
            if rec.reference not in known["source"]:
                ref("source", rec.reference, loc + ("reference",))
            elif rec.reference not in references:
                out.append(
                    (loc + ("reference",), f"reference {rec.reference!r} is not a source of kind 'reference'", False)
                )
        if rec.basis == "inferred" and not rec.note:
            out.append((loc, f"{_path(loc)}: basis 'inferred' needs a 'note' explaining the reading", False))

    def order(start: str | None, end: str | None, loc: Loc, what: str) -> None:
        if start and end and PartialDate.parse(end).last_day() < PartialDate.parse(start).first_day():
            out.append((loc, f"{what} {end!r} is before {start!r}", False))

    def address(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        ref("actor", rec.speaker, loc + ("speaker",))
        ref("event", rec.event, loc + ("event",))
        if isinstance(rec.year, int) and PartialDate.parse(rec.date).year != rec.year:
            out.append((loc + ("year",), f"year {rec.year} does not match date {rec.date!r}", False))
        own = {p.id: p for p in rec.priorities}
        for j, pri in enumerate(rec.priorities):
            ploc = loc + ("priorities", j)
            claim(pri.id, ploc)
            provenance(pri, ploc)
            refs("theme", pri.themes, ploc + ("themes",))
            refs("actor", pri.actors, ploc + ("actors",))
            umbrella = own.get(pri.example_of or "")
            if pri.example_of is None:
                continue
            if pri.example_of == pri.id:
                out.append((ploc + ("example_of",), f"priority {pri.id!r} cannot be an example of itself", False))
            elif umbrella is None:
                out.append(
                    (
                        ploc + ("example_of",),
                        f"example_of {pri.example_of!r} is no priority of address {rec.id!r}"
                        f"{did_you_mean(pri.example_of, list(own))}",
                        False,
                    )
                )
            elif umbrella.example_of is not None:
                out.append(
                    (
                        ploc + ("example_of",),
                        f"example_of {pri.example_of!r} is itself an example (of {umbrella.example_of!r}): "
                        "name the priority it is an example of",
                        False,
                    )
                )

    def relation(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        ref("actor", rec.from_, loc + ("from",))
        ref("actor", rec.to, loc + ("to",))
        order(rec.since, rec.until, loc + ("until",), "until")

    def event(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        refs("actor", rec.actors, loc + ("actors",))
        refs("theme", rec.themes, loc + ("themes",))
        order(rec.date, rec.end, loc + ("end",), "end")
        ref("event", rec.after, loc + ("after",))
        if rec.after == rec.id:
            out.append((loc + ("after",), f"event {rec.id!r} cannot come after itself", False))

    def quote(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        ref("actor", rec.speaker, loc + ("speaker",))
        ref("event", rec.occasion, loc + ("occasion",))
        refs("theme", rec.themes, loc + ("themes",))

    def claim_record(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        refs("actor", rec.actors, loc + ("actors",))
        refs("theme", rec.themes, loc + ("themes",))
        refs("address", rec.addresses, loc + ("addresses",))
        if rec.addresses_basis is not None and not rec.addresses:
            out.append((loc + ("addresses_basis",), "addresses_basis needs the 'addresses' it qualifies", False))
        if rec.addresses_basis == "inferred" and not rec.note:
            out.append((loc, f"{_path(loc)}: addresses_basis 'inferred' needs a 'note' explaining the reading", False))

    def cause(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        ref_any(CAUSES, rec.cause, loc + ("cause",), "cause")
        ref_any(EFFECTS, rec.effect, loc + ("effect",), "effect")
        if rec.cause == rec.effect:
            out.append((loc + ("effect",), f"{rec.cause!r} cannot cause itself", False))

    checks = {
        "sources": lambda rec, loc: None,
        "themes": provenance,
        "actors": provenance,
        "addresses": address,
        "relations": relation,
        "events": event,
        "quotes": quote,
        "claims": claim_record,
        "causes": cause,
    }
    for coll in COLLECTIONS:
        for i, rec in each(coll):
            try:
                claim(rec.id, (coll, i))
                checks[coll](rec, (coll, i))
            except (AttributeError, TypeError, ValueError):
                continue  # a record the schema already rejected: its broken fields were reported
    links = [(i, rec) for i, rec in each("causes") if isinstance(rec.cause, str) and isinstance(rec.effect, str)]
    looped = cycle((rec.cause, rec.effect) for _, rec in links if rec.cause != rec.effect)
    if looped:
        i = next(i for i, rec in links if (rec.cause, rec.effect) == (looped[0], looped[1]))
        path = " \u2192 ".join(looped)
        out.append((("causes", i, "cause"), f"causes lead in a circle: {path}; a record cannot explain itself", False))
    return out


# --------------------------------------------------------------------------- entry point


@dataclass
class Document:
    """One parsed model file: its name, text, data (None if unreadable) and parser problems."""

    file: str
    text: str
    data: Any
    root_mark: Any
    problems: list[Problem]


def _places(doc: Document, wanted: list[tuple[Loc, bool]]) -> dict[tuple[Loc, bool], Any]:
    """The mark of each (path, at the key?) in a document: the path's own, else its nearest ancestor's."""
    prefixes = {loc[:n] for loc, _ in wanted for n in range(len(loc) + 1)}
    values, keys = locate(doc.text, prefixes)
    marks = {}
    for loc, key in wanted:
        mark = keys.get(loc) if key else None
        for n in range(len(loc), -1, -1):
            if mark is not None:
                break
            mark = values.get(loc[:n])
        marks[(loc, key)] = mark if mark is not None else doc.root_mark
    return marks


def _without(fields: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    for name in names:
        fields.pop(name, None)
    return fields


def _version(data: dict[str, Any]) -> int:
    """The schema version a file declares (its newest, if it declares none or a bad one)."""
    value = data.get("schema_version")
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    return int(text) if text in ("1", "2") else SCHEMA_VERSION


def _version_rules(version: int, coll: str, validated: list[Any]) -> list[Found]:
    """What one schema version asks of a collection: schema 2 needs voices, schema 1 has none."""
    found: list[Found] = []
    if version == 1:
        if coll in SCHEMA_2_ONLY and validated:
            found.append(((coll,), f"top level: {coll!r} needs schema_version: 2", True))
        for i, rec in enumerate(validated):
            nested = [((coll, i, "priorities", j), p) for j, p in enumerate(getattr(rec, "priorities", None) or ())]
            for loc, item in [((coll, i), rec), *nested]:
                for key in SCHEMA_2_FIELDS:
                    if getattr(item, key, None) is not None:
                        found.append(((*loc, key), f"{_path(loc)}: {key!r} needs schema_version: 2", True))
        return found
    voiced: list[tuple[Loc, Any]] = []
    if coll in VOICED:
        voiced = [((coll, i), rec) for i, rec in enumerate(validated)]
    elif coll == "addresses":
        for i, address in enumerate(validated):
            for j, pri in enumerate(getattr(address, "priorities", None) or ()):
                voiced.append(((coll, i, "priorities", j), pri))
    for loc, rec in voiced:
        if rec is not None and getattr(rec, "voice", "") is None:
            found.append((loc, f"{_path(loc)}: missing required field 'voice' (whose view the record states)", False))
    return found


def _top_level(doc: Document) -> list[Found]:
    found: list[Found] = []
    for key in doc.data:
        if key not in TOP_KEYS:
            found.append(((key,), f"top level: unknown key {key!r}{did_you_mean(str(key), TOP_KEYS)}", True))
    try:
        PolicyModel.model_validate(
            {"schema_version": doc.data.get("schema_version")} if "schema_version" in doc.data else {}
        )
    except ValidationError as err:
        found += [_message(e) for e in err.errors(include_url=False)]
    return found


def validate(docs: list[Document]) -> dict[str, Any]:
    """Validated field dicts per collection over one or more files, or DataError with every problem.

    Each document's data is taken over (its collections are released as they are
    validated). Records of all documents form one model: ids are unique across files and
    references may cross them. Texts are read again only to place problems, and only for
    the files that have some.
    """
    problems = [p for doc in docs for p in doc.problems]
    found: list[tuple[Document, Found]] = []
    records: Records = {coll: [] for coll in COLLECTIONS}
    origins: dict[str, list[tuple[Document, int]]] = {coll: [] for coll in COLLECTIONS}
    known: dict[str, set[str]] = {kind: set() for kind in (*KINDS, "priority")}
    versions: list[int] = []
    for doc in docs:
        if not isinstance(doc.data, dict):
            message = f"top level must be a mapping, got {_describe(doc.data)}"
            problems.append(problem_at(doc.file, doc.root_mark, message))
            continue
        found += [(doc, f) for f in _top_level(doc)]
        version = _version(doc.data)
        versions.append(version)
        for kind, coll in KINDS.items():
            known[kind] |= _raw_ids(doc.data.get(coll))
        addresses = doc.data.get("addresses")
        if isinstance(addresses, list):
            for address in addresses:
                if isinstance(address, dict):
                    known["priority"] |= _raw_ids(address.get("priorities"))
        for coll in COLLECTIONS:
            items = doc.data.pop(coll, [])
            try:
                validated = collection_adapter(coll).validate_python(items)
            except ValidationError as err:
                found += [(doc, _message({**e, "loc": (coll, *e["loc"])})) for e in err.errors(include_url=False)]
                validated = _salvage(coll, items) if isinstance(items, list) else []
            except RecursionError:
                found.append((doc, ((coll,), "nesting too deep", False)))
                validated = []
            del items
            found += [(doc, f) for f in _version_rules(version, coll, validated)]
            records[coll].extend(validated)
            origins[coll].extend((doc, i) for i in range(len(validated)))

    def place(loc: Loc) -> tuple[Document, Loc]:
        doc, local = origins[str(loc[0])][int(loc[1])]
        return doc, (loc[0], local, *loc[2:])

    for loc, *rest in _check_references(records, known):
        doc, local = place(loc)
        found.append((doc, (local, *rest)))  # type: ignore[arg-type]
    firsts = [(d, f[3]) for d, f in found if len(f) > 3]
    wanted: dict[int, list[tuple[Loc, bool]]] = {}
    for doc, f in found:
        wanted.setdefault(id(doc), []).append((f[0], f[2]))
    for _, global_loc in firsts:
        first_doc, first_loc = place(global_loc)
        wanted.setdefault(id(first_doc), []).append((first_loc, False))
    marks = {id(doc): _places(doc, wanted[id(doc)]) for doc in docs if id(doc) in wanted}
    for doc, (loc, msg, key, *earlier) in found:
        if earlier:
            first_doc, first_loc = place(earlier[0])
            mark = marks[id(first_doc)][(first_loc, False)]
            where = f"{first_doc.file}:{mark.line + 1}" if first_doc is not doc else f"line {mark.line + 1}"
            msg = f"{msg} (first at {where})"
        problems.append(problem_at(doc.file, marks[id(doc)][(loc, key)], msg))
    if problems:
        raise DataError(problems)
    out: dict[str, Any] = {"schema_version": max(versions, default=SCHEMA_VERSION)}
    files: dict[str, str] = {}
    unused = SCHEMA_2_FIELDS if out["schema_version"] == 1 else ()  # schema 1 has neither: not stored
    for coll in COLLECTIONS:
        rows = [_without(r.__dict__, unused) for r in records[coll]]
        if coll == "addresses":
            for row in rows:
                row["priorities"] = [_without(p.__dict__, unused) for p in row["priorities"]]
        out[coll] = rows
        if len(docs) > 1:
            for row, (doc, _) in zip(rows, origins[coll], strict=True):
                files[row["id"]] = doc.file
                for pri in row.get("priorities", ()):
                    files[pri["id"]] = doc.file
    out["files"] = files
    return out
