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
from ..model import Relation
from ..views import Graph, Row, View, select_fields
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
            out[column] = [names.get(v, v) for v in value if isinstance(v, str)]
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
        table = Grid(columns, heading, names=True, aside=("voice", "path"))
        for row in causes:
            what = as_text(row["title"]) + _citations(row, (("", "evidence", "basis"),)) + _reading(row)
            what.append(Text(f"\nthe link: {plain(named(view, row).get('voice'))}", style="dim"))
            table.add(what, as_text(_point(view, row)), as_text(LINKED_BY.get(str(row["path_basis"]), "")))
        table.print(console)
    for row in view.rows:
        if row["section"] == "reason" and row.get("statement"):
            console.print(as_text(row["statement"]))


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


def _voice_line(view: View, row: Row, common: str | None) -> Text:
    """'voice: X' under a row's text, for a row that states another view than its section's."""
    from rich.text import Text

    voice = named(view, row).get("voice")
    return Text(f"\nvoice: {plain(voice)}", style="dim") if voice and str(voice) != common else Text()


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
        return [as_text(address["title"] if address else row["address"]), _cells(row, ["emphasis"])[0], title]
    if section in ("event", "source"):
        title = as_text(row["title"]) + _voice_line(view, row, common)
        return [as_text(row["id" if section == "source" else "date"]), as_text(row["kind"]), title]
    if section == "quote":
        return [as_text(row["date"]), as_text(row["text"]) + _voice_line(view, row, common)]
    if section == "cause":
        return [as_text(row["cause_title"]) + _voice_line(view, row, common)]
    return [as_text(row["summary"]) + _voice_line(view, row, common)]


def _causes(view: View, rows: Sequence[Row], common: str | None, console: Console, heading: str | None) -> None:
    """Causes grouped by what they lead to: the effect once, then each of its causes, bulleted."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    if heading:
        console.print(as_text(heading, "bold"))
    effects: dict[str, list[Row]] = {}
    for row in rows:
        effects.setdefault(str(row["effect"]), []).append(row)
    for group in effects.values():
        console.print()
        effect = as_text(group[0]["effect_title"], "bold") + Text(" \u2190 its causes:", style="dim")
        console.print(Padding(effect, (0, 0, 0, 2)))
        items = Table.grid(padding=(0, 1), pad_edge=False)
        items.add_column(width=5, justify="right")
        items.add_column()
        for row in group:
            items.add_row(Text("\u2022"), *_profile_cells(view, "cause", row, common))
        console.print(items)
    console.print()


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
            console.print(as_text(f"voice of each{' unless marked' if mixed else ''}: {common}", "dim"))
        if section == "cause":
            _causes(view, rows, common, console, None if common else heading)
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


def search(view: View, console: Console) -> None:
    """Search hits, best first, one or two lines each: the record's type, id and name (cut to the line),
    then the snippet around the match in the field it was found in, its matched words highlighted (a
    match in the name itself is highlighted there, with no snippet under it)."""
    from rich.cells import cell_len
    from rich.text import Text

    from .grid import UNDER, shorten

    hits = len(view.rows)
    console.print(as_text(view.title, "bold") + Text(f"  ({hits} hit{'s' * (hits != 1)}, best first)", style="dim"))
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
        console.print(codes + shorten(name, room), no_wrap=True, crop=False)
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


def _edge(rel: Relation, side: str) -> str:
    """A relation seen from ``side``: its way (\u2192 toward the other, \u2190 from it, \u2194 both), kind, score."""
    way = "\u2194" if rel.mutual else ("\u2192" if rel.from_ == side else "\u2190")
    return f"{way} {rel.kind} {rel.score:+d}" if rel.score else f"{way} {rel.kind} 0"


def graph_tree(graph: Graph, console: Console) -> None:
    """The relation network as a tree a terminal shows: around an actor, who relates to it (with the
    kind and score of each relation, seen from the actor above), then who relates to them, as deep as
    asked; the whole network, each actor and the relations it has toward others. Every relation once."""
    from rich.text import Text
    from rich.tree import Tree

    names = {node.id: node.name for node in graph.nodes}
    console.print(as_text(graph.title, "bold"))
    shown: set[str] = set()

    def label(name: str, rels: list[Relation], side: str, under: str | None) -> Text:
        text = as_text(name, "bold") + Text("  ") + as_text(" \u00b7 ".join(_edge(r, side) for r in rels))
        return text + Text(f" (see under {plain(under)})", style="dim") if under else text

    def grouped(side: str, rels: list[Relation]) -> dict[str, list[Relation]]:
        out: dict[str, list[Relation]] = {}
        for rel in rels:
            out.setdefault(rel.to if rel.from_ == side else rel.from_, []).append(rel)
        return out

    if graph.root is not None:
        tree = Tree(as_text(names.get(graph.root, graph.root), "bold"), guide_style="dim")
        branches = {graph.root: tree}
        parents: dict[str, str] = {}
        queue = [graph.root]
        while queue:
            side = queue.pop(0)
            rels = [r for r in graph.edges if side in (r.from_, r.to) and r.id not in shown]
            shown.update(r.id for r in rels)
            for other, group in grouped(side, rels).items():
                placed = other in branches  # already in the tree: its own relations are shown there
                where = names.get(parents.get(other, graph.root), "") if placed else None
                branch = branches[side].add(label(names.get(other, other), group, side, where))
                if not placed:
                    branches[other], parents[other] = branch, side
                    queue.append(other)
        trees = [tree]
    else:
        trees = []
        for node in graph.nodes:
            rels = [r for r in graph.edges if node.id in (r.from_, r.to) and r.id not in shown]
            rels = [r for r in rels if r.from_ == node.id or r.mutual]  # under the actor it runs from
            if not rels:
                continue
            shown.update(r.id for r in rels)
            tree = Tree(as_text(node.name, "bold"), guide_style="dim")
            for other, group in grouped(node.id, rels).items():
                tree.add(label(names.get(other, other), group, node.id, None))
            trees.append(tree)
    for tree in trees:
        console.print(tree)
    legend = f"\u2192 from the actor above to this one, \u2190 from this one to it, \u2194 both ways; {SCALE}"
    console.print(Text(legend, style="dim"))
    console.print(Text("As a picture: policyx graph --format dot | dot -Tsvg > graph.svg", style="dim"))


def write_graph(graph: Graph, out: IO[str], settings: Settings) -> None:
    """A graph as the tree a terminal shows (plain, laid out for --width or $COLUMNS, in a pipe)."""
    if settings.terminal:
        graph_tree(graph, make_console(out, terminal=True, color=settings.color, width=settings.width))
        return
    import io

    buffer = io.StringIO()
    graph_tree(graph, make_console(buffer, terminal=False, color=False, width=settings.width))
    out.write(_trimmed(buffer.getvalue()))


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


write_svg = _picture(lambda console, view: console.export_svg(title=f"policyx {view.name}"))
write_html = _picture(lambda console, view: console.export_html(inline_styles=True))
write_txt = _picture(_plain_text)
