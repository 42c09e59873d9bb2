"""The layouts of the record views: an actor's profile, the relations, search hits and the timeline.

Owns how these read at a terminal: the profile by section with a common voice said once, relations
from -> to with kind, score and a short summary, each search hit with a snippet around its match,
and the events under their years.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..views import Row, View
from .cells import cells, named, point_of, policy_line
from .grid import Grid, as_text, plain, score_style
from .wording import DATE_READ, VIEW_OF_LINK

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


ARROWS = {"out": "\u2192 to", "in": "\u2190 from", "mutual": "\u2194 both"}
SCALE = "score: the curator's coding, \u221210 (war) to +10 (integration)."
PROFILE: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "relation": (
        "Relations",
        [("way", "way"), ("counterpart", "with"), ("kind", "kind"), ("score", "score")],
    ),
    "priority": ("Priorities", [("address_title", "address"), ("emphasis", "emphasis"), ("title", "title")]),
    "event": ("Events", [("date", "date"), ("kind", "kind"), ("title", "title")]),
    "quote": ("Quotes", [("date", "date"), ("text", "text")]),
    "claim": ("Claims", [("claim", "claim")]),
    "cause": ("Causes", [("why", "cause")]),
    "source": ("Sources", [("id", "id"), ("kind", "kind"), ("title", "title")]),
}
"""The sections of an actor's profile: heading and columns. A section's voice is said once under its
heading, and only a row that states another view says its own, under its text."""


def _score(row: Row) -> Text:
    """A relation's score, signed (+8, 0, -4), coloured by its tone."""
    score = row["score"]
    return as_text(f"{score:+d}" if isinstance(score, int) and score else score, score_style(score))


def _valid(row: Row) -> str:
    """When a relation holds, in words: 'since 2024', 'until 2021', '2020-09..2020-11', or ''."""
    since, until = row.get("since"), row.get("until")
    if since and until:
        return f"{since}..{until}"
    return f"since {since}" if since else (f"until {until}" if until else "")


def _common_voice(view: View, rows: Sequence[Row]) -> str | None:
    """The voice (as a person reads it) that most of these rows state, if any states one."""
    from collections import Counter

    voices = Counter(str(named(view, row).get("voice") or "") for row in rows)
    voice, _ = voices.most_common(1)[0]
    return voice or None


def _voice_line(view: View, row: Row, common: str | None, label: str = "voice") -> Text:
    """'voice: X' under a row's text, for a row that states another view than its section's (a cause's
    row is a link: 'view of the link: X')."""
    from rich.text import Text

    voice = named(view, row).get("voice")
    return Text(f"\n{label}: {plain(voice)}", style="dim") if voice and str(voice) != common else Text()


def _date_read(row: Row) -> Text:
    """A dim line under an event whose date the source does not give (its ``date_basis``), else nothing."""
    from rich.text import Text

    return Text(f"\n{DATE_READ}", style="dim") if row.get("date_basis") == "inferred" else Text()


def _profile_cells(view: View, section: str, row: Row, common: str | None) -> list[Text]:
    """A profile row's cells for its section's columns, the row's own text last and with its voice."""
    from rich.text import Text

    display = named(view, row)
    if section == "relation":
        period = _valid(row)
        text = (Text(f"{period} \u00b7 ", style="dim") if period else Text()) + as_text(row["summary"])
        return [
            as_text(ARROWS[str(row["direction"])]),
            as_text(display["counterpart"]),
            as_text(row["kind"]),
            _score(row),
            text + _voice_line(view, row, common),
        ]
    if section == "priority":
        address = view.meta.get("addresses", {}).get(str(row["address"]))
        title = as_text(row["title"]) + _voice_line(view, row, common)
        return [as_text(address["title"] if address else row["address"]), cells(row, ["emphasis"])[0], title]
    if section in ("event", "source"):
        title = as_text(row["title"]) + _date_read(row) + _voice_line(view, row, common)
        return [as_text(row["id" if section == "source" else "date"]), as_text(row["kind"]), title]
    if section == "quote":
        where = display.get("occasion")
        said = Text(f"\nsaid at: {plain(where)}", style="dim") if where else Text()
        return [as_text(row["date"]), as_text(row["text"]) + said + _voice_line(view, row, common)]
    if section == "cause":
        title = as_text(row["cause_title"]) + Text(f" \u2014 {plain(point_of(view, row))}", style="dim")
        return [title + policy_line(row) + _voice_line(view, row, common, VIEW_OF_LINK)]
    return [as_text(row["summary"]) + _voice_line(view, row, common)]


