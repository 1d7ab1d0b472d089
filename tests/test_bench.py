"""The benchmarks still run and still check what they claim, on a few households (no timing is asserted).

Each script in `bench/` compares implementations and stops with an error when two disagree; a
benchmark that no longer runs, or that quietly drops a comparison, would go unnoticed without
these runs.
"""

from __future__ import annotations

import subprocess
import sys

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
    ("monitor.py", ("--ingest", "200", "--snapshots", "2"), "alerts over 200 snapshots"),
    ("batch_memory.py", ("--n", "1000"), "1,000 households; 1,000 decisions written"),
])
def test_benchmark_prints_its_figures(script: str, args: tuple[str, ...], expect: str) -> None:
    assert expect in bench(script, *args)


def test_diff_benchmark_finds_the_exact_and_fast_impacts_the_same() -> None:
    out = bench("diff.py", "--no-command", "200")
    row = next(line for line in out.splitlines() if line.strip().startswith("200 "))
    assert row.split()[-1] == "yes", out
