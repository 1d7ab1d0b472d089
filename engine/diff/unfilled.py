"""The inputs a version of a diff requires, with no `default:`, that refused households leave out.

Input: the records the impact could not evaluate (`BadRecord`, each with the version that refused it) and the two
policies. Output: for each such input, one help line: where the policy declares it, how many records were refused
for it and the two ways to decide them — a `default:` in the policy (the other version's, where it has one), or the
value in each household. A field new
in that version is said to be new (or dropped by the new one): the households were written for the other one. And
for each field one version refuses as unknown that the other reads, one help line that says so (`--ignore-column`
refuses a field a version reads); so too for each income or expense type one version refuses (H003) that the other
declares, with where it is declared and how to see what it changes. Invariant: only an input of the version that
refused the record, one without a default, is named, and only where the other version does not require it too: an
input both require is missing from a damaged record, whose own finding says how to give it. A date is never offered
a default. The records' own findings are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.batch.problems import unknown_field_named
from engine.diagnostics import Diagnostic, Said
from engine.diff.impact import BadRecord
from engine.household_words import example_value, missing_key, show, unknown_type_named
from engine.model import ExpenseType, IncomeType, InputField, Policy

_MEMBER = re.compile(r"^members\[\d+\]")


def unfilled_inputs_help(bad: Iterable[BadRecord], old: Policy, new: Policy) -> list[Said]:
    """A help line for each input without a default that refused records leave out, in the order first met."""
    refused: dict[tuple[str, str], int] = {}  # (version, key of the input) → records refused for it
    for record in bad:
        for version in _refusing(record):
            policy = old if version == "old" else new
            for key in {_missing_input(d, policy) for d in record.diagnostics} - {None}:
                assert key is not None
                refused[(version, key)] = refused.get((version, key), 0) + 1
    lines = []
    for (version, key), count in refused.items():
        policy, other = (new, old) if version == "new" else (old, new)
        elsewhere = other.inputs.get(key)
        if elsewhere is not None and not elsewhere.has_default:  # both require it: the records are damaged, as their
            continue  # own findings say (H002, with how to give it), whichever version decides them
        lines.append(_help(policy.inputs[key], count, version, elsewhere, other.file))
    return lines


def unknown_inputs_help(bad: Iterable[BadRecord], old: Policy, new: Policy) -> dict[str, Said]:
    """A help line for each field one version refuses as unknown that the other reads (households written for the
    other version), by the field's name as `--ignore-column` names it, in the order first met."""
    refused: dict[tuple[str, str], int] = {}  # (version, field) → records refused for it
    for record in bad:
        for version in _refusing(record):
            for name in {unknown_field_named(d.code, d.message, d.path) for d in record.diagnostics} - {None}:
                assert name is not None
                refused[(version, name)] = refused.get((version, name), 0) + 1
    helps: dict[str, Said] = {}
    for (version, name), count in refused.items():
        refusing, reading = (old, new) if version == "old" else (new, old)
        field = next((f for f in reading.inputs.values() if f.name == name), None)
        if field is not None:
            helps.setdefault(name, _unknown_help(field, refusing, version, count))
    return helps


def unknown_types_help(bad: Iterable[BadRecord], old: Policy, new: Policy) -> list[Said]:
    """A help line for each income or expense type one version refuses as unknown (H003) that the other declares
    (households written for the other version), in the order first met."""
    refused: dict[tuple[str, str, str], int] = {}  # (version, table, type) → records refused for it
    for record in bad:
        for version in _refusing(record):
            for found in {unknown_type_named(d) for d in record.diagnostics} - {None}:
                assert found is not None
                refused[(version, *found)] = refused.get((version, *found), 0) + 1
    lines = []
    for (version, table, name), count in refused.items():
        refusing, declaring = (old, new) if version == "old" else (new, old)
        declared = (declaring.income if table == "income" else declaring.expenses).get(name)
        if declared is not None:
            lines.append(_unknown_type_help(declared, refusing, version, count))
    return lines


def _refusing(record: BadRecord) -> tuple[str, ...]:
    """The versions that refused a record: "old", "new", both or none (a record no version could read)."""
    return ("old", "new") if record.policy == "both" else (record.policy,) if record.policy in ("old", "new") else ()


def _unknown_help(field: InputField, refusing: Policy, version: str, count: int) -> Said:
    name, where, line, refuser = field.name, field.span.file, field.span.line, refusing.file
    other, other_zh = ("new", "新") if version == "old" else ("old", "旧")
    this_zh = "旧" if version == "old" else "新"
    records = _records(count, "gives it", "give it")
    return Said(f"`{name}` is an input of {where} (line {line}) that {refuser} does not know: {records}, "
                f"written for the {other} version, and the {version} version refuses them; --ignore-column cannot "
                f"leave it out, as the {other} version reads it",
                f"`{name}` 是 {where} 的输入字段（第 {line} 行），{refuser} 没有这个字段：有 {count:,} 条家庭记录"
                f"按{other_zh}版本填写了它，{this_zh}版本因不认识它而拒绝；"
                f"{other_zh}版本读取它，不能用 --ignore-column 略去")


