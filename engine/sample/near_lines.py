"""A set share of households moved next to an income line, so that diffs have households to move.

Realistic incomes put few households within a few yuan of any one line: a change of the
dibao standard from 490 to 510 yuan a month moves fewer than one household in a hundred.
So one household in twenty has its earnings scaled, all by the same factor, until its
per-capita counted income lies within 2% of a line drawn from the income lines of the
shipped policies (either side, at random). Households placed exactly on a line, or one
fen from it, are `engine.batch.edges`' business.
"""

from __future__ import annotations

import random
from typing import Any

from engine.sample.draw import chance

SHARE = 0.05
SPREAD = 0.02
# Yearly, per head: the dibao standard, the margin line (1.5 times it), the monitoring line and
# the disposable-income line of policy/2024-transition.yaml, then of policy/post-transition.yaml
# (tests/test_sample.py holds them to the files).
LINES = (5880, 8820, 7300, 20921, 6120, 9180, 7600, 22300)
WAGE_SHARE = 0.8  # wages count after the 20% cost of employment, in both policies


def counted_income(income: list[dict[str, Any]], counted_types: frozenset[str]) -> float:
    return sum(x["amount"] * (WAGE_SHARE if x["type"] == "wage" else 1) for x in income
               if x["type"] in counted_types)


def maybe_place(rng: random.Random, income: list[dict[str, Any]], size: int,
                counted_types: frozenset[str]) -> None:
    """For one household in twenty, scale its earnings (in place) to land near a line."""
    if not chance(rng, SHARE):
        return
    target = rng.choice(LINES) * size * (1 + rng.uniform(-SPREAD, SPREAD))
    counted = counted_income(income, counted_types)
    if counted == 0:  # nothing to scale: what it lives on is its land
        income.append({"type": "agriculture", "amount": round(target)})
        return
    factor = target / counted
    for line in income:
        if line["type"] in counted_types:
            line["amount"] = round(line["amount"] * factor)
