"""`policy monitor` and households that leave the register — moved to another township, died: an export they are
missing from says so, and `leave` records the departure, which ends their alerts and deadlines."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests import test_monitor_corrections as corrections
from tests.helpers import POST
from tests.test_monitor_ids import _invoke, household, write_jsonl

MONTHS = ("2026-03-02", "2026-04-01")
fresh = corrections.run  # a register of its own, in the project's folder


@pytest.fixture
def run(fresh: Any, tmp_path: Path) -> Any:
    """`policy monitor …` on a register of H-1 … H-4 of 2026-03-02, in the project's folder (its policy/)."""
    march = write_jsonl(tmp_path / "2026-03.jsonl", [{**household(f"H-{n}"), "date": MONTHS[0]} for n in range(1, 5)])
    assert fresh("ingest", str(march)).exit_code == 0
    return fresh


def _april(tmp_path: Path, numbers: tuple[int, ...] = (1, 2, 3), agriculture: int = 10360) -> Path:
    return write_jsonl(tmp_path / "2026-04.jsonl", [{**household(f"H-{n}", agriculture), "date": MONTHS[1]}
                                                    for n in numbers])


def test_an_export_that_misses_a_household_of_the_register_says_so(run: Any, tmp_path: Path) -> None:
    april = _april(tmp_path)
    said = run("ingest", str(april), "--lang", "en")
    assert said.exit_code == 0, said.output
    assert (f"note: {april}: 1 household of the register is not in this export, its latest snapshot dated before "
            "2026-04-01: H-4; if it left the register — moved to another township, died — record it with `policy "
            "monitor leave H-4 --date D --reason …`, which ends its alerts and deadlines\n") in said.stderr
    zh = run("ingest", str(_april(tmp_path, agriculture=10000)), "--lang", "zh")
    assert (f"注意：{april}：台账中有 1 户不在这份导出中，其最近一次快照早于 2026-04-01：H-4；若该户已离开台账"
            "（迁往其他乡镇、去世），请用 `policy monitor leave H-4 --date 日期 --reason …` 记录，此后不再为它提醒、"
            "计算期限\n") in zh.stderr


def test_an_export_that_misses_households_names_the_one_to_leave_as_the_help_of_leave_does(run: Any,
                                                                                        tmp_path: Path) -> None:
    # `policy monitor leave --help` names its argument HOUSEHOLD (家庭编号): the command suggested says the same
    april = _april(tmp_path, (1, 2))
    said = run("ingest", str(april), "--lang", "en")
    assert said.exit_code == 0, said.output
    assert ("H-3, H-4; if one left the register — moved to another township, died — record it with `policy monitor "
            "leave HOUSEHOLD --date D --reason …`, which ends its alerts and deadlines\n") in said.stderr
    zh = run("ingest", str(_april(tmp_path, (1, 2), agriculture=10000)), "--lang", "zh")
    assert "请用 `policy monitor leave 家庭编号 --date 日期 --reason …` 记录" in zh.stderr


def test_a_file_of_a_few_records_is_no_export_of_the_register(run: Any, tmp_path: Path) -> None:
    said = run("ingest", str(_april(tmp_path, (1,))), "--lang", "en")
    assert said.exit_code == 0 and "not in this export" not in said.stderr


