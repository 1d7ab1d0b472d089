"""What a failed condition's hint tells a family it can check: income as received, and the day a member comes of age."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import jsonschema
import pytest

from engine.brief import render_brief
from engine.evaluator import program_for
from engine.explain import explain
from engine.explain.birthdays import anniversary
from engine.explain.coming_of_age import year_of_grants
from engine.loader import load_policy
from engine.render import render_text
from tests.helpers import (
    ROOT,
    county_standards,
    decide,
    household,
    member,
    member_of,
    policy_from_text,
    with_winter_subsidy,
)

POLICY = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
SCHEMA = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))


def tree(data: dict[str, Any], day: str, lang: str) -> dict[str, Any]:
    explained = explain(decide(POLICY, data, day), lang)
    jsonschema.validate(explained, SCHEMA)
    return explained


def clause(t: dict[str, Any], category: str, clause_id: str, member: int | None = None) -> dict[str, Any]:
    c = next(c for c in t["categories"] if c["id"] == category)
    if member is not None:
        c = c["members"][member]
    return next(x for x in c["clauses"] if x["id"] == clause_id)


def worker(born: str = "1975-05-01", **fields: Any) -> dict[str, Any]:
    return member_of("p1", "head", born, labor_capacity="full", **fields)


# income as received ---------------------------------------------------------------------------------------------


def test_a_wage_counted_at_80_percent_is_said_as_the_wage_the_family_receives():
    data = household([worker()], [{"type": "wage", "member": "p1", "amount": 9000}])  # 7,200.00 counted
    zh = clause(tree(data, "2026-03-01", "zh"), "dibao", "income")
    # counted income must be below 6,120.00: 1,080.00 less, which is 1,350.00 less of a wage counted at 80%
    assert zh["would_hold_if"] == (
        "若家庭年人均收入低于 6,120.00 元/年（现为 7,200.00 元/年），这一条件即可满足；"
        "按实得收入算，工资性收入（扣减就业成本）低于 7,650.00 元/年"
        "（现为 9,000.00 元/年，差 1,350.00 元/年；按 80% 计入）")
    assert zh["as_received"] == [{"income": ["wage"], "share": "80%", "target": "7,650.00 元/年",
                                  "now": "9,000.00 元/年", "gap": "1,350.00 元/年", "member": "p1"}]
    en = clause(tree(data, "2026-03-01", "en"), "dibao", "income")
    assert en["would_hold_if"].endswith(
        "; in income as received: wage income (less the cost of employment) below 7,650.00 yuan/year "
        "(now 9,000.00 yuan/year, a gap of 1,350.00 yuan/year; 80% of it counted)")
    # in the member's own rule, the wage is their own (a member unable to work: income alone stands in the way)
    unable = household([worker(disability_type="physical", disability_grade=2)],
                       [{"type": "wage", "member": "p1", "amount": 9000}])
    tekun = clause(tree(unable, "2026-03-01", "en"), "tekun", "no_source_of_living", member=0)
    assert "in income as received: own wage income (less the cost of employment) below 7,650.00 yuan/year" \
        in tekun["would_hold_if"]


def test_the_wages_of_several_members_are_said_together_in_the_household_total_with_whose_they_are():
    two = [worker(), member_of("p2", "spouse", "1977-01-01", labor_capacity="full")]
    data = household(two, [{"type": "wage", "member": "p1", "amount": 9000},
                           {"type": "wage", "member": "p2", "amount": 9000}])  # per head 7,200.00
    income = clause(tree(data, "2026-03-01", "zh"), "dibao", "income")
    # 14,400.00 counted must be below 12,240.00: 2,160.00 counted, 2,700.00 of wages; 18,000.00 is the two wages
    # together, which a family hears as one wage unless it is told whose and that it is their sum
    assert income["would_hold_if"].endswith(
        "；按实得收入算，p1 和 p2 的工资性收入（扣减就业成本）合计低于 15,300.00 元/年"
        "（现为 18,000.00 元/年，差 2,700.00 元/年；按 80% 计入）")
    assert [(item.get("member"), item.get("members")) for item in income["as_received"]] == [(None, ["p1", "p2"])]
    en = tree(data, "2026-03-01", "en")
    assert clause(en, "dibao", "income")["would_hold_if"].endswith(
        "; in income as received: wage income (less the cost of employment) of p1 and p2 together below "
        "15,300.00 yuan/year (now 18,000.00 yuan/year, a gap of 2,700.00 yuan/year; 80% of it counted)")
    # the brief names them as it names members everywhere
    assert "；按实得收入算，户主（50岁）和配偶（49岁）的工资性收入（扣减就业成本）合计低于 15,300.00 元/年" \
        in render_brief(tree(data, "2026-03-01", "zh"))
    assert "wage income (less the cost of employment) of head of household (aged 50) and spouse (aged 49) together " \
        "below 15,300.00 yuan/year" in render_brief(en)


def test_income_of_mixed_shares_says_each_kind_in_its_own_terms_and_invents_no_one_figure():
    two = [worker(), member_of("p2", "spouse", "1977-01-01", labor_capacity="full")]
    data = household(two, [{"type": "wage", "member": "p1", "amount": 12000},  # 9,600.00 counted
                           {"type": "agriculture", "amount": 3000}])  # counted in full: per head 6,300.00
    zh = clause(tree(data, "2026-03-01", "zh"), "dibao", "income")
    # counted 12,600.00 must be below 12,240.00: 360.00 less counted is 450.00 of wage, or 360.00 of farming
    assert zh["would_hold_if"].endswith(
        "；按实得收入算，其他收入不变时，以下任一项即可："
        "p1 的工资性收入（扣减就业成本）低于 11,550.00 元/年（现为 12,000.00 元/年，差 450.00 元/年；按 80% 计入）；"
        "或种养殖业净收入低于 2,640.00 元/年（现为 3,000.00 元/年，差 360.00 元/年；全额计入）")
    assert [(x["income"], x["share"], x["target"]) for x in zh["as_received"]] == [
        (["wage"], "80%", "11,550.00 元/年"), (["agriculture"], "100%", "2,640.00 元/年")]
    en = tree(data, "2026-03-01", "en")
    assert clause(en, "dibao", "income")["would_hold_if"].endswith(
        "; in income as received, the rest unchanged, any one of these would do: wage income (less the cost of "
        "employment) of p1 below 11,550.00 yuan/year (now 12,000.00 yuan/year, a gap of 450.00 yuan/year; 80% of it "
        "counted); or net farming income below 2,640.00 yuan/year (now 3,000.00 yuan/year, a gap of 360.00 yuan/year; "
        "counted in full)")
    # the brief names the member as it names them everywhere, not by id
    said = render_brief(en)
    assert "wage income (less the cost of employment) of head of household (aged 50) below 11,550.00" in said
    zh_brief = render_brief(tree(data, "2026-03-01", "zh"))
    assert "户主（50岁）的工资性收入（扣减就业成本）低于 11,550.00 元/年" in zh_brief
    # the head's own income: 9,600.00 + half the farm 1,500.00; farming alone cannot bring it below 6,120.00 (a
    # head unable to work, so that income is what stands in the way of tekun)
    two[0] = worker(disability_type="physical", disability_grade=2)
    own = clause(tree(data, "2026-03-01", "en"), "tekun", "no_source_of_living", member=0)
    assert "in income as received, the rest unchanged: own wage income (less the cost of employment) below " \
        "5,775.00 yuan/year (now 12,000.00 yuan/year, a gap of 6,225.00 yuan/year; 80% of it counted)" \
        in own["would_hold_if"]
    assert [x["income"] for x in own["as_received"]] == [["wage"]]


def test_where_no_one_kind_of_income_alone_would_do_the_shares_are_said():
    two = [worker(disability_type="physical", disability_grade=2),
           member_of("p2", "spouse", "1977-01-01", labor_capacity="full")]
    # own income 8,000.00 + half of 14,000.00 = 15,000.00; neither kind alone can take 8,880.00 off it
    data = household(two, [{"type": "wage", "member": "p1", "amount": 10000},
                           {"type": "agriculture", "amount": 14000}])
    zh = clause(tree(data, "2026-03-01", "zh"), "tekun", "no_source_of_living", member=0)
    assert zh["would_hold_if"].startswith(
        "若本人收入（含家庭共同收入人均份额）低于 6,120.00 元/年（现为 15,000.00 元/年），这一条件即可满足；"
        "计入收入不等于实得收入：工资性收入（扣减就业成本）按 80% 计入，种养殖业净收入全额计入")
    assert "as_received" not in zh
    en = clause(tree(data, "2026-03-01", "en"), "tekun", "no_source_of_living", member=0)
    assert "; counted income is not income as received: wage income (less the cost of employment): 80% of it " \
        "counted; net farming income: counted in full" in en["would_hold_if"]


def test_income_counted_in_full_needs_no_second_figure():
    data = household([worker()], [{"type": "agriculture", "amount": 9000}])
    income = clause(tree(data, "2026-03-01", "en"), "dibao", "income")
    # one member: the household's counted income is the per-head figure, not said again as `that is, …`
    assert income["would_hold_if"] == ("this condition would be met if annual per-capita income were below "
                                       "6,120.00 yuan/year (now 9,000.00 yuan/year)")
    assert "as_received" not in income


# the day a member comes of age ------------------------------------------------------------------------------------


def alone(born: str) -> dict[str, Any]:
    """A woman alone, weak, no supporter and no income: tekun but for her age."""
    return household([member_of("p1", "head", born, sex="female", labor_capacity="weak")])


def test_a_member_of_age_within_the_year_is_told_the_day():
    data = alone("1966-12-15")  # 59 years and 11 months on 2026-11-28
    zh = clause(tree(data, "2026-11-28", "zh"), "tekun", "no_labour_capacity", member=0)
    assert not zh["verdict"]
    assert zh["would_hold_if"] == "将于 2026-12-15 年满 60 周岁，届时这一条件即可满足"
    assert zh["turns_age"] == {"member": "p1", "age": 60, "date": "2026-12-15"}
    en = clause(tree(data, "2026-11-28", "en"), "tekun", "no_labour_capacity", member=0)
    # a whole sentence under the member, as the brief says it: English cannot go without its subject
    assert en["would_hold_if"] == "p1 will turn 60 on 2026-12-15, and this condition is met from that day"
    from engine.render import render_text
    assert "            → p1 will turn 60 on 2026-12-15, and this condition is met from that day" \
        in render_text(tree(data, "2026-11-28", "en"))
    brief = render_brief(tree(data, "2026-11-28", "zh"))
    # the reason has named the condition: the day follows it, with whose birthday it is
    assert "这一条件：户主（59岁）将于 2026-12-15 年满 60 周岁，届时这一条件即可满足。" in brief


@pytest.mark.parametrize("day", ["2025-12-14", "2025-06-01"])
def test_a_birthday_more_than_a_year_off_is_not_promised(day: str):
    explained = clause(tree(alone("1966-12-15"), day, "en"), "tekun", "no_labour_capacity", member=0)
    assert not explained["verdict"]
    assert "would_hold_if" not in explained and "turns_age" not in explained


def test_the_day_is_a_year_off_at_most_and_not_said_once_reached():
    one_year = clause(tree(alone("1966-12-15"), "2025-12-15", "en"), "tekun", "no_labour_capacity", member=0)
    assert one_year["turns_age"]["date"] == "2026-12-15"
    reached = clause(tree(alone("1966-12-15"), "2026-12-15", "en"), "tekun", "no_labour_capacity", member=0)
    assert reached["verdict"] and "turns_age" not in reached


def test_a_hint_of_age_where_another_condition_fails_too_says_that_it_alone_is_not_enough():
    data = household([member_of("p1", "head", "1966-12-15", sex="female", labor_capacity="weak")],
                     [{"type": "agriculture", "member": "p1", "amount": 9000}])
    hint = clause(tree(data, "2026-11-28", "zh"), "tekun", "no_labour_capacity", member=0)["would_hold_if"]
    assert hint == ("将于 2026-12-15 年满 60 周岁，届时这一条件即可满足；"
                    "但“本人收入（含家庭共同收入人均份额）低于低保标准（无生活来源）”这一条件也不满足，仅此一项仍不能认定")


def test_one_born_on_29_february_comes_of_age_on_that_day_in_a_leap_year():
    explained = clause(tree(alone("1964-02-29"), "2023-12-01", "zh"), "tekun", "no_labour_capacity", member=0)
    assert explained["would_hold_if"] == "将于 2024-02-29 年满 60 周岁，届时这一条件即可满足"


@pytest.mark.parametrize("years", [1, 2, 3, 4, 5, 60, 61])
def test_a_birthday_on_29_february_is_counted_as_the_rule_languages_age_counts_it(years: int):
    born = datetime.date(1964, 2, 29)
    day = anniversary(born, years)
    assert day == (datetime.date(1964 + years, 2, 29) if (1964 + years) % 4 == 0
                   else datetime.date(1964 + years, 3, 1))
    program = program_for(POLICY)
    for on, expected in ((day - datetime.timedelta(days=1), years - 1), (day, years)):
        decision = decide(POLICY, alone(born.isoformat()), on.isoformat())
        assert decision.evaluation is not None
        member = decision.evaluation.members[0]
        assert program.member_definitions["age"](member) == expected, on


# the day a condition a category rests on stops holding -------------------------------------------------------------


def minor(born: str, **fields: Any) -> dict[str, Any]:
    """A child alone at university, no supporter and no income: tekun as a minor in school, until 18 (第十条 keeps
    tekun at 18 only those still in compulsory education or senior secondary school)."""
    return household([member_of("p1", "head", born, **{"labor_capacity": "weak", "student": "higher", **fields})])


def test_a_minor_qualifying_by_age_is_told_the_day_it_ends():
    zh_tree = tree(minor("2008-05-20"), "2026-03-01", "zh")
    zh = clause(zh_tree, "tekun", "no_labour_capacity", member=0)
    assert zh["verdict"]
    assert zh["holds_until"] == "将于 2026-05-20 年满 18 周岁，届时这一条件不再满足"
    assert zh["stops_holding"] == {"member": "p1", "age": 18, "date": "2026-05-20"}
    assert "turns_age" not in zh and "would_hold_if" not in zh
    en_tree = tree(minor("2008-05-20"), "2026-03-01", "en")
    en = clause(en_tree, "tekun", "no_labour_capacity", member=0)
    assert en["holds_until"] == "p1 will turn 18 on 2026-05-20, and from that day this condition no longer holds"
    # the brief tells it once, on the line of the support it ends, with what it brings; `policy test`'s lines of the
    # category alone say it after the conditions met, for the caseworker to plan the reassessment
    from engine.brief import category_lines
    zh_brief = render_brief(zh_tree)
    assert zh_brief.count("将于 2026-05-20 年满 18 周岁") == 1
    assert ("特困人员基本生活费——户主（17岁）：663.00 元/月，至 2026-05-19（试点工作专班）；"
            "将于 2026-05-20 年满 18 周岁，届时不再符合这一措施的条件") in zh_brief
    # (named just before among the conditions met: said again by its words before the bracket)
    assert ("“无劳动能力”：将于 2026-05-20 年满 18 周岁，届时这一条件不再满足。"
            in category_lines(zh_tree, ["tekun"])["tekun"])
    # in English with its subject, which a sentence read aloud cannot go without
    assert render_brief(en_tree).count("head of household (aged 17) will turn 18 on 2026-05-20") == 1
    assert ("“unable to work”: p1 (head of household, aged 17) will turn 18 on 2026-05-20, and from that day this "
            "condition no longer holds.") in category_lines(en_tree, ["tekun"])["tekun"]
    from engine.render import render_text
    assert "    → p1 will turn 18 on 2026-05-20, and from that day this condition no longer holds" \
        in render_text(en_tree)


def test_a_pupil_at_high_school_is_not_told_that_18_ends_it():
    """第十条: one still at senior high school at 18 stays unable to work; a day of 18 would tell of a loss that is
    none."""
    for student in ("high_school", "compulsory"):
        explained = clause(tree(minor("2008-05-20", student=student), "2026-03-01", "en"), "tekun",
                           "no_labour_capacity", member=0)
        assert explained["verdict"] and "stops_holding" not in explained and "holds_until" not in explained, student
        at_18 = clause(tree(minor("2008-05-20", student=student), "2026-05-20", "en"), "tekun",
                       "no_labour_capacity", member=0)
        assert at_18["verdict"], student


def test_a_child_out_of_school_is_told_the_day_they_turn_16():
    """Under 16 a child is unable to work in or out of school; at 16, out of school, they no longer are."""
    explained = clause(tree(minor("2010-05-20", student="none"), "2026-03-01", "zh"), "tekun", "no_labour_capacity",
                       member=0)
    assert explained["holds_until"] == "将于 2026-05-20 年满 16 周岁，届时这一条件不再满足"
    in_school = clause(tree(minor("2010-05-20", student="compulsory"), "2026-03-01", "en"), "tekun",
                       "no_labour_capacity", member=0)
    assert in_school["verdict"] and "stops_holding" not in in_school  # 18 is more than a year away


def test_a_member_of_18_at_university_is_told_the_part_of_unable_to_work_their_age_fails():
    """第十条 keeps one past 18 unable to work only in compulsory education or senior secondary school: one of 18 at
    university heard only that “unable to work (…)” is not met, though in school, as its label says."""
    label = {"zh": "无劳动能力（老年人、未满16周岁或在校就读的未成年人、仍在读义务教育或高中阶段的、"
                   "重度残疾人或经评估无劳动能力）",
             "en": "unable to work (elderly / minor under 16 or in school / still in compulsory or senior secondary "
                   "school / severely disabled / assessed as unable to work)"}
    # past 18 the condition still holds by its other alternatives (a severe disability, 60 or over): "only" is said
    # of the schooling the rule reads, not of the whole condition
    past = {"zh": "在读学段为“高等教育”时，须未满 18 周岁才符合这一条件，现已 18 周岁；"
                  "年满 18 周岁后，在读学段仅“义务教育”或“高中阶段”仍计入",
            "en": "with level of schooling “higher education”, this condition holds only under the age of 18, "
                  "and the member is 18; from 18 on, level of schooling still counts toward this condition only at "
                  "“compulsory education” or “senior high school”"}
    for lang, reason in (("zh", "未认定，因为不满足“{label}”这一条件：{past}。"),
                         ("en", "not assigned, because the condition “{label}” is not met: {past}.")):
        t = tree(minor("2007-09-01"), "2026-03-01", lang)
        explained = clause(t, "tekun", "no_labour_capacity", member=0)
        assert not explained["verdict"] and explained["past_age"] == past[lang]
        assert reason.format(label=label[lang], past=past[lang]) in render_brief(t)
        assert f"→ {past[lang]}" in render_text(t)
    # out of school at 18, no part of it is met: nothing to say; at high school, it is met
    for student in ("none", "high_school"):
        explained = clause(tree(minor("2007-09-01", student=student), "2026-03-01", "en"), "tekun",
                           "no_labour_capacity", member=0)
        assert "past_age" not in explained, student


def test_what_holds_past_the_age_is_said_of_the_values_the_age_bound_part_reads_not_as_the_only_way():
    """An alternative past the age that asks more than a value of schooling is said whole, still as what schooling
    counts for, not as all that meets the condition."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    old = 'student in {"compulsory", "high_school"} or'
    assert old in text
    other = policy_from_text(text.replace(old, '(student == "high_school" and labor_capacity == "weak") or'))
    said = {"zh": "；年满 18 周岁后，在读学段仅当在读学段为“高中阶段” 且 劳动能力为“弱劳动能力”时仍计入",
            "en": "; from 18 on, level of schooling still counts toward this condition only where level of schooling "
                  "is “senior high school” and capacity to work is “weak”"}
    for lang in ("zh", "en"):
        explained = explain(decide(other, minor("2007-09-01"), "2026-03-01"), lang)
        assert clause(explained, "tekun", "no_labour_capacity", member=0)["past_age"].endswith(said[lang])


