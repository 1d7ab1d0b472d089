"""One decision → its explanation tree: the walk over categories, clauses, accounting and assistance.

Input: a `Decision` with its evaluation, a language, and the household's doubts where the caller has them.
Output: the explanation tree described in the package docstring. What no household changes comes
ready from `Phrases`; the explainer fills in this household's values, unfolds derived values
(each shown once per explanation) and marks every input the household file left out that a value
read — directly or through an aggregation over members. A comparison, with what would make a failed
threshold hold, is said by `Comparisons`; the day a member's age turns a condition within a year
(met from then, or no longer met) is found by `ComingOfAge`: the explainer holds one of each.
Invariant: it only reads the evaluation.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from engine.doubts import Doubt
from engine.evaluator import (
    EXACT,
    CategoryOutcome,
    Ctx,
    Decision,
    EvaluationError,
    Grant,
    HouseholdContext,
    categories_and_grants,
    program_for,
)
from engine.explain.birthdays import AgeThreshold
from engine.explain.coming_of_age import ComingOfAge
from engine.explain.comparisons import Comparisons
from engine.explain.defaults import deciding
from engine.explain.doubted import doubted
from engine.explain.grants import grant_entry
from engine.explain.members import household_members, hugs, named_with_id, said_aloud
from engine.explain.past_age import past_age
from engine.explain.phrases import static_for
from engine.explain.plans import UNCOMPUTABLE, AfterHint, CategoryPlan, ClausePlan, Operand, computed
from engine.explain.words import CONDITIONS_JOIN, WORDS, day_text, location, parameters_said, quoted
from engine.model import Category, Measure, Policy
from engine.syntax import ast
from engine.values import UNIT_WORDS, about, alike, labels_listed, listed, quotes_within, thousands_apart
from engine.wording import category_said, ends_in_bracket

# where a form of a measure is written, and the article it cites, after what it lacks; the figures to confirm its label
# writes, for its line to mark it as a clause's is
_FORM = ("location", "source", "cited", "label_figures_to_confirm")


class Explainer:
    """One decision explained in one language: `build` returns the tree."""

    def __init__(self, decision: Decision, lang: str, doubts: Sequence[Doubt] | None = None):
        assert decision.evaluation is not None, "evaluate before explaining"
        self.decision = decision
        self.doubts = doubts  # the household's doubts, when the caller has them already
        self.policy: Policy = decision.policy
        self.ctx: HouseholdContext = decision.evaluation
        self.program = program_for(self.policy)
        self.lang = lang
        self.w = WORDS[lang]
        self.shown: set[tuple[str, str | None]] = set()
        self.static = static_for(self.policy)
        self.phrases = self.static.phrases(lang)
        self.member_ctx = {m.member_id: m for m in self.ctx.members}
        household = self.ctx.household  # whether the household file left any input out: most leave none
        self.any_left_out = bool(household.defaulted) or any(m.defaulted for m in household.members)
        self.defaults: list[dict[str, Any]] = []  # the inputs left out that the explanation shows, in its order
        self.left_out: list[tuple[str, str | None]] = []  # each of them by input name and member
        self.comparisons = Comparisons(self.program, self.ctx, self.w, self.phrases)
        self.coming_of_age = ComingOfAge(self.program, self.ctx, decision.date, lang)
        self.instead_said: set[tuple[str, datetime.date]] = set()  # each member's birthday whose gains are said
        self.gains: dict[tuple[str, str], dict[str, Any]] = {}  # what it brings, by member and day, for the JSON

    # unfolding derived values ---------------------------------------------------------

    def derived(self, operands: list[Operand], ctx: Ctx, places: Decimal | None = None) -> list[dict[str, Any]]:
        """Every name a rule reads (its `operands`), unfolded down to inputs and parameters, each shown once; with
        `places` (past the fen: those its comparison showed its figures to), amounts the fen would round to them."""
        out: list[dict[str, Any]] = []
        shown = self.shown
        member = ctx.member_id  # in a member's rule, whose own values it reads
        for operand in operands:
            try:
                if operand.fixed is not None:  # a parameter: the same entry for every household
                    if operand.once not in shown:
                        shown.add(operand.once)
                        out.append(operand.fixed.copy())
                elif operand.aggregate:
                    if operand.once not in shown:
                        shown.add(operand.once)
                        out.append(self._aggregate(operand, places))
                elif member is not None and operand.per_member:  # a member's own value: once per member
                    key = (operand.name, member)
                    if key not in shown:
                        shown.add(key)
                        out.append(self._unfold(operand, ctx, member, places))
                elif operand.once not in shown:  # the household's, or a parameter's: once
                    shown.add(operand.once)
                    out.append(self._unfold(operand, self.ctx if operand.household else ctx, None, places))
            except EvaluationError as error:  # a value the decision did not need, and this household cannot give
                entry = {"name": operand.name, "label": operand.label,
                         "value": self.w["uncomputable"].format(why=self._why(error))}
                out.append(entry if member is None or not operand.per_member else {**entry, "member": member})
        return out

    def _aggregate(self, operand: Operand, places: Decimal | None = None) -> dict[str, Any]:
        hh = self.ctx
        entry: dict[str, Any] = {"name": operand.name, "label": operand.label, "kind": "aggregate",
                                 "value": operand.shown_to(operand.fn(hh), places)}
        if operand.where is not None:  # whom its `where` chose: who has the serious illness
            chosen = [m.member_id for m in hh.members if operand.where(m)]
            if chosen:
                entry["members"] = chosen
        blanks = self._blanks(operand, hh)
        if blanks:
            entry["from"] = blanks
        return entry

    def _unfold(self, operand: Operand, owner: Ctx, member: str | None,
                places: Decimal | None = None) -> dict[str, Any]:
        shown = operand.shown  # a value the same for every household is written once per policy
        if shown is not None:
            value = shown
        else:
            value = operand.show(operand.fn(owner)) if places is None else operand.shown_to(operand.fn(owner), places)
        if member is None:
            entry: dict[str, Any] = {"name": operand.name, "label": operand.label, "value": value}
        else:
            entry = {"name": operand.name, "label": operand.label, "value": value, "member": member}
        if operand.definition is None:
            entry.update(operand.tail)
            if self.any_left_out and not operand.parameter and _defaulted(owner, operand.name):
                entry["defaulted"] = True
                self.defaults.append({key: entry[key] for key in ("label", "member", "value") if key in entry})
                self.left_out.append((operand.name, member))
            return entry
        entry.update(operand.about)
        if operand.numbers is not None:
            entry["substituted"] = (operand.numbers.fill(owner) if places is None
                                    else operand.numbers.fill_to(owner, places))
        entry.update(operand.place)
        children = self.derived(operand.children, owner, places)
        if operand.reads_aggregate:
            children = _without_aggregates(children)
        if children:
            entry["from"] = children
        return entry

    def _blanks(self, operand: Operand, hh: HouseholdContext) -> list[dict[str, Any]]:
        """The inputs an aggregation read that the household file left out, each as the entry of an input:
        its `where` read them for every member, its value for the members it chose."""
        if not self.any_left_out:
            return []  # the common case: every field given
        where_reads, value_reads = operand.reads
        out: list[dict[str, Any]] = []
        shown = self.shown
        for m in hh.members:
            reads = where_reads + value_reads if operand.where is None or operand.where(m) else where_reads
            for field in reads:
                owner: Ctx = hh if field.household else m
                member = None if field.household else m.member_id
                if _defaulted(owner, field.name) and (field.name, member) not in shown:
                    shown.add((field.name, member))
                    out.append(self._unfold(field, owner, member))
        return out

    # clauses --------------------------------------------------------------------------

    def clause(self, plan: ClausePlan, verdict: bool, ctx: Ctx, hints: bool = True,
               unfold: bool = True, lacking: bool = False, blocked: AfterHint | None = None) -> dict[str, Any]:
        """A clause's entry; with `unfold`, the values it reads follow it (`derived`), each shown once. With
        `lacking`, a failed `and` or `or` rule says only the conditions that are why it fails (the reason a measure
        was withheld: `ClausePlan.lacking`);
        a met `or` rule says, in `met_by`, the conditions that are met (what the household was found to have); a
        met `and` rule, all of them. Each yes/no its sentence says as its label and a value (`住房不安全为否`) is in
        `looked_at`, by that label and the value found, for the renderers to say as the question and its answer.
        With `blocked`, a failed threshold's hint is that note instead of its figures."""
        entry: dict[str, Any] = plan.heads[verdict].copy()
        self.comparisons.places = None
        self.comparisons.margins = verdict and not lacking
        if plan.comparison is not None:
            self.comparisons.fill(plan.comparison, verdict, ctx, hints, entry, blocked)
        else:
            # (a condition after the one that decided an `and` or an `or` was not needed, and may not be computable
            # for this household: `count(…) > 0 and max(…) <= 2` with no member chosen; it is said so)
            facts, comparisons = plan.lacking(ctx) if lacking else plan.facts, self.comparisons
            try:
                said = facts[0].said(comparisons, ctx) if len(facts) == 1 else \
                    plan.join.join([f.said(comparisons, ctx) for f in facts])
            except EvaluationError:
                said = plan.join.join([self._said(f, ctx) for f in facts])
            entry["sentence"] = said + plan.verdicts[verdict]
            if plan.yes_no:  # each by its label and the value found (None: an input left empty)
                looked_at = [{"label": f.label, "value": value} for f in (
                    plan.yes_no if not lacking else [f for f in facts if f.yes_no])
                    if (value := computed(f.fn, ctx)) is not UNCOMPUTABLE]
                if looked_at:
                    entry["looked_at"] = looked_at
            if verdict and plan.disjuncts is not None:  # an `or` rule met: by which of its conditions
                met = (f for f, holds in zip(facts, plan.disjuncts, strict=True) if computed(holds, ctx, False))
                entry["met_by"] = plan.join.join(self._said(f, ctx) for f in met)
            elif verdict and plan.conjuncts is not None:  # an `and` rule met: by all of them
                entry["met_by"] = said
        if not verdict and hints and plan.ages:
            self.coming_of_age.birthday(plan, ctx, entry)
        if not verdict and hints and plan.ages_past and "would_hold_if" not in entry:
            past = past_age(plan.ages_past, ctx, self.w)
            if past is not None:
                entry["past_age"] = past
        derived = self.derived(plan.operands, ctx, self.comparisons.places) if unfold else None
        if derived:
            entry["derived"] = derived
        return entry

    def _said(self, fact: Any, ctx: Ctx) -> str:
        """A condition of a yes/no rule as the clause says it, or that it cannot be worked out here."""
        try:
            return fact.said(self.comparisons, ctx)
        except EvaluationError as error:
            return self.w["not_worked_out"].format(name=quotes_within(fact.label), why=self._why(error))

    def _why(self, error: EvaluationError) -> str:
        d = error.diagnostic
        return d.zh[0] if self.lang == "zh" and d.zh else d.message

    # categories -----------------------------------------------------------------------

    def outcome_entry(self, plan: CategoryPlan, outcome: CategoryOutcome, ctx: Ctx) -> dict[str, Any]:
        clause = self.clause
        # where any one clause is enough and one holds, what would make another hold does not matter
        hints = plan.match_all or not outcome.holds
        verdicts = outcome.verdicts
        if plan.match_all and verdicts.count(False) > 1:  # a hint alone would not bring the category
            soon = tuple(i for i, (c, verdict) in enumerate(zip(plan.clauses, verdicts, strict=True))
                         if not verdict and c.ages and self.coming_of_age.comes_of_age(c, ctx))
            after = plan.after_hints(verdicts, soon)
            clauses = [clause(c, v, ctx, hints, blocked=a if a.blocked_by else None)
                       for c, v, a in zip(plan.clauses, verdicts, after, strict=True)]
            for said, a in zip(clauses, after, strict=True):
                if "would_hold_if" in said and not a.blocked_by:
                    said["would_hold_if"] += a.text
        else:
            clauses = [clause(c, v, ctx, hints) for c, v in zip(plan.clauses, verdicts, strict=True)]
        if outcome.assigned and (plan.match_all or verdicts.count(True) == 1):
            # each clause met is one the category rests on: the day a date or a member's age ends it is to be
            # planned for
            for c, v, said in zip(plan.clauses, verdicts, clauses, strict=True):
                if v and c.date_turns:
                    self.coming_of_age.date_ends(c, ctx, said)
                if v and c.ages:
                    self.coming_of_age.until(c, ctx, said)
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
            why, failed = plan.failed(outcome.verdicts)
            entry["why"] = why
            entry["failed"] = failed.copy()
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

    def abolished(self) -> list[dict[str, Any]]:
        """Each category this policy abolished, said after those it has, so that a household that was in it hears
        why it is in it no longer (`防止返贫监测对象：自 2026-01-01 起取消，原属该类别的家庭按最低生活保障对象、…认定`):
        since its own `from:` or the policy's first day, and the categories that take in its households."""
        w, names = self.w, self.phrases.category_labels
        out = []
        for gone in self.policy.abolished:
            since = day_text(self.policy.abolished_since(gone))
            label = gone.label.get(self.lang, gone.id)
            absorbed = labels_listed((names[c] for c in gone.absorbed_by), self.lang)
            entry: dict[str, Any] = {"id": gone.id, "label": label, "since": since,
                                     "absorbed_by": list(gone.absorbed_by), "location": location(gone.span),
                                     "sentence": w["abolished"].format(label=label, date=since, absorbed=absorbed)}
            if gone.source:
                self.phrases.cite(entry, gone.source)
            out.append(entry)
        return out

    def process(self) -> dict[str, Any] | None:
        """How long the review takes, as the policy's `process:` says, for the household who asks next
        (`审核时限：一般在 25 个工作日内完成，特殊情况不超过 40 个工作日`); None where the policy says nothing."""
        proc = self.policy.process
        if proc is None:
            return None
        w = self.w
        entry: dict[str, Any] = {"review_working_days": proc.review_working_days}
        sentence = w["process"].format(days=proc.review_working_days)
        if proc.special_case_working_days:
            entry["special_case_working_days"] = proc.special_case_working_days
            sentence += w["process_special"].format(days=proc.special_case_working_days)
        entry["location"] = location(proc.span)
        if proc.source:
            self.phrases.cite(entry, proc.source)
        entry["sentence"] = sentence
        return entry

    # accounting and assistance --------------------------------------------------------

    def accounting(self) -> dict[str, Any]:
        hh = self.ctx.household
        show = self.phrases.rate
        rate = " " + UNIT_WORDS[self.lang]["rate"]
        incomes = self.phrases.incomes
        lines = []
        for line in hh.income:
            kind = incomes[line.type]
            item: dict[str, Any] = {"type": line.type, "label": kind.label, "amount": show(line.amount),
                                    "counted": kind.counted}
            if line.member:
                item["member"] = line.member
            if kind.counted:
                item["share"] = kind.share_text
                counted = EXACT.multiply(line.amount, kind.share)
                # 80% of 0.01 is 0.008: not written 0.01, as if the share had not been applied; 80% of 0.06 is
                # 0.048, marked `≈0.05`, the figure every working after it counts
                item["counted_amount"] = (thousands_apart(counted, line.amount) + rate if alike(counted, line.amount)
                                          else about(counted) + show(counted))
            if kind.citation:
                item.update(kind.citation)
            lines.append(item)
        expenses = []
        labels, rigid = self.phrases.expense_labels, self.program.rigid
        for line in hh.expenses:
            item = {"type": line.type, "label": labels[line.type], "amount": show(line.amount),
                    "rigid": line.type in rigid}
            if line.member:
                item["member"] = line.member
            expenses.append(item)
        memo = self.ctx.memo
        return {"income": lines, "expenses": expenses,
                "counted_income": show(memo["counted_income"]),
                "exempt_income": show(memo["exempt_income"]),
                "rigid_expenses": show(memo["rigid_expenses"])}

    def grant(self, grant: Grant) -> dict[str, Any]:
        ctx = self.member_ctx[grant.member] if grant.member else self.ctx
        entry = grant_entry(self.phrases, grant, ctx)
        plan = self.phrases.measure(grant.measure)
        # what the same birthday brings in its place, the member named where the grant is not theirs alone
        def instead(member: str, day: datetime.date) -> str:
            return self.instead(member, day, named=member != grant.member)

        if grant.amount is not None:
            self.coming_of_age.paid(plan, grant, ctx, entry, instead=instead)
        if plan.ages:
            self.coming_of_age.until(plan, ctx, entry, then="measure_ends", instead=instead)
        for key in ("amount_changes", "stops_holding"):  # what the birthday brings, on the line that said it
            day = entry.get(key)
            gains = self.gains.pop((day["member"], day["date"]), None) if day else None
            if gains:
                entry["then_gains"] = gains
        return entry

    def assistance_read(self) -> None:
        """Marks the inputs left out that deciding the assistance read and no clause said: each measure's condition,
        for the household or each member, as evaluation reads it (a measure needing a category nobody holds is passed
        over; a condition after one that settled its `and` or `or` is not read), then the amount of each option whose
        condition holds. Employment services read a member's labour capacity and schooling, which no category does."""
        held = {*self.decision.categories, *(c for cats in self.decision.members.values() for c in cats)}
        for (measure, options), needs in zip(self.program.measures, self.program.needs, strict=True):
            if needs is not None and needs.isdisjoint(held):
                continue
            contexts: list[Ctx] = [self.ctx] if measure.level == "household" else list(self.ctx.members)
            for ctx in contexts:
                for option, *_ in options:
                    if self._read(option.when.node, ctx) and option.amount is not None:
                        self.derived(self.phrases.operands(option.amount.node), ctx)

    def _read(self, node: ast.Node, ctx: Ctx) -> Any:
        """The value of a condition, its inputs left out marked (`derived`) as far as `and` and `or` read it."""
        if isinstance(node, ast.And | ast.Or):
            first = self._read(node.left, ctx)
            return first if bool(first) == isinstance(node, ast.Or) else self._read(node.right, ctx)
        self.derived(self.phrases.operands(node), ctx)
        return computed(self.phrases.fn(node), ctx, False)

    def instead(self, member: str, day: datetime.date, named: bool = False) -> str:
        """What a member's birthday that ends a measure brings in its place, said after the first measure it ends
        (`；届时改为特困人员，可得特困人员基本生活费（按现行政策 637.00 元/月）`): see `gained`; with `named`, after a
        measure not the member's alone (the household's dibao benefit), the member whose categories or measures they
        are (`；p1 届时改为特困人员，…`, `；p2 届时可得就业帮扶`), so that the household is not heard to change category
        nor to get a member's measure. "" where it brings none, or
        what it brings has been said."""
        found = self.gained_once(member, day)
        if found is None:
            return ""
        w, (cats, ms, household) = self.w, found
        whose = "_named" if named else ""
        if cats and ms:
            return str(w["instead" + whose].format(categories=cats, measures=ms, member=member))
        if cats:
            return str(w["instead_categories" + whose].format(categories=cats, member=member))
        # the member's measures, not the line's in their place: `gets`, as `可得`, not `gets … instead`
        said = w["instead_household" if household else "instead_measures" + whose]
        return str(said.format(measures=ms, member=member))

    def gained_once(self, member: str, day: datetime.date) -> tuple[str, str, bool] | None:
        """What a member's birthday brings (`gained`), the first time it is asked for; None after that, so that the
        explanation says it once, after the first measure it ends or in a line of its own."""
        key = (member, day)
        if key in self.instead_said:
            return None
        self.instead_said.add(key)
        return self.gained(member, day)

    def gained(self, member: str, day: datetime.date) -> tuple[str, str, bool] | None:
        """What a member's birthday brings, in words (the categories, the measures): the member's categories and the
        measures given for the member or for the household (the dibao benefit a grandson's 18th birthday starts, as
        he stops being tekun) decided on that day and not on the day before, so that only that birthday tells them
        apart; the amounts are those of this policy, which is in force that day (of a day after its end, a new policy
        decides, and nothing it brings is said). True where it brings the household's measures alone
        (said as the household's), else False; None where it brings none."""
        household, policy = self.ctx.household, self.policy
        try:  # categories and grants alone: the rest of a decision is not said here
            eve = day - datetime.timedelta(days=1)
            _, members_before, grants_before = categories_and_grants(policy, household, eve)
            _, members_then, grants_then = categories_and_grants(policy, household, day)
        except EvaluationError:
            return None
        names = self.phrases.category_labels
        categories = [c for c in members_then.get(member, ()) if c not in members_before.get(member, ())]
        had = {(g.measure.id, g.member) for g in grants_before}
        measures = [g for g in grants_then if (g.measure.id, g.member) not in had and g.member in (member, None)
                    and not self.given_again_on(g, day)]
        if not categories and not measures:
            return None
        w = self.w
        households_alone = not categories and all(g.member is None for g in measures)
        plans = [self.phrases.measure(g.measure) for g in measures]
        amounts = [None if g.amount is None or g.amount == 0 else g.amount for g in measures]
        # after a label's own bracket, a comma: `最低生活保障金（…），按现行政策 302.00 元/月`, not `…）（按…）`; one
        # such, and every amount of the list is said so, the items parted by `；`: a comma does not part them
        commas = any(a is not None and ends_in_bracket(plan.label) for plan, a in zip(plans, amounts, strict=True))
        words = "instead_amount_after_bracket" if commas else "instead_amount"
        said = [plan.label if a is None else w[words].format(label=plan.label, amount=plan.amount(a),
                                                             cited=self.amount_cited(g, commas))
                for g, plan, a in zip(measures, plans, amounts, strict=True)]
        self.coming_of_age.amounts_said += [g.option for g, a in zip(measures, amounts, strict=True) if a is not None]
        self.gains[(member, day_text(day))] = {"categories": categories, "measures": [g.measure.id for g in measures]}
        return (listed((category_said(names[c], self.lang, counted=True) for c in categories), self.lang),
                CONDITIONS_JOIN[self.lang].join(said) if commas else listed(said, self.lang), households_alone)

    def given_again_on(self, grant: Grant, day: datetime.date) -> bool:
        """Whether `grant`, decided on `day`, is one granted on the decision's day whose line says it is given again
        from `day` (`given_again`, the first return or a later one): a birthday that gives it back brings nothing that
        line has not said."""
        granted = next((g for g in self.decision.assistance
                        if (g.measure.id, g.member) == (grant.measure.id, grant.member)), None)
        if granted is None:
            return False
        ctx = self.member_ctx[granted.member] if granted.member else self.ctx
        again = self.coming_of_age.again(self.phrases.measure(granted.measure), granted, ctx)
        return again is not None and any(back.date == day for back in again.returns)

    def amount_cited(self, grant: Grant, after_bracket: bool) -> str:
        """The documents an amount a birthday brings rests on besides its measure's own, as its grant's line names them
        (`parameters_cited`), said after the amount: `；农村最低生活保障标准：县民发〔2026〕88号 第一条` inside the
        amount's bracket, or in a bracket of its own after a label's (`after_bracket`); "" where there are none."""
        option = grant.option
        cited = self.phrases.parameters_cited(grant.measure.source, option.amount.node) if option.amount else []
        if not cited:
            return ""
        said = parameters_said(cited, self.phrases.lang)
        return str(self.w["instead_cited_after_bracket" if after_bracket else "instead_cited"].format(said=said))

    def birthday_gains(self, names: dict[str, str]) -> list[dict[str, Any]]:
        """What a member's birthday within a year brings that nothing else in the explanation says: a measure (or a
        category) gained where no measure ends, such as employment services at 16 (`p2 将于 2026-03-10 年满 16 周岁，
        届时可得就业帮扶（…）`). Birthdays at each age a measure's conditions compare with, of every member; those
        a measure ended by the same birthday has said already are passed over, and so is a grant whose line says it is
        given again that day (`given_again_on`). A line of its own, the sentence names
        the member as the brief does (`names`: `孙子女（15岁）将于 …`)."""
        ages = self.measure_ages
        if not ages:
            return []
        coming = self.coming_of_age
        out = []
        for day, member, years in coming.birthdays.reached(ages):
            if coming.ends_before(day) is not None:  # after the end: the next policy's
                continue
            found = self.gained_once(member, day)
            if found is None:
                continue
            cats, ms, household = found
            words = ("gains" if cats and ms else "gains_categories" if cats else
                     "gains_household" if household else "gains_measures")
            named = names.get(member, member)
            turns = self.w["named_turns" if hugs(named) else "member_turns"].format(member=named, date=day_text(day),
                                                                                    age=years)
            sentence = self.w[words].format(turns=turns, categories=cats, measures=ms)
            out.append({"member": member, "turns_age": coming.said(member, years, day),
                        **self.gains.pop((member, day_text(day))), "sentence": sentence})
        return out

    @property
    def measure_ages(self) -> tuple[AgeThreshold, ...]:
        """The ages the conditions of the policy's measures compare with, directly or through categories."""
        return tuple(a for m in self.policy.assistance for a in self.phrases.measure(m).ages)

    def withheld(self) -> list[dict[str, Any]]:
        """The household's measures it was not granted, each with the condition it lacks (a dibao household whose
        members are all tekun gets no dibao benefit: this says why); of a measure of several forms, what each lacks."""
        granted = {g.measure.id for g in self.decision.assistance}
        return [self.not_given(measure) for measure in self.phrases.household_measures if measure.id not in granted]

    def withheld_members(self) -> list[dict[str, Any]]:
        """Each member's measure some member was not granted, with why, for the members the same reason holds for
        (`members`), in the policy's order; a measure needing a category neither the household nor any member holds,
        which no member could get, once, for the household (no `members`), with the categories it needs."""
        d = self.decision
        granted = {(g.measure.id, g.member) for g in d.assistance}
        held = {*d.categories, *(c for cats in d.members.values() for c in cats)}
        out: list[dict[str, Any]] = []
        for (measure, _), needs in zip(self.program.measures, self.program.needs, strict=True):
            if measure.level != "member":
                continue
            left = [m for m in self.member_ctx if (measure.id, m) not in granted]
            if not left:
                continue
            if needs is not None and needs.isdisjoint(held):
                entry = self.phrases.withheld(measure)[0].copy()
                entry["why"] = self.w["withheld"].format(reasons=self.phrases.nobody_in(needs))
                out.append(entry)
                continue
            alike: list[tuple[dict[str, Any], list[str]]] = []  # each reason, with the members it holds for
            for member in left:
                entry = self.not_given(measure, member)
                del entry["member"]
                same = next((who for said, who in alike if said == entry), None)
                if same is None:
                    alike.append((entry, [member]))
                else:
                    same.append(member)
            for e, who in alike:
                if len(who) > 1:  # a category said of them together: `这两名成员都不属于“特困人员”`
                    e = self.not_given(measure, who[0], together=len(who))
                    del e["member"]
                out.append({"id": e["id"], "label": e["label"], "department": e["department"], "members": who, **e})
        return out

    def not_given(self, measure: Measure, member: str | None = None, together: int = 0) -> dict[str, Any]:
        """Why a measure was not granted to the household, or to `member`: its entry with `why`, the condition it
        lacks (and `sentence`, that condition as a clause says it); of a measure of several forms, `why` says none
        applies, and `forms` what each lacks. `together`: the number of members it is said of, `member` and others alike
        (`这两名成员都不属于…`, `这些成员都不属于…`); 0, of `member` alone."""
        ctx: Ctx = self.ctx if member is None else self.member_ctx[member]
        head, conditions = self.phrases.withheld(measure)
        entry = head.copy()
        if member is not None:
            entry["member"] = member
        if len(conditions) > 1:
            said = [self._lacks(c, ctx, together) for c in conditions]
            alike = self._alike_forms(conditions, said, ctx, together)
            if alike is not None:  # nobody in school: one reason, not one per level of schooling
                entry["sentence"], reasons = alike
                entry["why"] = self.w["withheld"].format(reasons=reasons)
                return entry
            entry["why"] = self.w["withheld"].format(reasons=self.w["no_form_applies"])
            entry["forms"] = [{"label": c.label, "why": why, **{k: v for k, v in c.tail.items() if k in _FORM}}
                              for c, (_, why) in zip(conditions, said, strict=True)]
            return entry
        [condition] = conditions
        entry["sentence"], reasons = self._lacks(condition, ctx, together)
        entry["why"] = self.w["withheld"].format(reasons=reasons)
        if condition.ages:
            self.coming_of_age.until(condition, ctx, entry, verdict=False, then="measure_starts")
        return entry

    def _lacks(self, condition: ClausePlan, ctx: Ctx, together: int = 0) -> tuple[str, str]:
        """A measure's condition not met, as a clause says it, and what it lacks, to read aloud."""
        # said as a clause is, without unfolding the values it reads: the clauses above did
        sentence = self.clause(condition, False, ctx, hints=False, unfold=False, lacking=True)["sentence"]
        return sentence, self.lacking(condition, sentence, ctx, together)

    def _alike_forms(self, conditions: list[ClausePlan], said: list[tuple[str, str]], ctx: Ctx,
                     together: int) -> tuple[str, str] | None:
        """What every form of a measure lacks (`said`: what each lacks, as `_lacks` says it), once, where they all lack
        the same: the same conditions unmet with the same values, a choice each form asks a value of its own of said
        with all the values they ask (nobody in school: `在读学段为“不在读”（须为“义务教育”、“高中阶段”或“高等教育”）`);
        None where the forms lack different things (each needs a category of its own), which are said apart."""
        if all(s == said[0] for s in said):
            return said[0]
        if any(c.comparison is not None for c in conditions):
            return None
        lacked = [c.lacking(ctx) for c in conditions]
        if len({len(facts) for facts in lacked}) > 1:
            return None
        asks: list[tuple[str, ...]] = []  # for each condition, the values the forms ask of it together; () for none
        for each in zip(*lacked, strict=True):  # a condition, as each form has it
            if all(f.asks for f in each) and len({(f.label, computed(f.fn, ctx)) for f in each}) == 1:
                asks.append(tuple(dict.fromkeys(a for f in each for a in f.asks)))
            elif len({(f.not_in, f.lacks(ctx), self._said(f, ctx)) for f in each}) == 1:
                asks.append(())
            else:
                return None
        plan, facts = conditions[0], lacked[0]
        sentence = plan.join.join(f.said_asking(ctx, a) if a else self._said(f, ctx) for f, a in zip(
            facts, asks, strict=True)) + plan.verdicts[False]
        return sentence, self.lacking(plan, sentence, ctx, together, asks)

    def lacking(self, plan: ClausePlan, sentence: str, ctx: Ctx, together: int = 0,
                asks: list[tuple[str, ...]] | None = None) -> str:
        """Why a measure's condition fails for `ctx` (the household, or a member), to read aloud: each category the
        household is not as such (`该家庭不属于“最低生活保障对象”`), each yes/no it does not have as a condition not met
        (`不符合“住房不安全（C级、D级危房）”这一条件`), each other value as the clause says it (`所有成员都属于
        “特困人员”`); `together`, a member's category said of that many members (`这两名成员都不属于“特困人员”`,
        `这些成员都不属于“特困人员”`); `asks`, for each condition it lacks, the values a choice is said to ask for,
        where they are those of several forms (`_alike_forms`)."""
        w = self.w
        if plan.comparison is not None:
            return sentence
        not_in, lacks, reasons = [], [], []
        for i, f in enumerate(plan.lacking(ctx)):
            if f.lacks(ctx) and f.not_in is not None:
                not_in.append(f.not_in_together[together > 2] if together > 1 and f.not_in_together else f.not_in)
            elif f.lacks(ctx):
                lacks.append(f.label)
            else:
                reasons.append(f.said_asking(ctx, asks[i]) if asks and asks[i] else self._said(f, ctx))
        if lacks:
            reasons.insert(0, w["lacks_one" if len(lacks) == 1 else "lacks_many"].format(
                clauses=quoted(lacks, self.lang), k=len(lacks)))
        return plan.join.join(not_in + reasons)

    # the whole explanation ------------------------------------------------------------

    def today_said(self) -> str:
        """That the household is decided on today because its file gives no date (none, when it gives one or
        the day was chosen with --date)."""
        if self.ctx.household.date is None and self.decision.date == datetime.date.today():
            return str(self.w["today"])
        return str(self.w["not_today"])

    def build(self) -> dict[str, Any]:
        d, p = self.decision, self.policy
        names = self.phrases.category_labels
        labels = [names[c] for c in d.categories]
        members = {m: [names[c] for c in cats] for m, cats in d.members.items() if cats}
        out: dict[str, Any] = {
            "lang": self.lang,
            "title": self.w["title"].format(id=d.household, date=day_text(d.date), today=self.today_said(),
                                            policy=self.phrases.policy_title,
                                            version=self.w["version"].format(p.meta.version)),
            "policy_line": self.phrases.policy_line,
            "household_members": household_members(self.policy, self.ctx, self.lang),
            "result": {"household": labels, "members": members},
        }
        if not p.meta.in_force(d.date):  # read aloud: which side of its window the day is, not the window
            before = d.date < p.meta.effective_from
            day = p.meta.effective_from if before else p.meta.effective_to
            assert day is not None
            out["note"] = self.w["outside_before" if before else "outside_after"].format(
                date=d.date.isoformat(), day=day.isoformat())
        out["accounting"] = self.accounting()
        out["categories"] = [self.category(c) for c in p.categories]
        if p.abolished:
            out["abolished"] = self.abolished()
        out["assistance"] = [self.grant(g) for g in d.assistance]
        out["withheld"] = self.withheld()
        members_not_given = self.withheld_members()
        if members_not_given:
            out["withheld_members"] = members_not_given
        gains = self.birthday_gains(said_aloud(out["household_members"], self.lang))
        if gains:
            out["birthday_gains"] = gains
        found = doubted(d, self.phrases, named_with_id(out["household_members"], self.lang), self.doubts)
        if found:
            out["doubts"] = found
        if self.any_left_out:
            self.assistance_read()
        if self.defaults:
            for i, category in deciding(self.decision, self.left_out).items():
                self.defaults[i]["decides"] = True
                if category:
                    self.defaults[i]["decides_category"] = True
            out["defaults"] = self.defaults
        said = tuple(dict.fromkeys((*(g.option for g in d.assistance), *self.coming_of_age.amounts_said)))
        incomes = frozenset(line.type for line in self.ctx.household.income)
        # and those the labels of forms not given write (`低保对象按70%救助 ⚠`), marked on their lines
        labelled = frozenset(figure["parameter"] for a in (*out["withheld"], *out.get("withheld_members", ()))
                             for form in a.get("forms", ()) for figure in form.get("label_figures_to_confirm", ()))
        confirmations = self.phrases.confirmations(said, incomes, labelled)
        # and those of the amounts a grant is said to be higher than (就高不就低: with another figure, another might
        # win), marked as only theirs where they are: `--brief` does not say those amounts
        compared = tuple(dict.fromkeys(o.option for g in d.assistance if g.amount for o in g.others
                                       if o.amount is not None and o.option not in said))
        with_compared = self.phrases.confirmations(said + compared, incomes, labelled) if compared else confirmations
        out["to_confirm"] = [{"label": label, "confirm": confirm,
                              **({} if (label, confirm) in confirmations else {"compared": True})}
                             for label, confirm in with_compared]
        for shown, entry in zip(p.categories, out["categories"], strict=True):  # then the grounds shown above
            grounds = self.phrases.category(shown).grounds
            if grounds and (shown.level == "household" or entry["members"]):
                out["to_confirm"] += [ground.copy() for ground in grounds]
        process = self.process()
        if process is not None:
            out["process"] = process
        return out


