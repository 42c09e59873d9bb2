"""Every field of every record type reaches validation, the model, the JSON and YAML exports, the
SQLite export and the JSON Schema; and a field added to one declaration reaches them all with no
other edit.

The model is generated from the declarations themselves (``model.RECORD_TYPES``, ``spec.fields``):
two records of each type (two priorities per address), every field of every record filled (a
record's reference to its own kind only in the second, naming the first), so that a field added
to a record class is filled, and checked, here too. Each value is read back from every output.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import typing
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml

from policyx.errors import DataError
from policyx.loader import load, load_text
from policyx.model import (
    BY_COLLECTION,
    BY_KIND,
    COLLECTIONS,
    PROVENANCE,
    RECORD_TYPES,
    ActorId,
    Event,
    Item,
    Model,
    Record,
    RecordType,
    Voiced,
    walk,
)
from policyx.output import Settings, write
from policyx.output import sqlite as tosqlite
from policyx.queries import counts
from policyx.schema import MODELS, json_schema
from policyx.spec import FieldDef, Spec, fields

ROOT = Path(__file__).resolve().parent.parent
PER_TYPE = 2
"""Records of each type (of a nested type: per holder)."""
DATE = "2020-05-17"
YEAR = 2020
TYPES = [pytest.param(t, id=t.collection) for t in RECORD_TYPES]
FIELDS = [pytest.param(t, f, id=f"{t.collection}.{f.key}") for t in RECORD_TYPES for f in fields(t.cls)]


# --------------------------------------------------------------------------- the generated model


def _id(t: RecordType, n: int) -> str:
    return f"{t.kind}-{n}"


def _value(t: RecordType, f: FieldDef, n: int, first: str) -> object:
    """What the n-th record of a type (``first``: the id of the first one beside it) gives a field."""
    if f.targets:
        target = BY_KIND[f.targets[0]]  # of several kinds, the first
        if target is t:  # its own kind: the second record names the first
            named = first if n % PER_TYPE == 0 else None
        else:
            named = _id(target, 1)
        return ([named] if named else []) if f.many else named
    if f.vocabulary:
        return f.vocabulary[-1]  # 'reference' sources, 'inferred' basis (with its note): every field in use
    if f.base is bool:
        return True
    if f.base is int:
        low, high = f.spec.low, f.spec.high
        return min(max(YEAR, low if low is not None else YEAR), high if high is not None else YEAR)
    if f.form == "date":
        return DATE
    if f.form == "id":
        return f"{t.kind}-{f.key}-{n}".replace("_", "-")
    text = f"{t.kind} {f.key} {n}"
    return [f"{text} a", f"{text} b"] if f.many else text


def _records(t: RecordType, numbers: range) -> list[dict[str, object]]:
    """Records of a type, in the file's shape, numbered ``numbers`` (each with the records it holds)."""
    out = []
    first = _id(t, numbers[0])
    for n in numbers:
        rec: dict[str, object] = {}
        for f in fields(t.cls):
            if f.name == "id":
                rec[f.key] = _id(t, n)
            elif issubclass(f.base, Item):
                nested = BY_COLLECTION[f.key]
                rec[f.key] = _records(nested, range((n - 1) * PER_TYPE + 1, n * PER_TYPE + 1))
            else:
                rec[f.key] = _value(t, f, n, first)
        out.append(rec)
    return out


def full_data() -> dict[str, object]:
    """A whole schema-2 model in the file's shape, every field of every record type filled."""
    data: dict[str, object] = {"schema_version": 2}
    for t in RECORD_TYPES:
        if t.within is None:
            data[t.collection] = _records(t, range(1, PER_TYPE + 1))
    return data


def generated(data: dict[str, object], t: RecordType) -> list[dict[str, object]]:
    """The records of one type in generated data (nested ones from every holder)."""
    if t.within is None:
        return typing.cast("list[dict[str, object]]", data[t.collection])
    holders = generated(data, BY_COLLECTION[t.within])
    return [rec for h in holders for rec in typing.cast("list[dict[str, object]]", h[t.collection])]


# --------------------------------------------------------------------------- every output of it


@dataclass
class Outputs:
    """The generated model, validated, and everything policyx writes of it."""

    data: dict[str, object]
    model: Model
    json: dict[str, object]
    yaml: dict[str, object]
    db: sqlite3.Connection
    schema: dict[str, object]


