"""Static checks of a policy before any household is evaluated.

Input: a `Policy` as built by the loader (expressions parsed, not yet typed).
Output: every diagnostic found (unknown names with "did you mean", unit and type
errors, unknown enum values, cycles, unused names, unreachable categories,
unknown sources and departments, missing translations, divisions by a constant
zero) and the type of every
expression node, keyed by `id(node)`, which the evaluator uses to pick the
arithmetic for each unit. Invariants: the checker never raises on a policy the
loader built, it yields diagnostics and goes on; a policy without errors has no
cycle among parameters, definitions, indicators and categories, so evaluation
always terminates.

* `symbols` — the names a rule can read, with their kind and level (C007 for a name declared twice);
* `inference` — `Checker`: the type of each expression, with its unit rules, names, enums and
  functions (C001, C002, C003, C008, C009); `hints` words the help lines, with the months a rate lacks as
  `months` finds them in the policy;
* the checks over the whole policy, which `check` runs in the order of `STEPS`: `rules` (each rule where it is
  used; a parameter of the other kind of money than all its uses need; the filter of unit echoes),
  `consistency` (effective period, inputs and what each is given with, plausible ranges, abolished and
  unreachable categories, groups of one, unused names and departments), `cycles`, `divisors` (divisions by a
  constant zero), `magnitudes` (numbers too large to be a figure of a policy, amounts below zero),
  `member_amounts` (a member's measure paid on a household total), `periods` (an amount of one period without
  `per:`, or of another period than its `per:`, a rate times a plain count of months, a count of months times a
  duration),
  `brackets` (`and` within `or` without brackets), `contradictions` (a test, or tests joined by `and` or `or`,
  that never or always hold, and a test of `today` no day of the effective period meets: `value_tests` reads each
  test as the values it holds for, `value_sets`, and `contradiction_warnings` words the warning), `citations` and
  `labels` (translations, an enum's values without words, a label given twice), `label_numbers` (a number a label
  writes that its rule does not have).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from engine import types as t
from engine.checker import (
    brackets,
    citations,
    consistency,
    contradictions,
    cycles,
    divisors,
    label_numbers,
    labels,
    magnitudes,
    member_amounts,
    periods,
    rules,
)
from engine.checker.hints import suggest
from engine.checker.inference import FUNCTIONS, Checker, Locate, Within
from engine.diagnostics import Diagnostic
from engine.model import Category, Level, Policy

# In this order: the later checks read what the rules' types left behind (names used, units
# reported), and diagnostics at the same position keep it.
STEPS: tuple[Callable[[Checker], None], ...] = (
    rules.check_rules,
    rules.check_parameter_units,
    consistency.check_effective,
    consistency.check_inputs,
    consistency.check_given_with,
    consistency.check_plausible,
    cycles.check_cycles,
    divisors.check_divisors,
    magnitudes.check_magnitudes,
    magnitudes.check_negative_amounts,
    consistency.check_abolished,
    consistency.check_reachability,
    consistency.check_groups,
    consistency.check_share_parameters,
    consistency.check_uncounted_shares,
    periods.check_periods,
    periods.check_per,
    periods.check_counts_of_months,
    periods.check_months_counted_twice,
    magnitudes.check_lost_percents,
    member_amounts.check_member_amounts,
    brackets.check_brackets,
    contradictions.check_contradictions,
    contradictions.check_dates_in_force,
    citations.check_sources,
    citations.check_uncited,
    citations.check_articles,
    consistency.check_unused,
    consistency.check_unused_departments,
    labels.check_labels,
    labels.check_value_labels,
    labels.check_labels_twice,
    label_numbers.check_label_numbers,
    rules.drop_echoes,
)


def check(policy: Policy, locate: Locate | None = None, within: Within | None = None, partial: bool = False,
          unread: frozenset[str] = frozenset(),
          unknown_inputs: Mapping[str, Level] | None = None,
          twice: Mapping[str, tuple[Category, ...]] | None = None,
          unread_citations: frozenset[str] = frozenset()) -> tuple[list[Diagnostic], dict[int, t.Type]]:
    """Check a policy; return its diagnostics, sorted by position, and the type of every expression node.

    `locate` maps a YAML path to its span (the loader passes `YamlDocument.span`), so that
    mistakes outside expressions, such as an unknown department, point at the very value; `within` maps a YAML
    path of a text and offsets in it to the span of those characters, so that a number in a label is underlined.
    `partial` says the loader could not build all of the file (a rule that did not parse is `ast.Unparsed`, the
    second of two names given twice is left out); `unread` are the names written in what could not be built (the
    text of such a rule, of an entry left out), which count as read: no name is called unused, nor a group
    of one, for want of a rule the loader could not build; `unknown_inputs` the inputs (name: level) the loader
    could not build, names the rules may read, of a value not known; `twice` the categories whose id the file gives
    more than once, every copy (the policy holds the first): a rule reading the id may mean any of them;
    `unread_citations` the citations written in the entries that could not be built, which still name their
    articles: no article is called uncited for want of an entry the loader could not build.
    """
    checker = Checker(policy, locate, within, partial, unread, unknown_inputs or {}, twice or {}, unread_citations)
    for step in STEPS:
        step(checker)
    return sorted(checker.diagnostics, key=Diagnostic.sort_key), checker.types


__all__ = ["FUNCTIONS", "Checker", "check", "suggest"]
