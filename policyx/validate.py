"""Validation of parsed data: the schema, the schema-version rules, and located problem messages.

Owns turning plain data into validated records, or into every problem at once, each
``FILE:LINE:COL: message`` with a did-you-mean where one helps: each collection of each
file validated against ``schema`` (a failed record validated alone, so that the rest of
its collection is still checked), the rules of each schema version, the checks across
records (``checks``), and every problem placed in its file. Imported only when a model
file is actually read (not when the cache answers), since it brings in pydantic.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .checks import NESTED, Found, Loc, check_references, path_text
from .errors import DataError, Problem, did_you_mean
from .model import COLLECTIONS, RECORD_TYPES, SCHEMA_VERSION, Item, RecordType
from .schema import MODELS, PolicyModel, collection_adapter
from .spec import fields
from .yamlread import Mapping, Mark, Value, locate, problem_at

Fields = dict[str, object]
"""One validated record's fields, by attribute name."""
TOP_KEYS = ("schema_version", *COLLECTIONS)
SCHEMA_2_FIELDS = tuple(dict.fromkeys(f.name for t in RECORD_TYPES for f in fields(t.cls) if f.spec.since > 1))
"""Fields of records that schema 1 also has which only schema 2 may fill."""


# --------------------------------------------------------------------------- messages


def _unwrap(annotation: object) -> object:
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


def _schema_at(loc: Loc) -> object:
    """The model class (or field annotation) that a location refers to, walking the schema."""
    current: object = PolicyModel
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = _field_by_key(current, part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current


def _field_by_key(cls: type[BaseModel], key: str | int | None) -> FieldInfo | None:
    for name, info in cls.model_fields.items():
        if (info.alias or name) == key:
            return info
    return None


def _keys(cls: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in cls.model_fields.items()]


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:50]}... ({len(shown)} characters)"


EXPECTED = {
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
}
"""What a pydantic error of each type expected, in the person's words."""


def _message(err: ErrorDetails, within: Loc = ()) -> Found:
    """The problem one pydantic error describes (``within``: the path of what was validated)."""
    loc: Loc = (*within, *err["loc"])
    kind = err["type"]
    value: object = err.get("input")
    if kind == "missing":
        return Found(loc, f"{path_text(loc[:-1])}: missing required field {loc[-1]!r}")
    if kind == "extra_forbidden":
        cls = _schema_at(loc[:-1])
        known = _keys(cls) if isinstance(cls, type) and issubclass(cls, BaseModel) else []
        return Found(loc, f"{path_text(loc[:-1])}: unknown key {loc[-1]!r}{did_you_mean(str(loc[-1]), known)}", True)
    if kind == "literal_error":
        allowed = [str(a) for a in typing.get_args(_schema_at(loc))]
        shown = ", ".join(allowed)
        hint = did_you_mean(str(value), allowed) if isinstance(value, str) else ""
        return Found(loc, f"{path_text(loc)}: {_describe(value)} is not one of: {shown}{hint}")
    if kind == "value_error":
        msg = str(err["msg"]).removeprefix("Value error, ")
        return Found(loc, f"{path_text(loc)}: {msg}")
    expected = EXPECTED.get(kind)
    if expected:
        return Found(loc, f"{path_text(loc)}: expected {expected}, got {_describe(value)}")
    if kind == "too_short" or kind == "string_too_short":
        return Found(loc, f"{path_text(loc)}: must not be empty")
    return Found(loc, f"{path_text(loc)}: {err['msg']}")


# --------------------------------------------------------------------------- entry point


@dataclass
class Document:
    """One parsed model file: its name, text, data (None if unreadable) and parser problems."""

    file: str
    text: str
    data: Value
    root_mark: Mark | None
    problems: list[Problem]
    where: Callable[[Loc], str] | None = None
    """For data with no text (a database): a path into the data in words, which its problems start with."""


