"""Worker processes that can die alone: each document runs in a forked child that may be killed.

A worker is forked from the process that holds the loaded Extractor (rules and jieba's tables
already warm, so no document pays for them) and serves one document at a time over a pipe. The
parent watches every busy worker: a worker that dies (the kernel's OOM killer, a segfault in C
code, an exit) or passes its document's time bound (killed then, even inside C code that never
returns to Python) costs that document one `failed` row, and a new worker takes its place.
Each worker runs under an address-space limit (RLIMIT_AS) of its size at the fork plus the
document's memory bound, and dies with its parent (PR_SET_PDEATHSIG, and EOF on its pipe).

concurrent.futures.ProcessPoolExecutor does none of this: one dead worker breaks the whole pool
(BrokenProcessPool), it cannot stop a worker stuck in C code, and its workers outlive a parent
killed by SIGKILL.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, Pipe, wait
from typing import Callable, Generic, Iterator, Optional, TypeVar

try:
    import resource
except ImportError:  # not on Windows: documents run without a memory limit there
    resource = None  # type: ignore[assignment]

Job = TypeVar("Job")
Result = TypeVar("Result")

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>: the signal this process gets when its parent ends
# A worker killed by a signal after its RSS grew by this share of its memory bound ran out of
# memory (PDFium's stream bomb aborts having grown by 0.95 of a 300 MB bound, 0.99 of 2 GB).
NEAR_LIMIT = 0.75
WINDOW = 4  # documents dispatched per worker ahead of the one the batch writes next (memory stays flat)
DEPTH = 2  # documents queued in a worker's pipe: it starts the next while the parent writes the last


def can_fork() -> bool:
    return hasattr(os, "fork")


@dataclass(frozen=True)
class _Memory:
    limit: int  # RLIMIT_AS, bytes
    growth: int  # bytes the worker may grow by under it (the limit less its size when forked)
    rss: int  # its resident size when forked, bytes


@dataclass
class _Worker:
    pid: int
    conn: Connection
    memory: Optional[_Memory]  # its address-space limit; None: none
    queue: deque[int] = field(default_factory=deque)  # jobs sent to it, by position in the batch; it runs the first
    deadline: Optional[float] = None  # time.monotonic() at which it is killed if the first has not come back


class WorkerPool(Generic[Job, Result]):
    """`jobs` forked workers mapping `work` over jobs; results in input order.

    `work(job)` returns (result, spent): a spent worker (it ran out of memory, its state may be
    broken) exits after sending its result and is replaced. `fail(job, reason)` is the result of a
    job whose worker died or was killed; `seconds(job)` its time bound (None: none); `megabytes`
    what a worker may allocate beyond its size when forked (None: no bound).
    """

    def __init__(self, jobs: int, work: Callable[[Job], tuple[Result, bool]], fail: Callable[[Job, str], Result],
                 seconds: Callable[[Job], Optional[float]], megabytes: Optional[int]) -> None:
        self.size = max(1, jobs)
        self.work, self.fail, self.seconds, self.megabytes = work, fail, seconds, megabytes
        self.workers: list[_Worker] = []

    def map(self, jobs: list[Job]) -> Iterator[Result]:
        done: dict[int, Result] = {}
        todo = deque(range(len(jobs)))  # jobs to send: not sent yet, or queued in a worker that ended first
        written = 0
        try:
            self._dispatch(jobs, todo, written)
            while written < len(jobs):
                self._collect(jobs, done, todo)
                self._dispatch(jobs, todo, written)  # before writing: workers go on while the parent writes
                while written in done:
                    yield done.pop(written)
                    written += 1
        finally:
            self.close()

    # --- the parent's side ---------------------------------------------------------------

    def _dispatch(self, jobs: list[Job], todo: deque[int], written: int) -> None:
        """Queue jobs in the workers' pipes, the least busy worker first, starting workers as needed."""
        while todo and todo[0] - written < self.size * WINDOW:
            if len(self.workers) < min(self.size, len(jobs)) and all(w.queue for w in self.workers):
                self._start()
            worker = min(self.workers, key=lambda w: len(w.queue))
            if len(worker.queue) >= DEPTH:
                return
            try:
                worker.conn.send(jobs[todo[0]])
            except OSError:  # it died, e.g. killed by the OOM killer; _collect sees its end of the pipe close
                if worker.queue:
                    return
                self._remove(worker, kill=True)  # it was idle: no job is lost, a new worker takes this one
                continue
            worker.queue.append(todo.popleft())
            if len(worker.queue) == 1:
                worker.deadline = self._deadline(jobs[worker.queue[0]])

    def _deadline(self, job: Job) -> Optional[float]:
        seconds = self.seconds(job)
        return time.monotonic() + seconds if seconds else None

    def _collect(self, jobs: list[Job], done: dict[int, Result], todo: deque[int]) -> None:
        """Wait for a result, a worker's death or the nearest deadline, and record what happened."""
        busy = [w for w in self.workers if w.queue]
        if not busy:
            return
        deadlines = [w.deadline for w in busy if w.deadline is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = wait([w.conn for w in busy], timeout)
        for worker in busy:
            index = worker.queue[0]
            if worker.conn in ready:
                try:
                    result, spent = worker.conn.recv()
                except (EOFError, OSError):  # its end of the pipe closed: the worker ended in this job
                    done[index] = self.fail(jobs[index], self._death(worker))
                    todo.extendleft(reversed(list(worker.queue)[1:]))  # queued behind it, never started
                    continue
                done[index] = result
                worker.queue.popleft()
                # The next job started as this result was sent: its clock starts now.
                worker.deadline = self._deadline(jobs[worker.queue[0]]) if worker.queue else None
                if spent:  # it ends without reading what is queued for it
                    todo.extendleft(reversed(worker.queue))
                    self._remove(worker, kill=False)
            elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                self._remove(worker, kill=True)
                done[index] = self.fail(jobs[index], f"timed out after {self.seconds(jobs[index]):g} s")
                todo.extendleft(reversed(list(worker.queue)[1:]))

    def _death(self, worker: _Worker) -> str:
        """Why a worker ended, from its exit status and peak memory; it is reaped and removed."""
        status, peak = self._remove(worker, kill=False)
        if os.WIFSIGNALED(status):
            # C code (PDFium, zlib) that cannot allocate under the limit aborts or segfaults
            # instead of raising MemoryError: growth this near the bound says that is what happened.
            if worker.memory is not None and peak - worker.memory.rss >= NEAR_LIMIT * worker.memory.growth:
                return f"over {self.megabytes} MB of memory"
            return f"worker died (signal {os.WTERMSIG(status)})"
        return f"worker died (exit status {os.waitstatus_to_exitcode(status)})"

    def _remove(self, worker: _Worker, kill: bool) -> tuple[int, int]:
        """Stop watching a worker (killing it first if asked) and reap it: (wait status, peak RSS bytes)."""
        self.workers.remove(worker)
        worker.conn.close()
        if kill:
            os.kill(worker.pid, signal.SIGKILL)
        _, status, usage = os.wait4(worker.pid, 0)
        return status, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)

    def close(self) -> None:
        """End every worker: idle ones see EOF, busy ones are killed (the batch stopped early)."""
        for worker in list(self.workers):
            self._remove(worker, kill=bool(worker.queue))

    def _start(self) -> _Worker:
        memory = _memory_bound(self.megabytes) if self.megabytes else None
        parent_end, child_end = Pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: it never returns from here
            code = 0
            try:
                parent_end.close()
                for sibling in self.workers:  # only the parent may hold the parent ends: EOF then means it ended
                    sibling.conn.close()
                _watch_parent(parent)
                if memory is not None:
                    resource.setrlimit(resource.RLIMIT_AS, (memory.limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
                _serve(child_end, self.work)
            except BaseException:  # noqa: BLE001 - a worker's own crash: printed, then its exit status says it
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)  # never the parent's atexit handlers, buffers or finalizers
        child_end.close()
        worker = _Worker(pid, parent_end, memory)
        self.workers.append(worker)
        return worker


# --- the worker's side ------------------------------------------------------------------


def _serve(conn: Connection, work: Callable) -> None:
    while True:
        try:
            job = conn.recv()
        except EOFError:  # the parent closed its end: the batch is over
            return
        result, spent = work(job)
        conn.send((result, spent))
        if spent:
            return


def _watch_parent(parent: int) -> None:
    """End this worker when the parent ends, even by SIGKILL: Linux's parent-death signal, else
    a thread that polls the parent's id (a worker busy in C code never reads its pipe)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        watched = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # no prctl outside Linux
        watched = False
    if not watched:
        threading.Thread(target=_poll_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the watch was set
        os._exit(1)


def _poll_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _memory_bound(megabytes: int) -> Optional[_Memory]:
    """The memory bound of a worker forked now: this process's virtual size plus `megabytes`, or a
    lower limit this process already has; None where /proc does not give the sizes (not Linux)."""
    if resource is None:
        return None
    try:
        with open("/proc/self/statm") as statm:
            size, rss = (int(pages) * os.sysconf("SC_PAGE_SIZE") for pages in statm.read().split()[:2])
    except OSError:
        return None
    outer = [bound for bound in resource.getrlimit(resource.RLIMIT_AS) if bound != resource.RLIM_INFINITY]
    limit = min([size + (megabytes << 20), *outer])
    return _Memory(limit, limit - size, rss)
