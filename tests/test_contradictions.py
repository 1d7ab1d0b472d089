"""Conditions that can never hold, or always hold (C031): the mini policy with one rule changed, the way an
officer would change it, and what must not be warned of."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.diagnostics import Diagnostic
from tests.helpers import ROOT, diagnostics_of_text
from tests.test_checker import INCOME, OLD, POOR, diagnose, shipped_with, shown_as_in_the_catalogue

MARGINAL_INCOME = "        test: per_capita_income < marginal_line\n"


def c031(found: list[Diagnostic]) -> list[Diagnostic]:
    assert all(d.code in ("C031", "C005") for d in found), [(d.code, d.message) for d in found]
    return [d for d in found if d.code == "C031"]


def one(replacements: dict[str, str]) -> Diagnostic:
    found = c031(diagnose(replacements))
    assert len(found) == 1, [d.message for d in found]
    assert found[0].severity == "warning"
    return found[0]


def test_a_margin_whose_bounds_are_the_wrong_way_round_is_warned_of_as_the_catalogue_shows():
    """`marginal_line` is a definition computed from parameters alone: its value is the policy's."""
    slipped = shipped_with(MARGINAL_INCOME, "        test: per_capita_income >= marginal_line and "
                                            "per_capita_income < dibao_standard\n")
    shown_as_in_the_catalogue(
        diagnostics_of_text(slipped, "policy/post-transition.yaml"), ("C031", "warning", 426, 15, 88),
        ("`per_capita_income >= marginal_line` and `per_capita_income < dibao_standard` can never both hold: they "
         "exclude each other (`marginal_line` is 9,180.00 yuan/year, `dibao_standard` is 6,120.00 yuan/year)",
         "no value of `per_capita_income` meets both, so category `dibao_marginal` is never assigned: check the "
         "bound or the value that is wrong (a lower bound above the upper one: if they are the wrong way round, swap "
         "them), or write `or` if either is meant"),
        ("`per_capita_income >= marginal_line` 与 `per_capita_income < dibao_standard` 不可能同时成立：互相矛盾"
         "（`marginal_line` 为 9,180.00 元/年，`dibao_standard` 为 6,120.00 元/年）",
         "`per_capita_income` 没有任何取值能同时满足两者，类别 `dibao_marginal` 因此永远不会被认定："
         "请核对写错的界限或取值（下限高于上限：如果两者写反了，请互换）；如果满足其一即可，请改用 `or`"))
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    found = diagnostics_of_text(slipped, "policy/post-transition.yaml")[0].in_lang("zh")
    assert f"policy/post-transition.yaml:426:15: 警告[C031]: {found.message}\n" in catalogue
    assert f"  提示：{found.help}\n" in catalogue


def test_the_band_the_officer_meant_is_no_warning():
    meant = shipped_with(MARGINAL_INCOME, "        test: per_capita_income >= dibao_standard and "
                                          "per_capita_income < marginal_line\n")
    assert diagnostics_of_text(meant, "policy/post-transition.yaml") == []


def test_bounds_of_one_value_that_exclude_each_other():
    found = one({OLD: "test: age >= 60 and age < 16}"})
    assert found.message == "`age >= 60` and `age < 16` can never both hold: they exclude each other"
    assert found.help is not None and "so category `tekun` is never assigned" in found.help
    assert (found.span.line, found.span.column, found.span.end_column) == (42, 50, 72)  # both tests
    assert found.zh is not None and found.zh[0] == "`age >= 60` 与 `age < 16` 不可能同时成立：互相矛盾"


@pytest.mark.parametrize("test", [
    "age > 60 and age < 60",
    "age >= 60 and age <= 59",
    "age == 60 and age != 60",
    "age > 60 and age == 60",
    "not (age < 60) and age < 60",
    "age in [60, 70] and age in (70, 80)",
    "age >= 18 and household_size > 1 and age < 18",  # other tests between them
])
def test_more_bounds_that_exclude_each_other(test):
    assert one({OLD: f"test: '{test}'}}"}).message.endswith("can never both hold: they exclude each other")


