"""Each rule checked where it is used, and the echoes of a parameter's missing unit.

Input: a `Checker` with its symbol table. Output: the types of the policy's rules (parameters,
income shares, definitions and indicators, clauses, the `when` and `amount` of each assistance
option, the member description), recorded in `Checker.types`, and a diagnostic where a rule does not
give what its place needs: a parameter a number or money, a share a number, a clause or `when` a
yes/no test, an amount money (C002); and for an unknown department (C001). Invariants: after
`drop_echoes`, a parameter that forgot its unit is reported once, at its value, and not again
in each rule that reads it, and no warning follows from an error (`drop_echoes` says which); after
`check_parameter_units`, so is a parameter written as an amount where all the rules that use it need a rate
(or as a rate where they need amounts).
"""

from __future__ import annotations

from collections.abc import Iterable

from engine import types as t
from engine.checker.hints import did_you_mean, suggested, unit_fix, with_unit, written_as
from engine.checker.inference import Checker
from engine.checker.months import months_counted, spoken_of
from engine.diagnostics import Diagnostic, Said, Span
from engine.model import Expr, Parameter, Policy
from engine.syntax import ast
from engine.syntax.printer import number_text, to_text

# what is done for each member with a category or a measure, as a hint about its level says it
DECIDED_FOR = Said("decided for", "按每个成员分别认定")
GIVEN_TO = Said("given to", "按每个成员分别发放")
WHEN = Said("`when`", "`when` 条件")


def check_rules(checker: Checker) -> None:
    """Type every rule of the policy, reporting a rule that does not give what its place needs."""
    p = checker.policy
    for name, param in p.parameters.items():
        checker.symbol_type(name, checker.symbols[name])
        if checker.symbols[name].type == t.TEXT:
            checker.error("C002", Said(f"parameter `{name}` must be a number or money",
                                       f"参数 `{name}` 应为数字或金额"), param.expr.span)
    for income in p.income.values():
        if income.share is not None:
            got = checker.infer(income.share.node, None)
            if got.kind not in ("number", "unknown"):
                checker.error("C002", Said(f"the share of `{income.name}` must be a number, not {got.describe()}",
                                           f"`{income.name}` 的计入比例应为数字，不能为{got.describe('zh')}"),
                              income.share.span, Said("e.g. `80%` or `1 - employment_cost_rate`",
                                                      "例如 `80%` 或 `1 - employment_cost_rate`"))
    for d in p.definitions.values():
        checker.symbol_type(d.name, checker.symbols[d.name])
    for category in p.categories:
        checker.rule = (Said(f"category `{category.id}`", f"类别 `{category.id}` "), DECIDED_FOR)
        checker.rule_nodes = [clause.test.node for clause in category.clauses]
        for clause in category.clauses:
            checker.label = clause.label
            checker.expect_boolean(clause.test.node, category.level,
                                   Said(f"clause `{clause.id}`", f"条款 `{clause.id}`"))
        checker.label = None
    for index, measure in enumerate(p.assistance):
        checker.rule = (Said(f"measure `{measure.id}`", f"救助措施 `{measure.id}` "), GIVEN_TO)
        checker.rule_nodes = [e.node for o in measure.options for e in (o.when, o.amount) if e is not None]
        if measure.department not in p.departments:
            department = measure.department
            checker.error("C001", Said(f"unknown department `{department}`", f"未知部门 `{department}`"),
                          checker.at(("assistance", index, "department"), measure.span),
                          suggested(department, p.departments) or _one_with_word(department, p.departments)
                          or Said("declare it under `departments`", "请在 `departments` 下声明这个部门"))
        for option in measure.options:
            checker.label = option.label or (measure.label if len(measure.options) == 1 else None)
            checker.expect_boolean(option.when.node, measure.level, WHEN)
            if option.amount is not None:
                checker.per = measure.per
                got = checker.infer(option.amount.node, measure.level)
                checker.per = None
                if got.kind not in ("amount", "rate", "number", "unknown") or (
                        got.kind == "number" and not got.zero):
                    checker.error("C002", Said(f"an amount must be money, not {got.describe()}",
                                               f"救助金额必须以元为单位，不能为{got.describe('zh')}"),
                                  option.amount.span, _unitless_parameter(p, option.amount)
                                  or _bare_amount(option.amount.node, measure.per)
                                  or Said("e.g. `1000 yuan/year` or `70% * own_expenses.medical`",
                                          "例如 `1000 yuan/year` 或 `70% * own_expenses.medical`"))
    checker.rule, checker.label = None, None
    if p.meta.member_description is not None:  # what a member's description reads counts as used
        for expr in p.meta.member_description.expressions():
            checker.infer(expr.node, "member")


