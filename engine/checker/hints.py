"""The `help:` lines of the checker's diagnostics: "did you mean", how to aggregate a member value,
the unit a literal lacks, the duration a rate lacks, what a count is for.

Input: the names, types and nodes of one mistake, and the language (`lang`, English by default; `zh`
for Chinese). Output: one line of help, or None where there is nothing sharper to say than the
message; `said` gives a helper's line in both languages at once. Invariant: pure functions; they
report nothing themselves; whether a helper has a line does not depend on the language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import Decimal

from engine import types as t
from engine.checker.months import (
    MONTHS_IN_A_YEAR,
    counted_by_a_parameter,
    is_count_of_months,
    label_months,
    months_written,
    product_factors,
    spoken_of,
)
from engine.diagnostics import Said
from engine.model import Category, Label, Level, Parameter, Policy
from engine.spelling import a_slip, closest_of, one_of
from engine.syntax import ast
from engine.syntax.errors import KEYWORDS, date_written, declared_as
from engine.syntax.parser import ParseFailure, parse
from engine.syntax.printer import LEVEL_PRODUCT, level_of, number_text, to_text
from engine.values import listed as listed_in_sentence

_MONEY = {"yuan": "amount", "yuan/month": "rate", "yuan/year": "rate"}  # the kind of money each unit writes


def said(line: Callable[[str], str | None]) -> Said | None:
    """The line a helper gives, `line(lang)`, in English and in Chinese; None where it has none."""
    en = line("en")
    if en is None:
        return None
    zh = line("zh")
    assert zh is not None, en
    return Said(en, zh)


def _in(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def did_you_mean(meant: str, lang: str = "en") -> str:
    """The help line for a slip whose meaning is known: "did you mean `x`?"."""
    return _in(lang, f"did you mean `{meant}`?", f"是否应为 `{meant}`？")


def suggest(name: str, candidates: Iterable[str], fits: Callable[[str], bool] = lambda _: True,
            lang: str = "en") -> str | None:
    """A "did you mean" help line for the candidate closest to `name`, if any is close (and `fits`)."""
    return _did_you_mean(name, {c: c for c in candidates}, fits, lang)


def suggested(name: str, candidates: Iterable[str], fits: Callable[[str], bool] = lambda _: True) -> Said | None:
    """`suggest` in both languages."""
    meant = closest_of(name, {c: c for c in candidates}, fits)
    return Said(did_you_mean(meant), did_you_mean(meant, "zh")) if meant else None


def function_slip(name: str, known: Iterable[str]) -> Said | None:
    """"Did you mean" for an unknown function that is a slip (`a_slip`) of a known one (`rond` for `round`): a name
    only spelt alike (`month` and `count`, `day` and `any`) is another function, which the language has not."""
    return suggested(name, [function for function in known if a_slip(name, function)])


_DATE_PARTS = ("year", "month", "day", "years", "months", "days")


def date_part_help(name: str, args: Sequence[ast.Node], arg_types: Sequence[t.Type]) -> Said | None:
    """For a part of a date (`month(today)`), which the language cannot take: dates are compared whole."""
    if name not in _DATE_PARTS or len(args) != 1 or arg_types[0].kind != "date":
        return None
    date = to_text(args[0])
    example = f"`{date} >= 2026-11-01 and {date} <= 2027-02-28`"
    return Said(f"the rule language has no `{name}`: dates are compared directly, e.g. {example}",
                f"规则语言没有 `{name}`：日期直接比较，例如 {example}")


def suggest_name(name: str, visible: Iterable[str], fits: Callable[[str], bool] = lambda _: True,
                 lang: str = "en") -> str | None:
    """"Did you mean" for a name that is a slip (`a_slip`) of one of those that `fits` the place; a dotted name is
    matched on its last part among names of the same group."""
    head, dot, tail = name.partition(".")
    if dot:
        same_group = {n.partition(".")[2]: n for n in visible if n.startswith(head + ".")}
        if same_group:
            return _did_you_mean(tail, {k: n for k, n in same_group.items() if a_slip(tail, k)}, fits, lang)
    return suggest(name, [n for n in visible if a_slip(name, n)], fits, lang)


def grouped_field_help(name: str, visible: Collection[str], type_of: Callable[[str], t.Type] | None = None,
                       wanted: t.Type | None = None) -> Said | None:
    """"Did you mean" for a field written without its group (`deposits`, declared `assets.deposits`): the field with
    it, or each group's that holds it, for the officer to choose — those whose type (`type_of`) fits the place, where
    it needs one (`wanted`); where none does, each with what it is and what the place needs (`test: deposits`: an
    amount, where a yes/no test is needed), as written in alone it would be told that next."""
    fields = declared_as(name, visible)
    if not fields:
        return None
    types = {field: type_of(field) for field in fields} if type_of is not None and wanted is not None else {}
    fitting = [field for field in fields if wanted is None or not types or t.same_unit(types[field], wanted)]
    meant = one_of(fitting or fields, shown=len(fields))
    if fitting or wanted is None:
        return Said(f"did you mean {meant.en}?", f"是否应为 {meant.zh}？")
    kinds = {_described(types[field]) for field in fields}
    one = len(fields) == 1
    if len(kinds) == 1:
        what = _described(types[fields[0]])
        what = Said(f"{'it' if one else 'each'} is {what.en}", f"{'它' if one else '它们都'}是{what.zh}")
    else:
        what = Said(", ".join(f"`{field}` is {_described(types[field]).en}" for field in fields),
                    "，".join(f"`{field}` 是{_described(types[field]).zh}" for field in fields))
    enum = next((field for field in fields if types[field].values), None)
    if wanted.kind == "boolean" and enum is not None:  # `safety_grade`: a test compares it with a value
        compare = _compared_with_one(enum, types[enum], "it" if one else "one of them")
        needed = Said(f"and a yes/no test is needed here: {compare.en}", f"而此处需要是/否判断：{compare.zh}")
    elif wanted.kind == "boolean":
        needed = Said(f"and a yes/no test is needed here: write a comparison with {'it' if one else 'one of them'}",
                      f"而此处需要是/否判断：请写成与{'它' if one else '其中之一'}的比较")
    else:
        needed = Said(f"and {wanted.describe()} is needed here", f"而此处需要{wanted.describe('zh')}")
    return Said(f"did you mean {meant.en}? {what.en}, {needed.en}", f"是否应为 {meant.zh}？{what.zh}，{needed.zh}")


def enum_test_help(node: ast.Node, type_: t.Type) -> Said | None:
    """`test: housing.safety_grade`, an enum field where a yes/no test is needed: its values, and a test with one of
    them (`housing.safety_grade == "A"`); None for anything else."""
    if not isinstance(node, ast.Name) or type_.kind != "text" or not type_.values:
        return None
    what, compare = _described(type_), _compared_with_one(node.dotted, type_)
    return Said(f"`{node.dotted}` is {what.en}: {compare.en}", f"`{node.dotted}` 是{what.zh}：{compare.zh}")


def _compared_with_one(field: str, type_: t.Type, whom: str = "it") -> Said:
    """How the enum `field` makes a yes/no test: compared with one of its values, the first for an example."""
    example = f"`{field} == {to_text(ast.String(min(type_.values or ())))}`"
    return Said(f"compare {whom} with one, e.g. {example}", f"请与其中一个值比较，例如 {example}")


def _described(type_: t.Type) -> Said:
    """What a value of `type_` is, for a sentence: an enum's is one of its values, which are said (`` one of its
    values, `A`, `B`, `C` or `D` ``), where "a text" would not say how a test is written with it."""
    if type_.kind == "text" and type_.values:
        values = sorted(type_.values)
        return Said(f"one of its values, {listed(values, 'en', 'or')}", f"其可选值 {listed(values, 'zh', 'or')} 之一")
    return Said(type_.describe(), type_.describe("zh"))


def _did_you_mean(written: str, names: Mapping[str, str], fits: Callable[[str], bool], lang: str) -> str | None:
    """The closest of `names` (by what is compared with `written`) that fits, closest first."""
    meant = closest_of(written, names, fits)
    return did_you_mean(meant, lang) if meant else None


def name_help(name: str, lang: str = "en") -> str | None:
    """Where an unknown name should have been declared, or the slip that made it look like a name."""
    if name != name.lower() and name.lower() in KEYWORDS:
        return _in(lang, f"keywords are written in lower case: write `{name.lower()}`",
                   f"关键字要用小写：请写 `{name.lower()}`")
    if name in ("month", "months", "year", "years", "yuan"):
        return _in(lang, "a unit follows a number directly, with no space inside it: `490 yuan/month`, `24 months`",
                   "单位直接写在数字后面，单位中间不能有空格：`490 yuan/month`、`24 months`")
    if name.startswith(("income.", "expenses.", "own_income.", "own_expenses.")):
        return _in(lang, "declare the type under `income` or `expenses`", "请在 `income` 或 `expenses` 下声明这一类型")
    if "." in name:
        return _in(lang, "declare the field under `inputs`", "请在 `inputs` 下声明这一输入字段")
    return _in(lang, f"`{name}` is declared nowhere in this file (was it deleted or renamed?): declare it under "
               "`parameters`, `definitions`, `indicators` or `inputs`, or write the name it has now",
               f"本文件中没有声明 `{name}`（是否已被删除或改名？）：请在 `parameters`、`definitions`、`indicators` 或 "
               "`inputs` 下声明它，或改写为它现在的名称")


def copied_category_hint(name: str, twice: Mapping[str, tuple[Category, ...]]) -> Said | None:
    """For a name no category has, in a file that gives one category id more than once (`twice`, every copy): the
    id one of the copies was most likely to be given — a category copied, or an id overwritten, and the id it had
    left behind in the rules that read it."""
    if "." in name or not twice:
        return None
    counts = {2: ("two", "两"), 3: ("three", "三")}
    ids = [(given, copies, counts.get(len(copies), (str(len(copies)), str(len(copies))))) for given, copies
           in twice.items()]
    en = "; ".join(f"`{given}` is the id of {n[0]} categories (lines "
                   f"{', '.join(str(c.span.line) for c in copies[:-1])} and {copies[-1].span.line})"
                   for given, copies, n in ids)
    zh = "；".join(f"`{given}` 是{n[1]}个类别的 id（第 {'、'.join(str(c.span.line) for c in copies)} 行）"
                  for given, copies, n in ids)
    return Said(f"{en}: if one of them is the category `{name}`, write `id: {name}` there",
                f"{zh}：如果其中一个就是类别 `{name}`，请在那里写 `id: {name}`")


def category_hint(name: str, categories: Sequence[str], policy: Policy) -> Said | None:
    """For a name no category has that is most likely meant as one: named under `absorbed_by` or as the id of an
    option (options are mostly one per category), or a category's id begins or ends with it (`dibao` for a category
    renamed `dibao_household`): the categories a rule at this place may read (`categories`)."""
    if "." in name or not categories:
        return None
    named = {t for gone in policy.abolished for t in gone.absorbed_by} \
        | {o.id for m in policy.assistance for o in m.options if o.id != m.id}
    if name not in named and not any(_words_within(name, c.id) for c in policy.categories):
        return None
    one_of = "one of " if len(categories) > 1 else ""
    return Said(f"this file has no category `{name}`: write {one_of}{listed(categories, last='or')}, or define "
                f"`{name}` under `categories`",
                f"本文件没有类别 `{name}`：请改写为 {listed(categories, 'zh', 'or')}，"
                f"或在 `categories` 下定义 `{name}`")


def _words_within(name: str, other: str) -> bool:
    """Whether one of two names is the other with words added before or after it: `dibao`, `dibao_household`."""
    short, long = sorted((name, other), key=len)
    return long.startswith(short + "_") or long.endswith("_" + short)


def measure_hint(name: str, policy: Policy, level: Level) -> Said | None:
    """For the id of an assistance measure read in a rule: rules do not read measures; what they can read instead,
    and the test the measure is given on where a rule at this place can read it as it is."""
    measure = next((m for m in policy.assistance if m.id == name), None)
    if measure is None:
        return None
    said_of = Said(f"`{name}` is an assistance measure (line {measure.span.line}), which rules cannot read (they read "
                   "categories, indicators, definitions, parameters and inputs)",
                   f"`{name}` 是帮扶措施（第 {measure.span.line} 行），规则不能读取帮扶措施（只能读取类别、指标、定义、"
                   "参数和输入字段）")
    test = _either(o.when.node for o in measure.options)
    if measure.level == "member" and level == "household":
        some = to_text(ast.Aggregate("any", test, None))
        return Said(f"{said_of.en}: to test whether some member is given it, write `{some}`",
                    f"{said_of.zh}：要判断是否有成员获得它，请写 `{some}`")
    written = to_text(test) if isinstance(test, ast.Name) else f"({to_text(test)})"
    return Said(f"{said_of.en}: to test whether it is given, write `{written}`",
                f"{said_of.zh}：要判断是否给予它，请写 `{written}`")


def _either(tests: Iterable[ast.Node]) -> ast.Node:
    """The tests joined by `or`."""
    first, *rest = tests
    for test in rest:
        first = ast.Or(first, test)
    return first


def aggregate_hint(name: str, value: t.Type, lang: str = "en") -> str:
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
            return _in(lang, "aggregate it over members with `any`, `all`, `count`, `sum`, `min` or `max`",
                       "请用 `any`、`all`、`count`、`sum`、`min` 或 `max` 对成员汇总")
    return _in(lang, f"aggregate it over members, e.g. `{forms[0]}` or `{forms[1]}`",
               f"请对成员汇总，例如 `{forms[0]}` 或 `{forms[1]}`")


def compared_hint(name: ast.Name, comparison: ast.Compare | None) -> Said | None:
    """A member's value compared at household level (`age >= 70`): the comparison made of some member or of every
    one, where the value is a side of it (`any` written with `where`, which needs no quotes in a `{…}` line)."""
    if comparison is None or name not in (comparison.left, comparison.right):
        return None
    test = to_text(comparison)
    some, every = f"any(members where {test})", f"all(members, {test})"
    return Said(f"say of which members it holds: `{some}` (some member) or `{every}` (every member)",
                f"请写明对哪些成员成立：`{some}`（有成员满足）或 `{every}`（每名成员都满足）")


def or_values_hint(node: ast.Node, lang: str = "en") -> str | None:
    """`grade == "C" or "D"`: the second value of a choice written as if `or` joined values, not tests."""
    if not isinstance(node, ast.Or) or not isinstance(node.right, ast.String | ast.Number):
        return None
    chosen = node.left
    if isinstance(chosen, ast.Compare) and chosen.op == "==" and isinstance(chosen.right, ast.String | ast.Number):
        values = ", ".join(to_text(v) for v in (chosen.right, node.right))
        written = f"`{to_text(chosen.left)} in {{{values}}}`"
        return _in(lang, f"`or` joins tests, not values: write {written}",
                   f"`or` 连接的是两个是/否判断，不能连接两个值：请写 {written}")
    return None


def quoted_rule_hint(left: ast.Node, right: ast.Node, names: Collection[str], counts: Callable[[str], bool],
                     lang: str = "en") -> str | None:
    """`per_capita_income < 'dibao_standard'`: a name that `counts` (a number, money, a duration or a date), or a
    rule that reads only declared names, typed in quotes, which make it a text."""
    for side in (left, right):
        if not isinstance(side, ast.String):
            continue
        written = side.value.strip()
        try:
            rule = parse(written)
        except ParseFailure:
            continue
        read = [name.dotted for name in ast.names_in(rule)]
        if read and all(name in names for name in read) and (not isinstance(rule, ast.Name) or counts(written)):
            shown = to_text(side)
            return _in(lang, f"`{shown}` in quotes is a text, not the value it names: write `{written}`, "
                             "without quotes",
                       f"加了引号的 `{shown}` 是一段文本，不是它所指的值：请写 `{written}`，不加引号")
    return None


def literal_hint(left: ast.Node, right: ast.Node, a: t.Type, b: t.Type, policy: Policy,
                 lang: str = "en") -> str | None:
    """A sharper hint when one side of a mismatch is a literal, just typed or the value of a parameter: a unit
    too many or too few (with the parameter of that value, if there is one), a rate typed where an amount is
    wanted, an amount compared with a rate, a date in quotes or written with slashes or dashes as arithmetic."""
    for text, value_type in ((right, a), (left, b)):
        if value_type.kind == "date" and isinstance(text, ast.String) and _is_date(text.value):
            return _in(lang, f"write dates without quotes: `{text.value}`", f"日期不加引号：请写 `{text.value}`")
        if value_type.kind == "date" and (reckoned := _date_as_arithmetic(text)) is not None:
            day, (en, zh) = reckoned
            return _in(lang, f"`{to_text(text)}` is a {en} here: {date_written(*day).en}",
                       f"`{to_text(text)}` 在这里会被当作{zh}：{date_written(*day).zh}")
    for side, literal, side_type in ((left, right, a), (right, left, b)):
        written = _yes_no_or_number(side, literal, side_type, lang)
        if written is not None:
            return written
    for plain, money, plain_type, money_type in ((left, right, a, b), (right, left, b, a)):
        if plain_type.kind != "number" or money_type.kind not in ("amount", "rate", "duration"):
            continue
        typed = isinstance(plain, ast.Number) and money_type.kind != "duration"  # `3 < 490 yuan/month`: 3 lacks one
        if isinstance(money, ast.Quantity) and not typed:
            number = number_text(money.value)
            return _in(lang, f"`{to_text(plain)}` is a plain number (a count, or years): write `{number}`",
                       f"`{to_text(plain)}` 是不带单位的数字（个数或年数）：请写 `{number}`")
        if isinstance(plain, ast.Number) and typed:
            number = number_text(plain.value)
            units = f"`{number} {money.unit}`" if isinstance(money, ast.Quantity) else \
                with_unit(number, money_type.kind, lang)
            fix = _in(lang, f"give the number a unit: {units}", f"给这个数字加上单位：{units}")
            same = _parameter_of_value(plain.value, money_type.kind, policy.parameters)
            if same is None:
                return _in(lang, fix, "请" + fix)
            value = to_text(policy.parameters[same].expr.node)
            return _in(lang, f"write `{same}` (`{value}`), or {fix}", f"请写 `{same}`（`{value}`），或{fix}")
    return rate_literal_hint(left, right, a, b, lang) or period_hint(left, right, a, b, "rate", policy, lang)


def rate_literal_hint(left: ast.Node, right: ast.Node, a: t.Type, b: t.Type, lang: str = "en") -> str | None:
    """Money per period typed in a rule where an amount is wanted (`deposits_per_capita <= 20000 yuan/year`): most
    likely a period typed too many, so the amount without it comes first; a rate meant as written needs the months
    the document gives, which the rule does not say."""
    for rate, rate_type, other_type in ((left, a, b), (right, b, a)):
        if not (isinstance(rate, ast.Quantity) and rate_type.kind == "rate" and other_type.kind == "amount"):
            continue
        amount = f"`{to_text(ast.Quantity(rate.value, 'yuan'))}`"
        per, per_zh = ("month", "月") if rate.unit == "yuan/month" else ("year", "年")
        return _in(lang, f"`{to_text(rate)}` is money per {per}: if it is one sum, write it without its period: "
                         f"{amount}; if it is per {per}, multiply it by the months the document gives",
                   f"`{to_text(rate)}` 是每{per_zh}的金额：如果它是一笔总额，请去掉期限，写成 {amount}；"
                   f"如果它确实是每{per_zh}的金额，请乘以政策规定的月数")
    return None


_YES = frozenset({"1", "yes", "true", "y", "是", "有"})
_NO = frozenset({"0", "no", "false", "n", "否", "无", "没有"})


def _yes_no_or_number(side: ast.Node, literal: ast.Node, side_type: t.Type, lang: str) -> str | None:
    """A yes/no value compared with `0`, `1` or a text such as `"no"`: how yes and no are written; a number compared
    with `true` or `false`: with what number; a number or an amount compared with a number in quotes (`"0"`): the
    number without them."""
    if side_type.kind == "boolean" and isinstance(literal, ast.Number | ast.String):
        shown = to_text(literal)
        word = number_text(literal.value) if isinstance(literal, ast.Number) else literal.value.strip().lower()
        meant = "true" if word in _YES else "false" if word in _NO else None
        name = to_text(side)
        if meant is None:
            return _in(lang, f"`{name}` is yes or no, written `true` or `false`",
                       f"`{name}` 是“是/否”值，写作 `true` 或 `false`")
        return _in(lang, f"`{name}` is yes or no, written `true` or `false`: write `{meant}` for `{shown}`",
                   f"`{name}` 是“是/否”值，写作 `true` 或 `false`：请把 `{shown}` 写成 `{meant}`")
    if side_type.kind == "number" and isinstance(literal, ast.Boolean):  # `assets.vehicles == false`
        name = to_text(side)
        return _in(lang, f"`{name}` is a number, not yes or no: compare it with a number (`{name} > 0` for some, "
                         f"`{name} == 0` for none)",
                   f"`{name}` 是数字，不是“是/否”值：请与数字比较（有则 `{name} > 0`，无则 `{name} == 0`）")
    if side_type.numeric and side_type.kind != "duration" and isinstance(literal, ast.String):
        try:
            number = Decimal(literal.value.strip())
        except ArithmeticError:
            return None
        if not number.is_finite():
            return None
        digits = number_text(number)
        written = f"`{digits}`" if side_type.kind == "number" else with_unit(digits, side_type.kind, lang)
        return _in(lang, f"a number is written without quotes: write {written}", f"数字不加引号：请写 {written}")
    return None


def period_hint(left: ast.Node, right: ast.Node, a: t.Type, b: t.Type, other: t.Kind,
                policy: Policy, lang: str = "en") -> str | None:
    """`22300 yuan`, typed in a rule or as the value of the parameter it names (or of the one parameter written
    as money that the parameters and definitions it reads are built on, as `marginal_line` on `dibao_standard`),
    where a rate would fit beside a value of the `other` kind (compared with a rate, multiplied by a duration):
    it may be meant per month or per year."""
    for amount, amount_type, other_type in ((left, a, b), (right, b, a)):
        if amount_type.kind != "amount" or other_type.kind != other:
            continue
        if isinstance(amount, ast.Quantity):
            units = with_unit(number_text(amount.value), "rate", lang)
            return _in(lang, f"give the amount its period: {units}", f"请写明这笔金额是每月还是每年：{units}")
        roots = money_parameters(amount, policy)
        if roots is None or len(roots) != 1 or any(isinstance(n, ast.Quantity) for n in amount.walk()):
            continue
        name = roots[0]
        parameter = policy.parameters[name]
        value, span = parameter.expr.node, parameter.expr.span
        if not isinstance(value, ast.Quantity) or span is None:
            continue
        line, units = span.line, with_unit(number_text(value.value), "rate", lang)
        shown = f"`{name}` is `{to_text(value)}` (line {line})"
        shown_zh = f"`{name}` 是 `{to_text(value)}`（第 {line} 行）"
        if not (isinstance(amount, ast.Name) and amount.dotted == name):
            written = f"`{to_text(amount)}`"
            shown = f"{written} is built on `{name}`, which is `{to_text(value)}` (line {line})"
            shown_zh = f"{written} 由 `{name}` 算出，`{name}` 是 `{to_text(value)}`（第 {line} 行）"
        return _in(lang, f"{shown}, an amount: if it is meant per month or per year, write {units} there",
                   f"{shown_zh}，是金额（元），不是按月或按年的金额：如果它指的是每月或每年的金额，请在那里写 {units}")
    return None


def money_parameters(node: ast.Node, policy: Policy) -> list[str] | None:
    """The parameters written as money (`550 yuan`) that `node` reads, directly or through the parameters and
    definitions it names, in order of name; None where it reads anything else (an input, a value of each
    member): its unit may then come from elsewhere than a parameter's value."""
    names = policy.reads(node)
    if any(n not in policy.parameters and n not in policy.definitions for n in names):
        return None
    return sorted(n for n in names if n in policy.parameters
                  and isinstance(value := policy.parameters[n].expr.node, ast.Quantity) and value.unit in _MONEY)


