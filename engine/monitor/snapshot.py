"""One evaluated household → the facts the register keeps about it.

Input: a `Decision` with its evaluation (from `engine.evaluator.evaluate`).
Output: `Facts` — the decision JSON (DESIGN §7, `engine.render.decision_json`),
a canonical status string, every clause verdict, the two sides of every
comparison clause and the near-threshold entries of `engine.monitor.thresholds`;
and, per policy, an `outline` (categories, clauses and what they compare, value
labels, and the values that are the same for every household) so alerts can be
worded without reloading the policy.
Invariants: the status string is canonical — household categories in policy
order, then `member:category` in member and policy order, separated by spaces,
empty when nothing is assigned — so two snapshots have the same categories
exactly when their status strings are equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from engine.cases import outcomes_of
from engine.evaluator import Decision, value_type
from engine.explain.words import BUILTIN_LABELS
from engine.model import Label, Policy
from engine.monitor.thresholds import Comparison, comparisons, near_entries, sides
from engine.policy_values import policy_wide_values
from engine.render import decision_json
from engine.syntax import ast
from engine.values import kind_of, machine


@dataclass(frozen=True)
class Facts:
    decision: bytes  # decision JSON, compact
    status: str
    verdicts: bytes  # JSON: {"dibao": "10111", "tekun/p1": "011"}, one digit per clause
    sides: bytes  # JSON: {"rigid_expense": {"rigid_burden": ["26000.00", "9000.00"]}}, the household's value
    # and the line; [the value] alone where the line is the same for every household (kept in the outline)
    near: bytes | None  # JSON list of near-threshold entries, None when there is none
    near_gap: float | None  # the smallest gap in `near`


def status_of(categories: list[str] | tuple[str, ...], members: dict[str, list[str]] | Any) -> str:
    parts = list(categories)
    for member, cats in members.items():
        parts.extend(f"{member}:{c}" for c in cats)
    return " ".join(parts)


def parse_status(status: str) -> list[str]:
    """The entries of a status string: `dibao`, `p1:tekun`."""
    return status.split() if status else []


def facts_of(decision: Decision) -> Facts:
    data = decision_json(decision)
    outcomes = outcomes_of(decision)
    verdicts, compared = {}, {}
    for o, pairs in zip(outcomes, sides(decision, outcomes), strict=True):
        key = o.category.id if o.member is None else f"{o.category.id}/{o.member}"
        verdicts[key] = "".join("1" if v else "0" for v in o.verdicts)
        if pairs:
            compared[key] = pairs
    near = near_entries(decision, outcomes)
    return Facts(
        decision=orjson.dumps(data),
        status=status_of(data["categories"], data["members"]),
        verdicts=orjson.dumps(dict(sorted(verdicts.items()))),
        sides=orjson.dumps(dict(sorted(compared.items()))),
        near=orjson.dumps(near) if near else None,
        near_gap=near[0]["gap"] if near else None,
    )


def _label(label: Label | None, fallback: str) -> dict[str, str]:
    if label is None:
        return {"zh": fallback, "en": fallback}
    return {"zh": label.get("zh", fallback), "en": label.get("en", fallback)}


def _side_label(policy: Policy, comparison: Comparison) -> dict[str, str]:
    """What a comparison compares, as the explanation words it: a name's label, or an expression with labels for
    its names (`(计入收入 − 刚性支出 − 灾害及意外事故损失) ÷ 家庭人口数`), never the formula as written."""
    side = comparison.side
    if side is None or isinstance(side, ast.Name):
        return _name_label(policy, comparison.name)
    from engine.explain.phrases import static_for

    static = static_for(policy)
    return {lang: static.phrases(lang).side_label(side) for lang in ("zh", "en")}


def _name_label(policy: Policy, name: str) -> dict[str, str]:
    return _label(policy.label_of(name) or BUILTIN_LABELS.get(name), name)


def outline(policy: Policy) -> dict[str, Any]:
    """What alerts need to word a change under this policy: labels of categories, clauses and values,
    what each comparison clause compares, and the values that are the same for every household."""
    table = comparisons(policy)
    categories = {
        c.id: {"label": _label(c.label, c.id), "level": c.level, "group": c.group,
               "clauses": [[w.id, _label(w.label, w.id)] for w in c.clauses],
               "compares": {k.clause: {"name": k.name, "label": _side_label(policy, k), "line": k.fixed_line,
                                       **({"percent": True} if k.percent else {})}
                            for k in table.get(c.id, ())}}
        for c in policy.categories
    }
    values = {}
    for name in ("counted_income", "exempt_income", "rigid_expenses", "own_counted_income", *policy.definitions):
        values[name] = {"label": _name_label(policy, name), "kind": kind_of(value_type(policy, name))}
    policy_values = {}
    for name, value in policy.parameter_values.items():
        kind = kind_of(policy.types.get(id(policy.parameters[name].expr.node)))
        policy_values[name] = {"label": _name_label(policy, name), "value": machine(value, kind)}
    for name, value in policy_wide_values(policy).items():
        policy_values[name] = {"label": _name_label(policy, name),
                               "value": machine(value, kind_of(value_type(policy, name)))}
    abolished = {a.id: {"label": _label(a.label, a.id), "absorbed_by": list(a.absorbed_by)}
                 for a in policy.abolished}
    return {"categories": categories, "values": values, "policy_values": policy_values, "abolished": abolished}
