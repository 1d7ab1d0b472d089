"""The evaluator: exact money arithmetic, periods, rounding, members, categories, 就高不就低."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from engine.diagnostics import PolicyError, render, rule_failure
from engine.evaluator import EvaluationError
from tests.helpers import decide, household, member, mini_with, policy_from_text

MINI = mini_with({})


def test_monthly_standard_converts_to_a_yearly_rate_exactly():
    assert MINI.parameter_values["dibao_standard"] == Decimal(5880)
    assert MINI.parameter_values["employment_cost_rate"] == Decimal("0.2")


@pytest.mark.parametrize(("wage", "expected"), [(9000, "3600"), (14700, "5880"), (14699.99, "5879.996")])
def test_wage_counts_at_eighty_percent_and_per_capita_divides_exactly(wage, expected):
    data = household([member("p1", "1960-01-01"), member("p2", "1990-01-01")],
                     income=[{"type": "wage", "member": "p2", "amount": Decimal(str(wage))}])
    decision = decide(MINI, data)
    assert decision.values["per_capita_income"] == Decimal(expected)


@pytest.mark.parametrize(("share", "counted"), [("1", "107.50"), ("100%", "107.50"), ("1.0", "107.500"),
                                                ("80%", "86.000")])
def test_income_counted_at_a_share_keeps_the_digits_of_its_product(share, counted):
    """Income counted in full is taken as it is, without a product by 1; a share written `1.0` still gives the digits
    its product gives (`100.500`), which the sums show: 100.50 of a member's farming and 7 of the household's."""
    farm = "farm: {counted: true, share: '" + share + "', label: {zh: 农业, en: farm}}"
    policy = mini_with({"basic_pension: {counted: false,": farm + "\n  basic_pension: {counted: false,"})
    lines = [{"type": "farm", "member": "p1", "amount": Decimal("100.50")}, {"type": "farm", "amount": Decimal("7")}]
    values = decide(policy, household([member("p1", "1960-01-01")], income=lines)).values
    assert (str(values["counted_income"]), str(values["per_capita_income"])) == (counted, counted)


def test_exactly_on_the_line_does_not_qualify_for_a_strict_comparison():
    on_line = household([member("p1", "1990-01-01")], income=[{"type": "wage", "member": "p1", "amount": 7350}])
    assert decide(MINI, on_line).values["per_capita_income"] == Decimal(5880)
    assert "dibao" not in decide(MINI, on_line).categories
    below = household([member("p1", "1990-01-01")],
                      income=[{"type": "wage", "member": "p1", "amount": Decimal("7349.99")}])
    assert decide(MINI, below).categories == ("dibao",)


def test_exempt_income_is_never_counted():
    data = household([member("p1", "1950-01-01")], income=[{"type": "basic_pension", "member": "p1", "amount": 99999}])
    decision = decide(MINI, data)
    assert decision.values["counted_income"] == 0
    assert decision.values["exempt_income"] == Decimal(99999)


def test_rate_times_duration_is_an_amount_and_deposits_compare_exactly():
    # 24 months of 490 yuan/month = 11,760 yuan per head
    at_limit = household([member("p1", "1990-01-01")], assets={"deposits": 11760})
    over = household([member("p1", "1990-01-01")], assets={"deposits": Decimal("11760.01")})
    assert decide(MINI, at_limit).categories == ("dibao",)
    assert decide(MINI, over).categories == ("marginal",)


def test_exclusive_group_first_match_wins_and_member_categories_co_occur():
    data = household([member("p1", "1950-01-01"), member("p2", "1990-01-01")])
    decision = decide(MINI, data)
    assert decision.categories == ("dibao",)  # marginal also holds but dibao comes first
    assert decision.members == {"p1": ("tekun",), "p2": ()}
    outcome = decision.evaluation.program.category_outcome(decision.evaluation, "marginal")
    assert outcome.holds and not outcome.assigned and outcome.preempted_by == "dibao"


def test_benefit_rounds_up_only_where_the_policy_says():
    # per capita 5879.99/year → monthly gap (5880 - 5879.99) / 12 = 0.000833… → ceil 1 yuan
    data = household([member("p1", "1990-01-01")],
                     income=[{"type": "wage", "member": "p1", "amount": Decimal("7349.99")}])
    grant = decide(MINI, data).assistance[0]
    assert grant.amount == Decimal(1)
    assert decide(MINI, data).values["per_capita_income"] == Decimal("5879.992")


def test_age_is_full_years_on_the_evaluation_date():
    data = household([member("p1", "1965-01-02")])
    assert decide(MINI, data, "2025-01-01").members["p1"] == ()
    assert decide(MINI, data, "2025-01-02").members["p1"] == ("tekun",)


def test_member_aggregation_with_a_filter():
    policy = mini_with({"household_size: {value: count(members), label: {zh: 人口, en: size}}":
                        "household_size: {value: count(members), label: {zh: 人口, en: size}}\n"
                        "  elderly: {value: count(members where age >= 60), label: {zh: 老人, en: elderly}}\n"
                        "  oldest: {value: 'max(members, age)', label: {zh: 最大, en: oldest}}\n"
                        "  own_total: {value: 'sum(members, own_counted_income)', label: {zh: 合, en: total}}"})
    data = household([member("p1", "1950-06-01"), member("p2", "1940-01-01"), member("p3", "2000-01-01")],
                     income=[{"type": "wage", "member": "p3", "amount": 1000},
                             {"type": "wage", "amount": 500}])
    values = decide(policy, data).values
    assert values["elderly"] == 2
    assert values["oldest"] == 85
    assert values["own_total"] == Decimal(800)  # the household-level line belongs to no member
    assert values["counted_income"] == Decimal(1200)


HIGHER_WINS = """
  - id: medical
    level: member
    department: civil_affairs
    label: {zh: 医疗救助, en: medical}
    options:
      - {id: tekun, when: tekun, amount: 100% * own_expenses.medical}
      - {id: dibao, when: dibao, amount: 70% * own_expenses.medical}
