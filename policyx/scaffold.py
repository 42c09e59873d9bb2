"""A new model file for a new source: the smallest valid model, and examples of the rest to copy.

Owns what ``policyx new`` writes: a schema modeline that resolves from where the file is (a path
relative to it, to the schema installed with policyx, unless another is named), a header saying
what to run next, the source record filled from the options, the speaker, one address and one
priority (their evidence the source's first sentence, so that the file verifies before any edit),
and every other collection as a commented example. The text is checked as any model is before it
is written, and it is written only where no file is: an existing file is never replaced.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BadValue, FileExists, OutputError
from .files import atomic
from .loader import load_text
from .model import ID_PATTERN, SCHEMA_VERSION, PartialDate
from .segment import sentences

MAX_EVIDENCE = 120
"""An excerpt is short: the first sentence is cut at a word before this many characters."""
SCHEMA_NAME = "policy.schema.json"


@dataclass(frozen=True)
class NewSource:
    """What the options say about the source and its address."""

    id: str
    title: str
    speaker: str
    date: str
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


def schema_file() -> Path | None:
    """The JSON Schema installed with policyx (in the wheel, or schema/ in a source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "schema" / SCHEMA_NAME, here.parent / "schema" / SCHEMA_NAME):
        if candidate.is_file():
            return candidate
    return None


def modeline_target(path: Path, schema: str | None = None) -> str | None:
    """What the modeline of a file at ``path`` points at: ``schema`` as given, else the installed
    schema relative to the file's folder (absolute where no relative path leads there)."""
    if schema:
        return schema
    found = schema_file()
    if found is None:
        return None
    folder = Path(os.path.realpath(path.parent if str(path.parent) else "."))
    try:
        return Path(os.path.relpath(found, folder)).as_posix()
    except ValueError:  # another drive
        return found.as_uri()


def slug(text: str) -> str:
    """An id made of a name: lower case, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:40].strip("-") or "source"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's, with the line breaks YAML would fold escaped too)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def first_excerpt(text: str) -> str:
    """The source's first sentence after its title line, white space folded, cut at a word to fit an excerpt."""
    found = [" ".join(s.text.split()) for s in sentences(text)]
    title = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    first = next((s for s in found if s != title), found[0] if found else "")
    if len(first) <= MAX_EVIDENCE:
        return first
    cut = first[:MAX_EVIDENCE].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-\u2014 ") or first[:MAX_EVIDENCE]


def check(new: NewSource) -> None:
    """BadValue for an id that is not one, or a date that is not a date."""
    if not ID_PATTERN.match(new.id):
        raise BadValue(f"{new.id!r} is not an id: lower-case letters, digits and hyphens, from a letter or digit")
    for name, value in (("--date", new.date), ("--published", new.published)):
        if value is not None:
            try:
                PartialDate.parse(value)
            except ValueError as err:
                raise BadValue(f"{name}: {err}") from None


EXAMPLES = """\
# Every other collection, to copy above and fill in (README, "The model file"):
#
# themes:
#   - id: trade
#     name: Trade
#     description: Buying and selling with neighbours.
#     source: {sid}
#     evidence: "words copied from the source"
#     basis: stated
# relations:
#   - id: r-us-them
#     from: {speaker}
#     to: another-actor
#     kind: cooperation          # or alignment, rivalry, war, ... (policyx schema lists them)
#     score: 5                   # -10 (war) .. +10 (integration)
#     summary: What the relation is, in your words.
#     voice: {speaker}
#     source: {sid}
#     evidence: "words copied from the source"
#     basis: stated
# events:
#   - id: e-summit
#     title: The summit
#     kind: summit
#     date: "{date}"
#     actors: [{speaker}]
#     summary: What happened.
#     voice: {speaker}
#     source: {sid}
#     evidence: "words copied from the source"
#     basis: stated
# quotes:
#   - id: q-first
#     text: "the words as quoted"
#     speaker: {speaker}
#     voice: {speaker}
#     source: {sid}
#     evidence: "the sentence that quotes them"
#     basis: stated
# claims:
#   - id: cl-argument
#     summary: One of the source's own arguments.
#     addresses: [{address}]
#     voice: {speaker}
#     source: {sid}
#     evidence: "words copied from the source"
#     basis: inferred
#     note: Why this is the curator's reading.
# causes:
#   - id: why-this
#     cause: e-summit            # an event, relation or claim
#     effect: {priority}          # a priority, claim, relation or event
#     summary: How the one led to the other.
#     voice: {speaker}
#     source: {sid}
#     evidence: "words copied from the source"
#     basis: stated
"""


def render(new: NewSource, source_text: str, *, file: str, source_name: str, modeline: str | None) -> str:
    """The text of the new model file."""
    evidence = _q(first_excerpt(source_text))
    speaker = slug(new.speaker) if slug(new.speaker) != new.id else f"{new.id}-speaker"
    year = PartialDate.parse(new.date).year
    address, priority = f"address-{year}", f"p{year}-first"
    optional = [(k, v) for k, v in (("author", new.author), ("outlet", new.outlet), ("url", new.url)) if v]
    lines = [f"# yaml-language-server: $schema={modeline}", "#"] if modeline else []
    lines += [
        f"# A policyx model of \u201c{new.title}\u201d,",
        f"# from its text in {source_name}. Check it as you go:",
        f"#   policyx --data {file} validate",
        f"#   policyx --data {file} verify --source {source_name}",
        f"#   policyx --data {file} coverage {source_name}",
        "# Evidence is copied verbatim from the source; summaries are your own words. The records below",
        "# all cite the source's first sentence: point each at the words that say what it records.",
        "",
        f"schema_version: {SCHEMA_VERSION}",
        "",
        "sources:",
        f"  - id: {new.id}",
        "    kind: article",
        f"    title: {_q(new.title)}",
        *(f"    {k}: {_q(v)}" for k, v in optional),
        *([f"    published: {_q(new.published)}"] if new.published else []),
        "",
        "actors:",
        f"  - id: {speaker}",
        f"    name: {_q(new.speaker)}",
        "    kind: person",
        "    description: The speaker of the address.",
        *_provenance(new.id, evidence, "    "),
        "",
        "addresses:",
        f"  - id: {address}",
        f"    year: {year}",
        f'    date: "{new.date}"',
        f"    title: {_q(f'{year} address')}",
        f"    speaker: {speaker}",
        "    summary: TODO what the address says, in your own words.",
        *_provenance(new.id, evidence, "    "),
        "    priorities:",
        f"      - id: {priority}",
        "        topic: first",
        "        title: TODO the first priority",
        "        emphasis: major",
        f"        voice: {speaker}",
        *_provenance(new.id, evidence, "        "),
        "",
        "",
    ]
    examples = EXAMPLES.format(sid=new.id, speaker=speaker, date=new.date, address=address, priority=priority)
    return "\n".join(lines) + examples


def _provenance(sid: str, evidence: str, indent: str) -> list[str]:
    return [f"{indent}source: {sid}", f"{indent}evidence: {evidence}", f"{indent}basis: stated"]


def create(path: Path, text: str) -> None:
    """Write a new file, whole, where none is (checked as a model first); OutputError if one is there."""
    load_text(text, str(path))  # what policyx writes must load
    if os.path.lexists(path):
        raise OutputError(f"{path} exists: policyx new never replaces a file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder")
    try:
        with atomic(path, force=False) as tmp:  # put in place by exclusive creation: never a file replaced
            tmp.write_text(text, encoding="utf-8")
    except FileExists:
        raise OutputError(f"{path} exists: policyx new never replaces a file") from None
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
