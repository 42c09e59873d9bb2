"""A model diff in words: the terminal's (with colour), Markdown for a pull request, JSON; and the
snapshot of one model that git's diff driver compares.

Owns how ``modeldiff.ModelDiff`` reads. Each record changed is one block: a sign and its status
(+ added, - removed, > renamed, ~ changed), its kind and id, then its fields, a free-text field as a
word diff in git's own plain notation, [-removed-]{+added+}, which survives without colour. The
snapshot lists every record in kind order then by id, one field a line, so that a line diff of two
snapshots is a diff by record and field in which moving a record changes nothing.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..modeldiff import Change, FieldChange, ModelDiff, snapshot
from .text import clean, to_json, to_markdown, to_markdown_code

if TYPE_CHECKING:
    from rich.text import Text

    from ..model import Model
    from . import Settings

SIGNS = {"added": "+", "removed": "-", "renamed": ">", "changed": "~"}
STYLES = {"added": "green", "removed": "red", "renamed": "cyan", "changed": "yellow"}
ORDER = ("added", "removed", "renamed", "changed")
UNSET = "(unset)"


def value(v: object) -> str:
    """A field's value on one line: a list joined, a text's white space folded, booleans lowercase."""
    if v is None:
        return UNSET
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ", ".join(sorted(str(x) for x in v))
    return " ".join(str(v).split())


def tally(d: ModelDiff) -> str:
    """How many records each status has, in words (``no changes`` when equal)."""
    parts = [f"{d.count(s)} {s}" for s in ORDER if d.count(s)]
    if d.schema is not None:
        parts.insert(0, f"schema_version {d.schema[0]} \u2192 {d.schema[1]}")
    return ", ".join(parts) if parts else "no changes"


def heading(c: Change) -> str:
    renamed = f"{c.old_id} \u2192 " if c.old_id else ""
    return f"{SIGNS[c.status]} {c.kind} {renamed}{c.id} ({c.status})"


def plain_words(f: FieldChange) -> str:
    """A word diff as git writes it: [-removed-]{+added+}."""
    assert f.words is not None
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[op].format(text) for op, text in f.words)


def field_line(c: Change, f: FieldChange) -> str:
    if c.status == "added":
        return f"{f.name}: {value(f.new)}"
    if c.status == "removed":
        return f"{f.name}: {value(f.old)}"
    if f.words is not None:
        return f"{f.name}: {plain_words(f)}"
    return f"{f.name}: {value(f.old)} \u2192 {value(f.new)}"


def verified(d: ModelDiff) -> list[str]:
    """The re-verification of changed excerpts, if a source text was given."""
    if d.source is None:
        return []
    lines = [
        f"changed excerpts verified against {d.source} ({d.source_id}): {d.checked} checked, "
        f"{len(d.misquotes)} not found"
    ]
    for m in d.misquotes:
        closest = f"; closest: \u201c{m.closest}\u201d" if m.closest else ""
        lines.append(f"  {m.kind} {m.id} ({m.field}) not in the source: \u201c{m.text}\u201d{closest}")
    return lines


# --------------------------------------------------------------------------- terminal


def _words_text(f: FieldChange) -> Text:
    from rich.text import Text

    text = Text(f"{f.name}: ")
    styles = {"=": "", "-": "red", "+": "green"}
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    assert f.words is not None
    for i, (op, words) in enumerate(f.words):
        before, after = marks[op]
        text.append((" " if i else "") + before + clean(words) + after, style=styles[op])
    return text


def write_text(d: ModelDiff, out: IO[str], settings: Settings) -> str | None:
    """Each change as a block, then the tally (and the excerpts verified again, if asked)."""
    from rich.padding import Padding
    from rich.text import Text

    from .grid import make_console

    console = make_console(out, terminal=settings.terminal, color=settings.color, width=settings.width)
    console.print(Text(clean(f"{d.old} \u2192 {d.new}: {tally(d)}"), style="bold"))
    for c in d.changes:
        console.print()
        console.print(Text(clean(heading(c)), style=f"bold {STYLES[c.status]}"))
        for f in c.fields:
            words = f.words is not None and c.status not in ("added", "removed")
            line = _words_text(f) if words else Text(clean(field_line(c, f)))
            console.print(Padding(line, (0, 0, 0, 4), expand=False))
    checked = verified(d)
    if checked:
        console.print()
        for i, said in enumerate(checked):
            console.print(Text(clean(said), style="bold red" if i else ""))
    return None


# --------------------------------------------------------------------------- markdown


def _md_field(c: Change, f: FieldChange) -> str:
    name = to_markdown(f.name)
    if f.words is not None and c.status not in ("added", "removed"):
        marks = {"=": "{}", "-": "~~{}~~", "+": "**{}**"}
        return f"{name}: " + " ".join(marks[op].format(to_markdown(words)) for op, words in f.words)
    if c.status in ("added", "removed"):
        return f"{name}: {to_markdown(value(f.new if c.status == 'added' else f.old))}"
    return f"{name}: {to_markdown(value(f.old))} \u2192 {to_markdown(value(f.new))}"


def write_markdown(d: ModelDiff, out: IO[str], settings: Settings) -> str | None:
    """A section for a pull-request comment: the tally, then each change with its fields."""
    lines = [f"### policyx diff: {to_markdown(d.old)} \u2192 {to_markdown(d.new)}", "", to_markdown(tally(d))]
    for status in ORDER:
        group = [c for c in d.changes if c.status == status]
        if not group:
            continue
        lines += ["", f"#### {status.capitalize()}", ""]
        for c in group:
            renamed = f"{to_markdown_code(c.old_id)} \u2192 " if c.old_id else ""
            lines.append(f"- **{to_markdown(c.kind)}** {renamed}{to_markdown_code(c.id)}")
            lines += [f"  - {_md_field(c, f)}" for f in c.fields]
    extra = verified(d)
    if extra:
        lines += ["", to_markdown(extra[0]), ""]
        lines += [f"- {to_markdown(line.strip())}" for line in extra[1:]]
    out.write("\n".join(lines) + "\n")
    return None


# --------------------------------------------------------------------------- json


def document(d: ModelDiff) -> dict[str, object]:
    """Every fact of the diff as plain data."""
    return {
        "old": d.old,
        "new": d.new,
        "equal": d.equal,
        "schema_version": {"old": d.schema[0], "new": d.schema[1]} if d.schema else None,
        "summary": {status: d.count(status) for status in ORDER},
        "changes": [
            {
                "kind": c.kind,
                "id": c.id,
                "status": c.status,
                "old_id": c.old_id,
                "fields": [
                    {
                        "field": f.name,
                        "old": f.old,
                        "new": f.new,
                        "words": [{"op": op, "text": t} for op, t in f.words] if f.words is not None else None,
                    }
                    for f in c.fields
                ],
            }
            for c in d.changes
        ],
        "verified": None
        if d.source is None
        else {
            "source": d.source,
            "source_id": d.source_id,
            "checked": d.checked,
            "not_found": [
                {"kind": m.kind, "id": m.id, "field": m.field, "text": m.text, "closest": m.closest}
                for m in d.misquotes
            ],
        },
    }


def write_json(d: ModelDiff, out: IO[str], settings: Settings) -> str | None:
    out.write(to_json(document(d)) + "\n")
    return None


# --------------------------------------------------------------------------- snapshot


def write_snapshot(model: Model, out: IO[str], settings: Settings) -> str | None:
    """Every record, one field a line, in kind order then by id (git's diff driver compares these)."""
    lines = [f"schema_version: {model.schema_version}"]
    for kind, rid, fields in snapshot(model):
        lines += ["", f"{kind} {rid}"]
        lines += [f"  {key}: {value(v)}" for key, v in fields.items()]
    out.write(clean("\n".join(lines)) + "\n")
    return None
