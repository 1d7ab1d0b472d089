"""`policy monitor`: the register of households over time, its alerts and review deadlines."""

from __future__ import annotations

import datetime
import errno
import json
import os
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

import click

from cli.common import (
    FORMATS,
    JOBS,
    OK,
    USAGE,
    counted,
    from_environment,
    in_existing_folder,
    lang_option,
    not_an_input,
    parse_date,
    policy_options,
    print_diagnostics,
    require_policy_dir,
    tell,
    write_atomically,
)
from cli.localize import in_language
from engine.diagnostics import Said

DB_HELP = "The register file (SQLite)  [default: policy-register.sqlite3 here, or $POLICY_REGISTER]."
ALERT_FORMATS = click.Choice(["text", "markdown", "json", "csv"])

# the words around a message, as `policy eval` and `policy check` write them
ERROR, HELP, NOTE, WARNING = (Said("error: ", "错误："), Said("  help: ", "  提示："), Said("note: ", "注意："),
                              Said("warning: ", "警告："))


def _db_option(f, callback=None):  # type: ignore[no-untyped-def]
    """--db of a command that needs the register there already: where there is none, opening it says so."""
    return click.option("--db", "db_path", type=click.Path(path_type=Path), envvar="POLICY_REGISTER",
                        default=Path("policy-register.sqlite3"), show_default=False, help=DB_HELP,
                        callback=callback)(f)


def _new_db_option(f):  # type: ignore[no-untyped-def]
    """--db of ingest, which makes the register where there is none: the folder it goes in must be there."""
    return _db_option(f, in_existing_folder)


def _read_calendar(ctx: click.Context, param: click.Parameter, value: Path | None) -> Any:
    """The `Supplement` of a --calendar file (none without one); its mistakes are located, exit 2."""
    from cli.common import default_lang
    from engine.diagnostics import PolicyError, source_lines
    from engine.monitor.workdays import NO_SUPPLEMENT, read_supplement

    if value is None:
        return NO_SUPPLEMENT
    try:
        return read_supplement(value)
    except PolicyError as error:
        lang = ctx.params.get("lang") or default_lang()  # --lang is eager: known by now
        print_diagnostics(error.diagnostics, source_lines, lang=lang)
        variable = from_environment(ctx, param.name or "")
        if variable:
            click.echo(Said(f"  note: this calendar file is the one ${variable} names",
                            f"  注意：这个日历文件是 ${variable} 指定的").in_lang(lang), err=True)
        raise SystemExit(USAGE) from None


def _calendar_option(f):  # type: ignore[no-untyped-def]
    return click.option("--calendar", "supplement", type=click.Path(dir_okay=False, path_type=Path),
                        envvar="POLICY_CALENDAR", callback=_read_calendar,
                        help="The State Council's holiday arrangement for years the installed calendar does not "
                             "cover yet, copied from the published notice (YAML; see docs/monitor.md)  "
                             "[default: $POLICY_CALENDAR].")(f)


def _fail(lang: str, message: Said, help: Said | str | None = None) -> NoReturn:
    """An error in the language of --lang (`help` already in it, when a str), exit 2."""
    if isinstance(help, Said):
        help = help.in_lang(lang)
    click.echo(click.style(ERROR.in_lang(lang), fg="red", bold=True) + message.in_lang(lang)
               + (f"\n{HELP.in_lang(lang)}{help}" if help else ""), err=True)
    raise SystemExit(USAGE)


def _note(lang: str, note: Said) -> None:
    click.echo(NOTE.in_lang(lang) + note.in_lang(lang), err=True)


def _meant(household: str, like: Any, lang: str) -> str | None:
    """The "did you mean" of an id the register does not know, among the ids `like(household)` gives."""
    from engine.checker import suggest

    return suggest(household, like(household), lang=lang)


def _no_snapshot(household: str, db_path: Path) -> Said:
    return Said(f"no snapshot of household `{household}` in {db_path}", f"{db_path} 中没有家庭 `{household}` 的快照")


def _open(db_path: Path, lang: str, create: bool = False) -> Any:
    from engine.monitor.register import Register, RegisterError

    try:
        return Register.open(db_path, create=create)
    except RegisterError as error:
        variable = from_environment(click.get_current_context(silent=True), "db_path")
        help = error.help or Said("", "")
        if variable:
            help = Said(f"{help.en} (this path comes from ${variable})".lstrip(),
                        f"{help.zh}（这个路径来自 ${variable}）".lstrip())
        _fail(lang, error.said, help)


def _margin(text: str) -> float:
    raw = text.strip()
    try:
        value = Decimal(raw[:-1]) / 100 if raw.endswith("%") else Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise click.BadParameter(in_language(f"`{text}` is not a margin; write a percentage such as 5%",
                                             f"`{text}` 不是比例：请写成百分数，如 5%"), param_hint="--margin")
    if not raw.endswith("%") and 1 < value <= 100:
        raise click.BadParameter(in_language(f"`{text}` would be {value * 100}%; write `{raw}%` (or {value / 100} as "
                                             "a fraction)",
                                             f"`{text}` 会被当作 {value * 100}%：请写成 `{raw}%`（或写成小数 "
                                             f"{value / 100}）"), param_hint="--margin")
    if not 0 <= value <= 1:
        raise click.BadParameter(in_language(f"`{text}` is not between 0% and 100%",
                                             f"`{text}` 不在 0% 到 100% 之间"), param_hint="--margin")
    return float(value)


