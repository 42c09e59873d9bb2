"""Chains of causes: which recorded links lead to a set of records, and how strong each path is.

Owns the search behind ``why``, ``compare``'s Why and the brief: every cause link that leads,
directly or through other links, to the target records; how far each is from them (its
``depth``); and its *path basis*, the basis of the weakest link on the strongest path from
the link to a target. A chain is as strong as its weakest link: a cause the source states,
tied to a priority only by the curator's reading, has the path basis ``inferred``. Cycles
cannot occur (``validate`` refuses a chain of causes that leads back to where it started:
``model.cycle``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .lookup import Index, display_date
from .model import Cause, Event, Item, Priority, Relation
from .views import Grounds, LinkRow, Seen

STRENGTH = {"inferred": 0, "context": 1, "stated": 2}
"""Bases from weakest to strongest: a path is as strong as its weakest link."""
BY_STRENGTH = {rank: basis for basis, rank in STRENGTH.items()}


def record_title(rec: Item) -> str:
    """What a person calls a record: its title or name, else its summary, else its id."""
    for name in ("title", "name", "summary", "text"):
        value = getattr(rec, name, None)
        if isinstance(value, str) and value:
            return str(value).rstrip(".")
    return rec.id


def record_date(index: Index, rec: Item) -> str | None:
    """When a record happened or began, as written (None when the source gives no date)."""
    if isinstance(rec, Event):  # "before 2024-02-07" where the source gives no day, only an order
        return display_date(rec.date, rec.date_qualifier, rec.end)
    if isinstance(rec, Relation):
        return rec.since
    if isinstance(rec, Priority):
        owner = index.address_of.get(rec.id)
        return owner.date if owner else None
    return None


def path_strength(causes: Iterable[Cause], targets: Iterable[str]) -> dict[str, int]:
    """Each link's path strength: the weakest basis on the strongest path from it to a target.

    A link into a target has its own basis; a link into another record is as strong as the
    weaker of its own basis and the strongest path on from that record.
    """
    best: dict[str, int] = dict.fromkeys(targets, STRENGTH["stated"])
    links = list(causes)
    strength: dict[str, int] = {}
    changed = True
    while changed:  # a fixed point: at most one pass per link on the longest chain, and no cycles
        changed = False
        for link in links:
            onward = best.get(link.effect)
            if onward is None:
                continue
            value = min(STRENGTH[link.basis], onward)
            if strength.get(link.id, -1) < value:
                strength[link.id] = value
                changed = True
            if best.get(link.cause, -1) < value:
                best[link.cause] = value
                changed = True
    return strength


def chain(index: Index, targets: Iterable[str]) -> list[LinkRow]:
    """Every cause behind the target records, followed back through the records that caused them.

    Direct causes come first (the nearest to a target), then those behind them, each step in the
    curator's order (the file's); each cause once, at its shortest distance from a target (its
    ``depth``), with its ``path_basis``.
    """
    wanted = list(dict.fromkeys(targets))
    by_effect: dict[str, list[Cause]] = {}
    for cause in index.model.causes:
        by_effect.setdefault(cause.effect, []).append(cause)
    depth: dict[str, int] = {}
    frontier = wanted
    seen_effects = set(frontier)
    level = 0
    while frontier:
        level += 1
        following: list[str] = []
        for effect in frontier:
            for cause in by_effect.get(effect, ()):
                depth[cause.id] = level
                if cause.cause not in seen_effects:
                    seen_effects.add(cause.cause)
                    following.append(cause.cause)
        frontier = following
    links = [cause for cause in index.model.causes if cause.id in depth]
    strength = path_strength(links, wanted)
    steps = policy_steps(index)
    rows = [_row(index, cause, depth[cause.id], BY_STRENGTH[strength[cause.id]], steps) for cause in links]
    rows.sort(key=lambda r: r["depth"])  # stable: the curator's order (the file's) within each step
    return rows


def reach(rows: Iterable[LinkRow], targets: Iterable[str]) -> dict[str, str | None]:
    """Each target's strongest link in from the ``chain`` rows: its basis, or None for no link."""
    best: dict[str, int] = {}
    for row in rows:
        if row["depth"] == 1:
            best[row["effect"]] = max(best.get(row["effect"], -1), STRENGTH[row["basis"]])
    return {t: BY_STRENGTH[best[t]] if t in best else None for t in targets}


