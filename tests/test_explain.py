"""What a caseworker reads aloud: the explanation tree says each decision so it cannot be misheard."""

from __future__ import annotations

import datetime
import itertools
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import jsonschema
import pytest

from engine.evaluator import evaluate
from engine.explain import explain
from engine.explain.words import members_said
from engine.household import validate_household
from engine.loader import load_policy
from tests.helpers import (
    ROOT,
    alone_farming,
    decide,
    grandmother_and_grandson,
    household,
    member,
    member_of,
    mini_with,
    quotes_nested_alike,
)

TRANSITION = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]
DAY = datetime.date(2025, 6, 1)


def tree(example: str, lang: str = "en") -> dict[str, Any]:
    path = next((ROOT / "examples" / "households").glob(f"{example}-*.json"))
    household = validate_household(json.loads(path.read_text(encoding="utf-8")), TRANSITION, path.name, today=DAY)
    return explain(evaluate(TRANSITION, household, DAY), lang)


def category(t: dict[str, Any], category_id: str) -> dict[str, Any]:
    return next(c for c in t["categories"] if c["id"] == category_id)


def clause(c: dict[str, Any], clause_id: str) -> dict[str, Any]:
    return next(x for x in c["clauses"] if x["id"] == clause_id)


@pytest.mark.parametrize(("names", "zh", "en"), [
    (["p2"], "p2", "p2"),
    (["p2", "p3"], "p2 和 p3", "p2 and p3"),
    (["p1", "p2", "p3"], "p1、p2 和 p3", "p1, p2 and p3"),
    (["户主（55岁）", "配偶（53岁）"], "户主（55岁）和配偶（53岁）", "户主（55岁） and 配偶（53岁）"),
    (["p1（户主，55岁）", "p2（配偶，53岁）"], "p1（户主，55岁）和 p2（配偶，53岁）",
     "p1（户主，55岁） and p2（配偶，53岁）"),
    (["张三", "李四"], "张三和李四", "张三 and 李四"),
])
def test_members_are_named_together_in_one_way_everywhere(names: list[str], zh: str, en: str):
    """Ids, descriptions and Chinese names alike: a space between 和 and a Latin id, none beside a bracket."""
    assert members_said(names, "zh") == zh
    assert members_said(names, "en") == en


def test_a_rejection_names_every_failed_condition_as_a_requirement():
    dibao = category(tree("DS-0007"), "dibao")  # income too high, and a car
    assert dibao["failed"] == ["income", "no_vehicle"]
    assert dibao["why"] == ("not assigned, because 2 of its 5 conditions are not met — "
                            "“per-capita income below the dibao standard” and “no motor vehicle”")
    zh = category(tree("DS-0007", "zh"), "dibao")
    assert zh["why"] == "未认定，因为不满足“家庭人均收入低于低保标准”、“无机动车辆”这 2 项条件（共 5 项）"


def test_when_any_one_clause_is_enough_and_one_holds_the_others_get_no_hint():
    monitoring = category(tree("DS-0007"), "monitoring")
    assert monitoring["assigned"] and monitoring["any_of"] == "any one of these is enough"
    assert not any("would_hold_if" in c for c in monitoring["clauses"])


UNABLE_EN = ("unable to work (elderly / minor under 16 or in school / still in compulsory or senior secondary school / "
             "severely disabled / assessed as unable to work)")
UNABLE_ZH = ("无劳动能力（老年人、未满16周岁或在校就读的未成年人、仍在读义务教育或高中阶段的、"
             "重度残疾人或经评估无劳动能力）")
