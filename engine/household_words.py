"""What a finding about household input says, in English and in Chinese.

Input: what the validator found — a JSON Schema error, or a value and what was expected, or the
place where JSON text stops being JSON — and the policy (its types, labels and enum values).
Output: `Said` messages and help lines, the fix spelt out where the mistake is a common one: a
number in quotes, in full-width digits or with a thousands separator (bare too, where JSON cannot
read it), `3000元`, `二级` for 2, a spreadsheet's `5.2E+04`, `是` for true, a date in another form
(`engine.date_words`), a Chinese label where the policy's word belongs, a
slip of one of a field's values or types (`hgh_school`, or `c` for `C`: the one meant, with its
label), a required input left out (its label and form).
Values are listed with their labels. A caseworker reads them in the language of `--lang`; JSON
output and errors files carry the English. Invariant: a number a help line gives is one JSON reads.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.date_words import date_said, wants_a_date
from engine.diagnostics import Diagnostic, Said, chinese_joined, cjk, escaped, json_quoted, shell_word
from engine.model import InputField, Label, Policy
from engine.spelling import closest, closest_in_any_case
from engine.syntax import chinese
from engine.syntax.numerals import DECIMAL_COMMA, THOUSANDS, number_in, separators_removed, with_decimal_point
from engine.values import UNIT_WORDS, in_quotes, listed_said, plain_number, thousands

if TYPE_CHECKING:
    import jsonschema


# what is done with households that share an id, and what to do about it, as `policy batch`'s summary and
# `policy eval`'s warning say it
DECIDED = Said("each record was decided on its own", "每条记录都已单独认定")
OWN_ID = Said("give every household its own id", "请给每户一个自己的编号")


def line_type(policy: Policy, section: str, kind: str) -> Said:
    """An income or expense type as a warning names it: its label, then the id the file writes, to find the line by
    (`养老金、退休金（城乡居民基础养老金除外）（pension）`)."""
    types = policy.income if section == "income" else policy.expenses
    label = types[kind].label if kind in types else Label()
    return Said(f"{label.en} ({kind})" if label.en else show(kind), f"{label.zh}（{kind}）" if label.zh else show(kind))


def yuan(amount: Decimal, unit: str = "rate") -> Said:
    """An amount as the explanations write it, with two decimals and its unit: `520.00 元/年` (a line's, the sum of a
    year: `rate`), `5.00 元` (deposits: `amount`)."""
    figure = thousands(amount)
    return Said(f"{figure} {UNIT_WORDS['en'][unit]}", f"{figure} {UNIT_WORDS['zh'][unit]}")


def show(value: Any, lang: str = "en") -> str:
    """A value as a finding quotes it: text in quotes (a long one cut), a map or a list by its kind."""
    if isinstance(value, str):
        if len(value) > 60:
            more = f"（共 {len(value):,} 个字符）" if lang == "zh" else f" ({len(value):,} characters)"
            return json_quoted(value[:40])[:-1] + '…"' + more
        return json_quoted(value)
    if isinstance(value, dict | list):
        if lang == "zh":
            return "一个对象" if isinstance(value, dict) else "一个列表"
        return "a " + ("map" if isinstance(value, dict) else "list")
    if isinstance(value, Decimal):  # a number as the file writes it (`1.5`), never in the quotes of a text
        return str(value)
    return json.dumps(value)


def both(value: Any) -> tuple[str, str]:
    """`show` in English and in Chinese."""
    return show(value), show(value, "zh")


def _is_not_zh(value: Any, shown: str, what: str) -> str:
    """`"12x" 不是数字` in Chinese, a finding's value `shown` (`show`) before what it is not; a map or a list, shown
    by its kind, is said where it stands: `这里是一个对象，不是列表`."""
    if isinstance(value, dict | list):
        return f"这里是{shown}，不是{what}"
    return chinese_joined(f"{shown} 不是", what)


_KINDS = {"number": ("a number", "数字"), "integer": ("a whole number", "整数"), "string": ("a text", "文本"),
          "boolean": ("true or false", "true 或 false"), "object": ("a map", "对象"), "array": ("a list", "列表"),
          "null": ("null", "null")}


_UNKNOWN_TYPE = re.compile(r'("(?:[^"\\]|\\.)*") is not an? (?:income|expense) type of this policy')


def unknown_type_named(diagnostic: Diagnostic) -> tuple[str, str] | None:
    """The table (`income` or `expenses`) and the type of an H003 finding (`"gig" is not an income type of this
    policy`, as `schema_finding` words it); None for any other finding."""
    found = _UNKNOWN_TYPE.fullmatch(diagnostic.message) if diagnostic.code == "H003" else None
    table = (diagnostic.path or "").split("[", 1)[0]
    if found is None or table not in ("income", "expenses"):
        return None
    return table, json.loads(found[1])


def schema_finding(error: jsonschema.ValidationError, policy: Policy, cells: bool = False,
                   renamable: bool = False) -> tuple[str, Said, Said | None]:
    """The code, message and help of a JSON Schema error about a household; `cells`: its values are a CSV
    table's cells, where quotes do not make a text (no help says to write a value without them); `renamable`: the
    command reads an export's words for values with `--rename-value`, which the help of such a word offers (it does
    for CSV cells always). (A text that is no date is given by `not_a_date`.)"""
    offer = cells or renamable
    path = list(error.absolute_path)
    v, value = error.validator, error.instance
    en, zh = both(value)
    if v == "required":
        missing = error.message.split("'")[1]
        field = _input_field(policy, [*path, missing])
        given = _key_to_give(policy, path, missing, cells) if field is None else _how_to_fill(field) if cells else None
        if cells and given is not None:  # a CSV table's column left empty in this row
            return "H002", Said(f"`{missing}` is empty", f"`{missing}` 为空", subject=missing), given
        lacking = Said(f"`{missing}` is missing", f"缺少 `{missing}`", subject=missing)
        if field is not None:
            return "H002", lacking, _how_to_give(field)
        return ("H002", lacking,
                given or (_group_to_give(policy, missing) if not path else None))
    if v == "enum" and len(path) >= 2 and path[0] in ("income", "expenses") and path[-1] == "type":
        table = policy.income if path[0] == "income" else policy.expenses
        what = ("an income", "收入") if path[0] == "income" else ("an expense", "支出")
        return ("H003", Said(f"{en} is not {what[0]} type of this policy",
                             _is_not_zh(value, zh, f"本政策的{what[1]}类型")),
                _value_for_label(value, _chinese_labels(path, policy), cells, offer)
                or _meant_value(value, {name: t.label for name, t in table.items()}, cells)
                or _known_types(policy, path[0], cells))
    if v == "enum":
        values: list[Any] = list(error.validator_value)  # type: ignore[arg-type]
        field = _input_field(policy, path)
        labels = dict(field.value_labels) if field is not None else {}
        choices = labelled({x: labels.get(x, Label()) if isinstance(x, str) else Label() for x in values}, cells)
        use = Said(f"use one of {choices.en}", f"可用的取值：{choices.zh}", summarized=True)
        guess = _meant_value(value, {x: labels.get(x, Label()) for x in values if isinstance(x, str)}, cells)
        return ("H002", Said(f"{en} is not one of the allowed values", _is_not_zh(value, zh, "允许的取值")),
                _value_for_label(value, _chinese_labels(path, policy), cells, offer)
                or (Said(f"{guess.en} {use.en}", f"{guess.zh}{use.zh}") if guess is not None else use))
    if wants_a_date(error):
        return ("H002", Said(f"{en} is not a date (YYYY-MM-DD)", _is_not_zh(value, zh, "日期（应为 YYYY-MM-DD）")),
                date_said(value) or (_no_date(path) if value is None or value == "" else
                                     Said("write a date as YYYY-MM-DD, e.g. `1958-03-02`",
                                          "日期请写作 YYYY-MM-DD，例如 `1958-03-02`", summarized=True)))
    if v == "type":
        expected: list[str] = list(error.validator_value) if isinstance(error.validator_value, list) else [
            str(error.validator_value)]
        kinds = [_KINDS.get(e, (e, e)) for e in expected]
        line_amount = path[-1:] == ["amount"]  # an income or expense line's: a year's sum
        wanted = listed_said((Said(*k) for k in kinds), last="or")
        return ("H002", Said(f"{en} is not {wanted.en}", _is_not_zh(value, zh, wanted.zh)),
                (_number_help(value, "number" in expected, cells, line_amount) if {"number", "integer"} & set(expected)
                 else _yes_no_help(value, cells, offer) if "boolean" in expected else
                 _text_help(value) if "string" in expected else
                 _list_help(path[-1]) if "array" in expected and isinstance(value, dict) and path else None)
                or _form_help(expected, cells) or _shape_help(expected, path, policy, value))
    if v == "minimum":
        if path and path[-1] == "amount":
            # a net income can be a loss: the amount a line may hold for it is 0, which is what it then counts as
            return ("H002", Said(f"amount {value} is negative", f"金额 {value} 是负数"),
                    _NET_LOSS if path[0] == "income" else
                    Said("give the amount as a positive number of yuan", "金额应写为以元计的正数"))
        bound = error.validator_value
        return ("H002", Said(f"{value} is below the minimum {bound}", f"{value} 小于最小值 {bound}"),
                _bounds_help(_input_field(policy, path)))
    if v == "maximum":
        bound = error.validator_value
        return ("H002", Said(f"{value} is above the maximum {bound}", f"{value} 大于最大值 {bound}"),
                _bounds_help(_input_field(policy, path)))
    if v == "minItems":
        return "H002", Said("the household has no members", "家庭没有成员"), Said("list at least one member",
                                                                          "至少列出一名成员")
    if v == "maxItems":
        return "H002", too_many(error.validator_value), SPLIT
    if v == "minLength":
        return "H002", Said("must not be empty", "不能为空"), _empty_help(path, cells)
    return "H002", Said(error.message, f"不符合家庭数据的格式：{error.message}"), None


def _chinese_labels(path: list[Any], policy: Policy) -> dict[str, str]:
    """Chinese label → value, of the values a word at `path` may take: an income or expense type's, or an input's."""
    if len(path) >= 2 and path[0] in ("income", "expenses") and path[-1] == "type":
        table = policy.income if path[0] == "income" else policy.expenses
        return {t.label.zh: name for name, t in table.items() if t.label.zh}
    field = _input_field(policy, path)
    return {label.zh: x for x, label in (field.value_labels if field is not None else ()) if label.zh}


def gbk_read_as_utf8(error: jsonschema.ValidationError, policy: Policy) -> str | None:
    """The word a value refused as none of a field's is, where it is that word saved in GBK (GB18030), as Chinese
    Windows saves text, and read as UTF-8: GBK writes a Chinese character in two bytes, which UTF-8 reads as one
    letter as often as not (`女`, C5 AE, is `Ů`; `偶` of `配偶` is `ż`), so a row typed in GBK among rows in ASCII
    reads as UTF-8 and is refused for a letter no one wrote. The word is one of the field's values or names one by
    its label, as `_value_for_label` reads labels; else None."""
    return _gbk_word_of_field(error, policy, lambda value: value.encode("utf-8"))


def gbk_read_as_latin1(error: jsonschema.ValidationError, policy: Policy) -> str | None:
    """The word a value refused as none of a field's is, where it is that word saved in GBK (GB18030), read as
    Latin-1 (or Windows-1252) by a tool between the source and the file, and written again as UTF-8: each byte a
    letter of its own (`女`, C5 AE, is `Å®`; `户主` is `»§Ö÷`). The word is as `gbk_read_as_utf8` finds it; else
    None."""
    return _gbk_word_of_field(error, policy, _latin1_bytes)


def _latin1_bytes(value: str) -> bytes:
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("cp1252")  # (a UnicodeEncodeError here: no such tool wrote it)


def _gbk_word_of_field(error: jsonschema.ValidationError, policy: Policy,
                       written: Callable[[str], bytes]) -> str | None:
    """The word a value refused as none of a field's reads as in GBK, from the bytes it was `written` as, where it
    is one of the field's values or names one by its label; else None."""
    value = error.instance
    if error.validator != "enum" or not isinstance(value, str) or value.isascii():
        return None
    try:
        word = written(value).decode("gb18030")
    except UnicodeError:
        return None
    if word == value or cjk().search(word) is None:
        return None
    if word in error.validator_value or chinese.name_for_label(  # type: ignore[operator]
            word.strip(), _chinese_labels(list(error.absolute_path), policy), unique=True) is not None:
        return word
    return None


