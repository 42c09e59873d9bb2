"""A semantic diff of two models: records added, removed, renamed and changed, field by field, by id.

Owns what counts as a change. Records are matched by kind and id, never by position, so moving a
record (or a priority within its address) or reordering the ids of a list changes nothing. A record
whose id alone changed, or that kept its excerpt while its id changed, is renamed rather than removed
and added. A free-text field that changed carries a word diff. With a source text, the excerpts of
added and changed records are verified again (as ``verify`` does). Also the snapshot of one model:
every record and field in one stable order, which the git diff driver compares line by line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import PurePath

from .model import BY_KIND, RECORD_TYPES, Model, Quote, Record, walk
from .spec import FieldDef, fields
from .verify import MAX_CLOSEST, closest_passage, normalize, pick_source

Key = tuple[str, str]
"""A record's kind and id."""
Words = tuple[tuple[str, str], ...]
"""A word diff: ("=", kept words), ("-", removed words), ("+", added words), in order."""
KIND_ORDER = {t.kind: i for i, t in enumerate(RECORD_TYPES)}
HOLDER = "address"
"""The pseudo-field of a priority naming the address that holds it."""
FILE = "file"
"""The pseudo-field of a record of a model of many files: the name of its file."""


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value (None: unset), and for free text the words that changed."""

    name: str
    old: object
    new: object
    words: Words | None = None


@dataclass(frozen=True)
class Change:
    """One record added, removed, renamed or changed; ``fields`` are its changed fields (for an added or
    removed record: all its fields that are set)."""

    kind: str
    id: str
    status: str
    fields: tuple[FieldChange, ...] = ()
    old_id: str | None = None


@dataclass(frozen=True)
class Misquote:
    """An added or changed excerpt that is not in the source text, with the closest passage there is."""

    kind: str
    id: str
    field: str
    text: str
    closest: str


@dataclass
class ModelDiff:
    """What changed from one model to another."""

    old: str
    new: str
    changes: list[Change]
    schema: tuple[int, int] | None = None
    source: str | None = None
    """The source text the changed excerpts were verified against (None: not verified)."""
    source_id: str | None = None
    checked: int = 0
    misquotes: list[Misquote] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.changes and self.schema is None

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)


# --------------------------------------------------------------------------- records as plain fields


def _shown(f: FieldDef, nested: set[str]) -> bool:
    return f.name != "id" and f.key not in nested


_NESTED = {t.collection for t in RECORD_TYPES if t.within}
_LAST = ("voice", "source", "evidence", "basis", "reference", "note")
"""Fields every record of a kind may have, after its own ones, as curators write them."""


def _order(f: FieldDef) -> int:
    return _LAST.index(f.name) + 1 if f.name in _LAST else 0


_FIELDS = {t.kind: tuple(sorted((f for f in fields(t.cls) if _shown(f, _NESTED)), key=_order)) for t in RECORD_TYPES}
TEXT_FIELDS = frozenset(
    f.key
    for fs in _FIELDS.values()
    for f in fs
    if f.base is str and not f.vocabulary and not f.many and f.form == "text"
)
"""Free-text fields: a change to one is shown as a word diff."""


def records(model: Model) -> dict[Key, dict[str, object]]:
    """Every record's set fields by key (unset ones, None, false or an empty list, left out), by kind and id;
    a priority's ``address`` names its holder, and in a model of many files ``file`` its file's name."""
    out: dict[Key, dict[str, object]] = {}
    holder = ""
    for kind, rec in walk(model):
        values: dict[str, object] = {}
        if kind == "address":
            holder = rec.id
        if BY_KIND[kind].within is not None:
            values[HOLDER] = holder
        for f in _FIELDS[kind]:
            value = getattr(rec, f.name, None)
            if value is not None and value is not False and value != []:
                values[f.key] = value
        if model.files:
            values[FILE] = PurePath(model.files.get(rec.id, "")).name
        out[(kind, rec.id)] = values
    return out


def snapshot(model: Model) -> list[tuple[str, str, dict[str, object]]]:
    """Every record as (kind, id, set fields), in kind order then by id: the same text for the same model."""
    found = records(model)
    ordered = sorted(found, key=lambda key: (KIND_ORDER[key[0]], key[1]))
    return [(kind, rid, found[(kind, rid)]) for kind, rid in ordered]


def _same(a: object, b: object) -> bool:
    """Equal values, the order of a list aside."""
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


def words(old: str, new: str) -> Words:
    """The word diff of two texts."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def field_changes(old: dict[str, object], new: dict[str, object]) -> tuple[FieldChange, ...]:
    """The fields whose values differ, in the order of the new record's fields (then the old's)."""
    out = []
    for key in dict.fromkeys([*new, *old]):
        a, b = old.get(key), new.get(key)
        if _same(a, b):
            continue
        diff = words(a, b) if key in TEXT_FIELDS and isinstance(a, str) and isinstance(b, str) else None
        out.append(FieldChange(key, a, b, diff))
    return tuple(out)