BLOCKED = {"zh": f"另有“{UNABLE_ZH}”这一条件不满足，且与收入无关，仅收入变化不能改变认定结果",
           "en": f"“{UNABLE_EN}” is not met either, "
                 "and income has no bearing on it, so a change of income alone would not change the decision"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_income_hint_gives_no_figures_where_a_condition_no_income_bears_on_fails_too(lang: str):
    # a working-age head earns too much for tekun, but is able to work as well: no income would make him tekun, and
    # what his wage would have to be below is noise to the family
    head = category(tree("DS-0003", lang), "tekun")["members"][0]
    assert head["failed"] == ["no_labour_capacity", "no_source_of_living"]
    income = clause(head, "no_source_of_living")
    assert income["would_hold_if"] == BLOCKED[lang]
    assert income["blocked_by"] == ["no_labour_capacity"]
    outside_labels = "".join(income["would_hold_if"].replace("“", "”").split("”")[::2])  # a label may write `16`
    assert "as_received" not in income and not any(c.isdigit() for c in outside_labels)
    assert income["margin"] == "18,120.00"  # by how much it fails is still said


def test_a_loss_no_income_bears_on_blocks_an_income_hint_too():
    # other hardship needs a disaster loss: this household has none, whatever its income
    preempted = category(tree("DS-0021"), "other_hardship")
    assert preempted["preempted_by"] == "rigid_expense"  # a category preempted by an earlier one: its hints too
    after_loss = clause(preempted, "income_after_loss")
    assert after_loss["would_hold_if"] == ("“suffered losses from a disaster or accident” is not met either, and "
                                           "income has no bearing on it, so a change of income alone would not "
                                           "change the decision")
    assert after_loss["blocked_by"] == ["disaster"]


def test_where_the_other_failed_condition_reads_income_too_the_hint_keeps_its_figures():
    # income above the line and expenses too small a share of it: both move with income, so the figures matter
    data = household([member_of("p1", "head", "1975-05-01", labor_capacity="full"),
                      member_of("p2", "spouse", "1977-01-01", labor_capacity="full")],
                     [{"type": "wage", "member": "p1", "amount": 60000}],
                     [{"type": "medical", "member": "p1", "amount": 1000}])
    for lang, also in (("zh", "（现为 60,000.00 元/年，差 7,697.50 元/年；按 80% 计入）；"
                              "但“刚性支出超过家庭收入的规定比例”这一条件也不满足，仅此一项仍不能认定"),
                       ("en", "(now 60,000.00 yuan/year, a gap of 7,697.50 yuan/year; 80% of it counted); but “rigid "
                              "expenses above the set share of household income” is not met either, so this alone "
                              "would not be enough")):
        rigid = category(explain(decide(TRANSITION, data, "2025-06-01"), lang), "rigid_expense")
        assert rigid["failed"] == ["income", "rigid_burden"]
        income = clause(rigid, "income")
        assert income["would_hold_if"].endswith(also), income["would_hold_if"]
        assert "blocked_by" not in income and [x["target"] for x in income["as_received"]] == [
            "52,302.50 元/年" if lang == "zh" else "52,302.50 yuan/year"]


def test_a_condition_met_by_coming_of_age_within_the_year_does_not_block_an_income_hint():
    # the spouse turns 60 on 2025-11-20, before the policy ends: from then on her income decides, so she is told what
    # it would have to be
    path = next((ROOT / "examples" / "households").glob("DS-0008-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["members"][1]["birth_date"] = "1965-11-20"
    household = validate_household(data, TRANSITION, path.name, today=DAY)
    spouse = category(explain(evaluate(TRANSITION, household, DAY), "zh"), "tekun")["members"][1]
    assert spouse["failed"] == ["no_labour_capacity", "no_source_of_living"]
    assert clause(spouse, "no_labour_capacity")["turns_age"]["date"] == "2025-11-20"
    income = clause(spouse, "no_source_of_living")
    assert "blocked_by" not in income and income["as_received"]
    assert income["would_hold_if"].endswith(
        "；但“无劳动能力（老年人、未满16周岁或在校就读的未成年人、仍在读义务教育或高中阶段的、重度残疾人或经评估无劳动能力）”这一条件也不满足，仅此一项仍不能认定")


def test_a_condition_met_by_coming_of_age_after_the_policy_ends_blocks_an_income_hint():
    # the spouse turns 60 on 2026-05-20, after the transition policy ends: no income of hers makes her tekun under it
    spouse = category(tree("DS-0008", "zh"), "tekun")["members"][1]
    assert clause(spouse, "no_labour_capacity")["turns_age"] == {"member": "p2", "age": 60, "date": "2026-05-20",
                                                                 "policy_ends": "2025-12-31"}
    income = clause(spouse, "no_source_of_living")
    assert income["blocked_by"] == ["no_labour_capacity"] and "as_received" not in income
    assert income["would_hold_if"].startswith("另有“无劳动能力")


def test_the_only_condition_that_fails_gets_its_whole_hint():
    # the hint is the whole way to the category, and says no more
    income = clause(category(tree("DS-0003", "zh"), "dibao"), "income")["would_hold_if"]
    assert income.endswith("这一条件即可满足；也就是计入收入低于 23,520.00 元/年（现为 43,200.00 元/年）；"
                           "按实得收入算，p1 和 p2 的工资性收入（扣减就业成本）合计低于 29,400.00 元/年"
                           "（现为 54,000.00 元/年，差 24,600.00 元/年；按 80% 计入）"), income


def test_equality_says_whether_it_is_allowed():
    income = clause(category(tree("DS-0010"), "dibao"), "income")  # exactly on the dibao standard
    assert not income["verdict"] and income["sentence"].endswith("exactly equal, but it must be below")
    deposits = clause(category(tree("DS-0012"), "dibao"), "deposits")  # exactly 24 months of the standard
    assert deposits["verdict"] and deposits["sentence"].endswith("exactly equal, which is allowed (“at most”)")


def test_no_loss_is_said_as_such_and_no_hint_asks_for_one():
    disaster = clause(category(tree("DS-0007"), "other_hardship"), "disaster")
    assert disaster["sentence"] == "no losses from disasters and accidents reported"
    assert "would_hold_if" not in disaster
    assert clause(category(tree("DS-0007", "zh"), "other_hardship"), "disaster")["sentence"] == "无灾害及意外事故损失"


def test_a_threshold_that_is_an_expression_is_said_with_labels_and_its_numbers():
    deposits = clause(category(tree("DS-0001", "zh"), "dibao"), "deposits")
    assert "农村最低生活保障标准 × 低保存款限额月数（490.00 元/月 × 24 个月）11,760.00 元" in deposits["sentence"]
    assert "dibao_standard" not in deposits["sentence"]


def test_a_yes_no_clause_states_the_values_it_looked_at():
    supporter = clause(category(tree("DS-0001", "zh"), "tekun")["members"][0], "no_able_supporter")
    assert supporter["sentence"] == "法定赡养、抚养、扶养义务人为“无”（须为“无”或“有但无履行能力”） → 符合"


def test_a_grant_shows_its_working_and_one_of_nothing_says_why():
    grants = tree("DS-0001", "zh")["assistance"]
    benefit = next(g for g in grants if g["id"] == "dibao_benefit")
    assert benefit["amount"] == "280.00 元/月"
    # a monthly rate times one month is a sum in yuan (paid each month, as `amount` says)
    assert benefit["working"].endswith("= 向上取整（(490.00 元/月 − 350.00 元/月) × 2 × 1 个月） = 280.00 元")
    nothing = next(g for g in grants if g["id"] == "medical_assistance" and g["member"] == "p2")
    assert nothing["zero"] == "无医疗费用（个人自付部分），无救助金额"
    assert "higher_wins" not in nothing and "working" not in nothing


def test_an_annual_rate_in_a_working_per_month_is_said_as_its_months_share():
    # the working shows rates per month, so that it adds up as written: the annual per-capita income's label says so
    for lang, words, numbers in (
            ("zh", "向上取整（(农村最低生活保障标准 − 家庭年人均收入（按月折算）) × "
                   "不属于“特困人员”的成员数 × 1 个月）",
             "向上取整（(490.00 元/月 − 350.00 元/月) × 2 × 1 个月）"),
            ("en", "rounded up ((rural minimum living standard (dibao standard) − annual per-capita income (a month's "
                   "share)) × number of members who are not a “person in extreme poverty (tekun)” × 1 month)",
             "rounded up ((490.00 yuan/month − 350.00 yuan/month) × 2 × 1 month)")):
        benefit = next(g for g in tree("DS-0001", lang)["assistance"] if g["id"] == "dibao_benefit")
        assert benefit["working"].startswith(f"{words} = {numbers} = "), benefit["working"]
    # a rate the policy writes per month is said as it is; so is a parameter worked out from one
    tekun = next(g for g in tree("DS-0002", "zh")["assistance"] if g["id"] == "tekun_support")
    assert tekun["working"].startswith("特困人员基本生活标准 × 1 个月 = ")
    assert tekun["where"] == ["其中特困人员基本生活标准 = 1.3 × 农村最低生活保障标准 = 1.3 × 490.00 元/月 = "
                              "637.00 元/月"]
    # outside a working per month, the annual label stands alone
    income = clause(category(tree("DS-0001", "zh"), "dibao"), "income")
    assert income["compared"][0]["label"] == "家庭年人均收入"


def test_members_of_a_category_and_the_values_an_enum_may_take_are_said_as_a_caseworker_says_them():
    # `成员数（不属于“特困人员”）` / `number of members (not “person …”)` and `在读学段不为“不在读”` /
    # `level of schooling is not “not in school”` read as slips: a count names the members it counts, and a value
    # refused is said by those left, where the input is never empty (an empty one is none of them)
    from engine.explain.phrases import static_for
    from engine.render import render_text
    from engine.syntax.parser import parse

    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    said = {lang: static_for(policy).phrases(lang).wording for lang in ("zh", "en")}
    kept = []
    for text, zh, en in (
            ("count(members where not tekun)", "不属于“特困人员”的成员数",
             "number of members who are not a “person in extreme poverty (tekun)”"),
            ("count(members where tekun)", "属于“特困人员”的成员数",
             "number of members who are a “person in extreme poverty (tekun)”"),
            ('student != "none"', "在读学段为“学前教育”、“义务教育”、“高中阶段”或“高等教育”",
             "level of schooling is “preschool”, “compulsory education”, “senior high school” or “higher education”"),
            ('student not in {"none", "preschool"}', "在读学段为“义务教育”、“高中阶段”或“高等教育”",
             "level of schooling is “compulsory education”, “senior high school” or “higher education”"),
            ('disability_type != "physical"', "残疾类别不为“肢体残疾”", "type of disability is not “physical”")):
        node = parse(text)
        kept.append(node)  # wording remembers what it said by the node's id: a node freed would lend its id
        assert [said[lang].condition(node) for lang in ("zh", "en")] == [zh, en], text
    for lang, words in (("zh", "（未满 18 周岁 且 在读学段为“学前教育”、“义务教育”、“高中阶段”或“高等教育”）"),
                        ("en", "(aged under 18 and level of schooling is “preschool”, “compulsory "
                               "education”, “senior high school” or “higher education”)")):
        assert words in render_text(tree("DS-0005", lang)), lang


def test_a_figure_the_source_does_not_print_is_marked_where_used_and_named_at_the_end():
    from engine.render import render_markdown, render_text

    t = tree("DS-0001")
    text = render_text(t)
    assert "rural minimum living standard (dibao standard) = 5,880.00 yuan/year ⚠" in text
    footer = [line for line in text.splitlines() if line.startswith("⚠ ")]
    assert footer and footer[0].startswith("⚠ local value to confirm with the county's published figure: ")
    assert "rural minimum living standard (dibao standard)" in footer[0]
    assert "> ⚠ local value to confirm" in render_markdown(t)
    # the wage share in the income accounting uses one; no grant uses the tekun standard here
    assert "share of wage income deducted as the cost of employment" in footer[0]
    assert "basic living standard for persons in extreme poverty" not in "".join(footer)
    tekun = [line for line in render_text(tree("DS-0002")).splitlines() if line.startswith("⚠ ")]
    assert "basic living standard for persons in extreme poverty" in "".join(tekun)  # the tekun support's amount


def test_a_range_says_which_of_its_ends_are_included():
    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    rule = "test: per_capita_income < dibao_standard"
    assert text.count(rule) == 1
    policy = load_policy("range.yaml", raw=text.replace(
        rule, "test: per_capita_income in [0 yuan/year, dibao_standard)").encode("utf-8"))[0]
    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    household = validate_household(json.loads(path.read_text(encoding="utf-8")), policy, path.name, today=DAY)
    for lang, said in (("en", "(included) and"), ("zh", "（含）与")):
        income = clause(category(explain(evaluate(policy, household, DAY), lang), "dibao"), "income")
        assert said in income["sentence"], income["sentence"]
        assert ("(excluded)" if lang == "en" else "（不含）") in income["sentence"]


def test_a_plural_label_takes_a_plural_verb_in_english():
    from engine.render import render_text

    # the left side of a comparison is what `it` stands for: `rigid expenses … (not met: they must be above …)`
    assert "4,200.00 yuan/year (not met: they must be above 4,200.00 yuan/year); " in render_text(tree("DS-0001"))
    # a set of values a plural label must be in: `are`, not `is`
    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    label = "en: housing safety grade (C and D are unsafe)"
    assert text.count(label) == 1
    policy = load_policy("plural.yaml", raw=text.replace(label, "en: housing conditions").encode("utf-8"))[0]
    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    household = validate_household(json.loads(path.read_text(encoding="utf-8")), policy, path.name, today=DAY)
    said = render_text(explain(evaluate(policy, household, DAY), "en"))
    assert "housing conditions are “grade C (partly dangerous)” or “grade D (dangerous as a whole)”" in said


def test_a_figure_compared_with_zero_as_written_is_said_to_be_above_zero_and_json_keeps_its_margin():
    for lang, said in (("zh", "灾害及意外事故损失 20,000.00 元/年 > 零"),
                       ("en", "losses from disasters and accidents 20,000.00 yuan/year > zero")):
        loss = clause(category(tree("DS-0006", lang), "other_hardship"), "disaster")
        assert loss["sentence"] == said  # not `> 0.00 元/年，高 20,000.00 元/年`: the margin to zero is the loss
        assert loss["margin"] == "20,000.00" and loss["compared"][1]["value"].startswith("0.00")


def test_a_citation_names_the_document_as_the_policy_says_and_json_keeps_it_as_written():
    from engine.render import render_text

    t = tree("DS-0001")
    assert "· Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the system of standards)]" in render_text(t)
    assert "dsz-2024-47" not in render_text(t)
    dibao = category(t, "dibao")
    assert dibao["source"] == "dsz-2024-47 二、1 统一标准体系"
    assert dibao["cited"] == "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the system of standards)"
    assert category(tree("DS-0001", "zh"), "dibao")["cited"] == "大政发〔2024〕47号 二、1 统一标准体系"


@pytest.mark.parametrize(("cited_as", "lang", "cited"), [
    ("{zh: 大政发〔2024〕47号}", "en", "Dashi Town Doc. [2024] No. 47: implementation plan of the Dashi town pilot"),
    ("{zh: 大政发〔2024〕47号}", "zh", "大政发〔2024〕47号 二、1 统一标准体系"),
    ("{en: 'Dashi Town Doc. [2024] No. 47'}", "zh", "大政发〔2024〕47号 大市镇防止返贫帮扶政策和农村低收入人口"),
    ("{en: 'Dashi Town Doc. [2024] No. 47'}", "en", "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying"),
], ids=["en-title", "zh-cited_as", "zh-title", "en-cited_as"])
def test_a_citation_names_a_document_cited_as_in_the_other_language_alone_by_its_title(tmp_path, cited_as, lang,
                                                                                         cited):
    """A source whose `cited_as` is in one language was cited in the other by that language's name, `民发〔2021〕43号
    Article 7` in English, though the policy titles it in English: a reader of a language knows it by its `cited_as`
    name in that language, else by its title in it, as `policy diff` heads it."""
    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    both = "      cited_as: {zh: 大政发〔2024〕47号, en: 'Dashi Town Doc. [2024] No. 47'}\n"
    assert text.count(both) == 1
    edited = tmp_path / "one-language.yaml"
    edited.write_text(text.replace(both, f"      cited_as: {cited_as}\n"), encoding="utf-8")
    policy = load_policy(edited)[0]
    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    household = validate_household(json.loads(path.read_text(encoding="utf-8")), policy, path.name, today=DAY)
    dibao = category(explain(evaluate(policy, household, DAY), lang), "dibao")
    assert dibao["cited"].startswith(cited), dibao["cited"]
    article = "二、1 统一标准体系" if lang == "zh" else "Part II.1 (unifying the system of standards)"
    assert dibao["cited"].endswith(article), dibao["cited"]


@pytest.mark.parametrize(("lang", "title", "article"), [
    ("en", "Dashi Town Doc. [2024] No. 47: implementation plan of the Dashi town pilot",
     "Part II.1 (unifying the system of standards)"),
    ("zh", "大政发〔2024〕47号 大市镇防止返贫帮扶政策和农村低收入人口常态化帮扶政策衔接并轨试点工作实施方案",
     "二、1 统一标准体系"),
])
def test_a_document_without_a_cited_as_name_is_cited_by_its_title_as_policy_diff_heads_it(tmp_path, lang, title,
                                                                                         article):
    """A source without `cited_as` was cited by its id, `dsz-2024-47 Part II.1 …`, which no caseworker can read
    aloud, while `policy diff` headed it by its title: both now name it by its title in the reader's language."""
    from engine.render import render_text

    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    both = "      cited_as: {zh: 大政发〔2024〕47号, en: 'Dashi Town Doc. [2024] No. 47'}\n"
    assert text.count(both) == 1
    edited = tmp_path / "no-cited-as.yaml"
    edited.write_text(text.replace(both, ""), encoding="utf-8")
    policy = load_policy(edited)[0]
    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    household = validate_household(json.loads(path.read_text(encoding="utf-8")), policy, path.name, today=DAY)
    explained = explain(evaluate(policy, household, DAY), lang)
    assert category(explained, "dibao")["cited"].startswith(title)
    assert category(explained, "dibao")["cited"].endswith(article)
    assert "dsz-2024-47 " not in render_text(explained)
    heads = changed_source_heading(text.replace(both, ""), lang)
    assert heads.startswith(title) and category(explained, "dibao")["cited"].startswith(heads), heads


def changed_source_heading(text: str, lang: str) -> str:
    """What `policy diff` heads the source `dsz-2024-47` by, its date changed, in `lang`."""
    from engine.diff.changes import diff

    old = load_policy("old.yaml", raw=text.encode("utf-8"))[0]
    new = load_policy("new.yaml", raw=text.replace("      date: 2024-07-16\n", "      date: 2024-07-17\n", 1)
                      .replace("version: 2024-transition", "version: next").encode("utf-8"))[0]
    (change,) = [c for c in diff(old, new).items if c.id == "source dsz-2024-47"]
    assert change.new_label is not None
    return change.new_label.get(lang)


def test_a_member_definition_is_worded_once_and_the_next_members_get_their_values():
    from engine.render import render_markdown, render_text

    t = tree("DS-0005")
    text = render_text(t)
    unable = [line.strip() for line in text.splitlines()
              if line.strip().startswith(f"{UNABLE_EN} (p")]
    assert [line.split(" = ")[0] for line in unable] == [f"{UNABLE_EN} (p{i})" for i in (1, 2, 3, 4)]
    assert ("aged 60 or over or under 16 or (aged under 18 and level of schooling is "
            "“preschool”, “compulsory education”, “senior high school” or “higher education”)") in unable[0]
    assert unable[1:] == [f"{UNABLE_EN} (p{i}) = no" for i in (2, 3, 4)]
    ages = [line.strip() for line in text.splitlines() if line.strip().startswith("age in full years (p")]
    assert ages[0].startswith("age in full years (p1) = full years since date of birth = full years from 19")
    assert ages[1].startswith("age in full years (p2) = full years from 19") and "[" not in ages[1]
    markdown = render_markdown(t)
    assert markdown.count("(`age(birth_date)`)") == 1
    # the JSON tree keeps every member's formula for machines
    members = category(t, "tekun")["members"]
    assert all(m["clauses"][0]["derived"][0]["words"].startswith("aged 60 or over or under 16") for m in members)


def test_an_input_the_household_left_out_is_said_to_be_the_policys_default_wherever_it_is_read():
    from engine.render import render_markdown, render_summary, render_text

    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["members"][0]["supporter"], data["assets"]["vehicles"]
    household = validate_household(data, TRANSITION, path.name, today=DAY)
    assert household.defaulted == {"assets.vehicles"} and household.members[0].defaulted == {"supporter"}
    t = explain(evaluate(TRANSITION, household, DAY), "zh")
    # a vehicle would cost the household its dibao; p1, aged 40 and earning, is no tekun whoever supports her
    assert t["defaults"] == [{"label": "法定赡养、抚养、扶养义务人", "member": "p1", "value": "“无”"},
                             {"label": "机动车辆数（残疾人功能性补偿代步车除外）", "value": "0", "decides": True,
                              "decides_category": True}]
    deciding = ("⚠ 认定结果取决于以下未填写的项目（已按政策默认值认定），请先核实再告知："
                "机动车辆数（残疾人功能性补偿代步车除外）：0")
    warning = "⚠ 以下项目未填写，已按政策默认值认定，请核实：法定赡养、抚养、扶养义务人（p1）：无"
    summary = render_summary(t).splitlines()
    assert summary.index(deciding) + 1 == summary.index(warning)
    text = render_text(t)
    assert text.splitlines().index(deciding) + 1 == text.splitlines().index(warning)
    assert "法定赡养、抚养、扶养义务人（p1） = “无”（未填写，按默认值）" in text
    assert "法定赡养、抚养、扶养义务人（p2） = “有且有履行能力”\n" in text  # given: said as it is
    assert "= **“无”**（未填写，按默认值）" in render_markdown(t)
    assert "defaults" not in tree("DS-0001")  # every field given: nothing to check


def test_the_values_left_out_that_the_decision_depends_on_are_said_first(run, tmp_path):
    """A child's blank supporter read as "none" makes the child tekun (and cuts the household's dibao): the
    caseworker hears that first; a blank disability of a child already tekun by age changes nothing."""
    data = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    child = data["members"][1]
    del child["supporter"], child["disability_type"]
    data["date"] = "2026-03-01"
    path = tmp_path / "DS-0001.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    t = json.loads(run("eval", path, "--explain", "--format", "json", "--lang", "zh").stdout)["explanation"]
    assert t["result"]["members"] == {"p2": ["特困人员"]}
    by_label = {d["label"]: d.get("decides", False) for d in t["defaults"] if d.get("member") == "p2"}
    assert by_label == {"法定赡养、抚养、扶养义务人": True, "残疾类别": False}
    brief = run("eval", path, "--brief", "--lang", "zh").stdout.splitlines()
    first = next(line for line in brief if line.startswith("⚠"))
    assert first.startswith("⚠ 认定结果取决于以下未填写的项目（已按政策默认值认定），请先核实再告知：")
    assert "子女（13岁）的法定赡养、抚养、扶养义务人：无" in first and "残疾类别" not in first
    given = dict(data, members=[data["members"][0], dict(child, supporter="able")])  # as the form says
    path.write_text(json.dumps(given, ensure_ascii=False), encoding="utf-8")
    t = json.loads(run("eval", path, "--explain", "--format", "json", "--lang", "zh").stdout)["explanation"]
    assert t["result"]["members"] == {} and not any(d.get("decides") for d in t.get("defaults", []))


def test_a_disability_left_out_that_given_with_its_type_would_make_a_member_tekun_decides_the_categories():
    """A head of 56 with no disability fields: `disability_type == "physical" and disability_grade <= 2` would leave
    him unable to work, and tekun; neither field alone could, so the two are tried together, as a certificate gives
    them — and the brief says first that the result rests on them."""
    from engine.brief import render_brief

    post = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    data = household([{"id": "p1", "relation": "head", "birth_date": "1970-01-05"},
                      {"id": "p2", "relation": "spouse", "birth_date": "1985-04-01", "labor_capacity": "full"}],
                     [{"type": "agriculture", "amount": 9000}], assets={"deposits": 2000})
    t = explain(decide(post, data, "2026-03-01"), "zh")
    deciding = {(d["label"], d.get("member")) for d in t["defaults"] if d.get("decides_category")}
    assert {("残疾类别", "p1"), ("残疾等级（1级最重）", "p1")} <= deciding
    first = next(line for line in render_brief(t).splitlines() if line.startswith("⚠ 认定结果取决于"))
    assert "残疾类别：无" in first and "残疾等级（1级最重）：无" in first, first
    data["members"][0].update(disability_type="physical", disability_grade=1)  # as the head's certificate may say
    assert "tekun" in decide(post, data, "2026-03-01").members.get("p1", ())


def test_the_values_left_out_that_decide_a_category_come_before_those_that_decide_only_assistance(run, tmp_path):
    """A household that leaves out every optional field: the few blanks that could change a category (the mother's
    disability, which given with its type could leave her unable to work and make her tekun, a supporter, deposits,
    a vehicle, a second house, a business) are said first, on their own; the son's disability, the house and the
    water, which would bring only assistance (an allowance, a renovation), after them."""
    data = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    for m in data["members"]:
        for name in ("disability_grade", "disability_type", "serious_illness", "supporter", "sex"):
            m.pop(name, None)
    del data["assets"], data["housing"], data["drinking_water"]
    data["expenses"] = []
    path = tmp_path / "sparse.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    t = json.loads(run("eval", path, "--explain", "--format", "json", "--lang", "en").stdout)["explanation"]
    category = [(d["label"], d.get("member")) for d in t["defaults"] if d.get("decides_category")]
    assistance = [(d["label"], d.get("member")) for d in t["defaults"]
                  if d.get("decides") and not d.get("decides_category")]
    assert category == [("type of disability", "p1"), ("disability grade (1 is the most severe)", "p1"),
                        ("person with a legal duty of support", "p2"),
                        ("deposits and securities of the household", None),
                        ("motor vehicles (except mobility vehicles for disabled persons)", None),
                        ("houses owned besides the one lived in", None),
                        ("a member has a registered company or business", None)]
    assert assistance == [("type of disability", "p2"), ("disability grade (1 is the most severe)", "p2"),
                          ("housing safety grade (C and D are unsafe)", None), ("drinking water is safe", None)]
    heads = [line.split("：")[0] for line in run("eval", path, "--brief", "--lang", "zh").stdout.splitlines()
             if line.startswith("⚠") and "未填写" in line]
    assert heads == ["⚠ 认定结果取决于以下未填写的项目（已按政策默认值认定），请先核实再告知",
                     "⚠ 救助帮扶（而非认定结果）取决于以下未填写的项目（已按政策默认值认定），请核实",
                     "⚠ 以下项目未填写，已按政策默认值认定，请核实"]
    text = run("eval", path, "--explain", "--lang", "en").stdout
    first = next(line for line in text.splitlines() if line.startswith("⚠ the decision depends on"))
    assert "deposits" in first and "disability grade (1 is the most severe) (p1)" in first
    assert "(p2) — taken as none; deposits" in first and "housing safety grade" not in first  # p2: his supporter
    assert next(line for line in text.splitlines() if line.startswith("⚠ the assistance, not the categories")) \
        == ("⚠ the assistance, not the categories, depends on these values not given in the household file (the "
            "policy's default stood in): please check them: type of disability (p2) — taken as none; disability grade "
            "(1 is the most severe) (p2) — taken as none; housing safety grade (C and D are unsafe) — taken as grade A "
            "(safe); drinking water is safe — taken as yes")


def test_a_member_field_left_out_that_an_aggregation_read_is_said_to_be_the_default(run, tmp_path):
    # `any(members where serious_illness)` decides other_hardship: a blank on the form is not a "no"
    path = next((ROOT / "examples" / "households").glob("DS-0007-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    for m in data["members"]:
        del m["serious_illness"]
    data["date"] = "2026-03-01"
    household = tmp_path / "DS-0007.json"
    household.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    said = {"en": ("a member has a serious illness = no",
                   "has a serious illness (p1) = no (not given: the default)",
                   "has a serious illness (p2) = no (not given: the default)",
                   "⚠ the decision depends on these values not given in the household file (the policy's default "
                   "stood in): check them before telling the household: "
                   # the field once, with the members it took that value for
                   "has a serious illness (p1, p2) — taken as no"),
            "zh": ("有成员患重特大疾病 = 否",
                   "患重特大疾病（p1） = 否（未填写，按默认值）",
                   "患重特大疾病（p2） = 否（未填写，按默认值）",
                   "⚠ 认定结果取决于以下未填写的项目（已按政策默认值认定），请先核实再告知："
                   "患重特大疾病（p1、p2）：否")}
    for lang, (aggregate, first, second, warning) in said.items():
        result = run("eval", household, "--explain", "--lang", lang)
        assert result.exit_code == 0, result.output
        lines = [line.strip() for line in result.stdout.splitlines()]
        at = lines.index(aggregate)
        assert lines[at + 1:at + 3] == [first, second] and warning in lines
        assert warning in run("eval", household, "--lang", lang).stdout.splitlines()  # the summary's head too
    decision = json.loads(run("eval", household, "--explain", "--format", "json", "--lang", "en").stdout)
    assert decision["explanation"]["defaults"] == [
        {"label": "has a serious illness", "member": m, "value": "no", "decides": True, "decides_category": True}
        for m in ("p1", "p2")]
    hardship = category(decision["explanation"], "other_hardship")
    entry = next(d for d in clause(hardship, "hardship")["derived"] if d["kind"] == "aggregate")
    assert [(d["member"], d["defaulted"]) for d in entry["from"]] == [("p1", True), ("p2", True)]


# what the mini policy lacks to read a member's fields left out: their children, and whether no one supports them
_CHILDREN = {"    supporter: {type: enum": "    children: {type: integer, minimum: 0, default: 0, "
                                         "label: {zh: 子女数, en: children}}\n    supporter: {type: enum"}
_AGE = "  age: {level: member, value: age(birth_date), label: {zh: 年龄, en: age}}\n"
_ALONE = "  alone: {level: member, value: 'supporter == \"none\"', label: {zh: 无赡养人, en: without a supporter}}\n"


def test_every_aggregation_names_the_members_whose_field_it_read_was_left_out():
    from engine.render import render_text
    from tests.helpers import decide, household, member, mini_with

    policy = mini_with({
        **_CHILDREN,
        _AGE: _AGE + _ALONE +
            "  elders_children: {value: 'sum(members where age >= 60, children)', "
            "label: {zh: 老人子女数, en: children of the elderly}}\n",
        "departments:":
            "  - id: family\n    label: {zh: 家庭, en: family}\n    when:\n"
            "      - {id: few, label: {zh: 子女少, en: few}, test: elders_children < 3}\n"
            "      - {id: parents, label: {zh: 父母少, en: parents}, test: 'count(members where children > 0) < 2'}\n"
            "      - {id: alone, label: {zh: 无人赡养, en: alone}, test: 'any(members where alone)'}\n"
            "departments:"})
    # p1 is 74 and gives a supporter, not children; p2 is 35 and gives neither (the house, which the renovation
    # reads, is given)
    data = household([member("p1", "1950-06-01", supporter="able"), member("p2", "1990-01-01")],
                     assets={"deposits": 0}, housing={"safety_grade": "B"})
    decision = decide(policy, data)
    en, zh = explain(decision, "en"), explain(decision, "zh")
    # the sum read the children of p1 only (the member aged 60 or more); the count's `where`, those of p2
    # too (p1's were said already); `any` read p2's supporter through the member-level definition
    # a child of p1's would leave the elderly's children under 3 no more; one of p2's leaves the count of
    # members with children under 2 still: that blank decides nothing
    assert en["defaults"] == [{"label": "children", "member": "p1", "value": "0", "decides": True,
                               "decides_category": True},
                              {"label": "children", "member": "p2", "value": "0"},
                              {"label": "supporter", "member": "p2", "value": "“none”", "decides": True,
                               "decides_category": True}]
    family = category(en, "family")
    assert [[(d["name"], d.get("member"), d.get("defaulted")) for d in e.get("from", [])]
            for c in family["clauses"] for e in c["derived"]] == [
        [("children", "p1", True)], [("children", "p2", True)], [("supporter", "p2", True)]]
    text = render_text(en).splitlines()
    at = text.index("        children of the elderly = sum of children over members (aged 60 or over) = 0  "
                    "[inline.yaml:37]")
    assert text[at + 1] == "          children (p1) = 0 (not given: the default)"
    assert "          supporter (p2) = “none” (not given: the default)" in text
    said = render_text(zh)
    assert "          子女数（p1） = 0（未填写，按默认值）\n" in said
    assert "          赡养人（p2） = “none”（未填写，按默认值）\n" in said
    deciding = ("⚠ 认定结果取决于以下未填写的项目（已按政策默认值认定），请先核实再告知："
                "子女数（p1）：0；赡养人（p2）：none")
    at = said.splitlines().index(deciding)
    assert said.splitlines()[at + 1] == "⚠ 以下项目未填写，已按政策默认值认定，请核实：子女数（p2）：0"
    # every field given: an aggregation says only its value
    given = household([member("p1", "1950-06-01", supporter="able", children=1),
                       member("p2", "1990-01-01", supporter="able", children=0)], assets={"deposits": 0},
                      housing={"safety_grade": "B"})
    again = explain(decide(policy, given), "en")
    assert "defaults" not in again
    assert not any("from" in e for c in category(again, "family")["clauses"] for e in c["derived"])


def test_a_household_field_left_out_and_read_in_a_members_rule_is_the_households_default():
    from engine.render import render_text
    from tests.helpers import decide, household, member, mini_with

    policy = mini_with({"      - {id: poor, label: {zh: 穷, en: poor}, test: own_counted_income < dibao_standard}\n":
                        "      - {id: poor, label: {zh: 穷, en: poor}, test: own_counted_income < dibao_standard}\n"
                        "      - {id: house, label: {zh: 房, en: house}, test: 'housing.safety_grade == \"D\"'}\n"})
    data = household([member("p1", "1950-06-01"), member("p2", "1952-01-01")], assets={"deposits": 0})
    en = explain(decide(policy, data), "en")
    # one value, the household's, said once for the household and not as p1's or p2's
    assert en["defaults"] == [{"label": "housing grade", "value": "“A”", "decides": True, "decides_category": True}]
    text = render_text(en)
    assert "            housing grade = “A” (not given: the default)\n" in text and "housing grade (p" not in text


def _working_age_head(**fields: Any) -> dict[str, Any]:
    """A head of 56 in dibao, working the land: employment services are his if he can work and is not studying."""
    return {"id": "E3", "members": [{"id": "p1", "relation": "head", "birth_date": "1970-01-01", "supporter": "able",
                                     **fields}],
            "income": [{"type": "agriculture", "amount": 3000}]}


def test_the_inputs_left_out_that_a_measures_condition_read_are_named(run, tmp_path):
    """Employment services rest on a working-age member's labour capacity and schooling: left out, the defaults
    (full, none) grant them, and the caseworker is told to check both, as what only the assistance depends on."""
    path = tmp_path / "E3.json"
    path.write_text(json.dumps(_working_age_head()), encoding="utf-8")
    day = ("--date", "2026-06-15")
    t = json.loads(run("eval", path, *day, "--explain", "--format", "json", "--lang", "en").stdout)["explanation"]
    assert {"label": "capacity to work", "member": "p1", "value": "“full”", "decides": True} in t["defaults"]
    assert {"label": "level of schooling", "member": "p1", "value": "“not in school”", "decides": True} in t["defaults"]
    said = {"zh": ("⚠ 救助帮扶（而非认定结果）取决于以下未填写的项目", "户主（56岁）的劳动能力：",
                   "户主（56岁）的在读学段："),
            "en": ("⚠ the assistance, not the categories, depends on", "head of household (aged 56): capacity to work",
                   "head of household (aged 56): level of schooling")}
    for lang, (head, labour, student) in said.items():
        brief = run("eval", path, *day, "--brief", "--lang", lang).stdout.splitlines()
        line = next(line for line in brief if line.startswith(head))
        assert labour in line and student in line
    # a member of 70 is past the ages the condition asks for, which stops it there: his labour capacity decides
    # nothing (unable to work by his age, tekun needs no assessment), his schooling does, by the education aid
    path.write_text(json.dumps(_working_age_head(birth_date="1956-01-01")), encoding="utf-8")
    t = json.loads(run("eval", path, *day, "--explain", "--format", "json", "--lang", "en").stdout)["explanation"]
    deciding = {d["label"] for d in t["defaults"] if d.get("decides")}
    assert {"capacity to work", "level of schooling"} & deciding == {"level of schooling"}
    # a household in no category: no measure is decided, so neither decides anything (his capacity to work and his
    # schooling are read by tekun, which his able supporter rules out whatever they are)
    earning = dict(_working_age_head(), income=[{"type": "agriculture", "amount": 90000}])
    path.write_text(json.dumps(earning), encoding="utf-8")
    t = json.loads(run("eval", path, *day, "--explain", "--format", "json", "--lang", "en").stdout)["explanation"]
    assert t["result"]["household"] == []
    assert not {"capacity to work", "level of schooling"} & {d["label"] for d in t["defaults"] if d.get("decides")}
    assert {"capacity to work", "level of schooling"} <= {d["label"] for d in t["defaults"]}


def test_the_inputs_left_out_that_assistance_read_are_named_wherever_it_read_them():
    from tests.helpers import decide, household, member, mini_with

    policy = mini_with({
        **_CHILDREN,
        _AGE: _AGE + _ALONE,
        "    when: housing_unsafe and dibao\n":
            "    when: housing_unsafe and dibao\n"
            # a member's measure: its condition reads an input through a definition, its amount a household input
            "  - id: care\n    level: member\n    department: civil_affairs\n"
            "    label: {zh: 照料补贴, en: care allowance}\n    when: tekun and alone\n"
            "    amount: 'if housing.safety_grade == \"D\" then 2000 yuan/year else 1000 yuan/year'\n"
            # the household's: its condition sums a field over the members
            "  - id: family_aid\n    department: civil_affairs\n    label: {zh: 多子女补贴, en: family aid}\n"
            "    when: dibao and sum(members, children) > 2\n"})
    # p1, 74 and without income, is tekun and the household dibao; the supporter, the children and the house are left
    # out, and no category reads them
    data = household([member("p1", "1950-06-01")], assets={"deposits": 0})
    decision = decide(policy, data)
    assert {g.measure.id for g in decision.assistance} == {"dibao_benefit", "care"}
    en = explain(decision, "en")
    # in the policy's order of measures: the renovation's condition and the allowance's amount read the house
    assert en["defaults"] == [{"label": "housing grade", "value": "“A”", "decides": True},
                              {"label": "supporter", "member": "p1", "value": "“none”", "decides": True},
                              {"label": "children", "member": "p1", "value": "0", "decides": True}]
    assert [d["label"] for d in explain(decision, "zh")["defaults"]] == ["住房等级", "赡养人", "子女数"]
    # all given: nothing to name
    given = household([member("p1", "1950-06-01", supporter="none", children=0)], assets={"deposits": 0},
                      housing={"safety_grade": "B"})
    assert "defaults" not in explain(decide(policy, given), "en")


def test_an_aggregation_with_a_where_and_a_value_says_both():
    from tests.helpers import decide, household, member, mini_with

    policy = mini_with({
        "  age: {level: member, value: age(birth_date), label: {zh: 年龄, en: age}}\n":
            "  age: {level: member, value: age(birth_date), label: {zh: 年龄, en: age}}\n"
            "  eldest: {value: 'max(members where age >= 60, age)', label: {zh: 老人最大年龄, en: eldest}}\n"
            "  adults_alone: {value: 'all(members where age >= 18, supporter == \"none\")', "
            "label: {zh: 成年人均无赡养人, en: adults alone}}\n",
        "departments:":
            "  - id: family\n    label: {zh: 家庭, en: family}\n    when:\n"
            "      - {id: old, label: {zh: 老, en: old}, test: eldest > 80}\n"
            "      - {id: alone, label: {zh: 无人赡养, en: alone}, test: adults_alone}\n"
            "departments:"})
    data = household([member("p1", "1940-06-01", supporter="none"), member("p2", "1990-01-01", supporter="able")],
                     assets={"deposits": 0})
    decision = decide(policy, data)
    for lang, eldest, alone in (
            ("en", "largest age among members (aged 60 or over)",
             "every member (aged 18 or over): supporter is “none”"),
            ("zh", "成员（年满 60 周岁）中年龄的最大值", "所有成员（年满 18 周岁）")):
        words = [d.get("words") for c in category(explain(decision, lang), "family")["clauses"] for d in c["derived"]]
        assert words[0] == eldest and words[1].startswith(alone), words  # the `where` is said, not dropped


def test_the_case_file_lists_every_expense_with_whether_it_is_rigid():
    from engine.render import render_markdown

    report = render_markdown(tree("DS-0006", "zh"))
    assert "| 自然灾害、意外事故损失 |  | 20,000.00 元/年 | 否 |" in report
    assert "| 医疗费用（个人自付部分） | `p1` | 1,000.00 元/年 | 是 |" in report


def test_a_household_measure_not_given_says_the_condition_it_lacks():
    from engine.render import render_text

    path = next((ROOT / "examples" / "households").glob("DS-0025-*.json"))
    day = datetime.date(2026, 3, 1)
    post = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    household = validate_household(json.loads(path.read_text(encoding="utf-8")), post, path.name, today=day)
    t = explain(evaluate(post, household, day), "zh")
    assert t["result"]["household"] == ["最低生活保障对象"]  # and every member is tekun
    withheld = {w["id"]: w for w in t["withheld"]}
    # what it lacks, not what it has: the household is dibao, but no member is outside tekun
    assert withheld["dibao_benefit"]["sentence"] == "所有成员都属于“特困人员” → 不符合"
    assert withheld["dibao_benefit"]["why"] == "未给予，因为所有成员都属于“特困人员”"
    # a yes/no it does not have is said as the condition not met, never as its label followed by "no"
    assert withheld["housing_renovation"]["sentence"] == "住房不安全（C级、D级危房）为否 → 不符合"
    assert withheld["housing_renovation"]["why"] == "未给予，因为不符合“住房不安全（C级、D级危房）”这一条件"
    assert withheld["dibao_benefit"]["rule"] == "dibao and any(members where not tekun)"
    assert "dibao_benefit" not in {g["id"] for g in t["assistance"]}
    assert "未给予的救助帮扶措施" in render_text(t).splitlines()
    granted = {g["id"] for g in tree("DS-0001")["assistance"]}
    assert "dibao_benefit" in granted and "dibao_benefit" not in {w["id"] for w in tree("DS-0001")["withheld"]}


def test_a_monthly_figure_the_cents_round_is_marked_so_the_working_is_not_redone_with_it():
    from engine.values import human

    assert human(Decimal(4000), "rate", "zh", per="month") == "≈333.33 元/月"
    assert human(Decimal(6120), "rate", "zh", per="month") == "510.00 元/月"
    day = datetime.date(2026, 3, 1)
    post = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    members = [{"id": f"p{i}", "relation": relation, "birth_date": "1975-01-01", "supporter": "able"}
               for i, relation in enumerate(("head", "spouse", "child"), 1)]
    data = {"id": "R", "members": members, "income": [{"type": "agriculture", "amount": 12000}]}
    t = explain(evaluate(post, validate_household(data, post, "t", today=day), day), "zh")
    benefit = next(g for g in t["assistance"] if g["id"] == "dibao_benefit")
    assert benefit["working"].endswith("(510.00 元/月 − ≈333.33 元/月) × 3 × 1 个月） = 530.00 元")


def three_farming(amount: str) -> dict[str, Any]:
    """Three adults who can work, their farm income `amount` a year, under the post-transition policy."""
    members = [{"id": f"p{i}", "relation": relation, "birth_date": "1975-01-01", "supporter": "able"}
               for i, relation in enumerate(("head", "spouse", "child"), 1)]
    return {"id": "R", "members": members, "income": [{"type": "agriculture", "amount": Decimal(amount)}]}


def post_transition(data: dict[str, Any], lang: str) -> dict[str, Any]:
    day = datetime.date(2026, 3, 1)
    post = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    return explain(evaluate(post, validate_household(data, post, "t", today=day), day), lang)


@pytest.mark.parametrize(("amount", "lang", "said"), [
    ("18359.99", "zh", "家庭年人均收入 6,119.997 元/年 < 农村最低生活保障标准 6,120.00 元/年，低不到 0.01 元/年"),
    ("18360.01", "zh", "家庭年人均收入 6,120.003 元/年 > 农村最低生活保障标准 6,120.00 元/年，高不到 0.01 元/年"),
    ("18359.99", "en", "annual per-capita income 6,119.997 yuan/year < rural minimum living standard (dibao standard) "
                       "6,120.00 yuan/year, less than 0.01 yuan/year below"),
    ("18360.01", "en", "annual per-capita income 6,120.003 yuan/year > rural minimum living standard (dibao standard) "
                       "6,120.00 yuan/year, less than 0.01 yuan/year above"),
])
def test_figures_less_than_a_fen_apart_are_shown_apart_and_the_margin_is_not_said_to_be_nothing(
        amount: str, lang: str, said: str):
    """18,359.99 ÷ 3 is 6,119.9966…: shown to the fen it reads `6,120.00 < 6,120.00, below by 0.00`."""
    income = clause(category(post_transition(three_farming(amount), lang), "dibao"), "income")
    assert income["sentence"] == said
    per_head = "6,119.997" if amount == "18359.99" else "6,120.003"
    assert [side["value"].split(" ")[0] for side in income["compared"]] == [per_head, "6,120.00"]
    assert income["margin"] == "0.003"
    if amount == "18360.01":  # what would make it hold, with the value as shown
        assert f"(now {per_head} yuan/year)" in income["would_hold_if"] or f"（现为 {per_head} 元/年）" in \
            income["would_hold_if"]
    # figures a fen or more apart are shown to the fen, as ever
    wider = clause(category(post_transition(three_farming("18359.96"), lang), "dibao"), "income")
    assert [side["value"].split(" ")[0] for side in wider["compared"]] == ["6,119.99", "6,120.00"]
    assert wider["margin"] == "0.01"


@pytest.mark.parametrize(("amount", "per_head"), [("18359.99", "6,119.997"), ("18360.01", "6,120.003")])
def test_a_figure_shown_apart_is_shown_to_the_same_places_in_the_working_under_its_comparison(amount: str,
                                                                                              per_head: str):
    """`6,119.997 < 6,120.00` above `18,359.99 ÷ 3 = 6,120.00` contradicts itself: the working, and the parts of a
    sum, are written to the places the comparison shows; figures exact to the fen stay at the fen."""
    t, income = post_transition(three_farming(amount), "zh"), f"{amount[:2]},{amount[2:]}"  # `18,359.99`
    per_capita = clause(category(t, "dibao"), "income")["derived"][0]
    assert (per_capita["name"], per_capita["substituted"], per_capita["value"]) == (
        "per_capita_income", f"{income} ÷ 3", f"{per_head} 元/年")
    own = clause(category(t, "tekun")["members"][1], "no_source_of_living")["derived"][0]
    assert (own["name"], own["substituted"], own["value"]) == (
        "own_income_with_share", f"0.00 + {per_head}", f"{per_head} 元/年")
    first = clause(category(t, "tekun")["members"][0], "no_source_of_living")["derived"][0]
    share = next(d for d in first["from"] if d["name"] == "shared_income_per_head")
    assert share["value"] == f"{per_head} 元/年"
    assert next(d for d in share["from"] if d["name"] == "counted_income")["value"] == f"{income} 元/年"
    # a comparison a fen or more apart shows it to the fen, as ever, and so does its working
    marginal = clause(category(t, "dibao_marginal"), "income")
    assert marginal["compared"][0]["value"] == "6,120.00 元/年"
    assert [d["value"] for d in marginal["derived"] if d["name"] == "marginal_line"] == ["9,180.00 元/年"]


def test_figures_less_than_a_fen_apart_inside_a_yes_no_rule_are_shown_apart_too():
    from tests.helpers import policy_from_text

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    policy = policy_from_text(text.replace("test: per_capita_income < dibao_standard\n",
                                           "test: per_capita_income < dibao_standard or assets.vehicles > 5\n"))
    day = datetime.date(2026, 3, 1)
    data = three_farming("18360.01")
    decision = evaluate(policy, validate_household(data, policy, "t", today=day), day)
    income = clause(category(explain(decision, "zh"), "dibao"), "income")
    said = "家庭年人均收入 6,120.003 元/年 > 农村最低生活保障标准 6,120.00 元/年（不满足：须低于 6,120.00 元/年）；"
    assert income["sentence"].startswith(said)


@pytest.mark.parametrize(("amount", "lang", "said"), [
    ("18359.99", "zh", " × 3 × 1 个月 = 不到 0.01 元，向上取整为 1.00 元"),
    ("18359.99", "en", " × 3 × 1 month = less than 0.01 yuan, rounded up to 1.00 yuan"),
    ("10000", "zh", "(510.00 元/月 − ≈277.78 元/月) × 3 × 1 个月 = ≈696.67 元，向上取整为 697.00 元"),
    ("12000", "zh", "= 向上取整（(510.00 元/月 − ≈333.33 元/月) × 3 × 1 个月） = 530.00 元"),  # nothing to round
])
def test_an_amount_rounded_says_what_its_numbers_come_to_and_what_that_was_rounded_to(
        amount: str, lang: str, said: str):
    """`(510.00 − ≈510.00) × 3 = 1.00` reads as nothing made into a yuan: what was rounded up is said."""
    t = post_transition(three_farming(amount), lang)
    benefit = next(g for g in t["assistance"] if g["id"] == "dibao_benefit")
    assert benefit["working"].endswith(said)


def test_an_amount_is_written_the_same_however_often_and_in_whichever_form_it_comes():
    from engine.values import grouped

    for text in ("6120", "6120.00", "6.12E+3", "1234567.005", "-0.004", "0.5", "-2880.5"):
        value = Decimal(text)
        first, again = grouped(value), grouped(value)
        written = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
        assert first == again == (written if value >= 0 else "−" + written[1:] if written != "-0.00" else "0.00")
    assert grouped(Decimal("6120.00")) == "6,120.00" and grouped(Decimal("1234567.005")) == "1,234,567.01"
    # below zero, the minus sign read aloud as one, not a hyphen; what rounds to nothing, nothing (no `-0.00`)
    assert grouped(Decimal("-2880.5")) == "−2,880.50" and grouped(Decimal("-0.004")) == "0.00"
    assert (grouped(Decimal("0")), grouped(Decimal("-0")), grouped(Decimal("0"))) == ("0.00", "0.00", "0.00")


@pytest.mark.parametrize("context", [
    {"prec": 5}, {"prec": 5, "traps": []}, {"rounding": "ROUND_DOWN"}, {"prec": 100, "rounding": "ROUND_HALF_EVEN"},
], ids=["few digits", "no traps", "rounding down", "many digits, half even"])
def test_a_decision_amount_is_written_to_the_fen_half_up_whatever_decimal_context_it_is_written_in(context):
    """`money`, which writes every amount of a decision's JSON, rounds half up to the fen in a context of its own: a
    program that calls it in another (fewer digits, no traps, another rounding) gets the same text. (A figure of more
    than 26 digits before the point, which no household holds, is written in one made for it.)"""
    from decimal import localcontext

    from engine.values import money

    texts = ["1234567.005", "0.125", "-0.004", "-0", "2880.5", "-9999999999999.995", "12345678901234567890123456.785"]
    expected = ["1234567.01", "0.13", "0.00", "0.00", "2880.50", "-10000000000000.00", "12345678901234567890123456.79"]
    with localcontext(**context):
        assert [money(Decimal(t)) for t in texts] == expected
    assert money(Decimal("123456789012345678901234567.895")) == "123456789012345678901234567.90"
    assert money(Decimal("1E+40")) == "1" + "0" * 40 + ".00"


@pytest.mark.parametrize("context", [{"prec": 5}, {"prec": 5, "traps": []}, {"prec": 40, "rounding": "ROUND_DOWN"}],
                         ids=["few digits", "no traps", "rounding down"])
def test_an_amount_of_any_size_is_rounded_to_its_place_whatever_decimal_context_it_is_written_in(context):
    """`cents`, `quantized` and what writes with them (`money` beyond 26 digits, `plain_number`'s long quotients,
    `share_percent`) round in a context of their own, with the digits the figure needs: a program that calls them in
    another (fewer digits, no traps, another rounding) gets the same figure, not `NaN` or an error."""
    from decimal import ROUND_HALF_EVEN, localcontext

    from engine.values import cents, money, plain_number, quantized, share_percent

    two_thirds = Decimal(2) / Decimal(3)

    def written() -> tuple[object, ...]:
        return (cents(Decimal("1234567.895")), quantized(Decimal("2.345"), Decimal("0.01"), ROUND_HALF_EVEN),
                money(Decimal("123456789012345678901234567.895")), plain_number(two_thirds),
                share_percent(Decimal("0.123456")))

    expected = (Decimal("1234567.90"), Decimal("2.34"), "123456789012345678901234567.90", "0.666666666667", "12.35%")
    assert written() == expected
    with localcontext(**context):
        assert written() == expected


def test_an_english_list_reads_aloud_as_english_joins_it_and_a_chinese_one_keeps_its_enumeration_comma():
    from engine.values import listed

    assert listed([], "en") == "" and listed(["A"], "en") == "A"
    assert listed(["A", "B"], "en") == "A and B"
    assert listed(["A", "B", "C"], "en") == "A, B and C"
    assert listed(["A", "B", "C"], "en", "or") == "A, B or C"
    assert listed(iter(["A", "B"]), "zh") == "A、B" and listed(["A", "B", "C"], "zh") == "A、B、C"
    # alternatives in Chinese take `或` before the last, spaced from a backticked name as Chinese text is
    assert listed(["“A”", "“B”", "“C”"], "zh", "or") == "“A”、“B”或“C”" and listed(["A"], "zh", "or") == "A"
    assert listed(["`a`", "`b`", "`c`"], "zh", "or") == "`a`、`b` 或 `c`"
    # the categories of the explanation's head, as said aloud
    from engine.render import render_text

    assert "Result: household on the margin of dibao and household monitored against returning to poverty" \
        in render_text(tree("DS-0013")).splitlines()


def test_a_comparison_inside_a_two_part_rule_says_when_it_is_the_part_not_met():
    rule = clause(category(tree("DS-0014", "zh"), "monitoring"), "rigid_expense_burden")
    first, second = rule["sentence"].removesuffix(" → 不符合").split("；")
    assert first.endswith("18,000.00 元/年（不满足：须高于 18,000.00 元/年）")  # equal, and the rule asks for more
    assert second.endswith("6,000.00 元/年 < 防止返贫监测收入范围 7,300.00 元/年")  # this part holds: nothing added


def test_a_grant_of_a_yearly_rate_says_per_year_in_the_decision_json_as_the_explanation_does():
    from engine.render import decision_json

    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    household = validate_household(json.loads(path.read_text(encoding="utf-8")), TRANSITION, path.name, today=DAY)
    decision = evaluate(TRANSITION, household, DAY)
    periods = {(g["id"], g.get("member")): g.get("per") for g in decision_json(decision)["assistance"]}
    assert periods[("dibao_benefit", None)] == "month"  # its own `per: month`
    assert periods[("medical_assistance", "p1")] == "year"  # 70% of a year's costs: a rate per year
    assert periods[("employment_services", "p1")] is None  # a service: no amount, no period
    said = {g["id"]: g["amount"] for g in explain(decision, "en")["assistance"]}
    assert said["medical_assistance"].endswith("yuan/year")


def test_an_aggregation_with_a_where_names_the_members_it_chose_and_none_when_it_chose_nobody():
    from engine.render import render_markdown, render_text

    post, day = load_policy(ROOT / "policy" / "post-transition.yaml")[0], datetime.date(2026, 3, 1)
    path = next((ROOT / "examples" / "households").glob("DS-0005-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["members"][2]["serious_illness"] = True  # p3 too, besides the head
    household = validate_household(data, post, path.name, today=day)
    t = explain(evaluate(post, household, day), "zh")
    ill = [d for c in t["categories"] for x in c.get("clauses", []) for d in x.get("derived", [])
           if d["name"] == "any(members where serious_illness)"]
    assert ill and all(d["members"] == ["p1", "p3"] for d in ill)
    assert "有成员患重特大疾病 = 是（p1、p3）" in render_text(t)
    assert "有成员患重特大疾病 = **是**（`p1`、`p3`）" in render_markdown(t)
    for m in data["members"]:
        m["serious_illness"] = False
    household = validate_household(data, post, path.name, today=day)
    t = explain(evaluate(post, household, day), "en")
    nobody = [d for c in t["categories"] for x in c.get("clauses", []) for d in x.get("derived", [])
              if d["name"] == "any(members where serious_illness)"]
    assert nobody and all("members" not in d for d in nobody)
    assert "a member has a serious illness = no\n" in render_text(t)


def test_income_given_to_no_member_is_each_members_source_of_living_in_equal_shares():
    from engine.render import render_text

    post, day = load_policy(ROOT / "policy" / "post-transition.yaml")[0], datetime.date(2026, 3, 1)

    def decided(data: dict[str, Any], lang: str) -> dict[str, Any]:
        return explain(evaluate(post, validate_household(data, post, "t", today=day), day), lang)

    t = decided(alone_farming(7000), "zh")
    him = category(t, "tekun")["members"][0]
    assert not him["assigned"] and him["failed"] == ["no_source_of_living"]
    living = clause(him, "no_source_of_living")
    assert living["sentence"] == ("本人收入（含家庭共同收入人均份额） 7,000.00 元/年 > "
                                  "农村最低生活保障标准 6,120.00 元/年，高 880.00 元/年")
    text = render_text(t)
    assert ("本人收入（含家庭共同收入人均份额）（p1） = 本人计入收入 + 家庭共同收入人均份额 = 0.00 + 7,000.00 = "
            "7,000.00 元/年") in text
    assert ("家庭共同收入人均份额 = (计入收入 − 各成员本人计入收入之和) ÷ 家庭人口数 = (7,000.00 − 0.00) ÷ 1 = "
            "7,000.00 元/年") in text
    en = render_text(decided(alone_farming(7000), "en"))
    assert ("✘ own income with a share of the household's common income below the dibao standard (no source of "
            "living): own income including a per-head share of the household's common income 7,000.00 yuan/year > "
            "rural minimum living standard (dibao standard) 6,120.00 yuan/year, 880.00 yuan/year above") in en
    assert ("per-head share of the household's common income = (counted income − sum of own counted income over "
            "members) ÷ household size = (7,000.00 − 0.00) ÷ 1 = 7,000.00 yuan/year") in en
    # the same income written as his own decides the same, none of it shared
    own = decided(alone_farming(7000, member="p1"), "en")
    assert category(own, "tekun")["members"][0]["failed"] == ["no_source_of_living"]
    assert "own income including a per-head share of the household's common income (p1) = own counted income + " \
           "per-head share of the household's common income = 7,000.00 + 0.00 = 7,000.00 yuan/year" in render_text(own)
    # below the standard, he is tekun
    assert category(decided(alone_farming(5000), "en"), "tekun")["members"][0]["assigned"]
    # 20,000 shared by a grandmother and her grandson: 10,000 each, neither is tekun
    both = category(decided(grandmother_and_grandson(20000), "zh"), "tekun")["members"]
    assert [m["assigned"] for m in both] == [False, False]
    assert [clause(m, "no_source_of_living")["compared"][0]["value"] for m in both] == ["10,000.00 元/年"] * 2


def test_a_rule_reading_the_total_of_income_not_counted_says_it_as_the_income_accounting_does(tmp_path):
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    written = "        test: per_capita_income < dibao_standard\n"
    assert text.count(written) == 1
    target = tmp_path / "p.yaml"
    target.write_text(text.replace(written, written[:-1] + " and exempt_income < 100000 yuan/year\n"),
                      encoding="utf-8")
    policy = load_policy(target, raw=target.read_bytes())[0]
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0015-*.json")).read_text(encoding="utf-8"))
    day = datetime.date(2026, 3, 1)
    decision = evaluate(policy, validate_household(data, policy, "x.json", today=day), day)
    from engine.render import render_text

    en, zh = (render_text(explain(decision, lang)) for lang in ("en", "zh"))
    assert "income not counted = 10,320.00 yuan/year" in en and "exempt income" not in en
    assert "不计入收入 = 10,320.00 元/年" in zh and "豁免" not in zh


def test_entries_of_a_tree_are_its_objects_each_before_what_it_holds():
    from engine.explain.tree import entries

    inner = {"name": "income", "value": "0.00 元/年"}
    clause = {"id": "c1", "derived": [inner], "failed": ["c2"], "as_received": [[{"deep": True}], "text"]}
    tree = {"lang": "zh", "categories": [{"id": "dibao", "clauses": [clause]}], "to_confirm": []}
    assert entries(tree) == [tree, tree["categories"][0], clause, inner, {"deep": True}]
    assert entries([clause, 3]) == [clause, inner, {"deep": True}] and entries("text") == []
    # a whole explanation: every object JSON holds, as many as its text has opening braces
    decision = decide(load_policy(ROOT / "policy" / "post-transition.yaml")[0], grandmother_and_grandson(3000.0),
                      "2026-03-01")
    found = entries(explain(decision, "en"))
    text = json.dumps(found[0], ensure_ascii=False)
    assert len(found) > 50 and len(found) == text.count('{"') + text.count("{}")


def test_the_entries_that_may_cite_a_source_are_every_entry_of_the_tree_that_cites_one():
    # `citing` reads the places the explanation's schema allows a `source`: those must be all of them, in trees with
    # grants, parameters of another document, member clauses, accounting lines, abolished categories and withheld
    # measures, as `entries` finds them by looking at every value
    import datetime as dt

    from engine.explain.tree import citing, entries
    from engine.sample import households
    from tests.helpers import county_standards

    day = dt.date(2025, 6, 1)
    transition, post = (load_policy(ROOT / "policy" / f"{v}.yaml")[0] for v in ("2024-transition", "post-transition"))
    decided = [(transition, day, data) for data in households(60, 3, day)]
    decided += [(policy, dt.date(2026, 3, 1), data) for policy in (post, county_standards())
                for data in households(60, 4, dt.date(2026, 3, 1))]
    for path in sorted((ROOT / "examples" / "households").glob("*.json")):
        decided.append((transition, day, json.loads(path.read_text(encoding="utf-8"))))
    kinds: set[str] = set()
    for policy, when, data in decided:
        decision = evaluate(policy, validate_household(data, policy, "x.json", today=when), when)
        for lang in ("zh", "en"):
            tree = explain(decision, lang)
            # an entry the explanation shares between two places (a plan's list of parameters cited) counts twice
            assert sorted(id(e) for e in citing(tree) if "source" in e) == \
                sorted(id(e) for e in entries(tree) if "source" in e)
            kinds.update(key for key in ("members", "parameters_cited", "from", "department", "counted")
                         for e in citing(tree) if "source" in e and key in e)
    assert kinds == {"members", "parameters_cited", "from", "department", "counted"}


@pytest.mark.parametrize(("lang", "label", "said", "sentence"), [
    ("zh", UNABLE_ZH, "不符合这一条件", "为否 → 不符合"),
    ("en", UNABLE_EN, "this condition is not met",
     " — no → condition not met")])


def test_a_clause_that_is_one_indicator_of_the_same_label_says_the_condition_is_not_met(lang: str, label: str,
                                                                                       said: str, sentence: str):
    # read aloud, `无劳动能力（…）：否` sounds like "unable to work", and `无劳动能力（…）：无劳动能力（…）为否` is
    # a stutter too: the clause's label already names the indicator, and the line says the condition is not met
    from engine.render import render_markdown, render_text
    t = tree("DS-0003", lang)
    sep = "：" if lang == "zh" else ": "
    text, markdown = render_text(t), render_markdown(t)
    assert f"        ✘ {label}{sep}{said}  [" in text
    assert f"- ✘ **{label}** — {said}{'（' if lang == 'zh' else ' ('}`no_labour_capacity`" in markdown
    assert label + sep + label not in text
    assert f"{label}{sep}{'否' if lang == 'zh' else 'no'} →" not in text
    # the JSON keeps the whole sentence, which the brief reads out after the reason, where no label goes before it
    head = category(t, "tekun")["members"][0]
    assert clause(head, "no_labour_capacity")["sentence"] == label + sentence


@pytest.mark.parametrize(("lang", "line", "sentence"), [
    ("zh", "✘ 住房不安全：不符合“住房不安全（C级、D级危房）”这一条件  [", "住房不安全（C级、D级危房）为否 → 不符合"),
    ("en", "✘ housing is unsafe: the condition “housing is unsafe (grade C or D)” is not met  [",
     "housing is unsafe (grade C or D) — no → condition not met")])


def test_a_clause_whose_indicator_is_labelled_otherwise_says_that_condition_is_not_met(lang: str, line: str,
                                                                                       sentence: str):
    # `住房不安全：住房不安全（C级、D级危房）为否`, read aloud, is heard as "housing is unsafe"
    from engine.render import render_markdown, render_text
    t = tree("DS-0024", lang)
    assert line in render_text(t)
    label, _, said = line.removeprefix("✘ ").removesuffix("  [").partition("：" if lang == "zh" else ": ")
    rule = "（`housing_unsafe`；" if lang == "zh" else " (`housing_unsafe`;"  # in the brackets of its prose
    assert f"- ✘ **{label}** — {said}{rule}" in render_markdown(t)
    assert clause(category(t, "monitoring"), "housing_unsafe")["sentence"] == sentence


@pytest.mark.parametrize(("lang", "hardship", "business"), [
    ("zh", "：“住房不安全（C级、D级危房）”：否；“饮用水不安全”：否；没有成员患重特大疾病；"
           "无灾害及意外事故损失 → 不符合 ⚠  [",  # the clause is the file's own ground, to confirm
     "✔ 无注册企业或个体工商户：“家庭成员注册有企业或个体工商户”：否 → 符合  ["),
    ("en", ": “housing is unsafe (grade C or D)”: no; “drinking water is unsafe”: no; no member has a serious illness; "
           "no losses from disasters and accidents reported → condition not met ⚠  [",
     "✔ no registered company or business: “a member has a registered company or business”: no → condition met  [")])


def test_a_yes_no_among_other_conditions_or_under_not_is_said_as_the_question_and_its_answer(
        lang: str, hardship: str, business: str):
    # among the alternatives of other hardship, and under `not` (no registered business), a yes/no reads as the
    # question and what was found (`“…”：否`), neither its label and “no” (heard as its opposite) nor `并非“…”` (stiff),
    # where the JSON's sentence keeps the label and its value
    from engine.render import render_markdown, render_text
    post, day = load_policy(ROOT / "policy" / "post-transition.yaml")[0], datetime.date(2026, 3, 1)
    path = next((ROOT / "examples" / "households").glob("DS-0003-*.json"))
    household = validate_household(json.loads(path.read_text(encoding="utf-8")), post, path.name, today=day)
    t = explain(evaluate(post, household, day), lang)
    text, markdown = render_text(t), render_markdown(t)
    assert hardship in text and business in text
    said = hardship.removesuffix("  [").partition("：" if lang == "zh" else ": ")[2]
    assert f"** — {said}{'（' if lang == 'zh' else ' ('}`housing_unsafe or water_unsafe" in markdown
    assert not any(x in text or x in markdown for x in ("为否", " — no →", " — no;", "：并非“", ": not “"))
    hard = clause(category(t, "other_hardship"), "hardship")["sentence"]
    assert hard.startswith("住房不安全（C级、D级危房）为否；饮用水不安全为否；" if lang == "zh" else
                           "housing is unsafe (grade C or D) — no; drinking water is unsafe — no; ")
    assert clause(category(t, "dibao"), "no_registered_business")["sentence"] == (
        "家庭成员注册有企业或个体工商户为否 → 符合" if lang == "zh" else
        "a member has a registered company or business — no → condition met")


@pytest.mark.parametrize(("lang", "line", "md"), [
    ("zh", "✘ 无注册企业或个体工商户：“家庭成员注册有企业或个体工商户”：是 → 不符合  [",
     "- ✘ **无注册企业或个体工商户** — “家庭成员注册有企业或个体工商户”：是 → 不符合"
     "（`not assets.registered_business`；"),
    ("en", "✘ no registered company or business: “a member has a registered company or business”: yes → condition not "
           "met  [",
     "- ✘ **no registered company or business** — “a member has a registered company or business”: yes → condition "
     "not met (`not assets.registered_business`;")])


def test_a_yes_no_that_must_be_false_and_is_true_says_what_was_found(lang: str, line: str, md: str):
    # a registered shop fails `not assets.registered_business`: the question and its answer, as when it holds
    from engine.render import render_markdown, render_text
    t = tree("DS-0016", lang)
    assert line in render_text(t)
    assert md in render_markdown(t)


def test_a_label_that_holds_the_join_is_said_whole_by_the_yes_no_the_clause_looked_at():
    # `；` parts a rule's conditions in its sentence; a label with one of its own is said whole, as `looked_at` gives
    # it, whether or not the clause unfolds its value (one after another clause that read it does not)
    from engine.render import _clause_said
    said = {"label": "困难", "verdict": False, "rule": "a or b", "sentence": "甲；乙为否；丙为是 → 不符合",
            "looked_at": [{"label": "甲；乙", "value": False}, {"label": "丙", "value": True}]}
    assert _clause_said(said, True) == "“甲；乙”：否；“丙”：是 → 不符合"
    one = {"label": "甲", "verdict": False, "rule": "a", "sentence": "甲为是 → 不符合",
           "looked_at": [{"label": "甲", "value": True}]}
    assert _clause_said(one, True) == "是 → 不符合"  # under its own label, the value alone
    other = {"label": "乙", "verdict": True, "rule": "a", "sentence": "甲为是 → 符合",
             "looked_at": [{"label": "甲", "value": True}]}
    assert _clause_said(other, True) == "“甲”：是 → 符合"
    empty = {"label": "甲", "verdict": False, "rule": "a", "sentence": "甲为（空） → 不符合",
             "looked_at": [{"label": "甲", "value": None}]}
    assert _clause_said(empty, True) == "（空） → 不符合"  # an input left empty is no answer: said as it is
    # without `looked_at` (a comparison, or a rule of other values), the sentence as it is
    assert _clause_said({**said, "looked_at": []}, True) == "甲；乙为否；丙为是 → 不符合"

    from tests.helpers import mini_with
    ill = "    ill: {type: boolean, default: false, label: {zh: 患病；重病, en: ill; badly}}\n"
    policy = mini_with({
        "    supporter:": ill + "    supporter:",
        "  - id: marginal\n": "  - id: sick\n    level: member\n    label: {zh: 病, en: sick}\n    when:\n"
                              "      - {id: ill, label: {zh: 病, en: ill}, test: ill or age > 200}\n"
                              "      - {id: well, label: {zh: 非病, en: not ill}, test: not ill and age < 200}\n"
                              "  - id: marginal\n"})
    from engine.render import render_text
    t = explain(decide(policy, household([{"id": "p1", "birth_date": "1950-01-01", "ill": True},
                                          {"id": "p2", "birth_date": "1990-01-01"}])), "zh")
    lines = [line.strip() for line in render_text(t).splitlines() if line.strip().startswith(("✔ 非病", "✘ 非病"))]
    assert [line.partition("  [")[0] for line in lines] == [
        # the rule met says the margin of its comparison, as a threshold alone does; the one that fails, only why
        "✘ 非病：“患病；重病”：是；年龄 75 岁 < 200 岁 → 不符合",
        "✔ 非病：“患病；重病”：否；年龄 35 岁 < 200 岁，低 165 岁 → 符合"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_yes_no_a_clause_looked_at_is_in_its_entry_as_the_text_says_it(lang: str):
    # `looked_at` gives each yes/no of a clause's sentence by its label and the value found; the text says each as
    # the question and that answer, never as the label and its value the sentence keeps
    from engine.explain.words import WORDS
    from engine.render import clause_label, render_text
    from engine.values import UNIT_WORDS
    post, day = load_policy(ROOT / "policy" / "post-transition.yaml")[0], datetime.date(2026, 3, 1)
    path = next((ROOT / "examples" / "households").glob("DS-0003-*.json"))
    raw = json.loads(path.read_text(encoding="utf-8"))
    t = explain(evaluate(post, validate_household(raw, post, path.name, today=day), day), lang)
    hardship = clause(category(t, "other_hardship"), "hardship")
    assert [f["value"] for f in hardship["looked_at"]] == [raw["housing"]["safety_grade"] in ("C", "D"),
                                                           not raw["drinking_water"]["safe"]] == [False, False]
    assert [f["label"] for f in hardship["looked_at"]] == (
        ["住房不安全（C级、D级危房）", "饮用水不安全"] if lang == "zh" else
        ["housing is unsafe (grade C or D)", "drinking water is unsafe"])
    business = clause(category(t, "dibao"), "no_registered_business")
    assert business["looked_at"] == [{"label": "家庭成员注册有企业或个体工商户" if lang == "zh" else
                                      "a member has a registered company or business", "value": False}]
    assert all("looked_at" not in c for c in category(t, "dibao")["clauses"] if "margin" in c)  # comparisons
    text, w, words = render_text(t), WORDS[lang], UNIT_WORDS[lang]
    sep = "：" if lang == "zh" else ": "
    for c in (x for cat in t["categories"] for x in [*cat.get("clauses", []),
                                                      *(y for m in cat.get("members", []) for y in m["clauses"])]):
        line = next(line for line in text.splitlines() if line.lstrip().startswith(
            ("✔ " if c["verdict"] else "✘ ") + clause_label(c, lang) + sep) and f"  [{c['location']}" in line)
        for f in c.get("looked_at", []):
            value = words["yes"] if f["value"] else words["no"]
            assert w["fact"].format(name=f["label"], value=value) in c["sentence"]  # the JSON's words
            assert w["fact"].format(name=f["label"], value=value) not in line
            if f["label"] != c["label"]:
                assert w["fact_found"].format(name=f["label"], value=value) in line or (
                    w["lacks_one"].format(clauses=f["label"]) in line)


def test_an_age_worked_out_says_the_day_it_is_counted_to():
    # `出生日期至评估日期的周岁` with the household's numbers names the day, so that the age can be checked
    from engine.render import render_text

    zh = render_text(tree("DS-0001", "zh"))
    assert "年龄（周岁）（p1） = 出生日期至评估日期的周岁 = 1967-03-12至2025-06-01的周岁 = 58 岁  [" in zh
    assert "年龄（周岁）（p2） = 2012-09-05至2025-06-01的周岁 = 12 岁\n" in zh
    assert "至评估日期的周岁 = 58" not in zh
    en = render_text(tree("DS-0001"))
    assert ("age in full years (p1) = full years since date of birth = full years from 1967-03-12 to 2025-06-01 = "
            "58 years  [") in en
    # on another day, that day
    later = explain(decide(TRANSITION, json.loads(
        (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")), "2026-03-12"),
        "en")
    assert "full years from 1967-03-12 to 2026-03-12 = 59 years  [" in render_text(later)


def test_a_measure_not_given_says_the_condition_it_lacks_is_not_met_not_its_label_and_no():
    # `最低生活保障对象为否`, read aloud, sounds like "is a dibao household": the explanation says it as the brief does
    from engine.render import render_markdown, render_text

    for lang, heading, lacks, wrong in (
            ("zh", "未给予的救助帮扶措施", "试点工作专班：未给予，因为该家庭不属于“最低生活保障对象”  [", "为否"),
            ("en", "Assistance not given", "pilot working group: not given, because the household is not a “minimum "
                                           "living guarantee (dibao) household”  [", " — no")):
        t = tree("DS-0005", lang)
        text, markdown = (render(t).partition(heading)[2] for render in (render_text, render_markdown))
        assert lacks in text
        aside = "（`" if lang == "zh" else " (`"  # the brackets of its prose
        assert lacks.rstrip(" [") + aside + "dibao and any(members where not tekun)`" in markdown
        assert wrong not in text and wrong not in markdown


def test_a_household_grant_of_nothing_from_a_sum_over_members_is_explained():
    """A household's amount that sums what each member has (`sum(members, own_counted_income)`) and comes to
    nothing: the explanation says it comes to nothing rather than reading a member's own value of the household
    (which stopped `policy eval --explain` with an internal error)."""
    from tests.helpers import household, member, mini_with

    policy = mini_with({"amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)":
                        "amount: ceil(sum(members, own_counted_income) * 1 month)"})
    day = datetime.date(2025, 1, 1)
    data = household([member("p1", "1980-01-01"), member("p2", "1982-01-01")], [])
    decision = evaluate(policy, validate_household(data, policy, "t", today=day), day)
    said = {lang: next(g for g in explain(decision, lang)["assistance"] if g["id"] == "dibao_benefit")
            for lang in ("zh", "en")}
    assert (said["zh"]["amount"], said["zh"]["zero"]) == ("0.00 元/月", "计算金额为零，无救助金额")
    assert (said["en"]["amount"], said["en"]["zero"]) == ("0.00 yuan/month", "the amount works out at zero, so nothing "
                                                                               "to pay")


def test_a_condition_the_decision_did_not_need_and_cannot_be_worked_out_is_said_so():
    """`… and max(members, disability_grade) > …` for a household with no grade: the evaluator stops at the first
    condition that fails and never computes the maximum (over no member); the explanation, which says every
    condition with its values, said so with an internal error. It says the condition cannot be worked out, and
    why, and the value unfolded below it too."""
    from tests.helpers import household, member, mini_with

    policy = mini_with({"test: assets.deposits / household_size <= dibao_standard * 24 months":
                        "test: 'housing.safety_grade in {\"C\", \"D\"} and household_size < max(members, "
                        "disability_grade)'"})
    day = datetime.date(2025, 6, 1)
    data = household([member("p1", "1970-01-01")], [], housing={"safety_grade": "A"})
    decision = evaluate(policy, validate_household(data, policy, "t", today=day), day)
    assert decision.categories == ("marginal",)
    said = {}
    for lang in ("zh", "en"):
        dibao = next(c for c in explain(decision, lang)["categories"] if c["id"] == "dibao")
        said[lang] = next(c for c in dibao["clauses"] if c["id"] == "deposits")
    assert said["en"]["sentence"] == ("housing grade — “A” (must be “C” or “D”); “size < largest disability grade "
                                      "among members” cannot be worked out for this household (`max` over no "
                                      "member); the decision did not need it → condition not met")
    assert said["zh"]["sentence"] == ("住房等级为“A”（须为“C”或“D”）；“人口 < 成员中残疾等级的最大值”无法计算"
                                      "（`max` 作用于零名成员），认定未用到这一项 → 不符合")
    assert {"name": "max(members, disability_grade)", "label": "largest disability grade among members",
            "value": "cannot be worked out (`max` over no member)"} in said["en"]["derived"]


def test_a_condition_on_a_listed_value_among_others_says_what_it_must_be():
    """`housing.safety_grade in {"C", "D"} and assets.deposits < 1000 yuan`: the sentence said the grade found
    (`住房等级为“A”`) but not what the rule asks of it, which it says where that condition is the whole rule; read
    aloud, the household heard its grade and a comparison that holds, and not which of the two failed."""
    from tests.helpers import household, member, mini_with

    policy = mini_with({"test: assets.deposits / household_size <= dibao_standard * 24 months":
                        "test: 'housing.safety_grade in {\"C\", \"D\"} and assets.deposits < 1000 yuan'"})
    day = datetime.date(2025, 6, 1)
    data = household([member("p1", "1970-01-01")], [], housing={"safety_grade": "A"}, assets={"deposits": 500})
    decision = evaluate(policy, validate_household(data, policy, "t", today=day), day)
    said = {}
    for lang in ("zh", "en"):
        dibao = next(c for c in explain(decision, lang)["categories"] if c["id"] == "dibao")
        said[lang] = next(c for c in dibao["clauses"] if c["id"] == "deposits")["sentence"]
    assert said == {"zh": "住房等级为“A”（须为“C”或“D”）；存款 500.00 元 < 1,000.00 元 → 不符合",
                    "en": "housing grade — “A” (must be “C” or “D”); deposits 500.00 yuan < 1,000.00 yuan → "
                          "condition not met"}


def test_a_grant_of_nothing_through_a_branch_not_taken_says_it_works_out_at_zero():
    """A member's amount `if disability_grade > 1 then share × 1 year else 0 yuan`, with `share` dividing by
    `disability_grade - 1`: for grade 1 the amount is the else branch, 0, and `share` cannot be computed. Saying why
    the amount is nothing looked at `share` too, and stopped with an internal error."""
    from tests.helpers import household, member, mini_with

    policy = mini_with({
        "  age: {level: member": "  share: {level: member, value: own_counted_income / (disability_grade - 1), "
                                 "label: {zh: 份额, en: share}}\n  age: {level: member",
        "  - id: housing_renovation": "  - id: aid\n    level: member\n    department: civil_affairs\n    per: year\n"
                                      "    label: {zh: 补助, en: aid}\n    when: dibao\n"
                                      "    amount: 'if disability_grade > 1 then share * 1 year else 0 yuan'\n"
                                      "  - id: housing_renovation"})
    day = datetime.date(2025, 1, 1)
    data = household([member("p1", "1980-01-01", disability_grade=1)], [{"type": "wage", "amount": 100}])
    decision = evaluate(policy, validate_household(data, policy, "t", today=day), day)
    aid = next(g for g in explain(decision, "en")["assistance"] if g["id"] == "aid")
    assert (aid["amount"], aid["zero"]) == ("0.00 yuan/year", "the amount works out at zero, so nothing to pay")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_monitored_student_in_higher_education_is_told_the_national_grant_and_no_measure_the_document_lacks(lang):
    """大政发〔2024〕47号 names no 雨露计划: the transition policy's education aid is the three national grants, and
    a monitored household's student in higher education is told the 4,000 a year alone, compared with nothing."""
    data = household([member_of("p1", "head", "1975-05-01"), member_of("p2", "child", "2005-05-01", student="higher")],
                     [{"type": "wage", "member": "p1", "amount": 17000}])
    decision = decide(TRANSITION, data, "2025-06-01")
    assert "monitoring" in decision.categories
    aid = next(g for g in explain(decision, lang)["assistance"] if g["id"] == "education_aid")
    assert (aid["option"], aid["member"], "higher_wins" in aid) == ("higher", "p2", False)
    education = next(m for m in TRANSITION.assistance if m.id == "education_aid")
    assert [o.id for o in education.options] == ["compulsory", "high_school", "higher"]


MINI_NAMED = {  # the mini policy with its deposits' months and a grant's sum each held by a parameter
    "  employment_cost_rate:\n": "  deposit_months:\n    value: 24 months\n"
                                 "    label: {zh: 存款月数, en: deposit months}\n"
                                 "  grant_sum:\n    value: 1000 yuan/year\n    label: {zh: 补助标准, en: grant sum}\n"
                                 "  employment_cost_rate:\n",
    "dibao_standard * 24 months": "dibao_standard * deposit_months",
    "assistance:\n": "assistance:\n  - {id: grant, department: civil_affairs, label: {zh: 补助, en: grant}, "
                     "when: dibao, amount: grant_sum}\n",
}


def test_a_standard_times_months_a_parameter_holds_is_said_per_month_as_when_the_rule_writes_them():
    # 490 a month times 24 months, not the year's 5,880 times 24 months
    decided = decide(mini_with(MINI_NAMED), household([member("p1", "1960-01-01")], [{"type": "wage", "amount": 1000}]))
    said = {lang: clause(category(explain(decided, lang), "dibao"), "deposits")["sentence"] for lang in ("en", "zh")}
    assert "dibao standard × deposit months (490.00 yuan/month × 24 months) 11,760.00 yuan" in said["en"]
    assert "低保标准 × 存款月数（490.00 元/月 × 24 个月）11,760.00 元" in said["zh"]


def test_a_standard_times_months_a_parameter_holds_is_read_aloud_as_those_months_of_the_standard():
    # the brief says the threshold in words, `24 个月的低保标准`, as when the rule writes `24 months`: no formula
    from engine.brief import render_brief

    decided = decide(mini_with(MINI_NAMED), household([member("p1", "1960-01-01")], [{"type": "wage", "amount": 1000}]))
    assert "0.00 元，低于 24 个月的低保标准（11,760.00 元），低 11,760.00 元" in render_brief(explain(decided, "zh"))
    assert "0.00 yuan is below 24 months of the dibao standard (11,760.00 yuan)" in render_brief(explain(decided, "en"))


def test_an_amount_a_parameter_gives_is_worked_out_as_the_parameter_and_its_figure_once():
    from engine.render import render_text

    decided = decide(mini_with(MINI_NAMED), household([member("p1", "1960-01-01")], [{"type": "wage", "amount": 1000}]))
    assert "      worked out: grant sum = 1,000.00 yuan/year\n" in render_text(explain(decided, "en"))
    assert "      计算：补助标准 = 1,000.00 元/年\n" in render_text(explain(decided, "zh"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_after_the_transition_monitoring_is_named_only_as_abolished_or_as_what_a_line_was(lang: str):
    """The line of other persons in hardship was monitoring's: read aloud as "the monitoring line" beside "monitoring
    is abolished", it told a household that monitoring still applies."""
    from engine.render import render_text

    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    path = ROOT / "examples" / "households" / "DS-0006-flood-other-hardship.json"
    day = datetime.date(2026, 3, 1)
    decided = evaluate(policy, validate_household(json.loads(path.read_text(encoding="utf-8")), policy, path.name,
                                                  today=day), day)
    text = render_text(explain(decided, lang))
    gone = policy.abolished[0].label.get(lang)
    named = [line for line in text.splitlines() if "防止返贫监测" in line or "monitor" in line]
    assert any(gone in line for line in named)  # the category itself, as abolished
    value = policy.parameters["monitoring_line"].label.get(lang)
    assert any(value in line for line in named)  # the line, read where the category's clause uses it
    for line in named:
        rest = line.replace(gone, "").replace(value, "")
        assert "防止返贫监测" not in rest and "monitoring against" not in rest, line
    assert ("原防止返贫监测" if lang == "zh" else "formerly the monitoring") in value


def _shares_policy() -> Any:
    """The transition policy with its rigid-expense clause written as a share of income against `50%`, as a county
    may write it (`rigid_share > rigid_expense_share`)."""
    from tests.helpers import policy_from_text
    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    text = text.replace("definitions:\n", "definitions:\n  rigid_share:\n    value: rigid_expenses / counted_income\n"
                        "    label: {zh: 刚性支出占收入比例, en: rigid expenses as a share of income}\n", 1)
    old = "test: rigid_expenses > rigid_expense_share * counted_income\n"
    assert old in text
    return policy_from_text(text.replace(old, "test: rigid_share > rigid_expense_share\n", 1))


@pytest.mark.parametrize("more", [0, 2000])
def test_a_comparison_of_shares_is_said_in_percents_as_the_policy_writes_them(more: int):
    # `刚性支出占收入比例 0.5 = 刚性支出占家庭收入的比例 0.5` where the policy writes `rigid_expense_share: 50%`
    from engine.brief import render_brief
    from engine.render import decision_json, render_text
    policy = _shares_policy()
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0014-*.json")).read_text(encoding="utf-8"))
    data["expenses"][0]["amount"] += more  # exactly half, then 16,000 + 4,000 of 36,000
    decision = evaluate(policy, validate_household(data, policy, "DS-0014.json", today=DAY), DAY)
    zh, en = explain(decision, "zh"), explain(decision, "en")
    # (the clause's sentence, and the brief's) for each language and household
    said = {
        ("zh", 0): ("刚性支出占收入比例 50% = 刚性支出占家庭收入的比例 50%，正好相等，但规定须“高于”",
                    "刚性支出占收入比例 50%，正好等于刚性支出占家庭收入的比例 50%，但规定须“高于”"),
        ("en", 0): ("rigid expenses as a share of income 50% = share of household income that rigid expenses must "
                    "exceed 50%, exactly equal, but they must be above",
                    "Rigid expenses as a share of income 50% are exactly the share of household income that rigid "
                    "expenses must exceed 50%, but they must be above"),
        ("zh", 2000): ("刚性支出占收入比例 55.56% > 刚性支出占家庭收入的比例 50%，高 5.56 个百分点",
                       "刚性支出占收入比例 55.56%，高于刚性支出占家庭收入的比例 50%，高 5.56 个百分点"),
        ("en", 2000): ("rigid expenses as a share of income 55.56% > share of household income that rigid expenses "
                       "must exceed 50%, 5.56 percentage points above",
                       "rigid expenses as a share of income 55.56% are above the share of household income that "
                       "rigid expenses must exceed 50%, 5.56 percentage points above")}
    working = {("zh", 0): "刚性支出占收入比例 = 刚性支出 ÷ 计入收入 = 18,000.00 ÷ 36,000.00 = 50%",
               ("en", 2000): "rigid expenses as a share of income = rigid expenses ÷ counted income = 20,000.00 ÷ "
                             "36,000.00 = 55.56%"}
    for lang, t in (("zh", zh), ("en", en)):
        sentence, brief = said[lang, more]
        entry = clause(category(t, "rigid_expense"), "rigid_burden")
        assert entry["sentence"] == sentence
        assert entry["margin"] == ("0" if more == 0 else "0.05555555555555555555555555556")  # as before
        text = render_text(t)
        assert sentence in text
        if (lang, more) in working:
            assert working[lang, more] in text
        assert " 0.5 " not in text and "0.5，" not in text and "0.5, " not in text
        assert brief in render_brief(t)
    # machines keep the machine form
    assert decision_json(decision)["values"]["rigid_share"] == ("0.5" if more == 0 else "0.555555555556")


def test_shares_the_hundredth_of_a_percent_writes_alike_are_shown_to_the_place_where_they_differ():
    # 18,000.36 of 36,000 is 50.001%: `50% > 50%` would read false
    policy = _shares_policy()
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0014-*.json")).read_text(encoding="utf-8"))
    data["expenses"][0]["amount"] += 0.36
    decision = evaluate(policy, validate_household(data, policy, "DS-0014.json", today=DAY), DAY)
    for lang, said in (("zh", "刚性支出占收入比例 50.001% > 刚性支出占家庭收入的比例 50%，高 0.001 个百分点"),
                       ("en", "rigid expenses as a share of income 50.001% > share of household income that rigid "
                              "expenses must exceed 50%, 0.001 percentage points above")):
        assert clause(category(explain(decision, lang), "rigid_expense"), "rigid_burden")["sentence"] == said


def _with_a_car(vehicles: int = 1) -> dict[str, Any]:
    """A man of 45 alone who farms 3,000 a year: dibao but for the county's own clause when he has a car."""
    return household([member("p1", "1980-05-01", relation="head")], [{"type": "agriculture", "amount": 3000}],
                     assets={"vehicles": vehicles})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_clause_the_county_adds_to_confirm_is_marked_where_it_decides_and_its_note_named_at_the_end(lang: str):
    from engine.render import decision_json, render_markdown, render_text
    from tests.helpers import COUNTY_CLAUSE, county_clause

    label, note = COUNTY_CLAUSE["label"][lang], COUNTY_CLAUSE["confirm"][lang]
    decision = decide(county_clause(), _with_a_car(), "2026-03-01")
    t = explain(decision, lang)
    refused = clause(category(t, "dibao"), "no_vehicle")
    assert not refused["verdict"] and refused["confirm"] == note
    text = render_text(t).splitlines()
    [line] = [x for x in text if x.lstrip().startswith(f"✘ {label}")]
    # after the closing bracket of its working directly in Chinese, as a sentence naming it marks it
    marked = "（须为 0）⚠" if lang == "zh" else " (must be 0) ⚠"
    assert line.partition("  [")[0].endswith(marked), line
    sep = "：" if lang == "zh" else ": "
    assert f"⚠ {note}{sep}{label}" in text  # among the closing lines, after the parameters'
    assert text.index(f"⚠ {note}{sep}{label}") > text.index(next(x for x in text if x.startswith("⚠ 以县级")
                                                                   or x.startswith("⚠ local value")))
    markdown = render_markdown(t)
    assert f"- ✘ **{label}** — " in markdown and f"> ⚠ {note}{sep}{label}" in markdown
    assert next(x for x in markdown.splitlines() if x.startswith(f"- ✘ **{label}**")).partition(
        "（`" if lang == "zh" else " (`")[0].endswith(marked)
    # the JSON lists it among the values to confirm as it lists a parameter, with the clause it is, after the
    # parameters; then the shipped policy's own ground, of a category dibao came before: the clause is shown
    to_confirm = decision_json(decision, t)["explanation"]["to_confirm"]
    grounds = [x for x in to_confirm if "clause" in x]
    assert grounds[0] == {"label": label, "confirm": note, "category": "dibao", "clause": "no_vehicle"}
    assert [(x["category"], x["clause"]) for x in grounds] == [("dibao", "no_vehicle"), ("other_hardship", "hardship")]
    assert to_confirm[-2:] == grounds
    # met, it is marked too: the category rests on it
    met = explain(decide(county_clause(), _with_a_car(0), "2026-03-01"), lang)
    assert category(met, "dibao")["assigned"] and clause(category(met, "dibao"), "no_vehicle")["confirm"] == note
    [line] = [x for x in render_text(met).splitlines() if x.lstrip().startswith(f"✔ {label}")]
    head = line.partition("  [")[0]
    assert head.endswith("⚠") and f"⚠ {note}{sep}{label}" in render_text(met)
    assert not head.endswith(("） ⚠", "” ⚠")) if lang == "zh" else head.endswith(" ⚠"), line


def test_a_clause_without_confirm_is_not_marked_and_no_ground_is_listed():
    from engine.render import render_text

    t = explain(decide(TRANSITION, _with_a_car(), "2025-06-01"), "zh")
    assert not any("confirm" in x for c in t["categories"] for x in c.get("clauses", []))
    assert not any("clause" in x for x in t["to_confirm"])
    lines = [x for x in render_text(t).splitlines() if x.lstrip().startswith("✘ 无机动车辆")]
    assert lines and not any("⚠" in line for line in lines)


def test_a_refusal_resting_on_a_ground_to_confirm_is_marked_where_the_category_says_it():
    """The clause line of a county's own ground (`confirm:`) is marked ⚠, and so is the brief's reason; the heading of
    the category it refused said the same condition without it, as if the refusal were settled."""
    from engine.render import render_markdown, render_text

    post = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    path = next((ROOT / "examples" / "households").glob("DS-0007-*.json"))
    day = datetime.date(2026, 3, 1)
    data = validate_household(json.loads(path.read_text(encoding="utf-8")), post, path.name, today=day)
    for lang, heading in (
            ("zh", "✘ 其他困难人员（other_hardship）：未认定，因为不满足“住房或饮水不安全、患重特大疾病或遭受灾害损失”"
                   "⚠这一条件"),
            ("en", "✘ other person in hardship (other_hardship): not assigned, because the condition “unsafe housing "
                   "or water / a serious illness / losses from a disaster” ⚠ is not met")):
        t = explain(evaluate(post, data, day), lang)
        hardship = category(t, "other_hardship")
        assert "⚠" not in hardship["why"]  # the JSON keeps its words; the clause's `confirm` says it
        assert any(line.startswith(heading) for line in render_text(t).splitlines()), lang
        reason = heading.partition("）：" if lang == "zh" else "): ")[2]
        assert reason in render_markdown(t), lang


def two_farming(amount: str, lang: str) -> dict[str, Any]:
    """Two adults who can work, their farm income `amount` a year, under the transition policy on `DAY`."""
    members = [{"id": f"p{i}", "relation": relation, "birth_date": "1975-01-01", "supporter": "able"}
               for i, relation in enumerate(("head", "spouse"), 1)]
    data = {"id": "R", "members": members, "income": [{"type": "agriculture", "amount": Decimal(amount)}]}
    return explain(evaluate(TRANSITION, validate_household(data, TRANSITION, "t", today=DAY), DAY), lang)


@pytest.mark.parametrize(("lang", "dibao", "monitoring"), [
    ("zh", "家庭年人均收入 3,500.51 元/年 < 农村最低生活保障标准 5,880.00 元/年，低 2,379.49 元/年",
     "家庭年人均收入 3,500.51 元/年 < 防止返贫监测收入范围 7,300.00 元/年，低 3,799.49 元/年"),
    ("en", "annual per-capita income 3,500.51 yuan/year < rural minimum living standard (dibao standard) "
           "5,880.00 yuan/year, 2,379.49 yuan/year below",
     "annual per-capita income 3,500.51 yuan/year < income line for monitoring against returning to poverty "
     "7,300.00 yuan/year, 3,799.49 yuan/year below"),
])
def test_a_margin_is_the_difference_of_the_figures_shown_beside_it(lang: str, dibao: str, monitoring: str):
    """7,001.01 ÷ 2 is 3,500.505, shown 3,500.51; the exact margin 2,379.495 rounded alone would read 2,379.50,
    a fen more than 5,880.00 − 3,500.51, which a caseworker checking by hand finds."""
    t = two_farming("7001.01", lang)
    income = clause(category(t, "dibao"), "income")
    assert income["sentence"] == dibao
    assert income["margin"] == "2,379.49"
    assert clause(category(t, "monitoring"), "income")["sentence"] == monitoring
    assert category(t, "dibao")["assigned"] and category(t, "monitoring")["assigned"]


@pytest.mark.parametrize(("lang", "below", "monitoring"), [
    ("zh", "家庭年人均收入 5,879.995 元/年 < 农村最低生活保障标准 5,880.00 元/年，低不到 0.01 元/年",
     "家庭年人均收入 5,880.00 元/年 < 防止返贫监测收入范围 7,300.00 元/年，低 1,420.00 元/年"),
    ("en", "annual per-capita income 5,879.995 yuan/year < rural minimum living standard (dibao standard) "
           "5,880.00 yuan/year, less than 0.01 yuan/year below",
     "annual per-capita income 5,880.00 yuan/year < income line for monitoring against returning to poverty "
     "7,300.00 yuan/year, 1,420.00 yuan/year below"),
])
def test_half_a_fen_below_the_line_is_said_to_be_less_than_a_fen_below_it(lang: str, below: str, monitoring: str):
    """11,759.99 ÷ 2 is 5,879.995: shown apart from 5,880.00 with its extra digit, half a fen below, not `0.01`."""
    t = two_farming("11759.99", lang)
    income = clause(category(t, "dibao"), "income")
    assert category(t, "dibao")["assigned"]
    assert income["sentence"] == below
    assert income["margin"] == "0.005"
    assert clause(category(t, "monitoring"), "income")["sentence"] == monitoring


@pytest.mark.parametrize(("lang", "higher", "monitored"), [
    ("zh", "就高不就低：采用“低保对象按70%救助”⚠ 2,100.00 元/年 ⚠，高于“防止返贫监测对象按50%救助”⚠ 1,500.00 元/年 ⚠",
     "防止返贫监测对象医疗救助比例"),
    ("en", "the highest amount applies: “dibao households at 70%” ⚠ 2,100.00 yuan/year ⚠, over “monitored households "
           "at 50%” ⚠ 1,500.00 yuan/year ⚠", "share of medical costs assisted for monitored households"),
])
def test_an_amount_a_grant_is_compared_with_is_marked_and_listed_when_it_rests_on_a_value_to_confirm(
        lang: str, higher: str, monitored: str):
    """The 1,500.00 the medical aid's 2,100.00 is said to be higher than is 50% of the costs, a share the county
    publishes: read out unmarked, and missing from the list at the end, it would be taken for the document's."""
    from engine.brief import render_brief
    from engine.render import render_markdown, render_text
    t = tree("DS-0001", lang)
    medical = next(a for a in t["assistance"] if a["id"] == "medical_assistance")
    assert medical["higher_wins"] == higher
    assert {"label": monitored, "confirm": UNSETTLED[lang], "compared": True} in t["to_confirm"]
    for text in (render_text(t), render_markdown(t)):
        assert [line for line in text.splitlines() if line.lstrip("> ").startswith("⚠") and monitored in line]
    # the brief, which says the 2,100.00 alone, names the values of the figures it says
    said = [line for line in render_brief(t).splitlines() if line.startswith("⚠")]
    assert said and not any(monitored in line for line in said)


UNSETTLED = {"zh": "以县级公布标准为准（本地待确认值）",
             "en": "local value to confirm with the county's published figure"}


def test_the_chinese_markdown_totals_take_the_full_width_colon_the_text_takes():
    """`计入收入合计: **…**` mixes an ASCII colon into Chinese; the text output says `计入收入合计：…`."""
    from engine.render import render_markdown, render_text
    zh, en = (tree("DS-0003", lang) for lang in ("zh", "en"))
    markdown, text = render_markdown(zh), render_text(zh)
    assert "\n- 计入收入合计：**43,200.00 元/年**\n" in markdown and "计入收入合计：43,200.00 元/年" in text
    assert "\n- 刚性支出合计：**" in markdown
    assert not any(": **" in line for line in markdown.splitlines() if line.startswith(("- 计入", "- 刚性")))
    assert "\n- counted income: **43,200.00 yuan/year**\n" in render_markdown(en)


@pytest.mark.parametrize(("lang", "housing", "federation"), [
    ("zh", "农村危房改造 — 金额由住建部门核定，本政策未作规定",
     "残疾人两项补贴与康复服务（p3） — 金额由残联核定，本政策未作规定"),
    ("en", "renovation of unsafe rural housing — amount decided by the housing and urban-rural development department, "
           "not set by this policy",
     "disability allowances and rehabilitation services (p3) — amount decided by the disabled persons' federation, "
     "not set by this policy"),
])
def test_a_measure_without_an_amount_names_the_department_that_decides_it_once_on_every_report(
        run: Any, lang: str, housing: str, federation: str) -> None:
    """`农村危房改造 — 住建部门：本政策未定金额，由住建部门核定` read the department out twice: the sentence that says
    who decides the amount names it, in place of the department the line names before an amount."""
    example = ROOT / "examples" / "households" / "DS-0018-disabled-son-tekun.json"

    def said(*how: str) -> str:
        result = run("eval", example, "--date", "2026-03-01", "--lang", lang, *how)
        assert result.exit_code == 0, result.stderr
        return str(result.stdout)

    lines = [line.partition("  [")[0] for line in said("--explain").splitlines()]
    assert f"  • {housing}" in lines and f"  • {federation}" in lines
    sentence = housing.partition(" — ")[2]
    decides = federation.partition(" — ")[2]
    reports = {how: said(*how) for how in (("--explain",), ("--brief",), ())}
    for text in reports.values():
        assert sentence in text and decides in text
        department = "住建部门" if lang == "zh" else "housing and urban-rural development"
        assert all(line.count(department) <= 1 for line in text.splitlines() if sentence in line), text
        assert all(line.count("残联" if lang == "zh" else "federation") <= 1
                   for line in text.splitlines() if decides in line), text
    # the markdown table keeps its department column, left empty in a row whose amount's sentence names it
    table = said("--explain", "--format", "markdown").splitlines()
    assert f"| {housing.partition(' — ')[0]} |  |  | {sentence} |  |" in table
    measure = federation.partition(' — ')[0].removesuffix('（p3）').removesuffix(' (p3)')
    assert f"| {measure} | `p3` |  | {decides} |  |" in table  # the member's id as code
    columns = (["措施", "成员", "部门", "金额", "说明"] if lang == "zh"
               else ["measure", "member", "department", "amount", "note"])
    medical = "医保部门" if lang == "zh" else "medical insurance"
    assert "| " + " | ".join(columns) + " |" in table and any(f" | {medical} | " in line for line in table)
    decided = json.loads(said("--explain", "--format", "json"))
    assert [(a["id"], a["department"], a["amount"]) for a in decided["assistance"] if a["amount"] is None] == [
        ("housing_renovation", "housing", None), ("disability_support", "disability_federation", None)]
    assert [a["amount"] for a in decided["explanation"]["assistance"] if a["id"] in (
        "housing_renovation", "disability_support")] == [sentence, decides]


@pytest.mark.parametrize("lang, heading, line, one_of_them", [
    ("en", "Assistance not given",
     "  ✘ disability allowances and rehabilitation services (p1, p2) — disabled persons' federation: not given, "
     "because the condition “disability grade (1 is the most severe) between 1 (included) and 4 (included)” is not "
     "met  [policy/post-transition.yaml:578 · Dashi Town Doc. [2024] No. 47 Part II.2",
     "  ✘ employment services (job placement / training / public-welfare jobs) (p1) — human resources and social "
     "security: not given, because age in full years 69 years > 59 years (not met: it must be at most 59 years)  ["),
    ("zh", "未给予的救助帮扶措施",
     "  ✘ 残疾人两项补贴与康复服务（p1、p2） — 残联：未给予，因为不符合“残疾等级（1级最重）在 1（含）与 4（含）"
     "之间”这一条件  [policy/post-transition.yaml:578 · 大政发〔2024〕47号 二、2",
     "  ✘ 就业帮扶（职业介绍、技能培训、公益性岗位）（p1） — 人社部门：未给予，因为年龄（周岁） 69 岁 > 59 岁"
     "（不满足：须不超过 59 岁）  ["),
])
def test_a_members_measure_given_to_one_member_says_why_the_others_do_not_get_it(lang, heading, line, one_of_them):
    """Asked why the husband gets no disability allowance when the son does, the caseworker finds the answer under
    the measures not given: the members with the same reason on one line, each other reason on a line of its own."""
    from click.testing import CliRunner

    from cli.main import cli

    household = str(next((ROOT / "examples" / "households").glob("DS-0018-*.json")))
    args = ["eval", household, "--date", "2026-03-01", "--lang", lang]
    text = CliRunner().invoke(cli, [*args, "--explain"], catch_exceptions=False).output
    assert "残疾人两项补贴与康复服务（p3） — 金额由残联核定" in text or (
        "rehabilitation services (p3) — amount decided" in text)
    not_given = text.partition(heading)[2]
    assert line in not_given and one_of_them in not_given
    assert "services (p3) — " not in not_given and "服务（p3） — " not in not_given  # the son gets it
    markdown = CliRunner().invoke(cli, [*args, "--explain", "--format", "markdown"], catch_exceptions=False).output
    said = line.strip().removeprefix("✘ ").split("  [")[0].replace(" (p1, p2) — ", "** (`p1`, `p2`) — ").replace(
        "（p1、p2） — ", "**（`p1`、`p2`） — ")  # the members' ids as code
    rule, place = "`member_in_category and disability_grade in [1, 4]`", "`policy/post-transition.yaml:578`"
    where = f"（{rule}；{place}" if lang == "zh" else f" ({rule}; {place}"
    assert f"- ✘ **{said}{where}" in markdown.partition(f"## {heading}")[2]
    brief = CliRunner().invoke(cli, [*args, "--brief"], catch_exceptions=False).output
    assert ("✘ disability allowances and rehabilitation services — head of household (aged 69) and spouse (aged 67): "
            "not given, because the condition “disability grade (1 is the most severe) between 1 (included) and 4 "
            "(included)” is not met" if lang == "en" else
            "✘ 残疾人两项补贴与康复服务——户主（69岁）和配偶（67岁）：未给予，因为不符合“残疾等级（1级最重）在 1（含）"
            "与 4（含）之间”这一条件") \
        in brief
    explanation = json.loads(CliRunner().invoke(cli, [*args, "--explain", "--format", "json"],
                                                catch_exceptions=False).output)["explanation"]
    members_not_given = {(w["id"], tuple(w["members"])): w for w in explanation["withheld_members"]}
    assert ("disability_support", ("p1", "p2")) in members_not_given
    assert not any("p3" in members for measure, members in members_not_given if measure == "disability_support")
    assert {w["id"] for w in explanation["withheld"]} == {"drinking_water_works"}  # the household's, as before


def test_the_chinese_markdown_brackets_each_rule_and_place_full_width_as_its_prose_does():
    """`低 1,680.00 元/年 (`per_capita_income < dibao_standard`; `policy/…:404` · …)`: the Chinese case file put a
    clause's rule and place in ASCII brackets, and a definition's rule, an unmet measure's, the process deadline's
    place, beside the full-width `（p1）` and `（…）` of the same lines. They are in `（…；…）` now, the rule and the
    place as written in code spans; English keeps ` (…; …)`."""
    from engine.render import render_markdown
    zh, en = (render_markdown(tree("DS-0001", lang)) for lang in ("zh", "en"))
    assert ("低 1,680.00 元/年（`per_capita_income < dibao_standard`；`" in zh
            and "2024-transition.yaml:404` · 大政发〔2024〕47号 二、1 统一核算标准 / 附件1）\n" in zh)
    assert "的周岁 = **58 岁**（`age(birth_date)`）\n" in zh
    assert ("这一条件（`housing_unsafe and in_any_category`；`" in zh
            and "2024-transition.yaml:583` · 大政发〔2024〕47号 二、2 健全帮扶政策体系 / 附件3）\n" in zh)
    assert "特殊情况不超过 40 个工作日（`" in zh
    assert "2024-transition.yaml:606` · 大政发〔2024〕47号 二、3 统一认定流程 / 附件4）" in zh
    prose = [re.sub(r"`[^`]*`", "", line) for line in zh.splitlines()]
    assert [line for line in prose if " ()" in line or "(；" in line or "(;" in line] == []
    assert " (`per_capita_income < dibao_standard`; `" in en and "2024-transition.yaml:404` · Dashi Town Doc." in en
    assert "**58 years** (`age(birth_date)`)\n" in en


@pytest.mark.parametrize(("lang", "applies", "higher_wins", "plain"), [
    ("zh", "适用“刚性支出困难家庭成员按50%救助”⚠",
     "就高不就低：采用“低保对象按70%救助”⚠ 2,100.00 元/年 ⚠，高于“防止返贫监测对象按50%救助”⚠ 1,500.00 元/年 ⚠",
     "适用“高等教育阶段国家助学金”"),
    ("en", "under “rigid-expense households at 50%” ⚠",
     "the highest amount applies: “dibao households at 70%” ⚠ 2,100.00 yuan/year ⚠, over “monitored households at "
     "50%” ⚠ 1,500.00 yuan/year ⚠", "under “national grant in higher education”"),
])
def test_an_options_label_that_writes_a_figure_to_confirm_is_marked_as_policy_doc_marks_it(
        run: Any, lang: str, applies: str, higher_wins: str, plain: str) -> None:
    """`适用“刚性支出困难家庭成员按50%救助”` read out a share to confirm as settled, where `policy doc` and
    `policy diff` mark the option's label ⚠: `--explain` marks it too, in text, markdown and JSON, in both languages."""
    rigid = ROOT / "examples" / "households" / "DS-0005-rigid-expense-cancer.json"
    widow = ROOT / "examples" / "households" / "DS-0001-dibao-widow.json"

    def said(example: Any, date: str, *how: str) -> str:
        result = run("eval", example, "--date", date, "--lang", lang, "--explain", *how)
        assert result.exit_code == 0, result.stderr
        return str(result.stdout)

    text = said(rigid, "2026-03-01")
    assert f"\n      {applies}\n" in text and f"\n      {plain}\n" in text
    assert f"\n      {higher_wins}\n" in said(widow, "2025-06-01")
    markdown = said(rigid, "2026-03-01", "--format", "markdown")
    assert f" | {applies}<br>" in markdown and f" | {plain}<br>" in markdown
    assert f" | {higher_wins}<br>" in said(widow, "2025-06-01", "--format", "markdown")
    grants = json.loads(said(rigid, "2026-03-01", "--format", "json"))["explanation"]["assistance"]
    medical = next(a for a in grants if a["id"] == "medical_assistance" and "applies" in a)
    assert medical["applies"] == applies and medical["option_labels_to_confirm"] == [
        {"option": "rigid_expense", "figure": "50%", "parameter": "medical_share_rigid_expense"}]
    assert all("option_labels_to_confirm" not in a for a in grants if a.get("applies") == plain)
    widowed = json.loads(said(widow, "2025-06-01", "--format", "json"))["explanation"]
    jsonschema.validate(widowed, json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text()))
    widows = widowed["assistance"]
    chosen = next(a for a in widows if "higher_wins" in a)
    assert chosen["option_labels_to_confirm"] == [
        {"option": "dibao", "figure": "70%", "parameter": "medical_share_dibao"},
        {"option": "monitoring", "figure": "50%", "parameter": "medical_share_monitoring"}]


def _eval_said(example: str, lang: str, *how: str, date: str = "2026-03-01") -> str:
    from click.testing import CliRunner

    from cli.main import cli

    household = str(next((ROOT / "examples" / "households").glob(f"{example}-*.json")))
    result = CliRunner().invoke(cli, ["eval", household, "--date", date, "--lang", lang, *how], catch_exceptions=False)
    return result.output


@pytest.mark.parametrize("lang, two, three", [
    ("en", "(p1, p2) — pilot working group: not given, because neither member is a “person in extreme poverty "
           "(tekun)”",
     "(p1, p2, p3) — pilot working group: not given, because none of these members is a “person in extreme poverty "
     "(tekun)”"),
    ("zh", "（p1、p2） — 试点工作专班：未给予，因为这两名成员都不属于“特困人员”",
     "（p1、p2、p3） — 试点工作专班：未给予，因为这些成员都不属于“特困人员”"),
])
def test_a_category_said_of_two_members_together_says_neither_of_them(lang, two, three):
    """The tekun support not given to a husband and wife (DS-0018) reads `neither member is …` / `这两名成员都不属于…`:
    `none of these members` said of two is heard as a slip. Three or more keep `none of these members`."""
    couple = _eval_said("DS-0018", lang, "--explain")
    assert two in couple
    assert "none of these members" not in couple and "这些成员都不属于" not in couple
    brief = _eval_said("DS-0018", lang, "--brief")
    assert two.partition(" — ")[2].partition("：" if lang == "zh" else ": ")[2] in brief
    assert three in _eval_said("DS-0003", lang, "--explain")


@pytest.mark.parametrize("lang, once, forms", [
    ("en", "  ✘ education aid (the highest applicable grant) (p1, p2, p3) — education: not given, because level of "
           "schooling — “not in school” (must be “compulsory education”, “senior high school” or “higher education”)  "
           "[policy/post-transition.yaml:533 · ",
     ("living allowance in compulsory education: ", "national grant in senior high school: ",
      "national grant in higher education: ")),
    ("zh", "  ✘ 教育资助（就高不就低）（p1、p2、p3） — 教育部门：未给予，因为在读学段为“不在读”"
           "（须为“义务教育”、“高中阶段”或“高等教育”）  [policy/post-transition.yaml:533 · ",
     ("义务教育阶段生活补助：", "高中阶段国家助学金：", "高等教育阶段国家助学金：")),
])
def test_forms_of_a_measure_that_fail_for_the_same_reason_are_said_once(lang, once, forms):
    """A household with nobody in school (DS-0018) heard education aid not given four times over, once per form with
    the same `not in school`: it is said once, with every level of schooling that would have brought it. The brief
    says it once too, and the JSON gives it as one reason (`sentence`), no `forms`."""
    explained = _eval_said("DS-0018", lang, "--explain")
    assert once in explained
    assert not any(form in explained for form in forms)
    brief = _eval_said("DS-0018", lang, "--brief")
    reason = once.partition("：" if lang == "zh" else " — education: ")[2].partition("  [")[0]
    assert reason in brief and not any(form in brief for form in forms)
    tree = json.loads(_eval_said("DS-0018", lang, "--explain", "--format", "json"))["explanation"]
    [aid] = [w for w in tree["withheld_members"] if w["id"] == "education_aid"]
    assert aid["members"] == ["p1", "p2", "p3"] and "forms" not in aid and "sentence" in aid


def test_forms_of_a_measure_that_fail_for_different_reasons_stay_apart():
    """Where the forms lack different things — a pupil in compulsory school who is not a low-income person lacks only
    that for the compulsory form, and the level of schooling too for the others (DS-0003's p3) — each form keeps its
    line; members not in school and not low-income hear once what they lack (p1, p2); medical assistance, whose forms
    each need another category, keeps its forms."""
    explained = _eval_said("DS-0003", "en", "--explain", date="2025-06-01")
    assert ("  ✘ education aid (the highest applicable grant) (p1, p2) — education: not given, because the condition "
            "“is a low-income person (the household is in a category or the member is in extreme poverty)” is not met; "
            "level of schooling — “not in school” (must be “compulsory education”, “senior high school” or “higher "
            "education”)  [") in explained
    p3 = explained.partition("  ✘ education aid (the highest applicable grant) (p3) — education: not given, because "
                             "none of its forms applies  [")[2]
    assert p3.splitlines()[1].startswith("      living allowance in compulsory education: the condition")
    assert p3.splitlines()[2].startswith("      national grant in senior high school: the condition")
    medical = explained.partition("  ✘ medical assistance (the highest applicable share) (p1, p2, p3) — medical "
                                  "insurance: not given, because none of its forms applies  [")[2]
    assert medical.splitlines()[1].startswith("      persons in extreme poverty in full: ")


_WINTER_AID = """  - id: winter_aid
    department: civil_affairs
    label: {zh: 冬春救助, en: winter aid}
    options:
      - id: dibao
        label: {zh: 低保户救助, en: for dibao households}
        when: dibao
        amount: 300 yuan
      - id: housing
        label: {zh: 危房户救助, en: for households in unsafe housing}
        when: housing_unsafe
        amount: 200 yuan
"""


@pytest.mark.parametrize("lang, line, forms", [
    ("en", "  ✘ winter aid — civil affairs: not given, because none of its forms applies  [",
     ["      for dibao households: the household is not a “dibao”  [", "      for households in unsafe housing: the "
      "condition “housing unsafe” is not met  ["]),
    ("zh", "  ✘ 冬春救助 — 民政：未给予，因为其各项都不适用  [",
     ["      低保户救助：该家庭不属于“低保”  [", "      危房户救助：不符合“住房不安全”这一条件  ["]),
])
def test_a_household_measure_of_several_forms_none_given_is_listed_as_not_given(lang, line, forms):
    """A household measure of two forms (for dibao households, for those in unsafe housing), neither of which the
    household gets, was left out of the measures not given, as if it did not exist: it is listed with what each
    form lacks, as a member's is; a household that gets one form does not hear it."""
    import jsonschema

    from engine.render import render_markdown, render_text
    from tests.helpers import decide, household, member, mini_with

    policy = mini_with({"    when: housing_unsafe and dibao\n": "    when: housing_unsafe and dibao\n" + _WINTER_AID})
    well_off = decide(policy, household([member("p1", "1970-01-01")], [{"type": "wage", "amount": 100000}],
                                        housing={"safety_grade": "B"}))
    tree = explain(well_off, lang)
    [aid] = [w for w in tree["withheld"] if w["id"] == "winter_aid"]
    assert [form["label"] for form in aid["forms"]] == (
        ["for dibao households", "for households in unsafe housing"] if lang == "en" else ["低保户救助", "危房户救助"])
    jsonschema.validate(tree, json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text()))
    text = render_text(tree).splitlines()
    at = text.index(next(said for said in text if said.startswith(line)))
    assert [said.partition("  [")[0] + "  [" for said in text[at + 1:at + 3]] == forms
    assert f"**{aid['label']}**" in render_markdown(tree)
    unsafe = decide(policy, household([member("p1", "1970-01-01")], [{"type": "wage", "amount": 100000}],
                                      housing={"safety_grade": "D"}))
    assert "winter_aid" not in {w["id"] for w in explain(unsafe, lang)["withheld"]}
MARKUP = ROOT / "tests" / "fixtures" / "policies" / "markup.yaml"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_markdown_report_escapes_markup_in_labels_and_keeps_its_tables_whole(run: Any, tmp_path: Any,
                                                                                 lang: str) -> None:
    """A label with `|` split a row of the income, expense or measures table, and `*` or `_` in a label turned into
    emphasis: `--format markdown` escapes what markdown would read as markup, as `policy diff`'s markdown does."""
    import markdown

    data = household([member("p1", "1950-01-01")], [{"type": "wage", "member": "p1", "amount": 1000}],
                     [{"type": "medical", "member": "p1", "amount": 500}])
    path = tmp_path / "household.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("eval", path, "--policy", MARKUP, "--date", "2025-06-01", "--lang", lang, "--explain",
                 "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    source = str(result.stdout)
    wage, medical, benefit, clause, dibao, income = {
        "zh": ("工资 | 奖金", "医疗 | *自付*", "低保金 | *按月*", "收入 *低于* 标准", "低保 _x_", "人均 _收入_"),
        "en": ("wage | bonus", "medical | *own share*", "dibao benefit | *monthly*", "income *below* the standard",
               "dibao _x_", "per-capita _income_")}[lang]
    assert "| " + wage.replace("|", "\\|") + " |" in source
    assert "**" + clause.replace("*", "\\*") + "**" in source and dibao.replace("_", "\\_") in source
    html = markdown.markdown(source, extensions=["tables"])
    for label in (wage, medical, benefit):  # each label one cell, as written
        assert f"<td>{label}</td>" in html
    assert f"<strong>{clause}</strong>" in html and dibao in html and income in html
    assert not re.search(r"<em>(x|收入|income|自付|own share|按月|monthly|低于|below)</em>", html)
    # a comparison's `<` reads as written: no backslash shown (`\\<` is no escape to Python-Markdown)
    assert " &lt; " in html and "\\" not in html
    rows = html.split("<tr>")[2:]  # (the first is the income table's head)
    assert all(row.count("<td") in (0, 4, 5) for row in rows), rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_markdown_report_keeps_a_place_a_rule_or_a_member_id_holding_a_backtick_as_one_code_span(
        run: Any, tmp_path: Any, lang: str) -> None:
    """A policy file's path or a member's id holding a backtick (`` p`x.yaml ``, `` p`1 ``) ended the code span it stood
    in: the rest of the place showed as text with a stray backtick. Each is written as `md_code` writes code, fenced
    by more backticks than it holds in a row, and reads as one piece of code."""
    import markdown

    policy = tmp_path / "p`x.yaml"
    policy.write_text((ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    data = (ROOT / "examples" / "households" / "DS-0005-rigid-expense-cancer.json").read_text(encoding="utf-8")
    path = tmp_path / "household.json"
    path.write_text(data.replace('"p1"', '"p`1"'), encoding="utf-8")
    result = run("eval", path, "--policy", policy, "--date", "2025-06-01", "--lang", lang, "--explain",
                 "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    source = str(result.stdout)
    assert f"`` {policy}:378 ``" in source and "`` p`1 ``" in source
    html = markdown.markdown(source, extensions=["tables"])
    places = re.findall(r"<code>([^<]*x\.yaml[^<]*)</code>", html)
    assert places and all(re.fullmatch(re.escape(f"{policy}:") + "[0-9]+", place) for place in places), places
    aged = {"zh": "（户主，51岁）", "en": " (head of household, aged 51)"}[lang]
    member = "成员" if lang == "zh" else "member"
    assert f"<code>p`1</code>{aged}" in html and f"<strong>{member} <code>p`1</code>" in html
    outside = re.sub("<code>[^<]*</code>", "", html)  # no piece of a place or of a member's code left as text
    assert "x.yaml:" not in outside and "1`" not in outside


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_markdown_report_shows_a_label_s_backticks_and_bar_as_written_in_its_table_cell(run: Any, tmp_path: Any,
                                                                                        lang: str) -> None:
    """A label holding backticks around a `|` (`` `C|D` ``) is the policy's text, read aloud as written: in the income,
    expense or measures table its backticks show as written, not as code, and its `|` does not end the cell; a `&` that
    would start an entity (`&amp;`) reads as written there too."""
    import markdown

    labels = {"wage | bonus": "wage `C|D` &amp; bonus", "工资 | 奖金": "工资 `C|D` &amp; 奖金",
              "medical | *own share*": "medical `a | b`", "医疗 | *自付*": "医疗 `a | b`",
              "dibao benefit | *monthly*": "dibao benefit `` C|`D` ``", "低保金 | *按月*": "低保金 `` C|`D` ``"}
    policy = MARKUP.read_text(encoding="utf-8")
    for old, new in labels.items():
        policy = policy.replace(f"'{old}'", f"'{new}'")
    (tmp_path / "markup.yaml").write_text(policy, encoding="utf-8")
    data = household([member("p1", "1950-01-01")], [{"type": "wage", "member": "p1", "amount": 1000}],
                     [{"type": "medical", "member": "p1", "amount": 500}])
    path = tmp_path / "household.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("eval", path, "--policy", tmp_path / "markup.yaml", "--date", "2025-06-01", "--lang", lang,
                 "--explain", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    source = str(result.stdout)
    wage, medical, benefit = {"zh": ("工资", "医疗", "低保金"), "en": ("wage", "medical", "dibao benefit")}[lang]
    assert f"| {wage} \\`C\\|D\\` &amp;amp; {'奖金' if lang == 'zh' else 'bonus'} | `p1` |" in source
    html = markdown.markdown(source, extensions=["tables"])
    for cell in (f"<td>{wage} `C|D` &amp;amp; {'奖金' if lang == 'zh' else 'bonus'}</td>",
                 f"<td>{medical} `a | b`</td>", f"<td>{benefit} `` C|`D` ``</td>"):
        assert cell in html, cell
    assert "\\" not in html
    rows = html.split("<tr>")[2:]
    assert all(row.count("<td") in (0, 4, 5) for row in rows), rows


@pytest.mark.parametrize("lang, deposits, marginal", [
    ("zh", "人均存款不超过24个月低保标准", "家庭人均收入低于低保标准的1.5倍"),
    ("en", "deposits per head within 24 months of the dibao standard",
     "per-capita income below 1.5 times the dibao standard"),
])
def test_a_clause_label_that_writes_a_figure_to_confirm_is_marked_where_the_explanation_quotes_it(
        run: Any, tmp_path: Any, lang: str, deposits: str, marginal: str) -> None:
    """`不满足“人均存款不超过24个月低保标准”这一条件` read out 24 months as settled, where `policy doc` marks the
    label ⚠ (24 is `dibao_deposit_months`, a value to confirm): `--explain` marks it as it marks an option's label, on
    the clause's line and after the quotes of the reason and of the hints, as `policy diff` marks it after its
    brackets (the mark is not the label's words), in text, markdown and the JSON's `why` and hints alike, in both
    languages."""
    data = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    data["assets"]["deposits"] = 30000  # 15,000 a head: over 24 months of the standard, within 36
    path = tmp_path / "household.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    def said(*how: str) -> str:
        result = run("eval", path, "--lang", lang, "--explain", *how)
        assert result.exit_code == 0, result.stderr
        return str(result.stdout)

    colon, mark = ("：" if lang == "zh" else ": "), " ⚠"
    quoted = f"“{deposits}”⚠" if lang == "zh" else f"“{deposits}” ⚠"
    reason = "未认定，因为不满足{}这一条件" if lang == "zh" else "not assigned, because the condition {} is not met"
    text = said()
    assert f"\n    ✘ {deposits}{mark}{colon}" in text and f"\n    ✔ {marginal}{mark}{colon}" in text
    assert reason.format(quoted) in text
    assert f"{deposits}{mark}”" not in text and text.count(f"“{deposits}”") == text.count(quoted)
    assert f"\n    ✔ {marginal}{colon}" not in text
    markdown = said("--format", "markdown")
    assert f"- ✘ **{deposits}{mark}** — " in markdown and reason.format(quoted) in markdown
    explained = json.loads(said("--format", "json"))["explanation"]
    jsonschema.validate(explained, json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text()))
    dibao, margin = (next(c for c in explained["categories"] if c["id"] == id) for id in ("dibao", "dibao_marginal"))
    assert dibao["why"] == reason.format(quoted)  # the JSON says the reason as the text does
    assert clause(dibao, "deposits")["label"] == deposits  # the label as the policy writes it; the figures beside it
    assert clause(dibao, "deposits")["label_figures_to_confirm"] == [
        {"figure": "24", "parameter": "dibao_deposit_months"}]
    assert clause(margin, "income")["label_figures_to_confirm"] == [
        {"figure": "1.5", "parameter": "marginal_multiplier"}]
    assert "label_figures_to_confirm" not in clause(dibao, "income")  # `家庭人均收入低于低保标准` writes no figure
    # the hint of another failed clause names it so too, in the text and in the JSON
    data["income"][0]["amount"] = 8000
    path.write_text(json.dumps(data), encoding="utf-8")
    text = said()
    hint = next(line for line in text.splitlines() if line.startswith("        → "))
    assert quoted in hint and text.count(f"“{deposits}”") == text.count(quoted)
    explained = json.loads(said("--format", "json"))["explanation"]
    dibao = next(c for c in explained["categories"] if c["id"] == "dibao")
    assert quoted in clause(dibao, "income")["would_hold_if"] and quoted in dibao["why"]


@pytest.mark.parametrize("lang, dibao, plain, share", [
    ("zh", "低保对象按70%救助", "特困人员全额救助", "低保对象医疗救助比例"),
    ("en", "dibao households at 70%", "persons in extreme poverty in full", "share of medical costs assisted for dibao "
     "households"),
])
def test_a_withheld_forms_label_that_writes_a_figure_to_confirm_is_marked_as_where_it_is_granted(
        run: Any, lang: str, dibao: str, plain: str, share: str) -> None:
    """`低保对象按70%救助：该家庭不属于…` read out 70% as settled where the same option granted is marked
    (`采用“低保对象按70%救助”⚠`): 70% is `medical_share_dibao`, which its amount reads, not its `when`. A form not
    given is marked on its line as a clause's label is (` ⚠` after the bare label), in text, markdown, `--brief` and
    the JSON (`label_figures_to_confirm`, its `label` as the policy writes it), in both languages; the closing list
    of what to confirm names the share, as it does where the option is granted."""
    household = ROOT / "examples" / "households" / "DS-0003-tekun-sibling-working-household.json"

    def said(*how: str) -> str:
        result = run("eval", household, "--date", "2026-03-01", "--lang", lang, *how)
        assert result.exit_code == 0, result.stderr
        return str(result.stdout)

    colon = "：" if lang == "zh" else ": "
    text = said("--explain")
    assert f"\n      {dibao} ⚠{colon}" in text and f"\n      {plain}{colon}" in text
    assert f"{dibao}{colon}" not in text
    for said_so in (text, said("--brief")):
        assert any(line.startswith("⚠ ") and share in line for line in said_so.splitlines()), said_so
    markdown = said("--explain", "--format", "markdown")
    assert f"\n  - {dibao} ⚠{colon}" in markdown and f"{dibao}{colon}" not in markdown
    brief = said("--brief")
    assert f"{dibao} ⚠{colon}" in brief and f"{dibao}{colon}" not in brief
    explained = json.loads(said("--explain", "--format", "json"))["explanation"]
    jsonschema.validate(explained, json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text()))
    medical = next(a for a in explained["withheld_members"] if a["id"] == "medical_assistance" and "forms" in a)
    forms = {form["label"]: form for form in medical["forms"]}
    assert forms[dibao]["label_figures_to_confirm"] == [{"figure": "70%", "parameter": "medical_share_dibao"}]
    assert "label_figures_to_confirm" not in forms[plain]


@pytest.mark.parametrize("lang, said, marked", [
    ("zh", "其余条件（无机动车辆、住房或饮水不安全）均符合", "其余条件（无机动车辆、住房或饮水不安全 ⚠）均符合"),
    ("zh", "不满足“住房或饮水不安全”这一条件", "不满足“住房或饮水不安全”⚠这一条件"),
    ("zh", "其余条件（无机动车辆、无大型农机具（本县增设））均符合",
     "其余条件（无机动车辆、无大型农机具（本县增设）⚠）均符合"),
    ("en", "the other conditions (no motor vehicle, unsafe housing or water) are met",
     "the other conditions (no motor vehicle, unsafe housing or water ⚠) are met"),
    ("en", "the condition “unsafe housing or water” is not met",
     "the condition “unsafe housing or water” ⚠ is not met"),
])
def test_a_grounds_mark_is_spaced_as_a_labels_mark_by_what_it_follows(lang: str, said: str, marked: str) -> None:
    """A ground to confirm named bare was marked `住房或饮水不安全⚠`, where a label writing a figure to confirm said
    bare is `人均存款不超过24个月低保标准 ⚠`: in Chinese the mark follows a closing quote or bracket directly and a
    bare word after a space, as everywhere a mark follows a label; in English always after a space."""
    from engine.render import grounded

    label = re.search(r"住房或饮水不安全|无大型农机具（本县增设）|unsafe housing or water", said)
    assert label is not None
    assert grounded(said, [{"label": label.group(), "confirm": "…"}], lang) == marked


def test_a_monthly_grant_that_stops_and_is_given_again_within_the_year_says_when_it_is_given_again():
    """A winter subsidy paid while `today <= 2027-02-28 or today >= 2027-10-01`, decided on 2026-12-15, was said to be
    paid until 2027-02-28 alone, though `policy diff --households` books October and November too: the caseworker is
    told the day it is given again, and the amount where it differs."""
    from engine.brief import render_brief
    from engine.render import render_markdown, render_text
    from tests.helpers import policy_from_text, winter_subsidy_text, with_winter_subsidy

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    tekun = household([member_of("p1", "head", "1944-08-20", labor_capacity="none")],
                      [{"type": "agriculture", "member": "p1", "amount": 1200}])
    window = "tekun and (today <= 2027-02-28 or today >= 2027-10-01)"
    policy = with_winter_subsidy(text, window)
    said = {"zh": ("发放至 2027-02-28，2027-10-01 起再次给予", "200.00 元/月，至 2027-02-28，2027-10-01 起再次给予（"),
            "en": ("paid until 2027-02-28, and given again from 2027-10-01",
                   "200.00 yuan/month, until 2027-02-28, and again from 2027-10-01 (")}
    for lang, (sentence, brief) in said.items():
        tree = explain(decide(policy, tekun, "2026-12-15"), lang)
        jsonschema.validate(tree, schema)
        subsidy = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
        assert subsidy["paid_until"] == {"date": "2027-02-28"}
        assert subsidy["given_again"] == {"date": "2027-10-01", "until": "2027-02-28", "sentence": sentence}
        assert f"      → {sentence}\n" in render_text(tree), lang
        assert f"| → {sentence} |" in render_markdown(tree), lang
        assert brief in render_brief(tree), lang
    # given again at another amount: the amount is said
    dearer = policy_from_text(winter_subsidy_text(text, window).replace(
        "amount: 200 yuan/month * 1 month",
        "amount: (if today >= 2027-10-01 then 250 yuan/month else 200 yuan/month) * 1 month", 1))
    for lang, brief in (("zh", "至 2027-02-28，2027-10-01 起再次给予，金额为 250.00 元/月（"),
                        ("en", "until 2027-02-28, and again from 2027-10-01 at 250.00 yuan/month (")):
        tree = explain(decide(dearer, tekun, "2026-12-15"), lang)
        subsidy = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
        assert subsidy["given_again"]["amount"] == ("250.00 元/月" if lang == "zh" else "250.00 yuan/month")
        assert brief in render_brief(tree), lang
    # a birthday ends it (p2 turns 60 on 2027-01-20) and another gives it back (p1 turns 70 on 2027-03-10)
    birthdays = policy_from_text(winter_subsidy_text(
        text, "count(members where age >= 60) == 1 or any(members where age >= 70)").replace(
        "heating_subsidy\n    level: member\n", "heating_subsidy\n    level: household\n", 1))
    couple = household([member_of("p1", "head", "1957-03-10", labor_capacity="full"),
                        member_of("p2", "spouse", "1967-01-20", labor_capacity="full")],
                       [{"type": "agriculture", "amount": 1200}])
    tree = explain(decide(birthdays, couple, "2026-12-15"), "en")
    subsidy = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
    assert (subsidy["paid_until"], subsidy["given_again"]) == (
        {"date": "2027-01-19"},
        {"date": "2027-03-10", "until": "2027-01-19", "member": "p1", "age": 70,
         "sentence": "paid until 2027-01-19; p1 will turn 70 on 2027-03-10, and from that day it is given again"})


@pytest.mark.parametrize("lang, vehicle, deposits", [
    ("zh", "✘ 无机动车辆：机动车辆数（残疾人功能性补偿代步车除外） 1 > 0（须为 0）⚠",
     "✔ 人均存款不超过低保标准（24个月）⚠："),
    ("en", "✘ no motor vehicle: motor vehicles (except mobility vehicles for disabled persons) (1) > 0 (must be 0) ⚠",
     "✔ deposits per head within the dibao standard (24 months) ⚠: "),
])
def test_a_clauses_mark_after_a_closing_bracket_on_its_own_line_follows_it_directly_in_chinese(
        run: Any, tmp_path: Any, lang: str, vehicle: str, deposits: str) -> None:
    """On a clause's own line the mark of a ground to confirm was written `（须为0） ⚠`, and that of a label writing a
    figure to confirm `（24个月） ⚠`, where a sentence naming either writes `）⚠`: in Chinese a mark follows a closing
    quote or bracket directly and a bare word after a space, in text and markdown alike; in English always after a
    space. (A county's copy of post-transition: its `no_vehicle` of dibao a ground to confirm, the deposits label
    with its months in brackets.)"""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    vehicles = "      - id: no_vehicle\n        label: {zh: 无机动车辆, en: no motor vehicle}\n" \
               "        test: assets.vehicles == 0\n"
    label = "{zh: 人均存款不超过24个月低保标准, en: deposits per head within 24 months of the dibao standard}"
    assert text.count(label) == 1 and vehicles in text
    noted = "        confirm: {zh: 本县增设（待确认）, en: county's own (to confirm)}\n"
    text = text.replace(vehicles, vehicles + noted, 1).replace(
        label, "{zh: 人均存款不超过低保标准（24个月）, en: deposits per head within the dibao standard (24 months)}")
    (tmp_path / "county.yaml").write_text(text, encoding="utf-8")
    household = next((ROOT / "examples" / "households").glob("DS-0007-*.json"))

    def said(*how: str) -> str:
        result = run("eval", household, "--policy", tmp_path / "county.yaml", "--date", "2026-03-01", "--lang", lang,
                     "--explain", *how)
        assert result.exit_code == 0, result.stderr
        return str(result.stdout)

    explained = said()
    assert f"\n    {vehicle}  [" in explained and f"\n    {deposits}" in explained, explained
    colon = "：" if lang == "zh" else ": "
    markdown = said("--format", "markdown").replace("\\>", ">")
    head, _, worked = vehicle.partition(colon)
    opening = "（" if lang == "zh" else " ("
    assert f"\n- {head.replace('✘ ', '✘ **')}** — {worked}{opening}`assets.vehicles == 0`" in markdown, markdown
    assert f"\n- {deposits.removesuffix(colon).replace('✔ ', '✔ **')}** — " in markdown, markdown


@pytest.mark.parametrize(("lang", "compared", "derived"), [
    ("zh", "年龄（周岁） 9 岁 < 16 岁（不满足：须不低于 16 岁）", "= 9 岁"),
    ("en", "age in full years 9 years < 16 years (not met: it must be at least 16 years)", "= 9 years"),
])
def test_an_age_is_said_with_its_unit_as_money_is(lang: str, compared: str, derived: str):
    """Read aloud, `11 < 16` is two bare numbers: an age, and the age it is compared with, are said in years."""
    from engine.render import render_text
    text = render_text(explain(decide(TRANSITION, grandmother_and_grandson(3000), "2025-06-01"), lang))
    assert compared in text
    assert any(line.strip().startswith(("年龄（周岁）（p2）", "age in full years (p2)"))
               and line.rstrip().endswith(derived) for line in text.splitlines())


_AGES = {"  - id: marginal\n": "  - id: young\n    level: member\n    label: {zh: 青, en: young}\n    when:\n"
         "      - {id: under, label: {zh: 甲, en: first}, test: age < 200}\n"
         "      - {id: over, label: {zh: 乙, en: second}, test: age >= 34}\n"
         "      - {id: months, label: {zh: 丙, en: third}, test: 'age * 1 month <= 400 months'}\n"
         "      - {id: either, label: {zh: 丁, en: fourth}, test: 'age > 60 or age < 200'}\n"
         "  - id: old_enough\n    level: member\n    label: {zh: 长, en: elder}\n    when:\n"
         "      - {id: old, label: {zh: 戊, en: fifth}, test: age >= 36}\n"
         "  - id: marginal\n"}


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", ["甲：年龄 35 岁 < 200 岁，低 165 岁", "乙：年龄 35 岁 > 34 岁，高 1 岁",
            "丙：年龄 × 1 个月（35 岁 × 1 个月）35 个月 < 400 个月，低 365 个月",
            "丁：年龄 35 岁 < 60 岁（不满足：须高于 60 岁）；年龄 35 岁 < 200 岁，低 165 岁 → 符合",
            "戊：年龄 35 岁 < 36 岁，低 1 岁",
            "收入：人均收入 0.00 元/年 < 低保标准 5,880.00 元/年，低 5,880.00 元/年"]),
    ("en", ["first: age 35 years < 200 years, 165 years below", "second: age 35 years > 34 years, 1 year above",
            "third: age × 1 month (35 years × 1 month) 35 months < 400 months, 365 months below",
            "fourth: age 35 years < 60 years (not met: it must be above 60 years); age 35 years < 200 years, 165 years "
            "below → condition met", "fifth: age 35 years < 36 years, 1 year below",
            "income: per-capita income 0.00 yuan/year < dibao standard 5,880.00 yuan/year, 5,880.00 yuan/year below"]),
])
def test_the_margin_of_an_age_or_of_months_is_said_with_its_unit_as_the_values_are(lang: str, said: list[str]):
    """`年龄 35 岁 < 200 岁，低 165`: the values had their unit and the margin none, heard as a bare number. A margin
    is said with the unit of the values it parts — years of age, months, yuan — in the text, markdown and brief."""
    from engine.brief import render_brief
    from engine.render import render_markdown, render_text

    tree = explain(decide(mini_with(_AGES), household([member("p1", "1990-01-01")])), lang)
    text, markdown = render_text(tree), render_markdown(tree).replace("&lt;", "<").replace("\\>", ">")
    for sentence in said:
        assert f" {sentence}  [" in text, sentence
        label, _, rest = sentence.partition("：" if lang == "zh" else ": ")
        assert f"**{label}** — {rest}" in markdown, sentence
    brief = render_brief(tree)
    assert ("年龄 35 岁，低于 36 岁，低 1 岁" if lang == "zh" else "Age 35 years is below 36 years, 1 year below") \
        in brief, brief


@pytest.mark.parametrize(("number", "kind", "said"), [
    ("1", "duration", "1 month"), ("2", "duration", "2 months"), ("1", "age", "1 year"), ("1", "points",
     "1 percentage point"), ("1.5", "points", "1.5 percentage points"), ("1.00", "amount", "1.00 yuan")])
def test_one_of_a_unit_is_said_in_the_singular_in_english(number: str, kind: str, said: str):
    """`1 months`: only an age was said in the singular for 1; every unit with a plural is."""
    from engine.values import with_unit

    assert with_unit(number, kind, "en") == said


def test_a_margin_of_one_month_is_said_in_the_singular():
    """`35 months < 36 months, 1 months below`, in the explanation and the brief."""
    from engine.brief import render_brief
    from engine.render import render_text

    ages = {key: text.replace("400 months", "36 months") for key, text in _AGES.items()}
    tree = explain(decide(mini_with(ages), household([member("p1", "1990-01-01")])), "en")
    text, brief = render_text(tree), render_brief(tree)
    assert "35 months < 36 months, 1 month below  [" in text, text
    assert " is below 36 months, 1 month below" in brief, brief
    assert "1 months" not in text + brief


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    ("zh", "年龄折合月数 35 个月，低于 400 个月，低 365 个月", "个月的年龄"),
    ("en", "age in months 35 months is below 400 months, 365 months below", "month of the age"),
])
def test_the_brief_reads_a_value_multiplied_by_months_as_that_value_in_months(lang: str, said: str, not_said: str):
    """`age * 1 month <= 400 months` was read as a rate times months is (`24 个月的低保标准`): `1 个月的年龄（35 个月）`
    / `1 month of the age (35 months)`. A value that is no rate, multiplied by months, is that value in months;
    a rate times months is still read as so many months of it."""
    from engine.brief import render_brief

    tree = explain(decide(mini_with(_AGES), household([member("p1", "1990-01-01")])), lang)
    brief = render_brief(tree)
    assert said in brief and not_said not in brief, brief
    rate = "24 个月的低保标准（11,760.00 元）" if lang == "zh" else "24 months of the dibao standard (11,760.00 yuan)"
    assert rate in brief, brief


def _heating_from_birthdays(amount: str = "200 yuan/month") -> Any:
    """A household's winter subsidy while one member alone is 60 or over, or any is 70 or over: a spouse's 60th
    birthday ends it and the head's 70th gives it back."""
    from tests.helpers import policy_from_text, winter_subsidy_text

    text = winter_subsidy_text((ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8"),
                               "count(members where age >= 60) == 1 or any(members where age >= 70)")
    return policy_from_text(text.replace("heating_subsidy\n    level: member\n",
                                         "heating_subsidy\n    level: household\n", 1).replace(
        "amount: 200 yuan/month * 1 month", f"amount: {amount} * 1 month", 1))


_COUPLE = [member_of("p1", "head", "1957-03-10", labor_capacity="full"),  # 70 on 2027-03-10: given again
           member_of("p2", "spouse", "1967-01-20", labor_capacity="full")]  # 60 on 2027-01-20: it ends


@pytest.mark.parametrize("lang, again, birthday", [
    ("zh", "→ 发放至 2027-01-19；p1 将于 2027-03-10 年满 70 周岁，届时再次给予", "届时家庭可得"),
    ("en", "→ paid until 2027-01-19; p1 will turn 70 on 2027-03-10, and from that day it is given again",
     "the household can get"),
])
def test_a_grant_given_again_on_a_birthday_is_said_once_on_its_own_line(lang: str, again: str, birthday: str):
    """The head's 70th birthday gives back the subsidy the spouse's 60th ended: the grant's line said so
    (`发放至 2027-01-19，2027-03-10 起再次给予`) and a line of the birthday under the assistance said it again
    (`户主将于 2027-03-10 年满 70 周岁，届时家庭可得…`), as if it were a measure the household did not have. The grant's
    line, beside the day it stops, says it, with whose birthday it is; the birthday brings nothing else, so it has no
    line."""
    from engine.brief import render_brief
    from engine.render import render_markdown, render_text

    tree = explain(decide(_heating_from_birthdays(), household(_COUPLE, [{"type": "agriculture", "amount": 1200}]),
                          "2026-12-15"), lang)
    assert "birthday_gains" not in tree
    text, markdown, brief = render_text(tree), render_markdown(tree), render_brief(tree)
    assert f"      {again}\n" in text
    for said in (text, markdown, brief):
        assert said.count("2027-03-10") == 1, said
        assert birthday not in said


@pytest.mark.parametrize("lang, said", [
    ("zh", "特困人员冬季取暖补贴：200.00 元/月，至 2027-01-19（试点工作专班）；配偶（59岁）将于 2027-01-20 年满 "
           "60 周岁，届时不再符合这一措施的条件；户主（69岁）将于 2027-03-10 年满 70 周岁，届时再次给予\n"),
    ("en", "winter heating subsidy for tekun: 200.00 yuan/month, until 2027-01-19 (pilot working group); spouse (aged "
           "59) will turn 60 on 2027-01-20, and from that day the conditions of this measure are no longer met; head "
           "of household (aged 69) will turn 70 on 2027-03-10, and from that day it is given again\n"),
])
def test_the_brief_says_a_grant_ends_on_a_birthday_before_it_says_when_it_is_given_again(lang: str, said: str):
    """`200.00 元/月，至 2027-01-19，2027-03-10 起再次给予（试点工作专班）；配偶…届时不再符合这一措施的条件`: the brief
    said the grant was given again before it said why it stops. Read aloud, the end comes first, then the later
    start."""
    from engine.brief import render_brief

    tree = explain(decide(_heating_from_birthdays(), household(_COUPLE, [{"type": "agriculture", "amount": 1200}]),
                          "2026-12-15"), lang)
    assert said in render_brief(tree)


@pytest.mark.parametrize("lang, sentence, brief", [
    ("zh", "发放至 2027-01-19；p1 将于 2027-03-10 年满 70 周岁，届时再次给予",
     "特困人员冬季取暖补贴：250.00 元/月，至 2027-01-04（试点工作专班）；孙子女（15岁）将于 2027-01-05 年满 16 周岁，"
     "届时金额改为 200.00 元/月，至 2027-01-19；配偶（59岁）将于 2027-01-20 年满 60 周岁，届时不再符合这一措施的条件；"
     "户主（69岁）将于 2027-03-10 年满 70 周岁，届时再次给予；一年内发放 11 个月，共 2,250.00 元（250.00 元 × 1 个月 + "
     "200.00 元 × 10 个月）\n"),
    ("en", "paid until 2027-01-19; p1 will turn 70 on 2027-03-10, and from that day it is given again",
     "winter heating subsidy for tekun: 250.00 yuan/month, until 2027-01-04 (pilot working group); grandchild (aged "
     "15) will turn 16 on 2027-01-05, and from that day the amount is 200.00 yuan/month, until 2027-01-19; spouse "
     "(aged 59) will turn 60 on 2027-01-20, and from that day the conditions of this measure are no longer met; head "
     "of household (aged 69) will turn 70 on 2027-03-10, and from that day it is given again; paid for 11 months of "
     "the year, 2,250.00 yuan in all (250.00 yuan × 1 month + 200.00 "
     "yuan × 10 months)\n"),
])
def test_a_grant_whose_amount_changes_before_it_stops_is_given_again_after_the_day_it_stops(
        lang: str, sentence: str, brief: str):
    """The grandchild's 16th birthday lowers the subsidy on 2027-01-05 and the spouse's 60th ends it on 2027-01-20:
    `paid_until` is the day the first amount holds to (2027-01-04), and the brief glued the later start to it
    (`至 2027-01-04，2027-03-10 起再次给予`), as if nothing were paid from 2027-01-05, while the sentence said
    `发放至 2027-01-19`. The day it stops is one day, `given_again`'s `until`, the day its sentence says and the last
    day of the amount it stops at; the brief says the later start after the end."""
    from engine.brief import render_brief
    from engine.render import render_text

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    three = household([*_COUPLE, member_of("p3", "grandchild", "2011-01-05", labor_capacity="none",
                                           student="compulsory")],  # 16 on 2027-01-05
                      [{"type": "agriculture", "amount": 1200}])
    policy = _heating_from_birthdays("(if any(members where age < 16) then 250 yuan/month else 200 yuan/month)")
    tree = explain(decide(policy, three, "2026-12-15"), lang)
    jsonschema.validate(tree, schema)
    subsidy = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
    assert subsidy["paid_until"] == {"date": "2027-01-04"}
    assert subsidy["given_again"] == {"date": "2027-03-10", "until": "2027-01-19", "member": "p1", "age": 70,
                                      "sentence": sentence}
    assert subsidy["amount_then_until"] == subsidy["given_again"]["until"]
    # the line of the amount it stops at has said the day: the return follows by its own
    again = {"zh": "p1 将于 2027-03-10 年满 70 周岁，届时再次给予",
             "en": "p1 will turn 70 on 2027-03-10, and from that day it is given again"}[lang]
    assert f"      → {again}\n" in render_text(tree) and f"→ {sentence}\n" not in render_text(tree)
    said = render_brief(tree)
    assert brief in said and "2027-01-04，2027-03-10" not in said and "2027-01-04, and again" not in said


RETURNING = load_policy(ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml")[0]


def _returning(members: list[tuple[str, str, str]], lang: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The explanation, on 2026-12-15, of a household of `members` (id, relation, birth date) under the policy of
    grants given again more than once, and its grants by measure."""
    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    data = household([{"id": m, "relation": relation, "birth_date": born} for m, relation, born in members])
    tree = explain(decide(RETURNING, data, "2026-12-15"), lang)
    jsonschema.validate(tree, schema)
    return tree, {g["id"]: g for g in tree["assistance"]}


@pytest.mark.parametrize("lang, sentence, brief", [
    ("zh", "发放至 2027-01-31，2027-04-01 起再次给予，至 2027-05-31；2027-09-01 起再次给予",
     "季节补贴：200.00 元/月，至 2027-01-31，2027-04-01 起再次给予，至 2027-05-31；2027-09-01 起再次给予（民政；"),
    ("en", "paid until 2027-01-31, and given again from 2027-04-01, until 2027-05-31; given again from 2027-09-01",
     "seasonal subsidy: 200.00 yuan/month, until 2027-01-31, and again from 2027-04-01, until 2027-05-31; given again "
     "from 2027-09-01 (civil affairs; "),
])
def test_a_grant_of_three_date_windows_is_said_with_each_day_it_is_given_again(lang: str, sentence: str, brief: str):
    """Paid while `today <= 2027-01-31 or (today >= 2027-04-01 and today <= 2027-05-31) or today >= 2027-09-01`: the
    grant was said to be given again from 2027-04-01, as if from then on, while `policy diff --households` books
    April and May, then September on. Each return is said, in order, with the day it stops between them; the JSON
    adds the later ones (`later`) to the first."""
    from engine.brief import render_brief
    from engine.render import render_markdown, render_text

    tree, grants = _returning([("p1", "head", "1980-05-01")], lang)
    assert grants["seasonal_subsidy"]["paid_until"] == {"date": "2027-01-31"}
    assert grants["seasonal_subsidy"]["given_again"] == {
        "date": "2027-04-01", "until": "2027-01-31", "later": [{"until": "2027-05-31", "date": "2027-09-01"}],
        "sentence": sentence}
    assert f"      → {sentence}\n" in render_text(tree)
    assert f"<br>→ {sentence} |" in render_markdown(tree)
    assert brief in render_brief(tree)


@pytest.mark.parametrize("lang, sentence, brief", [
    ("zh", "发放至 2027-01-31，2027-04-01 起再次给予，至 2027-06-19；p1 将于 2027-09-10 年满 70 周岁，届时再次给予",
     "老年补贴：200.00 元/月，至 2027-01-31，2027-04-01 起再次给予，至 2027-06-19（民政；补贴标准：测试文件 一）；"
     "配偶（59岁）将于 2027-06-20 年满 60 周岁，届时不再符合这一措施的条件；户主（69岁）将于 2027-09-10 年满 70 周岁，"
     "届时再次给予\n"),
    ("en", "paid until 2027-01-31, and given again from 2027-04-01, until 2027-06-19; p1 will turn 70 on 2027-09-10, "
           "and from that day it is given again",
     "elder subsidy: 200.00 yuan/month, until 2027-01-31, and again from 2027-04-01, until 2027-06-19 (civil affairs; "
     "subsidy standard: 测试文件 一); spouse (aged 59) will turn 60 on 2027-06-20, and from that day the conditions of "
     "this measure are no longer met; head of household (aged 69) will turn 70 on 2027-09-10, and from that day it is "
     "given again\n"),
])
def test_a_grant_of_two_windows_a_birthday_ends_and_another_gives_back_is_said_in_order(
        lang: str, sentence: str, brief: str):
    """Two windows of the date, while one member alone is 60 or over or any is 70: the window closes on 2027-01-31
    and opens on 2027-04-01, the spouse's 60th birthday ends it on 2027-06-20 and the head's 70th gives it back on
    2027-09-10. Only the first return was said, and the head's birthday on a line of its own, as a measure the
    household did not have; each is said in turn, the birthday that ends it where it comes, and the one that gives it
    back by the grant's line alone."""
    from engine.brief import render_brief
    from engine.render import render_text

    tree, grants = _returning([("p1", "head", "1957-09-10"), ("p2", "spouse", "1967-06-20")], lang)
    grant = grants["elder_subsidy"]
    assert grant["given_again"] == {
        "date": "2027-04-01", "until": "2027-01-31",
        "later": [{"until": "2027-06-19", "date": "2027-09-10", "member": "p1", "age": 70}],
        "sentence": sentence}
    assert "birthday_gains" not in tree
    text, said = render_text(tree), render_brief(tree)
    assert brief in said, said
    for words in (text, said):
        assert words.count("2027-09-10") == 1, words


@pytest.mark.parametrize("lang, head, hints", [
    ("zh", "1957-09-10", ["发放至 2027-01-31，2027-04-01 起再次给予，至 2027-06-19",
                          "p2 将于 2027-06-20 年满 60 周岁，届时不再符合这一措施的条件",
                          "p1 将于 2027-09-10 年满 70 周岁，届时再次给予"]),
    ("en", "1957-09-10", ["paid until 2027-01-31, and given again from 2027-04-01, until 2027-06-19",
                          "p2 will turn 60 on 2027-06-20, and from that day the conditions of this measure are no "
                          "longer met", "p1 will turn 70 on 2027-09-10, and from that day it is given again"]),
    ("zh", "1960-09-10", ["发放至 2027-01-31，2027-04-01 起再次给予，至 2027-06-19",
                          "p2 将于 2027-06-20 年满 60 周岁，届时不再符合这一措施的条件"]),
    ("en", "1960-09-10", ["paid until 2027-01-31, and given again from 2027-04-01, until 2027-06-19",
                          "p2 will turn 60 on 2027-06-20, and from that day the conditions of this measure are no "
                          "longer met"]),
])
def test_the_explanation_says_a_birthday_that_ends_a_grant_after_a_return_in_time_order(
        lang: str, head: str, hints: list[str]):
    """The spouse's 60th birthday ends the grant on 2027-06-20, after it is given again from 2027-04-01 (and, where
    the head turns 70 on 2027-09-10, before it is given again once more): `--explain` said the birthday's line first,
    then the line of the returns, heard as ending the grant before it was given again. The lines follow the days, as
    `--brief` says them: the returns up to the day it stops, the birthday, the returns after it."""
    from engine.render import render_markdown, render_text

    tree, _ = _returning([("p1", "head", head), ("p2", "spouse", "1967-06-20")], lang)
    lines = render_text(tree).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  • " + ("老年补贴" if lang == "zh" else "elder")))
    assert [line.removeprefix("      → ") for line in lines[at + 2:at + 2 + len(hints) + 1]
            if line.startswith("      → ")] == hints
    # in markdown the member's id is code, as everywhere a markdown explanation names a member by it
    assert "<br>".join(f"→ {hint}" for hint in hints).replace("p2 ", "`p2` ").replace(
        "p1 ", "`p1` ") + " |" in render_markdown(tree)


@pytest.mark.parametrize("lang, sentence, brief", [
    ("zh", "发放至 2027-01-31，2027-04-01 起再次给予，至 2027-06-19",
     "老年补贴：200.00 元/月，至 2027-01-31，2027-04-01 起再次给予，至 2027-06-19（民政；补贴标准：测试文件 一）；"
     "配偶（59岁）将于 2027-06-20 年满 60 周岁，届时不再符合这一措施的条件\n"),
    ("en", "paid until 2027-01-31, and given again from 2027-04-01, until 2027-06-19",
     "elder subsidy: 200.00 yuan/month, until 2027-01-31, and again from 2027-04-01, until 2027-06-19 (civil affairs; "
     "subsidy standard: 测试文件 一); spouse (aged 59) will turn 60 on 2027-06-20, and from that day the conditions of "
     "this measure are no longer met\n"),
])
def test_a_grant_given_again_that_stops_again_within_the_year_says_the_last_day_it_is_paid(
        lang: str, sentence: str, brief: str):
    """Given again from 2027-04-01 and ended by the spouse's 60th birthday on 2027-06-20, with no later day to give it
    back: `2027-04-01 起再次给予` was heard as paid from then on. The last day it is paid is said (`last_until`)."""
    from engine.brief import render_brief

    tree, grants = _returning([("p1", "head", "1960-09-10"), ("p2", "spouse", "1967-06-20")], lang)
    assert grants["elder_subsidy"]["given_again"] == {
        "date": "2027-04-01", "until": "2027-01-31", "last_until": "2027-06-19", "sentence": sentence}
    assert brief in render_brief(tree)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_birthday_between_two_windows_of_a_grant_is_not_said_as_its_end(lang: str):
    """The spouse turns 60 on 2027-02-20, between the window that closes on 2027-01-31 and the one that opens on
    2027-04-01: the grant, not paid then anyway, was said to stop that day (`届时不再符合这一措施的条件`) after being
    said to be paid until 2027-01-31. It is paid until the window closes, and the birthday, which keeps it from
    coming back, ends nothing: nothing more is said. Where the head's 70th birthday gives it back later, that day
    is said as the day it is given again, and only that."""
    from engine.brief import render_brief
    from engine.render import render_text

    tree, grants = _returning([("p1", "head", "1960-09-10"), ("p2", "spouse", "1967-02-20")], lang)
    grant = grants["elder_subsidy"]
    assert grant["paid_until"] == {"date": "2027-01-31"}
    assert not {"stops_holding", "holds_until", "given_again"} & set(grant)
    for said in (render_text(tree), render_brief(tree)):
        assert "2027-02-20" not in said, said

    tree, grants = _returning([("p1", "head", "1957-05-10"), ("p2", "spouse", "1967-02-20")], lang)
    grant = grants["elder_subsidy"]
    assert not {"stops_holding", "holds_until"} & set(grant)
    assert (grant["paid_until"], grant["given_again"]["date"], grant["given_again"]["until"]) == (
        {"date": "2027-01-31"}, "2027-05-10", "2027-01-31")
    assert "later" not in grant["given_again"] and "birthday_gains" not in tree
    for said in (render_text(tree), render_brief(tree)):
        assert "2027-02-20" not in said and said.count("2027-05-10") == 1, said


_WINTER_ELDER = """\
  - id: winter_elder
    level: household
    label: {zh: 冬季高龄户, en: winter elder household}
    when:
      - id: winter_elder
        label: {zh: 冬季且仅一名成员年满60周岁, en: in winter with one member alone aged 60 or over}
        test: (today <= 2027-01-31 or today >= 2027-04-01) and count(members where age >= 60) == 1
departments:"""


@pytest.mark.parametrize("lang, ends", [
    ("zh", "→ p2 将于 2027-01-20 年满 60 周岁，届时这一条件不再满足\n"),
    ("en", "→ p2 will turn 60 on 2027-01-20, and from that day this condition no longer holds\n"),
], ids=["zh", "en"])
def test_a_birthday_between_two_windows_of_a_category_condition_is_not_said_as_its_end(lang: str, ends: str):
    """A category whose condition holds in two windows of the date, while one member alone is 60 or over: the
    spouse's 60th birthday on 2027-02-20, between the window that closes on 2027-01-31 and the one that opens on
    2027-04-01, was said to end it (`届时这一条件不再满足`), while it no longer holds from 2027-02-01 anyway. A
    birthday ends such a condition only where it holds the day before, as a grant's; one within a window still does."""
    from engine.brief import render_brief
    from engine.render import render_text

    policy = _returning_with("departments:", _WINTER_ELDER)
    for born, said in (("1967-02-20", None), ("1967-01-20", ends)):
        data = household([{"id": "p1", "relation": "head", "birth_date": "1960-09-10"},
                          {"id": "p2", "relation": "spouse", "birth_date": born}])
        tree = explain(decide(policy, data, "2026-12-15"), lang)
        category = next(c for c in tree["categories"] if c["id"] == "winter_elder")
        clause = category["clauses"][0]
        assert category["assigned"] and clause["verdict"]
        if said is None:
            assert not {"stops_holding", "holds_until"} & set(clause), clause
            for text in (render_text(tree), render_brief(tree)):
                assert "2027-02-20" not in text, text
        else:
            assert clause["stops_holding"] == {"member": "p2", "age": 60, "date": "2027-01-20"}
            assert said in render_text(tree)


_WINTER = """\
  - id: winter
    level: household
    label: {zh: 冬季户, en: winter household}
    when:
      - {id: winter, label: {zh: 冬季, en: in winter}, test: today <= 2027-01-31 or today >= 2027-04-01}
departments:"""


@pytest.mark.parametrize("lang, ends, again", [
    ("zh", "2027-02-01 起这一条件不再满足", "，2027-04-01 起再次满足"),
    ("en", "from 2027-02-01 this condition no longer holds", ", and it holds again from 2027-04-01"),
], ids=["zh", "en"])
def test_a_category_condition_a_date_ends_says_the_day(lang: str, ends: str, again: str):
    """A category whose condition compares the day with a fixed date (`today <= 2027-01-31 or today >= 2027-04-01`)
    stops holding on 2027-02-01: nothing said so, while a grant says `paid_until`. The day is said as a birthday's end
    is, with the day it holds again where one within the year brings it back: not where a birthday in between keeps it
    from coming back (the spouse's 60th on 2027-02-20, when one member alone must be 60 or over)."""
    from engine.brief import render_brief
    from engine.render import render_markdown, render_text

    couple = household([{"id": "p1", "relation": "head", "birth_date": "1960-09-10"},
                        {"id": "p2", "relation": "spouse", "birth_date": "1967-02-20"}])
    for written, category_id, said in ((_WINTER, "winter", ends + again), (_WINTER_ELDER, "winter_elder", ends)):
        tree = explain(decide(_returning_with("departments:", written), couple, "2026-12-15"), lang)
        clause = next(c for c in tree["categories"] if c["id"] == category_id)["clauses"][0]
        expected = {"date": "2027-02-01", **({"again": "2027-04-01"} if said.endswith(again) else {})}
        assert {k: v for k, v in clause["date_ends"].items() if k != "sentence"} == expected, clause
        assert clause["date_ends"]["sentence"] == said
        jsonschema.validate(tree, json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text()))
        assert f"→ {said}\n" in render_text(tree)
        assert f"- → {said}\n" in render_markdown(tree)
        label = {"zh": "“冬季", "en": "“In winter"}[lang]
        brief = render_brief(tree)
        assert label in brief and said in brief.split(label, 1)[1].split("\n", 1)[0], brief
    # a day before the window closes, the day after it, within it again: nothing to say of it
    for on in ("2027-02-15", "2027-05-15"):
        tree = explain(decide(_returning_with("departments:", _WINTER), couple, on), lang)
        clause = next(c for c in tree["categories"] if c["id"] == "winter")["clauses"][0]
        assert "date_ends" not in clause, clause


_DATES_FAIL = {"zh": "评估日期 2027-02-15 > 2027-01-31（不满足：须不超过 2027-01-31）；评估日期 2027-02-15 < "
                     "2027-04-01（不满足：须不低于 2027-04-01）",
               "en": "evaluation date 2027-02-15 > 2027-01-31 (not met: it must be at most 2027-01-31); evaluation "
                     "date 2027-02-15 < 2027-04-01 (not met: it must be at least 2027-04-01)"}
# a comparison that fails says what it must be, `==` as `<` does: `0 < 1` alone reads as a fact that holds
# and no member of an age is said as it is heard, not as `no member age in full years ≥ 70`
_AGES_FAIL = {"zh": "年满 60 周岁的成员数 0 < 1（不满足：须为 1）；没有成员年满 70 周岁",
              "en": "number of members aged 60 or over (0) < 1 (not met: it must be 1); no member is "
                    "aged 70 or over"}


@pytest.mark.parametrize("lang, day, measure, why", [
    ("zh", "2026-12-15", "老年补贴", "未给予，因为" + _AGES_FAIL["zh"]),
    ("en", "2026-12-15", "elder subsidy", "not given, because " + _AGES_FAIL["en"]),
    ("zh", "2027-02-15", "季节补贴",
     "未给予，因为" + _DATES_FAIL["zh"] + "；评估日期 2027-02-15 < 2027-09-01（不满足：须不低于 2027-09-01）"),
    ("en", "2027-02-15", "seasonal subsidy", "not given, because " + _DATES_FAIL["en"]
     + "; evaluation date 2027-02-15 < 2027-09-01 (not met: it must be at least 2027-09-01)"),
    ("zh", "2027-02-15", "老年补贴", "未给予，因为" + _DATES_FAIL["zh"] + "；" + _AGES_FAIL["zh"]),
    ("en", "2027-02-15", "elder subsidy", "not given, because " + _DATES_FAIL["en"] + "; " + _AGES_FAIL["en"]),
])
def test_a_measure_withheld_for_a_compound_condition_gives_as_reasons_only_the_parts_that_fail(
        lang: str, day: str, measure: str, why: str):
    """`resident and (today <= 2027-01-31 or today >= 2027-04-01) and (…60… or …70…)`: the reasons a measure was not
    given were every part of its condition, the ones that hold too, heard as reasons (`因为常住户为是；评估日期
    2026-12-15 < 2027-01-31；…`). Of an `and`, the reasons are the parts that fail; of an `or`, which fails only
    where all its parts do, all of them; each part that is itself an `and` or an `or`, likewise — as a category's
    reasons are the clauses it fails. In the explanation and the brief alike."""
    from engine.brief import render_brief
    from engine.render import render_text

    data = household([{"id": "p1", "relation": "head", "birth_date": "1980-05-01"}])
    tree = explain(decide(RETURNING, data, day), lang)
    [withheld] = [a for a in tree["withheld"] if a["label"] == measure]
    assert withheld["why"] == why
    assert f"  ✘ {measure} — {'民政' if lang == 'zh' else 'civil affairs'}{'：' if lang == 'zh' else ': '}{why}  [" \
        in render_text(tree)
    below, above = ("，低于 ", "，高于 ") if lang == "zh" else (" is below ", " is above ")
    said = why.replace(" < ", below).replace(" > ", above)
    brief = render_brief(tree)
    assert f"  ✘ {measure}{'：' if lang == 'zh' else ': '}{said}\n" in brief, brief


def _stepped(subsidy: str) -> Any:
    """The post-transition policy with a winter heating subsidy for tekun members given as `subsidy`."""
    from tests.helpers import policy_from_text, stepped_subsidy_text

    return policy_from_text(stepped_subsidy_text((ROOT / "policy" / "post-transition.yaml").read_text(
        encoding="utf-8"), subsidy))


_TEKUN_AT_82 = household([member_of("p1", "head", "1944-08-20", labor_capacity="none")],
                         [{"type": "agriculture", "member": "p1", "amount": 1200}])


@pytest.mark.parametrize("subsidy", range(2))
@pytest.mark.parametrize("lang, brief, change", [
    ("zh", "特困人员冬季取暖补贴——户主（82岁）：300.00 元/月，至 2027-02-28（试点工作专班）；2027-03-01 起金额改为 "
           "200.00 元/月；全年 2,700.00 元（300.00 元 × 3 个月 + 200.00 元 × 9 个月）\n",
     "2027-03-01 起金额改为 200.00 元/月"),
    ("en", "winter heating subsidy for tekun — head of household (aged 82): 300.00 yuan/month, until 2027-02-28 "
           "(pilot working group); from 2027-03-01 the amount is 200.00 yuan/month; 2,700.00 yuan in a year (300.00 "
           "yuan × 3 months + 200.00 yuan × 9 months)\n",
     "from 2027-03-01 the amount is 200.00 yuan/month"),
], ids=["zh", "en"])
def test_a_monthly_grant_whose_amount_a_date_changes_says_the_day_and_the_new_amount(
        subsidy: int, lang: str, brief: str, change: str):
    """300.00 a month while `today <= 2027-02-28`, 200.00 after (an option the date ends, or an amount reading the
    date): `--explain` and `--brief` said `300.00 元/月，全年 3,600.00 元`, while `policy diff --households` books
    3 × 300.00 + 9 × 200.00. The change is said as a birthday's is, the first amount paid until the day before."""
    from engine.brief import render_brief
    from engine.render import render_text
    from tests.helpers import STEPPED_SUBSIDIES

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    tree = explain(decide(_stepped(STEPPED_SUBSIDIES[subsidy]), _TEKUN_AT_82, "2026-12-15"), lang)
    jsonschema.validate(tree, schema)
    grant = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
    assert "per_year" not in grant and "amount_changes" not in grant
    assert grant["paid_until"] == {"date": "2027-02-28"}
    assert (grant["amount_changes_on"], grant["amount_then"], grant["changes_to"]) == (
        "2027-03-01", {"zh": "200.00 元/月", "en": "200.00 yuan/month"}[lang], change)
    assert f"      → {change}\n" in render_text(tree)
    said = render_brief(tree)
    assert brief in said and "3,600.00" not in said, said


@pytest.mark.parametrize("subsidy", range(2))
@pytest.mark.parametrize("lang, year, parts", [
    ("zh", "全年 2,700.00 元（300.00 元 × 3 个月 + 200.00 元 × 9 个月）",
     [{"amount": "300.00 元", "months": 3}, {"amount": "200.00 元", "months": 9}]),
    ("en", "2,700.00 yuan in a year (300.00 yuan × 3 months + 200.00 yuan × 9 months)",
     [{"amount": "300.00 yuan", "months": 3}, {"amount": "200.00 yuan", "months": 9}]),
], ids=["zh", "en"])
def test_a_monthly_grant_whose_amount_changes_says_its_year_with_the_months_at_each_amount(
        subsidy: int, lang: str, year: str, parts: list[dict[str, Any]]):
    """300.00 a month while `today <= 2027-02-28`, 200.00 after: the line said the change and no year at all, while an
    unchanged amount says its year (`全年 7,956.00 元`). The year is said as `policy diff --households` books it, the
    payments of 2026-12-15, 2027-01-15 and 2027-02-15 at 300.00, the nine after at 200.00, in every format."""
    from engine.brief import render_brief
    from engine.explain.coming_of_age import year_of_grants
    from engine.render import render_markdown, render_text
    from tests.helpers import STEPPED_SUBSIDIES

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    decision = decide(_stepped(STEPPED_SUBSIDIES[subsidy]), _TEKUN_AT_82, "2026-12-15")
    tree = explain(decision, lang)
    jsonschema.validate(tree, schema)
    grant = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
    assert grant["year_paid"] == {"total": {"zh": "2,700.00 元", "en": "2,700.00 yuan"}[lang], "months": 12,
                                  "parts": parts, "sentence": year}
    subsidy_granted = next(g for g in decision.assistance if g.measure.id == "heating_subsidy")
    assert year_of_grants(decision)(subsidy_granted) == (Decimal("2700.00"), 12)
    assert f"      → {year}\n" in render_text(tree)
    row = next(line for line in render_markdown(tree).splitlines() if line.startswith(("| 特困人员冬季", "| winter")))
    assert f"→ {year}" in row, row
    change = {"zh": "2027-03-01 起金额改为 200.00 元/月；", "en": "from 2027-03-01 the amount is 200.00 yuan/month; "}
    assert change[lang] + year + "\n" in render_brief(tree)


@pytest.mark.parametrize("lang, brief", [
    ("zh", "特困人员冬季取暖补贴——户主（79岁）：200.00 元/月，至 2027-01-09（试点工作专班）；户主（79岁）将于 "
           "2027-01-10 年满 80 周岁，届时金额改为 250.00 元/月，至 2027-02-28；2027-10-01 起再次给予；"
           "一年内发放 5 个月，共 1,200.00 元（200.00 元 × 1 个月 + 250.00 元 × 4 个月）\n"),
    ("en", "winter heating subsidy for tekun — head of household (aged 79): 200.00 yuan/month, until 2027-01-09 "
           "(pilot working group); head of household (aged 79) will turn 80 on 2027-01-10, and from that day the "
           "amount is 250.00 yuan/month, until 2027-02-28; given again from 2027-10-01; paid for 5 months of the "
           "year, 1,200.00 yuan in all (200.00 yuan × 1 month + 250.00 yuan × 4 months)\n"),
], ids=["zh", "en"])
def test_a_birthday_that_changes_a_grant_two_windows_give_is_said_with_the_day_the_window_closes(lang: str, brief: str):
    """Paid while `today <= 2027-02-28 or today >= 2027-10-01`, 250.00 a month from 80 and 200.00 before: the head's
    80th birthday on 2027-01-10 raises it within the first window, as `policy diff --households` books it. The new
    amount was said with no end (`届时金额改为 250.00 元/月；发放至 2027-02-28，…`), heard as paid from then on where
    no window opens again; it holds to the day the first window closes, said once."""
    from engine.brief import render_brief

    policy = _stepped("    when: tekun and (today <= 2027-02-28 or today >= 2027-10-01)\n"
                      "    amount: (if age >= 80 then 250 yuan/month else 200 yuan/month) * 1 month\n")
    data = household([member_of("p1", "head", "1947-01-10", labor_capacity="none")],
                     [{"type": "agriculture", "member": "p1", "amount": 1200}])
    tree = explain(decide(policy, data, "2026-12-15"), lang)
    grant = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
    assert grant["amount_changes"] == {"member": "p1", "age": 80, "date": "2027-01-10"}
    assert grant["amount_then_until"] == grant["given_again"]["until"] == "2027-02-28"
    assert "amount" not in grant["given_again"]
    said = render_brief(tree)
    assert brief in said and said.count("2027-02-28") == 1, said


@pytest.mark.parametrize("lang, brief", [
    ("zh", "特困人员冬季取暖补贴——户主（79岁）：300.00 元/月，至 2026-12-31（试点工作专班）；2027-01-01 起金额改为 "
           "200.00 元/月，至 2027-01-09；户主（79岁）将于 2027-01-10 年满 80 周岁，届时金额改为 250.00 元/月，至 "
           "2027-06-30；"
           "一年内发放 7 个月，共 1,800.00 元（300.00 元 × 1 个月 + 250.00 元 × 6 个月）\n"),
    ("en", "winter heating subsidy for tekun — head of household (aged 79): 300.00 yuan/month, until 2026-12-31 "
           "(pilot working group); from 2027-01-01 the amount is 200.00 yuan/month, until 2027-01-09; head of "
           "household (aged 79) will turn 80 on 2027-01-10, and from that day the amount is 250.00 yuan/month, until "
           "2027-06-30; paid for 7 months of the year, 1,800.00 yuan in all (300.00 yuan × 1 month + 250.00 yuan × 6 "
           "months)\n"),
], ids=["zh", "en"])
def test_a_date_and_a_birthday_that_change_a_grant_are_said_in_turn_as_the_year_is_booked(lang: str, brief: str):
    """300.00 a month to the end of 2026, then 200.00, 250.00 from 80, paid while `today <= 2027-06-30`: each change
    in the order it comes, each amount with its last day, as `policy diff --households` books the year: 300.00 in
    December and 250.00 on the 15th of January to June (the head is 80 from 2027-01-10), 1,800.00: said with the
    months at each amount, as paid for seven months of the year, not all of it."""
    from engine.brief import render_brief
    from engine.explain.coming_of_age import year_of_grants

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    policy = _stepped("    when: tekun and today <= 2027-06-30\n"
                      "    amount: (if today <= 2026-12-31 then 300 yuan/month else (if age >= 80 then 250 yuan/month "
                      "else 200 yuan/month)) * 1 month\n")
    data = household([member_of("p1", "head", "1947-01-10", labor_capacity="none")],
                     [{"type": "agriculture", "member": "p1", "amount": 1200}])
    decision = decide(policy, data, "2026-12-15")
    tree = explain(decision, lang)
    jsonschema.validate(tree, schema)
    grant = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
    assert (grant["amount_changes_on"], grant["amount_then_until"]) == ("2027-01-01", "2027-01-09")
    assert [(x["member"], x["date"], x["until"]) for x in grant["later_amounts"]] == [("p1", "2027-01-10",
                                                                                        "2027-06-30")]
    assert brief in render_brief(tree)
    subsidy = next(g for g in decision.assistance if g.measure.id == "heating_subsidy")
    assert year_of_grants(decision)(subsidy) == (Decimal("1800.00"), 7)
    assert (grant["year_paid"]["total"], grant["year_paid"]["months"]) == (
        {"zh": "1,800.00 元", "en": "1,800.00 yuan"}[lang], 7)


@pytest.mark.parametrize("lang, working", [
    ("zh", "= (300.00 元/月) × 1 个月 = 300.00 元"),
    ("en", "= (300.00 yuan/month) × 1 month = 300.00 yuan"),
])
def test_a_monthly_grant_worked_out_from_a_choice_of_monthly_rates_says_the_rate_a_month(lang: str, working: str):
    """`(if today <= 2027-02-28 then 300 yuan/month else 200 yuan/month) * 1 month`: the working said the rate
    chosen as the year it comes to, `(3,600.00 元/年) × 1 个月 = 300.00 元`, heard as a year's figure paid for a month.
    It says the month's rate the grant's amount is worked out from, as a rate named in it is said."""
    from tests.helpers import STEPPED_SUBSIDIES

    tree = explain(decide(_stepped(STEPPED_SUBSIDIES[1]), _TEKUN_AT_82, "2026-12-15"), lang)
    grant = next(g for g in tree["assistance"] if g["id"] == "heating_subsidy")
    assert grant["working"].endswith(working), grant["working"]
    assert "3,600.00" not in grant["working"]


@pytest.mark.parametrize("lang, working", [
    ("zh", "计算：(若评估日期 ≤ 2027-02-28，则 300 元/月，否则 200 元/月) × 1 个月 = (300.00 元/月) × 1 个月 = "
           "300.00 元\n"),
    ("en", "worked out: (if evaluation date ≤ 2027-02-28, then 300 yuan/month, otherwise 200 yuan/month) × 1 month = "
           "(300.00 yuan/month) × 1 month = 300.00 yuan\n"),
], ids=["zh", "en"])
def test_a_choice_of_amounts_in_words_reads_aloud_with_its_pause_and_spaces(lang: str, working: str):
    """`if today <= 2027-02-28 then 300 yuan/month else 200 yuan/month`: the words ran the condition into the amount
    it gives, `若评估日期 ≤ 2027-02-28则300 元/月，否则200 元/月`, with no pause before `则` and no space between a word
    and a number, as every other line sets them (`在 1（含）`); English said `else`. A comma before `then`, a space
    before a number, and `otherwise`."""
    from engine.render import render_text
    from tests.helpers import STEPPED_SUBSIDIES

    tree = explain(decide(_stepped(STEPPED_SUBSIDIES[1]), _TEKUN_AT_82, "2026-12-15"), lang)
    assert working in render_text(tree)


def _returning_with(written: str, instead: str) -> Any:
    """The policy of grants given again with `written`, which it must hold once, written `instead`."""
    from tests.helpers import policy_from_text

    text = (ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml").read_text(encoding="utf-8")
    assert text.count(written) == 1, written
    return policy_from_text(text.replace(written, instead))


@pytest.mark.parametrize("lang, why", [
    ("zh", "未给予，因为年满 60 周岁的成员数 0 = 0（不满足：须不为 0）；没有成员年满 70 周岁"),
    ("en", "not given, because number of members aged 60 or over (0) = 0 (not met: it must not be 0); "
           "no member is aged 70 or over"),
], ids=["zh", "en"])
def test_a_failed_comparison_with_not_equal_among_the_reasons_says_what_it_must_be(lang: str, why: str):
    """`count(members where age >= 60) != 0` that fails was said `0 = 0`, a fact that holds heard as no reason; it
    says what it must be, as a failed `<` does."""
    policy = _returning_with("age >= 60) == 1", "age >= 60) != 0")
    tree = explain(decide(policy, household([{"id": "p1", "relation": "head", "birth_date": "1980-05-01"}]),
                          "2026-12-15"), lang)
    assert [a["why"] for a in tree["withheld"] if a["id"] == "elder_subsidy"] == [why]


# one comparison failed alone (a clause of its own) and as a part of a clause of two conditions (`and`): what it
# must be, by its operator, in the words each language says it with, and the value on the left
_MUST_BE = [
    ("today <= 2027-01-31", "评估日期 2027-02-15 > 2027-01-31", "须不超过 2027-01-31",
     "evaluation date 2027-02-15 > 2027-01-31", "must be at most 2027-01-31"),
    ("count(members where age >= 60) == 1", "年满 60 周岁的成员数 0 < 1", "须为 1",
     "number of members aged 60 or over (0) < 1", "must be 1"),
    ("count(members where age >= 60) != 0", "年满 60 周岁的成员数 0 = 0", "须不为 0",
     "number of members aged 60 or over (0) = 0", "must not be 0"),
]


@pytest.mark.parametrize("test, zh_said, zh_must, en_said, en_must", _MUST_BE, ids=["<=", "==", "!="])
def test_a_failed_comparison_says_what_it_must_be_in_one_wording_alone_and_as_a_part(
        test: str, zh_said: str, zh_must: str, en_said: str, en_must: str):
    """A failed clause of one comparison said what it must be as `（须为0）`, and a failed part of a yes/no rule as
    `（不满足：须等于 1）`: two wordings of one meaning, one of them without the space every figure of an explanation
    has before it (`须不超过 59 岁`), and in English `(must be 0)` against `(not met: it must be exactly 1)`,
    `(must not be 0)` against `(not met: it must be other than 0)`. A date compared alone was even said as what it
    must equal (`2027-02-15 > 2027-01-31（须为2027-01-31）`), where it must be at most that day. Alone and as a part,
    a failed comparison says it in the same words, a space before the figure."""
    from engine.render import render_text

    rules = (_HAS_MEMBERS + f"      - {{id: alone, label: {{zh: 甲, en: first}}, test: '{test}'}}\n"
             f"      - {{id: part, label: {{zh: 乙, en: second}}, test: 'count(members) > 0 and {test}'}}\n")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1980-05-01"}])
    policy = _returning_with(_HAS_MEMBERS, rules)
    for lang, said, must, alone, part in (("zh", zh_said, zh_must, "甲：", "乙："),
                                          ("en", en_said, en_must, "first: ", "second: ")):
        text = render_text(explain(decide(policy, data, "2027-02-15"), lang))
        lines = {label: next(line for line in text.splitlines() if f"✘ {label}" in line) for label in (alone, part)}
        if lang == "zh":
            assert f"✘ {alone}{said}（{must}）  [" in lines[alone], text
            assert f"；{said}（不满足：{must}） → " in lines[part], text
        else:
            assert f"✘ {alone}{said} ({must})  [" in lines[alone], text
            assert f"; {said} (not met: it {must}) → " in lines[part], text


@pytest.mark.parametrize("lang, said", [
    ("zh", "至 2027-06-19（民政；补贴标准：测试文件 一）；p2 将于 2027-06-20 年满 60 周岁，"
           "届时不再符合这一措施的条件；"),
    ("en", "until 2027-06-19 (civil affairs; subsidy standard: 测试文件 一); p2 will turn 60 on 2027-06-20, and "
           "from that day the conditions"),
], ids=["zh", "en"])
def test_the_brief_says_a_birthday_that_ends_a_grant_of_a_member_named_by_id_with_a_space(lang: str, said: str):
    """A policy that describes no member: the brief named the member whose birthday ends a grant by id, run into the
    words after it, `p2将于 2027-06-20`, as a description runs on (`配偶（59岁）将于`), while the explanation
    says `p2 将于`. An id keeps its space."""
    from engine.brief import render_brief

    policy = _returning_with("  member_description: {zh: '{relation}，{age}岁', en: '{relation}, aged {age}'}\n", "")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1957-09-10"},
                      {"id": "p2", "relation": "spouse", "birth_date": "1967-06-20"}])
    brief = render_brief(explain(decide(policy, data, "2026-12-15"), lang))
    assert said in brief, brief


# the elder subsidy paid 300.00 a month to 2027-01-15 and 200.00 after: a date changes its amount before it first stops
_ELDER_STEPPED = ("any(members where age >= 70))\n    amount: subsidy_standard * 1 month",
                  "any(members where age >= 70))\n    amount: (if today <= 2027-01-15 then 300 yuan/month else 200 "
                  "yuan/month) * 1 month")


@pytest.mark.parametrize("lang, hints, brief", [
    ("zh", ["2027-01-16 起金额改为 200.00 元/月，至 2027-01-31", "2027-04-01 起再次给予，至 2027-06-19",
            "p2 将于 2027-06-20 年满 60 周岁，届时不再符合这一措施的条件",
            "p1 将于 2027-09-10 年满 70 周岁，届时再次给予",
            "一年内发放 8 个月，共 1,800.00 元（300.00 元 × 2 个月 + 200.00 元 × 6 个月）"],
     "老年补贴：300.00 元/月，至 2027-01-15（民政）；2027-01-16 起金额改为 200.00 元/月，至 2027-01-31；"
     "2027-04-01 起再次给予，至 2027-06-19；配偶（59岁）将于 2027-06-20 年满 60 周岁，届时不再符合这一措施的条件；"
     "户主（69岁）将于 2027-09-10 年满 70 周岁，届时再次给予；一年内发放 8 个月，共 1,800.00 元（300.00 元 × 2 个月 + "
     "200.00 元 × 6 个月）\n"),
    ("en", ["from 2027-01-16 the amount is 200.00 yuan/month, until 2027-01-31",
            "given again from 2027-04-01, until 2027-06-19",
            "p2 will turn 60 on 2027-06-20, and from that day the conditions of this measure are no longer met",
            "p1 will turn 70 on 2027-09-10, and from that day it is given again",
            "paid for 8 months of the year, 1,800.00 yuan in all (300.00 yuan × 2 months + 200.00 yuan × 6 months)"],
     "elder subsidy: 300.00 yuan/month, until 2027-01-15 (civil affairs); from 2027-01-16 the amount is 200.00 "
     "yuan/month, until 2027-01-31; given again from 2027-04-01, until 2027-06-19; spouse (aged 59) will turn 60 on "
     "2027-06-20, and from that day the conditions of this measure are no longer met; head of household (aged 69) "
     "will turn 70 on 2027-09-10, and from that day it is given again; "
     "paid for 8 months of the year, 1,800.00 yuan in all (300.00 yuan × 2 months + 200.00 yuan × 6 months)\n"),
], ids=["zh", "en"])
def test_a_grant_whose_amount_a_date_changes_says_its_returns_and_end_in_time_order(
        lang: str, hints: list[str], brief: str):
    """300.00 a month to 2027-01-15, 200.00 after, paid while the window is open (to 2027-01-31, again from
    2027-04-01), ended by the spouse's 60th birthday on 2027-06-20 and given back by the head's 70th on 2027-09-10:
    `--explain` and `--brief` said the birthday that ends it before the return from 2027-04-01, heard as ending it
    before it was given again. After the change of amount, the returns up to the day the birthday stops it, the
    birthday, the returns after it: in the order of the days, in both."""
    from engine.brief import render_brief
    from engine.render import render_text

    data = household([{"id": "p1", "relation": "head", "birth_date": "1957-09-10"},
                      {"id": "p2", "relation": "spouse", "birth_date": "1967-06-20"}])
    tree = explain(decide(_returning_with(*_ELDER_STEPPED), data, "2026-12-15"), lang)
    lines = render_text(tree).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  • " + ("老年补贴" if lang == "zh" else "elder")))
    block = list(itertools.takewhile(lambda line: line.startswith("      "), lines[at + 1:]))
    assert [line.removeprefix("      → ") for line in block if line.startswith("      → ")] == hints
    said = render_brief(tree)
    assert brief in said, said


@pytest.mark.parametrize("lang, sentence, brief", [
    ("zh", "发放至 2027-01-31，2027-04-01 起再次给予，至本政策到期日 2027-04-30，届时按新政策认定",
     "季节补贴：200.00 元/月，至 2027-01-31，2027-04-01 起再次给予，至本政策到期日 2027-04-30，"
     "届时按新政策认定（民政；"),
    ("en", "paid until 2027-01-31, and given again from 2027-04-01, until 2027-04-30, when this policy ends, and a new "
           "policy decides from then",
     "seasonal subsidy: 200.00 yuan/month, until 2027-01-31, and again from 2027-04-01, until 2027-04-30, when this "
     "policy ends, and a new policy decides from then (civil affairs; "),
], ids=["zh", "en"])
def test_a_grant_given_again_says_the_policy_that_ends_after_its_last_return(lang: str, sentence: str, brief: str):
    """The policy ends on 2027-04-30, a month after the grant is given again from 2027-04-01: `2027-04-01 起再次给予`
    was heard as paid from then on, while this policy pays it to its end and a new one decides after. The last day is
    said as a grant that ends with the policy says it (`至本政策到期日 …，届时按新政策认定`); the JSON has it as
    `last_until`, with `policy_ends`."""
    from engine.brief import render_brief
    from engine.render import render_text

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    policy = _returning_with("effective: {from: 2026-01-01}", "effective: {from: 2026-01-01, to: 2027-04-30}")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1980-05-01"}])
    tree = explain(decide(policy, data, "2026-12-15"), lang)
    jsonschema.validate(tree, schema)
    grant = next(g for g in tree["assistance"] if g["id"] == "seasonal_subsidy")
    assert grant["given_again"] == {"date": "2027-04-01", "until": "2027-01-31", "last_until": "2027-04-30",
                                    "policy_ends": True, "sentence": sentence}
    assert f"      → {sentence}\n" in render_text(tree)
    said = render_brief(tree)
    assert brief in said, said


# a resident household is asked, besides having members, conditions on its members' ages, a number of months and a
# choice of numbers: each is read aloud in words
_HAS_MEMBERS = "      - {id: members, label: {zh: 有家庭成员, en: has members}, test: count(members) > 0}\n"
_READ_ALOUD = _HAS_MEMBERS + (
    "      - {id: elder, label: {zh: 甲, en: first}, test: any(members where age >= 70)}\n"
    "      - {id: adults, label: {zh: 乙, en: second}, test: 'all(members, age >= 18)'}\n"
    "      - {id: sixty, label: {zh: 丙, en: third}, test: count(members where age >= 60) >= 1}\n"
    "      - {id: months, label: {zh: 丁, en: fourth}, test: 'count(members) * 6 months <= 400 months'}\n"
    "      - {id: chain, label: {zh: 戊, en: fifth}, test: '(if today <= 2027-01-31 then 1 else if today <= 2027-05-31 "
    "then 2 else 3) >= 1'}\n"
    "      - {id: nested, label: {zh: 己, en: sixth}, test: '(if today <= 2027-05-31 then (if today <= 2027-01-31 then "
    "1 else 2) else 3) >= 1'}\n")


def _read_aloud(lang: str) -> tuple[str, str]:
    """The explanation and the brief of a head of household aged 76 under `_READ_ALOUD`."""
    from engine.brief import render_brief
    from engine.render import render_text

    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"}])
    tree = explain(decide(_returning_with(_HAS_MEMBERS, _READ_ALOUD), data, "2026-12-15"), lang)
    return render_text(tree), render_brief(tree)


@pytest.mark.parametrize("lang, text_says, brief_says, symbols", [
    ("zh", ["✔ 甲：有成员年满 70 周岁 → 符合", "有成员年满 70 周岁 = 是（p1）",
            "✔ 乙：所有成员年满 18 周岁 → 符合",
            "✔ 丙：年满 60 周岁的成员数 1 = 1", "年满 60 周岁的成员数 = 1（p1）"],
     ["年满 60 周岁的成员数 1，正好等于 1"], "年龄（周岁） ≥"),
    ("en", ["✔ first: a member is aged 70 or over → condition met", "a member is aged 70 or over = yes (p1)",
            "✔ second: every member is aged 18 or over → condition met",
            "✔ third: number of members aged 60 or over (1) = 1", "number of members aged 60 or over = 1 (p1)"],
     ["number of members aged 60 or over (1) is exactly 1"], "age in full years ≥"),
], ids=["zh", "en"])
def test_a_condition_on_members_ages_that_holds_and_a_count_of_members_of_an_age_are_said_in_words(
        lang: str, text_says: list[str], brief_says: list[str], symbols: str):
    """A member's age compared with a number was said as it is heard only where no member was of it (`没有成员年满 70
    周岁`); where one was, and in a count of members, the rule's symbols were read: `有成员年龄（周岁） ≥ 70`,
    `number of members (age in full years ≥ 60)`. Both are said in words, as the reason that fails says them."""
    text, brief = _read_aloud(lang)
    for said in text_says:
        assert said in text, text
    for said in brief_says:
        assert said in brief, brief
    assert symbols not in text + brief, text + brief


_SCHOOL = {"zh": "在读学段为“学前教育”、“义务教育”、“高中阶段”或“高等教育”",
           "en": "level of schooling is “preschool”, “compulsory education”, “senior high school” or "
                 "“higher education”"}


_EITHER_WAY_ROUND = _HAS_MEMBERS + (
    "      - {id: elder, label: {zh: 甲, en: first}, test: any(members where 70 <= age)}\n"
    "      - {id: sixty, label: {zh: 丙, en: third}, test: count(members where 60 <= age) >= 1}\n"
    "      - {id: child, label: {zh: 庚, en: seventh}, test: any(members where 16 > age)}\n"
    "      - {id: working, label: {zh: 辛, en: eighth}, test: count(members where age >= 16 and age <= 59) == 0}\n")


@pytest.mark.parametrize("lang, unable, said", [
    ("zh", "年满 60 周岁 或 未满 16 周岁 或 （未满 18 周岁 且 " + _SCHOOL["zh"] + "）",
     ["✔ 甲：有成员年满 70 周岁 → 符合", "✔ 丙：年满 60 周岁的成员数 1 = 1", "✘ 庚：没有成员未满 16 周岁 → 不符合",
      "✔ 辛：成员数（年满 16 周岁 且 不超过 59 周岁） 0 = 0"]),
    ("en", "aged 60 or over or under 16 or (aged under 18 and " + _SCHOOL["en"] + ")",
     ["✔ first: a member is aged 70 or over → condition met", "✔ third: number of members aged 60 or over (1) = 1",
      "✘ seventh: no member is aged under 16 → condition not met",
      "✔ eighth: number of members (aged 16 or over and 59 or under) (0) = 0"]),
], ids=["zh", "en"])
def test_a_members_age_compared_with_a_number_is_said_as_it_is_heard_in_any_condition_either_way_round(
        lang: str, unable: str, said: list[str]):
    """A member's definition read its ages as symbols, `年龄（周岁） ≥ 60 或 年龄（周岁） < 16 或 …` / `age in full
    years ≥ 60 or …`, while a count of members of an age said them in words; and `70 <= age`, the number written
    first, was read as symbols everywhere (`有成员70 ≤ 年龄（周岁）`). Every condition says an age as it is heard,
    written either way round; in English an age right after another is not said `aged` again (`aged 60 or over or
    under 16`)."""
    from engine.render import render_text

    member = UNABLE_ZH + "（p1）" if lang == "zh" else UNABLE_EN + " (p1)"
    assert f"{member} = {unable}" in render_text(tree("DS-0005", lang))
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"}])
    text = render_text(explain(decide(_returning_with(_HAS_MEMBERS, _EITHER_WAY_ROUND), data, "2026-12-15"), lang))
    for words in said:
        assert words in text, text
    assert "≤" not in text and "≥" not in text, text


@pytest.mark.parametrize("lang, holds, fails", [
    ("zh", "✔ 乙：所有成员年满 18 周岁 → 符合", "✘ 乙：有成员未满 18 周岁 → 不符合"),
    ("en", "✔ second: every member is aged 18 or over → condition met",
     "✘ second: a member is aged under 18 → condition not met"),
], ids=["zh", "en"])
def test_every_member_of_an_age_is_said_as_a_sentence_whether_or_not_it_holds(lang: str, holds: str, fails: str):
    """`all(members, age >= 18)` was said as a quoted yes/no, `“所有成员年满 18 周岁”：是 → 符合`, and where it failed
    `不符合“所有成员年满 18 周岁”这一条件`, while `any` is said as a sentence either way (`没有成员年满 70 周岁 →
    不符合`). It is said as one too: where it fails, by the age a member is of (`有成员未满 18 周岁`)."""
    from engine.render import render_text

    text, _ = _read_aloud(lang)
    assert holds in text, text
    rules = _HAS_MEMBERS + "      - {id: adults, label: {zh: 乙, en: second}, test: 'all(members, age >= 18)'}\n"
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "2015-01-01"}])
    text = render_text(explain(decide(_returning_with(_HAS_MEMBERS, rules), data, "2026-12-15"), lang))
    assert fails in text, text


@pytest.mark.parametrize("lang, said, not_said", [
    ("en", "✘ no house besides the one lived in: houses owned besides the one lived in (1) > 0 (must be 0)",
     "lived in 1 > 0"),
    ("zh", "✘ 无自住房以外的房产：自住房以外的房产套数 1 > 0（须为 0）", "套数（1）"),
    ("en", "✘ no motor vehicle: motor vehicles (except mobility vehicles for disabled persons) (1) > 0 (must be 0)",
     "persons) 1"),
    ("zh", "✘ 无机动车辆：机动车辆数（残疾人功能性补偿代步车除外） 1 > 0（须为 0）", "除外）（1）"),
], ids=["en", "zh", "en-bracket", "zh-bracket"])
def test_a_value_after_words_that_end_in_a_preposition_is_set_apart(lang: str, said: str, not_said: str):
    """`houses owned besides the one lived in 1 > 0` is heard as “lived in 1”: the value is set apart in brackets,
    as after a count of members of an age (`number of members aged 60 or over (1)`). The Chinese ends in the count,
    `自住房以外的房产套数 1`, and stays. So is the value after an English label that ends in a bracket of its own,
    `motor vehicles (except mobility vehicles for disabled persons) 1 > 0`, heard as “disabled persons 1”; a Chinese
    bracket ends in what closes it (`…除外）`), which no value after it is heard as part of."""
    from engine.render import render_text

    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0007-*.json")).read_text(encoding="utf-8"))
    data["assets"]["extra_houses"] = 1
    policy, when = load_policy(ROOT / "policy" / "2024-transition.yaml")[0], datetime.date(2025, 6, 1)
    text = render_text(explain(evaluate(policy, validate_household(data, policy, "h.json", today=when), when), lang))
    assert said in text, text
    assert not_said not in text, text


def _with_retirement_age(rules: str) -> Any:
    """The policy of grants given again with `rules` after its condition that the household has members, and a
    parameter `retirement_age` of 60."""
    from tests.helpers import policy_from_text

    text = (ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml").read_text(encoding="utf-8")
    assert text.count(_HAS_MEMBERS) == 1 and text.count("parameters:\n") == 1
    retirement = "  retirement_age:\n    value: 60\n    label: {zh: 退休年龄, en: retirement age}\n    source: doc 一\n"
    return policy_from_text(text.replace(_HAS_MEMBERS, _HAS_MEMBERS + rules)
                            .replace("parameters:\n", "parameters:\n" + retirement))


@pytest.mark.parametrize("lang, elder_and_adult, adult", [
    ("zh", ["✔ 甲：有成员年满 60 周岁 或 未满 16 周岁 → 符合",
            "✘ 乙：有成员未满 60 周岁 且 年满 16 周岁 → 不符合",
            "✔ 丙：有成员年满 60 周岁（退休年龄） 或 未满 16 周岁 → 符合"],
     ["✘ 甲：没有成员年满 60 周岁 或 未满 16 周岁 → 不符合",
      "✔ 丁：所有成员年满 18 周岁 且 不超过 59 周岁 → 符合"]),
    ("en", ["✔ first: a member is aged 60 or over or under 16 → condition met",
            "✘ second: a member is aged under 60 and 16 or over → condition not met",
            "✔ third: a member is aged 60 or over (retirement age) or aged under 16 → condition met"],
     ["✘ first: no member is aged 60 or over or under 16 → condition not met",
      "✔ fourth: every member is aged 18 or over and 59 or under → condition met"]),
], ids=["zh", "en"])
def test_members_of_one_age_or_another_are_said_as_a_sentence(lang: str, elder_and_adult: list[str],
                                                              adult: list[str]):
    """`any(members where age >= 60 or age < 16)` read in English `a member aged 60 or over or under 16`, without the
    verb a single age has (`a member is aged 70 or over`), and so did `all` and `no member`: a condition on members
    that begins with an age is said as a sentence too."""
    from engine.render import render_text

    policy = _with_retirement_age(
        "      - {id: a, label: {zh: 甲, en: first}, test: any(members where age >= 60 or age < 16)}\n"
        "      - {id: b, label: {zh: 乙, en: second}, test: 'all(members, age >= 60 or age < 16)'}\n"
        "      - {id: c, label: {zh: 丙, en: third}, test: any(members where age >= retirement_age or age < 16)}\n"
        "      - {id: d, label: {zh: 丁, en: fourth}, test: 'all(members, age >= 18 and age <= 59)'}\n")
    for births, said in ((["1950-01-01", "1990-01-01"], elder_and_adult), (["1990-01-01"], adult)):
        data = household([{"id": f"p{i}", "relation": "head" if i == 1 else "child", "birth_date": born}
                          for i, born in enumerate(births, 1)])
        text = render_text(explain(decide(policy, data, "2026-12-15"), lang))
        for line in said:
            assert line in text, text
        assert "member aged" not in text, text


@pytest.mark.parametrize("lang, said", [
    ("zh", ["✘ 乙：有成员未满 60 周岁 且 年满 16 周岁 → 不符合", "✘ 丁：有成员未满 18 周岁 或 超过 59 周岁 → 不符合",
            "✘ 戊：有成员未满 60 周岁（退休年龄） 且 年满 16 周岁 → 不符合"]),
    ("en", ["✘ second: a member is aged under 60 and 16 or over → condition not met",
            "✘ fourth: a member is aged under 18 or over 59 → condition not met",
            "✘ fifth: a member is aged under 60 (retirement age) and aged 16 or over → condition not met"]),
], ids=["zh", "en"])
def test_every_member_of_several_ages_that_fails_is_said_by_the_age_a_member_is_of(lang: str, said: list[str]):
    """`all(members, age >= 60 or age < 16)` that failed was quoted, `the condition “every member is aged 60 or over
    or under 16” is not met`, while one age that fails is said by the age a member is of (`a member is aged under
    18`): several are too, each age turned and `and` / `or` swapped, as what holds of that member."""
    from engine.render import render_text

    policy = _with_retirement_age(
        "      - {id: b, label: {zh: 乙, en: second}, test: 'all(members, age >= 60 or age < 16)'}\n"
        "      - {id: d, label: {zh: 丁, en: fourth}, test: 'all(members, age >= 18 and age <= 59)'}\n"
        "      - {id: e, label: {zh: 戊, en: fifth}, test: 'all(members, age >= retirement_age or age < 16)'}\n")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "1990-01-01"}])
    text = render_text(explain(decide(policy, data, "2026-12-15"), lang))
    for line in said:
        assert line in text, text
    assert "“every member" not in text and "“所有成员" not in text, text


_BY_RELATION = (
    "      - {id: a, label: {zh: 甲, en: first}, test: 'any(members where relation == \"head\")'}\n"
    "      - {id: b, label: {zh: 乙, en: second}, test: 'all(members, relation == \"head\")'}\n"
    "      - {id: c, label: {zh: 丙, en: third}, test: 'any(members where relation == \"spouse\")'}\n"
    "      - {id: d, label: {zh: 丁, en: fourth}, test: 'any(members where age >= 60 and relation == \"head\")'}\n"
    "      - {id: e, label: {zh: 戊, en: fifth}, test: 'any(members where relation == \"head\" and age >= 60)'}\n"
    "      - {id: f, label: {zh: 己, en: sixth}, test: 'all(members, age >= 60 or relation == \"spouse\")'}\n"
    "      - {id: g, label: {zh: 庚, en: seventh}, test: 'any(members where birth_date < 1960-01-01)'}\n"
    "      - {id: h, label: {zh: 辛, en: eighth}, test: 'all(members, age * 12 >= 600)'}\n")


@pytest.mark.parametrize("lang, said", [
    ("zh", ["✔ 甲：有成员与户主关系为“户主” → 符合", "有成员与户主关系为“户主” = 是（p1）",
            "✘ 乙：不符合“所有成员与户主关系为户主”这一条件", "✘ 丙：没有成员与户主关系为“配偶” → 不符合",
            "✔ 丁：有成员年满 60 周岁 且 与户主关系为“户主” → 符合",
            "✔ 戊：有成员与户主关系为“户主” 且 年满 60 周岁 → 符合",
            "✘ 己：不符合“所有成员年满 60 周岁 或 与户主关系为配偶”这一条件",
            "✔ 庚：有成员出生日期 < 1960-01-01 → 符合", "✘ 辛：不符合“所有成员年龄（周岁） × 12 ≥ 600”这一条件"]),
    ("en", ["✔ first: a member's relation to the head is “head of household” → condition met",
            "a member's relation to the head is “head of household” = yes (p1)",
            "✘ second: the condition “every member's relation to the head is ‘head of household’” is not met",
            "✘ third: no member's relation to the head is “spouse” → condition not met",
            "✔ fourth: a member is aged 60 or over and their relation to the head is “head of household” → "
            "condition met",
            "✔ fifth: a member's relation to the head is “head of household” and they are aged 60 or over → "
            "condition met",
            "✘ sixth: the condition “every member is aged 60 or over or their relation to the head is ‘spouse’” is "
            "not met",
            "✔ seventh: a member's birth date < 1960-01-01 → condition met",
            "✘ eighth: the condition “every member's age in full years × 12 ≥ 600” is not met"]),
], ids=["zh", "en"])
def test_a_condition_on_members_that_begins_with_a_label_is_said_as_a_sentence(lang: str, said: list[str]):
    """`any(members where relation == "head")` read in English `a member relation to the head is “head of
    household”`, a label run on after `a member` with no verb between them, and so did `every member`, `no member`
    and a label after an age (`a member is aged 60 or over and relation to the head is …`): the label is the
    member's (`a member's relation to the head is …`, `… and their relation to the head is …`), an age after it theirs
    (`… and they are aged 60 or over`). The Chinese reads as a sentence already (`有成员与户主关系为“户主”`)."""
    from engine.render import render_text

    policy = _with_retirement_age(_BY_RELATION)
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "1990-01-01"}])
    text = render_text(explain(decide(policy, data, "2026-12-15"), lang))
    for line in said:
        assert line in text, text
    assert "member relation" not in text and "member birth" not in text and "member age" not in text, text


