"""A policy diff × households → who moves from which category to which, and why.

Input: a `PolicyDiff`, the data of both policy files (`YamlDocument`s), household
records and one evaluation date. Output: an `Impact` — transition matrices at
household and member level, every household whose categories changed with the
changes that cause it, assistance totals under both versions, and the records
that could not be evaluated. Invariants: every household is evaluated under
both versions on the same date (its own `date` is ignored); a cause is found by
evaluation, never guessed: each change is applied on its own to the old policy
(a *hybrid* built at the data level and loaded like any policy file) and is a
cause when that alone changes the household's result; a bad record is reported
and counted and never stops the run.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.diagnostics import Diagnostic
from engine.diff import PolicyDiff
from engine.evaluator import Decision, EvaluationError, HouseholdContext, evaluate, program_for
from engine.household import Household, HouseholdError, read_json, validate_household
from engine.hybrid import Component, Hybrid, Hybrids
from engine.model import Policy
from engine.tracing import NULL_TRACER
from engine.yamlsource import YamlDocument

NONE = "none"
TWELVE = Decimal(12)


# -- outcomes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """The categories of a household and of each of its members."""

    categories: tuple[str, ...]
    members: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def label(self) -> str:
        return combined(self.categories)

    def describe(self) -> str:
        """`dibao+monitoring [p1: tekun]`: the household's categories, then members who have any."""
        members = ", ".join(f"{m}: {combined(c)}" for m, c in self.members if c)
        return self.label + (f" [{members}]" if members else "")


def combined(categories: Iterable[str]) -> str:
    """Several categories held at once read as one label, in the policy file's order: `dibao+monitoring`."""
    return "+".join(categories) or NONE


def outcome(decision: Decision) -> Outcome:
    return Outcome(decision.categories, tuple(decision.members.items()))


def shape(policy: Policy) -> tuple[Any, ...]:
    """What household validation depends on: two policies with the same shape read a household alike."""
    fields = tuple(sorted((k, f.type, f.values, f.has_default, str(f.default), f.nullable, f.minimum, f.maximum)
                          for k, f in policy.inputs.items()))
    return fields, tuple(sorted(policy.income)), tuple(sorted(policy.expenses))


# -- reading households -----------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    source: str  # file, file:line or file[index]
    data: Any = None
    error: HouseholdError | None = None


def read_records(path: Path) -> Iterator[Record]:
    """Household records from JSON Lines, a JSON file (one household or a list), or a folder of them."""
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file() and child.suffix in (".json", ".jsonl"):
                yield from read_records(child)
        return
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        yield Record(name, error=HouseholdError([Diagnostic(
            "H001", f"byte {error.start} is not UTF-8 text", None, source_file=name, help="save the file as UTF-8")]))
        return
    stripped = text.lstrip("\ufeff").strip()
    if path.suffix == ".jsonl" or (not stripped.startswith("[") and "\n{" in stripped):
        for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
            if line.strip():
                yield _record(line, f"{name}:{number}")
        return
    try:
        data = read_json(text, name)
    except HouseholdError as error:
        yield Record(name, error=error)
        return
    if isinstance(data, list):
        yield from (Record(f"{name}[{i}]", item) for i, item in enumerate(data))
    else:
        yield Record(name, data)


def _record(text: str, source: str) -> Record:
    try:
        return Record(source, read_json(text, source))
    except HouseholdError as error:
        return Record(source, error=error)


# -- the impact -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cause:
    """A change (with any it cannot be applied without) that alone changes the household's result."""

    key: str
    needs: tuple[str, ...]
    result: Outcome
    exact: bool  # it alone gives the new result


@dataclass(frozen=True)
class HouseholdChange:
    id: str
    source: str
    old: Outcome
    new: Outcome
    causes: tuple[Cause, ...]
    combination: tuple[str, ...] = ()  # when no change alone gives the new result: those that do together


