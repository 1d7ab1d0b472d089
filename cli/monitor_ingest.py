"""`policy monitor ingest`: household snapshots recorded with their decisions, and what a run did."""

from __future__ import annotations

import dataclasses
import datetime
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.common import (
    JOBS,
    OK,
    USAGE,
    counted,
    from_environment,
    lang_option,
    not_read_back,
    parse_date,
    policy_options,
    print_diagnostics,
    rename_column_option,
    rename_value_option,
)
from cli.localize import in_language
from cli.monitor_common import (
    ERROR,
    HELP,
    WARNING,
    fail,
    kept_for_good,
    load_policies,
    new_db_option,
    open_register,
    say_note,
)
from engine.diagnostics import Said
from engine.interruptions import exit_code

if TYPE_CHECKING:
    from engine.batch.readers import InputForm


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="FILE|DIR|-...")
@new_db_option
@click.option("--date", "date_text", metavar="D",
              help="Evaluation date YYYY-MM-DD (default: each household's `date`, else today).")
@policy_options
@click.option("--strict", is_flag=True, help="A bad record rolls its whole file back (default: skip and count it).")
@click.option("--what-if", "what_if", is_flag=True,
              help="Record the snapshots even when the policy of --policy is not in force on their dates (a "
                   "what-if).")
@click.option("--jobs", "-j", metavar="N", type=JOBS, default=None,
              help="Worker processes deciding households  [default: the number of cores].")
@click.option("--ignore-column", "ignore_columns", multiple=True, metavar="NAME",
              help="A column (or field) of the input that no policy reads, left out of every household and of its "
                   "snapshot rather than refused, as `policy batch --ignore-column` leaves it out; repeat the option "
                   "or separate names by commas.")