def test_a_household_that_left_is_in_no_alert_and_its_deadline_ends(run: Any, tmp_path: Path) -> None:
    assert run("apply", "H-4", "--date", "2026-03-10").exit_code == 0
    overdue = ["alerts", "--today", "2026-12-01", "--kind", "overdue", "--format", "json"]
    assert [a["household"] for a in json.loads(run(*overdue).output)["alerts"]] == ["H-4"]
    left = run("leave", "H-4", "--date", "2026-03-20", "--reason", "moved to Xiangtan", "--lang", "en")
    assert left.exit_code == 0, left.output
    assert left.stdout == ("H-4: left the register on 2026-03-20 (reason: moved to Xiangtan); no alert lists it any "
                           "more, nor the deadline of its undecided application of 2026-03-10\n")
    assert json.loads(run(*overdue).output)["alerts"] == []
    said = run("ingest", str(_april(tmp_path, agriculture=2000)), "--lang", "en")  # the others' incomes fall
    assert "not in this export" not in said.stderr
    shown = run("show", "H-4", "--date", "2026-12-01", "--lang", "en").output
    assert "Left the register on 2026-03-20 (reason: moved to Xiangtan), recorded " in shown
    assert "left the register on 2026-03-20, on or before that day" in shown
    reassessed = run("reassess", "--policy", POST, "--date", "2026-06-01", "--lang", "en")
    assert reassessed.exit_code == 0, reassessed.output
    assert "reassessed under post-transition: 3 snapshots recorded" in reassessed.stderr
    assert [h["date"] for h in json.loads(run("show", "H-4", "--format", "json").output)["snapshots"]] == [MONTHS[0]]
    zh = run("leave", "H-4", "--date", "2026-03-25", "--reason", "x", "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr.startswith("错误：家庭 H-4 已于 2026-03-20 离开台账（原因：moved to Xiangtan）\n")


def test_a_record_dated_after_the_departure_brings_the_household_back(run: Any, tmp_path: Path) -> None:
    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "moved").exit_code == 0
    back = run("ingest", str(_april(tmp_path, (1, 2, 3, 4), agriculture=2000)), "--lang", "en")
    assert back.exit_code == 0
    changes = json.loads(run("alerts", "--kind", "move", "--kind", "start", "--format", "json").output)["alerts"]
    assert "H-4" in {a["household"] for a in changes}
    late = run("leave", "H-4", "--date", "2026-03-20", "--undo", "--reason", "wrong household", "--lang", "en")
    assert late.exit_code == 0, late.output  # withdrawn for the history: nothing counts otherwise than before
    assert late.stdout == ("H-4: the departure of 2026-03-20 withdrawn (reason: wrong household); a later record had "
                           "brought it back already\n")


def test_a_departure_before_the_latest_snapshot_or_of_an_unknown_id_is_refused(run: Any) -> None:
    early = run("leave", "H-4", "--date", "2026-03-01", "--reason", "moved", "--lang", "en")
    assert early.exit_code == 2
    assert early.stderr == ("error: household H-4 has a snapshot dated 2026-03-02, after 2026-03-01: it was still in "
                            "the register's data then\n"
                            "  help: give the day it left, on or after 2026-03-02, with --date\n")
    unknown = run("leave", "H-5", "--date", "2026-04-01", "--reason", "moved", "--lang", "en")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("error: no snapshot of household `H-5` in ")
    blank = run("leave", "H-4", "--date", "2026-04-01", "--reason", " ", "--lang", "en")
    assert blank.exit_code == 2 and blank.stderr.startswith("error: give the reason the household left with --reason")


def test_a_departure_is_never_changed_or_deleted(run: Any) -> None:
    assert run("leave", "H-4", "--date", "2026-04-01", "--reason", "moved").exit_code == 0
    with sqlite3.connect(run.db) as connection:
        for statement in ("DELETE FROM departures", "UPDATE departures SET date = '2026-05-01'"):
            with pytest.raises(sqlite3.IntegrityError, match="departures are never"):
                connection.execute(statement)


def test_an_application_of_a_household_that_left_is_warned_of(run: Any) -> None:
    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "moved").exit_code == 0
    applied = run("apply", "H-4", "--date", "2026-04-10", "--lang", "en")
    assert applied.exit_code == 0, applied.output
    assert applied.stderr == ("warning: household H-4 left the register on 2026-03-20 (reason: moved): no alert lists "
                              "the deadline of this application until a record of it dated after that day is "
                              "ingested\n")


