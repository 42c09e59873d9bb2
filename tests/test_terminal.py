"""Tables as a person sees them: at 60, 80, 120 and 200 columns no id, date or word is split and no line
runs past the edge; in a real pseudo-terminal too."""

from __future__ import annotations

import functools
import json
import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyx.cli import app
from policyx.cli.env import Environment
from policyx.loader import shipped_model_path
from policyx.queries import RELATION_SORTS

from .conftest import Result

COMMANDS = [
    ("priorities",),
    ("priorities", "--cite"),
    ("compare", "2018", "2024"),
    ("why", "OTS"),
    ("brief",),
    ("actor", "OTS"),
    ("actor", "azerbaijan"),
    ("actors",),
    ("themes",),
    ("relations",),
    ("timeline",),
    ("quotes",),
    ("search", "Turkic"),
    ("graph",),
    ("graph", "--actor", "OTS", "--depth", "2"),
    ("cite", "q-turkic-family"),
    ("validate",),
]
PUNCTUATION = "\u201c\u201d\"'()[],;:.\u00b7\u2192\u2190\u2194\u25cf\u2500\u2026\u2502\u251c\u2514"
"""Stripped from words before comparing them: quotes, brackets, stops, arrows, bullets, ellipses, tree guides."""


def render(args: tuple[str, ...], width: int) -> str:
    env = Environment(terminal=True, color=False, width=width)
    full = ["--data", str(shipped_model_path()), *args]
    result = CliRunner().invoke(app, full, obj=env, catch_exceptions=False, env={"POLICYX_PAGER": ""})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def tokens(text: str) -> set[str]:
    return {t.strip(PUNCTUATION) for t in text.split()} - {""}


@functools.cache
def whole_words(args: tuple[str, ...]) -> frozenset[str]:
    """Every word a command shows, as written: drawn for a terminal too wide to wrap anything."""
    return frozenset(tokens(render(args, 100_000)))


@pytest.mark.parametrize("width", [60, 80, 120, 200])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_word_is_split_and_no_line_is_too_long(args: tuple[str, ...], width: int) -> None:
    whole = whole_words(args)  # every word as written, nothing wrapped
    out = render(args, width)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    split = sorted(tokens(out) - whole)
    assert split == [], f"split at {width} columns: {split[:10]}"


def test_narrow_tables_drop_secondary_columns_then_stack_rather_than_split_words() -> None:
    assert render(("actors",), 80).splitlines()[2].split() == ["id", "name", "kind", "aliases"]
    wide = ["id", "name", "priorities", "events", "quotes", "claims"]
    assert render(("themes",), 88).splitlines()[2].split() == wide
    stacked = [line.rstrip() for line in render(("themes",), 80).splitlines()[1:3]]
    assert stacked == [  # a theme's name would split: stacked, no count lost
        "  id turkic-integration \u00b7 priorities 1 \u00b7 events 4 \u00b7 quotes 3 \u00b7 claims 18",
        "  Turkic integration",
    ]
    assert [line.rstrip() for line in render(("actors",), 60).splitlines()[:4]] == [
        "Actors",
        "  id azerbaijan \u00b7 kind state",
        "  Azerbaijan",
        "  aliases: Republic of Azerbaijan",
    ]
    narrow = render(("relations", "--actor", "ots"), 60).splitlines()  # codes on a line, the summary under them
    assert [line.rstrip() for line in narrow[3:8]] == [
        "  way      with                  kind         score",
        " " + "\u2500" * 51,
        "  \u2190 from   Azerbaijan            alignment       +8",
        "    since 2024 \u00b7 As the article reports it, Aliyev outlined\u2026",
        "    (voice: Ilham Aliyev, as reported)",
    ]


def test_human_tables_show_names_machine_formats_ids() -> None:
    table = render(("relations", "--kind", "membership"), 200)
    assert "Organization of Turkic States" in table and " ots " not in table
    data = ["--data", str(shipped_model_path())]
    piped = CliRunner().invoke(app, [*data, "relations", "--actor", "ots", "--fields", "to"]).stdout
    assert piped.split()[:2] == ["ots", "ots"]


