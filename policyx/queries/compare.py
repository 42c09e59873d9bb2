"""Two addresses side by side, as facts: what continued, what is new, what is not in the later
account, and the causes the model links to what changed, each with the basis of its whole path.

Owns how a ``Comparison`` (``results``) is found: which priorities pair up by topic, how
their weight shifted, which causes lie behind what changed and how strongly they reach it,
which actors both accounts name elsewhere. No sentence is written here: the output layer
words the comparison (``output.comparison``).
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import chains
from ..errors import BadValue
from ..lookup import Index, in_date_order
from ..model import Address, Claim, Priority
from ..results import CHANGE_ORDER, Change, Comparison, PriorityChange, Reached, Shared, Shift, Tally
from ..views import LinkRow
from .common import address_meta, names_in, reported_voices
from .priorities import examples_of, rank, umbrellas


def comparison(index: Index, first: str, second: str, what: str = "compare") -> Comparison:
    """Two addresses compared, earlier first (``what`` asks: named in the error for one address twice)."""
    earlier, later = ordered_pair(index, first, second, what)
    changes = tuple(_changes(earlier, later))
    links = tuple(causes_of_change(index, earlier, later, changes))
    claims = _claims(index, earlier, later)
    shared = tuple(named_in_both(earlier, later, changes))
    named: list[Mapping[str, object]] = [{"voice": row["voice"], "cause_voice": row["cause_voice"]} for row in links]
    named += [{"voice": c.voice} for c in claims] + [{"voice": c.shown.voice} for c in changes]
    names = names_in(index, named, ("voice", "cause_voice"))
    names.update({aid: index.actor_name(aid) or aid for s in shared for aid in s.actors})
    return Comparison(
        earlier=earlier,
        later=later,
        changes=changes,
        links=links,
        reached=tuple(_reached(index, earlier, later, changes, links)),
        shared=shared,
        claims=claims,
        tallies=(_tally(earlier), _tally(later)),
        tops=(_top(earlier), _top(later)),
        addresses={x.id: address_meta(index, x) for x in (earlier, later)},
        names=names,
        reported=tuple(reported_voices(index, named)),
    )


def ordered_pair(index: Index, first: str, second: str, what: str = "compare") -> tuple[Address, Address]:
    """Two different addresses, earlier first (``what`` needs them: named in the error)."""
    a, b = index.address(first), index.address(second)
    if a.id == b.id:
        raise BadValue(f"{what} needs two different addresses, got {a.id!r} twice")
    earlier, later = in_date_order((a, b))
    return earlier, later


def changed_ids(earlier: Address, later: Address, changes: tuple[PriorityChange, ...]) -> list[str]:
    """The priorities that changed (new, not in the later account, or weighted otherwise), each
    followed by the examples the source lists under it."""
    examples = {p.id: examples_of(a, p) for a in (earlier, later) for p in a.priorities}
    ids: list[str] = []
    for c in changes:
        if c.change == Change.CONTINUED and c.shift not in (Shift.RAISED, Shift.LOWERED):
            continue
        chosen = (c.later, c.earlier) if c.change == Change.CONTINUED else (c.shown,)
        for pri in chosen:
            if pri:
                ids += [pri.id, *(e.id for e in examples.get(pri.id, ()))]
    return list(dict.fromkeys(ids))


def causes_of_change(
    index: Index, earlier: Address, later: Address, changes: tuple[PriorityChange, ...]
) -> list[LinkRow]:
    """The chain of causes (``why`` rows) behind the priorities of a comparison that changed."""
    return chains.chain(index, changed_ids(earlier, later, changes))


def _reached(
    index: Index, earlier: Address, later: Address, changes: tuple[PriorityChange, ...], links: tuple[LinkRow, ...]
) -> list[Reached]:
    """For each changed item of the later address (an umbrella and, unless the model explains the
    umbrella itself, each of its examples) and each umbrella of the earlier one not in the later
    account: the basis of the strongest link into it (None: no link)."""
    linked = {r["effect"] for r in links}

    def shown_alone(p: Priority) -> bool:
        if index.address_of[p.id].id == later.id:
            return p.example_of not in linked  # an example under an explained umbrella goes with it
        return p.example_of is None and not any(q.topic == p.topic for q in later.priorities)

    items = [index.records[pid][1] for pid in changed_ids(earlier, later, changes)]
    shown = [p for p in items if isinstance(p, Priority) and shown_alone(p)]
    strongest = chains.reach(list(links), [p.id for p in shown])
    grounds = chains.grounds(index, [p.id for p in shown])
    return [Reached(p, strongest[p.id], grounds[p.id]) for p in shown]


def _by_topic(address: Address) -> dict[str, list[Priority]]:
    topics: dict[str, list[Priority]] = {}
    for pri in umbrellas(address):
        topics.setdefault(pri.topic, []).append(pri)
    return topics


def _changes(earlier: Address, later: Address) -> list[PriorityChange]:
    """One entry per priority that is no other's example: in both accounts (by topic), new in the
    later one, or not in it, with its emphasis shift and the examples listed under it. Every such
    priority has an entry, twins of one topic included (each paired with the other side's first)."""
    before, after = _by_topic(earlier), _by_topic(later)
    out: list[PriorityChange] = []
    for topic in [*before, *(t for t in after if t not in before)]:
        olds, news = before.get(topic, []), after.get(topic, [])
        for i in range(max(len(olds), len(news))):
            old = olds[min(i, len(olds) - 1)] if olds else None
            new = news[min(i, len(news) - 1)] if news else None
            shown = news[i] if i < len(news) else olds[i]
            change = Change.CONTINUED if old and new else (Change.NEW if new else Change.ABSENT)
            shift = None
            if old and new:
                delta = rank(old.emphasis) - rank(new.emphasis)
                shift = Shift.RAISED if delta > 0 else (Shift.LOWERED if delta < 0 else Shift.SAME)
            out.append(
                PriorityChange(
                    topic=topic,
                    change=change,
                    shown=shown,
                    earlier=old,
                    later=new,
                    shift=shift,
                    earlier_examples=tuple(e.title for e in examples_of(earlier, old)) if old else (),
                    later_examples=tuple(e.title for e in examples_of(later, new)) if new else (),
                )
            )
    out.sort(key=lambda c: (CHANGE_ORDER[c.change], rank((c.later or c.shown).emphasis)))
    return out


def _top(address: Address) -> Priority | None:
    first = umbrellas(address)
    return first[0] if first else None


def _tally(address: Address) -> Tally:
    items = len(umbrellas(address))
    return Tally(address.year, items, len(address.priorities) - items)


def _claims(index: Index, earlier: Address, later: Address) -> tuple[Claim, ...]:
    """The source's claims about both addresses (what it says of the change), then about one of them."""
    both = [c for c in index.model.claims if earlier.id in c.addresses and later.id in c.addresses]
    one = [c for c in index.model.claims if c not in both and {earlier.id, later.id} & set(c.addresses)]
    return (*both, *one)


def named_in_both(earlier: Address, later: Address, changes: tuple[PriorityChange, ...]) -> list[Shared]:
    """Actors that priorities of both addresses name, outside the priorities in both accounts,
    grouped by the pair of titles of the priorities (or their umbrellas) that name them."""
    continued = {p.id for c in changes if c.change == Change.CONTINUED for p in (c.earlier, c.later) if p}

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
    return [Shared(tuple(ids), old, new) for (old, new), ids in groups.items()]
