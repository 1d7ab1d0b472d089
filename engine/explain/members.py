"""Members as explanations name them: `p2（子女，12岁）` rather than a bare `p2`.

Input: a policy with a `member_description` (`{zh: '{relation}，{age}岁', …}`), an evaluated
household context and a language. Output: each member's description, by member id. The
expressions in the braces were checked at member level when the policy loaded; an enum value
reads as the policy's `value_labels` say it. Invariant: describing only reads the evaluation;
a member whose description cannot be computed (a missing birth date, say) gets none, and the
explanation names them by id alone.
"""

from __future__ import annotations

from typing import Any

from engine.contexts import HouseholdContext
from engine.evaluator import EvaluationError, program_for
from engine.model import Expr, Policy, per_policy
from engine.syntax import ast
from engine.values import human, kind_of

Part = tuple[str, Any, Any]  # ("text", words, None) or ("value", compiled expression, the expression's node)


class _Describer:
    """A policy's member description, compiled once: its parts per language, each value's way of being said."""

    def __init__(self, policy: Policy):
        self.policy = policy
        program = program_for(policy)
        description = policy.meta.member_description
        assert description is not None
        self.parts: dict[str, list[Part]] = {}
        for lang in ("zh", "en"):
            self.parts[lang] = [("text", part, None) if isinstance(part, str)
                                else ("value", program.compile(part.node, "member"), part)
                                for part in description.parts_in(lang)]

    def say(self, value: Any, expr: Expr, lang: str) -> str:
        node = expr.node
        if isinstance(node, ast.Name) and isinstance(value, str):
            field = self.policy.inputs.get(f"member:{node.dotted}")
            labels = dict(field.value_labels) if field is not None else {}
            if value in labels:
                return labels[value].get(lang, value)
        return human(value, kind_of(self.policy.types.get(id(node))), lang)

    def describe(self, ctx: HouseholdContext, lang: str) -> dict[str, str]:
        described: dict[str, str] = {}
        for member in ctx.members:
            words = []
            try:
                for kind, part, expr in self.parts[lang]:
                    words.append(part if kind == "text" else self.say(part(member), expr, lang))
            except EvaluationError:
                continue
            described[member.member_id] = "".join(words)
        return described


@per_policy
def _describer(policy: Policy) -> _Describer:
    return _Describer(policy)


def describe_members(policy: Policy, ctx: HouseholdContext, lang: str) -> dict[str, str]:
    """Each member's description in `lang` (none at all when the policy has no `member_description`)."""
    if policy.meta.member_description is None:
        return {}
    return _describer(policy).describe(ctx, lang)