@dataclass(frozen=True)
class BadRecord:
    source: str
    household: str | None
    policy: str | None  # "old", "new" or None when the record cannot be read at all
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class MeasureTotal:
    id: str
    department: str
    old_count: int = 0
    new_count: int = 0
    old_amount: Decimal = Decimal(0)  # per year: monthly payments × 12
    new_amount: Decimal = Decimal(0)
    priced: bool = False  # some grant had an amount (otherwise a service or works)


@dataclass
class Impact:
    date: datetime.date
    records: int = 0
    evaluated: int = 0
    bad: list[BadRecord] = field(default_factory=list)
    households: Counter[tuple[str, str]] = field(default_factory=Counter)  # (old label, new label) → count
    members: Counter[tuple[str, str]] = field(default_factory=Counter)
    changed: list[HouseholdChange] = field(default_factory=list)
    measures: dict[str, MeasureTotal] = field(default_factory=dict)
    components: list[Component] = field(default_factory=list)
    unusable: dict[str, Diagnostic] = field(default_factory=dict)  # changes that cannot be applied alone
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # change → changes it must be applied with

    def departments(self) -> list[MeasureTotal]:
        """The measure totals summed by department (`id` is the department)."""
        totals: dict[str, MeasureTotal] = {}
        for t in self.measures.values():
            row = totals.setdefault(t.department, MeasureTotal(t.department, t.department))
            row.old_count += t.old_count
            row.new_count += t.new_count
            row.old_amount += t.old_amount
            row.new_amount += t.new_amount
            row.priced = row.priced or t.priced
        return list(totals.values())


def _annual(decision: Decision) -> Iterator[tuple[str, Decimal | None]]:
    for grant in decision.assistance:
        amount = grant.amount
        yield grant.measure.id, amount * TWELVE if amount is not None and grant.measure.per == "month" else amount


def classify(policy: Policy, household: Household, date: datetime.date) -> Outcome:
    """The categories alone, as `evaluate` assigns them (without values and assistance)."""
    ctx = HouseholdContext(program_for(policy), household, date, NULL_TRACER)
    return Outcome(
        tuple(c.id for c in policy.categories if c.level == "household" and ctx.assigned(c.id)),
        tuple((m.member.id, tuple(c.id for c in policy.categories if c.level == "member" and m.assigned(c.id)))
              for m in ctx.members))


class _Evaluator:
    """Evaluates one household under several policies, validating once per household shape."""

    def __init__(self, date: datetime.date):
        self.date = date
        self.shapes: dict[int, tuple[Policy, tuple[Any, ...]]] = {}

    def household(self, policy: Policy, data: Any, source: str, cache: dict[Any, Household]) -> Household:
        entry = self.shapes.get(id(policy))
        if entry is None or entry[0] is not policy:
            entry = self.shapes[id(policy)] = (policy, shape(policy))
        household = cache.get(entry[1])
        if household is None:
            household = cache[entry[1]] = validate_household(data, policy, source, today=self.date)
        return household

    def run(self, policy: Policy, data: Any, source: str, cache: dict[Any, Household]) -> Decision:
        return evaluate(policy, self.household(policy, data, source, cache), self.date)

    def classify(self, policy: Policy, data: Any, source: str, cache: dict[Any, Household]) -> Outcome:
        return classify(policy, self.household(policy, data, source, cache), self.date)


