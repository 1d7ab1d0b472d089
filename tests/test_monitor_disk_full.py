"""`policy monitor` on a disk with no room left: the register is intact, and said to be — never a damaged register
to restore from a backup (which would lose what was recorded since), never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from engine.monitor import disk_full
from engine.monitor.register import Register
from tests import test_monitor_ids as ids
from tests.test_monitor_ids import household, write_jsonl

examples_db, run = ids.examples_db, ids.run


def _snapshots(db: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM snapshots").fetchone()[0])


@pytest.fixture
def cramped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every register opened can grow by no page: a write that needs one fails as on a full disk (SQLITE_FULL)."""
    opened = Register.open.__func__  # type: ignore[attr-defined]

    def open_cramped(cls: type[Register], path: Path, create: bool = True) -> Register:
        register: Register = opened(cls, path, create)
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


class _NoRoomForTheJournal(sqlite3.Connection):
    """A connection on a full disk in WAL mode: the shared-memory file cannot be grown, so the first read fails."""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.startswith("PRAGMA application_id"):
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorcode = 4874  # type: ignore[attr-defined]  # SQLITE_IOERR_SHMSIZE
            raise error
        return super().execute(sql, *args)


def test_a_good_register_on_a_full_disk_is_not_called_damaged(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=_NoRoomForTheJournal))
    monkeypatch.setattr(disk_full, "free_bytes", lambda path: 0)
    for command in (["alerts"], ["void", "DS-0003", "--date", "2026-03-02", "--reason", "x"],
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
