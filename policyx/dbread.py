"""Reading a model back from a database ``export --format sqlite`` wrote, trusting nothing in it.

Owns telling such a database from YAML (its first 16 bytes), and turning its rows back into
the plain data of a model file (keys as a file has them, values as SQLite holds them), which
the loader then validates exactly as it validates YAML. The database is never opened as a
file: its bytes, read once by the loader (and hashed for the cache), are handed to an
in-memory SQLite (``deserialize``), so nothing is ever written beside it (no journal, no
``-wal``), and it cannot name another file to be read. Before a row is read, its schema must
be exactly the one this policyx writes (``dblayout``): any other table, a view, a trigger or a
changed column is refused, so no SQL of the file's is ever run; an authorizer then allows
reading the layout's own tables and nothing else, with ``trusted_schema`` off. (A database
without what only serves speed, ``dblayout.FOR_SPEED``, is read back all the same.)

Owns, too, reading the model's store (the same layout, which the cache keeps and seals): opened
read-only with the same checks (``open_store``), it gives the part of the model one actor's
commands show (``actor_part``, ...), a listing's records in its order a chunk at a time
(``in_order``), and the whole model record by record for an export (``stored_records``).
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import operator
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .dblayout import DERIVED, FOR_SPEED, Table, columns, ddl, fts_statements, layout
from .errors import DataError, Problem, StoreDamaged
from .lookup import fold
from .model import (
    COLLECTIONS,
    Item,
    Model,
    PlainModel,
    PlainRecords,
    model_from_data,
    plain_record,
    written,
)
from .spec import fields
from .version import __version__

MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
FTS5_TABLES = ("_data", "_idx", "_docsize", "_config")
"""The tables FTS5 makes for a full-text index over a table of its own (``content=``)."""
"""What FTS5 adds to a full-text index's name for its own tables (their SQL is SQLite's, not the layout's)."""
STATISTICS = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")
"""Tables ``ANALYZE`` adds: statistics for SQLite's planner, which change no row."""
IN_MEMORY = hasattr(sqlite3.Connection, "deserialize")
"""Whether SQLite can be handed the bytes themselves (Python 3.11 and newer), not a private copy of them."""
Schema = dict[str, tuple[str, str, str | None]]
"""A database's schema: per name, its type, the table it belongs to and its SQL."""


def is_database(raw: bytes) -> bool:
    """Whether bytes are an SQLite database (rather than YAML, which never starts so)."""
    return raw[: len(MAGIC)] == MAGIC


def _schema(db: sqlite3.Connection) -> Schema:
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {name: (kind, table, sql) for kind, name, table, sql in rows}


@functools.cache
def expected_schema() -> Schema:
    """The schema of a database this policyx writes, read off its DDL: each statement's table or index
    (SQLite keeps the statement's text), the index SQLite makes for each table's primary key (but an
    ``INTEGER PRIMARY KEY``, which is the table's rowid), and the
    tables FTS5 makes for each full-text index (their SQL is FTS5's: only their names are checked)."""
    out: Schema = {}
    for statement in [*(s for s in ddl().split(";\n") if s), *fts_statements()]:
        words = statement.split(None, 6)
        if words[1] == "INDEX":
            out[words[2]] = ("index", words[4].split("(")[0], statement)
        elif words[1] == "VIRTUAL":
            out[words[3]] = ("table", words[3], statement)
            out.update({words[3] + suffix: ("table", words[3] + suffix, None) for suffix in FTS5_TABLES})
        else:
            out[words[2]] = ("table", words[2], statement)
            if "PRIMARY KEY" in statement and "INTEGER PRIMARY KEY" not in statement:  # that one is the rowid
                out[f"sqlite_autoindex_{words[2]}_1"] = ("index", words[2], None)
    return out


def built_schema() -> Schema:
    """The schema of an empty database that SQLite builds from the DDL (what ``expected_schema`` says)."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(ddl() + "".join(f"{s};\n" for s in fts_statements()))
        return _schema(db)
    finally:
        db.close()


@functools.cache
def _without_speed() -> Schema:
    """The layout's schema without what serves only speed (``dblayout.FOR_SPEED``)."""
    return {name: entry for name, entry in expected_schema().items() if name not in FOR_SPEED}


