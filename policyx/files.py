"""Files policyx reads and writes: never a surprise, never half a file, never over one unasked.

Owns the two primitives every file goes through. Reading (``read_limited``): only a
regular file, and at most a documented number of bytes, so a device, a FIFO or a huge
file cannot hang policyx or exhaust memory. Writing (``write_text``, ``build``): a
regular file is written to a temporary file in the same directory and moved into place
only once complete, and never replaces an existing one without ``force``; a terminal,
``/dev/null`` or a pipe is written to directly (never replaced); any other special file
is refused.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import DataError, OutputError, Problem

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""The largest file policyx reads, unless POLICYX_MAX_INPUT_BYTES says otherwise."""
ENV_MAX_INPUT = "POLICYX_MAX_INPUT_BYTES"


def max_input_bytes() -> int:
    """The input size limit in force."""
    text = os.environ.get(ENV_MAX_INPUT, "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else MAX_INPUT_BYTES


def read_limited(path: Path) -> bytes:
    """A regular file's bytes, or a DataError naming it: missing, not regular, too big, unreadable."""
    name = str(path)
    limit = max_input_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DataError([Problem(name, 0, 0, "no such file")]) from None
    except IsADirectoryError:
        raise DataError([Problem(name, 0, 0, "is a directory, not a policy file")]) from None
    except OSError as err:
        raise DataError([Problem(name, 0, 0, f"cannot read: {err.strerror or err}")]) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataError([Problem(name, 0, 0, "is a directory, not a policy file")])
        if not stat.S_ISREG(info.st_mode):
            raise DataError([Problem(name, 0, 0, "is not a regular file (a device, FIFO or socket)")])
        if info.st_size > limit:
            raise DataError([Problem(name, 0, 0, _too_big(info.st_size, limit))])
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # the file grew while being read
                raise DataError([Problem(name, 0, 0, _too_big(size, limit))])
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as err:
        raise DataError([Problem(name, 0, 0, f"cannot read: {err.strerror or err}")]) from None
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return f"is {size:,} bytes, over the limit of {limit:,} (set {ENV_MAX_INPUT} to raise it)"


def _kind(path: Path) -> str:
    """missing, regular, stream (a character device or FIFO: written in place), or other."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream"
    return "directory" if stat.S_ISDIR(mode) else "other"


def check_target(path: Path, force: bool) -> str:
    """The kind of a target that may be written, or OutputError saying why it may not."""
    kind = _kind(path)
    if kind == "directory":
        raise OutputError(f"{path} is a directory")
    if kind == "other":
        raise OutputError(f"{path} is a special file (not a regular file, device or FIFO); refusing to write it")
    if kind == "regular" and not force:
        raise OutputError(f"{path} exists; use --force to replace it")
    if kind in ("missing", "regular") and not path.parent.is_dir():
        raise OutputError(f"{path.parent} is not a directory")
    return kind


@contextlib.contextmanager
def atomic(path: Path, force: bool, *, mode: int | None = None) -> Iterator[Path]:
    """A temporary path to write; it becomes the regular file ``path`` when the block ends without error.

    The file gets ``mode`` (default: what an ordinary new file gets under the umask).
    """
    if check_target(path, force) == "stream":
        raise OutputError(f"{path} is a device or FIFO, not a file to replace")
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
    """Write text (UTF-8) to ``path``: atomically to a regular file, directly to a device or FIFO."""
    try:
        if check_target(path, force) == "stream":
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
            return
        with atomic(path, force) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None


def build(path: Path, force: bool, make: Callable[[Path], object]) -> None:
    """Have ``make`` build a new file (a database) at a fresh path, then put it at ``path``.

    A regular target is replaced atomically; a device or FIFO receives the file's bytes.
    """
    try:
        if check_target(path, force) == "stream":
            with tempfile.TemporaryDirectory(prefix="policyx-") as scratch:
                built = Path(scratch) / path.name
                make(built)
                with open(built, "rb") as src, open(path, "wb") as out:
                    shutil.copyfileobj(src, out)
            return
        with atomic(path, force) as tmp:
            tmp.unlink()
            make(tmp)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
