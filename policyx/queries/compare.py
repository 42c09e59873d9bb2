"""Two addresses side by side: what continued, what is new, what is not in the later account, and
the causes the model links to what changed, each with the basis of its whole path.
"""

from __future__ import annotations

from .. import chains
from ..errors import BadValue
from ..lookup import Index, in_date_order
from ..model import (
    Address,
    Priority,
)
from ..views import Meta, Row, View, statement
from .common import address_meta, blank, names_in, reported_voices
from .priorities import examples_of, rank, umbrellas
from .why import cause_title

COMPARE_COLUMNS = [
    "section",
    "id",
    "topic",
    "change",
    "title",
    "earlier_id",
    "later_id",
    "earlier_emphasis",
    "later_emphasis",
    "shift",
    "earlier_examples",
    "later_examples",
    "voice",
    "cause",
    "effect",
    "cause_voice",
    "cause_basis",
    "earlier_evidence",
    "later_evidence",
    "earlier_basis",
    "later_basis",
    "evidence",
    "basis",
    "path_basis",
    "addresses_basis",
    "statement",
    "note",
]
CHANGE_FIELDS = tuple(
    c
    for c in COMPARE_COLUMNS[COMPARE_COLUMNS.index("change") : COMPARE_COLUMNS.index("later_examples") + 1]
    if c != "title"
)
"""The fields of a compare row that say how a priority changed."""
CHANGE_ORDER = {"continued": 0, "new-in-later-account": 1, "not-in-later-account": 2}


def caveat(later_year: int | str) -> str:
    """What "new" and "not in it" can mean: the source reports parts of each speech, not the whole."""
    return (
        f"The source reports parts of each speech, not the whole: \u201cnew\u201d means new in its account "
        f"of {later_year}, and \u201cnot in it\u201d means it does not report the item for {later_year}."
    )


def compare(index: Index, first: str, second: str) -> View:
    """Two addresses side by side, earlier first: a summary, the priorities in both accounts or in
    one only (each with the examples the source lists under it), and why: the causes the model
    links to what changed, each with the basis of its whole path to the change.

    Rows have a ``section``: ``summary`` (sentences, each with its voice: none for policyx's
    own count, the claim's for the source's characterisation), ``priority`` and ``cause``.
    """
    earlier, later = ordered_pair(index, first, second)
    changes = _changes(earlier, later)
    links = causes_of_change(index, earlier, later, changes)
    why_rows = [
        blank(COMPARE_COLUMNS, section="cause", id=row["id"], title=cause_title(row), voice=row["voice"])
        | {key: row[key] for key in ("cause", "effect", "cause_voice", "cause_basis", "evidence", "basis", "note")}
        | {"path_basis": row["path_basis"]}
        for row in links
    ]
    rows = _compare_summary(index, earlier, later, changes) + changes + why_rows
    rows += _reasons(index, earlier, later, changes, links)
    names = names_in(index, rows, ("voice", "cause_voice"))
    reported = reported_voices(index, rows)
    default = [
        "section",
        "change",
        "earlier_emphasis",
        "later_emphasis",
        "shift",
        "title",
        "voice",
        "basis",
        "path_basis",
        "cause_voice",
        "cause_basis",
        "addresses_basis",
        "statement",
    ]
    meta: Meta = {
        "earlier": earlier.year,
        "later": later.year,
        "addresses": {x.id: address_meta(index, x) for x in (earlier, later)},
        "names": names,
        "reported": reported,
    }
    return View("compare", COMPARE_COLUMNS, rows, default, title=f"{earlier.title} \u2192 {later.title}", meta=meta)


def ordered_pair(index: Index, first: str, second: str, what: str = "compare") -> tuple[Address, Address]:
    """Two different addresses, earlier first (``what`` needs them: named in the error)."""
    a, b = index.address(first), index.address(second)
    if a.id == b.id:
        raise BadValue(f"{what} needs two different addresses, got {a.id!r} twice")
    earlier, later = in_date_order((a, b))
    return earlier, later


