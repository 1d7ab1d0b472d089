"""`policy batch --engine spark` in local mode writes exactly what the local engine writes.

Needs pyspark (in the `test` and `spark` extras) and Java; without them this test fails, it never skips.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import pyspark  # noqa: F401  (imported so a missing install fails here, plainly)

from engine.sample import households
from tests.helpers import ROOT

DAY = "2026-03-01"


def test_spark_local_mode_equals_the_local_engine(tmp_path):
    items = list(households(3000, 31, datetime.date.fromisoformat(DAY)))
    items[5] = {"id": "BROKEN", "members": []}
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")

    def batch(output: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cli.main", "batch", str(source), "-o", output,
                               "--date", DAY, *extra], cwd=ROOT, capture_output=True, text=True, timeout=600)

    local = batch(str(tmp_path / "local.jsonl"))
    spark = batch(str(tmp_path / "spark.jsonl"), "--engine", "spark", "--spark-master", "local[2]")
    assert local.returncode == spark.returncode == 2, spark.stderr[-3000:]
    assert "2,999 decisions written" in spark.stderr
    assert (tmp_path / "spark.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "spark.jsonl.errors.jsonl").read_bytes() == (
        tmp_path / "local.jsonl.errors.jsonl").read_bytes()
    assert not list(tmp_path.glob(".*"))  # no staging folder or partial file left behind
