"""Every field of every view is declared once in ``policyx.columns``: what it holds, for every output."""

from __future__ import annotations

from policyx.columns import COLUMNS, NAMED, column
from policyx.queries import FIELDS

TEXTS = {
    "address_title",
    "aliases",
    "cause_title",
    "earlier_evidence",
    "earlier_examples",
    "effect_title",
    "evidence",
    "example_of",
    "later_evidence",
    "later_examples",
    "note",
    "offsets",
    "outlet",
    "policy_title",
    "snippet",
    "statement",
    "themes",
}
"""The fields that hold ordinary text (wrapped between words, labelled when stacked)."""


def test_every_field_of_every_view_is_declared_or_plain_text() -> None:
    fields = {name for columns in FIELDS.values() for name in columns}
    assert sorted(fields - set(COLUMNS)) == sorted(TEXTS)


def test_a_field_means_one_thing_in_every_view() -> None:
    assert column("score").numeric and column("score").whole
    assert column("voice").actors and column("voice").whole and not column("actors").whole
    assert column("title").own and not column("title").whole
    assert column("never-declared") == column("evidence")
    assert NAMED == {"actors", "from", "to", "speaker", "voice", "cause_voice", "counterpart"}
