"""The loader's YAML half: text in, plain data out, with no surprises and no object graph.

Owns how a policy file's YAML is read. Data is built straight from the parser's events
(libyaml's when present), so no node tree is kept: memory stays near the size of the data.
YAML 1.1 implicit typing is off (every plain scalar is text but null), tags that would
build objects are refused, duplicate keys are reported (merge keys ``<<`` are honoured),
nesting is capped, and aliases may not expand far beyond the file or into themselves.
When problems found later need places, ``locate`` reads the events once more for them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from sys import intern
from typing import Any, Final, Protocol, TypeAlias

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
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
TOO_DEEP = "nesting too deep: a policy file needs only a few levels"

Value: TypeAlias = "str | list[Value] | dict[str | None, Value] | None"
"""Plain data as read: text (every scalar but null), lists, and mappings keyed by text (or null)."""
Mapping: TypeAlias = "dict[str | None, Value]"
Path: TypeAlias = "tuple[str | int | None, ...]"
"""Mapping keys and list indexes from the top, as in ``("actors", 3, "name")``."""


class Mark(Protocol):
    """Where a node starts in the text (0-based), as PyYAML's and libyaml's parsers give it."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


class _Events(Protocol):
    """A parser, as far as it is used here: its events, one at a time."""

    def get_event(self) -> Event | None: ...


def _libyaml() -> Callable[[str], _Events] | None:
    """libyaml's parser, where PyYAML was built with it."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None
    return CParser


CParser = _libyaml()


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, mark: Mark | None, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Key(enum.Enum):
    """What a mapping being built has in place of its next key: none read yet, or ``<<``."""

    NONE = 0
    MERGE = 1


NO_KEY: Final = _Key.NONE
MERGE: Final = _Key.MERGE


class _PyEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """Pure-Python event source, for a PyYAML without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def problem_at(file: str, mark: Mark | None, message: str) -> Problem:
    """A Problem at a YAML mark (0-based line and column), message on one line."""
    message = " ".join(message.split())
    if mark is None:
        return Problem(file, 1, 1, message)
    return Problem(file, mark.line + 1, mark.column + 1, message)


