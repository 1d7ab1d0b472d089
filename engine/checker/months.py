"""The months a rate lacks where an amount is wanted, as the policy gives them, and the counts of months written
without their unit.

Input: a rule's nodes, the policy's parameters, the label of the rule being checked. Output: the count of months a
plain number may be (`dibao_standard * 36`, `dibao_deposit_months: {value: 24}`), and the months a label gives
(`人均存款不超过24个月低保标准`, `within 24 months`) written as the rule would read them: the parameter that holds
them, or `24 months`. Invariant: every number of months offered is one the policy writes — in the rule, in a
parameter, in the label — never one assumed (a help that adds `24 months` to a rule that already multiplies by a
count of 24 checks clean and allows 24 times the limit).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from engine.model import Label, Parameter
from engine.syntax import ast

MONTHS_IN_A_YEAR = Decimal(12)

# a count of months as a label writes it: `24个月`, `24 months`, `1 month`
_MONTHS_IN_LABEL = re.compile(r"(?<![0-9.])([0-9]+)\s*(?:个月|months?\b)", re.IGNORECASE)


# the words that say a count of months (of years): in a name, then in a label
_COUNT_WORDS = {"month": ("months", re.compile(r"个月|月数|\bmonths\b")),
                "year": ("years", re.compile(r"年数|\byears\b"))}


def is_count_of_months(value: Decimal) -> bool:
    """Whether a plain number may be a count of months written without its unit: a whole multiple of 12."""
    return value > 0 and value % MONTHS_IN_A_YEAR == 0


def product_factors(node: ast.Node) -> list[ast.Node]:
    """The factors of a product as written: `1.5 * dibao_standard * 36` → 1.5, dibao_standard, 36."""
    if isinstance(node, ast.Arith) and node.op == "*":
        return product_factors(node.left) + product_factors(node.right)
    return [node]


def spoken_of(parameter: Parameter) -> tuple[bool, bool]:
    """Whether a parameter's name or label speaks of months (`deposit_months`, `存款限额月数`), and of years."""
    words = " ".join((parameter.name, parameter.label.zh or "", parameter.label.en or "")).lower()
    return "month" in words or "月" in words, "year" in words or "年" in words


def counts_the_duration(parameter: Parameter | None, duration: ast.Quantity) -> bool:
    """Whether a parameter is a plain number that counts what a duration counts: one holding the duration's number
    (`value: 24` beside `24 months`), or one whose name or label says it is a count of months (`deposit_months`,
    `存款限额月数`, `24个月`), of years for a duration in years."""
    value = parameter.expr.node if parameter is not None else None
    if parameter is None or not isinstance(value, ast.Number):
        return False
    return value.value == duration.value or says_a_count(parameter.name, (parameter.label.zh, parameter.label.en),
                                                         duration.unit)


def says_a_count(name: str, label: Iterable[str | None], unit: str) -> bool:
    """Whether a parameter's name or label says it counts `unit` (`month` or `year`): `deposit_months`,
    `存款限额月数`, `24个月`."""
    word, in_label = _COUNT_WORDS[unit]
    return word in name.split("_") or in_label.search(" ".join(text or "" for text in label).lower()) is not None


def months_counted(parameter: Parameter) -> bool:
    """Whether a parameter written as a plain number may be a count of months (or years) without its unit: a whole
    number, a multiple of 12 or one whose name or label speaks of months or years."""
    value = parameter.expr.node
    if not isinstance(value, ast.Number) or value.value <= 0 or value.value != value.value.to_integral_value():
        return False
    return is_count_of_months(value.value) or any(spoken_of(parameter))


def counted_by_a_parameter(rate: ast.Node, parameters: Mapping[str, Parameter]) -> bool:
    """Whether a factor of the rate is a parameter that holds a count of months as a plain number
    (`dibao_standard * dibao_deposit_months`, `value: 24`): the months are there, their unit is not."""
    return any(isinstance(f, ast.Name) and f.dotted in parameters and months_counted(parameters[f.dotted])
               for f in product_factors(rate))


def label_months(label: Label | None) -> Decimal | None:
    """The one count of months a label writes, in either language (`人均存款不超过24个月低保标准`); None where it writes
    none, or more than one."""
    if label is None:
        return None
    found = {Decimal(m.group(1)) for text in (label.zh, label.en) if text for m in _MONTHS_IN_LABEL.finditer(text)}
    return found.pop() if len(found) == 1 and min(found) > 0 else None


def months_written(months: Decimal, parameters: Mapping[str, Parameter]) -> ast.Node:
    """Those months as a rule reads them: the one parameter whose value is that duration (`dibao_deposit_months`,
    `24 months` or `2 years`), else `24 months`."""
    holding = [name for name, p in parameters.items() if isinstance(value := p.expr.node, ast.Quantity)
               and value.value * (MONTHS_IN_A_YEAR if value.unit == "year" else 1) == months
               and value.unit in ("month", "year")]
    return ast.Name(tuple(holding[0].split("."))) if len(holding) == 1 else ast.Quantity(months, "month")
