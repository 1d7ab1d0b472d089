"""Divisions by a constant zero: rules that would fail for every household that reaches them.

Input: a `Checker` whose rules have been typed (`rules.check_rules`). Output: a C021 error at the
divisor of each division whose divisor comes out at zero from literals and parameters alone —
`x / 0`, `x / (2 - 2)`, `x / p` where `p` is 0 — which evaluation would refuse (E001) for every
household. Invariants: values are folded as the evaluator computes them (exact decimals, rates per
year, durations in months), so a divisor is reported only where evaluation would divide by zero;
a part of a rule that a constant condition keeps evaluation from (`if p > 0 then x / p else 0`,
`p > 0 and x / p > 1`) is not reported; a parameter whose value cannot be folded (one of a cycle,
one that divides by zero itself) is no constant; a chain of parameters is folded without recursion.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from engine.checker.inference import Checker
from engine.checker.rules import rule_expressions
from engine.contexts import EXACT
from engine.diagnostics import Said
from engine.model import Parameter
from engine.syntax import ast
from engine.syntax.printer import to_text

Value = Decimal | bool | None  # None: not a constant
TWELVE = Decimal(12)
_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}


class _Pending(Exception):
    """A parameter read before its value is folded."""


def check_divisors(checker: Checker) -> None:
    """Report each division by a divisor that is zero whatever the household (C021)."""
    policy = checker.policy
    folder = _Folder(checker)
    exprs = rule_expressions(policy)
    if policy.meta.member_description is not None:
        exprs += policy.meta.member_description.expressions()
    for expr in exprs:
        for node in folder.reachable(expr.node):
            if isinstance(node, ast.Arith) and node.op == "/" and _is_zero(folder.fold(node.right)):
                _report(checker, node.right)


def _is_zero(value: Value) -> bool:
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
    """The value of an expression of literals and parameters, computed as the evaluator computes it."""

    def __init__(self, checker: Checker):
        self.types = checker.types
        self.parameters: dict[str, Value] = {}
        self._names = set(checker.policy.parameters)
        self._settled = False
        pending = list(checker.policy.parameters)
        while pending:  # in dependency order, as `evaluator.parameter_values`: a long chain needs no recursion
            folded = []
            for name in pending:
                try:
                    self.parameters[name] = self.fold(checker.policy.parameters[name].expr.node)
                except _Pending:
                    continue
                folded.append(name)
            if not folded:
                break  # a cycle, reported as C004: its parameters are no constants
            pending = [name for name in pending if name not in folded]
        self._settled = True

    def _kind(self, node: ast.Node) -> str:
        found = self.types.get(id(node))
        return found.kind if found is not None else "unknown"

    def fold(self, node: ast.Node) -> Value:
        """The value of `node` (a decimal, or yes or no), or None where it reads anything but literals and
        parameters, or cannot be computed."""
        try:
            return self._fold(node)
        except ArithmeticError:  # an operation out of the exact context's range: no constant
            return None

    def _fold(self, node: ast.Node) -> Value:
        match node:
            case ast.Number(value=v):
                return v
            case ast.Percent(value=v):
                return EXACT.divide(v, Decimal(100))
            case ast.Quantity():
                return node.computed
            case ast.Boolean(value=v):
                return v
            case ast.Name():
                if node.dotted in self.parameters:
                    return self.parameters[node.dotted]
                if not self._settled and node.dotted in self._names:
                    raise _Pending
                return None
            case ast.Neg(operand=o):
                x = self._fold(o)
                return -x if isinstance(x, Decimal) else None
            case ast.Arith():
                return self._arith(node)
            case ast.Compare(op=op, left=left, right=right):
                x, y = self._fold(left), self._fold(right)
                if isinstance(x, Decimal) and isinstance(y, Decimal):
                    return _COMPARE[op](x, y)
                if isinstance(x, bool) and isinstance(y, bool) and op in ("==", "!="):
                    return (x == y) == (op == "==")
                return None
            case ast.Not(operand=o):
                x = self._fold(o)
                return (not x) if isinstance(x, bool) else None
            case ast.And(left=left, right=right) | ast.Or(left=left, right=right):
                deciding = isinstance(node, ast.Or)  # the value of one side that decides: False for and, True for or
                x = self._fold(left)
                if x is deciding:
                    return deciding
                y = self._fold(right)
                return y if isinstance(x, bool) and isinstance(y, bool) else None
            case ast.IfThenElse(condition=c, then=yes, otherwise=no):
                condition = self._fold(c)
                return None if not isinstance(condition, bool) else self._fold(yes if condition else no)
            case ast.Call():
                return self._call(node)
        return None

    def _arith(self, node: ast.Arith) -> Value:
        x, y = self._fold(node.left), self._fold(node.right)
        if not isinstance(x, Decimal) or not isinstance(y, Decimal):
            return None
        kinds = (self._kind(node.left), self._kind(node.right))
        match node.op:
            case "+":
                return EXACT.add(x, y)
            case "-":
                return EXACT.subtract(x, y)
            case "*" if set(kinds) == {"rate", "duration"}:  # yuan/year × months → yuan
                return EXACT.divide(EXACT.multiply(x, y), TWELVE)
            case "*":
                return EXACT.multiply(x, y)
        if not y:
            return None  # a division by zero: reported where it is written, no value to go on with
        if kinds == ("amount", "duration"):  # yuan / months → yuan/year
            return EXACT.divide(EXACT.multiply(x, TWELVE), y)
        return EXACT.divide(x, y)

    def _call(self, node: ast.Call) -> Value:
        args = [self._fold(a) for a in node.args]
        numbers = [a for a in args if isinstance(a, Decimal)]
        if not numbers or len(numbers) != len(args):
            return None
        match node.function:
            case "min":
                return min(numbers)
            case "max":
                return max(numbers)
            case "abs" if len(numbers) == 1:
                return abs(numbers[0])
            case "ceil" if len(numbers) == 1:
                return numbers[0].to_integral_value(rounding=ROUND_CEILING)
            case "floor" if len(numbers) == 1:
                return numbers[0].to_integral_value(rounding=ROUND_FLOOR)
            case "round" if len(numbers) in (1, 2):
                places = int(numbers[1]) if len(numbers) == 2 else 0
                return EXACT.quantize(numbers[0], Decimal(1).scaleb(-places))
        return None

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
