"""The plan of each clause and category of a policy in one language: what no household changes.

Input: a clause, a category or a name a rule reads, with the `Phrases` of a policy and language.
Output: `ClausePlan` (label, rule text, location, citation, and either a `Comparison` or the
`_Fact`s a yes/no rule looked at), `CategoryPlan` (heading, verdict words, why-not sentences) and
`Operand` (a name or aggregation a rule reads: label, definition in words, parameter entry; for an
aggregation, the inputs it reads of each member).
The explainer fills them in with one household's values.
Invariant: made once per policy and language, by `Phrases`; they keep no household's values, only
small memos of sentences keyed by a value or by a set of verdicts.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from engine import types as t
from engine.evaluator import Ctx, EvaluationError
from engine.explain.birthdays import thresholds
from engine.explain.date_turns import date_turns
from engine.explain.past_age import ages_past
from engine.explain.words import (
    CONDITIONS_JOIN,
    EQUALITY,
    LITERAL,
    RELATION,
    Show,
    label_sides,
    location,
    quoted_label,
)
from engine.label_figures import figures_to_confirm
from engine.model import Category, Clause, Policy
from engine.syntax import ast
from engine.values import CENT, listed, quotes_within, share_percent, thousands, thousands_to, with_unit
from engine.wording import Template, field_first, plural

if TYPE_CHECKING:
    from engine.explain.comparisons import Comparisons
    from engine.explain.phrases import Phrases


UNCOMPUTABLE: Any = object()


def computed(fn: Any, ctx: Ctx, otherwise: Any = UNCOMPUTABLE) -> Any:
    """A value the explanation reads that the decision may not have needed: `otherwise` where it cannot be
    computed for this household."""
    try:
        return fn(ctx)
    except EvaluationError:
        return otherwise


_Part = TypeVar("_Part")


def failing(parts: Iterable[_Part], holds: Iterable[Any]) -> list[_Part]:
    """The parts that are why a whole fails: those that fail — of an `and` (a category that needs all its clauses),
    the ones not met; of an `or` (a category any one clause of which is enough), which fails only where each part
    does, all of them."""
    return [part for part, held in zip(parts, holds, strict=True) if not held]


class _Joined:
    """A rule as the `and`s and `or`s that join its conditions, to find which conditions are why it fails."""

    __slots__ = ("fn", "leaf", "parts")

    def __init__(self, static: Any, node: ast.Node, leaves: Iterator[int]):
        self.fn = static.fn(node)
        self.parts: tuple[_Joined, ...] = ()
        self.leaf = -1  # of a condition, its place among the rule's (`_leaves`)
        if isinstance(node, ast.And | ast.Or):
            self.parts = (_Joined(static, node.left, leaves), _Joined(static, node.right, leaves))
        else:
            self.leaf = next(leaves)

    def failing(self, ctx: Ctx) -> list[int]:
        """The places of the conditions that are why this part, which fails, fails: through each `and` and `or`,
        the parts that fail (`failing`). A part that cannot be computed for this household is taken as met: an `and`
        that fails fails at a part before it, and the decision never computed it."""
        if not self.parts:
            return [self.leaf]
        held = [computed(part.fn, ctx, True) for part in self.parts]
        return [i for part in failing(self.parts, held) for i in part.failing(ctx)]


class Operand:
    """A name or member aggregation a rule reads, with all that no household changes, in one language."""

    __slots__ = ("about", "aggregate", "category", "children", "definition", "fixed", "fn", "household", "label",
                 "name", "numbers", "once", "parameter", "per_member", "place", "reads", "reads_aggregate", "show",
                 "shown", "tail", "unit", "where")

    def __init__(self, phrases: Phrases, node: ast.Name | ast.Aggregate):
        static, wording = phrases.static, phrases.wording
        policy = static.policy
        self.fn = static.fn(node)
        self.show = wording.show(node)
        self.unit = wording.money_unit(node)  # an amount's, after it (None for any other value)
        self.aggregate = isinstance(node, ast.Aggregate)
        self.name = static.text(node) if isinstance(node, ast.Aggregate) else node.dotted
        self.label = phrases.side_label(node)
        d = policy.definitions.get(self.name)
        category = policy.category(self.name)
        param = policy.parameters.get(self.name)
        self.category = category is not None
        self.household = ((d is not None and d.level == "household")
                          or (category is not None and category.level == "household")
                          or f"household:{self.name}" in policy.inputs)  # read in a member's rule too
        self.parameter = param is not None
        self.per_member = not self.household and not self.parameter  # in a member's rule, that member's value
        self.definition = d if param is None else None
        # a definition's entry around its value: what it is and means, then where it is written (and
        # cited); for a computed number, its working with the household's values; then what it reads
        self.about: dict[str, Any] = {}
        self.place: dict[str, Any] = {}
        self.numbers: Template | None = None
        self.children: list[Operand] = []
        definition = self.definition
        if definition is not None:
            expr = definition.expr.node
            self.about = {"kind": "indicator" if definition.indicator else "definition", "formula": static.text(expr),
                          "words": wording.condition(expr) if definition.indicator else wording.words(expr)}
            if not definition.indicator and not isinstance(expr, ast.Name | ast.Aggregate):
                self.numbers = wording.numbers(expr)
            self.place = {"location": location(definition.expr.span)}
            if definition.source:
                phrases.cite(self.place, definition.source)
            self.children = phrases.operands(expr)
        self.reads_aggregate = any(child.aggregate for child in self.children)
        self.once = (self.name, None)  # shown once per explanation, whichever member reads it
        self.tail: dict[str, Any] = {"kind": "input"}  # what follows the value, for a parameter or an input
        if param is not None:
            self.tail = {"kind": "parameter", "location": location(param.span)}
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
        # for an aggregation: the inputs it reads of every member (its `where`) and of the members it
        # chose (its value), through any definitions, so that a default standing in for one is said
        self.where: Any = None
        self.reads: tuple[tuple[Operand, ...], tuple[Operand, ...]] = ((), ())
        if isinstance(node, ast.Aggregate):
            if node.where is not None:
                self.where = static.fn(node.where)
            self.reads = (_input_operands(phrases, node.where), _input_operands(phrases, node.value))

    def as_share(self) -> None:
        """Say its values as shares in percents (`55.56%`): it is compared with a line the policy writes so."""
        self.show = shares_shower(self.show)

    def shown_to(self, value: Any, places: Decimal | None) -> str:
        """A value of it as shown, an amount the fen would round to `places` where they are given (finer than the
        fen: those of the comparison the value is unfolded under)."""
        if places is None or self.unit is None or type(value) is not Decimal:
            return str(self.show(value))
        return thousands_to(value, places) + self.unit


def _input_operands(phrases: Phrases, node: ast.Node | None) -> tuple[Operand, ...]:
    if node is None:
        return ()
    return tuple(Operand(phrases, name) for name in _inputs_read(phrases.static.policy, node))


def _inputs_read(policy: Policy, node: ast.Node) -> list[ast.Name]:
    """The household's inputs an expression reads, directly or through definitions, each once, in the order
    they are written (a definition's where it is named)."""
    found: dict[str, ast.Name] = {}
    seen: set[str] = set()

    def visit(expr: ast.Node) -> None:
        for name in ast.names_in(expr):
            dotted = name.dotted
            if dotted in seen:
                continue
            seen.add(dotted)
            if f"member:{dotted}" in policy.inputs or f"household:{dotted}" in policy.inputs:
                found[dotted] = name
            elif dotted in policy.definitions:
                visit(policy.definitions[dotted].expr.node)

    visit(node)
    return list(found.values())


class _Side:
    """One side of a comparison as it is said: its label, and for an expression its working (`50% × 8,400.00`)."""

    __slots__ = ("after", "before", "behind", "fn", "label", "spoken", "text", "working")

    def __init__(self, phrases: Phrases, node: ast.Node):
        static, wording = phrases.static, phrases.wording
        self.fn = static.fn(node)
        self.text = static.text(node)
        self.working: Template | None = None
        self.spoken: str | None = None  # for an expression, the words it is read aloud by, where it has them
        self.after = self.behind = ""
        if isinstance(node, LITERAL):
            self.label, self.before = self.text, ""
        elif isinstance(node, ast.Name | ast.Aggregate):
            self.label = phrases.side_label(node)
            self.before = self.label + " "
            # `number of members aged 60 or over (1)`, `houses owned besides the one lived in (0)`: not `… or over
            # 1`, heard as the age, nor `… lived in 0`, nor `… (retirement age) 1`, heard as the bracket's
            if wording.runs_into_number(self.label, node):
                self.before, self.behind = self.label + wording.w["open"], wording.w["close"]
        else:  # an expression: what it means, then its numbers
            self.label = wording.words(node)
            self.working = wording.numbers(node)
            self.spoken = wording.spoken(node)
            self.before = self.label + ("（" if phrases.lang == "zh" else " (")
            self.after = "）" if phrases.lang == "zh" else ") "

    def said(self, ctx: Ctx | None, shown: str, places: Decimal | None = None) -> str:
        """The side with its value `shown`, after its working where it has one: amounts the fen would round written
        to `places` where they are given (those its value is shown to)."""
        if self.working is None:
            return self.before + shown + self.behind
        numbers = self.working.fill(ctx) if places is None else self.working.fill_to(ctx, places)
        return self.before + numbers + self.after + shown


_HOLDS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
          "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


class Comparison:
    """A numeric or date comparison, with everything about it that no household changes."""

    def __init__(self, phrases: Phrases, node: ast.Compare):
        """`node` is said as it would be written field first (`field_first`): `0 == assets.vehicles` as
        `assets.vehicles == 0`, with the figures, margin and hint of that one."""
        static, w = phrases.static, phrases.w
        op, left, right = field_first(node, phrases.policy_wide)
        self.lhs, self.rhs = _Side(phrases, left), _Side(phrases, right)
        self.left, self.right = self.lhs.fn, self.rhs.fn
        kind = static.kind(left) if static.kind(left) != "number" else static.kind(right)
        # shares compared with a line the policy writes as a percentage (`50%`) are said as it writes them
        self.percent = kind == "number" and (static.policy.percent_line(left) or static.policy.percent_line(right))
        self.show = shares_shower(phrases.show(kind)) if self.percent else phrases.show(kind)
        self.money = kind in ("amount", "rate")
        self.relational = op in RELATION
        self.left_label = self.lhs.label
        # a right side that reads only literals and parameters (the common threshold) is said once
        constant, value = static.program.constant(right)
        self.right_value: Any = value
        self.right_shown: str | None = self.show(value) if constant and value is not None else None
        self.right_said = self.rhs.said(None, self.right_shown) if self.right_shown is not None else None
        self.missing = {"sentence": f"{phrases.wording.condition(node)} → {w['fails']}"}
        self.sep = "，" if phrases.lang == "zh" else ", "
        # the margin's sentence around its figure, said with the unit of the values it parts as they are said
        # (`with_unit`): `，低 ` + `2,520.00 元/年`, `165 岁`, `365 个月`; between two shares, percentage points
        # (`高 5.56 个百分点`)
        self.lang = phrases.lang
        self.margin_unit = "points" if self.percent else kind
        self.margin_words = {}
        self.tiny_margin = {}  # a margin that is not nothing but shows as 0.00: `，低不到 0.01 元/年`
        for side, key in ((">", "over"), ("<", "under")):
            before, _, after = w[key].partition("{m}")
            self.margin_words[side] = (self.sep + before, after)
            before, _, after = w[key + "_tiny"].partition("{m}")
            self.tiny_margin[side] = self.sep + before + self.united(thousands(CENT)) + after
        self.rel = w[RELATION[op]] if self.relational else ""
        # what would make a failed comparison hold, around its two numbers: the target, then the value now
        self.would = _around(w["would"], name=self.left_label, rel=self.rel)
        # the left side is what `it` stands for: `they` after a plural label (`rigid expenses`)
        they = "_plural" if phrases.lang == "en" and plural(self.left_label) else ""
        if self.relational:
            self.equal = {True: w["equal_allowed"].format(rel=self.rel),
                          False: w["equal_refused" + they].format(rel=self.rel)}
        self.holds = _HOLDS.get(op)  # for a comparison said inside a yes/no rule: whether this part is met
        # which part fails, around the figure it must be at most (or …) as the right side shows it: read aloud,
        # `（不满足：须不超过）` ends without saying what. Every comparison that fails says it, `==` too: the values
        # are said with the relation found between them (`0 < 1`), which alone reads as a fact that holds. A clause
        # of this comparison alone says it in the same words (`（须为 0）`, `（须不超过 2027-01-31）`)
        asked = w["must_be"].format(rel=self.rel) if self.relational else w[EQUALITY[op]] if op in EQUALITY else ""
        self.unmet = _around_figure(w["unmet" + they], asked)
        self.required = _around_figure(w["required"], asked)
        # `loss > 0` with no loss: say there is none, rather than what loss would qualify
        self.nothing = (w["nothing"].format(name=self.left_label)
                        if op == ">" and constant and value == 0 else None)
        # compared with zero as written (`loss > 0`): said as zero, not as a bare `0.00 元/年` nothing names, and
        # with no margin, which would only say the value again
        self.zero = (w["zero"] if op in RELATION and isinstance(right, LITERAL) and constant and value == 0
                     else None)
        if self.zero is not None:
            self.right_said = self.zero
        # never suggest that more expenses or losses would help the household
        self.hint = not (op in (">", ">=") and static.reads_expenses(left))
        self.op = op
        # where the value is counted income at a share (a wage at 80%), the hint says it in income as received too
        self.received = static.weighing.weigher(left) if self.money and self.relational else None
        self.per_head: tuple[Any, Any, bool, Show, tuple[str, str, str]] | None = None
        # one step further for a per-head value: name the household total that would have to change, said after
        # the hint (`；也就是家庭存款不超过 12,240.00 元（现为 57,480.00 元）`) around its target and its value now
        d = phrases.static.policy.definitions.get(left.dotted) if isinstance(left, ast.Name) else None
        divided = d.expr.node if d is not None else left  # a definition's, or the rule's own: `(…) / size`
        if isinstance(divided, ast.Arith) and divided.op == "/":
            top, bottom = divided.left, divided.right
            before, between, after = _around(w["that_is"], name=phrases.side_label(top), rel=self.rel)
            before = ("；" if phrases.lang == "zh" else "; ") + before
            self.per_head = (static.fn(top), static.fn(bottom), d is not None and d.level == "household",
                             phrases.show(static.kind(top)), (before, between, after))

    def united(self, figure: str) -> str:
        """A figure of its values, or of the margin between them, with their unit (`with_unit`)."""
        return with_unit(figure, self.margin_unit, self.lang)


def shares_shower(show: Show) -> Show:
    """How a share is said where the policy writes its line as a percentage: `55.56%` (any other value as `show`
    says it)."""
    return lambda value: share_percent(value) if type(value) is Decimal else show(value)


def _around_figure(template: str, must: str) -> tuple[str, str]:
    """A note of what a failed comparison `must` be (`须不超过`, `must be at most`): the text before and after the
    figure it must be, which the template writes after a space (`（不满足：须不超过 59 岁）`); none where it says
    nothing."""
    before, _, after = template.format(must=must, v="\0").partition("\0")
    return (before, after) if must else ("", "")


def _around(template: str, **fixed: str) -> tuple[str, str, str]:
    """A sentence of `{target}` then `{now}` with its other holes filled: the text before, between and after them."""
    text = template.format(target="\0", now="\1", **fixed)
    if not text.index("\0") < text.index("\1"):
        raise ValueError(f"{template!r}: the target must come before the value now")
    before, _, rest = text.partition("\0")
    between, _, after = rest.partition("\1")
    return before, between, after


class ClausePlan:
    """A clause's fixed parts in one language, and how its sentence is made."""

    def __init__(self, phrases: Phrases, clause: Clause, beside: list[ast.Node] | None = None):
        """`beside`: the rules the label stands beside, where its figures are looked for (an option's label, its
        `when` and its `amount`, as `policy doc` and `policy diff` look); the clause's test where None."""
        static, w = phrases.static, phrases.w
        node = clause.test.node
        self.id = clause.id
        self.label = clause.label.get(phrases.lang, clause.id)
        # an entry's part after its verdict: the rule as written, where, and the article it cites
        self.tail: dict[str, Any] = {"rule": static.text(node), "location": location(clause.test.span)}
        if clause.source:
            phrases.cite(self.tail, clause.source)
        cited = phrases.parameters_cited(clause.source, node)
        if cited:
            self.tail["parameters_cited"] = cited
        self.confirm: str | None = None  # a ground the document does not give (`confirm:`): said wherever it decides
        if clause.confirm is not None:
            self.confirm = self.tail["confirm"] = clause.confirm.get(phrases.lang, w["ground_to_confirm"])
        # the figures of parameters to confirm the label writes (`人均存款不超过24个月低保标准`: 24 is
        # `dibao_deposit_months`): the label is marked ⚠ wherever a sentence quotes it (`quoted`: the reasons and hints
        # the entries give), as `policy doc` and `policy diff` mark it; the entry keeps its `label` as written
        figures = figures_to_confirm(static.policy, clause.label, beside or [node], phrases.lang)
        if figures:
            self.tail["label_figures_to_confirm"] = figures
        self.quoted = quoted_label(self.label, phrases.lang, bool(figures))
        # the entry's start for either verdict, copied for each household
        self.operands = phrases.operands(node)
        self.comparison: Comparison | None = None
        self.facts: list[_Fact] = []
        if isinstance(node, ast.Compare) and static.kind(node.left) in (*t.NUMERIC, "age", "date"):
            self.comparison = Comparison(phrases, node)
        else:  # a yes/no rule: the values it looked at, in words
            self.facts = [_Fact(phrases, leaf) for leaf in _leaves(node)]
        self.yes_no = tuple(f for f in self.facts if f.yes_no)  # those its entries give in `looked_at`
        # a share compared as a percentage is said so where the clause unfolds it too (`18,000.00 ÷ 36,000.00 = 50%`)
        shares = {side.text for c in (self.comparison, *(f.comparison for f in self.facts)) if c is not None
                  and c.percent for side in (c.lhs, c.rhs)}
        for operand in self.operands:
            if operand.name in shares and operand.shown is None:  # a household's value, not a parameter's
                operand.as_share()
        said_as = self.said_as(phrases.lang, _one_chain(node, ast.And))
        self.heads = {verdict: {"id": self.id, "label": self.label, "verdict": verdict, **self.tail,
                                **({"said_as": said_as} if said_as else {})} for verdict in (True, False)}
        # of a rule that is one `and` chain, each condition's own test: what a household lacks is those it
        # fails; of one `or` chain, likewise: what a household was found to have is those it meets
        self.conjuncts = [static.fn(leaf) for leaf in _leaves(node)] if _one_chain(node, ast.And) else None
        self.disjuncts = [static.fn(leaf) for leaf in _leaves(node)] if _one_chain(node, ast.Or) else None
        # which of its conditions are why a household fails it, through each `and` and `or` (`lacking`)
        self.joined = _Joined(static, node, iter(range(len(self.facts)))) if isinstance(
            node, ast.And | ast.Or) and self.comparison is None else None
        self.join = CONDITIONS_JOIN[phrases.lang]
        self.ages = thresholds(static, phrases.wording, node)  # the ages a member may reach soon enough to be told
        # the days a comparison of the date in it turns (`today <= 2027-01-31`): one that ends it is said
        # (`ComingOfAge.date_ends`), and a birthday while it fails by the date alone, between two windows, ends nothing
        # (`ComingOfAge.turning`), as of a grant's conditions
        self.date_turns = date_turns(static, node)
        # to decide the rule again on the day an age is reached, or a comparison of the date turns
        self.test: Any = static.fn(node) if self.ages or self.date_turns else None
        # the alternatives of a yes/no that hold only below an age: which part a member past it fails
        self.ages_past = ages_past(phrases, node) if self.comparison is None else ()
        self.verdicts = {verdict: f" → {w['holds'] if verdict else w['fails']}" for verdict in (True, False)}

    def said_as(self, lang: str, chain: bool) -> dict[str, str]:
        """Each side of the rule's comparisons that is an expression, by its words, and the words it is read aloud by:
        its own (`计入收入的 50%`), else the label's for that side (`扣除刚性支出和灾害损失后人均收入`)."""
        found: dict[str, str] = {}
        parts = [self.comparison] if self.comparison is not None else [f.comparison for f in self.facts]
        for i, c in enumerate(parts):
            if c is None:
                continue
            named = None
            if len(parts) == 1 or chain:
                named = label_sides(self.label, len(parts), i, c.op, lang)
            for side, from_label in ((c.lhs, named and named[0]), (c.rhs, named and named[1])):
                said = side.spoken or from_label
                if side.working is not None and said:
                    found[side.label] = said
        return found

    def lacking(self, ctx: Ctx) -> list[_Fact]:
        """The conditions that are why a household fails the rule, through each `and` and `or` (`failing`): of
        `a and (b or c)`, `a` where it fails, `b` and `c` where their `or` does; what a measure withheld for this rule
        lacks. All of them where the rule is not joined by `and` or `or`, or where it holds."""
        if self.joined is None:
            return self.facts
        return [self.facts[i] for i in self.joined.failing(ctx)] or self.facts


def _one_chain(node: ast.Node, joint: type[ast.And] | type[ast.Or]) -> bool:
    """Whether a rule is one chain of `joint` (`a and b and c`): no other joint among its conditions."""
    if not isinstance(node, joint):
        return False
    return all(_one_chain(part, joint) or not isinstance(part, ast.And | ast.Or)
               for part in (node.left, node.right))


def _leaves(node: ast.Node) -> list[ast.Node]:
    """The conditions an `and`/`or` rule combines, in order."""
    if isinstance(node, ast.And | ast.Or):
        return [*_leaves(node.left), *_leaves(node.right)]
    return [node]


def _choice(node: ast.Node, policy_wide: Container[str]) -> tuple[ast.Name, tuple[ast.Node, ...], bool] | None:
    """The field a condition asks a value of, the values it names, and whether it refuses them: `grade in {"C",
    "D"}`, `grade != "A"`, and one written value first as written field first (`"C" == grade` as `grade == "C"`,
    `field_first` with `policy_wide`); None for any other condition."""
    if isinstance(node, ast.InSet):
        field, items, refusing = node.value, node.items, node.negated
    elif isinstance(node, ast.Compare):
        op, field, value = field_first(node, policy_wide)
        items, refusing = (value,), op == "!="
    else:
        return None
    return (field, items, refusing) if isinstance(field, ast.Name) else None


class _Fact:
    """One condition of a yes/no rule, said with the value it looked at: `住房安全等级为“B”`, `无灾害损失`."""

    __slots__ = ("asks", "comparison", "either", "fact", "fn", "label", "negated", "not_in", "not_in_together",
                 "phrases", "requirement", "said_for", "show", "yes_no")

    def __init__(self, phrases: Phrases, node: ast.Node):
        static, wording, w = phrases.static, phrases.wording, phrases.w
        self.phrases = phrases
        self.comparison: Comparison | None = None
        self.requirement = ""
        self.asks: tuple[str, ...] = ()  # of a choice, the values it asks for, each as said (`“义务教育”`)
        self.fact = w["fact"]
        looked_at = node.operand if isinstance(node, ast.Not) and isinstance(node.operand, ast.Name) else node
        self.negated = looked_at is not node  # `not X`: the value said is X's, the condition its opposite
        if isinstance(node, ast.Compare) and static.kind(node.left) in (*t.NUMERIC, "age", "date"):
            self.comparison = Comparison(phrases, node)
        elif (choice := _choice(node, phrases.policy_wide)) is not None:
            field, items, refusing = choice
            looked_at = field
            # say what the rule asks for, which no other line says: alone (`住房等级为“A”（须为“C”或“D”）`) or
            # among other conditions, where the value alone would not say whether this one is met
            refused, allowed = wording.allowed_values(field, items, refusing)
            self.requirement = w["must"].format(must=w["must_differ" if refused else "must_equal"],
                                                v=wording.either(allowed))
            self.asks = () if refused else tuple(allowed)
        self.fn = static.fn(looked_at)
        self.label = phrases.side_label(looked_at) if isinstance(looked_at, ast.Name | ast.Aggregate) else (
            wording.condition(looked_at))
        self.show = wording.show(looked_at)
        self.said_for: dict[Any, str] = {}  # a yes/no or enum value has few values: each is said once
        # `any(members where …)` is said as a sentence either way: `有成员患重特大疾病` / `没有成员患重特大疾病`; so is
        # `all(members, …)` that has a plain opposite: `所有成员年满 18 周岁` / `有成员未满 18 周岁`
        self.either: tuple[str, str] | None = None
        not_holding = wording.not_holding(looked_at)
        if not_holding is not None:
            self.either = (not_holding, self.label)
        # said as its label and the yes or no found (`住房不安全为否`), which a clause's `looked_at` gives apart
        self.yes_no = (self.comparison is None and self.either is None and not self.requirement
                       and static.kind(looked_at) == "boolean")
        # a category the household (or member) is not is no condition it failed: `该家庭不属于“最低生活保障对象”`
        category = static.policy.category(looked_at.dotted) if isinstance(looked_at, ast.Name) else None
        self.not_in = None if category is None else wording.w[f"{category.level}_not_in"].format(
            x=wording.category(category.id))
        # a member's category, said of two members not given a measure for it alike (`这两名成员都不属于“特困人员”`,
        # `neither member is …`), and of more (`这些成员都不属于“特困人员”`)
        self.not_in_together: tuple[str, str] | None = None
        if category is not None and category.level == "member":
            x = wording.category(category.id)
            self.not_in_together = (wording.w["two_members_not_in"].format(x=x),
                                    wording.w["members_not_in"].format(x=x))

    def lacks(self, ctx: Ctx) -> bool:
        """Whether this is a yes/no the household was found not to have (`住房不安全为否`): what it lacks, to be said
        as the condition not met, since the label alone, read aloud, would say the opposite."""
        return (self.comparison is None and self.either is None and not self.requirement and not self.negated
                and self.fn(ctx) is False)

    def asking(self, asks: tuple[str, ...]) -> str:
        """What a choice asks for, after its value: `（须为“义务教育”或“高中阶段”）` / ` (must be …)`."""
        w = self.phrases.w
        return w["must"].format(must=w["must_equal"], v=self.phrases.wording.either(list(asks)))

    def said_asking(self, ctx: Ctx, asks: tuple[str, ...]) -> str:
        """A choice said as `said` says it, asking for any of `asks`: the values several forms of a measure ask for
        (`在读学段为“不在读”（须为“义务教育”、“高中阶段”或“高等教育”）`)."""
        return self.fact.format(name=self.label, value=self.show(self.fn(ctx))) + self.asking(asks)

    def said(self, comparisons: Comparisons, ctx: Ctx) -> str:
        if self.comparison is not None:
            return comparisons.statement(self.comparison, ctx)
        value = self.fn(ctx)
        if self.either is not None and value is not None:
            return self.either[bool(value)]
        text = self.said_for.get(value)
        if text is None:
            text = self.fact.format(name=self.label, value=self.show(value)) + self.requirement
            if len(self.said_for) < 64:  # free text could have any value: keep the memo small
                self.said_for[value] = text
        return text


class CategoryPlan:
    """A category's heading and verdict words in one language."""

    def __init__(self, phrases: Phrases, category: Category):
        lang, w, policy = phrases.lang, phrases.w, phrases.static.policy
        self.w, self.lang = w, lang
        self.head: dict[str, Any] = {
            "id": category.id, "label": category.label.get(lang, category.id), "level": category.level,
            "location": location(category.span),
        }
        if category.group:
            self.head["group"] = category.group
        if category.source:
            phrases.cite(self.head, category.source)
        self.clauses = [phrases.clause(c) for c in category.clauses]
        self.quoted = [plan.quoted for plan in self.clauses]  # each clause as its reasons and hints name it
        # its clauses the document does not give, as the explanation's list of what to confirm names them
        self.grounds = [{"label": plan.label, "confirm": plan.confirm, "category": category.id, "clause": plan.id}
                        for plan in self.clauses if plan.confirm is not None]
        self.match_all = category.match == "all"
        if not self.match_all:
            self.head["match"] = "any"
            self.head["any_of"] = w["any_of"]
        self._failed: dict[tuple[bool, ...], tuple[str, list[str]]] = {}
        self._after_hints: dict[tuple[tuple[bool, ...], tuple[int, ...]], list[AfterHint]] = {}
        # which clauses read the household's income, through definitions and categories; of those, the
        # comparisons, whose hint says what income would make them hold
        reads_income = phrases.static.weighing.reads_income
        self.reads_income = [reads_income(c.test.node) for c in category.clauses]
        self.income_threshold = [plan.comparison is not None and reads
                                 for plan, reads in zip(self.clauses, self.reads_income, strict=True)]
        who = w[category.level]
        self.preempted: dict[str, str] = {}
        for other in policy.categories:
            self.preempted[other.id] = w["preempted"].format(who=who, other=quotes_within(other.label.get(lang)))

    def failed(self, verdicts: tuple[bool, ...]) -> tuple[str, list[str]]:
        """Why a category none of whose exclusive rivals came first was not assigned, and the ids of the
        clauses that failed (a list to copy: each explanation gets its own)."""
        found = self._failed.get(verdicts)
        if found is None:
            w = self.w
            failed = failing(self.quoted, verdicts)
            if len(failed) == 1:
                why = w["failed_one"].format(clause=failed[0])
            else:
                why = w["failed_all" if len(failed) == len(verdicts) else "failed_many"].format(
                    clauses=listed(failed, self.lang), k=len(failed), n=len(verdicts))
            ids = [c.id for c in failing(self.clauses, verdicts)]
            found = self._failed[verdicts] = (why, ids)
        return found

    def after_hints(self, verdicts: tuple[bool, ...], soon: tuple[int, ...] = ()) -> list[AfterHint]:
        """For each clause, what its hint needs where the category needs every clause and others fail too, so that
        the hint is not heard as the way to the category. A failed income threshold, where some other failed clause
        reads no income at all (labour capacity, a supporter, a disaster loss), is one no change of income can bring
        the category with: its figures are noise, and it says only that (`另有“无劳动能力（…）”这一条件不满足，收入变化
        不能改变认定结果`), naming those clauses — but for those in `soon`, which the member meets by coming of age
        within the year and before the policy's end, after which income does decide. Any other hint is followed by
        the clauses that fail too (`；但“无劳动能力（…）”这一条件也不满足，仅此一项仍不能认定`). Nothing where the
        clause alone fails."""
        found = self._after_hints.get((verdicts, soon))
        if found is None:
            w, failed = self.w, [i for i, verdict in enumerate(verdicts) if not verdict]
            found = []
            for i in range(len(verdicts)):
                others = [j for j in failed if j != i]
                blind = [j for j in others if not self.reads_income[j] and j not in soon] if (
                    self.income_threshold[i]) else []
                said = blind or others
                words = ("income_blind" if blind else "also_unmet") + ("_one" if len(said) == 1 else "_many")
                text = w[words].format(clauses=listed((self.quoted[j] for j in said), self.lang),
                                       k=len(said)) if said else ""
                found.append(AfterHint(text, tuple(self.clauses[j].id for j in blind)))
            self._after_hints[verdicts, soon] = found
        return found


class AfterHint(NamedTuple):
    """What follows a failed clause's hint (`text`), or, where `blocked_by` names the failed clauses that read no
    income, what is said instead of the figures of its income threshold."""

    text: str
    blocked_by: tuple[str, ...]
