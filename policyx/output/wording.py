"""The one vocabulary of voice and basis: how every view and format says whose view a record
states, on what basis, and how strong a chain of causes is.

Owns the plain words for the model's codes. A record the source states is its voice's
(the author's or the outlet's own; a speaker's "as reported"); a record with a reference's
fact keeps its voice and says so; a reading is the curator's, never shown in an author's
bare voice. A cause shown as leading to a change carries the basis of its whole path: a
chain is as strong as its weakest link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..brief_data import Commands, LinkDetail
from ..views import Grounds, no_grounds

LINKED_BY = {"stated": "the source", "context": "a reference", "inferred": "the curator"}
"""Who links a cause to the change along its whole path."""
TIES = {"context": "a reference's fact", "inferred": "the curator"}


def statement(
    title: str,
    strongest: str | None,
    *,
    absent_from: int | None = None,
    under: str | None = None,
    under_linked: bool = True,
    grounds: Grounds | None = None,
) -> str | None:
    """The plain sentence for a changed item no link the source states reaches (None when one does);
    ``absent_from``: the year of the account the item (of the earlier address) is not in; ``under``:
    the item an example is listed under (``under_linked``: a link leads to that item); ``grounds``: how
    the links into it rest on the source (``chains.grounds``): how many the curator reads from what the
    source gives behind the policy in general, which of its examples have links of their own, and what
    bears on it that the source does not tie to it (named last)."""
    grounds = grounds or no_grounds()
    said = _statement(title, strongest, absent_from, under, under_linked, grounds)
    if said is None or not grounds["see"]:
        return said
    it = "it" if len(grounds["see"]) == 1 else "any of it"
    named = [f"{x['title']}{SEEN_BASIS.get(x['basis'], '')}" for x in grounds["see"]]
    return f"{said} The source also reports, without tying {it} to this item: {'; '.join(named)}."


SEEN_BASIS = {"inferred": " (the curator's reading)", "context": " (with a reference's fact)"}
"""Said after a record named in an item's ``see`` that is not the source's own words alone."""


def _statement(
    title: str, strongest: str | None, absent_from: int | None, under: str | None, under_linked: bool, grounds: Grounds
) -> str | None:
    if strongest == "stated":
        return None
    if strongest is None and under is not None:
        if not under_linked:
            return (
                f"The source gives no reason for \u201c{title}\u201d, nor for the item it is listed under, "
                f"\u201c{under}\u201d."
            )
        return (
            f"The source gives no reason for \u201c{title}\u201d itself; see the item it is listed under, "
            f"\u201c{under}\u201d."
        )
    if strongest is None and absent_from is not None:
        return f"The source gives no reason of its own why \u201c{title}\u201d is not in its account of {absent_from}."
    if strongest is None and grounds["examples"]:
        examples = grounds["examples"]
        which = "its example" if len(examples) == 1 else f"{count(len(examples))} of its examples"
        return (
            f"The source gives no reason for \u201c{title}\u201d as a whole; the model links reasons to {which}: "
            f"{quoted_list(examples)}."
        )
    if strongest is None:
        return f"The source gives no reason for \u201c{title}\u201d."
    return _grounded(title, strongest, grounds)


def _grounded(title: str, strongest: str, grounds: Grounds) -> str:
    """How the reasons linked to an item reach it when the source states none of those links: the
    source gives them for the policy in general, the curator reads them as given for it, or the source
    sets them around the item in no causal words; each kind counted where they are mixed."""
    given, read, around = kinds(grounds)
    tie = TIES[strongest]
    one = grounds["links"] == 1
    reasons, them, their = ("the reason", "it", "its") if one else ("the reasons", "them", "their")
    if not given and not read:
        return (
            f"{reasons.capitalize()} linked to \u201c{title}\u201d: the source puts {them} near the item in the "
            f"text, with no causal word; {tie} ties {them} to the item."
        )
    if not read and not around:
        return (
            f"The source explains {IN_GENERAL}, not \u201c{title}\u201d, this item of the address, with "
            f"{reasons} linked to it; {their} tie to the item is the curator's."  # a policy is named on readings only
        )
    if not given and not around:
        are = "is one" if one else "are ones"
        return (
            f"The source explains {IN_GENERAL}, not \u201c{title}\u201d, this item of the address; that {reasons} "
            f"linked to it {are} it gives, and {their} tie to the item, is the curator's reading."
        )
    such = "such a reason" if read == 1 else "such reasons"  # after the source's own: read as one of them
    as_read = such if given else f"{_reasons(read)} the source gives for {IN_GENERAL}"
    parts = [
        *([f"the source gives {count(given)} as {_reasons(given)} for {IN_GENERAL}"] if given else []),
        *([f"the curator reads {count(read)} as {as_read}"] if read else []),
        *([f"the source only puts {count(around)} near it in the text, with no causal word"] if around else []),
    ]
    two = grounds["links"] == 2
    ties = (
        f"The curator ties {'both' if two else 'them all'} to it."
        if strongest == "inferred"
        else f"{tie.capitalize()} or the curator ties each to it."
    )
    return (
        f"Of the {count(grounds['links'])} reasons linked to \u201c{title}\u201d, {joined(parts)}; the source ties "
        f"{'neither' if two else 'none'} of them to this item of the address. {ties}"
    )


def _reasons(n: int) -> str:
    return "a reason" if n == 1 else "reasons"


def kinds(grounds: Grounds) -> tuple[int, int, int]:
    """How many of the links into an item the source gives for the policy in general, how many the
    curator reads as given for it, and how many the source sets around the item."""
    given = grounds["general_stated"]
    return given, grounds["general"] - given, grounds["links"] - grounds["general"]


Kind = Literal["given", "read", "around"]
"""How one link into an item rests on the source: given for the policy in general in causal words, read
by the curator as given for it, or set around the item (no policy named)."""


def kind_of(policy: str | None, policy_basis: str | None) -> Kind:
    """The kind of one link, from its ``policy`` and ``policy_basis``."""
    if not policy:
        return "around"
    return "given" if policy_basis == "stated" else "read"


KIND_LINE = {
    "given": "the source gives it as a reason for the policy in general",
    "read": "the curator reads it as a reason the source gives for the policy in general",
}
"""Said of one link that names, as its ``policy``, the record of the policy it rests on: whether the source
joins the reason to that policy in causal words, or the curator reads it so."""
KIND_ONE = {
    "given": "the source's reason for the policy in general",
    "read": "read as the source's reason for the policy in general",
    "around": "only near it in the text",
}
"""A link's kind in a few words, where reasons of more than one kind are listed together."""


