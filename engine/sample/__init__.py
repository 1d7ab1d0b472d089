"""Synthetic households for diffs, batch runs and benchmarks: `policy sample`.

Input: a count, a seed and a reference date. Output: household dicts in the DESIGN §6
format, each dated on the reference date (members' ages are counted to it). Invariant:
the same seed gives the same households, byte for byte. Stages, one module each:
`family` (who lives together, their ages), `people` (disability, illness, capacity to
work, schooling, supporter), `money` (income, expenses, assets, housing) and
`near_lines` (the share of households moved next to an income line), all drawing with
`draw`. The shapes are those of a rural Hunan township (docs/sample.md): most
households belong to no category, a few percent to each.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from engine.sample import money, near_lines, people
from engine.sample.draw import birth_date
from engine.sample.family import Person, family


def household(rng: random.Random, number: int, on: datetime.date) -> dict[str, Any]:
    persons = family(rng)
    members = [_member(rng, i, person, on) for i, person in enumerate(persons)]
    ages = [person.age for person in persons]
    able = [people.able_to_support(age, m["labor_capacity"], m["student"])
            for age, m in zip(ages, members, strict=True)]
    income: list[dict[str, Any]] = []
    expenses: list[dict[str, Any]] = []
    for member, age, can_support in zip(members, ages, able, strict=True):
        at_home = sum(able) - can_support > 0
        member["supporter"] = people.supporter(rng, age, at_home)
        pid, grade, student = member["id"], member["disability_grade"], member["student"]
        income += money.member_income(rng, pid, age, member["labor_capacity"], student, grade,
                                      paid_from_away=member["supporter"] == "able" and not at_home)
        expenses += money.member_expenses(rng, pid, age, student, grade, member["serious_illness"])
    farmers = sum(1 for m, age in zip(members, ages, strict=True) if m["labor_capacity"] != "none" and age < 80)
    income += money.household_income(rng, farmers)
    expenses += money.household_expenses(rng)
    size = len(members)
    near_lines.maybe_place(rng, income, size, money.COUNTED_TYPES)
    earned = sum(x["amount"] for x in income if x["type"] in money.COUNTED_TYPES)
    return {
        "id": f"SAMPLE-{number:07d}",
        "date": on.isoformat(),
        "members": members,
        "income": income,
        "expenses": expenses,
        "assets": money.assets(rng, earned, size, any(x["type"] == "business" for x in income)),
        "housing": money.housing(rng, earned, size),
        "drinking_water": money.drinking_water(rng),
    }


def _member(rng: random.Random, index: int, person: Person, on: datetime.date) -> dict[str, Any]:
    """A member's own fields; the supporter is known only once everyone they live with is."""
    grade, kind = people.disability(rng, person.age)
    ill = people.serious_illness(rng, person.age)
    return {
        "id": f"p{index + 1}", "relation": person.relation, "birth_date": birth_date(rng, person.age, on),
        "sex": person.sex, "disability_grade": grade, "disability_type": kind,
        "labor_capacity": people.labour_capacity(rng, person.age, grade, kind, ill), "serious_illness": ill,
        "student": people.schooling(rng, person.age), "supporter": "none",
    }


def households(n: int, seed: int, on: datetime.date) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for number in range(1, n + 1):
        yield household(rng, number, on)