def test_a_disabled_minor_still_unable_to_work_at_18_is_not_warned():
    data = minor("2008-05-20", disability_type="physical", disability_grade=1)
    explained = clause(tree(data, "2026-03-01", "en"), "tekun", "no_labour_capacity", member=0)
    assert explained["verdict"] and "holds_until" not in explained and "stops_holding" not in explained


def test_a_minor_whose_category_fails_anyway_is_not_warned():
    data = minor("2008-05-20")
    data["members"][0]["supporter"] = "able"  # someone supports the child: not tekun, whatever the age
    t = tree(data, "2026-03-01", "en")
    assert t["result"]["members"] == {}
    assert "stops_holding" not in clause(t, "tekun", "no_labour_capacity", member=0)


@pytest.mark.parametrize(("day", "said"), [("2025-05-20", "2026-05-20"), ("2025-05-19", None),
                                           ("2026-05-19", "2026-05-20"), ("2026-05-20", None)])
def test_the_end_is_said_a_year_ahead_at_most_and_not_once_past(day: str, said: str | None):
    explained = clause(tree(minor("2008-05-20"), day, "en"), "tekun", "no_labour_capacity", member=0)
    assert explained.get("stops_holding", {}).get("date") == said
    if day == "2026-05-20":  # 18 today: no longer a minor, and 60 is far off
        assert not explained["verdict"] and "turns_age" not in explained