def crossing(replacements: dict[str, str]) -> Diagnostic:
    """The one finding of a range whose bounds cross: an error, as any range that ends before it starts (C014)."""
    found = [d for d in diagnose(replacements) if d.code != "C005"]
    assert [(d.code, d.severity) for d in found] == [("C014", "error")], [(d.code, d.message) for d in found]
    return found[0]


@pytest.mark.parametrize("test", ["household_size in [4, 1]",
                                  "per_capita_income in [1.5 * dibao_standard, dibao_standard)",
                                  "per_capita_income in [7000 yuan/year, 7000 yuan/year)"])
def test_a_range_whose_bounds_cross_is_an_error_as_its_category_or_measure_is_never_granted(test):
    """No household falls in it whatever the household: the category or measure it decides is never granted."""
    found = crossing({INCOME: f"test: {test}\n"})
    assert found.message.startswith(f"`{test}` can never hold: the range starts")


def test_a_range_whose_bounds_cross_names_them_with_their_values():
    found = crossing({INCOME: "test: per_capita_income in [1.5 * dibao_standard, dibao_standard)\n"})
    assert found.message == ("`per_capita_income in [1.5 * dibao_standard, dibao_standard)` can never hold: the range "
                             "starts at `1.5 * dibao_standard` (8,820.00 yuan/year) and ends at `dibao_standard` "
                             "(5,880.00 yuan/year), before it starts")
    assert found.zh is not None and found.zh[0] == (
        "`per_capita_income in [1.5 * dibao_standard, dibao_standard)` 永远不成立：这个区间的起点 "
        "`1.5 * dibao_standard`（8,820.00 元/年）大于终点 `dibao_standard`（5,880.00 元/年），没有任何值落在其中")
    empty = crossing({INCOME: "test: per_capita_income in [dibao_standard, 490 yuan/month)\n"})
    assert "starts and ends at `dibao_standard` (5,880.00 yuan/year), and leaves that value out" in empty.message


@pytest.mark.parametrize("test, meant", [
    ("household_size in [4, 1]", "household_size in [1, 4]"),
    ("per_capita_income in [1.5 * dibao_standard, dibao_standard)",
     "per_capita_income in [dibao_standard, 1.5 * dibao_standard)"),
])
def test_a_range_whose_bounds_cross_is_told_the_range_to_write(test, meant):
    """Bounds the wrong way round are the usual slip: the help writes the range out swapped, each bracket kept."""
    found = crossing({INCOME: f"test: {test}\n"})
    assert found.help is not None and found.help.endswith(
        f": if the bounds are the wrong way round, write `{meant}`"), found.help
    assert found.zh is not None and found.zh[1].endswith(f"：如果起点与终点写反了，请改为 `{meant}`"), found.zh


def test_a_range_that_starts_and_ends_at_one_value_is_not_told_to_swap():
    found = crossing({INCOME: "test: per_capita_income in [dibao_standard, 490 yuan/month)\n"})
    assert found.help is not None and found.help.endswith("check the bounds or the values it names")


def test_values_of_an_enum_that_exclude_each_other():
    found = one({INCOME: 'test: housing.safety_grade == "C" and housing.safety_grade == "D"\n'})
    assert found.message.startswith('`housing.safety_grade == "C"` and `housing.safety_grade == "D"` can never')
    found = one({INCOME: 'test: housing.safety_grade not in {"A", "B"} and housing.safety_grade in {"A"}\n'})
    assert found.message.startswith('`housing.safety_grade not in {"A", "B"}` and `housing.safety_grade in {"A"}`')


def test_every_value_of_an_enum_always_holds():
    found = one({INCOME: 'test: housing.safety_grade in {"A", "B", "C", "D"}\n'})
    assert found.message == ('`housing.safety_grade in {"A", "B", "C", "D"}` always holds: `housing.safety_grade` '
                             'takes only "A", "B", "C", "D"')
    assert found.help == ("it holds for every household and decides nothing: name only the values meant, or remove "
                          "the test")
    assert found.zh == ('`housing.safety_grade in {"A", "B", "C", "D"}` 总是成立：`housing.safety_grade` 的取值只有 '
                        '"A"、"B"、"C"、"D"',
                        "它对任何家庭都成立，起不到区分作用：请只写应当包括的取值，或删去这项判断")