# why a file could not be written, as a caseworker reads it (else the system's words)
_CANNOT_WRITE_ZH = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间不足",
                    errno.EROFS: "文件系统只读", errno.EISDIR: "这是一个文件夹，不是文件"}


def _write(text: str, output: Path | None, lang: str) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomically(output, text)
    except OSError as error:
        why = _CANNOT_WRITE_ZH.get(error.errno or 0, error.strerror or "")
        _fail(lang, Said(f"{output}: cannot write the alerts: {error.strerror}", f"无法写入提醒文件 {output}：{why}"))


def _load_policies(policy_file: Path | None, policy_dir: Path, lang: str) -> tuple[list[Any], Any]:
    from engine.diagnostics import PolicyError, source_lines
    from engine.policy_cache import load_policy_file
    from engine.selection import load_folder

    require_policy_dir(policy_file, policy_dir)
    try:
        if policy_file is not None:
            chosen = load_policy_file(policy_file)[0]
            return [chosen], chosen
        policies = load_folder(policy_dir)
    except PolicyError as error:
        print_diagnostics(error.diagnostics, source_lines, lang=lang)
        raise SystemExit(USAGE) from None
    if not policies:
        _fail(lang, Said(f"no policy files in {policy_dir}", f"{policy_dir} 中没有政策文件"),
              Said("give --policy FILE or --policy-dir DIR", "请用 --policy FILE 或 --policy-dir DIR 指定"))
    return policies, None


@click.group()
def monitor() -> None:
    """Keep households under watch over time: snapshots, alerts and review deadlines.

    A register (one SQLite file) keeps every household snapshot with its decision and the
    policy that made it; nothing is ever overwritten. docs/monitor.md explains the workflow.

    \b
    Examples:
      policy monitor ingest exports/2026-03.jsonl
      policy monitor alerts --since 2026-03-01 --margin 5%
      policy monitor show DS-0001 --explain --lang en
      policy monitor reassess --policy policy/post-transition.yaml --dry-run
      policy monitor apply DS-0001 --date 2026-03-02
      policy monitor void DS-0001 --date 2062-03-01 --reason "日期录错"
    """


# -- ingest -----------------------------------------------------------------------------


@monitor.command()
@click.argument("targets", nargs=-1, required=True, metavar="FILE|DIR|-...")
@_new_db_option
@click.option("--date", "date_text", help="Evaluation date YYYY-MM-DD (default: each household's `date`, else today).")
@policy_options
@click.option("--strict", is_flag=True, help="A bad record rolls its whole file back (default: skip and count it).")
@click.option("--jobs", "-j", type=JOBS, default=None,
              help="Worker processes deciding households  [default: the number of cores].")
@lang_option
def ingest(targets: tuple[str, ...], db_path: Path, date_text: str | None, policy_file: Path | None,
           policy_dir: Path, strict: bool, jobs: int | None, lang: str | None) -> None:
    """Record household snapshots with their decisions: one transaction per file.

    Each FILE is one household (JSON), a JSON array, or JSON Lines, compressed or not
    (gzip, bzip2, xz, zstd); a DIR stands for its *.json and *.jsonl files, compressed
    ones too; - reads standard input. Bad records are reported with their
    location (in the language of --lang, as `policy eval` says them), skipped and counted
    (--strict: the file is rolled back instead). A file that
    fails for any other reason leaves the register as it was. A snapshot identical to one
    already recorded (same household, date, policy and data) is not recorded twice.

    \b
    Examples:
      policy monitor ingest exports/2026-03.jsonl
      policy monitor ingest exports/ --date 2026-03-31 --db /srv/desk/register.sqlite3
      policy sample --n 100 | policy monitor ingest - --strict

    Exit codes: 0 every record recorded, 2 bad records or an input error (each one located).
    """
    from cli.common import default_lang
    from engine.diagnostics import source_lines
    from engine.household_input import unread_note
    from engine.monitor.ingest import IngestError, IngestReport, Problem, Rules, ingest_file, input_files
    from engine.monitor.register import RegisterError
    from engine.parallel import WorkerDied
    from engine.yamlsource import cannot_read

    forced = parse_date(date_text)
    lang = lang or default_lang()
    zh = lang == "zh"
    files: list[str] = []
    for target in targets:
        try:
            files.extend(input_files(target))
        except IngestError as error:
            _fail(lang, error.said)
        note = unread_note(Path(target)) if target != "-" and Path(target).is_dir() else None
        if note:
            _note(lang, note)
    policies, chosen = _load_policies(policy_file, policy_dir, lang)
    today = datetime.date.today()
    rules = Rules(tuple(policies), chosen, str(policy_dir), forced, today)

    def report_problem(problem: Problem) -> None:
        print_diagnostics(problem.diagnostics, source_lines, lang=lang)

    def report_warning(source: str, said: Said) -> None:
        click.echo(f"{source}: " + click.style(WARNING.in_lang(lang), fg="yellow", bold=True) + said.in_lang(lang),
                   err=True)

    failed = False
    totals = IngestReport(f"{len(files)} files")
    register = _open(db_path, lang, create=True)
    with register:
        for done, name in enumerate(files):
            try:
                report = ingest_file(register, name, rules, strict=strict, jobs=jobs or os.cpu_count() or 1,
                                     on_problem=report_problem, on_warning=report_warning, stdin=sys.stdin.buffer)
            except OSError as error:
                click.echo(f"{name}: {ERROR.in_lang(lang)}{cannot_read(error).in_lang(lang)}", err=True)
                failed = True
                continue
            except RegisterError as error:
                _fail(lang, error.said, error.help)
            except (KeyboardInterrupt, WorkerDied) as stop:
                click.echo(_stopped(name, done, stop, lang), err=True)
                raise SystemExit(130 if isinstance(stop, KeyboardInterrupt) else USAGE) from None
            failed = failed or bool(report.bad)
            if report.rolled_back:
                click.echo(f"{report.source}: 未记录任何快照（{report.rolled_back.zh}）；台账没有改动" if zh else
                           f"{report.source}: nothing recorded ({report.rolled_back.en}); the register is unchanged",
                           err=True)
                continue
            totals.include(report)
            if len(files) == 1 or report.bad:
                click.echo(f"{report.source}: " + _summary(report, lang), err=True)
    if len(files) > 1:
        files_said = f"{len(files):,} 个文件：" if zh else f"{counted(len(files), 'file')}: "
        click.echo(files_said + _summary(totals, lang), err=True)
    _run_notes(totals, chosen, today, lang)
    if register.created:  # a mistyped --db makes a register of its own: said, so that it is not taken for the one
        _new_register(db_path, lang)
    else:
        click.echo(f"监测台账：{db_path}（查看变化：policy monitor alerts）" if zh else
                   f"register: {db_path} (see what changed: policy monitor alerts)", err=True)
    raise SystemExit(USAGE if failed else OK)


