"""Export to SQLite: one table per collection, link tables, foreign keys, indexes, full-text search,
and the Datasette metadata that describes it all.

Owns the database layout (documented in the README) so that ``sqlite3``, sqlite-utils and
Datasette open the file as it is: every record table keyed by its model id, lists as link
tables with foreign keys, an index on every foreign key, a ``<table>_fts`` FTS5 index over
each record table's text in sqlite-utils' and Datasette's convention (``content=[table]``,
so ``?_search=`` and ``sqlite-utils search`` work), and ``excerpts``, one FTS5 index over
every quote and evidence excerpt. ``metadata`` is the Datasette metadata of that layout.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError
from ..model import PROVENANCE as PROVENANCE_FIELDS
from ..model import Model, PartialDate, Record, walk
from ..version import __version__

VOICE = """
    voice TEXT REFERENCES actors(id),"""
PROVENANCE = """
    source TEXT NOT NULL REFERENCES sources(id),
    evidence TEXT NOT NULL,
    basis TEXT NOT NULL CHECK (basis IN ('stated', 'context', 'inferred')),
    reference TEXT REFERENCES sources(id),
    note TEXT"""

SCHEMA = f"""
CREATE TABLE policyx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, outlet TEXT, author TEXT,
    affiliation TEXT, editor TEXT, published TEXT, url TEXT, note TEXT);
CREATE TABLE themes (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL,{PROVENANCE});
CREATE TABLE actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL,{PROVENANCE});
CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id), position INTEGER NOT NULL, alias TEXT NOT NULL,
    PRIMARY KEY (actor_id, position));
CREATE TABLE events (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL, precision TEXT NOT NULL,
    date_qualifier TEXT, end_date TEXT, after_event TEXT REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED,
    summary TEXT NOT NULL,
    {VOICE.strip()}{PROVENANCE});
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id), actor_id TEXT NOT NULL REFERENCES actors(id),
    PRIMARY KEY (event_id, actor_id));
CREATE TABLE event_themes (
    event_id TEXT NOT NULL REFERENCES events(id), theme_id TEXT NOT NULL REFERENCES themes(id),
    PRIMARY KEY (event_id, theme_id));
CREATE TABLE addresses (
    id TEXT PRIMARY KEY, year INTEGER NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL,
    speaker TEXT NOT NULL REFERENCES actors(id), event TEXT REFERENCES events(id), summary TEXT NOT NULL,{PROVENANCE});
CREATE TABLE priorities (
    id TEXT PRIMARY KEY, address_id TEXT NOT NULL REFERENCES addresses(id), position INTEGER NOT NULL,
    topic TEXT NOT NULL, title TEXT NOT NULL,
    emphasis TEXT NOT NULL CHECK (emphasis IN ('overarching', 'major', 'mentioned')), summary TEXT,
    example_of TEXT REFERENCES priorities(id) DEFERRABLE INITIALLY DEFERRED,{VOICE}{PROVENANCE});
CREATE TABLE priority_themes (
    priority_id TEXT NOT NULL REFERENCES priorities(id), theme_id TEXT NOT NULL REFERENCES themes(id),
    PRIMARY KEY (priority_id, theme_id));
CREATE TABLE priority_actors (
    priority_id TEXT NOT NULL REFERENCES priorities(id), actor_id TEXT NOT NULL REFERENCES actors(id),
    PRIMARY KEY (priority_id, actor_id));
CREATE TABLE relations (
    id TEXT PRIMARY KEY, from_actor TEXT NOT NULL REFERENCES actors(id), to_actor TEXT NOT NULL REFERENCES actors(id),
    kind TEXT NOT NULL, score INTEGER NOT NULL CHECK (score BETWEEN -10 AND 10), mutual INTEGER NOT NULL,
    since TEXT, until TEXT, summary TEXT NOT NULL,{VOICE}{PROVENANCE});
CREATE TABLE quotes (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, speaker TEXT NOT NULL REFERENCES actors(id),
    occasion TEXT REFERENCES events(id), date TEXT,{VOICE}{PROVENANCE});
CREATE TABLE quote_themes (
    quote_id TEXT NOT NULL REFERENCES quotes(id), theme_id TEXT NOT NULL REFERENCES themes(id),
    PRIMARY KEY (quote_id, theme_id));
CREATE TABLE claims (
    id TEXT PRIMARY KEY, summary TEXT NOT NULL,
    addresses_basis TEXT CHECK (addresses_basis IN ('stated', 'inferred')),{VOICE}{PROVENANCE});
CREATE TABLE claim_actors (
    claim_id TEXT NOT NULL REFERENCES claims(id), actor_id TEXT NOT NULL REFERENCES actors(id),
    PRIMARY KEY (claim_id, actor_id));
