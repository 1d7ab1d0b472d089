"""The checker: types and units, names, enum values, cycles, reachability, sources and labels.

Unit rules are tested on `engine.types` directly; everything else on the mini policy with one
rule changed, the way a policy officer would change it.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from engine import types as t
from engine.checker import check, suggest
from engine.checker.rules import drop_echoes
from engine.diagnostics import Diagnostic, PolicyError, Said, Span, help_places, render
from engine.loader import load_policy
from engine.model import Policy
from engine.names_in_chinese import named_in_chinese
from engine.syntax import ast
from tests.helpers import diagnostics_of_text

MINI = Path(__file__).resolve().parent / "fixtures" / "policies" / "mini.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")
DEPOSITS = "test: assets.deposits / household_size <= dibao_standard * 24 months"
INCOME = "test: per_capita_income < dibao_standard\n"
MARGINAL = "test: per_capita_income < 1.5 * dibao_standard}"
OLD = "test: age >= 60}"
POOR = "test: own_counted_income < dibao_standard}"
_LAST = "when: housing_unsafe and dibao"
HOUSING = "test: 'housing.safety_grade in {\"C\", \"D\"}'"


def edited(replacements: dict[str, str]) -> str:
    text = MINI_TEXT
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def diagnose(replacements: dict[str, str]) -> list[Diagnostic]:
    """Everything reported for the mini policy with some text replaced: errors, or else warnings."""
    return diagnostics_of_text(edited(replacements), "mini.yaml")


def only(replacements: dict[str, str]) -> Diagnostic:
    found = diagnose(replacements)
    assert len(found) == 1, [(d.code, d.message) for d in found]
    return found[0]


def loads(replacements: dict[str, str]) -> Policy:
    policy, warnings = load_policy("mini.yaml", raw=edited(replacements).encode("utf-8"))
    assert warnings == [], [(d.code, d.message) for d in warnings]
    return policy


# -- the unit rules ---------------------------------------------------------------------------

ZERO = t.Type("number", zero=True)


@pytest.mark.parametrize(("op", "left", "right", "result"), [
    ("*", t.RATE, t.DURATION, t.AMOUNT),        # dibao_standard * 24 months
    ("*", t.DURATION, t.RATE, t.AMOUNT),
    ("/", t.AMOUNT, t.DURATION, t.RATE),        # 3000 yuan / 1 month
    ("/", t.RATE, t.RATE, t.NUMBER),
    ("/", t.AMOUNT, t.AMOUNT, t.NUMBER),
    ("*", t.RATE, t.NUMBER, t.RATE),            # 1.5 * dibao_standard
    ("*", t.NUMBER, t.AMOUNT, t.AMOUNT),
    ("/", t.RATE, t.NUMBER, t.RATE),
    ("+", t.RATE, t.RATE, t.RATE),              # yuan/month + yuan/year: one unit
    ("-", t.AMOUNT, t.AMOUNT, t.AMOUNT),
    ("+", t.DURATION, t.DURATION, t.DURATION),  # months + years
    ("+", ZERO, t.RATE, t.RATE),                # the literal 0 fits any unit
    ("-", t.AMOUNT, ZERO, t.AMOUNT),
    ("+", t.NUMBER, t.NUMBER, t.NUMBER),
    ("+", t.UNKNOWN, t.DATE, t.UNKNOWN),        # an earlier error is not reported twice
])
def test_arithmetic_combines_units(op: str, left: t.Type, right: t.Type, result: t.Type):
    assert t.arithmetic(op, left, right) == result


@pytest.mark.parametrize(("op", "left", "right"), [
    ("+", t.RATE, t.NUMBER),        # 490 yuan/month + 3
    ("+", t.AMOUNT, t.RATE),        # deposits + a standard
    ("*", t.AMOUNT, t.AMOUNT),
    ("*", t.RATE, t.RATE),
    ("*", t.AMOUNT, t.DURATION),
    ("/", t.RATE, t.DURATION),
    ("/", t.NUMBER, t.AMOUNT),
    ("+", t.DATE, t.AMOUNT),        # adding money to a date
    ("-", t.DATE, t.DATE),
    ("+", t.BOOLEAN, t.NUMBER),
    ("*", t.TEXT, t.NUMBER),
])
def test_arithmetic_refuses_mixed_units(op: str, left: t.Type, right: t.Type):
    assert t.arithmetic(op, left, right) is None
    assert t.arithmetic_hint(op, left, right).en


def test_same_unit_and_the_zero_literal():
    assert t.same_unit(t.RATE, t.RATE)
    assert not t.same_unit(t.AMOUNT, t.RATE)
    assert not t.same_unit(t.NUMBER, t.AMOUNT)
    assert t.same_unit(ZERO, t.AMOUNT) and t.same_unit(t.RATE, ZERO)
    assert not t.same_unit(ZERO, t.DATE)
    assert t.same_unit(t.UNKNOWN, t.DATE)
    assert ZERO.plain() == t.NUMBER


def test_hints_from_the_kinds_alone_name_no_rule_and_no_figure_the_officer_did_not_write():
    # the help that shows a rule is built from the operands (engine.checker.hints); these are the fallbacks
    for said in (t.compare_hint(t.AMOUNT, t.RATE), t.arithmetic_hint("+", t.AMOUNT, t.RATE),
                 t.arithmetic_hint("+", t.RATE, t.NUMBER)):
        assert "`" not in said.en and "`" not in said.zh, said
    assert "multiply the rate by one" in t.compare_hint(t.AMOUNT, t.RATE).en
    assert "age(date)" in t.arithmetic_hint("+", t.DATE, t.AMOUNT).en


# -- units in a policy --------------------------------------------------------------------------


def test_rate_times_duration_is_an_amount_and_compares_with_deposits():
    policy = loads({})
    diagnostics, types = check(policy)
    assert [d for d in diagnostics if d.severity == "error"] == []
    deposits = policy.categories[1].clauses[1].test.node
    assert isinstance(deposits, ast.Compare)
    assert types[id(deposits.left)] == t.AMOUNT
    assert types[id(deposits.right)] == t.AMOUNT
    assert types[id(deposits.right.left)] == t.RATE  # type: ignore[attr-defined]
    assert types[id(deposits.right.right)] == t.DURATION  # type: ignore[attr-defined]


def test_deposits_compared_with_a_monthly_rate_is_an_error():
    d = only({DEPOSITS: "test: assets.deposits / household_size <= dibao_standard"})
    assert (d.code, d.message) == ("C002", "cannot compare an amount (yuan) with a rate (yuan/month or yuan/year)")
    # the mini policy's label (`存款`) gives no months, nor does the rule: the help names no number of months
    assert d.help == ("an amount and a rate differ by a duration: compare with `dibao_standard` times the months the "
                      "document gives (written `… months`)")
    assert d.zh is not None and d.zh[1] == ("金额与按期金额相差一个时长：请改为与 `dibao_standard` 乘以政策规定的月数"
                                            "（写作 `… months`）比较")


@pytest.mark.parametrize(("rule", "written"), [
    ("dibao_standard * 2 + dibao_standard", "(dibao_standard * 2 + dibao_standard)"),
    ("1.5 * dibao_standard", "1.5 * dibao_standard"),  # a multiple of the standard, not 1.5 months
    ("2 * dibao_standard", "2 * dibao_standard"),  # nor 2 months: a multiple the document may set
])
def test_a_rate_without_a_count_of_months_in_its_rule_or_label_is_given_no_number_of_months(rule: str, written: str):
    d = only({DEPOSITS: f"test: assets.deposits / household_size <= {rule}"})
    assert d.help == (f"an amount and a rate differ by a duration: compare with `{written}` times the months the "
                      "document gives (written `… months`)")


MONTHS_LABEL = "label: {zh: 存款, en: deposits}\n        test: assets.deposits"
LABELLED_36 = "label: {zh: 人均存款不超过36个月低保标准, en: deposits within 36 months of the standard}\n" \
              "        test: assets.deposits"


@pytest.mark.parametrize(("rule", "replacements", "example"), [
    ("dibao_standard", {}, "dibao_standard * 36 months"),  # the label's months
    ("dibao_standard * 2 + dibao_standard", {}, "(dibao_standard * 2 + dibao_standard) * 36 months"),
    ("dibao_standard * 36", {}, "dibao_standard * 36 months"),  # as the rule writes them, which the label says
    # the label's months are those of a parameter: the rule reads it
    ("dibao_standard", {"  employment_cost_rate:\n": "  deposit_months: {value: 36 months, label: {zh: 月数, en: n}}"
                                                   "\n  employment_cost_rate:\n"}, "dibao_standard * deposit_months"),
    ("dibao_standard", {"  employment_cost_rate:\n": "  deposit_years: {value: 3 years, label: {zh: 年数, en: n}}"
                                                   "\n  employment_cost_rate:\n"}, "dibao_standard * deposit_years"),
])
def test_the_months_a_rate_lacks_are_those_its_label_gives(rule: str, replacements: dict[str, str], example: str):
    edits = {MONTHS_LABEL: LABELLED_36, DEPOSITS: f"test: assets.deposits / household_size <= {rule}", **replacements}
    (d,) = [d for d in diagnose(edits) if d.severity == "error"]  # (a parameter the rule does not read yet is unused)
    assert d.help == f"an amount and a rate differ by a duration: e.g. compare with `{example}`"
    assert d.zh is not None and d.zh[1] == f"金额与按期金额相差一个时长：例如改为与 `{example}` 比较"
    loads({**edits, DEPOSITS: f"test: assets.deposits / household_size <= {example}"})  # followed, it checks clean


def test_the_months_a_plain_parameter_holds_are_not_multiplied_by_months_again():
    """`dibao_standard * dibao_deposit_months` (24, a plain number also compared as one): the months are there, their
    unit is not: `* 1 month`, never `* 24 months`, which would check clean and allow 24 times 24 months."""
    text = _post_transition(
        ("    value: 24 months\n", "    value: 24\n"),
        ("deposits_per_capita <= dibao_standard * dibao_deposit_months",
         "deposits_per_capita <= dibao_standard * dibao_deposit_months and dibao_deposit_months > 12"))
    (d,) = [d for d in diagnostics_of_text(text, "policy/post-transition.yaml") if d.severity == "error"]
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("C002", 403, 15)
    fixed = "dibao_standard * dibao_deposit_months * 1 month"
    assert d.help == f"an amount and a rate differ by a duration: e.g. compare with `{fixed}`"
    followed = text.replace("dibao_standard * dibao_deposit_months and", f"{fixed} and")
    assert [d for d in diagnostics_of_text(followed, "policy/post-transition.yaml") if d.severity == "error"] == []


def test_an_amount_less_a_rate_without_months_anywhere_is_given_no_number_of_months():
    d = only({DEPOSITS: "test: assets.deposits - dibao_standard <= 0"})
    assert d.help == ("an amount and a rate differ by a duration: multiply `dibao_standard` by the months the document "
                      "gives (written `… months`)")
    assert d.zh is not None and d.zh[1] == ("金额与按期金额相差一个时长：请把 `dibao_standard` 乘以政策规定的月数"
                                            "（写作 `… months`）")


@pytest.mark.parametrize(("rule", "example"), [
    ("dibao_standard * 36", "dibao_standard * 36 months"),   # the tutorial's mistake: 36, not the usual 24
    ("36 * dibao_standard", "36 months * dibao_standard"),
    ("1.5 * dibao_standard * 12", "1.5 * dibao_standard * 12 months"),  # the one whole number is the duration
])
def test_the_duration_a_rate_lacks_is_shown_with_the_number_written(rule: str, example: str):
    d = only({DEPOSITS: f"test: assets.deposits / household_size <= {rule}"})
    assert d.help == f"an amount and a rate differ by a duration: e.g. compare with `{example}`"
    assert d.zh is not None and d.zh[1] == f"金额与按期金额相差一个时长：例如改为与 `{example}` 比较"


def test_the_duration_a_yearly_rate_lacks_is_in_years():
    d = only({"  employment_cost_rate:\n": "  yearly_line: {value: 5880 yuan/year, label: {zh: 年, en: yearly}}\n"
                                            "  employment_cost_rate:\n",
              DEPOSITS: "test: assets.deposits - yearly_line * 2 <= 0"})
    assert d.message == "cannot use `-` on an amount (yuan) and a rate (yuan/month or yuan/year)"
    assert d.help is not None and d.help.endswith("multiply the rate by one, e.g. `yearly_line * 2 years`")
    assert d.zh is not None and d.zh[1].endswith("例如 `yearly_line * 2 years`")


def test_a_number_multiplying_the_rate_is_taken_for_the_missing_duration_before_the_amount_is_given_a_period():
    d = only({DEPOSITS: "test: 3000 yuan <= dibao_standard * 36"})
    assert d.help is not None and d.help.endswith("compare with `dibao_standard * 36 months`")


COUNT_PLUS_MONEY = ("`household_size` is a count, not money: a count and money cannot be added or subtracted; an "
                    "amount per person is money divided by the count, e.g. `own_counted_income / household_size`")


@pytest.mark.parametrize(("test", "help", "zh"), [
    ("own_counted_income + household_size < dibao_standard", COUNT_PLUS_MONEY,
     "`household_size` 是个数，不是金额：个数和金额不能相加减；人均金额是金额除以个数，例如 "
     "`own_counted_income / household_size`"),
    ("household_size - own_counted_income < dibao_standard", COUNT_PLUS_MONEY, None),
    ("counted_income < count(members where age >= 60)",
     "`count(members where age >= 60)` is a count, not money: compare it with a number; an amount per person is "
     "money divided by the count, e.g. `counted_income / count(members where age >= 60)`",
     "`count(members where age >= 60)` 是个数，不是金额：请与数字比较；人均金额是金额除以个数，例如 "
     "`counted_income / count(members where age >= 60)`"),
    ("own_counted_income + age < dibao_standard",
     "`age` is a plain number, not money: a number and money cannot be added or subtracted, only multiplied or "
     "divided", "`age` 是不带单位的数字，不是金额：数字和金额不能相加减，只能相乘或相除"),
    ("max(own_counted_income, age) < dibao_standard",
     "`age` is a plain number, not money: compare it with a number, and money with money",
     "`age` 是不带单位的数字，不是金额：请把它与数字比较，金额与金额比较"),
    ("own_counted_income + 3 < dibao_standard",
     "give the number a unit, e.g. `3 yuan/month` or `3 yuan/year`, or multiply instead",
     "请给这个数字加上单位，例如 `3 yuan/month` 或 `3 yuan/year`，或改用乘法"),
    ("assets.deposits - 300 > 0", "give the number a unit, e.g. `300 yuan`, or multiply instead",
     "请给这个数字加上单位，例如 `300 yuan`，或改用乘法"),
    ("own_counted_income in {500, 600 yuan/month}", "give the number a unit: `500 yuan/month` or `500 yuan/year`",
     "请给这个数字加上单位：`500 yuan/month` 或 `500 yuan/year`"),
])
def test_only_a_number_just_typed_is_told_to_take_a_unit(test: str, help: str, zh: str | None):
    rule = {INCOME: f"test: '{test}'\n"} if "members" in test else {POOR: f"test: '{test}'}}"}
    found = [d for d in diagnose(rule) if d.severity == "error"]
    assert [d.code for d in found] == ["C002"]
    assert found[0].help == help
    assert zh is None or (found[0].zh is not None and found[0].zh[1] == zh)


def test_a_parameter_without_a_unit_added_to_money_is_told_to_take_one_where_it_is_set():
    d = only({"  employment_cost_rate:\n": "  allowance: {value: 30, label: {zh: 补贴, en: allowance}}\n"
                                            "  employment_cost_rate:\n",
              POOR: "test: own_counted_income + allowance < dibao_standard}"})
    assert d.span is not None and (d.span.line, d.span.column) == (13, 22)  # at its value
    assert d.message == "`allowance` is a plain number, but its use at line 44 needs a rate (yuan/month or yuan/year)"
    assert d.help == "give it its unit as the document gives it: `30 yuan/month` or `30 yuan/year`"
    assert d.zh == ("`allowance` 是不带单位的数字，但第 44 行用到它的地方需要按期金额（元/月或元/年）",
                    "请按政策原文给它加上单位：`30 yuan/month` 或 `30 yuan/year`")


def test_a_parameter_without_a_unit_added_to_money_and_read_as_a_number_is_told_where_it_is_added():
    d = only({"  employment_cost_rate:\n": "  allowance: {value: 30, label: {zh: 补贴, en: allowance}}\n"
                                            "  employment_cost_rate:\n",
              POOR: "test: own_counted_income + allowance < dibao_standard and allowance > 1}"})
    assert d.help == ("`allowance` is `30` (line 13), a plain number: if it is money, write `30 yuan/month` or "
                      "`30 yuan/year` there")
    assert d.zh is not None and d.zh[1] == ("`allowance` 是 `30`（第 13 行），是不带单位的数字：如果它是金额，"
                                            "请在那里写 `30 yuan/month` 或 `30 yuan/year`")


@pytest.mark.parametrize("test", [
    "490 yuan/month == 5880 yuan/year",          # month and year rates are one unit
    "dibao_standard * 12 months == dibao_standard * 1 year",
    "24 months == 2 years",
    "counted_income / household_size < dibao_standard",  # (`/ 12` would be C024: the units convert by themselves)
    "3000 yuan / 1 month > dibao_standard",
    "counted_income - rigid_expenses > 0",      # the literal 0 compares with any unit
    "assets.deposits == 0",
    "per_capita_income / dibao_standard < 1.5",  # rate / rate is a number
    "birth_date < 2000-01-01",
    "birth_date < today",
    "(if household_size > 2 then 0 else 100 yuan/month) < dibao_standard",
    "round(counted_income / household_size, 2) < dibao_standard",
    "max(counted_income - rigid_expenses, 0) < dibao_standard",
    # (`or not housing_unsafe` would always hold, and `not (age >= 60)` never hold beside clause `old`'s `age >= 60`:
    # C031)
    "housing_unsafe or not (age >= 65)",
])
def test_well_formed_units_check(test: str):
    loads({POOR: f"test: '{test}'}}"})  # a member-level clause: every name is in scope


@pytest.mark.parametrize(("test", "message", "hint"), [
    ("per_capita_income > 100", "cannot compare a rate (yuan/month or yuan/year) with a number",
     "`100 yuan/month`"),
    ("assets.deposits > 100", "cannot compare an amount (yuan) with a number", "`100 yuan`"),
    ("household_size > 3 yuan", "cannot compare a number with an amount (yuan)", "write `3`"),
    ("dibao_standard + 3 > per_capita_income",
     "cannot use `+` on a rate (yuan/month or yuan/year) and a number", "3 yuan/month"),
    ("today + 100 yuan > birth_date", "cannot use `+` on a date and an amount (yuan)", "age(date)"),
    ("assets.deposits * assets.deposits > 0", "cannot use `*` on an amount (yuan) and an amount (yuan)", "divide"),
    ("birth_date < 2024", "cannot compare a date with a number", "same kind"),
    ('today >= "2026-01-01"', "cannot compare a date with a text", "write dates without quotes: `2026-01-01`"),
    ("housing_unsafe == 0", "cannot compare a yes/no value with a number",
     "`housing_unsafe` is yes or no, written `true` or `false`: write `false` for `0`"),
    ('housing_unsafe != "yes"', "cannot compare a yes/no value with a text", 'write `true` for `"yes"`'),
    ('housing_unsafe == "maybe"', "cannot compare a yes/no value with a text", "written `true` or `false`"),
    ("household_size == false", "cannot compare a number with a yes/no value",
     "compare it with a number (`household_size > 0` for some, `household_size == 0` for none)"),
    ('household_size > "2"', "cannot compare a number with a text", "a number is written without quotes: write `2`"),
    ('assets.deposits < "5000.50"', "cannot compare an amount (yuan) with a text",
     "a number is written without quotes: write `5000.5 yuan`"),
    ("age >= 60 years", "cannot compare a number with a duration (months or years)",
     "`age` is a plain number (a count, or years): write `60`"),
    ("own_counted_income < 16 yuan/day", "`yuan/day` is not a unit",
     "rates are written `yuan/month` or `yuan/year`"),
    ("own_counted_income < 16 yuan/months", "`yuan/months` is not a unit", "did you mean `yuan/month`?"),
    ("own_counted_income < 7600 yuan/years", "`yuan/years` is not a unit", "did you mean `yuan/year`?"),
    ("own_counted_income < 200 yuan/person/month", "`yuan/person/month` is not a unit: money is not written per "
                                                   "person", "write the money for one person: `200 yuan/month`"),
    ("own_counted_income < household_size * 16 yuan/day", "`yuan/day` is not a unit",
     "rates are written `yuan/month` or `yuan/year`"),
    ('housing.safety_grade > "A"', "`>` needs numbers, money or dates, not a text", "`==`"),
    ('housing.safety_grade in ["C", "D"]', "`[…]` is a range from one value to another, for numbers, money or "
                                           "dates, not a text", 'write a set in braces: `{"C", "D"}`'),
    ('housing.safety_grade in ("C", "D")', "`(…)` is a range from one value to another, for numbers, money or "
                                           "dates, not a text", '`{"C", "D"}`'),
    ("(if household_size > 2 then 1 yuan else 1 yuan/month) > 0",
     "`then` gives an amount (yuan) but `else` gives a rate (yuan/month or yuan/year)", "same unit"),
])
def test_unit_mistakes(test: str, message: str, hint: str):
    found = [d for d in diagnose({POOR: f"test: '{test}'}}"}) if d.severity == "error"]
    assert [(d.code, d.message) for d in found] == [("C002", message)]
    assert found[0].help is not None and hint in found[0].help


def test_age_compared_with_money_is_located_on_the_comparison():
    d = only({OLD: "test: age >= 500 yuan}"})
    assert d.code == "C002" and d.span is not None
    assert (d.span.line, d.span.column, d.span.end_column) == (42, 50, 65)


@pytest.mark.parametrize(("replacements", "message"), [
    ({INCOME: "test: dibao_standard - per_capita_income\n"},
     "clause `income` must be a yes/no test, not a rate (yuan/month or yuan/year)"),
    ({HOUSING: "test: housing.safety_grade"}, "indicator `housing_unsafe` must be a yes/no test, not a text"),
    ({INCOME: "test: not per_capita_income\n"},
     "the operand of `not` must be a yes/no test, not a rate (yuan/month or yuan/year)"),
    ({INCOME: "test: housing_unsafe and household_size\n"}, "each side of `and` must be a yes/no test, not a number"),
    ({"when: dibao": "when: household_size"}, "`when` must be a yes/no test, not a number"),
    ({"amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)": "amount: housing_unsafe"},
     "an amount must be money, not a yes/no value"),
    ({"share: 1 - employment_cost_rate": "share: 100 yuan * employment_cost_rate"},
     "the share of `wage` must be a number, not an amount (yuan)"),
])
def test_yes_no_and_money_places(replacements: dict[str, str], message: str):
    d = only(replacements)
    assert (d.code, d.message) == ("C002", message)


@pytest.mark.parametrize(("replacements", "message"), [
    ({INCOME: "test: housing.safety_grade\n"}, "clause `income` must be a yes/no test, not a text"),
    ({INCOME: "test: housing_unsafe and housing.safety_grade\n"},
     "each side of `and` must be a yes/no test, not a text"),
    ({INCOME: "test: not housing.safety_grade\n"}, "the operand of `not` must be a yes/no test, not a text"),
])
def test_an_enum_where_a_yes_no_test_is_needed_is_told_a_test_with_its_values(replacements: dict[str, str],
                                                                               message: str):
    """`test: housing.safety_grade` was told the generic `write a comparison, e.g. `per_capita_income <
    dibao_standard``: it is told its values and a test with one, as `test: safety_grade`, without its group, is."""
    d = only(replacements)
    assert (d.code, d.message) == ("C002", message)
    assert d.help == ('`housing.safety_grade` is one of its values, `A`, `B`, `C` or `D`: compare it with one, e.g. '
                      '`housing.safety_grade == "A"`')
    assert d.in_lang("zh").help == ("`housing.safety_grade` 是其可选值 `A`、`B`、`C` 或 `D` 之一：请与其中一个值比较，"
                                    '例如 `housing.safety_grade == "A"`')


def test_an_amount_written_as_a_number_alone_is_told_the_unit_of_its_period():
    bare = {"amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)": "amount: 300"}
    d = only(bare)
    assert (d.code, d.message) == ("C002", "an amount must be money, not a number")
    assert d.help == "write its unit: `300 yuan/month`, as the measure is paid per month"
    assert d.zh is not None and d.zh[1] == "请写上单位：`300 yuan/month`（这项救助按月发放）"
    d = only({**bare, "    per: month\n    label: {zh: 低保金": "    label: {zh: 低保金"})  # paid for no period
    assert d.help == "write its unit: `300 yuan/month` or `300 yuan/year`, or `300 yuan` for a sum given once"
    loads({"amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)":
           "amount: 300 yuan/month"})  # as the help writes it, it checks


def test_an_indicator_that_is_no_yes_no_test_is_reported_once_not_in_each_rule_reading_it():
    d = only({HOUSING: "test: housing.safety_grade", INCOME: "test: housing_unsafe\n"})
    assert (d.code, d.message) == ("C002", "indicator `housing_unsafe` must be a yes/no test, not a text")


# -- names ------------------------------------------------------------------------------------------


def test_unknown_name_suggests_the_closest():
    d = only({INCOME: "test: per_capita_income < dibao_standart\n"})
    assert (d.code, d.message, d.help) == ("C001", "unknown name `dibao_standart`", "did you mean `dibao_standard`?")


@pytest.mark.parametrize(("test", "message", "hint"), [
    ("income.lottery > 0", "unknown name `income.lottery`", "declare the type under `income`"),
    ("land.area > 0", "unknown name `land.area`", "declare the field under `inputs`"),
    ("income.wages > 0", "unknown name `income.wages`", "did you mean `income.wage`?"),
    ("asset.deposits > 0", "unknown name `asset.deposits`", "did you mean `assets.deposits`?"),
    ("zzz > 0", "unknown name `zzz`", "declare it under"),
    ("per_capita_income < 490 yuan / month", "unknown name `month`", "no space inside it"),
    ("housing_unsafe == True", "unknown name `True`", "keywords are written in lower case: write `true`"),
])
def test_unknown_names_say_where_to_declare(test: str, message: str, hint: str):
    d = only({INCOME: f"test: {test}\n"})
    assert (d.code, d.message) == ("C001", message)
    assert d.help is not None and hint in d.help


@pytest.mark.parametrize(("replacements", "name", "help", "zh"), [
    ({INCOME: "test: deposits > 0\n"}, "deposits", "did you mean `assets.deposits`?", "是否应为 `assets.deposits`？"),
    ({INCOME: 'test: safety_grade in {"C", "D"}\n'}, "safety_grade", "did you mean `housing.safety_grade`?",
     "是否应为 `housing.safety_grade`？"),
    ({INCOME: "test: medical > 0\n"}, "medical", "did you mean `expenses.medical`?", "是否应为 `expenses.medical`？"),
    # for each member, the member's own expenses are read as well as the household's: both are offered
    ({POOR: "test: medical > 0}"}, "medical", "did you mean `expenses.medical` or `own_expenses.medical`?",
     "是否应为 `expenses.medical` 或 `own_expenses.medical`？"),
])
def test_a_field_written_without_its_group_is_offered_the_field_with_it(
        replacements: dict[str, str], name: str, help: str, zh: str):
    """`deposits > 0` where the policy declares `assets.deposits`: the name is the field's own, its group left out;
    it was told it is declared nowhere, as if deleted."""
    d = only(replacements)
    assert (d.code, d.message, d.help) == ("C001", f"unknown name `{name}`", help)
    assert d.in_lang("zh").help == zh


_YES_NO = ("and a yes/no test is needed here: write a comparison with it", "而此处需要是/否判断：请写成与它的比较")


@pytest.mark.parametrize(("replacements", "name", "help", "zh"), [
    ({INCOME: "test: deposits\n"}, "deposits", f"did you mean `assets.deposits`? it is an amount (yuan), {_YES_NO[0]}",
     f"是否应为 `assets.deposits`？它是金额（元），{_YES_NO[1]}"),
    ({INCOME: "test: housing_unsafe or deposits\n"}, "deposits",
     f"did you mean `assets.deposits`? it is an amount (yuan), {_YES_NO[0]}",
     f"是否应为 `assets.deposits`？它是金额（元），{_YES_NO[1]}"),
    ({INCOME: "test: per_capita_income < deposits\n"}, "deposits",
     "did you mean `assets.deposits`? it is an amount (yuan), and a rate (yuan/month or yuan/year) is needed here",
     "是否应为 `assets.deposits`？它是金额（元），而此处需要按期金额（元/月或元/年）"),
    ({POOR: "test: medical}"}, "medical", "did you mean `expenses.medical` or `own_expenses.medical`? each is a rate "
     "(yuan/month or yuan/year), and a yes/no test is needed here: write a comparison with one of them",
     "是否应为 `expenses.medical` 或 `own_expenses.medical`？它们都是按期金额（元/月或元/年），"
     "而此处需要是/否判断：请写成与其中之一的比较"),
    # an enum field is one of its values: compared with one, it is a yes/no test (was `it is a text`)
    ({INCOME: "test: safety_grade\n"}, "safety_grade",
     "did you mean `housing.safety_grade`? it is one of its values, `A`, `B`, `C` or `D`, and a yes/no test is needed "
     'here: compare it with one, e.g. `housing.safety_grade == "A"`',
     "是否应为 `housing.safety_grade`？它是其可选值 `A`、`B`、`C` 或 `D` 之一，而此处需要是/否判断："
     '请与其中一个值比较，例如 `housing.safety_grade == "A"`'),
    # where the field fits the place, it is offered alone
    ({INCOME: "test: per_capita_income * 12 months < deposits\n"}, "deposits", "did you mean `assets.deposits`?",
     "是否应为 `assets.deposits`？"),
])
def test_a_field_written_without_its_group_where_it_does_not_fit_is_offered_with_what_the_place_needs(
        replacements: dict[str, str], name: str, help: str, zh: str):
    """`test: deposits` was offered `assets.deposits`, which, written in, was then told it is an amount where a yes/no
    test is needed: the field is offered with what it is, and what the place needs besides."""
    d = only(replacements)
    assert (d.code, d.message, d.help) == ("C001", f"unknown name `{name}`", help)
    assert d.in_lang("zh").help == zh


def test_a_name_deleted_is_not_offered_another_that_only_looks_like_it():
    """With the definition `marginal_line` deleted, `monitoring_line` (7,600 a year, where the margin is 9,180) is no
    slip of it: the help says it is declared nowhere, and where a name is declared."""
    _, found = _shipped_with("  marginal_line:\n    value: marginal_multiplier * dibao_standard\n",
                             "  margin_unused:\n    value: marginal_multiplier * dibao_standard\n")
    (d,) = [d for d in found if d.code == "C001"]
    assert d.message == "unknown name `marginal_line`"
    assert d.help == ("`marginal_line` is declared nowhere in this file (was it deleted or renamed?): declare it under "
                      "`parameters`, `definitions`, `indicators` or `inputs`, or write the name it has now")
    assert d.zh is not None and d.zh[1] == (
        "本文件中没有声明 `marginal_line`（是否已被删除或改名？）：请在 `parameters`、`definitions`、`indicators` 或 "
        "`inputs` 下声明它，或改写为它现在的名称")


def test_a_name_multiplied_is_not_told_the_categories_whose_id_it_begins_with():
    """`rigid_expense_share` renamed `刚性支出比例`: the rule that multiplies it reads a number, never the category
    `rigid_expense`; the one name the rules read and nothing declares is the one to write there."""
    _, found = _shipped_with("  rigid_expense_share:\n", "  刚性支出比例:\n")
    assert [d.code for d in found] == ["L004"]
    assert found[0].help is not None and found[0].help.startswith(
        "names are written in English: write `rigid_expense_share`, the name the rules read")
    _, found = _shipped_with("  rigid_expense_share:\n", "  expense_share_rigid:\n")
    (d,) = [d for d in found if d.code == "C001"]
    assert d.help is not None and d.help.startswith(
        "`rigid_expense_share` is declared nowhere in this file (was it deleted or renamed?)")


@pytest.mark.parametrize(("written", "meant"), [
    ("dibao_standart", "dibao_standard"), ("dibao_stnadard", "dibao_standard"), ("dibao_standar", "dibao_standard"),
    ("dibao__standard", "dibao_standard"), ("dibao_standrad", "dibao_standard"), ("household_size_", "household_size"),
])
def test_a_name_one_or_two_letters_off_is_still_offered(written: str, meant: str):
    d = only({INCOME: f"test: per_capita_income < {written} * 1.5\n"} if meant != "household_size" else
             {INCOME: f"test: {written} > 3\n"})
    assert (d.code, d.help) == ("C001", f"did you mean `{meant}`?")


@pytest.mark.parametrize(("written", "near"), [("rigid_expense_share", "rigid_expenses"), ("x", "a")])
def test_a_name_that_differs_by_more_than_a_slip_is_not_offered(written: str, near: str):
    from engine.spelling import a_slip

    assert not a_slip(written, near)


def test_a_category_renamed_or_removed_is_told_with_the_categories_a_rule_may_read():
    renamed = {"  - id: dibao\n    group: tier": "  - id: dibao_household\n    group: tier"}
    found = diagnose(renamed)
    assert [(d.code, d.message) for d in found] == [("C001", "unknown name `dibao`")] * 2
    assert found[0].help == ("this file has no category `dibao`: write one of `dibao_household` or `marginal`, or "
                             "define `dibao` under `categories`")
    assert found[0].zh is not None and found[0].zh[1] == (
        "本文件没有类别 `dibao`：请改写为 `dibao_household` 或 `marginal`，或在 `categories` 下定义 `dibao`")
    # as the help says
    assert diagnose({**renamed, "    when: dibao\n": "    when: dibao_household\n",
                     _LAST: "when: housing_unsafe and dibao_household"}) == []
    # a category removed that `absorbed_by` still names; a name like no category is told where to declare it
    removed = edited({_LAST: "when: housing_unsafe and marginal\nabolished:\n"
                             "  - {id: poor_old, label: {zh: 旧, en: old}, absorbed_by: [dibao, marginal]}"})
    removed = removed[:removed.index("  - id: marginal\n")] + removed[removed.index("departments:"):]
    unknown = [d for d in diagnostics_of_text(removed, "mini.yaml") if d.code == "C001"]
    assert [d.help for d in unknown] == ["this file has no category `marginal`: write `dibao`, or define "
                                         "`marginal` under `categories`"]
    assert "declare it under" in (only({_LAST: "when: housing_unsafe and zzz"}).help or "")


def test_an_assistance_measure_read_in_a_rule_is_told_the_test_it_is_given_on():
    d = only({_LAST: "when: housing_unsafe and not dibao_benefit"})
    assert (d.code, d.message) == ("C001", "unknown name `dibao_benefit`")
    assert d.help == ("`dibao_benefit` is an assistance measure (line 63), which rules cannot read (they read "
                      "categories, indicators, definitions, parameters and inputs): to test whether it is given, "
                      "write `dibao`")
    assert diagnose({_LAST: "when: housing_unsafe and not dibao"}) == []
    # a measure given to members, read for the household: whether some member is given it
    member_measure = ("\n  - {id: tekun_support, level: member, department: civil_affairs, label: {zh: 特困, en: "
                      "tekun}, when: 'tekun and age >= 60'}")
    d = only({_LAST: "when: housing_unsafe and not tekun_support" + member_measure})
    assert d.help is not None and d.help.endswith(
        ": to test whether some member is given it, write `any(members where tekun and age >= 60)`")
    assert d.zh is not None and d.zh[1] == (
        "`tekun_support` 是帮扶措施（第 73 行），规则不能读取帮扶措施（只能读取类别、指标、定义、参数和输入字段）："
        "要判断是否有成员获得它，请写 `any(members where tekun and age >= 60)`")
    assert diagnose({_LAST: "when: housing_unsafe and not any(members where tekun and age >= 60)"
                     + member_measure}) == []


def test_a_parameter_uses_only_parameters():
    d = only({"value: 20%": "value: 20% * household_size"})
    assert (d.code, d.message) == ("C001", "a parameter can only use other parameters, not the definition "
                                           "`household_size`")
    d = only({"value: 20%": "value: 20% * dibao_standart"})
    assert (d.code, d.message, d.help) == ("C001", "unknown parameter `dibao_standart`",
                                           "did you mean `dibao_standard`?")
    d = only({"value: 20%": "value: count(members) / 100"})
    assert (d.code, d.message) == ("C001", "a parameter cannot look at members")


def test_member_level_names_at_household_level():
    compared = ("say of which members it holds: `any(members where age >= 60)` (some member) or "
                "`all(members, age >= 60)` (every member)")
    d = only({MARGINAL: "test: age >= 60 and per_capita_income < dibao_standard}"})
    assert (d.code, d.message) == ("C009", "`age` is a value of each member, used here at household level")
    assert d.help == compared  # a rule that reads household values too is meant for the household
    assert d.zh[1] == ("请写明对哪些成员成立：`any(members where age >= 60)`（有成员满足）或 `all(members, age >= 60)`"
                       "（每名成员都满足）")
    d = only({MARGINAL: "test: age >= 60}"})  # one that reads only members' values may be meant for each member
    assert d.help == ("if category `marginal` is decided for each member, add `level: member` to it; if it is "
                      f"one figure for the household, {compared}")
    d = only({MARGINAL: "test: per_capita_income < dibao_standard and age * 2 >= 120}"})  # not a side: aggregated
    assert d.help == "aggregate it over members, e.g. `max(members, age)` or `count(members where age >= 60)`"
    d = only({"age: {level: member, value:": "age: {value:"})
    assert d.help.startswith("if definition `age` is worked out for each member, add `level: member` to it;")
    loads({MARGINAL: "test: any(members where age >= 60)}"})
    loads({MARGINAL: "test: 'max(members, age) >= 60'}"})
    loads({MARGINAL: "test: 'any(members, age >= 60)'}"})  # what the help writes checks
    loads({MARGINAL: "test: 'all(members, age >= 60)'}"})


@pytest.mark.parametrize("version", ["2024-transition", "post-transition"])
def test_every_c009_hint_suggests_only_aggregations_that_check(version):
    import re

    from engine.checker import Checker
    from engine.syntax.parser import parse

    path = Path(__file__).resolve().parent.parent / "policy" / f"{version}.yaml"
    policy = load_policy(path)[0]
    names = [n for n, s in Checker(policy).symbols.items() if s.level == "member" and s.kind != "category"]
    assert {"age", "birth_date", "serious_illness", "labor_capacity", "own_counted_income"} <= set(names)
    kinds = set()
    for name in names:
        checker = Checker(policy)
        checker.infer(parse(name), "household")
        (d,) = [d for d in checker.diagnostics if d.code == "C009"]
        kinds.add(checker.symbol_type(name, checker.symbols[name]).kind)
        forms = re.findall(r"`([^`]+)`", d.help or "")
        assert len(forms) == 2, d.help
        for form in forms:
            trial = Checker(policy)
            trial.infer(parse(form), "household")
            assert not [x for x in trial.diagnostics if x.severity == "error"], f"`{name}`: hint `{form}` is wrong"
    assert {"boolean", "number", "rate", "date", "text"} <= kinds


def test_aggregating_inside_a_member_rule_is_refused():
    d = only({POOR: "test: count(members) > 1}"})
    assert (d.code, d.message) == ("C009", "`count(members …)` inside a member-level rule")


def test_member_rules_see_household_names():
    loads({OLD: "test: age >= 60 and per_capita_income < dibao_standard}"})


@pytest.mark.parametrize(("value", "message"), [
    ("years_since(birth_date)", "unknown function `years_since`"),
    ("count(birth_date)", "`count` works over members, as `count(members …)`"),
    ("min(birth_date)", "`min` needs at least two values"),
    ("age(1)", "`age` takes one date"),
    ("age(birth_date, today)", "`age` takes one date"),
    ("round(age(birth_date), 1.5)", "the decimals of `round` must be a whole number from 0 to 10"),
    ("round(age(birth_date), 100000000)", "the decimals of `round` must be a whole number from 0 to 10"),
    ("round(age(birth_date), -1)", "the decimals of `round` must be a whole number from 0 to 10"),
    ("round(age(birth_date), 1, 2)", "`round` takes a value and optionally a number of decimals"),
    ("abs(age(birth_date), 1)", "`abs` takes one value"),
])
def test_functions_and_their_arguments(value: str, message: str):
    d = only({"value: age(birth_date)": f"value: '{value}'"})
    assert (d.code, d.message) == ("C008", message)


_FUNCTIONS_LISTED = ("functions are `min`, `max`, `round`, `ceil`, `floor`, `abs`, `age`",
                     "可用的函数有：`min`、`max`、`round`、`ceil`、`floor`、`abs`、`age`")


@pytest.mark.parametrize(("test", "help"), [
    # a part of a date: the language compares whole dates, as a seasonal rule should
    ("month(today) in {11, 12, 1, 2}",
     ("the rule language has no `month`: dates are compared directly, e.g. "
      "`today >= 2026-11-01 and today <= 2027-02-28`",
      "规则语言没有 `month`：日期直接比较，例如 `today >= 2026-11-01 and today <= 2027-02-28`")),
    ("year(today) >= 2027",
     ("the rule language has no `year`: dates are compared directly, e.g. "
      "`today >= 2026-11-01 and today <= 2027-02-28`",
      "规则语言没有 `year`：日期直接比较，例如 `today >= 2026-11-01 and today <= 2027-02-28`")),
    ("months(today) > 1",
     ("the rule language has no `months`: dates are compared directly, e.g. "
      "`today >= 2026-11-01 and today <= 2027-02-28`",
      "规则语言没有 `months`：日期直接比较，例如 `today >= 2026-11-01 and today <= 2027-02-28`")),
    # not a slip of `count` (`month`) or `any` (`day`), though difflib scores them close: the functions
    ("month(per_capita_income) > 1", _FUNCTIONS_LISTED),
    ("day(per_capita_income) > 1", _FUNCTIONS_LISTED),
    # a slip of the fingers is still offered the function meant
    ("rond(per_capita_income) > 1", ("did you mean `round`?", "是否应为 `round`？")),
    ("ciel(per_capita_income) > 1", ("did you mean `ceil`?", "是否应为 `ceil`？")),
])
def test_an_unknown_function_is_offered_only_the_one_it_is_a_slip_of(test: str, help: tuple[str, str]):
    d = only({MARGINAL: f"test: '{test}'}}"})
    assert (d.code, d.message, d.help, d.zh[1] if d.zh else None) == (
        "C008", f"unknown function `{test.split('(')[0]}`", *help)


@pytest.mark.parametrize(("test", "help"), [
    ("day(members where age > 60) > 0", "aggregations are `count`, `sum`, `any`, `all`, `min`, `max`"),  # not `any`
    ("cout(members where age > 60) > 0", "did you mean `count`?"),
])
def test_an_unknown_aggregation_is_offered_only_the_one_it_is_a_slip_of(test: str, help: str):
    d = only({MARGINAL: f"test: '{test}'}}"})
    assert (d.code, d.message, d.help) == ("C008", f"unknown aggregation `{test.split('(')[0]}`", help)


@pytest.mark.parametrize(("value", "code", "message"), [
    ("count(members, age) > 1", "C008", "`count` takes no value"),
    ("sum(members where age > 60) > 0", "C008", "`sum` needs a value to sum"),
    ("any(members)", "C008", "`any` needs a condition"),
    ("median(members, age) > 60", "C008", "unknown aggregation `median`"),
    ("sum(members, birth_date) > 0", "C002", "`sum` needs numbers or money, not a date"),
    ("count(members where age) > 1", "C002", "the `where` filter must be a yes/no test, not a number"),
    ("all(members, age)", "C002", "the value of `all` must be a yes/no test, not a number"),
    ("all(members where age >= 18)", "C008", "`all(members where …)` needs a value: `where` only chooses the members"),
])
def test_aggregations(value: str, code: str, message: str):
    d = only({MARGINAL: f"test: '{value}'}}"})
    assert (d.code, d.message) == (code, message)


def test_an_aggregation_over_member_is_told_members_once():
    d = only({MARGINAL: "test: 'any(member, age >= 60)'}"})
    assert (d.code, d.message, d.help) == ("C008", "`any` works over `members`, not `member`",
                                           "write `any(members, age >= 60)`")
    assert d.zh is not None and d.zh[1] == "请写 `any(members, age >= 60)`"
    d = only({MARGINAL: "test: 'count(member) > 1'}"})
    assert d.help == "write `count(members)`"


@pytest.mark.parametrize(("test", "help"), [
    ("disability_grade != null", "to test that it is given, write `disability_grade >= 1`: a test of its value is "
                                 "false where it is missing"),
    ("NULL == supporter", 'to test that it is missing, write `not (supporter in {"able", "unable", "none"})`: a test '
                          "of its value is false where it is missing"),
    ("age != None", "a test of what `age` may be holds only where it is given"),
])
def test_a_comparison_with_null_is_told_the_test_of_a_given_value(test: str, help: str):
    d = only({OLD: f"test: age >= 60 and {test}}}"})
    assert (d.code, d.message, d.help) == ("C001", f"a rule has no `{test.split()[0 if test[0].isupper() else 2]}`",
                                           help)
    assert d.zh is not None and d.zh[0].startswith("规则中没有")


def test_all_with_a_filter_and_no_value_is_refused_with_the_rule_that_says_every_member():
    # the evaluator has no meaning for it (it used to stop with an internal error when a household was decided)
    d = only({MARGINAL: "test: 'all(members where age >= 18 and disability_grade <= 2)'}"})
    assert d.help == "to say every member satisfies it, write `all(members, age >= 18 and disability_grade <= 2)`"
    assert d.zh is not None
    assert d.zh[1] == "要表达“每位成员都满足”，请写 `all(members, age >= 18 and disability_grade <= 2)`"


def test_aggregations_that_check():
    loads({"value: count(members)": "value: count(members where age >= 60 and disability_grade <= 2) + 1"})
    loads({"value: count(members)": "value: 'max(count(members), 1)'"})


# -- enum values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("test", "value", "field", "hint"), [
    ('housing.safety_grade in {"C", "E"}', '"E"', "housing.safety_grade", 'the values are `"A"`, `"B"`'),
    ('housing.safety_grade == "c"', '"c"', "housing.safety_grade", "the values are"),
    ('"E" == housing.safety_grade', '"E"', "housing.safety_grade", "the values are"),
    ('housing.safety_grade not in {"D", "X"}', '"X"', "housing.safety_grade", "the values are"),
    ('supporter != "unabel"', '"unabel"', "supporter", 'did you mean `"unable"`?'),
])
def test_unknown_enum_values(test: str, value: str, field: str, hint: str):
    key = HOUSING if "housing" in test else POOR
    new = f"test: '{test}'" if "housing" in test else f"test: '{test}'}}"
    d = only({key: new})
    assert (d.code, d.message) == ("C003", f"`{value}` is not one of the declared values of `{field}`")
    assert d.help is not None and hint in d.help


LABELLED_SUPPORTER = {
    "supporter: {type: enum, values: [able, unable, none], default: none,":
        "supporter: {type: enum, values: [able, unable, none], default: none, value_labels: "
        "{able: {zh: 有且有履行能力, en: able}, unable: {zh: 有但无履行能力, en: unable}, none: {zh: 无, en: none}},",
    # a name whose label holds 无 too
    "label: {zh: 住房不安全, en: housing unsafe}": "label: {zh: 无安全住房, en: housing unsafe}",
    # the file's other enum worded as well (else C042)
    "values: [A, B, C, D], default: A,":
        "values: [A, B, C, D], value_labels: {A: {zh: A级, en: A}, B: {zh: B级, en: B}, C: {zh: C级, en: C}, "
        "D: {zh: D级, en: D}}, default: A,",
}


@pytest.mark.parametrize(("test", "code", "hint"), [
    ('supporter == "无"', "C003", '`"无"` is the label of `"none"`: write `"none"`'),
    ("supporter == 无", "S001", '`无` is the label of `"none"`: write `"none"`'),
    ("supporter in {无, unable}", "S001", '`无` is the label of `"none"`: write `"none"`'),
    ("无 != supporter", "S001", '`无` is the label of `"none"`: write `"none"`'),
    ('supporter != "有但无履行能力"', "C003", '`"有但无履行能力"` is the label of `"unable"`: write `"unable"`'),
])
def test_an_enum_value_written_as_its_label_gets_the_value_it_labels(test: str, code: str, hint: str):
    d = only({**LABELLED_SUPPORTER, POOR: f"test: '{test}'}}"})
    assert d.code == code
    assert d.help == hint


def test_declared_enum_values_check():
    loads({HOUSING: "test: 'housing.safety_grade in {\"C\", \"D\"} or housing.safety_grade == \"B\"'"})


@pytest.mark.parametrize(("test", "message", "column", "hint"), [
    ("housing.safety_grade in {C, D}", "`C`, `D` are values of `housing.safety_grade`, not names", 52,
     'write them in quotes: `{"C", "D"}`'),
    ('housing.safety_grade in {C, "D"}', "`C` is a value of `housing.safety_grade`, not a name", 52,
     'write it in quotes: `{"C", "D"}`'),
    ("housing.safety_grade == C", "`C` is a value of `housing.safety_grade`, not a name", 51,
     'write it in quotes: `"C"`'),
    ("C != housing.safety_grade", "`C` is a value of `housing.safety_grade`, not a name", 27,
     'write it in quotes: `"C"`'),
    ("housing.safety_grade == B or assets.deposits > C", "unknown name `C`", 74,
     '`C` is a value of `housing.safety_grade`: write it in quotes, `"C"`'),
])
def test_enum_values_without_quotes_are_one_error_that_quotes_them(test: str, message: str, column: int,
                                                                     hint: str):
    found = [d for d in diagnose({HOUSING: f"test: '{test}'"}) if d.severity == "error"]
    d = found[-1]
    assert len(found) == 1 + test.count(" or "), [(d.code, d.message) for d in found]
    assert (d.code, d.message, d.span.column if d.span else None, d.help) == ("C001", message, column, hint)


def test_an_enum_compared_with_a_number_is_a_type_error():
    d = only({HOUSING: "test: 'housing.safety_grade == 3'"})
    assert (d.code, d.message) == ("C002", "cannot compare a text with a number")


# -- input declarations: defaults and bounds --------------------------------------------------------

DEPOSITS_INPUT = "assets.deposits: {type: money, default: 0, minimum: 0,"
GRADE_INPUT = "disability_grade: {type: integer, minimum: 1, maximum: 4, nullable: true, default: null,"
HOUSING_INPUT = "housing.safety_grade: {type: enum, values: [A, B, C, D], default: A,"
SUPPORTER_INPUT = "supporter: {type: enum, values: [able, unable, none], default: none,"


def with_input(declaration: str) -> dict[str, str]:
    """The mini policy with one more household input, declared as given."""
    return {DEPOSITS_INPUT: f"{declaration}, label: {{zh: 新, en: new}}}}\n    {DEPOSITS_INPUT}"}


@pytest.mark.parametrize(("replacements", "code", "message", "hint"), [
    ({DEPOSITS_INPUT: "assets.deposits: {type: money, default: 0元, minimum: 0,"},
     "C013", "the default of `assets.deposits` must be an amount in yuan, not `0元`", "write `0`"),
    ({DEPOSITS_INPUT: "assets.deposits: {type: money, default: 1.5万, minimum: 0,"},
     "C013", "the default of `assets.deposits` must be an amount in yuan, not `1.5万`", "write `15000`"),
    ({DEPOSITS_INPUT: "assets.deposits: {type: money, default: 3千, minimum: 0,"},
     "C013", "the default of `assets.deposits` must be an amount in yuan, not `3千`", "write `3000`"),
    ({DEPOSITS_INPUT: "assets.deposits: {type: money, default: -5, minimum: 0,"},
     "C013", "the default `-5` of `assets.deposits` is below its minimum `0`", "at least 0"),
    ({GRADE_INPUT: GRADE_INPUT.replace("default: null", "default: 无")},
     "C013", "the default of `disability_grade` must be a whole number, not `无`", "or `null` for no value"),
    ({GRADE_INPUT: GRADE_INPUT.replace("default: null", "default: 1.5")},
     "C013", "the default of `disability_grade` must be a whole number, not `1.5`", "`1` or `2`"),
    ({GRADE_INPUT: GRADE_INPUT.replace("default: null", "default: 5")},
     "C013", "the default `5` of `disability_grade` is above its maximum `4`", "at most 4"),
    ({GRADE_INPUT: GRADE_INPUT.replace("minimum: 1, maximum: 4", "minimum: 4, maximum: 1")},
     "C014", "the minimum `4` of `disability_grade` is above its maximum `1`", "`minimum: 1, maximum: 4`"),
    ({HOUSING_INPUT: HOUSING_INPUT.replace("default: A", "default: E")},
     "C003", "the default `E` of `housing.safety_grade` is not one of its values", "`A`, `B`, `C`, `D`"),
    ({HOUSING_INPUT: HOUSING_INPUT.replace("default: A", "default: a")},
     "C003", "the default `a` of `housing.safety_grade` is not one of its values", "did you mean `A`?"),
    ({SUPPORTER_INPUT: SUPPORTER_INPUT.replace("default: none", "default: unabel")},
     "C003", "the default `unabel` of `supporter` is not one of its values", "did you mean `unable`?"),
    ({SUPPORTER_INPUT: SUPPORTER_INPUT.replace("default: none", "default: null")},
     "C013", "the default of `supporter` is empty (null), but the field is not nullable", "`nullable: true`"),
    (with_input("assets.registered_business: {type: boolean, default: 否"),
     "C013", "the default of `assets.registered_business` must be true or false, not `否`", "write `false`"),
    (with_input("assets.registered_business: {type: boolean, default: 1"),
     "C013", "the default of `assets.registered_business` must be true or false, not `1`", "write `true`"),
    (with_input("assets.registered_business: {type: boolean, default: flase"),
     "C013", "the default of `assets.registered_business` must be true or false, not `flase`",
     "did you mean `false`?"),
    (with_input("assets.registered_business: {type: boolean, default: \"false\""),
     "C013", "the default of `assets.registered_business` must be true or false, not the text `\"false\"`",
     "write `false` without quotes"),
    ({GRADE_INPUT: GRADE_INPUT.replace("default: null", 'default: "2"')},
     "C013", 'the default of `disability_grade` must be a whole number, not the text `"2"`',
     "write `2` without quotes"),
    ({DEPOSITS_INPUT: 'assets.deposits: {type: money, default: "0", minimum: 0,'},
     "C013", 'the default of `assets.deposits` must be an amount in yuan, not the text `"0"`',
     "write `0` without quotes"),
    (with_input("housing.area: {type: number, default: 20%"),
     "C013", "the default of `housing.area` must be a number, not `20%`", "write `0.2`"),
    (with_input("housing.built: {type: date, default: today"),
     "C013", "the default of `housing.built` must be a date (YYYY-MM-DD), not `today`", "YYYY-MM-DD"),
    (with_input("housing.village: {type: text, default: 5"),
     "C013", "the default of `housing.village` must be a text, not `5`", "put it in quotes: `'5'`"),
    (with_input("housing.rooms: {type: integer, default: 二十"),
     "C013", "the default of `housing.rooms` must be a whole number, not `二十`", "write `20`"),
    (with_input("housing.rooms: {type: integer, default: 2024-01-01"),
     "C013", "the default of `housing.rooms` must be a whole number, not `2024-01-01`", "e.g. `0`"),
    (with_input("housing.rooms: {type: integer, default: 3, minimum: 1, maximum: 2"),
     "C013", "the default `3` of `housing.rooms` is above its maximum `2`", "at most 2"),
])
def test_a_default_or_bound_the_field_cannot_hold_is_located_on_it(replacements, code, message, hint):
    d = only(replacements)
    assert (d.code, d.message) == (code, message)
    assert d.help is not None and hint in d.help, d.help
    assert d.span is not None
    line = edited(replacements).splitlines()[d.span.line - 1]
    key = "minimum" if code == "C014" else "default"
    assert line[:d.span.column - 1].endswith(f"{key}: "), line  # the value of the key at fault


def test_bounds_that_exclude_every_value_are_reported_once_not_also_on_the_default():
    found = diagnose({GRADE_INPUT: "disability_grade: {type: integer, minimum: 4, maximum: 1, default: 2,"})
    assert [d.code for d in found] == ["C014"]


@pytest.mark.parametrize(("given_with", "message", "hint"), [
    ("[suporter]", "`suporter` is not an input of each member", "did you mean `supporter`?"),
    ("[赡养人]", "`赡养人` is not an input of each member", "`赡养人` is the label of `supporter`: write `supporter`"),
    ("[assets.deposits]", "`assets.deposits` is an input of the household, and `disability_grade` an input of each "
     "member: only inputs of the same level are given together", "name inputs declared under `inputs: member:`"),
    ("[supporter, disability_grade]", "`disability_grade` is to be given with itself", "remove `given_with`"),
])
def test_given_with_names_another_input_of_the_same_level(given_with, message, hint):
    replacements = {GRADE_INPUT: GRADE_INPUT.replace("default: null,", f"default: null, given_with: {given_with},")}
    d = only(replacements)
    assert (d.code, d.severity, d.message) == ("C030", "error", message)
    assert d.help is not None and hint in d.help, d.help
    assert d.zh is not None and d.zh[0] and d.zh[1], "said in Chinese too"
    assert d.span is not None
    line = edited(replacements).splitlines()[d.span.line - 1]
    assert line[d.span.column - 1:d.span.end_column - 1] == message.split("`")[1]  # the name at fault


def test_given_with_is_read_into_the_input_and_a_name_twice_counts_once():
    policy = loads({GRADE_INPUT: GRADE_INPUT.replace("default: null,", "default: null, given_with: [supporter, "
                                                                       "supporter, birth_date],")})
    assert policy.inputs["member:disability_grade"].given_with == ("supporter", "birth_date")
    assert policy.inputs["member:supporter"].given_with == ()


def test_an_effective_period_that_ends_before_it_starts_is_located_on_its_end():
    d = only({"effective: {from: 2024-01-01, to: 2025-12-31}": "effective: {from: 2025-12-31, to: 2024-07-16}"})
    assert (d.code, d.message) == ("C014", "the effective period ends on 2024-07-16, before it starts on 2025-12-31")
    assert d.span is not None and (d.span.line, d.span.column) == (5, 37)
    loads({"effective: {from: 2024-01-01, to: 2025-12-31}": "effective: {from: 2025-12-31, to: 2025-12-31}"})


def test_a_value_label_for_a_value_the_enum_does_not_have_is_located_on_its_key():
    labelled = HOUSING_INPUT.replace("default: A,", "value_labels: {A: {zh: 安全}, E: {zh: 危房}}, default: A,")
    assert labelled != HOUSING_INPUT
    (d,) = [d for d in diagnose({HOUSING_INPUT: labelled}) if d.code != "C042"]  # (values without words: C042)
    assert d.code == "C003"
    assert d.message == "`E` under `value_labels` is not one of the values of `housing.safety_grade`"
    assert d.span is not None
    line = edited({HOUSING_INPUT: labelled}).splitlines()[d.span.line - 1]
    assert line[d.span.column - 1:].startswith("E: {zh: 危房}")
    fixed = labelled.replace("E: {zh: 危房}", "D: {zh: 危房}")
    assert [d.message.split(":")[0] for d in diagnose({HOUSING_INPUT: fixed})] == [
        "the `value_labels` of `housing.safety_grade` give no words for `B` and `C`",
        "`supporter` has no `value_labels`"]


def test_an_enum_without_values_is_one_error_at_its_declaration():
    found = diagnose({HOUSING_INPUT: "housing.safety_grade: {type: enum, default: A,"})
    assert [(d.code, d.message) for d in found] == [
        ("L004", "`inputs.household.housing.safety_grade` is missing `values`")]
    assert found[0].help is not None and "`values: [" in found[0].help
    assert found[0].span is not None and found[0].span.line == 19


def test_defaults_of_every_type_that_fit_load():
    loads({**with_input("housing.area: {type: number, default: 1.5, minimum: 0"),
           DEPOSITS_INPUT: "assets.deposits: {type: money, default: 0.5, minimum: 0,",
           GRADE_INPUT: GRADE_INPUT.replace("default: null", "default: 4"),
           "birth_date: {type: date,": "birth_date: {type: date, default: 1950-01-01,",
           SUPPORTER_INPUT: SUPPORTER_INPUT.replace("nullable: true, ", "").replace(
               "default: none", "nullable: true, default: null"),
           HOUSING_INPUT: HOUSING_INPUT.replace("default: A", "default: D")})
    loads(with_input("assets.registered_business: {type: boolean, default: false"))
    loads(with_input("housing.village: {type: text, default: '5'"))


# -- cycles ------------------------------------------------------------------------------------------


def test_a_definition_that_uses_itself():
    d = only({"value: counted_income / household_size":
              "value: counted_income / household_size + 0 * per_capita_income"})
    assert (d.code, d.message) == ("C004", "`per_capita_income` depends on itself: `per_capita_income` → "
                                           f"`per_capita_income` (read on line {d.span.line if d.span else 0})")
    assert d.span is not None and d.span.column == 50  # the reference, not the whole expression


REPLACEMENTS_RICH = {
    "value: count(members)": "value: 'max(count(members), rich_members)'",
    "  age: {level: member,": "  rich_members:\n"
                              "    value: count(members where own_counted_income > per_capita_income)\n"
                              "    label: {zh: 高收入成员, en: members above the average}\n"
                              "  age: {level: member,"}


def test_the_cycle_message_names_the_whole_cycle_each_link_with_its_line():
    d = only(REPLACEMENTS_RICH)
    assert d.code == "C004"
    lines = edited(REPLACEMENTS_RICH).split("\n")
    read = [next(n for n, line in enumerate(lines, 1) if re.search(pattern, line))
            for pattern in (r"value: 'max\(count\(members\), rich_members", r"where own_counted_income > per_capita",
                            r"value: counted_income / household_size")]
    assert d.message == (f"`household_size` depends on itself: `household_size` → `rich_members` (read on line "
                         f"{read[0]}) → `per_capita_income` (read on line {read[1]}) → `household_size` (read on line "
                         f"{read[2]})")
    assert d.help == "a value cannot depend on itself: remove one of these references"


def test_parameters_in_a_cycle():
    d = only({"value: 490 yuan/month": "value: employment_cost_rate * 1 yuan/month",
              "value: 20%": "value: dibao_standard / 1 yuan/month"})
    lines = edited({"value: 490 yuan/month": "value: employment_cost_rate * 1 yuan/month",
                    "value: 20%": "value: dibao_standard / 1 yuan/month"}).split("\n")
    first, second = (lines.index(f"    value: {v}") + 1 for v in ("employment_cost_rate * 1 yuan/month",
                                                                  "dibao_standard / 1 yuan/month"))
    assert d.message == f"`dibao_standard` depends on itself: `dibao_standard` → `employment_cost_rate` (read on " \
                        f"line {first}) → `dibao_standard` (read on line {second})"


def test_a_category_and_an_indicator_in_a_cycle():
    d = only({HOUSING: "test: dibao", DEPOSITS: "test: not housing_unsafe"})
    lines = edited({HOUSING: "test: dibao", DEPOSITS: "test: not housing_unsafe"}).split("\n")
    first = next(n for n, line in enumerate(lines, 1) if "{test: dibao," in line)
    assert d.message == f"`housing_unsafe` depends on itself: `housing_unsafe` → `dibao` (read on line {first}) → " \
                        "`housing_unsafe` (read on line 54)"


def test_an_earlier_category_of_a_group_cannot_depend_on_a_later_one():
    d = only({DEPOSITS: "test: not marginal"})
    assert d.message == "`dibao` depends on itself: `dibao` → `marginal` (read on line 54) → `dibao` (by the order " \
                        "of group `tier`)"
    assert d.help == "`marginal` comes after `dibao` in group `tier`, whose order already decides between them (a " \
                     "later category of a group cannot be held with an earlier one): remove `dibao`'s reference to " \
                     "`marginal` (line 54)"
    assert d.zh == ("`dibao` 依赖于它自身：`dibao` → `marginal`（第 54 行引用）→ `dibao`（按 group `tier` 的顺序）",
                    "`marginal` 在 group `tier` 中排在 `dibao` 之后，这个 group 的顺序已经决定了二者的取舍（同一 "
                    "group 中排在后面的类别不能与前面的类别同时成立）：请去掉 `dibao` 对 `marginal` 的引用（第 54 行）")


def test_two_categories_of_a_group_that_read_each_other_are_told_the_reference_of_the_earlier_to_remove():
    """`dibao` reading `not marginal` and `marginal` reading `not dibao` named one link of two, told to remove either
    reference: removing the later one's left the group's order in the cycle, and one more error."""
    d = only({DEPOSITS: "test: not marginal",
              MARGINAL: "test: per_capita_income < 1.5 * dibao_standard and not dibao}"})
    assert d.span is not None and (d.code, d.span.line) == ("C004", 54)
    assert d.message == "`dibao` depends on itself: `dibao` → `marginal` (read on line 54) → `dibao` (read on line 59)"
    assert d.help is not None and d.help.endswith("remove `dibao`'s reference to `marginal` (line 54)")


def test_a_later_category_may_depend_on_an_earlier_one():
    loads({MARGINAL: "test: per_capita_income < 1.5 * dibao_standard and not dibao}"})


def test_every_cycle_is_reported_once():
    found = diagnose({"value: counted_income / household_size": "value: counted_income / household_size * "
                                                                 "(per_capita_income / per_capita_income)",
                      "value: 20%": "value: employment_cost_rate"})
    assert sorted(d.message.split(":")[0] for d in found if d.code == "C004") == [
        "`employment_cost_rate` depends on itself", "`per_capita_income` depends on itself"]


# -- warnings ----------------------------------------------------------------------------------------


def test_unreachable_category_is_a_warning():
    found = diagnose({MARGINAL: "test: per_capita_income < dibao_standard}\n"
                                "      - {id: deposits, label: {zh: 存款, en: deposits}, "
                                "test: assets.deposits / household_size <= dibao_standard * 24 months}"})
    assert [(d.code, d.severity, d.message) for d in found] == [
        ("C006", "warning", "category `marginal` can never be assigned")]
    assert found[0].help is not None and "`dibao` comes first in group `tier`" in found[0].help


def test_a_category_with_a_condition_the_earlier_lacks_is_reachable():
    loads({MARGINAL: "test: per_capita_income < dibao_standard}"})


def test_categories_of_different_groups_never_shadow_each_other():
    found = diagnose({"    group: tier\n    label: {zh: 边缘": "    group: other\n    label: {zh: 边缘",
                      MARGINAL: "test: per_capita_income < dibao_standard}"})
    assert [(d.code, d.message) for d in found] == [  # no C006; each group holds one category
        ("C018", "group `tier` holds only `dibao`, so it excludes no other category"),
        ("C018", "group `other` holds only `marginal`, so it excludes no other category")]
    assert all(d.help == "give it the group of the categories it should exclude, or remove `group:`" for d in found)


def test_a_group_misspelt_in_the_shipped_policy_is_an_error_wherever_the_category_stands():
    """`teir` for `tier` on one of the exclusive categories: a household could be given it together with another
    of the group, so the policy must not load, whether the slip is on the first of the group or a later one."""
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    tier = [n for n, line in enumerate(lines) if line == "    group: tier"]
    assert len(tier) == 4
    for n in tier:
        slipped = "\n".join([*lines[:n], "    group: teir", *lines[n + 1:]])
        found = diagnostics_of_text(slipped, "post-transition.yaml")
        assert [(d.code, d.severity, d.span.line, d.span.column, d.help) for d in found] == [
            ("C023", "error", n + 1, 12, "did you mean `tier`?")]
        alone = next(line.removeprefix("  - id: ") for line in reversed(lines[:n]) if line.startswith("  - id: "))
        assert found[0].message.startswith(f"group `teir` holds only `{alone}`, while group `tier` holds `")
        assert found[0].message.endswith(f": `{alone}` can be assigned together with any of them")
        with pytest.raises(PolicyError):
            load_policy("post-transition.yaml", raw=slipped.encode("utf-8"))


def test_a_group_of_one_whose_name_is_close_to_none_is_only_a_warning():
    found = diagnose({"    group: tier\n    label: {zh: 边缘": "    group: rural\n    label: {zh: 边缘"})
    assert [(d.code, d.severity) for d in found] == [("C018", "warning"), ("C018", "warning")]


def test_groups_whose_names_differ_in_their_digits_alone_are_a_series_not_a_slip():
    found = diagnose({"    group: tier\n    label: {zh: 低保": "    group: tier1\n    label: {zh: 低保",
                      "    group: tier\n    label: {zh: 边缘": "    group: tier2\n    label: {zh: 边缘"})
    assert [(d.code, d.severity, d.message, d.help) for d in found] == [
        ("C018", "warning", "group `tier2` holds only `marginal`, so it excludes no other category",
         "did you mean `tier1`?")]


def test_unused_parameter_is_a_warning_and_use_by_a_parameter_counts():
    extra = "  tekun_standard:\n    value: 1.3 * dibao_standard\n    label: {zh: 特困标准, en: tekun standard}\n"
    found = diagnose({"  employment_cost_rate:\n": extra + "  employment_cost_rate:\n"})
    assert [(d.code, d.severity, d.message) for d in found] == [
        ("C005", "warning", "parameter `tekun_standard` is never used")]
    loads({"  employment_cost_rate:\n": extra + "  employment_cost_rate:\n",
           MARGINAL: "test: per_capita_income < tekun_standard}"})


def test_unused_member_definition_is_a_warning():
    found = diagnose({OLD: "test: birth_date < 1965-01-01}"})
    assert [(d.code, d.message) for d in found] == [("C005", "member definition `age` is never used")]


def shipped_with(old: str, new: str) -> str:
    """The text of policy/post-transition.yaml with `old`, which it holds once, replaced by `new`."""
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def shown_as_in_the_catalogue(found: list[Diagnostic], place: tuple[str, str, int, int, int],
                               en: tuple[str, str], zh: tuple[str, str]) -> None:
    """`found` is the one finding at `place` (code, severity, line, column, end column) of the shipped policy,
    worded `en` and `zh` (message, help), as docs/errors.md shows it."""
    from tests.helpers import ROOT

    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [place]
    assert ((found[0].message, found[0].help), found[0].zh) == (en, zh)
    code, severity, line, column, _ = place
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"policy/post-transition.yaml:{line}:{column}: {severity}[{code}]: {found[0].message}\n" in catalogue
    assert f"  help: {found[0].help}\n" in catalogue


WATER = "    source: dsz-2024-47 二、1 优化认定指标 / 附件2\n  no_labour_capacity:"  # (its comment follows)
ELDERLY_ONLY = ("  elderly_only:\n    test: all(members, age >= 65)\n"
                "    label: {zh: 纯老年人家庭（成员均满65周岁）, en: a household of elderly members only}\n"
                "    source: dsz-2024-47 附件2\n")
HARDSHIP = "test: housing_unsafe or water_unsafe or any(members where serious_illness) or disaster_loss > 0\n"


def test_a_household_indicator_no_rule_reads_is_a_warning_that_it_decides_nothing_as_the_catalogue_shows():
    """A county's new indicator, left out of the clause it was written for: shown in every decision, it changes
    none."""
    added = shipped_with(WATER, WATER.replace("  no_labour_capacity:", ELDERLY_ONLY + "  no_labour_capacity:"))
    assert added.count(HARDSHIP) == 1
    shown_as_in_the_catalogue(
        diagnostics_of_text(added, "policy/post-transition.yaml"), ("C005", "warning", 361, 3, 15),
        ("indicator `elderly_only` is read by no rule, so it decides nothing",
         "it is only listed under `values` in each decision: use it in a category's clause or in a measure; if it is "
         "meant only to be shown there, leave it"),
        ("指标 `elderly_only` 没有被任何规则使用，不影响任何认定结果",
         "它只列在每份认定结果的 `values` 中：请在类别的条款或救助措施中用到它；如果它本来就只用于显示，可以保留"))
    read = added.replace(HARDSHIP, HARDSHIP.replace("disaster_loss > 0", "disaster_loss > 0 or elderly_only"))
    assert diagnostics_of_text(read, "policy/post-transition.yaml") == []


def test_a_household_definition_no_rule_reads_is_a_warning_but_one_another_definition_reads_is_not():
    counted = "  elderly_count: {value: count(members where age >= 65), label: {zh: 老年人数, en: elderly}}\n"
    found = diagnose({"  age: {level: member,": counted + "  age: {level: member,"})
    assert [(d.code, d.message) for d in found] == [
        ("C005", "definition `elderly_count` is read by no rule, so it decides nothing")]
    share = "  elderly_share: {value: elderly_count / household_size, label: {zh: 老年人占比, en: share}}\n"
    found = diagnose({"  age: {level: member,": counted + share + "  age: {level: member,"})
    assert [d.message for d in found] == ["definition `elderly_share` is read by no rule, so it decides nothing"]


def test_missing_translation_is_a_warning_located_on_the_label():
    found = diagnose({"label: {zh: 边缘, en: marginal}": "label: {zh: 边缘}",
                      "label: {zh: 低保金, en: dibao benefit}": "label: {en: dibao benefit}"})
    assert [(d.code, d.severity, d.message) for d in found] == [
        ("C011", "warning", "the label of category `marginal` has no `en` text"),
        ("C011", "warning", "the label of measure `dibao_benefit` has no `zh` text"),
    ]
    assert found[0].span is not None and (found[0].span.line, found[0].span.column) == (57, 12)


# -- ids, sources, departments, abolished categories -------------------------------------------------


def test_a_name_defined_twice():
    d = only({"  age: {level: member,": "  dibao_standard: {value: 1, label: {zh: 一, en: one}}\n"
                                        "  age: {level: member,"})
    assert (d.code, d.message) == ("C007", "`dibao_standard` is defined twice")
    assert d.help == "`dibao_standard` is already a parameter: rename one of them"


def test_a_source_id_declared_twice_is_an_error_at_the_second_that_names_the_first():
    """A second document declared by copying the first's entry: every rule citing it would cite the first."""
    source = "    - {id: doc, title: 测试文件}\n"
    d = only({source: source + "    - {id: doc, title: 县级文件}\n"})
    assert (d.code, d.severity, d.message) == ("C007", "error", "source `doc` appears twice")
    assert d.span is not None and (d.span.line, d.span.column, d.span.end_column) == (8, 12, 15)
    assert d.help == ("the first is at line 7: give this document its own id, and cite it by that id where a rule "
                      "comes from it")
    assert d.zh == ("出处 `doc` 出现了两次",
                    "第一个在第 7 行：请给这份文件另起一个 id，并在出自这份文件的规则的 `source:` 中改用这个 id")
    assert diagnose({source: source + "    - {id: county, title: 县级文件}\n"}) == []


