"""The changed households of a chunk → their causes, every household's search driven together.

Input: `Subject`s (a changed household: its record, the households validated so far per shape,
its old and new outcomes and their category-set codes, the day it is decided on), the run's `Setup`, the `CategorySets`.
Output: for each subject, what `Attribution.causes` returns — its causes and its combination.
Invariants: each subject runs its own `Attribution.causes` search, the one the exact run uses;
each round, the searches waiting for the same hybrid are answered together — by one frame of
the fast engine, by the exact classifier for households it flags (or for a handful of
households), from the old or the new outcome for a hybrid whose categories depend on nothing
that differs from the old or the new policy, and for the hybrids of single changes from one
frame of their `Union` computed up front. A household a hybrid cannot read gets None, as in
the exact run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.batch.frame import member_rows_of
from engine.diff.impact import Causes, Outcome, Record, classification_basis, classify, shape
from engine.diff.impact_frames import (
    CategorySets,
    FrameRun,
    fast_outcomes,
    member_rows,
    outcomes_of,
    run_frame,
)
from engine.evaluator import EvaluationError
from engine.household import Household, HouseholdError
from engine.intake import household_from
from engine.model import Policy

if TYPE_CHECKING:
    from engine.diff.impact_chunk import Setup

_FEW = 24  # below this many households a frame costs more than the exact classifier


@dataclass
class Subject:
    """A household whose categories changed, waiting for its causes."""

    id: str  # the household's id, as validated under the old version
    record: Record
    households: dict[int, Household | None]  # shape key → the record validated under it (None: refused)
    before: Outcome
    after: Outcome
    codes: tuple[int, Any, int, Any]  # category-set codes: before (household, members), after (household, members)
    row: int  # the household's row in the chunk's shared frame
    day: datetime.date  # the day it is decided on (`Days.of`)


def outcome_of(sets: CategorySets, code: int, ids: list[str], member_codes: Any) -> Outcome:
    """The outcome that category-set codes describe, for members with these ids (one object per value)."""
    made = Outcome(sets.sets[code], tuple(zip(ids, (sets.sets[c] for c in member_codes.tolist()), strict=True)))
    return sets.shared.setdefault(made, made)  # equal outcomes are one object: pickled once per chunk


_shapes: dict[Any, int] = {}
_policy_shapes: dict[int, tuple[Policy, int]] = {}


def shape_key(policy: Policy) -> int:
    """A small number per household shape (`impact.shape`): equal for policies that read households alike."""
    entry = _policy_shapes.get(id(policy))
    if entry is None or entry[0] is not policy:
        entry = _policy_shapes[id(policy)] = (policy, _shapes.setdefault(shape(policy), len(_shapes)))
    return entry[1]


def attribute(subjects: list[Subject], setup: Setup, sets: CategorySets,
              shared: FrameRun | None = None) -> list[tuple[tuple[Any, ...], tuple[str, ...]]]:
    """Drive one `Attribution.causes` search per subject, answering each round's questions hybrid by hybrid.

    `shared` is the chunk's frame of the union (subjects at their `row`), when there is one."""
    searches: list[Causes] = [setup.attribution.causes(s.before, s.after) for s in subjects]
    results: list[Any] = [None] * len(subjects)
    asked: dict[int, Policy] = {}  # search → the hybrid it waits for
    answers = _Answers(setup, sets)
    answers.prefetch(subjects, shared)

    def step(i: int, answer: Outcome | None, first: bool = False) -> None:
        try:
            asked[i] = next(searches[i]) if first else searches[i].send(answer)
        except StopIteration as stop:
            results[i] = stop.value
            asked.pop(i, None)

    for i in range(len(searches)):
        step(i, None, first=True)
    while asked:
        by_policy: dict[int, list[int]] = {}
        for i, policy in asked.items():
            by_policy.setdefault(id(policy), []).append(i)
        for group in by_policy.values():
            policy = asked[group[0]]
            for i, result in zip(group, answers.classify(policy, [subjects[i] for i in group]), strict=True):
                step(i, result)
    return results


