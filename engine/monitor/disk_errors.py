"""A register the disk will not let be read or written: said for what happened, never as a damaged register.

Input: the path of a register and the error SQLite (or the system) gave while opening, reading or writing it.
Output: the `RegisterError` that says what happened — the filesystem is read-only, this account may not read or
write the register (or its folder, where SQLite keeps its journal), or the disk reported an input/output error —
and whether the register is intact; None for any other error. A full disk is `engine.monitor.disk_full`'s.
Invariants: restoring a backup, the advice for a damaged register, is never given for these: it would lose what
was recorded since that copy. A write SQLite refused changed nothing (a transaction lands whole or not at all), so
the register is as it was; after an I/O error, the register is said to be intact only when it reads whole again
(`PRAGMA quick_check`), else how to check it once the disk reads again — or, where no file is left at the path to
check, what is there instead.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from engine.diagnostics import Said, shell_word
from engine.markdown_text import md_code
from engine.monitor.disk_full import DiskFull, disk_full, mount_point, needs_no_restoring
from engine.monitor.register import RegisterError, no_file_at, not_a_file, read_only_uri

_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CANTOPEN, _SQLITE_AUTH = 3, 8, 10, 14, 23
_UNCHANGED = Said("the register is intact: nothing was changed in it", "台账完好，没有任何改动")
# where there is no register at the path to make writable or copy (as `policy` says of any output it may not write)
_ELSEWHERE = Said("give `--db` a file in a folder you may write", "用 --db 指定一个可以写入的文件夹中的文件")


class DiskError(RegisterError):
    """The disk would not let the register be read or written; `retold` says it with what a command left undone.
    `fix`: what to do; where the register is `intact`, the help adds that it needs no restoring (`sentence`: as a
    sentence of its own). Where there is no register at the path (`kept` False: one a command was to make, or made
    and does not leave behind), the help is `elsewhere`: what to do with no register to copy, check or restore."""

    def __init__(self, path: Path, what: Said, outcome: Said, fix: Said, elsewhere: Said, intact: bool = True,
                 sentence: bool = False, kept: bool = True):
        self.path, self.what, self.fix, self.elsewhere = path, what, fix, elsewhere
        self.intact, self.sentence = intact, sentence
        help = (elsewhere if not kept else needs_no_restoring(fix, as_sentence=sentence) if intact else fix)
        super().__init__(Said(f"{path}: {what.en}; {outcome.en}", f"{path}：{what.zh}；{outcome.zh}"), help=help)

    def retold(self, outcome: Said, kept: bool = True) -> DiskError:
        """The same error with what the command left undone (`nothing of FILE was recorded …`), where the register
        is known to be intact or there is none at the path (`kept`: whether a register is left there, not one a run
        made and recorded nothing in)."""
        if self.intact or not kept:
            return DiskError(self.path, self.what, outcome, self.fix, self.elsewhere, sentence=self.sentence,
                             kept=kept)
        return self


def disk_trouble(path: Path, error: BaseException, outcome: Said | None = None,
                 kept: bool = True) -> RegisterError | None:
    """What a disk error met using the register at `path` is, said for a person (`outcome`: what the command left
    undone, when nothing was changed; `kept`: whether there is a register at the path, not one the command was to
    make); None when `error` is none of them."""
    if disk_full(path, error):
        return DiskFull(path, outcome, kept)
    kind = _kind(error)
    if kind is None:
        return None
    unchanged = outcome or _UNCHANGED
    if kind == "io":
        return _io_error(path, unchanged, kept)
    if read_only_filesystem(path):
        mount = mount_point(path)
        writable = Said(f"make {mount} writable again (a disk the system made read-only after errors: check it, then "
                        "mount it read-write)",
                        f"请让 {mount} 恢复可写（系统因出错而改为只读的磁盘：请先检查，再以读写方式挂载）")
        return DiskError(path, Said(f"cannot write the register: the filesystem it is on ({mount}) is read-only",
                                    f"无法写入台账：台账所在的文件系统（{mount}）是只读的"), unchanged,
                         Said(f"{writable.en}, or copy the register to a writable disk and give it with `--db`",
                              f"{writable.zh}，或把台账复制到可写的磁盘上，用 --db 指定"),
                         Said(f"{writable.en}, or {_ELSEWHERE.en}", f"{writable.zh}，或{_ELSEWHERE.zh}"),
                         sentence=True, kept=kept)
    shut = unsearchable_folder(path)
    if shut is not None:  # (shut since the register was opened: nothing may be read or written in it)
        searched, fix = not_searched(shut)
        return DiskError(path, searched, unchanged, fix, Said(f"{fix.en}, or {_ELSEWHERE.en}",
                                                              f"{fix.zh}，或{_ELSEWHERE.zh}"), kept=kept)
    folder = path.resolve().parent
    in_folder = (Said(f"write in its folder {folder} (where the register keeps its journal)",
                      f"在台账所在的文件夹 {folder} 中写入（台账的日志文件放在那里）") if kept
                 else Said(f"write in the folder {folder}, where the register would be made",
                           f"在文件夹 {folder} 中写入，台账本应新建在那里"))
    for what, where, mode in ((Said("read the register", "读取台账"), path, os.R_OK),
                              (Said("write the register", "写入台账"), path, os.W_OK), (in_folder, folder, os.W_OK)):
        if not allowed(where, mode):
            user = _account()
            able = Said("readable", "可读") if mode == os.R_OK else Said("writable", "可写")
            made, fix = _to_allow(where, able, "r" if mode == os.R_OK else "w")
            return DiskError(path, Said(f"permission denied: this account ({user}) may not {what.en}",
                                        f"没有权限：当前账户（{user}）不能{what.zh}"), unchanged, fix,
                             Said(f"{made.en}, or {_ELSEWHERE.en}", f"{made.zh}，或{_ELSEWHERE.zh}"), kept=kept)
    return None  # refused for another reason: said as SQLite says it


def earlier_format_read_only(path: Path, version: int, current: int) -> DiskError:
    """The refusal of a register of an earlier format (`version`) on a filesystem mounted read-only, opened by a
    command that records nothing: it is brought up to date (to format `current`) before it is read, which writes in
    it; copied to a writable disk, it is brought up to date there."""
    mount = mount_point(path)
    return DiskError(path, Said(f"cannot read the register: it is of an earlier format ({version}), which this version "
                                f"of policy reads once it is brought up to date (format {current}), writing in it, "
                                f"and the filesystem it is on ({mount}) is read-only",
                                f"无法读取台账：它是较早格式（{version}）的台账，本版本的 policy 要先把它更新到格式 "
                                f"{current} 才能读取，这需要写入，而台账所在的文件系统（{mount}）是只读的"), _UNCHANGED,
                     Said("copy the register to a writable disk and give it with `--db` (it is brought up to date "
                          "there, what it holds unchanged)",
                          "请把台账复制到可写的磁盘上，用 --db 指定（会在那里更新格式，已记录的内容不变）"), _ELSEWHERE)


def _to_allow(where: Path, able: Said, letter: str) -> tuple[Said, Said]:
    """What to do with `where`, which this account may not read, write or search (`letter`: `r`, `w` or `x`): to
    have it made so (or, of this account's own, to make it so itself), and the help, which adds to run the command as
    the account that owns it."""
    user, owner = _account(), _owner(where)
    if owner == user:  # (run as itself, or made so by someone else, it is no help)
        made = _made_own(where, able, letter)
        return made, made
    made = Said(f"have {where} made {able.en} for {user}", f"请人把 {where} 的权限改为 {user} {able.zh}")
    return made, Said(f"run the command as the account that keeps the register ({owner}), or {made.en}",
                      f"请用保管台账的账户（{owner}）运行这条命令，或{made.zh}")


def _made_own(where: Path, able: Said, letter: str) -> Said:
    """What to do with `where`, this account's own, that it may not read, write or search (`letter`: `r`, `w`, `x`)."""
    chmod = md_code(f"chmod u+{letter} {shell_word(str(where))}")
    return Said(f"make {where} {able.en} (it is this account's: {chmod})",
                f"请把 {where} 的权限改为{able.zh}（它属于当前账户：{chmod}）")


_NOT_MADE = Said("no register was made, and nothing was recorded", "没有新建台账，也没有记录任何内容")


def not_made(path: Path, error: BaseException) -> RegisterError | None:
    """What a disk error met making the register at `path` is (`error`: SQLite's, or what `disk_trouble` told it as),
    said of a register not made: nothing is at the path to be intact or restored; None when `error` is none of them."""
    if isinstance(error, (DiskFull, DiskError)):
        return error.retold(_NOT_MADE, kept=False)
    return disk_trouble(path, error, _NOT_MADE, kept=False)


def _kind(error: BaseException) -> str | None:
    """`io`, `denied` (read-only or not allowed) or None, from the error's code (or, without one, its words)."""
    if isinstance(error, OSError):
        return {errno.EIO: "io", errno.EROFS: "denied", errno.EACCES: "denied", errno.EPERM: "denied"}.get(
            error.errno or 0)
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return {"disk I/O error": "io", "attempt to write a readonly database": "denied",
                "unable to open database file": "denied"}.get(str(error))
    primary = code & 0xFF
    if primary == _SQLITE_IOERR:
        return "io"
    return "denied" if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN, _SQLITE_AUTH) else None


