"""Applications and their review deadlines: `policy monitor apply`, `close` and `void --application`.

Input: a household id, the application date, whether it is a special case, and
the policy in force on that date (its `process` section gives the limits).
Output: the recorded application with its due date — the review limit counted
in Chinese working days after the application date (`engine.monitor.workdays`).
Invariants: a household has at most one undecided application; a policy
without a `process` section, a special case without a special limit, a year
before the calendar's first or a due date past 9999 is refused with
`DeadlineError`. An application recorded by mistake is voided beside it, with
its reason, never deleted. A due date in a year after the last the calendar covers —
its holidays not published yet — is counted on that year's weekdays, as a
calendar file listing no day of it would count it, and the application says
which years were so counted (`weekdays_only`): `alerts` counts it again once
the year is known.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.diagnostics import Said, counted, id_shown, path_in_prose, shell_word
from engine.model import Policy
from engine.monitor.workdays import (
    NO_SUPPLEMENT,
    Arrangement,
    CalendarNotCovered,
    Supplement,
    add_working_days,
    covered_years,
    recounted_due,
    working_days_late,
)
from engine.selection import file_in_prose

if TYPE_CHECKING:  # (sqlite3, which `policy eval` does not need to count a deadline)
    from engine.monitor.register import Register


class DeadlineError(Exception):
    """An application that cannot be recorded or closed as asked, worded in both languages."""

    def __init__(self, message: Said, help: Said | None = None):
        self.said, self.help = message, help
        super().__init__(message.en)


PROCESS_EXAMPLE = "process: {review_working_days: 25, special_case_working_days: 40}"


@dataclass(frozen=True)
class Application:
    household: str
    applied: datetime.date
    special: bool
    working_days: int
    due: datetime.date
    policy_version: str
    weekdays_only: tuple[int, ...] = ()  # years the calendar does not cover yet, counted on their weekdays


def review_limit(policy: Policy, special: bool) -> int:
    """The review limit in working days the policy sets for an application."""
    process, file = policy.process, file_in_prose(policy)
    if process is None:
        raise DeadlineError(Said(f"{file} has no `process` section, so it sets no review deadline",
                                 f"{file} 没有 `process` 部分，因此没有规定审核期限"),
                            help=Said(f"add `{PROCESS_EXAMPLE}`", f"请加上 `{PROCESS_EXAMPLE}`"))
    if not special:
        return process.review_working_days
    if process.special_case_working_days is None:
        raise DeadlineError(Said(f"{file} sets no limit for special cases (`special_case_working_days`)",
                                 f"{file} 没有规定特殊情况的期限（`special_case_working_days`）"),
                            help=Said("leave out `--special`, or add the limit to the policy's `process` section",
                                      "请去掉 --special 选项，或在政策的 `process` 部分加上这一期限"))
    return process.special_case_working_days


def due_date(policy: Policy, applied: datetime.date, special: bool,
             supplement: Supplement = NO_SUPPLEMENT) -> tuple[int, datetime.date, tuple[int, ...]]:
    """(working days, due date, the years counted on their weekdays alone) of an application made on `applied`."""
    days = review_limit(policy, special)
    unpublished: dict[int, Arrangement] = {}  # years not published yet: no holiday known, no day worked in exchange
    while True:
        try:
            due = add_working_days(applied, days, Supplement(supplement.file, {**supplement.years, **unpublished}))
            return days, due, tuple(sorted(unpublished))
        except CalendarNotCovered as error:
            if error.year in unpublished:  # the count ran past 9999-12-31: no day to be due on
                raise DeadlineError(Said(f"the application date {applied.isoformat()} leaves no day to be due on: "
                                         f"{counted(days, 'working day')} after it {'is' if days == 1 else 'are'} "
                                         f"past {datetime.date.max.isoformat()}",
                                         f"申请日期 {applied.isoformat()} 之后 {days} 个工作日已超过 "
                                         f"{datetime.date.max.isoformat()}，无法定出应办结日期"),
                                    help=Said("check the year of --date", "请检查 --date 的年份")) from None
            first = covered_years()[0]
            if error.year < first:  # before the calendar's first year: no notice is to come
                raise DeadlineError(Said(f"the working-day calendar begins in {first}: it has no working days of "
                                         f"{error.year}", f"工作日历从 {first} 年开始，没有 {error.year} 年的工作日"),
                                    help=Said("check the year of --date", "请检查 --date 的年份")) from None
            unpublished[error.year] = Arrangement(error.year, "", frozenset(), frozenset())


def policy_in_register(register: Register, applied: datetime.date) -> tuple[Policy, int]:
    """The policy in force on `applied` among the versions the register holds (loaded from the bytes it keeps), and
    its row: what `apply` counts by where no policy folder is given. Versions of one window recorded more than once
    (an edited file given a version name of its own, or one edited before such edits were refused) are one when they
    set the same review limits: the one recorded last is taken."""
    from engine.diagnostics import PolicyError
    from engine.policy_cache import load_policy_bytes

    held = []
    for row in register.policy_rows():
        record = register.policy(row)
        try:  # from the cache of checked policies, as replays read them
            held.append((load_policy_bytes(record.file, record.text)[0], row))
        except PolicyError:  # a version this engine no longer reads decides no application of today
            continue
    matching = [(policy, row) for policy, row in held if policy.meta.in_force(applied)]
    day, where = applied.isoformat(), path_in_prose(str(register.path))
    give = Said("give the policy in force with `--policy FILE`, or its folder with --policy-dir DIR",
                "请用 --policy 文件 指定现行政策，或用 --policy-dir 文件夹 指定其所在文件夹")
    if not matching:
        windows = Said("; ".join(f"{p.meta.version} ({p.meta.window()})" for p, _ in held) or "none",
                       "；".join(f"{p.meta.version}（{p.meta.window()}）" for p, _ in held) or "没有")
        raise DeadlineError(Said(f"no policy version kept in {where} is in force on {day} (windows: {windows.en})",
                                 f"{where} 中保存的政策版本没有一个在 {day} 生效（各版本的生效期：{windows.zh}）"),
                            help=give)
    limits = {(p.process.review_working_days, p.process.special_case_working_days) if p.process else None
              for p, _ in matching}
    if len(limits) > 1:
        named = Said(", ".join(f"{p.meta.version} ({file_in_prose(p)}, sha256 {p.sha256[:12]}…)" for p, _ in matching),
                     "、".join(f"{p.meta.version}（{file_in_prose(p)}，sha256 {p.sha256[:12]}…）" for p, _ in matching))
        raise DeadlineError(Said(f"the policy versions kept in {where} in force on {day} set different review "
                                 f"limits: {named.en}",
                                 f"{where} 中保存的在 {day} 生效的政策版本规定的审核期限不同：{named.zh}"), help=give)
    return matching[-1]


def record_application(register: Register, household: str, applied: datetime.date, special: bool,
                       policy: Policy, supplement: Supplement = NO_SUPPLEMENT,
                       policy_row: int | None = None) -> Application:
    """Record an application counted by `policy` (`policy_row`: its row, when it was loaded from the register)."""
    days, due, weekdays_only = due_date(policy, applied, special, supplement)
    with register.transaction():
        open_one = register.open_application(household)
        if open_one is not None:
            raise already_open(household, open_one)
        register.add_application(household, applied.isoformat(), special, days, due.isoformat(),
                                 register.policy_id(policy) if policy_row is None else policy_row)
    return Application(household, applied, special, days, due, policy.meta.version, weekdays_only)


def already_open(household: str, open_one: tuple[int, str, str]) -> DeadlineError:
    """Why a second application of a household is refused while `open_one` (id, applied, due) is undecided."""
    shown = id_shown(household)
    close = Said(f"`policy monitor close {shell_word(household)} --date D`",
                 f"`policy monitor close {shell_word(household)} --date 日期`")
    return DeadlineError(Said(f"household {shown} already has an undecided application of {open_one[1]} "
                              f"(due {open_one[2]})",
                              f"家庭 {shown} 已有一份 {open_one[1]} 提出、尚未办结的申请（应于 {open_one[2]} "
                              "前办结）"),
                         help=Said(f"record its decision first: {close.en}. "
                                   f"If it was recorded by mistake, void it: {void_command(household, open_one[1])}",
                                   f"请先用 {close.zh} 记录它的办结。"
                                   f"如果它是误录的，请作废它：{void_command(household, open_one[1], 'zh')}"))


def apply_command(household: str, date: str | None = None, special: bool = False, lang: str = "en") -> str:
    """The command that records an application of the household on `date`, as a hint gives it: code, in backticks;
    without a date, its placeholder in the language of `lang` (`--date D`, `--date 日期`)."""
    if date is None:
        date = "D" if lang == "en" else "日期"
    return f"`policy monitor apply {shell_word(household)} --date {date}{' --special' if special else ''}`"


def void_command(household: str, applied: str, lang: str = "en") -> str:
    """The command that voids the household's application of `applied`, as a hint gives it: code, in backticks."""
    reason = "REASON" if lang == "en" else "原因"
    return f"`policy monitor void {shell_word(household)} --date {applied} --application --reason {reason}`"


