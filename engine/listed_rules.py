"""A rule written as a YAML list → the one line it should be (L004's help).

Input: the YAML path of a key that holds one rule (a measure's `when:` and `amount:`, a parameter's `value:`, an
indicator's or a clause's `test:`, …) and the list written there instead (`test:` then `- a > 0` and `- b > 0`).
Output: the help that writes it right, with the user's own items: conditions joined with `and`, the parts of an
amount joined with `*` (or by the operator an item starts or ends with: `- dibao_standard`, `- "* 0.3"`), a
parameter's figure and its unit as one value (`[510, month]` is `510 yuan/month`), or, where the unit is no unit of
the rule language (`[510, dollars]`), the units it has and the one meant. Invariants: English and Chinese (`Said`);
`None` for a path that holds no rule, so that other help applies; an item that is no text (a map) is shown as `…`; a
word that names a parameter or a definition is no unit (`[1.3, dibao_standard]` multiplies it).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from engine.checker.months import says_a_count
from engine.diagnostics import Said
from engine.syntax import ast
from engine.syntax.errors import not_a_duration
from engine.syntax.parser import ParseFailure, parse
from engine.syntax.printer import LEVEL_AND, LEVEL_PRODUCT, level_of
from engine.syntax.unit_words import UNIT_LIKE, no_unit
from engine.values import listed_said

# whose rule each key of a named entry is, and the operator its items are joined with
_ENTRY_RULES = {("parameters", "value"): (Said("a parameter's", "参数的"), "*"),
                ("definitions", "value"): (Said("a definition's", "定义的"), "*"),
                ("income", "share"): (Said("an income type's", "收入类型的"), "*"),
                ("indicators", "test"): (Said("an indicator's", "指标的"), "and")}
# an item that carries the operator joining it to the one before (`* 0.3`), or the unit of the number before it
_CONTINUES = re.compile(r"(?:[*/+<>=!,)%-]|(?:and|or|then|else|in|not\s+in|where)\b|"
                        r"(?:yuan/month|yuan/year|yuan|months|month|years|year)$)")
# an item that ends with the operator joining it to the next one (`dibao_standard *`)
_OPEN_END = re.compile(r"(?:[*/+<>=!,(-]|\b(?:and|or|not|if|then|else|in|where))$")
# a unit written after a parameter's number, and the unit of the rule language it means
_UNIT_WORDS = {**dict.fromkeys(("month", "monthly", "/month", "per month", "a month", "月", "每月", "按月", "/月",
                                "yuan/month", "yuan month", "yuan per month", "yuan a month", "元/月", "元 月",
                                "元每月"), "yuan/month"),
               **dict.fromkeys(("year", "yearly", "annual", "/year", "per year", "a year", "年", "每年", "按年", "/年",
                                "yuan/year", "yuan year", "yuan per year", "yuan a year", "元/年", "元 年", "元每年"),
                               "yuan/year"),
               **dict.fromkeys(("months", "个月", "月数"), "months"), **dict.fromkeys(("years", "年数"), "years"),
               **dict.fromkeys(("yuan", "元"), "yuan"), **dict.fromkeys(("%", "percent", "％"), "%")}
_FIGURES = (ast.Number, ast.Percent, ast.Quantity)
# the period of a rate, a period written alone (`[24, month]`: a count of months, or yuan a month), and the largest
# figure read as a count too (ten years of months; more years than a life)
_PERIODS = {"yuan/month": "month", "yuan/year": "year"}
_PERIOD_ALONE = frozenset({"month", "月", "year", "年"})
_PERIOD_ZH = {"month": "月", "year": "年"}
_LONGEST_COUNT = 120


def listed_rule_help(path: tuple[str | int, ...], instance: Any, data: Any = None) -> Said | None:
    """The fix for a rule written as a list at `path`: the one line it should be, from the list's own items; `data`,
    the whole file, says which words are names rather than units."""
    owner = _owner(path) if isinstance(instance, list) and instance else None
    if owner is None:
        return None
    (whose, joiner), key = owner, str(path[-1])
    if key == "when" and any(isinstance(item, dict) for item in instance):  # a category's clauses, copied
        rule = "`when: " + " and ".join(_operand(_text(item.get("test") if isinstance(item, dict) else item),
                                                 LEVEL_AND) for item in instance) + "`"
        return Said(f"a measure has no clauses (only a category has): write their tests in one `when:`, joined with "
                    f"`and`: {rule}",
                    f"措施没有条款（只有类别才有）：请把各条款的 `test` 用 `and` 连成一条 `when:`：{rule}")
    figure = _figure_help(path, instance, data) if path[0] == "parameters" else None
    if figure is not None:
        return figure
    joined, inserted = _joined([_text(item) for item in instance], joiner)
    line = f"`{key}: {joined}`"
    one = Said(f"{whose.en} `{key}:` is one rule, not a list", f"{whose.zh} `{key}:` 是一条规则，不是列表")
    if len(instance) == 1:
        return Said(f"{one.en}: write it on the line of `{key}:`: {line}",
                    f"{one.zh}：请把它写在 `{key}:` 的同一行：{line}")
    if not inserted:  # each item carries its operator (`- "* 0.3"`)
        return Said(f"{one.en}: write its items on one line: {line}", f"{one.zh}：请把各项写成一行：{line}")
    if joiner == "and":
        return Said(f"{one.en}: join the conditions with `and` on one line: {line}",
                    f"{one.zh}：请用 `and` 把各个条件连成一行：{line}")
    return Said(f"{one.en}: write it on one line, with the operator meant between its items, such as `*`: {line}",
                f"{one.zh}：请写成一行，各项之间写上要用的运算符，例如 `*`：{line}")


def _owner(path: tuple[str | int, ...]) -> tuple[Said, str] | None:
    """Whose rule the key at `path` holds (`a clause's`), and the operator a list's items are joined with there."""
    key = path[-1] if path else None
    if path and path[0] == "assistance" and key in ("when", "amount"):
        whose = Said("an option's", "选项的") if "options" in path else Said("a measure's", "措施的")
        return whose, "and" if key == "when" else "*"
    if len(path) == 5 and path[0] == "categories" and path[2] == "when" and key == "test":
        return Said("a clause's", "条款的"), "and"
    return _ENTRY_RULES.get((str(path[0]), str(key))) if len(path) == 3 else None


