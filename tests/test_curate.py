"""The curator's workbench on fixtures: coverage's numbers exactly, its four formats, new's model, bad input."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyx.coverage import coverage
from policyx.errors import ExitStatus
from policyx.loader import load, load_text
from policyx.output import coverage_page
from policyx.output.text import clean
from policyx.schema import json_schema
from policyx.verify import normalize, normalize_map

from .conftest import FIXTURE_SOURCE, FIXTURE_V2_YAML, FIXTURE_YAML, Result, Run
from .test_brief import PAYLOADS, Page, hostile, parse, write_model

# --------------------------------------------------------------------------- the numbers


def test_coverage_of_the_fixture_text_exactly() -> None:
    cov = coverage(load_text(FIXTURE_YAML), FIXTURE_SOURCE, "source.txt")
    rows = [(s.sentence.number, s.status, s.chars, s.covered, len(s.records)) for s in cov.sentences]
    assert rows == [
        (1, "uncovered", 16, 0, 0),  # "Landia turns north": 18 characters, 2 spaces, no record
        (2, "partly", 30, 10, 1),  # "Landia said" of "Landia said it would change course."
        (3, "partly", 100, 92, 11),
        (4, "partly", 45, 32, 6),
        (5, "partly", 36, 24, 1),  # she said, “We are one\nfamily”: the line break is white space
    ]
    assert (cov.sentences_covered, len(cov.sentences), cov.chars_covered, cov.chars) == (4, 5, 158, 227)
    assert cov.percent == 80.0 and round(cov.chars_percent, 1) == 69.6
    assert (len(cov.cited), cov.missing, cov.repeated, cov.skipped) == (20, [], [], 0)
    second = cov.sentences[1]
    assert [(s.start, s.end, s.records) for s in second.spans] == [(20, 31, ("land",))]
    assert FIXTURE_SOURCE[20:31] == "Landia said"
    third = cov.sentences[2]
    assert third.spans[0].records == ("speech-2018",) and third.spans[1].records == (
        "speech-2018",
        "p18-trade",
        "trade",
    )
    assert FIXTURE_SOURCE[third.spans[2].start : third.spans[2].end] == " with neigh-\nbours"  # across the break


def test_coverage_of_misquotes_repeats_and_other_sources() -> None:
    text = FIXTURE_SOURCE + "\nLandia said so twice.\n"
    model = FIXTURE_YAML.replace('evidence: "war with Rivalia"', 'evidence: "war against Rivalia"', 1)
    model = model.replace(
        "    description: The country the model describes.\n    source: art\n", "    description: x\n    source: ref\n"
    )
    cov = coverage(load_text(model), text, "source.txt")
    assert [(c.record, c.field) for c in cov.missing] == [("rival", "evidence")]
    assert cov.repeated == [] and cov.skipped == 1  # land's excerpt is the reference's now
    model = FIXTURE_YAML
    cov = coverage(load_text(model), text, "source.txt")
    assert [(c.record, c.occurrences) for c in cov.repeated] == [("land", 2)]
    assert cov.sentences[-1].records == ("land",) and len(cov.sentences) == 6  # every occurrence covers its sentence


@given(st.text(alphabet=st.sampled_from(list("ab -\u2014\u00ad\n\t\u201c\u2019.")), max_size=40))
def test_normalize_map_folds_as_normalize_does(text: str) -> None:
    folded, origin = normalize_map(text)
    assert folded == normalize(text)
    assert len(origin) == len(folded)
    for char, at in zip(folded, origin, strict=True):
        assert (char == " " and text[at].isspace()) or normalize(text[at]) in (char, "-", "") or text[at] in "\u2014"


def test_a_text_without_records_and_an_empty_one() -> None:
    cov = coverage(load_text(FIXTURE_YAML), "Nothing here. Nor here.", "t.txt")
    assert (cov.sentences_covered, len(cov.sentences), cov.percent) == (0, 2, 0.0)
    cov = coverage(load_text(FIXTURE_YAML), "", "t.txt")
    assert (cov.percent, cov.chars_percent, cov.sentences) == (100.0, 100.0, [])


# --------------------------------------------------------------------------- the formats


def test_coverage_text_markdown_and_json(run: Run, source_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(source_file.parent)  # a short name: the heading fits on one line whatever tmp_path is
    text = run("--width", "100", "--no-color", "coverage", source_file.name, terminal=True)
    assert text.exit_code == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "Coverage of source.txt (source art)"
    assert re.match(r"1 +Landia turns north +uncovered$", lines[4])
    assert lines[-2:] == ["4 of 5 sentences covered (80.0%); 158 of 227 characters (69.6%)", "uncovered: sentence 1"]
    markdown = run("coverage", str(source_file), "--format", "markdown").stdout
    assert "| 1 | **Landia turns north** | **uncovered** |" in markdown
    assert "| 2 | Landia said it would change course. | `land` |" in markdown
    data = json.loads(run("coverage", str(source_file), "-f", "json").stdout)
    assert data["summary"] == {
        "sentences": 5,
        "sentences_covered": 4,
        "percent": 80.0,
        "chars": 227,
        "chars_covered": 158,
        "chars_percent": 69.6,
        "excerpts": 20,
        "not_found": 0,
        "other_sources": 0,
    }
    assert data["sentences"][1]["spans"] == [{"start": 20, "end": 31, "records": ["land"]}]


def test_coverage_in_colour_mutes_what_is_covered(model_file: Path, source_file: Path) -> None:
    from typer.testing import CliRunner

    from policyx.cli import app
    from policyx.cli.env import Environment

    env = Environment(terminal=True, color=True, width=100)
    out = CliRunner().invoke(app, ["--data", str(model_file), "coverage", str(source_file)], obj=env).stdout
    assert "\x1b[2mLandia said\x1b[0m\x1b[1;33m it would change course.\x1b[0m" in out  # muted, then highlighted
    assert "\x1b[1mLandia turns north\x1b[0m" in out and "\x1b[1;31muncovered" in out


def test_coverage_min(run: Run, source_file: Path) -> None:
    assert run("coverage", str(source_file), "--min", "80").exit_code == 0
    below = run("coverage", str(source_file), "--min", "80.5", "-f", "json")
    assert below.exit_code == ExitStatus.BELOW == 5
    assert below.stderr == "policyx: 80.0% of the sentences are covered, below --min 80.5\n"
    assert json.loads(below.stdout)["summary"]["percent"] == 80.0  # the report is written all the same
    bad = run("coverage", str(source_file), "--min", "101")
    assert bad.exit_code == 2 and "101 is not a percentage from 0 to 100" in bad.stderr


def test_coverage_page(run: Run, source_file: Path, tmp_path: Path) -> None:
    page = tmp_path / "coverage.html"
    result = run("coverage", str(source_file), "--export", str(page))
    assert (result.exit_code, result.stderr) == (0, f"wrote {page}\n")
    parsed = parse(page.read_text(encoding="utf-8"))
    assert_inert(parsed)
    ids = {a.get("id") for _, a in parsed.tags}
    assert {"s-1", "s-5", "r-land", "r-q-family"} <= ids
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    assert "#r-land" in hrefs and all(h[1:] in ids for h in hrefs if h)  # every link lands on the page
    marks = [a.get("id") for t, a in parsed.tags if t == "mark" and a.get("id")]
    assert marks == ["s-1"]
    assert run("coverage", str(source_file), "--export", str(page)).exit_code == 1  # never over a file unasked


def assert_inert(parsed: Page) -> None:
    """No script, no handler, nothing loaded from anywhere, links only within the page."""
    tags = parsed.tags
    names = {tag for tag, _ in tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link", "base", "form", "svg"}
    for tag, attrs in tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcset", "action", "formaction", "style"), (tag, name)
            if name == "href":
                assert value is not None and re.fullmatch(r"#[rs]-[a-z0-9-]+", value), value


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_hostile_text_on_the_page_is_text(payload: str, tmp_path: Path) -> None:
    path = write_model(tmp_path / "hostile.yaml", hostile(payload))
    source = f"Landia turns north {payload}\n\n" + FIXTURE_SOURCE.split("\n", 2)[2] + f"\n{payload}\n"
    cov = coverage(load(path, use_cache=False), source, f"src {payload}.txt")
    page = coverage_page.render_html(cov)
    parsed = parse(page)
    assert_inert(parsed)
    assert "\x1b" not in page and "\u202e" not in page
    shown = " ".join(html.unescape("".join(parsed.text)).split())
    assert " ".join(clean(payload).split()) in shown
    assert "49" not in shown  # no template was evaluated


# --------------------------------------------------------------------------- new


def _new(run: Run, tmp_path: Path, *extra: str) -> tuple[Path, Result]:
    text = tmp_path / "address.txt"
    text.write_text("Veridia at the crossroads\n\nCitizens, we will build the northern road.\n", encoding="utf-8")
    made = tmp_path / "sub" / "veridia.yaml"
    made.parent.mkdir(exist_ok=True)
    return made, run("new", str(made), "--source", str(text), "--speaker", "Mara Ilves", *extra)


def test_new_makes_a_model_that_validates_verifies_and_points_at_the_schema(run: Run, tmp_path: Path) -> None:
    made, result = _new(run, tmp_path, "--date", "2031-03-04", "--author", "A. Writer", "--published", "2031-03")
    assert result.exit_code == 0, result.stderr
    text = made.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    target = first.removeprefix("# yaml-language-server: $schema=")
    assert target != first and not os.path.isabs(target)
    schema = (made.parent / target).resolve()
    assert json.loads(schema.read_text(encoding="utf-8")) == json_schema()  # the modeline resolves from here
    model = load(made, use_cache=False)
    assert [a.id for a in model.addresses] == ["address-2031"] and model.addresses[0].date == "2031-03-04"
    assert model.sources[0].id == "veridia" and model.sources[0].title == "Veridia at the crossroads"
    assert model.addresses[0].priorities[0].evidence == "Citizens, we will build the northern road."
    for collection in ("themes", "relations", "events", "quotes", "claims", "causes"):
        assert f"# {collection}:" in text
    checked = run("verify", "--source", str(tmp_path / "address.txt"), data=made)
    assert checked.exit_code == 0, checked.stderr
    again = run("new", str(made), "--source", str(tmp_path / "address.txt"))
    assert (again.exit_code, again.stderr) == (1, f"policyx: {made} exists: policyx new never replaces a file\n")
    assert made.read_text(encoding="utf-8") == text


def test_new_schema_option_and_bad_values(run: Run, tmp_path: Path) -> None:
    made, _ = _new(run, tmp_path, "--schema", "https://example.org/policy.schema.json", "--date", "2031")
    assert made.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=https://example.org/")
    (tmp_path / "sub" / "veridia.yaml").unlink()
    for args, message in (
        (("--date", "2031-02-30"), "policyx: --date: impossible date '2031-02-30': February 2031 has 28 days\n"),
        (
            ("--id", "Bad Id"),
            "policyx: 'Bad Id' is not an id: lower-case letters, digits and hyphens, from a letter or digit\n",
        ),
    ):
        bad = _new(run, tmp_path, *args)[1]
        assert (bad.exit_code, bad.stderr) == (2, message)
    assert not (tmp_path / "sub" / "veridia.yaml").exists()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("command", ["coverage", "new", "diff"])
def test_bad_source_texts_are_one_line(run: Run, tmp_path: Path, model_file: Path, command: str) -> None:
    def attempt(source: Path) -> Result:
        if command == "coverage":
            return run("coverage", str(source))
        if command == "new":
            return run("new", str(tmp_path / "new.yaml"), "--source", str(source))
        return run("diff", str(model_file), str(model_file), "--source", str(source))

    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"GIF89a\0\0\1")
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n", encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9")
    cases = {
        tmp_path / "missing.txt": "no such file",
        binary: "is binary (it holds NUL bytes), not a plain-text source",
        empty: "is empty: a source text has sentences to cover",
        latin: "not UTF-8: byte 0xe9 cannot be decoded",
        tmp_path: "is a directory, not a policy file",
    }
    for source, message in cases.items():
        result = attempt(source)
        assert result.exit_code == 3, (source, result.stderr)
        assert result.stderr.count("\n") == 1 and message in result.stderr


def test_an_enormous_source_text(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import sourcetext

    monkeypatch.setattr(sourcetext, "MAX_SOURCE_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("Landia said it. " * 10, encoding="utf-8")
    result = run("coverage", str(big))
    assert (result.exit_code, result.stderr) == (3, f"{big}: is 160 bytes: a source text is at most 100 bytes\n")


def test_the_v2_fixture_is_covered_too(tmp_path: Path) -> None:
    cov = coverage(load_text(FIXTURE_V2_YAML), FIXTURE_SOURCE, "source.txt")
    assert cov.sentences_covered == 5 and cov.sentences[0].status == "covered"
