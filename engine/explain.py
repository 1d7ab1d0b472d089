"""Decision → explanation a caseworker can read aloud, in Chinese or English.

Input: a `Decision` with its evaluation (every value computed for the household).
Output: an explanation tree (plain data, the `explanation` of DESIGN §7's JSON),
rendered by `render_text` or `render_markdown`. For every category, assigned or
not: each clause with its verdict, the values compared, the margin, the file and
line of the rule and what it cites; derived values unfold into what they were
computed from, each shown once; a failed threshold says what would have to
change. Invariant: explaining only reads the evaluation; it never changes it.
What no household changes (rule texts, labels, compiled values, parameter entries)
is worked out once per policy and language.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from engine import types as t
from engine.evaluator import (
    EXACT,
    CategoryOutcome,
    Ctx,
    Decision,
    Grant,
    HouseholdContext,
    program_for,
)
from engine.member_description import describe_members
from engine.model import Category, Clause, Label, Measure, Policy, per_policy
from engine.syntax import ast
from engine.syntax.printer import to_text
from engine.values import CENT, UNIT_WORDS, grouped, human, kind_of
from engine.wording import Template, Wording, months

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "assigned": "认定", "not_assigned": "未认定", "holds": "符合", "fails": "不符合",
        "over": "高 {m}", "under": "低 {m}",
        "equal_allowed": "正好相等，规定为“{rel}”，相等也符合", "equal_refused": "正好相等，但规定须“{rel}”",
        "preempted": "未认定，因为该{who}已符合同组中优先的“{other}”",
        "failed_one": "未认定，因为不满足“{clause}”这一条件",
        "failed_many": "未认定，因为不满足“{clauses}”这 {k} 项条件（共 {n} 项）", "quote_join": "”、“",
        "failed_all": "未认定，因为 {n} 项条件均不满足：“{clauses}”",
        "none_of": "未认定，因为以下条件一项也不满足",
        "any_of": "只需满足以下任一条件", "nothing": "无{name}",
        "would": "若{name}{rel} {target}则符合（现为 {now}）",
        "that_is": "即{name}{rel} {target}（现为 {now}）",
        "below": "低于", "at_most": "不超过", "above": "高于", "at_least": "不低于",
        "household": "家庭", "member": "成员", "result": "认定结果", "none": "无", "fact": "{name}为{value}",
        "must": "（须为{v}）", "must_not": "（须不为{v}）",
        "accounting": "收入核算", "counted": "计入", "exempt": "不计入（豁免）",
        "counted_income": "计入收入合计", "exempt_income": "豁免收入合计", "rigid_expenses": "刚性支出合计",
        "categories": "各类别认定情况", "assistance": "救助帮扶措施",
        "higher_wins": "就高不就低：采用“{won}” {amount}", "higher_than": "，高于{others}",
        "same_as": "，与{others}金额相同", "list_join": "、", "where": "其中{name}", "applies": "适用“{option}”",
        "zero_amount": "，无救助金额", "zero_only": "计算金额为 0，无救助金额",
        "title": "家庭 {id}：{date} 按 {policy}（{version}）认定",
        "policy_line": "政策文件 {file}，sha256 {sha}",
        "outside": "注意：评估日期 {date} 不在该政策有效期（{window}）内",
        "derived": "其中", "source": "依据", "no_amount": "服务类措施，不发放现金",
        "line": "第{n}行",
    },
    "en": {
        "assigned": "assigned", "not_assigned": "not assigned", "holds": "condition met", "fails": "condition not met",
        "over": "{m} above", "under": "{m} below",
        "equal_allowed": "exactly equal, which is allowed (“{rel}”)",
        "equal_refused": "exactly equal, but it must be {rel}",
        "preempted": "not assigned, because “{other}” comes first in the same group and already applies",
        "failed_one": "not assigned, because the condition “{clause}” is not met",
        "failed_many": "not assigned, because {k} of its {n} conditions are not met — “{clauses}”",
        "failed_all": "not assigned, because none of its {n} conditions is met — “{clauses}”",
        "quote_join": "”, “",
        "none_of": "not assigned, because none of these holds",
        "any_of": "any one of these is enough", "nothing": "no {name} reported",
        "would": "would hold if {name} were {rel} {target} (now {now})",
        "that_is": "that is, {name} {rel} {target} (now {now})",
        "below": "below", "at_most": "at most", "above": "above", "at_least": "at least",
        "household": "household", "member": "member", "result": "Result", "none": "none", "fact": "{name} — {value}",
        "must": " (must be {v})", "must_not": " (must not be {v})",
        "accounting": "Income accounting", "counted": "counted", "exempt": "exempt",
        "counted_income": "counted income", "exempt_income": "exempt income", "rigid_expenses": "rigid expenses",
        "categories": "Categories", "assistance": "Assistance",
        "higher_wins": "the higher applies (就高不就低): “{won}” {amount}", "higher_than": ", over {others}",
        "same_as": ", the same as {others}", "list_join": ", ", "where": "where {name}", "applies": "under “{option}”",
        "zero_amount": ", so nothing to pay", "zero_only": "the amount works out at 0.00, so nothing to pay",
        "title": "Household {id}: decided on {date} under {policy} ({version})",
        "policy_line": "policy file {file}, sha256 {sha}",
        "outside": "note: the evaluation date {date} lies outside this policy's window ({window})",
        "derived": "where", "source": "source", "no_amount": "a service, no cash amount",
        "line": "line {n}",
    },
}

_RELATION = {"<": "below", "<=": "at_most", ">": "above", ">=": "at_least"}
_BUILTIN_LABELS = {
    "counted_income": Label("计入收入", "counted income"),
    "exempt_income": Label("豁免收入", "exempt income"),
    "rigid_expenses": Label("刚性支出", "rigid expenses"),
    "own_counted_income": Label("本人计入收入", "own counted income"),
    "today": Label("评估日期", "evaluation date"),
}


def _operands(node: ast.Node) -> list[ast.Name | ast.Aggregate]:
    """The names and member aggregations a rule reads, in order, not looking inside aggregations."""
    if isinstance(node, ast.Name | ast.Aggregate):
        return [node]
    return [x for child in node.children() for x in _operands(child)]


Show = Callable[[Any], str]


def _shower(kind: str, lang: str) -> Show:
    """`human(value, kind, lang)`, with the common cases (money, whole numbers, yes and no) written directly."""
    words = UNIT_WORDS[lang]
    fixed = {True: words["yes"], False: words["no"], None: words["missing"]}
    if kind in ("amount", "rate"):
        suffix = " " + words[kind]

        def money_text(value: Any) -> str:
            if type(value) is Decimal:
                return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,}{suffix}"
            return human(value, kind, lang)
        return money_text
    unit = " " + words["duration"] if kind == "duration" else ""

    def plain_text(value: Any) -> str:
        if type(value) is Decimal:
            text = str(value)
            if text.isdigit():  # a whole number without exponent: what `plain_number` writes too
                return text + unit
        elif value is None or value is True or value is False:
            return fixed[value]
        return human(value, kind, lang)
    return plain_text


def _location(span: Any) -> str:
    return f"{span.file}:{span.line}"


class _Operand:
    """A name or member aggregation a rule reads, with all that no household changes, in one language."""

    __slots__ = ("aggregate", "category", "definition", "fixed", "fn", "formula", "household", "label", "location",
                 "name", "numbers", "once", "parameter", "show", "shown", "tail", "words")

    def __init__(self, phrases: _Phrases, node: ast.Name | ast.Aggregate):
        static, wording = phrases.static, phrases.wording
        policy = static.policy
        self.fn = static.fn(node)
        self.show = wording.show(node)
        self.aggregate = isinstance(node, ast.Aggregate)
        self.name = static.text(node) if isinstance(node, ast.Aggregate) else node.dotted
        self.label = phrases.side_label(node)
        d = policy.definitions.get(self.name)
        category = policy.category(self.name)
        param = policy.parameters.get(self.name)
        self.category = category is not None
        self.household = ((d is not None and d.level == "household")
                          or (category is not None and category.level == "household"))
        self.parameter = param is not None
        self.definition = d if param is None else None
        self.formula = static.text(d.expr.node) if d is not None else ""
        # what a definition means, in words, and (for a computed number) its working with values
        self.words = ""
        self.numbers: Template | None = None
        if d is not None:
            expr = d.expr.node
            self.words = wording.condition(expr) if d.indicator else wording.words(expr)
            if not d.indicator and not isinstance(expr, ast.Name | ast.Aggregate):
                self.numbers = wording.numbers(expr)
        self.location = _location(d.expr.span) if d is not None else ""
        self.once = (self.name, None)  # shown once per explanation, whichever member reads it
        self.tail: dict[str, Any] = {"kind": "input"}  # what follows the value, for a parameter or an input
        if param is not None:
            self.tail = {"kind": "parameter", "location": _location(param.span)}
            if param.source:
                phrases.cite(self.tail, param.source)
            if param.confirm is not None:  # a figure the source does not print: said wherever it is used
                self.tail["confirm"] = param.confirm.get(phrases.lang)
        # the value as shown, when it is the same for every household (a literal, a parameter)
        constant, value = static.program.constant(node)
        self.shown: str | None = self.show(value) if constant else None
        self.fixed: dict[str, Any] | None = None  # a parameter's whole entry
        if param is not None and self.shown is not None:
            self.fixed = {"name": self.name, "label": self.label, "value": self.shown, **self.tail}


class _Static:
    """What never changes for a policy's rules: their text, operands, compiled values and kinds.

    Compiled closures do not depend on the level they are compiled for (a name or an
    aggregation reads its context), so one closure per node serves every context.
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.program = program_for(policy)
        self._text: dict[int, str] = {}
        self._fns: dict[int, Any] = {}
        self._phrases: dict[str, _Phrases] = {}

    def text(self, node: ast.Node) -> str:
        key = id(node)
        if key not in self._text:
            self._text[key] = to_text(node)
        return self._text[key]

    def fn(self, node: ast.Node) -> Any:
        fn = self._fns.get(id(node))
        if fn is None:
            fn = self._fns[id(node)] = self.program.compile(node, "household")
        return fn

    def kind(self, node: ast.Node) -> str:
        return kind_of(self.policy.types.get(id(node)))

    def reads_expenses(self, node: ast.Node) -> bool:
        """Whether a value depends, through any definitions, on the household's expenses or losses."""
        return any(name == "rigid_expenses" or name.partition(".")[0] in ("expenses", "own_expenses")
                   for name in self.policy.reads(node))

    def phrases(self, lang: str) -> _Phrases:
        phrases = self._phrases.get(lang)
        if phrases is None:
            phrases = self._phrases[lang] = _Phrases(self, lang)
        return phrases


