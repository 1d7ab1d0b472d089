"""`policy batch`: decide a whole population of households, file to file."""

from __future__ import annotations

import datetime
import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson

from cli.batch_summary import SummaryFile, summary_apart
from cli.common import (
    BROKEN_PIPE,
    DIFFERS,
    HEADS,
    JOBS,
    OK,
    USAGE,
    counted,
    in_existing_folder,
    is_special_file,
    lang_option,
    not_a_spreadsheet,
    not_an_input,
    not_read_back,
    parse_date,
    policy_options,
    print_diagnostics,
    require_policy_dir,
    stop_on_policy_errors,
    tell,
)
from cli.localize import in_language
from engine.diagnostics import FULL, Said

ENGINES = click.Choice(["fast", "exact", "spark"])
OUTPUT_FORMATS = click.Choice(["jsonl", "csv", "parquet"])


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(), callback=lambda ctx, param, value: _location(value))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              callback=lambda ctx, param, value: _location(value, ctx, param),
              help="Where to write one decision per household (written atomically); - for standard output. "
              "A name ending .gz, .bz2, .xz or .zst is written compressed (decisions.jsonl.gz).")
@policy_options
@click.option("--date", "date_text", help="Evaluation date YYYY-MM-DD (default: each household's `date`, else today).")
@click.option("--explain", is_flag=True, help="Add the explanation of every decision (exact engine; slower; about "
              "30 KB a household, a thirtieth of it with an OUTPUT named .zst).")
@click.option("--brief", is_flag=True,
              help="Add `brief`: the explanation in short sentences to read aloud, as `policy eval --brief` says it "
                   "(exact engine; about a sixth of --explain's bytes).")
@lang_option
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path), callback=in_existing_folder,
              help="Where to write bad records, one JSON line each (compressed when named .gz, …)  [default: "
              "OUTPUT.errors.jsonl].")
@click.option("--jobs", "-j", type=JOBS, default=None,
              help="Worker processes  [default: the number of cores].")
@click.option("--resume", is_flag=True, help="Continue an interrupted run from its journal.")
@click.option("--only-changed", "old_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Write only households whose decision differs from this earlier output (JSON Lines or Parquet).")
@click.option("--engine", type=ENGINES, default="fast", show_default=True,
              help="fast: compiled columnar program, exact fallback near every threshold; exact: one by one; "
                   "spark: the fast engine on Apache Spark (JSON Lines or Parquet; needs Java and "
                   "pip install -e '.[spark]' in the repository).")
@click.option("--spark-master", default="local[*]", show_default=True,
              help="With --engine spark: the cluster to run on (local[*], yarn, spark://host:7077, …).")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default=None,
              help="Output format  [default: from the OUTPUT suffix: .csv, .parquet, else jsonl; the one before "
              ".gz and the like].")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), callback=in_existing_folder,
              help="Also write the run's summary as JSON: files, engine, policies, counts, the tally of categories "
                   "and the exit code (written atomically when the run ends).")
@click.option("--progress-every", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="Where standard error is not a terminal (a scheduler's log, a file), which gets no progress "
                   "bar: a progress line with the count, rate and time left every SECONDS (e.g. 60)  [default: none, "
                   "quiet].")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Households per chunk  [default: 500 with --explain or --brief, 2000 exact; fast: 25000 from "
                   "Parquet, 5000 otherwise].")
