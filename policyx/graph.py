"""The relation network: one actor's neighbourhood or the whole graph, as DOT, Mermaid or JSON.

Owns which actors and relations a graph holds (breadth-first from an actor, up to a depth,
over relations valid at a date) and how each format draws them. Edges carry the relation's
kind and score; their tone (cooperative, neutral, conflictual, by the sign of the score)
shows as line style as well as colour, so a graph reads in black and white too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import BadValue
from .formats import clean
from .formats import to_json as to_json_text
from .model import Item
from .query import Index, overlaps, parse_date

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
    "conflictual": ("==>", "<==>"),
}


def tone(score: int) -> str:
    """cooperative (> 0), neutral (0) or conflictual (< 0)."""
    return "cooperative" if score > 0 else ("conflictual" if score < 0 else "neutral")


@dataclass
class Graph:
    """Actors and the relations between them."""

    nodes: list[Item]
    edges: list[Item]
    title: str


def build(index: Index, *, actor: str | None = None, depth: int = 1, as_of: str | None = None) -> Graph:
    """The graph of all relations, or of those within ``depth`` steps of ``actor``."""
    if depth < 1:
        raise BadValue("--depth must be 1 or more")
    when = parse_date(as_of, "--as-of") if as_of else None
    edges = [r for r in index.model.relations if when is None or overlaps(r.since, r.until, when, when)]
    if actor is None:
        keep = {r.from_ for r in edges} | {r.to for r in edges}
        title = "Relations"
    else:
        start = index.actor(actor)
        keep = {start.id}
        frontier = {start.id}
        for _ in range(depth):
            reached = {r.to for r in edges if r.from_ in frontier} | {r.from_ for r in edges if r.to in frontier}
            frontier = reached - keep
            keep |= reached
        edges = [r for r in edges if r.from_ in keep and r.to in keep]
        title = f"Relations of {start.name} (depth {depth})"
    if as_of:
        title += f" as of {as_of}"
    nodes = [a for a in index.model.actors if a.id in keep]
    return Graph(nodes, edges, title)


def _label(rel: Item) -> str:
    return f"{rel.kind} {rel.score:+d}" if rel.score else f"{rel.kind} 0"


def _dot_text(text: str) -> str:
    return clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(graph: Graph) -> str:
    """Graphviz DOT: node shape by actor kind; edge style, width and colour by tone."""
    lines = [
        "digraph policyx {",
        f'  graph [rankdir=LR, fontname="Helvetica", labelloc=t, label="{_dot_text(graph.title)}"];',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
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


def _mermaid_text(text: str) -> str:
    return clean(text).replace('"', "#quot;").replace("\n", " ")


def to_mermaid(graph: Graph) -> str:
    """A Mermaid flowchart: solid arrows cooperative, dotted neutral, thick conflictual."""
    ids = {node.id: f"n{i}" for i, node in enumerate(graph.nodes)}
    lines = ["flowchart LR", f"  %% {_mermaid_text(graph.title)}"]
    for node in graph.nodes:
        left, right = MERMAID_SHAPES.get(node.kind, ('["', '"]'))
        lines.append(f"  {ids[node.id]}{left}{_mermaid_text(node.name)}{right}")
    for rel in graph.edges:
        one_way, both_ways = MERMAID_ARROWS[tone(rel.score)]
        arrow = both_ways if rel.mutual else one_way
        lines.append(f'  {ids[rel.from_]} {arrow}|"{_mermaid_text(_label(rel))}"| {ids[rel.to]}')
    return "\n".join(lines) + "\n"


def to_data(graph: Graph) -> dict[str, Any]:
    """Nodes and edges as plain data."""
    return {
        "title": graph.title,
        "nodes": [{"id": n.id, "name": n.name, "kind": n.kind} for n in graph.nodes],
        "edges": [
            {
                "id": r.id,
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


def to_json(graph: Graph) -> str:
    return to_json_text(to_data(graph)) + "\n"


WRITERS = {"dot": to_dot, "mermaid": to_mermaid, "json": to_json}
