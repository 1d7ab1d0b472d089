"""The alerts of a policy switch say why each household starts, exits or moves.

The shipped example households are recorded as 2025 snapshots under the transition policy, then
reassessed under the post-transition one on 2026-03-05. No category the two versions share has a rule that
admits fewer households after the switch, so a household told the same keeps every such category; DS-0006 told
on 2026-03-05 that its flood is more than a year back loses other hardship, and its p3 has turned 18.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.helpers import EXAMPLES, POST, flood_gone_register, quotes_nested_alike, switch_register


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> str:
    return switch_register(tmp_path_factory.mktemp("switch"))


@pytest.fixture(scope="module")
def flood_gone(tmp_path_factory: pytest.TempPathFactory) -> str:
    return flood_gone_register(tmp_path_factory.mktemp("flood"))


def _run(db: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["monitor", *args, "--db", db], catch_exceptions=False)


def alerts(db: str, *args: str) -> str:
    result = _run(db, "alerts", "--since", "2026-03-01", "--margin", "0%", "--today", "2026-03-10", *args)
    assert result.exit_code == 0, result.output
    return str(result.output)


def by_household(db: str, *args: str) -> dict[str, dict[str, Any]]:
    return {a["household"]: a for a in json.loads(alerts(db, "--format", "json", *args))["alerts"]}


def lines_of(text: str, household: str) -> str:
    """The lines of one household's alert in text output: its first line and those indented under it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(f"{household}[:：]", line.lstrip()))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("      ")), len(lines))
    return "\n".join(lines[start:end])


def test_a_member_clause_of_a_category_the_member_never_had_is_not_a_reason(flood_gone: str) -> None:
    # DS-0006's p3 turned 18 (no longer unable to work), but was tekun neither before nor after
    leave = by_household(flood_gone)["DS-0006"]
    assert leave["kind"] == "exit"
    assert [c for c in leave["clauses"] if c["member"] == "p3"] == []
    assert "(p3)" not in lines_of(alerts(flood_gone, "--lang", "en"), "DS-0006")


def test_no_household_told_the_same_loses_other_hardship_at_the_switch(register: str) -> None:
    # DS-0006, other hardship for its flood losses, is so under both versions and raises no alert
    assert "DS-0006" not in by_household(register)
    for alert in by_household(register).values():
        assert "other_hardship" not in {e["id"] for e in alert["before"]} - {e["id"] for e in alert["after"]}


# each quoted, as `policy diff` and `policy eval --explain` name them: unquoted, two labels would read as one
ABSORBING_EN = ("“minimum living guarantee (dibao) household”, “person in extreme poverty (tekun)”, “household on "
                "the margin of dibao”, “household in hardship because of rigid expenses” and “other person in "
                "hardship”")


@pytest.mark.parametrize("household", ["DS-0007", "DS-0009", "DS-0028"])
def test_an_abolished_category_that_nothing_replaces_says_assistance_stops(register: str, household: str) -> None:
    gone = by_household(register)[household]
    assert gone["kind"] == "exit" and gone["abolished"][0]["now_in"] == []
    english = lines_of(alerts(register, "--lang", "en"), household)
    assert ("household monitored against returning to poverty: abolished from 2026-01-01, absorbed by "
            f"{ABSORBING_EN}; this household meets none of them: assistance stops") in english
    chinese = lines_of(alerts(register, "--lang", "zh"), household)
    assert ("防止返贫监测对象：自 2026-01-01 起取消，并入最低生活保障对象、特困人员、低保边缘家庭成员、"
            "刚性支出困难家庭成员、其他困难人员；本户不符合其中任何一类：停止救助") in chinese
    markdown = alerts(register, "--lang", "en", "--format", "markdown")
    assert "this household meets none of them: assistance stops" in markdown.split(f"**{household}**")[1]
    row = next(r for r in csv.DictReader(io.StringIO(alerts(register, "--format", "csv", "--lang", "en")))
               if r["household"] == household)
    assert "; this household meets none of them: assistance stops (source: " in row["abolished"]


def test_a_household_leaving_an_abolished_category_says_what_keeps_it_out_of_each_absorbing_one(register: str) -> None:
    # DS-0007's income is under the line of other hardship, but its housing and water are safe; DS-0009's income
    # after its rigid expenses is over that line
    for household in ("DS-0007", "DS-0009"):
        failing = by_household(register, "--lang", "en")[household]["failing"]
        assert {c["category"] for c in failing} == {"dibao", "tekun", "dibao_marginal", "rigid_expense",
                                                    "other_hardship"}, household
        assert {c["absorbs"] for c in failing} == {"monitoring"}
    (hardship,) = [c for c in by_household(register)["DS-0007"]["failing"] if c["category"] == "other_hardship"]
    assert hardship["clause"] == "hardship" and "compared" not in hardship
    (income,) = [c for c in by_household(register)["DS-0009"]["failing"] if c["category"] == "other_hardship"]
    assert income["clause"] == "income" and income["compared"]["after"] == {"value": "15200.00", "line": "7600.00"}
    english = lines_of(alerts(register, "--lang", "en"), "DS-0009")
    assert ("now: other person in hardship · per-capita income after rigid expenses and losses below the line for "
            "other persons in hardship: fails ((counted income − rigid expenses − losses from disasters and accidents) "
            "÷ household size 15,200.00, line 7,600.00)") in english
    chinese = lines_of(alerts(register, "--lang", "zh"), "DS-0007")
    assert ("现在：其他困难人员 · 住房或饮水不安全、患重特大疾病或遭受灾害损失："
            "不满足") in chinese
    row = next(r for r in csv.DictReader(io.StringIO(alerts(register, "--format", "csv", "--lang", "en")))
               if r["household"] == "DS-0009")
    assert "other person in hardship · per-capita income after rigid expenses" in row["clauses"]
    # its members are named, but an age reached between the two snapshots changed none of its reasons
    assert "members" not in by_household(register)["DS-0007"]
    # a household the absorbing categories take in says only what absorbs the abolished one
    assert "absorbs" not in json.dumps(by_household(register)["DS-0001"])


