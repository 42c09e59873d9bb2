"""Synthetic, schema-valid policy models of a given size, with a fixed seed.

The proportions follow a curated model: many relations and events, fewer actors, a few
themes and sources, priorities grouped ten to an address; every record references others
(actors, themes, events, sources), as real models do.
"""

from __future__ import annotations

import random
from pathlib import Path

SHARES = {"actors": 0.12, "relations": 0.30, "events": 0.25, "quotes": 0.15, "priorities": 0.14, "themes": 0.02}
EMPHASES = ["overarching", "major", "major", "mentioned", "mentioned", "mentioned"]
RELATION_KINDS = ["support", "rivalry", "alignment", "pressure", "cooperation", "membership", "opposition"]
EVENT_KINDS = ["summit", "election", "conference", "decision", "declaration", "war"]
ACTOR_KINDS = ["state", "organisation", "person", "group", "institution", "forum", "region"]
WORDS = (
    "cooperation security energy corridor summit defence trade alliance border neighbour region "
    "partnership treaty council assembly union policy dialogue solidarity influence sanction"
).split()


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _date(rng: random.Random) -> str:
    year = rng.randint(1990, 2024)
    precision = rng.random()
    if precision < 0.2:
        return f"{year}"
    if precision < 0.5:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _prov(rng: random.Random, lines: list[str], pad: str, sources: int) -> None:
    lines.append(f"{pad}source: s{rng.randrange(sources)}")
    lines.append(f'{pad}evidence: "{_text(rng, 8).lower()}"')
    lines.append(f"{pad}basis: stated")


def generate(records: int, seed: int = 7) -> str:
    """YAML text of a valid model with about ``records`` records."""
    rng = random.Random(seed)
    count = {k: max(2, int(records * share)) for k, share in SHARES.items()}
    sources = max(2, records // 100)
    lines = ["schema_version: 1", "sources:"]
    for i in range(sources):
        lines += [f"  - id: s{i}", "    kind: article", f"    title: {_text(rng, 5)}", f'    published: "{_date(rng)}"']
    lines.append("themes:")
    for i in range(count["themes"]):
        lines += [f"  - id: t{i}", f"    name: {_text(rng, 2)}", f"    description: {_text(rng, 8)}"]
        _prov(rng, lines, "    ", sources)
    lines.append("actors:")
    for i in range(count["actors"]):
        lines += [
            f"  - id: a{i}",
            f"    name: {_text(rng, 2)} {i}",
            f"    kind: {rng.choice(ACTOR_KINDS)}",
            f"    aliases: [A{i}, {_text(rng, 1)} {i}]",
            f"    description: {_text(rng, 10)}",
        ]
        _prov(rng, lines, "    ", sources)
    actors, themes, events = count["actors"], count["themes"], count["events"]
    lines.append("events:")
    for i in range(events):
        lines += [
            f"  - id: e{i}",
            f"    title: {_text(rng, 4)}",
            f"    kind: {rng.choice(EVENT_KINDS)}",
            f'    date: "{_date(rng)}"',
            f"    actors: [a{rng.randrange(actors)}, a{rng.randrange(actors)}]",
            f"    themes: [t{rng.randrange(themes)}]",
            f"    summary: {_text(rng, 10)}",
        ]
        _prov(rng, lines, "    ", sources)
    lines.append("relations:")
    for i in range(count["relations"]):
        lines += [
            f"  - id: r{i}",
            f"    from: a{rng.randrange(actors)}",
            f"    to: a{rng.randrange(actors)}",
            f"    kind: {rng.choice(RELATION_KINDS)}",
            f"    score: {rng.randint(-10, 10)}",
            f"    summary: {_text(rng, 8)}",
        ]
        _prov(rng, lines, "    ", sources)
    lines.append("quotes:")
    for i in range(count["quotes"]):
        lines += [
            f"  - id: q{i}",
            f'    text: "{_text(rng, 12)}"',
            f"    speaker: a{rng.randrange(actors)}",
            f"    occasion: e{rng.randrange(events)}",
            f"    themes: [t{rng.randrange(themes)}]",
        ]
        _prov(rng, lines, "    ", sources)
    lines.append("addresses:")
    per_address = 10
    for k in range(max(1, count["priorities"] // per_address)):
        year = 1990 + k % 35
        lines += [
            f"  - id: addr{k}",
            f"    year: {year}",
            f'    date: "{year}-0{1 + k % 9}"',
            f"    title: Address {k}",
            f"    speaker: a{rng.randrange(actors)}",
            f"    summary: {_text(rng, 10)}",
        ]
        _prov(rng, lines, "    ", sources)
        lines.append("    priorities:")
        for j in range(per_address):
            lines += [
                f"      - id: p{k}-{j}",
                f"        topic: topic{j}",
                f"        title: {_text(rng, 5)}",
                f"        emphasis: {rng.choice(EMPHASES)}",
                f"        themes: [t{rng.randrange(themes)}]",
                f"        actors: [a{rng.randrange(actors)}, a{rng.randrange(actors)}]",
            ]
            _prov(rng, lines, "        ", sources)
    return "\n".join(lines) + "\n"


def write(path: Path, records: int, seed: int = 7) -> Path:
    """Write a model of about ``records`` records to ``path`` (kept if already there)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(generate(records, seed), encoding="utf-8")
        tmp.replace(path)
    return path
