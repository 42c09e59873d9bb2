"""Outputs fed to the clients their users have: sqlite-utils and Datasette search, networkx, pybtex's
real BibTeX style, Graphviz, pre-commit's folder hook; and names full of special characters
surviving every graph, table and citation format. Each test skips with a reason if its client is missing."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import FIXTURE_YAML, Result

Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent
HOSTILE = 'Bloc <NB> "North" `x` #1; Ünion & Co'


def needs(module: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        importlib.util.find_spec(module) is None, reason=f"{module} is not installed (pip install -e '.[test]')"
    )


@pytest.fixture
def database(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "policy.db"
    assert run("export", str(path), "--format", "sqlite").exit_code == 0
    return path


@needs("sqlite_utils")
def test_sqlite_utils_searches_each_record_table(database: Path) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(database)
    assert [r["id"] for r in db["actors"].search("Northern")] == ["bloc"]
    assert [r["id"] for r in db["quotes"].search("family")] == ["q-family"]
    assert sorted(r["id"] for r in db["priorities"].search("bloc")) == ["p18-bloc", "p24-bloc", "p24-unity"]
    cli = shutil.which("sqlite-utils") or str(Path(sys.executable).parent / "sqlite-utils")
    done = subprocess.run([cli, "search", str(database), "actors", "Rivalia", "--csv", "-c", "id"], capture_output=True)
    assert done.stdout.decode().split() == ["id", "rival"]


@needs("datasette")
def test_datasette_searches_natively_and_shows_the_metadata(run: Run, database: Path, tmp_path: Path) -> None:
    from datasette.app import Datasette

    metadata = json.loads(run("export", "--format", "datasette").stdout)
    assert metadata["databases"]["policy"]["tables"]["actors"]["fts_table"] == "actors_fts"

    async def fetch() -> tuple[list[dict[str, object]], dict[str, object], dict[str, object]]:
        site = Datasette([str(database)], metadata=metadata)
        found = await site.client.get("/policy/actors.json?_search=Northern&_shape=array")
        shown = await site.client.get("/-/metadata.json")
        faceted = await site.client.get("/policy/relations.json?_facet=kind")
        return found.json(), shown.json(), faceted.json()

    found, shown, faceted = asyncio.run(fetch())
    assert [row["id"] for row in found] == ["bloc"]
    assert shown["title"] == "policyx: Landia turns north"
    assert shown["databases"]["policy"]["tables"]["relations"]["columns"]["score"].startswith("-10 (war)")
    kinds = {f["value"] for f in faceted["facet_results"]["kind"]["results"]}
    assert kinds == {"alignment", "pressure", "war"}


@needs("networkx")
def test_graph_json_loads_in_networkx_with_its_defaults(run: Run) -> None:
    import networkx as nx

    graph = nx.node_link_graph(json.loads(run("graph", "--format", "json").stdout))
    assert sorted(graph.nodes) == ["bloc", "land", "rival"]
    assert sorted((a, b) for a, b, _ in graph.edges) == [("land", "bloc"), ("land", "rival"), ("rival", "land")]
    assert graph.nodes["bloc"]["name"] == "Northern Bloc"


@needs("pybtex")
def test_bibtex_keeps_its_capitals_in_a_real_style(run: Run, model_file: Path, tmp_path: Path) -> None:
    from pybtex.backends.plaintext import Backend
    from pybtex.database import parse_string
    from pybtex.style.formatting.plain import Style

    bib = run("cite", "q-family", "--format", "bibtex").stdout
    entries = list(Style().format_entries(parse_string(bib, "bibtex").entries.values()))
    assert entries[0].text.render(Backend()) == "A. Writer. Landia turns north. Test Times, 3 2024."


def test_csl_json_for_zotero_and_pandoc(run: Run) -> None:
    items = json.loads(run("cite", "r-rival-land", "--format", "csl-json").stdout)
    assert items == [
        {
            "id": "art",
            "type": "article-newspaper",
            "title": "Landia turns north",
            "author": [{"family": "Writer", "given": "A."}],
            "container-title": "Test Times",
            "issued": {"date-parts": [[2024, 3]]},
        }
    ]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    escaped = HOSTILE.replace('"', '\\"')
    path.write_text(FIXTURE_YAML.replace("    name: Northern Bloc\n", f'    name: "{escaped}"\n'), encoding="utf-8")
    return path


def test_a_hostile_name_survives_mermaid(run: Run, hostile: Path) -> None:
    out = run("graph", "--format", "mermaid", data=hostile).stdout
    assert '  n1(["Bloc #lt;NB#gt; #quot;North#quot; #96;x#96; #35;1#59; Ünion #amp; Co"])' in out.splitlines()
    decoded = {"#lt;": "<", "#gt;": ">", "#quot;": '"', "#96;": "`", "#35;": "#", "#59;": ";", "#amp;": "&"}
    label = out.splitlines()[3][len('  n1(["') : -len('"])')]
    for code, char in decoded.items():
        label = label.replace(code, char)
    assert label == HOSTILE


def test_a_hostile_name_survives_dot(run: Run, hostile: Path, tmp_path: Path) -> None:
    out = run("graph", data=hostile).stdout
    assert '  "bloc" [label="Bloc <NB> \\"North\\" `x` #1; Ünion & Co", shape=ellipse];' in out.splitlines()
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    svg = subprocess.run(["dot", "-Tsvg"], input=out.encode(), capture_output=True, timeout=60, check=True).stdout
    assert "Bloc &lt;NB&gt; &quot;North&quot; `x` #1; Ünion &amp; Co" in svg.decode()
    for engine in ("neato", "sfdp"):
        done = subprocess.run([engine, "-Tsvg"], input=out.encode(), capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr


def test_a_hostile_name_survives_markdown(run: Run, hostile: Path) -> None:
    out = run("actors", "--format", "markdown", "--fields", "id,name", data=hostile).stdout
    assert '| bloc | Bloc &lt;NB&gt; "North" \\`x\\` \\#1; Ünion &amp; Co |' in out.splitlines()


@needs("pybtex")
def test_a_hostile_title_survives_bibtex(run: Run, tmp_path: Path) -> None:
    from pybtex.database import parse_string

    path = tmp_path / "hostile-source.yaml"
    escaped = HOSTILE.replace('"', '\\"')
    text = FIXTURE_YAML.replace("    title: Landia turns north\n", f'    title: "{escaped}"\n')
    path.write_text(text, encoding="utf-8")
    bib = run("cite", "art", "--format", "bibtex", data=path).stdout
    title = parse_string(bib, "bibtex").entries["art"].fields["title"]
    assert title == '{Bloc <NB> "North" `x` \\#1; Ünion \\& Co}'


def test_the_folder_hook_fails_without_args(tmp_path: Path) -> None:
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    entry = hooks["policyx-validate-folder"]["entry"].split()[1:]
    done = subprocess.run([sys.executable, "-m", "policyx", *entry], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "name the model files or folders to check" in done.stderr


def test_the_packaged_model_points_at_a_packaged_schema() -> None:
    import tomllib

    included = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    mapping = included["targets"]["wheel"]["force-include"]
    modeline = (ROOT / "data" / "policy.yaml").read_text(encoding="utf-8").splitlines()[0]
    relative = modeline.split("$schema=", 1)[1]
    packaged_model = Path(mapping["data/policy.yaml"])
    target = (packaged_model.parent / relative).as_posix()
    resolved = str(Path(target)).replace("policyx/data/../", "policyx/")
    assert resolved in mapping.values()
    source = next(src for src, dst in mapping.items() if dst == resolved)
    assert (ROOT / source).is_file()


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_the_json_schema_rejects_impossible_dates_and_unexplained_readings(run: Run) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run("schema").stdout)
    data = json.loads(run("export", data=ROOT / "data" / "policy.yaml").stdout)
    jsonschema.validate(data, schema)
    for edit in (("events", "date", "2024-13-45"), ("events", "note", None), ("relations", "reference", None)):
        broken = json.loads(json.dumps(data))
        record = next(
            r
            for r in broken[edit[0]]
            if (edit[1] != "note" or r["basis"] == "inferred") and (edit[1] != "reference" or r["basis"] == "context")
        )
        record.pop(edit[1]) if edit[2] is None else record.__setitem__(edit[1], edit[2])
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