def test_a_value_within_a_condition_quoted_is_said_without_its_own_quotes():
    # `不符合“所有成员与户主关系为“户主””这一条件`: quotes within quotes, heard as two conditions; where the condition
    # is not quoted its value keeps them
    from engine.brief import render_brief
    from engine.render import render_text

    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "1990-01-01"}])
    tree = explain(decide(_with_retirement_age(_BY_RELATION), data, "2026-12-15"), "zh")
    lines = [line.strip().partition("  [")[0] for line in render_text(tree).splitlines()]
    assert "✘ 乙：不符合“所有成员与户主关系为户主”这一条件" in lines, lines
    assert "✘ 己：不符合“所有成员年满 60 周岁 或 与户主关系为配偶”这一条件" in lines, lines
    assert "✔ 甲：有成员与户主关系为“户主” → 符合" in lines and "✘ 丙：没有成员与户主关系为“配偶” → 不符合" in lines
    brief = render_brief(tree)
    assert "“所有成员年满 60 周岁 或 与户主关系为配偶”：否。" in brief, brief
    for line in (*lines, *brief.splitlines()):
        for quoted in re.findall("“[^”]*”", line):
            assert quoted.count("“") == 1, (quoted, line)


def test_a_value_within_a_condition_quoted_in_english_is_in_single_quotes():
    # `the condition “every member's relation to the head is “spouse”” is not met`: double quotes within double
    # quotes; English says a quote within a quote in single ones, and where the condition is not quoted its value
    # keeps its double quotes
    from engine.brief import render_brief
    from engine.render import render_text

    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "1990-01-01"}])
    tree = explain(decide(_with_retirement_age(_BY_RELATION), data, "2026-12-15"), "en")
    text, brief = render_text(tree), render_brief(tree)
    assert "the condition “every member's relation to the head is ‘head of household’” is not met" in text, text
    assert "no member's relation to the head is “spouse” → condition not met" in text, text
    assert "“Every member is aged 60 or over or their relation to the head is ‘spouse’”: no." in brief, brief
    for said in (text, brief):
        assert "””" not in said and "““" not in said, said
        for quoted in re.findall("“[^”]*”", said):
            assert quoted.count("“") == 1, quoted


