"""What a caseworker says at the door: `policy eval --brief`, the decision in short sentences."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import jsonschema
import pytest

from engine.brief import render_brief
from engine.document import policy_markdown
from engine.evaluator import evaluate
from engine.explain import explain
from engine.household import validate_household
from engine.loader import load_policy
from engine.render import render_markdown, render_summary, render_text
from engine.wording import category_said, plural
from tests.helpers import (
    ROOT,
    alone_farming,
    county_standards,
    decide,
    glued_options,
    grandmother_and_grandson,
    household,
    member,
    member_of,
    policy_from_text,
    winter_subsidy_text,
)

POLICIES = {"2024-transition": load_policy(ROOT / "policy" / "2024-transition.yaml")[0],
            "post-transition": load_policy(ROOT / "policy" / "post-transition.yaml")[0]}


def _decided(example: str, day: str | None = None, version: str = "2024-transition") -> Any:
    path = next((ROOT / "examples" / "households").glob(f"{example}-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    when = datetime.date.fromisoformat(day or data["date"])
    policy = POLICIES[version]
    return evaluate(policy, validate_household(data, policy, path.name, today=when), when)


def brief(example: str, lang: str = "zh", day: str | None = None, version: str = "2024-transition") -> str:
    return render_brief(explain(_decided(example, day, version), lang))


def test_each_category_is_one_sentence_with_the_figures_the_margin_and_the_articles():
    said = brief("DS-0001").splitlines()
    assert "家庭成员：户主（58岁）、子女（12岁）" in said
    assert ("  ✔ 最低生活保障对象：认定。家庭年人均收入 4,200.00 元/年，低于农村最低生活保障标准 5,880.00 元/年，"
            "低 1,680.00 元/年；家庭人均存款 1,000.00 元，"
            # a threshold worked out is said in words: no formula, no bare number
            "低于 24 个月的农村最低生活保障标准（11,760.00 元），低 10,760.00 元；"
            "其余条件（无机动车辆、无自住房以外的房产、无注册企业或个体工商户）均符合。") in said
    assert ("    户主（58岁）：未认定，因为不满足“无劳动能力（老年人、未满16周岁或在校就读的未成年人、"
            "仍在读义务教育或高中阶段的、重度残疾人或经评估无劳动能力）”这一条件。") in said
    # each document named once, before its articles
    assert ("    依据：大政发〔2024〕47号 二、1 统一标准体系，二、1 优化认定指标，附件2，附件1；"
            "民发〔2021〕43号 第七条，第十条") in said
    assert "  ✘ 低保边缘家庭成员：未认定，因为该家庭已符合同组中优先的“最低生活保障对象”。" in said
    # a Chinese dash is full-width, without spaces around it
    assert "  医疗救助（就高不就低）——户主（58岁）：2,100.00 元/年（医保部门）" in said


def test_nothing_is_said_that_cannot_be_read_aloud():
    for example in ("DS-0001", "DS-0005", "DS-0006", "DS-0014", "DS-0018", "DS-0021"):
        for lang in ("zh", "en"):
            text = brief(example, lang, "2025-06-01")
            for unreadable in (".yaml", "sha256", "(p1)", "（p1）", "p1（", "特困人员 (tekun)", "特困人员（tekun）",
                               "dsz-2024-47", " < ", " > ", "×", "÷", " − ", "(计入收入", "(counted income",
                               "per_capita_income"):
                assert unreadable not in text, (example, lang, unreadable)


def test_the_policy_is_named_by_its_title_without_the_code_of_its_version():
    """`（版本 post-transition）` is a code, not words: the title already says which policy it is."""
    for version, title in (("2024-transition", "过渡期"), ("post-transition", "过渡期后")):
        zh, en = (brief("DS-0001", lang, "2026-03-01", version).splitlines()[0] for lang in ("zh", "en"))
        assert zh == f"家庭 DS-0001：2026-03-01 按《湖南农村低收入人口认定与救助帮扶政策（{title}）》认定"
        assert en.startswith("Household DS-0001: decided on 2026-03-01 under Hunan rural low-income population ")
        assert version not in zh + en and "version" not in en
        # the full explanation keeps it, for the record
        assert f"（版本 {version}）" in render_text(explain(_decided("DS-0001", "2026-03-01", version), "zh"))


def test_english_says_in_english_which_of_several_options_applies():
    """`就高不就低` stood alone in English explanations, words the reader cannot say aloud."""
    from engine.render import render_text
    for example, day in (("DS-0001", "2025-06-01"), ("DS-0018", "2025-06-01")):
        path = next((ROOT / "examples" / "households").glob(f"{example}-*.json"))
        data = json.loads(path.read_text(encoding="utf-8"))
        when, policy = datetime.date.fromisoformat(day), POLICIES["2024-transition"]
        tree = explain(evaluate(policy, validate_household(data, policy, path.name, today=when), when), "en")
        for text in (render_text(tree), brief(example, "en", day)):
            assert not re.search(r"[\u4e00-\u9fff]", text), re.findall(r".{30}[\u4e00-\u9fff]+.{10}", text)
        assert ("the highest amount applies: “dibao households at 70%” ⚠ 2,100.00 yuan/year ⚠, over “monitored "
                "households at 50%” ⚠ 1,500.00 yuan/year ⚠" in render_text(tree)) is (example == "DS-0001")


def test_a_category_not_met_says_by_how_much_and_what_would_change_it():
    text = brief("DS-0014", "en")
    assert ("minimum living guarantee (dibao) household: not assigned, because the condition “per-capita income "
            "below the dibao standard” is not met. Annual per-capita income 12,000.00 yuan/year is above the rural "
            "minimum living standard (dibao standard) 5,880.00 yuan/year, 6,120.00 yuan/year above; "
            # the hint says what would hold, as the Chinese does (`这一条件即可满足`): not a sentence without subject
            "this condition would be met if "
            "annual per-capita income were below 5,880.00 yuan/year (now 12,000.00 yuan/year)") in text
    assert "; not met: they must be above)" in text  # the part of a two-part rule that fails (rigid expenses)
    assert "50% of counted income (18,000.00 yuan/year; not met: they must be above)" in text  # one bracket, not two


def test_a_hint_is_not_heard_as_the_way_to_a_category_whose_other_condition_fails_too():
    # read aloud, "earning less would meet this condition" sounds like advice: the head is able to work as well, which
    # no income changes, so he hears that, and no figures of what his wage would have to be
    zh = brief("DS-0003").splitlines()
    assert ("    户主（45岁）：未认定，因为不满足“无劳动能力（老年人、未满16周岁或在校就读的未成年人、"
            "仍在读义务教育或高中阶段的、重度残疾人或经评估无劳动能力）”、"
            "“本人收入（含家庭共同收入人均份额）低于低保标准（无生活来源）”这 2 项条件（共 3 项）。"
            "本人计入收入 24,000.00 元/年加家庭共同收入人均份额 0.00 元/年，合计 24,000.00 元/年，"
            "高于农村最低生活保障标准 5,880.00 元/年，高 18,120.00 元/年；"
            "“无劳动能力”与收入无关，仅收入变化不能改变认定结果。") in zh
    en = brief("DS-0003", "en")
    assert ("24,000.00 yuan/year in all, is above the rural minimum living standard (dibao standard) "
            "5,880.00 yuan/year, 18,120.00 yuan/year above; income has no bearing on “unable to work”, so a change "
            "of income alone would not change the decision.") in en
    # the reason has just named that condition as not met: `另有“…”这一条件不满足` would say it again
    assert "另有" not in "\n".join(zh) and "not met either, and income" not in en
    assert "7,350.00" not in en and "7,350.00" not in "\n".join(zh)  # the wage it would have to be below
    # where that condition alone fails, the hint stands as it is
    assert ("；若家庭年人均收入低于 5,880.00 元/年（现为 10,800.00 元/年），这一条件即可满足；"
            "也就是计入收入低于 23,520.00 元/年（现为 43,200.00 元/年）；按实得收入算，"
            "户主（45岁）和配偶（42岁）的工资性收入（扣减就业成本）合计低于 "
            "29,400.00 元/年（现为 54,000.00 元/年，差 24,600.00 元/年；按 80% 计入）。") in "\n".join(zh)


def test_two_hints_that_each_say_the_other_fails_too_say_it_once():
    # the spouse turns 60 within the year, and earns too much: each hint would end by naming the other condition
    for lang, once in (("zh", "（现为 11,250.00 元/年，差 8,600.00 元/年；按 80% 计入）；"
                              "但这 2 项条件须全部满足，满足其中一项仍不能认定。"),
                       ("en", "(now 11,250.00 yuan/year, a gap of 8,600.00 yuan/year; 80% of it counted); "
                              "but both conditions must be met, so either alone would not be enough.")):
        spouse = brief("DS-0008", lang, "2026-03-01", "post-transition").splitlines()[8]
        assert spouse.endswith(once), spouse
        assert spouse.count("也不满足") + spouse.count("not met either") == 0
        assert ("将于 2026-05-20 年满 60 周岁，届时这一条件即可满足；" if lang == "zh" else
                "will turn 60 on 2026-05-20, and this condition is met from that day; ") in spouse


def test_a_birthday_after_the_policy_ends_leaves_no_income_hint_beside_it():
    # under the transition policy the spouse's 60th birthday comes after its end (2025-12-31): the day is said after
    # it, once in the brief, and no income she could have makes her tekun before then
    for lang, day, after in (("zh", "将于 2026-05-20 年满 60 周岁；本政策 2025-12-31 到期，届时按新政策认定；"
                                    "本人计入收入",
                              "高 7,120.00 元/年；但这 2 项条件须全部满足，满足其中一项仍不能认定；"
                              "其中“无劳动能力”与收入无关。"),
                             ("en", "will turn 60 on 2026-05-20; this policy ends on 2025-12-31, and a new policy "
                                    "decides from then; own counted income",
                              "7,120.00 yuan/year above; but both conditions must be met, so either alone would not "
                              "be enough; income has no bearing on “unable to work”.")):
        spouse = brief("DS-0008", lang).splitlines()[8]
        assert day in spouse and spouse.endswith(after), spouse
        assert "5,880.00 元/年（现为" not in spouse and "(now 13,000.00" not in spouse


def test_a_condition_no_income_bears_on_is_said_so_after_all_are_needed_as_the_explanation_says_it():
    # `--explain` says the spouse's capacity to work has nothing to do with income; "both must be met" alone left the
    # household to hear that earning less, and waiting for her birthday, would do: said briefly, once, at the end
    unable = "“无劳动能力”"  # the reason has named it, with its bracket, just before
    for lang, end in (("zh", f"高 7,120.00 元/年；但这 2 项条件须全部满足，满足其中一项仍不能认定；"
                             f"其中{unable}与收入无关。"),
                      ("en", "7,120.00 yuan/year above; but both conditions must be met, so either alone would not "
                             "be enough; income has no bearing on “unable to work”.")):
        spouse = brief("DS-0008", lang, "2025-06-01").splitlines()[8]
        assert spouse.endswith(end), spouse
        assert spouse.count("与收入无关") + spouse.count("no bearing") == 1, spouse
    tree = explain(_decided("DS-0008"), "zh")
    spouse = next(c for c in tree["categories"] if c["id"] == "tekun")["members"][1]
    income = next(x for x in spouse["clauses"] if x["id"] == "no_source_of_living")
    assert income["blocked_by"] == ["no_labour_capacity"] and "与收入无关" in income["would_hold_if"]


def test_a_sentence_says_that_is_once_and_still_gives_every_figure():
    # DS-0023's deposits: a threshold whose words end in a bracket is followed by its value, and the hint then gives
    # the household's total; `that is` for both read as a stutter, as did `即可满足；即…；按实得收入算，即…`
    en = next(line for line in brief("DS-0023", "en", "2025-06-01").splitlines()
              if line.startswith("  ✘ household in hardship because of rigid expenses"))
    for sentence in en.split(". "):
        assert sentence.count("that is") <= 1, sentence
    assert ("are above 36 months of the rural minimum living standard (dibao standard), amounting to 17,640.00 yuan, "
            "9,026.67 yuan above; “deposits per head within 36 months of the dibao standard” ⚠ would be met if "
            "deposits per household member were at most 17,640.00 yuan (now 26,666.67 yuan); that is, deposits and "
            "securities of the household at most 52,920.00 yuan (now 80,000.00 yuan); ") in en, en
    for day, example in (("2025-06-01", "DS-0023"), ("2026-03-01", "DS-0003")):
        for sentence in re.split("[。\n]", brief(example, "zh", day)):
            assert len(re.findall("即(?!可)", sentence)) + ("即可满足；即" in sentence) <= 1, sentence
    zh = brief("DS-0023", "zh", "2025-06-01")
    assert ("“人均存款不超过36个月低保标准”⚠这一条件即可满足；也就是家庭存款及有价证券不超过 52,920.00 元"
            "（现为 80,000.00 元）；") in zh
    assert ("这一条件即可满足；也就是计入收入低于 23,520.00 元/年（现为 43,200.00 元/年）；按实得收入算，"
            "户主（45岁）和配偶（43岁）的工资性收入") in brief("DS-0003", "zh", "2026-03-01")


def test_a_hint_and_an_income_threshold_others_make_hopeless_say_once_that_the_others_fail():
    # DS-0023's deposits are too high, and so is its income: the income threshold said that deposits fail and have
    # nothing to do with income, and the deposits hint then that the income conditions fail too — the reason had
    # already named all three. Said once, at the end, after the figures of each
    zh = brief("DS-0023", day="2025-06-01").splitlines()
    rigid = next(line for line in zh if line.startswith("  ✘ 刚性支出困难家庭成员"))
    assert rigid.endswith("高 5,745.67 元/年；刚性支出 2,000.00 元/年，低于计入收入的 50%（40,000.00 元/年），"
                          "低 38,000.00 元/年；家庭人均存款 26,666.67 元，高于 36 个月的农村最低生活保障标准"
                          "（17,640.00 元），高 9,026.67 元；"
                          "若家庭人均存款不超过 17,640.00 元（现为 26,666.67 元），"
                          "“人均存款不超过36个月低保标准”⚠这一条件即可满足；"
                          "也就是家庭存款及有价证券不超过 52,920.00 元（现为 80,000.00 元）；"
                          "但这 3 项条件须全部满足，满足其中一项仍不能认定；"
                          "“人均存款不超过36个月低保标准”⚠与收入无关，仅收入变化不能改变认定结果。"), rigid
    en = next(line for line in brief("DS-0023", "en", "2025-06-01").splitlines()
              if line.startswith("  ✘ household in hardship because of rigid expenses"))
    assert en.endswith("that is, deposits and securities of the household at most 52,920.00 yuan (now 80,000.00 yuan); "
                       "but all 3 of these conditions must be met, so one alone would not be enough; income has no "
                       "bearing on “deposits per head within 36 months of the dibao standard” ⚠, so a change of income "
                       "alone would not change the decision."), en
    # where income bears on one of them only, "one alone would not be enough" says what follows for income: which of
    # them it has no bearing on is said briefly
    dibao = next(line for line in zh if line.startswith("  ✘ 最低生活保障对象"))
    assert dibao.endswith("但这 3 项条件须全部满足，满足其中一项仍不能认定；"
                          "其中“人均存款不超过24个月低保标准”⚠、“无机动车辆”与收入无关。"), dibao
    for line in (rigid, dibao, en):
        assert "另有" not in line and "也不满足" not in line and "not met either" not in line


def test_a_plural_label_takes_a_plural_verb():
    # read aloud, `rigid expenses … is below` and `deposits per household member … is above` are heard as mistakes
    en = brief("DS-0023", "en", "2025-06-01")
    assert "rigid expenses 2,000.00 yuan/year are below 50% of counted income (40,000.00 yuan/year), 38,000.00" in en
    assert "deposits per household member 26,666.67 yuan are above 24 months of the rural minimum living" in en
    assert "(40,000.00 yuan/year; not met: they must be above); per-capita income after them 26,000.00 yuan/year is " \
        "above the income line" in en  # the other side of the same sentence is singular
    assert "Annual per-capita income 26,666.67 yuan/year is above" in en
    for singular in ("annual per-capita income", "own counted income", "the province's rural per-capita income",
                     "loss", "status", "number of members", "income after rigid expenses", "48,000.00 yuan in all"):
        assert not plural(singular), singular
    for many in ("rigid expenses", "deposits per household member", "losses from disasters and accidents",
                 "deposits and securities of the household", "Rigid expenses"):
        assert plural(many), many


@pytest.mark.parametrize(("test", "said"), [
    ("not (assets.car and assets.deposits > 5000 yuan)",
     "“It is not the case that (the household owns a motor vehicle and deposits are above 5000 yuan)”: no."),
    ("not (assets.deposits > 5000 yuan and assets.car)",
     "“It is not the case that (deposits are above 5000 yuan and the household owns a motor vehicle)”: no."),
    ("not (assets.car and household_size > 1)",
     "“It is not the case that (the household owns a motor vehicle and size is above 1)”: no."),
])
def test_a_plural_label_within_conditions_joined_takes_a_plural_verb(test: str, said: str):
    # `(the household owns a motor vehicle and deposits is above 5000 yuan)`: the verb went by the words since the
    # last comma, which began with the quote, not by the label it follows
    from tests.test_explain import _with_household_yes_nos
    data = household([member("p1", "1950-01-01", ill=True), member("p2", "1990-01-01")],
                     [{"type": "wage", "amount": 1000}], assets={"car": True, "deposits": 10000})
    en = render_brief(explain(decide(_with_household_yes_nos(test), data), "en"))
    assert said in en, en


@pytest.mark.parametrize(("test", "said"), [
    ("not (assets.car and assets.deposits > 5000 yuan)", "“并非（有机动车 且 存款高于 5000 元）”：否。"),
    ("not (assets.deposits > 5000 yuan and assets.car)", "“并非（存款高于 5000 元 且 有机动车）”：否。"),
    ("not (assets.car and household_size > 1)", "“并非（有机动车 且 人口高于 1）”：否。"),
])
def test_a_comparison_within_a_quoted_condition_is_said_without_the_comma_of_a_sentence(test: str, said: str):
    # `“并非（有机动车 且 存款，高于 5000 元）”：否`: the comma that begins a figure's comparison in the brief's own
    # sentences split the quoted condition in two
    from tests.test_explain import _with_household_yes_nos
    data = household([member("p1", "1950-01-01", ill=True), member("p2", "1990-01-01")],
                     [{"type": "wage", "amount": 1000}], assets={"car": True, "deposits": 10000})
    zh = render_brief(explain(decide(_with_household_yes_nos(test), data), "zh"))
    assert said in zh, zh

def test_a_category_after_is_takes_an_article_in_english():
    # `every member is “person in extreme poverty (tekun)”` and `a member “…”` read as slips: a label is a heading
    assert category_said("person in extreme poverty (tekun)", "en") == "a “person in extreme poverty (tekun)”"
    assert category_said("elderly person living alone", "en") == "an “elderly person living alone”"
    assert category_said("persons in need", "en") == "among “persons in need”"
    assert category_said("特困人员", "zh") == "“特困人员”"
    # after `counts as` (what a birthday brings): the article, and a plural label bare, not `counts as among “…”`
    assert category_said("person in extreme poverty (tekun)", "en", counted=True) == \
        "a “person in extreme poverty (tekun)”"
    assert category_said("persons in need", "en", counted=True) == "“persons in need”"
    assert category_said("特困人员", "zh", counted=True) == "特困人员"  # `届时改为特困人员`
    doc = policy_markdown(POLICIES["post-transition"], "en")
    assert "minimum living guarantee (dibao) household and a member is not a “person in extreme poverty (tekun)”" \
        in doc
    assert "other person in hardship or a member is a “person in extreme poverty (tekun)”" in doc
    assert "有成员属于“特困人员”" in policy_markdown(POLICIES["post-transition"], "zh")


def test_each_category_is_named_in_the_singular_in_english():
    # 其他困难人员 is a person in hardship as 特困人员 is a person in extreme poverty: a member is said to be one
    for version, policy in POLICIES.items():
        for category in policy.categories:
            assert not plural(category.label.get("en", category.id)), (version, category.id)
    assert ("  ✘ other person in hardship: not assigned, because “minimum living guarantee (dibao) household” comes "
            "first in the same group and already applies.") in brief("DS-0001", "en").splitlines()


def test_an_equal_value_is_said_to_be_exactly_the_other_and_not_equal_again():
    # `等于…，正好相等，但规定须“高于”` / `equal …, exactly equal, but …` said it twice, one word after the other
    for lang, said in (("zh", "刚性支出 18,000.00 元/年，正好等于计入收入的 50%（18,000.00 元/年），但规定须“高于”。"),
                       ("en", "Rigid expenses 18,000.00 yuan/year are exactly 50% of counted income (18,000.00 "
                              "yuan/year), but they must be above.")):
        text = brief("DS-0014", lang)
        assert said in text, text
        assert "正好相等" not in text and "exactly equal" not in text
    deposits = {lang: brief("DS-0012", lang) for lang in ("zh", "en")}
    assert ("家庭人均存款 11,760.00 元，正好等于 24 个月的农村最低生活保障标准（11,760.00 元），"
            "规定为“不超过”，相等也符合") in deposits["zh"]
    assert ("deposits per household member 11,760.00 yuan are exactly 24 months of the rural minimum living standard "
            "(dibao standard), amounting to 11,760.00 yuan, which is allowed (“at most”)") in deposits["en"]


def test_a_grant_that_works_out_at_nothing_says_zero_not_a_bare_number():
    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    assert text.count("amount: tekun_standard * 1 month") == 1
    policy = policy_from_text(text.replace("amount: tekun_standard * 1 month", "amount: 0 * tekun_standard * 1 month"))
    path = next((ROOT / "examples" / "households").glob("DS-0002-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    when = datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, path.name, today=when), when)
    zh, en = render_brief(explain(decision, "zh")), render_brief(explain(decision, "en"))
    assert "：计算金额为零，无救助金额（试点工作专班）" in zh, zh
    assert ": the amount works out at zero, so nothing to pay (pilot working group)" in en, en


def test_a_household_of_one_is_not_told_its_per_head_figure_twice():
    zh = brief("DS-0019", day="2025-06-01")
    assert ("若家庭年人均收入低于 5,880.00 元/年（现为 6,000.00 元/年），这一条件即可满足。") in zh
    assert "也就是计入收入低于 5,880.00 元/年" not in zh  # one member: the household's total is the same figure
    assert "that is, counted income" not in brief("DS-0019", "en", "2025-06-01")
    # two members or more: the total is a figure of its own, and said
    assert "也就是计入收入低于 17,640.00 元/年（现为 36,000.00 元/年）" in brief("DS-0014")


@pytest.mark.parametrize(("expenses", "total"), [
    ([], ("15,200.00", "20,000.00", "9,000.00")),
    # 20,000 counted less 3,000 of medical costs, for 2 members: 8,500 a head; below 7,600 a head is below 15,200 in
    # all, which the wage meets below (15,200 + 3,000 − 8,000) ÷ 80% = 12,750
    ([{"type": "medical", "member": "p1", "amount": 3000}], ("15,200.00", "17,000.00", "12,750.00")),
])
def test_a_per_head_figure_the_rule_works_out_itself_is_told_its_household_total_in_its_own_terms(
        expenses: list[dict[str, Any]], total: tuple[str, str, str]):
    """Other persons in hardship compare `(counted_income - rigid_expenses - disaster_loss) / household_size`: its
    hint left out the household's total that dibao's and the dibao margin's (a per-head value a definition divides)
    say, so a caseworker could not tell the household what their income in all would have to be."""
    path = next((ROOT / "examples" / "households").glob("DS-0028-*.json"))
    data = {**json.loads(path.read_text(encoding="utf-8")), "expenses": expenses}
    when = datetime.date(2026, 6, 1)
    policy = POLICIES["post-transition"]
    decided = evaluate(policy, validate_household(data, policy, path.name, today=when), when)
    target, now, wage = total
    zh = render_brief(explain(decided, "zh"))
    assert ("，这一条件即可满足；也就是计入收入减刚性支出减灾害及意外事故损失低于 "
            f"{target} 元/年（现为 {now} 元/年）；按实得收入算，其他收入不变时，以下任一项即可："
            f"户主（50岁）的工资性收入（扣减就业成本）低于 {wage} 元/年") in zh, zh
    en = render_brief(explain(decided, "en"))
    assert ("; that is, counted income minus rigid expenses minus losses from disasters and accidents below "
            f"{target} yuan/year (now {now} yuan/year); in income as received") in en, en


def test_a_measure_not_given_is_said_with_the_reason():
    text = brief("DS-0025", day="2026-03-01", version="post-transition")
    assert "  ✘ 最低生活保障金（按月补差发放，特困人员不重复计入）：未给予，因为所有成员都属于“特困人员”" \
        in text.splitlines()  # only what it lacks: the household is dibao
    assert "  ✘ dibao benefit (the monthly gap to the standard; tekun members excepted): not given, because every " \
        "member is a “person in extreme poverty (tekun)”" in brief("DS-0025", "en", "2026-03-01", "post-transition")


def test_the_other_conditions_that_fail_are_counted_as_a_category_counts_them():
    """`这 2 项条件`, as `不满足“…”、“…”这 2 项条件（共 3 项）` and `但这 2 项条件须全部满足` say it, not `这些条件`."""
    from engine.render import render_text
    path = next((ROOT / "examples" / "households").glob("DS-0023-*.json"))
    policy = POLICIES["2024-transition"]
    when = datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(json.loads(path.read_text(encoding="utf-8")), policy, path.name,
                                                   today=when), when)
    text = render_text(explain(decision, "zh"))
    assert "另有“人均存款不超过24个月低保标准”⚠、“无机动车辆”这 2 项条件不满足，且与收入无关，" \
        "仅收入变化不能改变认定结果" in text  # (24 is a value to confirm: the label is marked)
    assert "；但“家庭人均收入低于低保标准”、“无机动车辆”这 2 项条件也不满足，仅此一项仍不能认定" in text
    assert "这些条件" not in text and "这些条件" not in brief("DS-0023", "zh", "2025-06-01")


def test_english_lists_of_unmet_conditions_say_and_before_the_last_as_read_aloud():
    """`— “A”, “B”` read aloud is a list that stops short; Chinese keeps `、`."""
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0007-*.json")).read_text(encoding="utf-8"))
    data["assets"]["extra_houses"] = 1  # besides the income and the car: three of dibao's conditions fail
    policy, when = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, "h.json", today=when), when)
    en, zh = (explain(decision, lang) for lang in ("en", "zh"))
    income, vehicle, house = ("“per-capita income below the dibao standard”", "“no motor vehicle”",
                              "“no house besides the one lived in”")
    said = render_brief(en)
    assert (f"  ✘ minimum living guarantee (dibao) household: not assigned, because 3 of its 5 conditions are not "
            f"met — {income}, {vehicle} and {house}. ") in said
    assert f"income has no bearing on {vehicle} and {house}, so a change of income alone" in said
    text = render_text(en)
    assert f"not assigned, because 3 of its 5 conditions are not met — {income}, {vehicle} and {house}  [" in text
    assert f"→ {vehicle} and {house} are not met either, and income has no bearing on them" in text
    dibao = next(c for c in zh["categories"] if c["id"] == "dibao")
    assert dibao["why"] == ("未认定，因为不满足“家庭人均收入低于低保标准”、“无机动车辆”、“无自住房以外的房产”"
                            "这 3 项条件（共 5 项）")


def test_a_measure_not_given_says_that_the_yes_or_no_it_needs_is_not_met():
    # read aloud, `because housing is unsafe — no` is heard as its opposite: the condition is said as not met
    said = {lang: brief("DS-0023", lang, "2025-06-01").splitlines() for lang in ("zh", "en")}
    # a category is no condition: the household is said not to be one
    assert ("  ✘ 最低生活保障金（按月补差发放，特困人员不重复计入）：未给予，因为该家庭不属于“最低生活保障对象”"
            in said["zh"])
    assert ("  ✘ dibao benefit (the monthly gap to the standard; tekun members excepted): not given, because the "
            "household is not a “minimum living guarantee (dibao) household”") in said["en"]
    # two conditions of an `and`, both failing: both named, and counted, as a category's are (`这 2 项条件`)
    assert ("  ✘ 农村危房改造：未给予，因为不符合“住房不安全（C级、D级危房）”、"
            "“本户或户内成员属于低收入人口（任一类别）”这 2 项条件" in said["zh"])
    assert ("  ✘ renovation of unsafe rural housing: not given, because the 2 conditions “housing is unsafe (grade C "
            "or D)” and “the household or one of its members is in a low-income category” are not met") in said["en"]
    # one of them failing: only that one
    dibao = brief("DS-0001", "en").splitlines()
    assert ("  ✘ safe drinking-water works: not given, because the condition “drinking water is unsafe” is not met"
            in dibao)
    for lines in (*said.values(), dibao):
        assert not any(line.endswith(("为否", "— no")) for line in lines)


def test_the_yes_or_no_of_a_rule_of_alternatives_is_said_as_the_question_and_its_answer():
    # none of other hardship's alternatives holds: read aloud, `housing is unsafe — no` is heard as its opposite
    zh, en = (brief("DS-0003", lang, "2026-03-01", "post-transition") for lang in ("zh", "en"))
    assert "；“住房不安全（C级、D级危房）”：否；“饮用水不安全”：否；没有成员患重特大疾病；无灾害及意外事故损失。" in zh
    assert ("; “housing is unsafe (grade C or D)”: no; “drinking water is unsafe”: no; no member has a serious "
            "illness; no losses from disasters and accidents reported.") in en
    # one of them met (unsafe housing): as the explanation says it
    zh, en = (brief("DS-0008", lang, "2026-03-01", "post-transition") for lang in ("zh", "en"))
    assert ("；符合“住房或饮水不安全、患重特大疾病或遭受灾害损失”⚠："
            "“住房不安全（C级、D级危房）”：是。") in zh  # (the file's own ground, to confirm: marked)
    assert ("; “unsafe housing or water / a serious illness / losses from a disaster” "
            "⚠ is met: “housing is unsafe (grade C or D)”: yes.") in en
    for text in (zh, en):
        assert "为否" not in text and " — no" not in text and "为是" not in text and " — yes" not in text


def test_an_alternative_met_by_members_a_where_chose_names_them_after_its_answer():
    # `any(members where age >= 18, serious_illness)` is a yes/no said as the question and its answer; who it found
    # follows the answer, as it followed `…为是`
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    policy = policy_from_text(text.replace("any(members where serious_illness)",
                                           "any(members where age >= 18, serious_illness)"))
    path = next((ROOT / "examples" / "households").glob("DS-0024-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    day = datetime.date(2026, 3, 1)
    decision = evaluate(policy, validate_household(data, policy, path.name, today=day), day)
    zh, en = (render_brief(explain(decision, lang)) for lang in ("zh", "en"))
    assert "：“有成员（年满 18 周岁）患重特大疾病”：是（户主（62岁）、" in zh
    assert (": “a member (aged 18 or over): has a serious illness”: yes — head of household (aged 62) and "
            "child (aged 36)") in en


def test_the_command_gives_it_in_text_or_markdown_and_refuses_it_with_the_full_explanation(run):
    example = "examples/households/DS-0001-dibao-widow.json"
    result = run("eval", example, "--brief")
    assert result.exit_code == 0 and result.stdout == brief("DS-0001")
    markdown = run("eval", example, "--brief", "--format", "markdown", "--lang", "en")
    assert markdown.exit_code == 0 and markdown.stdout.startswith("# Household DS-0001")
    assert "- ✔ minimum living guarantee (dibao) household: assigned." in markdown.stdout
    for extra in (["--explain"], ["--format", "json"]):
        refused = run("eval", example, "--brief", *extra, "--lang", "en")
        assert refused.exit_code == 2 and "--brief is a short explanation to read aloud" in refused.output
        assert "give it without `--explain`, which gives the full one" in refused.output  # copied without the `,`


def test_the_brief_refused_is_said_in_the_language_of_the_run(run, monkeypatch):
    example = "examples/households/DS-0001-dibao-widow.json"
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # the locale of the machines it runs on: Chinese by default
    for extra in (["--explain"], ["--format", "json"], ["--explain", "--lang", "zh"]):
        refused = run("eval", example, "--brief", *extra)
        assert refused.exit_code == 2, extra
        assert "错误：--brief 是供宣读的简短说明（文本或 markdown）：请不要同时给出 `--explain`" in refused.output, \
            extra
        assert "short explanation" not in refused.output, extra
        assert glued_options(refused.output) == [], refused.output  # --explain copied without the bracket after it


def test_the_handbook_quotes_what_the_command_says():
    docs = (ROOT / "docs" / "explanations.md").read_text(encoding="utf-8")
    quoted = docs.split("## Read aloud: `--brief`")[1].split("```text\n")[1].split("```")[0]
    said = iter(brief("DS-0001").splitlines())
    for line in quoted.splitlines():  # in order; `…` ends a line cut short, or stands for lines left out
        if line.strip() == "…":
            continue
        assert any(got == line or (line.endswith("…") and got.startswith(line[:-1])) for got in said), line


def test_a_value_left_blank_is_said_before_the_reasons_with_whose_it_is():
    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["members"][0]["supporter"]
    day, policy = datetime.date(2025, 6, 1), POLICIES["2024-transition"]
    text = render_brief(explain(evaluate(policy, validate_household(data, policy, "h", today=day), day), "zh"))
    # a choice is said in words, as a value left empty is: not quoted as within a working
    said = "⚠ 以下项目未填写，已按政策默认值认定，请核实：户主（58岁）的法定赡养、抚养、扶养义务人：无"
    assert said in text.splitlines()
    en = render_brief(explain(evaluate(policy, validate_household(data, policy, "h", today=day), day), "en"))
    assert ": head of household (aged 58): person with a legal duty of support — taken as none" in en


def test_a_household_file_without_a_date_is_said_to_be_decided_today_without_the_files_key():
    """Read aloud, `date` in backticks is a key of the file, not words; `--explain` keeps it, for the file's writer."""
    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["date"]
    day, policy = datetime.date.today(), POLICIES["post-transition"]  # (the words are for the day it is run)
    decision = evaluate(policy, validate_household(data, policy, "h", today=day), day)
    heads = {lang: render_brief(explain(decision, lang)).splitlines()[0] for lang in ("zh", "en")}
    assert heads["zh"].startswith(f"家庭 DS-0001：{day}（今天：家庭文件没有写日期）按《")  # no space after `）`
    assert heads["en"].startswith(f"Household DS-0001: decided on {day} (today: the household file gives no date) "
                                  "under ")
    assert "`" not in heads["zh"] + heads["en"]
    assert "(today: the household file gives no `date`)" in explain(decision, "en")["title"]


