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
from collections.abc import Callable, Iterable, Mapping
from typing import overload

from engine import types as t
from engine.checker.hints import (
    aggregate_hint,
    category_hint,
    compared_hint,
    copied_category_hint,
    date_part_help,
    did_you_mean,
    duration_hint,
    enum_test_help,
    function_slip,
    grouped_field_help,
    listed,
    literal_hint,
    measure_hint,
    name_help,
    or_values_hint,
    period_hint,
    plain_number_hint,
    quoted_rule_hint,
    rate_literal_hint,
    said,
    suggest_name,
    unit_fix,
    written_as,
)
from engine.checker.symbols import KINDS_ZH, Symbol, symbol_table
from engine.checker.units_written import unit_written
from engine.diagnostics import Diagnostic, Said, Span
from engine.model import Category, Label, Level, Policy
from engine.schema import names_an_input
from engine.spelling import as_a_name
from engine.syntax import ast, chinese
from engine.syntax.errors import not_a_duration
from engine.syntax.printer import number_text, to_text

FUNCTIONS = ("min", "max", "round", "ceil", "floor", "abs", "age")
MAX_ROUND_PLACES = 10  # beyond any amount or rate; a huge count of places cannot be computed

_AGGREGATE_EXAMPLES = {
    "count": "count(members where age >= 60)", "sum": "sum(members, own_counted_income)",
    "any": "any(members where disability_grade <= 2)", "all": "all(members, age >= 60)",
}

TO_DEFINITIONS = Said("move the rule into `definitions`", "请把这条规则移到 `definitions` 下")
# what is done for each member with a definition or indicator (a category is decided, a measure given)
WORKED_OUT_FOR = Said("worked out for", "按每个成员分别计算")


def _for_example(rule: str) -> Said:
    """The help that shows a rule: "e.g. `age(birth_date)`"."""
    return Said(f"e.g. `{rule}`", f"例如 `{rule}`")


# A path into the policy YAML, e.g. ("assistance", 0, "department"), and the lookup of its span.
Path = tuple[str | int, ...]
Locate = Callable[[Path, bool], Span]  # a YAML path (and whether its key is meant) → its span
Within = Callable[[Path, int, int], Span]  # a YAML path of a text, and offsets in it → the span of those characters


