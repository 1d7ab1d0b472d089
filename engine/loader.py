"""Policy file → validated, parsed and checked `Policy`.

Input: a path to a policy YAML file (or its bytes). Output: a `Policy` and the
warnings found, or `PolicyError` with every error found. Stages, in order:
YAML with positions (`yamlsource`), the JSON Schema `schema/policy.schema.json`,
parsing every expression with spans offset into the file, building the model,
the checker, and computing parameter values. Errors of one stage are all
reported; a YAML or schema error stops there (`PolicyError.unchecked`), but a
rule that does not parse, a name given twice, or a key given twice or a schema
error within one entry of `_STANDS_IN` does not stop the checker, which goes on
with the rest of the file (a broken rule, or the stand-in of a broken entry, has
an unknown type, so nothing built on it is reported again; the names written in
what could not be built count as read). Parameter values are computed only for a
policy without errors.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema

from engine import model as m
from engine import schema as schemas
from engine.checker import check
from engine.checker.hints import listed, suggested
from engine.checker.rules import within
from engine.diagnostics import Diagnostic, PolicyError, Said, Span, chinese_joined, has_errors
from engine.household import looks_like_household
from engine.household_words import date_said
from engine.syntax import ast, chinese, numerals
from engine.syntax.numerals import THOUSANDS, without_separator
from engine.syntax.parser import ParseFailure, SourceMap, names_written, parse
from engine.yamlsource import Duplicate, YamlDocument, cannot_read, load_yaml, shown_path


def policy_schema() -> dict[str, Any]:
    return schemas.shipped("policy")


def jsonable(value: Any) -> Any:
    """YAML data as JSON would hold it: dates as their YYYY-MM-DD text."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


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
_TRUE_OR_FALSE = Said("write `true` or `false`", "请写 `true` 或 `false`")
_TYPE_HELP = {
    ("object", "a list"): Said("remove the `- ` before each entry: a map has one `name: …` line per entry",
                               "请删去每项前面的 `- `：映射中每项占一行，写成 `name: …`"),
    ("array", "a map"): Said("start each entry with `- `", "请在每一项前面加 `- `"),
    ("boolean", "a number"): _TRUE_OR_FALSE,
    ("boolean", "a text"): _TRUE_OR_FALSE,
    # `values: [yes, no]`: YAML reads yes/no/on/off (any case) as true/false, not as words
    ("string", "true/false"): Said("YAML reads `yes`, `no`, `on` and `off` as true or false: put the word in "
                                   "quotes, e.g. `\"yes\"`",
                                   "YAML 会把 `yes`、`no`、`on` 和 `off` 读作 true 或 false：请给这个词加引号，"
                                   "例如 `\"yes\"`"),
}
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
_MISSING_HELP = {"values": Said("an enum lists the values a household may give: add e.g. `values: [A, B, C, D]`",
                                "可选值类型的输入字段要列出家庭可以填的值：请添加，例如 `values: [A, B, C, D]`")}
# what to write where an empty map or list would check nothing, by the last two keys of its path
_EMPTY_HELP: dict[tuple[str, ...], Said] = {("expect", "values"): Said(
    "an empty `values:` checks nothing: name each value to check and what it should be, such as "
    "`values: {per_capita_income: 4200.00}`, or remove `values:`",
    "空的 `values:` 什么也不检查：请写出要检查的每个值及其应有的取值，例如 `values: {per_capita_income: 4200.00}`，"
    "或删去 `values:`")}
_EXPRESSION_LIKE = re.compile(r"[ ()<>=+*/]")
_WRITE_DATES = Said("write dates as YYYY-MM-DD", "日期请写作 YYYY-MM-DD")

# One finding of the schema stage: message, help, and the YAML path and whether its key is meant.
_Finding = tuple[Said, Said | None, tuple[str | int, ...], bool]


_ENTRY_SECTIONS = ("parameters", "income", "expenses", "definitions", "indicators")
_ENTRY_KEYS = ("value", "test", "label", "source", "note", "confirm", "counted", "share", "rigid", "level")


def _type_help(path: tuple[str | int, ...], kinds: list[str], instance: Any) -> Said | None:
    """The fix for a value of the wrong type: a number written as text, a clause written as a rule."""
    if not isinstance(instance, str):
        return None
    if {"integer", "number"} & set(kinds):
        if THOUSANDS.fullmatch(instance.strip()):
            return without_separator(instance.strip())
        digits = numerals.number_in(instance)
        if digits:
            return Said(f"write just the number: `{digits}`", f"请只写数字：`{digits}`")
    if len(path) == 2 and path[0] in _ENTRY_SECTIONS and path[1] in _ENTRY_KEYS and kinds == ["object"]:
        key = path[1]  # `source:` of the last entry, dedented: YAML reads it as an entry of the section
        return Said(f"if `{key}` belongs to the entry above, indent it as that entry's other keys; an entry of "
                    f"`{path[0]}` is a name with its keys under it",
                    f"如果 `{key}` 属于上面那一项，请让它与那一项的其他键缩进对齐；`{path[0]}` 下的每一项是"
                    "一个名称，它的各个键写在它下面")
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
    listed = f"`[{instance.strip()}]`"
    return Said(f"write it in square brackets, as a list: {listed}", f"请用方括号写成列表：{listed}")


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


