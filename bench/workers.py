"""The cost of running --jobs 1 documents in a worker process (issue 27) instead of in-process.

Run from the repo root:  .venv/bin/python bench/workers.py FOLDER [--rounds 2]

The same batch (FOLDER, e.g. 300 small files) goes through run_batch with --jobs 1 twice per
round, alternating which goes first: once with documents run in this process (the engine used
where there is no fork) and once in one forked worker (the default). Both load the rules and warm
up before the clock starts, as `extract` does. Prints each run's wall-clock and CPU seconds
(this process and its reaped workers: on a loaded machine CPU time varies less than wall time)
and, per round, the ratios worker / in-process; the figures are the median ratios. Last, the
pool's own cost: as many jobs that do nothing but return rows of a typical size, in one worker.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from extractor.pipeline import Extractor
from extractor.read.reader import discover_inputs
from extractor.run.batch import Outcome, run_batch, run_local
from extractor.run.workers import WorkerPool

ROWS = {"mentions.jsonl": b"x" * 20_000, "facts.jsonl": b"x" * 8_000}  # a small report's serialized rows


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(paths: list[Path], extractor: Extractor, in_process: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of one batch."""
    with tempfile.TemporaryDirectory() as out:
        engine = (lambda tasks: run_local(tasks, extractor)) if in_process else None
        started, cpu = time.perf_counter(), cpu_seconds()
        summary = run_batch(paths, Path(out), extractor, jobs=1, engine=engine)
        seconds = time.perf_counter() - started, cpu_seconds() - cpu
    assert summary.documents == len(paths), summary
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=2, help="0: only the pool's own cost")
    args = parser.parse_args()
    paths, _ = discover_inputs([str(args.folder)])
    extractor = Extractor()
    extractor.warm_up()
    wall, cpu = [], []
    for round_ in range(args.rounds):
        order = [True, False] if round_ % 2 == 0 else [False, True]
        seconds = {in_process: timed(paths, extractor, in_process) for in_process in order}
        (here_wall, here_cpu), (child_wall, child_cpu) = seconds[True], seconds[False]
        wall.append(child_wall / here_wall)
        cpu.append(child_cpu / here_cpu)
        print(f"round {round_ + 1}: in-process {here_wall:.2f} s ({here_cpu:.2f} s CPU), worker {child_wall:.2f} s "
              f"({child_cpu:.2f} s CPU); ratio {wall[-1]:.3f} wall, {cpu[-1]:.3f} CPU", flush=True)
    if wall:
        print(f"{len(paths)} files, worker / in-process, median of {args.rounds} rounds: "
              f"{statistics.median(wall):.3f} wall, {statistics.median(cpu):.3f} CPU")
    started, cpu_before = time.perf_counter(), cpu_seconds()
    pool: WorkerPool[int, Outcome] = WorkerPool(1, lambda job: (Outcome({}, texts=ROWS), False),
                                                lambda job, reason: Outcome({}), lambda job: 60.0, 2048)
    count = sum(1 for _ in pool.map(list(range(len(paths)))))
    print(f"the pool alone: {count} jobs that only return rows, {(time.perf_counter() - started) / count * 1000:.2f} ms "
          f"wall, {(cpu_seconds() - cpu_before) / count * 1000:.2f} ms CPU a job (fork included)")


if __name__ == "__main__":
    sys.exit(main())