@dataclass
class _Collected:
    """What validation gathers over every file: records per collection, where each came from, ids, problems."""

    records: dict[str, list[Item | None]] = field(default_factory=lambda: {c: [] for c in COLLECTIONS})
    origins: dict[str, list[tuple[Document, int]]] = field(default_factory=lambda: {c: [] for c in COLLECTIONS})
    known: dict[str, set[str]] = field(default_factory=lambda: {t.kind: set() for t in RECORD_TYPES})
    versions: list[int] = field(default_factory=list)
    found: list[tuple[Document, Found]] = field(default_factory=list)

    def place(self, loc: Loc) -> tuple[Document, Loc]:
        """The document a path into the merged collections points into, and the path within it."""
        coll, index = loc[0], loc[1]
        assert isinstance(coll, str) and isinstance(index, int), loc
        doc, local = self.origins[coll][index]
        return doc, (coll, local, *loc[2:])


def _places(doc: Document, wanted: list[tuple[Loc, bool]]) -> dict[tuple[Loc, bool], Mark | None]:
    """The mark of each (path, at the key?) in a document: the path's own, else its nearest ancestor's."""
    prefixes = {loc[:n] for loc, _ in wanted for n in range(len(loc) + 1)}
    values, keys = locate(doc.text, prefixes)
    marks: dict[tuple[Loc, bool], Mark | None] = {}
    for loc, key in wanted:
        mark = keys.get(loc) if key else None
        for n in range(len(loc), -1, -1):
            if mark is not None:
                break
            mark = values.get(loc[:n])
        marks[(loc, key)] = mark if mark is not None else doc.root_mark
    return marks


def _version(data: Mapping) -> int:
    """The schema version a file declares (its newest, if it declares none or a bad one)."""
    value = data.get("schema_version")
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    return int(text) if text in ("1", "2") else SCHEMA_VERSION


def _version_rules(version: int, t: RecordType, validated: list[Item | None]) -> list[Found]:
    """What one schema version asks of a collection: schema 2 needs voices, schema 1 has none."""
    found: list[Found] = []
    nested = NESTED.get(t.collection)
    held: list[tuple[Loc, object]] = [((t.collection, i), rec) for i, rec in enumerate(validated)]
    if nested is not None:
        for i, rec in enumerate(validated):
            items = getattr(rec, nested.collection, None) or ()
            held += [((t.collection, i, nested.collection, j), p) for j, p in enumerate(items)]
    if version == 1:
        if t.since > 1 and validated:
            found.append(Found((t.collection,), f"top level: {t.collection!r} needs schema_version: 2", True))
        for loc, item in held:
            for key in SCHEMA_2_FIELDS:
                if getattr(item, key, None) not in (None, []):  # an empty list is a list not filled
                    found.append(Found((*loc, key), f"{path_text(loc)}: {key!r} needs schema_version: 2", True))
        return found
    voiced = {t.collection} if t.voiced else set()
    if nested is not None and nested.voiced:
        voiced.add(nested.collection)
    for loc, item in held:
        if item is not None and loc[-2] in voiced and getattr(item, "voice", "") is None:
            found.append(Found(loc, f"{path_text(loc)}: missing required field 'voice' (whose view the record states)"))
    return found


def _top_level(data: Mapping) -> list[Found]:
    found: list[Found] = []
    for key in data:
        if key not in TOP_KEYS:
            found.append(Found((key,), f"top level: unknown key {key!r}{did_you_mean(str(key), TOP_KEYS)}", True))
    try:
        PolicyModel.model_validate({"schema_version": data.get("schema_version")} if "schema_version" in data else {})
    except ValidationError as err:
        found += [_message(e) for e in err.errors(include_url=False)]
    return found


def _raw_ids(items: Value) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {i for item in items if isinstance(item, dict) for i in [item.get("id")] if isinstance(i, str)}


def _known(data: Mapping) -> dict[str, set[str]]:
    """The ids each kind of record declares in a file, broken records included."""
    known: dict[str, set[str]] = {}
    for t in RECORD_TYPES:
        if t.within is None:
            known[t.kind] = _raw_ids(data.get(t.collection))
        else:
            holders = data.get(t.within)
            held = [h.get(t.collection) for h in holders if isinstance(h, dict)] if isinstance(holders, list) else []
            known[t.kind] = set().union(*map(_raw_ids, held))
    return known


