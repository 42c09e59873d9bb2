"""What ``policyx`` alone prints: one screen on where to start, instead of the whole help.

Owns the overview: what policyx is, the three commands to start with, every command by its
group (as ``--help`` groups them), and where the full help is. It exits 0: asking what there
is, is no error. Laid out for the terminal's width (80 columns in a pipe), words never split.
"""

from __future__ import annotations

import textwrap

import typer

from ..version import __version__

START = (
    ("policyx brief", "what changed between the two latest addresses, and why, on one screen"),
    ("policyx compare 2018 2024", "two addresses side by side: what is in both, new, or not in the later one, and why"),
    ("policyx why OTS", "the chain of causes behind a priority, a topic or an actor"),
)
"""The three commands to start with, and what each shows."""


def _hanging(label: str, text: str, width: int, column: int) -> list[str]:
    """``label`` then ``text`` wrapped in a column of its own (under the text when the label is too long)."""
    if len(label) + 2 > column:
        lines = [label]
        lead = " " * column
        return lines + textwrap.wrap(text, width, initial_indent=lead, subsequent_indent=lead, break_long_words=False)
    lead = label.ljust(column)
    return textwrap.wrap(
        text, width, initial_indent=lead, subsequent_indent=" " * column, break_long_words=False, break_on_hyphens=False
    )


def groups(ctx: typer.Context) -> dict[str, list[str]]:
    """The commands by their help panel, in the order ``--help`` lists them."""
    group = ctx.find_root().command
    commands = getattr(group, "commands", {})
    out: dict[str, list[str]] = {}
    for name, command in commands.items():
        if getattr(command, "hidden", False):
            continue
        out.setdefault(getattr(command, "rich_help_panel", None) or "Commands", []).append(name)
    return out


def overview(ctx: typer.Context, width: int) -> str:
    """The overview for a terminal ``width`` columns wide."""
    width = max(width, 40)
    lines = textwrap.wrap(
        f"policyx {__version__}: explore a country's foreign policy from a curated, sourced model, every "
        "record traced to the words of its source.",
        width,
        break_long_words=False,
    )
    lines += ["", "Start with:"]
    column = min(max(len(command) for command, _ in START) + 4, width // 2)
    for command, what in START:
        lines += _hanging(f"  {command}", what, width, column)
    lines.append("")
    found = groups(ctx)
    column = max(len(panel) for panel in found) + 3
    for panel, names in found.items():
        lines += _hanging(f"{panel}:", " ".join(names), width, column)
    lines.append("")
    lines += textwrap.wrap(
        "policyx COMMAND --help shows a command's options, the fields of its output and an example; "
        "policyx --help shows the global options (--data, --no-color, --width, ...).",
        width,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "".join(line.rstrip() + "\n" for line in lines)
