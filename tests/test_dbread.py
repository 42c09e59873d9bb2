"""A database ``export --format sqlite`` wrote, given as ``--data``: the same model, so the same answer to
every command (proved here on the fixtures and on generated models), read without touching the file,
and any other database (damaged, foreign, crafted, of another layout, with rows a model forbids) refused
with one line that names it, exit 3, never a traceback and never a different answer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.synth import generate
from policyx import dbread
from policyx.errors import DataError
from policyx.loader import load
from policyx.model import walk

from .conftest import FIXTURE_V2_YAML, FIXTURE_YAML, Result

Run = Callable[..., Result]


def _export(run: Run, model: Path, target: Path) -> Path:
    result = run("export", "--format", "sqlite", str(target), data=model)
    assert (result.exit_code, result.stderr) == (0, f"wrote {target}\n")
    return target


@pytest.fixture(params=["v1", "v2"])
def pair(request: pytest.FixtureRequest, tmp_path: Path, run: Run) -> tuple[Path, Path]:
    """A fixture model as YAML, and the database exported from it."""
    model = tmp_path / "model.yaml"
    model.write_text(FIXTURE_YAML if request.param == "v1" else FIXTURE_V2_YAML, encoding="utf-8")
    return model, _export(run, model, tmp_path / "model.db")


COMMANDS = [
    ["priorities"],
    ["priorities", "--format", "json"],
    ["compare", "2018", "2024"],
    ["compare", "2018", "2024", "--format", "json"],
    ["brief"],
    ["brief", "--format", "json"],
    ["why", "bloc"],
    ["actor", "land"],
    ["actor", "bloc", "--format", "json"],
    ["actors"],
    ["themes", "--format", "csv"],
    ["relations", "--format", "tsv"],
    ["relations", "--actor", "land"],
    ["timeline"],
    ["quotes", "--format", "json"],
    ["search", "unity"],
    ["graph"],
    ["cite", "--all", "--format", "bibtex"],
    ["export", "--format", "json"],
    ["export", "--format", "yaml"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_command_answers_the_same_from_the_database(run: Run, pair: tuple[Path, Path], args: list[str]) -> None:
    model, database = pair
    from_yaml, from_database = run(*args, data=model), run(*args, data=database)
    assert (from_database.exit_code, from_database.stderr) == (from_yaml.exit_code, from_yaml.stderr)
    assert from_database.stdout == from_yaml.stdout
    assert from_yaml.exit_code == 0, from_yaml.stderr


@pytest.mark.parametrize(("records", "seed"), [(200, 1), (600, 2), (1500, 3)])
def test_a_generated_model_read_back_from_its_database_is_the_same_model(
    run: Run, tmp_path: Path, records: int, seed: int
) -> None:
    model = tmp_path / "synth.yaml"
    model.write_text(generate(records, seed), encoding="utf-8")
    database = _export(run, model, tmp_path / "synth.db")
    original, read_back = load(model, use_cache=False), load(database, use_cache=False)
    assert read_back == original  # every record, every field, in the same order: every query the same
    assert [rec.id for _, rec in walk(read_back)] == [rec.id for _, rec in walk(original)]
    for args in (["actor", "a5", "--format", "json"], ["search", "corridor summit"], ["timeline", "--format", "csv"]):
        assert run(*args, data=database).stdout == run(*args, data=model).stdout


def test_the_fixture_models_read_back_equal(pair: tuple[Path, Path]) -> None:
    model, database = pair
    assert load(database, use_cache=False) == load(model, use_cache=False)


def test_diff_finds_nothing_between_a_model_and_its_database(run: Run, pair: tuple[Path, Path]) -> None:
    model, database = pair
    result = run("diff", str(model), str(database), data=model)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{model} → {database}: no changes\n", "")


def test_validate_counts_a_database(run: Run, pair: tuple[Path, Path]) -> None:
    model, database = pair
    assert run("validate", data=database).stdout == run("validate", data=model).stdout.replace(
        str(model), str(database)
    )


def test_reading_a_database_writes_nothing_beside_it_and_leaves_it_as_it_was(run: Run, pair: tuple[Path, Path]) -> None:
    _model, database = pair
    before, stamp = database.read_bytes(), database.stat().st_mtime_ns
    listing = sorted(p.name for p in database.parent.iterdir())
    assert run("--no-cache", "actors", data=database).exit_code == 0
    assert run("actors", data=database).exit_code == 0  # and through the cache
    assert (database.read_bytes(), database.stat().st_mtime_ns) == (before, stamp)
    assert sorted(p.name for p in database.parent.iterdir()) == listing  # no -journal, -wal or -shm


def test_a_database_comes_through_standard_input(pair: tuple[Path, Path], tmp_path: Path) -> None:
    model, database = pair
    env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "cache")}
    with database.open("rb") as stdin:
        piped = subprocess.run(
            [sys.executable, "-m", "policyx", "--data", "-", "actors"], stdin=stdin, capture_output=True, env=env
        )
    direct = subprocess.run([sys.executable, "-m", "policyx", "--data", str(model), "actors"], capture_output=True)
    assert (piped.returncode, piped.stderr, piped.stdout) == (0, b"", direct.stdout)


def test_an_edited_database_is_read_again_not_answered_from_the_cache(run: Run, pair: tuple[Path, Path]) -> None:
    _model, database = pair
    assert "Landia" in run("actors", data=database).stdout
    with sqlite3.connect(database) as db:
        db.execute("UPDATE actors SET name = 'Northland' WHERE id = 'land'")
    db.close()
    shown = run("actors", data=database).stdout
    assert "Northland" in shown and "Landia\t" not in shown


# --------------------------------------------------------------------------- what is refused


def _refused(run: Run, database: Path) -> str:
    result = run("actors", data=database)
    assert (result.exit_code, result.stdout) == (3, "")
    assert "Traceback" not in result.stderr
    return result.stderr


def _altered(database: Path, *statements: str) -> Path:
    db = sqlite3.connect(database)
    db.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return database


def test_a_damaged_database_is_refused(run: Run, pair: tuple[Path, Path]) -> None:
    _, database = pair
    database.write_bytes(database.read_bytes()[:3000])
    assert _refused(run, database) == (
        f"{database}: not a readable SQLite database (database disk image is malformed) (from --data)\n"
    )


def test_a_database_of_another_program_is_refused(run: Run, tmp_path: Path) -> None:
    database = tmp_path / "other.db"
    _altered(database, "CREATE TABLE notes (body TEXT)")
    assert _refused(run, database) == (
        f"{database}: not a database policyx wrote: it has a table 'notes', which policyx does not write "
        "(from --data)\n"
    )


@pytest.mark.parametrize(
    ("statements", "said"),
    [
        (
            ["CREATE TRIGGER t AFTER INSERT ON actors BEGIN DELETE FROM actors; END"],
            "it has a trigger 't', which policyx does not write",
        ),
        (["CREATE VIEW v AS SELECT 1"], "it has a view 'v', which policyx does not write"),
        (
            ["ALTER TABLE actors RENAME TO old_actors", "CREATE VIEW actors AS SELECT * FROM old_actors"],
            "its table 'actor_aliases' is not defined as policyx defines it",  # SQLite renamed its reference
        ),
        (["DROP TABLE excerpts_fts"], "it has no table 'excerpts_fts'"),
        (["CREATE INDEX extra ON actors(name)"], "it has a index 'extra', which policyx does not write"),
        (["ALTER TABLE actors ADD COLUMN secret TEXT"], "its table 'actors' is not defined as policyx defines it"),
    ],
)
def test_a_crafted_database_is_refused_before_any_of_its_sql_runs(
    run: Run, pair: tuple[Path, Path], statements: list[str], said: str
) -> None:
    _, database = pair
    _altered(database, *statements)
    assert _refused(run, database) == f"{database}: not a database policyx wrote: {said} (from --data)\n"


def test_statistics_from_analyze_change_nothing(run: Run, pair: tuple[Path, Path]) -> None:
    model, database = pair
    _altered(database, "ANALYZE")
    assert run("actors", data=database).stdout == run("actors", data=model).stdout


def test_a_database_of_another_version_says_so(run: Run, pair: tuple[Path, Path]) -> None:
    _, database = pair
    _altered(
        database,
        "UPDATE policyx_meta SET value = '0.0.1' WHERE key = 'policyx_version'",
        "ALTER TABLE quotes DROP COLUMN pull_quote_of",
    )
    from policyx.version import __version__

    assert _refused(run, database) == (
        f"{database}: written by policyx 0.0.1, whose database layout this version ({__version__}) does not "
        "read: its table 'quotes' is not defined as policyx defines it; export it again with this version "
        "(from --data)\n"
    )


def test_rows_a_model_forbids_are_problems_named_by_table_record_and_column(run: Run, tmp_path: Path) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(FIXTURE_YAML, encoding="utf-8")
    database = _altered(
        _export(run, model, tmp_path / "model.db"),
        "UPDATE relations SET from_actor = 'ghost' WHERE id = 'r-war'",
        "UPDATE actors SET kind = 'alien' WHERE id = 'bloc'",
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE relations SET score = 40 WHERE id = 'r-land-bloc'",
        "UPDATE events SET id = 'r-war' WHERE id = 'e-summit'",
        "UPDATE event_actors SET event_id = 'r-war' WHERE event_id = 'e-summit'",
        "UPDATE event_themes SET event_id = 'r-war' WHERE event_id = 'e-summit'",
    )
    assert _refused(run, database).splitlines() == [
        f"{database}: actors 'bloc', kind: 'alien' is not one of: state, organisation, person, group, institution, "
        "forum, region (from --data)",
        f"{database}: relations 'r-land-bloc', score: Input should be less than or equal to 10 (from --data)",
        f"{database}: relations 'r-war', from_actor: unknown actor 'ghost' (from --data)",
        f"{database}: events 'r-war', id: duplicate id 'r-war' (first at relations 'r-war', id) (from --data)",
    ]


def test_a_link_row_of_no_record_is_refused(run: Run, pair: tuple[Path, Path]) -> None:
    _, database = pair
    _altered(database, "INSERT INTO actor_aliases VALUES ('nobody', 9, 'Nobody')")
    assert _refused(run, database) == (
        f"{database}: actor_aliases: a row names 'nobody', which actors has not (from --data)\n"
    )


def test_the_authorizer_lets_only_the_layouts_tables_be_read() -> None:
    authorize = dbread._authorizer(frozenset({"actors"}))
    assert authorize(sqlite3.SQLITE_READ, "actors", "name", "main", None) == sqlite3.SQLITE_OK  # type: ignore[operator]
    assert authorize(sqlite3.SQLITE_READ, "secrets", "x", "main", None) == sqlite3.SQLITE_DENY  # type: ignore[operator]
    assert authorize(sqlite3.SQLITE_READ, "actors", "name", "main", "v") == sqlite3.SQLITE_DENY  # type: ignore[operator]
    assert authorize(sqlite3.SQLITE_ATTACH, "other.db", None, None, None) == sqlite3.SQLITE_DENY  # type: ignore[operator]
    assert authorize(sqlite3.SQLITE_FUNCTION, None, "load_extension", None, None) == sqlite3.SQLITE_DENY  # type: ignore[operator]


def test_without_deserialize_a_private_copy_is_read_and_removed(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _model, database = pair
    copies = tmp_path / "tmp"
    copies.mkdir()
    monkeypatch.setattr(dbread, "IN_MEMORY", False)
    monkeypatch.setenv("TMPDIR", str(copies))
    monkeypatch.setattr("tempfile.tempdir", None)
    data = dbread.read(database.read_bytes(), str(database))
    monkeypatch.setattr(dbread, "IN_MEMORY", True)
    assert data == dbread.read(database.read_bytes(), str(database))
    assert list(copies.iterdir()) == []


def test_yaml_is_never_taken_for_a_database() -> None:
    assert dbread.is_database(b"SQLite format 3\x00rest")
    assert not dbread.is_database(b"SQLite format 3")  # a YAML file may start with these words
    assert not dbread.is_database(FIXTURE_YAML.encode())
    with pytest.raises(DataError):
        dbread.read(b"SQLite format 3\x00" + b"\x00" * 200, "x.db")


def test_the_schema_read_off_the_ddl_is_the_one_sqlite_builds() -> None:
    declared, built = dbread.expected_schema(), dbread.built_schema()
    assert set(declared) == set(built)
    for name, (kind, table, sql) in declared.items():
        assert (kind, table) == built[name][:2], name
        assert sql is None or sql == built[name][2], name  # None: SQLite's own SQL (a key's index, FTS5's tables)


def test_a_crafted_version_that_is_not_text_is_refused_in_one_line(run: Run, pair: tuple[Path, Path]) -> None:
    _, database = pair
    _altered(
        database,
        "CREATE TABLE extra (x)",
        "UPDATE policyx_meta SET value = CAST(X'ff' AS TEXT) WHERE key = 'policyx_version'",
    )
    said = _refused(run, database)
    assert said.startswith(f"{database}: not a readable SQLite database (") and said.count("\n") == 1


def test_a_database_in_wal_mode_is_read_once_its_changes_are_in_it(run: Run, pair: tuple[Path, Path]) -> None:
    _model, database = pair
    db = sqlite3.connect(database)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("UPDATE actors SET name = 'Northland' WHERE id = 'land'")
    db.commit()  # the change is in the -wal file while this connection is open
    wal = Path(f"{database}-wal")
    assert wal.stat().st_size > 0
    assert _refused(run, database) == (
        f"{database}: its latest changes are still in {wal} (a program has it open, or did not close it): run sqlite3 "
        "on it and .quit, or close that program, then try again (from --data)\n"
    )
    db.close()  # the last connection checkpoints the changes into the file and removes the -wal
    assert not wal.exists()
    shown = run("actors", data=database)
    assert shown.exit_code == 0 and "Northland" in shown.stdout