def duration_hint(left: ast.Node, right: ast.Node, a: t.Type, b: t.Type, compared: bool,
                  policy: Policy, lang: str = "en", written_only: bool = False, per: str | None = None,
                  label: Label | None = None) -> str | None:
    """An amount beside a rate (`compared`, or in arithmetic): the rate as written, times the months the policy
    gives. A count of months that multiplies the rate without its unit is taken for them (`dibao_standard * 36` →
    `dibao_standard * 36 months`); else a parameter holding a count of months as a plain number that multiplies
    it gets its unit (`dibao_standard * dibao_deposit_months * 1 month`); else the months the rule's `label` gives
    (`24个月`), as the parameter holding them where there is one; else no number is named — unless `written_only`,
    or the amount has its unit from a parameter written as money (`marginal_line` built on `dibao_standard:
    {value: 550 yuan}`), whose unit is the likelier slip: then there is no help without that number. In the amount
    of a measure paid `per` month or year, the duration is one such period (`per: year`: `50 yuan/month * 12
    months`), as any other would be paid each period (C025)."""
    for rate, rate_type, other_type in ((left, a, b), (right, b, a)):
        if rate_type.kind != "rate" or other_type.kind != "amount":
            continue
        months = label_months(label)
        over = _over_a_duration(rate, policy.parameters, months)
        amount = right if rate is left else left
        if over is None and (written_only or _unit_from_parameters(amount, policy, per)):
            return None
        if per is not None:
            over = _over_one_period(rate, per, policy.parameters)
        elif over is None and counted_by_a_parameter(rate, policy.parameters):
            over = ast.Arith("*", rate, ast.Quantity(Decimal(1), "month"))
        elif over is None and months is not None:
            over = ast.Arith("*", rate, months_written(months, policy.parameters))
        if over is None:
            shown = f"`{to_text(rate)}`" if level_of(rate) >= LEVEL_PRODUCT else f"`({to_text(rate)})`"
            if compared:
                return _in(lang, f"an amount and a rate differ by a duration: compare with {shown} times the months "
                                 "the document gives (written `… months`)",
                           f"金额与按期金额相差一个时长：请改为与 {shown} 乘以政策规定的月数（写作 `… months`）比较")
            return _in(lang, f"an amount and a rate differ by a duration: multiply {shown} by the months the "
                             "document gives (written `… months`)",
                       f"金额与按期金额相差一个时长：请把 {shown} 乘以政策规定的月数（写作 `… months`）")
        written = f"`{to_text(over)}`"
        if compared:
            return _in(lang, f"an amount and a rate differ by a duration: e.g. compare with {written}",
                       f"金额与按期金额相差一个时长：例如改为与 {written} 比较")
        return _in(lang, f"an amount and a rate differ by a duration: multiply the rate by one, e.g. {written}",
                   f"金额与按期金额相差一个时长：请把按期金额乘以时长，例如 {written}")
    return None


