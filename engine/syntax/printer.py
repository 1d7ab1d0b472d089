"""AST → canonical expression text.

Input: an `ast.Node`. Output: text with single spaces, minimal parentheses and
double-quoted strings. Invariant: `parse(to_text(n)) == n` for every node the
parser can produce (a hypothesis property in tests/).
"""

from __future__ import annotations

import re
from decimal import Decimal

from engine.syntax import ast

# Binding strength, loosest first; an operand looser than its slot gets brackets.
_IF, _OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY, _ATOM = range(9)


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


def _level(node: ast.Node) -> int:
    match node:
        case ast.IfThenElse():
            return _IF
        case ast.Or():
            return _OR
        case ast.And():
            return _AND
        case ast.Not():
            return _NOT
        case ast.Compare() | ast.InRange() | ast.InSet():
            return _COMPARE
        case ast.Arith(op=op):
            return _SUM if op in "+-" else _PRODUCT
        case ast.Neg():
            return _UNARY
    return _ATOM


def _at(node: ast.Node, minimum: int) -> str:
    text = to_text(node)
    return f"({text})" if _level(node) < minimum else text


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
            return "-" + _at(o, _UNARY)
        case ast.Arith(op=op, left=left, right=right):
            level = _level(node)
            return f"{_at(left, level)} {op} {_at(right, level + 1)}"
        case ast.Compare(op=op, left=left, right=right):
            return f"{_at(left, _SUM)} {op} {_at(right, _SUM)}"
        case ast.InRange(value=v, low=lo, high=hi, low_closed=lc, high_closed=hc):
            return f"{_at(v, _SUM)} in {'[' if lc else '('}{to_text(lo)}, {to_text(hi)}{']' if hc else ')'}"
        case ast.InSet(value=v, items=items, negated=neg):
            inner = ", ".join(to_text(i) for i in items)
            return f"{_at(v, _SUM)} {'not in' if neg else 'in'} {{{inner}}}"
        case ast.Not(operand=o):
            return "not " + _at(o, _NOT)
        case ast.And(left=left, right=right):
            return f"{_at(left, _AND)} and {_at(right, _NOT)}"
        case ast.Or(left=left, right=right):
            return f"{_at(left, _OR)} or {_at(right, _AND)}"
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
    raise TypeError(f"cannot print {type(node).__name__}")
