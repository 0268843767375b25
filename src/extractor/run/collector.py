"""CPython's cyclic garbage collector during a batch: set aside what was loaded, collect young objects less often.

Extraction leaves no reference cycles (gc.collect after each of 1,000 short reports, the 31 work
reports or a 340 K-character list of companies finds nothing): reference counting frees all of it,
and the collector's passes are pure cost, growing with the heap (full passes over the cached windows
of a long document). The loaded rules and tables are frozen (never scanned again; in forked
workers their pages are not copied by the scans either), and the youngest generation is collected
every YOUNGEST allocations instead of 700. The collector stays on: cycles from some other code
(a parser, a traceback) are still freed, a little later.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

YOUNGEST = 10_000  # allocations less deallocations between collections of the youngest generation


@contextmanager
def loaded_set_aside() -> Iterator[None]:
    """Within: objects alive at entry are frozen and young ones collected every YOUNGEST allocations;
    both undone at exit (a library caller's process gets its own settings back)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNGEST, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