def batch(input_path: Path | str, output: Path | str, policy_file: Path | None, policy_dir: Path, date_text: str | None,
          explain: bool, brief: bool, lang: str | None, errors_path: Path | None, jobs: int | None, resume: bool,
          old_path: Path | None, engine: str, spark_master: str, fmt: str | None, summary_path: Path | None,
          progress_every: float, chunk_size: int | None) -> None:
    """Decide every household of INPUT and write one decision each to OUTPUT.

    INPUT is a JSON Lines file (or one compressed with gzip, bzip2, xz or zstd), a folder of JSON and
    JSON Lines files (compressed or not), a folder holding households.csv and members.csv (and
    lines.csv; compressed or not), or Parquet: a file or a folder of parts, partition folders too (docs/batch.md gives
    the layouts); with --engine spark, JSON Lines or
    Parquet on any filesystem Spark reads. INPUT `-` reads JSON Lines (compressed or not) from standard
    input, and `-o -` writes JSON Lines or CSV to standard output as the decisions are made (bad records
    then go to standard error, or to --errors FILE); neither can be resumed.
    Output order is input order; each JSON line is the decision `policy eval --format json`
    gives, whose JSON Schema `policy schema decision` prints. Bad records never stop the run: they go to the errors
    file with their located messages. An interrupted run (Ctrl-C, a crash) leaves no
    output file; `--resume` continues it and gives the same bytes as an uninterrupted run.
    The run ends with a summary and the tally of households (members) in each category.

    \b
    Examples:
      policy batch households.jsonl -o decisions.jsonl
      policy batch exports/ -o decisions.parquet --date 2026-03-01
      policy batch households.jsonl -o decisions.jsonl --resume
      policy batch households.jsonl -o decisions.parquet --summary run.json
      policy batch households.jsonl -o decisions.jsonl.gz --explain
      policy sample --n 1000 | policy batch - -o - --errors bad.jsonl > decisions.jsonl
      policy batch households.jsonl -o changed.jsonl --policy policy/post-transition.yaml \\
          --only-changed decisions-2025.jsonl
      policy batch hdfs:///county/households.parquet -o hdfs:///county/decisions.parquet \\
          --engine spark --spark-master yarn --date 2026-03-01

    Exit codes: 0 every household decided, 1 with --only-changed: some decisions changed,
    2 bad records (see the errors file) or a usage error, 130 interrupted (no output written;
    --resume continues), 141 with -o -: standard output was closed before the end (`| head`).
    """
    from cli.common import default_lang
    from engine.batch.evaluate import Settings
    from engine.batch.input_columns import undated
    from engine.batch.readers import InputError, open_input
    from engine.batch.runner import Paths, ResumeError, progress_bar, progress_lines, read_today, run
    from engine.batch.writers import Columns, output_compression, output_format
    from engine.diagnostics import PolicyError, source_lines
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
        _spark(str(input_path), str(output), errors_path, policy_file, policy_dir, forced_date, explain, brief,
               resume, old_path, fmt, spark_master, summary_path, lang)
    if isinstance(input_path, str) or isinstance(output, str):
        url = input_path if isinstance(input_path, str) else output
        raise click.UsageError(in_language(f"{url} is a URL: only --engine spark reads and writes those",
                                           f"{url} 是网址：只有 --engine spark 能读写网址"))
    not_a_spreadsheet(output, fmt)
    fmt = output_format(output, fmt)
    if fmt == "parquet" and not _has_pyarrow():
        raise click.UsageError(in_language("Parquet output needs pyarrow: pip install pyarrow",
                                           "输出 Parquet 需要 pyarrow：pip install pyarrow"))
    compression = None if streamed else output_compression(output)
    if compression is not None:
        compressible(output, fmt, compression)
    if streamed:
        _streamable(fmt, resume)
    paths = Paths(output, errors_path or output.with_name(output.name + ".errors.jsonl"))
    errors_compression = output_compression(errors_path) if errors_path is not None else None  # named so
    if errors_compression is not None and errors_path is not None:
        compressible(errors_path, "jsonl", errors_compression)
    if not streamed and paths.errors.resolve() == paths.output.resolve():
        raise click.BadParameter(in_language("the errors file must differ from the output",
                                             "错误文件不能与输出文件是同一个文件"), param_hint="--errors")
    written_files = [(paths.output, "'-o' / '--output'"), (paths.errors, "'--errors'")]
    if streamed:  # only the errors file, when one is given
        written_files = [(errors_path, "'--errors'")] if errors_path is not None else []
    for written, hint in written_files:
        if is_special_file(written):
            name = click.format_filename(written)
            raise click.BadParameter(in_language(f"{name} is a device or a pipe: a batch writes beside its output and "
                                                 "renames the result into place; give a file name",
                                                 f"{name} 是设备或管道：批量运行先写在输出旁边，再改名放到位："
                                                 "请给出一个文件名"), param_hint=hint)
    if summary_path is not None:  # a device or a pipe will do (`--summary /dev/stdout`): it is written at once
        summary_apart(summary_path, [f for f, _ in written_files] + ([] if streamed else [paths.journal]), streamed)
        written_files.append((summary_path, "'--summary'"))
    for written, hint in written_files:  # a file the next run would read among the folder's households
        default = written == paths.errors and errors_path is None
        not_read_back(written, input_path, f"{hint} (= OUTPUT.errors.jsonl)" if default else hint)
    try:
        if policy_file is not None:
            from engine.policy_cache import load_policy_file
            policies = [load_policy_file(policy_file)[0]]
        else:
            policies = load_folder(policy_dir)
            if not policies:
                raise click.UsageError(in_language(f"no policy files in {policy_dir}; give --policy FILE or "
                                                   "--policy-dir DIR",
                                                   f"{policy_dir} 中没有政策文件：请给出 --policy FILE 或 "
                                                   "--policy-dir DIR"))
    except PolicyError as error:
        stop_on_policy_errors(error, lang)
    if str(input_path) == "-" and sys.stdin.isatty():
        raise click.UsageError(in_language("INPUT is - (standard input), but nothing is piped in: "
                                           "`policy batch - -o decisions.jsonl < households.jsonl`",
                                           "INPUT 是 -（标准输入），但没有用管道送入任何内容："
                                           "`policy batch - -o decisions.jsonl < households.jsonl`"))
    try:
        source = open_input(input_path, policies, stdin=sys.stdin.buffer)
    except InputError as error:
        if error.diagnostics:
            print_diagnostics(error.diagnostics, source_lines, lang=lang)
        else:
            tell("error", error.said, lang)
        raise SystemExit(USAGE) from None
    click.get_current_context().call_on_close(source.close)
    for written, hint in written_files:
        not_an_input(written, (*source.files(every=True), old_path), hint)  # every table, also one not there
    if resume and not source.resumable:
        raise click.UsageError(in_language("--resume reads the input again from where the run stopped, and standard "
                                           "input cannot be read again: run the batch again without --resume",
                                           "--resume 要从运行停下的地方再读输入，而标准输入无法再读一遍：请不加 "
                                           "--resume 重新运行"))
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
    if policy_file is not None:
        _what_if_note(policies[0], forced_date, today, lang)
    old = _old_decisions(old_path, lang) if old_path is not None else None
    settings = Settings(tuple(policies), policies[0] if policy_file is not None else None, str(policy_dir),
                        forced_date, today, explain, lang, fmt, engine, Columns.of(policies, explain, brief), old,
                        brief, compression, errors_compression)
    identity: dict[str, Any] = {
        "input": source.fingerprint(),
        "policies": [[p.file, p.sha256] for p in policies],
        "chosen": policy_file is not None,
        "date": forced_date.isoformat() if forced_date else None,
        "today": today.isoformat(),
        "explain": explain, "brief": brief, "lang": lang if explain or brief else None, "format": fmt,
        "only_changed": _fingerprint(old_path) if old_path is not None else None,
    }
    interactive = sys.stderr.isatty() and not (streamed and sys.stdout.isatty())  # no bar over decisions shown
    draw = progress_bar(source.count(), estimate=source.estimated_count, lang=lang) if interactive else \
        progress_lines(source.count(), progress_every, estimate=source.estimated_count, lang=lang) \
        if progress_every and not sys.stderr.isatty() else None  # a log: now and then a line
    jobs, chunk_size = jobs or os.cpu_count() or 1, chunk_size or _chunk_size(engine, source, explain or brief)
    report = SummaryFile(summary_path, {"input": str(input_path), "output": str(output), "format": fmt,
                                        "engine": engine, "date": forced_date.isoformat() if forced_date else None,
                                        "explain": explain, "brief": brief})
    report.clear()
    if streamed:
        _run_to_standard_output(source, settings, errors_path, jobs=jobs, chunk_size=chunk_size, progress=draw,
                                interactive=interactive, policies=policies,
                                earlier=(str(old_path), old) if old is not None else None,
                                summary_file=report, notes=notes)
    try:
        summary = run(source, settings, paths, jobs=jobs, chunk_size=chunk_size, resume=resume, identity=identity,
                      progress=draw)
    except ResumeError as error:
        tell("error", error.said, lang)
        raise SystemExit(USAGE) from None
    except InputError as error:  # a compressed input found damaged as it is read: nothing to resume
        paths.discard()
        if interactive:
            click.echo("", err=True)
        tell("error", Said(f"{error.said.en}. No output written", f"{error.said.zh}。未写出任何输出"), lang)
        raise SystemExit(USAGE) from None
    except OSError as error:
        tell("error", _said(error, paths, Said(f"cannot write {paths.output} or {paths.errors}",
                                                f"无法写入 {paths.output} 或 {paths.errors}")), lang)
        if error.errno in FULL:  # the chunks journalled so far are kept: room made, the run goes on from there
            again = _again(source, paths)
            tell("help", Said(f"free some disk space, then {again.en}; or write the output somewhere else",
                               f"请腾出磁盘空间，然后{again.zh}；或把输出写到别处") if source.resumable else
                  Said(f"free some disk space or write the output somewhere else; {again.en}",
                       f"请腾出磁盘空间，或把输出写到别处；{again.zh}"), lang)
        raise SystemExit(USAGE) from None
    except KeyboardInterrupt:
        if interactive:
            click.echo("", err=True)
        again = _again(source, paths)
        tell("interrupted", Said(f"no output written; {again.en}", f"未写出任何输出；{again.zh}"), lang)
        raise SystemExit(130) from None
    except WorkerDied as error:
        if interactive:
            click.echo("", err=True)
        again = _again(source, paths)
        tell("error", Said(f"{error.said.en}. No output written; {again.en}, with fewer --jobs or a smaller "
                            "--chunk-size if memory is short",
                            f"{error.said.zh}。未写出任何输出；{again.zh}；"
                            "内存紧张时请减少 --jobs 或调小 --chunk-size"), lang)
        raise SystemExit(USAGE) from None
    if interactive:
        click.echo("", err=True)
    _finished(summary, source, policies, _named(str(output)), _named(str(paths.errors)), engine=engine,
              earlier=(str(old_path), old) if old is not None else None, resumed=resume,
              report=report.with_errors(str(paths.errors)), notes=notes,
              lang=lang)


