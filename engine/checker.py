"""Static checks of a policy before any household is evaluated.

Input: a `Policy` as built by the loader (expressions parsed, not yet typed).
Output: every diagnostic found (unknown names with "did you mean", unit and type
errors, unknown enum values, cycles, unused names, unreachable categories,
unknown sources and departments, missing translations) and the type of every
expression node, keyed by `id(node)`, which the evaluator uses to pick the
arithmetic for each unit. Invariants: the checker never raises on a policy the
loader built, it yields diagnostics and goes on; a policy without errors has no
cycle among parameters, definitions, indicators and categories, so evaluation
always terminates.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from engine import types as t
from engine.diagnostics import Diagnostic, Span
from engine.inputs import declaration_problems
from engine.model import Category, Expr, Label, Level, Policy
from engine.syntax import ast
from engine.syntax.errors import KEYWORDS
from engine.syntax.printer import number_text, to_text

_ID_CHARACTER = re.compile(r"[A-Za-z0-9_.-]")  # of a source id (the schema's pattern)

FUNCTIONS = ("min", "max", "round", "ceil", "floor", "abs", "age")

_AGGREGATE_EXAMPLES = {
    "count": "count(members where age >= 60)", "sum": "sum(members, own_counted_income)",
    "any": "any(members where disability_grade <= 2)", "all": "all(members, age >= 60)",
}

# A path into the policy YAML, e.g. ("assistance", 0, "department"), and the lookup of its span.
Path = tuple[str | int, ...]
Locate = Callable[[Path, bool], Span]  # a YAML path (and whether its key is meant) → its span


@dataclass
class Symbol:
    kind: str  # parameter, input, builtin, definition, category
    level: Level | None  # None: usable at both levels
    type: t.Type | None = None  # known up front; else inferred from `expr`
    expr: Expr | None = None


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean" help line for the candidate closest to `name`, if any is close."""
    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def _input_type(kind: str, values: tuple[str, ...]) -> t.Type:
    return {
        "money": t.AMOUNT, "integer": t.NUMBER, "number": t.NUMBER, "boolean": t.BOOLEAN,
        "date": t.DATE, "text": t.TEXT,
    }.get(kind) or t.Type("text", frozenset(values))


