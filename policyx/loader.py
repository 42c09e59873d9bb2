"""The loader: which file is read, and a validated model out of it, from the cache when it can.

Owns resolving the data file (``--data``, ``POLICYX_DATA``, the shipped model), reading and
decoding it (a clear error for a missing file, a directory or bytes that are not UTF-8),
and the order of work: the cache answers when it holds this exact content; otherwise the
YAML is read (``yamlread``), validated (``validate``) and the result cached.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from . import cache
from .errors import DataError, Problem, StoreDamaged
from .files import STDIN, input_name, is_stream, read_limited
from .model import Item, Model, PlainModel, PlainRecords, model_from_data

if TYPE_CHECKING:
    import sqlite3

    from .yamlread import Value

ENV_DATA = "POLICYX_DATA"
T = TypeVar("T")


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
    """A file's bytes, or a DataError naming it (see ``files.read_limited``)."""
    return read_limited(path)


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
    return decode(read_bytes(path), input_name(path))


def model_files(path: Path) -> list[Path]:
    """The files a model is read from: the file itself (``-``: standard input), or every ``*.yaml`` in
    a folder, by name."""
    try:
        if str(path) == STDIN or not path.is_dir():
            return [path]
        files = sorted(p for p in path.glob("*.yaml") if p.is_file())
    except OSError as err:  # a name too long for the system, a folder that cannot be listed
        raise DataError([Problem(str(path), 0, 0, f"cannot read: {err.strerror or err}")]) from None
    if not files:
        raise DataError([Problem(str(path), 0, 0, "folder has no *.yaml model files")])
    return files


def validated(texts: list[tuple[str, str]]) -> dict[str, object]:
    """Validated data from (file name, YAML text) pairs, read as one model."""
    from .validate import Document, validate
    from .yamlread import build

    docs = []
    for name, text in texts:
        data, root_mark, problems = build(text, name)
        docs.append(Document(name, text, data, root_mark, problems))
    unreadable = [p for doc in docs if doc.data is None for p in doc.problems]
    if unreadable:
        raise DataError(unreadable)
    return validate(docs)


def _validated_database(name: str, raw: bytes) -> dict[str, object]:
    """Validated data from the bytes of a database ``export --format sqlite`` wrote, checked as a
    file is; a problem names the database, then the table, the record's id and the column."""
    from .dbread import read, where
    from .validate import Document, validate

    data = read(raw, name)
    return validate([Document(name, "", cast("Value", data), None, [], where(data))])


PARALLEL_BYTES = 8_000_000
"""A folder whose files to read hold at least this many bytes (and are two or more) is read on every core."""


def _validated_folder(raws: list[tuple[str, bytes]]) -> dict[str, object] | None:
    """Validated data of a folder's files, each file read and validated only when the cache does not
    hold it already (each by its name and bytes), on every core when they are big, then the checks
    across files made on them all: so after one file of many is edited, only that one is read again.
    None when a file, or the checks across them, find a problem: then the folder is validated as a
    whole, which places every one."""
    from .validate import merge

    keys = [cache.key(b"one file\0" + name.encode("utf-8", "surrogateescape") + b"\0" + raw) for name, raw in raws]
    parts: list[dict[str, Any] | None] = [cache.read(key) for key in keys]
    missing = [i for i, part in enumerate(parts) if part is None]
    if len(missing) > 1 and sum(len(raws[i][1]) for i in missing) >= PARALLEL_BYTES and (os.cpu_count() or 1) > 1:
        made = _on_every_core([raws[i] for i in missing])
    else:
        made = [_validated_one(*raws[i]) for i in missing]
    for i, part in zip(missing, made, strict=True):
        if part is None:
            return None
        cache.write(keys[i], part)
        parts[i] = part
    return merge([(name, part) for (name, _), part in zip(raws, parts, strict=True) if part is not None])


def _validated_one(name: str, raw: bytes) -> dict[str, Any] | None:
    """One file of a folder read and validated on its own (``validate.validate_one``); None: it has a problem."""
    from .validate import Document, validate_one
    from .yamlread import build

    try:
        text = decode(raw, name)
    except DataError:
        return None
    data, root_mark, problems = build(text, name)
    return validate_one(Document(name, text, data, root_mark, problems))


def _on_every_core(raws: list[tuple[str, bytes]]) -> list[dict[str, Any] | None]:
    """``_validated_one`` of each file, in worker processes, one per core (at most one per file). The
    workers ignore Ctrl-C and the signals that end a run: the run itself takes them, and ends the workers."""
    import concurrent.futures
    import multiprocessing

    from . import validate  # noqa: F401  (loaded here, so that every worker starts with it)

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    if context is None:
        return [_validated_one(*raw) for raw in raws]
    workers = min(len(raws), os.cpu_count() or 1)
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker)
    try:
        made = list(pool.map(_validated_one, *zip(*raws, strict=True)))
    except BaseException:  # Ctrl-C, a signal, a worker lost: the workers are ended, not waited for
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return made


