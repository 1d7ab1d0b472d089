"""`policy monitor` and corrections to the register: a void never leaves in force a decision made from the data it
voids — a reassessment made from the voided snapshot goes with it — and says what it withdraws."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import POST, ROOT
from tests.test_monitor_ids import _invoke, write_jsonl

NO_VEHICLE = json.loads((ROOT / "examples" / "households" / "DS-0007-monitoring-only-vehicle.json").read_text(
    encoding="utf-8"))
NO_VEHICLE["assets"]["vehicles"] = 0  # dibao_marginal under both policies (7,200 a head, below 9,180)


def _dated(day: str, vehicles: int = 0) -> dict[str, Any]:
    data = json.loads(json.dumps(NO_VEHICLE))
    data["assets"]["vehicles"] = vehicles
    return {**data, "date": day}


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`policy monitor …` on a register of its own, in the project's folder (its policy/)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("POLICY_REGISTER", raising=False)
    monkeypatch.delenv("POLICY_CALENDAR", raising=False)
    db = str(tmp_path / "register.sqlite3")

    def invoke(*args: str) -> Any:
        return _invoke(db, *args)
    invoke.db = db  # type: ignore[attr-defined]
    return invoke


@pytest.fixture
def reassessed_from_a_mistake(run: Any, tmp_path: Path) -> Any:
    """DS-0007 of 2025-11-01, then of 2025-12-01 with a vehicle typed by mistake, reassessed at the switch from that."""
    months = [write_jsonl(tmp_path / f"{day[:7]}.jsonl", [_dated(day, vehicles)])
              for day, vehicles in (("2025-11-01", 0), ("2025-12-01", 1))]
    assert run("ingest", *map(str, months)).exit_code == 0
    assert run("reassess", "--policy", POST).exit_code == 0
    snapshots = json.loads(run("show", "DS-0007", "--format", "json").output)["snapshots"]
    assert [(s["id"], s["date"], s["recorded_by"]) for s in snapshots] == [
        (1, "2025-11-01", "ingest"), (2, "2025-12-01", "ingest"), (3, "2026-01-01", "reassess")]
    return run


def test_voiding_a_snapshot_voids_the_reassessment_made_from_it(reassessed_from_a_mistake: Any,
                                                                 tmp_path: Path) -> None:
    run = reassessed_from_a_mistake
    voided = run("void", "DS-0007", "--date", "2025-12-01", "--reason", "vehicle typed by mistake", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout.splitlines()[0] == (
        "DS-0007: snapshot #2 of 2025-12-01 voided (reason: vehicle typed by mistake); with it snapshot #3 of "
        "2026-01-01, which reassessment #3 made from it; the latest snapshot is now #1 of 2025-11-01")
    assert voided.stderr == (f"note: once the records that correct them are ingested, reassess them again: policy "
                             f"monitor reassess --policy {POST}\n")
    snapshots = json.loads(run("show", "DS-0007", "--format", "json").output)["snapshots"]
    assert [s["void"]["reason"] if s["void"] else None for s in snapshots] == [
        None, "vehicle typed by mistake", "vehicle typed by mistake"]
    # the correction goes in on its date, and the reassessment made again starts from it
    fix = write_jsonl(tmp_path / "fix.jsonl", [_dated("2025-12-01")])
    assert run("ingest", str(fix)).exit_code == 0
    again = run("reassess", "--policy", POST, "--lang", "en")
    assert again.exit_code == 0, again.output
    alerts = run("alerts", "--today", "2026-01-06", "--kind", "exit", "--format", "json").output
    assert json.loads(alerts)["alerts"] == []
    shown = json.loads(run("show", "DS-0007", "--date", "2026-01-06", "--format", "json").output)
    by_id = {s["id"]: s for s in shown["snapshots"]}
    in_force = by_id[shown["in_force_on"]["snapshot"]]
    assert (in_force["date"], in_force["status"], in_force["source"]) == (
        "2026-01-01", ["dibao_marginal"], "snapshot #4 of DS-0007")


def test_the_void_of_the_reassessment_is_said_in_chinese_and_withdrawn_with_the_void_of_its_snapshot(
        reassessed_from_a_mistake: Any) -> None:
    run = reassessed_from_a_mistake
    voided = run("void", "DS-0007", "--date", "2025-12-01", "--reason", "车辆数录错", "--lang", "zh")
    assert voided.stdout.splitlines()[0] == (
        "DS-0007：已作废 2025-12-01 的快照 #2（原因：车辆数录错）；由它重新认定的 2026-01-01 的快照 #3（重新认定 #3）"
        "一并作废；现在最近一次快照是 2025-11-01 的 #1")
    assert voided.stderr == (f"注意：导入改正后的记录后，请重新认定：policy monitor reassess --policy {POST}\n")
    undone = run("void", "DS-0007", "--date", "2025-12-01", "--undo", "--reason", "作废错了", "--lang", "en")
    assert undone.exit_code == 0, undone.output
    assert undone.stdout == ("DS-0007: the void of snapshot #2 of 2025-12-01 withdrawn (reason: 作废错了); with it "
                             "that of snapshot #3 of 2026-01-01, which reassessment #3 made from it; the latest "
                             "snapshot is now #3 of 2026-01-01\n")
    snapshots = json.loads(run("show", "DS-0007", "--format", "json").output)["snapshots"]
    assert [s["void"] for s in snapshots] == [None, None, None]


def test_the_reassessments_voided_with_an_ingest_are_listed_as_said() -> None:
    from cli.monitor_void import _made_with
    from engine.monitor.voids import Reassessed

    made = tuple(Reassessed(10 + n, f"DS-000{n}", "2026-01-01", number, "post.yaml") for n, number in
                 enumerate([3, 5, 8, 8]))
    said = _made_with(made, undo=False)
    assert said.en == ("; with them 4 snapshots of 4 households that reassessment #3, #5 and #8 made from them: "
                       "DS-0000, DS-0001, DS-0002 and 1 more")
    assert said.zh.startswith("；由这些快照重新认定的 4 户的 4 条快照（重新认定 #3、#5、#8）一并作废：")


def test_voiding_an_ingest_voids_the_reassessments_made_from_its_snapshots(reassessed_from_a_mistake: Any) -> None:
    run = reassessed_from_a_mistake
    voided = run("void", "--ingest", "2", "--reason", "the December export was wrong", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout.endswith(
        "): 1 snapshot of 1 household voided (reason: the December export was wrong): DS-0007; with them 1 snapshot of "
        "1 household that reassessment #3 made from them: DS-0007\n"  # and the alerts withdrawn, as a void says them
        "DS-0007: the move alert of 2025-12-01 is withdrawn: if assistance was adjusted on it, adjust it back\n"
        "DS-0007: the exit alert of 2026-01-01 is withdrawn: if assistance was stopped on it, resume it\n")
    assert voided.stderr.startswith("note: once the records that correct them are ingested, reassess them again: ")
    snapshots = json.loads(run("show", "DS-0007", "--format", "json").output)["snapshots"]
    assert [s["void"] is None for s in snapshots] == [True, False, False]
    undone = run("void", "--ingest", "2", "--undo", "--reason", "voided the wrong ingest", "--lang", "zh")
    assert undone.exit_code == 0, undone.output
    assert undone.stdout.endswith("：DS-0007；由这些快照重新认定的 1 户的 1 条快照（重新认定 #3）也一并撤销作废："
                                  "DS-0007\n")
    snapshots = json.loads(run("show", "DS-0007", "--format", "json").output)["snapshots"]
    assert [s["void"] for s in snapshots] == [None, None, None]


def test_a_correction_ingested_behind_a_reassessment_of_the_voided_snapshot_is_warned_of(
        reassessed_from_a_mistake: Any, tmp_path: Path) -> None:
    """A register voided before the reassessments made from a snapshot were voided with it: the reassessment still
    counts, and the record that corrects the snapshot would go in behind it unsaid."""
    import sqlite3

    run = reassessed_from_a_mistake
    with contextlib.closing(sqlite3.connect(tmp_path / "register.sqlite3")) as db, db:
        db.execute("INSERT INTO voids (snapshot, reason, voided_by, voided_at) VALUES (2, 'vehicle typed by mistake', "
                   "'clerk', '2026-01-05T06:02:11+00:00')")
    fix = write_jsonl(tmp_path / "fix.jsonl", [_dated("2025-12-01")])
    said = run("ingest", str(fix), "--lang", "en")
    assert said.exit_code == 0, said.output
    assert (f"{fix}:1: warning: household DS-0007: its latest snapshot, #3 of 2026-01-01, was made by reassessment #3 "
            "from snapshot #2, which is voided: alerts and reassessments go by #3, not by this record; void #3 too "
            "with `policy monitor void DS-0007 --date 2026-01-01 --snapshot 3 --reason …`, then reassess again: "
            f"policy monitor reassess --policy {POST}\n") in said.stderr
    assert run("void", "DS-0007", "--date", "2025-12-01", "--snapshot", "4", "--reason", "deposits").exit_code == 0
    other = {**_dated("2025-12-01"), "assets": {**NO_VEHICLE["assets"], "deposits": 9000}}
    again = run("ingest", str(write_jsonl(tmp_path / "fix2.jsonl", [other])), "--lang", "zh")
    assert ("fix2.jsonl:1: 警告：家庭 DS-0007：最近一次快照 #3（2026-01-01）是重新认定 #3 由已作废的快照 #2 得出的："
            "提醒和重新认定仍以 #3 为准，而不是这条记录；请用 `policy monitor void DS-0007 --date 2026-01-01 "
            f"--snapshot 3 --reason …` 将 #3 一并作废，再重新认定：policy monitor reassess --policy {POST}\n"
            ) in again.stderr


def test_a_void_says_which_alerts_it_withdraws(reassessed_from_a_mistake: Any) -> None:
    """The vehicle typed by mistake moved DS-0007 out of dibao_marginal in December, and the switch told the desk to
    stop its assistance: the desk may have acted on both."""
    run = reassessed_from_a_mistake
    before = json.loads(run("alerts", "--today", "2026-01-06", "--format", "json").output)["alerts"]
    assert [(a["kind"], a["date"]) for a in before if a["kind"] != "near"] == [("exit", "2026-01-01")]
    voided = run("void", "DS-0007", "--date", "2025-12-01", "--reason", "vehicle typed by mistake", "--lang", "en")
    assert voided.stdout.splitlines()[1:] == [
        "DS-0007: the move alert of 2025-12-01 is withdrawn: if assistance was adjusted on it, adjust it back",
        "DS-0007: the exit alert of 2026-01-01 is withdrawn: if assistance was stopped on it, resume it"]
    undone = run("void", "DS-0007", "--date", "2025-12-01", "--undo", "--reason", "voided by mistake")
    assert undone.exit_code == 0 and len(undone.stdout.splitlines()) == 1
    again = run("void", "DS-0007", "--date", "2025-12-01", "--reason", "车辆数录错", "--lang", "zh")
    assert again.stdout.splitlines()[1:] == ["DS-0007：2025-12-01 的类别变化提醒随之撤回：如已据此调整救助，请调整回来",
                                             "DS-0007：2026-01-01 的退出提醒随之撤回：如已据此停止救助，请恢复救助"]


def test_a_void_of_an_ingest_says_the_alerts_it_withdraws_once_per_household(
        run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An export with a vehicle typed into two households' records, voided as a whole: the desk may have acted on
    the alerts of both, as on a single void's; the register is asked once for the households' snapshots, not once
    for each household."""
    months = [write_jsonl(tmp_path / f"{day[:7]}.jsonl", [{**_dated(day, vehicles), "id": hid}
                                                          for hid in ("DS-0007", "DS-0107")])
              for day, vehicles in (("2025-11-01", 0), ("2025-12-01", 1))]
    assert run("ingest", *map(str, months)).exit_code == 0
    assert run("reassess", "--policy", POST).exit_code == 0
    from engine.monitor.register import Register

    def one_by_one(self: Register, household: str) -> list[dict[str, Any]]:
        raise AssertionError(f"the history of {household} read on its own")
    with monkeypatch.context() as patched:
        patched.setattr(Register, "history", one_by_one)
        voided = run("void", "--ingest", "2", "--reason", "vehicle typed by mistake", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout.splitlines()[1:] == [
        "DS-0007: the move alert of 2025-12-01 is withdrawn: if assistance was adjusted on it, adjust it back",
        "DS-0007: the exit alert of 2026-01-01 is withdrawn: if assistance was stopped on it, resume it",
        "DS-0107: the move alert of 2025-12-01 is withdrawn: if assistance was adjusted on it, adjust it back",
        "DS-0107: the exit alert of 2026-01-01 is withdrawn: if assistance was stopped on it, resume it"]
    assert run("void", "--ingest", "2", "--undo", "--reason", "voided by mistake").exit_code == 0
    again = run("void", "--ingest", "2", "--date", "2025-12-01", "--reason", "车辆数录错", "--lang", "zh")
    assert again.stdout.splitlines()[1:] == ["DS-0007：2025-12-01 的类别变化提醒随之撤回：如已据此调整救助，请调整回来",
                                             "DS-0007：2026-01-01 的退出提醒随之撤回：如已据此停止救助，请恢复救助",
                                             "DS-0107：2025-12-01 的类别变化提醒随之撤回：如已据此调整救助，请调整回来",
                                             "DS-0107：2026-01-01 的退出提醒随之撤回：如已据此停止救助，请恢复救助"]
    # an ingest whose snapshots raised no alert withdraws none
    assert run("void", "--ingest", "1", "--reason", "twice", "--lang", "en").stdout.count("\n") == 1


def test_a_void_of_a_snapshot_that_raised_no_alert_says_none_withdrawn(run: Any, tmp_path: Path) -> None:
    export = write_jsonl(tmp_path / "x.jsonl", [_dated("2025-11-01"), _dated("2025-12-01")])
    assert run("ingest", str(export)).exit_code == 0
    voided = run("void", "DS-0007", "--date", "2025-12-01", "--reason", "twice", "--lang", "en")
    assert voided.exit_code == 0 and len(voided.stdout.splitlines()) == 1


@pytest.mark.parametrize(("decided", "said"), [
    ("2026-12-25", "DS-0007: application of 2026-11-20 decided on 2026-12-25"),
    # Saturday: no working day after the due date has passed, as `alerts` says that day
    ("2026-12-26", "DS-0007: application of 2026-11-20 decided on 2026-12-26 (a day off after the due date "
                   "2026-12-25: within the 25 working days)"),
    ("2026-12-28", "DS-0007: application of 2026-11-20 decided on 2026-12-28 (after the due date)"),
])
def test_a_decision_on_the_days_off_after_the_due_date_is_not_late(run: Any, tmp_path: Path, decided: str,
                                                                   said: str) -> None:
    assert run("ingest", str(write_jsonl(tmp_path / "x.jsonl", [_dated("2026-06-01")]))).exit_code == 0
    applied = run("apply", "DS-0007", "--date", "2026-11-20", "--lang", "en")
    assert "decision due by 2026-12-25 (25 working days" in applied.stdout, applied.output
    closed = run("close", "DS-0007", "--date", decided, "--today", "2026-12-28", "--lang", "en")
    assert closed.exit_code == 0, closed.output
    assert closed.stdout == said + "\n"


def test_the_days_off_after_the_due_date_are_said_in_chinese_as_alerts_say_them(run: Any, tmp_path: Path) -> None:
    assert run("ingest", str(write_jsonl(tmp_path / "x.jsonl", [_dated("2026-06-01")]))).exit_code == 0
    assert run("apply", "DS-0007", "--date", "2026-11-20").exit_code == 0
    listed = run("alerts", "--today", "2026-12-26", "--kind", "overdue", "--lang", "zh").stdout
    assert "已过应办结日：2026-12-25 是最近一个工作日，自下一个工作日起计逾期" in listed
    closed = run("close", "DS-0007", "--date", "2026-12-26", "--today", "2026-12-26", "--lang", "zh")
    assert closed.stdout == ("DS-0007：2026-11-20 提出的申请已于 2026-12-26 办结（应办结日期 2026-12-25 之后的"
                             "非工作日：仍在 25 个工作日之内）\n")
