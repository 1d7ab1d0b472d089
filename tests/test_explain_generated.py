"""Explanations of rules no shipped policy has: generated ones (`tests.generated_rules`).

Whatever rule a policy officer writes, a household the evaluator decides is explained — in both languages and in
every rendering (text, markdown, summary, brief) — without an error: the explanation says more than the decision
needed (every condition of an `and`, the working of every value a rule reads), so it computes values the evaluator
never did, some of which this household cannot give (a maximum over no member, a division by a member's zero).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.brief import render_brief
from engine.evaluator import EvaluationError, evaluate
from engine.explain import explain
from engine.household import HouseholdError, validate_household
from engine.render import render_markdown, render_summary, render_text
from tests.generated_rules import DAY, wider_households, wider_policy, wider_policy_text, wider_rules

PLAIN = {"gen_rate": "counted_income", "gen_amount": "assets.deposits", "gen_member": "own_counted_income",
         "gen_flag": "drinking_water.safe", "member_test": "student", "test": "drinking_water.safe",
         "amount_test": "drinking_water.safe", "tier_test": "drinking_water.safe", "benefit": "counted_income",
         "w1": "student", "a1": "own_counted_income", "w2": "student", "a2": "own_counted_income",
         "w3": "drinking_water.safe", "a3": "assets.deposits", "a4": "assets.deposits"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=wider_rules(), seed=st.integers(0, 2**32))
# conditions after the one that decided, which these households cannot give: a maximum over no member, a division
# by a member's months worked (0, or none) behind `student and`; and a household's amount summing over members
@example(rules={**PLAIN, "amount_test": "(housing.safety_grade in {\"C\", \"D\"} and household_size < "
                                        "max(members, disability_grade))"}, seed=1)
@example(rules={**PLAIN, "gen_member": "(own_counted_income / work_months)",
                "member_test": "(student and own_counted_income < gen_member)"}, seed=111)
@example(rules={**PLAIN, "benefit": "sum(members, own_counted_income)"}, seed=0)
# a member's measure not given for `student`, whose option reads a division the household cannot give behind it
@example(rules={**PLAIN, "w1": "(student and own_counted_income < (own_counted_income / work_months))"}, seed=35)
@example(rules={**PLAIN, "w1": "(student and own_counted_income < (own_counted_income * work_months))"}, seed=0)
def test_every_decided_household_is_explained_in_every_rendering(rules, seed):
    policy = wider_policy(wider_policy_text(rules))
    for data in wider_households(seed, 8):
        try:
            decision = evaluate(policy, validate_household(data, policy, "generated", today=DAY), DAY)
        except (HouseholdError, EvaluationError):
            continue  # (a household the rules cannot decide is a bad record: nothing to explain)
        for lang in ("zh", "en"):
            tree = explain(decision, lang)
            json.dumps(tree, ensure_ascii=False)
            for text in (render_text(tree), render_markdown(tree), render_summary(tree), render_brief(tree),
                         render_brief(tree, markdown=True)):
                assert f"{decision.household}" in text.splitlines()[0]  # each opens with the household it explains
