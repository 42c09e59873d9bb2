"""One policy for invisible characters in every output format, and Markdown that never links what data says.

Every character of ``text.INVISIBLE`` (controls, Unicode format characters, bidirectional controls,
separators, fillers, tag letters) is shown as a visible escape in every human format and written as an
escape of the format's own (the data exact) in JSON and YAML; SQLite keeps the data exact. Markdown
escapes link, image, autolink, HTML and code syntax wherever model text goes.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from policyx.output import WRITERS
from policyx.output.text import INVISIBLE, clean, to_json, to_markdown, to_markdown_code, to_yaml

from .conftest import FIXTURE_SOURCE, FIXTURE_V2_YAML, Result

Run = Callable[..., Result]

CLASS = [chr(c) for low, high in INVISIBLE for c in range(low, high + 1)]
DATA_CLASS = [c for c in CLASS if not 0xD800 <= ord(c) <= 0xDFFF]
"""The class as a model file can hold it (a lone surrogate is no character of UTF-8)."""
RAW = frozenset(CLASS)
LINKS = "[click](javascript:alert(1)) ![i](javascript:x) <javascript:alert(2)> <b>bold</b> `code` [r][x]"


def _yaml_escape(text: str) -> str:
    return "".join(c if c.isascii() and c.isprintable() else f"\\U{ord(c):08x}" for c in text)


def test_the_class_holds_every_format_character_and_no_ordinary_one() -> None:
    missing = [f"U+{c:04X}" for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf" and chr(c) not in RAW]
    assert missing == []
    assert "\t" not in RAW and "\n" not in RAW  # layout, kept
    assert not RAW & set("aé中 \u00a0\ufe0f\U0001f600")  # letters, spaces and emoji stay as they are


@pytest.mark.parametrize("char", CLASS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_character_of_the_class_is_escaped_by_every_primitive(char: str) -> None:
    text = f"a{char}b"
    code = ord(char)
    shown = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    assert clean(text) == f"a{shown}b"
    assert to_markdown(text) == f"a\\{shown}b"  # the escape's backslash escaped: it renders as \u061c
    assert to_markdown_code(text) == f"`a{shown}b`"
    for encoded in (to_json({"k": text}), to_json([text], indent=None), to_yaml({"k": text})):
        assert not RAW & set(encoded)
    assert json.loads(to_json({"k": text})) == {"k": text}
    assert yaml.safe_load(to_yaml({text: text})) == {text: text}


MACHINE = {"json", "jsonl", "yaml", "csl-json", "datasette"}
"""Formats that keep the data exact (escaped in the format's own way); every other one is for people."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Two models and a source, with every character of the class and Markdown link syntax in the
    places every output shows: an actor's name, the source's title, a claim, a relation, the source text."""
    where = tmp_path_factory.mktemp("hostile")
    chars = _yaml_escape("".join(DATA_CLASS))
    links = LINKS.replace('"', '\\"')
    text = FIXTURE_V2_YAML
    claim = "summary: The 2024 address turns from trade to the bloc."
    shown = ("name: Northern Bloc", "title: Landia turns north", claim)
    for old in shown:
        key, _, value = old.partition(": ")
        text = text.replace(f"{old}", f'{key}: "{value} {chars} {links} end"', 1)
    text = text.replace("summary: Landia puts the bloc first.", f'summary: "Landia {chars} {links}"')
    old_model, new_model = where / "old.yaml", where / "new.yaml"
    old_model.write_text(text.replace("Bloc summit", f'"Bloc {chars} {links}"'), encoding="utf-8")
    new_model.write_text(text.replace("Bloc summit", f'"Summit {chars} {links} new"'), encoding="utf-8")
    source = where / "source.txt"
    source.write_text(
        FIXTURE_SOURCE.replace("with unity above all.", f"with unity above all {''.join(DATA_CLASS[1:])} {LINKS}."),
        encoding="utf-8",
    )
    yield {"old": old_model, "new": new_model, "source": source, "where": where}


def _command(kind: str, fmt: str, files: dict[str, Path]) -> list[str]:
    model, new, source = str(files["new"]), str(files["old"]), str(files["source"])
    return {
        "view": ["actors"],
        "graph": ["graph"],
        "citation": ["cite", "--all"],
        "brief": ["brief"],
        "model": ["export"],
        "coverage": ["coverage", source],
        "diff": ["diff", new, model],
        "snapshot": ["diff", "--textconv", model],
    }[kind] + ([] if kind == "snapshot" else ["--format", fmt])


EVERY_FORMAT = [(kind, fmt) for kind, writers in WRITERS.items() for fmt in writers]


def _output(run: Run, files: dict[str, Path], kind: str, fmt: str) -> tuple[Result, str]:
    command = _command(kind, fmt, files)
    stdout = WRITERS[kind][fmt].stdout
    if not stdout:
        target = files["where"] / f"{kind}-{fmt}.{'db' if fmt == 'sqlite' else fmt}"
        target.unlink(missing_ok=True)
        command = [c for c in command if c not in ("--format", fmt)] + ["--export", str(target)]
        if kind == "model":
            command = ["export", "--format", fmt, str(target)]
    result = run(*command, data=files["new"])
    if stdout:
        return result, result.stdout
    if fmt == "sqlite":
        with sqlite3.connect(target) as db:
            name = db.execute("select name from actors where id = 'bloc'").fetchone()[0]
        return result, name
    return result, target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("kind", "fmt"), EVERY_FORMAT, ids=[f"{k}-{f}" for k, f in EVERY_FORMAT])
def test_every_output_format_escapes_every_character_of_the_class(
    run: Run, hostile: dict[str, Path], kind: str, fmt: str
) -> None:
    result, out = _output(run, hostile, kind, fmt)
    assert result.exit_code in (0, 1), result.stderr  # diff: 1, the models differ
    assert not RAW & set(result.stderr)
    if fmt == "sqlite":  # a database keeps the data exact
        assert out == "Northern Bloc " + "".join(DATA_CLASS) + " " + LINKS + " end"
        return
    assert sorted(f"U+{ord(c):04X}" for c in RAW & set(out)) == []
    if fmt in MACHINE:
        data = [json.loads(line) for line in out.splitlines()] if fmt == "jsonl" else _load(fmt, out)
        shown = "".join(_strings(data))
        if kind == "coverage":  # the source's sentences, split where it breaks lines (\\r, \\x85, \\u2028)
            assert sorted(set(DATA_CLASS[1:]) - set(shown)) == []
        else:
            assert "".join(DATA_CLASS) in shown  # the data exact
    else:
        assert "x0e" in out  # shown as an escape (\\x0e; in BibTeX, \\textbackslash{}x0e)


def _load(fmt: str, out: str) -> object:
    return yaml.safe_load(out) if fmt == "yaml" else json.loads(out)


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _rendered(markdown: str) -> list[str]:
    """The token types a CommonMark renderer (with GitHub's tables and strike-through) makes of Markdown."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    found = []
    for token in parser.parse(markdown):
        found.append(token.type)
        found += [child.type for child in token.children or []]
    return found


MARKDOWN = [(kind, fmt) for kind, fmt in EVERY_FORMAT if fmt == "markdown"]


@pytest.mark.parametrize(("kind", "fmt"), MARKDOWN, ids=[k for k, _ in MARKDOWN])
def test_no_markdown_output_links_what_the_data_says(run: Run, hostile: dict[str, Path], kind: str, fmt: str) -> None:
    result, out = _output(run, hostile, kind, fmt)
    assert result.exit_code in (0, 1), result.stderr
    assert "[click" in out.replace("\\", "")  # the data is there, as text
    tokens = _rendered(out)
    assert not {"link_open", "image", "html_inline", "html_block"} & set(tokens)
    assert "](" not in out and "<javascript" not in out and "<b>" not in out


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[click](javascript:alert(1))", "\\[click\\]\\(javascript:alert(1))"),
        ("<javascript:alert(1)>", "&lt;javascript:alert(1)&gt;"),
        ("![i](x)", "!\\[i\\]\\(x)"),
        ("[a][b]", "\\[a\\]\\[b\\]"),
        ("`a` ~~b~~ *c* _d_ #e |f", "\\`a\\` \\~\\~b\\~\\~ \\*c\\* \\_d\\_ \\#e \\|f"),
        ("\\](x)", "\\\\\\]\\(x)"),
        ("a &amp; b", "a &amp;amp; b"),
    ],
)
def test_markdown_escapes_link_syntax(text: str, shown: str) -> None:
    assert to_markdown(text) == shown
    assert not {"link_open", "image", "html_inline", "code_inline", "s_open", "em_open"} & set(_rendered(shown))