def test_a_departure_recorded_for_the_wrong_household_is_withdrawn_and_its_alerts_and_deadline_come_back(
        run: Any, tmp_path: Path) -> None:
    assert run("apply", "H-4", "--date", "2026-03-10").exit_code == 0
    every = ["alerts", "--today", "2026-12-01", "--margin", "50%", "--format", "json"]
    before = json.loads(run(*every).output)["alerts"]
    assert "H-4" in {a["household"] for a in before}
    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "moved to Xiangtan").exit_code == 0
    assert "H-4" not in {a["household"] for a in json.loads(run(*every).output)["alerts"]}
    undo = ["leave", "H-4", "--date", "2026-03-20", "--undo", "--reason", "recorded for the wrong household"]
    withdrawn = run(*undo, "--lang", "en")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert withdrawn.stdout == ("H-4: the departure of 2026-03-20 withdrawn (reason: recorded for the wrong "
                                "household); alerts list it again, and the deadline of its undecided application of "
                                "2026-03-10\n")
    assert json.loads(run(*every).output)["alerts"] == before
    shown = run("show", "H-4", "--lang", "en").output
    assert ("(withdrawn) Departure of 2026-03-20 (reason: moved to Xiangtan), recorded " in shown
            and "; withdrawn " in shown and ": recorded for the wrong household" in shown)
    departures = json.loads(run("show", "H-4", "--format", "json").output)["departures"]
    assert [(d["in_force"], d["withdrawn"]["reason"]) for d in departures] == [
        (False, "recorded for the wrong household")]
    again = run(*undo, "--lang", "zh")
    assert again.exit_code == 2
    assert again.stderr.startswith("错误：家庭 H-4 在 2026-03-20 的离开记录已经撤销：")
    other = run("leave", "H-4", "--date", "2026-03-21", "--undo", "--reason", "x", "--lang", "en")
    assert other.exit_code == 2
    assert other.stderr == ("error: household H-4 has no departure of 2026-03-21 to withdraw\n"
                            "  help: its departures recorded are of 2026-03-20 (withdrawn)\n")
    said = run("ingest", str(_april(tmp_path)), "--lang", "en")  # it counts as missing from an export again
    assert "1 household of the register is not in this export, its latest snapshot dated before 2026-04-01: H-4" in (
        said.stderr)
    assert run("leave", "H-4", "--date", "2026-03-25", "--reason", "moved").exit_code == 0  # it can leave for good


def test_a_withdrawal_refused_reads_the_household_s_departures_once(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.monitor.register import Register

    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "moved").exit_code == 0
    assert run("leave", "H-4", "--date", "2026-03-20", "--undo", "--reason", "wrong household").exit_code == 0
    assert run("leave", "H-4", "--date", "2026-03-25", "--reason", "moved").exit_code == 0
    read = []
    real = Register.departures

    def departures(self: Register, household: str) -> list[dict[str, Any]]:
        read.append(household)
        return real(self, household)

    monkeypatch.setattr(Register, "departures", departures)
    for lang, said in (("en", "  help: its departures recorded are of 2026-03-20 (withdrawn), 2026-03-25\n"),
                       ("zh", "  提示：它记录的离开日期是 2026-03-20（已撤销）、2026-03-25\n")):
        read.clear()
        refused = run("leave", "H-4", "--date", "2026-03-21", "--undo", "--reason", "x", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr.endswith(said), refused.stderr
        assert read == ["H-4"]


def test_a_withdrawal_in_chinese_says_the_alerts_come_back(run: Any) -> None:
    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "迁往其他乡镇").exit_code == 0
    zh = run("leave", "H-4", "--date", "2026-03-20", "--undo", "--reason", "记错了户", "--lang", "zh")
    assert zh.exit_code == 0, zh.output
    assert zh.stdout == "H-4：已撤销 2026-03-20 的离开记录（原因：记错了户）；提醒重新列出该户\n"
    blank = run("leave", "H-4", "--date", "2026-03-20", "--undo", "--reason", " ", "--lang", "zh")
    assert blank.exit_code == 2 and blank.stderr.startswith("错误：请用 --reason 写明撤销离开记录的原因\n")
    assert "；已于 " in run("show", "H-4", "--lang", "zh").output and "撤销：记错了户" in run("show", "H-4").output


