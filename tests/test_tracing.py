"""Properties of evaluation: tracing never changes a result; output is deterministic."""

from __future__ import annotations

import datetime
import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.evaluator import evaluate
from engine.explain import explain
from engine.household import validate_household
from engine.loader import load_policy
from engine.render import decision_json
from engine.sample import household
from engine.tracing import RecordingTracer
from tests.helpers import ROOT

POLICIES = [load_policy(ROOT / "policy" / name)[0] for name in ("2024-transition.yaml", "post-transition.yaml")]
DAY = datetime.date(2025, 6, 1)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), which=st.sampled_from([0, 1]))
def test_tracing_never_changes_a_result(seed, which):
    policy = POLICIES[which]
    data = household(random.Random(seed), 1, DAY)
    validated = validate_household(data, policy, "generated", today=DAY)
    plain = decision_json(evaluate(policy, validated, DAY))
    tracer = RecordingTracer()
    traced = decision_json(evaluate(policy, validated, DAY, tracer))
    assert plain == traced
    assert tracer.roots, "the recording tracer saw the evaluation"


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_same_household_gives_byte_identical_output(seed):
    policy = POLICIES[1]
    data = household(random.Random(seed), 1, DAY)
    outputs = set()
    for _ in range(2):
        decision = evaluate(policy, validate_household(data, policy, "g", today=DAY), DAY)
        outputs.add(json.dumps(decision_json(decision, explain(decision, "en")), ensure_ascii=False))
    assert len(outputs) == 1


def test_recording_tracer_builds_a_tree_of_definitions_and_categories():
    policy = POLICIES[1]
    data = household(random.Random(3), 1, DAY)
    tracer = RecordingTracer()
    evaluate(policy, validate_household(data, policy, "g", today=DAY), DAY, tracer)
    kinds = {event.kind for event in tracer.roots}
    assert kinds == {"category", "definition"}
    first_category = next(e for e in tracer.roots if e.kind == "category")
    assert first_category.children, "a category records the definitions it needed"
    assert isinstance(first_category.to_json()["value"], bool)
