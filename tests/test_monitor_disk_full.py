"""`policy monitor` on a disk with no room left, read-only, not allowed to this account or failing: said for what
happened, the register intact when it is — never a damaged register to restore from a backup (which would lose what
was recorded since), never a traceback."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.diagnostics import Said
from engine.monitor import disk_full
from engine.monitor.register import Register
from tests import test_monitor_ids as ids
from tests.helpers import ROOT, glued_options
from tests.test_monitor_ids import household, write_jsonl

examples_db, run = ids.examples_db, ids.run


def _snapshots(db: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM snapshots").fetchone()[0])


@pytest.fixture
def cramped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every register opened can grow by no page: a write that needs one fails as on a full disk (SQLITE_FULL)."""
    opened = Register.open.__func__  # type: ignore[attr-defined]

    def open_cramped(cls: type[Register], path: Path, create: bool = True, read_only: bool = False) -> Register:
        register: Register = opened(cls, path, create, read_only)
        pages = register.db.execute("PRAGMA page_count").fetchone()[0]
        register.db.execute(f"PRAGMA max_page_count = {pages}")
        return register
    monkeypatch.setattr(Register, "open", classmethod(open_cramped))


def test_an_ingest_that_fills_the_disk_records_nothing_and_says_so(run: Any, tmp_path: Path, cramped: None) -> None:
    month = write_jsonl(tmp_path / "2026-05.jsonl",
                        [{**household(f"DS-9{n:03}"), "date": "2026-05-06"} for n in range(300)])
    before = _snapshots(run.db)
    result = run("ingest", str(month), "--lang", "en")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.stderr.startswith(f"error: {run.db}: the disk it is on is full (")
    assert (f"); nothing of {month} was recorded, and the register is intact: as it was before this file\n"
            "  help: free space on ") in result.stderr
    assert result.stderr.endswith(", then run the command again; the register needs no restoring\n")
    assert "restore it from a backup" not in result.stderr
    said = run("ingest", str(month), "--lang", "zh").stderr
    assert said.startswith(f"错误：{run.db}：台账所在的磁盘已满（") and "台账完好" in said and "备份" not in said
    assert _snapshots(run.db) == before


def test_an_ingest_into_a_new_register_that_fills_the_disk_says_no_register_was_made(tmp_path: Path,
                                                                                     cramped: None) -> None:
    """A full disk at the one file of a run into a register it made said the register `is intact: as it was before
    this file`, of a register then removed for holding nothing, as a run of several files stopped says: `…, so no
    register was made at …`."""
    db = str(tmp_path / "new.sqlite3")
    month = write_jsonl(tmp_path / "2026-05.jsonl",
                        [{**household(f"DS-9{n:03}"), "date": "2026-05-06"} for n in range(300)])
    for lang, said, help in (("en", f"); nothing of {month} was recorded, so no register was made at {db}\n",
                              "(delete or move files there), then run the command again\n"),
                             ("zh", f"）；{month} 的记录一条也没有记入，因此没有在 {db} 新建台账\n",
                              "（删除或移走那里的文件），然后再运行一次这条命令\n")):
        result = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", lang)
        assert result.exit_code == 2 and not Path(db).exists(), result.stderr
        assert said in result.stderr, result.stderr
        # no register: none to restore either
        assert result.stderr.endswith(help), result.stderr
        assert "intact" not in result.stderr and "完好" not in result.stderr, result.stderr


def test_a_disk_error_retold_of_a_register_not_left_behind_says_nothing_of_restoring_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.diagnostics import Said
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "read_only_filesystem", lambda path: True)
    monkeypatch.setattr(disk_errors, "mount_point", lambda path: "/srv")
    monkeypatch.setattr(disk_errors, "intact", lambda path: True)
    (tmp_path / "reg.sqlite3").write_bytes(b"")  # (a file there: an I/O error where none is says what is there)
    for error in (disk_errors.disk_trouble(tmp_path / "reg.sqlite3", sqlite3.OperationalError(
                      "attempt to write a readonly database")),
                  disk_errors.disk_trouble(tmp_path / "reg.sqlite3", sqlite3.OperationalError("disk I/O error"))):
        assert isinstance(error, disk_errors.DiskError) and error.help is not None
        assert error.help.en.endswith("needs no restoring") and error.help.zh.endswith("台账不需要恢复")
        none = error.retold(Said("so no register was made", "因此没有新建台账"), kept=False)
        assert none.said.en.endswith("; so no register was made") and none.help is not None
        assert "restoring" not in none.help.en and "不需要恢复" not in none.help.zh, none.help
        # nor to copy the register elsewhere: where to make one instead
        assert "copy" not in none.help.en and "复制" not in none.help.zh, none.help
        assert none.help.en.endswith(("a file in a folder you may write", "a file on a sound disk")), none.help.en


