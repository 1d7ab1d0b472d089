"""The fast engine against the exact evaluator on rules no shipped policy has: generated ones.

The differential test of `test_batch_fast` holds the fast engine to the exact evaluator on the shipped policies;
a policy officer may write any rule the language allows. Here each example is a policy whose definition, category
tests and assistance amount are generated expressions — sums and differences that cancel, quotients, products,
`min`/`max` of values and over members, rounding, `if`, ranges, counts and values that may be null — decided for
households whose amounts come from a small pool (so that values meet the rules' constants and one another exactly,
and differences cancel, often) and run to tens of billions of yuan. Both engines must write the same bytes:
decisions, and the errors of households the exact evaluator cannot decide (a division by zero).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.batch import columnar
from tests.helpers import household, member, mini_with
from tests.test_batch_fast import run_chunk

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
    tier, the dibao benefit's amount (which reads `gen_rate`, so that it is read) and tekun's second test."""
    return mini_with({
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
    })


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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gen_rate=rate(2, gen=False), test=boolean(2), tier_test=boolean(2), amount=rate(1),
       member_test=member_boolean(1), seed=st.integers(0, 2**32))
def test_generated_rules_are_decided_by_the_fast_engine_as_by_the_exact_evaluator(gen_rate, test, tier_test, amount,
                                                                                   member_test, seed):
    policy = policy_of(gen_rate, test, tier_test, amount, member_test)
    columnar.fast_program(policy)  # (compiles: a construct it declined would leave nothing to compare)
    items = households(seed, 40)
    fast, exact = run_chunk(policy, DAY, items, "fast"), run_chunk(policy, DAY, items, "exact")
    assert b'"X001"' not in exact.errors  # (an internal error of the evaluator: the same in both, and a bug)
    assert fast.errors == exact.errors
    assert fast.output == exact.output
