"""Loading and checking policies, and command start-up: prints figures, asserts nothing.

    python bench/load.py
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.installed import compile_project  # noqa: E402
from engine.loader import load_policy  # noqa: E402
from engine.policy_cache import load_policy_file  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int = 30) -> float:
    fn()  # warm-up: the grammar and schema are built once per process
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def wall_ms(argv: list[str], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    compile_project()
    rows = []
    for name in ("2024-transition.yaml", "post-transition.yaml"):
        path = ROOT / "policy" / name
        lines = len(path.read_text(encoding="utf-8").splitlines())
        rows.append((f"load + check {name} ({lines} lines)", median_ms(partial(load_policy, path))))
        rows.append(("  the same, read back from the cache (loaded before)",
                     median_ms(partial(load_policy_file, path))))
    rows.append(("`policy --help`, wall clock", wall_ms([sys.executable, "-m", "cli.main", "--help"])))
    fastest = min(ms for _, ms in rows)
    print(f"{'what':<58} {'median ms':>10} {'× fastest':>10}")
    for what, ms in rows:
        print(f"{what:<58} {ms:>10.1f} {ms / fastest:>10.1f}")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # --help; no options
    main()
