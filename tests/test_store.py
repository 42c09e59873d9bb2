"""The store: beside its cache file, a model laid out as an SQLite database, from which ``actor``,
``relations --actor`` and ``quotes --speaker`` read only the records they show. Proved here to give
the very rows the whole model gives, for every actor of the shipped model, of both fixtures and of
generated models, in every format; and to be left alone when it cannot be trusted (another seal, a
damaged or replaced file, a link), the model then answering."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.synth import generate
from policyx import cache, loader
from policyx.loader import load, load_text, shipped_model_path

from .conftest import FIXTURE_V2_YAML, FIXTURE_YAML
from .conftest import invoke as _invoke

Invoke = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file written a moment ago is known by its stat at once (policyx waits two seconds, as git does)."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    monkeypatch.setattr(loader, "STORE_FROM", 0)  # the fixtures are small: stored here all the same


def _stores() -> list[Path]:
    where = cache.cache_dir()
    return sorted(where.glob("store-*.db")) if where is not None and where.exists() else []


@pytest.fixture(
    params=[
        "shipped",
        "v1",
        "v2",
        pytest.param("synth-1", marks=pytest.mark.slow),
        pytest.param("synth-2", marks=pytest.mark.slow),
    ]
)
def model(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "shipped":
        return shipped_model_path()
    path = tmp_path / f"{request.param}.yaml"
    texts = {"v1": FIXTURE_YAML, "v2": FIXTURE_V2_YAML, "synth-1": generate(400, 1), "synth-2": generate(700, 2)}
    path.write_text(texts[request.param], encoding="utf-8")
    return path


def _actors(model: Path) -> Iterator[str]:
    yield from (a.id for a in load(model, use_cache=False).actors)


def test_the_first_run_makes_the_store_and_the_next_read_only_the_part(
    model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(_actors(model))
    whole = _invoke("--data", str(model), "actor", first, "--format", "json")
    assert whole[0] == 0 and len(_stores()) == 1
    monkeypatch.setattr(cache, "read", lambda key: pytest.fail("the whole model was read"))
    monkeypatch.setattr(loader, "_validated_all", lambda raws: pytest.fail("the model file was read"))
    assert _invoke("--data", str(model), "actor", first, "--format", "json") == whole


@pytest.mark.parametrize(("more", "stored"), [(1, 0), (0, 1)])
def test_a_model_smaller_than_store_from_gets_no_store(
    more: int, stored: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    monkeypatch.setattr(loader, "STORE_FROM", path.stat().st_size + more)  # one byte short of it, or just it
    first = _invoke("--data", str(path), "actor", "land", "--format", "json")
    assert first[0] == 0 and len(_stores()) == stored
    assert _invoke("--data", str(path), "actor", "land", "--format", "json") == first
    assert _invoke("--data", str(path), "timeline", "--format", "jsonl")[0] == 0 and len(_stores()) == stored


COMMANDS = [
    ["actor", "{a}", "--format", "json"],
    ["actor", "{a}"],
    ["relations", "--actor", "{a}", "--format", "json"],
    ["relations", "--actor", "{a}", "--sort", "to", "--min-score", "-3"],
    ["quotes", "--speaker", "{a}", "--format", "json"],
    ["quotes", "--speaker", "{a}"],
]


def _whole(monkeypatch: pytest.MonkeyPatch, *args: str, terminal: bool = False) -> tuple[int, str, str]:
    """What the whole model answers (from the cache, not the store)."""
    with monkeypatch.context() as patched:
        patched.setattr(loader, "part", lambda data, pick: None)
        return _invoke(*args, terminal=terminal)


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_actor_gets_the_same_rows_from_the_store_as_from_the_whole_model(
    model: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _invoke("--data", str(model), "actor", next(_actors(model)))  # makes the store
    assert _stores()
    for aid in _actors(model):
        args = ["--data", str(model), *(part.format(a=aid) for part in command)]
        assert _invoke(*args) == _whole(monkeypatch, *args), args


def test_a_name_or_alias_is_found_in_the_store_as_in_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    model = shipped_model_path()
    _invoke("--data", str(model), "actor", "ots")
    for name in ("OTS", "Organization of Turkic States", "  ots ", "turkic", "nobody", "", "eu"):
        for args in (
            ["actor", name, "--format", "json"],
            ["relations", "--actor", name],
            ["quotes", "--speaker", name],
        ):
            assert _invoke("--data", str(model), *args) == _whole(monkeypatch, "--data", str(model), *args), args


def test_a_terminal_table_at_60_and_80_columns_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    model = shipped_model_path()
    _invoke("--data", str(model), "actor", "ots")
    for width in ("60", "80"):
        args = ["--width", width, "--data", str(model), "actor", "aliyev"]
        assert _invoke(*args, terminal=True) == _whole(monkeypatch, *args, terminal=True)


# --------------------------------------------------------------------------- a store that is not used


def _with_store(tmp_path: Path) -> tuple[Path, Path, tuple[int, str, str]]:
    model = tmp_path / "m.yaml"
    model.write_text(FIXTURE_V2_YAML, encoding="utf-8")
    answer = _invoke("--data", str(model), "actor", "land", "--format", "json")
    (store,) = _stores()
    return model, store, answer


def _replaced(store: Path, make: Callable[[sqlite3.Connection], None]) -> None:
    store.unlink()
    db = sqlite3.connect(store)
    make(db)
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "spoil",
    [
        "garbage",
        "truncated",
        "another seal",
        "no seal",
        "a view",
        "a link",
        "rows changed by another program",
    ],
)
def test_a_store_that_cannot_be_trusted_is_left_alone(tmp_path: Path, spoil: str) -> None:
    model, store, answer = _with_store(tmp_path)
    raw = store.read_bytes()
    if spoil == "garbage":
        store.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    elif spoil == "truncated":
        store.write_bytes(raw[:4096])
    elif spoil == "another seal":
        with sqlite3.connect(store) as db:
            db.execute("UPDATE policyx_meta SET value = '00' WHERE key = 'seal'")
        db.close()
    elif spoil == "no seal":
        with sqlite3.connect(store) as db:
            db.execute("DELETE FROM policyx_meta WHERE key = 'seal'")
        db.close()
    elif spoil == "a view":
        with sqlite3.connect(store) as db:
            db.execute("CREATE VIEW v AS SELECT * FROM actors")
        db.close()
    elif spoil == "a link":
        elsewhere = tmp_path / "elsewhere.db"
        elsewhere.write_bytes(raw)
        store.unlink()
        store.symlink_to(elsewhere)
    else:  # the seal is of the content key, not of every row: an edit by hand in the private cache shows
        with sqlite3.connect(store) as db:
            db.execute("UPDATE actors SET name = 'Changed' WHERE id = 'land'")
        db.close()
        assert "Changed" in _invoke("--data", str(model), "actor", "land", "--format", "json")[1]
        return
    assert _invoke("--data", str(model), "actor", "land", "--format", "json") == answer


def test_an_edited_model_is_read_again_and_gets_its_own_store(tmp_path: Path) -> None:
    model, _store, answer = _with_store(tmp_path)
    model.write_text(FIXTURE_V2_YAML.replace("name: Landia", "name: Northland"), encoding="utf-8")
    edited = _invoke("--data", str(model), "actor", "land", "--format", "json")
    assert "Northland" in edited[1] and edited != answer
    assert len(_stores()) == 2
    assert _invoke("--data", str(model), "actor", "land", "--format", "json") == edited


def test_no_cache_means_no_store(tmp_path: Path) -> None:
    model = tmp_path / "m.yaml"
    model.write_text(FIXTURE_YAML, encoding="utf-8")
    assert _invoke("--no-cache", "--data", str(model), "actor", "land")[0] == 0
    assert _stores() == []


def test_an_unwritable_cache_only_means_no_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "m.yaml"
    model.write_text(FIXTURE_YAML, encoding="utf-8")
    monkeypatch.setenv("POLICYX_CACHE_DIR", "relative/cache")  # no cache at all
    assert _invoke("--data", str(model), "actor", "land") == _invoke(
        "--no-cache", "--data", str(model), "actor", "land"
    )


def test_an_export_to_sqlite_copies_the_store_and_is_the_same_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, _, _ = _with_store(tmp_path)
    built, copied = tmp_path / "built.db", tmp_path / "copied.db"
    assert _invoke("--no-cache", "--data", str(model), "export", "--format", "sqlite", str(built))[0] == 0
    with monkeypatch.context() as patched:
        patched.setattr(cache, "read", lambda key: pytest.fail("the whole model was read"))
        exported = _invoke("--data", str(model), "export", "--format", "sqlite", str(copied))
    assert exported == (0, "", f"wrote {copied}\n")
    dumps = []
    for path in (built, copied):
        db = sqlite3.connect(path)
        dumps.append(list(db.iterdump()))
        db.close()
    assert dumps[0] == dumps[1]
    assert not any("seal" in line for line in dumps[1])
    assert load(copied, use_cache=False) == load(model, use_cache=False)
    assert _invoke("--data", str(model), "export", "--format", "sqlite", str(copied))[0] == 1  # exists: not replaced


def test_a_source_of_an_actors_own_is_read_though_no_record_of_the_part_names_it(tmp_path: Path) -> None:
    """Whether a voice is reported or a source's own is read off every source (``Index.reported``): the
    part holds each source whose author or outlet is an actor of the part, named by a record or not."""
    model = tmp_path / "m.yaml"
    extra = "  - id: own\n    kind: reference\n    title: Ada's memoirs\n    author: Ada Leader (as told)\n"
    model.write_text(FIXTURE_V2_YAML.replace("themes:\n", extra + "themes:\n", 1), encoding="utf-8")
    _invoke("--data", str(model), "actor", "land")
    assert _stores()
    for args in (["actor", "leader"], ["quotes", "--speaker", "leader"], ["relations", "--actor", "leader"]):
        whole = _invoke("--no-cache", "--width", "100", "--data", str(model), *args, terminal=True)
        assert _invoke("--width", "100", "--data", str(model), *args, terminal=True) == whole, args


def test_a_part_too_big_to_be_worth_it_is_left_to_the_whole_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyx import dbread

    model, _, answer = _with_store(tmp_path)
    monkeypatch.setattr(dbread, "PART_LIMIT", 2)
    read: list[str] = []
    real = cache.read
    monkeypatch.setattr(cache, "read", lambda key: read.append(key) or real(key))
    assert _invoke("--data", str(model), "actor", "land", "--format", "json") == answer
    assert read  # the whole model answered, from the cache


def test_a_store_damaged_past_its_schema_is_left_to_the_whole_model(tmp_path: Path) -> None:
    model, store, answer = _with_store(tmp_path)
    raw = bytearray(store.read_bytes())
    page = 4096
    pages = len(raw) // page
    for n in range(pages // 2, pages):  # the back half of the pages, the rows' own: garbage
        raw[n * page + 100 : (n + 1) * page] = b"\xff" * (page - 100)
    store.write_bytes(bytes(raw))
    assert _invoke("--data", str(model), "actor", "land", "--format", "json") == answer


def test_a_name_that_is_not_utf8_is_left_to_the_whole_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, _, _ = _with_store(tmp_path)
    for args in (["relations", "--actor", "Landia\udcff"], ["actor", "\udcff"], ["quotes", "--speaker", "x\udcff"]):
        assert _invoke("--data", str(model), *args) == _whole(monkeypatch, "--data", str(model), *args), args


def test_database_goes_with_datasette_even_when_the_store_is_copied(tmp_path: Path) -> None:
    model, _, _ = _with_store(tmp_path)
    code, out, err = _invoke(
        "--data", str(model), "export", "--format", "sqlite", str(tmp_path / "o.db"), "--database", "x.db"
    )
    assert (code, out) == (2, "") and "it goes with --format datasette" in err
    assert not (tmp_path / "o.db").exists()


def _no_model_read(patched: pytest.MonkeyPatch) -> None:
    patched.setattr(cache, "read", lambda key: pytest.fail("the whole model was read"))
    patched.setattr(loader, "_validated_all", lambda raws: pytest.fail("the model file was read"))


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_export_from_the_store_is_the_whole_models_byte_for_byte(
    model: Path, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """json and yaml are written from the store record by record, the model never loaded: the very text
    the whole model writes (and, for yaml, the one document ``to_yaml`` makes of it), to a file or a pipe."""
    from policyx.model import model_to_data
    from policyx.output.text import to_yaml

    whole = _invoke("--no-cache", "--data", str(model), "export", "--format", fmt)
    assert whole[0] == 0 and whole[1]
    if fmt == "yaml":
        assert whole[1] == to_yaml(model_to_data(load(model, use_cache=False), by_alias=True))
    _invoke("--data", str(model), "actor", next(_actors(model)))  # makes the store
    assert _stores()
    target = tmp_path / f"out.{fmt}"
    with monkeypatch.context() as patched:
        _no_model_read(patched)
        assert _invoke("--data", str(model), "export", "--format", fmt) == whole
        assert _invoke("--data", str(model), "export", str(target)) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == whole[1]


def test_an_export_from_a_store_damaged_past_its_schema_is_written_from_the_model(tmp_path: Path) -> None:
    """A store that fails half-way: a file is written from the model instead (nothing of the failed try is
    left); standard output, which had part of it, gets a one-line error; either way the store is removed,
    and the next export answers from the model."""
    model, store, _ = _with_store(tmp_path)
    whole = _invoke("--no-cache", "--data", str(model), "export", "--format", "json")
    db = sqlite3.connect(store)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    roots = [n for (n,) in db.execute("SELECT rootpage FROM sqlite_master WHERE name IN ('events', 'sources')")]
    db.close()
    raw = bytearray(store.read_bytes())
    for n in roots:  # the pages of two tables' rows: garbage (the schema, on page 1, is whole)
        raw[(n - 1) * page : n * page] = b"\xff" * page
    target = tmp_path / "out.json"
    store.write_bytes(bytes(raw))
    assert _invoke("--data", str(model), "export", str(target)) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == whole[1]
    assert not store.exists()
    _invoke("--data", str(model), "actor", "land")
    store.write_bytes(bytes(raw))
    code, out, err = _invoke("--data", str(model), "export", "--format", "json")
    assert (code, err) == (
        1,
        "policyx: the cached copy of the model could not be read to the end (database disk image is malformed)\n",
    )
    assert whole[1].startswith(out) and not store.exists()
    assert _invoke("--data", str(model), "export", "--format", "json") == whole


def test_a_store_gone_between_the_check_and_the_export_is_said(tmp_path: Path) -> None:
    from policyx.dbread import stored_model
    from policyx.errors import StoreDamaged

    with pytest.raises(StoreDamaged, match="went away"), stored_model(tmp_path / "gone.db", "x").open():
        pass


LISTINGS = [
    ["timeline"],
    ["timeline", "--format", "jsonl"],
    ["timeline", "--format", "csv", "--header"],
    ["timeline", "--header", "--fields", "id,after,voice,basis"],
    ["timeline", "--format", "jsonl", "--fields", "date,title"],
    ["actors"],
    ["actors", "--format", "csv", "--header"],
    ["relations"],
    ["relations", "--format", "jsonl"],
    ["quotes"],
    ["quotes", "--header", "--fields", "id,voice,basis,text"],
    ["themes"],
    ["themes", "--format", "jsonl"],
    ["priorities"],
    ["priorities", "--format", "jsonl"],
    ["priorities", "--cite", "--header"],
]


@pytest.mark.parametrize("command", LISTINGS, ids=[" ".join(c) for c in LISTINGS])
def test_a_whole_listing_line_by_line_is_read_from_the_store_in_its_order(
    model: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``timeline``, ``actors``, ``relations`` and ``quotes`` with no filter, written line by line: the
    store's records in the listing's order (events in the rank the store keeps), a chunk at a time (here
    of 3), the model never loaded; the very lines the whole model writes."""
    from policyx import dbread

    whole = _invoke("--no-cache", "--data", str(model), *command)
    assert whole[0] == 0
    assert _invoke("--data", str(model), *command) == whole  # loads the model, writes the store
    assert _stores()
    monkeypatch.setattr(dbread, "CHUNK", 3)
    with monkeypatch.context() as patched:
        _no_model_read(patched)
        assert _invoke("--data", str(model), *command) == whole


