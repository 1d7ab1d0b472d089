"""Figures of a case written with their unit or in words (`19元`, `19元/月`, `￥19`, `2倍`, `45岁`, `五成`).

Input: a case file (`YamlDocument`; where it breaks `engine/schema/cases.schema.json`, the parts not of its shape
are passed over) and, for each of its cases,
what its policy says of the names it expects (`Figures`: the kind of each value, the period of each measure), or
None where the policy does not load. Output: an L004 `Diagnostic` at each figure under `expect.values` or
`expect.assistance` so written, with the number to write where it can be read — `19元` → `19`; a rate of a value
written per month, `560元/月`, → the year's `6720`, as decisions give rates; a year's amount of a measure granted per
month, `228元/年`, → the month's `19`; `约4200` → `4200`; `五成` → `50%`; a figure written per month or per year
where the case's policy does not load to say which period it is given for, → both periods' figures — and, where it
cannot (`十九元`), to write the figure in digits, with an example of its kind (an amount, an age, a count, a share).
Invariants: a figure the comparison reads (`19`, `"19.00"`, `50%`, `4,200`, `320,00`) is never one, nor a text a
value may hold (`C`, a date): only a number with a unit, a currency sign, in Chinese numerals or said roughly
(`about`, `约`, `左右`) is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from engine.diagnostics import Diagnostic, Said
from engine.expectations import per_year, shown
from engine.household_words import half_width
from engine.syntax.numerals import DIGITS, UNITS, share_in_tenths, tenths
from engine.values import plain_number
from engine.yamlsource import YamlDocument, shown_path

_CHINESE = "".join(DIGITS) + UNITS + "点"
# a figure as an officer writes it: a currency sign, digits (half- or full-width) or Chinese numerals, a unit
_WRITTEN = re.compile(
    r"(?P<about>(?:about|around|approximately|approx\.?|roughly|大约|大概|约|≈|~)\s*)?"
    rf"(?P<sign>[￥¥])?\s*(?P<number>[0-9０-９][0-9０-９.．]*|[{_CHINESE}]+)\s*"
    r"(?P<unit>(?P<myriad>万)?(?:元|块钱?|yuan)?(?:\s*(?:[/／每]|per)\s*个?\s*(?P<per>月|年|month|year))?|倍|周岁|岁|人|口|个月|成)?"
    r"(?P<roughly>\s*(?:左右|上下|or so))?", re.IGNORECASE)
_KIND_OF_UNIT = {"元": "money", "块": "money", "yuan": "money", "倍": "multiple", "岁": "age", "周岁": "age",
                 "人": "count", "口": "count", "个月": "months", "成": "share"}
_PERIODS = {"月": "month", "month": "month", "年": "year", "year": "year"}
_EXAMPLES = {"money": "4200.00", "multiple": "1.5", "age": "45", "count": "2", "months": "24", "share": "50%",
             "number": "2"}
_NOT_FIGURES = ("text", "date", "boolean", "enum")  # kinds of value a text is written for as it is
# what is wrong with a figure so written: a unit or words, or, said roughly, that a case checks figures exactly
_NOT_A_NUMBER = Said("not a number: a case writes a figure in digits, without its unit",
                     "不是数字：用例中的数值只写阿拉伯数字，不带单位")
_APPROXIMATE = Said("an approximate figure: a case expects the exact number", "这是约数：用例要写精确的数值")


@dataclass(frozen=True)
class Figures:
    """What a case's policy says of the figures the case may expect: the kind of each value (`engine.types`, by
    name), and the period each measure is granted for (`month`, `year`, None)."""

    kind: Callable[[str], str]
    periods: Mapping[str, str | None]


def figures_with_units(doc: YamlDocument, policies: Mapping[int, Figures | None]) -> list[Diagnostic]:
    """A located mistake for each figure the cases of `doc` expect written with a unit or in words; `policies`, what
    the policy of each case (by its index) says of its names. A part of the file not of its shape is passed over (its
    schema's findings say it), so that the figures are told beside those."""
    found = []
    for index, figures in policies.items():
        case = doc.data["cases"][index]
        expect = case.get("expect") if isinstance(case, dict) else None
        for section in ("values", "assistance"):
            written = expect.get(section) if isinstance(expect, dict) else None
            for key, value in (written.items() if isinstance(written, dict) else ()):
                name = str(key).partition("/")[0]
                kind = figures.kind(name) if figures is not None and section == "values" else "unknown"
                said = _figure_said(str(value), section, name, kind, figures) \
                    if isinstance(value, str) and kind not in _NOT_FIGURES else None
                if said is not None:
                    path = ("cases", index, "expect", section, key)
                    where = shown_path(path)
                    wrong, help = said
                    found.append(Diagnostic.said(
                        "L004", Said(f"`{where}` is `{value}`, {wrong.en}", f"`{where}` 是 `{value}`，{wrong.zh}"),
                        doc.span(path), help=help))
    return found


def _figure_said(text: str, section: str, name: str, kind: str,
                 figures: Figures | None) -> tuple[Said, Said] | None:
    """What is wrong with a figure written `text`, and what to write; None where it is no figure with a unit, in
    words or said roughly (`about 4200`, `约4200`, `4200左右`): a figure said roughly is told to be approximate, as
    that is its mistake, whatever else it has."""
    written = _WRITTEN.fullmatch(text.strip())
    if written is None:
        return None
    said = _number_said(written, section, name, kind, figures)
    if said is None:
        return None
    if not (written.group("about") or written.group("roughly")):
        return _NOT_A_NUMBER, said
    wrong = _APPROXIMATE
    if written.group("sign") or written.group("unit") or written.group("number")[0] in _CHINESE:
        wrong = Said(f"{wrong.en}, in digits, without its unit", f"{wrong.zh}，只写阿拉伯数字，不带单位")
    return wrong, Said(f"{said.en}, if that is the exact figure", f"{said.zh}（如果这就是精确值）")


def _number_said(written: re.Match[str], section: str, name: str, kind: str, figures: Figures | None) -> Said | None:
    unit, number = written.group("unit") or "", written.group("number")
    chinese = number[0] in _CHINESE
    if not (written.group("sign") or unit or chinese or written.group("about") or written.group("roughly")):
        return None  # a number the comparison reads
    money = written.group("sign") or written.group("myriad") or section == "assistance" or kind in ("amount", "rate")
    of = _KIND_OF_UNIT.get(re.sub(r"\s*(?:[/／每]|per).*", "", unit).removeprefix("万").rstrip("钱"),
                           "money" if money else "number")
    if of == "share" and chinese and (counted := tenths(number)) is not None:  # `五成`: five tenths
        return share_in_tenths(counted)
    if chinese:
        return Said(f"write the figure in digits, such as {_EXAMPLES[of]}",
                    f"请用阿拉伯数字写出数值，例如 {_EXAMPLES[of]}")
    digits = half_width(number)
    if written.group("myriad"):  # `0.65万`: ten thousands
        digits = plain_number(Decimal(digits) * 10_000)
    if of == "share":
        return share_in_tenths(Decimal(digits))
    per = _PERIODS.get(written.group("per") or "")
    if per is not None and figures is None:  # the policy, which says the period, does not load
        return _either_period(Decimal(digits), name, per)
    granted = figures.periods.get(name) if figures is not None and section == "assistance" else None
    if per == "month" and section == "values" and kind == "rate":  # a decision gives a rate per year
        yearly = per_year(Decimal(digits))
        return Said(f"write the yearly figure alone: `{plain_number(Decimal(digits) * 12)}` ({yearly.en})",
                    f"请只写每年的数：`{plain_number(Decimal(digits) * 12)}`（{yearly.zh}）")
    if per == "year" and granted == "month":  # a year's amount: the case holds the month's
        return _monthly(digits, name)
    alone = Said(f"write the number alone: `{digits}`", f"请只写数字：`{digits}`")
    if per is not None and per == granted:
        return Said(f"{alone.en} (`{name}` is granted per {per}: the case writes the {per}ly amount)",
                    f"{alone.zh}（`{name}` 按{'月' if per == 'month' else '年'}给予，"
                    f"写每{'月' if per == 'month' else '年'}的金额）")
    return alone


def _either_period(written: Decimal, name: str, per: str) -> Said:
    """What to write for a figure written per month or per year where the case's policy does not load to say which
    the decision gives: the number as written for its own period, and the other period's figure (a year's twelfth
    where it is one to the fen)."""
    other = written * 12 if per == "month" else written / 12
    figure = f"`{plain_number(other)}`" if other == other.quantize(Decimal("0.01")) else None
    months = {"month": ("per month", "按月"), "year": ("per year", "按年")}
    (mine_en, mine_zh), (theirs_en, theirs_zh) = months[per], months["year" if per == "month" else "month"]
    return Said(f"write the number alone: `{plain_number(written)}` if the case expects `{name}` {mine_en}, "
                f"{figure or 'its twelfth'} if {theirs_en} (its policy does not load, so which the decision gives is "
                "not known)",
                f"请只写数字：用例{mine_zh}写 `{name}` 时写 `{plain_number(written)}`，{theirs_zh}写时写 "
                f"{figure or '它的十二分之一'}（其政策文件未能读取，不知道认定结果按月还是按年给出）")


def _monthly(digits: str, name: str) -> Said:
    """What to write for a year's amount of a measure granted per month: the month's figure, where it is one to the
    fen (`228元/年` → `19`); else the number as written, if that was the month's amount."""
    yearly = Decimal(digits)
    monthly, year = yearly / 12, shown(yearly, "rate")
    if monthly == monthly.quantize(Decimal("0.01")):
        month = shown(monthly, "rate", "month")
        return Said(f"write the monthly figure alone: `{plain_number(monthly)}` (`{name}` is granted per month: "
                    f"{year.en} is {month.en})",
                    f"请只写每月的数：`{plain_number(monthly)}`（`{name}` 按月给予：{year.zh}即 {month.zh}）")
    month = shown(monthly.quantize(Decimal("0.01")), "rate", "month")
    return Said(f"write the monthly amount alone (`{name}` is granted per month, and {year.en} is no amount to the "
                f"fen a month, ≈{month.en}): `{digits}` if that is the monthly amount",
                f"请只写每月的金额（`{name}` 按月给予，{year.zh}折合每月不是整分，约 {month.zh}）："
                f"如果每月是 {digits}，写 `{digits}`")
