"""Tables with Rich: the terminal's view of every command, and pictures of it (SVG, HTML, text).

Owns everything a person sees on a terminal: plain tables, the layouts of priorities,
compare, actor profiles and the timeline. Every data value is drawn as ``Text`` after
``text.clean``, so markup-like strings print literally and control characters never
reach the terminal. Rich is imported here only, and only when something is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from ..columns import NAMED
from ..views import Row, View, select_fields
from .grid import Grid, as_text, make_console, plain, score_style

__all__ = ["make_console"]  # the brief's screen draws on the same consoles
from .wording import CITED, LINKED_BY, dated, point, said_by

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from . import Settings

EMPHASIS_STYLE = {"overarching": "bold magenta", "major": "bold", "mentioned": "dim"}
SHIFT_STYLE = {"raised": "green", "lowered": "red"}
CHANGE_TITLES = {
    "continued": "In both accounts",
    "new-in-later-account": "New in the source's account of {later}",
    "not-in-later-account": "Not in the source's account of {later}",
}


def _str(value: object) -> str | None:
    """A field that holds text (or nothing), as such."""
    return value if isinstance(value, str) else None


def named(view: View, row: Row) -> Row:
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
        out["voice"] = said_by(_str(out["voice"]), _str(row["basis"]), reported=reported)
    elif out.get("voice") and quote and row.get("basis") == "inferred":  # the words are the speaker's
        out["voice"] = f"{out['voice']} (occasion: curator's reading)"
    return out


def _cells(row: Row, columns: Sequence[str]) -> list[Text]:
    out = []
    for column in columns:
        value = row.get(column)
        style = ""
        if column == "score":
            style = score_style(value)
        elif column in ("emphasis", "earlier_emphasis", "later_emphasis"):
            style = EMPHASIS_STYLE.get(str(value), "")
        out.append(as_text(value, style))
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


def _point(view: View, row: Row) -> str | None:
    """Whose point a cause is (its cause record's voice and basis); how it is linked is said apart."""
    voice = row.get("cause_voice")
    name = view.meta.get("names", {}).get(voice, voice) if isinstance(voice, str) else None
    return point(name, _str(row.get("cause_basis")), reported=voice in view.meta.get("reported", ()))


def _voice(view: View, row: Row) -> Text:
    """'voice: NAME' in dim, or nothing for a row that is policyx's own (no voice)."""
    from rich.text import Text

    voice = named(view, row).get("voice")
    return Text(f"\nvoice: {plain(voice)}", style="dim") if voice else Text()


def _heading(view: View, address_id: str, year: object) -> tuple[str, str]:
    """An address's table title (title, date, speaker) and its summary."""
    meta = view.meta.get("addresses", {}).get(address_id)
    if not meta:
        return f"{year} \u00b7 {address_id}", ""
    return f"{meta['title']} ({dated(meta['date'], meta.get('basis'))}, {meta['speaker']})", str(meta["summary"])


def _citations(row: Row, cites: Sequence[tuple[str, str, str]]) -> Text:
    """One dim line per (label, evidence field, basis field) the row has, each starting a new line."""
    from rich.text import Text

    text = Text()
    for label, evidence, basis in cites:
        if row.get(evidence) is None:
            continue
        text.append("\n")
        quoted = (
            f"{label}\u201c{plain(row.get(evidence))}\u201d ({plain(CITED.get(str(row.get(basis)), row.get(basis)))})"
        )
        text.append(Text(quoted, style="dim italic"))
    return text


def _reading(row: Row) -> Text:
    """The curator's note on a record: for an inferred one, their reading, so 'inferred' never stands
    unexplained; for another, what it corrects or adds (a wrong name in the source, a reference's fact)."""
    from rich.text import Text

    if not row.get("note"):
        return Text()
    label = "inferred" if row.get("basis") == "inferred" else "note"
    return Text(f"\n{label}: {plain(row['note'])}", style="dim")


def priorities(view: View, console: Console, cite: bool) -> None:
    """One table per address, highest emphasis first; id and themes (and evidence if asked) under each title."""
    from rich.text import Text

    groups: dict[str, list[Row]] = {}
    for row in view.rows:
        groups.setdefault(str(row["address"]), []).append(row)
    for address_id, rows in groups.items():
        title, summary = _heading(view, address_id, rows[0]["year"])
        console.print(as_text(title, "bold"))
        if summary:
            console.print(as_text(summary, "dim"))
        address = view.meta.get("addresses", {}).get(address_id)
        speaker = address["speaker_id"] if address else None
        plain_voice = [r for r in rows if r["voice"] == speaker and r["basis"] == "stated"]
        if plain_voice:
            whose = named(view, plain_voice[0])["voice"]
            others = "" if len(plain_voice) == len(rows) else " (others: as marked)"
            console.print(as_text(f"voice of each item: {whose}{others}", "dim"))
        table = Grid([("emphasis", "emphasis"), ("priority", "priority"), ("actors", "actors")])
        for shown in rows:
            row = named(view, shown)
            under = "id " + plain(row["id"]) + (f" \u00b7 themes: {plain(row['themes'])}" if row["themes"] else "")
            if shown not in plain_voice and row.get("voice"):
                under += f" \u00b7 voice: {plain(row['voice'])}"
            cell_text = as_text(("e.g. " if row.get("example_of") else "") + str(row["title"]))
            cell_text.append("\n")
            cell_text.append(Text(under, style="dim"))
            if cite:
                cell_text.append(_citations(row, (("", "evidence", "basis"),)))
            table.add(
                as_text(row["emphasis"], EMPHASIS_STYLE.get(str(row["emphasis"]), "")),
                cell_text,
                as_text(row["actors"]),
            )
        table.print(console)


def compare(view: View, console: Console) -> None:
    """Two addresses: their titles and summaries, the summary of the change, the priorities by
    kind of change, then why: the causes the source gives, each with evidence and voice."""
    from rich.text import Text

    later = view.meta.get("later")
    earlier = view.meta.get("earlier")
    console.print(as_text(view.title, "bold"))
    for address_id in view.meta.get("addresses", {}):
        title, summary = _heading(view, address_id, "")
        console.print(Text(plain(title) + ": ", style="bold") + as_text(summary))
    console.print()
    for row in view.rows:
        if row["section"] == "summary":
            line = as_text(row["title"])
            if row.get("evidence"):
                line.append(
                    f" \u201c{plain(row['evidence'])}\u201d ({plain(CITED.get(str(row['basis']), row['basis']))})",
                    style="italic",
                )
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
            listed = Text("\nexamples: " + plain(examples), style="dim") if examples else Text()
            cells = [
                as_text(row["title"]) + listed + _citations(row, cites),
                as_text(row["earlier_emphasis"], EMPHASIS_STYLE.get(str(row["earlier_emphasis"]), "")),
                as_text(row["later_emphasis"], EMPHASIS_STYLE.get(str(row["later_emphasis"]), "")),
                as_text(row["shift"], SHIFT_STYLE.get(str(row["shift"]), "")),
            ]
            table.add(*cells[: len(columns)])
        table.print(console)
    causes = [r for r in view.rows if r["section"] == "cause"]
    if causes:
        heading = "Why: the causes the model links to what changed, and how each is linked to it"
        columns = [("why", "cause \u2192 effect"), ("voice", "whose point"), ("path", "linked by")]
        table = Grid(columns, heading, names=True)
        for row in causes:
            what = as_text(row["title"]) + _citations(row, (("", "evidence", "basis"),)) + _reading(row)
            what.append(Text(f"\nthe link: {plain(named(view, row).get('voice'))}", style="dim"))
            table.add(what, as_text(_point(view, row)), as_text(LINKED_BY.get(str(row["path_basis"]), "")))
        table.print(console)
    for row in view.rows:
        if row["section"] == "reason" and row.get("statement"):
            console.print(as_text(row["statement"]))


def actor(view: View, console: Console) -> None:
    """An actor's profile: who it is, then its relations, priorities, events, quotes and sources."""
    from rich.text import Text

    head = view.rows[0]
    title = Text(plain(head["name"]), style="bold")
    title.append(f"  ({plain(head['kind'])}, id {plain(head['id'])})", style="dim")
    console.print(title)
    if head.get("aliases"):
        console.print(Text("aliases: " + plain(head["aliases"])))
    console.print(Text(plain(head["detail"])))
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
                display["direction"] = arrows[str(row["direction"])]
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
    headings: set[str] = set()
    for row in view.rows:
        heading = str(row["start"])[:4] + (" or earlier" if row.get("qualifier") == "before" else "")
        if heading != year:  # a date known only as "before" heads no year it may not belong to
            shown = f"{heading} (continued)" if heading in headings else heading
            year = heading
            headings.add(heading)
            grid.add(Text(shown, style="bold underline"), Text(), Text())
        when = Text("  \u25cf ", style="cyan") + as_text(row["date"])
        what = as_text(row["title"]) + Text("\nid ", style="dim") + as_text(row["id"], "dim")
        if mixed and row.get("voice"):  # the rows state more than one view: say whose each is
            what.append(Text(f"\nvoice: {plain(named(view, row)['voice'])}", style="dim"))
        grid.add(when, as_text(row["kind"], "dim"), what)
    grid.print(console)


def why(view: View, console: Console) -> None:
    """The chain of causes, direct causes first: each cause, what it led to, its evidence, whose point it
    is, whose the link is and who links it all the way; then, plainly, what no stated link reaches."""
    from rich.text import Text

    console.print(as_text(view.title, "bold"))
    links = [row for row in view.rows if row["depth"]]
    if links:
        steps = "steps: how many links lie between the cause and what was asked (1: it leads there directly)."
        console.print(Text(steps, style="dim"))
        table = Grid([("depth", "steps"), ("why", "cause \u2192 effect"), ("voice", "whose point")], names=True)
        for row in links:
            what = as_text(row["cause_title"]) + Text(" \u2192 ", style="bold") + as_text(row["effect_title"])
            what.append("\n")
            what.append(as_text(row["summary"], "dim"))
            what.append(_citations(row, (("", "evidence", "basis"),)))
            what.append(_reading(row))
            link = named(view, row).get("voice")
            what.append(Text(f"\nthe link: {plain(link)}; all the way: {_linked(row)}", style="dim"))
            table.add(as_text(row["depth"]), what, as_text(_point(view, row)))
        table.print(console)
    for row in view.rows:
        if not row["depth"] and row.get("statement"):
            console.print(as_text(row["statement"]))


def _linked(row: Row) -> str:
    return f"linked by {LINKED_BY.get(str(row['path_basis']), '')}"


LAYOUTS: dict[str, Callable[[View, Console, bool], None]] = {
    "priorities": priorities,
    "compare": lambda view, console, cite: compare(view, console),
    "actor": lambda view, console, cite: actor(view, console),
    "timeline": lambda view, console, cite: timeline(view, console),
    "why": lambda view, console, cite: why(view, console),
}
"""The views with a layout of their own (the rest are drawn as one table of their fields)."""


def draw(view: View, columns: Sequence[str], console: Console, *, custom: bool = True, cite: bool = False) -> None:
    """Draw a view on a console: its own layout, or a plain table when fields were chosen."""
    layout = LAYOUTS.get(view.name) if custom else None
    if layout is not None:
        layout(view, console, cite)
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


def _recorded(view: View, settings: Settings) -> Console:
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


def _picture(export: Callable[[Console, View], str]) -> Callable[[View, IO[str], Settings], str | None]:
    """A writer of the table view as a recorded terminal exports it."""

    def write(view: View, out: IO[str], settings: Settings) -> str | None:
        if not view.rows:
            return f"No {view.name} match."
        out.write(export(_recorded(view, settings), view))
        return None

    return write


def _plain_text(console: Console, view: View) -> str:
    return _trimmed(console.export_text())


MONOSPACE = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace'
"""The fonts an exported picture asks for: the system's own monospace ones, so that opening it fetches
nothing (Rich's SVG would load Fira Code from a CDN)."""


def _svg(console: Console, view: View) -> str:
    """Rich's SVG of the recorded console with no web font: its ``@font-face`` rules (which link a CDN)
    taken out, and the system's monospace fonts named instead. Each run of text keeps its place and
    width (Rich sets them), so the picture lines up in any monospace font."""
    import re

    svg = console.export_svg(title=f"policyx {view.name}")
    svg = re.sub(r"\s*@font-face\s*\{[^}]*\}", "", svg)
    svg = svg.replace("font-family: Fira Code, monospace;", f"font-family: {MONOSPACE};")
    return svg.replace("font-family: arial;", "font-family: system-ui, Arial, sans-serif;")


write_svg = _picture(_svg)
write_html = _picture(lambda console, view: console.export_html(inline_styles=True))
write_txt = _picture(_plain_text)
