"""The loader: which file is read, and a validated model out of it, from the cache when it can.

Owns resolving the data file (``--data``, ``POLICYX_DATA``, the shipped model), reading and
decoding it (a clear error for a missing file, a directory or bytes that are not UTF-8),
and the order of work: the cache answers when it holds this exact content; otherwise the
YAML is read (``yamlread``), validated (``validate``) and the result cached.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

from . import cache
from .errors import DataError, Problem
from .model import Model, model_from_data

ENV_DATA = "POLICYX_DATA"


def shipped_model_path() -> Path:
    """The model that ships with policyx (inside the wheel, or data/ in a source checkout)."""
    inside = Path(__file__).parent / "data" / "policy.yaml"
    if inside.is_file():
        return inside
    return Path(__file__).resolve().parent.parent / "data" / "policy.yaml"


def resolve_path(data: str | os.PathLike[str] | None = None) -> Path:
    """The data file to read: the argument, else $POLICYX_DATA, else the shipped model."""
    if data is not None and str(data) != "":
        return Path(data)
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env)
    return shipped_model_path()


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or a DataError naming it."""
    name = str(path)
    if path.is_dir():
        raise DataError([Problem(name, 0, 0, "is a directory, not a policy file")])
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, 0, 0, "no such file")]) from None
    except OSError as err:
        raise DataError([Problem(name, 0, 0, f"cannot read: {err.strerror or err}")]) from None


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is allowed), or a DataError at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DataError(
            [Problem(name, line, column, f"not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded")]
        ) from None


def read_text(path: Path) -> str:
    """A text file's contents as UTF-8, or a DataError naming it."""
    return decode(read_bytes(path), str(path))


def _validated(text: str, file: str) -> dict[str, Any]:
    from .validate import validate
    from .yamlread import build

    data, root_mark, problems = build(text, file)
    if data is None:
        raise DataError(problems)
    return validate(data, root_mark, text, file, problems)


def load_text(text: str, file: str = "<text>") -> Model:
    """Validate a model from YAML text (no cache); raise DataError with every problem found."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return model_from_data(_validated(text, file))
    finally:
        if enabled:
            gc.enable()


def load(data: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Model:
    """Load and validate the model at ``data`` (or $POLICYX_DATA, or the shipped model)."""
    path = resolve_path(data)
    name = str(path)
    raw = read_bytes(path)
    cache_key = cache.key(raw) if use_cache else ""
    enabled = gc.isenabled()
    gc.disable()  # building millions of small objects: the collector would only slow it down
    try:
        cached = cache.read(cache_key) if use_cache else None
        if cached is not None:
            return model_from_data(cached)
        fields = _validated(decode(raw, name), name)
        del raw
        if use_cache:
            cache.write(cache_key, fields)
        return model_from_data(fields)
    finally:
        if enabled:
            gc.enable()