def test_unknown_source_points_at_the_citation():
    d = only({"source: doc 二、1": "source: dsz-2024-47 二、1"})
    assert (d.code, d.message) == ("C010", "unknown source `dsz-2024-47`")
    assert d.span is not None and (d.span.line, d.span.column) == (51, 17)


def test_a_source_glued_to_its_article_says_the_space_is_missing():
    d = only({"source: doc 二、1": "source: doc二、1"})
    assert (d.code, d.message, d.help) == ("C010", "unknown source `doc二、1`",
                                           "put a space between the source and the article: `doc 二、1`")
    d = only({"source: doc 二、1": "source: doc2 二、1"})  # another id, not `doc` without its space
    assert (d.code, d.help) == ("C010", "declare it under `policy.sources`; if it is a typo, did you mean `doc`?")


@pytest.mark.parametrize("written", ["doc，二、1", "doc：二、1", "doc、二、1", "doc,二、1", "doc:二、1"])
def test_a_source_parted_from_its_article_by_a_mark_is_told_to_write_a_space_in_its_place(written: str):
    """`dsz-2024-47，附件1`, as a Chinese keyboard types it: the help kept the mark, `dsz-2024-47 ，附件1`, a
    citation of the article `，附件1`."""
    d = only({"source: doc 二、1": f"source: {written}"})
    mark = written[3]
    assert (d.code, d.message, d.help) == (
        "C010", f"unknown source `{written}`",
        f"write a space, not `{mark}`, between the source and the article: `doc 二、1`")
    assert d.in_lang("zh").help == f"出处和条文之间请用一个空格，不用 `{mark}`：`doc 二、1`"