def test_the_first_events_of_a_timeline_are_read_without_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``timeline | head -1``: the first chunk is read and written before the next is asked for, so a
    reader that stops early stops the reading (time in proportion to the rows read)."""
    from policyx import dbread

    model = tmp_path / "m.yaml"
    model.write_text(generate(300, 3), encoding="utf-8")
    _invoke("--data", str(model), "timeline")
    monkeypatch.setattr(dbread, "CHUNK", 2)
    selects: list[object] = []
    real = dbread._select
    monkeypatch.setattr(dbread, "_select", lambda *args: selects.append(args[2]) or real(*args))
    found = loader.in_order(model, "event")
    assert found is not None
    _, _, chunks = found
    first = next(chunks)
    assert len(first) == 2 and len(selects) == 1
    rows = _invoke("--no-cache", "--data", str(model), "timeline", "--fields", "id")[1].splitlines()
    assert [e.id for e in first] == rows[:2]
    chunks.close()  # what a reader gone away leaves: the store closed, nothing more read
    assert len(selects) == 1


KEPT = [
    ["timeline", "--from", "2020", "--format", "jsonl"],
    ["timeline", "--to", "2023-06", "--header"],
    ["timeline", "--from", "2018", "--to", "2024", "--actor", "{a}"],
    ["timeline", "--voice", "{a}", "--format", "csv", "--header"],
    ["relations", "--min-score", "0"],
    ["relations", "--kind", "{k}", "--format", "jsonl"],
    ["relations", "--as-of", "2020", "--max-score", "5", "--header"],
    ["relations", "--voice", "{a}", "--header", "--fields", "id,voice,basis"],
    ["quotes", "--search", "the"],
    ["quotes", "--voice", "{a}", "--header", "--fields", "id,voice,basis"],
    ["timeline", "--theme", "{t}", "--format", "jsonl"],
    ["timeline", "--theme", "{T}", "--from", "2000"],
    ["priorities", "--emphasis", "major"],
    ["priorities", "--actor", "{a}", "--format", "jsonl"],
    ["priorities", "--theme", "{t}", "--voice", "{a}", "--header"],
]


@pytest.mark.parametrize("command", KEPT, ids=[" ".join(c) for c in KEPT])
def test_a_filtered_listing_line_by_line_is_read_from_the_store_in_its_order(
    model: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A timeline, relations or quotes given a filter (but --actor of relations, --speaker or a sort), line
    by line: the store's records in the listing's order, each kept or not as the whole model
    keeps it, their columns as the kept ones say (read off them first when the model states several
    views); the model never loaded; the very lines the whole model writes."""
    from policyx import dbread

    loaded = load(model, use_cache=False)
    theme = loaded.themes[-1]
    picked = {"a": loaded.actors[0].id, "k": loaded.relations[0].kind, "t": theme.id, "T": f" {theme.name.upper()} "}
    args = [part.format(**picked) for part in command]
    whole = _invoke("--no-cache", "--data", str(model), *args)
    assert whole[0] == 0
    _invoke("--data", str(model), "actor", loaded.actors[0].id)  # makes the store
    monkeypatch.setattr(dbread, "CHUNK", 3)
    with monkeypatch.context() as patched:
        _no_model_read(patched)
        assert _invoke("--data", str(model), *args) == whole