def _schema_findings(error: jsonschema.ValidationError, page: str) -> list[_Finding]:
    """Plain-language findings for one schema error (several when it names several keys); `page` is the
    handbook page that describes the file."""
    path = tuple(error.absolute_path)
    shown = shown_path(path)
    where = f"`{shown}`" if shown else "the document"
    zh = f"`{shown}`" if shown else "文件"  # the subject of the Chinese sentence

    def said(en: str, rest: str) -> Said:  # the English, and the Chinese that says `rest` of `where`
        return Said(en, chinese_joined(zh, rest))

    v = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    if v == "required":
        missing = error.message.removesuffix(" is a required property").strip("'\"")
        return [(said(f"{where} is missing `{missing}`", f"缺少 `{missing}`"),
                 _MISSING_HELP.get(missing) or Said(f"add `{missing}:` (see {page})",
                                                    f"请添加 `{missing}:`（见 {page}）"), path, False)]
    if v == "additionalProperties":
        keys = sorted(schema.get("properties", {}))
        found: list[_Finding] = []
        for extra in _unexpected_keys(error):
            key, wide, value = extra.partition("：")
            hint: Said
            if wide and key.strip() in keys:  # `{zh：家庭人口数, …}`: the Chinese colon is no YAML colon
                fix = f"`{key.strip()}: {value.strip()}`"
                hint = Said(f"`：` is a Chinese colon: write {fix}", f"`：` 是中文冒号：请写 {fix}")
            elif _EXPRESSION_LIKE.search(extra):
                hint = Said("this looks like part of an expression cut at a `,`: inside `{…}` put the expression in "
                            "quotes", "这像是在 `,` 处被截断的表达式：在 `{…}` 中请给表达式加引号")
            else:
                allowed = Said(f"allowed keys: {listed(keys)}", f"允许的键：{listed(keys, 'zh')}")
                hint = suggested(extra, keys) or allowed
            found.append((said(f"unknown key `{extra}` in {where}", f"中有未知的键 `{extra}`"), hint,
                          (*path, extra), True))
        return found
    if _not_a_date_at_all(error):
        got = _VALUE_WORDS.get(type(instance).__name__, type(instance).__name__)
        got_zh = _VALUE_WORDS_ZH.get(type(instance).__name__, type(instance).__name__)
        return [(said(f"{where} must be a date (YYYY-MM-DD), not {got}", f"应为日期（YYYY-MM-DD），而不是{got_zh}"),
                 date_said(instance, quotes=False) or _WRITE_DATES, path, False)]
    if v == "type":
        got = _VALUE_WORDS.get(type(instance).__name__, type(instance).__name__)
        got_zh = _VALUE_WORDS_ZH.get(type(instance).__name__, type(instance).__name__)
        if expected == _EXPRESSION_TYPES:
            if instance is None:
                return [(said(f"{where} is empty", "是空的"),
                         _EMPTY_RULE_HELP.get(str(path[0]) if path else "", _EMPTY_RULE_HELP[""]), path, False)]
            return [(said(f"{where} must be an expression, not {got}", f"应为表达式，而不是{got_zh}"),
                     Said("put the expression in quotes: `'…'`", "请给表达式加引号：`'…'`"), path, False)]
        kinds = [str(e) for e in expected] if isinstance(expected, list) else [str(expected)]
        want = " or ".join(_TYPE_WORDS.get(kind, kind) for kind in kinds)
        want_zh = "或".join(_TYPE_WORDS_ZH.get(kind, kind) for kind in kinds)
        fix_help = (_label_help(schema, instance, path) or _TYPE_HELP.get((str(expected), got))
                    or _type_help(path, kinds, instance) or _list_help(schema, kinds, instance))
        return [(said(f"{where} must be {want}, not {got}", f"应为{want_zh}，而不是{got_zh}"), fix_help, path, False)]
    if v == "enum":
        choices = [str(x) for x in expected]
        return [(said(f"{where} is `{instance}`, not one of the allowed values", f"是 `{instance}`，不是允许的值"),
                 Said(f"use one of {listed(choices)}", f"请从 {listed(choices, 'zh')} 中选用一个"), path, False)]
    if v == "pattern" and "propertyNames" in error.schema_path and path and path[-1] == "articles":
        stripped = str(instance).strip()
        return [(Said(f"the article `{instance}` has a space at its start or end",
                      f"条文编号 `{instance}` 的开头或结尾有空格"),
                 Said(f"write it as citations write it: `{stripped}`", f"请与引用处的写法保持一致：`{stripped}`"),
                 (*path, instance), True)]
    if v == "pattern":
        name_of_key = "propertyNames" in error.schema_path
        dotted = "\\." in str(expected)  # a household input: `group.name`
        text = str(instance)
        if dotted and "." not in text and _PLAIN_NAME.fullmatch(text):
            rename = Said(f"a household input is named by a group and its name, as `assets.deposits` and "
                       f"`housing.safety_grade` are: put it in a group, such as `household.{text}`",
                       f"家庭的输入项由“分组.名称”命名，如 `assets.deposits`、`housing.safety_grade`：请放进一个"
                       f"分组，如 `household.{text}`")
        else:
            rename = Said("names use lowercase letters, digits and `_`, starting with a letter" + (
                       ", and a household input has a group before a dot: `assets.deposits`" if dotted else ""),
                       "名称只能用小写字母、数字和 `_`，并以字母开头" + (
                       "；家庭的输入项前面还要有分组和点：`assets.deposits`" if dotted else ""))
        return [(Said(f"`{instance}` is not a valid name here", f"`{instance}` 不能用作这里的名称"), rename,
                 (*path, instance) if name_of_key else path, name_of_key)]
    if v == "format" or (v == "anyOf" and any(e.validator == "format" for e in error.context or ())):
        return [(said(f"{where}: `{instance}` is not a date", f"的 `{instance}` 不是日期"),
                 date_said(instance) or _WRITE_DATES, path, False)]
    if v in ("minItems", "minProperties"):
        return [(said(f"{where} is empty", "是空的"),
                 _EMPTY_HELP.get(tuple(map(str, path[-2:])), Said("add at least one entry", "请至少添加一项")),
                 path, False)]
    if v == "minLength":
        return [(said(f"{where} is empty", "是空的"),
                 Said("write a text here, or remove the key", "请在这里写上文本，或删去这个键"), path, False)]
    if v == "oneOf":
        return [(said(f"{where} must have either `when` (and optionally `amount`) or `options`, not both",
                      "要么写 `when`（可再加 `amount`），要么写 `options`，不能两者都写"), None, path, False)]
    if v == "minimum":
        return [(said(f"{where} must be at least {expected}", f"不能小于 {expected}"), None, path, False)]
    return [(said(f"{where}: {error.message}", f"不符合政策文件的结构：{error.message}"), None, path, False)]