# a household category whose Chinese label quotes words of its own, and conditions that name it in quotes
_QUOTING_LABEL = """
  - id: ensured
    level: household
    label: {zh: 落实“两不愁三保障”, en: “two assurances” in place}
    when:
      - {id: many, label: {zh: 子, en: many}, test: count(members) > 5}
  - id: quoting
    level: household
    label: {zh: 引用测试, en: quoting}
    when:
      - {id: b, label: {zh: 乙, en: second}, test: not ensured}
      - {id: c, label: {zh: 丙, en: third}, test: 'all(members, ensured or age >= 90)'}
      - {id: d, label: {zh: 丁, en: fourth}, test: ensured}
"""


@pytest.mark.parametrize("lang, said", [
    ("zh", ["✔ 乙：“落实‘两不愁三保障’”：否 → 符合",
            "✘ 丙：不符合“所有成员年满 90 周岁 或 本户属于落实‘两不愁三保障’”这一条件",
            "✘ 丁：不符合“落实‘两不愁三保障’”这一条件"]),
    ("en", ["✔ second: “‘two assurances’ in place”: no → condition met",
            "✘ third: the condition “every member is aged 90 or over or the household is ‘“two assurances” in place’” "
            "is not met"]),
], ids=["zh", "en"])
def test_a_label_that_quotes_words_of_its_own_keeps_them_in_single_quotes_where_its_condition_is_quoted(
        lang: str, said: list[str]):
    """A label `落实“两不愁三保障”` lost its quotes where its condition is quoted (`不符合“落实两不愁三保障”这一
    条件`), and where it is a category within a quoted condition lost them but kept those the explanation puts
    around a category (`“所有成员属于“落实两不愁三保障” 或 …”`): its quotes are a quote within a quote,
    `‘两不愁三保障’`, and the explanation's own are dropped as before."""
    from engine.render import render_text
    from tests.helpers import policy_from_text

    text = (ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml").read_text(encoding="utf-8")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "2015-01-01"}])
    tree = explain(decide(policy_from_text(text.replace("departments:\n", _QUOTING_LABEL.lstrip("\n")
                                                        + "departments:\n")), data, "2026-12-15"), lang)
    lines = [line.strip().partition("  [")[0] for line in render_text(tree).splitlines()]
    for line in said:
        assert line in lines, lines


# a measure given only to the category whose label quotes words of its own, and a condition whose label does
_QUOTING_MEASURE = """
  - id: ensured_grant
    department: civil_affairs
    per: month
    label: {zh: 保障补贴, en: assurance grant}
    when: ensured
    amount: subsidy_standard * 1 month
"""
# two categories of a group, the first quoting words of its own, which the second gives way to
_QUOTING_GROUP = """
  - id: first_tier
    level: household
    group: tier
    label: {zh: 首先“一档”, en: “first” tier}
    when:
      - {id: anyone, label: {zh: 有人, en: anyone}, test: count(members) > 0}
  - id: second_tier
    level: household
    group: tier
    label: {zh: 二档, en: second tier}
    when:
      - {id: anyone, label: {zh: 有人, en: anyone}, test: count(members) > 0}
"""


@pytest.mark.parametrize("lang, said", [
    ("zh", ["所有成员年满 90 周岁 或 本户属于“落实‘两不愁三保障’” = 否", "该家庭不属于“落实‘两不愁三保障’”",
            "“落实‘三保障’”", "同组中优先的“首先‘一档’”"]),
    ("en", ["every member is aged 90 or over or the household is “‘two assurances’ in place” = no",
            "the household is not “‘two assurances’ in place”", "“‘three’ assured”", "because “‘first’ tier” comes"]),
], ids=["zh", "en"])
def test_a_label_that_quotes_words_of_its_own_keeps_them_in_single_quotes_where_the_explanation_quotes_it(
        lang: str, said: list[str]):
    """Where the explanation or the brief puts quotes around a label that quotes words of its own, outside a quoted
    condition, they nested double quotes (`该家庭不属于“落实“两不愁三保障””`, `the household is ““two assurances” in
    place”`); the label's own quotes are a quote within a quote, `‘两不愁三保障’`, as within a quoted condition."""
    from engine.brief import render_brief
    from engine.render import render_text
    from tests.helpers import policy_from_text

    text = (ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml").read_text(encoding="utf-8")
    rules = _QUOTING_LABEL.replace("{zh: 丁, en: fourth}", "{zh: 落实“三保障”, en: “three” assured}") + _QUOTING_GROUP
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "2015-01-01"}])
    policy = policy_from_text(text.replace("departments:\n", rules.lstrip("\n") + "departments:\n")
                              + _QUOTING_MEASURE.lstrip("\n"))
    tree = explain(decide(policy, data, "2026-12-15"), lang)
    out = render_text(tree) + "\n" + render_brief(tree)
    for words in said:
        assert words in out, out
    assert quotes_nested_alike(out) == []  # each quote within a quote in the other kind of quotes