def void_application(register: Register, household: str, applied: datetime.date, reason: str,
                     voided_by: str) -> None:
    """Void the household's application of `applied`, recorded by mistake: the void is recorded beside it with its
    reason, and it counts no more (no open application, no alert)."""
    shown = id_shown(household)
    day = applied.isoformat()
    with register.transaction():
        of_day = [a for a in register.applications(household) if a[0] == day]
        voided = [a for a in register.voided_applications(household) if a[0] == day]
        if not of_day and voided:
            raise _voided_already(household, day, voided[-1])
        if not of_day:
            dates = [a[0] for a in register.applications(household)]
            none = Said(f"household {shown} has no application of {day}", f"家庭 {shown} 没有 {day} 提出的申请")
            raise DeadlineError(none, help=Said(f"its applications are of {', '.join(dates)}",
                                                f"它的申请日期是 {'、'.join(dates)}") if dates else
                                Said(f"`policy monitor show {shell_word(household)}` lists its records",
                                     f"`policy monitor show {shell_word(household)}` 会列出它的记录"))
        register.void_applications(household, day, reason, voided_by)


def _voided_already(household: str, day: str, voided: tuple[Any, ...]) -> DeadlineError:
    """An application voided again: when, by whom and why it was, as a snapshot voided twice is told."""
    from engine.monitor.voids import local_time

    shown = id_shown(household)
    *_, reason, by, at = voided
    apply = f"`policy monitor apply {shell_word(household)} --date {day}`"
    show = f"`policy monitor show {shell_word(household)}`"
    return DeadlineError(Said(f"the application of household {shown} of {day} is voided already: on "
                              f"{local_time(at)} by {by}, because “{reason}”",
                              f"家庭 {shown} 在 {day} 提出的申请已经作废：{local_time(at)} 由 {by} 作废，"
                              f"原因是“{reason}”"),
                         help=Said(f"nothing is left to do for it; to record it again, {apply}; {show} lists its "
                                   "applications",
                                   f"无需再作废；如需重新记录这份申请，请用 {apply}；{show} 会列出它的申请"))


