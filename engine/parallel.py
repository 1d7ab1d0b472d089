"""Work spread over forked processes, results in task order.

Input: a function, an iterator of tasks, a number of processes and a worker initializer.
Output: the function's results, in the order of the tasks.
Invariants: at most 2 × jobs tasks are in flight (memory stays bounded however long the
input); with one process, or where `fork` is not available, the tasks run in this process;
a worker that dies before finishing its task (killed for lack of memory, or by hand) raises
`WorkerDied` instead of leaving the run waiting for ever; the workers are always stopped,
also when the consumer stops early or is interrupted, and end by themselves when this process
is killed. A worker ignores Ctrl-C, SIGTERM and SIGHUP (`engine.interruptions`): sent to the
whole process group, they reach this process too, which stops the run and then its workers.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from engine.diagnostics import Said
from engine.interruptions import forking, ignored_in_a_worker


class WorkerDied(Exception):
    """A worker process ended before it finished its task."""

    said = Said("a worker process ended before finishing its work: it was killed, most often by the system for "
                "lack of memory", "有一个工作进程没有完成工作就结束了：它被终止了，最常见的原因是系统内存不足")

    def __init__(self) -> None:
        super().__init__(self.said.en)


def ordered_map(work: Callable[[Any], Any], tasks: Iterable[Any], jobs: int,
                initializer: Callable[[], None] | None = None) -> Iterator[Any]:
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield work(task)
        return
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
                               initargs=(os.getpid(), initializer))
    try:
        pending: collections.deque[Future[Any]] = collections.deque()
        for task in tasks:
            with forking():  # (the first task starts the workers)
                submitted = pool.submit(work, task)  # a pool broken meanwhile refuses the task at once
            pending.append(submitted)
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool:  # a worker died: its task is lost, and with it every task still pending
        _stop(pool)
        raise WorkerDied() from None
    except BaseException:  # an error, an interruption, or the consumer stopping early (GeneratorExit)
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _start_worker(parent: int, initializer: Callable[[], None] | None) -> None:
    ignored_in_a_worker()
    threading.Thread(target=_end_with, args=(parent,), name="policy-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer()


def _end_with(parent: int) -> None:
    """A worker whose parent was killed (nothing else would tell it: it waits for tasks) ends too."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """No task starts any more, and the workers still deciding one stop now rather than when it is done."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way before Python 3.14
    results = getattr(pool, "_result_queue", None)  # (all three are dropped by `shutdown`)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()  # (SIGTERM it ignores)
    for process in processes:
        process.join()
    # A worker stopped while it was sending a result leaves part of it in the result pipe; the pool's
    # manager thread, waiting for the rest, would then keep the interpreter from ever exiting (it is
    # joined at exit). Every worker is gone, so closing this process's end for writing gives that
    # thread the end of the pipe instead, and it ends.
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()
    # Left to end on its own, that thread could be woken by the interpreter's exit (Python 3.11's
    # `_python_exit`, unguarded) just as it closes the pipe it is woken through, which printed
    # `OSError: [Errno 9] Bad file descriptor` under a run whose reader had left (`| head`).
    if manager is not None:
        manager.join(timeout=30)  # (it ends once it sees its workers gone: a bound, not a wait)