FILTERED = [
    ["priorities", "--year", "2024"],
    ["timeline", "--theme", "no-such-theme"],
    ["timeline", "--format", "json"],
    ["timeline", "--format", "markdown"],
    ["timeline", "--from", "2020", "--actor", "nobody"],
    ["actors", "--kind", "state"],
    ["relations", "--sort", "score"],
    ["relations", "--kind", "no-such-kind"],
    ["relations", "--actor", "land", "--kind", "support"],
    ["quotes", "--voice", "nobody"],
]


def test_a_filtered_or_drawn_listing_is_the_whole_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, _, _ = _with_store(tmp_path)
    read: list[str] = []
    real = cache.read
    monkeypatch.setattr(cache, "read", lambda key: read.append(key) or real(key))
    for args in FILTERED:
        read.clear()
        whole = _invoke("--no-cache", "--data", str(model), *args)
        assert _invoke("--data", str(model), *args) == whole
        assert read, args  # the whole model, from its cache
    for command in ("timeline", "actors", "relations", "quotes", "themes", "priorities"):
        table = _invoke("--data", str(model), command, terminal=True)
        assert table == _invoke("--no-cache", "--data", str(model), command, terminal=True)


def test_a_timeline_from_a_store_that_fails_half_way_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import dbread

    model, store, _ = _with_store(tmp_path)
    whole = _invoke("--no-cache", "--data", str(model), "timeline")
    monkeypatch.setattr(dbread, "CHUNK", 1)
    real = dbread._select
    calls: list[int] = []

    def failing(*args: object) -> object:
        calls.append(1)
        if len(calls) > 1:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dbread, "_select", failing)
    code, out, err = _invoke("--data", str(model), "timeline")
    assert (code, err) == (
        1,
        "policyx: the cached copy of the model could not be read to the end (database disk image is malformed)\n",
    )
    assert out == whole[1].splitlines(keepends=True)[0] and not store.exists()


