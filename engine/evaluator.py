"""Policy × Household × date → Decision, with exact decimals.

Input: a checked `Policy` (with the type of every node), a validated
`Household`, an evaluation date and a tracer. Output: a `Decision`, and the
`Evaluation` it came from (every value computed, for explanations).
Invariants: no float anywhere; definitions are computed lazily and once each,
per household and per member; every category and clause is evaluated, so the
explanation can show each verdict; evaluation never prints and does not know
about explanations — it reports to a tracer, and the null tracer records
nothing. Rates are held per year, durations in months, amounts in yuan.
The policy is compiled once (`program_for`) into closures specialised for its
common shapes, which read a household through `engine.contexts` and decide the
`engine.outcomes` objects. What the rules read and which categories they need is
`engine.rule_needs`; the values the same for every household (parameters, and the
definitions computed from them alone) are computed with this compiler by
`engine.policy_values`.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Iterator, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from engine import types as t
from engine.contexts import (
    EXACT,
    ONE_AS_IS,
    UNSET,
    ZERO,
    Ctx,
    HouseholdContext,
    MemberContext,
    exact_add,
    exact_divide,
    exact_multiply,
    kept_totals,
)
from engine.diagnostics import Diagnostic, Said, Span
from engine.household import Household
from engine.model import Category, Level, Measure, Option, Policy, per_policy
from engine.outcomes import (
    CategoryOutcome,
    Decision,
    Grant,
    OptionOutcome,
    new_category_outcome,
    new_decision,
    new_grant,
    new_option_outcome,
)
from engine.rule_needs import LITERALS, PURE_OPERATIONS, TOTALS, measure_needs, reads_only, total_reads
from engine.syntax import ast
from engine.syntax.printer import to_text
from engine.tracing import NULL_TRACER, Tracer
from engine.values import grouped, plain_number

TWELVE = Decimal(12)


class EvaluationError(Exception):
    """A rule could not be computed for this household (division by zero, a missing value)."""

    def __init__(self, code: str, message: Said, span: Span | None, help: Said | None = None):
        self.diagnostic = Diagnostic.said(code, message, span, help=help)
        super().__init__(message.en)


Fn = Callable[[Any], Any]


# -- compilation ------------------------------------------------------------------------


def _checked_division(span: Span, kinds: tuple[str, str], divisor: str) -> Callable[[Decimal, Decimal], Decimal]:
    """Division by a divisor that may be zero for a household, said as E001 where it is (a closure: a `partial` with
    keywords makes a dictionary at every call)."""
    divide = EXACT.divide

    def checked(a: Decimal, b: Decimal) -> Decimal:
        if not b:
            raise _division_by_zero(a, b, span, kinds, divisor)
        return divide(a, b)
    return checked


def _division_by_zero(a: Decimal, b: Decimal, span: Span, kinds: tuple[str, str], divisor: str) -> EvaluationError:
    """E001, with the operands written as explanations write them (money as `4,200.00`, counts as `0`), and the
    guard for the divisor as the rule writes it. A divisor zero for every household is the checker's (C021):
    this one is zero for this household."""
    shown = [grouped(x) if kind in ("amount", "rate") else plain_number(x) for x, kind in zip((a, b), kinds,
                                                                                                strict=True)]
    guard = f"`if {divisor} > 0 then … else …`"
    return EvaluationError("E001", Said(f"division by zero ({shown[0]} / {shown[1]})",
                                        f"除数为零（{shown[0]} / {shown[1]}）"), span,
                           Said(f"`{divisor}` is 0 for this household: guard the division with {guard}",
                                f"对这个家庭，`{divisor}` 为 0：请用 {guard} 避开除以零"))


# the whole numbers an age or a count of members gives, made once: the same Decimals, without making one for every
# member's age and every count
_WHOLE = tuple(Decimal(i) for i in range(256))


def _whole(n: int) -> Decimal:
    return _WHOLE[n] if 0 <= n < 256 else Decimal(n)


def whole_years(born: datetime.date, on: datetime.date) -> int:
    """The rule language's `age`: the full years from `born` to `on`, one less before this year's birthday."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _missing(span: Span) -> EvaluationError:
    return EvaluationError("E002", Said("a value needed here is missing (null)", "这里需要的值缺失（null）"), span,
                           Said("fill in the field in the household, or give it a default in `inputs`",
                                "请在家庭数据中填写该字段，或在政策的 `inputs` 中为它设默认值"))


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}
_NOT_CONSTANT: Any = object()