def test_a_citation_without_an_article_is_a_warning_at_the_citation():
    found = diagnose({"source: doc 二、1": "source: doc", "    source: doc 附件1": "    source: 'doc '"})
    assert [(d.code, d.severity, d.message) for d in found] == [
        ("C015", "warning", "the citation `doc` names no article"),
        ("C015", "warning", "the citation `doc` names no article"),
    ]
    assert found[1].span is not None and (found[1].span.line, found[1].span.column) == (51, 17)
    assert found[1].help == "write the article after the source id and a space, e.g. `doc 附件1`"


def test_sources_of_options_and_abolished_entries_are_checked():
    found = diagnose({"departments:\n": "abolished:\n  - id: monitoring\n    label: {zh: 监测, en: monitored}\n"
                                        "    absorbed_by: [dibao]\n    source: dco 附件2\ndepartments:\n"})
    assert [(d.code, d.message, d.help) for d in found] == [("C010", "unknown source `dco`", "did you mean `doc`?")]


def test_the_source_of_the_review_process_is_checked():
    text = MINI_TEXT + "process:\n  review_working_days: 25\n  source: dco 附件4\n"
    try:
        load_policy("mini.yaml", raw=text.encode("utf-8"))
    except PolicyError as error:
        found = error.diagnostics
    else:
        found = []
    assert [(d.code, d.message, d.help) for d in found] == [("C010", "unknown source `dco`", "did you mean `doc`?")]
    assert found[0].span is not None and found[0].span.line == text.count("\n")


def test_a_number_left_out_is_told_what_to_write():
    text = MINI_TEXT + "process:\n  review_working_days:\n"
    with pytest.raises(PolicyError) as error:
        load_policy("mini.yaml", raw=text.encode("utf-8"))
    assert [(d.code, d.message, d.help, d.zh) for d in error.value.diagnostics] == [(
        "L004", "`process.review_working_days` must be a whole number, not empty",
        "write a whole number after the colon, at least 1",
        ("`process.review_working_days` 应为整数，而不是空值", "请在冒号后写上整数，不小于 1"))]


def test_unknown_department_points_at_the_department():
    d = only({"dibao_benefit\n    department: civil_affairs": "dibao_benefit\n    department: civil_afairs"})
    assert (d.code, d.message, d.help) == ("C001", "unknown department `civil_afairs`",
                                           "did you mean `civil_affairs`?")
    assert d.span is not None and (d.span.line, d.span.column, d.span.end_column) == (64, 17, 29)


HEALTH = "  health: {zh: 卫健, en: health}\n"


def test_a_department_no_measure_names_is_a_warning_at_its_line():
    d = only({"assistance:\n": HEALTH + "assistance:\n"})
    assert (d.code, d.severity, d.message, d.help) == (
        "C040", "warning", "department `health` is named by no measure",
        "remove it, or write `department: health` in the measure it carries out")
    assert d.zh == ("部门 `health` 没有被任何救助措施使用", "请删除它，或在它负责的救助措施中写上 `department: health`")
    assert d.span is not None and (d.span.line, d.span.column, d.span.end_column) == (62, 3, 9)
    # named by a measure, it is used
    loads({"assistance:\n": HEALTH + "assistance:\n",
           "  - id: housing_renovation\n    department: civil_affairs": "  - id: housing_renovation\n"
                                                                        "    department: health"})


def test_a_department_no_measure_names_is_not_told_while_a_measure_names_an_unknown_one():
    # the misspelt department is most likely the one declared and unused: it is not to be deleted
    found = diagnose({"dibao_benefit\n    department: civil_affairs": "dibao_benefit\n    department: helth",
                      "assistance:\n": HEALTH + "assistance:\n"})
    assert [(d.code, d.message, d.help) for d in found] == [
        ("C001", "unknown department `helth`", "did you mean `health`?")]


def test_a_department_only_a_measure_left_out_names_is_not_said_to_be_unused():
    # the measure's schema mistake is reported; the department it names is not called unused for want of it
    found = diagnose({"assistance:\n": HEALTH + "assistance:\n", "    per: month\n": "    per: week\n",
                      "  - id: housing_renovation\n    department: civil_affairs": "  - id: housing_renovation\n"
                                                                                  "    department: health"})
    assert [d.code for d in found] == ["L004"], [(d.code, d.message) for d in found]