def _difference(found: Schema, expected: Schema) -> str | None:
    """What keeps a schema from being the layout's, in words (None: it is the layout's)."""
    for name, (kind, table, sql) in sorted(found.items()):
        if name in STATISTICS and kind == "table":
            continue
        want = expected.get(name)
        if want is None:
            return f"it has a {kind} {name!r}, which policyx does not write"
        if (kind, table) != want[:2] or (want[2] is not None and sql != want[2]):  # None: SQLite's own SQL
            return f"its {want[0]} {name!r} is not defined as policyx defines it"
    missing = sorted(set(expected) - set(found))
    if missing:
        return f"it has no {expected[missing[0]][0]} {missing[0]!r}"
    return None


def _authorizer(allowed: frozenset[str]) -> object:
    """An authorizer that lets a statement read the layout's tables, and do nothing else."""

    def authorize(action: int, arg1: str | None, arg2: str | None, database: str | None, inner: str | None) -> int:
        if inner is not None:  # a trigger or a view: the checked schema has none, and none may run
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_SELECT:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and database == "main" and arg1 in allowed:
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    return authorize


def read(raw: bytes, name: str) -> dict[str, object]:
    """The plain data of the model in a database's bytes (its file's name for messages), or a DataError
    saying why they are not a database policyx wrote. Validating that data is the loader's.

    A database in WAL mode (as ``sqlite3`` or Datasette may leave it) is read as SQLite reads it
    once every change is in the file itself; while a ``-wal`` file beside it still holds changes,
    it is refused, since they would be missed."""
    if raw[18:20] == b"\x02\x02":  # WAL mode: the file's pages are whole; its -wal may hold more
        wal = Path(name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            raise _bad(
                name,
                f"its latest changes are still in {wal} (a program has it open, or did not close it): "
                "run sqlite3 on it and .quit, or close that program, then try again",
            )
        raw = raw[:18] + b"\x01\x01" + raw[20:]  # read as a rollback-journal database: the same pages
    try:
        db, copy = _connect(raw)
    except sqlite3.Error as err:
        raise _bad(name, f"not a readable SQLite database ({err})") from None
    try:
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            db.execute("PRAGMA query_only = ON")
            schema = _schema(db)
            difference = _difference(schema, expected_schema())
            if difference is not None and _difference(schema, _without_speed()) is None:
                difference = None  # written before the store's ranks and indexes were added: the same model
            refusal = _refusal(db, difference) if difference is not None else None
        except sqlite3.Error as err:  # not a database after all, damaged, encrypted
            raise _bad(name, f"not a readable SQLite database ({err})") from None
        if refusal is not None:
            raise _bad(name, refusal)
        tables = {
            "policyx_meta",
            *(t.record.table for t in layout()),
            *(link.name for t in layout() for link in t.links),
        }
        db.set_authorizer(_authorizer(frozenset(tables)))  # type: ignore[arg-type]
        try:
            return _data(db, name)
        except sqlite3.Error as err:  # a page damaged past its schema
            raise _bad(name, f"cannot read the database: {err}") from None
    finally:
        db.close()
        if copy is not None:
            os.unlink(copy)


def _connect(raw: bytes) -> tuple[sqlite3.Connection, str | None]:
    """An SQLite connection to a database's bytes, and the private copy it reads them from (None: in memory).

    Python 3.11 and newer hand the bytes to SQLite (``deserialize``); before it, SQLite reads a copy
    in a file of policyx's own, read-only, removed once read: never the user's file.
    """
    if IN_MEMORY:
        db = sqlite3.connect(":memory:")
        try:
            getattr(db, "deserialize")(raw)  # noqa: B009 - Python 3.10's sqlite3 has no deserialize
        except sqlite3.Error:
            db.close()
            raise
        return db, None
    fd, copy = tempfile.mkstemp(prefix="policyx-", suffix=".db")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        return sqlite3.connect(Path(copy).as_uri() + "?mode=ro", uri=True), copy
    except BaseException:
        os.unlink(copy)
        raise


def _refusal(db: sqlite3.Connection, difference: str) -> str:
    """Why a database is refused: what differs, and, when the file says an other version of policyx
    wrote it (its meta table being the layout's own), that one."""
    version = None
    if _schema(db).get("policyx_meta") == expected_schema()["policyx_meta"]:
        row = db.execute("SELECT value FROM policyx_meta WHERE key = 'policyx_version'").fetchone()
        version = None if row is None else _plain(row[0]).strip("'\"")
    if version is None or version == __version__:
        return f"not a database policyx wrote: {difference}"
    return (
        f"written by policyx {version}, whose database layout this version ({__version__}) does not read: "
        f"{difference}; export it again with this version"
    )


def _plain(value: object) -> str:
    """A value from the file, quoted, fit to show in one line of a message."""
    text = str(value)
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _rows(db: sqlite3.Connection, table: str, names: list[str], order: str = "rowid") -> Iterator[tuple[object, ...]]:
    yield from db.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {order}")


def _bad(name: str, message: str) -> DataError:
    return DataError([Problem(name, 0, 0, message)])


def _data(db: sqlite3.Connection, name: str) -> dict[str, object]:
    meta = dict(db.execute("SELECT key, value FROM policyx_meta").fetchall())
    data: dict[str, object] = {"schema_version": meta.get("schema_version")}
    records: dict[str, dict[Any, dict[str, Any]]] = {}
    for table in layout():
        records[table.record.collection] = by_id = _records(db, table)
        for link in table.links:
            order = f"{link.owner_column}, position"
            for owner, value in _rows(db, link.name, [link.owner_column, link.value_column], order):
                record = by_id.get(owner)
                if record is None:
                    raise _bad(name, f"{link.name}: a row names {_plain(owner)}, which {table.record.table} has not")
                record.setdefault(link.field.key, []).append(value)
        if table.parent is not None:
            holders = records[table.parent.collection]
            for record in sorted(by_id.values(), key=_position):
                holder = holders.get(record.pop("\0holder", None))
                if holder is None:
                    raise _bad(
                        name, f"{table.record.table}: {_plain(record.get('id'))} is held by no {table.parent.kind}"
                    )
                holder.setdefault(table.record.collection, []).append(record)
    for collection in COLLECTIONS:
        if collection in records:
            data[collection] = list(records[collection].values())
    return data


def _position(record: dict[str, Any]) -> int:
    """A nested record's position in its holder (taken out of its fields); one that is not a number sorts last."""
    position = record.pop("\0position", None)
    return position if isinstance(position, int) else 1 << 62


def _records(db: sqlite3.Connection, table: Table) -> dict[Any, dict[str, Any]]:
    """A record table's rows as a file's records, by id (a nested record also keeps its holder and position)."""
    names = columns(table)
    keys: list[str | None] = ["id"]
    if table.parent is not None:
        keys += ["\0holder", "\0position"]
    for f in table.columns:
        keys.append(f.key)
        if DERIVED.get((table.record.table, f.column)):
            keys.append(None)  # what the export adds: implied by the field, not read back
    out: dict[Any, dict[str, Any]] = {}
    for row in _rows(db, table.record.table, names):
        record = {key: value for key, value in zip(keys, row, strict=True) if key is not None and value is not None}
        out[record.get("id", object())] = record  # rows with no id are each a record (each a problem)
    return out


def where(data: dict[str, Any]) -> Callable[[tuple[str | int | None, ...]], str]:
    """Words for a path into the data ``read`` gave (taken before validation takes the data over): the
    table, the record's id and the column or link table, as ``sqlite3`` shows them (``relations 'r1', from_actor``)."""
    tables = {t.record.collection: t for t in layout()}
    nested = {t.parent.collection: t.record.collection for t in layout() if t.parent is not None}
    ids: dict[tuple[str | int | None, ...], object] = {}
    for collection in COLLECTIONS:
        records = data.get(collection)
        for i, record in enumerate(records if isinstance(records, list) else ()):
            ids[(collection, i)] = record.get("id")
            inner = nested.get(collection)
            for j, held in enumerate(record.get(inner, ()) if inner else ()):
                ids[(collection, i, inner, j)] = held.get("id")

    def words(loc: tuple[str | int | None, ...]) -> str:
        for n in (4, 2):
            if loc[:n] in ids:
                table = tables[str(loc[n - 2])]
                out = f"{table.record.table} {_plain(ids[loc[:n]])}" if ids[loc[:n]] is not None else ""
                out = out or f"{table.record.table} row {int(str(loc[n - 1])) + 1}"
                key = loc[n] if len(loc) > n else None
                by_key = {f.key: f for f in fields(table.record.cls)}
                if key in by_key:
                    f = by_key[str(key)]
                    link = next((k for k in table.links if k.field is f), None)
                    out += f", {link.name}" if link is not None else f", {f.column}"
                return out
        return "policyx_meta, schema_version" if loc[:1] == ("schema_version",) else "the database"

    return words


# --------------------------------------------------------------------------- a part of the model, from a store

PART_LIMIT = 100_000
"""The most records a part may gather; past it, loading the whole model is the better way."""
CHUNK = 500
"""The most records read from a store at once (and ids in one query)."""
FIRST = 16
"""How many records a listing read from a store starts with (then twice as many each time, up to ``CHUNK``)."""


@functools.cache
def _layout_tables() -> frozenset[str]:
    tables = {"policyx_meta", "actor_names", "timeline", *(t.record.table for t in layout())}
    return frozenset(tables | {link.name for t in layout() for link in t.links})


def read_only(path: Path) -> sqlite3.Connection | None:
    """A database of the cache's opened read-only, ``trusted_schema`` off and queries only (a store, a
    search index), its schema not checked yet; None if it does not open."""
    try:
        db = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return None
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        db.execute("PRAGMA query_only = ON")
    except sqlite3.Error:
        db.close()
        return None
    return db


def open_store(path: Path, seal: str) -> sqlite3.Connection | None:
    """A store the cache wrote, opened read-only, when its schema is the layout's and it carries this
    seal (the cache's own, for this model's content); None for anything else, which is then not used."""
    db = read_only(path)
    if db is None:
        return None
    try:
        if _difference(_schema(db), expected_schema()) is None:
            db.set_authorizer(_authorizer(_layout_tables()))  # type: ignore[arg-type]
            row = db.execute("SELECT value FROM policyx_meta WHERE key = 'seal'").fetchone()
            if row is not None and isinstance(row[0], str) and hmac.compare_digest(row[0], seal):
                return db
    except sqlite3.Error:
        pass
    db.close()
    return None


def actor_id(db: sqlite3.Connection, name: str) -> str | None:
    """The actor a name means, as ``Index.actor`` finds it, when the store can tell: an exact id, or the
    one actor whose id, name or alias is the name (folded). None: let the whole model decide."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # a name the terminal did not give as UTF-8: the model says what it finds
        return None
    if db.execute("SELECT 1 FROM actors WHERE id = ?", (name,)).fetchone():
        return name
    key = fold(name.strip())
    found = {row[0] for row in db.execute("SELECT actor_id FROM actor_names WHERE name = ?", (key,))} if key else set()
    return found.pop() if len(found) == 1 else None


def theme_id(db: sqlite3.Connection, name: str) -> str | None:
    """The theme a name means, as ``Index.theme`` finds it (the first, in the model's order, whose id or
    folded name is the folded name); None when none is (let the whole model say so)."""
    key = fold(name.strip())
    for tid, theme_name in db.execute("SELECT id, name FROM themes ORDER BY rowid"):
        if key in (tid, fold(theme_name)):
            return str(tid)
    return None


def has_relation_kind(db: sqlite3.Connection, kind: str) -> bool:
    """Whether the store holds a relation of this kind (what ``relations --kind`` accepts)."""
    return db.execute("SELECT 1 FROM relations WHERE kind = ? LIMIT 1", (kind,)).fetchone() is not None


class _Part:
    """The records of a part of a model, gathered from a store by id, with every record they name."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.tables = {t.record.kind: t for t in layout()}
        self.found: dict[str, dict[str, tuple[int, dict[str, Any]]]] = {kind: {} for kind in self.tables}
        self.held: dict[str, tuple[str, int]] = {}
        """A nested record's holder and position, by its id."""

    def take(self, kind: str, ids: set[str]) -> list[dict[str, Any]]:
        """Gather the records of a kind with these ids (those not gathered yet); the new ones."""
        table, have = self.tables[kind], self.found[kind]
        wanted = sorted(i for i in ids if isinstance(i, str) and i not in have)
        new: list[dict[str, Any]] = []
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for rowid, held, record in _select(self.db, table, f"id IN ({', '.join('?' * len(chunk))})", chunk):
                have[record["id"]] = (rowid, record)
                if held is not None:
                    self.held[record["id"]] = held
                new.append(record)
        if sum(len(records) for records in self.found.values()) > PART_LIMIT:
            raise _TooBig
        return new

    def close(self, new: list[tuple[str, dict[str, Any]]]) -> None:
        """Gather every record the new ones name, and those name, ... (and a nested record's holder)."""
        while new:
            wanted: dict[str, set[str]] = {}
            for kind, record in new:
                table = self.tables[kind]
                for f in fields(table.record.cls):
                    value = record.get(f.name)
                    named = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
                    for target in f.targets:
                        wanted.setdefault(target, set()).update(named)
                if table.parent is not None:
                    wanted.setdefault(table.parent.kind, set()).add(self.held[record["id"]][0])
            new = [(kind, r) for kind, ids in wanted.items() for r in self.take(kind, ids)]

    def model(self) -> Model:
        """The gathered records as a Model, each collection in the model's order."""
        version = _version(self.db)
        unused = {f.name for t in layout() for f in fields(t.record.cls) if f.spec.since > 1} if version == 1 else set()
        data: dict[str, Any] = {"schema_version": version, "files": {}}
        for found in self.found.values():  # a schema-1 model's records do not store what schema 2 added
            for _, record in found.values():
                for name in unused:
                    record.pop(name, None)
        nested = {t.parent.kind: t for t in layout() if t.parent is not None}
        for table in layout():
            if table.parent is not None:
                continue
            records = [r for _, r in sorted(self.found[table.record.kind].values(), key=lambda pair: pair[0])]
            inner = nested.get(table.record.kind)
            if inner is not None:
                holding: dict[str, list[tuple[int, dict[str, Any]]]] = {}
                for held_id, (_, rec) in self.found[inner.record.kind].items():
                    holder, position = self.held[held_id]
                    holding.setdefault(holder, []).append((position, rec))
                for record in records:
                    record[inner.record.collection] = [
                        rec for _, rec in sorted(holding.get(record["id"], []), key=lambda p: p[0])
                    ]
            data[table.record.collection] = records
        return model_from_data(data)


class _TooBig(Exception):
    """A part that gathered more records than ``PART_LIMIT``."""


def _select(
    db: sqlite3.Connection, table: Table, condition: str, params: Sequence[object]
) -> list[tuple[int, tuple[str, int] | None, dict[str, Any]]]:
    """The rows of a record table that meet a condition (with its ORDER BY, LIMIT), in its order, each as its
    rowid, its holder and position (a nested record's; else None) and the record's fields as a validated
    model holds them (declaration order), its lists filled from their link tables (``CHUNK`` ids a query)."""
    names = columns(table)
    at = {name: n for n, name in enumerate(names)}
    declared = fields(table.record.cls)
    where = [0 if f.many else at["id" if f.name == "id" else f.column] for f in declared]
    pick = operator.itemgetter(*where) if len(where) > 1 else lambda row: (row[where[0]],)
    order = [f.name for f in declared]
    lists = [f.name for f in declared if f.many]  # filled from its link table, a nested collection by its holder
    flags = [f.name for f in declared if f.base is bool and not f.many]
    holder = (at[f"{table.parent.kind}_id"], at["position"]) if table.parent is not None else None
    rows = db.execute(f"SELECT {', '.join(names)}, rowid FROM {table.record.table} WHERE {condition}", params)
    out = []
    by_id: dict[str, dict[str, Any]] = {}
    for values in rows:
        record = dict(zip(order, pick(values), strict=True))
        for name in lists:
            record[name] = []
        for name in flags:
            if record[name] is not None:
                record[name] = bool(record[name])
        by_id[record["id"]] = record
        out.append((values[-1], (values[holder[0]], values[holder[1]]) if holder else None, record))
    owners = list(by_id)
    for start in range(0, len(owners) if table.links else 0, CHUNK):  # ids a query at a time, CHUNK at most
        ids = owners[start : start + CHUNK]
        marks = ", ".join("?" * len(ids))
        for link in table.links:
            query = (
                f"SELECT {link.owner_column}, {link.value_column} FROM {link.name} "
                f"WHERE {link.owner_column} IN ({marks}) ORDER BY {link.owner_column}, position"
            )
            for owner, value in db.execute(query, ids):
                by_id[owner][link.field.name].append(value)
    return out


def stored_records(db: sqlite3.Connection) -> PlainRecords:
    """The model a store holds, in the file's shape, as ``model.plain_records(model, by_alias=True)`` gives
    it (its version, then each collection's name and records), read ``CHUNK`` records at a time: what
    ``export --format json|yaml`` writes, in memory that does not grow with the model."""
    version = _version(db)
    plain = plain_record(version, by_alias=True)
    tables = {t.record.kind: t for t in layout()}

    def records(top: Table, holds: list[Table]) -> Iterator[dict[str, object]]:
        last = 0
        while chunk := _select(db, top, "rowid > ? ORDER BY rowid LIMIT ?", (last, CHUNK)):
            last = chunk[-1][0]
            ids = [record["id"] for _, _, record in chunk]
            held: dict[str, dict[str, list[dict[str, Any]]]] = {h.record.collection: {} for h in holds}
            for inner in holds:
                holder = f"{top.record.kind}_id"
                condition = f"{holder} IN ({', '.join('?' * len(ids))}) ORDER BY {holder}, position"
                for _, place, record in _select(db, inner, condition, ids):
                    held[inner.record.collection].setdefault(place[0] if place else "", []).append(record)
            for _, _, record in chunk:
                yield plain(record, {c: by_holder.get(record["id"], []) for c, by_holder in held.items()})

    written_out = written(version, by_alias=True)
    return version, (
        (t.collection, records(tables[t.kind], [tables[n.kind] for n in holds])) for t, holds in written_out
    )


LISTED = ("actor", "relation", "quote", "event", "theme", "address")
"""The kinds of record whose listing a store gives a chunk at a time, in the listing's order (a theme with
how many records of each kind carry it, ``theme_counts``; an address with its priorities, oldest first)."""
THEMED = (
    ("events", "event_themes", "event_id"),
    ("quotes", "quote_themes", "quote_id"),
    ("claims", "claim_themes", "claim_id"),
)
"""The link tables of the records ``themes`` counts by theme (a priority's are counted by its item)."""


def theme_counts(db: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, int]]:
    """For these themes, how many items (a priority with the examples listed under it), events, quotes
    and claims carry each, as ``queries.themes`` counts them (read by the themes' indexes)."""
    marks = ", ".join("?" * len(ids))
    counts: dict[str, dict[str, int]] = {}
    query = (
        "SELECT priority_themes.theme_id, priorities.example_of, priorities.id FROM priority_themes "
        f"JOIN priorities ON priorities.id = priority_themes.priority_id WHERE priority_themes.theme_id IN ({marks})"
    )
    items: dict[str, set[str]] = {}
    for theme, example_of, pid in db.execute(query, ids):
        items.setdefault(theme, set()).add(example_of or pid)
    counts["priorities"] = {theme: len(keys) for theme, keys in items.items()}
    for collection, table, owner in THEMED:
        owners: dict[str, set[str]] = {}
        for theme, rec in db.execute(f"SELECT theme_id, {owner} FROM {table} WHERE theme_id IN ({marks})", ids):
            owners.setdefault(theme, set()).add(rec)
        counts[collection] = {theme: len(recs) for theme, recs in owners.items()}
    return counts


