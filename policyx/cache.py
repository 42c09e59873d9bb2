"""The model cache: validated models stored by the content hash of their file.

Owns where cache files live (``POLICYX_CACHE_DIR``, else ``$XDG_CACHE_HOME/policyx``, else
``~/.cache/policyx``), their key (a hash of the file's bytes, the package version and the
schema version, so an edit is always seen, whatever its size or mtime), and reading and
writing them safely: writes are atomic, a corrupt, truncated or foreign file is ignored
(and later replaced), and an unwritable directory just means no cache.

The cache trusts nothing it reads: a cache file is used only when it is a regular file
(not a link, device or FIFO) owned by the user, within a size limit, in a directory that
only the user can write, with the right header, and sealed: its payload carries a keyed
BLAKE2b MAC under a secret kept (mode 0600) in that directory, so a file policyx did not
write itself, or one damaged since, is never unpacked. The unpacked data must then have a
model's top-level shape. Anything else is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import secrets
import stat
import time
from pathlib import Path
from typing import TypeGuard

from .errors import OutputError
from .files import atomic, max_input_bytes
from .model import COLLECTIONS, SCHEMA_VERSION, SCHEMA_VERSIONS
from .version import __version__

RACY_NS = 2_000_000_000
"""A file changed less than this long ago is always read and hashed, never known by its stat."""
FORMAT = 3
MAC_SIZE = 32
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


def read(cache_key: str) -> dict[str, object] | None:
    """The validated data stored under ``cache_key``, or None (absent, untrusted, damaged or foreign)."""
    target = _path(cache_key)
    if target is None or not _private(target.parent):
        return None
    secret = _secret(target.parent, create=False)
    blob = _blob(target)
    if secret is None or blob is None or not blob.startswith(MAGIC):
        return None
    view = memoryview(blob)
    seal, payload = view[len(MAGIC) : len(MAGIC) + MAC_SIZE], view[len(MAGIC) + MAC_SIZE :]
    if not hmac.compare_digest(bytes(seal), _mac(secret, payload)):
        return None
    try:
        data = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return data if _well_formed(data) else None


def _mac(secret: bytes, payload: bytes | memoryview) -> bytes:
    return hashlib.blake2b(payload, key=secret, digest_size=MAC_SIZE).digest()


def _secret(directory: Path, *, create: bool) -> bytes | None:
    """The cache directory's sealing key: the user's own regular file of 32 bytes (made if asked)."""
    path = directory / "key"
    if create:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
    key = _blob(path)
    return key if key is not None and len(key) == 32 else None


def _well_formed(data: object) -> TypeGuard[dict[str, object]]:
    """Has the unpacked data a model's top-level shape (the seal vouches for the rest)?"""
    if not isinstance(data, dict) or data.get("schema_version") not in SCHEMA_VERSIONS:
        return False
    return isinstance(data.get("files"), dict) and all(isinstance(data.get(c), list) for c in COLLECTIONS)


def _stat_path(identity: str) -> Path | None:
    where = cache_dir()
    return where / f"stat-{identity}" if where is not None else None


def stat_key(files: list[Path]) -> tuple[str, str | None] | None:
    """(the files' identity by stat, the content key last seen for it, or None): an edit changes the
    change time (ctime) even when it keeps the size and the modification time, so a match means
    the bytes are the ones hashed then. None when the files cannot be stat'ed."""
    try:
        stats = [os.stat(f) for f in files]
    except OSError:
        return None
    if any(time.time_ns() - s.st_ctime_ns < RACY_NS for s in stats):
        return None  # changed a moment ago: a second edit in the same clock tick could hide (as in git)
    parts = [
        f"{f.resolve()}\0{s.st_dev}\0{s.st_ino}\0{s.st_size}\0{s.st_mtime_ns}\0{s.st_ctime_ns}"
        for f, s in zip(files, stats, strict=True)
    ]
    identity = hashlib.blake2b(
        "\n".join(parts).encode("utf-8", "surrogateescape"), key=MAGIC[:64], digest_size=20
    ).hexdigest()
    target = _stat_path(identity)
    if target is None or not _private(target.parent):
        return identity, None
    secret = _secret(target.parent, create=False)
    blob = _blob(target)
    if secret is None or blob is None or len(blob) != MAC_SIZE + 40:
        return identity, None
    seal, content = blob[:MAC_SIZE], blob[MAC_SIZE:]
    if not hmac.compare_digest(seal, _mac(secret, MAGIC + content)):
        return identity, None
    return identity, content.decode("ascii")


def remember(identity: str, cache_key: str) -> None:
    """Note that the files of this stat identity hold the content of ``cache_key`` (sealed, like the cache)."""
    target = _stat_path(identity)
    if target is None or len(cache_key) != 40:
        return
    try:
        if not _private(target.parent):
            return
        secret = _secret(target.parent, create=True)
        if secret is None:
            return
        content = cache_key.encode("ascii")
        with atomic(target, force=True, mode=0o600) as tmp:
            tmp.write_bytes(_mac(secret, MAGIC + content) + content)
    except (OSError, ValueError, OutputError):
        pass


def write(cache_key: str, data: dict[str, object]) -> bool:
    """Store validated data atomically; False (and nothing left behind) if it cannot be written."""
    target = _path(cache_key)
    if target is None:
        return False
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(target.parent):  # others could plant files there: no cache at all
            return False
        secret = _secret(target.parent, create=True)
        if secret is None:
            return False
        payload = marshal.dumps(data)
        with atomic(target, force=True, mode=0o600) as tmp, tmp.open("wb") as out:
            out.write(MAGIC)
            out.write(_mac(secret, payload))
            out.write(payload)
        return True
    except (OSError, ValueError, OutputError):
        return False