def test_a_department_no_measure_names_is_warned_of_as_the_catalogue_shows():
    water = "  water_resources: {zh: 水利部门, en: water resources}\n"
    civil = "  civil_affairs: {zh: 民政部门, en: civil affairs}\n"
    text = shipped_with(water, civil + water)
    line = text[:text.index(civil)].count("\n") + 1
    shown_as_in_the_catalogue(
        diagnostics_of_text(text, "policy/post-transition.yaml"), ("C040", "warning", line, 3, 16),
        ("department `civil_affairs` is named by no measure",
         "remove it, or write `department: civil_affairs` in the measure it carries out"),
        ("部门 `civil_affairs` 没有被任何救助措施使用",
         "请删除它，或在它负责的救助措施中写上 `department: civil_affairs`"))


def test_abolished_categories():
    d = only({"departments:\n": "abolished:\n  - id: monitoring\n    label: {zh: 监测, en: monitored}\n"
                                "    absorbed_by: [dibao, marginall]\ndepartments:\n"})
    assert (d.code, d.message, d.help) == ("C012", "`monitoring` is absorbed by `marginall`, which is not a category",
                                           "did you mean `marginal`?")
    d = only({"departments:\n": "abolished:\n  - id: dibao\n    label: {zh: 低保, en: dibao}\n"
                                "    absorbed_by: [marginal]\ndepartments:\n"})
    assert (d.code, d.message) == ("C012", "`dibao` is abolished but still defined as a category")
    assert d.zh is not None and d.zh[0] == "`dibao` 已取消，但仍被定义为类别"


def test_an_abolished_category_dated_after_the_versions_first_day_is_refused_where_its_date_is():
    gone = "abolished:\n  - id: monitoring\n    label: {zh: 监测, en: monitored}\n    absorbed_by: [dibao]\n"
    d = only({"departments:\n": gone + "    from: 2024-03-01\ndepartments:\n"})
    assert (d.code, d.severity, d.message, d.help) == (
        "C039", "error", "`monitoring` is abolished from 2024-03-01, after this version's first day, 2024-01-01",
        "this version has no `monitoring` from its first day: write the day it was abolished, on or before "
        "2024-01-01, or leave `from:` out to mean 2024-01-01")
    assert d.span is not None and (d.span.column, d.span.end_column) == (11, 21)
    assert d.in_lang("zh").message == "`monitoring` 自 2024-03-01 起取消，晚于本版本的第一天 2024-01-01"
    for written in ("2023-07-01", "'2023-07-01'"):  # quoted, YAML leaves it text
        policy = loads({"departments:\n": gone + f"    from: {written}\ndepartments:\n"})
        assert policy.abolished_since(policy.abolished[0]) == datetime.date(2023, 7, 1)
    assert loads({"effective: {from: 2024-01-01,": "effective: {from: '2024-01-01',"}).meta.in_force(
        datetime.date(2024, 6, 1))
    policy = loads({"departments:\n": gone + "departments:\n"})
    assert policy.abolished_since(policy.abolished[0]).isoformat() == "2024-01-01", "without it, the first day"


def test_a_value_none_of_the_allowed_is_told_them_as_alternatives():
    from tests.helpers import POST

    text = Path(POST).read_text(encoding="utf-8")
    (d,) = diagnostics_of_text(text.replace("    level: household\n", "    level: famly\n", 1), "post.yaml")
    assert (d.code, d.message) == ("L004", "`categories[dibao].level` is `famly`, not one of the allowed values")
    assert d.help == "use one of `household` or `member`"
    assert d.zh is not None and d.zh[1] == "请从 `household`、`member` 中选用一个"


def test_an_abolished_category_absorbed_by_itself_is_told_the_categories_that_could_take_it_in():
    d = only({"departments:\n": "abolished:\n  - id: monitoring\n    label: {zh: 监测, en: monitored}\n"
                                "    absorbed_by: [monitoring]\ndepartments:\n"})
    assert (d.code, d.message, d.help) == (
        "C012", "`monitoring` is absorbed by itself",
        "name the categories of this version that take in its households: one or more of `tekun`, `dibao` or "
        "`marginal`")
    assert d.zh is not None and d.zh[1] == ("请写出本版本中接收原属该类别家庭的类别："
                                           "`tekun`、`dibao`、`marginal` 中的一个或几个")
    assert d.span is not None and d.span.column == 19


@pytest.mark.parametrize("entry", [
    "  - id: monitoring\n    absorbed_by: [dibao]\n    label: {zh: 监测, en: monitored}\n    from: 2026-13-01\n",
    # its id written after the date
    "  - from: 2026-13-01\n    absorbed_by: [dibao]\n    label: {zh: 监测, en: monitored}\n    id: monitoring\n",
])
def test_a_date_that_is_not_one_names_the_list_item_by_its_id(entry):
    """As the policy's other findings name an item of a list: by the `id` the officer wrote, not its position."""
    text = MINI.read_text(encoding="utf-8").replace("departments:\n", f"abolished:\n{entry}departments:\n")
    found = diagnostics_of_text(text, "mini.yaml")
    assert [(d.code, d.message) for d in found] == [
        ("L004", "`abolished[monitoring].from`: `2026-13-01` is not a date")]
    assert found[0].zh is not None and found[0].zh[0] == "`abolished[monitoring].from` 的 `2026-13-01` 不是日期"


SHIPPED_INCOME = "        test: per_capita_income < dibao_standard\n"


@pytest.mark.parametrize("written, fixed", [
    ("'per_capita_income < dibao_standard#县里标准'", "'per_capita_income < dibao_standard' #县里标准"),
    ('"per_capita_income < dibao_standard #县里标准"', '"per_capita_income < dibao_standard" #县里标准'),
    ("'per_capita_income < dibao_standard ＃县里标准'", "'per_capita_income < dibao_standard' #县里标准"),
    ("'per_capita_income < dibao_standard（县里标准）'", "'per_capita_income < dibao_standard'  # 县里标准"),
])
def test_a_note_inside_a_quoted_rule_is_told_to_go_after_the_quotes(written, fixed):
    """Inside quotes a `#` is text: the note goes after the closing quote, and the file so written reads."""
    found = diagnostics_of_text(shipped_with(SHIPPED_INCOME, f"        test: {written}\n"),
                                "policy/post-transition.yaml")
    assert [d.code for d in found] == ["S001"], [(d.code, d.message, d.help) for d in found]
    assert found[0].help is not None and f"`{fixed}`" in found[0].help, found[0].help
    assert found[0].zh is not None and f"`{fixed}`" in found[0].zh[1], found[0].zh
    assert diagnostics_of_text(shipped_with(SHIPPED_INCOME, f"        test: {fixed}\n"),
                               "policy/post-transition.yaml") == []


def test_a_note_inside_a_block_rule_is_told_to_go_on_a_line_of_its_own():
    block = "        test: >-\n          per_capita_income < dibao_standard # 县里标准\n"
    found = diagnostics_of_text(shipped_with(SHIPPED_INCOME, block), "policy/post-transition.yaml")
    assert [(d.code, d.help) for d in found] == [(
        "S001", "inside a `>` block `#` is part of the rule, not a comment: write "
                "`per_capita_income < dibao_standard`, with `# 县里标准` on a line of its own after the block")]
    followed = "        test: >-\n          per_capita_income < dibao_standard\n        # 县里标准\n"
    assert diagnostics_of_text(shipped_with(SHIPPED_INCOME, followed), "policy/post-transition.yaml") == []


def test_a_category_listed_twice_as_absorbing_is_told_at_the_second():
    text = MINI.read_text(encoding="utf-8").replace("departments:\n", "abolished:\n  - id: monitoring\n"
                                                    "    label: {zh: 监测, en: monitored}\n"
                                                    "    absorbed_by: [dibao, marginal, dibao]\ndepartments:\n")
    with pytest.raises(PolicyError) as error:
        load_policy("mini.yaml", raw=text.encode("utf-8"))
    (d,) = error.value.diagnostics
    assert (d.code, d.message, d.help) == ("L004", "`abolished[monitoring].absorbed_by` lists `dibao` twice",
                                           "list each value once: remove this one, or write the value it was "
                                           "meant to be")
    assert d.span is not None and d.span.column == 36


# -- the checker as a whole -------------------------------------------------------------------------


def test_errors_accumulate_and_are_sorted_by_position():
    found = diagnose({INCOME: "test: per_capita_income < dibao_standart\n",
                      OLD: "test: age >= 500 yuan}",
                      HOUSING: "test: 'housing.safety_grade in {\"E\"}'"})
    assert [d.code for d in found] == ["C003", "C002", "C001"]
    assert [d.span.line for d in found if d.span] == sorted(d.span.line for d in found if d.span)


def test_a_rule_that_does_not_parse_hides_no_other_mistake():
    found = diagnose({INCOME: "test: per_capita_income < dibao_standart\n", OLD: "test: age >= 500 yuan}",
                      DEPOSITS: "test: (assets.deposits / household_size <= dibao_standard * 24 months"})
    assert [(d.code, d.span.line) for d in found if d.span] == [("C002", 42), ("C001", 50), ("S004", 54)]


def test_a_definition_that_does_not_parse_is_known_but_broken_so_nothing_built_on_it_is_reported():
    # `per_capita_income` is read by two clauses and an amount: no unknown name, no unit error, no cycle
    broken = "value: counted_income / (household_size"
    found = diagnose({"value: counted_income / household_size": broken})
    assert [(d.code, d.message, d.span.line) for d in found if d.span] == [("S004", "unclosed `(`", 32)]
    # nor is a parameter or a rule read only by the broken rule said to be unused
    found = diagnose({"value: counted_income / household_size": broken,
                      "share: 1 - employment_cost_rate": "share: (1 - employment_cost_rate"})
    assert [d.code for d in found] == ["S004", "S004"]
    # a rule that reads it is still checked where it does not depend on it
    found = diagnose({"value: counted_income / household_size": broken, DEPOSITS: "test: dibao_standart > 0"})
    assert [(d.code, d.message) for d in found] == [("S004", "unclosed `(`"), ("C001", "unknown name `dibao_standart`")]


def test_a_label_beside_a_rule_that_does_not_parse_is_not_said_to_miss_its_numbers():
    label = "label: {zh: 存款, en: deposits}\n        " + DEPOSITS
    says_36 = "label: {zh: 存款不超过36个月, en: deposits within 36 months}\n        "
    assert [d.code for d in diagnose({label: says_36 + DEPOSITS})] == ["C029"]  # its rule says 24, in both languages
    found = diagnose({label: says_36 + DEPOSITS.replace("<= ", "<= (")})
    assert [d.code for d in found] == ["S004"]


def test_an_id_given_twice_hides_no_other_mistake():
    found = diagnose({"{id: poor,": "{id: old,", "<= dibao_standard * 24 months": "<= dibao_standard",
                      INCOME: "test: age >= 60\n"})
    assert [(d.code, d.span.line) for d in found if d.span] == [("C007", 43), ("C009", 50), ("C002", 54)]
    assert found[0].message == "clause `old` appears twice in category `tekun`"
    # a category given twice is reported once, as the loader words it, and the second is not read as the first
    twice = diagnose({"  - id: marginal\n": "  - id: dibao\n", "test: age >= 60}": "test: age >= 60 yuan}"})
    assert [(d.code, d.message) for d in twice] == [("C002", "cannot compare a number with an amount (yuan)"),
                                                   ("C007", "category `dibao` appears twice")]


def test_after_a_rule_that_does_not_parse_unused_names_and_groups_of_one_are_still_reported():
    unused = "  employment_cost_rate:\n"
    extra = "  spare_rate:\n    value: 5%\n    label: {zh: 备用, en: spare}\n" + unused
    found = diagnose({unused: extra, DEPOSITS: DEPOSITS.replace("<= ", "<= ("),
                      "    group: tier\n    label: {zh: 边缘": "    group: teir\n    label: {zh: 边缘"})
    assert [(d.code, d.span.line) for d in found if d.span] == [("C005", 13), ("S004", 57), ("C023", 59)]
    assert found[0].message == "parameter `spare_rate` is never used"
    # the same file with its rule whole: the very same findings, but the syntax error
    whole = diagnose({unused: extra, "    group: tier\n    label: {zh: 边缘": "    group: teir\n    label: {zh: 边缘"})
    assert [d.code for d in whole] == ["C005", "C023"]


@pytest.mark.parametrize("broken", [
    "test: per_capita_income < (dibao_standard * employment_cost_rate",  # its English name
    "test: per_capita_income < 低保标准 * 就业成本",  # its Chinese label, which does not parse
])
def test_a_name_only_a_rule_that_does_not_parse_reads_is_not_said_to_be_unused(broken: str):
    # `employment_cost_rate` is read by the wage's share too: without it, only the broken rule reads it
    found = diagnose({"share: 1 - employment_cost_rate, ": "", INCOME: broken + "\n"})
    assert [d.code for d in found] == ["S004" if "(" in broken else "S001"], [(d.code, d.message) for d in found]
    found = diagnose({"share: 1 - employment_cost_rate, ": "", INCOME: "test: per_capita_income < (dibao_standard\n"})
    assert [(d.code, d.message) for d in found] == [("C005", "parameter `employment_cost_rate` is never used"),
                                                   ("S004", "unclosed `(`")]


def test_a_category_left_out_for_its_id_given_twice_keeps_its_group_from_being_one_of_one():
    # the second `dibao` (was `marginal`) is left out; it was `tier`'s other category: no C018 on the first
    found = diagnose({"  - id: marginal\n": "  - id: dibao\n"})
    assert [(d.code, d.message) for d in found] == [("C007", "category `dibao` appears twice")]
    # and the names only it reads are not unused
    found = diagnose({"  - id: marginal\n": "  - id: dibao\n", "share: 1 - employment_cost_rate, ": "",
                      "< 1.5 * dibao_standard}": "< 1.5 * dibao_standard * employment_cost_rate}"})
    assert [d.code for d in found] == ["C007"]
    # a group of one elsewhere is still reported
    found = diagnose({"  - id: marginal\n": "  - id: dibao\n",
                      "    level: member\n": "    level: member\n    group: solo\n"})
    assert [(d.code, d.message) for d in found] == [
        ("C018", "group `solo` holds only `tekun`, so it excludes no other category"),
        ("C007", "category `dibao` appears twice")]


def test_a_category_copied_without_its_own_id_points_the_rules_that_lost_it_at_the_copies():
    # `tekun` overwritten by `dibao`: the rules reading `tekun` are told which category most likely was it, and the
    # household-level rules reading `dibao` are not told it is a member's value (the first copy's level)
    found = diagnose({"  - id: tekun\n": "  - id: dibao\n",
                      _LAST: "when: housing_unsafe and any(members where tekun)\n"
                             "abolished:\n  - {id: poor_old, label: {zh: 旧, en: old}, absorbed_by: [tekun]}"})
    assert [(d.code, d.span.line) for d in found if d.span] == [("C007", 44), ("C001", 72), ("C012", 74)]
    copied = ("`dibao` is the id of two categories (lines 38 and 44): if one of them is the category `tekun`, "
              "write `id: tekun` there")
    assert [d.help for d in found[1:]] == [copied, copied]
    assert found[1].zh is not None and found[1].zh[1] == (
        "`dibao` 是两个类别的 id（第 38、44 行）：如果其中一个就是类别 `tekun`，请在那里写 `id: tekun`")
    # a name close to a declared one is still the slip it most likely is
    (_, slip) = diagnose({"  - id: tekun\n": "  - id: dibao\n", _LAST: "when: housing_unsafe and housing_unsaf"})
    assert slip.help == "did you mean `housing_unsafe`?"


def test_each_rule_of_a_shipped_policy_broken_alone_gives_its_syntax_error_and_nothing_else():
    from engine.checker.rules import every_expression
    from tests.helpers import POST

    text = Path(POST).read_text(encoding="utf-8")
    policy, _ = load_policy(POST)
    lines = text.splitlines(keepends=True)
    for expr in every_expression(policy):
        line, column = expr.span.line - 1, expr.span.column - 1
        broken = [*lines[:line], lines[line][:column] + "(" + lines[line][column:], *lines[line + 1:]]
        found = diagnostics_of_text("".join(broken), "post-transition.yaml")
        assert [(d.code, d.span.line if d.span else None) for d in found] == [("S004", expr.span.line)], expr.text


def _shipped_entries() -> list[tuple[tuple[str | int, ...], bool, int, int, int]]:
    """Each entry of post-transition.yaml that a mistake can break and the rest still be checked: its path, whether
    it is written in `{…}`, the line and column it starts at and the line of its `label:`."""
    from engine.broken_entries import STANDS_IN
    from engine.yamlsource import load_yaml
    from tests.helpers import POST

    doc = load_yaml(Path(POST).read_bytes(), "post-transition.yaml")
    entries = []
    paths: list[tuple[str | int, ...]] = []
    for section in STANDS_IN:
        items = doc.data.get(section) or {}
        if section == "inputs":
            paths += [(section, level, name) for level in ("household", "member") for name in items.get(level, {})]
            continue
        paths += [(section, key) for key in (items if isinstance(items, dict) else range(len(items)))]
    for path in paths:
        info = doc.info(path)
        assert info is not None
        label = doc.span((*path, "label"), key=True)
        entries.append((path, doc.text[info.start] == "{", info.span.line, info.span.column, label.line))
    assert {path[0] for path in paths} == set(STANDS_IN)
    return entries


def _broken_copy(entry: tuple[tuple[str | int, ...], bool, int, int, int], twice: bool) -> tuple[str, int]:
    """post-transition.yaml with one entry given a key twice (`label:`) or a key the schema does not know; the
    text and the line of the mistake."""
    from tests.helpers import POST

    _, flow, line, column, label_line = entry
    lines = Path(POST).read_text(encoding="utf-8").splitlines(keepends=True)
    added = "label: {zh: 甲, en: a}" if twice else "lable_x: 1"
    if flow:  # `name: {value: …, label: …}`: the key first, inside the braces
        at = lines[line - 1]
        lines[line - 1] = at[:column] + added + ", " + at[column:]
        return "".join(lines), line
    if twice:  # the `label:` line again, below it
        lines.insert(label_line, lines[label_line - 1])
        return "".join(lines), label_line + 1
    lines.insert(line, " " * (column - 1) + added + "\n")
    return "".join(lines), line + 1


@pytest.mark.parametrize("twice", [True, False], ids=["a key given twice", "a key the schema does not know"])
def test_each_entry_of_a_shipped_policy_broken_alone_gives_its_own_mistake_and_nothing_else(twice: bool):
    for entry in _shipped_entries():
        text, line = _broken_copy(entry, twice)
        found = diagnostics_of_text(text, "post-transition.yaml")
        assert [(d.code, d.span.line if d.span else None) for d in found] == [("L003" if twice else "L004", line)], (
            entry, [(d.code, d.message, d.span) for d in found])


def test_a_key_given_twice_or_a_schema_mistake_in_one_entry_hides_no_other_mistake():
    entries = {e[0]: e for e in _shipped_entries()}
    misspelt = ("test: per_capita_income < dibao_standard", "test: per_capita_income < dibao_standart")
    for entry in (("parameters", "tekun_standard"), ("definitions", "household_size"), ("categories", 2),
                  ("assistance", 1)):
        for twice in (True, False):
            text, line = _broken_copy(entries[entry], twice)
            assert text.count(misspelt[0]) == 1
            found = diagnostics_of_text(text.replace(*misspelt), "post-transition.yaml")
            name = next(i for i, row in enumerate(text.splitlines(), 1) if misspelt[0] in row)
            assert [(d.code, d.span.line if d.span else None) for d in found] == sorted(
                [("L003" if twice else "L004", line), ("C001", name)], key=lambda x: x[1]), (entry, found)


def test_a_category_or_definition_broken_by_a_schema_mistake_stands_for_its_name():
    # `marginal` breaks the schema: it still holds `tier` with `dibao` (no C018), and `per_capita_income`, which it
    # alone reads after the edit, is not unused
    found = diagnose({"    group: tier\n    label: {zh: 边缘": "    group: tier\n    match: some\n    label: {zh: 边缘",
                      INCOME: "test: household_size > 0\n",
                      "ceil((dibao_standard - per_capita_income) *": "ceil((dibao_standard) *"})
    assert [(d.code, d.span.line) for d in found] == [("L004", 57)], [(d.code, d.message) for d in found]
    # the measures that read `dibao` are checked as before, and a misspelt name in one is reported
    found = diagnose({"    group: tier\n    label: {zh: 边缘": "    group: tier\n    match: some\n    label: {zh: 边缘",
                      "when: housing_unsafe and dibao": "when: housing_unsafe and dibao_x"})
    assert [(d.code, d.message) for d in found] == [
        ("L004", "`categories[marginal].match` is `some`, not one of the allowed values"),
        ("C001", "unknown name `dibao_x`")]
    # a definition with an unknown level: the rules reading it are not told anything of it
    found = diagnose({"  per_capita_income:\n": "  per_capita_income:\n    level: houshold\n"})
    assert [(d.code, d.span.line) for d in found] == [("L004", 32)], [(d.code, d.message) for d in found]


def test_an_input_broken_by_a_schema_mistake_is_a_name_of_unknown_value():
    found = diagnose({"assets.deposits: {type: money,": "assets.deposits: {type: mony,",
                      "housing.safety_grade: {type: enum,": "housing.safety_grade: {given_with: [assets.deposits], "
                                                            "type: enum,",
                      INCOME: "test: per_capita_income < dibao_standart\n"})
    assert [(d.code, d.span.line) for d in found] == [("L004", 18), ("C001", 50)], [(d.code, d.message) for d in found]
    # a member's input given twice: read at household level, it is still a member's value (C009)
    found = diagnose({"supporter: {type: enum,": "supporter: {type: enum, type: text,",
                      INCOME: "test: supporter == \"none\"\n"})
    assert [(d.code, d.span.line) for d in found] == [("L003", 23), ("C009", 50)], [(d.code, d.message) for d in found]


def test_a_measure_left_out_for_a_schema_mistake_shifts_no_other_measure():
    third = ("  - id: housing_renovation\n    department: civil_affairs\n    label: {zh: 又一个, en: again}\n"
             "    when: dibao\n    amount: dibao_standard * employment_cost_rate * 1 month\n")
    text = edited({"    per: month\n": "    per: week\n", "share: 1 - employment_cost_rate, ": ""}) + third
    found = diagnostics_of_text(text, "mini.yaml")
    # the measure given twice is the third, reported where it is; what it alone reads is not unused
    assert [(d.code, d.span.line) for d in found] == [("L004", 65), ("C007", 73)], [(d.code, d.message) for d in found]


def test_what_follows_an_entry_left_out_is_reported_at_its_own_place():
    # the second `dibao` is left out: the category after it is still found at its own lines
    solo = ("  - id: solo\n    group: solo\n    label: {zh: 独, en: solo}\n    when:\n"
            "      - {id: income, label: {zh: 收入, en: income}, test: per_capita_income < dibao_standard}\n")
    found = diagnose({"  - id: marginal\n": "  - id: dibao\n", "departments:\n": solo + "departments:\n"})
    assert [(d.code, d.span.line) for d in found] == [("C007", 55), ("C018", 61)], [(d.code, d.message) for d in found]
    # a measure left out for its schema mistake: the department misspelt in the next is found on its line
    department = "department: civil_affairs\n    label: {zh: 危房"
    found = diagnose({"    per: month\n": "    per: week\n", department: department.replace("affairs", "afairs")})
    assert [(d.code, d.span.line, d.message) for d in found] == [
        ("L004", 65, "`assistance[dibao_benefit].per` is `week`, not one of the allowed values"),
        ("C001", 70, "unknown department `civil_afairs`")]
    # after a measure given twice (C007), the next one's department misspelt is found on its own line, not the
    # line of the measure before it
    extra = "  - id: housing_extra\n    department: civil_afairs\n    label: {zh: 又一个, en: again}\n    when: dibao\n"
    found = diagnostics_of_text(edited({"  - id: housing_renovation\n": "  - id: dibao_benefit\n"}) + extra,
                                "mini.yaml")
    assert [(d.code, d.span.line) for d in found] == [("C007", 69), ("C001", 74)]


def test_a_deleted_entry_name_whose_keys_run_into_the_entry_above_stops_before_the_rules():
    from tests.helpers import POST

    text = Path(POST).read_text(encoding="utf-8").replace("  tekun_standard:\n", "", 1)
    with pytest.raises(PolicyError) as raised:
        load_policy("post-transition.yaml", raw=text.encode("utf-8"))
    assert raised.value.unchecked
    assert {d.code for d in raised.value.diagnostics} == {"L003"}  # not `unknown name tekun_standard` in each rule


def test_a_file_whose_text_was_never_read_is_not_marked_to_check_again(tmp_path: Path):
    """A folder given as the file, or a file over the size limit: its one finding says what to do; no rule of it
    waits for a second pass."""
    from engine.limits import MAX_POLICY_BYTES

    with pytest.raises(PolicyError) as raised:
        load_policy(tmp_path)
    assert [d.code for d in raised.value.diagnostics] == ["L001"] and not raised.value.unchecked
    with pytest.raises(PolicyError) as raised:
        load_policy("big.yaml", raw=b"#" * (MAX_POLICY_BYTES + 1))
    assert [d.code for d in raised.value.diagnostics] == ["L007"] and not raised.value.unchecked


def test_check_without_a_locator_still_places_every_finding():
    policy = loads({})
    diagnostics, _ = check(policy)
    assert diagnostics == []


def test_suggest():
    assert suggest("dibao_standart", ["dibao_standard", "tekun_standard"]) == "did you mean `dibao_standard`?"
    assert suggest("xyz", ["dibao_standard"]) is None


def test_the_shipped_policies_check_clean():
    root = MINI.parent.parent.parent.parent / "policy"
    for path in sorted(root.glob("*.yaml")):
        _, warnings = load_policy(path)
        assert [d for d in warnings if d.code != "C011"] == [], path


def test_a_parameter_that_forgot_its_unit_is_one_error_at_its_value_not_one_per_rule():
    found = diagnose({"value: 490 yuan/month": "value: 490"})
    assert [(d.code, d.message) for d in found] == [
        ("C002", "`dibao_standard` is a plain number, but it is compared with a rate (yuan/month or yuan/year) "
                 "at line 43")]
    (d,) = found
    assert d.span is not None and d.span.line == 10
    assert d.help == "give it its unit as the document gives it: `490 yuan/month` or `490 yuan/year`"
    # another mistake in a rule that does not use it is still reported
    both = diagnose({"value: 490 yuan/month": "value: 490", "<= dibao_standard * 24 months": "<= 24 months"})
    assert len(both) == 2


