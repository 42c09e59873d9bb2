"""Files that policyx writes: never over an existing file unless asked, and all or nothing.

Owns the one rule every export and the cache follow: refuse to replace a file without
``force``, write to a temporary file in the same directory, and move it into place only
once complete, so a failed write leaves nothing behind and a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError


def check_target(path: Path, force: bool) -> None:
    """Raise OutputError if ``path`` cannot or may not be written."""
    if path.is_dir():
        raise OutputError(f"{path} is a directory")
    if path.exists() and not force:
        raise OutputError(f"{path} exists; use --force to replace it")
    if not path.parent.is_dir():
        raise OutputError(f"{path.parent} is not a directory")


@contextlib.contextmanager
def atomic(path: Path, force: bool, *, mode: int | None = None) -> Iterator[Path]:
    """A temporary path to write; it becomes ``path`` when the block ends without error.

    The file gets ``mode`` (default: what an ordinary new file gets under the umask).
    """
    check_target(path, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str, *, force: bool) -> None:
    """Write a text file atomically (UTF-8), or raise OutputError saying why not."""
    try:
        with atomic(path, force) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