# a household category of conditions on members that name the household's own category among theirs
_HOUSEHOLD_CATEGORY_OF_MEMBERS = """
  - id: elders
    level: household
    label: {zh: 老人户, en: elders}
    when:
      - {id: a, label: {zh: 甲, en: first}, test: any(members where age >= 70 and resident)}
      - {id: b, label: {zh: 乙, en: second}, test: any(members where resident and age >= 90)}
      - {id: c, label: {zh: 丙, en: third}, test: any(members where age >= 70 and not resident)}
"""


@pytest.mark.parametrize("lang, said", [
    ("zh", ["✔ 甲：有成员年满 70 周岁 且 本户属于“常住户” → 符合",
            "✘ 乙：没有成员年满 90 周岁 且 本户属于“常住户” → 不符合",
            "✘ 丙：没有成员年满 70 周岁 且 本户不属于“常住户” → 不符合"]),
    ("en", ["✔ first: a member is aged 70 or over and the household is a “resident household” → condition met",
            "✘ second: no member is aged 90 or over and the household is a “resident household” → condition not met",
            "✘ third: no member is aged 70 or over and the household is not a “resident household” → condition "
            "not met"]),
], ids=["zh", "en"])
def test_a_household_category_among_a_members_conditions_is_said_as_the_households(lang: str, said: list[str]):
    """`any(members where age >= 70 and resident)`, `resident` a category of the household, read `a member is aged
    70 or over and is a “resident household”` / `有成员年满 70 周岁 且 属于“常住户”`, the household's category heard
    as the member's: it is said as the household's, as a yes/no of the household's is (`the household owns …`)."""
    from engine.render import render_text
    from tests.helpers import policy_from_text

    text = (ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml").read_text(encoding="utf-8")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "2015-01-01"}])
    policy = policy_from_text(text.replace("departments:\n", _HOUSEHOLD_CATEGORY_OF_MEMBERS.lstrip("\n")
                                           + "departments:\n"))
    text = render_text(explain(decide(policy, data, "2026-12-15"), lang))
    lines = [line.strip().partition("  [")[0] for line in text.splitlines()]
    for line in said:
        assert line in lines, lines
    assert "and is a “resident" not in text and "且 属于“常住户”" not in text, text


# a household category of conditions on members that begin with a member category or a yes/no field, and that
# compare a field with a number written first
_MEMBERS_OF_A_KIND = """
  - id: members_of_a_kind
    level: household
    label: {zh: 成员测试, en: members of a kind}
    when:
      - {id: a, label: {zh: 甲, en: first}, test: any(members where tekun and age >= 60)}
      - {id: b, label: {zh: 乙, en: second}, test: any(members where serious_illness and age >= 60)}
      - {id: c, label: {zh: 丙, en: third}, test: any(members where age >= 60 and tekun)}
      - {id: d, label: {zh: 丁, en: fourth}, test: 'any(members where relation == "head" and not tekun)'}
      - {id: e, label: {zh: 戊, en: fifth}, test: any(members where serious_illness and tekun)}
      - {id: f, label: {zh: 己, en: sixth}, test: any(members where 3 > disability_grade)}
      - {id: g, label: {zh: 庚, en: seventh}, test: 'all(members, 2020-01-01 > birth_date and 60 <= age)'}
      - {id: h, label: {zh: 辛, en: eighth}, test: 'any(members where tekun and "head" == relation)'}
      - {id: i, label: {zh: 壬, en: ninth}, test: count(members where 4 >= disability_grade) == 0}
"""


def _members_of_a_kind(lang: str) -> tuple[str, str]:
    """The explanation and the brief under `_MEMBERS_OF_A_KIND` of a man of 82 alone, tekun, with a serious
    illness."""
    from engine.brief import render_brief
    from engine.render import render_text
    from tests.helpers import policy_from_text

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count("\n\nabolished:") == 1
    policy = policy_from_text(text.replace("\n\nabolished:", _MEMBERS_OF_A_KIND + "\nabolished:"))
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0002-*.json")).read_text(encoding="utf-8"))
    data["members"][0]["serious_illness"] = True
    tree = explain(decide(policy, data, "2026-12-15"), lang)
    return render_text(tree), render_brief(tree)


@pytest.mark.parametrize("lang, said, brief_says", [
    ("en", ["✔ first: a member is a “person in extreme poverty (tekun)” and is aged 60 or over → condition met",
            "a member is a “person in extreme poverty (tekun)” and is aged 60 or over = yes (p1)",
            "✔ second: a member has a serious illness and is aged 60 or over → condition met",
            "✔ third: a member is aged 60 or over and is a “person in extreme poverty (tekun)” → condition met",
            "✘ fourth: no member's relation to the head of household is “head of household” and they are not a "
            "“person in extreme poverty (tekun)” → condition not met",
            "✔ fifth: a member has a serious illness and is a “person in extreme poverty (tekun)” → condition met"],
     "No member's relation to the head of household is “head of household” and they are not a “person in extreme "
     "poverty (tekun)”."),
    ("zh", ["✔ 甲：有成员属于“特困人员” 且 年满 60 周岁 → 符合", "✔ 乙：有成员患重特大疾病 且 年满 60 周岁 → 符合",
            "✔ 丙：有成员年满 60 周岁 且 属于“特困人员” → 符合",
            "✘ 丁：没有成员与户主关系为“户主” 且 不属于“特困人员” → 不符合",
            "✔ 戊：有成员患重特大疾病 且 属于“特困人员” → 符合"],
     "没有成员与户主关系为“户主” 且 不属于“特困人员”。"),
], ids=["en", "zh"])
def test_a_condition_on_members_that_begins_with_a_category_or_a_yes_no_field_is_said_as_a_sentence(
        lang: str, said: list[str], brief_says: str):
    """`any(members where tekun and age >= 60)` read in English `a member “person in extreme poverty (tekun)” and
    aged 60 or over`, and after a yes/no field `a member has a serious illness and aged 60 or over`, with no verb for
    the category nor for the age: each part is said with its own verb (`is a “…” and is aged …`), as a member
    category alone is (`a member is a “…”`), and after a label as theirs (`… and they are not a “…”`). The Chinese
    reads as a sentence already (`有成员属于“特困人员” 且 年满 60 周岁`). `--brief` says it as the explanation does."""
    text, brief = _members_of_a_kind(lang)
    for line in said:
        assert line in text, text
    assert brief_says in brief, brief
    for unsaid in ("member “", "and aged", "and “person", "and not “person"):
        assert unsaid not in text, text


@pytest.mark.parametrize("lang, said", [
    ("en", ["✘ sixth: no member's disability grade (1 is the most severe) < 3 → condition not met",
            "✔ seventh: “every member's date of birth < 2020-01-01 and they are aged 60 or over”: yes → condition met",
            "✔ eighth: a member is a “person in extreme poverty (tekun)” and their relation to the head of household "
            "is “head of household” → condition met",
            "✔ ninth: number of members (disability grade (1 is the most severe) ≤ 4) (0) = 0"]),
    ("zh", ["✘ 己：没有成员残疾等级（1级最重） < 3 → 不符合",
            "✔ 庚：“所有成员出生日期 < 2020-01-01 且 年满 60 周岁”：是 → 符合",
            "✔ 辛：有成员属于“特困人员” 且 与户主关系为“户主” → 符合",
            "✔ 壬：成员数（残疾等级（1级最重） ≤ 4） 0 = 0"]),
], ids=["en", "zh"])
def test_a_field_compared_with_a_number_written_first_is_said_as_the_field_first_one_is(lang: str, said: list[str]):
    """`3 > disability_grade` was read as written, `no member 3 > disability grade …`, `没有成员3 > 残疾等级…`, with
    neither the member's field first nor, in English, the verb a field first is said with (`no member's disability
    grade … < 3`); and `"head" == relation` read `“head” = relation to the head of household`. A field compared with
    a value written first is said as the same comparison written field first is (`disability_grade < 3`, `relation
    == "head"`), as a member's age is."""
    text, _ = _members_of_a_kind(lang)
    for line in said:
        assert line in text, text
    for unsaid in ("3 >", "> 残疾", "> disability", "≤ 年龄", "≤ age", "“户主” = 与", "“head of household” = rel"):
        assert unsaid not in text, text


# household categories whose comparisons are written with the value first, and the same written field first
_WRITTEN_VALUE_FIRST = """
  - id: written_value_first
    level: household
    label: {zh: 值在前, en: value first}
    when:
      - {id: a, label: {zh: 甲, en: first}, test: 0 == assets.vehicles}
      - {id: b, label: {zh: 乙, en: second}, test: 0 < disaster_loss}
      - {id: c, label: {zh: 丙, en: third}, test: 'housing_unsafe or 0 < disaster_loss or 0 == assets.vehicles'}
      - {id: e, label: {zh: 戊, en: fifth}, test: 'water_unsafe or "D" == housing.safety_grade'}
  - id: income_written_value_first
    level: household
    label: {zh: 收入值在前, en: income value first}
    when:
      - {id: d, label: {zh: 丁, en: fourth}, test: 9000 yuan/year > per_capita_income}
"""
_WRITTEN_FIELD_FIRST = {"0 == assets.vehicles": "assets.vehicles == 0", "0 < disaster_loss": "disaster_loss > 0",
                        "9000 yuan/year > per_capita_income": "per_capita_income < 9000 yuan/year",
                        '"D" == housing.safety_grade': 'housing.safety_grade == "D"'}


def _value_first(example: str, lang: str, field_first: bool = False) -> tuple[str, str]:
    """The explanation and the brief under `_WRITTEN_VALUE_FIRST` (or, `field_first`, the same rules written field
    first, on the same lines) of an example household, without the line naming the policy file by its checksum."""
    added = _WRITTEN_VALUE_FIRST
    for value_first, written in _WRITTEN_FIELD_FIRST.items() if field_first else ():
        added = added.replace(value_first, written)
    data = json.loads(next((ROOT / "examples" / "households").glob(f"{example}-*.json")).read_text(encoding="utf-8"))
    return _explained_with(added, data, lang)


def _explained_with(added: str, data: dict[str, Any], lang: str, text: str | None = None) -> tuple[str, str]:
    """The explanation and the brief of a household under the post-transition policy (or `text`, a copy of it) with
    the categories `added`, without the line naming the policy file by its checksum."""
    from engine.brief import render_brief
    from engine.render import render_text
    from tests.helpers import policy_from_text

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8") if text is None else text
    policy = policy_from_text(text.replace("\n\nabolished:", added + "\nabolished:"))
    tree = explain(decide(policy, data, "2026-12-15"), lang)
    return tuple("\n".join(line for line in said.splitlines() if "sha256" not in line)
                 for said in (render_text(tree), render_brief(tree)))  # type: ignore[return-value]


@pytest.mark.parametrize("lang, said", [
    ("en", ["✘ first: motor vehicles (except mobility vehicles for disabled persons) (1) > 0 (must be 0)",
            "✘ second: no losses from disasters and accidents",
            "✘ fourth: annual per-capita income 26,666.67 yuan/year > 9,000.00 yuan/year, 17,666.67 yuan/year above",
            "→ this condition would be met if annual per-capita income were below 9,000.00 yuan/year (now 26,666.67 "
            "yuan/year)"]),
    ("zh", ["✘ 甲：机动车辆数（残疾人功能性补偿代步车除外） 1 > 0（须为 0）", "✘ 乙：无灾害及意外事故损失",
            "✘ 丁：家庭年人均收入 26,666.67 元/年 > 9,000.00 元/年，高 17,666.67 元/年",
            "→ 若家庭年人均收入低于 9,000.00 元/年（现为 26,666.67 元/年），这一条件即可满足"]),
], ids=["en", "zh"])
def test_a_rule_written_value_first_is_said_as_the_rule_written_field_first(lang: str, said: list[str]):
    """`test: 0 == assets.vehicles` read `0 < motor vehicles (…) (1) (must be motor vehicles (…))`, the value said
    as what is compared and the field as what it must be; `9000 yuan/year > per_capita_income` read `9,000.00 > annual
    per-capita income …, … above`, and what would make it hold asked `0` of `0.00 yuan/year`. A comparison of a
    household's value with a value written first is said, with its figures, margin and hint, as the same comparison
    written field first, in the explanation and in the brief, as a member's condition is."""
    for example in ("DS-0023", "DS-0001"):
        text, brief = _value_first(example, lang)
        assert (text, brief) == _value_first(example, lang, field_first=True)
        if example == "DS-0023":
            for line in said:
                assert line in text, text
        for unsaid in (": 0 <", "：0 <", "; 0 <", "；0 <", "0.00 yuan/year =", "0.00 元/年 =", "9,000.00 yuan/year <",
                       "9,000.00 元/年 <", "0 were", "若0", "yuan/year高于", "must be motor", "须为机动"):
            assert unsaid not in text + brief, text + brief


# a household category of comparisons written with a parameter (or a value of parameters alone) first, and the same
# written field first (the longer first, so that each is turned whole)
_PARAMETER_FIRST = """
  - id: parameter_first
    level: household
    label: {zh: 参数在前, en: parameter first}
    when:
      - {id: a, label: {zh: 甲, en: first}, test: monitoring_line > per_capita_income}
      - {id: b, label: {zh: 乙, en: second}, test: 'housing_unsafe or monitoring_line >= per_capita_income'}
      - {id: c, label: {zh: 丙, en: third}, test: any(members where dibao_standard > own_income_with_share)}
      - {id: d, label: {zh: 丁, en: fourth}, test: 2 * monitoring_line > per_capita_income}
      - {id: e, label: {zh: 戊, en: fifth}, test: marginal_line > per_capita_income}
"""
_PARAMETER_WRITTEN_LAST = {
    "2 * monitoring_line > per_capita_income": "per_capita_income < 2 * monitoring_line",
    "monitoring_line > per_capita_income": "per_capita_income < monitoring_line",
    "monitoring_line >= per_capita_income": "per_capita_income <= monitoring_line",
    "dibao_standard > own_income_with_share": "own_income_with_share < dibao_standard",
    "marginal_line > per_capita_income": "per_capita_income < marginal_line"}


def _parameter_first(run: Any, folder: Any, lang: str, field_first: bool) -> str:
    """What `policy eval --explain` and `--brief` say of DS-0023 under the post-transition policy with
    `_PARAMETER_FIRST` (or, `field_first`, the same rules written field first, on the same lines) written in `folder`,
    without the lines naming the policy file by its checksum and with its path said as `P`."""
    added = _PARAMETER_FIRST
    for written, turned in _PARAMETER_WRITTEN_LAST.items() if field_first else ():
        added = added.replace(written, turned)
    folder.mkdir()
    policy = folder / "p.yaml"
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    policy.write_text(text.replace("\n\nabolished:", added + "\nabolished:"), encoding="utf-8")
    data = next((ROOT / "examples" / "households").glob("DS-0023-*.json"))
    said = []
    for how in ("--explain", "--brief"):
        result = run("eval", data, "--policy", policy, "--date", "2026-12-15", "--lang", lang, how)
        assert result.exit_code == 0, result.output
        said.append(result.stdout.replace(str(policy), "P"))
    return "\n".join(line for line in "\n".join(said).splitlines() if "sha256" not in line)


@pytest.mark.parametrize("lang, said", [
    ("en", ["✘ first: annual per-capita income 26,666.67 yuan/year > income line for other persons in hardship "
            "(formerly the monitoring line) 7,600.00 yuan/year, 19,066.67 yuan/year above",
            "→ this condition would be met if annual per-capita income were below 7,600.00 yuan/year (now 26,666.67 "
            "yuan/year); that is, counted income below 22,800.00 yuan/year (now 80,000.00 yuan/year)",
            "(not met: it must be at most 7,600.00 yuan/year) → condition not met",
            "✔ third: a member's own income including a per-head share of the household's common income < rural "
            "minimum living standard (dibao standard) → condition met"]),
    ("zh", ["✘ 甲：家庭年人均收入 26,666.67 元/年 > 其他困难人员收入标准（原防止返贫监测收入范围） 7,600.00 元/年，"
            "高 19,066.67 元/年",
            "→ 若家庭年人均收入低于 7,600.00 元/年（现为 26,666.67 元/年），这一条件即可满足；也就是计入收入低于 "
            "22,800.00 元/年",
            "（不满足：须不超过 7,600.00 元/年） → 不符合",
            "✔ 丙：有成员本人收入（含家庭共同收入人均份额） < 农村最低生活保障标准 → 符合"]),
], ids=["en", "zh"])
def test_a_rule_written_parameter_first_is_said_as_the_rule_written_field_first(run: Any, tmp_path: Any, lang: str,
                                                                                 said: list[str]):
    """`test: monitoring_line > per_capita_income` read `income line … 7,600.00 yuan/year < annual per-capita income
    26,666.67 yuan/year, 19,066.67 yuan/year below`, and what would make it hold asked the policy's line to rise (`if
    income line … were above 26,666.67 yuan/year`) with no household total nor income as received; a member's
    `dibao_standard > own_income_with_share` read `a member's rural minimum living standard … > own income …`. A
    comparison of a household's value with a parameter, or a value of parameters alone (`2 * monitoring_line`,
    `marginal_line`), written first is said, with its figures, margin and hint, as the same comparison written field
    first, as one with a number written first is, in the explanation and in the brief."""
    text = _parameter_first(run, tmp_path / "written", lang, field_first=False)
    assert text == _parameter_first(run, tmp_path / "turned", lang, field_first=True)
    for line in said:
        assert line in text, text
    for unsaid in ("7,600.00 yuan/year <", "7,600.00 元/年 <", "were above 26,666.67", "高于 26,666.67",
                   "member's rural minimum", "有成员农村最低", "15,200.00 yuan/year <", "15,200.00 元/年 <",
                   "9,180.00 yuan/year <", "9,180.00 元/年 <"):
        assert unsaid not in text, text


# a household category of conditions on members whose parts after a label are a yes/no field, an age or a category
_AFTER_A_LABEL = """
  - id: after_a_label
    level: household
    label: {zh: 标签之后, en: after a label}
    when:
      - {id: a, label: {zh: 甲, en: first}, test: 'any(members where relation == "head" and serious_illness)'}
      - {id: b, label: {zh: 乙, en: second}, test: 'any(members where relation == "head" and not serious_illness)'}
      - id: c
        label: {zh: 丙, en: third}
        test: 'any(members where relation == "head" and serious_illness and age >= 60)'
      - {id: d, label: {zh: 丁, en: fourth}, test: 'any(members where relation == "head" and age >= 60 and tekun)'}
"""


@pytest.mark.parametrize("lang, ill, said, brief_says", [
    ("en", True, ["✔ first: a member's relation to the head of household is “head of household” and they have a "
                  "serious illness → condition met",
                  "a member's relation to the head of household is “head of household” and they have a serious "
                  "illness = yes (p1)",
                  "✘ second: no member's relation to the head of household is “head of household” and they do not have "
                  "a serious illness → condition not met",
                  "✔ third: a member's relation to the head of household is “head of household” and they have a "
                  "serious illness and they are aged 60 or over → condition met",
                  "✔ fourth: a member's relation to the head of household is “head of household” and they are aged 60 "
                  "or over and they are a “person in extreme poverty (tekun)” → condition met"],
     "No member's relation to the head of household is “head of household” and they do not have a serious illness."),
    ("en", False, ["✘ first: no member's relation to the head of household is “head of household” and they have a "
                   "serious illness → condition not met"],
     "No member's relation to the head of household is “head of household” and they have a serious illness;"),
    ("zh", True, ["✔ 甲：有成员与户主关系为“户主” 且 患重特大疾病 → 符合",
                  "✘ 乙：没有成员与户主关系为“户主” 且 并非“患重特大疾病” → 不符合",
                  "✔ 丙：有成员与户主关系为“户主” 且 患重特大疾病 且 年满 60 周岁 → 符合",
                  "✔ 丁：有成员与户主关系为“户主” 且 年满 60 周岁 且 属于“特困人员” → 符合"],
     "没有成员与户主关系为“户主” 且 并非“患重特大疾病”。"),
], ids=["en", "en-not-ill", "zh"])
def test_a_yes_no_field_after_a_label_is_said_of_the_member(lang: str, ill: bool, said: list[str], brief_says: str):
    """After a label, the member's (`a member's relation to the head is …`), a yes/no field read `… and has a serious
    illness`, its verb heard as the relation's, its opposite `… and not “has a serious illness”`, and a category after
    an age after the label `… and they are aged 60 or over and is a “…”`: each part after a label is said of them,
    `they have a serious illness`, `they do not have a serious illness`, `they are a “…”`, as an age after a label
    already is (`they are aged 60 or over`). The Chinese reads as before. `--brief` says it as the explanation does."""
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0002-*.json")).read_text(encoding="utf-8"))
    data["members"][0]["serious_illness"] = ill
    text, brief = _explained_with(_AFTER_A_LABEL, data, lang)
    for line in said:
        assert line in text, text
    assert brief_says in brief, brief
    for unsaid in ("and has a", "and not “has", "and is a", "and (has"):
        assert unsaid not in text + brief, text + brief


# a household category of conditions on members, each a yes/no value of theirs alone, after an age or after a label:
# a field, then the member-level yes/no rules of the policy, a definition whose label begins with `is` and an
# indicator whose label begins with no verb
_YES_NO = """
  - id: yes_no
    level: household
    label: {zh: 是否, en: yes or no}
    when:
      - {id: a, label: {zh: 甲, en: first}, test: 'any(members where not serious_illness)'}
      - {id: b, label: {zh: 乙, en: second}, test: 'any(members where age >= 60 and not serious_illness)'}
      - {id: c, label: {zh: 丙, en: third}, test: 'any(members where relation == "head" and serious_illness)'}
      - {id: d, label: {zh: 丁, en: fourth}, test: 'any(members where relation == "head" and not serious_illness)'}
      - {id: e, label: {zh: 戊, en: fifth}, test: 'any(members where not member_in_category)'}
      - {id: f, label: {zh: 己, en: sixth}, test: 'any(members where relation == "head" and member_in_category)'}
      - {id: g, label: {zh: 庚, en: seventh}, test: 'any(members where no_labour_capacity)'}
      - {id: h, label: {zh: 辛, en: eighth}, test: 'any(members where not no_labour_capacity)'}
      - {id: i, label: {zh: 壬, en: ninth}, test: 'any(members where relation == "head" and no_labour_capacity)'}
      - {id: j, label: {zh: 癸, en: tenth}, test: 'any(members where age >= 60 and not no_labour_capacity)'}
      - {id: k, label: {zh: 子, en: eleventh}, test: 'count(members where not serious_illness) >= 1'}
      - {id: l, label: {zh: 丑, en: twelfth}, test: 'count(members where age >= 60 and not serious_illness) >= 1'}
      - {id: m, label: {zh: 寅, en: thirteenth}, test: 'sum(members where not serious_illness, own_counted_income) > 0'}
      - {id: n, label: {zh: 卯, en: fourteenth}, test: 'count(members where not no_labour_capacity) >= 0'}
"""


@pytest.mark.parametrize("label, said", [
    ("has a serious illness", ["first: a member does not have a serious illness →",
                               "second: a member is aged 60 or over and does not have a serious illness →",
                               "third: no member's relation to the head of household is “head of household” and they "
                               "have a serious illness →",
                               "fourth: a member's relation to the head of household is “head of household” and they "
                               "do not have a serious illness →"]),
    ("lives alone", ["first: a member does not live alone →",
                     "second: a member is aged 60 or over and does not live alone →",
                     "third: no member's relation to the head of household is “head of household” and they live "
                     "alone →",
                     "fourth: a member's relation to the head of household is “head of household” and they do not "
                     "live alone →"]),
    ("is bedridden", ["first: a member is not bedridden →",
                      "second: a member is aged 60 or over and is not bedridden →",
                      "third: no member's relation to the head of household is “head of household” and they are "
                      "bedridden →",
                      "fourth: a member's relation to the head of household is “head of household” and they are not "
                      "bedridden →"]),
    ("receives a pension", ["first: a member does not receive a pension →",
                            "second: a member is aged 60 or over and does not receive a pension →",
                            "third: no member's relation to the head of household is “head of household” and they "
                            "receive a pension →",
                            "fourth: a member's relation to the head of household is “head of household” and they do "
                            "not receive a pension →"]),
    ("watches over a grandchild", ["first: a member does not watch over a grandchild →",
                                   "third: no member's relation to the head of household is “head of household” and "
                                   "they watch over a grandchild →"]),
    ("carries a debt", ["first: a member does not carry a debt →",
                        "fourth: a member's relation to the head of household is “head of household” and they do not "
                        "carry a debt →"]),
    ("lies in bed most days", ["first: a member does not lie in bed most days →"]),
    ("bedridden", ["first: a member is not bedridden →", "second: a member is aged 60 or over and is not bedridden →",
                   "third: no member's relation to the head of household is “head of household” and they are "
                   "bedridden →"]),
    ("Has a serious illness", ["first: a member does not have a serious illness →",
                               "third: no member's relation to the head of household is “head of household” and they "
                               "have a serious illness →"]),
    ("Lives alone", ["first: a member does not live alone →",
                     "fourth: a member's relation to the head of household is “head of household” and they do not "
                     "live alone →"]),
    ("Is bedridden", ["first: a member is not bedridden →",
                      "third: no member's relation to the head of household is “head of household” and they are "
                      "bedridden →"]),
], ids=["has", "lives", "is", "receives", "watches", "carries", "lies", "no-verb", "Has", "Lives", "Is"])
def test_a_yes_no_field_of_a_member_is_said_by_the_verb_its_label_begins_with(label: str, said: list[str]):
    """`not serious_illness` of a member read `a member not “has a serious illness”`, and after a label a yes/no field
    whose label begins with another verb than `has` or `is` read as the relation's (`… and lives alone`, `… and not
    “lives alone”`): each is said by its label's verb, of a member (`does not live alone`, `is not bedridden`) or,
    after a label, of them (`they live alone`, `they do not live alone`); a label with no verb is said after `is`.
    A label written with a capital, `Has a serious illness`, read `a member does not Ha a serious illness`: its verb
    is known whatever the case of its first letter."""
    shipped = "en: has a serious illness}"
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert shipped in text
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0002-*.json")).read_text(encoding="utf-8"))
    explained, brief = _explained_with(_YES_NO, data, "en", text.replace(shipped, f"en: {label}}}"))
    for line in said:
        assert line in explained, explained
    for unsaid in ("member not “", "and not “", f"and {label}", "member bedridden", "they is", "they has", "they lives",
                   "do not lives", "not Ha", "not Live", "not I ", "they Ha", "they Live", "they I "):
        assert unsaid not in explained + brief, unsaid


# a household category of conditions on members, each of one yes/no value of theirs, said of a member, of no member,
# of every member, and after an age or a label (`_YES_NO`'s category, other conditions)
_OF_A_MEMBER = _YES_NO.partition("      - {id: a,")[0] + """\
      - {id: a, label: {zh: 甲, en: first}, test: 'any(members where serious_illness)'}
      - {id: b, label: {zh: 乙, en: second}, test: 'not any(members where serious_illness)'}
      - {id: c, label: {zh: 丙, en: third}, test: 'all(members, serious_illness)'}
      - {id: d, label: {zh: 丁, en: fourth}, test: 'any(members where not serious_illness)'}
      - {id: e, label: {zh: 戊, en: fifth}, test: 'any(members where age >= 60 and not serious_illness)'}
      - {id: f, label: {zh: 己, en: sixth}, test: 'any(members where relation == "head" and serious_illness)'}
      - {id: g, label: {zh: 庚, en: seventh}, test: 'any(members where relation == "head" and not serious_illness)'}
      - {id: h, label: {zh: 辛, en: eighth}, test: 'count(members where not serious_illness) >= 1'}
"""


def _said_of_a_member(label: str) -> tuple[str, str]:
    """The explanation and the brief in English of `_OF_A_MEMBER`, the member's yes/no labelled `label`, for a
    household none of whose members has it."""
    shipped = "en: has a serious illness}"
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0002-*.json")).read_text(encoding="utf-8"))
    return _explained_with(_OF_A_MEMBER, data, "en", text.replace(shipped, f"en: {label}}}"))


@pytest.mark.parametrize("label", ["members living alone", "Assets over the limit"])
def test_a_yes_no_label_of_a_member_that_begins_with_a_plural_is_said_as_the_condition_it_names(label: str):
    """A label that begins with a plural, which no verb of its own says, read `a member members living alone`, `no
    member members living alone`, `… and members living alone`, its opposite `a member not “members living alone”`:
    it is said as the condition it names, which a member meets or does not, as a caseworker says it (`no member meets
    the condition “members living alone”`), of them after a label (`they do not meet …`)."""
    explained, brief = _said_of_a_member(label)
    meets = f"the condition “{label}”"
    quoted = f"the condition ‘{label}’"  # a quote within a quoted condition
    for line in (f"first: no member meets {meets} →", f"second: “no member meets {quoted}”: yes →",
                 f"third: the condition “every member meets {quoted}” is not met",
                 f"fourth: a member does not meet {meets} →",
                 f"fifth: a member is aged 60 or over and does not meet {meets} →",
                 f"sixth: no member's relation to the head of household is “head of household” and they meet {meets} →",
                 f"seventh: a member's relation to the head of household is “head of household” and they do not meet "
                 f"{meets} →", f"eighth: number of members (does not meet {meets}) (1) = 1"):
        assert line in explained, explained
    for unsaid in (f"member {label}", f"and {label}", f"not “{label}”", "member member", "not a member"):
        assert unsaid not in explained + brief, unsaid


def test_a_yes_no_label_of_a_member_said_as_the_condition_it_names_keeps_its_own_quotes_in_single_quotes():
    """`no member meets the condition “members “living” alone”` nested double quotes where the label quotes words of
    its own; they are a quote within a quote, and one within that in double quotes again."""
    explained, brief = _said_of_a_member("members “living” alone")
    assert "first: no member meets the condition “members ‘living’ alone” →" in explained, explained
    assert "second: “no member meets the condition ‘members “living” alone’”: yes →" in explained, explained
    assert quotes_nested_alike(explained + "\n" + brief) == []


@pytest.mark.parametrize("label, said", [
    ("Bedridden", "bedridden"), ("Has a serious illness", "has a serious illness"),
    ("HIV positive", "HIV positive"), ("HIV-positive", "HIV-positive")], ids=["Bedridden", "Has", "HIV", "HIV-"])
def test_a_members_yes_no_label_written_with_a_capital_is_said_with_a_small_letter_in_a_sentence(label: str,
                                                                                              said: str):
    """A label written as a heading, with a capital, kept it in the middle of a sentence: `a member is not
    Bedridden`, `a member Has a serious illness`. Set in a sentence, its first letter is small; an acronym, of two
    capitals or more, is as written (`HIV positive`)."""
    explained, brief = _said_of_a_member(label)
    be = "" if said.startswith("has") else "is "
    not_be = "does not have a serious illness" if said.startswith("has") else f"is not {said}"
    for line in (f"first: no member {be}{said} →", f"fourth: a member {not_be} →",
                 f"fifth: a member is aged 60 or over and {not_be} →"):
        assert line in explained, explained
    if label != said:
        assert f" {label}" not in explained.replace(f"“{label}”", "") + brief, explained


@pytest.mark.parametrize("label, holds, fails, they_hold, they_fail", [
    ("can walk", "can walk", "cannot walk", "they can walk", "they cannot walk"),
    ("Can walk", "can walk", "cannot walk", "they can walk", "they cannot walk"),
    ("was disabled", "was disabled", "was not disabled", "they were disabled", "they were not disabled"),
    ("are disabled", "is disabled", "is not disabled", "they are disabled", "they are not disabled"),
    ("have a disability", "has a disability", "does not have a disability", "they have a disability",
     "they do not have a disability"),
], ids=["can", "Can", "was", "are", "have"])
def test_a_members_yes_no_label_that_begins_with_an_auxiliary_is_said_by_it(
        label: str, holds: str, fails: str, they_hold: str, they_fail: str):
    """A label that begins with an auxiliary kept its opposite quoted, `a member not “can walk”`, `… and not “was
    disabled”`, and after a label had no one to say it of (`… and can walk`); `are` and `have` were said of one
    member as written (`a member are disabled`). Each is said as English says it: `a member cannot walk`, `they were
    not disabled`, `a member is not disabled`, `no member has a disability`."""
    explained, brief = _said_of_a_member(label)
    head = "relation to the head of household is “head of household” and"
    for line in (f"first: no member {holds} →", f"fourth: a member {fails} →",
                 f"fifth: a member is aged 60 or over and {fails} →", f"sixth: no member's {head} {they_hold} →",
                 f"seventh: a member's {head} {they_fail} →", f"eighth: number of members ({fails}) (1) = 1"):
        assert line in explained, explained
    for unsaid in (f"not “{label}”", f"and {label}", "member are", "member have", "they was", "can not"):
        assert unsaid not in explained + brief, unsaid


_LOW_INCOME = "a low-income person (the household is in a category or the member is in extreme poverty)"


@pytest.mark.parametrize("lang, said", [
    ("en", [f"fifth: no member is not {_LOW_INCOME} →",
            "sixth: a member's relation to the head of household is “head of household” and they are "
            f"{_LOW_INCOME} →",
            f"seventh: a member is {UNABLE_EN} →", f"eighth: no member is not {UNABLE_EN} →",
            "ninth: a member's relation to the head of household is “head of household” and they are "
            f"{UNABLE_EN} →",
            f"tenth: no member is aged 60 or over and is not {UNABLE_EN} →"]),
    ("zh", ["戊：没有成员并非“本人属于低收入人口（", f"庚：有成员{UNABLE_ZH} →",
            f"癸：没有成员年满 60 周岁 且 并非“{UNABLE_ZH}” →"]),
])
def test_the_policys_yes_no_rules_of_a_member_are_said_by_the_verb_their_labels_begin_with(lang: str,
                                                                                          said: list[str]):
    """The member-level yes/no rules the shipped policies name in a condition on members: `is a low-income person
    (…)` after a label read `they are …` already, its opposite without one `a member not “is a …”`; `unable to work
    (…)`, a label with no verb, read `a member unable to work (…)`, `… and unable to work`: each is said with `is`,
    `is not`, `they are`. The Chinese reads as before."""
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0002-*.json")).read_text(encoding="utf-8"))
    explained, brief = _explained_with(_YES_NO, data, lang)
    for line in said:
        assert line in explained, explained
    for unsaid in ("member not “", "and not “", "member unable", "and unable", "they is"):
        assert lang == "zh" or unsaid not in explained + brief, unsaid


# the alternatives of `no_labour_capacity` that read schooling, as shipped, and the same with each value asked of it
# apart, written field first and value first
_SCHOOLING = '(age < 18 and student != "none") or student in {"compulsory", "high_school"}'
_SCHOOLING_FIELD_FIRST = '(age < 18 and student != "none") or student == "compulsory" or student == "high_school"'
_SCHOOLING_VALUE_FIRST = '(age < 18 and "none" != student) or "compulsory" == student or "high_school" == student'


@pytest.mark.parametrize("lang, past", [
    ("zh", "在读学段为“高等教育”时，须未满 18 周岁才符合这一条件，现已 18 周岁；年满 18 周岁后，在读学段仅“义务教育”或"
           "“高中阶段”仍计入"),
    ("en", "with level of schooling “higher education”, this condition holds only under the age of 18, and the member "
           "is 18; from 18 on, level of schooling still counts toward this condition only at “compulsory education” or "
           "“senior high school”"),
], ids=["zh", "en"])
def test_a_member_past_the_age_of_a_rule_written_value_first_is_told_it_as_written_field_first(lang: str, past: str):
    """One of 18 at university under `no_labour_capacity` written value first, `"none" != student`, `"compulsory" ==
    student`, was told every value but `not in school` as what they have (`在读学段为“学前教育”、…或“高等教育”时`)
    and the alternatives that still count whole (`仅当在读学段为“义务教育”或…时仍计入`): now as written field first,
    by the value they have and the values that still count."""
    from tests.helpers import policy_from_text

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert _SCHOOLING in text
    data = household([member_of("p1", "head", "2007-09-01", labor_capacity="weak", student="higher")])
    for rule in (_SCHOOLING, _SCHOOLING_FIELD_FIRST, _SCHOOLING_VALUE_FIRST):
        tree = explain(decide(policy_from_text(text.replace(_SCHOOLING, rule)), data, "2026-03-01"), lang)
        tekun = next(c for c in tree["categories"] if c["id"] == "tekun")["members"][0]
        said = next(c for c in tekun["clauses"] if c["id"] == "no_labour_capacity")
        assert not said["verdict"] and said["past_age"] == past, rule


@pytest.mark.parametrize("lang, said", [
    ("zh", ["✔ 甲：有成员年满 60 周岁（退休年龄） → 符合", "✔ 丙：年满 60 周岁（退休年龄）的成员数 1 = 1"]),
    ("en", ["✔ first: a member is aged 60 or over (retirement age) → condition met",
            "✔ third: number of members aged 60 or over (retirement age) (1) = 1"]),
], ids=["zh", "en"])
def test_an_age_held_by_a_parameter_is_said_by_its_number_and_its_name(lang: str, said: list[str]):
    """`age >= retirement_age` was said by the parameter's number alone (`有成员年满 60 周岁`), losing its name, which
    every other reading of a parameter keeps: the name follows the age in brackets. In English the count after the
    name is set apart, as after `or over`: `(retirement age) 1 = 1` was heard as “retirement age 1”."""
    from engine.render import render_text

    policy = _with_retirement_age(
        "      - {id: elder, label: {zh: 甲, en: first}, test: any(members where age >= retirement_age)}\n"
        "      - {id: sixty, label: {zh: 丙, en: third}, test: count(members where retirement_age <= age) >= 1}\n")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"}])
    out = render_text(explain(decide(policy, data, "2026-12-15"), lang))
    for line in said:
        assert line in out, out
    assert "(retirement age) 1" not in out, out


@pytest.mark.parametrize("lang, said", [
    ("zh", "年满 60 周岁（退休年龄）的成员数 0，低于 1"),
    ("en", "members aged 60 or over (retirement age) (0) is below 1"),
], ids=["zh", "en"])
def test_the_brief_sets_a_count_apart_from_the_name_of_the_age_it_counts(lang: str, said: str):
    """`--brief` said `number of members aged 60 or over (retirement age) 0 is below 1`, heard as “retirement age 0”;
    the Chinese ends in the count, `…的成员数 0`, and stays."""
    from engine.brief import render_brief

    policy = _with_retirement_age(
        "      - {id: sixty, label: {zh: 丙, en: third}, test: count(members where retirement_age <= age) >= 1}\n")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1990-01-01"}])
    brief = render_brief(explain(decide(policy, data, "2026-12-15"), lang))
    assert said in brief, brief


@pytest.mark.parametrize("lang, chain, nested", [
    ("zh", "若评估日期 ≤ 2027-01-31，则 1，否则，若评估日期 ≤ 2027-05-31，则 2，否则 3",
     "若评估日期 ≤ 2027-05-31，则（若评估日期 ≤ 2027-01-31，则 1，否则 2），否则 3"),
    ("en", "if evaluation date ≤ 2027-01-31, then 1, otherwise, if evaluation date ≤ 2027-05-31, then 2, otherwise 3",
     "if evaluation date ≤ 2027-05-31, then (if evaluation date ≤ 2027-01-31, then 1, otherwise 2), otherwise 3"),
], ids=["zh", "en"])
def test_a_choice_within_a_choice_is_said_so_that_each_otherwise_is_heard_with_its_if(lang: str, chain: str,
                                                                                      nested: str):
    """`if A then x else if B then y else z` ran its second `if` into the first's `otherwise`, `否则若B`; and a choice
    within the `then` of another, `若A，则若B，则 1，否则 2，否则 3`, left which `otherwise` is whose to be guessed.
    A choice after `otherwise` is set off by a comma; one after `then` is in brackets."""
    text, brief = _read_aloud(lang)
    for said in (text, brief):
        assert chain in said and nested in said, said


@pytest.mark.parametrize("lang, said, not_said", [
    ("zh", "符合“丁”：6 个月，低于 400 个月", "折合月数"),
    ("en", "“fourth” is met: 6 months is below 400 months", " in months"),
], ids=["zh", "en"])
def test_a_count_multiplied_by_months_is_said_as_the_product_not_as_the_count_in_months(lang: str, said: str,
                                                                                        not_said: str):
    """`count(members) * 6 months` was read as an age times months is, `成员数折合月数` / `number of members in months`:
    the number of members is no duration that has a length in months. Only an age is said in months; any other
    value times months is said as the product it is, in the explanation, and by the condition's label in the brief,
    as any other product with no words of its own."""
    text, brief = _read_aloud(lang)
    assert said in brief and not_said not in brief, brief
    product = "成员数 × 6 个月（1 × 6 个月）6 个月 < 400 个月" if lang == "zh" else (
        "number of members × 6 months (1 × 6 months) 6 months < 400 months")
    assert product in text, text
_SEASONAL = ("when: resident and (today <= 2027-01-31 or (today >= 2027-04-01 and today <= 2027-05-31) or today >= "
             "2027-09-01)\n    amount: subsidy_standard * 1 month")
# closed from 2027-02-01 to 2027-03-31, 300.00 a month until a date (2027-06-30) or a birthday (p1 turns 65 on
# 2027-07-10) after the return, 200.00 from then
_CHANGED_AFTER_RETURN = {
    "date": "when: resident and (today <= 2027-01-31 or today >= 2027-04-01)\n    amount: (if today <= 2027-06-30 "
            "then 300 yuan/month else 200 yuan/month) * 1 month",
    "birthday": "when: resident and (today <= 2027-01-31 or today >= 2027-04-01)\n    amount: (if count(members "
                "where age >= 65) > 0 then 200 yuan/month else 300 yuan/month) * 1 month",
}


# the change after the return, by a date, or by the head's 65th birthday, as the explanation and the brief name them
_CHANGE_AFTER_RETURN = {
    ("date", "zh"): ("2027-07-01 起金额改为", "2027-07-01 起金额改为"),
    ("date", "en"): ("from 2027-07-01 the amount is", "from 2027-07-01 the amount is"),
    ("birthday", "zh"): ("p1 将于 2027-07-10 年满 65 周岁，届时金额改为",
                         "户主（64岁）将于 2027-07-10 年满 65 周岁，届时金额改为"),
    ("birthday", "en"): ("p1 will turn 65 on 2027-07-10, and from that day the amount is",
                         "head of household (aged 64) will turn 65 on 2027-07-10, and from that day the amount is"),
}


@pytest.mark.parametrize("rule, day", [("date", "2027-07-01"), ("birthday", "2027-07-10")])
@pytest.mark.parametrize("lang, sentence, brief, year", [
    ("zh", "发放至 2027-01-31，2027-04-01 起再次给予；{change} 200.00 元/月",
     "季节补贴：300.00 元/月，至 2027-01-31，2027-04-01 起再次给予；{change} 200.00 元/月（民政）；"
     "一年内发放 10 个月，共 2,500.00 元（300.00 元 × 5 个月 + 200.00 元 × 5 个月）\n",
     "一年内发放 10 个月，共 2,500.00 元（300.00 元 × 5 个月 + 200.00 元 × 5 个月）"),
    ("en", "paid until 2027-01-31, and given again from 2027-04-01; {change} 200.00 yuan/month",
     "seasonal subsidy: 300.00 yuan/month, until 2027-01-31, and again from 2027-04-01; {change} "
     "200.00 yuan/month (civil affairs); paid for 10 months of the year, 2,500.00 yuan in all (300.00 yuan × 5 "
     "months + 200.00 yuan × 5 months)\n",
     "paid for 10 months of the year, 2,500.00 yuan in all (300.00 yuan × 5 months + 200.00 yuan × 5 months)"),
], ids=["zh", "en"])
def test_an_amount_that_changes_after_a_grant_is_given_again_is_said_and_counted_in_the_year(
        rule: str, day: str, lang: str, sentence: str, brief: str, year: str):
    """Paid to 2027-01-31, given again from 2027-04-01 at 300.00 a month, 200.00 from a date or a birthday after the
    return: the explanation said `2027-04-01 起再次给予` alone, heard as 300.00 a month to the year's end, and gave no
    year's total, while `policy diff --households` books July to November at 200.00. The change is said after the
    return (JSON: the return's `changes`), and the year's total is the months the diff books. A birthday's change
    names whose birthday it is, as a change before the return does (`p1 将于 2027-07-10 年满 65 周岁，届时金额改为
    …`): said as a date's, it named no one, heard as a change of the rule on that day."""
    from engine.brief import render_brief
    from engine.explain.coming_of_age import year_of_grants
    from engine.render import render_markdown, render_text

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    data = household([{"id": "p1", "relation": "head", "birth_date": "1962-07-10"}])
    decision = decide(_returning_with(_SEASONAL, _CHANGED_AFTER_RETURN[rule]), data, "2026-12-15")
    tree = explain(decision, lang)
    jsonschema.validate(tree, schema)
    grant = next(g for g in tree["assistance"] if g["id"] == "seasonal_subsidy")
    said, read = _CHANGE_AFTER_RETURN[rule, lang]
    sentence, brief = sentence.format(change=said), brief.format(change=read)
    whose = {"member": "p1", "age": 65} if rule == "birthday" else {}
    assert grant["given_again"] == {
        "date": "2027-04-01", "until": "2027-01-31", "sentence": sentence,
        "changes": [{"date": day, **whose, "amount": {"zh": "200.00 元/月", "en": "200.00 yuan/month"}[lang]}]}
    assert (grant["year_paid"]["total"], grant["year_paid"]["months"], grant["year_paid"]["sentence"]) == (
        {"zh": "2,500.00 元", "en": "2,500.00 yuan"}[lang], 10, year)
    subsidy = next(g for g in decision.assistance if g.measure.id == "seasonal_subsidy")
    assert year_of_grants(decision)(subsidy) == (Decimal("2500.00"), 10)
    text = render_text(tree)
    assert f"      → {sentence}\n      → {year}\n" in text, text
    assert f"→ {sentence.replace('p1 ', '`p1` ')}<br>→ {year} |" in render_markdown(tree)
    said = render_brief(tree)
    assert brief in said, said


@pytest.mark.parametrize("lang, hints", [
    ("zh", ["2027-01-16 起金额改为 200.00 元/月，至 2027-01-31", "2027-04-01 起再次给予，至 2027-06-19",
            "p2 将于 2027-06-20 年满 60 周岁，届时不再符合这一措施的条件",
            "p1 将于 2027-09-10 年满 70 周岁，届时再次给予"]),
    ("en", ["from 2027-01-16 the amount is 200.00 yuan/month, until 2027-01-31",
            "given again from 2027-04-01, until 2027-06-19",
            "p2 will turn 60 on 2027-06-20, and from that day the conditions of this measure are no longer met",
            "p1 will turn 70 on 2027-09-10, and from that day it is given again"]),
], ids=["zh", "en"])
def test_the_explanation_says_the_day_a_grant_stops_after_its_amount_changes_once(lang: str, hints: list[str]):
    """300.00 a month to 2027-01-15, 200.00 to 2027-01-31, when the window closes, given again from 2027-04-01:
    `--explain` said the day it stops twice, on the line of the change (`，至 2027-01-31`) and on the next (`发放至
    2027-01-31，2027-04-01 起再次给予`), where the brief says it once. The return follows the change by its day alone,
    in text and markdown; the JSON's `sentence` keeps it whole."""
    from engine.render import render_markdown, render_text

    data = household([{"id": "p1", "relation": "head", "birth_date": "1957-09-10"},
                      {"id": "p2", "relation": "spouse", "birth_date": "1967-06-20"}])
    tree = explain(decide(_returning_with(*_ELDER_STEPPED), data, "2026-12-15"), lang)
    text = render_text(tree)
    assert "".join(f"      → {hint}\n" for hint in hints) in text, text
    block = text.partition("  • " + ("老年补贴" if lang == "zh" else "elder"))[2].partition("\n\n")[0]
    assert block.count("2027-01-31") == 1, block
    coded = "<br>".join(f"→ {hint}" for hint in hints).replace("p2 ", "`p2` ").replace("p1 ", "`p1` ")
    assert coded in render_markdown(tree)
    grant = next(g for g in tree["assistance"] if g["id"] == "elder_subsidy")
    assert grant["given_again"]["sentence"].startswith(
        {"zh": "发放至 2027-01-31，2027-04-01 起再次给予", "en": "paid until 2027-01-31, and given again"}[lang])


@pytest.mark.parametrize("lang, sentence, brief", [
    ("zh", "发放至 2027-01-31，仅 2027-04-01 当日再次给予，当日为本政策到期日，不是发放日，不予发放，届时按新政策认定",
     "季节补贴：200.00 元/月，至 2027-01-31，仅 2027-04-01 当日再次给予，当日为本政策到期日，不是发放日，不予发放，"
     "届时按新政策认定（民政；"),
    ("en", "paid until 2027-01-31, and given again on 2027-04-01 alone, the day this policy ends and not a payday, so "
           "nothing is paid for it, and a new policy decides from then",
     "seasonal subsidy: 200.00 yuan/month, until 2027-01-31, and again on 2027-04-01 alone, the day this policy ends "
     "and not a payday, so nothing is paid for it, and a new policy decides from then (civil affairs; "),
], ids=["zh", "en"])
def test_a_grant_given_again_on_the_policys_last_day_is_said_as_given_that_day_alone(
        lang: str, sentence: str, brief: str):
    """The policy ends on 2027-04-01, the day the grant is given again: `2027-04-01 起再次给予，至本政策到期日
    2027-04-01` read as a span from a day to itself. It is said as one day (the JSON's return has `one_day`)."""
    from engine.brief import render_brief
    from engine.render import render_markdown, render_text

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    policy = _returning_with("effective: {from: 2026-01-01}", "effective: {from: 2026-01-01, to: 2027-04-01}")
    tree = explain(decide(policy, household([{"id": "p1", "relation": "head", "birth_date": "1980-05-01"}]),
                          "2026-12-15"), lang)
    jsonschema.validate(tree, schema)
    grant = next(g for g in tree["assistance"] if g["id"] == "seasonal_subsidy")
    assert grant["given_again"] == {"date": "2027-04-01", "until": "2027-01-31", "one_day": True, "unpaid": True,
                                    "last_until": "2027-04-01", "policy_ends": True, "sentence": sentence}
    assert f"      → {sentence}\n" in render_text(tree)
    assert f"→ {sentence} |" in render_markdown(tree)
    said = render_brief(tree)
    assert brief in said, said


# a member's own grant, 300.00 a month while the window is open (to 2027-01-31, again from 2027-04-01), 200.00 from
# the member's 65th birthday
_OWN_SUBSIDY = """  - id: own_subsidy
    level: member
    department: civil_affairs
    per: month
    label: {zh: 个人补贴, en: own subsidy}
    when: resident and (today <= 2027-01-31 or today >= 2027-04-01)
    amount: (if age >= 65 then 200 yuan/month else 300 yuan/month) * 1 month
"""


@pytest.mark.parametrize("born, day", [("1962-01-10", "2027-01-10"), ("1962-07-10", "2027-07-10")],
                         ids=["before the return", "after the return"])
@pytest.mark.parametrize("lang, turns", [
    ("zh", "p1 将于 {day} 年满 65 周岁，届时金额改为 200.00 元/月"),
    ("en", "p1 will turn 65 on {day}, and from that day the amount is 200.00 yuan/month"),
], ids=["zh", "en"])
def test_a_birthday_that_changes_a_members_own_grant_names_the_member_before_and_after_a_return(
        born: str, day: str, lang: str, turns: str):
    """A member's own grant whose amount their 65th birthday lowers: in Chinese, the change before the grant stops
    and is given again named no one (`将于 2027-01-10 年满 65 周岁，届时金额改为 …`), the same change after the return
    named the member (`p1 将于 2027-07-10 …`), heard as two kinds of change. Both name whose birthday it is, in both
    languages, and the brief says the member as it names them (`户主（64岁）将于 …`)."""
    from engine.brief import render_brief
    from engine.render import render_text
    from tests.helpers import policy_from_text

    text = (ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml").read_text(encoding="utf-8")
    data = household([{"id": "p1", "relation": "head", "birth_date": born}])
    tree = explain(decide(policy_from_text(text + _OWN_SUBSIDY), data, "2026-12-15"), lang)
    said = turns.format(day=day)
    assert said in render_text(tree), render_text(tree)
    named = {"zh": "户主（64岁）将于 ", "en": "head of household (aged 64) will turn 65"}[lang]
    brief = render_brief(tree)
    assert said.replace("p1 将于 ", named).replace("p1 will turn 65", named) in brief, brief


@pytest.mark.parametrize("lang, winter, elder", [
    ("zh", "符合“冬季”：评估日期 2026-12-15，低于 2027-01-31，2027-02-01 起这一条件不再满足，2027-04-01 起再次满足。",
     "条件“冬季且仅一名成员年满60周岁”符合，2027-02-01 起这一条件不再满足。"),
    ("en", "“In winter” is met: evaluation date 2026-12-15 is below 2027-01-31; from 2027-02-01 this condition no "
           "longer holds, and it holds again from 2027-04-01.",
     "“In winter with one member alone aged 60 or over” is met; from 2027-02-01 this condition no longer holds."),
], ids=["zh", "en"])
def test_the_brief_names_a_met_condition_a_date_ends_once(lang: str, winter: str, elder: str):
    """A met condition a date ends within the year: the brief said its label twice, once as met and once before the
    day it ends (`条件“冬季…”符合；“冬季…”：2027-02-01 起这一条件不再满足`). The day follows the condition it ends,
    named once."""
    from engine.brief import render_brief

    couple = household([{"id": "p1", "relation": "head", "birth_date": "1960-09-10"},
                        {"id": "p2", "relation": "spouse", "birth_date": "1967-02-20"}])
    for written, said in ((_WINTER, winter), (_WINTER_ELDER, elder)):
        brief = render_brief(explain(decide(_returning_with("departments:", written), couple, "2026-12-15"), lang))
        start = "  ✔ " + ("冬季" if lang == "zh" else "winter")
        line = next(line for line in brief.splitlines() if line.startswith(start))
        assert line.endswith(said), line
        assert line.lower().count({"zh": "“冬季", "en": "“in winter"}[lang]) == 1, line


@pytest.mark.parametrize("lang, sentence, brief", [
    ("zh", "发放至 2027-01-31，2027-04-01 起再次给予，至 2027-06-19；p1 将于 2027-09-10 年满 70 周岁，届时再次给予",
     "配偶（59岁）将于 2027-06-20 年满 60 周岁，届时不再符合这一措施的条件；户主（69岁）将于 2027-09-10 年满 70 周岁，"
     "届时再次给予\n"),
    ("en", "paid until 2027-01-31, and given again from 2027-04-01, until 2027-06-19; p1 will turn 70 on 2027-09-10, "
           "and from that day it is given again",
     "spouse (aged 59) will turn 60 on 2027-06-20, and from that day the conditions of this measure are no longer "
     "met; head of household (aged 69) will turn 70 on 2027-09-10, and from that day it is given again\n"),
], ids=["zh", "en"])
def test_a_grant_a_birthday_gives_back_says_whose_birthday_it_is(lang: str, sentence: str, brief: str):
    """The spouse's 60th birthday ends the elder subsidy on 2027-06-20 and the head's 70th gives it back on
    2027-09-10: the end was said with the member and the age, the return by its date alone (`2027-09-10 起再次给予`),
    heard as a window of the date opening. The return says why it comes back, as the end does; the JSON's return
    has `member` and `age`."""
    from engine.brief import render_brief
    from engine.render import render_markdown, render_text

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    data = household([{"id": "p1", "relation": "head", "birth_date": "1957-09-10"},
                      {"id": "p2", "relation": "spouse", "birth_date": "1967-06-20"}])
    tree = explain(decide(RETURNING, data, "2026-12-15"), lang)
    jsonschema.validate(tree, schema)
    grant = next(g for g in tree["assistance"] if g["id"] == "elder_subsidy")
    assert grant["given_again"]["later"] == [{"until": "2027-06-19", "date": "2027-09-10", "member": "p1", "age": 70}]
    assert grant["given_again"]["sentence"] == sentence
    last = sentence.rpartition({"zh": "；", "en": "; "}[lang])[2]
    assert f"      → {last}\n" in render_text(tree)
    assert f"→ {last.replace('p1 ', '`p1` ')}" in render_markdown(tree)
    said = render_brief(tree)
    assert brief in said, said


@pytest.mark.parametrize("lang, returns, year", [
    ("zh", "发放至 2027-01-31，仅 2027-04-01 当日再次给予，当日不是发放日，不予发放；p1 将于 2027-09-10 年满 70 周岁，"
           "届时再次给予，金额为 250.00 元/月",
     "一年内发放 5 个月，共 1,150.00 元（200.00 元 × 2 个月 + 250.00 元 × 3 个月）"),
    ("en", "paid until 2027-01-31, and given again on 2027-04-01 alone, not a payday, so nothing is paid for it; p1 "
           "will turn 70 on 2027-09-10, and from that day it is given again, at 250.00 yuan/month",
     "paid for 5 months of the year, 1,150.00 yuan in all (200.00 yuan × 2 months + 250.00 yuan × 3 months)"),
], ids=["zh", "en"])
def test_a_grant_given_again_for_one_day_that_is_no_payday_says_nothing_is_paid_for_it(
        lang: str, returns: str, year: str):
    """Given again on 2027-04-01 when the window opens, ended the next day by the spouse's 60th birthday: the year's
    total, as `policy diff --households` books it, pays each month on its payday (the 15th, the decision's day of
    the month), so nothing for that day, while the return said it was given (`仅 2027-04-01 当日再次给予`). It says
    that day is no payday and nothing is paid for it (JSON: the return's `unpaid`); the total is unchanged."""
    from engine.brief import render_brief
    from engine.explain.coming_of_age import year_of_grants

    schema = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    policy = _returning_with("any(members where age >= 70))\n    amount: subsidy_standard * 1 month",
                             "any(members where age >= 70))\n    amount: (if any(members where age >= 70) then 250 "
                             "yuan/month else 200 yuan/month) * 1 month")
    data = household([{"id": "p1", "relation": "head", "birth_date": "1957-09-10"},
                      {"id": "p2", "relation": "spouse", "birth_date": "1967-04-02"}])
    decision = decide(policy, data, "2026-12-15")
    tree = explain(decision, lang)
    jsonschema.validate(tree, schema)
    grant = next(g for g in tree["assistance"] if g["id"] == "elder_subsidy")
    assert (grant["given_again"]["one_day"], grant["given_again"]["unpaid"]) == (True, True)
    assert grant["given_again"]["sentence"] == returns
    assert grant["year_paid"]["sentence"] == year
    subsidy = next(g for g in decision.assistance if g.measure.id == "elder_subsidy")
    assert year_of_grants(decision)(subsidy) == (Decimal("1150.00"), 5)
    said = render_brief(tree)
    assert {"zh": "仅 2027-04-01 当日再次给予，当日不是发放日，不予发放（民政）",
            "en": "again on 2027-04-01 alone, not a payday, so nothing is paid for it (civil affairs)"}[lang] in said
    # the policy's last day, no payday either: said in the clause of the policy's end
    policy = _returning_with("effective: {from: 2026-01-01}", "effective: {from: 2026-01-01, to: 2027-04-01}")
    tree = explain(decide(policy, household([{"id": "p1", "relation": "head", "birth_date": "1980-05-01"}]),
                          "2026-12-15"), lang)
    grant = next(g for g in tree["assistance"] if g["id"] == "seasonal_subsidy")
    assert grant["given_again"]["sentence"].endswith(
        {"zh": "仅 2027-04-01 当日再次给予，当日为本政策到期日，不是发放日，不予发放，届时按新政策认定",
         "en": "given again on 2027-04-01 alone, the day this policy ends and not a payday, so nothing is paid for it, "
               "and a new policy decides from then"}[lang])


@pytest.mark.parametrize("label, said", [
    ("drinking water is safe", "drinking water is unsafe = drinking water is not safe ="),
    ("the household has a safe well", "drinking water is unsafe = the household does not have a safe well ="),
    ("a member has safe water", "drinking water is unsafe = not “a member has safe water” ="),
    ("every tap is safe", "drinking water is unsafe = not “every tap is safe” ="),
    ("drinking water is not polluted", "drinking water is unsafe = not “drinking water is not polluted” ="),
    ("the well has been tested", "drinking water is unsafe = not “the well has been tested” ="),
    ("the well is dug and the water has been tested",
     "drinking water is unsafe = not “the well is dug and the water has been tested” ="),
], ids=["is", "has", "indefinite", "every", "negative", "participle", "two-clauses"])
def test_the_opposite_of_a_household_yes_no_is_said_by_its_labels_verb(label: str, said: str):
    """`not drinking_water.safe` read `not “drinking water is safe”`: a label that is a sentence about one thing, its
    verb `is` or `has`, is said with that verb turned (`drinking water is not safe`, `the household does not have …`);
    any other keeps its quote, where turning the verb would say something else (`a member does not have …` is not
    `no member has …`) or nothing (`is not not …`, `does not have been …`)."""
    shipped = "en: drinking water is safe}"
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert shipped in text
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0009-*.json")).read_text(encoding="utf-8"))
    explained, _ = _explained_with("", data, "en", text.replace(shipped, f"en: {label}}}"))
    assert said in explained, explained


@pytest.mark.parametrize("lang, said", [
    ("en", ["eleventh: number of members (does not have a serious illness) (1) = 1",
            "twelfth: number of members (aged 60 or over and does not have a serious illness) (1) = 1",
            "thirteenth: sum of own counted income over members (does not have a serious illness) 1,200.00 yuan/year",
            f"fourteenth: number of members (is not {UNABLE_EN}) (0) = zero"]),
    ("zh", ["子：成员数（并非“患重特大疾病”） 1 = 1", "丑：成员数（年满 60 周岁 且 并非“患重特大疾病”） 1 = 1",
            "寅：各成员（并非“患重特大疾病”）本人计入收入之和 1,200.00 元/年"]),
])
def test_the_opposite_of_a_yes_no_field_in_the_members_counted_is_said_by_its_verb(lang: str, said: list[str]):
    """The members a count or a sum chooses by the opposite of a yes/no field read `number of members (not “has a
    serious illness”)`: the opposite is said as a condition on a member says it, `(does not have a serious
    illness)`, `(aged 60 or over and does not have …)`, `(is not unable to work (…))`. The Chinese reads as before."""
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0002-*.json")).read_text(encoding="utf-8"))
    explained, brief = _explained_with(_YES_NO, data, lang)
    for line in said:
        assert line in explained, explained
    assert lang == "zh" or "not “" not in explained + brief


def _with_household_yes_nos(test: str, registered_zh: str = "建档立卡贫困户", car_label: str = "有机动车") -> Any:
    """The mini policy with two yes/no inputs of the household whose English labels begin with their verb (the car's
    Chinese label `car_label`), one whose English label has none (`Registered poor household`, in Chinese
    `registered_zh`), and a dibao clause `combined` of `test`."""
    return mini_with({
        "    assets.deposits:": f"    assets.car: {{type: boolean, default: false, label: {{zh: {car_label}, "
                                "en: owns a motor vehicle}}\n    housing.shared: {type: boolean, default: false, "
                                "label: {zh: 与他人合住, en: shares its house}}\n    poverty.registered: {type: "
                                f"boolean, default: false, label: {{zh: {registered_zh}, "
                                "en: Registered poor household}}"
                                "\n    assets.deposits:",
        "    supporter:": "    ill: {type: boolean, default: false, label: {zh: 患重特大疾病, "
                         "en: has a serious illness}}\n    supporter:",
        "      - id: deposits\n": f"      - id: combined\n        label: {{zh: 合并, en: combined}}\n        test: "
                                  f"'{test}'\n      - id: deposits\n"})


def _combined_line(test: str, lang: str, car_label: str = "有机动车", **groups: Any) -> str:
    from engine.render import render_text
    data = household([member("p1", "1950-01-01", ill=True), member("p2", "1990-01-01")],
                     [{"type": "wage", "amount": 1000}], **groups)
    text = render_text(explain(decide(_with_household_yes_nos(test, car_label=car_label), data), lang))
    return next(line.strip().partition("  [")[0] for line in text.splitlines()
                if line.strip().startswith(("✔ 合并", "✘ 合并", "✔ combined", "✘ combined")))


@pytest.mark.parametrize(("lang", "car", "deposits", "said"), [
    ("zh", True, 10000, "✘ 合并：不符合“并非（有机动车 且 存款 > 5000 元）”这一条件"),
    ("zh", False, 10000, "✔ 合并：“并非（有机动车 且 存款 > 5000 元）”：是 → 符合"),
    ("en", True, 10000, "✘ combined: the condition “it is not the case that (the household owns a motor vehicle and "
                        "deposits > 5000 yuan)” is not met"),
    ("en", False, 100, "✔ combined: “it is not the case that (the household owns a motor vehicle and deposits > 5000 "
                       "yuan)”: yes → condition met"),
])
def test_the_opposite_of_conditions_joined_is_said_as_a_sentence_without_quotes_in_quotes(
        lang: str, car: bool, deposits: int, said: str):
    # `not (a and b)` read `不符合“并非“（有机动车 且 …）””这一条件` / `“not “(owns a motor vehicle and …)””`: quotes
    # within quotes, and a label that begins with its verb with no one to say it of
    line = _combined_line("not (assets.car and assets.deposits > 5000 yuan)", lang,
                          assets={"car": car, "deposits": deposits})
    assert line == said
    assert "““" not in line and "””" not in line and "“并非“" not in line and "“not “" not in line


@pytest.mark.parametrize(("test", "car", "said"), [
    ("all(members, not ill or age >= 60)", True, "✔ 合并：“所有成员并非患重特大疾病 或 年满 60 周岁”：是 → 符合"),
    ("all(members, not ill and age >= 60)", True, "✘ 合并：不符合“所有成员并非患重特大疾病 且 年满 60 周岁”这一条件"),
    ("all(members, not ill)", True, "✘ 合并：不符合“所有成员并非患重特大疾病”这一条件"),
    ("all(members, ill or not assets.car)", True, "✘ 合并：不符合“所有成员患重特大疾病 或 本户并非有机动车”这一条件"),
])
def test_the_opposite_of_a_yes_no_within_a_condition_quoted_is_said_without_its_own_quotes(
        test: str, car: bool, said: str):
    # `不符合“所有成员并非“患重特大疾病” 或 …”这一条件`: quotes within quotes, heard as two conditions
    line = _combined_line(test, "zh", assets={"car": car})
    assert line == said
    assert line.count("“") == 1 and line.count("”") == 1

@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "✔ 合并：“并非（有机动车 或 与他人合住）”：是 → 符合"),
    ("en", "✔ combined: “it is not the case that (the household owns a motor vehicle or the household shares its "
           "house)”: yes → condition met"),
])
def test_the_opposite_of_yes_nos_joined_by_or_says_each_of_the_household(lang: str, said: str):
    assert _combined_line("not (assets.car or housing.shared)", lang) == said