def _unit_from_parameters(amount: ast.Node, policy: Policy, per: str | None) -> bool:
    """Whether `amount` has its unit from parameters written as money, whose unit is then the likelier slip than
    the rate beside it. In a measure's amount (`per`), only a parameter written as an amount (`550 yuan`) counts:
    a rate (`tekun_standard * 1 month`) is made an amount there by a duration written in the rule."""
    roots = money_parameters(amount, policy) or []
    if per is None:
        return bool(roots)
    return any(isinstance(value := policy.parameters[name].expr.node, ast.Quantity) and _MONEY[value.unit] == "amount"
               for name in roots)


def _over_a_duration(rate: ast.Node, parameters: Mapping[str, Parameter], months: Decimal | None) -> ast.Node | None:
    """The rate with its plain-number factor given the unit of the rate's period: years for a parameter written per
    year (a whole number), else months (a count of months, or the `months` the label gives); None where no one
    factor stands out so (`1.5 * dibao_standard` and `2 * dibao_standard` are multiples of the standard)."""
    yearly = _yearly(rate, parameters)
    chosen = [n for n in product_factors(rate) if isinstance(n, ast.Number) and n.value > 0
              and n.value == n.value.to_integral_value()
              and (yearly or is_count_of_months(n.value) or n.value == months)]
    if len(chosen) != 1:
        return None
    return rate.replaced(chosen[0], ast.Quantity(chosen[0].value, "year" if yearly else "month"))


