"""The same batch evaluation on Apache Spark: `policy batch --engine spark`.

Input: households as JSON Lines or Parquet (a file, or a folder of them) on any filesystem
Spark reads, the policy files' bytes and the run's options. Output: the decisions (JSON Lines
or Parquet) and the bad records (JSON Lines), each ordered by input place — as one local file
(written atomically), or as a folder of part files when the output is on a distributed
filesystem (`hdfs://`, `s3a://`, …). Before the job, a Parquet table's columns are checked as the local
engine checks them, its columns null in every row read off its files' footers: the same notes, word for word.
Invariants: every Spark worker loads the policies from the same bytes (same file name,
same sha256) and runs the function the local engine runs on a chunk — `evaluate_lines` on
JSON Lines, `evaluate_table` on Parquet rows: the compiled columnar program and its exact
fallback — on each Arrow record batch (`mapInArrow`); so the output equals the local
engine's (tests hold this in local mode).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from engine.batch.evaluate import ChunkResult, Settings, evaluate_lines, evaluate_table
from engine.batch.problems import Problems
from engine.batch.readers import InputError, InputForm, InputNote, mixed_folder
from engine.batch.writers import Columns
from engine.diagnostics import Said
from engine.export_words import Words
from engine.household_input import household_name, parquet_name, unread_said


@dataclass(frozen=True)
class SparkJob:
    """What a Spark worker needs, in plain data (a `Policy` is rebuilt from its file's bytes)."""

    policies: tuple[tuple[str, bytes], ...]
    chosen: bool
    policy_dir: str
    forced_date: str | None
    today: str
    source: str
    fmt: str = "jsonl"  # of the decisions: "jsonl" or "parquet" (bad records are JSON Lines either way)
    ignored: tuple[str, ...] = ()  # --ignore-column (`engine.batch.ignored`)
    words: Words = ()  # --rename-value (`engine.export_words`)
    renamed_values: tuple[str, ...] = ()  # … its pairs as given, for the help after bad records


_settings: dict[int, Settings] = {}


def job_settings(job: SparkJob) -> Settings:
    """The run's settings, made once per process (the driver's and each worker's)."""
    key = hash(job)
    if key not in _settings:
        from engine.loader import load_policy

        policies = tuple(load_policy(Path(name), raw=raw)[0] for name, raw in job.policies)
        _settings[key] = Settings(
            policies, policies[0] if job.chosen else None, job.policy_dir,
            datetime.date.fromisoformat(job.forced_date) if job.forced_date else None,
            datetime.date.fromisoformat(job.today), False, "zh", job.fmt, "fast", Columns.of(policies, False),
            ignored=frozenset(job.ignored), words=job.words)
    return _settings[key]


# Every row a worker yields: where its record was (`_file`, and `_row`: the line of a JSON Lines file or the
# row of a Parquet file, from 1), the record's error line when it is bad, else its decision: the JSON
# text (`text`) or the columns of Parquet output; and on the first row of each batch, the batch's tally of
# categories and of its bad records' problems (`_held`, JSON: `engine.batch.tally`, `engine.batch.problems`),
# which the driver adds up.
KEYS = ("_file", "_row", "_error", "_held")


def output_schema(settings: Settings) -> Any:
    """The Arrow schema of the rows the workers yield."""
    import pyarrow as pa

    from engine.batch.writers import arrow_schema

    keys = [pa.field("_file", pa.string()), pa.field("_row", pa.int64()), pa.field("_error", pa.string()),
            pa.field("_held", pa.string())]
    if settings.fmt == "parquet":
        return pa.schema([*keys, *arrow_schema(settings.columns)])
    return pa.schema([*keys, pa.field("text", pa.string())])


def _rows_of(result: ChunkResult, name: str, settings: Settings) -> Iterator[Any]:
    """A chunk's decisions and bad records as record batches of `output_schema`."""
    import pyarrow as pa

    schema = output_schema(settings)
    decision_fields = list(schema)[len(KEYS):]

    def keyed(numbers: list[int], error: Any, held: Any, columns: list[Any]) -> Any:
        return pa.Table.from_arrays([pa.array([name] * len(numbers), pa.string()), pa.array(numbers, pa.int64()),
                                     error, held, *columns], schema=schema)

    if settings.fmt == "parquet":
        decided = pa.ipc.open_stream(result.output).read_all().columns if result.output else \
            [pa.nulls(0, f.type) for f in decision_fields]
    else:
        decided = [pa.array([t.decode("utf-8") for t in result.output.splitlines()], pa.string())]
    errors = [t.decode("utf-8") for t in result.errors.splitlines()]
    n = len(result.written_numbers)
    tallied = [json.dumps({"held": result.held, "problems": result.problems.found,  # on the batch's first row
                           "rechecked": result.rechecked})]

    def tally(rows: int, first: bool) -> Any:
        return pa.array(tallied + [None] * (rows - 1) if rows and first else [None] * rows, pa.string())

    written = keyed(result.written_numbers, pa.nulls(n, pa.string()), tally(n, True), decided)
    bad = keyed(result.error_numbers, pa.array(errors, pa.string()), tally(len(errors), n == 0),
                [pa.nulls(len(errors), f.type) for f in decision_fields])
    yield from pa.concat_tables([written, bad]).to_batches()


def _decide_lines(job: SparkJob, batches: Iterator[Any]) -> Iterator[Any]:
    """mapInArrow over JSON Lines: (_file, _row, value) record batches → rows of `output_schema`."""
    settings = job_settings(job)
    for batch in batches:
        numbered = [(n, v.encode("utf-8")) for n, v in zip(batch.column("_row").to_pylist(),
                                                            batch.column("value").to_pylist(), strict=True)
                    if v.strip()]
        result = evaluate_lines(0, job.source, [n for n, _ in numbered], [v for _, v in numbered], settings)
        yield from _rows_of(result, job.source, settings)


def _decide_rows(job: SparkJob, batches: Iterator[Any]) -> Iterator[Any]:
    """mapInArrow over Parquet: households record batches with `_file` and `_row` → rows of `output_schema`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from engine.batch.parquet_input import nullable_inputs

    settings = job_settings(job)
    nullable = nullable_inputs(settings.policies)
    for batch in batches:
        table = pa.Table.from_batches([batch])
        files = table.column("_file")
        households = table.drop_columns(["_file", "_row"])
        names = pc.unique(files).to_pylist()
        for name in names:  # a batch may hold the rows of several small files
            mine = pc.equal(files, name)
            part = households if len(names) == 1 else households.filter(mine)
            numbers = table.column("_row").filter(mine).to_pylist()
            yield from _rows_of(evaluate_table(0, name, numbers, part, nullable, settings), name, settings)


def session(master: str, bars: bool = False) -> Any:
    """A Spark session whose Python workers use this interpreter (so they can import the engine); `bars`: Spark draws
    its console progress bars (`[Stage 0:> (0 + 1) / 1]`), for a terminal only, where each is redrawn in place."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    root = str(Path(__file__).resolve().parent.parent.parent)
    return (SparkSession.builder.master(master).appName("policy batch")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "5000")
            .config("spark.executorEnv.PYTHONPATH", root)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "true" if bars else "false")
            .getOrCreate())