def _failing_first_read(code: int) -> type[sqlite3.Connection]:
    """A connection whose first read of a register fails with SQLite's I/O error of extended code `code`."""

    class Failing(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql.startswith("PRAGMA application_id"):
                error = sqlite3.OperationalError("disk I/O error")
                error.sqlite_errorcode = code  # type: ignore[attr-defined]
                raise error
            return super().execute(sql, *args)
    return Failing


# on a full disk in WAL mode the shared-memory file cannot be grown, so the first read fails (SQLITE_IOERR_SHMSIZE)
_NoRoomForTheJournal = _failing_first_read(4874)


def test_a_good_register_on_a_full_disk_is_not_called_damaged(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=_NoRoomForTheJournal))
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 0)
    for command in (["alerts"], ["void", "DS-0003", "--date", "2025-06-01", "--reason", "x"],
                    ["apply", "DS-0001", "--date", "2026-03-02"]):
        result = run(*command, "--lang", "en")
        assert result.exit_code == 2, command
        assert result.stderr.startswith(f"error: {run.db}: the disk it is on is full (")
        assert ", 0 B free); the register is intact: nothing was changed in it\n  help: free space on " in result.stderr
        assert "not a policy register" not in result.stderr and "backup" not in result.stderr
    said = run("alerts", "--lang", "zh").stderr
    assert "剩余 0 B）；台账完好，没有任何改动\n  提示：请在 " in said and "不是政策监测台账" not in said


def test_an_io_error_with_room_left_is_not_taken_for_a_full_disk(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 4874  # type: ignore[attr-defined]
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 10 << 30)
    assert not disk_full.disk_full(tmp_path / "reg.sqlite3", error)
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 4096)
    assert disk_full.disk_full(tmp_path / "reg.sqlite3", error)


# -- other disk errors: said for what they are, never a damaged register to restore ------------


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every register opened as SQLite opens one it cannot write (SQLITE_READONLY on the first write)."""
    connect = sqlite3.connect

    def connect_read_only(path: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        return connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)
    monkeypatch.setattr(sqlite3, "connect", connect_read_only)


def test_a_register_on_a_read_only_filesystem_is_said_to_be_so_and_intact(run: Any, tmp_path: Path, read_only: None,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "read_only_filesystem", lambda path: True)
    monkeypatch.setattr(disk_errors, "mount_point", lambda path: "/srv")
    month = write_jsonl(tmp_path / "2026-05.jsonl", [{**household("DS-9001"), "date": "2026-05-06"}])
    before = _snapshots(run.db)
    for command in (["ingest", str(month)], ["void", "DS-0003", "--date", "2025-06-01", "--reason", "x"]):
        result = run(*command, "--lang", "en")
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "internal error" not in result.output
        assert result.stderr.startswith(f"error: {run.db}: cannot write the register: the filesystem it is on (/srv) "
                                        "is read-only; "), result.stderr
        assert "backup" not in result.stderr and "not a policy register" not in result.stderr
        assert result.stderr.endswith(
            "\n  help: make /srv writable again (a disk the system made read-only after errors: check it, then mount "
            "it read-write), or copy the register to a writable disk and give it with `--db`. The register needs no "
            "restoring\n"), result.stderr
        assert glued_options(result.stderr) == [], result.stderr  # --db copied without the period after it
    assert f"nothing of {month} was recorded, and the register is intact" in run("ingest", str(month), "--lang",
                                                                                  "en").stderr
    said = run("void", "DS-0003", "--date", "2025-06-01", "--reason", "x", "--lang", "zh").stderr
    assert said.startswith(f"错误：{run.db}：无法写入台账：台账所在的文件系统（/srv）是只读的；无法记录；台账完好")
    assert said.endswith("\n  提示：请让 /srv 恢复可写（系统因出错而改为只读的磁盘：请先检查，再以读写方式挂载），"
                         "或把台账复制到可写的磁盘上，用 --db 指定；台账不需要恢复\n"), said
    assert "备份" not in said
    assert _snapshots(run.db) == before


def test_a_register_this_account_may_not_write_is_said_to_be_so(run: Any, read_only: None,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "read_only_filesystem", lambda path: False)
    monkeypatch.setattr(disk_errors, "allowed", lambda path, mode: mode != os.W_OK)  # read, not written
    monkeypatch.setattr(disk_errors, "_owner", lambda path: "clerk-that-keeps-it")  # (not this account)
    result = run("void", "DS-0003", "--date", "2025-06-01", "--reason", "x", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {run.db}: permission denied: this account (")
    assert ("may not write the register; nothing could be recorded, and the register is intact: as it was before "
            "this command\n  help: run the command as the account that keeps the register (") in result.stderr
    assert f"or have {run.db} made writable for " in result.stderr
    assert "backup" not in result.stderr
    said = run("void", "DS-0003", "--date", "2025-06-01", "--reason", "x", "--lang", "zh").stderr
    assert said.startswith(f"错误：{run.db}：没有权限：当前账户（") and "台账完好" in said


def test_a_register_of_this_account_it_may_not_write_is_said_to_be_made_writable_not_run_as_itself(
        run: Any, read_only: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A register (or folder) this account owns and may not write — made read-only by a copy, a backup tool — had
    the help to `run the command as the account that keeps the register (wangli)`, the very account that ran it,
    and to `have it made writable for wangli` by someone else; it is this account's to make writable."""
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "read_only_filesystem", lambda path: False)
    monkeypatch.setattr(disk_errors, "allowed", lambda path, mode: mode != os.W_OK)  # read, not written
    monkeypatch.setattr(disk_errors, "_account", lambda: "wangli")
    monkeypatch.setattr(disk_errors, "_owner", lambda path: "wangli")
    en = run("void", "DS-0003", "--date", "2025-06-01", "--reason", "x", "--lang", "en").stderr
    assert en.endswith(f"\n  help: make {run.db} writable (it is this account's: `chmod u+w {run.db}`); the register "
                       "needs no restoring\n"), en
    zh = run("void", "DS-0003", "--date", "2025-06-01", "--reason", "x", "--lang", "zh").stderr
    assert zh.endswith(f"\n  提示：请把 {run.db} 的权限改为可写（它属于当前账户：`chmod u+w {run.db}`）；"
                       "台账不需要恢复\n"), zh