def _unknown_type_help(declared: IncomeType | ExpenseType, refusing: Policy, version: str, count: int) -> Said:
    """`version`: the one that refuses the type ("old" or "new"); the other declares it."""
    name, where, line, refuser = declared.name, declared.span.file, declared.span.line, refusing.file
    income = isinstance(declared, IncomeType)
    kind, kind_zh = ("an income type", "收入类型") if income else ("an expense type", "支出类型")
    gives = _records(count, "gives it", "give it")
    if version == "old":
        how = ("as that version counts such income, or not (`counted:`)" if income else
               "as that version deducts such expenses, or not (`rigid:`)")
        how_zh = ("按该版本对这类收入的算法（`counted:` 是否计入）" if income else
                  "按该版本对这类支出的扣除办法（`rigid:` 是否扣除）")
        return Said(f"`{name}` is {kind} of {where} (line {line}) that {refuser} does not have: {gives}, written for "
                    f"the new version, and the old version refuses them; to see what the type changes for them, "
                    f"declare `{name}` in a copy of {refuser} {how}, and compare the copy with {where}",
                    f"`{name}` 是 {where} 的{kind_zh}（第 {line} 行），{refuser} 没有这个类型：有 {count:,} 条家庭记录"
                    f"按新版本填写了它，旧版本因不认识它而拒绝；要看这个类型对它们有何改变，请在 {refuser} 的副本中"
                    f"{how_zh}声明 `{name}`，再将副本与 {where} 比较")
    return Said(f"`{name}` is {kind} of {where} (line {line}) that the new version, {refuser}, drops: {gives}, "
                f"written for the old version, and the new version refuses them; to see what dropping it changes for "
                f"them, write their `{name}` lines as the type {refuser} files them under",
                f"`{name}` 是 {where} 的{kind_zh}（第 {line} 行），新版本 {refuser} 已删除它：有 {count:,} 条家庭记录"
                f"按旧版本填写了它，新版本因不认识它而拒绝；要看删除它对它们有何改变，请把其中的 `{name}` 行改写为 "
                f"{refuser} 中对应的类型")


def _missing_input(d: Diagnostic, policy: Policy) -> str | None:
    """The key of the input without a default whose absence `d` reports (`` `toilet_safe` is missing ``)."""
    missing, group = missing_key(d), (d.path or "").split(" ")[0]
    if missing is None:
        return None
    key = f"member:{missing}" if _MEMBER.match(group) else f"household:{group}.{missing}" if group else \
        f"household:{missing}"
    field = policy.inputs.get(key)
    return key if field is not None and not field.has_default else None


def _help(field: InputField, count: int, version: str, elsewhere: InputField | None, other: str) -> Said:
    """`version`: the one ("old" or "new") that requires the field; `elsewhere`: the field in the `other` policy's
    file, which gives it a default, or None when that one does not have it. A date is not offered a default: one
    date would stand for the date of every record that does not give it, and decide them by it."""
    name, where, line = field.name, field.span.file, field.span.line
    records = _records(count, "does not give it", "do not give it")
    short = field.name.rsplit(".", 1)[-1]
    if elsewhere is None and version == "new":
        en = f"`{name}` is new in {where} (line {line}), with no `default:`, and {records}"
        zh = f"`{name}` 是 {where} 新增的输入字段（第 {line} 行），没有 `default:`，而有 {count:,} 条家庭记录没有填写它"
    elif elsewhere is None:
        en = f"`{name}` is required by {where} (line {line}, no `default:`), which the new version drops, and {records}"
        zh = (f"`{name}` 是 {where} 必填的输入字段（第 {line} 行，没有 `default:`），新版本已删除它，而有 {count:,} "
              "条家庭记录没有填写它")
    else:
        en = f"`{name}` has no `default:` in {where} (line {line}), while {other} gives it one, and {records}"
        zh = f"`{name}` 在 {where} 中没有 `default:`（第 {line} 行），{other} 却有，而有 {count:,} 条家庭记录没有填写它"
    if field.type == "date":
        return Said(f"{en}: add `{short}` to each household rather than a default: a `default:` date is taken as the "
                    "date of every record that does not give one, and decides them by it",
                    f"{zh}：请在每户数据中填写 `{short}`，不要用默认值：`default:` 日期会被当作每条未填写它的记录的"
                    "日期，并据此认定")
    if elsewhere is not None:
        default = f"`default: {show(elsewhere.default)}`"
        return Said(f"{en}: give it the same default there, {default}, for households that do not say, or add "
                    f"`{short}` to each household",
                    f"{zh}：请在那里给它加上同样的默认值 {default}，用于没有填写它的家庭；或在每户数据中填写 `{short}`")
    default = f"`default: {example_value(field)}`"
    return Said(f"{en}: give it a default there, e.g. {default}, for households that do not say, or add `{short}` "
                "to each household",
                f"{zh}：请在那里给它加上默认值，例如 {default}，用于没有填写它的家庭；或在每户数据中填写 `{short}`")


def _records(count: int, one: str, many: str) -> str:
    """`1 household record gives it`, `2 household records give it`: `one` and `many`, the verb as each agrees."""
    return f"{count:,} household record {one}" if count == 1 else f"{count:,} household records {many}"
