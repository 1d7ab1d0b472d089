"""`policy batch --engine spark` in local mode writes exactly what the local engine writes.

Needs pyspark (in the `test` and `spark` extras) and Java; without them this test fails, it never skips.
"""

from __future__ import annotations

import bz2
import datetime
import gzip
import json
import re
import subprocess
import sys

import pyspark  # noqa: F401  (imported so a missing install fails here, plainly)
import pytest

from engine.batch.readers import InputNote
from engine.diagnostics import Said
from engine.sample import households
from tests.helpers import ROOT, nulled, with_columns_of_its_own

DAY = "2026-03-01"
POLICY = ROOT / "policy" / "post-transition.yaml"


@pytest.fixture(scope="module")
def spark():
    """One Spark session in local mode for the tests that call the engine in this process: its JVM starts once."""
    from engine.batch.spark import session

    started = session("local[1]")
    yield started
    started.stop()


def test_spark_local_mode_equals_the_local_engine(tmp_path):
    from engine.batch import edges
    from engine.diff.witness import jsonable
    from engine.loader import load_policy

    day = datetime.date.fromisoformat(DAY)
    items = list(households(3000, 31, day))
    items[5] = {"id": "BROKEN", "members": []}
    # households on and next to the thresholds
    items[1000:1500] = edges.households(load_policy(ROOT / "policy" / "post-transition.yaml")[0], 500, 7, day)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(jsonable(h)) + "\n" for h in items), encoding="utf-8")

    def batch(output: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cli.main", "batch", str(source), "-o", output,
                               "--date", DAY, "--lang", "en", *extra], cwd=ROOT, capture_output=True, text=True,
                              timeout=600)

    local = batch(str(tmp_path / "local.jsonl"), "--summary", str(tmp_path / "local.json"))
    spark = batch(str(tmp_path / "spark.jsonl"), "--engine", "spark", "--spark-master", "local[2]",
                  "--summary", str(tmp_path / "spark.json"))
    assert local.returncode == spark.returncode == 2, spark.stderr[-3000:]
    assert "2,999 decisions written" in spark.stderr
    assert _tally(spark.stderr) == _tally(local.stderr)  # the batches' tallies, added up by the driver
    said = {name: json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8")) for name in ("local", "spark")}
    for key in ("households", "written", "bad", "rechecked", "categories", "in_no_category", "problems", "policies",
                "ignored_columns", "exit_code"):
        assert said["spark"][key] == said["local"][key], key
    # (households of whole fen seldom lie within the float lane's error of a limit the exact lane cannot hold)
    rechecked = said["spark"]["rechecked"]
    assert rechecked == 0 or f"{rechecked:,} checked by the exact evaluator" in spark.stderr
    assert said["spark"]["engine"] == "spark" and said["spark"]["output"] == str(tmp_path / "spark.jsonl")
    assert (tmp_path / "spark.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "spark.jsonl.errors.jsonl").read_bytes() == (
        tmp_path / "local.jsonl.errors.jsonl").read_bytes()
    assert not list(tmp_path.glob(".*"))  # no staging folder or partial file left behind


def _tally(stderr: str) -> str:
    """The tally line under a run's summary (`categories: tekun 60 members · …`)."""
    (line,) = [text for text in stderr.splitlines() if text.startswith("categories: ")]
    assert " · in no category " in line
    return line


def _parquet_households(tmp_path, broken: int):
    """3,000 sample households as one Parquet file, with a bad one (no members) at index `broken`."""
    from engine.batch.parquet_layout import write_households_parquet
    from engine.loader import load_policy

    items = list(households(3000, 37, datetime.date.fromisoformat(DAY)))
    items[broken] = {"id": "BROKEN", "members": []}
    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    source = tmp_path / "in.parquet"
    write_households_parquet(items, source, policy)
    return source


def _batch(source, output, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli.main", "batch", str(source), "-o", str(output), "--date", DAY,
                           "--lang", "en", *extra], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_spark_leaves_out_the_ignored_columns_as_the_local_engine(tmp_path):
    """`--ignore-column` on Spark: a Parquet export with a column and a member field of its own, and JSON Lines with
    them, decided as the same households without them by the local engine."""
    clean = _parquet_households(tmp_path, broken=5)
    extra = with_columns_of_its_own(clean, tmp_path / "extra.parquet")
    local = _batch(clean, tmp_path / "local.jsonl")
    refused = _batch(extra, tmp_path / "no.jsonl", "--engine", "spark", "--spark-master", "local[1]")
    assert refused.returncode == 2 and f"error: {extra}: a column no policy reads: `phone`" in refused.stderr
    assert f"error: {extra}, column `members`: a column no policy reads: `name`" in refused.stderr
    assert "help: if no policy is to read them (an export's own columns), leave them out of every household: " \
           "--ignore-column phone,name\n" in refused.stderr
    spark = _batch(extra, tmp_path / "spark.jsonl", "--engine", "spark", "--spark-master", "local[1]",
                   "--ignore-column", "phone,name")
    assert local.returncode == spark.returncode == 2, spark.stderr[-3000:]
    assert (tmp_path / "spark.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    items = list(households(3000, 37, datetime.date.fromisoformat(DAY)))  # those of `_parquet_households`
    items[5] = {"id": "BROKEN", "members": []}
    for h in items:
        h["phone"] = "13800000000"
        for m in h["members"]:
            m["name"] = "张三"
    lines = tmp_path / "extra.jsonl"
    lines.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    from_lines = _batch(lines, tmp_path / "lines.jsonl", "--engine", "spark", "--spark-master", "local[1]",
                        "--ignore-column", "phone,name")
    assert from_lines.returncode == 2, from_lines.stderr[-3000:]
    assert (tmp_path / "lines.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_spark_in_a_log_writes_the_progress_lines_asked_for_and_none_of_its_own_bars(tmp_path):
    """Standard error that is not a terminal (a scheduler's log) gets a line every `--progress-every` seconds, as a
    local run's, and not Spark's console bars (`[Stage 0:> (0 + 1) / 1]`), each redrawn with a carriage return."""
    source = _parquet_households(tmp_path, broken=5)
    spark = _batch(source, tmp_path / "spark.jsonl", "--engine", "spark", "--spark-master", "local[1]",
                   "--progress-every", "1")
    assert spark.returncode == 2, spark.stderr[-3000:]
    assert "[Stage " not in spark.stderr and "\r" not in spark.stderr, spark.stderr[-3000:]
    said = [line for line in spark.stderr.splitlines() if line.startswith("progress: ")]
    assert said and all(re.fullmatch(r"progress: \d+:\d\d on Spark( · stage \d+: \d+/\d+ tasks done)*", line)
                        for line in said), said
    assert any("tasks done" in line for line in said), said
    quiet = _batch(source, tmp_path / "quiet.jsonl", "--engine", "spark", "--spark-master", "local[1]")
    assert "[Stage " not in quiet.stderr and "progress: " not in quiet.stderr, quiet.stderr[-3000:]


def test_spark_reads_and_writes_parquet_as_the_local_engine(tmp_path):
    """… and warns as it does, before the run and under the tally, of a column null in every row (`supporter`)."""
    import pyarrow.parquet as pq

    source = nulled(_parquet_households(tmp_path, broken=5), tmp_path / "unsupported.parquet", "supporter")
    local = _batch(source, tmp_path / "local.parquet")
    spark = _batch(source, tmp_path / "spark.parquet", "--engine", "spark", "--spark-master", "local[2]")
    assert local.returncode == spark.returncode == 2, spark.stderr[-3000:]
    assert "2,999 decisions written" in spark.stderr
    assert _tally(spark.stderr) == _tally(local.stderr)
    warned = [line for line in spark.stderr.splitlines() if line.startswith("warning: ")]
    assert warned == [line for line in local.stderr.splitlines() if line.startswith("warning: ")]
    assert warned == [
        f"warning: {source}, column `members`: column `supporter` is empty in every row: every member takes its "
        "default (none), and tekun is decided on it; if the export lost its values, export it again",
        f"warning: every member was decided with `supporter` = none, which tekun reads: its column in {source}, column "
        "`members`, is empty in every row"]
    assert pq.read_table(tmp_path / "spark.parquet").equals(pq.read_table(tmp_path / "local.parquet"))
    errors = (tmp_path / "spark.parquet.errors.jsonl").read_bytes()
    assert errors == (tmp_path / "local.parquet.errors.jsonl").read_bytes()
    assert f"{source}[row 6]".encode() in errors
    assert not list(tmp_path.glob(".*"))


def test_spark_refuses_a_timestamp_date_column_before_the_run_where_the_local_engine_reads_it(tmp_path):
    """A `date` saved as a UTC timestamp stopped `--engine spark` with an internal error (pyspark 4 asks a time zone to
    give the schema in Arrow's types); Spark's rows give it as a time, not a date, so it is refused before the run with
    the cast, where the local engine reads a timestamp at midnight as its date."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(_parquet_households(tmp_path, broken=5))
    at = table.schema.get_field_index("date")
    stamped = tmp_path / "stamped.parquet"
    pq.write_table(table.set_column(at, "date", table.column("date").cast(pa.timestamp("us", tz="UTC"))), stamped)
    spark = _batch(stamped, tmp_path / "spark.jsonl", "--engine", "spark", "--spark-master", "local[1]")
    assert spark.returncode == 2 and "internal error" not in spark.stderr, spark.stderr[-3000:]
    assert f"{stamped}: column `date` is timestamp[us, tz=UTC], but the policy reads a date from it: write it as " \
        'date32 (pandas `.dt.date`, Spark `.cast("date")`)' in spark.stderr, spark.stderr[-3000:]
    local = _batch(stamped, tmp_path / "local.jsonl")
    assert local.returncode == 2 and "2,999 decisions written" in local.stderr, local.stderr


def test_spark_reads_a_folder_of_parquet_parts_in_order_and_places_errors_in_their_part(tmp_path):
    import pyarrow.parquet as pq

    source = _parquet_households(tmp_path, broken=1005)
    table = pq.read_table(source)
    parts = tmp_path / "households"  # a table as Spark writes one
    parts.mkdir()
    pq.write_table(table.slice(0, 1000), parts / "part-00000-x.snappy.parquet")
    pq.write_table(table.slice(1000), parts / "part-00001-x.snappy.parquet")
    (parts / "_SUCCESS").touch()
    local = _batch(source, tmp_path / "local.jsonl")
    spark = _batch(parts, tmp_path / "spark.jsonl", "--engine", "spark", "--spark-master", "local[2]")
    assert local.returncode == spark.returncode == 2, spark.stderr[-3000:]
    assert (tmp_path / "spark.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    (error,) = [json.loads(line) for line in (tmp_path / "spark.jsonl.errors.jsonl").read_text().splitlines()]
    assert error["household"] == "BROKEN"
    assert error["source"] == f"file:{parts / 'part-00001-x.snappy.parquet'}[row 6]"


def test_spark_input_is_told_apart_and_a_bad_one_is_a_usage_error_not_a_java_trace(tmp_path, spark):
    from engine.batch.readers import InputError
    from engine.batch.spark import SparkJob, _numbered, input_format, job_settings

    source = _parquet_households(tmp_path, broken=0)
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "part-00000.snappy.parquet").write_bytes(source.read_bytes())
    (parts / "_SUCCESS").touch()
    (parts / ".part-00000.snappy.parquet.crc").touch()
    lines = tmp_path / "lines"
    lines.mkdir()
    (lines / "part-00000").write_text('{"id": "H1"}\n')
    (tmp_path / "fake.parquet").write_text('{"id": "H1"}\n')
    decisions = tmp_path / "decisions.parquet"
    assert _batch(source, decisions).returncode == 2
    job = SparkJob(((str(POLICY), POLICY.read_bytes()),), True, "policy", DAY, DAY, "x")
    assert [input_format(spark, str(p)) for p in (source, parts, lines, tmp_path / "fake.parquet")] == [
        "parquet", "parquet", "jsonl", "parquet"]
    with pytest.raises(InputError, match="no such file or folder"):
        input_format(spark, str(tmp_path / "absent.jsonl"))
    partitioned = tmp_path / "partitioned"  # as Spark writes a table partitioned by county
    for county in ("430524", "430525"):
        (partitioned / f"county={county}").mkdir(parents=True)
        (partitioned / f"county={county}" / "part-00000.snappy.parquet").write_bytes(source.read_bytes())
    (partitioned / "_SUCCESS").touch()
    assert input_format(spark, str(partitioned)) == "parquet"
    said: list[InputNote] = []
    rows, _, form = _numbered(spark, str(partitioned), job_settings(job), said.append)
    assert "county" not in rows.columns and rows.count() == 6000  # the key dropped: not a household field
    assert form == "parquet"
    assert [note.level for note in said] == ["note"]
    assert [note.said for note in said] == [Said(
        f"{partitioned} is partitioned by `county` (in its folders' names, `county=…`): not a household field, "
        "so not read", f"{partitioned} 按 `county` 分区（在文件夹名 `county=…` 中）：不是家庭字段，不读取")]
    by_date = tmp_path / "by-date"
    (by_date / "date=2026-03-01").mkdir(parents=True)
    (by_date / "date=2026-03-01" / "part-00000.snappy.parquet").write_bytes(source.read_bytes())
    with pytest.raises(InputError, match="the table is partitioned by `date`, which each household needs"):
        _numbered(spark, str(by_date), job_settings(job), print)
    with pytest.raises(InputError, match=r"Spark cannot read it as Parquet: .*is not a Parquet file"):
        _numbered(spark, str(tmp_path / "fake.parquet"), job_settings(job), print)
    with pytest.raises(InputError, match="this is a file of decisions"):
        _numbered(spark, str(decisions), job_settings(job), print)
    for packed, compress in ((tmp_path / "in.jsonl.gz", gzip.compress), (tmp_path / "in.jsonl.bz2", bz2.compress)):
        packed.write_bytes(compress(b'{"id": "H1"}\n{"id": "H2"}\n'))  # Spark decompresses by the extension
        assert input_format(spark, str(packed)) == "jsonl"
        rows, _, form = _numbered(spark, str(packed), job_settings(job), print)
        assert [(r["_row"], r["value"]) for r in rows.orderBy("_row").collect()] == [
            (1, '{"id": "H1"}'), (2, '{"id": "H2"}')]
        assert form == "json"


def test_spark_warns_of_a_parquet_column_null_in_every_row_word_for_word_as_the_local_engine(tmp_path, spark):
    """Spark's check read the table's schema only: a `date` or a `supporter` null in every row, as an export that lost
    them writes them, was decided without a word on a cluster (every household on the day of the run, every elder
    with no supporter), where the local engine warns. The null counts of the files' footers, read through Spark's
    filesystem, give the local engine's warnings; a value in one part of a folder, --date for `date`, or a file written
    without null counts, and there is none, as locally."""
    import pyarrow.parquet as pq

    from engine.batch.input_columns import undated
    from engine.batch.parquet_input import ParquetFolder, ParquetHouseholds
    from engine.batch.spark import SparkJob, _numbered, job_settings
    from engine.loader import load_policy

    policies = [load_policy(POLICY)[0]]
    source = _parquet_households(tmp_path, broken=5)
    lost = nulled(nulled(source, tmp_path / "undated.parquet", "date"), tmp_path / "lost.parquet", "supporter")
    folder = nulled(lost, tmp_path / "lost", "date", parts=3)  # the same rows, as a folder of three parts

    def on_spark(given, forced: str | None = None) -> list[InputNote]:
        said: list[InputNote] = []
        job = SparkJob(((str(POLICY), POLICY.read_bytes()),), True, "policy", forced, DAY, str(given))
        _numbered(spark, str(given), job_settings(job), said.append)
        return said

    def locally(given) -> list[InputNote]:
        read = ParquetHouseholds(given, policies) if given.is_file() else ParquetFolder(given, policies)
        day = datetime.date.fromisoformat(DAY)
        return [*read.notes, *([undated(read.blank_date, day)] if read.blank_date else [])]

    for given in (lost, folder):
        said = on_spark(given)
        assert said == locally(given)
        assert [note.level for note in said] == ["warning", "warning"]
        assert said[0].said.en.startswith(f"{given}, column `members`: column `supporter` is empty in every row: ")
        assert said[1].said.en == (f"{given}: column `date` is empty in every row: every household is decided on "
                                   f"{DAY}, the day the run started; fill in each household's date, give `--date`, or "
                                   "delete the column")
        assert [note.said for note in on_spark(given, forced=DAY)] == [said[0].said]  # --date: no word of `date`
    pq.write_table(pq.read_table(source).slice(0, 5), sorted(folder.iterdir())[-1])  # one part with dates, supporters
    assert on_spark(folder) == locally(folder) == []
    uncounted = tmp_path / "uncounted.parquet"  # no null counts to read: nothing said on a guess
    pq.write_table(pq.read_table(lost), uncounted, write_statistics=False)
    assert on_spark(uncounted) == locally(uncounted) == []


def test_a_path_or_cluster_spark_refuses_is_a_usage_error_not_a_bug_report(tmp_path):
    from pyspark.errors import IllegalArgumentException, PythonException

    from engine.batch.spark import setup_problem

    assert setup_problem(IllegalArgumentException(message="Incomplete HDFS URI, no host: hdfs:///x")) == \
        "Incomplete HDFS URI, no host: hdfs:///x"
    assert setup_problem(PythonException(message="ZeroDivisionError: division by zero")) is None  # a task's bug
    assert setup_problem(ValueError("x")) is None
    # as the help's example, on a machine without a Hadoop configuration
    result = _batch("hdfs:///county/households.parquet", tmp_path / "decisions.parquet", "--engine", "spark",
                    "--spark-master", "local[1]")
    assert result.returncode == 2, result.stderr[-2000:]
    assert "error: Spark refused the job: Incomplete HDFS URI, no host" in result.stderr
    assert "internal error" not in result.stderr


def test_spark_reads_a_folder_of_parquet_parts_as_the_local_engine_whatever_else_it_holds(tmp_path, spark):
    from engine.batch.readers import InputError, open_input
    from engine.batch.spark import SparkJob, _numbered, job_settings
    from engine.loader import load_policy

    source = _parquet_households(tmp_path, broken=0)
    folder = tmp_path / "exported"
    (folder / "county=430524").mkdir(parents=True)
    (folder / "county=430524" / "part-00000.snappy.parquet").write_bytes(source.read_bytes())
    (folder / "README.txt").write_text("exported nightly\n")  # a note beside the table: not read, named
    (folder / "old").mkdir()  # a folder not of a partition: not read, named
    (folder / "old" / "part-00000.snappy.parquet").write_bytes(source.read_bytes())
    (folder / "_SUCCESS").touch()
    job = SparkJob(((str(POLICY), POLICY.read_bytes()),), True, "policy", DAY, DAY, "x")
    said: list[InputNote] = []
    rows, _, form = _numbered(spark, str(folder), job_settings(job), said.append)
    assert form == "parquet" and rows.count() == 3000  # the partition's part alone, not the old one too
    policy = load_policy(str(POLICY))[0]
    local = open_input(folder, [policy])
    unread = Said(f"{folder} also holds 2 entries not read (only .parquet and .pq files are): README.txt, old/",
                  f"{folder} 中另有 2 项未读取（只读取 .parquet 和 .pq 文件）：README.txt、old/")
    assert said[0].said == unread and local.notes[0].said == unread  # word for word as the local engine says it
    (folder / "late.jsonl").write_text('{"id": "H1"}\n')  # a stray file of households beside the parts
    with pytest.raises(InputError) as refused:
        _numbered(spark, str(folder), job_settings(job), print)
    with pytest.raises(InputError) as refused_locally:
        open_input(folder, [policy])
    assert refused.value.said == refused_locally.value.said
    assert refused.value.said.en.startswith(f"{folder}: holds both Parquet files (1: county=430524/part-00000")