class ImpactRun:
    """The impact of a diff, one household at a time (call `add`, then read `impact`)."""

    def __init__(self, policy_diff: PolicyDiff, old_doc: YamlDocument, new_doc: YamlDocument,
                 date: datetime.date):
        self.diff = policy_diff
        self.hybrids = Hybrids(policy_diff, old_doc, new_doc)
        self.evaluator = _Evaluator(date)
        self.impact = Impact(date, components=self.hybrids.components)
        for measure in (*policy_diff.old.assistance, *policy_diff.new.assistance):
            self.impact.measures.setdefault(measure.id, MeasureTotal(measure.id, measure.department))
        self.all_keys = [c.key for c in self.hybrids.components]
        self.units: list[tuple[str, Hybrid]] = []
        for c in self.hybrids.components:
            hybrid = self.hybrids.get([c.key])
            if hybrid.policy is None:
                if hybrid.problem is not None:
                    self.impact.unusable[c.key] = hybrid.problem
                continue
            if hybrid.keys != {c.key}:
                self.hybrids.needs[c.key] = hybrid.keys - {c.key}
                self.impact.needs[c.key] = tuple(k for k in self._order(hybrid.keys) if k != c.key)
            self.units.append((c.key, hybrid))

    def _order(self, keys: Iterable[str]) -> list[str]:
        wanted = set(keys)
        return [k for k in self.all_keys if k in wanted]

    def add(self, record: Record) -> None:
        impact = self.impact
        impact.records += 1
        if record.error is not None:
            impact.bad.append(BadRecord(record.source, record.error.household_id, None,
                                        tuple(record.error.diagnostics)))
            return
        data = record.data
        hid = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
        cache: dict[Any, Household] = {}
        decisions = []
        for side, policy in (("old", self.diff.old), ("new", self.diff.new)):
            try:
                decisions.append(self.evaluator.run(policy, data, record.source, cache))
            except HouseholdError as error:
                impact.bad.append(BadRecord(record.source, hid, side, tuple(error.diagnostics)))
                return
            except EvaluationError as error:
                impact.bad.append(BadRecord(record.source, hid, side, (error.diagnostic,)))
                return
        old, new = decisions
        impact.evaluated += 1
        before, after = outcome(old), outcome(new)
        impact.households[(before.label, after.label)] += 1
        new_members = dict(after.members)
        for member, categories in before.members:
            impact.members[(combined(categories), combined(new_members.get(member, ())))] += 1
        for side, decision in (("old", old), ("new", new)):
            for measure, amount in _annual(decision):
                total = impact.measures[measure]
                total.priced = total.priced or amount is not None
                if side == "old":
                    total.old_count += 1
                    total.old_amount += amount or 0
                else:
                    total.new_count += 1
                    total.new_amount += amount or 0
        if before != after:
            impact.changed.append(self._attribute(old.household, record, before, after, cache))

    def _result(self, hybrid: Hybrid, record: Record, cache: dict[Any, Household]) -> Outcome | None:
        if hybrid.policy is None:
            return None
        try:
            return self.evaluator.classify(hybrid.policy, record.data, record.source, cache)
        except (HouseholdError, EvaluationError):
            return None

    def _attribute(self, hid: str, record: Record, before: Outcome, after: Outcome,
                   cache: dict[Any, Household]) -> HouseholdChange:
        causes = []
        for key, hybrid in self.units:
            result = self._result(hybrid, record, cache)
            if result is not None and result != before:
                needs = tuple(k for k in self._order(hybrid.keys) if k != key)
                causes.append(Cause(key, needs, result, result == after))
        together = () if any(c.exact for c in causes) else self._combination(record, after, cache, causes)
        return HouseholdChange(hid, record.source, before, after, tuple(causes), together)

    def _combination(self, record: Record, after: Outcome, cache: dict[Any, Household],
                     causes: list[Cause]) -> tuple[str, ...]:
        """A set of changes that together give the new result, none of which can be left out.

        The changes that alone alter the result are tried together first, then all changes; the set
        that works is then reduced one change at a time (with the changes only it needs).
        """
        starts = [self._order({k for c in causes for k in (c.key, *c.needs)})] if len(causes) > 1 else []
        for start in [*starts, self.all_keys]:
            hybrid = self.hybrids.get(start)
            if self._result(hybrid, record, cache) == after:
                break
        else:
            return ()
        chosen = self._order(hybrid.keys)
        for key in list(chosen):
            if key not in chosen or any(key in self.impact.needs.get(k, ()) for k in chosen):
                continue
            kept = [k for k in chosen if k != key]
            needed = {n for k in kept for n in self.impact.needs.get(k, ())}
            trial = [k for k in kept if k not in self.impact.needs.get(key, ()) or k in needed]
            hybrid = self.hybrids.get(trial)
            if key not in hybrid.keys and self._result(hybrid, record, cache) == after:
                chosen = self._order(hybrid.keys)
        return tuple(chosen)
