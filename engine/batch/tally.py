"""How many households (and members) a run put in each category: the line under `policy batch`'s summary.

Input: a chunk's decisions, as dictionaries (the decision JSON) or as the Arrow columns of
`engine.batch.decisions.as_arrow`. Output: a `Counter` by category id — households for a
household-level category, members for a member-level one — with `NO_CATEGORY` for the
households that hold none at either level, and `POLICY` + a policy file's SHA-256 for the
households that policy decided; the line that says it, and the run's summary as JSON, which
list the categories in force for the run: those of the policies that decided its households.
Invariant: both forms of the same decisions give the same counts (a test holds this), so the
tally does not depend on the route a household took.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from engine.model import Policy

NO_CATEGORY = ""  # never a category id (ids are names)
POLICY = "policy "  # + the policy file's SHA-256: never a category id either (ids have no space)


def of_decisions(decisions: Iterable[Mapping[str, Any]]) -> Counter[str]:
    held: list[str] = []  # every category held, once per household or member: counted at the end, in C
    none = 0
    for d in decisions:
        held.append(POLICY + d["policy"]["sha256"])
        before = len(held)
        held += d["categories"]
        for categories in d["members"].values():
            held += categories
        if len(held) == before:
            none += 1
    counted = Counter(held)
    if none:
        counted[NO_CATEGORY] = none
    return counted


def of_arrow(table: Any) -> Counter[str]:
    """The same from the `categories` (list) and `members` (map of lists) columns of decisions."""
    import numpy as np
    import pyarrow.compute as pc

    categories = table.column("categories").combine_chunks()
    members = table.column("members").combine_chunks()
    held: Counter[str] = Counter()
    for values, prefix in ((pc.list_flatten(categories), ""), (pc.list_flatten(members.items), ""),
                           (table.column("policy_sha256"), POLICY)):
        if len(values):
            counted = pc.value_counts(values)
            held.update({prefix + value: n for value, n in zip(counted.field("values").to_pylist(),
                                                               counted.field("counts").to_pylist(), strict=True)})
    # the members' categories of each household: the lengths of its members' lists, summed by household
    per_member = np.concatenate([[0], np.cumsum(pc.list_value_length(members.items).to_numpy(zero_copy_only=False))])
    starts = members.offsets.to_numpy()
    in_members = per_member[starts[1:]] - per_member[starts[:-1]]
    own = pc.list_value_length(categories).to_numpy(zero_copy_only=False)
    none = int(np.count_nonzero((own == 0) & (in_members == 0)))
    if none:
        held[NO_CATEGORY] += none
    return held


def by_category(held: Counter[str], policies: Sequence[Policy]) -> list[tuple[str, str, int]]:
    """(category id, `household` or `member`, count) for every category in force for the run, in the order of the
    policies' files: a category nobody holds included (a zero is worth seeing), but not one that no policy
    deciding a household of the run has — `monitoring` in a run under a policy that abolished it (and so lists
    it under `abolished`, not `categories`)."""
    levels: dict[str, str] = {}
    for policy in policies:
        if held.get(POLICY + policy.sha256):
            for category in policy.categories:
                levels.setdefault(category.id, category.level)
    return [(cid, level, held.get(cid, 0)) for cid, level in levels.items()]


def line(held: Counter[str], policies: Sequence[Policy], lang: str = "en") -> str:
    """`dibao 412 households · tekun 88 members · … · in no category 2,104 households`: categories by their ids, as
    the decisions, the `--summary` file and a query over them name them; in Chinese by their labels in the policy,
    `最低生活保障对象 412 户 · 特困人员 88 人 · … · 不属于任何类别 2,104 户`. The last counts the households with no
    category at either level (a household with a tekun member is not among them)."""
    if lang == "zh":
        labels = _chinese_labels(policies)
        parts = [f"{labels[cid]} {_counted_zh(n, level)}" for cid, level, n in by_category(held, policies)]
        parts.append(f"不属于任何类别 {_counted_zh(held.get(NO_CATEGORY, 0), 'household')}")
        return " · ".join(parts)
    parts = [f"{cid} {_counted(n, level)}" for cid, level, n in by_category(held, policies)]
    parts.append(f"in no category {_counted(held.get(NO_CATEGORY, 0), 'household')}")
    return " · ".join(parts)


def summary_json(held: Counter[str], policies: Sequence[Policy], facts: dict[str, Any], counts: dict[str, Any],
                 exit_code: int) -> dict[str, Any]:
    """`policy batch --summary`: the run's `facts` (files, engine, date), the policies applied — those that decided
    a household, each with how many —, its `counts`, the tally and the exit code, as JSON for whatever runs the
    batch (docs/batch.md, "The summary as JSON")."""
    return {
        "summary": 1,
        **facts,
        "policies": [{"id": p.meta.id, "version": p.meta.version, "file": p.file, "sha256": p.sha256,
                      "households": held[POLICY + p.sha256]} for p in policies if held.get(POLICY + p.sha256)],
        **counts,
        "categories": [{"id": cid, "level": level, "count": n} for cid, level, n in by_category(held, policies)],
        "in_no_category": held.get(NO_CATEGORY, 0),
        "exit_code": exit_code,
    }


def _counted(n: int, level: str) -> str:
    noun = "member" if level == "member" else "household"
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _counted_zh(n: int, level: str) -> str:
    return f"{n:,} {'人' if level == 'member' else '户'}"


def _chinese_labels(policies: Sequence[Policy]) -> dict[str, str]:
    """Category id → its Chinese label in the first policy that has it (the id where it has none)."""
    labels: dict[str, str] = {}
    for policy in policies:
        for category in policy.categories:
            labels.setdefault(category.id, category.label.zh or category.id)
    return labels
