"""Static checks of a policy before any household is evaluated.

Input: a `Policy` as built by the loader (expressions parsed, not yet typed).
Output: every diagnostic found (unknown names with "did you mean", unit and type
errors, unknown enum values, cycles, unused names, unreachable categories,
unknown sources and departments) and the type of every expression node, keyed
by `id(node)`, which the evaluator uses to pick the arithmetic for each unit.
Invariant: the checker never raises on a policy the loader built; it yields
diagnostics and goes on.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from engine import types as t
from engine.diagnostics import Diagnostic, Span
from engine.model import Expr, Level, Policy
from engine.syntax import ast

FUNCTIONS = ("min", "max", "round", "ceil", "floor", "abs", "age")


@dataclass
class Symbol:
    kind: str  # parameter, input, builtin, definition, category
    level: Level | None  # None: usable at both levels
    type: t.Type | None = None  # known up front; else inferred from `expr`
    expr: Expr | None = None


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def _input_type(kind: str, values: tuple[str, ...]) -> t.Type:
    return {
        "money": t.AMOUNT, "integer": t.NUMBER, "number": t.NUMBER, "boolean": t.BOOLEAN,
        "date": t.DATE, "text": t.TEXT,
    }.get(kind) or t.Type("text", frozenset(values))


class Checker:
    def __init__(self, policy: Policy):
        self.policy = policy
        self.diagnostics: list[Diagnostic] = []
        self.types: dict[int, t.Type] = {}
        self.symbols: dict[str, Symbol] = {}
        self.used: set[str] = set()
        self._resolving: list[str] = []
        self._reported_cycles: set[frozenset[str]] = set()
        self._build_symbols()

    # -- symbol table -------------------------------------------------------------------

    def _declare(self, name: str, symbol: Symbol, span: Span) -> None:
        if name in self.symbols and self.symbols[name].kind != "builtin":
            self.error("C007", f"`{name}` is defined twice", span,
                       f"`{name}` is already a {self.symbols[name].kind}: rename one of them")
            return
        self.symbols[name] = symbol

    def _build_symbols(self) -> None:
        p = self.policy
        self.symbols["today"] = Symbol("builtin", None, t.DATE)
        for name in ("counted_income", "exempt_income", "rigid_expenses"):
            self.symbols[name] = Symbol("builtin", "household", t.RATE)
        self.symbols["own_counted_income"] = Symbol("builtin", "member", t.RATE)
        for name in p.income:
            self.symbols[f"income.{name}"] = Symbol("builtin", "household", t.RATE)
            self.symbols[f"own_income.{name}"] = Symbol("builtin", "member", t.RATE)
        for name in p.expenses:
            self.symbols[f"expenses.{name}"] = Symbol("builtin", "household", t.RATE)
            self.symbols[f"own_expenses.{name}"] = Symbol("builtin", "member", t.RATE)
        for name, param in p.parameters.items():
            self._declare(name, Symbol("parameter", None, expr=param.expr), param.span)
        for f in p.inputs.values():
            self._declare(f.name, Symbol("input", f.level, _input_type(f.type, f.values)), f.span)
        for d in p.definitions.values():
            kind = "indicator" if d.indicator else "definition"
            self._declare(d.name, Symbol(kind, d.level, expr=d.expr), d.span)
        for c in p.categories:
            self._declare(c.id, Symbol("category", c.level, t.BOOLEAN), c.span)

    # -- reporting ----------------------------------------------------------------------

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, "error", help))

    def warning(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, "warning", help))

    # -- names --------------------------------------------------------------------------

    def symbol_type(self, name: str, symbol: Symbol) -> t.Type:
        if symbol.type is not None:
            return symbol.type
        assert symbol.expr is not None
        if name in self._resolving:
            cycle = [*self._resolving[self._resolving.index(name):], name]
            key = frozenset(cycle)
            if key not in self._reported_cycles:
                self._reported_cycles.add(key)
                origin = self.symbols[cycle[0]].expr
                self.error("C004", "cycle among definitions: " + " → ".join(f"`{n}`" for n in cycle),
                           origin.span if origin else None,
                           "a definition cannot depend on itself; break the cycle")
            return t.UNKNOWN
        self._resolving.append(name)
        try:
            level = symbol.level or "household"
            result = self.infer(symbol.expr.node, level if symbol.kind != "parameter" else None)
            if symbol.kind == "indicator" and result.kind not in ("boolean", "unknown"):
                self.error("C002", f"indicator `{name}` must be a yes/no test, not {result.describe()}",
                           symbol.expr.span, "write a comparison, e.g. `x < y`")
            symbol.type = result
            return result
        finally:
            self._resolving.pop()

    def name_type(self, node: ast.Name, level: Level | None) -> t.Type:
        name = node.dotted
        symbol = self.symbols.get(name)
        if symbol is None:
            visible = [n for n, s in self.symbols.items()
                       if (level is None and s.kind == "parameter")
                       or (level is not None and (s.level in (None, "household") or level == "member"))]
            if level is None:
                msg = f"unknown parameter `{name}`"
            else:
                msg = f"unknown name `{name}`"
            self.error("C001", msg, node.span, suggest(name, visible) or _name_help(name))
            return t.UNKNOWN
        self.used.add(name)
        if level is None and symbol.kind != "parameter":
            self.error("C001", f"a parameter can only use other parameters, not the {symbol.kind} `{name}`",
                       node.span, "move the rule into `definitions`")
            return t.UNKNOWN
        if symbol.level == "member" and level == "household":
            self.error("C009", f"`{name}` is a value of each member, used here at household level",
                       node.span, f"aggregate it over members, e.g. `any(members, {name})` or `max(members, {name})`")
            return t.UNKNOWN
        return self.symbol_type(name, symbol)

    # -- expressions --------------------------------------------------------------------

    def infer(self, node: ast.Node, level: Level | None) -> t.Type:
        result = self._infer(node, level)
        self.types[id(node)] = result
        return result

    def expect_boolean(self, node: ast.Node, level: Level | None, what: str) -> None:
        got = self.infer(node, level)
        if got.kind not in ("boolean", "unknown"):
            self.error("C002", f"{what} must be a yes/no test, not {got.describe()}", node.span,
                       "write a comparison, e.g. `per_capita_income < dibao_standard`")

    def _infer(self, node: ast.Node, level: Level | None) -> t.Type:  # noqa: C901
        match node:
            case ast.Number(value=v):
                return t.Type("number", zero=(v == 0))
            case ast.Percent():
                return t.NUMBER
            case ast.Quantity(unit=u):
                return {"yuan": t.AMOUNT, "month": t.DURATION, "year": t.DURATION}.get(u, t.RATE)
            case ast.Date():
                return t.DATE
            case ast.String():
                return t.TEXT
            case ast.Boolean():
                return t.BOOLEAN
            case ast.Name():
                return self.name_type(node, level)
            case ast.Neg(operand=o):
                got = self.infer(o, level)
                if not got.numeric and got.kind != "unknown":
                    self.error("C002", f"cannot negate {got.describe()}", node.span)
                    return t.UNKNOWN
                return got
            case ast.Arith(op=op, left=left, right=right):
                a, b = self.infer(left, level), self.infer(right, level)
                result = t.arithmetic(op, a, b)
                if result is None:
                    self.error("C002", f"cannot use `{op}` on {a.describe()} and {b.describe()}",
                               node.span, t.arithmetic_hint(op, a, b))
                    return t.UNKNOWN
                return result
            case ast.Compare(op=op, left=left, right=right):
                a, b = self.infer(left, level), self.infer(right, level)
                self._check_comparable(node, op, a, b)
                self._check_enum(a, [right])
                self._check_enum(b, [left])
                return t.BOOLEAN
            case ast.InRange(value=v, low=lo, high=hi):
                a = self.infer(v, level)
                for bound in (lo, hi):
                    b = self.infer(bound, level)
                    self._check_comparable(bound, "<", a, b)
                return t.BOOLEAN
            case ast.InSet(value=v, items=items):
                a = self.infer(v, level)
                for item in items:
                    b = self.infer(item, level)
                    if not t.same_unit(a, b):
                        self.error("C002", f"set item is {b.describe()}, but the value is {a.describe()}",
                                   item.span, t.compare_hint(a, b))
                self._check_enum(a, items)
                return t.BOOLEAN
            case ast.Not(operand=o):
                self.expect_boolean(o, level, "the operand of `not`")
                return t.BOOLEAN
            case ast.And(left=left, right=right) | ast.Or(left=left, right=right):
                word = "and" if isinstance(node, ast.And) else "or"
                self.expect_boolean(left, level, f"each side of `{word}`")
                self.expect_boolean(right, level, f"each side of `{word}`")
                return t.BOOLEAN
            case ast.IfThenElse(condition=c, then=a_node, otherwise=b_node):
                self.expect_boolean(c, level, "the condition of `if`")
                a, b = self.infer(a_node, level), self.infer(b_node, level)
                if not t.same_unit(a, b):
                    self.error("C002", f"`then` gives {a.describe()} but `else` gives {b.describe()}",
                               node.span, "both branches must have the same unit")
                    return t.UNKNOWN
                return (b if a.zero else a).plain()
            case ast.Call():
                return self._call(node, level)
            case ast.Aggregate():
                return self._aggregate(node, level)
        return t.UNKNOWN

    def _check_comparable(self, node: ast.Node, op: str, a: t.Type, b: t.Type) -> None:
        if not t.same_unit(a, b):
            self.error("C002", f"cannot compare {a.describe()} with {b.describe()}", node.span,
                       t.compare_hint(a, b))
        elif op in ("<", "<=", ">", ">=") and a.kind in ("boolean", "text"):
            self.error("C002", f"`{op}` needs numbers, money or dates, not {a.describe()}", node.span,
                       "use `==`, `!=` or `in {…}`")

    def _check_enum(self, value_type: t.Type, items: Iterable[ast.Node]) -> None:
        if value_type.values is None:
            return
        for item in items:
            if isinstance(item, ast.String) and item.value not in value_type.values:
                allowed = ", ".join(f'"{v}"' for v in sorted(value_type.values))
                hint = suggest(item.value, value_type.values)
                self.error("C003", f'"{item.value}" is not one of the declared values',
                           item.span, hint or f"the declared values are {allowed}")

    def _call(self, node: ast.Call, level: Level | None) -> t.Type:
        name, args = node.function, node.args
        arg_types = [self.infer(a, level) for a in args]
        if name not in FUNCTIONS:
            hint = suggest(name, FUNCTIONS + ast.AGGREGATES)
            if name in ast.AGGREGATES:
                hint = f"`{name}` works over members: `{name}(members where …)`"
            self.error("C008", f"unknown function `{name}`", node.span,
                       hint or "functions are " + ", ".join(FUNCTIONS))
            return t.UNKNOWN
        if name in ("min", "max"):
            if len(args) < 2:
                self.error("C008", f"`{name}` needs at least two values", node.span,
                           f"to look over members write `{name}(members, value)`")
                return t.UNKNOWN
            first = arg_types[0]
            for arg, got in zip(args[1:], arg_types[1:], strict=True):
                if not t.same_unit(first, got):
                    self.error("C002", f"`{name}` mixes {first.describe()} and {got.describe()}", arg.span,
                               t.compare_hint(first, got))
            return next((a for a in arg_types if not a.zero), first).plain()
        if name == "age":
            if len(args) != 1 or arg_types[0].kind not in ("date", "unknown"):
                self.error("C008", "`age` takes one date", node.span, "e.g. `age(birth_date)`")
            return t.NUMBER
        if name == "round":
            if len(args) not in (1, 2):
                self.error("C008", "`round` takes a value and optionally a number of decimals", node.span,
                           "e.g. `round(x)` or `round(x, 2)`")
                return t.UNKNOWN
            if len(args) == 2 and not (isinstance(args[1], ast.Number) and args[1].value == int(args[1].value)):
                self.error("C008", "the decimals of `round` must be a whole number", args[1].span)
        elif len(args) != 1:
            self.error("C008", f"`{name}` takes one value", node.span)
            return t.UNKNOWN
        got = arg_types[0]
        if not got.numeric and got.kind != "unknown":
            self.error("C002", f"`{name}` needs a number or money, not {got.describe()}", args[0].span)
            return t.UNKNOWN
        return got.plain()

    def _aggregate(self, node: ast.Aggregate, level: Level | None) -> t.Type:
        name = node.function
        if level is None:
            self.error("C001", "a parameter cannot look at members", node.span,
                       "move the rule into `definitions`")
            return t.UNKNOWN
        if level == "member":
            self.error("C009", f"`{name}(members …)` inside a member-level rule", node.span,
                       "aggregations over members belong to household-level rules")
        if node.where is not None:
            self.expect_boolean(node.where, "member", "the `where` filter")
        if name not in ast.AGGREGATES:
            self.error("C008", f"unknown aggregation `{name}`", node.span,
                       suggest(name, ast.AGGREGATES) or "aggregations are " + ", ".join(ast.AGGREGATES))
            return t.UNKNOWN
        if name == "count":
            if node.value is not None:
                self.error("C008", "`count` takes no value", node.value.span,
                           "filter with `where`: `count(members where age >= 60)`")
            return t.NUMBER
        if name in ("any", "all"):
            if node.value is None and node.where is None:
                self.error("C008", f"`{name}` needs a condition", node.span,
                           f"e.g. `{name}(members, serious_illness)`")
            if node.value is not None:
                self.expect_boolean(node.value, "member", f"the value of `{name}`")
            return t.BOOLEAN
        if node.value is None:
            self.error("C008", f"`{name}` needs a value to {name}", node.span,
                       f"e.g. `{name}(members, own_counted_income)`")
            return t.UNKNOWN
        got = self.infer(node.value, "member")
        if not got.numeric and not (name != "sum" and got.kind == "date") and got.kind != "unknown":
            self.error("C002", f"`{name}` needs numbers or money, not {got.describe()}", node.value.span)
            return t.UNKNOWN
        return got.plain()

    # -- the whole policy ---------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        p = self.policy
        for name, param in p.parameters.items():
            self.symbol_type(name, self.symbols[name])
            if self.symbols[name].type == t.TEXT:
                self.error("C002", f"parameter `{name}` must be a number or money", param.expr.span)
        for income in p.income.values():
            if income.share is not None:
                got = self.infer(income.share.node, None)
                if got.kind not in ("number", "unknown"):
                    self.error("C002", f"the share of `{income.name}` must be a number, not {got.describe()}",
                               income.share.span, "e.g. `80%` or `1 - employment_cost_rate`")
        for d in p.definitions.values():
            self.symbol_type(d.name, self.symbols[d.name])
        for category in p.categories:
            for clause in category.clauses:
                self.expect_boolean(clause.test.node, category.level, f"clause `{clause.id}`")
        for measure in p.assistance:
            if measure.department not in p.departments:
                self.error("C001", f"unknown department `{measure.department}`", measure.span,
                           suggest(measure.department, p.departments) or "declare it under `departments`")
            for option in measure.options:
                self.expect_boolean(option.when.node, measure.level, "`when`")
                if option.amount is not None:
                    got = self.infer(option.amount.node, measure.level)
                    if got.kind not in ("amount", "rate", "number", "unknown") or (
                            got.kind == "number" and not got.zero):
                        self.error("C002", f"an amount must be money, not {got.describe()}",
                                   option.amount.span, "e.g. `1000 yuan/year` or `70% * own_expenses.medical`")
        self._check_abolished()
        self._check_reachability()
        self._check_sources()
        self._check_unused()
        return sorted(self.diagnostics, key=Diagnostic.sort_key)

    def _check_abolished(self) -> None:
        ids = {c.id for c in self.policy.categories}
        for gone in self.policy.abolished:
            if gone.id in ids:
                self.error("C012", f"`{gone.id}` is abolished but still defined as a category", gone.span,
                           "remove it from `categories` or from `abolished`")
            for target in gone.absorbed_by:
                if target not in ids:
                    self.error("C012", f"`{gone.id}` is absorbed by `{target}`, which is not a category",
                               gone.span, suggest(target, ids) or "name categories of this file")

    def _check_reachability(self) -> None:
        seen: dict[tuple[str, str], list] = {}
        for category in self.policy.categories:
            if category.group is None or category.match != "all":
                continue
            clauses = {c.test.node for c in category.clauses}
            for earlier in seen.get((category.group, category.level), []):
                if {c.test.node for c in earlier.clauses} <= clauses:
                    self.warning("C006", f"category `{category.id}` can never be assigned", category.span,
                                 f"`{earlier.id}` comes first in group `{category.group}` and its "
                                 "conditions are the same or weaker: reorder or tighten them")
                    break
            seen.setdefault((category.group, category.level), []).append(category)

    def _citations(self) -> Iterator[tuple[str, Span]]:
        p = self.policy
        for table in (p.parameters, p.income, p.expenses, p.definitions):
            for item in table.values():
                if item.source:
                    yield item.source, item.span
        for category in p.categories:
            if category.source:
                yield category.source, category.span
            for clause in category.clauses:
                if clause.source:
                    yield clause.source, clause.span
        for measure in p.assistance:
            if measure.source:
                yield measure.source, measure.span

    def _check_sources(self) -> None:
        known = {s.id for s in self.policy.meta.sources}
        if not known:
            return
        for citation, span in self._citations():
            first = citation.split()[0]
            if first not in known:
                self.error("C010", f"unknown source `{first}`", span,
                           suggest(first, known) or f"declare it under `policy.sources` ({', '.join(sorted(known))})")

    def _check_unused(self) -> None:
        p = self.policy
        for name, param in p.parameters.items():
            if name not in self.used:
                self.warning("C005", f"parameter `{name}` is never used", param.span,
                             "remove it, or use it in a rule")
        for name, d in p.definitions.items():
            if name not in self.used and not d.indicator and d.level == "member":
                self.warning("C005", f"member definition `{name}` is never used", d.span,
                             "remove it, or use it in a rule")


def _name_help(name: str) -> str | None:
    if name.startswith(("income.", "expenses.", "own_income.", "own_expenses.")):
        return "declare the type under `income` or `expenses`"
    if "." in name:
        return "declare the field under `inputs`"
    return "declare it under `parameters`, `definitions` or `inputs`"


def check(policy: Policy) -> tuple[list[Diagnostic], dict[int, t.Type]]:
    """Check a policy; return its diagnostics and the type of every expression node."""
    checker = Checker(policy)
    diagnostics = checker.run()
    return diagnostics, checker.types


__all__ = ["FUNCTIONS", "Checker", "check", "suggest"]
