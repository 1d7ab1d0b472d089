"""The monitoring register: ingest speed, and alerts over a large register. Prints figures, asserts nothing.

    python bench/monitor.py                 # 100,000 households ingested; alerts over 1,000,000 snapshots
    python bench/monitor.py --ingest 20000 --snapshots 200000   # a quicker run

Targets (issue 9): ingest 100,000 snapshots with decisions in under 60 s; alerts over a
register of 1,000,000 snapshots in under 5 s. The large register is filled directly with
synthetic rows — copies of real snapshots, spread over households and months, about 4 %
of households changing category from one month to the next — since deciding a million
households is the ingest figure's business, not the alerts'.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.loader import load_policy  # noqa: E402
from engine.monitor.alerts import application_alerts, change_alerts  # noqa: E402
from engine.monitor.ingest import ingest_file  # noqa: E402
from engine.monitor.policy_and_date import PolicyAndDateChoice  # noqa: E402
from engine.monitor.register import Register  # noqa: E402
from engine.sample import households  # noqa: E402

DAY = datetime.date(2026, 3, 1)
MONTHS = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01"]


def write_households(path: Path, n: int, seed: int) -> None:
    with path.open("wb") as handle:
        for h in households(n, seed, DAY):
            handle.write(orjson.dumps(h) + b"\n")


def timed_ingest(folder: Path, source: Path, jobs: int, choice: PolicyAndDateChoice) -> tuple[float, int]:
    db = folder / f"ingest-{jobs}-{source.stem}.sqlite3"
    with Register.open(db) as register:
        start = time.perf_counter()
        report = ingest_file(register, str(source), choice, jobs=jobs)
        return time.perf_counter() - start, report.recorded


def fill_large(register: Register, total: int, seed: int) -> float:
    """Insert `total` synthetic snapshots built from the real ones already in `register`."""
    rng = random.Random(seed)
    pool = register.db.execute("SELECT policy, status, near_gap, household_json, decision_json, verdicts, near, sides "
                               "FROM snapshots LIMIT 2000").fetchall()
    months = len(MONTHS)
    count = total // months
    start = time.perf_counter()
    with register.transaction():
        batch = register.new_batch("ingest", "bench: synthetic rows")
        rows = []
        for number in range(count):
            household = f"BENCH-{number:07d}"
            pick = rng.randrange(len(pool))
            for month in MONTHS:
                if rng.random() < 0.04:
                    pick = rng.randrange(len(pool))
                policy, status, gap, hh, decision, verdicts, near, sides = pool[pick]
                digest = hash((household, month)).to_bytes(8, "little", signed=True)
                rows.append((household, month, batch, policy, "bench", status, gap, digest, hh, decision, verdicts,
                             near, sides))
            if len(rows) >= 60000:
                register.db.executemany(_INSERT, rows)
                rows.clear()
        register.db.executemany(_INSERT, rows)
        register.refresh_latest(f"BENCH-{number:07d}" for number in range(count))
        for number in range(0, count, 20):
            applied = datetime.date(2026, 1, 5) + datetime.timedelta(days=number % 150)
            register.add_application(f"BENCH-{number:07d}", applied.isoformat(), False, 25,
                                     (applied + datetime.timedelta(days=36)).isoformat(), pool[0][0])
    return time.perf_counter() - start


_INSERT = ("INSERT INTO snapshots (household, date, batch, policy, source, status, near_gap, digest, household_json, "
           "decision_json, verdicts, near, sides) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest", type=int, default=100_000, help="households to ingest")
    parser.add_argument("--snapshots", type=int, default=1_000_000, help="snapshots in the large register")
    args = parser.parse_args()
    policies = (load_policy(ROOT / "policy" / "2024-transition.yaml")[0],
                load_policy(ROOT / "policy" / "post-transition.yaml")[0])
    choice = PolicyAndDateChoice(policies, None, "policy", DAY, DAY)
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-monitor-") as tmp:
        folder = Path(tmp)
        small, big = folder / "small.jsonl", folder / "households.jsonl"
        write_households(small, min(10_000, args.ingest), 7)
        write_households(big, args.ingest, 7)
        print(f"{'what':<58}{'seconds':>10}{'per second':>14}")
        one, n_small = timed_ingest(folder, small, 1, choice)
        many, _ = timed_ingest(folder, small, jobs, choice)
        print(f"{f'ingest {n_small:,} households, 1 process':<58}{one:>10.2f}{n_small / one:>14,.0f}")
        print(f"{f'ingest {n_small:,} households, {jobs} processes':<58}{many:>10.2f}{n_small / many:>14,.0f}"
              f"   ({one / many:.2f}× the single process)")
        seconds, recorded = timed_ingest(folder, big, jobs, choice)
        target = "under" if seconds < 60 else "OVER"
        print(f"{f'ingest {recorded:,} households, {jobs} processes':<58}{seconds:>10.2f}{recorded / seconds:>14,.0f}"
              f"   ({target} the 60 s target)")
        db = folder / f"ingest-{jobs}-{big.stem}.sqlite3"
        with Register.open(db) as register:
            filled = fill_large(register, args.snapshots, 11)
            snapshots, households_count = register.counts()
            print(f"{f'insert {snapshots:,} snapshots of {households_count:,} households directly':<58}"
                  f"{filled:>10.2f}{snapshots / filled:>14,.0f}")
            start = time.perf_counter()
            rows = register.changes(None, 0.05)
            sql = time.perf_counter() - start
            print(f"{f'alerts, SQL part: {len(rows):,} candidate households':<58}{sql:>10.2f}")
            start = time.perf_counter()
            found = change_alerts(register, margin=0.05, lang="en")
            found += application_alerts(register, datetime.date(2026, 4, 1))
            full = time.perf_counter() - start
            target = "under" if full < 5 else "OVER"
            print(f"{f'alerts over {snapshots:,} snapshots: {len(found):,} alerts':<58}{full:>10.2f}"
                  f"{snapshots / full:>14,.0f}   ({target} the 5 s target; SQL {sql / full:.0%} of it)")
            start = time.perf_counter()
            since = change_alerts(register, margin=0.05, since=datetime.date(2026, 6, 1), lang="en")
            print(f"{f'alerts --since the last month: {len(since):,} alerts':<58}{time.perf_counter() - start:>10.2f}")
        size = db.stat().st_size / 1e6
        print(f"register file: {size:,.0f} MB")


if __name__ == "__main__":
    main()