def _finished(summary: Any, source: Any, policies: Any, output: Said, errors: Said | None, *, engine: str,
              earlier: tuple[str, Mapping[str, bytes]] | None, resumed: bool, report: SummaryFile, notes: Any,
              lang: str) -> NoReturn:
    """The summary of a finished run, the tally of categories and any repeated ids (and `--summary`'s file, with
    the `notes` said before the run); then the exit code. `earlier`: --only-changed's file and its decisions."""
    compared = earlier is not None
    gone = _gone(earlier, summary) if earlier is not None and not summary.resumed_from else None
    rate = (summary.households - summary.resumed_from) / summary.seconds if summary.seconds else 0.0
    fast, after = engine == "fast", summary.resumed_from
    timing = Said(f"{summary.seconds:.1f} s, {rate:,.0f} households/s"
                  + (f", {summary.rechecked:,} checked by the exact evaluator" if fast else "")
                  + (f", resumed after {after:,}" if resumed else ""),
                  f"用时 {summary.seconds:.1f} 秒，每秒 {rate:,.0f} 户"
                  + (f"，{summary.rechecked:,} 户经精确评估器复核" if fast else "")
                  + (f"，从第 {after:,} 户之后接着运行" if resumed else ""))
    click.echo(_run_line(summary.households, summary.written, output, summary.unchanged if compared else None,
                         summary.bad, errors, timing, stray=summary.stray,
                         gone=(earlier[0], len(gone)) if earlier is not None and gone is not None else None
                         ).in_lang(lang), err=True)
    if earlier is not None and gone:
        tell("note", _gone_said(earlier[0], gone), lang)
    if summary.held:
        _say_tally(summary.held, policies, lang)
    _say_problems(summary.problems, lang, stray=bool(summary.stray))
    _say_defaults(notes, lang)
    if summary.repeated_ids:
        from engine.batch.repeated_ids import repeated_ids_said

        tell("warning", repeated_ids_said(summary.repeated_ids, [source.where(n) for n in summary.repeated_at]), lang)
    from engine.doubts import HEADS, IMPLAUSIBLE, MEMBERLESS, REPEATED, SAID, doubted_said

    for kind in SAID:
        if kind in summary.doubted_first:
            number, short = summary.doubted_first[kind]
            tell("warning", doubted_said(kind, summary.doubted[kind], source.where(number), short), lang)
    code = USAGE if summary.bad or summary.stray else DIFFERS if compared and summary.written else OK
    report.write(summary.held, policies, code, households=summary.households, written=summary.written,
                 bad=summary.bad, rows_of_no_household=summary.stray, unchanged=summary.unchanged if compared else None,
                 missing_from_input=len(gone) if gone is not None else None,
                 rechecked=summary.rechecked if engine == "fast" else None, repeated_ids=summary.repeated_ids,
                 repeated_lines=summary.doubted[REPEATED], memberless_lines=summary.doubted[MEMBERLESS],
                 not_one_head=summary.doubted[HEADS],
                 implausible_values=summary.doubted[IMPLAUSIBLE], resumed_from=summary.resumed_from,
                 seconds=round(summary.seconds, 3), households_per_second=round(rate, 1),
                 problems=summary.problems.to_json(), notes=_notes_json(notes))
    raise SystemExit(code)


