"""Rules and households generated for the differential tests of the fast engine (`test_batch_fast_generated`).

Two kinds of policy. `policy_of` is the mini policy with a generated definition, category tests, a member test
and an assistance amount: rates and numbers — sums and differences that cancel, quotients, products, `min`/`max`
of values and over members, rounding, `if`, ranges, counts and values that may be null. `WIDER` adds what the
mini policy lacks: amounts (yuan) and durations and the products and quotients between them and rates, a number
input that may be null, a household date and `today`, integer, yes/no and text inputs, a member definition, an
indicator, a category matched by `any`, and measures of a member and of the household with two options each (the
higher amount granted, a rate paid per month). Households draw their amounts from a small pool, so that values
meet the rules' constants and one another exactly, and differences cancel, often, up to tens of billions of yuan.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

from engine.diagnostics import PolicyError
from tests.helpers import household, member, mini_with, policy_from_text

DAY = datetime.date(2025, 6, 1)
AMOUNTS = [0, 0.01, 0.03, 0.05, 1, 2.5, 3, 100, 612, 1530, 5880, 6120, 8820, 1e6, 9e10, 3e13]
NUMBERS = ["0", "1", "2", "3", "0.5", "1.25", "12", "60", "100"]
RATES = [f"{n} yuan/year" for n in ("0", "0.01", "0.03", "1", "3", "612", "5880", "8820", "1000000")]
BIRTHS = ["1965-06-01", "1965-06-02", "1950-01-01", "2007-06-01", "2007-06-02", "1990-03-04", "2020-01-01"]

# member-level tests, for `count(members where …)` and `any(members where …)`
MEMBER_TESTS = ["age >= 60", "age < 18", "disability_grade <= 2", 'supporter == "able"',
                "own_counted_income < dibao_standard", "own_counted_income == 0", "age * 100 >= 6000"]
RATE_ATOMS = ["counted_income", "exempt_income", "rigid_expenses", "income.wage", "per_capita_income",
              "dibao_standard", "sum(members, own_counted_income)",
              "(counted_income - sum(members, own_counted_income))",  # (what no member is named for: it cancels)
              "sum(members where age >= 60, own_counted_income)",
              "sum(members where disability_grade <= 2, own_counted_income)",  # (a null grade: not chosen)
              "min(members, own_counted_income)", "max(members, own_counted_income)"]  # (no exact lane: floats)
NUMBER_ATOMS = ["household_size", "min(members, age)", "max(members, age)", "max(members, disability_grade)",
                "count(members where disability_grade >= 3)", "(assets.deposits / (1 yuan))",
                "((counted_income - sum(members, own_counted_income)) / (1 yuan/year))"]


def rate(depth: int, gen: bool = True) -> st.SearchStrategy[str]:
    """A rate (yuan a year); `gen`: it may read `gen_rate` (not in the definition of `gen_rate` itself)."""
    leaf = st.sampled_from(RATE_ATOMS + RATES + (["gen_rate"] if gen else []))
    if depth == 0:
        return leaf
    a, n, b = rate(depth - 1, gen), number(depth - 1, gen), boolean(depth - 1, gen)
    return st.one_of(
        leaf,
        st.tuples(a, st.sampled_from(["+", "-"]), a).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(a, n).map(lambda t: f"({t[0]} * {t[1]})"),
        st.tuples(a, divisor(n)).map(lambda t: f"({t[0]} / {t[1]})"),
        st.tuples(n, a).map(lambda t: f"({t[0]} * {t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), a, a).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        a.map(lambda x: f"abs({x})"),
        a.map(lambda x: f"(-{x})"),
        a.map(lambda x: f"round({x}, 2)"),
        st.tuples(b, a, a).map(lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"),
    )


def number(depth: int, gen: bool = True) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(NUMBER_ATOMS + NUMBERS + [f"count(members where {t})" for t in MEMBER_TESTS])
    if depth == 0:
        return leaf
    n, a = number(depth - 1, gen), rate(depth - 1, gen)
    return st.one_of(
        leaf,
        st.tuples(n, st.sampled_from(["+", "-", "*"]), n).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(n, divisor(n)).map(lambda t: f"({t[0]} / {t[1]})"),
        st.tuples(a, divisor(a)).map(lambda t: f"({t[0]} / {t[1]})"),
        st.tuples(st.sampled_from(["round", "ceil", "floor"]), n).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), n, n).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        n.map(lambda x: f"(-{x})"),
        st.tuples(boolean(depth - 1, gen), n, n).map(lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"),
    )


def boolean(depth: int, gen: bool = True) -> st.SearchStrategy[str]:
    compare = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
    leaf = st.one_of(
        st.sampled_from(['housing.safety_grade in {"C", "D"}', "housing_unsafe", "all(members, age >= 18)",
                         "any(members where birth_date < 1960-01-01)", "all(members, birth_date >= 2007-06-02)"]
                        + [f"any(members where {t})" for t in MEMBER_TESTS]),
        st.tuples(rate(0, gen), compare, rate(0, gen)).map(" ".join),
        st.tuples(number(0, gen), compare, number(0, gen)).map(" ".join))
    if depth == 0:
        return leaf
    a, n, b = rate(depth - 1, gen), number(depth - 1, gen), boolean(depth - 1, gen)
    return st.one_of(
        leaf,
        st.tuples(a, compare, a).map(" ".join),
        st.tuples(n, compare, n).map(" ".join),
        # against a value of no exact lane, a comparison is decided by the float lanes
        st.tuples(n, compare, st.sampled_from(["min(members, age)", "max(members, age)"])).map(" ".join),
        st.tuples(a, compare, st.sampled_from(RATE_ATOMS[-2:])).map(" ".join),
        st.tuples(n, st.sampled_from(["[", "("]), n, n, st.sampled_from(["]", ")"])).map(
            lambda t: f"{t[0]} in {t[1]}{t[2]}, {t[3]}{t[4]}"),
        st.tuples(n, st.sampled_from(["in", "not in"]), st.lists(n, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]} {t[1]} {{{', '.join(t[2])}}}"),
        st.tuples(b, st.sampled_from(["and", "or"]), b).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        b.map(lambda x: f"not ({x})"),
    )


def member_rate(depth: int) -> st.SearchStrategy[str]:
    """A rate of each member: their own income, with the household's values (each member gets their household's)."""
    leaf = st.sampled_from(["own_counted_income", "own_counted_income", "counted_income", "gen_rate",
                            "per_capita_income", *RATES])
    if depth == 0:
        return leaf
    a, n = member_rate(depth - 1), member_number(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(a, st.sampled_from(["+", "-"]), a).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(a, n).map(lambda t: f"({t[0]} * {t[1]})"),
        st.tuples(a, divisor(n)).map(lambda t: f"({t[0]} / {t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), a, a).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
    )


def member_number(depth: int) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(["age", "disability_grade", "household_size", *NUMBERS])
    if depth == 0:
        return leaf
    n = member_number(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(n, st.sampled_from(["+", "-", "*"]), n).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(n, divisor(n)).map(lambda t: f"({t[0]} / {t[1]})"),
        st.tuples(st.sampled_from(["round", "ceil", "floor"]), n).map(lambda t: f"{t[0]}({t[1]})"),
    )


def member_boolean(depth: int) -> st.SearchStrategy[str]:
    compare = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
    leaf = st.one_of(st.sampled_from(MEMBER_TESTS), st.tuples(member_rate(1), compare, member_rate(1)).map(" ".join),
                     st.tuples(member_number(1), compare, member_number(1)).map(" ".join))
    if depth == 0:
        return leaf
    b = member_boolean(depth - 1)
    return st.one_of(leaf, st.tuples(b, st.sampled_from(["and", "or"]), b).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
                     b.map(lambda x: f"not ({x})"))


def divisor(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A divisor that is not the literal 0, which the policy check refuses (a value that is zero for some
    household is the exact evaluator's error to report, and the fast engine's to hand over)."""
    return values.filter(lambda x: x not in ("0", "0 yuan/year"))