def test_the_declared_bounds_of_an_input():
    never = one({OLD: "test: disability_grade > 4}"})
    assert never.message == "`disability_grade > 4` can never hold: `disability_grade` is declared from 1 to 4"
    always = one({INCOME: "test: assets.deposits >= 0\n"})
    assert always.message == "`assets.deposits >= 0` always holds: `assets.deposits` is declared at least 0"
    assert always.zh is not None
    assert always.zh[0] == "`assets.deposits >= 0` 总是成立：`assets.deposits` 声明的最小值为 0"


def test_or_that_takes_in_every_value():
    found = one({INCOME: "test: per_capita_income < dibao_standard or per_capita_income >= dibao_standard\n"})
    assert found.message == ("`per_capita_income < dibao_standard` or `per_capita_income >= dibao_standard` always "
                             "holds: together they take in every value of `per_capita_income` (`dibao_standard` is "
                             "5,880.00 yuan/year)")
    assert found.help is not None and found.help.endswith("or write `and` if both are meant")


def test_two_clauses_of_one_category_that_exclude_each_other_are_warned_of_at_the_later():
    found = one({OLD: "test: age >= 60}", POOR: "test: age < 16}"})
    assert found.message == ("this clause and clause `old` (line 42) can never both hold: `age >= 60` and `age < 16` "
                             "exclude each other")
    assert (found.span.line, found.span.column) == (43, 52)
    assert found.zh is not None and found.zh[0] == (
        "本条款与条款 `old`（第 42 行）不可能同时成立：`age >= 60` 与 `age < 16` 互相矛盾")


@pytest.mark.parametrize("replacements", [
    {OLD: "test: age >= 60 or age < 16}"},  # `or`: either will do
    {INCOME: "test: per_capita_income < dibao_standard or assets.deposits >= 1 yuan\n"},  # different values
    {OLD: "test: age >= 16 and age <= 59}"},  # a band
    {INCOME: 'test: any(members where age >= 60) and any(members where age < 16)\n'},  # different members
    {INCOME: 'test: housing.safety_grade in {"C", "D"} and housing.safety_grade != "C"\n'},  # "D" is left
    {INCOME: 'test: housing.safety_grade in {"A", "B", "C"}\n'},  # not every value
    {OLD: "test: disability_grade <= 4}"},  # a member without a disability has no grade: no
    {OLD: "test: disability_grade <= 2 or disability_grade > 2}"},  # likewise
    {OLD: "test: not (disability_grade <= 2)}", POOR: "test: not (disability_grade > 2)}"},  # no grade meets both
    {OLD: "test: age >= 60 and own_counted_income < dibao_standard}"},  # two values
    {INCOME: "test: per_capita_income < dibao_standard and per_capita_income > counted_income\n"},  # no constant
    {INCOME: "test: per_capita_income > dibao_standard or per_capita_income < dibao_standard\n"},  # misses one value
])
def test_what_is_not_proved_is_no_warning(replacements):
    assert c031(diagnose(replacements)) == []


def test_a_definition_that_depends_on_the_household_is_no_constant(tmp_path: Path):
    """`per_capita_income` reads the household: comparing it with a bound is no contradiction, however it is
    written; `line`, computed from parameters alone, is a constant."""
    definitions = ("  line: {value: 2 * dibao_standard, label: {zh: 线, en: line}}\n"
                   "  own_line: {value: per_capita_income * 2, label: {zh: 本户线, en: own line}}\n")
    found = c031(diagnose({"definitions:\n": "definitions:\n" + definitions,
                           INCOME: "test: per_capita_income >= own_line and per_capita_income < dibao_standard "
                                   "and own_line > line\n"}))
    assert found == []
    found = c031(diagnose({"definitions:\n": "definitions:\n" + definitions,
                           INCOME: "test: per_capita_income >= line and per_capita_income < dibao_standard "
                                   "and own_line > 0 yuan/year\n"}))
    assert [d.message for d in found] == [
        "`per_capita_income >= line` and `per_capita_income < dibao_standard` can never both hold: they exclude each "
        "other (`line` is 11,760.00 yuan/year, `dibao_standard` is 5,880.00 yuan/year)"]


