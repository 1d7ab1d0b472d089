"""A policy diff → *hybrid* policies: the old policy with some of the changes swapped in.

Input: a `PolicyDiff` and the data of both policy files (`YamlDocument`s). Output: the
`Component`s — the changes that can alter a decision, one parameter, one category's clauses, one
measure… — and, for any set of them, a loaded and checked `Policy`. A hybrid is built at the data
level: the old file's data with those entries replaced by the new file's, dumped to YAML in memory
and loaded like any policy file. Invariants: hybrids are cached by their set of changes; a change
that cannot be loaded alone (a removed category still named by old rules, a new parameter used by
a new clause) is taken together with the changes that fix the checker's errors, and `needs` records
that; parts that only document (the `abolished` list, sources, departments) are made neutral so
they never stop a hybrid from loading; the hybrid with every change classifies like the new policy.
A hybrid that does not load is reported with the line numbers of the reference YAML emitter's
text, whichever emitter was tried first.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from engine.diagnostics import Diagnostic, PolicyError, Span
from engine.diff.changes import EVALUATED, Citation, ItemChange, PolicyDiff, crossed_confirm
from engine.loader import load_policy
from engine.model import Label, Policy
from engine.yamlsource import YamlDocument, load_yaml


@dataclass(frozen=True)
class Component:
    """One change that can be swapped into the old policy: a parameter, a category's clauses…"""

    key: str  # "parameters.dibao_standard", "categories.other_hardship.when", "categories.group tier.order"
    section: str
    id: str
    part: str | None  # for categories: "when" (the clause list), "settings" (level, group, match), "order"
    item: ItemChange
    # the `confirm` note a move this change makes rests on: of a value it changes, or of a figure computed from it,
    # or of a clause it adds or changes, which is then a ground to confirm (`grounds`) rather than a value
    confirm: Label | None = field(default=None, compare=False)
    grounds: bool = field(default=False, compare=False)
    # the note is not of its own value but of a figure computed from it together with a value to confirm: a move it
    # makes across none of those figures rests on no value to confirm (`engine.diff.settled`)
    crossed: bool = field(default=False, compare=False)

    @property
    def clauses(self) -> list[tuple[str, Citation | None]]:
        """For a category's clauses ("when"): the clauses whose test changed, was added or removed, each with what
        it cites (its own article; its category's where it cites none), in the diff's order."""
        if self.part != "when":
            return []
        return [(d.item, d.citation or self.item.citation) for d in self.item.details
                if d.aspect == "clause" and not d.wording and d.item is not None]


_SETTINGS = ("level", "group", "match")


def components(policy_diff: PolicyDiff) -> list[Component]:
    """The changes that can alter a decision, in report order (wording and derived values are left out)."""
    out = []
    for item in policy_diff.items:
        if item.section not in EVALUATED or item.wording or item.derived:
            continue
        note, grounds, crossed = _confirm(policy_diff, item)
        if item.section == "categories" and item.change == "changed":
            if item.id.startswith("group "):
                out.append(Component(f"categories.{item.id}.order", "categories", item.id, "order", item, note,
                                     grounds))
                continue
            meaning = [d for d in item.details if not d.wording]
            if any(d.aspect == "clause" for d in meaning):
                out.append(Component(f"categories.{item.id}.when", "categories", item.id, "when", item, note,
                                     grounds))
            if any(d.aspect in _SETTINGS for d in meaning):
                out.append(Component(f"categories.{item.id}.settings", "categories", item.id, "settings", item, note,
                                     grounds))
            continue
        out.append(Component(item.key, item.section, item.id, None, item, note, grounds, crossed))
    return out


def _confirm(policy_diff: PolicyDiff, item: ItemChange) -> tuple[Label | None, bool, bool]:
    """The note to confirm a change's moves rest on, whether it is a clause's (a ground to confirm), and whether it
    is a figure's (`Component.crossed`): of a value it changes or a clause it adds or changes, else, for a parameter
    or a definition, of a figure a household is measured against computed from it together with a value to confirm
    (in the new version where it is there)."""
    own = next((d for d in item.details if d.confirm is not None), None)
    if own is not None:
        return own.confirm, own.aspect == "clause", False
    if item.section not in ("parameters", "definitions"):
        return None, False, False
    note = crossed_confirm(policy_diff.old if item.change == "removed" else policy_diff.new, item.id)
    return note, False, note is not None


def _container(data: dict[str, Any], path: tuple[str, ...], create: bool) -> dict[str, Any] | None:
    for key in path:
        inner = data.get(key)
        if not isinstance(inner, dict):
            if not create:
                return None
            inner = data[key] = {}
        data = inner
    return data