_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def schema_diagnostics(doc: YamlDocument, validator: jsonschema.Draft202012Validator | None = None,
                       page: str = "docs/policy-files.md") -> list[Diagnostic]:
    """Every way the YAML document breaks its JSON Schema (the policy schema unless another validator is
    given), worded for the person editing it and located on the key or value at fault (L004)."""
    return list(_schema_found(doc, validator, page))


def _schema_found(doc: YamlDocument, validator: jsonschema.Draft202012Validator | None = None,
                  page: str = "docs/policy-files.md") -> dict[Diagnostic, tuple[str | int, ...]]:
    """`schema_diagnostics`, each with the YAML path of what it is about."""
    findings: list[_Finding] = []
    for error in (validator or schemas.validator("policy")).iter_errors(jsonable(doc.data)):
        if error.validator in ("oneOf", "anyOf") and error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            if len(deepest.absolute_path) > len(error.absolute_path):
                error = deepest
        findings.extend(_schema_findings(error, page))
    # `lable:` is reported once, as an unknown key that meant `label`, not also as a missing `label`
    meant = {(path[:-1], hint.en.split("`")[1]) for message, hint, path, _ in findings
             if message.en.startswith("unknown key") and hint is not None and hint.en.startswith("did you mean")}
    findings = [(message, _category_by_label(doc.data, path) or hint, path, about_key)
                for message, hint, path, about_key in findings]
    found = {_cut_number(doc, path) or Diagnostic.said("L004", message, doc.span(path, key=about_key), help=hint): path
             for message, hint, path, about_key in findings
             if not (message.en.endswith("`") and " is missing `" in message.en
                     and (path, message.en.rsplit("`", 2)[1]) in meant)}
    return found  # `1,234,567` cut in three is one mistake


def _category_by_label(data: Any, path: tuple[str | int, ...]) -> Said | None:
    """`absorbed_by: [低保]`: the category a Chinese word names by its label (`dibao`), to write instead."""
    if len(path) != 4 or path[0] != "abolished" or path[2] != "absorbed_by" or not isinstance(data, dict):
        return None
    try:
        written = data["abolished"][path[1]]["absorbed_by"][path[3]]
    except (KeyError, IndexError, TypeError):
        return None
    categories = [c for c in data.get("categories") or [] if isinstance(c, dict)]
    labels = by_zh_label((c.get("id"), c.get("label")) for c in categories)
    return chinese.label_help(written, labels) if isinstance(written, str) and not written.isascii() else None


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


def chinese_labels(data: dict[str, Any]) -> chinese.Labels:
    """The `zh` label of every name a rule can use, mapped to that name (`低保标准` → `dibao_standard`), and of
    every value of each enum input, mapped to that value (`supporter`: `无` → `none`)."""
    named: list[tuple[str, Any]] = []
    for section in ("parameters", "definitions", "indicators"):
        named += list((data.get(section) or {}).items())
    inputs = data.get("inputs") or {}
    fields = [(name, f) for level in ("household", "member") for name, f in (inputs.get(level) or {}).items()
              if isinstance(f, dict)]
    named += fields
    for section in ("income", "expenses"):
        named += [(f"{section}.{name}", item) for name, item in (data.get(section) or {}).items()]
    named += [(str(c.get("id")), c) for c in data.get("categories") or [] if isinstance(c, dict)]
    names = by_zh_label((name, item.get("label") if isinstance(item, dict) else None) for name, item in named)
    values = {name: by_zh_label(f["value_labels"].items()) for name, f in fields
              if isinstance(f.get("value_labels"), dict)}
    return chinese.Labels(names, {name: found for name, found in values.items() if found})