def outputs(tmp: Path) -> Outputs:
    """The generated model written to ``tmp``, loaded (no cache), exported as JSON, YAML and SQLite."""
    data = full_data()
    path = tmp / "full.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    model = load(path, use_cache=False)
    texts = {}
    for fmt in ("json", "yaml"):
        out = io.StringIO()
        write("model", fmt, model, Settings(), out=out)
        texts[fmt] = out.getvalue()
    write("model", "sqlite", model, Settings(), path=tmp / "full.db")
    db = sqlite3.connect(tmp / "full.db")
    return Outputs(data, model, json.loads(texts["json"]), yaml.safe_load(texts["yaml"]), db, json_schema())


def _exported(data: dict[str, object], t: RecordType) -> dict[object, dict[str, object]]:
    return {rec["id"]: rec for rec in generated(data, t)}


def _stored(db: sqlite3.Connection, t: RecordType, f: FieldDef, rec_id: str) -> object:
    """A record's field as the SQLite export stores it: a column of its table, or rows of a link table."""
    if not f.many:
        (stored,) = db.execute(f"SELECT {f.column} FROM {t.table} WHERE id = ?", (rec_id,)).fetchone()
        return bool(stored) if f.base is bool else stored
    link = f"{t.kind}_{f.key}"
    if len(f.targets) == 1:  # ids of one kind of record: a foreign key per row
        target = BY_KIND[f.targets[0]]
        rows = db.execute(f"SELECT {target.kind}_id FROM {link} WHERE {t.kind}_id = ? ORDER BY position", (rec_id,))
    else:
        rows = db.execute(f"SELECT {f.column} FROM {link} WHERE {t.kind}_id = ? ORDER BY position", (rec_id,))
    return [row[0] for row in rows]


def reached(out: Outputs, t: RecordType, f: FieldDef) -> dict[str, list[object]]:
    """One field's value in each record of its type, as each output has it."""
    ids = [str(rec["id"]) for rec in generated(out.data, t)]
    models = {rec.id: rec for kind, rec in walk(out.model) if kind == t.kind}
    json_rows, yaml_rows = _exported(out.json, t), _exported(out.yaml, t)
    definitions = typing.cast("dict[str, dict[str, dict[str, object]]]", out.schema["$defs"])
    prop = definitions[t.cls.__name__]["properties"][f.key]
    schema = {"$defs": definitions, **prop}
    return {
        "validated": [getattr(models[i], f.name) for i in ids],
        "json": [json_rows[i][f.key] for i in ids],
        "yaml": [yaml_rows[i][f.key] for i in ids],
        "sqlite": [_stored(out.db, t, f, i) for i in ids],
        "schema accepts": [jsonschema.Draft202012Validator(schema).is_valid(json_rows[i][f.key]) for i in ids],
    }


def rejected(t: RecordType, f: FieldDef) -> tuple[list[str], bool]:
    """What validation says, and whether the JSON Schema accepts, when the second record of a type
    gives a field a mapping."""
    data = full_data()
    record = generated(data, t)[PER_TYPE - 1]
    record[f.key] = {"x": "y"}
    with pytest.raises(DataError) as caught:
        load_text(yaml.safe_dump(data, sort_keys=False), "m.yaml")
    messages = [p.message for p in caught.value.problems]
    return messages, jsonschema.Draft202012Validator(json_schema()).is_valid(data)


def expected(t: RecordType, f: FieldDef) -> dict[str, list[object]]:
    """What ``reached`` must find: the generated values, everywhere, and the JSON Schema accepting each."""
    values = [rec[f.key] for rec in generated(full_data(), t)]
    accepted = [True] * len(values)
    return {"validated": values, "json": values, "yaml": values, "sqlite": values, "schema accepts": accepted}


def refusal(t: RecordType, f: FieldDef) -> str:
    """The one message a mapping in place of the field's value gets, at its place (the second record
    of its type: for a nested type, the second of the first holder's)."""
    where = f"{t.within}[0].{t.collection}" if t.within else t.collection
    path = f"{where}[{PER_TYPE - 1}].{f.key}"
    if f.many:
        return f"{path}: expected a list, got a mapping"
    if f.vocabulary:
        return f"{path}: a mapping is not one of: {', '.join(f.vocabulary)}"
    what = {int: "a whole number", bool: "true or false"}.get(f.base, "text")
    return f"{path}: expected {what}, got a mapping"


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> typing.Iterator[Outputs]:
    out = outputs(tmp_path_factory.mktemp("full"))
    yield out
    out.db.close()


