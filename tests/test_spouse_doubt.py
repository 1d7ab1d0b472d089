"""The head of household or the head's spouse, unable to work, given no one able to support them (`supporter`
"none" or "unable": what 特困 asks for) while the other of the two is of working age (16 to 59 on the day of the
decision) and has income of their own that the policy counts, or is given as able to work: warned of (H015) on every
route, the decision unchanged."""

from __future__ import annotations

import copy
import datetime
import json
import re
from typing import Any

import pytest

from engine.batch.arrow_intake import read_table
from engine.batch.evaluate import Settings
from engine.batch.writers import Columns
from engine.doubts import SPOUSE, doubts
from engine.evaluator import evaluate
from engine.household import validate_household
from engine.loader import load_policy
from tests.helpers import ROOT
from tests.test_batch_arrow import arrow_rows, without_nulls
from tests.test_supported_doubt import DAY, POST, explained_doubts

SICK = ROOT / "tests" / "fixtures" / "households" / "K07-supporter-none-but-working-spouse.json"


@pytest.fixture(scope="module")
def post() -> Any:
    return load_policy(POST)[0]


def _sick() -> dict[str, Any]:
    return dict(json.loads(SICK.read_text(encoding="utf-8")))


def _doubts(data: dict[str, Any], policy: Any, day: datetime.date = DAY) -> list[tuple[str, str, str | None]]:
    household = validate_household(data, policy, today=day)
    return [(d.code, d.where, d.member) for d in doubts(household, policy, day)]


def test_a_sick_husband_given_no_supporter_whose_wife_earns_is_doubted_and_still_decided(post: Any) -> None:
    household = validate_household(_sick(), post, today=DAY)
    found = doubts(household, post, DAY)
    assert [(d.code, d.where, d.kind, d.spouse) for d in found] == [("H015", "members[0] (p1).supporter", "spouse",
                                                                     "p2")]
    assert found[0].message.en == (
        '"p1" is given supporter "none" (no one with a legal duty of support who can support them), but their spouse '
        '"p2", aged 46 on 2026-03-01, has income of their own that the policy counts: income[0], wage income (less '
        "the cost of employment) (wage), 36,000.00 yuan/year")
    assert found[0].message.zh == (
        '成员 "p1" 的法定赡养、抚养、扶养义务人填为 "none"（无），但其配偶 "p2"（2026-03-01 时 46 周岁）'
        "本人有计入家庭收入的收入：income[0]，工资性收入（扣减就业成本）（wage），36,000.00 元/年")
    assert "MCA Doc. [2021] No. 43" in found[0].help.en and "民发〔2021〕43号" in found[0].help.zh
    assert not re.search(r"[\u4e00-\u9fff]", found[0].help.en)  # English, the citation too, as explanations cite it
    assert 'check whether "p2" is able to support "p1", and give supporter "able" if so' in found[0].help.en
    assert "tekun" in evaluate(post, household, DAY).members["p1"]  # a doubt warns; the caseworker decides


def _able_not_earning(d: dict[str, Any]) -> None:
    d["income"].pop(0)
    d["members"][1]["labor_capacity"] = "full"


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["members"][0].update(supporter="unable"), [("H015", "members[0] (p1).supporter", "p1")]),
    (_able_not_earning, [("H015", "members[0] (p1).supporter", "p1")]),  # assessed able to work, no income
    (lambda d: (_able_not_earning(d), d["members"][1].pop("labor_capacity")), []),  # "full" only by default
    (lambda d: (_able_not_earning(d), d["members"][1].update(labor_capacity="weak")), []),
    (lambda d: d["members"][0].pop("supporter"), []),  # "none" by default: not given, not doubted
    (lambda d: d["members"][0].update(supporter="able"), []),
    (lambda d: d["members"][1].update(relation="sibling"), []),
    (lambda d: d["income"][0].update(amount=0), []),
    (lambda d: d["income"][0].update(type="dibao_benefit"), []),  # not counted
    (lambda d: d["income"][0].pop("member"), []),  # the household's, not the spouse's own
    (lambda d: d["members"][1].update(birth_date="1966-03-01"), []),  # 60 on the day
    (lambda d: d["members"][1].update(birth_date="1966-03-02"), [("H015", "members[0] (p1).supporter", "p1")]),  # 59
    (lambda d: d["members"][1].update(birth_date="2010-03-02"), []),  # 15 on the day
    (lambda d: d["members"][1].update(birth_date="2010-03-01"), [("H015", "members[0] (p1).supporter", "p1")]),  # 16
    (lambda d: d["members"][0].update(labor_capacity="weak"), []),  # he can work: "none" is most likely so
    (lambda d: d["members"][0].update(labor_capacity="full", birth_date="1966-03-01"),  # 60, unable by age
     [("H015", "members[0] (p1).supporter", "p1")]),
    (lambda d: (d["members"][0].update(relation="spouse"), d["members"][1].update(relation="head")),
     [("H015", "members[0] (p1).supporter", "p1")]),  # the head's spouse, whose head earns
])
def test_only_the_head_or_spouse_unable_to_work_whose_partner_of_working_age_earns_or_can_work_is_doubted(
        post: Any, change: Any, expected: Any) -> None:
    data = _sick()
    data["members"][1]["labor_capacity"] = "weak"  # so that the wage alone says she can support him
    change(data)
    assert _doubts(data, post) == expected