class Checker:
    """Checks one policy; `locate`, when given, finds the span of any YAML path for sharper locations."""

    def __init__(self, policy: Policy, locate: Locate | None = None):
        self.policy = policy
        self.diagnostics: list[Diagnostic] = []
        self.types: dict[int, t.Type] = {}
        self.symbols: dict[str, Symbol] = {}
        self.used: set[str] = set()
        self._resolving: list[str] = []
        self._locate = locate
        self._unitless: dict[str, Diagnostic] = {}  # parameters reported for a missing unit, once each
        self._build_symbols()

    def at(self, path: Path, fallback: Span, key: bool = False) -> Span:
        """The span of `path` in the file (of its key with `key=True`) when it can be located, else `fallback`."""
        return self._locate(path, key) if self._locate is not None else fallback

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
        """The type of a named thing, inferring (once) the type of its expression."""
        if symbol.type is not None:
            return symbol.type
        assert symbol.expr is not None
        if name in self._resolving:  # a cycle, reported once by `_check_cycles`
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
        """The type of a name read at `level` (None: inside a parameter), reporting what is wrong with it."""
        name = node.dotted
        symbol = self.symbols.get(name)
        if symbol is None:
            visible = [n for n, s in self.symbols.items()
                       if (level is None and s.kind == "parameter")
                       or (level is not None and (s.level in (None, "household") or level == "member"))]
            msg = f"unknown parameter `{name}`" if level is None else f"unknown name `{name}`"
            self.error("C001", msg, node.span,
                       self._enum_value_help(name) or _suggest_name(name, visible) or _name_help(name))
            return t.UNKNOWN
        self.used.add(name)
        if level is None and symbol.kind != "parameter":
            self.error("C001", f"a parameter can only use other parameters, not the {symbol.kind} `{name}`",
                       node.span, "move the rule into `definitions`")
            return t.UNKNOWN
        if symbol.level == "member" and level == "household":
            self.error("C009", f"`{name}` is a value of each member, used here at household level",
                       node.span, _aggregate_hint(name, self.symbol_type(name, symbol)))
            return t.UNKNOWN
        return self.symbol_type(name, symbol)

    def _enum_value_help(self, name: str) -> str | None:
        """`none` written without quotes, where it is a value of an enum input."""
        fields = [f.name for f in self.policy.inputs.values() if name in f.values]
        if not fields:
            return None
        return f"`{name}` is a value of {_listed(fields[:3])}: write it in quotes, `{to_text(ast.String(name))}`"

    # -- expressions --------------------------------------------------------------------

    def infer(self, node: ast.Node, level: Level | None) -> t.Type:
        """The type of an expression, recorded for the evaluator; mistakes are reported, not raised."""
        result = self._infer(node, level)
        self.types[id(node)] = result
        return result

    def expect_boolean(self, node: ast.Node, level: Level | None, what: str) -> None:
        got = self.infer(node, level)
        if got.kind not in ("boolean", "unknown"):
            self.error("C002", f"{what} must be a yes/no test, not {got.describe()}", node.span,
                       "write a comparison, e.g. `per_capita_income < dibao_standard`")

    def _infer(self, node: ast.Node, level: Level | None) -> t.Type:  # one case per node type
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
                if _per_other_period(node):
                    self.error("C002", f"`yuan/{to_text(right)}` is not a unit", node.span,
                               "rates are written `yuan/month` or `yuan/year`: give the amount per month or per year")
                    return t.UNKNOWN
                a, b = self.infer(left, level), self.infer(right, level)
                result = t.arithmetic(op, a, b)
                if result is None:
                    self.error("C002", f"cannot use `{op}` on {a.describe()} and {b.describe()}",
                               node.span, t.arithmetic_hint(op, a, b))
                    return t.UNKNOWN
                return result
            case ast.Compare(op=op, left=left, right=right):
                if self._unquoted_values(left, (right,), level) or self._unquoted_values(right, (left,), level):
                    return t.BOOLEAN
                a, b = self.infer(left, level), self.infer(right, level)
                self._check_comparable(node, op, a, b, (left, right))
                self._check_enum(a, [right], left)
                self._check_enum(b, [left], right)
                return t.BOOLEAN
            case ast.InRange(value=v, low=lo, high=hi):
                a = self.infer(v, level)
                for bound in (lo, hi):
                    b = self.infer(bound, level)
                    self._check_comparable(bound, "<", a, b, (v, bound))
                return t.BOOLEAN
            case ast.InSet(value=v, items=items):
                if self._unquoted_values(v, items, level):
                    return t.BOOLEAN
                a = self.infer(v, level)
                for item in items:
                    b = self.infer(item, level)
                    if not t.same_unit(a, b):
                        self.error("C002", f"set item is {b.describe()}, but the value is {a.describe()}",
                                   item.span, t.compare_hint(a, b))
                self._check_enum(a, items, v)
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

    def _check_comparable(self, node: ast.Node, op: str, a: t.Type, b: t.Type,
                          sides: tuple[ast.Node, ast.Node]) -> None:
        if not t.same_unit(a, b):
            if self._unitless_parameter(node, sides, (a, b)):
                return
            self.error("C002", f"cannot compare {a.describe()} with {b.describe()}", node.span,
                       _literal_hint(*sides, a, b) or t.compare_hint(a, b))
        elif op in ("<", "<=", ">", ">=") and a.kind in ("boolean", "text"):
            self.error("C002", f"`{op}` needs numbers, money or dates, not {a.describe()}", node.span,
                       "use `==`, `!=` or `in {…}`")

    def _unitless_parameter(self, node: ast.Node, sides: tuple[ast.Node, ast.Node],
                            types: tuple[t.Type, t.Type]) -> bool:
        """`per_capita_income < dibao_standard` where `dibao_standard: {value: 490}` forgot its unit: the
        mistake is the parameter's, so it is reported once, at its value, wherever it is compared with money."""
        for side, own, other in ((sides[0], types[0], types[1]), (sides[1], types[1], types[0])):
            name = side.dotted if isinstance(side, ast.Name) else ""
            param = self.policy.parameters.get(name)
            if param is None or own.kind != "number" or other.kind not in ("amount", "rate"):
                continue
            if name not in self._unitless:
                unit = "yuan/month" if other.kind == "rate" else "yuan"
                where = f" at line {node.span.line}" if node.span else ""
                self._unitless[name] = Diagnostic(
                    "C002", f"`{name}` is a plain number, but it is compared with {other.describe()}{where}",
                    param.expr.span, "error", f"give it its unit, e.g. `{to_text(param.expr.node)} {unit}`")
                self.diagnostics.append(self._unitless[name])
            return True
        return False

    def _unquoted_values(self, field: ast.Node, items: tuple[ast.Node, ...], level: Level | None) -> bool:
        """`labor_capacity in {none, weak}`: values of an enum field written without quotes read as names.
        Reports them as one mistake and returns True; the comparison is then not checked further."""
        symbol = self.symbols.get(field.dotted) if isinstance(field, ast.Name) else None
        values = symbol.type.values if symbol is not None and symbol.kind == "input" and symbol.type else None
        words = [item for item in items if isinstance(item, ast.Name) and item.dotted not in self.symbols]
        if not values or not words or any(word.dotted not in values for word in words):
            return False
        assert isinstance(field, ast.Name)
        self.infer(field, level)
        for item in items:
            if item not in words:
                self.infer(item, level)
            else:
                self.types[id(item)] = t.TEXT
        first, last = words[0].span, words[-1].span
        span = Span(first.file, first.line, first.column, last.end_line, last.end_column) if first and last else None
        fixed = [to_text(ast.String(item.dotted) if item in words else item) for item in items]
        shown = fixed[0] if len(items) == 1 and len(words) == 1 else "{" + ", ".join(fixed) + "}"
        if len(words) == 1:
            self.error("C001", f"`{words[0].dotted}` is a value of `{field.dotted}`, not a name", span,
                       f"write it in quotes: `{shown}`")
        else:
            self.error("C001", f"{_listed(w.dotted for w in words)} are values of `{field.dotted}`, not names", span,
                       f"write them in quotes: `{shown}`")
        return True

    def _check_enum(self, value_type: t.Type, items: Iterable[ast.Node], field: ast.Node) -> None:
        if value_type.values is None:
            return
        of = f" of `{field.dotted}`" if isinstance(field, ast.Name) else ""
        for item in items:
            if isinstance(item, ast.String) and item.value not in value_type.values:
                allowed = ", ".join(f"`{to_text(ast.String(v))}`" for v in sorted(value_type.values))
                close = difflib.get_close_matches(item.value, sorted(value_type.values), n=1, cutoff=0.6)
                hint = f"did you mean `{to_text(ast.String(close[0]))}`?" if close else f"the values are {allowed}"
                self.error("C003", f"`{to_text(item)}` is not one of the declared values{of}", item.span, hint)

    def _call(self, node: ast.Call, level: Level | None) -> t.Type:
        name, args = node.function, node.args
        if name in ast.AGGREGATES and name not in FUNCTIONS:
            for arg in args:  # meant to be read member by member
                self.infer(arg, "member" if level is not None else None)
            self.error("C008", f"`{name}` works over members, as `{name}(members …)`", node.span,
                       f"e.g. `{_AGGREGATE_EXAMPLES[name]}`")
            return t.UNKNOWN
        arg_types = [self.infer(a, level) for a in args]
        if name not in FUNCTIONS:
            self.error("C008", f"unknown function `{name}`", node.span,
                       suggest(name, FUNCTIONS + ast.AGGREGATES) or "functions are " + _listed(FUNCTIONS))
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
                       suggest(name, ast.AGGREGATES) or "aggregations are " + _listed(ast.AGGREGATES))
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
        """Check the whole policy; return every diagnostic, sorted by position."""
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
        for index, measure in enumerate(p.assistance):
            if measure.department not in p.departments:
                self.error("C001", f"unknown department `{measure.department}`",
                           self.at(("assistance", index, "department"), measure.span),
                           suggest(measure.department, p.departments) or "declare it under `departments`")
            for option in measure.options:
                self.expect_boolean(option.when.node, measure.level, "`when`")
                if option.amount is not None:
                    got = self.infer(option.amount.node, measure.level)
                    if got.kind not in ("amount", "rate", "number", "unknown") or (
                            got.kind == "number" and not got.zero):
                        self.error("C002", f"an amount must be money, not {got.describe()}",
                                   option.amount.span, "e.g. `1000 yuan/year` or `70% * own_expenses.medical`")
        if p.meta.member_description is not None:  # what a member's description reads counts as used
            for expr in p.meta.member_description.expressions():
                self.infer(expr.node, "member")
        self._check_effective()
        self._check_inputs()
        self._check_cycles()
        self._check_abolished()
        self._check_reachability()
        self._check_sources()
        self._check_unused()
        self._check_labels()
        if self._unitless:
            self._drop_unit_echoes()
        return sorted(self.diagnostics, key=Diagnostic.sort_key)

    def _drop_unit_echoes(self) -> None:
        """A parameter reported for its missing unit makes every rule built on it mismatch too; those
        echoes of the one mistake go, so the officer sees it once, where it is."""
        p = self.policy
        exprs = [e for e in (*(x.expr for x in p.parameters.values()), *(d.expr for d in p.definitions.values()),
                             *(c.test for cat in p.categories for c in cat.clauses),
                             *(x for m in p.assistance for o in m.options for x in (o.when, o.amount)),
                             *(i.share for i in p.income.values())) if e is not None]
        echoes = [e.span for e in exprs if p.reads(e.node) & self._unitless.keys()]

        def echo(d: Diagnostic) -> bool:
            return (d.code == "C002" and d.span is not None and all(d is not r for r in self._unitless.values())
                    and any(_within(d.span, span) for span in echoes))

        self.diagnostics = [d for d in self.diagnostics if not echo(d)]

    def _check_effective(self) -> None:
        meta = self.policy.meta
        if meta.effective_to is not None and meta.effective_to < meta.effective_from:
            start, end = meta.effective_from.isoformat(), meta.effective_to.isoformat()
            self.error("C014", f"the effective period ends on {end}, before it starts on {start}",
                       self.at(("policy", "effective", "to"), meta.effective_span),
                       f"`to:` is the last day in force: write a date on or after {start}, or swap the two dates")

    def _check_inputs(self) -> None:
        for f in self.policy.inputs.values():
            for code, message, hint, key in declaration_problems(f):
                self.error(code, message, self.at(("inputs", f.level, f.name, key), f.span), hint)
            for value, _ in f.value_labels:
                if value not in f.values:
                    close = difflib.get_close_matches(value, f.values, n=1)
                    self.error("C003", f"`{value}` under `value_labels` is not one of the values of `{f.name}`",
                               self.at(("inputs", f.level, f.name, "value_labels", value), f.span, key=True),
                               f"did you mean `{close[0]}`?" if close else
                               f"the values are {', '.join(f'`{v}`' for v in f.values)}")

    def _dependencies(self) -> dict[str, list[tuple[str, Span | None]]]:
        """What each parameter, definition, indicator and category reads, with where it reads it."""
        p = self.policy
        graph: dict[str, list[tuple[str, Span | None]]] = {}

        def reads(node: ast.Node) -> list[tuple[str, Span | None]]:
            return [(n.dotted, n.span) for n in ast.names_in(node) if n.dotted in nodes]

        nodes = set(p.parameters) | set(p.definitions) | {c.id for c in p.categories}
        for name, param in p.parameters.items():
            graph[name] = reads(param.expr.node)
        for name, d in p.definitions.items():
            graph.setdefault(name, []).extend(reads(d.expr.node))
        groups: dict[str, list[Category]] = {}
        for c in p.categories:
            edges = graph.setdefault(c.id, [])
            for clause in c.clauses:
                edges.extend(reads(clause.test.node))
            if c.group is not None:  # a grouped category is decided after the earlier ones of its group
                edges.extend((earlier.id, None) for earlier in groups.get(c.group, []))
                groups.setdefault(c.group, []).append(c)
        return graph

    def _check_cycles(self) -> None:
        graph = self._dependencies()
        order = {name: i for i, name in enumerate(graph)}
        for component in _strongly_connected(graph):
            start = min(component, key=order.__getitem__)
            if len(component) == 1 and all(target != start for target, _ in graph[start]):
                continue
            cycle = _cycle_through(graph, component, start)
            steps = [[span for target, span in graph[a] if target == b] for a, b in itertools.pairwise(cycle)]
            written = [span for span in steps[0] if span is not None]
            span = written[0] if written else self._definition_span(start)
            if all(any(span is not None for span in step) for step in steps):
                hint = "a value cannot depend on itself: remove one of these references"
            else:
                hint = ("a category of a `group` is decided after the earlier ones of its group, "
                        "so they cannot depend on it: reorder the categories or remove the reference")
            shown = " → ".join(f"`{n}`" for n in cycle)
            self.error("C004", f"`{start}` depends on itself: {shown}", span, hint)

    def _definition_span(self, name: str) -> Span | None:
        symbol = self.symbols.get(name)
        if symbol is not None and symbol.expr is not None:
            return symbol.expr.span
        category = self.policy.category(name)
        return category.span if category else None

    def _check_abolished(self) -> None:
        ids = {c.id for c in self.policy.categories}
        for index, gone in enumerate(self.policy.abolished):
            if gone.id in ids:
                self.error("C012", f"`{gone.id}` is abolished but still defined as a category",
                           self.at(("abolished", index, "id"), gone.span),
                           "remove it from `categories` or from `abolished`")
            for j, target in enumerate(gone.absorbed_by):
                if target not in ids:
                    self.error("C012", f"`{gone.id}` is absorbed by `{target}`, which is not a category",
                               self.at(("abolished", index, "absorbed_by", j), gone.span),
                               suggest(target, ids) or "name categories of this file")

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
        for section, table in (("parameters", p.parameters), ("income", p.income), ("expenses", p.expenses)):
            for name, item in table.items():
                if item.source:
                    yield item.source, self.at((section, name, "source"), item.span)
        for name, d in p.definitions.items():
            if d.source:
                yield d.source, self.at(("indicators" if d.indicator else "definitions", name, "source"), d.span)
        for i, category in enumerate(p.categories):
            if category.source:
                yield category.source, self.at(("categories", i, "source"), category.span)
            for j, clause in enumerate(category.clauses):
                if clause.source:
                    yield clause.source, self.at(("categories", i, "when", j, "source"), clause.span)
        for i, gone in enumerate(p.abolished):
            if gone.source:
                yield gone.source, self.at(("abolished", i, "source"), gone.span)
        for i, measure in enumerate(p.assistance):
            if measure.source:
                yield measure.source, self.at(("assistance", i, "source"), measure.span)
            for j, option in enumerate(measure.options):
                if option.source and option.source != measure.source:  # a single-form measure repeats its own
                    yield option.source, self.at(("assistance", i, "options", j, "source"), option.span)

    def _check_sources(self) -> None:
        sources = self.policy.meta.sources
        known = {s.id for s in sources}
        for citation, span in self._citations():
            words = citation.split()
            first = words[0] if words else citation
            if first not in known:
                glued = next((s for s in sorted(known, key=len, reverse=True)  # `doc附件1`: the space forgotten
                              if first.startswith(s) and not _ID_CHARACTER.match(first[len(s):])), None)
                declared = f"; declared: {_listed(sorted(known))}" if known else ""
                hint = (f"put a space between the source and the article: `{glued} {citation[len(glued):]}`"
                        if glued else suggest(first, known) or f"declare it under `policy.sources`{declared}")
                self.error("C010", f"unknown source `{first}`", span, hint)
            elif len(words) == 1:
                self.warning("C015", f"the citation `{first}` names no article", span,
                             f"write the article after the source id and a space, e.g. `{first} 附件1`")

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


    def _labels(self) -> Iterator[tuple[Label | None, str, Path, Span | None]]:
        p = self.policy
        yield p.meta.title, "the title of the policy", ("policy", "title"), None
        if p.meta.member_description is not None:
            yield (p.meta.member_description.template, "the member description", ("policy", "member_description"),
                   p.meta.member_description.span)
        for name, param in p.parameters.items():
            yield param.label, f"the label of `{name}`", ("parameters", name, "label"), param.span
            yield param.confirm, f"the `confirm` note of `{name}`", ("parameters", name, "confirm"), param.span
        for f in p.inputs.values():
            yield f.label, f"the label of input `{f.name}`", ("inputs", f.level, f.name, "label"), f.span
        for section, table in (("income", p.income), ("expenses", p.expenses)):
            for name, item in table.items():
                yield item.label, f"the label of {section} type `{name}`", (section, name, "label"), item.span
                yield item.note, f"the note of {section} type `{name}`", (section, name, "note"), item.span
        for name, d in p.definitions.items():
            section = "indicators" if d.indicator else "definitions"
            yield d.label, f"the label of `{name}`", (section, name, "label"), d.span
        for i, c in enumerate(p.categories):
            yield c.label, f"the label of category `{c.id}`", ("categories", i, "label"), c.span
            for j, clause in enumerate(c.clauses):
                yield (clause.label, f"the label of clause `{clause.id}` of `{c.id}`",
                       ("categories", i, "when", j, "label"), clause.span)
        for i, gone in enumerate(p.abolished):
            yield gone.label, f"the label of abolished `{gone.id}`", ("abolished", i, "label"), gone.span
        for name, label in p.departments.items():
            yield label, f"the name of department `{name}`", ("departments", name), None
        for i, m in enumerate(p.assistance):
            yield m.label, f"the label of measure `{m.id}`", ("assistance", i, "label"), m.span
            for j, option in enumerate(m.options):
                yield (option.label, f"the label of option `{option.id}` of `{m.id}`",
                       ("assistance", i, "options", j, "label"), option.span)

    def _check_labels(self) -> None:
        for label, what, path, fallback in self._labels():
            if label is None or (label.zh is None and label.en is None):
                continue
            for lang, other in (("zh", "en"), ("en", "zh")):
                if getattr(label, lang) is None:
                    given = getattr(label, other)
                    self.warning("C011", f"{what} has no `{lang}` text", self.at(path, fallback),  # type: ignore[arg-type]
                                 f"add `{lang}: …` beside `{other}: {given}`")


