"""Figures no document sets: numbers too large to be a standard, an amount or a count.

Input: a `Checker` (its policy's rules, as parsed). Output: a C026 error at each number written in a
rule — a plain number, a percentage, money or a duration — above `LARGEST` (a trillion): a figure with
zeros to spare, such as `10000000000000000000000000 yuan/month` for `1000 yuan/month`, which checked
clean and then failed every command that writes amounts. Invariant: only what is written is looked at;
the figures a rule computes from them are written however large they come out (`engine.values`).
"""

from __future__ import annotations

from decimal import Decimal

from engine.checker.inference import Checker
from engine.checker.rules import rule_expressions
from engine.diagnostics import Said
from engine.syntax import ast
from engine.syntax.printer import number_text, to_text

LARGEST = Decimal(10) ** 12  # a trillion yuan, months or times: far above any figure of a document


def check_magnitudes(checker: Checker) -> None:
    """Report each number written in a rule above a trillion (C026)."""
    policy = checker.policy
    exprs = rule_expressions(policy)
    if policy.meta.member_description is not None:
        exprs += policy.meta.member_description.expressions()
    for expr in exprs:
        for node in expr.node.walk():
            if isinstance(node, ast.Number | ast.Percent | ast.Quantity) and node.value.copy_abs() > LARGEST:
                checker.error("C026", Said(f"`{to_text(node)}` is too large to be a figure of a policy (above "
                                           f"{LARGEST:,})",
                                           f"`{to_text(node)}` 数值过大，不可能是政策中的数值（超过 {LARGEST:,}）"),
                              node.span, _digits(node.value))


def _digits(value: Decimal) -> Said:
    """How many digits the whole part of `value` has, grouped so that they can be counted."""
    digits = number_text(value.copy_abs()).split(".")[0]  # (`abs` would round to the context's 28 digits)
    grouped = f"{int(digits):,}"
    return Said(f"the number is {grouped}, {len(digits)} digits: check how many digits it should have",
                f"这个数是 {grouped}，共 {len(digits)} 位：请核对它应有几位")
