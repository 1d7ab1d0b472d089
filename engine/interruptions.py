"""What stops a run from outside: Ctrl-C (SIGINT), a scheduler's stop (SIGTERM: a timeout, a drain, systemd,
Slurm, Kubernetes) and a closed terminal (SIGHUP).

Input: the signals this process receives. Output: in the main process, each of them as an interruption
(`KeyboardInterrupt`, which Ctrl-C already is; `Interrupted` for the other two), so that every command ends the
way Ctrl-C ends it — its temporary copies removed, no output half-written, a journal kept for `--resume` — with
the exit code a shell gives a process the signal ended (`exit_code`: 130, 143, 129). Invariants: a signal this
process was started ignoring (`nohup`) stays ignored; once a run is stopping, another SIGTERM or SIGHUP does not
cut its ending short; forked workers ignore all three (`forking`, `ignored_in_a_worker`), since the main process,
which receives them too when they are sent to the whole process group, stops its workers itself; `held` keeps
them off what must happen whole (the renames that end a run).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_FROM_OUTSIDE = (signal.SIGTERM, signal.SIGHUP)  # (SIGINT is Python's KeyboardInterrupt already)


class Interrupted(KeyboardInterrupt):
    """A run stopped by SIGTERM or SIGHUP: handled wherever Ctrl-C is."""

    def __init__(self, signal_number: int):
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number


def exit_code(interruption: BaseException) -> int:
    """128 + the number of the signal that stopped the run, as a shell reports it: 130 for Ctrl-C."""
    return 128 + getattr(interruption, "signal_number", signal.SIGINT)


def stop_on_signals() -> None:
    """In the main process: SIGTERM and SIGHUP raise `Interrupted`, as SIGINT raises KeyboardInterrupt."""
    for number in _FROM_OUTSIDE:
        if signal.getsignal(number) is signal.SIG_DFL:  # ignored as started (`nohup`): left so
            signal.signal(number, _interrupt)


def _interrupt(number: int, frame: FrameType | None) -> None:
    for other in _FROM_OUTSIDE:  # the run is ending: a second stop must not cut its ending short
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(number)


@contextlib.contextmanager
def forking() -> Iterator[None]:
    """What runs inside may fork workers: the signals that stop a run wait until it is done, so that one sent to
    the whole process group meanwhile reaches a new worker only once it ignores it (`ignored_in_a_worker`)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignored_in_a_worker() -> None:
    """A forked worker leaves the stopping to the main process, which stops it once it has stopped the run."""
    for number in STOPS:
        signal.signal(number, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)  # as `forking` forked it


@contextlib.contextmanager
def held() -> Iterator[None]:
    """What runs inside is not interrupted (in the main thread; elsewhere signals are not received anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in STOPS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
