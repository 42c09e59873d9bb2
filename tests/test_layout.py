"""The code's layout holds: imports flow one way, and each outside library stays in its room."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "policyx"

LAYERS = {
    "version": 0,
    "errors": 0,
    "model": 1,
    "columns": 1,
    "files": 2,
    "spec": 0,
    "dblayout": 2,
    "chronology": 2,
    "dbread": 3,
    "dbwrite": 3,
    "yamlread": 2,
    "schema": 2,
    "checks": 2,
    "validate": 3,
    "cache": 3,
    "loader": 4,
    "searchdb": 5,
    "views": 2,
    "results": 3,
    "lookup": 2,
    "chains": 3,
    "queries": 4,
    "graph": 3,
    "cite": 3,
    "segment": 2,
    "verify": 3,
    "coverage": 4,
    "modeldiff": 4,
    "gitread": 1,
    "programs": 0,
    "sourcetext": 5,
    "revisions": 5,
    "scaffold": 5,
    "brief_data": 4,
    "brief": 5,
    "output": 6,
    "cli": 7,
    "__init__": 8,
    "entry": 8,
    "__main__": 9,
}
"""Each room's rank: a module may import only rooms of a lower rank (or its own package)."""
QUERIES = {
    "chains",
    "queries",
    "lookup",
    "graph",
    "cite",
    "verify",
    "loader",
    "validate",
    "cache",
    "dbread",
    "yamlread",
    "brief",
    "revisions",
    "gitread",
    "sourcetext",
    "scaffold",
}
ONLY = {
    "typer": {"cli"},
    "rich": {
        "output.grid",
        "output.cells",
        "output.tables",
        "output.record_tables",
        "output.graph_tree",
        "output.brief_screen",
        "output.coverage_view",
        "output.diff_view",
    },
    "yaml": {"yamlread", "output.text"},
    "jinja2": {"output.pages"},
    "markupsafe": {"output.brief_page"},
    "sentencex": {"segment"},
    "playwright": set(),
    "click": set(),
}


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        out.append((".".join(parts), path))
    return out


def _imports(name: str, path: Path) -> list[str]:
    """Absolute names (``policyx.x.y`` or outside packages) a module imports, top level or not."""
    package = ["policyx", *name.split(".")[:-1]]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append(node.module or "")
                continue
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                found.append(".".join([*base, node.module]))
            else:
                found += [".".join([*base, alias.name]) for alias in node.names]
    return found


def _room(name: str) -> str:
    """The room of a module: its top-level module or subpackage (``output``, ``cli``)."""
    return name.split(".")[0]


@pytest.mark.parametrize(("name", "path"), _modules(), ids=[n for n, _ in _modules()])
def test_imports_flow_one_way(name: str, path: Path) -> None:
    room = _room(name)
    for target in _imports(name, path):
        if target == "policyx":
            pytest.fail(f"{name} imports the package face")
        if not target.startswith("policyx."):
            continue
        other = _room(target.removeprefix("policyx."))
        if other == room:
            continue
        assert LAYERS[other] < LAYERS[room], f"{name} imports {target}, a room above or beside it"
        if room == "output":
            assert other not in QUERIES, f"output code imports a query module: {name} -> {target}"


@pytest.mark.parametrize(("library", "rooms"), sorted(ONLY.items()))
def test_outside_libraries_stay_in_their_rooms(library: str, rooms: set[str]) -> None:
    for name, path in _modules():
        uses = any(t == library or t.startswith(library + ".") for t in _imports(name, path))
        if uses:
            assert any(name == r or name.startswith(r + ".") for r in rooms), f"{name} imports {library}"


def test_one_map_from_format_names_to_writers() -> None:
    from policyx.output import WRITERS

    for kind, writers in WRITERS.items():
        for fmt, writer in writers.items():
            assert callable(writer.load()), f"{kind}/{fmt}"
    texts = [p.read_text(encoding="utf-8") for _, p in _modules()]
    assert sum("Writer(" in t for t in texts) == 1  # the registry, and only it, names writers