def _new_register(db_path: Path, lang: str) -> None:
    """The summary's last line for a register this run created, with where its path came from."""
    ctx = click.get_current_context()
    variable = from_environment(ctx, "db_path")
    if variable:
        fix = Said(f"check ${variable}", f"请检查 ${variable}")
    elif ctx.get_parameter_source("db_path") is click.core.ParameterSource.DEFAULT:
        fix = Said("give its path with --db", "请用 --db 给出它的路径")
    else:
        fix = Said("check --db", "请检查 --db")
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
        _note(lang, Said(f"{counted(totals.undated, 'record')} had no `date`: {dated} dated today ({day}); "
                         "if the data is of another day, give that day with --date",
                         f"有 {totals.undated:,} 条记录没有 `date`，其快照的日期记为今天（{day}）；"
                         "若数据是另一天采集的，请用 --date 指定那一天"))

    if totals.what_if:
        said = what_if(chosen, [datetime.date.fromisoformat(d) for d in totals.what_if])
        snapshots = sum(totals.what_if.values())
        _note(lang, Said(f"{said.en} ({counted(snapshots, 'snapshot')})", f"{said.zh}（{snapshots:,} 条快照）"))
    if totals.older:
        one = totals.older == 1
        _note(lang, Said(f"{counted(totals.older, 'snapshot')} {'is' if one else 'are'} dated before the latest "
                         f"snapshot of {'its' if one else 'their'} household in the register (an older export "
                         "ingested after a newer one); alerts compare each household's two latest snapshots by "
                         "date, and may now compare other ones than before",
                         f"有 {totals.older:,} 条快照的日期早于该户在台账中最近的一条（较早的导出在较新的之后记录）；"
                         "提醒按日期比较每户最近的两条快照，现在比较的可能不再是之前那两条"))


def _summary(report: Any, lang: str) -> str:
    """What an ingest did: `3 snapshots recorded, 0 already recorded, 1 bad record skipped — 0.1 s, 40 households/s`,
    with the warnings given, if any, before the time."""
    seconds = report.seconds
    rate = report.records / seconds if seconds else 0.0
    if lang == "zh":
        warned = f"，{report.warnings:,} 条警告" if report.warnings else ""
        return (f"记录 {report.recorded:,} 条快照，{report.duplicates:,} 条此前已记录，跳过 {report.bad:,} 条错误记录"
                f"{warned} — 用时 {seconds:.1f} 秒，每秒 {rate:,.0f} 户")
    warned = f", {counted(report.warnings, 'warning')}" if report.warnings else ""
    return (f"{counted(report.recorded, 'snapshot')} recorded, {report.duplicates:,} already recorded, "
            f"{counted(report.bad, 'bad record')} skipped{warned} — {seconds:.1f} s, {rate:,.0f} households/s")


def _stopped(name: str, done: int, stop: BaseException, lang: str) -> str:
    """An ingest stopped by Ctrl-C or a worker's death: what is recorded, and how to go on."""
    from engine.parallel import WorkerDied

    interrupted = isinstance(stop, KeyboardInterrupt)
    if lang == "zh":
        why = "\n已中断" if interrupted else f"{ERROR.zh}{WorkerDied.said.zh}"
        kept = f"（此前的 {done:,} 个文件已记录）" if done else ""
        return f"{why}：{name} 的内容一条也没有记录{kept}；再运行同一条命令即可继续：已记录的快照不会重复记录"
    kept = f" (the {counted(done, 'file')} before it {'is' if done == 1 else 'are'} recorded)" if done else ""
    why = "\ninterrupted" if interrupted else f"{ERROR.en}{WorkerDied.said.en}"
    return (f"{why}: nothing of {name} was recorded{kept}; run the same command again to continue: "
            "snapshots already recorded are not recorded twice")


# -- alerts -----------------------------------------------------------------------------


@monitor.command()
@_db_option
@click.option("--since", "since_text", help="Only households whose latest snapshot is dated on or after this day.")
@click.option("--margin", "margin_text", default="5%", show_default=True,
              help="How close to a line counts as near (relative to the line); 0% turns near alerts off.")
