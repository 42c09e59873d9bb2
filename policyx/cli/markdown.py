"""Markdown for the generated reference: a table cell, inline code, a heading's anchor, as the forge reads them."""

from __future__ import annotations

import re


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell (and plain in a paragraph)."""
    text = " ".join(text.split())
    for char in ("\\", "|", "*", "<"):
        text = text.replace(char, "\\" + char)
    return text


def code(text: str) -> str:
    return f"`{text}`"


# The CLI ------------------------------------------------------------------------------------------


def anchor(heading: str) -> str:
    """The anchor a forge gives a Markdown heading."""
    return "#" + re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
