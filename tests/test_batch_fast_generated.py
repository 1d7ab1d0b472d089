"""The fast engine against the exact evaluator on rules no shipped policy has: generated ones.

The differential test of `test_batch_fast` holds the fast engine to the exact evaluator on the shipped policies;
a policy officer may write any rule the language allows. Here each example is a policy whose rules are generated
expressions (`tests.generated_rules`) — on the mini policy: sums and differences that cancel, quotients, products,
`min`/`max` of values and over members, rounding, `if`, ranges, counts and values that may be null; on a wider
one: amounts and durations, a nullable number, a household date, a member definition, measures of two options —
decided for households whose amounts come from a small pool (so that values meet the rules' constants and one
another exactly, and differences cancel, often) and run to tens of billions of yuan. Both engines must write the
same bytes: decisions, and the errors of households the exact evaluator cannot decide (a division by zero); and so
must each columnar input route of `policy batch` (JSON Lines through Arrow, Parquet, CSV tables).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.batch import columnar
from engine.batch.csv_tables import write_households_csv
from tests.generated_rules import (
    DAY,
    boolean,
    households,
    member_boolean,
    policy_of,
    rate,
    wider_households,
    wider_policy,
    wider_policy_text,
    wider_rules,
)
from tests.test_batch_fast import run_chunk


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gen_rate=rate(2, gen=False), test=boolean(2), tier_test=boolean(2), amount=rate(1),
       member_test=member_boolean(1), seed=st.integers(0, 2**32))
# a condition the same in every row chose a branch of a household value later read for each member: the fast engine
# stopped (a null that was one value for all rows, not a column)
@example(gen_rate="round((if 0 yuan/year < 0 yuan/year then counted_income else counted_income), 2)",
         test='housing.safety_grade in {"C", "D"}', tier_test='housing.safety_grade in {"C", "D"}',
         amount="counted_income", member_test="own_counted_income < gen_rate", seed=0)
def test_generated_rules_are_decided_by_the_fast_engine_as_by_the_exact_evaluator(gen_rate, test, tier_test, amount,
                                                                                   member_test, seed):
    policy = policy_of(gen_rate, test, tier_test, amount, member_test)
    columnar.fast_program(policy)  # (compiles: a construct it declined would leave nothing to compare)
    items = households(seed, 40)
    fast, exact = run_chunk(policy, DAY, items, "fast"), run_chunk(policy, DAY, items, "exact")
    assert b'"X001"' not in exact.errors  # (an internal error of the evaluator: the same in both, and a bug)
    assert fast.errors == exact.errors
    assert fast.output == exact.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=wider_rules(), seed=st.integers(0, 2**32))
def test_amounts_durations_dates_member_definitions_and_options_are_decided_alike(rules, seed):
    """Amounts and durations, their products and quotients with rates, a number input that may be null, a household
    date, a member definition, a category matched by `any`, measures of two options (the higher granted): the fast
    engine writes the bytes of the exact evaluator."""
    policy = wider_policy(wider_policy_text(rules))
    columnar.fast_program(policy)
    items = wider_households(seed, 40)
    fast, exact = run_chunk(policy, DAY, items, "fast"), run_chunk(policy, DAY, items, "exact")
    assert b'"X001"' not in exact.errors
    assert fast.errors == exact.errors
    assert fast.output == exact.output


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rules=wider_rules(), seed=st.integers(0, 2**32))
def test_every_input_route_decides_generated_rules_as_the_exact_evaluator(rules, seed, run, tmp_path_factory):
    """The columnar routes of `policy batch` — JSON Lines through Arrow's reader, Parquet, CSV tables — each build
    the columns of a policy's own inputs (a nullable number of up to four decimals, a household date, yes/no and
    integer inputs) their own way: each writes the decisions and bad records of the exact engine for the same
    households."""
    pytest.importorskip("pyarrow")
    from engine.batch.parquet_layout import write_households_parquet

    text = wider_policy_text(rules)  # land in mu a `number`, of up to four decimals (3.3333)
    policy = wider_policy(text)
    items = wider_households(seed, 120)
    tmp = tmp_path_factory.mktemp("routes")
    policy_file = tmp / "wider.yaml"
    policy_file.write_text(text, encoding="utf-8")
    (tmp / "h.jsonl").write_bytes(b"".join(orjson.dumps(h) + b"\n" for h in items))
    write_households_parquet(items, tmp / "h.parquet", policy)  # (it writes fractions as decimals)
    write_households_csv(items, tmp / "tables", policy)

    def decided(source: Path, engine: str) -> tuple[list[Any], list[Any]]:
        out = tmp / f"{source.name}.{engine}.jsonl"
        result = run("batch", source, "-o", out, "--policy", policy_file, "--date", DAY.isoformat(), "-j", "1",
                     "--engine", engine, "--lang", "en")
        assert result.exit_code in (0, 2), result.stderr  # 2: some households are bad records (a null in a sum)
        errors = Path(f"{out}.errors.jsonl")
        bad = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()] if errors.exists() else []
        return ([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()],
                sorted((e["household"], [d["code"] for d in e["diagnostics"]]) for e in bad))

    want = decided(tmp / "h.jsonl", "exact")
    for source in (tmp / "h.jsonl", tmp / "h.parquet", tmp / "tables"):
        assert decided(source, "fast") == want, source.name


HOSTILE = [-1, -0.0, 0.001, 1e20, 12345678901234567890, "12", "", None, True, "2025-13-01", "1e3", 2**63, 3.5, "东村",
           "X", " 1", 0]


def _hostile(h: dict[str, Any], rng: Any) -> dict[str, Any]:
    """Half the households with one value replaced by one that is wrong for most inputs, or right in an odd form."""
    h = json.loads(json.dumps(h))
    spots = [(h[group], key) for group in ("assets", "land", "application", "housing", "drinking_water", "household")
             if isinstance(h.get(group), dict) for key in h[group]]
    spots += [(m, key) for m in h["members"] for key in m if key != "id"]
    spots += [(line, "amount") for line in h["income"] + h["expenses"]]
    if rng.random() < 0.5:
        holder, key = rng.choice(spots)
        holder[key] = rng.choice(HOSTILE)
    return h


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(rules=wider_rules(), seed=st.integers(0, 2**32))
# deposits of `-0.0` written back by `round(assets.deposits, 2)`: the exact engine wrote `-0.00`, the fast one `0.00`
@example(rules={**dict.fromkeys(("gen_flag", "test", "amount_test", "tier_test", "w3"),
                               'housing.safety_grade in {"C", "D"}'),
                **dict.fromkeys(("gen_rate", "benefit"), "counted_income"),
                **dict.fromkeys(("gen_member", "a1", "a2"), "own_counted_income"),
                **dict.fromkeys(("member_test", "w1", "w2"), "student"),
                "gen_amount": "round(assets.deposits, 2)", "a3": "gen_amount", "a4": "assets.deposits"}, seed=4)
def test_odd_and_wrong_values_of_a_policys_own_inputs_are_read_alike_by_both_engines(rules, seed, run,
                                                                                        tmp_path_factory):
    """JSON Lines through Arrow's reader leave to the record route every line Arrow would read otherwise (text in a
    number field, an exponent, a third decimal, a negative zero, a number beyond 64 bits): for a policy's own inputs
    too, the fast engine writes the decisions and bad records of the exact engine."""
    import random

    pytest.importorskip("pyarrow")
    text = wider_policy_text(rules)
    wider_policy(text)
    rng = random.Random(seed)
    items = [_hostile(h, rng) for h in wider_households(seed, 60)]
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "wider.yaml").write_text(text, encoding="utf-8")
    (tmp / "h.jsonl").write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    outputs = []
    for engine in ("exact", "fast"):
        out = tmp / f"{engine}.jsonl"
        result = run("batch", tmp / "h.jsonl", "-o", out, "--policy", tmp / "wider.yaml", "--date", DAY.isoformat(),
                     "-j", "1", "--engine", engine, "--lang", "en")
        assert result.exit_code in (0, 2), result.stderr
        outputs.append((out.read_bytes(), Path(f"{out}.errors.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
