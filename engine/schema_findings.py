"""A YAML document against its JSON Schema → diagnostics worded for the person editing it (L004).

Input: a `YamlDocument` — a policy file, or another file with its own validator (test cases) —
and the handbook page that describes it. Output: one `Diagnostic` per mistake, located on the key
or value at fault, that says what is wrong in plain words and gives the fix as its `help:` line (a
number written as text, one word where a list belongs, a text where a label belongs, a misspelt
key, a date not written YYYY-MM-DD, …); `schema_found` also gives the YAML path of each.
Invariants: every message and help line in English and Chinese (`Said`); one mistake is reported
once (`lable:` is an unknown key that meant `label`, not also a missing `label`; `1,234,567` cut
in three by YAML is one mistake).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
import re
from decimal import Decimal
from typing import Any

import jsonschema

from engine import schema as schemas
from engine import values
from engine.checker.hints import did_you_mean, listed, suggested
from engine.date_words import date_said
from engine.diagnostics import Diagnostic, Said, Span, chinese_joined
from engine.expectations import NO_CATEGORY_WORDS
from engine.household_words import PERIOD_WORDS, half_width, half_width_number_help, offered
from engine.inputs import yes_or_no_help
from engine.keys_of_others import key_of_others_help
from engine.listed_rules import listed_rule_help
from engine.spelling import as_a_name
from engine.syntax import ast, chinese, numerals
from engine.syntax.chinese import by_zh_label
from engine.syntax.errors import wide_mark
from engine.syntax.numerals import THOUSANDS, without_separator
from engine.yamlerrors import full_width_brackets
from engine.yamlsource import YamlDocument, jsonable, quoted_too, shown_path

_EXPRESSION_TYPES = ["string", "number", "boolean"]
_TYPE_WORDS = {"object": "a map (key: value lines)", "array": "a list (lines starting with `- `)",
               "string": "a text", "integer": "a whole number", "boolean": "true or false",
               "number": "a number", "null": "empty"}
_TYPE_WORDS_ZH = {"object": "映射（键值对）", "array": "列表（每行以 `- ` 开头）",
                  "string": "文本", "integer": "整数", "boolean": "是/否值（true 或 false）",
                  "number": "数字", "null": "空值"}
_VALUE_WORDS = {"dict": "a map", "list": "a list", "str": "a text", "NoneType": "empty", "int": "a number",
                "Decimal": "a number", "bool": "true/false", "date": "a date"}
_VALUE_WORDS_ZH = {"dict": "映射", "list": "列表", "str": "文本", "NoneType": "空值", "int": "数字",
                   "Decimal": "数字", "bool": "是/否值（true/false）", "date": "日期"}


def value_kind(value: Any) -> Said:
    """The kind of a value read from JSON or YAML, in words (`a text`, `文本`)."""
    name = type(value).__name__
    return Said(_VALUE_WORDS.get(name, name), _VALUE_WORDS_ZH.get(name, name))


_TRUE_OR_FALSE = Said("write `true` or `false`", "请写 `true` 或 `false`")
_YES_OR_NO_WRITTEN = {("boolean", "a number"), ("boolean", "a text")}  # `1`, `是`: told which of the two it means
_NAME_RULE = Said("names use lowercase letters, digits and `_`, starting with a letter",
                  "名称只能用小写字母、数字和 `_`，并以字母开头")
_TYPE_HELP = {
    ("object", "a list"): Said("remove the `- ` before each entry: a map has one `name: …` line per entry",
                               "请删去每项前面的 `- `：映射中每项占一行，写成 `name: …`"),
    ("array", "a map"): Said("start each entry with `- `", "请在每一项前面加 `- `"),
    ("string", "empty"): Said("write the text after the colon, or remove the key", "请在冒号后写上文本，或删去这个键"),
    ("boolean", "empty"): _TRUE_OR_FALSE,
    # `values: [yes, no]`: YAML reads yes/no/on/off (any case) as true/false, not as words
    ("string", "true/false"): Said("YAML reads `yes`, `no`, `on` and `off` as true or false: put the word in "
                                   "quotes, e.g. `\"yes\"`",
                                   "YAML 会把 `yes`、`no`、`on` 和 `off` 读作 true 或 false：请给这个词加引号，"
                                   "例如 `\"yes\"`"),
}
# `values: [brick, wood, null]`: an item of a list left empty has no key to remove
_EMPTY_ITEM = Said("write the value, or remove the item from the list", "请写出这个值，或把这一项从列表中删去")
# what an empty rule should hold, by the section it is in
_EMPTY_RULE_HELP = {
    "parameters": Said("write the figure, e.g. `490 yuan/month`, `20%` or `1.5`",
                       "请写出数值，例如 `490 yuan/month`、`20%` 或 `1.5`"),
    "definitions": Said("write how it is computed, e.g. `counted_income / household_size`",
                        "请写出它的算法，例如 `counted_income / household_size`"),
    "income": Said("write the share that counts, e.g. `80%` or `1 - employment_cost_rate`",
                   "请写出计入的比例，例如 `80%` 或 `1 - employment_cost_rate`"),
    "assistance": Said("write the rule, e.g. `dibao` for `when:` or `tekun_standard * 1 month` for `amount:`",
                       "请写出规则，例如 `when:` 写 `dibao`，`amount:` 写 `tekun_standard * 1 month`"),
    "": Said("write a rule, e.g. `per_capita_income < dibao_standard`",
             "请写一条规则，例如 `per_capita_income < dibao_standard`"),
}
_MISSING_HELP = {
    "label": Said("add `label: {zh: …, en: …}`, the name explanations give it in each language",
                  "请添加 `label: {zh: …, en: …}`，即解释中称呼它的中英文名称"),
    "counted": Said("add `counted: true` for income counted in the household's income, else `counted: false`",
                    "计入家庭收入的请添加 `counted: true`，否则写 `counted: false`"),
    "rigid": Said("add `rigid: true` for a rigid expense, else `rigid: false`",
                  "刚性支出请添加 `rigid: true`，否则写 `rigid: false`"),
    "values": Said("an enum lists the values a household may give: add e.g. `values: [A, B, C, D]`",
                   "可选值类型的输入字段要列出家庭可以填的值：请添加，例如 `values: [A, B, C, D]`"),
}
# what to write where an empty map or list would check nothing, by the last two keys of its path
_EMPTY_HELP: dict[tuple[str, ...], Said] = {("expect", "values"): Said(
    "an empty `values:` checks nothing: name each value to check and what it should be, such as "
    "`values: {per_capita_income: 4200.00}`, or remove `values:`",
    "空的 `values:` 什么也不检查：请写出要检查的每个值及其应有的取值，例如 `values: {per_capita_income: 4200.00}`，"
    "或删去 `values:`")}
# what to write where a case's expectation is left blank: read as none, the unfinished case would pass
_BLANK_HELP: dict[tuple[str, ...], Said] = {
    ("expect", "categories"): Said(
        "write the categories expected in square brackets, as `[dibao]`, or `[]` for none expected; or remove "
        "`categories:` to leave them unchecked",
        "请在方括号中写出预期的类别，例如 `[dibao]`；预期不属于任何类别的写 `[]`；或删去 `categories:`，不检查类别"),
    ("expect", "assistance"): Said(
        "write each measure expected indented under it with its amount, as `dibao_benefit: 320.00`, or `{}` for "
        "none granted; or remove `assistance:` to leave the measures unchecked",
        "请在它下面缩进写出预期给予的每项措施及其金额，例如 `dibao_benefit: 320.00`；预期不给予任何措施的写 `{}`；"
        "或删去 `assistance:`，不检查措施")}


def _says_none(instance: Any) -> bool:
    """Whether an expectation written other than as a list says that none is expected: left blank, `no`, `none`."""
    return instance is None or instance is False or \
        (isinstance(instance, str) and instance.strip().casefold() in NO_CATEGORY_WORDS)


def _blank_help(path: tuple[str | int, ...]) -> Said | None:
    """How to finish a case's expectation left blank, or written as a word for none (a member's list too), or None
    for any other blank."""
    if len(path) >= 3 and path[-2] == "members" and path[-3] == "expect":
        member = path[-1]
        return Said(f"write the member's categories expected in square brackets, as `[tekun]`, or `[]` for none; "
                    f"or remove `{member}:` to leave that member unchecked",
                    f"请在方括号中写出这名成员预期的类别，例如 `[tekun]`；预期不属于任何类别的写 `[]`；"
                    f"或删去 `{member}:`，不检查这名成员")
    return _BLANK_HELP.get(tuple(map(str, path[-2:])))
_WHEN_OR_OPTIONS = "must have either `when` (and optionally `amount`) or `options`, not both"
_NEITHER = "is missing `when` (or `options`)"
# Words for a key that another language or tool would use, and the key a policy file has for it (`if:` for `when:`).
_KEY_WORDS = {"if": "when", "condition": "when", "conditions": "when", "criteria": "when", "rule": "test",
              "expr": "test", "expression": "test", "formula": "value", "name": "label", "title": "label",
              "reference": "source", "citation": "source", "article": "source", "basis": "source",
              "dept": "department", "period": "per", "unit": "per", "choices": "values", "enum": "values",
              "until": "to", "till": "to", "end": "to", "ends": "to", "since": "from", "start": "from",
              "starts": "from", "begin": "from"}  # (`effective: {since: …, until: …}`)
# A key written as a policy officer says it in Chinese (the words `policy doc` and `policy diff` use, and a few
# more), and the keys of a policy file it may mean: the one allowed where it is written is meant (`条件:` is
# `test:` in a clause, `when:` in a category).
_KEY_WORDS_ZH: dict[str, tuple[str, ...]] = {
    "标签": ("label",), "名称": ("label", "title"), "名字": ("label",), "标题": ("title", "label"),
    "生效日期": ("effective",), "生效": ("effective",), "有效期": ("effective",), "生效期": ("effective",),
    "施行期间": ("effective",), "开始日期": ("from",), "起始日期": ("from",), "结束日期": ("to",),
    "截止日期": ("to",), "依据": ("source", "sources"), "出处": ("source", "sources"), "来源": ("source",),
    "取值": ("value", "values"), "数值": ("value",), "值": ("value",), "规则": ("test", "value"),
    "条件": ("test", "when"), "说明": ("note",), "备注": ("note",), "类型": ("type",), "默认值": ("default",),
    "层级": ("level",), "部门": ("department",), "金额": ("amount",), "编号": ("id",), "标识": ("id",),
    "版本": ("version",), "互斥组": ("group",), "中文": ("zh",), "英文": ("en",)}
# `zh:农村低保标准`, `from：2026-01-01`, `zh 独居老人`: a key and its text run together into one key
_RUN_ON_KEY = re.compile(r"([A-Za-z_][\w.]*)(?::(?=\S)| *： *| +)\S", re.DOTALL)
# A value another language or tool would write for a key with a fixed set of values (an input's `type: bool`, a
# category's `level: family`), by that key, and the value a policy file has for it.
_VALUE_WORDS_OF_OTHERS = {
    "type": {"bool": "boolean", "yes/no": "boolean", "是否": "boolean", "int": "integer", "count": "integer",
             "整数": "integer", "float": "number", "double": "number", "数字": "number", "数值": "number",
             "datetime": "date", "timestamp": "date", "日期": "date", "string": "text", "str": "text",
             "varchar": "text", "文本": "text", "字符串": "text", "currency": "money", "amount": "money",
             "yuan": "money", "金额": "money", "choice": "enum", "select": "enum", "category": "enum", "枚举": "enum"},
    "level": {"family": "household", "home": "household", "家庭": "household", "户": "household",
              "person": "member", "individual": "member", "people": "member", "members": "member",
              "个人": "member", "成员": "member", "人": "member"},
    "match": {"or": "any", "one": "any", "either": "any", "some": "any", "任一": "any", "任意": "any",
              "and": "all", "every": "all", "each": "all", "both": "all", "全部": "all", "所有": "all"},
    "per": PERIOD_WORDS,
}
_EXPRESSION_LIKE = re.compile(r"[ ()<>=+*/]")
# a key, a space and its text, the colon left out (`zh 独居老人`); not an expression cut at a `,` (`value - 3)`)
_COLON_LEFT_OUT = re.compile(r"([A-Za-z_][\w.]*) +([^\s()<>=+*/!-].*)", re.DOTALL)
_DATE_IN_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")  # 2026-01-01, 2026/1/1, 2026年1月1日
_WRITE_ENTRIES = Said("write its entries indented under it, or remove it", "请在它下面缩进写出各项，或删去它")
_WRITE_DATES = Said("write dates as YYYY-MM-DD", "日期请写作 YYYY-MM-DD")

# One finding of the schema stage: message, help, and the YAML path and whether its key is meant.
_Finding = tuple[Said, Said | None, tuple[str | int, ...], bool]


_ENTRY_SECTIONS = ("parameters", "income", "expenses", "definitions", "indicators")
_ENTRY_KEYS = ("value", "test", "label", "source", "note", "confirm", "counted", "share", "rigid", "level")


def _missing_rule_help(missing: str, path: tuple[str | int, ...]) -> Said | None:
    """What to write for a rule left out of an entry (`value:` of a parameter, `test:` of a clause): the key, with
    what a rule of its section holds."""
    if missing not in ("value", "test"):
        return None
    rule = _EMPTY_RULE_HELP.get(str(path[0]) if path and missing == "value" else "", _EMPTY_RULE_HELP[""])
    return Said(f"add `{missing}:`; {rule.en}", f"请添加 `{missing}:`，{rule.zh.removeprefix('请')}")


def _missing_choice_help(missing: str, schema: Any) -> Said | None:
    """What to write for a key left out whose value is one of a few (an input's `type:`): the key and its values."""
    prop = schema.get("properties", {}).get(missing) if isinstance(schema, dict) else None
    choices = prop.get("enum") if isinstance(prop, dict) else None
    if not choices:
        return None
    shown = [str(choice) for choice in choices]
    return Said(f"add `{missing}:`, one of {listed(shown, last='or')}",
                f"请添加 `{missing}:`，取值为 {listed(shown, 'zh', 'or')}")


def _empty_number_help(schema: Any, kinds: list[str], instance: Any) -> Said | None:
    """What to write where a number was left out (`review_working_days:` with nothing after it)."""
    if instance is not None or not set(kinds) <= {"integer", "number"}:
        return None
    whole = kinds == ["integer"]
    least = schema.get("minimum") if isinstance(schema, dict) else None
    floor = Said("", "") if least is None else Said(f", at least {least}", f"，不小于 {least}")
    return Said(f"write {'a whole number' if whole else 'a number'} after the colon{floor.en}",
                f"请在冒号后写上{'整数' if whole else '数字'}{floor.zh}")


def _whole_number_help(kinds: list[str], instance: Any) -> Said | None:
    """The whole numbers next to a fraction written where a whole number is wanted (`review_working_days: 25.5`)."""
    if kinds != ["integer"] or isinstance(instance, bool) or not isinstance(instance, Decimal | float):
        return None
    below, above = math.floor(instance), math.ceil(instance)
    nearest = f"`{below}`" if below == above else f"`{below}` or `{above}`"
    nearest_zh = f"`{below}`" if below == above else f"`{below}` 或 `{above}`"
    return Said(f"this counts whole units, with no fraction: write {nearest}",
                f"这里按整数计，不能有小数：请写 {nearest_zh}")


def _quote_help(schema: Any, kinds: list[str], instance: Any) -> Said | None:
    """The fix for a number where a text is wanted (`version: 2027`): quotes; for a name (`id: 1`), what a name is."""
    if kinds != ["string"] or isinstance(instance, bool) or not isinstance(instance, int | Decimal | float):
        return None
    if isinstance(schema, dict) and schema.get("pattern", NOT_BLANK) != NOT_BLANK:  # quoted, no name either
        return _NAME_RULE
    if isinstance(instance, int):
        quoted = f"`'{instance}'`"
        return Said(f"put it in quotes, for YAML to read it as a text: {quoted}",
                    f"请加上引号，YAML 才会把它读作文本：{quoted}")
    return Said("put it in quotes as written, for YAML to read it as a text: `'…'`",  # `1.10`, read as 1.1
                "请照原样加上引号，YAML 才会把它读作文本：`'…'`")


def _type_help(path: tuple[str | int, ...], kinds: list[str], instance: Any) -> Said | None:
    """The fix for a value of the wrong type: a number written as text, a clause written as a rule, a text written
    as a list of one (`group: [tier]`)."""
    if "string" in kinds and isinstance(instance, list) and len(instance) == 1 and isinstance(instance[0], str):
        return Said(f"write it without brackets: `{instance[0]}`", f"请去掉方括号：`{instance[0]}`")
    if not isinstance(instance, str):
        return None
    if {"integer", "number"} & set(kinds):
        wide = half_width_number_help(instance)  # `review_working_days: ２５`, typed with a Chinese input method
        if wide is not None:
            return wide
        if THOUSANDS.fullmatch(instance.strip()):
            return without_separator(instance.strip())
        digits = numerals.number_in(half_width(instance))  # `25天`, `４０天`
        if digits:
            return Said(f"write just the number: `{digits}`", f"请只写数字：`{digits}`")
    if len(path) == 2 and path[0] in _ENTRY_SECTIONS and path[1] in _ENTRY_KEYS and kinds == ["object"]:
        key = path[1]  # `source:` of the last entry, dedented: YAML reads it as an entry of the section
        return Said(f"if `{key}` belongs to the entry above, indent it as that entry's other keys; an entry of "
                    f"`{path[0]}` is a name with its keys under it",
                    f"如果 `{key}` 属于上面那一项，请让它与那一项的其他键缩进对齐；`{path[0]}` 下的每一项是"
                    "一个名称，它的各个键写在它下面")
    if tuple(path) == ("policy", "effective") and kinds == ["object"]:  # `effective: 2026-01-01`
        dates = [f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in _DATE_IN_TEXT.findall(instance)]
        window = f"{{from: {dates[0]}, to: {dates[1]}}}" if len(dates) == 2 else \
            f"{{from: {dates[0] if dates else 'YYYY-MM-DD'}}}"
        return Said(f"write the first day in force as `from`, and the last, if there is one, as `to`: "
                    f"`effective: {window}`",
                    f"请把生效的第一天写在 `from` 中，有截止日期的再把最后一天写在 `to` 中：`effective: {window}`")
    test = "`test: " + instance.strip() + "`"
    clause = Said("`- id: …`, then `label: {zh: …, en: …}` and `test: " + instance.strip() + "` below it",
                  "`- id: …`，再在它下面写 `label: {zh: …, en: …}` 和 " + test)
    if len(path) == 4 and path[0] == "categories" and path[2] == "when" and kinds == ["object"]:
        return Said("a clause is a map, not a rule alone: write " + clause.en,
                    "条款是一个映射，不能只写一条规则：请写 " + clause.zh)
    if len(path) == 3 and path[0] == "categories" and path[2] == "when" and kinds == ["array"]:
        return Said("`when:` lists clauses, each a map: write " + clause.en,
                    "`when:` 下面要列出条款，每个条款是一个映射：请写 " + clause.zh)
    return None


def _list_help(schema: Any, kinds: list[str], instance: Any) -> Said | None:
    """The fix for one word where a list of words belongs (`categories: dibao`): the word in brackets."""
    if "array" not in kinds or not isinstance(instance, str) or not isinstance(schema, dict) \
            or schema.get("items", {}).get("type") != "string":
        return None
    wide = full_width_brackets(instance)
    if wide is not None:  # `values: ［A, B, C, D］`, typed with a Chinese input method
        said, half = wide
        return Said(f"{said.en}: write the list with half-width ones, `{half}`",
                    f"{said.zh}：请改用半角括号写成列表：`{half}`")
    listed = f"`[{instance.strip()}]`"
    return Said(f"write it in square brackets, as a list: {listed}", f"请用方括号写成列表：{listed}")


def _empty_help(schema: Any) -> Said | None:
    """The fix for a map or a list left empty (`per_capita_income:` with nothing under it, `when: []`): what to
    write under it, from what its schema requires."""
    if set(schema.get("properties", {})) == {"zh", "en"}:
        return Said("give the text in each language: `{zh: …, en: …}`", "请按语言分别写出文本：`{zh: …, en: …}`")
    keys = [f"`{key}: …`" for key in schema.get("required", ())]
    if keys:
        return Said(f"write its keys indented under it: {values.listed(keys, 'en')}",
                    f"请在它下面缩进写出它的键：{'、'.join(keys)}")
    entry = schema.get("items") or schema.get("additionalProperties")
    keys = [f"`{key}: …`" for key in entry.get("required", ())] if isinstance(entry, dict) else []
    if keys and "items" in schema:  # `- id: …` first, the other keys below it
        first, rest = f"`- {keys[0][1:]}", keys[1:]
        return Said(f"write at least one entry indented under it, each starting with {first}, with "
                    f"{values.listed(rest, 'en') if rest else 'its other keys'} below it",
                    f"请在它下面缩进写出至少一项，每项以 {first} 开头，并写出 {'、'.join(rest) or '其他键'}")
    if keys:
        return Said(f"write each entry indented under it: its name, then {values.listed(keys, 'en')} indented under "
                    "the name",
                    f"请在它下面缩进写出各项：先写名称，再在名称下缩进写出 {'、'.join(keys)}")
    return None


def _wide_colon_help(key: str, value: str) -> Said:
    """The fix for a key followed by a full-width colon, which YAML does not read as one (`zh：家庭人口数`)."""
    fix, colon = f"`{key}: {value.strip()}`", wide_mark("：")
    return Said(f"{colon.en}: write {fix}", f"{colon.zh}：请写 {fix}")


def _keys_help(schema: Any, kinds: list[str], instance: Any) -> Said | None:
    """The fix for a value written where a map of keys belongs (`expect: dibao`): the keys it may hold; for a key
    written with a full-width colon (`categories：[dibao]`, a text to YAML), the colon."""
    keys = list(schema.get("properties", {}))
    if "object" not in kinds or isinstance(instance, dict | list) or instance is None or not keys:
        return None
    wide = re.match(r"\s*([A-Za-z_]\w*)\s*：(.*?)(?=\s+[A-Za-z_]\w*\s*：|$)", str(instance), re.DOTALL)
    if wide is not None and wide.group(1) in keys:  # the first key so written; YAML has run the next ones into it
        return _wide_colon_help(wide.group(1), wide.group(2))
    if "categories" in keys and _PLAIN_NAME.fullmatch(str(instance)):  # `expect: dibao`: the category expected
        return Said(f"to expect the category, list it under `categories`: `{{categories: [{instance}]}}`",
                    f"要期望这个类别，请把它列在 `categories` 下：`{{categories: [{instance}]}}`")
    rule_key = next((key for key in ("value", "test") if key in schema.get("required", ())), None)
    if rule_key is not None and str(instance).strip():  # `heating_allowance: 200 yuan/month`: the rule, unkeyed
        return Said(f"write the rule under its key, with a label, each indented under it: `{rule_key}: {instance}` "
                    "and `label: {zh: …, en: …}`",
                    f"请把规则写在它的键下，并加上名称，各自缩进写在它下面：`{rule_key}: {instance}` 和 "
                    "`label: {zh: …, en: …}`")
    return Said(f"write `key: value` lines indented under it, of the keys {listed(keys)}",
                f"请在它下面缩进写出 `key: value` 形式的各行，可用的键：{listed(keys, 'zh')}")


def _confirm_help(path: tuple[str | int, ...], instance: Any) -> Said | None:
    """The fix for a parameter's `confirm:` written as a yes/no, a word or nothing (`confirm: false`, `confirm:
    已确认`): most often meant as "confirmed", which is said by deleting the line; a note, if one was meant."""
    if len(path) != 3 or path[0] != "parameters" or path[2] != "confirm" or isinstance(instance, dict | list):
        return None
    text = instance.strip() if isinstance(instance, str) else ""
    note = "`confirm: {zh: …, en: …}`" if not text else \
        f"`confirm: {{zh: …, en: {text}}}`" if text.isascii() else f"`confirm: {{zh: {text}, en: …}}`"
    return Said("once the figure is entered, delete this `confirm:` line: without it the value is no longer marked "
                f"to confirm; if a note of what is still to confirm was meant, write it in each language: {note}",
                "录入数值后请删去这一行 `confirm:`：删去后该数值不再标为待确认；如果要写的是仍待确认之处的说明，"
                f"请按语言分别写出：{note}")


def _label_help(schema: Any, instance: Any, path: tuple[str | int, ...]) -> Said | None:
    """The fix for a text where a label (`{zh: …, en: …}`) belongs: the text under its language."""
    if not isinstance(instance, str) or set(schema.get("properties", {})) != {"zh", "en"}:
        return None
    text = instance.strip()
    if len(path) >= 2 and path[-2] == "articles":  # the article as written is already the document's wording
        return Said(f"give its wording in each language it is read in: `{{en: {text}}}`",
                    f"请按阅读时用的语言分别写出条文：`{{en: {text}}}`")
    written = f"`{{zh: …, en: {text}}}`" if text.isascii() else f"`{{zh: {text}, en: …}}`"
    return Said(f"give the text in each language: {written}", f"请按语言分别写出文本：{written}")


def _unexpected_keys(error: jsonschema.ValidationError) -> list[str]:
    instance: Any = error.instance
    schema: Any = error.schema
    known = schema.get("properties", {}) if isinstance(schema, dict) else {}
    return [str(key) for key in instance if key not in known] if isinstance(instance, dict) else []


def _not_a_date_at_all(error: jsonschema.ValidationError) -> bool:
    """A number (or a list, a map) where a date belongs — alone, or as a choice with null (`to:`)."""
    def date_type_error(e: jsonschema.ValidationError) -> bool:
        return e.validator == "type" and isinstance(e.schema, dict) and e.schema.get("format") == "date"
    return date_type_error(error) or (error.validator == "anyOf" and any(map(date_type_error, error.context or ())))


def _schema_findings(error: jsonschema.ValidationError, page: str, data: Any = None) -> list[_Finding]:
    """Plain-language findings for one schema error (several when it names several keys); `page` is the
    handbook page that describes the file, `data` the document, to name its list items by id."""
    path = tuple(error.absolute_path)
    shown = shown_path(path, data)
    where = f"`{shown}`" if shown else "the document"
    zh = f"`{shown}`" if shown else "文件"  # the subject of the Chinese sentence

    # the English, and the Chinese that says `rest` of `where`; about `subject`, the key a finding is of
    def said(en: str, rest: str, subject: str | None = None) -> Said:
        return Said(en, chinese_joined(zh, rest), subject=subject)

    v = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    if v == "required":
        missing = error.message.removesuffix(" is a required property").strip("'\"")
        return [(said(f"{where} is missing `{missing}`", f"缺少 `{missing}`", missing),
                 _MISSING_HELP.get(missing) or _missing_rule_help(missing, path)
                 or _missing_choice_help(missing, schema)
                 or Said(f"add `{missing}:` (see {page})", f"请添加 `{missing}:`（见 {page}）"), path, False)]
    if v == "additionalProperties":
        keys = sorted(schema.get("properties", {}))
        found: list[_Finding] = []
        run_on: set[str] = set()  # the further keys of a text cut at its `,`s, told at the first
        for extra in _unexpected_keys(error):
            key, wide, value = extra.partition("：")
            hint: Said
            joined, colon, text = extra.partition(":")
            if extra in run_on:
                continue  # told at the text it was cut from
            if wide and key.strip() in keys:  # `{zh：家庭人口数, …}`: the full-width colon is no YAML colon
                hint = _wide_colon_help(key.strip(), value)
            elif colon and joined in keys and text[:1].strip():  # `{from:2026-01-01}`: a colon makes a key only
                fix = f"`{joined}: {text.strip()}`"                # with a space after it
                hint = Said(f"put a space after the colon: {fix}", f"请在冒号后加一个空格：{fix}")
            elif (cut := _COLON_LEFT_OUT.fullmatch(extra)) is not None and cut.group(1) in keys:
                fix = f"`{cut.group(1)}: {cut.group(2)}`"  # `{zh 独居老人, en: …}`: the key and its text as one key
                hint = Said(f"missing `:` after `{cut.group(1)}`: write {fix}",
                            f"`{cut.group(1)}` 后面缺少 `:`：请写 {fix}")
            elif (cut_text := _text_cut_at_comma(instance, extra, keys)) is not None:
                key, run = cut_text  # `{zh: 住房或饮水不安全, 患重特大疾病…, en: …}`: the `,` ended the text
                run_on.update(run[1:])
                whole = f"`{key}: '{', '.join([instance[key], *run])}'`"
                instead = Said("", "") if whole.isascii() else Said("write `，` instead, or ", "请改用 `，`，或")
                hint = Said(f"inside `{{…}}` a `,` ends the text of `{key}`: {instead.en}put the whole text in "
                            f"quotes: {whole}",
                            f"在 `{{…}}` 中 `,` 会结束 `{key}` 的文本：{instead.zh}给整段文本加引号：{whole}")
            elif _EXPRESSION_LIKE.search(extra):
                hint = Said("this looks like part of an expression cut at a `,`: inside `{…}` put the expression in "
                            "quotes", "这像是在 `,` 处被截断的表达式：在 `{…}` 中请给表达式加引号")
            else:
                allowed = Said(f"allowed keys: {listed(keys)}", f"允许的键：{listed(keys, 'zh')}")
                meant = _KEY_WORDS.get(extra.strip().lower(), "")
                if meant == "label" and "id" in keys and isinstance(instance, dict) and "id" not in instance \
                        and _PLAIN_NAME.fullmatch(str(instance.get(extra))):
                    meant = "id"  # `name: tekun` in an entry without `id`: its id, as another tool names it
                in_chinese = next((key for key in _KEY_WORDS_ZH.get(extra.strip(), ()) if key in keys), None)
                hint = suggested(extra, keys) or (Said(did_you_mean(meant), did_you_mean(meant, "zh"))
                                                  if meant in keys else None) or (
                    Said(f"keys are written in English: write `{in_chinese}` for `{extra}`",
                         f"键名要用英文：请把 `{extra}` 写成 `{in_chinese}`") if in_chinese else None) \
                    or _missing_in_english(extra, instance, schema, where, zh) or allowed
                key_meant = offered(hint.en) or in_chinese
                if isinstance(instance, dict) and key_meant in instance:  # `if:` beside `when:`
                    hint = Said(f"the key for it is `{key_meant}`, and the entry has one already: remove `{extra}:`, "
                                f"or merge it into `{key_meant}:`",
                                f"对应的键是 `{key_meant}`，而这一项已经有了：请删去 `{extra}:`，"
                                f"或把它并入 `{key_meant}:`")
            found.append((said(f"unknown key `{extra}` in {where}", f"中有未知的键 `{extra}`"), hint,
                          (*path, extra), True))
        return found
    if _not_a_date_at_all(error):
        kind = value_kind(instance)
        got, got_zh = kind.en, kind.zh
        return [(said(f"{where} must be a date (YYYY-MM-DD), not {got}", f"应为日期（YYYY-MM-DD），而不是{got_zh}"),
                 date_said(instance, quotes=False) or _WRITE_DATES, path, False)]
    if v == "type":
        kind = value_kind(instance)
        got, got_zh = kind.en, kind.zh
        if expected == _EXPRESSION_TYPES:
            if instance is None:
                return [(said(f"{where} is empty", "是空的"),
                         _EMPTY_RULE_HELP.get(str(path[0]) if path else "", _EMPTY_RULE_HELP[""]), path, False)]
            return [(said(f"{where} must be an expression, not {got}", f"应为表达式，而不是{got_zh}"),
                     listed_rule_help(path, instance, data)
                     or Said("put the expression in quotes: `'…'`", "请给表达式加引号：`'…'`"), path, False)]
        kinds = [str(e) for e in expected] if isinstance(expected, list) else [str(expected)]
        want = values.listed_said((Said(_TYPE_WORDS.get(kind, kind), _TYPE_WORDS_ZH.get(kind, kind)) for kind in kinds),
                                  last="or")
        empty_item = instance is None and kinds == ["string"] and bool(path) and isinstance(path[-1], int)
        fix_help = (_confirm_help(path, instance) or _label_help(schema, instance, path)
                    or (_EMPTY_ITEM if empty_item else None)
                    or (_blank_help(path) if _says_none(instance) else None)
                    or _TYPE_HELP.get((str(expected), got))
                    or (yes_or_no_help(instance) if (str(expected), got) in _YES_OR_NO_WRITTEN else None)
                    or (_empty_help(schema) or _WRITE_ENTRIES
                        if instance is None and {"object", "array"} & set(kinds) else None)
                    or _type_help(path, kinds, instance) or _empty_number_help(schema, kinds, instance)
                    or _whole_number_help(kinds, instance)
                    or _quote_help(schema, kinds, instance)
                    or _list_help(schema, kinds, instance)
                    or _keys_help(schema, kinds, instance))
        return [(said(f"{where} must be {want.en}, not {got}", f"应为{want.zh}，而不是{got_zh}"), fix_help, path,
                 False)]
    if v == "enum":
        choices = [str(x) for x in expected]
        meant = _VALUE_WORDS_OF_OTHERS.get(str(path[-1]) if path else "", {}).get(str(instance).strip().lower(), "")
        return [(said(f"{where} is `{instance}`, not one of the allowed values", f"是 `{instance}`，不是允许的值"),
                 Said(did_you_mean(meant), did_you_mean(meant, "zh")) if meant in choices else
                 suggested(str(instance), choices)
                 or Said(f"use one of {listed(choices, last='or')}", f"请从 {listed(choices, 'zh')} 中选用一个"),
                 path, False)]
    if v == "minLength" or (v == "pattern" and expected == NOT_BLANK):  # `{zh: ''}`, or a full-width space alone
        return [(said(f"{where} is empty", "是空的"),
                 Said("write a text here, or remove the key", "请在这里写上文本，或删去这个键"), path, False)]
    if v == "pattern" and "propertyNames" in error.schema_path and path and path[-1] == "articles":
        stripped = str(instance).strip()
        return [(Said(f"the article `{instance}` has a space at its start or end",
                      f"条文编号 `{instance}` 的开头或结尾有空格"),
                 Said(f"write it as citations write it: `{stripped}`", f"请与引用处的写法保持一致：`{stripped}`"),
                 (*path, instance), True)]
    comma = next((ch for ch in "，、" if ch in str(instance)), None) if v == "pattern" and path \
        and isinstance(path[-1], int) else None
    if comma is not None:  # `values: [A，B，C，D]`, `absorbed_by: [dibao，tekun]`: one value
        parts = [part.strip() for part in re.split("[，、]", str(instance)) if part.strip()]
        mark = wide_mark(comma)
        return [(said(f"{where} is `{instance}`: {mark.en}, so it is one value",
                      f"是 `{instance}`：{mark.zh}，因此是一个值"),
                 Said(f"separate the values with the English comma: `{', '.join(parts)}`",
                      f"各个值之间请用英文逗号分隔：`{', '.join(parts)}`"), path, False)]
    if v == "pattern":
        name_of_key = "propertyNames" in error.schema_path
        dotted = "\\." in str(expected)  # a household input: `group.name`
        text = str(instance)
        fixed = as_a_name(text)  # `Medical`, `disaster loss`, `extra-houses`
        if fixed != text and re.fullmatch(str(expected), fixed):
            why = Said("names are written in lower case", "名称用小写字母") if fixed == text.lower() else \
                Said("names join their words with `_`", "名称中的词用 `_` 连接")
            rename = Said(f"{why.en}: write `{fixed}`", f"{why.zh}：请写 `{fixed}`")
        elif dotted and "." not in text and _PLAIN_NAME.fullmatch(text):
            rename = ungrouped_input_help(text)
        else:
            rename = Said(_NAME_RULE.en + (
                       ", and a household input has a group before a dot: `assets.deposits`" if dotted else ""),
                       _NAME_RULE.zh + ("；家庭的输入项前面还要有分组和点：`assets.deposits`" if dotted else ""))
        return [(Said(f"`{instance}` is not a valid name here", f"`{instance}` 不能用作这里的名称"), rename,
                 (*path, instance) if name_of_key else path, name_of_key)]
    if v == "format" or (v == "anyOf" and any(e.validator == "format" for e in error.context or ())):
        return [(said(f"{where}: `{instance}` is not a date", f"的 `{instance}` 不是日期"),
                 date_said(instance) or _WRITE_DATES, path, False)]
    if v in ("minItems", "minProperties"):
        return [(said(f"{where} is empty", "是空的"),
                 _EMPTY_HELP.get(tuple(map(str, path[-2:]))) or _empty_help(schema)
                 or Said("add at least one entry", "请至少添加一项"),
                 path, False)]
    twice_at = next((i for i, item in enumerate(instance) if item in instance[:i]), None) \
        if v == "uniqueItems" and isinstance(instance, list) else None  # the second of the two
    if twice_at is not None:  # `values: [A, B, C, C]`
        at, twice = twice_at, instance[twice_at]
        return [(said(f"{where} lists `{twice}` twice", f"两次列出了 `{twice}`"),
                 Said("list each value once: remove this one, or write the value it was meant to be",
                      "每个值只列一次：请删去这一个，或改成本来要写的值"), (*path, at), False)]
    if v == "oneOf" and isinstance(instance, dict) and "when" not in instance and "options" not in instance:
        return [(said(f"{where} {_NEITHER}", "缺少 `when`（或 `options`）"),
                 Said("add `when:` with the rule that gives the measure, e.g. `when: dibao`, or `options:` listing "
                      "each way it is given", "请添加 `when:`，写明给予这项措施的规则，例如 `when: dibao`；"
                      "或添加 `options:`，列出每一种给予方式"), path, False)]
    if v == "oneOf":
        return [(said(f"{where} {_WHEN_OR_OPTIONS}",
                      "要么写 `when`（可再加 `amount`），要么写 `options`，不能两者都写"),
                 Said("keep one of them: `when:` (with `amount:`) for one way of giving it, `options:` for several",
                      "只保留其一：只有一种给予方式时写 `when:`（和 `amount:`），有几种时写 `options:`"), path, False)]
    if v == "minimum":
        return [(said(f"{where} must be at least {expected}", f"不能小于 {expected}"), None, path, False)]
    return [(said(f"{where}: {error.message}", f"不符合政策文件的结构：{error.message}"), None, path, False)]


_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# The schemas' pattern for a text that must hold something besides white space (`''`, a full-width space alone).
NOT_BLANK = r"\S"


def _keys_meant(extra: str, hint: Said | None) -> set[str]:
    """The keys an unknown key `extra` may have meant, not also to be reported missing: the one its help offers,
    the key it begins with when its text ran into it (`zh:…`, `from：…`), the keys a Chinese word for a key
    means, the one key missing where a key in Chinese stands."""
    run_on = _RUN_ON_KEY.match(extra)
    return {key for key in (offered(hint.en if hint else None), run_on.group(1) if run_on else None,
                            hint.subject if hint else None, *_KEY_WORDS_ZH.get(extra.strip(), ())) if key}


def _missing_in_english(extra: str, instance: Any, schema: dict[str, Any], where: str, zh: str) -> Said | None:
    """`审核时限: 25` where `process` has no `review_working_days`: a key in Chinese where exactly one key the
    entry must hold is missing is that key."""
    if extra.isascii() or not isinstance(instance, dict):
        return None
    missing = [key for key in schema.get("required", []) if key not in instance]
    if len(missing) != 1:
        return None
    (key,) = missing
    return Said(f"keys are written in English: write `{key}` for `{extra}`: it is the key {where} is missing",
                chinese_joined(f"键名要用英文：请把 `{extra}` 写成 `{key}`，即", zh, "缺少的键"), subject=key)


def _text_cut_at_comma(instance: Any, extra: str, keys: list[str]) -> tuple[str, list[str]] | None:
    """For a key of a text map (`{zh: …, en: …}`) that is the rest of a text cut at a `,` (`{zh: 住房或饮水不安全,
    患重特大疾病…}`: the text before it, then a key with no value): the key of that text and the keys it was cut
    into, in order."""
    if set(keys) != {"zh", "en"} or not isinstance(instance, dict) or instance.get(extra, "") is not None:
        return None
    entries = list(instance.items())
    at = [key for key, _ in entries].index(extra)
    if at == 0 or entries[at - 1][0] not in keys or not isinstance(entries[at - 1][1], str):
        return None
    run = [str(key) for key, value in entries[at:]]
    cut = next((i for i, (key, value) in enumerate(entries[at:]) if value is not None or key in keys), len(run))
    return str(entries[at - 1][0]), run[:cut]


def ungrouped_input_help(name: str, read: ast.Name | None = None) -> Said:
    """What a household input declared without its group (`safe_toilet:`) is told: the name a rule `read` it by
    (`sanitation.safe_toilet`), as an unknown name there is told too, else a group for example."""
    rule = Said("a household input is named by a group and its name, as `assets.deposits` and "
                "`housing.safety_grade` are",
                "家庭的输入项由“分组.名称”命名，如 `assets.deposits`、`housing.safety_grade`")
    if read is None:
        return Said(f"{rule.en}: put it in a group, such as `household.{name}`",
                    f"{rule.zh}：请放进一个分组，如 `household.{name}`")
    line = read.span.line
    return Said(f"{rule.en}: write `{read.dotted}`, as the rule at line {line} reads it",
                f"{rule.zh}：请写 `{read.dotted}`，与第 {line} 行的规则读它的写法一致")


def first_grouped_reads(rules: list[ast.Node], declared: set[str]) -> dict[str, ast.Name]:
    """Of each name a household input may be declared by without its group (`safe_toilet`), the first name in the
    file that reads it with one (`sanitation.safe_toilet`) and is no input `declared`."""
    reads: dict[str, ast.Name] = {}
    named = [n for node in rules for n in ast.names_in(node)
             if n.dotted not in declared and schemas.names_an_input(n.dotted, "household")]
    for n in sorted(named, key=lambda n: (n.span.line, n.span.column) if n.span else (0, 0)):
        reads.setdefault(n.dotted.rsplit(".", 1)[1], n)
    return reads


def grouped_as_read(found: dict[Diagnostic, tuple[str | int, ...]], rules: list[ast.Node],
                    declared: set[str]) -> dict[Diagnostic, tuple[str | int, ...]]:
    """`found`, where a household input declared without its group is told the group the rule that reads it with
    one first in the file reads it under (an input not `declared`), instead of a group for example."""
    reads = first_grouped_reads(rules, declared)
    retold = {}
    for diagnostic, path in found.items():
        name = path[-1] if path[:2] == ("inputs", "household") and len(path) == 3 else None
        if isinstance(name, str) and name in reads and diagnostic.help == ungrouped_input_help(name).en:
            said = ungrouped_input_help(name, reads[name])
            diagnostic = dataclasses.replace(diagnostic, help=said.en,
                                             zh=(diagnostic.zh[0], said.zh) if diagnostic.zh else None)
        retold[diagnostic] = path
    return retold


def schema_diagnostics(doc: YamlDocument, validator: jsonschema.Draft202012Validator | None = None,
                       page: str = "docs/policy-files.md") -> list[Diagnostic]:
    """Every way the YAML document breaks its JSON Schema (the policy schema unless another validator is
    given), worded for the person editing it and located on the key or value at fault (L004)."""
    return list(schema_found(doc, validator, page))


def schema_found(doc: YamlDocument, validator: jsonschema.Draft202012Validator | None = None,
                 page: str = "docs/policy-files.md") -> dict[Diagnostic, tuple[str | int, ...]]:
    """`schema_diagnostics`, each with the YAML path of what it is about."""
    findings: list[_Finding] = []
    for error in (validator or schemas.validator("policy")).iter_errors(jsonable(doc.data)):
        if error.validator in ("oneOf", "anyOf") and error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            if len(deepest.absolute_path) > len(error.absolute_path):
                error = deepest
        findings.extend(_schema_findings(error, page, doc.data))
    # `lable:` is reported once, as an unknown key that meant `label`, not also as a missing `label`
    meant = {(path[:-1], key) for message, hint, path, _ in findings if message.en.startswith("unknown key")
             for key in _keys_meant(str(path[-1]), hint)}
    if validator is None:  # a policy: an entry written in the wrong place is told where it belongs
        left_out = keys_left_out(doc)  # one mistake: the entry left empty; the rest follows from it
        findings = _misplaced_entries(doc, [finding for finding in findings if finding[2][:2] not in left_out])
        findings += _defaults_read_as_yes_or_no(doc)
    findings = [(message, _named_by_label(doc.data, path)
                 or (key_of_others_help(doc, path) if message.en.startswith("unknown key") else None) or hint, path,
                 about_key)
                for message, hint, path, about_key in findings]
    found = {_cut_number(doc, path) or Diagnostic.said("L004", message, doc.span(path, key=about_key), help=hint): path
             for message, hint, path, about_key in findings
             if not (message.subject is not None and (path, message.subject) in meant)
             and not (message.en.endswith((_WHEN_OR_OPTIONS, _NEITHER))
                      and {(path, "when"), (path, "options")} & meant)}  # `1,234,567` cut in three is one mistake
    # a value the YAML could not read (`2026-13-01`) is said as such, not also as the text the schema then met
    unread = {_quoted_where_text(doc, validator, path, d): path for path, d in doc.unread.items()}
    return unread | {d: path for d, path in found.items() if path not in doc.unread}


def _quoted_where_text(doc: YamlDocument, validator: jsonschema.Draft202012Validator | None,
                       path: tuple[str | int, ...], finding: Diagnostic) -> Diagnostic:
    """A number YAML reads other than as written (`025`), told also to be quoted where a text may stand there
    (`version: 025`), not where the field takes a number alone (`review_working_days`)."""
    written = doc.quotable.get(path)
    if written is None or finding.help is None or finding.zh is None or finding.zh[1] is None:
        return finding
    checked = validator or schemas.validator("policy")
    if not _broken_by(checked, doc.data, path, written) <= _broken_by(checked, doc.data, path, 1):
        return finding
    help = quoted_too(Said(finding.help, finding.zh[1]), written)
    return dataclasses.replace(finding, help=help.en, zh=(finding.zh[0], help.zh))


def _broken_by(validator: jsonschema.Draft202012Validator, data: Any, path: tuple[str | int, ...],
               value: Any) -> set[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """Where the document breaks its schema, and which part of it, with `value` at `path`."""
    placed = copy.deepcopy(data)
    within = placed
    for step in path[:-1]:
        within = within[step]
    within[path[-1]] = value
    return {(tuple(e.absolute_path), tuple(e.relative_schema_path)) for e in validator.iter_errors(jsonable(placed))}


# What an entry of each section of named entries is called, to tell an entry written in another section.
_ENTRY_WORDS = {"parameters": Said("a parameter", "参数"), "income": Said("an income type", "收入类型"),
                "expenses": Said("an expense type", "支出类型"), "definitions": Said("a definition", "定义"),
                "indicators": Said("an indicator", "指标")}


@functools.cache
def _entry_keys() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """For each section of `_ENTRY_WORDS`, the keys its entries may hold and the ones that tell such an entry
    (those it must hold, `label` aside: `test` of an indicator, `value` of a parameter or a definition)."""
    found = {}
    for section in _ENTRY_WORDS:
        entry = schemas.shipped("policy")["properties"][section]["additionalProperties"]
        found[section] = (frozenset(entry.get("properties", {})), frozenset(entry.get("required", [])) - {"label"})
    return found


def _shaped_as(entry: Any) -> list[str]:
    """The sections whose entries hold the keys `entry` holds, and the keys that tell one of them."""
    if not isinstance(entry, dict) or not entry:
        return []
    keys = {str(key) for key in entry}
    return [section for section, (allowed, telling) in _entry_keys().items() if keys <= allowed and telling <= keys]


def _misplaced_entries(doc: YamlDocument, findings: list[_Finding]) -> list[_Finding]:
    """The findings with an entry written in the wrong place told where it belongs, once: an indicator under
    `definitions:` (its `test:` unknown there, its `value:` missing) is an indicator to move, or a definition to
    give `value:`; a top-level key holding what an entry of the section just above holds is that section's entry,
    outdented."""
    data = doc.data if isinstance(doc.data, dict) else {}
    told: dict[tuple[str | int, ...], Said] = {}  # the first unknown key of each entry, and what it is told
    entries: set[tuple[str | int, ...]] = set()
    echoes: set[tuple[str | int, ...]] = set()  # the findings of the same mistake: its other keys, the key missing
    for message, _, path, about_key in findings:
        if not (about_key and message.en.startswith("unknown key")) or path[:2] in entries:
            continue
        if len(path) == 1:
            hint = _outdented(doc, str(path[0]))
            if hint is not None:
                told[path] = hint
            continue
        section = data.get(path[0]) if len(path) == 3 and path[0] in _ENTRY_WORDS else None
        entry = section.get(path[1]) if isinstance(section, dict) else None
        others = [other for other in _shaped_as(entry) if other != path[0]]
        if not others or not isinstance(entry, dict):
            continue
        allowed, telling = _entry_keys()[str(path[0])]
        foreign = [str(key) for key in entry if key not in allowed]
        missing = sorted(telling - set(entry))
        keys = values.listed_said(f"`{key}:`" for key in foreign)
        what = values.listed_said((_ENTRY_WORDS[other] for other in others), last="or")
        where = values.listed_said((f"`{other}:`" for other in others), last="or")
        write = values.listed_said(f"`{key}:`" for key in missing)
        instead = Said(f"write {write.en}", f"改用 {write.zh}") if missing else Said(f"remove {keys.en}",
                                                                                     f"删去 {keys.zh}")
        told[path] = Said(f"an entry with {keys.en} is {what.en}: move it under {where.en}, or {instead.en}",
                          chinese_joined("带有 ", keys.zh, " 的项是", what.zh, "：请把它移到 ", where.zh, " 下面，或",
                                         instead.zh))
        entries.add(path[:2])
        echoes |= {(*path[:2], key) for key in foreign if key != path[2]}
        echoes |= {(*path[:2], f"missing `{key}`") for key in missing}
    if not told:
        return findings
    return [(message, told.get(path, hint), path, about_key) for message, hint, path, about_key in findings
            if path in told or not ((about_key and path in echoes) or _missing(message, path) in echoes)]


def keys_left_out(doc: YamlDocument) -> frozenset[tuple[str | int, ...]]:
    """The keys of an entry left empty that follow it in its section, not under it (`funeral_subsidy:`, then
    `counted:` and `label:` in its column): YAML reads each as an entry of the section, found wrong in every way,
    where the one mistake is the empty entry (told to take them). As entries of the section: `("income", "label")`."""
    data = doc.data if isinstance(doc.data, dict) else {}
    left_out: set[tuple[str | int, ...]] = set()
    for name in _ENTRY_WORDS:
        section = data.get(name)
        entries = list(section.items()) if isinstance(section, dict) else []
        for at in (at for at, (_, value) in enumerate(entries) if value is None):
            for key, _ in entries[at + 1:]:
                if key not in _entry_keys()[name][0]:
                    break
                left_out.add((name, key))
    return frozenset(left_out)


def _defaults_read_as_yes_or_no(doc: YamlDocument) -> list[_Finding]:
    """`default: yes` of an enum that lists `yes` among its values: YAML reads the word as true, so the default is
    none of the values, and the check would say `true`, which the file does not show."""
    found: list[_Finding] = []
    inputs = doc.data.get("inputs") if isinstance(doc.data, dict) else None
    for level, fields in inputs.items() if isinstance(inputs, dict) else ():
        for name, field in fields.items() if isinstance(fields, dict) else ():
            if not isinstance(field, dict) or field.get("type") != "enum" or not isinstance(field.get("default"), bool):
                continue
            path = ("inputs", level, name, "default")
            info = doc.info(path)
            values = [doc.info((*path[:-1], "values", i)) for i in range(len(field.get("values") or []))]
            word = info.raw if info is not None and not info.style else None
            if word is None or word not in [value.raw for value in values if value is not None]:
                continue
            where, read, fixed = shown_path(path), "true" if field["default"] else "false", f"`default: '{word}'`"
            found.append((Said(f"`{where}` is `{word}`, which YAML reads as {read}, not as the value `{word}`",
                               f"`{where}` 是 `{word}`，YAML 会把它读作 {read}，而不是可选值 `{word}`"),
                          Said(f"put it in quotes: {fixed}", f"请加引号：{fixed}"), path, False))
    return found


def _missing(message: Said, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """For a finding of a key missing, its entry and ``missing `key` ``; else an empty path."""
    return (*path, f"missing `{message.subject}`") if message.subject is not None else ()


def _outdented(doc: YamlDocument, key: str) -> Said | None:
    """For an unknown top-level `key` that holds what an entry of the section just above it holds (`test:` and
    `label:` after the indicators): that it is an entry of the section, moved out to the left margin."""
    data = doc.data if isinstance(doc.data, dict) else {}
    sections = schemas.shipped("policy")["properties"]
    names = list(data)
    before = names[:names.index(key)] if key in names else []
    while before and before[-1] not in sections and _shaped_as(data[before[-1]]):
        before.pop()  # another entry outdented just above
    section = before[-1] if before else None
    if section not in _shaped_as(data.get(key)):
        return None
    opened = doc.info((section,))
    entries = data.get(section)
    first = doc.info((section, next(iter(entries)))) if isinstance(entries, dict) and entries else None
    column = first.key_span.column - 1 if first is not None and first.key_span is not None else 2
    here = doc.info((key,))
    inner = doc.info((key, next(iter(data[key]))))
    line = opened.key_span.line if opened is not None and opened.key_span is not None else 0
    at = here.key_span.column - 1 if here is not None and here.key_span is not None else 0
    by = column - at
    if by <= 0:
        return None
    keys_in = inner is not None and inner.key_span is not None and inner.key_span.column - 1 > column
    lines = Said("it", "它") if keys_in else Said("it and the lines under it", "它和它下面的各行")
    return Said(f"it looks like an entry of `{section}:` (line {line}): indent {lines.en} by {by} "
                f"space{'s' if by > 1 else ''}, to the "
                "column of the section's entries",
                f"它像是 `{section}:`（第 {line} 行）下的一项：请把{lines.zh}缩进 {by} 个空格，与这一节的各项对齐")


def _named_by_label(data: Any, path: tuple[str | int, ...]) -> Said | None:
    """`absorbed_by: [低保]`, `department: 水利部门`: the category or department a Chinese word names by its label
    (`dibao`, `water_resources`), or that words separated by spaces name joined by `_` (`water resources`), to
    write instead."""
    if not isinstance(data, dict):
        return None
    if len(path) == 4 and path[0] == "abolished" and path[2] == "absorbed_by":
        labelled = [(c.get("id"), c.get("label")) for c in data.get("categories") or [] if isinstance(c, dict)]
    elif len(path) == 3 and path[0] == "assistance" and path[2] == "department":
        departments = data.get("departments")
        labelled = list(departments.items()) if isinstance(departments, dict) else []
    else:
        return None
    try:
        written = data[path[0]][path[1]][path[2]]
        written = written[path[3]] if len(path) == 4 else written
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(written, str):
        return None
    joined = as_a_name(written)
    if joined != written and joined in {str(name) for name, _ in labelled}:
        return Said(f"names join their words with `_`: write `{joined}`", f"名称中的词用 `_` 连接：请写 `{joined}`")
    return None if written.isascii() else chinese.label_help(written, by_zh_label(labelled))


def _cut_number(doc: YamlDocument, path: tuple[str | int, ...]) -> Diagnostic | None:
    """`{default: 6,120}`: inside `{…}` the thousands separator ends the value, and `120` reads as a key."""
    info = doc.info(path)
    span = info.key_span if info is not None else None
    if span is None:
        return None
    line = doc.lines[span.line - 1]
    number = next((m for m in re.finditer(r"(?<![\w.])\d{1,3}(?:,\d{3}(?!\d))+", line)
                   if m.start() < span.column - 1 < m.end()), None)
    if number is None:
        return None
    return Diagnostic.said("L004", Said(f"the number `{number.group()}` is split at its `,`",
                                        f"数字 `{number.group()}` 在 `,` 处被拆开了"),
                           Span(span.file, span.line, number.start() + 1, span.line, number.end() + 1),
                           help=without_separator(number.group()))
