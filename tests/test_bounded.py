"""Bounded work (issue 24, item 8): small hostile inputs and huge option values cost bounded time and memory.

Fast tests assert each bound where it is made (how many choices a suggestion compares, how much of a
cell a table shows, ...); the slow ones run every hostile input of ``tests/hostile.py`` through the
commands in a subprocess under a 5 s timeout and a 500 MiB address-space limit.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyx import graph as graphs
from policyx import segment
from policyx.cli import app
from policyx.cli.env import MAX_WIDTH, Environment
from policyx.errors import CANDIDATES, LONGEST, SMALL, Suggester, did_you_mean
from policyx.loader import load
from policyx.lookup import Index
from policyx.output import svg_clean
from policyx.output.brief_page import MAX_DRAWN
from policyx.output.grid import CELL_CHARACTERS, CELL_LINES, plain
from policyx.programs import which
from policyx.segment import sentences
from policyx.verify import MAX_CLOSEST, MAX_COMPARED, Passages

from . import hostile
from .conftest import FIXTURE_YAML

SECONDS = 5
MEMORY = 500 * 2**20
FAR = [f"zz-far-away-{i:05d}" for i in range(5000)]  # padding: a choice set far above SMALL

CLOSE = [
    ("nope", ["europe", "azerbaijan"], None),  # a look-alike, not a typo
    ("x", ["s"], None),
    ("blok", ["bloc"], "bloc"),
    ("titel", ["title"], "title"),  # two letters swapped
    ("lead", ["leader", "land"], "leader"),
    ("security", ["global-security", "energy"], "global-security"),
    ("speech-2019", ["speech-2018"], "speech-2018"),
    ("speech-2019", ["speech-2017", "land"], "speech-2017"),
    ("allies", ["support", "rivalry"], "support"),  # a synonym
    ("Landia", ["land", "landia-north"], "land"),
]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj=Environment(terminal=False), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("word", "choices", "suggested"), CLOSE)
def test_a_large_choice_set_suggests_what_a_small_one_does(
    word: str, choices: list[str], suggested: str | None
) -> None:
    expected = f" (did you mean {suggested!r}?)" if suggested else ""
    assert did_you_mean(word, choices) == expected
    large = Suggester([*FAR, *choices])
    assert len(large.options) > SMALL
    assert large.hint(word) == expected
    assert len(large.candidates(word)) <= CANDIDATES


def test_look_alikes_by_the_thousand_are_compared_at_most_candidates_at_a_time() -> None:
    ids = [f"actor-{i:05d}" for i in range(20_000)]
    suggester = Suggester(ids)
    for i in (0, 42, 19_999):
        word = f"actro-{i:05d}"
        assert 0 < len(suggester.candidates(word)) <= CANDIDATES
        assert suggester.hint(word) == f" (did you mean 'actor-{i:05d}'?)"
    assert len(suggester.candidates("actor")) == CANDIDATES  # 20,000 start with it: the nearest CANDIDATES


def test_a_word_or_choice_over_the_longest_gets_no_suggestion() -> None:
    long = "a" * (LONGEST + 1)
    assert did_you_mean(long, [long[:-1]]) == ""
    assert did_you_mean(long[:-1], [long]) == ""
    assert did_you_mean("x" * 1_000_000, ["x" * 999_999, "y"]) == ""


def test_validate_builds_one_index_for_every_bad_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "bad.yaml"
    model.write_text(hostile.bad_references(600), encoding="utf-8")
    built: list[int] = []
    compared: list[int] = []
    build, candidates = Suggester._build, Suggester.candidates
    monkeypatch.setattr(Suggester, "_build", lambda self: built.append(1) or build(self))
    monkeypatch.setattr(Suggester, "candidates", lambda self, w: compared.append(len(r := candidates(self, w))) or r)
    code, _out, err = invoke("--data", str(model), "validate")
    lines = err.splitlines()
    assert code == 3 and len(lines) == 600
    assert lines[7] == f"{model}:723:19: unknown actor 'actro-00007' (did you mean 'actor-00007'?)"
    assert built == [1] and len(compared) == 600 and max(compared) <= CANDIDATES


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def bounded(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """policyx run in a subprocess, as a user would, that must end within SECONDS and MEMORY."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "policyx", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=SECONDS,
            preexec_fn=_limits,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"policyx {' '.join(args)} took over {SECONDS} s")


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize("args", [("validate",), ("actors",), ("relations", "--format", "table")])
def test_many_bad_references_are_reported_in_bounded_time(tmp_path: Path, args: tuple[str, ...]) -> None:
    model = tmp_path / "bad.yaml"
    model.write_text(hostile.bad_references(), encoding="utf-8")
    done = bounded(tmp_path, "--data", str(model), *args)
    assert done.returncode == 3, done.stderr[-2000:]
    assert done.stderr.count("(did you mean 'actor-") == 1500
    assert "Traceback" not in done.stderr