def test_an_indicator_and_a_measure_say_what_follows():
    indicator = one({"test: 'housing.safety_grade in {\"C\", \"D\"}'":
                     "test: 'housing.safety_grade == \"C\" and housing.safety_grade == \"D\"'"})
    assert indicator.help is not None and "so indicator `housing_unsafe` is never yes" in indicator.help
    measure = one({"    when: housing_unsafe and dibao\n": "    when: housing_unsafe and not housing_unsafe\n"})
    assert measure.help is not None and "so measure `housing_renovation` is never given" in measure.help


def test_the_shipped_policies_and_every_fixture_policy_are_clean():
    """No false alarm: neither policy/ nor the fixtures and examples that load have a condition warned of."""
    files = [*sorted((ROOT / "policy").glob("*.yaml")), *sorted((ROOT / "tests" / "fixtures").rglob("*.yaml")),
             *sorted((ROOT / "examples").rglob("*.yaml"))]
    files = [f for f in files if "bad" not in f.relative_to(ROOT).parts]
    assert len(files) > 2
    for file in files:
        text = file.read_text(encoding="utf-8", errors="replace")
        assert [d.message for d in diagnostics_of_text(text, str(file)) if d.code == "C031"] == [], file


def test_clauses_of_a_category_that_needs_any_of_them_that_take_in_everyone():
    found = one({"    level: member\n    label: {zh: 特困": "    level: member\n    match: any\n    label: {zh: 特困",
                 OLD: "test: age >= 60}", POOR: "test: age < 70}"})
    assert found.message == ("this clause or clause `old` (line 43) always holds: `age >= 60` or `age < 70` take in "
                             "every value of `age`")
    assert found.zh is not None and found.zh[0] == (
        "本条款或条款 `old`（第 43 行）总是成立：`age >= 60` 或 `age < 70` 合起来包括了 `age` 的所有取值")


def test_a_clause_of_a_category_that_needs_any_says_not_that_the_category_is_never_assigned():
    found = one({"    level: member\n    label: {zh: 特困": "    level: member\n    match: any\n    label: {zh: 特困",
                 OLD: "test: age >= 60 and age < 16}"})
    assert found.help == ("no value of `age` meets both: check the bound or the value that is wrong (a lower bound "
                          "above the upper one: if they are the wrong way round, swap them), or write `or` if either "
                          "is meant")


def test_an_input_whose_bounds_cross_is_c014_s_alone():
    found = diagnose({"disability_grade: {type: integer, minimum: 1": "disability_grade: {type: integer, minimum: 5",
                      OLD: "test: disability_grade > 4}"})
    assert [d.code for d in found if d.code != "C005"] == ["C014"]  # (`age` is left unused)


# -- whole numbers: an age in full years, a count, a whole-number input ----------------------------------------------

@pytest.mark.parametrize("test", [
    "age > 59 and age < 60",  # an age in full years: no whole number between
    "age > 59.5 and age < 60",
    "disability_grade > 3 and disability_grade < 4",  # a whole-number input
])
def test_bounds_with_no_whole_number_between_them_exclude_each_other(test):
    found = one({OLD: f"test: {test}}}"})
    subject = test.split()[0]
    assert found.message == (f"`{test.split(' and ')[0]}` and `{test.split(' and ')[1]}` can never both hold: they "
                             f"exclude each other, as `{subject}` takes whole numbers only")
    assert found.zh is not None and found.zh[0] == (f"`{test.split(' and ')[0]}` 与 `{test.split(' and ')[1]}` "
                                                    f"不可能同时成立：互相矛盾，因为 `{subject}` 只取整数")
    assert found.help is not None and "so category `tekun` is never assigned" in found.help
    assert "swap them" not in found.help  # the lower bound is below the upper one: nothing to swap
    assert (found.span.line, found.span.column) == (42, 50)


