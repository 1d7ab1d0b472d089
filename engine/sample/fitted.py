"""Sampled households fitted to a policy whose inputs are not the ones the sampler draws.

Input: household dicts from `engine.sample.households` (drawn for the shipped policies' inputs) and a
policy. Output: the same households holding only what that policy declares — an input the sampler draws
as the policy declares it (same type, a value the policy lists, within its minimum and maximum) keeps its
drawn value; one it does not draw, or draws otherwise, takes the policy's default, else a plain value of
its type (0, false, the first value listed, the household's date); a line of an income or expense type the
policy lacks is left out — and a `Fitting` tally of both, for what `policy sample` says of them.
Invariant: for a policy whose inputs the sampler draws alike (the shipped ones) every household is left
as it is, key order included, so its bytes in any format are those of the unfitted sample.
"""

from __future__ import annotations

import collections
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from engine.diagnostics import Said
from engine.model import InputField, Policy

_TOP = ("id", "date", "members", "income", "expenses")  # the keys of a household that are not input groups


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
        if self._as_drawn(h):
            return h
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
        if not self.defaulted and not self.left_out:
            return None
        parts_en: list[str] = []
        parts_zh: list[str] = []
        if self.defaulted:
            names = [f"`{n}`" for n in sorted(self.defaulted)]
            parts_en.append(f"{', '.join(names)} take their default (or a plain value: 0, false, the first value "
                            "listed) wherever the sampler draws no value that fits their declaration")
            parts_zh.append(f"{'、'.join(names)} 在抽样没有给出符合其声明的值时取其默认值"
                            "（没有默认值时取 0、false 或所列的第一个值）")
        for section, en, zh in (("income", "income", "收入"), ("expenses", "expense", "支出")):
            types = sorted({t for s, t in self.left_out if s == section})
            if types:
                named = [f"`{t}`" for t in types]
                lines = sum(n for (s, _), n in self.left_out.items() if s == section)
                parts_en.append(f"{lines} {en} lines of types it does not have ({', '.join(named)}) are left out")
                parts_zh.append(f"它没有的{zh}类型（{'、'.join(named)}）的 {lines} 条记录未写出")
        return Said(f"the households are drawn for the inputs of the shipped policies; to fit {source}: "
                    + "; ".join(parts_en), f"抽样家庭按随附政策的输入项生成；为适合 {source}：" + "；".join(parts_zh))


_NOT_DRAWN: Any = object()


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