def by_zh_label(labelled: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """The `zh` text of each label (as a policy file writes it, `{zh: …, en: …}`, or as a loaded policy holds it, a
    `Label`), mapped to the name it labels; the first name keeps a text given twice."""
    labels: dict[str, str] = {}
    for name, label in labelled:
        zh = label.get("zh") if isinstance(label, dict) else getattr(label, "zh", None)
        if isinstance(zh, str):
            labels.setdefault(zh, str(name))
    return labels


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")  # `{age}` in a member description


def _shifted(spans: SourceMap, offset: int) -> SourceMap:
    """The source map of a piece of a scalar that starts `offset` characters into it."""
    return lambda start, stop: spans(start + offset, stop + offset)


class _Builder:
    def __init__(self, doc: YamlDocument, broken: frozenset[tuple[str | int, ...]] = frozenset()):
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []
        self.labels = chinese_labels(doc.data)
        self.unread: list[str] = []  # texts of the file that could not be built: the names they hold count as read
        # the entries with a key given twice or a schema error (`_broken_entries`): each is built as a stand-in
        # (its name known, its rules unread, so of unknown type) or, a measure, left out
        self.broken = broken
        self.unknown_inputs: dict[str, m.Level] = {}  # the broken inputs, by name: their level
        # of `categories` and `assistance`, where each item the model holds is in the file (the model leaves out
        # the second of two with one id, and a broken measure): a path of the model → the path in the file
        self.kept: dict[str, list[int]] = {}
        for path in broken:
            self.left_out(path)

    def expr(self, path: tuple[str | int, ...]) -> m.Expr:
        info = self.doc.info(path)
        assert info is not None
        span = info.span
        text = info.raw if info.raw is not None else ""
        try:
            node = parse(text, self.doc.source_map(path), self.labels)
        except ParseFailure as failure:
            self.diagnostics.append(failure.diagnostic)
            node = ast.Unparsed(text, span=span)  # the checker goes on with the rules that did parse
            self.unread.append(text)
        return m.Expr(node, span)

    def span(self, path: tuple[str | int, ...], key: bool = False) -> Span:
        return self.doc.span(path, key)

    def stand_in_expr(self, path: tuple[str | int, ...]) -> m.Expr:
        """The rule at `path` of a broken entry, not parsed: its type is unknown, so nothing is concluded from it."""
        info = self.doc.info(path)
        text = info.raw if info is not None and info.raw is not None else ""
        span = self.span(path)
        return m.Expr(ast.Unparsed(text, span=span), span)

    def stand_in_label(self, value: Any, name: str) -> m.Label:
        """The label of a broken entry where it is whole, else its name in both languages (the label's own mistake
        is reported by the schema)."""
        if isinstance(value, dict) and isinstance(value.get("zh"), str) and isinstance(value.get("en"), str):
            return self.label(value)
        return m.Label(zh=name, en=name)

    def left_out(self, path: tuple[str | int, ...]) -> None:
        """The entry at `path` is reported and not built: the names its text holds count as read."""
        info = self.doc.info(path)
        if info is not None:
            self.unread.append(self.doc.text[info.start:info.end])

    def label(self, value: dict[str, str] | None) -> m.Label:
        value = value or {}
        return m.Label(zh=value.get("zh"), en=value.get("en"))

    def optional_label(self, value: dict[str, str] | None) -> m.Label | None:
        return self.label(value) if value else None

    def plausible(self, at: tuple[str, ...], value: dict[str, Any] | None) -> m.Plausible | None:
        """`plausible: {min: 600, max: 200000, if_below: {…}}` of the entry at `at` (checked by `policy check`)."""
        if not value:
            return None
        bound = {key: Decimal(str(value[key])) if isinstance(value.get(key), (int, float)) else None
                 for key in ("min", "max")}
        return m.Plausible(bound["min"], bound["max"], self.optional_label(value.get("if_below")),
                           self.optional_label(value.get("if_above")), self.span((*at, "plausible"), key=True))

    def member_description(self, template: dict[str, str] | None) -> m.MemberDescription | None:
        """`{zh: '{relation}，{age}岁'}`: the text, and each `{…}` parsed as an expression where it was written."""
        if not template:
            return None
        base = ("policy", "member_description")
        parts: list[tuple[str, tuple[str | m.Expr, ...]]] = []
        for lang in ("zh", "en"):
            text = template.get(lang)
            if text is None:
                continue
            spans = self.doc.source_map((*base, lang))
            pieces: list[str | m.Expr] = []
            at = 0
            for found in [*_PLACEHOLDER.finditer(text), None]:
                end = found.start() if found else len(text)
                self._stray_brace(text, at, end, spans)
                if end > at:
                    pieces.append(text[at:end])
                if found is None:
                    break
                at = found.end()
                inner, shifted = found.group(1), _shifted(spans, found.start(1))
                if not inner.strip():
                    self.diagnostics.append(Diagnostic.said(
                        "S003", Said("`{}` names nothing", "`{}` 中没有写名称"), spans(found.start(), found.end()),
                        help=Said("put a member input or definition between the braces, e.g. `{relation}`",
                                  "请在花括号中写一个成员的输入字段或定义，例如 `{relation}`")))
                    continue
                try:
                    pieces.append(m.Expr(parse(inner, shifted, self.labels), shifted(0, len(inner))))
                except ParseFailure as failure:
                    self.diagnostics.append(failure.diagnostic)
                    self.unread.append(inner)
            parts.append((lang, tuple(pieces)))
        return m.MemberDescription(self.label(template), tuple(parts), self.span(base, key=True))

    def _stray_brace(self, text: str, start: int, end: int, spans: SourceMap) -> None:
        for i in range(start, end):
            if text[i] == "{":
                self.diagnostics.append(Diagnostic.said(
                    "S004", Said("this `{` is never closed", "这个 `{` 没有闭合"), spans(i, i + 1),
                    help=Said("close it with `}` after the name it holds, e.g. `{age}`",
                              "请在其中的名称后面用 `}` 闭合，例如 `{age}`")))
                return
            if text[i] == "}":
                self.diagnostics.append(Diagnostic.said(
                    "S001", Said("this `}` closes no `{`", "这个 `}` 前面没有对应的 `{`"), spans(i, i + 1),
                    help=Said("remove it, or open it with `{` before the name it ends, e.g. `{age}`",
                              "请删去它，或在它结束的名称前面加上 `{`，例如 `{age}`")))
                return

    def build(self, file: str, sha256: str) -> m.Policy:
        d = self.doc.data
        meta_data = d["policy"]
        meta = m.Meta(
            id=meta_data["id"], version=meta_data["version"], title=self.label(meta_data["title"]),
            effective_from=meta_data["effective"]["from"],
            effective_to=meta_data["effective"].get("to"),
            sources=tuple(m.Source(s["id"], s["title"], s.get("date"), s.get("url"),
                                   self.optional_label(s.get("cited_as")),
                                   tuple((str(k), self.label(v)) for k, v in (s.get("articles") or {}).items()))
                          for s in meta_data.get("sources", [])),
            member_description=self.member_description(meta_data.get("member_description")),
            effective_span=self.span(("policy", "effective"), key=True),
        )
        parameters = {name: self.parameter(name, p) for name, p in d["parameters"].items()}
        inputs: dict[str, m.InputField] = {}
        for level in ("household", "member"):
            for name, f in (d["inputs"].get(level) or {}).items():
                if ("inputs", level, name) in self.broken:  # a name the rules may read, of a value not known
                    self.unknown_inputs[name] = level
                    continue
                inputs[f"{level}:{name}"] = m.InputField(
                    name=name, level=level, type=f["type"], label=self.label(f["label"]),
                    values=tuple(str(v) for v in f.get("values", [])),
                    value_labels=tuple((str(v), self.label(lab)) for v, lab in (f.get("value_labels") or {}).items()),
                    has_default="default" in f,
                    default=jsonable(f.get("default")), nullable=bool(f.get("nullable")),
                    minimum=Decimal(str(f["minimum"])) if "minimum" in f else None,
                    maximum=Decimal(str(f["maximum"])) if "maximum" in f else None,
                    span=self.span(("inputs", level, name), key=True),
                    given_with=tuple(dict.fromkeys(str(g) for g in f.get("given_with") or ())),
                    plausible=self.plausible(("inputs", level, name), f.get("plausible")))
        income = {name: self.income_type(name, i) for name, i in d["income"].items()}
        expenses = {name: self.expense_type(name, e) for name, e in d["expenses"].items()}
        definitions: dict[str, m.Definition] = {}
        for section, key, indicator in (("definitions", "value", False), ("indicators", "test", True)):
            for name, item in (d.get(section) or {}).items():
                if name in definitions:
                    self.diagnostics.append(Diagnostic.said(
                        "C007", Said(f"`{name}` is defined twice", f"`{name}` 定义了两次"),
                        self.span((section, name), key=True),
                        help=Said("a definition and an indicator cannot share a name", "定义和指标不能同名")))
                    self.left_out((section, name))
                    continue
                if (section, name) in self.broken:
                    level = _get(item, "level")
                    definitions[name] = m.Definition(
                        name, level if level in ("household", "member") else "household",
                        self.stand_in_expr((section, name, key)), self.stand_in_label(_get(item, "label"), name),
                        None, indicator, self.span((section, name), key=True))
                    continue
                definitions[name] = m.Definition(
                    name, item.get("level", "household"), self.expr((section, name, key)),
                    self.label(item["label"]), item.get("source"), indicator,
                    self.span((section, name), key=True))
        categories = tuple(self.stand_in_category(i, c) if ("categories", i) in self.broken else self.category(i, c)
                           for i, c in enumerate(d["categories"]))
        abolished = tuple(
            m.Abolished(a["id"], self.label(a["label"]), tuple(a["absorbed_by"]), a.get("source"),
                        self.span(("abolished", i)))
            for i, a in enumerate(d.get("abolished") or []))
        departments = {k: self.label(v) for k, v in (d.get("departments") or {}).items()}
        measures = [(i, self.measure(i, a)) for i, a in enumerate(d.get("assistance") or [])
                    if ("assistance", i) not in self.broken]  # a broken measure, which no rule reads, is left out
        proc = d.get("process")
        process = (m.Process(proc["review_working_days"], proc.get("special_case_working_days"),
                             proc.get("source"), self.span(("process",), key=True)) if proc else None)
        self._check_unique_ids(meta.sources, categories, measures)
        # the second of two categories or measures with one id is reported and left out, as a second definition
        # is: the checker reads each name once
        categories = self._first_of_each("categories", list(enumerate(categories)))
        assistance = self._first_of_each("assistance", measures)
        return m.Policy(meta, parameters, inputs, income, expenses, definitions, categories, abolished,
                        departments, assistance, process, file, sha256)

    def parameter(self, name: str, p: Any) -> m.Parameter:
        at = ("parameters", name)
        if at in self.broken:
            return m.Parameter(name, self.stand_in_expr((*at, "value")), self.stand_in_label(_get(p, "label"), name),
                               None, None, self.span(at, key=True))
        return m.Parameter(name, self.expr((*at, "value")), self.label(p["label"]), p.get("source"),
                           self.optional_label(p.get("confirm")), self.span(at, key=True))

    def income_type(self, name: str, i: Any) -> m.IncomeType:
        at = ("income", name)
        if at in self.broken:
            share = self.stand_in_expr((*at, "share")) if _get(i, "share") is not None else None
            return m.IncomeType(name, _get(i, "counted") is not False, share,
                                self.stand_in_label(_get(i, "label"), name), None, None, self.span(at, key=True))
        return m.IncomeType(name, i["counted"], self.expr((*at, "share")) if "share" in i else None,
                            self.label(i["label"]), i.get("source"), self.optional_label(i.get("note")),
                            self.span(at, key=True), self.plausible(at, i.get("plausible")))

    def expense_type(self, name: str, e: Any) -> m.ExpenseType:
        at = ("expenses", name)
        if at in self.broken:
            return m.ExpenseType(name, _get(e, "rigid") is not False, self.stand_in_label(_get(e, "label"), name),
                                 None, None, self.span(at, key=True))
        return m.ExpenseType(name, e["rigid"], self.label(e["label"]), e.get("source"),
                             self.optional_label(e.get("note")), self.span(at, key=True),
                             self.plausible(at, e.get("plausible")))

    def category(self, index: int, c: dict[str, Any]) -> m.Category:
        base = ("categories", index)
        clauses = tuple(
            m.Clause(w["id"], self.label(w["label"]), self.expr((*base, "when", j, "test")), w.get("source"),
                     self.span((*base, "when", j)))
            for j, w in enumerate(c["when"]))
        return m.Category(c["id"], c.get("level", "household"), c.get("group"), self.label(c["label"]),
                          c.get("source"), c.get("match", "all"), clauses, self.span((*base, "id")))

    def stand_in_category(self, index: int, c: Any) -> m.Category:
        """A broken category (its id is whole, `_broken_entries` sees to it) as a name the rules may read: of its
        level and group where they are whole, with one clause of unknown value."""
        base = ("categories", index)
        level, group = _get(c, "level"), _get(c, "group")
        test = m.Expr(ast.Unparsed("", span=self.span(base)), self.span(base))
        return m.Category(c["id"], level if level in ("household", "member") else "household",
                          group if isinstance(group, str) else None, self.stand_in_label(_get(c, "label"), c["id"]),
                          None, "all", (m.Clause("", m.Label(zh="", en=""), test, None, self.span(base)),),
                          self.span((*base, "id")))

    def measure(self, index: int, a: dict[str, Any]) -> m.Measure:
        base = ("assistance", index)
        if "options" in a:
            options = tuple(
                m.Option(o["id"], self.expr((*base, "options", j, "when")),
                         self.expr((*base, "options", j, "amount")) if "amount" in o else None,
                         self.optional_label(o.get("label")), o.get("source"), self.span((*base, "options", j)))
                for j, o in enumerate(a["options"]))
        else:
            options = (m.Option(a["id"], self.expr((*base, "when")),
                                self.expr((*base, "amount")) if "amount" in a else None,
                                None, a.get("source"), self.span(base)),)
        return m.Measure(a["id"], a.get("level", "household"), a["department"], self.label(a["label"]),
                         a.get("source"), a.get("per"), options, self.span((*base, "id")))

    def _first_of_each(self, section: str, items: list[tuple[int, Any]]) -> tuple[Any, ...]:
        """The items (with an `id`, each with its index in `section`) in their order, each id once: the first keeps
        it, and the names the others read count as read."""
        first: dict[str, Any] = {}
        self.kept[section] = []
        for index, item in items:
            if item.id in first:
                self.left_out((section, index))
                continue
            first[item.id] = item
            self.kept[section].append(index)
        return tuple(first.values())

    def in_file(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """The path in the file of a path into the model (`("categories", 2, "group")` is the fourth category of
        the file when the second was left out)."""
        kept = self.kept.get(str(path[0])) if path else None
        if kept is not None and len(path) > 1 and isinstance(path[1], int) and path[1] < len(kept):
            return (path[0], kept[path[1]], *path[2:])
        return path

    def _check_unique_ids(self, sources: tuple[m.Source, ...], categories: tuple[m.Category, ...],
                          measures: list[tuple[int, m.Measure]]) -> None:
        def dup(items: list[tuple[str, Span]], what: Said, where: Said = _NOWHERE, fix: Said = _EACH_ITS_OWN) -> None:
            seen: dict[str, Span] = {}
            for ident, span in items:
                if ident in seen:
                    line = seen[ident].line
                    self.diagnostics.append(Diagnostic.said(
                        "C007", Said(f"{what.en} `{ident}` appears twice{where.en}",
                                     f"{where.zh}{what.zh} `{ident}` 出现了两次"), span,
                        help=Said(f"the first is at line {line}: {fix.en}", f"第一个在第 {line} 行：{fix.zh}")))
                seen.setdefault(ident, span)
        # two documents under one id: every citation of the second would name the first, in every explanation
        dup([(source.id, self.span(("policy", "sources", i, "id"))) for i, source in enumerate(sources)],
            Said("source", "出处"), fix=_OWN_DOCUMENT_ID)
        dup([(c.id, c.span) for c in categories], Said("category", "类别"))
        dup([(a.id, a.span) for _, a in measures], Said("assistance measure", "救助措施"))
        for i, c in enumerate(categories):
            dup([(w.id, self.span(("categories", i, "when", j, "id"))) for j, w in enumerate(c.clauses)],
                Said("clause", "条款"), Said(f" in category `{c.id}`", f"类别 `{c.id}` 中的"))
        for i, a in measures:
            dup([(o.id, self.span(("assistance", i, "options", j, "id"))) for j, o in enumerate(a.options)],
                Said("option", "选项"), Said(f" of measure `{a.id}`", f"救助措施 `{a.id}` 的"))


def _get(item: Any, key: str) -> Any:
    """`item[key]` of a map, else None: what a broken entry holds may be anything."""
    return item.get(key) if isinstance(item, dict) else None


# The sections whose entries can be broken and the rest of the file still checked: a parameter, definition or
# indicator, an income or expense type, or a category whose id is whole, is built as a stand-in (its name known,
# its value not); an input is a name the checker knows, of a value not known; a measure, which no rule reads, is
# left out.
_STANDS_IN = ("parameters", "inputs", "income", "expenses", "definitions", "indicators", "categories", "assistance")


def _entry_of(path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """The entry of `_STANDS_IN` that `path` lies in (`("definitions", "x")`, `("inputs", "member", "x")`), or None
    when it lies in none."""
    if path[:1] == ("inputs",):
        return path[:3] if len(path) >= 3 and path[1] in ("household", "member") else None
    return path[:2] if len(path) >= 2 and path[0] in _STANDS_IN else None


def _broken_entries(doc: YamlDocument, duplicates: list[Duplicate],
                    schema: dict[Diagnostic, tuple[str | int, ...]]) -> frozenset[tuple[str | int, ...]] | None:
    """The entries that hold a key given twice or break the schema, when each such mistake lies within one entry
    the rest of the file can do without (`_STANDS_IN`); None when one does not, and the file's rules cannot be
    checked: a whole section given twice, an entry of a list run into the one before, several keys given twice in
    one map (an entry whose name was lost, run into the one before), a mistake in the file's `policy:`,
    `abolished`, … or a category whose id is not whole (the rules reading it would be told of an unknown name)."""
    broken: set[tuple[str | int, ...]] = set()
    maps = Counter(twice.path for twice in duplicates)
    for twice in duplicates:
        entry = _entry_of((*twice.path, twice.key))
        # several keys again in one map: most likely the name of the next entry was lost, and its keys ran into
        # this one's (the rules reading that name would be told it is unknown)
        if entry is None or twice.entry_run_on or maps[twice.path] > 1:
            return None
        broken.add(entry)
    for path in schema.values():
        entry = _entry_of(path)
        if entry is None:
            return None
        broken.add(entry)
    for section, index in (e for e in broken if e[0] == "categories"):
        category = (doc.data.get(section) or [None])[index] if isinstance(index, int) else None
        if not isinstance(_get(category, "id"), str) or ("categories", index, "id") in schema.values() or any(
                twice.path == ("categories", index) and twice.key == "id" for twice in duplicates):
            return None
    return frozenset(broken)


def _entry_span(doc: YamlDocument, entry: tuple[str | int, ...]) -> Span:
    """The span of an entry of a section, its name included."""
    info = doc.info(entry)
    assert info is not None
    begin = info.key_span or info.span
    end = doc.offset_span(info.start, info.end)
    return Span(begin.file, begin.line, begin.column, end.end_line, end.end_column)


_NOWHERE = Said("", "")  # a duplicate id in no larger part of the file
_EACH_ITS_OWN = Said("give each a different id", "请给每一项不同的 id")
_OWN_DOCUMENT_ID = Said("give this document its own id, and cite it by that id where a rule comes from it",
                        "请给这份文件另起一个 id，并在出自这份文件的规则的 `source:` 中改用这个 id")


_Readable = tuple[YamlDocument, bytes, list[Duplicate], dict[Diagnostic, tuple[str | int, ...]],
                  frozenset[tuple[str | int, ...]]]


def _readable(path: str | Path, raw: bytes | None) -> _Readable:
    """The policy file as YAML of a shape its rules can be checked in: its document, bytes, keys given twice,
    schema mistakes and the entries they break (`_broken_entries`); `PolicyError` when it is not."""
    file = str(path)
    if raw is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise PolicyError([Diagnostic.said("L001", cannot_read(error), None, source_file=file)]) from None
    duplicates: list[Duplicate] = []
    doc = load_yaml(raw, file, duplicates=duplicates)
    if looks_like_household(doc.data):  # a household given where a policy belongs
        raise PolicyError([Diagnostic.said(
            "L004", Said("this is a household, not a policy", "这是家庭数据，不是政策文件"),
            doc.span((next(iter(doc.data)),), key=True),
            help=Said(f"decide it with `policy eval {file}`; a policy is a YAML file such as "
                      "policy/post-transition.yaml",
                      f"请用 `policy eval {file}` 评估这个家庭；政策文件是 YAML 文件，例如 "
                      "policy/post-transition.yaml"))])
    if not isinstance(doc.data, dict):
        kind = Said("a list", "一个列表") if isinstance(doc.data, list) else Said("a single value", "单个值")
        raise PolicyError([*_reported(duplicates), Diagnostic.said(
            "L004", Said(f"the file holds {kind.en}, but a policy is a map",
                         f"文件内容是{kind.zh}，而政策文件应是一个映射（键值对）"),
            doc.span(()), help=Said("start with `policy:` at the left margin (see docs/policy-files.md)",
                                    "请在行首（不缩进）以 `policy:` 开头（见 docs/policy-files.md）"))])
    if "cases" in doc.data and "policy" not in doc.data:  # a test case file given where a policy belongs
        raise PolicyError([Diagnostic.said(
            "L004", Said("this is a file of test cases, not a policy", "这是测试用例文件，不是政策文件"),
            doc.span(("cases",), key=True),
            help=Said(f"run its cases with `policy test {file}`", f"请用 `policy test {file}` 运行其中的测试用例"))])
    schema = _schema_found(doc)
    broken = _broken_entries(doc, duplicates, schema)
    if broken is None:  # the file's shape is not one its rules can be checked in
        raise PolicyError([*_reported(duplicates), *schema])
    return doc, raw, duplicates, schema, broken


def _reported(duplicates: list[Duplicate]) -> list[Diagnostic]:
    return [twice.diagnostic for twice in duplicates if twice.diagnostic is not None]


def load_policy(path: str | Path, raw: bytes | None = None) -> tuple[m.Policy, list[Diagnostic]]:
    """Load, validate, parse and check one policy file. Raises `PolicyError` on errors (`unchecked` when they
    stopped it before its rules were checked)."""
    try:
        doc, raw, duplicates, schema, broken = _readable(path, raw)
    except PolicyError as error:
        raise PolicyError(error.diagnostics, unchecked=True) from None
    file = doc.file
    builder = _Builder(doc, broken)
    builder.unread += [doc.text[twice.start:twice.end] for twice in duplicates]  # the second of each, not read
    policy = builder.build(file, hashlib.sha256(raw).hexdigest())
    builder.diagnostics += [*_reported(duplicates), *schema]
    # a rule that did not parse, a name given twice, a key given twice or a schema mistake within one entry does
    # not stop the checker: it goes on with the rest, so that one run reports every mistake (what depends on the
    # broken rule or entry is not concluded)
    partial = has_errors(builder.diagnostics)
    unread = frozenset(name for text in builder.unread for name in names_written(text, builder.labels))
    def locate(path: tuple[str | int, ...], key: bool = False) -> Span:
        return doc.span(builder.in_file(path), key)

    def characters(path: tuple[str | int, ...], start: int, end: int) -> Span:
        path = builder.in_file(path)
        return doc.source_map(path)(start, end) if doc.info(path) is not None else doc.span(path)

    diagnostics, types = check(policy, locate, characters, partial, unread, builder.unknown_inputs)
    if broken:  # a stand-in is not what the file says: what would be said of it is said of its schema mistake
        stand_ins = [_entry_span(doc, entry) for entry in broken]
        diagnostics = [d for d in diagnostics if d.span is None or not any(within(d.span, s) for s in stand_ins)]
    if partial or has_errors(diagnostics):
        raise PolicyError([*builder.diagnostics, *diagnostics])
    from engine.checker.consistency import share_problems
    from engine.policy_values import parameter_values

    policy = dataclasses.replace(policy, types=types)
    try:
        values = parameter_values(policy)
    except PolicyError as error:
        raise PolicyError([*diagnostics, *error.diagnostics]) from None
    policy = dataclasses.replace(policy, parameter_values=values)
    shares = share_problems(policy)
    if shares:
        raise PolicyError([*diagnostics, *shares])
    return policy, diagnostics