def test_a_minor_born_on_29_february_comes_of_age_on_1_march_in_a_common_year():
    explained = clause(tree(minor("2008-02-29"), "2025-03-15", "zh"), "tekun", "no_labour_capacity", member=0)
    assert explained["holds_until"] == "将于 2026-03-01 年满 18 周岁，届时这一条件不再满足"


# household conditions over the members' ages ------------------------------------------------------------------------

CARE = """
  - id: care
    level: household
    label: {zh: 老幼同住家庭, en: household of the old and the young}
    when:
      - id: elder
        label: {zh: 有年满60周岁的成员, en: a member aged 60 or more}
        test: any(members where age >= 60)
      - id: young
        label: {zh: 有未满16周岁的成员, en: a member under 16}
        test: count(members where age < 16) >= 1

abolished:"""
CARING = policy_from_text((ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
                          .replace("\nabolished:", CARE, 1))


def care(members: list[dict[str, Any]], day: str, lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
    explained = explain(decide(CARING, household(members), day), lang)
    jsonschema.validate(explained, SCHEMA)
    return explained, next(c for c in explained["categories"] if c["id"] == "care")


def test_a_household_condition_a_member_meets_within_the_year_names_the_member_and_the_day():
    members = [member_of("p1", "head", "1966-12-15", labor_capacity="weak"), member_of("p2", "child", "2015-01-01")]
    zh_tree, zh = care(members, "2026-11-28", "zh")
    elder = zh["clauses"][0]
    assert not elder["verdict"]
    assert elder["turns_age"] == {"member": "p1", "age": 60, "date": "2026-12-15"}
    assert elder["would_hold_if"] == "p1 将于 2026-12-15 年满 60 周岁，届时这一条件即可满足"
    assert "户主（59岁）将于 2026-12-15 年满 60 周岁，届时这一条件即可满足" in render_brief(zh_tree)
    en_tree, en = care(members, "2026-11-28", "en")
    assert en["clauses"][0]["would_hold_if"] == "p1 will turn 60 on 2026-12-15, and this condition is met from that day"
    assert "head of household (aged 59) will turn 60 on 2026-12-15" in render_brief(en_tree)


def test_a_household_condition_ends_on_the_birthday_that_turns_it_not_on_an_earlier_one():
    # two under 16: the first to turn 16 leaves one, the second none
    members = [member_of("p1", "head", "1960-12-15", labor_capacity="weak"), member_of("p2", "child", "2010-12-30"),
               member_of("p3", "child", "2011-01-01")]
    _, zh = care(members, "2026-11-28", "zh")
    assert zh["assigned"]
    young = zh["clauses"][1]
    assert young["stops_holding"] == {"member": "p3", "age": 16, "date": "2027-01-01"}
    assert young["holds_until"] == "p3 将于 2027-01-01 年满 16 周岁，届时这一条件不再满足"
    en_tree, en = care(members, "2026-11-28", "en")
    assert en["clauses"][1]["holds_until"] == "p3 will turn 16 on 2027-01-01, and from that day this condition no " \
        "longer holds"
    assert "child (aged 15, born January 2011) will turn 16 on 2027-01-01" in render_brief(en_tree)


def test_a_member_past_the_age_or_too_far_from_it_changes_nothing():
    members = [member_of("p1", "head", "1960-12-15", labor_capacity="weak"), member_of("p2", "child", "2010-11-27"),
               member_of("p3", "child", "2012-01-01")]
    _, en = care(members, "2026-11-28", "en")  # p2 turned 16 yesterday; p3 turns 16 in 2028
    assert en["assigned"]
    assert all("stops_holding" not in c and "turns_age" not in c for c in en["clauses"])


def test_a_member_born_on_29_february_turns_the_household_condition_on_that_day_in_a_leap_year():
    members = [member_of("p1", "head", "1960-12-15", labor_capacity="weak"), member_of("p2", "child", "2012-02-29")]
    _, en = care(members, "2027-03-15", "en")
    assert en["clauses"][1]["stops_holding"] == {"member": "p2", "age": 16, "date": "2028-02-29"}


def test_a_rule_that_reads_ages_otherwise_than_against_a_fixed_age_is_given_no_day():
    # `max(members, age)` turns on any birthday: no day named by a threshold can be promised
    other = policy_from_text((ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8").replace(
        "\nabolished:", CARE.replace("test: any(members where age >= 60)",
                                     "test: any(members where age >= 60) or max(members, age) > 90"), 1))
    members = [member_of("p1", "head", "1966-12-15", labor_capacity="weak"), member_of("p2", "child", "2015-01-01")]
    explained = explain(decide(other, household(members), "2026-11-28"), "en")
    elder = next(c for c in explained["categories"] if c["id"] == "care")["clauses"][0]
    assert not elder["verdict"] and "turns_age" not in elder and "would_hold_if" not in elder


# measures a member's birthday ends or brings ----------------------------------------------------------------------


def grandmother_and_minor() -> dict[str, Any]:
    """Both tekun, so no dibao benefit; at 18 the grandson, at university (第十条 keeps only compulsory and senior
    secondary school) and not assessed unable to work, is tekun no longer."""
    return household([member_of("p1", "head", "1951-12-01", sex="female", labor_capacity="weak"),
                      member_of("p2", "grandchild", "2008-05-20", labor_capacity="weak", student="higher")],
                     [{"type": "agriculture", "amount": 3000}])


def test_a_measure_granted_by_a_category_a_birthday_ends_says_the_day_and_one_it_brings_says_it_too():
    zh_tree = tree(grandmother_and_minor(), "2026-03-01", "zh")
    grants = {(g["id"], g.get("member")): g for g in zh_tree["assistance"]}
    living = grants[("tekun_support", "p2")]
    assert living["stops_holding"] == {"member": "p2", "age": 18, "date": "2026-05-20"}
    assert living["holds_until"] == ("将于 2026-05-20 年满 18 周岁，届时不再符合这一措施的条件；届时可得"
                                     "最低生活保障金（按月补差发放，特困人员不重复计入），按现行政策 385.00 元/月")
    # still dibao at 18: medical assistance goes on (under the dibao option), so nothing is said of it
    assert "stops_holding" not in grants[("medical_assistance", "p2")]
    assert all("stops_holding" not in g for (_, member), g in grants.items() if member == "p1")
    # with a member no longer tekun, the dibao benefit is given
    benefit = next(w for w in zh_tree["withheld"] if w["id"] == "dibao_benefit")
    assert benefit["turns_age"] == {"member": "p2", "age": 18, "date": "2026-05-20"}
    assert benefit["would_hold_if"] == "p2 将于 2026-05-20 年满 18 周岁，届时即符合这一措施的条件"
    brief = render_brief(zh_tree)
    assert "特困人员基本生活费——孙子女（17岁）：663.00 元/月，至 2026-05-19（试点工作专班）；" \
        "将于 2026-05-20 年满 18 周岁，届时不再符合这一措施的条件" in brief
    en_tree = tree(grandmother_and_minor(), "2026-03-01", "en")
    from engine.render import render_markdown, render_text
    assert "      → p2 will turn 18 on 2026-05-20, and the conditions of this measure are met from that day" \
        in render_text(en_tree)
    assert "→ `p2` will turn 18 on 2026-05-20, and from that day the conditions of this measure are no longer met; " \
        in render_markdown(en_tree)  # the member's id as code, as the report writes it


def test_a_birthday_that_ends_a_support_and_brings_the_benefit_is_told_once_in_the_brief():
    """Read aloud, the grandson's 18th birthday was told three times — under tekun's conditions, on his support's
    line and on the dibao benefit's — and the benefit was heard both as given (`385.00 元/月`) and as not given. The
    support's line tells it, with what it brings; the benefit's line says when it is given, linked to that line."""
    for lang, turns, linked in (
            ("zh", "将于 2026-05-20 年满 18 周岁",
             "✘ 最低生活保障金（按月补差发放，特困人员不重复计入）：未给予，因为所有成员都属于“特困人员”；"
             "自 2026-05-20 起给予，即上文孙子女（17岁）的特困人员基本生活费停发之时\n"),
            ("en", "will turn 18 on 2026-05-20",
             "✘ dibao benefit (the monthly gap to the standard; tekun members excepted): not given, because every "
             "member is a “person in extreme poverty (tekun)”; given from 2026-05-20, when the basic living support "
             "for persons in extreme poverty of grandchild (aged 17) ends, as said above\n")):
        t = tree(grandmother_and_minor(), "2026-03-01", lang)
        said = render_brief(t)
        assert said.count(turns) == 1, said
        support = next(line for line in said.splitlines() if turns in line)
        assert "663.00" in support and "385.00" in support, support
        assert linked in said, said
        assert render_text(t).count(turns) == 3  # `--explain` stays complete: each entry says its day


def widow_and_disabled_son(born: str = "1966-03-01") -> dict[str, Any]:
    """A widow of 59, weak, and her son tekun for his disability: a dibao household; at 60 she is tekun too."""
    return household([member_of("p1", "head", born, sex="female", labor_capacity="weak"),
                      member_of("p2", "child", "1995-05-05", disability_grade=1, disability_type="physical",
                                labor_capacity="none")],
                     [{"type": "agriculture", "amount": 3000}])


TRANSITION_TEXT = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")  # in force until 2025-12-31
OWN_INCOME = "test: own_income_with_share < dibao_standard\n"


def aged_line_policy() -> Any:
    """The transition policy with tekun's income line raised at 60: income or a birthday may each meet it."""
    assert TRANSITION_TEXT.count(OWN_INCOME) == 1
    return policy_from_text(TRANSITION_TEXT.replace(
        OWN_INCOME, "test: own_income_with_share < (if age >= 60 then marginal_line else dibao_standard)\n"))


def unable_earning(born: str) -> dict[str, Any]:
    """A woman alone, unable to work, no supporter, 7,000 a year of her own: above the dibao line, below the
    margin's."""
    return household([member_of("p1", "head", born, sex="female", labor_capacity="none")],
                     [{"type": "agriculture", "member": "p1", "amount": 7000}])


@pytest.mark.parametrize(("lang", "hint"), [
    ("zh", "若本人收入（含家庭共同收入人均份额）低于 5,880.00 元/年（现为 7,000.00 元/年），这一条件即可满足"),
    ("en", "this condition would be met if own income including a per-head share of the household's common income "
           "were below 5,880.00 yuan/year (now 7,000.00 yuan/year)"),
])
def test_a_birthday_after_the_policy_ends_is_not_offered_beside_an_income_hint(lang: str, hint: str):
    aged = aged_line_policy()
    explained = explain(decide(aged, unable_earning("1966-03-01"), "2025-09-10"), lang)  # 60 on 2026-03-01
    jsonschema.validate(explained, SCHEMA)
    income = clause(explained, "tekun", "no_source_of_living", member=0)
    assert income["would_hold_if"] == hint
    assert "turns_age" not in income
    for said in (render_brief(explained), render_text(explained)):
        assert "2026-03-01" not in said
    # a birthday within the policy is a way to meet it, said beside the income
    within = explain(decide(aged, unable_earning("1965-12-01"), "2025-09-10"), lang)
    income = clause(within, "tekun", "no_source_of_living", member=0)
    assert income["would_hold_if"].startswith(hint) and "2025-12-01" in income["would_hold_if"]
    assert income["turns_age"] == {"member": "p1", "age": 60, "date": "2025-12-01"}


def test_a_birthday_after_the_policy_ends_does_not_make_an_income_hint_worth_its_figures():
    """A woman of 59 who can work, 9,000 a year of her own: tekun asks her to be unable to work, which at 60 she
    is, but on a day after the transition policy ends; till then no income of hers brings tekun."""
    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]
    data = household([member_of("p1", "head", "1966-03-01", sex="female", labor_capacity="weak")],
                     [{"type": "agriculture", "member": "p1", "amount": 9000}])
    zh = explain(decide(transition, data, "2025-09-10"), "zh")
    income = clause(zh, "tekun", "no_source_of_living", member=0)
    assert income["would_hold_if"].startswith("另有“无劳动能力"), income["would_hold_if"]
    assert "收入变化不能改变认定结果" in income["would_hold_if"]
    assert "若本人收入" not in render_brief(zh)
    # a birthday within the policy makes income decide from that day: its figures are said
    data["members"][0]["birth_date"] = "1965-12-01"
    zh = explain(decide(transition, data, "2025-09-10"), "zh")
    assert clause(zh, "tekun", "no_source_of_living", member=0)["would_hold_if"].startswith("若本人收入")


def test_a_birthday_that_ends_a_measure_says_what_it_brings_instead_once():
    zh_tree = tree(widow_and_disabled_son("1967-03-01"), "2026-09-10", "zh")
    grants = {(g["id"], g.get("member")): g for g in zh_tree["assistance"]}
    benefit = grants[("dibao_benefit", None)]
    assert benefit["stops_holding"] == {"member": "p1", "age": 60, "date": "2027-03-01"}
    assert benefit["holds_until"] == ("p1 将于 2027-03-01 年满 60 周岁，届时不再符合这一措施的条件；"
                                      "p1 届时改为特困人员，可得特困人员基本生活费（按现行政策 663.00 元/月）")
    assert benefit["then_gains"] == {"categories": ["tekun"], "measures": ["tekun_support"]}
    # the same birthday ends her employment services: what it brings is said once, on the first measure it ends
    jobs = grants[("employment_services", "p1")]
    assert jobs["holds_until"] == "将于 2027-03-01 年满 60 周岁，届时不再符合这一措施的条件"
    assert "then_gains" not in jobs
    # a policy with no end date: nothing said of one
    assert "policy_ends" not in benefit["stops_holding"] and "到期" not in render_brief(zh_tree)
    en = render_brief(tree(widow_and_disabled_son("1967-03-01"), "2026-09-10", "en"))
    assert ("head of household (aged 59) will turn 60 on 2027-03-01, and from that day the conditions of this measure "
            "are no longer met; from that day head of household (aged 59) counts as a “person in extreme "
            "poverty (tekun)” instead, and gets basic living support for persons in extreme poverty (663.00 yuan/month "
            "under the current policy)") \
        in en


def test_what_a_birthday_brings_cites_the_document_of_the_figures_it_reads_as_a_grant_does():
    # the county sets the standards: `按现行政策 663.00 元/月` read aloud rests on its document, as the grant's own line
    # says, and a figure after a label's own bracket gets its own bracket
    county = county_standards()
    for data, day, zh, en in (
            (widow_and_disabled_son("1967-03-01"), "2026-09-10",
             "可得特困人员基本生活费（按现行政策 663.00 元/月；农村最低生活保障标准、特困人员基本生活标准："
             "县民发〔2026〕88号 第一条）",
             "gets basic living support for persons in extreme poverty (663.00 yuan/month under the current policy; "
             "rural minimum living standard (dibao standard), basic living standard for persons in extreme poverty: "
             "County Civil Affairs Doc. [2026] No. 88 Article 1)"),
            (grandmother_and_minor(), "2026-03-01",
             "届时可得最低生活保障金（按月补差发放，特困人员不重复计入），按现行政策 385.00 元/月"
             "（农村最低生活保障标准：县民发〔2026〕88号 第一条）",
             "from that day the household gets dibao benefit (the monthly gap to the standard; tekun members "
             "excepted), 385.00 yuan/month under the current policy (rural minimum living standard (dibao standard): "
             "County Civil Affairs Doc. [2026] No. 88 Article 1)")):
        for lang, said in (("zh", zh), ("en", en)):
            explained = explain(decide(county, data, day), lang)
            assert said in render_brief(explained), (lang, render_brief(explained))
            assert said in render_text(explained), lang
    # the shipped policy's standards cite the document its measures cite: nothing is added
    assert "可得特困人员基本生活费（按现行政策 663.00 元/月）" in render_brief(
        tree(widow_and_disabled_son("1967-03-01"), "2026-09-10", "zh"))


def test_a_monthly_grant_a_birthday_changes_says_until_when_and_the_change_on_its_own_line():
    # she turns 60 on 2026-03-01 and is tekun from then: the dibao benefit is for her son alone, 510.00 a month
    data = household([member_of("p1", "head", "1966-03-01", sex="female", labor_capacity="full"),
                      member_of("p2", "child", "1995-05-05", labor_capacity="full")],
                     [{"type": "agriculture", "amount": 0}])
    zh_tree = tree(data, "2026-02-28", "zh")
    benefit = next(g for g in zh_tree["assistance"] if g["id"] == "dibao_benefit")
    assert "per_year" not in benefit and benefit["paid_until"] == {"date": "2026-02-28"}
    assert benefit["amount_changes"] == {"member": "p1", "age": 60, "date": "2026-03-01"}
    assert benefit["amount_then"] == "510.00 元/月"
    assert benefit["then_gains"] == {"categories": ["tekun"], "measures": ["tekun_support"]}
    assert ("最低生活保障金（按月补差发放，特困人员不重复计入）：1,020.00 元/月，至 2026-02-28（试点工作专班）；"
            "户主（59岁）将于 2026-03-01 年满 60 周岁，届时金额改为 510.00 元/月；"
            "户主（59岁）届时改为特困人员，可得特困人员基本生活费（按现行政策 663.00 元/月）") in render_brief(zh_tree)
    # what the birthday brings is said on the benefit's line, not on her employment services', which it ends
    jobs = next(g for g in zh_tree["assistance"] if g["id"] == "employment_services")
    assert jobs["holds_until"] == "将于 2026-03-01 年满 60 周岁，届时不再符合这一措施的条件"
    en = render_brief(tree(data, "2026-02-28", "en"))
    assert "1,020.00 yuan/month, until 2026-02-28 (pilot working group); head of household (aged 59) will turn 60 on " \
        "2026-03-01, and from that day the amount is 510.00 yuan/month; from that day" in en
    # from her birthday on, the amount holds for the year
    assert "510.00 元/月，全年 6,120.00 元（试点工作专班）" in render_brief(tree(data, "2026-03-01", "zh"))


def test_a_monthly_grant_that_ends_within_the_year_or_with_the_policy_gives_no_year_of_it():
    # a man alone turns 60 on 2026-03-15 and is tekun from then: his dibao benefit ends
    data = household([member_of("p1", "head", "1966-03-15", labor_capacity="full")],
                     [{"type": "agriculture", "amount": 2000}])
    brief = render_brief(tree(data, "2026-03-01", "zh"))
    assert "344.00 元/月，至 2026-03-14（试点工作专班）；户主（59岁）将于 2026-03-15 年满 60 周岁，届时不再符合" \
        in brief
    assert "全年 4,128.00 元" not in brief
    # under a policy that ends in eleven days, the amount holds until its end, whatever a new policy pays
    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]
    data["members"][0]["birth_date"] = "1966-01-05"
    zh_tree = explain(decide(transition, data, "2025-12-20"), "zh")
    jsonschema.validate(zh_tree, SCHEMA)
    benefit = next(g for g in zh_tree["assistance"] if g["id"] == "dibao_benefit")
    assert benefit["paid_until"] == {"date": "2025-12-31", "policy_ends": True}
    zh = render_brief(zh_tree)
    assert "324.00 元/月，至本政策到期日 2025-12-31，届时按新政策认定（试点工作专班）\n" in zh
    assert zh.count("将于 2026-01-05") == 1  # his birthday after the end, told once, on tekun's reason
    en = render_brief(explain(decide(transition, data, "2025-12-20"), "en"))
    assert "324.00 yuan/month, until 2025-12-31, when this policy ends, and a new policy decides from then (pilot" in en


