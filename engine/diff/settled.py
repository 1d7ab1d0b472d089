"""A changed household × the figures it was measured against → the changes whose note to confirm it does not rest on.

Input: a `PolicyDiff` and its hybrids (`Hybrids`: the data of both files and the changes), then, for each household
that moved, the changes its move names, the household as the new version validated it, and its day. Output: those of
the changes whose note to confirm is not of their own value but of a figure computed from them together with a value
to confirm (`Component.crossed`) across none of which the move took the household. The dibao standard settled in the
new version moves a household across the standard itself: that move rests on no value to confirm, though the deposit
limit `dibao_standard * dibao_deposit_months`, with its months to confirm, is computed from the standard too.
Invariants: a figure is crossed when the comparison that measures the household against it (or the aggregate that
holds the comparison) comes out otherwise under the new version than under the new version with the change taken
back; where that version cannot be loaded, or a comparison cannot be computed, the move rests on the note, as every
move of the change did before. The exact run and the fast one ask the same question of the same household, and so
find the same answer.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterable
from typing import Any

from engine.diagnostics import PolicyError
from engine.diff.changes import PolicyDiff, crossed_figures, measuring_rules
from engine.diff.hybrid import Hybrids, apply, dump
from engine.evaluator import EvaluationError, HouseholdContext, program_for
from engine.household import Household
from engine.loader import load_policy
from engine.model import Level, Policy
from engine.tracing import NULL_TRACER

# a figure a household is measured against: its level, and the comparison computed under each of two versions
_Figure = tuple[Level, Callable[[Any], Any], Callable[[Any], Any]]


class SettledMoves:
    """For each change whose note to confirm is a figure's, the version without it and the figures it moves."""

    def __init__(self, policy_diff: PolicyDiff, hybrids: Hybrids):
        self.new = policy_diff.new
        # change → (the new version with that change taken back, the figures; None: not to be told apart)
        self.figures: dict[str, tuple[Policy, list[_Figure]] | None] = {}
        for c in hybrids.components:
            if c.crossed and c.item.change == "changed":
                self.figures[c.key] = self._figures(hybrids, c.key)

    def _figures(self, hybrids: Hybrids, key: str) -> tuple[Policy, list[_Figure]] | None:
        data = copy.deepcopy(hybrids.new_data)
        apply(data, hybrids.old_data, hybrids.by_key[key])  # the old version of this change, into the new data
        try:
            back = load_policy(f"{self.new.file} without {key}", raw=dump(data))[0]
        except PolicyError:
            return None
        rules, back_rules = measuring_rules(self.new), measuring_rules(back)
        new_program, back_program = program_for(self.new), program_for(back)
        figures: list[_Figure] = []
        for at, place, _ in crossed_figures(self.new, hybrids.by_key[key].id):
            level, rule = rules[at]
            if at >= len(back_rules) or back_rules[at] != (level, rule):  # the change's own rule: no telling
                return None
            node, back_node = list(rule.walk())[place], list(back_rules[at][1].walk())[place]
            figures.append((level, new_program.compile(node, level), back_program.compile(back_node, level)))
        return back, figures

    def of(self, keys: Iterable[str], household: Household, day: datetime.date) -> tuple[str, ...]:
        """The changes among `keys` (in their order) whose note to confirm the household's move does not rest on:
        under the new version and under the new version without the change, it is measured alike against every
        figure to confirm computed from it."""
        wanted = [k for k in keys if self.figures.get(k) is not None]
        if not wanted:
            return ()
        new_ctx = HouseholdContext(program_for(self.new), household, day, NULL_TRACER)
        settled = []
        for key in wanted:
            found = self.figures[key]
            assert found is not None
            back, figures = found
            back_ctx = HouseholdContext(program_for(back), household, day, NULL_TRACER)
            try:
                if all(new(a) == old(b) for level, new, old in figures
                       for a, b in ([(new_ctx, back_ctx)] if level == "household"
                                    else zip(new_ctx.members, back_ctx.members, strict=True))):
                    settled.append(key)
            except EvaluationError:  # a figure that cannot be computed for it: the move may rest on it
                continue
        return tuple(settled)