def _quiet_worker() -> None:
    import signal

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def _validated_all(raws: list[tuple[str, bytes]]) -> dict[str, object]:
    """Validated data from (file name, bytes) pairs. A file that is not UTF-8 hides no other file's
    problems: it is reported at its first bad byte and read on (bad bytes replaced) so that the
    records of the others are checked against it too, its own further problems left out.
    One file that is an SQLite database is read as the database ``export --format sqlite`` wrote."""
    from .dbread import is_database  # here, not above: a model the cache answers needs no sqlite3

    if len(raws) == 1 and is_database(raws[0][1]):
        return _validated_database(*raws[0])
    texts: list[tuple[str, str]] = []
    undecodable: list[Problem] = []
    for name, raw in raws:
        try:
            texts.append((name, decode(raw, name)))
        except DataError as err:
            undecodable.extend(err.problems)
            texts.append((name, raw.decode("utf-8-sig", "replace")))
    if not undecodable:
        return validated(texts)
    bad = {problem.file for problem in undecodable}
    try:
        validated(texts)
    except DataError as err:
        undecodable.extend(problem for problem in err.problems if problem.file not in bad)
    raise DataError(undecodable)


@contextlib.contextmanager
def _paused_gc(freeze: bool = False) -> Iterator[None]:
    """Building millions of small objects: the cyclic collector would only slow it down.

    With ``freeze`` (the command line's choice) what was built is moved out of the
    collector's sight before it is switched back on, so no collection ever walks the model;
    a library caller that loads many models leaves it off and keeps them collectable.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def load_text(text: str, file: str = "<text>") -> Model:
    """Validate a model from YAML text (no cache); raise DataError with every problem found."""
    with _paused_gc():
        return model_from_data(validated([(file, text)]))


def load(data: str | os.PathLike[str] | None = None, *, use_cache: bool = True, freeze: bool = False) -> Model:
    """Load and validate the model at ``data`` (or $POLICYX_DATA, or the shipped model).

    ``data`` may be a folder: every ``*.yaml`` file in it is read, and together they form
    one model (typically one file per source).
    """
    path = resolve_path(data)
    files = model_files(path)
    # Unchanged regular files need not be read or hashed; a pipe or standard input is always read
    # (its stat says nothing of what it will hold), and known by its content alone.
    streams = any(is_stream(f) for f in files)
    seen = cache.stat_key(files) if use_cache and not streams else None
    if seen is not None:
        known = cache.read(seen[1]) if seen[1] else None
        if known is not None:
            with _paused_gc(freeze):
                return model_from_data(known)
    raws = [(input_name(f), read_bytes(f)) for f in files]
    if files != [path]:  # a folder: its path is in the key too, as the model records each record's file
        parts = [os.fsencode(f.name) + b"\0" + raw for f, (_, raw) in zip(files, raws, strict=True)]
        cache_key = cache.key(b"\0".join([str(path.resolve()).encode(), *parts]))
    else:
        cache_key = cache.key(raws[0][1])
    with _paused_gc(freeze):
        cached = cache.read(cache_key) if use_cache else None
        if cached is not None:
            if seen is not None:
                cache.remember(seen[0], cache_key)
            return model_from_data(cached)
        fields = (_validated_folder(raws) if use_cache and files != [path] else None) or _validated_all(raws)
        del raws
        if use_cache:
            cache.write(cache_key, fields)
        if seen is not None:
            cache.remember(seen[0], cache_key)
        return model_from_data(fields)


STORE_FROM = 1 << 20
"""The size (1 MiB of model files in all) from which a model is given a store: a smaller one is read
whole from the cache, which is quicker than opening and checking a database (bench/STORE.md measures
both at 0.3 and 3 MB)."""


def store_key(data: str | os.PathLike[str] | None) -> str | None:
    """The content key of the model files at ``data`` when the cache knows them by their stat, without
    reading them, and they are big enough to be stored (`STORE_FROM`); None when not (a stream, a file
    just edited, no cache, files that cannot be read, a small model)."""
    try:
        files = model_files(resolve_path(data))
    except DataError:
        return None
    if any(is_stream(f) for f in files):
        return None
    try:
        if sum(os.stat(f).st_size for f in files) < STORE_FROM:
            return None
    except OSError:
        return None
    seen = cache.stat_key(files)
    return seen[1] if seen is not None else None


def _store_of(data: str | os.PathLike[str] | None) -> tuple[str, tuple[Path, str], sqlite3.Connection] | None:
    """The content key of the model at ``data``, its store and the seal it carries, and the store opened
    (``dbread.open_store``), when the cache has one for exactly the content there that opens as one;
    None when not. A store there that does not open as one (written by another layout, spoilt, damaged
    at its start) is removed, so that the next command that loads the model stores it again."""
    from .dbread import open_store

    key = store_key(data)
    located = cache.store(key) if key is not None else None
    if key is None or located is None:
        return None
    db = open_store(*located)
    if db is None:
        cache.drop_store(key)
        return None
    return key, located, db


def part(data: str | os.PathLike[str] | None, pick: Callable[[sqlite3.Connection], T | None]) -> T | None:
    """A part of the model at ``data``, read by ``pick`` from the model's store (``dbread``), when the
    cache has a store for exactly the content there, known by the files' stat without reading them;
    None when it has none, or ``pick`` cannot tell: then the model is to be loaded whole."""
    import sqlite3

    found = _store_of(data)
    if found is None:
        return None
    db = found[2]
    try:
        with _paused_gc():
            return pick(db)
    except sqlite3.Error:  # damaged since it was written: the model itself answers
        return None
    finally:
        db.close()


def keep_store(data: str | os.PathLike[str] | None, model: Model) -> bool:
    """Make the store of a model just loaded from ``data``, for the next command that reads a part of
    it, unless there is one; False when there is none to be had (no cache, a stream, a file just edited)."""
    import sqlite3

    from .dbwrite import create

    key = store_key(data)
    if key is None:
        return False
    if cache.store(key) is not None:
        return True

    def write(path: Path, seal: str) -> None:
        db = sqlite3.connect(path)
        try:  # no journal, no syncing: a temporary file, put in place only once whole (cache.write_store)
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            create(db, model, meta=[("seal", seal)])
        except sqlite3.Error as err:  # a full disk
            raise OSError(str(err)) from None
        finally:
            db.close()

    return cache.write_store(key, write)


def in_order(data: str | os.PathLike[str] | None, kind: str) -> tuple[int, bool, Iterator[list[Item]]] | None:
    """The records of a kind of the model at ``data``, in their listing's order, read from its store a
    chunk at a time as they are asked for (``dbread.in_order``), when the cache has a store for exactly the
    content there and its first chunk reads; None when not (then the model is loaded; a store that failed
    is removed). A store that fails later is a ``StoreDamaged`` (and is removed): what was read of it
    before is the listing's, in order."""
    import sqlite3
    import weakref

    from .dbread import damaged
    from .dbread import in_order as read

    found = _store_of(data)
    if found is None:
        return None
    key, _, db = found
    try:
        voices, unstated, chunks = read(db, kind)
        first = next(chunks, None)  # read before anything is written: a store that fails here is not used
    except sqlite3.Error:
        db.close()
        cache.drop_store(key)
        return None

    def records() -> Iterator[list[Item]]:
        try:
            if first is not None:
                yield first
                yield from chunks
        except sqlite3.Error as err:
            cache.drop_store(key)
            raise damaged(err) from None
        finally:
            db.close()

    listed = records()
    weakref.finalize(listed, db.close)  # closed even if the listing is never read (an error before it)
    return voices, unstated, listed