def _over_one_period(rate: ast.Node, per: str, parameters: Mapping[str, Parameter]) -> ast.Node:
    """The rate times one period of `per` (`1 month`; `12 months`, or `1 year` for a rate per year), in place of a
    plain count of months it is multiplied by (`dibao_standard * 36` → `dibao_standard * 12 months`)."""
    period = ast.Quantity(Decimal(1), "month") if per == "month" else \
        ast.Quantity(Decimal(1), "year") if _yearly(rate, parameters) else ast.Quantity(MONTHS_IN_A_YEAR, "month")
    count = next((n for n in product_factors(rate) if isinstance(n, ast.Number) and is_count_of_months(n.value)),
                 None)
    return rate.replaced(count, period) if count is not None else ast.Arith("*", rate, period)


def _yearly(rate: ast.Node, parameters: Mapping[str, Parameter]) -> bool:
    """Whether a factor of the rate is money per year: written so, or a parameter whose value is."""
    return any((isinstance(n, ast.Quantity) and n.unit == "yuan/year")
               or (isinstance(n, ast.Name) and n.dotted in parameters
                   and isinstance(value := parameters[n.dotted].expr.node, ast.Quantity) and value.unit == "yuan/year")
               for n in product_factors(rate))


def plain_number_hint(left: ast.Node, right: ast.Node, a: t.Type, b: t.Type, op: str | None, policy: Policy,
                      lang: str = "en") -> str | None:
    """A plain number beside money, compared (`op` None) or added or subtracted (`op`): a unit is advised only
    for a number just typed, or for the parameter whose value it is; a count is no money, and money per
    person is money divided by it; any other number is compared with numbers, or multiplies money."""
    if op is not None and op not in "+-":
        return None
    for plain, money, plain_type, money_type in ((left, right, a, b), (right, left, b, a)):
        if plain_type.kind != "number" or money_type.kind not in ("amount", "rate"):
            continue
        shown = f"`{to_text(plain)}`"
        if isinstance(plain, ast.Number):
            number = number_text(plain.value)
            units = f"`{number} {money.unit}`" if isinstance(money, ast.Quantity) else \
                with_unit(number, money_type.kind, lang)
            if op is None:
                return _in(lang, f"give the number a unit: {units}", f"请给这个数字加上单位：{units}")
            return _in(lang, f"give the number a unit, e.g. {units}, or multiply instead",
                       f"请给这个数字加上单位，例如 {units}，或改用乘法")
        parameter = policy.parameters.get(plain.dotted) if isinstance(plain, ast.Name) else None
        if parameter is not None and isinstance(parameter.expr.node, ast.Number) and parameter.expr.span is not None:
            value, line = to_text(parameter.expr.node), parameter.expr.span.line
            units = with_unit(value, money_type.kind, lang)
            return _in(lang, f"{shown} is `{value}` (line {line}), a plain number: if it is money, write {units} there",
                       f"{shown} 是 `{value}`（第 {line} 行），是不带单位的数字：如果它是金额，请在那里写 {units}")
        if _is_count(plain, policy):
            per_person = f"`{to_text(ast.Arith('/', money, plain))}`"
            first = _in(lang, "a count and money cannot be added or subtracted", "个数和金额不能相加减") \
                if op is not None else _in(lang, "compare it with a number", "请与数字比较")
            return _in(lang, f"{shown} is a count, not money: {first}; an amount per person is money divided by the "
                             f"count, e.g. {per_person}",
                       f"{shown} 是个数，不是金额：{first}；人均金额是金额除以个数，例如 {per_person}")
        if op is not None:
            return _in(lang, f"{shown} is a plain number, not money: a number and money cannot be added or "
                             "subtracted, only multiplied or divided",
                       f"{shown} 是不带单位的数字，不是金额：数字和金额不能相加减，只能相乘或相除")
        return _in(lang, f"{shown} is a plain number, not money: compare it with a number, and money with money",
                   f"{shown} 是不带单位的数字，不是金额：请把它与数字比较，金额与金额比较")
    return None


