"""The loader: from a YAML file to a validated model, or every problem with its location.

Owns everything that touches YAML on the way in: which file is read (``--data``,
``POLICYX_DATA`` or the shipped model), decoding, a YAML loader that keeps data intact
(no YAML 1.1 implicit typing, no object tags, duplicate keys detected, alias expansion
capped), schema validation, cross-record checks, and turning each failure into a
``FILE:LINE:COL: message`` problem.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .errors import DataError, Problem
from .model import COLLECTIONS, PartialDate, PolicyModel

ENV_DATA = "POLICYX_DATA"
MAX_DEPTH = 100
MERGE_TAG = "tag:yaml.org,2002:merge"
Loc = tuple[str | int, ...]


def shipped_model_path() -> Path:
    """The model that ships with policyx (inside the wheel, or data/ in a source checkout)."""
    inside = Path(__file__).parent / "data" / "policy.yaml"
    if inside.is_file():
        return inside
    return Path(__file__).resolve().parent.parent / "data" / "policy.yaml"


def resolve_path(data: str | os.PathLike[str] | None = None) -> Path:
    """The data file to read: the argument, else $POLICYX_DATA, else the shipped model."""
    if data is not None and str(data) != "":
        return Path(data)
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env)
    return shipped_model_path()


# --------------------------------------------------------------------------- YAML


class _Resolver(BaseResolver):
    """Only null and merge keys are implicit: every other plain scalar stays the text written."""


_Resolver.yaml_implicit_resolvers = {}
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(MERGE_TAG, re.compile(r"^(?:<<)$"), ["<"])


class _Constructor(SafeConstructor):
    """Plain data only: strings, lists, mappings and null; records duplicate keys instead of dropping them."""

    yaml_constructors: typing.ClassVar[dict[Any, Any]] = {}

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[tuple[Any, str]] = []
        self._checked: set[int] = set()

    def construct_undefined(self, node: Node) -> Any:
        raise ConstructorError(
            None,
            None,
            f"tag {node.tag!r} is not allowed: policy files hold plain data (text, lists, mappings)",
            node.start_mark,
        )

    def flatten_mapping(self, node: MappingNode) -> None:
        if id(node) not in self._checked:
            self._checked.add(id(node))
            seen: dict[Any, Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == MERGE_TAG or not isinstance(key_node, ScalarNode):
                    continue
                first = seen.get(key_node.value)
                if first is not None:
                    self.problems.append(
                        (
                            key_node.start_mark,
                            f"duplicate key {key_node.value!r} (first at line {first.start_mark.line + 1})",
                        )
                    )
                else:
                    seen[key_node.value] = key_node
        super().flatten_mapping(node)


_PLAIN: dict[str | None, Any] = {
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:str": SafeConstructor.construct_yaml_str,
    "tag:yaml.org,2002:seq": SafeConstructor.construct_yaml_seq,
    "tag:yaml.org,2002:map": SafeConstructor.construct_yaml_map,
    None: _Constructor.construct_undefined,
}
for _tag, _build in _PLAIN.items():
    _Constructor.add_constructor(_tag, _build)


class _PyLoader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Constructor, _Resolver
):
    """Pure-Python loader, used where libyaml is missing; caps nesting before recursion does."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(None, None, "exceeded maximum nesting depth", mark)
            return typing.cast(Node, super().compose_node(parent, index))
        finally:
            self._depth -= 1


try:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader: type = _PyLoader
else:

    class _CLoader(CParser, _Constructor, _Resolver):
        """libyaml-backed loader (libyaml itself caps nesting depth)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

    _Loader = _CLoader


def _mark_problem(file: str, mark: Any, message: str) -> Problem:
    message = " ".join(message.split())
    if mark is None:
        return Problem(file, 1, 1, message)
    return Problem(file, mark.line + 1, mark.column + 1, message)


def _yaml_error(file: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    problem = err.problem or "invalid YAML"
    if "maximum nesting depth" in problem:
        problem = "nesting too deep: a policy file needs only a few levels"
    elif err.context:
        problem = f"{err.context}: {problem}"
    return _mark_problem(file, mark, problem)


def _expansion_problem(root: Node) -> tuple[Node, str] | None:
    """Refuse recursive aliases and aliases that expand to far more nodes than the file holds."""
    size: dict[int, int] = {}
    distinct = 0
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1
            for child in _children(node):
                total += size[id(child)]
            size[key] = total
            continue
        if key in size:
            continue
        if key in on_path:
            return node, "recursive alias: a mapping or list contains itself"
        distinct += 1
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                return child, "recursive alias: a mapping or list contains itself"
            if id(child) not in size:
                stack.append((child, False))
    limit = 10 * distinct + 10_000
    total = size[id(root)]
    if total <= limit:
        return None
    # Point at where the expansion blows up: the first node too big whose parts are not.
    culprit, node = root, root
    while True:
        bigger = [c for c in _children(node) if size[id(c)] > limit]
        if not bigger:
            culprit = node
            break
        node = min(bigger, key=lambda c: (c.start_mark.line, c.start_mark.column))
    return culprit, f"aliases expand to {total:,} nodes (limit {limit:,}): too many aliases"


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            yield k
            yield v
    elif isinstance(node, SequenceNode):
        yield from node.value


def parse_yaml(text: str, file: str) -> tuple[Any, Node | None, list[Problem]]:
    """Parse YAML text into plain data; returns (data, root node, problems)."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return (
                None,
                None,
                [Problem(file, 1, 1, "empty file: expected a mapping with schema_version and collections")],
            )
        if "&" in text:
            found = _expansion_problem(root)
            if found is not None:
                return None, root, [_mark_problem(file, found[0].start_mark, found[1])]
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as err:
        return None, None, [_yaml_error(file, err)]
    except yaml.reader.ReaderError as err:
        before = text[: err.position]
        line = before.count("\n") + 1
        column = err.position - (before.rfind("\n") + 1) + 1
        return None, None, [Problem(file, line, column, f"character {err.character!r} is not allowed in YAML")]
    except yaml.YAMLError as err:
        return None, None, [Problem(file, 1, 1, "invalid YAML: " + " ".join(str(err).split()))]
    except RecursionError:
        return None, None, [Problem(file, 1, 1, "nesting too deep: a policy file needs only a few levels")]
    finally:
        loader.dispose()
    problems = [_mark_problem(file, mark, msg) for mark, msg in loader.problems]
    return data, root, problems


# --------------------------------------------------------------------------- locations


