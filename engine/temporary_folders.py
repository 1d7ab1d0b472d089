"""Temporary folders a process makes for itself, and those left by processes that ended before removing theirs.

Input: a prefix (`policy-tables-`). Output: a new folder in `$TMPDIR` (else `/tmp`) named after it, the process
that made it and the machine it ran on (`policy-tables-4711-node7-k3x9`), and the removal of the folders of that
prefix whose process is gone. Invariants: a process removes its folder itself when it can (`close`, a finalizer at
exit); one killed outright (SIGKILL, the system out of memory, a power cut) cannot, and the next to make one removes
it instead. Only this user's folders made on this machine are removed (a process id says nothing of a process of
another machine or container sharing the folder), never one whose process is still running, nor one named otherwise
(without a process id, as `mkdtemp` alone names them).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import tempfile
from pathlib import Path


def own_folder(prefix: str) -> Path:
    """A new temporary folder of this process (`{prefix}{pid}-{host}-…`), once the ones of `prefix` that ended
    processes of this machine left are removed."""
    remove_abandoned(prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-{machine_name()}-"))


def machine_name() -> str:
    """This machine's name as a folder name may hold it (`mkdtemp`'s own part, after the last dash, has none)."""
    return re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname())[:64] or "_"


def remove_abandoned(prefix: str) -> None:
    """Remove this user's temporary folders of `prefix` made on this machine whose process has ended."""
    if not hasattr(os, "getuid"):  # (no user ids, and `os.kill` would end the process it asks about)
        return
    try:
        found = list(Path(tempfile.gettempdir()).glob(f"{prefix}*-*"))
    except OSError:
        return
    host = machine_name()
    for folder in found:
        maker, dash, rest = folder.name[len(prefix):].partition("-")
        if not (dash and maker.isascii() and maker.isdigit()) or rest.rpartition("-")[0] != host \
                or _running(int(maker)):
            continue
        try:
            info = folder.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # (another user's: running; no process id at all: not ours to judge)
        return True
    return True