def test_the_exit_heading_is_true_of_a_household_whose_monitoring_was_abolished(register: str) -> None:
    # "keep monitoring" would contradict "monitoring abolished": what goes on is the register's watch of its data
    english, chinese = alerts(register, "--lang", "en"), alerts(register, "--lang", "zh")
    assert "\nExiting: stop assistance; still in the register, where a change in their data raises an alert (3)\n" \
        in english
    assert "\n退出：停止救助；仍在台账中，数据有变化会提醒（3）\n" in chinese
    assert "继续监测" not in chinese and "keep watching" not in english


def test_an_abolished_category_replaced_by_an_absorbing_one_says_only_what_absorbs_it(register: str) -> None:
    moved = by_household(register)["DS-0001"]  # dibao and monitoring → dibao
    assert moved["abolished"][0]["now_in"] == ["dibao"]
    assert "meets none" not in lines_of(alerts(register, "--lang", "en"), "DS-0001")
    assert "不符合" not in lines_of(alerts(register, "--lang", "zh"), "DS-0001")


def test_a_flipped_comparison_shows_the_value_and_the_line_on_both_sides(register: str) -> None:
    # DS-0010's income sits on the transition dibao line; the new, higher standard lets it in
    (flip,) = by_household(register, "--lang", "en")["DS-0010"]["clauses"]
    assert (flip["category"], flip["clause"], flip["before"], flip["after"]) == ("dibao", "income", False, True)
    assert flip["compared"] == {"name": "per_capita_income", "label": "annual per-capita income",
                                "before": {"value": "5880.00", "line": "5880.00"},
                                "after": {"value": "5880.00", "line": "6120.00"}}
    assert ("clauses: minimum living guarantee (dibao) household · per-capita income below the dibao standard: "
            "fails → holds (annual per-capita income 5,880.00, unchanged, line 5,880.00 → 6,120.00)") \
        in lines_of(alerts(register, "--lang", "en"), "DS-0010")
    assert ("条件变化：最低生活保障对象 · 家庭人均收入低于低保标准：不满足 → 满足（家庭年人均收入 5,880.00，未变，"
            "标准 5,880.00 → 6,120.00）") in lines_of(alerts(register, "--lang", "zh"), "DS-0010")


def test_values_the_same_for_every_household_are_said_once_for_the_switch(register: str) -> None:
    report = json.loads(alerts(register, "--format", "json", "--lang", "en"))
    (switch,) = report["policy_changes"]
    assert (switch["previous_policy"], switch["policy"]) == ("2024-transition", "post-transition")
    changed = {v["name"]: (v["before"], v["after"]) for v in switch["values"]}
    assert changed["dibao_standard"] == ("5880.00", "6120.00")   # a parameter
    assert changed["marginal_line"] == ("8820.00", "9180.00")    # computed from parameters alone
    assert "marginal_multiplier" not in changed                  # unchanged
    for alert in report["alerts"]:
        assert not {v["name"] for v in alert.get("values", [])} & {"marginal_line", "dibao_standard"}
    text = alerts(register, "--lang", "en")
    # each figure with its unit as the policy writes it: the standards per month, as every brief says them
    assert text.count("income line of the dibao margin 8,820.00 → 9,180.00 yuan/year\n") == 1
    top = text.index("Policy values changed for every household: 2024-transition → post-transition (6)\n"
                     "  rural minimum living standard (dibao standard) 490.00 → 510.00 yuan/month\n"
                     "  basic living standard for persons in extreme poverty 637.00 → 663.00 yuan/month\n"
                     "  income line for other persons in hardship (formerly the monitoring line) 7,300.00 → 7,600.00 "
                     "yuan/year\n")
    assert top < text.index("Newly qualifying")
    markdown = alerts(register, "--format", "markdown", "--lang", "zh")
    assert ("## 各户相同的政策数值变化：2024-transition → post-transition（6）\n\n"
            "- 农村最低生活保障标准 490.00 → 510.00 元/月\n- 特困人员基本生活标准 637.00 → 663.00 元/月\n") in markdown
    assert "marginal_line" not in alerts(register, "--format", "csv")
    assert lines_of(text, "DS-0001").count("values:") == 0  # nothing of its own moved


def test_a_value_one_version_has_not_says_its_unit_beside_the_figure_it_has() -> None:
    from engine.monitor.report import WORDS, _value_text

    gone = {"name": "monitoring_line", "label": "line", "before": "7644.00", "after": None}
    assert _value_text(gone, WORDS["en"], units={"monitoring_line": "month"}) == "line 637.00 yuan/month → —"
    assert _value_text(gone, WORDS["zh"], units={"monitoring_line": "rate"}) == "line 7,644.00 元/年 → —"
    assert _value_text(gone, WORDS["en"]) == "line 7,644.00 → —"  # no unit known: as the register keeps it