def _form_help(expected: list[str], cells: bool) -> Said | None:
    """How a value of the type wanted is written, where nothing sharper is known of the one given (`"3"` for a
    yes/no, `"1405x"` for an amount)."""
    empty = (Said(", or leave the cell empty", "，或留空") if cells else Said(", or `null`", "，或写 `null`")) \
        if "null" in expected else Said("", "")
    if "boolean" in expected:
        quotes = Said("", "") if cells else Said(", without quotes", "，不加引号")
        return Said(f"write `true` or `false`{quotes.en}{empty.en}", f"请写 `true` 或 `false`{quotes.zh}{empty.zh}",
                    summarized=True)
    if "integer" in expected:
        return Said(f"write a whole number in digits, e.g. `2`{empty.en}", f"请写整数，例如 `2`{empty.zh}",
                    summarized=True)
    if "number" in expected:
        return Said(f"write the number in digits, e.g. `18000` or `1405.50`{empty.en}",
                    f"请用数字书写，例如 `18000` 或 `1405.50`{empty.zh}", summarized=True)
    return None


def _shape_help(expected: list[str], path: list[Any], policy: Policy, value: Any) -> Said | None:
    """How a household's parts are written where something else stands (`"assets": 0`, `"members": "3"`, a member
    written as a text): the part's shape, from the policy's inputs, the kind of each value in place of a value."""
    where = path[0] if path else None
    if "object" in expected and len(path) == 2 and where in ("members", "income", "expenses"):
        if where == "members":
            shape = _member_shape(policy)
        else:
            kind = json.dumps(next(iter(policy.income if where == "income" else policy.expenses), "…"))
            shape = _map_shape([("type", Said(kind, kind)), ("member", _P1), ("amount", _PLACEHOLDERS["money"])])
        what = Said("each member", "每位成员") if where == "members" else Said("each line", "每个条目")
        return Said(f"write {what.en} as a map in `{{…}}`, e.g. `{shape.en}`",
                    f"{what.zh}都写成 `{{…}}` 中的映射，例如 `{shape.zh}`", summarized=True)
    if "object" in expected and len(path) == 1:
        fields = [f for f in policy.input_fields("household") if f.name.startswith(f"{where}.")]
        shape = _map_shape([(f.name.partition(".")[2], _placeholder(f)) for f in fields])
        # (never "leave it out": `null` in an export is a value unknown, and the defaults — no deposits, safe
        # water — would decide the household on figures nobody gave)
        return Said(f"write `\"{where}\"` as a map of its fields in `{{…}}`: `{shape.en}`",
                    f"`\"{where}\"` 应写成由其各项组成的 `{{…}}` 映射：`{shape.zh}`", summarized=True)
    if "array" in expected and path in (["members"], ["income"], ["expenses"]):
        one = _member_shape(policy) if where == "members" else Said("{…}", "{…}")
        none = Said("", "") if where == "members" else Said(", or `[]` for none", "，没有时写 `[]`")
        return Said(f"write the list in `[…]`, one map for each: `\"{where}\": [{one.en}, …]`{none.en}",
                    f"请写成 `[…]` 中的列表，每项一个映射：`\"{where}\": [{one.zh}, …]`{none.zh}", summarized=True)
    if "string" in expected and path and path[-1] in ("id", "member"):
        example = "DS-0001" if path == ["id"] else "p1"
        what = Said("an id", "编号") if path[-1] == "id" else Said("the id of a member", "成员的编号")
        return Said(f"write {what.en} as a text in quotes, e.g. `\"{example}\"`",
                    f"请把{what.zh}写成加引号的文本，例如 `\"{example}\"`", summarized=True)
    return None


