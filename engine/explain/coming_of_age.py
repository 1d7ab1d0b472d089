"""The day a member's age turns a clause of one decision: met from then, or no longer met.

Input: a decision's household context, its date and the words of one language; then a clause's plan (or a
measure's), its verdict and the context it was decided in (a member's, or the household's).
Output: `ComingOfAge`, whose `birthday` adds to a failed clause's entry the day a member's age would meet it
(`将于 2026-12-15 年满 60 周岁，届时这一条件即可满足`), `until` to a met clause a category rests on (or a measure
granted) the day it stops holding — or to a measure withheld the day it would be given — and `comes_of_age`
says whether a failed clause is met by a birthday alone. Which ages a rule compares with, and the days members
reach them, are `birthdays`'; whether the verdict turns on such a day is found here, by deciding the rule again.
Invariant: only reads the evaluation; a rule is decided again on a household context of that day, its own, made
once per day and never seen by the evaluation. Each clause's day is found once per context and verdict.
"""

from __future__ import annotations

import datetime
from typing import Any

from engine.evaluator import Ctx, EvaluationError, HouseholdContext, Program
from engine.explain.birthdays import AgeThreshold, Birthdays
from engine.explain.grants import MeasurePlan
from engine.explain.plans import ClausePlan
from engine.explain.words import day_text
from engine.tracing import NULL_TRACER

# a member, the age they reach, the day, and whether reaching it turns the whole clause (not one part of it)
Turning = tuple[str, AgeThreshold, datetime.date, bool]


class ComingOfAge:
    """The days members come of the ages one decision's clauses compare with, said in one language."""

    def __init__(self, program: Program, ctx: HouseholdContext, on: datetime.date, w: dict[str, str]):
        self.program = program
        self.ctx = ctx
        self.w = w
        self.birthdays = Birthdays(ctx.members, on)
        self.later: dict[datetime.date, HouseholdContext] = {}  # the household on a day a member comes of an age
        self.turned: dict[tuple[int, int, bool], Turning | None] = {}  # `turning`, by clause, context and verdict

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
        """`将于 2026-12-15 年满 60 周岁` under the member it is about; in the household's rule, or a member's rule
        read for another, whose birthday it is (`p2 将于 …`). English names the member in either, a sentence
        needing its subject (`p1 will turn 60 on …`)."""
        which = "member_turns" if member != ctx.member_id else "turns"
        return self.w[which].format(member=member, date=day_text(day), age=years)

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