def in_order(db: sqlite3.Connection, kind: str) -> tuple[int, bool, Iterator[list[Item]]]:
    """The records of a kind (one of ``LISTED``) in the order their listing shows them (events in the
    timeline's rank, which the store keeps; the rest in the model's), ``CHUNK`` at a time, as they are asked
    for; before them, how many views they state (1, or 2 for more than one, none counting as one) and
    whether any is not stated outright (what a listing's columns say)."""
    table = next(t for t in layout() if t.record.kind == kind and t.parent is None and kind in LISTED)
    name = table.record.table
    voices = _voices(db, name) if any(f.name == "voice" for f in table.columns) else 1
    query = f"SELECT 1 FROM {name} WHERE basis < 'stated' OR basis > 'stated' LIMIT 1"  # two seeks of its index
    unstated = db.execute(query).fetchone() is not None
    version = _version(db)

    def sizes() -> Iterator[int]:  # a few records first, so that the first line is out at once; then CHUNK
        size = min(FIRST, CHUNK)
        while True:
            yield size
            size = min(2 * size, CHUNK)

    def ranked() -> Iterator[list[dict[str, Any]]]:
        last = 0
        for size in sizes():
            query = "SELECT rank, event_id FROM timeline WHERE rank > ? ORDER BY rank LIMIT ?"
            ranks = db.execute(query, (last, size)).fetchall()
            if not ranks:
                return
            last = ranks[-1][0]
            ids = [event_id for _, event_id in ranks]
            found = {r["id"]: r for _, _, r in _select(db, table, f"id IN ({', '.join('?' * len(ids))})", ids)}
            if len(found) < len(set(ids)):
                raise sqlite3.DatabaseError("its timeline names an event it does not hold")
            yield [found[i] for i in ids]

    def stored() -> Iterator[list[dict[str, Any]]]:
        last = 0
        for size in sizes():
            chunk = _select(db, table, "rowid > ? ORDER BY rowid LIMIT ?", (last, size))
            if not chunk:
                return
            last = chunk[-1][0]
            yield [record for _, _, record in chunk]

    def by_date() -> Iterator[list[dict[str, Any]]]:  # as lookup.in_date_order orders them, with their priorities
        # a stored date is YYYY, YYYY-MM or YYYY-MM-DD (validated): its text sorts as PartialDate does
        dated = db.execute("SELECT id, date FROM addresses ORDER BY date, id").fetchall()
        held = next(t for t in layout() if t.parent is table.record)
        start = 0
        for size in sizes():
            ids = [aid for aid, _ in dated[start : start + size]]
            if not ids:
                return
            start += size
            marks = ", ".join("?" * len(ids))
            found = {r["id"]: r for _, _, r in _select(db, table, f"id IN ({marks})", ids)}
            if len(found) < len(set(ids)):
                raise sqlite3.DatabaseError("an address went missing while it was read")
            for record in found.values():
                record[held.record.collection] = []
            condition = f"{table.record.kind}_id IN ({marks}) ORDER BY {table.record.kind}_id, position"
            for _, place, record in _select(db, held, condition, ids):
                if place is not None:
                    found[str(place[0])][held.record.collection].append(record)
            yield [found[i] for i in ids]

    collection = table.record.collection
    records = ranked() if kind == "event" else by_date() if kind == "address" else stored()
    made = (getattr(model_from_data({"schema_version": version, collection: r}), collection) for r in records)
    if kind == "theme":  # each with its counts
        made = (_counted(db, themes) for themes in made)
    return voices, unstated, made