@pytest.mark.parametrize(("lang", "test", "said"), [
    ("en", "any(members where ill and assets.car)",
     "✔ combined: a member has a serious illness and the household owns a motor vehicle → condition met"),
    ("en", "any(members where ill and not assets.car and age >= 60)",
     "✘ combined: no member has a serious illness and the household does not own a motor vehicle and they are aged 60 "
     "or over → condition not met"),
    ("en", "count(members where ill and housing.shared) >= 1",
     "✔ combined: number of members (has a serious illness and the household shares its house) (1) = 1"),
    ("zh", "any(members where ill and assets.car)", "✔ 合并：有成员患重特大疾病 且 本户有机动车 → 符合"),
    ("zh", "any(members where ill and not assets.car and age >= 60)",
     "✘ 合并：没有成员患重特大疾病 且 本户并非“有机动车” 且 年满 60 周岁 → 不符合"),
    ("zh", "count(members where ill and housing.shared) >= 1",
     "✔ 合并：成员数（患重特大疾病 且 本户与他人合住） 1 = 1"),
])
def test_a_yes_no_of_the_households_among_a_members_conditions_is_said_as_the_households(
        lang: str, test: str, said: str):
    # `any(members where ill and assets.car)` read `a member has a serious illness and owns a motor vehicle` /
    # `有成员患重特大疾病 且 有机动车`: the car heard as the member's, where it is the household's
    assert _combined_line(test, lang, assets={"car": True}, housing={"shared": True}).startswith(said)