def test_the_year_of_a_monthly_grant_counts_each_month_at_the_amount_paid_then_and_none_after_it_ends():
    # `policy diff` books a grant's year so: she turns 60 on 2026-03-01, and from then the dibao benefit is her son's
    # alone, 510.00 a month: paid 1,020.00 on 2026-02-28, then 510.00 on the 28th of March to January, 11 months
    data = household([member_of("p1", "head", "1966-03-01", sex="female", labor_capacity="full"),
                      member_of("p2", "child", "1995-05-05", labor_capacity="full")],
                     [{"type": "agriculture", "amount": 0}])
    decision = decide(POLICY, data, "2026-02-28")
    year = year_of_grants(decision)
    benefit = next(g for g in decision.assistance if g.measure.id == "dibao_benefit")
    assert year(benefit) == (Decimal("1020") + 11 * Decimal("510"), 12)
    # a man alone who turns 60 on 2026-03-15: his 344.00 a month ends the day before, paid on 2026-03-01 alone
    alone = decide(POLICY, household([member_of("p1", "head", "1966-03-15", labor_capacity="full")],
                                     [{"type": "agriculture", "amount": 2000}]), "2026-03-01")
    benefit = next(g for g in alone.assistance if g.measure.id == "dibao_benefit")
    assert year_of_grants(alone)(benefit) == (Decimal("344"), 1)


