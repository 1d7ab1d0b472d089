"""What an evaluation decides: category outcomes, assistance grants and the decision itself.

Input: built by `engine.evaluator` while it evaluates. Output: frozen dataclasses that
`engine.explain` and `engine.render` read.
Invariants: immutable once built; `new_*` build them without the frozen dataclass's
per-field `__setattr__` (the same objects, equal and alike in repr), because one is made
for every category, member and option of every household.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.model import Category, Measure, Option, Policy

if TYPE_CHECKING:
    from engine.contexts import HouseholdContext


@dataclass(frozen=True)
class CategoryOutcome:
    category: Category
    member: str | None
    verdicts: tuple[bool, ...]  # one per clause
    holds: bool
    assigned: bool
    preempted_by: str | None  # an earlier category of the same group that was assigned


@dataclass(frozen=True)
class OptionOutcome:
    option: Option
    applies: bool
    amount: Decimal | None


@dataclass(frozen=True)
class Grant:
    measure: Measure
    member: str | None
    option: Option
    amount: Decimal | None  # in the measure's `per` period when it is a rate
    others: tuple[OptionOutcome, ...]  # the other options that applied (就高不就低)


@dataclass(frozen=True)
class Decision:
    household: str
    policy: Policy = field(repr=False, compare=False)
    date: datetime.date
    categories: tuple[str, ...]
    members: Mapping[str, tuple[str, ...]]
    values: Mapping[str, Any]
    assistance: tuple[Grant, ...]
    evaluation: HouseholdContext | None = field(default=None, repr=False, compare=False)


# A frozen dataclass's `__init__` sets each field through `object.__setattr__`; filling the
# instance dictionary directly builds the same object about four times faster. Used for the
# objects made for every household (some 45 each). The fields are set one by one on purpose:
# one shared helper taking a dictionary costs 100 ns more an object, 4 µs a household.
_new = object.__new__


def new_category_outcome(category: Category, member: str | None, verdicts: tuple[bool, ...], holds: bool,
                         assigned: bool, preempted_by: str | None) -> CategoryOutcome:
    outcome = _new(CategoryOutcome)
    fields = outcome.__dict__
    fields["category"] = category
    fields["member"] = member
    fields["verdicts"] = verdicts
    fields["holds"] = holds
    fields["assigned"] = assigned
    fields["preempted_by"] = preempted_by
    return outcome


def new_option_outcome(option: Option, amount: Decimal | None) -> OptionOutcome:
    outcome = _new(OptionOutcome)
    fields = outcome.__dict__
    fields["option"] = option
    fields["applies"] = True
    fields["amount"] = amount
    return outcome


def new_grant(measure: Measure, member: str | None, option: Option, amount: Decimal | None,
              others: tuple[OptionOutcome, ...]) -> Grant:
    grant = _new(Grant)
    fields = grant.__dict__
    fields["measure"] = measure
    fields["member"] = member
    fields["option"] = option
    fields["amount"] = amount
    fields["others"] = others
    return grant


def new_decision(household: str, policy: Policy, date: datetime.date, categories: tuple[str, ...],
                 members: Mapping[str, tuple[str, ...]], values: Mapping[str, Any], assistance: tuple[Grant, ...],
                 evaluation: HouseholdContext | None) -> Decision:
    decision = _new(Decision)
    fields = decision.__dict__
    fields["household"] = household
    fields["policy"] = policy
    fields["date"] = date
    fields["categories"] = categories
    fields["members"] = members
    fields["values"] = values
    fields["assistance"] = assistance
    fields["evaluation"] = evaluation
    return decision
