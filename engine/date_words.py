"""What a finding says of a date that is not one, in household files and policy files alike.

Input: a value given where a date belongs (a text, a number), or a JSON Schema error. Output: the date it was
meant to be, as YYYY-MM-DD, said as the fix — `20240701`, `2024/7/1`, `2024年7月1日`, full-width digits, a
spreadsheet's date-and-time cell or its day number (`45292`) — or what is wrong with a day that does not exist
(`2026-02-30`); and whether a text is a date as a spreadsheet writes a cell formatted as one, which the summary
of a batch names once for its column. Invariant: pure functions (`iso_date` keeps what it read, to give it again); a
date a help line gives is one that exists.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from typing import TYPE_CHECKING, Any

from engine.diagnostics import Said

if TYPE_CHECKING:
    import jsonschema

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# The dates read so far, by their text: the households of a run share their `date` and their members their birthdays
# (a sample of 20,000 households gives some 65,000 members 27,000 dates), and one text gives one date object, which
# what is kept for a day (the record check's earliest birth date, a decision's date text) knows by identity. Kept to a
# bound, so that a stream of any length holds at most that many; a text that is no date is never kept.
DATES_READ: dict[str, datetime.date] = {}
_DATES_KEPT = 40_000


def iso_date(text: str) -> datetime.date | None:
    """The date a text writes as YYYY-MM-DD, the one form a household's dates take; None for another form
    (`20240701`, which Python would also read) or a day that does not exist (`2026-02-30`)."""
    known = DATES_READ.get(text)
    if known is not None:
        return known
    # ten characters, dashes after the year and the month, and what Python reads: the pattern's texts (`ISO_DATE`),
    # without its cost (half the check of a date not read before). Python reads no other form of ten characters with
    # those dashes (its week `2024-W01-1` has them elsewhere), and no digit but ASCII's, which alone fill ten bytes
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    if len(DATES_READ) < _DATES_KEPT:
        DATES_READ[text] = date
    return date


def wants_a_date(error: jsonschema.ValidationError) -> bool:
    """Whether a JSON Schema error is of a value that is no date (`household_words.schema_finding`: `… is not a
    date`)."""
    v = error.validator
    return v == "format" or (v == "type" and isinstance(error.schema, dict) and error.schema.get("format") == "date")


def not_a_date(error: jsonschema.ValidationError) -> str | None:
    """The text of a JSON Schema error of a value that is no date (`Diagnostic.not_a_date`); None for any other
    error, or a value that is no text."""
    return error.instance if wants_a_date(error) and isinstance(error.instance, str) else None


_OTHER_DATE = re.compile(r"([0-9]{4})(?:[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?|([0-9]{2})([0-9]{2}))")
# a date as a spreadsheet writes a cell formatted as a date, year first or last: `2026/3/1`, `2026.03.01`, `3/1/2026`
_CELL_DATE = re.compile(r"[0-9]{4}([/.])[0-9]{1,2}\1[0-9]{1,2}|[0-9]{1,2}([/.])[0-9]{1,2}\2[0-9]{4}")


def cell_date(value: str | None) -> str | None:
    """A text that is no date (`Diagnostic.not_a_date`), when it is a date as a spreadsheet writes a cell formatted
    as one — `2026/3/1`, `2026/03/01`, `2026.3.1`, `3/1/2026` —; None for any other. Such a value is still no date:
    the summary of a run says what to change in the export, once for the column."""
    return value if value is not None and _CELL_DATE.fullmatch(value) is not None else None


def cell_date_meant(value: str, first: str | None = None) -> str | None:
    """The day such a value is, as YYYY-MM-DD, where that is certain, as a record's own help offers it (`_day_of`):
    the year first, or the year last where only one order makes a day (`03/30/2026`), and a day that exists; None
    for `3/1/2026`, where the month may come first or second — unless `first` says which does, as the other dates of
    its column show it (`year_last_order`): "month" (`2026-03-01`) or "day" (`2026-01-03`)."""
    return _day_of(value) or (_year_last_days(value).get(first) if first is not None else None)


def year_last_order(value: str) -> str | None:
    """Which comes first in a date written with the year last where only one order makes a day: "month"
    (`03/30/2026`) or "day" (`30.03.2026`); None where either order does (`3/1/2026`), where both make the same day
    (`12/12/2026`), and for any other value."""
    days = _year_last_days(value)
    return next(iter(days)) if len(days) == 1 else None


def date_said(value: Any, quotes: bool = True) -> Said | None:
    """The date as YYYY-MM-DD (how households and policies write dates), when `value` is a date in another
    common form: `20240701`, `2024/7/1`, `2024年7月1日`, a spreadsheet's day number (`45292`); or what is wrong
    with one in that form that does not exist (`2026-02-30`). `quotes`: a date given as a number is written
    in quotes (JSON; YAML reads a date without them)."""
    text = str(value) if type(value) is int else value.strip() if isinstance(value, str) else ""
    timed = _WITH_TIME.fullmatch(text)
    if timed is not None:  # a spreadsheet's date and time cell, `2026-01-01 00:00:00`
        day = _day_of(timed.group(1))
        if day is not None:
            return Said(f"write the date alone, without the time: `{day}`", f"只写日期，不写时间：`{day}`")
    if _DAY_NUMBER.fullmatch(text):
        return _day_number_help(int(text), exported=quotes)
    if ISO_DATE.fullmatch(text):
        from engine.syntax.parser import date_help as real_date_help

        return Said(real_date_help(text), real_date_help(text, "zh"))
    half = text.translate(_HALF_WIDTH)
    if half != text and (day := _day_of(half)) is not None:  # `2026－12－31`, typed with a Chinese input method
        if set(text) <= set("0123456789－"):
            return Said(f"the dashes `－` are full-width: write `{day}`", f"日期中的 `－` 是全角连字符：请写 `{day}`")
        return Said(f"the date is typed in full-width characters: write `{day}`", f"日期中有全角字符：请写 `{day}`")
    written = _day_of(text)
    if written is None:
        if isinstance(value, str) and _YEAR_AND_MONTH.fullmatch(half):  # `1984-03`: the month of birth, as known
            return Said("the day is missing: write the whole date, with its day, as YYYY-MM-DD",
                        "缺少日：请写完整的日期（年、月、日），格式为 YYYY-MM-DD")
        return None
    if isinstance(value, str) or not quotes:
        return Said(f"write `{written}`", f"应写作 `{written}`", summarized=True)
    return Said(f'write `"{written}"`, a date in quotes', f'应写作 `"{written}"`，即加引号的日期', summarized=True)


def _day_of(text: str) -> str | None:
    """A date written `2024-07-01`, `20240701`, `2024/7/1` or `2024年7月1日`, as YYYY-MM-DD; or with the year last
    where it can be only one day (`03/30/2026`, `30.03.2026`); None for anything else, or a day that does not
    exist."""
    found = ISO_DATE.fullmatch(text) or _OTHER_DATE.fullmatch(text)
    if found is None:
        return _year_last(text)
    if found.re is ISO_DATE:
        year, month, day = text.split("-")
    else:
        year, month, day = found.group(1), found.group(2) or found.group(4), found.group(3) or found.group(5)
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


_YEAR_LAST = re.compile(r"([0-9]{1,2})([/.])([0-9]{1,2})\2([0-9]{4})")


def _year_last(text: str) -> str | None:
    """A date written with the year last, day and month in either order (`03/30/2026`, `30.03.2026`), as YYYY-MM-DD
    where only one of the two can be the month (30 cannot), or both are the same (`12/12/2026`); None where either
    order makes a day (`3/1/2026`: the 1st of March or the 3rd of January), or for anything else."""
    days = set(_year_last_days(text).values())
    return days.pop() if len(days) == 1 else None


def _year_last_days(text: str) -> dict[str, str]:
    """The days a date written with the year last makes, as YYYY-MM-DD, by what comes first: "month" (`03/30/2026`
    → `2026-03-30`), "day", or both (`3/1/2026`); none for a day that does not exist either way, or anything else."""
    found = _YEAR_LAST.fullmatch(text)
    if found is None:
        return {}
    first, second, year = int(found.group(1)), int(found.group(3)), int(found.group(4))
    days = {}
    for order, (month, day) in (("month", (first, second)), ("day", (second, first))):
        with contextlib.suppress(ValueError):
            days[order] = datetime.date(year, month, day).isoformat()
    return days


# A date as a Chinese input method in full-width mode types it, and as it is meant.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_YEAR_AND_MONTH = re.compile(r"(?:19|20)[0-9]{2}(?:[-/.](?:0?[1-9]|1[0-2])|年(?:0?[1-9]|1[0-2])月)")
_WITH_TIME = re.compile(r"(\S+)(?:\s+|T)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?")
_DAY_NUMBER = re.compile(r"[0-9]{4,5}")
_SPREADSHEET_DAY_ZERO = datetime.date(1899, 12, 30)  # day 1 is 1900-01-01, counting the 29th of February 1900


def _day_number_help(number: int, exported: bool) -> Said | None:
    """A year alone, or the day number a spreadsheet shows for a date cell not formatted as a date (in data
    `exported` from one, or copied into a policy file)."""
    if 1900 <= number <= 2100:
        return Said("a year alone is not a date: write the whole date as YYYY-MM-DD",
                    "只写年份不是日期：请写完整日期 YYYY-MM-DD")
    if 2100 < number <= 73050:  # up to 2099-12-31
        day = (_SPREADSHEET_DAY_ZERO + datetime.timedelta(days=number)).isoformat()
        if exported:
            return Said(f"if this is a spreadsheet's day number, the date is `{day}`: format the column as a date "
                        "(YYYY-MM-DD) before exporting",
                        f"如果这是电子表格的日期序号，对应日期是 `{day}`：导出前请把该列设为日期格式（YYYY-MM-DD）",
                        summarized=True)
        return Said(f"if this is a spreadsheet's day number, write the date it stands for: `{day}`",
                    f"如果这是电子表格的日期序号，请写出它代表的日期：`{day}`", summarized=True)
    return None