@per_policy
def _static_for(policy: Policy) -> _Static:
    return _Static(policy)


class _Side:
    """One side of a comparison as it is said: its label, and for an expression its working (`50% × 8,400.00`)."""

    __slots__ = ("after", "before", "fn", "label", "text", "working")

    def __init__(self, phrases: _Phrases, node: ast.Node):
        static, wording = phrases.static, phrases.wording
        self.fn = static.fn(node)
        self.text = static.text(node)
        self.working: Template | None = None
        self.after = ""
        if isinstance(node, _LITERAL):
            self.label, self.before = self.text, ""
        elif isinstance(node, ast.Name | ast.Aggregate):
            self.label = phrases.side_label(node)
            self.before = self.label + " "
        else:  # an expression: what it means, then its numbers
            self.label = wording.words(node)
            self.working = wording.numbers(node)
            self.before = self.label + ("（" if phrases.lang == "zh" else " (")
            self.after = "）" if phrases.lang == "zh" else ") "

    def said(self, ctx: Ctx | None, shown: str) -> str:
        if self.working is None:
            return self.before + shown
        return self.before + self.working.fill(ctx) + self.after + shown


_LITERAL = ast.Number | ast.Quantity | ast.Percent | ast.Date


class _Comparison:
    """A numeric or date comparison, with everything about it that no household changes."""

    def __init__(self, phrases: _Phrases, node: ast.Compare):
        static, w = phrases.static, phrases.w
        self.lhs, self.rhs = _Side(phrases, node.left), _Side(phrases, node.right)
        self.left, self.right = self.lhs.fn, self.rhs.fn
        kind = static.kind(node.left) if static.kind(node.left) != "number" else static.kind(node.right)
        self.show = phrases.show(kind)
        self.money = kind in ("amount", "rate")
        self.relational = node.op in _RELATION
        self.left_label = self.lhs.label
        # a right side that reads only literals and parameters (the common threshold) is said once
        constant, value = static.program.constant(node.right)
        self.right_value: Any = value
        self.right_shown: str | None = self.show(value) if constant and value is not None else None
        self.right_said = self.rhs.said(None, self.right_shown) if self.right_shown is not None else None
        self.missing = {"sentence": f"{phrases.wording.condition(node)} → {w['fails']}"}
        self.sep = "，" if phrases.lang == "zh" else ", "
        # the margin's sentence around its number: `，低 ` + 2,520.00 + ` 元/年`
        unit = " " + UNIT_WORDS[phrases.lang][kind] if self.money else ""
        self.margin_words = {}
        for side, key in ((">", "over"), ("<", "under")):
            before, _, after = w[key].partition("{m}")
            self.margin_words[side] = (self.sep + before, unit + after)
        self.rel = w[_RELATION[node.op]] if self.relational else ""
        self.must = w["must_not" if node.op == "!=" else "must"].format(v=self.rhs.label)
        if self.relational:
            self.equal = {True: w["equal_allowed"].format(rel=self.rel), False: w["equal_refused"].format(rel=self.rel)}
        # `loss > 0` with no loss: say there is none, rather than what loss would qualify
        self.nothing = (w["nothing"].format(name=self.left_label)
                        if node.op == ">" and constant and value == 0 else None)
        # never suggest that more expenses or losses would help the household
        self.hint = not (node.op in (">", ">=") and static.reads_expenses(node.left))
        self.per_head: tuple[Any, Any, bool, Show, str] | None = None
        # one step further for a per-head value: name the household total that would have to change
        if isinstance(node.left, ast.Name):
            d = phrases.static.policy.definitions.get(node.left.dotted)
            if d is not None and isinstance(d.expr.node, ast.Arith) and d.expr.node.op == "/":
                top, bottom = d.expr.node.left, d.expr.node.right
                self.per_head = (static.fn(top), static.fn(bottom), d.level == "household",
                                 phrases.show(static.kind(top)), phrases.side_label(top))


