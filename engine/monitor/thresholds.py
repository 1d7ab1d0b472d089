"""Lines a household can cross: the two sides of each comparison clause, and how close it is to each line.

Input: a policy (for its comparison clauses) and a `Decision` with its evaluation.
Output: for each category outcome, the two sides of its comparison clauses as
compared for the household (`sides`), so an alert can show what moved when a
clause flips; and `near` entries — one per category the household (or a member)
does not have, that fails on a single threshold clause only, and that nothing
earlier in its exclusive group takes precedence over; each says the value, the
line and the relative gap between them.
A comparison clause is a comparison with a side for the household and a line:
`name op expr` or `expr op name` where `name` is not a parameter, or any
comparison one side of which reads only literals and parameters (that side is
the line). A threshold clause is one of the form `name < expr`, `name <= expr`,
`name > expr` or `name >= expr`; both sides are evaluated for the household, so
a line that depends on the household (`rigid_expense_share * counted_income`)
works as well as a fixed standard.
Invariants: gaps are relative to the line (`(value - line) / line` for `<`,
`(line - value) / line` for `>`), never negative, and only for positive lines;
nothing here changes a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from engine.contexts import HouseholdContext, MemberContext
from engine.evaluator import EXACT, CategoryOutcome, Decision, EvaluationError, program_for
from engine.model import Policy, per_policy
from engine.syntax import ast
from engine.syntax.printer import to_text
from engine.values import kind_of, machine, quantized

_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_ORDERS = ("<", "<=", ">", ">=")
GAP_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Comparison:
    """One comparison clause of a category, compiled."""

    category: str
    clause: str
    index: int  # position of the clause in its category
    name: str  # the household's side: `per_capita_income`, or an expression written out
    op: str  # as if written `name op line`
    kind: str  # amount, rate, number …
    value: Callable[[Any], Any]
    line: Callable[[Any], Any]
    threshold: bool  # `name op line` with an order: a line near alerts measure the household against
    fixed_line: Any  # the line as a JSON value when it reads only literals and parameters, else None
    side: ast.Node | None = None  # the household's side as written, to word an expression as explanations do
    percent: bool = False  # a share against a line written as a percentage (`50%`): said so, as the policy writes it


def _split(node: ast.Node, policy: Policy) -> tuple[ast.Node, str, ast.Node] | None:
    """(the household's side, the operator as if written `side op line`, the line) of a comparison."""
    if not isinstance(node, ast.Compare) or node.op not in _MIRROR:
        return None
    if isinstance(node.left, ast.Name) and node.left.dotted not in policy.parameters:
        return node.left, node.op, node.right
    if isinstance(node.right, ast.Name) and node.right.dotted not in policy.parameters:
        return node.right, _MIRROR[node.op], node.left
    # `(counted_income - rigid_expenses) / household_size < monitoring_line`: the side that is the
    # same for every household is the line
    program = program_for(policy)
    fixed_left, fixed_right = program.constant(node.left)[0], program.constant(node.right)[0]
    if fixed_right and not fixed_left:
        return node.left, node.op, node.right
    if fixed_left and not fixed_right:
        return node.right, _MIRROR[node.op], node.left
    return None


@per_policy
def comparisons(policy: Policy) -> dict[str, list[Comparison]]:
    """category id → its comparison clauses, compiled once per policy."""
    program = program_for(policy)
    found: dict[str, list[Comparison]] = {}
    for category in policy.categories:
        for index, clause in enumerate(category.clauses):
            split = _split(clause.test.node, policy)
            if split is None:
                continue
            side, op, line = split
            named, kind = isinstance(side, ast.Name), kind_of(policy.types.get(id(side)))
            fixed, line_value = program.constant(line)
            found.setdefault(category.id, []).append(Comparison(
                category.id, clause.id, index, side.dotted if isinstance(side, ast.Name) else to_text(side), op,
                kind, program.compile(side, category.level), program.compile(line, category.level),
                named and op in _ORDERS, machine(line_value, kind) if fixed else None, side,
                kind == "number" and policy.percent_line(line)))
    return found


def _compared(comparison: Comparison, ctx: Any) -> tuple[Any, Any] | None:
    """The household's value and the line of a comparison; None when either cannot be computed."""
    try:
        return comparison.value(ctx), comparison.line(ctx)
    except EvaluationError:
        return None


def _context_of(decision: Decision) -> Callable[[str | None], HouseholdContext | MemberContext]:
    """The evaluation context a household's (None) or a member's outcome was decided in."""
    ctx = decision.evaluation
    assert ctx is not None
    members = {m.member.id: m for m in ctx.members}
    return lambda member: ctx if member is None else members[member]


def sides(decision: Decision, outcomes: list[CategoryOutcome]) -> list[dict[str, list[Any]]]:
    """For each outcome, clause id → [the household's value, the line] of its comparison clauses (JSON values);
    a line the same for every household is left out, [the household's value] only: it is `fixed_line`."""
    table = comparisons(decision.policy)
    context_of = _context_of(decision)
    out = []
    for outcome in outcomes:
        ctx, compared = context_of(outcome.member), {}
        for c in table.get(outcome.category.id, ()):
            try:  # a fixed line is not computed again for every household: ingest pays for each one
                kept = [c.value(ctx)] if c.fixed_line is not None else [c.value(ctx), c.line(ctx)]
            except EvaluationError:
                continue
            compared[c.clause] = [machine(v, c.kind) for v in kept]
        out.append(compared)
    return out


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
    table = comparisons(decision.policy)
    context_of = _context_of(decision)
    out: list[dict[str, Any]] = []
    for outcome in outcomes:
        lines = table.get(outcome.category.id)
        if not lines or outcome.holds or outcome.preempted_by is not None:
            continue
        failing = [i for i, verdict in enumerate(outcome.verdicts) if not verdict]
        if outcome.category.match == "all" and len(failing) != 1:
            continue
        where = context_of(outcome.member)
        for threshold in lines:
            if not threshold.threshold or threshold.index not in failing:
                continue
            entry = _entry(threshold, where, outcome.member)
            if entry is not None:
                out.append(entry)
    out.sort(key=lambda e: (e["gap"], e["category"], e["member"] or ""))
    return out


def _entry(threshold: Comparison, ctx: Any, member: str | None) -> dict[str, Any] | None:
    pair = _compared(threshold, ctx)
    if pair is None:
        return None
    value, line = pair
    if not isinstance(value, Decimal) or not isinstance(line, Decimal) or isinstance(value, bool):
        return None
    distance = gap(threshold.op, value, line)
    if distance is None:
        return None
    return {"category": threshold.category, "clause": threshold.clause, "member": member,
            "name": threshold.name, "op": threshold.op, "kind": threshold.kind,
            "value": machine(value, threshold.kind), "line": machine(line, threshold.kind),
            "gap": float(quantized(distance, GAP_PLACES, ROUND_HALF_EVEN)),
            **({"percent": True} if threshold.percent else {})}
