"""A policy file edited without a new version name is refused wherever it would decide something the register
keeps: one version name stands for one set of rules (docs/monitor.md, `ingest`)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.helpers import EXAMPLES, POST, ROOT

HOUSEHOLD = str(EXAMPLES / "DS-0011-on-post-dibao-line.json")


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A register with DS-0011 recorded under a copy of post-transition, and that copy to edit."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("POLICY_REGISTER", raising=False)
    monkeypatch.delenv("POLICY_CALENDAR", raising=False)
    policy = tmp_path / "post.yaml"
    policy.write_bytes(Path(POST).read_bytes())
    db = str(tmp_path / "register.sqlite3")

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, ["monitor", *args, "--db", db], catch_exceptions=False)
    assert run("ingest", HOUSEHOLD, "--policy", str(policy), "--date", "2026-03-01").exit_code == 0
    run.policy, run.db = policy, db  # type: ignore[attr-defined]
    return run


def edit(policy: Path, old: str, new: str) -> None:
    text = policy.read_text(encoding="utf-8")
    assert old in text
    policy.write_text(text.replace(old, new), encoding="utf-8")


def snapshots(db: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM snapshots").fetchone()[0])


def test_an_edited_policy_that_kept_its_version_name_is_refused_by_ingest(desk: Any) -> None:
    edit(desk.policy, "value: 510 yuan/month", "value: 530 yuan/month")  # the dibao standard raised
    refused = desk("ingest", HOUSEHOLD, "--policy", str(desk.policy), "--date", "2026-03-02", "--lang", "en")
    assert refused.exit_code == 2
    policy = desk.policy
    assert refused.stderr.startswith(
        f"error: {policy} is policy version `post-transition`, but {desk.db} holds other rules under that name "
        "(sha256 ")
    assert f"recorded from {policy}); this file (sha256 " in refused.stderr
    # the parameter edited is named first, before the value computed from it
    assert "differs from them in parameters.dibao_standard and parameters.tekun_standard: " in refused.stderr
    # the help says where the name is written, at the line of its `version:`
    version_line = next(n for n, line in enumerate(policy.read_text(encoding="utf-8").splitlines(), 1)
                        if line.strip() == "version: post-transition")
    assert ("alerts would take the difference for changes of the households; nothing decided under it was recorded\n"
            f"  help: give the edited policy a version name of its own (`version: post-transition-2` at "
            f"{policy}:{version_line}) and run the command again; if the edit was a mistake, undo it\n") \
        in refused.stderr
    assert snapshots(desk.db) == 1  # nothing decided under the edited rules
    zh = desk("ingest", HOUSEHOLD, "--policy", str(policy), "--date", "2026-03-02", "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr.startswith(f"错误：{policy} 是政策版本 `post-transition`，但 {desk.db} "
                                "中以这个名称记录的是另一套规则（sha256 ")
    assert "与之不同：parameters.dibao_standard、parameters.tekun_standard：" in zh.stderr
    assert (f"提示：请给改过的政策另起一个版本名称（在 {policy}:{version_line} 写 `version: post-transition-2`），"
            "再运行这条命令") in zh.stderr
    # the way out: a version name of its own, recorded beside the first
    edit(policy, "version: post-transition", "version: post-transition-2")
    renamed = desk("ingest", HOUSEHOLD, "--policy", str(policy), "--date", "2026-03-02", "--lang", "en")
    assert renamed.exit_code == 0, renamed.output
    assert snapshots(desk.db) == 2


def test_reassess_and_apply_refuse_the_edited_policy_too(desk: Any) -> None:
    edit(desk.policy, "review_working_days: 25", "review_working_days: 20")
    reassessed = desk("reassess", "--policy", str(desk.policy), "--date", "2026-03-05", "--lang", "en")
    assert reassessed.exit_code == 2
    assert "differs from them in process: " in reassessed.stderr
    assert "Traceback" not in reassessed.output
    applied = desk("apply", "DS-0011", "--date", "2026-03-05", "--policy", str(desk.policy), "--lang", "en")
    assert applied.exit_code == 2
    assert f"error: {desk.policy} is policy version `post-transition`" in applied.stderr
    assert snapshots(desk.db) == 1
    with sqlite3.connect(desk.db) as connection:
        assert connection.execute("SELECT count(*) FROM applications").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM policies").fetchone()[0] == 1


def test_a_window_moved_under_the_same_version_name_is_refused(desk: Any) -> None:
    # the window decides which policy is in force on a date, so it is part of what a version name stands for
    edit(desk.policy, "effective: {from: 2026-01-01}", "effective: {from: 2026-02-01}")
    refused = desk("ingest", HOUSEHOLD, "--policy", str(desk.policy), "--date", "2026-03-02", "--lang", "en")
    assert refused.exit_code == 2
    assert "differs from them in policy.effective: " in refused.stderr
    assert snapshots(desk.db) == 1


def test_an_edit_no_decision_can_follow_keeps_the_version_name(desk: Any) -> None:
    # a comment, and a label reworded: the same rules written otherwise
    edit(desk.policy, "value: 510 yuan/month", "value: 510 yuan/month  # confirmed by the county")
    edit(desk.policy, "en: rural minimum living standard (dibao standard)}",
         "en: rural minimum living standard (the dibao standard)}")
    again = desk("ingest", HOUSEHOLD, "--policy", str(desk.policy), "--date", "2026-03-02", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert snapshots(desk.db) == 2


# -- near alerts: whose lines --------------------------------------------------------------


def near_alerts(run: Any, lang: str = "en", fmt: str = "json") -> Any:
    result = run("alerts", "--margin", "5%", "--today", "2026-03-05", "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["alerts"] if fmt == "json" else result.output


def test_a_near_alert_uses_the_lines_of_the_policy_in_force_on_its_snapshot_date(desk: Any) -> None:
    # DS-0010 sits on the transition dibao line (5,880), DS-0011 on the post-transition one (6,120): each is near
    # the line of the policy in force on its own date, chosen from the folder as eval chooses it
    for example, day in (("DS-0010-on-transition-dibao-line.json", "2025-12-01"),
                         ("DS-0011-on-post-dibao-line.json", "2026-03-02")):
        assert desk("ingest", str(EXAMPLES / example), "--date", day).exit_code == 0
    near = {a["household"]: a for a in near_alerts(desk)}
    assert (near["DS-0010"]["policy"], near["DS-0010"]["near"][0]["line"]) == ("2024-transition", "5880.00")
    assert (near["DS-0011"]["policy"], near["DS-0011"]["near"][0]["line"]) == ("post-transition", "6120.00")
    assert not near["DS-0010"]["what_if"] and not near["DS-0011"]["what_if"]
    text = near_alerts(desk, fmt="text")
    assert "(monitoring)) [2024-transition]\n" in text and "what-if" not in text  # whose lines, said


def test_a_near_alert_of_a_what_if_says_whose_lines_and_that_they_are_not_in_force(desk: Any) -> None:
    # alone on its date, a what-if is the household's latest snapshot (docs/monitor.md): its near alert is said
    # to be measured against the lines of a policy out of force on that date
    transition = str(ROOT / "policy" / "2024-transition.yaml")
    assert desk("ingest", str(EXAMPLES / "DS-0010-on-transition-dibao-line.json"), "--policy", transition, "--what-if",
                "--date", "2026-03-02").exit_code == 0
    alert = next(a for a in near_alerts(desk) if a["household"] == "DS-0010")
    assert (alert["policy"], alert["what_if"], alert["near"][0]["line"]) == ("2024-transition", True, "5880.00")
    lines = near_alerts(desk, fmt="text").splitlines()
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("DS-0010 ("))
    assert lines[at].endswith(" [2024-transition (what-if)]")
    assert lines[at + 2].strip() == ("these lines are 2024-transition's, applied as a what-if: it is in force "
                                     "2024-07-16 – 2025-12-31, not on 2026-03-02; the lines of the policy in force "
                                     "that day may differ")
    zh = near_alerts(desk, "zh", "text").splitlines()
    at = next(i for i, line in enumerate(zh) if line.lstrip().startswith("DS-0010（"))
    assert zh[at].endswith(" [2024-transition（假设情形）]")
    assert zh[at + 2].strip() == ("这些标准出自 2024-transition，按假设情形适用：其施行期为 2024-07-16 – 2025-12-31，"
                                  "不含 2026-03-02；该日施行的政策的标准可能不同")
    # the snapshot in force on that date, ingested beside it, is the latest: the what-if's alert goes
    in_force = desk("ingest", str(EXAMPLES / "DS-0010-on-transition-dibao-line.json"), "--date", "2026-03-02")
    assert in_force.exit_code == 0
    assert "DS-0010" not in {a["household"] for a in near_alerts(desk)}


def test_a_change_to_a_what_if_snapshot_says_the_change_may_be_the_rules(desk: Any) -> None:
    # DS-0011 recorded under post-transition on 2026-03-01, then on 2026-03-02 under 2024-transition as a what-if:
    # the monitoring category it gains is the older rules', not a change of the household, and the alert says so
    transition = str(ROOT / "policy" / "2024-transition.yaml")
    assert desk("ingest", HOUSEHOLD, "--policy", transition, "--what-if", "--date", "2026-03-02").exit_code == 0
    (alert,) = [a for a in near_alerts(desk) if a["household"] == "DS-0011" and a["kind"] != "near"]
    assert (alert["previous_policy"], alert["policy"]) == ("post-transition", "2024-transition")
    assert (alert["previous_what_if"], alert["what_if"]) == (False, True)
    lines = near_alerts(desk, fmt="text").splitlines()
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("DS-0011: 2026-03-01 → 2026-03-02"))
    assert lines[at].endswith(" [post-transition → 2024-transition (what-if)]")
    assert lines[at + 1].strip() == ("the snapshot of 2026-03-02 was decided by 2024-transition as a what-if: it is in "
                                     "force 2024-07-16 – 2025-12-31, not on 2026-03-02; this change may come from the "
                                     "rules, not the household")
    zh = near_alerts(desk, "zh", "text")
    assert "[post-transition → 2024-transition（假设情形）]" in zh
    assert "2026-03-02 的快照按 2024-transition 以假设情形认定" in zh
    rows = list(csv.DictReader(io.StringIO(near_alerts(desk, fmt="csv").lstrip("\ufeff"))))
    assert {r["kind"]: r["what_if"] for r in rows if r["household"] == "DS-0011"}[alert["kind"]] == "true"


def test_the_csv_of_alerts_marks_a_near_alert_of_a_what_if_in_a_last_column(desk: Any, tmp_path: Path) -> None:
    # a spreadsheet of the alerts must not pass a what-if's lines for those in force, as text and JSON do not
    transition = str(ROOT / "policy" / "2024-transition.yaml")
    assert desk("ingest", str(EXAMPLES / "DS-0010-on-transition-dibao-line.json"), "--policy", transition, "--what-if",
                "--date", "2026-03-02").exit_code == 0
    assert desk("ingest", HOUSEHOLD, "--date", "2026-03-02").exit_code == 0  # DS-0011 under the policy in force
    moving = json.loads(Path(HOUSEHOLD).read_text(encoding="utf-8"))
    moving["id"], moving["income"] = "H-MOVE", [line for line in moving["income"] if line["type"] != "agriculture"]
    for day, data in (("2026-02-01", json.loads(Path(HOUSEHOLD).read_text(encoding="utf-8")) | {"id": "H-MOVE"}),
                      ("2026-03-02", moving)):  # its income falls: a change alert, which measures against no line
        (tmp_path / "move.json").write_text(json.dumps(data), encoding="utf-8")
        assert desk("ingest", str(tmp_path / "move.json"), "--date", day).exit_code == 0
    text = desk("alerts", "--margin", "5%", "--today", "2026-03-05", "--format", "csv", "--lang", "en").output
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == ["kind", "household", "date", "previous_date", "policy", "previous_policy", "before",
                             "after", "values", "clauses", "near", "applied", "due", "working_days_left",
                             "abolished", "members", "what_if", "after_today", "assistance", "next_step",
                             "superseded"]  # those it had, in place, and the ones added after them
    near = {r["household"]: r for r in rows if r["kind"] == "near"}
    assert (near["DS-0010"]["policy"], near["DS-0010"]["what_if"]) == ("2024-transition", "true")
    assert (near["DS-0011"]["policy"], near["DS-0011"]["what_if"]) == ("post-transition", "false")
    (change,) = [r for r in rows if r["household"] == "H-MOVE"]
    assert change["kind"] in ("start", "move") and change["what_if"] == "false"  # both snapshots in force


def test_a_register_written_before_the_check_tells_two_rules_of_one_name_apart(desk: Any, monkeypatch: Any) -> None:
    # such a register holds an edited file under its old name: a switch between the two names them by sha256 too
    monkeypatch.setattr("engine.monitor.versions.check_version", lambda *args: None)
    edit(desk.policy, "value: 510 yuan/month", "value: 530 yuan/month")
    assert desk("ingest", HOUSEHOLD, "--policy", str(desk.policy), "--date", "2026-03-02").exit_code == 0
    result = desk("alerts", "--margin", "0%", "--format", "json")
    switch = json.loads(result.output)["policy_changes"]
    assert len(switch) == 1 and switch[0]["previous_policy"] != switch[0]["policy"]
    assert switch[0]["previous_policy"].startswith("post-transition (sha256 ")
    assert switch[0]["policy"].startswith("post-transition (sha256 ")
    assert "dibao_standard" in {v["name"] for v in switch[0]["values"]}


def test_a_recorded_version_this_engine_cannot_read_is_named_as_such(desk: Any) -> None:
    # the register's copy of the version no longer loads (a rule this engine has since refused): its rules cannot be
    # compared, so the edited file is refused with why, not with a difference it could not find
    with sqlite3.connect(desk.db) as connection:
        connection.execute("UPDATE policies SET text = ?", (b"id: broken\nversion: [",))
    edit(desk.policy, "value: 510 yuan/month", "value: 530 yuan/month")
    refused = desk("ingest", HOUSEHOLD, "--policy", str(desk.policy), "--date", "2026-03-02", "--lang", "en")
    assert refused.exit_code == 2
    assert "(?)" not in refused.stderr
    assert ("this file (sha256 " in refused.stderr and "…) cannot be compared with them: this version of policy "
            "no longer reads the copy the register keeps of them: decided under it," in refused.stderr)
    zh = desk("ingest", HOUSEHOLD, "--policy", str(desk.policy), "--date", "2026-03-02", "--lang", "zh")
    assert "(?)" not in zh.stderr
    assert "无法与之比较：这一版 policy 已读不了台账保存的那一份" in zh.stderr


def test_files_recorded_before_an_edited_version_stopped_the_run_are_said(tmp_path: Path, monkeypatch: Any) -> None:
    # one run of three files: the first is decided by post-transition, the second by an edited 2024-transition that
    # kept its name; the refusal stops the run, and the first file's snapshot, recorded, is said, not left unknown
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICY_REGISTER", raising=False)
    folder = tmp_path / "policy"
    folder.mkdir()
    for name in ("2024-transition.yaml", "post-transition.yaml"):
        (folder / name).write_bytes((ROOT / "policy" / name).read_bytes())
    base = json.loads(Path(HOUSEHOLD).read_text(encoding="utf-8"))
    for name, date in (("first", "2025-03-01"), ("march", "2026-03-01"), ("april", "2025-04-01")):
        (tmp_path / f"{name}.jsonl").write_text(json.dumps({**base, "date": date}) + "\n", encoding="utf-8")

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, ["monitor", "ingest", *args, "--lang", "en"], catch_exceptions=False)
    assert run("first.jsonl").exit_code == 0
    edit(folder / "2024-transition.yaml", "effective: {from: 2024-07-16,", "effective: {from: 2024-07-15,")
    stopped = run("march.jsonl", "april.jsonl")
    assert stopped.exit_code == 2
    assert "error: policy/2024-transition.yaml is policy version `2024-transition`" in stopped.stderr
    assert ("note: april.jsonl: nothing recorded; before it, march.jsonl recorded 1 snapshot, which the register "
            "keeps\n") in stopped.stderr
    assert snapshots(str(tmp_path / "policy-register.sqlite3")) == 2


def test_a_clause_and_a_near_line_that_compare_shares_say_them_as_percentages(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # a county writes the rigid-expense clause as a share of income (`rigid_share > rigid_expense_share`, 50%)
    monkeypatch.chdir(ROOT)
    policy = tmp_path / "shares.yaml"
    policy.write_bytes(Path(POST).read_bytes())
    edit(policy, "definitions:\n", "definitions:\n  rigid_share:\n    value: rigid_expenses / counted_income\n"
                                   "    label: {zh: 刚性支出占收入比例, en: rigid expenses as a share of income}\n")
    edit(policy, "test: rigid_expenses > rigid_expense_share * counted_income",
         "test: rigid_share > rigid_expense_share")
    data = json.loads(next(EXAMPLES.glob("DS-0014-*.json")).read_text(encoding="utf-8"))  # rigid exactly half
    later = json.loads(json.dumps(data))
    later["expenses"][0]["amount"] += 2000
    export = tmp_path / "2026.jsonl"
    export.write_text("".join(json.dumps({**d, "date": day}, ensure_ascii=False) + "\n"
                              for d, day in ((data, "2026-03-02"), (later, "2026-04-02"))), encoding="utf-8")
    db = str(tmp_path / "register.sqlite3")

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, ["monitor", *args, "--db", db], catch_exceptions=False)
    first = tmp_path / "march.jsonl"
    first.write_text(export.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert run("ingest", str(first), "--policy", str(policy)).exit_code == 0
    near = run("alerts", "--lang", "en").output
    assert ("household in hardship because of rigid expenses · rigid expenses above the set share of household "
            "income: rigid expenses as a share of income 50%, line 50%, away 0.00%") in near
    assert "刚性支出占收入比例 50%，标准 50%，差距 0.00%" in run("alerts", "--lang", "zh").output
    assert run("ingest", str(export), "--policy", str(policy)).exit_code == 0
    flipped = run("alerts", "--lang", "en").output
    assert "(rigid expenses as a share of income 50% → 55.56%, line 50%, unchanged)" in flipped
    machine = json.loads(run("alerts", "--format", "json").output)["alerts"]
    (clause,) = [c for a in machine for c in a.get("clauses", ()) if c["clause"] == "rigid_burden"]
    assert clause["compared"]["after"]["line"] == "0.5"  # machines keep the machine form


def test_a_near_alert_of_a_category_abolished_by_the_policy_in_force_today_says_so_and_that_reassess_is_due(
        desk: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # DS-0024, recorded in December 2025, is near the line of the monitoring category, which post-transition abolished
    # from 2026-01-01: on 2026-01-04, before January's export is in, the alert is kept (under the policy in force the
    # household may already qualify) and says both
    example = EXAMPLES / "DS-0024-illness-vehicle.json"
    assert desk("ingest", str(example), "--date", "2025-12-01", "--policy-dir", str(ROOT / "policy")).exit_code == 0

    def near(lang: str, fmt: str = "text") -> Any:
        result = desk("alerts", "--kind", "near", "--today", "2026-01-04", "--lang", lang, "--format", fmt)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["alerts"] if fmt == "json" else result.output
    zh = near("zh").splitlines()
    at = next(i for i, line in enumerate(zh) if line.lstrip().startswith("DS-0024（"))
    assert zh[at].endswith(" [2024-transition]") and "防止返贫监测对象 · " in zh[at + 1]
    assert zh[at + 2].strip() == ("防止返贫监测对象：自 2026-01-01 起取消，并入最低生活保障对象、特困人员、"
                                  "低保边缘家庭成员、刚性支出困难家庭成员、其他困难人员（依据 大政发〔2024〕47号 二、1 "
                                  "统一标准体系）")
    assert zh[at + 3].strip() == ("这些标准出自 2024-transition（施行期 2024-07-16 – 2025-12-31）；今天（2026-01-04）"
                                  "施行的是 post-transition：应按其重新认定：`policy monitor reassess --policy "
                                  "policy/post-transition.yaml`")
    said_in_text = {"zh": [line.strip() for line in zh[at + 2:at + 4]]}
    en = near("en").splitlines()
    at = next(i for i, line in enumerate(en) if line.lstrip().startswith("DS-0024 ("))
    said_in_text["en"] = [line.strip() for line in en[at + 2:at + 4]]
    assert en[at + 2].strip().startswith("household monitored against returning to poverty: abolished from 2026-01-01, "
                                         "absorbed by “minimum living guarantee (dibao) household”, ")
    assert en[at + 3].strip() == ("these lines are 2024-transition's (in force 2024-07-16 – 2025-12-31); "
                                  "post-transition is in force today (2026-01-04): reassessment under it is due: "
                                  "`policy monitor reassess --policy policy/post-transition.yaml`")
    (alert,) = [a for a in near("en", "json") if a["household"] == "DS-0024"]
    assert alert["superseded"] == {
        "today": "2026-01-04", "policy": "post-transition", "file": "policy/post-transition.yaml",
        "abolished": [{"id": "monitoring", "label": "household monitored against returning to poverty",
                       "absorbed_by": ["dibao", "tekun", "dibao_marginal", "rigid_expense", "other_hardship"],
                       "absorbed_by_labels": ["minimum living guarantee (dibao) household",
                                              "person in extreme poverty (tekun)", "household on the margin of dibao",
                                              "household in hardship because of rigid expenses",
                                              "other person in hardship"],
                       "since": "2026-01-01", "source": "dsz-2024-47 二、1 统一标准体系",
                       "cited": "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the system of standards)"}]}
    for lang in ("zh", "en"):  # the CSV says it too, in its last column, as the text does
        table = csv.DictReader(io.StringIO(near(lang, "csv").removeprefix("\ufeff")))
        said = {r["household"]: r["superseded"] for r in table}["DS-0024"]
        assert said == ("；" if lang == "zh" else "; ").join(said_in_text[lang])
    # on a day its policy is in force, nothing is said
    on_time = desk("alerts", "--kind", "near", "--today", "2025-12-10", "--format", "json")
    assert all("superseded" not in a for a in json.loads(on_time.output)["alerts"])
    # in a desk folder with no policy/ folder, the policy in force is found among the versions the register keeps
    monkeypatch.chdir(tmp_path)
    (alert,) = [a for a in near("en", "json") if a["household"] == "DS-0024"]
    assert (alert["superseded"]["policy"], alert["superseded"]["file"]) == ("post-transition", str(desk.policy))
    assert [a["id"] for a in alert["superseded"]["abolished"]] == ["monitoring"]


def test_a_reassessment_due_under_a_policy_no_file_is_known_of_names_its_file_as_the_help_does() -> None:
    # the command to run names the policy file by the placeholder of `--policy` in the language of the alerts:
    # `--policy 文件` under Chinese, where it said `--policy FILE` in Chinese too
    from engine.monitor.alerts import Alert
    from engine.monitor.report import render_text

    alert = Alert("near", "DS-0024", date="2025-12-01", policy="2024-transition", window="2024-07-16 – 2025-12-31",
                  superseded={"today": "2026-01-04", "policy": None, "file": None, "abolished": []})
    assert "应按今天施行的政策重新认定：`policy monitor reassess --policy 文件`" in render_text([alert], "zh", "提醒")
    assert "`policy monitor reassess --policy FILE`" in render_text([alert], "en", "Alerts")


def test_an_edited_policy_in_a_folder_with_spaces_is_set_apart_where_its_refusal_names_it(desk: Any,
                                                                                            tmp_path: Path) -> None:
    """`/tmp/my policies/post.yaml is policy version …`, `at /tmp/my policies/post.yaml:10`: the folder's space ran
    into the sentence's words. The file, with the line of its version name, is set apart in backticks."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    policy = folder / "post.yaml"
    policy.write_bytes(desk.policy.read_bytes())
    edit(policy, "value: 510 yuan/month", "value: 530 yuan/month")
    line = next(n for n, text in enumerate(policy.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == "version: post-transition")
    en = desk("ingest", HOUSEHOLD, "--policy", str(policy), "--date", "2026-03-02", "--lang", "en")
    assert en.exit_code == 2 and en.stderr.startswith(f"error: `{policy}` is policy version `post-transition`, but ")
    assert f"(`version: post-transition-2` at `{policy}:{line}`)" in en.stderr, en.stderr
    zh = desk("ingest", HOUSEHOLD, "--policy", str(policy), "--date", "2026-03-02", "--lang", "zh")
    assert zh.exit_code == 2 and zh.stderr.startswith(f"错误：`{policy}` 是政策版本 `post-transition`，但 ")
    assert f"（在 `{policy}:{line}` 写 `version: post-transition-2`）" in zh.stderr, zh.stderr
