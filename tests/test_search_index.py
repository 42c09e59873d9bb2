"""The search index: beside a model's store, its searchable fields as search compares their words, from
which a search written line by line reads its hits. Proved here to give the very hits, scores and order
the whole model gives (fixtures, the shipped model, generated models full of ties; every format of
lines; words, prefixes, phrases, accents, hyphens), and to be left alone when it cannot be trusted."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import pytest

from bench.synth import generate
from policyx import cache, loader, queries, searchdb
from policyx.loader import shipped_model_path

from .conftest import FIXTURE_V2_YAML, FIXTURE_YAML
from .conftest import invoke as _invoke


@pytest.fixture(autouse=True)
def stored_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a moment ago are known by their stat at once, and small models are stored too."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    monkeypatch.setattr(loader, "STORE_FROM", 0)


def _indexes() -> list[Path]:
    where = cache.cache_dir()
    return sorted(where.glob("search-*.db")) if where is not None and where.exists() else []


def _no_model_searched(patched: pytest.MonkeyPatch) -> None:
    patched.setattr(queries, "search", lambda index, text: pytest.fail("the whole model was searched"))
    patched.setattr(cache, "read", lambda key: pytest.fail("the whole model was read"))


ACCENTED = FIXTURE_YAML.replace("name: Landia", "name: Lándia Défense-Centre").replace(
    "summary:", "summary: Neo-colonialism and organisation of the defence;", 1
)


@pytest.fixture(params=["v1", "v2", "shipped", "accented", pytest.param("synth", marks=pytest.mark.slow)])
def model(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "shipped":
        return shipped_model_path()
    path = tmp_path / f"{request.param}.yaml"
    texts = {"v1": FIXTURE_YAML, "v2": FIXTURE_V2_YAML, "accented": ACCENTED, "synth": generate(600, 3)}
    path.write_text(texts[request.param], encoding="utf-8")
    return path


def _queries(model: Path, count: int) -> list[str]:
    """Searches made of the model's own words: whole words, prefixes, pairs, phrases as they stand, and
    words that are nowhere; the same ones every run."""
    words = re.findall(r"\w[\w-]*", model.read_text(encoding="utf-8"))
    rng = random.Random(11)
    queries = ["defence", "organisation", "neo-colonialism", "landia", "lándia", "a", "nowhere-at-all", "x y"]
    for _ in range(count):
        at = rng.randrange(len(words) - 3)
        pick = rng.choice(["word", "prefix", "pair", "phrase", "many"])
        if pick == "word":
            queries.append(words[at])
        elif pick == "prefix":
            queries.append(words[at][: max(1, len(words[at]) // 2)])
        elif pick == "pair":
            queries.append(f"{words[at]} {rng.choice(words)}")
        elif pick == "phrase":
            queries.append(" ".join(words[at : at + 3]))
        else:
            queries.append(" ".join(rng.choice(words) for _ in range(6)))
    return queries


FORMATS = [
    ["--format", "jsonl"],
    ["--format", "tsv"],
    ["--format", "csv", "--header"],
    ["--format", "tsv", "--fields", "name,snippet,offsets,voice,basis"],
    ["--format", "tsv", "--header", "--limit", "3"],
    ["--format", "jsonl", "--limit", "1"],
    ["--format", "csv", "--limit", "0"],
]


def test_every_search_gets_the_same_hits_from_the_index_as_from_the_whole_model(
    model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = [["--data", str(model), "search", text, *fmt] for text in _queries(model, 40) for fmt in FORMATS]
    expected = [_invoke("--no-cache", *args) for args in runs]
    assert _invoke(*runs[0]) == expected[0] and len(_indexes()) == 1  # searches the whole model; makes the index
    with monkeypatch.context() as patched:
        _no_model_searched(patched)
        for args, want in zip(runs, expected, strict=True):
            assert _invoke(*args) == want, args


def test_the_index_is_read_a_chunk_at_a_time_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(generate(300, 5), encoding="utf-8")
    whole = _invoke("--no-cache", "--data", str(path), "search", "corridor summit", "--format", "jsonl")
    assert len(whole[1].splitlines()) > 20
    assert _invoke("--data", str(path), "search", "corridor summit", "--format", "jsonl") == whole
    monkeypatch.setattr(searchdb, "CHUNK", 7)
    with monkeypatch.context() as patched:
        _no_model_searched(patched)
        assert _invoke("--data", str(path), "search", "corridor summit", "--format", "jsonl") == whole


def test_a_table_json_or_export_is_the_whole_models_and_makes_no_index(tmp_path: Path) -> None:
    """Only a search written line by line reads the index (a table names voices from the whole model), and
    only one makes it."""
    path = tmp_path / "m.yaml"
    path.write_text(FIXTURE_V2_YAML, encoding="utf-8")
    for args in (["--format", "json"], ["--format", "markdown"], ["--export", str(tmp_path / "hits.tsv")]):
        assert _invoke("--data", str(path), "search", "land", *args)[0] == 0
    assert _invoke("--data", str(path), "search", "land", terminal=True)[0] == 0
    assert not _indexes()


def test_a_search_of_no_word_is_refused_before_the_index_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    _invoke("--data", str(path), "search", "land", "--format", "tsv")
    monkeypatch.setattr(searchdb, "open_index", lambda data: pytest.fail("opened"))
    code, out, err = _invoke("--data", str(path), "search", "  ", "--format", "tsv")
    assert (code, out, err) == (2, "", "policyx: search needs at least one word\n")


def test_no_cache_or_a_small_model_means_no_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    assert _invoke("--no-cache", "--data", str(path), "search", "land", "--format", "tsv")[0] == 0
    assert not _indexes()
    monkeypatch.setattr(loader, "STORE_FROM", path.stat().st_size + 1)
    assert _invoke("--data", str(path), "search", "land", "--format", "tsv")[0] == 0
    assert not _indexes()


def _with_index(tmp_path: Path) -> tuple[Path, Path, tuple[int, str, str]]:
    path = tmp_path / "m.yaml"
    path.write_text(FIXTURE_V2_YAML, encoding="utf-8")
    answer = _invoke("--data", str(path), "search", "land", "--format", "jsonl")
    (index,) = _indexes()
    return path, index, answer


@pytest.mark.parametrize(
    "spoil",
    [
        "garbage",
        "truncated",
        "another seal",
        "no seal",
        "a view",
        "a trigger",
        "another column",
        "another layout",
        "a link",
    ],
)
def test_an_index_that_cannot_be_trusted_is_not_used(
    tmp_path: Path, spoil: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, index, answer = _with_index(tmp_path)
    raw = index.read_bytes()
    statements = {
        "another seal": "UPDATE search_meta SET value = '00' WHERE key = 'seal'",
        "no seal": "DELETE FROM search_meta WHERE key = 'seal'",
        "a view": "CREATE VIEW v AS SELECT * FROM search_records",
        "a trigger": "CREATE TRIGGER t AFTER INSERT ON search_meta BEGIN DELETE FROM search_meta; END",
        "another column": "ALTER TABLE search_records ADD COLUMN extra TEXT",
        "another layout": "UPDATE search_meta SET value = '1' WHERE key = 'layout'",
        "other rules": "UPDATE search_meta SET value = 'older' WHERE key = 'rules'",
    }
    if spoil == "garbage":
        index.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    elif spoil == "truncated":
        index.write_bytes(raw[:4096])
    elif spoil == "a link":
        elsewhere = tmp_path / "elsewhere.db"
        elsewhere.write_bytes(raw)
        index.unlink()
        index.symlink_to(elsewhere)
    else:
        with sqlite3.connect(index) as db:
            db.execute(statements[spoil])
        db.close()
    with monkeypatch.context() as patched:
        patched.setattr(searchdb, "hits", lambda opened, text: pytest.fail("an untrusted index was read"))
        assert _invoke("--data", str(path), "search", "land", "--format", "jsonl") == answer
    if spoil != "a link":  # one of the user's own that is not an index is removed, and made again
        (renewed,) = _indexes()
        assert searchdb.open_index(path) is not None
        assert renewed == index


def _corridor(tmp_path: Path) -> tuple[Path, tuple[int, str, str], Path]:
    """A generated model, the search for "corridor" the whole model answers, and the index that search
    made (it answers the same)."""
    path = tmp_path / "m.yaml"
    path.write_text(generate(200, 4), encoding="utf-8")
    whole = _invoke("--no-cache", "--data", str(path), "search", "corridor", "--format", "tsv")
    assert _invoke("--data", str(path), "search", "corridor", "--format", "tsv") == whole
    (index,) = _indexes()
    return path, whole, index


def test_an_index_that_fails_half_way_says_so_and_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, whole, index = _corridor(tmp_path)
    monkeypatch.setattr(searchdb, "CHUNK", 2)
    real = searchdb.Found
    made: list[int] = []

    def failing(*args: object) -> object:
        made.append(1)
        if len(made) > 2:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(*args)

    monkeypatch.setattr(searchdb, "Found", failing)
    code, out, err = _invoke("--data", str(path), "search", "corridor", "--format", "tsv")
    assert code == 1 and out == "".join(whole[1].splitlines(keepends=True)[:3])  # the header, then a chunk
    assert (
        err == "policyx: the cached copy of the model could not be read to the end (database disk image is malformed)\n"
    )
    assert not index.exists()


def test_the_index_allows_no_sql_but_reading_its_own_tables(tmp_path: Path) -> None:
    path, _, _ = _with_index(tmp_path)
    opened = searchdb.open_index(path)
    assert opened is not None
    for sql in (
        "SELECT * FROM sqlite_master",
        "SELECT load_extension('x')",
        "PRAGMA writable_schema = ON",
        "ATTACH DATABASE ':memory:' AS other",
        "SELECT readfile('elsewhere.txt')",
    ):
        with pytest.raises(sqlite3.DatabaseError):
            opened.db.execute(sql).fetchall()
    opened.db.close()


def test_the_scores_a_search_ranks_by_are_every_one_python_reckons() -> None:
    """The levels handed to SQL: for n words, each (words found, phrase, weight) maps to the rank of its
    score among all, and that rank to the rank of the score rounded, as queries.search rounds it."""
    for n in (1, 2, 3, 7, 32):
        raw, by_code, by_rank = searchdb._levels(n)
        assert raw == sorted(set(raw))
        for found in range(n + 1):
            for phrase in (0, 1):
                for w, weight in enumerate(searchdb.WEIGHTS):
                    score = found / n
                    if phrase:
                        score += 1.0
                    score *= weight
                    if not found:  # no word found: no score, and the field is not counted
                        continue
                    rank = ord(by_code[(found * 2 + phrase) * 4 + w]) - 1
                    assert raw[rank] == score
                    rounded = sorted({round(r, 2) for r in raw})
                    assert rounded[ord(by_rank[rank]) - 1] == round(score, 2)


def test_a_limit_keeps_the_best_hits_and_their_columns_say_only_what_those_rows_show(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(FIXTURE_V2_YAML, encoding="utf-8")
    every = _invoke("--no-cache", "--data", str(path), "search", "land", "--format", "jsonl")[1].splitlines()
    assert len(every) > 3
    for n in ("1", "3"):
        limited = _invoke("--no-cache", "--data", str(path), "search", "land", "--format", "jsonl", "--limit", n)
        assert limited[1].splitlines() == every[: int(n)]
    assert (
        _invoke("--no-cache", "--data", str(path), "search", "land", "--format", "jsonl", "--limit", "0")[
            1
        ].splitlines()
        == every
    )
    code, out, err = _invoke("--data", str(path), "search", "land", "--limit", "-1")
    assert (code, out) == (2, "")
    assert err == (
        "policyx: Invalid value for '--limit': '-1' is not a number of hits (0: all) (see 'policyx search --help')\n"
    )


def test_a_table_on_a_terminal_shows_the_best_twenty_and_says_how_many_there_are() -> None:
    """The shipped model has 29 records mentioning cooperation: a terminal's table shows the best 20, and
    its heading says so, at 60 and 80 columns; --limit 0 shows them all, and a pipe gets them all."""
    for width in ("60", "80"):
        code, out, _ = _invoke("--no-color", "--width", width, "search", "cooperation", terminal=True)
        lines = out.splitlines()
        assert code == 0 and lines[:3] == [
            "Search: cooperation  (the best 20 of 29 hits)",
            "  --limit 0 shows them all",
            "",
        ]
        assert sum(line.startswith("  ") and not line.startswith("    ") for line in lines[3:]) == 20
        every = _invoke("--no-color", "--width", width, "search", "cooperation", "--limit", "0", terminal=True)[1]
        assert every.splitlines()[0] == "Search: cooperation  (29 hits, best first)"
    assert len(_invoke("search", "cooperation")[1].splitlines()) == 29
    code, out, _ = _invoke(
        "--no-color", "--width", "60", "search", "OTS", "--fields", "id,score", "--limit", "3", terminal=True
    )
    heading = [line.rstrip() for line in out.splitlines()[:2]]  # its own table says it too
    assert heading == ["Search: OTS  (the best 3 of 63 hits;", "--limit 0 shows them all)"]  # its own table too


@pytest.mark.parametrize("at", ["first", "later"])
def test_a_row_the_index_cannot_have_written_is_a_damaged_index(
    at: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row no index is written with (a type of record it has no fields for, changed by hand): before a
    line is written, the whole model answers and the index is made again; after, the search says it could
    not read the index to the end. Either way the index is removed, and no run ends in an internal error."""
    path, whole, index = _corridor(tmp_path)
    monkeypatch.setattr(searchdb, "CHUNK", 2)
    lines = whole[1].splitlines(keepends=True)
    spoilt = lines[1 if at == "first" else 4].split("\t")[1]  # a hit of the first chunk, or of a later one
    with sqlite3.connect(index) as db:
        db.execute("UPDATE search_records SET kind = 'nothing' WHERE id = ?", (spoilt,))
    db.close()
    code, out, err = _invoke("--data", str(path), "search", "corridor", "--format", "tsv")
    if at == "first":
        assert (code, out, err) == whole
        assert index.exists()  # made again, whole, by the model that answered
        assert _invoke("--data", str(path), "search", "corridor", "--format", "tsv") == whole
    else:
        assert code == 1 and out == "".join(lines[:3])  # the header, then the first chunk
        assert err.startswith("policyx: the cached copy of the model could not be read to the end (")
        assert not index.exists()
