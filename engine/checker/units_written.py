"""Money written with a unit the rules have none of: `16 yuan/day`, `200 yuan/person/year`.

Input: an `ast.Arith` division met while typing a rule. Output: where it is money followed, with no space,
by `/` and words (`yuan/person/year`; `yuan/monthor`, a keyword run into the period), the mistake — the money and
what it multiplies, the span of the unit as written, the message and the help; None for any other division.
Invariant: a pure function of the expression; one mistake for the whole unit, however many words it has, so that no
word of it is also reported as an unknown name.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.checker.hints import did_you_mean
from engine.diagnostics import Said, Span
from engine.model import Level
from engine.spelling import closest
from engine.syntax import ast
from engine.syntax.errors import PERIOD_RUN_ON, with_a_value_after
from engine.syntax.printer import to_text

_MONEY = ("yuan", "yuan/month", "yuan/year")
_PERIODS = ("month", "year")
# the words of a unit per person (`yuan/person/year`): an amount per person is a count times a rate
_PER_PERSON = frozenset({"person", "persons", "people", "head", "heads", "capita", "member", "members", "人"})


@dataclass(frozen=True)
class UnitWritten:
    """Money with a unit the rules do not have, and what to say of it."""

    base: ast.Node  # what the words divide: the money, or the product it ends (`household_size * 200 yuan`)
    span: Span
    message: Said
    help: Said
    code: str = "C002"  # `S002` for a slip of the rule's words, a keyword run into the unit (`490 yuan/monthor`)


def unit_written(node: ast.Arith, level: Level | None) -> UnitWritten | None:
    """`node`, in a rule of `level`, as money divided, with no space, by words that are no unit (`200
    yuan/person/year`, `household_size * 16 yuan/day`); None where it is not."""
    words: list[ast.Name] = []
    base: ast.Node = node
    while (isinstance(base, ast.Arith) and base.op == "/" and isinstance(base.right, ast.Name)
           and len(base.right.parts) == 1 and base.right.parts[0].isalpha() and _touching(base.left, base.right)):
        words.insert(0, base.right)
        base = base.left
    money = base
    while isinstance(money, ast.Arith) and money.op == "*":
        money = money.right  # the last factor of a product, which the first word follows
    if not words or not isinstance(money, ast.Quantity) or money.unit not in _MONEY or money.span is None:
        return None
    last = words[-1].span
    span = Span(money.span.file, money.span.line, money.span.column, last.end_line, last.end_column)
    written = [w.parts[0] for w in words]
    run_on = PERIOD_RUN_ON.fullmatch(written[0]) if money.unit == "yuan" and len(written) == 1 else None
    if run_on is not None:  # `490 yuan/monthor`, at the end of the rule or of brackets: the keyword has no value after
        shown = f"{_money_as_written(money)}/{written[0]}"
        return UnitWritten(base, span, Said(f"unexpected `{shown}`", f"此处不应出现 `{shown}`"),
                           with_a_value_after(f"{to_text(money)}/{run_on.group(1)} {run_on.group(2)}"), "S002")
    unit = f"`{'/'.join([money.unit, *written])}`"
    per_person = _per_person(base, money, written, level)
    if per_person is not None:
        return UnitWritten(base, span, Said(f"{unit} is not a unit: money is not written per person",
                                            f"{unit} 不是可用的单位：金额的单位里不能写“每人”"), per_person)
    period = closest(written[0], _PERIODS) if money.unit == "yuan" and len(written) == 1 else None
    help = Said(did_you_mean(f"yuan/{period}"), did_you_mean(f"yuan/{period}", "zh")) if period else \
        Said("rates are written `yuan/month` or `yuan/year`: give the amount per month or per year",
             "按期金额只能写成 `yuan/month` 或 `yuan/year`：请换算成每月或每年的金额")
    return UnitWritten(base, span, Said(f"{unit} is not a unit", f"{unit} 不是可用的单位"), help)


def _money_as_written(money: ast.Quantity) -> str:
    """`money` as the rule writes it, its digits and the spaces before its unit as typed (`490yuan`, `490.50 yuan`),
    which its span gives where it is on one line; else as the rules print it."""
    digits, span = format(money.value, "f"), money.span
    spaces = span.end_column - span.column - len(digits) - len(money.unit)
    if span.line != span.end_line or spaces < 0:
        return to_text(money)
    return f"{digits}{' ' * spaces}{money.unit}"


def _per_person(base: ast.Node, money: ast.Quantity, words: list[str], level: Level | None) -> Said | None:
    """The help for money per person with at most one period (`yuan/person/year`): the money for one person, times
    the count that the product has, or else (but in a rule of each member) a count of members."""
    periods = [w for w in words if w in _PERIODS]
    if not any(w in _PER_PERSON for w in words) or any(w not in _PER_PERSON and w not in _PERIODS for w in words) \
            or len(periods) + (money.unit != "yuan") > 1:
        return None
    one = ast.Quantity(money.value, f"yuan/{periods[0]}" if periods else money.unit)
    if base is not money:
        fixed = f"`{to_text(base.replaced(money, one))}`"
        return Said(f"write a count of persons times the money for one: {fixed}",
                    f"请写成人数乘以每人的金额：{fixed}")
    if level == "member":
        return Said(f"write the money for one person: `{to_text(one)}`", f"请写一个人的金额：`{to_text(one)}`")
    counted = f"`count(members) * {to_text(one)}`"
    return Said(f"write the money for one person, `{to_text(one)}`, times a count of persons where it is for "
                f"several: {counted}",
                f"请写一个人的金额 `{to_text(one)}`；如果是多人的合计，再乘以人数：{counted}")


def _touching(left: ast.Node, right: ast.Node) -> bool:
    """Whether `right` follows `left` after one character (the `/`), with no space."""
    return (left.span is not None and right.span is not None
            and (left.span.end_line, left.span.end_column + 1) == (right.span.line, right.span.column))

