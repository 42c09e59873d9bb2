"""The SQLite export in the clients its users open it with: Datasette (metadata for a database of any
file name, search that takes whatever words a person types, every table listed) and DuckDB (text
columns read as text). Each test skips with a reason where its client is not installed, and fails
instead in CI, whose test extra installs them."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import FIXTURE_YAML, Result

Run = Callable[..., Result]
WORDS = ['war "with', "Landia's", "neo-colonialism", '"unbalanced', "north AND", "NEAR(", "trade*", "-x"]
"""What a person may type in a search box: an apostrophe, a hyphen, a quote, FTS5's own operators."""


def needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        reason = f"{module} is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.yaml"
    text = FIXTURE_YAML.replace("Landia's neighbour and former enemy.", "Landia's neighbour, wary of neo-colonialism.")
    assert text != FIXTURE_YAML
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def database(run: Run, model: Path, tmp_path: Path) -> Path:
    path = tmp_path / "m.db"  # not policy.db: the metadata must follow the file's name
    assert run("export", str(path), "--format", "sqlite", data=model).exit_code == 0
    return path


def test_the_metadata_is_for_the_database_it_is_given(run: Run, model: Path) -> None:
    metadata = json.loads(run("export", "--format", "datasette", "--database", "out/m.db", data=model).stdout)
    assert list(metadata["databases"]) == ["m"]
    default = json.loads(run("export", "--format", "datasette", data=model).stdout)
    assert list(default["databases"]) == ["policy"]
    assert default["databases"]["policy"] == metadata["databases"]["m"]
    tables = metadata["databases"]["m"]["tables"]
    assert all("searchmode" not in table for table in tables.values())  # Datasette's escaping, not raw FTS5
    assert tables["excerpts"]["fts_table"] == "excerpts_fts"
    result = run("export", "--format", "json", "--database", "m.db", data=model)
    assert (result.exit_code, result.stderr) == (
        2,
        "policyx: Invalid value for --database: it goes with --format datasette (see 'policyx export --help')\n",
    )


def test_excerpts_is_a_table_with_its_own_index(database: Path) -> None:
    db = sqlite3.connect(database)
    kinds = dict(db.execute("SELECT name, type FROM sqlite_master WHERE name LIKE 'excerpts%'").fetchall())
    assert kinds["excerpts"] == "table"
    assert [row[2] for row in db.execute("PRAGMA table_info(excerpts)")] == ["TEXT"] * 4
    found = db.execute(
        "SELECT e.record_type, e.record_id FROM excerpts_fts JOIN excerpts e ON e.rowid = excerpts_fts.rowid "
        "WHERE excerpts_fts MATCH 'family' ORDER BY e.rowid"
    ).fetchall()
    assert found == [("quote", "q-family"), ("quote", "q-family")]
    db.close()


def test_datasette_shows_the_metadata_of_a_database_of_any_name(run: Run, model: Path, database: Path) -> None:
    needs("datasette")
    from datasette.app import Datasette

    metadata = json.loads(run("export", "--format", "datasette", "--database", str(database), data=model).stdout)

    async def fetch() -> tuple[dict[str, object], str, dict[str, object]]:
        site = Datasette([str(database)], metadata=metadata)
        faceted = await site.client.get("/m/relations.json")  # the metadata's facets, unasked
        page = await site.client.get("/m/relations")
        tables = await site.client.get("/m.json")
        return faceted.json(), page.text, tables.json()

    faceted, page, tables = asyncio.run(fetch())
    facets = faceted["facet_results"]
    assert {"kind", "from_actor", "to_actor", "voice", "basis"} <= set(facets)
    assert {f["value"] for f in facets["kind"]["results"]} == {"alignment", "pressure", "war"}
    assert "-10 (war) .. 0 (neutral) .. +10 (integration)" in page  # a column's description
    listed = {t["name"]: t for t in tables["tables"]}
    assert listed["excerpts"]["hidden"] is False  # listed with the other tables
    assert listed["excerpts_fts"]["hidden"] is True


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_datasette_search_takes_any_words_on_every_table(run: Run, model: Path, database: Path) -> None:
    needs("datasette")
    from datasette.app import Datasette

    metadata = json.loads(run("export", "--format", "datasette", "--database", str(database), data=model).stdout)
    searchable = [name for name, table in metadata["databases"]["m"]["tables"].items() if "fts_table" in table]
    assert "excerpts" in searchable and "actors" in searchable

    async def search() -> dict[tuple[str, str], tuple[int, list[str]]]:
        site = Datasette([str(database)], metadata=metadata)
        out = {}
        for table in searchable:
            for words in WORDS:
                response = await site.client.get(f"/m/{table}.json", params={"_search": words, "_shape": "array"})
                body = response.json()
                ids = [row.get("id") or row.get("record_id") for row in body] if response.status_code == 200 else []
                out[table, words] = (response.status_code, ids)
        return out

    found = asyncio.run(search())
    assert {key: status for key, (status, _) in found.items() if status != 200} == {}
    assert found["actors", "Landia's"][1] == ["rival"]
    assert found["actors", "neo-colonialism"][1] == ["rival"]
    assert "rival" in found["excerpts", 'war "with'][1]  # the evidence "war with Rivalia", unbalanced quote and all


def test_duckdb_reads_the_text_as_text(database: Path) -> None:
    needs("duckdb")
    needs("duckdb_extension_sqlite_scanner")
    import duckdb
    import duckdb_extension_sqlite_scanner

    folder = Path(duckdb_extension_sqlite_scanner.__file__).parent
    extension = next(folder.glob("extensions/*/sqlite_scanner.duckdb_extension"))
    con = duckdb.connect()
    con.execute(f"LOAD '{extension}'")  # the extension the package ships: nothing is downloaded
    con.execute(f"ATTACH '{database}' AS m (TYPE sqlite, READ_ONLY)")
    fts = {r[0] for r in sqlite3.connect(database).execute("SELECT name FROM sqlite_master WHERE name LIKE '%_fts%'")}
    columns = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_catalog = 'm'"
    ).fetchall()
    assert {(t, c) for t, c, kind in columns if kind == "BLOB" and t not in fts} == set()
    assert [kind for t, _, kind in columns if t == "excerpts"] == ["VARCHAR"] * 4
    texts = con.execute("SELECT text FROM m.excerpts WHERE record_id = 'q-family'").fetchall()
    assert texts and all(isinstance(text, str) for (text,) in texts)