POST_TEXT = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
TEKUN_ALONE = household([member_of("p1", "head", "1944-08-20", labor_capacity="none")],
                        [{"type": "agriculture", "member": "p1", "amount": 1200}])


# a definition the subsidy's condition names, which reads the date
WINTER = ("definitions:\n  winter:\n    value: today >= 2026-11-01 and today <= 2027-02-28\n"
          "    label: {zh: 冬季, en: winter}\n")


@pytest.mark.parametrize("window", ["today >= 2026-11-01 and today <= 2027-02-28", "today < 2027-03-01",
                                    "today in [2026-11-01, 2027-02-28]", "winter"])
def test_a_monthly_grant_its_condition_ends_on_a_day_within_the_year_is_said_until_that_day(window: str) -> None:
    # a winter subsidy stops with the winter: twelve months of it are not what the household will receive
    policy = with_winter_subsidy(POST_TEXT.replace("definitions:\n", WINTER, 1), f"tekun and {window}")
    zh_tree = explain(decide(policy, TEKUN_ALONE, "2026-12-15"), "zh")
    jsonschema.validate(zh_tree, SCHEMA)
    subsidy = next(g for g in zh_tree["assistance"] if g["id"] == "heating_subsidy")
    assert "per_year" not in subsidy and subsidy["paid_until"] == {"date": "2027-02-28"}
    assert "  特困人员冬季取暖补贴——户主（82岁）：200.00 元/月，至 2027-02-28（试点工作专班）" in \
        render_brief(zh_tree).splitlines()
    en = render_brief(explain(decide(policy, TEKUN_ALONE, "2026-12-15"), "en"))
    assert ("  winter heating subsidy for tekun — head of household (aged 82): 200.00 yuan/month, until 2027-02-28 "
            "(pilot working group)") in en.splitlines()


