"""The brief's formats: one terminal screen, Markdown, JSON and a self-contained HTML page.

Owns how a ``Brief`` is drawn. The terminal brief answers "what changed and why" on one
screen: the source's own characterisation of the shift, the counts, the causes the curated
model links to the change with their evidence, voice and basis, what the source says of the
later address, and a key quote.
The HTML page is rendered by Jinja2 with autoescaping (every value of the model is text,
never markup), with inline CSS and an inline SVG timeline, and nothing fetched from
anywhere. Its first screen answers the question as the terminal's does (the source's verdict,
what changed with every priority named, why the first change with its first reasons, the
source's qualifications); the long sections after it (the whole chain, the events, the
relations' table, the notes, under their source named once) are folded in ``<details>``, which
a link to a note opens and print shows open. The relations around the main actor are a table,
and a Graphviz picture too where ``dot`` is installed (its SVG cleaned to shapes and text
before it is inlined).
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..model import PartialDate
from ..views import CHANGE_LABELS, Brief, Entry
from . import wording
from .text import clean, to_json, to_markdown

if TYPE_CHECKING:
    from . import Settings

TEMPLATES = Path(__file__).parent / "templates"
SHAPE_NAMES = {"component": "box with tabs", "egg": "egg shape", "box": "box", "ellipse": "ellipse"}
"""Graphviz's node shapes as a reader calls them."""
ARROWS = {True: "\u2194", False: "\u2192"}
"""A relation's arrow: both ways (mutual) or one."""