def _io_error(path: Path, unchanged: Said, kept: bool) -> DiskError:
    """An input/output error, with the advice every command gives for one (`engine.system_words`), and what to do
    with the register besides."""
    from engine.system_words import CHECK_THE_DISK, DISK_FAILING, why_not_read

    said = why_not_read(OSError(errno.EIO, os.strerror(errno.EIO)))
    what = Said("the disk reported an input/output error (disk I/O error) while the register was read or written",
                f"读写台账时磁盘报告{said.zh}")
    elsewhere = Said(f"{DISK_FAILING.en}, or give `--db` a file on a sound disk",
                     f"{DISK_FAILING.zh}，或用 --db 指定完好磁盘上的文件")
    no_file = no_file_at(path) if kept else None
    if not kept or (no_file is None and intact(path)):
        return DiskError(path, what, unchanged,
                         Said(f"{DISK_FAILING.en}, or copy the register to a sound disk and give it with `--db`",
                              f"{DISK_FAILING.zh}，或把台账复制到完好的磁盘上，用 --db 指定"), elsewhere, kept=kept)
    unsure = Said("whether the register is intact could not be checked", "无法检查台账是否完好")
    if no_file is not None:  # no file to check with `sqlite3`: it would wait on a named pipe for a writer, and of
        return DiskError(path, what, unsure, no_file, elsewhere, intact=False)  # nothing make an empty one, `ok`
    shut = unsearchable_folder(path)
    if shut is not None:  # nor may `sqlite3` open it, run by this account
        searched, fix = not_searched(shut)
        return DiskError(path, what, unsure,
                         Said(f"{searched.en}, so the register could not be checked: {fix.en}",
                              f"{searched.zh}，因此无法检查台账：{fix.zh}"), elsewhere, intact=False)
    check = md_code(f'sqlite3 {shell_word(str(path))} "PRAGMA quick_check"')
    return DiskError(path, what, unsure,
                     Said(f"{CHECK_THE_DISK.en}; once it reads again, check the register with {check} (`ok`: intact) "
                          "before restoring anything from a backup, which would lose what was recorded since",
                          f"{CHECK_THE_DISK.zh}；磁盘能正常读取后，先用 {check} 检查台账（显示 `ok` 即完好），再决定"
                          "是否用备份恢复：恢复会丢失备份之后记录的内容"), elsewhere, intact=False)


