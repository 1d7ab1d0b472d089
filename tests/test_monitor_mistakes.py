"""`policy monitor` and a township's slips: a damaged register restored rather than moved away, and Ctrl-C during a
reassessment said as it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests import test_monitor_ids as ids
from tests.helpers import POST

# a copy of the examples' register (DS-0001 … DS-0028) for each test, as tests/test_monitor_ids.py has it
examples_db, run = ids.examples_db, ids.run


def test_a_damaged_register_is_restored_from_a_backup_not_moved_away(run: Any) -> None:
    data = Path(run.db).read_bytes()
    Path(run.db).write_bytes(data[:len(data) // 3])  # cut short
    result = run("alerts", "--lang", "en")
    assert result.exit_code == 2
    assert "move this file away" not in result.stderr
    assert ("  help: if this is the register, restore it from a backup copy (see “The register file” in "
            "docs/monitor.md) and keep this file as it is, for whoever can repair it: moved away, the next ingest "
            "would start an empty register here; else give the register with --db\n") in result.stderr
    said = run("alerts", "--lang", "zh").stderr
    assert "把这个文件移走" not in said and "请用备份的副本恢复" in said


def test_ctrl_c_during_a_reassessment_says_nothing_was_recorded(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.monitor.reassess as reassess

    def stopped(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt
    with sqlite3.connect(run.db) as connection:
        before = connection.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    monkeypatch.setattr(reassess, "_decide", stopped)
    result = run("reassess", "--policy", POST, "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr == ("\ninterrupted: nothing was recorded in the register: a reassessment is recorded in one "
                             "transaction, whole or not at all; run the command again\n")
    assert run("reassess", "--policy", POST, "--lang", "zh").stderr == (
        "\n已中断：台账中没有记下任何内容：重新认定在一个事务中记录，要么全部记下、要么一条不记；请重新运行这条命令\n")
    with sqlite3.connect(run.db) as connection:
        assert connection.execute("SELECT count(*) FROM snapshots").fetchone()[0] == before


def test_ctrl_c_after_a_reassessment_is_recorded_says_so(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import cli.monitor_reassess as command

    def stopped(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt
    monkeypatch.setattr(command, "write_output", stopped)
    result = run("reassess", "--policy", POST, "--date", "2026-06-30", "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr.endswith("\ninterrupted: the reassessment is recorded in the register; its alerts were not "
                                  "all shown: `policy monitor alerts` lists them\n")
