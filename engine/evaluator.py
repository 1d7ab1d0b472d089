"""Policy × Household × date → Decision, with exact decimals.

Input: a checked `Policy` (with the type of every node), a validated
`Household`, an evaluation date and a tracer. Output: a `Decision`, and the
`Evaluation` it came from (every value computed, for explanations).
Invariants: no float anywhere; definitions are computed lazily and once each,
per household and per member; every category and clause is evaluated, so the
explanation can show each verdict; evaluation never prints and does not know
about explanations — it reports to a tracer, and the null tracer records
nothing. Rates are held per year, durations in months, amounts in yuan.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal
from typing import Any

from engine import types as t
from engine.diagnostics import Diagnostic, PolicyError, Span
from engine.household import Household, Member
from engine.model import Category, Level, Measure, Option, Policy, per_policy
from engine.syntax import ast
from engine.tracing import NULL_TRACER, Tracer

EXACT = Context(prec=60, rounding=ROUND_HALF_UP)
ZERO = Decimal(0)
TWELVE = Decimal(12)


class EvaluationError(Exception):
    """A rule could not be computed for this household (division by zero, a missing value)."""

    def __init__(self, code: str, message: str, span: Span | None, help: str | None = None):
        self.diagnostic = Diagnostic(code, message, span, help=help)
        super().__init__(message)


Fn = Callable[[Any], Any]


# -- contexts ---------------------------------------------------------------------------


class HouseholdContext:
    """The values of one household on one date, computed on demand."""

    level: Level = "household"

    def __init__(self, program: Program, household: Household, date: datetime.date, tracer: Tracer):
        self.program = program
        self.household = household
        self.hh = self
        self.date = date
        self.tracer = tracer
        self.tracing = tracer.active
        self.memo: dict[str, Any] = {}
        self.members = [MemberContext(self, m) for m in household.members]
        self._account()

    def _account(self) -> None:
        income_types = self.program.policy.income
        shares = self.program.shares
        totals: dict[str, Decimal] = dict.fromkeys(income_types, ZERO)
        by_member = {m.member.id: m for m in self.members}
        counted = exempt = ZERO
        for line in self.household.income:
            totals[line.type] += line.amount
            owner = by_member.get(line.member) if line.member else None
            if owner is not None:
                owner.own_income[line.type] += line.amount
            if income_types[line.type].counted:
                share = EXACT.multiply(line.amount, shares[line.type])
                counted += share
                if owner is not None:
                    owner.own_counted += share
            else:
                exempt += line.amount
        expense_types = self.program.policy.expenses
        spent: dict[str, Decimal] = dict.fromkeys(expense_types, ZERO)
        rigid = ZERO
        for line in self.household.expenses:
            spent[line.type] += line.amount
            if line.member and line.member in by_member:
                by_member[line.member].own_expenses[line.type] += line.amount
            if expense_types[line.type].rigid:
                rigid += line.amount
        self.income_totals, self.expense_totals = totals, spent
        self.memo.update(counted_income=counted, exempt_income=exempt, rigid_expenses=rigid)

    def value(self, name: str) -> Any:
        try:
            return self.memo[name]
        except KeyError:
            pass
        fn = self.program.household_definitions[name]
        if self.tracing:
            self.tracer.enter("definition", name, None)
            result = fn(self)
            self.tracer.exit(result)
        else:
            result = fn(self)
        self.memo[name] = result
        return result

    def assigned(self, category_id: str) -> bool:
        return self.program.category_outcome(self, category_id).assigned


class MemberContext:
    """The values of one member, inside a household context."""

    level: Level = "member"

    def __init__(self, hh: HouseholdContext, member: Member):
        self.hh = hh
        self.member = member
        self.fields = member.fields
        self.memo: dict[str, Any] = {}
        self.own_income: dict[str, Decimal] = dict.fromkeys(hh.program.policy.income, ZERO)
        self.own_expenses: dict[str, Decimal] = dict.fromkeys(hh.program.policy.expenses, ZERO)
        self.own_counted = ZERO

    def value(self, name: str) -> Any:
        try:
            return self.memo[name]
        except KeyError:
            pass
        fn = self.hh.program.member_definitions[name]
        hh = self.hh
        if hh.tracing:
            hh.tracer.enter("definition", name, self.member.id)
            result = fn(self)
            hh.tracer.exit(result)
        else:
            result = fn(self)
        self.memo[name] = result
        return result

    def assigned(self, category_id: str) -> bool:
        return self.hh.program.category_outcome(self, category_id).assigned


Ctx = HouseholdContext | MemberContext


# -- outcomes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryOutcome:
    category: Category
    member: str | None
    verdicts: tuple[bool, ...]  # one per clause
    holds: bool
    assigned: bool
    preempted_by: str | None  # an earlier category of the same group that was assigned


@dataclass(frozen=True)
class OptionOutcome:
    option: Option
    applies: bool
    amount: Decimal | None


@dataclass(frozen=True)
class Grant:
    measure: Measure
    member: str | None
    option: Option
    amount: Decimal | None  # in the measure's `per` period when it is a rate
    others: tuple[OptionOutcome, ...]  # the other options that applied (就高不就低)


@dataclass(frozen=True)
class Decision:
    household: str
    policy: Policy = field(repr=False, compare=False)
    date: datetime.date
    categories: tuple[str, ...]
    members: Mapping[str, tuple[str, ...]]
    values: Mapping[str, Any]
    assistance: tuple[Grant, ...]
    evaluation: HouseholdContext | None = field(default=None, repr=False, compare=False)


# -- compilation ------------------------------------------------------------------------


def _divide(a: Decimal, b: Decimal, span: Span) -> Decimal:
    if not b:
        raise EvaluationError("E001", f"division by zero ({a} / {b})", span,
                              "a household with no members, or a parameter that is zero?")
    return EXACT.divide(a, b)


def _missing(span: Span) -> EvaluationError:
    return EvaluationError("E002", "a value needed here is missing (null)", span,
                           "fill in the field in the household, or give it a default in `inputs`")


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


def _age(born: datetime.date, on: datetime.date) -> Decimal:
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return Decimal(years)


class Program:
    """A policy compiled to closures over contexts; built once per policy."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.types = policy.types
        self.params = policy.parameter_values
        self.shares = {
            name: (self.params_value(i.share.node) if i.share is not None else Decimal(1))
            for name, i in policy.income.items()
        }
        self.household_definitions: dict[str, Fn] = {}
        self.member_definitions: dict[str, Fn] = {}
        for d in policy.definitions.values():
            target = self.household_definitions if d.level == "household" else self.member_definitions
            target[d.name] = self.compile(d.expr.node, d.level)
        self.clauses = {c.id: tuple(self.compile(w.test.node, c.level) for w in c.clauses)
                        for c in policy.categories}
        self.groups: dict[str, list[Category]] = {}
        for c in policy.categories:
            if c.group is not None:
                self.groups.setdefault(c.group, []).append(c)
        self.options = {
            (m.id, o.id): (self.compile(o.when.node, m.level),
                           self.compile(o.amount.node, m.level) if o.amount is not None else None)
            for m in policy.assistance for o in m.options
        }

    def params_value(self, node: ast.Node) -> Any:
        return self.compile(node, "household")(None)

    # closures --------------------------------------------------------------------------

    def compile(self, node: ast.Node, level: Level) -> Fn:
        match node:
            case ast.Number(value=v):
                return lambda ctx: v
            case ast.Percent(value=v):
                pct = EXACT.divide(v, Decimal(100))
                return lambda ctx: pct
            case ast.Quantity(value=v, unit=u):
                scaled = {"yuan/month": v * TWELVE, "year": v * TWELVE}.get(u, v)
                return lambda ctx: scaled
            case ast.Date(value=v) | ast.String(value=v) | ast.Boolean(value=v):
                return lambda ctx: v
            case ast.Name():
                return self._name(node, level)
            case ast.Neg(operand=o):
                inner = self.compile(o, level)
                span = node.span

                def neg(ctx: Ctx) -> Any:
                    value = inner(ctx)
                    if value is None:
                        raise _missing(span)
                    return -value
                return neg
            case ast.Arith():
                return self._arith(node, level)
            case ast.Compare(op=op, left=left, right=right):
                a, b, test = self.compile(left, level), self.compile(right, level), _COMPARE[op]

                def compare(ctx: Ctx) -> bool:
                    x, y = a(ctx), b(ctx)
                    if x is None or y is None:
                        return op == "!=" and (x is None) != (y is None)
                    return test(x, y)
                return compare
            case ast.InRange(value=v, low=lo, high=hi, low_closed=lc, high_closed=hc):
                value, low, high = self.compile(v, level), self.compile(lo, level), self.compile(hi, level)

                def in_range(ctx: Ctx) -> bool:
                    x, a, b = value(ctx), low(ctx), high(ctx)
                    if x is None or a is None or b is None:
                        return False
                    return (a <= x if lc else a < x) and (x <= b if hc else x < b)
                return in_range
            case ast.InSet(value=v, items=items, negated=negated):
                value = self.compile(v, level)
                if all(isinstance(i, ast.String | ast.Number | ast.Boolean) for i in items):
                    members = frozenset(i.value for i in items)  # type: ignore[attr-defined]

                    def in_constant_set(ctx: Ctx) -> bool:
                        x = value(ctx)
                        return x is not None and ((x in members) != negated)
                    return in_constant_set
                fns = [self.compile(i, level) for i in items]

                def in_set(ctx: Ctx) -> bool:
                    x = value(ctx)
                    return x is not None and (any(x == f(ctx) for f in fns) != negated)
                return in_set
            case ast.Not(operand=o):
                inner = self.compile(o, level)
                return lambda ctx: not inner(ctx)
            case ast.And(left=left, right=right):
                a, b = self.compile(left, level), self.compile(right, level)
                return lambda ctx: a(ctx) and b(ctx)
            case ast.Or(left=left, right=right):
                a, b = self.compile(left, level), self.compile(right, level)
                return lambda ctx: a(ctx) or b(ctx)
            case ast.IfThenElse(condition=c, then=x, otherwise=y):
                cond, yes, no = self.compile(c, level), self.compile(x, level), self.compile(y, level)
                return lambda ctx: yes(ctx) if cond(ctx) else no(ctx)
            case ast.Call():
                return self._call(node, level)
            case ast.Aggregate():
                return self._aggregate(node)
        raise TypeError(f"cannot compile {type(node).__name__}")

    def _name(self, node: ast.Name, level: Level) -> Fn:
        name = node.dotted
        p = self.policy
        if name in self.params:
            constant = self.params[name]
            return lambda ctx: constant
        if name == "today":
            return lambda ctx: ctx.hh.date
        if name in ("counted_income", "exempt_income", "rigid_expenses"):
            return lambda ctx: ctx.hh.memo[name]
        if name == "own_counted_income":
            return lambda ctx: ctx.own_counted
        head, _, rest = name.partition(".")
        if head == "income":
            return lambda ctx: ctx.hh.income_totals[rest]
        if head == "expenses":
            return lambda ctx: ctx.hh.expense_totals[rest]
        if head == "own_income":
            return lambda ctx: ctx.own_income[rest]
        if head == "own_expenses":
            return lambda ctx: ctx.own_expenses[rest]
        if f"household:{name}" in p.inputs:
            return lambda ctx: ctx.hh.household.fields[name]
        if f"member:{name}" in p.inputs:
            return lambda ctx: ctx.fields[name]
        if name in p.definitions:
            if p.definitions[name].level == "household":
                return lambda ctx: ctx.hh.value(name)
            return lambda ctx: ctx.value(name)
        category = p.category(name)
        if category is not None:
            if category.level == "household":
                return lambda ctx: ctx.hh.assigned(name)
            return lambda ctx: ctx.assigned(name)
        if self.params is not None and name in p.parameters:
            raise _ParameterPending(name)
        raise TypeError(f"unresolved name {name}")  # the checker guarantees this cannot happen

    def _arith(self, node: ast.Arith, level: Level) -> Fn:
        a, b = self.compile(node.left, level), self.compile(node.right, level)
        span = node.span
        ta, tb = self.types.get(id(node.left), t.UNKNOWN), self.types.get(id(node.right), t.UNKNOWN)

        def operands(ctx: Ctx) -> tuple[Decimal, Decimal]:
            x, y = a(ctx), b(ctx)
            if x is None or y is None:
                raise _missing(span)
            return x, y

        match node.op:
            case "+":
                return lambda ctx: EXACT.add(*operands(ctx))
            case "-":
                return lambda ctx: EXACT.subtract(*operands(ctx))
            case "*":
                if {ta.kind, tb.kind} == {"rate", "duration"}:  # yuan/year × months → yuan
                    return lambda ctx: EXACT.divide(EXACT.multiply(*operands(ctx)), TWELVE)
                return lambda ctx: EXACT.multiply(*operands(ctx))
        if ta.kind == "amount" and tb.kind == "duration":  # yuan / months → yuan/year
            def per_year(ctx: Ctx) -> Decimal:
                x, y = operands(ctx)
                return _divide(EXACT.multiply(x, TWELVE), y, span)
            return per_year
        return lambda ctx: _divide(*operands(ctx), span)

    def _call(self, node: ast.Call, level: Level) -> Fn:
        args = [self.compile(x, level) for x in node.args]
        span = node.span

        def values(ctx: Ctx) -> list[Any]:
            out = [f(ctx) for f in args]
            if any(v is None for v in out):
                raise _missing(span)
            return out

        match node.function:
            case "min":
                return lambda ctx: min(values(ctx))
            case "max":
                return lambda ctx: max(values(ctx))
            case "abs":
                return lambda ctx: abs(values(ctx)[0])
            case "age":
                return lambda ctx: _age(values(ctx)[0], ctx.hh.date)
            case "ceil":
                return lambda ctx: values(ctx)[0].to_integral_value(rounding=ROUND_CEILING)
            case "floor":
                return lambda ctx: values(ctx)[0].to_integral_value(rounding=ROUND_FLOOR)
        places = int(node.args[1].value) if len(node.args) == 2 else 0  # type: ignore[attr-defined]
        quantum = Decimal(1).scaleb(-places)
        return lambda ctx: EXACT.quantize(values(ctx)[0], quantum)

    def _aggregate(self, node: ast.Aggregate) -> Fn:
        where = self.compile(node.where, "member") if node.where is not None else None
        value = self.compile(node.value, "member") if node.value is not None else None
        span = node.span

        def chosen(ctx: HouseholdContext) -> list[MemberContext]:
            members = ctx.hh.members
            return [m for m in members if where(m)] if where is not None else members

        match node.function:
            case "count":
                return lambda ctx: Decimal(len(chosen(ctx)))
            case "any":
                if value is None:
                    return lambda ctx: bool(chosen(ctx))
                return lambda ctx: any(value(m) for m in chosen(ctx))
            case "all":
                assert value is not None
                return lambda ctx: all(value(m) for m in chosen(ctx))
            case "sum":
                assert value is not None
                def total(ctx: HouseholdContext) -> Decimal:
                    result = ZERO
                    for m in chosen(ctx):
                        item = value(m)
                        if item is None:
                            raise _missing(span)
                        result = EXACT.add(result, item)
                    return result
                return total
        pick = min if node.function == "min" else max
        assert value is not None

        def extreme(ctx: HouseholdContext) -> Any:
            values = [value(m) for m in chosen(ctx)]
            values = [v for v in values if v is not None]
            if not values:
                raise EvaluationError("E003", f"`{node.function}` over no member", span,
                                      "loosen the `where` filter, or guard the rule with `count(…) > 0`")
            return pick(values)
        return extreme

    # categories -------------------------------------------------------------------------

    def category_outcome(self, ctx: Ctx, category_id: str) -> CategoryOutcome:
        key = "category:" + category_id
        memo = ctx.memo
        if key in memo:
            return memo[key]
        category = self.policy.category(category_id)
        assert category is not None
        hh = ctx.hh
        member_id = ctx.member.id if isinstance(ctx, MemberContext) else None
        if hh.tracing:
            hh.tracer.enter("category", category_id, member_id)
        verdicts = tuple(bool(f(ctx)) for f in self.clauses[category_id])
        holds = all(verdicts) if category.match == "all" else any(verdicts)
        preempted_by = None
        if category.group is not None:
            for earlier in self.groups[category.group]:
                if earlier.id == category_id:
                    break
                if self.category_outcome(ctx, earlier.id).assigned:
                    preempted_by = earlier.id
                    break
        outcome = CategoryOutcome(category, member_id, verdicts, holds, holds and preempted_by is None,
                                  preempted_by)
        if hh.tracing:
            hh.tracer.exit(outcome.assigned)
        memo[key] = outcome
        return outcome

    # assistance -------------------------------------------------------------------------

    def grants(self, ctx: Ctx, measure: Measure) -> Grant | None:
        outcomes = []
        for option in measure.options:
            when, amount = self.options[(measure.id, option.id)]
            if when(ctx):
                value = amount(ctx) if amount is not None else None
                if value is not None and measure.per == "month" and self._is_rate(option):
                    value = EXACT.divide(value, TWELVE)
                outcomes.append(OptionOutcome(option, True, value))
        if not outcomes:
            return None
        best = outcomes[0]
        for o in outcomes[1:]:
            if o.amount is not None and (best.amount is None or o.amount > best.amount):
                best = o
        member = ctx.member.id if isinstance(ctx, MemberContext) else None
        others = tuple(o for o in outcomes if o is not best)
        return Grant(measure, member, best.option, best.amount, others)

    def _is_rate(self, option: Option) -> bool:
        assert option.amount is not None
        return self.types.get(id(option.amount.node), t.UNKNOWN).kind == "rate"