def test_a_register_this_account_may_not_read_is_said_so_with_what_to_do(run: Any,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A register this account may not read was refused as a mistyped option, `Invalid value for '--db': Path
    '…' is not readable.`, with nothing said of what to do; it is said as a register this account may not write."""
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: not (
        str(path) == run.db and mode & os.R_OK) and access(path, mode, *a, **k))
    connect = sqlite3.connect

    def unreadable(path: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(path) == run.db:  # as SQLite refuses a file it may not open
            error = sqlite3.OperationalError("unable to open database file")
            error.sqlite_errorcode = 14  # type: ignore[attr-defined]
            raise error
        return connect(path, *args, **kwargs)
    monkeypatch.setattr(sqlite3, "connect", unreadable)
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "_owner", lambda path: "clerk-that-keeps-it")  # (not this account)
    en, zh = run("alerts", "--lang", "en"), run("alerts", "--lang", "zh")
    assert en.exit_code == zh.exit_code == 2, en.output
    assert en.stderr.startswith(f"error: {run.db}: permission denied: this account ("), en.stderr
    assert ") may not read the register; the register is intact: nothing was changed in it\n" in en.stderr, en.stderr
    assert f"or have {run.db} made readable for " in en.stderr and "Invalid value" not in en.stderr, en.stderr
    assert zh.stderr.startswith(f"错误：{run.db}：没有权限：当前账户（"), zh.stderr
    assert "）不能读取台账；台账完好，没有任何改动\n  提示：请用保管台账的账户（" in zh.stderr, zh.stderr

_FailingDisk = _failing_first_read(266)  # a disk that fails to read a page (SQLITE_IOERR_READ), with room left


def test_an_io_error_is_said_as_one_and_the_register_checked(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=_FailingDisk))
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 10 << 30)
    result = run("alerts", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {run.db}: the disk reported an input/output error (disk I/O error) "
                                    "while the register was read or written; the register is intact: ")
    assert "not a policy register" not in result.stderr and "restore it from a backup" not in result.stderr
    said = run("alerts", "--lang", "zh").stderr
    assert said.startswith(f"错误：{run.db}：读写台账时磁盘报告输入/输出错误（磁盘或其连接可能出了故障）；台账完好")
    assert "不是政策监测台账" not in said
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "intact", lambda path: False)  # the disk does not read it whole again
    unsure = run("alerts", "--lang", "en").stderr
    assert "(disk I/O error) while the register was read or written; whether the register is intact could not be " \
           "checked\n" in unsure
    assert f'check the register with `sqlite3 {run.db} "PRAGMA quick_check"` (`ok`: intact) before restoring' in unsure


def _gone_as_it_fails(db: str, instead: str) -> type[sqlite3.Connection]:
    """A connection whose first read of the register fails with SQLite's I/O error, the file at `db` having been
    replaced by `instead` (`pipe`: a named pipe, `folder`, or `nothing`) as the disk failed."""

    class Failing(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql.startswith("PRAGMA application_id"):
                os.unlink(db)
                if instead == "pipe":
                    os.mkfifo(db)
                elif instead == "folder":
                    os.mkdir(db)
                error = sqlite3.OperationalError("disk I/O error")
                error.sqlite_errorcode = 266  # type: ignore[attr-defined]
                raise error
            return super().execute(sql, *args)
    return Failing


@pytest.mark.parametrize(("instead", "en_said", "zh_said"), [
    ("pipe", "{db} is a named pipe, not a file; give the register's file",
     "{db} 是命名管道，不是文件：请给出台账文件"),
    ("folder", "{db} is a folder, not a file; give the register's file, e.g. {db}/policy-register.sqlite3",
     "{db} 是文件夹，不是文件：请给出台账文件，例如 {db}/policy-register.sqlite3"),
    ("nothing", "there is no file at {db} now; give the register's file",
     "{db} 处现在没有文件：请给出台账文件")])
def test_an_io_error_where_no_file_is_left_at_the_path_says_what_is_there_not_to_check_it_with_sqlite3(
        run: Any, examples_db: str, monkeypatch: pytest.MonkeyPatch, instead: str, en_said: str,
        zh_said: str) -> None:
    """After an input/output error the help said to check the register with `sqlite3 PATH "PRAGMA quick_check"`
    whatever was at the path: on a named pipe that waits for a writer for good, on a folder it fails in SQLite's
    words, and where nothing is it makes an empty database and says `ok`, as of an intact register."""
    import shutil

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect",
                        lambda *a, **k: connect(*a, **k, factory=_gone_as_it_fails(run.db, instead)))
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 10 << 30)
    told = {}
    for lang in ("en", "zh"):
        result = run("alerts", "--lang", lang)
        assert result.exit_code == 2, result.output
        told[lang] = result.stderr
        if instead == "folder":
            os.rmdir(run.db)
        else:
            Path(run.db).unlink(missing_ok=True)
        shutil.copy(examples_db, run.db)
    en, zh = told["en"], told["zh"]
    assert "quick_check" not in en and "quick_check" not in zh, (en, zh)
    assert en.startswith(f"error: {run.db}: the disk reported an input/output error (disk I/O error) while the "
                         "register was read or written; whether the register is intact could not be checked\n"), en
    assert en.endswith(f"  help: {en_said.format(db=run.db)}\n"), en
    assert zh.startswith(f"错误：{run.db}：读写台账时磁盘报告"), zh
    assert zh.endswith(f"  提示：{zh_said.format(db=run.db)}\n"), zh

def test_an_io_error_in_the_register_gives_the_advice_every_command_gives_for_one(
        run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The register said a failing disk in words of its own (`the disk or its connection may be failing: check it
    …`), apart from those every other command gives for an input/output error, and the Chinese carried SQLite's
    English (`（disk I/O error）`)."""
    from engine.system_words import what_to_do, why_not_read

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=_FailingDisk))
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 10 << 30)
    failing = OSError(errno.EIO, os.strerror(errno.EIO))
    advice = what_to_do(failing)
    assert advice is not None
    en, zh = run("alerts", "--lang", "en").stderr, run("alerts", "--lang", "zh").stderr
    assert f"\n  help: {advice.en}, or copy the register to a sound disk and give it with `--db`; " in en, en
    assert f"\n  提示：{advice.zh}，或把台账复制到完好的磁盘上，用 --db 指定；" in zh, zh
    assert f"读写台账时磁盘报告{why_not_read(failing).zh}；台账完好" in zh, zh
    assert "disk I/O error" not in zh and "may be failing" not in en, (en, zh)