def test_a_money_parameter_written_as_a_percentage_is_told_money_is_meant_never_a_percentage_with_a_unit():
    found = diagnose({"value: 490 yuan/month": "value: 4.9%"})
    assert [(d.code, d.message) for d in found] == [
        ("C002", "`dibao_standard` is a percentage, but it is compared with a rate (yuan/month or yuan/year) "
                 "at line 43")]
    (d,) = found
    assert d.span is not None and (d.span.line, d.span.column) == (10, 12)
    assert d.help == ("write it as money, not as a percentage: the amount in yuan the document gives, "
                      "`… yuan/month`, as the measure `dibao_benefit` that reads it is paid per month")
    assert d.zh[1] == ("请写成金额，不要写成百分比：按政策原文写出元数，`… yuan/month`"
                       "（读取它的救助措施 `dibao_benefit` 按月发放）")
    assert "%" not in d.help and "%" not in d.zh[1]


def test_a_percentage_with_a_money_unit_names_the_unit_it_underlines_and_says_what_to_write(run, tmp_path):
    """`value: 5.36% yuan/month` said ``unexpected `yuan` `` under a line as long as `yuan/month`."""
    from tests.helpers import POST

    text = Path(POST).read_text(encoding="utf-8")
    assert text.count("    value: 510 yuan/month\n") == 1
    edited = tmp_path / "post-transition.yaml"
    edited.write_text(text.replace("    value: 510 yuan/month\n", "    value: 5.36% yuan/month\n"), encoding="utf-8")
    said = {}
    for lang in ("en", "zh"):
        result = run("check", "--lang", lang, edited)
        assert result.exit_code == 1
        said[lang] = result.stdout.splitlines()
    heading, quoted, underline, help_line = said["en"][:4]
    assert heading.endswith(":42:18: error[S002]: unexpected `yuan/month`")
    assert quoted.index("yuan/month") == underline.index("^")
    assert underline.split("|")[1].strip() == "^" * len("yuan/month")
    assert help_line == ("  help: a percentage has no unit: for money write the amount in yuan the document gives, "
                         "`… yuan/month`; for a share of money, the percentage times that money, `5.36% * …`")
    heading, quoted, underline, help_line = said["zh"][:4]
    assert heading.endswith(":42:18: 错误[S002]: 此处不应出现 `yuan/month`")
    assert underline.split("|")[1].strip() == "^" * len("yuan/month")
    assert help_line == ("  提示：百分比不带单位：金额请按政策原文写出元数，`… yuan/month`；"
                         "金额的一定比例请写成百分比乘以该金额，`5.36% * …`")


def test_a_percentage_for_money_no_measure_pays_is_told_both_periods():
    found = diagnose({"value: 490 yuan/month": "value: 4.9%",
                      "amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)":
                      "amount: 100 yuan/month * 1 month"})
    assert [d.help for d in found] == [
        "write it as money, not as a percentage: the amount in yuan the document gives, `… yuan/month` or "
        "`… yuan/year`"]
    labelled = diagnose({"value: 490 yuan/month": "value: 4.9%",
                         "label: {zh: 低保标准, en: dibao standard}": "label: {zh: 低保月标准, en: monthly standard}",
                         "amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)":
                         "amount: 100 yuan/month * 1 month"})
    assert [d.help for d in labelled] == [
        "write it as money, not as a percentage: the amount in yuan the document gives, `… yuan/month`, as its name "
        "or label speaks of a month"]


def test_a_parameter_written_as_an_amount_where_its_uses_need_a_rate_is_one_error_at_its_value():
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count("    value: 510 yuan/month\n") == 1
    found = diagnostics_of_text(text.replace("    value: 510 yuan/month\n", "    value: 550 yuan\n"),
                                "policy/post-transition.yaml")
    assert len(found) == 1, [(d.code, d.message) for d in found]
    (d,) = found
    assert d.span is not None
    assert (d.code, d.severity, d.span.line, d.span.column, d.span.end_line, d.span.end_column) == \
        ("C002", "error", 42, 12, 42, 20)  # `550 yuan`, not the rules built on it
    uses = "384, 399, 403, 426, 430, 453, 495, 504"  # read directly, or through marginal_line, tekun_standard
    assert d.message == (f"`dibao_standard` is an amount (yuan), but its uses at lines {uses} need a rate "
                         "(yuan/month or yuan/year)")
    assert d.help == "give it its period as the document gives it: `550 yuan/month` or `550 yuan/year`"
    assert d.zh == (f"`dibao_standard` 是金额（元），但第 {uses.replace(', ', '、')} 行用到它的地方需要"
                    "按期金额（元/月或元/年）",
                    "请按政策原文写明它是每月还是每年的金额：`550 yuan/month` 或 `550 yuan/year`")
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"policy/post-transition.yaml:42:12: error[C002]: {d.message}\n" in catalogue
    assert f"  help: {d.help}\n" in catalogue


def test_an_amount_parameter_some_of_whose_uses_fit_it_keeps_the_errors_at_the_rules_and_names_the_parameter():
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count("deposits_per_capita <= dibao_standard * dibao_deposit_months") == 1
    found = diagnostics_of_text(text.replace("    value: 510 yuan/month\n", "    value: 550 yuan\n")
                                .replace("deposits_per_capita <= dibao_standard * dibao_deposit_months",
                                         "deposits_per_capita <= dibao_standard"), "policy/post-transition.yaml")
    errors = [d for d in found if d.code == "C002"]
    assert 42 not in [d.span.line for d in errors if d.span]
    assert [d.span.line for d in errors if d.span] == [384, 399, 426, 430, 453, 495, 504]
    assert all(d.help is not None and "`550 yuan` (line 42)" in d.help for d in errors), [d.help for d in errors]
    assert all("24 months" not in (d.help or "") for d in found)  # never "compare with `per_capita_income * 24 …`"
    helps = {d.span.line: d.help for d in errors if d.span}
    assert helps[426] == ("`marginal_line` is built on `dibao_standard`, which is `550 yuan` (line 42), an amount: "
                          "if it is meant per month or per year, write `550 yuan/month` or `550 yuan/year` there")
    assert helps[504] is not None and helps[504].startswith("`tekun_standard` is built on `dibao_standard`")
    (marginal,) = [d for d in errors if d.span and d.span.line == 426]
    assert marginal.zh is not None and marginal.zh[1].startswith(
        "`marginal_line` 由 `dibao_standard` 算出，`dibao_standard` 是 `550 yuan`（第 42 行）")


def test_an_amount_from_a_parameter_with_money_added_in_the_rule_is_not_told_to_take_24_months():
    found = diagnose({"value: 490 yuan/month": "value: 490 yuan",
                      DEPOSITS: "test: assets.deposits / household_size <= dibao_standard",  # fits it as written
                      MARGINAL: "test: per_capita_income < 1.5 * dibao_standard + 100 yuan}"})
    (d,) = [d for d in found if d.span is not None and d.span.line == 59]
    assert d.message == "cannot compare a rate (yuan/month or yuan/year) with an amount (yuan)"
    assert d.help == "an amount and a rate differ by a duration: multiply the rate by one"  # not `… * 24 months`


def test_a_parameter_written_as_a_rate_where_its_use_needs_an_amount_is_one_error_at_its_value():
    limit = "  deposit_limit: {value: 20000 yuan/month, label: {zh: 存款上限, en: deposit limit}}\n"
    found = diagnose({"  employment_cost_rate:\n": limit + "  employment_cost_rate:\n",
                      DEPOSITS: "test: assets.deposits / household_size <= deposit_limit"})
    assert [(d.code, d.message) for d in found] == [
        ("C002", "`deposit_limit` is a rate (yuan/month or yuan/year), but its use at line 55 needs an amount (yuan)")]
    (d,) = found
    assert d.span is not None and (d.span.line, d.span.column) == (13, 26)  # `20000 yuan/month`
    assert d.help == "if it is one sum, not a sum per month or per year, write it as an amount: `20000 yuan`"
    assert d.zh is not None and d.zh[1] == "如果它是一笔总额，而不是每月或每年的金额，请写成金额：`20000 yuan`"


@pytest.mark.parametrize("rule", [
    "test: per_capita_income < assets.deposits\n",  # no parameter in it: the rule's own mismatch
    "test: assets.deposits < dibao_standard\n",  # dibao_standard fits its other uses as written
])
def test_a_mismatch_of_a_rate_and_an_amount_within_a_rule_is_reported_at_the_rule(rule: str):
    d = only({INCOME: rule})
    assert d.code == "C002" and d.span is not None and (d.span.line, d.span.column) == (50, 15)
    assert "cannot compare" in d.message


def test_a_rule_left_uncited_in_a_file_that_cites_the_others_is_a_warning_as_the_catalogue_shows(tmp_path):
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    cited = ("    value: 510 yuan/month\n"
             "    label: {zh: 农村最低生活保障标准, en: rural minimum living standard (dibao standard)}\n")
    start = text.index(cited) + len(cited)
    uncited = text[:start] + text[start:].split("\n", 1)[1]  # the line after it, its `source:`, removed
    assert text[start:].startswith("    source: ")
    found = diagnostics_of_text(uncited, "policy/post-transition.yaml")
    assert [(d.code, d.severity, d.span.line, d.span.column) for d in found] == [("C019", "warning", 41, 3)]
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"policy/post-transition.yaml:41:3: warning[C019]: {found[0].message}\n" in catalogue
    assert f"  help: {found[0].help}\n" in catalogue
    assert diagnostics_of_text(text, "policy/post-transition.yaml") == []  # every rule of it cites its article


def test_a_share_written_as_a_plain_number_is_a_warning_as_the_catalogue_shows():
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    share = "  rigid_expense_share:\n    value: 50%\n"
    assert text.count(share) == 1
    found = diagnostics_of_text(text.replace(share, share.replace("%", "")), "policy/post-transition.yaml")
    assert [(d.code, d.severity, d.span.line, d.span.column) for d in found] == [("C020", "warning", 72, 12)]
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"policy/post-transition.yaml:72:12: warning[C020]: {found[0].message}\n" in catalogue
    assert f"  help: {found[0].help}\n" in catalogue
    # a multiple may be above 1: no warning (the label of the clause that reads it says so too, or C029 would)
    multiple = (text.replace("    value: 1.5\n", "    value: 15\n").replace("1.5倍", "15倍")
                .replace("1.5 times", "15 times"))
    assert "    value: 1.5\n" in text and diagnostics_of_text(multiple, "policy/post-transition.yaml") == []


def test_a_category_named_by_its_chinese_label_where_an_id_belongs_gets_the_id():
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count("absorbed_by: [dibao, tekun,") == 1
    found = diagnostics_of_text(text.replace("absorbed_by: [dibao, tekun,", "absorbed_by: [低保, 特困人员,"),
                                "post-transition.yaml")
    assert [(d.code, d.help) for d in found] == [("L004", "`dibao` is labelled `最低生活保障对象`: write `dibao`"),
                                                 ("L004", "`特困人员` is the label of `tekun`: write `tekun`")]


# -- divisions by a constant zero (C021) ------------------------------------------------------------

PER_CAPITA = "    value: counted_income / household_size\n"
SPARE = "  employment_cost_rate:\n"  # a parameter is added before it
ZERO_PARAMETER = "  spare_share: {value: 0%, label: {zh: 备用, en: spare}}\n" + SPARE


def test_a_division_by_zero_is_found_by_the_checker_at_the_divisor():
    d = only({PER_CAPITA: "    value: counted_income / 0\n"})
    assert (d.code, d.message) == ("C021", "division by zero")
    assert (d.span.line, d.span.column, d.span.end_column) == (32, 29, 30)
    assert d.zh == ("除数为零", "任何值都不能除以 0：请改为除以不为 0 的值，或去掉这个除法")


def test_a_division_by_a_parameter_that_is_zero_names_the_parameter_and_its_line():
    d = only({SPARE: ZERO_PARAMETER, PER_CAPITA: "    value: counted_income / spare_share\n"})
    assert (d.code, d.message, d.span.line, d.span.column) == ("C021", "division by zero: `spare_share` is 0", 33, 29)
    assert d.help == ("`spare_share` is set to `0%` at line 13: correct it there, or guard the division with "
                      "`if spare_share > 0 then … else …`")
    assert d.zh is not None and d.zh[0] == "除数为零：`spare_share` 的值为 0"


def test_a_parameter_computed_to_zero_is_shown_as_written():
    d = only({SPARE: "  spare_share: {value: 2 * employment_cost_rate - 40%, label: {zh: 备用, en: spare}}\n" + SPARE,
              PER_CAPITA: "    value: counted_income / spare_share\n"})
    assert d.code == "C021"
    assert d.help is not None and d.help.startswith(
        "`spare_share` is `2 * employment_cost_rate - 40%` (line 13), which comes out at 0: correct it there")


@pytest.mark.parametrize("rule", [
    "if spare_share > 0 then counted_income / spare_share else counted_income",
    "if spare_share == 0 then counted_income else counted_income / spare_share",
    "if not (spare_share == 0) then counted_income / spare_share else counted_income",
    "counted_income / (if spare_share > 0 then spare_share else 1)",
])
def test_a_division_a_constant_condition_keeps_evaluation_from_is_not_reported(rule: str):
    loads({SPARE: ZERO_PARAMETER, PER_CAPITA: f"    value: {rule}\n"})


def test_a_division_after_a_constant_no_is_not_reported():
    loads({SPARE: ZERO_PARAMETER,
           POOR: "test: 'spare_share > 0 and own_counted_income / spare_share > dibao_standard'}"})


def test_a_household_value_is_no_constant_and_a_guard_that_depends_on_it_guards_nothing():
    loads({PER_CAPITA: "    value: counted_income / (household_size - household_size + 1)\n"})
    d = only({SPARE: ZERO_PARAMETER,
              PER_CAPITA: "    value: if household_size > 0 then counted_income / spare_share else counted_income\n"})
    assert d.code == "C021"


def test_a_parameter_that_divides_by_zero_is_reported_once_at_its_own_divisor():
    found = diagnose({SPARE: "  spare_share: {value: 1 / 0, label: {zh: 备用, en: spare}}\n" + SPARE,
                      PER_CAPITA: "    value: counted_income / spare_share\n"})
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("C021", 13, 28)]


def test_parameters_in_a_cycle_are_no_constants():
    found = diagnose({SPARE: "  spare_a: {value: spare_b, label: {zh: a, en: a}}\n"
                             "  spare_b: {value: spare_a, label: {zh: b, en: b}}\n" + SPARE,
                      PER_CAPITA: "    value: counted_income / spare_a\n"})
    assert [d.code for d in found] == ["C004"]


# each divisor: whether it is zero as evaluation computes it (money per year, durations in months)
CONSTANT_DIVISORS = [
    ("0", True), ("(2 - 2)", True), ("0%", True), ("-0", True), ("(0.1 + 0.2 - 0.3)", True),
    ("round(0.4)", True), ("max(0, -1)", True), ("abs(0)", True), ("floor(0.9)", True), ("ceil(-0.5)", True),
    ("(1 month * dibao_standard / 490 yuan - 1)", True), ("(1 year * dibao_standard / 5880 yuan - 1)", True),
    ("(5880 yuan / 1 year / dibao_standard - 1)", True),
    ("(1 month * dibao_standard / 5880 yuan - 1)", False),  # 490 yuan is not 5880 yuan
    ("((dibao_standard - 5880 yuan/year) / dibao_standard)", True),
    ("(1 / 3 * 3 - 1)", False),
    ("(if dibao_standard > 400 yuan/month then 0 else 1)", True),
    ("(if dibao_standard > 500 yuan/month then 0 else 1)", False),
    ("(2 * employment_cost_rate - 40%)", True), ("employment_cost_rate", False),
]


@pytest.mark.parametrize(("divisor", "zero"), CONSTANT_DIVISORS)
def test_a_constant_divisor_is_reported_exactly_where_evaluation_would_divide_by_zero(divisor: str, zero: bool):
    from engine.evaluator import EvaluationError
    from tests.helpers import decide, household, member

    found = [d.code for d in diagnose({PER_CAPITA: f"    value: counted_income / {divisor}\n"})
             if d.severity == "error"]
    assert found == (["C021"] if zero else [])
    # the same divisor, through a part that only evaluation computes (zero, for every household)
    policy = loads({PER_CAPITA: f"    value: counted_income / ({divisor} + household_size - household_size)\n"})
    data = household([member("p1", "1990-01-01")], [{"type": "wage", "amount": 1500}])
    if zero:
        with pytest.raises(EvaluationError) as caught:
            decide(policy, data)
        assert caught.value.diagnostic.code == "E001"
    else:
        decide(policy, data)


def test_an_amount_of_one_month_without_per_is_a_warning_as_the_catalogue_shows():
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    given = "    per: month\n    label: {zh: 特困人员基本生活费"
    assert text.count(given) == 1
    without = text.replace(given, "    label: {zh: 特困人员基本生活费")
    found = diagnostics_of_text(without, "policy/post-transition.yaml")
    assert [(d.code, d.severity, d.span.line, d.span.column) for d in found] == [("C022", "warning", 503, 13)]
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"policy/post-transition.yaml:503:13: warning[C022]: {found[0].message}\n" in catalogue
    assert f"  help: {found[0].help}\n" in catalogue


def test_a_figure_too_large_for_any_policy_is_an_error_as_the_catalogue_shows():
    """Zeros to spare: `10000000000000000000000000 yuan/month` checked clean, then failed every command that
    writes an amount."""
    slipped = shipped_with("    value: 510 yuan/month\n", "    value: 10000000000000000000000000 yuan/month\n")
    shown_as_in_the_catalogue(
        diagnostics_of_text(slipped, "policy/post-transition.yaml"), ("C026", "error", 42, 12, 49),
        ("`10000000000000000000000000 yuan/month` is too large to be a figure of a policy (above 1,000,000,000,000)",
         "the number is 10,000,000,000,000,000,000,000,000, 26 digits: check how many digits it should have"),
        ("`10000000000000000000000000 yuan/month` 数值过大，不可能是政策中的数值（超过 1,000,000,000,000）",
         "这个数是 10,000,000,000,000,000,000,000,000，共 26 位：请核对它应有几位"))


@pytest.mark.parametrize(("old", "new", "counted"), [
    ("value: 490 yuan/month", "value: 99999999999999999999999999999999 yuan/month", "32 digits"),  # not rounded
    ("value: 490 yuan/month", "value: -1000000000001 yuan/month", "13 digits"),
    ("value: 20%", "value: 2000000000000%", "13 digits"),
    ("<= dibao_standard * 24 months", "<= dibao_standard * 24000000000000 months", "14 digits"),
    ("per_capita_income < 1.5 * dibao_standard}", "per_capita_income < 1500000000000 * dibao_standard}", "13 digits"),
])
def test_every_number_a_rule_writes_is_bounded(old, new, counted):
    found = [d for d in diagnose({old: new}) if d.code == "C026"]
    assert len(found) == 1 and found[0].help is not None and counted in found[0].help


def test_a_trillion_is_still_a_figure():
    assert diagnose({"value: 490 yuan/month": "value: 1000000000000 yuan/month"}) == []


GRANT = "  education_grant_compulsory:\n    value: 1000 yuan/year\n"


def test_an_amount_below_zero_for_every_household_is_a_warning_as_the_catalogue_shows():
    # the minus sign typed in the parameter the amount reads: said at the amount
    slipped = shipped_with(GRANT, GRANT.replace("1000 yuan/year", "-1000 yuan/year"))
    shown_as_in_the_catalogue(
        diagnostics_of_text(slipped, "policy/post-transition.yaml"), ("C027", "warning", 542, 17, 43),
        ("the amount of `education_aid` is below zero for every household (−1,000.00 yuan/year)",
         "an amount is what the measure gives, 0 or more: check the figures it is computed from"),
        ("`education_aid` 的金额对任何家庭都小于零（−1,000.00 元/年）",
         "金额是该措施发放的数额，应为 0 或更多：请核对计算它所用的数值"))
    # written in the amount itself, the figure is offered without its sign (the parameter then unused, C005)
    written = shipped_with("        amount: education_grant_compulsory\n", "        amount: -1000 yuan/year\n")
    (found,) = [d for d in diagnostics_of_text(written, "policy/post-transition.yaml") if d.code == "C027"]
    assert found.help == "an amount is what the measure gives, 0 or more: did you mean `1000 yuan/year`?"


BENEFIT = "amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)"


@pytest.mark.parametrize(("amount", "help"), [
    ("-dibao_standard * 1 month", "did you mean `dibao_standard * 1 month`?"),
    ("if dibao_standard > 400 yuan/month then -5 yuan else 3 yuan",
     "did you mean `if dibao_standard > 400 yuan/month then 5 yuan else 3 yuan`?"),
    ("100 yuan - dibao_standard * 1 month", "check the figures it is computed from"),  # 100 - 490, through a parameter
])
def test_an_amount_below_zero_through_literals_and_parameters_is_found(amount, help):
    found = diagnose({BENEFIT: f"amount: {amount}"})
    assert [d.code for d in found] == ["C027"] and found[0].help is not None and found[0].help.endswith(help)


@pytest.mark.parametrize("amount", [
    "(600 yuan/year - own_expenses.medical) * 1 month",  # below zero for some households only
    "if dibao_standard > 500 yuan/month then -5 yuan else 3 yuan",  # the branch taken gives 3
    "0 yuan",
    "-5",  # no money at all: C002's
])
def test_an_amount_that_may_be_zero_or_more_is_no_warning(amount):
    assert "C027" not in [d.code for d in diagnose({BENEFIT: f"amount: {amount}"})]


COMPULSORY = '        when: member_in_category and student == "compulsory"\n'


def test_and_within_or_without_brackets_is_a_warning_that_shows_both_readings_as_the_catalogue_shows():
    """The `or` was meant inside brackets: as written, every high-school student got the grant."""
    slipped = shipped_with(COMPULSORY, COMPULSORY.replace('"compulsory"', '"compulsory" or student == "high_school"'))
    shown_as_in_the_catalogue(
        diagnostics_of_text(slipped, "policy/post-transition.yaml"),
        ("C028", "warning", 541, 15, 61),  # the `and`, as far as it goes
        ("`and` within `or` without brackets: the `and` is worked out first",
         'it reads `(member_in_category and student == "compulsory") or student == "high_school"`; if '
         '`member_in_category and (student == "compulsory" or student == "high_school")` is meant, write those '
         "brackets; either way, write the brackets, so that the rule reads as it is worked out"),
        ("`and` 与 `or` 混用而没有加括号：先算 `and`，再算 `or`",
         '它按 `(member_in_category and student == "compulsory") or student == "high_school"` 计算；如果本意是 '
         '`member_in_category and (student == "compulsory" or student == "high_school")`，请照此加上括号；'
         "无论哪种，都请写明括号，让规则的写法与计算顺序一致"))
    for bracketed in ('(member_in_category and student == "compulsory") or student == "high_school"',
                      'member_in_category and (student == "compulsory" or student == "high_school")'):
        written = shipped_with(COMPULSORY, f"        when: {bracketed}\n")
        assert diagnostics_of_text(written, "policy/post-transition.yaml") == [], bracketed


_SHORT = {"a": "housing_unsafe", "b": "household_size > 1", "c": "per_capita_income < dibao_standard",
          "d": "household_size > 2", "x": "household_size > 3"}


@pytest.mark.parametrize(("test", "read", "meant"), [
    ("c or a and b", "c or (a and b)", "(c or a) and b"),
    ("not a and b or c", "(not a and b) or c", "not a and (b or c)"),
    ("a and b and c or d", "(a and b and c) or d", "a and b and (c or d)"),
    ("x or c or a and b", "x or c or (a and b)", "(x or c or a) and b"),
    ("a and b or c and d", "(a and b) or (c and d)", "a and (b or c) and d"),
    ("(a and b or c)", "(a and b) or c", "a and (b or c)"),  # brackets around the whole say nothing of the `and`
    ("(a) and b or (c)", "(a and b) or c", "a and (b or c)"),
    ("if a and b or c then a else b", "(a and b) or c", "a and (b or c)"),
])
def test_and_within_or_shows_how_it_reads_and_the_other_reading(test, read, meant):
    def spelt(rule: str) -> str:
        return re.sub(r"\b[abcdx]\b", lambda m: _SHORT[m.group()], rule)

    found = diagnose({INCOME: f"test: {spelt(test)}\n"})
    assert [d.code for d in found] == ["C028"]
    assert found[0].help is not None and found[0].help.startswith(
        f"it reads `{spelt(read)}`; if `{spelt(meant)}` is meant, write those brackets")


@pytest.mark.parametrize("test", ["(a and b) or c", "c or (a and b)", "a and (b or c)", "(a or b) and c", "a or b or c",
                                  "a and b and c", "not (a and b) or c", "a or not (b and c)"])
def test_and_and_or_with_their_brackets_are_no_warning(test):
    assert diagnose({INCOME: "test: " + re.sub(r"\b[abc]\b", lambda m: _SHORT[m.group()], test) + "\n"}) == []


TEKUN_SUPPORT = "    per: month\n    label: {zh: 特困人员基本生活费"


def test_a_year_s_amount_for_a_measure_paid_per_month_is_an_error_as_the_catalogue_shows():
    """`per: month` with a year's sum pays twelve times the document's figure every month."""
    slipped = shipped_with("    amount: tekun_standard * 1 month\n", "    amount: tekun_standard * 1 year\n")
    shown_as_in_the_catalogue(
        diagnostics_of_text(slipped, "policy/post-transition.yaml"), ("C025", "error", 504, 30, 36),
        ("the amount of `tekun_support` is one year's, but the measure has `per: month`: one year's amount is paid "
         "every month",
         "if the measure pays it once a year, write `per: year`; if it pays every month, write one month's amount: "
         "`tekun_standard * 1 month`"),
        ("`tekun_support` 的金额是一年的金额，但该措施写的是 `per: month`：每个月都会发放一年的金额",
         "如果这笔金额是每年发放一次，请改为 `per: year`；如果是每月发放，请写成一个月的金额："
         "`tekun_standard * 1 month`"))
    # either way out of the help checks clean
    assert slipped.count(TEKUN_SUPPORT) == 1
    per_year = slipped.replace(TEKUN_SUPPORT, TEKUN_SUPPORT.replace("per: month", "per: year"))
    assert diagnostics_of_text(per_year, "policy/post-transition.yaml") == []


