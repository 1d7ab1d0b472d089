"""`policy batch`: decide a whole population of households, file to file.

Here are the command's options and the order of its steps: the files it writes checked (`cli.batch_outputs`), the
policies and the input opened, the notes said before the run, --only-changed's earlier decisions read
(`engine.batch.earlier`), then the run itself (`engine.batch.runner`) to files or, with `-o -`, to standard output
(`cli.batch_stream`), or on Spark (`cli.batch_spark`), its progress shown (`cli.batch_progress`); the lines that end
it, finished or stopped, are `cli.batch_end`'s.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from cli.batch_summary import SummaryFile
from cli.common import (
    HEADS,
    JOBS,
    USAGE,
    file_in_existing_folder,
    lang_option,
    parse_date,
    policy_options,
    rename_column_option,
    rename_value_option,
    require_policy_dir,
    say_refused,
    stop_on_policy_errors,
    tell,
)
from cli.localize import in_language
from engine.diagnostics import FULL, Said, path_in_prose

if TYPE_CHECKING:
    from engine.batch.csv_tables import CsvTables
    from engine.batch.readers import Input

ENGINES = click.Choice(["fast", "exact", "spark"])
OUTPUT_FORMATS = click.Choice(["jsonl", "csv", "parquet"])


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(), callback=lambda ctx, param, value: _location(value))
@click.option("-o", "--output", metavar="OUTPUT", type=click.Path(), required=True,
              callback=lambda ctx, param, value: _location(value, ctx, param),
              help="Where to write one decision per household (written atomically); - for standard output. "
              "A name ending .gz, .bz2, .xz or .zst is written compressed (decisions.jsonl.gz).")
@policy_options
@click.option("--date", "date_text", metavar="D",
              help="Evaluation date YYYY-MM-DD (default: each household's `date`, else today).")
@click.option("--explain", is_flag=True, help="Add the explanation of every decision (exact engine; slower; about "
              "50 KB a household, a thirtieth of it with an OUTPUT named .zst).")
@click.option("--brief", is_flag=True,
              help="Add `brief`: the explanation in short sentences to read aloud, as `policy eval --brief` says it "
                   "(exact engine; about a fifth of --explain's bytes).")
@lang_option
@click.option("--errors", "errors_path", metavar="FILE",
              type=click.Path(path_type=Path), callback=file_in_existing_folder,
              help="Where to write bad records, one JSON line each (compressed when named .gz, …)  [default: "
              "OUTPUT.errors.jsonl].")
@click.option("--jobs", "-j", metavar="N", type=JOBS, default=None,
              help="Worker processes  [default: the number of cores].")
@click.option("--resume", is_flag=True, help="Continue an interrupted run from its journal.")
@click.option("--only-changed", "old_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Write only households whose decision differs from this earlier output (JSON Lines or Parquet).")
@click.option("--engine", type=ENGINES, default="fast", show_default=True,
              help="fast: compiled columnar program, exact fallback near every threshold; exact: one by one; "
                   "spark: the fast engine on Apache Spark (JSON Lines or Parquet; needs Java and "
                   "pip install -e '.[spark]' in the repository).")
@click.option("--spark-master", metavar="URL", default="local[*]", show_default=True,
              help="With `--engine spark`: the cluster to run on (local[*], yarn, spark://host:7077, …).")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default=None,
              help="Output format  [default: from the OUTPUT suffix: .csv, .parquet, else jsonl; the one before "
              ".gz and the like].")
@click.option("--summary", "summary_path", metavar="FILE",
              type=click.Path(path_type=Path), callback=file_in_existing_folder,
              help="Also write the run's summary as JSON: files, engine, policies, counts, the tally of categories "
                   "and the exit code (written atomically when the run ends).")
@click.option("--progress-every", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="Where standard error is not a terminal (a scheduler's log, a file), which gets no progress "
                   "bar: a progress line with the count, rate and time left every SECONDS (e.g. 60); on Spark, "
                   "the time and the tasks done  [default: none, quiet].")
@click.option("--chunk-size", metavar="N", type=click.IntRange(min=1), default=None,
              help="Households per chunk  [default: 500 with `--explain` or `--brief`, 2000 exact; fast: 25000 from "
                   "Parquet, 5000 otherwise].")
@click.option("--ignore-column", "ignore_columns", multiple=True, metavar="NAME",
              help="A column of the input that no policy reads (an export's `phone`, a member's `name`; a group's "
                   "field as `assets.note`), left out of every household rather than refused; repeat the option or "
                   "separate names by commas. A column a policy reads cannot be ignored.")
@rename_column_option
@rename_value_option
def batch(input_path: Path | str, output: Path | str, policy_file: Path | None, policy_dir: Path, date_text: str | None,
          explain: bool, brief: bool, lang: str | None, errors_path: Path | None, jobs: int | None, resume: bool,
          old_path: Path | None, engine: str, spark_master: str, fmt: str | None, summary_path: Path | None,
          progress_every: float, chunk_size: int | None, ignore_columns: tuple[str, ...],
          rename_columns: tuple[str, ...], rename_values: tuple[str, ...]) -> None:
    """Decide every household of INPUT and write one decision each to OUTPUT.

    INPUT is a JSON Lines file (or one compressed with gzip, bzip2, xz or zstd), a folder of JSON and
    JSON Lines files (compressed or not), a folder holding households.csv and members.csv (and
    lines.csv; compressed or not), or Parquet: a file or a folder of parts, partition folders too (docs/batch.md gives
    the layouts); with `--engine spark`, JSON Lines or
    Parquet on any filesystem Spark reads. INPUT `-` reads JSON Lines (compressed or not) from standard
    input, and `-o -` writes JSON Lines or CSV to standard output as the decisions are made (bad records
    then go to standard error, or to `--errors FILE`); neither can be resumed.
    Output order is input order; each JSON line is the decision `policy eval --format json`
    gives, whose JSON Schema `policy schema decision` prints. Bad records never stop the run: they go to the errors
    file with their located messages. An interrupted run (Ctrl-C, a scheduler's SIGTERM, a closed
    terminal's SIGHUP, a crash) leaves no output file; `--resume` continues it and gives the same bytes as an
    uninterrupted run.
    The run ends with a summary and the tally of households (members) in each category.

    \b
    Examples:
      policy batch households.jsonl -o decisions.jsonl
      policy batch exports/ -o decisions.parquet --date 2026-03-01
      policy batch households.jsonl -o decisions.jsonl --resume
      policy batch households.jsonl -o decisions.parquet --summary run.json
      policy batch export/ -o decisions.jsonl --ignore-column phone,address,name
      policy batch county/ -o decisions.jsonl --rename-column 户编号=id,户编号=household,存款=assets.deposits
      policy batch village/ -o decisions.jsonl --rename-value 户主=head,配偶=spouse,男=male,女=female
      policy batch households.jsonl -o decisions.jsonl.gz --explain
      policy sample --n 1000 | policy batch - -o - --errors bad.jsonl > decisions.jsonl
      policy batch households.jsonl -o changed.jsonl --policy policy/post-transition.yaml \\
          --only-changed decisions-2025.jsonl
      policy batch hdfs:///county/households.parquet -o hdfs:///county/decisions.parquet \\
          --engine spark --spark-master yarn --date 2026-03-01

    Files named in the examples outside policy/ stand for your own. Parquet, in or out, needs
    pyarrow, which `pip install -e .` leaves out: `pip install -e '.[parquet]'` in the repository.

    Exit codes: 0 every household decided, 1 with `--only-changed`: some decisions changed,
    2 bad records (see the errors file) or a usage error, 130 interrupted (no output written;
    `--resume` continues; 143 by SIGTERM, 129 by SIGHUP), 141 with -o -: standard output was closed
    before the end (`| head`).
    """
    from cli.batch_end import again, finished, named, said_of_os_error
    from cli.batch_outputs import checked_outputs
    from cli.batch_progress import Progress
    from cli.batch_spark import run_on_spark
    from cli.batch_stream import run_to_standard_output
    from cli.common import default_lang
    from engine.batch.evaluate import Settings
    from engine.batch.ignored import ignored_names
    from engine.batch.input_columns import undated
    from engine.batch.readers import InputError, beside_tables, open_input
    from engine.batch.renamed import renamed_columns
    from engine.batch.runner import ResumeError, default_chunk_size, identity, read_today, run
    from engine.batch.writers import Columns
    from engine.diagnostics import PolicyError, source_lines
    from engine.interruptions import exit_code
    from engine.parallel import WorkerDied
    from engine.selection import load_folder

    lang = lang or default_lang()
    forced_date = parse_date(date_text)
    require_policy_dir(policy_file, policy_dir)
    streamed = str(output) == "-"  # standard output
    if engine == "spark":
        if str(input_path) == "-" or streamed:
            raise click.UsageError(in_language("--engine spark reads and writes files or URLs that Spark reaches, "
                                               "not standard input or output (-)",
                                               "--engine spark 只读写 Spark 能访问的文件或网址，"
                                               "不读写标准输入或标准输出（-）"))
        if rename_columns:
            raise click.UsageError(in_language("--rename-column renames the headers of CSV tables, and --engine spark "
                                               "reads JSON Lines or Parquet, whose columns are named where they are "
                                               "written",
                                               "--rename-column 用于改 CSV 表的表头，而 --engine spark 读取的是 "
                                               "JSON Lines 或 Parquet，其列名应在写出时定好"))
        run_on_spark(str(input_path), str(output), errors_path, policy_file, policy_dir, forced_date, explain, brief,
                     resume, old_path, fmt, spark_master, summary_path, lang, ignore_columns, rename_values,
                     progress_every)
    if isinstance(input_path, str) or isinstance(output, str):
        url = input_path if isinstance(input_path, str) else output
        raise click.UsageError(in_language(f"{url} is a URL: only --engine spark reads and writes those",
                                           f"{url} 是网址：只有 --engine spark 能读写网址"))
    outputs = checked_outputs(input_path, output, fmt, errors_path, summary_path, resume)
    fmt, paths = outputs.fmt, outputs.paths
    try:
        if policy_file is not None:
            from engine.policy_cache import load_policy_file
            policies = [load_policy_file(policy_file)[0]]
        else:
            policies = load_folder(policy_dir)
            if not policies:
                folder = path_in_prose(str(policy_dir))
                raise click.UsageError(in_language(f"no policy files in {folder}; give --policy FILE or "
                                                   "--policy-dir DIR",
                                                   f"{folder} 中没有政策文件：请给出 --policy 文件 或 "
                                                   "--policy-dir 文件夹"))
    except PolicyError as error:
        stop_on_policy_errors(error, lang)
    if str(input_path) == "-" and sys.stdin.isatty():
        raise click.UsageError(in_language("INPUT is - (standard input), but nothing is piped in: "
                                           "`policy batch - -o decisions.jsonl < households.jsonl`",
                                           "输入是 -（标准输入），但没有用管道送入任何内容："
                                           "`policy batch - -o decisions.jsonl < households.jsonl`"))
    try:
        ignored = ignored_names(ignore_columns, policies)
        renamed = renamed_columns(rename_columns, policies, rename_values)
        source = open_input(input_path, policies, stdin=sys.stdin.buffer, ignored=ignored, renamed=renamed)
    except InputError as error:
        say_refused(error, ignore_columns, lang, source_lines, rename_columns)
        raise SystemExit(USAGE) from None
    click.get_current_context().call_on_close(source.close)
    outputs.not_inputs_of(source, old_path)
    if resume and not source.resumable:
        raise click.UsageError(in_language("--resume reads the input again from where the run stopped, and standard "
                                           "input cannot be read again: run the batch again without --resume",
                                           "--resume 要从运行停下的地方再读输入，而标准输入无法再读一遍：请不加 "
                                           "--resume 重新运行"))
    typed_engine = None if click.get_current_context().get_parameter_source("engine") is ParameterSource.DEFAULT \
        else engine  # kept to say a refused resume in the options given
    if (explain or brief) and engine == "fast":
        engine = "exact"  # an explanation is read off the exact evaluation
    today = datetime.date.today()
    if resume:
        try:
            today = read_today(paths) or today
        except ResumeError as error:
            tell("error", error.said, lang)
            raise SystemExit(USAGE) from None
    notes = list(source.notes)
    tables = _tables(source)
    if tables is not None and Path(input_path).is_dir():  # its JSON files are not read: said, not skipped
        notes[:0] = [note for note in [beside_tables(Path(input_path))] if note is not None]
    if source.blank_date is not None and forced_date is None:  # the day the dates left blank fall back to
        notes.append(undated(source.blank_date, today))
    for note in notes:
        tell(note.level, note.said, lang)
    if not resume and not streamed and paths.journal.exists():
        journal = paths.journal  # beside the output, as named: `../out/.decisions.jsonl.journal`, not just its name
        instead = Said("add --resume to continue it instead", "如要接着运行它，请加 --resume") if source.resumable \
            else Said("this one reads standard input, which cannot be resumed", "这次读取的是标准输入，无法接着运行")
        tell("note", Said(f"{journal} holds an interrupted run; starting afresh ({instead.en})",
                           f"{journal} 中有一次中断的运行；现从头开始（{instead.zh}）"), lang)
    # households without a date of their own are known only as they are read: said after the run, of those
    what_if = _what_if_note(policies[0], forced_date, today, lang) if policy_file is not None else None
    old = _old_decisions(old_path, lang) if old_path is not None else None
    earlier = (str(old_path), old) if old is not None else None
    settings = Settings(tuple(policies), policies[0] if policy_file is not None else None, str(policy_dir),
                        forced_date, today, explain, lang, fmt, engine, Columns.of(policies, explain, brief), old,
                        brief, outputs.compression, outputs.errors_compression, ignored=ignored,
                        words=renamed.words if source.form != "csv" else ())
    fixed = identity(source, settings, old_path, {"engine": typed_engine, "chunk_size": chunk_size})  # to share
    progress = Progress.of(source, streamed, progress_every, lang)
    jobs, chunk_size = jobs or os.cpu_count() or 1, chunk_size or default_chunk_size(engine, source, explain or brief)
    started = time.perf_counter()  # the run's time counts the planning of its chunks, made here for the note
    if tables is not None:  # planned here, and read so by the run: how the tables are read, said first
        from engine.batch.csv_columns import row_by_row_note

        slower = row_by_row_note(tables, chunk_size)
        if slower is not None:
            tell(slower.level, slower.said, lang)
            notes.append(slower)
    report = SummaryFile(summary_path, {"input": str(input_path), "output": str(output), "format": fmt,
                                        "engine": engine, "date": forced_date.isoformat() if forced_date else None,
                                        "explain": explain, "brief": brief, "ignored_columns": sorted(ignored),
                                        "renamed_columns": renamed.written,
                                        "renamed_values": renamed.values_written})
    report.clear()
    if streamed:
        run_to_standard_output(source, settings, errors_path, jobs=jobs, chunk_size=chunk_size, progress=progress,
                               policies=policies, earlier=earlier, summary_file=report, notes=notes, started=started,
                               what_if=what_if)
    try:
        summary = run(source, settings, paths, jobs=jobs, chunk_size=chunk_size, resume=resume, identity=fixed,
                      progress=progress.draw, started=started)
    except ResumeError as error:
        tell("error", error.said, lang)
        raise SystemExit(USAGE) from None
    except InputError as error:  # a compressed input found damaged as it is read: nothing to resume
        paths.discard()
        progress.end()
        tell("error", Said(f"{error.said.en}. No output written", f"{error.said.zh}。未写出任何输出"), lang)
        raise SystemExit(USAGE) from None
    except OSError as error:
        output, errors = (path_in_prose(str(p)) for p in (paths.output, paths.errors))
        tell("error", said_of_os_error(error, paths, Said(f"cannot write {output} or {errors}",
                                                           f"无法写入 {output} 或 {errors}")), lang)
        if error.errno in FULL:  # the chunks journalled so far are kept: room made, the run goes on from there
            then = again(source, paths)
            tell("help", Said(f"free some disk space, then {then.en}; or write the output somewhere else",
                               f"请腾出磁盘空间，然后{then.zh}；或把输出写到别处") if source.resumable else
                  Said(f"free some disk space or write the output somewhere else; {then.en}",
                       f"请腾出磁盘空间，或把输出写到别处；{then.zh}"), lang)
        raise SystemExit(USAGE) from None
    except KeyboardInterrupt as interruption:  # Ctrl-C, SIGTERM, SIGHUP
        progress.end()
        then = again(source, paths)
        tell("interrupted", Said(f"no output written; {then.en}", f"未写出任何输出；{then.zh}"), lang)
        raise SystemExit(exit_code(interruption)) from None
    except WorkerDied as error:
        progress.end()
        then = again(source, paths)
        tell("error", Said(f"{error.said.en}. No output written; {then.en}, with fewer --jobs or a smaller "
                            "--chunk-size if memory is short",
                            f"{error.said.zh}。未写出任何输出；{then.zh}；"
                            "内存紧张时请减少 --jobs 或调小 --chunk-size"), lang)
        raise SystemExit(USAGE) from None
    progress.end()
    finished(summary, source, policies, named(str(output)), named(str(paths.errors)), engine=engine,
             earlier=earlier, resumed=resume, report=report.with_errors(str(paths.errors)), notes=notes, lang=lang,
             ignored=sorted(settings.ignored), what_if=what_if)


def _tables(source: Input) -> CsvTables | None:
    """The input if it is CSV tables, else None: their modules (`csv_tables`, `csv_columns` and what they import)
    are imported for tables alone, a JSON Lines or Parquet run needing none of them."""
    if source.form != "csv":
        return None
    from engine.batch.csv_tables import CsvTables

    return source if isinstance(source, CsvTables) else None


def _location(value: str, ctx: click.Context | None = None, param: click.Parameter | None = None) -> Path | str:
    """A URL (`hdfs:///…`, `s3a://…`) as written, for Spark; anything else a local path (an output's folder must
    exist). A URL made a Path would lose its `//` and be taken for a local file."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value):
        return value
    path = Path(value)
    if ctx is not None and param is not None:
        file_in_existing_folder(ctx, param, path)
    return path


def _old_decisions(path: Path, lang: str) -> dict[str, bytes]:
    """--only-changed's earlier decisions (household id → fingerprint), with a note on ids the file holds more than
    once; a file that is not such an output is refused with the exit code of a usage error."""
    from engine.batch.earlier import NotEarlier, read_earlier
    from engine.batch.parquet_input import DETAIL
    from engine.batch.readers import InputError

    try:
        earlier = read_earlier(path)
    except InputError as error:  # a damaged compressed file
        tell("error", error.said, lang)
        raise SystemExit(USAGE) from None
    except NotEarlier as refused:  # `FILE: error: …`, with a help line if given and a library's own words under it
        text = f"{refused.where}: " + HEADS["error"].in_lang(lang) + refused.said.in_lang(lang)
        if refused.help is not None:
            text += "\n" + HEADS["help"].in_lang(lang) + refused.help.in_lang(lang)
        if refused.detail is not None:
            text += "\n" + DETAIL.in_lang(lang) + refused.detail
        click.echo(text, err=True)
        raise SystemExit(USAGE) from None
    repeated = earlier.repeated_said()
    if repeated is not None:
        tell("note", repeated, lang)
    return earlier.decisions


def _what_if_note(policy: Any, forced_date: datetime.date | None, today: datetime.date,
                  lang: str) -> Callable[[int], Said] | None:
    """Say when `--policy` is applied on a day outside its window: on --date, at once; without it, on the day the
    run started, which decides every household that gives no `date` of its own — what is said after the run, of
    the households that had none (None: nothing to say)."""
    day = forced_date or today
    if policy.meta.in_force(day):
        return None
    if forced_date:
        from engine.selection import what_if

        tell("note", what_if(policy, [day]), lang)
        return None
    file, window, on = policy.file, policy.meta.window(), day.isoformat()

    def undated(n: int) -> Said:
        has = "1 household has" if n == 1 else f"{n:,} households have"
        own = "its own and was" if n == 1 else "their own and were"
        return Said(f"{has} no `date` of {own} decided on today ({on}), which "
                    f"{file} (in force {window}) does not cover: such a household, and any whose `date` is outside "
                    "that window, is decided by it as a what-if (--date sets one day for all)",
                    f"有 {n:,} 户没有自带 `date`，按今天（{on}）认定，而 {file} 的施行期为 {window}，不含今天："
                    "这些家庭，以及 `date` 不在施行期内的家庭，都按假设情形用它认定（--date 可为全部家庭指定同一天）")
    return undated