def _strongly_connected(graph: dict[str, list[tuple[str, Span | None]]]) -> list[list[str]]:
    """Tarjan's strongly connected components, without recursion (a policy may chain many definitions)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            edges = graph[node]
            if position < len(edges):
                work.append((node, position + 1))
                target = edges[position][0]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _cycle_through(graph: dict[str, list[tuple[str, Span | None]]], component: list[str], start: str) -> list[str]:
    """A shortest path from `start` back to itself inside one strongly connected component."""
    inside = set(component)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target, _ in graph[node]:
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if target in inside and target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    return [start, start]


def _listed(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _suggest_name(name: str, visible: Iterable[str]) -> str | None:
    """"Did you mean" for a name; a dotted name is matched on its last part among names of the same group."""
    head, dot, tail = name.partition(".")
    if dot:
        same_group = {n.partition(".")[2]: n for n in visible if n.startswith(head + ".")}
        if same_group:
            match = difflib.get_close_matches(tail, list(same_group), n=1, cutoff=0.6)
            return f"did you mean `{same_group[match[0]]}`?" if match else None
    return suggest(name, visible)


def _per_other_period(node: ast.Arith) -> bool:
    """`16 yuan/day`: a money literal divided, with no space, by a name that is no parameter or field."""
    left, right = node.left, node.right
    return (node.op == "/" and isinstance(left, ast.Quantity) and left.unit == "yuan"
            and isinstance(right, ast.Name) and len(right.parts) == 1 and right.parts[0].isalpha()
            and left.span is not None and right.span is not None
            and (left.span.end_line, left.span.end_column + 1) == (right.span.line, right.span.column))


def _literal_hint(left: ast.Node, right: ast.Node, a: t.Type, b: t.Type) -> str | None:
    """A sharper hint when one side of a mismatch is a literal just typed: a unit too many, a date in quotes."""
    for text, value_type in ((right, a), (left, b)):
        if value_type.kind == "date" and isinstance(text, ast.String) and _is_date(text.value):
            return f"write dates without quotes: `{text.value}`"
    for plain, money, plain_type, money_type in ((left, right, a, b), (right, left, b, a)):
        if plain_type.kind != "number" or money_type.kind not in ("amount", "rate", "duration"):
            continue
        if isinstance(money, ast.Quantity):
            return f"`{to_text(plain)}` is a plain number (a count, or years): write `{number_text(money.value)}`"
        if isinstance(plain, ast.Number) and money_type.kind != "duration":
            unit = "yuan" if money_type.kind == "amount" else "yuan/month"
            return f"give the number a unit: `{number_text(plain.value)} {unit}`"
    return None


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _aggregate_hint(name: str, value: t.Type) -> str:
    """How to read a member value at household level: only aggregations valid for its type."""
    match value.kind:
        case "boolean":
            forms = [f"any(members, {name})", f"count(members where {name})"]
        case "amount" | "rate":
            forms = [f"sum(members, {name})", f"max(members, {name})"]
        case "number" | "duration":
            threshold = ">= 60" if name == "age" else "> 0"  # the one member number every reader knows
            forms = [f"max(members, {name})", f"count(members where {name} {threshold})"]
        case "date":
            forms = [f"min(members, {name})", f"max(members, {name})"]
        case "text":
            example = to_text(ast.String(min(value.values))) if value.values else '"…"'
            forms = [f"any(members, {name} == {example})", f"count(members where {name} == {example})"]
        case _:
            return "aggregate it over members with `any`, `all`, `count`, `sum`, `min` or `max`"
    return f"aggregate it over members, e.g. `{forms[0]}` or `{forms[1]}`"


def _within(inner: Span, outer: Span) -> bool:
    return (inner.file == outer.file and (inner.line, inner.column) >= (outer.line, outer.column)
            and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column))


def _name_help(name: str) -> str | None:
    if name != name.lower() and name.lower() in KEYWORDS:
        return f"keywords are written in lower case: write `{name.lower()}`"
    if name in ("month", "months", "year", "years", "yuan"):
        return "a unit follows a number directly, with no space inside it: `490 yuan/month`, `24 months`"
    if name.startswith(("income.", "expenses.", "own_income.", "own_expenses.")):
        return "declare the type under `income` or `expenses`"
    if "." in name:
        return "declare the field under `inputs`"
    return "declare it under `parameters`, `definitions` or `inputs`"


def check(policy: Policy, locate: Locate | None = None) -> tuple[list[Diagnostic], dict[int, t.Type]]:
    """Check a policy; return its diagnostics and the type of every expression node.

    `locate` maps a YAML path to its span (the loader passes `YamlDocument.span`), so that
    mistakes outside expressions, such as an unknown department, point at the very value.
    """
    checker = Checker(policy, locate)
    diagnostics = checker.run()
    return diagnostics, checker.types


__all__ = ["FUNCTIONS", "Checker", "check", "suggest"]