def test_a_monthly_grant_whose_condition_holds_past_the_year_or_by_another_way_keeps_its_year():
    # a window that ends after the year, or a date the condition can do without, takes nothing off the year
    for when in ("tekun and today <= 2028-02-28",
                 "tekun and (today <= 2027-02-28 or own_income_with_share < dibao_standard)"):
        zh = render_brief(explain(decide(with_winter_subsidy(POST_TEXT, when), TEKUN_ALONE, "2026-12-15"), "zh"))
        assert "特困人员冬季取暖补贴——户主（82岁）：200.00 元/月，全年 2,400.00 元（试点工作专班）" in zh, when
    # a window that outlasts the policy: the policy's end comes first, and a new policy decides from then
    transition = with_winter_subsidy(TRANSITION_TEXT, "tekun and today <= 2026-02-28")
    zh = render_brief(explain(decide(transition, TEKUN_ALONE, "2025-12-15"), "zh"))
    assert ("特困人员冬季取暖补贴——户主（81岁）：200.00 元/月，至本政策到期日 2025-12-31，"
            "届时按新政策认定（试点工作专班）") in zh


def grandmother_and_boy_of_15() -> dict[str, Any]:
    """A dibao household of a grandmother and two grandsons, all tekun; the one of 15, out of school, severely
    disabled and with a weak capacity to work, turns 16 on 2026-03-10 and then may have employment services, while
    staying tekun."""
    return household([member_of("p1", "head", "1950-01-01", labor_capacity="weak"),
                      member_of("p2", "grandchild", "2010-03-10", labor_capacity="weak", disability_type="physical",
                                disability_grade=2),
                      member_of("p3", "grandchild", "2008-03-20", labor_capacity="full", student="higher")],
                     [{"type": "agriculture", "amount": 6000}])


def test_a_birthday_that_brings_a_measure_and_ends_none_says_what_it_brings():
    zh_tree = tree(grandmother_and_boy_of_15(), "2026-03-01", "zh")
    assert zh_tree["birthday_gains"] == [{
        "member": "p2", "turns_age": {"member": "p2", "age": 16, "date": "2026-03-10"}, "categories": [],
        "measures": ["employment_services"],
        "sentence": "孙子女（15岁）将于 2026-03-10 年满 16 周岁，届时可得就业帮扶（职业介绍、技能培训、公益性岗位）"}]
    assert "  孙子女（15岁）将于 2026-03-10 年满 16 周岁，届时可得就业帮扶（职业介绍、技能培训、公益性岗位）" \
        in render_brief(zh_tree).splitlines()
    # the grandson of 17 at 18 ends his tekun support, which says what that birthday brings: not said again
    assert [g["member"] for g in zh_tree["birthday_gains"]] == ["p2"]
    en_tree = tree(grandmother_and_boy_of_15(), "2026-03-01", "en")
    assert en_tree["birthday_gains"][0]["sentence"].startswith("grandchild (aged 15) will turn 16 on 2026-03-10")
    en = render_brief(en_tree)
    assert ("grandchild (aged 15) will turn 16 on 2026-03-10, and from that day can get employment services (job "
            "placement / training / public-welfare jobs)") in en
    # on the day itself, granted: nothing foretold
    assert "birthday_gains" not in tree(grandmother_and_boy_of_15(), "2026-03-11", "zh")


def test_a_birthday_said_of_a_member_by_id_keeps_the_space_before_the_words_after_it():
    """A policy that describes no member names each by id: the Chinese line of what a birthday brings ran the id into
    the words after it, `p2将于 2026-03-10 …`, where every other line says `p2 将于`. A description runs on
    (`孙子女（15岁）将于`); an id is set apart."""
    described = "  member_description: {zh: '{relation}，{age}岁', en: '{relation}, aged {age}'}\n"
    assert described in POST_TEXT
    undescribed = policy_from_text(POST_TEXT.replace(described, "", 1))
    zh_tree = explain(decide(undescribed, grandmother_and_boy_of_15(), "2026-03-01"), "zh")
    assert [g["sentence"] for g in zh_tree["birthday_gains"]] == [
        "p2 将于 2026-03-10 年满 16 周岁，届时可得就业帮扶（职业介绍、技能培训、公益性岗位）"]
    assert "  p2 将于 2026-03-10 年满 16 周岁，届时可得就业帮扶（职业介绍、技能培训、公益性岗位）" in render_brief(
        zh_tree).splitlines()
    en_tree = explain(decide(undescribed, grandmother_and_boy_of_15(), "2026-03-01"), "en")
    assert en_tree["birthday_gains"][0]["sentence"].startswith("p2 will turn 16 on 2026-03-10, and from that day")


def test_a_day_foretold_after_the_policy_ends_promises_nothing_of_it_and_the_brief_says_the_end_date_once():
    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]  # in force until 2025-12-31
    zh_tree = explain(decide(transition, widow_and_disabled_son(), "2025-09-10"), "zh")
    jsonschema.validate(zh_tree, SCHEMA)
    grants = {(g["id"], g.get("member")): g for g in zh_tree["assistance"]}
    benefit, jobs = grants[("dibao_benefit", None)], grants[("employment_services", "p1")]
    assert benefit["stops_holding"] == {"member": "p1", "age": 60, "date": "2026-03-01", "policy_ends": "2025-12-31"}
    # what holds on that day, and what it brings, is the next policy's to say: only that it decides
    assert benefit["holds_until"] == "p1 将于 2026-03-01 年满 60 周岁；本政策 2025-12-31 到期，届时按新政策认定"
    assert jobs["holds_until"] == "将于 2026-03-01 年满 60 周岁；本政策 2025-12-31 到期，届时按新政策认定"
    assert "then_gains" not in benefit
    tekun = next(c for c in zh_tree["categories"] if c["id"] == "tekun")["members"][0]
    assert any(x.get("would_hold_if") == "将于 2026-03-01 年满 60 周岁；本政策 2025-12-31 到期，届时按新政策认定"
               and x["turns_age"]["policy_ends"] == "2025-12-31" for x in tekun["clauses"])
    for said in (render_brief(zh_tree), render_text(zh_tree)):
        for promise in ("届时这一条件即可满足", "届时不再符合这一措施的条件", "届时改为", "可得特困人员基本生活费"):
            assert promise not in said, promise
    brief = render_brief(zh_tree)
    # the end date once, read aloud, and the day once, where it is read first: not again on the grants it ends
    assert brief.count("本政策 2025-12-31 到期") == 1
    assert "户主（59岁）将于 2026-03-01 年满 60 周岁；本政策 2025-12-31 到期，届时按新政策认定。" in brief
    assert brief.count("将于 2026-03-01 年满 60 周岁") == 1
    assert "至本政策到期日 2025-12-31，届时按新政策认定（试点工作专班）\n" in brief
    en_tree = explain(decide(transition, widow_and_disabled_son(), "2025-09-10"), "en")
    en = render_brief(en_tree)
    assert en.count("this policy ends on 2025-12-31") == 1
    assert en.count("will turn 60 on 2026-03-01") == 1
    for said in (en, render_text(en_tree)):
        assert "this condition is met from that day" not in said and "counts as" not in said
    # a day within the policy: nothing said of its end after it
    before = explain(decide(transition, widow_and_disabled_son(), "2025-01-10"), "zh")
    assert "本政策 2025-12-31 到期" not in render_brief(before)


