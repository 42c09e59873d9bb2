"""The brief on one terminal screen: what changed between two addresses and why, named and plain.

Owns the screen's layout and its budget. In reading order: the source's verdict in its own
words and voice; what is new, in both accounts and not in the later one, each priority named
with the examples the source lists under it; the reasons the model links to the first change,
each saying whose point it is and how it is linked to the change (and, when no stated path
reaches the change, a plain sentence saying so), with a pointer to the rest; what the source
adds of the later address on that change (its hedge); the key quote; where to look next.
The screen is laid out with every extra first, then without the least needed ones, until it
fits the terminal's height (one line is left for the prompt).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Literal

from ..brief_data import Brief, ChangeDetail, Entry, LinkDetail, QuoteDetail, ReadingDetail
from . import wording
from .brief_common import QUOTED, occasion, sources, tidy, voice

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from . import Settings

FILE_SIZE = (100, 40)
"""The screen a brief written to a file or a pipe is laid out for: columns, lines."""
REASONS = 2
"""Reasons the screen shows at least (when there are that many)."""
MORE_REASONS = ("third reason", "fourth reason", "fifth reason")
"""The extras that each show one reason more, where there is room."""
EXTRAS = ("quote", "third reason", "more", "whole hedge", "fourth reason", "fifth reason")
"""What the screen shows when there is room, most needed first: the last is left out first. The
source's own qualification of the change (its hedge: what it says of the later address beyond the
change's own subject) and the pointer to all the reasons are no extras: a screen too small for them
shows them all the same (in the pager), for a hedge lost or reasons shown as if they were all would
say more than the source. The key quote comes first of the extras; a third reason goes before the
line of where to look next. What the source says of the later address on the change's own subject
(the whole hedge) restates the verdict; a fourth and fifth reason, on a tall screen, come after it
(the pointer names them all)."""
ROOMY = 34
"""A screen this tall or taller gets a blank line between its parts."""
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)

Part = tuple[str, Callable[["Console"], None]]
"""A section's name and what draws it."""


def write_text(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief on one screen of the terminal (or of 100x40 in a file), one line left for the prompt;
    no blanks at the ends of lines (Rich pads them; a person copying the text would get them too)."""
    file_width, file_height = FILE_SIZE
    width = settings.width or file_width
    height = settings.height or file_height
    color = settings.color and settings.terminal
    out.write(screen(brief, width, height - 1, color=color, terminal=settings.terminal))
    return None


def screen(brief: Brief, width: int, budget: int, *, color: bool = False, terminal: bool = False) -> str:
    """The screen's text in at most ``budget`` lines: every extra, else fewer, the least needed left out first."""
    from .tables import make_console

    data = tidy(brief)
    texts = []
    for keep in range(len(EXTRAS), -1, -1):
        buffer = io.StringIO()
        console = make_console(buffer, terminal=terminal, color=color, width=width)
        previous = None
        for section, draw in _parts(brief, data, set(EXTRAS[:keep])):
            if budget >= ROOMY and previous is not None and section != previous:
                console.print()
            draw(console)
            previous = section
        texts.append(_TRAILING.sub(r"\1", buffer.getvalue()))
        if texts[-1].count("\n") <= budget:
            return texts[-1]
    return texts[-1]  # too small a screen for even the least: the least, to scroll


def _parts(brief: Brief, data: Brief, extras: set[str]) -> list[Part]:
    """The screen's parts in reading order, with the extras asked for (``data``: the brief, tidied)."""
    parts: list[Part] = [("head", lambda c: _head(c, brief, data)), ("changes", lambda c: _changes(c, data))]
    why = _why(data, REASONS + sum(1 for extra in MORE_REASONS if extra in extras))
    pointed = any(name == "pointer" for name, _ in why)
    parts += why
    hedges = _hedges(data, whole="whole hedge" in extras)
    if hedges:
        parts.append(("why", lambda c: _hedge(c, data, hedges)))
    if "quote" in extras and data.quotes:
        key_quote = data.quotes[0]  # the first is the one said at the later address, if any was
        parts.append(("quote", lambda c: _quote(c, key_quote)))
    if "more" in extras or not pointed:
        parts.append(("more", lambda c: _more(c, data)))
    return [(("why" if name == "pointer" else name), draw) for name, draw in parts]


def _line(console: Console, *parts: tuple[str, str], indent: int = 0) -> None:
    from rich.padding import Padding
    from rich.text import Text

    text = Text()
    for content, style in parts:
        text.append(content, style=style)
    console.print(Padding(text, (0, 0, 0, indent)) if indent else text, overflow="fold")


def _bullet(console: Console, text: Text) -> None:
    """A bullet whose lines all hang under its first."""
    from rich.padding import Padding
    from rich.table import Table

    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=1)
    grid.add_column(overflow="fold")
    grid.add_row("\u2022", text)
    console.print(Padding(grid, (0, 0, 0, 1)))