@rename_column_option
@rename_value_option
@lang_option
def ingest(targets: tuple[str, ...], db_path: Path, date_text: str | None, policy_file: Path | None,
           policy_dir: Path, strict: bool, what_if: bool, jobs: int | None, ignore_columns: tuple[str, ...],
           rename_columns: tuple[str, ...], rename_values: tuple[str, ...], lang: str | None) -> None:
    """Record household snapshots with their decisions: one transaction per file.

    Each FILE is one household (JSON), a JSON array, or JSON Lines, compressed or not
    (gzip, bzip2, xz, zstd); a DIR stands for its *.json and *.jsonl files, compressed
    ones too, or, holding households.csv and members.csv (and lines.csv), for those CSV
    tables, read as `policy batch` reads them (its households.csv as FILE stands for
    them too); - reads standard input. Bad records are reported with their
    location (in the language of `--lang`, as `policy eval` says them), skipped and counted
    (`--strict`: the file is rolled back instead). A file whose snapshots --policy would decide
    outside its window (what-ifs) is rolled back unless --what-if confirms them. A file that
    fails for any other reason leaves the register as it was. A snapshot identical to one
    already recorded (same household, date, policy and data) is not recorded twice.

    \b
    Examples:
      policy monitor ingest exports/2026-03.jsonl
      policy monitor ingest exports/ --date 2026-03-31 --db /srv/desk/register.sqlite3
      policy monitor ingest tables/ --date 2026-03-31
      policy sample --n 100 | policy monitor ingest - --strict

    Files named in the examples stand for your own.

    Exit codes: 0 every record recorded, 2 bad records or an input error (each one located),
    what-ifs not confirmed by `--what-if`, or a policy edited without a new version name.
    """
    from cli.common import default_lang
    from engine.batch.ignored import ignored_names, offering_ignore
    from engine.batch.problems import Problems
    from engine.batch.readers import InputError
    from engine.batch.renamed import not_tables, renamed_columns
    from engine.diagnostics import Diagnostic, Span, headline, source_lines
    from engine.household_input import first_names, unread_note
    from engine.monitor.disk_errors import DiskError
    from engine.monitor.disk_full import DiskFull
    from engine.monitor.ingest import ingest_file, missing_from_export
    from engine.monitor.ingest_report import IngestReport
    from engine.monitor.inputs import IngestError, beside_tables, csv_tables, input_files
    from engine.monitor.policy_and_date import PolicyAndDateChoice
    from engine.monitor.record_outcomes import Problem
    from engine.monitor.register import RegisterError
    from engine.monitor.snapshot_warnings import date_given_warning
    from engine.parallel import WorkerDied
    from engine.yamlsource import cannot_read

    forced = parse_date(date_text)
    lang = lang or default_lang()
    zh = lang == "zh"
    variable = from_environment(click.get_current_context(), "db_path")
    db_hint = "'--db'" + (in_language(f" (from ${variable})", f"（取自 ${variable}）") if variable else "")
    if "" in targets:  # read as the working folder else, and named so in what it says
        fail(lang, Said('the file to ingest is named as blank (""): give an export file, a folder of them, or - for '
                        "standard input",
                        '要导入的文件名为空（""）：请给出导出文件、存放导出文件的文件夹，或用 - 表示标准输入'))
    for target in targets:  # a register the next ingest of that folder would read as a household file
        not_read_back(db_path, target, db_hint, tables_first=False, parquet=False)
    files: list[str] = []
    for target in targets:
        try:
            files.extend(input_files(target))
        except IngestError as error:
            fail(lang, error.said)
        folder = Path(target) if target != "-" and Path(target).is_dir() else None
        note = None if folder is None else unread_note(folder) if csv_tables(folder) is None else \
            beside_tables(folder)  # CSV tables: its JSON files are not read
        if note:
            say_note(lang, note)
        if rename_columns and (target == "-" or csv_tables(Path(target)) is None):
            fail(lang, not_tables(target, "parquet" if target.lower().endswith((".parquet", ".pq")) else "json").said)
    policies, chosen = load_policies(policy_file, policy_dir, lang, forced)
    today = datetime.date.today()
    try:
        ignored = ignored_names(ignore_columns, policies)
        renamed = renamed_columns(rename_columns, policies, rename_values)
    except InputError as error:
        fail(lang, error.said)
    choice = PolicyAndDateChoice(tuple(policies), chosen, str(policy_dir), forced, today, ignored, renamed)

    read_lines: dict[str, list[str]] = {}  # the lines of the file the bad records are in, read once for all

    def lines_of(file: str) -> list[str]:
        if file not in read_lines:
            read_lines.clear()
            read_lines[file] = source_lines(file)
        return read_lines[file]

    # the run's bad records by the form of their input, for the dates a spreadsheet wrote: said once for their column
    dated_by_form: dict[InputForm, Problems] = {}
    dated = Problems()  # those of the form of the file at hand
    headers: dict[str, str] = {}  # the headers of CSV tables --rename-column renamed, as their files write them

    def report_problem(problem: Problem) -> None:
        """A bad record's findings, as `policy eval` says them: each with one help, that offers the option of this
        command that reads it where one does (a value in an export's words: `--rename-value`; a field of its own:
        `--ignore-column`)."""
        apart = dated.dated_before(problem.diagnostics)
        helped = dataclasses.replace(problem, diagnostics=offering_ignore(problem.diagnostics))
        shown = [d for d, later in zip(helped.shown, apart, strict=True) if not later]
        dated.add(Problems.of_records([(problem.source, problem.diagnostics)]))
        headers.update(problem.headers)
        if shown:
            print_diagnostics(shown, lines_of, lang=lang)

    def report_warning(source: str, said: Said, code: str | None = None, help: Said | None = None,
                       span: Span | None = None) -> None:
        if span is not None and code is not None:  # at its line and column, its line underlined, as eval says it
            print_diagnostics([Diagnostic.said(code, said, span, help=help, severity="warning")], lines_of, lang=lang)
            return
        label = WARNING.in_lang(lang) if code is None else headline(Diagnostic.said(code, Said("", ""), None,
                                                                                    severity="warning"), lang)
        click.echo(f"{source}: " + click.style(label, fg="yellow", bold=True) + said.in_lang(lang)
                   + ("" if help is None else f"\n{HELP.in_lang(lang)}{help.in_lang(lang)}"), err=True)

    def confirmed(report: IngestReport) -> bool:
        return what_if or not report.what_if

    def warn_of_dates(report: IngestReport, source: str, ingests: list[int]) -> None:
        """Snapshots --date dated otherwise than their records' own `date`: one warning for the file, or for the
        files of a run together (a folder of one household a file), counted in its summary."""
        said = date_given_warning(forced, report.carried, report.recorded, ingests)
        if said is not None:
            report.warnings += 1
            report_warning(source, said)

    failed = False
    refused = IngestReport("")  # the what-ifs of the files rolled back for want of --what-if
    totals = IngestReport(f"{len(files)} files")
    register = open_register(db_path, lang, create=True)
    kept: list[tuple[str, int]] = []  # the files that recorded snapshots, and how many
    held_nothing: set[int] = set()  # the files (by their place in the run) of which the register holds nothing
    recording: list[int] = []  # the ingests of those files
    inputs = first_names(["<stdin>" if target == "-" else target for target in targets], lang)  # the run's, said so
    numbers: list[int] = []  # of the files' ingests (those rolled back or unreadable have none)
    untold: list[IngestReport] = []  # files' summaries waiting to know whether their ingests stay numbered

    def tell_summaries(waiting: bool = False) -> None:
        """The files' summaries not said yet, each by its ingest's number where the register stays: one this run made
        goes, with the ingests numbered in it, while no file has recorded in it (`Register.made_empty`), and the
        summaries then wait for a later file, which may record (`waiting`), or are said by the files' names."""
        gone = register.created and not kept
        if gone and waiting:
            return
        for report in untold:
            click.echo(_ingest_said(report, lang, numbered=not gone) + _summary(report, lang, first), err=True)
        untold.clear()

    def tell_gathered() -> None:
        """What waits for the run's end, said at its end or where a stop ends it part way: the files' summaries,
        then the columns of the dates a spreadsheet wrote in the records read so far."""
        tell_summaries()
        for form, problems in dated_by_form.items():  # of all the files, as `policy batch` says those of a folder
            _say_dated_columns(problems, form, inputs, lang, headers)
        dated_by_form.clear()

    with register:
        # on a register's first ingest every household is new to it: the count is said from the second on
        first = next(iter(register.household_ids()), None) is None
        at_hand = 0  # the file being ingested: the files before it are done with, whatever a stop's moment
        batches: int | None = None  # the register's ingests before the file at hand, once counted
        try:
            for done, name in enumerate(files):
                at_hand, batches = done, None
                batches = register.batches()
                form: InputForm = "csv" if name != "-" and csv_tables(Path(name)) is not None else "json"
                dated = dated_by_form.setdefault(form, Problems())
                try:
                    report = ingest_file(register, name, choice, strict=strict, jobs=jobs or os.cpu_count() or 1,
                                         on_problem=report_problem, on_warning=report_warning, stdin=sys.stdin.buffer,
                                         accept=confirmed)
                except OSError as error:
                    held_nothing.add(done)
                    click.echo(f"{name}: {ERROR.in_lang(lang)}{cannot_read(error).in_lang(lang)}", err=True)
                    failed = True
                    continue
                except RegisterError as error:
                    # the file recorded nothing, whatever the files before it recorded; a register the run made and
                    # nothing recorded in is not left behind (`Register.close`)
                    gone = db_path if register.created and not kept else None
                    undone = _nothing_of(name, done, gone)
                    if isinstance(error, (DiskFull, DiskError)):  # (no register left: none to restore either)
                        error = error.retold(undone, kept=gone is None)
                    tell_gathered()
                    try:
                        fail(lang, error.said, error.help)
                    finally:  # after the error: the files before it stay recorded, which the run would not say else
                        if kept:
                            warn_of_dates(totals, inputs, recording)
                            say_note(lang, _kept_before(name, kept))
                if report.rolled_back or not (report.recorded or report.duplicates):
                    held_nothing.add(done)
                at_hand, batches = done + 1, None  # (a stop while its outcome is said leaves it recorded)
                if len(files) == 1:
                    _say_dated_columns(dated, form, report.source, lang, headers)
                    dated_by_form.clear()
                    warn_of_dates(report, report.source, [report.ingest] if report.ingest is not None else [])
                    missing = missing_from_export(register, report.exported, report.source)
                    report.notes += [("note", missing)] if missing is not None else []
                for level, said in report.notes:  # what CSV tables leave to defaults, as `policy batch` says it
                    if level == "warning":
                        report_warning(report.source, said)
                    else:
                        say_note(lang, said)
                failed = failed or bool(report.bad) or bool(report.refused)
                refused.what_if.update(report.what_if if report.refused else {})
                if report.rolled_back:
                    # of a register this run made and nothing is recorded in, the run's last line says what became
                    # of it (none left behind, or new): that it is unchanged would say there was one before
                    unchanged = Said("", "") if register.created and not kept else Said("; the register is unchanged",
                                                                                         "；台账没有改动")
                    click.echo(f"{report.source}: 未记录任何快照（{report.rolled_back.zh}）{unchanged.zh}" if zh
                               else f"{report.source}: nothing recorded ({report.rolled_back.en}){unchanged.en}",
                               err=True)
                    continue
                for clash in report.clashes:  # most records clash with an earlier ingest of their date: said once
                    click.echo(f"{report.source}: " + click.style(ERROR.in_lang(lang), fg="red", bold=True)
                               + clash.said().in_lang(lang) + f"\n{HELP.in_lang(lang)}{clash.help().in_lang(lang)}",
                               err=True)
                totals.include(report)
                if report.ingest is not None:
                    numbers.append(report.ingest)
                if report.recorded:
                    kept.append((report.source, report.recorded))
                    recording += [report.ingest] if report.ingest is not None else []
                if len(files) == 1 or report.bad:
                    untold.append(report)
                tell_summaries(waiting=True)
            tell_summaries()
            # of a folder of exports (one a village), or several files: the run is the export, not each of its files
            missing = missing_from_export(register, totals.exported, inputs) if len(files) > 1 else None
        except (KeyboardInterrupt, WorkerDied) as stop:  # said of the file at hand, recorded whole or not at all
            if at_hand == len(files):  # stopped while the last file's outcome was said
                name, recorded = files[-1], True
            else:
                name, recorded = files[at_hand], batches is not None and register.batches() > batches
            done = min(at_hand, len(files) - 1)
            held = done - sum(1 for k in held_nothing if k < done)
            gone = db_path if not recorded and register.made_empty() else None  # (not left behind)
            tell_gathered()
            click.echo(_stopped(name, (done, held), stop, lang, recorded=recorded, gone=gone), err=True)
            raise SystemExit(exit_code(stop) if isinstance(stop, KeyboardInterrupt) else USAGE) from None
    if len(files) > 1:
        tell_gathered()
        warn_of_dates(totals, inputs, recording)
        if missing is not None:
            say_note(lang, missing)
        click.echo(_files_said(len(files), numbers if db_path.exists() else [], lang) + _summary(totals, lang, first),
                   err=True)  # (the ingests of a register not left behind are not)
    _run_notes(totals, chosen, today, lang)
    if refused.what_if:
        _refuse(refused, chosen, len(files), lang)
    if register.created:  # a mistyped --db makes a register of its own: said, so that it is not taken for the one
        _new_register(db_path, lang)
    elif not db_path.exists():  # made by this run, and removed with nothing recorded in it
        made = _no_register_at(db_path)
        click.echo(f"监测台账：没有记录任何内容，因此{made.zh}" if zh else
                   f"register: nothing was recorded, so {made.en}", err=True)
    elif totals.recorded or totals.duplicates:  # recorded, or found recorded already: alerts show what it changed
        click.echo(f"监测台账：{db_path}（查看变化：policy monitor alerts）" if zh else
                   f"register: {db_path} (see what changed: policy monitor alerts)", err=True)
    else:  # every file rolled back, unreadable or of bad records alone: nothing to see in the alerts
        click.echo(f"监测台账：{db_path}" if zh else f"register: {db_path}", err=True)
    raise SystemExit(USAGE if failed else OK)


