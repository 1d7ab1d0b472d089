"""Figures no document sets: numbers too large to be a standard, an amount or a count; amounts below zero;
percentages that lost their `%`.

Input: a `Checker` whose rules have been typed. Output: a C026 error at each number written in a rule — a
plain number, a percentage, money or a duration — above `LARGEST` (a trillion): a figure with zeros to
spare, such as `10000000000000000000000000 yuan/month` for `1000 yuan/month`, which checked clean and then
failed every command that writes amounts; a C027 warning at an assistance amount below zero for every
household (`-50 yuan/month * 1 month`), a measure that would take money from those it helps; a C034 warning at a
plain number from 10 to 100, a multiple of 5, that multiplies a household's money (`70 * own_expenses.medical`,
`rigid_expenses > 50 * counted_income`): seventy times the costs, where a share of them (`70%`) is what documents
set, and which every other check accepts. Invariants:
of numbers, only what is written is bounded, and the figures a rule computes from them are written however
large they come out (`engine.values`); an amount is folded by the evaluator's own constant folding, so one
that depends on the household (`(600 yuan/year - own_expenses.education) * 1 month`) is no constant.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from engine.checker.hints import did_you_mean
from engine.checker.inference import Checker
from engine.checker.months import product_factors
from engine.checker.rules import every_expression, rule_expressions, within
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


def check_lost_percents(checker: Checker) -> None:
    """Warn of a plain number from 10 to 100, a multiple of 5, that multiplies a household's money (C034): a
    percentage whose `%` was lost. A product of parameters alone (`20 * dibao_standard`, a multiple a document may
    set) is not warned of, nor one whose only money is a constant (`30 * 50 yuan * count(members)`: 30 days), nor a
    multiple of 12 times a rate (C024's), nor a number within a part of a rule already reported as an error."""
    from engine.policy_values import constant_folder

    program = constant_folder(checker.policy, checker.types)
    errors = [d.span for d in checker.diagnostics if d.severity == "error" and d.span is not None]
    for expr in rule_expressions(checker.policy):
        for node, inside_a_product in _products(expr.node, False):
            if inside_a_product or checker.types.get(id(node)) is None:
                continue
            kind = kind_of(checker.types.get(id(node)))
            factors = product_factors(node)
            numbers = [f for f in factors if isinstance(f, ast.Number) and lost_percent(f.value)]
            if kind not in ("amount", "rate") or len(numbers) != 1 or any(isinstance(f, ast.Percent) for f in factors):
                continue
            number = numbers[0]
            if (kind == "rate" and number.value % 12 == 0) or number.span is None \
                    or any(within(number.span, span) for span in errors):
                continue  # (C024's; a rule reported as an error, which may not fold)
            rest = [f for f in factors if f is not number]
            if not any(kind_of(checker.types.get(id(f))) in ("amount", "rate") and not program.constant(f)[0]
                       for f in rest):
                continue  # no household's money multiplied: parameters alone, or `30 * 50 yuan * count(members)`
            n = number_text(number.value)
            # (in Chinese a name in backticks stands apart from the words around it)
            other = Said(f"`{to_text(rest[0])}`", f" `{to_text(rest[0])}` ") if len(rest) == 1 else \
                Said("what it multiplies", "所乘的数")
            message = Said(f"a plain `{n}` multiplies by {n}: this is {n} times {other.en}, not a share of it",
                           f"不带 `%` 的 `{n}` 是乘以 {n}：结果是{other.zh}的 {n} 倍，而不是其中的一部分")
            checker.warning("C034", message, number.span, Said(did_you_mean(f"{n}%"), did_you_mean(f"{n}%", "zh")))


def _products(node: ast.Node, inside_a_product: bool) -> Iterator[tuple[ast.Node, bool]]:
    """Each product of an expression (`a * b`), and whether it is a part of a longer one (`a * b * c`)."""
    is_product = isinstance(node, ast.Arith) and node.op == "*"
    if is_product:
        yield node, inside_a_product
    for child in node.children():
        yield from _products(child, is_product)


def lost_percent(value: Decimal) -> bool:
    """Whether a plain number reads as a percentage written without its `%` (`70` for `70%`)."""
    return 10 <= value <= 100 and value % 5 == 0
