"""Files policyx reads and writes: never a surprise, never half a file, never over one unasked.

Owns the two primitives every file goes through. Reading (``read_limited``): a regular
file, standard input (``-``), a pipe or a FIFO, and at most a documented number of bytes,
so a device or a huge file or stream cannot hang policyx or exhaust memory. Writing (``write_text``, ``build``): a
regular file is written to a temporary file in the same directory and moved into place
only once complete, and never replaces an existing one without ``force``; a terminal,
``/dev/null`` or a pipe is written to directly (never replaced); ``/dev/stdout``,
``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N`` are the streams themselves, written
where they stand (``descriptor``); any other special file is refused.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import select
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from .errors import DataError, FileExists, OutputError, Problem

T = TypeVar("T")

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""The largest file policyx reads, unless POLICYX_MAX_INPUT_BYTES says otherwise."""
ENV_MAX_INPUT = "POLICYX_MAX_INPUT_BYTES"


def max_input_bytes() -> int:
    """The input size limit in force."""
    text = os.environ.get(ENV_MAX_INPUT, "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else MAX_INPUT_BYTES


STDIN = "-"
"""The name of standard input as a file to read (``--data -``)."""


def input_name(path: Path) -> str:
    """How a file read is named in messages: ``<stdin>`` for ``-``, else its path."""
    return "<stdin>" if str(path) == STDIN else str(path)


def is_stream(path: Path) -> bool:
    """Is this input read once, as it flows (``-``, a pipe, a FIFO), so that it cannot be read again?"""
    if str(path) == STDIN:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _too_big(size: str, limit: int) -> str:
    return f"is {size}, over the limit of {limit:,} (set {ENV_MAX_INPUT} to raise it)"


def read_limited(path: Path, limit: int | None = None, too_big: Callable[[str, int], str] = _too_big) -> bytes:
    """A file's bytes, or a DataError naming it: missing, a device, too big, unreadable.

    A regular file is read whole; standard input (``-``), a pipe (``<(git show ...)``) or a FIFO is
    read as it flows, and refused as soon as it holds more than ``limit`` bytes (the input limit in
    force by default; ``too_big`` words the refusal). Waiting for a FIFO's writer or for a pipe's
    data can be interrupted (Ctrl-C). A device (``/dev/zero``, a disk) or a socket is refused: it
    may never end.
    """
    name = input_name(path)
    stdin = str(path) == STDIN
    limit = max_input_bytes() if limit is None else limit
    fd = 0 if stdin else _open_input(path, name)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataError([Problem(name, 0, 0, "is a directory, not a policy file")])
        if stat.S_ISFIFO(info.st_mode) and not stdin:
            select.select([fd], [], [])  # a writer's data or its end: until then, wait (Ctrl-C ends it)
        if not _readable_kind(info.st_mode, fd, stdin=stdin):
            raise DataError([Problem(name, 0, 0, "is not a regular file or a pipe (a device or socket)")])
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise DataError([Problem(name, 0, 0, too_big(f"{info.st_size:,} bytes", limit))])
        data = _read_bounded(fd, limit)
        if data is None:  # a pipe that goes on, a file that grew while being read
            raise DataError([Problem(name, 0, 0, too_big(f"more than {limit:,} bytes", limit))])
        return data
    except OSError as err:
        raise DataError([Problem(name, 0, 0, f"cannot read: {err.strerror or err}")]) from None
    finally:
        if fd >= 0 and not stdin:
            os.close(fd)


def _open_input(path: Path, name: str) -> int:
    """A descriptor to read ``path`` from, opened without waiting (a FIFO with no writer yet).

    A FIFO stays open this way, non-blocking: reopening it to wait for a writer would miss a
    writer that wrote all it had and closed in between (its data still in the pipe). Waiting is
    left to ``select``, which on Linux returns only once a writer has come."""
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DataError([Problem(name, 0, 0, "no such file")]) from None
    except IsADirectoryError:
        raise DataError([Problem(name, 0, 0, "is a directory, not a policy file")]) from None
    except OSError as err:
        raise DataError([Problem(name, 0, 0, f"cannot read: {err.strerror or err}")]) from None


def _readable_kind(mode: int, fd: int, *, stdin: bool) -> bool:
    """A regular file or a pipe; for standard input also a socket or a terminal (read to its end)."""
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return True
    return stdin and (stat.S_ISSOCK(mode) or os.isatty(fd))


def _read_bounded(fd: int, limit: int) -> bytes | None:
    """Everything ``fd`` holds, read in blocks; None once past ``limit`` bytes, so that at most
    ``limit`` + 1 bytes are ever held, however long the pipe goes on."""
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        except BlockingIOError:  # a descriptor left non-blocking (an inherited stdin): wait for data
            select.select([fd], [], [])
            continue
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


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
        raise FileExists(f"{path} exists; use --force to replace it")
    if kind in ("missing", "regular") and not path.parent.is_dir():
        raise OutputError(f"{path.parent} is not a directory")
    return kind


_UNFINISHED: set[str] = set()
"""Temporary files of writes in progress (each with SQLite's journals beside it): removed by
``discard_unfinished`` when a signal ends the run in a place no ``finally`` can be trusted."""
_JOURNALS = ("", "-journal", "-wal", "-shm")


def discard_unfinished() -> None:
    """Remove every temporary file a write still in progress made, and its SQLite journals.

    The command line calls it on the way out of a run that an interrupt or a signal ended (with
    further signals ignored), so that nothing is left behind even when the signal came in the
    middle of a write's own clean-up."""
    for tmp in sorted(_UNFINISHED):
        for journal in _JOURNALS:
            with contextlib.suppress(OSError):
                os.unlink(tmp + journal)
    _UNFINISHED.clear()


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside ``path`` (mode 0600, made exclusively) and its name, registered before it
    exists. The name, ``.NAME.XXXXXXXX.tmp`` with NAME cut as needed, fits the folder's name limit
    with SQLite's ``-journal`` added, so a target of any legal length can be written."""
    folder = path.parent
    try:
        most = os.pathconf(folder, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
    except (OSError, ValueError):
        most = 255
    name = os.fsencode(path.name)[: max(1, most - len(b"..00000000.tmp-journal"))]
    for _ in range(100):
        tmp = os.fsdecode(
            os.path.join(os.fsencode(folder), b"." + name + b"." + os.urandom(4).hex().encode() + b".tmp")
        )
        _UNFINISHED.add(tmp)
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            _UNFINISHED.discard(tmp)
    raise FileExistsError(f"no free temporary name beside {path}")


@contextlib.contextmanager
def atomic(path: Path, force: bool, *, mode: int | None = None) -> Iterator[Path]:
    """A temporary path to write; it becomes the regular file ``path`` when the block ends without error.

    Without ``force`` the file is put in place by exclusive creation (a hard link), so of writers
    racing for one name exactly one succeeds and the others get "exists", however they interleave.
    With ``force`` it is renamed over the old file. The file gets ``mode``, else the mode of the
    file it replaces, else what a new file gets under the umask. On any error or signal the
    temporary file (and a journal beside it) is removed.
    """
    if check_target(path, force) == "stream":
        raise OutputError(f"{path} is a device or FIFO, not a file to replace")
    fd, tmp = _temporary(path)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, mode if mode is not None else _mode_for(path))
        if force:
            os.replace(tmp, path)
        else:
            _create(tmp, path)
    finally:
        for journal in _JOURNALS:
            with contextlib.suppress(OSError):
                os.unlink(tmp + journal)
        _UNFINISHED.discard(tmp)


def _mode_for(path: Path) -> int:
    """The permissions of the file being replaced (a private 0600 stays private), else a new file's."""
    try:
        info = os.stat(path)
    except OSError:
        return 0o666 & ~_umask()
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else 0o666 & ~_umask()


def _create(tmp: str, path: Path) -> None:
    """Put the finished ``tmp`` at ``path`` only if nothing is there: a hard link, which fails if the
    name exists (where links are not supported: an exclusive placeholder, then a rename over it)."""
    try:
        os.link(tmp, path)  # tmp is our regular file: nothing to follow
        return
    except FileExistsError:
        raise FileExists(f"{path} exists; use --force to replace it") from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
    except FileExistsError:
        raise FileExists(f"{path} exists; use --force to replace it") from None
    os.replace(tmp, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_DESCRIPTOR = re.compile(r"/dev/(?:fd/(\d+)|(stdin|stdout|stderr))|/proc/(?:self|thread-self|(\d+))/fd/(\d+)")
_STANDARD = {"stdin": 0, "stdout": 1, "stderr": 2}


def descriptor(path: Path) -> int | None:
    """The descriptor of this process that ``path`` names (``/dev/stdout``, ``/dev/stderr``,
    ``/dev/fd/N``, ``/proc/self/fd/N``, or a symbolic link to one of them), else None.

    Such a path is the stream itself, written to as ``-`` is: never replaced by a file (renaming
    over ``/dev/stdout`` would replace the link), never truncated (opening it by name would
    truncate the file a shell's ``>>`` appends to)."""
    name = os.path.normpath(os.path.abspath(path))
    for _ in range(40):  # as many links as the system follows
        found = _DESCRIPTOR.fullmatch(name)
        if found:
            std, pid = found.group(2), found.group(3)
            if pid is not None and int(pid) != os.getpid():
                return None  # another process's descriptor: a path like any other
            return _STANDARD[std] if std else int(found.group(1) or found.group(4))
        try:
            link = os.readlink(name)
        except (OSError, ValueError):
            return None
        name = os.path.normpath(os.path.join(os.path.dirname(name), link))
    return None


def _to_descriptor(fd: int, write: Callable[[IO[bytes]], object]) -> None:
    """Write to an open descriptor where it stands (a copy of it, so the stream stays open)."""
    with os.fdopen(os.dup(fd), "wb") as out:
        write(out)


def write_text(path: Path, text: str, *, force: bool) -> None:
    """Write text (UTF-8) to ``path``: atomically to a regular file, directly to a device or FIFO,
    and to the stream itself for ``/dev/stdout`` and its kin (``descriptor``). A reader of that
    stream who went away raises BrokenPipeError, as writing to standard output does."""
    fd = descriptor(path)
    try:
        if fd is not None:
            _to_descriptor(fd, lambda out: out.write(text.encode("utf-8")))
            return
        if check_target(path, force) == "stream":
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
            return
        with atomic(path, force) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except BrokenPipeError:
        if fd is None:
            raise OutputError(f"cannot write {path}: Broken pipe") from None
        raise
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None


def write_made(path: Path, make: Callable[[IO[str]], T], *, force: bool) -> T:
    """As ``write_text``, the text made by ``make`` as it writes it: into a regular file's temporary
    file, which then takes the target's place, so the whole text is never held at once; to a device,
    a FIFO or a stream, or to a file that exists and is not to be replaced, gathered first. What
    ``make`` returns is returned; anything but None (a note said instead of output) leaves the target
    as it was, and is no error even where the target exists."""
    kind = _kind(path)
    if descriptor(path) is not None or kind == "stream" or (kind == "regular" and not force):
        # gathered first: a stream as before, and a file that exists, which only a note leaves no error
        buffer = io.StringIO()
        note = make(buffer)
        if note is None:
            write_text(path, buffer.getvalue(), force=force)
        return note
    try:
        with atomic(path, force) as tmp:
            with open(tmp, "w", encoding="utf-8") as out:
                note = make(out)
            if note is not None:
                raise _Unwritten(note)
        return note
    except _Unwritten as unwritten:
        return unwritten.note  # type: ignore[return-value]
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None


class _Unwritten(Exception):
    """A made text not to be put in place (its maker said a note instead)."""

    def __init__(self, note: object) -> None:
        super().__init__()
        self.note = note


def build(path: Path, force: bool, make: Callable[[Path], object]) -> None:
    """Have ``make`` build a new file (a database) at a fresh path, then put it at ``path``.

    A regular target is replaced atomically; a device, a FIFO or a stream (``/dev/stdout``:
    ``descriptor``) receives the file's bytes.
    """
    fd = descriptor(path)
    try:
        if fd is not None or check_target(path, force) == "stream":
            with tempfile.TemporaryDirectory(prefix="policyx-") as scratch:
                built = Path(scratch) / "built"
                make(built)
                with open(built, "rb") as src:
                    if fd is not None:
                        _to_descriptor(fd, lambda out: shutil.copyfileobj(src, out))
                    else:
                        with open(path, "wb") as out:
                            shutil.copyfileobj(src, out)
            return
        with atomic(path, force) as tmp:
            tmp.unlink()
            make(tmp)
    except BrokenPipeError:
        if fd is None:
            raise OutputError(f"cannot write {path}: Broken pipe") from None
        raise
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