# --------------------------------------------------------------------------- every field


@pytest.mark.parametrize(("t", "f"), [p for p in FIELDS if not issubclass(p.values[1].base, Item)])
def test_every_field_reaches_every_output(full: Outputs, t: RecordType, f: FieldDef) -> None:
    assert reached(full, t, f) == expected(t, f)
    if f.spec.description and not f.many:  # and the Datasette metadata describes its column
        assert tosqlite.column_descriptions()[t.table][f.column] == f.spec.description


def test_records_held_by_records_are_a_type_of_their_own(full: Outputs) -> None:
    """(Their fields are checked as any other type's, above.)"""
    holding = [(t, f) for t in RECORD_TYPES for f in fields(t.cls) if issubclass(f.base, Item)]
    assert [(t.collection, f.key, BY_COLLECTION[f.key].within) for t, f in holding] == [
        ("addresses", "priorities", "addresses")
    ]
    assert [[p.id for p in a.priorities] for a in full.model.addresses] == [
        ["priority-1", "priority-2"],
        ["priority-3", "priority-4"],
    ]
    assert [[p["id"] for p in a["priorities"]] for a in generated(full.json, BY_COLLECTION["addresses"])] == [
        ["priority-1", "priority-2"],
        ["priority-3", "priority-4"],
    ]


@pytest.mark.parametrize(("t", "f"), FIELDS)
def test_every_field_is_checked_by_validation_and_the_json_schema(t: RecordType, f: FieldDef) -> None:
    messages, schema_accepts = rejected(t, f)
    assert (messages, schema_accepts) == ([refusal(t, f)], False)


def test_the_generated_model_fills_every_field_and_loads_as_it_is(full: Outputs) -> None:
    for t in RECORD_TYPES:
        for f in fields(t.cls):
            filled = [rec[f.key] for rec in generated(full.data, t) if rec[f.key] not in (None, [], False)]
            assert filled, f"{t.collection}.{f.key} is filled by no record"
    assert full.json == full.data
    assert full.yaml == full.json


@pytest.mark.parametrize("t", TYPES)
def test_the_pydantic_model_and_the_json_schema_have_the_declared_fields_in_order(t: RecordType) -> None:
    declared = [f.name for f in fields(t.cls)]
    assert list(MODELS[t.collection].model_fields) == declared
    definition = typing.cast("dict[str, dict[str, object]]", json_schema()["$defs"])[t.cls.__name__]
    assert list(typing.cast("dict[str, object]", definition["properties"])) == [f.key for f in fields(t.cls)]
    assert MODELS[t.collection].__doc__ == t.cls.__doc__