def _is_count(node: ast.Node, policy: Policy) -> bool:
    """`count(members …)`, or a definition whose value is one (`household_size`)."""
    definition = policy.definitions.get(node.dotted) if isinstance(node, ast.Name) else None
    if definition is not None:
        node = definition.expr.node
    return isinstance(node, ast.Aggregate) and node.function == "count"


def with_unit(number: str, kind: str, lang: str = "en") -> str:
    """A number with the unit of an amount (`490 yuan`), or with those of a rate, whose period only the
    document can tell (`490 yuan/month` or `490 yuan/year`)."""
    if kind == "amount":
        return f"`{number} yuan`"
    return f"`{number} yuan/month` {_in(lang, 'or', '或')} `{number} yuan/year`"


def written_as(value: ast.Node) -> Said:
    """What a parameter's value written without a unit is: a percentage (`5.36%`), else a plain number."""
    if isinstance(value, ast.Percent):
        return Said("a percentage", "百分比")
    return Said("a plain number", "不带单位的数字")


def unit_fix(name: str, kind: str, policy: Policy) -> Said:
    """The help for a parameter written without the unit of the money of `kind` its uses need: its number with
    the unit (`490 yuan/month` or `490 yuan/year`, as only the document can tell), or for a percentage, the money
    meant (`money_meant`)."""
    value = policy.parameters[name].expr.node
    if isinstance(value, ast.Percent):
        return money_meant(name, kind, policy)
    as_document = Said(" as the document gives it", "按政策原文") if kind == "rate" else Said("", "")
    written = to_text(value)
    return Said(f"give it its unit{as_document.en}: {with_unit(written, kind)}",
                f"请{as_document.zh}给它加上单位：{with_unit(written, kind, 'zh')}")


