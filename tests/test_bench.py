"""The benchmarks still run and still check what they claim, on a few households (no timing is asserted).

Each script in `bench/` compares implementations and stops with an error when two disagree; a
benchmark that no longer runs, or that quietly drops a comparison, would go unnoticed without
these runs.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from tests.helpers import ROOT


def bench(script: str, *args: str) -> str:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_batch_benchmark_runs_every_implementation_and_they_agree() -> None:
    out = bench("batch.py", "--n", "300", "--scale", "2", "--jobs", "2")
    assert "all implementations agree on every household" in out
    for row in ("exact evaluator, decision JSON", "exact evaluator + explanation", "fast engine: categories",
                "hand-written numpy categories", "plain-Python loop, exact decimals",
                "OpenFisca-core fed arrays, calculation alone", "OpenFisca-core fed a JSON situation of 300 households",
                "policy batch, fast, JSON Lines in and out", "policy batch, fast, Parquet in and out",
                "policy batch, fast, CSV tables in", "policy batch, fast, gzip JSON Lines in",
                "policy batch, exact, JSON Lines in and out",
                "I/O alone, no evaluation: Parquet", "policy batch, exact + explanation"):
        assert row in out, row
    assert "policy batch start-up (one household explained" in out


def test_batch_benchmark_stops_when_an_implementation_disagrees(tmp_path) -> None:
    """The check is real: a hand-written version with one threshold moved is named as disagreeing."""
    source = (ROOT / "bench" / "batch.py").read_text(encoding="utf-8")
    assert source.count("(pci < 6120)") == 1  # the numpy version's dibao income line
    broken = tmp_path / "batch.py"
    broken.write_text(source.replace("ROOT = Path(__file__).resolve().parent.parent", f"ROOT = Path({str(ROOT)!r})")
                      .replace("(pci < 6120)", "(pci < 5000)"), encoding="utf-8")
    run = subprocess.run([sys.executable, str(broken), "--n", "300", "--scale", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 1
    assert "hand-written numpy disagrees with the exact evaluator on" in run.stderr


def test_differential_benchmark_finds_no_difference() -> None:
    out = bench("batch_differential.py", "--n", "1000")
    assert out.count(", 0 differences;") == 2, out  # both shipped policies


@pytest.mark.parametrize("script, args, expect", [
    ("eval.py", (), "evaluate (null tracer)"),
    ("load.py", (), "load + check post-transition.yaml"),
    ("startup.py", ("--runs", "1"), "policy eval example --explain"),
    ("monitor.py", ("--ingest", "200", "--snapshots", "2"), "alerts over 200 snapshots"),
    ("batch_memory.py", ("--n", "1000"), "1,000 households; 1,000 decisions written"),
])
def test_benchmark_prints_its_figures(script: str, args: tuple[str, ...], expect: str) -> None:
    assert expect in bench(script, *args)


def test_diff_benchmark_finds_the_exact_and_fast_impacts_the_same() -> None:
    out = bench("diff.py", "--no-command", "200")
    row = next(line for line in out.splitlines() if line.strip().startswith("200 "))
    assert row.split()[-1] == "yes", out


def child(born: str, student: str) -> dict[str, Any]:
    """A child with nobody to support them, beside a working adult: tekun only if unable to work."""
    person = {"disability_grade": None, "disability_type": None, "labor_capacity": "full", "serious_illness": False,
              "supporter": "none"}
    return {"id": f"H-{born}-{student}", "income": [{"type": "wage", "member": "p2", "amount": 40000}],
            "members": [{"id": "p1", "relation": "sibling", "birth_date": born, "student": student, **person},
                        {"id": "p2", "relation": "head", "birth_date": "1990-05-01", "student": "none", **person}],
            "expenses": [], "assets": {"deposits": 0, "vehicles": 0, "extra_houses": 0, "registered_business": False},
            "housing": {"safety_grade": "A"}, "drinking_water": {"safe": True}}


def test_hand_written_versions_count_a_minor_unable_to_work_as_the_policy_does() -> None:
    """Under 16, 16 or 17 and in school, or still at school (compulsory or senior secondary) at any age: a child of 16
    or 17 out of school is not tekun, nor one of 18 at university, in every version."""
    from bench import batch as hand
    from engine.evaluator import evaluate
    from engine.household import validate_household
    from engine.loader import load_policy
    from engine.render import decision_json

    items = [child(born, student) for born in ("2010-03-02", "2010-03-01", "2008-03-02", "2008-03-01")
             for student in ("none", "high_school", "higher")]  # 15, 16, 17 and 18 on hand.DAY
    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    exact = hand.answers_of_decisions([decision_json(evaluate(policy, validate_household(h, policy, "test",
                                                                                         today=hand.DAY), hand.DAY))
                                       for h in items])
    assert [bool(tekun) for _, tekun in exact] == [True, True, True, False, True, True, False, True, True,
                                                   False, True, False]
    assert [hand.python_categories(h) for h in items] == exact
    arrays = hand.flat(items)
    members = arrays["member_hh"].tolist()
    assert hand.answers_of_arrays(items, *hand.numpy_categories(arrays), members) == exact
    system = hand.openfisca_system()
    if system is not None:
        _, _, tier, tekun = hand.openfisca_arrays(system, arrays)
        assert hand.answers_of_arrays(items, np.asarray(tier), np.asarray(tekun), members) == exact
