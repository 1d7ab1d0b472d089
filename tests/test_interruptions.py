"""SIGTERM and SIGHUP end a command as Ctrl-C does, with the exit code a shell gives; `nohup` is respected."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from engine.interruptions import Interrupted, exit_code
from tests.helpers import ROOT


@pytest.mark.parametrize(("stop", "code"), [(KeyboardInterrupt(), 130), (Interrupted(signal.SIGTERM), 143),
                                            (Interrupted(signal.SIGHUP), 129)])
def test_the_exit_code_is_the_one_a_shell_gives_a_process_the_signal_ended(stop: KeyboardInterrupt,
                                                                           code: int) -> None:
    assert exit_code(stop) == code


STOPPED = """
import os, signal
from engine.interruptions import stop_on_signals

stop_on_signals()
try:
    os.kill(os.getpid(), signal.SIGHUP)
    os.kill(os.getpid(), signal.SIGTERM)
except KeyboardInterrupt as stop:
    print(repr(stop), signal.getsignal(signal.SIGTERM) is signal.SIG_IGN, flush=True)
"""


def test_a_stop_is_an_interruption_and_a_second_one_does_not_cut_its_ending_short() -> None:
    run = subprocess.run([sys.executable, "-c", STOPPED], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout, run.stderr) == (0, "Interrupted('SIGHUP') True\n", "")


def test_a_command_started_under_nohup_goes_on_when_its_terminal_closes() -> None:
    run = subprocess.run([sys.executable, "-c", "import os, signal\n"
                          "signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as `nohup` starts it\n"
                          "from engine.interruptions import stop_on_signals\n"
                          "stop_on_signals()\n"
                          "os.kill(os.getpid(), signal.SIGHUP)\n"
                          "print('went on')"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (0, "went on\n")