def _say_dated_columns(dated: Any, form: InputForm, source: str, lang: str, headers: dict[str, str]) -> None:
    """The dates a spreadsheet wrote in its own form (`2026/1/1`), said once for each column as `policy batch` says
    them under its summary: of a file, or of the files of a run together, a column by the header its file writes
    (`headers`: those `--rename-column` renamed); not for a column of one record, which was shown with its own help
    already (the record a file that --strict stops at is one), unless the line alone says how to mend the export
    (in Excel, for CSV tables: `spreadsheet_format`)."""
    from engine.batch.problems import spreadsheet_format

    for key in dated.found:
        told = dated.dated_records(key) > 1 or spreadsheet_format(form) is not None
        column = dated.dates_said(key, form, headers) if told else None
        if column is not None:
            click.echo(_of(source) + click.style(ERROR.in_lang(lang), fg="red", bold=True) + column.in_lang(lang),
                       err=True)


def _refuse(refused: Any, chosen: Any, files: int, lang: str) -> None:
    """What-ifs not confirmed, as `reassess` refuses them: why they are what-ifs, that nothing of their files was
    recorded, how to record them all the same, and how to undo those an earlier ingest recorded."""
    from engine.selection import what_if

    say_note(lang, what_if(chosen, [datetime.date.fromisoformat(d) for d in refused.what_if]))
    nothing = Said("the files holding them recorded nothing", "含有它们的文件没有记录任何内容") if files > 1 else None
    said = kept_for_good(sum(refused.what_if.values()), Said("as what-ifs", "按假设情形认定"), nothing)
    help = Said("to have each record decided by the policy in force on its date, give --policy-dir instead of "
                "`--policy`. To record them all the same, add `--what-if`. What-ifs an earlier ingest recorded are "
                "undone one by one with `policy monitor void HOUSEHOLD --date D --snapshot NUMBER --reason …` "
                "(`show HOUSEHOLD` lists each snapshot's NUMBER)",
                "若要按各记录日期施行的政策认定，请用 --policy-dir 代替 --policy 选项。若确要记录，请加上 --what-if "
                "选项。"
                "此前导入时已记录的假设情形，可用 "
                "`policy monitor void 家庭编号 --date 日期 --snapshot 编号 --reason …` 逐条作废"
                "（`show 家庭编号` 列出各条快照的编号）")
    click.echo(click.style(ERROR.in_lang(lang), fg="red", bold=True) + said.in_lang(lang)
               + f"\n{HELP.in_lang(lang)}{help.in_lang(lang)}", err=True)


