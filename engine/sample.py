"""Synthetic households for diffs, batch runs and benchmarks: `policy sample`.

Input: a count, a seed and a reference date. Output: household dicts in the
DESIGN §6 format. Invariant: the same seed gives the same households, byte for
byte. The distributions (docs/sample.md) are rough shapes of a rural Hunan
township, chosen so that every category occurs often enough to matter.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

SIZES = [(1, 14), (2, 22), (3, 22), (4, 20), (5, 14), (6, 8)]
RELATIONS_AFTER_HEAD = ["spouse", "child", "child", "parent", "grandchild", "sibling"]


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _birth(rng: random.Random, age: int, on: datetime.date) -> str:
    day = on - datetime.timedelta(days=365 * age + rng.randrange(0, 365))
    return day.isoformat()


def _amount(rng: random.Random, low: int, high: int) -> int:
    return rng.randrange(low, high + 1, 10)


def household(rng: random.Random, number: int, on: datetime.date) -> dict[str, Any]:
    size = _pick(rng, SIZES)
    members, income, expenses = [], [], []
    for i in range(size):
        relation = "head" if i == 0 else RELATIONS_AFTER_HEAD[(i - 1) % len(RELATIONS_AFTER_HEAD)]
        if relation in ("head", "spouse", "sibling"):
            age = rng.randint(25, 88)
        elif relation == "parent":
            age = rng.randint(60, 95)
        else:
            age = rng.randint(0, 30)
        disabled = rng.random() < 0.12
        grade = rng.randint(1, 4) if disabled else None
        dtype = _pick(rng, [("physical", 5), ("visual", 2), ("hearing", 1), ("speech", 1),
                            ("intellectual", 2), ("mental", 2), ("multiple", 1)]) if disabled else None
        capacity = "none" if (age >= 70 or (grade is not None and grade <= 2)) else (
            "weak" if (age >= 60 or disabled or rng.random() < 0.1) else "full")
        student = ("preschool" if 3 <= age < 6 else "compulsory" if 6 <= age < 15 else
                   "high_school" if 15 <= age < 18 else
                   "higher" if 18 <= age < 23 and rng.random() < 0.4 else "none")
        pid = f"p{i + 1}"
        members.append({
            "id": pid, "relation": relation, "birth_date": _birth(rng, age, on),
            "sex": rng.choice(["male", "female"]), "disability_grade": grade, "disability_type": dtype,
            "labor_capacity": capacity, "serious_illness": rng.random() < 0.08, "student": student,
            "supporter": _pick(rng, [("able", 5), ("unable", 2), ("none", 3)]),
        })
        if capacity != "none" and student == "none" and 18 <= age < 60 and rng.random() < 0.7:
            income.append({"type": "wage", "member": pid, "amount": _amount(rng, 2000, 45000)})
        if age >= 60:
            income.append({"type": "basic_pension", "member": pid, "amount": _amount(rng, 1300, 2400)})
            if rng.random() < 0.1:
                income.append({"type": "pension", "member": pid, "amount": _amount(rng, 6000, 30000)})
        if grade is not None and rng.random() < 0.8:
            income.append({"type": "disability_allowance", "member": pid, "amount": _amount(rng, 900, 1800)})
        if rng.random() < 0.1:
            expenses.append({"type": "medical", "member": pid, "amount": _amount(rng, 1000, 60000)})
        if student in ("high_school", "higher") and rng.random() < 0.5:
            expenses.append({"type": "education", "member": pid, "amount": _amount(rng, 2000, 15000)})
        if grade is not None and rng.random() < 0.2:
            expenses.append({"type": "disability_rehab", "member": pid, "amount": _amount(rng, 1000, 12000)})
    if rng.random() < 0.6:
        income.append({"type": "agriculture", "amount": _amount(rng, 500, 12000)})
    if rng.random() < 0.08:
        income.append({"type": "business", "amount": _amount(rng, 3000, 60000)})
    if rng.random() < 0.04:
        expenses.append({"type": "disaster", "amount": _amount(rng, 1000, 30000)})
    return {
        "id": f"SAMPLE-{number:07d}",
        "members": members,
        "income": income,
        "expenses": expenses,
        "assets": {
            "deposits": _pick(rng, [(0, 30), (_amount(rng, 100, 10000), 35), (_amount(rng, 10000, 40000), 20),
                                    (_amount(rng, 40000, 200000), 15)]),
            "vehicles": _pick(rng, [(0, 85), (1, 15)]),
            "extra_houses": _pick(rng, [(0, 95), (1, 5)]),
            "registered_business": rng.random() < 0.04,
        },
        "housing": {"safety_grade": _pick(rng, [("A", 55), ("B", 33), ("C", 9), ("D", 3)])},
        "drinking_water": {"safe": rng.random() > 0.06},
    }


def households(n: int, seed: int, on: datetime.date) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for number in range(1, n + 1):
        yield household(rng, number, on)
