"""Tables that are slow to build at start-up, kept on disk between runs.

A table is stored with `marshal` (plain dicts, lists and strings load several times faster
than they are rebuilt), or with `pickle` for objects (compiled `regex` patterns pickle as their
compiled code, and so, here, do Python's `re` patterns: loading skips both pattern compilers),
under a name keyed by the SHA-256 of
everything it is built from, so a changed source can never be served a stale table. The cache
is an optimisation only: a folder that cannot be created, read or written means the table is
built, as without a cache. It holds what this user's own runs wrote, so it is trusted as the
installed code is.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path
from typing import Callable, Optional, TypeVar

T = TypeVar("T")

# The folder, when set; set to an empty string it turns the disk cache off.
CACHE_DIR_ENV = "EXTRACTOR_CACHE_DIR"
# Tables kept per name, the most recently used: one cache folder serves every rules folder
# (--rules) and every installed version, and keeping only the newest made each of two that take
# turns rebuild its table (0.6 s) at every start.
KEPT_TABLES = 4


def cache_dir() -> Optional[Path]:
    """$EXTRACTOR_CACHE_DIR, else $XDG_CACHE_HOME/extractor, else ~/.cache/extractor; None when
    turned off or when there is no home folder to put it in."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":
            return None  # no HOME and no passwd entry: nowhere sensible to write
        base = os.path.join(home, ".cache")
    return Path(base) / "extractor"


def cache_key(*sources: bytes) -> str:
    """A short hex key for a table built from `sources` (and by this Python and its formats)."""
    digest = hashlib.sha256(f"{sys.version}|{marshal.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for source in sources:
        digest.update(len(source).to_bytes(8, "little"))  # so that (ab, c) and (a, bc) differ
        digest.update(source)
    return digest.hexdigest()[:32]


def cached(name: str, key: str, build: Callable[[], T], pickled: bool = False) -> T:
    """The table `name` for `key`: read from the cache folder, or built and stored there.
    `pickled` for objects marshal cannot store (dataclasses, compiled patterns)."""
    folder = cache_dir()
    if folder is None:
        return build()
    suffix = "pickle" if pickled else "marshal"
    path = folder / f"{name}-{key}.{suffix}"
    try:
        data = path.read_bytes()
    except OSError:
        pass  # not cached yet (or unreadable): built below
    else:
        try:
            value = pickle.loads(data) if pickled else marshal.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError, IndexError,
                RuntimeError):  # (RuntimeError: `re` code that _sre's validator refuses)
            pass  # a truncated or foreign file under our name: built again and replaced below
        else:
            _touch(path)
            return value
    value = build()
    _store(folder, name, path, dumps(value) if pickled else marshal.dumps(value))
    return value


def dumps(value: object) -> bytes:
    """`value` pickled, its `re` patterns as their compiled code (_CompiledPickler)."""
    buffer = io.BytesIO()
    _CompiledPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


class _CompiledPickler(pickle.Pickler):
    """Pickles a compiled `re` pattern as the code `re`'s compiler made of it. pickle's own way
    keeps its source and flags, so every load parsed and compiled it again: the rules' `re`
    patterns cost 0.08 s of each process's start-up that way (`regex` patterns pickle compiled)."""

    def reducer_override(self, obj: object) -> object:
        if type(obj) is re.Pattern and isinstance(obj.pattern, str):
            return _compiled_re, _re_code(obj.pattern, obj.flags)
        return NotImplemented


def _re_code(pattern: str, flags: int) -> tuple:
    """The arguments re._compiler.compile hands to _sre.compile for re.compile(pattern, flags),
    which is what pickle's own reduction (pattern, flags) compiles on load."""
    from re import _compiler, _parser  # noqa: PLC0415 - only when a table is written

    parsed = _parser.parse(pattern, flags)
    code = list(map(int, _compiler._code(parsed, flags)))  # (its opcodes are named ints that refuse pickling)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return pattern, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _compiled_re(pattern: str, flags: int, code: list[int], groups: int, groupindex: dict, indexgroup: tuple) -> re.Pattern:
    """A pattern from its compiled code (_sre validates the code and raises RuntimeError if it is not)."""
    import _sre  # noqa: PLC0415 - re's own engine module

    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def _store(folder: Path, name: str, path: Path, data: bytes) -> None:
    """Write atomically (a reader never sees half a file) and drop the tables of older keys."""
    temp: Optional[str] = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}.", suffix=".tmp", delete=False) as handle:
            temp = handle.name
            handle.write(data)
        os.replace(temp, path)
        temp = None
        _drop_least_used(folder, name, path.suffix)
    except OSError:
        pass  # read-only or full disk: the table is simply built again by the next process
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def _touch(path: Path) -> None:
    """Mark a table used now (its modification time orders the tables for _drop_least_used)."""
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache folder: the table is served all the same


def _drop_least_used(folder: Path, name: str, suffix: str) -> None:
    """Remove the tables of `name` beyond the KEPT_TABLES most recently used."""
    tables = []
    for path in folder.glob(f"{name}-*{suffix}"):
        try:
            tables.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:
            continue  # removed meanwhile by another process
    for _, _, path in sorted(tables, reverse=True)[KEPT_TABLES:]:
        path.unlink(missing_ok=True)