def _chain(node: ast.Node, kind: type[ast.And] | type[ast.Or]) -> list[ast.Node]:
    """`a and b and c` as [a, b, c], however it is nested."""
    if isinstance(node, kind):
        return _chain(node.left, kind) + _chain(node.right, kind)
    return [node]


def _short_circuit(fns: tuple[Fn, ...], is_and: bool) -> Fn:
    """Python's `and` (or `or`) over the closures: the first value that decides, else the last value."""
    match fns:  # written out for the usual lengths: Python's own `and`/`or`, no loop to run
        case (a,):
            return a
        case (a, b):
            return (lambda ctx: a(ctx) and b(ctx)) if is_and else (lambda ctx: a(ctx) or b(ctx))
        case (a, b, c):
            return (lambda ctx: a(ctx) and b(ctx) and c(ctx)) if is_and else (lambda ctx: a(ctx) or b(ctx) or c(ctx))
        case (a, b, c, d):
            return ((lambda ctx: a(ctx) and b(ctx) and c(ctx) and d(ctx)) if is_and
                    else (lambda ctx: a(ctx) or b(ctx) or c(ctx) or d(ctx)))
        case (a, b, c, d, e):
            return ((lambda ctx: a(ctx) and b(ctx) and c(ctx) and d(ctx) and e(ctx)) if is_and
                    else (lambda ctx: a(ctx) or b(ctx) or c(ctx) or d(ctx) or e(ctx)))
    # longer: the first five as one, as `a or … or h` is `(a or … or e) or f or g or h` (the indicator of no capacity
    # to work has eight, read for every member)
    return _short_circuit((_short_circuit(fns[:5], is_and), *fns[5:]), is_and)


class _CategoryPlan:
    """How one category is decided: its compiled clauses and the earlier categories of its group."""

    __slots__ = ("category", "clauses", "earlier", "household", "id", "key", "match_all", "verdicts")

    def __init__(self, category: Category, clauses: tuple[Fn, ...], earlier: tuple[_CategoryPlan, ...]):
        self.category = category
        self.id = category.id
        self.key = "category:" + category.id  # where the outcome is memoised in the context
        self.household = category.level == "household"
        self.clauses = clauses
        self.verdicts = _verdicts(clauses)
        self.match_all = category.match == "all"
        self.earlier = earlier


def _verdicts(clauses: tuple[Fn, ...]) -> Callable[[Ctx], tuple[bool, ...]]:
    """Every clause's verdict, in order; written out for the usual clause counts (no loop to run)."""
    match clauses:
        case (a,):
            return lambda ctx: (bool(a(ctx)),)
        case (a, b):
            return lambda ctx: (bool(a(ctx)), bool(b(ctx)))
        case (a, b, c):
            return lambda ctx: (bool(a(ctx)), bool(b(ctx)), bool(c(ctx)))
        case (a, b, c, d):
            return lambda ctx: (bool(a(ctx)), bool(b(ctx)), bool(c(ctx)), bool(d(ctx)))
        case (a, b, c, d, e):
            return lambda ctx: (bool(a(ctx)), bool(b(ctx)), bool(c(ctx)), bool(d(ctx)), bool(e(ctx)))
    return lambda ctx: tuple([bool(f(ctx)) for f in clauses])


OptionPlan = tuple[Option, Fn, Fn | None, bool]  # option, when, amount, monthly (a rate shown per month)


