"""`policy monitor apply` and `close`: an application recorded with its review deadline, and its decision."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from cli.common import OK, counted, lang_option, parse_date, policy_options, stop_on_policy_errors, tell
from cli.monitor_common import (
    calendar_option,
    db_option,
    fail,
    load_policies,
    meant_id,
    no_snapshot,
    open_register,
    register_holds,
    say_note,
    typed_id,
    warn_today_after_today,
)
from engine.diagnostics import Said, id_shown


@click.command()
@click.argument("household", callback=typed_id)
@click.option("--date", "date_text", metavar="D", required=True, help="The application date YYYY-MM-DD.")
@click.option("--special", is_flag=True, help="A special case: the longer limit of the policy applies.")
@click.option("--new", "new_household", is_flag=True,
              help="The household has no snapshot in the register yet: its application comes before its data.")
@click.option("--today", "today_text", metavar="D",
              help="The day it is recorded: the application date may not be after it  [default: today].")
@db_option
@calendar_option
@policy_options
@lang_option
def apply(household: str, date_text: str, special: bool, new_household: bool, today_text: str | None, db_path: Path,
          supplement: Any, policy_file: Path | None, policy_dir: Path, lang: str | None) -> None:
    """Record an application and its review deadline in Chinese working days.

    The limit comes from the `process` section of the policy in force on the application
    date (25 working days, 40 for special cases in the shipped policies), counted after the
    application date with the official calendar: holidays skipped, make-up working days
    counted. `policy monitor alerts` lists overdue applications and those due soon.

    The limit is that of the policy in force on the application date: from `--policy`,
    `--policy-dir` or the policy/ folder here; without any of them, among the policy versions
    the register keeps (a note says which).

    The household must have a snapshot in the register: an id it does not know is refused
    (DS-001 for DS-0001 is a slip, and the error says which id was meant), and so is a
    folder with no register. An application made before the household's first snapshot
    is recorded with `--new`, unless its id is a known household's written with another
    case, separators, full-width characters or zero padding (ds-0002, DS-00002 for
    DS-0002): that is a slip too, and is refused naming the household. An id whose every
    snapshot was voided has none. An application dated after today is refused (a slip of
    the year, the month or the day); one recorded by mistake is voided with
    `policy monitor void HOUSEHOLD --date D --application --reason REASON`.

    A deadline in a year the installed calendar does not cover yet is counted on that
    year's weekdays, with a warning that it may move; once the State Council has published
    that year's holidays, copy them into a file and give it with --calendar (or
    $POLICY_CALENDAR), and `policy monitor alerts` counts the deadline again with them.

    \b
    Examples:
      policy monitor apply DS-0001 --date 2026-01-20
      policy monitor apply DS-0005 --date 2025-09-26 --special
      policy monitor apply DS-0002 --date 2026-12-01 --calendar holidays-2027.yaml

    holidays-2027.yaml stands for your own copy of the State Council's arrangement.

    Exit codes: 0 recorded, 2 usage error (no register, a household with no snapshot and no
    `--new`, a known household's id written otherwise, a date after today, an open application already,
    no process section, a policy edited without a new version name, a date before the
    calendar's first year).
    """
    from cli.common import default_lang
    from engine.diagnostics import PolicyError
    from engine.monitor.deadlines import DeadlineError, policy_in_register, record_application
    from engine.monitor.members import process_citation
    from engine.monitor.register import RegisterError
    from engine.selection import in_force

    shown = id_shown(household)
    lang = lang or default_lang()
    applied = parse_date(date_text)
    assert applied is not None
    refuse_after_today(household, APPLIED, applied, today_text, lang)
    # with neither --policy nor a policy folder (a desk folder): the versions the register keeps, by their bytes
    from_register = policy_file is None and not policy_dir.is_dir()
    policy_row = None
    if not from_register:
        policies, chosen = load_policies(policy_file, policy_dir, lang,
                                         calendar=Path(supplement.file) if supplement.file else None)
        try:
            policy = chosen or in_force(policies, applied, str(policy_dir))
        except PolicyError as error:
            stop_on_policy_errors(error, lang, Said("nothing was recorded in the register", "台账中没有记下任何内容"))
    with open_register(db_path, lang) as register:
        if from_register:
            try:
                policy, policy_row = policy_in_register(register, applied)
            except DeadlineError as error:
                fail(lang, error.said, error.help)
            except PolicyError as error:  # a version this engine no longer reads
                stop_on_policy_errors(error, lang, Said("nothing was recorded in the register",
                                                        "台账中没有记下任何内容"))
        # a household whose every snapshot is voided has none: the id was most often a typo
        known = register.latest_of(household) is not None or register.open_application(household) is not None
        if not known:  # the household meant first, written otherwise: --new would be refused for it
            _refuse_alike(household, register, date_text, special, lang)
        voided = None if known else every_snapshot_voided(household, register, lang)
        if not known and not new_household:
            meant = (voided and voided[1]) or meant_id(household, register, lang, destructive=True)
            fail(lang, voided[0] if voided else no_snapshot(household, db_path),
                  Said(f"{then(meant, ' If', '; if')} `{shown}` applies before its first snapshot, add --new",
                       f"{then(meant, '', '；')}若 `{shown}` 是在首次记录快照之前申请的，请加 --new"))
        try:
            application = record_application(register, household, applied, special, policy, supplement,
                                             policy_row)
        except (DeadlineError, RegisterError) as error:  # RegisterError: the policy edited without a new version name
            fail(lang, error.said, error.help)
        left = [d for d in register.departures(household) if d["in_force"]]
    due, days, version = application.due.isoformat(), application.working_days, application.policy_version
    # the article the limit comes from, in the same brackets
    cited = process_citation(policy, lang).get("cited")
    source = "" if cited is None else f"；依据 {cited}" if lang == "zh" else f"; source: {cited}"
    click.echo(f"{shown}：已记录 {applied.isoformat()} 提出的申请；应于 {due} 前办结（"
               f"{'特殊情况，' if special else ''}按 {version} 为 {days} 个工作日{source}）" if lang == "zh" else
               f"{shown}: application of {applied.isoformat()} recorded; decision due by {due} "
               f"({'special case, ' if special else ''}{counted(days, 'working day')} under {version}{source})")
    if left:  # its deadline is in no alert while the departure counts
        tell("warning", Said(f"household {shown} left the register on {left[-1]['date']} (reason: "
                             f"{left[-1]['reason']}): no alert lists the deadline of this application until a record "
                             "of it dated after that day is ingested",
                             f"家庭 {shown} 已于 {left[-1]['date']} 离开台账（原因：{left[-1]['reason']}）："
                             "导入它在那一天之后的记录之前，提醒不会列出这份申请的期限"), lang)
    if voided:
        say_note(lang, voided[0])
    elif not known:
        say_note(lang, Said(f"household {shown} has no snapshot in the register yet",
                         f"台账中还没有家庭 {shown} 的快照"))
    if from_register:
        where = click.format_filename(policy_dir)
        say_note(lang, Said(f"there is no {where}/ folder here: the limit is that of {version}, in force on "
                            f"{applied.isoformat()}, as kept in the register",
                            f"这里没有 {where}/ 文件夹：期限按台账中保存的、在 {applied.isoformat()} 生效的 "
                            f"{version} 计算"))
    if application.weekdays_only:
        _unpublished(household, due, application.weekdays_only, lang)
    raise SystemExit(OK)


def _unpublished(household: str, due: str, years: tuple[int, ...], lang: str) -> None:
    """A warning when the due date was counted on the weekdays of years whose holidays are not published yet:
    it stands until then, and moves into place once that calendar is given."""
    shown = id_shown(household)
    said = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    tell("warning", Said(f"{shown}: the due date {due} is counted on the weekdays of {said}: the working-day "
                         f"calendar does not cover {said} yet; it may move once the State Council publishes the "
                         f"holidays of {said}: then update with `pip install -U chinese-calendar`, or give the "
                         "published days with --calendar FILE (see docs/monitor.md), and `policy monitor alerts` "
                         "counts it again",
                         f"{shown}：应办结日期 {due} 按 {said} 年的周一至周五计算：工作日历还没有 {said} 年的安排；"
                         f"国务院公布 {said} 年节假日安排后，这一日期可能变动：届时请用 "
                         "`pip install -U chinese-calendar` 更新，或把公布的安排抄进一个文件、用 --calendar 指定"
                         "（见 docs/monitor.md），`policy monitor alerts` 会按它重新计算"), lang)


def then(meant: str | None, after_question: str, after_statement: str) -> str:
    """A "did you mean" (a question) or a "check --db" (a statement) with what follows it joined on."""
    if not meant:
        return after_question.strip().lower()
    return meant + (after_question if meant.endswith(("?", "？")) else after_statement)


def every_snapshot_voided(household: str, register: Any, lang: str) -> tuple[Said, str | None] | None:
    """For an id whose every snapshot was voided — most often a typo, voided once seen — what became of them, with
    their last void's reason; and the "did you mean" of the household that reason names (`wrong id: DS-0104's
    data`), else of the closest, as void and close give it. None for an id that never had a snapshot."""
    shown = id_shown(household)
    history = register.history(household)
    if not history:
        return None
    reasons = [s["void"]["reason"] for s in history if s["void"]]
    reason = reasons[-1] if reasons else ""
    meant = named_in_reason(reason, household, register, lang)
    count = Said("its only snapshot was" if len(history) == 1 else f"its {len(history)} snapshots were",
                 "它唯一的快照已" if len(history) == 1 else f"它的 {len(history)} 条快照都已")
    said = Said(f"household {shown} has no snapshot that counts in the register: {count.en} voided"
                + (f" (reason: {reason})" if reason else ""),
                f"台账中家庭 {shown} 没有有效的快照：{count.zh}作废" + (f"（原因：{reason}）" if reason else ""))
    return said, meant


def named_in_reason(reason: str, household: str, register: Any, lang: str) -> str | None:
    """The "did you mean" of another household the register knows that a void's reason names (`wrong id: DS-0104's
    data`), or None."""
    import re

    named = [w for w in re.findall(r"[^\s,;:()'\"`，；：（）、]+", reason) if w != household and register.knows(w)]
    return Said(f"did you mean `{named[0]}`?", f"是否应为 `{named[0]}`？").in_lang(lang) if named else None


