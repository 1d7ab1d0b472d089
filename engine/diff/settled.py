"""A changed household × the changes its move names → the changes with a note to confirm its move does not rest on.

Input: a `PolicyDiff` and its hybrids (`Hybrids`: the data of both files and the changes), then, for each household
that moved, the changes its move names, the household as the new version validated it, and its day. Output: those of
the changes with a note to confirm (a value or a ground to confirm, `Component.confirm`) that the household's new result
does not rest on. A change names a move when it alone changes the household's result, to anything: another change may
decide where the household ends up. The move rests on the change only where the new version with that change taken
back decides the household otherwise than the new version: the `hardship` clause that alone would make a household
`other_hardship` leaves it `dibao_marginal`, as the new version decides it, when it is taken back. A change whose note
is not of its own value but of a figure computed from it together with a value to confirm (`Component.crossed`) rests
on that note only where the move also took the household across one of those figures: the dibao standard settled in
the new version moves a household across the standard itself, which rests on no value to confirm, though the deposit
limit `dibao_standard * dibao_deposit_months`, with its months to confirm, is computed from the standard too.
Invariants: a figure is crossed when the comparison that measures the household against it (or the aggregate that
holds it) comes out otherwise under the new version than under the new version with the change taken back; where that
version cannot be loaded, or the household cannot be decided or a comparison computed under it, the move rests on the
note, as every move the change names did before. The exact run and the fast one ask the same question of the same
household, and so find the same answer.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterable
from typing import Any

from engine.diagnostics import PolicyError
from engine.diff.changes import PolicyDiff, crossed_figures, measuring_rules
from engine.diff.hybrid import Hybrids, apply, dump
from engine.evaluator import EvaluationError, HouseholdContext, categories_and_grants, program_for
from engine.household import Household
from engine.loader import load_policy
from engine.model import Level, Policy
from engine.tracing import NULL_TRACER

# a figure a household is measured against: its level, and the comparison computed under each of two versions
_Figure = tuple[Level, Callable[[Any], Any], Callable[[Any], Any]]


class SettledMoves:
    """For each change with a note to confirm, the new version without it and, where its note is a figure's, the
    figures it moves."""

    def __init__(self, policy_diff: PolicyDiff, hybrids: Hybrids):
        self.new = policy_diff.new
        # change → (the new version with that change taken back, the figures to confirm computed from it: None where
        # its note is its own, or the figures cannot be told apart); None: that version cannot be loaded
        self.back: dict[str, tuple[Policy, list[_Figure] | None] | None] = {}
        for c in hybrids.components:
            if c.confirm is None:
                continue
            back = self._taken_back(hybrids, c.key)
            self.back[c.key] = None if back is None else (
                back, self._figures(hybrids, c.key, back) if c.crossed and c.item.change == "changed" else None)

    def _taken_back(self, hybrids: Hybrids, key: str) -> Policy | None:
        data = copy.deepcopy(hybrids.new_data)
        apply(data, hybrids.old_data, hybrids.by_key[key])  # the old version of this change, into the new data
        try:
            return load_policy(f"{self.new.file} without {key}", raw=dump(data))[0]
        except PolicyError:
            return None

    def _figures(self, hybrids: Hybrids, key: str, back: Policy) -> list[_Figure] | None:
        rules, back_rules = measuring_rules(self.new), measuring_rules(back)
        new_program, back_program = program_for(self.new), program_for(back)
        figures: list[_Figure] = []
        for at, place, _ in crossed_figures(self.new, hybrids.by_key[key].id):
            level, rule = rules[at]
            if at >= len(back_rules) or back_rules[at] != (level, rule):  # the change's own rule: no telling
                return None
            node, back_node = list(rule.walk())[place], list(back_rules[at][1].walk())[place]
            figures.append((level, new_program.compile(node, level), back_program.compile(back_node, level)))
        return figures

    def of(self, keys: Iterable[str], household: Household, day: datetime.date) -> tuple[str, ...]:
        """The changes among `keys` (in their order) with a note to confirm that the household's move does not rest
        on: the new version without the change decides it as the new version does, or, for a note of a figure
        computed from the change, measures it alike against every such figure."""
        wanted = [k for k in keys if self.back.get(k) is not None]
        if not wanted:
            return ()
        new_result = categories_and_grants(self.new, household, day, grants=False)[:2]
        new_ctx = HouseholdContext(program_for(self.new), household, day, NULL_TRACER)
        settled = []
        for key in wanted:
            found = self.back[key]
            assert found is not None
            back, figures = found
            try:
                if categories_and_grants(back, household, day, grants=False)[:2] == new_result or (
                        figures is not None and _uncrossed(figures, new_ctx, back, household, day)):
                    settled.append(key)
            except EvaluationError:  # the household cannot be decided or measured without it: it may rest on it
                continue
        return tuple(settled)


def _uncrossed(figures: list[_Figure], new_ctx: HouseholdContext, back: Policy, household: Household,
               day: datetime.date) -> bool:
    """Whether the household is measured alike against every figure under the new version and under `back`."""
    back_ctx = HouseholdContext(program_for(back), household, day, NULL_TRACER)
    return all(new(a) == old(b) for level, new, old in figures
               for a, b in ([(new_ctx, back_ctx)] if level == "household"
                            else zip(new_ctx.members, back_ctx.members, strict=True)))