"""


def test_the_higher_option_applies_and_the_others_are_kept_for_the_explanation():
    policy = mini_with({"    amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)\n":
                        "    amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)\n"
                        + HIGHER_WINS})
    data = household([member("p1", "1950-01-01"), member("p2", "1990-01-01")],
                     expenses=[{"type": "medical", "member": "p1", "amount": 1000},
                               {"type": "medical", "member": "p2", "amount": 1000}])
    grants = {(g.measure.id, g.member): g for g in decide(policy, data).assistance}
    p1 = grants[("medical", "p1")]
    assert (p1.option.id, p1.amount) == ("tekun", Decimal(1000))
    assert [(o.option.id, o.amount) for o in p1.others] == [("dibao", Decimal(700))]
    assert grants[("medical", "p2")].option.id == "dibao"


def test_an_entitlement_is_granted_even_when_this_years_amount_is_zero():
    policy = mini_with({"    amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)\n":
                        "    amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)\n"
                        + HIGHER_WINS})
    data = household([member("p1", "1950-01-01")])
    grants = [(g.measure.id, g.member, g.option.id, g.amount) for g in decide(policy, data).assistance]
    assert grants == [("dibao_benefit", None, "dibao_benefit", Decimal(490)),
                      ("medical", "p1", "tekun", Decimal(0))]


def test_division_by_zero_is_a_located_evaluation_error():
    policy = mini_with({"value: counted_income / household_size": "value: counted_income / (household_size - 1)"})
    with pytest.raises(EvaluationError) as caught:
        decide(policy, household([member("p1", "1990-01-01")], [{"type": "wage", "amount": 1500}]))
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "E001"
    assert diagnostic.span is not None and diagnostic.span.line > 0
    assert diagnostic.message == "division by zero (1,200.00 / 0)"  # money as explanations write it, not 1200.0
    assert rule_failure(diagnostic, "zh").startswith("错误[E001]: 除数为零（1,200.00 / 0）（规则位于 ")
    assert diagnostic.help == ("`household_size - 1` is 0 for this household: guard the division with "
                               "`if household_size - 1 > 0 then … else …`")
    assert render(diagnostic, lang="zh").endswith(
        "\n  提示：对这个家庭，`household_size - 1` 为 0：请用 `if household_size - 1 > 0 then … else …` 避开除以零")


def test_division_of_an_amount_by_zero_months_shows_the_amount_as_written():
    policy = mini_with({"test: assets.deposits / household_size <= dibao_standard * 24 months":
                        "test: assets.deposits / ((household_size - 1) * 1 month) <= dibao_standard"})
    with pytest.raises(EvaluationError) as caught:
        decide(policy, household([member("p1", "1990-01-01")], assets={"deposits": 3000.5}))
    assert caught.value.diagnostic.message == "division by zero (3,000.50 / 0)"
    assert caught.value.diagnostic.help is not None
    assert caught.value.diagnostic.help.startswith("`(household_size - 1) * 1 month` is 0 for this household")


def test_null_fields_make_comparisons_false():
    policy = mini_with({"test: age >= 60}": "test: age >= 60 or disability_grade <= 2}"})
    data = household([member("p1", "1990-01-01", disability_grade=None),
                      member("p2", "1990-01-01", disability_grade=1)])
    assert decide(policy, data).members == {"p1": (), "p2": ("tekun",)}


def test_policy_text_is_never_executed(tmp_path):
    marker = tmp_path / "ran"
    text = f"policy: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(PolicyError) as caught:
        policy_from_text(text)
    assert caught.value.diagnostics[0].code == "L002"
    assert not marker.exists()


def test_sum_over_a_missing_member_value_is_a_located_error():
    policy = mini_with({"household_size: {value: count(members), label: {zh: 人口, en: size}}":
                        "household_size: {value: count(members), label: {zh: 人口, en: size}}\n"
                        "  grades: {value: 'sum(members, disability_grade)', label: {zh: 合, en: total}}"})
    with pytest.raises(EvaluationError) as caught:
        decide(policy, household([member("p1", "1990-01-01", disability_grade=None)]))
    assert caught.value.diagnostic.code == "E002"


AMOUNT = "    amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)\n"
MEASURES = """    amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)
  - {id: care, department: civil_affairs, label: {zh: 关爱, en: care}, when: not dibao}
  - id: repair
    department: civil_affairs
    label: {zh: 危房改造, en: repair}
    when: housing_unsafe and (dibao or any(members where tekun))
  - id: checked
    department: civil_affairs
    label: {zh: 核查, en: check}
    when: assets.deposits / (household_size - household_size) > 1 yuan and dibao
