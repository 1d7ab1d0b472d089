"""Hostile and corrupted household input: always a located error or a decision, never a crash."""

from __future__ import annotations

import contextlib
import copy
import datetime
import json
import os
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.diagnostics import cjk
from engine.diff.witness import jsonable
from engine.evaluator import EvaluationError, evaluate
from engine.household import HouseholdError, validate_household
from engine.household_input import read_json
from engine.intake import household_from, parse
from engine.loader import load_policy
from engine.sample import household
from tests.helpers import ROOT

POLICY = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
DAY = datetime.date(2026, 3, 1)

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.decimals(allow_nan=False, allow_infinity=False, places=3), st.text(max_size=20),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from(["2024-02-30", "1952-13-01", "", "NaN", "-1", "C", "none", "p1"]),
)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))


def _corrupt(data, path, value, delete):
    target = data
    for part in path[:-1]:
        target = target[part]
    if delete and isinstance(target, dict):
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**9), pick=st.integers(0, 10**6), value=JUNK, delete=st.booleans())
def test_corrupted_households_get_located_errors_never_crashes(seed, pick, value, delete):
    data = household(random.Random(seed), 1, DAY)
    paths = [p for p in _paths(data) if p]
    path = paths[pick % len(paths)]
    corrupted = copy.deepcopy(data)
    _corrupt(corrupted, path, value, delete)
    try:
        validated = validate_household(corrupted, POLICY, "fuzz.json", today=DAY)
    except HouseholdError as error:
        assert error.diagnostics
        assert all(d.path and d.code.startswith("H") for d in error.diagnostics)
        # each is worded for a caseworker in Chinese too, its help line with it
        assert all(d.zh is not None and cjk().search(d.zh[0]) and (d.zh[1] is None) == (d.help is None)
                   for d in error.diagnostics), [d.zh for d in error.diagnostics]
        return
    try:
        evaluate(POLICY, validated, DAY)
    except EvaluationError as error:  # e.g. a corruption that leaves a needed value null
        assert error.diagnostic.span is not None


def _outcome(validate):
    try:
        return validate()
    except HouseholdError as error:
        return [d.to_json() for d in error.diagnostics]


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**9), pick=st.integers(0, 10**6), value=JUNK, delete=st.booleans())
def test_the_hand_check_of_policy_eval_accepts_and_refuses_as_the_validator(seed, pick, value, delete):
    """`policy eval` checks a household by hand and leaves what it cannot vouch for to the JSON Schema
    validator: together they give the validator's household, or its very findings."""
    data = household(random.Random(seed), 1, DAY)
    paths = [p for p in _paths(data) if p]
    corrupted = copy.deepcopy(data)
    _corrupt(corrupted, paths[pick % len(paths)], value, delete)
    checked = _outcome(lambda: household_from(None, copy.deepcopy(corrupted), True, POLICY, "h.json", DAY))
    assert checked == _outcome(lambda: validate_household(corrupted, POLICY, "h.json", today=DAY))


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**9), pick=st.integers(0, 10**6), value=JUNK, delete=st.booleans())
def test_the_quick_route_of_policy_batch_reads_json_text_as_the_validator(seed, pick, value, delete):
    """A JSON Lines record read by orjson and checked by hand: the validator's household, or its findings."""
    data = household(random.Random(seed), 1, DAY)
    paths = [p for p in _paths(data) if p]
    _corrupt(data, paths[pick % len(paths)], value, delete)
    raw = json.dumps(jsonable(data)).encode()  # decimals as a JSON file writes them (orjson reads floats)
    quick = _outcome(lambda: household_from(raw, *parse(raw, "h.json"), POLICY, "h.json", DAY))
    assert quick == _outcome(lambda: validate_household(read_json(raw.decode(), "h.json"), POLICY, "h.json",
                                                        today=DAY))


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_valid_households_always_evaluate(seed):
    data = household(random.Random(seed), 1, DAY)
    decision = evaluate(POLICY, validate_household(data, POLICY, "g", today=DAY), DAY)
    assert decision.household == data["id"]


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_arbitrary_text_is_json_or_a_located_error(text):
    try:
        data = read_json(text, "h.json")
    except HouseholdError as error:
        assert error.diagnostics[0].code == "H001"
        return
    try:
        validate_household(data, POLICY, "h.json", today=DAY)
    except HouseholdError as error:
        assert error.diagnostics