def test_a_store_of_another_layout_is_replaced_and_never_breaks_an_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written by an older layout (here: without the timeline's ranks), its seal still the cache's:
    not used, every command answers from the model, and the next one that loads the model stores it again."""
    model, store, answer = _with_store(tmp_path)
    with sqlite3.connect(store) as db:
        db.execute("DROP TABLE timeline")
    db.close()
    built, copied = tmp_path / "built.db", tmp_path / "copied.db"
    assert _invoke("--no-cache", "--data", str(model), "export", "--format", "sqlite", str(built))[0] == 0
    assert _invoke("--data", str(model), "export", "--format", "sqlite", str(copied)) == (0, "", f"wrote {copied}\n")
    assert load(copied, use_cache=False) == load(built, use_cache=False)
    assert _invoke("--data", str(model), "actor", "land", "--format", "json") == answer
    (renewed,) = _stores()
    with monkeypatch.context() as patched:
        _no_model_read(patched)
        assert _invoke("--data", str(model), "actor", "land", "--format", "json") == answer
    db = sqlite3.connect(renewed)
    assert db.execute("SELECT count(*) FROM timeline").fetchone()[0] > 0
    db.close()


def test_a_store_that_fails_before_a_line_is_written_leaves_the_listing_to_the_model(tmp_path: Path) -> None:
    """A store whose first chunk cannot be read (here its timeline names an event it lacks): nothing was
    written yet, so the whole model answers, and the store is removed (the model stores it again)."""
    model, store, _ = _with_store(tmp_path)
    with sqlite3.connect(store) as db:
        (first,) = db.execute("SELECT event_id FROM timeline ORDER BY rank LIMIT 1").fetchone()
        db.execute("DELETE FROM events WHERE id = ?", (first,))
    db.close()
    whole = _invoke("--no-cache", "--data", str(model), "timeline")
    assert _invoke("--data", str(model), "timeline") == whole
    assert store.exists()  # stored again, whole, by the model that answered
    db = sqlite3.connect(store)
    assert db.execute("SELECT count(*) FROM events WHERE id = ?", (first,)).fetchone() == (1,)
    db.close()


def test_a_database_exported_before_the_stores_ranks_is_read_back(tmp_path: Path) -> None:
    """The timeline's ranks and the basis indexes serve speed only: a database without them (policyx 0.3.0
    wrote them so before they were added) is the same model, read back as any other."""
    model = tmp_path / "m.yaml"
    model.write_text(FIXTURE_V2_YAML, encoding="utf-8")
    exported = tmp_path / "m.db"
    assert _invoke("--no-cache", "--data", str(model), "export", "--format", "sqlite", str(exported))[0] == 0
    with sqlite3.connect(exported) as db:
        db.execute("DROP TABLE timeline")
        for table in ("actors", "relations", "quotes", "events"):
            db.execute(f"DROP INDEX {table}_basis")
    db.close()
    assert load(exported, use_cache=False) == load(model, use_cache=False)
    for args in (["timeline"], ["actor", "land", "--format", "json"]):
        assert _invoke("--data", str(exported), *args) == _invoke("--no-cache", "--data", str(model), *args)


def test_a_store_is_read_within_the_fewest_sql_variables_sqlite_may_allow(tmp_path: Path) -> None:
    """An address holding more priorities than a query may name (SQLite builds allow as few as 999
    variables): read back a query of ``CHUNK`` ids at a time, the same records as the model's."""
    import copy

    from policyx.dbread import stored_records
    from policyx.dbwrite import create
    from policyx.model import model_from_data, model_to_data, plain_records

    data = model_to_data(load_text(FIXTURE_V2_YAML))
    address = data["addresses"][0]  # type: ignore[index]
    template = address["priorities"][0]
    address["priorities"] = [{**copy.deepcopy(template), "id": f"p-many-{n}", "topic": f"t{n}"} for n in range(1500)]
    model = model_from_data(data)
    path = tmp_path / "many.db"
    db = sqlite3.connect(path)
    create(db, model)
    db.close()
    db = sqlite3.connect(path)
    db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    version, collections = stored_records(db)
    stored = [(name, list(records)) for name, records in collections]
    db.close()
    assert version == model.schema_version
    assert stored == [(name, list(records)) for name, records in plain_records(model, by_alias=True)]