def _salvage(coll: str, items: list[Value]) -> list[BaseModel | None]:
    """After a collection failed validation: each record validated alone where it can be.

    A record that fails on its own is kept unvalidated (``model_construct``), so that its
    references are still checked; checks that trip over its broken fields are skipped,
    the schema problem having been reported already.
    """
    cls = MODELS[coll]
    kept: list[BaseModel | None] = []
    for item in items:
        try:
            kept.append(cls.model_validate(item))
        except (ValidationError, RecursionError):
            if isinstance(item, dict) and all(isinstance(k, str) for k in item):
                given: dict[str, Any] = {str(k): v for k, v in item.items()}
                kept.append(cls.model_construct(**given))
            else:
                kept.append(None)
    return kept


def _collection(doc: Document, data: Mapping, t: RecordType, seen: _Collected) -> None:
    """Validate one collection of one file; its records join the others', its problems are noted."""
    items = data.pop(t.collection, [])
    validated: list[BaseModel | None]
    try:
        validated = list(collection_adapter(t.collection).validate_python(items))
    except ValidationError as err:
        seen.found += [(doc, _message(e, (t.collection,))) for e in err.errors(include_url=False)]
        validated = _salvage(t.collection, items) if isinstance(items, list) else []
    except RecursionError:
        seen.found.append((doc, Found((t.collection,), "nesting too deep")))
        validated = []
    del items
    records = [t.cls(rec.__dict__) if rec is not None else None for rec in validated]
    seen.found += [(doc, f) for f in _version_rules(seen.versions[-1], t, records)]
    seen.records[t.collection].extend(records)
    seen.origins[t.collection].extend((doc, i) for i in range(len(records)))


def _read(doc: Document, seen: _Collected) -> None:
    """Validate one file's collections and note its ids and schema version."""
    assert isinstance(doc.data, dict)
    data = doc.data
    seen.found += [(doc, f) for f in _top_level(data)]
    seen.versions.append(_version(data))
    for kind, ids in _known(data).items():
        seen.known[kind] |= ids
    for t in RECORD_TYPES:
        if t.within is None:
            _collection(doc, data, t, seen)


def _problems(docs: list[Document], seen: _Collected) -> list[Problem]:
    """Every problem found, placed: file, line and column (and, for a duplicate, where it was first)."""
    wanted: dict[int, list[tuple[Loc, bool]]] = {}
    for doc, f in seen.found:
        wanted.setdefault(id(doc), []).append((f.loc, f.at_key))
        if f.first is not None:
            first_doc, first_loc = seen.place(f.first)
            wanted.setdefault(id(first_doc), []).append((first_loc, False))
    marks = {id(doc): _places(doc, wanted[id(doc)]) for doc in docs if id(doc) in wanted and doc.where is None}
    problems = []
    for doc, f in seen.found:
        message = f.message
        if doc.where is not None:
            first = f" (first at {doc.where(seen.place(f.first)[1])})" if f.first is not None else ""
            text = " ".join(message.split())
            for n in range(len(f.loc), 0, -1):  # the path is said by where, in SQL's words
                text = text.removeprefix(f"{path_text(f.loc[:n])}: ")
            problems.append(Problem(doc.file, 0, 0, f"{doc.where(f.loc)}: {text}{first}"))
            continue
        if f.first is not None:
            first_doc, first_loc = seen.place(f.first)
            mark = marks[id(first_doc)][(first_loc, False)]
            line = mark.line + 1 if mark is not None else 1
            where = f"{first_doc.file}:{line}" if first_doc is not doc else f"line {line}"
            message = f"{message} (first at {where})"
        problems.append(problem_at(doc.file, marks[id(doc)][(f.loc, f.at_key)], message))
    return problems


def _fields(rec: object, unused: tuple[str, ...]) -> Fields:
    """A validated record's field dict, without the fields its schema version does not store."""
    out: Fields = rec.__dict__
    for name in unused:
        out.pop(name, None)
    return out


