"""What each member is like: disability, illness, capacity to work, schooling, supporter.

Input: the members' ages (engine.sample.family). Output: the DESIGN §6 member fields.
Disability and serious illness grow more common with age. Children under 16 and
people from 75 on cannot work; adults mostly can, unless a severe disability or a
serious illness prevents it. A member's supporter (法定赡养、抚养、扶养义务人) is able
when another member of working age who can work fully lives with them — a child with
able parents, an old parent with an able son — and otherwise usually lives elsewhere
(a child working in a city, parents away for work); few people have none.
"""

from __future__ import annotations

import random

from engine.sample.draw import Weighted, chance

DISABILITY_GRADES = Weighted([(1, 15), (2, 25), (3, 30), (4, 30)])
DISABILITY_TYPES = Weighted([("physical", 5), ("visual", 2), ("hearing", 1), ("speech", 1), ("intellectual", 2),
                             ("mental", 2), ("multiple", 1)])
# Capacity to work by age once past the disabilities that rule it out
OLD_CAPACITY = Weighted([("none", 35), ("weak", 55), ("full", 10)])  # 65–74
AGEING_CAPACITY = Weighted([("none", 10), ("weak", 45), ("full", 45)])  # 60–64
ILL_CAPACITY = Weighted([("none", 25), ("weak", 60), ("full", 15)])  # working age, disabled or seriously ill
# A supporter when nobody at home can be one: by the member's age
SUPPORTER_AWAY = {
    "minor": Weighted([("able", 96), ("unable", 3), ("none", 1)]),  # parents working away; few orphans
    "adult": Weighted([("able", 55), ("unable", 20), ("none", 25)]),  # a spouse or parents, if any
    "old": Weighted([("able", 92), ("unable", 4), ("none", 4)]),  # children elsewhere; some childless
}


def disability(rng: random.Random, age: int) -> tuple[int | None, str | None]:
    """The grade (1 most severe) and type, or (None, None); about 6% of rural people, more of the old."""
    rate = 0.015 if age < 18 else 0.04 if age < 60 else 0.10 if age < 80 else 0.18
    if not chance(rng, rate):
        return None, None
    return DISABILITY_GRADES.pick(rng), DISABILITY_TYPES.pick(rng)


def serious_illness(rng: random.Random, age: int) -> bool:
    return chance(rng, 0.01 if age < 40 else 0.03 if age < 60 else 0.06)


def labour_capacity(rng: random.Random, age: int, grade: int | None, kind: str | None, ill: bool) -> str:
    if age < 16 or age >= 75:
        return "none"
    if grade is not None and (grade <= 2 or (grade == 3 and kind in ("intellectual", "mental"))):
        return "none"
    if age >= 65:
        return OLD_CAPACITY.pick(rng)
    if age >= 60:
        return AGEING_CAPACITY.pick(rng)
    if grade is not None or ill:
        return ILL_CAPACITY.pick(rng)
    return "weak" if chance(rng, 0.04) else "full"  # a chronic illness short of a serious one


def schooling(rng: random.Random, age: int) -> str:
    if age < 3 or age >= 23:
        return "none"
    if age < 6:
        return "preschool" if chance(rng, 0.85) else "none"
    if age < 15:
        return "compulsory"
    if age < 18:
        return "high_school" if chance(rng, 0.88) else "none"
    return "higher" if chance(rng, 0.4) else "none"


def able_to_support(age: int, capacity: str, student: str) -> bool:
    """Whether this member can support the others they live with."""
    return 18 <= age < 60 and capacity == "full" and student == "none"


def supporter(rng: random.Random, age: int, able_at_home: bool) -> str:
    if able_at_home:
        return "able"
    return SUPPORTER_AWAY["minor" if age < 18 else "adult" if age < 60 else "old"].pick(rng)