def _swap_key(data: dict[str, Any], new: dict[str, Any], path: tuple[str, ...], name: str) -> None:
    source = _container(new, path, create=False) or {}
    if name in source:
        target = _container(data, path, create=True)
        assert target is not None
        target[name] = copy.deepcopy(source[name])
    else:
        target = _container(data, path, create=False)
        if target is not None:
            target.pop(name, None)


def _swap_listed(data: dict[str, Any], new: dict[str, Any], section: str, ident: str,
                 keys: tuple[str, ...] | None = None) -> None:
    items: list[dict[str, Any]] = data.setdefault(section, [])
    wanted = [x for x in new.get(section) or [] if isinstance(x, dict)]
    target = next((x for x in wanted if x.get("id") == ident), None)
    index = next((i for i, x in enumerate(items) if x.get("id") == ident), None)
    if target is None:
        if index is not None:
            del items[index]
    elif index is None:
        ids = [x.get("id") for x in items]
        before = [x.get("id") for x in wanted[:wanted.index(target)]]
        after = max((ids.index(b) for b in before if b in ids), default=-1)
        items.insert(after + 1, copy.deepcopy(target))
    elif keys:
        for key in keys:
            if key in target:
                items[index][key] = copy.deepcopy(target[key])
            else:
                items[index].pop(key, None)
    else:
        items[index] = copy.deepcopy(target)


def _reorder_group(data: dict[str, Any], new: dict[str, Any], group: str) -> None:
    items: list[dict[str, Any]] = data.get("categories") or []
    rank = {x.get("id"): i for i, x in enumerate(new.get("categories") or []) if isinstance(x, dict)}
    slots = [i for i, x in enumerate(items) if x.get("group") == group]
    members = sorted((items[i] for i in slots), key=lambda x: (rank.get(x.get("id"), len(rank)), slots))
    for slot, member in zip(slots, members, strict=True):
        items[slot] = member


def apply(data: dict[str, Any], new: dict[str, Any], component: Component) -> None:
    """Swap the new version of one component into `data` (a policy file's data), in place."""
    section, ident = component.section, component.id
    if section == "inputs":
        level, name = ident.split(":", 1)
        _swap_key(data, new, ("inputs", level), name)
    elif section in ("definitions", "indicators"):
        for part in ("definitions", "indicators"):
            inside = ident in (_container(new, (part,), create=False) or {})
            if inside or ident in (_container(data, (part,), create=False) or {}):
                _swap_key(data, new, (part,), ident)
    elif section == "categories":
        if component.part == "order":
            _reorder_group(data, new, ident.removeprefix("group "))
        else:
            keys = {"when": ("when",), "settings": _SETTINGS}.get(component.part or "")
            _swap_listed(data, new, "categories", ident, keys)
    elif section == "assistance":
        _swap_listed(data, new, "assistance", ident)
    else:
        _swap_key(data, new, (section,), ident)


# -- hybrid policies --------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = str(value)
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


_Dumper.add_representer(Decimal, _represent_decimal)

# libyaml's emitter writes the same text several times faster; tried first when it is installed
_CDumper: Any = None
if getattr(yaml, "__with_libyaml__", False):
    _CDumper = type("_CDumper", (yaml.CSafeDumper,), {})
    _CDumper.add_representer(Decimal, _represent_decimal)


def dump(data: dict[str, Any], quick: bool = False) -> bytes:
    """Policy data back to YAML text (the loader reads it exactly as the original).

    `quick` uses libyaml's emitter when it is installed: the same data, written faster.
    """
    dumper = _CDumper if quick and _CDumper is not None else _Dumper
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000).encode("utf-8")


@dataclass(frozen=True)
class Hybrid:
    """The old policy with some changes swapped in, or why that cannot be loaded."""

    keys: frozenset[str]
    policy: Policy | None
    problem: Diagnostic | None = None


_NAME = re.compile(r"unknown (?:name|parameter|department) `([^`]+)`")