@pytest.mark.parametrize(("text", "shown"), [("a-b", "`a-b`"), ("a`b", "``a`b``"), ("`a``", "``` `a`` ```")])
def test_a_code_span_is_fenced_by_more_backticks_than_it_holds(text: str, shown: str) -> None:
    assert to_markdown_code(text) == shown
    assert _rendered(shown).count("code_inline") == 1


MERMAID_DIRECTIVES = [
    '%%{init: {"theme": "dark", "securityLevel": "loose"}}%%',
    "%%{ init : { 'flowchart': { 'htmlLabels': true } } }%%",
    "a %% comment",
    '"]; click n0 "javascript:alert(1)"; x["',
]


@pytest.mark.parametrize("name", MERMAID_DIRECTIVES)
def test_no_name_is_a_mermaid_directive_comment_or_statement(run: Run, tmp_path: Path, name: str) -> None:
    path = tmp_path / "m.yaml"
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        FIXTURE_V2_YAML.replace("    name: Northern Bloc\n", f'    name: "{escaped}"\n', 1), encoding="utf-8"
    )
    result = run("graph", "--format", "mermaid", data=path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert "%" not in result.stdout.replace("  %% Relations\n", "")  # the title's comment, the one % written
    label = next(line for line in result.stdout.splitlines() if line.startswith("  n1"))
    inner = label[len('  n1(["') : -len('"])')]
    assert not set(inner) & set('"{}%')
    named = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}
    decoded = re.sub(r"#(\w+);", lambda m: named.get(m[1]) or chr(int(m[1])), inner)  # Mermaid's entity codes
    assert decoded == name