def _counted(db: sqlite3.Connection, themes: list[Any]) -> list[Any]:
    counts = theme_counts(db, [theme.id for theme in themes])
    return [(theme, {c: by_theme.get(theme.id, 0) for c, by_theme in counts.items()}) for theme in themes]


def _voices(db: sqlite3.Connection, table: str) -> int:
    """How many views a table's records state, none counting as one: 1, or 2 for more than one (read off
    the index of its voices in at most two seeks, however many records it has)."""
    first = db.execute(f"SELECT voice FROM {table} ORDER BY voice LIMIT 1").fetchone()  # none sorts first
    if first is None:
        return 0
    if first[0] is None:
        other = db.execute(f"SELECT 1 FROM {table} WHERE voice IS NOT NULL LIMIT 1").fetchone()
    else:
        other = db.execute(f"SELECT 1 FROM {table} WHERE voice > ? LIMIT 1", first).fetchone()
    return 2 if other is not None else 1


def _version(db: sqlite3.Connection) -> int:
    """The schema version of the model a store holds."""
    (version,) = db.execute("SELECT value FROM policyx_meta WHERE key = 'schema_version'").fetchone()
    return int(version)


def damaged(err: sqlite3.Error) -> StoreDamaged:
    """A store that failed while it was read, said in one line."""
    return StoreDamaged(f"the cached copy of the model could not be read to the end ({err})")


