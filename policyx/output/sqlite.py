"""Export to SQLite: one table per collection, link tables, foreign keys, indexes, full-text search,
and the Datasette metadata that describes it all.

Owns the database layout (documented in docs/formats.md) so that ``sqlite3``, sqlite-utils and
Datasette open the file as it is: every record table keyed by its model id, lists as link
tables with foreign keys, an index on every foreign key, a ``<table>_fts`` FTS5 index over
each record table's text in sqlite-utils' and Datasette's convention (``content=[table]``,
so ``?_search=`` and ``sqlite-utils search`` work), and ``excerpts``, a table of every quote and
evidence excerpt with its own index ``excerpts_fts`` (a table, so that Datasette lists it and
DuckDB reads its columns as text: an FTS5 table's columns have no type). ``metadata`` is the
Datasette metadata of that layout, for a database of any file name.

The tables are not written out here but built from the record declarations (``model``'s
classes, read by ``spec.fields``): a column per field that holds one value (named by its
``Spec.column``), NOT NULL unless it is optional, a CHECK for a vocabulary its Spec marks and
for a range, REFERENCES for an id naming one kind of record (deferred where it names the
table's own records), a link table per list, an index per reference the Spec does not exempt.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import OutputError
from ..model import BY_COLLECTION, BY_KIND, RECORD_TYPES, Item, Model, PartialDate, Record, RecordType, walk
from ..spec import FieldDef, fields
from ..version import __version__

if TYPE_CHECKING:
    from . import Settings

Cell = str | int | bool | None
"""A value SQLite stores (a bool as 0 or 1)."""
META = "CREATE TABLE policyx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
EXCERPTS = (
    "CREATE TABLE excerpts (record_type TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, "
    "text TEXT NOT NULL)"
)
DATABASE = "policy"
"""The name Datasette gives the database when no other is said: that of ``policy.db``."""
DERIVED = {("events", "date"): "precision", ("causes", "cause"): "cause_type", ("causes", "effect"): "effect_type"}
"""Columns the export adds after a field, holding what its value implies: how precise a date is, or
what kind of record an id names."""


# --------------------------------------------------------------------------- the layout


@dataclass(frozen=True)
class Link:
    """A link table: a row per item of a record type's list field."""

    record: RecordType
    field: FieldDef
    target: RecordType | None
    """The record type the items name (None for plain values: their rows keep their position)."""

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
        if link.target:
            value = f"{link.value_column} TEXT NOT NULL REFERENCES {link.target.table}(id)"
            key = f"PRIMARY KEY ({link.owner_column}, {link.value_column})"
            yield f"CREATE TABLE {link.name} (\n    {owner},\n    {value},\n    {key}\n)"
        else:
            key = f"PRIMARY KEY ({link.owner_column}, position)"
            value = f"position INTEGER NOT NULL,\n    {link.value_column} TEXT NOT NULL"
            yield f"CREATE TABLE {link.name} (\n    {owner},\n    {value},\n    {key}\n)"


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
def ddl() -> str:
    """The database's DDL: every table, then every index."""
    tables = [META, *(s for table in layout() for s in _statements(table)), EXCERPTS]
    indexes = [s for table in layout() for s in _indexes(table)]
    return "".join(f"{s};\n" for s in [*tables, *indexes])


# --------------------------------------------------------------------------- writing


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[Sequence[Cell]]) -> None:
    rows = list(rows)
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def write(model: Model, path: Path, settings: Settings | None = None) -> None:
    """Write the model to a new SQLite database at ``path`` (which must not exist yet)."""
    try:
        db = sqlite3.connect(path)
    except sqlite3.Error as err:
        raise OutputError(f"cannot write {path}: {err}") from None
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(ddl())
        with db:
            _fill(db, model)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - the loader already checked every reference
            raise RuntimeError(f"foreign key problems in export: {problems[:3]}")
    except sqlite3.Error as err:  # a full disk, a lost file system
        raise OutputError(f"cannot write the database: {err}") from None
    finally:
        db.close()


def _held(model: Model, table: Table) -> list[tuple[Item, tuple[Cell, ...]]]:
    """A table's records, each with what its row holds before its fields: its holder's id and its position."""
    t, parent = table.record, table.parent
    if parent is None:
        return [(rec, ()) for rec in getattr(model, t.collection)]
    holders = getattr(model, parent.collection)
    return [(rec, (h.id, i)) for h in holders for i, rec in enumerate(getattr(h, t.collection))]


