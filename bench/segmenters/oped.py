"""An English op-ed written for this measurement (invented: its people, places and figures are made up),
as paragraphs of sentences: the gold segmentation. ``text()`` lays it out as a source text would come,
headline and byline on lines of their own, paragraphs hard-wrapped at 72 columns and separated by blank
lines; ``text(wrap=False)`` puts each paragraph on one line."""

from __future__ import annotations

import textwrap

PARAGRAPHS: list[list[str]] = [
    ["The harbour deal is a test Norland cannot afford to fail"],
    ["By Dr. Maren T. Holt"],
    [
        "When the U.S. and the E.U. signed their port accords in 2019, few in Norland paid attention.",
        "Five years on, the bill has come due.",
        "The government of Prime Minister J. K. Arvid now wants to lease the northern harbour at St. Ives "
        "Bay to a consortium led by Halden Ltd. for 40 years.",
        "Is that wise?",
        "I think not, and the reasons are worth setting out.",
    ],
    [
        "Start with the money.",
        "The consortium offers $3.4 billion up front, roughly 2.5% of national output.",
        "That sounds like a lot (it is more than the defence budget).",
        "But the ministry's own figures, published on Jan. 12, show the harbour earning about "
        "$310 million a year already.",
        "Over four decades, that is far more than the lump sum, even after inflation.",
    ],
    [
        "Then there is security.",
        "“A port is not a shopping centre,” Gen. Sofia Lind, the former chief of staff, told parliament last week.",
        "“Whoever runs the cranes knows what comes in and what goes out.”",
        "She is right.",
        "Ships of the Northern Fleet still dock at Pier No. 4, and the lease says nothing about them.",
    ],
    [
        "Supporters of the deal make three arguments: that the harbour needs investment, that the "
        "consortium will bring jobs, and that Norland's neighbours have done the same.",
        "The first is true.",
        "The second is doubtful; the last comparable lease, at Vesthavn, added 120 jobs, not the 2,000 promised.",
        "The third is an argument for caution, not haste!",
        "Vesthavn's operator, owned in part by a state fund abroad, has twice closed the port to "
        "inspectors (in 2021 and again in 2023).",
    ],
    [
        "Mr. Arvid says the alternative is decline.",
        "It is not.",
        "Norland could borrow at 3.1 percent, i.e. less than the consortium's own cost of capital, and "
        "modernise the harbour itself.",
        "Other small states, e.g. Kelmar and the Saar Islands, have done exactly that.",
        "Their ports are busier today than they were in 2010.",
    ],
    [
        "None of this means Norland should shut its doors.",
        "Trade is its lifeblood, as it has been since the days of the Hanseatic merchants.",
        "But a lease of 40 years outlasts four governments, and perhaps eight ministers of transport.",
        "Parliament votes on Thursday at 10 a.m.",
        "It should ask for the full contract, vs. the four-page summary it was given, and it should say "
        "no until it has read it.",
    ],
    [
        "The prime minister likes to quote an old proverb: “Who owns the harbour owns the town.”",
        "He should take it more seriously than he does...",
        "Norland's harbour is not for rent.",
    ],
    [
        "“Why now?” a reporter asked the minister on Friday.",
        "He had no answer beyond the consortium's deadline, set for the end of the month by its chairman, "
        "Sen. Paul Ekdahl, Ph.D., a former ally of Mr. Arvid.",
        "The deadline, like the 40 years, like the $3.4 billion, was chosen in the U.S.",
        "Norland had no say in it.",
        "(The consortium's lawyers are in New York, not in Østby.)",
        "2031 is when the first review would fall, if the contract has one at all... nobody outside the cabinet knows.",
        "Cranes, berths, customs sheds, etc. would all pass to Halden Ltd.",
        "What would remain is the flag on the harbour master's office.",
    ],
    ["Dr. Holt teaches maritime law at the University of Østby."],
]


def text(*, wrap: bool = True) -> str:
    """The op-ed as a source text: paragraphs apart by a blank line, hard-wrapped (or one line each)."""
    blocks = []
    for sentences in PARAGRAPHS:
        block = " ".join(sentences)
        blocks.append(textwrap.fill(block, 72, break_on_hyphens=False, break_long_words=False) if wrap else block)
    return "\n\n".join(blocks) + "\n"


def gold() -> list[str]:
    """Every sentence, in order."""
    return [s for sentences in PARAGRAPHS for s in sentences]
