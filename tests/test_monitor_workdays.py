"""Review deadlines in Chinese working days, across Spring Festival and National Day.

Expected dates are counted by hand from the State Council's published holiday notices
(holidays and the weekend days worked in exchange), not from the library under test.
"""

from __future__ import annotations

import datetime

import pytest

from engine.diagnostics import PolicyError
from engine.monitor.workdays import (
    CalendarNotCovered,
    add_working_days,
    covered_years,
    is_working_day,
    read_supplement,
    working_days_between,
    working_days_late,
)

D = datetime.date


@pytest.mark.parametrize(("day", "working"), [
    (D(2024, 2, 4), True),     # Sunday worked before Spring Festival 2024
    (D(2024, 2, 12), False),   # Monday inside Spring Festival 2024
    (D(2024, 2, 18), True),    # Sunday worked after it
    (D(2024, 10, 7), False),   # Monday, last day of National Day 2024
    (D(2024, 10, 12), True),   # Saturday worked after it
    (D(2025, 1, 26), True),    # Sunday worked before Spring Festival 2025
    (D(2025, 2, 4), False),    # Tuesday inside it
    (D(2025, 2, 8), True),     # Saturday worked after it
    (D(2025, 10, 8), False),   # Wednesday, National Day and Mid-Autumn 2025
    (D(2025, 10, 11), True),   # Saturday worked after it
    (D(2026, 2, 14), True),    # Saturday worked before Spring Festival 2026
    (D(2026, 2, 23), False),   # Monday, last day of it
    (D(2026, 2, 28), True),    # Saturday worked after it
    (D(2026, 9, 25), False),   # Friday, Mid-Autumn 2026
    (D(2026, 10, 10), True),   # Saturday worked after National Day 2026
    (D(2026, 3, 7), False),    # an ordinary Saturday
    (D(2026, 3, 9), True),     # an ordinary Monday
])
def test_working_day_follows_the_official_calendar(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(("start", "days", "due"), [
    (D(2024, 2, 8), 2, D(2024, 2, 18)),     # over Spring Festival 2024, onto its make-up Sunday
    (D(2024, 2, 8), 3, D(2024, 2, 19)),
    (D(2024, 9, 27), 3, D(2024, 10, 8)),    # make-up Sunday 29 Sep, then the National Day week
    (D(2025, 1, 24), 3, D(2025, 2, 5)),     # make-up Sunday 26 Jan, then Spring Festival 2025
    (D(2025, 9, 26), 6, D(2025, 10, 11)),   # National Day 2025 and its make-up Saturday
    (D(2025, 9, 26), 25, D(2025, 11, 6)),   # the ordinary review limit
    (D(2026, 2, 13), 2, D(2026, 2, 24)),    # make-up Saturday 14 Feb, then Spring Festival 2026
    (D(2026, 9, 30), 3, D(2026, 10, 10)),   # National Day 2026 and its make-up Saturday
    (D(2026, 3, 2), 0, D(2026, 3, 2)),
])
def test_due_date_counts_working_days_after_the_application(start, days, due):
    assert add_working_days(start, days) == due
    assert working_days_between(start, due) == days
    assert working_days_between(due, start) == -days


def test_application_made_on_a_holiday_starts_counting_at_the_next_working_day():
    assert add_working_days(D(2026, 2, 17), 1) == D(2026, 2, 24)


def test_a_year_the_calendar_does_not_cover_is_refused_not_guessed():
    _, last = covered_years()
    with pytest.raises(CalendarNotCovered) as caught:
        add_working_days(D(last, 12, 1), 40)
    assert caught.value.year == last + 1
    assert f"does not cover {last + 1}" in str(caught.value)
    assert "pip install -U chinese-calendar" in caught.value.help.en and "--calendar" in caught.value.help.en
    assert f"工作日历还没有 {last + 1} 年的安排" in caught.value.said.zh and "--calendar" in caught.value.help.zh
    with pytest.raises(CalendarNotCovered):
        is_working_day(D(last + 1, 3, 2))


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), -1)


