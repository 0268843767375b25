"""Batches: many documents through the Extractor, in order, with flat memory.

One document is one task. Small files are read whole; large ones are read and extracted in
chunks that end at line breaks, their rows spilled to a temporary file, so neither a 200 MB
file nor 50,000 small ones grow memory. Tasks run in worker processes that can die alone
(workers.py; --jobs 1 too), or on Dask; results are consumed in input order, so outputs are identical.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from ..pipeline import Extractor
from .timebound import default_bound
from ..read.reader import display_path, document_ids, document_stem
from ..output.db import DatabaseSink
from ..output.previous import PreviousOutputs
from ..output.write import OutputSet, read_spill
from .task import Outcome, Task, failed_task, process_task
from .collector import loaded_set_aside
from .workers import WorkerPool, can_fork


@dataclass
class BatchSummary:
    documents: int = 0
    failed: int = 0
    skipped: int = 0
    mentions: int = 0
    facts: int = 0  # facts, i.e. observations (one row each)
    undated: int = 0  # observations without period dates
    failures: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)  # inputs whose stem another input has: the doc_id each got

    def add_facts(self, count: int, undated: int) -> None:
        self.facts += count
        self.undated += undated


# --- engines: each maps process_task over tasks and yields outcomes in input order ------

_WORKER: dict[str, Extractor] = {}  # one Extractor per Dask worker process, keyed by rules folder


def _worker_extractor(rules_dir: Optional[str]) -> Extractor:
    key = rules_dir or ""
    if key not in _WORKER:
        _WORKER[key] = Extractor(rules_dir=Path(rules_dir) if rules_dir else None)
    return _WORKER[key]


def process_in_worker(task: Task, rules_dir: Optional[str]) -> Outcome:
    """Entry point for Dask workers (importable, so it pickles by reference)."""
    return process_task(task, _worker_extractor(rules_dir))


def run_local(tasks: list[Task], extractor: Extractor) -> Iterator[Outcome]:
    for task in tasks:
        yield process_task(task, extractor)


def run_pool(tasks: list[Task], jobs: int, extractor: Extractor, memory_bound: Optional[int]) -> Iterator[Outcome]:
    """Forked workers (workers.py), each document bounded in time and memory; results in input
    order. The Extractor is warmed here first: forked workers inherit its loaded tables, so no
    document's time bound pays for loading them."""
    extractor.warm_up()

    def work(task: Task) -> tuple[Outcome, bool]:
        outcome = process_task(task, extractor, alarm=False)
        return outcome, outcome.spent

    pool: WorkerPool[Task, Outcome] = WorkerPool(jobs, work, failed_task, lambda task: task.time_bound, memory_bound)
    return pool.map(tasks)


# --- the batch ------------------------------------------------------------------------