class Program:
    """A policy compiled to closures over contexts; built once per policy.

    Closures are specialised for the common shapes (a name compared with a constant, `and`
    chains, parts that read only parameters, folded once) and read memoised values
    directly; a value not yet computed goes through the context, which traces it.
    """

    @classmethod
    def of_constants(cls, policy: Policy, params: dict[str, Any], types: Mapping[int, t.Type] | None = None
                     ) -> Program:
        """A program that compiles only rules of literals and parameters (`params`), without building the rest:
        `engine.policy_values` computes parameters and a policy's constants with it."""
        shell = cls.__new__(cls)
        shell.policy, shell.types, shell.params = policy, policy.types if types is None else types, params
        shell.reads = TOTALS  # (it compiles no household's totals: no rule of literals and parameters reads one)
        shell._folds = {}
        return shell

    def __init__(self, policy: Policy):
        self.policy = policy
        self.types = policy.types
        self.params = policy.parameter_values
        self._folds: dict[tuple[int, Level], tuple[ast.Node, Any, int]] = {}  # see `_fold`
        self.shares = {
            name: (self.params_value(i.share.node) if i.share is not None else Decimal(1))
            for name, i in policy.income.items()
        }
        self.counted_share = {name: self.shares[name] if i.counted else None for name, i in policy.income.items()}
        # the income counted in full: a share of exactly 1, by which a product is the amount itself, digit for digit
        self.counted_in_full = frozenset(name for name, share in self.counted_share.items()
                                         if share is not None and share.as_tuple() == ONE_AS_IS)
        self.rigid = frozenset(name for name, e in policy.expenses.items() if e.rigid)
        self.zero_income = dict.fromkeys(policy.income, ZERO)
        self.zero_expenses = dict.fromkeys(policy.expenses, ZERO)
        # the totals a household's context keeps only where a rule reads them (`income.wage`, `own_expenses.medical`)
        self.reads = total_reads(policy)
        self.keeps = kept_totals(self.reads)
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
        self.plans: dict[str, _CategoryPlan] = {}
        for c in policy.categories:
            group = [e.id for e in self.groups[c.group]] if c.group is not None else [c.id]
            earlier = tuple(self.plans[e] for e in group[:group.index(c.id)])
            self.plans[c.id] = _CategoryPlan(c, self.clauses[c.id], earlier)
        self.measures: list[tuple[Measure, tuple[OptionPlan, ...]]] = [
            (m, tuple((o, self.compile(o.when.node, m.level),
                       self.compile(o.amount.node, m.level) if o.amount is not None else None,
                       m.per == "month" and o.amount is not None and self._is_rate(o)) for o in m.options))
            for m in policy.assistance
        ]
        # the categories a measure needs one of (None: it may grant without any); see `rule_needs.needed_categories`
        self.needs: list[frozenset[str] | None] = [measure_needs(policy, m) for m in policy.assistance]
        # the measures that may grant to a household in no category (most households): the only ones looked at then
        self.without_category = [(m, options) for (m, options), needs in zip(self.measures, self.needs, strict=True)
                                 if needs is None]
        # the values the same for every household (`marginal_line`), put in each household's memo at the start;
        # computed with programs of this module, so imported here rather than at the top
        from engine.policy_values import policy_wide_values

        self.policy_wide = policy_wide_values(policy)
        # the period a measure's amount covers: its own `per`, else a year where its amounts are rates (yuan/year)
        self.periods: dict[str, str | None] = {
            m.id: m.per or ("year" if any(o.amount is not None and self._is_rate(o) for o in m.options) else None)
            for m in policy.assistance}

    def params_value(self, node: ast.Node) -> Any:
        return self.compile(node, "household")(None)

    # closures --------------------------------------------------------------------------

    def compile(self, node: ast.Node, level: Level) -> Fn:
        if isinstance(node, ast.Neg | ast.Arith | ast.Call):
            constant = self._fold(node, level)
            if constant is not _NOT_CONSTANT:
                return lambda ctx: constant
        match node:
            case ast.Number(value=v):
                return lambda ctx: v
            case ast.Percent(value=v):
                pct = EXACT.divide(v, Decimal(100))
                return lambda ctx: pct
            case ast.Quantity():
                scaled = node.computed
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
            case ast.Compare():
                return self._compare(node, level)
            case ast.InRange():
                return self._in_range(node, level)
            case ast.InSet(value=v, items=items, negated=negated):
                value = self.compile(v, level)
                if all(isinstance(i, ast.String | ast.Number | ast.Boolean) for i in items):
                    members = frozenset(i.value for i in items)  # type: ignore[attr-defined]
                    how, name = self._reader(v) or ("", "")
                    if how == "member_field":
                        def in_constant_set_field(ctx: Ctx) -> bool:
                            x = ctx.fields[name]  # type: ignore[union-attr]
                            return x is not None and ((x in members) != negated)
                        return in_constant_set_field

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
            case ast.And():
                return _short_circuit(tuple(self.compile(n, level) for n in _chain(node, ast.And)), True)
            case ast.Or():
                return _short_circuit(tuple(self.compile(n, level) for n in _chain(node, ast.Or)), False)
            case ast.IfThenElse(condition=c, then=x, otherwise=y):
                cond, yes, no = self.compile(c, level), self.compile(x, level), self.compile(y, level)
                return lambda ctx: yes(ctx) if cond(ctx) else no(ctx)
            case ast.Call():
                return self._call(node, level)
            case ast.Aggregate():
                return self._aggregate(node)
        raise TypeError(f"cannot compile {type(node).__name__}")

    def _fold(self, node: ast.Node, level: Level) -> Any:
        """The value of an expression that reads only literals and parameters, or `_NOT_CONSTANT`.

        One that cannot be computed (a division by zero) is left to fail where it is evaluated. Each fold is
        remembered (with its node, so that the node's id is not reused while the program lives): folding a
        sum folds every sum within it, and the checker asks again of each. A value stays what it is; "not
        constant" holds only while no parameter is added (the checker's folding program learns them as it goes).
        """
        remembered = self._folds.get((id(node), level))
        if remembered is not None and (remembered[1] is not _NOT_CONSTANT or remembered[2] == len(self.params)):
            return remembered[1]
        value = self._fold_anew(node, level)
        self._folds[(id(node), level)] = (node, value, len(self.params))
        return value

    def _fold_anew(self, node: ast.Node, level: Level) -> Any:
        if not reads_only(node, self.params):
            return _NOT_CONSTANT
        try:
            match node:  # (not through `compile`, which folds these first)
                case ast.Arith():
                    return self._arith(node, level)(None)
                case ast.Call():
                    return self._call(node, level)(None)
                case ast.Neg(operand=o):
                    value = self.compile(o, level)(None)
                    return _NOT_CONSTANT if value is None else -value
            return self.compile(node, level)(None)
        except RecursionError:
            raise
        except Exception:
            return _NOT_CONSTANT

    def constant(self, node: ast.Node) -> tuple[bool, Any]:
        """(True, its value) for an expression that reads only literals and parameters, else (False, None)."""
        value = self._constant(node, "household")
        return (False, None) if value is _NOT_CONSTANT else (True, value)

    def _constant(self, node: ast.Node, level: Level) -> Any:
        """A literal's or a parameter's value, or a folded one; `_NOT_CONSTANT` for anything else."""
        if isinstance(node, LITERALS) or (isinstance(node, ast.Name) and node.dotted in self.params):
            return self.compile(node, level)(None)
        if isinstance(node, (*PURE_OPERATIONS, ast.Call)):
            return self._fold(node, level)
        return _NOT_CONSTANT

    def _name(self, node: ast.Name, level: Level) -> Fn:
        name = node.dotted
        p = self.policy
        if name in self.params:
            constant = self.params[name]
            return lambda ctx: constant
        if name == "today":
            return lambda ctx: ctx.date
        if name in ("counted_income", "exempt_income", "rigid_expenses"):
            return lambda ctx: ctx.hh_memo[name]
        if name == "own_counted_income":
            return lambda ctx: ctx.own_counted
        head, _, rest = name.partition(".")
        if head in TOTALS and head not in self.reads:
            raise TypeError(f"{name} is read by no rule `total_reads` knows: contexts do not keep its total")
        if head == "income":
            return lambda ctx: ctx.hh.income_totals[rest]
        if head == "expenses":
            return lambda ctx: ctx.hh.expense_totals[rest]
        if head == "own_income":
            return lambda ctx: ctx.own_income[rest]
        if head == "own_expenses":
            return lambda ctx: ctx.own_expenses[rest]
        if f"household:{name}" in p.inputs:
            return lambda ctx: ctx.hh_fields[name]
        if f"member:{name}" in p.inputs:
            return lambda ctx: ctx.fields[name]
        if name in p.definitions:
            if p.definitions[name].level == "household":
                def household_value(ctx: Ctx) -> Any:
                    value = ctx.hh_memo.get(name, UNSET)
                    return ctx.hh.value(name) if value is UNSET else value
                return household_value

            def member_value(ctx: Ctx) -> Any:
                value = ctx.memo.get(name, UNSET)
                return ctx.value(name) if value is UNSET else value
            return member_value
        category = p.category(name)
        if category is not None:
            key = "category:" + name
            decide = self.category_outcome
            if category.level == "household":
                def household_assigned(ctx: Ctx) -> bool:
                    outcome = ctx.hh_memo.get(key)
                    return (outcome if outcome is not None else decide(ctx.hh, name)).assigned
                return household_assigned

            def member_assigned(ctx: Ctx) -> bool:
                outcome = ctx.memo.get(key)
                return (outcome if outcome is not None else decide(ctx, name)).assigned
            return member_assigned
        if self.params is not None and name in p.parameters:
            raise ParameterPending(name)
        raise TypeError(f"unresolved name {name}")  # the checker guarantees this cannot happen

    def _reader(self, node: ast.Node) -> tuple[str, str] | None:
        """How a name that is an input or a definition is read (as `_name` resolves it), to read it inline."""
        if not isinstance(node, ast.Name):
            return None
        name, p = node.dotted, self.policy
        if name in self.params or name in ("today", "counted_income", "exempt_income", "rigid_expenses"):
            return None
        if name == "own_counted_income":
            return "own_counted", name
        if name.partition(".")[0] in ("income", "expenses", "own_income", "own_expenses"):
            return None
        if f"household:{name}" in p.inputs:
            return "household_field", name
        if f"member:{name}" in p.inputs:
            return "member_field", name
        if name in p.definitions:
            return ("household_value" if p.definitions[name].level == "household" else "member_value"), name
        return None

    def _compare(self, node: ast.Compare, level: Level) -> Fn:
        a, b, test, op = self.compile(node.left, level), self.compile(node.right, level), _COMPARE[node.op], node.op
        y = self._constant(node.right, level)
        if y is not _NOT_CONSTANT and y is not None:
            return self._compare_constant(node.left, a, test, y, op == "!=")

        def compare(ctx: Ctx) -> bool:
            x, y = a(ctx), b(ctx)
            if x is None or y is None:
                return op == "!=" and (x is None) != (y is None)
            return test(x, y)
        return compare

    def _compare_constant(self, left: ast.Node, a: Fn, test: Callable[[Any, Any], bool], y: Any,
                          missing: bool) -> Fn:
        """`left <op> y` for a constant y; `missing` is the verdict when left is null. Reads a name inline."""
        how, name = self._reader(left) or ("", "")
        if how == "member_field":
            def compare_member_field(ctx: Ctx) -> bool:
                x = ctx.fields[name]  # type: ignore[union-attr]
                return missing if x is None else test(x, y)
            return compare_member_field
        if how == "household_field":
            def compare_household_field(ctx: Ctx) -> bool:
                x = ctx.hh_fields[name]
                return missing if x is None else test(x, y)
            return compare_household_field
        if how == "own_counted":
            return lambda ctx: test(ctx.own_counted, y)
        if how == "household_value":
            def compare_household_value(ctx: Ctx) -> bool:
                x = ctx.hh_memo.get(name, UNSET)
                if x is UNSET:
                    x = ctx.hh.value(name)
                return missing if x is None else test(x, y)
            return compare_household_value
        if how == "member_value":
            def compare_member_value(ctx: Ctx) -> bool:
                x = ctx.memo.get(name, UNSET)
                if x is UNSET:
                    x = ctx.value(name)
                return missing if x is None else test(x, y)
            return compare_member_value

        def compare_constant(ctx: Ctx) -> bool:
            x = a(ctx)
            return missing if x is None else test(x, y)
        return compare_constant

    def _in_range(self, node: ast.InRange, level: Level) -> Fn:
        value, lc, hc = self.compile(node.value, level), node.low_closed, node.high_closed
        lo, hi = self._constant(node.low, level), self._constant(node.high, level)
        if lo is not _NOT_CONSTANT and lo is not None and hi is not _NOT_CONSTANT and hi is not None:
            def in_constant_range(ctx: Ctx) -> bool:
                x = value(ctx)
                if x is None:
                    return False
                return (lo <= x if lc else lo < x) and (x <= hi if hc else x < hi)
            return in_constant_range
        low, high = self.compile(node.low, level), self.compile(node.high, level)

        def in_range(ctx: Ctx) -> bool:
            x, a, b = value(ctx), low(ctx), high(ctx)
            if x is None or a is None or b is None:
                return False
            return (a <= x if lc else a < x) and (x <= b if hc else x < b)
        return in_range

    def _arith(self, node: ast.Arith, level: Level) -> Fn:
        a = self.compile(node.left, level)
        span = node.span
        ta, tb = self.types.get(id(node.left), t.UNKNOWN), self.types.get(id(node.right), t.UNKNOWN)
        y = self._constant(node.right, level)
        nonzero = y is not _NOT_CONSTANT and isinstance(y, Decimal) and bool(y)  # a constant divisor: no check
        kinds = (ta.kind, tb.kind)
        divisor = to_text(node.right) if node.op == "/" else ""
        divide: Callable[[Any, Any], Any] = EXACT.divide if nonzero else \
            _checked_division(span, kinds, divisor)
        combine: Callable[[Any, Any], Any]
        match node.op:
            case "+":
                combine = EXACT.add
            case "-":
                combine = EXACT.subtract
            case "*" if {ta.kind, tb.kind} == {"rate", "duration"}:  # yuan/year × months → yuan
                def combine(x: Any, y: Any) -> Any:
                    return exact_divide(exact_multiply(x, y), TWELVE)
            case "*":
                combine = EXACT.multiply
            case _ if ta.kind == "amount" and tb.kind == "duration":  # yuan / months → yuan/year
                def combine(x: Any, y: Any) -> Any:
                    if not y:  # said of the amount as written, not of the twelvefold numerator
                        raise _division_by_zero(x, y, span, kinds, divisor)
                    return exact_divide(exact_multiply(x, TWELVE), y)
            case _:
                combine = divide
        if y is not _NOT_CONSTANT and y is not None:
            def arith_constant(ctx: Ctx) -> Any:
                x = a(ctx)
                if x is None:
                    raise _missing(span)
                return combine(x, y)
            return arith_constant
        b = self.compile(node.right, level)

        def arith(ctx: Ctx) -> Any:
            x, y = a(ctx), b(ctx)
            if x is None or y is None:
                raise _missing(span)
            return combine(x, y)
        return arith

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
                born_at = args[0]

                def age(ctx: Ctx) -> Decimal:
                    born = born_at(ctx)
                    if born is None:
                        raise _missing(span)
                    years = whole_years(born, ctx.date)
                    return _WHOLE[years] if 0 <= years < 256 else Decimal(years)  # `_whole`, one call less a member
                return age
            case "ceil":
                return lambda ctx: values(ctx)[0].to_integral_value(ROUND_CEILING)
            case "floor":
                return lambda ctx: values(ctx)[0].to_integral_value(ROUND_FLOOR)
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
                return lambda ctx: _whole(len(chosen(ctx)))
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
                        result = exact_add(result, item)
                    return result
                return total
        pick = min if node.function == "min" else max
        assert value is not None

        def extreme(ctx: HouseholdContext) -> Any:
            values = [value(m) for m in chosen(ctx)]
            values = [v for v in values if v is not None]
            if not values:
                raise EvaluationError("E003", Said(f"`{node.function}` over no member",
                                                   f"`{node.function}` 作用于零名成员"), span,
                                      Said("loosen the `where` filter, or guard the rule with `count(…) > 0`",
                                           "请放宽 `where` 条件，或用 `count(…) > 0` 保护这条规则"))
            return pick(values)
        return extreme

    # categories -------------------------------------------------------------------------

    def category_outcome(self, ctx: Ctx, category_id: str) -> CategoryOutcome:
        plan = self.plans[category_id]
        outcome: CategoryOutcome | None = ctx.memo.get(plan.key)
        if outcome is None:
            outcome = self._decide(ctx, plan)
        return outcome

    def _decide(self, ctx: Ctx, plan: _CategoryPlan) -> CategoryOutcome:
        member_id = ctx.member_id
        tracing = ctx.tracing
        if tracing:
            ctx.hh.tracer.enter("category", plan.id, member_id)
        verdicts = plan.verdicts(ctx)
        holds = all(verdicts) if plan.match_all else any(verdicts)
        preempted_by = None
        for earlier in plan.earlier:
            outcome = ctx.memo.get(earlier.key)
            if (outcome if outcome is not None else self._decide(ctx, earlier)).assigned:
                preempted_by = earlier.id
                break
        outcome = new_category_outcome(plan.category, member_id, verdicts, holds, holds and preempted_by is None,
                                    preempted_by)
        if tracing:
            ctx.hh.tracer.exit(outcome.assigned)
        ctx.memo[plan.key] = outcome
        return outcome

    # assistance -------------------------------------------------------------------------

    def grant(self, ctx: Ctx, measure: Measure, options: tuple[OptionPlan, ...]) -> Grant | None:
        """What a measure grants in this context, from its compiled options (see `measures`); None if nothing."""
        outcomes: list[OptionOutcome] | None = None
        for option, when, amount, monthly in options:
            if when(ctx):
                value = amount(ctx) if amount is not None else None
                if value is not None and monthly:
                    value = exact_divide(value, TWELVE)
                if outcomes is None:
                    outcomes = [new_option_outcome(option, value)]
                else:
                    outcomes.append(new_option_outcome(option, value))
        if outcomes is None:
            return None
        best = outcomes[0]
        for o in outcomes[1:]:
            if o.amount is not None and (best.amount is None or o.amount > best.amount):
                best = o
        member = ctx.member_id
        others = tuple(o for o in outcomes if o is not best) if len(outcomes) > 1 else ()
        return new_grant(measure, member, best.option, best.amount, others)

    def _is_rate(self, option: Option) -> bool:
        assert option.amount is not None
        return self.types.get(id(option.amount.node), t.UNKNOWN).kind == "rate"


