"""The grid every table is drawn on: columns fitted to the console, words never split.

Owns how a table meets its console's width: codes and numbers (as ``columns`` declares
them) keep their width, text wraps between words, secondary columns are dropped before a
word would be split, and a table too narrow for columns is stacked, one block per row.
Also the consoles themselves and the one way data becomes Rich ``Text`` (never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from ..columns import CODE, OWN, SECONDARY, VOICE, Column, column
from .text import cell, clean

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

PIPE_WIDTH = 100_000


def make_console(file: IO[str], *, terminal: bool, color: bool, width: int | None = None) -> Console:
    """A console for ``file``: sized to the terminal, or unbounded (never cutting a cell) in a pipe."""
    from rich.console import Console

    return Console(
        file=file,
        force_terminal=terminal and color,
        no_color=not color,
        color_system="auto" if color else None,
        width=width if width else (None if terminal else PIPE_WIDTH),
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        legacy_windows=False,
    )


CELL_CHARACTERS = 2000
"""The most of one value a table shows: beyond, it is cut and ends in ``MORE`` (data formats stay whole)."""
CELL_LINES = 20
"""The most lines of one value a table shows: beyond, the rest is cut and ``MORE`` ends the last shown."""
MORE = "\u2026"


def plain(value: object) -> str:
    """Data as the text of a table: control characters escaped, tabs as spaces (Rich mis-measures tabs),
    at most ``CELL_CHARACTERS`` characters and ``CELL_LINES`` lines (cut with a visible ``MORE``)."""
    text = cell(value)
    if len(text) > CELL_CHARACTERS:
        text = text[:CELL_CHARACTERS] + MORE
    if text.count("\n") >= CELL_LINES:
        text = "\n".join(text.split("\n", CELL_LINES)[:CELL_LINES]) + MORE
    return clean(text).expandtabs(4)


def as_text(value: object, style: str = "") -> Text:
    """Data as Rich text: never markup."""
    from rich.text import Text

    return Text(plain(value), style=style)


def score_style(score: object) -> str:
    if not isinstance(score, int):
        return ""
    return "green" if score > 0 else ("red" if score < 0 else "dim")


LAYOUT_CELLS = {
    "earlier": CODE,
    "later": CODE,
    "valid": CODE,
    "way": CODE,
    "between": Column(actors=True, name=True),
    "priority": OWN,
    "why": OWN,
    "claim": OWN,
}
"""The cells of the tables' own layouts that are not fields of a view, and what each holds."""

MEASURE = 30
"""The narrowest a row's own text (a title, a summary) is set in a column: below it, the text moves
under the row's other cells, where it has the table's whole width."""
UNDER = 4
"""How far a text set under its row is indented."""


def _kind(key: str) -> Column:
    return LAYOUT_CELLS.get(key) or column(key)


