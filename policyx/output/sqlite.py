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

The tables are not written out here: ``dblayout`` builds them from the record declarations,
the same layout ``dbread`` reads back when ``--data`` names such a database.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..dblayout import FTS, columns, ddl, layout
from ..dbwrite import create
from ..dbwrite import fill as _fill  # a module global, looked up at each write (tests replace it)
from ..errors import OutputError
from ..model import RECORD_TYPES, Model
from ..spec import fields

if TYPE_CHECKING:
    from . import Settings

__all__ = ["FTS", "columns", "ddl", "layout", "write"]
DATABASE = "policy"
"""The name Datasette gives the database when no other is said: that of ``policy.db``."""
# --------------------------------------------------------------------------- writing


def write(model: Model, path: Path, settings: Settings | None = None) -> None:
    """Write the model to a new SQLite database at ``path`` (which must not exist yet)."""
    try:
        db = sqlite3.connect(path)
    except sqlite3.Error as err:
        raise OutputError(f"cannot write {path}: {err}") from None
    try:
        db.execute("PRAGMA foreign_keys = ON")
        create(db, model, rows=_fill)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - the loader already checked every reference
            raise RuntimeError(f"foreign key problems in export: {problems[:3]}")
    except sqlite3.Error as err:  # a full disk, a lost file system
        raise OutputError(f"cannot write the database: {err}") from None
    finally:
        db.close()


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
    for table, described in descriptions.items():
        entry: dict[str, object] = {"columns": described}
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