def _nothing_of(name: str, done: int, gone: Path | None) -> Said:
    """What a file stopped by a disk error left: nothing recorded, the register as it was before it — or, where the
    run made the register and nothing is recorded in it (`gone`), no register (`done`: the files before it)."""
    stopped = "<stdin>" if name == "-" else name
    if gone is not None:
        none = _none_before(done, gone)
        return Said(f"nothing of {stopped} was recorded{none.en}", f"{stopped} 的记录一条也没有记入{none.zh}")
    return Said(f"nothing of {stopped} was recorded, and the register is intact: as it was before this file",
                f"{stopped} 的记录一条也没有记入；台账完好，与读取这个文件之前一样")


def _kept_before(name: str, kept: list[tuple[str, int]]) -> Said:
    """That a file stopped by an error recorded nothing, while the files before it keep what they recorded."""
    from engine.household_input import first_names

    files, snapshots = [source for source, _ in kept], sum(n for _, n in kept)
    stopped = "<stdin>" if name == "-" else name
    return Said(f"{stopped}: nothing recorded; before it, {first_names(files)} recorded "
                f"{counted(snapshots, 'snapshot')}, which the register keeps",
                f"{stopped}：未记录任何快照；在它之前，{first_names(files, 'zh')} 已记录 {snapshots:,} 条快照，"
                "保留在台账中")