def test_a_register_of_the_first_format_is_upgraded_and_its_alerts_still_read(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "old.sqlite3"
    source = tmp_path / "2025.jsonl"
    source.write_text(json.dumps({**json.loads((EXAMPLES / "DS-0010-on-transition-dibao-line.json").read_text(
        encoding="utf-8")), "date": "2025-06-30"}) + "\n", encoding="utf-8")
    assert _run(str(db), "ingest", str(source)).exit_code == 0
    with sqlite3.connect(db) as connection:  # as format 1 wrote it: no sides, no voids
        connection.execute("ALTER TABLE snapshots DROP COLUMN sides")
        connection.execute("DROP TABLE void_events")
        connection.execute("DROP TABLE voids")
        connection.execute("PRAGMA user_version = 1")
    assert _run(str(db), "reassess", "--policy", POST, "--date", "2026-03-05").exit_code == 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 9
    (flip,) = by_household(str(db))["DS-0010"]["clauses"]
    assert flip["compared"]["before"] is None and flip["compared"]["after"] == {"value": "5880.00", "line": "6120.00"}


def _one_snapshot(tmp_path: Path) -> tuple[Path, Path]:
    """A register holding DS-0010's snapshot of 2026-03-05 (decided in force), and the file it came from."""
    db = tmp_path / "old.sqlite3"
    source = tmp_path / "2026.jsonl"
    source.write_text(json.dumps({**json.loads((EXAMPLES / "DS-0010-on-transition-dibao-line.json").read_text(
        encoding="utf-8")), "date": "2026-03-05"}) + "\n", encoding="utf-8")
    assert _run(str(db), "ingest", str(source)).exit_code == 0
    return db, source


def test_a_register_of_the_second_format_is_upgraded_what_ifs_leave_its_latest_and_snapshots_can_be_voided(
        tmp_path: Path) -> None:
    import sqlite3

    db, source = _one_snapshot(tmp_path)
    assert _run(str(db), "ingest", str(source), "--policy", str(EXAMPLES.parent.parent / "policy" /
                                                                 "2024-transition.yaml"), "--what-if").exit_code == 0
    with sqlite3.connect(db) as connection:  # as format 2 left it: no voids, the what-if recorded last the latest
        connection.execute("DROP TABLE void_events")
        connection.execute("DROP TABLE voids")
        connection.execute("UPDATE latest SET id = 2, status = (SELECT status FROM snapshots WHERE id = 2), "
                           "previous = 1, previous_date = date, previous_status = (SELECT status FROM snapshots "
                           "WHERE id = 1)")
        connection.execute("PRAGMA user_version = 2")
    assert json.loads(_run(str(db), "alerts", "--format", "json", "--margin", "0%").output)["alerts"] == []
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 9
        assert connection.execute("SELECT id, previous FROM latest").fetchall() == [(1, None)]
    voided = _run(str(db), "void", "DS-0010", "--date", "2026-03-05", "--snapshot", "2", "--reason", "not meant",
                  "--lang", "en")
    assert voided.exit_code == 0 and "the latest snapshot is now #1 of 2026-03-05" in voided.output


def test_a_register_of_the_third_format_is_upgraded_its_voids_kept_and_a_void_can_be_withdrawn(
        tmp_path: Path) -> None:
    import sqlite3

    db, _ = _one_snapshot(tmp_path)
    assert _run(str(db), "void", "DS-0010", "--date", "2026-03-05", "--reason", "not ours").exit_code == 0
    with sqlite3.connect(db) as connection:  # as format 3 left it: voids that cannot be withdrawn
        connection.execute("DROP TABLE void_events")
        connection.execute("DROP TRIGGER voids_never_go")
        connection.execute("CREATE TRIGGER voids_never_go BEFORE DELETE ON voids "
                           "BEGIN SELECT RAISE(ABORT, 'voids are never undone'); END")
        connection.execute("PRAGMA user_version = 3")
    shown = json.loads(_run(str(db), "show", "DS-0010", "--format", "json").output)["snapshots"]
    assert shown[0]["void"]["reason"] == "not ours" and shown[0]["voids"][0]["withdrawn"] is None
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 9
        assert connection.execute("SELECT count(*) FROM voids").fetchone()[0] == 1
        with pytest.raises(sqlite3.DatabaseError, match="never deleted: withdraw one with policy monitor void --undo"):
            connection.execute("DELETE FROM voids")  # its trigger says what to do instead
    back = _run(str(db), "void", "DS-0010", "--date", "2026-03-05", "--undo", "--reason", "ours after all",
                "--lang", "en")
    assert back.exit_code == 0, back.output
    assert back.output.endswith("the latest snapshot is now #1 of 2026-03-05\n")


def test_a_register_of_the_sixth_format_is_upgraded_and_void_ingest_finds_an_ingest_s_snapshots_by_an_index(
        tmp_path: Path) -> None:
    import sqlite3

    db, _ = _one_snapshot(tmp_path)
    with sqlite3.connect(db) as connection:  # as format 6 left it: an ingest's snapshots found by reading them all
        connection.execute("DROP INDEX IF EXISTS snapshots_by_batch")
        connection.execute("PRAGMA user_version = 6")
    assert "DS-0010" in _run(str(db), "show", "DS-0010").output
    from engine.monitor.register import Register

    with Register.open(db, create=False) as register:
        assert register.db.execute("PRAGMA user_version").fetchone()[0] == 9
        plan = " ".join(str(row[-1]) for row in register.db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM snapshots WHERE batch = 1"))
        assert "USING INDEX snapshots_by_batch" in plan or "USING COVERING INDEX snapshots_by_batch" in plan, plan
        assert [r[0] for r in register.recorded_by(1)] == [1]
    voided = _run(str(db), "void", "--ingest", "1", "--reason", "not ours", "--lang", "en")
    assert voided.exit_code == 0 and voided.output.endswith("1 snapshot of 1 household voided (reason: not ours): "
                                                            "DS-0010\n"), voided.output


def test_a_register_of_the_fourth_format_is_upgraded_and_its_applications_changed_only_by_close(
        tmp_path: Path) -> None:
    import sqlite3

    db, _ = _one_snapshot(tmp_path)
    assert _run(str(db), "apply", "DS-0010", "--date", "2026-03-05").exit_code == 0
    with sqlite3.connect(db) as connection:  # as format 4 left it: applications open to any change
        for trigger in ("applications_only_decided", "applications_never_go", "application_voids_never_change",
                        "application_voids_never_go"):
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute("DROP TABLE application_voids")
        connection.execute("PRAGMA user_version = 4")
    assert "DS-0010" in _run(str(db), "show", "DS-0010").output
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 9
        with pytest.raises(sqlite3.DatabaseError, match="never changed but by recording their decision"):
            connection.execute("UPDATE applications SET due = '2099-01-01'")
        with pytest.raises(sqlite3.DatabaseError, match="never deleted: void one with policy monitor void "
                                                        "--application"):
            connection.execute("DELETE FROM applications")
    assert _run(str(db), "close", "DS-0010", "--date", "2026-03-20").exit_code == 0  # what close does, it may
    with sqlite3.connect(db) as connection, pytest.raises(sqlite3.DatabaseError, match="never changed"):
        connection.execute("UPDATE applications SET decided = '2026-03-21'")  # a decision recorded stays

def test_a_category_gained_without_a_flip_says_which_clauses_let_it_in_now(register: str) -> None:
    # DS-0024: other_hardship's clauses were rewritten by the new version, so no clause flipped
    start = by_household(register, "--lang", "en")["DS-0024"]
    assert start["kind"] == "start" and start["clauses"] == []
    assert [(c["category"], c["clause"]) for c in start["holding"]] == [("other_hardship", "income"),
                                                                        ("other_hardship", "hardship")]
    # 7,400 a head, and 4,900 once the mother's medical costs are taken off
    assert start["holding"][0]["compared"]["after"] == {"value": "4900.00", "line": "7600.00"}
    lines = lines_of(alerts(register, "--lang", "en"), "DS-0024")
    assert ("now: other person in hardship · per-capita income after rigid expenses and losses below the line for "
            "other persons in hardship: holds ((counted income − rigid expenses − losses from disasters and accidents) "
            "÷ household size 4,900.00, line 7,600.00)") in lines
    assert ("现在：其他困难人员 · 扣除刚性支出和灾害损失后人均收入低于其他困难人员收入标准：满足（"
            "(计入收入 − 刚性支出 − 灾害及意外事故损失) ÷ 家庭人口数 4,900.00，标准 7,600.00）") in lines_of(
                alerts(register, "--lang", "zh"), "DS-0024")
    row = next(r for r in csv.DictReader(io.StringIO(alerts(register, "--format", "csv", "--lang", "en")))
               if r["household"] == "DS-0024")
    assert ("per-capita income after rigid expenses and losses below the line for other persons in hardship: holds "
            "((counted income − rigid expenses − losses from disasters and accidents) ÷ household size 4,900.00"
            ) in row["clauses"]


def test_a_category_lost_says_the_values_of_the_clause_that_keeps_it_out(flood_gone: str) -> None:
    # the new version rewrote other hardship's clauses, so none flipped: both keep it out now, the income one with
    # its figures
    income, hardship = by_household(flood_gone)["DS-0006"]["failing"]
    assert income["clause"] == "income" and income["compared"]["after"] == {"value": "10666.67", "line": "7600.00"}
    assert hardship["clause"] == "hardship" and "compared" not in hardship
    assert ("now: other person in hardship · per-capita income after rigid expenses and losses below the line for "
            "other persons in hardship: fails ((counted income − rigid expenses − losses from disasters and accidents) "
            "÷ household size 10,666.67, line 7,600.00)") in lines_of(alerts(flood_gone, "--lang", "en"), "DS-0006")


def test_every_category_gained_or_lost_in_the_switch_has_its_reason(register: str) -> None:
    for household, alert in by_household(register).items():
        if alert["kind"] == "near":
            continue
        before = {(e["id"], e["member"]) for e in alert["before"]}
        after = {(e["id"], e["member"]) for e in alert["after"]}
        flipped = {(c["category"], c["member"], c["after"]) for c in alert["clauses"]}
        holding = {(c["category"], c["member"]) for c in alert.get("holding", [])}
        keeping_out = {(c["category"], c["member"]) for c in alert.get("failing", [])} | {
            (e["id"], e["member"]) for e in (*alert.get("preempted", []), *alert.get("abolished", []))}
        for category, member in after - before:
            assert (category, member, True) in flipped or (category, member) in holding, (household, category)
        for category, member in before - after:
            assert (category, member, False) in flipped or (category, member) in keeping_out, (household, category)
    # a gain that a flip explains lists no clause as holding: they held before as well
    assert "holding" not in by_household(register)["DS-0010"]


def test_a_category_lost_to_one_that_comes_first_in_its_group_says_so(register: str) -> None:
    # DS-0004: dibao_marginal and monitoring → dibao; dibao_marginal's own clauses all still hold
    moved = by_household(register, "--lang", "en")["DS-0004"]
    assert moved["preempted"] == [{"id": "dibao_marginal", "member": None, "label": "household on the margin of dibao",
                                   "by": "dibao", "by_label": "minimum living guarantee (dibao) household"}]
    assert ("now: household on the margin of dibao: “minimum living guarantee (dibao) household” comes first in "
            "the same group and applies now") in lines_of(alerts(register, "--lang", "en"), "DS-0004")
    chinese = lines_of(alerts(register, "--lang", "zh"), "DS-0004")
    assert "现在：低保边缘家庭成员：同组中优先的“最低生活保障对象”现已符合" in chinese


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "现在：低保边缘家庭成员：同组中优先的“最低生活‘保障’对象”现已符合"),
    ("en", "now: household on the margin of dibao: “minimum living ‘guarantee’ (dibao) household” comes first in the "
           "same group and applies now"),
])
def test_a_category_that_comes_first_whose_label_quotes_words_of_its_own_keeps_them_in_single_quotes(
        tmp_path: Path, lang: str, said: str) -> None:
    """The category a lost one gave way to, quoted, nested double quotes where its label quotes words of its own
    (`同组中优先的“最低生活“保障”对象”`): they are a quote within a quote, as explanations say them."""
    label = "label: {zh: 最低生活保障对象, en: minimum living guarantee (dibao) household}"
    text = Path(POST).read_text(encoding="utf-8")
    assert text.count(label) == 1
    policy = tmp_path / "quoting.yaml"
    policy.write_text(text.replace(label, "label: {zh: 最低生活“保障”对象, en: minimum living “guarantee” (dibao) "
                                          "household}"), encoding="utf-8")
    lines = lines_of(alerts(switch_register(tmp_path, str(policy)), "--lang", lang), "DS-0004")
    assert said in [line.strip() for line in lines.splitlines()], lines
    assert quotes_nested_alike(lines) == []


