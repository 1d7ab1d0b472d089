"""One decision → its explanation tree: the walk over categories, clauses, accounting and assistance.

Input: a `Decision` with its evaluation, and a language.
Output: the explanation tree described in the package docstring. What no household changes comes
ready from `Phrases`; the explainer fills in this household's values, unfolds derived values
(each shown once per explanation), marks every input the household file left out that a value
read — directly or through an aggregation over members — and, for a failed threshold, says what
would have to change (of an income threshold where another failed clause reads no income, only that no change
of income would change the decision: its figures, and the weighing of income as received, are left out); for a
condition a member's age turns within a year, the day (met from then, or no longer met).
Invariant: it only reads the evaluation; a day a rule turns on is found by deciding the rule again on a
household context of that day, its own, which the evaluation never sees.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from engine.evaluator import (
    EXACT,
    CategoryOutcome,
    Ctx,
    Decision,
    EvaluationError,
    Grant,
    HouseholdContext,
    program_for,
)
from engine.explain.birthdays import AgeThreshold, Birthdays
from engine.explain.defaults import deciding
from engine.explain.grants import MeasurePlan, grant_entry
from engine.explain.members import describe_members
from engine.explain.phrases import static_for
from engine.explain.plans import AfterHint, CategoryPlan, ClausePlan, Comparison, Operand
from engine.explain.received import LineGroup, groups
from engine.explain.words import WORDS, day_text
from engine.model import Category, Policy
from engine.tracing import NULL_TRACER
from engine.values import thousands

# a member, the age they reach, the day, and whether reaching it turns the whole clause (not one part of it)
Turning = tuple[str, AgeThreshold, datetime.date, bool]


class Explainer:
    """One decision explained in one language: `build` returns the tree."""

    def __init__(self, decision: Decision, lang: str):
        assert decision.evaluation is not None, "evaluate before explaining"
        self.decision = decision
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
        shares = self.program.counted_share  # only income counted at a share (a wage at 80%) has a hint of its own
        self.at_a_share = any(shares.get(line.type) not in (None, 1) for line in household.income)
        self.grouped: dict[tuple[int, int], list[LineGroup] | None] = {}  # an income side's lines, by side and context
        self.defaults: list[dict[str, Any]] = []  # the inputs left out that the explanation shows, in its order
        self.left_out: list[tuple[str, str | None]] = []  # each of them by input name and member
        self.later: dict[datetime.date, HouseholdContext] = {}  # the household on a day a member comes of an age
        self.birthdays = Birthdays(self.ctx.members, decision.date)
        self.turned: dict[tuple[int, int, bool], Turning | None] = {}  # `turning`, by clause, context and verdict

    # unfolding derived values ---------------------------------------------------------

    def derived(self, operands: list[Operand], ctx: Ctx) -> list[dict[str, Any]]:
        """Every name a rule reads (its `operands`), unfolded down to inputs and parameters, each shown once."""
        out: list[dict[str, Any]] = []
        shown = self.shown
        member = ctx.member_id  # in a member's rule, whose own values it reads
        for operand in operands:
            if operand.fixed is not None:  # a parameter: the same entry for every household
                if operand.once not in shown:
                    shown.add(operand.once)
                    out.append(operand.fixed.copy())
            elif operand.aggregate:
                if operand.once not in shown:
                    shown.add(operand.once)
                    out.append(self._aggregate(operand))
            elif member is not None and operand.per_member:  # a member's own value: once per member
                key = (operand.name, member)
                if key not in shown:
                    shown.add(key)
                    out.append(self._unfold(operand, ctx, member))
            elif operand.once not in shown:  # the household's, or a parameter's: once
                shown.add(operand.once)
                out.append(self._unfold(operand, self.ctx if operand.household else ctx, None))
        return out

    def _aggregate(self, operand: Operand) -> dict[str, Any]:
        hh = self.ctx
        entry: dict[str, Any] = {"name": operand.name, "label": operand.label, "kind": "aggregate",
                                 "value": operand.show(operand.fn(hh))}
        if operand.where is not None:  # whom its `where` chose: who has the serious illness
            chosen = [m.member_id for m in hh.members if operand.where(m)]
            if chosen:
                entry["members"] = chosen
        blanks = self._blanks(operand, hh)
        if blanks:
            entry["from"] = blanks
        return entry

    def _unfold(self, operand: Operand, owner: Ctx, member: str | None) -> dict[str, Any]:
        shown = operand.shown  # a value the same for every household is written once per policy
        value = operand.show(operand.fn(owner)) if shown is None else shown
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
            entry["substituted"] = operand.numbers.fill(owner)
        entry.update(operand.place)
        children = self.derived(operand.children, owner)
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
        `lacking`, a failed `and` rule says only the conditions that fail (the reason a measure was withheld);
        a met `or` rule says, in `met_by`, the conditions that are met (what the household was found to have); a
        met `and` rule, all of them. With `blocked`, a failed threshold's hint is that note instead of its figures."""
        entry: dict[str, Any] = plan.heads[verdict].copy()
        if plan.comparison is not None:
            self.comparison(plan.comparison, verdict, ctx, hints, entry, blocked)
        else:
            facts = plan.lacking(ctx) if lacking else plan.facts
            said = facts[0].said(self, ctx) if len(facts) == 1 else plan.join.join([f.said(self, ctx) for f in facts])
            entry["sentence"] = said + plan.verdicts[verdict]
            if verdict and plan.disjuncts is not None:  # an `or` rule met: by which of its conditions
                entry["met_by"] = plan.join.join(f.said(self, ctx) for f, holds in zip(facts, plan.disjuncts,
                                                                                       strict=True) if holds(ctx))
            elif verdict and plan.conjuncts is not None:  # an `and` rule met: by all of them
                entry["met_by"] = said
        if not verdict and hints and plan.ages:
            self.birthday(plan, ctx, entry)
        derived = self.derived(plan.operands, ctx) if unfold else None
        if derived:
            entry["derived"] = derived
        return entry

    def birthday(self, plan: ClausePlan, ctx: Ctx, entry: dict[str, Any]) -> None:
        """For a failed clause that a member's age turns within a year, the day: after the hint of a comparison,
        else as the hint (`将于 2026-12-15 年满 60 周岁，届时这一条件即可满足`); where reaching the age meets only one
        part of it, that part (`届时“年龄 ≥ 60”即可满足`)."""
        found = self.turning(plan, False, ctx)
        if found is None:
            return
        member, threshold, day, whole = found
        w = self.w
        turns = self.turns(member, threshold.years, day, ctx)
        entry["turns_age"] = {"member": member, "age": threshold.years, "date": day_text(day)}
        if "would_hold_if" in entry:
            entry["would_hold_if"] += plan.join + turns
        elif whole:
            entry["would_hold_if"] = turns + w["from_then"]
        else:
            entry["would_hold_if"] = turns + w["from_then_part"].format(condition=threshold.part)

    def until(self, plan: ClausePlan | MeasurePlan, ctx: Ctx, entry: dict[str, Any], verdict: bool = True,
              then: str = "no_longer") -> None:
        """For a met clause a category depends on (or a measure granted), that a member's age turns within a
        year, the day it stops holding, for the caseworker to plan the reassessment (`将于 2026-05-20 年满 18 周岁，
        届时这一条件不再满足`); with `verdict` False, for a measure withheld, the day it would be given."""
        found = self.turning(plan, verdict, ctx)
        if found is None or not found[3]:
            return
        member, threshold, day, _ = found
        said = {"member": member, "age": threshold.years, "date": day_text(day)}
        turns = self.turns(member, threshold.years, day, ctx) + self.w[then]
        if verdict:
            entry["stops_holding"], entry["holds_until"] = said, turns
        else:
            entry["turns_age"], entry["would_hold_if"] = said, turns

    def turns(self, member: str, years: int, day: datetime.date, ctx: Ctx) -> str:
        """`将于 2026-12-15 年满 60 周岁`; but for the member's own birthday, whose it is (`p2 将于 …`)."""
        w = self.w
        if member != ctx.member_id:
            return w["member_turns"].format(member=member, date=day_text(day), age=years)
        return w["turns"].format(date=day_text(day), age=years)

    def comes_of_age(self, plan: ClausePlan, ctx: Ctx) -> bool:
        """Whether the member (or a member, in the household's rule) meets a failed clause by coming of age within
        a year, everything else as it is."""
        found = self.turning(plan, False, ctx)
        return found is not None and found[3]

    def turning(self, plan: ClausePlan | MeasurePlan, verdict: bool, ctx: Ctx) -> Turning | None:
        """The first day within a year on which a member reaches an age that turns this clause's verdict (decided
        on that day, everything else as it is), with the member and the threshold, and True; for a failed clause
        turned by none, the first day a member reaches an age one part of it asks for, and False; else None."""
        key = (id(plan), id(ctx), verdict)
        if key not in self.turned:
            self.turned[key] = self._turning(plan, verdict, ctx)
        return self.turned[key]

    def _turning(self, plan: ClausePlan | MeasurePlan, verdict: bool, ctx: Ctx) -> Turning | None:
        found = self.birthdays.upcoming(plan.ages, ctx)
        if not found:
            return None
        for day, member, threshold in found:
            if self.verdict_on(plan, ctx, day) is not verdict:
                return member, threshold, day, True
        if not verdict:
            for day, member, threshold in found:
                if threshold.part is not None:
                    return member, threshold, day, False
        return None

    def verdict_on(self, plan: ClausePlan | MeasurePlan, ctx: Ctx, day: datetime.date) -> bool | None:
        """The clause's verdict for this household (or member) decided on `day`: only ages and `today` differ, and
        the rules asking for an age read no `today`. None where it cannot be computed then."""
        later = self.later.get(day)
        if later is None:
            later = self.later[day] = HouseholdContext(self.program, self.ctx.household, day, NULL_TRACER)
        if ctx.member_id is not None:
            later = next(m for m in later.members if m.member_id == ctx.member_id)  # type: ignore[assignment]
        try:
            return bool(plan.test(later))
        except EvaluationError:
            return None

    def _values(self, c: Comparison, ctx: Ctx) -> tuple[Any, Any, str | None]:
        """Both sides' values, and the right side as shown when it is the same for every household."""
        left = c.left(ctx)
        if c.right_shown is not None:
            return left, c.right_value, c.right_shown
        return left, c.right(ctx), None

    def statement(self, c: Comparison, ctx: Ctx) -> str:
        """A comparison inside a yes/no rule, said with its values (no margin, no hint)."""
        left, right, shown_right = self._values(c, ctx)
        if left is None or right is None:
            return c.missing["sentence"].rpartition(" → ")[0]
        if c.nothing is not None and left == 0:
            return c.nothing
        symbol = "<" if left < right else (">" if left > right else "=")
        said_right = c.right_said if shown_right is not None else c.rhs.said(ctx, c.show(right))
        unmet = c.unmet if c.holds is not None and not c.holds(left, right) else ""  # which part fails
        return f"{c.lhs.said(ctx, c.show(left))} {symbol} {said_right}{unmet}"

    def comparison(self, c: Comparison, verdict: bool, ctx: Ctx, hints: bool, out: dict[str, Any],
                   blocked: AfterHint | None = None) -> None:
        """A comparison's part of its clause's entry, added to `out`: both sides, the margin, the sentence, and for
        a failed threshold what would make it hold — or, where other failed clauses read no income (`blocked`),
        only that: its figures, and the costly weighing of income as received, are left out."""
        left = c.left(ctx)
        right = c.right(ctx) if c.right_shown is None else c.right_value
        if left is None or right is None:
            out.update(c.missing)
            return
        shown_right, said_right = c.right_shown, c.right_said
        if shown_right is None:  # a right side of this household's values
            shown_right = c.show(right)
            said_right = c.rhs.said(ctx, shown_right)
        symbol = "<" if left < right else (">" if left > right else "=")
        shown_left = c.show(left)
        out["compared"] = [
            {"text": c.lhs.text, "label": c.lhs.label, "value": shown_left},
            {"text": c.rhs.text, "label": c.rhs.label, "value": shown_right},
        ]
        if c.nothing is not None and left == 0:
            out["sentence"] = c.nothing
            return
        sentence = f"{c.lhs.said(ctx, shown_left)} {symbol} {said_right}"
        if c.relational and isinstance(left, Decimal) and isinstance(right, Decimal):
            margin = abs(left - right)
            shown_margin = out["margin"] = thousands(margin) if c.money else str(margin.normalize())
            if symbol == "=":
                sentence += c.sep + c.equal[verdict]
            else:
                before, after = c.margin_words[symbol]
                sentence += before + shown_margin + after
            if not verdict and hints and c.hint:
                if blocked is not None:
                    out["would_hold_if"] = blocked.text
                    out["blocked_by"] = list(blocked.blocked_by)
                else:
                    out["would_hold_if"] = self.would_hold(c, right, shown_left, shown_right, ctx)
                    out["would_hold_if"] += self.as_received(c, left, right, ctx, out)
        elif not verdict:  # `== 0` and the like: say what it must be
            sentence += c.must
        out["sentence"] = sentence

    def would_hold(self, c: Comparison, right: Decimal, shown_left: str, shown_right: str, ctx: Ctx) -> str:
        """What would make a failed threshold hold; for a per-head value, the household total too."""
        before, between, after = c.would
        text = before + shown_right + between + shown_left + after
        if c.per_head is not None:
            top, bottom, household, show, (total_before, total_between, total_after) = c.per_head
            owner = self.ctx if household else ctx
            divisor = bottom(owner)
            if isinstance(divisor, Decimal) and divisor > 0:
                target, now = show(EXACT.multiply(right, divisor)), show(top(owner))
                text += total_before + target + total_between + now + total_after
        return text

    def as_received(self, c: Comparison, left: Decimal, right: Decimal, ctx: Ctx, out: dict[str, Any]) -> str:
        """Where the value compared is income counted at a share (a wage at 80%), what the hint asks of the income
        as the family receives it: for each kind of line, the amount that alone would make the threshold hold and
        its amount now (also in `out["as_received"]`); where no one kind alone can, the share each is counted at."""
        if c.received is None or not self.at_a_share:
            return ""
        key = (id(c.received), id(ctx))  # several categories compare the same side (per-head income)
        if key in self.grouped:
            found = self.grouped[key]
        else:
            found = self.grouped[key] = groups(c.received(ctx), ctx, self.program.counted_share)
        if found is None:
            return ""
        move = right - left
        w, show = self.w, self.phrases.rate
        several = len(ctx.hh.members) > 1
        said, data = [], []
        for g in found:
            to = g.target(move)
            if to < 0 or (to == 0 and c.op == "<"):
                continue  # this kind alone cannot bring it there
            label, counted, share = self._line_words(g.types, g.share)
            if g.member is not None and g.member == getattr(ctx, "member_id", None):
                label = w["own"].format(label=label)  # in the member's own rule: their own wage
            elif g.member is not None and several:
                label = w["of_member"].format(label=label, member=g.member)
            target, now, gap = show(to), show(g.now), show(abs(to - g.now))
            said.append(w["received_line"].format(label=label, rel=c.rel, target=target, now=now, gap=gap,
                                                  counted=counted))
            item = {"income": list(g.types), "share": share, "target": target, "now": now, "gap": gap}
            if g.member is not None:
                item["member"] = g.member
            data.append(item)
        if not said:
            items = (w["share_item"].format(label=label, counted=counted)
                     for label, counted, _ in (self._line_words(g.types, g.share) for g in found))
            return w["received_shares"].format(shares=w["share_join"].join(items))
        out["as_received"] = data
        if len(said) == 1:  # the rest unchanged: said where other kinds of income would move the value too
            return w["received_one" if len(found) == 1 else "received_rest"].format(line=said[0], lines=said[0])
        return w["received_many"].format(lines=w["received_or"].join(said))

    def _line_words(self, types: tuple[str, ...], share: Decimal) -> tuple[str, str, str]:
        """Income types as a hint names them, how much of them is counted, and that share as written (`80%`)."""
        w, incomes = self.w, self.phrases.incomes
        label = w["list_join"].join(incomes[t].label for t in types)
        if len(types) > 1:
            label = w["together"].format(labels=label)
        share_text = incomes[types[0]].share_text
        counted = w["counted_in_full"] if share == 1 else w["counted_at"].format(share=share_text)
        return label, counted, share_text

    # categories -----------------------------------------------------------------------

    def outcome_entry(self, plan: CategoryPlan, outcome: CategoryOutcome, ctx: Ctx) -> dict[str, Any]:
        clause = self.clause
        # where any one clause is enough and one holds, what would make another hold does not matter
        hints = plan.match_all or not outcome.holds
        verdicts = outcome.verdicts
        if plan.match_all and verdicts.count(False) > 1:  # a hint alone would not bring the category
            soon = tuple(i for i, (c, verdict) in enumerate(zip(plan.clauses, verdicts, strict=True))
                         if not verdict and c.ages and self.comes_of_age(c, ctx))
            after = plan.after_hints(verdicts, soon)
            clauses = [clause(c, v, ctx, hints, blocked=a if a.blocked_by else None)
                       for c, v, a in zip(plan.clauses, verdicts, after, strict=True)]
            for said, a in zip(clauses, after, strict=True):
                if "would_hold_if" in said and not a.blocked_by:
                    said["would_hold_if"] += a.text
        else:
            clauses = [clause(c, v, ctx, hints) for c, v in zip(plan.clauses, verdicts, strict=True)]
        if outcome.assigned and (plan.match_all or verdicts.count(True) == 1):
            # each clause met is one the category rests on: the day a member's age ends it is to be planned for
            for c, v, said in zip(plan.clauses, verdicts, clauses, strict=True):
                if v and c.ages:
                    self.until(c, ctx, said)
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

    # accounting and assistance --------------------------------------------------------

    def accounting(self) -> dict[str, Any]:
        hh = self.ctx.household
        show = self.phrases.rate
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
                item["counted_amount"] = show(EXACT.multiply(line.amount, kind.share))
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
        if plan.ages:
            self.until(plan, ctx, entry, then="measure_ends")
        return entry

    def withheld(self) -> list[dict[str, Any]]:
        """The household's measures of a single form it was not granted, each with the condition it lacks (a
        dibao household whose members are all tekun gets no dibao benefit: this says why)."""
        granted = {g.measure.id for g in self.decision.assistance}
        out = []
        for measure in self.phrases.single_form:
            if measure.id in granted:
                continue
            head, condition = self.phrases.withheld(measure)
            # said as a clause is, without unfolding the values it reads: the clauses above did
            said = self.clause(condition, False, self.ctx, hints=False, unfold=False, lacking=True)
            entry = head.copy()
            entry["sentence"] = said["sentence"]
            entry["why"] = self.w["withheld"].format(reasons=self.lacking(condition, said["sentence"]))
            if condition.ages:
                self.until(condition, self.ctx, entry, verdict=False, then="measure_starts")
            out.append(entry)
        return out

    def lacking(self, plan: ClausePlan, sentence: str) -> str:
        """Why a measure's condition fails, to read aloud: each yes/no the household does not have as a condition
        not met (`不符合“住房不安全（C级、D级危房）”这一条件`), each other value as the clause says it (`所有成员都属于
        “特困人员”`)."""
        ctx, w = self.ctx, self.w
        if plan.comparison is not None:
            return sentence
        lacks, reasons = [], []
        for f in plan.lacking(ctx):
            if f.lacks(ctx):
                lacks.append(f.label)
            else:
                reasons.append(f.said(self, ctx))
        if lacks:
            quoted = w["quote_join"].join(lacks)
            reasons.insert(0, w["lacks_one" if len(lacks) == 1 else "lacks_many"].format(clauses=quoted))
        return plan.join.join(reasons)

    # the whole explanation ------------------------------------------------------------

    def household_members(self) -> list[dict[str, str]]:
        """Each member's id and, where the policy says how, their description (`户主，58岁`)."""
        described = describe_members(self.policy, self.ctx, self.lang)
        return [{"id": m.member_id, "description": described[m.member_id]} if m.member_id in described
                else {"id": m.member_id} for m in self.ctx.members]

    def today_said(self) -> str:
        """That the household is decided on today because its file gives no date (none, when it gives one or
        the day was chosen with --date)."""
        if self.ctx.household.date is None and self.decision.date == datetime.date.today():
            return str(self.w["today"])
        return ""

    def build(self) -> dict[str, Any]:
        d, p = self.decision, self.policy
        names = self.phrases.category_labels
        labels = [names[c] for c in d.categories]
        members = {m: [names[c] for c in cats] for m, cats in d.members.items() if cats}
        out: dict[str, Any] = {
            "lang": self.lang,
            "title": self.w["title"].format(id=d.household, date=day_text(d.date), today=self.today_said(),
                                            policy=self.phrases.policy_title, version=p.meta.version),
            "policy_line": self.phrases.policy_line,
            "household_members": self.household_members(),
            "result": {"household": labels, "members": members},
        }
        if not p.meta.in_force(d.date):
            out["note"] = self.w["outside"].format(date=d.date.isoformat(), window=p.meta.window())
        out["accounting"] = self.accounting()
        out["categories"] = [self.category(c) for c in p.categories]
        out["assistance"] = [self.grant(g) for g in d.assistance]
        out["withheld"] = self.withheld()
        if self.defaults:
            for i in deciding(self.decision, self.left_out):
                self.defaults[i]["decides"] = True
            out["defaults"] = self.defaults
        confirmations = self.phrases.confirmations(tuple(g.option for g in d.assistance),
                                                   frozenset(line.type for line in self.ctx.household.income))
        out["to_confirm"] = [{"label": label, "confirm": confirm} for label, confirm in confirmations]
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


def explain(decision: Decision, lang: str = "zh") -> dict[str, Any]:
    """The explanation tree of a decision, in `lang` ("zh" or "en")."""
    return Explainer(decision, lang).build()
