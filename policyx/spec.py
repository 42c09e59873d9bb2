"""How a record field is declared, and the reading of those declarations.

Owns ``Spec``, what a field's Python type does not say (its description, how its text is
checked, which records it names, its range, its key in a file and its SQLite column), written
next to the type as ``Annotated[str, Spec(...)]``; and ``fields``, which reads a record class's
annotations into one ``FieldDef`` per field. The record classes themselves are ``model``'s.
Nothing here runs on the hot path: with postponed annotations, loading a model never evaluates
them; ``schema``, ``validate`` and ``output.sqlite`` call ``fields`` when they need the layout.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Literal

Form = Literal["text", "id", "date"]


@dataclass(frozen=True)
class Spec:
    """What a record field's Python type does not say. A plain ``str`` is text (not empty where
    the field is required); a ``Literal`` is a vocabulary; ``X | None`` is optional; a list
    defaults to empty, a bool to false."""

    description: str | None = None
    form: Form = "text"
    """How text is checked: free text, an id's pattern, or a partial date (YYYY[-MM[-DD]])."""
    ref: str | tuple[str, ...] = ()
    """The kind of record an id names; several kinds: it names a record of any one of them."""
    low: int | None = None
    high: int | None = None
    """The range of a whole number, both ends included."""
    key: str | None = None
    """The field's key in a file, where it differs from the attribute (``from`` for ``from_``)."""
    column: str | None = None
    """The SQLite column where it differs from the key; for a list, its link table's value column."""
    check: bool = False
    """The SQLite column CHECKs the field's vocabulary (the kinds are left open there)."""
    index: bool = True
    """An SQLite index on a reference's column."""
    since: int = 1
    """The first schema version in which the field may be filled."""


_SPEC_FIELDS = dataclasses.fields(Spec)


@dataclass(frozen=True)
class FieldDef:
    """One field of a record class as declared: its attribute, what it holds, and its Spec."""

    name: str
    owner: type
    """The class that declares it: the record type's own, or a base's (provenance, voice)."""
    base: type
    """str (also for a vocabulary), int, bool, or the record class a list holds."""
    vocabulary: tuple[str, ...]
    optional: bool
    many: bool
    spec: Spec

    @property
    def key(self) -> str:
        """The field's key in a file."""
        return self.spec.key or self.name

    @property
    def column(self) -> str:
        """The field's SQLite column (a list's: its link table's value column)."""
        return self.spec.column or self.key

    @property
    def targets(self) -> tuple[str, ...]:
        """The kinds of record the field's id(s) may name (none: it names no record)."""
        ref = self.spec.ref
        return (ref,) if isinstance(ref, str) else ref

    @property
    def form(self) -> Form:
        """How the field's text is checked (an id, where it names records)."""
        return "id" if self.targets else self.spec.form


def fields(cls: type) -> tuple[FieldDef, ...]:
    """The declared fields of a record class, in declaration order (its bases' first)."""
    return _fields(cls)  # through a plain ``type``: mypy takes a record class for one of its records


@functools.cache
def _fields(cls: type) -> tuple[FieldDef, ...]:
    owners: dict[str, type] = {}
    hints: dict[str, object] = {}
    for owner in reversed(cls.__mro__):  # as typing.get_type_hints reads them, at half the cost
        for name, hint in owner.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
            owners[name] = owner
            hints[name] = _hint(hint, owner.__module__) if isinstance(hint, str) else hint
    return tuple(_field(name, owners[name], hint) for name, hint in hints.items() if not name.startswith("_"))


@functools.cache
def _hint(text: str, module: str) -> object:
    """A postponed annotation of the record classes (their own source's text), evaluated once."""
    return eval(text, vars(sys.modules[module]))


def _field(name: str, owner: type, hint: object) -> FieldDef:
    """One annotation read: Annotated, ``| None`` and ``list[...]`` unwrapped, their Specs merged."""
    specs: list[Spec] = []
    optional = many = False
    while True:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin is Annotated:
            specs += [m for m in args[1:] if isinstance(m, Spec)]
            hint = args[0]
        elif origin in (typing.Union, types.UnionType):
            optional = True
            (hint,) = (a for a in args if a is not type(None))
        elif origin is list:
            many = True
            hint = args[0]
        else:
            break
    spec = specs[0] if len(specs) == 1 else Spec()
    for inner in reversed(specs if len(specs) > 1 else []):  # an outer spec's settings win over an inner one's
        changes = {f.name: getattr(inner, f.name) for f in _SPEC_FIELDS if getattr(inner, f.name) != f.default}
        spec = dataclasses.replace(spec, **changes)
    vocabulary = tuple(str(a) for a in args) if origin is Literal else ()
    base = str if vocabulary else hint
    if not isinstance(base, type):
        raise TypeError(f"{owner.__name__}.{name}: cannot read the annotation {hint!r}")
    return FieldDef(name, owner, base, vocabulary, optional, many, spec)