def grounds(index: Index, targets: Iterable[str]) -> dict[str, Grounds]:
    """For each target, how the links into it rest on the source (one pass over the causes): how many
    lead to it directly; how many of those the curator reads from what the source gives behind a policy
    in general (naming, as their ``policy``, the record that states it), the rest being set around the
    target in no causal words, or stated; and which examples listed under it links reach directly."""
    wanted = list(dict.fromkeys(targets))
    links = dict.fromkeys(wanted, 0)
    general = dict.fromkeys(wanted, 0)
    stated = dict.fromkeys(wanted, 0)
    steps = policy_steps(index)
    linked: set[str] = set()
    for c in index.model.causes:
        linked.add(c.effect)
        if c.effect in links:
            links[c.effect] += 1
            if c.policy is not None and c.basis != "stated":
                general[c.effect] += 1
                stated[c.effect] += steps.get((c.cause, c.policy)) == "stated"
    examples: dict[str, list[str]] = {t: [] for t in wanted}
    see: dict[str, list[Seen]] = {t: [] for t in wanted}
    for _, p in index.priorities:
        if p.example_of in examples and p.id in linked:
            examples[p.example_of].append(record_title(p))
        if p.id in see:
            seen = [index.records[r][1] for r in p.see]
            see[p.id] = [Seen(title=record_title(rec), basis=getattr(rec, "basis", "stated")) for rec in seen]
    return {
        t: Grounds(links=links[t], general=general[t], general_stated=stated[t], examples=examples[t], see=see[t])
        for t in wanted
    }


def policy_steps(index: Index) -> dict[tuple[str, str], str]:
    """The basis of the model's link from each cause to each policy a link names (its strongest, where
    there are several): how the source joins a reason to the policy in general the curator reads it from."""
    policies = {(c.cause, c.policy) for c in index.model.causes if c.policy is not None}
    out: dict[tuple[str, str], str] = {}
    for c in index.model.causes:
        key = (c.cause, c.effect)
        if key in policies and STRENGTH[c.basis] > STRENGTH.get(out.get(key, ""), -1):
            out[key] = c.basis
    return out


def link_row(index: Index, cause: Cause, steps: dict[tuple[str, str], str]) -> LinkRow:
    """One link on its own (no target): its path is the link itself (``steps``: ``policy_steps``)."""
    return _row(index, cause, 1, cause.basis, steps)


def _row(index: Index, cause: Cause, depth: int, path_basis: str, steps: dict[tuple[str, str], str]) -> LinkRow:
    cause_kind, cause_rec = index.record(cause.cause)
    effect_kind, effect_rec = index.record(cause.effect)
    return LinkRow(
        id=cause.id,
        depth=depth,
        path_basis=path_basis,
        cause=cause.cause,
        cause_type=cause_kind,
        cause_title=record_title(cause_rec),
        cause_date=record_date(index, cause_rec),
        cause_voice=getattr(cause_rec, "voice", None),
        cause_basis=getattr(cause_rec, "basis", None),
        effect=cause.effect,
        effect_type=effect_kind,
        effect_title=record_title(effect_rec),
        summary=cause.summary,
        voice=cause.voice,
        basis=cause.basis,
        evidence=cause.evidence,
        source=cause.source,
        reference=cause.reference,
        note=cause.note,
        policy=cause.policy,
        policy_title=record_title(index.records[cause.policy][1]) if cause.policy else None,
        policy_basis=steps.get((cause.cause, cause.policy), "inferred") if cause.policy else None,
    )