def policy_line(policy: str | None, policy_basis: str | None, title: str | None) -> str | None:
    """The line under a link that names the policy in general it rests on (None: it names none)."""
    kind = kind_of(policy, policy_basis)
    if kind == "around":
        return None
    return f"{KIND_LINE[kind]}, which the model sums up as: {title or policy}"


NEAR_ONLY = "the source puts it only near this item in the text, with no causal word and for no policy it names"
"""Said of one link the curator reads into an item of an address that names no policy in general."""


def joined(parts: list[str]) -> str:
    """Phrases joined as in a sentence: 'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count(n: int) -> str:
    """A small count in words ("two"), a larger one in figures."""
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def quoted_list(titles: list[str]) -> str:
    """Titles in quotation marks, joined: \u201cA\u201d, \u201cB\u201d and \u201cC\u201d."""
    return joined([f"\u201c{t}\u201d" for t in titles])


VIEW_OF_CAUSE = "view of the cause"
"""The label of whose view a cause record states (``point``), in every view of a chain."""
VIEW_OF_LINK = "view of the link"
"""The label of whose view a link from cause to effect states (``said_by`` of the link)."""
WHOLE_CHAIN = "whole chain"
"""The label of who links a cause to what was asked, along the whole chain (its weakest link)."""
CURATOR = "\u201cThe curator\u201d is whoever coded the source into this model, not its author or editor."
"""Who "the curator" is, said once where a view names the curator's readings."""
IN_GENERAL = "the policy in general"
"""What a reason the source gives for a policy as a whole, not for an item of the address, is given for."""