@pytest.mark.parametrize(("per", "amount", "message", "help"), [
    ("year", "tekun_standard * 1 month",
     "the amount of `tekun_support` is one month's, but the measure has `per: year`: only one month's amount is "
     "paid every year",
     "if the measure pays it every month, write `per: month`; if it pays once a year, write one year's amount: "
     "`tekun_standard * 1 year`"),
    ("month", "tekun_standard * 12 months",
     "the amount of `tekun_support` is 12 months', but the measure has `per: month`: 12 months' amount is paid "
     "every month",
     "if the measure pays it once a year, write `per: year`; if it pays every month, write one month's amount: "
     "`tekun_standard * 1 month`"),
    ("month", "ceil(1.5 * tekun_standard * 24 months)",  # no period fits 24 months: one way out
     "the amount of `tekun_support` is 24 months', but the measure has `per: month`: 24 months' amount is paid "
     "every month",
     "write one month's amount: `ceil(1.5 * tekun_standard * 1 month)`"),
    ("month", "tekun_standard * 1 year / household_size",  # a division by a plain number keeps the period
     "the amount of `tekun_support` is one year's, but the measure has `per: month`: one year's amount is paid "
     "every month",
     "if the measure pays it once a year, write `per: year`; if it pays every month, write one month's amount: "
     "`tekun_standard * 1 month / household_size`"),
])
def test_a_measure_s_per_that_contradicts_its_amount_says_what_the_amount_is(per, amount, message, help):
    slipped = _tekun_support_paid(per, amount)
    found = diagnostics_of_text(slipped, "policy/post-transition.yaml")
    assert [(d.code, d.severity, d.message, d.help) for d in found] == [("C025", "error", message, help)]
    assert found[0].span is not None
    assert slipped.split("\n")[found[0].span.line - 1][found[0].span.column - 1:].startswith(
        amount.split(" * ")[-1].rstrip(")"))  # the duration, underlined


@pytest.mark.parametrize(("per", "amount"), [
    ("month", "tekun_standard * 1 month"),
    ("year", "tekun_standard * 1 year"),
    ("year", "tekun_standard * 12 months"),
    ("month", "tekun_standard"),  # a rate: shown per month, converted
    ("year", "tekun_standard * 1 month * 12"),  # a year's sum, written by a count of months
    ("year", "tekun_standard * 1 month * 12 / 2"),
    ("month", "ceil(tekun_standard * 1 month / 2)"),
    ("month", "tekun_standard * 1 year / 12"),  # a division changes the period: a year's sum over 12 is a month's
    ("year", "(50 yuan/month * 24 months + household_size * 100 yuan) / 2"),
])
def test_an_amount_of_the_period_per_says_is_no_contradiction(per, amount):
    written = _tekun_support_paid(per, amount)
    assert "C025" not in [d.code for d in diagnostics_of_text(written, "policy/post-transition.yaml")]


def _tekun_support_paid(per: str, amount: str) -> str:
    """The shipped post-transition policy with `tekun_support` paid `per` and its amount written `amount`."""
    return shipped_with(TEKUN_SUPPORT, TEKUN_SUPPORT.replace("per: month", f"per: {per}")).replace(
        "    amount: tekun_standard * 1 month\n", f"    amount: {amount}\n")


@pytest.mark.parametrize(("per", "amount", "term", "written"), [
    ("year", "50 yuan/month * 24 months + household_size * 200 yuan", "50 yuan/month * 24 months",
     "50 yuan/month * 1 year + household_size * 200 yuan"),
    ("year", "50 yuan/month * 24 months + 200 yuan", "50 yuan/month * 24 months",
     "50 yuan/month * 1 year + 200 yuan"),
    ("month", "tekun_standard * 1 year - 100 yuan", "tekun_standard * 1 year", "tekun_standard * 1 month - 100 yuan"),
    ("month", "max(tekun_standard * 1 year, 300 yuan)", "tekun_standard * 1 year",
     "max(tekun_standard * 1 month, 300 yuan)"),
    ("month", "if household_size > 2 then tekun_standard * 12 months else 300 yuan", "tekun_standard * 12 months",
     "if household_size > 2 then tekun_standard * 1 month else 300 yuan"),
    ("year", "household_size * (tekun_standard * 24 months + 200 yuan)", "tekun_standard * 24 months",
     "household_size * (tekun_standard * 1 year + 200 yuan)"),
    ("month", "abs(tekun_standard * 1 year - 100 yuan)", "tekun_standard * 1 year",
     "abs(tekun_standard * 1 month - 100 yuan)"),
])
def test_a_part_of_an_amount_of_another_period_than_per_is_an_error(per, amount, term, written):
    """`50 yuan/month * 24 months + household_size * 200 yuan` with `per: year` pays two years' 50 a month every
    year, as the product alone would: each sum, difference, branch or choice that adds to the amount is looked at."""
    found = _checked_paid(per, amount)
    duration = term.split(" * ")[-1]
    sum_of = "one year's" if duration == "1 year" else f"{duration}'"
    every = {"month": "every month", "year": "every year"}[per]
    assert [(d.code, d.severity, d.message) for d in found] == [
        ("C025", "error", f"`{term}` in the amount of `tekun_support` is {sum_of}, but the measure has `per: {per}`: "
                          f"{sum_of} amount is paid {every}")]
    assert found[0].span is not None and found[0].help is not None
    line = _tekun_support_paid(per, amount).split("\n")[found[0].span.line - 1]
    assert line[found[0].span.column - 1:found[0].span.end_column - 1] == duration
    assert found[0].help.endswith(f"`{written}`")
    assert _checked_paid(per, written) == []


def test_a_sum_over_members_keeps_the_period_of_what_it_adds_up():
    """`sum(members …, tekun_standard * 1 year)` is a year's sum for each member, so a year's sum in all."""
    benefit = "    amount: ceil((dibao_standard - per_capita_income) * count(members where not tekun) * 1 month)\n"
    summed = "    amount: sum(members where not tekun, tekun_standard * 1 year)\n"
    found = diagnostics_of_text(shipped_with(benefit, summed), "policy/post-transition.yaml")
    assert [(d.code, d.message) for d in found] == [
        ("C025", "the amount of `dibao_benefit` is one year's, but the measure has `per: month`: one year's amount is "
                 "paid every month")]
    assert found[0].help is not None and found[0].help.endswith(
        "`sum(members where not tekun, tekun_standard * 1 month)`")


@pytest.mark.parametrize(("per", "rate", "times"), [
    ("year", "50 yuan/month", "50 yuan/month * 12 months"),
    ("month", "50 yuan/month", "50 yuan/month * 1 month"),
    ("year", "600 yuan/year", "600 yuan/year * 1 year"),
    ("year", "tekun_standard * 12", "tekun_standard * 12 months"),
    ("month", "tekun_standard * 12", "tekun_standard * 1 month"),
    ("year", "1.5 * tekun_standard", "1.5 * tekun_standard * 12 months"),
])
def test_a_rate_added_to_an_amount_of_a_measure_is_told_one_period_of_its_per(per, rate, times):
    """The duration the help gives a rate in an amount is the one `per:` says: one that C025 then refuses (`50
    yuan/month * 24 months` with `per: year`) would make the help a trap."""
    found = _checked_paid(per, f"{rate} + household_size * 200 yuan")
    assert [(d.code, d.help) for d in found] == [
        ("C002", f"an amount and a rate differ by a duration: multiply the rate by one, e.g. `{times}`")]
    assert _checked_paid(per, f"{times} + household_size * 200 yuan") == []


@pytest.mark.parametrize(("per", "amount", "rate", "times"), [
    ("month", "tekun_standard * 1 month + 30 yuan/month", "30 yuan/month", "30 yuan/month * 1 month"),
    ("year", "tekun_standard * 1 year + 30 yuan/month", "30 yuan/month", "30 yuan/month * 12 months"),
    ("month", "30 yuan/month + tekun_standard * 1 month", "30 yuan/month", "30 yuan/month * 1 month"),
    ("month", "max(tekun_standard * 1 month, 30 yuan/year)", "30 yuan/year", "30 yuan/year * 1 month"),
    ("month", "min(tekun_standard * 1 month, 30 yuan/month)", "30 yuan/month", "30 yuan/month * 1 month"),
    ("year", "max(30 yuan/month, tekun_standard * 1 year)", "30 yuan/month", "30 yuan/month * 12 months"),
])
def test_a_rate_added_to_an_amount_built_on_a_rate_parameter_is_told_one_period_of_its_per(per, amount, rate, times):
    """`tekun_standard * 1 month` has its unit from the duration written beside the parameter, a rate: the rate
    added to it lacks one period of `per:`, as beside any other amount."""
    found = _checked_paid(per, amount)
    assert [(d.code, d.help, d.zh[1] if d.zh else None) for d in found] == [
        ("C002", f"an amount and a rate differ by a duration: multiply the rate by one, e.g. `{times}`",
         f"金额与按期金额相差一个时长：请把按期金额乘以时长，例如 `{times}`")]
    assert _checked_paid(per, amount.replace(rate, times)) == []


@pytest.mark.parametrize(("written", "code", "word"), [
    ("10 yuan/day * 30 days", "S002", "days"),
    ("10 yuan/month * 30 * days", "C001", "days"),  # as an `S002` for `30 days` used to say to write it
    ("10 yuan/month * 4 weeks", "S002", "weeks"),
    ("10 yuan/month * 1 * week", "C001", "week"),
    ("10 yuan * 30 hours", "S002", "hours"),
    ("10 yuan * 30 * hours", "C001", "hours"),
    ("10 yuan/month * 1 quarter", "S002", "quarter"),
    ("10 yuan/month * 1 * quarter", "C001", "quarter"),  # not `did you mean supporter?`
    ("10 yuan/month * 2 seasons", "S002", "seasons"),
])
def test_days_and_weeks_are_told_that_durations_are_months_or_years(written, code, word):
    """`30 days` is no duration the rules have: not a multiple to write `30 * days`, and `days` is no slip for
    `today`."""
    amount = f"tekun_standard * 1 month + {written}"
    found = _checked_paid("month", amount)
    assert [(d.code, d.help, d.zh[1] if d.zh else None) for d in found] == [
        (code, f"`{word}` is not a unit: durations are written in months or years, e.g. `1 month`",
         f"`{word}` 不是可用的单位：时长只能以月或年表示，例如 `1 month`")]
    span = found[0].span
    assert span is not None
    line = _tekun_support_paid("month", amount).split("\n")[span.line - 1]
    assert line[span.column - 1:span.end_column - 1] == word
    assert _checked_paid("month", "tekun_standard * 1 month + 10 yuan/month * 1 month") == []


@pytest.mark.parametrize("word", ["天", "周", "季度", "小时"])
def test_a_duration_in_chinese_units_the_rules_do_not_count_in_is_told_months_or_years(word):
    found = _checked_paid("month", f"tekun_standard * 1 month + 10 yuan/month * 3{word}")
    assert [(d.code, d.message, d.help) for d in found] == [
        ("S001", f"unexpected `{word}`", "durations are written in `months` or `years`, e.g. `24 months`")]


@pytest.mark.parametrize(("written", "code", "hint", "fixed"), [
    ("10 yuan/month * 3 mon", "S002", "`mon` is not a unit: write `3 months`", "10 yuan/month * 3 months"),
    ("10 yuan/month * 2 mo", "S002", "`mo` is not a unit: write `2 months`", "10 yuan/month * 2 months"),
    ("10 yuan/year * 1 yr", "S002", "`yr` is not a unit: write `1 year`", "10 yuan/year * 1 year"),
    ("10 yuan/year * 2 yrs", "S002", "`yrs` is not a unit: write `2 years`", "10 yuan/year * 2 years"),
    ("10 yuan/month * 3 * mon", "C001",
     "`mon` is not a unit: durations are written in months or years, e.g. `1 month`", "10 yuan/month * 3 months"),
])
def test_a_short_form_of_a_unit_is_told_the_unit_written_in_full(written, code, hint, fixed):
    """`3 mon` is `3 months` cut short: told to write that, not `3 * mon`, which names nothing."""
    found = _checked_paid("month", f"tekun_standard * 1 month + {written}")
    assert [(d.code, d.help) for d in found] == [(code, hint)]
    followed = _checked_paid("month", f"tekun_standard * 1 month + {fixed}")  # as the help says: a duration
    assert [d.code for d in followed if d.code[0] == "S" or d.code in ("C001", "C002")] == [], followed


@pytest.mark.parametrize(("amount", "unit", "fixed"), [
    ("household_size * 200 yuan/person/month", "200 yuan/person/month", "household_size * 200 yuan/month"),
    ("household_size * 200 yuan/month/person", "200 yuan/month/person", "household_size * 200 yuan/month"),
    ("household_size * 200 yuan/head/month", "200 yuan/head/month", "household_size * 200 yuan/month"),
    ("2 * 2400 yuan/person/year", "2400 yuan/person/year", "2 * 2400 yuan/year"),
])
def test_money_per_person_is_told_once_at_its_unit_to_be_a_count_times_a_rate(amount, unit, fixed):
    """`household_size * 200 yuan/person/month` reads `person` and `month` as names: no rule declares them, but the
    mistake is the unit, which has no person in it."""
    found = _checked_paid("month", amount)
    written = unit.split(" ")[1]
    assert [(d.code, d.message) for d in found] == [
        ("C002", f"`{written}` is not a unit: money is not written per person")]
    assert found[0].span is not None and found[0].zh is not None
    line = _tekun_support_paid("month", amount).split("\n")[found[0].span.line - 1]
    assert line[found[0].span.column - 1:found[0].span.end_column - 1] == unit
    assert found[0].help == f"write a count of persons times the money for one: `{fixed}`"
    assert found[0].zh[1] == f"请写成人数乘以每人的金额：`{fixed}`"
    assert _checked_paid("month", fixed) == []


def _checked_paid(per: str, amount: str) -> list[Diagnostic]:
    """What checking `_tekun_support_paid` finds, but that `tekun_standard` is unused where `amount` does not read
    it."""
    found = diagnostics_of_text(_tekun_support_paid(per, amount), "policy/post-transition.yaml")
    return [d for d in found if not (d.code == "C005" and "tekun_standard" not in amount)]


def test_a_rate_times_a_plain_count_of_months_is_a_warning_as_the_catalogue_shows():
    """`50 yuan/month * 12` for 600 a year is a rate of 600 a month, paid as 7,200 a year: the 12 was meant as
    `12 months`."""
    slipped, found = _shipped_with(GRANT, GRANT.replace("1000 yuan/year", "50 yuan/month * 12"))
    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("C024", "warning", 112, 28, 30)]
    assert (found[0].message, found[0].help) == (
        "a rate times a plain `12` is 12 times the rate, not its sum over 12 months", "did you mean `12 months`?")
    assert found[0].zh == ("按期金额乘以不带单位的 `12`，得到的是 12 倍的按期金额，不是 12 个月的合计",
                           "是否应为 `12 months`？")
    _in_the_catalogue(found[0])
    fixed = slipped.replace("50 yuan/month * 12\n", "50 yuan/month * 12 months\n")
    assert [d.code for d in diagnostics_of_text(fixed, "policy/post-transition.yaml")] != ["C024"]


_DEPOSITS = "        test: deposits_per_capita <= dibao_standard * dibao_deposit_months\n"


def _months_written(rule: str, value: str = "24") -> list[Diagnostic]:
    """What checking the shipped post-transition policy finds with the dibao deposits clause written `rule`, and
    `dibao_deposit_months` holding `value`."""
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count(_DEPOSITS) == 1 and text.count("    value: 24 months\n") == 1
    text = text.replace(_DEPOSITS, f"        test: {rule}\n").replace("    value: 24 months\n", f"    value: {value}\n")
    return diagnostics_of_text(text, "policy/post-transition.yaml")


def test_a_count_of_months_times_its_months_again_is_a_warning_as_the_catalogue_shows():
    """`dibao_deposit_months: {value: 24}` times `24 months` checks as an amount, but allows 576 months of the
    standard: 24 times the limit."""
    found = _months_written("deposits_per_capita <= dibao_standard * dibao_deposit_months * 24 months")
    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("C041", "warning", 403, 78, 87)], [render(d) for d in found]
    (d,) = found
    assert (d.message, d.help) == (
        "the months are counted twice: `dibao_deposit_months` is a plain `24` (line 77), a count of months, and "
        "`24 months` counts them again, 576 months in all",
        "give `dibao_deposit_months` its unit, `value: 24 months` (line 77), and drop `* 24 months` here")
    assert d.zh == ("月数算了两次：`dibao_deposit_months` 是不带单位的 `24`（第 77 行），即月数，`24 months` "
                    "又按月数乘了一次，共 576 个月",
                    "请给 `dibao_deposit_months` 加上单位，写成 `value: 24 months`（第 77 行），"
                    "并删去这里的 `* 24 months`")
    _in_the_catalogue(d)


@pytest.mark.parametrize(("rule", "value", "dropped"), [
    # the parameter's name says months, whatever its number
    ("deposits_per_capita <= dibao_standard * dibao_deposit_months * 36 months", "24", "`* 36 months`"),
    ("deposits_per_capita <= (24 months * dibao_deposit_months) * dibao_standard", "24", "`24 months *`"),
])
def test_a_count_of_months_times_a_duration_is_told_which_to_drop(rule: str, value: str, dropped: str):
    found = [d for d in _months_written(rule, value) if d.code == "C041"]
    assert [d.help.rsplit(" ", 1)[0].rsplit("drop ", 1)[1] for d in found] == [dropped], [render(d) for d in found]


@pytest.mark.parametrize("rule", [
    # `1 month` gives a plain count its unit: nothing is counted twice
    "deposits_per_capita <= dibao_standard * dibao_deposit_months * 1 month",
    # a number written by hand times a duration: two years of 12 months, as written
    "deposits_per_capita <= dibao_standard * 2 * 12 months",
])
def test_a_duration_that_counts_nothing_twice_is_not_warned_of(rule):
    assert [d.code for d in _months_written(rule) if d.code == "C041"] == []


def test_a_parameter_that_holds_the_literals_number_is_warned_of_though_its_name_says_nothing_of_months():
    text_rule = "deposits_per_capita <= dibao_standard * deposit_factor * 24 months"
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    factor = "  deposit_factor:\n    value: 24\n    label: {zh: 存款倍数, en: deposit factor}\n"
    text = text.replace(_DEPOSITS, f"        test: {text_rule}\n").replace(
        "  dibao_deposit_months:\n", factor + "  dibao_deposit_months:\n")
    found = [d for d in diagnostics_of_text(text, "policy/post-transition.yaml") if d.code == "C041"]
    assert [d.message.split(",")[0] for d in found] == [
        "the months are counted twice: `deposit_factor` is a plain `24` (line 77)"], [render(d) for d in found]


def _shipped_with(old: str, new: str) -> tuple[str, list[Diagnostic]]:
    """The shipped post-transition policy with the one line `old` written `new`, and what checking it finds."""
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    slipped = text.replace(old, new)
    return slipped, diagnostics_of_text(slipped, "policy/post-transition.yaml")


def _in_the_catalogue(found: Diagnostic) -> None:
    """The finding is shown in docs/errors.md as `policy check` prints it."""
    from tests.helpers import ROOT

    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert found.span is not None
    assert (f"policy/post-transition.yaml:{found.span.line}:{found.span.column}: {found.severity}[{found.code}]: "
            f"{found.message}\n") in catalogue
    assert f"  help: {found.help}\n" in catalogue


@pytest.mark.parametrize(("rule", "help"), [
    ("amount: 12 * 1000 yuan/year", "did you mean `12 months`?"),
    ("amount: ceil(1.5 * dibao_standard * 24)", "did you mean `24 months`?"),
    ("amount: if dibao then dibao_standard * 12 else 0", "did you mean `12 months`?"),
    # beside another rate, the sum of months would not fit: the units convert by themselves
    ("amount: max(dibao_standard * 12, 1000 yuan/year)", "rates per month and per year convert by themselves: "
                                                         "drop `* 12`"),
    ("amount: 6000 yuan/year / 12", "rates per month and per year convert by themselves: drop `/ 12`"),
    ("amount: (dibao_standard - per_capita_income) / 12 * 1 month",
     "rates per month and per year convert by themselves: drop `/ 12`"),
])
def test_a_rate_times_or_over_a_plain_count_of_months_says_what_was_meant(rule, help):
    replaced = {"amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)": rule}
    found = diagnose(replaced)
    assert [(d.code, d.severity, d.help) for d in found] == [("C024", "warning", help)]
    span = found[0].span
    line = edited(replaced).split("\n")[span.line - 1]
    assert line.endswith(rule) and line[span.column - 1:span.end_column - 1] in ("12", "24")  # the number itself


@pytest.mark.parametrize(("test", "written", "name"), [
    ("per-capita-income < dibao_standard", "per-capita-income", "per_capita_income"),
    # `dibao` is a name, the category itself: read so, the clause would read its own category (C004, not said)
    ("per_capita_income < dibao-standard", "dibao-standard", "dibao_standard"),
])
def test_a_name_written_with_hyphens_is_one_finding_with_the_name_it_makes(test, written, name):
    found = diagnose({INCOME: f"test: {test}\n"})
    assert [(d.code, d.message, d.help) for d in found] == [
        ("C001", f"`{written}` is not a name: the words of a name are joined with `_`, not `-`", f"write `{name}`")]
    assert found[0].zh == (f"`{written}` 不是名称：名称中的词用 `_` 连接，不用 `-`", f"请写 `{name}`")
    line = edited({INCOME: f"test: {test}\n"}).split("\n")[found[0].span.line - 1]
    assert line[found[0].span.column - 1:found[0].span.end_column - 1] == written


def test_a_subtraction_of_names_is_no_hyphenated_name():
    assert diagnose({INCOME: "test: per_capita_income - dibao_standard < 0 yuan/month\n"}) == []


def test_a_percentage_without_its_percent_sign_is_a_warning_as_the_catalogue_shows():
    """`70 * own_expenses.medical` for a share of 70 % pays seventy times the costs, and checked clean. Written in
    the amount in place of the parameter that holds the share, which is then unused (C005)."""
    slipped, found = _shipped_with("        amount: medical_share_tekun * own_expenses.medical\n",
                                   "        amount: 70 * own_expenses.medical\n")
    found = [d for d in found if d.code != "C005"]
    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("C034", "warning", 515, 17, 19)]
    assert (found[0].message, found[0].help) == (
        "a plain `70` multiplies by 70: this is 70 times `own_expenses.medical`, not a share of it",
        "did you mean `70%`?")
    assert found[0].zh == ("不带 `%` 的 `70` 是乘以 70：结果是 `own_expenses.medical` 的 70 倍，而不是其中的一部分",
                           "是否应为 `70%`？")
    _in_the_catalogue(found[0])
    fixed = slipped.replace("70 * own_expenses.medical\n", "70% * own_expenses.medical\n")
    assert [d.code for d in diagnostics_of_text(fixed, "policy/post-transition.yaml")] == ["C005"]


def test_an_enum_default_written_as_its_label_is_told_the_value():
    _, found = _shipped_with("      default: none\n      label: {zh: 法定赡养",
                             "      default: 无\n      label: {zh: 法定赡养")
    assert [(d.code, d.message, d.help) for d in found] == [
        ("C003", "the default `无` of `supporter` is not one of its values",
         "`无` is the label of `none`: write `none`")]


def test_a_member_s_measure_paid_on_a_household_total_is_a_warning_as_the_catalogue_shows():
    """`medical_share_dibao * expenses.medical` in `medical_assistance` pays each member 70 % of the whole
    household's costs."""
    slipped, found = _shipped_with("        amount: medical_share_dibao * own_expenses.medical\n",
                                   "        amount: medical_share_dibao * expenses.medical\n")
    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("C035", "warning", 519, 39, 55)]
    assert (found[0].message, found[0].help) == (
        "`expenses.medical` is the whole household's, but `medical_assistance` is given to each member: each would "
        "be paid on the household's total", "did you mean `own_expenses.medical`, the member's own?")
    assert found[0].zh == (
        "`expenses.medical` 是全户合计，而 `medical_assistance` 按成员发放：每位成员都会按全户合计计算",
        "是否应为成员本人的 `own_expenses.medical`？")
    _in_the_catalogue(found[0])
    fixed = slipped.replace("* expenses.medical\n", "* own_expenses.medical\n")
    assert diagnostics_of_text(fixed, "policy/post-transition.yaml") == []


@pytest.mark.parametrize(("amount", "found"), [
    ("min(10% * income.wage, 2000 yuan/year)", [("C035", "did you mean `own_income.wage`, the member's own?")]),
    ("10% * counted_income", [("C035", "did you mean `own_counted_income`, the member's own?")]),
    ("10% * counted_income / household_size", []),  # a share per head
    ("1000 yuan/year", []),
])
def test_a_member_s_measure_reading_a_household_total_is_warned_of_where_the_member_has_its_own(amount, found):
    # written in place of the grant's parameter, which is then unused (C005)
    _, got = _shipped_with("        amount: education_grant_compulsory\n", f"        amount: {amount}\n")
    assert [(d.code, d.help) for d in got if d.code != "C005"] == found


_DEFINITIONS = ("  per_capita_income:\n",
                "  medical_and_school:\n    value: expenses.medical + expenses.education\n"
                "    label: {zh: 医疗和教育支出, en: medical and school costs}\n    source: dsz-2024-47 附件1\n"
                "  school_costs:\n    value: medical_and_school - expenses.medical\n"
                "    label: {zh: 教育支出, en: school costs}\n    source: dsz-2024-47 附件1\n"
                "  school_costs_per_head:\n    value: school_costs / household_size\n"
                "    label: {zh: 人均教育支出, en: school costs per head}\n    source: dsz-2024-47 附件1\n"
                "  per_capita_income:\n")


@pytest.mark.parametrize(("amount", "found"), [
    ("50% * medical_and_school", [("C035", "`medical_and_school` is the whole household's (computed from "
                                   "`expenses.medical`, `expenses.education`), but `education_aid` is given to each "
                                   "member: each would be paid on the household's total",
                                   "compute the member's own in a definition with `level: member`, from "
                                   "`own_expenses.medical`, `own_expenses.education`")]),
    ("10% * school_costs", [("C035", "`school_costs` is the whole household's (computed from `expenses.medical`, "
                             "`expenses.education`), but `education_aid` is given to each member: each would be paid "
                             "on the household's total", "compute the member's own in a definition with "
                             "`level: member`, from `own_expenses.medical`, `own_expenses.education`")]),
    ("50% * school_costs_per_head", []),  # a share per head
    ("10% * household_size * 100 yuan/year", []),  # a household definition of no money
])
def test_a_member_s_measure_reading_a_household_definition_of_totals_is_warned_of(amount, found):
    from tests.helpers import ROOT

    policy = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8").replace(*_DEFINITIONS, 1)
    text = policy.replace("        amount: education_grant_compulsory\n", f"        amount: {amount}\n", 1)
    got = [d for d in diagnostics_of_text(text, "policy/post-transition.yaml") if d.code == "C035"]
    assert [(d.code, d.message, d.help) for d in got] == found
    assert [d.zh[1] for d in got] == [
        "请用 `own_expenses.medical`、`own_expenses.education` 另写一个 `level: member` 的定义，算出成员本人的部分"
    ] * len(found)


def test_a_household_measure_paid_on_a_household_total_is_left_alone():
    _, found = _shipped_with("    when: housing_unsafe and in_any_category\n",
                             "    when: housing_unsafe and in_any_category\n    amount: 10% * expenses.medical\n")
    assert found == []


