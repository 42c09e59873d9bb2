"""The search index of a model: each record's searchable fields as search compares their words, in an
SQLite file the cache keeps beside the model's store, and the one query that finds and ranks them there
as ``queries.search`` does over the model, in SQL.

Owns the index's layout (a row a record, numbered in the order of its type and id, as search orders
hits of one score: its type, id, name, voice, basis, and in ``SLOTS`` columns each field search
looks in, its words and its text), writing it from a loaded model (``keep``),
opening it with the checks a store gets (``open_index``: its exact schema, the cache's seal,
read-only, an authorizer), and the search (``hits``): the same hits, scores and order as
``queries.search``, best first, a chunk at a time.

How the SQL ranks exactly as Python does: a field's score is (words found / words searched + 1 for
the phrase) x the field's weight, a float of a few possible values for a search. Python lists them
all, sorted, and the query is handed two strings of characters that map a field's (words found,
phrase, weight) to the rank of its score, and that rank to the rank of the score rounded to two
places, which orders the hits. A record's best field is the one of the highest rank, the first on a
tie, as Python's strict ``>`` keeps it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cache
from .dbread import damaged, read_only
from .loader import store_key
from .lookup import Index
from .model import walk
from .queries.search import FIELD_WEIGHT, UNSEARCHED, Found, name_of, record_voice, search_words, terms_of, text_fields
from .spec import fields
from .version import __version__

PART = "search"
"""The cache's name for this file (``search-KEY.db``)."""
SLOTS = 16
"""The fields of one record the index has room for: more than any record type has to search."""
WEIGHTS = (1.0, 1.5, 2.0, 3.0)
"""Each weight a field may have (``FIELD_WEIGHT``), by its code in the index (two bits a field)."""
CHUNK = 500
"""Hits read from the index at a time."""
LAYOUT = "2"
"""The version of what the index's rows mean (2: records numbered in the order of their type and id),
kept in it: an index of another is not used."""
RULES = ("queries/search.py", "searchdb.py", "lookup.py", "chains.py")
"""The code whose rules the index's rows follow (how words are folded and spelt, fields weighed, records
named): an index written by other code (a checkout edited since) is not used."""


@functools.cache
def rules() -> str:
    """A digest of the search's rules as this policyx has them: its code (``RULES``), and the version of
    Python's Unicode tables, by which words are folded."""
    digest = hashlib.blake2b(unicodedata.unidata_version.encode(), digest_size=16)
    here = Path(__file__).parent
    for name in RULES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:  # an install without its sources: its version says its rules
            digest.update(__version__.encode())
    return digest.hexdigest()


_COLUMNS = ", ".join([*(f"words_{i} TEXT" for i in range(SLOTS)), *(f"text_{i} TEXT" for i in range(SLOTS))])
DDL = (
    "CREATE TABLE search_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);\n"
    "CREATE TABLE search_slots (kind TEXT NOT NULL, slot INTEGER NOT NULL, name TEXT NOT NULL, "
    "PRIMARY KEY (kind, slot));\n"
    "CREATE TABLE search_records (rec INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, "
    f"name TEXT NOT NULL, voice TEXT, basis TEXT, pulled TEXT, weights INTEGER NOT NULL, {_COLUMNS});\n"
)
"""The index's tables: its seal and facts, each record type's searched fields by slot, and the records."""
TABLES = frozenset({"search_meta", "search_slots", "search_records"})
FUNCTIONS = frozenset({"instr", "unicode", "substr", "max", "count", "coalesce"})
"""The SQL functions the search's query calls: the only ones a statement on the index may."""


def slots_of(cls: type) -> list[str]:
    """The fields of a record type search may look in, in declaration order: a record's slots."""
    return [f.name for f in fields(cls) if f.name not in UNSEARCHED and f.base is str]


def fill(db: sqlite3.Connection, index: Index, seal: str) -> None:
    """Write the index of a model into an empty database, sealed."""
    db.executescript(DDL)
    places: dict[str, dict[str, int]] = {}
    voices: set[str | None] = set()
    unstated = False

    def rows() -> Iterator[tuple[object, ...]]:
        nonlocal unstated
        ordered = sorted(walk(index.model), key=lambda found: (found[0], found[1].id))  # ties: the model's order
        for rec_no, (kind, rec) in enumerate(ordered, start=1):  # numbered in search's order of a tie
            slot = places.get(kind)
            if slot is None:
                names = slots_of(type(rec))
                if len(names) > SLOTS:
                    raise ValueError(f"a {kind} has {len(names)} fields to search, more than {SLOTS}")
                slot = places[kind] = {name: n for n, name in enumerate(names)}
            words: list[str | None] = [None] * SLOTS
            texts: list[str | None] = [None] * SLOTS
            weights = 0
            for name, value in text_fields(rec):
                n = slot[name]
                words[n] = " " + " ".join(search_words(value))
                texts[n] = value
                weights |= WEIGHTS.index(FIELD_WEIGHT.get(name, 1.0)) << (2 * n)
            voice, basis, pulled = record_voice(rec)
            voices.add(voice)
            unstated = unstated or basis not in (None, "stated")
            name = name_of(index, kind, rec)
            yield (rec_no, kind, rec.id, name, voice, basis, pulled, weights, *words, *texts)

    marks = ", ".join("?" * (8 + 2 * SLOTS))
    with db:
        db.executemany(f"INSERT INTO search_records VALUES ({marks})", rows())
        slots = [(kind, n, name) for kind, names in places.items() for name, n in names.items()]
        db.executemany("INSERT INTO search_slots VALUES (?, ?, ?)", slots)
        facts = [("seal", seal), ("layout", LAYOUT), ("rules", rules()), ("voices", str(min(len(voices), 2)))]
        facts.append(("unstated", str(int(unstated))))
        db.executemany("INSERT INTO search_meta VALUES (?, ?)", facts)


