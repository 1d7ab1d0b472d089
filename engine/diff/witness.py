"""Two policies → small example households that they classify differently (`policy diff --witness`).

Input: the old and the new `Policy` and an evaluation date. Output: `Witness`es,
at most one per transition (old categories → new categories, at household and at
member level), each a household in the DESIGN §6 format. The search walks the
boundaries the policies draw: every constant a rule compares with (parameter
values, and definitions computed from parameters only) and its ±0.01
neighbours, multiplied out per household size 1–3, crossed with one change of
each household field and, for rigid expenses, the shares the policies use.
Invariants: smaller households are tried first; every witness is checked again
by validating and evaluating it under both policies, and only checked ones are
returned; the search is bounded (`limit` candidates). `unshown` names the changes
that can move a household and that no witness shows, so the report can say so.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from engine.diagnostics import Said, shell_word
from engine.diff.changes import PolicyDiff
from engine.diff.hybrid import Component
from engine.diff.impact import Attribution, Impact, Outcome, classify, combined, shape
from engine.evaluator import EvaluationError, HouseholdContext, program_for
from engine.household import HouseholdError, validate_household
from engine.household_input import read_json
from engine.model import InputField, Policy
from engine.selection import file_in_prose
from engine.syntax import ast
from engine.tracing import NULL_TRACER
from engine.yamlsource import YamlDocument

CENT = Decimal("0.01")
STEPS = (-CENT, Decimal(0), CENT)


@dataclass(frozen=True)
class Witness:
    level: str  # "household" or "member"
    old: str  # the combined label, e.g. "dibao+monitoring"
    new: str
    household: dict[str, Any]
    old_outcome: Outcome
    new_outcome: Outcome


def _constant_names(policy: Policy) -> set[str]:
    """Parameters, and household definitions computed from constants only."""
    names = set(policy.parameters)
    changed = True
    while changed:
        changed = False
        for d in policy.definitions.values():
            if d.name not in names and d.level == "household" and all(
                    n.dotted in names for n in ast.names_in(d.expr.node)) and not any(
                    isinstance(n, ast.Aggregate) for n in d.expr.node.walk()):
                names.add(d.name)
                changed = True
    return names


def thresholds(policy: Policy, date: datetime.date) -> dict[str, set[Decimal]]:
    """The constants the policy's rules compare with, by kind (rate per year, amount, number)."""
    constants = _constant_names(policy)
    program = program_for(policy)
    probe = validate_household({"id": "probe", "members": [{"id": "p1", "birth_date": "1970-01-01"}]},
                               policy, "probe", today=date)
    ctx = HouseholdContext(program, probe, date, NULL_TRACER)
    found: dict[str, set[Decimal]] = {"rate": set(), "amount": set(), "number": set()}
    expressions = [w.test.node for c in policy.categories for w in c.clauses]
    expressions += [d.expr.node for d in policy.definitions.values()]
    for root in expressions:
        for node in root.walk():
            sides: list[ast.Node] = []
            if isinstance(node, ast.Compare):
                sides = [node.left, node.right]
            elif isinstance(node, ast.InRange):
                sides = [node.low, node.high]
            for side in sides:
                if any(isinstance(n, ast.Aggregate) for n in side.walk()) or not all(
                        n.dotted in constants for n in ast.names_in(side)):
                    continue
                kind = policy.types.get(id(side))
                try:
                    value = program.compile(side, "household")(ctx)
                except (EvaluationError, KeyError, TypeError, AttributeError):
                    continue
                if kind is not None and kind.kind in found and isinstance(value, Decimal):
                    found[kind.kind].add(value)
    for name, value in policy.parameter_values.items():
        kind = policy.types.get(id(policy.parameters[name].expr.node))
        if kind is not None and kind.kind in found and isinstance(value, Decimal):
            found[kind.kind].add(value)
    return found


def _levels(values: set[Decimal], size: int) -> list[Decimal]:
    """Each threshold as a household total (per head × size, and alone) and its ±0.01 neighbours."""
    out = {Decimal(0)}
    for value in values:
        for times in {1, size}:
            base = (value * times).quantize(CENT, rounding=ROUND_HALF_UP)
            out.update(base + step for step in STEPS if base + step >= 0)
    return sorted(out)