def _run_line(households: int, written: int, output: Said, unchanged: int | None, bad: int, errors: Said | None,
              timing: Said, stray: int = 0, gone: tuple[str, int] | None = None) -> Said:
    """`100 households; 100 decisions written to …; 0 bad records — ` and the `timing`: the first line of a run's
    summary (`共 100 户；100 条认定结果已写入 …；0 条记录有误。` in Chinese); with `stray`, the rows of CSV tables
    that are no household's, which the errors file holds too; with `gone`, --only-changed's file and how many of
    its households the input no longer holds."""
    en = [counted(households, "household"), f"{counted(written, 'decision')} written to {output.en}"]
    zh = [f"共 {households:,} 户", f"{written:,} 条认定结果已写入 {output.zh}"]
    if unchanged is not None:
        en.append(f"{unchanged:,} unchanged")
        zh.append(f"{unchanged:,} 户结果未变")
    if gone is not None:
        en.append(f"{counted(gone[1], 'household')} of {gone[0]} not in the input")
        zh.append(f"{gone[0]} 中有 {gone[1]:,} 户不在输入中")
    en.append(counted(bad, "bad record"))
    zh.append(f"{bad:,} 条记录有误")
    if stray:
        en.append(f"{counted(stray, 'row')} of no household")
        zh.append(f"另有 {stray:,} 行不属于任何一户")
    if (bad or stray) and errors:
        en[-1] += f" (see {errors.en})"
        zh[-1] += f"（见 {errors.zh}）"
    return Said("; ".join(en) + " — " + timing.en, "；".join(zh) + "。" + timing.zh)


def _gone(earlier: tuple[str, Mapping[str, bytes]], summary: Any) -> list[str]:
    """The ids of --only-changed's households that the input no longer holds (neither decided nor a bad record), in
    the order of that file."""
    seen = summary.old_seen
    return [household for household in earlier[1] if household not in seen]


def _gone_said(name: str, gone: list[str]) -> Said:
    """The note under the summary on the households of --only-changed's file no longer in the input."""
    first = gone[:3]
    more = len(gone) > len(first)
    ids_en = ", ".join(f"`{i}`" for i in first) + (", …" if more else "")
    ids_zh = "、".join(f"`{i}`" for i in first) + ("等" if more else "")
    return Said(f"{counted(len(gone), 'household')} of {name} {'is' if len(gone) == 1 else 'are'} not in this input "
                f"({ids_en}): no decision was made for them, so they are neither changed nor unchanged; if they "
                "left the register, their earlier decisions no longer hold",
                f"{name} 中有 {len(gone):,} 户不在这次的输入中（{ids_zh}）：这次没有认定它们，既不算结果有变，"
                "也不算未变；如果它们已不在名册中，它们此前的认定结果已不再适用")


def _say_tally(held: Any, policies: Any, lang: str) -> None:
    """The households (members) in each category: by id, or in Chinese by the categories' labels."""
    from engine.batch.tally import line

    click.echo(("各类别：" if lang == "zh" else "categories: ") + line(held, policies, lang), err=True)