def _text(value: str) -> Text:
    from rich.text import Text

    return Text(value)


def _named(item: Entry[ChangeDetail], examples: Literal["earlier_examples", "later_examples"]) -> Text:
    """A priority's title, with the examples the source lists under it."""
    text = _text(item.text)
    listed = item.detail[examples]
    if listed:  # the source's own "including" / "such as": the examples of the item, no more
        text.append(", including " + ", ".join(listed))
    return text


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _head(console: Console, brief: Brief, data: Brief) -> None:
    """The title, the source with its author's affiliation (where the line has no room for both, without
    the title's "what changed, and why", which the headings under it say), and the source's own verdict
    on the change, in its words and voice."""
    from rich.cells import cell_len

    earlier, later = data.earlier.year, data.later.year
    if earlier != later:
        years = f"{earlier} {wording.ONE_WAY} {later}"
        title = f"{years}: what changed, and why"
    else:
        years = title = wording.brief_title(data.earlier.title, data.later.title)
    cited = sources(brief)[brief.source]
    tries = [(title, cited["credited"]), (years, cited["credited"])]
    head, credit = next(((t, c) for t, c in tries if cell_len(f"{t} \u00b7 {c}") <= console.width), tries[-1])
    _line(console, (head, "bold"), (f" \u00b7 {credit}", "dim"))
    for statement in data.headline:
        if statement.note is not None:
            _line(
                console,
                (f"{statement.voice}: ", "bold"),
                (f"\u201c{statement.evidence}\u201d", "italic"),
                (f" ({wording.SHORT.get(statement.basis, statement.basis)})", "dim"),
            )


def _changes(console: Console, data: Brief) -> None:
    """New, in both and not in the later account: every priority named, with its examples."""
    later = data.later
    new, both, gone = (
        [c for c in data.changes if c.detail["change"] == change]
        for change in ("new-in-later-account", "continued", "not-in-later-account")
    )
    _line(
        console,
        (f"New in its account of the {later.title}", "bold"),
        (" (not the whole speech):", "dim"),
        (" none" if not new else "", ""),
    )
    for c in new:
        weight = " (overarching)" if c.detail["later_emphasis"] == "overarching" else ""
        _bullet(console, _named(c, "later_examples").append(weight, style="dim"))
    names = [n for s in data.shared for n in s["short"]]
    reached = {e["id"] for e in data.explained if e["strongest"]}  # a link reaches them: the rest have no reason
    unexplained = " (the source ties no reason to it)"  # it may report what bears on it: compare lists that
    if len(gone) == 1:  # one item: on the heading's line
        why = "" if gone[0].id in reached else unexplained
        heading = (f"Not in its account of {later.year}{why}:", "bold")
        _line(console, heading, (" ", ""), (_named(gone[0], "earlier_examples").plain, ""))
    else:
        _line(console, (f"Not in its account of {later.year}:", "bold"), (" none" if not gone else "", ""))
        for c in gone:
            _bullet(console, _named(c, "earlier_examples").append("" if c.id in reached else unexplained, style="dim"))
    if both:
        _line(console, ("In both accounts:", "bold"))
        for c in both:
            _bullet(console, _named(c, "later_examples"))
        if names:
            _line(console, ("Also named in both, under other priorities: ", "bold"), (_and(names), ""))
    else:
        shared = f", though both name {_and(names)}, under other items" if names else ""
        _line(console, ("In both: ", "bold"), (f"no item in common{shared}", ""))