@pytest.mark.parametrize(("test", "found"), [
    ("rigid_expenses > 50 * counted_income", [("C034", "did you mean `50%`?")]),
    ("per_capita_income * 80 < dibao_standard * 100", [("C034", "did you mean `80%`?")]),  # the other side: parameters
    # a multiple a document sets, of parameters alone; numbers no percentage is written as; a share with its `%`
    ("per_capita_income < 20 * dibao_standard", []),
    ("per_capita_income < 30 * 10 yuan/month * household_size", []),  # a constant amount times a count
    ("per_capita_income * 1.5 < dibao_standard", []),
    ("per_capita_income * 7 < dibao_standard", []),
    ("per_capita_income * 75.5 < dibao_standard", []),
    ("per_capita_income * 150 < dibao_standard", []),
    ("70% * per_capita_income < dibao_standard", []),
    # a multiple of 12 times a rate is C024's, whose help then gives both readings
    ("per_capita_income * 60 < 5880 yuan/year", [("C024", "rates per month and per year convert by themselves: "
                                                          "drop `* 60`")]),
])
def test_a_household_value_times_a_plain_percentage_is_warned_of(test, found):
    assert [(d.code, d.help) for d in diagnose({INCOME: f"test: {test}\n"})] == found


def test_a_rate_times_sixty_is_told_both_readings():
    found = diagnose({"amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)":
                      "amount: 60 * dibao_standard * household_size"})
    assert [(d.code, d.help) for d in found] == [("C024", "did you mean `60 months`, or `60%` (a share)?")]
    assert found[0].zh[1] == "是否应为 `60 months`，或 `60%`（比例）？"


@pytest.mark.parametrize(("test", "help"), [
    ("per_capita_income * 12 < 5880 yuan/year", "drop `* 12`"),
    ("12 * per_capita_income < 5880 yuan/year", "drop `12 *`"),
    ("per_capita_income / 12 < dibao_standard", "drop `/ 12`"),
])
def test_a_rate_converted_by_hand_in_a_condition_is_told_to_leave_it_to_the_units(test, help):
    found = diagnose({INCOME: f"test: {test}\n"})
    assert [(d.code, d.help) for d in found] == [
        ("C024", f"rates per month and per year convert by themselves: {help}")]


@pytest.mark.parametrize("test", [
    "per_capita_income < 1.3 * dibao_standard",  # multiples the document sets
    "per_capita_income < dibao_standard * 2",
    "per_capita_income < dibao_standard * 12.5",
    "per_capita_income * 12 months < 5880 yuan",  # a sum of months, written so
    "per_capita_income * 12 * 1 month < 5880 yuan",  # and so, if oddly
    "assets.deposits / 12 < 5880 yuan",  # an amount, not a rate
    "household_size * 12 > 0",
])
def test_a_plain_number_beside_a_rate_that_is_no_count_of_months_is_left_alone(test):
    loads({INCOME: f"test: {test}\n"})


def test_a_count_of_months_in_a_rule_already_wrong_is_not_reported_again():
    found = diagnose({DEPOSITS: "test: assets.deposits / household_size <= dibao_standard * 36"})
    assert [(d.code, d.help) for d in found] == [
        ("C002", "an amount and a rate differ by a duration: e.g. compare with `dibao_standard * 36 months`")]


@pytest.mark.parametrize(("value", "message", "help"), [
    ("200", "is a plain number", "give it its unit as the document gives it: `200 yuan/month` or `200 yuan/year`"),
    ("600", "is a plain number",  # a multiple of 12, yet no count of months: `600 months` would not check
     "give it its unit as the document gives it: `600 yuan/month` or `600 yuan/year`"),
    ("70%", "is a percentage", "write it as money, not as a percentage: the amount in yuan the document gives, "
                               "`… yuan/month`, as the measure `tekun_support` that reads it is paid per month"),
])
def test_a_parameter_without_its_unit_that_makes_an_amount_no_money_is_reported_at_its_value(
        value: str, message: str, help: str):
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count("    value: 1.3 * dibao_standard\n") == 1
    found = diagnostics_of_text(text.replace("    value: 1.3 * dibao_standard\n", f"    value: {value}\n"),
                                "policy/post-transition.yaml")
    assert [(d.code, d.message) for d in found] == [
        ("C002", f"`tekun_standard` {message}, but its use at line 504 needs a rate (yuan/month or yuan/year)")]
    (d,) = found
    assert d.span is not None and (d.span.line, d.span.column) == (47, 12)  # the value, not the measure's amount
    assert d.help == help


def test_a_multiple_of_a_standard_that_forgot_its_unit_is_not_told_to_take_one_itself():
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count("    value: 510 yuan/month\n") == 1
    found = diagnostics_of_text(text.replace("    value: 510 yuan/month\n", "    value: 510\n"),
                                "policy/post-transition.yaml")
    # `marginal_line: marginal_multiplier * dibao_standard` mismatches only because the standard has no unit
    assert [(d.code, d.message.split(",")[0]) for d in found] == [("C002", "`dibao_standard` is a plain number")]


def test_an_amount_that_is_no_money_through_a_parameter_some_rule_reads_as_a_number_names_that_parameter():
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    edited = text.replace("    value: 1.3 * dibao_standard\n", "    value: 200\n").replace(
        "    when: tekun\n    amount: tekun_standard * 1 month\n",
        "    when: tekun and tekun_standard > 1\n    amount: tekun_standard * 1 month\n", 1)
    assert edited.count("tekun_standard > 1") == 1
    found = [d for d in diagnostics_of_text(edited, "policy/post-transition.yaml") if d.code == "C002"]
    assert [d.message for d in found] == ["an amount must be money, not a duration (months or years)"]
    assert found[0].help == ("`tekun_standard` is `200` (line 47), a plain number: if it is money, write "
                             "`200 yuan/month` or `200 yuan/year` there")


def test_a_household_input_without_a_group_is_told_to_take_one_not_a_rule_it_keeps():
    declared = "    drinking_water.safe: {type: boolean"
    village = "    village: {type: text, default: '', label: {zh: 村, en: village}}\n"
    found = diagnostics_of_text(shipped_with(declared, village + declared), "post-transition.yaml")
    assert [(d.code, d.message) for d in found] == [("L004", "`village` is not a valid name here")]
    assert found[0].help == ("a household input is named by a group and its name, as `assets.deposits` and "
                             "`housing.safety_grade` are: put it in a group, such as `household.village`")
    assert found[0].span is not None and found[0].span.column == 5
    spaced = diagnostics_of_text(shipped_with(declared, village.replace("village:", "Village:") + declared),
                                 "post-transition.yaml")  # not a plain name: the rule of names, and the group
    assert spaced[0].help == ("names use lowercase letters, digits and `_`, starting with a letter, and a household "
                              "input has a group before a dot: `assets.deposits`")


@pytest.mark.parametrize(("read", "help"), [
    ("sanitation.safe_toilet", "the input is declared `safe_toilet` at line {line}, without its group: write "
                               "`sanitation.safe_toilet` there"),
    ("safe_toilets", None),  # close to the name refused, which is no name to write
])
def test_a_name_refused_for_want_of_its_group_is_never_offered_to_a_rule(read, help):
    """`safe_toilet:` under `inputs: household:` is refused (L004): a rule reading `sanitation.safe_toilet` was
    told "did you mean `safe_toilet`?", the very name refused."""
    declared = "    drinking_water.safe: {type: boolean"
    toilet = "    safe_toilet: {type: boolean, default: true, label: {zh: 有卫生厕所, en: has a safe toilet}}\n"
    text = shipped_with(declared, toilet + declared)
    assert text.count("water_unsafe or any(") == 1
    text = text.replace("water_unsafe or any(", f"water_unsafe or not {read} or any(")
    line = text.split("\n").index(toilet.rstrip("\n")) + 1
    found = diagnostics_of_text(text, "post-transition.yaml")
    assert [(d.code, d.message) for d in found] == [
        ("L004", "`safe_toilet` is not a valid name here"), ("C001", f"unknown name `{read}`")]
    unknown = found[1]
    assert unknown.help is not None and unknown.zh is not None and unknown.zh[1] is not None
    assert "`safe_toilet`?" not in unknown.help and "`safe_toilet`？" not in unknown.zh[1]
    if help is not None:
        assert unknown.help == help.format(line=line)
        assert unknown.zh[1] == (f"该输入项在第 {line} 行写作 `safe_toilet`，缺少分组：请在那里写 "
                                 "`sanitation.safe_toilet`")


_TOILET = "    safe_toilet: {type: boolean, default: true, label: {zh: 有卫生厕所, en: has a safe toilet}}\n"


def _toilet_without_group(read: str) -> str:
    """The shipped post-transition policy with a household input `safe_toilet` declared without its group, and
    `read` (`not sanitation.safe_toilet`) added to the clause on unsafe housing or water."""
    declared = "    drinking_water.safe: {type: boolean"
    return shipped_with(declared, _TOILET + declared).replace("water_unsafe or any(", f"water_unsafe or {read} or any(")


def test_a_household_input_without_a_group_is_told_the_group_a_rule_reads_it_under():
    """`safe_toilet:` declared without its group, read by a rule as `sanitation.safe_toilet`: L004 told to write
    `household.safe_toilet`, where the rule's C001 told `sanitation.safe_toilet`; doing as L004 said left the rule
    unknown. Both now say the name the rule reads, and doing so leaves nothing to fix."""
    text = _toilet_without_group("not sanitation.safe_toilet")
    toilet = _TOILET
    rule = next(i for i, line in enumerate(text.split("\n"), 1) if "not sanitation.safe_toilet" in line)
    found = diagnostics_of_text(text, "post-transition.yaml")
    assert [d.code for d in found] == ["L004", "C001"]
    assert found[0].help == ("a household input is named by a group and its name, as `assets.deposits` and "
                             f"`housing.safety_grade` are: write `sanitation.safe_toilet`, as the rule at line {rule} "
                             "reads it")
    assert found[0].zh is not None and found[0].zh[1] is not None
    assert found[0].zh[1].endswith(f"请写 `sanitation.safe_toilet`，与第 {rule} 行的规则读它的写法一致")
    assert found[1].help is not None and found[1].help.endswith("write `sanitation.safe_toilet` there")
    fixed = text.replace(toilet, toilet.replace("safe_toilet:", "sanitation.safe_toilet:"))
    assert [d for d in diagnostics_of_text(fixed, "post-transition.yaml") if d.severity == "error"] == []


def test_a_misspelt_group_of_an_input_declared_without_one_is_told_the_group_the_first_rule_reads():
    """With `safe_toilet:` declared without its group, a rule reading `sanitation.safe_toilet` and another a misspelt
    `sanitaton.safe_toilet`: the second was told to write its own misspelling at the declaration, against L004."""
    text = _toilet_without_group("not sanitation.safe_toilet or not sanitaton.safe_toilet")
    rule = next(i for i, line in enumerate(text.split("\n"), 1) if "not sanitation.safe_toilet" in line)
    found = diagnostics_of_text(text, "post-transition.yaml")
    assert [(d.code, d.message) for d in found] == [
        ("L004", "`safe_toilet` is not a valid name here"), ("C001", "unknown name `sanitation.safe_toilet`"),
        ("C001", "unknown name `sanitaton.safe_toilet`")]
    assert found[0].help is not None and found[0].help.endswith(f"write `sanitation.safe_toilet`, as the rule at "
                                                                f"line {rule} reads it")
    assert found[2].help is not None and found[2].help.endswith(
        f"the rule at line {rule} reads it as `sanitation.safe_toilet`: did you mean `sanitation.safe_toilet`?")
    assert found[2].zh is not None and found[2].zh[1] is not None and "sanitaton" not in found[2].zh[1]


def test_an_unknown_name_is_not_told_to_be_the_name_being_defined():
    """`marginal_multiplier` removed while `marginal_line` reads it: `marginal_line` is the closest name, and
    following that hint would make the definition read itself (C004)."""
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    removed, count = re.subn(r"\n  marginal_multiplier:\n(    .*\n)+", "\n", text)
    assert count == 1
    found = diagnostics_of_text(removed, "post-transition.yaml")
    unknown = [d for d in found if d.code == "C001"]
    assert [d.message for d in unknown] == ["unknown name `marginal_multiplier`"]
    assert unknown[0].help is not None and "marginal_line" not in unknown[0].help


@pytest.mark.parametrize("section, entry", [
    ("income", "  pension:\n"), ("expenses", "  medical:\n"), ("abolished", "  - id: monitoring\n")])
def test_an_income_or_expense_type_or_an_abolished_category_left_uncited_is_a_warning_too(section, entry):
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    at = text.index(entry, text.index(f"\n{section}:\n"))
    source = text.index("    source: ", at)
    assert "\n  " not in text[at + len(entry):source].replace("\n    ", "")  # its own `source:`, not the next one's
    found = diagnostics_of_text(text[:source] + text[source:].split("\n", 1)[1], "policy/post-transition.yaml")
    assert [(d.code, d.span.line) for d in found] == [("C019", text[:at].count("\n") + 1)]
    assert found[0].message.split(" cites no article")[0] == {
        "income": "income type `pension`", "expenses": "expense type `medical`",
        "abolished": "abolished category `monitoring`"}[section]
    # 取消, the word `policy eval`, `policy diff` and `policy doc` tell an abolished category by
    assert found[0].zh is not None and found[0].zh[0].split(" 没有注明")[0] == {
        "income": "收入类型 `pension`", "expenses": "支出类型 `medical`",
        "abolished": "已取消的类别 `monitoring`"}[section]


# -- a comment that cuts a rule short (C033) -------------------------------------------------

CUT_INCOME = "        test: per_capita_income < dibao_standard\n"


def test_a_comment_that_reads_as_the_rest_of_a_rule_is_a_warning_at_its_hash_as_the_catalogue_shows():
    """The officer's second condition, after a `#`: YAML drops it, and the clause decides on income alone."""
    slipped = shipped_with(CUT_INCOME, CUT_INCOME.replace("\n", " #and household_size > 1\n"))
    shown_as_in_the_catalogue(
        diagnostics_of_text(slipped, "policy/post-transition.yaml"), ("C033", "warning", 399, 50, 73),
        ("the rule ends here: YAML reads `#` and the rest of the line as a comment",
         "if `#and household_size > 1` belongs to the rule, remove the `#`; to keep a comment, put it on its own "
         "line"),
        ("规则到这里就结束了：YAML 把 `#` 及这一行其余的部分读作注释",
         "如果 `#and household_size > 1` 是规则的一部分，请删去 `#`；如果是注释，请把它单独写在一行"))
    policy = load_policy("p.yaml", raw=slipped.encode("utf-8"))[0]
    dibao = next(c for c in policy.categories if c.id == "dibao")
    assert ast.Name("household_size") not in list(dibao.clauses[0].test.node.walk())  # it is cut, as the warning says


WAGE = "  wage: {counted: true, share: 1 - employment_cost_rate, label: {zh: 工资, en: wage}}\n"
WAGE_BLOCK = "  wage:\n    counted: true\n    share: 1 - employment_cost_rate\n    label: {zh: 工资, en: wage}\n"


@pytest.mark.parametrize(("replacements", "line", "column", "comment"), [
    ({INCOME: "test: per_capita_income < dibao_standard #and household_size == 1\n"}, 50, 50,
     "#and household_size == 1"),
    ({INCOME: "test: per_capita_income < dibao_standard   #  or household_size == 1  \n"}, 50, 52,
     "#  or household_size == 1"),
    ({"value: counted_income / household_size": "value: counted_income # / household_size"}, 32, 27,
     "# / household_size"),
    ({"value: 490 yuan/month": "value: 490 # yuan/month"}, 10, 16, "# yuan/month"),  # the unit cut off
    ({"    when: dibao\n": "    when: dibao #and housing_unsafe\n"}, 67, 17, "#and housing_unsafe"),
    ({"* household_size * 1 month)\n": "* household_size * 1 month) #+ 10 yuan\n"}, 68, 83, "#+ 10 yuan"),
    ({WAGE: WAGE_BLOCK.replace("employment_cost_rate\n", "employment_cost_rate #* 2\n")}, 27, 37, "#* 2"),
    ({INCOME: "test: per_capita_income\n          < dibao_standard #and household_size == 1\n"}, 51, 28,
     "#and household_size == 1"),  # a rule over two lines, cut on its last
    ({INCOME: "test: per_capita_income < dibao_standard #(household_size == 1)\n"}, 50, 50,
     "#(household_size == 1)"),  # a call: `dibao_standard(…)` parses, and is the checker's to refuse
    ({INCOME: "test: per_capita_income < # dibao_standard\n"}, 50, 35, "# dibao_standard"),  # S003 too
])
def test_a_comment_that_goes_on_with_any_rule_is_found_where_its_hash_is(replacements, line, column, comment):
    found = [d for d in diagnose(replacements) if d.code == "C033"]
    assert [(d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("warning", line, column, column + len(comment))]
    assert found[0].help is not None and found[0].help.startswith(f"if `{comment}` belongs to the rule")


def test_a_rule_cut_after_its_operator_is_told_why_it_ends_as_well_as_that_it_does():
    found = diagnose({INCOME: "test: per_capita_income < # dibao_standard\n"})
    assert [d.code for d in found] == ["S003", "C033"]


@pytest.mark.parametrize("replacements", [
    {INCOME: "test: per_capita_income < dibao_standard  # 60 周岁\n"},
    {INCOME: "test: per_capita_income < dibao_standard  # see Annex 2\n"},
    {INCOME: "test: per_capita_income < dibao_standard  # or 65 in the draft\n"},  # prose: the rule would not parse
    {INCOME: "test: per_capita_income < dibao_standard  # (see Annex 2)\n"},
    {INCOME: "test: per_capita_income < dibao_standard  # household_size counts every member\n"},
    {INCOME: "test: per_capita_income < dibao_standard  # dibao_standard from 2026-01-01\n"},
    {INCOME: "test: per_capita_income < dibao_standard  #\n"},
    {INCOME: "test: per_capita_income < dibao_standard\n        # and household_size == 1\n"},  # a line of its own
    {INCOME: "test: 'per_capita_income < dibao_standard'  #and household_size == 1\n"},  # quoted: the rule is whole
    {"value: 490 yuan/month": "value: 490 yuan/month  # 2026 标准"},
    {"    label: {zh: 低保标准, en: dibao standard}\n": "    label: {zh: 低保标准, en: dibao standard}  # and more\n"},
])
def test_an_ordinary_comment_after_a_rule_is_said_nothing_of(replacements):
    assert "C033" not in [d.code for d in diagnose(replacements)]


def test_the_comment_is_found_by_the_python_yaml_reader_as_by_libyaml(monkeypatch: pytest.MonkeyPatch):
    """The two readers give a plain scalar different styles (None, "")."""
    monkeypatch.setattr("engine.yamlsource._FAST_LOADER", None)
    found = diagnose({INCOME: "test: per_capita_income < dibao_standard #and household_size == 1\n"})
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("C033", 50, 50)]


SHIPPED_POST = Path(__file__).resolve().parent.parent / "policy" / "post-transition.yaml"


def test_a_category_renamed_with_its_readers_left_behind_is_told_the_rename_not_c036():
    """`- id: dibao` renamed `dibao_household` and nothing else: every rule still reading `dibao` is C001, and the
    renamed category, unread meanwhile before `dibao_marginal`, is not told to be named where `dibao_marginal` is —
    which would give dibao households the margin's assistance."""
    text = SHIPPED_POST.read_text(encoding="utf-8")
    renamed = diagnostics_of_text(text.replace("  - id: dibao\n", "  - id: dibao_household\n", 1), "post.yaml")
    codes = {d.code for d in renamed}
    assert "C001" in codes and "C036" not in codes, codes
    added = text.replace("  - id: dibao\n", "  - id: dibao_single\n    group: tier\n    label: {zh: 单人低保, en: "
                         "single dibao}\n    when:\n      - {id: alone, label: {zh: 独居, en: alone}, test: "
                         "count(members) == 1}\n  - id: dibao\n", 1)
    assert "C036" in [d.code for d in diagnostics_of_text(added, "post.yaml")]


def test_a_category_labelled_as_the_abolished_one_is_told_so():
    """A category given the label of the category the version abolishes: a decision would name a household by the
    abolished category, and the line that says it is abolished would seem to be about its own category."""
    text = SHIPPED_POST.read_text(encoding="utf-8")
    old = "    label: {zh: 低保边缘家庭成员, en: household on the margin of dibao}\n"
    assert text.count(old) == 1
    new = "    label: {zh: 防止返贫监测对象, en: Household monitored against returning  to poverty}\n"
    found = [d for d in diagnostics_of_text(text.replace(old, new), "post.yaml") if d.code == "C038"]
    gone = text.splitlines().index("  - id: monitoring") + 2
    assert [d.message.split(": decisions")[0] for d in found] == [
        f"category `dibao_marginal` has the label of abolished `monitoring` (line {gone}), `防止返贫监测对象`",
        f"category `dibao_marginal` has the label of abolished `monitoring` (line {gone}), "
        "`Household monitored against returning  to poverty`"]
    line = text[:text.index(old)].count("\n") + 1
    assert [d.span.line if d.span else None for d in found] == [line, line]
    assert found[0].zh is not None and "的标签与已取消的类别 `monitoring`" in found[0].zh[0]
    assert found[0].help == "give `dibao_marginal` a label of its own"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    label: {zh: 特困人员基本生活费, en: basic living support for persons in extreme poverty}\n",
     "    label: {zh: 特困人员基本生活费, en: dibao benefit (the monthly gap to the standard; tekun members "
     "excepted)}\n",
     "measure `tekun_support` has the label of `dibao_benefit` (line 491), `dibao benefit (the monthly gap to the "
     "standard; tekun members excepted)`"),
    ("label: {zh: 自住房以外的房产套数, en: houses owned besides the one lived in}",
     "label: {zh: 机动车辆数（残疾人功能性补偿代步车除外）, en: houses owned besides the one lived in}",
     "input `assets.extra_houses` has the label of `assets.vehicles` (line 130), "
     "`机动车辆数（残疾人功能性补偿代步车除外）`"),
])
def test_a_measure_or_an_input_labelled_as_another_is_told_the_first(old: str, new: str, message: str):
    """Two measures, or two inputs, with one label: explanations and forms would say the one for the other."""
    text = SHIPPED_POST.read_text(encoding="utf-8")
    assert text.count(old) == 1
    found = [d for d in diagnostics_of_text(text.replace(old, new), "post.yaml") if d.code == "C038"]
    assert [d.message.split(": decisions")[0] for d in found] == [message]
    line = text[:text.index(old)].count("\n") + 1
    assert found[0].span is not None and found[0].span.line == line
    assert found[0].zh is not None and "相同" in found[0].zh[0]


@pytest.mark.parametrize(("old", "new", "code", "subject"), [
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < dibao_standart\n", "C001",
     "dibao_standart"),
    ("    value: 490 yuan/month\n", "", "L004", "value"),
])
def test_a_finding_of_a_name_unknown_or_a_key_missing_holds_it_as_its_subject(old: str, new: str, code: str,
                                                                              subject: str):
    """What follows from an unknown name or a missing key is told by the finding's subject, not by its words."""
    assert MINI_TEXT.count(old) == 1
    (d,) = [d for d in diagnostics_of_text(MINI_TEXT.replace(old, new)) if d.severity == "error"]
    assert (d.code, d.subject) == (code, subject)
    assert d.subject in d.message and "subject" not in d.to_json(chinese=True)  # JSON output keeps its shape


_AT = Span("my.yaml", 9, 3, 9, 7)


def test_a_name_in_chinese_is_told_the_unknown_name_its_finding_is_about_however_that_is_worded():
    named = Diagnostic.said("L004", Said("`parameters.低保标准` is not a valid name here",
                                         "`parameters.低保标准` 不是有效的名称"), _AT)
    unknown = Diagnostic.said("C001", Said("nothing declares `dibao_standard`", "没有声明 `dibao_standard`",
                                           subject="dibao_standard"), Span("my.yaml", 40, 30, 40, 44))
    found, checked = named_in_chinese({named: ("parameters", "低保标准")}, [named], [unknown])
    assert checked == []
    assert [d.help for d in found] == ["names are written in English: write `dibao_standard`, the name the rules read "
                                       "(line 40) and nothing declares"]


@pytest.mark.parametrize(("subject", "unused_told"), [("tekun_extr", False), (None, True)])
def test_the_unused_warnings_go_while_a_finding_is_of_an_unknown_name_however_it_is_worded(subject: str | None,
                                                                                          unused_told: bool):
    """A C001 about a name (its subject) leaves unread the one it meant; one about no name (an unknown department)
    does not."""
    unknown = Diagnostic.said("C001", Said("nothing declares `tekun_extr`", "没有声明 `tekun_extr`", subject=subject),
                              Span("my.yaml", 14, 30, 14, 40))
    unused = Diagnostic.said("C005", Said("parameter `tekun_extra` is never used", "参数 `tekun_extra` 从未使用"), _AT,
                             severity="warning")
    checker = SimpleNamespace(policy=None, unitless={}, label_numbers=[], diagnostics=[unknown, unused])
    drop_echoes(checker)  # type: ignore[arg-type]
    assert checker.diagnostics == ([unknown, unused] if unused_told else [unknown])


def _unknown(name: str, line: int, help: str = "declare it") -> Diagnostic:
    return Diagnostic.said("C001", Said(f"unknown name `{name}`", f"未知名称 `{name}`", subject=name),
                           Span("my.yaml", line, 9, line, 9 + len(name)), help=Said(help, help))


def test_findings_in_a_row_about_one_name_with_one_help_say_it_once_after_the_last():
    """A row of findings of one name share the help; another finding between them, another help or no name each
    keep their own."""
    same = [_unknown("in_any_category", line) for line in (10, 12, 14)]
    assert help_places(same) == [0, 0, 3]
    assert help_places([*same[:2], _unknown("dibao_standart", 13), same[2]]) == [0, 2, 1, 1]
    assert help_places([same[0], _unknown("in_any_category", 11, "did you mean `x`?"), same[1]]) == [1, 1, 1]
    unnamed = [dataclasses.replace(d, subject=None) for d in same]
    assert help_places(unnamed) == [1, 1, 1]
    assert render(same[0], lang="zh", places=0) == "my.yaml:10:9: 错误[C001]: 未知名称 `in_any_category`"
    assert render(same[2], lang="zh", places=3).endswith("\n  提示（以上 3 处）：declare it")