class _ParameterPending(Exception):
    def __init__(self, name: str):
        self.name = name


@per_policy
def program_for(policy: Policy) -> Program:
    """The compiled program of a policy, built on first use."""
    return Program(policy)


def parameter_values(policy: Policy) -> dict[str, Any]:
    """Compute every parameter, in dependency order (the checker has ruled out cycles)."""
    values: dict[str, Any] = {}
    shell = Program.__new__(Program)
    shell.policy, shell.types, shell.params = policy, policy.types, values
    pending = list(policy.parameters)
    while pending:
        progressed = False
        for name in list(pending):
            try:
                values[name] = shell.compile(policy.parameters[name].expr.node, "household")(None)
            except _ParameterPending:
                continue
            except EvaluationError as error:
                raise PolicyError([error.diagnostic]) from None
            pending.remove(name)
            progressed = True
        if not progressed:
            break
    return values


# -- the entry point --------------------------------------------------------------------


def evaluate(policy: Policy, household: Household, date: datetime.date,
             tracer: Tracer = NULL_TRACER) -> Decision:
    """Classify one household on one date; raises `EvaluationError` for a rule that cannot be computed."""
    program = program_for(policy)
    ctx = HouseholdContext(program, household, date, tracer)
    categories = []
    members: dict[str, list[str]] = {m.member.id: [] for m in ctx.members}
    for category in policy.categories:
        if category.level == "household":
            if ctx.assigned(category.id):
                categories.append(category.id)
        else:
            for m in ctx.members:
                if m.assigned(category.id):
                    members[m.member.id].append(category.id)
    values: dict[str, Any] = {
        "counted_income": ctx.memo["counted_income"],
        "exempt_income": ctx.memo["exempt_income"],
        "rigid_expenses": ctx.memo["rigid_expenses"],
    }
    for d in policy.definitions.values():
        if d.level == "household":
            values[d.name] = ctx.value(d.name)
    grants: list[Grant] = []
    for measure in policy.assistance:
        contexts: list[Ctx] = [ctx] if measure.level == "household" else list(ctx.members)
        for c in contexts:
            grant = program.grants(c, measure)
            if grant is not None:
                grants.append(grant)
    return Decision(household.id, policy, date, tuple(categories),
                    {k: tuple(v) for k, v in members.items()}, values, tuple(grants), ctx)


def value_type(policy: Policy, name: str) -> t.Type:
    """The checked type of a definition's value (for formatting)."""
    d = policy.definitions.get(name)
    if d is None:
        return t.RATE if name in ("counted_income", "exempt_income", "rigid_expenses") else t.UNKNOWN
    return policy.types.get(id(d.expr.node), t.UNKNOWN)
