"""The day a member reaches the age a failed condition asks for (`将于 2026-12-15 年满 60 周岁`).

Input: a clause's rule, with the `Static` of its policy; then a member's context and the evaluation date.
Output: `thresholds(static, node)`, the age thresholds a rule asks a member to reach (`age >= 60`, where `age` is
`age(birth_date)` or a member definition that is), each with whether reaching it makes the whole rule hold (it is
one of the rule's alternatives) and, per member, `next_birthday(...)`: the first one reached within a year.
Invariant: counts a year as the rule language's `age` does — full once the evaluation day's month and day are not
before the birth's — so that one born on 29 February comes of age on 1 March in a common year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any

from engine.evaluator import Ctx
from engine.syntax import ast

if TYPE_CHECKING:
    from engine.explain.phrases import Static


@dataclass(frozen=True)
class AgeThreshold:
    """An age a rule asks a member to reach: from their birth date, the whole years, and whether that alone
    makes the rule hold; `part` is the comparison in words, for a rule it does not make hold alone."""

    born: Any  # the compiled birth date of the member
    years: int
    enough: bool
    part: str


def thresholds(static: Static, wording: Any, node: ast.Node) -> tuple[AgeThreshold, ...]:
    """The age thresholds a rule asks for, through the definitions and indicators it names: those of an `or`
    chain are enough alone, those inside an `and` are not; one under `not`, or an upper bound, is never reached by
    waiting, and is left out."""
    policy = static.policy
    found: list[AgeThreshold] = []
    seen: set[str] = set()

    def visit(expr: ast.Node, enough: bool) -> None:
        if isinstance(expr, ast.Or):
            visit(expr.left, enough)
            visit(expr.right, enough)
        elif isinstance(expr, ast.And):
            visit(expr.left, False)
            visit(expr.right, False)
        elif isinstance(expr, ast.Name) and expr.dotted not in seen:
            seen.add(expr.dotted)
            d = policy.definitions.get(expr.dotted)
            if d is not None and d.level == "member":
                visit(d.expr.node, enough)
        elif isinstance(expr, ast.Compare):
            if expr.op in (">=", ">"):
                age, bound, strict = expr.left, expr.right, expr.op == ">"
            elif expr.op in ("<=", "<"):
                age, bound, strict = expr.right, expr.left, expr.op == "<"
            else:
                return
            born = _born(policy, age)
            constant, value = static.program.constant(bound)
            if born is None or not constant or not isinstance(value, Decimal):
                return
            years = int(value.to_integral_value(ROUND_FLOOR) + 1 if strict else value.to_integral_value(ROUND_CEILING))
            found.append(AgeThreshold(static.fn(born), years, enough, wording.condition(expr)))

    visit(node, True)
    return tuple(found)


def _born(policy: Any, node: ast.Node) -> ast.Node | None:
    """The birth date whose age a value is: `age(x)`, or a member definition that is only that."""
    if isinstance(node, ast.Call) and node.function == "age" and len(node.args) == 1:
        return node.args[0]
    if isinstance(node, ast.Name):
        d = policy.definitions.get(node.dotted)
        if d is not None and d.level == "member" and not d.indicator:
            return _born(policy, d.expr.node)
    return None


def anniversary(day: datetime.date, years: int) -> datetime.date:
    """The day `years` full years after `day`, as `age` counts them: 1 March for 29 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def next_birthday(found: tuple[AgeThreshold, ...], ctx: Ctx,
                  on: datetime.date) -> tuple[AgeThreshold, datetime.date] | None:
    """The threshold a member reaches first after `on` and within a year of it (one enough alone before one that is
    not), with the day; None where they reach none so soon. A year: the household's income is that of the last
    twelve months and its case is reviewed at least yearly, so a day within it is one a caseworker can plan a new
    application for; a day further off would promise a decision under standards that may have changed by then."""
    if getattr(ctx, "member_id", None) is None:
        return None
    within = anniversary(on, 1)
    best: tuple[bool, datetime.date, AgeThreshold] | None = None
    for threshold in found:
        born = threshold.born(ctx)
        if not isinstance(born, datetime.date) or not 0 < born.year + threshold.years <= datetime.MAXYEAR:
            continue
        day = anniversary(born, threshold.years)
        if on < day <= within and (best is None or (not threshold.enough, day) < best[:2]):
            best = (not threshold.enough, day, threshold)
    return None if best is None else (best[2], best[1])
