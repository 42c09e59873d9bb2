"""The brief's timeline chart: the geometry of the page's inline SVG timeline, and the font metrics it wraps labels by.

Owns where each event of the period is drawn and how (a point for a day, a bar for a period
or for the month or year a coarser date can mean, a diamond for a date the source places only
before, after or about another), the length of each month on the time axis, the labels
wrapped to the chart's width by an estimate of their letters' widths, placed beside their
marks and apart from each other with leader lines that never cross. How the chart is drawn
(the SVG elements, colours, legend) is the page template's.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import unicodedata
from dataclasses import dataclass
from typing import TypedDict

from ..brief_data import Brief, Entry, EventDetail
from ..model import PartialDate
from .text import clean

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
TOP = 24.0
"""Where the time axis starts."""

Month = tuple[int, int]


class Tick(TypedDict):
    year: int
    y: float


class AddressMark(TypedDict):
    """An address on the axis: where its date falls and where its label sits."""

    year: int
    y: float
    label_y: float


class ChartMark(TypedDict):
    """An event as the template draws it."""

    id: str
    note: int
    shape: str
    qualifier: str | None
    cause: bool
    address: bool
    x: int
    y0: float
    y1: float
    label_y: float
    leader: list[float]
    lines: list[str]


class Chart(TypedDict):
    """The whole chart: its size, the axis, the years' ticks, the addresses, the events and the legend."""

    width: int
    height: float
    axis_x: int
    label_x: int
    top: float
    axis_end: float
    line: int
    ticks: list[Tick]
    addresses: list[AddressMark]
    legend_y: float
    marks: list[ChartMark]


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


@dataclass
class _Drawn:
    """An event to draw: its first day, the day after its last, its shape and its label's lines."""

    event: Entry[EventDetail]
    first: int
    last: int
    shape: str
    lines: list[str]


class _Axis:
    """The time axis: each month as long as its events' labels need (at least MIN_MONTH), time running
    evenly within a month."""

    def __init__(self, first_year: int, last_year: int, drawn: list[_Drawn]) -> None:
        self.months = [(year, month) for year in range(first_year, last_year + 1) for month in range(1, 13)]
        demand = dict.fromkeys(self.months, 0.0)
        for d in drawn:
            when = datetime.date.fromordinal(d.first)
            demand[min(max((when.year, when.month), self.months[0]), self.months[-1])] += len(d.lines) * LINE + GAP
        self.starts: dict[Month, float] = {}
        self.lengths: dict[Month, float] = {}
        at = TOP
        for key, need in demand.items():
            self.starts[key], self.lengths[key] = at, max(MIN_MONTH, need * 1.1)
            at += self.lengths[key]
        self.end = at

    def y(self, day: float) -> float:
        """The height of a day (an ordinal, a fraction for a moment within it) on the axis: the day after
        the calendar's last (the end of 9999-12-31) at the end."""
        if int(day) > LAST_DAY:
            return self.end
        date = datetime.date.fromordinal(int(day))
        key = (date.year, date.month)
        if key < self.months[0]:
            return TOP
        if key > self.months[-1]:
            return self.end
        first = _day((date.year, date.month, 1))
        days = calendar.monthrange(date.year, date.month)[1]
        return self.starts[key] + (day - first) / days * self.lengths[key]


LAST_DAY = datetime.date.max.toordinal()
"""The calendar's last day (9999-12-31), as an ordinal: an event's end is the ordinal after its last day."""


def _day(ymd: tuple[int, int, int]) -> int:
    return datetime.date(*ymd).toordinal()