def _causes(view: View, rows: Sequence[Row], common: str | None, console: Console, heading: str | None) -> None:
    """Causes grouped by what they lead to: the effect once, then each of its causes, bulleted."""
    from rich.padding import Padding
    from rich.text import Text

    if heading:
        console.print(as_text(heading, "bold"))
    scope = f"the links whose cause, or what it leads to, names {plain(view.title)}"
    console.print(Text(scope, style="dim"))
    effects: dict[str, list[Row]] = {}
    for row in rows:
        effects.setdefault(str(row["effect"]), []).append(row)
    for group in effects.values():
        console.print()
        effect = as_text(group[0]["effect_title"], "bold")
        total = group[0].get("effect_links")
        if isinstance(total, int) and total > len(group):
            some = f" \u2190 {len(group)} of the {total} causes the model links to it"
            effect.append(Text(f"{some} (all: policyx why {plain(group[0]['effect'])}):", style="dim"))
        else:
            effect.append(Text(" \u2190 causes the model links to it:", style="dim"))
        console.print(Padding(effect, (0, 0, 0, 2)))
        _bullets(view, "cause", group, common, console, indent=5)
    console.print()


def _claims(view: View, rows: Sequence[Row], common: str | None, console: Console, heading: str | None) -> None:
    """Claims as a bulleted list: each claim's own voice, where it differs, under its text and bullet."""
    if heading:
        console.print(as_text(heading, "bold"))
    console.print()
    _bullets(view, "claim", rows, common, console, indent=3)
    console.print()


def _bullets(view: View, section: str, rows: Sequence[Row], common: str | None, console: Console, indent: int) -> None:
    """Rows of a section as bullets, the bullet ending ``indent`` columns in, each row's text wrapped under it."""
    from rich.table import Table
    from rich.text import Text

    items = Table.grid(padding=(0, 1), pad_edge=False)
    items.add_column(width=indent, justify="right")
    items.add_column()
    for row in rows:
        items.add_row(Text("\u2022"), *_profile_cells(view, section, row, common))
    console.print(items)


def actor(view: View, console: Console) -> None:
    """An actor's profile: who it is, then its relations, priorities, events, quotes, claims, causes and
    sources. The row's own text gets the width: a relation's summary goes under its codes, a voice
    most rows of a section share is said once under its heading."""
    from rich.text import Text

    head = view.rows[0]
    title = Text(plain(head["name"]), style="bold")
    title.append(f"  ({plain(head['kind'])}, id {plain(head['id'])})", style="dim")
    console.print(title)
    if head.get("aliases"):
        console.print(Text("aliases: " + plain(head["aliases"])))
    console.print(Text(plain(head["description"])))
    console.print()
    for section, (heading, layout) in PROFILE.items():
        rows = [r for r in view.rows if r["section"] == section]
        if not rows:
            continue
        common = _common_voice(view, rows) if section != "source" else None
        if common:
            mixed = any(str(named(view, r).get("voice") or "") != common for r in rows)
            console.print(as_text(heading, "bold"))
            each = "view of each link" if section == "cause" else "voice of each"
            console.print(as_text(f"{each}{' unless marked' if mixed else ''}: {common}", "dim"))
        if section == "cause":
            _causes(view, rows, common, console, None if common else heading)
            continue
        if section == "claim":
            _claims(view, rows, common, console, None if common else heading)
            continue
        if section == "relation":
            layout = [*layout, ("summary", "summary")]
        table = Grid(layout, None if common else heading, names=True, under=("summary",))
        for row in rows:
            table.add(*_profile_cells(view, section, row, common))
        table.print(console)
        if section == "relation":
            console.print(Text(f"way: \u2192 to, \u2190 from, \u2194 both ways; {SCALE}", style="dim"))
            console.print()


