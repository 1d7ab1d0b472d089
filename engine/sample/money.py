"""Income, expenses, assets and housing of one household, from who its members are.

Input: the members' ages and traits (engine.sample.people). Output: the DESIGN §6
`income`, `expenses`, `assets`, `housing` and `drinking_water`. Amounts are whole tens
of yuan over 12 months. Wages come from working-age members who can work — half of
those who work earn a migrant worker's wage in a city, the others a local one; old
members draw the basic residents' pension, and those whose supporters live elsewhere
are paid maintenance (赡养费) by them. Savings and vehicles follow income, so the
households with the least income are the ones that pass the asset tests.
"""

from __future__ import annotations

import random
from typing import Any

from engine.sample.draw import Weighted, chance, typical_amount, uniform_amount

# What a household lives on, as opposed to allowances: what savings and housing follow
COUNTED_TYPES = frozenset({"wage", "business", "agriculture", "property", "pension", "alimony"})
HOUSING = Weighted([("A", 68), ("B", 29), ("C", 2.5), ("D", 0.5)])
HOUSING_OF_THE_POOREST = Weighted([("A", 50), ("B", 40), ("C", 8), ("D", 2)])  # old houses not yet rebuilt


def member_income(rng: random.Random, pid: str, age: int, capacity: str, student: str, grade: int | None,
                  paid_from_away: bool) -> list[dict[str, Any]]:
    """The income lines of one member; `paid_from_away`: an able supporter lives elsewhere."""
    lines = []
    wage = _wage(rng, age, capacity) if student == "none" and capacity != "none" and age >= 16 else 0
    if wage:
        lines.append({"type": "wage", "member": pid, "amount": wage})
    if age >= 60:
        lines.append({"type": "basic_pension", "member": pid, "amount": uniform_amount(rng, 1300, 2400)})
        if chance(rng, 0.06):  # a former teacher, soldier or factory worker
            lines.append({"type": "pension", "member": pid, "amount": typical_amount(rng, 22000, 0.35, 8000, 60000)})
        if age >= 80:
            lines.append({"type": "elderly_allowance", "member": pid, "amount": uniform_amount(rng, 600, 1800)})
    if paid_from_away and (age >= 60 or age < 18) and chance(rng, 0.95):  # 赡养费 from children, 抚养费 from parents
        lines.append({"type": "alimony", "member": pid, "amount": typical_amount(rng, 10000, 0.5, 1200, 40000)})
    if grade is not None and chance(rng, 0.7):
        lines.append({"type": "disability_allowance", "member": pid, "amount": uniform_amount(rng, 900, 1800)})
    return lines


def _wage(rng: random.Random, age: int, capacity: str) -> int:
    if capacity == "full" and age < 60:
        if not chance(rng, 0.9):
            return 0
        if chance(rng, 0.5):  # a migrant worker's year in a city
            return typical_amount(rng, 55000, 0.3, 12000, 150000)
        return typical_amount(rng, 24000, 0.45, 3000, 80000)
    if age < 65:
        return typical_amount(rng, 9000, 0.5, 1000, 40000) if chance(rng, 0.4) else 0
    return typical_amount(rng, 5000, 0.5, 1000, 20000) if chance(rng, 0.1) else 0


def household_income(rng: random.Random, farmers: int) -> list[dict[str, Any]]:
    """Lines of the household as a whole; `farmers`: members who can work the land."""
    lines = []
    if farmers and chance(rng, 0.75):
        lines.append({"type": "agriculture", "amount": typical_amount(rng, 3000 + 1500 * farmers, 0.6, 200, 40000)})
    elif not farmers and chance(rng, 0.15):  # a plot or a few chickens
        lines.append({"type": "agriculture", "amount": typical_amount(rng, 800, 0.5, 100, 3000)})
    if chance(rng, 0.15):  # land transferred to a cooperative, a room let
        lines.append({"type": "property", "amount": typical_amount(rng, 1500, 0.8, 100, 20000)})
    if chance(rng, 0.06):
        lines.append({"type": "business", "amount": typical_amount(rng, 35000, 0.6, 3000, 200000)})
    return lines


def member_expenses(rng: random.Random, pid: str, age: int, student: str, grade: int | None,
                    ill: bool) -> list[dict[str, Any]]:
    lines = []
    if ill and chance(rng, 0.9):
        lines.append({"type": "medical", "member": pid, "amount": typical_amount(rng, 20000, 0.8, 2000, 200000)})
    elif not ill and chance(rng, 0.05 if age < 60 else 0.12):
        lines.append({"type": "medical", "member": pid, "amount": typical_amount(rng, 2500, 0.8, 200, 30000)})
    if student == "high_school" and chance(rng, 0.6):
        lines.append({"type": "education", "member": pid, "amount": uniform_amount(rng, 2000, 8000)})
    elif student == "higher" and chance(rng, 0.9):
        lines.append({"type": "education", "member": pid, "amount": uniform_amount(rng, 5000, 20000)})
    if grade is not None and chance(rng, 0.2):
        lines.append({"type": "disability_rehab", "member": pid, "amount": uniform_amount(rng, 1000, 12000)})
    return lines


def household_expenses(rng: random.Random) -> list[dict[str, Any]]:
    if chance(rng, 0.02):
        return [{"type": "disaster", "amount": uniform_amount(rng, 1000, 30000)}]
    return []


def assets(rng: random.Random, income: int, size: int, business: bool) -> dict[str, Any]:
    """Savings, vehicles, houses and a registered business, more often the more the household earns."""
    per_head = income / size
    return {
        "deposits": 0 if chance(rng, 0.1) else typical_amount(rng, 10000 + income, 1.0, 100, 2_000_000),
        "vehicles": 1 if chance(rng, min(0.5, per_head / 50000)) else 0,
        "extra_houses": 1 if chance(rng, 0.07 if per_head > 20000 else 0.02) else 0,
        "registered_business": chance(rng, 0.5 if business else 0.01),
    }


def housing(rng: random.Random, income: int, size: int) -> dict[str, Any]:
    return {"safety_grade": (HOUSING_OF_THE_POOREST if income < 8000 * size else HOUSING).pick(rng)}


def drinking_water(rng: random.Random) -> dict[str, Any]:
    return {"safe": not chance(rng, 0.02)}