PTY_COMMANDS = [
    (),  # policyx alone: the overview
    *COMMANDS,
    ("relations", "--actor", "ots"),
    ("relations", "--sort", "score"),
]
DRIVER = """
import json, sys
from policyx.cli import app
for args in json.loads(sys.argv[1]):
    sys.stdout.write("\\x1e" + json.dumps(args) + "\\n")
    sys.stdout.flush()
    try:
        app(args, prog_name="policyx")
    except SystemExit as done:
        sys.stdout.flush()
        sys.stdout.write("\\x1e" + str(done.code or 0) + "\\n")
"""
"""Run in a pseudo-terminal: every command in one process, each output between two marker lines."""


def in_a_pty(width: int, commands: list[tuple[str, ...]], cache: Path) -> dict[tuple[str, ...], str]:
    """What each command shows in a real pseudo-terminal ``width`` columns wide (no pager, no colour)."""
    import fcntl
    import json
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of this size, running policyx
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
        env = {**os.environ, "POLICYX_CACHE_DIR": str(cache), "NO_COLOR": "1", "POLICYX_PAGER": ""}
        env.pop("COLUMNS", None)
        env.pop("POLICYX_DATA", None)
        os.execve(sys.executable, [sys.executable, "-c", DRIVER, json.dumps([list(c) for c in commands])], env)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    parts = text.split("\x1e")[1:]
    shown = {}
    for start, end in zip(parts[::2], parts[1::2], strict=True):
        head, _, out = start.partition("\n")
        assert end.strip() == "0", f"{head}: exit {end.strip()}"
        shown[tuple(json.loads(head))] = out
    return shown


@pytest.fixture(scope="module")
def pty_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[tuple[str, ...], str]]:
    cache = tmp_path_factory.mktemp("pty-cache")
    return {width: in_a_pty(width, PTY_COMMANDS, cache) for width in (60, 80, 120)}


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("width", [60, 80, 120])
def test_in_a_real_pseudo_terminal(width: int, pty_outputs: dict[int, dict[tuple[str, ...], str]]) -> None:
    shown = pty_outputs[width]
    assert sorted(shown) == sorted(PTY_COMMANDS)
    for args, out in shown.items():
        assert out.strip(), args
        widest = max(len(line.rstrip()) for line in out.splitlines())
        assert widest <= width, f"{' '.join(args)}: a line of {widest} columns"
        assert sorted(tokens(out) - whole_words(args)) == [], f"{' '.join(args)}: a word split"


LINE_RATIOS = {("actor", "OTS"): 1.3, ("relations",): 1.5}
"""How much longer a human table may be at 80 columns than at 120, on the shipped model."""


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("args", list(LINE_RATIOS), ids=" ".join)
def test_at_80_columns_reading_text_gets_the_width(
    args: tuple[str, ...], pty_outputs: dict[int, dict[tuple[str, ...], str]]
) -> None:
    lines = {width: len(pty_outputs[width][args].splitlines()) for width in (80, 120)}
    assert lines[80] <= LINE_RATIOS[args] * lines[120], lines


# --------------------------------------------------------------------------- views at 80 columns


def at_80(run: Callable[..., Result], *args: str, data: Path | None = None) -> str:
    """A command as an 80-column terminal without colour shows it, its lines without the padding."""
    result = run("--width", "80", "--no-color", *args, data=data, terminal=True)
    assert (result.exit_code, result.stderr) == (0, "")
    return "".join(line.rstrip() + "\n" for line in result.stdout.splitlines())


LEGEND = "score: the curator's coding, \u221210 (war) to +10 (integration)."


