"""Which of the values a household file left out the decision depends on.

Input: a decision (with its evaluation) and the inputs the explanation says were left out, each
by name and member. Output: the ones that decide — evaluated again with another value the policy
allows in its place, the household gets other categories, another member's category, or other
assistance. A blank `supporter` read as "none" makes a child tekun; a blank `disability_type` of
a member already tekun by age changes nothing. So the head of the explanation can say first what
the caseworker must check before reading the result aloud: first the values another of which gives another
category, then those another of which gives only other assistance (a disability grade that would bring an
allowance, a house grade that would bring its renovation), so that the few that decide a category are not lost
among the many that decide an amount.
Invariant: the decision itself is not changed; each alternative is a new evaluation.

The values tried: every other value of an enum (and null where the input may be null), the other
of a yes/no, and for a number its smallest allowed value, one more, and a very large one (within
the input's bounds) — a blank deposit read as 0 decides dibao when a large one would not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from engine.evaluator import EvaluationError, categories_and_grants
from engine.household import Household
from engine.model import InputField
from engine.outcomes import Decision, Grant

_LARGE = 10**9  # a number far beyond any threshold the policies set: yuan, or a count


def deciding(decision: Decision, left_out: Sequence[tuple[str, str | None]]) -> dict[int, bool]:
    """The positions in `left_out` (input name, member id or None) of the values the decision depends on, each
    with whether another value gives another category (of the household or of a member: True) or only other
    assistance (False)."""
    assert decision.evaluation is not None, "evaluate before explaining"
    household = decision.evaluation.household
    policy = decision.policy
    categories = (list(decision.categories), {m: list(c) for m, c in decision.members.items()})
    assistance = _assistance(decision.assistance)
    found: dict[int, bool] = {}
    for i, (name, member) in enumerate(left_out):
        field = policy.inputs.get(f"member:{name}" if member is not None else f"household:{name}")
        if field is None:
            continue
        current = _value(household, name, member)
        for value in _alternatives(field, current):
            try:  # once the assistance is known to change, only a category is still looked for
                *other, grants = categories_and_grants(policy, _with(household, name, member, value), decision.date,
                                                       grants=i not in found)
            except EvaluationError:  # another value the rules cannot compute: which part it changes is unknown,
                found[i] = True      # so it is checked first
                break
            if tuple(other) != categories:
                found[i] = True
                break
            if i not in found and _assistance(grants) != assistance:  # the next value may still change a category
                found[i] = False
    return found


def _assistance(grants: Iterable[Grant]) -> list[tuple[Any, ...]]:
    return [(g.measure.id, g.member, g.option.id, g.amount) for g in grants]


def _value(household: Household, name: str, member: str | None) -> Any:
    if member is None:
        return household.fields.get(name)
    return next(m.fields.get(name) for m in household.members if m.id == member)


def _with(household: Household, name: str, member: str | None, value: Any) -> Household:
    """The household with one field of itself (`member` None) or of a member set to `value`."""
    if member is None:
        return dataclasses.replace(household, fields={**household.fields, name: value})
    members = tuple(dataclasses.replace(m, fields={**m.fields, name: value}) if m.id == member else m
                    for m in household.members)
    return dataclasses.replace(household, members=members)


def _alternatives(field: InputField, current: Any) -> Iterator[Any]:
    """Other values the policy allows for `field` than `current`, as the household's fields hold them."""
    if field.type == "enum":
        yield from (v for v in field.values if v != current)
        if field.nullable and current is not None:
            yield None
    elif field.type == "boolean":
        yield not current
    elif field.type in ("integer", "money", "number"):
        low = field.minimum if field.minimum is not None else Decimal(0)
        high = field.maximum
        if high is not None and high - low <= 10:  # a grade, a small count: every value
            tried = [low + k for k in range(int(high - low) + 1)]
        else:
            tried = [low, low + 1, Decimal(_LARGE) if high is None else high]
        for number in tried:
            value = int(number) if field.type == "integer" else number
            if value != current:
                yield value
        if field.nullable and current is not None:
            yield None
