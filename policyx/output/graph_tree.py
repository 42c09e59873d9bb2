"""A relation graph at a terminal: a tree of who relates to whom, with each relation's kind and score.

Owns the text view of ``policyx graph`` (DOT, Mermaid and JSON are ``graphs``'), no line wider
than the terminal.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..model import Relation
from ..views import Graph
from .cells import trimmed
from .grid import as_text, make_console, plain
from .record_tables import SCALE

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from . import Settings


def _edge(rel: Relation, side: str) -> str:
    """A relation seen from ``side``: its way (\u2192 toward the other, \u2190 from it, \u2194 both), kind, score."""
    way = "\u2194" if rel.mutual else ("\u2192" if rel.from_ == side else "\u2190")
    return f"{way} {rel.kind} {rel.score:+d}" if rel.score else f"{way} {rel.kind} 0"


def graph_tree(graph: Graph, console: Console) -> None:
    """The relation network as a tree a terminal shows: around an actor, who relates to it (with the
    kind and score of each relation, seen from the actor above), then who relates to them, as deep as
    asked; the whole network, each actor and the relations it has toward others. Every relation once."""
    from rich.text import Text
    from rich.tree import Tree

    names = {node.id: node.name for node in graph.nodes}
    console.print(as_text(graph.title, "bold"))
    shown: set[str] = set()

    def label(name: str, rels: list[Relation], side: str, under: str | None) -> Text:
        text = as_text(name, "bold") + Text("  ") + as_text(" \u00b7 ".join(_edge(r, side) for r in rels))
        return text + Text(f" (see under {plain(under)})", style="dim") if under else text

    def grouped(side: str, rels: list[Relation]) -> dict[str, list[Relation]]:
        out: dict[str, list[Relation]] = {}
        for rel in rels:
            out.setdefault(rel.to if rel.from_ == side else rel.from_, []).append(rel)
        return out

    if graph.root is not None:
        tree = Tree(as_text(names.get(graph.root, graph.root), "bold"), guide_style="dim")
        branches = {graph.root: tree}
        parents: dict[str, str] = {}
        queue = [graph.root]
        while queue:
            side = queue.pop(0)
            rels = [r for r in graph.edges if side in (r.from_, r.to) and r.id not in shown]
            shown.update(r.id for r in rels)
            for other, group in grouped(side, rels).items():
                placed = other in branches  # already in the tree: its own relations are shown there
                where = names.get(parents.get(other, graph.root), "") if placed else None
                branch = branches[side].add(label(names.get(other, other), group, side, where))
                if not placed:
                    branches[other], parents[other] = branch, side
                    queue.append(other)
        trees = [tree]
    else:
        trees = []
        for node in graph.nodes:
            rels = [r for r in graph.edges if node.id in (r.from_, r.to) and r.id not in shown]
            rels = [r for r in rels if r.from_ == node.id or r.mutual]  # under the actor it runs from
            if not rels:
                continue
            shown.update(r.id for r in rels)
            tree = Tree(as_text(node.name, "bold"), guide_style="dim")
            for other, group in grouped(node.id, rels).items():
                tree.add(label(names.get(other, other), group, node.id, None))
            trees.append(tree)
    for tree in trees:
        console.print(tree)
    legend = f"\u2192 from the actor above to this one, \u2190 from this one to it, \u2194 both ways; {SCALE}"
    console.print(Text(legend, style="dim"))
    console.print(Text("As a picture: policyx graph --format dot | dot -Tsvg > graph.svg", style="dim"))


def write_graph(graph: Graph, out: IO[str], settings: Settings) -> None:
    """A graph as the tree a terminal shows (plain, laid out for --width or $COLUMNS, in a pipe)."""
    if settings.terminal:
        graph_tree(graph, make_console(out, terminal=True, color=settings.color, width=settings.width))
        return
    import io

    buffer = io.StringIO()
    graph_tree(graph, make_console(buffer, terminal=False, color=False, width=settings.width))
    out.write(trimmed(buffer.getvalue()))
