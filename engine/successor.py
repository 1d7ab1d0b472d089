"""What the next policy decides: the same household under the policy that follows the one in force.

Input: a decision, the household's data as given, and the policies it may be followed by (a folder's; none when a
policy file was given alone). Output: the decision of the same data under the policy in force on the day after the
decision's policy ends, decided on that day; or None where no policy follows, or it starts after an application made
on the decision's day is due (the policy's longest review limit of `process:`, in working days by the official
calendar, as `policy monitor` counts it: a household told its decision then may well be decided under the next
policy), or the data does not make a household for it, or it decides the same categories and amounts.
Invariants: the decision itself is never changed; nothing is evaluated, and no folder read, unless its policy ends
within that time; only explanations ask (`policy eval --explain / --brief`, `policy batch --explain / --brief`).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Sequence
from typing import Any

from engine.diagnostics import PolicyError
from engine.model import Policy
from engine.outcomes import Decision, Grant


def ends_before_due(policy: Policy, day: datetime.date) -> datetime.date | None:
    """The day after `policy` ends, where that comes no later than an application made on `day`, in force, is due
    (its special-case limit where it sets one, else its usual one); None otherwise, or where it sets no limit."""
    from engine.monitor.deadlines import DeadlineError, due_date

    end, process = policy.meta.effective_to, policy.process
    if end is None or process is None or not policy.meta.in_force(day):
        return None
    try:
        _, due, _ = due_date(policy, day, special=process.special_case_working_days is not None)
    except DeadlineError:  # a day no calendar can count from: nothing is foretold
        return None
    start = end + datetime.timedelta(days=1)
    return start if start <= due else None


def following(policy: Policy, start: datetime.date, policies: Sequence[Policy]) -> Policy | None:
    """The one policy of `policies` of the same `id` in force on `start`, the day after `policy` ends; None where
    there is none, or several (the folder's check reports that)."""
    found = [p for p in policies if p is not policy and p.meta.id == policy.meta.id and p.meta.in_force(start)]
    return found[0] if len(found) == 1 else None


def next_decision(decision: Decision, data: Any, source: str,
                  policies: Callable[[], Sequence[Policy]]) -> Decision | None:
    """The decision of the same `data` (read from `source`, as its decision's household was built from it: columns
    of --ignore-column left out, values of --rename-value read) under the policy that
    follows `decision`'s, on its first day, where that day comes before an application made on the decision's day
    is due and the decision differs (categories, or a measure or its amount); None otherwise. `policies` gives the
    candidates, called only then."""
    from engine.evaluator import EvaluationError, evaluate
    from engine.household import HouseholdError
    from engine.intake import household_from

    start = ends_before_due(decision.policy, decision.date)
    if start is None:
        return None
    try:
        successor = following(decision.policy, start, policies())
        if successor is None:
            return None
        household = household_from(None, copy.deepcopy(data), True, successor, source, start)
        then = evaluate(successor, household, start)
    except (PolicyError, HouseholdError, EvaluationError):  # what the next policy cannot decide, it does not say
        return None
    return None if _same(decision, then) else then


def _same(now: Decision, then: Decision) -> bool:
    return (now.categories == then.categories and _members(now) == _members(then)
            and _amounts(now.assistance) == _amounts(then.assistance))


def _members(decision: Decision) -> dict[str, tuple[str, ...]]:
    return {m: cats for m, cats in decision.members.items() if cats}


def _amounts(grants: Sequence[Grant]) -> dict[tuple[str, str | None], Any]:
    return {(g.measure.id, g.member): g.amount for g in grants}