def test_the_day_of_the_decision_tells_the_spouses_age(post: Any, run: Any, tmp_path: Any) -> None:
    data = _sick()
    data["members"][1]["birth_date"] = "1966-06-15"  # 59 until 2026-06-14
    assert _doubts(data, post, datetime.date(2026, 6, 14)) == [("H015", "members[0] (p1).supporter", "p1")]
    assert _doubts(data, post, datetime.date(2026, 6, 15)) == []
    (tmp_path / "h.json").write_text(json.dumps(data), encoding="utf-8")
    before = run("eval", "--lang", "en", "--date", "2026-06-14", tmp_path / "h.json")
    after = run("eval", "--lang", "en", "--date", "2026-06-15", tmp_path / "h.json")
    assert before.exit_code == after.exit_code == 0, before.stderr + after.stderr
    assert 'their spouse "p2", aged 59 on 2026-06-14' in before.stderr
    assert "H015" not in after.stderr


def test_eval_warns_in_chinese_and_the_explanation_says_it(run: Any) -> None:
    result = run("eval", "--lang", "zh", "--explain", "--date", "2026-03-01", SICK)
    assert result.exit_code == 0, result.stderr
    assert ('members[0] (p1).supporter: 警告[H015]: 成员 "p1" 的法定赡养、抚养、扶养义务人填为 "none"（无），'
            '但其配偶 "p2"') in result.stderr
    assert "夫妻有相互扶养的义务：请核实 \"p2\" 是否有能力扶养 \"p1\"，如是请改填 \"able\"" in result.stderr
    assert ("法定赡养、抚养、扶养义务人（p1）填为“无”，但 p2（配偶，46岁）本人有计入家庭收入的"
            "工资性收入（扣减就业成本）") in result.stdout
    assert explained_doubts(run, SICK) == [("H015", "p1", "none")]


def test_the_english_warning_and_explanation_cite_the_measures_in_english(run: Any) -> None:
    """A caseworker reading the English aloud: what 特困 asks for, and the measures it comes from, in English."""
    result = run("eval", "--lang", "en", "--explain", "--date", "2026-03-01", SICK)
    assert result.exit_code == 0, result.stderr
    [help] = [line for line in result.stderr.splitlines() if "legally bound" in line]
    assert help.strip().startswith("help: a person in extreme poverty (tekun) has no one legally bound to support")
    assert "(Measures for Identifying Persons in Extreme Poverty, MCA Doc. [2021] No. 43)" in help
    [said] = [line for line in result.stdout.splitlines() if "legally bound" in line]
    assert "while a person in extreme poverty (tekun) has no one legally bound to support them, or none able to " \
           "(MCA Doc. [2021] No. 43)" in said
    assert not re.search(r"[\u4e00-\u9fff]", help + said)


@pytest.mark.parametrize(("args", "said"), [
    (["--brief", "--lang", "zh"], "户主（48岁）的法定赡养、抚养、扶养义务人填为“无”，"
                                  "但配偶（46岁）本人有计入家庭收入的"),
    (["--brief", "--lang", "en"], "head of household (aged 48): person with a legal duty of support given as “none”, "
                                  "but spouse (aged 46) has wage income"),
    (["--explain", "--lang", "en"], "person with a legal duty of support (p1) given as “none”, but p2 (spouse, aged "
                                    "46) has wage income"),
])
def test_the_spouse_is_named_once_as_the_output_names_every_member(run: Any, args: list[str], said: str) -> None:
    result = run("eval", "--date", "2026-03-01", *args, SICK)
    assert result.exit_code == 0, result.stderr
    assert said in result.stdout, result.stdout


def test_a_spouse_whose_description_does_not_say_so_is_called_the_spouse(run: Any, tmp_path: Any) -> None:
    reverse = _sick()
    reverse["members"][0]["relation"], reverse["members"][1]["relation"] = "spouse", "head"
    (tmp_path / "h.json").write_text(json.dumps(reverse), encoding="utf-8")
    zh = run("eval", "--date", "2026-03-01", "--brief", "--lang", "zh", tmp_path / "h.json")
    en = run("eval", "--date", "2026-03-01", "--brief", "--lang", "en", tmp_path / "h.json")
    assert zh.exit_code == en.exit_code == 0, zh.stderr + en.stderr
    assert "配偶（48岁）的法定赡养、抚养、扶养义务人填为“无”，但其配偶户主（46岁）本人有计入家庭收入的" in zh.stdout, \
        zh.stdout
    assert ("spouse (aged 48): person with a legal duty of support given as “none”, but their spouse, head of "
            "household (aged 46), has wage income") in en.stdout, en.stdout


