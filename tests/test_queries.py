"""The queries return facts: asserted as data here, apart from how any output words or draws them."""

from __future__ import annotations

import pytest

import policyx
from policyx import queries
from policyx.lookup import in_date_order
from policyx.results import Change, Shift, Tally

from .conftest import FIXTURE_V2_YAML, FIXTURE_YAML


@pytest.fixture
def v2() -> policyx.Index:
    return policyx.Index(policyx.load_text(FIXTURE_V2_YAML))


@pytest.fixture
def v1() -> policyx.Index:
    return policyx.Index(policyx.load_text(FIXTURE_YAML))


def test_a_comparison_pairs_items_by_topic_and_says_how_each_fared(v2: policyx.Index) -> None:
    c = queries.comparison(v2, "2024", "2018")  # any order: the earlier address comes first
    assert (c.earlier.id, c.later.id) == ("speech-2018", "speech-2024")
    assert [(x.topic, x.change, x.shown.id, x.shift) for x in c.changes] == [
        ("bloc", Change.NEW, "p24-bloc", None),
        ("trade", Change.ABSENT, "p18-trade", None),
    ]
    assert (c.count(Change.NEW), c.count(Change.CONTINUED), c.count(Change.ABSENT)) == (1, 0, 1)
    assert c.tallies == (Tally(2018, 1, 0), Tally(2024, 1, 0))
    assert [t.id if t else None for t in c.tops] == ["p18-trade", "p24-bloc"]
    assert [claim.id for claim in c.claims] == ["cl-shift"]
    assert c.shared == () and c.reported == ("leader",)


def test_a_comparison_carries_the_chain_behind_what_changed_with_each_path_basis(v2: policyx.Index) -> None:
    c = queries.comparison(v2, "2018", "2024")
    assert [(x["id"], x["depth"], x["basis"], x["path_basis"]) for x in c.links] == [
        ("why-support-bloc", 1, "stated", "stated"),
        ("why-war-support", 2, "inferred", "inferred"),  # as strong as its weakest link
    ]
    assert [(r.priority.id, r.path_basis) for r in c.reached] == [("p24-bloc", "stated"), ("p18-trade", None)]


def test_continued_items_say_how_their_weight_moved(v1: policyx.Index) -> None:
    c = queries.comparison(v1, "2018", "2024")
    assert [(x.topic, x.change, x.shift) for x in c.changes] == [
        ("bloc", Change.CONTINUED, Shift.RAISED),
        ("unity", Change.NEW, None),
        ("trade", Change.ABSENT, None),
    ]
    assert c.shifted(Shift.RAISED) == ["Ties with the Northern Bloc"] and c.shifted(Shift.LOWERED) == []


def test_why_links_follow_the_chain_back_from_a_topic(v2: policyx.Index) -> None:
    assert [(x["id"], x["depth"], x["cause_type"], x["effect_type"]) for x in queries.why_links(v2, "bloc")] == [
        ("why-support-bloc", 1, "claim", "priority"),
        ("why-war-support", 2, "event", "claim"),
    ]
    assert queries.why_links(v2, "trade") == []


def test_why_says_what_kind_of_thing_its_steps_count_to(v2: policyx.Index) -> None:
    asked = [queries.why(v2, target) for target in ("bloc", "p24-bloc", "land")]
    assert [(r.name, r.kind) for r in asked] == [
        ("bloc", "topic"),
        ("Ties with the Northern Bloc", "record"),
        ("Landia", "actor"),
    ]


def test_one_order_of_addresses_and_one_weighing_of_priorities(v2: policyx.Index) -> None:
    assert [a.id for a in in_date_order(reversed(v2.model.addresses))] == ["speech-2018", "speech-2024"]
    assert [p.id for p in queries.ranked(v2.model.addresses[0].priorities)] == ["p18-trade"]
    assert [queries.rank(e) for e in ("overarching", "major", "mentioned")] == [0, 1, 2]


def test_listings_select_and_order_records(v1: policyx.Index) -> None:
    assert [r["id"] for r in queries.relations(v1, min_score=-5).rows] == ["r-land-bloc", "r-rival-land"]
    assert [r["id"] for r in queries.timeline(v1).rows] == ["e-war", "e-summit", "e-election"]
    assert [(h["type"], h["id"], h["field"]) for h in queries.search(v1, "bloc summit").rows][:2] == [
        ("event", "e-summit", "title"),
        ("actor", "bloc", "name"),
    ]


def test_the_package_names_are_its_queries_each_imported_on_first_use() -> None:
    """Every public name resolves (from the module ``HOMES`` says), the queries named like their module stay
    the queries once those modules are imported, and the fields of each view are its module's columns."""
    import importlib
    import inspect

    from policyx.queries import actors as actors_query

    assert sorted(queries.__all__) == sorted([*queries._HOME, "FIELDS", "counts"])
    assert set(queries.__all__) <= set(dir(queries))  # the names not imported yet among them
    for name in queries.__all__:
        value = getattr(queries, name)
        assert not inspect.ismodule(value), name
    assert inspect.isfunction(actors_query)  # the query, as before: the package's attribute, not its module
    for name in ("actors", "priorities", "search", "timeline", "why"):
        importlib.import_module(f"policyx.queries.{name}")
        assert inspect.isfunction(getattr(queries, name)), name
    assert queries.FIELDS["actor"] is importlib.import_module("policyx.queries.actors").PROFILE_COLUMNS
    assert list(queries.FIELDS) == ["priorities", "compare", "why", "actor", "actors", "themes", "relations"] + [
        "timeline",
        "quotes",
        "search",
    ]
