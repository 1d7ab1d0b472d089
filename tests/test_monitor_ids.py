"""`policy monitor` and household ids typed wrong: the id meant is the one written alike (case, full-width forms,
zero padding) before the one closest, a known household is never pointed to another, and an id new to the register
that is written like a known one is said where it is recorded (`apply --new`, `ingest`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.diagnostics import id_shown, shell_word
from tests.helpers import ROOT

EXAMPLES = ROOT / "examples" / "households"
POST = str(ROOT / "policy" / "post-transition.yaml")
ON_LINE = json.loads((EXAMPLES / "DS-0011-on-post-dibao-line.json").read_text(encoding="utf-8"))


def _invoke(db: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["monitor", *args, "--db", db], catch_exceptions=False)


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A register holding the example households (DS-0001 … DS-0028)."""
    db = str(tmp_path_factory.mktemp("ids") / "register.sqlite3")
    assert _invoke(db, "ingest", str(EXAMPLES), "--policy", POST, "--what-if").exit_code == 0
    return db


@pytest.fixture
def run(examples_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`policy monitor …` on a copy of the examples' register, for this test alone."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("POLICY_REGISTER", raising=False)
    monkeypatch.delenv("POLICY_CALENDAR", raising=False)
    db = str(tmp_path / "register.sqlite3")
    shutil.copy(examples_db, db)

    def invoke(*args: str) -> Any:
        return _invoke(db, *args)
    invoke.db = db  # type: ignore[attr-defined]
    return invoke


def household(hid: str, agriculture: int = 10360) -> dict[str, Any]:
    data = json.loads(json.dumps(ON_LINE))
    data["id"] = hid
    for line in data["income"]:
        if line["type"] == "agriculture":
            line["amount"] = agriculture
    return data


def write_jsonl(path: Path, households: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in households), encoding="utf-8")
    return path


# -- a known household is never pointed to another --------------------------------------


