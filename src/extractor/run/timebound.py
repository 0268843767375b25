"""A time bound on one document: past it the document fails, the batch goes on.

SIGALRM raises DocumentTimeout in the thread that runs the document, between two Python
bytecodes or inside a regex match (`regex` and `re` both check for signals as they scan), so a
pathological text stops within a moment of its bound, but not inside C code that does not
return (PDFium). Forked workers are bounded by their parent's kill instead (workers.py); this
serves where there are none: Dask worker processes, a platform without fork. It needs the main
thread of a process; elsewhere (a Dask worker's thread, Windows) documents run unbounded.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator, Optional

SECONDS_PER_MB = 60.0  # the default bound: a minute per MB of input, never less than the floor
FLOOR_SECONDS = 60.0


class DocumentTimeout(BaseException):
    """A document ran past its time bound. A BaseException, so that no `except Exception` of a
    reader or library on the way (PDF and HTML parsers have them) swallows it and runs on."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


def default_bound(size_bytes: int) -> float:
    """60 s per MB of the file, at least 60 s."""
    return max(FLOOR_SECONDS, SECONDS_PER_MB * size_bytes / 1_000_000)


def can_bound() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_bound(seconds: Optional[float]) -> Iterator[None]:
    """Raise DocumentTimeout in this block after `seconds` (None or 0: no bound)."""
    if not seconds or not can_bound():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
