"""Why the system would not let a file be read or written, in both languages.

Input: the `OSError` the system gave (and, for a write, the path). Output: a `Said` — in English the system's own
words (`Permission denied`), in Chinese the project's for the errors people meet (`没有读取权限`, `磁盘已满`), from
one table for reading and writing alike; a name too long is said as `engine.diagnostics.too_long` says it.
SQLite's words for why it refused a database (`unable to open database file`) are said alike, from the table beside
it. Invariant: Chinese output never carries the system's (or SQLite's) English for an error the tables list.
"""

from __future__ import annotations

import errno
from pathlib import Path

from engine.diagnostics import Said, too_long

# the errors people meet, as a caseworker reads them (`{}` is what was refused: 读取 (read) or 写入 (write)), and,
# where the error's own words do not say it, what to do
# (`CHECK_THE_DISK` and `DISK_FAILING`: what the register's advice for a failing disk adds to)
CHECK_THE_DISK = Said("check the disk and its connection (the system log, `dmesg`, the disk's health)",
                      "请检查磁盘及其连接（系统日志、`dmesg`、磁盘健康状况）")
DISK_FAILING = Said(f"{CHECK_THE_DISK.en}, then run the command again", f"{CHECK_THE_DISK.zh}，然后再运行一次这条命令")
_IN_CHINESE: dict[int, tuple[str, Said | None]] = {
    errno.ENOENT: ("文件不存在", None), errno.EACCES: ("没有{}权限", None), errno.EPERM: ("没有{}权限", None),
    errno.EISDIR: ("这是一个文件夹，不是文件", None), errno.ENOTDIR: ("路径中有一部分不是文件夹", None),
    errno.ENOSPC: ("磁盘已满", None), errno.EDQUOT: ("超出了磁盘配额", None),
    errno.EFBIG: ("文件超过了系统允许的大小", None), errno.EROFS: ("文件系统只读", None),
    errno.ENAMETOOLONG: ("文件名或路径太长", None),
    errno.EIO: ("输入/输出错误（磁盘或其连接可能出了故障）", DISK_FAILING),
    errno.ESTALE: ("网络文件系统上的文件已失效", Said("mount the network share again, then run the command again",
                                                     "请重新挂载网络共享，然后再运行一次这条命令")),
    errno.ELOOP: ("路径中的符号链接太多（可能有链接绕回了自己）",
                  Said("check the symbolic links in the path (`ls -l`): one may point back to itself",
                       "请检查路径中的符号链接（`ls -l`）：可能有链接绕回了自己")),
    errno.ETXTBSY: ("文件正被运行中的程序使用", Said("close the program running the file, then run the command again",
                                                    "请关闭正在运行这个文件的程序，然后再运行一次这条命令")),
    errno.EBUSY: ("文件或设备正忙", Said("run the command again once the file is no longer in use",
                                        "请等文件不再被占用时再运行一次这条命令")),
    errno.EMFILE: ("这个程序打开的文件太多", Said("raise the limit of open files (`ulimit -n 4096`), then run the "
                                                  "command again", "请调高打开文件数的上限（`ulimit -n 4096`），然后再"
                                                  "运行一次这条命令")),
    errno.ENFILE: ("系统打开的文件太多", Said("run the command again once fewer files are open on this machine",
                                             "请等这台机器上打开的文件少一些时再运行一次这条命令")),
}
# SQLite's own words for why it refused a database (it does not pass the system's error on), as a caseworker reads
# them: those that are one of the system's errors in its words for it
_SQLITE_IN_CHINESE = {"unable to open database file": "无法打开数据库文件",
                      "database disk image is malformed": "数据库文件已损坏",
                      "file is not a database": "不是数据库文件",
                      "file is encrypted or is not a database": "不是数据库文件，或已加密",
                      "disk I/O error": _IN_CHINESE[errno.EIO][0]}
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


def what_to_do(error: OSError) -> Said | None:
    """What to do about an error the system gave that its words do not say (a failing disk: check it), in both
    languages; None for the others, where what to do depends on what was refused."""
    return _IN_CHINESE.get(error.errno or 0, ("", None))[1]


def sqlite_words(error: BaseException | str, otherwise: str | None = None) -> Said:
    """Why SQLite refused a database (`error`, or its words), in both languages: in English SQLite's own words, in
    Chinese the project's for those people meet (`unable to open database file`: 无法打开数据库文件), else
    `otherwise` (without it, SQLite's words)."""
    words = str(error)
    return Said(words, _SQLITE_IN_CHINESE.get(words, otherwise or words))


def _why(error: OSError, refused: str) -> Said:
    system = error.strerror or ""
    words = _IN_CHINESE.get(error.errno or 0, (system, None))[0]
    return Said(system, words.format(refused) if "{}" in words else words)
