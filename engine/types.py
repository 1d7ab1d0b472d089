"""The types and units of the rule language, as the checker sees them.

Input: nothing (a leaf module). Output: `Type` and the rules for combining
types under each operator. Invariants: amounts (`yuan`) and rates (`yuan/month`,
`yuan/year`) are different units; months and years are one unit (a duration);
the literal `0` fits any numeric unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Kind = Literal["number", "amount", "rate", "duration", "boolean", "date", "text", "unknown"]
NUMERIC = ("number", "amount", "rate", "duration")


@dataclass(frozen=True)
class Type:
    """The type of an expression: its kind (and unit), the values of an enum, whether it is the literal 0."""

    kind: Kind
    values: frozenset[str] | None = None  # the allowed values of an enum
    zero: bool = False  # the literal 0, which compares with any unit

    def describe(self, lang: str = "en") -> str:
        """The type in words for a message, e.g. "an amount (yuan)"."""
        return DESCRIPTIONS[self.kind]

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

NUMBER = Type("number")
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


def arithmetic_hint(op: str, a: Type, b: Type) -> str:
    """One help line for `a op b` when `arithmetic` refused it."""
    kinds = {a.kind, b.kind}
    if "date" in kinds:
        return "dates cannot be computed with; compare them, or use `age(date)` for the full years since one"
    if kinds & {"boolean", "text"}:
        return "arithmetic needs numbers or money; a yes/no value or a text cannot be added or multiplied"
    if op in "+-" and "number" in kinds and kinds & {"amount", "rate"}:
        return "give the number a unit, e.g. `3 yuan/month`, or multiply instead"
    if kinds == {"amount", "rate"}:
        return "an amount and a rate differ by a duration: multiply the rate by one, e.g. `dibao_standard * 24 months`"
    if op == "*" and a.kind == b.kind == "amount":
        return "two amounts cannot be multiplied; did you mean to divide?"
    return "see the unit rules in docs/rule-language.md"


def compare_hint(a: Type, b: Type) -> str:
    """One help line for comparing `a` with `b` when `same_unit` refused it."""
    kinds = {a.kind, b.kind}
    if kinds == {"amount", "rate"}:
        return "an amount and a rate differ by a duration: e.g. compare with `dibao_standard * 24 months`"
    if "number" in kinds and kinds & {"amount", "rate"}:
        return "give the number a unit, e.g. `500 yuan` or `500 yuan/month`"
    return "compare values of the same kind"