# -- a register the run was to make: none is left, so none is said to be intact or to need restoring --------------


def _left_at(db: str) -> list[str]:
    return [name for name in os.listdir(Path(db).parent) if name.startswith(Path(db).name)]


def test_a_new_register_on_a_read_only_filesystem_is_said_to_be_so_with_where_to_make_it(
        tmp_path: Path, read_only: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite cannot even open a file it may not make: that said only `cannot open the register: unable to open
    database file`, with no help."""
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "read_only_filesystem", lambda path: True)
    monkeypatch.setattr(disk_errors, "mount_point", lambda path: "/srv")
    db = str(tmp_path / "new.sqlite3")
    month = write_jsonl(tmp_path / "2026-05.jsonl", [{**household("DS-9001"), "date": "2026-05-06"}])
    en = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", "en")
    assert en.exit_code == 2 and _left_at(db) == [], en.stderr
    assert en.stderr == (
        f"error: {db}: cannot write the register: the filesystem it is on (/srv) is read-only; no register was made, "
        "and nothing was recorded\n"
        "  help: make /srv writable again (a disk the system made read-only after errors: check it, then mount it "
        "read-write), or give `--db` a file in a folder you may write\n"), en.stderr
    assert glued_options(en.stderr) == [], en.stderr
    zh = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", "zh")
    assert zh.exit_code == 2 and _left_at(db) == [], zh.stderr
    assert zh.stderr == (
        f"错误：{db}：无法写入台账：台账所在的文件系统（/srv）是只读的；没有新建台账，也没有记录任何内容\n"
        "  提示：请让 /srv 恢复可写（系统因出错而改为只读的磁盘：请先检查，再以读写方式挂载），"
        "或用 --db 指定一个可以写入的文件夹中的文件\n"), zh.stderr


def test_a_new_register_in_a_folder_this_account_may_not_write_is_said_to_be_so(
        tmp_path: Path, read_only: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "read_only_filesystem", lambda path: False)
    monkeypatch.setattr(disk_errors, "allowed", lambda path, mode: path != tmp_path)  # the folder not written
    monkeypatch.setattr(disk_errors, "_owner", lambda path: "clerk-that-keeps-it")  # (not this account)
    db = str(tmp_path / "new.sqlite3")
    month = write_jsonl(tmp_path / "2026-05.jsonl", [{**household("DS-9001"), "date": "2026-05-06"}])
    en = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", "en")
    assert en.exit_code == 2 and _left_at(db) == [], en.stderr
    assert en.stderr.startswith(f"error: {db}: permission denied: this account ("), en.stderr
    assert (f") may not write in the folder {tmp_path}, where the register would be made; no register was made, and "
            f"nothing was recorded\n  help: have {tmp_path} made writable for ") in en.stderr, en.stderr
    assert en.stderr.endswith(", or give `--db` a file in a folder you may write\n"), en.stderr
    assert "keeps" not in en.stderr and "restoring" not in en.stderr and "intact" not in en.stderr, en.stderr
    zh = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", "zh")
    assert zh.stderr.startswith(f"错误：{db}：没有权限：当前账户（"), zh.stderr
    assert (f"）不能在文件夹 {tmp_path} 中写入，台账本应新建在那里；没有新建台账，也没有记录任何内容\n"
            f"  提示：请人把 {tmp_path} 的权限改为 ") in zh.stderr, zh.stderr
    assert zh.stderr.endswith(" 可写，或用 --db 指定一个可以写入的文件夹中的文件\n"), zh.stderr


class _NoRoomToMake(sqlite3.Connection):
    """A register that can grow by no page: its tables cannot be made (SQLITE_FULL, as on a full disk)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute("PRAGMA max_page_count = 1")


def test_a_full_disk_while_the_register_is_made_leaves_none_and_says_so(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """It said `nothing could be recorded, and the register is intact: as it was before this command` and that
    `the register needs no restoring`, of a register that never was, and left a file of it at the path."""
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=_NoRoomToMake))
    monkeypatch.setattr(disk_full, "mount_point", lambda path: "/srv")
    db = str(tmp_path / "new.sqlite3")
    month = write_jsonl(tmp_path / "2026-05.jsonl", [{**household("DS-9001"), "date": "2026-05-06"}])
    for lang, said, help in (
            ("en", "); no register was made, and nothing was recorded\n",
             "  help: free space on /srv (delete or move files there), then run the command again\n"),
            ("zh", "）；没有新建台账，也没有记录任何内容\n",
             "  提示：请在 /srv 上腾出空间（删除或移走那里的文件），然后再运行一次这条命令\n")):
        result = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", lang)
        assert result.exit_code == 2 and _left_at(db) == [], (_left_at(db), result.stderr)
        assert result.stderr.startswith({"en": f"error: {db}: the disk it is on is full (/srv",
                                         "zh": f"错误：{db}：台账所在的磁盘已满（/srv"}[lang]), result.stderr
        assert result.stderr.endswith(said + help), result.stderr
        assert "Traceback" not in result.output


