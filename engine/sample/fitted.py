"""Sampled households fitted to a policy whose inputs are not the ones the sampler draws.

Input: household dicts from `engine.sample.households` (drawn for the shipped policies' inputs) and a
policy. Output: the same households holding only what that policy declares — an input the sampler draws
as the policy declares it (same type, a value the policy lists, within its minimum and maximum) keeps its
drawn value; one it does not draw, or draws otherwise, takes the policy's default, else a plain value of
its type (0, false, the first value listed, the household's date); a line of an income or expense type the
policy lacks is left out; an income or expense type of the policy's own (one the shipped policies do not
declare) is given, by a stream of draws of its own, to one household in ten, for one of its members — and a
`Fitting` tally of all three, for what `policy sample` says of them.
Invariant: for a policy whose inputs the sampler draws alike (the shipped ones) every household is left
as it is, key order included, so its bytes in any format are those of the unfitted sample; lines of the
policy's own types are only added, so the rest of each household is drawn as for the shipped policies.
"""

from __future__ import annotations

import collections
import datetime
import math
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from engine.diagnostics import Said
from engine.model import ExpenseType, IncomeType, InputField, Policy
from engine.sample.draw import chance, typical_amount
from engine.values import listed

_TOP = ("id", "date", "members", "income", "expenses")  # the keys of a household that are not input groups
# the income and expense types of the shipped policies (DESIGN §6): a policy's own types are those beyond them
SHIPPED_TYPES = frozenset({
    *(("income", name) for name in (
        "wage", "business", "agriculture", "property", "pension", "alimony", "transfer_other", "basic_pension",
        "dibao_benefit", "special_care", "family_planning_reward", "scholarship", "heroism_award",
        "disability_allowance", "elderly_allowance")),
    *(("expenses", name) for name in ("medical", "education", "disability_rehab", "disaster"))})
OWN_TYPE_SHARE = 0.1  # the households given a line of each type of the policy's own