class ParameterPending(Exception):
    """A parameter read before its value is known: `policy_values` computes it later, in dependency order."""

    def __init__(self, name: str):
        self.name = name


@per_policy
def program_for(policy: Policy) -> Program:
    """The compiled program of a policy, built on first use."""
    return Program(policy)


# -- the entry point --------------------------------------------------------------------


def evaluate(policy: Policy, household: Household, date: datetime.date,
             tracer: Tracer = NULL_TRACER) -> Decision:
    """Classify one household on one date; raises `EvaluationError` for a rule that cannot be computed."""
    program = program_for(policy)
    ctx = HouseholdContext(program, household, date, tracer)
    categories, members = _classify(program, ctx)
    return new_decision(household.id, policy, date, categories, members, _values(program, ctx),
                        tuple(_grants(program, ctx, categories, members)), ctx)


def categories_and_grants(policy: Policy, household: Household, date: datetime.date, grants: bool = True
                          ) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], list[Grant]]:
    """What `evaluate` decides of categories — the household's, each member's — and, with `grants`, what it grants,
    without the rest of a decision: what another value of one input may change (`engine.explain.defaults`)."""
    program = program_for(policy)
    ctx = HouseholdContext(program, household, date, NULL_TRACER)
    categories, members = _classify(program, ctx)
    return categories, members, _grants(program, ctx, categories, members) if grants else []