class _ClausePlan:
    """A clause's fixed parts in one language, and how its sentence is made."""

    def __init__(self, phrases: _Phrases, clause: Clause):
        static, w = phrases.static, phrases.w
        node = clause.test.node
        self.node = node
        self.id = clause.id
        self.label = clause.label.get(phrases.lang, clause.id)
        self.rule = static.text(node)
        self.location = _location(clause.test.span)
        self.source = clause.source
        self.comparison: _Comparison | None = None
        self.facts: list[_Fact] = []
        if isinstance(node, ast.Compare) and static.kind(node.left) in (*t.NUMERIC, "date"):
            self.comparison = _Comparison(phrases, node)
        else:  # a yes/no rule: the values it looked at, in words
            self.facts = [_Fact(phrases, leaf, leaf is node) for leaf in _leaves(node)]
        self.join = "；" if phrases.lang == "zh" else "; "
        self.verdicts = {verdict: f" → {w['holds'] if verdict else w['fails']}" for verdict in (True, False)}


def _leaves(node: ast.Node) -> list[ast.Node]:
    """The conditions an `and`/`or` rule combines, in order."""
    if isinstance(node, ast.And | ast.Or):
        return [*_leaves(node.left), *_leaves(node.right)]
    return [node]


class _Fact:
    """One condition of a yes/no rule, said with the value it looked at: `住房安全等级为“B”`, `无灾害损失`."""

    __slots__ = ("comparison", "fact", "fn", "label", "requirement", "said_for", "show")

    def __init__(self, phrases: _Phrases, node: ast.Node, whole: bool):
        static, wording, w = phrases.static, phrases.wording, phrases.w
        self.comparison: _Comparison | None = None
        self.requirement = ""
        self.fact = w["fact"]
        looked_at = node.operand if isinstance(node, ast.Not) and isinstance(node.operand, ast.Name) else node
        if isinstance(node, ast.Compare) and static.kind(node.left) in (*t.NUMERIC, "date"):
            self.comparison = _Comparison(phrases, node)
        elif isinstance(node, ast.InSet | ast.Compare) and isinstance(
                node.value if isinstance(node, ast.InSet) else node.left, ast.Name):
            field = node.value if isinstance(node, ast.InSet) else node.left
            assert isinstance(field, ast.Name)
            looked_at = field
            if whole:  # say what the rule asks for, which no other line says
                items = node.items if isinstance(node, ast.InSet) else (node.right,)
                refused = node.negated if isinstance(node, ast.InSet) else node.op == "!="
                self.requirement = w["must_not" if refused else "must"].format(v=wording.one_of(field, items))
        self.fn = static.fn(looked_at)
        self.label = phrases.side_label(looked_at) if isinstance(looked_at, ast.Name | ast.Aggregate) else (
            wording.condition(looked_at))
        self.show = wording.show(looked_at)
        self.said_for: dict[Any, str] = {}  # a yes/no or enum value has few values: each is said once

    def said(self, explainer: Explainer, ctx: Ctx) -> str:
        if self.comparison is not None:
            return explainer.statement(self.comparison, ctx)
        value = self.fn(ctx)
        text = self.said_for.get(value)
        if text is None:
            text = self.fact.format(name=self.label, value=self.show(value)) + self.requirement
            if len(self.said_for) < 64:  # free text could have any value: keep the memo small
                self.said_for[value] = text
        return text


