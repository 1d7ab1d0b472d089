"""The day a member's age turns a condition (`将于 2026-12-15 年满 60 周岁`): met from then, or no longer met.

Input: a clause's rule, with the `Static` of its policy; then a context (a member's, or the household's) and the
evaluation date.
Output: `thresholds(static, wording, *nodes)`, the ages a rule compares a member's age with (`age >= 60`, `age < 18`,
where `age` is `age(birth_date)` or a member definition that is), through the definitions, indicators and categories
it names, and inside its aggregations over members (`any(members where age >= 60)`); per household, `Birthdays`,
whose `upcoming(...)` gives the days within a year on which a member reaches one of them, earliest first. Whether
the rule's verdict turns on such a day is for `coming_of_age` to find, by deciding the rule on that day.
Invariant: counts a year as the rule language's `age` does — full once the evaluation day's month and day are not
before the birth's — so that one born on 29 February comes of age on 1 March in a common year. A rule that reads the
date otherwise (`today` other than compared with a fixed date, whose days `date_turns` names, or `age` other than
compared with a fixed number) has no thresholds: its verdict may turn on days none of them names.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any

from engine.evaluator import Ctx
from engine.explain.date_turns import turns_of
from engine.syntax import ast

if TYPE_CHECKING:
    from engine.explain.phrases import Static

# `age OP bound` with the age on the right, as it reads with the age on the left
_SWAPPED = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}


@dataclass(frozen=True)
class AgeThreshold:
    """An age at which a comparison in a rule turns: from a member's birth date, the whole years; whether it is read
    of every member (inside an aggregation), not only of the one the rule is decided for; and `part`, the comparison
    in words where reaching the age meets it and that can only help the rule hold (else None)."""

    born: Any  # the compiled birth date of a member
    born_text: str  # the same as written: thresholds that read one birth date share its birthdays
    years: int
    over_members: bool
    part: str | None


class _OtherDates(Exception):
    """The rule reads the date in a way no threshold names."""


def thresholds(static: Static, wording: Any, *nodes: ast.Node) -> tuple[AgeThreshold, ...]:
    """The ages at which the comparisons of age of a rule (or of the rules of a measure's options) turn, each
    once; () where one reads the date otherwise."""
    policy = static.policy
    found: dict[tuple[int, bool], AgeThreshold] = {}
    seen: set[tuple[str, bool]] = set()

    def visit(expr: ast.Node, over: bool, helps: bool) -> None:
        turning_day = turns_of(static, expr)
        if turning_day is not None and turning_day[1]:  # turns on days `date_turns` names, not on birthdays
            return
        if isinstance(expr, ast.Compare) and expr.op in _SWAPPED:
            turning = _turning(static, expr)
            if turning is not None:
                born, years, reached = turning
                part = wording.condition(expr) if helps and reached and not over else None
                found.setdefault((id(expr), over), AgeThreshold(static.fn(born), static.text(born), years, over, part))
                return
        if isinstance(expr, ast.Call) and expr.function == "age":
            raise _OtherDates
        if isinstance(expr, ast.Name):
            name = expr.dotted
            if name == "today":
                raise _OtherDates
            if (name, over) in seen:
                return
            seen.add((name, over))
            d = policy.definitions.get(name)
            if d is not None:
                visit(d.expr.node, over, helps and d.level == "member")
            category = policy.category(name)
            if category is not None:  # assigned as its clauses, and those of its group that come first, decide
                rivals = [c for c in policy.categories if c.group is not None and c.group == category.group]
                for c in rivals or [category]:
                    for clause in c.clauses:
                        visit(clause.test.node, over, False)
            return
        if isinstance(expr, ast.Aggregate):
            over, helps = True, False
        elif not isinstance(expr, ast.And | ast.Or):
            helps = False
        for child in expr.children():
            visit(child, over, helps)

    try:
        for node in nodes:
            visit(node, False, True)
    except _OtherDates:
        return ()
    return tuple(found.values())


def _turning(static: Static, expr: ast.Compare) -> tuple[ast.Node, int, bool] | None:
    """For `age OP bound` (either way round) with a fixed bound: the birth date, the age at which it turns, and
    whether it holds from that age on (`age >= 60`) rather than stops holding then (`age < 18`)."""
    op, age, bound = expr.op, expr.left, expr.right
    born = _born(static.policy, age)
    if born is None:
        op, age, bound = _SWAPPED[op], expr.right, expr.left
        born = _born(static.policy, age)
    if born is None:
        return None
    constant, value = static.program.constant(bound)
    if not constant or not isinstance(value, Decimal):
        return None
    # `age >= 59.5` and `age < 59.5` turn at 60; `age > 59` and `age <= 59` turn at 60 too
    strict = op in (">", "<=")
    years = int(value.to_integral_value(ROUND_FLOOR) + 1 if strict else value.to_integral_value(ROUND_CEILING))
    return born, years, op in (">=", ">")


def age_bound(static: Static, node: ast.Node) -> tuple[ast.Node, int, bool] | None:
    """For a comparison of a member's age with a fixed age (`age < 18`, either way round): the side that is the age,
    the age at which it turns, and whether it holds from that age on (`age >= 60`); else None."""
    if not isinstance(node, ast.Compare) or node.op not in _SWAPPED:
        return None
    turning = _turning(static, node)
    if turning is None:
        return None
    return (node.left if _born(static.policy, node.left) is not None else node.right), turning[1], turning[2]


def _born(policy: Any, node: ast.Node) -> ast.Node | None:
    """The birth date whose age a value is: `age(x)`, or a member definition that is only that."""
    if isinstance(node, ast.Call) and node.function == "age" and len(node.args) == 1:
        return node.args[0]
    if isinstance(node, ast.Name):
        d = policy.definitions.get(node.dotted)
        if d is not None and d.level == "member" and not d.indicator:
            return _born(policy, d.expr.node)
    return None


def anniversary(day: datetime.date, years: int) -> datetime.date:
    """The day `years` full years after `day`, as `age` counts them: 1 March for 29 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


class Birthdays:
    """Each member's next birthday after a day, per birth date the rules read: the age reached and the day. Within
    a year every member has exactly one, so a threshold no member's next age equals is passed over at once — the
    common case, found once per household and not once per rule."""

    def __init__(self, members: Any, on: datetime.date):
        self.members = members
        self.on = on
        self.within = anniversary(on, 1)
        self._next: dict[str, dict[str, tuple[int, datetime.date]]] = {}
        self._ages: dict[str, set[int]] = {}

    def _of(self, threshold: AgeThreshold) -> dict[str, tuple[int, datetime.date]]:
        key = threshold.born_text
        found = self._next.get(key)
        if found is None:
            found = self._next[key] = {}
            on = self.on
            for member in self.members:
                born = threshold.born(member)
                if not isinstance(born, datetime.date):
                    continue
                years = on.year - born.year
                day = anniversary(born, years) if years > 0 else None
                if day is None or day <= on:
                    years += 1
                    day = anniversary(born, years) if years > 0 else None
                if day is not None and on < day <= self.within:
                    found[member.member_id] = (years, day)
            self._ages[key] = {years for years, _ in found.values()}
        return found

    def upcoming(self, found: tuple[AgeThreshold, ...], ctx: Ctx) -> list[tuple[datetime.date, str, AgeThreshold]]:
        """Each day after the evaluation day and within a year of it on which a member reaches an age of `found`,
        earliest first (in the rule's order on one day), with the member's id: in a member's rule, of that member,
        and of every member where the rule reads the ages of all. A year: the household's income is that of the last
        twelve months and its case is reviewed at least yearly, so a day within it is one a caseworker can plan a new
        application (or a reassessment) for; a day further off would promise a decision under standards that may
        have changed by then."""
        out: list[tuple[datetime.date, str, AgeThreshold]] = []
        own = ctx.member_id
        for threshold in found:
            coming = self._of(threshold)
            if threshold.years not in self._ages[threshold.born_text]:
                continue
            for member, (years, day) in coming.items():
                if years == threshold.years and (threshold.over_members or member == own):
                    out.append((day, member, threshold))
        if len(out) > 1:
            out.sort(key=lambda found: found[0])
        return out

    def reached(self, found: tuple[AgeThreshold, ...]) -> list[tuple[datetime.date, str, int]]:
        """Each day within a year on which any member reaches an age of `found`, with the member and the age, each
        once, earliest first: whatever rule reads it, of whichever member — what a birthday may bring anyone."""
        out: set[tuple[datetime.date, str, int]] = set()
        for threshold, ages in _by_birth(found):  # each member's birthdays looked at once per birth date read
            for member, (years, day) in self._of(threshold).items():
                if years in ages:
                    out.add((day, member, years))
        if len(out) < 2:
            return list(out)
        order = {m.member_id: i for i, m in enumerate(self.members)}
        return sorted(out, key=lambda found: (found[0], order[found[1]]))


# the thresholds of `found`, by the birth date they read: asked of each household with the same few thresholds
_BY_BIRTH: dict[int, tuple[tuple[AgeThreshold, ...], list[tuple[AgeThreshold, frozenset[int]]]]] = {}


def _by_birth(found: tuple[AgeThreshold, ...]) -> list[tuple[AgeThreshold, frozenset[int]]]:
    """One threshold per birth date `found` reads (its birthdays are those of every threshold reading it), with the
    ages of them all."""
    kept = _BY_BIRTH.get(id(found))
    if kept is not None and kept[0] is found:
        return kept[1]
    ages: dict[str, tuple[AgeThreshold, set[int]]] = {}
    for threshold in found:
        ages.setdefault(threshold.born_text, (threshold, set()))[1].add(threshold.years)
    grouped = [(threshold, frozenset(years)) for threshold, years in ages.values()]
    if len(_BY_BIRTH) > 64:  # a few tuples per policy: a long run of many policies keeps the latest
        _BY_BIRTH.clear()
    _BY_BIRTH[id(found)] = (found, grouped)
    return grouped
