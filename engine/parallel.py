"""Work spread over forked processes, results in task order.

Input: a function, an iterator of tasks, a number of processes and a worker initializer.
Output: the function's results, in the order of the tasks.
Invariants: at most 2 × jobs tasks are in flight (memory stays bounded however long the
input); with one process, or where `fork` is not available, the tasks run in this process;
the pool is always torn down, also when the consumer stops early.
"""

from __future__ import annotations

import collections
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from typing import Any


def ordered_map(work: Callable[[Any], Any], tasks: Iterable[Any], jobs: int,
                initializer: Callable[[], None] | None = None) -> Iterator[Any]:
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield work(task)
        return
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=initializer)
    try:
        pending: collections.deque[Any] = collections.deque()
        for task in tasks:
            pending.append(pool.apply_async(work, (task,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