def stored_model(path: Path, seal: str) -> PlainModel:
    """The model in a store (the file, and the seal it must carry to be read), to be written out record by
    record (``export --format json|yaml``) without being loaded: a store gone, spoilt or damaged since it
    was found is a ``StoreDamaged`` while it is written."""

    @contextlib.contextmanager
    def records() -> Iterator[PlainRecords]:
        db = open_store(path, seal)
        if db is None:
            raise StoreDamaged(f"the cached copy of the model went away while it was read ({path})")
        try:
            yield stored_records(db)
        except sqlite3.Error as err:
            raise damaged(err) from None
        finally:
            db.close()

    return PlainModel(records)


def _part(
    db: sqlite3.Connection, seeds: dict[str, set[str]], more: Callable[[_Part], dict[str, set[str]]] | None = None
) -> Model | None:
    """The model's part made of these records (by kind), those ``more`` asks for once they are in, and every
    record all of them name; None when it would be too big to be worth it."""
    part = _Part(db)
    try:
        for kind, ids in seeds.items():
            part.take(kind, ids)
        for kind, ids in (more(part) if more is not None else {}).items():
            part.take(kind, ids)
        part.close([(kind, record) for kind, found in part.found.items() for _, record in found.values()])
        part.take("source", _own_sources(db, {a["name"] for _, a in part.found["actor"].values()}))
    except _TooBig:
        return None
    return part.model()