def money_meant(name: str, kind: str, policy: Policy) -> Said:
    """For a parameter written as a percentage where money of `kind` is needed (`dibao_standard: {value: 5.36%}`):
    money is meant, its amount in yuan, a number only the document gives (`…`: a percentage with a unit would be
    a share of one yuan); per month or per year as the one period of the measures whose amounts read it, else as
    its name or label speaks of one, else either."""
    paying = [(m.id, m.per) for m in policy.assistance if m.per is not None
              and any(o.amount is not None and name in policy.reads(o.amount.node) for o in m.options)]
    months, years = spoken_of(policy.parameters[name])
    units, why = Said("`… yuan`", "`… yuan`"), Said("", "")
    if kind == "rate" and paying and len({per for _, per in paying}) == 1:
        measure, per = paying[0]
        units = Said(f"`… yuan/{per}`", f"`… yuan/{per}`")
        why = Said(f", as the measure `{measure}` that reads it is paid per {per}",
                   f"（读取它的救助措施 `{measure}` 按{'月' if per == 'month' else '年'}发放）")
    elif kind == "rate" and months != years:
        per = "month" if months else "year"
        units = Said(f"`… yuan/{per}`", f"`… yuan/{per}`")
        why = Said(f", as its name or label speaks of a {per}", f"（它的名称或标签说的是每{'月' if months else '年'}）")
    elif kind == "rate":
        units = Said(with_unit("…", "rate"), with_unit("…", "rate", "zh"))
    return Said(f"write it as money, not as a percentage: the amount in yuan the document gives, {units.en}{why.en}",
                f"请写成金额，不要写成百分比：按政策原文写出元数，{units.zh}{why.zh}")


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