"""


def test_a_measure_needing_a_category_is_skipped_only_where_that_changes_nothing():
    """Assistance needing a category nobody holds is not evaluated (most households hold none); the
    analysis must keep every measure that could be granted without one, and every error."""
    from engine.evaluator import program_for
    from engine.rule_needs import needed_categories

    policy = mini_with({AMOUNT: MEASURES})
    needs = dict(zip([m.id for m in policy.assistance], program_for(policy).needs, strict=True))
    assert needs == {"dibao_benefit": {"dibao"}, "care": None, "repair": {"dibao", "tekun"}, "checked": None,
                     "housing_renovation": {"dibao"}}
    repair = next(m for m in policy.assistance if m.id == "repair")
    assert needed_categories(policy, repair.options[0].when.node) == {"dibao", "tekun"}

    without_checked = mini_with({AMOUNT: MEASURES.split("  - id: checked")[0]})
    rich = household([member("p1", "1990-01-01")], income=[{"type": "wage", "amount": 90000}],
                     housing={"safety_grade": "D"})
    decision = decide(without_checked, rich)
    assert (decision.categories, [g.measure.id for g in decision.assistance]) == ((), ["care"])
    poor = household([member("p1", "1990-01-01")], housing={"safety_grade": "D"})
    assert [g.measure.id for g in decide(without_checked, poor).assistance] == ["dibao_benefit", "repair",
                                                                                 "housing_renovation"]
    with pytest.raises(EvaluationError) as caught:  # its left side divides by zero: evaluated for everyone
        decide(policy, rich)
    assert caught.value.diagnostic.code == "E001"


def test_a_negated_constant_is_folded_once_not_down_to_the_recursion_limit(monkeypatch):
    """`-x` of a parameter is folded by negating x: it went back through `compile`, which folds a negation first, a
    thousand frames deep until Python's recursion limit stopped it (and, on a deeper stack, the interpreter)."""
    from engine.evaluator import Program

    depth, deepest, fold = [0], [0], Program._fold

    def counted(self, node, level):
        depth[0] += 1
        deepest[0] = max(deepest[0], depth[0])
        try:
            return fold(self, node, level)
        finally:
            depth[0] -= 1
    monkeypatch.setattr(Program, "_fold", counted)
    policy = mini_with({"test: per_capita_income < dibao_standard\n": "test: per_capita_income < -(-dibao_standard)\n"})
    assert deepest[0] < 10
    poor = household([member("p1", "1970-01-01")], [{"type": "wage", "amount": 5000}])
    assert "dibao" in decide(policy, poor).categories  # 4,000 a year counted, under 490 a month