def not_searched(shut: Path) -> tuple[Said, Said]:
    """That this account may not search the folder `shut` (look up the files in it), and what to do: make it
    searchable (`chmod u+x`, of this account's own) or ask its owner, then run the command again."""
    user = _account()
    fix = _to_allow(shut, Said("searchable", "可进入"), "x")[1]
    return (Said(f"this account ({user}) may not search the folder {shut} (look up the files in it)",
                 f"当前账户（{user}）不能进入文件夹 {shut}（无法查找其中的文件）"),
            Said(f"{fix.en}, then run the command again", f"{fix.zh}，然后再运行一次这条命令"))


def intact(path: Path) -> bool:
    """Whether the register reads whole (`PRAGMA quick_check`), read-only; False when it cannot be read, or is no file
    (`not_a_file`: a named pipe opened to be read would wait for a writer for good)."""
    if not_a_file(path) is not None:
        return False
    try:
        db = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return bool(db.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok")
        finally:
            db.close()
    except sqlite3.Error:
        return False


def unsearchable_folder(path: Path) -> Path | None:
    """The folder on the way to `path` that this account may not search: the system refuses to look up what is in
    it (a folder of mode 0600, or not this account's and without `x` for it); None where every step is looked up."""
    whole = path.absolute()
    for step in (*reversed(whole.parents), whole):
        try:
            os.stat(step)
        except PermissionError:
            return step.parent
        except OSError:
            return None
    return None


def read_only_filesystem(path: Path) -> bool:
    """Whether the filesystem holding `path` is mounted read-only."""
    try:
        return bool(os.statvfs(path.resolve().parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def allowed(path: Path, mode: int) -> bool:
    """Whether this account may read (`os.R_OK`) or write (`os.W_OK`) `path`; a path not there is allowed, one the
    system will not look up (in a folder this account may not search) is not."""
    try:
        return not path.exists() or os.access(path, mode)
    except OSError:
        return False


def _account() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _owner(path: Path) -> str:
    try:
        return path.owner()
    except (KeyError, OSError, NotImplementedError):
        return "?"
