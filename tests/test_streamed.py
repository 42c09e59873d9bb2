"""Whole-model JSON and YAML written record by record: byte for byte the text of the whole written at
once (on the fixtures, the shipped model, generated models, and text with characters a terminal would
obey), JSON by an encoder of its own that writes what ``json`` would (any value), and into the file it
goes to as it is made (``files.write_made``), a note instead of output leaving the target as it was."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bench.synth import generate
from policyx.errors import OutputError
from policyx.files import write_made
from policyx.loader import load, load_text, shipped_model_path
from policyx.model import model_to_data
from policyx.output.models import write_json, write_yaml
from policyx.output.text import _dumper, to_json, to_json_lines, to_yaml

from .conftest import FIXTURE_V2_YAML, FIXTURE_YAML, Result

Run = Callable[..., Result]


def _whole(text: str) -> str:
    return to_json(model_to_data(load_text(text), by_alias=True)) + "\n"


@pytest.mark.parametrize(
    "text",
    [
        FIXTURE_YAML,
        FIXTURE_V2_YAML,
        shipped_model_path().read_text(encoding="utf-8"),
        generate(300, 4),
        FIXTURE_YAML.replace("name: Landia", 'name: "Land\\u001b[31mia \\u202e é"'),
    ],
    ids=["v1", "v2", "shipped", "synth", "controls"],
)
def test_the_json_written_record_by_record_is_the_whole_text(text: str) -> None:
    streamed = io.StringIO()
    write_json(load_text(text), streamed)
    assert streamed.getvalue() == _whole(text)
    streamed = io.StringIO()
    write_yaml(load_text(text), streamed)
    assert streamed.getvalue() == to_yaml(model_to_data(load_text(text), by_alias=True))


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@given(_JSON_VALUES, st.sampled_from(["", "    "]))
def test_the_json_encoder_writes_what_json_writes(value: object, margin: str) -> None:
    assert to_json_lines(value, margin) == to_json(value).replace("\n", "\n" + margin)


def test_the_json_encoder_leaves_keys_that_are_not_text_to_json() -> None:
    value = {"a": {1: [True, None], None: 1.5}}
    assert to_json_lines(value, "  ") == to_json(value).replace("\n", "\n  ")


def test_empty_collections_are_written_as_the_whole_writes_them() -> None:
    model = load_text(FIXTURE_V2_YAML)
    model.quotes, model.claims, model.causes = [], [], []
    streamed = io.StringIO()
    write_json(model, streamed)
    assert streamed.getvalue() == to_json(model_to_data(model, by_alias=True)) + "\n"
    assert '"causes": []\n}' in streamed.getvalue()
    streamed = io.StringIO()
    write_yaml(model, streamed)
    assert streamed.getvalue() == to_yaml(model_to_data(model, by_alias=True))
    assert streamed.getvalue().endswith("\ncauses: []\n")


def test_an_export_to_a_file_is_made_in_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    seen: list[list[str]] = []

    def make(out: io.TextIOBase) -> None:
        out.write("partly")
        seen.append(sorted(p.name for p in tmp_path.iterdir()))  # the text goes straight to its file
        out.write(" written\n")

    assert write_made(target, make, force=False) is None
    assert target.read_text(encoding="utf-8") == "partly written\n"
    (listing,) = seen
    assert len(listing) == 1 and listing[0].startswith(".out.json.") and listing[0].endswith(".tmp")


def test_a_note_instead_of_output_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("kept\n", encoding="utf-8")
    assert write_made(target, lambda out: "nothing to write", force=True) == "nothing to write"
    assert target.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("kept\n", encoding="utf-8")

    def make(out: io.TextIOBase) -> None:
        out.write("new")

    with pytest.raises(OutputError):
        write_made(target, make, force=False)
    assert target.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_export_json_to_a_file_is_the_text_it_prints(run: Run, tmp_path: Path, model_file: Path) -> None:
    target = tmp_path / "m.json"
    assert run("export", "--format", "json", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == run("export", "--format", "json").stdout
    assert target.read_text(encoding="utf-8") == to_json(model_to_data(load(model_file), by_alias=True)) + "\n"


def test_a_note_for_a_file_that_exists_is_no_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("kept\n", encoding="utf-8")
    assert write_made(target, lambda out: "No relations match.", force=False) == "No relations match."
    assert target.read_text(encoding="utf-8") == "kept\n"


_ODD = "aZ09 .,'()/-:#?[]{}!&*|>%@`\"\\\n\t\r\x85\u2028\u00e9\u202e\x1b~=+"
_PLAIN = st.from_regex(r"[a-z0-9][a-z0-9 ,.'()/-]{0,40}", fullmatch=True)  # mostly the quick path's own texts
_TEXTS = (
    _PLAIN
    | st.text(alphabet=_ODD, max_size=30)
    | st.text(max_size=12)
    | st.sampled_from(["---", "...", "- a", "a: b", "yes", "a,b", "one two three four five"])
)


def _reference() -> type:
    """policyx's YAML dumper with PyYAML's own analysis of a scalar and plain writer, not its quick ones."""
    import yaml

    class Reference(_dumper()):  # type: ignore[misc]
        analyze_scalar = yaml.emitter.Emitter.analyze_scalar
        write_plain = yaml.emitter.Emitter.write_plain

    return Reference


@given(st.dictionaries(_TEXTS, _TEXTS | st.lists(_TEXTS, max_size=3) | st.integers() | st.none(), max_size=6))
def test_the_quick_paths_of_the_yaml_dumper_write_what_pyyaml_writes(value: dict[str, object]) -> None:
    """Its analysis of a plain text and its writing of a plain scalar on one line, at the width policyx
    writes (no break) and at a narrow one (where PyYAML breaks a long line): the same text, byte for byte."""
    import yaml

    for width in (1_000_000, 12):
        options = {"allow_unicode": True, "sort_keys": False, "width": width}
        assert yaml.dump(value, Dumper=_dumper(), **options) == yaml.dump(value, Dumper=_reference(), **options)
        assert yaml.dump([value], Dumper=_dumper(), default_flow_style=True, **options) == yaml.dump(
            [value], Dumper=_reference(), default_flow_style=True, **options
        )


_CELLS = (
    st.text(alphabet="ab =+-@\t\n\r\\\x1b\u202e;,", max_size=6)
    | st.integers(-20, 20)
    | st.floats(allow_nan=False, allow_infinity=False, width=16)
    | st.none()
    | st.booleans()
    | st.lists(st.text(alphabet="ab\t-=", max_size=3), max_size=2)
)


@given(st.lists(st.dictionaries(st.sampled_from(["a", "b", "c"]), _CELLS, max_size=3), max_size=5), st.booleans())
@example([{"a": "x\ry"}], False)
@example([{"a": "x", "b": "=1"}], False)
@example([{"a": "@x"}, {"c": ["-a"]}], False)
@example([{"a": "x\\y"}], True)
@example([{"b": -3}], False)
def test_tsv_written_at_once_is_tsv_written_cell_by_cell(rows: list[dict[str, object]], raw: bool) -> None:
    """The quick path of tab-separated lines (the whole text looked at once) writes what escaping and
    neutralising each cell on its own writes, whatever the cells hold."""
    from policyx.output.rows import _tsv, _tsv_by_cell

    for header in (False, True):
        assert _tsv(rows, ["a", "b", "c"], header, raw) == _tsv_by_cell(rows, ["a", "b", "c"], header, raw)
        assert _tsv(rows, ["c"], header, raw) == _tsv_by_cell(rows, ["c"], header, raw)