_P1 = Said('"p1"', '"p1"')


def _member_shape(policy: Policy) -> Said:
    """A member as a help shows its shape: its id and the kind of each input every member needs."""
    return _map_shape([("id", _P1), *[(f.name, _placeholder(f)) for f in policy.input_fields("member")
                                      if not f.has_default]])


def _map_shape(kinds: list[tuple[str, Said]]) -> Said:
    """A map as a help shows it: `{"safe": true or false}`."""
    return Said("{" + ", ".join(f'"{name}": {kind.en}' for name, kind in kinds) + "}",
                "{" + ", ".join(f'"{name}": {kind.zh}' for name, kind in kinds) + "}")


def _placeholder(field: InputField) -> Said:
    """What stands for a field's value where a help shows a map's shape: its kind or its values (`true or false`,
    `"YYYY-MM-DD"`), never a value that would be read, so that a map pasted from the help decides nothing unseen."""
    if field.type == "enum":
        return Said("one of " + ", ".join(show(x) for x in field.values),
                    "、".join(show(x) for x in field.values) + " 之一")
    return _PLACEHOLDERS[field.type]


_PLACEHOLDERS = {
    "date": Said('"YYYY-MM-DD"', '"YYYY-MM-DD"'), "money": Said("amount in yuan", "以元计的金额"),
    "integer": Said("whole number", "整数"), "number": Said("number", "数字"),
    "boolean": Said("true or false", "true 或 false"), "text": Said("text in quotes", "加引号的文本"),
}


_NET_LOSS = Said("an amount is yuan and never below 0; write a net loss (of a business or a farm) as 0: it counts "
                 "as no income, and does not reduce the household's other income",
                 "金额以元计，不能为负数；经营或种养殖净收入为亏损的，写 0（按无收入计，不抵减家庭其他收入）")

_JSON_REASONS = {  # what Python's JSON reader says, in Chinese
    "expecting value": "此处应有一个值", "expecting ',' delimiter": "此处应有逗号 `,`",
    "expecting ':' delimiter": "此处应有冒号 `:`",
    "expecting property name enclosed in double quotes": "此处应有用双引号括起的字段名",
    "unterminated string starting at": "字符串没有结束引号", "extra data": "JSON 结束后还有多余内容",
    "invalid control character at": "字符串中有无效的控制字符", "invalid \\escape": "无效的转义 `\\`",
    "illegal trailing comma before end of object": "对象末尾多了逗号",
    "illegal trailing comma before end of array": "列表末尾多了逗号",
}


_JSON_REASONS_EN = {  # what Python's JSON reader says where it ends on a position the message leaves out
    "unterminated string starting at": "a string has no closing quote",
    "invalid control character at": "a string holds a control character (a tab or a line break inside quotes)",
}


def json_reason(message: str) -> Said:
    """Why text is not JSON, as Python's reader says it (`expecting value`), in both languages."""
    why = message.lower()
    return Said(_JSON_REASONS_EN.get(why, why), _JSON_REASONS.get(why, why))


_NUMBER_CHARACTERS = frozenset("0123456789０１２３４５６７８９.．,，")
_AFTER_NUMBER = frozenset(" \t\r\n,]}")


def number_slip(text: str, at: int) -> tuple[int, int, Said, Said] | None:
    """Why JSON text that stops being JSON at offset `at`, inside a number, does so, when the number is written
    in full-width digits (`４０００`, as a Chinese input method types them) or with a thousands separator
    (`12,000`, where JSON reads `12` and stops at `000`): where the number starts and ends, the message and the
    help, with the number as JSON writes it."""
    if at >= len(text) or text[at] not in _NUMBER_CHARACTERS:
        return None
    start, end = at, at
    while start > 0 and text[start - 1] in _NUMBER_CHARACTERS:
        start -= 1
    while end < len(text) and text[end] in _NUMBER_CHARACTERS:
        end += 1
    while end > at + 1 and text[end - 1] in ",，":  # the comma after a number: JSON's, before the next key
        end -= 1
    if end < len(text) and text[end] not in _AFTER_NUMBER:  # `４x`: more than a number is wrong
        return None
    spaced = _spaced_thousands(text, at)
    if spaced is not None:
        return spaced
    written = text[start:end]
    if _PLAIN_NUMBER.fullmatch(written) and _LEADING_ZEROS.match(written):  # `01000`: JSON reads `0`, stops at `1`
        plain = _LEADING_ZEROS.sub(r"\1", written)
        return (start, end, Said(f"`{written}` starts with a zero", f"`{written}` 以 0 开头"),
                Said(f"write `{plain}`: a number in JSON does not start with 0 (an id or a code keeps its zeros in "
                     f"quotes: `\"{written}\"`)",
                     f"应写作 `{plain}`：JSON 中的数字不以 0 开头（编号、代码要保留开头的 0，请加引号："
                     f"`\"{written}\"`）", summarized=True))
    for first in dict.fromkeys((start, at)):  # the whole number; else what follows a JSON comma (`[1,４]`)
        written = text[first:end]
        plain = half_width(written)
        wide = _FULL_WIDTH_DIGIT.search(written) is not None
        if THOUSANDS.fullmatch(plain) and plain.isascii():
            plain = separators_removed(plain)
            if not wide:
                return (first, end, Said(f"`{written}` is written with a thousands separator",
                                         f"`{written}` 中有千位分隔符"), _no_separator(plain))
            help = Said(f"write `{plain}`: half-width digits, no thousands separator",
                        f"应写作 `{plain}`：用半角数字，不加千位分隔符", summarized=True)
        elif wide and _PLAIN_NUMBER.fullmatch(plain):
            help = Said(f"write `{plain}` in half-width digits", f"应写作 `{plain}`，用半角数字", summarized=True)
        elif first == start and _CENTS_AFTER_COMMA.fullmatch(plain.replace("，", ",")):
            point = with_decimal_point(plain)
            return (first, end, Said(f"`{written}` is written with a decimal comma", f"`{written}` 用逗号作小数点"),
                    Said(f"write `{point}`: a number in JSON has a decimal point",
                         f"应写作 `{point}`：JSON 中的小数点用“.”", summarized=True))
        else:
            continue
        return (first, end, Said(f"`{written}` is written in full-width digits", f"`{written}` 用的是全角数字"),
                help)
    return None


def _no_separator(plain: str) -> Said:
    """The help of a number written with a thousands separator (`12,000`, `12 000`): `plain`, the number without."""
    return Said(f"write `{plain}`: a number in JSON has no thousands separator",
                f"应写作 `{plain}`：JSON 中的数字不加千位分隔符", summarized=True)


def _spaced_thousands(text: str, at: int) -> tuple[int, int, Said, Said] | None:
    """`1 000`, `12 000 000`: a number with spaces between its thousands, where JSON reads `1` and stops at `000`
    (offset `at`): where the number starts and ends, the message and the help; None for any other text."""
    before = re.search(r"(?<![\w.])[0-9]{1,3}(?: [0-9]{3})* $", text[max(0, at - 40):at])
    after = re.match(r"[0-9]{3}(?: [0-9]{3})*(?:\.[0-9]+)?(?=[\s,\]}]|$)", text[at:])
    if before is None or after is None:
        return None
    if in_a_list(text, at) and text[at] != "0":  # `[100 200]`: a comma left out is likelier (not `[1 000]`)
        return None
    start, end = at - len(before.group()), at + after.end()
    written = text[start:end]
    return (start, end, Said(f"`{written}` is written with a space as thousands separator",
                             f"`{written}` 中用空格作千位分隔符"), _no_separator(written.replace(" ", "")))


