"""Every command documents itself (a one-line summary and a worked example in --help), and the docs say what the
code says: the generated reference sections match the code, the CLI reference has every command and option of the
help, every exit status is listed, the Python examples run and every link leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from policyx.cli import app, reference, reference_model
from policyx.errors import ExitStatus

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands() -> None:
    assert COMMANDS == [
        "actor",
        "actors",
        "brief",
        "cite",
        "compare",
        "coverage",
        "diff",
        "export",
        "graph",
        "new",
        "priorities",
        "quotes",
        "relations",
        "schema",
        "search",
        "themes",
        "timeline",
        "validate",
        "verify",
        "why",
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    doc = command.callback.__doc__ or ""
    summary = doc.strip().splitlines()[0]
    assert summary.endswith(".") and len(summary) <= 120
    assert summary in result.stdout
    assert f"Example: policyx {name}" in doc or f"Example: policyx --data my-model.yaml {name}" in doc
    assert "Example: policyx" in result.stdout


# The reference documents: generated from the code, and checked against it ---------------------------

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKDOWN = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "data" / "CODING.md", *sorted(DOCS.glob("*.md"))]
GENERATED = {
    "cli.md": ["cli"],
    "formats.md": ["formats", "fields", "sqlite"],
    "model.md": ["model"],
    "guarantees.md": ["exit-codes"],
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_each_reference_holds_its_generated_sections(name: str) -> None:
    assert reference.sections((DOCS / name).read_text(encoding="utf-8")) == GENERATED[name]


@pytest.mark.parametrize("path", MARKDOWN, ids=[p.name for p in MARKDOWN])
def test_generated_sections_say_what_the_code_says(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert reference.refresh(text) == text, f"{path.name} is stale: run make docs"


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    return result.stdout


def _named(help_text: str) -> tuple[set[str], set[str]]:
    """The options and the commands a --help output shows in its panels."""
    options, commands = set(), set()
    for line in help_text.splitlines():
        if line.startswith("│"):
            options.update(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", line))
            commands.update(re.findall(r"^│ ([a-z]+) {2,}\S", line))
    return options, commands


def _sections_of_cli_md() -> dict[str, str]:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (policyx(?: [a-z]+)?)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_the_cli_reference_has_every_command_and_option_of_the_help(name: str) -> None:
    section = _sections_of_cli_md()[f"policyx {name}".strip()]
    options, commands = _named(_help(*([name] if name else [])))
    assert {"--help", "-h"} <= options
    for option in options:
        assert re.search(rf"`[^`]*(?<![\w-]){re.escape(option)}(?![\w-])[^`]*`", section), f"{option} of {name!r}"
    assert commands == (set(COMMANDS) if not name else set())
    for command in commands:
        assert f"[`{command}`](#policyx-{command})" in section


def test_the_cli_reference_fails_when_it_and_the_app_disagree() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    stale = text.replace("| `--min-score N` |", "| `--lowest N` |")
    assert stale != text
    assert reference.refresh(stale) == text


def test_the_help_epilog_lists_every_exit_status() -> None:
    epilog = " ".join(_help().replace("│", " ").split())
    for status in ExitStatus:
        assert f"{int(status)} {status.name.lower().replace('_', ' ')}" in epilog
    assert f"{reference.TERMINATED} terminated" in epilog


def test_the_exit_codes_table_has_every_status_and_its_meaning() -> None:
    table = reference.exit_codes()
    assert set(reference.MEANINGS) == set(ExitStatus)
    for status in ExitStatus:
        assert f"| {int(status)} | {status.name} | {reference.MEANINGS[status]} |" in table
    assert "`NotFound`" in table and "`DataError`" in table


def test_the_fields_tables_name_every_view_and_field() -> None:
    from policyx.queries import FIELDS

    table = reference.fields_reference()
    for view, fields in FIELDS.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| {view} |"))
        assert [f.strip("*") for f in row.split(" | ")[1].split(", ")] == list(fields)
    kinds = table.split("What each field holds")[1]
    for field in {f for fields in FIELDS.values() for f in fields}:
        assert re.search(rf"[|,] {field}(,| \|)", kinds), field


def test_the_fields_tables_need_a_run_of_every_view(monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx import queries

    fields = queries.FIELDS
    monkeypatch.setattr(queries, "FIELDS", {**fields, "extra": ["id"]})
    with pytest.raises(ValueError, match="extra"):
        reference.fields_reference()
    monkeypatch.setattr(queries, "FIELDS", fields)
    runs = reference._views()
    monkeypatch.setattr(reference, "_views", lambda: {**runs, "priorities": runs["actors"]})
    with pytest.raises(ValueError, match="priorities"):
        reference.fields_reference()


def test_the_model_reference_has_every_field_of_the_schema() -> None:
    from policyx.schema import json_schema

    text = reference.model_reference()
    for name, definition in json_schema()["$defs"].items():
        assert f"### {name}" in text
        for field in definition["properties"]:
            assert f"| `{field}` |" in text, f"{name}.{field}"


def test_schema_types_in_words() -> None:
    assert reference_model._kind({"const": 1}) == "`1`"
    assert reference_model._kind({"type": "number"}) == "number"
    assert reference_model._kind({"type": "integer"}) == "integer"


def test_generated_sections_are_named_and_closed() -> None:
    with pytest.raises(ValueError, match="unknown generated section 'nope'"):
        reference.refresh("<!-- BEGIN generated nope -->\n<!-- END generated nope -->")
    with pytest.raises(ValueError, match="no END"):
        reference.refresh("<!-- BEGIN generated cli -->\n")
    assert reference.refresh("no sections") == "no sections"


@pytest.mark.parametrize("path", MARKDOWN, ids=[p.name for p in MARKDOWN])
def test_the_python_examples_run(path: Path) -> None:
    for block in re.findall(r"^```python\n(.*?)^```$", path.read_text(encoding="utf-8"), re.S | re.M):
        exec(compile(block, str(path), "exec"), {})


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```$", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    found: set[str] = set()
    for heading in re.findall(r"^#+ (.+)$", text, re.M):
        slug, n = _slug(heading), 0
        while (slug if n == 0 else f"{slug}-{n}") in found:
            n += 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    return found


@pytest.mark.parametrize("path", MARKDOWN, ids=[p.name for p in MARKDOWN])
def test_every_link_of_the_docs_leads_somewhere(path: Path) -> None:
    text = re.sub(r"^```.*?^```$", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        where = (path.parent / file).resolve() if file else path
        assert where.exists(), f"{path.name}: {target}"
        if anchor:
            assert anchor in _anchors(where), f"{path.name}: {target}"


def test_every_generated_section_is_written_from_the_code() -> None:
    text = "".join(
        f"<!-- BEGIN generated {name} -->\nstale\n<!-- END generated {name} -->\n" for name in reference.SECTIONS
    )
    done = reference.refresh(text)
    assert "stale" not in done and reference.sections(done) == list(reference.SECTIONS)
    assert reference.refresh(done) == done
    assert "## policyx compare" in done and "| `excerpts` |" in done and "| view |" in done
