"""What no household changes in a policy's explanations, worked out once per policy and language.

Input: a `Policy` (`static_for` keeps one `Static` per policy) and a language (`Static.phrases`).
Output: `Static`, each rule's text, compiled closure and kind; `Phrases`, the labels, value words,
citations and value writers of one language, and the plans of its clauses, categories, measures
and operands, each made on first use and kept. `Phrases` is also the vocabulary `engine.wording`
says expressions with.
Invariant: only reads the policy; plans are keyed by node identity, which a loaded policy never
changes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.evaluator import program_for
from engine.explain.grants import MeasurePlan
from engine.explain.plans import CategoryPlan, ClausePlan, Operand
from engine.explain.received import Weighing
from engine.explain.words import BUILTIN_LABELS, WORDS, Show, bracketed, location, shower
from engine.model import Category, Clause, Measure, Option, Policy, cited_documents, per_policy
from engine.policy_values import policy_wide_values
from engine.syntax import ast
from engine.syntax.printer import to_text
from engine.values import human, kind_of, listed, mark_after, percent, said_kind
from engine.wording import Wording


def share_said(share: Decimal) -> str:
    """A share of income counted, as written (`80%`)."""
    return f"{(share * 100).normalize():f}%"


FULL_SHARE = share_said(Decimal(1))  # the accounting's share of an income counted in full: `100%`


def quantity_said(policy: Policy, value: object, node: ast.Node, lang: str, both: bool = True,
                  monthly: bool | None = None) -> str:
    """A constant of a policy as an officer writes it: `510.00 yuan/month (6,120.00 yuan/year)`, first in the period
    its rule is written in, or as `monthly` asks (without `both`, that one alone), `20%` where the rule
    writes a percentage."""
    kind = kind_of(policy.types.get(id(node)))
    if isinstance(value, Decimal) and kind == "rate":
        month, year = human(value, "rate", lang, per="month"), human(value, "rate", lang)
        first_monthly = policy.written_monthly(node) if monthly is None else monthly
        first, other = (month, year) if first_monthly else (year, month)
        return first + bracketed(other, lang == "zh") if both else first
    if isinstance(value, Decimal) and kind == "number" and isinstance(node, ast.Percent):
        return percent(value)
    return human(value, kind, lang)


class IncomeSaid:
    """An income type as the accounting says it in one language: its label, the share of it counted (as a
    fraction and as written, `80%`), and the document it cites."""

    __slots__ = ("citation", "counted", "label", "share", "share_text")

    def __init__(self, phrases: Phrases, name: str):
        kind = phrases.static.policy.income[name]
        self.label = kind.label.get(phrases.lang, name)
        self.counted = kind.counted
        self.share: Decimal = phrases.static.program.shares[name]
        self.share_text = share_said(self.share)
        self.citation: dict[str, Any] = {}
        if kind.source:
            phrases.cite(self.citation, kind.source)


class Static:
    """What never changes for a policy's rules: their text, operands, compiled values and kinds.

    Compiled closures do not depend on the level they are compiled for (a name or an
    aggregation reads its context), so one closure per node serves every context.
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.program = program_for(policy)
        self._text: dict[int, str] = {}
        self._fns: dict[int, Any] = {}
        self._phrases: dict[str, Phrases] = {}
        self.weighing = Weighing(self)
        # the names whose values no household changes, the parameters and the definitions computed from them alone: a
        # comparison written with one of them first is said the other way round (`wording.field_first`)
        self.policy_wide = frozenset(policy.parameter_values).union(policy_wide_values(policy))

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
        return said_kind(self.policy.types.get(id(node)))

    def reads_expenses(self, node: ast.Node) -> bool:
        """Whether a value depends, through any definitions, on the household's expenses or losses."""
        return any(name == "rigid_expenses" or name.partition(".")[0] in ("expenses", "own_expenses")
                   for name in self.policy.reads(node))

    def phrases(self, lang: str) -> Phrases:
        phrases = self._phrases.get(lang)
        if phrases is None:
            phrases = self._phrases[lang] = Phrases(self, lang)
        return phrases


@per_policy
def static_for(policy: Policy) -> Static:
    return Static(policy)