def _a(noun: str) -> str:
    """A noun with its indefinite article: 'an ellipse', 'a box'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _tidy(value: Any) -> Any:
    """Every string of a value with control characters made visible (the brief's data is never trusted)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_tidy(v) for v in value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    return value


def _by(item: dict[str, Any] | Entry) -> str:
    """Whose view a record states, and on what basis, in the one wording of every view (``wording.by``)."""
    voice, basis = (item["voice"], item["basis"]) if isinstance(item, dict) else (item.voice, item.basis)
    return wording.by(voice, basis)


def _said(quote: dict[str, Any]) -> str:
    """How a quote stands: its basis, and for an inferred one, that only where it was said is the reading."""
    if quote["basis"] != "inferred":
        return str(quote["basis"])
    speaker = quote["detail"]["speaker"]
    return (
        f"the words are {speaker}'s as the source quotes them; where they were said is the curator's reading (inferred)"
    )


def _sources(brief: Brief) -> dict[str, dict[str, str]]:
    """Each source of the brief as a citation says it: whole (``plain``) and in a few words (``short``)."""
    from .citations import plain, short

    lines = {sid: {"plain": plain(source), "short": short(source)} for sid, source in brief.sources.items()}
    for sid in [brief.source, *(x for n in brief.notes for x in (n.source, n.reference) if x)]:
        lines.setdefault(sid, {"plain": clean(sid), "short": clean(sid)})
    return lines


def _short(text: str, limit: int = 72) -> str:
    """A verbatim excerpt cut at a word to about ``limit`` characters, the cut marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}\u2026"


# --------------------------------------------------------------------------- terminal


# --------------------------------------------------------------------------- markdown and json


_LIST_START = re.compile(r"^(\d+[.)]|[-+])")


def _md(text: Any) -> str:
    """Model text as Markdown prose: syntax escaped, and never read as the start of a list."""
    escaped = to_markdown(str(text))
    return _LIST_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], escaped)


def write_markdown(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The whole brief as Markdown, every statement with its voice and basis and a numbered footnote."""
    d = brief.to_dict()

    def by(x: dict[str, Any]) -> str:
        return f" \u2014 {_md(_by(x))}"

    def ref(x: dict[str, Any]) -> str:
        return f" [^{x['note']}]" if x.get("note") else ""

    cited = _sources(brief)
    lines = [f"# {_md(d['title'])}", "", f"Source: {_md(cited[brief.source]['plain'])}", "", "## Summary", ""]
    lines += [f"- {_md(s['text'])}{by(s)}{ref(s)}" for s in d["headline"]]
    lines += ["", f"> {_md(d['caveat'])}", ""]
    for side in (d["earlier"], d["later"]):
        said = [r for r in d["readings"] if r["detail"]["address"] == side["id"]]
        if said:
            lines += [f"### What the source says around the {_md(side['title'])}", ""]
            lines += [f"- {_md(r['text'])}{by(r)}{_tie(r)}{ref(r)}" for r in said]
            lines.append("")
    lines += ["## Priorities", ""]
    for side in (d["earlier"], d["later"]):
        when = _md(wording.dated(side["date"], side["basis"]))
        lines += [f"### {_md(side['title'])} ({when}, {_md(side['speaker'])}){ref(side)}", ""]
        lines += [_md(side["summary"]), ""]
        lines += [
            f"{'  - e.g. ' if p['detail']['example_of'] else '- '}{_md(p['text'])} ({p['detail']['emphasis']})"
            f"{by(p)}{ref(p)}"
            for p in side["priorities"]
        ]
        lines.append("")
    counts = d["counts"]
    year = d["later"]["year"]
    lines += [
        f"In both accounts: {counts['continued'] or 'none'}; new in the {year} account: "
        f"{counts['new-in-later-account']}; not in the {year} account: {counts['not-in-later-account']}.",
        "",
    ]
    for change in CHANGE_LABELS:
        rows = [c for c in d["changes"] if c["detail"]["change"] == change]
        if rows:
            label = CHANGE_LABELS[change].replace("the later account", f"the {year} account").capitalize()
            lines.append(f"- {label}: " + "; ".join(_named(c) for c in rows))
    for shared in d["shared"]:
        lines.append(
            f"- Named in both accounts: {_md(', '.join(shared['names']))} (in {d['earlier']['year']} under "
            f"\u201c{_md(shared['earlier'])}\u201d, in {year} under \u201c{_md(shared['later'])}\u201d)"
        )
    lines += ["", "## Why: the causes the curated model links to the change", ""]
    for c in d["causes"]:
        link = f"{_md(c['detail']['cause_title'])} \u2192 {_md(c['detail']['effect_title'])}"
        path = f" ({wording.PATH[c['detail']['path_basis']]} to the change)"
        lines.append(f"- {link}: {_md(c['text'])}{by(c)}{path}{ref(c)}")
    if not d["causes"]:
        lines.append("The model links no cause to these changes.")
    statements = [wording.unexplained(e["title"], e["strongest"]) for e in d["explained"]]
    if any(statements):
        lines.append("")
        lines += [f"- {_md(x)}" for x in statements if x]
    if d["context"]:
        lines += ["", f"## Other causes the model records around {_md(d['actor']['name'])}", ""]
        for c in d["context"]:
            link = f"{_md(c['detail']['cause_title'])} \u2192 {_md(c['detail']['effect_title'])}"
            lines.append(f"- {link}: {_md(c['text'])}{by(c)}{ref(c)}")
    if d["quotes"]:
        lines += ["", "## Key quotes", ""]
        for q in d["quotes"]:
            where = ", ".join(_md(x) for x in (q["detail"]["occasion"], q["detail"]["date"]) if x)
            speaker = f"{_md(q['detail']['speaker'])}" + (f", {where}" if where else "")
            lines.append(f"- \u201c{_md(q['text'])}\u201d \u2014 {speaker} ({_md(_said(q))}){ref(q)}")
    lines += ["", f"## Timeline, {d['span'][0]}\u2013{d['span'][1]}", ""]
    for e in d["events"]:
        marks = [m for m, on in (("linked cause", e["detail"]["cause"]), ("address", e["detail"]["address"])) if on]
        flag = f" ({', '.join(marks)})" if marks else ""
        lines.append(f"- {_md(e['detail']['date'])}: {_md(e['text'])}{flag}{by(e)}{ref(e)}")
    lines += ["", f"## Relations of {_md(d['actor']['name'])}", ""]
    if d["relations"]:
        lines += ["Scores are the curator's coding on the cooperation\u2013conflict scale, \u221210 to +10.", ""]
    for r in d["relations"]:
        x = r["detail"]
        lines.append(
            f"- {_md(x['from'])} {ARROWS[x['mutual']]} {_md(x['to'])}: {_md(x['kind'])} {x['score']:+d} ({x['tone']}): "
            f"{_md(r['text'])}{by(r)}{ref(r)}"
        )
    lines += ["", "## Notes", ""]
    for n in d["notes"]:
        lines.append(f"[^{n['number']}]: {_md(_note_text(n, cited))}")
    out.write("\n".join(lines) + "\n")
    return None


def _tie(reading: dict[str, Any]) -> str:
    """For a claim whose tie to the address is the curator's reading, say so."""
    if reading["detail"].get("addresses_basis") == "inferred":
        return "; that it concerns this address is the curator's reading"
    return ""


def _named(change: dict[str, Any]) -> str:
    """A change's title, with the examples the source lists under it."""
    x = change["detail"]
    examples = x["later_examples"] or x["earlier_examples"]
    return _md(change["text"]) + (f", including {_md(', '.join(examples))}" if examples else "")


def _note_text(n: dict[str, Any], cited: dict[str, dict[str, str]]) -> str:
    reading = " (the curator's reading)" if n["basis"] == "inferred" else ""
    parts = [
        f"{cited[n['source']]['short']}.",
        f"Voice: {n['voice']}." if n["voice"] else "",
        f"Basis: {n['basis']}{reading}.",
    ]
    parts.append(f"\u201c{n['evidence']}\u201d")
    if n["reference"]:
        parts.append(f"Context from: {cited[n['reference']]['plain']}")
    if n["note"]:
        parts.append(f"Note: {n['note']}")
    parts.append(f"({n['kind']} {n['id']})")
    return " ".join(p for p in parts if p)


def write_json(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief as one JSON document."""
    out.write(to_json(brief.to_dict()) + "\n")
    return None


# --------------------------------------------------------------------------- the timeline chart

WIDTH = 360
AXIS_X = 70
LABEL_X = 112
LANE = 11
LANES = 3
MIN_MONTH = 3.5
LINE = 13
FONT = 11
LABEL_EMS = (WIDTH - LABEL_X - 4) / FONT
GAP = 6


def _ems(char: str) -> float:
    """A generous estimate of a character's width in a bold sans-serif font, in ems (DejaVu Sans Bold's
    W is 1.1 em): labels wrapped by it never run past the chart."""
    if unicodedata.east_asian_width(char) in "WF":
        return 1.05
    if unicodedata.combining(char):
        return 0.0
    if char in "MWmw@%\u2014":
        return 1.15
    if char in " .,;:'!|il\u2019":
        return 0.35
    return 0.8 if char.isupper() else 0.62


def fit(text: str, ems: float) -> list[str]:
    """Text in lines no wider than ``ems``: broken between words, and inside a word only when the
    word alone is wider than a line."""
    lines: list[str] = []
    line, width = "", 0.0
    for word in text.split():
        size = sum(_ems(c) for c in word)
        space = _ems(" ") if line else 0.0
        if line and width + space + size <= ems:
            line, width = f"{line} {word}", width + space + size
            continue
        if line:
            lines.append(line)
        line, width = "", 0.0
        for char in word:
            if line and width + _ems(char) > ems:
                lines.append(line)
                line, width = "", 0.0
            line, width = line + char, width + _ems(char)
    if line or not lines:
        lines.append(line)
    return lines


@dataclass
class Mark:
    """One event on the chart: where its date falls, how it is drawn, and where its label sits."""

    id: str
    note: int
    y0: float
    y1: float
    shape: str  # point, range, approximate
    cause: bool
    address: bool
    lines: list[str]
    label_y: float = 0.0
    lane: int = 0
    qualifier: str | None = None
    anchor: float = 0.0
    """Where on the mark its leader line starts: the point's height, or the height on a bar nearest its label."""

    @property
    def height(self) -> float:
        """The label's height: its lines and the gap under it."""
        return len(self.lines) * LINE + GAP

    @property
    def at(self) -> float:
        """The height the mark stands for: a point's, or the middle of a bar."""
        return (self.y0 + max(self.y1, self.y0 + 2)) / 2 if self.shape == "range" else self.y0

    @property
    def leader(self) -> tuple[float, float, float, float]:
        """The leader line from the mark to its label's first line: x1, y1, x2, y2."""
        return (AXIS_X + self.lane * LANE + 6, self.anchor, LABEL_X - 4, self.label_y + LINE / 2)


def _day(ymd: tuple[int, int, int]) -> int:
    return datetime.date(*ymd).toordinal()


def timeline_chart(brief: Brief) -> dict[str, Any]:
    """The geometry of the inline SVG timeline: a vertical time axis (so it reads at phone width),
    each event at its date (a point for a day, a bar for the month or year a coarser date can
    mean or for a period, an open diamond with an arrow for a date the source places only
    before or after another, a plain one for "about"), its label beside it, moved apart from its
    neighbours with a leader line that crosses no other (``_place``). Each month is as long as its
    events' labels need (at least MIN_MONTH): time runs evenly within a month, and busy months are
    longer than quiet ones, so a label stays near its mark; marks that would overlap are set side
    by side."""
    first_year = PartialDate.parse(brief.span[0]).year
    last_year = PartialDate.parse(brief.span[1]).year
    source = brief.sources.get(brief.source)
    author = source.author if source else None
    drawn: list[tuple[Entry, int, int, str, list[str]]] = []  # event, first day, day after its last, shape, label
    for e in brief.events:
        x = e.detail
        start = PartialDate.parse(x["start"])
        end = PartialDate.parse(x["end"]) if x["end"] else start
        first, last = _day(start.first_day()), _day(end.last_day()) + 1
        if x["qualifier"]:
            shape = "approximate"
        elif x["end"] or start.precision != "day":
            shape = "range"
        else:
            shape = "point"
        prefix = "Linked cause: " if x["cause"] else ("Address: " if x["address"] else "")
        speaker = e.voice.removesuffix(", as reported")
        other = bool(e.voice) and speaker != author and e.basis != "context" and "puts it" not in e.text
        whose = f" (as {speaker} puts it)" if other else ""
        title = fit(clean(prefix + e.text + whose), LABEL_EMS)
        drawn.append((e, first, last, shape, [clean(x["date"]), *title]))
    top = 24.0
    months = [(year, month) for year in range(first_year, last_year + 1) for month in range(1, 13)]
    demand = dict.fromkeys(months, 0.0)
    for _, first, _, _, lines in drawn:
        when = datetime.date.fromordinal(first)
        demand[min(max((when.year, when.month), months[0]), months[-1])] += len(lines) * LINE + GAP
    starts: dict[tuple[int, int], float] = {}
    lengths: dict[tuple[int, int], float] = {}
    at = top
    for key, need in demand.items():
        starts[key], lengths[key] = at, max(MIN_MONTH, need * 1.1)
        at += lengths[key]
    bottom_axis = at

    def y(day: float) -> float:
        date = datetime.date.fromordinal(int(day))
        key = (date.year, date.month)
        if key < months[0]:
            return top
        if key > months[-1]:
            return bottom_axis
        first = _day((date.year, date.month, 1))
        days = calendar.monthrange(date.year, date.month)[1]
        return starts[key] + (day - first) / days * lengths[key]

    marks = [
        Mark(
            e.id,
            e.note,
            y(first),
            y(last),
            shape,
            e.detail["cause"],
            e.detail["address"],
            lines,
            qualifier=e.detail["qualifier"],
        )
        for e, first, last, shape, lines in drawn
    ]
    _lanes(marks)
    _place(marks, top, bottom_axis)
    ticks = [{"year": year, "y": round(starts[(year, 1)], 1)} for year in range(first_year, last_year + 1)]
    ticks.append({"year": last_year + 1, "y": round(bottom_axis, 1)})
    tick_label_ys = [t["y"] + 4 for t in ticks]
    addresses = []
    for side in (brief.earlier, brief.later):
        said = PartialDate.parse(side.date)
        mid = (_day(said.first_day()) + _day(said.last_day()) + 1) / 2
        at_y = y(mid)
        below = at_y + 10
        label_y = at_y - 3 if any(abs(below - t) < 11 for t in tick_label_ys) else below
        addresses.append({"year": side.year, "y": round(at_y, 1), "label_y": round(label_y, 1)})
    bottom = max([bottom_axis, *(m.label_y + m.height for m in marks)]) + 84
    return {
        "width": WIDTH,
        "height": round(bottom, 1),
        "axis_x": AXIS_X,
        "label_x": LABEL_X,
        "top": top,
        "axis_end": round(bottom_axis, 1),
        "line": LINE,
        "ticks": ticks,
        "addresses": addresses,
        "legend_y": round(bottom - 66, 1),
        "marks": [
            {
                "id": m.id,
                "note": m.note,
                "shape": m.shape,
                "qualifier": m.qualifier,
                "cause": m.cause,
                "address": m.address,
                "x": AXIS_X + m.lane * LANE,
                "y0": round(m.y0, 1),
                "y1": round(max(m.y1, m.y0 + 2), 1),
                "label_y": round(m.label_y, 1),
                "leader": [round(v, 1) for v in m.leader],
                "lines": m.lines,
            }
            for m in marks
        ],
    }


def _lanes(marks: list[Mark]) -> None:
    """Marks that would overlap on the axis set side by side: each in the first lane free at its place."""
    ends: list[float] = []
    for m in marks:
        lo, hi = _extent(m)
        for lane, end in enumerate(ends):
            if end <= lo:
                m.lane, ends[lane] = lane, hi
                break
        else:
            m.lane = min(len(ends), LANES - 1)
            if len(ends) < LANES:
                ends.append(hi)
            else:
                ends[m.lane] = max(ends[m.lane], hi)


def _extent(m: Mark) -> tuple[float, float]:
    """The stretch of the axis a mark covers, drawn: a dot's or diamond's size, or its bar."""
    return (m.y0 - 6, m.y0 + 6) if m.shape != "range" else (m.y0 - 1, max(m.y1, m.y0 + 2) + 1)


def _place(marks: list[Mark], top: float, bottom: float) -> None:
    """Labels as near their marks as they can be without overlapping, in the vertical order of their
    marks (marks at one height in the order given), so that no two leader lines cross: a bar's leader
    meets it at the height nearest its label; of two leaders that would still cross (from marks side
    by side), marks drawn alike trade their lanes, others their labels' places, neighbours first,
    until none crosses (a chart too crowded to untangle stops after a bounded number of rounds)."""
    order = sorted(marks, key=lambda m: m.at)

    def untangle(i: int, j: int) -> None:
        a, b = order[i], order[j]
        if _extent(a) == _extent(b) and a.lane != b.lane:
            a.lane, b.lane = b.lane, a.lane
        else:
            order[i], order[j] = b, a
        _stack(order, top, bottom)

    _stack(order, top, bottom)
    for _ in range(2 * len(order) + 2):
        tangled = False
        for i in range(len(order) - 1):
            if _cross(order[i], order[i + 1]):
                untangle(i, i + 1)
                tangled = True
        if tangled:
            continue
        pair = next(
            ((i, j) for i, j in itertools.combinations(range(len(order)), 2) if _cross(order[i], order[j])), None
        )
        if pair is None:
            return
        untangle(*pair)


def _stack(order: list[Mark], top: float, bottom: float) -> None:
    """Labels in ``order``, each as near its mark as it can be: pushed down, then back up where they ran
    past the end, then down again where that pushed them past the start; then each leader's start."""
    for m in order:
        m.label_y = m.at - LINE if m.shape == "range" else m.at - LINE / 2
    for before, m in itertools.pairwise(order):
        m.label_y = max(m.label_y, before.label_y + before.height)
    if order and order[-1].label_y + order[-1].height > bottom:
        order[-1].label_y = bottom - order[-1].height
        for after, m in itertools.pairwise(reversed(order)):
            m.label_y = min(m.label_y, after.label_y - m.height)
    floor = top - LINE / 2
    for m in order:
        m.label_y = max(m.label_y, floor)
        floor = m.label_y + m.height
    for m in order:
        if m.shape == "range":
            lo, hi = m.y0 + 1, max(m.y1, m.y0 + 2) - 1
            m.anchor = min(max(m.label_y + LINE / 2, lo), hi)
        else:
            m.anchor = m.y0


def _cross(a: Mark, b: Mark) -> bool:
    """Whether two leader lines meet anywhere but a start they share (marks drawn at one place)."""
    p, q = a.leader, b.leader
    if p[:2] == q[:2] or max(p[1], p[3]) < min(q[1], q[3]) or max(q[1], q[3]) < min(p[1], p[3]):
        return False

    def side(x1: float, y1: float, x2: float, y2: float, x: float, y: float) -> float:
        return (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)

    d1, d2 = side(*p, *q[:2]), side(*p, *q[2:])
    d3, d4 = side(*q, *p[:2]), side(*q, *p[2:])
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True

    def on(seg: tuple[float, float, float, float], x: float, y: float) -> bool:
        return min(seg[0], seg[2]) <= x <= max(seg[0], seg[2]) and min(seg[1], seg[3]) <= y <= max(seg[1], seg[3])

    return (
        (d1 == 0 and on(p, *q[:2]))
        or (d2 == 0 and on(p, *q[2:]))
        or (d3 == 0 and on(q, *p[:2]))
        or (d4 == 0 and on(q, *p[2:]))
    )


# --------------------------------------------------------------------------- the relation picture

_SVG_NS = "http://www.w3.org/2000/svg"
_SVG_KEEP = frozenset({"svg", "g", "title", "path", "polygon", "polyline", "ellipse", "circle", "rect", "text", "line"})
_ATTR_KEEP = frozenset(
    {
        "viewBox",
        "width",
        "height",
        "class",
        "id",
        "transform",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "points",
        "d",
        "cx",
        "cy",
        "rx",
        "ry",
        "r",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "text-anchor",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
    }
)


def graph_svg(brief: Brief) -> str | None:
    """The relations around the main actor as inline SVG drawn by Graphviz, if ``dot`` is installed
    (else None), kept to shapes and text: no script, link, style or foreign content survives."""
    if not brief.relations:
        return None
    dot = shutil.which("dot")
    if dot is None:
        return None
    from .graphs import to_dot

    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=to_dot(brief.graph, legend=False, title=False, rankdir="TB").encode(),
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return _clean_svg(done.stdout, label=f"Relations of {clean(brief.actor['name'])}, drawn by Graphviz")


def _clean_svg(data: bytes, label: str = "A graph drawn by Graphviz") -> str | None:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def prune(element: ET.Element) -> None:
        for child in list(element):
            if (
                not isinstance(child.tag, str)
                or child.tag != f"{{{_SVG_NS}}}{local(child.tag)}"
                or (local(child.tag) not in _SVG_KEEP)
            ):
                element.remove(child)
            else:
                prune(child)
        for name in list(element.attrib):
            if local(name) not in _ATTR_KEEP or "url(" in element.attrib[name].lower():
                del element.attrib[name]
            elif local(name) == "id":
                element.attrib[name] = "gv-" + re.sub(r"[^A-Za-z0-9_-]", "_", element.attrib[name])

    if local(root.tag) != "svg":
        return None
    prune(root)
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "graph")
    for element in root.iter():  # every element is SVG's (pruned above): written without a prefix
        element.tag = local(element.tag)
    root.set("xmlns", _SVG_NS)
    return ET.tostring(root, encoding="unicode")