def _without_aggregates(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a definition's entry shows of the values it reads: an aggregation inside it is said by the definition's
    words, so of it only the defaults it read remain."""
    out = []
    for entry in entries:
        if entry["kind"] != "aggregate":
            out.append(entry)
        elif "from" in entry:
            out += entry["from"]
    return out


def _defaulted(owner: Ctx, name: str) -> bool:
    """Whether the household file left this input out, so that the policy's default stands in for it."""
    if owner.level == "household":
        return name in owner.hh.household.defaulted
    return name in owner.member.defaulted  # type: ignore[union-attr]


def explain(decision: Decision, lang: str = "zh", doubts: Sequence[Doubt] | None = None,
            then: Decision | None = None) -> dict[str, Any]:
    """The explanation tree of a decision, in `lang` ("zh" or "en"); `doubts`: its household's (`engine.doubts`), when
    the caller has them already, else they are found; `then`: the decision of the same data under the next policy
    (`engine.successor`), said after the result."""
    tree = Explainer(decision, lang, doubts).build()
    if then is None:
        return tree
    from engine.explain.next_policy import with_next_policy

    return with_next_policy(tree, decision, then)


def not_given(decision: Decision, lang: str, key: str) -> dict[str, Any] | None:
    """Why the measure `key` (`dibao_benefit`, or `education_aid/p1` for one member's) was not granted, as `--explain`
    says of a household's measure not given: what its condition lacks, for that member where it is a member's; None
    where it was granted, or the policy has no such measure at that level, or the household no such member."""
    measure_id, _, member = key.partition("/")
    measure = next((m for m in decision.policy.assistance if m.id == measure_id), None)
    if measure is None or (measure.level == "member") != bool(member):
        return None
    if any(g.measure.id == measure_id and (g.member or "") == member for g in decision.assistance):
        return None
    explainer = Explainer(decision, lang, ())
    if member and member not in explainer.member_ctx:
        return None
    return explainer.not_given(measure, member or None)
