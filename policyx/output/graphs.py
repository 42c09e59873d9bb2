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
    "%": "#37;",  # so that no %%{init: ...}%% directive (nor %% comment) starts inside a label
    "{": "#123;",
    "}": "#125;",
    "\n": " ",
}


def _label(rel: Relation) -> str:
    return f"{rel.kind} {rel.score:+d}" if rel.score else f"{rel.kind} 0"


def _dot_text(text: str) -> str:
    return clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(graph: Graph, *, legend: bool = True, title: bool = True, rankdir: str = "LR") -> str:
    """Graphviz DOT: node shape by actor kind; edge style, width and colour by tone; a legend of
    both (unless the page around it explains them); layout settings that keep nodes apart in dot,
    neato and sfdp alike. The legend is a table in the graph's own label, not nodes: every layout
    engine puts a graph's label beside the drawing, where no engine can move an actor into it."""
    lines = [
        "digraph policyx {",
        f'  graph [rankdir={rankdir}, fontname="Helvetica", labelloc=t,',
        '         overlap=false, splines=true, sep="+12", nodesep=0.4, ranksep=0.8,',
        f"         label={_dot_label(graph, legend, title)}];",
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
    lines.append("}")
    return "\n".join(lines) + "\n"


def _html(text: str) -> str:
    """Text for a Graphviz HTML-like label: its markup characters as entities."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _dot_label(graph: Graph, legend: bool, title: bool) -> str:
    """The graph's label: its title and, below it, the legend (a table of the shapes of the kinds drawn
    and the three tones in their line style and colour); ``""`` for neither."""
    if not legend:
        return f'"{_dot_text(graph.title)}"' if title else '""'
    kinds = list(dict.fromkeys(node.kind for node in graph.nodes))
    keys = [f"{_html(kind)}: {DOT_SHAPES.get(kind, 'box')}" for kind in kinds]
    keys_row = "".join(f'<TD><FONT POINT-SIZE="9">{key}</FONT></TD>' for key in keys)
    tones_row = "".join(
        f'<TD><FONT POINT-SIZE="9" COLOR="{colour}">{name}: {style}</FONT></TD>'
        for name, (style, colour) in TONES.items()
    )
    rows = [f"<TR><TD>{_html(graph.title)}</TD></TR>"] if title else []
    for row in (keys_row, tones_row):
        rows.append(f'<TR><TD><TABLE BORDER="0" CELLSPACING="4"><TR>{row}</TR></TABLE></TD></TR>')
    body = "".join(f"\n           {row}" for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1">{body}\n         </TABLE>>'


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
    (``networkx.node_link_graph(data)``) in every version policyx supports: the edges under
    ``edges`` (networkx 3.6's default) and again under ``links`` (that of 3.5 and before). Each
    edge has ``source`` and ``target``, and ``from`` and ``to`` as before; an attribute without a
    value (an open ``since`` or ``until``) is left out, as GEXF and GraphML have no null."""
    edges = [
        {
            name: value
            for name, value in {
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
            }.items()
            if value is not None
        }
        for r in graph.edges
    ]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"title": graph.title},
        "title": graph.title,
        "nodes": [{"id": n.id, "name": n.name, "kind": n.kind} for n in graph.nodes],
        "edges": edges,
        "links": edges,
    }


def write_dot(graph: Graph, out: IO[str], settings: Settings) -> None:
    out.write(to_dot(graph))


def write_mermaid(graph: Graph, out: IO[str], settings: Settings) -> None:
    out.write(to_mermaid(graph))


def write_json(graph: Graph, out: IO[str], settings: Settings) -> None:
    out.write(to_json(to_data(graph)) + "\n")
