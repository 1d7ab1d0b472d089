"""Chinese working days: review deadlines counted the way offices count them.

Input: calendar dates. Output: working-day arithmetic over the official calendar
of the State Council (statutory holidays and the weekend days worked in
exchange, 调休), as kept by the `chinese-calendar` package. Invariants: no
holiday is ever written here or guessed; a day in a year the package does not
cover raises `CalendarNotCovered` naming that year, so a deadline is either
right or refused — never approximately right.
"""

from __future__ import annotations

import datetime
from importlib import metadata

import chinese_calendar

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
        return ("the State Council publishes each year's holidays late in the year before; "
                "update with `pip install -U chinese-calendar` once it is out")


def _version() -> str:
    try:
        return metadata.version("chinese-calendar")
    except metadata.PackageNotFoundError:  # installed under its other distribution name
        return getattr(chinese_calendar, "__version__", "?")


def covered_years() -> tuple[int, int]:
    """The first and last year the installed calendar knows."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


def is_working_day(day: datetime.date) -> bool:
    """Whether offices work on `day`: a weekday that is no holiday, or a weekend day worked in exchange."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarNotCovered(day.year) from None


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (`start` itself is not counted; `days` ≥ 0).

    An application made on 2025-09-26 with a limit of 25 working days is due on the 25th
    working day after it, skipping the National Day week and counting its make-up Saturday.
    """
    if days < 0:
        raise ValueError("a number of working days is never negative")
    day = start
    left = days
    while left:
        day += ONE_DAY
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day)
    return count
