"""The settings a policy writes as ids, as people read them: `policy doc`, explanations and `policy diff` alike.

Input: the kind of entry (`category`, `definition`, `measure`), the setting (`level`, `match`, `per`) and
its id, and a language; for a department, the policy (or policies) that name it.
Output: the words — `按人` for a measure's `level: member`, `按月` for `per: month`, `是/否` for an input's
`type: boolean`, a department by its label (`民政部门` for `civil_affairs`) — or the id itself where there are none
(a value no version of the engine words yet, a department a policy does not label).
Invariant: constants and pure functions; the later policy's label wins where two name a department.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.model import Policy

# an input's type (`type: money`), as `policy doc` and `policy diff` say it
TYPE_WORDS: dict[str, dict[str, str]] = {
    "en": {"money": "amount (yuan)", "integer": "whole number", "number": "number", "boolean": "yes/no",
           "date": "date", "enum": "one of", "text": "text"},
    "zh": {"money": "金额（元）", "integer": "整数", "number": "数值", "boolean": "是/否",
           "date": "日期", "enum": "取值之一", "text": "文本"},
}


SETTING_WORDS: dict[str, dict[tuple[str, str, str], str]] = {
    "zh": {
        ("category", "level", "household"): "按家庭整体认定", ("category", "level", "member"): "按成员逐人认定",
        ("category", "match", "all"): "须满足全部条款", ("category", "match", "any"): "满足任一条款即可",
        ("definition", "level", "household"): "家庭", ("definition", "level", "member"): "成员",
        ("measure", "level", "household"): "按户", ("measure", "level", "member"): "按人",
        ("measure", "per", "month"): "按月", ("measure", "per", "year"): "按年",
    },
    "en": {
        ("category", "level", "household"): "decided for the household as a whole",
        ("category", "level", "member"): "decided for each member",
        ("category", "match", "all"): "every clause must hold",
        ("category", "match", "any"): "at least one clause must hold",
        ("definition", "level", "household"): "household", ("definition", "level", "member"): "member",
        ("measure", "level", "household"): "for the household", ("measure", "level", "member"): "for each member",
        ("measure", "per", "month"): "per month", ("measure", "per", "year"): "per year",
    },
}


def setting_words(kind: str, setting: str, value: str, lang: str) -> str:
    """`setting_words("measure", "level", "member", "zh")` → `按人`; the id where there are no words for it."""
    return SETTING_WORDS[lang].get((kind, setting, value), value)


def department_name(policies: Policy | Iterable[Policy], department: str, lang: str) -> str:
    """A department by its label in `lang` (the other language's where it has none), else its id; of several
    policies (an old and a new version), the last that labels it."""
    for policy in reversed([policies] if isinstance(policies, Policy) else list(policies)):
        label = policy.departments.get(department)
        if label is not None:
            return label.get(lang, department)
    return department