def changed_ids(earlier: Address, later: Address, changes: list[Row]) -> list[str]:
    """The priorities that changed (new, not in the later account, or weighted otherwise), each
    followed by the examples the source lists under it."""
    examples = {p.id: examples_of(a, p) for a in (earlier, later) for p in a.priorities}
    ids: list[str] = []
    for row in changes:
        if row["section"] != "priority":
            continue
        if row["change"] == "continued" and row["shift"] not in ("raised", "lowered"):
            continue
        for pid in (row["later_id"], row["earlier_id"]) if row["change"] == "continued" else (row["id"],):
            if pid:
                ids += [pid, *(e.id for e in examples.get(pid, ()))]
    return list(dict.fromkeys(ids))


def _reasons(index: Index, earlier: Address, later: Address, changes: list[Row], links: list[Row]) -> list[Row]:
    """For each changed item of the later address (an umbrella and, unless the model explains the
    umbrella itself, each of its examples) and each umbrella of the earlier one not in the later
    account: the basis of the strongest link into it (None: no link). Where that is not
    ``stated``, no stated path of causes reaches the item, and ``statement`` says so."""
    linked = {r["effect"] for r in links}

    def shown_alone(p: Priority) -> bool:
        if index.address_of[p.id].id == later.id:
            return p.example_of not in linked  # an example under an explained umbrella goes with it
        return p.example_of is None and not any(q.topic == p.topic for q in later.priorities)

    items = [index.records[pid][1] for pid in changed_ids(earlier, later, changes)]
    shown = [p for p in items if isinstance(p, Priority) and shown_alone(p)]
    strongest = chains.reach(links, [p.id for p in shown])
    return [
        blank(
            COMPARE_COLUMNS,
            section="reason",
            id=p.id,
            title=p.title,
            path_basis=strongest[p.id],
            statement=statement(p.title, strongest[p.id]),
        )
        for p in shown
    ]


def causes_of_change(index: Index, earlier: Address, later: Address, changes: list[Row]) -> list[Row]:
    """The chain of causes (``why`` rows) behind the priorities of a comparison that changed."""
    return chains.chain(index, changed_ids(earlier, later, changes))


def _by_topic(address: Address) -> dict[str, list[Priority]]:
    topics: dict[str, list[Priority]] = {}
    for pri in umbrellas(address):
        topics.setdefault(pri.topic, []).append(pri)
    return topics


def _changes(earlier: Address, later: Address) -> list[Row]:
    """One row per priority that is no other's example: in both accounts (by topic), new in the later
    one, or not in it, with its emphasis shift and the examples listed under it. Every such
    priority has a row, twins of one topic included (each paired with the other side's first)."""
    before, after = _by_topic(earlier), _by_topic(later)
    rows: list[Row] = []
    for topic in [*before, *(t for t in after if t not in before)]:
        olds, news = before.get(topic, []), after.get(topic, [])
        for i in range(max(len(olds), len(news))):
            old = olds[min(i, len(olds) - 1)] if olds else None
            new = news[min(i, len(news) - 1)] if news else None
            shown = news[i] if i < len(news) else olds[i]
            change = "continued" if old and new else ("new-in-later-account" if new else "not-in-later-account")
            shift = ""
            if old and new:
                delta = rank(old.emphasis) - rank(new.emphasis)
                shift = "raised" if delta > 0 else ("lowered" if delta < 0 else "same")
            rows.append(
                blank(
                    COMPARE_COLUMNS,
                    section="priority",
                    id=shown.id,
                    topic=topic,
                    change=change,
                    title=shown.title,
                    earlier_id=old.id if old else None,
                    later_id=new.id if new else None,
                    earlier_emphasis=old.emphasis if old else None,
                    later_emphasis=new.emphasis if new else None,
                    shift=shift,
                    earlier_examples=[e.title for e in examples_of(earlier, old)] if old else [],
                    later_examples=[e.title for e in examples_of(later, new)] if new else [],
                    voice=shown.voice,
                    basis=shown.basis,
                    earlier_evidence=old.evidence if old else None,
                    later_evidence=new.evidence if new else None,
                    earlier_basis=old.basis if old else None,
                    later_basis=new.basis if new else None,
                )
            )
    rows.sort(key=lambda r: (CHANGE_ORDER[r["change"]], rank(r["later_emphasis"] or r["earlier_emphasis"])))
    return rows