def _first(year: int, month: int, weekday: int) -> datetime.date:
    day = D(year, month, 1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def test_a_calendar_file_supplies_a_year_the_package_does_not_cover(tmp_path):
    last = covered_years()[1]
    year = last + 1
    monday, saturday = _first(year, 3, 0), _first(year, 3, 5)
    path = tmp_path / "holidays.yaml"
    path.write_text(f"{year}:\n  source: the notice\n  holidays: [{monday}]\n  workdays: [{saturday}]\n"
                    f"{last}:\n  source: the notice\n  holidays: [{_first(last, 3, 0)}]\n", encoding="utf-8")
    supplement = read_supplement(path)
    assert not is_working_day(monday, supplement)                      # a holiday of the notice
    assert is_working_day(saturday, supplement)                        # a Saturday worked in exchange
    assert not is_working_day(saturday + datetime.timedelta(days=1), supplement)   # an ordinary Sunday
    assert is_working_day(monday + datetime.timedelta(days=1), supplement)         # an ordinary Tuesday
    assert is_working_day(_first(last, 3, 0), supplement), "a year the package covers is the package's"
    # from the Friday before: the holiday Monday is skipped, the Saturday is not (whichever comes first)
    friday = monday - datetime.timedelta(days=3)
    expected = sorted(d for d in (friday + datetime.timedelta(days=i) for i in range(1, 30))
                      if (d.weekday() < 5 and d != monday) or d == saturday)[4]
    assert add_working_days(friday, 5, supplement) == expected
    assert working_days_between(friday, expected, supplement) == 5
    with pytest.raises(CalendarNotCovered):
        is_working_day(D(year + 1, 3, 2), supplement)


def test_a_calendar_file_with_mistakes_is_refused_with_each_one_located(tmp_path):
    year = covered_years()[1] + 1
    path = tmp_path / "holidays.yaml"
    path.write_text(f"{year}:\n"
                    f"  holidays: [{year}-01-01, {year - 1}-12-31, \"Jan 2\"]\n"
                    f"  workdays: [{_first(year, 1, 0)}, {_first(year, 2, 6)}]\n"
                    f"  extra: 1\n"
                    f"27: {{}}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        read_supplement(path)
    found = {(d.code, d.span.line if d.span else 0, d.message) for d in caught.value.diagnostics}
    assert found == {
        ("L009", 1, f"{year} names no `source`"),
        ("L009", 2, f"{year - 1}-12-31 is not in {year}"),
        ("L009", 2, "`Jan 2` is not a date"),
        ("L009", 3, f"{_first(year, 1, 0)} is a weekday, which is worked anyway"),
        ("L009", 4, f"unknown key `extra` in {year}"),
        ("L009", 5, "`27` is not a year"),
    }
    assert all(d.help for d in caught.value.diagnostics)


def test_an_empty_calendar_file_or_odd_entries_get_calendar_help(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        read_supplement(path)
    (d,) = caught.value.diagnostics
    assert d.code == "L005" and d.help is not None and "holidays:" in d.help and "policy" not in d.help
    path.write_text("0000: {source: x}\n2027:\n  source: x\n  holidays: [[2027-01-01]]\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        read_supplement(path)
    assert [d.message for d in caught.value.diagnostics] == ["`0000` is not a year", "a list is not a date"]


@pytest.mark.parametrize(("day", "late"), [
    (D(2026, 12, 24), 0),   # before the due date
    (D(2026, 12, 25), 0),   # on it (a Friday)
    (D(2026, 12, 26), 0),   # the weekend after it: no working day has passed
    (D(2026, 12, 27), 0),
    (D(2026, 12, 28), 1),   # Monday: the first working day past it
    (D(2026, 12, 31), 4),
])
def test_a_day_is_late_by_the_working_days_after_the_due_date(day, late):
    assert working_days_late(D(2026, 12, 25), day) == late