SHORT = {"stated": "stated", "context": "with a reference's fact", "inferred": "curator's reading"}
"""A record's basis in a word or two, where room is short (the screen's brief)."""
CITED = {
    "stated": "stated",
    "context": "the source's words, with a reference's fact",
    "inferred": "the source's words, read by the curator",
}
"""What a quoted excerpt is, after the quote: the source's words, however the record uses them."""
LINKED = {
    "stated": "linked by the source",
    "context": "linked through a reference",
    "inferred": "linked by the curator",
}
"""A chain's basis in a few words: who links the cause to the change."""
MIXED = "No stated link reaches it; each reason says how it is linked"
"""The words under "Why ...?" when the reasons shown reach the change on different bases, none stated."""
NOT_SAID = "The source puts these near it in the text, with no causal word"
"""The first words under "Why ...?" when no link the source states reaches the change, nor the policy."""
PATH = {
    "stated": "the source states every link",
    "context": "one link is a fact from a reference",
    "inferred": "the curator's reading links it",
}
"""A chain's basis (its weakest link) in words."""


def said_by(voice: str | None, basis: str | None, *, reported: bool = False) -> str | None:
    """Whose view a record states, for a table cell: the voice for what the source states ("as
    reported" when the source reports someone else's words), with a reference's fact added (a
    day, a body's correct name, a fact the source implies), or as the curator's reading."""
    if basis == "inferred":
        return f"curator's reading of {voice}'s words" if voice else "curator's reading"
    if basis == "context":  # the source's words, a fact added from a reference (a day, a body's name)
        return f"{voice} + a reference's fact" if voice else "a reference's fact"
    return f"{voice}, as reported" if voice and reported else voice


def by(voice: str | None, basis: str | None, *, reported: bool = False) -> str:
    """Whose view and on what basis, as a phrase: 'Cavid Veliyev (stated in the source)'; ``reported``:
    the voice is a speaker the source reports ('Ilham Aliyev, as reported in the source')."""
    if basis in ("inferred", "context"):  # the table's words (``said_by``), in every view
        return said_by(voice, basis, reported=reported) or ""
    if basis == "count":
        return "worked out by policyx from the curator's coding"
    if not voice:
        return "stated in the source"
    return f"{voice}, as reported in the source" if reported else f"{voice} (stated in the source)"


def path(basis: str | None) -> str:
    """How strong a cause's whole path to the change is, in words."""
    return PATH.get(basis or "", "")


def unexplained(
    title: str, strongest: str | None, grounds: Grounds | None = None, absent_from: int | None = None
) -> str | None:
    """The plain statement for a changed item no stated path of causes reaches (None when one does)."""
    return statement(title, strongest, grounds=grounds, absent_from=absent_from)


def why_lead(
    strongest: str,
    kind: Kind = "around",
    year: int | str | None = None,
    name: str | Sequence[str] | None = None,
    voice: str | None = None,
) -> str:
    """The sentence under "Why ...?" when every reason shown reaches the change on one basis, not stated,
    and is of one ``kind``: the source's reason for the policy in general, read by the curator as one,
    or only near the change in the text; ``year``: the later address's (the curator ties them to it);
    ``name``: the policy (or policies) they rest on, in a few words, where the model gives them; ``voice``:
    whose points they all are, where one person's, stated (the reasons then need not say it one by one):
    the sentence then says apart what is that person's (the points) and what is the curator's (the tie)."""
    item = f"this {year} item" if year is not None else "this item"
    names = [name] if isinstance(name, str) else list(name or ())
    policy = f"{joined(names)} in general" if names else IN_GENERAL
    if voice:  # whose the points are, said first; then what the source says, and what the curator reads
        makes = f"{voice} makes these points"
        if kind == "given":
            return (
                f"{makes}, which the source gives as reasons for {policy}, not for {item}; the curator ties them to it"
            )
        if kind == "read":  # in the words of each link's own line (KIND_LINE), said once for them all
            return f"{makes}; the curator reads them as reasons the source gives for {policy}, and ties them to {item}"
        return f"{makes} near {item} in the text, with no causal word; {TIES[strongest]} ties them to it"
    if kind == "given":
        return f"The source explains {policy} with these reasons, not {item}; their tie to the item is the curator's"
    if kind == "read":
        return (
            f"The source explains {policy}, not {item}; that these are the reasons it gives, and their tie to "
            "the item, is the curator's reading"
        )
    return f"{NOT_SAID}; {TIES[strongest]} ties them to it"