def _refuse_alike(household: str, register: Any, date_text: str, special: bool, lang: str) -> None:
    """An id refused (with --new or without) when written as a household the register knows is — by a snapshot, or
    by an application made before its data — but for case, full-width characters, separators or the zeros padding its
    number (`ds-0002`, `DS－0002`, `DS-00002` for `DS-0002`): a slip, whose application would start a deadline of its
    own and leave the household's untold. The help says what the household meant needs: the command that records its
    application, or, while it has one undecided, why that command would be refused."""
    from engine.spelling import closest_alike, one_of

    shown = id_shown(household)
    alike = register.known_alike(household)
    if not alike:
        return
    meant = closest_alike(household, alike)  # the closest, or every one as close: never the first of several
    helps = [_apply_instead(m, register, date_text, special) for m in meant]
    names = one_of(meant, shown=len(meant))
    fail(lang, Said(f"`{shown}` is household {names.en} of the register written with another case, separators, "
                    "full-width characters or zero padding: nothing was recorded",
                    f"`{shown}` 就是台账中的家庭 {names.zh}，只是大小写、分隔符、全角半角或数字前补零不同："
                    "未记录任何内容"),
         Said("; ".join(h.en for h in helps), "；".join(h.zh for h in helps)))


def _apply_instead(meant: str, register: Any, date_text: str, special: bool) -> Said:
    """What the household meant needs for its application: the command that records it, or, while it has one
    undecided, why that command would be refused."""
    from engine.monitor.deadlines import already_open, apply_command

    open_one = register.open_application(meant)
    if open_one is not None:
        error = already_open(meant, open_one)
        assert error.help is not None
        return Said(f"{error.said.en}: {error.help.en}", f"{error.said.zh}：{error.help.zh}")
    again = apply_command(meant, date_text, special)
    shown = id_shown(meant)
    return Said(f"to record the application of {shown}, write: {again}", f"记录 {shown} 的申请请写：{again}")