def _figure_help(path: tuple[str | int, ...], instance: list[Any], data: Any) -> Said | None:
    """`value: [510, month]`: a parameter's number and its unit, written as one value (`510 yuan/month`); `value:
    [24, month]`, a figure that may count months beside a period alone: both readings, unless the parameter's name or
    label says it counts them (`dibao_deposit_months`); `value: [510, dollars]`: a unit the rule language does not
    have, and the one meant; `value: [20%, 30%]`: the figures to choose one of."""
    texts = [_text(item) for item in instance]
    one = Said("a parameter's `value:` is one figure with its unit, not a list",
               "参数的 `value:` 是一个带单位的数值，不是列表")
    written = " ".join(texts[1:]).strip()
    number = _parsed(texts[0]) if len(texts) > 1 else None
    unit = _UNIT_WORDS.get(written.lower())
    if isinstance(number, ast.Number) and unit is None and UNIT_LIKE.fullmatch(written) \
            and written not in _names(data):
        return _unknown_unit_help(one, texts[0], written)
    if isinstance(number, ast.Number) and unit is not None:
        period = _PERIODS.get(unit)
        if period is not None and says_a_count(str(path[1]), _label_texts(data, str(path[1])), period):
            unit = period + "s"  # `dibao_deposit_months: [24, month]`
        elif period is not None and written.lower() in _PERIOD_ALONE and _may_count(number.value):
            count, rate, zh = f"`value: {texts[0]} {period}s`", f"`value: {texts[0]} {unit}`", _PERIOD_ZH[period]
            return Said(f"{one.en}: write {count} if it counts {period}s, or {rate} if it is an amount per {period}",
                        f"{one.zh}：如果它是{zh}数，请写 {count}；如果它是每{zh}的金额，请写 {rate}")
        figure = f"`value: {texts[0]}{unit}`" if unit == "%" else f"`value: {texts[0]} {unit}`"
        return Said(f"{one.en}: write {figure}", f"{one.zh}：请写 {figure}")
    if len(texts) > 1 and all(isinstance(_parsed(text), _FIGURES) for text in texts):
        choices = listed_said((f"`value: {text}`" for text in texts), last="or")
        return Said(f"{one.en}: write the one that applies, {choices.en}",
                    f"{one.zh}：请只写适用的那一个，{choices.zh}")
    return None


