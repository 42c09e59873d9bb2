"""The brief as Markdown: the whole brief, every statement with its voice and basis and a numbered footnote.

Owns the Markdown document: its sections in reading order (the summary and what the source
says around each address, the priorities side by side and what changed, the causes the
curated model links to the change, the other causes around the main actor, the key quotes,
the timeline, the relations, the notes), and the escaping that keeps model text prose (no
link, image, emphasis or list the model's words did not mean).
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING

from ..brief_data import Brief, ChangeDetail, Entry, LinkDetail, Note, Side, Statement
from . import wording
from .brief_common import Cited, by, caveat, headline, occasion, point, said, sources, tie, title, voice
from .text import to_markdown

if TYPE_CHECKING:
    from . import Settings

_LIST_START = re.compile(r"^(\d+[.)]|[-+])")


def _md(text: object) -> str:
    """Model text as Markdown prose: syntax escaped, and never read as the start of a list."""
    escaped = to_markdown(str(text))
    return _LIST_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], escaped)


def _by(x: Entry[object] | Statement) -> str:
    return f" \u2014 {_md(by(x))}"


def _ref(x: Entry[object] | Statement | Side) -> str:
    return f" [^{x.note}]" if x.note else ""


def write_markdown(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The whole brief as Markdown, every statement with its voice and basis and a numbered footnote."""
    cited = sources(brief)
    lines = [f"# {_md(title(brief))}", "", f"Source: {_md(cited[brief.source]['plain'])}", ""]
    lines += [_md(wording.CURATOR), ""]
    lines += _summary(brief)
    lines += _priorities(brief)
    lines += _why(brief)
    lines += _quotes(brief)
    lines += _timeline(brief)
    lines += _relations(brief)
    lines += ["", "## Notes", ""]
    lines += [f"[^{n.number}]: {_md(_note_text(n, cited))}" for n in brief.notes]
    out.write("\n".join(lines) + "\n")
    return None


def _summary(brief: Brief) -> list[str]:
    """The headline, the caveat, and what the source says around each address."""
    lines = ["## Summary", ""]
    lines += [f"- {_md(s.text)}{_by(s)}{_ref(s)}" for s in headline(brief)]
    lines += ["", f"> {_md(caveat(brief))}", ""]
    for side in (brief.earlier, brief.later):
        readings = [r for r in brief.readings if r.detail["address"] == side.id]
        if readings:
            lines += [f"### What the source says about the {_md(side.title)}", ""]
            lines += [f"- {_md(r.text)}{_by(r)}{tie(r)}{_ref(r)}" for r in readings]
            lines.append("")
    return lines


def _priorities(brief: Brief) -> list[str]:
    """Each address's priorities, then the counts and every change named."""
    lines = ["## Priorities", ""]
    for side in (brief.earlier, brief.later):
        when = _md(wording.dated(side.date, side.basis))
        lines += [f"### {_md(side.title)} ({when}, {_md(side.speaker)}){_ref(side)}", ""]
        lines += [_md(side.summary), ""]
        lines += [
            f"{'  - e.g. ' if p.detail['example_of'] else '- '}{_md(p.text)} ({p.detail['emphasis']}){_by(p)}{_ref(p)}"
            for p in side.priorities
        ]
        lines.append("")
    counts = brief.counts
    year = brief.later.year
    lines += [
        f"In both accounts: {counts['continued'] or 'none'}; new in the {year} account: "
        f"{counts['new-in-later-account']}; not in the {year} account: {counts['not-in-later-account']}.",
        "",
    ]
    for change, words in wording.CHANGE_LABELS.items():
        rows = [c for c in brief.changes if c.detail["change"] == change]
        if rows:
            label = words.replace("the later account", f"the {year} account").capitalize()
            lines.append(f"- {label}: " + "; ".join(_named(c) for c in rows))
    for shared in brief.shared:
        lines.append(
            f"- Named in both accounts: {_md(', '.join(shared['names']))} (in {brief.earlier.year} under "
            f"\u201c{_md(shared['earlier'])}\u201d, in {year} under \u201c{_md(shared['later'])}\u201d)"
        )
    return lines