def listed(names: Iterable[str], lang: str = "en", last: str | None = None) -> str:
    """Names in backticks, separated by commas: `a`, `b` (in Chinese by enumeration commas: `a`、`b`); with `last`,
    as a sentence says them (`engine.values.listed`): alternatives, `or`, read `a`, `b` or `c` (`a`、`b` 或 `c`)."""
    quoted = [f"`{name}`" for name in names]
    return listed_in_sentence(quoted, lang, last) if last else _in(lang, ", ", "、").join(quoted)


_DATE_OPERATIONS = {"/": ("division", "除法"), "-": ("subtraction", "减法")}


def _date_as_arithmetic(node: ast.Node) -> tuple[tuple[int, int, int], tuple[str, str]] | None:
    """`2026/1/1` read as two divisions of whole numbers, `2026-1-1` as two subtractions: the year, month and day it
    was meant to be, and what the rule reads instead."""
    match node:
        case ast.Arith(op=op, left=ast.Arith(op=inner, left=ast.Number(value=y), right=ast.Number(value=m)),
                       right=ast.Number(value=d)) if op == inner and op in _DATE_OPERATIONS and 1000 <= y <= 9999 \
                and all(v == int(v) for v in (m, d)):
            return (int(y), int(m), int(d)), _DATE_OPERATIONS[op]
    return None


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