class _Answers:
    """Classifications of subjects under hybrid policies, each household and policy class computed once."""

    def __init__(self, setup: Setup, sets: CategorySets):
        self.setup = setup
        self.sets = sets
        self.bases: list[Any] = []  # one per class of policies that classify alike
        self.known: dict[int, tuple[Policy, int]] = {}  # id(policy) → (policy, its class)
        self.memo: dict[tuple[int, int], Outcome | None] = {}  # (class, id(subject)) → result
        self.old_class = self._class(setup.old)
        self.new_class = self._class(setup.new)

    def _class(self, policy: Policy) -> int:
        entry = self.known.get(id(policy))
        if entry is not None and entry[0] is policy:
            return entry[1]
        basis = classification_basis(policy)
        index = next((i for i, known in enumerate(self.bases) if known == basis), len(self.bases))
        if index == len(self.bases):
            self.bases.append(basis)
        self.known[id(policy)] = (policy, index)
        return index

    def classify(self, policy: Policy, subjects: list[Subject]) -> list[Outcome | None]:
        cls = self._class(policy)
        if cls == self.old_class:
            return [s.before for s in subjects]
        if cls == self.new_class:
            return [s.after for s in subjects]
        todo = [s for s in subjects if (cls, id(s)) not in self.memo]
        if todo:
            for s, result in zip(todo, self._compute(policy, todo), strict=True):
                self.memo[(cls, id(s))] = result
        return [self.memo[(cls, id(s))] for s in subjects]

    def prefetch(self, subjects: list[Subject], shared: FrameRun | None) -> None:
        """Every subject under every hybrid the union stands for, from the union's frame."""
        union = self.setup.union
        if union is None or not subjects:
            return
        wanted = [p for p in union.members[1:] if self._class(p) not in (self.old_class, self.new_class)]
        if not wanted:
            return
        key = shape_key(self.setup.old)
        households: list[Household] = []
        for s in subjects:
            household = s.households.get(key)
            if household is None:
                return
            households.append(household)
        run: FrameRun | None = None
        if shared is not None:
            run = _rows(shared, union.policy, [s.row for s in subjects])
        elif len(subjects) >= _FEW and len(wanted) > 1:
            run = run_frame(union.policy, households, [s.day for s in subjects])
        else:
            return
        if run is None:
            return
        for policy in wanted:
            fast = outcomes_of(run, policy, self.sets, union.names_of(policy))
            results = self._from_codes(policy, subjects, households, fast.households, fast.members, fast.flagged)
            cls = self._class(policy)
            for s, result in zip(subjects, results, strict=True):
                self.memo[(cls, id(s))] = result

    def _compute(self, policy: Policy, subjects: list[Subject]) -> list[Outcome | None]:
        key = shape_key(policy)
        readable, households = [], []
        for i, s in enumerate(subjects):
            if key not in s.households:
                try:
                    s.households[key] = household_from(None, s.record.data, True, policy, s.record.source, s.day)
                except HouseholdError:
                    s.households[key] = None
            household = s.households[key]
            if household is not None:
                readable.append(i)
                households.append(household)
        out: list[Outcome | None] = [None] * len(subjects)
        fast = None
        if len(households) >= _FEW:  # for a few households, the exact classifier is quicker than a frame
            fast = fast_outcomes(policy, households, [subjects[i].day for i in readable], self.sets, grants=False)
        if fast is None:
            for i, household in zip(readable, households, strict=True):
                out[i] = _exactly(policy, household, subjects[i].day)
            return out
        chosen = [subjects[i] for i in readable]
        results = self._from_codes(policy, chosen, households, fast.households, fast.members, fast.flagged)
        for i, result in zip(readable, results, strict=True):
            out[i] = result
        return out

    def _from_codes(self, policy: Policy, subjects: list[Subject], households: list[Household], codes: Any,
                    member_codes: Any, flagged: Any) -> list[Outcome | None]:
        """Outcomes from the fast engine's codes; the old and new outcome objects where they are equal."""
        owner, starts = member_rows(households)
        sides = []
        for at in (0, 2):  # does the result equal the old one, the new one?
            hh = np.asarray([s.codes[at] for s in subjects], dtype=np.int64)
            members = np.concatenate([s.codes[at + 1] for s in subjects])
            if len(members) != len(member_codes):
                sides.append([False] * len(subjects))
                continue
            differ = np.bincount(owner, weights=members != member_codes, minlength=len(subjects)) > 0
            sides.append(((hh == codes) & ~differ).tolist())
        same_before, same_after = sides
        out: list[Outcome | None] = []
        for j, (s, household, unsure) in enumerate(zip(subjects, households, flagged.tolist(), strict=True)):
            if unsure:
                out.append(_exactly(policy, household, s.day))
            elif same_before[j]:
                out.append(s.before)
            elif same_after[j]:
                out.append(s.after)
            else:
                out.append(outcome_of(self.sets, int(codes[j]), [m.id for m in household.members],
                                      member_codes[int(starts[j]):int(starts[j + 1])]))
        return out


def _rows(run: FrameRun, policy: Policy, rows: list[int]) -> FrameRun:
    """A frame's categories and flags for some of its households (at these rows), in that order."""
    index = np.asarray(rows, dtype=np.int64)
    members = member_rows_of(run.starts, index)
    held = {c.id: run.held[c.id][index if c.level == "household" else members] for c in policy.categories}
    starts = np.zeros(len(index) + 1, dtype=np.int64)
    np.cumsum(np.diff(run.starts)[index], out=starts[1:])
    return FrameRun(held, {}, run.flagged[index], starts)


def _exactly(policy: Policy, household: Household, day: datetime.date) -> Outcome | None:
    try:
        return classify(policy, household, day)
    except EvaluationError:
        return None