def _at(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _yaml_error(file: str, text: str, err: yaml.YAMLError) -> Problem:
    if isinstance(err, yaml.reader.ReaderError):
        before = text[: err.position]
        line = before.count("\n") + 1
        column = err.position - (before.rfind("\n") + 1) + 1
        return Problem(file, line, column, f"character {err.character!r} is not allowed in YAML")
    if isinstance(err, yaml.MarkedYAMLError):
        problem = err.problem or "invalid YAML"
        mark = err.problem_mark or err.context_mark
        if "maximum nesting depth" in problem:
            problem = TOO_DEEP
        elif "cannot start any token" in problem and mark is not None and _at(text, mark.index) == "\t":
            problem = "a tab cannot indent YAML: indent with spaces"
        elif err.context:
            problem = f"{err.context}: {problem}"
        return problem_at(file, err.problem_mark or err.context_mark, problem)
    return Problem(file, 1, 1, "invalid YAML: " + " ".join(str(err).split()))


def _refused(tag: str | None) -> str:
    return f"tag {tag!r} is not allowed: policy files hold plain data (text, lists, mappings)"


def _scalar(event: ScalarEvent) -> str | None:
    """A scalar's value: text (short texts interned: ids, kinds and dates repeat), or None."""
    tag = event.tag
    value = event.value
    if tag is None or tag == "!":
        if event.implicit[0] and tag is None and value in NULLS:  # a plain null
            return None
        return intern(value) if len(value) <= SHORT else value
    if tag == STR_TAG:
        return intern(value) if len(value) <= SHORT else value
    if tag == NULL_TAG:
        return None
    raise _Stop(event.start_mark, _refused(tag))


def _key(event: ScalarEvent) -> str | _Key | None:
    """A scalar read as a mapping key: a plain ``<<`` is the merge key."""
    if event.value == "<<" and event.tag is None and event.implicit[0]:
        return MERGE
    return _scalar(event)


class _Frame:
    """A mapping or list being built."""

    __slots__ = ("anchor", "key", "key_mark", "mark", "merges", "seen", "size", "value")

    def __init__(self, value: Mapping | list[Value], anchor: str | None, mark: Mark | None) -> None:
        self.value = value
        self.anchor = anchor
        self.mark = mark
        self.size = 1
        self.key: str | _Key | None = NO_KEY
        self.key_mark: Mark | None = None
        self.merges: list[Mapping] = []
        self.seen: dict[str | None, int] = {}

    def finish(self) -> Value:
        """The value built: for a mapping, merge keys applied (explicit keys win, then earlier merged
        mappings over later ones)."""
        value = self.value
        if isinstance(value, list):
            return value
        if self.key is not NO_KEY:  # a key without a value
            value[self.key if self.key is not MERGE else "<<"] = None
        if not self.merges:
            return value
        merged: Mapping = {}
        for source in reversed(self.merges):
            merged.update(source)
        merged.update(value)
        return merged


class _Tree:
    """The data being built: the open mappings and lists, the finished top node, duplicate keys found."""

    __slots__ = ("file", "problems", "root", "root_mark", "stack")

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: Value = None
        self.root_mark: Mark | None = None

    def expects_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].key is NO_KEY and isinstance(self.stack[-1].value, dict)

    def key(self, key: str | _Key | None, mark: Mark | None) -> None:
        """The next key of the innermost mapping (``expects_key`` said one comes)."""
        top = self.stack[-1]
        top.key, top.key_mark = key, mark

    def put(self, value: Value, size: int, mark: Mark | None) -> None:
        """A finished node: the top one, the next item of a list, or the value of the key just read."""
        if not self.stack:
            self.root, self.root_mark = value, mark
            return
        top = self.stack[-1]
        built = top.value
        key = top.key
        if isinstance(built, list):
            built.append(value)
        elif key is NO_KEY:
            raise _Stop(mark, "mapping keys must be plain text")
        elif key is MERGE:
            sources = value if isinstance(value, list) else [value]
            merges = [s for s in sources if isinstance(s, dict)]
            if len(merges) != len(sources):
                raise _Stop(top.key_mark, "'<<' merges a mapping or a list of mappings")
            top.merges.extend(merges)
            top.key = NO_KEY
        else:
            if key in top.seen:
                message = f"duplicate key {key!r} (first at line {top.seen[key]})"
                self.problems.append(problem_at(self.file, top.key_mark, message))
            else:
                top.seen[key] = top.key_mark.line + 1 if top.key_mark is not None else 1
            built[key] = value
            top.key = NO_KEY
        top.size += size


def _unicode(text: str, file: str) -> Problem | None:
    """A problem where the text holds a lone surrogate (only a str made in memory can)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        before = text[: err.start]
        line, column = before.count("\n") + 1, err.start - (before.rfind("\n") + 1) + 1
        return Problem(file, line, column, "not Unicode text: a lone surrogate character")
    return None


def build(text: str, file: str) -> tuple[Value, Mark | None, list[Problem]]:
    """Parse YAML text into plain data: (data, mark of the top node, problems).

    ``data`` is None when the file cannot be read at all (problems say why).
    """
    bad = _unicode(text, file)
    if bad is not None:
        return None, None, [bad]
    events = _events(text)
    tree = _Tree(file)
    try:
        _read(events, tree)
    except _Stop as stop:
        return None, None, [*tree.problems, problem_at(file, stop.mark, stop.message)]
    except yaml.YAMLError as err:
        return None, None, [*tree.problems, _yaml_error(file, text, err)]
    except RecursionError:
        return None, None, [*tree.problems, Problem(file, 1, 1, TOO_DEEP)]
    finally:
        _dispose(events)
    if tree.root_mark is None:
        return None, None, [Problem(file, 1, 1, "empty file: expected a mapping with schema_version and collections")]
    return tree.root, tree.root_mark, tree.problems


def _read(events: _Events, tree: _Tree) -> None:
    """Build the data from the parser's events, into ``tree``; raise _Stop where the file cannot be read on."""
    anchors: dict[str, tuple[Value | _Key, int]] = {}
    open_anchors: set[str] = set()
    stack = tree.stack
    put, expects_key = tree.put, tree.expects_key
    nodes = expanded = documents = 0
    get = events.get_event
    while True:
        event: Any = get()  # told apart by type, once per event: the loop is the reader's hot path
        kind = type(event)
        if kind is ScalarEvent:
            nodes += 1
            if expects_key():
                key = _key(event)
                if event.anchor is not None:
                    anchors[event.anchor] = (key, 1)
                tree.key(key, event.start_mark)
            else:
                value = _scalar(event)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                put(value, 1, event.start_mark)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            nodes += 1
            mapping = kind is MappingStartEvent
            if event.tag not in (MAP_TAGS if mapping else SEQ_TAGS):
                raise _Stop(event.start_mark, _refused(event.tag))
            if len(stack) >= MAX_DEPTH:
                raise _Stop(event.start_mark, TOO_DEEP)
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            stack.append(_Frame({} if mapping else [], event.anchor, event.start_mark))
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            frame = stack.pop()
            built = frame.finish()
            if frame.anchor is not None:
                open_anchors.discard(frame.anchor)
                anchors[frame.anchor] = (built, frame.size)
            put(built, frame.size, frame.mark)
        elif kind is AliasEvent:
            if event.anchor in open_anchors:
                raise _Stop(event.start_mark, "recursive alias: a mapping or list contains itself")
            if event.anchor not in anchors:
                raise _Stop(event.start_mark, f"unknown alias {event.anchor!r}")
            known, size = anchors[event.anchor]
            expanded += size
            limit = 10 * nodes + 10_000
            if nodes + expanded > limit:
                raise _Stop(event.start_mark, f"aliases expand to more than {limit:,} nodes: too many aliases")
            if expects_key() and not isinstance(known, (dict, list)):
                tree.key(known, event.start_mark)
            else:  # (a merge key's anchor, used as a value, is the text '<<')
                put(known if not isinstance(known, _Key) else "<<", size, event.start_mark)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Stop(event.start_mark, "expected one YAML document, found another")
        elif kind is StreamEndEvent:
            return


