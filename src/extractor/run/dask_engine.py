"""Run the per-document function on a Dask cluster (optional extra: extractor[dask]).

`process_in_worker` (the per-document function the process pool runs in batches) is
mapped over the documents; each worker builds its Extractor once. Results are gathered in input order with a bounded
number of tasks in flight, so the outputs are identical to a local run.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from typing import Iterator, Optional

from .batch import Outcome, Task, process_in_worker
from ..errors import ExtractorError


def dask_engine(scheduler: Optional[str], rules_dir: Optional[str], local_workers: int = 2):
    """An engine for batch.run_batch: tasks -> outcomes in order, on Dask."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ExtractorError("--engine dask needs the dask extra: pip install 'extractor[dask]'") from None

    def run(tasks: list[Task]) -> Iterator[Outcome]:
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        try:
            # Workers cannot write into this machine's spill folder on a real cluster.
            remote = [replace(t, spill_dir=None) for t in tasks]
            window = max(4, 4 * len(client.scheduler_info().get("workers", {}) or [1]))
            pending: deque = deque()
            queue = iter(remote)
            for task in queue:
                pending.append(client.submit(process_in_worker, task, rules_dir, pure=False))
                if len(pending) >= window:
                    break
            while pending:
                outcome = pending.popleft().result()
                for task in queue:
                    pending.append(client.submit(process_in_worker, task, rules_dir, pure=False))
                    break
                yield outcome
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run