def test_a_table_cell_shows_at_most_its_lines_and_characters_then_an_ellipsis() -> None:
    assert plain("word\n" * 50_000).splitlines() == ["word"] * (CELL_LINES - 1) + ["word\u2026"]
    assert plain("x" * 1_000_000) == "x" * CELL_CHARACTERS + "\u2026"
    assert plain("a\nb") == "a\nb" and plain("y" * CELL_CHARACTERS) == "y" * CELL_CHARACTERS  # up to the caps: whole
    assert plain(["z" * 1500, "z" * 1500]).endswith("z\u2026")


@pytest.mark.parametrize("make", [hostile.line_breaks, hostile.long_line], ids=["line-breaks", "long-line"])
def test_tables_cut_a_huge_value_and_data_formats_keep_it_whole(tmp_path: Path, make: Callable[[], str]) -> None:
    model = tmp_path / "m.yaml"
    model.write_text(make(), encoding="utf-8")
    data = ["--data", str(model)]
    whole = {
        r["id"]: r["description"]
        for r in json.loads(invoke(*data, "actors", "--format", "json", "--fields", "id,description")[1])
    }
    huge = max(whole.values(), key=len)
    assert len(huge) >= 250_000
    for args in (
        ("actors", "--format", "table", "--fields", "id,description"),
        ("actor", "breaks" if "\n" in huge else "long"),
    ):
        code, out, err = invoke(*data, *args, "--format", "table") if args[0] == "actor" else invoke(*data, *args)
        assert (code, err) == (0, "")
        assert "\u2026" in out and len(out) < 40_000 and len(out.splitlines()) < 200
    for fmt in ("json", "jsonl", "csv", "tsv", "yaml", "markdown"):
        code, out, _err = invoke(*data, "actors", "--format", fmt, "--fields", "id,description")
        assert code == 0 and "\u2026" not in out
        assert len(out) >= len(huge)


@pytest.mark.parametrize("width", ["1001", "1000000000", str(10**30)])
def test_a_width_over_the_widest_is_refused_as_a_usage_error(width: str) -> None:
    code, out, err = invoke("--width", width, "actors")
    assert (code, out) == (2, "")
    assert err == (
        "policyx: Invalid value for '--width': "
        f"Input should be less than or equal to {MAX_WIDTH} (see 'policyx --help')\n"
    )


def test_a_terminal_or_columns_wider_than_the_widest_is_taken_as_the_widest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000000000")
    assert Environment(terminal=False).file_columns == MAX_WIDTH
    assert Environment(terminal=True).columns == MAX_WIDTH  # shutil reads COLUMNS first
    assert Environment(width=10**9).columns == MAX_WIDTH
    assert invoke("--width", str(MAX_WIDTH), "actors", "--format", "table")[0] == 0


def test_a_text_without_sentence_ends_is_cut_into_sentences_of_at_most_the_longest() -> None:
    text = hostile.sentence_free_source()
    cut = sentences(text)
    assert max(len(s.text) for s in cut) == segment.LONGEST and len(cut) == 1000
    assert all(text[s.start : s.end] == s.text == s.text.strip() for s in cut)
    assert " ".join(s.text for s in cut).split() == text.split()  # cut between words, nothing lost
    unbroken = sentences("x" * 2500)
    assert [(s.start, s.end) for s in unbroken] == [(0, 1000), (1000, 2000), (2000, 2500)]


