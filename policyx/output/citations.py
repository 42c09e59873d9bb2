"""Citation formats: the sources behind a record as plain text or BibTeX.

Owns how a ``Citation`` is written: one line per source in plain text, one entry per
source in BibTeX, with every special character escaped.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..model import Source
from ..views import Citation
from .text import clean, to_json, wrap

if TYPE_CHECKING:
    from . import Settings


def plain(source: Source) -> str:
    """One line: author (affiliation), “title”, outlet, date. Editor. URL."""
    parts = []
    if source.author:
        parts.append(source.author + (f" ({source.affiliation})" if source.affiliation else ""))
    parts.append(f"\u201c{source.title}\u201d")
    if source.outlet:
        parts.append(source.outlet)
    if source.published:
        parts.append(source.published)
    text = ", ".join(parts) + "."
    if source.editor:
        text += f" Editor named: {source.editor}."
    if source.url:
        text += f" {source.url}"
    return clean(text)


def short(source: Source) -> str:
    """A source in a few words: author, outlet (else title) and date; a source without an author, its title."""
    if not source.author:
        return clean(source.title)
    return clean(", ".join(x for x in (source.author, source.outlet or source.title, source.published) if x))


def plain_citation(citation: Citation) -> str:
    """The record, its basis and evidence, then one line per source."""
    head = f"{citation.record_id} ({citation.record_type}"
    head += f", basis: {citation.basis})" if citation.basis else ")"
    lines = [clean(head)]
    if citation.evidence:
        lines.append(clean(f"  evidence: \u201c{citation.evidence}\u201d"))
    if citation.note:
        lines.append(clean(f"  note: {citation.note}"))
    for source in citation.sources:
        role = "reference" if source.kind == "reference" else "source"
        lines.append(f"  {role}: {plain(source)}")
    return "\n".join(lines) + "\n"


_BIBTEX = {c: "\\" + c for c in "&%$#_{}"} | {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def _bib(text: str) -> str:
    """Text for a BibTeX field: every character BibTeX or LaTeX treats specially, escaped in one pass."""
    return "".join(_BIBTEX.get(c, c) for c in clean(text))


def bibtex(citation: Citation) -> str:
    """One BibTeX entry per source: @article for an article, @misc for a reference."""
    entries = []
    for source in citation.sources:
        fields: list[tuple[str, str]] = []
        if source.author:
            fields.append(("author", _bib(source.author)))
        fields.append(("title", "{" + _bib(source.title) + "}"))  # braced: styles keep its capitals
        if source.kind == "article" and source.outlet:
            fields.append(("journal", "{" + _bib(source.outlet) + "}"))
        if source.published:
            fields.append(("year", source.published[:4]))
            if len(source.published) >= 7:
                fields.append(("month", str(int(source.published[5:7]))))
        if source.editor:
            fields.append(("editor", _bib(source.editor)))
        if source.url:
            fields.append(("url", _bib(source.url)))
            fields.append(("howpublished", "\\url{" + _bib(source.url) + "}"))
        if source.note:
            fields.append(("note", _bib(source.note)))
        entry_type = "article" if source.kind == "article" else "misc"
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{entry_type}{{{source.id},\n{body}\n}}\n")
    return "\n".join(entries)


def write_text(citation: Citation, out: IO[str], settings: Settings) -> None:
    text = plain_citation(citation)
    out.write(wrap(text.rstrip("\n"), settings.width if settings.terminal else None) + "\n")


def write_bibtex(citation: Citation, out: IO[str], settings: Settings) -> None:
    out.write(bibtex(citation))


def csl(citation: Citation) -> list[dict[str, object]]:
    """CSL-JSON items, one per source, for Zotero, pandoc and citeproc."""
    items = []
    for source in citation.sources:
        item: dict[str, object] = {
            "id": source.id,
            "type": "article-newspaper" if source.kind == "article" else "document",
            "title": source.title,
        }
        if source.author:
            item["author"] = [_csl_name(source.author)]
        if source.editor:
            item["editor"] = [_csl_name(source.editor)]
        if source.outlet:
            item["container-title"] = source.outlet
        if source.published:
            item["issued"] = {"date-parts": [[int(part) for part in source.published.split("-")]]}
        if source.url:
            item["URL"] = source.url
        if source.note:
            item["note"] = source.note
        items.append(item)
    return items


def _csl_name(name: str) -> dict[str, str]:
    """A personal name as CSL's family and given parts (the last word is the family name)."""
    given, _, family = name.rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": name}


def write_csl_json(citation: Citation, out: IO[str], settings: Settings) -> None:
    out.write(to_json(csl(citation)) + "\n")