def _say_defaults(notes: Any, lang: str) -> None:
    """Under the tally: the warnings the counts rest on (a column the input lacks, read by a category), said
    before the run and again here, where an inflated count is read."""
    for note in notes:
        if note.rests_on is not None:
            tell("warning", note.rests_on, lang)


def _notes_json(notes: Any) -> list[dict[str, str]]:
    """`--summary`'s `notes`: what was said before the run, each with its level, in English."""
    return [{"level": note.level, "message": note.said.en} for note in notes]


def _say_problems(problems: Any, lang: str, stray: bool = False) -> None:
    """Under the summary of a run with bad records (or, `stray`, rows of CSV tables that are no household's): what
    is wrong with them, the most frequent problem first."""
    if problems.found:
        said = Said("bad records and rows of no household by problem (each counts once for each problem it has):",
                    "有误记录和不属于任何一户的行按问题统计（每条有几个问题就计几次）：") if stray else \
            Said("bad records by problem (a record counts once for each problem it has):",
                 "有误记录按问题统计（一条记录有几个问题就计几次）：")
        click.echo(said.in_lang(lang), err=True)
        for text in problems.said(lang=lang):
            click.echo(text, err=True)


def _named(name: str) -> Said:
    """A file named in a sentence: the same in both languages."""
    return Said(name, name)


def _again(source: Any, paths: Any) -> Said:
    """What to do after a run to a file stopped before its end: resume it, or (standard input) run it again."""
    if source.resumable:
        journal = paths.journal  # beside the output, as named: `../out/.decisions.jsonl.journal`, not just its name
        return Said(f"run the same command with --resume to continue (progress is kept in {journal})",
                    f"加上 --resume 再运行同一命令即可接着运行（进度保存在 {journal} 中）")
    paths.discard()  # nothing can resume it
    return Said("standard input cannot be read again, so run the batch again from the start",
                "标准输入无法再读一遍，请从头重新运行")


def compressible(output: Path, fmt: str, kind: str) -> None:
    """Stop before the run when an output named compressed (`decisions.jsonl.gz`) cannot be written so."""
    if fmt == "parquet":
        name = output.with_suffix("").name
        raise click.UsageError(in_language(f"{output}: Parquet is compressed inside the file (zstd); name the output "
                                           f"{name}, without {output.suffix}",
                                           f"{output}：Parquet 在文件内部已经压缩（zstd）：请把输出命名为 {name}，"
                                           f"不加 {output.suffix}"))
    if kind == "zstd" and not _has_pyarrow():
        name = output.with_suffix("").name
        raise click.UsageError(in_language(f"{output}: writing zstd needs pyarrow (pip install pyarrow); or name the "
                                           f"output {name}.gz for gzip",
                                           f"{output}：写 zstd 需要 pyarrow（pip install pyarrow）；或把输出命名为 "
                                           f"{name}.gz，用 gzip 压缩"))


def _streamable(fmt: str, resume: bool) -> None:
    """`-o -`: JSON Lines or CSV, as they come, and nothing to resume."""
    if fmt == "parquet":
        raise click.UsageError(in_language("Parquet cannot be written to standard output (a Parquet file ends with the "
                                           "index its readers seek to): give a file name, or --format jsonl or csv",
                                           "Parquet 不能写到标准输出（Parquet 文件的末尾是读取时要跳转到的索引）："
                                           "请给出文件名，或用 --format jsonl 或 csv"))
    if resume:
        raise click.UsageError(in_language("--resume continues a run written to a file; a run written to standard "
                                           "output (-o -) cannot be resumed: run it again without --resume",
                                           "--resume 只能接着运行写到文件的运行；写到标准输出（-o -）的运行无法接着"
                                           "运行：请不加 --resume 重新运行"))


def _run_to_standard_output(source: Any, settings: Any, errors: Path | None, *, jobs: int, chunk_size: int,
                            progress: Any, interactive: bool, policies: Any,
                            earlier: tuple[str, Mapping[str, bytes]] | None,
                            summary_file: SummaryFile, notes: Any) -> NoReturn:
    """`-o -`: decisions to standard output as they are made; bad records to --errors, else to standard error.
    Ends the command with its exit code."""
    from engine.batch.readers import InputError
    from engine.batch.runner import Paths, run_to_stream
    from engine.parallel import WorkerDied

    lang = settings.lang

    def report(lines: bytes) -> None:
        if interactive:
            click.echo("\r\x1b[K", nl=False, err=True)  # over the progress bar, redrawn after
        for entry in lines.splitlines():
            _say_bad_record(orjson.loads(entry), lang)

    stdout = sys.stdout.buffer
    try:
        summary = run_to_stream(source, settings, stdout, errors=errors, report=report, jobs=jobs,
                                chunk_size=chunk_size, progress=progress)
    except BrokenPipeError:  # the reader stopped early (`| head`): as a Unix tool, stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more for Python to flush there
        raise SystemExit(BROKEN_PIPE) from None
    except (InputError, OSError, KeyboardInterrupt, WorkerDied) as error:
        if interactive:
            click.echo("", err=True)
        if isinstance(error, KeyboardInterrupt):
            tell("interrupted", Said("the decisions written to standard output are incomplete; a run to standard "
                                      "output cannot be resumed: run it again",
                                      "写到标准输出的认定结果不完整；写到标准输出的运行无法接着运行：请重新运行"), lang)
            raise SystemExit(130) from None
        unnamed = Said("cannot write standard output" + (f" or {errors}" if errors is not None else ""),
                       "无法写入标准输出" + (f"或 {errors}" if errors is not None else ""))
        said = _said(error, Paths(Path("-"), errors or Path("-")), unnamed) if isinstance(error, OSError) \
            else error.said
        tell("error", Said(f"{said.en}. The decisions written to standard output are incomplete",
                            f"{said.zh}。写到标准输出的认定结果不完整"), lang)
        raise SystemExit(USAGE) from None
    if interactive:
        click.echo("", err=True)
    _finished(summary, source, policies, Said("standard output", "标准输出"),
              _named(str(errors)) if errors else Said("the messages above", "上面的信息"),
              engine=settings.engine, earlier=earlier, resumed=False,
              report=summary_file.with_errors(str(errors) if errors else None), notes=notes, lang=lang)