class Grid:
    """A table fitted to its console: whole columns keep their width, text wraps between words,
    and on a narrow console secondary columns are dropped before any word would be split.

    The row's own text (a title, a summary) gets its width first: a readable measure before ids,
    voices and addresses get more than their longest word, then names their one line. When it
    cannot get that measure, a long id moves under it, then the text itself moves under its row
    (``under`` puts a column there at any width; ``short`` cuts it to one line, ending in ``…``)."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        title: str | None = None,
        *,
        names: bool = False,
        plain: bool = False,
        optional: bool = True,
        under: Sequence[str] = (),
        short: bool = False,
        aside: Sequence[str] | None = None,
    ) -> None:
        self.keys = [key for key, _ in columns]
        self.headers = [header for _, header in columns]
        self.title = title
        self.plain = plain  # a borderless grid with no header (the timeline)
        self.optional = optional
        self.names = names
        self.whole = [_kind(key).whole and not (names and _kind(key).actors) for key in self.keys]
        self.under = [key in under for key in self.keys]
        self.short = short
        self.aside = [
            key in aside if aside is not None else (names and _kind(key) == VOICE) for key in self.keys
        ]  # what may join the prose, as its last lines, when that leaves it the width for fewer lines
        self.rows: list[Sequence[Text]] = []
        self.tails: list[Text | None] = []

    def add(self, *cells: Text, tail: Text | None = None) -> None:
        """A row; ``tail`` ends the last text set under it, and is never cut."""
        self.rows.append(cells)
        self.tails.append(tail)

    def _measure(self, i: int) -> tuple[int, int]:
        """(narrowest, natural) width of column i: its longest word (or line, if whole), its longest line."""
        from rich.cells import cell_len

        texts = [row[i].plain for row in self.rows] + ([] if self.plain else [self.headers[i]])
        lines = [line for text in texts for line in text.split("\n")]
        natural = max((cell_len(line) for line in lines), default=0)
        if self.whole[i]:
            return natural, natural
        words = [word for line in lines for word in line.split()]
        return max((cell_len(word) for word in words), default=0), natural

    def _overhead(self, n: int) -> int:
        return 2 * (n - 1) if self.plain else 3 * n + 1

    def _own(self, i: int) -> bool:
        return _kind(self.keys[i]).own and not self.whole[i]

    def _name(self, i: int) -> bool:
        return self.names and _kind(self.keys[i]).name

    def fit(self, width: int) -> tuple[list[int], dict[int, int]]:
        """The columns kept and their widths for a console this wide: the narrowest each may be, then
        the row's own text up to a readable measure, then names up to their one line, then the rest
        shared out evenly, a column that wants less than its share getting what it wants (so none is
        left a few columns short of its line while another takes more than it needs)."""
        keep = [i for i in range(len(self.keys)) if not self.under[i]]
        sizes = {i: self._measure(i) for i in keep}
        names = [(key, header) for key, header in zip(self.keys, self.headers, strict=True)]
        droppable = [i for k in SECONDARY for i, n in enumerate(names) if k in n and i in keep] if self.optional else []
        while sum(sizes[i][0] for i in keep) + self._overhead(len(keep)) > width and droppable:
            keep.remove(droppable.pop(0))
        widths = {i: sizes[i][0] for i in keep}
        spare = width - self._overhead(len(keep)) - sum(widths.values())
        for wanted, target in ((self._own, MEASURE), (self._name, None)):
            for i in (i for i in keep if wanted(i)):
                goal = sizes[i][1] if target is None else min(sizes[i][1], max(target, sizes[i][0]))
                give = max(0, min(spare, goal - widths[i]))
                widths[i] += give
                spare -= give
        spare = self._shortest(keep, widths, sizes, spare)
        wanting = sorted((sizes[i][1] - widths[i], i) for i in keep if sizes[i][1] > widths[i])
        for n, (want, i) in enumerate(wanting):  # what is left: evenly, or what a column still wants
            give = max(0, min(want, spare // (len(wanting) - n)))
            widths[i] += give
            spare -= give
        return keep, widths

    def _shortest(self, keep: list[int], widths: dict[int, int], sizes: dict[int, tuple[int, int]], spare: int) -> int:
        """Widen, one step at a time, the column whose widening saves the most lines per column given,
        until no widening saves a line; the spare width left."""
        from functools import cache

        from rich.cells import cell_len

        texts = {
            i: [[[cell_len(w) for w in line.split()] for line in row[i].plain.split("\n")] for row in self.rows]
            for i in keep
            if not self.whole[i]
        }

        @cache
        def heights(i: int, width: int) -> tuple[int, ...]:
            return tuple(sum(_lines(line, width) for line in cell) for cell in texts[i])

        def total(trial: dict[int, int]) -> int:
            columns = [heights(i, trial[i]) for i in texts]
            return sum(max(h) for h in zip(*columns, strict=True)) if columns else 0

        current = total(widths)
        while spare > 0 and texts:
            best: tuple[float, int, int, int] | None = None
            for i in texts:
                for step in range(1, min(spare, sizes[i][1] - widths[i]) + 1):
                    lines = total({**widths, i: widths[i] + step})
                    if lines < current:
                        gain = (current - lines) / step
                        if best is None or gain > best[0]:
                            best = (gain, i, step, lines)
                        break
            if best is None:
                break
            _, i, step, current = best
            widths[i] += step
            spare -= step
        return spare

    def fits(self, keep: list[int], width: int) -> bool:
        return sum(self._measure(i)[0] for i in keep) + self._overhead(len(keep)) <= width

    def _cramped(self, keep: list[int], widths: dict[int, int]) -> list[int]:
        """The kept columns of prose (not a name) that are narrower than a readable measure."""
        return [i for i in keep if self._prose(i) and widths[i] < MEASURE]

    def _prose(self, i: int) -> bool:
        """Is column i prose: the row's own text, running to lines of twice a readable measure or more?"""
        return self._own(i) and self._measure(i)[1] >= 2 * MEASURE

    def _moved(self, at: int, label: str | None = None) -> Grid | None:
        """This table with column ``at`` moved into the first column of prose, as a dim last line of
        each row's text (``label`` before it, else its header and a colon), or None if there is none."""
        from rich.text import Text

        prose = [i for i in range(len(self.keys)) if self._prose(i) and not self.under[i] and i != at]
        if not prose:
            return None
        to = prose[0]
        moved = Grid(
            [(k, h) for n, (k, h) in enumerate(zip(self.keys, self.headers, strict=True)) if n != at],
            self.title,
            names=self.names,
            plain=self.plain,
            optional=self.optional,
            under=[k for n, k in enumerate(self.keys) if self.under[n]],
            short=self.short,
            aside=[k for n, k in enumerate(self.keys) if self.aside[n] and n != at],
        )
        lead = label if label is not None else f"{self.headers[at]}: "
        for row, tail in zip(self.rows, self.tails, strict=True):
            cells = list(row)
            if row[at].plain:
                cells[to] = cells[to] + Text("\n" + lead, style="dim") + Text(row[at].plain, style="dim")
            moved.add(*(value for n, value in enumerate(cells) if n != at), tail=tail)
        return moved

    def height(self, keep: list[int], widths: dict[int, int]) -> int:
        """About how many lines the rows take with these columns at these widths."""
        total = 0
        for row in self.rows:
            tallest = 1
            for i in keep:
                lines = row[i].plain.split("\n")
                words = [[len(w) for w in line.split()] for line in lines]
                tallest = max(tallest, len(lines) if self.whole[i] else sum(_lines(w, widths[i]) for w in words))
            total += tallest
        return total

    def _aside(self) -> Grid | None:
        """This table with every column that may join the prose moved into it, or None if there is none."""
        moved: Grid | None = self
        while moved is not None and any(moved.aside):
            moved = moved._moved(moved.aside.index(True))
        return moved if moved is not self else None

    def print(self, console: Console) -> None:
        from rich import box
        from rich.table import Table

        width = console.width
        keep, widths = self.fit(width)
        narrow = [i for i in keep if self._prose(i) and MEASURE <= widths[i] < 2 * MEASURE]
        if self.optional and not self.plain and narrow and any(self.aside):  # voices join the prose, if shorter
            moved = self._aside()
            if moved is not None and moved.height(*moved.fit(width)) < self.height(keep, widths):
                moved.print(console)
                return
        if self.optional and not self.plain and self._cramped(keep, widths) and any(self.aside):
            moved = self._aside()  # a cramped text takes in what may join it before it goes under its row
            if moved is not None and not moved._cramped(*moved.fit(width)):
                moved.print(console)
                return
        if self.optional and not self.plain and self._cramped(keep, widths) and "id" in self.keys:
            moved = self._moved(self.keys.index("id"), "id ")
            if moved is not None:
                moved.print(console)
                return
        if self.optional and not self.plain and self._cramped(keep, widths):
            cramped = self._cramped(keep, widths)
            if len(cramped) < len(keep):  # the text goes under its row, where it has the whole width
                self.under = [u or i in cramped for i, u in enumerate(self.under)]
                keep, widths = self.fit(width)
        if not self.fits(keep, width) and self.optional:
            self.print_stacked(console)
            return
        if any(self.under):
            self.print_under(console, keep, widths)
            return
        if self.plain:
            table = Table.grid(padding=(0, 2))
        else:
            title = as_text(self.title, "bold") if self.title else None
            table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
        for i in keep:
            header = "" if self.plain else self.headers[i]
            table.add_column(
                header,
                width=widths[i],
                no_wrap=self.whole[i],
                overflow="fold",
                justify="right" if _kind(self.keys[i]).numeric else "left",
            )
        for row in self.rows:
            table.add_row(*(row[i] for i in keep))
        console.print(table)

    def _line(self, cells: Sequence[Text], keep: list[int], widths: dict[int, int], console: Console) -> list[Text]:
        """One row's cells side by side, as the lines a simple-head table draws them (two blanks before,
        three between)."""
        from rich.text import Text

        wrapped = [self._wrap(value, i, widths[i], console) for value, i in zip(cells, keep, strict=True)]
        height = max((len(lines) for lines in wrapped), default=1)
        out = []
        for n in range(height):
            line = Text("  ")
            for n_column, (lines, i) in enumerate(zip(wrapped, keep, strict=True)):
                part = lines[n] if n < len(lines) else Text()
                pad = " " * max(0, widths[i] - part.cell_len)
                numeric = _kind(self.keys[i]).numeric
                line.append_text(Text(pad) + part if numeric else part + Text(pad))
                if n_column < len(keep) - 1:
                    line.append("   ")
            out.append(line)
        return out

    def _wrap(self, value: Text, i: int, width: int, console: Console) -> list[Text]:
        """A cell's lines at this width; names joined by an arrow break after the arrow first, so that
        each name stays on one line where it fits."""
        if self._name(i) and value.cell_len > width:
            for arrow in (" \u2192 ", " \u2194 "):
                at = value.plain.find(arrow)
                if at > 0:
                    head, rest = value[: at + len(arrow) - 1], value[at + len(arrow) :]
                    return [*self._wrap(head, i, width, console), *self._wrap(rest, i, width, console)]
        return list(value.wrap(console, width, overflow="fold", no_wrap=self.whole[i]))

    def print_under(self, console: Console, keep: list[int], widths: dict[int, int]) -> None:
        """Columns for the codes and names, and each row's own text under it, across the whole width."""
        from rich.padding import Padding
        from rich.text import Text

        if self.title:
            console.print(as_text(self.title, "bold"))
        console.print()  # where a simple-head table draws its top edge
        header = self._line([Text(self.headers[i]) for i in keep], keep, widths, console)
        rule = sum(widths[i] for i in keep) + self._overhead(len(keep)) - 2
        for line in [*header, Text(" " + "\u2500" * rule)]:
            console.print(line, no_wrap=True, crop=False)
        room = max(console.width - UNDER, 1)
        for row, tail in zip(self.rows, self.tails, strict=True):
            for line in self._line([row[i] for i in keep], keep, widths, console):
                console.print(line, no_wrap=True, crop=False)
            texts = [value for i, value in enumerate(row) if self.under[i] and value.plain]
            for n, text in enumerate(texts):
                end = tail if tail is not None and n == len(texts) - 1 else None
                for line in self._under(text, end, room):
                    console.print(Padding(line, (0, 0, 0, UNDER)))
        console.print()

    def _under(self, text: Text, tail: Text | None, room: int) -> list[Text]:
        """A text set under its row (cut to one line if ``short``), and its tail: on the same line if the
        text fits beside it whole or keeps half as much again as a readable measure, else on a line of
        its own. A tail is never cut."""
        if tail is None:
            return [shorten(text, room) if self.short else text]
        if not self.short:
            return [text + tail]
        beside = room - tail.cell_len
        if text.cell_len <= beside or beside >= MEASURE * 3 // 2:
            return [shorten(text, beside) + tail]
        alone = tail.copy()
        alone.plain = alone.plain.lstrip()  # (spans past the new end are trimmed: a tail is one style)
        return [shorten(text, room), alone]

    def print_stacked(self, console: Console) -> None:
        """Too narrow for columns: each row as a block, its codes on one line, each text on its own."""
        from rich.padding import Padding
        from rich.text import Text

        if self.title:
            console.print(as_text(self.title, "bold"))
        for n, row in enumerate(self.rows):
            if n and not self.plain:
                console.print()
            codes = [
                (Text(f"{self.headers[i]} ", style="dim") if self.headers[i] else Text()) + row[i]
                for i in range(len(row))
                if self.whole[i] and row[i].plain
            ]
            lines = [Text(" \u00b7 ").join(codes)] if codes else []
            for i, value in enumerate(row):
                if self.whole[i] or not value.plain:
                    continue
                label = "" if _kind(self.keys[i]).own else f"{self.headers[i]}: "
                lines.append(Text(label, style="dim") + value)
            if self.plain:  # a grid keeps its rows' own indentation; their texts sit under the bullet
                first, *rest = Text("\n").join(lines).split("\n")
                console.print(Text("\n").join([first, *(Text("    ") + line for line in rest)]))
            else:
                console.print(Padding(Text("\n").join(lines), (0, 0, 0, 2)))
        if not self.plain:
            console.print()  # a section ends as a table does, with a blank line


def _lines(words: list[int], width: int) -> int:
    """How many lines words of these widths fill, wrapped greedily at ``width`` (a longer word: its own)."""
    lines, used = 1, 0
    for word in words:
        if used and used + 1 + word > width:
            lines, used = lines + 1, word
        else:
            used += word + (1 if used else 0)
    return lines


def shorten(text: Text, width: int) -> Text:
    """Text cut to one line of ``width`` cells at a word's end, with ``…`` where it was cut (styles kept)."""
    from rich.cells import cell_len

    flat = text.copy()
    flat.plain = text.plain.replace("\n", " ")  # one line: its breaks as spaces (same length, styles kept)
    if cell_len(flat.plain) <= width:
        return flat
    cut = flat.plain.rfind(" ", 0, max(width, 1))
    end = cut if cut > 0 else width - 1
    short = flat[:end].copy()
    short.rstrip()
    short.append("\u2026")
    return short
