"""A register on a disk with no room left: told as such, never as a damaged register.

Input: the path of a register and the error SQLite gave while opening, reading or writing it. Output: whether the
error comes of a full disk, and the `RegisterError` that says so — the register is intact and nothing was changed:
free space on that filesystem and run the command again. Restoring a backup, the advice for a damaged register,
would lose whatever was recorded since that copy.

SQLite says a full disk in two ways: SQLITE_FULL ("database or disk is full") when a write finds no room, and an
I/O error (SQLITE_IOERR, with an extended code such as SQLITE_IOERR_SHMSIZE) when the shared-memory file of the WAL
journal cannot be grown, before anything is read; the latter is taken for a full disk when the filesystem has
almost no room left. A disk with room but no inode left (one is needed for each file) lets no file be made: SQLite
says it cannot open the register or its journal (SQLITE_CANTOPEN), taken for a full disk when no inode is left.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from engine.diagnostics import FULL, Said, sentence, shell_word
from engine.markdown_text import md_code
from engine.monitor.register import RegisterError

_SQLITE_FULL, _SQLITE_IOERR, _SQLITE_CANTOPEN = 13, 10, 14
_NEARLY_NONE = 1 << 20  # bytes: less room than this, and an I/O error of SQLite is taken for the disk being full


_NO_RESTORE = Said("the register needs no restoring", "台账不需要恢复")


def needs_no_restoring(fix: Said, kept: bool = True, as_sentence: bool = False) -> Said:
    """`fix`, then that the register needs no restoring — only where a register is `kept` at the path: of one a run
    made and did not leave behind there is none to restore (`as_sentence`: said as a sentence of its own in English)."""
    if not kept:
        return fix
    return Said(f"{fix.en}. {sentence(_NO_RESTORE.en)}" if as_sentence else f"{fix.en}; {_NO_RESTORE.en}",
                f"{fix.zh}；{_NO_RESTORE.zh}")


class DiskFull(RegisterError):
    """The disk holding the register has no room: nothing was written, the register is as it was (`kept`: there is
    one at the path; else the run made none)."""

    def __init__(self, path: Path, outcome: Said | None = None, kept: bool = True):
        filesystem = mount_point(path)
        room = free_bytes(path)
        outcome = outcome or Said("the register is intact: nothing was changed in it", "台账完好，没有任何改动")
        self.path, self.filesystem = path, filesystem
        what, fix = _no_inode(filesystem, room) if free_inodes(path) == 0 else _no_room(filesystem, room)
        super().__init__(Said(f"{path}: {what.en}; {outcome.en}", f"{path}：{what.zh}；{outcome.zh}"),
                         help=needs_no_restoring(fix, kept))

    def retold(self, outcome: Said, kept: bool = True) -> DiskFull:
        """The same error with what the command left undone (`nothing of FILE was recorded …`); `kept`: whether a
        register is left at the path (not one a run made and recorded nothing in)."""
        return DiskFull(self.path, outcome, kept)


def _no_room(filesystem: str, room: int | None) -> tuple[Said, Said]:
    left, left_zh = ("", "") if room is None else (f", {_size(room)} free", f"，剩余 {_size(room)}")
    return (Said(f"the disk it is on is full ({filesystem}{left})", f"台账所在的磁盘已满（{filesystem}{left_zh}）"),
            Said(f"free space on {filesystem} (delete or move files there), then run the command again",
                 f"请在 {filesystem} 上腾出空间（删除或移走那里的文件），然后再运行一次这条命令"))


def _no_inode(filesystem: str, room: int | None) -> tuple[Said, Said]:
    """A disk with room but no inode: freeing space by shrinking files would not help; there must be fewer files."""
    left, left_zh = ("", "") if room is None else (f", though {_size(room)} is free", f"，尽管还剩 {_size(room)} 空间")
    df = md_code(f"df -i {shell_word(filesystem)}")
    return (Said(f"the disk it is on can take no more files (no inode left on {filesystem}{left})",
                 f"台账所在的磁盘放不下更多文件（{filesystem} 上的 inode 已用完{left_zh}）"),
            Said(f"delete or move files on {filesystem} you no longer need: it is out of inodes (one for each file), "
                 f"not out of space ({df} shows them), then run the command again",
                 f"请删除或移走 {filesystem} 上不再需要的文件：用完的是 inode（每个文件占一个），而不是空间"
                 f"（{df} 可以查看），然后再运行一次这条命令"))


def disk_full(path: Path, error: BaseException) -> bool:
    """Whether `error`, met using the register at `path`, comes of the disk having no room."""
    if isinstance(error, OSError):
        return error.errno in FULL
    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return str(error) == "database or disk is full"
    if code & 0xFF == _SQLITE_FULL:
        return True
    if code & 0xFF == _SQLITE_CANTOPEN:
        return free_inodes(path) == 0
    room = free_bytes(path)
    return code & 0xFF == _SQLITE_IOERR and room is not None and room < _NEARLY_NONE


def free_bytes(path: Path) -> int | None:
    """The room left to this user on the filesystem holding `path` (None when it cannot be asked)."""
    stat = _statvfs(path)
    return None if stat is None else stat.f_bavail * stat.f_frsize


def free_inodes(path: Path) -> int | None:
    """The files this user may still make on the filesystem holding `path`: None when it cannot be asked, or where
    the filesystem keeps no count of inodes (btrfs says 0 of 0)."""
    stat = _statvfs(path)
    return stat.f_favail if stat is not None and stat.f_files else None


def _statvfs(path: Path) -> os.statvfs_result | None:
    try:
        return os.statvfs(path.resolve().parent)
    except OSError:
        return None


def mount_point(path: Path) -> str:
    """The folder the filesystem holding `path` is mounted on, where room is to be freed."""
    folder = path.resolve().parent
    while not os.path.ismount(folder) and folder != folder.parent:
        folder = folder.parent
    return str(folder)


def _size(count: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} B"