# --------------------------------------------------------------------------- html

FIRST_REASONS = 3
"""The reasons the page's first screen names for the change it explains first; the rest are further down."""


def _point(link: dict[str, Any]) -> str | None:
    """Whose point a cause is, as the screen's brief says it."""
    return wording.point(link["cause_voice"], link["cause_basis"], reported=link["cause_reported"])


def _why_says(data: dict[str, Any]) -> str | None:
    """The plain statement under "Why ...?": the screen's words when every reason shown reaches the
    change on one basis that is not stated, else ``wording.unexplained`` (None: the source states it)."""
    top = data["top"]
    if top is None:
        return None
    shown = {r["detail"]["path_basis"] for r in data["reasons"][:FIRST_REASONS]}
    if not shown:
        return wording.unexplained(top["title"], None)
    if shown == {top["strongest"]} and top["strongest"] in wording.LINKS_TO:
        return f"{wording.why_lead(top['strongest'])}."
    return wording.unexplained(top["title"], top["strongest"])


def render_html(brief: Brief, *, picture: str | None) -> str:
    """The page: Jinja2 with autoescaping on, every value of the brief cleaned of control characters."""
    import jinja2
    from markupsafe import Markup

    from .graphs import DOT_SHAPES

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["by"] = _by
    env.filters["said"] = _said
    env.filters["tie"] = _tie
    env.filters["point"] = _point
    env.filters["linked"] = lambda basis: wording.LINKED.get(basis, basis)
    env.filters["path"] = wording.path
    env.filters["unexplained"] = lambda item: wording.unexplained(item["title"], item["strongest"])
    template = env.get_template("brief.html.j2")
    data = _tidy(brief.to_dict())
    groups: dict[str, list[dict[str, Any]]] = {}
    for n in data["notes"]:
        groups.setdefault(n["source"], []).append(n)
    change_of = {
        pid: c["detail"] for c in data["changes"] for pid in (c["detail"]["earlier_id"], c["detail"]["later_id"]) if pid
    }
    return template.render(
        b=data,
        labels=CHANGE_LABELS,
        change_of=change_of,
        chart=timeline_chart(brief),
        cited=_sources(brief),
        why_says=_why_says(data),
        first_reasons=FIRST_REASONS,
        note_groups=[{"source": sid, "notes": notes} for sid, notes in groups.items()],
        references=list(dict.fromkeys(n["reference"] for n in data["notes"] if n["reference"])),
        picture=Markup(picture) if picture else None,  # graph_svg pruned it to shapes and text
        shapes="; ".join(
            f"{_a(SHAPE_NAMES.get(DOT_SHAPES.get(kind, 'box'), 'box'))} is {_a(kind)}"
            for kind in dict.fromkeys(a.kind for a in brief.graph.nodes)
        ),  # pruned to shapes and text above
    )


def write_html(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief as one self-contained HTML page."""
    out.write(render_html(brief, picture=graph_svg(brief)))
    return None
