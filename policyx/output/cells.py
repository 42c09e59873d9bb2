"""The cells of the views' tables: a row's values as Rich text, with whose view each states.

Owns what every layout shares: actor ids shown as names, a voice said with its basis ("curator's
reading of ...", "as reported"), a cause's point, an address's heading, the source's words quoted
after a title, the curator's note, and the styles of emphasis and shift.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..columns import NAMED, TITLED
from ..views import Row, View
from .grid import as_text, plain, score_style
from .wording import CITED, LINKED_BY, NEAR_ONLY, dated, point, pulled, said_by
from .wording import policy_line as policy_words

if TYPE_CHECKING:
    from rich.text import Text


EMPHASIS_STYLE = {"overarching": "bold magenta", "major": "bold", "mentioned": "dim"}
SHIFT_STYLE = {"raised": "green", "lowered": "red"}


def text_of(value: object) -> str | None:
    """A field that holds text (or nothing), as such."""
    return value if isinstance(value, str) else None


def named(view: View, row: Row) -> Row:
    """A row with the actor ids of its NAMED columns replaced by names, and the record ids of its TITLED
    columns by titles, for a person to read."""
    names: dict[str, str] = view.meta.get("names", {})
    titles: dict[str, str] = view.meta.get("titles", {})
    if not names and not titles:
        return row
    out = dict(row)
    for column in TITLED & row.keys():
        if isinstance(value := row[column], str):
            out[column] = titles.get(value, value)
    for column in NAMED & row.keys():
        value = row[column]
        if isinstance(value, list):
            out[column] = [names.get(v, v) for v in value if isinstance(v, str)]
        elif isinstance(value, str):
            out[column] = names.get(value, value)
    quote = ("speaker" in row or row.get("section") == "quote") and "text" in row  # a quote's words are its
    if out.get("voice") and "basis" in row and not quote:  # speaker's; a reading is only where it was said
        reported = row.get("voice") in view.meta.get("reported", ())
        out["voice"] = said_by(text_of(out["voice"]), text_of(row["basis"]), reported=reported)
    elif out.get("voice") and quote and row.get("basis") == "inferred":  # the words are the speaker's
        out["voice"] = f"{out['voice']} (occasion: curator's reading)"
    if isinstance(of := row.get("pull_quote_of"), str) and out.get("voice"):  # printed apart: whose sentence
        out["voice"] = pulled(text_of(out.get("voice")), view.meta.get("pulled", {}).get(of))
    return out


def cells(row: Row, columns: Sequence[str]) -> list[Text]:
    out = []
    for column in columns:
        value = row.get(column)
        style = ""
        if column == "score":
            style = score_style(value)
        elif column in ("emphasis", "earlier_emphasis", "later_emphasis"):
            style = EMPHASIS_STYLE.get(str(value), "")
        out.append(as_text(value, style))
    return out


def point_of(view: View, row: Row) -> str | None:
    """Whose point a cause is (its cause record's voice and basis); how it is linked is said apart."""
    voice = row.get("cause_voice")
    name = view.meta.get("names", {}).get(voice, voice) if isinstance(voice, str) else None
    return point(name, text_of(row.get("cause_basis")), reported=voice in view.meta.get("reported", ()))


def voice_of(view: View, row: Row) -> Text:
    """'voice: NAME' in dim, or nothing for a row that is policyx's own (no voice)."""
    from rich.text import Text

    voice = named(view, row).get("voice")
    return Text(f"\nvoice: {plain(voice)}", style="dim") if voice else Text()


def address_heading(view: View, address_id: str, year: object) -> tuple[str, str]:
    """An address's table title (title, date, speaker) and its summary."""
    meta = view.meta.get("addresses", {}).get(address_id)
    if not meta:
        return f"{year} \u00b7 {address_id}", ""
    return f"{meta['title']} ({dated(meta['date'], meta.get('basis'))}, {meta['speaker']})", str(meta["summary"])


def citations(row: Row, cites: Sequence[tuple[str, str, str]]) -> Text:
    """One dim line per (label, evidence field, basis field) the row has, each starting a new line."""
    from rich.text import Text

    text = Text()
    for label, evidence, basis in cites:
        if row.get(evidence) is None:
            continue
        text.append("\n")
        quoted = (
            f"{label}\u201c{plain(row.get(evidence))}\u201d ({plain(CITED.get(str(row.get(basis)), row.get(basis)))})"
        )
        text.append(Text(quoted, style="dim italic"))
    return text


def reading(row: Row) -> Text:
    """The curator's note on a record: for an inferred one, their reading, so 'inferred' never stands
    unexplained; for another, what it corrects or adds (a wrong name in the source, a reference's fact)."""
    from rich.text import Text

    if not row.get("note"):
        return Text()
    label = "inferred" if row.get("basis") == "inferred" else "note"
    return Text(f"\n{label}: {plain(row['note'])}", style="dim")


def linked(row: Row) -> str:
    return f"linked by {LINKED_BY.get(str(row['path_basis']), '')}"


def policy_line(row: Row) -> Text:
    """For a link the curator reads from what the source gives behind a policy in general: a dim line
    naming that policy's record; else nothing."""
    from rich.text import Text

    policy, title = row.get("policy"), row.get("policy_title")
    line = policy_words(text_of(policy), text_of(row.get("policy_basis")), text_of(title))
    into_item = row.get("effect_type") == "priority" if "effect_type" in row else row.get("depth") == 1
    if line is None and into_item and row.get("basis") == "inferred":
        line = NEAR_ONLY
    return Text(f"\n{plain(line)}", style="dim") if line else Text()


def trimmed(text: str) -> str:
    """Text without the blanks a console pads its lines with."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