class Phrases:
    """Everything about a policy's explanation in one language that no household changes."""

    def __init__(self, static: Static, lang: str):
        self.static = static
        self.lang = lang
        self.policy_wide = static.policy_wide
        self.w = WORDS[lang]
        self._labels: dict[str, str] = {}
        self._shows: dict[str, Show] = {}
        self._clauses: dict[int, ClausePlan] = {}
        self._categories: dict[int, CategoryPlan] = {}
        self._measures: dict[str, MeasurePlan] = {}
        self._conditions: dict[tuple[str, str], ClausePlan] = {}
        self._cited: dict[str, str | None] = {}  # each citation as this language reads it, worked out once
        self._operands: dict[int, list[Operand]] = {}
        self._to_confirm: dict[int, frozenset[str]] = {}
        self._confirmations: dict[tuple[tuple[int, ...], frozenset[str], frozenset[str]],
                                  list[tuple[str, str | None]]] = {}
        self._parameters_cited: dict[tuple[str | None, int], list[dict[str, Any]]] = {}
        self.boolean = self.show("boolean")
        self.rate = self.show("rate")
        self.verdict_words = {True: self.w["holds"], False: self.w["fails"]}
        self.category_labels = {c.id: c.label.get(lang, c.id) for c in static.policy.categories}
        self.value_words = {f.name: {value: label.get(lang, value) for value, label in f.value_labels}
                            for f in static.policy.inputs.values() if f.value_labels}
        self.never_empty = {f.name: f.values for f in static.policy.inputs.values()
                            if f.type == "enum" and not f.nullable}
        policy = static.policy
        self.policy_title = policy.meta.title.get(lang, policy.meta.id)
        self.policy_line = self.w["policy_line"].format(file=policy.file, sha=policy.sha256[:12])
        self.incomes = {name: IncomeSaid(self, name) for name in policy.income}
        self.expense_labels = {name: e.label.get(lang, name) for name, e in policy.expenses.items()}
        # the household's measures, which an explanation names when they are not granted
        self.household_measures = [m for m in policy.assistance if m.level == "household"]
        self._withheld: dict[str, tuple[dict[str, Any], list[ClausePlan]]] = {}
        self._nobody_in: dict[frozenset[str], str] = {}
        self.wording = Wording(self)
        self._documented: Wording | None = None

    @property
    def documented(self) -> Wording:
        """Words that give each parameter's figure beside its label, marked ⚠ where it is a value to confirm
        (`农村最低生活保障标准（510.00 元/月 ⚠）`, `低保对象医疗救助比例（70%）` where settled), as `policy doc`'s
        parameters table marks it: for a reader with no household's working to find the figure in, who would
        otherwise take one in a rule for a settled one — `policy doc`, and `policy diff` for each side of a rule."""
        if self._documented is None:
            self._documented = Wording(self, lambda name: self.figure(name, marked=True))
        return self._documented

    def figure(self, name: str, both: bool = False, marked: bool = False) -> str | None:
        """A parameter's value as `policy doc`'s parameters table gives it, a rate as written alone (`510.00 元/月`,
        `70%`), with `marked` marked ⚠ where it is a value to confirm, as that table marks it; a definition's computed
        from parameters alone as explanations give it, a rate per year (`9,180.00 元/年`), marked ⚠ where it reads a
        value to confirm; with `both`, a rate in the other period too, in brackets, which in Chinese the mark follows
        directly as it follows a label's (`9,180.00 元/年（765.00 元/月）⚠`: `mark_after`); None for any other name."""
        policy = self.static.policy
        param = policy.parameters.get(name)
        if param is not None and name in policy.parameter_values:
            said = quantity_said(policy, policy.parameter_values[name], param.expr.node, self.lang, both)
            return said + mark_after(said, self.lang) if marked and param.confirm is not None else said
        value = policy_wide_values(policy).get(name)
        if value is None or isinstance(value, bool):  # a yes/no fact is no figure
            return None
        node = policy.definitions[name].expr.node
        said = quantity_said(policy, value, node, self.lang, both, monthly=False)
        # only as settled as its parts: a value to confirm it is computed from is marked on it, as explanations mark it
        return said + mark_after(said, self.lang) if self.to_confirm(node) else said

    # what `Wording` asks of a policy (`engine.wording.Vocabulary`)

    def kind(self, node: ast.Node) -> str:
        return self.static.kind(node)

    def constant(self, node: ast.Node) -> tuple[bool, Any]:
        return self.static.program.constant(node)

    def fn(self, node: ast.Node) -> Any:
        return self.static.fn(node)

    def is_category(self, name: str) -> bool:
        return self.static.policy.category(name) is not None

    def category_of_household(self, name: str) -> bool:
        category = self.static.policy.category(name)
        return category is not None and category.level == "household"

    def of_household(self, name: str) -> bool:
        policy = self.static.policy
        definition = policy.definitions.get(name)
        return f"household:{name}" in policy.inputs or (definition is not None and definition.level == "household")

    def confirmations(self, options: tuple[Option, ...], incomes: frozenset[str],
                      labelled: frozenset[str] = frozenset()) -> list[tuple[str, str | None]]:
        """The parameters marked `confirm:` that the amounts of these options and the shares of these income types
        read, and those `labelled` (whose figure a label said writes: a form not given, `低保对象按70%救助 ⚠`), each
        as its label and what to confirm, in the policy's order; worked out once for each mix."""
        key = (tuple(id(option) for option in options), incomes, labelled)
        found = self._confirmations.get(key)
        if found is None:
            policy = self.static.policy
            exprs = [option.amount for option in options]
            exprs += [policy.income[t].share for t in incomes if policy.income[t].counted]
            used = set(labelled).union(*(self.to_confirm(e.node) for e in exprs if e is not None))
            found = [(param.label.get(self.lang, name), param.confirm.get(self.lang))
                     for name, param in policy.parameters.items() if name in used and param.confirm is not None]
            if len(self._confirmations) < 1024:
                self._confirmations[key] = found
        return found

    def to_confirm(self, node: ast.Node) -> frozenset[str]:
        """The parameters marked `confirm:` that an amount or share reads, worked out once per expression."""
        found = self._to_confirm.get(id(node))
        if found is None:
            parameters = self.static.policy.parameters
            found = self._to_confirm[id(node)] = frozenset(
                name for name in self.static.policy.reads(node)
                if name in parameters and parameters[name].confirm is not None)
        return found

    def parameters_cited(self, source: str | None, node: ast.Node) -> list[dict[str, Any]]:
        """The parameters a rule or an amount reads, directly or through definitions, whose `source:` names a
        document the entry's own `source` does not, in the policy's order: each its name, label and that part of
        its citation (`农村最低生活保障标准`, `县民发〔2026〕88号 第一条`). The figure said rests on that document too,
        which the entry's citation alone would leave unsaid."""
        found = self._parameters_cited.get((source, id(node)))
        if found is None:
            policy = self.static.policy
            own = {document.split()[0] for document in cited_documents(source)} if source else set()
            read = policy.reads(node)
            found = []
            for name, param in policy.parameters.items():
                parts = [d for d in cited_documents(param.source) if d.split()[0] not in own] \
                    if name in read and param.source else []
                if parts:
                    item = {"name": name, "label": self.label(name)}
                    self.cite(item, "; ".join(parts))
                    found.append(item)
            self._parameters_cited[(source, id(node))] = found
        return found

    def cite(self, entry: dict[str, Any], source: str) -> None:
        """Set an entry's `source` (the citation as written) and, where the policy says how to name the
        document or its articles in this language, `cited` (`大政发〔2024〕47号 二、1` for `dsz-2024-47 二、1`;
        `Dashi Town Doc. [2024] No. 47 Annex 1` for `dsz-2024-47 附件1`)."""
        entry["source"] = source
        if source not in self._cited:
            self._cited[source] = self.static.policy.meta.cite(source, self.lang)
        said = self._cited[source]
        if said is not None:
            entry["cited"] = said

    def value_word(self, name: str, value: str) -> str:
        """An enum value as the policy's `value_labels` say it, else as the household file writes it."""
        words = self.value_words.get(name)
        return words.get(value, value) if words else value

    def enum_values(self, name: str) -> tuple[str, ...]:
        """An enum input's values in the policy's order; none for an input that may be left empty, which is then
        none of them, or that is not an enum."""
        return self.never_empty.get(name, ())

    def written_monthly(self, name: str) -> bool:
        param = self.static.policy.parameters.get(name)
        return param is not None and self.static.policy.written_monthly(param.expr.node)

    def counts_months(self, node: ast.Node) -> bool:
        return self.static.policy.counts_months(node)

    def is_percent(self, name: str) -> bool:
        return self.static.policy.written_as_percent(name)

    def show(self, kind: str) -> Show:
        show = self._shows.get(kind)
        if show is None:
            show = self._shows[kind] = shower(kind, self.lang)
        return show

    def label(self, name: str) -> str:
        text = self._labels.get(name)
        if text is None:
            text = self._labels[name] = self._label(name)
        return text

    def _label(self, name: str) -> str:
        policy = self.static.policy
        label = policy.label_of(name) or BUILTIN_LABELS.get(name)
        if label is None and "." in name:
            head, _, rest = name.partition(".")
            inner = policy.label_of(rest)
            prefix = {"income": "", "expenses": "", "own_income": "", "own_expenses": ""}.get(head, head + ".")
            return prefix + (inner.get(self.lang, rest) if inner else rest)
        return label.get(self.lang, name) if label else name

    def side_label(self, node: ast.Node) -> str:
        return self.label(node.dotted) if isinstance(node, ast.Name) else self.wording.words(node)

    def operands(self, node: ast.Node) -> list[Operand]:
        """The names and aggregations a rule reads that its entry unfolds: not the categories, which have their own."""
        key = id(node)
        if key not in self._operands:
            self._operands[key] = [o for o in (Operand(self, n) for n in ast.operands(node)) if not o.category]
        return self._operands[key]

    def clause(self, clause: Clause) -> ClausePlan:
        plan = self._clauses.get(id(clause))
        if plan is None:
            plan = self._clauses[id(clause)] = ClausePlan(self, clause)
        return plan

    def measure(self, measure: Measure) -> MeasurePlan:
        plan = self._measures.get(measure.id)
        if plan is None:
            plan = self._measures[measure.id] = MeasurePlan(self, measure)
        return plan

    def condition(self, measure: Measure, option: Option) -> ClausePlan:
        """A measure's `when` (of `option`, one of its forms), said as a clause is: what a household or member it was
        not granted to lacks. A single form's cites the measure's article, which a form's line leaves to its
        measure's."""
        key = (measure.id, option.id)
        plan = self._conditions.get(key)
        if plan is None:
            single = len(measure.options) == 1
            label = measure.label if single or option.label is None else option.label
            # a form's own label stands beside its amount too: its figures are looked for there, as `policy doc`,
            # `policy diff` and its grant look (`低保对象按70%救助`: 70% is the share its amount reads)
            beside = None if label is measure.label else [e.node for e in (option.when, option.amount) if e is not None]
            plan = self._conditions[key] = ClausePlan(
                self, Clause(measure.id, label, option.when, measure.source if single else option.source, option.span),
                beside)
        return plan

    def withheld(self, measure: Measure) -> tuple[dict[str, Any], list[ClausePlan]]:
        """A measure not granted: its entry but for why (its id, label and department, then its rule, location and
        citation: of a single form, its condition's; of several, the measure's place and article), and the condition
        of each of its forms said as a clause is."""
        found = self._withheld.get(measure.id)
        if found is None:
            said, conditions = self.measure(measure), [self.condition(measure, o) for o in measure.options]
            head: dict[str, Any] = {"id": measure.id, "label": said.label, "department": said.department}
            if len(conditions) == 1:
                head.update(conditions[0].tail)
            else:
                head["location"] = location(measure.span)
                if measure.source:
                    self.cite(head, measure.source)
            found = self._withheld[measure.id] = (head, conditions)
        return found

    def nobody_in(self, needs: frozenset[str]) -> str:
        """That neither the household nor any member is in one of the categories `needs` (those a measure needs one
        of), in the form of their level: `所有成员都不属于“特困人员”`, `该家庭不属于“最低生活保障对象”`, or both
        (`本户及户内成员均不属于“特困人员”或“最低生活保障对象”`); needing any category of the policy, that none is held
        (`本户及户内成员均不属于任何类别`), which a list of them all would say at length."""
        said = self._nobody_in.get(needs)
        if said is None:
            categories = [c for c in self.static.policy.categories if c.id in needs]
            levels = {c.level for c in categories}
            key = "all_not_in" if levels == {"member"} else "household_not_in" if levels == {"household"} else \
                "nobody_in_any" if len(categories) == len(self.static.policy.categories) else "nobody_in"
            x = listed([self.wording.category(c.id) for c in categories], self.lang, "or")
            said = self._nobody_in[needs] = self.wording.w[key].format(x=x)
        return said

    def category(self, category: Category) -> CategoryPlan:
        plan = self._categories.get(id(category))
        if plan is None:
            plan = self._categories[id(category)] = CategoryPlan(self, category)
        return plan