def _own_sources(db: sqlite3.Connection, names: set[str]) -> set[str]:
    """The sources whose author or outlet is one of these actors' names (or starts with one and " ("):
    what ``Index.reported`` reads to tell a source's own voice from the voices it reports."""
    found = set()
    for sid, author, outlet in db.execute(
        "SELECT id, author, outlet FROM sources WHERE author IS NOT NULL OR outlet IS NOT NULL"
    ):
        for own in (author, outlet):
            if not isinstance(own, str):
                continue
            heads = [own[:i] for i in range(len(own)) if own.startswith(" (", i)]
            if own in names or any(head in names for head in heads):
                found.add(sid)
    return found


def actor_part(db: sqlite3.Connection, aid: str) -> Model | None:
    """What ``actor_profile`` reads of the model for one actor: the actor, its relations both ways, the
    priorities naming it or set out by it, its events, quotes and claims, the causes that lead from or
    to any of them (and every other link into their effects and between their causes and policies, which
    the profile counts and weighs), and every record all of these name."""
    spoken = "SELECT p.id FROM priorities p JOIN addresses a ON p.address_id = a.id WHERE a.speaker = ?"
    seeds = {
        "actor": {aid},
        "relation": _ids(
            db,
            "SELECT id FROM relations WHERE from_actor = ? UNION SELECT id FROM relations WHERE to_actor = ?",
            aid,
            aid,
        ),
        "priority": _ids(db, f"SELECT priority_id FROM priority_actors WHERE actor_id = ? UNION {spoken}", aid, aid),
        "event": _ids(db, "SELECT event_id FROM event_actors WHERE actor_id = ?", aid),
        "quote": _ids(db, "SELECT id FROM quotes WHERE speaker = ?", aid),
        "claim": _ids(db, "SELECT claim_id FROM claim_actors WHERE actor_id = ?", aid),
    }

    def causes(part: _Part) -> dict[str, set[str]]:
        named = sorted({aid} | seeds["relation"] | seeds["priority"] | seeds["event"] | seeds["claim"])
        found: set[str] = set()
        for start in range(0, len(named), 400):
            chunk = named[start : start + 400]
            marks = ", ".join("?" * len(chunk))
            found |= _ids(
                db,
                f"SELECT id FROM causes WHERE cause IN ({marks}) UNION SELECT id FROM causes WHERE effect IN ({marks})",
                *chunk,
                *chunk,
            )
        taking = part.take("cause", found)
        effects = sorted({c["effect"] for c in taking})
        for start in range(0, len(effects), 900):
            chunk = effects[start : start + 900]
            found |= _ids(db, f"SELECT id FROM causes WHERE effect IN ({', '.join('?' * len(chunk))})", *chunk)
        for c in taking:
            if c["policy"] is not None:
                found |= _ids(db, "SELECT id FROM causes WHERE cause = ? AND effect = ?", c["cause"], c["policy"])
        return {"cause": found}

    return _part(db, seeds, causes)


def relations_part(db: sqlite3.Connection, aid: str) -> Model | None:
    """What ``relations --actor`` reads: the actor's relations both ways, and every record they name."""
    both = "SELECT id FROM relations WHERE from_actor = ? UNION SELECT id FROM relations WHERE to_actor = ?"
    return _part(db, {"actor": {aid}, "relation": _ids(db, both, aid, aid)})


def quotes_part(db: sqlite3.Connection, aid: str) -> Model | None:
    """What ``quotes --speaker`` reads: the speaker's quotes, and every record they name."""
    return _part(db, {"actor": {aid}, "quote": _ids(db, "SELECT id FROM quotes WHERE speaker = ?", aid)})


def _ids(db: sqlite3.Connection, sql: str, *args: object) -> set[str]:
    return {row[0] for row in db.execute(sql, args)}