def test_a_monthly_grant_is_said_with_what_it_comes_to_in_a_year():
    text = brief("DS-0025", day="2026-03-01", version="post-transition")
    assert "  特困人员基本生活费——户主（74岁）：663.00 元/月，全年 7,956.00 元（试点工作专班）" in text.splitlines()
    assert "3,840.00 yuan in a year (pilot working group)" in brief("DS-0001", "en", "2026-03-01", "post-transition")


@pytest.mark.parametrize("version, day, zh, en", [
    ("post-transition", "2025-06-15", "注意：评估日期 2025-06-15 早于本政策 2026-01-01 的施行日",
     "Note: the evaluation date 2025-06-15 is before this policy takes effect on 2026-01-01"),
    ("2024-transition", "2024-03-01", "注意：评估日期 2024-03-01 早于本政策 2024-07-16 的施行日",
     "Note: the evaluation date 2024-03-01 is before this policy takes effect on 2024-07-16"),
    ("2024-transition", "2026-06-15", "注意：评估日期 2026-06-15 晚于本政策 2025-12-31 的到期日",
     "Note: the evaluation date 2026-06-15 is after this policy ends on 2025-12-31")])
def test_a_day_outside_the_policys_window_is_said_as_a_sentence_read_aloud(version: str, day: str, zh: str,
                                                                           en: str) -> None:
    """`（2026-01-01 – …）` cannot be read aloud: the note says which side of the window the day is, and its day."""
    decision = _decided("DS-0001", day, version)
    said = {lang: (render_brief(explain(decision, lang)), render_text(explain(decision, lang)))
            for lang in ("zh", "en")}
    for lang, note in (("zh", zh), ("en", en)):
        for text in said[lang]:
            assert note + "\n" in text
            assert "有效期" not in text and "window" not in text and "…）" not in text


