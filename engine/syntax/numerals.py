"""Numbers written with Chinese numerals, alone or after digits, read as the number they mean.

Input: text, and the offset where a number starts. Output: its value as an exact decimal and
where it ends: `四百九十` is 490, `3千` 3000, `1.2千` 1200, `2万5千` 25000, `一千二` 1200 (a digit
after a unit counts in the next lower unit), `百分之二十` 0.2; and a share in tenths, `五成` (`6成`), with
the percentage to write for it. Invariant: a form with more than one
reading (`3千50`, `三百五千`) reads as nothing rather than as a guess.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from engine.diagnostics import Said
from engine.values import plain_number

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9}
_TENS = {"十": 10, "百": 100, "千": 1000}
MYRIADS = {"万": 10_000, "亿": 100_000_000}
UNITS = "".join([*_TENS, *MYRIADS])
_CHINESE_DIGITS = "[" + "".join(DIGITS) + "]"
# One piece of a number: digits, Chinese digits (with `点` for a decimal point), or a unit; spaces between.
_PIECE = re.compile(rf"\s*([0-9]+(?:\.[0-9]+)?|{_CHINESE_DIGITS}+(?:点{_CHINESE_DIGITS}+)?|[{UNITS}])")
PERCENT = "百分之"
_FIRST = re.compile(f"(-?)(?:{PERCENT}|[0-9{''.join(DIGITS)}{UNITS}])")

THOUSANDS = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")  # `20,921`: digits in groups of three


# `6000,50`: a decimal comma, as some offices write a decimal point (two digits after it are cents; a thousands
# separator has three)
DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+[,，][0-9]{1,2}")


def with_decimal_point(number: str) -> str:
    """`6000,50` (or `6000，50`) with its decimal comma written as a point."""
    return re.sub("[,，]", ".", number)


def separators_removed(number: str) -> str:
    """A number written with thousands separators (`20,921`, `20，921`), without them."""
    return re.sub("[,，]", "", number)


def without_separator(number: str) -> Said:
    """The help for a number written with a thousands separator (`20,921`), in English and Chinese."""
    plain = separators_removed(number)
    return Said(f"write numbers without a thousands separator, e.g. `{plain}`",
                f"数字中不要写千位分隔符，例如 `{plain}`")


EXPONENT = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+(?![\w.])")  # `2.23e4`, as a spreadsheet shows a number


def without_exponent(number: str) -> Said:
    """The help for a number written with an exponent (`2.23e4`): the number in full (`22300`), where that is a
    number a document could give."""
    value = Decimal(number)
    if -12 <= value.adjusted() < 20 or value.is_zero():
        full = plain_number(value)
        return Said(f"numbers are written in full, without an exponent: write `{full}`",
                    f"数字要完整写出，不用指数：请写 `{full}`")
    if value.adjusted() >= 20:  # (not written out: `1e309` would be three hundred digits)
        digits = value.adjusted() + 1
        return Said(f"numbers are written in full, without an exponent; `{number}` would be {digits} digits long: "
                    "write the figure the document gives",
                    f"数字要完整写出，不用指数；`{number}` 完整写出有 {digits} 位：请写文件中给出的数值")
    return Said("numbers are written in full, without an exponent", "数字要完整写出，不用指数")


# a share in tenths: one Chinese digit (`五成`, five tenths) or digits (`6成`, `7.5成`), and no more words after it
# (`七成半` is 75%, which is not read: none rather than a share it is not)
@functools.cache
def _tenths() -> re.Pattern[str]:  # compiled when first used, as `engine.diagnostics.cjk` is
    return re.compile(rf"([0-9]+(?:\.[0-9]+)?|{_CHINESE_DIGITS})成(?![\u3400-\u4dbf\u4e00-\u9fff])")


def tenths(number: str) -> Decimal | None:
    """The tenths a share written with `成` counts, `number` being what is written before it: one Chinese digit
    (`五`, 5) or digits (`7.5`); None for anything else (`十`, `五十`)."""
    return _counted(number) if _tenths().fullmatch(f"{number}成") else None


def tenths_at(text: str, start: int) -> tuple[Decimal, int] | None:
    """The tenths of a share written in them at `start` (`六成`, `6成`), and where it ends."""
    found = _tenths().match(text, start)
    return None if found is None else (_counted(found.group(1)), found.end())


def _counted(number: str) -> Decimal:
    return Decimal(DIGITS[number]) if number in DIGITS else Decimal(number)


def share_in_tenths(counted: Decimal) -> Said:
    """The help for a share written in tenths (`五成`): the percentage to write, or the fraction."""
    percent, fraction = plain_number(counted * 10), plain_number(counted / 10)
    return Said(f"write the share as a percentage: `{percent}%` (or {fraction})",
                f"请把比例写成百分数：`{percent}%`（或 {fraction}）")


def _digits_value(piece: str) -> Decimal:
    """`42`, `4.2`, `四二`, `四点二`: digits read one by one."""
    if piece[0] in "0123456789":
        return Decimal(piece)
    whole, _, decimals = piece.partition("点")
    written = "".join(str(DIGITS[ch]) for ch in whole)
    return Decimal(written + ("." + "".join(str(DIGITS[ch]) for ch in decimals) if decimals else ""))


def _pieces(text: str, start: int) -> tuple[list[str], int]:
    pieces, end = [], start
    while found := _PIECE.match(text, end):
        pieces.append(found.group(1))
        end = found.end()
    return pieces, end


def _value(pieces: list[str]) -> Decimal | None:
    """The number the pieces write, or None when they do not write exactly one."""
    if not any(p in UNITS for p in pieces):
        return _digits_value(pieces[0]) if len(pieces) == 1 else None
    high = low = section = Decimal(0)  # whole 亿 so far; whole 万 since the last 亿; below 万
    number: str | None = None  # the number since the last unit, as written
    unit = smallest = 0  # the last unit, and the last of 十百千 in this section (they must fall)
    after_zero = False  # `三千零五` is 3005: after 零 a number counts as itself
    for piece in pieces:
        if piece not in UNITS:
            if unit and piece[0] in "零〇":
                after_zero, piece = True, piece.lstrip("零〇")
            if number is not None or (unit and len(piece.partition("点")[0]) > 1 and piece[0] not in "0123456789"):
                return None  # two numbers side by side, `三千二五`
            number = piece or None
            continue
        if piece in _TENS:
            if smallest and _TENS[piece] >= smallest:
                return None  # `三百五千`
            section += _digits_value(number) * _TENS[piece] if number else _TENS[piece]
            smallest = _TENS[piece]
        else:
            part = _with_last(section, number, smallest, after_zero)
            if part is None:
                return None
            if piece == "万":
                low += (part or 1) * MYRIADS[piece]  # `万` alone is ten thousand
            else:  # 亿 multiplies all since the last 亿: 三万亿 is three trillion
                high, low = high + (low + part or 1) * MYRIADS[piece], Decimal(0)
            section, smallest = Decimal(0), 0
        number, unit, after_zero = None, _TENS.get(piece) or MYRIADS[piece], False
    last = _with_last(section, number, unit, after_zero)
    return None if last is None else high + low + last


def _with_last(whole: Decimal, number: str | None, unit: int, after_zero: bool) -> Decimal | None:
    """`whole` and the number written after its last `unit`: `三千五` is 3500, `三千零五` 3005, `2万5000`
    25000; `3千50` and `3千2.5` have no one reading."""
    if number is None:
        return whole
    value = _digits_value(number)
    if not unit:
        return whole + value
    if after_zero or unit == 10:
        return whole + value if value < unit else None
    if value != value.to_integral_value():
        return None
    if len(number) == 1:
        return whole + value * unit // 10
    return whole + value if len(number) == len(str(unit)) - 1 else None


def read_number(text: str, start: int) -> tuple[Decimal | None, int] | None:
    """The number at `start`, written with Chinese numerals and perhaps digits, and where it ends; `百分之二十`
    is 0.2. None where no number starts; a value of None where the number has more than one reading."""
    percent = text.startswith(PERCENT, start)
    pieces, end = _pieces(text, start + len(PERCENT) if percent else start)
    if not pieces:
        return None
    value = _value(pieces)
    return (value / 100 if percent and value is not None else value), end


def numeral_value(text: str) -> str:
    """The digits of a number in Chinese numerals: `四百九十` → `490`, `二零二四` → `2024`, `一点五` → `1.5`."""
    found = read_number(text, 0)
    assert found is not None and found[0] is not None and found[1] == len(text), text
    return plain_number(found[0])


def number_in(text: str) -> str | None:
    """The digits of the first number in `text`, written with digits, Chinese numerals or both (`二十五天` →
    `25`, `约1.5万元` → `15000`, `-5`); None when there is none, or it has more than one reading (`3千50`)."""
    first = _FIRST.search(text)
    found = read_number(text, first.end(1)) if first else None
    if first is None or found is None or found[0] is None:
        return None
    return first.group(1) + plain_number(found[0])