@dataclass
class Fitting:
    """How a policy's households are fitted, and what fitting them changed so far."""

    policy: Policy
    member_fields: dict[str, InputField] = field(init=False)
    household_fields: dict[str, InputField] = field(init=False)
    # input → households in which it took its default (or a plain value): drawn otherwise, or not drawn
    defaulted: collections.Counter[str] = field(default_factory=collections.Counter)
    # (income | expenses, type) → lines left out
    left_out: collections.Counter[tuple[str, str]] = field(default_factory=collections.Counter)
    seed: int = 1  # of the draws of the lines of the policy's own types, apart from the households' own
    # (income | expenses, type) → lines added of a type of the policy's own
    added: collections.Counter[tuple[str, str]] = field(default_factory=collections.Counter)

    def __post_init__(self) -> None:
        self.member_fields = {f.name: f for f in self.policy.input_fields("member")}
        self.household_fields = {f.name: f for f in self.policy.input_fields("household")}
        self._member_keys = {"id", *self.member_fields}
        self._groups: dict[str, set[str]] = {}
        for name in self.household_fields:
            group, _, rest = name.partition(".")
            self._groups.setdefault(group, set()).add(rest)
        self._keys = {*_TOP, *self._groups}
        self._accepts = {f.name: accepting(f) for f in [*self.member_fields.values(), *self.household_fields.values()]}
        self._own: list[tuple[str, IncomeType | ExpenseType]] = [
            (section, kind) for section in ("income", "expenses")
            for name, kind in getattr(self.policy, section).items() if (section, name) not in SHIPPED_TYPES]
        self._rng = random.Random(f"own types {self.seed}")

    def _as_drawn(self, h: dict[str, Any]) -> bool:
        """Whether fitting leaves the household as it is (the usual case, told quickly)."""
        if h.keys() != self._keys:
            return False
        accepts = self._accepts
        for m in h["members"]:
            if m.keys() != self._member_keys:
                return False
            for name, value in m.items():
                if name != "id" and not accepts[name](value):
                    return False
        for group, names in self._groups.items():
            values = h[group]
            if not isinstance(values, dict) or values.keys() != names:
                return False
            for name, value in values.items():
                if not accepts[f"{group}.{name}"](value):
                    return False
        return all(x["type"] in self.policy.income for x in h["income"]) and all(
            x["type"] in self.policy.expenses for x in h["expenses"])

    def all(self, households: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for h in households:
            yield self.fitted(h)

    def fitted(self, h: dict[str, Any]) -> dict[str, Any]:
        out = h if self._as_drawn(h) else self._declared(h)
        return self._with_own_types(h, out) if self._own else out

    def _added(self) -> list[tuple[str, str, int]]:
        """The policy's own types lines were added of (income first, in the policy's order), with their count."""
        return [(s, kind.name, self.added[(s, kind.name)]) for s, kind in self._own if self.added[(s, kind.name)]]

    def _with_own_types(self, drawn: dict[str, Any], h: dict[str, Any]) -> dict[str, Any]:
        """`h` with a line of each type of the policy's own for one household in ten: counted income for a member
        who can work (`drawn`: the household as drawn, with its capacities), any other for any member; amounts
        around 3,000 yuan a year, within the type's plausible range."""
        added: dict[str, list[dict[str, Any]]] = {}
        for section, kind in self._own:
            if not chance(self._rng, OWN_TYPE_SHARE):
                continue
            earning = isinstance(kind, IncomeType) and kind.counted
            members = [m["id"] for m in drawn["members"] if not earning or m.get("labor_capacity") != "none"]
            if not members:
                continue
            line = {"type": kind.name, "member": self._rng.choice(members),
                    "amount": _plausible(kind, typical_amount(self._rng, 3000, 0.8, 100, 30000))}
            added.setdefault(section, list(h[section])).append(line)
            self.added[(section, kind.name)] += 1
        return {**h, **added} if added else h

    def _declared(self, h: dict[str, Any]) -> dict[str, Any]:
        changed: set[str] = set()
        out: dict[str, Any] = {key: h[key] for key in _TOP}
        day = h["date"]  # (the sampler dates every household)
        out["members"] = [self._member(m, changed, day) for m in h["members"]]
        for section, declared in (("income", self.policy.income), ("expenses", self.policy.expenses)):
            kept = [x for x in h[section] if x["type"] in declared]
            if len(kept) < len(h[section]):
                self.left_out.update((section, x["type"]) for x in h[section] if x["type"] not in declared)
                out[section] = kept
        groups: dict[str, dict[str, Any]] = {}
        for group, values in h.items():  # the drawn groups first, in their order: unchanged where all is declared
            if group in _TOP or not isinstance(values, dict):
                continue
            for name, value in values.items():
                f = self.household_fields.get(f"{group}.{name}")
                if f is not None:
                    groups.setdefault(group, {})[name] = self._value(f, value, changed, day)
        for name, f in self.household_fields.items():  # then what the policy declares and the sampler does not draw
            group, _, rest = name.partition(".")
            if rest not in groups.get(group, {}):
                groups.setdefault(group, {})[rest] = self._value(f, _NOT_DRAWN, changed, day)
        out.update(groups)
        self.defaulted.update(changed)
        return out

    def _member(self, m: dict[str, Any], changed: set[str], day: Any) -> dict[str, Any]:
        out = {"id": m["id"]}
        for name, value in m.items():
            f = self.member_fields.get(name)
            if f is not None:
                out[name] = self._value(f, value, changed, day)
        for name, f in self.member_fields.items():
            if name not in out:
                out[name] = self._value(f, _NOT_DRAWN, changed, day)
        return out

    def _value(self, f: InputField, value: Any, changed: set[str], day: Any) -> Any:
        if value is not _NOT_DRAWN and fits(f, value):
            return value
        changed.add(f.name if f.level == "household" else f"members[].{f.name}")
        return plain_value(f, day)

    def note(self) -> Said | None:
        """What fitting changed, to say once the households are written; None when nothing was."""
        source = self.policy.file
        if not self.defaulted and not self.left_out and not self.added:
            return None
        parts_en: list[str] = []
        parts_zh: list[str] = []
        if self.defaulted:
            names = [f"`{n}`" for n in sorted(self.defaulted)]
            parts_en.append(f"{listed(names, 'en')} take their default (or a plain value: 0, false, the first value "
                            "listed) wherever the sampler draws no value that fits their declaration")
            parts_zh.append(f"{'、'.join(names)} 在抽样没有给出符合其声明的值时取其默认值"
                            "（没有默认值时取 0、false 或所列的第一个值）")
        for section, en, zh in (("income", "income", "收入"), ("expenses", "expense", "支出")):
            types = sorted({t for s, t in self.left_out if s == section})
            if types:
                named = [f"`{t}`" for t in types]
                lines = sum(n for (s, _), n in self.left_out.items() if s == section)
                parts_en.append(f"{lines} {en} lines of types it does not have ({listed(named, 'en')}) are left out")
                parts_zh.append(f"它没有的{zh}类型（{'、'.join(named)}）的 {lines} 条记录未写出")
        if self.added:
            words = {"income": ("income", "收入"), "expenses": ("expense", "支出")}
            added = [(f"{n} {words[s][0]} line{'s' if n != 1 else ''} of its own type `{name}`",
                      f"{n} 条它自己的{words[s][1]}类型 `{name}` 的记录") for s, name, n in self._added()]
            parts_en.append(listed([en for en, _ in added], "en"))
            verb = "are" if len(added) > 1 or self.added.total() != 1 else "is"
            parts_en[-1] += f" {verb} added, each to about one household in ten"
            parts_zh.append(f"新增了 {'、'.join(zh for _, zh in added)}，每种类型各给约十分之一的家庭")
        return Said(f"the households are drawn for the inputs of the shipped policies; to fit {source}: "
                    + "; ".join(parts_en), f"抽样家庭按随附政策的输入项生成；为适合 {source}：" + "；".join(parts_zh))


_NOT_DRAWN: Any = object()


def _plausible(kind: IncomeType | ExpenseType, amount: int) -> int:
    """A drawn amount moved into the type's plausible range, if it has one, in whole tens of yuan."""
    if kind.plausible is None:
        return amount
    low, high = kind.plausible.minimum, kind.plausible.maximum
    if low is not None and amount < low:
        amount = math.ceil(low / 10) * 10
    if high is not None and amount > high:
        amount = math.floor(high / 10) * 10
    return amount


def accepting(f: InputField) -> Callable[[Any], bool]:
    """`fits` for one input, quicker for the values the sampler draws (whole yuan, a value listed)."""
    if f.type == "enum":
        listed = frozenset(f.values) | ({None} if f.nullable else set())
        return lambda value: (value is None or type(value) is str) and value in listed
    if f.type == "boolean":
        return lambda value: type(value) is bool or (value is None and f.nullable)
    if f.type in ("money", "integer", "number"):
        low, high = f.minimum, f.maximum

        def whole(value: Any) -> bool:
            if type(value) is int:
                return (low is None or value >= low) and (high is None or value <= high)
            return fits(f, value)
        return whole
    return partial(fits, f)


def fits(f: InputField, value: Any) -> bool:
    """Whether a drawn value is one the policy's declaration of the input takes as it is."""
    if value is None:
        return f.nullable
    kind = f.type
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in ("text", "enum", "date"):
        if not isinstance(value, str):
            return False
        if kind == "enum":
            return value in f.values
        if kind == "date":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return False
        return True
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    if kind == "integer" and value != int(value):
        return False
    return (f.minimum is None or value >= f.minimum) and (f.maximum is None or value <= f.maximum)


def plain_value(f: InputField, day: Any) -> Any:
    """The value an input takes where no drawn value fits: its default, else a plain one of its type."""
    if f.has_default:
        return f.default
    if f.nullable:
        return None
    match f.type:
        case "boolean":
            return False
        case "enum":
            return f.values[0]
        case "text":
            return ""
        case "date":
            return day
    low = f.minimum if f.minimum is not None else Decimal(0)
    if f.maximum is not None and low > f.maximum:
        low = f.maximum
    return int(low) if low == int(low) else float(low)
