"""Figures no document sets: numbers too large to be a standard, an amount or a count; amounts below zero.

Input: a `Checker` whose rules have been typed. Output: a C026 error at each number written in a rule — a
plain number, a percentage, money or a duration — above `LARGEST` (a trillion): a figure with zeros to
spare, such as `10000000000000000000000000 yuan/month` for `1000 yuan/month`, which checked clean and then
failed every command that writes amounts; a C027 warning at an assistance amount below zero for every
household (`-50 yuan/month * 1 month`), a measure that would take money from those it helps. Invariants:
of numbers, only what is written is bounded, and the figures a rule computes from them are written however
large they come out (`engine.values`); an amount is folded by the evaluator's own constant folding, so one
that depends on the household (`(600 yuan/year - own_expenses.education) * 1 month`) is no constant.
"""

from __future__ import annotations

from decimal import Decimal

from engine.checker.inference import Checker
from engine.checker.rules import every_expression
from engine.diagnostics import Said
from engine.syntax import ast
from engine.syntax.printer import number_text, to_text
from engine.values import human, kind_of

LARGEST = Decimal(10) ** 12  # a trillion yuan, months or times: far above any figure of a document


def check_magnitudes(checker: Checker) -> None:
    """Report each number written in a rule above a trillion (C026)."""
    for expr in every_expression(checker.policy):
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


def check_negative_amounts(checker: Checker) -> None:
    """Warn of an assistance amount that comes out below zero whatever the household (C027)."""
    from engine.policy_values import constant_folder

    program = constant_folder(checker.policy, checker.types)
    for measure in checker.policy.assistance:
        for option in measure.options:
            if option.amount is None:
                continue
            kind = kind_of(checker.types.get(id(option.amount.node)))
            known, value = program.constant(option.amount.node) if kind in ("amount", "rate") else (False, None)
            if not known or not isinstance(value, Decimal) or value >= 0:
                continue
            shown = Said(human(value, kind, "en"), human(value, kind, "zh"))
            checker.warning("C027", Said(f"the amount of `{measure.id}` is below zero for every household ({shown.en})",
                                         f"`{measure.id}` 的金额对任何家庭都小于零（{shown.zh}）"),
                            option.amount.span, _unsigned(option.amount.node))


_AT_LEAST_ZERO = Said("an amount is what the measure gives, 0 or more", "金额是该措施发放的数额，应为 0 或更多")


def _unsigned(amount: ast.Node) -> Said:
    """The help: the amount without its minus sign, where it has one."""
    signs = [node for node in amount.walk() if isinstance(node, ast.Neg)]
    if len(signs) != 1:
        return Said(f"{_AT_LEAST_ZERO.en}: check the figures it is computed from",
                    f"{_AT_LEAST_ZERO.zh}：请核对计算它所用的数值")
    unsigned = f"`{to_text(amount.replaced(signs[0], signs[0].operand))}`"
    return Said(f"{_AT_LEAST_ZERO.en}: did you mean {unsigned}?", f"{_AT_LEAST_ZERO.zh}：是否应为 {unsigned}？")

