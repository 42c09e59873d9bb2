"""policyx: explore a country's foreign policy from a curated, sourced YAML model.

The library API: ``policyx.load(path)`` returns a validated ``Model``;
``policyx.errors`` holds the exceptions it raises. The command line lives in ``policyx.cli``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .model import Model


def load(data: Any = None, *, use_cache: bool = True) -> Model:
    """Load and validate a model file (default: $POLICYX_DATA, else the shipped model)."""
    from .loader import load as _load

    return _load(data, use_cache=use_cache)


__all__ = ["__version__", "load"]
