"""The SQLite layout of a model: its tables, columns, link tables, indexes and full-text indexes.

Owns the one description of the database that ``export --format sqlite`` writes
(``output.sqlite``) and that ``dbread`` reads back as a model: built from the record
declarations (``model``'s classes, read by ``spec.fields``), a column per field that holds one
value (named by its ``Spec.column``), NOT NULL unless it is optional, a CHECK for a vocabulary
its Spec marks and for a range, REFERENCES for an id naming one kind of record (deferred where
it names the table's own records), a link table per list, an index per reference the Spec does
not exempt, and an FTS5 index over each record table's text (``content=[table]``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from .model import BY_COLLECTION, BY_KIND, RECORD_TYPES, Item, RecordType
from .spec import FieldDef, fields

Cell = str | int | bool | None
"""A value SQLite stores (a bool as 0 or 1)."""
META = "CREATE TABLE policyx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
NAMES = "CREATE TABLE actor_names (name TEXT NOT NULL, actor_id TEXT NOT NULL REFERENCES actors(id))"
TIMELINE = "CREATE TABLE timeline (rank INTEGER PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id))"
BASIS_INDEXED = ("actors", "relations", "quotes", "events")
"""The tables whose listings the store gives a chunk at a time: an index on their basis tells at once
whether any record is not stated outright."""
FOR_SPEED = ("timeline", *(f"{table}_basis" for table in BASIS_INDEXED))
"""What a database needs only to answer fast (the timeline's ranks, indexes), none of it the model's: a
database without it (as policyx 0.3.0 wrote before it was added) is read back all the same."""
"""Each actor's id, name and aliases, folded (lower case, no accents): what ``policyx actor NAME`` matches."""
EXCERPTS = (
    "CREATE TABLE excerpts (record_type TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, "
    "text TEXT NOT NULL)"
)
DERIVED = {("events", "date"): "precision", ("causes", "cause"): "cause_type", ("causes", "effect"): "effect_type"}
"""Columns the export adds after a field, holding what its value implies: how precise a date is, or
what kind of record an id names."""


@dataclass(frozen=True)
class Link:
    """A link table: a row per item of a record type's list field."""

    record: RecordType
    field: FieldDef
    target: RecordType | None
    """The record type the items name (None for plain values). Every row keeps its item's position, so
    a list reads back as it was written, in its order, a repeated item included."""

    @property
    def name(self) -> str:
        return f"{self.record.kind}_{self.field.key}"

    @property
    def owner_column(self) -> str:
        return f"{self.record.kind}_id"

    @property
    def value_column(self) -> str:
        return f"{self.target.kind}_id" if self.target else self.field.column


@dataclass(frozen=True)
class Table:
    """A record type's table: its columns (the fields that hold one value) and its link tables."""

    record: RecordType
    columns: tuple[FieldDef, ...]
    """The fields with a column, in column order: the type's own, then voice, then provenance (id is first)."""
    links: tuple[Link, ...]
    parent: RecordType | None
    """The type whose records hold these (priorities: addresses): a column names the holder, one the position."""


def _target(f: FieldDef) -> RecordType | None:
    """The one record type a field's ids name (None: no record, or any of several kinds)."""
    return BY_KIND[f.targets[0]] if len(f.targets) == 1 else None


def _table(t: RecordType) -> Table:
    mro = t.cls.__mro__
    own = sorted((f for f in fields(t.cls) if not f.many and f.name != "id"), key=lambda f: mro.index(f.owner))
    links = tuple(Link(t, f, _target(f)) for f in fields(t.cls) if f.many and not issubclass(f.base, Item))
    return Table(t, tuple(own), links, BY_COLLECTION[t.within] if t.within else None)


@functools.cache
def layout() -> tuple[Table, ...]:
    """Every record table, each after the tables it refers to (but its own): the order of the DDL and of inserts."""
    seen: set[str] = set()
    order: list[Table] = []

    def visit(t: RecordType) -> None:
        if t.collection in seen:
            return
        seen.add(t.collection)
        for f in fields(t.cls):
            target = _target(f)
            if target is not None and target is not t:
                visit(target)
        if t.within:
            visit(BY_COLLECTION[t.within])
        order.append(_table(t))

    for t in RECORD_TYPES:
        visit(t)
    return tuple(order)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _column(table: Table, f: FieldDef) -> str:
    """One column's definition."""
    parts = [f.column, "INTEGER" if f.base in (int, bool) else "TEXT"]
    if not f.optional:
        parts.append("NOT NULL")
    if f.spec.check:
        parts.append(f"CHECK ({f.column} IN ({', '.join(_quoted(v) for v in f.vocabulary)}))")
    if f.spec.low is not None and f.spec.high is not None:
        parts.append(f"CHECK ({f.column} BETWEEN {f.spec.low} AND {f.spec.high})")
    target = _target(f)
    if target is not None:
        parts.append(f"REFERENCES {target.table}(id)")
        if target is table.record:  # a record may name one inserted after it
            parts.append("DEFERRABLE INITIALLY DEFERRED")
    derived = DERIVED.get((table.record.table, f.column))
    return " ".join(parts) + (f", {derived} TEXT NOT NULL" if derived else "")


def _statements(table: Table) -> Iterator[str]:
    """CREATE TABLE for a record table and its link tables."""
    t, parent = table.record, table.parent
    columns = ["id TEXT PRIMARY KEY"]
    if parent:
        columns += [f"{parent.kind}_id TEXT NOT NULL REFERENCES {parent.table}(id)", "position INTEGER NOT NULL"]
    columns += [_column(table, f) for f in table.columns]
    yield f"CREATE TABLE {t.table} (\n    " + ",\n    ".join(columns) + "\n)"
    for link in table.links:
        owner = f"{link.owner_column} TEXT NOT NULL REFERENCES {t.table}(id)"
        value = f"{link.value_column} TEXT NOT NULL"
        if link.target:
            value += f" REFERENCES {link.target.table}(id)"
        key = f"PRIMARY KEY ({link.owner_column}, position)"
        yield f"CREATE TABLE {link.name} (\n    {owner},\n    position INTEGER NOT NULL,\n    {value},\n    {key}\n)"


def _indexes(table: Table) -> Iterator[str]:
    """CREATE INDEX for a record table's references (and its link tables' values)."""
    t, parent = table.record, table.parent
    if parent:
        yield f"CREATE INDEX {t.table}_{parent.kind} ON {t.table}({parent.kind}_id)"
    for f in table.columns:
        if f.targets and f.spec.index:
            yield f"CREATE INDEX {t.table}_{f.key} ON {t.table}({f.column})"
    for link in table.links:
        suffix = link.target.kind if link.target else link.value_column
        yield f"CREATE INDEX {link.name}_{suffix} ON {link.name}({link.value_column})"


@functools.cache
def table_ddl() -> str:
    """CREATE TABLE for every table (the full-text indexes are made after their tables are filled)."""
    tables = [META, *(s for table in layout() for s in _statements(table)), NAMES, TIMELINE, EXCERPTS]
    return "".join(f"{s};\n" for s in tables)


@functools.cache
def index_ddl() -> str:
    """CREATE INDEX for every index: made after the rows are in, which is quicker than keeping them up."""
    indexes = [
        *(s for table in layout() for s in _indexes(table)),
        "CREATE INDEX actor_names_name ON actor_names(name)",
        *(f"CREATE INDEX {table}_basis ON {table}(basis)" for table in BASIS_INDEXED),
    ]
    return "".join(f"{s};\n" for s in indexes)


def ddl() -> str:
    """The database's DDL: every table, then every index."""
    return table_ddl() + index_ddl()


FTS = {
    "sources": ["title", "outlet", "author", "note"],
    "themes": ["name", "description", "evidence"],
    "actors": ["name", "description", "evidence"],
    "addresses": ["title", "summary", "evidence"],
    "priorities": ["title", "summary", "evidence"],
    "relations": ["summary", "evidence"],
    "events": ["title", "summary", "evidence"],
    "quotes": ["text", "evidence"],
    "claims": ["summary", "evidence"],
    "causes": ["summary", "evidence"],
}
"""The text each record table's full-text index covers."""


def columns(table: Table) -> list[str]:
    """A record table's column names, in order."""
    names = ["id", *([f"{table.parent.kind}_id", "position"] if table.parent else [])]
    for f in table.columns:
        names.append(f.column)
        derived = DERIVED.get((table.record.table, f.column))
        if derived:
            names.append(derived)
    return names


def fts_statements() -> list[str]:
    """CREATE VIRTUAL TABLE for every full-text index (filled after the tables)."""
    out = []
    for table_name, names in [*FTS.items(), ("excerpts", ["text"])]:
        out.append(f"CREATE VIRTUAL TABLE {table_name}_fts USING fts5({', '.join(names)}, content=[{table_name}])")
    return out