@pytest.mark.parametrize(("lang", "test", "car", "said"), [
    ("en", "any(members where assets.car)", True, "✔ combined: the household owns a motor vehicle → condition met"),
    ("en", "any(members where assets.car)", False,
     "✘ combined: the household does not own a motor vehicle → condition not met"),
    ("en", "not any(members where assets.car)", True,
     "✘ combined: the condition “the household does not own a motor vehicle” is not met"),
    ("en", "all(members, assets.car)", True, "✔ combined: the household owns a motor vehicle → condition met"),
    ("en", "any(members where not assets.car)", True,
     "✘ combined: the household owns a motor vehicle → condition not met"),
    ("en", "any(members where assets.car and housing.shared)", True,
     "✔ combined: the household owns a motor vehicle and the household shares its house → condition met"),
    ("zh", "any(members where assets.car)", True, "✔ 合并：本户有机动车 → 符合"),
    ("zh", "any(members where assets.car)", False, "✘ 合并：本户并非“有机动车” → 不符合"),
    ("zh", "all(members, assets.car)", False, "✘ 合并：本户并非“有机动车” → 不符合"),
    ("zh", "any(members where not assets.car)", True, "✘ 合并：本户有机动车 → 不符合"),
])
def test_a_condition_on_members_of_the_households_yes_nos_alone_is_said_as_the_households(
        lang: str, test: str, car: bool, said: str):
    # `any(members where assets.car)` read `a member owns a motor vehicle` / `有成员有机动车`: the household's car heard
    # as a member's; a rule of the household's values alone holds for every member or for none, and is the household's
    line = _combined_line(test, lang, assets={"car": car}, housing={"shared": True})
    assert line.startswith(said), line
    assert "member" not in line and "成员" not in line


