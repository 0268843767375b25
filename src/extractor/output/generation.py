"""The output folder as one unit: a run writes its files into a fresh generation folder inside
--out and switches them into place with one rename of the `.current` link, so a reader (or a
run killed at any point) sees the previous complete set or the new one, never files of two
runs. A lock file keeps two runs off one --out.

    out/.lock                         locked (lockf) by the run that owns the folder
    out/.generations/<name>/          one run's complete set (mentions.jsonl ... texts/)
    out/.current -> .generations/<name>
    out/mentions.jsonl -> .current/mentions.jsonl   (one such link per output name)
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Optional

from ..errors import OutputBusy, OutputError

LOCK_NAME = ".lock"
GENERATIONS = ".generations"
CURRENT = ".current"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


class OutLock:
    """An advisory lock on --out for the whole run; released when the process ends.

    A POSIX record lock (lockf), not flock: forked pool workers do not inherit it, so workers
    left behind by a killed run never keep the next run out."""

    def __init__(self, out_dir: Path, wait: bool = False) -> None:
        self.out_dir = out_dir
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            _unlink_if_symlink(out_dir / LOCK_NAME)
            self._fd: Optional[int] = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW,
                                              0o644)
        except OSError as exc:
            raise OutputError(f"cannot write in output folder {out_dir}: {_reason(exc)}") from None
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as exc:
            os.close(self._fd)
            self._fd = None
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                raise OutputBusy(f"{out_dir} is in use by another run of extract; "
                                 "wait for it to finish, pass --wait, or choose another --out") from None
            raise OutputError(f"cannot lock output folder {out_dir}: {_reason(exc)}") from None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing it releases the lock
            self._fd = None


def current_generation(out_dir: Path) -> Optional[Path]:
    """The folder of the committed set, resolved once (so a reader sees one generation);
    None when --out holds no committed generation (a fresh folder or an older tool's files)."""
    link = out_dir / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    parent, _, name = target.partition("/")
    if parent != GENERATIONS or name in ("", ".", "..") or "/" in name:
        return None  # not a link this tool made: never followed out of --out
    folder = out_dir / target
    return folder if folder.is_dir() and not folder.is_symlink() else None


class Generation:
    """A fresh folder for this run's set, removed on abort, switched into place on commit.

    Only the owner of the lock creates one, so the folders it clears at start (those not
    current) are abandoned by killed runs, never another live run's work."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._committed = False
        generations = out_dir / GENERATIONS
        try:
            _unlink_if_symlink(generations)
            generations.mkdir(exist_ok=True)
            self._remove_abandoned()
            stamp = time.strftime("%Y%m%dT%H%M%S")
            self.path = Path(tempfile.mkdtemp(prefix=f"{stamp}.", dir=generations))
            os.chmod(self.path, 0o755)  # mkdtemp makes it private; outputs are not
        except OSError as exc:
            raise OutputError(f"cannot write in output folder {out_dir}: {_reason(exc)}") from None

    def _remove_abandoned(self) -> None:
        keep = current_generation(self.out_dir)
        for folder in (self.out_dir / GENERATIONS).iterdir():
            if keep is None or folder.name != keep.name:
                _remove(folder)

    def commit(self) -> None:
        """Make this generation the current set: one rename of the `.current` link, then the
        stable links by name (created once per name; an older tool's plain file is replaced)."""
        previous = current_generation(self.out_dir)
        _fsync_tree(self.path)
        _replace_with_link(self.out_dir / CURRENT, f"{GENERATIONS}/{self.path.name}")
        self._committed = True  # from here on this folder is the set: an error below must not remove it
        _fsync_dir(self.out_dir)
        for name in sorted(n for n in os.listdir(self.path) if not n.startswith(".")):
            entry = self.out_dir / name
            wanted = f"{CURRENT}/{name}"
            if not (entry.is_symlink() and os.readlink(entry) == wanted):
                _replace_with_link(entry, wanted)
        for entry in self.out_dir.iterdir():  # a name the previous set had and this one has not
            if entry.is_symlink() and os.readlink(entry).startswith(f"{CURRENT}/") and not entry.exists():
                entry.unlink()
        if previous is not None and previous.name != self.path.name:
            _remove(previous)

    def abort(self) -> None:
        if not self._committed:
            _remove(self.path)


def _replace_with_link(entry: Path, target: str) -> None:
    """`entry` becomes a symlink to `target` in one rename (a directory in the way, left by an
    older tool's texts/, is moved aside first)."""
    temp = entry.with_name(f".{entry.name.lstrip('.')}.link.tmp")
    temp.unlink(missing_ok=True)
    os.symlink(target, temp)
    try:
        if entry.is_dir() and not entry.is_symlink():
            aside = Path(tempfile.mkdtemp(prefix="old.", dir=entry.parent / GENERATIONS))
            os.rename(entry, aside / entry.name)
            os.replace(temp, entry)
            _remove(aside)
        else:
            os.replace(temp, entry)
    finally:
        temp.unlink(missing_ok=True)  # left only when a rename failed


def _unlink_if_symlink(path: Path) -> None:
    """A name this tool reserves in --out, made a link by someone else: removed, never followed."""
    if path.is_symlink():
        path.unlink()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    """The folders of a generation reach the disk before the link names them (files are
    fsynced as they are closed)."""
    for root, _dirs, _files in os.walk(folder):
        _fsync_dir(Path(root))
