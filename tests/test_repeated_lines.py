"""Income and expense lines given twice: found, named by their place in the file, warned of, never refused."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from engine.evaluator import evaluate
from engine.household import validate_household
from engine.household_input import read_json
from engine.jsonsource import JsonText
from engine.loader import load_policy
from engine.render import decision_json
from engine.repeated_lines import finding, repeats
from tests.helpers import ROOT

POST = ROOT / "policy" / "post-transition.yaml"
DAY = datetime.date(2026, 3, 1)
M37 = {  # the caseworker's file: a wage line pasted twice
    "id": "M37", "date": "2026-03-01",
    "members": [{"id": "p1", "relation": "head", "birth_date": "1986-04-02", "sex": "male"},
                {"id": "p2", "relation": "spouse", "birth_date": "1988-07-10", "labor_capacity": "weak",
                 "serious_illness": True},
                {"id": "p3", "relation": "child", "birth_date": "2016-05-01", "disability_type": "intellectual",
                 "disability_grade": 2, "labor_capacity": "none", "student": "compulsory", "supporter": "able"}],
    "income": [{"type": "wage", "member": "p1", "amount": 30000}, {"type": "agriculture", "amount": 4000},
               {"type": "wage", "member": "p1", "amount": 30000}],
    "expenses": [{"type": "medical", "member": "p2", "amount": 22000}],
}


@pytest.fixture(scope="module")
def post() -> Any:
    return load_policy(POST)[0]


def found(post: Any, income: list[dict[str, Any]], expenses: list[dict[str, Any]] | None = None) -> list[Any]:
    data = {**M37, "income": income, "expenses": expenses or []}
    return [(r.path, r.first_path, *r.more) for r in repeats(validate_household(data, post, today=DAY), post)]


def test_a_line_is_repeated_only_when_its_type_member_and_amount_are_all_the_same(post: Any) -> None:
    wage = {"type": "wage", "member": "p1", "amount": 30000}
    assert found(post, [wage, dict(wage)]) == [("income[1]", "income[0]")]
    assert found(post, [wage, {**wage, "amount": Decimal("30000.00")}]) == [("income[1]", "income[0]")]  # one amount
    assert found(post, [wage, {**wage, "member": "p2"}]) == []  # two earners paid the same: two lines
    assert found(post, [wage, {**wage, "amount": 30000.5}]) == []
    assert found(post, [wage, {**wage, "type": "business"}]) == []
    farm = {"type": "agriculture", "amount": 4000}  # the household's own lines, without a member
    assert found(post, [farm, wage, dict(farm), dict(farm)]) == [("income[2]", "income[0]", 3)]  # one warning
    assert found(post, [wage, farm, dict(farm), dict(wage)]) == [("income[2]", "income[1]"), ("income[3]", "income[0]")]
    assert found(post, [], [{"type": "medical", "member": "p2", "amount": 500}] * 2) == [("expenses[1]", "expenses[0]")]
    assert found(post, [{"type": "wage", "member": "p1", "amount": 500}],
                 [{"type": "medical", "member": "p1", "amount": 500}]) == []  # each section on its own


def test_the_warning_names_both_lines_where_they_are_in_the_file(post: Any) -> None:
    text = json.dumps(M37, ensure_ascii=False, indent=1)
    household = validate_household(read_json(text, "h.json"), post, "h.json", today=DAY)
    (repeat,) = repeats(household, post)
    d = finding(repeat, "h.json", JsonText(text, "h.json"))
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines, 1) if '"type": "wage"' in line)
    assert (d.code, d.severity, d.path) == ("H009", "warning", "income[2]")
    # the type by its label and the id the file writes, the amount with two decimals and its unit
    assert d.message == (f'the same as income[0] (line {first}): wage income (less the cost of employment) (wage), '
                         'member "p1", 30,000.00 yuan/year')
    assert d.zh is not None and d.zh[0] == (f'与 income[0]（第 {first} 行）相同：工资性收入（扣减就业成本）（wage）、'
                                            '成员 "p1"、30,000.00 元/年')
    assert d.span is not None and d.span.line > first and lines[d.span.line - 1].strip() == '"type": "wage",'
    assert d.help is not None and "delete one of the two" in d.help and "the decision counts both" in d.help
    assert d.zh[1] is not None and d.zh[1].startswith("如是重复粘贴，请删去其中一条")
    one_line = json.dumps(M37)  # JSON Lines: the two on one line, told apart by their columns
    d = finding(repeat, "h.jsonl:7", JsonText(one_line, "h.jsonl", 7))
    column = one_line.index('{"type": "wage"') + 1
    assert d.message.startswith(f"the same as income[0] (line 7, column {column}): ")
    assert d.span is not None and d.span.line == 7 and one_line[d.span.column - 1:].startswith('{"type": "wage"')
    assert finding(repeat, "h").message == ('the same as income[0]: wage income (less the cost of employment) '
                                            '(wage), member "p1", 30,000.00 yuan/year')


def test_a_line_given_many_times_is_one_warning_that_counts_the_copies(post: Any) -> None:
    data = {**M37, "income": [{"type": "agriculture", "amount": 1}] * 999}
    (repeat,) = repeats(validate_household(data, post, today=DAY), post)
    d = finding(repeat, "h")
    assert d.message.endswith('1.00 yuan/year; so are income[2], income[3], income[4] and 994 more')
    assert d.zh is not None and d.zh[0].endswith("；income[2]、income[3]、income[4] 等 997 条也与之相同")
    data["income"] = data["income"][:5]
    (repeat,) = repeats(validate_household(data, post, today=DAY), post)
    assert finding(repeat, "h").message.endswith("; so are income[2], income[3] and income[4]")
    data["income"] = data["income"][:3]
    (repeat,) = repeats(validate_household(data, post, today=DAY), post)
    assert finding(repeat, "h").message.endswith("; so is income[2]")


def run_eval(run: Any, path: Path, *options: str) -> Any:
    result = run("eval", path, *options)
    assert result.exit_code == 0, result.stderr
    return result


def test_eval_warns_of_a_line_given_twice_and_decides_with_both(run: Any, tmp_path: Path, post: Any) -> None:
    path = tmp_path / "M37.json"
    path.write_text(json.dumps(M37, ensure_ascii=False, indent=1), encoding="utf-8")
    english = run_eval(run, path, "--lang", "en", "--format", "json")
    first = next(i for i, line in enumerate(path.read_text().splitlines(), 1) if '"type": "wage"' in line)
    assert f'income[2]: warning[H009]: the same as income[0] (line {first}): wage income (less the cost of ' \
           'employment) (wage), member "p1", 30,000.00 yuan/year' in english.stderr
    assert "help: if it was pasted twice, delete one of the two; if both are real (two jobs that pay the same, " \
           "say), keep them: the decision counts both" in english.stderr
    decided = evaluate(post, validate_household(M37, post, today=DAY), DAY)
    said, alone = json.loads(english.stdout), json.loads(json.dumps(decision_json(decided)))
    assert said.pop("policy")["sha256"] == alone.pop("policy")["sha256"]
    assert said == alone  # no change to the decision
    assert decided.values["counted_income"] == Decimal(2 * 30000) * Decimal("0.8") + 4000  # both wage lines
    chinese = run_eval(run, path, "--lang", "zh")
    assert f'income[2]: 警告[H009]: 与 income[0]（第 {first} 行）相同：工资性收入（扣减就业成本）（wage）、' \
           '成员 "p1"、30,000.00 元/年' in chinese.stderr
    assert "提示：如是重复粘贴，请删去其中一条；如确有两笔（比如两份收入相同的工作），可以保留：认定时两笔都计入" \
        in chinese.stderr
    apart = dict(M37, income=[*M37["income"][:2], {"type": "wage", "member": "p2", "amount": 30000}])
    path.write_text(json.dumps(apart), encoding="utf-8")
    assert "H009" not in run_eval(run, path, "--lang", "en").stderr


def test_a_resumed_batch_keeps_the_count_and_the_first_household_with_a_line_given_twice() -> None:
    from collections import Counter

    from engine.batch.runner import Summary
    from engine.diagnostics import Said
    from engine.doubts import HEADS, REPEATED

    first = (41, Said("income[3] the same as income[0]: type \"wage\", member \"p1\", amount 3000",
                      "income[3] 与 income[0] 相同：类型 \"wage\"、成员 \"p1\"、金额 3000"))
    done = Summary(doubted=Counter({REPEATED: 3, HEADS: 1}), doubted_first={REPEATED: first, HEADS: first})
    counts = json.loads(json.dumps(done.counts()))  # as the journal keeps the counts: one kind of doubt among others
    assert "repeated_lines" not in counts and counts["doubted"] == {REPEATED: 3, HEADS: 1}
    resumed = Summary()
    resumed.restore(counts)
    assert (resumed.doubted[REPEATED], resumed.doubted_first[REPEATED]) == (3, first)
    earlier = {**{k: v for k, v in counts.items() if k not in ("doubted", "doubted_first")},
               "repeated_lines": 3, "repeated_first": [first[0], first[1].en, first[1].zh],
               "doubted": {HEADS: 1}, "doubted_first": {HEADS: counts["doubted_first"][HEADS]}}
    resumed = Summary()
    resumed.restore(earlier)  # a journal of a run begun when lines given twice were counted apart
    assert (resumed.doubted[REPEATED], resumed.doubted_first[REPEATED], resumed.doubted[HEADS]) == (3, first, 1)
    resumed = Summary()
    resumed.restore({k: v for k, v in earlier.items() if not k.startswith(("repeated", "doubted"))})  # older still
    assert (resumed.doubted[REPEATED], resumed.doubted_first) == (0, {})


def test_the_columnar_intake_counts_the_households_the_record_route_finds(run: Any, tmp_path: Path,
                                                                           post: Any) -> None:
    """Near misses by the hundred — the same type and member with another amount, the same type and amount for
    another member or for none, the same line in the other section — and a few households with a real repeat:
    the fast route's count is the record route's, household by household."""
    from engine.sample import households

    items = list(households(400, 11, DAY))
    for i, h in enumerate(items):
        members = [m["id"] for m in h["members"]]
        line = {"type": "wage", "member": members[0], "amount": 1000 + i}
        near = [{**line, "amount": 2000 + i}, {**line, "member": members[-1]} if len(members) > 1 else
                {**line, "type": "business"}, {"type": "wage", "amount": 1000 + i}]
        h["income"] = [*h.get("income", []), line, *near, *([dict(line)] if i % 37 == 5 else [])]
        h["expenses"] = [*h.get("expenses", []), {"type": "medical", "member": members[0], "amount": 1000 + i}]
    want = sum(1 for h in items if repeats(validate_household(h, post, today=DAY), post))
    assert want >= 10
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    result = run("batch", path, "-o", tmp_path / "out.jsonl", "--engine", "fast", "--date", DAY, "--policy", POST,
                 "--summary", tmp_path / "s.json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["repeated_lines"] == want
