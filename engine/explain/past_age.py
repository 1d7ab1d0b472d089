"""Which part of a failed yes/no a member's age stands in the way of: a member past the age one of its alternatives
allows (`在读学段为“高等教育”时，须未满 18 周岁才符合这一条件，现已 18 周岁`).

Input: a clause's rule, with the `Phrases` of its policy; then a member's context.
Output: `ages_past(phrases, node)`, the alternatives of the rule's `or` (through the member definitions and
indicators it names) that are an `and` of one upper bound on a member's age (`age < 18`) and conditions that read no
age; per member, `past_age(...)`, the sentence for the first of them whose other conditions hold and whose age bound
does not, with what the values it reads still count for past that age (the alternatives that read them and no age),
said of those values: the condition's other alternatives may hold at any age.
Invariant: only reads the evaluation; every word is the policy's (its labels, its values, its rules in words).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.evaluator import Ctx, EvaluationError
from engine.explain.birthdays import age_bound
from engine.syntax import ast
from engine.wording import field_first

if TYPE_CHECKING:
    from engine.explain.phrases import Phrases


@dataclass(frozen=True)
class AgePast:
    """An alternative of a rule that holds only below an age: the bound's test and age, the age's value, and each
    other condition's test and words; what the values it reads still count for past the age, in words."""

    bound: Any
    years: int
    age: Any
    others: tuple[tuple[Any, str], ...]
    beyond: str | None


def ages_past(phrases: Phrases, node: ast.Node) -> tuple[AgePast, ...]:
    """The alternatives of `node` that hold only below an age, each with what holds past it (see the module)."""
    static, policy = phrases.static, phrases.static.policy
    alternatives = _alternatives(policy, node)
    found: list[AgePast] = []
    for alternative in alternatives:
        parts = _joined(alternative, ast.And)
        if len(parts) < 2:
            continue
        bounds = [(p, said) for p in parts if (said := age_bound(static, p)) is not None]
        if len(bounds) != 1 or bounds[0][1][2]:
            continue  # one upper bound (`age < 18`): an age from which it no longer holds
        bound, (age, years, _) = bounds[0]
        others = [p for p in parts if p is not bound]
        if any(_reads_age(static, p) for p in others):
            continue
        read = {name for p in others for name in policy.reads(p)}
        beyond = [a for a in alternatives if a is not alternative
                  and not _reads_age(static, a) and read & set(policy.reads(a))]
        found.append(AgePast(static.fn(bound), years, static.fn(age),
                             tuple((static.fn(p), _held(phrases, p)) for p in others),
                             _beyond(phrases, others, beyond, years) if beyond else None))
    return tuple(found)


def past_age(found: tuple[AgePast, ...], ctx: Ctx, w: dict[str, str]) -> str | None:
    """For a member past the age of an alternative whose other conditions they meet, in words (see the module);
    None where there is none."""
    for alternative in found:
        try:
            if alternative.bound(ctx) or not all(test(ctx) for test, _ in alternative.others):
                continue
            age = alternative.age(ctx)
            held = w["conditions_and"].join(said(ctx) if callable(said) else said for _, said in alternative.others)
        except EvaluationError:
            continue
        return w["past_age"].format(held=held, years=alternative.years, now=age) + (alternative.beyond or "")
    return None


def _beyond(phrases: Phrases, others: list[ast.Node], beyond: list[ast.Node], years: int) -> str:
    """What the values an alternative bounded by age reads still count for past that age, said of those values, not
    of the whole condition, which its other alternatives (a disability, 60 or over) may meet at any age: by the values
    left where each alternative asks one such field for some (`在读学段仅“义务教育”或“高中阶段”仍计入`), else by the
    alternatives whole (`在读学段仅当…时仍计入`)."""
    w, wording, policy = phrases.w, phrases.wording, phrases.static.policy
    reads = [set(policy.reads(a)) for a in beyond]
    shared = [n for p in others for n in ast.names_in(p) if any(n.dotted in r for r in reads)]
    asked = [_values_asked(phrases, a) for a in beyond]
    fields = {field.dotted for field, _ in filter(None, asked)}
    if len(fields) == 1 and None not in asked:
        field = next(field for field, _ in filter(None, asked))
        values = dict.fromkeys(v for _, said in filter(None, asked) for v in said)
        return w["past_age_values"].format(years=years, subject=wording.words(field), values=wording.either(
            [wording.value(field.dotted, v) for v in values]))
    subject = w["past_age_and"].join(dict.fromkeys(wording.words(n) for n in shared))
    return w["past_age_beyond"].format(years=years, subject=subject,
                                       alternatives=w["conditions_or"].join(wording.condition(a) for a in beyond))


def _values_asked(phrases: Phrases, node: ast.Node) -> tuple[ast.Name, list[str]] | None:
    """The field a condition asks for some of its values, and those values (`student in {"compulsory", …}`; a refused
    value, by those left); None for any other condition."""
    # `"compulsory" == student` as `student == …`
    match field_first(node, phrases.policy_wide) if isinstance(node, ast.Compare) else node:
        case ast.InSet(value=ast.Name() as field, items=items, negated=negated):
            pass
        case ("==" | "!=" as op, ast.Name() as field, ast.String() as item):
            items, negated = (item,), op == "!="
        case _:
            return None
    if not all(isinstance(i, ast.String) for i in items):
        return None
    asked = [i.value for i in items if isinstance(i, ast.String)]
    if not negated:
        return field, asked
    left = [v for v in phrases.enum_values(field.dotted) if v not in asked]
    return (field, left) if left else None


def _held(phrases: Phrases, node: ast.Node) -> Any:
    """A condition met, as the value found (`在读学段为“高等教育”`) where it asks one field's value, else its words."""
    wording = phrases.wording
    field = node.value if isinstance(node, ast.InSet) else None
    if isinstance(node, ast.Compare):  # `"none" != student` as `student != "none"`: the value of `student` found
        field = field_first(node, phrases.policy_wide)[1]
    if not isinstance(field, ast.Name):
        return wording.condition(node)
    fn, show, label, fact = phrases.static.fn(field), wording.show(field), phrases.side_label(field), phrases.w["held"]
    return lambda ctx: fact.format(name=label, value=show(fn(ctx)))


def _alternatives(policy: Any, node: ast.Node) -> list[ast.Node]:
    """The alternatives of a rule's `or`, through the member definitions it is (`no_labour_capacity`)."""
    while isinstance(node, ast.Name):
        d = policy.definitions.get(node.dotted)
        if d is None or d.level != "member":
            return []
        node = d.expr.node
    return _joined(node, ast.Or)


def _joined(node: ast.Node, joint: type[ast.And] | type[ast.Or]) -> list[ast.Node]:
    if isinstance(node, joint):
        return [*_joined(node.left, joint), *_joined(node.right, joint)]
    return [node]


def _reads_age(static: Any, node: ast.Node) -> bool:
    """Whether a condition compares a member's age."""
    if age_bound(static, node) is not None:
        return True
    return any(_reads_age(static, child) for child in node.children())

