"""Temporary folders a process makes for itself, and those left by processes that ended before removing theirs.

Input: a prefix (`policy-tables-`). Output: a new folder in `$TMPDIR` (else `/tmp`) named after it and the process
that made it (`policy-tables-4711-k3x9`), and the removal of the folders of that prefix whose process is gone.
Invariants: a process removes its folder itself when it can (`close`, a finalizer at exit); one killed outright
(SIGKILL, the system out of memory, a power cut) cannot, and the next to make one removes it instead. Only this
user's folders are removed, never one whose process is still running, nor one named otherwise (without a process
id, as `mkdtemp` alone names them).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path


def own_folder(prefix: str) -> Path:
    """A new temporary folder of this process (`{prefix}{pid}-…`), once the ones of `prefix` that ended processes
    left are removed."""
    remove_abandoned(prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def remove_abandoned(prefix: str) -> None:
    """Remove this user's temporary folders of `prefix` whose process has ended."""
    if not hasattr(os, "getuid"):  # (no user ids, and `os.kill` would end the process it asks about)
        return
    try:
        found = list(Path(tempfile.gettempdir()).glob(f"{prefix}*-*"))
    except OSError:
        return
    for folder in found:
        maker, dash, _ = folder.name[len(prefix):].partition("-")
        if not (dash and maker.isascii() and maker.isdigit()) or _running(int(maker)):
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