class _CategoryPlan:
    """A category's heading and verdict words in one language."""

    def __init__(self, phrases: _Phrases, category: Category):
        lang, w, policy = phrases.lang, phrases.w, phrases.static.policy
        self.w = w
        self.head: dict[str, Any] = {
            "id": category.id, "label": category.label.get(lang, category.id), "level": category.level,
            "location": _location(category.span),
        }
        if category.group:
            self.head["group"] = category.group
        if category.source:
            phrases.cite(self.head, category.source)
        self.clauses = [phrases.clause(c) for c in category.clauses]
        self.labels = [c.label.get(lang, c.id) for c in category.clauses]
        self.match_all = category.match == "all"
        if not self.match_all:
            self.head["match"] = "any"
            self.head["any_of"] = w["any_of"]
        self._failed: dict[tuple[bool, ...], str] = {}
        who = w[category.level]
        self.preempted: dict[str, str] = {}
        for other in policy.categories:
            self.preempted[other.id] = w["preempted"].format(who=who, other=other.label.get(lang))

    def failed(self, verdicts: tuple[bool, ...]) -> str:
        """Why a category none of whose exclusive rivals came first was not assigned: every clause that failed."""
        why = self._failed.get(verdicts)
        if why is None:
            w = self.w
            failed = [label for label, verdict in zip(self.labels, verdicts, strict=True) if not verdict]
            if len(failed) == 1:
                why = w["failed_one"].format(clause=failed[0])
            else:
                why = w["failed_all" if len(failed) == len(verdicts) else "failed_many"].format(
                    clauses=w["quote_join"].join(failed), k=len(failed), n=len(verdicts))
            self._failed[verdicts] = why
        return why


