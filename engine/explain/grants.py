"""Assistance as explained: how each measure's amount is worked out, and each grant's entry.

Input: a measure (for `MeasurePlan`, made once per policy and language by `Phrases`), then a
`Grant` of one decision with the context it was granted in.
Output: a grant's entry: measure, department, option and amount; the amount's working in words
and with numbers; the parameters it is computed from (`where`); which option won and over which
(就高不就低); or why it comes to nothing.
Invariant: the amount is the one the evaluation granted; the working only fills in the values it
was computed from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.contexts import MemberContext
from engine.evaluator import Ctx, EvaluationError, Grant
from engine.explain.birthdays import thresholds
from engine.explain.date_turns import date_turns
from engine.explain.words import LITERAL, decided_by, location, quoted_label
from engine.label_figures import figures_to_confirm
from engine.model import Measure
from engine.setting_words import department_name
from engine.syntax import ast
from engine.values import CENT, UNIT_WORDS, about, cents, grouped, listed
from engine.wording import Template

if TYPE_CHECKING:
    from engine.explain.phrases import Phrases


class _Working:
    """How one option's amount is worked out, in words and with numbers, and why it can come to nothing."""

    def __init__(self, phrases: Phrases, node: ast.Node, per_month: bool):
        wording, w, policy = phrases.wording, phrases.w, phrases.static.policy
        per_month = per_month or policy.counts_months(node)
        self.words = wording.words(node, per_month)
        self.numbers = wording.numbers(node, per_month)
        self.named = isinstance(node, ast.Name)  # an amount a parameter gives: its figure is said once, not twice
        # an amount rounded (`ceil(…)`): the working says what it came to before, and that it was rounded, so that
        # a gap of less than a fen rounded up to a yuan does not read as nothing made into one
        self.rounded: tuple[Any, Template, str] | None = None
        if isinstance(node, ast.Call) and node.function in ("ceil", "floor", "round") and node.args:
            self.rounded = (phrases.static.fn(node.args[0]), wording.numbers(node.args[0], per_month),
                            w["rounded_to"].replace("{how}", wording.w[node.function]))
        self.reads = any(True for _ in ast.names_in(node)) or any(isinstance(n, ast.Aggregate) for n in node.walk())
        # a parameter computed from others (the tekun standard, 1.3 × the dibao standard) is worked out too
        self.where: list[str] = []
        for name in dict.fromkeys(n.dotted for n in ast.names_in(node)):
            param = policy.parameters.get(name)
            if param is not None and not isinstance(param.expr.node, LITERAL):
                expr = param.expr.node
                value = phrases.static.program.constant(expr)[1]
                show = wording.show_kind(phrases.static.kind(expr), per_month=per_month)
                self.where.append(w["where"].format(name=phrases.label(name)) + f" = {wording.words(expr, per_month)}"
                                  f" = {wording.numbers(expr, per_month).fill(None)} = {show(value)}")
        # (a name inside `sum(members, …)` is read of each member, not where the amount is worked out)
        self.nothing = [(phrases.static.fn(n), n.dotted, w["nothing"].format(name=phrases.label(n.dotted)))
                        for n in ast.operands(node) if isinstance(n, ast.Name)
                        and phrases.static.kind(n) in ("amount", "rate") and not phrases.static.program.constant(n)[0]]
        self.memberless = {name: phrases.label(name) for _, name, _ in self.nothing if name.startswith("own_expenses.")}
        self.memberless_words, self.lang = w["nothing_memberless"], phrases.lang
        self.memberless_aloud = w["nothing_memberless_aloud"]
        self.rate = UNIT_WORDS[phrases.lang]["rate"]
        self.zero_amount, self.zero_only = w["zero_amount"], w["zero_only"]

    def zero(self, ctx: Ctx) -> tuple[str, str | None]:
        """Why the amount is nothing, and where the brief reads it aloud otherwise, how (else None)."""
        for fn, name, nothing in self.nothing:
            try:
                value = fn(ctx)
            except EvaluationError:  # (in a branch of `if` the amount did not take, and this household cannot give)
                continue
            if value == 0:
                return self._memberless(ctx, name) or (nothing + self.zero_amount, None)
        return self.zero_only, None

    def _memberless(self, ctx: Ctx, name: str) -> tuple[str, str] | None:
        """A member's own expenses of a type that are none while the household gives such lines for no member
        (H010): said, since `no medical costs reported` would read as if the household gave none; read aloud, in
        fewer words and without the lines' paths (the brief's doubts have said what to do about them)."""
        if name not in self.memberless or not isinstance(ctx, MemberContext):
            return None
        kind = name.partition(".")[2]
        lines = [(i, line.amount) for i, line in enumerate(ctx.hh.household.expenses)
                 if line.member is None and line.type == kind]
        if not lines:
            return None
        amount = f"{grouped(sum((a for _, a in lines), Decimal(0)))} {self.rate}"
        paths = listed((f"expenses[{i}]" for i, _ in lines), self.lang)
        return (self.memberless_words.format(name=self.memberless[name], amount=amount, lines=paths) + self.zero_amount,
                self.memberless_aloud.format(name=self.memberless[name], amount=amount) + self.zero_amount)


