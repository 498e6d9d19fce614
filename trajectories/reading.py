"""Reading files in worker processes, each document within a time and memory limit.

Contract:
- `read_all(jobs, task, workers)` runs `task(job)` for every job in separate worker processes
  (forked; at most `workers` at once) and yields `(result, None)` or `(None, reason)` for each
  job, in the order of `jobs`. `task` returns its result or raises; an exception becomes its
  one-line reason. Nothing here touches a database: callers read first and write afterwards.
- Each document gets at most `DOCUMENT_SECONDS` of wall-clock time: a worker still reading it then
  is killed, the job fails with a reason naming the limit, and a fresh worker takes the next job.
- Each worker may grow by at most `WORKER_MEMORY_MB` beyond what it inherited (an address-space
  limit): a document that needs more fails with a reason naming the limit; the other jobs go on.
- A worker that dies (killed from outside, a crash in a library) fails only its own job; workers
  die with the process that started them (a killed load leaves no reader behind, nor any lock
  or connection it inherited).
- Without `fork` (not Linux) the jobs run in this process, in order, without these limits.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait

DOCUMENT_SECONDS = 60.0  # wall-clock time to read one document
WORKER_MEMORY_MB = 1536  # growth of a worker's address space while it reads


def default_workers() -> int:
    """One more worker than cores (at most 5): a worker holds one document at a time, so one more
    keeps the cores busy while the caller stores what came back."""
    return max(1, min((os.cpu_count() or 1) + 1, 5))


def _limit_memory(megabytes: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = inherited + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (OSError, ValueError, ImportError):  # no /proc or no resource module: unlimited
        pass


def one_line(exc: BaseException, limit: int = 200) -> str:
    """An exception as one line: its class when it says nothing, newlines folded, cut at `limit`."""
    text = " ".join(str(exc).split())
    return (text or exc.__class__.__name__)[:limit]


def _run(task: Callable, job, memory_mb: int):
    try:
        return task(job), None
    except MemoryError:
        return None, f"needs more memory than the limit of {memory_mb} MB for reading one document"
    except Exception as exc:  # the task's own failures carry their reason; anything else is named
        from trajectories.domain import DocumentError

        if isinstance(exc, DocumentError):
            return None, one_line(exc)
        return None, f"unexpected error while reading: {exc.__class__.__name__}: {one_line(exc)}"


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the worker ends at its next job instead
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _worker(conn, task: Callable, memory_mb: int, parent: int) -> None:
    _die_with_parent(parent)
    _limit_memory(memory_mb)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, job = message
        result = _run(task, job, memory_mb)
        try:
            conn.send((index, *result))
        except MemoryError:
            conn.send((index, None, f"needs more memory than the limit of {memory_mb} MB for reading one document"))
        except Exception as exc:  # a result that cannot be sent back
            conn.send((index, None, f"unexpected error while reading: {exc.__class__.__name__}: {one_line(exc)}"))


class _Worker:
    def __init__(self, ctx, task: Callable, memory_mb: int):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, task, memory_mb, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.deadline = 0.0

    def give(self, index: int, job, seconds: float) -> None:
        self.index, self.deadline = index, time.monotonic() + seconds
        self.conn.send((index, job))

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def read_all(
    jobs: Iterable,
    task: Callable,
    workers: int | None = None,
    *,
    seconds: float | None = None,
    memory_mb: int | None = None,
) -> Iterator[tuple[object | None, str | None]]:
    """Yield (result, None) or (None, reason) for each job, in order (see the module contract)."""
    jobs = list(jobs)
    seconds = DOCUMENT_SECONDS if seconds is None else seconds
    memory_mb = WORKER_MEMORY_MB if memory_mb is None else memory_mb
    workers = max(1, min(workers or default_workers(), len(jobs) or 1))
    if not jobs:
        return
    if "fork" not in mp.get_all_start_methods():  # pragma: no cover - Linux always has fork
        for job in jobs:
            yield _run(task, job, memory_mb)
        return
    ctx = mp.get_context("fork")
    pool: list[_Worker] = []
    done: dict[int, tuple] = {}
    following, next_out = 0, 0  # the next job to hand out; the next result to yield
    try:
        while next_out < len(jobs):
            while following < len(jobs) and (len(pool) < workers or any(w.index is None for w in pool)):
                idle = next((w for w in pool if w.index is None), None)
                if idle is None:
                    idle = _Worker(ctx, task, memory_mb)
                    pool.append(idle)
                idle.give(following, jobs[following], seconds)
                following += 1
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [w for w in pool if w.index is not None]
            if not busy:
                continue
            # Back to the top: idle workers get their next job before the caller gets this result
            # (it stores it meanwhile, instead of leaving them to wait for it).
            _collect(busy, pool, done, seconds)
    finally:
        for worker in pool:
            worker.stop(kill=worker.index is not None)


def _collect(busy: list[_Worker], pool: list[_Worker], done: dict[int, tuple], seconds: float) -> None:
    """Wait for the first answer or deadline of the busy workers; put the results in `done`, and
    stop (and drop from `pool`) each worker that died or ran out of time, failing its job alone."""
    timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
    ready = wait([w.conn for w in busy], timeout=timeout)
    for worker in busy:
        if worker.conn in ready:
            try:
                index, result, error = worker.conn.recv()
            except (EOFError, OSError):  # the worker died: its job fails alone
                code = worker.process.exitcode
                done[worker.index] = (
                    None,
                    "the reading process stopped unexpectedly" + (f" (signal {-code})" if code and code < 0 else ""),
                )
                pool.remove(worker)
                worker.stop(kill=True)
                continue
            done[index] = (result, error)
            worker.index = None
        elif time.monotonic() >= worker.deadline:
            done[worker.index] = (
                None,
                f"took longer than the limit of {seconds:g} seconds for reading one document",
            )
            pool.remove(worker)
            worker.stop(kill=True)
