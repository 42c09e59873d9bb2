"""The HTML pages' common ground: the templates folder and one Jinja2 environment (autoescaping on).

Owns how every page policyx writes (the brief's, the coverage's) is templated: autoescaped,
strict about undefined names, and with the whitespace rules the templates are written for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"


def environment() -> jinja2.Environment:
    """A Jinja2 environment over the templates: autoescaped, strict, whitespace trimmed."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