def test_close_of_a_known_household_with_no_application_never_names_another(run):
    assert run("apply", "DS-0007", "--date", "2026-11-02").exit_code == 0  # an id close to it, with one open
    for lang, said in (("zh", "错误：家庭 DS-0008 没有尚未办结的申请\n"
                               "  提示：记录申请请用：`policy monitor apply DS-0008 --date 日期`\n"),
                       ("en", "error: household DS-0008 has no undecided application\n"
                              "  help: record one with: `policy monitor apply DS-0008 --date D`\n")):
        refused = run("close", "DS-0008", "--date", "2026-11-30", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr == said
    assert run("close", "DS-0007", "--date", "2026-11-30").exit_code == 0  # DS-0007's still open until then


def test_an_id_known_by_its_application_alone_is_never_pointed_to_another(run, tmp_path):
    assert run("ingest", str(write_jsonl(tmp_path / "x.jsonl", [household("XY-0002")])), "--date",
               "2026-11-01").exit_code == 0
    assert run("apply", "XY-0001", "--date", "2026-11-02", "--new").exit_code == 0  # before its data
    assert run("close", "XY-0001", "--date", "2026-11-03").exit_code == 0
    for command in (["void", "XY-0001", "--date", "2026-11-02", "--reason", "x"],
                    ["apply", "XY-0001", "--date", "2026-11-20"], ["close", "XY-0001", "--date", "2026-11-20"]):
        refused = run(*command, "--lang", "en")
        assert refused.exit_code == 2 and "XY-0002" not in refused.stderr, (command, refused.stderr)
    shown = run("show", "XY-0001", "--lang", "en")  # its application, and nothing of another household
    assert shown.exit_code == 0 and "2026-11-02 → " in shown.output and "XY-0002" not in shown.output


# -- the id meant: written alike before the closest ---------------------------------------


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A register of SAMPLE-0000001 … SAMPLE-0000200 and SAMPLE-0001305, as `policy sample` numbers them."""
    folder = tmp_path_factory.mktemp("samples")
    ids = [f"SAMPLE-{i:07d}" for i in (*range(1, 201), 1305)]
    db = str(folder / "register.sqlite3")
    assert _invoke(db, "ingest", str(write_jsonl(folder / "s.jsonl", [household(i) for i in ids])), "--date",
                   "2026-11-02", "--policy", POST).exit_code == 0
    return db


@pytest.mark.parametrize("command", [["show"], ["apply", "--date", "2026-11-03"],
                                     ["void", "--date", "2026-11-02", "--reason", "x"]])
@pytest.mark.parametrize(("written", "meant"), [("SAMPLE-1305", "SAMPLE-0001305"),  # its zeros dropped
                                                ("sample-105", "SAMPLE-0000105"),
                                                # typed with a Chinese input method, in full width
                                                ("ＳＡＭＰＬＥ－００００１０５", "SAMPLE-0000105")])
def test_the_id_meant_is_the_one_written_alike_before_the_closest(samples_db, tmp_path, command, written, meant):
    db = str(tmp_path / "register.sqlite3")
    shutil.copy(samples_db, db)
    for lang, said in (("en", f"did you mean `{meant}`?"), ("zh", f"是否应为 `{meant}`？")):
        if command[0] == "apply":  # the application it takes, to write instead
            said = f"to record the application of {meant}, write:" if lang == "en" else f"记录 {meant} 的申请请写："
        refused = _invoke(db, command[0], written, *command[1:], "--lang", lang)
        assert refused.exit_code == 2 and said in refused.stderr, refused.stderr


def test_close_names_the_applicant_written_alike(run):
    assert run("apply", "DS-0003", "--date", "2026-11-02").exit_code == 0
    assert run("apply", "DS-0030", "--date", "2026-11-02", "--new").exit_code == 0
    for written in ("ds-3", "DS－0003", "DS-00003"):
        refused = run("close", written, "--date", "2026-11-05", "--lang", "en")
        assert refused.exit_code == 2 and "help: did you mean `DS-0003`?" in refused.stderr, refused.stderr
    assert run("close", "DS-0003", "--date", "2026-11-05").exit_code == 0


def test_close_offers_only_an_id_with_an_undecided_application(run):
    """`DS-003` is `DS-0003` written short: with no application of its own, no other id is offered for it (closing
    that one would record a decision on another household's application), and no id without one either."""
    assert run("apply", "DS-0013", "--date", "2026-11-02").exit_code == 0
    for lang, said, help in (
            ("en", f"error: household `DS-003` has no undecided application in {run.db}; nor has `DS-0003`, as the "
                   "register writes it",
             "  help: record one with: `policy monitor apply DS-0003 --date D`"),
            ("zh", f"错误：{run.db} 中家庭 `DS-003` 没有尚未办结的申请；台账中写作 `DS-0003`，也没有",
             "  提示：记录申请请用：`policy monitor apply DS-0003 --date 日期`")):
        refused = run("close", "DS-003", "--date", "2026-11-20", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr.splitlines() == [said, help], refused.stderr
    typo = run("close", "DS-0O13", "--date", "2026-11-20", "--lang", "en")  # a letter O: the one with an application
    assert typo.exit_code == 2 and typo.stderr.endswith("  help: did you mean `DS-0013`?\n"), typo.stderr
    assert "DS-0012" not in run("close", "DS-0O12", "--date", "2026-11-20", "--lang", "en").stderr


def test_close_of_an_unknown_id_is_hinted_as_void_hints_it_never_with_an_apply_that_would_be_refused(tmp_path):
    db = str(tmp_path / "register.sqlite3")
    assert _invoke(db, "ingest", str(write_jsonl(tmp_path / "s.jsonl", [household(f"DS-010{i}") for i in (1, 2, 3)])),
                   "--date", "2026-11-02", "--policy", POST).exit_code == 0
    small = "check the id, and `--db`: {db} holds 3 households (`DS-0101`, `DS-0102`, `DS-0103`)"
    apply = "record one with: `policy monitor apply DS-0101 --date D`"  # DS-0101, meant, has no application to close
    for written, help, closing in (("DS-0104", small, small), ("ds-0101", "did you mean `DS-0101`?", apply),
                                   ("DS0101", "did you mean `DS-0101`?", apply)):
        for command, said in ((["close", written, "--date", "2026-11-30"], closing),
                              (["void", written, "--date", "2026-11-02", "--reason", "x"], help)):
            refused = _invoke(db, *command, "--lang", "en")
            assert refused.exit_code == 2 and refused.stderr.endswith(f"  help: {said.format(db=db)}\n"), (
                command, refused.stderr)
    chinese = _invoke(db, "close", "DS-0104", "--date", "2026-11-30", "--lang", "zh")
    assert chinese.stderr == (f"错误：{db} 中家庭 `DS-0104` 没有尚未办结的申请\n"
                              f"  提示：请核对编号和 `--db`：{db} 中有 3 户（`DS-0101`、`DS-0102`、`DS-0103`）\n")


def test_apply_of_an_id_whose_only_snapshot_was_voided_says_so_and_names_the_household_its_reason_names(run, tmp_path):
    assert run("ingest", str(write_jsonl(tmp_path / "x.jsonl", [household("DS-0041")])), "--date",
               "2026-11-02").exit_code == 0
    assert run("void", "DS-0041", "--date", "2026-11-02", "--reason", "wrong id: DS-0014's data").exit_code == 0
    for lang, said in (
            ("en", "error: household DS-0041 has no snapshot that counts in the register: its only snapshot was "
                   "voided (reason: wrong id: DS-0014's data)\n  help: did you mean `DS-0014`? If `DS-0041` applies "
                   "before its first snapshot, add --new\n"),
            ("zh", "错误：台账中家庭 DS-0041 没有有效的快照：它唯一的快照已作废（原因：wrong id: DS-0014's data）\n"
                   "  提示：是否应为 `DS-0014`？若 `DS-0041` 是在首次记录快照之前申请的，请加 --new\n")):
        refused = run("apply", "DS-0041", "--date", "2026-11-03", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr == said
    new = run("apply", "DS-0041", "--date", "2026-11-03", "--new", "--lang", "en")
    assert new.exit_code == 0 and new.stderr == ("note: household DS-0041 has no snapshot that counts in the register: "
                                                 "its only snapshot was voided (reason: wrong id: DS-0014's data)\n")


def test_apply_of_an_unknown_id_in_a_small_register_names_the_register_as_void_does(tmp_path):
    db = str(tmp_path / "register.sqlite3")
    assert _invoke(db, "ingest", str(write_jsonl(tmp_path / "s.jsonl", [household(f"DS-010{i}") for i in (1, 2, 3)])),
                   "--date", "2026-11-02", "--policy", POST).exit_code == 0
    refused = _invoke(db, "apply", "DS-0104", "--date", "2026-11-03", "--lang", "en")
    assert refused.exit_code == 2 and refused.stderr.endswith(
        f"  help: check the id, and `--db`: {db} holds 3 households (`DS-0101`, `DS-0102`, `DS-0103`); if `DS-0104` "
        "applies before its first snapshot, add --new\n"), refused.stderr


def test_the_households_held_count_those_known_only_from_an_application(run):
    assert run("apply", "XY-0001", "--date", "2026-11-02", "--new").exit_code == 0
    for lang, said in (("en", "holds 28 households with snapshots and 1 known only from an application"),
                       ("zh", "中有 28 户有快照，另有 1 户只有申请")):
        for command in (["close", "ZZZZ-99", "--date", "2026-11-30"],
                        ["void", "ZZZZ-99", "--date", "2026-11-02", "--reason", "x"]):
            refused = run(*command, "--lang", lang)
            assert refused.exit_code == 2 and said in refused.stderr, refused.stderr


def test_a_slip_with_nothing_written_alike_is_still_given_the_closest(run):
    refused = run("show", "DS-0O01", "--lang", "en")  # a letter O for a zero
    assert refused.exit_code == 2 and "help: did you mean `DS-0001`?" in refused.stderr


# -- apply --new of an id written like a known one ---------------------------------------


@pytest.mark.parametrize("written", ["ds-0002", "DS－0002", "DS-00002", "DS-002", "DS 0002"])
def test_apply_new_of_a_known_household_s_id_written_otherwise_is_refused_naming_it(run, written):
    for lang, said, help in (
            ("en", f"error: `{written}` is household `DS-0002` of the register written with another case, separators, "
                   "full-width characters or zero padding: nothing was recorded\n",
             "  help: to record the application of DS-0002, write: `policy monitor apply DS-0002 --date 2026-11-03 "
             "--special`\n"),
            ("zh", f"错误：`{written}` 就是台账中的家庭 `DS-0002`，只是大小写、分隔符、全角半角或数字前补零不同："
                   "未记录任何内容\n",
             "  提示：记录 DS-0002 的申请请写：`policy monitor apply DS-0002 --date 2026-11-03 --special`\n")):
        refused = run("apply", written, "--date", "2026-11-03", "--special", "--new", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr == said + help
    listed = run("alerts", "--today", "2027-06-01", "--kind", "overdue", "--format", "json")
    assert json.loads(listed.stdout)["alerts"] == []  # nothing recorded under the slip
    assert run("apply", "DS-0002", "--date", "2026-11-03", "--special").exit_code == 0


@pytest.mark.parametrize("written", ["DS－0001", "ds-0001"])
def test_apply_without_new_of_an_id_written_otherwise_names_the_household_meant(run, written):
    refused = run("apply", written, "--date", "2026-11-03", "--lang", "en")
    assert refused.exit_code == 2  # not --new first, which would be refused for it
    assert refused.stderr == (f"error: `{written}` is household `DS-0001` of the register written with another case, "
                              "separators, full-width characters or zero padding: nothing was recorded\n"
                              "  help: to record the application of DS-0001, write: `policy monitor apply DS-0001 "
                              "--date 2026-11-03`\n")


@pytest.mark.parametrize("written", ["ds-0030", "DS－0030", "DS-00030", "DS 0030"])
def test_apply_new_of_an_id_written_otherwise_than_a_household_known_by_its_application_alone_is_refused(run, written):
    assert run("apply", "DS-0030", "--date", "2026-11-02", "--new").exit_code == 0  # before its data
    assert run("close", "DS-0030", "--date", "2026-11-04").exit_code == 0  # decided: known by its application alone
    refused = run("apply", written, "--date", "2026-11-05", "--new", "--lang", "en")
    assert refused.exit_code == 2 and refused.stderr == (
        f"error: `{written}` is household `DS-0030` of the register written with another case, separators, "
        "full-width characters or zero padding: nothing was recorded\n"
        "  help: to record the application of DS-0030, write: `policy monitor apply DS-0030 --date 2026-11-05`\n")
    listed = run("alerts", "--today", "2027-06-01", "--kind", "overdue", "--format", "json")
    assert json.loads(listed.stdout)["alerts"] == []  # nothing recorded under the slip


def test_an_id_written_otherwise_than_a_household_with_an_undecided_application_says_so_at_once(run):
    assert run("apply", "DS-0004", "--date", "2026-11-02").exit_code == 0
    for lang, help in (
            ("en", "  help: household DS-0004 already has an undecided application of 2026-11-02 (due 2026-12-07): "
                   "record its decision first: `policy monitor close DS-0004 --date D`. If it was recorded by mistake, "
                   "void it: `policy monitor void DS-0004 --date 2026-11-02 --application --reason REASON`\n"),
            ("zh", "  提示：家庭 DS-0004 已有一份 2026-11-02 提出、尚未办结的申请（应于 2026-12-07 前办结）："
                   "请先用 `policy monitor close DS-0004 --date 日期` 记录它的办结。如果它是误录的，请作废它："
                   "`policy monitor void DS-0004 --date 2026-11-02 --application --reason 原因`\n")):
        for new in ([], ["--new"]):
            refused = run("apply", "DS－0004", "--date", "2026-11-08", *new, "--lang", lang)
            assert refused.exit_code == 2 and refused.stderr.endswith(help), refused.stderr


def test_apply_new_of_an_id_only_close_to_a_known_one_is_recorded(run):
    new = run("apply", "DS-0029", "--date", "2026-11-03", "--new", "--lang", "en")  # the next of the series
    assert new.exit_code == 0 and new.stderr == "note: household DS-0029 has no snapshot in the register yet\n"


# -- ingest: a household new to the register whose id is a known one's typed otherwise ------------


def ds_0001(hid: str) -> dict[str, Any]:
    """DS-0001's record of a later month under another id, its wage raised, dated by --date (not by the example's
    own `date`, of another month)."""
    data = json.loads(next(EXAMPLES.glob("DS-0001-*.json")).read_text(encoding="utf-8"))
    data["id"] = hid
    data.pop("date", None)
    for line in data["income"]:
        if line["type"] == "wage":
            line["amount"] += 6000
    return data


def test_ingest_warns_of_a_new_household_whose_id_is_a_known_one_written_otherwise(run, tmp_path):
    export = write_jsonl(tmp_path / "2026-11.jsonl", [household("DS-0029"), ds_0001("DS-00001")])
    result = run("ingest", str(export), "--date", "2026-11-02", "--policy", POST, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (f"{export}:2: warning: household DS-00001 is new to the register, and its id is that of household "
            "DS-0001 written with another case, separators, full-width characters or zero padding: if it is the same "
            "household, its data is not compared with DS-0001's: void the snapshot with `policy monitor void "
            "DS-00001 --date 2026-11-02 --reason …` and ingest the record again with the id DS-0001\n") in result.stderr
    assert "DS-0029" not in result.stderr  # the next of the series: new, and no slip
    assert (f"({export}): 2 snapshots recorded (2 households new to the register), 0 already recorded, 0 bad records "
            "skipped, 1 warning — ") in result.stderr
    again = run("ingest", str(export), "--date", "2026-11-02", "--policy", POST, "--lang", "en")
    assert "warning" not in again.stderr and "new to the register" not in again.stderr  # known by now: nothing new


def test_ingest_warns_in_chinese_of_an_id_one_character_from_a_known_one(run, tmp_path):
    export = write_jsonl(tmp_path / "2026-11.jsonl", [ds_0001("D5-0001")])
    result = run("ingest", str(export), "--date", "2026-11-02", "--policy", POST, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert (f"{export}:1: 警告：家庭 D5-0001 是台账中的新家庭，其编号与家庭 DS-0001 的只差一个字符：若是同一户，"
            "它的数据不会与 DS-0001 的比较：请用 `policy monitor void D5-0001 --date 2026-11-02 --reason …` "
            "将快照作废，改用编号 DS-0001 重新导入\n") in result.stderr
    assert (f"（{export}）：记录 1 条快照（台账中新增 1 户），0 条此前已记录，跳过 0 条错误记录，1 条警告 — "
            in result.stderr)


def test_the_warnings_of_an_ingest_come_in_the_order_of_the_files_lines(run, tmp_path):
    twice = household("H-TWICE")
    twice["income"].append(dict(twice["income"][0]))
    export = write_jsonl(tmp_path / "2026-11.jsonl", [ds_0001("DS-00001"), twice, ds_0001("D5-0001")])
    result = run("ingest", str(export), "--date", "2026-11-02", "--policy", POST, "--lang", "en")
    assert result.exit_code == 0, result.output
    places = [line.split(": warning", 1)[0] for line in result.stderr.splitlines() if ": warning" in line]
    assert places == [f"{export}:1", f"{export}:2", f"{export}:3"]  # not the id slips after the line given twice
    assert "household H-TWICE: income[" in result.stderr and "household D5-0001 is new" in result.stderr


def test_the_slip_voided_and_ingested_again_under_the_right_id_is_compared(run, tmp_path):
    assert run("ingest", str(write_jsonl(tmp_path / "slip.jsonl", [ds_0001("DS-00001")])), "--date", "2026-11-02",
               "--policy", POST).exit_code == 0
    assert run("void", "DS-00001", "--date", "2026-11-02", "--reason", "id typed wrong").exit_code == 0
    right = run("ingest", str(write_jsonl(tmp_path / "right.jsonl", [ds_0001("DS-0001")])), "--date", "2026-11-02",
                "--policy", POST, "--lang", "en")
    assert right.exit_code == 0 and "warning" not in right.stderr and "new to the register" not in right.stderr
    history = json.loads(run("show", "DS-0001", "--format", "json").output)["snapshots"]
    assert [h["date"] for h in history][-1] == "2026-11-02" and len(history) == 2


def test_many_slips_are_warned_of_twenty_by_name_and_the_rest_counted(run, tmp_path):
    export = write_jsonl(tmp_path / "lower.jsonl", [household(f"ds-{i:04d}") for i in range(1, 24)])
    result = run("ingest", str(export), "--date", "2026-11-02", "--policy", POST, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("is new to the register, and its id is that of household DS-00") == 20
    assert (f"{export}: warning: 3 more households new to the register have the id of a known household typed "
            "otherwise; `policy monitor show HOUSEHOLD` lists each household's snapshots\n") in result.stderr
    assert "(23 households new to the register), 0 already recorded, 0 bad records skipped, 23 warnings" \
        in result.stderr


def test_ids_alike_tells_a_slip_from_the_next_of_a_series():
    from engine.spelling import ids_alike

    known = ["DS-0001", "DS-0002", "DS-0003", "H-9", "SAMPLE-0001305"]
    found = ids_alike(["DS-00001", "ds 0002", "D5-0003", "DS-0004", "DS-0012", "H-19", "SAMPLE-1305", "DS-0003X"],
                      known)
    assert found == {"DS-00001": ("DS-0001", True), "ds 0002": ("DS-0002", True), "D5-0003": ("DS-0003", False),
                     "SAMPLE-1305": ("SAMPLE-0001305", True), "DS-0003X": ("DS-0003", False)}
    assert ids_alike(["D5-0003", "ds-0002"], known, compared=1) == {"ds-0002": ("DS-0002", True)}  # beyond: alike


@pytest.mark.parametrize("command", [["show"], ["apply", "--date", "2026-11-03"],
                                     ["void", "--date", "2026-11-02", "--reason", "x"]])
def test_ids_as_close_as_each_other_are_all_named_never_one_picked(samples_db, tmp_path, command):
    db = str(tmp_path / "register.sqlite3")
    shutil.copy(samples_db, db)
    for lang, said in (("en", "did you mean `SAMPLE-0000099` or `SAMPLE-0000199`?"),
                       ("zh", "是否应为 `SAMPLE-0000099` 或 `SAMPLE-0000199`？")):
        if command[0] != "show":  # ids of one series differing in their digits: other households, not offered
            said = f"check the id, and `--db`: {db} holds 201 households" if lang == "en" else "请核对编号和 `--db`"
        refused = _invoke(db, command[0], "SAMPLE-0000999", *command[1:], "--lang", lang)
        assert refused.exit_code == 2 and said in refused.stderr, refused.stderr


def test_the_ids_compared_are_those_nearest_the_one_written_however_many_share_its_start(samples_db, tmp_path):
    db = str(tmp_path / "register.sqlite3")
    shutil.copy(samples_db, db)
    more = [f"SAMPLE-{i:07d}" for i in range(201, 300)]
    assert _invoke(db, "ingest", str(write_jsonl(tmp_path / "more.jsonl", [household(i) for i in more])), "--date",
                   "2026-11-02", "--policy", POST).exit_code == 0
    refused = _invoke(db, "show", "SAMPLE-0000999", "--lang", "en")
    assert refused.stderr.endswith("help: did you mean `SAMPLE-0000099`, `SAMPLE-0000199` or `SAMPLE-0000299`?\n")


# -- several households written alike: the closest is named, or every one as close -----------------


@pytest.fixture
def alike_db(tmp_path: Path) -> str:
    """A register of H-1, H-01, H-001 and h-1: ids written alike but for case and zero padding."""
    db = str(tmp_path / "register.sqlite3")
    assert _invoke(db, "ingest", str(write_jsonl(tmp_path / "h.jsonl", [household(i) for i in
                                                                          ("H-1", "H-001", "H-01", "h-1")])),
                   "--date", "2026-11-02", "--policy", POST).exit_code == 0
    return db


def test_apply_of_an_id_written_like_several_households_names_the_closest_not_the_first(alike_db):
    for new in ([], ["--new"]):
        for lang, said, help in (
                ("en", "error: `h_01` is household `H-01` of the register written with another case, separators, "
                       "full-width characters or zero padding: nothing was recorded\n",
                 "  help: to record the application of H-01, write: `policy monitor apply H-01 --date 2026-11-03`\n"),
                ("zh", "错误：`h_01` 就是台账中的家庭 `H-01`，只是大小写、分隔符、全角半角或数字前补零不同："
                       "未记录任何内容\n",
                 "  提示：记录 H-01 的申请请写：`policy monitor apply H-01 --date 2026-11-03`\n")):
            refused = _invoke(alike_db, "apply", "h_01", "--date", "2026-11-03", *new, "--policy", POST,
                              "--lang", lang)
            assert refused.exit_code == 2 and refused.stderr == said + help, refused.stderr


def test_apply_of_an_id_written_like_several_households_as_close_names_every_one(alike_db):
    for lang, said, help in (
            ("en", "error: `H_1` is household `H-1` or `h-1` of the register written with another case, separators, "
                   "full-width characters or zero padding: nothing was recorded\n",
             "  help: to record the application of H-1, write: `policy monitor apply H-1 --date 2026-11-03`; "
             "to record the application of h-1, write: `policy monitor apply h-1 --date 2026-11-03`\n"),
            ("zh", "错误：`H_1` 就是台账中的家庭 `H-1` 或 `h-1`，只是大小写、分隔符、全角半角或数字前补零不同："
                   "未记录任何内容\n",
             "  提示：记录 H-1 的申请请写：`policy monitor apply H-1 --date 2026-11-03`；"
             "记录 h-1 的申请请写：`policy monitor apply h-1 --date 2026-11-03`\n")):
        refused = _invoke(alike_db, "apply", "H_1", "--date", "2026-11-03", "--new", "--policy", POST, "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr == said + help, refused.stderr


def test_close_and_show_of_an_id_written_like_several_households_name_the_closest(alike_db):
    for lang, said, help in (
            ("en", f"error: household `h_01` has no undecided application in {alike_db}; nor has `H-01`, as the "
                   "register writes it\n",
             "  help: record one with: `policy monitor apply H-01 --date D`\n"),
            ("zh", f"错误：{alike_db} 中家庭 `h_01` 没有尚未办结的申请；台账中写作 `H-01`，也没有\n",
             "  提示：记录申请请用：`policy monitor apply H-01 --date 日期`\n")):
        refused = _invoke(alike_db, "close", "h_01", "--date", "2026-11-03", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr == said + help, refused.stderr
    refused = _invoke(alike_db, "close", "H_1", "--date", "2026-11-03", "--lang", "en")
    assert refused.stderr.endswith("nor has `H-1` or `h-1`, as the register writes them\n"
                                   "  help: record one with: `policy monitor apply H-1 --date D` or "
                                   "`policy monitor apply h-1 --date D`\n"), refused.stderr
    shown = _invoke(alike_db, "show", "h_01", "--lang", "en")
    assert shown.exit_code == 2 and shown.stderr.endswith("help: did you mean `H-01`?\n"), shown.stderr


# -- an id that holds a line break or another control character ---------------------------------------------------

BROKEN = "DS\n01"  # read from `"DS\n01"`, the backslash meant as a separator; typed on the command line as $'DS\n01'
QUOTED = '"DS\\n01"'  # as the messages show it, on one line, as `policy eval` and `policy batch` show such an id
PASTED = "$'DS\\n01'"  # as the commands they suggest write it, for a shell to read back


def _words_of(command: str, program: str = "policy") -> list[str]:
    """The words a shell (bash) makes of a suggested command line, `program` (`policy`, `chmod`) and all."""
    done = subprocess.run(["bash", "-c", f'{program}() {{ printf "%s\\0" {program} "$@"; }}; ' + command],
                          capture_output=True, check=True,  # (bytes: text mode would read `\r\n` as `\n`)
                          env={**os.environ, "LC_ALL": "C.UTF-8"})  # (bash writes `$'\u2028'` in UTF-8 only then)
    return done.stdout.decode("utf-8", "surrogateescape").split("\0")[:-1]  # (as Python reads a command's words)


@pytest.mark.parametrize("word", [BROKEN, "C:\\new\tx", "H'1\x07 \x7f", "户\r\n\x1b[31m-1\\"])
def test_a_word_with_a_control_character_is_written_on_one_line_as_bash_reads_it_back(word):
    written = shell_word(word)
    assert written.isprintable() and _words_of(f"policy {written}") == ["policy", word], written


# bytes that are not UTF-8, as Python reads them in a command's words and a file's name (`surrogateescape`: byte 0x80
# as U+DC80, a lone surrogate): an id typed from a garbled file, a file named in GBK (`家庭.json`), a quote beside one
NOT_UTF8 = ["DS\udc80", os.fsdecode("家庭.json".encode("gbk")), "户-\udcff'1\\"]


@pytest.mark.parametrize("word", NOT_UTF8)
def test_a_word_holding_a_byte_that_is_not_utf8_is_written_as_bash_gives_the_byte_back(word):
    """`$'DS\\udc80'` for the id `DS` and byte 0x80: bash writes U+DC80 in three bytes of UTF-8 (0xED 0xB2 0x80),
    which are read back as three characters, not as the id."""
    written = shell_word(word)
    assert written.isprintable() and _words_of(f"policy {written}") == ["policy", word], written


def test_a_command_suggested_for_a_file_named_in_gbk_gives_the_file_back(tmp_path: Path) -> None:
    """`policy check 家庭.json`, the name in GBK bytes, suggested `policy eval $'…\\udcbc\\udcd2ͥ.json'`, which
    bash made a name no file has."""
    import sys

    named = os.fsencode(tmp_path) + "/家庭.json".encode("gbk")
    shutil.copy(EXAMPLES / "DS-0001-dibao-widow.json", named)
    done = subprocess.run([sys.executable, "-m", "cli.main", "check", named, "--lang", "en"], cwd=ROOT,
                          capture_output=True)
    said = done.stdout.decode("utf-8", "surrogateescape")
    suggested = re.search(r"`(policy eval [^`]*)`", said)
    assert done.returncode == 1 and suggested is not None, said
    assert _words_of(suggested.group(1)) == ["policy", "eval", os.fsdecode(named)], suggested.group(1)


_WITH_AN_ID = [["show"], ["apply", "--date", "2026-11-02"], ["close", "--date", "2026-11-30"],
               ["void", "--date", "2026-11-02", "--reason", "x"], ["leave", "--date", "2026-11-02", "--reason", "x"]]


@pytest.mark.parametrize("args", _WITH_AN_ID, ids=lambda args: args[0])
def test_an_id_typed_with_a_byte_that_is_not_utf8_is_refused_as_such(run, args):
    """`policy monitor show DS-0001` typed in a terminal writing GBK, or pasted from a garbled file, its byte 0x80 read
    as U+DC80: every command that takes an id stopped with an internal error, SQLite taking no such text."""
    hint = "[HOUSEHOLD]" if args[0] == "void" else "HOUSEHOLD"  # (void's is optional: with --ingest it takes none)
    said = run(args[0], "DS-0001\udc80", *args[1:], "--lang", "en")
    assert said.exit_code == 2 and "Traceback" not in said.output, said.output[-2000:]
    assert said.stderr.endswith(f"Invalid value for '{hint}': \"DS-0001\\udc80\": byte 0x80 is not UTF-8 text, "
                                "and every id in a register is; retype the id in a terminal that writes UTF-8\n"), \
        said.stderr[-600:]
    gbk = os.fsdecode("户01".encode("gbk"))
    said = run(args[0], gbk, *args[1:], "--lang", "zh")
    hint = hint.replace("HOUSEHOLD", "家庭编号")  # the Chinese help's placeholder
    assert said.exit_code == 2 and said.stderr.endswith(
        f"'{hint}' 的值无效：\"\\udcbb\\udca701\"：字节 0xbb 不是 UTF-8 文本（按 GBK 读是 户01），而台账中的编号都是 "
        "UTF-8 文本：请在使用 UTF-8 的终端中重新输入编号\n"), said.stderr[-600:]


# a C1 control (U+0085 a next line, U+009B a terminal's escape), a line separator, a paragraph separator: none is a
# control character of C0, and each still breaks or hides on a line
UNSEEN = ["DS\u202801", "DS\x8501", "户\u2029\x9b31m-1", "H'1\x80 \x9f\\"]


@pytest.mark.parametrize("word", UNSEEN)
def test_a_word_with_a_c1_control_or_a_line_separator_is_written_on_one_line_as_bash_reads_it_back(word):
    written = shell_word(word)
    assert written.isprintable() and _words_of(f"policy {written}") == ["policy", word], written


@pytest.mark.parametrize("word", UNSEEN[:3])
def test_a_word_that_breaks_a_line_is_escaped_in_a_command_as_the_id_is_shown(word):
    assert shell_word(word) == "$'" + id_shown(word)[1:-1] + "'"


# characters no one sees on a line, or sees as an ordinary space: a zero-width space, a zero-width non-joiner and
# joiner, a byte-order mark, a no-break space, a tag character (beyond U+FFFF, as emoji flags use them)
INVISIBLE = {"DS\u200b01": '"DS\\u200b01"', "户\u200c01": '"户\\u200c01"', "DS\u200d01": '"DS\\u200d01"',
             "\ufeffDS01": '"\\ufeffDS01"', "DS\u00a001": '"DS\\u00a001"', "DS\U000e004101": '"DS\\udb40\\udc4101"'}


@pytest.mark.parametrize("word", INVISIBLE)
def test_an_id_holding_a_character_no_one_sees_is_shown_with_it_escaped(word):
    """`"DS01"` for `DS\\u200b01`: quoted, its zero-width space left as it is, the id could be neither seen nor
    retyped as it is."""
    assert id_shown(word) == INVISIBLE[word]


@pytest.mark.parametrize("word", ["户\u300001", "DS 01"])
def test_an_id_holding_a_space_seen_as_one_is_shown_as_it_is(word):
    """A full-width space is seen, as wide as a Chinese character, and typed by a Chinese input method."""
    assert id_shown(word) in (word, f'"{word}"')


@pytest.mark.parametrize("word", INVISIBLE)
def test_a_word_holding_a_character_no_one_sees_is_written_as_bash_reads_it_back_as_the_id_is_shown(word):
    written = shell_word(word)
    assert written.isprintable() and _words_of(f"policy {written}") == ["policy", word], written
    if max(map(ord, word)) <= 0xFFFF:  # (beyond U+FFFF bash writes `\\U000e0041`, not two halves)
        assert written == "$'" + id_shown(word)[1:-1] + "'"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_new_id_holding_a_zero_width_space_is_shown_escaped_and_voided_by_a_command_that_types_it(run, tmp_path,
                                                                                                 lang):
    """`household "DS-0011" is new to the register`, its zero-width space printed as it is, unseen between the quotes,
    and a void command that pasted it as nothing: neither told what the id held, nor typed it."""
    hid = "DS-0011\u200b"
    said = run("ingest", str(write_jsonl(tmp_path / "x.jsonl", [household(hid)])), "--date", "2026-11-02",
               "--lang", lang)
    assert said.exit_code == 0, said.output
    assert "\u200b" not in said.stderr, said.stderr
    new = 'household "DS-0011\\u200b" is new' if lang == "en" else '家庭 "DS-0011\\u200b" 是台账中的新家庭'
    assert new in said.stderr, said.stderr
    suggested = re.search(r"`(policy monitor void [^`]*)`", said.stderr)
    assert suggested is not None, said.stderr
    assert suggested.group(1).startswith("policy monitor void $'DS-0011\\u200b' --date 2026-11-02 --reason")
    assert _words_of(suggested.group(1).replace("…", "x"))[3] == hid


def test_the_close_suggested_for_an_id_with_a_line_separator_is_one_line_a_shell_runs(run, tmp_path):
    hid = UNSEEN[0]
    assert run("ingest", str(write_jsonl(tmp_path / "x.jsonl", [household(hid)])), "--date",
               "2026-11-02").exit_code == 0
    assert run("apply", hid, "--date", "2026-11-03").exit_code == 0
    refused = run("apply", hid, "--date", "2026-11-04", "--lang", "en")
    assert refused.exit_code == 2 and 'household "DS\\u202801" already has' in refused.stderr, refused.stderr
    assert "\u2028" not in refused.stderr, refused.stderr
    suggested = re.search(r"record its decision first: `([^`]*)`", refused.stderr)
    assert suggested is not None, refused.stderr
    assert suggested.group(1) == "policy monitor close $'DS\\u202801' --date D"
    assert _words_of(suggested.group(1)) == ["policy", "monitor", "close", hid, "--date", "D"]


def _one_line_each(said: str) -> None:
    assert BROKEN not in said and "\n01" not in said, said
    assert QUOTED in said or PASTED in said, said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_id_with_a_line_break_typed_for_no_household_is_quoted_in_every_refusal(run, lang):
    for command in (["apply", BROKEN, "--date", "2026-11-03"], ["close", BROKEN, "--date", "2026-11-03"],
                    ["void", BROKEN, "--date", "2026-11-02", "--reason", "x"],
                    ["void", BROKEN, "--date", "2026-11-02", "--application", "--reason", "x"],
                    ["leave", BROKEN, "--date", "2026-11-02", "--reason", "moved"], ["show", BROKEN]):
        refused = run(*command, "--lang", lang)
        assert refused.exit_code == 2, (command, refused.output)
        _one_line_each(refused.stderr)
        assert QUOTED in refused.stderr, (command, refused.stderr)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_household_whose_id_holds_a_line_break_is_quoted_in_what_every_command_says_of_it(run, tmp_path, lang):
    assert run("ingest", str(write_jsonl(tmp_path / "x.jsonl", [household(BROKEN)])), "--date",
               "2026-11-02").exit_code == 0
    steps = [(0, ["apply", BROKEN, "--date", "2026-11-03"]), (2, ["apply", BROKEN, "--date", "2026-11-04"]),
             (0, ["close", BROKEN, "--date", "2026-11-10"]), (2, ["close", BROKEN, "--date", "2026-11-10"]),
             (2, ["void", BROKEN, "--date", "2026-11-05", "--reason", "x"]),
             (2, ["void", BROKEN, "--date", "2026-11-05", "--application", "--reason", "x"]),
             (0, ["void", BROKEN, "--date", "2026-11-02", "--reason", "x"]),
             (2, ["void", BROKEN, "--date", "2026-11-02", "--reason", "x"]),
             (2, ["apply", BROKEN, "--date", "2026-11-20"]),
             (0, ["void", BROKEN, "--date", "2026-11-02", "--undo", "--reason", "x"]),
             (2, ["void", BROKEN, "--date", "2026-11-02", "--undo", "--reason", "x"]),
             (2, ["leave", BROKEN, "--date", "2026-11-01", "--reason", "moved"]),
             (0, ["leave", BROKEN, "--date", "2026-11-12", "--reason", "moved"]),
             (2, ["leave", BROKEN, "--date", "2026-11-12", "--reason", "moved"]),
             (0, ["apply", BROKEN, "--date", "2026-11-20"]),
             (0, ["void", BROKEN, "--date", "2026-11-20", "--application", "--reason", "x"]),
             (2, ["void", BROKEN, "--date", "2026-11-20", "--application", "--reason", "x"]),
             (2, ["leave", BROKEN, "--date", "2026-11-13", "--undo", "--reason", "x"]),
             (0, ["leave", BROKEN, "--date", "2026-11-12", "--undo", "--reason", "x"]),
             (2, ["leave", BROKEN, "--date", "2026-11-12", "--undo", "--reason", "x"]),
             (0, ["show", BROKEN])]
    for code, command in steps:
        said = run(*command, "--lang", lang)
        assert said.exit_code == code, (command, said.output)
        _one_line_each(said.output)


def test_the_void_ingest_suggests_for_an_id_with_a_line_break_is_one_line_a_shell_runs(run, tmp_path):
    export = write_jsonl(tmp_path / "2026-11.jsonl", [household(BROKEN)])
    result = run("ingest", str(export), "--date", "2026-11-02", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"{export}:1: warning[H016]: household {QUOTED}: id: `{QUOTED}` holds a line break" in result.stderr
    suggested = re.search(r"void it with `([^`]*)`", result.stderr)
    assert suggested is not None, result.stderr
    assert suggested.group(1) == f"policy monitor void {PASTED} --date 2026-11-02 --reason …"
    words = _words_of(suggested.group(1).replace("…", "'read from a Windows path'"))
    assert words[:4] == ["policy", "monitor", "void", BROKEN], words
    voided = run(*words[2:], "--lang", "en")
    assert voided.exit_code == 0 and voided.output.startswith(f"{QUOTED}: snapshot #"), voided.output


@pytest.mark.parametrize("command", [["show"], ["apply", "--date", "2026-11-03"], ["close", "--date", "2026-11-03"]])
def test_the_id_meant_that_holds_a_line_break_is_offered_quoted(run, tmp_path, command):
    assert run("ingest", str(write_jsonl(tmp_path / "x.jsonl", [household(BROKEN)])), "--date",
               "2026-11-02").exit_code == 0
    for lang in ("en", "zh"):
        refused = run(command[0], "ds\n01", *command[1:], "--lang", lang)
        assert refused.exit_code == 2, refused.output
        assert f"`{QUOTED}`" in refused.stderr and "\n01" not in refused.stderr, refused.stderr