def _unknown_unit_help(one: Said, number: str, word: str) -> Said:
    """`[510, dollars]`: `word` is no unit of the rule language; the units it has, and the one meant (`yuan` for a
    currency, the unit it is a slip of), or a duration in months or years for one in days."""
    duration = not_a_duration(word, number)
    if duration is not None:
        return Said(f"{one.en}, and {duration.en}", f"{one.zh}，而且 {duration.zh}")
    what, fix = no_unit(number, word, _UNIT_WORDS, lambda figure: f"`value: {figure}`")
    return Said(f"{one.en}, and {what.en}: {fix.en}", f"{one.zh}，而且 {what.zh}：{fix.zh}")


def _label_texts(data: Any, name: str) -> list[str]:
    """The texts of the label of parameter `name` in the file, in each language given."""
    entry = data.get("parameters") if isinstance(data, dict) else None
    label = entry.get(name, {}).get("label") if isinstance(entry, dict) and isinstance(entry.get(name), dict) else None
    if isinstance(label, dict):
        return [str(text) for text in label.values() if isinstance(text, str)]
    return [label] if isinstance(label, str) else []


def _may_count(value: Decimal) -> bool:
    """Whether a figure may be a count of months or years: a whole number no larger than a policy counts."""
    return 0 < value <= _LONGEST_COUNT and value == value.to_integral_value()


def _names(data: Any) -> frozenset[str]:
    """The parameters and definitions a file names: words a rule reads, never units."""
    if not isinstance(data, dict):
        return frozenset()
    return frozenset(str(name) for section in ("parameters", "definitions")
                     if isinstance(data.get(section), dict) for name in data[section])


def _joined(texts: list[str], joiner: str) -> tuple[str, bool]:
    """The items as one rule: glued where an item carries its operator, else joined by `joiner` (an operand that
    binds more loosely in brackets); and whether `joiner` was put in."""
    operands = [texts[0]]
    for text in texts[1:]:
        if _CONTINUES.match(text) or _OPEN_END.search(operands[-1]):
            operands[-1] += text if text.startswith("%") else " " + text
        else:
            operands.append(text)
    if len(operands) == 1:
        return operands[0], False
    level = LEVEL_AND if joiner == "and" else LEVEL_PRODUCT
    return f" {joiner} ".join(_operand(text, level) for text in operands), True


def _text(item: Any) -> str:
    """An item of the list as written; `…` for what is no rule (a map, a list, nothing)."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if not isinstance(item, str | int | Decimal) or not str(item).strip():
        return "…"
    return str(item).strip()


def _parsed(text: str) -> ast.Node | None:
    try:
        return parse(text)
    except ParseFailure:
        return None


def _operand(text: str, level: int) -> str:
    """`text` as an operand of an operator of `level`: in brackets where it binds more loosely (`a or b` of `and`)."""
    node = _parsed(text)
    return text if node is None or level_of(node) >= level else f"({text})"