def test_the_columns_of_priorities_from_the_store_are_those_of_any_rows() -> None:
    """priorities' columns always say whose view a row states and on what basis: the rows a store gives a
    chunk at a time need not be read first for them, as other listings' do."""
    from policyx.queries.common import with_voice
    from policyx.queries.priorities import PRIORITY_DEFAULT

    rows: list[list[dict[str, object]]] = [
        [],
        [{"voice": "a", "basis": "stated"}],
        [{"voice": "a", "basis": "inferred"}, {"voice": "b", "basis": "context"}, {"voice": None, "basis": None}],
    ]
    for some in rows:
        assert with_voice(PRIORITY_DEFAULT, some) == PRIORITY_DEFAULT


def test_dates_as_the_store_sorts_them_are_in_the_order_of_partial_dates() -> None:
    """The store gives addresses oldest first by SQLite's order of their dates' text: for every date a
    model may hold (YYYY, YYYY-MM, YYYY-MM-DD), that is the order of PartialDate, ties by id."""
    import random

    from policyx.model import PartialDate

    rng = random.Random(5)
    dates = [f"{rng.randint(1, 9999):04d}" for _ in range(300)]
    dates += [f"{rng.choice(dates)[:4]}-{rng.randint(1, 12):02d}" for _ in range(300)]
    dates += [f"{d}-{rng.randint(1, 28):02d}" for d in rng.sample([d for d in dates if len(d) == 7], 200)]
    rows = [(f"a{i % 7}", d) for i, d in enumerate(dates)]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE addresses (id TEXT, date TEXT)")
    db.executemany("INSERT INTO addresses VALUES (?, ?)", rows)
    in_sql = db.execute("SELECT id, date FROM addresses ORDER BY date, id").fetchall()
    db.close()
    assert in_sql == sorted(rows, key=lambda row: (PartialDate.parse(row[1]), row[0]))