def open_bracket(text: str, at: int) -> int | None:
    """The offset of the innermost bracket (`{` or `[`) still open at offset `at` of JSON text, quoted text passed
    over; None outside any."""
    opened: list[int] = []
    quoted = escaped = False
    for offset, character in enumerate(text[:at]):
        if quoted:
            quoted, escaped = (escaped or character != '"'), (not escaped and character == "\\")
        elif character == '"':
            quoted = True
        elif character in "[{":
            opened.append(offset)
        elif character in "]}" and opened:
            opened.pop()
    return opened[-1] if opened else None


def in_a_list(text: str, at: int) -> bool:
    """Whether offset `at` of JSON text is an item of a list (`[100 200]`), not a value of a map."""
    bracket = open_bracket(text, at)
    return bracket is not None and text[bracket] == "["


_MEASURED = re.compile(r"([0-9]+)\s*[辆台部套处间栋座级个人口名位岁头只亩]")  # a count with its measure word


def unit_slip(text: str, at: int) -> tuple[int, int, Said, Said] | None:
    """Why JSON text that stops being JSON at offset `at`, right after a number, does so, when the number is written
    with its unit outside quotes (`1000元`, `1.2万`; a line's `"amount": 2000元/月`): where it starts and ends, the
    message, and the help the same value in quotes gets (`_number_help`: the number in yuan, or the year's sum); a
    count with its measure word (`2辆`, `2级`), the number alone."""
    if at >= len(text) or text[at] in _NUMBER_CHARACTERS:  # (digits after a comma: `number_slip`'s, or JSON's)
        return None
    start = at
    while start > 0 and text[start - 1] in _NUMBER_CHARACTERS:
        start -= 1
    unit = re.match(r"[^\s,，\]}]+", text[at:])
    if start == at or unit is None:
        return None
    written = text[start:at] + unit.group()
    key = re.search(r'"(\w+)"\s*:\s*$', text[:start])
    help = _number_help(written, money=True, yearly=key is not None and key.group(1) == "amount")
    counted = _MEASURED.fullmatch(written) if help is None else None
    if counted is not None:  # `2辆`, `2级`: a count as it is said
        return (start, at + len(unit.group()),
                Said(f"`{written}` is a number with a measure word, which JSON does not write",
                     f"`{written}` 带了量词，JSON 中的数字不带量词"),
                Said(f"write `{counted.group(1)}`: a count in JSON is the number alone",
                     f"应写作 `{counted.group(1)}`：JSON 中的数量只写数字", summarized=True))
    if help is None:
        return None
    return (start, at + len(unit.group()), Said(f"`{written}` is a number with a unit, which JSON does not write",
                                                f"`{written}` 带了单位，JSON 中的数字不带单位"), help)


def too_many(limit: Any) -> Said:
    return Said(f"more than {limit} entries", f"超过 {limit} 项")


# (said of one household's list, which no splitting of the file shortens)
SPLIT = Said("check that the export did not join the rows of other households (or of a query run twice) into this "
             "one", "请检查导出时是否把其他家庭的行（或重复查询得到的行）并进了这一户")


# The household format's own fields — which no policy labels — in the words of a Chinese intake system or export:
# a household's (`成员` for `members`), and an income or expense line's (the columns of lines.csv too).
HOUSEHOLD_WORDS = {"编号": "id", "户编号": "id", "家庭编号": "id", "日期": "date", "评估日期": "date",
                   "成员": "members", "家庭成员": "members", "收入": "income", "支出": "expenses", "资产": "assets",
                   "住房": "housing", "饮水": "drinking_water", "饮用水": "drinking_water"}
LINE_WORDS = {"类型": "type", "成员": "member", "金额": "amount"}
_LABELLED = re.compile(r"unknown field `[^`]*`: by its Chinese label, the field is `([^`]+)`")  # (`unknown_field`)


def unknown_field(extra: str, allowed: list[str], labels: Mapping[str, str] | None = None,
                  lacking: list[str] | None = None) -> tuple[Said, Said]:
    """`unknown field `salary``, and the field meant by its spelling (among those `lacking` where given: `note` is
    no slip of `deposits` beside a `deposits`) or those allowed; a key that one Chinese label of the fields holds
    (`labels`: label → field; `存款`: `deposits`, labelled `家庭存款及有价证券`) is said as that field, in the
    message itself (`engine.batch.problems` then offers no `--ignore-column` for it, nor for a misspelling)."""
    listed = ", ".join(allowed)
    close = meant(extra, allowed if lacking is None else lacking)
    found = chinese.one_labelled(extra, labels, allowed) if labels else None
    if close is None and found is not None:  # said as what it is, not as a field to ignore
        name, label = found
        return (Said(f"unknown field `{extra}`: by its Chinese label, the field is `{name}` (`{label}`)",
                     f"未知字段 `{extra}`：按中文标签，应为字段 `{name}`（{in_quotes(label)}）"),
                Said(f"write `{name}`", f"请写 `{name}`", summarized=True))
    return (Said(f"unknown field `{extra}`", f"未知字段 `{extra}`"),
            close or Said(f"allowed: {listed}", f"允许的字段：{'、'.join(allowed)}"))


_PERIOD_KEYS = ("per", "period", "unit", "frequency", "周期", "单位", "期间")
# Words for a period of money, and the period each says: a household line's `"per": "每月"` and a measure's
# `per: monthly` alike.
PERIOD_WORDS = {**dict.fromkeys(("month", "monthly", "months", "月", "每月", "按月", "yuan/month", "元/月"), "month"),
                **dict.fromkeys(("year", "yearly", "annual", "annually", "years", "年", "每年", "按年", "yuan/year",
                                 "元/年"), "year")}


def line_period(extra: str, line: Any) -> tuple[Said, Said] | None:
    """`{"type": "wage", "amount": 250, "per": "month"}`: a line whose amount was given per month (or per year) by a
    key of its own, where a line's amount is the last 12 months' total: the finding, said as what the key is (so
    that `engine.batch.problems` offers no `--ignore-column` for it: left out, 250 would count as a year's), and the
    amount to write instead."""
    if extra not in _PERIOD_KEYS or not isinstance(line, dict):
        return None
    period, amount = str(line.get(extra, "")).strip().lower(), line.get("amount")
    if period not in PERIOD_WORDS:
        return None
    message = Said(f"unknown field `{extra}`: a line's amount is the last 12 months' total",
                   f"未知字段 `{extra}`：明细的金额是最近 12 个月的合计")
    if PERIOD_WORDS[period] == "year":
        return message, Said(f"remove `{extra}`", f"请删去 `{extra}`")
    if isinstance(amount, int | float | Decimal) and not isinstance(amount, bool):
        year = format((Decimal(str(amount)) * 12).normalize(), "f")  # `250.5` a month: `3006`
        return message, Said(f"write `\"amount\": {year}` ({amount} a month × 12), without `{extra}`",
                             f"请写 `\"amount\": {year}`（每月 {amount} × 12），并删去 `{extra}`", summarized=True)
    return message, Said(f"write a month's amount times 12, without `{extra}`",
                         f"请写每月金额 × 12，并删去 `{extra}`")


def missing_key(diagnostic: Diagnostic) -> str | None:
    """The key a household finding says is missing (`` `birth_date` is missing `` → `birth_date`), else None: of the
    household's findings, only those of a key missing have a subject."""
    return diagnostic.subject if diagnostic.code == "H002" else None


def field_meant(diagnostic: Diagnostic) -> str | None:
    """The field an `unknown_field` finding says its key stands for — by its spelling (`memers`) or its Chinese label
    (`成员`) — else None: the one mistake, not also that field missing."""
    labelled = _LABELLED.match(diagnostic.message)
    return labelled.group(1) if labelled is not None else offered(diagnostic.help)


