"""The one vocabulary of voice and basis: how every view and format says whose view a record
states, on what basis, and how strong a chain of causes is.

Owns the plain words for the model's codes. A record the source states is its voice's
(the author's or the outlet's own; a speaker's "as reported"); a record with a reference's
fact keeps its voice and says so; a reading is the curator's, never shown in an author's
bare voice. A cause shown as leading to a change carries the basis of its whole path: a
chain is as strong as its weakest link.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..brief_data import Commands
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
    source gives behind the policy in general, and which of its examples have links of their own."""
    if strongest == "stated":
        return None
    grounds = grounds or no_grounds()
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
    general, links = grounds["general"], grounds["links"]
    if not general:
        return (
            f"The source gives considerations around \u201c{title}\u201d, in no causal words, and does not tie "
            f"them to this item of the address; {TIES[strongest]} ties them to it."
        )
    if general >= links:
        return (
            f"The curator reads the reasons linked to \u201c{title}\u201d as ones the source gives for {IN_GENERAL}, "
            f"not for this item of the address, and ties them to it."
        )
    tie = (
        "The curator ties them all to it."
        if strongest == "inferred"
        else f"{TIES[strongest].capitalize()} or the curator ties each to it."
    )
    return (
        f"Of the {count(links)} reasons linked to \u201c{title}\u201d, the curator reads {count(general)} as given by "
        f"the source for {IN_GENERAL}, not for this item of the address; the source sets the rest around it, "
        f"in no causal words. {tie}"
    )


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count(n: int) -> str:
    """A small count in words ("two"), a larger one in figures."""
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def quoted_list(titles: list[str]) -> str:
    """Titles in quotation marks, joined: \u201cA\u201d, \u201cB\u201d and \u201cC\u201d."""
    quoted = [f"\u201c{t}\u201d" for t in titles]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


WHOSE_CAUSE = "whose cause"
"""The label of whose view a cause record states (``point``), in every view of a chain."""
WHOSE_LINK = "whose link"
"""The label of whose view a link from cause to effect states (``said_by`` of the link)."""
WHOLE_CHAIN = "whole chain"
"""The label of who links a cause to what was asked, along the whole chain (its weakest link)."""
IN_GENERAL = "the policy in general"
"""What a reason the curator reads from the source's account of a policy as a whole is given for."""
FOR_POLICY = "the curator reads it as the source's reason for the policy in general"
"""Said of one link that names, as its ``policy``, the record of the policy it rests on."""


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
GENERAL = f"The curator reads these as the source's reasons for {IN_GENERAL}, not this item"
"""The first words under "Why ...?" when the curator reads every reason shown from what the source gives
behind the policy in general (``chains.grounds``)."""
MIXED = "No stated link reaches it; each reason says how it is linked"
"""The words under "Why ...?" when the reasons shown reach the change on different bases, none stated."""
NOT_SAID = "The source gives considerations around it, in no causal words"
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
    the voice is a speaker the source reports ('Ilham Aliyev, as reported (stated in the source)')."""
    words = f"{voice}'s words as reported" if reported else f"{voice}'s words"
    if basis == "inferred":
        return f"the curator's reading of {words}" if voice else "the curator's reading of the source"
    if basis == "context":
        return f"a fact from a reference, on {words}" if voice else "the source's words, with a fact from a reference"
    if basis == "count":
        return "worked out by policyx from the curator's coding"
    if not voice:
        return "stated in the source"
    return f"{voice}, as reported (stated in the source)" if reported else f"{voice} (stated in the source)"


def path(basis: str | None) -> str:
    """How strong a cause's whole path to the change is, in words."""
    return PATH.get(basis or "", "")


def unexplained(
    title: str, strongest: str | None, grounds: Grounds | None = None, absent_from: int | None = None
) -> str | None:
    """The plain statement for a changed item no stated path of causes reaches (None when one does)."""
    return statement(title, strongest, grounds=grounds, absent_from=absent_from)


def why_lead(strongest: str, general: int = 0, shown: int = 0) -> str:
    """The sentence under "Why ...?" when every reason shown reaches the change on one basis, not stated:
    ``general`` of the ``shown`` reasons the curator reads from what the source gives behind the policy
    in general (all: those words; some: how many; none: the considerations the source sets around it)."""
    if general and general >= shown:
        return GENERAL
    if general:
        return f"The curator ties these to it, reading {count(general)} as given by the source for {IN_GENERAL}"
    return f"{NOT_SAID}; {TIES[strongest]} ties them to it"


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
