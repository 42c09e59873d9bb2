"""The brief's formats: one terminal screen, Markdown, JSON and a self-contained HTML page.

Owns how a ``Brief`` is drawn. The terminal brief answers "what changed and why" on one
screen: the source's own characterisation of the shift, the move of the highest-coded
priority, the counts, the main causes with their evidence and voice, and the key quotes.
The HTML page is rendered by Jinja2 with autoescaping (every value of the model is text,
never markup), with inline CSS and an inline SVG timeline, and nothing fetched from
anywhere; the relations around the main actor are a table, and a Graphviz picture too
where ``dot`` is installed (its SVG cleaned to shapes and text before it is inlined).
"""

from __future__ import annotations

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
from .text import clean, to_json, to_markdown

if TYPE_CHECKING:
    from rich.console import Console

    from . import Settings

TEMPLATES = Path(__file__).parent / "templates"
SHORT_CAVEAT = "New and not in the account mean in or out of the source's account of a speech."
"""The comparison's caveat (``queries.CAVEAT``), short enough for one line of the screen."""


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
    """'Voice (basis)' of a record."""
    voice, basis = (item["voice"], item["basis"]) if isinstance(item, dict) else (item.voice, item.basis)
    return f"{voice} ({basis})" if voice else f"({basis})"


def _first(side: dict[str, Any]) -> str:
    """An address's highest-coded priority and its emphasis ('' for an address without one)."""
    if not side["priorities"]:
        return ""
    top = side["priorities"][0]
    return f"\u201c{top['text']}\u201d, {top['detail']['emphasis']}"


# --------------------------------------------------------------------------- terminal


