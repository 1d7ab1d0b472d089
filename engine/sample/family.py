"""Who lives together: household size, each member's relation to the head, age and sex.

Output: a list of `Person` (head first). Invariants: a spouse is close to the head's
age; children are born to the head between 22 and 34 (so a child is younger than the
head by that much, never older); parents are 22 to 34 years older than the head;
grandchildren are born to an adult child living in the household, or, when none
does, to a child living elsewhere (grandparents raising left-behind grandchildren).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from engine.sample.draw import Weighted, chance

# Registered rural households: one in seven a single person, mostly old; couples whose
# children have left; young families; three generations; grandparents with grandchildren.
SIZES = Weighted([(1, 14), (2, 22), (3, 22), (4, 20), (5, 14), (6, 8)])

# For each size: (the relations after the head, the head's youngest and oldest age), weighted.
SHAPES: dict[int, Weighted[tuple[tuple[str, ...], int, int]]] = {
    1: Weighted([(((), 60, 90), 62), (((), 25, 59), 38)]),
    2: Weighted([((("spouse",), 50, 88), 55), ((("spouse",), 22, 40), 8), ((("child",), 40, 85), 22),
                 ((("parent",), 28, 62), 9), ((("grandchild",), 55, 80), 4), ((("sibling",), 30, 70), 2)]),
    3: Weighted([((("spouse", "child"), 25, 58), 58), ((("spouse", "parent"), 25, 60), 8),
                 ((("spouse", "grandchild"), 50, 78), 14), ((("child", "child"), 30, 60), 8),
                 ((("child", "grandchild"), 52, 85), 6), ((("child", "parent"), 28, 62), 6)]),
    4: Weighted([((("spouse", "child", "child"), 28, 56), 52), ((("spouse", "child", "parent"), 26, 60), 20),
                 ((("spouse", "child", "grandchild"), 52, 78), 14),
                 ((("spouse", "grandchild", "grandchild"), 50, 78), 10), ((("child", "child", "parent"), 30, 60), 4)]),
    5: Weighted([((("spouse", "child", "child", "parent"), 30, 58), 28),
                 ((("spouse", "child", "child", "child"), 32, 56), 12),
                 ((("spouse", "child", "parent", "parent"), 28, 60), 20),
                 ((("spouse", "child", "other", "grandchild"), 52, 78), 40)]),
    6: Weighted([((("spouse", "child", "child", "parent", "parent"), 30, 58), 30),
                 ((("spouse", "child", "other", "grandchild", "grandchild"), 52, 78), 50),
                 ((("spouse", "child", "child", "child", "parent"), 32, 56), 20)]),
}

OLDEST = 100


@dataclass(frozen=True, slots=True)
class Person:
    relation: str
    age: int
    sex: str


def family(rng: random.Random) -> list[Person]:
    """The members of one household, head first."""
    relations, youngest, oldest = SHAPES[SIZES.pick(rng)].pick(rng)
    head_age = rng.randint(youngest, oldest)
    head = Person("head", head_age, _head_sex(rng, relations, head_age))
    people = [head]
    for i, relation in enumerate(relations):
        people.append(_relative(rng, relation, head, people, relations[i + 1:i + 2] == ("parent",)))
    return people


def _head_sex(rng: random.Random, relations: tuple[str, ...], age: int) -> str:
    if "spouse" in relations:
        return "male" if chance(rng, 0.88) else "female"  # couples register the husband as head
    if age >= 60:
        return "female" if chance(rng, 0.55) else "male"  # women outlive their husbands
    return "male" if chance(rng, 0.65) else "female"  # single adults in villages are mostly men


def _relative(rng: random.Random, relation: str, head: Person, people: list[Person], father: bool) -> Person:
    """The next member; `father` when both of the head's parents live here and this is the first."""
    last = people[-1]
    if relation == "spouse":
        gap = round(rng.gauss(2.0, 2.5))  # the husband a couple of years older
        age = head.age - gap if head.sex == "male" else head.age + gap
        return Person(relation, min(max(age, 20), OLDEST), _other_sex(head.sex))
    if relation == "child":
        if last.relation == "child":
            return Person(relation, max(last.age - rng.randint(2, 6), 0), _any_sex(rng))
        return Person(relation, max(head.age - rng.randint(22, 34), 0), _any_sex(rng))
    if relation == "other":  # the spouse of the adult child before it
        return Person(relation, max(last.age + rng.randint(-4, 3), 20), _other_sex(last.sex))
    if relation == "grandchild":
        if last.relation == "grandchild":
            return Person(relation, max(last.age - rng.randint(1, 5), 0), _any_sex(rng))
        adult_child = next((p for p in people if p.relation == "child" and p.age >= 22), None)
        born_to = adult_child.age if adult_child is not None else head.age - rng.randint(22, 34)
        return Person(relation, max(born_to - rng.randint(22, 34), 0), _any_sex(rng))
    if relation == "parent":
        if last.relation == "parent":  # the mother, a little younger than the father
            return Person(relation, max(min(last.age - rng.randint(0, 4), OLDEST), head.age + 18), "female")
        age = min(head.age + rng.randint(22, 34), OLDEST)
        widowed_mother = not father and chance(rng, 0.65)  # of one parent left, it is more often the mother
        return Person(relation, age, "female" if widowed_mother else "male")
    return Person(relation, max(head.age + rng.randint(-8, 8), 18), _any_sex(rng))  # a sibling


def _any_sex(rng: random.Random) -> str:
    return "male" if chance(rng, 0.52) else "female"


def _other_sex(sex: str) -> str:
    return "female" if sex == "male" else "male"
