"""A policy's input fields: which values each one may hold.

Input: an `InputField` from the policy's `inputs`. Output: the JSON Schema of the field's values,
which `engine.household` assembles into the schema of a household file, and the mistakes in the
field's own declaration — a `default` the field could not hold, a `minimum` above its `maximum` —
worded for the person editing the policy, in English and in Chinese. Invariant: a default is checked
against the very schema a household's value is checked against, so a default is always a value a
household could give.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.diagnostics import Said
from engine.model import InputField
from engine.spelling import a_keyword_slip
from engine.syntax import numerals
from engine.syntax.chinese import value_for_label
from engine.syntax.numerals import THOUSANDS, without_separator
from engine.syntax.printer import number_text

if TYPE_CHECKING:
    import jsonschema

_JSON_TYPES = {"money": "number", "integer": "integer", "number": "number", "boolean": "boolean",
               "date": "string", "text": "string"}
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_WANTED = {"money": Said("an amount in yuan", "以元计的金额"), "integer": Said("a whole number", "整数"),
           "number": Said("a number", "数字"), "boolean": Said("true or false", "是/否值（true 或 false）"),
           "date": Said("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"), "text": Said("a text", "文本")}
# Yes/no words an officer may write for a boolean; YAML reads only true/false (and yes/no) as one.
_YES = {"是", "有", "对", "真", "y"}
_NO = {"否", "无", "没有", "不", "不是", "假", "n"}
_DATE_LIKE = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}")  # a date is not a number written with a unit

# A mistake in a field's declaration: code, message, help (each in English and in Chinese), and the key at
# fault ("default", "minimum").
Problem = tuple[str, Said, Said | None, str]


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
        low, high = _shown(f.minimum), _shown(f.maximum)
        swapped = f"`minimum: {high}, maximum: {low}`"
        problems.append(("C014", Said(f"the minimum `{low}` of `{f.name}` is above its maximum `{high}`",
                                      f"`{f.name}` 的最小值 `{low}` 大于最大值 `{high}`"),
                         Said(f"swap them: {swapped}", f"请把两者对调：{swapped}"), "minimum"))
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
        return ("C013", Said(f"the default of `{f.name}` is empty (null), but the field is not nullable",
                             f"`{f.name}` 的默认值为空（null），但这个字段不允许为空"),
                Said("give a default value, or add `nullable: true`", "请给出默认值，或添加 `nullable: true`"),
                "default")
    if error.validator == "enum":
        values = [f"`{v}`" for v in f.values]
        hint: Said
        if str(value) in f.values:
            quoted = f"`'{value}'`"
            hint = Said(f"write it in quotes, as the values are texts: {quoted}", f"可选值是文本，请加引号：{quoted}")
        elif (labelled := value_for_label(str(value), {label.zh: v for v, label in f.value_labels if label.zh})):
            hint = Said(f"`{value}` is the label of `{labelled}`: write `{labelled}`",  # `default: 无`
                        f"`{value}` 是 `{labelled}` 的标签：请写 `{labelled}`")
        else:
            lowered = {v.lower(): v for v in f.values}  # `a` for `A` is the usual slip
            close = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=0.6)
            hint = (Said(f"did you mean `{lowered[close[0]]}`?", f"是否应为 `{lowered[close[0]]}`？") if close else
                    Said(f"the values are {', '.join(values)}", f"可选值有：{'、'.join(values)}"))
        return ("C003", Said(f"the default `{shown}` of `{f.name}` is not one of its values",
                             f"`{f.name}` 的默认值 `{shown}` 不在它的可选值中"), hint, "default")
    if error.validator in ("minimum", "maximum"):
        bound = _shown(f.minimum if error.validator == "minimum" else f.maximum)
        side, least = ("below", "at least") if error.validator == "minimum" else ("above", "at most")
        side_zh, least_zh = ("小于最小值", "不小于") if error.validator == "minimum" else ("大于最大值", "不大于")
        return ("C013", Said(f"the default `{shown}` of `{f.name}` is {side} its {error.validator} `{bound}`",
                             f"`{f.name}` 的默认值 `{shown}` {side_zh} `{bound}`"),
                Said(f"give a default of {least} {bound}, or change `{error.validator}`",
                     f"请给出{least_zh} {bound} 的默认值，或修改 `{error.validator}`"), "default")
    wanted = _WANTED[f.type]
    if (bare := _right_without_quotes(f, value)) is not None:  # `default: "false"`, `default: "0"`
        return ("C013", Said(f'the default of `{f.name}` must be {wanted.en}, not the text `"{value}"`',
                             f'`{f.name}` 的默认值应为{wanted.zh}，而不是文本 `"{value}"`'),
                _without_quotes(bare), "default")
    return ("C013", Said(f"the default of `{f.name}` must be {wanted.en}, not `{shown}`",
                         f"`{f.name}` 的默认值应为{wanted.zh}，而不是 `{shown}`"),
            _type_help(f, value), "default")


def _right_without_quotes(f: InputField, value: Any) -> str | None:
    """The value a quoted default would be without its quotes, when that value is one the field holds."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if f.type == "boolean":
        return text.lower() if text.lower() in ("true", "false") else None
    if f.type not in ("integer", "number", "money") or not _PLAIN_NUMBER.fullmatch(text):
        return None
    number = Decimal(text)
    fits = (f.type != "integer" or number == number.to_integral_value()) \
        and (f.minimum is None or number >= f.minimum) and (f.maximum is None or number <= f.maximum)
    return text if fits else None