class MeasurePlan:
    """A measure's labels, the working of each option's amount, and how amounts are written."""

    def __init__(self, phrases: Phrases, measure: Measure):
        lang, w, policy = phrases.lang, phrases.w, phrases.static.policy
        self.w, self.lang = w, lang
        self.label = measure.label.get(lang, measure.id)
        self.department = department_name(policy, measure.department, lang)
        self.options: dict[str, _Working] = {}
        self.option_labels: dict[str, str] = {}  # each option in quotes, as `applies` and `higher_wins` name it
        # options whose label writes the figure of a parameter to confirm (`低保对象按70%救助`): the label is marked ⚠
        # after its quotes wherever it is quoted, as a clause's is and as `policy doc` and `policy diff` mark it, and
        # the figures listed in the entry
        self.label_figures: dict[str, list[dict[str, str]]] = {}
        self.sums: set[str] = set()  # options whose rule gives a sum (a rate times `1 month`), not a rate
        self.unsettled: set[str] = set()  # options whose amount reads a value to confirm: marked ⚠ where compared
        for option in measure.options:
            rules = [e.node for e in (option.when, option.amount) if e is not None]
            figures = [{"option": option.id, **f} for f in figures_to_confirm(policy, option.label, rules, lang)]
            if figures:
                self.label_figures[option.id] = figures
            self.option_labels[option.id] = quoted_label(
                option.label.get(lang, option.id) if option.label else option.id, lang, bool(figures))
            if option.amount is not None:
                node = option.amount.node
                if measure.per and phrases.static.kind(node) == "amount":
                    self.sums.add(option.id)
                self.options[option.id] = _Working(phrases, node, measure.per == "month")
                if phrases.to_confirm(node):
                    self.unsettled.add(option.id)
        self.choice = len(measure.options) > 1
        self.applies = {o: w["applies"].format(option=label) for o, label in self.option_labels.items()}
        per = phrases.static.program.periods[measure.id]  # a rate per year where no `per` says otherwise
        self.unit = UNIT_WORDS[lang]["month" if per == "month" else "rate" if per == "year" else "amount"]
        self.sum_unit = UNIT_WORDS[lang]["amount"]
        self.monthly = per == "month"
        # the ages at which a member's birthday may end the measure: every option's rule decided again that day
        whens = [option.when.node for option in measure.options]
        self.ages = thresholds(phrases.static, phrases.wording, *whens)
        # the ages at which a birthday may change what it pays: its amounts' too
        self.paid_ages = thresholds(phrases.static, phrases.wording, *whens, *(
            option.amount.node for option in measure.options if option.amount is not None))
        # the days a comparison of the date in its conditions or amounts turns (`today <= 2027-02-28`): the measure may
        # end, or pay another amount, then
        self.date_turns = date_turns(phrases.static, *whens, *(
            option.amount.node for option in measure.options if option.amount is not None))
        self.test: Any = None
        if self.ages:
            tests = [phrases.static.fn(node) for node in whens]
            self.test = lambda ctx: any(test(ctx) for test in tests)

    def amount(self, amount: Decimal | None) -> str:
        return decided_by(self.department, self.lang) if amount is None else f"{grouped(amount)} {self.unit}"

    def _marked(self, option: str, amount: Decimal | None) -> str:
        return self.amount(amount) + (" ⚠" if option in self.unsettled else "")

    def worked_out(self, option: str, amount: Decimal) -> str:
        """The amount at the end of its working: a sum in yuan when the rule gives one (`… × 1 month`), though
        it is paid per month; otherwise as the grant is written."""
        return f"{grouped(amount)} {self.sum_unit}" if option in self.sums else self.amount(amount)

    def working(self, option: str, amount: Decimal, ctx: Ctx) -> str:
        """How an option's amount is worked out for `ctx`: in words, with numbers, and what it comes to. An amount
        rounded that its numbers do not come to exactly says what they come to, then what that was rounded to:
        `= 不到 0.01 元，向上取整为 1.00 元`, `= ≈369.17 元，向上取整为 370.00 元`."""
        working = self.options[option]
        if working.rounded is not None:
            fn, numbers, rounded_to = working.rounded
            value = fn(ctx)
            if value != amount:
                if value > 0 and cents(value) == 0:
                    before = self.w["less_than"].format(m=self.worked_out(option, CENT))
                else:
                    before = about(value) + self.worked_out(option, value)
                return (f"{working.words} = {numbers.fill(ctx)} = {before}"
                        f"{rounded_to.format(amount=self.worked_out(option, amount))}")
        if working.named:
            return f"{working.words} = {self.worked_out(option, amount)}"
        return f"{working.words} = {working.numbers.fill(ctx)} = {self.worked_out(option, amount)}"

    def higher_wins(self, grant: Grant) -> str:
        """就高不就低: the option used, those it is higher than, and those that give the same; an amount that reads
        a value to confirm marked ⚠, as a figure to confirm is marked where a working shows it (the list at the end
        names the value: what is higher may change with it)."""
        w, labels = self.w, self.option_labels
        won = grant.amount
        assert won is not None
        lower = [o for o in grant.others if o.amount is not None and o.amount < won]
        same = [o for o in grant.others if o.amount is not None and o.amount == won]
        text = w["higher_wins"].format(won=labels[grant.option.id], amount=self._marked(grant.option.id, won))
        if lower:
            text += w["higher_than"].format(others=listed(
                (f"{labels[o.option.id]} {self._marked(o.option.id, o.amount)}" for o in lower), self.lang))
        if same:
            text += w["same_as"].format(others=listed((labels[o.option.id] for o in same), self.lang))
        return text


