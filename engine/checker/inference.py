"""Type inference: the type of every expression, and the unit rules, names, enums and functions it checks.

Input: a `Policy`, whose symbol table the `Checker` builds first. Output: the type of each
expression node it is asked about, kept in `Checker.types` by `id(node)`, and a diagnostic for every
mistake met on the way: unknown or misplaced names (C001, C009), units and types that do not combine
(C002), enum values that are not declared (C003), unknown or misused functions (C008). Invariants:
`infer` never raises; a node whose type cannot be known is `UNKNOWN`, which combines with anything,
so one mistake is reported once and not again by every rule built on it; the type of a parameter,
definition or indicator is inferred once, however many rules read it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

from engine import types as t
from engine.checker.hints import (
    aggregate_hint,
    listed,
    literal_hint,
    name_help,
    or_values_hint,
    period_hint,
    suggest,
    suggest_name,
    with_unit,
)
from engine.checker.symbols import Symbol, symbol_table
from engine.diagnostics import Diagnostic, Span
from engine.model import Level, Policy
from engine.syntax import ast, chinese
from engine.syntax.printer import to_text

FUNCTIONS = ("min", "max", "round", "ceil", "floor", "abs", "age")
MAX_ROUND_PLACES = 10  # beyond any amount or rate; a huge count of places cannot be computed

_AGGREGATE_EXAMPLES = {
    "count": "count(members where age >= 60)", "sum": "sum(members, own_counted_income)",
    "any": "any(members where disability_grade <= 2)", "all": "all(members, age >= 60)",
}

# A path into the policy YAML, e.g. ("assistance", 0, "department"), and the lookup of its span.
Path = tuple[str | int, ...]
Locate = Callable[[Path, bool], Span]  # a YAML path (and whether its key is meant) → its span


class Checker:
    """Checks one policy; `locate`, when given, finds the span of any YAML path for sharper locations."""

    def __init__(self, policy: Policy, locate: Locate | None = None):
        self.policy = policy
        self.symbols, duplicates = symbol_table(policy)
        self.diagnostics: list[Diagnostic] = list(duplicates)
        self.types: dict[int, t.Type] = {}
        self.used: set[str] = set()
        self.unitless: dict[str, Diagnostic] = {}  # parameters reported for a missing unit, once each
        self._resolving: list[str] = []
        # the category or measure whose rules are being checked, as a reader names it, and what is done with it
        self.rule: tuple[str, str] | None = None
        self.rule_nodes: list[ast.Node] = []  # and its rules
        self._locate = locate

    def at(self, path: Path, fallback: Span, key: bool = False) -> Span:
        """The span of `path` in the file (of its key with `key=True`) when it can be located, else `fallback`."""
        return self._locate(path, key) if self._locate is not None else fallback

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
        if name in self._resolving:  # a cycle, reported once by `cycles.check_cycles`
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

    def name_type(self, node: ast.Name, level: Level | None, wanted: t.Type | None = None) -> t.Type:
        """The type of a name read at `level` (None: inside a parameter), reporting what is wrong with it;
        `wanted` is the type its place needs, where that is known."""
        name = node.dotted
        symbol = self.symbols.get(name)
        if symbol is None:
            self._unknown_name(node, level, wanted)
            return t.UNKNOWN
        self.used.add(name)
        if level is None and symbol.kind != "parameter":
            self.error("C001", f"a parameter can only use other parameters, not the {symbol.kind} `{name}`",
                       node.span, "move the rule into `definitions`")
            return t.UNKNOWN
        if symbol.level == "member" and level == "household":
            hint = aggregate_hint(name, self.symbol_type(name, symbol))
            owner = self._household_owner()
            if owner is not None:  # the rule may be meant for each member: then its level is what is missing
                what, done = owner
                hint = (f"if {what} is {done} each member, add `level: member` to it; if it is one figure "
                        f"for the household, {hint}")
            self.error("C009", f"`{name}` is a value of each member, used here at household level", node.span, hint)
            return t.UNKNOWN
        return self.symbol_type(name, symbol)

    def _unknown_name(self, node: ast.Name, level: Level | None, wanted: t.Type | None) -> None:
        """A name nothing declares: a category this version abolished, an enum value without quotes, or a slip
        (the closest name whose type fits the place, when the place says what it needs)."""
        name = node.dotted
        gone = next((g for g in self.policy.abolished if g.id == name), None)
        if gone is not None:
            self.error("C001", f"category `{name}` is abolished in this version", node.span,
                       f"its households are absorbed by {listed(gone.absorbed_by)} (`abolished:` at line "
                       f"{gone.span.line})")
            return
        visible = [n for n, s in self.symbols.items()
                   if (level is None and s.kind == "parameter")
                   or (level is not None and (s.level in (None, "household") or level == "member"))]

        def fits(candidate: str) -> bool:
            return wanted is None or t.same_unit(self.symbol_type(candidate, self.symbols[candidate]), wanted)

        msg = f"unknown parameter `{name}`" if level is None else f"unknown name `{name}`"
        self.error("C001", msg, node.span,
                   self._enum_value_help(name) or suggest_name(name, visible, fits) or name_help(name))

    def _household_owner(self) -> tuple[str, str] | None:
        """The household-level definition, category or measure the rule being checked belongs to, and what is
        done with it for each member (worked out for, decided for, given to) — when its rules read values of
        each member only, as a rule meant for each member does (one that also reads household values is
        most likely meant for the household)."""
        if self._resolving:
            name = self._resolving[-1]
            symbol = self.symbols[name]
            if symbol.kind not in ("definition", "indicator") or symbol.expr is None:
                return None
            return (f"{symbol.kind} `{name}`", "worked out for") if self._member_values_only([symbol.expr.node]) \
                else None
        if self.rule is None or not self._member_values_only(self.rule_nodes):
            return None
        return self.rule

    def _member_values_only(self, nodes: list[ast.Node]) -> bool:
        """Whether the names these expressions read outside `count(members …)` and the like (parameters
        aside) are all values of each member."""
        levels = []
        todo = list(nodes)
        while todo:
            node = todo.pop()
            if isinstance(node, ast.Aggregate):
                continue
            if isinstance(node, ast.Name):
                symbol = self.symbols.get(node.dotted)
                if symbol is not None and symbol.kind != "parameter":
                    levels.append(symbol.level)
            todo.extend(node.children())
        return bool(levels) and all(level == "member" for level in levels)

    def _enum_value_help(self, name: str) -> str | None:
        """`none` written without quotes, where it is a value of an enum input."""
        fields = [f.name for f in self.policy.inputs.values() if name in f.values]
        if not fields:
            return None
        return f"`{name}` is a value of {listed(fields[:3])}: write it in quotes, `{to_text(ast.String(name))}`"

    # -- expressions --------------------------------------------------------------------

    def infer(self, node: ast.Node, level: Level | None, wanted: t.Type | None = None) -> t.Type:
        """The type of an expression, recorded for the evaluator; mistakes are reported, not raised. `wanted`,
        the type the place needs, keeps "did you mean" for an unknown name to names that would fit."""
        result = self.name_type(node, level, wanted) if isinstance(node, ast.Name) else self._infer(node, level)
        self.types[id(node)] = result
        return result

    def expect_boolean(self, node: ast.Node, level: Level | None, what: str, help: str | None = None) -> None:
        got = self.infer(node, level, t.BOOLEAN)
        if got.kind not in ("boolean", "unknown"):
            self.error("C002", f"{what} must be a yes/no test, not {got.describe()}", node.span,
                       help or "write a comparison, e.g. `per_capita_income < dibao_standard`")

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
                    rate_fits: t.Kind = "duration" if op == "*" else "rate"  # a rate's place beside the other side
                    self.error("C002", f"cannot use `{op}` on {a.describe()} and {b.describe()}", node.span,
                               period_hint(left, right, a, b, rate_fits, self.policy.parameters)
                               or t.arithmetic_hint(op, a, b))
                    return t.UNKNOWN
                return result
            case ast.Compare(op=op, left=left, right=right):
                if self._unquoted_values(left, (right,), level) or self._unquoted_values(right, (left,), level):
                    return t.BOOLEAN
                a = self.infer(left, level)
                b = self.infer(right, level, a)
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
                self.expect_boolean(right, level, f"each side of `{word}`", or_values_hint(node))
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
                       literal_hint(*sides, a, b, self.policy.parameters) or t.compare_hint(a, b))
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
            if name not in self.unitless:
                as_document = " as the document gives it" if other.kind == "rate" else ""
                fix = f"give it its unit{as_document}: {with_unit(to_text(param.expr.node), other.kind)}"
                where = f" at line {node.span.line}" if node.span else ""
                self.unitless[name] = Diagnostic(
                    "C002", f"`{name}` is a plain number, but it is compared with {other.describe()}{where}",
                    param.expr.span, "error", fix)
                self.diagnostics.append(self.unitless[name])
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
            self.error("C001", f"{listed(w.dotted for w in words)} are values of `{field.dotted}`, not names", span,
                       f"write them in quotes: `{shown}`")
        return True

    def _check_enum(self, value_type: t.Type, items: Iterable[ast.Node], field: ast.Node) -> None:
        if value_type.values is None:
            return
        of = f" of `{field.dotted}`" if isinstance(field, ast.Name) else ""
        labels = self._value_labels(field)
        for item in items:
            if isinstance(item, ast.String) and item.value not in value_type.values:
                allowed = ", ".join(f"`{to_text(ast.String(v))}`" for v in sorted(value_type.values))
                close = difflib.get_close_matches(item.value, sorted(value_type.values), n=1, cutoff=0.6)
                labelled = chinese.value_for_label(item.value, labels)
                if labelled is not None:  # `"义务教育"`, the label of `"compulsory"`
                    hint = chinese.value_label_help(to_text(item), labelled)
                elif close:
                    hint = f"did you mean `{to_text(ast.String(close[0]))}`?"
                else:
                    hint = f"the values are {allowed}"
                self.error("C003", f"`{to_text(item)}` is not one of the declared values{of}", item.span, hint)

    def _value_labels(self, field: ast.Node) -> dict[str, str]:
        """The Chinese labels of the values of the enum input `field`, mapped to the values."""
        inputs = self.policy.inputs
        found = next((inputs[k] for k in (f"household:{field.dotted}", f"member:{field.dotted}") if k in inputs),
                     None) if isinstance(field, ast.Name) else None
        return {label.zh: value for value, label in found.value_labels if label.zh} if found else {}

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
                       suggest(name, FUNCTIONS + ast.AGGREGATES) or "functions are " + listed(FUNCTIONS))
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
            if len(args) == 2 and not (isinstance(args[1], ast.Number) and args[1].value == int(args[1].value)
                                       and 0 <= args[1].value <= MAX_ROUND_PLACES):
                self.error("C008", f"the decimals of `round` must be a whole number from 0 to {MAX_ROUND_PLACES}",
                           args[1].span, "e.g. `round(x, 2)` for cents, `round(x)` for whole yuan")
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
                       suggest(name, ast.AGGREGATES) or "aggregations are " + listed(ast.AGGREGATES))
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


def _per_other_period(node: ast.Arith) -> bool:
    """`16 yuan/day`: a money literal divided, with no space, by a name that is no parameter or field."""
    left, right = node.left, node.right
    return (node.op == "/" and isinstance(left, ast.Quantity) and left.unit == "yuan"
            and isinstance(right, ast.Name) and len(right.parts) == 1 and right.parts[0].isalpha()
            and left.span is not None and right.span is not None
            and (left.span.end_line, left.span.end_column + 1) == (right.span.line, right.span.column))
