"""The relation network: which actors and relations a graph holds.

Owns the graph query: the whole network, or breadth-first from an actor up to a depth,
over relations valid at a date, and the tone of each edge (cooperative, neutral,
conflictual, by the sign of its score). How a graph is written (DOT, Mermaid, JSON) is
``output.graphs``'.
"""

from __future__ import annotations

from .errors import BadValue
from .lookup import Index, overlaps, parse_date
from .views import Graph


def build(index: Index, *, actor: str | None = None, depth: int = 1, as_of: str | None = None) -> Graph:
    """The graph of all relations, or of those within ``depth`` steps of ``actor``."""
    if depth < 1:
        raise BadValue("the depth must be 1 or more")
    when = parse_date(as_of, "as-of date") if as_of else None
    edges = [r for r in index.model.relations if when is None or overlaps(r.since, r.until, when, when)]
    if actor is None:
        keep = {r.from_ for r in edges} | {r.to for r in edges}
        title = "Relations"
    else:
        start = index.actor_filter(actor)
        keep = {start.id}
        frontier = {start.id}
        for _ in range(depth):
            reached = {r.to for r in edges if r.from_ in frontier} | {r.from_ for r in edges if r.to in frontier}
            frontier = reached - keep
            keep |= reached
            if not frontier:  # nothing new: deeper steps reach nothing more
                break
        edges = [r for r in edges if r.from_ in keep and r.to in keep]
        title = f"Relations of {start.name} (depth {depth})"
    if as_of:
        title += f" as of {as_of}"
    nodes = [a for a in index.model.actors if a.id in keep]
    return Graph(nodes, edges, title, root=start.id if actor is not None else None)
