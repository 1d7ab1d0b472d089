"""Work over forked processes: results in task order, and a worker that dies is reported, never waited for."""

from __future__ import annotations

import os
import signal
import time

import pytest

from engine.parallel import WorkerDied, ordered_map


def _square(n: int) -> int:
    return n * n


def _square_but_die_on_5(n: int) -> int:
    if n == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # as the system's out-of-memory killer would
    return n * n


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_task_order(jobs: int) -> None:
    assert list(ordered_map(_square, range(50), jobs)) == [n * n for n in range(50)]


def test_a_worker_that_dies_raises_at_once_and_no_result_is_skipped() -> None:
    got: list[int] = []
    started = time.monotonic()
    with pytest.raises(WorkerDied, match="killed, most often by the system for lack of memory"):
        for result in ordered_map(_square_but_die_on_5, range(50), 2):
            got.append(result)
    # the results given are those of the first tasks, in order; the pool fails every task still pending
    # when a worker dies, so the ones just before the lost task may come back with it (a resume redoes them)
    assert got == [n * n for n in range(len(got))] and len(got) <= 5
    assert time.monotonic() - started < 30  # the run used to wait for the lost task for ever


def test_stopping_early_stops_the_workers() -> None:
    import multiprocessing

    before = set(multiprocessing.active_children())  # other tests' processes may still be ending
    results = ordered_map(_square, range(1000), 2)
    assert next(results) == 0
    workers = set(multiprocessing.active_children()) - before
    assert len(workers) == 2
    results.close()  # the consumer stops: the pool is shut down and its processes are gone
    # asked of the system: `is_alive()` can say yes for a child the pool's own thread has just reaped
    assert not any(_alive(worker.pid) for worker in workers if worker.pid is not None)


def test_stopping_early_leaves_no_thread_of_the_pool_behind() -> None:
    """The pool's manager thread, left to end on its own, was woken at exit by the interpreter while it closed the
    pipe it is woken through: `Exception ignored … OSError: [Errno 9] Bad file descriptor` on standard error, now
    and then, under `policy batch … -o - | head`."""
    import threading

    results = ordered_map(_square, range(1000), 2)
    assert next(results) == 0
    results.close()
    assert [t for t in threading.enumerate() if type(t).__name__ == "_ExecutorManagerThread"] == []


PARENT = """
import multiprocessing, time
from engine.parallel import ordered_map

def square(n):
    return n * n

results = ordered_map(square, range(1000), 2)
next(results)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(120)
"""


def test_workers_end_when_their_parent_is_killed() -> None:
    import subprocess
    import sys

    from tests.helpers import ROOT

    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.kill()  # as the system's out-of-memory killer would: no chance to stop the workers
    parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split()[2] != "Z"  # a zombie has ended, only not been reaped yet
    except FileNotFoundError:
        return False


CUT_SHORT = """
import multiprocessing, os, signal, struct, time
from engine.parallel import ordered_map

def send_half_a_result(n):
    # as a worker stopped while sending a large result leaves it: the length of a message, and part of it
    results = multiprocessing.current_process()._args[1]  # the pool's result queue
    os.write(results._writer.fileno(), struct.pack("!i", 1 << 20) + b"x" * 100)
    time.sleep(60)

def interrupt(*_):
    raise KeyboardInterrupt

signal.signal(signal.SIGALRM, interrupt)
signal.alarm(2)  # the user presses Ctrl-C while the pool waits for that result
try:
    list(ordered_map(send_half_a_result, range(2), 2))
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_an_interrupted_run_ends_even_when_a_worker_was_stopped_halfway_through_a_result() -> None:
    """The pool's manager thread, left reading the rest of a result that will never come, is joined at exit:
    the interpreter would wait for it for ever."""
    import subprocess
    import sys

    from tests.helpers import ROOT

    run = subprocess.run([sys.executable, "-c", CUT_SHORT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout == "interrupted\n", run.stderr


STOPPED_BY_THE_GROUP = """
import os, signal, sys, time
from engine.interruptions import exit_code, stop_on_signals
from engine.parallel import ordered_map

def slow(n):
    time.sleep(60 if n else 0)  # the second task keeps a worker busy, the other waits for tasks
    return n

def tasks():
    yield 0
    yield 1
    print("ready", flush=True)
    time.sleep(60)  # the main process waits for input meanwhile
    yield 2

stop_on_signals()
try:
    list(ordered_map(slow, tasks(), 2))
except KeyboardInterrupt as stop:
    print("interrupted", exit_code(stop), flush=True)
"""


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_sent_to_the_whole_group_is_the_main_process_s_to_handle(how: signal.Signals) -> None:
    """systemd, Slurm and a closed terminal signal every process of the run: the workers leave it to the main
    process, which stops them, rather than each end with a traceback (or, dead first, be taken for a lack of
    memory)."""
    import multiprocessing
    import subprocess
    import sys

    from tests.helpers import ROOT

    run = subprocess.Popen([sys.executable, "-c", STOPPED_BY_THE_GROUP], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert run.stdout is not None and run.stdout.readline() == "ready\n"
    os.killpg(run.pid, how)
    out, err = run.communicate(timeout=60)
    assert (run.returncode, out, err) == (0, f"interrupted {128 + how}\n", "")
    assert not multiprocessing.active_children()