# why a date after today is refused: each is recorded once it happened, so such a date is a slip of the year, the
# month or the day (an application's deadline would lie where no alert looks for it; a decision date cannot be
# corrected once recorded)
APPLIED = (Said("the application date", "申请日期"), Said("an application is recorded once it is made",
                                                          "申请提出后才能记录"),
           Said("it is taken as the day the application is recorded", "按这一天作为记录申请的日期"))
DECIDED = (Said("the decision date", "办结日期"), Said("a decision is recorded once it is made, and its date cannot be "
                                                      "corrected", "办结后才能记录，且办结日期记录后无法更正"),
           Said("it is taken as the day the decision is recorded", "按这一天作为记录办结的日期"))


def refuse_after_today(household: str, what: tuple[Said, Said, Said], day: datetime.date, today_text: str | None,
                       lang: str) -> None:
    """A date after today (`--today`, where given; one after the machine's today is warned of) is refused, before the
    register is opened: nothing is recorded."""
    shown = id_shown(household)
    given = parse_date(today_text, "--today")
    if given is not None:
        warn_today_after_today(given, what[2], lang)
    today = given or datetime.date.today()
    if day > today:
        date, why, _ = what
        fail(lang, Said(f"{shown}: {date.en} {day.isoformat()} is after today ({today.isoformat()}): {why.en}; "
                        "nothing was recorded",
                        f"{shown}：{date.zh} {day.isoformat()} 晚于今天（{today.isoformat()}）：{why.zh}；"
                        "未记录任何内容"),
             Said("check the year, the month and the day of --date and of --today" if given is not None else
                  "check the year, the month and the day of `--date`. Recorded on another day than the machine's "
                  "clock says, give that day with --today D",
                  "请核对 --date 和 --today 的年、月、日" if given is not None else
                  "请核对 --date 的年、月、日；若记录的日期不是本机时钟的今天，请用 --today 日期 给出"))


