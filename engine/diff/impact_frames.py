"""Validated households → their categories and grants through the fast engine, for an impact run.

Input: a policy (one version, a hybrid, or the `engine.diff.hybrid_union` union that computes
several), validated `Household`s and the day each is decided on. Output: a `FrameRun` — every category's
assignment, the grants asked for with their amounts per year in whole millionths of a yuan, and
the flagged households — and, per policy it stands for, `FastOutcomes`: a category-set code
(`CategorySets`) per household and per member, and its grants per measure. None when the fast
engine cannot run the policy at all.
Invariants: only the public face of `engine.batch` is used (`fast_program`, `Frame`,
`assigned`, `grants`, `compile`, `household_flags`); a household is `flagged` wherever the
fast engine cannot vouch that the exact evaluator gives the same categories, the same grants,
and raises no error — and also wherever a grant's amount is not a whole number of millionths
below 10¹² a year, so that every amount taken from here adds up exactly as the exact
evaluator's decimals do. The caller decides flagged households with the exact evaluator.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.household import Household
from engine.model import Category, Measure, Policy
from engine.syntax import ast

if TYPE_CHECKING:
    from engine.diff.hybrid_union import Names

MICRO = 10**6  # amounts per year are carried as whole millionths of a yuan
AMOUNT_LIMIT = 10**12  # yuan per year; a larger amount is left to the exact evaluator


class CategorySets:
    """Sets of categories (tuples of ids in a policy's order) interned as small integers."""

    def __init__(self) -> None:
        self.codes: dict[tuple[str, ...], int] = {(): 0}
        self.sets: list[tuple[str, ...]] = [()]
        self.shared: dict[Any, Any] = {}  # equal outcomes and causes of a worker, kept as one object each

    def code(self, categories: tuple[str, ...]) -> int:
        found = self.codes.get(categories)
        if found is None:
            found = self.codes[categories] = len(self.sets)
            self.sets.append(categories)
        return found

    def of_columns(self, categories: Sequence[Category], held: Sequence[Any], size: int) -> Any:
        """The code of each row, from one boolean column per category (in the policy's order)."""
        if not categories:
            return np.zeros(size, dtype=np.int64)
        if len(categories) > 62:
            return np.asarray([self.code(tuple(c.id for c, v in zip(categories, row, strict=True) if v))
                               for row in zip(*held, strict=True)], dtype=np.int64)
        masks = np.zeros(size, dtype=np.int64)
        for bit, column in enumerate(held):
            masks |= np.asarray(column, dtype=np.int64) << bit
        distinct, inverse = np.unique(masks, return_inverse=True)
        lookup = np.asarray([self.code(tuple(c.id for bit, c in enumerate(categories) if (int(mask) >> bit) & 1))
                             for mask in distinct], dtype=np.int64)
        return lookup[inverse]


@dataclass(frozen=True)
class MeasureGrants:
    """One measure's grants, ordered by household then member: amounts per year in millionths."""

    households: Any  # int64: the household's position
    members: Any  # int64: the member's row (-1 for a household-level measure)
    amounts: Any  # int64, millionths of a yuan per year (0 when there is no amount)
    null: Any  # bool: the grant has no amount (a service or works)


@dataclass(frozen=True)
class FastOutcomes:
    households: Any  # int64: category-set code per household
    members: Any  # int64: member-level category-set code per member row (households' members in order)
    flagged: Any  # bool per household: to be decided by the exact evaluator
    grants: list[MeasureGrants] | None  # per measure of the policy, when grants were asked for


def member_rows(households: Sequence[Household]) -> tuple[Any, Any]:
    """(household position of each member row, first member row of each household and the end)."""
    counts = np.fromiter((len(h.members) for h in households), dtype=np.int64, count=len(households))
    starts = np.zeros(len(households) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return np.repeat(np.arange(len(households), dtype=np.int64), counts), starts


@dataclass(frozen=True)
class FrameRun:
    """What one frame of a policy computed: every category, the grants asked for, the flagged households."""

    held: dict[str, Any]  # category id → bool per household or per member row
    grants: dict[str, MeasureGrants]  # measure id → its grants
    flagged: Any  # bool per household
    starts: Any  # int64: first member row of each household, and the end


def run_frame(policy: Policy, households: Sequence[Household], days: Sequence[datetime.date],
              definitions: Sequence[str] = (), measures: Sequence[Measure] = ()) -> FrameRun | None:
    """One frame: every category, these household definitions (for their flags) and measures; None: unsupported.
    `days`: each household's day."""
    from engine.batch.columnar import fast_program
    from engine.batch.columns import Unsupported
    from engine.batch.frame import Frame

    member_hh, starts = member_rows(households)
    try:
        with np.errstate(all="ignore"):
            program = fast_program(policy)
            frame = Frame(program, households, list(days))
            held = {c.id: np.asarray(program.assigned(frame, c).v, dtype=bool) for c in policy.categories}
            for name in definitions:  # `evaluate` computes each one, and stops where one cannot be
                program.compile(ast.Name(tuple(name.split("."))), "household")(frame)
            unsure = np.zeros(len(households), dtype=bool)
            grants = {}
            for measure in measures:
                granted, _, chosen = program.grants(frame, measure)
                grants[measure.id] = _grants(measure.level, measure.per == "month", granted, chosen, member_hh, unsure)
            flagged = np.asarray(frame.household_flags(), dtype=bool) | unsure
    except Unsupported:
        return None
    return FrameRun(held, grants, flagged, starts)


def outcomes_of(run: FrameRun, policy: Policy, sets: CategorySets, names: Names | None = None,
                grants: bool = False) -> FastOutcomes:
    """A policy's outcomes from a frame of it, or of a union that computes it (`names`: where its entries are)."""
    categories = names.categories if names is not None else {c.id: c.id for c in policy.categories}
    codes = {}
    for level in ("household", "member"):
        chosen = [c for c in policy.categories if c.level == level]
        codes[level] = sets.of_columns(chosen, [run.held[categories[c.id]] for c in chosen],
                                       len(run.flagged) if level == "household" else int(run.starts[-1]))
    measures = None
    if grants:
        where = names.measures if names is not None else {m.id: m.id for m in policy.assistance}
        measures = [run.grants[where[m.id]] for m in policy.assistance]
    return FastOutcomes(codes["household"], codes["member"], run.flagged, measures)


def household_definitions(policy: Policy, names: Names | None = None) -> list[str]:
    return [names.definitions[d.name] if names is not None else d.name
            for d in policy.definitions.values() if d.level == "household"]


def fast_outcomes(policy: Policy, households: Sequence[Household], days: Sequence[datetime.date],
                  sets: CategorySets, grants: bool) -> FastOutcomes | None:
    """Categories (and with `grants`, values and grants) of every household, each on its day; None when
    unsupported."""
    run = run_frame(policy, households, days, household_definitions(policy) if grants else (),
                    policy.assistance if grants else ())
    return outcomes_of(run, policy, sets, grants=grants) if run is not None else None


def _grants(level: str, monthly: bool, granted: Any, chosen: Any, member_hh: Any, unsure: Any) -> MeasureGrants:
    """The grants of one measure; marks in `unsure` the households whose amount is not a plain decimal."""
    size = len(granted)
    rows = np.flatnonzero(granted)

    def at_rows(x: Any, dtype: Any) -> Any:
        return np.broadcast_to(np.asarray(x, dtype=dtype), (size,))[rows]

    null = at_rows(chosen.null, bool)
    value = np.abs(at_rows(chosen.v, float)) + at_rows(chosen.e, float)
    if chosen.q is None:
        ok = np.zeros(len(rows), dtype=bool)
        n = d = np.ones(len(rows), dtype=np.int64)
    else:
        ok = at_rows(chosen.q.ok, bool)
        n, d = at_rows(chosen.q.n, np.int64), at_rows(chosen.q.d, np.int64)
    factor = 12 if monthly else 1
    common = np.gcd(n, d)
    common = np.where(common == 0, 1, common)
    n, d = n // common, d // common
    safe_d = np.where(d > 0, d, 1)
    plain = ok & (d > 0) & (MICRO % safe_d == 0) & (value * factor < AMOUNT_LIMIT / 2)
    amounts = np.where(plain & ~null, n * (MICRO // safe_d) * factor, 0).astype(np.int64)
    households = member_hh[rows] if level == "member" else rows
    unsure[households[~plain & ~null]] = True
    members = rows if level == "member" else np.full(len(rows), -1, dtype=np.int64)
    return MeasureGrants(households.astype(np.int64), members.astype(np.int64), amounts, null)
