"""policyx: explore a country's foreign policy from a curated, sourced YAML model.

The library API, for use without the command line:

- ``load(path)`` returns a validated ``Model`` (``load_text(yaml)`` from a string);
- ``Index(model)`` looks names up; the ``queries`` module turns an index into ``View``
  rows (``queries.timeline(index)``, ...) or typed results (``queries.comparison(index, "2018", "2024")``,
  ``queries.why(index, "ots")``, which ``output.comparison.compare_view`` and ``output.why_view.why_view``
  turn into the rows of ``policyx compare`` and ``policyx why``);
- ``errors`` holds the exceptions every call may raise (all ``PolicyxError``).

The command line lives in ``policyx.cli``. Names are imported on first use, so importing
the package costs nothing.
"""

from __future__ import annotations

from .version import __version__

TYPE_CHECKING = False  # not typing's: importing typing would cost the script's first milliseconds
if TYPE_CHECKING:
    from typing import Any

    from . import errors, queries
    from .errors import PolicyxError
    from .loader import load, load_text
    from .lookup import Index
    from .model import Model
    from .views import View

_LAZY = {
    "load": ("loader", "load"),
    "load_text": ("loader", "load_text"),
    "Model": ("model", "Model"),
    "Index": ("lookup", "Index"),
    "View": ("views", "View"),
    "PolicyxError": ("errors", "PolicyxError"),
    "queries": ("queries", None),
    "errors": ("errors", None),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'policyx' has no attribute {name!r}")
    module, attr = _LAZY[name]
    import importlib

    loaded = importlib.import_module(f"{__name__}.{module}")
    return loaded if attr is None else getattr(loaded, attr)


__all__ = ["Index", "Model", "PolicyxError", "View", "__version__", "errors", "load", "load_text", "queries"]