def _dispose(events: _Events) -> None:
    dispose = getattr(events, "dispose", None)
    if dispose is not None:
        dispose()


# --------------------------------------------------------------------------- locations


def _events(text: str) -> _Events:
    return CParser(text) if CParser is not None else _PyEvents(text)


class _Open:
    """A mapping or list open while locating: its path (None inside a complex key) and where in it we are."""

    __slots__ = ("key_next", "mapping", "path", "step")

    def __init__(self, path: Path | None, mapping: bool) -> None:
        self.path = path
        self.mapping = mapping
        self.key_next = True
        self.step: str | int | None = -1


def locate(text: str, wanted: set[Path]) -> tuple[dict[Path, Mark], dict[Path, Mark]]:
    """Marks of the values, and of the mapping keys, found at the ``wanted`` paths.

    A path is a tuple of mapping keys and list indexes from the top, as in
    ``("actors", 3, "name")``. One more pass over the parser's events, keeping nothing
    but the marks asked for, so that placing a problem costs no node tree. Paths through
    aliases or merge keys are not followed: their nearest ancestor is found instead.
    """
    values: dict[Path, Mark] = {}
    keys: dict[Path, Mark] = {}
    stack: list[_Open] = []
    events = _events(text)
    try:
        while True:
            event = events.get_event()
            if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent)):
                _locate_node(event, stack, wanted, values, keys)
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                stack.pop()
            elif event is None or isinstance(event, StreamEndEvent):
                break
    except yaml.YAMLError:
        pass  # the file was read once already; what was found so far is all there is
    finally:
        _dispose(events)
    return values, keys


def _locate_node(
    event: NodeEvent, stack: list[_Open], wanted: set[Path], values: dict[Path, Mark], keys: dict[Path, Mark]
) -> None:
    """One node met while locating: a key, or a value (whose path may be wanted), or a collection opening."""
    opens = isinstance(event, (MappingStartEvent, SequenceStartEvent))
    path: Path | None
    if stack and stack[-1].mapping and stack[-1].key_next:  # a mapping key
        top = stack[-1]
        top.step = event.value if isinstance(event, ScalarEvent) else None
        top.key_next = False
        path = (*top.path, top.step) if top.path is not None else None
        if path is not None and path in wanted and event.start_mark is not None:
            keys[path] = event.start_mark
        if opens:
            stack.append(_Open(None, isinstance(event, MappingStartEvent)))  # a complex key: not a path
        return
    if stack:
        top = stack[-1]
        if top.mapping:
            top.key_next = True
        elif isinstance(top.step, int):
            top.step += 1
        path = (*top.path, top.step) if top.path is not None else None
    else:
        path = ()
    if path is not None and path in wanted and event.start_mark is not None:
        values[path] = event.start_mark
    if opens:
        stack.append(_Open(path, isinstance(event, MappingStartEvent)))
