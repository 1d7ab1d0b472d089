"""What a failed income threshold asks of the income a family receives, not of the income the policy counts.

Input: a rule's numeric side (`per_capita_income`, `own_income_with_share`) and, per household, its context.
Output: `Weighing.weigher(node)`, a function of a context giving, for each of the household's income lines, by how
much one yuan of that line as received moves the side's value (a wage counted at 80% in a three-person household's
per-head income: 0.8 ÷ 3); None where the side is not a sum of counted incomes scaled by figures that do not
depend on income. `groups` turns those weights into what a family can check: each kind of line with the amount it
would have to be below (or above), its amount now, and the share of it counted.
Invariant: reads the evaluation only; a side it cannot weigh gets no such hint, never a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.evaluator import EXACT, Ctx
from engine.syntax import ast

if TYPE_CHECKING:
    from engine.explain.phrases import Static

Weights = dict[int, Decimal]  # an income line's place in the household file → its weight
Weigher = Callable[[Ctx], Weights]
_INCOME_NAMES = ("counted_income", "own_counted_income", "exempt_income")


def _nothing(ctx: Ctx) -> Weights:
    return {}


class Weighing:
    """The weighers of a policy's rule sides, each made once."""

    def __init__(self, static: Static):
        self.static = static
        self.policy = static.policy
        self.shares = static.program.counted_share
        self._made: dict[int | str, Weigher | None] = {}
        self._reads: dict[int, bool] = {}

    def weigher(self, node: ast.Node) -> Weigher | None:
        key: int | str = node.dotted if isinstance(node, ast.Name) else id(node)  # a name: one weigher wherever read
        if key not in self._made:
            self._made[key] = self._weigher(node)
        return self._made[key]

    def reads_income(self, node: ast.Node) -> bool:
        """Whether a value depends on the household's income lines, directly or through definitions and categories."""
        key = id(node)
        found = self._reads.get(key)
        if found is None:
            policy = self.policy
            found = self._reads[key] = any(
                name in _INCOME_NAMES or name.partition(".")[0] in ("income", "own_income")
                or policy.category(name) is not None for name in policy.reads(node))
        return found

    def _weigher(self, node: ast.Node) -> Weigher | None:
        if not self.reads_income(node):
            return _nothing
        if isinstance(node, ast.Name):
            return self._name(node.dotted)
        if isinstance(node, ast.Neg):
            inner = self.weigher(node.operand)
            return None if inner is None else _scaled(inner, lambda ctx: Decimal(-1))
        if isinstance(node, ast.Arith):
            return self._arith(node)
        if (isinstance(node, ast.Aggregate) and node.function == "sum" and node.value is not None
                and (node.where is None or not self.reads_income(node.where))):
            value = self.weigher(node.value)
            if value is None:
                return None
            where = self.static.fn(node.where) if node.where is not None else None

            def summed(ctx: Ctx) -> Weights:
                out: Weights = {}
                for m in ctx.hh.members:
                    if where is None or where(m):
                        _add(out, value(m), 1)
                return out
            return summed
        return None

    def _name(self, name: str) -> Weigher | None:
        shares = self.shares
        if name == "counted_income":
            return lambda ctx: {i: share for i, line in enumerate(ctx.hh.household.income)
                                if (share := shares[line.type]) is not None}
        if name == "own_counted_income":
            def own(ctx: Ctx) -> Weights:
                member = getattr(ctx, "member_id", None)
                return {i: share for i, line in enumerate(ctx.hh.household.income)
                        if line.member == member and (share := shares[line.type]) is not None}
            return own
        d = self.policy.definitions.get(name)
        if d is None or d.indicator:
            return None
        inner = self.weigher(d.expr.node)
        if inner is None or d.level == "member":
            return inner
        return _of_household(inner)

    def _arith(self, node: ast.Arith) -> Weigher | None:
        left_reads, right_reads = self.reads_income(node.left), self.reads_income(node.right)
        if node.op in "+-":
            left, right = self.weigher(node.left), self.weigher(node.right)
            if left is None or right is None:
                return None
            sign = 1 if node.op == "+" else -1

            def combined(ctx: Ctx) -> Weights:
                out = dict(left(ctx))
                _add(out, right(ctx), sign)
                return out
            return combined
        if node.op == "*" and left_reads != right_reads:
            varying, factor = (node.left, node.right) if left_reads else (node.right, node.left)
            inner = self.weigher(varying)
            return None if inner is None else _scaled(inner, self.static.fn(factor))
        if node.op == "/" and not right_reads:
            inner, divisor = self.weigher(node.left), self.static.fn(node.right)
            if inner is None:
                return None

            def divided(ctx: Ctx) -> Weights:
                by = divisor(ctx)
                return {i: EXACT.divide(w, by) for i, w in inner(ctx).items()} if by else {}
            return divided
        return None


def _of_household(inner: Weigher) -> Weigher:
    """A household's value read in a member's rule: weighed once for all the household's members (the last
    household's weights are kept, and are never changed by those who read them)."""
    last: list[Any] = [None, {}]

    def of_household(ctx: Ctx) -> Weights:
        if last[0] is not ctx.hh:
            last[:] = [ctx.hh, inner(ctx.hh)]
        weights: Weights = last[1]
        return weights
    return of_household


def _add(out: Weights, more: Weights, sign: int) -> None:
    for i, w in more.items():
        out[i] = out.get(i, Decimal(0)) + w * sign


def _scaled(inner: Weigher, factor: Callable[[Ctx], Any]) -> Weigher:
    def scaled(ctx: Ctx) -> Weights:
        by = factor(ctx)
        return {i: EXACT.multiply(w, by) for i, w in inner(ctx).items()} if isinstance(by, Decimal) else {}
    return scaled


@dataclass(frozen=True)
class LineGroup:
    """Income lines of the same weight and share: their types, their one member (if all are one member's), the
    members they belong to (in the household file's order; empty where a line is the household's, of no member),
    their amount as received now, and by how much one yuan of them moves the value compared (`weight`)."""

    types: tuple[str, ...]
    member: str | None
    members: tuple[str, ...]
    share: Decimal
    now: Decimal
    weight: Decimal

    def target(self, gap: Decimal) -> Decimal:
        """The amount of these lines that would move the value by `gap` (the right side less the left), the others
        unchanged."""
        return self.now + EXACT.divide(gap, self.weight)


def groups(weights: Weights, ctx: Ctx, shares: dict[str, Decimal | None]) -> list[LineGroup] | None:
    """The lines a value moves with, grouped by weight and share. None where every line is counted in full, so that
    counted income is income as received and the hint already says it."""
    lines = ctx.hh.household.income
    found: dict[tuple[Decimal, Decimal], list[int]] = {}
    for i, w in weights.items():
        if w:
            share = shares[lines[i].type]
            assert share is not None
            found.setdefault((w, share), []).append(i)
    if all(share == 1 for _, share in found):
        return None
    out = []
    for (w, share), indexes in sorted(found.items(), key=lambda item: item[1][0]):
        types = tuple(dict.fromkeys(lines[i].type for i in indexes))
        members = tuple(dict.fromkeys(lines[i].member for i in sorted(indexes)))
        now = sum((lines[i].amount for i in indexes), Decimal(0))
        member = members[0] if len(members) == 1 else None
        owners = () if None in members else tuple(m for m in members if m is not None)
        out.append(LineGroup(types, member, owners, share, now, w))
    return out
