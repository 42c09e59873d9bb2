"""The loader's YAML half: text in, plain data out, with no surprises and no object graph.

Owns how a policy file's YAML is read. Data is built straight from the parser's events
(libyaml's when present), so no node tree is kept: memory stays near the size of the data.
YAML 1.1 implicit typing is off (every plain scalar is text but null), tags that would
build objects are refused, duplicate keys are reported (merge keys ``<<`` are honoured),
nesting is capped, and aliases may not expand far beyond the file or into themselves.
When problems found later need places, ``locate`` reads the events once more for them.
"""

from __future__ import annotations

from sys import intern
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .errors import Problem

MAX_DEPTH = 100
SHORT = 40
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
MAP_TAGS = frozenset({None, "!", "tag:yaml.org,2002:map"})
SEQ_TAGS = frozenset({None, "!", "tag:yaml.org,2002:seq"})

CParser: Any
try:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Merge:
    """The ``<<`` key of a mapping."""


MERGE = _Merge()


class _PyEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """Pure-Python event source, for a PyYAML without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def problem_at(file: str, mark: Any, message: str) -> Problem:
    """A Problem at a YAML mark (0-based line and column), message on one line."""
    message = " ".join(message.split())
    if mark is None:
        return Problem(file, 1, 1, message)
    return Problem(file, mark.line + 1, mark.column + 1, message)


def _yaml_error(file: str, text: str, err: yaml.YAMLError) -> Problem:
    if isinstance(err, yaml.reader.ReaderError):
        before = text[: err.position]
        line = before.count("\n") + 1
        column = err.position - (before.rfind("\n") + 1) + 1
        return Problem(file, line, column, f"character {err.character!r} is not allowed in YAML")
    if isinstance(err, yaml.MarkedYAMLError):
        problem = err.problem or "invalid YAML"
        if "maximum nesting depth" in problem:
            problem = "nesting too deep: a policy file needs only a few levels"
        elif err.context:
            problem = f"{err.context}: {problem}"
        return problem_at(file, err.problem_mark or err.context_mark, problem)
    return Problem(file, 1, 1, "invalid YAML: " + " ".join(str(err).split()))


def _refused(tag: str) -> str:
    return f"tag {tag!r} is not allowed: policy files hold plain data (text, lists, mappings)"


def _scalar(event: ScalarEvent, as_key: bool) -> Any:
    """A scalar's value: text (short texts interned: ids, kinds and dates repeat), or None."""
    tag = event.tag
    value = event.value
    if tag is None or tag == "!":
        if event.implicit[0] and tag is None:  # plain scalar
            if value in NULLS:
                return None
            if as_key and value == "<<":
                return MERGE
        return intern(value) if len(value) <= SHORT else value
    if tag == STR_TAG:
        return intern(value) if len(value) <= SHORT else value
    if tag == NULL_TAG:
        return None
    raise _Stop(event.start_mark, _refused(tag))


class _Frame:
    """A mapping or list being built."""

    __slots__ = ("anchor", "key", "key_mark", "mark", "merges", "seen", "size", "value")

    def __init__(self, value: Any, anchor: str | None, mark: Any) -> None:
        self.value = value
        self.anchor = anchor
        self.mark = mark
        self.size = 1
        self.key: Any = _Frame  # _Frame itself: no key read yet
        self.key_mark: Any = None
        self.merges: list[Any] = []
        self.seen: dict[Any, int] = {}


def _finish_mapping(frame: _Frame) -> dict[str, Any]:
    """Apply merge keys: explicit keys win, then earlier merged mappings over later ones."""
    if not frame.merges:
        return frame.value  # type: ignore[no-any-return]
    merged: dict[str, Any] = {}
    for source in reversed(frame.merges):
        merged.update(source)
    merged.update(frame.value)
    return merged


