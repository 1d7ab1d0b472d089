"""Run the table-driven policy cases (tests/cases/*.yaml) under pytest, and their coverage."""

from __future__ import annotations

import pytest

from engine.cases import Coverage, _cases, _Policies, case_files, run_case, run_cases
from tests.helpers import ROOT

CASES = ROOT / "tests" / "cases"
ALL = [(file, line, case) for file in case_files([CASES]) for line, case in _cases(file)]
POLICIES = _Policies()


@pytest.mark.parametrize(("file", "line", "case"), ALL,
                         ids=[f"{f.stem}:{line}" for f, line, _ in ALL])
def test_case(file, line, case):
    result = run_case(file, line, case, POLICIES, Coverage())
    assert result.error is None, result.error
    assert result.passed, "\n".join(result.differences)


def test_there_are_enough_cases_for_both_policies():
    versions = {str(case["policy"]).rsplit("/", 1)[-1] for _, _, case in ALL}
    assert len(ALL) >= 60
    assert versions == {"2024-transition.yaml", "post-transition.yaml"}


def test_cases_cover_every_clause_both_ways_on_both_policies():
    _, coverage = run_cases([CASES])
    missing = [f"{f}: {c}.{k} seen {sorted(s)}" for f, c, k, s in coverage.report() if len(s) < 2]
    assert not missing, "\n".join(missing)
    assert len(coverage.policies) == 2


def test_a_wrong_expectation_fails_with_a_readable_difference(tmp_path):
    bad = tmp_path / "bad.yaml"
    example = ROOT / "examples" / "households" / "DS-0001-dibao-widow.json"
    bad.write_text(f"""cases:
  - name: wrong on purpose
    policy: {ROOT / 'policy' / 'post-transition.yaml'}
    date: 2026-03-01
    household: {example}
    expect:
      categories: [tekun_typo]
      values: {{per_capita_income: "1.00"}}
""", encoding="utf-8")
    results, _ = run_cases([bad])
    assert not results[0].passed
    assert results[0].differences[0].startswith("categories: expected ['tekun_typo'], got")
    assert results[0].differences[1].startswith("values.per_capita_income: expected 1.00, got")
