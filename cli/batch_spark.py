"""`policy batch --engine spark`: the fast engine on Apache Spark, JSON Lines or Parquet in and out.

What Spark cannot do is refused before a job starts (--explain, --brief, --resume, --only-changed, CSV or compressed
output); the policy files are read here and handed to the job as bytes (`engine.batch.spark.SparkJob`), which runs
on the cluster (`run_spark`), its progress shown as a local run's (`cli.batch_progress`). Spark's own refusal of
the job (an unreachable URL, a master not there) is said in a line with what to check; the run ends with the lines
of any other (`cli.batch_end`) and its exit code.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from cli.batch_end import named, notes_json, run_line, say_defaults, say_problems, say_tally
from cli.batch_progress import spark_progress_lines
from cli.batch_summary import SummaryFile, summary_apart
from cli.common import (
    OK,
    USAGE,
    ignored_columns,
    not_a_spreadsheet,
    refuse_input,
    renamed_columns_of,
    stop_on_policy_errors,
    tell,
)
from cli.localize import in_language
from engine.diagnostics import Said, path_in_prose
from engine.install_words import to_install


def run_on_spark(source: str, output: str, errors_path: Path | None, policy_file: Path | None, policy_dir: Path,
                 forced_date: datetime.date | None, explain: bool, brief: bool, resume: bool, old_path: Path | None,
                 fmt: str | None, master: str, summary_path: Path | None, lang: str,
                 ignore_columns: tuple[str, ...] = (), rename_values: tuple[str, ...] = (),
                 progress_every: float = 0) -> NoReturn:
    """`--engine spark`: JSON Lines or Parquet in and out, on a Spark cluster (or local mode); its progress as a
    local run's is shown: Spark's bars on a terminal, else a line every `progress_every` seconds, or nothing."""
    try:
        import pyarrow  # noqa: F401  (the output's schema is Arrow's; `pip install pyspark` alone lacks it)
        import pyspark  # noqa: F401

        from engine.batch.readers import InputError
        from engine.batch.spark import SparkJob, run_spark
        from engine.batch.writers import output_compression, output_format
    except ImportError:
        how = to_install("spark")
        raise click.UsageError(in_language(f"--engine spark needs pyspark and pyarrow: {how.en}, and Java",
                                           f"--engine spark 需要 pyspark 和 pyarrow：{how.zh}，还需要 Java")) from None
    for flag, given in (("--explain", explain), ("--brief", brief), ("--resume", resume),
                        ("--only-changed", old_path is not None)):
        if given:
            raise click.UsageError(in_language(f"{flag} is not available with --engine spark",
                                               f"{flag} 不能与 --engine spark 一起使用"))
    not_a_spreadsheet(Path(output), fmt)
    fmt = output_format(Path(output), fmt)
    if fmt == "csv":
        raise click.UsageError(in_language("--engine spark writes JSON Lines or Parquet, not CSV: name the output "
                                           ".jsonl or .parquet (or give `--format`)",
                                           "--engine spark 只写 JSON Lines 或 Parquet，不写 CSV：输出请用 .jsonl "
                                           "或 .parquet 后缀（或用 --format 指定格式）"))
    if output_compression(Path(output)) is not None:
        name = path_in_prose(Path(output).with_suffix("").name)  # in the sentence, as the shell takes it as one word
        raise click.UsageError(in_language(f"--engine spark writes its output uncompressed: name it {name} (Parquet "
                                           "is compressed inside the file)",
                                           f"--engine spark 写出的输出不压缩：请把它命名为 {name}（Parquet 在文件"
                                           "内部已经压缩）"))
    from engine.diagnostics import PolicyError
    from engine.loader import load_policy
    from engine.selection import policy_files
    from engine.system_words import why_not_read

    files = [policy_file] if policy_file is not None else policy_files([policy_dir])
    try:
        loaded = [(f, f.read_bytes()) for f in files]
        policies = [load_policy(f, raw=raw)[0] for f, raw in loaded]
    except PolicyError as error:
        stop_on_policy_errors(error, lang)
    except OSError as error:
        why = why_not_read(error)
        tell("error", Said(f"{error.filename}: {why.en}", f"{error.filename}：{why.zh}"), lang)
        raise SystemExit(USAGE) from None
    ignored = ignored_columns(ignore_columns, policies, lang)
    renamed = renamed_columns_of((), policies, lang, rename_values)
    job = SparkJob(tuple((str(f), raw) for f, raw in loaded), policy_file is not None, str(policy_dir),
                   forced_date.isoformat() if forced_date else None, datetime.date.today().isoformat(), source, fmt,
                   tuple(sorted(ignored)), renamed.words, tuple(renamed.values_written))
    errors = str(errors_path) if errors_path is not None else output + ".errors.jsonl"
    report = SummaryFile(summary_path, {"input": source, "output": output, "format": fmt, "engine": "spark",
                                        "date": job.forced_date, "explain": False, "brief": False,
                                        "ignored_columns": list(job.ignored), "renamed_columns": [],
                                        "renamed_values": list(job.renamed_values), "errors": errors})
    if summary_path is not None:
        summary_apart(summary_path, [Path(output), Path(errors)])
        report.clear()
    notes: list[Any] = []

    def say(note: Any) -> None:
        notes.append(note)
        tell(note.level, note.said, lang)

    try:
        terminal = sys.stderr.isatty()
        written, bad, seconds, held, problems, rechecked, form = run_spark(
            source, output, errors, job, master, say=say, bars=terminal, every=0 if terminal else progress_every,
            progress=spark_progress_lines(lang))
    except InputError as error:
        refuse_input(error, ignore_columns, lang)
    except Exception as error:
        from engine.batch.spark import setup_problem

        said = setup_problem(error)
        if said is None:
            raise
        tell("error", Said(f"Spark refused the job: {said}", f"Spark 拒绝了这项作业：{said}"), lang)
        tell("help", Said("check INPUT and OUTPUT (an hdfs:// URL needs HADOOP_CONF_DIR set, or the namenode in the "
                           "URL: hdfs://host:8020/…) and --spark-master",
                           "请检查输入和输出（hdfs:// 地址需要设置 HADOOP_CONF_DIR，或在地址中写明 namenode："
                           "hdfs://host:8020/…）以及 --spark-master"), lang)
        raise SystemExit(USAGE) from None
    timing = Said(f"{seconds:.1f} s on Spark ({master}), {rechecked:,} checked by the exact evaluator",
                  f"在 Spark（{master}）上用时 {seconds:.1f} 秒，{rechecked:,} 户经精确评估器复核")
    click.echo(run_line(written + bad, written, named(output), None, bad, named(errors), timing).in_lang(lang),
               err=True)
    say_tally(held, policies, lang)
    say_problems(problems, form, lang, ignored=job.ignored, renamed_values=rename_values)
    say_defaults(notes, lang)
    code = USAGE if bad else OK
    report.write(
        held, policies, code, households=written + bad, written=written, bad=bad, rows_of_no_household=0,
        unchanged=None, missing_from_input=None, rechecked=rechecked,
        repeated_ids=None, repeated_lines=None, memberless_lines=None, not_one_head=None, implausible_values=None,
        no_supporter_but_maintenance=None, no_supporter_but_working_spouse=None, control_characters_in_text=None,
        undated=None, resumed_from=0,
        seconds=round(seconds, 3),
        households_per_second=round((written + bad) / seconds, 1) if seconds else 0.0,
        problems=problems.to_json(form), value_words=problems.words_json(), notes=notes_json(notes))
    raise SystemExit(code)