class _FailingWrite(sqlite3.Connection):
    """A disk that fails to write the snapshots (SQLITE_IOERR_WRITE), with room left."""

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if "INTO snapshots" in sql:
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorcode = 778  # type: ignore[attr-defined]
            raise error
        return super().executemany(sql, *args)


def test_an_io_error_in_a_register_the_run_made_says_none_is_left_not_that_it_could_not_be_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.monitor import disk_errors

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=_FailingWrite))
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 10 << 30)
    monkeypatch.setattr(disk_errors, "intact", lambda path: False)  # the disk does not read it whole again
    db = str(tmp_path / "new.sqlite3")
    month = write_jsonl(tmp_path / "2026-05.jsonl", [{**household("DS-9001"), "date": "2026-05-06"}])
    en = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", "en")
    assert en.exit_code == 2 and _left_at(db) == [], en.stderr
    assert en.stderr.endswith(
        f"error: {db}: the disk reported an input/output error (disk I/O error) while the register was read or "
        f"written; nothing of {month} was recorded, so no register was made at {db}\n"
        "  help: check the disk and its connection (the system log, `dmesg`, the disk's health), then run the "
        "command again, or give `--db` a file on a sound disk\n"), en.stderr
    zh = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", "zh")
    assert zh.exit_code == 2 and _left_at(db) == [], zh.stderr
    assert zh.stderr.endswith(
        f"错误：{db}：读写台账时磁盘报告输入/输出错误（磁盘或其连接可能出了故障）；{month} 的记录一条也没有记入，因此"
        f"没有在 {db} 新建台账\n"
        "  提示：请检查磁盘及其连接（系统日志、`dmesg`、磁盘健康状况），然后再运行一次这条命令，"
        "或用 --db 指定完好磁盘上的文件\n"), zh.stderr


@pytest.fixture
def no_inodes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A disk with space but no inode left: SQLite cannot make the register's file, or its journal beside it, and
    says only SQLITE_CANTOPEN (`unable to open database file`), not SQLITE_FULL."""
    connect = sqlite3.connect

    def cannot_make(*_: Any, **__: Any) -> sqlite3.Connection:
        return connect(tmp_path / "no such folder" / "register.sqlite3")  # a real SQLITE_CANTOPEN
    monkeypatch.setattr(sqlite3, "connect", cannot_make)
    # 4 KB blocks, 1,000,000 free; 100,000 inodes, none free
    monkeypatch.setattr(os, "statvfs", lambda path: os.statvfs_result((4096, 4096, 2_000_000, 1_000_000, 1_000_000,
                                                                        100_000, 0, 0, 0, 255)))
    monkeypatch.setattr(disk_full, "mount_point", lambda path: "/srv")


_NO_INODE_HELP = Said(
    "delete or move files on /srv you no longer need: it is out of inodes (one for each file), not out of space "
    "(`df -i /srv` shows them), then run the command again",
    "请删除或移走 /srv 上不再需要的文件：用完的是 inode（每个文件占一个），而不是空间（`df -i /srv` 可以查看），"
    "然后再运行一次这条命令")


def test_a_new_register_on_a_disk_with_no_inode_left_is_said_to_be_on_a_full_disk(tmp_path: Path,
                                                                                   no_inodes: None) -> None:
    """It said `cannot open the register: unable to open database file`, with no help."""
    db = str(tmp_path / "new.sqlite3")
    month = write_jsonl(tmp_path / "2026-05.jsonl", [{**household("DS-9001"), "date": "2026-05-06"}])
    for lang in ("en", "zh"):
        result = ids._invoke(db, "ingest", str(month), "--policy", ids.POST, "--lang", lang)
        assert result.exit_code == 2 and _left_at(db) == [], result.stderr
        assert result.stderr == Said(
            f"error: {db}: the disk it is on can take no more files (no inode left on /srv, though 3.8 GB is free); "
            f"no register was made, and nothing was recorded\n  help: {_NO_INODE_HELP.en}\n",
            f"错误：{db}：台账所在的磁盘放不下更多文件（/srv 上的 inode 已用完，尽管还剩 3.8 GB 空间）；没有新建台账，"
            f"也没有记录任何内容\n  提示：{_NO_INODE_HELP.zh}\n").in_lang(lang), result.stderr


def test_a_register_on_a_disk_with_no_inode_left_is_said_intact(run: Any, no_inodes: None) -> None:
    for lang in ("en", "zh"):
        result = run("apply", "DS-0001", "--date", "2026-03-02", "--lang", lang)
        assert result.exit_code == 2, result.stderr
        assert result.stderr == Said(
            f"error: {run.db}: the disk it is on can take no more files (no inode left on /srv, though 3.8 GB is "
            f"free); the register is intact: nothing was changed in it\n"
            f"  help: {_NO_INODE_HELP.en}; the register needs no restoring\n",
            f"错误：{run.db}：台账所在的磁盘放不下更多文件（/srv 上的 inode 已用完，尽管还剩 3.8 GB 空间）；台账完好，"
            f"没有任何改动\n  提示：{_NO_INODE_HELP.zh}；台账不需要恢复\n").in_lang(lang), result.stderr


def test_closing_the_register_after_an_io_error_says_the_error_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`Register.close()` asks whether a register this opening made is still empty, to remove it: on a failing disk
    that question failed too, and its `sqlite3.OperationalError` came out as a traceback in place of the error met."""
    from engine.monitor.register import RegisterError

    register = Register.open(tmp_path / "reg.sqlite3")

    def failing(*_: object) -> bool:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(register, "made_empty", failing)
    with pytest.raises(RegisterError) as told, register:
        raise sqlite3.OperationalError("disk I/O error")
    assert told.value.said.en.startswith(f"{tmp_path / 'reg.sqlite3'}: the disk reported an input/output error")