def _new_register(db_path: Path, lang: str) -> None:
    """The summary's last line for a register this run created, with where its path came from."""
    ctx = click.get_current_context()
    variable = from_environment(ctx, "db_path")
    if variable:
        fix = Said(f"check ${variable}", f"请检查 ${variable}")
    elif ctx.get_parameter_source("db_path") is click.core.ParameterSource.DEFAULT:
        fix = Said("give its path with --db", "请用 --db 给出它的路径")
    else:
        fix = Said("check --db", "请检查 --db 给出的路径")
    click.echo(f"监测台账：{db_path}（新建：这个路径原来没有台账；若要记入已有的台账，{fix.zh}）" if lang == "zh" else
               f"register: {db_path} (new: there was no register at this path; to record into an existing one, "
               f"{fix.en})", err=True)


def _run_notes(totals: Any, chosen: Any, today: datetime.date, lang: str) -> None:
    """What the snapshots of a run mean beyond their count: dated today for want of a date, decided by the policy
    chosen outside its window (a what-if, as `policy eval` says it), or dated before their household's latest one."""
    from engine.selection import what_if

    if totals.undated:
        day = today.isoformat()
        dated = "its snapshot is" if totals.undated == 1 else "their snapshots are"
        say_note(lang, Said(f"{counted(totals.undated, 'record')} had no `date`: {dated} dated today ({day}); "
                         "if the data is of another day, give that day with --date",
                         f"有 {totals.undated:,} 条记录没有 `date`，其快照的日期记为今天（{day}）；"
                         "若数据是另一天采集的，请用 --date 指定那一天"))

    if totals.what_if:
        said = what_if(chosen, [datetime.date.fromisoformat(d) for d in totals.what_if])
        snapshots = sum(totals.what_if.values())
        say_note(lang, Said(f"{said.en} ({counted(snapshots, 'snapshot')})", f"{said.zh}（{snapshots:,} 条快照）"))
    if totals.older:
        one = totals.older == 1
        say_note(lang, Said(f"{counted(totals.older, 'snapshot')} {'is' if one else 'are'} dated before the latest "
                         f"snapshot of {'its' if one else 'their'} household in the register (an older export "
                         "ingested after a newer one); alerts compare each household's two latest snapshots by "
                         "date, and may now compare other ones than before",
                         f"有 {totals.older:,} 条快照的日期早于该户在台账中最近的一条（较早的导出在较新的之后记录）；"
                         "提醒按日期比较每户最近的两条快照，现在比较的可能不再是之前那两条"))