def test_deep_nesting_and_huge_numbers_are_refused():
    deep = '{"id": "x", "members": ' + "[" * 100_000 + "]" * 100_000 + "}"
    try:
        data = read_json(deep, "deep.json")
    except HouseholdError as error:
        assert error.diagnostics[0].code == "H001"
    else:
        with contextlib.suppress(HouseholdError):
            validate_household(data, POLICY, "deep.json")
    huge = json.dumps({"id": "x", "members": [{"id": "p1", "birth_date": "1990-01-01"}]})[:-1] + \
        ', "income": [{"type": "wage", "amount": 1e20}]}'
    found = None
    try:
        validate_household(read_json(huge, "huge.json"), POLICY, "huge.json")
    except HouseholdError as error:
        found = [(d.path, d.message) for d in error.diagnostics]
    assert found == [("income[0].amount", "1E+20 is too large for an amount in yuan")]


def test_output_is_identical_across_hash_seeds(tmp_path):
    example = ROOT / "examples" / "households" / "DS-0005-rigid-expense-cancer.json"
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-m", "cli.main", "eval", str(example), "--explain",
                                 "--format", "json", "--date", "2026-03-01"], cwd=ROOT, env=env,
                                capture_output=True, check=True)
        outputs.add(result.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize("number", ["5e000000003000000", "1e" + "3" * 70])
def test_a_number_with_an_absurd_exponent_is_refused_not_overflowed(number):
    # found by fuzz/fuzz_household.py: these used to raise decimal.Overflow and InvalidOperation
    text = '{"id": "x", "members": [{"id": "p1", "birth_date": "1990-01-01"}],' \
           ' "income": [{"type": "wage", "amount": ' + number + '}]}'
    try:
        read_json(text, "h.json")
    except HouseholdError as error:
        assert error.diagnostics[0].code == "H001"
        assert "out of any sensible range" in error.diagnostics[0].message
    else:
        raise AssertionError("the number was accepted")


def test_the_member_limit_can_be_raised_through_the_environment(tmp_path):
    members = [{"id": f"p{i}", "birth_date": "1990-01-01"} for i in range(150)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"id": "INST-1", "members": members}), encoding="utf-8")
    argv = [sys.executable, "-m", "cli.main", "eval", "--lang", "en", str(path), "--format", "json",
            "--date", "2026-03-01"]
    refused = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode == 2 and "more than 100 entries" in refused.stderr
    allowed = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "POLICY_MAX_MEMBERS": "200"})
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)["values"]["household_size"] == "150"


def test_deeply_nested_policy_yaml_is_refused_without_crashing_the_process(tmp_path):
    # libyaml recurses in C: 100,000 nested brackets must never reach it (it would crash the process)
    deep = tmp_path / "deep.yaml"
    deep.write_bytes(b"policy: " + b"[" * 100_000)
    result = subprocess.run([sys.executable, "-m", "cli.main", "check", "--lang", "en", str(deep)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "error[L007]" in result.stdout


def test_a_huge_string_is_shown_shortened_in_the_message():
    data = {"id": "x", "members": [{"id": "p1", "birth_date": "1990-01-01", "relation": "x" * 1_000_000}]}
    try:
        validate_household(data, POLICY, "h.json")
    except HouseholdError as error:
        message = error.diagnostics[0].message
    assert len(message) < 200 and "(1,000,000 characters)" in message
