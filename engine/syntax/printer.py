"""AST → canonical expression text.

Input: an `ast.Node`. Output: text with single spaces, double-quoted strings and no more
parentheses than needed, but for an `and` inside an `or`, which is always bracketed.
Invariant: `parse(to_text(n)) == n` for every node the parser can produce (a hypothesis
property in tests/).
"""

from __future__ import annotations

import re
from decimal import Decimal

from engine.syntax import ast

# Binding strength, loosest first; an operand looser than its slot gets brackets.
LEVEL_IF, LEVEL_OR, LEVEL_AND, LEVEL_NOT, LEVEL_COMPARE, LEVEL_SUM, LEVEL_PRODUCT, LEVEL_UNARY, LEVEL_ATOM = range(9)


def number_text(value: Decimal) -> str:
    """A decimal as written in a rule: no exponent, no trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


_MEMBERS_FIRST = re.compile(r"members(?![A-Za-z0-9_])")


def _argument(node: ast.Node, first: bool) -> str:
    # `f(members …)` reads as an aggregation, so a call's first argument that starts with `members` is bracketed
    text = to_text(node)
    return f"({text})" if first and _MEMBERS_FIRST.match(text) else text


def level_of(node: ast.Node) -> int:
    """How tightly an expression binds (`LEVEL_IF` loosest … `LEVEL_ATOM`): a looser operand needs brackets."""
    match node:
        case ast.IfThenElse():
            return LEVEL_IF
        case ast.Or():
            return LEVEL_OR
        case ast.And():
            return LEVEL_AND
        case ast.Not():
            return LEVEL_NOT
        case ast.Compare() | ast.InRange() | ast.InSet():
            return LEVEL_COMPARE
        case ast.Arith(op=op):
            return LEVEL_SUM if op in "+-" else LEVEL_PRODUCT
        case ast.Neg():
            return LEVEL_UNARY
    return LEVEL_ATOM


def _at(node: ast.Node, minimum: int) -> str:
    text = to_text(node)
    return f"({text})" if level_of(node) < minimum else text


def _in_or(node: ast.Node, minimum: int) -> str:
    """An operand of `or`: an `and` is bracketed too, though it binds tighter, so that the rule reads as it is
    worked out (`a or (b and c)`), as the checker asks of a policy's own text (C028)."""
    text = _at(node, minimum)
    return f"({text})" if isinstance(node, ast.And) else text


def to_text(node: ast.Node) -> str:
    """The canonical text of an expression."""
    match node:
        case ast.Number(value=v):
            return number_text(v)
        case ast.Percent(value=v):
            return number_text(v) + "%"
        case ast.Quantity(value=v, unit=u):
            if u in ("month", "year") and v != 1:
                u += "s"
            return f"{number_text(v)} {u}"
        case ast.Date(value=v):
            return v.isoformat()
        case ast.String(value=v):
            return _quote(v)
        case ast.Boolean(value=v):
            return "true" if v else "false"
        case ast.Name():
            return node.dotted
        case ast.Neg(operand=o):
            return "-" + _at(o, LEVEL_UNARY)
        case ast.Arith(op=op, left=left, right=right):
            level = level_of(node)
            return f"{_at(left, level)} {op} {_at(right, level + 1)}"
        case ast.Compare(op=op, left=left, right=right):
            return f"{_at(left, LEVEL_SUM)} {op} {_at(right, LEVEL_SUM)}"
        case ast.InRange(value=v, low=lo, high=hi, low_closed=lc, high_closed=hc):
            return f"{_at(v, LEVEL_SUM)} in {'[' if lc else '('}{to_text(lo)}, {to_text(hi)}{']' if hc else ')'}"
        case ast.InSet(value=v, items=items, negated=neg):
            inner = ", ".join(to_text(i) for i in items)
            return f"{_at(v, LEVEL_SUM)} {'not in' if neg else 'in'} {{{inner}}}"
        case ast.Not(operand=o):
            return "not " + _at(o, LEVEL_NOT)
        case ast.And(left=left, right=right):
            return f"{_at(left, LEVEL_AND)} and {_at(right, LEVEL_NOT)}"
        case ast.Or(left=left, right=right):
            return f"{_in_or(left, LEVEL_OR)} or {_in_or(right, LEVEL_AND)}"
        case ast.IfThenElse(condition=c, then=t, otherwise=o):
            return f"if {to_text(c)} then {to_text(t)} else {to_text(o)}"
        case ast.Call(function=f, args=args):
            return f"{f}({', '.join(_argument(a, i == 0) for i, a in enumerate(args))})"
        case ast.Aggregate(function=f, where=w, value=v):
            text = "members"
            if w is not None:
                text += " where " + to_text(w)
            if v is not None:
                text += ", " + to_text(v)
            return f"{f}({text})"
        case ast.Unparsed(text=text):
            return text
    raise TypeError(f"cannot print {type(node).__name__}")