def _ingest_said(report: Any, lang: str, numbered: bool = True) -> str:
    """What a file's summary opens with: the ingest it was, by the number `void --ingest` takes, as `void` words it
    (`ingest #7 (exports/2026-03.jsonl): `); by its name alone where it has none, or not `numbered` (none left
    behind: a register this run made holds nothing)."""
    if report.ingest is None or not numbered:
        return _of(report.source)
    return (f"导入 #{report.ingest}（{report.source}）：" if lang == "zh"
            else f"ingest #{report.ingest} ({report.source}): ")


def _of(source: str) -> str:
    """What a line about a file, or the files of a run (`a、b`), opens with: `exports: `, in Chinese too, as every
    line located at a file opens (`file:line:col: ` of a bad record, `policy eval`, `policy diff`): the ASCII colon is
    what tools that read located messages parse."""
    return f"{source}: "


def _files_said(files: int, numbers: list[int], lang: str) -> str:
    """What the total of a run over several files opens with: the ingests they were, by the numbers `void --ingest`
    takes (`ingests #7–#9 (3 files): `), else how many files."""
    from engine.monitor.ingest_report import ingests_said

    if not numbers:
        return f"{files:,} 个文件：" if lang == "zh" else f"{counted(files, 'file')}: "
    said = ingests_said(numbers)
    return f"{said.zh}（{files:,} 个文件）：" if lang == "zh" else f"{said.en} ({counted(files, 'file')}): "