def _without_quotes(word: str) -> Said:
    return Said(f"write `{word}` without quotes", f"请写 `{word}`，不加引号")


def yes_or_no_help(value: Any) -> Said:
    """The help for a value where `true` or `false` is wanted: the one it means when it is a yes/no word or 1/0, or
    either of them with a slip of the keys (`ture`)."""
    word = str(value).strip().lower()
    if isinstance(value, str) and word in ("true", "false"):  # `"true"`: text in quotes
        return _without_quotes(word)
    if word in _YES or value == 1:
        return Said("write `true`", "请写 `true`")
    if word in _NO or value == 0:
        return Said("write `false`", "请写 `false`")
    slipped = [meant for meant in ("true", "false") if isinstance(value, str) and a_keyword_slip(word, meant)]
    if slipped:  # `ture`, `flase`: one slip of the keys
        return Said(f"did you mean `{slipped[0]}`?", f"是否应为 `{slipped[0]}`？")
    return Said("write `true` or `false`", "请写 `true` 或 `false`")


def _type_help(f: InputField, value: Any) -> Said:
    if f.type == "boolean":
        return yes_or_no_help(value)
    if f.type == "date":
        return Said("write the date as YYYY-MM-DD, e.g. `2024-01-01`", "请把日期写作 YYYY-MM-DD，例如 `2024-01-01`")
    if f.type == "text":
        quoted = f"`'{_shown(value)}'`"
        return Said(f"put it in quotes: {quoted}", f"请加引号：{quoted}")
    text = _shown(value)
    if THOUSANDS.fullmatch(text.strip()):
        return without_separator(text.strip())
    null = Said(", or `null` for no value", "；没有值时写 `null`") if f.nullable else Said("", "")
    digits = None if _DATE_LIKE.match(text) else numerals.number_in(text)  # 1.5万 is 15000
    if digits is None:
        kind = Said("a whole number", "整数") if f.type == "integer" else Said("a number", "数字")
        return Said(f"write {kind.en}, e.g. `0`{null.en}", f"请写{kind.zh}，例如 `0`{null.zh}")
    number = Decimal(digits)
    if "%" in text:
        number /= 100
    if f.type == "integer" and number != number.to_integral_value():
        low = int(number.to_integral_value(rounding="ROUND_FLOOR"))
        return Said(f"write a whole number: `{low}` or `{low + 1}`", f"请写整数：`{low}` 或 `{low + 1}`")
    plain = number_text(number)
    if f.type == "money":
        return Said(f"write `{plain}`: amounts are yuan, written without a unit",
                    f"请写 `{plain}`：金额以元计，不写单位")
    return Said(f"write `{plain}`", f"请写 `{plain}`")


def _shown(value: Any) -> str:
    """A value as it is written in a policy file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return number_text(value) if isinstance(value, Decimal) else str(value)


__all__ = ["Problem", "declaration_problems", "field_schema"]
