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
import itertools
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
    assistance (False). Inputs given together (`given_with`: a disability's grade and type) are tried together, as
    a household file gives them: a grade alone meets no clause that reads the type too."""
    assert decision.evaluation is not None, "evaluate before explaining"
    household = decision.evaluation.household
    policy = decision.policy
    categories = (decision.categories, dict(decision.members))
    assistance = _assistance(decision.assistance)
    fields = [policy.inputs.get(f"member:{name}" if member is not None else f"household:{name}")
              for name, member in left_out]
    found: dict[int, bool] = {}
    by_group: dict[tuple[int, ...], bool | None] = {}  # what the values given together decide, tried once
    for i, field in enumerate(fields):
        if field is None:
            continue
        group = _together(left_out, fields, i)
        if group not in by_group:
            by_group[group] = _decides(decision, household, [(left_out[j], fields[j]) for j in group],
                                       categories, assistance)
        if by_group[group] is not None:
            found[i] = bool(by_group[group])
    return found


def _together(left_out: Sequence[tuple[str, str | None]], fields: Sequence[InputField | None], i: int
              ) -> tuple[int, ...]:
    """The positions of the values left out that a household file gives together with the one at `i` (its own
    included): those its `given_with` names, of the same member, and theirs in turn."""
    group, todo = {i}, [i]
    while todo:
        field = fields[todo.pop()]
        for j, (name, member) in enumerate(left_out):
            if j not in group and field is not None and name in field.given_with and member == left_out[i][1]:
                group.add(j)
                todo.append(j)
    return tuple(sorted(group))


def _decides(decision: Decision, household: Household, inputs: list[tuple[tuple[str, str | None], InputField | None]],
             categories: tuple[Any, ...], assistance: list[tuple[Any, ...]]) -> bool | None:
    """True where other values of `inputs` give another category, False where they give only other assistance,
    None where they change nothing."""
    found: bool | None = None
    current = [_value(household, name, member) for (name, member), _ in inputs]
    for values in _joint_alternatives([field for _, field in inputs], current):
        changed = household
        for ((name, member), _), value in zip(inputs, values, strict=True):
            changed = _with(changed, name, member, value)
        try:  # once the assistance is known to change, only a category is still looked for
            *other, grants = categories_and_grants(decision.policy, changed, decision.date, grants=found is None)
        except EvaluationError:  # another value the rules cannot compute: which part it changes is unknown,
            return True          # so it is checked first
        if tuple(other) != categories:
            return True
        if found is None and _assistance(grants) != assistance:  # the next value may still change a category
            found = False
    return found


def _joint_alternatives(fields: Sequence[InputField | None], current: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    """Other values for inputs given together than `current`: one input's alone, as `_alternatives` gives them, or
    every mix of them in which each is given (or, where they may be, none is)."""
    if len(fields) == 1:
        field = fields[0]
        yield from ((value,) for value in (_alternatives(field, current[0]) if field is not None else ()))
        return
    choices = [[now, *(_alternatives(field, now) if field is not None else ())] for field, now in zip(
        fields, current, strict=True)]
    for values in itertools.product(*choices):
        given = [value is not None for value in values]
        if list(values) != list(current) and (all(given) or not any(given)):
            yield values


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
