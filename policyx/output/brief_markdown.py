"""The brief as Markdown: the whole brief, every statement with its voice and basis and a numbered footnote.

Owns the Markdown document: its sections in reading order (the summary and what the source
says around each address, the priorities side by side and what changed, the causes the
curated model links to the change, the other causes around the main actor, the key quotes,
the timeline, the relations, the notes), and the escaping that keeps model text prose (no
link, image, emphasis or list the model's words did not mean).
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING, Any

from ..views import CHANGE_LABELS, Brief
from . import brief_common, wording
from .text import to_markdown

if TYPE_CHECKING:
    from . import Settings

ARROWS = {True: "\u2194", False: "\u2192"}
"""A relation's arrow: both ways (mutual) or one."""

_LIST_START = re.compile(r"^(\d+[.)]|[-+])")


def _md(text: Any) -> str:
    """Model text as Markdown prose: syntax escaped, and never read as the start of a list."""
    escaped = to_markdown(str(text))
    return _LIST_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], escaped)


def write_markdown(brief: Brief, out: IO[str], settings: Settings) -> str | None:
    """The whole brief as Markdown, every statement with its voice and basis and a numbered footnote."""
    d = brief.to_dict()

    def by(x: dict[str, Any]) -> str:
        return f" \u2014 {_md(brief_common.by(x))}"

    def ref(x: dict[str, Any]) -> str:
        return f" [^{x['note']}]" if x.get("note") else ""

    cited = brief_common.sources(brief)
    lines = [f"# {_md(d['title'])}", "", f"Source: {_md(cited[brief.source]['plain'])}", "", "## Summary", ""]
    lines += [f"- {_md(s['text'])}{by(s)}{ref(s)}" for s in d["headline"]]
    lines += ["", f"> {_md(d['caveat'])}", ""]
    for side in (d["earlier"], d["later"]):
        said = [r for r in d["readings"] if r["detail"]["address"] == side["id"]]
        if said:
            lines += [f"### What the source says around the {_md(side['title'])}", ""]
            lines += [f"- {_md(r['text'])}{by(r)}{brief_common.tie(r)}{ref(r)}" for r in said]
            lines.append("")
    lines += ["## Priorities", ""]
    for side in (d["earlier"], d["later"]):
        when = _md(wording.dated(side["date"], side["basis"]))
        lines += [f"### {_md(side['title'])} ({when}, {_md(side['speaker'])}){ref(side)}", ""]
        lines += [_md(side["summary"]), ""]
        lines += [
            f"{'  - e.g. ' if p['detail']['example_of'] else '- '}{_md(p['text'])} ({p['detail']['emphasis']})"
            f"{by(p)}{ref(p)}"
            for p in side["priorities"]
        ]
        lines.append("")
    counts = d["counts"]
    year = d["later"]["year"]
    lines += [
        f"In both accounts: {counts['continued'] or 'none'}; new in the {year} account: "
        f"{counts['new-in-later-account']}; not in the {year} account: {counts['not-in-later-account']}.",
        "",
    ]
    for change in CHANGE_LABELS:
        rows = [c for c in d["changes"] if c["detail"]["change"] == change]
        if rows:
            label = CHANGE_LABELS[change].replace("the later account", f"the {year} account").capitalize()
            lines.append(f"- {label}: " + "; ".join(_named(c) for c in rows))
    for shared in d["shared"]:
        lines.append(
            f"- Named in both accounts: {_md(', '.join(shared['names']))} (in {d['earlier']['year']} under "
            f"\u201c{_md(shared['earlier'])}\u201d, in {year} under \u201c{_md(shared['later'])}\u201d)"
        )
    lines += ["", "## Why: the causes the curated model links to the change", ""]
    for c in d["causes"]:
        link = f"{_md(c['detail']['cause_title'])} \u2192 {_md(c['detail']['effect_title'])}"
        path = f" ({wording.PATH[c['detail']['path_basis']]} to the change)"
        lines.append(f"- {link}: {_md(c['text'])}{by(c)}{path}{ref(c)}")
    if not d["causes"]:
        lines.append("The model links no cause to these changes.")
    statements = [wording.unexplained(e["title"], e["strongest"]) for e in d["explained"]]
    if any(statements):
        lines.append("")
        lines += [f"- {_md(x)}" for x in statements if x]
    if d["context"]:
        lines += ["", f"## Other causes the model records around {_md(d['actor']['name'])}", ""]
        for c in d["context"]:
            link = f"{_md(c['detail']['cause_title'])} \u2192 {_md(c['detail']['effect_title'])}"
            lines.append(f"- {link}: {_md(c['text'])}{by(c)}{ref(c)}")
    if d["quotes"]:
        lines += ["", "## Key quotes", ""]
        for q in d["quotes"]:
            where = ", ".join(_md(x) for x in (q["detail"]["occasion"], q["detail"]["date"]) if x)
            speaker = f"{_md(q['detail']['speaker'])}" + (f", {where}" if where else "")
            lines.append(f"- \u201c{_md(q['text'])}\u201d \u2014 {speaker} ({_md(brief_common.said(q))}){ref(q)}")
    lines += ["", f"## Timeline, {d['span'][0]}\u2013{d['span'][1]}", ""]
    for e in d["events"]:
        marks = [m for m, on in (("linked cause", e["detail"]["cause"]), ("address", e["detail"]["address"])) if on]
        flag = f" ({', '.join(marks)})" if marks else ""
        lines.append(f"- {_md(e['detail']['date'])}: {_md(e['text'])}{flag}{by(e)}{ref(e)}")
    lines += ["", f"## Relations of {_md(d['actor']['name'])}", ""]
    if d["relations"]:
        lines += ["Scores are the curator's coding on the cooperation\u2013conflict scale, \u221210 to +10.", ""]
    for r in d["relations"]:
        x = r["detail"]
        lines.append(
            f"- {_md(x['from'])} {ARROWS[x['mutual']]} {_md(x['to'])}: {_md(x['kind'])} {x['score']:+d} ({x['tone']}): "
            f"{_md(r['text'])}{by(r)}{ref(r)}"
        )
    lines += ["", "## Notes", ""]
    for n in d["notes"]:
        lines.append(f"[^{n['number']}]: {_md(_note_text(n, cited))}")
    out.write("\n".join(lines) + "\n")
    return None


def _named(change: dict[str, Any]) -> str:
    """A change's title, with the examples the source lists under it."""
    x = change["detail"]
    examples = x["later_examples"] or x["earlier_examples"]
    return _md(change["text"]) + (f", including {_md(', '.join(examples))}" if examples else "")


def _note_text(n: dict[str, Any], cited: dict[str, dict[str, str]]) -> str:
    reading = " (the curator's reading)" if n["basis"] == "inferred" else ""
    parts = [
        f"{cited[n['source']]['short']}.",
        f"Voice: {n['voice']}." if n["voice"] else "",
        f"Basis: {n['basis']}{reading}.",
    ]
    parts.append(f"\u201c{n['evidence']}\u201d")
    if n["reference"]:
        parts.append(f"Context from: {cited[n['reference']]['plain']}")
    if n["note"]:
        parts.append(f"Note: {n['note']}")
    parts.append(f"({n['kind']} {n['id']})")
    return " ".join(p for p in parts if p)
