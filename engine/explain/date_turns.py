"""The days on which a rule's comparisons of the evaluation date turn (`today <= 2027-02-28`: 2027-03-01).

Input: a rule (or the rules of a measure's options), with the `Static` of its policy.
Output: `date_turns(static, *nodes)`, each day on which a comparison of `today` with a fixed date (`today < …`,
`2026-11-01 <= today`, `today in [2026-11-01, 2027-02-28]`), in the rules or in the definitions they name, gives
another verdict than on the day before, earliest first.
Invariant: a day found is only one to decide the rule again on, as a birthday is: whether the rule's verdict (or a
grant) turns then is for `coming_of_age` to find, so that a date a rule can do without (under `or`, or in one
option of several) ends nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from engine.syntax import ast

if TYPE_CHECKING:
    from engine.explain.phrases import Static

_DAY = datetime.timedelta(days=1)
# `bound OP today` as it reads with `today` on the left
_SWAPPED = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}
# the days after the bound on which `today OP bound` turns: `today <= d` stops holding the day after d
_TURNS = {"<": (0,), ">=": (0,), "<=": (1,), ">": (1,), "==": (0, 1), "!=": (0, 1)}


def date_turns(static: Static, *nodes: ast.Node) -> tuple[datetime.date, ...]:
    """The days on which a comparison of `today` with a fixed date, in `nodes` or the definitions they name, turns,
    each once, earliest first; () where none compares it so."""
    policy = static.policy
    days: set[datetime.date] = set()
    seen: set[str] = set()

    def visit(expr: ast.Node) -> None:
        turning = turns_of(static, expr)
        if turning is not None:
            days.update(turning[0])
            if isinstance(expr, ast.Compare):
                return
        if isinstance(expr, ast.Name) and expr.dotted not in seen:
            seen.add(expr.dotted)
            d = policy.definitions.get(expr.dotted)
            if d is not None:
                visit(d.expr.node)
        for child in expr.children():
            visit(child)

    for node in nodes:
        visit(node)
    return tuple(sorted(days))


def turns_of(static: Static, expr: ast.Node) -> tuple[set[datetime.date], bool] | None:
    """For one comparison of `today` with a fixed date (`today <= 2027-02-28`, `today in [2026-11-01, 2027-02-28]`),
    the days it turns on, and whether those are all the days it may turn on (not where a bound of a range is not
    fixed); None for any other node."""
    def fixed(node: ast.Node) -> datetime.date | None:
        constant, value = static.program.constant(node)
        return value if constant and isinstance(value, datetime.date) else None

    if isinstance(expr, ast.Compare) and expr.op in _TURNS:
        op, bound = (expr.op, expr.right) if _is_today(expr.left) else (_SWAPPED[expr.op], expr.left)
        day = fixed(bound) if _is_today(expr.left) or _is_today(expr.right) else None
        return None if day is None else ({day + after * _DAY for after in _TURNS[op]}, True)
    if isinstance(expr, ast.InRange) and _is_today(expr.value):
        low, high = fixed(expr.low), fixed(expr.high)
        days = set()
        if low is not None:  # met from the low end, or from the day after it where it is left out
            days.add(low if expr.low_closed else low + _DAY)
        if high is not None:
            days.add(high + _DAY if expr.high_closed else high)
        return days, low is not None and high is not None
    return None


def _is_today(node: ast.Node) -> bool:
    return isinstance(node, ast.Name) and node.dotted == "today"