def run_batch(
    paths: list[Path],
    out_dir: Path,
    extractor: Extractor,
    jobs: int = 1,
    engine: Optional[Callable[[list[Task]], Iterable[Outcome]]] = None,
    incremental: bool = False,
    progress: bool = False,
    database: Optional[DatabaseSink] = None,
    doc_timeout: Optional[float] = None,
    year: Optional[int] = None,
    wait: bool = False,
    finish: Optional[Callable[[Path], None]] = None,
    doc_memory: Optional[int] = None,
) -> BatchSummary:
    """Process `paths` and write the output set (and the database, one transaction per
    document); previous output files survive any failure.

    `doc_timeout`: seconds each document may take (0 or inf: unbounded; None: 60 s per MB, at
    least 60 s). `doc_memory`: MB the worker of a document may allocate (0 or None: unbounded).
    `wait`: wait for another run's lock on `out_dir` instead of failing (OutputBusy).
    `finish(folder)`: writes more files of the set (Parquet ...) into it before the commit.
    """
    summary = BatchSummary()
    outputs = OutputSet(out_dir, wait=wait, finish=finish)  # the lock on --out comes first
    try:
        previous = PreviousOutputs(out_dir) if incremental else None
    except BaseException:
        outputs.abort()
        raise
    ids = document_ids(paths)
    clashes = {str(p): stem for p, doc_id in zip(paths, ids) if doc_id != (stem := document_stem(p))}
    summary.renamed = [f"{display_path(p)}: doc_id {doc_id}, as {clashes[str(p)]} is another input's"
                       for p, doc_id in zip(paths, ids) if str(p) in clashes]
    pooled = engine is None and can_fork()  # else Dask's workers, or this process where there is no fork
    memory_bound = (doc_memory or None) if pooled else None
    todo, carried = [], {}
    for path, doc_id in zip(paths, ids):
        known = previous.lookup(path, doc_id) if previous else None
        if known is not None:
            carried[str(path)] = known
        else:
            todo.append(Task(str(path), doc_id, str(outputs.spill_dir), keep_rows=database is not None,
                             time_bound=_bound(path, doc_timeout), year=year,
                             memory_bound=memory_bound))
    if engine is not None:
        results: Iterable[Outcome] = engine(todo)
    elif pooled and todo:
        results = run_pool(todo, jobs, extractor, memory_bound)
    else:
        results = run_local(todo, extractor)
    iterator = iter(results)
    try:
        # The pool's workers are forked inside: they inherit the frozen heap and the threshold.
        with _progress_bar(len(paths), progress) as advance, loaded_set_aside():
            for path in paths:
                if str(path) in carried:
                    summary.add_facts(*outputs.add_previous(previous, carried[str(path)]))
                    summary.mentions += carried[str(path)]["mention_count"]
                    summary.skipped += 1
                    summary.documents += 1
                    advance(0)
                    continue
                outcome = next(iterator)
                if str(path) in clashes:  # named in documents.jsonl (SPEC: added fields only)
                    outcome.document["doc_id_clash"] = clashes[str(path)]
                if database is not None and outcome.document["status"] == "ok":
                    _to_database(database, outcome)
                outputs.add(outcome.document, outcome.mentions, outcome.facts, outcome.spill, outcome.texts)
                if outcome.extracted_text is not None:
                    outputs.add_text(outcome.document["doc_id"], outcome.extracted_text)
                summary.documents += 1
                summary.mentions += outcome.document["mention_count"]
                summary.add_facts(outcome.fact_count, outcome.undated_count)
                if outcome.document["status"] != "ok":
                    summary.failed += 1
                    summary.failures.append(f"{outcome.document['path']}: {outcome.document['reason']}")
                advance(outcome.document["char_count"])
        outputs.commit()
    except BaseException:
        outputs.abort()  # keep the previous outputs intact, then let the error through
        raise
    finally:
        stop = getattr(iterator, "close", None)  # a generator engine ends its workers now, not when collected
        if stop is not None:
            stop()
    return summary


# A bound past this is no bound: setitimer and time_t overflow long before it (1e300, inf).
NO_BOUND_SECONDS = 1e9


def _bound(path: Path, doc_timeout: Optional[float]) -> Optional[float]:
    if doc_timeout is not None:
        return doc_timeout if 0 < doc_timeout < NO_BOUND_SECONDS else None
    try:
        return default_bound(path.stat().st_size)
    except OSError:  # unreadable: reading it fails at once and says why
        return default_bound(0)


def _to_database(database: DatabaseSink, outcome: Outcome) -> None:
    """Write one document; a failure rolls back that document only and marks its row failed."""
    if outcome.spill is not None:
        mentions: Iterable[dict] = read_spill(outcome.spill, "mentions")
        facts: Iterable[dict] = read_spill(outcome.spill, "facts")
    else:
        mentions, facts = outcome.mentions, outcome.facts
    reason = database.write_document(outcome.document, mentions, facts)
    if reason is not None:
        outcome.document.update(status="failed", reason=reason)


@contextmanager
def _progress_bar(total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A rich progress bar (files, chars/s, ETA) when enabled; a no-op otherwise."""
    if not enabled:
        yield lambda chars: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), transient=True,
    ) as bar:
        task = bar.add_task("files", total=total, rate="")
        started = time.monotonic()
        done_chars = 0

        def advance(chars: int) -> None:
            nonlocal done_chars
            done_chars += chars
            rate = done_chars / max(time.monotonic() - started, 1e-9)
            bar.update(task, advance=1, rate=f"{rate / 1000:,.0f}k chars/s")

        yield advance


DEFAULT_DOC_MEMORY_MB = 2048  # --doc-memory: a report needs a few hundred MB; a stream bomb took 6 GB


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
