"""Chinese working days: review deadlines counted the way offices count them.

Input: calendar dates, and optionally a `Supplement`: the State Council's arrangement
for years the installed package does not know yet, copied by the office from the
published notice into a small YAML file (`--calendar FILE`). Output: working-day
arithmetic over the official calendar (statutory holidays and the weekend days worked
in exchange, 调休), as kept by the `chinese-calendar` package and the supplement.
Invariants: no holiday is ever written here or guessed; the package decides every
year it covers, the supplement only the others; a day in a year neither covers
raises `CalendarNotCovered` naming that year, so a deadline is either right or
refused — never approximately right.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import chinese_calendar

from engine.diagnostics import Diagnostic, PolicyError

ONE_DAY = datetime.timedelta(days=1)


class CalendarNotCovered(Exception):
    """The official calendar of `year` is not known to the installed `chinese-calendar`."""

    def __init__(self, year: int):
        self.year = year
        first, last = covered_years()
        super().__init__(
            f"the working-day calendar does not cover {year} yet (chinese-calendar {_version()} "
            f"knows {first}–{last})")

    @property
    def help(self) -> str:
        return (f"the State Council publishes each year's holidays late in the year before: update with "
                f"`pip install -U chinese-calendar`, or copy the published arrangement for {self.year} into "
                f"a file given with --calendar (see docs/monitor.md)")


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
    try:
        return metadata.version("chinese-calendar")
    except metadata.PackageNotFoundError:  # installed under its other distribution name
        return getattr(chinese_calendar, "__version__", "?")


def covered_years() -> tuple[int, int]:
    """The first and last year the installed calendar knows."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


def is_working_day(day: datetime.date, supplement: Supplement = NO_SUPPLEMENT) -> bool:
    """Whether offices work on `day`: a weekday that is no holiday, or a weekend day worked in exchange."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        arrangement = supplement.years.get(day.year)
        if arrangement is None:
            raise CalendarNotCovered(day.year) from None
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


# -- calendar files -------------------------------------------------------------------------

CALENDAR_EXAMPLE = "2027: {source: 国办发明电〔2026〕N号, holidays: [2027-01-01, …], workdays: [2027-02-06, …]}"


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
    doc = load_yaml(raw, name, start=f"write each year's days, e.g. `{CALENDAR_EXAMPLE}`")
    problems: list[Diagnostic] = []

    def wrong(where: tuple[str | int, ...], message: str, help: str, key: bool = False) -> None:
        problems.append(Diagnostic("L009", message, doc.span(where, key=key), help=help))

    years: dict[int, Arrangement] = {}
    if not isinstance(doc.data, dict):
        wrong((), "a calendar file is a map of years", f"write e.g. `{CALENDAR_EXAMPLE}`")
        raise PolicyError(problems)
    for key, entry in doc.data.items():
        if not (str(key).isdigit() and 1900 <= int(key) <= 2100):
            wrong((key,), f"`{key}` is not a year", "each entry is a year such as `2027:`", key=True)
            continue
        year = int(key)
        if not isinstance(entry, dict):
            wrong((key,), f"the entry of {year} must be a map of `source`, `holidays` and `workdays`",
                  f"write e.g. `{CALENDAR_EXAMPLE}`")
            continue
        for unknown in sorted(set(map(str, entry)) - {"source", "holidays", "workdays"}):
            wrong((key, unknown), f"unknown key `{unknown}` in {year}", "the keys are `source`, `holidays` and "
                  "`workdays`", key=True)
        if not isinstance(entry.get("source"), str) or not entry["source"].strip():
            wrong((key,), f"{year} names no `source`",
                  "add `source:` with the notice the days were copied from, so the deadline can be checked", key=True)
        days: dict[str, frozenset[datetime.date]] = {}
        for part in ("holidays", "workdays"):
            listed = entry.get(part, [])
            if not isinstance(listed, list):
                wrong((key, part), f"`{part}` of {year} must be a list of dates", "write `[2027-01-01, …]`")
                listed = []
            found = set()
            for i, day in enumerate(listed):
                if not isinstance(day, datetime.date):
                    shown = "a list" if isinstance(day, list) else "a map" if isinstance(day, dict) else f"`{day}`"
                    wrong((key, part, i), f"{shown} is not a date", "write dates as YYYY-MM-DD, without quotes")
                elif day.year != year:
                    wrong((key, part, i), f"{day.isoformat()} is not in {year}", f"list it under `{day.year}:`")
                elif part == "workdays" and day.weekday() < 5:
                    wrong((key, part, i), f"{day.isoformat()} is a weekday, which is worked anyway",
                          "`workdays` lists only the Saturdays and Sundays worked in exchange for a holiday")
                else:
                    found.add(day)
            days[part] = frozenset(found)
        for day in sorted(days["holidays"] & days["workdays"]):
            wrong((key, "workdays"), f"{day.isoformat()} is listed both as a holiday and as a working day",
                  "keep it in one of the two lists, as the notice says")
        years[year] = Arrangement(year, str(entry.get("source") or ""), days["holidays"], days["workdays"])
    if problems:
        raise PolicyError(problems)
    return Supplement(name, years)
