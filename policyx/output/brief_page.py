"""The brief as one self-contained HTML page, rendered by Jinja2 from ``templates/brief.html.j2``.

Owns what the page is given to show: the brief's data with every value cleaned of control
characters and autoescaped (every value of the model is text, never markup), the words the
page shares with the other formats (``wording``, ``brief_common``), the timeline chart's
geometry (``brief_chart``) and the relations around the main actor drawn by Graphviz where
``dot`` is installed (``svg_clean``). Its first screen answers the question as the terminal's
does (the source's verdict, what changed with every priority named, why the first change with
its first reasons, the source's qualifications); the long sections after it (the whole chain,
the events, the relations' table, the notes, under their source named once) are folded in
``<details>``, which a link to a note opens and print shows open. Nothing is fetched from
anywhere: styles and the timeline are inline, and there is no script.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import IO, TYPE_CHECKING

from ..brief_data import Brief, ChangeDetail, LinkDetail, Note, TopChange
from . import svg_clean, wording
from .brief_chart import timeline_chart
from .brief_common import by, caveat, headline, occasion, point, said, sources, tidy, tie, title
from .pages import environment
from .text import clean

if TYPE_CHECKING:
    from . import Settings

FIRST_REASONS = 3
"""The reasons the page's first screen names for the change it explains first; the rest are further down."""
SHAPE_NAMES = {"component": "box with tabs", "egg": "egg shape", "box": "box", "ellipse": "ellipse"}
"""Graphviz's node shapes as a reader calls them."""


def _a(noun: str) -> str:
    """A noun with its indefinite article: 'an ellipse', 'a box'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def why_says(top: TopChange | None, shown: Collection[LinkDetail], year: int | None = None) -> str | None:
    """The plain statement under "Why ...?", from the reasons shown: the screen's words when they all
    reach the change on one basis that is not stated and are of one kind (``wording.kind_of``), else
    ``wording.unexplained`` (None: the source states it); ``year``: the later address's."""
    if top is None:
        return None
    bases = {r["path_basis"] for r in shown}
    kinds = {wording.kind_of(r["policy"], r["policy_basis"]) for r in shown}
    if not bases:
        return wording.unexplained(top["title"], None)
    if bases == {top["strongest"]} and top["strongest"] in wording.TIES and len(kinds) == 1:
        return f"{wording.why_lead(top['strongest'], kinds.pop(), year, wording.policy_named(list(shown)))}."
    return wording.unexplained(top["title"], top["strongest"], top["grounds"])


MAX_DRAWN = 60
"""The most relations the page's picture draws (the strongest; the table gives them all): the time
``dot`` takes grows much faster than the graph (8,000 relations: over 30 s)."""


def graph_svg(brief: Brief) -> str | None:
    """The relations around the main actor as inline SVG drawn by Graphviz, if ``dot`` is installed
    (else None), kept to shapes and text: no script, link, style or foreign content survives."""
    if not brief.relations:
        return None
    from .graphs import to_dot

    source = to_dot(brief.graph.strongest(MAX_DRAWN), legend=False, title=False, rankdir="TB")
    return svg_clean.draw(source, label=f"Relations of {clean(brief.actor['name'])}, drawn by Graphviz")


def render_html(brief: Brief, *, picture: str | None) -> str:
    """The page: Jinja2 with autoescaping on, every value of the brief cleaned of control characters."""
    from markupsafe import Markup

    from .graphs import DOT_SHAPES

    env = environment()
    env.filters["by"] = by
    env.filters["said"] = said
    env.filters["tie"] = tie
    env.filters["point"] = point
    env.filters["linked"] = lambda basis: wording.LINKED.get(basis, basis)
    env.filters["path"] = wording.path
    env.filters["occasion"] = occasion
    env.filters["policy"] = lambda link: wording.policy_line(link["policy"], link["policy_basis"], link["policy_title"])
    env.filters["unexplained"] = lambda item: wording.unexplained(
        item["title"], item["strongest"], item["grounds"], item["absent_from"]
    )
    template = env.get_template("brief.html.j2")
    data = tidy(brief)
    groups: dict[str, list[Note]] = {}
    for n in data.notes:
        groups.setdefault(n.source, []).append(n)
    change_of: dict[str, ChangeDetail] = {
        pid: c.detail for c in data.changes for pid in (c.detail["earlier_id"], c.detail["later_id"]) if pid
    }
    return template.render(
        b=data,
        headline=headline(data),
        caveat=caveat(data),
        title=title(data),
        commands=wording.command_lines(data.commands),
        curator=wording.CURATOR,
        words={
            "view_of_cause": wording.VIEW_OF_CAUSE,
            "view_of_link": wording.VIEW_OF_LINK,
            "whole_chain": wording.WHOLE_CHAIN,
        },
        date_read=wording.DATE_READ,
        labels=wording.CHANGE_LABELS,
        arrows=wording.ARROWS,
        change_of=change_of,
        chart=timeline_chart(brief),
        cited=sources(brief),
        why_says=why_says(data.top, [r.detail for r in data.reasons[:FIRST_REASONS]], data.later.year),
        first_reasons=FIRST_REASONS,
        note_groups=[{"source": sid, "notes": notes} for sid, notes in groups.items()],
        references=list(dict.fromkeys(n.reference for n in data.notes if n.reference)),
        picture=Markup(picture) if picture else None,  # graph_svg pruned it to shapes and text
        drawn=len(brief.graph.strongest(MAX_DRAWN).edges),
        left_out=len(brief.graph.edges) - len(brief.graph.strongest(MAX_DRAWN).edges),
        shapes="; ".join(
            f"{_a(SHAPE_NAMES.get(DOT_SHAPES.get(kind, 'box'), 'box'))} is {_a(kind)}"
            for kind in dict.fromkeys(a.kind for a in brief.graph.nodes)
        ),
    )


def write_html(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief as one self-contained HTML page."""
    out.write(render_html(brief, picture=graph_svg(brief)))
    return None
