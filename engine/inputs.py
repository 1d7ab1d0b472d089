"""A policy's input fields: which values each one may hold.

Input: an `InputField` from the policy's `inputs`. Output: the JSON Schema of the field's values,
which `engine.household` assembles into the schema of a household file, and the mistakes in the
field's own declaration — a `default` the field could not hold, a `minimum` above its `maximum` —
worded for the person editing the policy. Invariant: a default is checked against the very schema
a household's value is checked against, so a default is always a value a household could give.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.model import InputField
from engine.syntax import numerals
from engine.syntax.numerals import THOUSANDS, without_separator
from engine.syntax.printer import number_text

if TYPE_CHECKING:
    import jsonschema

_JSON_TYPES = {"money": "number", "integer": "integer", "number": "number", "boolean": "boolean",
               "date": "string", "text": "string"}
_WANTED = {"money": "an amount in yuan", "integer": "a whole number", "number": "a number",
           "boolean": "true or false", "date": "a date (YYYY-MM-DD)", "text": "a text"}
# Yes/no words an officer may write for a boolean; YAML reads only true/false (and yes/no) as one.
_YES = {"是", "有", "对", "真", "y"}
_NO = {"否", "无", "没有", "不", "不是", "假", "n"}
_DATE_LIKE = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}")  # a date is not a number written with a unit

# A mistake in a field's declaration: code, message, help, and the key at fault ("default", "minimum").
Problem = tuple[str, str, str | None, str]


def field_schema(f: InputField) -> dict[str, Any]:
    """The JSON Schema of the values of one input field (its default included, as documentation)."""
    base: dict[str, Any]
    if f.type == "enum":
        base = {"enum": list(f.values) + ([None] if f.nullable else [])}
    else:
        json_type = _JSON_TYPES[f.type]
        base = {"type": [json_type, "null"] if f.nullable else json_type}
        if f.type == "date":
            base["format"] = "date"
        if f.minimum is not None:
            base["minimum"] = _json_number(f.minimum)
        if f.maximum is not None:
            base["maximum"] = _json_number(f.maximum)
    base["description"] = " / ".join(x for x in (f.label.zh, f.label.en) if x)
    if f.has_default:
        base["default"] = _json_number(f.default) if isinstance(f.default, Decimal) else f.default
    return base


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == int(value) else float(value)


def declaration_problems(f: InputField) -> list[Problem]:
    """What is wrong with the declaration of `f`: bounds that exclude every value, a default it cannot hold."""
    problems: list[Problem] = []
    inverted = f.minimum is not None and f.maximum is not None and f.minimum > f.maximum
    if inverted:
        problems.append(("C014", f"the minimum `{_shown(f.minimum)}` of `{f.name}` is above its maximum "
                                 f"`{_shown(f.maximum)}`",
                         f"swap them: `minimum: {_shown(f.maximum)}, maximum: {_shown(f.minimum)}`", "minimum"))
    if f.has_default:
        import jsonschema  # imported here: only a full load checks defaults, and a cached policy has none

        validator = jsonschema.Draft202012Validator(field_schema(f), format_checker=jsonschema.FormatChecker())
        for error in validator.iter_errors(f.default):
            if not (inverted and error.validator in ("minimum", "maximum")):
                problems.append(_default_problem(f, error))
    return problems


def _default_problem(f: InputField, error: jsonschema.ValidationError) -> Problem:
    value, shown = f.default, _shown(f.default)
    if value is None:
        return ("C013", f"the default of `{f.name}` is empty (null), but the field is not nullable",
                "give a default value, or add `nullable: true`", "default")
    if error.validator == "enum":
        values = ", ".join(f"`{v}`" for v in f.values)
        if str(value) in f.values:
            hint = f"write it in quotes, as the values are texts: `'{value}'`"
        else:
            lowered = {v.lower(): v for v in f.values}  # `a` for `A` is the usual slip
            close = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=0.6)
            hint = f"did you mean `{lowered[close[0]]}`?" if close else f"the values are {values}"
        return "C003", f"the default `{shown}` of `{f.name}` is not one of its values", hint, "default"
    if error.validator in ("minimum", "maximum"):
        bound = _shown(f.minimum if error.validator == "minimum" else f.maximum)
        side, least = ("below", "at least") if error.validator == "minimum" else ("above", "at most")
        return ("C013", f"the default `{shown}` of `{f.name}` is {side} its {error.validator} `{bound}`",
                f"give a default of {least} {bound}, or change `{error.validator}`", "default")
    return ("C013", f"the default of `{f.name}` must be {_WANTED[f.type]}, not `{shown}`",
            _type_help(f, value), "default")


def _type_help(f: InputField, value: Any) -> str:
    if f.type == "boolean":
        word = str(value).strip().lower()
        if word in _YES or value == 1:
            return "write `true`"
        if word in _NO or value == 0:
            return "write `false`"
        return "write `true` or `false`"
    if f.type == "date":
        return "write the date as YYYY-MM-DD, e.g. `2024-01-01`"
    if f.type == "text":
        return f"put it in quotes: `'{_shown(value)}'`"
    text = _shown(value)
    if THOUSANDS.fullmatch(text.strip()):
        return without_separator(text.strip())
    null = ", or `null` for no value" if f.nullable else ""
    digits = None if _DATE_LIKE.match(text) else numerals.number_in(text)  # 1.5万 is 15000
    if digits is None:
        return f"write {'a whole number' if f.type == 'integer' else 'a number'}, e.g. `0`{null}"
    number = Decimal(digits)
    if "%" in text:
        number /= 100
    if f.type == "integer" and number != number.to_integral_value():
        low = int(number.to_integral_value(rounding="ROUND_FLOOR"))
        return f"write a whole number: `{low}` or `{low + 1}`"
    plain = number_text(number)
    return f"write `{plain}`: amounts are yuan, written without a unit" if f.type == "money" else f"write `{plain}`"


def _shown(value: Any) -> str:
    """A value as it is written in a policy file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return number_text(value) if isinstance(value, Decimal) else str(value)


__all__ = ["Problem", "declaration_problems", "field_schema"]
