"""Divisions by a constant zero: rules that would fail for every household that reaches them.

Input: a `Checker` whose rules have been typed (`rules.check_rules`). Output: a C021 error at the
divisor of each division whose divisor comes out at zero from literals and parameters alone —
`x / 0`, `x / (2 - 2)`, `x / p` where `p` is 0 — which evaluation would refuse (E001) for every
household. Invariants: values are folded by the evaluator's own constant folding
(`policy_values.constant_folder`), so a divisor is reported only where evaluation would divide by zero;
a part of a rule that a constant condition keeps evaluation from (`if p > 0 then x / p else 0`,
`p > 0 and x / p > 1`) is not reported; a parameter whose value cannot be computed (one of a cycle,
one that divides by zero itself) is no constant.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from engine.checker.inference import Checker
from engine.checker.rules import every_expression
from engine.diagnostics import Said
from engine.model import Parameter
from engine.syntax import ast
from engine.syntax.printer import to_text


def check_divisors(checker: Checker) -> None:
    """Report each division by a divisor that is zero whatever the household (C021)."""
    from engine.policy_values import constant_folder

    policy = checker.policy
    folder = _Folder(constant_folder(policy, checker.types))
    for expr in every_expression(policy):
        for node in folder.reachable(expr.node):
            if isinstance(node, ast.Arith) and node.op == "/" and _is_zero(folder.fold(node.right)):
                _report(checker, node.right)


def _is_zero(value: Any) -> bool:
    return isinstance(value, Decimal) and not value


def _report(checker: Checker, divisor: ast.Node) -> None:
    written = to_text(divisor)
    guard = Said(f"`if {written} > 0 then … else …`", f"`if {written} > 0 then … else …`")  # the same code
    parameter = checker.policy.parameters.get(divisor.dotted) if isinstance(divisor, ast.Name) else None
    if parameter is not None:
        message = Said(f"division by zero: `{written}` is 0", f"除数为零：`{written}` 的值为 0")
        help = _parameter_help(written, parameter, guard)
    elif isinstance(_unsigned(divisor), ast.Number | ast.Percent | ast.Quantity):
        message = Said("division by zero", "除数为零")
        help = Said("nothing can be divided by 0: divide by a value that is not 0, or remove the division",
                    "任何值都不能除以 0：请改为除以不为 0 的值，或去掉这个除法")
    else:
        message = Said(f"division by zero: `{written}` is always 0", f"除数为零：`{written}` 恒为 0")
        help = Said("it is 0 for every household: divide by a value that is not 0, or remove the division",
                    "它对任何家庭都为 0：请改为除以不为 0 的值，或去掉这个除法")
    checker.error("C021", message, divisor.span, help)


def _unsigned(node: ast.Node) -> ast.Node:
    return node.operand if isinstance(node, ast.Neg) else node


def _parameter_help(name: str, parameter: Parameter, guard: Said) -> Said:
    """Where the parameter is set to zero, and the guard that keeps a rule from dividing by it."""
    value, line = to_text(parameter.expr.node), parameter.expr.span.line
    if isinstance(parameter.expr.node, ast.Number | ast.Percent | ast.Quantity):
        return Said(f"`{name}` is set to `{value}` at line {line}: correct it there, or guard the division with "
                    f"{guard.en}",
                    f"`{name}` 在第 {line} 行设为 `{value}`：请在那里改正，或用 {guard.zh} 避开除以零")
    return Said(f"`{name}` is `{value}` (line {line}), which comes out at 0: correct it there, or guard the "
                f"division with {guard.en}",
                f"`{name}` 是 `{value}`（第 {line} 行），算出来为 0：请在那里改正，或用 {guard.zh} 避开除以零")


class _Folder:
    """The parts of a rule evaluation may reach, given the values of its constant conditions."""

    def __init__(self, program: Any):
        self.program = program  # an `evaluator.Program` that folds literals and parameters

    def fold(self, node: ast.Node) -> Any:
        """The value of `node` when it reads only literals and parameters (a decimal, yes or no), else None."""
        known, value = self.program.constant(node)
        return value if known else None

    def reachable(self, node: ast.Node) -> Iterator[ast.Node]:
        """The parts of a rule evaluation may reach: all of them, but for the branch a constant condition of
        `if` never takes, the side of `and` after a constant no, of `or` after a constant yes, and what an
        aggregation reads of members that a constant `where` never chooses."""
        yield node
        match node:
            case ast.IfThenElse(condition=c, then=yes, otherwise=no):
                condition = self.fold(c)
                yield from self.reachable(c)
                if condition is not False:
                    yield from self.reachable(yes)
                if condition is not True:
                    yield from self.reachable(no)
            case ast.And(left=left, right=right) | ast.Or(left=left, right=right):
                yield from self.reachable(left)
                if self.fold(left) is not isinstance(node, ast.Or):
                    yield from self.reachable(right)
            case ast.Aggregate(where=where, value=value):
                if where is not None:
                    yield from self.reachable(where)
                if value is not None and (where is None or self.fold(where) is not False):
                    yield from self.reachable(value)
            case _:
                for child in node.children():
                    yield from self.reachable(child)