def _classify(program: Program, ctx: HouseholdContext) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The categories assigned to the household, and to each member by id: built as the decision holds them, tuples
    (most households and members hold none, and the others one or two), not lists to be copied into tuples."""
    categories: tuple[str, ...] = ()
    members: dict[str, tuple[str, ...]] = {m.member_id: () for m in ctx.members}
    decide = program._decide
    for plan in program.plans.values():
        key = plan.key
        if plan.household:
            outcome = ctx.memo.get(key)
            if (outcome if outcome is not None else decide(ctx, plan)).assigned:
                categories += (plan.id,)
        else:
            for m in ctx.members:
                outcome = m.memo.get(key)
                if (outcome if outcome is not None else decide(m, plan)).assigned:
                    members[m.member_id] += (plan.id,)
    return categories, members


def _values(program: Program, ctx: HouseholdContext) -> dict[str, Any]:
    """The decision's values: the income and expense sums, and every household definition."""
    memo = ctx.memo
    values: dict[str, Any] = {
        "counted_income": memo["counted_income"],
        "exempt_income": memo["exempt_income"],
        "rigid_expenses": memo["rigid_expenses"],
    }
    for name in program.household_definitions:
        value = memo.get(name, UNSET)  # most are computed by now, for the categories
        values[name] = ctx.value(name) if value is UNSET else value
    return values