def test_relations_sorted_by_score_at_80_columns(run: Callable[..., Result]) -> None:
    assert at_80(run, "relations", "--sort", "score") == (
        "Relations, by score\n"
        "\n"
        "  from \u2192 to                kind        score\n"
        " " + "\u2500" * 44 + "\n"
        "  Landia \u2192 Northern Bloc   alignment      +8\n"
        "    since 2024-02 \u00b7 Landia puts the bloc first.\n"
        "  Rivalia \u2192 Landia         pressure       -4\n"
        "    2019..2021 \u00b7 Rivalia leans on Landia.\n"
        "  Landia \u2194 Rivalia         war           -10\n"
        "    2020-09..2020-11 \u00b7 The short war.\n"
        "\n"
        f"\u2194: both ways; {LEGEND}\n"
        "Full summaries and ids: --format json, or --fields id,summary.\n"
    )
    by = {order: run("relations", "--sort", order, "--fields", "id").stdout.split() for order in RELATION_SORTS}
    assert by == {
        "score": ["r-land-bloc", "r-rival-land", "r-war"],
        "kind": ["r-land-bloc", "r-rival-land", "r-war"],  # alignment, pressure, war
        "from": ["r-land-bloc", "r-war", "r-rival-land"],  # Landia, Landia, Rivalia (ties: the model's order)
        "to": ["r-rival-land", "r-land-bloc", "r-war"],  # Landia, Northern Bloc, Rivalia
        "since": ["r-rival-land", "r-war", "r-land-bloc"],  # 2019, 2020-09, 2024-02
    }


def test_relations_of_an_actor_show_the_counterpart_and_direction(run: Callable[..., Result]) -> None:
    assert at_80(run, "relations", "--actor", "land", "--sort", "since") == (
        "Relations, by since\n"
        "\n"
        "  way      with            kind        score\n"
        " " + "\u2500" * 44 + "\n"
        "  \u2190 from   Rivalia         pressure       -4\n"
        "    2019..2021 \u00b7 Rivalia leans on Landia.\n"
        "  \u2194 both   Rivalia         war           -10\n"
        "    2020-09..2020-11 \u00b7 The short war.\n"
        "  \u2192 to     Northern Bloc   alignment      +8\n"
        "    since 2024-02 \u00b7 Landia puts the bloc first.\n"
        "\n"
        f"way: \u2192 to, \u2190 from, \u2194 both ways; {LEGEND[:-15]}\n"
        "(integration).\n"
        "Full summaries and ids: --format json, or --fields id,summary.\n"
    )
    assert run("relations", "--actor", "land", "--header").stdout == (
        "id\tfrom\tkind\tto\tcounterpart\tdirection\tscore\tsince\tuntil\tbasis\n"
        "r-land-bloc\tland\talignment\tbloc\tbloc\tout\t8\t2024-02\t\tstated\n"
        "r-rival-land\trival\tpressure\tland\trival\tin\t-4\t2019\t2021\tinferred\n"
        "r-war\tland\twar\trival\trival\tmutual\t-10\t2020-09\t2020-11\tstated\n"
    )
    rows = json.loads(run("relations", "--format", "json").stdout)
    assert {(row["counterpart"], row["direction"]) for row in rows} == {(None, None)}  # only with --actor


def test_search_hits_show_a_snippet_with_the_matches_marked(run: Callable[..., Result], model_v2: Path) -> None:
    assert at_80(run, "search", "bloc", data=model_v2) == (
        "Search: bloc  (10 hits, best first)\n"
        "\n"
        "  actor bloc  Northern Bloc\n"
        "  event e-summit  Bloc summit (A. Writer)\n"
        "  priority p24-bloc  Ties with the Northern Bloc (Ada Leader, as reported)\n"
        "  address speech-2024  2024 address\n"
        "    summary: The bloc above all.\n"
        "  cause why-support-bloc  Gratitude for the bloc's help puts it\u2026 (A. Writer)\n"
        "  claim cl-bloc-stood-by  The bloc stood by Landia in the war.\n"
        "     (curator's reading of A. Writer's words)\n"  # whose view each hit states, a reading marked
        "  claim cl-shift  The 2024 address turns from trade to the bloc. (A. Writer)\n"
        "  relation r-land-bloc  Landia \u2192 Northern Bloc (alignment) (A. Writer)\n"
        "    summary: Landia puts the bloc first.\n"
        "  theme unity  Unity\n"
        "    description: Working together in the bloc.\n"
        "  cause why-war-support  The war showed who Landia's friends were\n"
        "     (curator's reading of A. Writer's words)\n"
        "    effect: cl-bloc-stood-by\n"
        "\n"
    )
    hits = json.loads(run("search", "bloc", "--format", "json", data=model_v2).stdout)
    assert list(hits[0]) == ["type", "id", "field", "score", "text", "name", "snippet", "offsets", "voice", "basis"]
    address = next(hit for hit in hits if hit["id"] == "speech-2024")
    assert (address["name"], address["snippet"], address["offsets"]) == (
        "2024 address",
        "The bloc above all.",
        [[4, 8]],
    )
    coloured = run("--width", "80", "search", "bloc", data=model_v2, terminal=True).stdout
    assert "The \x1b[1;7mbloc\x1b[0m above all." in coloured  # bold and reverse on a terminal
    piped = run("search", "bloc", data=model_v2).stdout  # a pipe: the fields it always had, and whose view
    assert "address\tspeech-2024\tsummary\t3.0\tThe bloc above all.\t\tstated\n" in piped
    assert "claim\tcl-bloc-stood-by\tsummary\t3.0\tThe bloc stood by Landia in the war.\twriter\tinferred\n" in piped