def meant(written: str, candidates: Any, any_case: bool = False) -> Said | None:
    """"did you mean `wage`?" for the candidate closest to what was written, if one is close; with `any_case`,
    one that differs in case alone is the closest (`P3` for `p3`); a character a line cannot show escaped
    (`p1\\u0085x`)."""
    name = closest_in_any_case(written, candidates) if any_case else closest(written, candidates)
    return Said(f"did you mean `{escaped(name)}`?", f"是不是 `{escaped(name)}`？") if name is not None else None


def offered(help_line: str | None) -> str | None:
    """The name a "did you mean `x`?" help line offers (`x`), else None: a misspelt key is one mistake, not also the
    key it meant reported missing (household files and policy files alike)."""
    return help_line.split("`")[1] if help_line and help_line.startswith("did you mean `") else None


def member_as_number(value: Any, ids: list[str]) -> Said | None:
    """The fix for a line's `member` written as a number (`"member": 1`): the same in quotes when a member has
    that id, else the id closest to it (`"p1"`), else the ids there are."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or not ids:
        return None
    written = str(value)
    if written in ids:
        return _in_quotes(written)
    name = closest_in_any_case(written, ids)
    if name is not None:
        return Said(f'no member has the id {written}: did you mean `{json_quoted(name)}`?',
                    f'没有编号为 {written} 的成员：是不是 `{json_quoted(name)}`？')
    known = ", ".join(json_quoted(i) for i in ids)
    return Said(f"write the id of a member, in quotes: {known}", f"应写成员的编号，加引号：{known}")


def _group_to_give(policy: Policy, group: str) -> Said | None:
    """How to write a group of household fields left out whole (`assets`), for the fields it needs."""
    needed = [f for f in policy.input_fields("household") if f.name.startswith(f"{group}.") and not f.has_default]
    if not needed:
        return None
    how = [_how_to_give(f) for f in needed]
    return Said(f"add `\"{group}\": {{…}}` with the fields that have no default: " + "; ".join(h.en for h in how),
                f"请补上 `\"{group}\": {{…}}`，写明其中没有默认值的项：" + "；".join(h.zh for h in how),
                summarized=True)


def _bounds_help(field: InputField | None) -> Said | None:
    """What an input's bounds mean, by its label: `disability grade (1 is the most severe) is a whole number from 1
    to 4`."""
    if field is None or field.type not in ("money", "integer", "number"):
        return None
    kind = _FORMS[field.type][0]
    low, high = (plain_number(b) if b is not None else None for b in (field.minimum, field.maximum))
    bounds = (Said(f"from {low} to {high}", f" {low} 到 {high} 之间的") if low is not None and high is not None else
              Said(f"of {low} or more", f"不小于 {low} 的") if low is not None else
              Said(f"of {high} or less", f"不大于 {high} 的"))
    name = field.name.rsplit(".", 1)[-1]
    en, zh = field.label.en or name, field.label.zh or field.label.en or name
    return Said(f"{en} is {kind.en} {bounds.en}", f"{zh}应为{bounds.zh}{kind.zh}")


def _list_help(key: Any) -> Said:
    """The fix for one map where a list of them belongs (`"income": {…}`, as an export of one line writes it)."""
    return Said(f"put it in square brackets, as a list of one: `\"{key}\": [{{…}}]`",
                f"请用方括号把它写成列表（只有一项也要写成列表）：`\"{key}\": [{{…}}]`", summarized=True)


def _empty_help(path: list[Any], cells: bool) -> Said | None:
    """What to write in an id left empty: the household's own, or the member's, with an example."""
    if path == ["id"]:
        what, example = Said("the household's own id, as the register knows it", "本户在名册中的编号"), "DS-0001"
    elif len(path) == 3 and path[0] == "members" and path[2] == "id":
        what, example = Said("the member's own id, unique in the household", "该成员自己的编号，户内不重复"), "p1"
    else:
        return None
    shown = f"`{example}`" if cells else f'`"id": "{example}"`'
    joined = Said("", "")
    if cells and path == ["id"]:  # CSV tables: the id is what its other rows name
        joined = Said(": its rows in members.csv and lines.csv are joined to it by that id",
                      "：members.csv 和 lines.csv 中本户的各行按这个编号归入本户")
    return Said(f"write {what.en}, e.g. {shown}{joined.en}", f"请填写{what.zh}，例如 {shown}{joined.zh}",
                summarized=True)


def _key_to_give(policy: Policy, path: list[Any], missing: str, cells: bool) -> Said | None:
    """How to write a key every household, member or income or expense line has, not an input of the policy:
    an id, a line's type or amount. Members are shown by their shape (`"birth_date": "YYYY-MM-DD"`), as the help
    of members written as something else than a list shows them: a member pasted from it decides nothing unseen."""
    example: str | None = None
    example_zh: str | None = None  # where the example is said in other words in Chinese
    known: Said | None = None
    if missing == "members" and not path and not cells:
        what = Said("the people of the household, one entry each, with its id and the inputs every member needs",
                    "家庭的每一位成员各占一项，写明编号和每位成员都必须填写的信息")
        shape = _member_shape(policy)
        example, example_zh = f"[{shape.en}, …]", f"[{shape.zh}, …]"
    elif missing == "id" and not path:
        what, example = Said("the household's own id", "本户的编号"), '"DS-0001"'
    elif missing == "id" and len(path) == 2 and path[0] == "members":
        what, example = Said("the member's own id", "该成员自己的编号"), '"p1"'
    elif len(path) == 2 and path[0] in ("income", "expenses") and missing == "amount":
        what = Said("yuan over the last 12 months, at most two decimals", "近 12 个月的金额（元），最多两位小数")
        example = "18000"
    elif len(path) == 2 and path[0] in ("income", "expenses") and missing == "type":
        table = policy.income if path[0] == "income" else policy.expenses
        known = _known_types(policy, path[0], cells)
        example = json.dumps(next(iter(table)), ensure_ascii=False) if table else None
    if example is None:
        return None
    example_zh = example_zh or example
    if cells:  # a cell of a CSV table: its column, and the value as the cell holds it
        add = Said(f"fill in the `{missing}` column", f"请在 `{missing}` 列填写")
        shown = Said(example.strip('"'), example_zh.strip('"'))
    else:
        add = Said(f"add `{missing}`", f"请填写 `{missing}`")
        shown = Said(f'`"{missing}": {example}`', f'`"{missing}": {example_zh}`')
    if known is not None:  # the types are listed after the example, as for a type the policy does not know
        return Said(f"{add.en}, e.g. {shown.en}; {known.en}", f"{add.zh}，例如 {shown.zh}；{known.zh}",
                    summarized=True)
    return Said(f"{add.en}: {what.en}, e.g. {shown.en}", f"{add.zh}：{what.zh}，例如 {shown.zh}", summarized=True)


def _how_to_give(field: InputField) -> Said:
    """How to write a required input left out, from its declaration: its label, and its form with an example
    (``add `birth_date` (date of birth): a date written YYYY-MM-DD, e.g. `"birth_date": "1958-03-02"` ``)."""
    name = field.name.rsplit(".", 1)[-1]  # as the household file writes it, within its group
    form, example = _form(field)
    if field.nullable:
        form = Said(f"{form.en}, or `null` for none", f"{form.zh}，没有时写 `null`")
    en = f" ({field.label.en})" if _says_more(field.label.en, name) else ""
    zh = field.label.zh or field.label.en or ""
    return Said(f"add `{name}`{en}: {form.en}, e.g. `\"{name}\": {example}`",
                f"请填写{zh}（`{name}`）：{form.zh}，例如 `\"{name}\": {example}`" if zh else
                f"请填写 `{name}`：{form.zh}，例如 `\"{name}\": {example}`", summarized=True)