def test_a_share_changed_at_the_switch_is_said_as_a_percentage_as_the_explanation_says_it(register: str) -> None:
    # medical_share_monitoring is `50%` in the transition policy, and the post-transition one has none
    english = alerts(register, "--lang", "en")
    assert "\n  share of medical costs assisted for monitored households 50% → —\n" in english
    assert "\n  防止返贫监测对象医疗救助比例 50% → —\n" in alerts(register, "--lang", "zh")
    markdown = alerts(register, "--lang", "en", "--format", "markdown")
    assert "\n- share of medical costs assisted for monitored households 50% → —\n" in markdown
    assert "\n- 防止返贫监测对象医疗救助比例 50% → —\n" in alerts(register, "--lang", "zh", "--format", "markdown")
    assert "0.5 →" not in english + markdown
    # JSON keeps the machine form of the value, as a decision's JSON writes a share
    changed = {v["name"]: v for v in json.loads(alerts(register, "--format", "json"))["policy_changes"][0]["values"]}
    share = changed["medical_share_monitoring"]
    assert (share["before"], share["after"]) == ("0.5", None) and set(share) == {"name", "label", "before", "after"}


def test_a_share_of_a_policy_version_the_engine_no_longer_reads_is_said_as_the_register_keeps_it(
        tmp_path: Path) -> None:
    import sqlite3

    db = switch_register(tmp_path)
    with sqlite3.connect(db) as connection:  # the transition policy kept, as an engine to come may refuse it
        connection.execute("UPDATE policies SET text = ? WHERE version = '2024-transition'", (b"policy: [",))
    english = alerts(db, "--lang", "en")
    assert "\n  share of medical costs assisted for monitored households 0.5 → —\n" in english
    # the newer version says the standard is a rate; the register keeps both figures per year, said so
    assert "\n  rural minimum living standard (dibao standard) 5,880.00 → 6,120.00 yuan/year\n" in english


