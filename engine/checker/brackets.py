"""`and` and `or` written together without brackets: rules that may not say what the officer meant.

Input: a `Checker` (its policy's rules, as parsed, with their spans). Output: a C028 warning at each `and`
that is an operand of an `or` and was written without brackets around it, as C compilers' `-Wparentheses`
warns of `&&` within `||`: `in_any_category and student == "compulsory" or student == "high_school"` is
`(in_any_category and student == "compulsory") or student == "high_school"`, which grants every high-school
student, where `in_any_category and (student == "compulsory" or student == "high_school")` was meant. The
help shows both readings. Invariant: brackets are told from the spans alone — an `and` written in brackets
starts after its `or` starts (on the left) or ends before it ends (on the right), one written without them
shares that edge — so a rule that brackets its `and`, or its `or`, is never warned of.
"""

from __future__ import annotations

from engine.checker.inference import Checker
from engine.checker.rules import every_expression
from engine.diagnostics import Said
from engine.syntax import ast
from engine.syntax.printer import LEVEL_NOT, level_of, to_text


def check_brackets(checker: Checker) -> None:
    """Warn of each `and` written without brackets as an operand of `or` (C028)."""
    for expr in every_expression(checker.policy):
        for node in expr.node.walk():
            if not isinstance(node, ast.Or):
                continue
            left, right = _bare(node.left, node, "left"), _bare(node.right, node, "right")
            if left is None and right is None:
                continue
            read, meant = _readings(node, left, right)
            checker.warning("C028", Said("`and` within `or` without brackets: the `and` is worked out first",
                                         "`and` 与 `or` 混用而没有加括号：先算 `and`，再算 `or`"),
                            (left or right).span,  # type: ignore[union-attr]
                            Said(f"it reads `{read}`; if `{meant}` is meant, write those brackets; either way, "
                                 "write the brackets, so that the rule reads as it is worked out",
                                 f"它按 `{read}` 计算；如果本意是 `{meant}`，请照此加上括号；无论哪种，都请写明括号，"
                                 "让规则的写法与计算顺序一致"))


def _bare(operand: ast.Node, whole: ast.Or, side: str) -> ast.And | None:
    """`operand` when it is an `and` written without brackets: it shares the edge of its side with `whole`."""
    if not isinstance(operand, ast.And):
        return None
    if side == "left":
        shared = (operand.span.line, operand.span.column) == (whole.span.line, whole.span.column)
    else:
        shared = (operand.span.end_line, operand.span.end_column) == (whole.span.end_line, whole.span.end_column)
    return operand if shared else None


def _readings(node: ast.Or, left: ast.And | None, right: ast.And | None) -> tuple[str, str]:
    """How the rule is worked out, its `and`s bracketed; and the other reading, the `or` taken first between
    the operands next to it: `a and (b or c)` for `a and b or c`, `(a or b) and c` for `a or b and c`."""
    read = " or ".join((f"({to_text(left)})" if left is not None else _or_operand(node.left),
                        f"({to_text(right)})" if right is not None else _or_operand(node.right)))
    before = _chain(left) if left is not None else []
    after = _chain(right) if right is not None else []
    first = _at(before.pop()) if before else _or_operand(node.left)
    second = _at(after.pop(0)) if after else _or_operand(node.right)
    grouped = f"({first} or {second})"
    return read, " and ".join([*map(_at, before), grouped, *map(_at, after)])


def _chain(node: ast.And) -> list[ast.Node]:
    """The operands of `a and b and c` written without brackets, in turn."""
    first = node.left
    if isinstance(first, ast.And) and (first.span.line, first.span.column) == (node.span.line, node.span.column):
        return [*_chain(first), node.right]
    return [first, node.right]


def _at(node: ast.Node) -> str:
    """An operand of `and`, in brackets where it is an `and`, an `or` or an `if` itself."""
    text = to_text(node)
    return text if level_of(node) >= LEVEL_NOT else f"({text})"


def _or_operand(node: ast.Node) -> str:
    """An operand of `or` beside the one taken apart: an `or` as it is, an `and` or an `if` in brackets."""
    return to_text(node) if isinstance(node, ast.Or) else _at(node)