def grant_entry(phrases: Phrases, grant: Grant, ctx: Ctx) -> dict[str, Any]:
    """A grant as explained: its measure, option and amount, and how the amount is worked out for `ctx`
    (the member's context for a member's grant, else the household's)."""
    measure, option = grant.measure, grant.option
    plan = phrases.measure(measure)
    entry: dict[str, Any] = {
        "id": measure.id, "label": plan.label, "department": plan.department,
        "option": option.id, "location": location(option.when.span),
    }
    if grant.member:
        entry["member"] = grant.member
    if measure.source:
        phrases.cite(entry, measure.source)
    amount = grant.amount
    entry["amount"] = plan.amount(amount)
    if amount is None:
        return entry
    if plan.monthly and amount:  # what a household hears as its year: twelve months of it
        entry["per_year"] = f"{grouped(amount * 12)} {plan.sum_unit}"
    working = plan.options[option.id]
    if amount == 0:  # nothing to pay: say why, rather than list a grant of 0.00
        entry["zero"], aloud = working.zero(ctx)
        if aloud is not None:
            entry["zero_aloud"] = aloud
        return entry
    if option.amount is not None:  # the amount said rests on the documents its parameters cite too
        cited = phrases.parameters_cited(measure.source, option.amount.node)
        if cited:
            entry["parameters_cited"] = cited
    if grant.others:
        entry["higher_wins"] = plan.higher_wins(grant)
    elif plan.choice:  # which of the measure's options gives it
        entry["applies"] = plan.applies[option.id]
    quoted = [option, *(o.option for o in grant.others if o.amount is not None)] if grant.others or plan.choice else []
    figures = [figure for o in quoted for figure in plan.label_figures.get(o.id, ())]
    if figures:  # the options said by a label that writes a figure to confirm
        entry["option_labels_to_confirm"] = figures
    if working.reads:
        entry["working"] = plan.working(option.id, amount, ctx)
    if working.where:
        entry["where"] = list(working.where)
    return entry