def test_an_exit_from_an_abolished_category_says_per_absorbing_category_the_clause_nearest_to_being_met(
        register: str) -> None:
    # DS-0009 fails ten clauses of the five absorbing categories: one line for each category, the clause nearest to
    # being met (for a member's category, of the member who fails fewest), and how many others fail
    chinese = lines_of(alerts(register, "--lang", "zh"), "DS-0009")
    now = [line.strip() for line in chinese.splitlines() if line.strip().startswith("现在：")]
    assert [line.split(" · ")[0] for line in now] == ["现在：最低生活保障对象", "现在：p3（子女，16岁）",
                                                      "现在：低保边缘家庭成员", "现在：刚性支出困难家庭成员",
                                                      "现在：其他困难人员"]
    # deposits 9% over their line are nearer than an income 161% over it
    assert now[0].startswith("现在：最低生活保障对象 · 人均存款不超过24个月低保标准 ⚠：不满足（家庭人均存款 13,333.33，"
                             "标准 12,240.00）")
    assert now[0].endswith("；另有 1 条条件不满足")
    assert now[1].endswith("；另有 4 条条件不满足（p1 的 2 条、p2 的 2 条）")  # whose each is
    assert now[4].endswith("（依据 大政发〔2024〕47号 附件1）")  # its only failing clause: nothing more
    english = lines_of(alerts(register, "--lang", "en"), "DS-0009")
    assert english.count("now: ") == 5
    assert "; 1 other clause fails too\n" in english
    assert "; 4 other clauses fail too (2 of p1's and 2 of p2's)" in english
    # machines still read every failing clause
    assert len(by_household(register)["DS-0009"]["failing"]) == 10


