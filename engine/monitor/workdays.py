"""Chinese working days: review deadlines counted the way offices count them.

Input: calendar dates, and optionally a `Supplement`: the State Council's arrangement
for years the installed package does not know yet, copied by the office from the
published notice into a small YAML file (`--calendar FILE`). Output: working-day
arithmetic over the official calendar (statutory holidays and the weekend days worked
in exchange, 调休), as kept by the `chinese-calendar` package and the supplement.
Invariants: no holiday is ever written here or guessed; the package decides every
year it covers, the supplement only the others; a day in a year neither covers
raises `CalendarNotCovered` naming that year, so a day is never guessed here:
`engine.monitor.deadlines` decides what a deadline in that year becomes (counted
on its weekdays, and said so).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from engine.diagnostics import Diagnostic, PolicyError, Said

ONE_DAY = datetime.timedelta(days=1)


class CalendarNotCovered(Exception):
    """The official calendar of `year` is not known to the installed `chinese-calendar`."""

    def __init__(self, year: int):
        self.year = year
        first, last = covered_years()
        self.said = Said(f"the working-day calendar does not cover {year} yet (chinese-calendar {_version()} "
                         f"knows {first}–{last})",
                         f"工作日历还没有 {year} 年的安排（chinese-calendar {_version()} 只有 {first}–{last} 年的）")
        super().__init__(self.said.en)

    @property
    def help(self) -> Said:
        return Said(f"the State Council publishes each year's holidays late in the year before: update with "
                    f"`pip install -U chinese-calendar`, or copy the published arrangement for {self.year} into "
                    f"a file given with --calendar (see docs/monitor.md)",
                    f"国务院每年年底公布下一年的节假日安排：请用 `pip install -U chinese-calendar` 更新，或把已公布的 "
                    f"{self.year} 年安排抄进一个文件，用 --calendar 指定（见 docs/monitor.md）")


@dataclass(frozen=True)
class Arrangement:
    """One year's official arrangement: the holidays, and the weekend days worked in exchange."""

    year: int
    source: str  # the notice it was copied from
    holidays: frozenset[datetime.date]
    workdays: frozenset[datetime.date]


@dataclass(frozen=True)
class Supplement:
    """Arrangements for the years the installed package does not cover, read from a calendar file."""

    file: str = ""
    years: Mapping[int, Arrangement] = field(default_factory=dict)


NO_SUPPLEMENT = Supplement()


def _version() -> str:
    from importlib import metadata  # (only to name it: reading the metadata costs a command's start-up)

    try:
        return metadata.version("chinese-calendar")
    except metadata.PackageNotFoundError:  # installed under its other distribution name
        return getattr(chinese_calendar, "__version__", "?")


def covered_years() -> tuple[int, int]:
    """The first and last year the installed calendar knows."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


@functools.lru_cache(maxsize=1 << 14)
def _installed_answer(day: datetime.date) -> bool | None:
    """The installed calendar's answer for `day`; None in a year it does not cover. Kept: the package checks each
    date against the range of all its dates (a `min` and a `max` over them), which costs far more than the answer,
    and `alerts` counts the working days of every undecided application."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def is_working_day(day: datetime.date, supplement: Supplement = NO_SUPPLEMENT) -> bool:
    """Whether offices work on `day`: a weekday that is no holiday, or a weekend day worked in exchange."""
    answer = _installed_answer(day)
    if answer is not None:
        return answer
    arrangement = supplement.years.get(day.year)
    if arrangement is None:
        raise CalendarNotCovered(day.year)
    return day in arrangement.workdays or (day.weekday() < 5 and day not in arrangement.holidays)


def add_working_days(start: datetime.date, days: int, supplement: Supplement = NO_SUPPLEMENT) -> datetime.date:
    """The `days`-th working day after `start` (`start` itself is not counted; `days` ≥ 0).

    An application made on 2025-09-26 with a limit of 25 working days is due on the 25th
    working day after it, skipping the National Day week and counting its make-up Saturday.
    """
    if days < 0:
        raise ValueError("a number of working days is never negative")
    day = start
    left = days
    while left:
        if day == datetime.date.max:  # no calendar, installed or supplied, reaches past 9999
            raise CalendarNotCovered(day.year)
        day += ONE_DAY
        if is_working_day(day, supplement):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, supplement: Supplement = NO_SUPPLEMENT) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start, supplement)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day, supplement)
    return count


def working_days_late(due: datetime.date, day: datetime.date, supplement: Supplement = NO_SUPPLEMENT) -> int:
    """The working days `day` is past the due date: 0 on it, before it, and on the days off right after it — a
    limit of working days (25, 统一认定流程) is kept by a decision made before the next working day — else the
    working days after it up to and including `day`. What is overdue, and what is decided late, is decided here."""
    return max(0, working_days_between(due, day, supplement))


def recounted_due(applied: str, working_days: int, recorded_due: str,
                  supplement: Supplement = NO_SUPPLEMENT) -> datetime.date:
    """An application's due date counted again with the calendar known now: one counted on the weekdays of a year not
    published then moves into place once it is; the date recorded stands where no calendar covers it yet."""
    try:
        return add_working_days(datetime.date.fromisoformat(applied), working_days, supplement)
    except CalendarNotCovered:
        return datetime.date.fromisoformat(recorded_due)


# -- calendar files -------------------------------------------------------------------------

CALENDAR_EXAMPLE = "2027: {source: 国办发明电〔2026〕N号, holidays: [2027-01-01, …], workdays: [2027-02-06, …]}"