# --------------------------------------------------------------------------- the diff


def _renames(gone: dict[Key, dict[str, object]], came: dict[Key, dict[str, object]]) -> list[tuple[Key, Key]]:
    """Pairs (old key, new key) of records renamed: of one kind, with all else equal, or else with the
    same source and excerpt, each the only one of its side to have them."""
    pairs: list[tuple[Key, Key]] = []
    for same in (lambda v: tuple(sorted((k, repr(x)) for k, x in v.items())), _anchor):
        olds: dict[tuple[str, object], list[Key]] = {}
        news: dict[tuple[str, object], list[Key]] = {}
        taken = {k for pair in pairs for k in pair}
        for side, group in ((gone, olds), (came, news)):
            for key, values in side.items():
                mark = same(values)
                if key not in taken and mark is not None:
                    group.setdefault((key[0], mark), []).append(key)
        pairs += [(keys[0], news[m][0]) for m, keys in olds.items() if len(keys) == 1 and len(news.get(m, [])) == 1]
    return pairs


def _anchor(values: dict[str, object]) -> object:
    """A record's source and evidence, if it has them."""
    if "evidence" not in values:
        return None
    return (values.get("source"), normalize(str(values["evidence"])))


def diff(old: Model, new: Model, old_name: str, new_name: str) -> ModelDiff:
    """The changes from ``old`` to ``new``."""
    before, after = records(old), records(new)
    if not (old.files and new.files):  # a file's name is compared only between models of many files
        for values in (*before.values(), *after.values()):
            values.pop(FILE, None)
    gone = {k: v for k, v in before.items() if k not in after}
    came = {k: v for k, v in after.items() if k not in before}
    changes: list[Change] = []
    renamed = _renames(gone, came)
    for was, now in renamed:
        changes.append(Change(now[0], now[1], "renamed", field_changes(gone.pop(was), came.pop(now)), was[1]))
    changes += [Change(k[0], k[1], "removed", _all(v, new=False)) for k, v in gone.items()]
    changes += [Change(k[0], k[1], "added", _all(v, new=True)) for k, v in came.items()]
    for key, values in after.items():
        if key in before:
            changed = field_changes(before[key], values)
            if changed:
                changes.append(Change(key[0], key[1], "changed", changed))
    changes.sort(key=lambda c: (KIND_ORDER[c.kind], c.id))
    schema = (old.schema_version, new.schema_version) if old.schema_version != new.schema_version else None
    return ModelDiff(old_name, new_name, changes, schema)


def _all(values: dict[str, object], *, new: bool) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(k, None if new else v, v if new else None) for k, v in values.items())


def reverify(result: ModelDiff, new: Model, text: str, source_name: str, source_id: str | None = None) -> None:
    """Check the excerpts that the changes add or alter against the source text (``source_id``, else
    the new model's only article); the ones not found are added to ``result.misquotes``."""
    sid = pick_source(new, source_id)
    haystack = normalize(text)
    touched = {(c.kind, c.id): {f.name for f in c.fields} for c in result.changes if c.status != "removed"}
    result.source, result.source_id = source_name, sid
    for kind, rec in walk(new):
        names = touched.get((kind, rec.id))
        if not names or not isinstance(rec, Record) or rec.source != sid:
            continue
        excerpts = [("evidence", rec.evidence)] + ([("text", rec.text)] if isinstance(rec, Quote) else [])
        for name, excerpt in excerpts:
            if name not in names and "source" not in names:
                continue
            result.checked += 1
            if normalize(excerpt) not in haystack:
                closest = closest_passage(excerpt, text) if len(result.misquotes) < MAX_CLOSEST else ""
                result.misquotes.append(Misquote(kind, rec.id, name, excerpt, closest))
