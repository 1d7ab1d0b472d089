"""`policy monitor` and a township's slips: an application recorded by mistake voided beside it, an id whose only
snapshot is voided taking no application, a destructive command never pointed at another household of the series, a
damaged register restored rather than moved away, and Ctrl-C during a reassessment said as it is."""

from __future__ import annotations

import contextlib
import csv
import datetime
import errno
import io
import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from engine.diagnostics import Said
from tests import test_monitor_ids as ids
from tests.helpers import POST, ROOT, glued_options, helps_of_each_error, in_an_exports_words
from tests.test_monitor_ids import _invoke, household, write_jsonl
from tests.test_monitor_tables import help_text

# a copy of the examples' register (DS-0001 … DS-0028) for each test, as tests/test_monitor_ids.py has it
examples_db, run = ids.examples_db, ids.run
EXAMPLE = ROOT / "examples" / "households" / "DS-0001-dibao-widow.json"


def test_an_id_whose_only_snapshot_is_voided_takes_no_application(run: Any, tmp_path: Path) -> None:
    typo = write_jsonl(tmp_path / "typo.jsonl", [{**household("DS-0O01"), "date": "2026-03-02"}])
    assert run("ingest", str(typo), "--policy", POST).exit_code == 0
    assert run("void", "DS-0O01", "--date", "2026-03-02", "--reason", "id mistyped: DS-0001").exit_code == 0
    refused = run("apply", "DS-0O01", "--date", "2026-03-04", "--lang", "en")
    assert refused.exit_code == 2
    assert refused.stderr == ("error: household DS-0O01 has no snapshot that counts in the register: its only "
                              "snapshot was voided (reason: id mistyped: DS-0001)\n"
                              "  help: did you mean `DS-0001`? If `DS-0O01` applies before its first snapshot, add "
                              "--new\n")
    said = run("apply", "DS-0O01", "--date", "2026-03-04", "--lang", "zh")
    assert said.stderr.endswith("  提示：是否应为 `DS-0001`？若 `DS-0O01` 是在首次记录快照之前申请的，请加 --new\n")
    listed = run("alerts", "--today", "2026-06-01", "--kind", "overdue", "--format", "json").output
    assert "DS-0O01" not in listed


