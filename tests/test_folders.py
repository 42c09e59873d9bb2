"""A folder model, file by file: each file read and validated only when the cache does not hold it (by
its name and bytes), the checks across files made on them all; the same model as validating the folder
whole, for the fixtures and generated models split across files; a problem anywhere said exactly as the
whole folder's validation says it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bench.synth import generate
from policyx import loader, yamlread
from policyx.errors import DataError
from policyx.loader import load

from .conftest import FIXTURE_V2_YAML, FIXTURE_YAML, Result

Run = Callable[..., Result]


def split(text: str, folder: Path, pieces: int = 3) -> Path:
    """A model's YAML written as a folder of files: each top-level collection's records dealt out over
    ``pieces`` files (every file a model of its own, with the schema version), so references cross files."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = text.splitlines()
    version = next(line for line in lines if line.startswith("schema_version:"))
    files: list[list[str]] = [[version] for _ in range(pieces)]
    record: list[str] | None = None
    n = 0
    for line in lines:
        if line.startswith("schema_version:") or not line.strip():
            continue
        if not line.startswith(" "):  # a collection's key: in every file
            for part in files:
                part.append(line)
            continue
        if line.startswith("  - "):  # a record: dealt to the next file
            n += 1
            record = files[n % pieces]
        assert record is not None, line
        record.append(line)
    for i, part in enumerate(files):
        (folder / f"part-{i}.yaml").write_text(_empty_lists("\n".join(part) + "\n"), encoding="utf-8")
    return folder


def _empty_lists(body: str) -> str:
    """A collection key with no record under it in a file: an empty list."""
    out = []
    lines = body.splitlines()
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if line.endswith(":") and not line.startswith(" ") and not following.startswith(" "):
            line += " []"
        out.append(line)
    return "\n".join(out) + "\n"


MODELS = {
    "v1": FIXTURE_YAML,
    "v2": FIXTURE_V2_YAML,
    "synth": generate(800, 5),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_a_folder_read_file_by_file_is_the_model_read_whole(tmp_path: Path, name: str) -> None:
    folder = split(MODELS[name], tmp_path / "model")
    whole = load(folder, use_cache=False)
    assert load(folder) == whole  # file by file, each file then cached
    assert load(folder).files == whole.files
    assert len(list((tmp_path / "cache").glob("model-*.bin"))) == 3 + 1  # each file, then the folder


@pytest.mark.parametrize("name", list(MODELS))
def test_after_one_file_is_edited_only_that_file_is_read_again(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = split(MODELS[name], tmp_path / "model")
    load(folder)
    edited = folder / "part-1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    built: list[str] = []
    real = yamlread.build

    def counted(text: str, file: str) -> object:
        built.append(Path(file).name)
        return real(text, file)

    monkeypatch.setattr(yamlread, "build", counted)
    assert load(folder) == load(folder, use_cache=False)
    assert built == ["part-1.yaml", "part-0.yaml", "part-1.yaml", "part-2.yaml"]  # then --no-cache: all


@pytest.mark.parametrize(
    ("breaking", "expected"),
    [
        ("themes: [unity]", "themes: [nothing-here]"),  # a reference to no record of any file
        ("- id: land", "- id: bloc"),  # an id used in two files
        ("year: 2018", "year: 20x8"),  # a file's own schema problem
    ],
)
def test_a_problem_is_said_as_the_whole_folders_validation_says_it(
    tmp_path: Path, breaking: str, expected: str
) -> None:
    folder = split(FIXTURE_YAML, tmp_path / "model")
    load(folder)  # every file cached, sound
    for file in sorted(folder.iterdir()):
        text = file.read_text(encoding="utf-8")
        if breaking in text:
            file.write_text(text.replace(breaking, expected, 1), encoding="utf-8")
            break
    else:
        pytest.fail(f"no file holds {breaking!r}")
    with pytest.raises(DataError) as cached:
        load(folder)
    with pytest.raises(DataError) as whole:
        load(folder, use_cache=False)
    assert [str(p) for p in cached.value.problems] == [str(p) for p in whole.value.problems]
    assert cached.value.problems


def test_a_folder_that_is_fixed_again_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = split(FIXTURE_V2_YAML, tmp_path / "model")
    first = load(folder)
    part = folder / "part-0.yaml"
    good = part.read_text(encoding="utf-8")
    part.write_text(good + "bogus: 1\n", encoding="utf-8")
    with pytest.raises(DataError):
        load(folder)
    part.write_text(good, encoding="utf-8")
    assert load(folder) == first


def test_a_single_file_model_is_not_cached_twice(tmp_path: Path, model_file: Path) -> None:
    load(model_file)
    assert len(list((tmp_path / "cache").glob("model-*.bin"))) == 1


def test_commands_on_a_folder_answer_as_before(run: Run, tmp_path: Path) -> None:
    folder = split(FIXTURE_V2_YAML, tmp_path / "model")
    for args in (["actors"], ["actor", "land", "--format", "json"], ["validate"]):
        assert run(*args, data=folder).stdout == run("--no-cache", *args, data=folder).stdout
    assert loader.model_files(folder) == sorted(folder.glob("*.yaml"))


def test_a_big_folder_is_read_on_every_core_as_it_is_read_on_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = split(generate(600, 6), tmp_path / "model", pieces=4)
    whole = load(folder, use_cache=False)
    used: list[int] = []
    real = loader._on_every_core

    def counted(raws: list[tuple[str, bytes]]) -> list[object]:
        used.append(len(raws))
        return real(raws)  # type: ignore[return-value]

    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loader, "_on_every_core", counted)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert load(folder) == whole
    assert used == [4]


def test_a_problem_found_on_every_core_is_said_as_on_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = split(FIXTURE_YAML, tmp_path / "model")
    part = folder / "part-2.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("kind: state", "kind: planet", 1), encoding="utf-8")
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    with pytest.raises(DataError) as parallel:
        load(folder)
    with pytest.raises(DataError) as whole:
        load(folder, use_cache=False)
    assert [str(p) for p in parallel.value.problems] == [str(p) for p in whole.value.problems]
