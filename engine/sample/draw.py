"""Random draws the sample modules share: weighted choices, amounts and birth dates.

Every draw takes the caller's `random.Random`, so one seed fixes every household.
Weighted choices keep their cumulative weights, built once: a choice is one
`random()` and a bisection, which matters at a million members.
"""

from __future__ import annotations

import datetime
import math
import random
from bisect import bisect
from functools import lru_cache
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed set of values with relative weights."""

    def __init__(self, pairs: list[tuple[T, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.bounds = list(accumulate(weight for _, weight in pairs))
        self.total = self.bounds[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self.bounds, rng.random() * self.total)]


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def uniform_amount(rng: random.Random, low: int, high: int) -> int:
    """Whole tens of yuan between `low` and `high`: how amounts are reported."""
    return rng.randrange(low, high + 1, 10)


def typical_amount(rng: random.Random, median: float, spread: float, low: int, high: int) -> int:
    """Whole tens of yuan, log-normal around `median` (incomes and costs are skewed), kept in [low, high]."""
    value = median * math.exp(spread * rng.gauss(0.0, 1.0))
    return int(min(max(value, low), high) / 10) * 10


@lru_cache(maxsize=4096)
def _born_between(on: datetime.date, age: int) -> tuple[int, int]:
    """The first and last day (as ordinals) a person aged `age` on `on` can have been born."""
    latest = _years_before(on, age)
    earliest = _years_before(on, age + 1) + datetime.timedelta(days=1)
    return earliest.toordinal(), latest.toordinal()


def _years_before(on: datetime.date, years: int) -> datetime.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year that has none
        return on.replace(year=on.year - years, day=28)


def birth_date(rng: random.Random, age: int, on: datetime.date) -> str:
    """A birth date that makes the member exactly `age` full years old on `on`."""
    first, last = _born_between(on, age)
    return datetime.date.fromordinal(rng.randint(first, last)).isoformat()
