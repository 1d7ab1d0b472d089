"""Lines a household can cross: which categories it is close to, and by how much.

Input: a policy (for its threshold clauses) and a `Decision` with its evaluation.
Output: `near` entries — one per category the household (or a member) does not
have, that fails on a single threshold clause only, and that nothing earlier in
its exclusive group takes precedence over; each says the value, the line and the
relative gap between them. A threshold clause is one of the form
`name < expr`, `name <= expr`, `name > expr` or `name >= expr` whose `name` is
not a parameter; both sides are evaluated for the household, so a line that
depends on the household (`rigid_expense_share * counted_income`) works as well
as a fixed standard.
Invariants: gaps are relative to the line (`(value - line) / line` for `<`,
`(line - value) / line` for `>`), never negative, and only for positive lines;
nothing here changes a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.evaluator import EXACT, CategoryOutcome, Decision, EvaluationError, HouseholdContext, program_for
from engine.model import Policy, per_policy
from engine.syntax import ast
from engine.values import kind_of, machine

_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
GAP_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Threshold:
    """One threshold clause of a category, compiled."""

    category: str
    clause: str
    index: int  # position of the clause in its category
    name: str  # the value compared with the line: `per_capita_income`
    op: str  # as if written `name op line`
    kind: str  # amount, rate, number …
    value: Callable[[Any], Any]
    line: Callable[[Any], Any]


def _split(node: ast.Node, policy: Policy) -> tuple[ast.Name, str, ast.Node] | None:
    if not isinstance(node, ast.Compare) or node.op not in _MIRROR:
        return None
    if isinstance(node.left, ast.Name) and node.left.dotted not in policy.parameters:
        return node.left, node.op, node.right
    if isinstance(node.right, ast.Name) and node.right.dotted not in policy.parameters:
        return node.right, _MIRROR[node.op], node.left
    return None


@per_policy
def thresholds(policy: Policy) -> dict[str, list[Threshold]]:
    """category id → its threshold clauses, compiled once per policy."""
    program = program_for(policy)
    found: dict[str, list[Threshold]] = {}
    for category in policy.categories:
        for index, clause in enumerate(category.clauses):
            split = _split(clause.test.node, policy)
            if split is None:
                continue
            name, op, line = split
            kind = kind_of(policy.types.get(id(name)))
            found.setdefault(category.id, []).append(Threshold(
                category.id, clause.id, index, name.dotted, op, kind,
                program.compile(name, category.level), program.compile(line, category.level)))
    return found


def gap(op: str, value: Decimal, line: Decimal) -> Decimal | None:
    """How far `value` is from holding `value op line`, relative to the line; None when it holds."""
    if line <= 0:
        return None
    below = op in ("<", "<=")
    holds = value < line if op == "<" else value <= line if op == "<=" else value > line if op == ">" \
        else value >= line
    if holds:
        return None
    distance = value - line if below else line - value
    return EXACT.divide(distance, line)


def near_entries(decision: Decision, outcomes: list[CategoryOutcome]) -> list[dict[str, Any]]:
    """The categories this household is one threshold away from (see the module docstring)."""
    policy = decision.policy
    table = thresholds(policy)
    ctx = decision.evaluation
    assert ctx is not None
    members = {m.member.id: m for m in ctx.members}
    out: list[dict[str, Any]] = []
    for outcome in outcomes:
        lines = table.get(outcome.category.id)
        if not lines or outcome.holds or outcome.preempted_by is not None:
            continue
        failing = [i for i, verdict in enumerate(outcome.verdicts) if not verdict]
        if outcome.category.match == "all" and len(failing) != 1:
            continue
        where: HouseholdContext | Any = ctx if outcome.member is None else members[outcome.member]
        for threshold in lines:
            if threshold.index not in failing:
                continue
            entry = _entry(threshold, where, outcome.member)
            if entry is not None:
                out.append(entry)
    out.sort(key=lambda e: (e["gap"], e["category"], e["member"] or ""))
    return out


def _entry(threshold: Threshold, ctx: Any, member: str | None) -> dict[str, Any] | None:
    try:
        value, line = threshold.value(ctx), threshold.line(ctx)
    except EvaluationError:
        return None
    if not isinstance(value, Decimal) or not isinstance(line, Decimal) or isinstance(value, bool):
        return None
    distance = gap(threshold.op, value, line)
    if distance is None:
        return None
    return {"category": threshold.category, "clause": threshold.clause, "member": member,
            "name": threshold.name, "op": threshold.op, "kind": threshold.kind,
            "value": machine(value, threshold.kind), "line": machine(line, threshold.kind),
            "gap": float(distance.quantize(GAP_PLACES))}
