"""The `help:` lines of the checker's diagnostics: "did you mean", how to aggregate a member value,
the unit a literal lacks.

Input: the names, types and nodes of one mistake. Output: one line of help, or None where there is
nothing sharper to say than the message. Invariant: pure functions; they report nothing themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from engine import types as t
from engine.model import Parameter
from engine.spelling import closest_of
from engine.syntax import ast
from engine.syntax.errors import KEYWORDS
from engine.syntax.printer import number_text, to_text

_MONEY = {"yuan": "amount", "yuan/month": "rate", "yuan/year": "rate"}  # the kind of money each unit writes


def suggest(name: str, candidates: Iterable[str], fits: Callable[[str], bool] = lambda _: True) -> str | None:
    """A "did you mean" help line for the candidate closest to `name`, if any is close (and `fits`)."""
    return _did_you_mean(name, {c: c for c in candidates}, fits)


def suggest_name(name: str, visible: Iterable[str], fits: Callable[[str], bool] = lambda _: True) -> str | None:
    """"Did you mean" for a name, among those that `fits` the place; a dotted name is matched on its last part
    among names of the same group."""
    head, dot, tail = name.partition(".")
    if dot:
        same_group = {n.partition(".")[2]: n for n in visible if n.startswith(head + ".")}
        if same_group:
            return _did_you_mean(tail, same_group, fits)
    return suggest(name, visible, fits)


def _did_you_mean(written: str, names: Mapping[str, str], fits: Callable[[str], bool]) -> str | None:
    """The closest of `names` (by what is compared with `written`) that fits, closest first."""
    meant = closest_of(written, names, fits)
    return f"did you mean `{meant}`?" if meant else None


def name_help(name: str) -> str | None:
    """Where an unknown name should have been declared, or the slip that made it look like a name."""
    if name != name.lower() and name.lower() in KEYWORDS:
        return f"keywords are written in lower case: write `{name.lower()}`"
    if name in ("month", "months", "year", "years", "yuan"):
        return "a unit follows a number directly, with no space inside it: `490 yuan/month`, `24 months`"
    if name.startswith(("income.", "expenses.", "own_income.", "own_expenses.")):
        return "declare the type under `income` or `expenses`"
    if "." in name:
        return "declare the field under `inputs`"
    return "declare it under `parameters`, `definitions` or `inputs`"


def aggregate_hint(name: str, value: t.Type) -> str:
    """How to read a member value at household level: only aggregations valid for its type."""
    match value.kind:
        case "boolean":
            forms = [f"any(members, {name})", f"count(members where {name})"]
        case "amount" | "rate":
            forms = [f"sum(members, {name})", f"max(members, {name})"]
        case "number" | "duration":
            threshold = ">= 60" if name == "age" else "> 0"  # the one member number every reader knows
            forms = [f"max(members, {name})", f"count(members where {name} {threshold})"]
        case "date":
            forms = [f"min(members, {name})", f"max(members, {name})"]
        case "text":
            example = to_text(ast.String(min(value.values))) if value.values else '"…"'
            forms = [f"any(members, {name} == {example})", f"count(members where {name} == {example})"]
        case _:
            return "aggregate it over members with `any`, `all`, `count`, `sum`, `min` or `max`"
    return f"aggregate it over members, e.g. `{forms[0]}` or `{forms[1]}`"


def or_values_hint(node: ast.Node) -> str | None:
    """`grade == "C" or "D"`: the second value of a choice written as if `or` joined values, not tests."""
    if not isinstance(node, ast.Or) or not isinstance(node.right, ast.String | ast.Number):
        return None
    chosen = node.left
    if isinstance(chosen, ast.Compare) and chosen.op == "==" and isinstance(chosen.right, ast.String | ast.Number):
        values = ", ".join(to_text(v) for v in (chosen.right, node.right))
        return f"`or` joins tests, not values: write `{to_text(chosen.left)} in {{{values}}}`"
    return None


def literal_hint(left: ast.Node, right: ast.Node, a: t.Type, b: t.Type,
                 parameters: Mapping[str, Parameter]) -> str | None:
    """A sharper hint when one side of a mismatch is a literal, just typed or the value of a parameter: a unit
    too many or too few (with the parameter of that value, if there is one), an amount compared with a rate, a
    date in quotes or written with slashes."""
    for text, value_type in ((right, a), (left, b)):
        if value_type.kind == "date" and isinstance(text, ast.String) and _is_date(text.value):
            return f"write dates without quotes: `{text.value}`"
        if value_type.kind == "date" and (slashed := _slashed_date(text)) is not None:
            return f"`{to_text(text)}` is a division here: write the date as `{slashed}`"
    for plain, money, plain_type, money_type in ((left, right, a, b), (right, left, b, a)):
        if plain_type.kind != "number" or money_type.kind not in ("amount", "rate", "duration"):
            continue
        if isinstance(money, ast.Quantity):
            return f"`{to_text(plain)}` is a plain number (a count, or years): write `{number_text(money.value)}`"
        if isinstance(plain, ast.Number) and money_type.kind != "duration":
            fix = f"give the number a unit: {with_unit(number_text(plain.value), money_type.kind)}"
            same = _parameter_of_value(plain.value, money_type.kind, parameters)
            return f"write `{same}` (`{to_text(parameters[same].expr.node)}`), or {fix}" if same else fix
    return period_hint(left, right, a, b, "rate", parameters)


def period_hint(left: ast.Node, right: ast.Node, a: t.Type, b: t.Type, other: t.Kind,
                parameters: Mapping[str, Parameter]) -> str | None:
    """`22300 yuan`, typed in a rule or as the value of the parameter it names, where a rate would fit beside
    a value of the `other` kind (compared with a rate, multiplied by a duration): it may be meant per month or
    per year."""
    for amount, amount_type, other_type in ((left, a, b), (right, b, a)):
        if amount_type.kind != "amount" or other_type.kind != other:
            continue
        if isinstance(amount, ast.Quantity):
            return f"give the amount its period: {with_unit(number_text(amount.value), 'rate')}"
        name = amount.dotted if isinstance(amount, ast.Name) else ""
        parameter = parameters.get(name)
        value = parameter.expr.node if parameter is not None else None
        if parameter is not None and isinstance(value, ast.Quantity) and parameter.expr.span is not None:
            return (f"`{name}` is `{to_text(value)}` (line {parameter.expr.span.line}), an amount: if it is "
                    f"meant per month or per year, write {with_unit(number_text(value.value), 'rate')} there")
    return None


def with_unit(number: str, kind: str) -> str:
    """A number with the unit of an amount (`490 yuan`), or with those of a rate, whose period only the
    document can tell (`490 yuan/month` or `490 yuan/year`)."""
    return f"`{number} yuan`" if kind == "amount" else f"`{number} yuan/month` or `{number} yuan/year`"


def _parameter_of_value(number: Decimal, kind: str, parameters: Mapping[str, Parameter]) -> str | None:
    """The first parameter written as money of `kind` whose value is `number`; a rate's per month or per year."""
    for name, parameter in parameters.items():
        value = parameter.expr.node
        if not isinstance(value, ast.Quantity) or _MONEY.get(value.unit) != kind:
            continue
        per_other = {"yuan/month": value.value * 12, "yuan/year": value.value / 12}.get(value.unit)
        if number in (value.value, per_other):
            return name
    return None


def listed(names: Iterable[str]) -> str:
    """Names in backticks, separated by commas: `a`, `b`."""
    return ", ".join(f"`{name}`" for name in names)


def _slashed_date(node: ast.Node) -> str | None:
    """`2026/1/1` read as two divisions of whole numbers, as the date it was meant to be."""
    match node:
        case ast.Arith(op="/", left=ast.Arith(op="/", left=ast.Number(value=y), right=ast.Number(value=m)),
                       right=ast.Number(value=d)):
            try:
                return datetime.date(int(y), int(m), int(d)).isoformat()
            except ValueError:
                return None
    return None


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