class _Working:
    """How one option's amount is worked out, in words and with numbers, and why it can come to nothing."""

    def __init__(self, phrases: _Phrases, node: ast.Node, per_month: bool):
        wording, w, policy = phrases.wording, phrases.w, phrases.static.policy
        per_month = per_month or months(node)
        self.words = wording.words(node)
        self.numbers = wording.numbers(node, per_month)
        self.reads = any(True for _ in ast.names_in(node)) or any(isinstance(n, ast.Aggregate) for n in node.walk())
        # a parameter computed from others (the tekun standard, 1.3 × the dibao standard) is worked out too
        self.where: list[str] = []
        for name in dict.fromkeys(n.dotted for n in ast.names_in(node)):
            param = policy.parameters.get(name)
            if param is not None and not isinstance(param.expr.node, _LITERAL):
                expr = param.expr.node
                value = phrases.static.program.constant(expr)[1]
                show = wording.show_kind(phrases.static.kind(expr), per_month=per_month)
                self.where.append(w["where"].format(name=phrases.label(name)) + f" = {wording.words(expr)}"
                                  f" = {wording.numbers(expr, per_month).fill(None)} = {show(value)}")
        self.nothing = [(phrases.static.fn(n), w["nothing"].format(name=phrases.label(n.dotted)))
                        for n in ast.names_in(node) if phrases.static.kind(n) in ("amount", "rate")
                        and not phrases.static.program.constant(n)[0]]
        self.zero_amount, self.zero_only = w["zero_amount"], w["zero_only"]

    def zero(self, ctx: Ctx) -> str:
        for fn, nothing in self.nothing:
            if fn(ctx) == 0:
                return nothing + self.zero_amount
        return self.zero_only


class _MeasurePlan:
    """A measure's labels, the working of each option's amount, and how amounts are written."""

    def __init__(self, phrases: _Phrases, measure: Measure):
        lang, w, policy = phrases.lang, phrases.w, phrases.static.policy
        self.w = w
        self.label = measure.label.get(lang, measure.id)
        dept = policy.departments.get(measure.department)
        self.department = dept.get(lang, measure.department) if dept else measure.department
        self.options: dict[str, _Working] = {}
        self.option_labels: dict[str, str] = {}
        rate = False
        for option in measure.options:
            self.option_labels[option.id] = option.label.get(lang, option.id) if option.label else option.id
            if option.amount is not None:
                node = option.amount.node
                rate = rate or phrases.static.kind(node) == "rate"
                self.options[option.id] = _Working(phrases, node, measure.per == "month")
        self.choice = len(measure.options) > 1
        self.applies = {o: w["applies"].format(option=label) for o, label in self.option_labels.items()}
        # an amount with no period of its own is a rate per year when its rule gives a rate
        per = measure.per or ("year" if rate else None)
        self.unit = UNIT_WORDS[lang]["month" if per == "month" else "rate" if per == "year" else "amount"]

    def amount(self, amount: Decimal | None) -> str:
        return self.w["no_amount"] if amount is None else f"{grouped(amount)} {self.unit}"

    def higher_wins(self, grant: Grant) -> str:
        """就高不就低: the option used, those it is higher than, and those that give the same."""
        w, labels = self.w, self.option_labels
        won = grant.amount
        assert won is not None
        lower = [o for o in grant.others if o.amount is not None and o.amount < won]
        same = [o for o in grant.others if o.amount is not None and o.amount == won]
        text = w["higher_wins"].format(won=labels[grant.option.id], amount=self.amount(won))
        if lower:
            text += w["higher_than"].format(others=w["list_join"].join(
                f"“{labels[o.option.id]}” {self.amount(o.amount)}" for o in lower))
        if same:
            text += w["same_as"].format(others=w["list_join"].join(f"“{labels[o.option.id]}”" for o in same))
        return text