@click.option("--today", "today_text", help="The day deadlines are measured from  [default: today].")
@click.option("--due-within", type=click.IntRange(min=1), default=7, show_default=True,
              help="Applications due within this many calendar days from --today are listed.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["start", "exit", "move", "near", "overdue",
                                                                   "due_soon"]),
              help="Only these kinds (repeatable)  [default: all].")
@click.option("--format", "fmt", type=ALERT_FORMATS, default="text", show_default=True,
              help="text for the desk, markdown for reports, json or csv for other tools.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), callback=in_existing_folder,
              help="Write here (atomically) instead of standard output.")
@_calendar_option
@lang_option
def alerts(db_path: Path, since_text: str | None, margin_text: str, today_text: str | None, due_within: int,
           kinds: tuple[str, ...], fmt: str, output: Path | None, supplement: Any, lang: str | None) -> None:
    """List what the desk must act on: changed households and application deadlines.

    start: newly qualifying (start assistance); exit: no category any more (stop, keep
    watching); move: categories changed; near: within --margin of a line that would give a
    category; overdue and due_soon: undecided applications. Change alerts compare each
    household's last two snapshots and say which values moved and which clauses flipped.

    \b
    Examples:
      policy monitor alerts
      policy monitor alerts --since 2026-03-01 --margin 3% --lang en
      policy monitor alerts --format csv -o alerts-2026-03.csv
      policy monitor alerts --kind overdue --kind due_soon --today 2026-03-10

    Exit codes: 0 alerts listed (or none), 2 usage error.
    """
    from cli.common import default_lang
    from engine.monitor.alerts import application_alerts, change_alerts
    from engine.monitor.report import render_csv, render_json, render_markdown, render_text

    lang = lang or default_lang()
    since = parse_date(since_text, "--since")
    today = parse_date(today_text, "--today") or datetime.date.today()
    margin = _margin(margin_text)
    not_an_input(output, (db_path,), "'-o' / '--output'")
    with _open(db_path, lang) as register:
        found = change_alerts(register, margin=margin if margin > 0 else None, since=since, lang=lang)
        found += application_alerts(register, today, due_within, supplement)
    if kinds:
        found = [a for a in found if a.kind in kinds]
    if lang == "zh":
        title = (f"提醒 — {db_path} — 接近幅度 {margin:.2%}，今天 {today.isoformat()}"
                 + (f"，记录日期自 {since.isoformat()} 起" if since else ""))
    else:
        title = (f"Alerts — {db_path} — margin {margin:.2%}, today {today.isoformat()}"
                 + (f", since {since.isoformat()}" if since else ""))
    if fmt == "json":
        text = render_json(found, {"register": str(db_path), "margin": margin_text, "today": today.isoformat(),
                                   "since": since.isoformat() if since else None})
    elif fmt == "csv":
        text = render_csv(found, lang)
    elif fmt == "markdown":
        text = render_markdown(found, lang, title)
    else:
        text = render_text(found, lang, title)
    _write(text, output, lang)
    raise SystemExit(OK)


# -- show -------------------------------------------------------------------------------