def test_the_other_failing_clauses_are_counted_by_whose_they_are_the_nearest_clauses_member_first() -> None:
    # P06's tekun: the head's income clause is nearest; the head's own `no_labour_capacity` fails too, and the
    # spouse's two clauses: `3 other clauses fail too (p2)` told the three as the spouse's
    from engine.monitor.report import WORDS, _nearest_kept_out, _others_fail

    def clause(member: str, id: str, value: str | None = None) -> dict[str, Any]:
        compared = {"after": {"value": value, "line": "6120"}} if value else None
        return {"absorbs": "monitoring", "category": "tekun", "member": member, "clause": id, "compared": compared}

    failing = [clause("p1", "no_labour_capacity"), clause("p1", "no_source_of_living", "10000"),
               clause("p2", "no_labour_capacity"), clause("p2", "no_source_of_living", "10000")]
    [(nearest, others)] = _nearest_kept_out(failing)
    assert (nearest["member"], nearest["clause"]) == ("p1", "no_source_of_living")
    assert _others_fail(others, WORDS["en"]) == "; 3 other clauses fail too (1 of p1's and 2 of p2's)"
    assert _others_fail(others, WORDS["zh"]) == "；另有 3 条条件不满足（p1 的 1 条、p2 的 2 条）"
    household = [clause(None, "income", "10000"), clause(None, "deposits", "9000")]  # type: ignore[arg-type]
    [(_, others)] = _nearest_kept_out(household)
    assert _others_fail(others, WORDS["en"]) == "; 1 other clause fails too"
    assert _others_fail(others, WORDS["zh"]) == "；另有 1 条条件不满足"
    assert _others_fail([], WORDS["en"]) == ""


def test_a_csv_cell_of_text_separates_its_items_one_way_in_each_language(register: str) -> None:
    # DS-0009's `clauses` cell ends its lines with how many other clauses fail (`；另有 1 条条件不满足`): between its
    # lines too, Chinese separates with `；`, English with `; ` — never both in one cell
    for lang, mark, other in (("zh", "；", "; "), ("en", "; ", "；")):
        rows = {r["household"]: r for r in csv.DictReader(io.StringIO(alerts(register, "--format", "csv", "--lang",
                                                                                lang).lstrip("\ufeff")))}
        for row in rows.values():
            for column in ("clauses", "near", "abolished", "members"):
                assert other not in row[column], (lang, row["household"], column, row[column])
        clauses = rows["DS-0009"]["clauses"]
        assert clauses.count(mark) >= 5, clauses  # five lines, and what else fails after two of them
    chinese = {r["household"]: r for r in csv.DictReader(io.StringIO(alerts(register, "--format", "csv", "--lang",
                                                                            "zh").lstrip("\ufeff")))}
    assert "标准 12,240.00）（依据 大政发〔2024〕47号 附件1）；另有 1 条条件不满足；" in chinese["DS-0009"]["clauses"]


def test_the_abolition_line_names_its_article_and_day_as_the_explanation_does(register: str) -> None:
    # `policy eval --explain` says the abolition with its `from:` and its `source:`; the alert that stops assistance
    # because of it says both too
    chinese = lines_of(alerts(register, "--lang", "zh"), "DS-0028")
    assert ("防止返贫监测对象：自 2026-01-01 起取消，并入最低生活保障对象、特困人员、低保边缘家庭成员、"
            "刚性支出困难家庭成员、其他困难人员；本户不符合其中任何一类：停止救助（依据 大政发〔2024〕47号 二、1 "
            "统一标准体系）") in chinese
    english = lines_of(alerts(register, "--lang", "en"), "DS-0028")
    assert (f"household monitored against returning to poverty: abolished from 2026-01-01, absorbed by {ABSORBING_EN}; "
            "this household meets none of them: assistance stops (source: Dashi Town Doc. [2024] No. 47 Part II.1 "
            "(unifying the system of standards))") in english
    # one that the absorbing categories take in is cited the same way
    cited = "（依据 大政发〔2024〕47号 二、1 统一标准体系）"
    assert lines_of(alerts(register, "--lang", "zh"), "DS-0001").count(cited) == 1
    (gone,) = by_household(register, "--lang", "en")["DS-0028"]["abolished"]
    assert (gone["source"], gone["since"]) == ("dsz-2024-47 二、1 统一标准体系", "2026-01-01")
    assert gone["cited"] == "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the system of standards)"
    row = next(r for r in csv.DictReader(io.StringIO(alerts(register, "--format", "csv", "--lang", "en")))
               if r["household"] == "DS-0028")
    assert row["abolished"].endswith("assistance stops (source: Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the "
                                     "system of standards))")


