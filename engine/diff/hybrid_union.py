"""Policies that differ from the old one in a few entries → one *union* policy that computes all of them.

Input: the `Attribution` of a diff (its `Hybrids` and the hybrid of each change alone) and the two
versions. Output: a `Union` — one loaded policy holding the old policy's data unchanged plus, for
the new version and for each hybrid of a single change, a renamed copy of every parameter,
definition, category and (for the new version) assistance measure whose meaning differs from the
old one's (`u3_dibao_standard`, `u3_dibao`…) — and, per member policy, the union entry that
stands for each of its categories, measures and definitions. One fast-engine frame of the union
then decides a household under the old and the new version and classifies it under every hybrid.
Invariants: a copy is the member's own entry with the names it uses renamed when they name other
copies (expressions are parsed, renamed and printed back), so it computes exactly what the
member computes; an entry is copied when it differs from the old one, when it uses a copied
entry, or when it is a category that follows a copied one in its exclusive group (the copies of a
group keep the member's order); a policy whose household shape, income or expense types differ
from the old policy's stays out of the union; when the union does not load there is none, and
each policy is run on its own.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from engine.diagnostics import PolicyError
from engine.diff.hybrid import dump
from engine.diff.impact import Attribution, shape
from engine.evaluator import program_for
from engine.loader import load_policy
from engine.model import Category, Measure, Policy
from engine.syntax import ast
from engine.syntax.parser import ParseFailure, parse
from engine.syntax.printer import to_text


@dataclass(frozen=True)
class Names:
    """A member policy's entries → the union's entries that compute them."""

    categories: dict[str, str] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Union:
    policy: Policy
    names: dict[int, Names]  # id(member policy) → its names in the union (the old policy: its own)
    members: tuple[Policy, ...]  # the policies it stands for, the old one first (kept alive for the ids)

    def names_of(self, policy: Policy) -> Names | None:
        return self.names.get(id(policy)) if any(p is policy for p in self.members) else None


def build_union(attribution: Attribution, old: Policy, new: Policy) -> Union | None:
    """The union of the old and new versions and the single-change hybrids that read households alike."""
    hybrids = attribution.hybrids
    base = hybrids.data(())
    used = _all_names(base) | _all_names(hybrids.new_data)
    prefix = next(p for p in (f"u{n}" for n in range(1, 10**6)) if not any(u.startswith(p) for u in used))
    names: dict[int, Names] = {id(old): _own_names(old)}
    members: list[Policy] = [old]
    candidates = [(new, hybrids.new_data, True)]
    candidates += [(h.policy, hybrids.data(h.keys), False) for _, h in attribution.units if h.policy is not None]
    for index, (policy, data, decides) in enumerate(candidates):
        if not _reads_alike(policy, old) or any(p is policy for p in members):
            continue
        copied = _differing(policy, old, decides)
        rename = {name: f"{prefix}_{index}_{name}" for name in copied}
        if not _add_copies(base, data, policy, rename):
            return None
        own = _own_names(policy)
        names[id(policy)] = Names({k: rename.get(k, k) for k in own.categories},
                                  {k: rename.get(k, k) for k in own.measures} if decides else {},
                                  {k: rename.get(k, k) for k in own.definitions})
        members.append(policy)
    if len(members) < 3:  # the old version and one more: nothing to share
        return None
    try:
        union = load_policy(f"{hybrids.file} + the new version and every change alone", raw=dump(base, quick=True))[0]
    except PolicyError:
        return None
    for policy in members:
        mapped = names[id(policy)]
        for c in policy.categories:
            found = union.category(mapped.categories[c.id])
            if found is None or found.level != c.level:
                return None
        for m in policy.assistance:
            if m.id in mapped.measures and mapped.measures[m.id] not in {x.id for x in union.assistance}:
                return None
    return Union(union, names, tuple(members))


def _own_names(policy: Policy) -> Names:
    return Names({c.id: c.id for c in policy.categories}, {m.id: m.id for m in policy.assistance},
                 {d: d for d in policy.definitions})


def _reads_alike(policy: Policy, old: Policy) -> bool:
    """Same household shape, and the same income and expense types counted the same way (labels aside)."""
    def counting(p: Policy) -> tuple[Any, ...]:
        return (shape(p), [(i.name, i.counted) for i in p.income.values()],
                [(e.name, e.rigid) for e in p.expenses.values()], program_for(p).shares)

    return counting(policy) == counting(old)


def _names(node: ast.Node) -> set[str]:
    return {n.dotted for n in node.walk() if isinstance(n, ast.Name)}


def _predecessors(policy: Policy, category: Category) -> list[str]:
    out = []
    for c in policy.categories:
        if c.id == category.id:
            break
        if category.group is not None and c.group == category.group:
            out.append(c.id)
    return out


def _measure_names(m: Measure) -> set[str]:
    return set().union(*(_names(o.when.node) | (_names(o.amount.node) if o.amount is not None else set())
                         for o in m.options))


def _differing(policy: Policy, old: Policy, measures: bool) -> set[str]:
    """Names of the entries of `policy` that may compute differently from the old policy's."""
    uses: dict[str, set[str]] = {}
    found = set()
    for name, p in policy.parameters.items():
        uses[name] = _names(p.expr.node)
        former = old.parameters.get(name)
        if former is None or former.expr != p.expr or \
                old.parameter_values.get(name) != policy.parameter_values.get(name):
            found.add(name)
    for name, d in policy.definitions.items():
        uses[name] = _names(d.expr.node)
        if old.definitions.get(name) != d:
            found.add(name)
    for c in policy.categories:
        before = _predecessors(policy, c)
        uses[c.id] = set().union(*(_names(w.test.node) for w in c.clauses), before)
        if old.category(c.id) != c or _predecessors(old, c) != before:
            found.add(c.id)
    measure_uses = {}
    if measures:
        old_measures = {m.id: m for m in old.assistance}
        for m in policy.assistance:
            measure_uses[m.id] = _measure_names(m)
            if old_measures.get(m.id) != m:
                found.add(m.id)
    while True:
        more = {name for name, used in uses.items() if name not in found and used & found}
        for c in policy.categories:  # a copied category's group needs its predecessors copied, in order
            if c.id in found:
                more |= {p for p in _predecessors(policy, c) if p not in found}
        if not more:
            break
        found |= more
    return found | {m for m, used in measure_uses.items() if used & found}