@click.command()
@click.argument("household", callback=typed_id)
@click.option("--date", "date_text", metavar="D", required=True, help="The day the application was decided YYYY-MM-DD.")
@click.option("--today", "today_text", metavar="D",
              help="The day it is recorded: the decision date may not be after it  [default: today].")
@calendar_option
@db_option
@lang_option
def close(household: str, date_text: str, today_text: str | None, supplement: Any, db_path: Path,
          lang: str | None) -> None:
    """Record that a household's undecided application was decided.

    \b
    Examples:
      policy monitor apply DS-0001 --date 2026-01-20
      policy monitor close DS-0001 --date 2026-02-27

    DS-0001 stands for a household in your register; the examples run in the order given.

    A decision date after today is refused (a slip of the year, the month or the day): a
    decision date recorded cannot be corrected.

    Exit codes: 0 recorded, 2 no undecided application (the error names the id meant, if one
    close to it has one), a date after today, no register, or usage error.
    """
    from cli.common import default_lang
    from engine.monitor.deadlines import DeadlineError, apply_command, close_application
    from engine.spelling import closest_alike, one_of

    shown = id_shown(household)
    lang = lang or default_lang()
    decided = parse_date(date_text)
    assert decided is not None
    refuse_after_today(household, DECIDED, decided, today_text, lang)
    with open_register(db_path, lang) as register:
        none = Said(f"household `{shown}` has no undecided application in {db_path}",
                    f"{db_path} 中家庭 `{shown}` 没有尚未办结的申请")
        if not register.knows(household):  # as void says it: no `apply` command, which would be refused for it
            alike = register.known_alike(household)
            if alike and not register.applicants_alike(household):  # the household meant has none: no other offered
                meant = closest_alike(household, alike)
                names = one_of(meant, shown=len(meant))
                fail(lang, Said(f"{none.en}; nor has {names.en}, as the register writes "
                                f"{'it' if len(meant) == 1 else 'them'}", f"{none.zh}；台账中写作 {names.zh}，也没有"),
                     Said(f"record one with: {' or '.join(apply_command(m) for m in meant)}",
                          f"记录申请请用：{' 或 '.join(apply_command(m, lang='zh') for m in meant)}"))
            fail(lang, none, meant_id(household, register, lang, applicants=True, destructive=True)
                 or register_holds(register))
        try:
            closed = close_application(register, household, decided, supplement)
        except DeadlineError as error:
            fail(lang, error.said, error.help)
    if closed.late:
        when = Said(" (after the due date)", "（晚于应办结日期）")
    elif decided.isoformat() > closed.due:  # as `alerts` says that day: overdue from the next working day
        when = Said(f" (a day off after the due date {closed.due}: within the "
                    f"{counted(closed.working_days, 'working day')})",
                    f"（应办结日期 {closed.due} 之后的非工作日：仍在 {closed.working_days} 个工作日之内）")
    else:
        when = Said("", "")
    if lang == "zh":
        click.echo(f"{shown}：{closed.applied} 提出的申请已于 {decided.isoformat()} 办结{when.zh}")
    else:
        click.echo(f"{shown}: application of {closed.applied} decided on {decided.isoformat()}{when.en}")
    raise SystemExit(OK)