def _row(table: Table, rec: Item, held: tuple[Cell, ...], kinds: dict[str, str]) -> list[Cell]:
    row: list[Cell] = [rec.id, *held]
    for f in table.columns:
        value = getattr(rec, f.name)
        row.append(value)
        derived = DERIVED.get((table.record.table, f.column))
        if derived:
            row.append(PartialDate.parse(value).precision if derived == "precision" else kinds[value])
    return row


def _fill(db: sqlite3.Connection, model: Model) -> None:
    _insert(db, "policyx_meta", [("schema_version", str(model.schema_version)), ("policyx_version", __version__)])
    kinds = {rec.id: kind for kind, rec in walk(model)}
    for table in layout():
        records = _held(model, table)
        _insert(db, table.record.table, (_row(table, rec, held, kinds) for rec, held in records))
        for link in table.links:
            rows: Iterator[tuple[Cell, ...]]
            if link.target:
                rows = ((r.id, v) for r, _ in records for v in dict.fromkeys(getattr(r, link.field.name)))
            else:
                rows = ((r.id, i, v) for r, _ in records for i, v in enumerate(getattr(r, link.field.name)))
            _insert(db, link.name, rows)
    excerpts = [("quote", q.id, "text", q.text) for q in model.quotes]
    excerpts += [(kind, rec.id, "evidence", rec.evidence) for kind, rec in walk(model) if isinstance(rec, Record)]
    _insert(db, "excerpts", excerpts)
    for table_name, columns in [*FTS.items(), ("excerpts", ["text"])]:
        names = ", ".join(columns)
        db.execute(f"CREATE VIRTUAL TABLE {table_name}_fts USING fts5({names}, content=[{table_name}])")
        db.execute(f"INSERT INTO {table_name}_fts (rowid, {names}) SELECT rowid, {names} FROM {table_name}")


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
FACETS = {
    "actors": ["kind"],
    "priorities": ["emphasis", "address_id", "voice", "basis"],
    "relations": ["kind", "from_actor", "to_actor", "voice", "basis"],
    "events": ["kind", "voice", "basis"],
    "quotes": ["speaker", "voice"],
    "claims": ["voice", "basis"],
    "causes": ["cause_type", "effect_type", "voice", "basis"],
}
LABELS = {"actors": "name", "themes": "name", "sources": "title", "events": "title", "addresses": "title"}


def database_name(path: str | Path) -> str:
    """The name Datasette gives a database file: its name without the extension (``m.db``: ``m``)."""
    return Path(path).stem


@dataclass(frozen=True)
class ForDatabase:
    """A model, and the database file its Datasette metadata is for (Datasette keys metadata by name)."""

    model: Model
    database: str = DATABASE


EXCERPTS_METADATA: dict[str, object] = {
    "description": "Every quotation and evidence excerpt in the model, one row each, searchable as a whole.",
    "columns": {
        "record_type": "What kind of record the excerpt belongs to.",
        "record_id": "Id of the record the excerpt belongs to.",
        "field": "text for a quotation, evidence for a record's evidence excerpt.",
        "text": "The excerpt, verbatim.",
    },
    "fts_table": "excerpts_fts",
    "facets": ["record_type", "field"],
}


def metadata(model: Model, descriptions: dict[str, dict[str, str]], database: str = DATABASE) -> dict[str, object]:
    """Datasette metadata for the database Datasette calls ``database``: title, source, licence, and per
    table its description, column descriptions, label column, full-text search and facets. Search
    keeps Datasette's own mode, which escapes what a user types (raw FTS5 syntax fails on a
    hyphen or an apostrophe); ``?_searchmode=raw`` still asks for it."""
    article = next((s for s in model.sources if s.kind == "article"), None)
    tables: dict[str, dict[str, object]] = {}
    for table, columns in descriptions.items():
        entry: dict[str, object] = {"columns": columns}
        if table in FTS:
            entry["fts_table"] = f"{table}_fts"
        if table in FACETS:
            entry["facets"] = FACETS[table]
        if table in LABELS:
            entry["label_column"] = LABELS[table]
        tables[table] = entry
    tables["excerpts"] = EXCERPTS_METADATA
    out: dict[str, object] = {
        "title": f"policyx: {article.title}" if article else "policyx model",
        "description": "A curated foreign-policy model: priorities per address, actors, relations, events, "
        "quotes, the source's claims and the causes it gives, each record with its evidence, basis and voice.",
        "license": "MIT (the model); quotations and excerpts remain their authors'",
        "license_url": "https://opensource.org/licenses/MIT",
        "databases": {database: {"tables": tables}},
    }
    if article:
        out["source"] = ", ".join(part for part in (article.title, article.outlet, article.published) if part)
        if article.url:
            out["source_url"] = article.url
    return out


