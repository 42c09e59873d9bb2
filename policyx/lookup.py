"""Lookup of user input against a model: names, themes, addresses, dates, and the model's indexes.

Owns how what a person types finds a record: actors by id, name or alias (ignoring case
and accents, in tiers: exact, prefix, word prefixes), themes by id or name, addresses by
year or id, any record by id, and dates typed as YYYY, YYYY-MM or YYYY-MM-DD; and the
``Index`` of a model those lookups share, built lazily, once per model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property

from .errors import Ambiguous, BadValue, NotFound, did_you_mean
from .model import Actor, Address, Event, Item, Model, PartialDate, Priority, Theme, walk


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, for matching names and searching."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


DATES = "YYYY, YYYY-MM or YYYY-MM-DD"
"""How a date is typed on the command line."""


def check_date(text: str) -> PartialDate:
    """A typed date, or BadValue saying what is wrong with it and how a date is written."""
    try:
        return PartialDate.parse(text)
    except ValueError as err:
        how = "" if "YYYY" in str(err) else f"; write {DATES}"
        raise BadValue(f"{err}{how}") from None


def parse_date(text: str, what: str) -> PartialDate:
    """A typed date, or BadValue naming what it was for (``what``: "the start date", say)."""
    try:
        return check_date(text)
    except BadValue as err:
        raise BadValue(f"{what}: {err}") from None


def one_of(value: str, choices: Sequence[str], what: str, plural: str) -> str:
    """A filter's value if it is one of ``choices``, else BadValue listing them all (the one message every
    filter of a closed vocabulary gives): 'no kind 'x' (did you mean 'y'?); kinds: a, b, c'."""
    if value in choices:
        return value
    raise BadValue(f"no {what} {value!r}{did_you_mean(value, choices)}; {plural}: {', '.join(choices)}")


def overlaps(start: str | None, end: str | None, lo: PartialDate | None, hi: PartialDate | None) -> bool:
    """Does [start, end] (either may be open) overlap [lo, hi] (either may be open)?"""
    if lo is not None and end is not None and PartialDate.parse(end).last_day() < lo.first_day():
        return False
    if hi is not None and start is not None and PartialDate.parse(start).first_day() > hi.last_day():
        return False
    return True


def display_date(date: str | None, qualifier: str | None = None, end: str | None = None) -> str:
    """A date as written (never padded to a day), with its qualifier ("before 2024-02-07") and end."""
    if not date:
        return ""
    text = f"{qualifier} {date}" if qualifier else date
    return f"{text}..{end}" if end else text


def in_date_order(addresses: Iterable[Address]) -> list[Address]:
    """Addresses oldest first (by their dates as written; by id on the same date): the one order of
    addresses every view uses."""
    return sorted(addresses, key=lambda a: (PartialDate.parse(a.date), a.id))


def _word_match(key: str, name: str) -> bool:
    """Does every word of ``key`` start a word of ``name``?"""
    words = re.findall(r"\w+", name)
    return all(any(w.startswith(k) for w in words) for k in re.findall(r"\w+", key))


class Index:
    """Lookups over one model, each built on first use."""

    def __init__(self, model: Model) -> None:
        self.model = model

    @cached_property
    def actors(self) -> dict[str, Actor]:
        return {a.id: a for a in self.model.actors}

    @cached_property
    def priorities(self) -> list[tuple[Address, Priority]]:
        return [(a, p) for a in self.model.addresses for p in a.priorities]

    @cached_property
    def events(self) -> dict[str, Event]:
        return {e.id: e for e in self.model.events}

    @cached_property
    def address_of(self) -> dict[str, Address]:
        """Each priority's address, by the priority's id."""
        return {p.id: a for a, p in self.priorities}

    @cached_property
    def records(self) -> dict[str, tuple[str, Item]]:
        """Every record by id, with its kind."""
        return {rec.id: (kind, rec) for kind, rec in walk(self.model)}

    @cached_property
    def actor_names(self) -> dict[str, set[str]]:
        """Folded id, name and alias -> actor ids."""
        names: dict[str, set[str]] = {}
        for actor in self.model.actors:
            for name in (actor.id, actor.name, *actor.aliases):
                names.setdefault(fold(name), set()).add(actor.id)
        return names

    def actor(self, name: str) -> Actor:
        """Resolve an actor by id, name or alias, ignoring case and accents.

        An exact id wins outright. Otherwise the best tier that matches decides: an exact
        id, name or alias; else one that starts with the text (``turkic`` -> Turkic states);
        else one in which every word of the text starts a word (``turkic org`` ->
        Organization of Turkic States). Two actors in the best tier are ambiguous.
        """
        if name in self.actors:  # an exact id needs no name index (scripts pass ids)
            return self.actors[name]
        key = fold(name.strip())
        names = self.actor_names
        tiers: tuple[Callable[[], set[str]], ...] = (
            lambda: set(names.get(key, ())),
            lambda: {aid for n, ids in names.items() if n.startswith(key) for aid in ids},
            lambda: {aid for n, ids in names.items() if _word_match(key, n) for aid in ids},
        )
        for tier in tiers:
            found = tier() if key else set()
            if len(found) == 1:
                return self.actors[found.pop()]
            if found:
                listed = ", ".join(f"{c} ({self.actors[c].name})" for c in sorted(found))
                raise Ambiguous(f"actor {name!r} is ambiguous: {listed}")
        raise NotFound(f"no actor {name!r}{did_you_mean(key, self.actor_names)}")

    def actor_filter(self, name: str) -> Actor:
        """An actor a filter names (``--actor``, ``--voice``, ``--speaker``): as ``actor``, but a name that
        finds none, or more than one, is a bad value, said with the actors it could be."""
        try:
            return self.actor(name)
        except Ambiguous as err:
            raise BadValue(str(err)) from None
        except NotFound as err:
            raise BadValue(f"{err}; actors: {', '.join(self.actors)}") from None

    def theme_filter(self, name: str) -> Theme:
        """A theme a filter names: as ``theme``, but one the model lacks is a bad value (said with every theme)."""
        try:
            return self.theme(name)
        except NotFound as err:
            raise BadValue(str(err)) from None

    def year_filter(self, year: int | str) -> int:
        """A year a filter names (``--year``): one with an address, else a bad value said with those years."""
        years = ", ".join(map(str, self.years()))
        text = str(year).strip()
        if not (text.isascii() and text.isdigit()):
            raise BadValue(f"{text!r} is not a year; years with addresses: {years}")
        try:
            self.check_year(int(text))
        except NotFound as err:
            raise BadValue(str(err)) from None
        return int(text)

    def theme(self, name: str) -> Theme:
        """Resolve a theme by id or name (case-insensitive)."""
        key = fold(name.strip())
        for theme in self.model.themes:
            if key in (theme.id, fold(theme.name)):
                return theme
        choices = [t.id for t in self.model.themes]
        raise NotFound(f"no theme {name!r}{did_you_mean(key, choices)}; themes: {', '.join(choices)}")

    def record(self, record_id: str) -> tuple[str, Item]:
        """Any record by id, with its kind."""
        if record_id not in self.records:
            raise NotFound(f"no record {record_id!r}{did_you_mean(record_id, self.records)}")
        return self.records[record_id]

    def actor_name(self, actor_id: str | None) -> str:
        """An actor's name for an id (the id itself if unknown, '' for none)."""
        if actor_id is None:
            return ""
        return self.actors[actor_id].name if actor_id in self.actors else actor_id

    def reported(self, actor_id: str | None) -> bool:
        """Is this voice someone a source reports (a speaker), rather than a source's own author or outlet?"""
        if actor_id is None or actor_id not in self.actors:
            return False
        name = self.actors[actor_id].name
        own = [x for s in self.model.sources for x in (s.author, s.outlet) if x]
        return not any(o == name or o.startswith(name + " (") for o in own)

    def years(self) -> list[int]:
        """The years that have an address, in order."""
        return sorted({a.year for a in self.model.addresses})

    def check_year(self, year: int) -> None:
        """NotFound unless some address is of this year."""
        if year not in self.years():
            raise NotFound(f"no address in {year}; years with addresses: {', '.join(map(str, self.years()))}")

    def address(self, key: str) -> Address:
        """An address by id, or the single address of a year."""
        for address in self.model.addresses:
            if address.id == key:
                return address
        years = ", ".join(map(str, self.years()))
        if not (key.isascii() and key.isdigit()) or len(key) > 4:
            ids = ", ".join(a.id for a in self.model.addresses)
            raise NotFound(f"no address {key!r}; give a year ({years}) or an id ({ids})")
        year = int(key)
        self.check_year(year)
        found = [a for a in self.model.addresses if a.year == year]
        if len(found) > 1:
            raise Ambiguous(f"{len(found)} addresses in {year}; name one by id: {', '.join(a.id for a in found)}")
        return found[0]
