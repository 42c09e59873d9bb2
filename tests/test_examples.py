"""examples/multi-source is the shipped model laid out one file per source, and loads to the same model.

The article's own records (stated or inferred) are in daily-sabah-2024.yaml; the records
that add context, with the public references they cite, in context.yaml. To rebuild the
example after editing data/policy.yaml:

    .venv/bin/python tests/test_examples.py --update
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from policyx.loader import load, shipped_model_path
from policyx.model import COLLECTIONS, Model, model_to_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "multi-source"
HEADER = (
    "# yaml-language-server: $schema=../../schema/policy.schema.json\n"
    "# {what}\n"
    "# Generated from data/policy.yaml by `tests/test_examples.py --update`; "
    "policyx --data examples/multi-source reads both files as one model.\n\n"
)
FILES = {
    "daily-sabah-2024.yaml": "The article's own records: what it states, and the curator's readings of it.",
    "context.yaml": "Records that add well-known context the article implies, with the references they cite "
    "(addresses, which carry the article's priorities, stay in the article's file).",
}


def _tidy(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the fields left at their defaults, as a curator would write it."""
    out = {}
    for key, value in record.items():
        if value is None or value == [] or (key == "mutual" and value is False):
            continue
        out[key] = [_tidy(v) for v in value] if key == "priorities" else value
    return out


def split(model: Model) -> dict[str, str]:
    """The text of each example file."""
    data = model_to_data(model, by_alias=True)
    parts: dict[str, dict[str, Any]] = {name: {"schema_version": model.schema_version} for name in FILES}
    for coll in COLLECTIONS:
        for record in data[coll]:
            if coll == "sources":
                name = "context.yaml" if record["kind"] == "reference" else "daily-sabah-2024.yaml"
            elif coll == "addresses":  # an address carries the article's priorities: the article's file
                name = "daily-sabah-2024.yaml"
            else:
                name = "context.yaml" if record["basis"] == "context" else "daily-sabah-2024.yaml"
            parts[name].setdefault(coll, []).append(_tidy(record))
    return {
        name: HEADER.format(what=FILES[name]) + yaml.safe_dump(part, allow_unicode=True, sort_keys=False, width=100)
        for name, part in parts.items()
    }


def _by_id(model: Model) -> dict[str, dict[str, Any]]:
    data = model_to_data(model)
    return {coll: {r["id"]: r for r in data[coll]} for coll in COLLECTIONS}


def test_the_example_is_current() -> None:
    expected = split(load(shipped_model_path(), use_cache=False))
    for name, text in expected.items():
        assert (EXAMPLE / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run tests/test_examples.py --update"
        )
    assert sorted(p.name for p in EXAMPLE.glob("*.yaml")) == sorted(FILES)


def test_the_example_loads_to_the_same_model() -> None:
    shipped = load(shipped_model_path(), use_cache=False)
    multi = load(EXAMPLE, use_cache=False)
    assert _by_id(multi) == _by_id(shipped)
    assert multi.files["pace"] == str(EXAMPLE / "context.yaml")
    assert multi.files["q-turkic-family"] == str(EXAMPLE / "daily-sabah-2024.yaml")
    assert multi.files["p2024-ots"] == str(EXAMPLE / "daily-sabah-2024.yaml")  # priorities live in their address


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        for name, text in split(load(shipped_model_path(), use_cache=False)).items():
            (EXAMPLE / name).write_text(text, encoding="utf-8")
