"""The figures a household most likely gives wrong (`engine.doubts`) said where the decision is kept: in the
explanation (text, markdown, the JSON's `explanation.doubts`), the summary and the brief, in words to read aloud
with what to check — not only on standard error, which a case file saved with `> case.md` never holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES

# a pension written by the month and deposits in 万元: 3 万 of deposits would fail dibao's limit
PENSION = {"type": "pension", "member": "p1", "amount": 500}


def _household(tmp_path: Path, **changes: Any) -> Path:
    data = json.loads((EXAMPLES / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    data["income"] = [PENSION]
    data["assets"]["deposits"] = 3
    data.update(changes)
    path = tmp_path / "h.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [("--brief",), ("--explain",), ("--format", "markdown"),
                                  ("--explain", "--format", "markdown"), ("--brief", "--format", "markdown"), ()])
def test_every_output_a_case_file_keeps_says_the_doubts_with_what_to_check(run: Any, tmp_path: Path,
                                                                           args: tuple[str, ...]) -> None:
    result = run("eval", _household(tmp_path), "--lang", "zh", *args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "⚠ 以下所填数据可能有误，请先核实再告知：" in out
    assert "养老金、退休金（城乡居民基础养老金除外）" in out
    assert "500.00 元/年：低于政策认为合理的范围（600.00 至 200,000.00 元/年）；是否把月额当成了年额？" \
        "已按所填数值认定，如有误请改正后重新认定" in out
    assert "家庭存款及有价证券 3.00 元：低于政策认为合理的范围（不低于 100.00 元）；存款是否以万元填写？" in out
    assert "警告[H013]" in result.stderr  # standard error keeps its located warnings
    assert out.index("⚠ 以下所填数据可能有误") < out.index("最低生活保障金")  # at the head, before the assistance


def test_the_brief_names_the_member_as_it_does_everywhere(run: Any, tmp_path: Path) -> None:
    out = run("eval", _household(tmp_path), "--lang", "zh", "--brief").stdout
    assert "  户主（58岁）的养老金、退休金（城乡居民基础养老金除外） 500.00 元/年：低于" in out
    english = run("eval", _household(tmp_path), "--lang", "en", "--brief").stdout
    assert "pensions (other than the basic residents' pension) of head of household (aged 58) 500.00 yuan/year: " \
           "below the range the policy finds plausible (600.00 to 200,000.00 yuan/year); was the monthly amount " \
           "written as the yearly one? The household was decided with the figure as given" in english


def test_the_json_explanation_holds_the_doubts_and_the_decision_no_new_field(run: Any, tmp_path: Path) -> None:
    path = _household(tmp_path)
    explained = json.loads(run("eval", path, "--format", "json", "--explain", "--lang", "en").stdout)
    plain = json.loads(run("eval", path, "--format", "json").stdout)
    assert set(explained) - {"explanation"} == set(plain)
    assert explained["explanation"]["doubts"] == [
        {"code": "H013", "path": "assets.deposits", "label": "deposits and securities of the household",
         "value": "3.00 yuan", "doubt": "below the range the policy finds plausible (at least 100.00 yuan)",
         "check": "were the deposits written in units of ten thousand yuan (万元)? The household was decided with the "
                  "figure as given: if it is wrong, correct it and decide again"},
        {"code": "H013", "path": "income[0].amount", "label": "pensions (other than the basic residents' pension)",
         "member": "p1", "value": "500.00 yuan/year",
         "doubt": "below the range the policy finds plausible (600.00 to 200,000.00 yuan/year)",
         "check": "was the monthly amount written as the yearly one? The household was decided with the figure as "
                  "given: if it is wrong, correct it and decide again"}]


def test_lines_given_twice_bills_of_no_member_and_heads_are_said_with_what_to_check(run: Any,
                                                                                    tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    members = data["members"]
    members[1]["relation"] = "head"
    path = _household(tmp_path, members=members, income=[data["income"][0], data["income"][0]],
                      expenses=[*data["expenses"], {"type": "medical", "amount": 500}])
    doubts = json.loads(run("eval", path, "--format", "json", "--explain").stdout)["explanation"]["doubts"]
    assert [(d["code"], d["path"]) for d in doubts] == [
        ("H011", "members[1] (p2).relation"), ("H009", "income[1]"), ("H010", "expenses[2]"),
        ("H013", "assets.deposits")]
    heads, twice, memberless, _ = doubts
    assert heads["doubt"] == "p1（户主，58岁）、p2（户主，12岁）的关系都填为户主，一户只有一位户主"
    assert "认定结果不受影响" in heads["check"]
    assert (twice["label"], twice["member"], twice["value"]) == ("工资性收入（扣减就业成本）", "p1", "3,000.00 元/年")
    assert twice["doubt"] == "填了 2 条，类型、成员和金额都相同，认定时都已计入"
    assert twice["check"].startswith("如是重复填写，请删去多余的一条后重新认定")
    assert "member" not in memberless and memberless["value"] == "500.00 元/年"
    assert memberless["doubt"] == "没有写明是哪位成员的支出，按成员给予的医疗救助（就高不就低）不计入这一条"


@pytest.mark.parametrize("lang, said", [
    ("zh", ("  户主（58岁）的养老金、退休金（城乡居民基础养老金除外） 500.00 元/年：填了 2 条，类型、成员和金额都相同，"
            "认定时都已计入；如是重复填写，请删去多余的一条后重新认定；如确有两笔金额相同的收入，可以保留\n",
            "  种养殖业净收入 3,000.00 元/年：填了 3 条，类型和金额都相同，认定时都已计入；"
            "如是重复填写，请删去多余的一条后重新认定；如确有两笔金额相同的收入，可以保留\n")),
    ("en", ("  pensions (other than the basic residents' pension) of head of household (aged 58) 500.00 yuan/year: "
            "given twice, the same type, member and amount, and each was counted; if it was written twice, delete the "
            "extra line and decide again; if there really are two separate incomes of the same amount, keep them\n",
            "  net farming income 3,000.00 yuan/year: given 3 times, the same type and amount, and each was counted; "
            "if it was written twice, delete the extra line and decide again; if there really are two separate "
            "incomes of the same amount, keep them\n"))])
def test_an_income_given_twice_is_said_in_words_that_fit_any_income_and_a_line_of_no_member_has_no_member_said(
        run: Any, tmp_path: Path, lang: str, said: tuple[str, str]) -> None:
    """A pension or a farm is not a job, and a line of the household as a whole has no member to be the same."""
    farm = {"type": "agriculture", "amount": 3000}
    path = _household(tmp_path, income=[PENSION, PENSION, farm, farm, farm])
    out = run("eval", path, "--brief", "--lang", lang).stdout
    for line in said:
        assert line in out
    doubts = out[out.index("⚠"):out.index("\n\n")]
    assert "job" not in doubts and "工作" not in doubts


def test_the_brief_names_two_heads_as_it_names_members_everywhere(run: Any, tmp_path: Path) -> None:
    """Read aloud, `p1（户主，58岁）` is an id and a bracket in a bracket: the brief says `户主（58岁）`."""
    data = json.loads((EXAMPLES / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    data["members"][1]["relation"] = "head"
    path = tmp_path / "h.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    zh, en = (run("eval", path, "--brief", "--lang", lang).stdout for lang in ("zh", "en"))
    assert "\n  户主（58岁）和户主（12岁）的关系都填为户主，一户只有一位户主；请按户口簿核对" in zh
    assert ("\n  head of household (aged 58) and head of household (aged 12) are each given as the head of "
            "household: a household has one; ") in en
    assert "p1" not in zh + en and "p2" not in zh + en
    heads = json.loads(run("eval", path, "--format", "json", "--explain").stdout)["explanation"]["doubts"][0]
    assert heads["members"] == ["p1", "p2"]


def test_a_household_without_doubts_has_none_said(run: Any) -> None:
    path = EXAMPLES / "DS-0001-dibao-widow.json"
    assert "doubts" not in json.loads(run("eval", path, "--format", "json", "--explain").stdout)["explanation"]
    assert "可能有误" not in run("eval", path, "--brief").stdout


def test_a_batch_explains_and_counts_each_doubt_of_a_household_as_eval_explains_it(run: Any, tmp_path: Path) -> None:
    """`policy batch --explain` finds a household's doubts once, for its explanation and for the run's warnings: the
    explanation is `policy eval`'s, each of the four kinds is counted with its first, and H010 names its measure."""
    data = json.loads((EXAMPLES / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    members = data["members"]
    members[1]["relation"] = "head"
    path = _household(tmp_path, members=members, income=[PENSION, PENSION],
                      expenses=[*data["expenses"], {"type": "medical", "amount": 500}])
    source = tmp_path / "in.jsonl"
    source.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("batch", source, "-o", out, "--explain", "--lang", "en", "-j", 1)
    assert result.exit_code == 0, result.stderr
    [decision] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = json.loads(run("eval", path, "--format", "json", "--explain", "--lang", "en").stdout)
    assert decision["explanation"] == expected["explanation"]
    assert [d["code"] for d in decision["explanation"]["doubts"]] == ["H011", "H009", "H010", *["H013"] * 3]
    assert "medical assistance" in decision["explanation"]["doubts"][2]["doubt"]
    assert [line.split(" was decided ", 1)[0] for line in result.stderr.splitlines()
            if line.startswith("warning: ")] == ["warning: 1 household"] * 4
    assert (f"(the first: {source}:1, expenses[2]: medical costs paid out of pocket (medical), 500.00 yuan/year"
            in result.stderr)