def test_a_households_yes_no_whose_label_quotes_words_of_its_own_keeps_them_in_single_quotes_where_it_is_denied():
    """`本户并非“有“机动”车”`: the label of the household's yes/no, quoted where a member's condition denies it,
    nested double quotes; its own quotes are a quote within a quote."""
    line = _combined_line("any(members where assets.car)", "zh", "有“机动”车", assets={"car": False})
    assert line.startswith("✘ 合并：本户并非“有‘机动’车” → 不符合"), line


@pytest.mark.parametrize(("lang", "test", "registered", "said"), [
    ("en", "any(members where ill and poverty.registered)", True,
     "✔ combined: a member has a serious illness and the household is a registered poor household → condition met"),
    ("en", "any(members where ill and not poverty.registered)", True,
     "✘ combined: no member has a serious illness and the household is not a registered poor household → condition "
     "not met"),
    ("en", "any(members where poverty.registered and ill)", True,
     "✔ combined: a member has a serious illness and the household is a registered poor household → condition met"),
    ("en", "any(members where poverty.registered)", False,
     "✘ combined: the household is not a registered poor household → condition not met"),
    ("en", "not (poverty.registered and assets.deposits > 5000 yuan)", True,
     "✔ combined: “it is not the case that (the household is a registered poor household and deposits > 5000 "
     "yuan)”: yes → condition met"),
    ("zh", "any(members where ill and poverty.registered)", True,
     "✔ 合并：有成员患重特大疾病 且 本户为建档立卡贫困户 → 符合"),
    ("zh", "any(members where poverty.registered)", False, "✘ 合并：本户并非“建档立卡贫困户” → 不符合"),
])
def test_a_households_yes_no_whose_label_has_no_verb_is_said_as_the_households_among_a_members_conditions(
        lang: str, test: str, registered: bool, said: str):
    # `any(members where ill and poverty.registered)` read `a member has a serious illness and is registered poor
    # household`, and `any(members where poverty.registered)` `a member is registered poor household`: the household's
    # registration heard as the member's, where a label with a verb of its own is said as the household's already
    line = _combined_line(test, lang, poverty={"registered": registered})
    assert line.startswith(said), line
    assert "Registered" not in line and "is registered" not in line


def _said_of_registered(label: str, test: str, registered: bool) -> tuple[str, str]:
    """The Chinese explanation and brief of `combined` of `test`, with the household's registration labelled
    `label`, of a household with one member seriously ill."""
    from engine.brief import render_brief
    from engine.render import render_text
    data = household([member("p1", "1950-01-01", ill=True), member("p2", "1990-01-01")],
                     [{"type": "wage", "amount": 1000}], poverty={"registered": registered})
    tree = explain(decide(_with_household_yes_nos(test, label), data), "zh")
    return render_text(tree), render_brief(tree)


@pytest.mark.parametrize(("label", "test", "registered", "said"), [
    ("建档立卡贫困户", "any(members where ill and poverty.registered)", False,
     ["✘ 合并：没有成员患重特大疾病 且 本户为建档立卡贫困户 → 不符合",
      "有成员患重特大疾病 且 本户为建档立卡贫困户 = 否", "没有成员患重特大疾病 且 本户为建档立卡贫困户。"]),
    ("建档立卡贫困户", "any(members where ill and not poverty.registered)", True,
     ["✘ 合并：没有成员患重特大疾病 且 本户并非“建档立卡贫困户” → 不符合",
      "没有成员患重特大疾病 且 本户并非“建档立卡贫困户”。"]),
    ("建档立卡贫困户", "any(members where poverty.registered)", False,
     ["✘ 合并：本户并非“建档立卡贫困户” → 不符合", "本户为建档立卡贫困户 = 否"]),
    ("单亲家庭", "any(members where ill and poverty.registered)", False,
     ["没有成员患重特大疾病 且 本户为单亲家庭 → 不符合", "没有成员患重特大疾病 且 本户为单亲家庭。"]),
    ("防返贫监测对象", "any(members where ill and poverty.registered)", False,
     ["没有成员患重特大疾病 且 本户为防返贫监测对象 → 不符合"]),
    ("认定为低保户", "any(members where ill and poverty.registered)", False,
     ["没有成员患重特大疾病 且 本户认定为低保户 → 不符合", "没有成员患重特大疾病 且 本户认定为低保户。"]),
    ("属于脱贫户", "any(members where ill and not poverty.registered)", True,
     ["没有成员患重特大疾病 且 本户并非“属于脱贫户” → 不符合"]),
    ("饮用水安全", "any(members where ill and poverty.registered)", False,
     ["没有成员患重特大疾病 且 本户饮用水安全 → 不符合", "没有成员患重特大疾病 且 本户饮用水安全。"]),
])
def test_a_households_yes_no_whose_chinese_label_names_a_household_is_said_after_wei(
        label: str, test: str, registered: bool, said: list[str]):
    # `有成员患重特大疾病 且 本户建档立卡贫困户`: a label that names what the household is, run on after `本户` with no
    # verb, where a caseworker says `本户为建档立卡贫困户`; a label with a verb or a subject of its own (`认定为低保户`,
    # `饮用水安全`) is said as it is, and the opposite of either is `本户并非“…”`
    explained, brief = _said_of_registered(label, test, registered)
    for words in said:
        assert words in explained + "\n" + brief, explained + brief
    assert "本户为为" not in explained + brief and "本户为认定" not in explained + brief
    assert "并非“为" not in explained + brief


@pytest.mark.parametrize(("lang", "test", "said"), [
    ("en", "count(members where assets.car) >= 1",
     "✔ combined: number of members (the household owns a motor vehicle) (2) > 1"),
    ("en", "count(members where not assets.car) >= 1",
     "✘ combined: number of members (the household does not own a motor vehicle) (0) < 1"),
    ("en", "count(members where poverty.registered) >= 1",
     "✔ combined: number of members (the household is a registered poor household) (2) > 1"),
    ("zh", "count(members where assets.car) >= 1", "✔ 合并：成员数（本户有机动车） 2 > 1"),
    ("zh", "count(members where not assets.car) >= 1", "✘ 合并：成员数（本户并非“有机动车”） 0 < 1"),
])
def test_the_members_counted_by_the_households_yes_no_alone_are_said_by_the_households_condition(
        lang: str, test: str, said: str):
    # `count(members where assets.car)` read `number of members (owns a motor vehicle)` / `成员数（有机动车）`: the
    # household's car heard as the members'; every member is counted where the household has it, none where not
    line = _combined_line(test, lang, assets={"car": True}, poverty={"registered": True})
    assert line.startswith(said), line


@pytest.mark.parametrize(("lang", "test", "said"), [
    ("en", "any(members where not (ill and age >= 60))",
     "✔ combined: a member does not have a serious illness or is aged under 60 → condition met"),
    ("en", "count(members where not (ill or age >= 60)) >= 1",
     "✔ combined: number of members (does not have a serious illness and aged under 60) (1) = 1"),
    ("zh", "any(members where not (ill and age >= 60))", "✔ 合并：有成员并非“患重特大疾病” 或 未满 60 周岁 → 符合"),
    ("zh", "count(members where not (ill or age >= 60)) >= 1",
     "✔ 合并：成员数（并非“患重特大疾病” 且 未满 60 周岁） 1 = 1"),
])
def test_the_opposite_of_a_members_conditions_joined_is_said_by_the_opposite_of_each(lang: str, test: str, said: str):
    # `a member it is not the case that (has a serious illness and aged 60 or over)`: each part turned, `and` and `or`
    # swapped, said of the member as any condition on a member is
    assert _combined_line(test, lang).startswith(said)


@pytest.mark.parametrize(("lang", "test", "said"), [
    ("en", "any(members where assets.car and ill)",
     "✔ combined: a member has a serious illness and the household owns a motor vehicle → condition met"),
    ("en", "count(members where housing.shared and not assets.car or ill) >= 1",
     "✔ combined: number of members (has a serious illness or (the household shares its house and the household "
     "does not own a motor vehicle)) (1) = 1"),
    ("zh", "any(members where assets.car and ill)", "✔ 合并：有成员患重特大疾病 且 本户有机动车 → 符合"),
    ("en", "any(members where ill and assets.car and age >= 80)",
     "✘ combined: no member has a serious illness and the household owns a motor vehicle and they are aged 80 or "
     "over → condition not met"),
    ("en", "any(members where assets.car and ill and age >= 80)",
     "✘ combined: no member has a serious illness and is aged 80 or over and the household owns a motor vehicle → "
     "condition not met"),
])
def test_a_yes_no_of_the_households_first_among_a_members_conditions_is_said_after_theirs(
        lang: str, test: str, said: str):
    # `a member owns a motor vehicle and has a serious illness`: the household's car, said first, heard as the
    # member's; said after the member's own conditions, it is the household's
    assert _combined_line(test, lang, assets={"car": True}, housing={"shared": True}).startswith(said)


@pytest.mark.parametrize(("lang", "test", "said"), [
    ("en", "not any(members where ill)", "✘ combined: the condition “no member has a serious illness” is not met"),
    ("en", "not all(members, age >= 18)", "✘ combined: the condition “a member is aged under 18” is not met"),
    ("zh", "not any(members where ill)", "✘ 合并：不符合“没有成员患重特大疾病”这一条件"),
    ("zh", "not all(members, age >= 18)", "✘ 合并：不符合“有成员未满 18 周岁”这一条件"),
])
def test_the_opposite_of_a_condition_on_the_members_is_said_plainly(lang: str, test: str, said: str):
    # `not any(members where ill)` read `the condition “not “a member has a serious illness”” is not met`: quotes within
    # quotes, where `no member has a serious illness` says it
    assert _combined_line(test, lang) == said
