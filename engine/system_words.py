"""Why the system would not let a file be read or written, in both languages.

Input: the `OSError` the system gave (and, for a write, the path). Output: a `Said` — in English the system's own
words (`Permission denied`), in Chinese the project's for the errors people meet (`没有读取权限`, `磁盘已满`), from
one table for reading and writing alike; a name too long is said as `engine.diagnostics.too_long` says it.
Invariant: Chinese output never carries the system's English for an error the table lists.
"""

from __future__ import annotations

import errno
from pathlib import Path

from engine.diagnostics import Said, too_long

# the errors people meet, as a caseworker reads them; `{}` is what was refused: 读取 (read) or 写入 (write)
_IN_CHINESE = {errno.ENOENT: "文件不存在", errno.EACCES: "没有{}权限", errno.EPERM: "没有{}权限",
               errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一部分不是文件夹",
               errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出了磁盘配额", errno.EFBIG: "文件超过了系统允许的大小",
               errno.EROFS: "文件系统只读"}
_READ, _WRITE = "读取", "写入"


def why_not_read(error: OSError) -> Said:
    """Why the system would not let a file be read (`error`), in both languages: the system's words, in Chinese the
    project's own for them."""
    return _why(error, _READ)


def why_not_written(error: OSError, path: Path | str) -> Said:
    """Why the system would not let `path` be written (`error`), in both languages: a name too long as `too_long`
    says it, else the system's words, in Chinese the project's own for them."""
    if error.errno == errno.ENAMETOOLONG:
        return too_long(path)[0]
    return _why(error, _WRITE)


def _why(error: OSError, refused: str) -> Said:
    system = error.strerror or ""
    words = _IN_CHINESE.get(error.errno or 0)
    return Said(system, words.format(refused) if words else system)