def build(text: str, file: str) -> tuple[Any, Any, list[Problem]]:
    """Parse YAML text into plain data: (data, mark of the top node, problems).

    ``data`` is None when the file cannot be read at all (problems say why).
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:  # a lone surrogate: only a str made in memory can hold one
        before = text[: err.start]
        line, column = before.count("\n") + 1, err.start - (before.rfind("\n") + 1) + 1
        return None, None, [Problem(file, line, column, "not Unicode text: a lone surrogate character")]
    events = _events(text)
    problems: list[Problem] = []
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    stack: list[_Frame] = []
    nodes = 0
    expanded = 0
    root: Any = None
    root_mark: Any = None
    documents = 0

    def put(value: Any, size: int, mark: Any, scalar_key: bool = False) -> None:
        nonlocal root, root_mark
        if not stack:
            root, root_mark = value, mark
            return
        top = stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.key is _Frame:
            if not scalar_key:
                raise _Stop(mark, "mapping keys must be plain text")
            top.key, top.key_mark = value, mark
            return
        elif top.key is MERGE:
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(s, dict) for s in sources):
                raise _Stop(top.key_mark, "'<<' merges a mapping or a list of mappings")
            top.merges.extend(sources)
            top.key = _Frame
        else:
            key = top.key
            if key in top.seen:
                message = f"duplicate key {key!r} (first at line {top.seen[key]})"
                problems.append(problem_at(file, top.key_mark, message))
            else:
                top.seen[key] = top.key_mark.line + 1
            top.value[key] = value
            top.key = _Frame
        top.size += size

    try:
        get = events.get_event
        while True:
            event: Any = get()
            kind = type(event)
            if kind is ScalarEvent:
                nodes += 1
                as_key = bool(stack) and isinstance(stack[-1].value, dict) and stack[-1].key is _Frame
                value = _scalar(event, as_key)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                put(value, 1, event.start_mark, scalar_key=as_key)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                nodes += 1
                mapping = kind is MappingStartEvent
                if event.tag not in (MAP_TAGS if mapping else SEQ_TAGS):
                    raise _Stop(event.start_mark, _refused(event.tag))
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(event.start_mark, "nesting too deep: a policy file needs only a few levels")
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
                stack.append(_Frame({} if mapping else [], event.anchor, event.start_mark))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if frame.key is not _Frame:
                    frame.value[frame.key] = None
                value = _finish_mapping(frame) if kind is MappingEndEvent else frame.value
                if frame.anchor is not None:
                    open_anchors.discard(frame.anchor)
                    anchors[frame.anchor] = (value, frame.size)
                put(value, frame.size, frame.mark)
            elif kind is AliasEvent:
                if event.anchor in open_anchors:
                    raise _Stop(event.start_mark, "recursive alias: a mapping or list contains itself")
                if event.anchor not in anchors:
                    raise _Stop(event.start_mark, f"unknown alias {event.anchor!r}")
                value, size = anchors[event.anchor]
                expanded += size
                limit = 10 * nodes + 10_000
                if nodes + expanded > limit:
                    raise _Stop(
                        event.start_mark,
                        f"aliases expand to more than {limit:,} nodes: too many aliases",
                    )
                as_key = bool(stack) and isinstance(stack[-1].value, dict) and stack[-1].key is _Frame
                put(value, size, event.start_mark, scalar_key=as_key and not isinstance(value, (dict, list)))
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Stop(event.start_mark, "expected one YAML document, found another")
            elif kind is StreamEndEvent:
                break
    except _Stop as stop:
        return None, None, [*problems, problem_at(file, stop.mark, stop.message)]
    except yaml.YAMLError as err:
        return None, None, [*problems, _yaml_error(file, text, err)]
    except RecursionError:
        return None, None, [*problems, Problem(file, 1, 1, "nesting too deep: a policy file needs only a few levels")]
    finally:
        dispose = getattr(events, "dispose", None)
        if dispose is not None:
            dispose()
    if root_mark is None:
        return None, None, [Problem(file, 1, 1, "empty file: expected a mapping with schema_version and collections")]
    return root, root_mark, problems


# --------------------------------------------------------------------------- locations


def _events(text: str) -> Any:
    return CParser(text) if CParser is not None else _PyEvents(text)


def locate(text: str, wanted: set[tuple[Any, ...]]) -> tuple[dict[tuple[Any, ...], Any], dict[tuple[Any, ...], Any]]:
    """Marks of the values, and of the mapping keys, found at the ``wanted`` paths.

    A path is a tuple of mapping keys and list indexes from the top, as in
    ``("actors", 3, "name")``. One more pass over the parser's events, keeping nothing
    but the marks asked for, so that placing a problem costs no node tree. Paths through
    aliases or merge keys are not followed: their nearest ancestor is found instead.
    """
    values: dict[tuple[Any, ...], Any] = {}
    keys: dict[tuple[Any, ...], Any] = {}
    stack: list[list[Any]] = []  # per open collection: [its path, is mapping, key expected?, current step]
    path: tuple[Any, ...] | None
    events = _events(text)
    try:
        while True:
            event = events.get_event()
            kind = type(event)
            if kind in (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent):
                if stack and stack[-1][1] and stack[-1][2]:  # a mapping key
                    top = stack[-1]
                    top[3] = event.value if kind is ScalarEvent else None
                    top[2] = False
                    path = (*top[0], top[3]) if top[0] is not None else None
                    if path is not None and path in wanted:
                        keys[path] = event.start_mark
                    if kind in (MappingStartEvent, SequenceStartEvent):
                        stack.append([None, kind is MappingStartEvent, True, -1])  # a complex key: not a path
                    continue
                if stack:
                    top = stack[-1]
                    if top[1]:
                        top[2] = True
                    else:
                        top[3] += 1
                    path = (*top[0], top[3]) if top[0] is not None else None
                else:
                    path = ()
                if path is not None and path in wanted:
                    values[path] = event.start_mark
                if kind in (MappingStartEvent, SequenceStartEvent):
                    stack.append([path, kind is MappingStartEvent, True, -1])
            elif kind in (MappingEndEvent, SequenceEndEvent):
                stack.pop()
            elif kind is StreamEndEvent:
                break
    except yaml.YAMLError:
        pass  # the file was read once already; what was found so far is all there is
    finally:
        dispose = getattr(events, "dispose", None)
        if dispose is not None:
            dispose()
    return values, keys