def quoted(rule: str) -> str:
    return "'" + rule + "'"


def policy_of(gen_rate: str, test: str, tier_test: str, amount: str, member_test: str) -> Any:
    """The mini policy with a generated definition `gen_rate`, dibao's income test, a second test for the marginal
    tier, the dibao benefit's amount (which reads `gen_rate`, so that it is read) and tekun's second test; a draw
    refused for its constants alone is left out (`unless_refused_for_constants`)."""
    return unless_refused_for_constants(lambda: mini_with({
        "test: own_counted_income < dibao_standard}": f"test: {quoted(member_test)}}}",
        "  age: {level: member": "  gen_rate:\n"
                                 f"    value: {quoted(gen_rate)}\n"
                                 "    label: {zh: 生成的金额, en: generated rate}\n"
                                 "  age: {level: member",
        "test: per_capita_income < dibao_standard\n": f"test: {quoted(test)}\n",
        "test: per_capita_income < 1.5 * dibao_standard}": "test: per_capita_income < 1.5 * dibao_standard}\n"
                                                           "      - {id: generated, label: {zh: 生成, en: generated}, "
                                                           f"test: {quoted(tier_test)}}}",
        "amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)":
            f"amount: {quoted(f'ceil(max(gen_rate, {amount}) * 1 month)')}",
    }))


