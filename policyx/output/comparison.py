"""A comparison worded: the rows of ``policyx compare``, drawn from the typed ``Comparison``.

Owns the sentences a comparison is summed up in (policyx's own count of the coded items,
the actors both accounts name elsewhere, the items weighted highest, the shifts, the
caveat that an account is not the whole speech), the plain statement for a changed item no
stated link reaches, and the order and default fields of the rows every format writes
(table, JSON, CSV). The comparison itself is found by ``queries.comparison``.
"""

from __future__ import annotations

from ..results import COMPARE_COLUMNS, Change, Comparison, PriorityChange, Shift, Tally
from ..views import LinkRow, Meta, Row, Value, View
from .wording import statement

DEFAULT = [
    "section",
    "id",
    "change",
    "earlier_emphasis",
    "later_emphasis",
    "shift",
    "title",
    "earlier_examples",
    "later_examples",
    "voice",
    "basis",
    "path_basis",
    "cause_voice",
    "cause_basis",
    "addresses_basis",
    "statement",
]
"""The fields a comparison shows unless others are asked for."""


def caveat(later_year: int | str) -> str:
    """What "new" and "not in it" can mean: the source reports parts of each speech, not the whole."""
    return (
        f"The source reports parts of each speech, not the whole: \u201cnew\u201d means new in its account "
        f"of {later_year}, and \u201cnot in it\u201d means it does not report the item for {later_year}."
    )


def compare_view(c: Comparison) -> View:
    """Two addresses side by side, earlier first: a summary, the priorities in both accounts or in
    one only (each with the examples the source lists under it), the causes the model links to
    what changed (each with the basis of its whole path to the change), and for each changed
    item how strongly they reach it.

    Rows have a ``section``: ``summary`` (sentences, each with its voice: none for policyx's own
    count, the claim's for the source's characterisation), ``priority``, ``cause`` and ``reason``.
    """
    rows = _summary(c) + [_change_row(x) for x in c.changes] + [_cause_row(link) for link in c.links]
    rows += [
        _row(
            section="reason",
            id=r.priority.id,
            title=r.priority.title,
            path_basis=r.path_basis,
            statement=statement(
                r.priority.title,
                r.path_basis,
                absent_from=None if r.priority in c.later.priorities else c.later.year,
                grounds=r.grounds,
            ),
        )
        for r in c.reached
    ]
    meta: Meta = {
        "earlier": c.earlier.year,
        "later": c.later.year,
        "addresses": c.addresses,
        "names": c.names,
        "reported": list(c.reported),
    }
    title = f"{c.earlier.title} \u2192 {c.later.title}"
    return View("compare", COMPARE_COLUMNS, rows, list(DEFAULT), title=title, meta=meta)


def _row(**fields: Value) -> Row:
    row: Row = dict.fromkeys(COMPARE_COLUMNS)
    row.update(fields)
    return row


def _change_row(x: PriorityChange) -> Row:
    old, new = x.earlier, x.later
    return _row(
        section="priority",
        id=x.shown.id,
        topic=x.topic,
        change=x.change.value,
        title=x.shown.title,
        earlier_id=old.id if old else None,
        later_id=new.id if new else None,
        earlier_emphasis=old.emphasis if old else None,
        later_emphasis=new.emphasis if new else None,
        shift=x.shift.value if x.shift else "",
        earlier_examples=list(x.earlier_examples),
        later_examples=list(x.later_examples),
        voice=x.shown.voice,
        basis=x.shown.basis,
        earlier_evidence=old.evidence if old else None,
        later_evidence=new.evidence if new else None,
        earlier_basis=old.basis if old else None,
        later_basis=new.basis if new else None,
    )


def _cause_row(link: LinkRow) -> Row:
    title = f"{link['cause_title']} \u2192 {link['effect_title']}. {link['summary']}"
    return _row(
        section="cause",
        id=link["id"],
        title=title,
        voice=link["voice"],
        cause=link["cause"],
        effect=link["effect"],
        cause_voice=link["cause_voice"],
        cause_basis=link["cause_basis"],
        evidence=link["evidence"],
        basis=link["basis"],
        note=link["note"],
        path_basis=link["path_basis"],
        depth=link["depth"],
        policy=link["policy"],
        policy_title=link["policy_title"],
        policy_basis=link["policy_basis"],
        cause_title=link["cause_title"],
        effect_title=link["effect_title"],
        summary=link["summary"],
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _reported(tally: Tally) -> str:
    under = "it" if tally.items == 1 else "them"
    examples = _count(tally.examples, "example", "examples")
    listed = f" (with {examples} listed under {under})" if tally.examples else ""
    return f"{_count(tally.items, 'item', 'items')} of the {tally.year} address{listed}"


def _names_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _summary(c: Comparison) -> list[Row]:
    """The summary: policyx's own count first, then what the source itself says of the change, then the caveat."""
    out = [_row(section="summary", title=text) for text in sentences(c)]
    for claim in c.claims:  # what the source says of the change, then of each address
        out.append(
            _row(
                section="summary",
                id=claim.id,
                title=claim.summary,
                voice=claim.voice,
                evidence=claim.evidence,
                basis=claim.basis,
                addresses_basis=claim.addresses_basis or "stated",
                note=claim.note,
            )
        )
    out.append(_row(section="summary", title=caveat(c.later.year)))
    return out


def sentences(c: Comparison) -> list[str]:
    """policyx's own count of the coded items, in sentences: what each account reports, what the two
    have in common, the items weighted highest, and what moved."""
    earlier, later = c.earlier.year, c.later.year
    raised, lowered = c.shifted(Shift.RAISED), c.shifted(Shift.LOWERED)
    sentences = [
        f"policyx's count of the coded items: the source reports {_reported(c.tallies[0])} and "
        f"{_reported(c.tallies[1])}. In both accounts: {c.count(Change.CONTINUED) or 'no item in common'}. "
        f"New in the {later} account: {c.count(Change.NEW)}. Not in it: {c.count(Change.ABSENT)}."
    ]
    for shared in c.shared:
        names = [c.names.get(aid, aid) for aid in shared.actors]
        sentences.append(
            f"Both accounts name {_names_list(names)}, under other items: in {earlier} "
            f"\u201c{shared.earlier}\u201d, in {later} \u201c{shared.later}\u201d."
        )
    top_before, top_after = c.tops
    if top_before and top_after and top_before.topic != top_after.topic:
        sentences.append(
            "Weighted highest, as the curator codes the source's wording: "
            f"in {earlier} \u201c{top_before.title}\u201d ({top_before.emphasis}), "
            f"in {later} \u201c{top_after.title}\u201d ({top_after.emphasis})."
        )
    if raised:
        sentences.append(f"Given more weight in {later}: {'; '.join(raised)}.")
    if lowered:
        sentences.append(f"Given less weight in {later}: {'; '.join(lowered)}.")
    if c.count(Change.CONTINUED) and not raised and not lowered:
        sentences.append("The priorities in both accounts keep the same weight.")
    return sentences