@pytest.mark.parametrize("sentence", ["lorem ipsum dolor sit amet. ", "no end "])
def test_the_closest_passage_of_a_large_source_compares_a_bounded_part_of_it(sentence: str) -> None:
    passages = Passages(sentence * 40_000)
    for excerpt in ("unity above all", "lorem ipsum zzz amet", "x" * 100_000):
        picked = passages.shortlist(excerpt)
        assert sum(len(passages.folded[k]) for k in picked) <= MAX_COMPARED + segment.LONGEST
        assert passages.closest(excerpt)
    assert len(Passages(sentence * 10).shortlist("anything")) == len(Passages(sentence * 10).sentences)  # small: all


def test_verify_against_a_source_without_sentence_ends_names_each_miss_and_its_closest_passage(
    tmp_path: Path, model_file: Path
) -> None:
    source = tmp_path / "free.txt"
    source.write_text(hostile.sentence_free_source(), encoding="utf-8")
    code, out, err = invoke("--data", str(model_file), "verify", "--source", str(source))
    assert (code, out) == (3, "")
    assert err.splitlines()[0] == (
        f"{model_file}:17:15: unity (evidence) not found in {source}: \u201cunity above all\u201d; closest: "
        "\u201clorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
        "lorem ipsum dolor \u2026\u201d"
    )


def test_the_strongest_relations_of_a_graph_are_at_most_the_limit_in_their_order(tmp_path: Path) -> None:
    model = tmp_path / "dense.yaml"
    model.write_text(hostile.dense_graph(100, 2), encoding="utf-8")
    graph = graphs.build(Index(load(model)), actor="land")
    edges = [r.id for r in graph.edges]
    assert graph.strongest(len(edges)) is graph
    three = graph.strongest(3)
    by_size = sorted(graph.edges, key=lambda r: -abs(r.score))[:3]
    assert [r.id for r in three.edges] == [r for r in edges if r in {x.id for x in by_size}]  # in their order
    assert {abs(r.score) for r in three.edges} == {10}
    assert {a.id for a in three.nodes} == {r.from_ for r in three.edges} | {r.to for r in three.edges} | {"land"}
    assert [a.id for a in graph.strongest(0).nodes] == ["land"]  # the root kept


def test_the_brief_page_hands_dot_at_most_the_drawn_relations_and_says_how_many_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tmp_path / "dense.yaml"
    model.write_text(hostile.dense_graph(), encoding="utf-8")
    handed: list[str] = []
    monkeypatch.setattr(svg_clean, "draw", lambda source, label: handed.append(source) or "<svg></svg>")
    code, out, err = invoke("--data", str(model), "brief", "--actor", "land", "--format", "html")
    assert (code, err) == (0, "")
    assert len(handed) == 1 and handed[0].count(" -> ") == MAX_DRAWN
    total = 8000 + 3  # the fixture's own relations of Landia too
    assert f"Drawn: the {MAX_DRAWN} strongest relations; the other {total - MAX_DRAWN} are in the table only." in out
    assert out.count('<tr><td data-label="Relation">') == total


TABLE = ("--format", "table")
BOUNDED = {
    "line-breaks": [
        ("actors", *TABLE, "--fields", "id,description"),
        ("actor", "breaks", *TABLE),
        ("search", "word", *TABLE),
        ("actors", "--format", "json"),
        ("brief", "--actor", "breaks", "--format", "html"),
    ],
    "long-line": [
        ("actors", *TABLE, "--fields", "id,description"),
        ("actor", "long", *TABLE),
        ("search", "word", *TABLE),
        ("actors", "--format", "csv"),
        ("validate",),
    ],
    "dense-graph": [
        ("brief", "--actor", "land", "--format", "html"),
        ("brief", "--actor", "land", "--format", "text"),
        ("relations", *TABLE),
        ("actor", "land", *TABLE),
        ("graph", "--actor", "land", "--format", "text"),
        ("graph", "--format", "dot"),
    ],
    "extreme-dates": [("brief", "--format", "html"), ("timeline", *TABLE), ("compare", "1", "9999", *TABLE)],
    "fixture": [
        ("--width", "1000", "brief", "--format", "text"),
        ("--width", "1000", "compare", "2018", "2024", *TABLE),
        ("--width", "1000", "compare", "2018", "2024", "--export", "wide.svg"),
        ("--width", "1000", "graph", "--format", "text"),
        ("--width", "1000", "relations", "--export", "wide.html"),
    ],
}
SOURCES = {"sentence-free": hostile.sentence_free_source, "many-sentences": hostile.many_sentences}


