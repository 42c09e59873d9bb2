"""The model cache: validated models stored by the content hash of their file.

Owns where cache files live (``POLICYX_CACHE_DIR``, else ``$XDG_CACHE_HOME/policyx``, else
``~/.cache/policyx``), their key (a hash of the file's bytes, the package version and the
schema version, so an edit is always seen, whatever its size or mtime), and reading and
writing them safely: writes are atomic, a corrupt, truncated or foreign file is ignored
(and later replaced), and an unwritable directory just means no cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

from .errors import OutputError
from .files import atomic
from .model import COLLECTIONS, SCHEMA_VERSION, SCHEMA_VERSIONS
from .version import __version__

FORMAT = 1
MAGIC = f"policyx-cache {FORMAT} {__version__} {SCHEMA_VERSION}\n".encode()


def cache_dir() -> Path:
    """Where cache files go."""
    explicit = os.environ.get("POLICYX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "policyx"


def key(content: bytes) -> str:
    """The cache key of a model file's bytes."""
    digest = hashlib.blake2b(MAGIC, digest_size=20)
    digest.update(content)
    return digest.hexdigest()


def _path(cache_key: str) -> Path:
    return cache_dir() / f"model-{cache_key}.bin"


def read(cache_key: str) -> dict[str, Any] | None:
    """The validated data stored under ``cache_key``, or None (absent, unreadable or corrupt)."""
    try:
        blob = _path(cache_key).read_bytes()
    except OSError:
        return None
    if not blob.startswith(MAGIC):
        return None
    try:
        data = marshal.loads(memoryview(blob)[len(MAGIC) :])
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("schema_version") not in SCHEMA_VERSIONS:
        return None
    if not all(isinstance(data.get(c), list) for c in COLLECTIONS):
        return None
    return data


def write(cache_key: str, data: dict[str, Any]) -> bool:
    """Store validated data atomically; False (and nothing left behind) if it cannot be written."""
    target = _path(cache_key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic(target, force=True, mode=0o600) as tmp, tmp.open("wb") as out:
            out.write(MAGIC)
            out.write(marshal.dumps(data))
        return True
    except (OSError, ValueError, OutputError):
        return False