@dataclass(frozen=True)
class Closed:
    """An application decided: its dates, its limit, and how many working days late the decision came."""

    applied: str
    due: str  # counted again with the calendar known now, as `alerts` counts it
    working_days: int
    late: int  # 0: on time, or on the days off right after the due date (see `working_days_late`)


def close_application(register: Register, household: str, decided: datetime.date,
                      supplement: Supplement = NO_SUPPLEMENT) -> Closed:
    """Mark the household's undecided application as decided on `decided`."""
    shown = id_shown(household)
    with register.transaction():
        open_one = register.open_application(household)
        if open_one is None:
            none = Said(f"household {shown} has no undecided application", f"家庭 {shown} 没有尚未办结的申请")
            decided_ones = [a for a in register.applications(household) if a[4] is not None]
            if decided_ones:  # closed already (a second close of the same decision, or a slip of its date)
                applied, *_, on = decided_ones[-1]
                show = f"`policy monitor show {shell_word(household)}`"
                raise DeadlineError(Said(f"{none.en}: its application of {applied} was decided on {on}",
                                         f"{none.zh}：其 {applied} 提出的申请已于 {on} 办结"),
                                    help=Said(f"a decision date recorded cannot be corrected: no command of the "
                                              f"register does it yet; decided, the application counts in no alert "
                                              f"whatever its date, and {show} lists it: if {on} is wrong, note the "
                                              "right date in the case file",
                                              "已记录的办结日期无法更正：台账目前没有更正它的命令；申请已办结，"
                                              f"无论办结日期为何都不再计入提醒，{show} 会列出它："
                                              f"如果 {on} 有误，请在案卷中注明正确日期"))
            raise DeadlineError(none, help=Said(f"record one with: {apply_command(household)}",
                                                f"记录申请请用：{apply_command(household, lang='zh')}"))
        if decided.isoformat() < open_one[1]:
            raise DeadlineError(Said(f"the decision date {decided.isoformat()} is before the application "
                                     f"date {open_one[1]}",
                                     f"办结日期 {decided.isoformat()} 早于申请日期 {open_one[1]}"),
                                help=Said(f"check `--date`. If the application date {open_one[1]} is the mistake, void "
                                          "the application and record it again with its date; to void it: "
                                          f"{void_command(household, open_one[1])}",
                                          f"请核对 --date 给出的日期。如果录错的是申请日期 {open_one[1]}，请作废这份"
                                          "申请，再按正确日期重新记录；作废用："
                                          f"{void_command(household, open_one[1], 'zh')}"))
        register.decide_application(open_one[0], decided.isoformat())
        working_days = next(a[2] for a in register.applications(household) if a[0] == open_one[1])
    due = recounted_due(open_one[1], working_days, open_one[2], supplement)
    try:
        late = working_days_late(due, decided, supplement)
    except CalendarNotCovered:  # a year no calendar covers yet: by its dates
        late = int(decided > due)
    return Closed(open_one[1], due.isoformat(), working_days, late)
