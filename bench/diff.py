"""Impact of the shipped policy change on synthetic households: prints figures, asserts nothing.

    python bench/diff.py              # n = 1,000, 10,000 and 100,000
    python bench/diff.py 2000 20000   # other sizes

For each n it times, in one run, side by side: validating and evaluating every household under
both versions (the floor any impact run pays), and the whole impact with a cause for every
household whose categories change (`policy diff OLD NEW --households FILE` without the output).
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.diff import diff  # noqa: E402
from engine.evaluator import evaluate  # noqa: E402
from engine.household import validate_household  # noqa: E402
from engine.impact import ImpactRun, Record  # noqa: E402
from engine.loader import load_policy  # noqa: E402
from engine.sample import households  # noqa: E402
from engine.yamlsource import load_yaml  # noqa: E402

DAY = datetime.date(2026, 3, 1)
OLD, NEW = ROOT / "policy" / "2024-transition.yaml", ROOT / "policy" / "post-transition.yaml"


def main(sizes: list[int]) -> None:
    raw_old, raw_new = OLD.read_bytes(), NEW.read_bytes()
    old, new = load_policy(OLD, raw=raw_old)[0], load_policy(NEW, raw=raw_new)[0]
    doc_old, doc_new = load_yaml(raw_old, str(OLD)), load_yaml(raw_new, str(NEW))
    start = time.perf_counter()
    policy_diff = diff(old, new, doc_old, doc_new)
    print(f"semantic diff of the shipped policies: {(time.perf_counter() - start) * 1000:.1f} ms, "
          f"{len(policy_diff.items)} changes")
    print(f"{'households':>10} {'evaluate both':>14} {'impact+causes':>14} {'ratio':>6} {'households/s':>13} "
          f"{'changed':>8} {'hybrids':>8}")
    for n in sizes:
        data = list(households(n, 7, DAY))
        start = time.perf_counter()
        for h in data:
            household = validate_household(h, old, "bench", today=DAY)
            evaluate(old, household, DAY)
            evaluate(new, household, DAY)  # same household shape: validated once, as the impact run does
        floor = time.perf_counter() - start
        start = time.perf_counter()
        run = ImpactRun(policy_diff, doc_old, doc_new, DAY)
        for i, h in enumerate(data):
            run.add(Record(f"sample:{i + 1}", h))
        full = time.perf_counter() - start
        print(f"{n:>10,} {floor:>13.1f}s {full:>13.1f}s {full / floor:>6.2f} {n / full:>13,.0f} "
              f"{len(run.impact.changed):>8,} {run.hybrids.built:>8}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