def _why(data: Brief, shown: int) -> list[Part]:
    """The reasons for the first change: a heading that says how they reach it, each reason, a pointer."""
    top = data.top
    if top is None:
        return []
    reasons = data.reasons
    strongest = top["strongest"]
    first = reasons[:shown]

    def kind(item: Entry[LinkDetail]) -> wording.Kind:
        return wording.kind_of(item.detail["policy"], item.detail["policy_basis"])

    one_basis = len({r.detail["path_basis"] for r in first}) == 1
    one_kind = len({kind(r) for r in first}) == 1
    uniform = one_basis and one_kind
    whose = {(r.detail["cause_voice"], r.detail["cause_basis"], r.detail["cause_reported"]) for r in first}
    # one person's points, stated: the heading says whose they are, apart from the curator's tie
    voice = next(iter(whose))[0] if len(whose) == 1 and next(iter(whose))[1:] == ("stated", False) else None
    in_heading = uniform and strongest is not None and strongest != "stated" and voice is not None
    others = [e for e in data.explained if e["id"] != top["id"] and e["strongest"] is not None]
    commands = wording.command_lines(data.commands)

    def heading(console: Console) -> None:
        asked = (f"Why \u201c{top['title']}\u201d? ", "bold")
        if not reasons:
            _line(console, asked, ("The source gives no reason for it.", ""))
        elif strongest == "stated":
            _line(console, asked, ("The reasons the source gives:", ""))
        elif uniform and strongest is not None:
            named = wording.policy_named([r.detail for r in first])
            lead = wording.why_lead(strongest, kind(first[0]), data.later.year, named, voice if in_heading else None)
            _line(console, asked, (f"{lead}:", ""))
        else:
            _line(console, asked, (f"{wording.MIXED}:", ""))

    def reason(item: Entry[LinkDetail]) -> Callable[[Console], None]:
        def draw(console: Console) -> None:
            x = item.detail
            said = wording.point(x["cause_voice"], x["cause_basis"], reported=x["cause_reported"])
            suffix = "" if in_heading else f" \u2014 {said}"
            suffix += "" if one_basis else f"; {wording.LINKED[x['path_basis']]}"
            suffix += "" if one_kind else f"; {wording.KIND_ONE[kind(item)]}"
            _bullet(console, _text(x["cause_title"]).append(suffix, style="dim"))

        return draw

    def pointer(console: Console) -> None:
        kinds = sum(1 for n in wording.kinds(top["grounds"]) if n)
        shown_kind = kind(first[0]) if first and one_kind else None
        other = wording.tally(top["grounds"], shown_kind) if strongest != "stated" and kinds > 1 else ""
        every = f"all {len(reasons)} linked to it" + (f" ({other})" if other else "")
        said = [every] if len(reasons) > len(first) else []
        if others:
            said.append("the other changes" if other else "those for the other changes")  # no count to misread
        where = commands.compare if others else commands.why
        text = ", and ".join(said)
        _line(console, (f"{text[:1].upper()}{text[1:]}: {where}", "dim"), indent=2)

    parts: list[Part] = [("why", heading), *(("why", reason(item)) for item in first)]
    if len(reasons) > len(first) or others:
        parts.append(("pointer", pointer))
    return parts


def _hedges(data: Brief, *, whole: bool = True) -> list[Entry[ReadingDetail]]:
    """What the source says of the later address that bears on the change the screen explains (an actor
    or a theme of it in common), whichever way it points, kept together; without ``whole``, only what
    goes beyond the change's own subject (no theme of it: a qualification, not the verdict again)."""
    top = data.top
    near: set[object] = set()
    own: set[str] = set()
    if top is not None:
        own = set(top["themes"])
        near = set(top["actors"]) | {("theme", t) for t in own}
    return [
        r
        for r in data.readings
        if r.detail["address"] == data.later.id
        and r.basis == "stated"
        and near & (set(r.detail["actors"]) | {("theme", t) for t in r.detail["themes"]})
        and (whole or not own & set(r.detail["themes"]))
    ]


def _hedge(console: Console, data: Brief, readings: list[Entry[ReadingDetail]]) -> None:
    """The source's words on the later address, one paragraph: each statement with whose it is."""
    parts: list[tuple[str, str]] = [("The source adds: ", "bold")]
    for i, r in enumerate(readings):
        how = (
            "" if r.detail["addresses_basis"] == "stated" else f"; the curator ties it to the {data.later.year} address"
        )
        parts += [("" if i == 0 else " ", ""), (r.text, ""), (f" ({voice(r)}{how})", "dim")]
    _line(console, *parts)


def _quote(console: Console, quote: Entry[QuoteDetail]) -> None:
    where = occasion(quote) or quote.detail["date"]
    said = f" \u2014 {quote.detail['speaker']}" + (f", {where}" if where else "")
    how = QUOTED.get(quote.basis, "") if quote.basis != "inferred" else "where said: curator's reading"
    _line(console, ("Key quote: ", "bold"), (f"\u201c{quote.text}\u201d", "italic"), (f"{said} ({how})", "dim"))


def _more(console: Console, data: Brief) -> None:
    commands = wording.command_lines(data.commands)
    _line(console, ("More: ", "dim"), (f"{commands.compare} \u00b7 {commands.page}", "dim"))