def _summary(report: Any, lang: str, first: bool = False) -> str:
    """What an ingest did: `3 snapshots recorded (1 household new to the register), 0 already recorded, 1 bad record
    skipped — 0.1 s, 40 households/s`, with the warnings given, if any, before the time, and the speed only where
    something was recorded; the households new to the register are not counted in its `first` ingest, where every
    one is."""
    seconds = report.seconds
    rate = report.records / seconds if seconds else 0.0
    speed = report.recorded > 0  # (a run that records nothing has no speed worth saying)
    if lang == "zh":
        warned = f"，{report.warnings:,} 条警告" if report.warnings else ""
        new = f"（台账中新增 {report.new:,} 户）" if report.new and not first else ""
        return (f"记录 {report.recorded:,} 条快照{new}，{report.duplicates:,} 条此前已记录，"
                f"跳过 {report.bad:,} 条错误记录{warned} — 用时 {seconds:.1f} 秒"
                + (f"，每秒 {rate:,.0f} 户" if speed else ""))
    warned = f", {counted(report.warnings, 'warning')}" if report.warnings else ""
    new = f" ({counted(report.new, 'household')} new to the register)" if report.new and not first else ""
    return (f"{counted(report.recorded, 'snapshot')} recorded{new}, {report.duplicates:,} already recorded, "
            f"{counted(report.bad, 'bad record')} skipped{warned} — {seconds:.1f} s"
            + (f", {rate:,.0f} households/s" if speed else ""))


def _no_register_at(db_path: Path) -> Said:
    return Said(f"no register was made at {db_path}", f"没有在 {db_path} 新建台账")


def _none_before(done: int, gone: Path | None) -> Said:
    """`, nor of the 2 files before it, so no register was made at …`: the `done` files before a stopped one that
    recorded nothing, and the register the run made that is not left behind for it (`gone`), where there is one."""
    files = Said(f"the {counted(done, 'file')} before it", f"此前的 {done:,} 个文件")
    nor = Said(f", nor of {files.en}", f"，{files.zh}也没有记录任何内容") if done else Said("", "")
    if gone is None:
        return nor
    made = _no_register_at(gone)
    return Said(f"{nor.en}, so {made.en}", f"{nor.zh}，因此{made.zh}")


def _stopped(name: str, before: tuple[int, int], stop: BaseException, lang: str, recorded: bool = False,
             gone: Path | None = None) -> str:
    """An ingest stopped by Ctrl-C or a worker's death: what is recorded (`recorded`: the file at hand too, the
    interruption having come just after its commit; `before`: how many files came before it, and how many of those
    the register holds something of; `gone`: the register this run made, not left behind for holding nothing), and
    how to go on."""
    from engine.parallel import WorkerDied

    done, held = before
    files = Said(f"the {counted(done, 'file')} before it", f"此前的 {done:,} 个文件")
    if done and held == done:
        kept = Said(f" ({files.en} {'is' if done == 1 else 'are'}{' too' if recorded else ''} recorded)",
                    f"（{files.zh}{'也' if recorded else ''}已记录）")
    elif held:
        kept = Said(f" ({held:,} of {files.en} {'is' if held == 1 else 'are'} recorded)",
                    f"（{files.zh}中有 {held:,} 个已记录）")
    elif done and recorded:
        kept = Said(f" ({files.en} recorded nothing)", f"（{files.zh}没有记录任何内容）")
    else:  # the file at hand alone, or the files before it recorded nothing either
        kept = _none_before(done, gone)
    interrupted = isinstance(stop, KeyboardInterrupt)
    if lang == "zh":
        why = "\n已中断" if interrupted else f"{ERROR.zh}{WorkerDied.said.zh}"
        what = f"{name} 已全部记录" if recorded else f"{name} 的内容一条也没有记录"
        return f"{why}：{what}{kept.zh}；再运行同一条命令即可继续：已记录的快照不会重复记录"
    why = "\ninterrupted" if interrupted else f"{ERROR.en}{WorkerDied.said.en}"
    what = f"{name} was recorded whole" if recorded else f"nothing of {name} was recorded"
    return (f"{why}: {what}{kept.en}; run the same command again to continue: "
            "snapshots already recorded are not recorded twice")
