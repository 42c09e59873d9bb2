"""Citations: the source(s) behind any record.

Owns what a record rests on: its ``source`` and, for a ``context`` record, the
``reference`` the added fact comes from (a source cites itself). How a citation is
written (plain text, BibTeX) is ``output.citations``'.
"""

from __future__ import annotations

from .lookup import Index
from .model import Record, Source
from .views import Citation


def cite(index: Index, record_id: str) -> Citation:
    """The citation of the record with this id (a source cites itself)."""
    kind, rec = index.record(record_id)
    by_id = {s.id: s for s in index.model.sources}
    if isinstance(rec, Source):
        return Citation(rec.id, kind, None, None, rec.note, [rec])
    assert isinstance(rec, Record)
    ids = [rec.source] + ([rec.reference] if rec.reference else [])
    return Citation(rec.id, kind, rec.basis, rec.evidence, rec.note, [by_id[i] for i in ids if i in by_id])