class Checker:
    """Checks one policy; `locate`, when given, finds the span of any YAML path for sharper locations, and
    `within` the span of characters of a text (a number inside a label)."""

    def __init__(self, policy: Policy, locate: Locate | None = None, within: Within | None = None,
                 partial: bool = False, unread: frozenset[str] = frozenset(),
                 unknown_inputs: Mapping[str, Level] | None = None,
                 twice: Mapping[str, tuple[Category, ...]] | None = None,
                 unread_citations: frozenset[str] = frozenset()):
        self.policy = policy
        self.partial = partial  # part of the file could not be built: what no rule reads is not known
        self.unread = unread  # the names written in the parts that could not be built: they may read them
        self.unread_citations = unread_citations  # and the citations written there: they name their articles
        self.unknown_inputs = unknown_inputs or {}  # inputs that could not be built: known names, of unknown value
        self.twice = twice or {}  # categories whose id is given more than once: every copy, in the file's order
        self.symbols, duplicates = symbol_table(policy, self.unknown_inputs, self.twice)
        self.diagnostics: list[Diagnostic] = list(duplicates)
        self.types: dict[int, t.Type] = {}
        self.used: set[str] = set()
        self.unitless: dict[str, Diagnostic] = {}  # parameters reported for a missing unit, once each
        # labels' numbers a rule does not have (C029), each with the spans of the rules it was drawn from
        self.label_numbers: list[tuple[Diagnostic, list[Span]]] = []
        # mismatches of an amount and a rate where the rule writes the duration's number (`dibao_standard * 36`):
        # the rule's slip, not the unit of a parameter it reads
        self.durations_written: set[Span] = set()
        self._resolving: list[str] = []
        # the category or measure whose rules are being checked, as a reader names it, and what is done with it
        # for each member (in both languages: `measure \`x\``, `given to`)
        self.rule: tuple[Said, Said] | None = None
        self.rule_nodes: list[ast.Node] = []  # and its rules
        self.per: str | None = None  # the `per:` of the measure whose amount is being checked
        self.label: Label | None = None  # the label of the clause or option whose rule is being checked
        self._locate = locate
        self._within = within
        self._comparison: ast.Compare | None = None  # the comparison whose sides are being checked
        self._reckoned: set[int] = set()  # the names added, subtracted, multiplied or divided: numbers, no categories

    def fresh(self) -> Checker:
        """A new checker of the same policy, with the same ways to locate; nothing checked yet."""
        return Checker(self.policy, self._locate, self._within, self.partial, self.unread, self.unknown_inputs,
                       self.twice, self.unread_citations)

    @overload
    def at(self, path: Path, fallback: Span, key: bool = False) -> Span: ...
    @overload
    def at(self, path: Path, fallback: Span | None, key: bool = False) -> Span | None: ...

    def at(self, path: Path, fallback: Span | None, key: bool = False) -> Span | None:
        """The span of `path` in the file (of its key with `key=True`) when it can be located, else `fallback`:
        None where nothing else places it (a finding then has no span, as a policy built without a file)."""
        return self._locate(path, key) if self._locate is not None else fallback

    def within(self, path: Path, start: int, end: int, fallback: Span) -> Span:
        """The span of characters `start` to `end` of the text at `path` when it can be located, else of the
        text, else `fallback`."""
        if self._within is not None:
            return self._within(path, start, end)
        return self.at(path, fallback)

    # -- reporting ----------------------------------------------------------------------

    def error(self, code: str, message: Said, span: Span | None, help: Said | None = None) -> None:
        self.diagnostics.append(Diagnostic.said(code, message, span, help=help, severity="error"))

    def warning(self, code: str, message: Said, span: Span | None, help: Said | None = None) -> None:
        self.diagnostics.append(Diagnostic.said(code, message, span, help=help, severity="warning"))

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
                self.error("C002", Said(f"indicator `{name}` must be a yes/no test, not {result.describe()}",
                                        f"指标 `{name}` 应为是/否判断，不能为{result.describe('zh')}"),
                           symbol.expr.span, Said("write a comparison, e.g. `x < y`", "请写成比较，例如 `x < y`"))
                result = t.BOOLEAN  # as declared: the rules that read it are not told of its mistake again
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
            self.error("C001", Said(f"a parameter can only use other parameters, not the {symbol.kind} `{name}`",
                                    f"参数只能引用其他参数，不能引用{KINDS_ZH[symbol.kind]} `{name}`"),
                       node.span, TO_DEFINITIONS)
            return t.UNKNOWN
        if symbol.level == "member" and level == "household":
            value = self.symbol_type(name, symbol)
            hint = compared_hint(node, self._comparison) \
                or Said(aggregate_hint(name, value), aggregate_hint(name, value, "zh"))
            owner = self._household_owner()
            if owner is not None:  # the rule may be meant for each member: then its level is what is missing
                what, done = owner
                hint = Said(f"if {what.en} is {done.en} each member, add `level: member` to it; if it is one figure "
                            f"for the household, {hint.en}",
                            f"如果{what.zh}是{done.zh}的，请给它加上 `level: member`；如果它对整个家庭只有一个结果，"
                            f"{hint.zh}")
            self.error("C009", Said(f"`{name}` is a value of each member, used here at household level",
                                    f"`{name}` 是每个成员各自的值，这里却用在家庭层面"), node.span, hint)
            return t.UNKNOWN
        return self.symbol_type(name, symbol)

    def _hyphenated_name(self, node: ast.Arith) -> bool:
        """`per-capita-income`: a declared name written with `-` between its words, read as a subtraction of
        names of which one at least is declared nowhere; said once, at the whole (True), not as each unknown name."""
        words: list[ast.Node] = []
        part: ast.Node = node
        while isinstance(part, ast.Arith) and part.op == "-":
            words.insert(0, part.right)
            part = part.left
        words.insert(0, part)
        if not all(isinstance(w, ast.Name) for w in words):
            return False
        names = [w.dotted for w in words if isinstance(w, ast.Name)]
        joined = "_".join(names)
        if joined not in self.symbols or all(name in self.symbols for name in names):
            return False
        written = "-".join(names)
        self.error("C001", Said(f"`{written}` is not a name: the words of a name are joined with `_`, not `-`",
                                f"`{written}` 不是名称：名称中的词用 `_` 连接，不用 `-`"), node.span,
                   Said(f"write `{joined}`", f"请写 `{joined}`"))
        return True

    def _unknown_name(self, node: ast.Name, level: Level | None, wanted: t.Type | None) -> None:
        """A name nothing declares: a category this version abolished, an enum value without quotes, or a slip
        (the closest name whose type fits the place, when the place says what it needs)."""
        name = node.dotted
        gone = next((g for g in self.policy.abolished if g.id == name), None)
        if gone is not None:
            self.error("C001", Said(f"category `{name}` is abolished in this version",
                                    f"类别 `{name}` 在此版本中已取消"), node.span,
                       Said(f"its households are absorbed by {listed(gone.absorbed_by)} (`abolished:` at line "
                            f"{gone.span.line})",
                            f"原属该类别的家庭已并入 {listed(gone.absorbed_by, 'zh')}（见第 {gone.span.line} 行的 "
                            "`abolished:`）"))
            return
        if any(as_a_name(declared) == name != declared for declared in self.symbols):
            return  # declared otherwise (`Dibao_Standard:`), whose L004 says to write this name: the same mistake
        refused = {n for n, at in self.unknown_inputs.items() if not names_an_input(n, at)}  # told so by L004
        visible = [n for n, s in self.symbols.items()
                   if ((level is None and s.kind == "parameter")
                       or (level is not None and (s.level in (None, "household") or level == "member")))
                   and n not in self._resolving  # a name being defined: suggested here, it would read itself
                   and as_a_name(n) == n and n not in refused]  # (one declared in another form is told its L004)

        def fits(candidate: str) -> bool:
            return wanted is None or t.same_unit(self.symbol_type(candidate, self.symbols[candidate]), wanted)

        msg = Said(f"unknown parameter `{name}`", f"未知参数 `{name}`", subject=name) if level is None else \
            Said(f"unknown name `{name}`", f"未知名称 `{name}`", subject=name)
        # where a category may be read: a measure read as if it were one, the id a copied category was to be given,
        # a category renamed or removed
        readable = level is not None and (wanted is None or wanted.kind == "boolean") and id(node) not in self._reckoned
        measure = measure_hint(name, self.policy, level) if readable and level is not None else None
        copied = copied_category_hint(name, self.twice) if readable else None
        category = category_hint(name, [n for n in visible if self.symbols[n].kind == "category"], self.policy) \
            if readable else None
        self.error("C001", msg, node.span,
                   self._ungrouped_input_help(name, refused, node.span)
                   or said(lambda lang: self._enum_value_help(name, lang)) or self._members_field_help(name, level)
                   or measure or not_a_duration(name)
                   or grouped_field_help(name, visible, lambda field: self.symbol_type(field, self.symbols[field]),
                                         wanted)
                   or said(lambda lang: suggest_name(name, visible, fits, lang)) or copied or category
                   or said(lambda lang: name_help(name, lang)))

    def _members_field_help(self, name: str, level: Level | None) -> Said | None:
        """`members.serious_illness` (or `member.…`), a member's value read as a field of the members: at household
        level, how to aggregate it over them (as when it is read there alone, C009); in a member's rule, the value
        itself. `household.assets.deposits`, a household's value read as a field of the household: the value."""
        prefix, _, field = name.partition(".")
        symbol = self.symbols.get(field) if prefix in ("members", "member", "household") else None
        if symbol is None or level is None or (symbol.level == "member") != (prefix != "household"):
            return None
        if prefix == "household":
            return Said(f"did you mean `{field}`?", f"是否应为 `{field}`？")
        if level == "member":
            return Said(f"did you mean `{field}`? a member's rule reads the member's own value",
                        f"是否应为 `{field}`？成员层面的规则读取的就是该成员本人的值")
        value = self.symbol_type(field, symbol)
        return Said(aggregate_hint(field, value), aggregate_hint(field, value, "zh"))

    def _ungrouped_input_help(self, name: str, refused: set[str], span: Span) -> Said | None:
        """`sanitation.safe_toilet` read where the input is declared `safe_toilet:`, without its group (L004)."""
        if "." not in name or name.rsplit(".", 1)[1] not in refused or not names_an_input(name, "household"):
            return None
        declared = name.rsplit(".", 1)[1]
        line = self.at(("inputs", self.unknown_inputs[declared], declared), span, key=True).line
        first = self._first_grouped_read(declared)
        if first is not None and first.dotted != name:  # `sanitaton.safe_toilet`: L004 offers the first rule's
            at = first.span.line if first.span is not None else line
            return Said(f"the input is declared `{declared}` at line {line}, without its group, and the rule at line "
                        f"{at} reads it as `{first.dotted}`: {did_you_mean(first.dotted)}",
                        f"该输入项在第 {line} 行写作 `{declared}`，缺少分组；第 {at} 行的规则读作 `{first.dotted}`："
                        f"{did_you_mean(first.dotted, 'zh')}")
        return Said(f"the input is declared `{declared}` at line {line}, without its group: write `{name}` there",
                    f"该输入项在第 {line} 行写作 `{declared}`，缺少分组：请在那里写 `{name}`")

    def _first_grouped_read(self, declared: str) -> ast.Name | None:
        """The first name in the file that reads a household input declared without its group with one
        (`sanitation.safe_toilet`): the one L004 tells the declaration to take (`schema_findings.grouped_as_read`)."""
        from engine.checker.rules import rule_expressions  # (these modules build on this one)
        from engine.schema_findings import first_grouped_reads

        inputs = {f.name for f in self.policy.inputs.values()}
        return first_grouped_reads([e.node for e in rule_expressions(self.policy)], inputs).get(declared)

    def _household_owner(self) -> tuple[Said, Said] | None:
        """The household-level definition, category or measure the rule being checked belongs to, and what is
        done with it for each member (worked out for, decided for, given to) — when its rules read values of
        each member only, as a rule meant for each member does (one that also reads household values is
        most likely meant for the household)."""
        if self._resolving:
            name = self._resolving[-1]
            symbol = self.symbols[name]
            if symbol.kind not in ("definition", "indicator") or symbol.expr is None:
                return None
            return (Said(f"{symbol.kind} `{name}`", f"{KINDS_ZH[symbol.kind]} `{name}` "), WORKED_OUT_FOR) \
                if self._member_values_only([symbol.expr.node]) else None
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

    def _is_null(self, node: ast.Node) -> bool:
        """`null` (`NULL`, `None`, `nil`) written in a rule, which has no such value, where it is no name of the
        policy nor a value of an enum input."""
        return isinstance(node, ast.Name) and node.dotted.lower() in ("null", "nil", "none") \
            and node.dotted not in self.symbols \
            and not any(node.dotted in f.values for f in self.policy.inputs.values())

    def _compared_with_null(self, null: ast.Node, other: ast.Node, op: str) -> None:
        """C001 for `x != null` or `x == null`, with the test that says whether `x` is given: a test of what `x`
        may be (`x >= 1`, `x in {…}`) is false where it is missing."""
        assert isinstance(null, ast.Name)
        field = next((f for f in self.policy.inputs.values() if isinstance(other, ast.Name)
                      and f.name == other.dotted), None)
        name = to_text(other)
        given = None
        if field is not None and field.values:
            given = f"{name} in {{{', '.join(to_text(ast.String(v)) for v in field.values)}}}"
        elif field is not None and field.minimum is not None:
            given = f"{name} >= {number_text(field.minimum)}"
        if given is None:
            help = Said(f"a test of what `{name}` may be holds only where it is given",
                        f"对 `{name}` 取值的判断只在它有值时成立")
        else:
            test = f"`{given}`" if op != "==" else f"`not ({given})`"
            wanted = Said("it is given", "它有值") if op != "==" else Said("it is missing", "它缺失")
            help = Said(f"to test that {wanted.en}, write {test}: a test of its value is false where it is missing",
                        f"要判断{wanted.zh}，请写 {test}：它缺失时，对它取值的判断为“否”")
        self.error("C001", Said(f"a rule has no `{null.dotted}`", f"规则中没有 `{null.dotted}`"), null.span, help)

    def _enum_value_help(self, name: str, lang: str = "en") -> str | None:
        """`none` written without quotes, where it is a value of an enum input."""
        fields = [f.name for f in self.policy.inputs.values() if name in f.values]
        if not fields:
            return None
        quoted = to_text(ast.String(name))
        if lang == "zh":
            return f"`{name}` 是 {listed(fields[:3], 'zh')} 的可选值：请加上引号，写成 `{quoted}`"
        return f"`{name}` is a value of {listed(fields[:3])}: write it in quotes, `{quoted}`"

    # -- expressions --------------------------------------------------------------------

    def infer(self, node: ast.Node, level: Level | None, wanted: t.Type | None = None) -> t.Type:
        """The type of an expression, recorded for the evaluator; mistakes are reported, not raised. `wanted`,
        the type the place needs, keeps "did you mean" for an unknown name to names that would fit."""
        result = self.name_type(node, level, wanted) if isinstance(node, ast.Name) else self._infer(node, level)
        self.types[id(node)] = result
        return result

    def expect_boolean(self, node: ast.Node, level: Level | None, what: Said, help: Said | None = None) -> None:
        """`node` must be a yes/no test; `what` names it in a message, as "clause `c1`" (and "条款 `c1`")."""
        got = self.infer(node, level, t.BOOLEAN)
        if got.kind not in ("boolean", "unknown"):
            gap = " " if what.zh.endswith("`") else ""
            self.error("C002", Said(f"{what.en} must be a yes/no test, not {got.describe()}",
                                    f"{what.zh}{gap}应为是/否判断，不能为{got.describe('zh')}"), node.span,
                       help or enum_test_help(node, got)
                       or Said("write a comparison, e.g. `per_capita_income < dibao_standard`",
                               "请写成比较，例如 `per_capita_income < dibao_standard`"))

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
            case ast.Unparsed():  # its syntax error is reported; what it would be is not known
                return t.UNKNOWN
            case ast.Neg(operand=o):
                got = self.infer(o, level)
                if not got.numeric and got.kind != "unknown":
                    self.error("C002", Said(f"cannot negate {got.describe()}", f"不能对{got.describe('zh')}取负"),
                               node.span)
                    return t.UNKNOWN
                return got
            case ast.Arith(op=op, left=left, right=right):
                written = unit_written(node, level)
                if written is not None:
                    self.error(written.code, written.message, written.span, written.help)
                    self.infer(written.base, level)  # what the money multiplies is read, and checked
                    return t.UNKNOWN
                if op == "-" and self._hyphenated_name(node):
                    return t.UNKNOWN
                self._reckoned.update(id(side) for side in (left, right) if isinstance(side, ast.Name))
                a, b = self.infer(left, level), self.infer(right, level)
                result = t.arithmetic(op, a, b)
                if result is None:
                    self._note_duration_written(node, left, right, a, b, False)
                    self.error("C002", Said(f"cannot use `{op}` on {a.describe()} and {b.describe()}",
                                            f"不能对{a.describe('zh')}和{b.describe('zh')}使用 `{op}`"), node.span,
                               self._arithmetic_hint(op, left, right, a, b))
                    return t.UNKNOWN
                return result
            case ast.Compare(op=op, left=left, right=right):
                if self._unquoted_values(left, (right,), level) or self._unquoted_values(right, (left,), level):
                    return t.BOOLEAN
                missing = next((side for side in (right, left) if self._is_null(side)), None)
                if missing is not None:  # `disability_grade != null`
                    other = left if missing is right else right
                    self.infer(other, level)
                    self._compared_with_null(missing, other, op)
                    return t.BOOLEAN
                outer, self._comparison = self._comparison, node  # (a member's value compared: the hint aggregates
                try:                                               # the comparison, `any(members where age >= 70)`)
                    a = self.infer(left, level)
                    b = self.infer(right, level, a)
                finally:
                    self._comparison = outer
                self._check_comparable(node, op, a, b, (left, right))
                self._check_enum(a, [right], left)
                self._check_enum(b, [left], right)
                return t.BOOLEAN
            case ast.InRange(value=v, low=lo, high=hi):
                a = self.infer(v, level)
                if a.kind in ("text", "boolean"):  # `housing.safety_grade in ["C", "D"]`: meant as the set
                    listed_values = f"`{{{to_text(lo)}, {to_text(hi)}}}`"
                    brackets = f"`{'[' if node.low_closed else '('}…{']' if node.high_closed else ')'}`"
                    self.error("C002", Said(f"{brackets} is a range from one value to another, for numbers, money or "
                                            f"dates, not {a.describe()}",
                                            f"{brackets} 表示从一个值到另一个值的范围，只能用于数字、金额或日期，"
                                            f"不能用于{a.describe('zh')}"), node.span,
                               Said(f"for values listed one by one, write a set in braces: {listed_values}",
                                    f"逐个列出的值请写成花括号中的集合：{listed_values}"))
                    return t.BOOLEAN
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
                        self.error("C002", Said(f"set item is {b.describe()}, but the value is {a.describe()}",
                                                f"集合中的这一项为{b.describe('zh')}，但要比较的值为{a.describe('zh')}"),
                                   item.span, self._compare_hint(v, item, a, b))
                self._check_enum(a, items, v)
                return t.BOOLEAN
            case ast.Not(operand=o):
                self.expect_boolean(o, level, Said("the operand of `not`", "`not` 后面的内容"))
                return t.BOOLEAN
            case ast.And(left=left, right=right) | ast.Or(left=left, right=right):
                word = "and" if isinstance(node, ast.And) else "or"
                each_side = Said(f"each side of `{word}`", f"`{word}` 两边的内容")
                self.expect_boolean(left, level, each_side)
                self.expect_boolean(right, level, each_side, said(lambda lang: or_values_hint(node, lang)))
                return t.BOOLEAN
            case ast.IfThenElse(condition=c, then=a_node, otherwise=b_node):
                self.expect_boolean(c, level, Said("the condition of `if`", "`if` 的条件"))
                a, b = self.infer(a_node, level), self.infer(b_node, level)
                if not t.same_unit(a, b):
                    self.error("C002", Said(f"`then` gives {a.describe()} but `else` gives {b.describe()}",
                                            f"`then` 得到{a.describe('zh')}，`else` 却得到{b.describe('zh')}"),
                               node.span, Said("both branches must have the same unit", "请让两个分支的单位相同"))
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
            self._note_duration_written(node, *sides, a, b, True)
            self.error("C002", Said(f"cannot compare {a.describe()} with {b.describe()}",
                                    f"不能把{a.describe('zh')}与{b.describe('zh')}比较"), node.span,
                       self._compare_hint(*sides, a, b))
        elif op in ("<", "<=", ">", ">=") and a.kind in ("boolean", "text"):
            self.error("C002", Said(f"`{op}` needs numbers, money or dates, not {a.describe()}",
                                    f"`{op}` 只能用于数字、金额或日期，不能用于{a.describe('zh')}"), node.span,
                       Said("use `==`, `!=` or `in {…}`", "请用 `==`、`!=` 或 `in {…}`"))

    def _note_duration_written(self, node: ast.Node, left: ast.Node, right: ast.Node, a: t.Type, b: t.Type,
                               compared: bool) -> None:
        """Keep the place of a mismatch whose rule multiplies the rate by the number of a duration without its
        unit (`deposits_per_capita <= dibao_standard * 36`)."""
        if node.span is not None and duration_hint(left, right, a, b, compared, self.policy, written_only=True,
                                                            label=self._label()):
            self.durations_written.add(node.span)

    def _arithmetic_hint(self, op: str, left: ast.Node, right: ast.Node, a: t.Type, b: t.Type) -> Said:
        """The help for `left op right` (of types `a` and `b`), which `t.arithmetic` refused: built from what was
        written where it can be (in a measure's amount, one period of its `per:`), else from the two kinds."""
        rate_fits: t.Kind = "duration" if op == "*" else "rate"  # a rate's place beside the other side
        policy, per, label = self.policy, self.per, self._label()
        return said(lambda lang: quoted_rule_hint(left, right, self.symbols, self._counts, lang)
                    or duration_hint(left, right, a, b, False, policy, lang, True, per, label)
                    or period_hint(left, right, a, b, rate_fits, policy, lang)
                    or (rate_literal_hint(left, right, a, b, lang) if per is None else None)
                    or duration_hint(left, right, a, b, False, policy, lang, per=per, label=label)
                    or plain_number_hint(left, right, a, b, op, policy, lang)) or t.arithmetic_hint(op, a, b)

    def _counts(self, name: str) -> bool:
        """Whether the declared `name` is a value rules count or reckon with: a number, money, a duration, a date."""
        return self.symbol_type(name, self.symbols[name]).kind not in ("boolean", "text", "unknown")

    def _label(self) -> Label | None:
        """The label beside the rule being checked: of the definition, indicator or parameter being typed, else of
        the clause or option."""
        if self._resolving:
            name = self._resolving[-1]
            named = self.policy.definitions.get(name) or self.policy.parameters.get(name)
            return named.label if named is not None else None
        return self.label

    def _compare_hint(self, left: ast.Node, right: ast.Node, a: t.Type, b: t.Type) -> Said:
        """The help for comparing `left` (of type `a`) with `right` (`b`), whose units differ: built from what
        was written where it can be, else from the two kinds."""
        policy, label = self.policy, self._label()
        return said(lambda lang: quoted_rule_hint(left, right, self.symbols, self._counts, lang)
                    or duration_hint(left, right, a, b, True, policy, lang, written_only=True, label=label)
                    or literal_hint(left, right, a, b, policy, lang)
                    or duration_hint(left, right, a, b, True, policy, lang, label=label)
                    or plain_number_hint(left, right, a, b, None, policy, lang)) or t.compare_hint(a, b)

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
                is_ = written_as(param.expr.node)
                where = f" at line {node.span.line}" if node.span else ""
                where_zh = f"在第 {node.span.line} 行" if node.span else ""
                self.unitless[name] = Diagnostic.said(
                    "C002", Said(f"`{name}` is {is_.en}, but it is compared with {other.describe()}{where}",
                                 f"`{name}` 是{is_.zh}，但{where_zh}被拿来与{other.describe('zh')}比较"),
                    param.expr.span, help=unit_fix(name, other.kind, self.policy), severity="error")
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
            self.error("C001", Said(f"`{words[0].dotted}` is a value of `{field.dotted}`, not a name",
                                    f"`{words[0].dotted}` 是 `{field.dotted}` 的可选值，不是名称"), span,
                       Said(f"write it in quotes: `{shown}`", f"请加上引号：`{shown}`"))
        else:
            names = [w.dotted for w in words]
            self.error("C001", Said(f"{listed(names)} are values of `{field.dotted}`, not names",
                                    f"{listed(names, 'zh')} 是 `{field.dotted}` 的可选值，不是名称"), span,
                       Said(f"write them in quotes: `{shown}`", f"请给它们加上引号：`{shown}`"))
        return True

    def _check_enum(self, value_type: t.Type, items: Iterable[ast.Node], field: ast.Node) -> None:
        if value_type.values is None:
            return
        of = f" of `{field.dotted}`" if isinstance(field, ast.Name) else ""
        of_zh = f" `{field.dotted}` " if isinstance(field, ast.Name) else ""
        labels = self._value_labels(field)
        for item in items:
            if isinstance(item, ast.String) and item.value not in value_type.values:
                allowed = [to_text(ast.String(v)) for v in sorted(value_type.values)]
                close = difflib.get_close_matches(item.value, sorted(value_type.values), n=1, cutoff=0.6)
                labelled = chinese.value_for_label(item.value, labels)
                written = to_text(item)
                if labelled is not None:  # `"义务教育"`, the label of `"compulsory"`
                    hint = chinese.value_label_help(written, labelled)
                elif close:
                    meant = to_text(ast.String(close[0]))
                    hint = Said(did_you_mean(meant), did_you_mean(meant, "zh"))
                else:
                    hint = Said(f"the values are {listed(allowed)}", f"可选值有：{listed(allowed, 'zh')}")
                self.error("C003", Said(f"`{written}` is not one of the declared values{of}",
                                        f"`{written}` 不是{of_zh}已声明的可选值"), item.span, hint)

    def _value_labels(self, field: ast.Node) -> dict[str, str]:
        """The Chinese labels of the values of the enum input `field`, mapped to the values."""
        inputs = self.policy.inputs
        found = next((inputs[k] for k in (f"household:{field.dotted}", f"member:{field.dotted}") if k in inputs),
                     None) if isinstance(field, ast.Name) else None
        return {label.zh: value for value, label in found.value_labels if label.zh} if found else {}

    def _call(self, node: ast.Call, level: Level | None) -> t.Type:
        name, args = node.function, node.args
        if name in ast.AGGREGATES and name not in FUNCTIONS:
            over = args[0] if args else None
            singular = isinstance(over, ast.Name) and over.dotted == "member" and "member" not in self.symbols
            for arg in args[1:] if singular else args:  # meant to be read member by member
                self.infer(arg, "member" if level is not None else None)
            if singular:  # `any(member, serious_illness)`
                fixed = f"{name}({', '.join(['members', *(to_text(a) for a in args[1:])])})"
                self.error("C008", Said(f"`{name}` works over `members`, not `member`",
                                        f"`{name}` 汇总的是 `members`，不是 `member`"), node.span,
                           Said(f"write `{fixed}`", f"请写 `{fixed}`"))
                return t.UNKNOWN
            self.error("C008", Said(f"`{name}` works over members, as `{name}(members …)`",
                                    f"`{name}` 用于对成员汇总，应写成 `{name}(members …)`"), node.span,
                       _for_example(_AGGREGATE_EXAMPLES[name]))
            return t.UNKNOWN
        arg_types = [self.infer(a, level) for a in args]
        if name not in FUNCTIONS:
            self.error("C008", Said(f"unknown function `{name}`", f"未知函数 `{name}`"), node.span,
                       date_part_help(name, args, arg_types) or function_slip(name, FUNCTIONS + ast.AGGREGATES)
                       or Said("functions are " + listed(FUNCTIONS), "可用的函数有：" + listed(FUNCTIONS, "zh")))
            return t.UNKNOWN
        if name in ("min", "max"):
            if len(args) < 2:
                self.error("C008", Said(f"`{name}` needs at least two values", f"`{name}` 至少需要两个值"), node.span,
                           Said(f"to look over members write `{name}(members, value)`",
                                f"如要在成员中取值，请写 `{name}(members, value)`"))
                return t.UNKNOWN
            first = arg_types[0]
            for arg, got in zip(args[1:], arg_types[1:], strict=True):
                if not t.same_unit(first, got):
                    self.error("C002", Said(f"`{name}` mixes {first.describe()} and {got.describe()}",
                                            f"`{name}` 混用了{first.describe('zh')}和{got.describe('zh')}"), arg.span,
                               # an amount and a rate: the rate wants a duration, as in a sum
                               self._arithmetic_hint("+", args[0], arg, first, got)
                               if {first.kind, got.kind} == {"amount", "rate"} else
                               self._compare_hint(args[0], arg, first, got))
            return next((a for a in arg_types if not a.zero), first).plain()
        if name == "age":
            if len(args) != 1 or arg_types[0].kind not in ("date", "unknown"):
                self.error("C008", Said("`age` takes one date", "`age` 只接受一个日期"), node.span,
                           _for_example("age(birth_date)"))
            return t.AGE
        if name == "round":
            if len(args) not in (1, 2):
                self.error("C008", Said("`round` takes a value and optionally a number of decimals",
                                        "`round` 接受一个值，还可以再给保留的小数位数"), node.span,
                           Said("e.g. `round(x)` or `round(x, 2)`", "例如 `round(x)` 或 `round(x, 2)`"))
                return t.UNKNOWN
            if len(args) == 2 and not (isinstance(args[1], ast.Number) and args[1].value == int(args[1].value)
                                       and 0 <= args[1].value <= MAX_ROUND_PLACES):
                self.error("C008", Said(f"the decimals of `round` must be a whole number from 0 to {MAX_ROUND_PLACES}",
                                        f"`round` 的小数位数必须是 0 到 {MAX_ROUND_PLACES} 之间的整数"),
                           args[1].span, Said("e.g. `round(x, 2)` for cents, `round(x)` for whole yuan",
                                              "例如 `round(x, 2)` 保留到分，`round(x)` 取整到元"))
        elif len(args) != 1:
            self.error("C008", Said(f"`{name}` takes one value", f"`{name}` 只接受一个值"), node.span)
            return t.UNKNOWN
        got = arg_types[0]
        if not got.numeric and got.kind != "unknown":
            self.error("C002", Said(f"`{name}` needs a number or money, not {got.describe()}",
                                    f"`{name}` 需要数字或金额，不能为{got.describe('zh')}"), args[0].span)
            return t.UNKNOWN
        return got.plain()

    def _aggregate(self, node: ast.Aggregate, level: Level | None) -> t.Type:
        name = node.function
        if level is None:
            self.error("C001", Said("a parameter cannot look at members", "参数不能读取成员的值"), node.span,
                       TO_DEFINITIONS)
            return t.UNKNOWN
        if level == "member":
            self.error("C009", Said(f"`{name}(members …)` inside a member-level rule",
                                    f"成员层面的规则中用了 `{name}(members …)`"), node.span,
                       Said("aggregations over members belong to household-level rules",
                            "成员汇总只能写在家庭层面的规则中"))
        if node.where is not None:
            self.expect_boolean(node.where, "member", Said("the `where` filter", "`where` 筛选条件"))
        if name not in ast.AGGREGATES:
            self.error("C008", Said(f"unknown aggregation `{name}`", f"未知的成员汇总方式 `{name}`"), node.span,
                       function_slip(name, ast.AGGREGATES)
                       or Said("aggregations are " + listed(ast.AGGREGATES),
                               "可用的成员汇总方式有：" + listed(ast.AGGREGATES, "zh")))
            return t.UNKNOWN
        if name == "count":
            if node.value is not None:
                self.error("C008", Said("`count` takes no value", "`count` 不接受值"), node.value.span,
                           Said("filter with `where`: `count(members where age >= 60)`",
                                "请用 `where` 筛选：`count(members where age >= 60)`"))
            return t.NUMBER
        if name in ("any", "all"):
            if node.value is None and node.where is None:
                self.error("C008", Said(f"`{name}` needs a condition", f"`{name}` 需要一个条件"), node.span,
                           _for_example(f"{name}(members, serious_illness)"))
            if name == "all" and node.value is None and node.where is not None:
                # (`any(members where c)` is "some member satisfies c"; every member chosen by `c` satisfies it)
                condition = to_text(node.where)
                self.error("C008", Said("`all(members where …)` needs a value: `where` only chooses the members",
                                        "`all(members where …)` 需要一个值：`where` 只是筛选成员"), node.span,
                           Said(f"to say every member satisfies it, write `all(members, {condition})`",
                                f"要表达“每位成员都满足”，请写 `all(members, {condition})`"))
            if node.value is not None:
                self.expect_boolean(node.value, "member", Said(f"the value of `{name}`", f"`{name}` 的值"))
            return t.BOOLEAN
        if node.value is None:
            self.error("C008", Said(f"`{name}` needs a value to {name}", f"`{name}` 需要指定对哪个值汇总"), node.span,
                       _for_example(f"{name}(members, own_counted_income)"))
            return t.UNKNOWN
        got = self.infer(node.value, "member")
        if not got.numeric and not (name != "sum" and got.kind == "date") and got.kind != "unknown":
            self.error("C002", Said(f"`{name}` needs numbers or money, not {got.describe()}",
                                    f"`{name}` 需要数字或金额，不能为{got.describe('zh')}"), node.value.span)
            return t.UNKNOWN
        return got.plain()