def test_the_english_brief_starts_its_lines_of_sentences_with_a_capital():
    lines = brief("DS-0001", "en", "2026-06-15").splitlines()
    said = [line.strip()[:7] for line in lines if line.strip().lower().startswith(("source:", "note:"))]
    assert said[0] == "Note: t" and set(said[1:]) == {"Source:"}


def test_a_monthly_grant_on_a_day_outside_the_policys_window_promises_no_year():
    """Decided after the policy's end (or before its start), its amount is what it would pay, not a year to come."""
    for version, day in (("2024-transition", "2026-06-15"), ("2024-transition", "2024-03-01"),
                         ("post-transition", "2025-06-15")):
        zh, en = (brief("DS-0001", lang, day, version) for lang in ("zh", "en"))
        line = next(x for x in zh.splitlines() if x.startswith("  最低生活保障金"))
        assert " 元/月，评估日期不在本政策施行期内（试点工作专班）" in line and "全年" not in line, line
        line = next(x for x in en.splitlines() if x.startswith("  dibao benefit"))
        assert " yuan/month, but this policy is not in force on the evaluation date (pilot working group)" in line
        grant = next(g for g in explain(_decided("DS-0001", day, version), "zh")["assistance"]
                     if g["id"] == "dibao_benefit")
        assert grant["outside_window"] is True and "per_year" not in grant and "paid_until" not in grant
    # within the window, the day the policy ends (or the year) as before
    assert "280.00 元/月，至本政策到期日 2025-12-31，届时按新政策认定（试点工作专班）" in brief("DS-0001",
                                                                                        day="2025-06-01")
    assert "评估日期不在" not in brief("DS-0001", day="2026-03-01", version="post-transition")


