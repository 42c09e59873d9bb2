"""Citation formats: the sources behind records as plain text, BibTeX or CSL-JSON.

Owns how ``Citation``s are written: one line per source in plain text; in BibTeX and CSL-JSON
one entry per source, each source once however many of the records cited rest on it. BibTeX
is what LaTeX users paste into their ``.bib``: every special character of a text field
escaped, the ``url`` field as url.sty and biblatex read it (raw), the curator's notes left out
(they are about the model, not the source), and an entry without an author given a ``key`` for
styles that label and sort by it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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


def credit(source: Source) -> str:
    """A source in a few words with its author's affiliation in a few (where the model gives them):
    'Cavid Veliyev (Baku think tank), Daily Sabah (Turkey), 2024'; else as ``short``."""
    if not source.author or not getattr(source, "affiliation_short", None):
        return short(source)
    author = f"{source.author} ({source.affiliation_short})"
    return clean(", ".join(x for x in (author, source.outlet or source.title, source.published) if x))


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


_BIBTEX = {c: "\\" + c for c in "&%$#_"} | {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\^{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
}
"""Each character BibTeX or LaTeX reads as syntax, as LaTeX writes it. A brace is a command, never ``\\{``:
BibTeX counts braces without regard to backslashes, so ``\\}`` would still close the field (and text
after it could add a field of its own); every brace written is one of a balanced ``{}``."""
_URL = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}
"""What a URL cannot hold raw in a BibTeX field (an unbalanced brace ends it), percent-encoded as
RFC 3986 has it; every other character stays as it is, since biblatex reads the field verbatim and
``\\url`` (url.sty) takes ``%``, ``#``, ``&``, ``_`` and ``~`` as they are."""


def _bib(text: str) -> str:
    """Text for a BibTeX field: every character BibTeX or LaTeX treats specially, escaped in one pass."""
    return "".join(_BIBTEX.get(c, c) for c in clean(text))


def _bib_url(url: str) -> str:
    """A URL for BibTeX's ``url`` field: raw, but for the few characters a field cannot hold."""
    return "".join(_URL.get(c, c) for c in clean(url))


def _key(source: Source) -> str:
    """A label for a source without an author (a reference): its title up to the first colon, comma or
    parenthesis, which is what it is called (``Organization of Turkic States``)."""
    return re.split(r":|,|\s\(", source.title, maxsplit=1)[0].strip() or source.title


def cited_sources(citations: Citation | Sequence[Citation]) -> list[Source]:
    """Every source the citations rest on, each once, in the order first cited."""
    chosen = [citations] if isinstance(citations, Citation) else citations
    unique: dict[str, Source] = {}
    for citation in chosen:
        for source in citation.sources:
            unique.setdefault(source.id, source)
    return list(unique.values())


def bibtex_entry(source: Source) -> str:
    """One BibTeX entry: @article for an article, @misc for a reference (with a ``key`` when it has no
    author); the URL in ``url`` alone, so that no style prints it twice."""
    fields: list[tuple[str, str]] = []
    if source.author:
        fields.append(("author", _bib(source.author)))
    else:
        fields.append(("key", _bib(_key(source))))
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
        fields.append(("url", _bib_url(source.url)))
    entry_type = "article" if source.kind == "article" else "misc"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{source.id},\n{body}\n}}\n"


def bibtex(citations: Citation | Sequence[Citation]) -> str:
    """The BibTeX entries of every source the citations rest on, each once (a .bib file takes them as
    they are)."""
    return "\n".join(bibtex_entry(source) for source in cited_sources(citations))


def write_text(citations: Citation | Sequence[Citation], out: IO[str], settings: Settings) -> None:
    chosen = [citations] if isinstance(citations, Citation) else citations
    text = "\n".join(plain_citation(citation) for citation in chosen)
    out.write(wrap(text.rstrip("\n"), settings.width if settings.terminal else None) + "\n")


def write_bibtex(citations: Citation | Sequence[Citation], out: IO[str], settings: Settings) -> None:
    out.write(bibtex(citations))


def csl(citations: Citation | Sequence[Citation]) -> list[dict[str, object]]:
    """CSL-JSON items, one per source (each once), for Zotero, pandoc and citeproc."""
    items = []
    for source in cited_sources(citations):
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


def write_csl_json(citations: Citation | Sequence[Citation], out: IO[str], settings: Settings) -> None:
    out.write(to_json(csl(citations)) + "\n")
