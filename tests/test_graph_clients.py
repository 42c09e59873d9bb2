"""The graph command's JSON and DOT in their clients: networkx (with its defaults, in the shape of each
version from 3.2 on, and on to GEXF and GraphML) and every Graphviz layout engine (the legend is part
of the drawing's label: no engine lays it out among the actors). Each test skips with a reason where
its client is missing, and fails instead in CI."""

from __future__ import annotations

import importlib.util
import inspect
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import FIXTURE_YAML, Result

Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent
ENGINES = ["dot", "neato", "sfdp", "fdp", "circo", "twopi"]


def missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def nx() -> object:
    if importlib.util.find_spec("networkx") is None:
        missing("networkx is not installed (pip install -e '.[test]')")
    import networkx

    return networkx


def test_the_json_has_the_edges_under_both_names(run: Run) -> None:
    data = json.loads(run("graph", "--format", "json").stdout)
    assert data["links"] == data["edges"] and len(data["edges"]) == 3
    assert all(value is not None for edge in data["edges"] for value in edge.values())
    assert "until" not in data["edges"][0] and data["edges"][1]["until"] == "2021"


def test_networkx_loads_it_with_the_defaults_of_every_version(run: Run, nx: object) -> None:
    import networkx

    data = json.loads(run("graph", "--format", "json").stdout)
    graphs = [networkx.node_link_graph(data)]  # this version's defaults
    keyword = "edges" if "edges" in inspect.signature(networkx.node_link_graph).parameters else "link"
    for name in ("links", "edges"):  # 3.2-3.5 read "links" by default, 3.6 "edges"
        graphs.append(
            networkx.node_link_graph(
                {k: v for k, v in data.items() if k in (name, "nodes", "graph")}
                | {"directed": True, "multigraph": True},
                **{keyword: name},
            )
        )
    for graph in graphs:
        assert sorted(graph.nodes) == ["bloc", "land", "rival"]
        assert sorted((a, b, k) for a, b, k in graph.edges(keys=True)) == [
            ("land", "bloc", "r-land-bloc"),
            ("land", "rival", "r-war"),
            ("rival", "land", "r-rival-land"),
        ]
        assert graph.nodes["bloc"]["name"] == "Northern Bloc"
        assert graph.edges["rival", "land", "r-rival-land"]["score"] == -4
        assert graph.graph == {"title": "Relations"}


def test_networkx_writes_it_to_gexf_and_graphml(run: Run, nx: object, tmp_path: Path) -> None:
    import networkx

    path = tmp_path / "hostile.yaml"
    path.write_text(
        FIXTURE_YAML.replace("    name: Northern Bloc\n", '    name: "Bloc <&> \\"N\\""\n'), encoding="utf-8"
    )
    graph = networkx.node_link_graph(json.loads(run("graph", "--format", "json", data=path).stdout))
    for write, read in ((networkx.write_gexf, networkx.read_gexf), (networkx.write_graphml, networkx.read_graphml)):
        buffer = io.BytesIO()
        write(graph, buffer)
        buffer.seek(0)
        back = read(buffer)
        assert back.nodes["bloc"]["name"] == 'Bloc <&> "N"'
        assert sorted(str(d["kind"]) for _, _, d in back.edges(data=True)) == ["alignment", "pressure", "war"]


@pytest.fixture
def shipped_dot(run: Run) -> str:
    return run("graph", data=ROOT / "data" / "policy.yaml").stdout


@pytest.mark.slow  # five Graphviz layouts: about 9 s
@pytest.mark.subprocess
@pytest.mark.parametrize("engine", ENGINES)
def test_every_layout_keeps_the_legend_apart_from_the_actors(run: Run, engine: str, shipped_dot: str) -> None:
    if shutil.which(engine) is None:
        missing(f"Graphviz's {engine} is not installed (.ci/run installs graphviz)")
    done = subprocess.run([engine, "-Tjson"], input=shipped_dot, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    drawn = json.loads(done.stdout)
    actors = {o["name"] for o in drawn["objects"]}
    ids = {
        n["id"]
        for n in json.loads(run("graph", "--format", "json", data=ROOT / "data" / "policy.yaml").stdout)["nodes"]
    }
    assert actors == ids  # no legend node laid out among them
    lx, ly = (float(v) for v in drawn["lp"].split(","))
    lw, lh = float(drawn["lwidth"]) * 72, float(drawn["lheight"]) * 72

    def apart(node: dict[str, str]) -> bool:
        x, y = (float(v) for v in node["pos"].split(","))
        w, h = float(node["width"]) * 72, float(node["height"]) * 72
        return abs(x - lx) * 2 >= w + lw or abs(y - ly) * 2 >= h + lh

    assert [o["name"] for o in drawn["objects"] if not apart(o)] == []
    svg = subprocess.run([engine, "-Tsvg"], input=shipped_dot, capture_output=True, text=True, timeout=120).stdout
    for words in (
        "state: box",
        "organisation: ellipse",
        "cooperative: solid",
        "neutral: dotted",
        "conflictual: dashed",
    ):
        assert f">{words}</text>" in svg