def households(seed: int, n: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        people = [member(f"p{k}", rng.choice(BIRTHS), disability_grade=rng.choice([None, None, 1, 2, 3, 4]),
                         supporter=rng.choice(["able", "unable", "none"])) for k in range(1, rng.randint(1, 4) + 1)]
        lines = [{"type": rng.choice(["wage", "wage", "basic_pension"]), "amount": rng.choice(AMOUNTS),
                  **({"member": rng.choice(people)["id"]} if rng.random() < 0.7 else {})}
                 for _ in range(rng.randint(0, 4))]
        expenses = [{"type": "medical", "amount": rng.choice(AMOUNTS)} for _ in range(rng.randint(0, 2))]
        out.append({**household(people, lines, expenses, assets={"deposits": rng.choice(AMOUNTS)},
                                housing={"safety_grade": rng.choice("ABCD")}), "id": f"G-{i}"})
    return out


# -- the wider policy ----------------------------------------------------------------------------------------------

COMPARE = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
AMOUNT_ATOMS = ["assets.deposits", "gen_amount", "3000 yuan", "0.01 yuan", "0 yuan", "11760 yuan", "1000000 yuan",
                "(dibao_standard * 24 months)", "(per_capita_income * 1 month)", "(counted_income * 1 year)"]
DURATION_ATOMS = ["12 months", "1 month", "2 years", "deposit_months", "(household_size * 1 month)",
                  "(3 * 1 month)", "(max(members, age) * 1 month)"]
WIDER_NUMBERS = ["household_size", "assets.vehicles", "land.mu", "35%", "1.5", "3", "(assets.deposits / (1 yuan))",
                 "count(members where student)", "age(application.date)"]
MEMBER_RATES = ["own_counted_income", "own_income.wage", "own_income.basic_pension", "own_expenses.medical",
                "gen_member", "per_capita_income", "dibao_standard", "income.wage", "expenses.medical",
                "(counted_income / household_size)", "(work_months * 100 yuan/month)", "(age * 10 yuan/year)"]


def amount(depth: int, gen: bool = True) -> st.SearchStrategy[str]:
    """An amount (yuan); `gen`: it may read `gen_amount` (not in the definition of `gen_amount` itself)."""
    leaf = st.sampled_from([a for a in AMOUNT_ATOMS if gen or a != "gen_amount"])
    if depth == 0:
        return leaf
    a, n, r, d = amount(depth - 1, gen), wider_number(depth - 1, gen), rate(depth - 1), duration(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(a, st.sampled_from(["+", "-"]), a).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(a, n).map(lambda t: f"({t[0]} * {t[1]})"),
        st.tuples(n, a).map(lambda t: f"({t[0]} * {t[1]})"),
        st.tuples(a, divisor(n)).map(lambda t: f"({t[0]} / {t[1]})"),
        st.tuples(r, d).map(lambda t: f"({t[0]} * {t[1]})"),  # yuan a year × months
        st.tuples(st.sampled_from(["min", "max"]), a, a).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(st.sampled_from(["round", "ceil", "floor"]), a).map(lambda t: f"{t[0]}({t[1]})"),
        a.map(lambda x: f"round({x}, 2)"),
        st.tuples(boolean(0), a, a).map(lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"))


def wider_number(depth: int, gen: bool = True) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(WIDER_NUMBERS + NUMBER_ATOMS)
    if depth == 0:
        return leaf
    n, a, d = wider_number(depth - 1, gen), amount(depth - 1, gen), duration(depth - 1)
    return st.one_of(leaf, st.tuples(n, st.sampled_from(["+", "-", "*"]), n).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
                     st.tuples(a, divisor(a)).map(lambda t: f"({t[0]} / {t[1]})"),
                     st.tuples(d, divisor(d)).map(lambda t: f"({t[0]} / {t[1]})"))


def duration(depth: int) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(DURATION_ATOMS)
    if depth == 0:
        return leaf
    d = duration(depth - 1)
    return st.one_of(leaf, st.tuples(d, st.sampled_from(["+", "-"]), d).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
                     st.tuples(d, st.sampled_from(WIDER_NUMBERS[:5])).map(lambda t: f"({t[0]} * {t[1]})"))


def wider_boolean(depth: int, flag: bool = True, dibao: bool = True) -> st.SearchStrategy[str]:
    """A yes/no of the household; `flag`: it may read the indicator `gen_flag`, `dibao`: the category `dibao` (not in
    their own rules, nor in what those read)."""
    return st.one_of(
        boolean(depth),
        st.tuples(amount(depth), COMPARE, amount(depth)).map(" ".join),
        st.tuples(duration(1), COMPARE, duration(1)).map(" ".join),
        st.tuples(amount(1), divisor(duration(0)), COMPARE, rate(1)).map(  # yuan / months: a rate
            lambda t: f"({t[0]} / {t[1]}) {t[2]} {t[3]}"),
        st.tuples(amount(1), st.sampled_from(["[", "("]), amount(0), amount(0), st.sampled_from(["]", ")"])).map(
            lambda t: f"{t[0]} in {t[1]}{t[2]}, {t[3]}{t[4]}"),
        st.sampled_from(["application.date < 2025-01-01", "application.date >= 2025-06-01", "drinking_water.safe",
                         "assets.vehicles > 0", "land.mu > 1.5", "land.mu == 2", "not tekun_any",
                         "any(members where birth_date < application.date)", *(["gen_flag"] if flag else []),
                         "application.date < today", "today >= 2025-06-01", "age(application.date) >= 1",
                         'household.village == "东村"', 'household.village in {"东村", "南村"}',
                         *(["dibao"] if dibao else [])]))


def member_rate_wider(depth: int, gen: bool = True) -> st.SearchStrategy[str]:
    """A rate of each member, reading the member definition `gen_member` where `gen`."""
    leaf = st.sampled_from([r for r in MEMBER_RATES if gen or r != "gen_member"])
    if depth == 0:
        return leaf
    a = member_rate_wider(depth - 1, gen)
    n = st.sampled_from(["age", "work_months", "disability_grade", "2", "0.5", "35%", "household_size"])
    return st.one_of(
        leaf,
        st.tuples(a, st.sampled_from(["+", "-"]), a).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(a, n).map(lambda t: f"({t[0]} * {t[1]})"),
        st.tuples(a, n).map(lambda t: f"({t[0]} / {t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), a, a).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        a.map(lambda x: f"round({x}, 2)"),
        st.tuples(st.sampled_from(["student", "age >= 60", "housing_unsafe", "work_months > 6"]), a, a).map(
            lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"))


def member_boolean_wider(depth: int, dibao: bool = True) -> st.SearchStrategy[str]:
    """A yes/no of each member; `dibao`: it may read the household's category `dibao` (not in tekun's test, which
    dibao's tests read through `tekun_any`)."""
    leaf = st.one_of(st.sampled_from(["student", "age >= 60", "work_months >= 6", "work_months == 0",
                                      "housing_unsafe", "birth_date < application.date",
                                      "own_expenses.medical > 0 yuan/year", 'supporter in {"none", "unable"}',
                                      *(["dibao"] if dibao else [])]),
                     st.tuples(member_rate_wider(1), COMPARE, member_rate_wider(1)).map(" ".join))
    if depth == 0:
        return leaf
    b = member_boolean_wider(depth - 1, dibao)
    return st.one_of(leaf, st.tuples(b, st.sampled_from(["and", "or"]), b).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
                     b.map(lambda x: f"not ({x})"))


def wider_rules() -> st.SearchStrategy[dict[str, str]]:
    """The generated parts of `WIDER`, by the names of its blanks."""
    return st.fixed_dictionaries({
        "gen_rate": rate(2, gen=False), "gen_amount": amount(2, gen=False), "gen_member": member_rate_wider(2, False),
        "gen_flag": wider_boolean(1, flag=False, dibao=False), "member_test": member_boolean_wider(1, dibao=False),
        "test": wider_boolean(2, dibao=False), "amount_test": wider_boolean(1, dibao=False),
        "tier_test": wider_boolean(1),
        "benefit": st.one_of(rate(1), amount(1).map(lambda a: f"ceil({a} / 1 month * 1 month)")),
        "w1": member_boolean_wider(1), "a1": member_rate_wider(1), "w2": member_boolean_wider(0),
        "a2": member_rate_wider(1), "w3": wider_boolean(1), "a3": amount(1), "a4": amount(1)})


WIDER = """policy:
  id: test.wider
  version: v1
  title: {{zh: 测试, en: test}}
  effective: {{from: 2024-01-01, to: 2025-12-31}}
  sources:
    - {{id: doc, title: 测试文件}}
parameters:
  dibao_standard: {{value: 490 yuan/month, label: {{zh: 低保标准, en: dibao standard}}, source: doc 附件1}}
  employment_cost_rate: {{value: 20%, label: {{zh: 就业成本, en: employment cost}}}}
  deposit_months: {{value: 24 months, label: {{zh: 月数, en: months}}}}
inputs:
  household:
    assets.deposits: {{type: money, default: 0, minimum: 0, label: {{zh: 存款, en: deposits}}}}
    assets.vehicles: {{type: integer, default: 0, minimum: 0, label: {{zh: 车, en: vehicles}}}}
    land.mu: {{type: number, nullable: true, default: null, minimum: 0, label: {{zh: 亩, en: land}}}}
    application.date: {{type: date, nullable: true, default: null, label: {{zh: 申请日, en: applied}}}}
    housing.safety_grade: {{type: enum, values: [A, B, C, D], default: A, label: {{zh: 住房等级, en: housing grade}}}}
    drinking_water.safe: {{type: boolean, default: true, label: {{zh: 饮水, en: water}}}}
    household.village: {{type: text, default: "", label: {{zh: 村, en: village}}}}
  member:
    birth_date: {{type: date, label: {{zh: 出生日期, en: birth date}}}}
    disability_grade:
      {{type: integer, minimum: 1, maximum: 4, nullable: true, default: null, label: {{zh: 残疾等级, en: grade}}}}
    supporter: {{type: enum, values: [able, unable, none], default: none, label: {{zh: 赡养人, en: supporter}}}}
    work_months:
      {{type: integer, minimum: 0, maximum: 12, nullable: true, default: null, label: {{zh: 务工月数, en: months}}}}
    student: {{type: boolean, default: false, label: {{zh: 学生, en: student}}}}
income:
  wage: {{counted: true, share: 1 - employment_cost_rate, label: {{zh: 工资, en: wage}}}}
  farming: {{counted: true, share: 35%, label: {{zh: 农业, en: farming}}}}
  basic_pension: {{counted: false, label: {{zh: 基础养老金, en: basic pension}}}}
expenses:
  medical: {{rigid: true, label: {{zh: 医疗, en: medical}}}}
  schooling: {{rigid: false, label: {{zh: 教育, en: schooling}}}}
definitions:
  household_size: {{value: count(members), label: {{zh: 人口, en: size}}}}
  per_capita_income: {{value: counted_income / household_size, label: {{zh: 人均收入, en: per-capita income}}}}
  age: {{level: member, value: age(birth_date), label: {{zh: 年龄, en: age}}}}
  gen_rate: {{value: {gen_rate}, label: {{zh: 生成, en: generated rate}}}}
  gen_amount: {{value: {gen_amount}, label: {{zh: 生成额, en: generated amount}}}}
  gen_member: {{level: member, value: {gen_member}, label: {{zh: 成员生成, en: generated member rate}}}}
  tekun_any: {{value: any(members where tekun), label: {{zh: 有特困, en: any tekun}}}}
indicators:
  housing_unsafe: {{test: 'housing.safety_grade in {{"C", "D"}}', label: {{zh: 住房不安全, en: housing unsafe}}}}
  gen_flag: {{test: {gen_flag}, label: {{zh: 生成标志, en: generated flag}}}}
categories:
  - id: tekun
    level: member
    label: {{zh: 特困, en: tekun}}
    when:
      - {{id: old, label: {{zh: 老, en: old}}, test: age >= 60}}
      - {{id: gen, label: {{zh: 生成, en: generated}}, test: {member_test}}}
  - id: dibao
    group: tier
    label: {{zh: 低保, en: dibao}}
    when:
      - {{id: income, label: {{zh: 收入, en: income}}, test: {test}}}
      - {{id: deposits, label: {{zh: 存款, en: deposits}}, test: {amount_test}}}
  - id: marginal
    group: tier
    match: any
    label: {{zh: 边缘, en: marginal}}
    when:
      - {{id: income, label: {{zh: 收入, en: income}}, test: per_capita_income < 1.5 * dibao_standard}}
      - {{id: generated, label: {{zh: 生成, en: generated}}, test: {tier_test}}}
departments:
  civil_affairs: {{zh: 民政, en: civil affairs}}
assistance:
  - id: dibao_benefit
    department: civil_affairs
    per: month
    label: {{zh: 低保金, en: dibao benefit}}
    when: dibao
    amount: {benefit}
  - id: member_aid
    level: member
    department: civil_affairs
    per: month
    label: {{zh: 成员救助, en: member aid}}
    options:
      - {{id: a, label: {{zh: 甲, en: a}}, when: {w1}, amount: {a1}}}
      - {{id: b, label: {{zh: 乙, en: b}}, when: {w2}, amount: {a2}}}
  - id: lump
    department: civil_affairs
    label: {{zh: 一次性, en: lump sum}}
    options:
      - {{id: a, label: {{zh: 甲, en: a}}, when: {w3}, amount: {a3}}}
      - {{id: b, label: {{zh: 乙, en: b}}, when: marginal, amount: {a4}}}
"""


def wider_policy_text(rules: dict[str, str]) -> str:
    return WIDER.format(**{k: quoted(v) for k, v in rules.items()})


def wider_households(seed: int, n: int) -> list[dict[str, Any]]:
    """Households for `WIDER`: each input drawn from a few values that meet the rules' constants, or left out."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        people = [member(f"p{k}", rng.choice(BIRTHS), disability_grade=rng.choice([None, None, 1, 2, 3, 4]),
                         supporter=rng.choice(["able", "unable", "none"]), work_months=rng.choice([None, 0, 3, 6, 12]),
                         student=rng.random() < 0.3) for k in range(1, rng.randint(1, 4) + 1)]
        lines = [{"type": rng.choice(["wage", "wage", "farming", "basic_pension"]), "amount": rng.choice(AMOUNTS),
                  **({"member": rng.choice(people)["id"]} if rng.random() < 0.7 else {})}
                 for _ in range(rng.randint(0, 4))]
        expenses = [{"type": rng.choice(["medical", "schooling"]), "amount": rng.choice(AMOUNTS),
                     **({"member": rng.choice(people)["id"]} if rng.random() < 0.5 else {})}
                    for _ in range(rng.randint(0, 2))]
        h = {**household(people, lines, expenses, assets={"deposits": rng.choice(AMOUNTS),
                                                          "vehicles": rng.choice([0, 0, 1, 2])},
                         housing={"safety_grade": rng.choice("ABCD")}, drinking_water={"safe": rng.random() < 0.8},
                         household={"village": rng.choice(["东村", "西村", "南村", "", "东村 "])}),
             "id": f"G-{i}"}
        if rng.random() < 0.7:
            h["land"] = {"mu": rng.choice([0, 0.5, 1.25, 1.5, 2, 3.3333, 10])}
        if rng.random() < 0.7:
            h["application"] = {"date": rng.choice(["2024-06-01", "2025-01-01", "2025-06-01", "1965-06-01",
                                                    "2007-06-02"])}
        out.append(h)
    return out


def wider_policy(text: str) -> Any:
    """The wider policy of this text (`wider_rules` reads no value in its own rule, nor through another)."""
    return unless_refused_for_constants(lambda: policy_from_text(text))


def unless_refused_for_constants(make: Callable[[], Any]) -> Any:
    """The policy `make` builds; the rare draw the check refuses for its constants alone is left out of the
    examples: a division by zero in every household (`x / round(0)`, C021), a range whose bounds cross or meet
    leaving their value out (`assets.deposits in [11760 yuan, gen_amount]` with `gen_amount` 3,000 yuan,
    `household_size in [0, 0)`, C014)."""
    try:
        return make()
    except PolicyError as error:
        if all(d.code in ("C021", "C014") for d in error.diagnostics if d.severity == "error"):
            reject()
        raise
