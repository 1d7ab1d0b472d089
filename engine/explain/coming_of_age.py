"""The day a member's age turns a clause of one decision: met from then, or no longer met.

Input: a decision's household context, its date and the words of one language; then a clause's plan (or a
measure's), its verdict and the context it was decided in (a member's, or the household's).
Output: `ComingOfAge`, whose `birthday` adds to a failed clause's entry the day a member's age would meet it
(`将于 2026-12-15 年满 60 周岁，届时这一条件即可满足`), `until` to a met clause a category rests on (or a measure
granted) the day it stops holding — or to a measure withheld the day it would be given —, `date_ends` to a met
clause a category rests on the day a date it compares the day with ends it (`2027-02-01 起这一条件不再满足`), and
`comes_of_age` says whether a failed clause is met by a birthday alone. Of a day after the policy's `effective.to` no
outcome is promised, only that a new policy decides it (`将于 2026-03-01 年满 60 周岁；本政策 2025-12-31 到期，
届时按新政策认定`, and `policy_ends` in the entry): this policy's rules do not hold then, so such a day is not said
beside a comparison's hint, nor met by a birthday alone (`comes_of_age`). Which ages a rule compares with, and the days
members reach them, are `birthdays`'; whether the verdict turns on such a day is found here, by deciding the rule again,
and so is whether a monthly grant ends on a day a date its conditions compare with turns (`date_turns`), for `paid`.
What a monthly grant pays over the year, month by month up to that end and from any later day within the year that
gives it again, is `year_paid` (through `year_of_grants`, for the yearly totals of `policy diff`), from the same days;
what one not given on the decision's day pays from the day within the year a birthday or a date starts it, month by
month in the same way, is `year_of_starts`. The days a grant that stops is given again, each in turn, said beside
`paid_until`, are `given_again`'s, from the same days as `year_paid` counts.
Invariant: only reads the evaluation; a rule is decided again on a household context of that day, its own, made
once per day and never seen by the evaluation. Each clause's day is found once per context and verdict.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from engine.evaluator import (
    Ctx,
    Decision,
    EvaluationError,
    Grant,
    HouseholdContext,
    Program,
    categories_and_grants,
    program_for,
)
from engine.explain.birthdays import AgeThreshold, Birthdays, anniversary
from engine.explain.grants import MeasurePlan
from engine.explain.phrases import static_for
from engine.explain.plans import ClausePlan
from engine.explain.words import WORDS, birthday_changes_amount, day_text, first_return_said, returns_said
from engine.model import Measure, Option, Policy, per_policy
from engine.tracing import NULL_TRACER
from engine.values import grouped, with_unit

_DAY = datetime.timedelta(days=1)
_MONTHS = 12  # the payments of a monthly grant in a year
# a member, the age they reach, the day, and whether reaching it turns the whole clause (not one part of it)
Turning = tuple[str, AgeThreshold, datetime.date, bool]


class Return(NamedTuple):
    """A day a monthly grant that stopped within the year is given again."""

    until: datetime.date  # the last day it is paid before it
    date: datetime.date
    amount: Decimal | None  # what it pays from then, where it differs from the amount it stopped at (else None)
    # each later day, before it stops again, from which it pays another amount (a date or a birthday), the amount,
    # and the member and age whose birthday brings it (None for a date's)
    changes: tuple[tuple[datetime.date, Decimal, tuple[str, int] | None], ...] = ()
    whose: tuple[str, int] | None = None  # the member and age whose birthday brings it back (None for a date's)


class GivenAgain(NamedTuple):
    """Each day within the year a monthly grant that stops is given again, earliest first (one at least), and the last
    day it is paid where it stops again after the last of them (else None)."""

    returns: tuple[Return, ...]
    last_until: datetime.date | None


def year_end(on: datetime.date, ends: datetime.date | None) -> tuple[datetime.date, datetime.date | None]:
    """The last day of the year from `on` (a monthly grant's year is the twelve months from the decision's day), and
    the policy's last day `ends` where it comes before it (else None)."""
    last = anniversary(on, 1) - _DAY
    return last, ends if ends is not None and ends < last else None


def month_on(on: datetime.date, months: int) -> datetime.date:
    """The day `months` months after `on`: the same day of the month, or the month's last day where it has none."""
    years, month = divmod(on.month - 1 + months, 12)
    year = on.year + years
    return datetime.date(year, month + 1, min(on.day, calendar.monthrange(year, month + 1)[1]))


def payday(on: datetime.date, day: datetime.date) -> bool:
    """Whether a monthly grant decided on `on` is paid on `day` within the year: the day of the month of `on`, or the
    month's last day where it has none (`months_at_amounts`)."""
    return any(month_on(on, month) == day for month in range(_MONTHS))


