"""Tables with Rich: the terminal's view of every command, and pictures of it (SVG, HTML, text).

Owns everything a person sees on a terminal: plain tables, the layouts of priorities,
compare, actor profiles and the timeline. Every data value is drawn as ``Text`` after
``text.clean``, so markup-like strings print literally and control characters never
reach the terminal. Rich is imported here only, and only when something is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from ..views import View, select_fields
from .text import cell, clean

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from . import Settings

PIPE_WIDTH = 100_000
NUMERIC = frozenset({"score", "priorities", "events", "quotes", "year"})
NO_WRAP = frozenset({"emphasis", "score", "year", "section", "", "shift"})
EMPHASIS_STYLE = {"overarching": "bold magenta", "major": "bold", "mentioned": "dim"}
CHANGE_TITLES = {
    "continued": "In both accounts",
    "new-in-later-account": "New in the source's account of {later}",
    "not-in-later-account": "Not in the source's account of {later}",
}
NAMED = frozenset({"actors", "from", "to", "speaker", "voice"})
"""Columns of actor ids that a custom layout shows as names."""


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


def _table(columns: Sequence[str], title: str | None = None, no_wrap: Sequence[str] = ()) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title=_text(title, "bold") if title else None, title_justify="left")
    for column in columns:
        table.add_column(
            column,
            overflow="fold",
            no_wrap=column in NO_WRAP or column in no_wrap,
            justify="right" if column in NUMERIC else "left",
        )
    return table


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
    """Any view as one table of the chosen columns (actors by name, if ``names``)."""
    table = _table(columns, view.title)
    for row in view.rows:
        table.add_row(*_cells(named(view, row) if names else row, columns))
    console.print(table)


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
    return f"{meta['title']} ({meta['date']}, {meta['speaker']})", str(meta["summary"])


def _citations(row: dict[str, Any], cites: Sequence[tuple[str, str, str]]) -> Text:
    """One dim line per (label, evidence field, basis field) the row has, each starting a new line."""
    from rich.text import Text

    text = Text()
    for label, evidence, basis in cites:
        if row.get(evidence) is None:
            continue
        text.append("\n")
        quoted = f"{label}\u201c{_plain(row.get(evidence))}\u201d ({_plain(row.get(basis))})"
        text.append(Text(quoted, style="dim italic"))
    return text


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
        table = _table(["emphasis", "priority", "actors"])
        for shown in rows:
            row = named(view, shown)
            under = _plain(row["id"]) + (f" \u00b7 {_plain(row['themes'])}" if row["themes"] else "")
            cell_text = _text(row["title"])
            cell_text.append("\n")
            cell_text.append(Text(under, style="dim"))
            if cite:
                cell_text.append(_citations(row, (("", "evidence", "basis"),)))
            table.add_row(
                _text(row["emphasis"], EMPHASIS_STYLE.get(str(row["emphasis"]), "")), cell_text, _text(row["actors"])
            )
        console.print(table)


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
            console.print(line + _voice(view, row))
    console.print()
    for change, heading in CHANGE_TITLES.items():
        rows = [r for r in view.rows if r["section"] == "priority" and r["change"] == change]
        if not rows:
            continue
        years = [str(earlier), str(later)]
        table = _table(["priority", *years, "shift"], heading.format(later=later), no_wrap=years)
        cites = (
            (f"{earlier}: ", "earlier_evidence", "earlier_basis"),
            (f"{later}: ", "later_evidence", "later_basis"),
        )
        for row in rows:
            table.add_row(
                _text(row["title"]) + _citations(row, cites),
                _text(row["earlier_emphasis"], EMPHASIS_STYLE.get(str(row["earlier_emphasis"]), "")),
                _text(row["later_emphasis"], EMPHASIS_STYLE.get(str(row["later_emphasis"]), "")),
                _text(row["shift"]),
            )
        console.print(table)
    causes = [r for r in view.rows if r["section"] == "cause"]
    if causes:
        table = _table(["why", "voice"], "Why, as the source tells it")
        for row in causes:
            what = _text(row["title"]) + _citations(row, (("", "evidence", "basis"),))
            table.add_row(what, _text(named(view, row).get("voice")))
        console.print(table)


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
                ("direction", ""),
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
    arrows = {"out": "\u2192", "in": "\u2190", "mutual": "\u2194"}
    for section, (heading, layout) in layouts.items():
        rows = [r for r in view.rows if r["section"] == section]
        if not rows:
            continue
        if not any(r.get("voice") for r in rows):  # a schema-1 model states no voices
            layout = [(key, header) for key, header in layout if key != "voice"]
        keys = [key for key, _ in layout]
        table = _table([header for _, header in layout], heading)
        for row in rows:
            display = named(view, row)
            if section == "relation":
                display["direction"] = arrows[row["direction"]]
            table.add_row(*_cells(display, keys))
        console.print(table)


def timeline(view: View, console: Console) -> None:
    """Events grouped under their year, each with its date at its own precision."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    year = None
    for row in view.rows:
        if str(row["start"])[:4] != year:
            year = str(row["start"])[:4]
            grid.add_row(Text(year, style="bold underline"), "", "")
        when = Text("  \u25cf ", style="cyan") + _text(row["date"])
        what = _text(row["title"]) + Text(f"  {_plain(row['id'])}", style="dim")
        grid.add_row(when, _text(row["kind"]), what)
    console.print(grid)


def why(view: View, console: Console) -> None:
    """The chain of causes, root causes first: each cause, what it led to, its evidence and voice."""
    from rich.text import Text

    console.print(_text(view.title, "bold"))
    table = _table(["", "cause \u2192 effect", "voice"])
    for n, row in enumerate(view.rows, 1):
        what = _text(row["cause_title"]) + Text(" \u2192 ", style="bold") + _text(row["effect_title"])
        what.append("\n")
        what.append(_text(row["summary"], "dim"))
        what.append(_citations(row, (("", "evidence", "basis"),)))
        table.add_row(_text(n), what, _text(named(view, row).get("voice")))
    console.print(table)


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
        generic(view, columns, console, names=custom)


def draw_plain(
    view: View, columns: Sequence[str], *, custom: bool = True, cite: bool = False, width: int | None = None
) -> str:
    """A view drawn without colour, for a pipe or a file: no cell cut, no trailing blanks."""
    import io

    buffer = io.StringIO()
    draw(view, columns, make_console(buffer, terminal=False, color=False, width=width), custom=custom, cite=cite)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


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
    """A console that has drawn the view as a terminal of EXPORT_WIDTH columns would show it."""
    import io

    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        record=True,
        width=EXPORT_WIDTH,
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
    return "".join(line.rstrip() + "\n" for line in console.export_text().splitlines())


write_svg = _picture(lambda console, view: console.export_svg(title=f"policyx {view.name}"))
write_html = _picture(lambda console, view: console.export_html(inline_styles=True))
write_txt = _picture(_plain_text)