def _locate(root: Node, loc: Loc, *, key: bool = False) -> Node:
    """The node at a pydantic-style path, or the deepest node on the way there."""
    node = root
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, MappingNode) and isinstance(part, str):
            match = None
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == part:
                    match = (k, v)
            if match is None:
                return node
            node = match[0] if (last and key) else match[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "top level"


def _unwrap(annotation: Any) -> Any:
    """The model class or Literal inside list[...], X | None and Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _schema_at(loc: Loc) -> Any:
    """The model class (or field annotation) that a location refers to, walking the schema."""
    current: Any = PolicyModel
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = _field_by_key(current, part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current


def _field_by_key(cls: type[BaseModel], key: str) -> Any:
    for name, field in cls.model_fields.items():
        if (field.alias or name) == key:
            return field
    return None


def _keys(cls: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in cls.model_fields.items()]


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _message(err: Any) -> tuple[Loc, str, bool]:
    """(location, message, points at the key?) for one pydantic error."""
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return loc, f"{_path(loc[:-1])}: missing required field {loc[-1]!r}", False
    if kind == "extra_forbidden":
        cls = _schema_at(loc[:-1])
        known = _keys(cls) if isinstance(cls, type) and issubclass(cls, BaseModel) else []
        return loc, f"{_path(loc[:-1])}: unknown key {loc[-1]!r}{did_you_mean(str(loc[-1]), known)}", True
    if kind == "literal_error":
        allowed = [str(a) for a in typing.get_args(_schema_at(loc))]
        shown = ", ".join(allowed)
        hint = did_you_mean(str(value), allowed) if isinstance(value, str) else ""
        return loc, f"{_path(loc)}: {_describe(value)} is not one of: {shown}{hint}", False
    if kind == "value_error":
        msg = str(err["msg"]).removeprefix("Value error, ")
        return loc, f"{_path(loc)}: {msg}", False
    expected = {
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "int_parsing": "a whole number",
        "int_type": "a whole number",
        "int_from_float": "a whole number",
        "bool_parsing": "true or false",
        "bool_type": "true or false",
    }.get(kind)
    if expected:
        return loc, f"{_path(loc)}: expected {expected}, got {_describe(value)}", False
    if kind == "too_short" or kind == "string_too_short":
        return loc, f"{_path(loc)}: must not be empty", False
    return loc, f"{_path(loc)}: {err['msg']}", False


# --------------------------------------------------------------------------- cross-record checks


Records = dict[str, list[Any]]


def _salvage(data: dict[str, Any]) -> Records:
    """After a failed validation: each collection's records, validated where they can be.

    A record that fails on its own is kept unvalidated (``model_construct``), so that its
    references are still checked; checks that trip over its broken fields are skipped,
    the schema problem having been reported already.
    """
    out: Records = {}
    for coll in COLLECTIONS:
        items = data.get(coll)
        cls = _schema_at((coll,))
        kept: list[Any] = []
        if isinstance(items, list) and isinstance(cls, type) and issubclass(cls, BaseModel):
            for item in items:
                try:
                    kept.append(cls.model_validate(item))
                except (ValidationError, RecursionError):
                    kept.append(cls.model_construct(**item) if isinstance(item, dict) else None)
        out[coll] = kept
    return out


def _raw_ids(data: dict[str, Any], coll: str) -> set[str]:
    items = data.get(coll)
    if not isinstance(items, list):
        return set()
    return {str(item["id"]) for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _check_references(records: Records, known: dict[str, set[str]]) -> list[tuple[Loc, str, bool]]:
    """Duplicate ids, unknown references, provenance rules and date order.

    ``records`` holds each collection's validated records (None for one that failed on its
    own); ``known`` the ids each collection declares, failed records included, so that one
    broken record does not also show up as a dangling reference everywhere else.
    """
    out: list[tuple[Loc, str, bool]] = []
    first_seen: dict[str, Loc] = {}

    def each(coll: str) -> Iterator[tuple[int, Any]]:
        return ((i, rec) for i, rec in enumerate(records.get(coll, [])) if rec is not None)

    def claim(record_id: str, loc: Loc) -> None:
        if record_id in first_seen:
            first = _path(first_seen[record_id][:-1])
            out.append((loc + ("id",), f"duplicate id {record_id!r} (first used by {first})", False))
        else:
            first_seen[record_id] = loc + ("id",)

    references = {
        s.id
        for _, s in each("sources")
        if getattr(s, "kind", None) == "reference" and isinstance(getattr(s, "id", None), str)
    }

    def ref(kind: str, value: str | None, loc: Loc) -> None:
        if value is not None and value not in known[kind]:
            out.append((loc, f"unknown {kind} {value!r}{did_you_mean(str(value), known[kind])}", False))

    def refs(kind: str, values: list[str], loc: Loc) -> None:
        for k, value in enumerate(values):
            ref(kind, value, loc + (k,))

    def provenance(rec: Any, loc: Loc) -> None:
        ref("source", rec.source, loc + ("source",))
        if rec.basis == "context" and rec.reference is None:
            out.append((loc, f"{_path(loc)}: basis 'context' needs a 'reference' naming the source", False))
        if rec.reference is not None:
            if rec.reference not in known["source"]:
                ref("source", rec.reference, loc + ("reference",))
            elif rec.reference not in references:
                out.append(
                    (loc + ("reference",), f"reference {rec.reference!r} is not a source of kind 'reference'", False)
                )
        if rec.basis == "inferred" and not rec.note:
            out.append((loc, f"{_path(loc)}: basis 'inferred' needs a 'note' explaining the reading", False))

    def order(start: str | None, end: str | None, loc: Loc, what: str) -> None:
        if start and end and PartialDate.parse(end).last_day() < PartialDate.parse(start).first_day():
            out.append((loc, f"{what} {end!r} is before {start!r}", False))

    def address(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        ref("actor", rec.speaker, loc + ("speaker",))
        ref("event", rec.event, loc + ("event",))
        if PartialDate.parse(rec.date).year != rec.year:
            out.append((loc + ("year",), f"year {rec.year} does not match date {rec.date!r}", False))
        for j, pri in enumerate(rec.priorities):
            ploc = loc + ("priorities", j)
            claim(pri.id, ploc)
            provenance(pri, ploc)
            refs("theme", pri.themes, ploc + ("themes",))
            refs("actor", pri.actors, ploc + ("actors",))

    def relation(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        ref("actor", rec.from_, loc + ("from",))
        ref("actor", rec.to, loc + ("to",))
        order(rec.since, rec.until, loc + ("until",), "until")

    def event(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        refs("actor", rec.actors, loc + ("actors",))
        refs("theme", rec.themes, loc + ("themes",))
        order(rec.date, rec.end, loc + ("end",), "end")

    def quote(rec: Any, loc: Loc) -> None:
        provenance(rec, loc)
        ref("actor", rec.speaker, loc + ("speaker",))
        ref("event", rec.occasion, loc + ("occasion",))
        refs("theme", rec.themes, loc + ("themes",))

    checks = {
        "sources": lambda rec, loc: None,
        "themes": provenance,
        "actors": provenance,
        "addresses": address,
        "relations": relation,
        "events": event,
        "quotes": quote,
    }
    for coll in COLLECTIONS:
        for i, rec in each(coll):
            try:
                claim(rec.id, (coll, i))
                checks[coll](rec, (coll, i))
            except (AttributeError, TypeError, ValueError):
                continue  # a record the schema already rejected: its broken fields were reported
    return out


KINDS = {"source": "sources", "theme": "themes", "actor": "actors", "event": "events"}


# --------------------------------------------------------------------------- entry points


def read_text(path: Path) -> str:
    """The file's text as UTF-8, or a DataError naming the file (and the bad byte's place)."""
    name = str(path)
    if path.is_dir():
        raise DataError([Problem(name, 0, 0, "is a directory, not a policy file")])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, 0, 0, "no such file")]) from None
    except OSError as err:
        raise DataError([Problem(name, 0, 0, f"cannot read: {err.strerror or err}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DataError(
            [Problem(name, line, column, f"not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded")]
        ) from None


def load_text(text: str, file: str = "<text>") -> PolicyModel:
    """Validate a model from YAML text; raise DataError with every problem found."""
    data, root, problems = parse_yaml(text, file)
    if data is None and problems:
        raise DataError(problems)
    assert root is not None
    if not isinstance(data, dict):
        raise DataError(
            problems + [_mark_problem(file, root.start_mark, f"top level must be a mapping, got {_describe(data)}")]
        )
    found: list[tuple[Loc, str, bool]] = []
    model: PolicyModel | None = None
    try:
        model = PolicyModel.model_validate(data)
        records: Records = {coll: getattr(model, coll) for coll in COLLECTIONS}
        known = {kind: {r.id for r in records[coll]} for kind, coll in KINDS.items()}
    except ValidationError as err:
        found = [_message(e) for e in err.errors(include_url=False)]
        records = _salvage(data)
        known = {kind: _raw_ids(data, coll) for kind, coll in KINDS.items()}
    except RecursionError:
        raise DataError(problems + [Problem(file, 1, 1, "nesting too deep")]) from None
    found += _check_references(records, known)
    for loc, msg, key in found:
        node = _locate(root, loc, key=key)
        problems.append(_mark_problem(file, node.start_mark, msg))
    if problems or model is None:
        raise DataError(problems)
    return model


def load(data: str | os.PathLike[str] | None = None) -> PolicyModel:
    """Load and validate the model at ``data`` (or $POLICYX_DATA, or the shipped model)."""
    path = resolve_path(data)
    return load_text(read_text(path), str(path))
