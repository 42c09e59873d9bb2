"""The model cache: validated models stored by the content hash of their file.

Owns where cache files live (``POLICYX_CACHE_DIR``, else ``$XDG_CACHE_HOME/policyx``, else
``~/.cache/policyx``), their key (a hash of the file's bytes, the package version and the
schema version, so an edit is always seen, whatever its size or mtime), and reading and
writing them safely: writes are atomic, a corrupt, truncated or foreign file is ignored
(and later replaced), and an unwritable directory just means no cache.

The cache trusts nothing it reads: a cache file is used only when it is a regular file
(not a link, device or FIFO) owned by the user, within a size limit, in a directory that
only the user can write, with the right header, and with the exact shape of a validated
model (every record's fields and their types). Anything else is ignored and rewritten.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import stat
import typing
from pathlib import Path
from typing import Any

from .errors import OutputError
from .files import atomic, max_input_bytes
from .model import COLLECTIONS, RECORD_TYPES, SCHEMA_VERSION, SCHEMA_VERSIONS, Item, Priority
from .version import __version__

FORMAT = 1
MAGIC = f"policyx-cache {FORMAT} {__version__} {SCHEMA_VERSION}\n".encode()


def cache_dir() -> Path | None:
    """Where cache files go (None when there is no home to put them in: then there is no cache)."""
    explicit = os.environ.get("POLICYX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    try:
        base = Path(xdg) if xdg else Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no HOME and no passwd entry
        return None
    return base / "policyx"


def key(content: bytes) -> str:
    """The cache key of a model file's bytes."""
    digest = hashlib.blake2b(MAGIC, digest_size=20)
    digest.update(content)
    return digest.hexdigest()


def _path(cache_key: str) -> Path | None:
    where = cache_dir()
    return where / f"model-{cache_key}.bin" if where is not None else None


def _private(directory: Path) -> bool:
    """Is the directory the user's own, writable by no one else (so no one else planted a file)?"""
    try:
        info = os.lstat(directory)
    except OSError:
        return False
    owner = info.st_uid == os.geteuid() if hasattr(os, "geteuid") else True
    return stat.S_ISDIR(info.st_mode) and owner and not info.st_mode & 0o022


def _blob(path: Path) -> bytes | None:
    """A cache file's bytes if it is a regular file of the user's, no larger than the limit."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        mine = info.st_uid == os.geteuid() if hasattr(os, "geteuid") else True
        if not stat.S_ISREG(info.st_mode) or not mine or info.st_size > max_input_bytes() * 4:
            return None
        with os.fdopen(os.dup(fd), "rb") as src:
            return src.read(info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def read(cache_key: str) -> dict[str, Any] | None:
    """The validated data stored under ``cache_key``, or None (absent, untrusted, damaged or foreign)."""
    target = _path(cache_key)
    if target is None or not _private(target.parent):
        return None
    blob = _blob(target)
    if blob is None or not blob.startswith(MAGIC):
        return None
    try:
        data = marshal.loads(memoryview(blob)[len(MAGIC) :])
    except (EOFError, ValueError, TypeError):
        return None
    return data if _well_formed(data) else None


@functools.cache
def _shapes() -> dict[str, tuple[frozenset[str], dict[str, Any]]]:
    """For each collection: its records' field names, and what each field may hold."""
    hints = {}
    for coll, cls in RECORD_TYPES.items():
        fields = {k: v for k, v in typing.get_type_hints(cls).items() if k != "__dict__"}
        hints[coll] = (frozenset(fields), {k: _allowed(v) for k, v in fields.items()})
    priority_fields = {k: v for k, v in typing.get_type_hints(Priority).items()}
    hints["priorities"] = (frozenset(priority_fields), {k: _allowed(v) for k, v in priority_fields.items()})
    return hints


def _allowed(annotation: Any) -> Any:
    """What a field of this annotation may hold: a tuple of types, or ("list", item types)."""
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return ("list", _allowed(item))
    if isinstance(annotation, type) and issubclass(annotation, Item):
        return (dict,)  # a nested record (a priority): its fields are checked by the caller
    args = typing.get_args(annotation) or (annotation,)
    return tuple(type(None) if a is None else a for a in args)


def _fits(value: Any, allowed: Any) -> bool:
    if allowed[0] == "list":
        return isinstance(value, list) and all(_fits(v, allowed[1]) for v in value)
    if type(value) is bool and bool not in allowed:  # True is an int to isinstance, not to a model
        return False
    return isinstance(value, allowed)


def _well_formed(data: Any) -> bool:
    """Has the cached data exactly the shape of a validated model?"""
    if not isinstance(data, dict) or data.get("schema_version") not in SCHEMA_VERSIONS:
        return False
    files = data.get("files")
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return False
    shapes = _shapes()
    for coll in COLLECTIONS:
        records = data.get(coll)
        if not isinstance(records, list):
            return False
        for rec in records:
            if not _record_fits(rec, shapes[coll]):
                return False
            if coll == "addresses" and not all(_record_fits(p, shapes["priorities"]) for p in rec["priorities"]):
                return False
    return True


def _record_fits(rec: Any, shape: tuple[frozenset[str], dict[str, Any]]) -> bool:
    names, allowed = shape
    return isinstance(rec, dict) and rec.keys() == names and all(_fits(rec[k], allowed[k]) for k in names)


def write(cache_key: str, data: dict[str, Any]) -> bool:
    """Store validated data atomically; False (and nothing left behind) if it cannot be written."""
    target = _path(cache_key)
    if target is None:
        return False
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(target.parent):  # others could plant files there: no cache at all
            return False
        with atomic(target, force=True, mode=0o600) as tmp, tmp.open("wb") as out:
            out.write(MAGIC)
            out.write(marshal.dumps(data))
        return True
    except (OSError, ValueError, OutputError):
        return False