def test_an_application_recorded_by_mistake_is_voided_beside_it(run: Any) -> None:
    today = datetime.date.today()
    typo = today.replace(year=today.year + 36, day=1).isoformat()  # 2062 for 2026
    refused = run("apply", "DS-0002", "--date", typo, "--lang", "en")
    assert refused.exit_code == 2
    assert refused.stderr == (f"error: DS-0002: the application date {typo} is after today ({today.isoformat()}): an "
                              "application is recorded once it is made; nothing was recorded\n"
                              "  help: check the year, the month and the day of `--date`. Recorded on another day than "
                              "the machine's clock says, give that day with --today D\n")
    assert run("apply", "DS-0002", "--date", typo, "--lang", "zh").stderr.startswith(
        f"错误：DS-0002：申请日期 {typo} 晚于今天（{today.isoformat()}）：申请提出后才能记录；未记录任何内容\n")
    assert run("apply", "DS-0002", "--date", typo, "--today", typo).exit_code == 0  # as a register kept before holds it
    real = run("apply", "DS-0002", "--date", "2026-03-02", "--lang", "en")
    assert real.exit_code == 2
    hint = real.stderr.splitlines()[-1]
    assert hint == ("  help: record its decision first: `policy monitor close DS-0002 --date D`. If it was recorded by "
                    f"mistake, void it: `policy monitor void DS-0002 --date {typo} --application --reason REASON`")
    assert glued_options(real.stderr) == [], real.stderr  # the command is copied without the period after it
    late = run("close", "DS-0002", "--date", "2026-03-20", "--lang", "en")
    assert glued_options(late.stderr) == [], late.stderr
    assert late.exit_code == 2 and late.stderr.endswith(
        f"  help: check `--date`. If the application date {typo} is the mistake, void the application and record it "
        f"again with its date; to void it: `policy monitor void DS-0002 --date {typo} --application --reason REASON`\n")
    command = shlex.split(hint.split("void it: ", 1)[1].strip("`"))
    assert command[:3] == ["policy", "monitor", "void"] and command[-1] == "REASON"
    voided = run(*command[2:-1], "year mistyped", "--by", "clerk", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout == (f"DS-0002: application of {typo} voided (reason: year mistyped); it has no undecided "
                             "application\n")
    assert run("apply", "DS-0002", "--date", "2026-03-02").exit_code == 0
    shown = run("show", "DS-0002", "--lang", "en").output
    assert "Applications\n  2026-03-02 → 2026-04-07 (25 working days): undecided\n" in shown
    assert f"Voided applications\n  {typo} → " in shown and " by clerk: year mistyped" in shown
    assert "年份" not in run("show", "DS-0002", "--lang", "zh").output and "已作废的申请" in run(
        "show", "DS-0002", "--lang", "zh").output
    overdue = run("alerts", "--today", f"{typo[:4]}-12-31", "--kind", "overdue", "--format", "json").output
    assert typo not in overdue  # the mistaken application is in no alert, the real one is
    again = run("void", "DS-0002", "--date", typo, "--application", "--reason", "again", "--lang", "en")
    assert again.exit_code == 2 and again.stderr.startswith(
        f"error: the application of household DS-0002 of {typo} is voided already: on ")
    with sqlite3.connect(run.db) as connection:
        assert connection.execute("SELECT count(*) FROM applications WHERE household = 'DS-0002'").fetchone() == (2,)
        with pytest.raises(sqlite3.DatabaseError, match="never changed but by recording their decision"):
            connection.execute("UPDATE applications SET applied = '2026-03-01'")
        with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
            connection.execute("DELETE FROM application_voids")


def test_an_application_voided_twice_is_said_voided_already(run: Any) -> None:
    assert run("apply", "DS-0002", "--date", "2025-11-25").exit_code == 0
    assert run("void", "DS-0002", "--date", "2025-11-25", "--application", "--reason", "year mistyped",
               "--by", "wangli").exit_code == 0
    for then in ("only", "beside another"):
        again = run("void", "DS-0002", "--date", "2025-11-25", "--application", "--reason", "x", "--lang", "en")
        assert again.exit_code == 2, then
        said, help = again.stderr.splitlines()
        assert said.startswith("error: the application of household DS-0002 of 2025-11-25 is voided already: on ")
        assert said.endswith(" by wangli, because “year mistyped”"), said
        assert help == ("  help: nothing is left to do for it; to record it again, `policy monitor apply DS-0002 "
                        "--date 2025-11-25`; `policy monitor show DS-0002` lists its applications")
        zh = run("void", "DS-0002", "--date", "2025-11-25", "--application", "--reason", "x", "--lang", "zh").stderr
        assert zh.startswith("错误：家庭 DS-0002 在 2025-11-25 提出的申请已经作废：")
        assert "由 wangli 作废，原因是“year mistyped”" in zh
        if then == "only":  # the void of one application is told beside the household's other one too
            assert run("apply", "DS-0002", "--date", "2026-11-25").exit_code == 0


def test_a_decision_date_set_by_hand_must_be_a_date_on_or_after_the_application(run: Any) -> None:
    assert run("apply", "DS-0001", "--date", "2026-03-02").exit_code == 0
    with sqlite3.connect(run.db) as connection:  # as format 5 left it: any text for a decision date
        connection.execute("DROP TRIGGER IF EXISTS applications_decided_a_date")
        connection.execute("DROP TRIGGER IF EXISTS applications_added_undecided")
        connection.execute("PRAGMA user_version = 5")
    assert run("show", "DS-0001").exit_code == 0  # brought up to format 9
    with sqlite3.connect(run.db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (9,)
        for wrong in ("garbage", "2026-02-30", "2026-3-20", "2026-03-01"):  # not a date, or before the application
            with pytest.raises(sqlite3.DatabaseError, match="a decision date is a date YYYY-MM-DD on or after the "
                                                            "application date"):
                connection.execute("UPDATE applications SET decided = ?", (wrong,))
        with pytest.raises(sqlite3.DatabaseError, match="an application is added undecided"):
            connection.execute("INSERT INTO applications (household, applied, special, working_days, due, policy, "
                               "decided, recorded_at) VALUES ('DS-0002', '2026-03-02', 0, 25, '2026-04-07', 1, "
                               "'garbage', '')")
    assert "decided garbage" not in run("show", "DS-0001", "--lang", "en").output
    assert run("close", "DS-0001", "--date", "2026-03-02").exit_code == 0  # on the day of the application: a date


def test_a_household_known_from_its_application_is_shown_and_applying_again_says_why_not(run: Any) -> None:
    assert run("apply", "XY-1", "--date", "2026-03-02", "--new").exit_code == 0
    shown = run("show", "XY-1", "--lang", "en")
    assert shown.exit_code == 0
    assert shown.stdout == ("Household XY-1: no snapshot yet\n\nApplications\n"
                            "  2026-03-02 → 2026-04-07 (25 working days): undecided\n")
    assert run("show", "XY-1", "--lang", "zh").stdout.startswith("户 XY-1：还没有快照\n\n申请\n")
    again = run("apply", "XY-1", "--date", "2026-03-03", "--lang", "en")
    assert again.exit_code == 2
    assert again.stderr.startswith("error: household XY-1 already has an undecided application of 2026-03-02")


def test_an_id_written_otherwise_is_offered_as_written_in_the_register_first(run: Any) -> None:
    slip = run("apply", "DS－0004", "--date", "2026-03-02", "--lang", "en")
    assert slip.exit_code == 2
    assert slip.stderr == ("error: `DS－0004` is household `DS-0004` of the register written with another case, "
                           "separators, full-width characters or zero padding: nothing was recorded\n"
                           "  help: to record the application of DS-0004, write: `policy monitor apply DS-0004 "
                           "--date 2026-03-02`\n")


def test_void_in_the_wrong_register_names_it_rather_than_another_household(run: Any, tmp_path: Path) -> None:
    lone = str(tmp_path / "lone.sqlite3")
    one = write_jsonl(tmp_path / "one.jsonl", [{**household("DS-0103"), "date": "2026-03-02"}])
    assert _invoke(lone, "ingest", str(one), "--policy", POST).exit_code == 0
    mistyped = _invoke(lone, "void", "DS-0101", "--date", "2026-03-02", "--reason", "x", "--lang", "en")
    assert mistyped.exit_code == 2
    assert mistyped.stderr == (f"error: no snapshot of household `DS-0101` in {lone}\n"
                               f"  help: check the id, and `--db`: {lone} holds 1 household (`DS-0103`)\n")
    said = _invoke(lone, "void", "DS-0101", "--date", "2026-03-02", "--reason", "x", "--lang", "zh")
    assert said.stderr.endswith(f"  提示：请核对编号和 `--db`：{lone} 中有 1 户（`DS-0103`）\n")
    assert glued_options(mistyped.stderr) == glued_options(said.stderr) == [], said.stderr  # --db copied alone
    series = run("void", "DS-0029", "--date", "2026-03-02", "--reason", "x", "--lang", "en")  # DS-0028 is another's
    assert series.stderr.endswith(f"  help: check the id, and `--db`: {run.db} holds 28 households; an id close to it "
                                  "is another household's, so none is offered\n")
    assert "是否应为" not in run("void", "DS-0029", "--date", "2026-03-02", "--reason", "x", "--lang", "zh").stderr
    letter = run("void", "DS-0O01", "--date", "2026-03-02", "--reason", "x", "--lang", "en")  # a letter O: a slip
    assert letter.stderr.endswith("  help: did you mean `DS-0001`?\n")


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


def test_a_register_damaged_midway_is_refused_by_every_command_and_never_written(run: Any) -> None:
    data = bytearray(Path(run.db).read_bytes())
    pages = [(page, data[page:page + 4096]) for page in range(4096, len(data), 4096)]
    page = next(page for page, body in pages if b"DS-0003" in body)  # a page of the snapshots `show DS-0003` reads
    data[page:page + 4096] = b"junk" * 1024
    Path(run.db).write_bytes(bytes(data))
    for command in (["show", "DS-0003"], ["void", "DS-0003", "--date", "2026-03-02", "--reason", "x"],
                    ["reassess", "--policy", POST, "--dry-run"], ["apply", "DS-0001", "--date", "2026-03-02"],
                    ["close", "DS-0001", "--date", "2026-03-02"], ["ingest", str(EXAMPLE)],
                    ["leave", "DS-0001", "--date", "2026-03-02", "--reason", "x", "--today", "2026-03-02"],
                    ["leave", "DS-0001", "--date", "2026-03-02", "--reason", "x", "--undo"]):
        result = run(*command, "--lang", "en")
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"error: {run.db}: not a policy register (database disk image is malformed)"
                                        "\n  help: if this is the register, restore it from a backup copy"), command
    assert Path(run.db).read_bytes() == bytes(data)  # nothing written into it
    assert "请用备份的副本恢复" in run("show", "DS-0003", "--lang", "zh").stderr


def test_the_commands_said_to_check_the_whole_register_before_they_record_are_all_that_record() -> None:
    """docs/monitor.md lists the commands that check the whole file first, and those that only read it: together they
    are every `policy monitor` command, so that one added is placed in one list or the other."""
    from cli.main import cli

    page = " ".join((ROOT / "docs" / "monitor.md").read_text(encoding="utf-8").split())
    found = re.search(r"Every command that records \((.*?)\) first checks the whole file", page)
    assert found is not None
    recording = set(re.findall(r"`([a-z]+)", found.group(1)))
    assert "; `alerts` and `show` refuse it when they meet a damaged part" in page
    commands = set(cli.commands["monitor"].commands)  # type: ignore[attr-defined]
    assert recording == commands - {"alerts", "show"}, recording


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


class _InterruptedAfterCommit:
    """The clock of a run that reads it at its start and right after its commit: Ctrl-C at that second reading."""

    calls = 0

    def perf_counter(self) -> float:
        self.calls += 1
        if self.calls == 2:
            raise KeyboardInterrupt
        return 0.0


def test_ctrl_c_just_after_the_reassessment_commits_says_it_is_recorded(run: Any,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.monitor.reassess as reassess

    with sqlite3.connect(run.db) as connection:
        before = connection.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    monkeypatch.setattr(reassess, "time", _InterruptedAfterCommit())
    result = run("reassess", "--policy", POST, "--date", "2026-06-30", "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr == ("\ninterrupted: the reassessment is recorded in the register; its alerts were not shown: "
                             "`policy monitor alerts` lists them\n")
    with sqlite3.connect(run.db) as connection:
        assert connection.execute("SELECT count(*) FROM snapshots").fetchone()[0] > before


def test_ctrl_c_just_after_an_ingest_commits_says_the_file_is_recorded(run: Any, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.monitor.ingest as ingest

    month = write_jsonl(tmp_path / "month.jsonl", [{**household("DS-0001"), "date": "2026-04-01"}])
    monkeypatch.setattr(ingest, "time", _InterruptedAfterCommit())
    result = run("ingest", str(month), "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr == (f"\ninterrupted: {month} was recorded whole; run the same command again to continue: "
                             "snapshots already recorded are not recorded twice\n")
    assert "2026-04-01" in run("show", "DS-0001").output


def test_ctrl_c_between_two_files_of_an_ingest_says_the_next_is_not_recorded(run: Any, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A stop while a file's outcome is added up (its snapshots committed, the next file not begun) was said as any
    command's stop, `output files are written whole or not at all`, not what the register holds: it is said of the
    file at hand as a stop within a file is (the next one; after the last, the last one, recorded whole)."""
    from engine.monitor.ingest_report import IngestReport

    april = write_jsonl(tmp_path / "april.jsonl", [{**household("DS-0001"), "date": "2026-04-01"}])
    may = write_jsonl(tmp_path / "may.jsonl", [{**household("DS-0001"), "date": "2026-05-01"}])

    def stopped(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt
    monkeypatch.setattr(IngestReport, "include", stopped)
    result = run("ingest", str(april), str(may), "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr == (f"\ninterrupted: nothing of {may} was recorded (the 1 file before it is recorded); run "
                             "the same command again to continue: snapshots already recorded are not recorded twice\n")
    shown = run("show", "DS-0001").output
    assert "2026-04-01" in shown and "2026-05-01" not in shown
    june = write_jsonl(tmp_path / "june.jsonl", [{**household("DS-0001"), "date": "2026-06-01"}])
    result = run("ingest", str(june), "--lang", "zh")
    assert result.exit_code == 130
    assert result.stderr == f"\n已中断：{june} 已全部记录；再运行同一条命令即可继续：已记录的快照不会重复记录\n"
    assert "2026-06-01" in run("show", "DS-0001").output


def test_ctrl_c_after_a_reassessment_is_recorded_says_so(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import cli.monitor_reassess as command

    def stopped(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt
    monkeypatch.setattr(command, "write_output", stopped)
    result = run("reassess", "--policy", POST, "--date", "2026-06-30", "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr.endswith("\ninterrupted: the reassessment is recorded in the register; its alerts were not "
                                  "all shown: `policy monitor alerts` lists them\n")


def test_a_register_written_by_a_newer_version_is_told_how_to_update_this_project(run: Any) -> None:
    """`pip install -U policy` would fetch another project of that name from the package index: the help says to
    update this one where it was installed from, and nothing is written to the register."""
    with sqlite3.connect(run.db) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"PRAGMA user_version = {version + 1}")
    newer = version + 1
    for lang, said, help in (("en", f"register format {newer}, this one reads {version}", "git pull and pip install"),
                             ("zh", f"台账格式 {newer}，本版本只能读取 {version}", "git pull 和 pip install -e .")):
        for command in (["show", "DS-0001"], ["leave", "DS-0001", "--date", "2026-03-02", "--reason", "x", "--today",
                                              "2026-03-02"],
                        ["leave", "DS-0001", "--date", "2026-03-02", "--reason", "x", "--undo"]):
            refused = run(*command, "--lang", lang)
            assert refused.exit_code == 2 and said in refused.output and help in refused.output, command
            assert "pip install -U" not in refused.output
    with sqlite3.connect(run.db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == version + 1


def test_an_alert_of_a_snapshot_dated_after_today_says_so_and_how_to_void_it(tmp_path: Path) -> None:
    # the year of a month's export typed 2062 for 2026: warned of at ingest, and acted on later from the alerts
    today = datetime.date.today()
    typo = today.replace(year=today.year + 36, day=1).isoformat()
    db = str(tmp_path / "register.sqlite3")
    months = [{**ids.household("DS-0101"), "date": "2026-03-02"},
              {**ids.household("DS-0101", agriculture=3000), "date": typo}]  # its income falls: it moves to dibao
    for month in months:  # (a member born in 1940 would be more than 120 years old in 2062, a bad record)
        month["members"] = [{**m, "birth_date": max(m["birth_date"], "1950-02-02")} for m in month["members"]]
    assert _invoke(db, "ingest", str(write_jsonl(tmp_path / "m.jsonl", months)), "--policy", POST).exit_code == 0
    void = f"`policy monitor void DS-0101 --date {typo} --reason …`"
    english = _invoke(db, "alerts", "--lang", "en", "--margin", "0%").output
    assert (f"DS-0101: 2026-03-02 → {typo} (after today): household on the margin of dibao (dibao_marginal) → "
            "minimum living guarantee (dibao) household and person in extreme poverty (tekun, member p2)\n"
            f"      the snapshot of {typo} is dated after today ({today.isoformat()}): ages and the policy's window "
            f"are taken on that day; if its date is wrong, void it with {void} and ingest the record corrected\n"
            ) in english
    chinese = _invoke(db, "alerts", "--lang", "zh", "--margin", "0%").output
    assert (f"      {typo} 的快照晚于今天（{today.isoformat()}），年龄和政策施行期都按这一天计算；"
            f"若日期有误，请用 {void} 将其作废，改正后重新导入\n") in chinese
    assert f"DS-0101：2026-03-02 → {typo}（晚于今天）：" in chinese
    (alert,) = json.loads(_invoke(db, "alerts", "--format", "json", "--margin", "0%").output)["alerts"]
    assert alert["after_today"] is True
    rows = list(csv.DictReader(io.StringIO(_invoke(db, "alerts", "--format", "csv", "--margin", "0%").output
                                           .lstrip("\ufeff"))))
    assert [r["after_today"] for r in rows] == ["true"]
    # voided, the register goes by the snapshot before it: nothing is left to alert of
    assert _invoke(db, "void", "DS-0101", "--date", typo, "--reason", "year mistyped").exit_code == 0
    assert "DS-0101" not in _invoke(db, "alerts", "--margin", "0%").output


def test_an_export_ingested_under_another_date_than_its_records_carry_is_warned_of(run: Any, tmp_path: Path) -> None:
    march = write_jsonl(tmp_path / "2026-03.jsonl", [{**household(f"H-{n}"), "date": "2026-03-02"} for n in (1, 2)])
    assert run("ingest", str(march)).exit_code == 0
    # April's export, ingested with March's date by mistake: H-1's data clashes, H-2's is the same, H-3 is new (and
    # H-4, with no `date` of its own, is dated by --date as asked)
    april = write_jsonl(tmp_path / "2026-04.jsonl", [{**household("H-1", 7000), "date": "2026-04-02"},
                                                     {**household("H-2"), "date": "2026-04-02"},
                                                     {**household("H-3"), "date": "2026-04-02"},
                                                     household("H-4")])
    result = run("ingest", str(april), "--date", "2026-03-02", "--lang", "en")
    assert result.exit_code == 2  # H-1's clash
    assert (f"{april}: warning: --date 2026-03-02 dated 1 snapshot recorded, whose record carries a date of its own: "
            "2026-04-02; if --date is wrong, void it with `policy monitor void H-3 --date 2026-03-02 --reason …`, then "
            "ingest the export again without `--date`, each record on its own date\n") in result.stderr
    assert (f"({april}): 2 snapshots recorded (2 households new to the register), 1 already recorded, 1 bad record "
            "skipped, 1 warning") in result.stderr
    more = write_jsonl(tmp_path / "2026-05.jsonl", [{**household(f"H-{n}"), "date": d} for n, d in (
        (5, "2026-05-02"), (6, "2026-05-02"), (7, "2026-05-03"), (8, "2026-05-04"), (9, "2026-03-02"))])
    said = run("ingest", str(more), "--date", "2026-03-02", "--lang", "zh")
    assert said.exit_code == 0
    assert (f"{more}: 警告：有 4 条快照按 --date 记为 2026-03-02，而它们的记录自己的 `date` 是 2026-05-02（2 条）、"
            "2026-05-03（1 条）、2026-05-04（1 条）；若 --date 有误，请用 `policy monitor void 家庭编号 "
            "--date 2026-03-02 --reason …` 逐户作废（H-5、H-6、H-7，另有 1 项），再去掉 --date 重新导入这份导出，"
            "每条记录按自己的日期记录\n") in said.stderr
    english = run("ingest", str(more), "--date", "2026-03-02", "--lang", "en")  # recorded already: nothing to warn of
    assert "warning" not in english.stderr and english.exit_code == 0


def test_a_folder_of_household_files_under_another_date_than_they_carry_is_warned_of_once(run: Any,
                                                                                          tmp_path: Path) -> None:
    # a folder holding one household a file, ingested with --date: one warning for the folder, not one a household
    folder = tmp_path / "2026-04"
    folder.mkdir()
    for n, day in ((1, "2026-04-02"), (2, "2026-04-02"), (3, "2026-04-03"), (4, "2026-03-02")):
        (folder / f"H-{n}.json").write_text(json.dumps({**household(f"H-{n}"), "date": day}), encoding="utf-8")
    result = run("ingest", str(folder), "--date", "2026-03-02", "--lang", "en")
    assert result.exit_code == 0, result.output
    warning, summary = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning == (f"{folder}: warning: --date 2026-03-02 dated 3 snapshots recorded, whose records carry dates "
                       "of their own: 2026-04-02 (2), 2026-04-03 (1); if --date is wrong, void them with `policy "
                       "monitor void HOUSEHOLD --date 2026-03-02 --reason …` for each household (H-1, H-2, H-3), "
                       "then ingest the export again without `--date`, each record on its own date")
    assert " (4 files): 4 snapshots recorded " in summary and ", 1 warning — " in summary
    again = tmp_path / "2026-05"
    again.mkdir()
    for n, day in ((5, "2026-05-02"), (6, "2026-05-03")):
        (again / f"H-{n}.json").write_text(json.dumps({**household(f"H-{n}"), "date": day}), encoding="utf-8")
    zh = run("ingest", str(again), "--date", "2026-03-02", "--lang", "zh")
    assert next(line for line in zh.stderr.splitlines() if "警告" in line) == (
        f"{again}: 警告：有 2 条快照按 --date 记为 2026-03-02，而它们的记录自己的 `date` 是 2026-05-02（1 条）、"
        "2026-05-03（1 条）；若 --date 有误，请用 `policy monitor void 家庭编号 --date 2026-03-02 --reason …` 逐户作废"
        "（H-5、H-6），再去掉 --date 重新导入这份导出，每条记录按自己的日期记录")
    assert zh.stderr.count("警告") == 2  # the warning, and the summary that counts it


def test_an_export_ingested_under_the_wrong_date_is_voided_at_once_and_its_void_withdrawn(run: Any,
                                                                                         tmp_path: Path) -> None:
    assert run("ingest", str(write_jsonl(tmp_path / "2026-03.jsonl", [{**household("H-1"), "date": "2026-03-02"}]))
               ).exit_code == 0
    april = write_jsonl(tmp_path / "2026-04.jsonl", [{**household(f"H-{n}"), "date": d} for n, d in (
        (2, "2026-04-02"), (3, "2026-04-02"), (4, "2026-04-03"))])
    result = run("ingest", str(april), "--date", "2026-03-02", "--lang", "en")
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if ": warning:" in line)
    command = warning.split("void them all with `", 1)[1].split("`", 1)[0]
    ingest = command.split("--ingest ", 1)[1].split(" ", 1)[0]
    assert warning == (f"{april}: warning: --date 2026-03-02 dated 3 snapshots recorded, whose records carry dates of "
                       "their own: 2026-04-02 (2), 2026-04-03 (1); if --date is wrong, void them all with "
                       f"`policy monitor void --ingest {ingest} --reason …`, then ingest the export again without "
                       "`--date`, each record on its own date")
    said = _invoke(str(tmp_path / "zh.sqlite3"), "ingest", str(april), "--date", "2026-03-02", "--lang", "zh")
    assert ("若 --date 有误，请用 `policy monitor void --ingest 1 --reason …` 一并作废，再去掉 --date 重新导入这份导出"
            in said.stderr)
    words = [*shlex.split(command)[2:-1], "April's export, given March's date", "--by", "clerk"]
    voided = run(*words, "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout.startswith(f"ingest #{ingest} ({april}, recorded ")
    assert voided.stdout.endswith("): 3 snapshots of 3 households voided (reason: April's export, given March's "
                                  "date): H-2, H-3, H-4\n")
    history = json.loads(run("show", "H-3", "--format", "json").output)["snapshots"]
    assert [(h["date"], h["void"]["reason"], h["void"]["by"]) for h in history] == [
        ("2026-03-02", "April's export, given March's date", "clerk")]  # kept, struck out
    assert run("show", "H-1", "--format", "json").output.count('"void": null') == 1  # another ingest's: untouched
    again = run(*words, "--lang", "en")
    assert again.exit_code == 2
    assert again.stderr.startswith(f"error: the 3 snapshots recorded by ingest #{ingest} ({april}, recorded ")
    assert ") are voided already: the last on " in again.stderr and " by clerk, because “April's export, given " \
        "March's date”\n" in again.stderr
    assert run(*words, "--lang", "zh").stderr.startswith(f"错误：导入 #{ingest}（{april}，")
    # each record on its own date: the voided ones no longer clash
    assert run("ingest", str(april), "--lang", "en").exit_code == 0
    # withdrawn as a single void is, with its reason
    undone = run("void", "--ingest", ingest, "--undo", "--reason", "the right date after all", "--lang", "en")
    assert undone.exit_code == 0, undone.output
    assert undone.stdout.endswith("): the voids of 3 snapshots of 3 households withdrawn (reason: the right date "
                                  "after all): H-2, H-3, H-4\n")
    history = json.loads(run("show", "H-3", "--format", "json").output)["snapshots"]
    assert [(h["date"], h["void"]) for h in history] == [("2026-03-02", None), ("2026-04-02", None)]
    assert [v["withdrawn"]["reason"] for v in history[0]["voids"]] == ["the right date after all"]
    not_voided = run("void", "--ingest", ingest, "--undo", "--reason", "again", "--lang", "en")
    assert not_voided.exit_code == 2 and not_voided.stderr.startswith(
        f"error: none of the 3 snapshots recorded by ingest #{ingest} ({april}, recorded ")
    assert ") is voided: there is no void to withdraw\n" in not_voided.stderr
    assert run("ingest", str(april)).exit_code == 0  # recorded already: an ingest that records nothing
    none = run("void", "--ingest", "99", "--reason", "x", "--lang", "en")
    assert none.exit_code == 2
    assert none.stderr.startswith("error: the register holds no ingest #99\n  help: its latest ingests: "
                                  f"#{int(ingest) + 2} {april} (")
    zh = run("void", "--ingest", "99", "--reason", "x", "--lang", "zh")
    assert zh.stderr.startswith("错误：台账中没有导入 #99\n  提示：最近几次导入：")
    nothing = run("void", "--ingest", str(int(ingest) + 2), "--reason", "x", "--lang", "en")
    assert nothing.exit_code == 2 and "recorded no snapshot: there is nothing of it to void" in nothing.stderr
    mixed = run("void", "H-3", "--ingest", ingest, "--reason", "x", "--lang", "en")
    assert mixed.exit_code == 2 and mixed.stderr.startswith("error: --ingest voids what one ingest recorded")
    bare = run("void", "--reason", "x", "--lang", "en")
    assert bare.exit_code == 2 and "Missing argument 'HOUSEHOLD'" in bare.output


def test_the_refusals_of_void_ingest_name_the_household_as_the_help_of_show_does(run: Any, tmp_path: Path) -> None:
    # `policy monitor show --help` names its argument HOUSEHOLD (家庭编号): a command a help suggests says the same
    march = write_jsonl(tmp_path / "2026-03.jsonl", [{**household("H-1"), "date": "2026-03-02"}])
    assert run("ingest", str(march)).exit_code == 0
    ingest = json.loads(run("show", "H-1", "--format", "json").output)["snapshots"][0]["ingest"]
    assert run("ingest", str(march)).exit_code == 0  # recorded already: the next ingest recorded nothing
    assert run("void", "--ingest", str(ingest), "--reason", "wrong file").exit_code == 0
    for refused in (ingest, ingest + 1, 9999):  # voided already, recorded nothing, no such ingest
        words = ["void", "--ingest", str(refused), "--reason", "x"]
        english, chinese = run(*words, "--lang", "en").stderr, run(*words, "--lang", "zh").stderr
        assert "`policy monitor show HOUSEHOLD`" in english and "`policy monitor show 家庭编号`" in chinese
        assert "show ID" not in english and "show 编号" not in chinese
    undone = ["void", "--ingest", str(ingest), "--undo", "--reason", "x"]
    assert run(*undone).exit_code == 0
    assert "`policy monitor show 家庭编号` 会列出一户的快照及其作废情况" in run(*undone, "--lang", "zh").stderr
    assert "`policy monitor show HOUSEHOLD` lists a household's snapshots" in run(*undone, "--lang", "en").stderr


@pytest.mark.parametrize("one_household", [["DS-0003"], ["DS-0003", "--snapshot", "1"], ["--application"]])
def test_void_ingest_with_one_household_s_options_is_refused_with_what_to_leave_out(run: Any,
                                                                                    one_household: list[str]) -> None:
    before = run("show", "DS-0003", "--format", "json").output
    for lang, said in (("en", "error: --ingest voids what one ingest recorded, whatever its households (`--date`: "
                              "only that date's): a household, --snapshot and --application are for one household's "
                              "snapshots\n  help: leave them out, or leave out --ingest\n"),
                       ("zh", "错误：--ingest 作废一次导入记录的全部快照，不分家庭（加 `--date`：只作废那一天的）："
                              "家庭编号、--snapshot 和 --application 只用于一户的快照\n"
                              "  提示：请去掉它们，或去掉 --ingest\n")):
        refused = run("void", *one_household, "--ingest", "1", "--date", "2025-06-01", "--reason", "x", "--lang", lang)
        assert refused.exit_code == 2 and refused.stdout == "" and refused.stderr == said, refused.output
        assert glued_options(refused.stderr) == [], refused.stderr  # each option copied alone
    assert run("show", "DS-0003", "--format", "json").output == before  # nothing voided


def test_void_ingest_date_voids_only_that_ingest_s_snapshots_of_that_date(run: Any, tmp_path: Path) -> None:
    # an export of several dates, ingested on its records' own dates: those of 2026-04-03 were the wrong day's
    export = write_jsonl(tmp_path / "2026-04.jsonl", [{**household(f"H-{n}"), "date": d} for n, d in (
        (1, "2026-04-02"), (2, "2026-04-03"), (3, "2026-04-03"))])
    said = run("ingest", str(export), "--lang", "en")
    assert said.exit_code == 0, said.output
    ingest = said.stderr.split("ingest #", 1)[1].split(" ", 1)[0]
    voided = run("void", "--ingest", ingest, "--date", "2026-04-03", "--reason", "the wrong day's", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout.endswith("): 2 snapshots of 2 households dated 2026-04-03 voided (reason: the wrong day's): "
                                  "H-2, H-3\n")
    assert run("show", "H-1", "--format", "json").output.count('"void": null') == 1  # another date's: untouched
    zh = run("void", "--ingest", ingest, "--date", "2026-04-03", "--undo", "--reason", "没有错", "--lang", "zh")
    assert zh.exit_code == 0, zh.output
    assert zh.stdout.endswith("：已撤销 2 户日期为 2026-04-03 的 2 条快照的作废（原因：没有错）：H-2、H-3\n")
    again = run("void", "--ingest", ingest, "--date", "2026-04-03", "--undo", "--reason", "x", "--lang", "en")
    assert again.exit_code == 2 and again.stderr.startswith(f"error: none of the 2 snapshots dated 2026-04-03 "
                                                            f"recorded by ingest #{ingest} (")
    assert run("void", "--ingest", ingest, "--date", "2026-04-03", "--reason", "x").exit_code == 0
    twice = run("void", "--ingest", ingest, "--date", "2026-04-03", "--reason", "x", "--lang", "en")
    assert twice.exit_code == 2 and twice.stderr.startswith("error: the 2 snapshots dated 2026-04-03 recorded by "
                                                            f"ingest #{ingest} (")
    none = run("void", "--ingest", ingest, "--date", "2026-03-02", "--reason", "x", "--lang", "en")
    assert none.exit_code == 2
    assert none.stderr.startswith(f"error: ingest #{ingest} ({export}, recorded ")
    assert ") recorded no snapshot dated 2026-03-02\n  help: its snapshots are dated 2026-04-02, 2026-04-03; leave " \
        "out --date for every date\n" in none.stderr
    assert ") 没有记录日期为 2026-03-02 的快照\n  提示：它的快照日期为 2026-04-02、2026-04-03；" in run(
        "void", "--ingest", ingest, "--date", "2026-03-02", "--reason", "x", "--lang", "zh").stderr.replace("）", ") ")
    one = run("void", "H-1", "--ingest", ingest, "--date", "2026-04-02", "--reason", "x", "--lang", "en")
    assert one.exit_code == 2 and one.stderr.startswith("error: --ingest voids what one ingest recorded")


def test_an_ingest_s_number_is_found_later_in_its_summary_and_beside_each_snapshot_show_lists(tmp_path: Path) -> None:
    db = str(tmp_path / "register.sqlite3")

    def run(*args: str) -> Any:
        return _invoke(db, *args)
    march = write_jsonl(tmp_path / "2026-03.jsonl", [{**household("H-1"), "date": "2026-03-02"}])
    said = run("ingest", str(march), "--lang", "en")
    assert said.exit_code == 0, said.output
    assert f"ingest #1 ({march}): 1 snapshot recorded, 0 already recorded, 0 bad records skipped — " in said.stderr
    april = write_jsonl(tmp_path / "2026-04.jsonl", [{**household("H-1"), "date": "2026-04-02"}])
    zh = run("ingest", str(april), "--date", "2026-03-09", "--lang", "zh")
    assert f"导入 #2（{april}）：记录 1 条快照，0 条此前已记录，跳过 0 条错误记录，1 条警告 — " in zh.stderr
    # a week later: the number is beside each snapshot, and `void --ingest` takes it from there
    text = run("show", "H-1", "--lang", "en").output.splitlines()
    assert [line.split()[-3:-1] for line in text[2:4]] == [["ingest", "#1"], ["ingest", "#2"]]
    assert "  导入 #2  " in run("show", "H-1", "--lang", "zh").output
    snapshots = json.loads(run("show", "H-1", "--format", "json").output)["snapshots"]
    assert [(h["date"], h["recorded_by"], h["ingest"]) for h in snapshots] == [("2026-03-02", "ingest", 1),
                                                                               ("2026-03-09", "ingest", 2)]
    assert run("void", "--ingest", "2", "--reason", "April's, given March's date").exit_code == 0


def test_void_s_help_names_the_value_of_ingest_the_ingest_s_number_in_either_language() -> None:
    """`--ingest NUMBER`, `--ingest 编号`: the number the ingest's summary gives (`ingest #7`, `导入 #7`), as the help
    says, where the options list showed `--ingest N` and, under Chinese, `--ingest 整数`, any whole number."""
    english, chinese = help_text("void", lang="en"), help_text("void", lang="zh")
    assert "--ingest NUMBER Void every snapshot this ingest recorded (its number, " in english
    assert "with `--ingest NUMBER`, NUMBER being the number the ingest's summary and warning give" in english
    assert "--ingest编号改为作废这次导入记录的全部快照（导入编号：" in chinese
    assert "--ingest N " not in english and "--ingest整数" not in chinese


def test_void_s_help_names_the_value_of_snapshot_its_number_from_show_in_either_language() -> None:
    """`--snapshot NUMBER`, `--snapshot 编号`: the # `show` lists beside a snapshot, as `--ingest NUMBER` is an
    ingest's, where the options list showed `--snapshot N` and, under Chinese, `--snapshot 整数`, any whole number."""
    english, chinese = help_text("void", lang="en"), help_text("void", lang="zh")
    assert "--snapshot NUMBER" in english and "--snapshot编号只作废这一条快照" in chinese
    assert "--snapshot N " not in english and "--snapshot整数" not in chinese


def test_a_reassessment_is_numbered_as_an_ingest_is_and_voided_at_once_by_its_number(tmp_path: Path) -> None:
    db = str(tmp_path / "register.sqlite3")

    def run(*args: str) -> Any:
        return _invoke(db, *args)
    export = write_jsonl(tmp_path / "2025-06.jsonl", [{**household(f"H-{n}"), "date": "2025-06-02"} for n in (1, 2)])
    assert run("ingest", str(export)).exit_code == 0
    reassessed = run("reassess", "--policy", str(POST), "--lang", "en")
    assert reassessed.exit_code == 0, reassessed.output
    assert "reassessment #2: 2 households reassessed under post-transition: 2 snapshots recorded, " in \
        reassessed.stderr
    again = run("reassess", "--policy", str(POST), "--lang", "zh")  # nothing new: numbered all the same, as an ingest
    assert "重新认定 #3：按 post-transition 重新认定 2 户：记录 0 条快照，2 条此前已记录，0 户无法重新认定 — " \
        in again.stderr
    text = run("show", "H-1", "--lang", "en").output.splitlines()
    assert [re.split(" {2,}", line.strip())[-2] for line in text[2:4]] == ["ingest #1", "reassessment #2"], text
    assert "  重新认定 #2  " in run("show", "H-1", "--lang", "zh").output
    snapshots = json.loads(run("show", "H-1", "--format", "json").output)["snapshots"]
    assert [(h["recorded_by"], h["ingest"]) for h in snapshots] == [("ingest", 1), ("reassess", 2)]
    # the wrong policy, or the wrong --date: the whole reassessment voided at once, the ingest's snapshots untouched
    voided = run("void", "--ingest", "2", "--reason", "reassessed too early", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout.startswith(f"reassessment #2 ({POST}, post-transition, recorded ")
    assert voided.stdout.splitlines()[0].endswith(
        "): 2 snapshots of 2 households voided (reason: reassessed too early): H-1, H-2")
    assert voided.stdout.splitlines()[1:] == [  # the alerts the switch raised, withdrawn with it
        f"{hid}: the move alert of 2026-01-01 is withdrawn: if assistance was adjusted on it, adjust it back"
        for hid in ("H-1", "H-2")]
    snapshots = json.loads(run("show", "H-2", "--format", "json").output)["snapshots"]
    assert [h["void"] is None for h in snapshots] == [True, False]
    assert run("void", "--ingest", "2", "--reason", "x", "--lang", "zh").stderr.startswith(
        f"错误：重新认定 #2（{POST}，post-transition，")
    none = run("void", "--ingest", "9", "--reason", "x", "--lang", "en")
    assert none.stderr.startswith("error: the register holds no ingest #9\n  help: its latest ingests: "
                                  "#3 reassessment under post-transition (")


def test_an_ingest_of_several_files_gives_their_numbers_in_its_total(tmp_path: Path) -> None:
    db = str(tmp_path / "register.sqlite3")
    months = [write_jsonl(tmp_path / f"2026-0{m}.jsonl", [{**household(f"H-{m}"), "date": f"2026-0{m}-02"}])
              for m in (1, 2, 3)]
    said = _invoke(db, "ingest", *map(str, months[:2]), "--lang", "en")
    assert said.exit_code == 0, said.output
    assert "ingests #1–#2 (2 files): 2 snapshots recorded, 0 already recorded, 0 bad records skipped — " in \
        said.stderr
    zh = _invoke(db, "ingest", *map(str, months), "--lang", "zh")  # two recorded already: ingests all the same
    assert "导入 #3–#5（3 个文件）：记录 1 条快照（台账中新增 1 户），2 条此前已记录，跳过 0 条错误记录 — " \
        in zh.stderr
    assert _invoke(db, "void", "--ingest", "5", "--reason", "March's, twice").exit_code == 0
    # another terminal's ingest between two of them: the numbers as they are, runs of them joined
    from engine.monitor.ingest_report import ingests_said

    assert ingests_said([7, 8, 9, 11]) == Said("ingests #7–#9 and #11", "导入 #7–#9、#11")
    assert ingests_said([7, 9, 10, 12]) == Said("ingests #7, #9–#10 and #12", "导入 #7、#9–#10、#12")
    assert ingests_said([4]) == Said("ingest #4", "导入 #4")


def test_voiding_an_ingest_leaves_its_snapshots_voided_already_and_withdrawing_it_keeps_one_record_a_date(
        run: Any, tmp_path: Path) -> None:
    export = write_jsonl(tmp_path / "2026-04.jsonl", [{**household(f"H-{n}"), "date": "2026-04-02"} for n in (1, 2)])
    assert run("ingest", str(export), "--date", "2026-03-02").exit_code == 0
    assert run("void", "H-1", "--date", "2026-03-02", "--reason", "first").exit_code == 0
    (snapshot,) = json.loads(run("show", "H-2", "--format", "json").output)["snapshots"]
    with sqlite3.connect(run.db) as connection:
        number = connection.execute("SELECT batch FROM snapshots WHERE id = ?", (snapshot["id"],)).fetchone()[0]
    voided = run("void", "--ingest", str(number), "--reason", "April's, given March's date", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout.endswith("1 snapshot of 1 household voided (reason: April's, given March's date); 1 other "
                                  "voided already, left as they were: H-2\n")
    # H-2's record of that date, corrected since: withdrawing the ingest's voids would give the date two records
    assert run("ingest", str(write_jsonl(tmp_path / "fix.jsonl", [{**household("H-2", 7000), "date": "2026-03-02"}]))
               ).exit_code == 0
    refused = run("void", "--ingest", str(number), "--undo", "--reason", "after all", "--lang", "en")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: household H-2 has a snapshot dated 2026-03-02 with other data that counts")
    assert json.loads(run("show", "H-1", "--format", "json").output)["snapshots"][0]["void"] is not None  # nothing


def test_a_scheduler_s_stop_during_an_ingest_leaves_the_register_as_ctrl_c_does(tmp_path: Path) -> None:
    """SIGTERM to the ingest and its workers (as systemd and Slurm send it) once the first file is recorded: the
    file at hand is rolled back (or, stopped just after its commit, recorded whole), said as Ctrl-C says it, with
    the exit code a shell gives (143)."""
    import os
    import signal
    import subprocess
    import sys

    from engine.sample import households

    day = datetime.date(2026, 2, 1)
    first = write_jsonl(tmp_path / "a.jsonl", [{**h, "id": f"A-{k}"} for k, h in enumerate(households(5, 3, day))])
    second = write_jsonl(tmp_path / "b.jsonl", list(households(20000, 4, day)))
    db = tmp_path / "register.sqlite3"
    for _attempt in range(5):
        db.unlink(missing_ok=True)
        ingest = subprocess.Popen([sys.executable, "-m", "cli.main", "monitor", "ingest", str(first), str(second),
                                   "--db", str(db), "--date", day.isoformat(), "--jobs", "2", "--lang", "en"],
                                  cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                                  start_new_session=True)
        # (it says nothing before the end; the register says what it recorded)
        while ingest.poll() is None and _snapshots(db) < 5:  # the first file recorded
            time.sleep(0.01)
        os.killpg(ingest.pid, signal.SIGTERM)
        _, said_all = ingest.communicate(timeout=60)
        if ingest.returncode != 0:  # (else it was done before the signal: try again)
            break
    assert ingest.returncode == 143, said_all
    assert "Traceback" not in said_all, said_all
    recorded = _snapshots(db)
    if recorded == 5:  # stopped in the second file, or between the two, or just after the first one's commit
        again = "; run the same command again to continue: snapshots already recorded are not recorded twice\n"
        assert said_all.endswith((f"\ninterrupted: nothing of {second} was recorded (the 1 file before it is "
                                  f"recorded){again}", f"\ninterrupted: {first} was recorded whole{again}")), said_all
    else:
        assert recorded == 20005 and f"\ninterrupted: {second} was recorded whole" in said_all, said_all


def _snapshots(db: Path) -> int:
    """The snapshots a register holds, read without making it or waiting for its writer (0: none yet)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)) as connection:
            return int(connection.execute("SELECT count(*) FROM snapshots").fetchone()[0])
    except sqlite3.OperationalError:  # not made yet, or being written
        return 0


def _h001(stderr: str) -> list[str]:
    """The H001 findings a command printed, each with its help, as `file:line:column: error[H001]: …`; without the
    words that say the line shown under it is read as GB18030, as ingest shows a file's line and batch's stream none."""
    return [line.removesuffix(" (shown below as GB18030 reads it)") for line in stderr.splitlines()
            if "error[H001]" in line or line.startswith("  help:")]


def test_ingest_says_what_batch_says_of_json_lines_cut_off_or_in_gbk_compressed_piped_or_not(tmp_path, monkeypatch):
    """`policy monitor ingest` read JSON Lines with its own reader: a last record cut off, compressed or piped in,
    was `a string has no closing quote` (`check the brackets`) where batch says the input ends there; a line of a
    compressed file was placed at no column; a file in GBK was a bad record for each line, where batch refuses it
    once; a line of GBK among lines of UTF-8 Chinese, compressed or piped in, was told to convert the whole, which
    would garble them. It reads them with batch's functions now, and says what batch says."""
    import gzip

    from click.testing import CliRunner

    from cli.main import cli
    from tests.test_batch import sample

    monkeypatch.chdir(ROOT)

    def run(*args: Any, input: bytes | None = None) -> Any:
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    text = [json.dumps(h, ensure_ascii=False).encode() for h in sample(6, seed=31)]
    cut = b"\n".join(text[:-1]) + b"\n" + text[-1][:-20]
    one = list(text)
    one[2] = one[2].decode().replace('"male"', '"男"').encode("gb18030")
    gbk = b"\n".join(one) + b"\n"
    mixed = gbk.replace(b'"id": "SAMPLE-0000001"', '"id": "湘潭-1"'.encode(), 1)  # its other lines: UTF-8 Chinese
    assert mixed != gbk
    files = {}
    for name, data in (("cut.jsonl", cut), ("gbk.jsonl", gbk), ("mixed.jsonl", mixed)):
        files[name] = tmp_path / name
        files[name].write_bytes(data)
        files[f"{name}.gz"] = tmp_path / f"{name}.gz"
        files[f"{name}.gz"].write_bytes(gzip.compress(data))
    cases = [(path, None) for path in files.values()] + [("-", cut), ("-", gzip.compress(cut)), ("-", gbk),
                                                        ("-", mixed)]
    for given, piped in cases:
        common = ("--lang", "en", given, "--date", "2026-03-01", "--policy", POST)
        batch = run("batch", *common, "-o", "-", input=piped)
        ingest = run("monitor", "ingest", *common, "--db", tmp_path / "register.sqlite3", input=piped)
        assert batch.exit_code == ingest.exit_code == 2
        assert _h001(ingest.stderr) == _h001(batch.stderr) and len(_h001(batch.stderr)) == 2, (given, ingest.stderr)
        if given == files["gbk.jsonl"]:  # (a file's line is shown, as GB18030 reads it; compressed or piped, none)
            assert "is not UTF-8 text (shown below as GB18030 reads it)\n" in ingest.stderr, ingest.stderr
    whole = tmp_path / "all.jsonl"
    whole.write_bytes(b"\n".join(t.decode().replace('"female"', '"女"').replace('"male"', '"男"').encode("gb18030")
                                 for t in text) + b"\n")
    for given in (whole, tmp_path / "all.jsonl.gz"):
        if given.suffix == ".gz":
            given.write_bytes(gzip.compress(whole.read_bytes()))
        common = ("--lang", "en", given, "--date", "2026-03-01", "--policy", POST)
        refused = run("batch", *common, "-o", tmp_path / "out.jsonl").stderr
        second = text[1].decode().replace('"female"', '"女"').replace('"male"', '"男"')
        at = f"{given}:2:{next(n for n, c in enumerate(second, 1) if not c.isascii())}"  # its first 女 or 男
        assert refused.startswith(f"error: {at}: the file is not UTF-8; "), refused
        ingest = run("monitor", "ingest", *common, "--db", tmp_path / "register.sqlite3")
        assert ingest.exit_code == 2 and _h001(ingest.stderr) == [
            f"{at}: error[H001]: {refused.removeprefix(f'error: {at}: ').rstrip()}"], ingest.stderr


@pytest.mark.parametrize("text, why, zh", [
    ("", "it is empty", "文件是空的"), ("\n\r\n  \n", "it is empty", "文件是空的"),
    ("[]\n", "an empty list", "是一个空列表")])
@pytest.mark.parametrize("name", ["2026-03.jsonl", "2026-03.json"])
def test_an_export_that_holds_no_household_is_refused_not_recorded_as_an_ingest_of_nobody(
        run: Any, tmp_path: Path, text: str, why: str, zh: str, name: str) -> None:
    """An export that failed must not look like a month that found nobody, as `policy batch` refuses it."""
    export = tmp_path / name
    export.write_text(text, encoding="utf-8")
    with sqlite3.connect(run.db) as connection:
        before = connection.execute("SELECT count(*) FROM batches").fetchone()[0]
    refused = run("ingest", str(export), "--lang", "en")
    assert refused.exit_code == 2
    assert refused.stderr == f"error: {export}: the file holds no household ({why})\n"
    said = run("ingest", str(export), "--lang", "zh")
    assert said.stderr == f"错误：{export}：文件中没有家庭（{zh}）\n"
    with sqlite3.connect(run.db) as connection:
        assert connection.execute("SELECT count(*) FROM batches").fetchone()[0] == before


def test_ingest_gives_each_error_of_a_bad_record_one_help_that_says_what_to_do(run: Any, tmp_path: Path) -> None:
    """A field the export adds and values in its own words, as `policy eval` says them: each error's one help ends
    with the option of `policy monitor ingest` that reads it (`--ignore-column`, `--rename-value`); no help trails
    after the summary, read as a second help of the last error."""
    export = write_jsonl(tmp_path / "2026-03.jsonl", [in_an_exports_words()])
    for lang in ("en", "zh"):
        result = run("ingest", str(export), "--policy", POST, "--date", "2026-03-01", "--lang", lang)
        assert result.exit_code == 2
        helps = helps_of_each_error(result.stderr, lang)
        lines = result.stderr.splitlines()
        assert len(lines) == helps[-1] + 3, result.stderr  # the summary and the register: no help after them
    followed = run("ingest", str(export), "--policy", POST, "--date", "2026-03-01", "--ignore-column", "township",
                   "--rename-value", "户主=head,女=female")
    assert followed.exit_code == 0, followed.stderr


# -- a register path too long for the system: said with what to shorten, never a traceback ------------

_LONG_NAME = "a" * 300 + ".sqlite3"  # one name longer than the 255 bytes a file or folder name may be
_EVERY_COMMAND = [["ingest", str(EXAMPLE), "--policy", POST], ["apply", "DS-0001", "--date", "2026-03-02"],
                  ["close", "DS-0001", "--date", "2026-03-02"],
                  ["void", "DS-0001", "--date", "2026-03-02", "--reason", "mistyped"], ["show", "DS-0001"],
                  ["alerts"], ["reassess", "--policy", POST]]


def _too_long_a_path(tmp_path: Path) -> Path:
    return tmp_path.joinpath(*["b" * 200] * 25, "register.sqlite3")  # more than the 4,096 bytes a path may be


@pytest.mark.parametrize("args", _EVERY_COMMAND, ids=lambda args: args[0])
def test_a_register_name_too_long_is_said_with_what_to_shorten(tmp_path: Path, args: list[str]) -> None:
    """`Path.is_dir()` raised ENAMETOOLONG in `Register.open`: a traceback and `internal error` for a mistyped --db.
    Every command checks its --db as ingest does, before the run."""
    db = str(tmp_path / _LONG_NAME)
    en = _invoke(db, *args, "--lang", "en")
    assert en.exit_code == 2 and "Traceback" not in en.output, en.output
    zh = _invoke(db, *args, "--lang", "zh")
    assert zh.exit_code == 2
    assert en.stderr.endswith("Invalid value for '--db': the name `aaaaaaaaaaaa…` is 308 bytes long, more than "
                              "the 255 a file or folder name may be; give a shorter file or folder name\n"), en.stderr
    assert zh.stderr.endswith("'--db' 的值无效：名字 `aaaaaaaaaaaa…` 长 308 字节，超过了文件名或文件夹名最多 255 "
                              "字节的限制：请改用短一些的文件名或文件夹名\n"), zh.stderr
    assert not any(tmp_path.iterdir())


def test_a_register_name_too_long_is_said_by_the_register_too() -> None:
    """Opened by other means than a command's --db (checked before the run), the register says it the same."""
    from engine.monitor.register import Register, RegisterError

    with pytest.raises(RegisterError) as refused:
        Register.open(Path(_LONG_NAME), create=False)
    assert refused.value.said == Said(f"{_LONG_NAME}: cannot open the register: the name `aaaaaaaaaaaa…` is 308 bytes "
                                      "long, more than the 255 a file or folder name may be",
                                      f"{_LONG_NAME}：无法打开台账：名字 `aaaaaaaaaaaa…` 长 308 字节，超过了文件名或"
                                      "文件夹名最多 255 字节的限制"), refused.value.said
    assert refused.value.help == Said("give `--db` a shorter file or folder name",
                                      "请用 --db 指定短一些的文件名或文件夹名")


@pytest.mark.parametrize("args", _EVERY_COMMAND, ids=lambda args: args[0])
def test_a_register_path_too_long_is_said_with_what_to_shorten(tmp_path: Path, args: list[str]) -> None:
    db = _too_long_a_path(tmp_path)
    size = f"{len(str(db).encode()):,}"
    what = Said(f"the path is {size} bytes long, more than the 4,096 the system allows",
                f"路径长 {size} 字节，超过了系统允许的最多 4,096 字节")
    fix = Said("a shorter path (a folder nearer the top, or shorter folder names)",
               "短一些的路径（层级浅一些的文件夹，或短一些的文件夹名）")
    for lang in ("en", "zh"):
        result = _invoke(str(db), *args, "--lang", lang)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output[-2000:]
        assert result.stderr.endswith(Said(f"'--db': {what.en}; give {fix.en}\n",
                                           f"'--db' 的值无效：{what.zh}：请改用{fix.zh}\n").in_lang(lang)), \
            result.stderr[-600:]


def test_a_register_name_too_long_for_its_journal_is_refused_before_the_run(tmp_path: Path) -> None:
    """A name of 248 to 255 bytes passed the check, but SQLite's `NAME-journal` beside it was over 255 bytes: ingest
    said `not a policy register (unable to open database file)` and left an empty file at the path."""
    db = str(tmp_path / ("r" * 250))
    en = _invoke(db, "ingest", str(EXAMPLE), "--policy", POST, "--lang", "en")
    assert en.exit_code == 2 and "Traceback" not in en.output, en.output
    assert en.stderr.endswith("Invalid value for '--db': the name `rrrrrrrrrrrr…` is 250 bytes long: with the "
                              "`-journal` SQLite adds to it for a file beside it, more than the 255 a file name may "
                              "be; give a file name of at most 247 bytes (8 shorter, for `-journal`)\n"), en.stderr
    zh = _invoke(db, "ingest", str(EXAMPLE), "--policy", POST, "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr.endswith("'--db' 的值无效：名字 `rrrrrrrrrrrr…` 长 250 字节：加上 SQLite 为旁边的文件添加的 "
                              "`-journal`，超过了文件名最多 255 字节的限制：请改用不超过 247 字节的文件名（为 "
                              "`-journal` 短 8 字节）\n"), zh.stderr
    assert not any(tmp_path.iterdir())  # no empty file left at the path
    fits = str(tmp_path / ("r" * 247))
    made = _invoke(fits, "ingest", str(EXAMPLE), "--policy", POST, "--date", "2026-03-02")
    assert made.exit_code == 0, made.output


_EVERY_COMMAND_ON = [["ingest", str(EXAMPLE), "--policy", POST, "--date", "2026-03-03"],
                     ["apply", "DS-0001", "--date", "2026-03-03"], ["void", "DS-0001", "--date", "2026-03-02",
                                                                     "--reason", "mistyped"],
                     ["leave", "DS-0001", "--date", "2026-03-03", "--reason", "moved away"], ["show", "DS-0001"],
                     ["alerts"], ["reassess", "--policy", POST, "--dry-run"]]


@pytest.fixture(scope="module")
def one_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register holding DS-0001 on 2026-03-02, to copy under other names."""
    db = tmp_path_factory.mktemp("long") / "register.sqlite3"
    assert _invoke(str(db), "ingest", str(EXAMPLE), "--policy", POST, "--date", "2026-03-02").exit_code == 0
    return db


@pytest.mark.parametrize("size", [248, 251])
@pytest.mark.parametrize("args", _EVERY_COMMAND_ON, ids=lambda args: args[0])
def test_a_register_whose_name_leaves_room_for_its_wal_is_used(one_register: Path, tmp_path: Path, size: int,
                                                               args: list[str]) -> None:
    """A register is kept in write-ahead logging: SQLite names `NAME-wal` and `NAME-shm` after it, not
    `NAME-journal`, so one whose name is 248 to 251 bytes (renamed, or made by an earlier version) opens; ingest
    refused it for a `-journal` it never makes."""
    db = tmp_path / ("r" * size)
    shutil.copy(one_register, db)
    result = _invoke(str(db), *args, "--lang", "en")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output[-2000:]
    assert "error" not in result.stderr, result.stderr[-600:]


@pytest.mark.parametrize("args", _EVERY_COMMAND_ON, ids=lambda args: args[0])
def test_a_register_whose_name_leaves_no_room_for_its_wal_is_refused_before_the_run(one_register: Path,
                                                                                    tmp_path: Path,
                                                                                    args: list[str]) -> None:
    """A register of 252 to 255 bytes, whose `NAME-wal` is more than a name may be: every command but ingest said
    `not a policy register (unable to open database file)` and to restore it from a backup; ingest asked for 247
    bytes, for a `-journal` it never makes."""
    db = tmp_path / ("r" * 252)
    shutil.copy(one_register, db)
    en = _invoke(str(db), *args, "--lang", "en")
    assert en.exit_code == 2 and "Traceback" not in en.output, en.output[-2000:]
    rename = f"`mv {db} {tmp_path / ('r' * 251)}`"
    assert en.stderr.endswith("Invalid value for '--db': the name `rrrrrrrrrrrr…` is 252 bytes long: with the `-wal` "
                              "SQLite adds to it for a file beside it, more than the 255 a file name may be; give a "
                              "file name of at most 251 bytes (4 shorter, for `-wal`): to open the file there, rename "
                              f"it first, then give its new name: {rename}\n"), en.stderr[-800:]
    zh = _invoke(str(db), *args, "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr.endswith("'--db' 的值无效：名字 `rrrrrrrrrrrr…` 长 252 字节：加上 SQLite 为旁边的文件添加的 "
                              "`-wal`，超过了文件名最多 255 字节的限制：请改用不超过 251 字节的文件名（为 `-wal` 短 "
                              f"4 字节）；要打开这个文件，请先给它改名，再给出新名字：{rename}\n"), zh.stderr[-800:]
    assert db.read_bytes() == one_register.read_bytes()
    command = shlex.split(en.stderr.rstrip("\n").rsplit(": ", 1)[1].strip("`"))
    subprocess.run(command, check=True)  # the command as said, as a caseworker pastes it
    renamed = _invoke(command[-1], *args, "--lang", "en")
    assert renamed.exit_code in (0, 1) and "error" not in renamed.stderr, renamed.stderr[-600:]


def test_a_register_name_too_long_for_its_wal_is_said_by_the_register_too(one_register: Path, tmp_path: Path) -> None:
    """Opened by other means than a command's --db, a register of 252 bytes was `not a policy register (unable to
    open database file)`, to restore from a backup."""
    from engine.monitor.register import Register, RegisterError

    db = tmp_path / ("r" * 252)
    shutil.copy(one_register, db)
    with pytest.raises(RegisterError) as refused:
        Register.open(db, create=False)
    assert refused.value.said.en.endswith(": cannot open the register: the name `rrrrrrrrrrrr…` is 252 bytes long: "
                                          "with the `-wal` SQLite adds to it for a file beside it, more than the 255 "
                                          "a file name may be"), refused.value.said
    rename = f"`mv {db} {tmp_path / ('r' * 251)}`"
    assert refused.value.help == Said("give `--db` a file name of at most 251 bytes (4 shorter, for `-wal`): to open "
                                      f"the file there, rename it first, then give its new name: {rename}",
                                      "请用 --db 指定不超过 251 字节的文件名（为 `-wal` 短 4 字节）；要打开这个文件，"
                                      f"请先给它改名，再给出新名字：{rename}"), refused.value.help


@pytest.mark.parametrize("command", [["alerts"], ["reassess", "--policy", POST, "--dry-run"]], ids=lambda c: c[0])
def test_an_output_path_too_long_is_said_with_what_to_shorten(run: Any, tmp_path: Path, command: list[str]) -> None:
    """`-o` is checked before the run as its folder is: that check raised ENAMETOOLONG itself."""
    output = _too_long_a_path(tmp_path)
    size = f"{len(str(output).encode()):,}"
    en = run(*command, "-o", str(output), "--lang", "en")
    assert en.exit_code == 2 and "Traceback" not in en.output, en.output[-2000:]
    assert en.stderr.endswith(f"'-o' / '--output': the path is {size} bytes long, more than the 4,096 the system "
                              "allows; give a shorter path (a folder nearer the top, or shorter folder names)\n"), \
        en.stderr[-600:]
    zh = run(*command, "-o", str(output), "--lang", "zh")
    assert zh.exit_code == 2 and zh.stderr.endswith(
        f"路径长 {size} 字节，超过了系统允许的最多 4,096 字节：请改用短一些的路径（层级浅一些的文件夹，或短一些的"
        "文件夹名）\n"), zh.stderr[-600:]


def test_a_reassessment_whose_alerts_cannot_be_written_is_refused_before_it_records(tmp_path: Path,
                                                                                      monkeypatch: Any) -> None:
    """`reassess -o` was written only when the reassessment was recorded: a folder one may not write left the
    snapshots recorded and the alerts unwritten (`cannot write the alerts: Permission denied`)."""
    import tempfile

    db = str(tmp_path / "register.sqlite3")
    export = write_jsonl(tmp_path / "2025-06.jsonl", [{**household("H-1"), "date": "2025-06-02"}])
    assert _invoke(db, "ingest", str(export)).exit_code == 0

    def refused(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    output = tmp_path / "alerts.txt"
    for lang, said in (("en", f"cannot write the alerts to {output}: Permission denied; give a file in a folder you "
                              "may write, with a shorter name if the name is too long\n"),
                       ("zh", f"无法把提醒写入 {output}：没有写入权限；请给出一个可以写入的文件夹中的文件，名字太长时"
                              "请改短\n")):
        result = _invoke(db, "reassess", "--policy", str(POST), "-o", str(output), "--lang", lang)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output[-2000:]
        assert result.stderr.endswith(said), result.stderr[-600:]
    monkeypatch.undo()
    shown = _invoke(db, "show", "H-1", "--lang", "en").output
    assert "1 snapshot" in shown and "reassessment #" not in shown, shown  # nothing recorded


def test_a_register_made_where_its_journal_cannot_be_is_not_left_behind(tmp_path: Path) -> None:
    """Made by other means than ingest's --db (checked before the run), a register whose journal's name was too long
    was refused as `not a policy register (unable to open database file)`, and its empty file stayed at the path."""
    from engine.monitor.register import Register, RegisterError

    with pytest.raises(RegisterError) as refused:
        Register.open(tmp_path / ("r" * 250))
    assert refused.value.said.en.endswith(": cannot open the register: the name `rrrrrrrrrrrr…` is 250 bytes long: "
                                          "with the `-journal` SQLite adds to it for a file beside it, more than the "
                                          "255 a file name may be"), refused.value.said
    assert refused.value.help == Said("give `--db` a file name of at most 247 bytes (8 shorter, for `-journal`)",
                                      "请用 --db 指定不超过 247 字节的文件名（为 `-journal` 短 8 字节）")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(("written", "meant"), [("03/30/2026", "2026-03-30"), ("30.03.2026", "2026-03-30"),
                                                ("30/3/2026", "2026-03-30"), ("2026/3/30", "2026-03-30"),
                                                ("2026.3.30", "2026-03-30"), ("12/12/2026", "2026-12-12")])
def test_a_date_written_day_and_month_first_is_offered_as_the_date_it_can_only_mean(run: Any, written: str,
                                                                                    meant: str) -> None:
    for lang, said in (("en", f"Invalid value for --date: `{written}` is not a date; write `{meant}`"),
                       ("zh", f"--date 的值无效：`{written}` 不是日期，应写作 `{meant}`")):
        refused = run("show", "DS-0001", "--date", written, "--lang", lang)
        assert refused.exit_code == 2 and said in refused.stderr, refused.stderr


def test_a_date_whose_day_and_month_may_be_either_is_not_guessed(run: Any) -> None:
    refused = run("leave", "DS-0016", "--date", "3/1/2026", "--reason", "moved", "--lang", "en")
    assert refused.exit_code == 2
    assert "`3/1/2026` is not a date; write YYYY-MM-DD" in refused.stderr  # the 1st of March or the 3rd of January
    assert "2026-03-01" not in refused.stderr and "2026-01-03" not in refused.stderr


@pytest.mark.parametrize(("args", "english", "chinese"), [
    (["leave", "DS-0016", "--date", "2026-04-01"], "Error: Missing option '--reason'.\n  help: e.g. policy monitor "
     "leave DS-0016 --date 2026-04-01 --reason \"moved to another township\"\n",
     "错误：缺少选项 '--reason'。\n  提示：例如 policy monitor leave DS-0016 --date 2026-04-01 --reason "
     "\"迁往其他乡镇\"\n"),
    (["leave", "DS-0016", "--date", "2026-04-01", "--undo"], "  help: e.g. policy monitor leave DS-0016 --date "
     "2026-04-01 --undo --reason \"wrong household\"\n", "  提示：例如 policy monitor leave DS-0016 --date 2026-04-01 "
     "--undo --reason \"记错了户\"\n"),
    (["leave", "DS-0016", "--reason", "moved"], "Error: Missing option '--date'.\n  help: e.g. policy monitor leave "
     "DS-0016 --date 2026-04-01 --reason \"moved to another township\"\n", "错误：缺少选项 '--date'。\n  提示：例如"),
    (["void", "DS-0001", "--date", "2062-03-01"], "Error: Missing option '--reason'.\n  help: e.g. policy monitor "
     "void DS-0001 --date 2062-03-01 --reason \"date entered wrongly\"\n", "--reason \"日期录错\"\n"),
    (["void", "DS-0001", "--reason", "typo"], "Error: Missing option '--date'.\n  help: e.g. policy monitor void "
     "DS-0001 --date 2062-03-01 --reason \"date entered wrongly\"\n", "错误：缺少选项 '--date'。\n  提示：例如"),
    (["apply", "DS-0001"], "Error: Missing option '--date'.\n  help: e.g. policy monitor apply DS-0001 --date "
     "2026-01-20\n", "错误：缺少选项 '--date'。\n  提示：例如 policy monitor apply DS-0001 --date 2026-01-20\n"),
    # the help of close runs apply first, with a --date of its own: the example is one of close
    (["close", "DS-0001"], "Error: Missing option '--date'.\n  help: e.g. policy monitor close DS-0001 --date "
     "2026-02-27\n", "错误：缺少选项 '--date'。\n  提示：例如 policy monitor close DS-0001 --date 2026-02-27\n"),
    (["leave", "DS-0016"], "Error: Missing option '--date'.\n  help: e.g. policy monitor leave DS-0016 --date "
     "2026-04-01 --reason \"moved to another township\"\n", "提示：例如 policy monitor leave DS-0016 --date"),
])
def test_a_missing_option_is_told_with_an_example_of_the_whole_command(run: Any, args: list[str], english: str,
                                                                       chinese: str) -> None:
    for lang, said in (("en", english), ("zh", chinese)):
        refused = run(*args, "--lang", lang)
        assert refused.exit_code == 2 and said in refused.stderr, refused.stderr


def test_sqlites_own_words_are_said_in_chinese_where_they_are_a_known_case(tmp_path: Path) -> None:
    """A register SQLite could not open (here, made in a folder not there) was said in Chinese with SQLite's English:
    `无法打开台账：unable to open database file`."""
    from engine.monitor.register import Register, RegisterError, unreadable

    db = tmp_path / "gone" / "register.sqlite3"
    with pytest.raises(RegisterError) as refused:
        Register.open(db, create=True)
    assert refused.value.said == Said(f"{db}: cannot open the register: unable to open database file",
                                      f"{db}：无法打开台账：无法打开数据库文件"), refused.value.said
    for words, chinese in (("unable to open database file", "无法打开数据库文件"),
                           ("database disk image is malformed", "数据库文件已损坏"),
                           ("disk I/O error", "输入/输出错误（磁盘或其连接可能出了故障）")):
        said = unreadable(db, sqlite3.OperationalError(words)).said
        assert said == Said(f"{db}: not a policy register ({words})", f"{db} 不是政策监测台账（{chinese}）"), said


def test_what_sqlite_keeps_beside_a_named_pipe_is_told_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """The --db check read the first bytes of whatever is at the path: a named pipe waited there for a writer."""
    import os
    import threading

    from engine.working_files import sqlite_beside

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    told: list[str] = []
    reader = threading.Thread(target=lambda: told.append(sqlite_beside(pipe, create=False)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    waited = reader.is_alive()
    if waited:  # let the reader go, so that the run ends
        with open(pipe, "wb"):
            pass
        reader.join()
    assert not waited and told == [""]


@pytest.mark.parametrize("args", [["alerts"], ["ingest", str(EXAMPLE), "--policy", POST]], ids=lambda a: a[0])
def test_a_named_pipe_given_as_db_is_refused_before_sqlite_waits_on_it(tmp_path: Path, args: list[str]) -> None:
    """A named pipe as --db left every monitor command waiting inside SQLite for a writer, and SIGTERM did not stop
    it: it is refused before the register is opened, as a name too long is."""
    import os
    import sys

    pipe = tmp_path / "register.sqlite3"
    os.mkfifo(pipe)
    said = {}
    for lang in ("en", "zh"):
        try:  # (on timeout, run kills the command: SIGKILL, as it does not end on SIGTERM)
            done = subprocess.run([sys.executable, "-m", "cli.main", "monitor", *args, "--db", str(pipe), "--lang",
                                   lang], cwd=ROOT, capture_output=True, text=True, timeout=60, start_new_session=True)
        except subprocess.TimeoutExpired:
            pytest.fail(f"`policy monitor {args[0]} --db PIPE --lang {lang}` still waited after 60 s")
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
        said[lang] = done.stderr
    assert said["en"].endswith(f"Invalid value for '--db': {pipe} is a named pipe, not a file; give the register's "
                               "file\n"), said["en"][-600:]
    assert said["zh"].endswith(f"'--db' 的值无效：{pipe} 是命名管道，不是文件：请给出台账文件\n"), said["zh"][-600:]


@pytest.mark.parametrize("args", [["alerts"], ["ingest", str(EXAMPLE), "--policy", POST]], ids=lambda a: a[0])
def test_a_device_given_as_db_is_refused_as_one(args: list[str]) -> None:
    """`/dev/null` as --db was `an empty file, not a register`, and to ingest a disk input/output error."""
    en = _invoke("/dev/null", *args, "--lang", "en")
    assert en.exit_code == 2 and en.stderr.endswith(
        "Invalid value for '--db': /dev/null is a device, not a file; give the register's file\n"), en.stderr[-600:]
    zh = _invoke("/dev/null", *args, "--lang", "zh")
    assert zh.exit_code == 2 and zh.stderr.endswith("'--db' 的值无效：/dev/null 是设备，不是文件：请给出台账文件\n"), \
        zh.stderr[-600:]


@pytest.mark.parametrize("args", _EVERY_COMMAND, ids=lambda args: args[0])
def test_a_folder_given_as_db_is_refused_as_a_pipe_is(tmp_path: Path, args: list[str]) -> None:
    """A folder as --db was `error: PATH: is a folder, not a register file`, its path raw, where a named pipe, a
    device or a name too long is an `Invalid value for '--db'`: it is refused in the same check, its paths set apart
    where a shell would split them."""
    folder = tmp_path / "my registers"
    folder.mkdir()
    en = _invoke(str(folder), *args, "--lang", "en")
    assert en.exit_code == 2 and "Traceback" not in en.output, en.output[-2000:]
    assert en.stderr.endswith(f"Invalid value for '--db': `{folder}` is a folder, not a file; give the register's "
                              f"file, e.g. `{folder / 'policy-register.sqlite3'}`\n"), en.stderr
    zh = _invoke(str(folder), *args, "--lang", "zh")
    inside = folder / "policy-register.sqlite3"
    assert zh.exit_code == 2 and zh.stderr.endswith(f"'--db' 的值无效：`{folder}` 是文件夹，不是文件：请给出台账文件，"
                                                    f"例如 `{inside}`\n"), zh.stderr
    assert not any(folder.iterdir())


def test_a_folder_is_said_by_the_register_itself_in_its_own_words(tmp_path: Path) -> None:
    """Opened by other means than a command's --db, a folder is still said a folder, with a file to give instead."""
    from engine.monitor.register import Register, RegisterError

    with pytest.raises(RegisterError) as refused:
        Register.open(tmp_path, create=True)
    assert refused.value.said == Said(f"{tmp_path}: is a folder, not a register file",
                                      f"{tmp_path} 是文件夹，不是台账文件"), refused.value.said
    assert not any(tmp_path.iterdir())


# opens the register at argv[1] as code does that does not come through --db (`bench/monitor.py`), and prints what
# it is told, in both languages
_OPEN_THE_REGISTER = """
import json, sys
from pathlib import Path
from engine.monitor.register import Register, RegisterError, unreadable
try:
    Register.open(Path(sys.argv[1]), create=sys.argv[2] == "create").close()
except RegisterError as refused:
    print(json.dumps([refused.said.en, refused.said.zh, refused.help]))
print(json.dumps(unreadable(Path(sys.argv[1]), "file is not a database").help.en))
"""


@pytest.mark.parametrize("create", ["create", "open"])
def test_a_named_pipe_is_refused_by_the_register_itself(tmp_path: Path, create: str) -> None:
    """`Register.open` and the help of a file it cannot read opened whatever was at the path: a named pipe, given
    by code not coming through a command's --db, waited there for a writer, and SIGTERM did not end it. They refuse
    it as the --db check does."""
    import os
    import sys

    pipe = tmp_path / "my register.sqlite3"
    os.mkfifo(pipe)
    try:  # (on timeout, run kills the child: SIGKILL, as it does not end on SIGTERM)
        done = subprocess.run([sys.executable, "-c", _OPEN_THE_REGISTER, str(pipe), create], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, start_new_session=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`Register.open` of a named pipe ({create}) still waited after 60 s")
    assert done.returncode == 0, done.stderr[-2000:]
    told, help = (json.loads(line) for line in done.stdout.splitlines())
    assert told == [f"`{pipe}` is a named pipe, not a file; give the register's file",
                    f"`{pipe}` 是命名管道，不是文件：请给出台账文件", None], told
    assert help == "give the register with `--db`: this file is not one"


def test_a_device_is_refused_by_the_register_itself() -> None:
    """`/dev/null` opened as a register was taken for an empty one (made, to ingest: a disk input/output error)."""
    from engine.monitor.register import Register, RegisterError

    for create in (True, False):
        with pytest.raises(RegisterError) as refused:
            Register.open(Path("/dev/null"), create=create).close()
        assert refused.value.said == Said("/dev/null is a device, not a file; give the register's file",
                                          "/dev/null 是设备，不是文件：请给出台账文件"), refused.value.said


# opens the register at argv[1] (argv[2]: `create` or `open`; argv[3]: `file`, a file there, or `nothing`) with a
# named pipe made in its place between the check of what is there and SQLite's opening it, and prints what it is told
_A_PIPE_MADE_AS_IT_OPENS = """
import json, os, sqlite3, sys
from pathlib import Path
from engine.monitor.register import Register, RegisterError
path = Path(sys.argv[1])
if sys.argv[3] == "file":
    path.write_bytes(b"")
connect = sqlite3.connect
def pipe_made_first(*args, **options):
    sqlite3.connect = connect
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return connect(*args, **options)
sqlite3.connect = pipe_made_first
try:
    Register.open(path, create=sys.argv[2] == "create").close()
except RegisterError as refused:
    print(json.dumps([refused.said.en, refused.said.zh]))
"""


@pytest.mark.parametrize(("create", "there"), [("create", "nothing"), ("create", "file"), ("open", "file")])
def test_a_named_pipe_made_as_the_register_is_opened_is_refused_as_one(tmp_path: Path, create: str,
                                                                        there: str) -> None:
    """A named pipe made at the path after `Register.open` looked at it and before SQLite opened it: SQLite's
    `disk I/O error` sent the register to be checked for damage by opening it again, read-only, which waited there
    for a writer for good. It is said to be a named pipe, as one there before is, and left there."""
    import stat
    import sys

    pipe = tmp_path / "register.sqlite3"
    try:  # (on timeout, run kills the child: SIGKILL, as it does not end on SIGTERM)
        done = subprocess.run([sys.executable, "-c", _A_PIPE_MADE_AS_IT_OPENS, str(pipe), create, there], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, start_new_session=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`Register.open` of a register ({there}) that became a named pipe as it opened still waited "
                    "after 60 s")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [f"{pipe} is a named pipe, not a file; give the register's file",
                                       f"{pipe} 是命名管道，不是文件：请给出台账文件"], done.stdout
    assert stat.S_ISFIFO(pipe.stat().st_mode), "the named pipe, not the register's to remove, was removed"


def test_whether_a_named_pipe_is_an_intact_register_is_told_without_waiting_on_it(tmp_path: Path) -> None:
    """`intact`, asked after a disk input/output error whether the register still reads whole, opened whatever was
    at the path read-only: a named pipe made there waited for a writer for good. It is not a register."""
    import os
    import sys

    pipe = tmp_path / "register.sqlite3"
    os.mkfifo(pipe)
    check = "import sys; from pathlib import Path; from engine.monitor.disk_errors import intact; " \
            "print(intact(Path(sys.argv[1])))"
    try:
        done = subprocess.run([sys.executable, "-c", check, str(pipe)], cwd=ROOT, capture_output=True, text=True,
                              timeout=60, start_new_session=True)
    except subprocess.TimeoutExpired:
        pytest.fail("`intact` of a named pipe still waited after 60 s")
    assert done.returncode == 0 and done.stdout == "False\n", done.stderr[-2000:]