def _model(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(hostile.MODELS[name]() if name in hostile.MODELS else FIXTURE_YAML, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("name", "args"), [(name, args) for name, runs in BOUNDED.items() for args in runs], ids=lambda v: " ".join(v)
)
def test_each_hostile_input_ends_within_the_bounds(tmp_path: Path, name: str, args: tuple[str, ...]) -> None:
    if "html" in args and "brief" in args and which("dot") is None:
        pytest.skip("no Graphviz dot: the page's picture is not drawn")
    done = bounded(tmp_path, "--data", str(_model(tmp_path, name)), *args)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (done.stderr == "" and done.stdout) or "--export" in args
    if "html" in args and "dense-graph" == name:
        assert "<svg" in done.stdout and "Drawn: the 60 strongest relations" in done.stdout


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("name", ["fixture", "missing-excerpts"])
@pytest.mark.parametrize("command", ["verify", "coverage", "coverage-json", "diff"])
def test_a_large_source_is_checked_within_the_bounds(tmp_path: Path, source: str, name: str, command: str) -> None:
    text = tmp_path / f"{source}.txt"
    text.write_text(SOURCES[source](), encoding="utf-8")
    model = str(_model(tmp_path, name))
    args = {
        "verify": ("verify", "--source", str(text)),
        "coverage": ("coverage", str(text)),
        "coverage-json": ("coverage", str(text), "--format", "json"),
        "diff": ("diff", str(_model((tmp_path / "old").resolve(), "fixture")), model, "--source", str(text)),
    }[command]
    done = bounded(tmp_path, "--data", model, *args)
    missed = command == "verify" or (command == "diff" and name != "fixture")
    assert done.returncode == (3 if missed else 0), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_huge_width_is_refused_at_once(tmp_path: Path) -> None:
    model = str(_model(tmp_path, "fixture"))
    done = bounded(tmp_path, "--data", model, "--width", "1000000000", "brief", "--export", "w.svg")
    assert (done.returncode, done.stdout) == (2, "")
    assert "Input should be less than or equal to 1000" in done.stderr and not (tmp_path / "w.svg").exists()


def test_diff_looks_for_the_closest_passage_of_at_most_max_closest_misquotes(
    tmp_path: Path, model_file: Path, source_file: Path
) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(hostile.missing_excerpts(30), encoding="utf-8")
    code, out, err = invoke("diff", str(model_file), str(new), "--source", str(source_file), "--format", "json")
    assert (code, err) == (3, f"policyx: 30 added or changed excerpts are not in {source_file}\n")
    misquotes = json.loads(out)["verified"]["not_found"]
    assert len(misquotes) == 30
    assert [bool(m["closest"]) for m in misquotes] == [True] * MAX_CLOSEST + [False] * (30 - MAX_CLOSEST)
    code, out, err = invoke("diff", str(model_file), str(new), "--source", str(source_file))
    lines = [line for line in out.splitlines() if "not in the source" in line]
    assert len(lines) == 30 and "; closest: \u201c" in lines[0] and "closest" not in lines[-1]


def test_long_choices_are_indexed_by_their_tips_not_by_every_letter_dropped() -> None:
    ids = [f"{i:04d}-" + "abcdefghij" * 10 + f"-{i:04d}" for i in range(1000)]  # 110 letters each
    suggester = Suggester(ids)
    _starts, keys = suggester._build()
    assert len(keys) < 6 * len(ids)  # the id, its start, its words and its two tips: no letter dropped
    typo = ids[5].replace("abcdefghij", "abcdefghiz", 1)
    assert typo not in ids and suggester.hint(typo) == f" (did you mean {ids[5]!r}?)"
    assert len(suggester.candidates(typo)) <= CANDIDATES


def test_a_long_run_of_lines_without_sentence_ends_is_cut_at_a_line_break() -> None:
    text = "".join(f"passage {n} of some words without an end\n" for n in range(100))
    cut = sentences(text)
    assert len(cut) > 1 and all(len(s.text) <= segment.LONGEST for s in cut)
    assert all(s.text.startswith("passage ") and s.text.endswith(" end") for s in cut)  # whole lines
