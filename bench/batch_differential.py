"""The fast engine against the exact evaluator on many threshold-placed households; prints the figures.

    python bench/batch_differential.py [--n 100000]

For each shipped policy: `--n` households from `engine.batch.edges` (two thirds placed on or one fen
next to a threshold), written as JSON Lines and decided chunk by chunk as `policy batch` decides such a file's
chunk (`evaluate_lines`): by the fast engine from Arrow's columns, by the fast engine from the checked records
(the route of the households the columns cannot vouch for, and of CSV tables read row by row) and by the exact
evaluator; prints how many households, how many the fast engine handed to the exact evaluator, how many
decisions of either fast route differ from the exact one's (must be 0: exits 1 otherwise), and each route's rate.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import sys
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.batch import edges  # noqa: E402
from engine.batch.evaluate import ChunkResult, Settings, evaluate_chunk, evaluate_lines  # noqa: E402
from engine.batch.readers import Record  # noqa: E402
from engine.batch.writers import Columns  # noqa: E402
from engine.loader import load_policy  # noqa: E402

POLICIES = [("post-transition.yaml", datetime.date(2026, 3, 1)), ("2024-transition.yaml", datetime.date(2025, 6, 1))]


# each way a chunk is decided, as the benchmark prints it
ROUTES = {"fast": "fast", "records": "fast from records", "exact": "exact"}


def decide(route: str, index: int, numbers: range, lines: list[bytes], settings: dict[str, Settings]) -> ChunkResult:
    """One chunk of JSON lines decided by one route: as `policy batch` decides a JSON Lines file's chunk (the fast
    engine from columns, the exact evaluator from records read as a worker reads them), or (`records`) the fast
    engine from records made and checked one by one."""
    if route == "records":
        return evaluate_chunk(index, [Record.json_line("edge", n, line) for n, line in zip(numbers, lines,
                                                                                           strict=True)],
                              settings["fast"])
    return evaluate_lines(index, "edge", numbers, lines, settings[route])


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
        # each route once beforehand, untimed: the first chunk would otherwise pay for the imports of its route (Arrow's
        # JSON reader) and for reading its dates the first time, which the routes timed after it would not
        warm = [orjson.dumps(h) for h in edges.households(policy, 200, options.seed + 1, day)]
        for route in ROUTES:
            decide(route, 0, range(1, len(warm) + 1), warm, settings)
        items = edges.households(policy, options.n, options.seed, day)
        total = rechecked = differences = 0
        seconds = dict.fromkeys(ROUTES, 0.0)
        index = 0
        while True:
            lines = [orjson.dumps(h) for h in itertools.islice(items, options.chunk)]
            if not lines:
                break
            numbers = range(total + 1, total + len(lines) + 1)
            results = {}
            for route in ROUTES:
                start = time.perf_counter()
                results[route] = decide(route, index, numbers, lines, settings)
                seconds[route] += time.perf_counter() - start
            exact = results["exact"]
            for route in ("fast", "records"):
                ours = results[route]
                differences += sum(a != b for a, b in zip(ours.output.splitlines(), exact.output.splitlines(),
                                                          strict=True))
                differences += ours.errors != exact.errors
                rechecked += ours.rechecked
            total += len(lines)
            index += 1
        rates = ", ".join(f"{ROUTES[route]} {total / seconds[route]:,.0f}/s" for route in ROUTES)
        print(f"{name}: {total:,} households, {rechecked:,} handed to the exact evaluator "
              f"({rechecked / total / 2:.2%} a fast route), {differences} differences; {rates} (one process)")
        failed = failed or differences > 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