def test_a_long_text_gives_a_snippet_around_its_first_match() -> None:
    from policyx.queries.search import snippet

    text = "One two three four five six seven eight nine ten. " * 4 + "The Turkic world. " + "Filler words. " * 9
    shown, offsets = snippet(text, ["turkic"])
    assert shown == (
        "\u2026seven eight nine ten. The Turkic world. Filler words. Filler words. Filler words. Filler words.\u2026"
    )  # 30 characters before the match at most, 100 in all, cut between words
    assert [shown[a:b] for a, b in offsets] == ["Turkic"]
    assert snippet("Defence and neo-colonialism", ["defense", "neocolonialism"]) == (
        "Defence and neo-colonialism",
        [[0, 7], [12, 27]],  # as search compares words: spellings and hyphenated prefixes made one
    )


def test_graph_on_a_terminal_is_a_tree_of_who_relates_to_whom(run: Callable[..., Result]) -> None:
    legend = (
        "\u2192 from the actor above to this one, \u2190 from this one to it, \u2194 both ways; score:\n"
        "the curator's coding, \u221210 (war) to +10 (integration).\n"
        "As a picture: policyx graph --format dot | dot -Tsvg > graph.svg\n"
    )
    assert at_80(run, "graph", "--actor", "bloc", "--depth", "2") == (
        "Relations of Northern Bloc (depth 2)\n"
        "Northern Bloc\n"
        "\u2514\u2500\u2500 Landia  \u2190 alignment +8\n"
        "    \u2514\u2500\u2500 Rivalia  \u2190 pressure -4 \u00b7 \u2194 war -10\n" + legend
    )
    assert at_80(run, "graph") == (
        "Relations\n"
        "Landia\n"
        "\u251c\u2500\u2500 Northern Bloc  \u2192 alignment +8\n"
        "\u2514\u2500\u2500 Rivalia  \u2194 war -10\n"
        "Rivalia\n"
        "\u2514\u2500\u2500 Landia  \u2192 pressure -4\n" + legend
    )
    assert run("graph").stdout.startswith("digraph policyx {\n")  # in a pipe: DOT, for dot -Tsvg
    assert run("graph", "--format", "text").stdout.startswith("Relations\nLandia\n")
    assert "dot -Tsvg" in " ".join(CliRunner().invoke(app, ["graph", "--help"]).stdout.split())


# --------------------------------------------------------------------------- completion