# a stage of the job running: its id, its tasks done and its tasks
StageProgress = tuple[int, int, int]


def _watched(spark: Any, every: float, progress: Callable[[float, list[StageProgress]], None],
             started: float) -> Callable[[], None]:
    """Call `progress` every `every` seconds while the job runs, with the seconds since `started` and the stages then
    running (none between two); returns what stops it."""
    tracker = spark.sparkContext.statusTracker()
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(every):
            try:
                stages = [tracker.getStageInfo(stage) for stage in sorted(tracker.getActiveStageIds())]
            except Exception:  # (the gateway gone with the session: the run is ending, its own errors said)
                return
            progress(time.perf_counter() - started, [(info.stageId, info.numCompletedTasks, info.numTasks)
                                                     for info in stages if info is not None])

    thread = threading.Thread(target=watch, name="policy batch progress", daemon=True)
    thread.start()

    def end() -> None:
        stop.set()
        thread.join()

    return end


def input_format(spark: Any, source: str) -> str:
    """"parquet" for a `.parquet` file or a folder of them (as Spark writes a table), else "jsonl"."""
    return _layout(spark, source)[0]


def _layout(spark: Any, source: str) -> tuple[str, list[str], list[str]]:
    """The input's format (`input_format`) and, for a folder, its data files as paths relative to it
    (`_data_files`), listed once — of a folder of Parquet parts, the parts — and the entries not read (`_unread`)."""
    path = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(source)
    filesystem = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not filesystem.exists(path):
        raise InputError(Said(f"{source}: no such file or folder", f"{source}：没有这个文件或文件夹"))
    named = source.rstrip("/").lower().endswith((".parquet", ".pq"))
    if not filesystem.getFileStatus(path).isDirectory():
        return ("parquet" if named else "jsonl"), [], []
    data = _data_files(filesystem, path)
    parts = [name for name in data if _in_partitions(name) and parquet_name(PurePosixPath(name))]
    if not (named or parts):
        return "jsonl", data, []
    # as a local folder is read (`policy batch` on it): its Parquet parts, never beside other household files
    others = [name for name in data if name == "households.csv" or household_name(PurePosixPath(name))]
    if parts and others:
        raise mixed_folder(source, parts, others, f"{source.rstrip('/')}/{others[0]}")
    return "parquet", parts or data, _unread(data, parts) if parts else []