class _Phrases:
    """Everything about a policy's explanation in one language that no household changes."""

    def __init__(self, static: _Static, lang: str):
        self.static = static
        self.lang = lang
        self.w = WORDS[lang]
        self._labels: dict[str, str] = {}
        self._shows: dict[str, Show] = {}
        self._clauses: dict[int, _ClausePlan] = {}
        self._categories: dict[int, _CategoryPlan] = {}
        self._measures: dict[str, _MeasurePlan] = {}
        self._operands: dict[int, list[_Operand]] = {}
        self._to_confirm: dict[int, frozenset[str]] = {}
        self.boolean = self.show("boolean")
        self.rate = self.show("rate")
        self.verdict_words = {True: self.w["holds"], False: self.w["fails"]}
        self.category_labels = {c.id: c.label.get(lang, c.id) for c in static.policy.categories}
        self.value_words = {f.name: {value: label.get(lang, value) for value, label in f.value_labels}
                            for f in static.policy.inputs.values() if f.value_labels}
        self.cited_as = {src.id: src.cited_as.get(lang) for src in static.policy.meta.sources
                         if src.cited_as is not None and src.cited_as.get(lang)}
        self.wording = Wording(self)

    # what `Wording` asks of a policy (`engine.wording.Vocabulary`)

    def kind(self, node: ast.Node) -> str:
        return self.static.kind(node)

    def constant(self, node: ast.Node) -> tuple[bool, Any]:
        return self.static.program.constant(node)

    def fn(self, node: ast.Node) -> Any:
        return self.static.fn(node)

    def is_category(self, name: str) -> bool:
        return self.static.policy.category(name) is not None

    def to_confirm(self, node: ast.Node) -> frozenset[str]:
        """The parameters marked `confirm:` that an amount or share reads, worked out once per expression."""
        found = self._to_confirm.get(id(node))
        if found is None:
            parameters = self.static.policy.parameters
            found = self._to_confirm[id(node)] = frozenset(
                name for name in self.static.policy.reads(node)
                if name in parameters and parameters[name].confirm is not None)
        return found

    def cite(self, entry: dict[str, Any], source: str) -> None:
        """Set an entry's `source` (the citation as written) and, where the policy says how to name the
        document, `cited` (`大政发〔2024〕47号 二、1` for `dsz-2024-47 二、1`)."""
        entry["source"] = source
        document, _, article = source.partition(" ")
        named = self.cited_as.get(document)
        if named is not None:
            entry["cited"] = f"{named} {article}".rstrip()

    def value_word(self, name: str, value: str) -> str:
        """An enum value as the policy's `value_labels` say it, else as the household file writes it."""
        words = self.value_words.get(name)
        return words.get(value, value) if words else value

    def is_percent(self, name: str) -> bool:
        param = self.static.policy.parameters.get(name)
        return param is not None and isinstance(param.expr.node, ast.Percent)

    def show(self, kind: str) -> Show:
        show = self._shows.get(kind)
        if show is None:
            show = self._shows[kind] = _shower(kind, self.lang)
        return show

    def label(self, name: str) -> str:
        text = self._labels.get(name)
        if text is None:
            text = self._labels[name] = self._label(name)
        return text

    def _label(self, name: str) -> str:
        policy = self.static.policy
        label = policy.label_of(name) or _BUILTIN_LABELS.get(name)
        if label is None and "." in name:
            head, _, rest = name.partition(".")
            inner = policy.label_of(rest)
            prefix = {"income": "", "expenses": "", "own_income": "", "own_expenses": ""}.get(head, head + ".")
            return prefix + (inner.get(self.lang, rest) if inner else rest)
        return label.get(self.lang, name) if label else name

    def side_label(self, node: ast.Node) -> str:
        return self.label(node.dotted) if isinstance(node, ast.Name) else self.wording.words(node)

    def operands(self, node: ast.Node) -> list[_Operand]:
        key = id(node)
        if key not in self._operands:
            self._operands[key] = [_Operand(self, n) for n in _operands(node)]
        return self._operands[key]

    def clause(self, clause: Clause) -> _ClausePlan:
        plan = self._clauses.get(id(clause))
        if plan is None:
            plan = self._clauses[id(clause)] = _ClausePlan(self, clause)
        return plan

    def measure(self, measure: Measure) -> _MeasurePlan:
        plan = self._measures.get(measure.id)
        if plan is None:
            plan = self._measures[measure.id] = _MeasurePlan(self, measure)
        return plan

    def category(self, category: Category) -> _CategoryPlan:
        plan = self._categories.get(id(category))
        if plan is None:
            plan = self._categories[id(category)] = _CategoryPlan(self, category)
        return plan