COLUMNS = {
    "name": "What the record is called.",
    "title": "What the record is called.",
    "kind": "The record's kind, from the model's vocabulary.",
    "description": "The curator's description, in their own words.",
    "summary": "The curator's summary, in their own words.",
    "text": "The quotation, verbatim.",
    "speaker": "Id of the actor whose words the quote is.",
    "occasion": "Id of the event at which the quote was said.",
    "pull_quote_of": "Id of the claim whose sentence a pull quote prints again.",
    "topic": "Stable key matching the same priority across addresses.",
    "emphasis": "overarching, major or mentioned: the curator's coding of the source's wording.",
    "year": "The year of the address.",
    "date": "The date as written: YYYY, YYYY-MM or YYYY-MM-DD.",
    "date_qualifier": "before, after or about the date, when the source gives no more.",
    "end_date": "When an event that spans time ended.",
    "after_event": "Id of an event the source places this one after.",
    "event": "Id of the event the address was given at.",
    "from_actor": "Id of the actor the relation runs from.",
    "to_actor": "Id of the actor the relation runs to.",
    "score": "-10 (war) .. 0 (neutral) .. +10 (integration): the curator's coding.",
    "mutual": "1 when the relation runs both ways.",
    "since": "When the relation began, as far as known.",
    "until": "When the relation ended, as far as known.",
    "cause": "Id of the event, relation or claim that led to the effect.",
    "effect": "Id of the priority, claim, relation or event it led to.",
    "address_id": "Id of the address the priority belongs to.",
    "position": "Order within the address (0 first).",
    "precision": "year, month or day: how much of the date the source gives.",
    "cause_type": "What kind of record the cause is.",
    "effect_type": "What kind of record the effect is.",
    "outlet": "Where the source was published.",
    "author": "Who wrote the source.",
    "affiliation": "The author's affiliation.",
    "affiliation_short": "The author's affiliation in a few words.",
    "editor": "Who edited the source.",
    "published": "When the source was published, as far as known.",
    "url": "Where the source can be read.",
}
"""What each SQL column holds; the schema's own field descriptions take precedence where it has them."""


def columns(table: Table) -> list[str]:
    """A record table's column names, in order."""
    names = ["id", *([f"{table.parent.kind}_id", "position"] if table.parent else [])]
    for f in table.columns:
        names.append(f.column)
        derived = DERIVED.get((table.record.table, f.column))
        if derived:
            names.append(derived)
    return names


def column_descriptions() -> dict[str, dict[str, str]]:
    """Each record table's column descriptions: the JSON Schema's for a field, where it has one."""
    from ..schema import MODELS

    tables = {table.record.collection: table for table in layout()}
    out: dict[str, dict[str, str]] = {}
    for table in (tables[t.collection] for t in RECORD_TYPES):
        described = dict(COLUMNS)
        fields_by_name = {f.name: f for f in fields(table.record.cls)}
        for name, info in MODELS[table.record.collection].model_fields.items():
            if info.description:
                described[fields_by_name[name].column] = info.description
        out[table.record.table] = {c: described[c] for c in columns(table) if c in described}
    return out


def write_metadata(model: Model | ForDatabase, out: IO[str], settings: Settings | None = None) -> None:
    """The Datasette metadata (metadata.json) of the database ``export --format sqlite`` writes, for the
    file name it is given (``ForDatabase``), else for ``policy.db``."""
    from .text import to_json

    target = model if isinstance(model, ForDatabase) else ForDatabase(model)
    out.write(to_json(metadata(target.model, column_descriptions(), target.database)) + "\n")