def _how_to_fill(field: InputField) -> Said:
    """How to fill in a required input's cell left empty in a CSV table: its column, label, form and an example as
    the cell holds it (``fill in the `birth_date` column (date of birth): a date written YYYY-MM-DD, e.g.
    1958-03-02``); nothing of quotes, which a cell does not need."""
    column = field.name  # the column's name in the CSV tables `policy batch` reads (`assets.deposits`)
    form, example = _form(field, cells=True)
    en = f" ({field.label.en})" if _says_more(field.label.en, column) else ""
    zh = field.label.zh or field.label.en or ""
    return Said(f"fill in the `{column}` column{en}: {form.en}, e.g. {example}",
                f"请在 `{column}` 列填写{zh}：{form.zh}，例如 {example}" if zh else
                f"请在 `{column}` 列填写：{form.zh}，例如 {example}", summarized=True)


def example_value(field: InputField) -> str:
    """An example value of an input as JSON, and a policy's `default:`, write it (`false`, `"B"`, `0`)."""
    return _form(field, notes=False)[1]


def _form(field: InputField, notes: bool = True, cells: bool = False) -> tuple[Said, str]:
    """The form of an input's values (`one of "able" (…), …`, `a whole number from 1 to 4, without quotes`) and an
    example value as JSON writes it; `notes`: with how the value is written (without quotes, YYYY-MM-DD); `cells`:
    as a CSV cell holds it, where quotes are no part of a value."""
    if field.type == "enum":
        labels = dict(field.value_labels)
        choices = labelled({x: labels.get(x, Label()) for x in field.values}, cells)
        example = show(field.values[0])
        return (Said(f"one of {choices.en}", chinese_joined("取值为", choices.zh, "之一")),
                example.strip('"') if cells else example)
    kind, note, example = _FORMS[field.type]
    example = example.strip('"') if cells else example
    low, high = field.minimum, field.maximum
    bound = low if low is not None else high
    if bound is not None and field.type in ("money", "integer", "number") and (
            (low is not None and Decimal(example) < low) or (high is not None and Decimal(example) > high)):
        example = plain_number(bound)
    if field.type in ("integer", "number") and low is not None and high is not None:
        kind = Said(f"{kind.en} from {plain_number(low)} to {plain_number(high)}",
                    f"{plain_number(low)} 到 {plain_number(high)} 之间的{kind.zh}")
    if cells and note in (_BARE, _QUOTED):
        note = Said("", "")
    if not notes or not note.en:
        return kind, example
    return Said(f"{kind.en}{note.en}", f"{kind.zh}，{note.zh}"), example


def given_without(field: InputField, missing: list[InputField]) -> tuple[Said, Said]:
    """The message and help for an input given without those it is given with (`given_with`), each named by its
    label as it is read aloud: `残疾等级已填写，但残疾类别为空` — and the fix, to fill them in (their names in the
    file, and their values) or to remove the one given."""
    given = _spoken(field)
    empty = [_spoken(f) for f in missing]
    verb = "is" if len(missing) == 1 else "are"
    fills = [(_spoken(f), _form(f, notes=False)[0], f.name.rsplit(".", 1)[-1]) for f in missing]
    fill = listed_said(Said(f"{said.en} (`{name}`: {form.en})", f"{said.zh}（`{name}`，{form.zh}）")
                       for said, form, name in fills)
    mine = field.name.rsplit(".", 1)[-1]
    return (Said(f"{given.en} is given, but {listed_said(empty).en} {verb} empty",
                 f"{given.zh}已填写，但{listed_said(empty).zh}为空"),
            Said(f"fill in {fill.en}, or remove {given.en} (`{mine}`)",
                 f"请填写{fill.zh}，或删去{given.zh}（`{mine}`）"))


def _spoken(field: InputField) -> Said:
    """An input named as a sentence reads it aloud: its label without the bracketed note (`残疾等级（1级最重）` is
    `残疾等级`), else its name."""
    name = f"`{field.name}`"
    return Said(_BRACKETED.sub("", field.label.en or "").strip() or name,
                _BRACKETED.sub("", field.label.zh or "").strip() or name)


# a label's closing note: `（1级最重）`, ` (1 is the most severe)`
_BRACKETED = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


_BARE = Said(", without quotes", "不加引号")
_QUOTED = Said(" in quotes", "加引号")
_FORMS = {  # the kind of value of each type of input, how it is written, and an example
    "date": (Said("a date", "日期"), Said(" written YYYY-MM-DD", "写作 YYYY-MM-DD"), '"1958-03-02"'),
    "money": (Said("an amount in yuan", "以元计的金额"), _BARE, "3000"),
    "integer": (Said("a whole number", "整数"), _BARE, "0"),
    "number": (Said("a number", "数字"), _BARE, "0"),
    "boolean": (Said("`true` or `false`", "`true`（是）或 `false`（否）"), _BARE, "false"),
    "text": (Said("a text", "文本"), _QUOTED, '"…"'),
}


def _input_field(policy: Policy, path: list[Any]) -> InputField | None:
    """The input field of the value at `path` (`members[0].sex`, `housing.safety_grade`)."""
    if len(path) == 3 and path[0] == "members":
        return policy.inputs.get(f"member:{path[2]}")
    if len(path) == 2:
        return policy.inputs.get(f"household:{path[0]}.{path[1]}")
    return None


def _meant_value(value: Any, labels: Mapping[str, Label], cells: bool = False) -> Said | None:
    """"did you mean `"high_school"` (senior high school)?" for the value (a key of `labels`) closest to what
    was written, case aside (`"c"` gets `"C"`), with its label where the label says more than the value; in a CSV
    cell (`cells`), where quotes are no part of a value, `high_school`."""
    name = closest_in_any_case(value, labels) if isinstance(value, str) else None
    if name is None:
        return None
    code = name if cells else json.dumps(name, ensure_ascii=False)
    en, zh = labels[name].en, labels[name].zh
    en_words = f" ({en})" if _says_more(en, name) else ""
    zh_words = f"（{zh}）" if _says_more(zh, name) else ""
    return Said(f"did you mean `{code}`{en_words}?", f"是不是 `{code}`{zh_words}？")


def labelled(values: Mapping[Any, Label], cells: bool = False) -> Said:
    """Values as a household file writes them, each with its label where the label says more than the value:
    `"able" (one able to support), "unable" (one unable to support), "none"`; in Chinese
    `"able"（有且有履行能力）、"unable"（有但无履行能力）、"none"（无）`; as CSV cells hold them (`cells`), where quotes
    are no part of a value and null is an empty cell, `able (one able to support), unable (…), none`."""
    def written(x: Any, lang: str = "en") -> str:
        if cells and x is None:
            return "留空" if lang == "zh" else "an empty cell"
        return x if cells and isinstance(x, str) else show(x, lang)

    return Said(", ".join(written(x) + (f" ({label.en})" if _says_more(label.en, x) else "")
                          for x, label in values.items()),
                "、".join(written(x, "zh") + (f"（{label.zh}）" if _says_more(label.zh, x) else "")
                         for x, label in values.items()))


def _says_more(label: str | None, value: Any) -> bool:
    """Whether a label says more than the value it labels: `senior high school` for `high_school`, not `basic
    pension` for `basic_pension`, nor `female` for `female`."""
    if not label:
        return False
    return not isinstance(value, str) or label.casefold() != value.replace("_", " ").casefold()


