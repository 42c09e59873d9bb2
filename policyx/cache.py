"""The model cache: validated models stored by the content hash of their file.

Owns where cache files live (``POLICYX_CACHE_DIR``, else ``$XDG_CACHE_HOME/policyx``, else
``~/.cache/policyx``; absolute places only, made only inside a folder that exists), their key (a
hash of the file's bytes, the package version and the schema version, so an edit is always seen,
whatever its size or mtime), and reading and writing them safely: writes are atomic, a corrupt,
truncated or foreign file is ignored (and later replaced), and an unwritable directory just means
no cache.

The cache trusts nothing it reads: a cache file is used only when it is a regular file
(not a link, device or FIFO) owned by the user, within a size limit, in a directory that
only the user can write, with the right header, and sealed: its payload carries a keyed
BLAKE2b MAC under a secret kept (mode 0600) in that directory, so a file policyx did not
write itself, or one damaged since, is never unpacked. The unpacked data must then have a
model's top-level shape. Anything else is ignored and rewritten.

Beside a model's cache file, its store: the same model as an SQLite database in the layout
``export --format sqlite`` writes, from which a command that shows a few records reads only
those (``dbread``). It is sealed with a MAC of its content key, kept in the database, and
trusted only as a regular file of the user's in the private directory; opened read-only.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import secrets
import stat
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeGuard

from .errors import OutputError
from .files import atomic, max_input_bytes
from .model import COLLECTIONS, SCHEMA_VERSION, SCHEMA_VERSIONS
from .version import __version__

RACY_NS = 2_000_000_000
"""A file changed less than this long ago is always read and hashed, never known by its stat."""
FORMAT = 8  # 4: year 0 is no date (a model cached as valid before may not be); 5: a priority's see; 6: policy_name;
# 7: a source's affiliation_short; 8: a quote's pull_quote_of
MAC_SIZE = 32
MAGIC = f"policyx-cache {FORMAT} {__version__} {SCHEMA_VERSION}\n".encode()


def _place(environ: Mapping[str, str] | None = None) -> tuple[Path, Path] | None:
    """(the cache directory, the folder that must already exist for policyx to make it), or None for no
    cache. Only absolute places count: a relative ``POLICYX_CACHE_DIR`` means no cache, a relative
    ``XDG_CACHE_HOME`` is ignored (as the XDG spec says), and so is a relative or empty ``HOME``."""
    env = os.environ if environ is None else environ
    explicit = env.get("POLICYX_CACHE_DIR")
    if explicit:
        return (Path(explicit), Path(explicit).parent) if os.path.isabs(explicit) else None
    xdg = env.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "policyx", Path(xdg).parent
    home = env.get("HOME") or _account_home()
    if not home or not os.path.isabs(home):
        return None
    return Path(home) / ".cache" / "policyx", Path(home)


def _account_home() -> str | None:
    """The home directory of the user's account, when HOME is not set."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):
        try:
            return str(Path.home())
        except (RuntimeError, KeyError):
            return None


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where cache files go (None when there is no absolute place to put them: then there is no cache).
    ``environ`` is the environment to read (the process's when None)."""
    place = _place(environ)
    return place[0] if place is not None else None


def _make(directory: Path, anchor: Path) -> None:
    """Make the cache directory (mode 0700) and the folders between it and ``anchor``, which must exist:
    a home, an XDG cache root's parent or a ``POLICYX_CACHE_DIR``'s parent that does not exist is never
    created (FileNotFoundError)."""
    if not anchor.is_dir():
        raise FileNotFoundError(str(anchor))
    for level in reversed([directory, *directory.parents][: len(directory.relative_to(anchor).parts)]):
        try:
            level.mkdir(mode=0o700)
        except FileExistsError:
            pass


def key(content: bytes) -> str:
    """The cache key of a model file's bytes."""
    digest = hashlib.blake2b(MAGIC, digest_size=20)
    digest.update(content)
    return digest.hexdigest()


def _path(cache_key: str) -> Path | None:
    where = cache_dir()
    return where / f"model-{cache_key}.bin" if where is not None else None


def _private(directory: Path) -> bool:
    """Is the directory the user's own, writable by no one else (so no one else planted a file)? A
    symbolic link is followed (a cache kept on another disk): what counts is the directory it leads to."""
    try:
        info = os.stat(directory)
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
    """The cache directory's sealing key: the user's own regular file of 32 bytes.

    Asked to ``create``, a missing key is made, and a damaged one (empty after a full disk, cut
    short, the wrong size) is replaced: whole, by a temporary file put in place (``files.atomic``),
    so a key is never seen half written. A new key only makes the files sealed with the old one
    unreadable, and they are rewritten; of two runs making a key at once, one wins (exclusively)."""
    path = directory / "key"
    key = _blob(path)
    sound = key if key is not None and len(key) == 32 else None
    if sound is not None or not create:
        return sound
    damaged = key is not None or os.path.lexists(path)
    try:
        with atomic(path, force=damaged, mode=0o600) as tmp:
            tmp.write_bytes(secrets.token_bytes(32))
    except OutputError:  # another run made it first ("exists"), or the place is no file to replace
        pass
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
    target, place = _path(cache_key), _place()
    if target is None or place is None:
        return False
    try:
        _make(*place)
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


# --------------------------------------------------------------------------- the store: a model laid out for queries


def store(cache_key: str, part: str = "store") -> tuple[Path, str] | None:
    """The store of the model with this content (or its search index: ``part`` "search"), and the seal
    it must carry, when one may be trusted: a regular file of the user's (not a link) in the private
    cache directory; else None."""
    target = _store_path(cache_key, part)
    if target is None or not _private(target.parent):
        return None
    secret = _secret(target.parent, create=False)
    try:
        info = os.lstat(target)
    except OSError:
        return None
    mine = info.st_uid == os.geteuid() if hasattr(os, "geteuid") else True
    if secret is None or not stat.S_ISREG(info.st_mode) or not mine:
        return None
    return target, _store_seal(secret, cache_key, part)


def write_store(cache_key: str, fill: Callable[[Path, str], None], part: str = "store") -> bool:
    """Make the store of the model with this content (or its search index), atomically: ``fill`` writes
    the database at a temporary path, sealed with the seal it is given; False (and nothing left behind)
    if it cannot be."""
    target, place = _store_path(cache_key, part), _place()
    if target is None or place is None:
        return False
    try:
        _make(*place)
        if not _private(target.parent):
            return False
        secret = _secret(target.parent, create=True)
        if secret is None:
            return False
        with atomic(target, force=True, mode=0o600) as tmp:
            tmp.unlink()  # SQLite makes the file itself
            fill(tmp, _store_seal(secret, cache_key, part))
        return True
    except (OSError, ValueError, OutputError):
        return False


def drop_store(cache_key: str, part: str = "store") -> None:
    """Remove the store of the model with this content (or its search index: one that failed while it
    was read), if there is one."""
    target = _store_path(cache_key, part)
    if target is not None:
        with contextlib.suppress(OSError):
            target.unlink()


STORE_PARTS = ("store", "search")
"""The databases the cache keeps for a model: its store, and its search index."""


def _store_path(cache_key: str, part: str = "store") -> Path | None:
    where = cache_dir()
    ok = where is not None and len(cache_key) == 40 and part in STORE_PARTS
    return where / f"{part}-{cache_key}.db" if ok and where is not None else None


def _store_seal(secret: bytes, cache_key: str, part: str = "store") -> str:
    return _mac(secret, part.encode("ascii") + b" " + MAGIC + cache_key.encode("ascii")).hex()