def test_no_line_promises_what_this_policy_grants_after_its_end():
    """On the policy's last day, a grandson of 17 turns 18 the day after: the brief said `from that day the household
    gets dibao benefit`, under rules that end the day before."""
    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]  # in force until 2025-12-31
    data = household([member_of("p1", "head", "1965-12-31", sex="female", labor_capacity="weak"),
                      member_of("p2", "grandchild", "2008-01-01", sex="male", labor_capacity="weak",
                                student="higher")],
                     [{"type": "agriculture", "amount": 5000}],
                     assets={"deposits": 2000, "vehicles": 0, "extra_houses": 0, "registered_business": False},
                     housing={"safety_grade": "A"}, drinking_water={"safe": True})
    for lang, decides, gives in (
            ("zh", "（17岁）：637.00 元/月，至本政策到期日 2025-12-31，届时按新政策认定（试点工作专班）；"
                   "将于 2026-01-01 年满 18 周岁，届时按新政策认定",
             ("届时可得最低生活保障金", "届时即符合这一措施的条件")),
            ("en", "(pilot working group); grandchild (aged 17) will turn 18 on 2026-01-01, and a new policy decides "
                   "from then",
             ("from that day the household gets dibao benefit",
              "the conditions of this measure are met from that day"))):
        t = explain(decide(transition, data, "2025-12-31"), lang)
        brief = render_brief(t)
        for said in gives:  # the measure a birthday after the end would bring: the new policy's to decide
            assert said not in brief and said not in render_text(t), said
        assert decides in brief and brief.count("2026-01-01") == 1  # on his support, read first: not again


def test_words_as_close_as_each_other_are_all_given_and_past_three_counted():
    from engine.diagnostics import Said
    from engine.spelling import closest_of, closest_ones, one_of

    ids = {f"SAMPLE-{i:07d}": f"SAMPLE-{i:07d}" for i in range(1, 301)}
    three = ["SAMPLE-0000099", "SAMPLE-0000199", "SAMPLE-0000299"]
    assert closest_ones("SAMPLE-0000999", ids, lambda _: True) == three
    assert closest_ones("SAMPLE-0000999", ids, lambda i: i != "SAMPLE-0000099") == three[1:]
    assert closest_of("DS-001", {i: i for i in ("DS-0021", "DS-0001")}, lambda _: True) == "DS-0001"  # keeps its ends
    assert one_of(["A"]).en == "`A`" and one_of(["A", "B"]).zh == "`A` 或 `B`"
    assert one_of(["A", "B", "C"]).en == "`A`, `B` or `C`"
    assert one_of(["A", "B", "C", "D", "E"]) == Said("`A`, `B`, `C` or one of 2 more as close",
                                                     "`A`、`B`、`C` 或同样接近的另外 2 个之一")


def test_a_birthday_that_ends_a_members_support_and_starts_the_households_benefit_says_the_benefit():
    # the grandson of 17 is tekun until 2026-03-20; from then not every member is, and the dibao benefit is paid
    zh_tree = tree(grandmother_and_boy_of_15(), "2026-03-01", "zh")
    support = next(g for g in zh_tree["assistance"] if g["id"] == "tekun_support" and g["member"] == "p3")
    assert support["then_gains"] == {"categories": [], "measures": ["dibao_benefit"]}
    assert "孙子女（17岁）：663.00 元/月，至 2026-03-19（试点工作专班）；将于 2026-03-20 年满 18 周岁，" \
        "届时不再符合这一措施的条件；届时可得最低生活保障金（按月补差发放，特困人员不重复计入）" \
        "，按现行政策 344.00 元/月" in render_brief(zh_tree)  # after the label's own bracket, not a second one
    en = render_brief(tree(grandmother_and_boy_of_15(), "2026-03-01", "en"))
    assert "; from that day the household gets dibao benefit (the monthly gap to the standard; tekun members " \
        "excepted), 344.00 yuan/month under the current policy" in en


def test_the_measures_a_birthday_brings_are_said_in_one_form_each():
    """A head of 59 turning 60 gains tekun support and medical assistance: the amount after a label's own bracket
    takes the comma form, and so does every amount of the list, items parted by `；`, so that the last amount is not
    heard to cover both."""
    from engine.render import render_text

    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]
    data = household([member_of("p1", "head", "1965-11-15", labor_capacity="weak"),
                      member("p2", "1995-03-01", relation="child", labor_capacity="full", supporter="able")],
                     [{"type": "wage", "member": "p2", "amount": 60000}],
                     [{"type": "medical", "member": "p1", "amount": 3000}])
    said = {"zh": "届时认定为特困人员，可得特困人员基本生活费，按现行政策 637.00 元/月；医疗救助（就高不就低），"
                  "按现行政策 3,000.00 元/年\n",
            "en": "can get basic living support for persons in extreme poverty, 637.00 yuan/month under the current "
                  "policy; medical assistance (the highest applicable share), 3,000.00 yuan/year under the current "
                  "policy\n"}
    for lang, gains in said.items():
        explained = explain(decide(transition, data, "2025-10-01"), lang)
        assert gains in render_brief(explained) and gains in render_text(explained), lang


def test_a_birthday_after_the_policy_ends_is_said_without_this_policys_amounts():
    # a man alone turns 60 on 2026-01-05, after the transition policy's last day: the next policy pays him then
    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]
    data = household([member_of("p1", "head", "1966-01-05", labor_capacity="full")],
                     [{"type": "agriculture", "amount": 2000}])
    zh_tree = explain(decide(transition, data, "2025-12-20"), "zh")
    jsonschema.validate(zh_tree, SCHEMA)
    benefit = next(g for g in zh_tree["assistance"] if g["id"] == "dibao_benefit")
    assert benefit["holds_until"] == "p1 将于 2026-01-05 年满 60 周岁；本政策 2025-12-31 到期，届时按新政策认定"
    assert "按现行政策" not in render_brief(zh_tree)
    en = explain(decide(transition, data, "2025-12-20"), "en")
    assert "637.00" not in json.dumps(en["assistance"], ensure_ascii=False)


def test_an_amount_a_birthday_changes_holds_until_the_policy_ends_where_it_ends_first():
    # he turns 60 on 2025-12-25 and is tekun from then: the benefit is for his wife alone, under a policy that
    # ends six days later
    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]
    data = household([member_of("p1", "head", "1965-12-25", labor_capacity="weak"),
                      member_of("p2", "spouse", "1986-03-02", sex="female", labor_capacity="full")], [])
    zh_tree = explain(decide(transition, data, "2025-12-20"), "zh")
    jsonschema.validate(zh_tree, SCHEMA)
    benefit = next(g for g in zh_tree["assistance"] if g["id"] == "dibao_benefit")
    assert benefit["amount_then_until"] == "2025-12-31"
    assert "户主（59岁）将于 2025-12-25 年满 60 周岁，届时金额改为 490.00 元/月，至本政策到期日 2025-12-31，" \
        "届时按新政策认定；户主（59岁）届时改为特困人员" in render_brief(zh_tree)
    # --explain says it too, where the amount is said to hold until the end
    assert "届时金额改为 490.00 元/月，至本政策到期日 2025-12-31，届时按新政策认定；p1 届时改为特困人员" \
        in render_text(zh_tree)
    en = render_brief(explain(decide(transition, data, "2025-12-20"), "en"))
    assert ("from that day the amount is 490.00 yuan/month, until 2025-12-31, when this policy ends, and a new policy "
            "decides from then; from that day") in en
    # a change after the policy's last day is not said at an amount of this policy: the amount holds until its end
    data["members"][0]["birth_date"] = "1966-01-05"
    after = explain(decide(transition, data, "2025-12-20"), "zh")
    benefit = next(g for g in after["assistance"] if g["id"] == "dibao_benefit")
    assert benefit["paid_until"] == {"date": "2025-12-31", "policy_ends": True}
    assert "amount_changes" not in benefit and "changes_to" not in benefit
    assert "届时金额改为" not in render_brief(after)


