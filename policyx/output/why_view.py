"""A chain of causes worded: the rows of ``policyx why``, drawn from the typed ``WhyResult``.

Owns the rows every format writes for a ``why`` (table, JSON, CSV): one per link, direct
causes first, and one of ``depth`` 0 for each priority asked about that no link the source
states reaches, whose ``statement`` says so plainly. The chain itself is found by
``queries.why``.
"""

from __future__ import annotations

from ..results import WHY_COLUMNS, WhyResult
from ..views import Meta, Row, View, row_of
from .wording import statement

DEFAULT = [
    "depth",
    "id",
    "cause_title",
    "effect_title",
    "voice",
    "basis",
    "cause_voice",
    "cause_basis",
    "path_basis",
    "statement",
]
"""The fields a ``why`` shows unless others are asked for."""


def target(result: WhyResult) -> str:
    """What a step of the chain counts to, in plain words."""
    if result.kind == "actor":
        return f"a record that names {result.name}"
    if result.kind == "topic":
        return f"a priority on {result.name}"
    return "the record asked about"


def why_view(result: WhyResult) -> View:
    """The chain of causes as rows: its links, then a plain statement for each priority asked about
    that no link the source states reaches, in every format."""
    rows = [row_of(link) for link in result.links]
    for item in result.unreached:
        row: Row = dict.fromkeys(WHY_COLUMNS)
        row.update(
            id=item.id,
            depth=0,
            effect=item.id,
            effect_type="priority",
            effect_title=item.title,
            path_basis=item.strongest,
            statement=statement(
                item.title, item.strongest, under=item.under, under_linked=item.under_linked, grounds=item.grounds
            ),
        )
        rows.append(row)
    meta: Meta = {"names": result.names, "reported": list(result.reported), "target": target(result)}
    return View("why", WHY_COLUMNS, rows, list(DEFAULT), title=f"Why: {result.name}", meta=meta)
