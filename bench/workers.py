"""The cost of running --jobs 1 documents in a worker process (issue 27) instead of in-process.

Run from the repo root:  .venv/bin/python bench/workers.py FOLDER [--rounds 2]

The same batch (FOLDER, e.g. 300 small files) goes through run_batch with --jobs 1 twice per
round, alternating which goes first: once with documents run in this process (the engine used
where there is no fork) and once in one forked worker (the default). Both load the rules and warm
up before the clock starts, as `extract` does. Prints each run's seconds and, per round, the
ratio worker / in-process; the figure is the median ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from extractor.pipeline import Extractor
from extractor.read.reader import discover_inputs
from extractor.run.batch import run_batch, run_local


def timed(paths: list[Path], extractor: Extractor, in_process: bool) -> float:
    with tempfile.TemporaryDirectory() as out:
        engine = (lambda tasks: run_local(tasks, extractor)) if in_process else None
        started = time.perf_counter()
        summary = run_batch(paths, Path(out), extractor, jobs=1, engine=engine)
        seconds = time.perf_counter() - started
    assert summary.documents == len(paths), summary
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    paths, _ = discover_inputs([str(args.folder)])
    extractor = Extractor()
    extractor.warm_up()
    ratios = []
    for round_ in range(args.rounds):
        order = [True, False] if round_ % 2 == 0 else [False, True]
        seconds = {in_process: timed(paths, extractor, in_process) for in_process in order}
        ratios.append(seconds[False] / seconds[True])
        print(f"round {round_ + 1}: in-process {seconds[True]:.2f} s, worker {seconds[False]:.2f} s, "
              f"ratio {ratios[-1]:.3f}", flush=True)
    print(f"{len(paths)} files: worker / in-process, median of {args.rounds} rounds: {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    sys.exit(main())
