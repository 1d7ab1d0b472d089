"""The types and units of the rule language, as the checker sees them.

Input: nothing (a leaf module). Output: `Type` and the rules for combining
types under each operator. Invariants: amounts (`yuan`) and rates (`yuan/month`,
`yuan/year`) are different units; months and years are one unit (a duration);
the literal `0` fits any numeric unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from engine.diagnostics import Said

Kind = Literal["number", "amount", "rate", "duration", "boolean", "date", "text", "unknown"]
NUMERIC = ("number", "amount", "rate", "duration")


@dataclass(frozen=True)
class Type:
    """The type of an expression: its kind (and unit), the values of an enum, whether it is the literal 0."""

    kind: Kind
    values: frozenset[str] | None = None  # the allowed values of an enum
    zero: bool = False  # the literal 0, which compares with any unit
    # a person's age in full years (`age(birth_date)`): a number to the checker, said with its unit (`11 岁`)
    age: bool = field(default=False, compare=False)

    def describe(self, lang: str = "en") -> str:
        """The type in words for a message, e.g. "an amount (yuan)" (in Chinese, `lang` zh: "金额（元）")."""
        return (DESCRIPTIONS_ZH if lang == "zh" else DESCRIPTIONS)[self.kind]

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC

    def plain(self) -> Type:
        """The same type, no longer the literal `0`."""
        return replace(self, zero=False) if self.zero else self


DESCRIPTIONS: dict[str, str] = {
    "number": "a number",
    "amount": "an amount (yuan)",
    "rate": "a rate (yuan/month or yuan/year)",
    "duration": "a duration (months or years)",
    "boolean": "a yes/no value",
    "date": "a date",
    "text": "a text",
    "unknown": "an unknown value",
}

DESCRIPTIONS_ZH: dict[str, str] = {
    "number": "数字",
    "amount": "金额（元）",
    "rate": "按期金额（元/月或元/年）",
    "duration": "时长（月或年）",
    "boolean": "是/否值",
    "date": "日期",
    "text": "文本",
    "unknown": "未知值",
}

NUMBER = Type("number")
AGE = Type("number", age=True)
AMOUNT = Type("amount")
RATE = Type("rate")
DURATION = Type("duration")
BOOLEAN = Type("boolean")
DATE = Type("date")
TEXT = Type("text")
UNKNOWN = Type("unknown")


def same_unit(a: Type, b: Type) -> bool:
    """Whether two values can be compared, added or subtracted."""
    if "unknown" in (a.kind, b.kind):
        return True
    if a.kind == b.kind:
        return True
    return (a.zero and b.numeric) or (b.zero and a.numeric)


def arithmetic(op: str, a: Type, b: Type) -> Type | None:
    """The type of `a op b`, or None when the units do not combine."""
    if "unknown" in (a.kind, b.kind):
        return UNKNOWN
    if not (a.numeric and b.numeric):
        return None
    if op in "+-":
        if not same_unit(a, b):
            return None
        return (b if a.zero else a).plain()
    if op == "*":
        if a.kind == "number":
            return b.plain()
        if b.kind == "number":
            return a.plain()
        if {a.kind, b.kind} == {"rate", "duration"}:
            return AMOUNT
        return None
    # division
    if b.kind == "number":
        return a.plain()
    if a.kind == "amount" and b.kind == "duration":
        return RATE
    if a.kind == b.kind:
        return NUMBER
    return None


def arithmetic_hint(op: str, a: Type, b: Type) -> Said:
    """One help line for `a op b` when `arithmetic` refused it, in English and Chinese, from the kinds alone:
    the checker's hints, which see what was written, come first (`engine.checker.hints`)."""
    kinds = {a.kind, b.kind}
    if "date" in kinds:
        return Said("dates cannot be computed with; compare them, or use `age(date)` for the full years since one",
                    "日期不能参与加减乘除：请直接比较日期，或用 `age(date)` 求某日期以来的足年数")
    if kinds & {"boolean", "text"}:
        return Said("arithmetic needs numbers or money; a yes/no value or a text cannot be added or multiplied",
                    "加减乘除只能用于数字或金额，是/否值和文本不能相加或相乘")
    if kinds == {"amount", "rate"}:
        return Said("an amount and a rate differ by a duration: multiply the rate by one",
                    "金额与按期金额相差一个时长：请把按期金额乘以时长")
    if op == "*" and a.kind == b.kind == "amount":
        return Said("two amounts cannot be multiplied; did you mean to divide?",
                    "两个金额不能相乘，是否应为相除？")
    return Said("see the unit rules in docs/rule-language.md", "请参阅 docs/rule-language.md 中的单位规则")


def compare_hint(a: Type, b: Type) -> Said:
    """One help line for comparing `a` with `b` when `same_unit` refused it, in English and Chinese, from the
    kinds alone: the checker's hints, which see what was written, come first (`engine.checker.hints`)."""
    kinds = {a.kind, b.kind}
    if kinds == {"amount", "rate"}:
        return Said("an amount and a rate differ by a duration: multiply the rate by one",
                    "金额与按期金额相差一个时长：请把按期金额乘以时长")
    return Said("compare values of the same kind", "请比较同一种类的值")