def _why(brief: Brief) -> list[str]:
    """Every cause of the chain with its path, the plain statements, and the other causes around the actor."""
    lines = ["", "## Why: the causes the curated model links to the change", ""]
    for c in brief.causes:
        whose = f" \u2014 {wording.VIEW_OF_CAUSE}: {_md(point(c.detail) or '')}; {wording.VIEW_OF_LINK}: {_md(by(c))}"
        path = f"; {wording.WHOLE_CHAIN}: {wording.LINKED[c.detail['path_basis']]}"
        line = wording.policy_line(c.detail["policy"], c.detail["policy_basis"], c.detail["policy_title"])
        general = f"; {_md(line)}" if line else ""
        lines.append(f"- {_link(c.detail)}: {_md(c.text)}{whose}{path}{general}{_ref(c)}")
    if not brief.causes:
        lines.append("The model links no cause to these changes.")
    statements = [
        wording.unexplained(e["title"], e["strongest"], e["grounds"], e["absent_from"]) for e in brief.explained
    ]
    if any(statements):
        lines.append("")
        lines += [f"- {_md(x)}" for x in statements if x]
    if brief.context:
        lines += ["", f"## Other causes the model records around {_md(brief.actor['name'])}", ""]
        lines += [f"- {_link(c.detail)}: {_md(c.text)}{_by(c)}{_ref(c)}" for c in brief.context]
    return lines


def _link(link: LinkDetail) -> str:
    return f"{_md(link['cause_title'])} {wording.ONE_WAY} {_md(link['effect_title'])}"


def _quotes(brief: Brief) -> list[str]:
    if not brief.quotes:
        return []
    lines = ["", "## Key quotes", ""]
    for q in brief.quotes:
        where = ", ".join(_md(x) for x in (occasion(q), q.detail["date"]) if x)
        speaker = f"{_md(q.detail['speaker'])}" + (f", {where}" if where else "")
        lines.append(f"- \u201c{_md(q.text)}\u201d \u2014 {speaker} ({_md(said(q))}){_ref(q)}")
    return lines


def _timeline(brief: Brief) -> list[str]:
    lines = ["", f"## Timeline, {brief.span[0]}\u2013{brief.span[1]}", ""]
    for e in brief.events:
        x = e.detail
        linked = wording.LINKED.get(x["cause_path"] or "", "")
        marks = [
            m
            for m, on in (
                (wording.DATE_READ, x["date_basis"] == "inferred"),
                (f"in the model's chain of causes of the change, {linked}", x["cause"]),
                ("address", x["address"]),
            )
            if on
        ]
        flag = f" ({', '.join(marks)})" if marks else ""
        lines.append(f"- {_md(x['date'])}: {_md(e.text)}{flag}{_by(e)}{_ref(e)}")
    return lines


def _relations(brief: Brief) -> list[str]:
    lines = ["", f"## Relations of {_md(brief.actor['name'])}", ""]
    if brief.relations:
        lines += ["Scores are the curator's coding on the cooperation\u2013conflict scale, \u221210 to +10.", ""]
    for r in brief.relations:
        x = r.detail
        lines.append(
            f"- {_md(x['from'])} {wording.ARROWS[x['mutual']]} {_md(x['to'])}: {_md(x['kind'])} {x['score']:+d} "
            f"({x['tone']}): {_md(r.text)}{_by(r)}{_ref(r)}"
        )
    return lines


def _named(change: Entry[ChangeDetail]) -> str:
    """A change's title, with the examples the source lists under it."""
    x = change.detail
    examples = x["later_examples"] or x["earlier_examples"]
    return _md(change.text) + (f", including {_md(', '.join(examples))}" if examples else "")


def _note_text(n: Note, cited: dict[str, Cited]) -> str:
    reading = " (the curator's reading)" if n.basis == "inferred" else ""
    parts = [
        f"{cited[n.source]['short']}.",
        f"Voice: {shown}." if (shown := voice(n)) else "",
        f"Basis: {n.basis}{reading}.",
    ]
    parts.append(f"\u201c{n.evidence}\u201d")
    if n.reference:
        parts.append(f"Context from: {cited[n.reference]['plain']}")
    if n.note:
        parts.append(f"Note: {n.note}")
    parts.append(f"({n.kind} {n.id})")
    return " ".join(p for p in parts if p)