def validate(docs: list[Document]) -> dict[str, object]:
    """Validated field dicts per collection over one or more files, or DataError with every problem.

    Each document's data is taken over (its collections are released as they are
    validated). Records of all documents form one model: ids are unique across files and
    references may cross them. Texts are read again only to place problems, and only for
    the files that have some.
    """
    problems = [p for doc in docs for p in doc.problems]
    seen = _Collected()
    for doc in docs:
        if isinstance(doc.data, dict):
            _read(doc, seen)
        else:
            problems.append(
                problem_at(doc.file, doc.root_mark, f"top level must be a mapping, got {_describe(doc.data)}")
            )
    for f in check_references(seen.records, seen.known):
        doc, local = seen.place(f.loc)
        seen.found.append((doc, f._replace(loc=local)))
    problems += _problems(docs, seen)
    if problems:
        raise DataError(problems)
    return _output(seen, several=len(docs) > 1)


def _output(seen: _Collected, *, several: bool) -> dict[str, object]:
    """The validated field dicts per collection (each nested record's in its holder's), and, read
    from several files, each record's file."""
    version = max(seen.versions, default=SCHEMA_VERSION)
    unused = SCHEMA_2_FIELDS if version == 1 else ()  # schema 1 has neither: not stored
    out: dict[str, object] = {"schema_version": version}
    files: dict[str, str] = {}
    for coll in COLLECTIONS:
        nested = NESTED.get(coll)
        rows = []
        for rec, (doc, _) in zip(seen.records[coll], seen.origins[coll], strict=True):
            held = getattr(rec, nested.collection) if nested is not None else ()
            if several and rec is not None:
                files[rec.id] = doc.file
                files.update((sub.id, doc.file) for sub in held)
            row = _fields(rec, unused)
            if nested is not None:
                row[nested.collection] = [_fields(sub, unused) for sub in held]
            rows.append(row)
        out[coll] = rows
    out["files"] = files
    return out


# --------------------------------------------------------------------------- file by file (a folder's files)


def validate_one(doc: Document) -> dict[str, object] | None:
    """One file's validated records, as the cache keeps them, when the file is sound on its own (read,
    its schema, its version's rules); what it names in other files is checked by ``merge``. None when
    the file has a problem of its own: then the model is validated as a whole, which places it."""
    if doc.problems or not isinstance(doc.data, dict):
        return None
    seen = _Collected()
    _read(doc, seen)
    if seen.found or any(rec is None for records in seen.records.values() for rec in records):
        return None
    out: dict[str, object] = {"schema_version": seen.versions[-1], "files": {}}
    for coll in COLLECTIONS:
        nested = NESTED.get(coll)
        rows = []
        for rec in seen.records[coll]:
            row = dict(rec.__dict__)
            if nested is not None:
                row[nested.collection] = [dict(sub.__dict__) for sub in getattr(rec, nested.collection)]
            rows.append(row)
        out[coll] = rows
    return out


def merge(parts: list[tuple[str, dict[str, Any]]]) -> dict[str, object] | None:
    """The validated data of a model made of files each sound on its own (``validate_one``'s, with each
    file's name): what ``validate`` gives for them, once the checks across them (ids unique, references
    that name records of any file, causes that lead back) find nothing; None when they find something,
    which ``validate`` then places."""
    seen = _Collected()
    for name, part in parts:
        doc = Document(name, "", None, None, [])  # where each record came from: the file's name is all it says
        seen.versions.append(int(part["schema_version"]))
        for t in RECORD_TYPES:
            if t.within is not None:
                continue
            nested = NESTED.get(t.collection)
            for i, row in enumerate(part[t.collection]):
                if nested is None:
                    seen.records[t.collection].append(t.cls(row))
                else:
                    typed = [nested.cls(sub) for sub in row[nested.collection]]
                    seen.records[t.collection].append(t.cls({**row, nested.collection: typed}))
                    seen.known[nested.kind].update(sub["id"] for sub in row[nested.collection])
                seen.known[t.kind].add(row["id"])
                seen.origins[t.collection].append((doc, i))
    if check_references(seen.records, seen.known):
        return None
    return _output(seen, several=len(parts) > 1)