def _top(address: Address) -> Priority | None:
    first = umbrellas(address)
    return first[0] if first else None


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _reported(address: Address) -> str:
    tops = umbrellas(address)
    examples = len(address.priorities) - len(tops)
    under = "it" if len(tops) == 1 else "them"
    listed = f" (with {_count(examples, 'example', 'examples')} listed under {under})" if examples else ""
    return f"{_count(len(tops), 'item', 'items')} of the {address.year} address{listed}"


def named_in_both(index: Index, earlier: Address, later: Address, rows: list[Row]) -> list[tuple[list[str], str, str]]:
    """Actors that priorities of both addresses name, outside the priorities in both accounts:
    (actor ids, the earlier priority's title, the later one's), grouped by that pair of titles."""
    continued = {pid for r in rows if r["change"] == "continued" for pid in (r["earlier_id"], r["later_id"])}

    def where(address: Address) -> dict[str, str]:
        by_id = {p.id: p for p in address.priorities}
        found: dict[str, str] = {}
        for pri in address.priorities:
            top = by_id.get(pri.example_of or "", pri)
            if top.id in continued:
                continue
            for aid in pri.actors:
                found.setdefault(aid, top.title)
        return found

    before, after = where(earlier), where(later)
    groups: dict[tuple[str, str], list[str]] = {}
    for aid in before:
        if aid in after:
            groups.setdefault((before[aid], after[aid]), []).append(aid)
    return [(ids, old, new) for (old, new), ids in groups.items()]


def _names_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _compare_summary(index: Index, earlier: Address, later: Address, rows: list[Row]) -> list[Row]:
    """The summary sentences: policyx's own count first, then what the source itself says of the change."""
    count = {c: sum(1 for r in rows if r["change"] == c) for c in CHANGE_ORDER}
    raised = [r["title"] for r in rows if r["shift"] == "raised"]
    lowered = [r["title"] for r in rows if r["shift"] == "lowered"]
    sentences = [
        f"policyx's count of the model: the source reports {_reported(earlier)} and {_reported(later)}. "
        f"In both accounts: {count['continued'] or 'no item in common'}. New in the {later.year} account: "
        f"{count['new-in-later-account']}. Not in it: {count['not-in-later-account']}."
    ]
    for ids, old, new in named_in_both(index, earlier, later, rows):
        names = [index.actor_name(aid) or aid for aid in ids]
        sentences.append(
            f"Both accounts name {_names_list(names)}, under other priorities: in {earlier.year} "
            f"\u201c{old}\u201d, in {later.year} \u201c{new}\u201d."
        )
    top_before, top_after = _top(earlier), _top(later)
    if top_before and top_after and top_before.topic != top_after.topic:
        sentences.append(
            "Weighted highest, as the curator codes the source's wording: "
            f"in {earlier.year} \u201c{top_before.title}\u201d ({top_before.emphasis}), "
            f"in {later.year} \u201c{top_after.title}\u201d ({top_after.emphasis})."
        )
    if raised:
        sentences.append(f"Given more weight in {later.year}: {'; '.join(raised)}.")
    if lowered:
        sentences.append(f"Given less weight in {later.year}: {'; '.join(lowered)}.")
    if count["continued"] and not raised and not lowered:
        sentences.append("The priorities in both accounts keep the same weight.")
    out = [blank(COMPARE_COLUMNS, section="summary", title=text) for text in sentences]
    both = [c for c in index.model.claims if earlier.id in c.addresses and later.id in c.addresses]
    one = [c for c in index.model.claims if c not in both and {earlier.id, later.id} & set(c.addresses)]
    for claim in both + one:  # what the source says of the change, then of each address
        out.append(
            blank(
                COMPARE_COLUMNS,
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
    out.append(blank(COMPARE_COLUMNS, section="summary", title=caveat(later.year)))
    return out