def _in_partitions(name: str) -> bool:
    """Whether a file of a folder (`name` relative to it) is in it or in its partition folders (`county=430524/`),
    where a table's parts are read, as the local engine reads them."""
    return all("=" in folder for folder in name.split("/")[:-1])


def _unread(data: list[str], parts: list[str]) -> list[str]:
    """The entries of a folder of Parquet parts not read (`unread_note`'s), from its data files: files that are not
    parts, and the folders not of a partition they are in (`old/`); its own notes (`README.md`) not named."""
    read = set(parts)
    out: dict[str, None] = {}
    for name in data:
        if name in read or name.lower().endswith(".md"):
            continue
        folders = name.split("/")[:-1]
        outside = next((i for i, folder in enumerate(folders) if "=" not in folder), None)
        out["/".join(folders[:outside + 1]) + "/" if outside is not None else name] = None
    return sorted(out)


def _data_files(filesystem: Any, folder: Any) -> list[str]:
    """The data files under a folder, partition folders included, as paths relative to it: not `_SUCCESS`,
    not `.crc` files (nor anything under a folder so named)."""
    root = filesystem.makeQualified(folder).toUri().getPath().rstrip("/") + "/"
    found = filesystem.listFiles(folder, True)
    out = []
    while found.hasNext():
        relative = found.next().getPath().toUri().getPath().removeprefix(root)
        if not any(name.startswith(("_", ".")) for name in relative.split("/")):
            out.append(relative)
    return sorted(out)


def _numbered(spark: Any, source: str, settings: Settings,
              say: Callable[[InputNote], None]) -> tuple[Any, Any, InputForm]:
    """The input as rows with `_file` and `_row`, the function that decides their record batches, and the form the
    input writes households in (`Input.form`)."""
    from pyspark.sql import functions as f

    fmt, parts, unread = _layout(spark, source)
    if fmt == "jsonl":
        text = spark.read.text(source)
        rows = text.rdd.zipWithIndex().map(lambda pair: (source, pair[1] + 1, pair[0][0]))
        return rows.toDF(["_file", "_row", "value"]), _decide_lines, "json"
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    from engine.batch.input_columns import undated
    from engine.batch.parquet_columns import households_columns, null_throughout
    from engine.batch.parquet_input import partition_keys, partition_notes

    passed = unread_said(source, unread, parquet=True)
    if passed:
        say(InputNote(passed))
    try:  # the parts alone where the folder holds more, its partitions found from the folder's own path
        table = spark.read.option("basePath", source).parquet(*(f"{source.rstrip('/')}/{p}" for p in parts)) \
            if passed else spark.read.parquet(source)
    except (PySparkException, Py4JJavaError) as error:  # Spark reads the footers here: not Parquet fails now
        cause = _first_cause(error)
        raise InputError(Said(f"{source}: Spark cannot read it as Parquet: {cause}",
                              f"{source}：Spark 无法把它读作 Parquet：{cause}")) from None
    notes = partition_notes(source, parts, settings.policies)
    table = table.drop(*partition_keys(parts))  # a partitioned table's keys, which Spark adds as columns
    files = table.inputFiles()
    blank = null_throughout([footer for footer in (_footer(spark, file) for file in files) if footer is not None])
    for note in notes + households_columns(source, _arrow_schema(table.schema), settings.policies, blank,
                                           timestamps=False, ignored=settings.ignored, words=settings.words):
        say(note)
    if "date" in blank and settings.forced_date is None:  # the day the dates left blank fall back to
        say(undated(source, settings.today))
    # one file is named as given (its rows placed as the local engine places them); a folder's by their paths
    name = f.lit(source) if len(files) == 1 else f.col("_metadata.file_path")
    return (table.select("*", name.alias("_file"), (f.col("_metadata.row_index") + 1).alias("_row")), _decide_rows,
            "parquet")


