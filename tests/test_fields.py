"""Every field of every record type reaches validation, the model class, JSON export, the SQLite
export and the JSON Schema: a field added to the schema and forgotten elsewhere fails here.

The shipped model fills nearly every field; the few it leaves empty are filled in a copy, so that
each field of each record type carries a value, and each value is read back from every output.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from policyx.loader import load, shipped_model_path
from policyx.model import BY_COLLECTION, COLLECTIONS, RECORD_TYPES, Model, model_to_data
from policyx.output import Settings, write
from policyx.schema import MODELS, json_schema
from policyx.spec import fields

from .conftest import Result

TYPES: dict[str, Any] = MODELS
CLASSES: dict[str, Any] = {t.collection: t.cls for t in RECORD_TYPES}
NESTED = {"priorities"}
"""Fields that hold other records (an address's priorities), checked as records of their own."""
FILL = {"reference": "ref-ots", "note": "A curator's note."}
"""Values for the fields the shipped model leaves empty on some record types."""


def _records(model: Model) -> dict[str, list[Any]]:
    out = {c: list(getattr(model, c)) for c in COLLECTIONS}
    out["priorities"] = [p for a in model.addresses for p in a.priorities]
    return out


def _fields(coll: str) -> list[str]:
    return [name for name in TYPES[coll].model_fields if name not in NESTED]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Model, Path]:
    """The shipped model, with every field that no record of its type fills filled on the first record."""
    model = load(shipped_model_path(), use_cache=False)
    data = model_to_data(model, by_alias=True)
    groups = {c: data[c] for c in COLLECTIONS}
    groups["priorities"] = [p for a in data["addresses"] for p in a["priorities"]]
    for coll, rows in groups.items():
        for name in _fields(coll):
            key = TYPES[coll].model_fields[name].alias or name
            if not any(row.get(key) not in (None, [], False) for row in rows):
                rows[0][key] = FILL[name]
    path = tmp_path_factory.mktemp("full") / "full.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load(path, use_cache=False), path


def test_every_field_of_every_record_type_is_filled_somewhere(full: tuple[Model, Path]) -> None:
    records = _records(full[0])
    for coll in TYPES:
        empty = [
            f for f in _fields(coll) if not any(getattr(r, f, None) not in (None, [], False) for r in records[coll])
        ]
        assert empty == [], f"{coll}: no record fills {empty} (add a value to FILL)"


@pytest.mark.parametrize("coll", list(TYPES))
def test_the_model_class_declares_every_schema_field(coll: str) -> None:
    declared = set().union(*(typing.get_type_hints(k).keys() for k in CLASSES[coll].__mro__ if k is not object))
    missing = [f for f in TYPES[coll].model_fields if f not in declared]
    assert missing == [], f"model.{CLASSES[coll].__name__} lacks {missing}"


@pytest.mark.parametrize("coll", list(TYPES))
def test_the_json_schema_has_every_field(coll: str) -> None:
    definition = json_schema()["$defs"][TYPES[coll].__name__]
    names = {info.alias or name for name, info in TYPES[coll].model_fields.items()}
    assert names - set(definition["properties"]) == set()


def test_json_export_carries_every_value(full: tuple[Model, Path], run: Any) -> None:
    model, path = full
    result: Result = run("export", "--format", "json", data=path)
    data = json.loads(result.stdout)
    exported = {c: data[c] for c in COLLECTIONS}
    exported["priorities"] = [p for a in data["addresses"] for p in a["priorities"]]
    for coll, records in _records(model).items():
        by_id = {row["id"]: row for row in exported[coll]}
        for rec in records:
            for name in _fields(coll):
                key = TYPES[coll].model_fields[name].alias or name
                assert by_id[rec.id].get(key) == getattr(rec, name), (coll, rec.id, name)


def _sql_value(db: sqlite3.Connection, coll: str, rec: Any, name: str) -> Any:
    """A record's field as the SQLite export stores it: a column of its table, or rows of a link table."""
    value = getattr(rec, name)
    singular = BY_COLLECTION[coll].kind
    if isinstance(value, list):
        column = "alias" if name == "aliases" else f"{name[:-1] if name != 'addresses' else 'address'}_id"
        table = f"{singular}_{name}"
        order = "position" if name == "aliases" else "rowid"
        rows = db.execute(f"SELECT {column} FROM {table} WHERE {singular}_id = ? ORDER BY {order}", (rec.id,))
        return [row[0] for row in rows]
    column = {f.name: f.column for f in fields(BY_COLLECTION[coll].cls)}[name]
    (stored,) = db.execute(f"SELECT {column} FROM {coll} WHERE id = ?", (rec.id,)).fetchone()
    return bool(stored) if isinstance(value, bool) else stored


def test_the_sqlite_export_carries_every_value(full: tuple[Model, Path], tmp_path: Path) -> None:
    model, _ = full
    out = tmp_path / "m.db"
    write("model", "sqlite", model, Settings(), path=out)
    db = sqlite3.connect(out)
    try:
        for coll, records in _records(model).items():
            for rec in records:
                for name in _fields(coll):
                    value = getattr(rec, name)
                    expected = list(dict.fromkeys(value)) if isinstance(value, list) else value
                    assert _sql_value(db, coll, rec, name) == expected, (coll, rec.id, name)
    finally:
        db.close()