def test_an_amount_a_birthday_changes_holds_until_the_next_birthday_that_changes_it_again():
    # the grandson turns 18 on 2025-12-15 and is no longer tekun: the benefit counts him; his grandmother turns 60
    # on 2025-12-31 and is tekun from then: it counts neither. 564.00 holds from the 15th to the 30th only
    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]
    data = household([member_of("p1", "head", "1965-12-31", sex="female", labor_capacity="weak"),
                      member_of("p2", "grandchild", "2007-12-15", labor_capacity="weak", student="higher")],
                     [{"type": "agriculture", "amount": 5000}],
                     assets={"deposits": 2000, "vehicles": 0, "extra_houses": 0, "registered_business": False},
                     housing={"safety_grade": "A"}, drinking_water={"safe": True})
    zh_tree = explain(decide(transition, data, "2025-11-30"), "zh")
    jsonschema.validate(zh_tree, SCHEMA)
    benefit = next(g for g in zh_tree["assistance"] if g["id"] == "dibao_benefit")
    assert (benefit["amount"], benefit["amount_then"]) == ("282.00 元/月", "564.00 元/月")
    assert benefit["amount_then_until"] == "2025-12-30"
    assert benefit["later_amounts"] == [{"member": "p1", "age": 60, "date": "2025-12-31", "amount": "282.00 元/月",
                                         "until": "2025-12-31"}]
    # what each amount says is what a decision on that day pays
    for day, amount in (("2025-12-15", "564.00"), ("2025-12-30", "564.00"), ("2025-12-31", "282.00")):
        paid = next(g for g in decide(transition, data, day).assistance if g.measure.id == "dibao_benefit")
        assert f"{paid.amount:.2f}" == amount, day
    assert "孙子女（17岁）将于 2025-12-15 年满 18 周岁，届时金额改为 564.00 元/月，至 2025-12-30；户主（59岁）将于 " \
        "2025-12-31 年满 60 周岁，届时金额改为 282.00 元/月，至本政策到期日 2025-12-31，届时按新政策认定" \
        in render_brief(zh_tree)
    en = render_brief(explain(decide(transition, data, "2025-11-30"), "en"))
    assert "from that day the amount is 564.00 yuan/month, until 2025-12-30; head of household (aged 59) will turn " \
        "60 on 2025-12-31, and from that day the amount is 282.00 yuan/month, until 2025-12-31, when this policy " \
        "ends, and a new policy decides from then; paid for 2 months while this policy is in force, 846.00 yuan in " \
        "all (282.00 yuan × 1 month + 564.00 yuan × 1 month)" in en
    # the months counted end with the policy, whose end a new policy decides after: not said as the grant's end
    assert benefit["year_paid"]["sentence"] == \
        "本政策期内发放 2 个月，共 846.00 元（282.00 元 × 1 个月 + 564.00 元 × 1 个月）"


def test_a_birthday_that_brings_the_household_a_measure_and_ends_none_says_it_is_the_households():
    elders = policy_from_text((ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8").replace(
        "\n  - id: drinking_water_works\n", """
  - id: elder_visits
    level: household
    department: civil_affairs
    label: {zh: 高龄老人探访, en: visits to the very old}
    when: in_any_category and any(members where age >= 80)

  - id: drinking_water_works
""", 1).replace("departments:\n", "departments:\n  civil_affairs: {zh: 民政部门, en: civil affairs}\n", 1))
    data = household([member_of("p1", "head", "1946-03-10", labor_capacity="weak")],
                     [{"type": "agriculture", "amount": 2000}])
    zh_tree = explain(decide(elders, data, "2026-03-01"), "zh")
    jsonschema.validate(zh_tree, SCHEMA)
    assert [(g["member"], g["measures"], g["sentence"]) for g in zh_tree["birthday_gains"]] == [
        ("p1", ["elder_visits"], "户主（79岁）将于 2026-03-10 年满 80 周岁，届时家庭可得高龄老人探访")]
    en = explain(decide(elders, data, "2026-03-01"), "en")
    assert en["birthday_gains"][0]["sentence"] == ("head of household (aged 79) will turn 80 on 2026-03-10, and from "
                                                   "that day the household can get visits to the very old")


def _turning_60(born: str) -> dict[str, Any]:
    """A man of 59 with medical costs, his wife and their son of 15: dibao; at 60 he is tekun, and his medical
    assistance goes from dibao's 70% to tekun's 100%."""
    return household([member_of("p1", "head", born, labor_capacity="weak"),
                      member_of("p2", "spouse", "1975-03-03", sex="female", labor_capacity="full"),
                      {**member_of("p3", "child", "2009-12-20", labor_capacity="full"), "supporter": "able"}],
                     [{"type": "agriculture", "amount": 6000}], [{"type": "medical", "member": "p1", "amount": 2000}],
                     assets={"deposits": 3000, "vehicles": 0, "extra_houses": 0, "registered_business": False})


@pytest.mark.parametrize(("version", "born", "day", "until"), [
    ("2024-transition", "1965-11-15", "2025-10-01", "，至本政策到期日 2025-12-31，届时按新政策认定"),
    ("post-transition", "1966-11-15", "2026-06-15", "")])
def test_a_yearly_grant_a_birthday_changes_says_the_new_amount_and_whose_category_changes(
        version: str, born: str, day: str, until: str) -> None:
    policy = load_policy(ROOT / "policy" / f"{version}.yaml")[0]
    date = f"{int(born[:4]) + 60}{born[4:]}"  # his 60th birthday
    zh_tree = explain(decide(policy, _turning_60(born), day), "zh")
    jsonschema.validate(zh_tree, SCHEMA)
    medical = next(g for g in zh_tree["assistance"] if g["id"] == "medical_assistance" and g["member"] == "p1")
    assert medical["amount_changes"] == {"member": "p1", "age": 60, "date": date}
    assert medical["amount_then"] == "2,000.00 元/年" and "per_year" not in medical and "paid_until" not in medical
    brief = render_brief(zh_tree)
    assert (f"  医疗救助（就高不就低）——户主（59岁）：1,400.00 元/年（医保部门）；户主（59岁）将于 {date} 年满 60 "
            f"周岁，届时金额改为 2,000.00 元/年{until}\n") in brief
    # the household's benefit changes with his birthday, and he, not the household, becomes tekun
    dibao = next(x for x in brief.splitlines() if x.startswith("  最低生活保障金"))
    assert "；户主（59岁）届时改为特困人员，可得特困人员基本生活费" in dibao and "；届时改为" not in dibao
    benefit = next(g for g in zh_tree["assistance"] if g["id"] == "dibao_benefit")
    assert "；p1 届时改为特困人员" in benefit["changes_to"]
    en = render_brief(explain(decide(policy, _turning_60(born), day), "en"))
    assert (f"medical assistance (the highest applicable share) — head of household (aged 59): 1,400.00 yuan/year "
            f"(medical insurance); head of household (aged 59) will turn 60 on {date}, and from that day the amount is "
            "2,000.00 yuan/year") in en
    # a category after `counts as` takes its article, as after `is`: not `counts as “person in extreme poverty …”`
    assert "; from that day head of household (aged 59) counts as a “person in extreme poverty (tekun)” instead" in en


def test_the_birthdays_any_rule_may_turn_are_each_said_once_earliest_first():
    """What a birthday may bring anyone (`Birthdays.reached`): the thresholds of every monthly measure read one birth
    date at 60, 16 and 18, some of them more than once (of a member, and over the members); each member's birthday at
    one of those ages within the year is one day, earliest first, and a member whose next age is none is left out."""
    from engine.explain.birthdays import Birthdays
    from engine.explain.coming_of_age import _start_days
    ages = _start_days(POLICY).ages
    assert len({t.born_text for t in ages}) < len(ages)  # several thresholds read the same birth date
    members = [member_of("p1", "head", "1967-06-15"), member_of("p2", "spouse", "1970-02-01"),
               member_of("p3", "child", "2011-01-20"), member_of("p4", "child", "2009-01-20")]
    decision = decide(POLICY, household(members, []), "2026-12-15")
    assert decision.evaluation is not None
    reached = Birthdays(decision.evaluation.members, datetime.date(2026, 12, 15)).reached(ages)
    assert reached == [(datetime.date(2027, 1, 20), "p3", 16), (datetime.date(2027, 1, 20), "p4", 18),
                       (datetime.date(2027, 6, 15), "p1", 60)]