def months_at_amounts(on: datetime.date, stop: datetime.date, amount: Decimal | None,
                      changes: Sequence[tuple[datetime.date, Decimal | None]]) -> list[tuple[Decimal, int]]:
    """The months a monthly grant pays at each amount over the year from `on`, each amount once, in the order it is
    first paid: each month's payment (on the day of the month of `on`, or the month's last day where it has none) up
    to `stop` is the amount in force that day — `amount`, or the last of `changes` (day, amount; None: nothing is paid
    from then) on or before it."""
    months: dict[Decimal, int] = {}
    coming = list(changes)
    for month in range(_MONTHS):
        payday = month_on(on, month)
        if payday > stop:
            break
        while coming and coming[0][0] <= payday:
            amount = coming.pop(0)[1]
        if amount is not None:
            months[amount] = months.get(amount, 0) + 1
    return list(months.items())


def paid_over_year(on: datetime.date, stop: datetime.date, amount: Decimal | None,
                   changes: Sequence[tuple[datetime.date, Decimal | None]]) -> tuple[Decimal, int]:
    """What a monthly grant pays over the year from `on`, and the months it pays (`months_at_amounts`)."""
    return summed(months_at_amounts(on, stop, amount, changes))


def summed(paid: Sequence[tuple[Decimal, int]]) -> tuple[Decimal, int]:
    """What the months at each amount (`months_at_amounts`) pay in all, and how many they are."""
    return sum((amount * months for amount, months in paid), Decimal(0)), sum(months for _, months in paid)


def _monthly_plans(policy: Policy) -> list[tuple[Measure, MeasurePlan]]:
    phrases = static_for(policy).phrases("en")  # the words are not said: only the days and amounts are read
    return [(measure, plan) for measure in policy.assistance if (plan := phrases.measure(measure)).monthly]


def ends_after(policy: Policy, on: datetime.date) -> datetime.date | None:
    """The policy's last day, where a day foretold from `on` may come after it; None where it has none, or where `on`
    is after it already: a what-if, decided as if in force, whose end is not one to come."""
    ends = policy.meta.effective_to
    return ends if ends is not None and on <= ends else None


def _last_day_paid(policy: Policy, on: datetime.date) -> datetime.date:
    """The last day of the year from `on` a monthly grant may be paid on: the year's, or the policy's end before it."""
    last, policy_end = year_end(on, ends_after(policy, on))
    return policy_end or last


