"""A measure given to each member, paid on the whole household's money.

Input: a `Checker`. Output: a C035 warning at each household total — `expenses.TYPE`, `income.TYPE`,
`counted_income` — that an amount of a member-level measure reads where the member's own has a name of its
own (`own_expenses.TYPE`, `own_income.TYPE`, `own_counted_income`): `70% * expenses.medical` in
`medical_assistance` pays each member seventy per cent of the household's costs, as many times over as members
qualify, and every other check accepts it. A household definition computed from such totals
(`medical_and_school: expenses.medical + expenses.education`) is warned of where the amount reads it.
Invariant: an amount that divides, or a definition that does (a share per head, `expenses.medical /
household_size`), is left alone.
"""

from __future__ import annotations

from engine.checker.hints import listed
from engine.checker.inference import Checker
from engine.diagnostics import Said
from engine.syntax import ast

# a household total, and the member's own of the same money
_OWN = {"counted_income": "own_counted_income"}


def _own_of(name: str) -> str | None:
    """The member's own of a household total (`own_expenses.medical` of `expenses.medical`), else None."""
    head, dot, rest = name.partition(".")
    return _OWN.get(name) or (f"own_{head}.{rest}" if dot and head in ("income", "expenses") else None)


def _divides(node: ast.Node) -> bool:
    return any(isinstance(n, ast.Arith) and n.op == "/" for n in node.walk())


def _totals_behind(checker: Checker, name: str, seen: frozenset[str] = frozenset()) -> list[str]:
    """The household totals with a member's own that a household definition is computed from, through the household
    definitions it reads (`medical_and_school` of `expenses.medical + expenses.education`); none where one of them
    divides (a share per head)."""
    definition = checker.policy.definitions.get(name)
    if definition is None or definition.level != "household" or definition.indicator or name in seen \
            or _divides(definition.expr.node):
        return []
    found: list[str] = []
    for node in definition.expr.node.walk():
        if isinstance(node, ast.Name):
            own = _own_of(node.dotted)
            behind = [node.dotted] if own is not None and own in checker.symbols \
                else _totals_behind(checker, node.dotted, seen | {name})
            found.extend(total for total in behind if total not in found)
    return found


def check_member_amounts(checker: Checker) -> None:
    """Warn of a member measure's amount that reads a household total the member has an own of, or a household
    definition that adds such totals up (C035)."""
    for measure in checker.policy.assistance:
        if measure.level != "member":
            continue
        for option in measure.options:
            if option.amount is None or _divides(option.amount.node):
                continue  # a share per head
            warned: set[str] = set()
            for node in option.amount.node.walk():
                if not isinstance(node, ast.Name) or node.dotted in warned:
                    continue
                own = _own_of(node.dotted)
                if own is not None and own in checker.symbols:
                    warned.add(node.dotted)
                    checker.warning("C035", Said(
                        f"`{node.dotted}` is the whole household's, but `{measure.id}` is given to each member: each "
                        "would be paid on the household's total",
                        f"`{node.dotted}` 是全户合计，而 `{measure.id}` 按成员发放：每位成员都会按全户合计计算"),
                        node.span, Said(f"did you mean `{own}`, the member's own?", f"是否应为成员本人的 `{own}`？"))
                elif totals := _totals_behind(checker, node.dotted):
                    warned.add(node.dotted)
                    owns = [_own_of(total) or total for total in totals]
                    checker.warning("C035", Said(
                        f"`{node.dotted}` is the whole household's (computed from {listed(totals)}), but "
                        f"`{measure.id}` is given to each member: each would be paid on the household's total",
                        f"`{node.dotted}` 是全户合计（由 {listed(totals, 'zh')} 算出），而 `{measure.id}` 按成员发放："
                        "每位成员都会按全户合计计算"),
                        node.span, Said(
                            f"compute the member's own in a definition with `level: member`, from {listed(owns)}",
                            f"请用 {listed(owns, 'zh')} 另写一个 `level: member` 的定义，算出成员本人的部分"))
