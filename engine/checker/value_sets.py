"""For which values a test of one value holds, and which tests no value meets together.

Input: the constants a test compares one value with (`value_tests` reads them from the rule), and the values the
policy lets that value take.
Output: `Numbers` — intervals of a number, an amount, a rate, a duration or a date — and `Choices` — the values of
an enum, a text or a yes/no, listed or all but those listed —, each able to `meet` another and to be complemented;
`Numbers.whole` keeps the whole numbers only (no whole number lies in `(59, 60)`). `Atom` is one test with the
values it holds for; `compared` gives those of a comparison; `excluding` the fewest tests no value of a domain meets
together; `crossed` and `crossing` say when that is because a lower bound lies above an upper one.
Invariant: exact — bounds are the policy's own numbers and dates, never rounded, and each end of an interval says
whether it is included — so a set is empty only where no value at all lies in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR
from typing import Any

from engine.syntax import ast

# An interval of an ordered value: (low, low included, high, high included); None for no bound.
Interval = tuple[Any, bool, Any, bool]
EVERYTHING: tuple[Interval, ...] = ((None, False, None, False),)


@dataclass(frozen=True)
class Numbers:
    """The values of a number, an amount, a rate, a duration or a date for which a test holds: intervals."""

    intervals: tuple[Interval, ...]

    def meet(self, other: Numbers) -> Numbers:
        return Numbers(tuple(i for a in self.intervals for b in other.intervals
                             if _nonempty(i := _meet(a, b))))

    def complement(self) -> Numbers:
        out: Numbers = Numbers(EVERYTHING)
        for low, low_in, high, high_in in self.intervals:
            outside = []
            if low is not None:
                outside.append((None, False, low, not low_in))
            if high is not None:
                outside.append((high, not high_in, None, False))
            out = out.meet(Numbers(tuple(outside)))
        return out

    @property
    def empty(self) -> bool:
        return not self.intervals

    def whole(self) -> Numbers:
        """The whole numbers among these values, each interval closed at its first and last whole number: no
        whole number lies in `(59, 60)`."""
        out = []
        for low, low_in, high, high_in in self.intervals:
            if low is not None:
                first = low.to_integral_value(ROUND_CEILING)
                low = first + 1 if first == low and not low_in else first
            if high is not None:
                last = high.to_integral_value(ROUND_FLOOR)
                high = last - 1 if last == high and not high_in else last
            if low is None or high is None or low <= high:
                out.append((low, low is not None, high, high is not None))
        return Numbers(tuple(out))


@dataclass(frozen=True)
class Choices:
    """The values of an enum, a text or a yes/no for which a test holds: those listed, or all but those."""

    values: frozenset[Any]
    all_but: bool = False

    def meet(self, other: Choices) -> Choices:
        if self.all_but and other.all_but:
            return Choices(self.values | other.values, True)
        if self.all_but:
            return Choices(other.values - self.values)
        return Choices(self.values - other.values if other.all_but else self.values & other.values)

    def complement(self) -> Choices:
        return Choices(self.values, not self.all_but)

    @property
    def empty(self) -> bool:
        return not self.all_but and not self.values


Values = Numbers | Choices


@dataclass(frozen=True)
class Atom:
    """One test of one value against constants: for which values it holds, and what it gives for no value."""

    node: ast.Node
    subject: ast.Node
    holds: Values
    on_missing: bool
    named: tuple[tuple[str, Any, str], ...]  # the constants it names (not literals): text, value, kind

    def negated(self, node: ast.Node) -> Atom:
        return Atom(node, self.subject, self.holds.complement(), not self.on_missing, self.named)


def _meet(a: Interval, b: Interval) -> Interval:
    (al, ali, ah, ahi), (bl, bli, bh, bhi) = a, b
    if al is None or (bl is not None and bl > al):
        low, low_in = bl, bli
    elif bl is None or al > bl:
        low, low_in = al, ali
    else:
        low, low_in = al, ali and bli
    if ah is None or (bh is not None and bh < ah):
        high, high_in = bh, bhi
    elif bh is None or ah < bh:
        high, high_in = ah, ahi
    else:
        high, high_in = ah, ahi and bhi
    return low, low_in, high, high_in


def _nonempty(i: Interval) -> bool:
    low, low_in, high, high_in = i
    return low is None or high is None or low < high or (low == high and low_in and high_in)


def compared(family: type, op: str, value: Any) -> Values:
    """The values for which `value OP constant` holds, as `family` (Numbers or Choices) has them."""
    if family is Choices:
        return Choices(frozenset({value}), op == "!=")
    interval: Interval = {"<": (None, False, value, False), "<=": (None, False, value, True),
                          ">": (value, False, None, False), ">=": (value, True, None, False),
                          "==": (value, True, value, True), "!=": (value, True, value, True)}[op]
    holds = Numbers((interval,))
    return holds.complement() if op == "!=" else holds


def excluding(group: list[Atom], domain: Values) -> list[int] | None:
    """The positions of the fewest tests that no value of the domain meets together, else None."""
    met: Any = domain
    for k, atom in enumerate(group):
        met = met.meet(atom.holds)
        if not met.empty:
            continue
        if domain.meet(atom.holds).empty:  # type: ignore[arg-type]
            return [k]
        for j in range(k):
            if domain.meet(group[j].holds).meet(atom.holds).empty:  # type: ignore[arg-type]
                return [j, k]
        return list(range(k + 1))
    return None


def crossed(atoms: list[Atom]) -> bool:
    """Whether two tests of a number are a lower bound and an upper bound (`x >= a and x < b`), each one-sided,
    that cross: not `age > 59 and age < 60`, which only whole numbers make a contradiction."""
    if len(atoms) != 2 or not all(isinstance(a.holds, Numbers) and len(a.holds.intervals) == 1 for a in atoms):
        return False
    first, second = (a.holds.intervals[0] for a in atoms)  # type: ignore[union-attr]
    (low_a, _, high_a, _), (low_b, _, high_b, _) = first, second
    one_sided = (low_a is None) != (high_a is None) and (low_b is None) != (high_b is None)
    return one_sided and (low_a is None) != (low_b is None) and not _nonempty(_meet(first, second))


def crossing(atom: Atom, always: bool) -> bool:
    """A range that never holds because its bounds cross (`[8820, 5880)`), not for want of a whole number in it."""
    return isinstance(atom.node, ast.InRange) and not always and isinstance(atom.holds, Numbers) and \
        not any(_nonempty(i) for i in atom.holds.intervals)
