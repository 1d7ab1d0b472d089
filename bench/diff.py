"""Impact of the shipped policy change on synthetic households: prints figures, asserts nothing.

    python bench/diff.py              # n = 1,000, 10,000 and 100,000
    python bench/diff.py 2000 20000   # other sizes
    python bench/diff.py --no-command 100000

For each n it times, in one run, side by side and best of 3: the exact impact (`ImpactRun`,
one household at a time — on the first 10,000 households when n is larger, and the table
says so) and the fast impact (`engine.diff.impact_fast`, chunks on every core), both with a cause
for every household whose categories change; then their households per second, the ratio,
and whether the two impacts are the same (compared where both ran on the same households).
For the largest n it also times the whole command, `policy diff OLD NEW --households FILE`,
from a JSON Lines file to the text report, wall clock.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.installed import compile_project  # noqa: E402
from engine.diff.changes import diff  # noqa: E402
from engine.diff.impact import Impact, ImpactRun, Record  # noqa: E402
from engine.diff.impact_fast import available_cores, fast_impact  # noqa: E402
from engine.loader import load_policy  # noqa: E402
from engine.model import Policy  # noqa: E402
from engine.sample import households  # noqa: E402
from engine.yamlsource import YamlDocument, load_yaml  # noqa: E402

DAY = datetime.date(2026, 3, 1)
SEED = 7  # of the households timed (docs/diff.md's counts of moved households are of this sample)
OLD, NEW = ROOT / "policy" / "2024-transition.yaml", ROOT / "policy" / "post-transition.yaml"
EXACT_LIMIT = 10_000  # the exact run takes about 1.5 ms a household: larger n are timed on a prefix
REPEATS = 3


def best(run: Any, repeats: int = REPEATS) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def shipped_policies() -> tuple[Policy, Policy, YamlDocument, YamlDocument]:
    """The shipped policies, old and new, and their files' YAML documents, which the diff and the impact read."""
    raw_old, raw_new = OLD.read_bytes(), NEW.read_bytes()
    old, new = load_policy(OLD, raw=raw_old)[0], load_policy(NEW, raw=raw_new)[0]
    return old, new, load_yaml(raw_old, str(OLD)), load_yaml(raw_new, str(NEW))


def sample_records(n: int) -> list[Record]:
    """The n households timed, as records."""
    return [Record(f"sample:{i + 1}", h) for i, h in enumerate(households(n, SEED, DAY))]


def exact_impact(policy_diff: Any, doc_old: Any, doc_new: Any, records: list[Record]) -> Impact:
    run = ImpactRun(policy_diff, doc_old, doc_new, DAY)
    for record in records:
        run.add(record)
    return run.impact


def command(n: int) -> float:
    """Wall clock of `policy diff OLD NEW --households FILE` on n generated households (text report)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "households.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for h in households(n, SEED, DAY):
                out.write(json.dumps(h, ensure_ascii=False) + "\n")
        args = [sys.executable, "-c", "from cli.main import main; main()", "diff", str(OLD), str(NEW),
                "--households", str(path), "--date", DAY.isoformat(), "--lang", "en"]
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int], with_command: bool) -> None:
    compile_project()
    old, new, doc_old, doc_new = shipped_policies()
    start = time.perf_counter()
    policy_diff = diff(old, new, doc_old, doc_new)
    print(f"semantic diff of the shipped policies: {(time.perf_counter() - start) * 1000:.1f} ms, "
          f"{len(policy_diff.items)} changes; fast run on {available_cores()} processes; best of {REPEATS}")
    print(f"{'households':>10} {'exact':>8} {'on':>7} {'exact/s':>8} {'fast':>7} {'fast/s':>8} {'ratio':>6} "
          f"{'changed':>8} {'same':>5}")
    for n in sizes:
        records = sample_records(n)
        prefix = records[:EXACT_LIMIT]
        exact_time, reference = best(lambda r=prefix: exact_impact(policy_diff, doc_old, doc_new, r),
                                     REPEATS if len(prefix) <= 2_000 else 1)
        fast_time, result = best(lambda r=records: fast_impact(policy_diff, doc_old, doc_new, r, DAY))
        if len(prefix) < n:
            same = fast_impact(policy_diff, doc_old, doc_new, prefix, DAY) == reference
        else:
            same = result == reference
        exact_rate, fast_rate = len(prefix) / exact_time, n / fast_time
        agree = "yes" if same else "NO"
        print(f"{n:>10,} {exact_time:>7.1f}s {len(prefix):>7,} {exact_rate:>8,.0f} {fast_time:>6.2f}s "
              f"{fast_rate:>8,.0f} {fast_rate / exact_rate:>6.1f} {len(result.changed):>8,} {agree:>5}", flush=True)
    if with_command and sizes:
        n = max(sizes)
        print(f"policy diff OLD NEW --households FILE ({n:,} households, JSON Lines → text report): "
              f"{command(n):.1f} s wall clock")
    print(f"(load average {os.getloadavg()[0]:.1f} at the end: other work on the machine slows both columns)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="numbers of households (default 1000 10000 100000)")
    parser.add_argument("--no-command", action="store_true", help="skip timing the whole `policy diff` command")
    options = parser.parse_args()
    main(options.sizes or [1_000, 10_000, 100_000], not options.no_command)