def test_a_register_of_the_eighth_format_is_upgraded_and_its_departure_withdrawn(run: Any) -> None:
    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "moved").exit_code == 0
    with sqlite3.connect(run.db) as connection:  # as format 8 left it: a departure withdrawn by a later record alone
        connection.execute("DROP TRIGGER departure_voids_never_change")
        connection.execute("DROP TRIGGER departure_voids_never_go")
        connection.execute("DROP TABLE departure_voids")
        connection.execute("PRAGMA user_version = 8")
    assert run("show", "H-4").exit_code == 0
    with sqlite3.connect(run.db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (9,)
    withdrawn = run("leave", "H-4", "--date", "2026-03-20", "--undo", "--reason", "wrong household", "--lang", "en")
    assert withdrawn.exit_code == 0, withdrawn.output
    with sqlite3.connect(run.db) as connection:
        for statement in ("DELETE FROM departure_voids", "UPDATE departure_voids SET reason = 'x'"):
            with pytest.raises(sqlite3.IntegrityError, match="never"):
                connection.execute(statement)


def test_a_file_that_is_not_a_register_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    other = tmp_path / "notes.sqlite3"
    other.write_text("shopping list", encoding="utf-8")
    for how in (["--today", "2026-03-20"], ["--undo"]):
        for lang, said in (("en", f"error: {other}: not a policy register (file is not a database)\n"),
                           ("zh", f"错误：{other} 不是政策监测台账（不是数据库文件）\n")):
            refused = _invoke(str(other), "leave", "H-4", "--date", "2026-03-20", "--reason", "x", *how,
                              "--lang", lang)
            assert refused.exit_code == 2 and refused.stderr.startswith(said), refused.output
    assert other.read_text(encoding="utf-8") == "shopping list"


def test_a_withdrawal_for_a_household_that_never_left_says_to_check_the_id_with_a_command_that_runs(run: Any) -> None:
    for lang, said in (("en", "error: household H-3 has no departure of 2026-03-20 to withdraw\n"
                              "  help: it has no departure recorded: check the id; `policy monitor show H-3` lists its "
                              "history\n"),
                       ("zh", "错误：家庭 H-3 没有 2026-03-20 的离开记录可撤销\n"
                              "  提示：它没有离开记录：请核对编号；`policy monitor show H-3` 可列出它的历史\n")):
        refused = run("leave", "H-3", "--date", "2026-03-20", "--undo", "--reason", "x", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr == said, refused.stderr


def test_the_help_of_reason_says_what_it_is_with_undo_too(run: Any) -> None:
    en = " ".join(run("leave", "--help", "--lang", "en").output.split())
    assert "--reason REASON Why it left (moved to another township, died), or with --undo why its departure is " \
           "withdrawn (recorded for the wrong household): kept with it for good" in en, en
    zh = "".join(run("leave", "--help", "--lang", "zh").output.split())
    assert ("--reason原因离开的原因（迁往其他乡镇、去世），加--undo时为撤销离开记录的原因（记错了户）："
            "和记录一起永久保存") in zh, zh


def test_show_opens_a_withdrawn_departure_with_its_withdrawal(run: Any) -> None:
    # read down the history, a departure withdrawn must not first say that the household left
    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "迁往其他乡镇").exit_code == 0
    assert run("leave", "H-4", "--date", "2026-03-20", "--undo", "--reason", "记错了户").exit_code == 0
    assert run("leave", "H-4", "--date", "2026-03-25", "--reason", "去世").exit_code == 0
    zh = [line for line in run("show", "H-4", "--lang", "zh").output.splitlines() if "离开" in line]
    assert zh[0].startswith("（已撤销）2026-03-20 的离开记录（原因：迁往其他乡镇），"), zh
    assert "由 " in zh[0] and zh[0].endswith("撤销：记错了户"), zh
    assert zh[1].startswith("已于 2026-03-25 离开台账（原因：去世），"), zh
    en = [line for line in run("show", "H-4", "--lang", "en").output.splitlines() if "2026-03-2" in line]
    assert en[0].startswith("(withdrawn) Departure of 2026-03-20 (reason: 迁往其他乡镇), recorded "), en
    assert "; withdrawn " in en[0] and en[0].endswith(": 记错了户"), en
    assert en[1].startswith("Left the register on 2026-03-25 (reason: 去世), recorded "), en
    marked = run("show", "H-4", "--lang", "en", "--format", "markdown").output
    assert "(withdrawn) Departure of 2026-03-20 (reason: 迁往其他乡镇)" in marked, marked


def test_undo_refuses_today_which_it_would_not_use(run: Any) -> None:
    # --today bounds the day of a departure recorded; a withdrawal names one recorded already, by its --date
    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "moved").exit_code == 0
    undo = ["leave", "H-4", "--date", "2026-03-20", "--undo", "--reason", "wrong household", "--today", "2026-03-01"]
    en = run(*undo, "--lang", "en")
    assert en.exit_code == 2 and en.stdout == "", en.output
    assert en.stderr == ("error: --today is not used with `--undo`: it is the day a departure is recorded on, and a "
                         "withdrawal names a departure recorded already, by its --date\n"
                         "  help: leave out --today\n"), en.stderr
    zh = run(*undo, "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr == ("错误：--today 不能与 --undo 一起使用：它是登记离开的日期，而撤销的是已登记的离开记录，"
                         "按其 --date 指明\n  提示：请去掉 --today\n"), zh.stderr
    departures = json.loads(run("show", "H-4", "--format", "json").output)["departures"]
    assert [d["withdrawn"] for d in departures] == [None]  # nothing withdrawn
    assert "(not with `--undo`)" in run("leave", "--help", "--lang", "en").output


