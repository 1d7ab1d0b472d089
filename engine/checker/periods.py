"""Money and its periods, where the unit rules let a slip through: rules that type-check but do not say
what the document says.

Input: a `Checker` whose rules have been typed (`rules.check_rules`), with the diagnostics found so far.
Output: warnings for a measure whose amount is one period's sum but has no `per:` (C022), and for a rate
multiplied or divided by a plain number that reads as a count of months (C024): `50 yuan/month * 12` is
a rate of 600 yuan a month, where 12 months' sum, 600 yuan, was meant; an error for a measure whose `per:`
says another period than the sum its amount is written as (C025): with `per: month`, `600 yuan/year * 1 year`
pays 600 a month; and a warning for a parameter that holds a plain count of months multiplied by a duration
(C041): `dibao_deposit_months * 24 months`, with `value: 24`, counts the months twice. Invariant: each check
reads the policy and the types and only adds diagnostics; a count of months inside a rule already reported as
an error (C002's `deposits_per_capita <= dibao_standard * 36`) is not reported again.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from engine import types as t
from engine.checker.hints import did_you_mean
from engine.checker.inference import Checker
from engine.checker.magnitudes import lost_percent
from engine.checker.months import MONTHS_IN_A_YEAR, counts_the_duration, is_count_of_months, product_factors
from engine.checker.rules import rule_expressions, within
from engine.diagnostics import Said, Span
from engine.model import Parameter
from engine.syntax import ast
from engine.syntax.printer import number_text, to_text


def check_periods(checker: Checker) -> None:
    """Warn of a measure whose amount is one period's sum (`… * 1 month`) but which has no `per:` (C022):
    its amounts would be said without the period they cover (`200.00 yuan`, not `200.00 yuan/month`)."""
    for measure in checker.policy.assistance:
        if measure.per is not None:
            continue
        for option in measure.options:
            duration = _duration(option.amount.node, checker) if option.amount is not None else None
            if duration is None or duration.value != 1 or option.amount is None:
                continue
            period = duration.unit
            checker.warning("C022", Said(f"the amount of `{measure.id}` is one {period}'s, but the measure has no "
                                         "`per`: it is said without its period",
                                         f"`{measure.id}` 的金额是一个{'月' if period == 'month' else '年'}的金额，"
                                         "但该措施没有写 `per`：金额会不带期间地显示"),
                            option.amount.span,
                            Said(f"add `per: {period}` under `id: {measure.id}`",
                                 f"请在 `id: {measure.id}` 下加上 `per: {period}`"))
            break


def check_per(checker: Checker) -> None:
    """An error where a measure's `per:` contradicts the sum its amount is written as (C025): with `per: month`,
    `600 yuan/year * 1 year` is a year's 600 yuan, paid every month (twelve times the document's figure); with
    `per: year`, `50 yuan/month * 1 month` is one month's 50 yuan, paid once a year. An amount multiplied by a
    plain whole multiple of 12 besides its duration (`tekun_standard * 1 month * 12`) may be a count of months
    (C024's), and is left alone. Each part that adds to the amount is looked at: a term of a sum or difference
    (`50 yuan/month * 24 months + household_size * 200 yuan`), a branch of `if`, an argument of `min` or `max`,
    through whatever keeps its period (`ceil`, `abs`, a sum over members, a division by a count)."""
    for measure in checker.policy.assistance:
        if measure.per is None:
            continue
        for option in measure.options:
            if option.amount is None or _kind(checker, option.amount.node) != "amount":
                continue
            amount = option.amount.node
            for term in _terms(amount, checker):
                duration = _duration(term, checker)
                if duration is None or duration.computed == _MONTHS_OF[measure.per] or _counted(term, checker):
                    continue
                checker.error("C025", _per_contradicted(measure.id, measure.per, duration,
                                                        None if term is amount else term),
                              duration.span, _per_help(measure.per, duration, amount, whole=term is amount))


def _terms(node: ast.Node, checker: Checker) -> Iterator[ast.Node]:
    """The parts whose values make up an amount: `node` itself where it is a product with a duration, else the
    terms of its sums and differences, the branches of `if`, the arguments of `min` and `max`, the factors of a
    product (but one by a count of months, C024's), what keeps its period (`_kept`), each looked into in turn."""
    if _duration(node, checker) is not None:
        yield node
        return
    kept = _kept(node, checker)
    if kept is not None:
        yield from _terms(kept, checker)
        return
    match node:
        case ast.Arith(op="+" | "-", left=left, right=right) | ast.Arith(op="*", left=left, right=right) \
                if not _counted(node, checker):
            yield from _terms(left, checker)
            yield from _terms(right, checker)
        case ast.Neg(operand=operand):
            yield from _terms(operand, checker)
        case ast.IfThenElse(then=then, otherwise=otherwise):
            yield from _terms(then, checker)
            yield from _terms(otherwise, checker)
        case ast.Call(function="min" | "max", args=args):
            for arg in args:
                yield from _terms(arg, checker)


def _kept(node: ast.Node, checker: Checker) -> ast.Node | None:
    """The value whose period `node` keeps, as its sum over the same months: the argument of `ceil`, `floor`,
    `round` or `abs`, the value of a `sum`, `min` or `max` over members, the dividend of a division by a count
    (`/ household_size`); None for any other node. Not of a division by a number written out, which may be a count
    of periods: `tekun_standard * 1 year / 12` is one month's amount, `(… * 24 months) / 2` one year's."""
    match node:
        case ast.Call(function="ceil" | "floor" | "round" | "abs", args=(first, *_)):
            return first
        case ast.Arith(op="/", left=left, right=right) if not isinstance(right, ast.Number) \
                and _kind(checker, right) == "number":  # a count of persons (`/ household_size`), not of periods
            return left
        case ast.Aggregate(function="sum" | "min" | "max", value=ast.Node() as value):
            return value
    return None


_MONTHS_OF = {"month": Decimal(1), "year": MONTHS_IN_A_YEAR}


def _sum_of(duration: ast.Quantity) -> Said:
    """What a product with `duration` is: one month's, one year's, 24 months' (amount)."""
    if duration.value == 1:
        return Said(f"one {duration.unit}'s", "一个月的金额" if duration.unit == "month" else "一年的金额")
    count = number_text(duration.value)
    return Said(f"{count} {duration.unit}s'", f"{count} {'个月' if duration.unit == 'month' else '年'}的金额")


def _per_contradicted(measure: str, per: str, duration: ast.Quantity, part: ast.Node | None) -> Said:
    """What the amount, or the `part` of it that has `duration`, is, and what `per:` then pays."""
    amount = _sum_of(duration)
    if duration.computed > _MONTHS_OF[per]:
        paid = Said(f"{amount.en} amount is paid {_EVERY[per].en}", f"{_EVERY[per].zh}都会发放{amount.zh}")
    else:
        paid = Said(f"only {amount.en} amount is paid {_EVERY[per].en}", f"{_EVERY[per].zh}只发放{amount.zh}")
    what = Said(f"the amount of `{measure}`", f"`{measure}` 的金额") if part is None else \
        Said(f"`{to_text(part)}` in the amount of `{measure}`", f"`{measure}` 的金额中的 `{to_text(part)}` ")
    return Said(f"{what.en} is {amount.en}, but the measure has `per: {per}`: {paid.en}",
                f"{what.zh}是{amount.zh}，但该措施写的是 `per: {per}`：{paid.zh}")


_EVERY = {"month": Said("every month", "每个月"), "year": Said("every year", "每年")}
_PAYS = {"month": Said("every month", "每月发放"), "year": Said("once a year", "每年发放一次")}


def _per_help(per: str, duration: ast.Quantity, amount: ast.Node, whole: bool) -> Said:
    """The two ways out: the `per:` the amount fits, where one does and the `whole` amount has the duration (not
    the other parts of a sum); the amount of one period of `per`."""
    one = _sum_of(ast.Quantity(Decimal(1), per))
    rewritten = f"`{to_text(amount.replaced(duration, ast.Quantity(Decimal(1), per)))}`"
    rewrite = Said(f"write {one.en} amount: {rewritten}", f"请写成{one.zh}：{rewritten}")
    fits = next((p for p, months in _MONTHS_OF.items() if months == duration.computed), None)
    if fits is None or not whole:
        return rewrite
    return Said(f"if the measure pays it {_PAYS[fits].en}, write `per: {fits}`; if it pays {_PAYS[per].en}, "
                f"{rewrite.en}",
                f"如果这笔金额是{_PAYS[fits].zh}，请改为 `per: {fits}`；如果是{_PAYS[per].zh}，{rewrite.zh}")


def _duration(node: ast.Node, checker: Checker) -> ast.Quantity | None:
    """The duration (`1 month`, `24 months`, `1 year`) an amount is a product with, as written."""
    kept = _kept(node, checker)
    if kept is not None:
        return _duration(kept, checker)
    if isinstance(node, ast.Arith) and node.op == "*":
        for factor in (node.left, node.right):
            if isinstance(factor, ast.Quantity) and factor.unit in ("month", "year"):
                return factor
            found = _duration(factor, checker)
            if found is not None:
                return found
    return None


def _counted(node: ast.Node, checker: Checker) -> bool:
    """Whether a product (within `ceil` and whatever else keeps its period) has a plain whole multiple of 12 among
    its factors."""
    kept = _kept(node, checker)
    if kept is not None:
        return _counted(kept, checker)
    return any((isinstance(f, ast.Number) and is_count_of_months(f.value)) or _counted(f, checker)
               for f in product_factors(node) if f is not node)


_CONVERT = Said("rates per month and per year convert by themselves", "按月与按年的金额会自动换算")


def check_counts_of_months(checker: Checker) -> None:
    """Warn of a rate multiplied or divided by a plain whole multiple of 12 (C024). Rates per month and per year
    convert by themselves, so such a number is a count of months the officer meant as one: `50 yuan/month * 12`
    for a year's sum (help: `12 months`), `per_capita_income * 12 < disposable_income_line` or `6000 yuan/year
    / 12` for a conversion the units already make (help: drop it). A multiple of the rate that the document
    sets (`1.3 * dibao_standard`, `2 * dibao_standard`) is no multiple of 12, and is left alone."""
    errors = [d.span for d in checker.diagnostics if d.severity == "error" and d.span is not None]
    for expr in rule_expressions(checker.policy):
        for node, above in _with_ancestors(expr.node, ()):
            found = _count_of_months(node, above, checker)
            if found is None or any(within(found[0].span, span) for span in errors):
                continue
            number, operation = found
            count = number_text(number.value)
            if operation.op == "/":
                message = Said(f"a rate divided by a plain `{count}` is 1/{count} of the rate, not its amount "
                               "for one month",
                               f"按期金额除以不带单位的 `{count}`，得到的是按期金额的 1/{count}，不是一个月的金额")
            else:
                message = Said(f"a rate times a plain `{count}` is {count} times the rate, not its sum over {count} "
                               "months",
                               f"按期金额乘以不带单位的 `{count}`，得到的是 {count} 倍的按期金额，"
                               f"不是 {count} 个月的合计")
            if operation.op == "*" and lost_percent(number.value) and not _beside_a_rate(node, above, checker):
                help = Said(f"did you mean `{count} months`, or `{count}%` (a share)?",
                            f"是否应为 `{count} months`，或 `{count}%`（比例）？")
            elif operation.op == "*" and not _beside_a_rate(node, above, checker):
                help = Said(did_you_mean(f"{count} months"), did_you_mean(f"{count} months", "zh"))
            else:
                written = f"{count} *" if operation.left is number else f"{operation.op} {count}"
                help = Said(f"{_CONVERT.en}: drop `{written}`", f"{_CONVERT.zh}：请删去 `{written}`")
            checker.warning("C024", message, number.span, help)


def check_months_counted_twice(checker: Checker) -> None:
    """Warn of a product that multiplies a duration (`24 months`) by a parameter holding a plain count of the same
    unit (C041): `dibao_standard * dibao_deposit_months * 24 months`, with `dibao_deposit_months: {value: 24}`,
    checks as an amount but is 576 months of the standard. The parameter counts them when it holds the duration's
    number or its name or label says it is a count of months (of years, for `2 years`). A number written in the
    rule (`2 * 12 months`) is the officer's own, and `1 month` only gives a count its unit: neither is warned of."""
    p = checker.policy
    errors = [d.span for d in checker.diagnostics if d.severity == "error" and d.span is not None]
    for expr in rule_expressions(p):
        for node, above in _with_ancestors(expr.node, ()):
            if not isinstance(node, ast.Arith) or node.op != "*" or (
                    above and isinstance(above[-1], ast.Arith) and above[-1].op == "*"):
                continue  # not a product, or a part of a longer one: the whole is looked at
            factors = product_factors(node)
            duration = next((f for f in factors if isinstance(f, ast.Quantity) and f.unit in ("month", "year")
                             and f.value != 1), None)
            if duration is None or duration.span is None or any(within(duration.span, span) for span in errors):
                continue
            counted = next((f for f in factors if isinstance(f, ast.Name)
                            and counts_the_duration(p.parameters.get(f.dotted), duration)), None)
            if counted is not None:
                checker.warning("C041", *_counted_twice(counted.dotted, p.parameters[counted.dotted], duration, node))


def _counted_twice(name: str, parameter: Parameter, duration: ast.Quantity, product: ast.Node) -> tuple[Said, Span,
                                                                                                         Said]:
    """C041's message, place (the duration) and help."""
    count = parameter.expr.node
    assert isinstance(count, ast.Number) and parameter.expr.span is not None and duration.span is not None
    written, line, number = to_text(duration), parameter.expr.span.line, number_text(count.value)
    total = number_text(count.value * duration.value)
    operation = next(n for n, _ in _with_ancestors(product, ()) if isinstance(n, ast.Arith)
                     and (n.left is duration or n.right is duration))
    dropped = f"{written} *" if operation.left is duration else f"* {written}"
    unit = Said("months", "月") if duration.unit == "month" else Said("years", "年")
    total_zh = f"{total} 个月" if duration.unit == "month" else f"{total} 年"
    value = f"`value: {to_text(ast.Quantity(count.value, duration.unit))}`"
    return (Said(f"the {unit.en} are counted twice: `{name}` is a plain `{number}` (line {line}), a count of "
                 f"{unit.en}, and `{written}` counts them again, {total} {unit.en} in all",
                 f"{unit.zh}数算了两次：`{name}` 是不带单位的 `{number}`（第 {line} 行），即{unit.zh}数，`{written}` "
                 f"又按{unit.zh}数乘了一次，共 {total_zh}"),
            duration.span,
            Said(f"give `{name}` its unit, {value} (line {line}), and drop `{dropped}` here",
                 f"请给 `{name}` 加上单位，写成 {value}（第 {line} 行），并删去这里的 `{dropped}`"))


def _with_ancestors(node: ast.Node, above: tuple[ast.Node, ...]) -> Iterator[tuple[ast.Node, tuple[ast.Node, ...]]]:
    """Each node of an expression, with the nodes it lies in, the nearest last."""
    yield node, above
    for child in node.children():
        yield from _with_ancestors(child, (*above, node))


def _kind(checker: Checker, node: ast.Node) -> str:
    return checker.types.get(id(node), t.UNKNOWN).kind


def _count_of_months(node: ast.Node, above: tuple[ast.Node, ...],
                     checker: Checker) -> tuple[ast.Number, ast.Arith] | None:
    """The count of months that the whole product `node` (`1.5 * dibao_standard * 12`), still a rate, multiplies
    a rate by, or that the division `node` divides a rate by; with the operation it is an operand of."""
    if not isinstance(node, ast.Arith) or _kind(checker, node) != "rate":
        return None
    if node.op == "/":
        right = node.right
        return (right, node) if isinstance(right, ast.Number) and is_count_of_months(right.value) else None
    if node.op != "*" or (above and isinstance(above[-1], ast.Arith) and above[-1].op == "*"):
        return None  # a part of a longer product: the whole is looked at
    number = next((f for f in product_factors(node) if isinstance(f, ast.Number) and is_count_of_months(f.value)),
                  None)
    if number is None:
        return None
    operation = next(n for n, _ in _with_ancestors(node, ()) if isinstance(n, ast.Arith)
                     and (n.left is number or n.right is number))
    return number, operation


def _beside_a_rate(product: ast.Node, above: tuple[ast.Node, ...], checker: Checker) -> bool:
    """Whether a rate times a count of months is added to, compared with or chosen beside another rate, where
    the sum of those months (an amount) would not fit as `12 months` would make it."""
    child = product
    for parent in reversed(above):
        match parent:
            case ast.Arith(op="*" | "/") | ast.Neg() | ast.Aggregate():
                pass
            case ast.Call(function="ceil" | "floor" | "round" | "abs"):
                pass
            case ast.Call(function="min" | "max", args=args):
                if any(arg is not child and _kind(checker, arg) == "rate" for arg in args):
                    return True
            case ast.IfThenElse(then=then, otherwise=otherwise):
                if _kind(checker, otherwise if child is then else then) == "rate":
                    return True
            case _:
                return True  # `+`, `-`, a comparison: beside a value of the same unit, a rate
        child = parent
    return False