def _grants(program: Program, ctx: HouseholdContext, categories: tuple[str, ...],
            members: dict[str, tuple[str, ...]]) -> list[Grant]:
    """What each measure grants. A measure that needs a category nobody holds grants nothing, and is passed over
    (most households hold none); a traced evaluation looks at every measure."""
    if ctx.tracing:
        measures = program.measures
    elif categories or any(members.values()):
        held = {*categories, *(c for cats in members.values() for c in cats)}
        measures = [m for m, needs in zip(program.measures, program.needs, strict=True)
                    if needs is None or not needs.isdisjoint(held)]
    else:
        measures = program.without_category
    grants: list[Grant] = []
    grant = program.grant
    for measure, options in measures:
        if measure.level == "household":
            granted = grant(ctx, measure, options)
            if granted is not None:
                grants.append(granted)
        else:
            for m in ctx.members:
                granted = grant(m, measure, options)
                if granted is not None:
                    grants.append(granted)
    return grants


def condition_verdicts(decision: Decision) -> Iterator[tuple[Measure, Option, bool]]:
    """The verdict of each measure's `when` (of each of its options) wherever the measure is decided: for the
    household, or for each member. For rule coverage: a measure `evaluate` passed over because it needs a
    category nobody holds is decided here too — its condition is false, and evaluating it raises nothing
    (see `rule_needs.needed_categories`)."""
    ctx = decision.evaluation
    assert ctx is not None
    for measure, options in program_for(decision.policy).measures:
        contexts: list[Ctx] = [ctx] if measure.level == "household" else list(ctx.members)
        for c in contexts:
            for option, when, _amount, _monthly in options:
                yield measure, option, bool(when(c))


def value_type(policy: Policy, name: str) -> t.Type:
    """The checked type of a definition's value (for formatting)."""
    d = policy.definitions.get(name)
    if d is None:
        return t.RATE if name in ("counted_income", "exempt_income", "rigid_expenses") else t.UNKNOWN
    return policy.types.get(id(d.expr.node), t.UNKNOWN)