def test_a_long_sum_of_constants_is_folded_in_time_that_grows_with_its_length(monkeypatch):
    """Folding a sum folded every sum within it anew, and the checker asks again of each: loading a sum of n
    terms checked which names they read about n² times (7,324 times for 49 terms, 1.4 s for 99 parameters)."""
    import engine.evaluator

    calls, reads_only = [0], engine.evaluator.reads_only

    def counted(node, names):
        calls[0] += 1
        return reads_only(node, names)
    monkeypatch.setattr(engine.evaluator, "reads_only", counted)

    def checks_for(terms: int) -> int:
        calls[0] = 0
        sum_ = " + ".join([f"{490 // terms} yuan/month"] * terms)
        policy = mini_with({"value: 490 yuan/month\n": f"value: {sum_}\n"})
        assert policy.parameter_values["dibao_standard"] == 12 * 490  # (a year's amount)
        return calls[0]
    short, long = checks_for(7), checks_for(49)
    assert long < 2 * (49 / 7) * short, (short, long)


def test_a_zero_written_with_a_minus_sign_is_written_back_as_zero():
    """Deposits written `-0.0` are a Decimal negative zero, which `round(assets.deposits, 2)` keeps: the decision
    said `-0.00` (and the fast engine `0.00`). Amounts and numbers are written without the sign of a zero."""
    from engine.render import decision_json

    policy = mini_with({"definitions:\n": "definitions:\n  kept: {value: 'round(assets.deposits, 2)', "
                                          "label: {zh: 存款, en: deposits kept}}\n  ratio: {value: "
                                          "assets.deposits / (1 yuan), label: {zh: 比, en: ratio}}\n"})
    data = household([member("p1", "1970-01-01")], [], assets={"deposits": Decimal("-0.0")})
    values = decision_json(decide(policy, data))["values"]
    assert (values["kept"], values["ratio"]) == ("0.00", "0")


@pytest.mark.parametrize(("deposits", "written"), [("3.00", "3"), ("30", "30"), ("0.0", "0"), ("-0.0", "0"),
                                                   ("99", "99"), ("100", "100"), ("12345", "12345"), ("2.50", "2.5")])
def test_a_whole_number_a_decision_writes_is_written_alike_however_it_was_computed(deposits, written):
    """A decision's small whole numbers (a count of members) are written from a table, the rest as before: `3`, for
    3.00 as for 3."""
    from engine.render import decision_json

    policy = mini_with({"definitions:\n": "definitions:\n  ratio: {value: assets.deposits / (1 yuan), "
                                          "label: {zh: 比, en: ratio}}\n"})
    data = household([member("p1", "1970-01-01")], [], assets={"deposits": Decimal(deposits)})
    values = decision_json(decide(policy, data))["values"]
    assert (values["ratio"], values["household_size"]) == (written, "1")


@pytest.mark.parametrize("is_and", [True, False])
@pytest.mark.parametrize("n", range(1, 10))
def test_an_and_or_an_or_of_any_length_gives_pythons_own_value_and_reads_no_operand_after_the_deciding_one(n, is_and):
    """Chains longer than five are built of shorter ones (the indicator of no capacity to work has eight operands):
    still the first value that decides, else the last, and nothing after it evaluated (`count(…) > 0 and max(…)`)."""
    from engine.evaluator import _short_circuit

    def operand(i: int, decides: int, read: list[int]) -> Any:
        def value(ctx: Any) -> Any:
            read.append(i)
            deciding = i == decides
            return (0 if deciding else i + 1) if is_and else (i + 1 if deciding else "")
        return value

    for decides in range(n + 1):  # the operand that decides, or none (n)
        read: list[int] = []
        got = _short_circuit(tuple(operand(i, decides, read) for i in range(n)), is_and)(None)
        expected = (0 if is_and else decides + 1) if decides < n else (n if is_and else "")
        assert (got, type(got)) == (expected, type(expected))
        assert read == list(range(min(decides + 1, n)))


def test_categories_and_grants_are_those_of_the_decision_as_the_decision_holds_them():
    """What `categories_and_grants` decides of a household's categories, its members' and its grants is the decision's
    own, held alike (a tuple of ids, each member's a tuple): neither is copied into lists on the way."""
    import datetime

    from engine.evaluator import categories_and_grants, evaluate
    from engine.household import validate_household
    from engine.loader import load_policy
    from engine.sample import households
    from tests.helpers import POST

    policy, day = load_policy(POST)[0], datetime.date(2026, 3, 1)
    held = 0
    for data in households(300, 4, day):
        household_ = validate_household(data, policy, "test", today=day)
        decision = evaluate(policy, household_, day)
        assert categories_and_grants(policy, household_, day) == (decision.categories, dict(decision.members),
                                                                  list(decision.assistance))
        held += bool(decision.categories or any(decision.members.values()))
    assert held > 10
