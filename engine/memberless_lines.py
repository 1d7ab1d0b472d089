"""Expense lines written for no member, of a type that assistance given per member reads from each member's lines.

Input: a checked `Policy` and a validated `Household` of it. Output: the expense types that a member-level measure
reads per member (`own_expenses.medical` in `medical_assistance`), found in the measures' rules and the definitions
they name, never listed here (`per_member_types`); each expense line of such a type that gives no `member`
(`Memberless`); and what is said of it (H010, a warning, one of `engine.doubts`) in English and in Chinese: which
line, which measures are given per member, and the `member` to write, with the ids of the household's members.
Invariant: a warning, never a refusal, and the decision is the same with it or without it. A line of the household as
a whole is valid input — it counts in the household's expenses and in its rigid expenses — but a measure given per
member reads only a member's own lines, so the line gives that measure to no one, and nothing else would say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engine.diagnostics import Said, chinese_joined
from engine.household import Household, Line
from engine.household_words import line_type, show, yuan
from engine.model import Measure, Policy, per_policy
from engine.values import listed

_OWN = "own_expenses."
_LISTED = 6  # member ids named in the help; a larger household is said as the first of them and how many more


@per_policy
def per_member_types(policy: Policy) -> Mapping[str, tuple[Measure, ...]]:
    """Each expense type a member-level measure reads as a member's own (`own_expenses.TYPE`), in its `when` or its
    amount, directly or through a definition; with the measures that read it, in file order."""
    found: dict[str, list[Measure]] = {}
    for measure in policy.assistance:
        if measure.level != "member":
            continue
        names: set[str] = set()
        for option in measure.options:
            names |= policy.reads(option.when.node)
            if option.amount is not None:
                names |= policy.reads(option.amount.node)
        for name in sorted(names):
            if name.startswith(_OWN) and name[len(_OWN):] in policy.expenses:
                found.setdefault(name[len(_OWN):], []).append(measure)
    return {kind: tuple(measures) for kind, measures in found.items()}


@dataclass(frozen=True)
class Memberless:
    """Expense line `index` gives no member, and `measures` read its type per member."""

    index: int
    line: Line
    measures: tuple[Measure, ...]


def memberless(household: Household, policy: Policy) -> list[Memberless]:
    """Each expense line of the household that gives no member and is of a type read per member, in file order."""
    if all(line.member is not None for line in household.expenses):
        return []
    read = per_member_types(policy)
    return [Memberless(index, line, read[line.type]) for index, line in enumerate(household.expenses)
            if line.member is None and line.type in read]


def said(found: Memberless, household: Household, policy: Policy) -> tuple[Said, Said]:
    """What is said of the line (H010, `engine.doubts`): which line and why it gives the measures to no one; and what
    to do, with the ids of the household's members."""
    line, given = _line(found.line, policy), _given(found)
    return (Said(f"{line.en}: written for the household as a whole, for no member; {given.en}",
                 f"{line.zh}：写在整户名下，没有写明成员；{given.zh}"), _fix(household))


def _line(line: Line, policy: Policy) -> Said:
    kind, amount = line_type(policy, "expenses", line.type), yuan(line.amount)
    return Said(f"{kind.en}, {amount.en}", f"{kind.zh}、{amount.zh}")


def _measures(found: Memberless, lang: str) -> str:
    return listed([m.label.get(lang, m.id) for m in found.measures], lang)


def _given(found: Memberless) -> Said:
    """What the line misses: the measures that read its type per member, which count it for no one."""
    many = len(found.measures) > 1
    return Said(f"{_measures(found, 'en')} {'are' if many else 'is'} given per member, from each member's own "
                f"{show(found.line.type)} lines, so this line gives it to no one",
                chinese_joined(_measures(found, "zh"), "按成员给予，只计成员本人的 ", show(found.line.type, "zh"),
                               " 支出，这一条不计入任何人的救助"))


def _fix(household: Household) -> Said:
    """How to give the line its member: `"member"` and the ids to choose from."""
    ids = [m.id for m in household.members]
    named = [show(i) for i in ids[:_LISTED]]
    more = len(ids) - len(named)
    listed_en = listed([*named, *([f"{more:,} more"] if more else [])], "en")
    listed_zh = "、".join(named) + (f" 等 {len(ids):,} 人" if more else "")
    example = show(ids[0])
    return Said(f'add the member whose expense it is, as `"member": {example}` (the members: {listed_en}); '
                "a bill of several members is written as one line for each",
                f'请写明是哪位成员的支出，例如 `"member": {example}`（本户成员：{listed_zh}）；'
                "几位成员的费用请按人分成几条")


__all__ = ["Memberless", "memberless", "per_member_types", "said"]
