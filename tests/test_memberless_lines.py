"""Expense lines of no member that assistance given per member reads: found from the policy, warned of on every
route, explained — never refused."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from engine.batch.csv_tables import write_households_csv
from engine.batch.parquet_layout import write_households_parquet
from engine.doubts import MEMBERLESS, doubts, finding
from engine.evaluator import evaluate
from engine.household import validate_household
from engine.household_input import read_json
from engine.jsonsource import JsonText
from engine.loader import load_policy
from engine.memberless_lines import memberless, per_member_types, said
from engine.model import Label
from engine.render import decision_json
from engine.sample import households
from tests.helpers import ROOT

POST = ROOT / "policy" / "post-transition.yaml"
TRANSITION = ROOT / "policy" / "2024-transition.yaml"
DAY = datetime.date(2026, 3, 1)
BILL = {"type": "medical", "amount": 20000}  # a hospital bill written for the household, not for the patient
W12 = {  # a dibao widow and her daughter; the mother's hospital bill written without `member`
    "id": "W12", "date": "2026-03-01",
    "members": [{"id": "p1", "relation": "head", "birth_date": "1967-03-12", "sex": "female", "serious_illness": True},
                {"id": "p2", "relation": "child", "birth_date": "2012-09-05", "sex": "female",
                 "labor_capacity": "none", "student": "compulsory", "supporter": "able"}],
    "income": [{"type": "wage", "member": "p1", "amount": 3000}, {"type": "agriculture", "amount": 6000}],
    "expenses": [dict(BILL), {"type": "disaster", "amount": 500}, {"type": "education", "member": "p2", "amount": 800}],
}


@pytest.fixture(scope="module")
def post() -> Any:
    return load_policy(POST)[0]


def test_the_types_read_per_member_are_found_in_the_policys_measures(post: Any, tmp_path: Path) -> None:
    for policy in (post, load_policy(TRANSITION)[0]):
        read = {k: [m.id for m in v] for k, v in per_member_types(policy).items()}
        assert read == {"medical": ["medical_assistance"]}
    # a policy that pays education aid up to each pupil's own costs, through a definition: education is read too
    text = POST.read_text(encoding="utf-8")
    text = text.replace("definitions:\n", "definitions:\n  own_school_costs:\n    level: member\n"
                        "    value: own_expenses.education\n    label: {zh: 本人教育支出, en: own school costs}\n", 1)
    assert "amount: education_grant_compulsory\n" in text
    text = text.replace("amount: education_grant_compulsory\n",
                        "amount: min(education_grant_compulsory, own_school_costs)\n", 1)
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    variant = load_policy(tmp_path / "p.yaml")[0]
    assert sorted(per_member_types(variant)) == ["education", "medical"]
    assert [m.id for m in per_member_types(variant)["education"]] == ["education_aid"]


def test_only_a_line_of_no_member_of_a_type_read_per_member_is_found(post: Any) -> None:
    household = validate_household(W12, post, today=DAY)
    assert [(m.index, m.line.type) for m in memberless(household, post)] == [(0, "medical")]
    named = validate_household({**W12, "expenses": [{**BILL, "member": "p1"}, *W12["expenses"][1:]]}, post, today=DAY)
    assert memberless(named, post) == []  # the disaster loss is the household's: no measure reads it per member


def test_the_warning_names_the_line_the_measure_and_the_members_to_choose_from(post: Any) -> None:
    text = json.dumps(W12, ensure_ascii=False, indent=1)
    household = validate_household(read_json(text, "h.json"), post, "h.json", today=DAY)
    (doubt,) = [d for d in doubts(household, post, DAY) if d.kind == MEMBERLESS]
    d = finding(doubt, "h.json", JsonText(text, "h.json"))
    assert (d.code, d.severity, d.path) == ("H010", "warning", "expenses[0]")
    assert d.message == ("medical costs paid out of pocket (medical), 20,000.00 yuan/year: written for the household "
                         "as a whole, for no member; "
                         "medical assistance (the highest applicable share) is given per member, from each "
                         "member's own \"medical\" lines, so this line gives it to no one")
    assert d.help == ('add the member whose expense it is, as `"member": "p1"` (the members: "p1" and "p2"); a bill '
                      "of several members is written as one line for each")
    assert d.zh == ('医疗费用（个人自付部分）（medical）、20,000.00 元/年：写在整户名下，没有写明成员；'
                    '医疗救助（就高不就低）按成员给予，'
                    '只计成员本人的 "medical" 支出，这一条不计入任何人的救助',
                    '请写明是哪位成员的支出，例如 `"member": "p1"`（本户成员："p1"、"p2"）；'
                    "几位成员的费用请按人分成几条")
    lines = text.splitlines()
    assert d.span is not None and lines[d.span.line - 1].strip() == '"type": "medical",'
    crowd = {**W12, "members": [{**W12["members"][0], "id": f"m{i}"} if i == 0 else
                                {**W12["members"][1], "id": f"m{i}"} for i in range(9)]}
    crowd["income"] = []
    crowd["expenses"] = [dict(BILL)]
    many = validate_household(crowd, post, today=DAY)
    d = finding(next(d for d in doubts(many, post, DAY) if d.kind == MEMBERLESS), "h")
    assert d.help is not None and '(the members: "m0", "m1", "m2", "m3", "m4", "m5" and 3 more)' in d.help
    assert d.zh is not None and d.zh[1] is not None and '"m5" 等 9 人）' in d.zh[1]


def test_several_measures_that_read_a_line_per_member_are_listed_as_said(post: Any) -> None:
    household = validate_household(W12, post, today=DAY)
    (found,) = memberless(household, post)
    (care,) = found.measures
    aid = [dataclasses.replace(care, id=f"aid{i}", label=Label(f"救助{i}", f"aid {i}")) for i in range(3)]
    message, _ = said(dataclasses.replace(found, measures=tuple(aid)), household, post)
    assert "no member; aid 0, aid 1 and aid 2 are given per member, from each member's own" in message.en
    assert "没有写明成员；救助0、救助1、救助2 按成员给予" in message.zh


def test_eval_warns_decides_as_given_and_explains_the_zero(run: Any, tmp_path: Path, post: Any) -> None:
    path = tmp_path / "W12.json"
    path.write_text(json.dumps(W12, ensure_ascii=False, indent=1), encoding="utf-8")
    english = run("eval", path, "--lang", "en", "--format", "json")
    assert english.exit_code == 0, english.stderr
    assert ("expenses[0]: warning[H010]: medical costs paid out of pocket (medical), 20,000.00 yuan/year: written "
            "for the household as a whole") in english.stderr
    assert 'help: add the member whose expense it is, as `"member": "p1"`' in english.stderr
    decided = evaluate(post, validate_household(W12, post, today=DAY), DAY)
    said, alone = json.loads(english.stdout), json.loads(json.dumps(decision_json(decided)))
    assert said.pop("policy")["sha256"] == alone.pop("policy")["sha256"]
    assert said == alone  # no change to the decision
    assert "dibao" in said["categories"]
    assert decided.values["rigid_expenses"] == Decimal(20800)  # the bill counts for the household
    chinese = run("eval", path, "--lang", "zh")
    assert "expenses[0]: 警告[H010]: 医疗费用（个人自付部分）（medical）、20,000.00 元/年：写在整户名下，没有写明成员" \
        in chinese.stderr
    explained = run("eval", path, "--lang", "en", "--explain")
    assert ("medical insurance: none of the member's own medical costs paid out of pocket; the household file gives "
            "20,000.00 yuan/year of them for the household as a whole, for no member (expenses[0]), which this "
            "measure, given per member, counts for no one, so nothing to pay") in explained.stdout
    explained = run("eval", path, "--lang", "zh", "--explain")
    assert ("医保部门：成员本人无医疗费用（个人自付部分）；家庭文件中的 20,000.00 元/年写在整户名下、"
            "没有写明成员（expenses[0]），本项救助按成员给予，不计入任何人，无救助金额") in explained.stdout
    path.write_text(json.dumps({**W12, "expenses": [{**BILL, "member": "p1"}]}), encoding="utf-8")
    named = run("eval", path, "--lang", "en", "--explain")
    assert "H010" not in named.stderr and "for no member" not in named.stdout
    assert "medical insurance: 14,000.00 yuan/year" in named.stdout  # 70 % of the bill, once it is hers


def test_batch_counts_them_on_every_route_and_names_the_first(run: Any, tmp_path: Path, post: Any) -> None:
    """JSON Lines, Parquet and CSV tables, each by the columnar intake (fast) and by records (exact): the same
    households counted, the first named by its record and its line (by its row of `lines.csv` for CSV)."""
    items = list(households(150, 13, DAY))
    billed = [h for h in items if h.get("members")][7::30]
    for h in billed:
        h["expenses"] = [*(h.get("expenses") or []), dict(BILL)]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items),
                                       encoding="utf-8")
    write_households_parquet(items, tmp_path / "in.parquet", post)
    write_households_csv(items, tmp_path / "t", post)
    first = next(i for i, h in enumerate(items, 1) if h in billed)
    path = f"expenses[{len(billed[0]['expenses']) - 1}]"
    rows = (tmp_path / "t" / "lines.csv").read_text(encoding="utf-8").splitlines()
    row = next(i for i, r in enumerate(rows, 1) if r.startswith(f"{billed[0]['id']},expense,medical,,"))
    decisions = {}
    for source, place, where in (("in.jsonl", f"{tmp_path / 'in.jsonl'}:{first}", path),
                                 ("in.parquet", f"{tmp_path / 'in.parquet'}[row {first}]", path),
                                 ("t", f"{tmp_path / 't' / 'households.csv'}:{first + 1}",
                                  f"{tmp_path / 't' / 'lines.csv'}:{row}")):  # (a row, no path of JSON)
        for engine in ("fast", "exact"):
            summary = tmp_path / f"{source}-{engine}.json"
            result = run("batch", tmp_path / source, "-o", tmp_path / f"{source}-{engine}.jsonl", "--engine", engine,
                         "--date", DAY, "--policy", POST, "-j", 2, "--chunk-size", 40, "--lang", "en",
                         "--summary", summary)
            assert result.exit_code == 0, result.stderr
            assert result.stderr.splitlines()[-1] == (
                f"warning: {len(billed)} households were decided with an expense line that assistance given per "
                f"member counts for no one (the first: {place}, {where}: medical costs paid out of pocket (medical), "
                "20,000.00 yuan/year: written for "
                "the household as a whole, for no member; medical assistance (the highest applicable share) is given "
                "per member, from each member's own \"medical\" lines, so this line gives it to no one); write in "
                "such a line the member whose expense it is and decide the household again"), (source, engine)
            counts = json.loads(summary.read_text(encoding="utf-8"))
            assert counts["memberless_lines"] == len(billed)
            if engine == "fast":
                assert counts["rechecked"] < len(items)  # the columns found them, not the exact evaluator alone
            decisions[source, engine] = (tmp_path / f"{source}-{engine}.jsonl").read_bytes()
    assert len(set(decisions.values())) == 1  # decided alike, whatever the route
    chinese = run("batch", tmp_path / "in.jsonl", "-o", tmp_path / "zh.jsonl", "--date", DAY, "--policy", POST,
                  "--lang", "zh")
    assert chinese.stderr.splitlines()[-1] == (
        f"警告：有 {len(billed)} 户的支出条目因没有写明成员，不计入按成员给予的救助"
        f"（第一户：{tmp_path / 'in.jsonl'}:{first}，"
        f"{path}：医疗费用（个人自付部分）（medical）、20,000.00 元/年：写在整户名下，没有写明成员；"
        "医疗救助（就高不就低）按成员给予，"
        "只计成员本人的 \"medical\" 支出，这一条不计入任何人的救助）；"
        "请在这样的条目中写明是哪位成员的支出，再重新认定")
    plain = tmp_path / "plain.jsonl"
    plain.write_text("".join(json.dumps(h) + "\n" for h in households(150, 13, DAY)), encoding="utf-8")
    result = run("batch", plain, "-o", tmp_path / "p.jsonl", "--date", DAY, "--policy", POST, "--lang", "en",
                 "--summary", tmp_path / "p.json")
    assert "for no one" not in result.stderr
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["memberless_lines"] == 0


def test_a_resumed_batch_keeps_the_count_and_the_first_household() -> None:
    from engine.batch.runner import Summary
    from engine.diagnostics import Said

    done = Summary(doubted=Counter({MEMBERLESS: 2}),
                   doubted_first={MEMBERLESS: (41, Said("expenses[0]: …", "expenses[0]：…"))})
    resumed = Summary()
    resumed.restore(json.loads(json.dumps(done.counts())))  # as the journal keeps the counts
    assert (resumed.doubted[MEMBERLESS], resumed.doubted_first) == (2, done.doubted_first)
    resumed = Summary()
    resumed.restore({k: v for k, v in done.counts().items() if not k.startswith("doubted")})  # an older journal
    assert (resumed.doubted[MEMBERLESS], resumed.doubted_first) == (0, {})