def _variants() -> list[dict[str, Any]]:
    """Households doubted and not, on days of their own that put the spouse on either side of 60."""
    sick, able = _sick(), _sick()
    able["id"], able["members"][0]["supporter"] = "K07-able", "able"
    reverse = _sick() | {"id": "K07-reverse"}
    reverse["members"][0]["relation"], reverse["members"][1]["relation"] = "spouse", "head"
    capable = _sick() | {"id": "K07-capable"}
    capable["income"].pop(0)
    unsaid = copy.deepcopy(capable) | {"id": "K07-unsaid"}
    unsaid["members"][1].pop("labor_capacity")
    turning = _sick() | {"id": "K07-turning"}
    turning["members"][1]["birth_date"] = "1966-06-15"
    young, old = turning | {"date": "2026-06-14"}, copy.deepcopy(turning) | {"id": "K07-turned", "date": "2026-06-15"}
    items = [able, *[copy.deepcopy(sick) | {"id": f"K07-{i}"} for i in range(3)], reverse, capable, unsaid, young, old]
    return [{"date": DAY.isoformat()} | h for h in items]


def test_the_fast_engine_finds_them_as_the_record_route(post: Any) -> None:
    items = _variants()
    settings = Settings((post,), post, "policy", None, DAY, False, "en", "parquet", "fast", Columns.of([post], False))
    intake = read_table(arrow_rows(items, post), settings)
    assert intake is not None and intake.rest.tolist() == []
    exact = {}
    for h in items:
        day = datetime.date.fromisoformat(h["date"])
        exact[h["id"]] = SPOUSE in {d.kind for d in doubts(validate_household(without_nulls(h), post, today=day),
                                                               post, day)}
    fast = {i: bool(flag) for group in intake.groups
            for i, flag in zip(group.ids.to_pylist(), group.doubted[SPOUSE].tolist(), strict=True)}
    assert fast == exact
    assert [i for i, doubted in exact.items() if doubted] == ["K07-0", "K07-1", "K07-2", "K07-reverse", "K07-capable",
                                                              "K07-turning"]


def test_batch_counts_them_alike_on_both_engines(run: Any, tmp_path: Any) -> None:
    items = _variants()
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items),
                                       encoding="utf-8")
    for engine in ("fast", "exact"):
        summary = tmp_path / f"{engine}.json"
        result = run("batch", tmp_path / "in.jsonl", "-o", tmp_path / f"{engine}.jsonl", "--engine", engine,
                     "--policy", POST, "--lang", "en", "--summary", summary)
        assert result.exit_code == 0, result.stderr
        assert (
            "warning: 6 households were decided with a member given no one able to support them though their spouse, "
            f"of working age, has income of their own or is able to work (the first: {tmp_path / 'in.jsonl'}:2, "
            'members[0] (p1).supporter: "p1" is given supporter "none"') in result.stderr, result.stderr
        assert json.loads(summary.read_text(encoding="utf-8"))["no_supporter_but_working_spouse"] == 6
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "exact.jsonl").read_bytes()


@pytest.mark.parametrize("lang, one, many", [
    ("en", "check whether the spouse is able to support the member: if so, correct it and decide again; the household "
           "was decided with it as given",
     "check whether the spouse is able to support the members: if so, correct the value of each and decide again; "
     "the household was decided with the values as given"),
    ("zh", "请核实配偶是否有能力扶养，如是请改正后重新认定；已按所填认定", None),
])
def test_what_to_check_of_the_spouse_agrees_in_number_with_the_members(run: Any, tmp_path: Any, lang: str, one: str,
                                                                       many: str | None) -> None:
    """Two members given as the head, both unable to work and given no supporter, whose spouse earns: one finding for
    both, and what to check said `the member` of the two. It says `the members` now; one member keeps `the member`.
    Chinese, which does not mark the number, says one and several alike."""
    data = _sick()
    data["members"].append({**data["members"][0], "id": "p4", "birth_date": "1960-01-01"})
    path = tmp_path / "h.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for how in (("--explain",), ("--brief",), ("--explain", "--format", "markdown")):
        two = run("eval", "--lang", lang, *how, "--date", "2026-03-01", path).stdout
        assert ("(p1, p4)" in two or "（p1、p4）" in two or "p4`" in two or "60" in two), two
        assert two.count(many or one) == 1, two
        if many is not None:
            assert one not in two
        alone = run("eval", "--lang", lang, *how, "--date", "2026-03-01", SICK).stdout
        assert alone.count(one) == 1 and (many is None or many not in alone), alone