def relations(view: View, console: Console) -> None:
    """Who stands where toward whom, compact: a line per relation (from \u2192 to, or with ``--actor`` the
    way and the other side; kind; score) and under it, on one line, when it holds and its summary. The
    voice most relations state is said once; another ends its summary line."""
    from rich.text import Text

    rows = view.rows
    common = _common_voice(view, rows)
    side = view.meta.get("actor")
    if side:
        layout = [("way", "way"), ("counterpart", "with")]
    else:
        layout = [("between", "from \u2192 to")]
    layout += [("kind", "kind"), ("score", "score"), ("summary", "summary")]
    console.print(as_text(view.title, "bold"))
    if common:
        mixed = any(str(named(view, r).get("voice") or "") != common for r in rows)
        console.print(as_text(f"voice of each{' unless marked' if mixed else ''}: {common}", "dim"))
    table = Grid(layout, names=True, under=("summary",), short=True)
    for row in rows:
        display = named(view, row)
        if side:
            lead = [as_text(ARROWS[str(row["direction"])]), as_text(display["counterpart"])]
        else:
            arrow = " \u2194 " if row.get("mutual") else " \u2192 "
            lead = [as_text(display["from"]) + Text(arrow) + as_text(display["to"])]
        voice = display.get("voice")
        tail = Text(f" (voice: {plain(voice)})", style="dim") if voice and str(voice) != common else None
        period = _valid(row)
        summary = (Text(f"{period} \u00b7 ", style="dim") if period else Text()) + as_text(row["summary"])
        table.add(
            *lead,
            as_text(row["kind"]),
            _score(row),
            summary,
            tail=tail,
        )
    table.print(console)
    legend = ("way: \u2192 to, \u2190 from, \u2194 both ways; " if side else "\u2194: both ways; ") + SCALE
    console.print(Text(legend, style="dim"))
    console.print(Text("Full summaries and ids: --format json, or --fields id,summary.", style="dim"))


MATCH_STYLE = "bold reverse"
"""How a search's matched words stand out on a terminal (nothing in a pipe: no styles there)."""


def hits_found(view: View) -> tuple[str, str | None]:
    """How many hits a search's rows are, in words ("29 hits, best first", or "the best 20 of 29 hits"
    when a --limit kept them to the best), and, when they are not all, how to see them all."""
    hits = len(view.rows)
    found = view.meta.get("found", hits)
    if found == hits:
        return f"{hits} hit{'s' * (hits != 1)}, best first", None
    return f"the best {hits} of {found} hits", "--limit 0 shows them all"


def search(view: View, console: Console) -> None:
    """Search hits, best first, one or two lines each: the record's type, id and name (cut to the line),
    then the snippet around the match in the field it was found in, its matched words highlighted (a
    match in the name itself is highlighted there, with no snippet under it)."""
    from rich.cells import cell_len
    from rich.text import Text

    from .grid import UNDER, shorten

    counted, more = hits_found(view)
    console.print(as_text(view.title, "bold") + Text(f"  ({counted})", style="dim"))
    if more:
        console.print(Text(f"  {more}", style="dim"))
    console.print()
    for row in view.rows:
        excerpt = as_text(row["snippet"])
        offsets = row.get("offsets")
        for span in offsets if isinstance(offsets, list) else []:
            if isinstance(span, list):
                excerpt.stylize(MATCH_STYLE, span[0], span[1])
        codes = Text("  ") + as_text(row["type"], "dim") + Text(" ") + as_text(row["id"], "cyan") + Text("  ")
        room = max(console.width - cell_len(codes.plain), 1)
        in_name = str(row["text"]).rstrip(".") == row["name"]  # the name is the text matched: show it there
        first = offsets[0] if isinstance(offsets, list) and offsets else None
        if in_name and isinstance(first, list) and first[1] > room:  # the first match would be cut off
            codes.rstrip()
            console.print(codes, no_wrap=True, crop=False)
            console.print(Text(" " * UNDER) + shorten(excerpt, max(console.width - UNDER, 1)), no_wrap=True)
            continue
        name = excerpt if in_name else as_text(row["name"], "bold")
        whose = named(view, row).get("voice")
        said = Text(f" ({plain(whose)})", style="dim") if whose else Text()
        beside = cell_len(said.plain) <= room // 2  # whose view it states, after the name, or under it
        shown = shorten(name, room - cell_len(said.plain)) + said if beside else shorten(name, room)
        console.print(codes + shown, no_wrap=True, crop=False)
        if whose and not beside:
            console.print(Text(" " * UNDER) + shorten(said, max(console.width - UNDER, 1)), no_wrap=True)
        if not in_name:
            field = Text(" " * UNDER) + Text(f"{plain(row['field'])}: ", style="dim")
            console.print(field + shorten(excerpt, max(console.width - cell_len(field.plain), 1)), no_wrap=True)
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
        what = as_text(row["title"]) + Text("\nid ", style="dim") + as_text(row["id"], "dim") + _date_read(row)
        if mixed and row.get("voice"):  # the rows state more than one view: say whose each is
            what.append(Text(f"\nvoice: {plain(named(view, row)['voice'])}", style="dim"))
        grid.add(when, as_text(row["kind"], "dim"), what)
    grid.print(console)