class Explainer:
    def __init__(self, decision: Decision, lang: str):
        assert decision.evaluation is not None, "evaluate before explaining"
        self.decision = decision
        self.policy: Policy = decision.policy
        self.ctx: HouseholdContext = decision.evaluation
        self.program = program_for(self.policy)
        self.lang = lang
        self.w = WORDS[lang]
        self.shown: set[tuple[str, str | None]] = set()
        self.static = _static_for(self.policy)
        self.phrases = self.static.phrases(lang)
        self.member_ctx = {m.member_id: m for m in self.ctx.members}

    # unfolding derived values ---------------------------------------------------------

    def derived(self, node: ast.Node, ctx: Ctx) -> list[dict[str, Any]]:
        """Every name a rule reads, unfolded down to inputs and parameters, each shown once."""
        out: list[dict[str, Any]] = []
        shown = self.shown
        for operand in self.phrases.operands(node):
            if operand.fixed is not None:  # a parameter: the same entry for every household
                if operand.once not in shown:
                    shown.add(operand.once)
                    out.append(dict(operand.fixed))
            elif operand.aggregate:
                if operand.once not in shown:
                    shown.add(operand.once)
                    out.append({"name": operand.name, "label": operand.label, "kind": "aggregate",
                                "value": operand.show(operand.fn(ctx.hh))})
            elif not operand.category:
                owner: Ctx = ctx.hh if operand.household else ctx
                member = None if operand.parameter else owner.member_id
                key = (operand.name, member)
                if key not in shown:
                    shown.add(key)
                    out.append(self._unfold(operand, owner, member))
        return out

    def _unfold(self, operand: _Operand, owner: Ctx, member: str | None) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": operand.name, "label": operand.label,
                                 "value": operand.show(operand.fn(owner))}
        if member is not None:
            entry["member"] = member
        d = operand.definition
        if d is None:
            entry.update(operand.tail)
            return entry
        entry["kind"] = "indicator" if d.indicator else "definition"
        entry["formula"] = operand.formula
        entry["words"] = operand.words
        if operand.numbers is not None:
            entry["substituted"] = operand.numbers.fill(owner)
        entry["location"] = operand.location
        if d.source:
            self.phrases.cite(entry, d.source)
        children = [c for c in self.derived(d.expr.node, owner) if c["kind"] != "aggregate"]
        if children:
            entry["from"] = children
        return entry

    # clauses --------------------------------------------------------------------------

    def clause(self, plan: _ClausePlan, verdict: bool, ctx: Ctx, hints: bool = True) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": plan.id, "label": plan.label, "verdict": verdict, "rule": plan.rule,
                                 "location": plan.location}
        if plan.source:
            self.phrases.cite(entry, plan.source)
        if plan.comparison is not None:
            entry.update(self.comparison(plan.comparison, verdict, ctx, hints))
        else:
            entry["sentence"] = plan.join.join(f.said(self, ctx) for f in plan.facts) + plan.verdicts[verdict]
        derived = self.derived(plan.node, ctx)
        if derived:
            entry["derived"] = derived
        return entry

    def _values(self, c: _Comparison, ctx: Ctx) -> tuple[Any, Any, str | None]:
        """Both sides' values, and the right side as shown when it is the same for every household."""
        left = c.left(ctx)
        if c.right_shown is not None:
            return left, c.right_value, c.right_shown
        return left, c.right(ctx), None

    def statement(self, c: _Comparison, ctx: Ctx) -> str:
        """A comparison inside a yes/no rule, said with its values (no margin, no hint)."""
        left, right, shown_right = self._values(c, ctx)
        if left is None or right is None:
            return c.missing["sentence"].rpartition(" → ")[0]
        if c.nothing is not None and left == 0:
            return c.nothing
        symbol = "<" if left < right else (">" if left > right else "=")
        said_right = c.right_said if shown_right is not None else c.rhs.said(ctx, c.show(right))
        return f"{c.lhs.said(ctx, c.show(left))} {symbol} {said_right}"

    def comparison(self, c: _Comparison, verdict: bool, ctx: Ctx, hints: bool = True) -> dict[str, Any]:
        left, right, shown_right = self._values(c, ctx)
        if left is None or right is None:
            return dict(c.missing)
        said_right = c.right_said
        if shown_right is None:
            shown_right = c.show(right)
            said_right = c.rhs.said(ctx, shown_right)
        symbol = "<" if left < right else (">" if left > right else "=")
        shown_left = c.show(left)
        out: dict[str, Any] = {
            "compared": [
                {"text": c.lhs.text, "label": c.lhs.label, "value": shown_left},
                {"text": c.rhs.text, "label": c.rhs.label, "value": shown_right},
            ],
        }
        if c.nothing is not None and left == 0:
            out["sentence"] = c.nothing
            return out
        sentence = f"{c.lhs.said(ctx, shown_left)} {symbol} {said_right}"
        if isinstance(left, Decimal) and isinstance(right, Decimal) and c.relational:
            margin = abs(left - right)
            out["margin"] = grouped(margin) if c.money else str(margin.normalize())
            if symbol == "=":
                sentence += c.sep + c.equal[verdict]
            else:
                before, after = c.margin_words[symbol]
                sentence += before + out["margin"] + after
            if not verdict and hints and c.hint:
                out["would_hold_if"] = self.would_hold(c, left, right, shown_left, shown_right, ctx)
        elif not verdict:  # `== 0` and the like: say what it must be
            sentence += c.must
        out["sentence"] = sentence
        return out

    def would_hold(self, c: _Comparison, left: Decimal, right: Decimal, shown_left: str, shown_right: str,
                   ctx: Ctx) -> str:
        text = self.w["would"].format(name=c.left_label, rel=c.rel, target=shown_right, now=shown_left)
        if c.per_head is not None:
            top, bottom, household, show, label = c.per_head
            owner = ctx.hh if household else ctx
            divisor = bottom(owner)
            if isinstance(divisor, Decimal) and divisor > 0:
                target = EXACT.multiply(right, divisor)
                now = top(owner)
                text += ("；" if self.lang == "zh" else "; ") + self.w["that_is"].format(
                    name=label, rel=c.rel, target=show(target), now=show(now))
        return text

    # categories -----------------------------------------------------------------------

    def outcome_entry(self, plan: _CategoryPlan, outcome: CategoryOutcome, ctx: Ctx) -> dict[str, Any]:
        clause = self.clause
        # where any one clause is enough and one holds, what would make another hold does not matter
        hints = plan.match_all or not outcome.holds
        clauses = [clause(c, v, ctx, hints) for c, v in zip(plan.clauses, outcome.verdicts, strict=True)]
        entry: dict[str, Any] = {"assigned": outcome.assigned, "holds": outcome.holds, "clauses": clauses}
        if outcome.member is not None:
            entry["member"] = outcome.member
        if outcome.assigned:
            entry["why"] = self.w["assigned"]
        elif outcome.preempted_by is not None:
            entry["preempted_by"] = outcome.preempted_by
            entry["why"] = plan.preempted[outcome.preempted_by]
        elif not plan.match_all:
            entry["why"] = self.w["none_of"]
        else:
            entry["why"] = plan.failed(outcome.verdicts)
            entry["failed"] = [c.id for c, v in zip(plan.clauses, outcome.verdicts, strict=True) if not v]
        return entry

    def category(self, category: Category) -> dict[str, Any]:
        plan = self.phrases.category(category)
        entry = dict(plan.head)
        if category.level == "household":
            entry.update(self.outcome_entry(plan, self.program.category_outcome(self.ctx, category.id), self.ctx))
        else:
            entry["members"] = [
                self.outcome_entry(plan, self.program.category_outcome(m, category.id), m) for m in self.ctx.members
            ]
            entry["assigned"] = any(m["assigned"] for m in entry["members"])
        return entry

    # accounting and assistance --------------------------------------------------------

    def accounting(self) -> dict[str, Any]:
        p, hh = self.policy, self.ctx.household
        show = self.phrases.rate
        lines = []
        for line in hh.income:
            kind = p.income[line.type]
            share = self.program.shares[line.type]
            item: dict[str, Any] = {"type": line.type, "label": kind.label.get(self.lang, line.type),
                                    "amount": show(line.amount), "counted": kind.counted}
            if line.member:
                item["member"] = line.member
            if kind.counted:
                item["share"] = f"{(share * 100).normalize():f}%"
                item["counted_amount"] = show(EXACT.multiply(line.amount, share))
            if kind.source:
                self.phrases.cite(item, kind.source)
            lines.append(item)
        expenses = []
        for line in hh.expenses:
            kind_e = p.expenses[line.type]
            item = {"type": line.type, "label": kind_e.label.get(self.lang, line.type),
                    "amount": show(line.amount), "rigid": kind_e.rigid}
            if line.member:
                item["member"] = line.member
            expenses.append(item)
        memo = self.ctx.memo
        return {"income": lines, "expenses": expenses,
                "counted_income": show(memo["counted_income"]),
                "exempt_income": show(memo["exempt_income"]),
                "rigid_expenses": show(memo["rigid_expenses"])}

    def grant(self, grant: Grant) -> dict[str, Any]:
        measure, option = grant.measure, grant.option
        plan = self.phrases.measure(measure)
        entry: dict[str, Any] = {
            "id": measure.id, "label": plan.label, "department": plan.department,
            "option": option.id, "location": _location(option.when.span),
        }
        if grant.member:
            entry["member"] = grant.member
        if measure.source:
            self.phrases.cite(entry, measure.source)
        amount = grant.amount
        entry["amount"] = plan.amount(amount)
        if amount is None:
            return entry
        working = plan.options[option.id]
        ctx = self.member_ctx[grant.member] if grant.member else self.ctx
        if amount == 0:  # nothing to pay: say why, rather than list a grant of 0.00
            entry["zero"] = working.zero(ctx)
            return entry
        if grant.others:
            entry["higher_wins"] = plan.higher_wins(grant)
        elif plan.choice:  # which of the measure's options gives it
            entry["applies"] = plan.applies[option.id]
        if working.reads:
            entry["working"] = f"{working.words} = {working.numbers.fill(ctx)} = {entry['amount']}"
        if working.where:
            entry["where"] = list(working.where)
        return entry

    # the whole explanation ------------------------------------------------------------

    def household_members(self) -> list[dict[str, str]]:
        """Each member's id and, where the policy says how, their description (`户主，58岁`)."""
        described = describe_members(self.policy, self.ctx, self.lang)
        return [{"id": m.member_id, "description": described[m.member_id]} if m.member_id in described
                else {"id": m.member_id} for m in self.ctx.members]

    def build(self) -> dict[str, Any]:
        d, p = self.decision, self.policy
        names = self.phrases.category_labels
        labels = [names[c] for c in d.categories]
        members = {m: [names[c] for c in cats] for m, cats in d.members.items() if cats}
        out: dict[str, Any] = {
            "lang": self.lang,
            "title": self.w["title"].format(id=d.household, date=d.date.isoformat(),
                                            policy=p.meta.title.get(self.lang, p.meta.id), version=p.meta.version),
            "policy_line": self.w["policy_line"].format(file=p.file, sha=p.sha256[:12]),
            "household_members": self.household_members(),
            "result": {"household": labels, "members": members},
        }
        if not p.meta.in_force(d.date):
            out["note"] = self.w["outside"].format(date=d.date.isoformat(), window=p.meta.window())
        out["accounting"] = self.accounting()
        out["categories"] = [self.category(c) for c in p.categories]
        out["assistance"] = [self.grant(g) for g in d.assistance]
        exprs = [g.option.amount for g in d.assistance]
        exprs += [p.income[t].share for t in {line.type for line in self.ctx.household.income} if p.income[t].counted]
        used = set().union(*(self.phrases.to_confirm(e.node) for e in exprs if e is not None))
        out["to_confirm"] = [{"label": param.label.get(self.lang, name), "confirm": param.confirm.get(self.lang)}
                             for name, param in p.parameters.items() if name in used and param.confirm is not None]
        return out


def explain(decision: Decision, lang: str = "zh") -> dict[str, Any]:
    """The explanation tree of a decision, in `lang` ("zh" or "en")."""
    return Explainer(decision, lang).build()