def test_a_near_alert_cites_the_article_of_its_clause_as_a_change_alert_does(register: str) -> None:
    # DS-0011 sits on the post-transition dibao line
    near = _run(register, "alerts", "--kind", "near", "--margin", "5%", "--today", "2026-03-10", "--lang", "zh")
    assert near.exit_code == 0, near.output
    assert ("最低生活保障对象 · 家庭人均收入低于低保标准：家庭年人均收入 6,120.00，标准 6,120.00，差距 0.00%"
            "（依据 大政发〔2024〕47号 二、1 统一核算标准 / 附件1）") in near.output
    machine = _run(register, "alerts", "--kind", "near", "--margin", "5%", "--format", "json", "--lang", "en")
    (entry,) = [n for a in json.loads(machine.output)["alerts"] if a["household"] == "DS-0011" for n in a["near"]
                if n["category"] == "dibao"]
    assert entry["source"] == "dsz-2024-47 二、1 统一核算标准 / 附件1"
    assert entry["cited"] == "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the accounting standard) / Annex 1"


def test_a_change_alert_gives_the_amounts_of_assistance_that_change(register: str) -> None:
    # DS-0010 moves from dibao_marginal to dibao: (510 − 490) × 2 a month; DS-0001 keeps dibao at the new standard
    moved = lines_of(alerts(register, "--lang", "zh"), "DS-0010")
    assert "救助金额：最低生活保障金（按月补差发放，特困人员不重复计入） 无 → 40.00 元/月" in moved
    kept = lines_of(alerts(register, "--lang", "en"), "DS-0001")
    assert ("assistance: dibao benefit (the monthly gap to the standard; tekun members excepted) 280.00 → 320.00 "
            "yuan/month") in kept
    # a measure whose amount did not change (medical assistance of 0.00, now under dibao) is not listed
    assert by_household(register)["DS-0010"]["assistance"] == [
        {"id": "dibao_benefit", "member": None, "label": "最低生活保障金（按月补差发放，特困人员不重复计入）",
         "before": None, "after": "40.00", "per": "month"}]
    assert [(a["before"], a["after"]) for a in by_household(register)["DS-0001"]["assistance"]] == [
        ("280.00", "320.00")]
    rows = {r["household"]: r for r in csv.DictReader(io.StringIO(alerts(register, "--format", "csv")))}
    assert rows["DS-0010"]["assistance"] == "dibao_benefit:  → 40.00 per month"
    # a household that exits says what stops; a measure that pays nothing either way (medical assistance of 0.00,
    # with no medical costs) changes no payment and is not listed
    gone = by_household(register)["DS-0009"]["assistance"]
    assert [(a["id"], a["member"], a["before"], a["after"]) for a in gone] == [
        ("education_aid", "p3", "2000.00", None)]
    assert by_household(register)["DS-0028"]["assistance"] == []


def test_a_clause_to_confirm_is_marked_and_its_note_given_once_at_the_end_as_explanations_do(register: str) -> None:
    # post-transition's `hardship` clause of other_hardship is a county's own ground (`confirm:`): `policy eval
    # --explain` marks it ⚠ and gives its note in its closing lines; the alerts that say it do too
    ground = "其他困难人员 · 住房或饮水不安全、患重特大疾病或遭受灾害损失"
    chinese = alerts(register, "--lang", "zh")
    assert f"      现在：{ground}：满足 ⚠\n" in lines_of(chinese, "DS-0014") + "\n"
    note = f"⚠ 本地增设的认定条件，以县级公布的认定办法为准（待确认）：{ground}"
    assert chinese.count(note) == 1 and chinese.endswith(f"\n{note}\n")  # after the values to confirm
    english = alerts(register, "--lang", "en")
    assert ("now: other person in hardship · unsafe housing or water / a serious illness / losses from a disaster: "
            "holds ⚠\n") in english
    assert english.endswith("\n⚠ local grounds to confirm with the county's published rules: other person in "
                            "hardship · unsafe housing or water / a serious illness / losses from a disaster\n")
    markdown = alerts(register, "--lang", "zh", "--format", "markdown")
    assert f"{ground}：满足 ⚠" in markdown and markdown.endswith(f"\n> {note}\n")
    # in JSON, the clause's note, and the notes once for the list, as `policy eval --format json` gives `to_confirm`
    report = json.loads(alerts(register, "--format", "json", "--lang", "en"))
    held = [c for c in by_household(register, "--lang", "en")["DS-0014"]["holding"] if c["clause"] == "hardship"]
    assert held[0]["confirm"] == "local grounds to confirm with the county's published rules"
    assert report["to_confirm"][-1:] == [{"label": "other person in hardship · unsafe housing or water / a serious "
                                                   "illness / losses from a disaster",
                                          "confirm": "local grounds to confirm with the county's published rules"}]
    # a clause with no note is not marked
    assert "（依据 大政发〔2024〕47号 附件1） ⚠" not in chinese and "附件1）⚠" not in chinese