class _StartDays:
    """Of one policy, what `year_of_starts` reads that no household changes — its monthly measures, the ages their
    conditions or amounts compare with — and, per decision day, the last day paid and the dates within the year their
    conditions compare the day with: found once per day, not once per household."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.monthly = frozenset(measure.id for measure, _ in _monthly_plans(policy))
        self.ages = tuple(age for _, plan in _monthly_plans(policy) for age in plan.paid_ages)
        self.turns = tuple(day for _, plan in _monthly_plans(policy) for day in plan.date_turns)
        self.days: dict[datetime.date, tuple[datetime.date, frozenset[datetime.date]] | None] = {}

    def of(self, on: datetime.date) -> tuple[datetime.date, frozenset[datetime.date]] | None:
        """The last day paid of the year from `on` and the dates within it that may start a grant; None where no day
        within it can start one, whatever the household."""
        if on not in self.days:
            stop = _last_day_paid(self.policy, on)
            dates = frozenset(day for day in self.turns if on < day <= stop)
            self.days[on] = (stop, dates) if self.ages or dates else None
        return self.days[on]


@per_policy
def _start_days(policy: Policy) -> _StartDays:
    return _StartDays(policy)


def may_start_within_year(policy: Policy, on: datetime.date) -> bool:
    """Whether a day within the year from `on` may start a monthly grant not given on `on` (`year_of_starts`): a
    monthly measure's conditions or amounts compare a member's age or the day with a date within the year. False
    where no grant can start whatever the household."""
    return _start_days(policy).of(on) is not None


def year_of_starts(policy: Policy, ctx: HouseholdContext,
                   given: set[tuple[str, str | None]]) -> list[tuple[str, str | None, Decimal, int]]:
    """The monthly grants (measure, member or None) that the household of `ctx` is not given on its day (not in
    `given`) and that a day within the year from it gives — a member's birthday at an age a measure's conditions or
    amounts compare with (reaching 60 or 16), or a date its conditions compare the day with (a window opening), the
    days `policy eval --explain` says a birthday brings a measure from —, each with what it pays over the year and
    the months it pays: from the first payment on or after the day it starts (the day of the month of the decision's,
    as `year_paid` counts), at the amount in force each payday, until it ends or the year or the policy does; none
    that starts after the year's last payment. On a day outside the policy's window (a what-if), as if in force, as
    `year_paid` counts."""
    on = ctx.date
    known = _start_days(policy)
    found = known.of(on)
    if found is None:
        return []
    monthly, ages = known.monthly, known.ages
    stop, dates = found
    days = set(dates)
    if ages:
        days.update(day for day, _, _ in Birthdays(ctx.members, on).reached(ages) if day <= stop)
    paid: dict[tuple[str, str | None], list[tuple[datetime.date, Decimal | None]]] = {}
    for day in sorted(days):
        try:
            _, _, grants = categories_and_grants(policy, ctx.household, day)
        except EvaluationError:
            continue
        then = {(g.measure.id, g.member): g.amount for g in grants if g.measure.id in monthly and g.amount}
        for key, changes in paid.items():
            if key not in then:
                changes.append((day, None))
        for key, amount in then.items():
            if key not in given:
                paid.setdefault(key, []).append((day, amount))
    booked = [(measure, member, *paid_over_year(on, stop, None, changes))
              for (measure, member), changes in paid.items()]
    return [grant for grant in booked if grant[3]]  # one starting after the year's last payment pays nothing in it


def may_pay_part_of_year(plan: MeasurePlan, policy: Policy, on: datetime.date) -> bool:
    """Whether a monthly grant of this measure decided on `on` may pay other than twelve months of its amount over the
    year (`ComingOfAge.year_paid`): a birthday may change or end it, a date its conditions compare the day with turns
    within the year, or the policy ends within it. False where it pays the twelve months whatever the household."""
    if not plan.monthly:
        return False
    last, policy_end = year_end(on, ends_after(policy, on))
    return bool(plan.paid_ages) or policy_end is not None or any(on < day <= last for day in plan.date_turns)


def year_of_grants(decision: Decision) -> Callable[[Grant], tuple[Decimal, int]]:
    """For a monthly grant of `decision`, what it pays over the year from the decision's day and the months it is paid
    for (`ComingOfAge.year_paid`): twelve months of its amount unless its measure may pay otherwise
    (`may_pay_part_of_year`)."""
    assert decision.evaluation is not None, "decided by `evaluate`"
    ctx, policy, on = decision.evaluation, decision.policy, decision.date
    phrases = static_for(policy).phrases("en")  # the words are not said: only the days and amounts are read
    members = {m.member_id: m for m in ctx.members}
    coming: list[ComingOfAge] = []  # made once, for the first grant that needs it

    def of(grant: Grant) -> tuple[Decimal, int]:
        plan = phrases.measure(grant.measure)
        if not may_pay_part_of_year(plan, policy, on):
            return (grant.amount or Decimal(0)) * _MONTHS, _MONTHS
        if not coming:
            coming.append(ComingOfAge(program_for(policy), ctx, on, "en"))
        return coming[0].year_paid(plan, grant, members[grant.member] if grant.member else ctx)

    return of


class ComingOfAge:
    """The days members come of the ages one decision's clauses compare with, said in one language."""

    def __init__(self, program: Program, ctx: HouseholdContext, on: datetime.date, lang: str):
        self.program = program
        self.ctx = ctx
        self.lang = lang
        self.w = WORDS[lang]
        self.birthdays = Birthdays(ctx.members, on)
        # the last day of the policy, where a day foretold may come after it: decided by a policy to come, which
        # this decision does not know (none where the decision's own day is outside the policy already)
        self.ends = ends_after(program.policy, on)
        self.later: dict[datetime.date, HouseholdContext] = {}  # the household on a day a member comes of an age
        self.turned: dict[tuple[int, int, bool], Turning | None] = {}  # `turning`, by clause, context and verdict
        self.options = {measure.id: options for measure, options in program.measures}
        self.amounts_said: list[Option] = []  # the options whose amount a birthday brings, as said: their values
        self.agains: dict[tuple[str, str | None], GivenAgain | None] = {}

    def birthday(self, plan: ClausePlan, ctx: Ctx, entry: dict[str, Any]) -> None:
        """For a failed clause that a member's age turns within a year, the day: after the hint of a comparison
        (not where the day comes after the policy's end: the hint is of this policy), else as the hint (`将于
        2026-12-15 年满 60 周岁，届时这一条件即可满足`); where reaching the age meets only one part of it, that part
        (`届时“年龄 ≥ 60”即可满足`)."""
        found = self.turning(plan, False, ctx)
        if found is None:
            return
        member, threshold, day, whole = found
        if "would_hold_if" in entry and self.ends_before(day) is not None:
            return  # beside a hint of this policy, a day after its end would be heard as another way to meet it
        w = self.w
        turns = self.turns(member, threshold.years, day, ctx)
        entry["turns_age"] = self.said(member, threshold.years, day)
        if "would_hold_if" in entry:
            entry["would_hold_if"] += plan.join + turns
        elif self.ends_before(day) is not None:  # whether it is met then is the next policy's to say
            entry["would_hold_if"] = turns + self.policy_ends(day)
        elif whole:
            entry["would_hold_if"] = turns + w["from_then"]
        else:
            entry["would_hold_if"] = turns + w["from_then_part"].format(condition=threshold.part)

    def until(self, plan: ClausePlan | MeasurePlan, ctx: Ctx, entry: dict[str, Any], verdict: bool = True,
              then: str = "no_longer", instead: Callable[[str, datetime.date], str] | None = None) -> None:
        """For a met clause a category depends on (or a measure granted), that a member's age turns within a
        year, the day it stops holding, for the caseworker to plan the reassessment (`将于 2026-05-20 年满 18 周岁，
        届时这一条件不再满足`); with `verdict` False, for a measure withheld, the day it would be given. `instead`
        gives, for the member and the day, what the same birthday brings in its place (said next), or ""."""
        found = self.turning(plan, verdict, ctx)
        if found is None or not found[3]:
            return
        member, threshold, day, _ = found
        said = self.said(member, threshold.years, day)
        turns = self.turns(member, threshold.years, day, ctx)
        if self.ends_before(day) is not None:  # what holds then, and what it brings, is the next policy's to say
            turns += self.policy_ends(day)
        else:
            turns += self.w[then] + (instead(member, day) if instead is not None else "")
        if verdict:
            entry["stops_holding"], entry["holds_until"] = said, turns
        else:
            entry["turns_age"], entry["would_hold_if"] = said, turns

    def date_ends(self, plan: ClausePlan, ctx: Ctx, entry: dict[str, Any]) -> None:
        """For a met clause a category rests on that compares the day with a fixed date, the first day within the
        year and the policy on which a date ends it (`today <= 2027-01-31`: 2027-02-01), as a grant's `paid_until`
        is found: decided again that day, it fails, and held the day before; with the first later such day that
        brings it back (a second window, `today >= 2027-04-01`), where one does (`date_ends`: `2027-02-01
        起这一条件不再满足，2027-04-01 起再次满足`)."""
        on = self.birthdays.on
        last, policy_end = year_end(on, self.ends)
        days = [day for day in plan.date_turns if on < day <= (policy_end or last)]
        ends = next((day for day in days if self.verdict_on(plan, ctx, day) is False
                     and self.verdict_on(plan, ctx, day - _DAY) is True), None)
        if ends is None:
            return
        w = self.w
        said: dict[str, Any] = {"date": day_text(ends)}
        sentence = w["date_no_longer"].format(date=day_text(ends))
        again = next((day for day in days if day > ends and self.verdict_on(plan, ctx, day) is True), None)
        if again is not None:
            said["again"] = day_text(again)
            sentence += w["date_again"].format(date=day_text(again))
        entry["date_ends"] = {**said, "sentence": sentence}

    def paid(self, plan: MeasurePlan, grant: Grant, ctx: Ctx, entry: dict[str, Any],
             instead: Callable[[str, datetime.date], str]) -> None:
        """For a monthly grant, where what it pays does not hold for the year after the decision — a member's birthday
        changes its amount or ends it, a date its conditions compare the day with ends it (`today <= 2027-02-28`), or
        the policy ends — the last day it holds, for `paid_until` in place of the year's total (`per_year`); a change
        of amount is said (`amount_changes`, `changes_to`: `p3 将于 2026-03-01 年满 60 周岁，届时金额改为 510.00
        元/月`, then what the birthday brings, by `instead`; a date's, `amount_changes_on`: `2027-03-01 起金额改为
        200.00 元/月`), with the last day the new amount holds where it comes within the year (`amount_then_until`:
        the day before the next birthday or date that changes it, the day a date ends it, or the policy's last day)
        and each later change (`later_amounts`: `；p1 将于 2025-12-31 年满 60 周岁，届时金额改为 282.00 元/月`), the
        days and amounts `year_paid` counts (`_steps`). An end is `until`'s to say. On a day outside the policy's window
        neither a year nor a last day is promised, only that the day is outside it (`outside_window`). A grant that
        stops within the year and is given again later in it says each day it is, in turn (`given_again`), as
        `year_paid` counts it (`given_again`, the method)."""
        last, policy_end = year_end(self.birthdays.on, self.ends)
        ends: list[tuple[datetime.date, dict[str, Any]]] = []
        if policy_end is not None:
            ends.append((policy_end, {"date": day_text(policy_end), "policy_ends": True}))
        closes, steps = self._steps(plan, grant, ctx, last)
        if steps and steps[0][0] - _DAY < last:
            ends.append((steps[0][0] - _DAY, {"date": day_text(steps[0][0] - _DAY)}))
        later: list[dict[str, Any]] = []
        for i, (day, turning, then) in enumerate(steps):
            if then is None:  # the grant ends: `until` says so
                break
            amount = plan.amount(then.amount)
            self.amounts_said.append(then.option)
            if turning is None:  # a date the conditions or amounts compare the day with
                said = self.w["date_amount_changes"].format(date=day_text(day), amount=amount)
            else:
                said = birthday_changes_amount(turning[0], day_text(day), turning[1], amount, self.w)
            following = steps[i + 1][0] if i + 1 < len(steps) else None
            holds = following - _DAY if following is not None else closes or policy_end
            if holds is not None:
                said += self.w["until" if holds != policy_end else "until_policy_ends"].format(day_text(holds))
            whose = {"date": day_text(day)} if turning is None else self.said(*turning, day)
            if i == 0:
                if turning is None:
                    entry["amount_changes_on"] = day_text(day)
                else:
                    entry["amount_changes"] = whose
                entry["amount_then"] = amount
                if holds is not None:
                    entry["amount_then_until"] = day_text(holds)
                entry["changes_to"] = said + (instead(turning[0], day) if turning is not None else "")
            else:
                later.append({**whose, "amount": amount, **({"until": day_text(holds)} if holds is not None else {})})
                entry["changes_to"] += self.w["next_change"].format(said)
        if later:
            entry["later_amounts"] = later
        if "per_year" not in entry:  # a yearly amount, or a monthly one of nothing: no year's total to replace
            return
        if not self.program.policy.meta.in_force(self.birthdays.on):  # no year, nor a last day, of it to promise
            del entry["per_year"]
            entry["outside_window"] = True
            return
        if closes is not None:
            ends.append((closes, {"date": day_text(closes)}))
        if ends:
            del entry["per_year"]
            entry["paid_until"] = min(ends, key=lambda end: end[0])[1]
            again = self.again(plan, grant, ctx)
            if again is not None:
                entry["given_again"] = self.again_said(plan, again)
        paid = self.months_paid(plan, grant, ctx)
        if "amount_then" in entry or len(paid) > 1:  # in place of twelve months of one amount: the months at each
            entry["year_paid"] = self.year_said(plan, paid, policy_end is not None)

    def year_said(self, plan: MeasurePlan, paid: list[tuple[Decimal, int]], policy_ends: bool) -> dict[str, Any]:
        """The JSON of what a grant whose amount changes pays over the year (`year_paid`): the total, the months it
        is paid, those at each amount, and the sentence (`全年 2,700.00 元（300.00 元 × 3 个月 + 200.00 元 × 9
        个月）`; where it is paid for fewer than twelve months, `一年内发放 7 个月，共 1,800.00 元（…）`, or, where the
        policy ends within the year, whose months after its end a new policy decides, `本政策期内发放 2 个月，共
        846.00 元（…）`)."""
        w = self.w
        parts: list[dict[str, Any]] = [{"amount": f"{grouped(amount)} {plan.sum_unit}", "months": months}
                                       for amount, months in paid]
        total, months = summed(paid)
        said = {"total": f"{grouped(total)} {plan.sum_unit}", "months": months, "parts": parts}

        def counted(n: int) -> str:  # months said as every duration is (`1 个月`, `1 month`, `9 months`)
            return with_unit(str(n), "duration", self.lang)

        listed = " + ".join(w["months_at"].format(amount=part["amount"], months=counted(part["months"]))
                            for part in parts)
        which = "year_paid" if months == _MONTHS else "year_paid_policy" if policy_ends else "year_paid_months"
        sentence = w[which].format(total=said["total"], months=counted(months), parts=listed)
        return {**said, "sentence": sentence}

    def _steps(self, plan: MeasurePlan, grant: Grant, ctx: Ctx, last: datetime.date) -> tuple[
            datetime.date | None, list[tuple[datetime.date, tuple[str, int] | None, Grant | None]]]:
        """The day a date its conditions compare the day with ends a grant within the year (`_dated`), and each day
        before it on which a member's birthday (`_changes`) or such a date changes what it pays, earliest first, as
        `_paid_days` counts them: the day, the member and age whose birthday it is (None for a date), and the grant
        then (None where a birthday ends it: the last)."""
        closes, dated = self._dated(plan, grant, ctx, last)
        found = [*((day, (member, years), then) for day, member, years, then in (
            self._changes(plan, grant, ctx) if plan.paid_ages else [])), *((day, None, then) for day, then in dated)]
        steps: list[tuple[datetime.date, tuple[str, int] | None, Grant | None]] = []
        amount = grant.amount
        for day, turning, then in sorted(found, key=lambda step: step[0]):
            if (closes is not None and day > closes) or (then is not None and then.amount == amount):
                continue  # after the grant ends, or the amount already in force (a birthday and a date alike)
            steps.append((day, turning, then))
            if then is None:
                break
            amount = then.amount
        return closes, steps

    def again_said(self, plan: MeasurePlan, again: GivenAgain) -> dict[str, Any]:
        """The JSON of a grant given again (`given_again`): the first day it is, the last day paid before it stops
        (`until`: the day the sentence says, which `paid_until` is not where the amount changes first), the amount
        where it differs; each later return (`later`: the last day paid before it, the day, the amount where it
        differs), and the last day paid where it stops again after the last (`last_until`), or the policy's last day
        where it ends within the year after it (`last_until`, with `policy_ends`); and the sentence that says
        them in turn (`发放至 2027-01-31，2027-04-01 起再次给予，至 2027-05-31；2027-09-01 起再次给予`)."""
        first, *rest = again.returns
        last_until = again.last_until
        policy_ends = last_until is None and (last_until := year_end(self.birthdays.on, self.ends)[1]) is not None
        # the last day paid after each return: the next one's `until`, or the last day paid after the last
        stops = [r.until for r in rest] + [last_until]
        on = self.birthdays.on
        said: dict[str, Any] = {"date": day_text(first.date), "until": day_text(first.until),
                                **self.back(plan, first, stops[0], on)}
        sentence = first_return_said(said, self.w)
        if rest:
            said["later"] = [{"until": day_text(r.until), "date": day_text(r.date), **self.back(plan, r, stop, on)}
                             for r, stop in zip(rest, stops[1:], strict=True)]
        if last_until is not None:  # where it stops again, or the policy ends, after the last return
            said["last_until"] = day_text(last_until)
        if policy_ends:
            said["policy_ends"] = True
        sentence += returns_said(said.get("later", ()), said.get("last_until"), self.w, policy_ends, after=said)
        return {**said, "sentence": sentence}

    @staticmethod
    def back(plan: MeasurePlan, back: Return, stop: datetime.date | None, on: datetime.date) -> dict[str, Any]:
        """What a return pays, for its JSON: the member and age whose birthday brings it back (`member`, `age`), the
        amount where it differs from the amount it stopped at, each change of amount before it stops again
        (`changes`), and `one_day` where the last day it is paid, `stop`, is its own (given again on the policy's last
        day, or the day before a birthday ends it again), with `unpaid` where that day is no payday of the year from
        `on` (`payday`): a month's payment is the amount in force on its payday, so nothing is paid for it."""
        said: dict[str, Any] = {} if back.whose is None else {"member": back.whose[0], "age": back.whose[1]}
        if back.amount is not None:
            said["amount"] = plan.amount(back.amount)
        if stop == back.date:
            said["one_day"] = True
            if not payday(on, back.date):
                said["unpaid"] = True
        if back.changes:
            said["changes"] = [{"date": day_text(day), **(dict(member=whose[0], age=whose[1]) if whose else {}),
                                "amount": plan.amount(amount)} for day, amount, whose in back.changes]
        return said

    def year_paid(self, plan: MeasurePlan, grant: Grant, ctx: Ctx) -> tuple[Decimal, int]:
        """What a monthly grant pays over the year from the decision's day, and the months it is paid for, as `paid`
        bounds it: the payment of each month (on the decision's day of the month, or the month's last day where it
        has none) is the amount in force that day, while the grant holds — until a member's birthday ends it, a date
        its conditions compare the day with ends it (`today <= 2027-02-28`), or the policy ends (the day said as
        `paid_until`); a birthday that changes the amount pays the new amount from the first payment on or after it,
        and one that ends may be given again by a later birthday or date within the year (a second window: `today <=
        2027-02-28 or today >= 2027-10-01`), paid again from the first payment on or after that day.
        On a day outside the policy's window (a what-if), whose explanation promises no year (`outside_window`), the
        year is counted the same way, as if the policy were in force: so that the yearly totals of a what-if and of
        the version in force are set side by side counted alike."""
        amount = grant.amount or Decimal(0)
        if not amount:
            return amount, _MONTHS
        return summed(self.months_paid(plan, grant, ctx))

    def months_paid(self, plan: MeasurePlan, grant: Grant, ctx: Ctx) -> list[tuple[Decimal, int]]:
        """The months a monthly grant of something pays at each amount over the year, as `year_paid` counts them."""
        stop, _, coming = self._paid_days(plan, grant, ctx)
        return months_at_amounts(self.birthdays.on, stop, grant.amount, coming)

    def again(self, plan: MeasurePlan, grant: Grant, ctx: Ctx) -> GivenAgain | None:
        """`given_again` where the grant's line says it (`paid`): a monthly amount of something, decided on a day the
        policy is in force; found once per grant, for a birthday that gives it back to say nothing more
        (`Explainer.gained`)."""
        key = (grant.measure.id, grant.member)
        if key not in self.agains:
            said = plan.monthly and bool(grant.amount) and self.program.policy.meta.in_force(self.birthdays.on)
            self.agains[key] = self.given_again(plan, grant, ctx) if said else None
        return self.agains[key]

    def given_again(self, plan: MeasurePlan, grant: Grant, ctx: Ctx) -> GivenAgain | None:
        """For a monthly grant that stops within the year and is given again later in it (`year_paid` counts those
        months), each time it is: the last day it is paid before, the day, the amount then where it differs from
        the amount it stopped at, and each day a date or a birthday changes the amount before it stops again; and the
        last day it is paid where it stops again after the last. None where it is not given again within the year.
        A change or a return on a member's birthday is that member's, where no date turns and no other member comes of
        age then."""
        _, stopped, coming = self._paid_days(plan, grant, ctx)
        if stopped is None:
            return None
        # by member and age: an age its conditions and its amount both compare with is one birthday
        born: dict[datetime.date, set[tuple[str, int]]] = {}
        for day, member, threshold in self.birthdays.upcoming(plan.paid_ages, ctx):
            born.setdefault(day, set()).add((member, threshold.years))
        whose = {day: next(iter(found)) for day, found in born.items()
                 if len(found) == 1 and day not in plan.date_turns}
        before = [change for change in coming if change[0] <= stopped]
        amount = before[-1][1] if before else grant.amount or Decimal(0)
        returns: list[Return] = []
        paying: Decimal | None = None  # what it pays from the last change read (None: nothing, it has stopped)
        for day, then in coming:
            if day <= stopped or then == paying:
                continue
            if paying is None:
                returns.append(Return(stopped, day, None if then == amount else then, whose=whose.get(day)))
            elif then is None:
                stopped, amount = day - _DAY, paying
            else:  # paid again, at another amount from this day
                returns[-1] = returns[-1]._replace(changes=(*returns[-1].changes, (day, then, whose.get(day))))
            paying = then
        if not returns:
            return None
        return GivenAgain(tuple(returns), stopped if paying is None else None)

    def _paid_days(self, plan: MeasurePlan, grant: Grant, ctx: Ctx) -> tuple[
            datetime.date, datetime.date | None, list[tuple[datetime.date, Decimal | None]]]:
        """The last day of the year a monthly grant may be paid, the day it stops within it (None where it does not),
        and each day from which it pays another amount (None: nothing), earliest first: a birthday that changes or
        ends it, the day after it stops, and each later birthday or date that gives it again (`_again`)."""
        last, policy_end = year_end(self.birthdays.on, self.ends)
        closes, steps = self._steps(plan, grant, ctx, last)
        stops = [day - _DAY for day, _, then in steps if then is None]
        stops += [d for d in (policy_end, closes) if d is not None]
        stop = min(stops, default=last)
        # each decided again on its day, so a birthday's amount and a date's, earliest first, are each in force from
        # its day to the next
        coming: list[tuple[datetime.date, Decimal | None]] = [
            (day, then.amount or Decimal(0)) for day, _, then in steps if then is not None]
        paid_to = policy_end or last
        if stop >= paid_to:
            return stop, None, coming
        # stopped within the year: a later birthday or date may give it again
        coming = [*(change for change in coming if change[0] <= stop), (stop + _DAY, None),
                  *self._again(plan, grant, ctx, stop, paid_to)]
        return paid_to, stop, coming

    def _again(self, plan: MeasurePlan, grant: Grant, ctx: Ctx, stopped: datetime.date,
               last: datetime.date) -> list[tuple[datetime.date, Decimal | None]]:
        """After a grant stops (`stopped`, its last day paid), each later day up to `last` a member's birthday or a date
        its conditions compare the day with may give it again, earliest first, with what it pays from then (None:
        nothing)."""
        days = {day for day in plan.date_turns if stopped < day <= last}
        days.update(day for day, _, _ in self.birthdays.upcoming(plan.paid_ages, ctx) if stopped < day <= last)
        out: list[tuple[datetime.date, Decimal | None]] = []
        for day in sorted(days):
            try:
                then = self.granted_on(grant, ctx, day)
            except EvaluationError:
                continue
            out.append((day, None if then is None else then.amount or Decimal(0)))
        return out

    def _dated(self, plan: MeasurePlan, grant: Grant, ctx: Ctx,
               last: datetime.date) -> tuple[datetime.date | None, list[tuple[datetime.date, Grant]]]:
        """What the dates its conditions compare the day with do to a grant before `last` and the policy's end: the
        last day it is paid where one ends it (`today <= 2027-02-28`: 2027-02-28), the day before the first day a
        comparison of the date turns on which, decided again, it is not granted (None where none does); and each
        earlier such day on which, decided again, it pays another amount (the higher option a date ends: 300.00 a
        month until 2027-02-28, 200.00 from 2027-03-01), with the grant then, earliest first."""
        amount = grant.amount
        dated: list[tuple[datetime.date, Grant]] = []
        for day in plan.date_turns:
            if day <= self.birthdays.on:
                continue
            if day - _DAY >= last or self.ends_before(day) is not None:
                break
            try:
                then = self.granted_on(grant, ctx, day)
            except EvaluationError:
                continue
            if then is None:
                return day - _DAY, dated
            if then.amount != amount:
                amount = then.amount
                dated.append((day, then))
        return None, dated

    def _changes(self, plan: MeasurePlan, grant: Grant,
                 ctx: Ctx) -> list[tuple[datetime.date, str, int, Grant | None]]:
        """Each day within a year, up to the policy's last day (after it, a new policy says what is paid), on which a
        member's birthday changes what a grant pays, earliest first, until one ends it: the day, the member, the age,
        and the grant then (None where nothing is granted then)."""
        out: list[tuple[datetime.date, str, int, Grant | None]] = []
        amount = grant.amount
        for day, member, threshold in self.birthdays.upcoming(plan.paid_ages, ctx):
            if self.ends_before(day) is not None:
                break
            try:
                then = self.granted_on(grant, ctx, day)
            except EvaluationError:
                continue
            if then is None or then.amount != amount:
                out.append((day, member, threshold.years, then))
                if then is None:
                    break
                amount = then.amount
        return out

    def granted_on(self, grant: Grant, ctx: Ctx, day: datetime.date) -> Grant | None:
        """The same measure for the same household (or member) decided on `day`; None where it is not granted then.
        Raises EvaluationError where it cannot be computed then."""
        return self.program.grant(self.decided_on(ctx, day), grant.measure, self.options[grant.measure.id])

    def said(self, member: str, years: int, day: datetime.date) -> dict[str, Any]:
        """The member, the age and the day, for the JSON entry; with `policy_ends`, the policy's last day, where
        the day comes after it."""
        said: dict[str, Any] = {"member": member, "age": years, "date": day_text(day)}
        ends = self.ends_before(day)
        if ends is not None:
            said["policy_ends"] = day_text(ends)
        return said

    def ends_before(self, day: datetime.date) -> datetime.date | None:
        """The policy's last day, where a day foretold comes after it (a new policy decides that day, and pays its
        own amounts); else None."""
        return self.ends if self.ends is not None and day > self.ends else None

    def policy_ends(self, day: datetime.date) -> str:
        """After a day foretold that comes after the policy's last day: that the policy ends before it, so that
        what is said of that day is not taken as settled (`；本政策 2025-12-31 到期，届时按新政策认定`); else ""."""
        ends = self.ends_before(day)
        return "" if ends is None else self.w["policy_ends"].format(date=day_text(ends))

    def turns(self, member: str, years: int, day: datetime.date, ctx: Ctx) -> str:
        """`将于 2026-12-15 年满 60 周岁` under the member it is about; in the household's rule, or a member's rule
        read for another, whose birthday it is (`p2 将于 …`). English names the member in either, a sentence
        needing its subject (`p1 will turn 60 on …`)."""
        which = "member_turns" if member != ctx.member_id else "turns"
        return self.w[which].format(member=member, date=day_text(day), age=years)

    def comes_of_age(self, plan: ClausePlan, ctx: Ctx) -> bool:
        """Whether the member (or a member, in the household's rule) meets a failed clause by coming of age within
        a year and while the policy is in force, everything else as it is."""
        found = self.turning(plan, False, ctx)
        return found is not None and found[3] and self.ends_before(found[2]) is None

    def turning(self, plan: ClausePlan | MeasurePlan, verdict: bool, ctx: Ctx) -> Turning | None:
        """The first day within a year on which a member reaches an age that turns this clause's verdict (decided
        on that day, everything else as it is), with the member and the threshold, and True — for a met rule that
        compares the day with a date (a category's condition, a grant's), one it holds the day before: not a day
        between two windows of the date, when it fails (is not paid) anyway; for a failed clause turned by none, the
        first day a member reaches an age one part of it asks for, and False; else None."""
        key = (id(plan), id(ctx), verdict)
        if key not in self.turned:
            self.turned[key] = self._turning(plan, verdict, ctx)
        return self.turned[key]

    def _turning(self, plan: ClausePlan | MeasurePlan, verdict: bool, ctx: Ctx) -> Turning | None:
        found = self.birthdays.upcoming(plan.ages, ctx)
        if not found:
            return None
        # a grant whose conditions compare the day with a date may have stopped before a birthday (a window closed):
        # one on which it is not paid anyway ends nothing, whatever it keeps from coming back
        dated = verdict and bool(plan.date_turns)
        for day, member, threshold in found:
            if self.verdict_on(plan, ctx, day) is not verdict and (
                    not dated or self.verdict_on(plan, ctx, day - _DAY) is verdict):
                return member, threshold, day, True
        if not verdict:
            for day, member, threshold in found:
                if threshold.part is not None:
                    return member, threshold, day, False
        return None

    def verdict_on(self, plan: ClausePlan | MeasurePlan, ctx: Ctx, day: datetime.date) -> bool | None:
        """The clause's verdict for this household (or member) decided on `day`: only ages and `today` differ, and
        the rules asking for an age read no `today`. None where it cannot be computed then."""
        try:
            return bool(plan.test(self.decided_on(ctx, day)))
        except EvaluationError:
            return None

    def decided_on(self, ctx: Ctx, day: datetime.date) -> Ctx:
        """The household (or the member of `ctx`) decided on `day`."""
        later = self.later.get(day)
        if later is None:
            later = self.later[day] = HouseholdContext(self.program, self.ctx.household, day, NULL_TRACER)
        if ctx.member_id is not None:
            return next(m for m in later.members if m.member_id == ctx.member_id)
        return later