PIECE = 4096  # the bytes a call reads: py4j's answers over 8 KiB of text wait ~40 ms each for a TCP acknowledgement


def _footer(spark: Any, name: str) -> Any:
    """The footer of the Parquet file `name` (pyarrow's `FileMetaData`: its row groups and their columns' null
    counts), read at the file's end through Spark's filesystem — a file on `hdfs://` or `s3a://` as a local one — and
    none of its data; None for a file that does not end as Parquet does (the job then says what is wrong with it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(name)
    filesystem = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    size = filesystem.getFileStatus(path).getLen()
    if size < 12:  # `PAR1`, a footer's length, `PAR1`
        return None
    stream = filesystem.open(path)
    try:
        end = _read_at(stream, size - 8, 8)  # the footer's length, then `PAR1`
        length = int.from_bytes(end[:4], "little")
        if end[4:] != b"PAR1" or length + 12 > size:
            return None
        footer = b"".join(_read_at(stream, at, min(PIECE, size - 8 - at))
                          for at in range(size - 8 - length, size - 8, PIECE))
    finally:
        stream.close()
    try:
        return pq.read_metadata(pa.BufferReader(b"PAR1" + footer + end))
    except (OSError, ValueError):  # pyarrow's ArrowInvalid is a ValueError
        return None


def _read_at(stream: Any, offset: int, length: int) -> bytes:
    """`length` bytes from `offset` of a Hadoop input stream."""
    stream.seek(offset)
    return bytes(stream.readNBytes(length))


def _arrow_schema(schema: Any) -> Any:
    """A Spark schema as Arrow's, for the column checks. pyspark 4 asserts a time zone for a timestamp column (which
    stopped the run as an internal error): the one given is UTC, as pyspark 3.5 gave."""
    from pyspark.sql.pandas.types import to_arrow_schema

    try:
        return to_arrow_schema(schema, timezone="UTC")
    except TypeError:  # pyspark 3.5: no `timezone`, and timestamps are UTC
        return to_arrow_schema(schema)


def _first_cause(error: Exception) -> str:
    """What went wrong at the root of a Java exception, in its own words (its first line)."""
    cause = getattr(error, "java_exception", None)
    if cause is None:
        text = str(error)
    else:
        while cause.getCause() is not None:
            cause = cause.getCause()
        text = str(cause.getMessage() or cause.toString())
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


def run_spark(source: str, output: str, errors: str, job: SparkJob, master: str,
              say: Callable[[InputNote], None] = lambda note: print(f"{note.level}: {note.said.en}"),
              bars: bool = False, every: float = 0,
              progress: Callable[[float, list[StageProgress]], None] | None = None
              ) -> tuple[int, int, float, Counter[str], Problems, int, InputForm]:
    """Decide every household of `source`; returns (decisions, bad records, seconds, the tally of categories,
    the bad records by problem, the households the fast engine handed to the exact evaluator, the form the input
    writes households in, which names a problem's column). `bars`: Spark's own progress bars (`session`);
    `progress`, when given, is called every `every` seconds of the run (`_watched`).
    Raises `InputError` when the input cannot be read as households at all."""
    from pyspark.sql import functions as f
    from pyspark.sql.pandas.types import from_arrow_schema

    started = time.perf_counter()
    settings = job_settings(job)
    spark = session(master, bars)
    unwatched = _watched(spark, every, progress, started) if progress is not None and every > 0 else None
    try:
        numbered, decide, form = _numbered(spark, source, settings, say)
        decided = numbered.mapInArrow(lambda batches: decide(job, batches),
                                      from_arrow_schema(output_schema(settings))).cache()
        good, bad = f.col("_error").isNull(), f.col("_error").isNotNull()
        written, wrong = decided.select(f.count(f.when(good, 1)), f.count(f.when(bad, 1))).first()
        held: Counter[str] = Counter()
        problems = Problems()
        rechecked = 0
        for row in decided.filter(f.col("_held").isNotNull()).select("_held").collect():  # a row a batch
            tallied = json.loads(row[0])
            held.update(tallied["held"])
            problems.add(tallied["problems"])
            rechecked += tallied["rechecked"]
        decisions = decided.filter(good)
        if job.fmt == "parquet":
            _write_parquet(decisions.orderBy("_file", "_row").drop(*KEYS), output, settings)
        else:
            _write_text(decisions.repartition(1).sortWithinPartitions("_file", "_row").select("text"), output)
        _write_text(decided.filter(bad).repartition(1).sortWithinPartitions("_file", "_row").select("_error"),
                    errors)
    finally:
        if unwatched is not None:
            unwatched()
        spark.stop()
    return written, wrong, time.perf_counter() - started, held, problems, rechecked, form


def _local(target: str) -> Path | None:
    """The local path of an output, or None when it is on a distributed filesystem (Spark writes a folder)."""
    if "://" in target and not target.startswith("file://"):
        return None
    return Path(target.removeprefix("file://"))


def _staged(rows: Any, path: Path, write: Callable[[Any, str], None]) -> tuple[Path, list[Path]]:
    """The hidden folder beside `path` that Spark writes `rows` to, and its part files in order."""
    staging = path.with_name(f".{path.name}.spark")
    shutil.rmtree(staging, ignore_errors=True)
    write(rows, str(staging))
    return staging, sorted(staging.glob("part-*"))


def _write_text(rows: Any, target: str) -> None:
    """One local file, moved into place atomically; elsewhere Spark's own committed folder."""
    path = _local(target)
    if path is None:
        rows.write.mode("overwrite").text(target)
        return
    staging, parts = _staged(rows, path, lambda r, folder: r.write.text(folder))
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    shutil.rmtree(staging, ignore_errors=True)


def _write_parquet(rows: Any, target: str, settings: Settings) -> None:
    """One local Parquet file in the local engine's layout, moved into place atomically; elsewhere Spark's
    own committed folder of part files (in order: part 0 holds the first households)."""
    path = _local(target)
    if path is None:
        rows.write.mode("overwrite").parquet(target)
        return
    import pyarrow.parquet as pq

    from engine.batch.writers import arrow_schema, decisions_writer

    staging, parts = _staged(rows, path, lambda r, folder: r.write.parquet(folder))
    schema = arrow_schema(settings.columns)
    partial = path.with_name(f".{path.name}.partial")
    with decisions_writer(partial, settings.columns) as writer:
        for part in parts:
            written = pq.ParquetFile(part)
            for group in range(written.num_row_groups):
                writer.write_table(written.read_row_group(group).cast(schema))
    with partial.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)
    shutil.rmtree(staging, ignore_errors=True)


def setup_problem(error: Exception) -> str | None:
    """What Spark said, in one line, when it refused the job for its paths or its cluster (a path that is not
    there, an `hdfs://` URL without a namenode, a master it cannot reach); None for anything else, which is
    an error of this program's own code run on Spark (a Python exception in a task)."""
    from py4j.protocol import Py4JError  # comes with pyspark
    from pyspark.errors import PySparkException, PythonException

    if isinstance(error, PythonException) or not isinstance(error, PySparkException | Py4JError):
        return None
    text = str(error).strip()
    if "PythonException" in text:  # a task's Python error, passed on through the JVM
        return None
    # a Java error comes as `An error occurred while calling o35.getFileSystem.` then `: java.io.IOException: …`
    java = re.search(r"^:?\s*[\w.$]+(?:Exception|Error): (.+)$", text, re.MULTILINE)
    if java is not None:
        return java.group(1).strip()
    return text.splitlines()[0] if text else type(error).__name__