def _post_transition(*replacements: tuple[str, str]) -> str:
    from tests.helpers import ROOT

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(("written", "line", "uses", "zh_uses"), [
    ("24", 77, "its use at line 403 needs", "第 403 行"),  # dibao_deposit_months
    ("36", 82, "its uses at lines 430, 453 need", "第 430、453 行"),  # marginal_deposit_months, read twice
])
def test_a_count_of_months_a_parameter_writes_without_its_unit_is_one_error_at_its_value(
        written: str, line: int, uses: str, zh_uses: str):
    """`dibao_deposit_months: {value: 24}` makes `dibao_standard * dibao_deposit_months` a rate where deposits need an
    amount: the unit is the parameter's slip, told once at its value, never `… * 24 months` added to the rule (which
    would check clean and allow 24 times 24 months of the standard)."""
    name = "dibao_deposit_months" if line == 77 else "marginal_deposit_months"
    found = diagnostics_of_text(_post_transition((f"    value: {written} months\n", f"    value: {written}\n")),
                                "policy/post-transition.yaml")
    assert [(d.code, d.message) for d in found] == [
        ("C002", f"`{name}` is a plain number, but {uses} a duration (months or years)")]
    (d,) = found
    assert d.span is not None
    assert (d.span.line, d.span.column, d.span.end_line, d.span.end_column) == (line, 12, line, 14)
    assert d.help == f"give it its unit: `{written} months`"
    assert d.zh == (f"`{name}` 是不带单位的数字，但{zh_uses}用到它的地方需要时长（月或年）",
                    f"请给它加上单位：`{written} months`")
    # the help followed is the shipped policy, which checks clean with its limit of 24 (36) months of the standard
    assert diagnostics_of_text(_post_transition(), "policy/post-transition.yaml") == []


def test_a_plain_number_parameter_some_of_whose_uses_need_a_number_keeps_the_errors_at_the_rules():
    found = diagnostics_of_text(_post_transition(
        ("    value: 24 months\n", "    value: 24\n"),
        ("deposits_per_capita <= dibao_standard * dibao_deposit_months",
         "deposits_per_capita <= dibao_standard * dibao_deposit_months and dibao_deposit_months > 12")),
        "policy/post-transition.yaml")
    errors = [d for d in found if d.severity == "error"]
    assert [(d.code, d.span.line) for d in errors if d.span] == [("C002", 403)]
    assert all(d.span is not None and d.span.line != 77 for d in found)


@pytest.mark.parametrize(("rule", "column", "rate", "amount", "per", "per_zh"), [
    ("test: assets.deposits / household_size <= 20000 yuan/year", 15, "20000 yuan/year", "20000 yuan", "year", "年"),
    ("test: 3000 yuan/month >= assets.deposits", 15, "3000 yuan/month", "3000 yuan", "month", "月"),
    ("test: assets.deposits - 3000 yuan/month <= 0", 15, "3000 yuan/month", "3000 yuan", "month", "月"),
])
def test_a_rate_written_in_a_rule_where_an_amount_is_wanted_is_told_to_drop_its_period_first(
        rule: str, column: int, rate: str, amount: str, per: str, per_zh: str):
    """`deposits_per_capita <= 20000 yuan/year`: a `/year` typed too many. Told to write `20000 yuan`, first; never
    `20000 yuan/year * 24 months`, which checks clean and allows 40,000 yuan — a number of months the file never
    gave."""
    d = only({DEPOSITS: rule})
    assert d.code == "C002" and d.span is not None and (d.span.line, d.span.column) == (54, column)
    assert d.help == (f"`{rate}` is money per {per}: if it is one sum, write it without its period: `{amount}`; if it "
                      f"is per {per}, multiply it by the months the document gives")
    assert d.zh is not None and d.zh[1] == (f"`{rate}` 是每{per_zh}的金额：如果它是一笔总额，请去掉期限，"
                                            f"写成 `{amount}`；如果它确实是每{per_zh}的金额，请乘以政策规定的月数")
    assert "months`" not in d.help
    loads({DEPOSITS: rule.replace(rate, amount)})  # the help followed checks clean


def test_a_count_of_years_a_parameter_writes_without_its_unit_is_told_to_take_years():
    years = "  deposit_years: {value: 2, label: {zh: 存款限额年数, en: years of deposits allowed}}\n"
    edits = {"  employment_cost_rate:\n": years + "  employment_cost_rate:\n",
             DEPOSITS: "test: assets.deposits / household_size <= dibao_standard * deposit_years"}
    d = only(edits)
    assert d.message == "`deposit_years` is a plain number, but its use at line 55 needs a duration (months or years)"
    assert d.span is not None and (d.span.line, d.span.column) == (13, 26)  # `2`
    assert d.help == "give it its unit: `2 years`"
    loads({**edits, "{value: 2,": "{value: 2 years,"})  # followed, it checks clean: 24 months of the standard


_WATER_SAFE = ("    drinking_water.safe: {type: boolean, default: true, label: {zh: 饮用水安全, en: drinking water is "
               "safe}}\n")
_WATER_SOURCE = ("    drinking_water.source: {type: enum, values: [tap, well, river], default: tap, "
                 "label: {zh: 饮用水水源, en: source of drinking water}}\n")


def test_an_enum_input_without_value_labels_is_a_warning_as_the_catalogue_shows():
    """An input added as `{type: enum, values: [tap, well, river]}` to a file whose enums are all worded checked
    clean; Chinese explanations then said `饮用水水源为“river”或“well”`."""
    _, found = _shipped_with(_WATER_SAFE, _WATER_SAFE + _WATER_SOURCE)
    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("C042", "warning", 144, 41, 47)], [render(d) for d in found]
    (d,) = found
    assert (d.message, d.help) == (
        "`drinking_water.source` has no `value_labels`: explanations will say its values as written (`tap`, `well`, "
        "`river`)",
        "add `value_labels: {tap: {zh: …, en: …}, well: {zh: …, en: …}, river: {zh: …, en: …}}`, with the words "
        "for each value in Chinese and English")
    assert d.zh == ("`drinking_water.source` 没有 `value_labels`：解释中将照原样显示它的取值（`tap`、`well`、`river`）",
                    "请加上 `value_labels: {tap: {zh: …, en: …}, well: {zh: …, en: …}, river: {zh: …, en: …}}`，"
                    "写出每个取值的中文和英文说法")
    _in_the_catalogue(d)
    worded = ("value_labels: {tap: {zh: 自来水, en: tap water}, well: {zh: 井水, en: well water}, "
              "river: {zh: 河水, en: river water}}, default: tap")
    assert _shipped_with(_WATER_SAFE, _WATER_SAFE + _WATER_SOURCE.replace("default: tap", worded))[1] == []


def test_an_enum_whose_value_labels_leave_values_out_is_told_which():
    one = "value_labels: {male: {zh: 男, en: male}, female: {zh: 女, en: female}}"
    _, found = _shipped_with(one, "value_labels: {male: {zh: 男, en: male}}")
    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("C042", "warning", 162, 7, 19)], [render(d) for d in found]
    (d,) = found
    assert (d.message, d.help) == (
        "the `value_labels` of `sex` give no words for `female`: explanations will say it as written",
        "add `female: {zh: …, en: …}` under `value_labels`")
    assert d.zh == ("`sex` 的 `value_labels` 没有写出 `female` 的说法：解释中将照原样显示它",
                    "请在 `value_labels` 下加上 `female: {zh: …, en: …}`")
    labour = "        full: {zh: 有劳动能力, en: full}\n"
    _, (d,) = _shipped_with("        weak: {zh: 弱劳动能力, en: weak}\n" + labour, "")
    assert (d.code, d.message, d.help) == (
        "C042", "the `value_labels` of `labor_capacity` give no words for `weak` and `full`: explanations will say "
                "them as written",
        "add `weak: {zh: …, en: …}` and `full: {zh: …, en: …}` under `value_labels`")
    assert d.zh == ("`labor_capacity` 的 `value_labels` 没有写出 `weak`、`full` 的说法：解释中将照原样显示它们",
                    "请在 `value_labels` 下加上 `weak: {zh: …, en: …}`、`full: {zh: …, en: …}`")


def test_an_enum_without_value_labels_is_not_warned_of_in_a_file_that_words_no_enum():
    """A draft or a test policy that gives no enum its words is not told so input by input; once one enum is
    worded, the others are."""
    assert [d.code for d in diagnose({}) if d.code == "C042"] == []
    worded = "values: [A, B, C, D], value_labels: {A: {zh: A级, en: A}, B: {zh: B级, en: B}, C: {zh: C级, en: C}, " \
             "D: {zh: D级, en: D}}"
    found = [d for d in diagnose({"values: [A, B, C, D]": worded}) if d.code == "C042"]
    assert [(d.message.split(":")[0], d.span.line) for d in found] == [
        ("`supporter` has no `value_labels`", 23)], [render(d) for d in found]


_TEKUN_SUPPORT = "    when: tekun\n    amount: tekun_standard * 1 month\n"


def _tekun_support_when(when: str, policy: str = "post-transition") -> list[Diagnostic]:
    """What checking a shipped policy finds with the tekun support given `when: WHEN`."""
    from tests.helpers import ROOT

    text = (ROOT / "policy" / f"{policy}.yaml").read_text(encoding="utf-8")
    assert text.count(_TEKUN_SUPPORT) == 1
    return diagnostics_of_text(text.replace(_TEKUN_SUPPORT, _TEKUN_SUPPORT.replace("tekun\n", f"{when}\n")),
                               f"policy/{policy}.yaml")


def test_a_date_the_version_is_never_in_force_on_is_a_warning_as_the_catalogue_shows():
    """Last winter's dates left in a version in force from 2026-01-01: the measure is never given, and `policy
    check` said nothing."""
    found = _tekun_support_when("tekun and today >= 2025-11-01 and today <= 2025-12-31")
    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("C031", "warning", 503, 45, 64)], [render(d) for d in found]
    (d,) = found
    assert (d.message, d.help) == (
        "`today <= 2025-12-31` never holds while this version is in force (from 2026-01-01)",
        "every evaluation date of this version is on or after 2026-01-01, so measure `tekun_support` is never "
        "given: correct the date (its year, most likely), or remove the test")
    assert d.zh == ("`today <= 2025-12-31` 在本版本生效期间（2026-01-01 起）永远不成立",
                    "本版本的评估日期都在 2026-01-01 当天或之后，救助措施 `tekun_support` 因此永远不会发放："
                    "请改正日期（很可能是年份），或删去这项检验")
    _in_the_catalogue(d)


def test_a_date_after_the_version_ends_is_a_warning_too():
    (d,) = _tekun_support_when("tekun and today >= 2026-01-01", "2024-transition")
    assert (d.code, d.span.line, d.span.column, d.span.end_column) == ("C031", 525, 21, 40), render(d)
    assert (d.message, d.help) == (
        "`today >= 2026-01-01` never holds while this version is in force (from 2024-07-16 to 2025-12-31)",
        "every evaluation date of this version is on or before 2025-12-31, so measure `tekun_support` is never "
        "given: correct the date (its year, most likely), or remove the test")
    assert d.zh is not None
    assert d.zh[0] == "`today >= 2026-01-01` 在本版本生效期间（2024-07-16 至 2025-12-31）永远不成立"
    assert d.zh[1].startswith("本版本的评估日期都在 2025-12-31 当天或之前，")


@pytest.mark.parametrize(("when", "message", "consequence"), [
    # a range, inside an `or`: the measure may still be given, by the other branch
    ("tekun and (today in [2025-11-01, 2025-12-31] or age >= 80)",
     "`today in [2025-11-01, 2025-12-31]` never holds", ""),
    # `today > 2025-12-31` always holds: its `not` never does
    ("tekun and not (today > 2025-12-31)", "`not today > 2025-12-31` never holds",
     ", so measure `tekun_support` is never given"),
])
def test_a_date_test_outside_the_version_says_what_follows_only_where_it_follows(when, message, consequence):
    found = _tekun_support_when(when)
    assert [(d.code, d.message, d.help) for d in found] == [
        ("C031", f"{message} while this version is in force (from 2026-01-01)",
         f"every evaluation date of this version is on or after 2026-01-01{consequence}: correct the date (its year, "
         "most likely), or remove the test")], [render(d) for d in found]


@pytest.mark.parametrize("when", [
    "tekun and today >= 2025-11-01 and today <= 2026-02-28",  # the window holds January and February
    "tekun and today >= 2026-11-01 and today <= 2027-02-28",
    "tekun and today >= 2025-01-01",  # always holds: decides nothing, but takes no one out
    "tekun and today != 2025-12-31",
])
def test_a_date_test_that_holds_on_some_day_of_the_version_is_not_warned_of(when: str):
    assert [render(d) for d in _tekun_support_when(when)] == []


@pytest.mark.parametrize(("old", "new", "quoted", "meant"), [
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 'dibao_standard'\n",
     '"dibao_standard"', "dibao_standard"),
    ("test: per_capita_income < 1.5 * dibao_standard}", "test: per_capita_income < \"1.5 * dibao_standard\"}",
     '"1.5 * dibao_standard"', "1.5 * dibao_standard"),
    ("household_size <= dibao_standard * 24 months", "household_size <= 'dibao_standard' * 24 months",
     '"dibao_standard"', "dibao_standard"),
])
def test_a_name_in_quotes_is_told_to_be_written_without_them(old: str, new: str, quoted: str, meant: str):
    """`per_capita_income < 'dibao_standard'`: it was told only to compare values of the same kind."""
    d = only({old: new})
    assert d.code == "C002"
    assert d.help == f"`{quoted}` in quotes is a text, not the value it names: write `{meant}`, without quotes"
    assert d.in_lang("zh").help == f"加了引号的 `{quoted}` 是一段文本，不是它所指的值：请写 `{meant}`，不加引号"


def test_a_text_in_quotes_that_names_nothing_is_not_told_to_lose_them():
    d = only({"test: per_capita_income < dibao_standard\n": "test: per_capita_income < 'dibao'\n"})
    assert d.code == "C002" and "without quotes" not in (d.help or "")


@pytest.mark.parametrize(("written", "column", "help"), [
    ("ornot housing_unsafe", 50, "did you mean `or not`?"),
    ("andnot housing_unsafe", 50, "did you mean `and not`?"),
    ("andy", 50, None),
])
def test_a_keyword_run_into_a_word_is_one_word_the_rule_cannot_read_there(written: str, column: int,
                                                                          help: str | None):
    """`ornot` was read as `or not` without a word said, `andy` as `and` and an unknown name `y`: a keyword is a
    whole word, and a word that starts with one is a name like any other. Told as the syntax error it is (S002,
    `unexpected`), not with the words of an unknown name (C001's), which it was under S002."""
    found = only({INCOME: f"test: per_capita_income < dibao_standard {written}\n"})
    word = written.split()[0]
    assert (found.code, found.message, found.span.column, found.span.end_column) == (
        "S002", f"unexpected `{word}`", column, column + len(word))
    assert found.in_lang("zh").message == f"此处不应出现 `{word}`"
    if help is not None:
        assert (found.help, found.in_lang("zh").help) == (help, f"是否应为 {help[13:-1]}？")
    else:
        assert "did you mean" not in (found.help or "")


@pytest.mark.parametrize(("written", "word", "help"), [
    ("per_capita_income < dibao_standardor housing_unsafe", "dibao_standardor",
     "did you mean `dibao_standard or housing_unsafe`?"),
    ("housing_unsafeand per_capita_income < dibao_standard", "housing_unsafeand",
     "did you mean `housing_unsafe and per_capita_income`?"),
    ("if housing_unsafethen 1 else 0", "housing_unsafethen", "did you mean `housing_unsafe then 1`?"),
    ("assets.depositsand per_capita_income < dibao_standard", "assets.depositsand",
     "did you mean `assets.deposits and per_capita_income`?"),
    ('housing.safety_gradein {"C", "D"}', "housing.safety_gradein", "did you mean `housing.safety_grade in`?"),
    ("assets . depositsand per_capita_income < dibao_standard", "assets . depositsand",
     "did you mean `assets.deposits and per_capita_income`?"),
    ("per_capita_income < dibao_standard or depositsor 1.5 > 0", "depositsor",
     "did you mean `assets.deposits or 1.5`?"),
    ('safety_gradein {"C", "D"}', "safety_gradein", "did you mean `housing.safety_grade in`?"),
    # apart, the rule is still wrong (comparisons do not chain): the slip is told first, as it was not
    ("per_capita_income < dibao_standardin [1 yuan/month, 2 yuan/month]", "dibao_standardin",
     "did you mean `dibao_standard in`?"),
])
def test_a_name_run_into_the_keyword_after_it_is_told_the_two_apart(written: str, word: str, help: str):
    """`dibao_standardor housing_unsafe` was told `unexpected `housing_unsafe`` and what could come there: the name
    and the keyword run together were not seen."""
    found = only({INCOME: f"test: {written}\n"})
    start = 15 + written.index(word)
    assert (found.code, found.message, found.span.column, found.span.end_column) == (
        "S002", f"unexpected `{word}`", start, start + len(word))
    assert (found.help, found.in_lang("zh").help) == (help, f"是否应为 {help[13:-1]}？")
    assert found.in_lang("zh").message == f"此处不应出现 `{word}`"


def test_a_number_run_into_the_keyword_after_it_is_told_as_a_name_run_into_one_is():
    """`dibao_standard * 1.5or housing_unsafe` passed `policy check` without a word, where `dibao_standardor
    housing_unsafe` is told: a keyword is a whole word, after a number as after a name."""
    written = "per_capita_income < dibao_standard * 1.5or housing_unsafe"
    found = only({INCOME: f"test: {written}\n"})
    start = 15 + written.index("1.5or")
    assert (found.code, found.message, found.span.column, found.span.end_column, found.help) == (
        "S002", "unexpected `1.5or`", start, start + 5, "did you mean `1.5 or`?")
    assert (found.in_lang("zh").message, found.in_lang("zh").help) == ("此处不应出现 `1.5or`", "是否应为 `1.5 or`？")


def test_a_number_run_into_the_keyword_that_ends_the_rule_is_told_as_run_together():
    """`per_capita_income < 2or` was told `expression ends too early after `or``, at the `or` of `2or`: the words run
    together are told, as where a value follows, with the value still to write."""
    found = only({INCOME: "test: per_capita_income < 2or\n"})
    assert (found.code, found.message, found.span.column, found.span.end_column) == ("S002", "unexpected `2or`", 35, 38)
    assert (found.help, found.in_lang("zh").help) == ("did you mean `2 or`, with a value after it?",
                                                      "是否应为 `2 or`，后面再写一个值？")


@pytest.mark.parametrize(("written", "word", "apart"), [
    ("per_capita_income < 490 yuan/monthor", "490 yuan/monthor", "490 yuan/month or"),
    ("per_capita_income < 5880 yuan/yearand", "5880 yuan/yearand", "5880 yuan/year and"),
    ("(per_capita_income < 490 yuan/monthor) and housing_unsafe", "490 yuan/monthor", "490 yuan/month or"),
    # the amount written with no space before its unit is quoted as written, and told with the space put in
    ("per_capita_income < 490yuan/yearand", "490yuan/yearand", "490 yuan/year and"),
    ("(per_capita_income < 490.50yuan/monthor) and housing_unsafe", "490.50yuan/monthor", "490.5 yuan/month or"),
    ("per_capita_income < 490  yuan/yearor", "490  yuan/yearor", "490 yuan/year or"),
])
def test_an_amount_run_into_the_keyword_that_ends_the_rule_is_told_as_run_together(written: str, word: str,
                                                                                   apart: str):
    """`per_capita_income < 490 yuan/monthor` reads `490 yuan` divided by a name `monthor`, and was told that
    `yuan/monthor` is no unit, did you mean `yuan/month`: the amount and the keyword run together are told, as `2or`
    is, with the value still to write."""
    found = only({INCOME: f"test: {written}\n"})
    start = 15 + written.index(word)
    assert (found.code, found.message, found.span.column, found.span.end_column) == (
        "S002", f"unexpected `{word}`", start, start + len(word))
    assert (found.help, found.in_lang("zh").help) == (f"did you mean `{apart}`, with a value after it?",
                                                      f"是否应为 `{apart}`，后面再写一个值？")
    assert found.in_lang("zh").message == f"此处不应出现 `{word}`"


@pytest.mark.parametrize(("written", "fixed"), [
    ("(per_capita_income < dibao_standard)或 (housing_unsafe)",
     "(per_capita_income < dibao_standard) or (housing_unsafe)"),
    ("(per_capita_income < dibao_standard) 或 housing_unsafe",
     "(per_capita_income < dibao_standard) or housing_unsafe"),
])
def test_a_chinese_keyword_beside_a_bracket_in_the_policy_in_force_is_told_the_whole_rule(written: str, fixed: str):
    """The policy in force has `或` in labels (`家庭成员注册有企业或个体工商户`), which a `或` typed in a rule
    was read as a part of: told `write `or``, which against a bracket runs into it."""
    from tests.helpers import POST

    rule = "test: per_capita_income < dibao_standard\n"
    text = Path(POST).read_text(encoding="utf-8")
    assert rule in text
    (d,) = diagnostics_of_text(text.replace(rule, f"test: {written}\n", 1), "post.yaml")
    assert (d.code, d.help, d.in_lang("zh").help) == ("S001", f"write `{fixed}`", f"请写 `{fixed}`")


def test_a_chinese_keyword_beside_a_bracket_in_a_rule_with_a_quoted_value_is_told_the_whole_rule():
    """`(student == "compulsory")或 (member_in_category)` was still told `write `or``, which pasted against the
    bracket runs into it, where the same rule with no quoted value is told whole: a quoted value is kept as written."""
    from tests.helpers import POST

    rule = 'when: member_in_category and student == "compulsory"\n'
    text = Path(POST).read_text(encoding="utf-8")
    assert text.count(rule) == 1
    written = '(student == "compulsory")或 (member_in_category)'
    (d,) = diagnostics_of_text(text.replace(rule, f"when: '{written}'\n"), "post.yaml")
    fixed = '(student == "compulsory") or (member_in_category)'
    assert (d.code, d.message, d.help, d.in_lang("zh").help) == ("S001", "unexpected `或`", f"write `{fixed}`",
                                                                 f"请写 `{fixed}`")


@pytest.mark.parametrize("written", [
    "per_capita_income < dibao_standartor housing_unsafe",  # `dibao_standart` names nothing
    "per_capita_income < dibao_standardor",  # reads as a name: unknown, as any other
])
def test_a_word_ending_in_a_keyword_is_not_split_where_the_name_is_unknown_or_the_split_does_not_read(written: str):
    found = only({INCOME: f"test: {written}\n"})
    assert "did you mean `dibao_standard or" not in (found.help or "")


def _checked_in_both_languages(run, edited: Path) -> dict[str, list[str]]:
    """What `policy check` of a policy with one error says, by language, line by line."""
    said = {}
    for lang in ("en", "zh"):
        result = run("check", "--lang", lang, edited)
        assert result.exit_code == 1
        said[lang] = result.stdout.splitlines()
    return said


@pytest.mark.parametrize("written", ["２０１０-01-01", "2010-０1-01"])
def test_a_date_of_a_rule_typed_in_full_width_digits_is_told_the_date_to_write_in_both_languages(run, tmp_path,
                                                                                                 written: str):
    """`birth_date >= ２０１０-01-01` was told only `write a real date as YYYY-MM-DD`, which it looks like already."""
    from tests.helpers import POST

    text = Path(POST).read_text(encoding="utf-8")
    assert text.count("age >= 16 and age <= 59") == 1
    edited = tmp_path / "post-transition.yaml"
    edited.write_text(text.replace("age >= 16 and age <= 59", f"age >= 16 and birth_date >= {written}"),
                      encoding="utf-8")
    said = _checked_in_both_languages(run, edited)
    assert said["en"][0].endswith(f":571:62: error[S001]: `{written}` is not a date")
    assert said["en"][3] == "  help: the date is typed in full-width characters: write `2010-01-01`"
    assert said["zh"][0].endswith(f":571:62: 错误[S001]: `{written}` 不是日期")
    assert said["zh"][3] == "  提示：日期中有全角字符：请写 `2010-01-01`"


@pytest.mark.parametrize(("written", "edited_to", "line", "en", "zh"), [
    ("any(members where serious_illness)", "members.serious_illness", 468,
     "aggregate it over members, e.g. `any(members, serious_illness)` or `count(members where serious_illness)`",
     "请对成员汇总，例如 `any(members, serious_illness)` 或 `count(members where serious_illness)`"),
    ("any(members where serious_illness)", "member.serious_illness", 468,
     "aggregate it over members, e.g. `any(members, serious_illness)` or `count(members where serious_illness)`",
     "请对成员汇总，例如 `any(members, serious_illness)` 或 `count(members where serious_illness)`"),
    ("age >= 16", "members.age >= 16", 571, "did you mean `age`? a member's rule reads the member's own value",
     "是否应为 `age`？成员层面的规则读取的就是该成员本人的值"),
    ("not assets.registered_business", "not household.assets.registered_business", 415,
     "did you mean `assets.registered_business`?", "是否应为 `assets.registered_business`？"),
])
def test_a_field_read_as_members_dot_field_is_told_how_to_read_it_not_to_declare_an_input(
        run, tmp_path, written: str, edited_to: str, line: int, en: str, zh: str):
    """`members.serious_illness` was told to declare the field under `inputs`: it is declared, for each member."""
    from tests.helpers import POST

    text = Path(POST).read_text(encoding="utf-8")
    assert text.count(written) == 1
    name = edited_to.split()[-3 if ">=" in edited_to else -1]
    edited = tmp_path / "post-transition.yaml"
    edited.write_text(text.replace(written, edited_to), encoding="utf-8")
    said = _checked_in_both_languages(run, edited)
    assert f":{line}:" in said["en"][0] and said["en"][0].endswith(f"error[C001]: unknown name `{name}`")
    assert said["en"][3] == f"  help: {en}"
    assert said["zh"][0].endswith(f"错误[C001]: 未知名称 `{name}`")
    assert said["zh"][3] == f"  提示：{zh}"


@pytest.mark.parametrize(("old", "written", "column", "plain", "zh_kind"), [
    ("value: 510 yuan/month", "５１０", 12, "510", "全角数字"),
    ("age >= 16 and age <= 59", "１６", 41, "16", "全角数字"),
    ("in [1, 4]", "４", 58, "4", "全角数字"),
    ("age >= 16 and age <= 59", "١٦", 41, "16", "阿拉伯-印度数字"),
])
def test_a_number_of_a_rule_in_other_digits_is_refused_with_the_number_to_write_in_both_languages(
        run, tmp_path, old: str, written: str, column: int, plain: str, zh_kind: str):
    """`５１０ yuan/month`, `age >= １６` were taken silently, where a `process:` value or a household refuses them."""
    from tests.helpers import POST

    text = Path(POST).read_text(encoding="utf-8")
    assert text.count(old) == 1
    new = old.replace(plain, written) if old != "in [1, 4]" else f"in [1, {written}]"
    edited = tmp_path / "post-transition.yaml"
    edited.write_text(text.replace(old, new), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    said = {}
    for lang in ("en", "zh"):
        result = run("check", "--lang", lang, edited)
        assert result.exit_code == 1
        said[lang] = result.stdout.splitlines()
    kind = "full-width" if zh_kind == "全角数字" else "Arabic-Indic"
    assert said["en"][0].endswith(f":{line}:{column}: error[S001]: `{written}` is written in {kind} digits")
    assert said["en"][3] == f"  help: write `{plain}` in ordinary digits (0-9)"
    assert said["zh"][0].endswith(f":{line}:{column}: 错误[S001]: `{written}` 用的是{zh_kind}")
    assert said["zh"][3] == f"  提示：应写作 `{plain}`，用半角数字（0-9）"