_PROFILES: dict[str, dict[str, Any]] = {
    "elder": {"relation": "head", "age": 70, "labor_capacity": "none", "supporter": "none"},
    "adult": {"relation": "head", "age": 40, "labor_capacity": "full", "supporter": "none"},
    "child": {"relation": "child", "age": 10, "labor_capacity": "none", "supporter": "able", "student": "compulsory"},
}
_SETUPS = (("elder",), ("adult",), ("elder", "elder"), ("adult", "child"), ("adult", "elder"),
           ("adult", "adult", "child"), ("elder", "adult", "child"))


class _Builder:
    def __init__(self, old: Policy, new: Policy, date: datetime.date):
        self.old, self.new, self.date = old, new, date
        self.member_fields = {f.name: f for f in old.input_fields("member")
                              if any(g.name == f.name for g in new.input_fields("member"))}
        self.household_fields = [f for f in old.input_fields("household")
                                 if any(g.name == f.name and g.type == f.type for g in new.input_fields("household"))]
        both = set(old.income) & set(new.income)
        plain = [t for t in both if old.income[t].counted and new.income[t].counted
                 and old.income[t].share is None and new.income[t].share is None]
        self.income_types = sorted(plain)[:1] + sorted(t for t in both if old.income[t] != new.income[t])
        shared = set(old.expenses) & set(new.expenses)
        self.expenses_changed = sorted(t for t in shared if old.expenses[t].rigid != new.expenses[t].rigid)
        # a type rigid in one version only is placed at the shares too: there it moves a household
        self.rigid = sorted(t for t in shared if old.expenses[t].rigid and new.expenses[t].rigid)[:1] \
            + self.expenses_changed
        self.other_expenses = sorted(t for t in shared if not (old.expenses[t].rigid or new.expenses[t].rigid))

    def member(self, index: int, profile: str) -> dict[str, Any]:
        spec = dict(_PROFILES[profile])
        born = self.date.replace(year=self.date.year - spec.pop("age"), day=1) - datetime.timedelta(days=1)
        if index:
            spec["relation"] = "spouse" if profile != "child" else "child"
        out: dict[str, Any] = {"id": f"p{index + 1}"}
        for name, value in {"birth_date": born.isoformat(), **spec}.items():
            f = self.member_fields.get(name)
            if f is not None and (f.type != "enum" or value in f.values):
                out[name] = value
        return out

    def variants(self) -> Iterator[tuple[str, Any]]:
        """One change of one field from its default: household fields, then the first member's flags."""
        yield "", None
        for f in self.household_fields:
            yield from ((f"household:{f.name}", v) for v in _other_values(f))
        for f in self.member_fields.values():
            if f.type == "boolean":
                yield from ((f"member:{f.name}", v) for v in _other_values(f))
        for t in self.other_expenses + self.expenses_changed:
            yield f"expense:{t}", Decimal(1000)

    def household(self, setup: tuple[str, ...], income: list[tuple[str, Decimal, bool]],
                  expenses: list[tuple[str, Decimal]], deposits: Decimal | None,
                  variant: tuple[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": "WITNESS", "date": self.date.isoformat(),
                                "members": [self.member(i, p) for i, p in enumerate(setup)],
                                "income": [{"type": t, **({"member": "p1"} if own else {}), "amount": a}
                                           for t, a, own in income if a > 0],
                                "expenses": [{"type": t, "amount": a} for t, a in expenses if a > 0]}
        where, value = variant
        if deposits:
            data.setdefault("assets", {})["deposits"] = deposits
        if where.startswith("household:"):
            group, name = where.removeprefix("household:").split(".", 1)
            data.setdefault(group, {})[name] = value
        elif where.startswith("member:"):
            data["members"][0][where.removeprefix("member:")] = value
        elif where.startswith("expense:"):
            data["expenses"].append({"type": where.removeprefix("expense:"), "amount": value})
        return data


def _other_values(f: InputField) -> list[Any]:
    if f.type == "boolean":
        return [not f.default] if f.has_default else [True, False]
    if f.type == "enum":
        return [v for v in f.values if v != f.default]
    if f.type == "integer" and f.name != "assets.deposits":
        return [Decimal(1)]
    return []


def candidates(old: Policy, new: Policy, date: datetime.date) -> Iterator[dict[str, Any]]:
    """Boundary households, smallest first."""
    build = _Builder(old, new, date)
    found = thresholds(old, date)
    for kind, values in thresholds(new, date).items():
        found[kind] |= values
    shares = sorted(v for v in found["number"] if 0 < v <= 1)
    has_deposits = any(f.name == "assets.deposits" for f in build.household_fields)
    for setup in (s for size in (1, 2, 3) for s in _SETUPS if len(s) == size):
        size = len(setup)
        incomes = _levels(found["rate"], size)
        variants = list(build.variants())
        for kind in build.income_types:
            for own in (False, True):
                for amount in incomes:
                    for variant in variants:
                        yield build.household(setup, [(kind, amount, own)], [], None, variant)
        if has_deposits:
            for deposits in _levels(found["amount"], size):
                for amount in (Decimal(0), *sorted(found["rate"])[:1]):
                    for variant in variants:
                        yield build.household(setup, [(build.income_types[0], amount, False)] if build.income_types
                                              else [], [], deposits, variant)
        for rigid in build.rigid:
            for amount in incomes:
                for share in shares:
                    base = (amount * share).quantize(CENT, rounding=ROUND_HALF_UP)
                    for step in STEPS:
                        for variant in variants[:1]:
                            yield build.household(setup, [(build.income_types[0], amount, False)]
                                                  if build.income_types else [], [(rigid, base + step)], None, variant)


def _outcomes(old: Policy, new: Policy, data: dict[str, Any], date: datetime.date,
              same_shape: bool) -> tuple[Outcome, Outcome] | None:
    try:
        household = validate_household(data, old, "witness", today=date)
        first = classify(old, household, date)
        if not same_shape:
            household = validate_household(data, new, "witness", today=date)
        second = classify(new, household, date)
    except (HouseholdError, EvaluationError):
        return None
    return first, second


def jsonable(value: Any) -> Any:
    """Decimals as JSON numbers (int when whole), for printing households."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def to_json(household: dict[str, Any]) -> str:
    """A household as JSON text; amounts have at most two decimals, so they print exactly."""
    return json.dumps(jsonable(household), ensure_ascii=False, indent=2)


def witness_day(new: Policy, forced: datetime.date | None, today: datetime.date) -> datetime.date:
    """The day witnesses are decided on: --date, else today when NEW is in force, else the day of NEW's window
    nearest to today, so that `policy eval` of a witness picks NEW as the report does."""
    if forced is not None:
        return forced
    if new.meta.in_force(today) or today < new.meta.effective_from:
        return max(today, new.meta.effective_from)
    return new.meta.effective_to or today


def dated_as_what_if(new: Policy, day: datetime.date) -> Said | None:
    """What the report says of witnesses decided on a day NEW is not in force on (a --date of the user's): `policy
    eval` on a folder decides them by the version in force, so the way to reproduce one is to name NEW."""
    if new.meta.in_force(day):
        return None
    shown, window, file = day.isoformat(), new.meta.window(), file_in_prose(new)
    again = f"`policy eval WITNESS-01.json --policy {shell_word(str(new.file))} --date {shown}`"
    return Said(f"the example households are dated {shown}, when {file} is not in force ({window}): they are "
                "decided under it as a what-if, and `policy eval` on a folder holding the versions decides them by "
                f"the version in force on that day; to reproduce one: {again}",
                f"示例家庭的日期为 {shown}，{file} 在该日不生效（施行期为 {window}）：示例家庭在该版本下按假设情形"
                f"认定，而对存放各版本的文件夹运行 `policy eval` 会按该日生效的版本认定；如需复现，请运行 {again}")


def witnesses(old: Policy, new: Policy, date: datetime.date, limit: int = 60_000) -> list[Witness]:
    """One checked example household for each transition the boundary search meets."""
    found: dict[tuple[str, str, str], tuple[int, dict[str, Any], Outcome, Outcome]] = {}
    same_shape = shape(old) == shape(new)
    for number, data in enumerate(candidates(old, new, date)):
        if number >= limit:
            break
        results = _outcomes(old, new, data, date, same_shape)
        if results is None or results[0] == results[1]:
            continue
        before, after = results
        keys = [("household", before.label, after.label)]
        after_members = dict(after.members)
        keys += [("member", combined(c), combined(after_members.get(m, ()))) for m, c in before.members]
        for key in keys:
            if key[1] != key[2] and key not in found:
                found[key] = (number, data, before, after)
    # numbered in the order they are printed; a household that shows two transitions keeps one number
    numbers: dict[int, int] = {}
    out = []
    for key in sorted(found, key=lambda k: (k[0] != "household", k[1], k[2])):
        number, data, before, after = found[key]
        index = numbers.get(number, len(numbers) + 1)
        printed = read_json(to_json(dict(data, id=f"WITNESS-{index:02d}")), "witness")
        if _outcomes(old, new, printed, date, False) == (before, after):  # checked again, from the text as printed
            numbers[number] = index
            out.append(Witness(key[0], key[1], key[2], printed, before, after))
    return out


@dataclass(frozen=True)
class UnshownMove:
    """A move the households of `--households` make (`level`, old and new combined labels) that no witness shows:
    how many households make it, and the first of them (its id and where it is), which shows it as it is."""
    level: str
    old: str
    new: str
    households: int
    first: str
    source: str


def unshown_moves(impact: Impact, found: list[Witness]) -> list[UnshownMove]:
    """The moves of households and of members that the impact counts and no witness shows, most households first:
    the search changes one field at a time, and a move that needs two is met only in real households."""
    shown = {(x.level, x.old, x.new) for x in found}
    moves: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for change in impact.changed:
        made = [("household", combined(change.old.categories), combined(change.new.categories))]
        after = dict(change.new.members)
        made += [("member", combined(c), combined(after.get(m, ()))) for m, c in change.old.members]
        for move in dict.fromkeys(made):
            if move[1] != move[2] and move not in shown:
                moves.setdefault(move, []).append((change.id, change.source))
    return [UnshownMove(*move, len(households), *households[0])
            for move, households in sorted(moves.items(), key=lambda x: (-len(x[1]), x[0]))]


@dataclass(frozen=True)
class Unshown:
    """A change no witness shows. `unknown`: what it needs that the old version does not know — the input fields it
    reads, or the expense type it adds — for the old version refuses every household that gives one; empty when the
    search merely did not meet it."""
    change: Component
    unknown: tuple[str, ...] = ()


def unshown(policy_diff: PolicyDiff, old_doc: YamlDocument, new_doc: YamlDocument, found: list[Witness],
            date: datetime.date) -> list[Unshown]:
    """The changes that can move a household (those the impact applies one at a time) that no witness shows: none of
    the witness households is classified otherwise by the old version with that change alone. An income type added
    as counted, or an expense type as rigid, is one (the old version refuses its households); another type or field
    only one version has is left out: it moves no household both versions read."""
    old = policy_diff.old
    attribution = Attribution(policy_diff, old_doc, new_doc)
    components = {c.key: c for c in attribution.hybrids.components}
    out = []
    for key, hybrid in attribution.units:
        c = components[key]
        if hybrid.policy is None:
            continue
        if c.section in ("inputs", "income", "expenses") and c.item.change in ("added", "removed"):
            if c.item.change == "added" and _read_by_categories(c, hybrid.policy):
                out.append(Unshown(c, (c.id,)))
            continue
        if not any(_moves(old, hybrid.policy, x.household, date) for x in found):
            # the fields it reads come with it into the old version: a household that gives one is refused there
            out.append(Unshown(c, tuple(sorted(f.name for key, f in hybrid.policy.inputs.items()
                                               if key not in old.inputs))))
    return out


def _read_by_categories(added: Component, policy: Policy) -> bool:
    """Whether an income or expense type NEW adds enters what the categories read: counted income, rigid expenses."""
    if added.section == "income":
        return policy.income[added.id].counted
    return added.section == "expenses" and policy.expenses[added.id].rigid


def _moves(old: Policy, changed: Policy, data: dict[str, Any], date: datetime.date) -> bool:
    results = _outcomes(old, changed, data, date, False)
    return results is not None and results[0] != results[1]