def test_a_winter_subsidy_is_read_out_until_the_winter_ends_not_as_a_year(run, tmp_path):  # type: ignore[no-untyped-def]
    # a policy officer's measure that holds only while the day is within a winter: it stops on 2027-02-28
    (tmp_path / "winter.yaml").write_text(winter_subsidy_text(
        (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8"),
        "tekun and today >= 2026-11-01 and today <= 2027-02-28"), encoding="utf-8")
    example = ROOT / "examples" / "households" / "DS-0002-tekun-elderly-alone.json"
    said = {lang: run("eval", example, "--policy", tmp_path / "winter.yaml", "--date", "2027-01-15", "--brief",
                      "--lang", lang) for lang in ("zh", "en")}
    assert all(result.exit_code == 0 for result in said.values())
    assert "  特困人员冬季取暖补贴——户主（82岁）：200.00 元/月，至 2027-02-28（试点工作专班）" in \
        said["zh"].output.splitlines()
    assert ("  winter heating subsidy for tekun — head of household (aged 82): 200.00 yuan/month, until 2027-02-28 "
            "(pilot working group)") in said["en"].output.splitlines()
    assert "全年 2,400.00 元" not in said["zh"].output and "2,400.00 yuan in a year" not in said["en"].output


def mother_with_son_out_of_school() -> dict[str, Any]:
    """A mother of 45 earning wages, her son of 17 out of school and her daughter of 10 at school: dibao."""
    return household([member_of("p1", "head", "1980-04-04", sex="female", labor_capacity="full"),
                      {**member_of("p2", "child", "2008-01-20", labor_capacity="full"), "supporter": "able"},
                      {**member_of("p3", "child", "2015-05-05", sex="female", labor_capacity="none",
                                   student="compulsory"), "supporter": "able"}],
                     [{"type": "wage", "member": "p1", "amount": 14400}, {"type": "agriculture", "amount": 2000}],
                     [{"type": "education", "member": "p3", "amount": 600}],
                     assets={"deposits": 3000, "vehicles": 0, "extra_houses": 0, "registered_business": False},
                     housing={"safety_grade": "B"}, drinking_water={"safe": True})


def test_a_payment_until_the_policy_ends_says_the_household_is_decided_again_then():
    # read aloud, `至本政策到期日 2025-12-31` alone sounds like the money stops on that day
    decided = decide(POLICIES["2024-transition"], mother_with_son_out_of_school(), "2025-06-01")
    assert ("  最低生活保障金（按月补差发放，特困人员不重复计入）：344.00 元/月，至本政策到期日 2025-12-31，"
            "届时按新政策认定（试点工作专班）") in render_brief(explain(decided, "zh")).splitlines()
    assert ("344.00 yuan/month, until 2025-12-31, when this policy ends, and a new policy decides from then "
            "(pilot working group)") in render_brief(explain(decided, "en"))


def test_a_category_the_policy_abolished_is_said_after_the_categories_with_what_took_it_in():
    # monitored in 2025 for its vehicle, the household is in no category from 2026: the brief says why
    zh = brief("DS-0007", "zh", "2026-03-01", "post-transition").splitlines()
    line = ("  – 防止返贫监测对象：自 2026-01-01 起取消，原属该类别的家庭按最低生活保障对象、特困人员、"
            "低保边缘家庭成员、刚性支出困难家庭成员、其他困难人员认定")
    assert line in zh and zh.index(line) < zh.index("救助帮扶")
    en = brief("DS-0007", "en", "2026-03-01", "post-transition")
    assert ("  – household monitored against returning to poverty: abolished from 2026-01-01; its households are "
            "assessed under “minimum living guarantee (dibao) household”, “person in extreme poverty (tekun)”") in en
    policy = POLICIES["post-transition"]
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0007-*.json")).read_text(encoding="utf-8"))
    day = datetime.date(2026, 3, 1)
    tree = explain(evaluate(policy, validate_household(data, policy, "DS-0007", today=day), day), "zh")
    assert [(g["id"], g["since"], g["absorbed_by"]) for g in tree["abolished"]] == [
        ("monitoring", "2026-01-01", ["dibao", "tekun", "dibao_marginal", "rigid_expense", "other_hardship"])]
    # the policy that has the category says nothing of it
    assert "取消" not in brief("DS-0007", "zh", "2025-06-01")


def test_the_articles_of_a_basis_are_each_said_once_without_the_citations_slashes():
    for lang, head in (("zh", "    依据："), ("en", "    Source: ")):
        for line in brief("DS-0014", lang, day="2026-03-01", version="post-transition").splitlines():
            if line.startswith(head):
                articles = line[len(head):].split("，" if lang == "zh" else ", ")
                assert " / " not in line and len(articles) == len(set(articles)), line


ZH_ASIDES = ("（{}）", "；", "，即 {}")  # a value's brackets, a note's join, a value after a label's own bracket
EN_ASIDES = (" ({})", "; ", ", amounting to {}")


def test_an_expression_is_said_by_its_words_or_its_value_and_a_labels_own_brackets_stay():
    from engine.brief import _said_by_values

    named = {"比例 × 计入收入": "计入收入的 50%", "(收入 − 支出) ÷ 人数": "扣除支出后人均收入"}
    assert _said_by_values("刚性支出 9,000.00 元/年 > 比例 × 计入收入（50% × 36,000.00）18,000.00 元/年", {},
                           *ZH_ASIDES) == ("刚性支出 9,000.00 元/年 > 18,000.00 元/年", [("比例 × 计入收入", None)])
    # words with a number of their own have the value after them in brackets; others are said as a label is
    assert _said_by_values("刚性支出 9,000.00 元/年 > 比例 × 计入收入（50% × 36,000.00）18,000.00 元/年，高", named,
                           *ZH_ASIDES) == ("刚性支出 9,000.00 元/年 > 计入收入的 50%（18,000.00 元/年），高",
                                        [("比例 × 计入收入", "计入收入的 50%")])
    assert _said_by_values("share × income (50% × 8,400.00) 4,200.00 yuan/year < line 7,300.00 yuan/year", {},
                           *EN_ASIDES) == ("4,200.00 yuan/year < line 7,300.00 yuan/year",
                                              [("share × income", None)])
    assert _said_by_values("share × income (50% × 8,400.00) 4,200.00 yuan/year < line 7,300.00 yuan/year",
                           {"share × income": "50% of income"}, *EN_ASIDES) == (
        "50% of income (4,200.00 yuan/year) < line 7,300.00 yuan/year", [("share × income", "50% of income")])
    assert _said_by_values("存款 1.00 元；(收入 − 支出) ÷ 人数（(42,000.00 − 30,000.00) ÷ 2）6,000.00 元/年 < 线",
                           named, *ZH_ASIDES) == ("存款 1.00 元；扣除支出后人均收入 6,000.00 元/年 < 线",
                                        [("(收入 − 支出) ÷ 人数", "扣除支出后人均收入")])
    # a note right after such a value goes into its brackets, the value it names said once
    assert _said_by_values("支出 1.00 元/年 > 比例 × 计入收入（50% × 36,000.00）18,000.00 元/年"
                           "（不满足：须高于 18,000.00 元/年）；", named, *ZH_ASIDES)[0] == (
        "支出 1.00 元/年 > 计入收入的 50%（18,000.00 元/年；不满足：须高于）；")
    assert _said_by_values("a 1.00 < share × income (50% × 8,400.00) 4,200.00 yuan/year "
                           "(not met: it must be above 4,200.00 yuan/year)",
                           {"share × income": "50% of income"}, *EN_ASIDES)[0] == (
        "a 1.00 < 50% of income (4,200.00 yuan/year; not met: it must be above)")
    assert _said_by_values("住房不安全（C级、D级危房）为否", named, *ZH_ASIDES) == (
        "住房不安全（C级、D级危房）为否", [])


def test_a_figure_compared_with_a_share_of_another_says_of_what():
    """DS-0003: the rigid expenses are compared with half the counted income, and the income left after them and
    the losses with the monitoring line: both said in words, not by a bare number."""
    zh, en = brief("DS-0003").splitlines(), brief("DS-0003", "en")
    assert ("  ✘ 刚性支出困难家庭成员：未认定，因为不满足“刚性支出超过家庭收入的规定比例”这一条件。"
            "刚性支出 6,500.00 元/年，低于计入收入的 50%（21,600.00 元/年），低 15,100.00 元/年。") in zh
    assert ("because the condition “rigid expenses above the set share of household income” is not met. "
            "Rigid expenses 6,500.00 yuan/year are below 50% of counted income (21,600.00 yuan/year), "
            "15,100.00 yuan/year below.") in en
    hardship = next(line for line in zh if line.startswith("  ✘ 其他困难人员"))
    assert ("。扣除刚性支出和灾害损失后人均收入 9,175.00 元/年，高于防止返贫监测收入范围 7,300.00 元/年，"
            "高 1,875.00 元/年；") in hardship
    assert ". Per-capita income after rigid expenses and losses 9,175.00 yuan/year is above the income line for " \
           "monitoring against returning to poverty 7,300.00 yuan/year, 1,875.00 yuan/year above; " in en
    for text in ("\n".join(zh), en):
        assert "低于 21,600.00" not in text and "below 21,600.00" not in text
        assert "：9,175.00" not in text and ": 9,175.00" not in text


def test_a_side_that_is_an_expression_is_said_by_the_clauses_label_not_as_a_formula():
    # other hardship: a disaster loss, and the income left after it and the rigid expenses below the line
    zh, en = brief("DS-0006"), brief("DS-0006", "en")
    # a loss compared with zero is said to be above zero, not above a bare `0.00` nothing names, and no margin that
    # only says the loss again
    assert ("  ✔ 其他困难人员：认定。灾害及意外事故损失 20,000.00 元/年，高于零；"
            "扣除刚性支出和灾害损失后人均收入 4,000.00 元/年，低于防止返贫监测收入范围 7,300.00 元/年，"
            "低 3,300.00 元/年。") in zh.splitlines()
    assert ("other person in hardship: assigned. Losses from disasters and accidents 20,000.00 yuan/year are above "
            "zero; per-capita income after rigid expenses and losses "
            "4,000.00 yuan/year is below the income line for monitoring against returning to poverty "
            "7,300.00 yuan/year, 3,300.00 yuan/year below.") in en
    # not met, and the only condition that fails: said just before, so not again; the hint names the value too
    path = next((ROOT / "examples" / "households").glob("DS-0006-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["income"].append({"type": "business", "amount": 40000})
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, path.name, today=day), day)
    zh, en = (render_brief(explain(decision, lang)) for lang in ("zh", "en"))
    assert ("  ✘ 其他困难人员：未认定，因为不满足“扣除刚性支出和灾害损失后人均收入低于监测收入范围”这一条件。"
            "扣除刚性支出和灾害损失后人均收入 17,333.33 元/年，高于防止返贫监测收入范围 7,300.00 元/年，"
            "高 10,033.33 元/年；若扣除刚性支出和灾害损失后人均收入低于 7,300.00 元/年（现为 17,333.33 元/年），"
            # the household's total in the rule's terms: 76,000 − 4,000 − 20,000 = 52,000; 7,300 × 3 = 21,900
            "这一条件即可满足；也就是计入收入减刚性支出减灾害及意外事故损失低于 21,900.00 元/年"
            "（现为 52,000.00 元/年）。"
            ) in zh.splitlines()
    assert ("is not met. Per-capita income after rigid expenses and losses 17,333.33 yuan/year is above the "
            "income line for monitoring against returning to poverty 7,300.00 yuan/year, 10,033.33 yuan/year above; "
            "this condition would be met if per-capita income after rigid expenses and losses were below "
            "7,300.00 yuan/year (now 17,333.33 yuan/year); that is, counted income minus rigid expenses minus losses "
            "from disasters and accidents below 21,900.00 yuan/year (now 52,000.00 yuan/year).") in en
    # among other conditions: named, as which of them the figures are; each side by the label's part for it
    assert ("；不满足“刚性支出较大且扣除后人均收入低于监测收入范围”：刚性支出 4,000.00 元/年，"
            # the value and what fails in one bracket: two in a row (`（…元/年）（不满足：…）`) read as a stutter
            "低于计入收入的 50%（38,000.00 元/年；不满足：须高于）；"
            "扣除后人均收入 24,000.00 元/年，高于防止返贫监测收入范围 7,300.00 元/年"
            "（不满足：须低于 7,300.00 元/年）。") in zh


def test_a_side_the_label_does_not_name_is_said_by_its_value_and_a_multiple_by_its_number():
    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    text = text.replace("扣除刚性支出和灾害损失后人均收入低于监测收入范围", "扣除后收入不达标").replace(
        "per-capita income after rigid expenses and losses below the monitoring line", "income left is too low")
    text = text.replace("rigid_expense_share * counted_income", "0.5 * counted_income")
    policy = policy_from_text(text)
    path = next((ROOT / "examples" / "households").glob("DS-0003-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    day = datetime.date.fromisoformat(data["date"])
    decision = evaluate(policy, validate_household(data, policy, path.name, today=day), day)
    zh, en = (render_brief(explain(decision, lang)) for lang in ("zh", "en"))
    # no words for it: its value alone, under the clause's label, as before
    assert "不满足“扣除后收入不达标”：9,175.00 元/年，高于防止返贫监测收入范围 7,300.00 元/年" in zh
    assert ". “Income left is too low” is not met: 9,175.00 yuan/year is above the income line" in en
    assert "刚性支出 6,500.00 元/年，低于计入收入的 0.5 倍（21,600.00 元/年）" in zh
    assert "Rigid expenses 6,500.00 yuan/year are below 0.5 times the counted income (21,600.00 yuan/year)" in en


def test_a_rule_of_alternatives_met_says_which_was_met():
    # other hardship: income below the line, and unsafe housing, unsafe water, a serious illness or a disaster loss
    said = brief("DS-0024", day="2026-03-01", version="post-transition")
    line = next(x for x in said.splitlines() if x.startswith("  ✔ 其他困难人员"))
    # the alternative met, and the member it found: the household hears who
    assert line.endswith("；符合“住房或饮水不安全、患重特大疾病或遭受灾害损失”⚠："
                         "有成员患重特大疾病（户主（62岁））。")
    assert "为否" not in line  # the alternatives not met are not read out
    english = brief("DS-0024", "en", day="2026-03-01", version="post-transition")
    # after the colon of `is met:`, not a second one: `a member has a serious illness: head of household …`
    assert ("“unsafe housing or water / a serious illness / losses from a disaster” "
            "⚠ is met: a member has a serious illness — head of household (aged 62).") in english


def test_the_grounds_of_other_hardship_the_document_does_not_give_cite_no_article_and_say_they_are_local():
    # 二、1 优化认定指标 adds housing and drinking water as indicators; it makes neither, nor an illness or a
    # disaster, a ground of 其他困难人员: the indicators cite it, the clause that makes them grounds does not
    for lang, local in (("en", "local grounds to confirm"), ("zh", "本地增设的认定条件")):
        tree = explain(_decided("DS-0024", "2026-03-01", "post-transition"), lang)
        hardship = next(c for c in tree["categories"] if c["id"] == "other_hardship")
        clause = next(x for x in hardship["clauses"] if x["id"] == "hardship")
        assert "source" not in clause and clause["confirm"].startswith(local)
        # said once, by the note: a label that said it too was heard twice on the closing ⚠ line
        assert "local" not in clause["label"] and "待确认" not in clause["label"]
        closing = next(x for x in render_brief(tree).splitlines() if x.startswith("⚠ " + local))
        assert closing.count("confirm" if lang == "en" else "待确认") == 1, closing
        said = render_brief(tree).splitlines()
        at = next(i for i, x in enumerate(said) if x.startswith(("  ✔ other person in hardship", "  ✔ 其他困难人员")))
        assert said[at + 1].lstrip().startswith(("Source:", "依据")) and ("Annex 2" not in said[at + 1]
                                                                         and "附件2" not in said[at + 1])


def test_a_met_rule_of_alternatives_names_in_the_explanation_every_one_met_and_no_other():
    path = next((ROOT / "examples" / "households").glob("DS-0028-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["drinking_water"] = {"safe": False}  # unsafe housing and unsafe water: two of the four alternatives
    data["income"] = []
    policy = POLICIES["post-transition"]
    when = datetime.date(2026, 3, 1)
    tree = explain(evaluate(policy, validate_household(data, policy, path.name, today=when), when), "zh")
    hardship = next(c for c in tree["categories"] if c["id"] == "other_hardship")
    clause = next(x for x in hardship["clauses"] if x["id"] == "hardship")
    assert clause["met_by"] == "住房不安全（C级、D级危房）为是；饮用水不安全为是"
    income = next(x for x in hardship["clauses"] if x["id"] == "income")
    assert "met_by" not in income  # a comparison says its values and margin instead


def test_every_figure_to_confirm_that_the_decision_rests_on_is_named_as_the_full_explanation_names_it():
    from engine.render import confirm_lines

    path = next((ROOT / "examples" / "households").glob("DS-0022-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    when = datetime.date.fromisoformat(data["date"])
    policy = POLICIES["post-transition" if when.year >= 2026 else "2024-transition"]
    tree = explain(evaluate(policy, validate_household(data, policy, path.name, today=when), when), "zh")
    said = render_brief(tree)
    # the disposable-income line is read out in the rigid-expense sentence: it is a local value to confirm
    assert "上年度全省农村居民人均可支配收入" in said.split("各类别认定情况")[1].split("\n⚠")[0]
    lines = confirm_lines(tree)
    assert any("上年度全省农村居民人均可支配收入" in line for line in lines)
    warned = [line for line in said.splitlines() if line.startswith("⚠ 以县级")]
    assert said.rstrip("\n").splitlines()[-len(warned) - 2:-2] == warned  # then the review's time limit, last
    # named as the full explanation names them; it lists the deposit months of clauses the brief does not read out
    assert all(label in "".join(lines) for line in warned for label in line.partition("：")[2].split("、"))


def test_the_figures_to_confirm_are_those_the_brief_says_and_the_full_explanation_lists_them_all():
    """An elderly couple whose son pays for them is dibao: the categories after it in its group go unsaid, and so
    do their figures (the edge multiple, the province's disposable income) — the closing line names none of them."""
    from engine.render import confirm_lines

    couple = {"id": "Z01", "date": "2025-09-10",
              "members": [member("p1", "1953-04-02", relation="head", labor_capacity="weak", supporter="able"),
                          member("p2", "1955-11-20", relation="spouse", labor_capacity="weak", supporter="able")],
              "income": [{"type": "alimony", "amount": 4800}, {"type": "agriculture", "amount": 2000},
                         {"type": "basic_pension", "member": "p1", "amount": 1800},
                         {"type": "basic_pension", "member": "p2", "amount": 1800}],
              "expenses": [{"type": "medical", "member": "p1", "amount": 4200}],
              "assets": {"deposits": 6000, "vehicles": 0, "extra_houses": 0, "registered_business": False}}
    unsaid = ("低保边缘家庭收入倍数", "上年度全省农村居民人均可支配收入", "低保边缘及刚性支出困难家庭存款限额月数")
    for version, said in (("2024-transition", "农村最低生活保障标准、低保存款限额月数、防止返贫监测收入范围、"
                                              "低保对象医疗救助比例"),
                          ("post-transition", "农村最低生活保障标准、低保存款限额月数、低保对象医疗救助比例")):
        tree = explain(decide(POLICIES[version], couple, "2025-09-10"), "zh")
        brief_lines = [x for x in render_brief(tree).splitlines() if x.startswith("⚠ 以县级")]
        assert brief_lines[0] == f"⚠ 以县级公布标准为准（本地待确认值）：{said}"
        assert not any(label in line for line in brief_lines for label in unsaid)
        assert all(any(label in line for line in confirm_lines(tree)) for label in unsaid)  # `--explain`: all
        assert all(any(label in line for line in render_text(tree).splitlines() if line.startswith("⚠"))
                   for label in unsaid)
    # a figure the brief says is named: the rigid share, read out as `计入收入的 50%`
    tree = explain(decide(POLICIES["2024-transition"], couple, "2025-09-10"), "zh")
    assert "⚠ 以县级公布标准为准（本地待确认值；外省多取60%至80%）：刚性支出占家庭收入的比例" in render_brief(tree)


def test_the_names_a_rule_or_formula_reads_are_found_once_for_each_of_its_texts(monkeypatch):
    """Which figures to confirm the brief's reasons rest on is found from the names their rules and the definitions
    they unfold read: a policy's few texts, which every explanation repeats. Each is scanned once, not once in every
    tree (a batch explains millions)."""
    from engine import render

    scanned: list[str] = []

    class Counting:
        def findall(self, text: str) -> list[str]:
            scanned.append(text)
            return re.findall(r"[A-Za-z_][\w.]*", text)

    monkeypatch.setattr(render, "_NAMES", Counting())
    render._names_in.cache_clear()
    said = [brief(example, version="post-transition", day="2026-03-01") for example in ("DS-0001", "DS-0023")] * 2
    render._names_in.cache_clear()  # (the names it found, found again by the real pattern in the next test)
    assert said[:2] == said[2:] and all("⚠ 以县级公布标准为准（本地待确认值）：农村最低生活保障标准" in s for s in said)
    assert len(scanned) > 10 and len(scanned) == len(set(scanned))


def test_a_measure_withheld_for_the_same_reason_is_said_from_words_worked_out_once(monkeypatch):
    """Why a measure is withheld reads the same in most trees (`未给予，因为该家庭不属于“…”`): the second tree's brief
    says it from what the first worked out, in the same words."""
    from engine import brief as module

    read: list[str] = []
    real = module._said_by_values

    def reading(sentence: str, *rest: Any) -> Any:
        read.append(sentence)
        return real(sentence, *rest)

    monkeypatch.setattr(module, "_said_by_values", reading)
    monkeypatch.setattr(module, "_PLAIN", {}, raising=False)
    trees = [explain(_decided("DS-0023", "2026-03-01", "post-transition"), "zh") for _ in range(2)]
    first = render_brief(trees[0])
    before = len(read)
    assert render_brief(trees[1]) == first and "✘ 农村危房改造：未给予，因为不符合" in first
    why = [a["why"] for a in trees[1]["withheld"]]
    assert len(why) == 3 and all(w in read[:before] and w not in read[before:] for w in why)


@pytest.mark.parametrize(("version", "day", "members", "income", "said"), [
    # a tekun child's support, 663.00 元/月: the tekun standard, 1.3 × the dibao standard
    ("post-transition", "2026-03-01",
     [member("p1", "1970-01-05", relation="head"), member("p2", "1985-04-01", relation="spouse"),
      member("p3", "2008-04-01", relation="child", student="high_school")], [{"type": "agriculture", "amount": 9000}],
     "特困人员基本生活费——子女（17岁）：663.00 元/月"),
    # a head turning 60 gains tekun support, `按现行政策 637.00 元/月`: a figure no grant of the day reads
    ("2024-transition", "2025-10-01",
     [member("p1", "1965-11-15", relation="head", labor_capacity="weak", supporter="none"),
      member("p2", "1995-03-01", relation="child", labor_capacity="full", supporter="able")],
     [{"type": "wage", "member": "p2", "amount": 60000}], "按现行政策 637.00 元/月"),
])
def test_the_figures_to_confirm_include_those_of_every_amount_the_brief_reads_out(version, day, members, income,
                                                                                  said):
    from engine.render import confirm_lines

    data = {"id": "T", "date": day, "members": members, "income": income}
    for lang, standard in (("zh", "特困人员基本生活标准"),
                           ("en", "basic living standard for persons in extreme poverty")):
        tree = explain(decide(POLICIES[version], data, day), lang)
        text = render_brief(tree)
        if lang == "zh":
            assert said in text
        assert any(standard in line for line in text.splitlines() if line.startswith("⚠ ")), text  # the brief
        assert any(standard in line for line in confirm_lines(tree))  # `--explain`


def test_a_condition_of_several_all_met_gives_the_figures_and_the_margin_of_each():
    # monitoring: rigid expenses above their share, and what is left of the income below the line
    said = brief("DS-0005").splitlines()
    line = next(x for x in said if x.startswith("  ✔ 防止返贫监测对象"))
    # one of its conditions is enough (`match: any`): said, as the others that fail do not matter
    assert line == ("  ✔ 防止返贫监测对象：认定（符合其中任一条件即可）。"
                    "符合“刚性支出较大且扣除后人均收入低于监测收入范围”："
                    "刚性支出 72,000.00 元/年，高于计入收入的 50%（33,600.00 元/年），高 38,400.00 元/年；"
                    "扣除后人均收入 −1,200.00 元/年，低于防止返贫监测收入范围 7,300.00 元/年，低 8,500.00 元/年。")
    assert ("is met: rigid expenses 72,000.00 yuan/year are above 50% of counted income (33,600.00 yuan/year), "
            "38,400.00 yuan/year above; per-capita income after them −1,200.00 yuan/year is below the income line "
            "for monitoring against returning to poverty 7,300.00 yuan/year, 8,500.00 yuan/year below.") in brief(
        "DS-0005", "en")
    # below zero: the minus sign, read aloud as one (`负`), not the hyphen of a machine's figure
    assert "-1,200.00" not in "\n".join(said) and "after them −1,200.00 yuan/year is below" in brief("DS-0005", "en")


def test_the_conditions_of_a_category_none_of_which_holds_are_said_as_alternatives_in_both_languages():
    line = next(x for x in brief("DS-0003", day="2025-06-01").splitlines() if x.startswith("  ✘ 防止返贫监测对象"))
    assert line.startswith("  ✘ 防止返贫监测对象：未认定，因为以下条件一项也不满足：“家庭人均收入低于监测收入范围”、"
                           "“住房不安全”、“饮用水不安全”或“刚性支出较大且扣除后人均收入低于监测收入范围”。")
    assert ("none of these holds: “per-capita income below the monitoring line”, “housing is unsafe”, “drinking water "
            "is unsafe” or “rigid expenses above") in brief("DS-0003", "en", "2025-06-01")


def test_one_other_condition_met_is_said_as_one_and_english_sentences_begin_with_a_capital():
    zh, en = brief("DS-0010"), brief("DS-0010", "en")
    assert "；条件“无机动车辆”也符合。" in zh and "均符合" not in zh  # one condition: not "all of them"
    assert "; “no motor vehicle” is met too." in en
    assert "on the margin of dibao: assigned. Annual per-capita income " in en  # a new sentence after the full stop


def test_the_income_and_expense_lines_are_read_out_with_whose_they_are():
    """A month's wage written as the year's is heard at the door, before the result is explained; whose a line is
    is said as theirs, not in brackets within brackets after a label that may end in its own."""
    zh, en = brief("DS-0001").splitlines(), brief("DS-0001", "en").splitlines()
    at = next(i for i, line in enumerate(zh) if line.startswith("认定结果："))
    assert zh[at + 1:at + 3] == [
        "收入：户主（58岁）的工资性收入（扣减就业成本） 3,000.00 元/年（按 80% 计入 2,400.00 元/年）；"
        "种养殖业净收入 6,000.00 元/年；计入收入合计 8,400.00 元/年",
        "支出：户主（58岁）的医疗费用（个人自付部分） 3,000.00 元/年；子女（12岁）的教育费用 800.00 元/年"]
    # in English the member first: `medical costs … of head of household` reads as the costs' own
    assert en[at + 1:at + 3] == [
        "Income: head of household (aged 58): wage income (less the cost of employment), 3,000.00 yuan/year "
        "(counted at 80%: 2,400.00 yuan/year); the household's net farming income 6,000.00 yuan/year; "
        "counted in all 8,400.00 yuan/year",
        "Expenses: head of household (aged 58): medical costs paid out of pocket, 3,000.00 yuan/year; "
        "child (aged 12): education costs, 800.00 yuan/year"]
    assert not any(" of head of household" in line or " of child" in line for line in en)
    # after a member's line, the household's own is said as the household's: read aloud, `head of household (aged
    # 58): wage income …; net farming income …` gave the head the farm too; Chinese binds `户主（58岁）的` to one line
    assert not any(re.search(r"（[^（）]*（|\([^()]*\(", line) for line in zh[at + 1:at + 3] + en[at + 1:at + 3])
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0002-*.json")).read_text(encoding="utf-8"))
    data["income"], data["expenses"] = [], []
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    said = render_brief(explain(evaluate(policy, validate_household(data, policy, "x.json", today=day), day), "zh"))
    assert "\n收入：无\n" in said and "支出：" not in said  # no lines: said as none; no expense line at all


def test_each_income_line_not_counted_in_full_says_what_of_it_is_counted_so_the_figures_add_up():
    """Read aloud, 3,000 + 6,000 then a total of 8,400 does not add up: the share counted is said beside its line."""
    zh, en = brief("DS-0015", day="2025-06-01"), brief("DS-0015", "en", day="2025-06-01")
    assert "\n收入：种养殖业净收入 6,000.00 元/年；户主（74岁）的城乡居民基础养老金 2,400.00 元/年（不计入）；" in zh
    assert "；户主（74岁）的优待抚恤金 3,600.00 元/年（不计入）；计入收入合计 6,000.00 元/年\n" in zh
    assert ("\nIncome: the household's net farming income 6,000.00 yuan/year; head of household (aged 74): basic "
            "pension of the residents' pension scheme, 2,400.00 yuan/year (not counted); ") in en
    assert " 3,600.00 yuan/year (not counted); counted in all 6,000.00 yuan/year\n" in en
    # a line without a member says only what is counted; one counted in full says nothing more
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0001-*.json")).read_text(encoding="utf-8"))
    data["income"] = [{"type": "wage", "amount": 30000}, {"type": "agriculture", "amount": 4000},
                      {"type": "basic_pension", "amount": 1800}]
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, "x.json", today=day), day)
    said = {lang: render_brief(explain(decision, lang)).splitlines() for lang in ("zh", "en")}
    assert ("收入：工资性收入（扣减就业成本） 30,000.00 元/年（按 80% 计入 24,000.00 元/年）；"
            "种养殖业净收入 4,000.00 元/年；城乡居民基础养老金 1,800.00 元/年（不计入）；"
            "计入收入合计 28,000.00 元/年") in said["zh"]
    assert ("Income: wage income (less the cost of employment) 30,000.00 yuan/year "
            "(counted at 80%: 24,000.00 yuan/year); net farming income 4,000.00 yuan/year; "
            "basic pension of the residents' pension scheme 1,800.00 yuan/year "
            "(not counted); counted in all 28,000.00 yuan/year") in said["en"]


def test_the_counted_part_is_the_one_the_accounting_gives():
    """The brief reads the share and the amount counted off the explanation, as `--explain` shows them."""
    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    policy, day = POLICIES["2024-transition"], datetime.date.fromisoformat(data["date"])
    tree = explain(evaluate(policy, validate_household(data, policy, path.name, today=day), day), "zh")
    wage = next(x for x in tree["accounting"]["income"] if x["type"] == "wage")
    wage["share"], wage["counted_amount"] = "75%", "2,250.00 元/年"
    assert "3,000.00 元/年（按 75% 计入 2,250.00 元/年）；" in render_brief(tree)
    wage["share"], wage["counted_amount"] = "100%", wage["amount"]  # counted in full: nothing to add
    assert "3,000.00 元/年；" in render_brief(tree)


def test_a_share_applied_is_said_though_the_amount_counted_rounds_to_the_amount_given():
    """0.01 yuan at 80% is 0.008, to the fen 0.01 like the line: the note follows the share, not the figures shown."""
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0001-*.json")).read_text(encoding="utf-8"))
    data["income"] = [{"type": "wage", "amount": 0.01}, {"type": "agriculture", "amount": 6000}]
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, "x.json", today=day), day)
    zh, en = (render_brief(explain(decision, lang)) for lang in ("zh", "en"))
    assert "收入：工资性收入（扣减就业成本） 0.01 元/年（按 80% 计入 0.008 元/年）；" in zh
    assert "Income: wage income (less the cost of employment) 0.01 yuan/year (counted at 80%: 0.008 yuan/year); " in en
    # and the amount counted is written to the place where it differs from the amount given, as `--explain` has it
    wage = next(x for x in explain(decision, "zh")["accounting"]["income"] if x["type"] == "wage")
    assert (wage["amount"], wage["share"], wage["counted_amount"]) == ("0.01 元/年", "80%", "0.008 元/年")


def test_an_amount_counted_at_a_share_that_the_fen_rounds_is_marked_as_rounded():
    """0.06 yuan at 80% is 0.048: `0.06 × 80% = 0.05` is a sum by hand that does not come out; it is marked `≈`, as a
    rate's month is, and is the 0.05 every working after it counts."""
    from engine.render import render_text

    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0001-*.json")).read_text(encoding="utf-8"))
    data["income"] = [{"type": "wage", "amount": 0.06}, {"type": "agriculture", "amount": 6000}]
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, "x.json", today=day), day)
    zh, en = (explain(decision, lang) for lang in ("zh", "en"))
    assert "工资性收入（扣减就业成本）：0.06 元/年 × 80% = ≈0.05 元/年" in render_text(zh)
    assert "wage income (less the cost of employment): 0.06 yuan/year × 80% = ≈0.05 yuan/year" in render_text(en)
    assert "收入：工资性收入（扣减就业成本） 0.06 元/年（按 80% 计入 ≈0.05 元/年）；" in render_brief(zh)
    assert "Income: wage income (less the cost of employment) 0.06 yuan/year (counted at 80%: ≈0.05 yuan/year); " in \
        render_brief(en)
    # an amount counted that the fen writes exactly is written as it is
    data["income"] = [{"type": "wage", "amount": 0.05}, {"type": "agriculture", "amount": 6000}]
    decision = evaluate(policy, validate_household(data, policy, "x.json", today=day), day)
    wage = next(x for x in explain(decision, "zh")["accounting"]["income"] if x["type"] == "wage")
    assert wage["counted_amount"] == "0.04 元/年"


def test_a_value_defined_as_a_sum_is_said_by_its_parts_and_their_total():
    policy, day = POLICIES["post-transition"], datetime.date(2026, 3, 1)

    def said(data: dict[str, Any], lang: str) -> list[str]:
        decision = evaluate(policy, validate_household(data, policy, "t", today=day), day)
        return [line.strip() for line in render_brief(explain(decision, lang)).splitlines()]

    assert ("户主（60岁）：未认定，因为不满足“本人收入（含家庭共同收入人均份额）低于低保标准（无生活来源）”这一条件。"
            "本人计入收入 0.00 元/年加家庭共同收入人均份额 7,000.00 元/年，合计 7,000.00 元/年，"
            "高于农村最低生活保障标准 6,120.00 元/年，高 880.00 元/年；"
            "若本人收入（含家庭共同收入人均份额）低于 6,120.00 元/年（现为 7,000.00 元/年），这一条件即可满足。"
            ) in said(alone_farming(7000), "zh")
    assert ("head of household (aged 60): assigned. Own counted income 0.00 yuan/year plus per-head share of the "
            "household's common income 5,000.00 yuan/year, 5,000.00 yuan/year in all, is below the rural minimum "
            "living standard (dibao standard) 6,120.00 yuan/year, 1,120.00 yuan/year below; the other conditions "
            "(unable to work (elderly / minor under 16 or in school / still in compulsory or senior secondary school / "
            "severely disabled / assessed as unable to work) "
            "and no person with a duty of support or none able to support) are met.") in said(alone_farming(5000), "en")
    # the second member too, whose full explanation gives the working without the words
    parts = "本人计入收入 0.00 元/年加家庭共同收入人均份额 10,000.00 元/年，合计 10,000.00 元/年，高于"
    lines = said(grandmother_and_grandson(20000), "zh")
    assert [line.split("：")[0] for line in lines if parts in line] == ["户主（77岁）", "孙子女（10岁）"]
    # a sum said by its parts is no working: the other brackets with numbers stay left out
    assert not any("（0.00 + " in line or "(0.00 + " in line for line in lines)


def test_an_income_line_not_counted_is_said_in_the_same_words_by_the_brief_and_the_full_explanation():
    """A caseworker reading `--explain` after `--brief` must not wonder whether `exempt` and `not counted` differ."""
    path = next((ROOT / "examples" / "households").glob("DS-0015-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, path.name, today=day), day)
    for lang, pension, words, aside in (
            ("en", "basic pension of the residents' pension scheme", "not counted",
             ", 2,400.00 yuan/year (not counted)"),
            ("zh", "城乡居民基础养老金", "不计入", " 2,400.00 元/年（不计入）")):
        tree = explain(decision, lang)
        text, markdown = render_text(tree), render_markdown(tree)
        assert pension + aside in render_brief(tree)
        line = next(x for x in text.splitlines() if x.strip().startswith(pension))
        assert line.endswith(f" {words}"), line
        row = next(x for x in markdown.splitlines() if x.startswith(f"| {pension} |"))
        assert row.endswith(f"| {words} |"), row
        assert "exempt" not in line + row and "豁免" not in line + row


def test_an_income_label_that_lists_several_kinds_is_heard_as_one_line():
    """`赡养费、抚养费、扶养费` is one type of income: parted from the next line by `、`, it read as three."""
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0001-*.json")).read_text(encoding="utf-8"))
    data["income"] = [{"type": "alimony", "amount": 1200}, {"type": "agriculture", "amount": 6000},
                      {"type": "scholarship", "member": "p2", "amount": 500}]
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, "x.json", today=day), day)
    zh, en = (render_brief(explain(decision, lang)).splitlines() for lang in ("zh", "en"))
    assert ("收入：赡养费、抚养费、扶养费 1,200.00 元/年；种养殖业净收入 6,000.00 元/年；"
            "子女（12岁）的奖学金、助学金 500.00 元/年（不计入）；计入收入合计 7,200.00 元/年") in zh
    assert ("Income: the household's maintenance paid by relatives with a duty of support 1,200.00 yuan/year; "
            "the household's net farming income 6,000.00 yuan/year; "
            "child (aged 12): scholarships and student grants, 500.00 yuan/year (not counted); "
            "counted in all 7,200.00 yuan/year") in en


def test_english_says_the_before_a_standard_named_by_its_label_and_not_twice():
    text = brief("DS-0005", "en", "2026-03-01", "post-transition")
    assert "is below the rural minimum living standard (dibao standard) 6,120.00 yuan/year" in text \
        or "is above the rural minimum living standard (dibao standard) 6,120.00 yuan/year" in text
    # a label that has its own `the`, and a side said by a number, take none
    assert "is below the province's rural per-capita disposable income of the previous year 22,300.00" in text
    assert "are above 50% of counted income (" in text
    assert "the the " not in text
    assert not re.search(r"(is above|is below|equals) (rural|income line)", text)
    # Chinese has no article
    zh = brief("DS-0005", "zh", "2026-03-01", "post-transition")
    assert "低于上年度全省农村居民人均可支配收入 22,300.00 元/年" in zh


def test_the_day_a_measure_ends_follows_its_department_without_a_second_semicolon():
    en = brief("DS-0022", "en", "2026-03-01", "post-transition")
    # in English with its subject, the member the measure is for
    assert ("the human resources and social security department, not set by this policy; head of household (aged 59) "
            "will turn 60 on 2027-01-01, and from that day the conditions of this measure are no longer met") in en
    zh = brief("DS-0022", "zh", "2026-03-01", "post-transition")
    assert "由人社部门核定，本政策未作规定；将于 2027-01-01 年满 60 周岁，届时不再符合这一措施的条件" in zh


def test_income_exactly_at_the_line_is_said_as_such_not_as_a_gap_of_nothing():
    zh, en = (brief("DS-0011", lang, "2026-03-01", "post-transition") for lang in ("zh", "en"))
    assert "户主（57岁）的工资性收入（扣减就业成本）低于 10,000.00 元/年（现正好为 10,000.00 元/年；按 80% 计入）" in zh
    assert "below 10,000.00 yuan/year (now exactly 10,000.00 yuan/year; 80% of it counted)" in en
    assert "差 0.00" not in zh and "a gap of 0.00" not in en


def three_farming(amount: float, supporter: str) -> tuple[str, str]:
    """The briefs, in Chinese and English, of three adults who can work with farm income `amount` a year."""
    members = [{**member_of(f"p{i}", relation, "1975-01-01"), "supporter": supporter}
               for i, relation in enumerate(("head", "spouse", "child"), 1)]
    data = household(members, [{"type": "agriculture", "amount": amount}])
    zh, en = (render_brief(explain(decide(POLICIES["post-transition"], data, "2026-03-01"), lang))
              for lang in ("zh", "en"))
    return zh, en


def test_income_less_than_a_fen_below_the_line_is_not_said_to_be_below_it_by_nothing():
    zh, en = three_farming(18359.99, "able")
    assert "家庭年人均收入 6,119.997 元/年，低于农村最低生活保障标准 6,120.00 元/年，低不到 0.01 元/年；" in zh
    assert ("Annual per-capita income 6,119.997 yuan/year is below the rural minimum living standard (dibao standard) "
            "6,120.00 yuan/year, less than 0.01 yuan/year below;") in en
    assert "0.00 元/年；" not in zh and "0.00 yuan/year below" not in en


def test_the_parts_of_a_sum_shown_apart_from_the_line_are_said_to_the_places_of_their_total():
    """`0.00 加 6,120.00，合计 6,120.003` does not add up: the parts are said to the places their total is."""
    zh, en = three_farming(18360.01, "none")
    assert "本人计入收入 0.00 元/年加家庭共同收入人均份额 6,120.003 元/年，合计 6,120.003 元/年，高于" in zh
    assert ("Own counted income 0.00 yuan/year plus per-head share of the household's common income 6,120.003 "
            "yuan/year, 6,120.003 yuan/year in all, is above") in en
    assert "6,120.00 元/年，合计" not in zh


def test_the_wages_of_two_earners_are_said_as_theirs_together_not_as_one_figure_of_no_one():
    zh, en = (brief("DS-0005", lang) for lang in ("zh", "en"))
    # 84,000.00 is the spouse's 36,000.00 and the child's 48,000.00
    assert ("按实得收入算，配偶（50岁）和子女（23岁）的工资性收入（扣减就业成本）合计低于 29,400.00 元/年"
            "（现为 84,000.00 元/年，差 54,600.00 元/年；按 80% 计入）") in zh
    assert "即工资性收入" not in zh
    assert ("in income as received: wage income (less the cost of employment) of spouse (aged 50) and child (aged 23) "
            "together below 29,400.00 yuan/year (now 84,000.00 yuan/year") in en


def widow_and_disabled_son(supporter: str = "none") -> dict[str, Any]:
    """A widow of 59, born 1966-03-01, and her son disabled (physical, grade 1), on 2025-09-10."""
    head = {**member_of("p1", "head", "1966-03-01", sex="female", labor_capacity="weak"), "supporter": supporter}
    return household([head,
                      member_of("p2", "child", "1990-05-01", labor_capacity="none", disability_type="physical",
                                disability_grade=1)],
                     [{"type": "agriculture", "amount": 3000}], date="2025-09-10")


def test_a_yes_or_no_the_reason_has_named_is_not_said_again_only_the_day_it_will_hold():
    def said(data: dict[str, Any], lang: str) -> str:
        return render_brief(explain(decide(POLICIES["2024-transition"], data, "2025-09-10"), lang))
    zh, en = (said(widow_and_disabled_son(), lang) for lang in ("zh", "en"))
    # (the day is after the end of the policy in force, which the brief says once, after the first such day)
    assert ("户主（59岁）：未认定，因为不满足“无劳动能力（老年人、未满16周岁或在校就读的未成年人、"
            "仍在读义务教育或高中阶段的、重度残疾人或经评估无劳动能力）”这一条件："
            "户主（59岁）将于 2026-03-01 年满 60 周岁；"
            "本政策 2025-12-31 到期，届时按新政策认定。") in zh
    assert ("head of household (aged 59): not assigned, because the condition “unable to work (elderly / minor under "
            "16 or in school / "
            "still in compulsory or senior secondary school / severely disabled / "
            "assessed as unable to work)” is not met: head of household "
            "(aged 59) will turn 60 on 2026-03-01; this policy ends on "
            "2025-12-31, and a new policy decides from then.") in en
    for text in (zh, en):  # a label and "no" read aloud sounds like its opposite, and the reason has said it
        assert "为否" not in text and " — no" not in text
    # with another condition failing, the reason names both: the hint is said under the condition it is about
    zh = said(widow_and_disabled_son(supporter="able"), "zh")
    assert ("。不满足“无劳动能力”："  # named just before, said again by its words before the bracket
            "户主（59岁）将于 2026-03-01 年满 60 周岁；本政策 2025-12-31 到期，届时按新政策认定；"
            "但“无法定义务人或义务人无履行能力”这一条件也不满足，仅此一项仍不能认定。") in zh
    assert "为否" not in zh


def test_a_label_that_ends_in_a_bracket_is_not_followed_by_a_second_bracket():
    # `(dibao standard) (17,640.00 yuan)` read aloud is two asides in a row: the figure follows a comma, and says it
    # is that much (`(dibao standard), 17,640.00 yuan, 12,640.00 yuan below` was heard as two amounts listed)
    en = brief("DS-0005", "en")
    assert ("deposits per household member 5,000.00 yuan are below 36 months of the rural minimum living standard "
            "(dibao standard), amounting to 17,640.00 yuan, 12,640.00 yuan below") in en
    for example in ("DS-0001", "DS-0005", "DS-0012", "DS-0013"):
        for lang in ("zh", "en"):
            assert not re.search(r"\) \(|）（", brief(example, lang, "2025-06-01")), (example, lang)
    # a note on the figure has brackets of its own after it, in either language
    from engine.brief import _said_by_values
    said_as = {"rural minimum living standard (dibao standard) × 24 months":
               "24 months of the rural minimum living standard (dibao standard)"}
    sentence = ("deposits 20,000.00 yuan < rural minimum living standard (dibao standard) × 24 months "
                "(490.00 yuan/month × 24 months) 11,760.00 yuan (not met: they must be below 11,760.00 yuan)")
    assert _said_by_values(sentence, said_as, *EN_ASIDES)[0] == (
        "deposits 20,000.00 yuan < 24 months of the rural minimum living standard (dibao standard), amounting to "
        "11,760.00 yuan (not met: they must be below 11,760.00 yuan)")
    medical = {"医疗费用（个人自付部分） × 24 个月": "24 个月的医疗费用（个人自付部分）"}
    zh = _said_by_values("家庭人均存款 20,000.00 元 < 医疗费用（个人自付部分） × 24 个月（250.00 元/月 × 24 个月）"
                         "6,000.00 元（不满足：须低于 6,000.00 元）", medical, *ZH_ASIDES)[0]
    assert zh == ("家庭人均存款 20,000.00 元 < 24 个月的医疗费用（个人自付部分），即 6,000.00 元"
                  "（不满足：须低于 6,000.00 元）")


def test_members_who_would_sound_the_same_are_told_apart_by_their_ids_within_the_same_brackets():
    """Twins (a copy of the child, another id): `子女（12岁，p2）`, and the others as ever — not every member
    named `p1（户主（58岁））`, brackets within brackets."""
    path = next((ROOT / "examples" / "households").glob("DS-0001-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["members"].append({**data["members"][1], "id": "p3"})
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, "x.json", today=day), day)
    zh, en = (render_brief(explain(decision, lang)).splitlines() for lang in ("zh", "en"))
    assert zh[1] == "家庭成员：户主（58岁）、子女（12岁，p2）、子女（12岁，p3）"
    assert en[1] == "Members: head of household (aged 58), child (aged 12, p2) and child (aged 12, p3)"
    assert "子女（12岁，p2）的教育费用 800.00 元/年" in zh[4]


def test_a_household_in_no_category_whose_member_is_in_one_is_not_said_to_have_none():
    """Read aloud, `Result: none; sibling (aged 50): tekun` says no, then yes."""
    assert "\n认定结果：家庭不属于任何类别；兄弟姐妹（50岁）：特困人员\n" in brief("DS-0003")
    assert "\nResult: no household category; sibling (aged 50): person in extreme poverty (tekun)\n" in \
        brief("DS-0003", "en")  # a list entry, as the member's beside it, not half a sentence
    nobody = {lang: brief("DS-0023", lang, "2026-03-01", "post-transition") for lang in ("zh", "en")}
    assert "\n认定结果：无\n" in nobody["zh"] and "\nResult: none\n" in nobody["en"]  # (nobody in one)


def test_members_a_measure_gives_nothing_for_the_same_reason_are_said_once_together():
    """Six members of seven with no medical costs: one sentence names them, as `--explain` gives them one line."""
    members = [member_of("p1", "head", "1986-04-15", labor_capacity="full"),
               member_of("p2", "spouse", "1988-11-02", labor_capacity="weak"),
               member("p3", "2014-05-20", relation="child", student="compulsory", supporter="able"),
               member("p4", "2014-05-20", relation="child", sex="female", student="compulsory", supporter="able"),
               member("p5", "1957-06-10", relation="parent", sex="female", supporter="able")]
    data = household(members, [{"type": "wage", "member": "p1", "amount": 36000}],
                     [{"type": "medical", "member": "p5", "amount": 9000}])
    decision = decide(POLICIES["post-transition"], data, "2026-03-01")
    said = {lang: [line for line in render_brief(explain(decision, lang)).splitlines()
                   if line.startswith(("  医疗救助", "  medical assistance"))] for lang in ("zh", "en")}
    assert said["zh"] == [
        "  医疗救助（就高不就低）——户主（39岁）、配偶（37岁）、子女（11岁，p3）和子女（11岁，p4）："
        "无医疗费用（个人自付部分），无救助金额（医保部门）",
        "  医疗救助（就高不就低）——父母（68岁）：6,300.00 元/年（医保部门）"]
    assert said["en"][0] == (
        "  medical assistance (the highest applicable share) — head of household (aged 39), spouse (aged 37), child "
        "(aged 11, p3) and child (aged 11, p4): no medical costs paid out of pocket reported, so nothing to pay "
        "(medical insurance)")
    assert len(said["en"]) == 2


def test_an_expense_of_no_member_is_said_once_for_the_members_without_the_files_path():
    """Read aloud, `(expenses[0])` is a path of the file; the doubts above have said what to do about the line."""
    data = household([member_of("p1", "head", "1950-02-28"), member_of("p2", "spouse", "1966-03-01", sex="female")],
                     [{"type": "agriculture", "amount": 2000}], [{"type": "medical", "amount": 3000}],
                     assets={"deposits": 5000})
    decision = decide(POLICIES["post-transition"], data, "2026-02-28")
    said = {lang: render_brief(explain(decision, lang)) for lang in ("zh", "en")}
    assert ("  医疗救助（就高不就低）——户主（76岁）和配偶（59岁）：本人无医疗费用（个人自付部分）；"
            "未写明成员的 3,000.00 元/年不计入任何人，无救助金额（医保部门）\n") in said["zh"]
    assert ("  medical assistance (the highest applicable share) — head of household (aged 76) and spouse (aged 59): "
            "none of their own medical costs paid out of pocket; the 3,000.00 yuan/year written for no member counts "
            "for no one, so nothing to pay (medical insurance)\n") in said["en"]
    assert "expenses[" not in said["zh"] + said["en"]
    assert said["en"].count("medical assistance") == 1 + said["en"].count("given per member, does not count it")
    # the full explanation keeps the path, for the one who corrects the file
    assert "(expenses[0])" in render_text(explain(decision, "en"))


def test_members_named_by_id_are_joined_as_everywhere_else_in_chinese():
    """Where the policy does not describe members, the brief names them by id: `p1 和 p2`, as `--explain` and the
    next policy's line join them, not `p1和p2`."""
    undescribed = _undescribed("post-transition")
    data = household([member_of("p1", "head", "1986-04-15", labor_capacity="full"),
                      member_of("p2", "spouse", "1988-11-02", labor_capacity="weak"),
                      member_of("p3", "child", "2014-05-20", student="compulsory")],
                     [{"type": "wage", "member": "p1", "amount": 36000}])
    decision = decide(undescribed, data, "2026-03-01")
    zh, en = (render_brief(explain(decision, lang)) for lang in ("zh", "en"))
    assert "  ✘ 特困人员基本生活费——p1 和 p2：未给予，因为这两名成员都不属于“特困人员”\n" in zh
    assert "p1、p2 和 p3" in zh and "p2和" not in zh
    assert "  ✘ basic living support for persons in extreme poverty — p1 and p2: not given, because neither member " \
        "is a “person in extreme poverty (tekun)”\n" in en


def test_the_earners_named_by_id_in_a_hint_keep_the_space_before_whose_income_it_is():
    """Where the policy does not describe members, the hint of whose wages would have to fall ran the last id into
    `的`, `p1 和 p2的工资性收入`, as a description runs on (`户主（45岁）和配偶（42岁）的`), where `--explain` says
    `p1 和 p2 的`."""
    zh = render_brief(explain(_earners_undescribed(), "zh"))
    assert "按实得收入算，p1 和 p2 的工资性收入（扣减就业成本）合计低于 29,400.00 元/年" in zh, zh
    assert "p1 和 p2的" not in zh


def _undescribed(version: str) -> Any:
    """The shipped policy `version` without its `member_description`: each member named by id."""
    text = (ROOT / "policy" / f"{version}.yaml").read_text(encoding="utf-8")
    return policy_from_text("".join(line for line in text.splitlines(keepends=True)
                                    if not line.startswith("  member_description:")))


def _earners_undescribed() -> Any:
    """DS-0003 (two earners, a disabled member with his own expenses) decided by the transition policy that
    describes no member."""
    undescribed = _undescribed("2024-transition")
    path = next((ROOT / "examples" / "households").glob("DS-0003-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    when = datetime.date.fromisoformat(data["date"])
    return evaluate(undescribed, validate_household(data, undescribed, path.name, today=when), when)


@pytest.mark.parametrize("markdown, p1, p2, p4", [(False, "p1", "p2", "p4"), (True, "`p1`", "`p2`", "`p4`")],
                         ids=["text", "markdown"])
def test_an_income_or_expense_line_of_a_member_named_by_id_keeps_the_space_before_whose_it_is(
        markdown: bool, p1: str, p2: str, p4: str):
    """Where the policy does not describe members, the brief's income and expense lines ran the id into `的`,
    `p1的工资性收入`, as a description runs on (`户主（58岁）的工资性收入`), where every other line says `p1 的`; in
    markdown, the id as code, likewise `` `p1` 的 ``. English names the member first, as before."""
    zh = render_brief(explain(_earners_undescribed(), "zh"), markdown)
    assert (f"收入：{p1} 的工资性收入（扣减就业成本） 30,000.00 元/年（按 80% 计入 24,000.00 元/年）；"
            f"{p2} 的工资性收入（扣减就业成本） 24,000.00 元/年") in zh, zh
    assert f"支出：{p4} 的医疗费用（个人自付部分） 2,000.00 元/年；{p4} 的残疾康复费用 3,000.00 元/年" in zh, zh
    assert f"按实得收入算，{p1} 和 {p2} 的工资性收入（扣减就业成本）合计低于 29,400.00 元/年" in zh, zh
    assert not re.search(r"p[0-9]`?的", zh), zh
    en = render_brief(explain(_earners_undescribed(), "en"), markdown)
    assert f"Income: {p1}: wage income (less the cost of employment), 30,000.00 yuan/year" in en, en


@pytest.mark.parametrize("markdown, p1, p2", [(False, "p1", "p2"), (True, "`p1`", "`p2`")], ids=["text", "markdown"])
def test_a_doubt_a_default_and_a_grant_said_of_a_member_named_by_id_keep_the_spaces_around_the_id(
        markdown: bool, p1: str, p2: str):
    """Where the policy does not describe members, the brief ran an id into the Chinese words around it: a doubt and a
    default said whose figure it is (`p1的养老金…`, `p1 和 p2的患重特大疾病`), and the benefit a birthday brings said
    whose grant ends then (`即上文p2的特困人员基本生活费停发之时`), where a description runs on
    (`上文孙子女（17岁）的`)."""
    undescribed = _undescribed("post-transition")
    data = household([member("p1", "1950-02-28", relation="head"),
                      member("p2", "1966-03-01", relation="spouse", sex="female")],
                     [{"type": "pension", "member": "p1", "amount": 500}])
    zh = render_brief(explain(decide(undescribed, data, "2026-02-28"), "zh"), markdown)
    assert f"{p1} 的养老金、退休金（城乡居民基础养老金除外） 500.00 元/年：低于" in zh, zh
    assert f"{p2} 的在读学段：不在读" in zh and f"{p1} 和 {p2} 的患重特大疾病：否" in zh, zh
    minor = household([member_of("p1", "head", "1951-12-01", sex="female", labor_capacity="weak"),
                       member_of("p2", "grandchild", "2008-05-20", labor_capacity="weak", student="higher")],
                      [{"type": "agriculture", "amount": 3000}])
    decision = decide(undescribed, minor, "2026-03-01")
    zh = render_brief(explain(decision, "zh"), markdown)
    assert f"自 2026-05-20 起给予，即上文 {p2} 的特困人员基本生活费停发之时" in zh, zh
    assert not re.search(r"[^ ]`?p[0-9]`?的|文`?p[0-9]", zh), zh
    en = render_brief(explain(decision, "en"), markdown)
    assert f"given from 2026-05-20, when the basic living support for persons in extreme poverty of {p2} ends" in en


def test_a_value_left_out_is_said_in_words_with_the_member_first_not_as_a_working():
    """`has a serious illness of head of household (aged 76) = no` reads as a formula and as the illness's own."""
    data = household([member("p1", "1950-02-28", relation="head"),
                      member("p2", "1966-03-01", relation="spouse", sex="female")],
                     [{"type": "agriculture", "member": "p1", "amount": 2000}])
    decision = decide(POLICIES["post-transition"], data, "2026-02-28")
    said = {lang: [line for line in render_brief(explain(decision, lang)).splitlines() if line.startswith("⚠")]
            for lang in ("zh", "en")}
    en, zh = "\n".join(said["en"]), "\n".join(said["zh"])
    # a field left out for both: said once, then whose it is, not once per member
    for words in ("has a serious illness — taken as no for head of household (aged 76) and spouse (aged 59)",
                  "a member has a registered company or business — taken as no",
                  "head of household (aged 76): person with a legal duty of support — taken as none"):
        assert words in en, words
    for words in ("户主（76岁）和配偶（59岁）的患重特大疾病：否", "家庭成员注册有企业或个体工商户：否"):
        assert words in zh, words
    # schooling decides whether she, under 60, is unable to work (still at school at any age, 第十条); for him, 60 or
    # over, it decides education aid alone: one line each
    decides, assists = (next(line for line in said["en"] if line.startswith(start))
                        for start in ("⚠ the decision depends", "⚠ the assistance"))
    assert "spouse (aged 59): level of schooling — taken as not in school;" in decides
    assert "head of household (aged 76): level of schooling — taken as not in school;" in assists
    assert "配偶（59岁）的在读学段：不在读" in zh and "户主（76岁）的在读学段：不在读" in zh
    assert " = " not in en + zh and "(none)" not in en and "（空）" not in zh


def test_members_with_nothing_to_pay_are_said_together_unless_a_day_is_one_members():
    """A grant that comes to nothing and whose amount a member's birthday changes (`changes_to`), or that a birthday
    ends (`holds_until`), keeps its own line: said for several, the day would be given under every name. The members
    before and after it are said together still, not in two identical lines."""
    from engine.render import grouped_grants

    def zero(member: str, **day: str) -> dict[str, object]:
        return {"id": "medical", "location": "p.yaml:9", "zero": "nothing to pay", "member": member, **day}

    assert [m for _, m in grouped_grants([zero("p1"), zero("p2"), zero("p3")])] == [["p1", "p2", "p3"]]
    for day in ("changes_to", "holds_until"):  # the others are one line still, at the first one's place
        said = grouped_grants([zero("p1"), zero("p2", **{day: "p2 turns 60 on 2026-03-01"}), zero("p3")])
        assert [m for _, m in said] == [["p1", "p3"], ["p2"]]
        assert said[1][0][day] == "p2 turns 60 on 2026-03-01"
    other = {**zero("p2"), "id": "education_aid"}  # another measure between them: two lines of the first
    assert [m for _, m in grouped_grants([zero("p1"), other, zero("p3")])] == [["p1"], ["p2"], ["p3"]]


def test_a_side_worked_out_in_a_rule_of_several_parts_is_said_by_the_rule_s_words():
    # the clause's label names the rule as a whole: it cannot tell which of two comparisons a bare figure is of
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    rule = "test: rigid_expenses > rigid_expense_share * counted_income"
    policy = policy_from_text(text.replace(
        rule, rule + " and counted_income - rigid_expenses < dibao_standard * household_size", 1))
    data = {"id": "RG-1", "date": "2026-06-01",
            "members": [{"id": "p1", "relation": "head", "birth_date": "1970-04-15", "labor_capacity": "full"},
                        {"id": "p2", "relation": "spouse", "birth_date": "1972-11-02", "labor_capacity": "full"}],
            "income": [{"type": "agriculture", "amount": 30000}],
            "expenses": [{"type": "medical", "member": "p1", "amount": 22000}],
            "assets": {"deposits": 1000, "vehicles": 0, "extra_houses": 0, "registered_business": False}}
    day = datetime.date(2026, 6, 1)
    decision = evaluate(policy, validate_household(data, policy, "rg.json", today=day), day)
    zh, en = (render_brief(explain(decision, lang)) for lang in ("zh", "en"))
    assert ("高 7,000.00 元/年；计入收入减刚性支出（8,000.00 元/年），低于农村最低生活保障标准乘以家庭人口数"
            "（12,240.00 元/年），低 4,240.00 元/年。") in zh
    assert ("7,000.00 yuan/year above; counted income minus rigid expenses (8,000.00 yuan/year) is below the rural "
            "minimum living standard (dibao standard) times household size (12,240.00 yuan/year), 4,240.00 "
            "yuan/year below.") in en
    data["income"] = [{"type": "agriculture", "amount": 60000}]  # the second comparison fails
    data["expenses"] = [{"type": "medical", "member": "p1", "amount": 35000}]
    decision = evaluate(policy, validate_household(data, policy, "rg.json", today=day), day)
    assert ("；计入收入减刚性支出（25,000.00 元/年），高于农村最低生活保障标准乘以家庭人口数（12,240.00 元/年；"
            "不满足：须低于）。") in render_brief(explain(decision, "zh"))


def test_the_brief_and_the_explanation_end_with_how_long_the_review_takes():
    # what a household asks next is how long: the policy's `process:` (二、3 of the document) says it
    decided = decide(POLICIES["2024-transition"], mother_with_son_out_of_school(), "2025-06-01")
    zh, en = explain(decided, "zh"), explain(decided, "en")
    place = zh["process"].pop("location")
    assert place.endswith("policy/2024-transition.yaml:606")  # the `process:` key
    assert zh["process"] == {"review_working_days": 25, "special_case_working_days": 40,
                             "source": "dsz-2024-47 二、3 统一认定流程 / 附件4",
                             "cited": "大政发〔2024〕47号 二、3 统一认定流程 / 附件4",
                             "sentence": "审核时限：一般在 25 个工作日内完成，特殊情况不超过 40 个工作日"}
    assert render_brief(zh).splitlines()[-2:] == ["", "审核时限：一般在 25 个工作日内完成，特殊情况不超过 40 个工作日"
                                                      "（大政发〔2024〕47号 二、3 统一认定流程，附件4）"]
    assert render_text(explain(decided, "zh")).splitlines()[-1] == (
        f"审核时限：一般在 25 个工作日内完成，特殊情况不超过 40 个工作日  [{place} · "
        "大政发〔2024〕47号 二、3 统一认定流程 / 附件4]")
    assert render_markdown(explain(decided, "zh")).splitlines()[-2:] == ["", (
        f"审核时限：一般在 25 个工作日内完成，特殊情况不超过 40 个工作日（`{place}` · "
        "大政发〔2024〕47号 二、3 统一认定流程 / 附件4）")]  # the case file's report ends as the text does
    assert render_brief(en).splitlines()[-1] == (
        "Time limit of the review: usually decided within 25 working days, at most 40 working days in special cases "
        "(Dashi Town Doc. [2024] No. 47 Part II.3 (unifying the identification procedure), Annex 4)")
    # a policy that sets no time limit for special cases, or none at all, says what it sets
    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    one = policy_from_text(text.replace("  special_case_working_days: 40\n", "", 1))
    said = render_brief(explain(decide(one, mother_with_son_out_of_school(), "2025-06-01"), "zh"))
    assert said.splitlines()[-1].startswith("审核时限：一般在 25 个工作日内完成（") and "特殊情况" not in said
    start = text.index("\nprocess:")
    end = text.index("\n\n", start + 1) if "\n\n" in text[start + 1:] else len(text)
    none = policy_from_text(text[:start] + text[end:])
    said = render_text(explain(decide(none, mother_with_son_out_of_school(), "2025-06-01"), "zh"))
    assert "审核时限" not in said


def _county_decision(example: str) -> Any:
    policy = county_standards()
    path = next((ROOT / "examples" / "households").glob(f"{example}-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    when = datetime.date(2026, 3, 1)
    return evaluate(policy, validate_household(data, policy, path.name, today=when), when)


def test_a_figure_a_parameter_reads_cites_the_document_that_sets_it_where_the_sentence_does_not():
    decision = _county_decision("DS-0001")
    zh = render_brief(explain(decision, "zh")).splitlines()
    # the standard read aloud rests on the county's document: named after the articles, by the figure it sets, and
    # 大政发〔2024〕47号, which the basis names already, not again
    assert ("    依据：大政发〔2024〕47号 二、1 统一标准体系，二、1 统一核算标准，附件1；"
            "农村最低生活保障标准：县民发〔2026〕88号 第一条") in zh, zh
    en = render_brief(explain(decision, "en")).splitlines()
    assert any(line.endswith("; rural minimum living standard (dibao standard): County Civil Affairs Doc. [2026] "
                             "No. 88 Article 1") and line.startswith("    Source: Dashi Town Doc. [2024] No. 47 ")
               for line in en), en
    # a category said only to be preceded by another reads no figure aloud: nothing more to cite
    assert "    依据：大政发〔2024〕47号 二、1 统一标准体系" in zh
    # the dibao benefit's amount reads the standard; said where the department is
    said = "（试点工作专班；农村最低生活保障标准：县民发〔2026〕88号 第一条）"
    assert any(line.startswith("  最低生活保障金") and said in line for line in zh), zh


def test_an_amount_that_reads_a_parameter_cites_its_document_once_for_all_it_sets():
    zh = render_brief(explain(_county_decision("DS-0002"), "zh"))
    # 特困人员基本生活标准 is 1.3 times the dibao standard: the amount rests on both, one article
    assert ("元（试点工作专班；农村最低生活保障标准、特困人员基本生活标准：县民发〔2026〕88号 第一条）") in zh, zh
    # the shipped policy's parameters cite the document its categories and measures cite: nothing is added
    shipped = brief("DS-0002", day="2026-03-01", version="post-transition")
    assert "标准：" not in shipped and "元（试点工作专班）" in shipped, shipped


def test_the_full_explanation_cites_a_parameters_document_on_the_line_of_each_clause_and_amount_that_reads_it():
    decision = _county_decision("DS-0002")
    for lang, cited in (("zh", "；农村最低生活保障标准：县民发〔2026〕88号 第一条]"),
                        ("en", "; rural minimum living standard (dibao standard): County Civil Affairs Doc. [2026] "
                               "No. 88 Article 1]")):
        text = render_text(explain(decision, lang)).splitlines()
        clause = next(line for line in text if "per_capita_income" not in line and (
            "家庭人均收入低于低保标准：" in line or "per-capita income below the dibao standard:" in line))
        assert clause.endswith(cited), clause
        grant = next(line for line in text if line.startswith("  • ") and (
            "特困人员基本生活费" in line or "basic living" in line))
        assert grant.endswith(("、特困人员基本生活标准：县民发〔2026〕88号 第一条]",
                               ", basic living standard for persons in extreme poverty: County Civil Affairs Doc. "
                               "[2026] No. 88 Article 1]")), grant
        markdown = render_markdown(explain(decision, lang))
        escaped = cited.rstrip("]").replace("[", "\\[").replace("]", "\\]")  # (markdown shows a `[` as written)
        assert escaped + ("）" if lang == "zh" else ")") in markdown, markdown  # the brackets of its prose
    tree = explain(decision, "zh")
    dibao = next(c for c in tree["categories"] if c["id"] == "dibao")
    assert dibao["clauses"][0]["parameters_cited"] == [
        {"name": "dibao_standard", "label": "农村最低生活保障标准", "source": "xmz-2026-88 第一条",
         "cited": "县民发〔2026〕88号 第一条"}]
UNGIVEN = {  # figures 大政发〔2024〕47号 does not give, by what reads them: the county's to confirm
    "medical_assistance": ("medical_share_tekun", "medical_share_dibao", "medical_share_marginal",
                           "medical_share_rigid_expense", "medical_share_other_hardship"),
    "education_aid": ("education_grant_compulsory", "education_grant_high_school", "education_grant_higher"),
    "deposits": ("dibao_deposit_months", "marginal_deposit_months"),
}


@pytest.mark.parametrize("version", ["2024-transition", "post-transition"])
def test_the_shares_grants_and_deposit_months_the_document_does_not_give_are_parameters_to_confirm(version):
    policy = POLICIES[version]
    for name in (n for names in UNGIVEN.values() for n in names):
        param = policy.parameters[name]
        assert param.confirm is not None and "本地待确认值" in param.confirm.get("zh"), name
        assert "local value to confirm" in param.confirm.get("en") and param.source, name
    # the rules and measures read them by name: no figure of their own
    for measure in (m for m in policy.assistance if m.id in ("medical_assistance", "education_aid")):
        for option in measure.options:
            assert option.amount is not None and not re.search(r"[0-9]", option.amount.text), option.amount.text
    deposits = [c.test.text for cat in policy.categories for c in cat.clauses if c.id == "deposits"]
    assert deposits and not any(re.search(r"[0-9]", text) for text in deposits), deposits


@pytest.mark.parametrize(("version", "day"), [("2024-transition", "2025-06-01"), ("post-transition", "2026-03-01")])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_medical_share_an_education_grant_and_deposit_months_are_read_as_values_to_confirm(version, day, lang):
    """A dibao widow's medical costs, her son's schooling and her deposits: the share, the grant and the months the
    brief and the explanation read out are named in the closing lines of values to confirm."""
    from engine.render import confirm_lines

    tree = explain(_decided("DS-0001", day, version), lang)
    labels = [POLICIES[version].parameters[name].label.get(lang)
              for name in ("medical_share_dibao", "education_grant_compulsory", "dibao_deposit_months")]
    for text in (render_brief(tree), render_text(tree)):
        warned = [line for line in text.splitlines() if line.startswith("⚠ ")]
        assert all(any(label in line for line in warned) for label in labels), (labels, warned)
    assert all(any(label in line for line in confirm_lines(tree)) for label in labels)


@pytest.mark.parametrize(("version", "day"), [("2024-transition", "2025-06-01"), ("post-transition", "2026-03-01")])
def test_the_dibao_and_tekun_payments_are_the_pilot_working_group_s_as_part_iv_2_says(version, day):
    """四、2: 工作专班……负责最低生活保障对象、特困救助供养人员资金发放 — not the civil affairs office."""
    policy = POLICIES[version]
    for measure in (m for m in policy.assistance if m.id in ("dibao_benefit", "tekun_support")):
        assert policy.departments[measure.department].get("zh") == "试点工作专班", measure.id
        assert measure.source is not None and "四、2" in measure.source, measure.id
    zh, en = (render_brief(explain(_decided("DS-0001", day, version), lang)) for lang in ("zh", "en"))
    assert re.search(r"最低生活保障金（[^\n]*元/月[^\n]*（试点工作专班）\n", zh), zh
    assert "(pilot working group)\n" in en and "民政部门" not in zh and "civil affairs" not in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refusal_or_a_grant_resting_on_a_county_clause_to_confirm_is_marked_and_its_note_said_at_the_end(lang):
    from tests.helpers import COUNTY_CLAUSE, county_clause

    label, note = COUNTY_CLAUSE["label"][lang], COUNTY_CLAUSE["confirm"][lang]
    sep, mark = ("：", "”⚠") if lang == "zh" else (": ", "” ⚠")
    head = [member("p1", "1980-05-01", relation="head")]
    car = household(head, [{"type": "agriculture", "amount": 3000}], assets={"vehicles": 1})
    said = render_brief(explain(decide(county_clause(), car, "2026-03-01"), lang)).splitlines()
    dibao = next(x for x in said if x.startswith("  ✘ " + ("最低生活保障对象" if lang == "zh" else "minimum living")))
    assert f"“{label}{mark}" in dibao, dibao  # the refusal rests on it alone: marked where it is named
    assert f"⚠ {note}{sep}{label}" in said
    # granted, the category rests on it as on the others: marked among them, and named at the end
    without = household(head, [{"type": "agriculture", "amount": 3000}], assets={"vehicles": 0})
    said = render_brief(explain(decide(county_clause(), without, "2026-03-01"), lang)).splitlines()
    dibao = next(x for x in said if x.startswith("  ✔ "))
    assert f"{label}⚠" in dibao.replace(" ⚠", "⚠"), dibao
    assert f"⚠ {note}{sep}{label}" in said


def test_a_clause_to_confirm_of_a_category_another_came_before_goes_unsaid_in_the_brief_not_in_the_full_one():
    """Other persons in hardship come after dibao in their group: its `hardship` clause, the file's own ground, is
    not what a dibao household's decision rests on, so the brief does not name it; `--explain` lists every clause."""
    note = "本地增设的认定条件，以县级公布的认定办法为准（待确认）"
    tree = explain(_decided("DS-0001", "2026-03-01", "post-transition"), "zh")
    assert next(c for c in tree["categories"] if c["id"] == "other_hardship").get("preempted_by")
    assert note not in render_brief(tree)
    assert any(line.startswith(f"⚠ {note}：") for line in render_text(tree).splitlines())
    # a household that is one of them on that ground hears it marked, and its note at the end
    data = household([member("p1", "1970-05-01", relation="head")], [{"type": "agriculture", "amount": 12000}],
                     [{"type": "medical", "member": "p1", "amount": 6000}], housing={"safety_grade": "D"})
    said = render_brief(explain(decide(POLICIES["post-transition"], data, "2026-03-01"), "zh"))
    assert "✔ 其他困难人员" in said and "患重特大疾病或遭受灾害损失”⚠" in said, said
    assert f"⚠ {note}：住房或饮水不安全、患重特大疾病或遭受灾害损失" in said.splitlines()


def test_what_a_birthday_brings_a_member_after_the_households_benefit_names_the_member_and_replaces_nothing():
    """The dibao benefit doubles on a child's 16th birthday, and the child may then have employment services: said
    after the household's benefit, `from that day the member gets … instead` was heard as the benefit replaced, by
    services of a member not named; the Chinese (`届时可得…`) said neither."""
    data = household([member_of("p1", "head", "1990-01-01", disability_grade=3, disability_type="physical",
                                labor_capacity="weak"),
                      member_of("p2", "child", "2010-05-01", labor_capacity="full")],
                     [{"type": "agriculture", "amount": 5000}], [{"type": "medical", "member": "p1", "amount": 1000}])
    decision = decide(POLICIES["post-transition"], data, "2026-03-01")
    said = {lang: next(x for x in render_brief(explain(decision, lang)).splitlines()
                       if x.lstrip().startswith(("最低生活保障金", "dibao benefit"))) for lang in ("zh", "en")}
    assert said["zh"].endswith("届时金额改为 604.00 元/月；子女（15岁）届时可得就业帮扶（职业介绍、技能培训、"
                               "公益性岗位）；全年 6,644.00 元（302.00 元 × 2 个月 + 604.00 元 × 10 个月）"), said
    assert said["en"].endswith("from that day the amount is 604.00 yuan/month; from that day child (aged 15) gets "
                               "employment services (job placement / training / public-welfare jobs); 6,644.00 yuan "
                               "in a year (302.00 yuan × 2 months + 604.00 yuan × 10 months)"), said
    assert "instead" not in said["en"]


def test_a_hint_after_two_failed_conditions_names_the_condition_it_would_meet():
    """Income exactly on the line and deposits above theirs: read aloud after both, `this condition would be met if
    deposits …` could be heard of income too; the hint names its condition, as the reason did."""
    data = household([member_of("p1", "head", "1966-01-01", labor_capacity="full"),
                      member_of("p2", "spouse", "1968-01-01", labor_capacity="full")],
                     [{"type": "agriculture", "amount": 12240}], assets={"deposits": 36720})
    decision = decide(POLICIES["post-transition"], data, "2026-03-01")
    said = {lang: next(x for x in render_brief(explain(decision, lang)).splitlines()
                       if x.lstrip().startswith(("✘ 最低生活保障对象", "✘ minimum living guarantee")))
            for lang in ("zh", "en")}
    assert ("“deposits per head within 24 months of the dibao standard” ⚠ would be met if deposits per household "
            "member were at most 12,240.00 yuan (now 18,360.00 yuan)") in said["en"], said
    assert ("若家庭人均存款不超过 12,240.00 元（现为 18,360.00 元），“人均存款不超过24个月低保标准”⚠这一条件即可满足"
            in said["zh"]), said
    assert "this condition" not in said["en"] and "这一条件即可满足" not in said["zh"].replace("”⚠这一条件即可满足", "")
    # one failed condition: the reason has just named it, and `this condition` is plain
    alone = render_brief(explain(decide(POLICIES["post-transition"], data | {"income": [
        {"type": "agriculture", "amount": 10000}]}, "2026-03-01"), "en"))
    assert "; this condition would be met if deposits per household member were at most 12,240.00 yuan" in alone


def test_members_of_the_same_relation_and_age_are_told_apart_by_their_birth_month_before_their_ids():
    """Two children of 16: `子女（16岁，p2）` says nothing to the household; the month each was born does. The id
    only where that is the same too (twins)."""
    data = household([member_of("p1", "head", "1976-01-01", labor_capacity="full"),
                      member_of("p2", "child", "2010-03-15", student="high_school"),
                      member_of("p3", "child", "2009-06-01", student="high_school"),
                      member_of("p4", "child", "2009-09-20", student="high_school")],
                     [{"type": "agriculture", "amount": 20000}])
    decision = decide(POLICIES["post-transition"], data, "2026-03-01")
    zh, en = (render_brief(explain(decision, lang)).splitlines() for lang in ("zh", "en"))
    assert zh[1] == "家庭成员：户主（50岁）、子女（15岁）、子女（16岁，2009年6月生）、子女（16岁，2009年9月生）", zh[1]
    assert en[1] == ("Members: head of household (aged 50), child (aged 15), child (aged 16, born June 2009) "
                     "and child (aged 16, born September 2009)"), en[1]
    tree = explain(decision, "en")  # in the JSON tree, the month of the two alike
    assert [m.get("born") for m in tree["household_members"]] == [None, None, "2009-06", "2009-09"]
    jsonschema.validate(tree, json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text()))
    twins = household([member_of("p1", "head", "1976-01-01", labor_capacity="full"),
                       member_of("p2", "child", "2009-06-01"), member_of("p3", "child", "2009-06-20")])
    said = render_brief(explain(decide(POLICIES["post-transition"], twins, "2026-03-01"), "zh")).splitlines()
    assert said[1] == "家庭成员：户主（50岁）、子女（16岁，p2）、子女（16岁，p3）", said[1]


def _head_turning_60_as_the_transition_ends() -> tuple[Any, Any, Any]:
    """A head born 1966-01-01 decided on 2025-12-31, the transition's last day: its data, decision and the next
    policy's decision of them (dibao, and the head tekun, as he is 60 on 2026-01-01)."""
    from engine.successor import next_decision

    data = household([member_of("p1", "head", "1966-01-01", labor_capacity="weak"),
                      member_of("p2", "spouse", "1968-06-01")],
                     [{"type": "agriculture", "amount": 12000}], assets={"deposits": 24000})
    data["housing"] = {"safety_grade": "D"}
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 12, 31)
    decision = evaluate(policy, validate_household(data, policy, "h.json", today=day), day)
    then = next_decision(decision, data, "h.json", lambda: list(POLICIES.values()))
    return data, decision, then


def test_on_the_last_day_of_a_policy_the_brief_says_what_the_next_one_decides_for_the_household_and_its_members():
    from engine.successor import next_decision

    data, decision, then = _head_turning_60_as_the_transition_ends()
    assert then is not None and then.categories == ("dibao",) and then.members["p1"] == ("tekun",)
    said = render_brief(explain(decision, "en", then=then)).splitlines()
    assert said[2] == "Result: household on the margin of dibao and household monitored against returning to poverty"
    assert said[3] == (
        "From 2026-01-01, under Hunan rural low-income population policy (after the transition period), the same data "
        "give: minimum living guarantee (dibao) household; head of household (aged 60): person in extreme poverty "
        "(tekun); no longer counted as: household on the margin of dibao and household monitored against returning "
        "to poverty; dibao benefit (the monthly gap to the standard; tekun members excepted): 10.00 yuan/month; basic "
        "living support for persons in extreme poverty — head of household (aged 60): 663.00 yuan/month; no longer for "
        "head of household (aged 60): employment services (job placement / training / public-welfare jobs); "
        "reassess the household then")
    zh = render_brief(explain(decision, "zh", then=then)).splitlines()
    assert zh[3] == ("自 2026-01-01 起按《湖南农村低收入人口认定与救助帮扶政策（过渡期后）》，"
                     "同样的情况认定为：最低生活保障对象；"
                     "户主（60岁）：特困人员；不再是：低保边缘家庭成员、防止返贫监测对象；"
                     "最低生活保障金（按月补差发放，特困人员不重复计入）：10.00 元/月；"
                     "特困人员基本生活费——户主（60岁）：663.00 元/月；"
                     "户主（60岁）不再有：就业帮扶（职业介绍、技能培训、公益性岗位）；届时请重新认定")
    # the explanation names the members with their ids, as everywhere in it
    assert "→ 自 2026-01-01 起按《" in render_text(explain(decision, "zh", then=then))
    assert "户主（59岁）：特困人员" not in render_text(explain(decision, "zh", then=then))
    assert "p1（户主，60岁）：特困人员" in render_text(explain(decision, "zh", then=then))
    # a policy given alone: no next policy is known
    assert next_decision(decision, data, "h.json", lambda: [decision.policy]) is None


def test_the_next_policy_names_the_members_at_their_age_on_its_first_day_which_its_decision_rests_on():
    """A head born 1966-01-01 and decided on 2025-12-31 is 60 on 2026-01-01, which makes him tekun then: said at 59,
    `户主（59岁）：特困人员` would read aloud as a contradiction."""
    _, decision, then = _head_turning_60_as_the_transition_ends()
    assert then is not None
    zh = render_brief(explain(decision, "zh", then=then)).splitlines()
    assert zh[1] == "家庭成员：户主（59岁）、配偶（57岁）"  # today, as the rest of the brief
    assert "；户主（60岁）：特困人员；" in zh[3] and "特困人员基本生活费——户主（60岁）：663.00 元/月" in zh[3], zh[3]
    assert "59岁" not in zh[3], zh[3]
    en = render_brief(explain(decision, "en", then=then)).splitlines()
    assert "; head of household (aged 60): person in extreme poverty (tekun); " in en[3], en[3]
    assert "aged 59" not in en[3], en[3]
    # --explain names them with their ids, on the same day
    tree = explain(decision, "zh", then=then)
    assert "p1（户主，60岁）：特困人员" in tree["next_policy"]["sentence"]
    assert "→ 自 2026-01-01 起" in render_text(tree) and "p1（户主，59岁）：特困人员" not in render_text(tree)
    # the JSON says whom it names, and how, as the explanation's own `household_members` does
    assert tree["next_policy"]["household_members"] == [{"id": "p1", "description": "户主，60岁"},
                                                         {"id": "p2", "description": "配偶，57岁"}]


def test_markdown_names_the_members_of_the_next_policys_line_as_its_result_lines_do_with_their_ids_in_backticks():
    _, decision, then = _head_turning_60_as_the_transition_ends()
    for lang, line in (("zh", "；`p1`（户主，60岁）：特困人员；"),
                       ("en", "; `p1` (head of household, aged 60): person in extreme poverty (tekun); ")):
        said = render_markdown(explain(decision, lang, then=then))
        assert "**家庭成员：** `p1`（户主，59岁）" in said or "**Members:** `p1` (head of household, aged 59)" in said
        head = next(s for s in said.splitlines() if s.startswith("→ "))
        assert line in head, head
        assert head.count("`p1`") == 3 and head.count("p1") == 3, head  # each of its three namings
    # the text explanation keeps them plain, as its result lines do
    assert "；p1（户主，60岁）：特困人员；" in render_text(explain(decision, "zh", then=then))


def _alone_turning_60_after_the_transition(day: str) -> Any:
    """A head alone, able to work, born 1966-01-01: dibao under the transition, 60 the day after its end."""
    data = household([member_of("p1", "head", "1966-01-01", labor_capacity="full")],
                     [{"type": "agriculture", "amount": 3000}], assets={"deposits": 2000})
    return decide(POLICIES["2024-transition"], data, day)


def test_a_day_after_the_policy_ends_is_told_once_where_it_is_read_first():
    """Read aloud, the head's 60th birthday after the policy's end was told three times: on tekun's reason, on the
    dibao benefit's line after `until 2025-12-31, when this policy ends, …`, and on employment services'."""
    decision = _alone_turning_60_after_the_transition("2025-11-01")
    for lang, day, first in (
            ("zh", "将于 2026-01-01 年满 60 周岁",
             "户主（59岁）将于 2026-01-01 年满 60 周岁；本政策 2025-12-31 到期，届时按新政策认定。"),
            ("en", "will turn 60 on 2026-01-01",
             "head of household (aged 59) will turn 60 on 2026-01-01; this policy ends on 2025-12-31, and a new "
             "policy decides from then.")):
        said = render_brief(explain(decision, lang))
        assert said.count(day) == 1, said
        tekun = next(line for line in said.splitlines() if line.startswith("    ") and day in line)
        assert tekun.endswith(first), tekun  # the tekun reason, read before the assistance
        benefit = next(line for line in said.splitlines() if "2025-12-31" in line and line.startswith("  ")
                       and ("最低生活保障金" in line or "dibao benefit" in line))
        assert benefit.endswith("（试点工作专班）" if lang == "zh" else "(pilot working group)"), benefit
        # `--explain` stays complete: each line says it
        assert render_text(explain(decision, lang)).count(day) == 3


def test_a_day_after_the_policy_ends_is_not_told_on_the_lines_after_the_next_policys_line():
    """The next policy's line says what it decides from its first day, of the members at their age then, and that the
    household is decided again: a birthday after the end, with its `a new policy decides from then`, says nothing
    more, and beside a later date would be heard as the new policy starting then."""
    _, decision, then = _head_turning_60_as_the_transition_ends()
    assert then is not None
    for lang, day in (("zh", "将于 2026-01-01 年满 60 周岁"), ("en", "will turn 60 on 2026-01-01")):
        assert day in render_brief(explain(decision, lang))  # without the line, it is told
        said = render_brief(explain(decision, lang, then=then))
        assert day not in said, said
        assert day in render_text(explain(decision, lang, then=then))
    # a grandson turning 18 in June: neither on his tekun support nor on the dibao benefit withheld
    data = household([member_of("p1", "head", "1955-03-03", labor_capacity="none"),
                      member_of("p2", "grandchild", "2008-06-01", labor_capacity="full", student="higher")],
                     [{"type": "agriculture", "amount": 4000}], assets={"deposits": 1000})
    policy, day = POLICIES["2024-transition"], datetime.date(2025, 12, 20)
    june = evaluate(policy, validate_household(data, policy, "h.json", today=day), day)
    from engine.successor import next_decision

    later = next_decision(june, data, "h.json", lambda: list(POLICIES.values()))
    assert later is not None
    for lang, turns in (("zh", "将于 2026-06-01 年满 18 周岁"), ("en", "will turn 18 on 2026-06-01")):
        assert render_brief(explain(june, lang)).count(turns) == 1  # told once, on his tekun support
        assert turns not in render_brief(explain(june, lang, then=later))


UNABLE = {"zh": "无劳动能力（老年人、未满16周岁或在校就读的未成年人、仍在读义务教育或高中阶段的、"
                "重度残疾人或经评估无劳动能力）",
          "en": "unable to work (elderly / minor under 16 or in school / still in compulsory or senior secondary "
                "school / severely disabled / assessed as unable to work)"}


def test_a_long_label_the_reason_has_just_named_is_said_again_without_its_bracket():
    """The reason names the conditions that fail; the hint after it said “unable to work (…)” again, and a third time
    in `income has no bearing on “unable to work (…)”`: read aloud, its words before the bracket tell which it is."""
    student = household([member_of("p1", "head", "1970-05-05", labor_capacity="full"),
                         member("p2", "2006-06-06", relation="child", supporter="able", student="higher")],
                        [{"type": "agriculture", "amount": 9000}])
    for lang, said in (("zh", "。不满足“无劳动能力”：在读学段为“高等教育”时，须未满 18 周岁才符合这一条件，"
                              "现已 19 周岁；"),
                       ("en", ". “Unable to work” is not met: with level of schooling “higher education”, this "
                              "condition holds only under the age of 18, and the member is 19; ")):
        said_aloud = render_brief(explain(decide(POLICIES["2024-transition"], student, "2025-10-01"), lang))
        line = next(line for line in said_aloud.splitlines() if line.startswith(("    子女（19岁）：",
                                                                                  "    child (aged 19):")))
        assert said in line and line.count(UNABLE[lang]) == 1, line
    # the head of DS-0003 earns too much and can work: income has no bearing on the latter, said by its short name
    for lang, said in (("zh", "；“无劳动能力”与收入无关，仅收入变化不能改变认定结果。"),
                       ("en", "; income has no bearing on “unable to work”, so a change of income alone would not "
                              "change the decision.")):
        head = next(line for line in brief("DS-0003", lang).splitlines()
                    if line.startswith(("    户主（45岁）：", "    head of household (aged 45):")))
        assert head.endswith(said) and head.count(UNABLE[lang]) == 1, head
        spouse = brief("DS-0008", lang, "2025-06-01").splitlines()[8]  # after "both must be met", briefly
        assert spouse.endswith("其中“无劳动能力”与收入无关。" if lang == "zh" else
                               "income has no bearing on “unable to work”."), spouse
        assert spouse.count(UNABLE[lang]) == 1, spouse


def test_a_label_said_again_keeps_its_bracket_where_another_condition_named_with_it_would_be_said_alike():
    text = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    old = "en: no person with a duty of support or none able to support}"
    assert old in text
    alike = policy_from_text(text.replace(old, "en: unable to work (no one able to support)}"))
    student = household([member_of("p1", "head", "1970-05-05", labor_capacity="full"),
                         member("p2", "2006-06-06", relation="child", supporter="able", student="higher")],
                        [{"type": "agriculture", "amount": 9000}])
    said = render_brief(explain(decide(alike, student, "2025-10-01"), "en"))
    # a sentence that begins with a quote begins with a capital in it
    assert f". “U{UNABLE['en'][1:]}” is not met: with level of schooling" in said


@pytest.mark.parametrize(("example", "day", "version", "lang", "said"), [
    ("DS-0007", "2025-06-01", "2024-transition", "zh",
     "就业帮扶（职业介绍、技能培训、公益性岗位）——户主（55岁）：金额由人社部门核定，本政策未作规定"),
    ("DS-0007", "2025-06-01", "2024-transition", "en",
     "employment services (job placement / training / public-welfare jobs) — head of household (aged 55): amount "
     "decided by the human resources and social security department, not set by this policy"),
    ("DS-0003", "2026-03-01", "post-transition", "zh",
     "残疾人两项补贴与康复服务——兄弟姐妹（51岁）：金额由残联核定，本政策未作规定"),
    ("DS-0003", "2026-03-01", "post-transition", "en",
     "disability allowances and rehabilitation services — sibling (aged 51): amount decided by the disabled "
     "persons' federation, not set by this policy"),
])
def test_a_measure_without_an_amount_names_the_department_that_decides_it_in_the_sentence(
        example: str, day: str, version: str, lang: str, said: str):
    """`由该部门核定（住建部门）` reads aloud as "decided by that department — housing"; the summary, which never names
    the department, has `该部门` point at nothing: the sentence names it, once."""
    t = explain(_decided(example, day, version), lang)
    lines = render_brief(t).splitlines()
    assert f"  {said}" in lines
    summary = render_summary(t)
    assert said.partition("—" if lang == "zh" else " — ")[2].partition("：" if lang == "zh" else ": ")[2] in summary
    for text in (render_brief(t), summary, render_text(t)):
        assert "该部门" not in text and "the department decides" not in text


def two_farming(amount: float) -> tuple[str, str]:
    """The briefs, in Chinese and English, of two adults who can work with farm income `amount` a year, 2025-06-01."""
    members = [{**member_of(f"p{i}", relation, "1975-01-01"), "supporter": "able"}
               for i, relation in enumerate(("head", "spouse"), 1)]
    data = household(members, [{"type": "agriculture", "amount": amount}])
    zh, en = (render_brief(explain(decide(POLICIES["2024-transition"], data, "2025-06-01"), lang))
              for lang in ("zh", "en"))
    return zh, en


def test_a_margin_read_out_is_the_difference_of_the_figures_read_out_beside_it():
    """7,001.01 ÷ 2 is 3,500.505: read out as 3,500.51, 2,379.49 below 5,880.00, as a check by hand finds it."""
    zh, en = two_farming(7001.01)
    assert "家庭年人均收入 3,500.51 元/年，低于农村最低生活保障标准 5,880.00 元/年，低 2,379.49 元/年；" in zh
    assert "低于防止返贫监测收入范围 7,300.00 元/年，低 3,799.49 元/年。" in zh
    assert ("Annual per-capita income 3,500.51 yuan/year is below the rural minimum living standard (dibao standard) "
            "5,880.00 yuan/year, 2,379.49 yuan/year below;") in en
    assert "7,300.00 yuan/year, 3,799.49 yuan/year below." in en
    zh, en = two_farming(11759.99)  # 5,879.995: half a fen below the line
    assert "家庭年人均收入 5,879.995 元/年，低于农村最低生活保障标准 5,880.00 元/年，低不到 0.01 元/年；" in zh
    assert "5,880.00 yuan/year, less than 0.01 yuan/year below;" in en


def test_a_members_measure_a_birthday_brings_is_told_that_day_once():
    # the birthday's line says what it brings; the measure not given, listed after it, why not yet, not the day again
    data = {"id": "T-16", "members": [
        {"id": "p1", "relation": "head", "birth_date": "1970-05-01", "labor_capacity": "weak", "supporter": "none"},
        {"id": "p2", "relation": "child", "birth_date": "2010-06-01", "labor_capacity": "full", "supporter": "able"}],
        "income": [{"type": "agriculture", "amount": 3000}], "expenses": [],
        "assets": {"deposits": 0, "vehicles": 0, "extra_houses": 0, "registered_business": False},
        "housing": {"safety_grade": "B"}, "drinking_water": {"safe": True}}
    policy, day = POLICIES["post-transition"], datetime.date(2026, 3, 1)
    decision = evaluate(policy, validate_household(data, policy, "t", today=day), day)
    for lang, birthday, not_yet in (
            ("zh", "子女（15岁）将于 2026-06-01 年满 16 周岁",
             "✘ 就业帮扶（职业介绍、技能培训、公益性岗位）——子女（15岁）：未给予，因为年龄（周岁） 15 岁，低于 16 岁"
             "（不满足：须不低于 16 岁）\n"),
            ("en", "child (aged 15) will turn 16 on 2026-06-01",
             "✘ employment services (job placement / training / public-welfare jobs) — child (aged 15): not given, "
             "because age in full years 15 years is below 16 years (not met: it must be at least 16 years)\n")):
        said = render_brief(explain(decision, lang))
        assert not_yet in said
        assert said.count(birthday) == 1


@pytest.mark.parametrize("lang, deposits", [
    ("zh", "人均存款不超过24个月低保标准"), ("en", "deposits per head within 24 months of the dibao standard")])
def test_a_clause_label_that_writes_a_figure_to_confirm_is_marked_wherever_the_brief_says_it(lang: str, deposits: str):
    """24 of `人均存款不超过24个月低保标准` is `dibao_deposit_months`, a value to confirm: read aloud at the door, the
    reason, what would meet it and that income has no bearing on it name the label marked ⚠ after its quotes, as
    `--explain`, `policy doc` and `policy diff` mark it, and never unmarked."""
    data = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    data["assets"]["deposits"] = 30000  # 15,000 a head: over 24 months of the standard
    data["income"][0]["amount"] = 8000  # and income over the standard too
    said = render_brief(explain(decide(POLICIES["2024-transition"], data, "2025-06-01"), lang))
    quoted = f"“{deposits}”⚠" if lang == "zh" else f"“{deposits}” ⚠"
    dibao = next(line for line in said.splitlines() if line.startswith("  ✘ " + ("最低生活保障对象" if lang == "zh"
                                                                                  else "minimum living")))
    if lang == "zh":
        assert f"因为不满足“家庭人均收入低于低保标准”、{quoted}这 2 项条件（共 5 项）" in dibao, dibao
        assert f"{quoted}这一条件即可满足" in dibao and f"其中{quoted}与收入无关" in dibao
    else:
        assert f"“per-capita income below the dibao standard” and {quoted}." in dibao, dibao
        assert f"{quoted} would be met if" in dibao and f"income has no bearing on {quoted}." in dibao
    assert dibao.count(f"“{deposits}”") == dibao.count(quoted) == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_parts_its_paragraphs_and_headings_by_one_blank_line(lang: str):
    """A heading, the figures to confirm and the review's time limit each follow one blank line, not two: the
    paragraph before them already ends in one."""
    decisions = {path.name[:7]: _decided(path.name[:7], "2025-06-01")
                 for path in sorted((ROOT / "examples" / "households").glob("DS-*.json"))}
    # a medical bill written for no member: a doubt, said in a list of its own before the categories
    decisions["doubted"] = decide(POLICIES["post-transition"], household(
        [member_of("p1", "head", "1950-02-28"), member_of("p2", "spouse", "1966-03-01", sex="female")],
        [{"type": "agriculture", "amount": 2000}], [{"type": "medical", "amount": 3000}]), "2026-02-28")
    said: dict[str, str] = {}
    for example, decision in decisions.items():
        markdown = said[example] = render_brief(explain(decision, lang), markdown=True)
        assert "\n\n\n" not in markdown, (example, markdown)
        assert markdown.endswith("\n") and not markdown.endswith("\n\n"), example
    assert "\n- " in said["doubted"].split("\n## ")[0], said["doubted"]
    lines = said["DS-0001"].splitlines()
    heading = "## 各类别认定情况" if lang == "zh" else "## Categories"
    limit = "审核时限" if lang == "zh" else "Time limit of the review"
    for part in (heading, "⚠", limit):
        at = next(i for i, line in enumerate(lines) if line.startswith(part))
        assert lines[at - 1] == "" and lines[at - 2] != "", (part, lines[at - 3:at + 1])


@pytest.mark.parametrize("lang, said", [
    ("en", "because the condition “second” is not met. “Every member is aged under 60 or their relation to the head is "
           "‘spouse’”: no."),
    ("zh", "因为不满足“乙”这一条件。“所有成员未满 60 周岁 或 与户主关系为配偶”：否。"),
], ids=["en", "zh"])
def test_a_sentence_that_begins_with_a_quote_begins_with_a_capital(lang: str, said: str):
    """Of a failing `all` that has no plain opposite, the brief says the condition in quotes after a full stop: in
    English its first word was lowercase (`… is not met. “every member …”: no.`), as no sentence begins; so was a
    label a sentence began with (`. “unable to work” is not met`)."""
    text = (ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml").read_text(encoding="utf-8")
    members = "      - {id: members, label: {zh: 有家庭成员, en: has members}, test: count(members) > 0}\n"
    rules = members + ("      - {id: ages, label: {zh: 乙, en: second}, "
                       "test: 'all(members, age < 60 or relation == \"spouse\")'}\n")
    assert text.count(members) == 1
    data = household([{"id": "p1", "relation": "head", "birth_date": "1950-01-01"},
                      {"id": "p2", "relation": "child", "birth_date": "2015-01-01"}])
    tree = explain(decide(policy_from_text(text.replace(members, rules)), data, "2026-12-15"), lang)
    assert said in render_brief(tree), render_brief(tree)


@pytest.mark.parametrize("lang, day, said", [
    ("zh", "2026-12-01", "200.00 元/月，至 2027-01-31，仅 2027-04-01 当日再次给予，当日为本政策到期日，届时按新政策认定"
                         "（民政；"),
    ("zh", "2026-12-15", "200.00 元/月，至 2027-01-31，仅 2027-04-01 当日再次给予，当日为本政策到期日，不是发放日，"
                         "不予发放，届时按新政策认定（民政；"),
    ("en", "2026-12-01", "200.00 yuan/month, until 2027-01-31, and again on 2027-04-01 alone, the day this policy "
                         "ends, and a new policy decides from then (civil affairs; "),
    ("en", "2026-12-15", "200.00 yuan/month, until 2027-01-31, and again on 2027-04-01 alone, the day this policy ends "
                         "and not a payday, so nothing is paid for it, and a new policy decides from then (civil "
                         "affairs; "),
], ids=["zh-payday", "zh-no-payday", "en-payday", "en-no-payday"])
def test_a_grant_given_again_on_the_policys_last_day_says_that_day_with_no_bracket_before_the_department(
        lang: str, day: str, said: str):
    """Given again on 2027-04-01 alone, the policy's last day: the brief said `…当日再次给予（本政策到期日），届时按新
    政策认定（民政；…）`, two brackets in one sentence, heard as one aside inside another. The policy's end is said as
    a clause, so the department's bracket is the line's only one."""
    text = (ROOT / "tests" / "fixtures" / "policies" / "returning_grants.yaml").read_text(encoding="utf-8")
    window = "effective: {from: 2026-01-01}"
    assert text.count(window) == 1
    policy = policy_from_text(text.replace(window, "effective: {from: 2026-01-01, to: 2027-04-01}"))
    tree = explain(decide(policy, household([{"id": "p1", "relation": "head", "birth_date": "1980-05-01"}]), day),
                   lang)
    line = next(x for x in render_brief(tree).splitlines() if x.startswith(("  季节补贴", "  seasonal subsidy")))
    assert said in line, line
    assert line.count("（" if lang == "zh" else "(") == 1, line