def complete(words: str, data: Path | None = None) -> list[str]:
    """What bash completion offers for the last word of ``words``, through Typer's completion protocol."""
    line = f"policyx --data {data} {words}" if data else f"policyx {words}"
    env = {"_POLICYX_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(line.split(" ")) - 1)}
    result = CliRunner().invoke(app, [], env=env, prog_name="policyx", catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


def test_completion_of_actors_by_id_name_or_alias() -> None:
    assert complete("actor o") == ["ots", "oic"]  # OIC by its name, Organisation of Islamic Cooperation
    assert complete("actor turk") == ["turkic-states"]
    assert complete("relations --actor azerb") == ["azerbaijan", "azerbaijani-society", "azerbaijani-delegation"]


def test_completion_of_years_ids_themes_kinds_and_levels(model_file: Path) -> None:
    assert complete("compare ", model_file) == ["2018", "2024", "speech-2018", "speech-2024"]
    assert complete("cite q-", model_file) == ["q-family"]
    assert complete("why b", model_file) == ["bloc"]
    assert complete("priorities --theme t", model_file) == ["trade"]
    assert complete("actors --kind o", model_file) == ["organisation"]
    assert complete("relations --kind w", model_file) == ["war"]
    assert complete("priorities --emphasis m", model_file) == ["major", "mentioned"]
    assert complete("priorities --format js", model_file) == ["json", "jsonl"]


def test_completion_of_field_lists(model_file: Path) -> None:
    assert complete("priorities --fields id,ti", model_file) == ["id,title"]
    assert complete("relations --fields s", model_file) == ["score", "since", "summary", "source"]


def test_completion_of_a_model_that_cannot_load_offers_nothing(tmp_path: Path) -> None:
    assert complete("actor o", tmp_path / "missing.yaml") == []


# --------------------------------------------------------------------------- the pager


def paged(
    args: list[str], tmp_path: Path, *, height: int, pager: str | None, no_pager: bool = False
) -> tuple[str, str]:
    """(stdout, what the pager received) for a terminal of this height."""
    received = tmp_path / "paged.txt"
    received.unlink(missing_ok=True)
    env = {"POLICYX_PAGER": pager.format(file=received)} if pager is not None else {}
    full = ["--data", str(shipped_model_path()), *(["--no-pager"] if no_pager else []), *args]
    screen = Environment(terminal=True, color=False, width=80, height=height)
    result = CliRunner().invoke(app, full, obj=screen, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout, received.read_text(encoding="utf-8") if received.exists() else ""


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    pager = f"{sys.executable} -c \"import sys; open(r'{{file}}', 'w').write(sys.stdin.read())\""
    out, received = paged(["actors"], tmp_path, height=10, pager=pager)
    assert out == ""
    assert received == render(("actors",), 80)
    out, received = paged(["themes"], tmp_path, height=200, pager=pager)  # shorter than the screen
    assert (out, received) == (render(("themes",), 80), "")
    out, received = paged(["actors"], tmp_path, height=10, pager=pager, no_pager=True)
    assert (out, received) == (render(("actors",), 80), "")
    out, received = paged(["actors"], tmp_path, height=10, pager="")  # an empty POLICYX_PAGER: none
    assert received == ""


def test_never_a_pager_in_a_pipe(tmp_path: Path) -> None:
    env = {"POLICYX_PAGER": "false"}
    result = CliRunner().invoke(app, ["actors"], obj=Environment(terminal=False, height=1), env=env)
    assert result.stdout.startswith("azerbaijan\tAzerbaijan\t")


# --------------------------------------------------------------------------- help and errors


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_help_has_no_placeholder_noise_and_lists_each_views_fields() -> None:
    from typer.main import get_command

    for name in sorted(get_command(app).commands):  # type: ignore[attr-defined]
        text = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "120"}).stdout
        assert not re.search(r"<(bool|str|int|list|path|file)", text, re.IGNORECASE), name
    text = CliRunner().invoke(app, ["relations", "--help"], env={"COLUMNS": "200"}).stdout
    assert "Fields: id, from, to, counterpart, direction, kind, score, mutual, since, until, summary, voice," in text


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_every_help_example_runs(tmp_path: Path) -> None:
    from typer.main import get_command

    from policyx.loader import load
    from policyx.model import Quote, Record, walk

    model = load(shipped_model_path())
    article = "\n".join([r.evidence for _, r in walk(model) if isinstance(r, Record)] + [q.text for q in model.quotes])
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    (tmp_path / "my-model.yaml").write_text(shipped_model_path().read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "old.yaml").write_text(shipped_model_path().read_text(encoding="utf-8"), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for name, command in sorted(get_command(app).commands.items()):  # type: ignore[attr-defined]
            example = re.search(r"Example: policyx (.*)", command.callback.__doc__).group(1)  # type: ignore[union-attr]
            words = shlex.split(example.split(" > ")[0].split(" | ")[0])  # redirections are the shell's
            result = CliRunner().invoke(app, words, catch_exceptions=False)
            assert result.exit_code == 0, f"{name}: {example}: {result.stderr}"
    finally:
        os.chdir(cwd)
    assert isinstance(model.quotes[0], Quote)


def test_global_options_work_after_the_command_too(model_file: Path) -> None:
    after = CliRunner().invoke(app, ["actors", "--fields", "id", "--data", str(model_file), "--no-color"])
    before = CliRunner().invoke(app, ["--data", str(model_file), "--no-color", "actors", "--fields", "id"])
    assert after.stdout == before.stdout == "land\nbloc\nleader\nrival\n"
    assert CliRunner().invoke(app, [f"--data={model_file}", "actors", "--no-cache", "--", "x"]).exit_code == 2


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["actors"], {"POLICYX_DATA": "{missing}"}, "{missing}: no such file (from $POLICYX_DATA)\n"),
        (["--data", "{missing}", "actors"], {}, "{missing}: no such file (from --data)\n"),
        (
            ["actors", "--kind", "country"],
            {},
            "policyx: Invalid value for '--kind' / '-k': no actor kind 'country' (did you mean 'state'?); kinds: "
            "forum, group, institution, organisation, person, region, state (see 'policyx actors --help')\n",
        ),
        (
            ["priorities", "--emphasis", "high"],
            {},
            "policyx: Invalid value for '--emphasis' / '-e': no emphasis 'high' (did you mean 'major'?); emphasis "
            "levels: overarching, major, mentioned (see 'policyx priorities --help')\n",
        ),
    ],
)
def test_errors_say_where_and_what_was_meant(
    args: list[str], env: dict[str, str], message: str, tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.yaml")  # a path no other program can have made
    args = [arg.replace("{missing}", missing) for arg in args]
    env = {name: value.replace("{missing}", missing) for name, value in env.items()}
    result = CliRunner().invoke(app, args, env=env)
    assert result.stderr == message.replace("{missing}", missing)


def test_no_suggestion_for_a_word_like_no_id() -> None:
    """Which words get a suggestion is tested as data in tests/test_bounded.py (CLOSE); here, the CLI."""
    data = ["--data", str(shipped_model_path())]
    assert "did you mean" not in CliRunner().invoke(app, [*data, "cite", "nope"]).stderr


ACTORS = "actors: land, bloc, leader, rival"
DATES = "write YYYY, YYYY-MM or YYYY-MM-DD"
INVALID_FILTERS = [
    (("priorities", "--year", "abc"), "'abc' is not a year; years with addresses: 2018, 2024"),
    (("priorities", "--year", "2019"), "no address in 2019; years with addresses: 2018, 2024"),
    (("priorities", "--theme", "nope"), "no theme 'nope'; themes: unity, trade"),
    (("priorities", "--actor", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (
        ("priorities", "--emphasis", "high"),
        "no emphasis 'high' (did you mean 'major'?); emphasis levels: overarching, major, mentioned",
    ),
    (("priorities", "--voice", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (("why", "bloc", "--voice", "blok"), f"no actor 'blok' (did you mean 'bloc'?); {ACTORS}"),
    (("brief", "--actor", "l"), "actor 'l' is ambiguous: land (Landia), leader (Ada Leader)"),
    (("actors", "--kind", "planet"), "no actor kind 'planet'; kinds: organisation, person, state"),
    (("relations", "--actor", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (("relations", "--kind", "allies"), "no relation kind 'allies'; kinds: alignment, pressure, war"),
    (("relations", "--min-score", "abc"), "'abc' is not a score; scores run from -10 to 10"),
    (("relations", "--max-score", "11"), "11 is off the scale, which runs from -10 to 10"),
    (("relations", "--as-of", "2020-13"), f"impossible date '2020-13': there is no month 13; {DATES}"),
    (("relations", "--voice", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (("relations", "--sort", "name"), "'name' is not one of: score, kind, from, to, since"),
    (("timeline", "--from", "x"), f"'x' is not a date: {DATES}"),
    (("timeline", "--to", "2024-02-30"), f"impossible date '2024-02-30': February 2024 has 29 days; {DATES}"),
    (("timeline", "--actor", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (("timeline", "--theme", "nope"), "no theme 'nope'; themes: unity, trade"),
    (("timeline", "--voice", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (("quotes", "--speaker", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (("quotes", "--voice", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (("graph", "--actor", "nobody"), f"no actor 'nobody'; {ACTORS}"),
    (("graph", "--depth", "0"), "'0' is not a depth; give a number of steps, 1 or more"),
    (("graph", "--as-of", "soon"), f"'soon' is not a date: {DATES}"),
]
"""Every filter of every command, with a value it cannot take: the message lists what it can."""


@pytest.mark.parametrize(("args", "message"), INVALID_FILTERS, ids=[" ".join(a) for a, _ in INVALID_FILTERS])
def test_every_invalid_filter_value_is_a_usage_error_that_lists_the_valid_ones(
    run: Callable[..., Result], args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    option = next(a for a in args if a.startswith("--"))
    names = {"--year": "'--year' / '-y'", "--theme": "'--theme' / '-t'", "--actor": "'--actor' / '-a'"}
    names |= {"--emphasis": "'--emphasis' / '-e'", "--kind": "'--kind' / '-k'", "--sort": "'--sort' / '-s'"}
    shown = names.get(option, f"'{option}'")
    expected = f"policyx: Invalid value for {shown}: {message} (see 'policyx {args[0]} --help')\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


def test_a_filter_of_a_model_that_cannot_load_leaves_the_data_error_to_the_command(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = CliRunner().invoke(app, ["--data", str(missing), "priorities", "--theme", "x", "--year", "1"])
    assert (result.exit_code, result.stderr) == (3, f"{missing}: no such file (from --data)\n")


def test_the_overview_fits_a_narrow_terminal() -> None:
    out = CliRunner().invoke(app, ["--width", "40"], obj=Environment(terminal=True)).stdout
    lines = out.splitlines()
    assert max(map(len, lines)) <= 40
    assert "  policyx compare 2018 2024" in lines  # too long for its column: its words go under it
    assert lines[lines.index("  policyx compare 2018 2024") + 1].startswith(" " * 20)


def test_every_filter_option_is_in_the_table() -> None:
    from typer.main import get_command

    filters = {"--year", "--theme", "--actor", "--emphasis", "--voice", "--kind", "--min-score", "--max-score"}
    filters |= {"--as-of", "--from", "--to", "--speaker", "--depth", "--sort"}
    tested = {(args[0], next(a for a in args if a.startswith("--"))) for args, _ in INVALID_FILTERS}
    makers = {"new"}  # options that fill in a new file, not filters of what is shown
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        if name in makers:
            continue
        for param in command.params:
            for option in set(param.opts) & filters:
                assert (name, option) in tested, f"{name} {option} is not in INVALID_FILTERS"


def test_an_empty_no_color_does_not_turn_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "")
    assert Environment().wants_color() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert Environment().wants_color() is False


def test_search_folds_british_and_american_spellings() -> None:
    from policyx.queries import search_words

    assert search_words("Defence organisation neo-colonialism centre") == [
        "defense",
        "organization",
        "neocolonialism",
        "center",
    ]
    data = ["--data", str(shipped_model_path())]
    found = CliRunner().invoke(app, [*data, "quotes", "--search", "defence", "--fields", "id"]).stdout
    assert found == "q-defense-cooperation\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["priorities", "--format", "xml"],
            "policyx: Invalid value for '--format' / '-f': 'xml' is not one of: table, json, jsonl, csv, tsv, "
            "yaml, markdown (see 'policyx priorities --help')\n",
        ),
        (["prioritys"], "policyx: No such command 'prioritys'. Did you mean 'priorities'? (see 'policyx --help')\n"),
        (["compare", "2018"], "policyx: Missing argument 'SECOND'. (see 'policyx compare --help')\n"),
    ],
)
def test_usage_errors_are_one_policyx_line(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