CREATE TABLE claim_themes (
    claim_id TEXT NOT NULL REFERENCES claims(id), theme_id TEXT NOT NULL REFERENCES themes(id),
    PRIMARY KEY (claim_id, theme_id));
CREATE TABLE claim_addresses (
    claim_id TEXT NOT NULL REFERENCES claims(id), address_id TEXT NOT NULL REFERENCES addresses(id),
    PRIMARY KEY (claim_id, address_id));
CREATE TABLE causes (
    id TEXT PRIMARY KEY, cause TEXT NOT NULL, cause_type TEXT NOT NULL, effect TEXT NOT NULL,
    effect_type TEXT NOT NULL, summary TEXT NOT NULL,{VOICE}{PROVENANCE});
CREATE VIRTUAL TABLE excerpts USING fts5(record_type UNINDEXED, record_id UNINDEXED, field UNINDEXED, text);
CREATE INDEX actor_aliases_alias ON actor_aliases(alias);
CREATE INDEX event_actors_actor ON event_actors(actor_id);
CREATE INDEX event_themes_theme ON event_themes(theme_id);
CREATE INDEX addresses_speaker ON addresses(speaker);
CREATE INDEX addresses_event ON addresses(event);
CREATE INDEX priorities_address ON priorities(address_id);
CREATE INDEX priority_themes_theme ON priority_themes(theme_id);
CREATE INDEX priority_actors_actor ON priority_actors(actor_id);
CREATE INDEX relations_from ON relations(from_actor);
CREATE INDEX relations_to ON relations(to_actor);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX quotes_occasion ON quotes(occasion);
CREATE INDEX quote_themes_theme ON quote_themes(theme_id);
CREATE INDEX claim_actors_actor ON claim_actors(actor_id);
CREATE INDEX claim_themes_theme ON claim_themes(theme_id);
CREATE INDEX claim_addresses_address ON claim_addresses(address_id);
CREATE INDEX causes_cause ON causes(cause);
CREATE INDEX causes_effect ON causes(effect);
CREATE INDEX events_after ON events(after_event);
"""
for _table in ("themes", "actors", "events", "addresses", "priorities", "relations", "quotes", "claims", "causes"):
    SCHEMA += f"CREATE INDEX {_table}_source ON {_table}(source);\n"
for _table in ("priorities", "relations", "events", "quotes", "claims", "causes"):
    SCHEMA += f"CREATE INDEX {_table}_voice ON {_table}(voice);\n"


_COLUMN_ORDER = ("source", "evidence", "basis", "reference", "note")
assert set(_COLUMN_ORDER) == set(PROVENANCE_FIELDS)


def _prov(rec: Record) -> tuple[Any, ...]:
    return tuple(getattr(rec, name) for name in _COLUMN_ORDER)


def _voiced(rec: Record) -> tuple[Any, ...]:
    return (getattr(rec, "voice", None), *_prov(rec))


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
    rows = list(rows)
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def write(model: Model, path: Path, settings: Any = None) -> None:
    """Write the model to a new SQLite database at ``path`` (which must not exist yet)."""
    try:
        db = sqlite3.connect(path)
    except sqlite3.Error as err:
        raise OutputError(f"cannot write {path}: {err}") from None
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        with db:
            _fill(db, model)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - the loader already checked every reference
            raise RuntimeError(f"foreign key problems in export: {problems[:3]}")
    except sqlite3.Error as err:  # a full disk, a lost file system
        raise OutputError(f"cannot write the database: {err}") from None
    finally:
        db.close()


def _fill(db: sqlite3.Connection, model: Model) -> None:
    _insert(db, "policyx_meta", [("schema_version", str(model.schema_version)), ("policyx_version", __version__)])
    _insert(
        db,
        "sources",
        (
            (s.id, s.kind, s.title, s.outlet, s.author, s.affiliation, s.editor, s.published, s.url, s.note)
            for s in model.sources
        ),
    )
    _insert(db, "themes", ((t.id, t.name, t.description, *_prov(t)) for t in model.themes))
    _insert(db, "actors", ((a.id, a.name, a.kind, a.description, *_prov(a)) for a in model.actors))
    _insert(db, "actor_aliases", ((a.id, i, alias) for a in model.actors for i, alias in enumerate(a.aliases)))
    _insert(
        db,
        "events",
        (
            (
                e.id,
                e.title,
                e.kind,
                e.date,
                PartialDate.parse(e.date).precision,
                e.date_qualifier,
                e.end,
                e.after,
                e.summary,
                *_voiced(e),
            )
            for e in model.events
        ),
    )
    _insert(db, "event_actors", ((e.id, a) for e in model.events for a in dict.fromkeys(e.actors)))
    _insert(db, "event_themes", ((e.id, t) for e in model.events for t in dict.fromkeys(e.themes)))
    _insert(
        db,
        "addresses",
        ((a.id, a.year, a.date, a.title, a.speaker, a.event, a.summary, *_prov(a)) for a in model.addresses),
    )
    priorities = [(a, i, p) for a in model.addresses for i, p in enumerate(a.priorities)]
    _insert(
        db,
        "priorities",
        ((p.id, a.id, i, p.topic, p.title, p.emphasis, p.summary, p.example_of, *_voiced(p)) for a, i, p in priorities),
    )
    _insert(db, "priority_themes", ((p.id, t) for _, _, p in priorities for t in dict.fromkeys(p.themes)))
    _insert(db, "priority_actors", ((p.id, x) for _, _, p in priorities for x in dict.fromkeys(p.actors)))
    _insert(
        db,
        "relations",
        (
            (r.id, r.from_, r.to, r.kind, r.score, int(r.mutual), r.since, r.until, r.summary, *_voiced(r))
            for r in model.relations
        ),
    )
    _insert(db, "quotes", ((q.id, q.text, q.speaker, q.occasion, q.date, *_voiced(q)) for q in model.quotes))
    _insert(db, "quote_themes", ((q.id, t) for q in model.quotes for t in dict.fromkeys(q.themes)))
    _insert(db, "claims", ((c.id, c.summary, c.addresses_basis, *_voiced(c)) for c in model.claims))
    _insert(db, "claim_actors", ((c.id, x) for c in model.claims for x in dict.fromkeys(c.actors)))
    _insert(db, "claim_themes", ((c.id, t) for c in model.claims for t in dict.fromkeys(c.themes)))
    _insert(db, "claim_addresses", ((c.id, x) for c in model.claims for x in dict.fromkeys(c.addresses)))
    kinds = {rec.id: kind for kind, rec in walk(model)}
    _insert(
        db,
        "causes",
        ((c.id, c.cause, kinds[c.cause], c.effect, kinds[c.effect], c.summary, *_voiced(c)) for c in model.causes),
    )
    excerpts = [("quote", q.id, "text", q.text) for q in model.quotes]
    excerpts += [(kind, rec.id, "evidence", rec.evidence) for kind, rec in walk(model) if isinstance(rec, Record)]
    _insert(db, "excerpts", excerpts)
    for table, columns in FTS.items():
        names = ", ".join(columns)
        db.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5({names}, content=[{table}])")
        db.execute(f"INSERT INTO {table}_fts (rowid, {names}) SELECT rowid, {names} FROM {table}")


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


def metadata(model: Model, descriptions: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Datasette metadata for the database: title, source, licence, and per table its description,
    column descriptions, label column, full-text search and facets."""
    article = next((s for s in model.sources if s.kind == "article"), None)
    tables: dict[str, Any] = {}
    for table, columns in descriptions.items():
        entry: dict[str, Any] = {"columns": columns}
        if table in FTS:
            entry["fts_table"] = f"{table}_fts"
            entry["searchmode"] = "raw"
        if table in FACETS:
            entry["facets"] = FACETS[table]
        if table in LABELS:
            entry["label_column"] = LABELS[table]
        tables[table] = entry
    out: dict[str, Any] = {
        "title": f"policyx: {article.title}" if article else "policyx model",
        "description": "A curated foreign-policy model: priorities per address, actors, relations, events, "
        "quotes, the source's claims and the causes it gives, each record with its evidence, basis and voice.",
        "license": "MIT (the model); quotations and excerpts remain their authors'",
        "license_url": "https://opensource.org/licenses/MIT",
        "databases": {"policy": {"tables": tables}},
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
    "editor": "Who edited the source.",
    "published": "When the source was published, as far as known.",
    "url": "Where the source can be read.",
}
"""What each SQL column holds; the schema's own field descriptions take precedence where it has them."""
SQL_NAMES = {"from_": "from_actor", "end": "end_date", "after": "after_event"}


@functools.cache
def _columns() -> dict[str, list[str]]:
    """Each table's columns, as SQLite reads the DDL above."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA)
        return {table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")] for table in FTS}
    finally:
        db.close()


def column_descriptions() -> dict[str, dict[str, str]]:
    """Each record table's column descriptions."""
    from ..schema import COLLECTION_TYPES, Priority

    classes: dict[str, Any] = {**COLLECTION_TYPES, "priorities": Priority}
    out: dict[str, dict[str, str]] = {}
    for table, columns in _columns().items():
        described = dict(COLUMNS)
        for name, info in classes[table].model_fields.items():
            if info.description:
                described[SQL_NAMES.get(name, "to_actor" if (name, table) == ("to", "relations") else name)] = (
                    info.description
                )
        out[table] = {c: described[c] for c in columns if c in described}
    return out


def write_metadata(model: Model, out: IO[str], settings: Any) -> None:
    """The Datasette metadata (metadata.json) of the database ``export --format sqlite`` writes."""
    from .text import to_json

    out.write(to_json(metadata(model, column_descriptions())) + "\n")
