"""The fast engine against the exact evaluator on many threshold-placed households; prints the figures.

    python bench/batch_differential.py [--n 100000]

For each shipped policy: `--n` households from `engine.batch.edges` (two thirds placed on or one fen
next to a threshold), decided by both engines chunk by chunk; prints how many households, how many
the fast engine handed to the exact evaluator, and how many decisions differ (must be 0: exits 1
otherwise).
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.batch import edges  # noqa: E402
from engine.batch.evaluate import Settings, evaluate_chunk  # noqa: E402
from engine.batch.readers import Record  # noqa: E402
from engine.batch.writers import Columns  # noqa: E402
from engine.loader import load_policy  # noqa: E402

POLICIES = [("post-transition.yaml", datetime.date(2026, 3, 1)), ("2024-transition.yaml", datetime.date(2025, 6, 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=5000)
    options = parser.parse_args()
    failed = False
    for name, day in POLICIES:
        policy = load_policy(ROOT / "policy" / name)[0]
        settings = {engine: Settings((policy,), policy, "policy", day, day, False, "zh", "jsonl", engine,
                                     Columns.of([policy], False)) for engine in ("fast", "exact")}
        items = edges.households(policy, options.n, options.seed, day)
        total = rechecked = differences = 0
        seconds = {"fast": 0.0, "exact": 0.0}
        index = 0
        while True:
            chunk = [Record(total + i + 1, f"edge:{total + i + 1}", raw=orjson.dumps(h))
                     for i, h in zip(range(options.chunk), items, strict=False)]
            if not chunk:
                break
            results = {}
            for engine in ("fast", "exact"):
                start = time.perf_counter()
                results[engine] = evaluate_chunk(index, chunk, settings[engine])
                seconds[engine] += time.perf_counter() - start
            fast, exact = results["fast"], results["exact"]
            differences += sum(a != b for a, b in zip(fast.output.splitlines(), exact.output.splitlines(),
                                                      strict=True))
            differences += fast.errors != exact.errors
            rechecked += fast.rechecked
            total += len(chunk)
            index += 1
        print(f"{name}: {total:,} households, {rechecked:,} handed to the exact evaluator "
              f"({rechecked / total:.2%}), {differences} differences; fast {total / seconds['fast']:,.0f}/s, "
              f"exact {total / seconds['exact']:,.0f}/s (one process)")
        failed = failed or differences > 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
