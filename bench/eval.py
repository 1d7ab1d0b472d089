"""One household, in process and end to end: prints figures, asserts nothing.

    python bench/eval.py
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.installed import compile_project  # noqa: E402
from engine.evaluator import evaluate  # noqa: E402
from engine.explain import explain  # noqa: E402
from engine.household import Household, validate_household  # noqa: E402
from engine.intake import household_from  # noqa: E402
from engine.loader import load_policy  # noqa: E402
from engine.render import decision_json  # noqa: E402
from engine.sample import household  # noqa: E402

DAY = datetime.date(2026, 3, 1)


def per_household_ms(fn: Callable[[Any], object], households: list[Any], rounds: int = 3) -> float:
    samples = []
    for _ in range(rounds):
        for h in households:
            start = time.perf_counter()
            fn(h)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    compile_project()
    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    rng = random.Random(11)
    raw = [household(rng, i, DAY) for i in range(300)]
    validated = [validate_household(h, policy, "bench", today=DAY) for h in raw]

    def with_explanation(h: Household) -> dict[str, Any]:
        decision = evaluate(policy, h, DAY)
        return decision_json(decision, explain(decision, "zh"))

    rows = [
        ("evaluate (null tracer)", per_household_ms(lambda h: evaluate(policy, h, DAY), validated)),
        ("evaluate + decision JSON", per_household_ms(lambda h: decision_json(evaluate(policy, h, DAY)), validated)),
        ("evaluate + explain (zh) + JSON", per_household_ms(with_explanation, validated)),
        ("check household input (quick check, as `policy eval` does)",
         per_household_ms(lambda h: household_from(None, h, True, policy, "b", DAY), raw)),
        ("validate household input (JSON Schema)",
         per_household_ms(lambda h: validate_household(h, policy, "b", today=DAY), raw)),
    ]
    example = ROOT / "examples" / "households" / "DS-0001-dibao-widow.json"
    json.loads(example.read_text(encoding="utf-8"))
    command = [sys.executable, "-m", "cli.main", "eval", str(example), "--explain"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # the policies are loaded into the cache
    walls: dict[str, list[float]] = {"1": [], "": []}
    for _ in range(5):  # in turn, so that both see the same moments of the machine
        for off in walls:
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=True,
                           env={**os.environ, "POLICY_NO_CACHE": off})
            walls[off].append(time.perf_counter() - start)
    rows.append(("`policy eval example --explain`, cold, wall clock", statistics.median(walls[""]) * 1000))
    rows.append(("  the same, policies loaded in full (POLICY_NO_CACHE=1)", statistics.median(walls["1"]) * 1000))
    fastest = min(ms for _, ms in rows)
    print(f"{'what (median per household)':<60} {'ms':>9} {'× fastest':>10}")
    for what, ms in rows:
        print(f"{what:<60} {ms:>9.3f} {ms / fastest:>10.1f}")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # --help; no options
    main()