def timeline_chart(brief: Brief) -> Chart:
    """The geometry of the inline SVG timeline: a vertical time axis (so it reads at phone width),
    each event at its date (a point for a day, a bar for the month or year a coarser date can
    mean or for a period, an open diamond with an arrow for a date the source places only
    before or after another, a plain one for "about"), its label beside it, moved apart from its
    neighbours with a leader line that crosses no other (``place``). Each month is as long as its
    events' labels need (at least MIN_MONTH): time runs evenly within a month, and busy months are
    longer than quiet ones, so a label stays near its mark; marks that would overlap are set side
    by side."""
    first_year = PartialDate.parse(brief.span[0]).year
    last_year = PartialDate.parse(brief.span[1]).year
    source = brief.sources.get(brief.source)
    drawn = [_drawn(e, source.author if source else None) for e in brief.events]
    axis = _Axis(first_year, last_year, drawn)
    marks = [
        Mark(
            d.event.id,
            d.event.note,
            axis.y(d.first),
            axis.y(d.last),
            d.shape,
            d.event.detail["cause"],
            d.event.detail["address"],
            d.lines,
            qualifier=d.event.detail["qualifier"],
        )
        for d in drawn
    ]
    _lanes(marks)
    place(marks, TOP, axis.end)
    ticks = [Tick(year=year, y=round(axis.starts[(year, 1)], 1)) for year in range(first_year, last_year + 1)]
    ticks.append(Tick(year=last_year + 1, y=round(axis.end, 1)))
    bottom = max([axis.end, *(m.label_y + m.height for m in marks)]) + 84
    return Chart(
        width=WIDTH,
        height=round(bottom, 1),
        axis_x=AXIS_X,
        label_x=LABEL_X,
        top=TOP,
        axis_end=round(axis.end, 1),
        line=LINE,
        ticks=ticks,
        addresses=_addresses(brief, axis, ticks),
        legend_y=round(bottom - 66, 1),
        marks=[_mark(m) for m in marks],
    )


def _drawn(e: Entry[EventDetail], author: str | None) -> _Drawn:
    """An event's extent, shape and label: its date, then its title, marked if it is a linked cause or an
    address, with whose words it is when they are not the source's author's."""
    x = e.detail
    start = PartialDate.parse(x["start"])
    end = PartialDate.parse(x["end"]) if x["end"] else start
    if x["qualifier"]:
        shape = "approximate"
    elif x["end"] or start.precision != "day":
        shape = "range"
    else:
        shape = "point"
    prefix = "Linked cause: " if x["cause"] else ("Address: " if x["address"] else "")
    other = bool(e.voice) and e.voice != author and e.basis != "context" and "puts it" not in e.text
    whose = f" (as {e.voice} puts it)" if other else ""
    title = fit(clean(prefix + e.text + whose), LABEL_EMS)
    return _Drawn(e, _day(start.first_day()), _day(end.last_day()) + 1, shape, [clean(x["date"]), *title])


def _addresses(brief: Brief, axis: _Axis, ticks: list[Tick]) -> list[AddressMark]:
    """Each address at the middle of its date, its label under the line unless a year's label is there."""
    tick_label_ys = [t["y"] + 4 for t in ticks]
    addresses = []
    for side in (brief.earlier, brief.later):
        said = PartialDate.parse(side.date)
        at_y = axis.y((_day(said.first_day()) + _day(said.last_day()) + 1) / 2)
        below = at_y + 10
        label_y = at_y - 3 if any(abs(below - t) < 11 for t in tick_label_ys) else below
        addresses.append(AddressMark(year=side.year, y=round(at_y, 1), label_y=round(label_y, 1)))
    return addresses


def _mark(m: Mark) -> ChartMark:
    return ChartMark(
        id=m.id,
        note=m.note,
        shape=m.shape,
        qualifier=m.qualifier,
        cause=m.cause,
        address=m.address,
        x=AXIS_X + m.lane * LANE,
        y0=round(m.y0, 1),
        y1=round(max(m.y1, m.y0 + 2), 1),
        label_y=round(m.label_y, 1),
        leader=[round(v, 1) for v in m.leader],
        lines=m.lines,
    )


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


def place(marks: list[Mark], top: float, bottom: float) -> None:
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