def write_text(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief on one screen: wrapped between words to the terminal (or 100 columns in a file)."""
    import io

    from .tables import make_console

    width = settings.width or 100
    if settings.terminal:
        draw(brief, make_console(out, terminal=True, color=settings.color, width=width))
        return None
    buffer = io.StringIO()
    draw(brief, make_console(buffer, terminal=False, color=False, width=width))
    out.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
    return None


def draw(brief: Brief, console: Console) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    data = _tidy(brief.to_dict())
    earlier, later = data["earlier"], data["later"]

    def line(*parts: tuple[str, str], indent: int = 0) -> None:
        text = Text()
        for content, style in parts:
            text.append(content, style=style)
        console.print(Padding(text, (0, 0, 0, indent)) if indent else text, overflow="fold")

    line((data["title"], "bold"))
    line((f"Source: {data['source']}", "dim"))
    console.print()
    for statement in data["headline"]:
        if statement["note"] is not None:
            line((statement["text"], ""))
            line((f"\u201c{statement['evidence']}\u201d", "italic"), (f" \u2014 {_by(statement)}", "dim"), indent=2)
    counts = data["counts"]
    line(
        ("Priorities: ", "bold"),
        (
            f"{counts['continued']} in both accounts \u00b7 {counts['new-in-later-account']} new in "
            f"{later['year']}'s \u00b7 {counts['not-in-later-account']} not in it",
            "",
        ),
    )
    tops = [_first(side) for side in (earlier, later)]
    if all(tops) and tops[0] != tops[1]:
        line(
            ("Highest-coded: ", "bold"),
            (f"{tops[0]} ({earlier['year']}) \u2192 ", ""),
            (f"{tops[1]} ({later['year']})", "bold"),
            indent=2,
        )
    console.print()
    main = brief.main_causes()
    if main:
        line(("Why, as the source tells it", "bold"), (f" ({len(main)} of {len(brief.causes)} causes)", "dim"))
        for cause in _tidy([c.__dict__ for c in main]):
            bullet = Table.grid(padding=(0, 1, 0, 0))
            bullet.add_column(width=1)
            bullet.add_column(overflow="fold")
            evidence = Text(f"\u201c{cause['evidence']}\u201d", style="italic")
            evidence.append(f" \u2014 {_by(cause)}", style="dim")
            link = f"{cause['detail']['cause_title']} \u2192 {cause['detail']['effect_title']}"
            bullet.add_row("\u2022", Text(link))
            bullet.add_row("", Padding(evidence, (0, 0, 0, 2)))
            console.print(Padding(bullet, (0, 0, 0, 2)))
        rest = [c for c in brief.causes if c not in main]
        if rest:
            inferred = sum(1 for c in rest if c.basis == "inferred")
            reading = f", {inferred} of them the curator's reading (inferred)" if inferred else ""
            more = f"{len(rest)} more{reading}: {data['commands'][1]}"
            line((more, "dim"), indent=2)
        console.print()
    if data["quotes"]:
        line(("Key quotes", "bold"))
        for quote in data["quotes"]:
            where = quote["detail"]["occasion"] or quote["detail"]["date"]  # the occasion dates it
            said = f" \u2014 {quote['detail']['speaker']}" + (f", {where}" if where else "") + f" ({quote['basis']})"
            line((f"\u201c{quote['text']}\u201d", "italic"), (said, "dim"), indent=2)
        console.print()
    line((SHORT_CAVEAT, "dim"))
    line(("More: ", "dim"), (" \u00b7 ".join([data["commands"][0], data["commands"][-1]]), "dim"))


# --------------------------------------------------------------------------- markdown and json


_LIST_START = re.compile(r"^(\d+[.)]|[-+])")


def _md(text: Any) -> str:
    """Model text as Markdown prose: syntax escaped, and never read as the start of a list."""
    escaped = to_markdown(str(text))
    return _LIST_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], escaped)


def write_markdown(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The whole brief as Markdown, every statement with a numbered footnote."""
    d = brief.to_dict()
    lines = [f"# {_md(d['title'])}", "", f"Source: {_md(d['source'])}", "", "## Summary", ""]
    for s in d["headline"]:
        ref = f" [^{s['note']}]" if s["note"] else " (policyx, from the priorities coded below)"
        lines.append(f"- {_md(s['text'])}{ref}")
    lines += ["", f"> {_md(d['caveat'])}", "", "## Priorities", ""]
    for side in (d["earlier"], d["later"]):
        lines += [
            f"### {_md(side['title'])} ({_md(side['date'])}, {_md(side['speaker'])}) [^{side['note']}]",
            "",
            _md(side["summary"]),
            "",
        ]
        lines += [f"- {_md(p['text'])} ({p['detail']['emphasis']}) [^{p['note']}]" for p in side["priorities"]]
        lines.append("")
    counts = d["counts"]
    lines += [
        f"In both accounts: {counts['continued']}; new in the later account: {counts['new-in-later-account']}; "
        f"not in the later account: {counts['not-in-later-account']}.",
        "",
    ]
    for change in CHANGE_LABELS:
        rows = [c for c in d["changes"] if c["detail"]["change"] == change]
        if rows:
            lines.append(f"- {CHANGE_LABELS[change].capitalize()}: " + "; ".join(_md(c["text"]) for c in rows))
    lines += ["", "## Why, as the source tells it", ""]
    for c in d["causes"]:
        link = f"{_md(c['detail']['cause_title'])} \u2192 {_md(c['detail']['effect_title'])}"
        lines.append(f"- {link}: {_md(c['text'])} \u2014 {_md(_by(c))} [^{c['note']}]")
    if not d["causes"]:
        lines.append("The source gives no cause for these changes.")
    if d["quotes"]:
        lines += ["", "## Key quotes", ""]
        for q in d["quotes"]:
            lines.append(f"- \u201c{_md(q['text'])}\u201d \u2014 {_md(q['detail']['speaker'])} [^{q['note']}]")
    lines += ["", f"## Timeline, {d['span'][0]}\u2013{d['span'][1]}", ""]
    for e in d["events"]:
        marks = [m for m, on in (("cause", e["detail"]["cause"]), ("address", e["detail"]["address"])) if on]
        flag = f" ({', '.join(marks)})" if marks else ""
        lines.append(f"- {_md(e['detail']['date'])}: {_md(e['text'])}{flag} [^{e['note']}]")
    lines += ["", f"## Relations of {_md(d['actor']['name'])}", ""]
    for r in d["relations"]:
        x = r["detail"]
        lines.append(
            f"- {_md(x['from'])} \u2192 {_md(x['to'])}: {_md(x['kind'])} {x['score']:+d} ({x['tone']}): "
            f"{_md(r['text'])} [^{r['note']}]"
        )
    lines += ["", "## Notes", ""]
    for n in d["notes"]:
        lines.append(f"[^{n['number']}]: {_md(_note_text(n))}")
    out.write("\n".join(lines) + "\n")
    return None


def _note_text(n: dict[str, Any]) -> str:
    parts = [f"{n['source']}.", f"Voice: {n['voice']}." if n["voice"] else "", f"Basis: {n['basis']}."]
    parts.append(f"\u201c{n['evidence']}\u201d")
    if n["reference"]:
        parts.append(f"Context from: {n['reference']}.")
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
AXIS_X = 64
LABEL_X = 92
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

    @property
    def height(self) -> float:
        return len(self.lines) * LINE + GAP


def _day(ymd: tuple[int, int, int]) -> int:
    return datetime.date(*ymd).toordinal()


def timeline_chart(brief: Brief) -> dict[str, Any]:
    """The geometry of the inline SVG timeline: a vertical time axis (so it reads at phone width),
    each event at its date (a point for a day, a bar for the month or year a coarser date can
    mean or for a period, an open mark for a date the source only places before, after or
    about another), its label beside it, moved apart from its neighbours with a leader line."""
    lo = _day(PartialDate.parse(brief.span[0]).first_day())
    hi = _day(PartialDate.parse(brief.span[1]).last_day()) + 1
    marks: list[Mark] = []
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
        prefix = "Cause: " if x["cause"] else ("Address: " if x["address"] else "")
        title = fit(clean(prefix + e.text), LABEL_EMS)
        marks.append(Mark(e.id, e.note, first, last, shape, x["cause"], x["address"], [clean(x["date"]), *title]))
    needed = sum(m.height for m in marks)
    height = max(360.0, needed * 1.1)
    top = 24.0
    scale = height / max(1, hi - lo)

    def y(day: float) -> float:
        return top + (min(max(day, lo), hi) - lo) * scale

    for m in marks:
        m.y0, m.y1 = y(m.y0), y(m.y1)
    _place(marks, top, top + height)
    ticks = []
    first_year = PartialDate.parse(brief.span[0]).year
    last_year = PartialDate.parse(brief.span[1]).year
    for year in range(first_year, last_year + 2):
        ticks.append({"year": year, "y": round(y(_day((year, 1, 1))), 1)})
    addresses = []
    for side in (brief.earlier, brief.later):
        date = PartialDate.parse(side.date)
        mid = (_day(date.first_day()) + _day(date.last_day()) + 1) / 2
        addresses.append({"year": side.year, "title": clean(side.title), "y": round(y(mid), 1)})
    bottom = max([top + height, *(m.label_y + m.height for m in marks)]) + 48
    return {
        "width": WIDTH,
        "height": round(bottom, 1),
        "axis_x": AXIS_X,
        "label_x": LABEL_X,
        "top": top,
        "axis_end": round(top + height, 1),
        "line": LINE,
        "ticks": ticks,
        "addresses": addresses,
        "legend_y": round(bottom - 30, 1),
        "marks": [
            {
                "id": m.id,
                "note": m.note,
                "shape": m.shape,
                "cause": m.cause,
                "address": m.address,
                "y0": round(m.y0, 1),
                "y1": round(max(m.y1, m.y0 + 2), 1),
                "mid": round((m.y0 + m.y1) / 2 if m.shape == "range" else m.y0, 1),
                "label_y": round(m.label_y, 1),
                "lines": m.lines,
            }
            for m in marks
        ],
    }


def _place(marks: list[Mark], top: float, bottom: float) -> None:
    """Labels as near their marks as they can be without overlapping: pushed down, then back up
    where they ran past the end, then down again where that pushed them past the start."""
    for m in marks:
        m.label_y = (m.y0 + m.y1) / 2 - LINE if m.shape == "range" else m.y0 - LINE / 2
    for before, m in itertools.pairwise(marks):
        m.label_y = max(m.label_y, before.label_y + before.height)
    if marks and marks[-1].label_y + marks[-1].height > bottom:
        marks[-1].label_y = bottom - marks[-1].height
        for after, m in itertools.pairwise(reversed(marks)):
            m.label_y = min(m.label_y, after.label_y - m.height)
    floor = top - LINE / 2
    for m in marks:
        m.label_y = max(m.label_y, floor)
        floor = m.label_y + m.height


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
            input=to_dot(brief.graph, legend=False, title=False).encode(),
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return _clean_svg(done.stdout)


def _clean_svg(data: bytes) -> str | None:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def prune(element: ET.Element) -> None:
        for child in list(element):
            if not isinstance(child.tag, str) or local(child.tag) not in _SVG_KEEP:
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
    root.set("class", "graph")
    ET.register_namespace("", _SVG_NS)
    return ET.tostring(root, encoding="unicode")


# --------------------------------------------------------------------------- html


def render_html(brief: Brief, *, picture: str | None) -> str:
    """The page: Jinja2 with autoescaping on, every value of the brief cleaned of control characters."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = env.get_template("brief.html.j2")
    data = _tidy(brief.to_dict())
    main = {c.id for c in brief.main_causes()}
    change_of = {
        pid: c["detail"] for c in data["changes"] for pid in (c["detail"]["earlier_id"], c["detail"]["later_id"]) if pid
    }
    return template.render(
        b=data,
        labels=CHANGE_LABELS,
        main=main,
        change_of=change_of,
        chart=timeline_chart(brief),
        picture=Markup(picture) if picture else None,  # pruned to shapes and text above
    )


def write_html(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief as one self-contained HTML page."""
    out.write(render_html(brief, picture=graph_svg(brief)))
    return None