def test_a_count_of_members_that_is_either_side_of_a_gap_with_no_whole_number_always_holds():
    found = one({INCOME: "test: household_size >= 2 or household_size <= 1\n"})
    assert found.message == ("`household_size >= 2` or `household_size <= 1` always holds: together they take in every "
                             "value of `household_size`, as `household_size` takes whole numbers only")
    assert found.zh is not None and found.zh[0] == (
        "`household_size >= 2` 或 `household_size <= 1` 总是成立：合起来包括了 `household_size` 的所有取值，"
        "因为 `household_size` 只取整数")


def test_clauses_of_one_category_with_no_whole_age_between_them():
    found = one({OLD: "test: age > 59}", POOR: "test: age < 60}"})
    assert found.message == ("this clause and clause `old` (line 42) can never both hold: `age > 59` and `age < 60` "
                             "exclude each other, as `age` takes whole numbers only")


@pytest.mark.parametrize("replacements", [
    {OLD: "test: age > 59.5 and age <= 60}"},  # 60 is left
    {OLD: "test: disability_grade > 3.5}"},  # grade 4 is left
    {OLD: "test: disability_grade >= 3 or disability_grade <= 2}"},  # a member with no grade meets neither
    {INCOME: "test: per_capita_income > 5 yuan/year and per_capita_income < 6 yuan/year\n"},  # money is not whole
    {"  age: {level: member, value: age(birth_date)": "  age: {level: member, value: age(birth_date) / 2",
     OLD: "test: age > 29 and age < 30}"},  # half an age may be a fraction
])
def test_what_whole_numbers_do_not_prove_is_no_warning(replacements):
    assert c031(diagnose(replacements)) == []


# -- an `or` among the tests an `and` needs --------------------------------------------------------------------------

NONE = 'supporter == "none"'


def test_a_branch_of_an_or_that_the_and_rules_out_is_warned_of_as_the_catalogue_shows():
    slipped = shipped_with("        test: no_labour_capacity\n",
                           "        test: age >= 60 and (age < 16 or disability_grade <= 2)\n")
    shown_as_in_the_catalogue(
        diagnostics_of_text(slipped, "policy/post-transition.yaml"), ("C031", "warning", 380, 30, 38),
        ("`age < 16` can never hold together with `age >= 60`, which this condition needs as well",
         "no value of `age` meets both, so this `or` comes down to `disability_grade <= 2`: check the bound or the "
         "value that is wrong, or remove `age < 16`"),
        ("`age < 16` 不可能与本条件同样要求的 `age >= 60` 同时成立",
         "`age` 没有任何取值能同时满足两者，这个 `or` 因此只剩 `disability_grade <= 2`：请核对写错的界限或取值，"
         "或删去 `age < 16`"))
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    found = diagnostics_of_text(slipped, "policy/post-transition.yaml")[0].in_lang("zh")
    assert f"policy/post-transition.yaml:380:30: 警告[C031]: {found.message}\n" in catalogue


def test_an_or_none_of_whose_branches_the_and_allows_never_holds():
    found = one({OLD: f"test: 'age >= 60 and (age < 16 or ({NONE} and age < 18))'}}"})
    assert found.message == (f"`age < 16 or ({NONE} and age < 18)` can never hold together with `age >= 60`, which "
                             "this condition needs as well: none of its branches can")
    assert found.help == ("the condition never holds, so category `tekun` is never assigned: check the bound or the "
                          "value that is wrong")
    assert (found.span.line, found.span.column) == (42, 66)  # the `or`
    assert found.zh == (f"`age < 16 or ({NONE} and age < 18)` 不可能与本条件同样要求的 `age >= 60` 同时成立："
                        "它的各个分支都不可能",
                        "这个条件永远不成立，类别 `tekun` 因此永远不会被认定：请核对写错的界限或取值")


def test_the_tests_an_or_cannot_hold_with_are_listed_as_said():
    found = one({OLD: "test: 'age >= 60 and disability_grade <= 2 and household_size > 3 and (age < 16 or "
                      "disability_grade > 3 or household_size < 2)'}"})
    assert found.message == ("`age < 16 or disability_grade > 3 or household_size < 2` can never hold together with "
                             "`age >= 60`, `disability_grade <= 2` and `household_size > 3`, which this condition "
                             "needs as well: none of its branches can")
    assert found.zh is not None and found.zh[0] == (
        "`age < 16 or disability_grade > 3 or household_size < 2` 不可能与本条件同样要求的 `age >= 60`、"
        "`disability_grade <= 2`、`household_size > 3` 同时成立：它的各个分支都不可能")