def _known_types(policy: Policy, section: str, cells: bool = False) -> Said:
    """The income (or expense) types of the policy, with their labels; the income types in two groups, those
    counted as income and those not, so that a long list can be read (`cells`: as CSV cells hold them). The same for
    every record, as a field's values are (`use one of …`): `policy batch`'s summary gives it with the problem."""
    if section == "expenses":
        listed = labelled({name: t.label for name, t in policy.expenses.items()}, cells)
        return Said(f"known types: {listed.en}", f"已知类型：{listed.zh}", summarized=True)
    counted = labelled({name: t.label for name, t in policy.income.items() if t.counted}, cells)
    exempt = labelled({name: t.label for name, t in policy.income.items() if not t.counted}, cells)
    if not counted.en or not exempt.en:
        listed = counted if counted.en else exempt
        return Said(f"known types: {listed.en}", f"已知类型：{listed.zh}", summarized=True)
    return Said(f"known types counted as income: {counted.en}; not counted: {exempt.en}",
                f"计入收入的类型：{counted.zh}；不计入收入的类型：{exempt.zh}", summarized=True)


def _value_for_label(value: Any, labels: Mapping[str, str], cells: bool = False, offer: bool = False) -> Said | None:
    """The value to write for a Chinese word that is the label of one value, or is in one value's label only:
    `"工资"` is in 工资性收入（扣减就业成本）, so `` write `"wage"` (工资性收入（扣减就业成本）) ``; in a CSV cell
    (`cells`), where quotes are no part of a value, `` write `wage` (…) ``; with `offer`, `--rename-value` too."""
    if not isinstance(value, str) or cjk().search(value) is None:
        return None
    found = chinese.name_for_label(value.strip(), labels, unique=True)
    if found is None:
        return None
    code = found[0] if cells else f'"{found[0]}"'
    said = Said(f"write `{code}` ({found[1]})", f"应写作 `{code}`（{found[1]}）", summarized=True)
    return or_renamed(said, value.strip(), found[0]) if offer else said


def _number_help(value: Any, money: bool = False, cells: bool = False, yearly: bool = False) -> Said | None:
    """The fix for a number written as a text: `"12,000"` or `"12000"`; for money also `3000元`, `1.2万`; for an
    income or expense line's amount (`yearly`) written with a period, the year's sum (`2000元/月`: `24000`). In a CSV
    cell (`cells`) quotes are no part of the value: `"51,590.00"` there lacks only the separator taken out."""
    if not isinstance(value, str):
        return None
    text = half_width(value).strip()
    wide = _FULL_WIDTH_DIGIT.search(value) is not None  # typed with the input method in full width
    if THOUSANDS.fullmatch(text) and text.isascii():
        plain = separators_removed(text)
        if cells:
            return Said(f"write `{plain}`: half-width digits, no thousands separator",
                        f"应写作 `{plain}`：用半角数字，不加千位分隔符", summarized=True) if wide else \
                Said(f"write `{plain}`: no thousands separator", f"应写作 `{plain}`：不加千位分隔符", summarized=True)
        if wide:
            return Said(f"write `{plain}`: half-width digits, no thousands separator, and without quotes",
                        f"应写作 `{plain}`：用半角数字，不加千位分隔符，也不加引号", summarized=True)
        return Said(f"write `{plain}`: no thousands separator, and without quotes",
                    f"应写作 `{plain}`：不加千位分隔符，也不加引号", summarized=True)
    if DECIMAL_COMMA.fullmatch(text):
        point = with_decimal_point(text)
        if cells:
            return Said(f"write `{point}`: a decimal point, not a comma", f"应写作 `{point}`：小数点用“.”，不用逗号",
                        summarized=True)
        return Said(f"write `{point}`: a decimal point, not a comma, and without quotes",
                    f"应写作 `{point}`：小数点用“.”，不用逗号，也不加引号", summarized=True)
    if _PLAIN_NUMBER.fullmatch(text) and not money and "." in text and Decimal(text) == int(Decimal(text)):
        whole = str(int(Decimal(text)))  # `4.0` for a whole number: `4`, not an example's `2`
        return Said(f"write `{whole}`", f"应写作 `{whole}`", summarized=True) if cells else \
            Said(f"write `{whole}` without quotes", f"应写作 `{whole}`，不加引号", summarized=True)
    if _PLAIN_NUMBER.fullmatch(text):
        text = _LEADING_ZEROS.sub(r"\1", text)  # `０２５` as `25`: in a YAML file `025` would be read in octal
        if cells:  # a number the cell's type does not take (`3.0` for a whole number): the message says so
            return Said(f"write `{text}` in half-width digits", f"应写作 `{text}`，用半角数字",
                        summarized=True) if wide else None
        if wide:
            return Said(f"write `{text}` in half-width digits, without quotes",
                        f"应写作 `{text}`，用半角数字，不加引号", summarized=True)
        return Said(f"write `{text}` without quotes", f"应写作 `{text}`，不加引号", summarized=True)
    period = _period_help(text) if yearly else None
    if period is not None:
        return period
    unit = _WITH_UNIT.fullmatch(text) if money else None
    if unit is not None:  # 3000元, ¥3000, 1.2万: the amount in yuan, as a number
        number = Decimal(separators_removed(unit.group(1) or unit.group(3)))
        if unit.group(2) == "万" or unit.group(4) == "万":
            number *= 10000
        shown = plain_number(number)
        return Said(f"write the amount in yuan as a number: `{shown}`", f"金额应写为以元计的数字：`{shown}`",
                    summarized=True)
    if _SCIENTIFIC.fullmatch(text) and not _SPREADSHEET_SCIENTIFIC.fullmatch(text) and abs(
            Decimal(text).adjusted()) <= _EXACT_DIGITS:  # `1e3`, as a program writes it: the number is whole
        exact = plain_number(Decimal(text))
        return Said(f"write `{exact}`", f"应写作 `{exact}`", summarized=True) if cells else \
            Said(f"write `{exact}` without quotes", f"应写作 `{exact}`，不加引号", summarized=True)
    if scientific(text):  # how a spreadsheet shows a number too long for its cell
        return Said(f"{SCIENTIFIC.en}: format the column as a number (not \"General\") and export it again",
                    f"{SCIENTIFIC.zh}：请把该列设为“数值”格式（不是“常规”），再重新导出", summarized=True)
    if cjk().search(text) is not None:  # `二级`, `两辆`: a number written in Chinese, with its measure word
        numeral = _CHINESE_NUMBER.fullmatch(text)
        digits = number_in(numeral.group(1)) if numeral is not None else None
        if digits is not None:
            return Said(f"write it in digits: `{digits}`", f"应写作阿拉伯数字 `{digits}`", summarized=True)
    return None


def half_width_number_help(value: str) -> Said | None:
    """The fix for a number typed in full-width digits (`２５`, `１，０２５`) where no quotes are written, as in a CSV
    cell or a YAML value: the number in half-width digits, as a household's number is told; None for other text."""
    return _number_help(value, cells=True) if _FULL_WIDTH_DIGIT.search(value) is not None else None


def _period_help(text: str) -> Said | None:
    """That a line's amount is the sum of the last 12 months, for one written with a period (`2000 yuan/month`,
    `每月2000元`): taken at its number, it would decide the household on a twelfth of its income. A month's, a half
    year's or a quarter's figure is given as the year's; a year's as its number; any other period only says what to
    write."""
    found = _PERIOD.search(text)
    if found is None:
        return None
    numbers = re.findall(_AMOUNT, text)
    number = Decimal(separators_removed(numbers[0])) * (10000 if "万" in text else 1) if len(numbers) == 1 else None
    if found.lastgroup == "year" and number is not None:
        shown = plain_number(number)
        return Said(f"write the year's sum in yuan as a number: `{shown}`",
                    f"金额应写为以元计的全年合计数字：`{shown}`", summarized=True)
    yearly = Said("an amount is the sum of a year (the last 12 months)", "金额是全年合计（最近 12 个月）")
    part = _PARTS_OF_A_YEAR.get(found.lastgroup or "")
    if part is not None and number is not None:
        times, of, each, each_zh, differ, differ_zh = part
        given, year = plain_number(number), plain_number(number * times)
        return Said(f"{yearly.en}, not of {of}: for {given} yuan {each} write `{year}` ({differ})",
                    f"{yearly.zh}，不是每{each_zh}的金额：每{each_zh} {given} 元请写 `{year}`（{differ_zh}）",
                    summarized=True)
    return Said(f"{yearly.en}: write that sum in yuan as a number", f"{yearly.zh}：请写以元计的全年合计数字",
                summarized=True)


