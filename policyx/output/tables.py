"""Tables with Rich: the terminal's view of every command, and pictures of it (SVG, HTML, text).

Owns everything a person sees on a terminal: plain tables, the layouts of priorities,
compare, actor profiles and the timeline. Every data value is drawn as ``Text`` after
``text.clean``, so markup-like strings print literally and control characters never
reach the terminal. Rich is imported here only, and only when something is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from ..views import NAMED, View, select_fields
from .text import cell, clean
from .wording import LINKED_BY, SHORT, dated, point, said_by

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from . import Settings

PIPE_WIDTH = 100_000
NUMERIC = frozenset({"score", "priorities", "events", "quotes", "year", "n", "depth"})
EMPHASIS_STYLE = {"overarching": "bold magenta", "major": "bold", "mentioned": "dim"}
SHIFT_STYLE = {"raised": "green", "lowered": "red"}
CHANGE_TITLES = {
    "continued": "In both accounts",
    "new-in-later-account": "New in the source's account of {later}",
    "not-in-later-account": "Not in the source's account of {later}",
}


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


def _plain(value: Any) -> str:
    """Data as the text of a table: control characters escaped, tabs as spaces (Rich mis-measures tabs)."""
    return clean(cell(value)).expandtabs(4)


def _text(value: Any, style: str = "") -> Text:
    """Data as Rich text: never markup."""
    from rich.text import Text

    return Text(_plain(value), style=style)


def _score_style(score: Any) -> str:
    if not isinstance(score, int):
        return ""
    return "green" if score > 0 else ("red" if score < 0 else "dim")


WHOLE = frozenset(
    {
        "id",
        "year",
        "emphasis",
        "earlier",
        "later",
        "shift",
        "section",
        "kind",
        "type",
        "field",
        "score",
        "date",
        "valid",
        "since",
        "until",
        "start",
        "end",
        "precision",
        "qualifier",
        "mutual",
        "direction",
        "depth",
        "n",
        "counterpart",
        "address",
        "priorities",
        "events",
        "quotes",
        "basis",
        "change",
        "topic",
        "from",
        "to",
        "speaker",
        "voice",
        "earlier_emphasis",
        "later_emphasis",
        "earlier_id",
        "later_id",
        "cause",
        "effect",
        "cause_type",
        "effect_type",
        "cause_date",
        "occasion",
        "source",
        "reference",
        "after",
    }
)
"""Columns of ids, dates, codes and numbers: never wrapped, never split."""
UNLABELLED = frozenset({"title", "name", "summary", "text", "priority", "why", "claim", "detail", "description"})
"""Text columns that need no label when a narrow table is stacked: they are what the row is."""
OPTIONAL = ("aliases", "themes", "until", "since", "valid", "mutual", "field", "score", "qualifier", "precision")
"""Secondary columns a narrow terminal drops, first to last, rather than split a word."""


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
        self.whole = [key in WHOLE and not (names and key in NAMED) for key in self.keys]
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
        droppable = [i for k in OPTIONAL for i, n in enumerate(names) if k in n] if self.optional else []
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
            title = _text(self.title, "bold") if self.title else None
            table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
        for i in keep:
            header = "" if self.plain else self.headers[i]
            table.add_column(
                header,
                width=widths[i],
                no_wrap=self.whole[i],
                overflow="fold",
                justify="right" if self.keys[i] in NUMERIC else "left",
            )
        for row in self.rows:
            table.add_row(*(row[i] for i in keep))
        console.print(table)

    def print_stacked(self, console: Console) -> None:
        """Too narrow for columns: each row as a block, its codes on one line, each text on its own."""
        from rich.padding import Padding
        from rich.text import Text

        if self.title:
            console.print(_text(self.title, "bold"))
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
                label = "" if self.keys[i] in UNLABELLED else f"{self.headers[i]}: "
                lines.append(Text(label, style="dim") + value)
            if self.plain:  # a grid keeps its rows' own indentation; their texts sit under the bullet
                first, *rest = Text("\n").join(lines).split("\n")
                console.print(Text("\n").join([first, *(Text("    ") + line for line in rest)]))
            else:
                console.print(Padding(Text("\n").join(lines), (0, 0, 0, 2)))
        if not self.plain:
            console.print()  # a section ends as a table does, with a blank line


def named(view: View, row: dict[str, Any]) -> dict[str, Any]:
    """A row with the actor ids of its NAMED columns replaced by names, for a person to read."""
    names: dict[str, str] = view.meta.get("names", {})
    if not names:
        return row
    out = dict(row)
    for column in NAMED & row.keys():
        value = row[column]
        if isinstance(value, list):
            out[column] = [names.get(v, v) for v in value]
        elif isinstance(value, str):
            out[column] = names.get(value, value)
    quote = "speaker" in row and "text" in row  # a quote's words are its speaker's; a reading is only where
    if out.get("voice") and "basis" in row and not quote:  # a reading is never in an author's bare voice
        reported = row.get("voice") in view.meta.get("reported", ())
        out["voice"] = said_by(out["voice"], row["basis"], reported=reported)
    elif out.get("voice") and quote and row.get("basis") == "inferred":  # the words are the speaker's
        out["voice"] = f"{out['voice']} (occasion: curator's reading)"
    return out


def _cells(row: dict[str, Any], columns: Sequence[str]) -> list[Text]:
    out = []
    for column in columns:
        value = row.get(column)
        style = ""
        if column == "score":
            style = _score_style(value)
        elif column in ("emphasis", "earlier_emphasis", "later_emphasis"):
            style = EMPHASIS_STYLE.get(str(value), "")
        out.append(_text(value, style))
    return out


def generic(view: View, columns: Sequence[str], console: Console, *, names: bool = False) -> None:
    """Any view as one table of the chosen columns (actors by name, if ``names``; chosen fields are
    never dropped)."""
    hidden = set(view.meta.get("hidden_in_tables", ())) if names else set()
    shown = [c for c in columns if c not in hidden]
    table = Grid([(c, c) for c in shown], view.title, names=names, optional=names)
    for row in view.rows:
        table.add(*_cells(named(view, row) if names else row, shown))
    table.print(console)


def _point(view: View, row: dict[str, Any]) -> str | None:
    """Whose point a cause is (its cause record's voice and basis); how it is linked is said apart."""
    voice = row.get("cause_voice")
    name = view.meta.get("names", {}).get(voice, voice)
    return point(name, row.get("cause_basis"), reported=voice in view.meta.get("reported", ()))


def _voice(view: View, row: dict[str, Any]) -> Text:
    """'voice: NAME' in dim, or nothing for a row that is policyx's own (no voice)."""
    from rich.text import Text

    voice = named(view, row).get("voice")
    return Text(f"\nvoice: {_plain(voice)}", style="dim") if voice else Text()


def _heading(view: View, address_id: str, year: Any) -> tuple[str, str]:
    """An address's table title (title, date, speaker) and its summary."""
    meta = view.meta.get("addresses", {}).get(address_id)
    if not meta:
        return f"{year} \u00b7 {address_id}", ""
    return f"{meta['title']} ({dated(meta['date'], meta.get('basis'))}, {meta['speaker']})", str(meta["summary"])


def _citations(row: dict[str, Any], cites: Sequence[tuple[str, str, str]]) -> Text:
    """One dim line per (label, evidence field, basis field) the row has, each starting a new line."""
    from rich.text import Text

    text = Text()
    for label, evidence, basis in cites:
        if row.get(evidence) is None:
            continue
        text.append("\n")
        quoted = (
            f"{label}\u201c{_plain(row.get(evidence))}\u201d ({_plain(SHORT.get(str(row.get(basis)), row.get(basis)))})"
        )
        text.append(Text(quoted, style="dim italic"))
    return text


def _reading(row: dict[str, Any]) -> Text:
    """The curator's note on a record: for an inferred one, their reading, so 'inferred' never stands
    unexplained; for another, what it corrects or adds (a wrong name in the source, a reference's fact)."""
    from rich.text import Text

    if not row.get("note"):
        return Text()
    label = "inferred" if row.get("basis") == "inferred" else "note"
    return Text(f"\n{label}: {_plain(row['note'])}", style="dim")


def priorities(view: View, console: Console, cite: bool) -> None:
    """One table per address, highest emphasis first; id and themes (and evidence if asked) under each title."""
    from rich.text import Text

    groups: dict[str, list[dict[str, Any]]] = {}
    for row in view.rows:
        groups.setdefault(row["address"], []).append(row)
    for address_id, rows in groups.items():
        title, summary = _heading(view, address_id, rows[0]["year"])
        console.print(_text(title, "bold"))
        if summary:
            console.print(_text(summary, "dim"))
        table = Grid([("emphasis", "emphasis"), ("priority", "priority"), ("actors", "actors")])
        for shown in rows:
            row = named(view, shown)
            under = "id " + _plain(row["id"]) + (f" \u00b7 themes: {_plain(row['themes'])}" if row["themes"] else "")
            cell_text = _text(("e.g. " if row.get("example_of") else "") + str(row["title"]))
            cell_text.append("\n")
            cell_text.append(Text(under, style="dim"))
            if cite:
                cell_text.append(_citations(row, (("", "evidence", "basis"),)))
            table.add(
                _text(row["emphasis"], EMPHASIS_STYLE.get(str(row["emphasis"]), "")), cell_text, _text(row["actors"])
            )
        table.print(console)


def compare(view: View, console: Console) -> None:
    """Two addresses: their titles and summaries, the summary of the change, the priorities by
    kind of change, then why: the causes the source gives, each with evidence and voice."""
    from rich.text import Text

    later = view.meta.get("later")
    earlier = view.meta.get("earlier")
    console.print(_text(view.title, "bold"))
    for address_id in view.meta.get("addresses", {}):
        title, summary = _heading(view, address_id, "")
        console.print(Text(_plain(title) + ": ", style="bold") + _text(summary))
    console.print()
    for row in view.rows:
        if row["section"] == "summary":
            line = _text(row["title"])
            if row.get("evidence"):
                line.append(f" \u201c{_plain(row['evidence'])}\u201d ({_plain(row['basis'])})", style="italic")
            if row.get("addresses_basis") == "inferred":
                line.append(" That it concerns this address is the curator's reading.", style="dim")
            console.print(line + _voice(view, row))
    console.print()
    for change, heading in CHANGE_TITLES.items():
        rows = [r for r in view.rows if r["section"] == "priority" and r["change"] == change]
        if not rows:
            continue
        columns = [("priority", "priority"), ("earlier", str(earlier)), ("later", str(later))]
        if any(r["shift"] for r in rows):
            columns.append(("shift", "shift"))
        table = Grid(columns, heading.format(later=later))
        cites = (
            (f"{earlier}: ", "earlier_evidence", "earlier_basis"),
            (f"{later}: ", "later_evidence", "later_basis"),
        )
        for row in rows:
            examples = row.get("later_examples") or row.get("earlier_examples")
            listed = Text("\nexamples: " + _plain(examples), style="dim") if examples else Text()
            cells = [
                _text(row["title"]) + listed + _citations(row, cites),
                _text(row["earlier_emphasis"], EMPHASIS_STYLE.get(str(row["earlier_emphasis"]), "")),
                _text(row["later_emphasis"], EMPHASIS_STYLE.get(str(row["later_emphasis"]), "")),
                _text(row["shift"], SHIFT_STYLE.get(str(row["shift"]), "")),
            ]
            table.add(*cells[: len(columns)])
        table.print(console)
    causes = [r for r in view.rows if r["section"] == "cause"]
    if causes:
        heading = "Why: the causes the model links to what changed, and how each is linked to it"
        columns = [("why", "cause \u2192 effect"), ("voice", "whose point"), ("path", "linked by")]
        table = Grid(columns, heading, names=True)
        for row in causes:
            what = _text(row["title"]) + _citations(row, (("", "evidence", "basis"),)) + _reading(row)
            what.append(Text(f"\nthe link: {_plain(named(view, row).get('voice'))}", style="dim"))
            table.add(what, _text(_point(view, row)), _text(LINKED_BY.get(row["path_basis"], "")))
        table.print(console)
    for row in view.rows:
        if row["section"] == "reason" and row.get("statement"):
            console.print(_text(row["statement"]))


def actor(view: View, console: Console) -> None:
    """An actor's profile: who it is, then its relations, priorities, events, quotes and sources."""
    from rich.text import Text

    head = view.rows[0]
    title = Text(_plain(head["name"]), style="bold")
    title.append(f"  ({_plain(head['kind'])}, id {_plain(head['id'])})", style="dim")
    console.print(title)
    if head.get("aliases"):
        console.print(Text("aliases: " + _plain(head["aliases"])))
    console.print(Text(_plain(head["detail"])))
    layouts: dict[str, tuple[str, list[tuple[str, str]]]] = {
        "relation": (
            "Relations",
            [
                ("direction", "way"),
                ("kind", "kind"),
                ("name", "with"),
                ("score", "score"),
                ("date", "valid"),
                ("detail", "summary"),
                ("voice", "voice"),
            ],
        ),
        "priority": (
            "Priorities",
            [("counterpart", "address"), ("kind", "emphasis"), ("name", "title"), ("voice", "voice")],
        ),
        "event": ("Events", [("date", "date"), ("kind", "kind"), ("name", "title"), ("voice", "voice")]),
        "quote": ("Quotes", [("date", "date"), ("name", "text"), ("voice", "voice")]),
        "claim": ("Claims", [("name", "claim"), ("voice", "voice")]),
        "cause": ("Causes", [("name", "cause \u2192 effect"), ("voice", "voice")]),
        "source": ("Sources", [("id", "id"), ("kind", "kind"), ("name", "title")]),
    }
    arrows = {"out": "\u2192 to", "in": "\u2190 from", "mutual": "\u2194 both"}
    for section, (heading, layout) in layouts.items():
        rows = [r for r in view.rows if r["section"] == section]
        if not rows:
            continue
        if not any(r.get("voice") for r in rows):  # a schema-1 model states no voices
            layout = [(key, header) for key, header in layout if key != "voice"]
        keys = [key for key, _ in layout]
        table = Grid(layout, heading, names=True)
        for row in rows:
            display = named(view, row)
            if section == "relation":
                display["direction"] = arrows[row["direction"]]
            table.add(*_cells(display, keys))
        table.print(console)
        if section == "relation":
            scale = (
                "way: \u2192 to, \u2190 from, \u2194 both ways; "
                "score: the curator's coding, \u221210 (war) to +10 (integration)."
            )
            console.print(Text(scale, style="dim"))
            console.print()


def timeline(view: View, console: Console) -> None:
    """Events grouped under their year, each with its date at its own precision."""
    from rich.text import Text

    grid = Grid([("date", ""), ("kind", ""), ("title", "")], plain=True)
    mixed = len({row.get("voice") for row in view.rows}) > 1
    year = None
    for row in view.rows:
        heading = str(row["start"])[:4] + (" or earlier" if row.get("qualifier") == "before" else "")
        if heading != year:  # a date known only as "before" heads no year it may not belong to
            year = heading
            grid.add(Text(year, style="bold underline"), Text(), Text())
        when = Text("  \u25cf ", style="cyan") + _text(row["date"])
        what = _text(row["title"]) + Text("\nid ", style="dim") + _text(row["id"], "dim")
        if mixed and row.get("voice"):  # the rows state more than one view: say whose each is
            what.append(Text(f"\nvoice: {_plain(named(view, row)['voice'])}", style="dim"))
        grid.add(when, _text(row["kind"], "dim"), what)
    grid.print(console)


def why(view: View, console: Console) -> None:
    """The chain of causes, direct causes first: each cause, what it led to, its evidence, whose point it
    is, whose the link is and who links it all the way; then, plainly, what no stated link reaches."""
    from rich.text import Text

    console.print(_text(view.title, "bold"))
    links = [row for row in view.rows if row["depth"]]
    if links:
        steps = "steps: how many links lie between the cause and what was asked (1: it leads there directly)."
        console.print(Text(steps, style="dim"))
        table = Grid([("depth", "steps"), ("why", "cause \u2192 effect"), ("voice", "whose point")], names=True)
        for row in links:
            what = _text(row["cause_title"]) + Text(" \u2192 ", style="bold") + _text(row["effect_title"])
            what.append("\n")
            what.append(_text(row["summary"], "dim"))
            what.append(_citations(row, (("", "evidence", "basis"),)))
            what.append(_reading(row))
            link = named(view, row).get("voice")
            what.append(Text(f"\nthe link: {_plain(link)}; all the way: {_linked(row)}", style="dim"))
            table.add(_text(row["depth"]), what, _text(_point(view, row)))
        table.print(console)
    for row in view.rows:
        if not row["depth"] and row.get("statement"):
            console.print(_text(row["statement"]))


def _linked(row: dict[str, Any]) -> str:
    return f"linked by {LINKED_BY.get(row['path_basis'], '')}"


def draw(view: View, columns: Sequence[str], console: Console, *, custom: bool = True, cite: bool = False) -> None:
    """Draw a view on a console: its own layout, or a plain table when fields were chosen."""
    if custom and view.name == "priorities":
        priorities(view, console, cite)
    elif custom and view.name == "compare":
        compare(view, console)
    elif custom and view.name == "actor":
        actor(view, console)
    elif custom and view.name == "timeline":
        timeline(view, console)
    elif custom and view.name == "why":
        why(view, console)
    else:
        if custom and "voice" in columns:  # the voice cell says the basis too ("curator's reading of …")
            columns = [column for column in columns if column != "basis"]
        generic(view, columns, console, names=custom)


def _trimmed(text: str) -> str:
    """Text without the blanks a console pads its lines with."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def draw_plain(
    view: View, columns: Sequence[str], *, custom: bool = True, cite: bool = False, width: int | None = None
) -> str:
    """A view drawn without colour, for a pipe or a file: no cell cut, no trailing blanks."""
    import io

    buffer = io.StringIO()
    draw(view, columns, make_console(buffer, terminal=False, color=False, width=width), custom=custom, cite=cite)
    return _trimmed(buffer.getvalue())


def write_table(view: View, out: IO[str], settings: Settings) -> str | None:
    """A view as a table: drawn for the terminal, or plain (never cut) for a pipe or a file."""
    if not view.rows:
        return f"No {view.name} match."
    columns = select_fields(view, settings.fields)
    custom = not settings.fields
    if settings.terminal:
        console = make_console(out, terminal=True, color=settings.color, width=settings.width)
        draw(view, columns, console, custom=custom, cite=settings.cite)
    else:
        out.write(draw_plain(view, columns, custom=custom, cite=settings.cite, width=settings.width))
    return None


EXPORT_WIDTH = 100


def _recorded(view: View, settings: Settings) -> Any:
    """A console that has drawn the view as a terminal of --width (else EXPORT_WIDTH) columns would show it."""
    import io

    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        record=True,
        width=settings.width or EXPORT_WIDTH,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    draw(view, select_fields(view, settings.fields), console, custom=not settings.fields, cite=settings.cite)
    return console


def _picture(export: Callable[[Any, View], str]) -> Callable[[View, IO[str], Settings], str | None]:
    """A writer of the table view as a recorded terminal exports it."""

    def write(view: View, out: IO[str], settings: Settings) -> str | None:
        if not view.rows:
            return f"No {view.name} match."
        out.write(export(_recorded(view, settings), view))
        return None

    return write


def _plain_text(console: Any, view: View) -> str:
    return _trimmed(console.export_text())


write_svg = _picture(lambda console, view: console.export_svg(title=f"policyx {view.name}"))
write_html = _picture(lambda console, view: console.export_html(inline_styles=True))
write_txt = _picture(_plain_text)