def test_an_or_left_with_one_branch_holds_as_it_does_for_the_next_or():
    found = c031(diagnose({OLD: f"test: 'age >= 60 and (age < 16 or age > 70) and (age < 65 or {NONE})'}}"}))
    assert [d.message for d in found] == [
        "`age < 16` can never hold together with `age >= 60`, which this condition needs as well",
        "`age < 65` can never hold together with `age > 70` (all that `age < 16 or age > 70` comes down to), which "
        "this condition needs as well"]
    assert found[1].zh is not None and found[1].zh[0] == (
        "`age < 65` 不可能与本条件同样要求的 `age > 70`（`age < 16 or age > 70` 实际只剩它）同时成立")
    assert found[1].help is not None and f"this `or` comes down to `{NONE}`" in found[1].help


def test_a_branch_ruled_out_by_another_clause_names_that_clause():
    found = one({OLD: "test: age >= 60}", POOR: f"test: '{NONE} or age < 16'}}"})
    assert found.message == ("`age < 16` can never hold together with `age >= 60` (clause `old`, line 42), which this "
                             "condition needs as well")
    assert (found.span.line, found.span.column) == (43, 76)
    assert found.zh is not None and found.zh[0] == \
        "`age < 16` 不可能与本条件同样要求的 `age >= 60`（条款 `old`，第 42 行）同时成立"


def test_a_branch_with_no_whole_age_left_says_why():
    found = one({OLD: f"test: 'age > 59 and (age < 60 or {NONE})'}}"})
    assert found.message == ("`age < 60` can never hold together with `age > 59`, which this condition needs as well, "
                             "as `age` takes whole numbers only")


@pytest.mark.parametrize("replacements", [
    {OLD: f"test: 'age >= 60 and ({NONE} or age < 61)'}}"},  # 60 is left
    {OLD: f"test: 'age >= 60 or ({NONE} or age < 16)'}}"},  # an `or`, not an `and`
    {OLD: f"test: 'age >= 60 and not ({NONE} or age < 16)'}}"},  # `not` of an `or` is not read
    {OLD: "test: 'disability_grade > 2 and (disability_grade < 3 or age >= 60)'}"},  # …whole: said; see below
    {"    level: member\n    label: {zh: 特困": "    level: member\n    match: any\n    label: {zh: 特困",
     OLD: "test: age >= 60}", POOR: f"test: '{NONE} or age < 16'}}"},  # clauses any one of which will do
])
def test_what_an_or_within_an_and_does_not_prove_is_no_warning(replacements):
    found = c031(diagnose(replacements))
    if "disability_grade < 3" in str(replacements):
        assert [d.message for d in found] == [
            "`disability_grade < 3` can never hold together with `disability_grade > 2`, which this condition needs "
            "as well, as `disability_grade` takes whole numbers only"]
        return
    assert found == []


def test_an_or_of_one_clause_that_comes_down_to_a_branch_is_said_once_whatever_the_other_clauses():
    found = c031(diagnose({OLD: "test: 'age >= 60 and (age < 16 or age > 70)'}",
                           POOR: f"test: 'age < 65 or {NONE}'}}"}))
    assert [d.message for d in found] == [
        "`age < 16` can never hold together with `age >= 60`, which this condition needs as well",
        "`age < 65` can never hold together with `age > 70` (all that `age < 16 or age > 70` comes down to, clause "
        "`old`, line 42), which this condition needs as well"]
    assert [d.span.line for d in found] == [42, 43]


def test_a_range_with_no_whole_age_in_it_says_so_rather_than_that_its_bounds_cross():
    found = one({OLD: "test: 'age in (59, 60)'}"})
    assert found.message == "`age in (59, 60)` can never hold, as `age` takes whole numbers only"
    assert found.zh is not None and found.zh[0] == "`age in (59, 60)` 永远不成立，因为 `age` 只取整数"
