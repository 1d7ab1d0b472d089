"""The same batch evaluation on Apache Spark: `policy batch --engine spark`.

Input: a JSON Lines path (or a folder of them) on any filesystem Spark reads, the policy
files' bytes and the run's options. Output: the decisions and the bad records, each
ordered by input line — as one local file (written atomically), or as a folder of part
files when the output is on a distributed filesystem (`hdfs://`, `s3a://`, …).
Invariants: every Spark worker loads the policies from the same bytes (same file name,
same sha256) and runs `engine.batch.evaluate.evaluate_lines` — Arrow's JSON reader, the
compiled columnar program and its exact fallback — on each Arrow record batch (`mapInArrow`); so the
output equals the local engine's, line for line (a test holds this in local mode).
"""

from __future__ import annotations

import datetime
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.batch.evaluate import ChunkResult, Settings, evaluate_lines
from engine.batch.writers import Columns


@dataclass(frozen=True)
class SparkJob:
    """What a Spark worker needs, in plain data (a `Policy` is rebuilt from its file's bytes)."""

    policies: tuple[tuple[str, bytes], ...]
    chosen: bool
    policy_dir: str
    forced_date: str | None
    today: str
    source: str


_settings: dict[int, Settings] = {}


def _worker_settings(job: SparkJob) -> Settings:
    key = hash(job)
    if key not in _settings:
        from engine.loader import load_policy

        policies = tuple(load_policy(Path(name), raw=raw)[0] for name, raw in job.policies)
        _settings[key] = Settings(
            policies, policies[0] if job.chosen else None, job.policy_dir,
            datetime.date.fromisoformat(job.forced_date) if job.forced_date else None,
            datetime.date.fromisoformat(job.today), False, "zh", "jsonl", "fast", Columns.of(policies, False))
    return _settings[key]


def _decide_batches(job: SparkJob, batches: Iterator[Any]) -> Iterator[Any]:
    """mapInArrow: (line, value) record batches → (line, kind, text) record batches."""
    import pyarrow as pa

    settings = _worker_settings(job)
    for batch in batches:
        numbered = [(n, v.encode("utf-8")) for n, v in zip(batch.column("line").to_pylist(),
                                                            batch.column("value").to_pylist(), strict=True)
                    if v.strip()]
        result: ChunkResult = evaluate_lines(0, job.source, [n for n, _ in numbered], [v for _, v in numbered],
                                             settings)
        out_lines = result.written_numbers + result.error_numbers
        texts = [t.decode("utf-8") for t in result.output.splitlines()]
        texts += [t.decode("utf-8") for t in result.errors.splitlines()]
        kinds = ["decision"] * result.written + ["error"] * len(result.error_numbers)
        yield pa.RecordBatch.from_arrays([pa.array(out_lines, pa.int64()), pa.array(kinds), pa.array(texts)],
                                         names=["line", "kind", "text"])


def session(master: str) -> Any:
    """A Spark session whose Python workers use this interpreter (so they can import the engine)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    root = str(Path(__file__).resolve().parent.parent.parent)
    return (SparkSession.builder.master(master).appName("policy batch")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "5000")
            .config("spark.executorEnv.PYTHONPATH", root)
            .config("spark.ui.enabled", "false")
            .getOrCreate())


def run_spark(source: str, output: str, errors: str, job: SparkJob, master: str) -> tuple[int, int, float]:
    """Decide every line of `source`; returns (decisions, bad records, seconds)."""
    from pyspark.sql import functions as f

    started = time.perf_counter()
    spark = session(master)
    try:
        text = spark.read.text(source)
        numbered = text.rdd.zipWithIndex().map(lambda pair: (pair[1] + 1, pair[0][0])).toDF(["line", "value"])
        decided = numbered.mapInArrow(lambda batches: _decide_batches(job, batches),
                                      "line long, kind string, text string").cache()
        written = decided.filter(f.col("kind") == "decision").count()
        bad = decided.filter(f.col("kind") == "error").count()
        for kind, target in (("decision", output), ("error", errors)):
            rows = decided.filter(f.col("kind") == kind).repartition(1).sortWithinPartitions("line").select("text")
            _write(rows, target)
    finally:
        spark.stop()
    return written, bad, time.perf_counter() - started


def _write(rows: Any, target: str) -> None:
    """One local file, moved into place atomically; elsewhere Spark's own committed folder."""
    if "://" in target and not target.startswith("file://"):
        rows.write.mode("overwrite").text(target)
        return
    path = Path(target.removeprefix("file://"))
    staging = path.with_name(f".{path.name}.spark")
    shutil.rmtree(staging, ignore_errors=True)
    rows.write.text(str(staging))
    parts = sorted(staging.glob("part-*"))
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    shutil.rmtree(staging, ignore_errors=True)
