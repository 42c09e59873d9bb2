"""Graph formats: the relation network as Graphviz DOT, a Mermaid flowchart or node-link JSON.

Owns how a ``Graph`` is drawn: node shape by actor kind; edge label with kind and score;
the edge's tone shown as line style as well as colour, so a graph reads in black and
white too; every character each format treats specially escaped, so any name survives.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..model import Relation
from ..views import Graph, tone
from .text import clean, to_json

if TYPE_CHECKING:
    from . import Settings

TONES = {"cooperative": ("solid", "#2e7d32"), "neutral": ("dotted", "#757575"), "conflictual": ("dashed", "#c62828")}
DOT_SHAPES = {
    "state": "box",
    "organisation": "ellipse",
    "institution": "hexagon",
    "forum": "octagon",
    "group": "component",
    "person": "egg",
    "region": "parallelogram",
}
MERMAID_SHAPES = {
    "state": ('["', '"]'),
    "organisation": ('(["', '"])'),
    "institution": ('{{"', '"}}'),
    "forum": ('[["', '"]]'),
    "group": ('[/"', '"/]'),
    "person": ('("', '")'),
    "region": ('[\\"', '"\\]'),
}
MERMAID_ARROWS = {  # (one way, both ways)
    "cooperative": ("-->", "<-->"),
    "neutral": ("-.->", "<-.->"),
    "conflictual": ("-->", "<-->"),  # dashed by its link style
}
MERMAID_LINKS = {
    "cooperative": "stroke:#2e7d32,stroke-width:2px",
    "neutral": "stroke:#757575,stroke-width:1px",
    "conflictual": "stroke:#c62828,stroke-width:2px,stroke-dasharray:6 4",
}
# Mermaid reads these in a label as syntax: written as its entity codes instead.
MERMAID_ESCAPES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    ";": "#59;",
    "|": "#124;",
    "\n": " ",
}


def _label(rel: Relation) -> str:
    return f"{rel.kind} {rel.score:+d}" if rel.score else f"{rel.kind} 0"


def _dot_text(text: str) -> str:
    return clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(graph: Graph, *, legend: bool = True, title: bool = True, rankdir: str = "LR") -> str:
    """Graphviz DOT: node shape by actor kind; edge style, width and colour by tone; a legend of
    both (unless the page around it explains them); layout settings that keep nodes apart in dot,
    neato and sfdp alike."""
    label = _dot_text(graph.title) if title else ""
    lines = [
        "digraph policyx {",
        f'  graph [rankdir={rankdir}, fontname="Helvetica", labelloc=t, label="{label}",',
        '         overlap=false, splines=true, sep="+12", nodesep=0.4, ranksep=0.8];',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9, decorate=true];',
    ]
    for node in graph.nodes:
        shape = DOT_SHAPES.get(node.kind, "box")
        lines.append(f'  "{_dot_text(node.id)}" [label="{_dot_text(node.name)}", shape={shape}];')
    for rel in graph.edges:
        style, colour = TONES[tone(rel.score)]
        width = 1 + abs(rel.score) / 4
        both = ", dir=both" if rel.mutual else ""
        lines.append(
            f'  "{_dot_text(rel.from_)}" -> "{_dot_text(rel.to)}" [label="{_dot_text(_label(rel))}", '
            f'style={style}, color="{colour}", fontcolor="{colour}", penwidth={width:.2f}{both}];'
        )
    if legend:
        lines += _dot_legend(graph)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_legend(graph: Graph) -> list[str]:
    """A legend cluster: the shapes of the kinds drawn, and the three line styles."""
    kinds = list(dict.fromkeys(node.kind for node in graph.nodes))
    lines = ["  subgraph cluster_legend {", '    label="Legend"; fontsize=10; color="#bdbdbd"; rank=sink;']
    lines.append("    node [fontsize=9, width=0.3, height=0.2];")
    for kind in kinds:
        lines.append(f'    "legend:{kind}" [label="{kind}", shape={DOT_SHAPES.get(kind, "box")}];')
    for name, (style, colour) in TONES.items():
        lines.append(f'    "legend:{name}:a" [label="", shape=point]; "legend:{name}:b" [label="", shape=point];')
        lines.append(
            f'    "legend:{name}:a" -> "legend:{name}:b" '
            f'[label="{name}", style={style}, color="{colour}", fontcolor="{colour}"];'
        )
    lines.append("  }")
    return lines


def _mermaid_text(text: str) -> str:
    return "".join(MERMAID_ESCAPES.get(c, c) for c in clean(text))


def to_mermaid(graph: Graph) -> str:
    """A Mermaid flowchart: node shape by kind; green solid arrows cooperative, grey dotted neutral,
    red dashed conflictual (colour by link style, so the dash still reads without it)."""
    ids = {node.id: f"n{i}" for i, node in enumerate(graph.nodes)}
    lines = ["flowchart LR", f"  %% {_mermaid_text(graph.title)}"]
    for node in graph.nodes:
        left, right = MERMAID_SHAPES.get(node.kind, ('["', '"]'))
        lines.append(f"  {ids[node.id]}{left}{_mermaid_text(node.name)}{right}")
    for rel in graph.edges:
        one_way, both_ways = MERMAID_ARROWS[tone(rel.score)]
        arrow = both_ways if rel.mutual else one_way
        lines.append(f'  {ids[rel.from_]} {arrow}|"{_mermaid_text(_label(rel))}"| {ids[rel.to]}')
    for number, rel in enumerate(graph.edges):
        lines.append(f"  linkStyle {number} {MERMAID_LINKS[tone(rel.score)]}")
    return "\n".join(lines) + "\n"


def to_data(graph: Graph) -> dict[str, object]:
    """Nodes and edges as node-link data, in the shape networkx reads with its defaults
    (``networkx.node_link_graph(data)``): each edge has ``source`` and ``target``, and ``from``
    and ``to`` as before."""
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"title": graph.title},
        "title": graph.title,
        "nodes": [{"id": n.id, "name": n.name, "kind": n.kind} for n in graph.nodes],
        "edges": [
            {
                "id": r.id,
                "key": r.id,
                "source": r.from_,
                "target": r.to,
                "from": r.from_,
                "to": r.to,
                "kind": r.kind,
                "score": r.score,
                "tone": tone(r.score),
                "mutual": r.mutual,
                "since": r.since,
                "until": r.until,
            }
            for r in graph.edges
        ],
    }


def write_dot(graph: Graph, out: IO[str], settings: Settings) -> None:
    out.write(to_dot(graph))


def write_mermaid(graph: Graph, out: IO[str], settings: Settings) -> None:
    out.write(to_mermaid(graph))


def write_json(graph: Graph, out: IO[str], settings: Settings) -> None:
    out.write(to_json(to_data(graph)) + "\n")