@pytest.mark.parametrize("t", TYPES)
def test_the_sqlite_table_has_a_column_or_link_table_per_field(full: Outputs, t: RecordType) -> None:
    columns = [row[1] for row in full.db.execute(f"PRAGMA table_info({t.table})")]
    tables = {row[0] for row in full.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for f in fields(t.cls):
        if issubclass(f.base, Item):
            assert f"{t.kind}_id" in [row[1] for row in full.db.execute(f"PRAGMA table_info({f.key})")]
        elif f.many:
            assert f"{t.kind}_{f.key}" in tables
        else:
            assert f.column in columns
    table = next(table for table in tosqlite.layout() if table.record is t)
    assert columns == tosqlite.columns(table)


# --------------------------------------------------------------------------- a field added


ADDED = """\
import json, sys
from pathlib import Path
from policyx import model
model.Event.__annotations__["location"] = 'Annotated[str | None, Spec("Where the event took place.")]'
from tests.test_fields import BY_COLLECTION, fields, outputs, reached, rejected, tosqlite
events = BY_COLLECTION["events"]
location = next(f for f in fields(events.cls) if f.name == "location")
out = outputs(Path(sys.argv[1]))
table = [row[1] for row in out.db.execute("PRAGMA table_info(events)")]
print(json.dumps({
    "reached": reached(out, events, location),
    "rejected": rejected(events, location),
    "property": out.schema["$defs"]["Event"]["properties"]["location"],
    "columns": table,
    "described": tosqlite.column_descriptions()["events"]["location"],
}))
"""


def test_a_field_added_to_one_declaration_reaches_every_output(tmp_path: Path) -> None:
    """The only edit is the new annotation on ``model.Event`` (made in a separate interpreter)."""
    proc = subprocess.run(
        [sys.executable, "-c", ADDED, str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
    )
    report = json.loads(proc.stdout)
    values = ["event location 1", "event location 2"]
    assert report["reached"] == {
        "validated": values,
        "json": values,
        "yaml": values,
        "sqlite": values,
        "schema accepts": [True, True],
    }
    assert report["rejected"] == [["events[1].location: expected text, got a mapping"], False]
    assert report["property"] == {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "default": None,
        "description": "Where the event took place.",
        "title": "Location",
    }
    assert report["columns"] == [
        "id",
        "title",
        "kind",
        "date",
        "precision",
        "date_qualifier",
        "end_date",
        "date_basis",
        "after_event",
        "summary",
        "policy_name",
        "location",
        "voice",
        "source",
        "evidence",
        "basis",
        "reference",
        "note",
    ]
    assert report["described"] == "Where the event took place."  # in the Datasette metadata
    assert "location" not in [f.name for f in fields(Event)]  # this interpreter's declaration is untouched


# --------------------------------------------------------------------------- what is declared twice agrees


def test_the_model_container_has_a_list_per_top_level_collection() -> None:
    hints = typing.get_type_hints(Model)
    assert [name for name in hints if name not in ("schema_version", "files")] == list(COLLECTIONS)
    for coll in COLLECTIONS:
        assert hints[coll] == list[BY_COLLECTION[coll].cls]


def test_provenance_names_the_record_fields_in_view_order() -> None:
    own = [f.name for f in fields(Record) if f.owner is Record]
    assert sorted(PROVENANCE) == sorted(own)


def test_a_field_only_schema_2_fills_reads_as_none_from_a_schema_1_record() -> None:
    later = [(t.cls, f.name) for t in RECORD_TYPES for f in fields(t.cls) if f.spec.since > 1]
    assert sorted({name for _, name in later}) == [
        "affiliation_short",
        "after",
        "date_basis",
        "example_of",
        "policy",
        "policy_name",
        "pull_quote_of",
        "see",
        "voice",
    ]
    declared = _declared(later)
    assert all(f.optional and getattr(cls, f.name) is None for cls, f in declared if not f.many)
    assert all(getattr(cls, f.name) == [] for cls, f in declared if f.many)  # a list: empty


def _declared(pairs: list[tuple[type, str]]) -> list[tuple[type, FieldDef]]:
    return [(cls, next(f for f in fields(cls) if f.name == name)) for cls, name in pairs]


def test_voiced_types_are_the_voiced_records() -> None:
    assert [t.collection for t in RECORD_TYPES if t.voiced] == [
        "priorities",
        "relations",
        "events",
        "quotes",
        "claims",
        "causes",
    ]
    assert all(("voice" in [f.name for f in fields(t.cls)]) == issubclass(t.cls, Voiced) for t in RECORD_TYPES)


def test_the_sqlite_presentation_names_real_tables_and_columns(full: Outputs) -> None:
    by_table = {table.record.table: tosqlite.columns(table) for table in tosqlite.layout()}
    for table, names in [*tosqlite.FTS.items(), *tosqlite.FACETS.items()]:
        assert set(names) <= set(by_table[table]), table
    for table, name in tosqlite.LABELS.items():
        assert name in by_table[table]
    every = {c for names in by_table.values() for c in names}
    assert set(tosqlite.COLUMNS) <= every


def test_counts_are_keyed_by_collection(full: Outputs) -> None:
    assert list(counts(full.model)) == [t.collection for t in RECORD_TYPES]
    assert set(counts(full.model).values()) == {PER_TYPE, PER_TYPE * PER_TYPE}


def test_an_annotation_spec_cannot_read_is_refused() -> None:
    class Odd(Item):
        mapping: dict[str, str]

    with pytest.raises(TypeError) as caught:
        fields(Odd)
    assert str(caught.value) == "Odd.mapping: cannot read the annotation dict[str, str]"


def test_specs_merge_outermost_first() -> None:
    class Both(Item):
        named: typing.Annotated[ActorId | None, Spec("outer", column="c")]

    (_, named) = fields(Both)
    spec = named.spec
    assert (spec.description, spec.column, spec.ref, named.optional, named.form) == ("outer", "c", "actor", True, "id")
