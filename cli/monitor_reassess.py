"""`policy monitor reassess`: every household's latest snapshot judged again under a new policy version."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from cli.common import (
    OK,
    USAGE,
    counted,
    file_in_existing_folder,
    lang_option,
    not_an_input,
    parse_date,
    print_diagnostics,
    writable_before_the_run,
)
from cli.monitor_common import (
    ALERT_FORMATS,
    WARNING,
    db_option,
    fail,
    kept_for_good,
    load_policies,
    margin_option,
    open_register,
    parse_margin,
    say_note,
    write_output,
)
from engine.diagnostics import Said
from engine.interruptions import exit_code
from engine.values import listed_said


@click.command()
@click.option("--policy", "policy_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="The new policy version to judge every household by.")
@db_option
@click.option("--date", "date_text", metavar="D",
              help="Reassessment date  [default: per household, the later of its latest snapshot's date and "
                   "the day the policy comes into force].")
@margin_option
@click.option("--dry-run", is_flag=True, help="Show the alerts, record nothing.")
@click.option("--what-if", "what_if", is_flag=True,
              help="Record the snapshots even when the policy is not in force on the days decided (a what-if).")
@click.option("--after-today", is_flag=True, help="Record the snapshots even when they are dated after today.")
@click.option("--format", "fmt", type=ALERT_FORMATS, default="text", show_default=True,
              help="text, markdown, json or csv.")
@click.option("-o", "--output", metavar="OUTPUT", type=click.Path(path_type=Path), callback=file_in_existing_folder,
              help="Write the alerts here (atomically) instead of standard output.")
@lang_option
def reassess(policy_file: Path, db_path: Path, date_text: str | None, margin_text: str, dry_run: bool, what_if: bool,
             after_today: bool, fmt: str, output: Path | None, lang: str | None) -> None:
    """Re-evaluate every household's latest snapshot under a new policy version.

    The new decisions are recorded as snapshots (one transaction) and the alerts of the
    switch are listed: who starts, exits or moves between categories, and why. This is how
    the switch from six to five categories is rolled out to a real caseload.

    Snapshots are kept for good, and stay in the register even voided (a reassessment is
    voided at once with `policy monitor void --ingest NUMBER`, NUMBER the number its summary
    gives): a run that would record snapshots dated after today, or decided by a policy not in
    force on their dates, is refused unless --after-today or --what-if confirms it (--dry-run
    shows them first).

    \b
    Examples:
      policy monitor reassess --policy policy/post-transition.yaml --dry-run
      policy monitor reassess --policy policy/post-transition.yaml --date 2026-01-01 --format markdown

    Exit codes: 0 every household reassessed, 2 some could not be (each one located), a run
    refused for want of `--what-if` or `--after-today`, a policy edited without a new version name,
    or a usage error.
    """
    from cli.common import default_lang
    from engine.diagnostics import source_lines
    from engine.monitor.reassess import not_in_force
    from engine.monitor.reassess import reassess as run
    from engine.monitor.record_outcomes import Problem
    from engine.monitor.register import RegisterError

    lang = lang or default_lang()
    day = parse_date(date_text)
    margin = parse_margin(margin_text)
    not_an_input(output, (db_path, policy_file), "'-o' / '--output'")
    if output is not None:  # written when the reassessment is recorded: found then, its alerts would be lost
        writable_before_the_run(output, Said("the alerts", "提醒"), "'-o' / '--output'")
    _, policy = load_policies(policy_file, Path("."), lang)
    note = not_in_force(policy, day)
    if note:
        say_note(lang, note)

    too_early: list[Problem] = []  # H006: the same finding for many households, said once at the end

    def report_problem(problem: Problem) -> None:
        if [d.code for d in problem.diagnostics] == ["H006"]:
            too_early.append(problem)
        else:
            print_diagnostics(problem.shown, source_lines, lang=lang)

    today = datetime.date.today()

    def confirmed(result: Any) -> bool:
        return not result.recorded or ((what_if or not result.what_if) and (after_today or not result.after_today))

    with open_register(db_path, lang) as register:
        batches = register.batches()
        try:
            result = run(register, policy, date=day, margin=margin if margin > 0 else None, lang=lang,
                         dry_run=dry_run, today=today, on_problem=report_problem, accept=confirmed)
        except RegisterError as error:  # the policy edited without a new version name
            fail(lang, error.said, error.help)
        except KeyboardInterrupt as stop:  # inside its one transaction, rolled back; or just after its commit
            if register.batches() > batches:
                _interrupted(stop, lang, _recorded(output, Said("were not shown", "没有列出")), again=False)
            _interrupted(stop, lang, Said("nothing was recorded in the register: a reassessment is recorded in "
                                          "one transaction, whole or not at all",
                                          "台账中没有记下任何内容：重新认定在一个事务中记录，要么全部记下、要么一条不记"))
    try:
        _said_and_written(result, policy, db_path, day, margin, margin_text, dry_run, what_if, too_early, output,
                          fmt, today, lang)
    except KeyboardInterrupt as stop:
        kept = bool(result.recorded) and not dry_run and not result.refused
        _interrupted(stop, lang, Said("nothing was recorded in the register", "台账中没有记下任何内容") if not kept
                     else _recorded(output, Said("were not all shown", "没有全部列出")), again=not kept)


def _recorded(output: Path | None, shown: Said) -> Said:
    """An interruption after the reassessment's commit: it is recorded, and its alerts are where they were not."""
    if output is None:
        return Said(f"the reassessment is recorded in the register; its alerts {shown.en}: `policy monitor alerts` "
                    "lists them", f"重新认定已记入台账；它的提醒{shown.zh}：`policy monitor alerts` 会列出它们")
    return Said(f"the reassessment is recorded in the register; {output} was not written: `policy monitor alerts` "
                "lists its alerts", f"重新认定已记入台账；{output} 没有写出：`policy monitor alerts` 会列出它的提醒")


