"""The grid every table is drawn on: columns fitted to the console, words never split.

Owns how a table meets its console's width: codes and numbers (as ``columns`` declares
them) keep their width, text wraps between words, secondary columns are dropped before a
word would be split, and a table too narrow for columns is stacked, one block per row.
Also the consoles themselves and the one way data becomes Rich ``Text`` (never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from ..columns import CODE, OWN, SECONDARY, Column, column
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


def plain(value: object) -> str:
    """Data as the text of a table: control characters escaped, tabs as spaces (Rich mis-measures tabs)."""
    return clean(cell(value)).expandtabs(4)


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
    "priority": OWN,
    "why": OWN,
    "claim": OWN,
}
"""The cells of the tables' own layouts that are not fields of a view, and what each holds."""


def _kind(key: str) -> Column:
    return LAYOUT_CELLS.get(key) or column(key)


class Grid:
    """A table fitted to its console: whole columns keep their width, text wraps between words,
    and on a narrow console secondary columns are dropped before any word would be split."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        title: str | None = None,
        *,
        names: bool = False,
        plain: bool = False,
        optional: bool = True,
    ) -> None:
        self.keys = [key for key, _ in columns]
        self.headers = [header for _, header in columns]
        self.title = title
        self.plain = plain  # a borderless grid with no header (the timeline)
        self.optional = optional
        self.whole = [_kind(key).whole and not (names and _kind(key).actors) for key in self.keys]
        self.rows: list[Sequence[Text]] = []

    def add(self, *cells: Text) -> None:
        self.rows.append(cells)

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

    def fit(self, width: int) -> tuple[list[int], dict[int, int]]:
        """The columns kept and their widths for a console this wide."""
        keep = list(range(len(self.keys)))
        sizes = {i: self._measure(i) for i in keep}
        names = [(key, header) for key, header in zip(self.keys, self.headers, strict=True)]
        droppable = [i for k in SECONDARY for i, n in enumerate(names) if k in n] if self.optional else []
        while sum(sizes[i][0] for i in keep) + self._overhead(len(keep)) > width and droppable:
            keep.remove(droppable.pop(0))
        room = width - self._overhead(len(keep))
        widths = {i: sizes[i][0] for i in keep}
        spare = room - sum(widths.values())
        wanting = {i: sizes[i][1] - sizes[i][0] for i in keep if sizes[i][1] > sizes[i][0]}
        total = sum(wanting.values())
        if spare > 0 and total:
            if spare >= total:
                for i, want in wanting.items():
                    widths[i] += want
            else:
                for i, want in wanting.items():
                    widths[i] += spare * want // total
        return keep, widths

    def fits(self, keep: list[int], width: int) -> bool:
        return sum(self._measure(i)[0] for i in keep) + self._overhead(len(keep)) <= width

    def print(self, console: Console) -> None:
        from rich import box
        from rich.table import Table

        keep, widths = self.fit(console.width)
        if not self.fits(keep, console.width) and self.optional:
            self.print_stacked(console)
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