def _say_bad_record(entry: dict[str, Any], lang: str) -> None:
    """A bad record's messages, each as `policy eval` prints one, in `lang` (without the line: it is not kept)."""
    from engine.diagnostics import Diagnostic, render

    for d in entry.get("diagnostics") or []:
        text = render(Diagnostic.from_json(d), lang=lang)
        first, _, rest = text.partition("\n")
        click.echo(click.style(first, fg="red", bold=True) + ("\n" + rest if rest else ""), err=True)


def _location(value: str, ctx: click.Context | None = None, param: click.Parameter | None = None) -> Path | str:
    """A URL (`hdfs:///…`, `s3a://…`) as written, for Spark; anything else a local path (an output's folder must
    exist). A URL made a Path would lose its `//` and be taken for a local file."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value):
        return value
    path = Path(value)
    if ctx is not None and param is not None:
        in_existing_folder(ctx, param, path)
    return path


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _fingerprint(path: Path) -> list[Any]:
    st = path.stat()
    return [str(path), st.st_size, st.st_mtime_ns]


def _old_decisions(path: Path, lang: str) -> dict[str, bytes]:
    """household id → fingerprint of its earlier decision, from a JSON Lines or Parquet output."""
    import orjson

    from engine.batch.evaluate import decision_fingerprint
    from engine.household import looks_like_decision

    reads = Said("--only-changed reads the JSON Lines (compressed or not) or Parquet output of `policy batch`",
                 "--only-changed 读取的是 `policy batch` 输出的 JSON Lines（压缩与否均可）或 Parquet 文件")
    old: dict[str, bytes] = {}
    repeated: dict[str, int] = {}  # ids met again, and the line (Parquet: row) where each was met the second time
    with path.open("rb") as handle:
        if handle.read(4) == b"PAR1":
            return _old_parquet_decisions(path, reads, lang)
    for number, line in _old_lines(path, lang):
        try:
            decision = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            if number == 1 and not line.lstrip().startswith((b"{", b"[")) and b"," in line \
                    and b"household" in line.split(b"\n", 1)[0]:
                _refuse(f"{path}", Said(f"this is CSV output; {reads.en}", f"这是 CSV 输出；{reads.zh}"), lang,
                        Said("write the earlier run with `-o decisions.jsonl` or `-o decisions.parquet`",
                             "上一次运行请用 `-o decisions.jsonl` 或 `-o decisions.parquet` 写出"))
            _refuse(f"{path}:{number}", Said(f"not a JSON line of decisions ({error})",
                                             f"不是认定结果的 JSON 行（{error}）"), lang)
        if not isinstance(decision, dict) or not looks_like_decision(decision) \
                or not isinstance(decision.get("household"), str):
            what = (Said("a bad record of an errors file", "这是错误文件中的一条有误记录")
                    if isinstance(decision, dict) and "diagnostics" in decision
                    else Said("not a decision", "不是认定结果"))
            _refuse(f"{path}:{number}", Said(f"{what.en}; {reads.en}", f"{what.zh}；{reads.zh}"), lang)
        if decision["household"] in old:
            repeated.setdefault(decision["household"], number)
        old[decision["household"]] = decision_fingerprint(decision)
    return _checked_old(path, old, repeated, reads, Said("line", "行"), lang)


def _refuse(where: str, said: Said, lang: str, help: Said | None = None, detail: str | None = None) -> NoReturn:
    """`FILE: error: …` (`FILE: 错误：…`), with a help line if given, and a library's own words (`detail`) under
    it; then the exit code of a usage error."""
    from engine.batch.parquet_input import DETAIL

    text = f"{where}: " + HEADS["error"].in_lang(lang) + said.in_lang(lang)
    if help is not None:
        text += "\n" + HEADS["help"].in_lang(lang) + help.in_lang(lang)
    if detail is not None:
        text += "\n" + DETAIL.in_lang(lang) + detail
    click.echo(text, err=True)
    raise SystemExit(USAGE)


def _old_lines(path: Path, lang: str) -> Iterator[tuple[int, bytes]]:
    """Each line of an earlier output of JSON Lines that is not blank, and its number; read as `policy batch` reads
    JSON Lines, decompressed if the file is compressed (`decisions.jsonl.gz`), a damaged one said as such."""
    from engine.batch.readers import CompressedJsonLines, InputError, JsonLines, compression

    try:
        kind = compression(path, Said("JSON Lines of decisions", "JSON Lines 格式的认定结果"))
        lines = CompressedJsonLines(path, kind, part=True) if kind is not None else JsonLines(path)
        for record in lines.records():
            assert record.raw is not None
            yield record.number, record.raw
    except InputError as error:
        tell("error", error.said, lang)
        raise SystemExit(USAGE) from None


def _old_parquet_decisions(path: Path, reads: Said, lang: str) -> dict[str, bytes]:
    from engine.batch.evaluate import compared_fingerprint
    from engine.batch.parquet_input import UnreadableParquet
    from engine.batch.writers import NotDecisions, compared_in_parquet

    old: dict[str, bytes] = {}
    repeated: dict[str, int] = {}
    try:
        for number, (household, compared) in enumerate(compared_in_parquet(path), 1):
            if household in old:
                repeated.setdefault(household, number)
            old[household] = compared_fingerprint(compared)
    except UnreadableParquet as error:
        again = Said("fetch the earlier output again, or run the earlier batch again to write it",
                     "请重新获取上一次的输出，或重新运行上一次的批量认定把它写出")
        _refuse(f"{path}", error.what, lang, again, error.detail)
    except ValueError as error:  # another layout: households, or a file of another tool (pyarrow's own words)
        why = error.said if isinstance(error, NotDecisions) else _named(str(error))
        _refuse(f"{path}", Said(f"not the decisions of `policy batch` ({why.en}); {reads.en}",
                                f"不是 `policy batch` 的认定结果（{why.zh}）；{reads.zh}"), lang)
    return _checked_old(path, old, repeated, reads, Said("row", "行"), lang)


def _checked_old(path: Path, old: dict[str, bytes], repeated: dict[str, int], reads: Said,
                 place: Said, lang: str) -> dict[str, bytes]:
    """Earlier decisions that are there to compare with, with a note on ids they hold twice."""
    if not old:
        _refuse(f"{path}", Said(f"holds no decision; {reads.en}", f"其中没有认定结果；{reads.zh}"), lang)
    if repeated:
        first, number = next(iter(repeated.items()))
        ids = "1 household id" if len(repeated) == 1 else f"{len(repeated):,} household ids"
        tell("note", Said(f"{path} holds {ids} more than once (the first, `{first}`, again at {place.en} {number}); "
                           "each household is compared with the last decision for its id",
                           f"{path} 中有 {len(repeated):,} 个家庭编号出现不止一次（第一个 `{first}` 在第 {number} "
                           f"{place.zh}再次出现）；每户都与其编号的最后一条认定结果比较"), lang)
    return old


def _what_if_note(policy: Any, forced_date: datetime.date | None, today: datetime.date, lang: str) -> None:
    """Say when `--policy` is applied on a day outside its window: on --date, or, without it, on the day
    the run started, which decides every household that gives no `date` of its own."""
    day = forced_date or today
    if policy.meta.in_force(day):
        return
    if forced_date:
        from engine.selection import what_if

        tell("note", what_if(policy, [day]), lang)
        return
    file, window, on = policy.file, policy.meta.window(), day.isoformat()
    tell("note", Said(f"{file} is in force {window}, not today ({on}), the day of each household without its own "
                       "`date`: such a household, and any whose `date` is outside that window, is decided by it as a "
                       "what-if (--date sets one day for all)",
                       f"{file} 的施行期为 {window}，不含今天（{on}），而没有自带 `date` 的家庭按今天认定：这些家庭，"
                       "以及 `date` 不在施行期内的家庭，都按假设情形用它认定（--date 可为全部家庭指定同一天）"), lang)


def _spark(source: str, output: str, errors_path: Path | None, policy_file: Path | None, policy_dir: Path,
           forced_date: datetime.date | None, explain: bool, brief: bool, resume: bool, old_path: Path | None,
           fmt: str | None, master: str, summary_path: Path | None, lang: str) -> None:
    """`--engine spark`: JSON Lines or Parquet in and out, on a Spark cluster (or local mode)."""
    try:
        import pyspark  # noqa: F401

        from engine.batch.readers import InputError
        from engine.batch.spark import SparkJob, run_spark
        from engine.batch.writers import output_compression, output_format
    except ImportError:
        raise click.UsageError(in_language("--engine spark needs pyspark: pip install -e '.[spark]' in the policy "
                                           "repository (and Java)",
                                           "--engine spark 需要 pyspark：在 policy 的代码库中运行 "
                                           "pip install -e '.[spark]'（还需要 Java）")) from None
    for flag, given in (("--explain", explain), ("--brief", brief), ("--resume", resume),
                        ("--only-changed", old_path is not None)):
        if given:
            raise click.UsageError(in_language(f"{flag} is not available with --engine spark",
                                               f"{flag} 不能与 --engine spark 一起使用"))
    not_a_spreadsheet(Path(output), fmt)
    fmt = output_format(Path(output), fmt)
    if fmt == "csv":
        raise click.UsageError(in_language("--engine spark writes JSON Lines or Parquet, not CSV: name the output "
                                           ".jsonl or .parquet (or give --format)",
                                           "--engine spark 只写 JSON Lines 或 Parquet，不写 CSV：输出请用 .jsonl "
                                           "或 .parquet 后缀（或给出 --format）"))
    if output_compression(Path(output)) is not None:
        name = Path(output).with_suffix("").name
        raise click.UsageError(in_language(f"--engine spark writes its output uncompressed: name it {name} (Parquet "
                                           "is compressed inside the file)",
                                           f"--engine spark 写出的输出不压缩：请把它命名为 {name}（Parquet 在文件"
                                           "内部已经压缩）"))
    from engine.diagnostics import PolicyError
    from engine.loader import load_policy
    from engine.selection import policy_files

    files = [policy_file] if policy_file is not None else policy_files([policy_dir])
    try:
        loaded = [(f, f.read_bytes()) for f in files]
        policies = [load_policy(f, raw=raw)[0] for f, raw in loaded]
    except PolicyError as error:
        stop_on_policy_errors(error, lang)
    except OSError as error:
        tell("error", _named(f"{error.filename}: {error.strerror}"), lang)
        raise SystemExit(USAGE) from None
    job = SparkJob(tuple((str(f), raw) for f, raw in loaded), policy_file is not None, str(policy_dir),
                   forced_date.isoformat() if forced_date else None, datetime.date.today().isoformat(), source, fmt)
    errors = str(errors_path) if errors_path is not None else output + ".errors.jsonl"
    report = SummaryFile(summary_path, {"input": source, "output": output, "format": fmt, "engine": "spark",
                                        "date": job.forced_date, "explain": False, "brief": False,
                                        "errors": errors})
    if summary_path is not None:
        summary_apart(summary_path, [Path(output), Path(errors)])
        report.clear()
    notes: list[Any] = []

    def say(note: Any) -> None:
        notes.append(note)
        tell(note.level, note.said, lang)

    try:
        written, bad, seconds, held, problems, rechecked = run_spark(source, output, errors, job, master, say=say)
    except InputError as error:
        raise click.UsageError(error.in_lang(lang)) from None
    except Exception as error:
        from engine.batch.spark import setup_problem

        said = setup_problem(error)
        if said is None:
            raise
        tell("error", Said(f"Spark refused the job: {said}", f"Spark 拒绝了这项作业：{said}"), lang)
        tell("help", Said("check INPUT and OUTPUT (an hdfs:// URL needs HADOOP_CONF_DIR set, or the namenode in the "
                           "URL: hdfs://host:8020/…) and --spark-master",
                           "请检查 INPUT 和 OUTPUT（hdfs:// 地址需要设置 HADOOP_CONF_DIR，或在地址中写明 namenode："
                           "hdfs://host:8020/…）以及 --spark-master"), lang)
        raise SystemExit(USAGE) from None
    timing = Said(f"{seconds:.1f} s on Spark ({master}), {rechecked:,} checked by the exact evaluator",
                  f"在 Spark（{master}）上用时 {seconds:.1f} 秒，{rechecked:,} 户经精确评估器复核")
    click.echo(_run_line(written + bad, written, _named(output), None, bad, _named(errors), timing).in_lang(lang),
               err=True)
    _say_tally(held, policies, lang)
    _say_problems(problems, lang)
    _say_defaults(notes, lang)
    code = USAGE if bad else OK
    report.write(
        held, policies, code, households=written + bad, written=written, bad=bad, rows_of_no_household=0,
        unchanged=None, missing_from_input=None, rechecked=rechecked,
        repeated_ids=None, repeated_lines=None, memberless_lines=None, not_one_head=None, implausible_values=None,
        resumed_from=0,
        seconds=round(seconds, 3),
        households_per_second=round((written + bad) / seconds, 1) if seconds else 0.0,
        problems=problems.to_json(), notes=_notes_json(notes))
    raise SystemExit(code)


def _said(error: OSError, paths: Any, unnamed: Said) -> Said:
    """An input or output error as the user knows the files: a hidden working file is named by its output;
    an error that names no file (a full disk met while writing) by `unnamed`, what was being written.
    (The system's own words, `error.strerror`, are as the system says them.)"""
    if error.filename is None:
        return Said(f"{unnamed.en}: {error.strerror}", f"{unnamed.zh}：{error.strerror}")
    name = str(error.filename)
    working = {str(paths.partial): paths.output, str(paths.staged): paths.output, str(paths.journal): paths.output,
               str(paths.errors_partial): paths.errors}
    if name in working:
        hidden = Path(name).name
        return Said(f"cannot write {working[name]}: {error.strerror} (while writing {hidden}, "
                    "the hidden working file kept beside it until the run is done)",
                    f"无法写入 {working[name]}：{error.strerror}（当时在写 {hidden}，"
                    "即运行结束前放在它旁边的隐藏工作文件）")
    return _named(f"{name}: {error.strerror}")


def _chunk_size(engine: str, source: Any, explain: bool) -> int:
    """Households per chunk: Parquet read as columns pays per chunk, not per household, so its chunks are larger;
    an explained household (--explain, --brief) takes a millisecond or so and --explain writes some 25 KB, so those
    chunks are small (memory, and both cores busy to the end)."""
    from engine.batch.parquet_input import ParquetFolder, ParquetHouseholds

    if explain:
        return 500
    if engine == "exact":
        return 2000
    return 25_000 if isinstance(source, ParquetHouseholds | ParquetFolder) else 5000