def test_a_register_left_empty_that_cannot_be_removed_is_closed_all_the_same(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    register = Register.open(tmp_path / "reg.sqlite3")

    def refused(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "unlink", refused)
    register.close()  # the empty register stays: one the next command makes its own
    monkeypatch.undo()
    assert (tmp_path / "reg.sqlite3").exists()


# folders a register may be kept in whose path a shell would split or read otherwise, unquoted
_ODD_FOLDERS = ["my files", "wang's files", "$HOME (old)"]


@pytest.fixture(params=_ODD_FOLDERS)
def odd_run(request: pytest.FixtureRequest, examples_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`policy monitor …` on a copy of the examples' register kept in a folder whose name a shell reads otherwise."""
    import shutil

    monkeypatch.chdir(ids.ROOT)
    monkeypatch.delenv("POLICY_REGISTER", raising=False)
    (tmp_path / request.param).mkdir()
    db = str(tmp_path / request.param / "reg.db")
    shutil.copy(examples_db, db)

    def invoke(*args: str) -> Any:
        return ids._invoke(db, *args)
    invoke.db = db  # type: ignore[attr-defined]
    return invoke


def _suggested(help: str, program: str) -> str:
    """The command line starting with `program` that `help` suggests, as it is to be pasted."""
    import re

    found = re.search(f"`({program} [^`]*)`", help)
    assert found is not None, help
    return found[1]


def test_the_chmod_suggested_for_a_register_in_a_folder_with_a_space_runs_as_written(
        odd_run: Any, read_only: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`chmod u+w /tmp/my files/reg.db` gave chmod two files, neither of them the register."""
    from engine.monitor import disk_errors

    monkeypatch.setattr(disk_errors, "read_only_filesystem", lambda path: False)
    monkeypatch.setattr(disk_errors, "allowed", lambda path, mode: mode != os.W_OK)
    monkeypatch.setattr(disk_errors, "_owner", lambda path: disk_errors._account())
    for lang in ("en", "zh"):
        said = odd_run("void", "DS-0003", "--date", "2025-06-01", "--reason", "x", "--lang", lang).stderr
        assert ids._words_of(_suggested(said, "chmod"), "chmod") == ["chmod", "u+w", odd_run.db], said


def test_the_quick_check_suggested_after_an_io_error_runs_as_written(odd_run: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.monitor import disk_errors

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=_FailingDisk))
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 10 << 30)
    monkeypatch.setattr(disk_errors, "intact", lambda path: False)
    for lang in ("en", "zh"):
        said = odd_run("alerts", "--lang", lang).stderr
        assert ids._words_of(_suggested(said, "sqlite3"), "sqlite3") == ["sqlite3", odd_run.db, "PRAGMA quick_check"]


def test_the_df_suggested_for_a_disk_with_no_inode_left_runs_as_written(run: Any, no_inodes: None,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(disk_full, "mount_point", lambda path: "/media/wang li/U盘")
    for lang in ("en", "zh"):
        said = run("apply", "DS-0001", "--date", "2026-03-02", "--lang", lang).stderr
        assert ids._words_of(_suggested(said, "df"), "df") == ["df", "-i", "/media/wang li/U盘"], said


def _unsearchable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This account may not search `folder`: the system refuses to look up what is in it (`os.stat`, as for a folder
    of mode 0600 not its own)."""
    stat = os.stat

    def refused(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if Path(path).absolute().parent == folder.absolute() or folder.absolute() in Path(path).absolute().parents:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return stat(path, *args, **kwargs)
    monkeypatch.setattr(os, "stat", refused)


def _shut_as_it_fails(folder: Path, monkeypatch: pytest.MonkeyPatch) -> type[sqlite3.Connection]:
    """A connection whose first read of the register fails with SQLite's I/O error, from when on this account may
    not search `folder` (the system refuses to look up what is in it, as for a folder of mode 0600 not its own)."""

    def unopened(*_: Any, **__: Any) -> sqlite3.Connection:
        error = sqlite3.OperationalError("unable to open database file")
        error.sqlite_errorcode = 14  # type: ignore[attr-defined]
        raise error

    class Failing(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql.startswith("PRAGMA application_id"):
                _unsearchable(folder, monkeypatch)
                monkeypatch.setattr(sqlite3, "connect", unopened)  # (nor may SQLite open it, to check it)
                error = sqlite3.OperationalError("disk I/O error")
                error.sqlite_errorcode = 266  # type: ignore[attr-defined]
                raise error
            return super().execute(sql, *args)
    return Failing


def _alerts_said(odd_run: Any, monkeypatch: pytest.MonkeyPatch,
                 shut: Callable[[pytest.MonkeyPatch], None]) -> tuple[str, str]:
    """What `alerts` says, in English and in Chinese, with `shut` done to the system for each run: an error (exit 2),
    never a traceback."""
    told = {}
    for lang in ("en", "zh"):
        with monkeypatch.context() as patched:
            shut(patched)
            result = odd_run("alerts", "--lang", lang)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        told[lang] = result.stderr
    return told["en"], told["zh"]


def _assert_made_searchable(en: str, zh: str, folder: Path, own: bool) -> None:
    """The help says to make `folder` searchable: of this account's own (wangli), with `chmod u+x` as pasted; else to
    run as the account that owns it (clerk) or have it made so."""
    if own:
        assert ids._words_of(_suggested(en, "chmod"), "chmod") == ["chmod", "u+x", str(folder)], en
        assert ids._words_of(_suggested(zh, "chmod"), "chmod") == ["chmod", "u+x", str(folder)], zh
    else:
        assert "run the command as the account that keeps the register (clerk)" in en, en
        assert f"请用保管台账的账户（clerk）运行这条命令，或请人把 {folder} 的权限改为 wangli 可进入" in zh, zh


@pytest.mark.parametrize("own", [False, True])
def test_an_io_error_where_the_registers_folder_cannot_be_searched_says_so_not_to_check_it_with_sqlite3(
        odd_run: Any, monkeypatch: pytest.MonkeyPatch, own: bool) -> None:
    """After an input/output error, a register whose folder this account may not search (look up files in) had the
    help to check it with `sqlite3 PATH "PRAGMA quick_check"`, which that account cannot open either."""
    from engine.monitor import disk_errors

    folder = Path(odd_run.db).parent
    connect = sqlite3.connect
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 10 << 30)
    monkeypatch.setattr(disk_errors, "_account", lambda: "wangli")
    monkeypatch.setattr(disk_errors, "_owner", lambda path: "wangli" if own else "clerk")
    en, zh = _alerts_said(odd_run, monkeypatch, lambda shut: shut.setattr(
        sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=_shut_as_it_fails(folder, shut))))
    assert "quick_check" not in en + zh, (en, zh)
    assert en.startswith(f"error: {odd_run.db}: the disk reported an input/output error (disk I/O error) while the "
                         "register was read or written; whether the register is intact could not be checked\n"), en
    assert f"  help: this account (wangli) may not search the folder {folder} (look up the files in it), so the " \
           "register could not be checked: " in en, en
    assert en.endswith(", then run the command again\n"), en
    assert f"  提示：当前账户（wangli）不能进入文件夹 {folder}（无法查找其中的文件），因此无法检查台账：" in zh, zh
    assert zh.endswith("，然后再运行一次这条命令\n"), zh
    _assert_made_searchable(en, zh, folder, own)


@pytest.mark.parametrize("own", [False, True])
def test_a_register_in_a_folder_that_cannot_be_searched_is_refused_naming_the_folder_and_what_to_do(
        odd_run: Any, monkeypatch: pytest.MonkeyPatch, own: bool) -> None:
    """Opening a register whose folder this account may not search said only `cannot open the register: Permission
    denied`, with no help."""
    from engine.monitor import disk_errors

    folder = Path(odd_run.db).parent
    monkeypatch.setattr(disk_errors, "_account", lambda: "wangli")
    monkeypatch.setattr(disk_errors, "_owner", lambda path: "wangli" if own else "clerk")
    en, zh = _alerts_said(odd_run, monkeypatch, lambda shut: _unsearchable(folder, shut))
    assert en.startswith(f"error: {odd_run.db}: cannot open the register: this account (wangli) may not search the "
                         f"folder {folder} (look up the files in it)\n  help: "), en
    assert en.endswith(", then run the command again\n"), en
    assert zh.startswith(f"错误：{odd_run.db}：无法打开台账：当前账户（wangli）不能进入文件夹 {folder}（无法查找其中的"
                         "文件）\n  提示："), zh
    assert zh.endswith("，然后再运行一次这条命令\n"), zh
    _assert_made_searchable(en, zh, folder, own)


def test_a_register_refused_once_its_folder_cannot_be_searched_names_the_folder_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether the register may be read or written was asked with `Path.exists()`, which raises `PermissionError`
    (Python 3.11) in a folder this account may not search: a register whose folder was shut while a command ran came
    out as a traceback."""
    from engine.monitor import disk_errors

    db = tmp_path / "regs" / "reg.db"
    db.parent.mkdir()
    refused = sqlite3.OperationalError("unable to open database file")
    refused.sqlite_errorcode = 14  # type: ignore[attr-defined]
    _unsearchable(db.parent, monkeypatch)
    assert disk_errors.allowed(db, os.R_OK) is False
    told = disk_errors.disk_trouble(db, refused)
    assert told is not None and told.said.en.startswith(
        f"{db}: this account ({disk_errors._account()}) may not search the folder {db.parent} (look up the files in "
        "it); the register is intact: nothing was changed in it"), told.said


# -- a register on a read-only filesystem (an archived copy, a write-protected stick) ------------------------------


def _on_read_only_mount(db: str, tmp_path: Path, *commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Each `policy monitor` command run on a copy of the register `db` on a tmpfs mounted read-only, in a mount
    namespace of its own (`unshare -m` as root, else `unshare -rm`, a user namespace of its own): the filesystem is
    really read-only, as SQLite meets it. Without `unshare` the test fails, saying so, rather than skip (README)."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.fail("a read-only mount of its own needs `unshare` and `mount` (util-linux: apt install util-linux)")
    mount = tmp_path / "stick"
    mount.mkdir()
    lines = [f"mount -t tmpfs tmpfs {shlex.quote(str(mount))}", f"cp {shlex.quote(db)} {shlex.quote(str(mount))}/",
             f"mount -o remount,ro,bind {shlex.quote(str(mount))}", "set +e"]
    for number, command in enumerate(commands):
        words = " ".join(shlex.quote(w) for w in [sys.executable, "-m", "cli.main", "monitor", *command, "--db",
                                                  str(mount / Path(db).name)])
        lines.append(f"{words} >{tmp_path}/out{number} 2>{tmp_path}/err{number}; echo $? >{tmp_path}/rc{number}")
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    prepared = subprocess.run([*unshare, "sh", "-ec", "\n".join(lines)], cwd=ROOT, capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT), "POLICY_REGISTER": ""})
    if prepared.returncode != 0 and not (tmp_path / "rc0").exists():
        pytest.fail(f"no read-only mount could be made ({' '.join(unshare)}: run as root, or where user namespaces "
                    f"are allowed): {prepared.stderr.strip()}")
    return [subprocess.CompletedProcess(command, int((tmp_path / f"rc{n}").read_text()),
                                        (tmp_path / f"out{n}").read_text(), (tmp_path / f"err{n}").read_text())
            for n, command in enumerate(commands)]


def test_a_register_on_a_read_only_filesystem_is_read_by_the_commands_that_record_nothing(
        run: Any, tmp_path: Path) -> None:
    """`alerts` and `show` of a register on a read-only mount were refused, `cannot write the register: the
    filesystem it is on is read-only`: SQLite keeps the files it reads a WAL register with beside it. They read it
    now; `void`, which records, is still refused as before."""
    expected = [run(*c).stdout for c in (["alerts", "--lang", "en"], ["show", "DS-0003", "--lang", "zh"],
                                         ["alerts", "--lang", "zh"])]
    alerts_en, show_zh, alerts_zh, void_en, void_zh = _on_read_only_mount(
        run.db, tmp_path, ["alerts", "--lang", "en"], ["show", "DS-0003", "--lang", "zh"], ["alerts", "--lang", "zh"],
        ["void", "DS-0003", "--date", "2025-06-01", "--reason", "x", "--lang", "en"],
        ["void", "DS-0003", "--date", "2025-06-01", "--reason", "x", "--lang", "zh"])
    for done, same in zip((alerts_en, show_zh, alerts_zh), expected, strict=True):
        assert done.returncode == 0 and done.stderr == "", done.stderr
        assert done.stdout.split("\n")[1:] == same.split("\n")[1:], done.stdout  # (the title names the copy)
    assert alerts_en.stdout.startswith("Alerts — ") and "DS-0011" in alerts_en.stdout, alerts_en.stdout
    assert alerts_zh.stdout.startswith("提醒 — ") and "DS-0011" in alerts_zh.stdout, alerts_zh.stdout
    assert "DS-0003" in show_zh.stdout, show_zh.stdout
    assert void_en.returncode == void_zh.returncode == 2
    assert ": cannot write the register: the filesystem it is on (" in void_en.stderr, void_en.stderr
    assert "：无法写入台账：台账所在的文件系统（" in void_zh.stderr, void_zh.stderr


def test_a_register_of_an_earlier_format_on_a_read_only_filesystem_is_said_to_need_bringing_up_to_date(
        run: Any, tmp_path: Path) -> None:
    """A register of an earlier format is brought up to date as it is opened, which writes in it: on a read-only
    filesystem `alerts` said `cannot write the register …; nothing could be recorded`, of a command that records
    nothing. It says the register is of an earlier format, with where it can be read."""
    with sqlite3.connect(run.db) as connection:  # as format 8 left it
        for statement in ("DROP TRIGGER departure_voids_never_change", "DROP TRIGGER departure_voids_never_go",
                          "DROP TABLE departure_voids", "PRAGMA user_version = 8"):
            connection.execute(statement)
    connection.close()
    en, zh = _on_read_only_mount(run.db, tmp_path, ["alerts", "--lang", "en"], ["show", "DS-0003", "--lang", "zh"])
    mount, db = tmp_path / "stick", tmp_path / "stick" / "register.sqlite3"
    assert en.returncode == zh.returncode == 2 and en.stdout == zh.stdout == ""
    assert en.stderr == (
        f"error: {db}: cannot read the register: it is of an earlier format (8), which this version of policy reads "
        f"once it is brought up to date (format 9), writing in it, and the filesystem it is on ({mount}) is "
        "read-only; the register is intact: nothing was changed in it\n"
        "  help: copy the register to a writable disk and give it with `--db` (it is brought up to date there, what "
        "it holds unchanged); the register needs no restoring\n"), en.stderr
    assert zh.stderr == (
        f"错误：{db}：无法读取台账：它是较早格式（8）的台账，本版本的 policy 要先把它更新到格式 9 才能读取，"
        f"这需要写入，而台账所在的文件系统（{mount}）是只读的；台账完好，没有任何改动\n"
        "  提示：请把台账复制到可写的磁盘上，用 --db 指定（会在那里更新格式，已记录的内容不变）；"
        "台账不需要恢复\n"), zh.stderr