def test_a_folder_of_exports_first_ingested_names_none_of_its_households_missing(fresh: Any, tmp_path: Path) -> None:
    """A folder of one export a village, ingested into a new register: no file is the register's export, the folder
    is; every household of it is in it, whichever day its village was visited on."""
    exports = tmp_path / "exports"
    exports.mkdir()
    for village, numbers, day in (("a", (1, 2), "2026-03-02"), ("b", (3, 4), "2026-03-05")):
        write_jsonl(exports / f"village-{village}.jsonl", [{**household(f"H-{n}"), "date": day} for n in numbers])
    said = fresh("ingest", str(exports), "--lang", "en")
    assert said.exit_code == 0, said.output
    assert "not in this export" not in said.stderr


def test_a_folder_of_exports_names_the_households_missing_from_all_its_files_once(run: Any, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    for village, numbers in (("a", (1, 2)), ("b", (3,))):
        write_jsonl(exports / f"village-{village}.jsonl", [{**household(f"H-{n}", 10000), "date": MONTHS[1]}
                                                         for n in numbers])
    said = run("ingest", str(exports), "--lang", "en")
    assert said.exit_code == 0, said.output
    assert said.stderr.count("not in this export") == 1
    assert (f"note: {exports}: 1 household of the register is not in this export, its latest snapshot dated before "
            "2026-04-01: H-4; if it left the register") in said.stderr


def _left_refused(run: Any, household: str) -> tuple[str, str]:
    """The error of `leave` (English, Chinese) for a household the register holds nothing of that counts."""
    said = [run("leave", household, "--date", "2026-03-20", "--reason", "moved", "--lang", lang)
            for lang in ("en", "zh")]
    assert [s.exit_code for s in said] == [2, 2]
    return said[0].stderr, said[1].stderr


def test_a_household_whose_only_application_was_voided_is_told_so_not_to_check_its_id(run: Any) -> None:
    assert run("apply", "XY-1", "--date", "2026-03-10", "--new").exit_code == 0
    assert run("void", "XY-1", "--date", "2026-03-10", "--application", "--reason", "recorded too early").exit_code == 0
    assert _left_refused(run, "XY-1") == (
        "error: household XY-1 has no record that counts in the register: its only application, of 2026-03-10, was "
        "voided (reason: recorded too early)\n"
        "  help: if it was voided by mistake, record the application again: `policy monitor apply XY-1 --date "
        "2026-03-10 --new`; or ingest the household's record\n",
        "错误：台账中家庭 XY-1 没有有效的记录：它唯一的申请（2026-03-10 提出）已作废（原因：recorded too early）\n"
        "  提示：若是作废错了，请重新记录申请：`policy monitor apply XY-1 --date 2026-03-10 --new`；或导入该户的记录\n")


def test_a_household_whose_only_snapshot_was_voided_is_refused_with_how_to_withdraw_the_void(run: Any) -> None:
    assert run("void", "H-4", "--date", "2026-03-02", "--reason", "recorded twice").exit_code == 0
    english, chinese = _left_refused(run, "H-4")
    assert english == ("error: household H-4 has no snapshot that counts in the register: its only snapshot was "
                       "voided (reason: recorded twice)\n"
                       "  help: if it was voided by mistake, withdraw the void: `policy monitor void H-4 --date "
                       "2026-03-02 --undo --reason REASON`; or ingest the household's record again\n")
    assert chinese.endswith("  提示：若是作废错了，请撤销作废：`policy monitor void H-4 --date 2026-03-02 --undo "
                            "--reason 原因`；或重新导入该户的记录\n")
    assert run("void", "H-4", "--date", "2026-03-02", "--undo", "--reason", "voided by mistake").exit_code == 0
    assert run("leave", "H-4", "--date", "2026-03-20", "--reason", "moved").exit_code == 0
