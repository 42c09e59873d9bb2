"""Tables with Rich: the layouts of priorities, compare and why, any view as one table, and pictures.

Owns what a person sees of those views on a terminal, the dispatch to every view's own layout
(the record views' are ``record_tables``'), and the pictures of a table (SVG, HTML, text). Every
data value is drawn as ``Text`` after ``text.clean``, so markup-like strings print literally and
control characters never reach the terminal. Rich is imported only when something is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from ..views import Row, View, select_fields
from .grid import Grid, as_text, make_console, plain

__all__ = ["make_console"]  # the brief's screen draws on the same consoles
from .cells import (
    EMPHASIS_STYLE,
    SHIFT_STYLE,
    address_heading,
    cells,
    citations,
    linked,
    named,
    point_of,
    policy_line,
    reading,
    trimmed,
    voice_of,
)
from .record_tables import actor, hits_found, relations, search, timeline
from .wording import CITED, CURATOR, VIEW_OF_CAUSE, VIEW_OF_LINK, WHOLE_CHAIN

STEPS = "steps: how many links lie between the cause and {there} (1: it leads there directly)."
"""The line above a table of causes that says what its ``steps`` column counts."""

if TYPE_CHECKING:
    from rich.console import Console

    from . import Settings


CHANGE_TITLES = {
    "continued": "In both accounts",
    "new-in-later-account": "New in the source's account of {later}",
    "not-in-later-account": "Not in the source's account of {later}",
}


def generic(view: View, columns: Sequence[str], console: Console, *, names: bool = False) -> None:
    """Any view as one table of the chosen columns (actors by name, if ``names``; chosen fields are
    never dropped)."""
    hidden = set(view.meta.get("hidden_in_tables", ())) if names else set()
    shown = [c for c in columns if c not in hidden]
    title = view.title
    if view.meta.get("found", len(view.rows)) != len(view.rows):  # a search's best hits: said in its title
        counted, more = hits_found(view)
        title = f"{title}  ({counted}; {more})"
    table = Grid([(c, c) for c in shown], title, names=names, optional=names)
    for row in view.rows:
        table.add(*cells(named(view, row) if names else row, shown))
    table.print(console)


def priorities(view: View, console: Console, cite: bool) -> None:
    """One table per address, highest emphasis first; id and themes (and evidence if asked) under each title."""
    from rich.text import Text

    groups: dict[str, list[Row]] = {}
    for row in view.rows:
        groups.setdefault(str(row["address"]), []).append(row)
    for address_id, rows in groups.items():
        title, summary = address_heading(view, address_id, rows[0]["year"])
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
                cell_text.append(citations(row, (("", "evidence", "basis"),)))
            table.add(
                as_text(row["emphasis"], EMPHASIS_STYLE.get(str(row["emphasis"]), "")),
                cell_text,
                as_text(row["actors"]),
            )
        table.print(console)


def compare(view: View, console: Console) -> None:
    """Two addresses: their titles and summaries, the summary of the change, the priorities by
    kind of change, then why: the causes the model links to each change, each with evidence and voice."""
    from rich.text import Text

    later = view.meta.get("later")
    earlier = view.meta.get("earlier")
    console.print(as_text(view.title, "bold"))
    for address_id in view.meta.get("addresses", {}):
        title, summary = address_heading(view, address_id, "")
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
            console.print(line + voice_of(view, row))
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
                as_text(row["title"]) + listed + citations(row, cites),
                as_text(row["earlier_emphasis"], EMPHASIS_STYLE.get(str(row["earlier_emphasis"]), "")),
                as_text(row["later_emphasis"], EMPHASIS_STYLE.get(str(row["later_emphasis"]), "")),
                as_text(row["shift"], SHIFT_STYLE.get(str(row["shift"]), "")),
            ]
            table.add(*cells[: len(columns)])
        table.print(console)
    causes = [r for r in view.rows if r["section"] == "cause"]
    if causes:
        heading = "Why: the causes the model links to what changed, and how each is linked to it"
        console.print(as_text(heading, "bold"))
        _links(view, causes, "the change", console)
    for row in view.rows:
        if row["section"] == "reason" and row.get("statement"):
            console.print(as_text(row["statement"]))


def why(view: View, console: Console) -> None:
    """The chain of causes, direct causes first: each link (cause → effect), its evidence, whose view the
    link and the cause are and who links it all the way; then, plainly, what no stated link reaches."""
    console.print(as_text(view.title, "bold"))
    links = [row for row in view.rows if row["depth"]]
    if links:
        _links(view, links, str(view.meta.get("target", "what was asked")), console)
    for row in view.rows:
        if not row["depth"] and row.get("statement"):
            console.print(as_text(row["statement"]))


def _links(view: View, rows: Sequence[Row], there: str, console: Console) -> None:
    """Links of a chain of causes, one layout for ``why`` and ``compare``: how many steps each lies from
    ``there``, cause → effect with the link's summary, evidence and note, the policy in general it rests
    on, whose view the link is; then whose view its cause is and who links it all the way."""
    from rich.text import Text

    console.print(Text(STEPS.format(there=there), style="dim"))
    console.print(Text(CURATOR, style="dim"))
    columns = [("depth", "steps"), ("why", "cause \u2192 effect"), ("voice", VIEW_OF_CAUSE), ("path", WHOLE_CHAIN)]
    table = Grid(columns, names=True, aside=("voice", "path"))
    for row in rows:
        what = as_text(row["cause_title"]) + Text(" \u2192 ", style="bold") + as_text(row["effect_title"])
        what.append("\n")
        what.append(as_text(row["summary"], "dim"))
        what.append(citations(row, (("", "evidence", "basis"),)))
        what.append(reading(row))
        what.append(policy_line(row))
        what.append(Text(f"\n{VIEW_OF_LINK}: {plain(named(view, row).get('voice'))}", style="dim"))
        table.add(as_text(row["depth"]), what, as_text(point_of(view, row)), as_text(linked(row)))
    table.print(console)


LAYOUTS: dict[str, Callable[[View, Console, bool], None]] = {
    "priorities": priorities,
    "compare": lambda view, console, cite: compare(view, console),
    "actor": lambda view, console, cite: actor(view, console),
    "timeline": lambda view, console, cite: timeline(view, console),
    "relations": lambda view, console, cite: relations(view, console),
    "search": lambda view, console, cite: search(view, console),
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


def draw_plain(
    view: View, columns: Sequence[str], *, custom: bool = True, cite: bool = False, width: int | None = None
) -> str:
    """A view drawn without colour, for a pipe or a file: no cell cut, no trailing blanks."""
    import io

    buffer = io.StringIO()
    draw(view, columns, make_console(buffer, terminal=False, color=False, width=width), custom=custom, cite=cite)
    return trimmed(buffer.getvalue())


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
    return trimmed(console.export_text())


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