def keep(data: str | os.PathLike[str] | None, index: Index) -> bool:
    """Make the search index of the model just loaded from ``data``, for the next search, unless there is
    one; False when there is none to be had (no cache, a stream, a file just edited, a small model)."""
    key = store_key(data)
    if key is None:
        return False
    if cache.store(key, PART) is not None:
        return True

    def write(path: Path, seal: str) -> None:
        db = sqlite3.connect(path)
        try:  # no journal, no syncing: a temporary file, put in place only once whole (cache.write_store)
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            fill(db, index, seal)
        except sqlite3.Error as err:  # a full disk
            raise OSError(str(err)) from None
        finally:
            db.close()

    return cache.write_store(key, write, PART)


def _schema_of(db: sqlite3.Connection) -> dict[str, tuple[str, str | None]]:
    return {name: (kind, sql) for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master")}


@functools.cache
def _schema() -> dict[str, tuple[str, str | None]]:
    """The schema SQLite builds from the index's DDL: what an index must have, to the letter."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(DDL)
        return _schema_of(db)
    finally:
        db.close()


def _authorize(action: int, arg1: str | None, arg2: str | None, database: str | None, inner: str | None) -> int:
    """Let a statement read the index's own tables and call the search's functions, and do nothing else."""
    if inner is not None and inner != "scored":  # the query's own WITH; the checked schema has no view or trigger
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_SELECT:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_READ and database == "main" and arg1 in TABLES:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and arg2 in FUNCTIONS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


@dataclass
class Opened:
    """A search index opened for reading, and the content key it is the index of."""

    key: str
    db: sqlite3.Connection


def open_index(data: str | os.PathLike[str] | None) -> Opened | None:
    """The search index of the model at ``data``, opened read-only, when the cache has one for exactly
    the content there whose schema is the index's and which carries the cache's seal for it; None when
    not (one there that is not such is removed)."""
    key = store_key(data)
    located = cache.store(key, PART) if key is not None else None
    if key is None or located is None:
        return None
    path, seal = located
    db = read_only(path)
    if db is None:
        cache.drop_store(key, PART)
        return None
    try:
        if _schema_of(db) == _schema():
            db.set_authorizer(_authorize)
            row = db.execute("SELECT value FROM search_meta WHERE key = 'seal'").fetchone()
            made = dict(db.execute("SELECT key, value FROM search_meta WHERE key IN ('layout', 'rules')").fetchall())
            sealed = row is not None and isinstance(row[0], str) and hmac.compare_digest(row[0], seal)
            if sealed and made == {"layout": LAYOUT, "rules": rules()}:
                return Opened(key, db)
    except sqlite3.Error:
        pass
    db.close()
    cache.drop_store(key, PART)
    return None


def _levels(n: int) -> tuple[list[float], str, str]:
    """For a search of ``n`` distinct words: every score a field may have, in rising order; the string
    whose character at (found x 2 + phrase) x 4 + weight code (from 1) is the rank of that field's score
    (from 1; found at least 1); and the string whose character at a rank (from 1) is the rank of that
    score rounded."""
    code = {}
    for found in range(n + 1):
        for phrase in (0, 1):
            for w, weight in enumerate(WEIGHTS):
                code[(found * 2 + phrase) * 4 + w] = (found / n + phrase) * weight  # as queries.search reckons
    raw = sorted({score for c, score in code.items() if c >= 8})  # found 0 (codes below 8): no score
    rounded = sorted({round(r, 2) for r in raw})
    by_code = "".join(chr(1 + raw.index(code[c])) if c >= 8 else chr(1) for c in range(len(code)))
    by_rank = "".join(chr(1 + rounded.index(round(r, 2))) for r in raw)
    return raw, by_code, by_rank


def _field_key(slot: int, terms: int) -> str:
    """SQL for a record's field at a slot: its score's rank x SLOTS + (SLOTS - 1 - slot), which is the
    higher the better the field and, on a tie, the earlier; -1 if it has no word searched for (or no text).
    (Counting the words found twice, in the test and in the rank, is quicker than any one count tried.)"""
    words = f"words_{slot}"
    found = " + ".join(f"(instr({words}, ?{2 + t}) > 0)" for t in range(terms))
    level = f"(({found}) * 2 + (instr({words}, ?1) > 0)) * 4 + ((weights >> {2 * slot}) & 3) + 1"
    rank = f"(unicode(substr(?{2 + terms}, {level}, 1)) - 1)"
    key = f"{rank} * {SLOTS} + {SLOTS - 1 - slot}"
    return f"CASE WHEN {words} IS NULL THEN -1 WHEN ({found}) > 0 THEN {key} ELSE -1 END"


def hits(opened: Opened, text: str, limit: int | None = None) -> tuple[bool, bool, Iterator[list[Found]]]:
    """The records a search finds, as ``queries.search`` finds them, best first, ``CHUNK`` at a time (the
    best ``limit`` of them, if given, in one chunk); before them, whether they state more than one view
    and whether any is not stated outright.

    A fault of the index before the first chunk is an sqlite3.Error; after it, a ``StoreDamaged``."""
    db = opened.db
    distinct, phrase = terms_of(text)
    raw, by_code, by_rank = _levels(len(distinct))
    best = f"max({', '.join(_field_key(s, len(distinct)) for s in range(SLOTS))})"
    params: list[object] = [phrase, *(" " + t for t in distinct), by_code, by_rank]
    texts = " ".join(f"WHEN {s} THEN text_{s}" for s in range(SLOTS))
    scored = f"SELECT rec, {best} AS best FROM search_records"
    order = f"unicode(substr(?{3 + len(distinct)}, (best / {SLOTS}) + 1, 1)) DESC, rec"  # rec: kind, then id
    query = (
        f"WITH scored AS MATERIALIZED ({scored}) "
        f"SELECT kind, id, name, voice, basis, pulled, best, CASE {SLOTS - 1} - best % {SLOTS} {texts} END "
        f"FROM scored JOIN search_records USING (rec) WHERE best >= 0 ORDER BY {order}"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    facts = dict(db.execute("SELECT key, value FROM search_meta WHERE key IN ('voices', 'unstated')").fetchall())
    several, unstated = facts.get("voices") == "2", facts.get("unstated") == "1"
    names = {(kind, slot): name for kind, slot, name in db.execute("SELECT kind, slot, name FROM search_slots")}
    if limit is not None:  # the few hits shown: what their columns say is read off them
        try:
            shown = _made(lambda: _found(db.execute(query, params).fetchall(), names, raw))
        finally:
            db.close()
        several = len({hit.voice for hit in shown}) > 1
        unstated = any(hit.basis not in (None, "stated") for hit in shown)
        return several, unstated, iter([shown] if shown else [])
    if several or unstated:  # the model's records may: whether the hits do is read off the hits
        counted = (
            f"WITH scored AS MATERIALIZED ({scored}) SELECT count(DISTINCT voice) + (count(*) > count(voice)), "
            "max(coalesce(basis, 'stated') <> 'stated') "
            "FROM scored JOIN search_records USING (rec) WHERE best >= 0"
        )
        voices, any_unstated = db.execute(counted, params[:-1]).fetchone()
        several, unstated = (voices or 0) > 1, bool(any_unstated)
    rows = db.execute(query, params)
    first = _made(lambda: _found(rows.fetchmany(CHUNK), names, raw))  # a fault here: the model answers

    def chunks() -> Iterator[list[Found]]:
        chunk = first
        try:
            while chunk:
                yield chunk
                chunk = _made(lambda: _found(rows.fetchmany(CHUNK), names, raw))
        except sqlite3.Error as err:
            cache.drop_store(opened.key, PART)
            raise damaged(err) from None
        finally:
            db.close()

    return several, unstated, chunks()


def _made(make: Callable[[], list[Found]]) -> list[Found]:
    """Hits made of rows of the index, a row it could not have written (a kind of record it has no fields
    for, a key beyond its scores, a value of another type) an sqlite3.DatabaseError, as SQLite's own
    faults are: a damaged index."""
    try:
        return make()
    except (LookupError, TypeError, ValueError) as err:
        raise sqlite3.DatabaseError(f"a row the search index could not have written ({err!r})") from None


def _found(rows: list[tuple[Any, ...]], names: dict[tuple[str, int], str], raw: list[float]) -> list[Found]:
    """The hits of rows of the search's query, each with its field's name and its score rounded."""
    scores = [round(r, 2) for r in raw]
    field = {(kind, SLOTS - 1 - slot): name for (kind, slot), name in names.items()}  # by the key's remainder
    return [
        Found(kind, rid, field[kind, key % SLOTS], scores[key // SLOTS], value, name, voice, basis, pulled)
        for kind, rid, name, voice, basis, pulled, key, value in rows
    ]