def _bare_amount(node: ast.Node, per: str | None) -> Said | None:
    """An amount written as a number alone (`amount: 300`): the number with the unit of the period the measure is
    paid for (`per: month`: `300 yuan/month`), else with the units an amount may have."""
    if not isinstance(node, ast.Number):
        return None
    number = number_text(node.value)
    if per is not None:
        shown = f"`{number} yuan/{per}`"
        return Said(f"write its unit: {shown}, as the measure is paid per {per}",
                    f"请写上单位：{shown}（这项救助按{'月' if per == 'month' else '年'}发放）")
    return Said(f"write its unit: {with_unit(number, 'rate')}, or `{number} yuan` for a sum given once",
                f"请写上单位：{with_unit(number, 'rate', 'zh')}；一次性发放的写 `{number} yuan`")


# what a parameter written as money would be, had it been written as the other kind of money
_OTHER_MONEY: dict[str, t.Type] = {"amount": t.RATE, "rate": t.AMOUNT}


def check_parameter_units(checker: Checker) -> None:
    """`dibao_standard: {value: 550 yuan}` where the rules that read it, directly or through the parameters and
    definitions built on it (`marginal_line`, `tekun_standard`), need a rate: every one of them mismatches,
    and with `550 yuan/month` all of them would check. The mistake is the parameter's: it is reported once, at
    its value, with the lines of those uses, and their mismatches go. Likewise a rate where amounts are needed,
    and a count of months written without its unit (`dibao_deposit_months: {value: 24}`) that the rules multiply a
    rate by where they need an amount: `24 months`. A parameter some of whose uses fit it as written keeps its
    unit, and so does one a rule multiplies by the number of a duration written without its unit (`yearly_line *
    2`): the mismatches stay at the rules."""
    p = checker.policy
    if not any(d.code == "C002" for d in checker.diagnostics):
        return
    exprs = every_expression(p)
    for name, parameter in p.parameters.items():
        own, span, value = checker.symbols[name].type, parameter.expr.span, parameter.expr.node
        if own is None or span is None or name in checker.unitless:
            continue
        tried: list[tuple[t.Type, Said]] = []  # the types it may have been meant to be, likeliest first
        if isinstance(value, ast.Quantity) and own.kind in _OTHER_MONEY:
            tried.append((_OTHER_MONEY[own.kind], _misunited_fix(value, own)))
        if isinstance(value, ast.Number) and own.kind == "number" and months_counted(parameter):
            tried.append((t.DURATION, _duration_fix(value, parameter)))
        if isinstance(value, ast.Number | ast.Percent) and own.kind == "number":
            tried += [(money, unit_fix(name, money.kind, p)) for money in (t.RATE, t.AMOUNT)]
        uses = [e.span for e in exprs if e.span is not None and name in (read := p.reads(e.node))
                and not read & checker.unitless.keys()] if tried else []  # an echo of another's unit explains nothing
        for meant in tried:
            explained = _explained(checker, name, meant[0], uses)
            if explained:
                break
        else:
            continue
        needed, fix = meant
        lines = sorted({d.span.line for d in explained if d.span is not None})
        diagnostic = Diagnostic.said("C002", _misunited(name, value, own, needed, lines), span, help=fix,
                                     severity="error")
        checker.diagnostics = [d for d in checker.diagnostics if all(d is not e for e in explained)]
        checker.diagnostics.append(diagnostic)


def _explained(checker: Checker, name: str, needed: t.Type, uses: list[Span]) -> list[Diagnostic]:
    """The mismatches at `uses` that go, and none come, when the parameter `name` is of the type `needed`; none
    where the other unit fits no better, or a rule writes its duration without the unit (the rules' slip)."""
    found = _mismatches(checker.diagnostics, uses)
    if not found:
        return []
    other = checker.fresh()
    other.symbols[name].type = needed
    check_rules(other)
    left = {_place(d) for d in _mismatches(other.diagnostics, uses)}
    explained = [d for d in found if _place(d) not in left]
    if not left <= {_place(d) for d in found} or any(d.span in checker.durations_written for d in explained):
        return []
    return explained


def _duration_fix(value: ast.Number, parameter: Parameter) -> Said:
    """The count with its unit: in years where the parameter's name or label speaks of years and not of months."""
    months, years = spoken_of(parameter)
    written = f"`{to_text(ast.Quantity(value.value, 'year' if years and not months else 'month'))}`"
    return Said(f"give it its unit: {written}", f"请给它加上单位：{written}")


def _mismatches(diagnostics: list[Diagnostic], uses: list[Span]) -> list[Diagnostic]:
    """The unit and type mismatches (C002) found inside the rules at `uses`."""
    return [d for d in diagnostics if d.code == "C002" and d.span is not None
            and any(within(d.span, use) for use in uses)]


def _place(d: Diagnostic) -> tuple[str, Span | None]:
    return d.code, d.span