@monitor.command()
@click.argument("household")
@_db_option
@click.option("--date", "date_text", help="The snapshot in force on this day (the latest dated on or before it).")
@click.option("--explain", is_flag=True, help="Replay that decision with the policy that made it, and explain it.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="text for people, markdown for case files, json for machines.")
@lang_option
def show(household: str, db_path: Path, date_text: str | None, explain: bool, fmt: str, lang: str | None) -> None:
    """Show a household's history, and explain any past decision.

    --explain replays the decision of the chosen snapshot (the latest, or the one in force on
    --date) with the household data and the policy version recorded then; if the policy file
    has changed since, it says so and uses the copy kept in the register.

    \b
    Examples:
      policy monitor show DS-0001
      policy monitor show DS-0001 --date 2025-06-30 --explain --lang en
      policy monitor show DS-0001 --format json

    Exit codes: 0 shown, 1 the replayed decision differs from the recorded one, 2 unknown household or usage error.
    """
    from cli.common import default_lang

    lang = lang or default_lang()
    day = parse_date(date_text)
    with _open(db_path, lang) as register:
        history = register.history(household)
        if not history:
            _fail(lang, _no_snapshot(household, db_path), _meant(household, register.households_like, lang))
        counted = [h for h in history if h["counts"]]  # neither voided nor a what-if beside a snapshot in force
        if not counted and (explain or day is not None):
            _fail(lang, Said(f"every snapshot of household `{household}` is voided",
                             f"家庭 `{household}` 的快照都已作废"),
                  Said(f"`policy monitor show {household}` lists them with the reasons",
                       f"`policy monitor show {household}` 会列出它们和作废的原因"))
        chosen = counted[-1] if counted else None
        if day is not None:
            earlier = [h for h in counted if h["date"] <= day.isoformat()]
            if not earlier:
                _fail(lang, Said(f"household `{household}` has no snapshot on or before {day.isoformat()}",
                                 f"家庭 `{household}` 在 {day.isoformat()} 及以前没有快照"),
                      Said(f"its first snapshot is dated {counted[0]['date']}",
                           f"它的第一次快照日期是 {counted[0]['date']}"))
            chosen = earlier[-1]
        applications = register.applications(household)
        if explain:
            assert chosen is not None
            _show_explained(register, chosen["id"], fmt, lang)
            return
        policies = {h["policy"]: register.policy(h["policy"]) for h in history}
    if fmt == "json":
        out: dict[str, Any] = {"household": household,
                               "snapshots": [_snapshot_json(h, policies[h["policy"]]) for h in history],
                               "applications": [_application_json(a) for a in applications]}
        if day is not None and chosen is not None:
            out["in_force_on"] = {"date": day.isoformat(), "snapshot": chosen["id"]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(_history_text(household, history, policies, applications, chosen if day else None, lang, fmt))


def _snapshot_json(h: dict[str, Any], policy: Any) -> dict[str, Any]:
    from engine.monitor.snapshot import parse_status

    return {"id": h["id"], "date": h["date"], "status": parse_status(h["status"]),
            "policy": {"id": policy.policy_id, "version": policy.version, "file": policy.file,
                       "sha256": policy.sha256},
            "what_if": h["what_if"], "source": h["source"], "recorded_by": h["batch"], "recorded_at": h["recorded_at"],
            "void": h["void"]}


def _application_json(a: tuple[Any, ...]) -> dict[str, Any]:
    return {"applied": a[0], "special": bool(a[1]), "working_days": a[2], "due": a[3], "decided": a[4]}


def _history_text(household: str, history: list[dict[str, Any]], policies: dict[int, Any],
                  applications: list[tuple[Any, ...]], chosen: dict[str, Any] | None, lang: str, fmt: str) -> str:
    from engine.diagnostics import display_width
    from engine.monitor.voids import when

    zh = lang == "zh"
    plural = "" if len(history) == 1 else "s"
    voided = [h for h in history if h["void"]]
    head = (f"户 {household}：{len(history)} 次记录" + (f"（{len(voided)} 次已作废）" if voided else "") if zh
            else f"Household {household}: {len(history)} snapshot{plural}"
            + (f" ({len(voided)} voided)" if voided else ""))
    rows: list[tuple[str, ...]] = [(str(h["id"]) + ((" 作废" if zh else " void") if h["void"] else ""), h["date"],
             policies[h["policy"]].version + (("（假设情形）" if zh else " (what-if)") if h["what_if"] else ""),
             _categories_named(h["status"], policies[h["policy"]].outline, lang, fmt == "markdown"), h["batch"],
             h["source"]) for h in history]
    if fmt == "markdown":  # struck out, as on paper
        rows = [tuple(f"~~{c}~~" for c in r) if h["void"] else r for r, h in zip(rows, history, strict=True)]
    header = ("#", "日期" if zh else "date", "政策版本" if zh else "policy", "认定" if zh else "categories",
              "来源" if zh else "by", "记录位置" if zh else "record")
    if fmt == "markdown":
        lines = [f"## {head}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    else:  # columns padded to the width a terminal gives them: a Chinese character takes two
        widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: tuple[str, ...]) -> str:
            return "  " + "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))
        lines = [head, line(header).rstrip(), *(line(r).rstrip() for r in rows)]
    if chosen is not None:
        lines.append(("在该日有效的记录：#" if zh else "in force on that day: #") + str(chosen["id"]))
    if voided:
        lines += ["", "已作废" if zh else "Voided"]
        for h in voided:
            void = h["void"]
            lines.append(f"  #{h['id']}（{h['date']}）：{when(void)} 由 {void['by']} 作废：{void['reason']}" if zh
                         else f"  #{h['id']} ({h['date']}): voided on {when(void)} by {void['by']}: {void['reason']}")
    if applications:
        lines.append("")
        lines.append("申请" if zh else "Applications")
        for applied, special, days, due, decided in applications:
            if zh:
                state = f"已办结 {decided}" if decided else "未办结"
                lines.append(f"  {applied} → {due}（{'特殊情况，' if special else ''}{days} 个工作日）：{state}")
            else:
                state = f"decided {decided}" if decided else "undecided"
                kind = ", special case" if special else ""
                lines.append(f"  {applied} → {due} ({days} working days{kind}): {state}")
    hint = ("（加 --explain，可再加 --date，查看某次认定的理由）" if zh
            else "(add --explain, and --date, to see why a decision was made)")
    return "\n".join([*lines, hint])


def _categories_named(status: str, outline: dict[str, Any], lang: str, markdown: bool) -> str:
    """A snapshot's categories as the explanation names them, from the labels of the policy that decided it:
    `最低生活保障对象（dibao）、特困人员（tekun）（p1）`, `person in extreme poverty (tekun) (p1)`."""
    from engine.monitor.reasons import Words
    from engine.render import bracketed, with_id

    zh, quote = lang == "zh", "`" if markdown else ""
    named = [with_id(e["label"], e["id"], zh, quote) + (bracketed(f"{quote}{e['member']}{quote}", zh)
                                                         if e["member"] else "")
             for e in Words(lang, outline).entries(status)]
    return ("、" if zh else ", ").join(named) or ("无" if zh else "none")


def _show_explained(register: Any, snapshot_id: int, fmt: str, lang: str) -> None:
    from engine.diagnostics import PolicyError, source_lines
    from engine.evaluator import EvaluationError
    from engine.explain import explain as explain_tree
    from engine.household import HouseholdError
    from engine.monitor.replay import replay
    from engine.render import decision_json, render_markdown, render_text

    try:
        replayed = replay(register, snapshot_id)
    except (PolicyError, HouseholdError) as error:
        print_diagnostics(error.diagnostics, source_lines, lang=lang)
        _fail(lang, Said(f"snapshot #{snapshot_id} cannot be replayed by this version of policy",
                         f"第 {snapshot_id} 号快照无法用这个版本的 policy 重演"))
    except EvaluationError as error:
        said = error.diagnostic.in_lang(lang)
        _fail(lang, Said(f"snapshot #{snapshot_id} cannot be replayed: {said.message}",
                         f"第 {snapshot_id} 号快照无法重演：{said.message}"), said.help)
    if replayed.file_note:
        click.echo(click.style(WARNING.in_lang(lang), fg="yellow", bold=True) + replayed.file_note.in_lang(lang),
                   err=True)
    snapshot, record = replayed.snapshot, replayed.policy_record
    click.echo(f"家庭 {snapshot['household']} 的第 {snapshot_id} 号快照，日期 {snapshot['date']}，记录自 "
               f"{snapshot['source']}，依据 {record.file}（{record.version}）" if lang == "zh" else
               f"snapshot #{snapshot_id} of {snapshot['household']}, dated {snapshot['date']}, recorded from "
               f"{snapshot['source']} with {record.file} ({record.version})", err=True)
    tree = explain_tree(replayed.decision, lang)
    if fmt == "json":
        out = decision_json(replayed.decision, tree)
        out["replay"] = {"snapshot": snapshot_id, "matches_recorded": replayed.matches,
                         "policy_file_changed": replayed.file_note is not None}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(render_markdown(tree), nl=False)
    else:
        from cli.common import style_for

        click.echo(render_text(tree, style_for(sys.stdout.isatty())), nl=False)
    if not replayed.matches:
        click.echo(WARNING.in_lang(lang) + Said(
            "the replayed decision differs from the recorded one: the engine has changed since; the recorded "
            "decision is in `policy monitor show --format json`",
            "重演的认定与记录的认定不同：此后引擎有过改动；记录的认定见 `policy monitor show --format json`",
        ).in_lang(lang), err=True)
        raise SystemExit(1)


# -- reassess ---------------------------------------------------------------------------


@monitor.command()
@click.option("--policy", "policy_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="The new policy version to judge every household by.")
@_db_option
@click.option("--date", "date_text",
              help="Reassessment date  [default: per household, the later of its latest snapshot's date and "
                   "the day the policy comes into force].")
@click.option("--margin", "margin_text", default="5%", show_default=True, help="How close to a line counts as near.")
@click.option("--dry-run", is_flag=True, help="Show the alerts, record nothing.")
@click.option("--format", "fmt", type=ALERT_FORMATS, default="text", show_default=True,
              help="text, markdown, json or csv.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), callback=in_existing_folder,
              help="Write the alerts here (atomically) instead of standard output.")
@lang_option
def reassess(policy_file: Path, db_path: Path, date_text: str | None, margin_text: str, dry_run: bool, fmt: str,
             output: Path | None, lang: str | None) -> None:
    """Re-evaluate every household's latest snapshot under a new policy version.

    The new decisions are recorded as snapshots (one transaction) and the alerts of the
    switch are listed: who starts, exits or moves between categories, and why. This is how
    the switch from six to five categories is rolled out to a real caseload.

    \b
    Examples:
      policy monitor reassess --policy policy/post-transition.yaml --dry-run
      policy monitor reassess --policy policy/post-transition.yaml --date 2026-01-01 --format markdown

    Exit codes: 0 every household reassessed, 2 some could not be (each one located) or a usage error.
    """
    from cli.common import default_lang
    from engine.diagnostics import Diagnostic, Said, source_lines
    from engine.monitor.ingest import Problem
    from engine.monitor.reassess import not_in_force
    from engine.monitor.reassess import reassess as run
    from engine.monitor.report import render_csv, render_json, render_markdown, render_text

    lang = lang or default_lang()
    day = parse_date(date_text)
    margin = _margin(margin_text)
    not_an_input(output, (db_path, policy_file), "'-o' / '--output'")
    _, policy = _load_policies(policy_file, Path("."), lang)
    note = not_in_force(policy, day)
    if note:
        _note(lang, note)

    too_early: list[Problem] = []  # H006: the same finding for many households, said once at the end

    def report_problem(problem: Problem) -> None:
        if [d.code for d in problem.diagnostics] == ["H006"]:
            too_early.append(problem)
        else:
            print_diagnostics(problem.diagnostics, source_lines, lang=lang)

    with _open(db_path, lang) as register:
        result = run(register, policy, date=day, margin=margin if margin > 0 else None, lang=lang,
                     dry_run=dry_run, on_problem=report_problem)
    if len(too_early) == 1:
        print_diagnostics(too_early[0].diagnostics, source_lines, lang=lang)
    elif too_early:
        households = [p.source.split(" of ", 1)[-1] for p in too_early]
        shown = ", ".join(households[:3]) + (", …" if len(households) > 3 else "")
        first = too_early[0].diagnostics[0]
        after = (day.isoformat() if day else "the date", day.isoformat() if day else "评估日期")
        help = None if first.help is None else Said(first.help, first.in_lang("zh").help or first.help)
        said = Said(f"{len(households):,} households have snapshots dated after {after[0]} ({shown})",
                    f"{len(households):,} 户家庭有晚于 {after[1]} 的快照（{shown}）")
        print_diagnostics([Diagnostic.said("H006", said, None, help=help)], source_lines, lang=lang)
    click.echo(_reassessed(result, policy.meta.version, dry_run, lang), err=True)
    title = (f"重新认定 — {policy.file} ({policy.meta.version}) — 接近幅度 {margin:.2%}" if lang == "zh"
             else f"Reassessment — {policy.file} ({policy.meta.version}) — margin {margin:.2%}")
    settings = {"register": str(db_path), "policy": {"file": policy.file, "version": policy.meta.version,
                                                     "sha256": policy.sha256},
                "date": day.isoformat() if day else None, "margin": margin_text, "dry_run": dry_run}
    if fmt == "json":
        text = render_json(result.alerts, settings)
    elif fmt == "csv":
        text = render_csv(result.alerts, lang)
    elif fmt == "markdown":
        text = render_markdown(result.alerts, lang, title)
    else:
        text = render_text(result.alerts, lang, title)
    _write(text, output, lang)
    raise SystemExit(USAGE if result.bad else OK)


def _reassessed(result: Any, version: str, dry_run: bool, lang: str) -> str:
    """What a reassessment did: `28 households reassessed under post-transition: 28 snapshots recorded, …`."""
    if lang == "zh":
        recorded = f"将记录 {result.recorded:,} 条快照（试运行：未写入任何内容）" if dry_run else \
            f"记录 {result.recorded:,} 条快照"
        return (f"按 {version} 重新认定 {result.households:,} 户：{recorded}，{result.unchanged:,} 条此前已记录，"
                f"{result.bad:,} 户无法重新认定" + ("（见上文）" if result.bad else "")
                + f" — 用时 {result.seconds:.1f} 秒")
    what = "would be recorded (dry run: nothing written)" if dry_run else "recorded"
    return (f"{counted(result.households, 'household')} reassessed under {version}: "
            f"{counted(result.recorded, 'snapshot')} {what}, {result.unchanged:,} already recorded, "
            f"{result.bad:,} could not be reassessed" + (" (reported above)" if result.bad else "")
            + f" — {result.seconds:.1f} s")


# -- applications -----------------------------------------------------------------------


@monitor.command()
@click.argument("household")
@click.option("--date", "date_text", required=True, help="The application date YYYY-MM-DD.")
@click.option("--special", is_flag=True, help="A special case: the longer limit of the policy applies.")
@click.option("--new", "new_household", is_flag=True,
              help="The household has no snapshot in the register yet: its application comes before its data.")
@_db_option
@_calendar_option
@policy_options
@lang_option
def apply(household: str, date_text: str, special: bool, new_household: bool, db_path: Path, supplement: Any,
          policy_file: Path | None, policy_dir: Path, lang: str | None) -> None:
    """Record an application and its review deadline in Chinese working days.

    The limit comes from the `process` section of the policy in force on the application
    date (25 working days, 40 for special cases in the shipped policies), counted after the
    application date with the official calendar: holidays skipped, make-up working days
    counted. `policy monitor alerts` lists overdue applications and those due soon.

    The household must have a snapshot in the register: an id it does not know is refused
    (DS-001 for DS-0001 is a slip, and the error says which id was meant), and so is a
    folder with no register. An application made before the household's first snapshot
    is recorded with --new.

    A deadline in a year the installed calendar does not cover yet is refused, never
    guessed; once the State Council has published that year's holidays, copy them into a
    file and give it with --calendar (or $POLICY_CALENDAR).

    \b
    Examples:
      policy monitor apply DS-0001 --date 2026-01-20
      policy monitor apply DS-0005 --date 2025-09-26 --special
      policy monitor apply DS-0002 --date 2026-12-01 --calendar holidays-2027.yaml

    Exit codes: 0 recorded, 2 usage error (no register, a household with no snapshot and no
    --new, an open application already, a year the calendar does not cover yet, no process section).
    """
    from cli.common import default_lang
    from engine.diagnostics import PolicyError, source_lines
    from engine.monitor.deadlines import DeadlineError, record_application
    from engine.selection import in_force

    lang = lang or default_lang()
    applied = parse_date(date_text)
    assert applied is not None
    policies, chosen = _load_policies(policy_file, policy_dir, lang)
    try:
        policy = chosen or in_force(policies, applied, str(policy_dir))
    except PolicyError as error:
        print_diagnostics(error.diagnostics, source_lines, lang=lang)
        raise SystemExit(USAGE) from None
    with _open(db_path, lang) as register:
        known = bool(register.history(household))
        if not known and not new_household:
            meant = _meant(household, register.households_like, lang)
            _fail(lang, _no_snapshot(household, db_path),
                  Said(f"{meant + ' If' if meant else 'if'} `{household}` applies before its first snapshot, add --new",
                       f"{meant or ''}若 `{household}` 是在首次记录快照之前申请的，请加 --new"))
        try:
            application = record_application(register, household, applied, special, policy, supplement)
        except DeadlineError as error:
            _fail(lang, error.said, error.help)
    due, days, version = application.due.isoformat(), application.working_days, application.policy_version
    click.echo(f"{household}：已记录 {applied.isoformat()} 提出的申请；应于 {due} 前办结（"
               f"{'特殊情况，' if special else ''}按 {version} 为 {days} 个工作日）" if lang == "zh" else
               f"{household}: application of {applied.isoformat()} recorded; decision due by {due} "
               f"({'special case, ' if special else ''}{days} working days under {version})")
    if not known:
        _note(lang, Said(f"household {household} has no snapshot in the register yet",
                         f"台账中还没有家庭 {household} 的快照"))
    _after_today(household, Said("the application date", "申请日期"), applied, lang,
                 Said("; its due date is counted from that day", "，应办结日期从这一天起算"))
    raise SystemExit(OK)


def _after_today(household: str, what: Said, day: datetime.date, lang: str, more: Said | None = None) -> None:
    """A warning when a date recorded is after today: most often a typo in the year or the month, which takes the
    application out of every list of deadlines for good, unsaid."""
    today, more = datetime.date.today(), more or Said("", "")
    if day > today:
        tell("warning", Said(f"{household}: {what.en} {day.isoformat()} is after today ({today.isoformat()}); "
                             f"it is recorded as given{more.en}",
                             f"{household}：{what.zh} {day.isoformat()} 晚于今天（{today.isoformat()}）；"
                             f"已按所给日期记录{more.zh}"),
             lang)


@monitor.command()
@click.argument("household")
@click.option("--date", "date_text", required=True, help="The day the application was decided YYYY-MM-DD.")
@_db_option
@lang_option
def close(household: str, date_text: str, db_path: Path, lang: str | None) -> None:
    """Record that a household's undecided application was decided.

    \b
    Example:
      policy monitor close DS-0001 --date 2026-02-27

    Exit codes: 0 recorded, 2 no undecided application (the error names the id meant, if one
    close to it has one), no register, or usage error.
    """
    from cli.common import default_lang
    from engine.monitor.deadlines import DeadlineError, close_application

    lang = lang or default_lang()
    decided = parse_date(date_text)
    assert decided is not None
    with _open(db_path, lang) as register:
        if register.open_application(household) is None and not register.applications(household):
            meant = _meant(household, register.applicants_like, lang)
            if meant:
                _fail(lang, Said(f"household `{household}` has no undecided application in {db_path}",
                                 f"{db_path} 中家庭 `{household}` 没有尚未办结的申请"), meant)
        try:
            applied, due = close_application(register, household, decided)
        except DeadlineError as error:
            _fail(lang, error.said, error.help)
    late = decided.isoformat() > due
    if lang == "zh":
        click.echo(f"{household}：{applied} 提出的申请已于 {decided.isoformat()} 办结"
                   + ("（晚于应办结日期）" if late else ""))
    else:
        click.echo(f"{household}: application of {applied} decided on {decided.isoformat()}"
                   + (" (after the due date)" if late else ""))
    _after_today(household, Said("the decision date", "办结日期"), decided, lang)
    raise SystemExit(OK)


# -- void -------------------------------------------------------------------------------


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment, and none for this uid
        return "?"


@monitor.command()
@click.argument("household")
@click.option("--date", "date_text", required=True, help="The date of the snapshot recorded by mistake YYYY-MM-DD.")
@click.option("--reason", required=True, help="Why it is voided: kept with it for good, and shown by `show`.")
@click.option("--snapshot", "snapshot_id", type=click.IntRange(min=1),
              help="Only this snapshot (its # in `policy monitor show`), when that date has several.")
@click.option("--by", "voided_by", help="Who voids it  [default: the login name of this account].")
@_db_option
@lang_option
def void(household: str, date_text: str, reason: str, snapshot_id: int | None, voided_by: str | None,
         db_path: Path, lang: str | None) -> None:
    """Void a snapshot recorded by mistake: a date typed wrong, another household's data.

    Nothing is deleted: the void is recorded beside the snapshot with its reason, who
    voided it and when, and `show` lists the snapshot struck out. From then on the
    register goes as if it were not there: the household's latest snapshot, its alerts
    and `reassess` leave it out, and a record that corrects it can be ingested on its
    date. Every snapshot of the household on that date is voided (they hold the same
    data), or only the one --snapshot names. A void is never undone.

    \b
    Examples:
      policy monitor void DS-0001 --date 2062-03-01 --reason "日期录错"
      policy monitor void DS-0010 --date 2025-06-01 --reason "wrong id: DS-0100's data" --by wang.li

    Exit codes: 0 voided, 2 no register, no such household, no snapshot on that date, voided
    already, or usage error.
    """
    from cli.common import default_lang
    from engine.monitor.voids import VoidError, void_snapshots

    lang = lang or default_lang()
    day = parse_date(date_text)
    assert day is not None
    reason, voided_by = reason.strip(), (voided_by or "").strip() or _login_name()
    if not reason:
        _fail(lang, Said("give the reason the snapshot is voided with --reason", "请用 --reason 写明作废的原因"),
              Said('e.g. --reason "the year is mistyped: 2026, not 2062"',
                   '例如 --reason "年份录错，应为 2026 年"'))
    with _open(db_path, lang) as register:
        if not register.history(household):
            _fail(lang, _no_snapshot(household, db_path), _meant(household, register.households_like, lang))
        try:
            voided = void_snapshots(register, household, day, reason, voided_by, snapshot_id)
        except VoidError as error:
            _fail(lang, error.said, error.help)
    ids = ", ".join(f"#{i}" for i in voided.snapshots)
    if lang == "zh":
        now = (f"现在最近一次快照是 {voided.latest[1]} 的 #{voided.latest[0]}" if voided.latest
               else "该户已没有有效的快照")
        click.echo(f"{household}：已作废 {voided.date} 的快照 {ids}（原因：{reason}）；{now}")
    else:
        what = "snapshot" if len(voided.snapshots) == 1 else "snapshots"
        now = (f"the latest snapshot is now #{voided.latest[0]} of {voided.latest[1]}" if voided.latest
               else "no snapshot of it counts any more")
        click.echo(f"{household}: {what} {ids} of {voided.date} voided (reason: {reason}); {now}")
    raise SystemExit(OK)