@pytest.mark.parametrize("lang, compared, near", [
    ("zh", "（大型农机具台数 0 → 2，标准 0，未变）⚠（依据 县办〔2026〕1号）", "差距 100.00% ⚠（依据 县办〔2026〕1号）"),
    ("en", " (large farm machines 0 → 2, line 0, unchanged) ⚠ (source: county 2026/1)",
     "away 100.00% ⚠ (source: county 2026/1)"),
])
def test_a_grounds_mark_after_a_closing_bracket_follows_it_directly_in_chinese_as_after_a_word_a_space(
        lang: str, compared: str, near: str) -> None:
    """A county's ground to confirm whose line ends with what it compared, in brackets, was marked `（…） ⚠`, where a
    sentence naming a clause writes `）⚠`; after a word (`满足 ⚠`, `100.00% ⚠`) the mark keeps its space."""
    from engine.monitor.report import WORDS, _clause_text, _near_text

    w = WORDS[lang]
    cited = "县办〔2026〕1号" if lang == "zh" else "county 2026/1"
    clause = {"category": "dibao", "member": None, "clause": "no_machines", "label": "dibao · no large farm machines",
              "before": True, "after": False, "confirm": "…", "cited": cited,
              "compared": {"label": "大型农机具台数" if lang == "zh" else "large farm machines",
                           "before": {"value": "0", "line": "0"}, "after": {"value": "2", "line": "0"}}}
    assert _clause_text(clause, w).endswith(compared)
    line = {**clause, "category_label": "dibao", "clause_label": "no large farm machines", "label": "machines",
            "value": "2", "line": "1", "gap": 1}
    assert _near_text(line, w).endswith(near)


@pytest.mark.parametrize("lang, note, values, ground", [
    ("zh", "以县级公布标准为准（本地待确认值）", ["低保存款限额月数", "低保边缘家庭收入倍数（低保标准的倍数）"],
     "⚠ 本地增设的认定条件，以县级公布的认定办法为准（待确认）：其他困难人员 · "
     "住房或饮水不安全、患重特大疾病或遭受灾害损失"),
    ("en", "local value to confirm with the county's published figure",
     ["months of deposits allowed for dibao", "income multiple of the dibao standard for the dibao margin"],
     "⚠ local grounds to confirm with the county's published rules: other person in hardship · unsafe housing or "
     "water / a serious illness / losses from a disaster"),
])
def test_the_values_a_marked_label_writes_are_named_with_their_note_at_the_end_as_explanations_close(
        register: str, lang: str, note: str, values: list[str], ground: str) -> None:
    """`人均存款不超过24个月低保标准 ⚠` and `家庭人均收入低于低保标准的1.5倍 ⚠` are marked in the alerts, but the list
    closed with the notes of the grounds alone: nobody was told which value to confirm, as `policy eval --explain`
    closes (`⚠ 以县级公布标准为准（本地待确认值）：…低保存款限额月数…`). Each value a marked label writes is named once
    under its parameter's note, before the grounds, in text, markdown and JSON alike."""
    sep, join = ("：", "、") if lang == "zh" else (": ", ", ")
    said = alerts(register, "--lang", lang)
    assert said.endswith(f"\n\n⚠ {note}{sep}{join.join(values)}\n{ground}\n"), said[-600:]
    markdown = alerts(register, "--lang", lang, "--format", "markdown")
    assert markdown.endswith(f"\n\n> ⚠ {note}{sep}{join.join(values)}\n>\n> {ground}\n"), markdown[-600:]
    listed = json.loads(alerts(register, "--lang", lang, "--format", "json"))["to_confirm"]
    assert [x["label"] for x in listed if x["confirm"] == note] == values
    [marked] = [c for c in by_household(register, "--lang", lang)["DS-0009"]["failing"]
                if (c["category"], c["clause"]) == ("dibao", "deposits")]
    assert marked["values_to_confirm"] == [{"parameter": "dibao_deposit_months", "label": values[0], "confirm": note}]


@pytest.mark.parametrize("lang, deposits, income", [
    ("zh", "最低生活保障对象 · 人均存款不超过24个月低保标准", "家庭人均收入低于低保标准"),
    ("en", "minimum living guarantee (dibao) household · deposits per head within 24 months of the dibao standard",
     "per-capita income below the dibao standard"),
])
def test_a_clause_whose_label_writes_a_figure_to_confirm_is_marked_where_an_alert_names_it(
        register: str, lang: str, deposits: str, income: str) -> None:
    """24 of `人均存款不超过24个月低保标准` is `dibao_deposit_months`, a value to confirm: an alert names the clause
    marked ⚠ after its label, as the clause's line in `policy eval --explain` and `policy doc` mark it, in text and
    CSV, and its JSON entry lists the figure as the explanation's clause does; a label that writes no such figure is
    not marked."""
    said = lines_of(alerts(register, "--lang", lang), "DS-0009")
    colon = "：" if lang == "zh" else ": "
    assert f" · {deposits.split(' · ')[1]}{colon}" not in said
    assert f"{deposits} ⚠{colon}" in said, said
    csv_cells = alerts(register, "--lang", lang, "--format", "csv")
    assert f"{deposits} ⚠{colon}" in csv_cells and f"{deposits}{colon}" not in csv_cells
    failing = by_household(register, "--lang", lang)["DS-0009"]["failing"]
    marked = [c for c in failing if c["clause"] == "deposits" and c["category"] == "dibao"]
    assert marked and all(c["label_figures_to_confirm"] == [{"figure": "24", "parameter": "dibao_deposit_months"}]
                          for c in marked)
    assert all("label_figures_to_confirm" not in c for c in failing
               if (c["category"], c["clause"]) == ("dibao", "income"))
    assert f"{income} ⚠" not in said
    # a near line names the clause of a category it is near to the same way
    near = {"zh": "低保边缘家庭成员 · 人均存款不超过36个月低保标准 ⚠：家庭人均存款 20,000.00",
            "en": "household on the margin of dibao · deposits per head within 36 months of the dibao standard ⚠: "
                  "deposits per household member 20,000.00"}[lang]
    assert near in alerts(register, "--lang", lang, "--margin", "30%")