class Hybrids:
    """Builds and caches hybrids; a change that needs others to load (a removed category still named
    in old rules, a new parameter used by a new clause) is taken together with them."""

    def __init__(self, policy_diff: PolicyDiff, old_doc: YamlDocument, new_doc: YamlDocument):
        self.old_data: dict[str, Any] = old_doc.data
        self.new_data: dict[str, Any] = new_doc.data
        self.components = components(policy_diff)
        self.by_key = {c.key: c for c in self.components}
        self.file = policy_diff.old.file
        self._cache: dict[frozenset[str], Hybrid] = {}
        self.needs: dict[str, frozenset[str]] = {}  # what each change was found to need when applied alone
        self._base = self._neutral(copy.deepcopy(self.old_data))

    def _neutral(self, data: dict[str, Any]) -> dict[str, Any]:
        """Remove what only documents: abolished lists, and union sources and departments."""
        data.pop("abolished", None)
        meta = data.get("policy") or {}
        sources = list(meta.get("sources") or [])
        known = {s.get("id") for s in sources if isinstance(s, dict)}
        sources += [s for s in (self.new_data.get("policy") or {}).get("sources") or []
                    if isinstance(s, dict) and s.get("id") not in known]
        if sources:
            meta["sources"] = sources
        departments = dict(self.new_data.get("departments") or {})
        departments.update(data.get("departments") or {})
        if departments:
            data["departments"] = departments
        return data

    def data(self, keys: Iterable[str]) -> dict[str, Any]:
        """The data of the hybrid with these changes (a fresh copy): the neutral old data, changes swapped in."""
        wanted = set(keys)
        data = copy.deepcopy(self._base)
        for c in self.components:
            if c.key in wanted:
                apply(data, self.new_data, c)
        return data

    def _build(self, keys: frozenset[str]) -> tuple[Policy | None, list[Diagnostic], YamlDocument | None]:
        data = self.data(keys)
        name = f"{self.file} + {', '.join(sorted(keys))}" if keys else self.file
        try:
            return load_policy(name, raw=dump(data, quick=True))[0], [], None
        except PolicyError:
            pass
        raw = dump(data)  # the errors and their lines as the reference emitter's text gives them
        try:
            return load_policy(name, raw=raw)[0], [], None
        except PolicyError as error:
            try:
                doc = load_yaml(raw, name)
            except PolicyError:
                doc = None
            return None, [d for d in error.diagnostics if d.severity == "error"], doc

    def _fixes(self, problem: Diagnostic, doc: YamlDocument | None, keys: frozenset[str]) -> set[str]:
        """The changes that would remove a load error of a hybrid."""
        match = _NAME.search(problem.message)
        if match:  # a name the hybrid lacks: take in the change that adds it
            name = match.group(1)
            short = name.split(".", 1)[-1]
            for c in self.components:
                if c.item.change == "added" and c.key not in keys and (
                        c.id == name or (c.section in ("income", "expenses") and c.id == short)
                        or (c.section == "inputs" and c.id.split(":", 1)[1] == name)):
                    return {c.key}
        # an old rule that the change breaks: take in that rule's new version
        if problem.span is None or doc is None:
            return set()
        found = set()
        for c in self.components:
            span = self._span_of(c, doc)
            if c.key not in keys and span is not None and span.line <= problem.span.line <= span.end_line:
                found.add(c.key)
        return found

    def _span_of(self, c: Component, doc: YamlDocument) -> Span | None:
        if c.section in ("categories", "assistance"):
            items = doc.data.get(c.section) or []
            index = next((i for i, x in enumerate(items) if isinstance(x, dict) and x.get("id") == c.id), None)
            if index is None:
                return None
            path: tuple[str | int, ...] = (c.section, index)
        elif c.section == "inputs":
            level, name = c.id.split(":", 1)
            path = ("inputs", level, name)
        else:
            path = (c.section, c.id)
        info = doc.info(path)
        if info is None:
            return None
        start = doc.span(path, key=True)
        end_line = doc.position(max(info.start, info.end - 1))[0]
        return Span(start.file, min(start.line, info.span.line), 1, end_line, 1)

    @property
    def built(self) -> int:
        """How many different hybrid policies were built (each costs a policy load)."""
        return len({id(h) for h in self._cache.values()})

    def get(self, keys: Iterable[str]) -> Hybrid:
        """The hybrid for these changes, taking in every further change it needs to load."""
        wanted = frozenset(keys)
        if wanted in self._cache:
            return self._cache[wanted]
        current = wanted.union(*(self.needs.get(k, ()) for k in wanted))
        while True:
            if current in self._cache and current != wanted:
                result = self._cache[current]
                break
            policy, problems, doc = self._build(current)
            if policy is not None:
                result = Hybrid(current, policy)
                break
            extra: set[str] = set()
            for problem in problems:
                extra |= self._fixes(problem, doc, current)
            if not extra:
                result = Hybrid(current, None, problems[0] if problems else None)
                break
            current = current | extra
        self._cache[wanted] = self._cache[current] = result
        return result
