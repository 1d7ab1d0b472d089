"""Which number values of a policy are always whole and bounded: `policy check` reasons with them (C031) and
`policy batch` writes them to Parquet as int64.

Input: a policy and one of its expressions (a household value's rule). Output: the largest
magnitude the value can take when every value it can take is a whole number, else None; and
whether the value is always whole, bounded or not (`whole`, which `policy check` reasons with:
no whole age lies between 59 and 60).
Invariant: a bound is never too small. A value is whole and bounded only when each rule it is
computed by keeps it so: a count of members, an age, a whole-number input with both limits, a
whole literal; sums, differences and products of such, their least, greatest and absolute value,
a choice between them. Anything else (a division, a share, an input without limits, money) gives
None, and its output column keeps the decimal text of the decision.
"""

from __future__ import annotations

from engine.limits import MAX_MEMBERS
from engine.model import Policy
from engine.syntax import ast

INT64 = 2**63 - 1
_OLDEST = 10_000  # an age in whole years: no date is before the year 1 or after 9999


def whole_value(policy: Policy, name: str) -> bool:
    """Whether the household value `name` always fits a 64-bit whole number."""
    definition = policy.definitions.get(name)
    if definition is None:
        return False
    bound = whole_bound(policy, definition.expr.node)
    return bound is not None and bound <= INT64


def whole(policy: Policy, node: ast.Node) -> bool:
    """Whether every value `node` can take (where it has one) is a whole number, however large."""
    return whole_bound(policy, node, unbounded=INT64) is not None


def whole_bound(policy: Policy, node: ast.Node, unbounded: int | None = None) -> int | None:
    """The largest magnitude of a whole-number expression; None if it may not be whole or has no bound
    (`unbounded`, when given, stands for the bound of a whole-number input without limits)."""
    match node:
        case ast.Number(value=value) | ast.Quantity(computed=value):
            return int(abs(value)) if value == value.to_integral_value() else None
        case ast.Name():
            return _name_bound(policy, node.dotted, unbounded)
        case ast.Neg(operand=operand):
            return whole_bound(policy, operand, unbounded)
        case ast.Arith(op="+" | "-" | "*" as op, left=left, right=right):
            a, b = whole_bound(policy, left, unbounded), whole_bound(policy, right, unbounded)
            if a is None or b is None:
                return None
            return a * b if op == "*" else a + b
        case ast.IfThenElse(then=then, otherwise=otherwise):
            return _widest(policy, (then, otherwise), unbounded)
        case ast.Call(function="age"):
            return _OLDEST
        case ast.Call(function="min" | "max" | "abs", args=args):
            return _widest(policy, args, unbounded)
        case ast.Aggregate(function="count"):
            return MAX_MEMBERS
        case ast.Aggregate(function="sum", value=value) if value is not None:
            each = whole_bound(policy, value, unbounded)
            return None if each is None else each * MAX_MEMBERS
        case ast.Aggregate(function="min" | "max", value=value) if value is not None:
            return whole_bound(policy, value, unbounded)
    return None


def _widest(policy: Policy, nodes: tuple[ast.Node, ...], unbounded: int | None) -> int | None:
    bounds = [b for b in (whole_bound(policy, n, unbounded) for n in nodes) if b is not None]
    return max(bounds) if bounds and len(bounds) == len(nodes) else None


def _name_bound(policy: Policy, name: str, unbounded: int | None) -> int | None:
    if name in policy.definitions:
        return whole_bound(policy, policy.definitions[name].expr.node, unbounded)
    if name in policy.parameters:
        return whole_bound(policy, policy.parameters[name].expr.node, unbounded)
    for key in (f"household:{name}", f"member:{name}"):
        field = policy.inputs.get(key)
        if field is not None:
            if field.type != "integer":
                return None
            if field.minimum is None or field.maximum is None:
                return unbounded
            return int(max(abs(field.minimum), abs(field.maximum)))
    return None
