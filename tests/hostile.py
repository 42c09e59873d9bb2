"""Small hostile inputs (each under 1 MB) that cost a naive program quadratic time or unbounded memory.

One generator per class the bounded-work guarantee names: many bad references, long lines, many line
breaks, sentence-free sources, dense graphs, dates at the ends of the calendar (huge widths are an
option, not an input: see tests/test_bounded.py). Each returns the text of a model (or of a source)
built on the fixture model, so every command has its usual records too. ``python -m tests.hostile DIR``
writes them all to DIR, to time them by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .conftest import FIXTURE_YAML

ONE_MB = 1_000_000
PROVENANCE = '"source": "art", "evidence": "Landia said", "basis": "stated"'


def _with(**collections: list[str]) -> str:
    """The fixture model with flow-style records (one per line, already JSON) added to its collections."""
    lines = FIXTURE_YAML.splitlines()
    for name, records in collections.items():
        at = lines.index(f"{name}:") + 1
        lines[at:at] = [f"  - {record}" for record in records]
    text = "\n".join(lines) + "\n"
    assert len(text.encode()) < ONE_MB, (len(text), collections.keys())
    return text


def _actor(actor_id: str, description: str = "An actor.") -> str:
    return (
        f'{{"id": "{actor_id}", "name": "Actor {actor_id}", "kind": "state", '
        f'"description": {json.dumps(description)}, {PROVENANCE}}}'
    )


def _relation(n: int, source: str, target: str, kind: str = "war") -> str:
    """A relation in as few bytes as YAML allows (8,000 of them stay under 1 MB)."""
    return (
        f"{{id: r{n},from: {source},to: {target},kind: {kind},score: {n % 21 - 10},summary: s,"
        "source: art,evidence: Landia said,basis: stated}"
    )


def bad_references(n: int = 1500) -> str:
    """``n`` actors with ids of one length and ``n`` relations, each from a misspelt one (one letter
    changed, so every misspelling has a suggestion and many look-alikes)."""
    ids = [f"actor-{i:05d}" for i in range(n)]
    actors = [_actor(actor_id) for actor_id in ids]
    relations = [_relation(i, actor_id.replace("actor", "actro"), "land") for i, actor_id in enumerate(ids)]
    return _with(actors=actors, relations=relations)


def line_breaks(n: int = 50_000) -> str:
    """One actor whose description is ``n`` short lines."""
    return _with(actors=[_actor("breaks", "word\n" * n)])


def long_line(size: int = 900_000) -> str:
    """One actor whose description is one line of ``size`` characters, words and one unbroken run."""
    words = ("word " * (size // 10))[: size // 2]
    return _with(actors=[_actor("long", words + "x" * (size // 2))])


def sentence_free_source(size: int = 1_000_000) -> str:
    """A source text of ``size`` characters with no sentence break: letters, spaces, no full stop."""
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    return (words * (size // len(words) + 1))[:size]


def many_sentences(size: int = 1_000_000) -> str:
    """A source text of ``size`` characters in short sentences (about 12,000 of them)."""
    sentence = "Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do eiusmod tempor. "
    return (sentence * (size // len(sentence) + 1))[:size]


def missing_excerpts(n: int = 50) -> str:
    """The fixture model with ``n`` more actors whose evidence is in no source text, and close to much of it."""
    actors = [
        _actor(f"miss{i}").replace('"Landia said"', json.dumps(f"lorem ipsum dolor zzz{i} amet")) for i in range(n)
    ]
    return _with(actors=actors)


def dense_graph(relations: int = 8000, actors: int = 200) -> str:
    """``relations`` relations around one actor (the fixture's Landia), with ``actors`` others."""
    ids = [f"x{i}" for i in range(actors)]
    return _with(
        actors=[_actor(actor_id) for actor_id in ids],
        relations=[_relation(i, "land", ids[i % actors]) for i in range(relations)],
    )


def extreme_dates(first: str = "0001-01-01", last: str = "9999-12-31") -> str:
    """The fixture model with an address, an event, a relation and a quote on the first and the last
    day of the calendar (the later address at the last, the earlier at the first)."""
    text = FIXTURE_YAML.replace('"2018-05-01"', f'"{first}"').replace("year: 2018", f"year: {int(first[:4])}")
    text = text.replace('date: "2024-02"\n    title: 2024 address', f'date: "{last}"\n    title: 2024 address')
    text = text.replace("year: 2024", f"year: {int(last[:4])}")
    text = text.replace('date: "2024-02-07"', f'date: "{last}"').replace('date: "2023"', f'date: "{first}"')
    text = text.replace('since: "2019"', f'since: "{first}"').replace('until: "2021"', f'until: "{last}"')
    return text.replace('    date: "2024-02"\n    themes: [unity]', f'    date: "{last}"\n    themes: [unity]')


MODELS = {
    "bad-references": bad_references,
    "line-breaks": line_breaks,
    "long-line": long_line,
    "missing-excerpts": missing_excerpts,
    "dense-graph": dense_graph,
    "extreme-dates": extreme_dates,
}


def write_all(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in MODELS.items():
        (folder / f"{name}.yaml").write_text(make(), encoding="utf-8")
    (folder / "sentence-free.txt").write_text(sentence_free_source(), encoding="utf-8")
    (folder / "many-sentences.txt").write_text(many_sentences(), encoding="utf-8")


if __name__ == "__main__":
    write_all(Path(sys.argv[1]))