def _interrupted(stop: KeyboardInterrupt, lang: str, what: Said, again: bool = True) -> NoReturn:
    """A reassessment stopped by Ctrl-C (or SIGTERM, SIGHUP): what the register holds of it, and whether to run it
    again."""
    more = Said("; run the command again", "；请重新运行这条命令") if again else Said("", "")
    click.echo("\n" + Said(f"interrupted: {what.en}{more.en}", f"已中断：{what.zh}{more.zh}").in_lang(lang), err=True)
    raise SystemExit(exit_code(stop))


def _said_and_written(result: Any, policy: Any, db_path: Path, day: datetime.date | None, margin: float,
                      margin_text: str, dry_run: bool, what_if: bool, too_early: list[Any], output: Path | None,
                      fmt: str, today: datetime.date, lang: str) -> None:
    """What the reassessment found and did, said on standard error, and its alerts written."""
    from engine.diagnostics import Diagnostic, source_lines
    from engine.monitor.report import render_csv, render_json, render_markdown, render_text

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
    _dates_said(result, policy, today, day is None, lang)
    if result.refused:
        _refuse(result, what_if, lang)
    click.echo(_reassessed(result, policy.meta.version, dry_run, lang), err=True)
    title = (f"重新认定 — {policy.file}（{policy.meta.version}） — 接近幅度 {margin:.2%}" if lang == "zh"
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
    write_output(text, output, lang)
    raise SystemExit(USAGE if result.bad else OK)


def _reassessed(result: Any, version: str, dry_run: bool, lang: str) -> str:
    """What a reassessment did: `reassessment #8: 28 households reassessed under post-transition: 28 snapshots
    recorded, …`, opening with its number once recorded, as `void --ingest` takes it."""
    number = "" if result.number is None else (f"重新认定 #{result.number}：" if lang == "zh"
                                               else f"reassessment #{result.number}: ")
    if lang == "zh":
        recorded = f"将记录 {result.recorded:,} 条快照（试运行：未写入任何内容）" if dry_run else \
            f"记录 {result.recorded:,} 条快照"
        return (f"{number}按 {version} 重新认定 {result.households:,} 户：{recorded}，"
                f"{result.unchanged:,} 条此前已记录，{result.bad:,} 户无法重新认定"
                + ("（见上文）" if result.bad else "") + f" — 用时 {result.seconds:.1f} 秒")
    what = "would be recorded (dry run: nothing written)" if dry_run else "recorded"
    return (f"{number}{counted(result.households, 'household')} reassessed under {version}: "
            f"{counted(result.recorded, 'snapshot')} {what}, {result.unchanged:,} already recorded, "
            f"{result.bad:,} could not be reassessed" + (" (reported above)" if result.bad else "")
            + f" — {result.seconds:.1f} s")


def _dates_said(result: Any, policy: Any, today: datetime.date, per_household: bool, lang: str) -> None:
    """What the days decided mean, as `ingest` says it: a policy not in force on them (a what-if; said before the
    run when --date gave the day), and a day after today, most often a typo in the year of --date."""
    from engine.household_input import first_names
    from engine.selection import what_if

    if result.what_if and per_household:
        said = what_if(policy, [datetime.date.fromisoformat(d) for d in result.what_if])
        households = sum(result.what_if.values())
        say_note(lang, Said(f"{said.en} ({counted(households, 'household')})", f"{said.zh}（{households:,} 户）"))
    if result.after_today:
        days = sorted(result.after_today)
        households = sum(result.after_today.values())
        click.echo(WARNING.in_lang(lang) + Said(
            f"{counted(households, 'household')} {'is' if households == 1 else 'are'} decided on "
            f"{first_names(days)}, after today ({today.isoformat()}): ages and the policy's window are taken on "
            "that day; if it is a typo, correct --date",
            f"{households:,} 户家庭的认定日期 {first_names(days, 'zh')} 晚于今天（{today.isoformat()}），"
            "年龄和政策施行期都按这一天计算；若是笔误，请改正 --date").in_lang(lang), err=True)


def _refuse(result: Any, what_if: bool, lang: str) -> NoReturn:
    """A run that would record for good what is most often a slip: nothing recorded, and how to confirm it."""
    unconfirmed = [(flag, said) for flag, said, found in (
        ("--what-if", Said("as what-ifs", "按假设情形认定"), result.what_if and not what_if),
        ("--after-today", Said("dated after today", "日期晚于今天"), result.after_today)) if found]
    what = listed_said(said for _, said in unconfirmed)
    given = " ".join(flag for flag, _ in unconfirmed)
    count = result.recorded
    fail(lang, kept_for_good(count, what),
         Said(f"look first with `--dry-run`. To record them all the same, add {given}",
              f"请先用 --dry-run 查看。若确要记录，请加上 {given}"))
