"""The inputs a version of a diff requires, with no `default:`, that refused households leave out.

Input: the records the impact could not evaluate (`BadRecord`, each with the version that refused it) and the two
policies. Output: for each such input, one help line: where the policy declares it, how many records were refused
for it and the two ways to decide them — a `default:` in the policy, or the value in each household. A field new
in that version is said to be new: the households were written for the other one. Invariant: only an input of the
version that refused the record, one without a default, is named; the records' own findings are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.diagnostics import Diagnostic, Said
from engine.diff.impact import BadRecord
from engine.household_words import example_value
from engine.model import InputField, Policy

_MEMBER = re.compile(r"^members\[\d+\]")


def unfilled_inputs_help(bad: Iterable[BadRecord], old: Policy, new: Policy) -> list[Said]:
    """A help line for each input without a default that refused records leave out, in the order first met."""
    refused: dict[tuple[str, str], int] = {}  # (version, key of the input) → records refused for it
    for record in bad:
        policy = {"old": old, "new": new}.get(record.policy or "")
        if policy is None:
            continue
        for key in {_missing_input(d, policy) for d in record.diagnostics} - {None}:
            assert key is not None
            refused[(record.policy or "", key)] = refused.get((record.policy or "", key), 0) + 1
    lines = []
    for (version, key), count in refused.items():
        policy, other = (new, old) if version == "new" else (old, new)
        lines.append(_help(policy.inputs[key], count, key not in other.inputs))
    return lines


def _missing_input(d: Diagnostic, policy: Policy) -> str | None:
    """The key of the input without a default whose absence `d` reports (`` `toilet_safe` is missing ``)."""
    if d.code != "H002" or not d.message.endswith("` is missing"):
        return None
    missing, group = d.message.split("`")[1], (d.path or "").split(" ")[0]
    key = f"member:{missing}" if _MEMBER.match(group) else f"household:{group}.{missing}" if group else \
        f"household:{missing}"
    field = policy.inputs.get(key)
    return key if field is not None and not field.has_default else None


def _help(field: InputField, count: int, added: bool) -> Said:
    name, where, line = field.name, field.span.file, field.span.line
    records = f"{count:,} household record{'s' if count != 1 else ''}"
    default = f"`default: {example_value(field)}`"
    short = field.name.rsplit(".", 1)[-1]
    if added:
        en = f"`{name}` is new in {where} (line {line}), with no `default:`, and {records} do not give it"
        zh = f"`{name}` 是 {where} 新增的输入字段（第 {line} 行），没有 `default:`，而有 {count:,} 条家庭记录没有填写它"
    else:
        en = f"`{name}` has no `default:` in {where} (line {line}), and {records} do not give it"
        zh = f"`{name}` 在 {where} 中没有 `default:`（第 {line} 行），而有 {count:,} 条家庭记录没有填写它"
    return Said(f"{en}: give it a default there, e.g. {default}, for households that do not say, or add `{short}` "
                "to each household",
                f"{zh}：请在那里给它加上默认值，例如 {default}，用于没有填写它的家庭；或在每户数据中填写 `{short}`")