def _renamed(text: Any, rename: dict[str, str]) -> Any:
    if not isinstance(text, str):
        return text
    try:
        node = parse(text)
    except ParseFailure:
        return text
    renamed = _rename(node, rename)
    return text if renamed is node else to_text(renamed)


def _rename(node: ast.Node, rename: dict[str, str]) -> ast.Node:
    if isinstance(node, ast.Name):
        return dataclasses.replace(node, parts=(rename[node.dotted],)) if node.dotted in rename else node
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, ast.Node):
            inner = _rename(value, rename)
            if inner is not value:
                changes[f.name] = inner
        elif isinstance(value, tuple) and any(isinstance(v, ast.Node) for v in value):
            items = tuple(_rename(v, rename) if isinstance(v, ast.Node) else v for v in value)
            if any(a is not b for a, b in zip(items, value, strict=True)):
                changes[f.name] = items
    return dataclasses.replace(node, **changes) if changes else node


def _add_copies(base: dict[str, Any], data: dict[str, Any], policy: Policy, rename: dict[str, str]) -> bool:
    """Copy the renamed entries of one member's data into the union's data (False: a name is taken)."""
    taken = _all_names(base)
    if any(name in taken for name in rename.values()):
        return False
    for section, key in (("parameters", "value"), ("definitions", "value"), ("indicators", "test")):
        for name, spec in (data.get(section) or {}).items():
            if name in rename and isinstance(spec, dict):
                entry = copy.deepcopy(spec)
                if key in entry:
                    entry[key] = _renamed(entry[key], rename)
                base.setdefault(section, {})[rename[name]] = entry
    by_id = {c.get("id"): c for c in data.get("categories") or [] if isinstance(c, dict)}
    for c in policy.categories:
        if c.id in rename and isinstance(by_id.get(c.id), dict):
            entry = copy.deepcopy(by_id[c.id])
            entry["id"] = rename[c.id]
            if entry.get("group") is not None:
                entry["group"] = f"{rename[c.id].removesuffix(c.id)}{entry['group']}"
            for clause in entry.get("when") or []:
                if isinstance(clause, dict) and "test" in clause:
                    clause["test"] = _renamed(clause["test"], rename)
            base.setdefault("categories", []).append(entry)
    for m in data.get("assistance") or []:
        if isinstance(m, dict) and m.get("id") in rename:
            entry = copy.deepcopy(m)
            entry["id"] = rename[m["id"]]
            for holder in [entry, *(o for o in entry.get("options") or [] if isinstance(o, dict))]:
                for key in ("when", "amount"):
                    if key in holder:
                        holder[key] = _renamed(holder[key], rename)
            base.setdefault("assistance", []).append(entry)
    return True


def _all_names(data: Any) -> set[str]:
    """Every key and every id anywhere in policy data (a superset of the names a policy defines)."""
    out: set[str] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            out |= {str(k) for k in item}
            out |= {str(item[k]) for k in ("id", "group") if k in item}
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out