def looks_like_calendar(data: object) -> bool:
    """A calendar file's shape — years, each with some of `source`, `holidays` and `workdays` — as a policy file given
    by mistake is told from it."""
    return isinstance(data, dict) and bool(data) and all(
        str(year).isdigit() and isinstance(entry, dict) and bool(entry)
        and set(entry) <= {"source", "holidays", "workdays"} for year, entry in data.items())


def read_supplement(path: Path) -> Supplement:
    """The arrangements of a calendar file; `PolicyError` with every located mistake when it has any.

        2027:
          source: 国务院办公厅关于2027年部分节假日安排的通知
          holidays: [2027-01-01, 2027-02-06, …]   # every day off, weekend days of a holiday included or not
          workdays: [2027-02-07, …]               # the weekend days worked in exchange (调休)
    """
    from engine.yamlsource import load_yaml, read_bytes

    name = str(path)
    raw = read_bytes(path)
    doc = load_yaml(raw, name, start=Said(f"write each year's days, e.g. `{CALENDAR_EXAMPLE}`",
                                            f"请写出每一年的日子，例如 `{CALENDAR_EXAMPLE}`"))
    problems: list[Diagnostic] = []

    def wrong(where: tuple[str | int, ...], message: Said, help: Said, key: bool = False) -> None:
        problems.append(Diagnostic.said("L009", message, doc.span(where, key=key), help=help))

    example = Said(f"write e.g. `{CALENDAR_EXAMPLE}`", f"请按这样的格式书写，例如 `{CALENDAR_EXAMPLE}`")
    years: dict[int, Arrangement] = {}
    if not isinstance(doc.data, dict):
        wrong((), Said("a calendar file is a map of years", "工作日历文件应是以年份为键的映射（键值对）"), example)
        raise PolicyError(problems)
    for key, entry in doc.data.items():
        if not (str(key).isdigit() and 1900 <= int(key) <= 2100):
            wrong((key,), Said(f"`{key}` is not a year", f"`{key}` 不是年份"),
                  Said("each entry is a year such as `2027:`", "每一项都以年份开头，如 `2027:`"), key=True)
            continue
        year = int(key)
        if not isinstance(entry, dict):
            wrong((key,), Said(f"the entry of {year} must be a map of `source`, `holidays` and `workdays`",
                               f"{year} 年的内容应是包含 `source`、`holidays` 和 `workdays` 的映射（键值对）"), example)
            continue
        for unknown in sorted(set(map(str, entry)) - {"source", "holidays", "workdays"}):
            wrong((key, unknown), Said(f"unknown key `{unknown}` in {year}", f"{year} 年下有未知的键 `{unknown}`"),
                  Said("the keys are `source`, `holidays` and `workdays`",
                       "可用的键只有 `source`、`holidays` 和 `workdays`"), key=True)
        if not isinstance(entry.get("source"), str) or not entry["source"].strip():
            wrong((key,), Said(f"{year} names no `source`", f"{year} 年没有写明出处 `source`"),
                  Said("add `source:` with the notice the days were copied from, so the deadline can be checked",
                       "请加上 `source:`，写明这些日期抄自哪份通知，以便核对期限"), key=True)
        days: dict[str, frozenset[datetime.date]] = {}
        for part in ("holidays", "workdays"):
            listed = entry.get(part, [])
            if not isinstance(listed, list):
                wrong((key, part), Said(f"`{part}` of {year} must be a list of dates",
                                        f"{year} 年的 `{part}` 应是日期列表"),
                      Said("write `[2027-01-01, …]`", "请写成 `[2027-01-01, …]`"))
                listed = []
            found = set()
            for i, day in enumerate(listed):
                if not isinstance(day, datetime.date):
                    shown = Said("a list", "这里是一个列表，") if isinstance(day, list) else \
                        Said("a map", "这里是一个映射（键值对），") if isinstance(day, dict) else \
                        Said(f"`{day}`", f"`{day}` ")
                    wrong((key, part, i), Said(f"{shown.en} is not a date", f"{shown.zh}不是日期"),
                          Said("write dates as YYYY-MM-DD, without quotes", "日期请写成 YYYY-MM-DD，不加引号"))
                elif day.year != year:
                    wrong((key, part, i), Said(f"{day.isoformat()} is not in {year}",
                                               f"{day.isoformat()} 不在 {year} 年"),
                          Said(f"list it under `{day.year}:`", f"请把它列在 `{day.year}:` 下"))
                elif part == "workdays" and day.weekday() < 5:
                    wrong((key, part, i), Said(f"{day.isoformat()} is a weekday, which is worked anyway",
                                               f"{day.isoformat()} 是周一至周五的工作日，本来就要上班"),
                          Said("`workdays` lists only the Saturdays and Sundays worked in exchange for a holiday",
                               "`workdays` 只列因节假日调休而上班的周六、周日"))
                else:
                    found.add(day)
            days[part] = frozenset(found)
        for day in sorted(days["holidays"] & days["workdays"]):
            wrong((key, "workdays"), Said(f"{day.isoformat()} is listed both as a holiday and as a working day",
                                          f"{day.isoformat()} 既列为节假日，又列为工作日"),
                  Said("keep it in one of the two lists, as the notice says", "请按通知只在其中一个列表里保留它"))
        years[year] = Arrangement(year, str(entry.get("source") or ""), days["holidays"], days["workdays"])
    if problems:
        raise PolicyError(problems)
    return Supplement(name, years)