def stored(data: str | os.PathLike[str] | None) -> PlainModel | None:
    """The model at ``data`` to be written out record by record from its store (``export --format
    json|yaml``), never loaded whole, when the cache has a store for exactly the content there, and it
    opens as one (its schema the layout's, its seal the cache's); None when not (then the model is loaded)."""
    from .dbread import stored_model

    found = _store_of(data)
    if found is None:
        return None
    key, located, db = found
    db.close()
    written = stored_model(*located)

    @contextlib.contextmanager
    def records() -> Iterator[PlainRecords]:
        try:
            with written.open() as plain:
                yield plain
        except StoreDamaged:
            cache.drop_store(key)  # the next command answers from the model, and stores it again
            raise

    return PlainModel(records)


def store_copier(data: str | os.PathLike[str] | None) -> Callable[[Path], None] | None:
    """What writes the model at ``data`` as ``export --format sqlite`` does, by copying its store (the
    same layout, the same rows; its seal left out), when the cache has one for exactly the content
    there; None when it has none (then the export is written from the model)."""
    found = _store_of(data)
    if found is None:
        return None
    _, located, db = found
    db.close()

    def copy(target: Path) -> None:
        import sqlite3

        from .dbread import open_store

        source = open_store(*located)
        if source is None:  # gone or spoilt since: say so, as a failed write
            raise OSError(f"the cached copy of the model went away while it was read ({located[0]})")
        copied = sqlite3.connect(target)
        try:
            source.backup(copied)
            copied.execute("PRAGMA secure_delete = ON")  # the seal's bytes overwritten, not just unlinked
            with copied:
                copied.execute("DELETE FROM policyx_meta WHERE key = 'seal'")
        except sqlite3.Error as err:
            raise OSError(str(err)) from None
        finally:
            copied.close()
            source.close()

    return copy