def half_width(text: str) -> str:
    """Text with what a Chinese input method types in full width made ordinary: `４０００` is `4000`, `１２，０００．５`
    is `12,000.5`, `－５` is `-5`. A number is read only in half-width (ASCII) digits, as JSON writes them."""
    return unicodedata.normalize("NFKC", text)


def _yes_no_help(value: Any, cells: bool = False, offer: bool = False) -> Said | None:
    """The fix for a yes or no written as a word or a number: `是`, `Y`, `1` (in a CSV cell, `cells`, with no word
    of quotes); for a word, with `offer`, `--rename-value` too."""
    if isinstance(value, str):
        word: str | int = value.strip().lower()
    elif type(value) is int:
        word = value
    else:
        return None
    if word in _YES or word in _NO:
        written = "true" if word in _YES else "false"
        said = Said(f"write `{written}` (without quotes)", f"应写作 `{written}`（不加引号）", summarized=True) \
            if isinstance(value, str) and not cells else \
            Said(f"write `{written}`", f"应写作 `{written}`", summarized=True)
        # (`"false"` itself is no word to rename: --rename-value refuses a pair that renames a value to itself)
        return or_renamed(said, value.strip(), written) if isinstance(value, str) and offer and \
            value.strip() != written else said
    return None


def offered_pair(diagnostic: Diagnostic) -> str | None:
    """The `--rename-value` pair a finding's help offers (`户主=head`, for a value in an export's own words:
    `or_renamed`), else None."""
    return renamed_pair(diagnostic.help or "")


def renamed_pair(text: str) -> str | None:
    """The pair at the end of a help `or_renamed` wrote (or of a message ending with it), out of its quotes."""
    found = _RENAMED_PAIR.search(text)
    if found is None:
        return None
    import shlex  # (here: only a refused cell's help is read back)

    return shlex.split(found[1])[0]


_RENAMED_PAIR = re.compile(r"with --rename-value (\S+|'.*')$")  # as a shell takes it: quoted where it needs


def or_renamed(said: Said, word: str, value: str) -> Said:
    """The fix for a value written in the export's own words (`户主` for `head`), with the other way:
    reading the word as the value, as `--rename-value` does (`engine.batch.renamed_values`), as a shell takes it."""
    pair = shell_word(f"{word}={value}")
    return Said(f"{said.en}; or read `{word}` as `{value}` with --rename-value {pair}",
                f"{said.zh}；或把 `{word}` 读作 `{value}`：加上 --rename-value {pair}", summarized=said.summarized)


def _text_help(value: Any) -> Said | None:
    """The fix for a number where a text belongs, such as an id written `123`: the same, in quotes; not for a long
    number whose last digits a spreadsheet lost (`4.30524E+17`), which no quotes bring back."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    lost = lost_digits(str(value))
    if lost is not None:
        return Said(f"{lost.en}; {ID_AS_TEXT.en}", f"{lost.zh}；{ID_AS_TEXT.zh}", summarized=True)
    return _in_quotes(str(value))


def _in_quotes(written: str) -> Said:
    return Said(f'write `"{written}"`, a text in quotes', f'应写作 `"{written}"`，即加引号的文本', summarized=True)


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_LEADING_ZEROS = re.compile(r"^(-?)0+(?=[0-9])")  # of a plain number: `025`, `-007.5`, not `0.5`
_SCIENTIFIC = re.compile(r"-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")
_SPREADSHEET_SCIENTIFIC = re.compile(r"-?[0-9](?:\.[0-9]+)?E\+[0-9]{2,}")  # `1.554E+04`, as Excel and WPS show it
_EXACT_DIGITS = 15  # (a number written `1e3` whose digits are written out: no more than a spreadsheet keeps)
SCIENTIFIC = Said("this is how a spreadsheet shows a long number, with its last digits hidden, and they are lost from "
                  "the file", "这是电子表格显示长数字的科学计数法，后几位数字没有显示，文件里也就没有了")


ID_AS_TEXT = Said("format the id columns as text (not \"General\") and export them again",
                 "请把编号列设为“文本”格式（不是“常规”），再重新导出")


def scientific(text: str) -> bool:
    """Whether a cell is a number as a spreadsheet shows one too long for its cell (`4.30524E+17`)."""
    return _SCIENTIFIC.fullmatch(text) is not None


ZEROED = Said("this is how a spreadsheet keeps a long number, to 15 digits and the rest written 0, and its last digits "
              "are lost from the file",
              "这是电子表格保存长数字的方式：只保留 15 位，其余写成 0，后几位数字文件里也就没有了")


def lost_digits(text: str) -> Said | None:
    """What a spreadsheet did to an id that was a long number, losing its last digits: showed it in scientific
    notation (`4.30524E+17`, `SCIENTIFIC`), or kept 15 digits and wrote the rest as 0 (`430524199001011000`,
    `ZEROED`); None for any other id."""
    return SCIENTIFIC if scientific(text) else ZEROED if _ZEROED.fullmatch(text) else None


_ZEROED = re.compile(r"[0-9]{15}0+")
_CENTS_AFTER_COMMA = re.compile(r"-?[0-9]+,[0-9]{2}")  # bare in JSON, where `1,2` may as well be a list's
_CHINESE_NUMBER = re.compile(r"第?([零〇一二两三四五六七八九十百千万亿]+)\s*[级辆套处个口人岁年元]?")
_AMOUNT = r"([0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
_FULL_WIDTH_DIGIT = re.compile("[０-９]")
_WITH_UNIT = re.compile(rf"[¥￥]\s*{_AMOUNT}\s*(万)?\s*(?:元)?|{_AMOUNT}\s*(万)?\s*(?:元|yuan|RMB)?", re.IGNORECASE)
_PERIOD = re.compile(r"(?P<half>半年|half[\s-]*(?:a\s*)?year|semi-?annual)|(?P<quarter>季|quarter)|"
                     r"(?P<month>月|month|/\s*mo\b)|(?P<year>年|year|annual|/\s*yr\b)|(?P<other>[天日周]|星期|day|"
                     r"week)", re.IGNORECASE)  # the period an amount is written for: `元/月`, `per month`; `半年` first
# how many of a period make a year, how it is said, and what to write where they differ
_PARTS_OF_A_YEAR = {
    "month": (12, "a month", "a month", "月",
              "where the months differ, the sum of the 12", "各月不同的，写 12 个月之和"),
    "half": (2, "half a year", "every half year", "半年",
             "where the halves differ, the sum of the two", "前后半年不同的，写两者之和"),
    "quarter": (4, "a quarter", "a quarter", "季度",
                "where the quarters differ, the sum of the 4", "各季度不同的，写 4 个季度之和"),
}
_YES = {"是", "有", "y", "yes", "true", "t", "1", 1, "对"}
_NO = {"否", "无", "没有", "n", "no", "false", "f", "0", 0, "不"}


def yes_or_no(word: str) -> str | None:
    """`true` or `false` for a word that writes a yes or a no (`是`, `Y`, `1`, `否`), else None."""
    word = word.strip().lower()
    return "true" if word in _YES else "false" if word in _NO else None


def _no_date(path: list[Any]) -> Said:
    """The help for a date left empty (`null`, `""`): the household's own `date` may be left out instead."""
    if path == ["date"]:
        return Said("write the date the household's data describe, as YYYY-MM-DD, or leave `date` out: the household "
                    "is then decided on `--date`, or on the day of the run",
                    "请写出这份家庭数据所描述的日期（YYYY-MM-DD），或删去 `date`：这样就按 --date 或运行当天认定")
    return Said("fill in the date, as YYYY-MM-DD", "请填上日期，格式为 YYYY-MM-DD")