def _misunited(name: str, value: ast.Node, own: t.Type, needed: t.Type, lines: list[int]) -> Said:
    """"`dibao_standard` is an amount (yuan), but its uses at lines 330, 345 need a rate (…)"; "`deposit_months` is a
    plain number, but …"; "`tekun_standard` is a percentage, but …"."""
    at = f"its use at line {lines[0]} needs" if len(lines) == 1 else \
        f"its uses at lines {', '.join(map(str, lines))} need"
    is_ = written_as(value) if own.kind == "number" else Said(own.describe(), own.describe("zh"))
    return Said(f"`{name}` is {is_.en}, but {at} {needed.describe()}",
                f"`{name}` 是{is_.zh}，但第 {'、'.join(map(str, lines))} 行用到它的地方需要{needed.describe('zh')}")


def _misunited_fix(value: ast.Quantity, own: t.Type) -> Said:
    """The value written as the other kind of money: `550 yuan/month` or `550 yuan/year` for `550 yuan`, and
    `20000 yuan` for `20000 yuan/month`."""
    number = number_text(value.value)
    if own.kind == "amount":
        return Said(f"give it its period as the document gives it: {with_unit(number, 'rate')}",
                    f"请按政策原文写明它是每月还是每年的金额：{with_unit(number, 'rate', 'zh')}")
    return Said(f"if it is one sum, not a sum per month or per year, write it as an amount: "
                f"{with_unit(number, 'amount')}",
                f"如果它是一笔总额，而不是每月或每年的金额，请写成金额：{with_unit(number, 'amount', 'zh')}")


def _unitless_parameter(p: Policy, amount: Expr) -> Said | None:
    """Where an amount is no money because a parameter it reads was written without its unit (`value: 200`):
    that parameter, its line, and the value with a unit to write there."""
    for name in sorted(p.reads(amount.node)):
        parameter = p.parameters.get(name)
        if parameter is None or not isinstance(parameter.expr.node, ast.Number):
            continue
        number, line = number_text(parameter.expr.node.value), parameter.expr.span.line
        return Said(f"`{name}` is `{number}` (line {line}), a plain number: if it is money, write "
                    f"{with_unit(number, 'rate')} there",
                    f"`{name}` 是 `{number}`（第 {line} 行），是不带单位的数字：如果它是金额，请在那里写 "
                    f"{with_unit(number, 'rate', 'zh')}")
    return None


def drop_echoes(checker: Checker) -> None:
    """The findings that follow from another mistake go, so the officer sees the one mistake, where it is: a
    parameter reported for its missing unit makes every rule built on it mismatch too (C002); a rule with an error
    has no numbers to hold a label to (C029); and while a name is unknown (C001), the parameter or definition no
    rule reads (C005) is most likely the one it was meant to be, not one to delete."""
    p = checker.policy
    echoes = [e.span for e in rule_expressions(p) if p.reads(e.node) & checker.unitless.keys()] \
        if checker.unitless else []
    errors = [d.span for d in checker.diagnostics if d.severity == "error" and d.span is not None]
    # (a C001 of a name unknown has it as its subject; one of a department, a `null` or a name misplaced has none)
    unknown_name = any(d.code == "C001" and d.subject is not None for d in checker.diagnostics)
    broken_rules = [d for d, rules in checker.label_numbers
                    if any(within(error, rule) for error in errors for rule in rules)]

    def echo(d: Diagnostic) -> bool:
        if d.code == "C005":
            return unknown_name
        if d.code == "C029":
            return any(d is found for found in broken_rules)
        return (d.code == "C002" and d.span is not None and all(d is not r for r in checker.unitless.values())
                and any(within(d.span, span) for span in echoes))

    checker.diagnostics = [d for d in checker.diagnostics if not echo(d)]


def rule_expressions(p: Policy) -> list[Expr]:
    """Every rule of the policy: parameters, definitions and indicators, clauses, the `when` and `amount` of
    each assistance option, income shares."""
    return [e for e in (*(x.expr for x in p.parameters.values()), *(d.expr for d in p.definitions.values()),
                        *(c.test for cat in p.categories for c in cat.clauses),
                        *(x for m in p.assistance for o in m.options for x in (o.when, o.amount)),
                        *(i.share for i in p.income.values())) if e is not None]


def every_expression(p: Policy) -> list[Expr]:
    """Every rule of the policy (`rule_expressions`), and the expressions its member description reads."""
    exprs = rule_expressions(p)
    if p.meta.member_description is not None:
        exprs += p.meta.member_description.expressions()
    return exprs


def within(inner: Span, outer: Span) -> bool:
    """Whether the span `inner` lies inside `outer`."""
    return (inner.file == outer.file and (inner.line, inner.column) >= (outer.line, outer.column)
            and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column))


def _one_with_word(word: str, names: Iterable[str]) -> Said | None:
    """`water` for `water_resources`: "did you mean" the one name that has the word among its words."""
    having = [name for name in names if word in name.split("_")]
    return Said(did_you_mean(having[0]), did_you_mean(having[0], "zh")) if len(having) == 1 else None
