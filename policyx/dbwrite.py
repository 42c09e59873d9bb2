"""Writing a model into an SQLite database of ``dblayout``'s layout: the rows of every table.

Owns filling a database whose tables the layout's DDL made: a row per record (with its holder
and position for a nested one, and the columns the layout derives: a date's precision, the
kind of record a cause names), a row per item of each list (with its position), the actor
names that ``policyx actor NAME`` matches (folded as ``lookup.fold`` folds them), every quote
and evidence excerpt, and the full-text indexes. ``output.sqlite`` writes an export with it.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence

from .chronology import in_time_order
from .dblayout import DERIVED, FTS, Cell, Table, fts_statements, index_ddl, layout, table_ddl
from .lookup import fold
from .model import Item, Model, PartialDate, Record, walk
from .version import __version__


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[Sequence[Cell]]) -> None:
    rows = list(rows)
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _held(model: Model, table: Table) -> list[tuple[Item, tuple[Cell, ...]]]:
    """A table's records, each with what its row holds before its fields: its holder's id and its position."""
    t, parent = table.record, table.parent
    if parent is None:
        return [(rec, ()) for rec in getattr(model, t.collection)]
    holders = getattr(model, parent.collection)
    return [(rec, (h.id, i)) for h in holders for i, rec in enumerate(getattr(h, t.collection))]


def _rows(table: Table, records: list[tuple[Item, tuple[Cell, ...]]], kinds: dict[str, str]) -> Iterator[list[Cell]]:
    """A table's rows: id, what the row holds before its fields, each field's value, and after a field
    the layout derives a column from, what its value implies (a date's precision, a record's kind)."""
    values = operator.attrgetter(*(f.name for f in table.columns))
    derived = [
        (i, DERIVED[(table.record.table, f.column)])
        for i, f in enumerate(table.columns)
        if (table.record.table, f.column) in DERIVED
    ]
    for rec, held in records:
        fields = values(rec)
        row: list[Cell] = [rec.id, *held, *(fields if isinstance(fields, tuple) else (fields,))]
        for i, kind in reversed(derived):  # from the last, so that each position is still the field's
            value = fields[i] if isinstance(fields, tuple) else fields
            at = 1 + len(held) + i + 1
            row.insert(at, PartialDate.parse(value).precision if kind == "precision" else kinds[value])
        yield row


def fill(db: sqlite3.Connection, model: Model) -> None:
    """Insert every row of the model into a database the layout's DDL made."""
    _insert(db, "policyx_meta", [("schema_version", str(model.schema_version)), ("policyx_version", __version__)])
    kinds = {rec.id: kind for kind, rec in walk(model)}
    for table in layout():
        records = _held(model, table)
        _insert(db, table.record.table, _rows(table, records, kinds))
        for link in table.links:
            rows = ((r.id, i, v) for r, _ in records for i, v in enumerate(getattr(r, link.field.name)))
            _insert(db, link.name, rows)
    folded = ((name, a.id) for a in model.actors for name in dict.fromkeys(fold(n) for n in (a.id, a.name, *a.aliases)))
    _insert(db, "actor_names", folded)
    by_id = {e.id: e for e in model.events}
    _insert(db, "timeline", ((n, e.id) for n, e in enumerate(in_time_order(model.events, by_id), 1)))
    excerpts = [("quote", q.id, "text", q.text) for q in model.quotes]
    excerpts += [(kind, rec.id, "evidence", rec.evidence) for kind, rec in walk(model) if isinstance(rec, Record)]
    _insert(db, "excerpts", excerpts)
    for statement, (table_name, names) in zip(fts_statements(), [*FTS.items(), ("excerpts", ["text"])], strict=True):
        db.execute(statement)
        listed = ", ".join(names)
        db.execute(f"INSERT INTO {table_name}_fts (rowid, {listed}) SELECT rowid, {listed} FROM {table_name}")


def create(
    db: sqlite3.Connection,
    model: Model,
    *,
    meta: Sequence[tuple[str, str]] = (),
    rows: Callable[[sqlite3.Connection, Model], None] = fill,
) -> None:
    """Make the layout's tables in an empty database, fill them (``rows``: ``fill``), add these meta
    rows, then make the indexes (after the rows: quicker than keeping them up as rows come)."""
    db.executescript(table_ddl())
    with db:
        rows(db, model)
        _insert(db, "policyx_meta", meta)
    db.executescript(index_ddl())