OTHER_KIND = {
    "given": "given for the policy in general",
    "read": "read from the policy in general",
    "around": "only near it",
}
"""The kinds of an item's links other than the kind of those shown, in the fewest words (the brief's pointer)."""


def policy_named(links: Sequence[LinkDetail]) -> list[str] | None:
    """The policies these links rest on, in a few words each, in the order of the links: None unless every
    link names a policy with a ``policy_name``."""
    if not links or any(not x["policy"] or not x["policy_name"] for x in links):
        return None
    return list(dict.fromkeys(str(x["policy_name"]) for x in links))


def tally(grounds: Grounds, shown: Kind | None = None) -> str:
    """The links of an item of other kinds than ``shown`` (the one kind of the reasons shown), for a
    pointer to all of them: '1 only near it' (every kind, where those shown are of more than one)."""
    named = zip(kinds(grounds), ("given", "read", "around"), strict=True)
    return ", ".join(f"{n} {OTHER_KIND[kind]}" for n, kind in named if n and kind != shown)


def pulled(voice: str | None, of: str | None) -> str:
    """Whose view a pull quote states: the one who printed it, and whose sentence it repeats
    ('Daily Sabah, in a pull quote repeating Cavid Veliyev's sentence')."""
    printed = f"{voice}, in a pull quote" if voice else "a pull quote"
    return f"{printed} repeating {of}'s sentence" if of else f"{printed} repeating the text's own sentence"


def point(voice: str | None, basis: str | None, *, reported: bool = False) -> str | None:
    """Whose point a cause is: "Cavid Veliyev's point" for what the source states, else what it is."""
    if basis == "stated" and voice:
        return f"{voice}'s point, as reported" if reported else f"{voice}'s point"
    return said_by(voice, basis, reported=reported)


DATE_READ = "the date: curator's reading"
"""Said under an event whose date (or a part of it, such as the year) the source does not give."""


def dated(date: str, basis: str | None) -> str:
    """An address's date, marked when the record's basis says a fact of it (the day) is a reference's."""
    return f"{date} per a reference" if basis == "context" else date


def as_reported(voice: str, reported: bool) -> str:
    """A voice by name, "as reported" when the source reports the speaker's words: 'Ilham Aliyev, as reported'."""
    return f"{voice}, as reported" if reported else voice


# --------------------------------------------------------------------------- the brief

ONE_WAY = "\u2192"
"""From one to the other: the earlier address to the later, a cause to its effect, a relation one way."""
BOTH_WAYS = "\u2194"
"""A mutual relation."""
ARROWS = {False: ONE_WAY, True: BOTH_WAYS}
"""A relation's arrow, by whether it is mutual."""
CHANGE_LABELS = {
    "continued": "in both accounts",
    "new-in-later-account": "new in the later account",
    "not-in-later-account": "not in the later account",
}
"""How a priority changed between the two accounts, in words."""


def brief_title(earlier: str, later: str) -> str:
    """The brief's title, from the two addresses' titles."""
    return f"What changed, and why: {earlier} {ONE_WAY} {later}"


@dataclass(frozen=True)
class CommandLines:
    """Where to look next from a brief, as a reader types it: each command line by what it shows."""

    compare: str
    """The comparison of the two addresses, every row of it."""
    why: str
    """The causes behind the change the brief explains first."""
    actor: str
    """The causes around the brief's main actor."""
    page: str
    """The whole brief as a page."""


def command_lines(commands: Commands) -> CommandLines:
    """The command lines of a brief's "where to look next", from what each names."""
    addresses = f"{commands.earlier} {commands.later}"
    return CommandLines(
        compare=f"policyx compare {addresses}",
        why=f"policyx why {commands.why}",
        actor=f"policyx why {commands.actor}",
        page=f"policyx brief {addresses} --export brief.html",
    )
