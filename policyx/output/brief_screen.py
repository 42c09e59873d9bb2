"""The brief on one terminal screen: what changed between two addresses and why, named and plain.

Owns the screen's layout and its budget. In reading order: the source's verdict in its own
words and voice; what is new, in both accounts and not in the later one, each priority named
with the examples the source lists under it; the reasons the model links to the first change,
each saying whose view it is and how strong its link to the change is (and, when no stated
path reaches the change, a plain sentence saying so); the source's qualifications of the later
address; the key quote; where to look next. Blocks that do not fit the terminal's height are
left out whole, least needed first, and a pointer names the command that shows them.
"""

from __future__ import annotations

import io
import re
from typing import IO, TYPE_CHECKING, Any

from ..views import Brief
from . import wording
from .briefs import _sources, _tidy

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from . import Settings

FILE_SIZE = (100, 40)
"""The screen a brief written to a file or a pipe is laid out for: columns, lines."""
LINKS_TO = {
    "context": "these considerations it gives around it reach it through a fact from a reference",
    "inferred": "the curator links these points from the source to it",
}
"""The heading's words when every reason shown reaches the change on the same basis (not stated)."""
REASONS = 3
"""At most this many reasons on the screen; at least two, when there are two."""
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def write_text(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The brief on one screen of the terminal (or of 100x40 in a file), one line left for the prompt;
    no blanks at the ends of lines (Rich pads them; a person copying the text would get them too)."""
    width = settings.width or FILE_SIZE[0]
    height = settings.height or FILE_SIZE[1]
    color = settings.color and settings.terminal
    out.write(screen(brief, width, height - 1, color=color, terminal=settings.terminal))
    return None


def screen(brief: Brief, width: int, budget: int, *, color: bool = False, terminal: bool = False) -> str:
    """The screen's text: blocks in reading order, the optional ones only while the budget allows."""
    from .tables import make_console

    def render(draw: Any) -> str:
        buffer = io.StringIO()
        console = make_console(buffer, terminal=terminal, color=color, width=width)
        draw(console)
        return _TRAILING.sub(r"\1", buffer.getvalue())

    data = _tidy(brief.to_dict())
    blocks = _blocks(brief, data)
    roomy = budget >= 34  # a tall screen gets blank lines between the parts
    texts = [(need, section, render(draw)) for need, section, draw in blocks]
    order, dropped = list(texts), []
    while True:
        gaps = len({section for _, section, _ in texts}) - 1 if roomy else 0
        used = sum(t.count("\n") for _, _, t in texts) + gaps
        optional = [i for i, (need, _, _) in enumerate(texts) if need > 0]
        if used <= budget or not optional:
            break
        drop = max(optional, key=lambda i: (texts[i][0], i))
        dropped.append(texts.pop(drop))
    for block in sorted(dropped, key=lambda b: b[0]):  # put back what fits after all, most needed first
        trial = sorted([*texts, block], key=order.index)
        gaps = len({section for _, section, _ in trial}) - 1 if roomy else 0
        if sum(t.count("\n") for _, _, t in trial) + gaps <= budget:
            texts = trial
    out, previous = [], None
    for _, section, text in texts:
        if roomy and previous is not None and section != previous:
            out.append("\n")
        out.append(text)
        previous = section
    return "".join(out)


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


def _named(item: dict[str, Any], examples: str) -> Text:
    from rich.text import Text

    text = Text(item["text"])
    listed = item["detail"][examples]
    if listed:
        text.append(": " + ", ".join(listed))
    return text


def _blocks(brief: Brief, data: dict[str, Any]) -> list[tuple[int, str, Any]]:
    """(how dispensable, section, drawer) per block: 0 always shown; higher numbers dropped first."""
    later = data["later"]
    blocks: list[tuple[int, str, Any]] = []

    def head(console: Console) -> None:
        _line(console, (data["title"], "bold"))
        _line(console, (f"Source: {_sources(brief)[brief.source]['short']}", "dim"))
        for statement in data["headline"]:
            if statement["note"] is not None:
                _line(
                    console,
                    (f"{statement['voice']}: ", "bold"),
                    (f"\u201c{statement['evidence']}\u201d", "italic"),
                    (f" ({wording.SHORT.get(statement['basis'], statement['basis'])})", "dim"),
                )

    blocks.append((0, "head", head))

    def changes(console: Console) -> None:
        new = [c for c in data["changes"] if c["detail"]["change"] == "new-in-later-account"]
        both = [c for c in data["changes"] if c["detail"]["change"] == "continued"]
        gone = [c for c in data["changes"] if c["detail"]["change"] == "not-in-later-account"]
        _line(
            console,
            (f"New in the source's account of {later['year']}", "bold"),
            (" (an account, not the whole speech):", "dim"),
            (" none" if not new else "", ""),
        )
        for c in new:
            weight = " (overarching)" if c["detail"]["later_emphasis"] == "overarching" else ""
            _bullet(console, _named(c, "later_examples").append(weight, style="dim"))
        names = [n for s in data["shared"] for n in s["names"]]
        if both:
            _line(console, ("In both accounts:", "bold"))
            for c in both:
                _bullet(console, _named(c, "later_examples"))
        else:
            _line(
                console,
                ("In both accounts: ", "bold"),
                ("none by topic", ""),
                (f"; {_and(names)} {'is' if len(names) == 1 else 'are'} named in both, under other priorities", "")
                if names
                else ("", ""),
            )
        if both and names:
            _line(console, ("Also named in both, under other priorities: ", "bold"), (_and(names), ""))
        heading = (f"Not in its account of {later['year']}:", "bold")
        if len(gone) == 1:  # one item: on the heading's line
            _line(console, heading, (" ", ""), (_named(gone[0], "earlier_examples").plain, ""))
        else:
            _line(console, heading, (" none" if not gone else "", ""))
            for c in gone:
                _bullet(console, _named(c, "earlier_examples"))

    blocks.append((0, "changes", changes))
    blocks += _why(brief, data)

    readings = [r for r in data["readings"] if r["detail"]["address"] == later["id"] and r["basis"] == "stated"]
    if readings:

        def qualified(console: Console) -> None:
            _line(console, (f"The source also says of the {later['title']}:", "bold"))
            for r in readings:
                tie = r["detail"]["addresses_basis"]
                how = "stated" if tie == "stated" else "stated; that it concerns this address is the curator's reading"
                _bullet(console, _text(r["text"]).append(f" \u2014 {r['voice']} ({how})", style="dim"))

        blocks.append((3, "qualified", qualified))
    if data["quotes"]:
        quote = data["quotes"][0]

        def quoted(console: Console) -> None:
            where = quote["detail"]["occasion"] or quote["detail"]["date"]
            said = f" \u2014 {quote['detail']['speaker']}" + (f", {where}" if where else "")
            how = wording.SHORT[quote["basis"]] if quote["basis"] != "inferred" else "where said: curator's reading"
            _line(
                console, ("Key quote: ", "bold"), (f"\u201c{quote['text']}\u201d", "italic"), (f"{said} ({how})", "dim")
            )

        blocks.append((2, "quote", quoted))

    def more(console: Console) -> None:
        _line(console, ("More: ", "dim"), (f"{data['commands']['compare']} \u00b7 {data['commands']['page']}", "dim"))

    blocks.append((0, "more", more))
    return blocks


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _text(value: str) -> Text:
    from rich.text import Text

    return Text(value)


def _why(brief: Brief, data: dict[str, Any]) -> list[tuple[int, str, Any]]:
    """The reasons for the first change: a heading that says how strong their links are, then each reason."""
    top = data["top"]
    if top is None:
        return []
    reasons = data["reasons"]
    strongest = top["strongest"]
    others = [e for e in data["explained"] if e["id"] != top["id"]]
    also = [e["title"] for e in others if e["strongest"] is not None]
    none = [e["title"] for e in others if e["strongest"] is None]
    uniform = len({r["detail"]["path_basis"] for r in reasons[:REASONS]}) == 1

    def heading(console: Console) -> None:
        if not reasons:
            _line(console, ("Why? ", "bold"), (f"The source gives no reason for \u201c{top['title']}\u201d.", ""))
            return
        if strongest == "stated":
            _line(console, (f"Why \u201c{top['title']}\u201d? ", "bold"), ("The reasons the source gives:", ""))
        elif uniform:
            _line(
                console,
                (f"Why \u201c{top['title']}\u201d? ", "bold"),
                (f"The source does not say; {LINKS_TO[strongest]}:", ""),
            )
        else:
            _line(
                console,
                (f"Why \u201c{top['title']}\u201d? ", "bold"),
                ("The source does not say; it gives considerations around it:", ""),
            )

    def reason(item: dict[str, Any]) -> Any:
        def draw(console: Console) -> None:
            x = item["detail"]
            who = wording.said_by(x["cause_voice"], x["cause_basis"])
            said = f"{who}'s point" if x["cause_basis"] == "stated" and who else who
            suffix = f" \u2014 {said}" + ("" if uniform else f"; {wording.LINKED[x['path_basis']]}")
            _bullet(console, _text(x["cause_title"]).append(suffix, style="dim"))

        return draw

    out: list[tuple[int, str, Any]] = [(0, "why", heading)]
    for i, item in enumerate(reasons[:REASONS]):
        out.append((0 if i < 2 else 4, "why", reason(item)))
    rest = len(reasons) - min(len(reasons), REASONS)

    def pointer(console: Console) -> None:
        parts = [f"+{rest} more reasons"] if rest else []
        if also:
            parts.append(f"those around {_count(len(also), 'other change')}")
        where = data["commands"]["compare"] if also or none else data["commands"]["why"]
        _line(console, (f"{', and '.join(parts) or 'The other changes'}: {where}", "dim"), indent=2)

    if rest or also or none:
        out.append((0, "why", pointer))
    return out
