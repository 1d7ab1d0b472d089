"""What a test case expects, compared with a decision: the differences, said as a policy officer reads them.

Input: a case's `expect:` (as read from YAML: numbers as int or exact Decimal, dates as text), the decision's
JSON (DESIGN §7), the kind of each value (`engine.types`) and the policy's names (`Known`). Output: one `Said`
per difference.
Invariants: numbers compare by value, at the precision the decision has — money to the fen, other numbers
exactly — so `4200`, `4200.00` and `"4200.00"` are one amount and `4200.001` is not `4200.00`, and a plain
number may be written as the rules write a percentage (`50%` is 0.5); yes/no is never a number (`true` is not
`1`); text compares as written; lists of categories compare as sets. Both sides of a difference are shown in
one form, money with its unit (`4300.00 元/年` against `4200.00 元/年`), a share as a percentage where the case
wrote one (`25%` against `20%`), and a grant without an amount is said in words, as `policy eval` says it. A
name that cannot be there — unknown, of the other level (a member's category, measure or value written for the
household, or the reverse), a member the household does not have, a Chinese label — is said as that slip, with
what to write, never as a difference.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.checker.hints import suggested
from engine.contexts import EXACT
from engine.diagnostics import Said, chinese_joined
from engine.explain.words import decided_by
from engine.household_words import meant
from engine.syntax.chinese import label_help, named_by
from engine.syntax.errors import wide_mark
from engine.syntax.numerals import DECIMAL_COMMA, with_decimal_point
from engine.types import NUMERIC
from engine.values import UNIT_WORDS, listed, listed_said, money, plain_number

MONEY = ("amount", "rate")
# a number as a case file may write it in quotes: `4200`, `-3.5`, `4,200.00` (as explanations group it)
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# a percentage as the rules write one (`50%`): a share, read as its hundredth, where the value is a plain number
_PERCENT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*%")
_WIDE_PERCENT = "％"  # as a Chinese input method types `%`: not read as one, and said so
_SHARES = ("number", "unknown")
_NULL = Said("a grant without an amount (`null`)", "给予但不定金额（`null`）")  # what `null` in a case expects
_YES_NO = Said("a yes/no value is written `true` or `false`", "是/否值写作 `true` 或 `false`")
_TO_THE_FEN = Said("money is kept to the fen: two decimals", "金额只算到分，即两位小数")
_NO_MEMBER = Said("`members: {}` expects no member in any category", "`members: {}` 表示每个成员都不属于任何类别")
_A_NUMBER = Said("write a number, such as 4200.00", "请写数字，例如 4200.00")


def number(value: Any, percent: bool = False) -> Decimal | None:
    """A value as a number when it is one (`4200`, `4200.00`, `"4,200.00"`; with `percent`, `50%` as 0.5, as the
    rules read it); None for anything else — `true` and `false` too, which Python would count as 1 and 0."""
    if percent and isinstance(value, str) and (share := _PERCENT.fullmatch(value.strip())):
        return EXACT.divide(Decimal(share.group(1)), Decimal(100))
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return Decimal(value.strip().replace(",", ""))
    return None


def agrees(want: Any, got: Any, kind: str) -> bool:
    """Whether an expected value is the decision's value `got` (its JSON form) of `kind`."""
    if got is None or isinstance(got, bool):
        return want is got
    if kind in NUMERIC or (kind == "unknown" and number(got) is not None):
        a, b = number(want, kind in _SHARES), number(got)
        return a is not None and b is not None and a == b
    return isinstance(want, str | int | Decimal) and not isinstance(want, bool) and str(want) == str(got)


def shown(value: Any, kind: str, per: str | None = None) -> Said:
    """A value in the form the decision's JSON gives a value of `kind`: money with two decimals (more only where
    it is written with more) and its unit as explanations write it (`元/年` for a rate; for an amount of assistance
    granted `per` month or year, `元/月` or `元/年`), other numbers without trailing zeros, `true`/`false`; anything
    else as written."""
    if value is None:
        return Said(UNIT_WORDS["en"]["missing"], UNIT_WORDS["zh"]["missing"])
    if isinstance(value, bool):
        return Said(str(value).lower(), str(value).lower())
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):  # text: told apart from a yes/no
        return Said(f'"{value}"', f'"{value}"')
    found = number(value, kind in _SHARES) if kind in NUMERIC or kind == "unknown" else None
    if found is None:
        return Said(str(value), str(value))
    if kind in _SHARES and _percent_written(value):
        return _as_percent(found)
    text = money(found) if kind in MONEY and _places(found) <= 2 else plain_number(found)
    if kind not in MONEY:
        return Said(text, text)
    unit = "month" if per == "month" else "rate" if kind == "rate" or per == "year" else "amount"
    return Said(f"{text} {UNIT_WORDS['en'][unit]}", f"{text} {UNIT_WORDS['zh'][unit]}")


def _percent_written(value: Any) -> bool:
    """Whether a case wrote a value as a percentage (`25%`, `25 %`, or with the full-width `％`)."""
    return isinstance(value, str) and _PERCENT.fullmatch(value.strip().replace(_WIDE_PERCENT, "%")) is not None


def _as_percent(share: Decimal) -> Said:
    text = f"{plain_number(share * 100)}%"
    return Said(text, text)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _why(want: Any, got: Any, kind: str, per: str | None = None, percent: bool = False) -> Said | None:
    """What to write instead, when the expectation cannot be the value however it is computed, or is the value
    over another period: a month's figure for a rate (given per year), a year's for a grant per month; or is a share
    written as a bare number of hundredths (`60` for 0.6), where the policy writes the value as a `percent`age or
    the number is a hundred times the share computed."""
    if isinstance(got, bool) and isinstance(want, str) and want.strip().lower() in ("true", "false"):
        bare = want.strip().lower()
        return Said(f'`"{want}"` in quotes is a text: write {bare}, without quotes',
                    f'`"{want}"` 加了引号，是文本：请写 {bare}，不加引号')
    if isinstance(got, bool) and not isinstance(want, bool):
        return _YES_NO
    if kind in NUMERIC or (kind == "unknown" and number(got) is not None):
        written = number(want, kind in _SHARES)
        if written is None and kind in _SHARES and _percent_written(want):
            fixed = "".join(want.split()).replace(_WIDE_PERCENT, "%")
            percent_sign = wide_mark(_WIDE_PERCENT)
            return Said(f"{percent_sign.en}: write {fixed}, with a half-width `%`",
                        f"{percent_sign.zh}：请写 {fixed}，用半角的 `%`")
        if written is None and isinstance(want, str) and DECIMAL_COMMA.fullmatch(want.strip()):
            point = with_decimal_point(want.strip())
            return Said(f"write {point}: a decimal point, not a comma", f"请写作 {point}：小数点用“.”，不用逗号")
        if written is None:
            return _A_NUMBER
        if kind in MONEY and _places(written) > 2:
            return _TO_THE_FEN
        figure = number(got)
        if kind == "rate" and figure is not None and written * 12 == figure != 0:
            return per_year(written)
        if per == "month" and figure is not None and written == figure * 12 != 0:
            return Said(f"it is granted per month: write the monthly amount, {money(figure)}",
                        f"这项措施按月给予：请写每月的金额 {money(figure)}")
        if kind in _SHARES and figure is not None and 0 <= figure <= 1 and not _percent_written(want) \
                and (written == figure * 100 != 0 or (percent and 1 < written <= 100)):
            share = f"{plain_number(written)}% or {plain_number(written / 100)}"
            return Said(f"a share: write {share}", f"这是比例：请写 {share.replace(' or ', ' 或 ')}")
    return None


def per_year(monthly: Decimal) -> Said:
    """That a decision gives a rate per year, and the year's figure of a rate written per month."""
    month, year = shown(monthly, "rate", "month"), shown(monthly * 12, "rate")
    return Said(f"a decision gives a rate per year: {month.en} is {year.en}",
                f"认定结果中的金额按年计：{month.zh}即 {year.zh}")


def _differs(what: str, want: Said, got: Said, why: Said | None = None) -> Said:
    return Said(f"{what}: expected {want.en}, got {got.en}" + (f" ({why.en})" if why else ""),
                f"{what}：" + chinese_joined("应为", want.zh) + "，" + chinese_joined("实际为", got.zh)
                + (f"（{why.zh}）" if why else ""))


def decided_by_said(department: Mapping[str, str]) -> Said:
    """What a measure granted without an amount is said with, as `policy eval` says it: `department`, its label in
    each language."""
    return Said(decided_by(department["en"], "en"), decided_by(department["zh"], "zh"))


@dataclass(frozen=True)
class Slip(Said):
    """What a case cannot mean as it is written — a name the policy or the household does not have, a name of the
    other level, a number YAML split at its comma: a mistake of the case file, not a difference of the decision.
    `at` is where it is written under the case's `expect:` (of the key with `key`), running on to the key `through`
    beside it where it is a number split (`4,200.00`: `4`, then the key `200.00`); `help`, where the sentence does
    not say the fix itself."""

    at: tuple[Any, ...] = field(default=(), compare=False, kw_only=True)
    key: bool = field(default=False, compare=False, kw_only=True)
    help: Said | None = field(default=None, compare=False, kw_only=True)
    through: Any = field(default=None, compare=False, kw_only=True)


def _slip(said: Said, *at: Any, key: bool = False, help: Said | None = None, through: Any = None) -> Slip:
    """`said` as a slip written at `at`, with its own help where it is a slip already and none is given."""
    if help is None and isinstance(said, Slip):
        help = said.help
    return Slip(said.en, said.zh, at=at, key=key, help=help, through=through)


def _unnamed(section: str, key: str, named: Collection[str], members: _Members, what: Said) -> Slip:
    """`values./p1`: a member's value (or measure: `what`) written with no name before its `/`, and the help: each of
    `named`, the policy's for each member, written for the member named (or the first)."""
    written = key.partition("/")[2]
    member = written if written in members.ids else members.first
    options = listed_said([f"`{name}/{member}`" for name in named], "or")
    return Slip(f"{section}.{key}: no {what.en} is named before `/{written}`",
                f"{section}.{key}：`/{written}` 前面没有写{what.zh}的名称",
                help=Said(f"write the member's {what.en} with its name before `/`: {options.en}",
                          f"成员的{what.zh}要在 `/` 前写上名称：{options.zh}") if named else None)


def _memberless(section: str, key: str, members: _Members, household: Said | None) -> Slip:
    """`values.age/`: a value (or measure) written with no member after its `/`, and the help: the member's for each
    member of the household, or the household's own (`household`, what it is) written without `/`."""
    name = key.partition("/")[0]
    if household is None:
        options = listed_said([f"`{name}/{member}`" for member in members.ids], "or")
        help = Said(f"write the member's id after `/`: {options.en}", f"请在 `/` 后写成员编号：{options.zh}")
    else:
        help = Said(f"`{name}` {household.en}: write `{name}`, without `/`",
                    f"`{name}` {household.zh}：请写 `{name}`，不加 `/`")
    return Slip(f"{section}.{key}: no member is named after `/`", f"{section}.{key}：`/` 后面没有写成员", help=help)


@dataclass(frozen=True)
class Known:
    """The names of the policy a case may expect: anything else is a slip, said as one (with the name meant)."""

    categories: Collection[str]
    measures: Collection[str]
    values: Mapping[str, Any]  # each value a case may expect that no decision lists (a parameter), in JSON form
    kinds: Mapping[str, str]  # the kind of each of those values (`engine.types`)
    member_categories: Collection[str] = ()  # the categories decided for each member; the others, for the household
    member_measures: Collection[str] = ()  # the measures granted to each member; the others, to the household
    member_values: Collection[str] = ()  # the values computed for each member, expected as `value/member`
    # for `categories`, `measures` and `values`: the Chinese label of each name, to the name
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    periods: Mapping[str, str | None] = field(default_factory=dict)  # each measure's: granted per month, year, once
    abolished: Mapping[str, Collection[str]] = field(default_factory=dict)  # a category gone: those that absorb it
    priced: Collection[str] = ()  # the measures whose every option sets an amount: never granted without one
    # each input of the household or a member, to the values computed from it (a member's by name, `age`)
    inputs: Mapping[str, Collection[str]] = field(default_factory=dict)
    # each input, to the conditions that read it themselves: clauses (`dibao.no_vehicle`), measures' `when`s
    conditions: Mapping[str, Collection[str]] = field(default_factory=dict)
    percents: Collection[str] = ()  # the parameters the policy writes as a percentage (`20%`): shares
    # each measure's words where it is granted without an amount, naming its department (`decided_by_said`)
    decided: Mapping[str, Said] = field(default_factory=dict)


def compare(expect: dict[str, Any], actual: dict[str, Any], kind: Callable[[str], str],
            known: Known | None = None, relations: Mapping[str, list[str]] | None = None) -> list[Said]:
    """What the decision `actual` (its JSON) has that the case's `expect` does not; `kind` gives the kind of a
    value by its name; `known`, the policy's names, so that a misspelt one is said to be unknown; `relations`,
    the ids of the members each label of a relation (`户主`) names, for a member written by one."""
    diffs = []
    members = _Members(actual["members"], relations or {})
    if "categories" in expect and not _same(expect["categories"], actual["categories"]):
        diffs.append(_differs("categories", *(_listed(x) for x in (expect["categories"], actual["categories"]))))
        diffs += _category_slips("categories", expect["categories"], known, actual["members"], ("categories",))
    everyone = expect.get("members") == {}  # as `assistance: {}` is no measure granted: no member in any category
    for member, cats in ({m: [] for m in actual["members"]} if everyone else expect.get("members") or {}).items():
        got = actual["members"].get(str(member))
        if got is None:
            diffs.append(_slip(members.none(f"members.{member}", str(member)), "members", member, key=True))
        elif not _same(cats, got):
            diffs.append(_differs(f"members.{member}", _listed(cats), _listed(got), _NO_MEMBER if everyone else None))
            diffs += _category_slips(f"members.{member}", cats, known, actual["members"], ("members", member))
    diffs += _value_differences(expect.get("values") or {}, actual, kind, members, known)
    if "assistance" in expect:
        diffs += _grant_differences({str(k): v for k, v in (expect["assistance"] or {}).items()}, actual, members,
                                    known)
    return diffs


def _value_differences(expect: Mapping[Any, Any], actual: dict[str, Any], kind: Callable[[str], str],
                       members: _Members, known: Known | None) -> list[Said]:
    """What the decision's values (and the policy's parameters, and the members' values named) have that the case's
    `values:` does not."""
    diffs: list[Said] = []
    values = {**(known.values if known else {}), **actual["values"]}
    computed = [name for name in actual["values"] if "/" not in name]  # the household's, not the members' named
    split, cut = _split_numbers("values", {str(k): v for k, v in expect.items()})
    for name, value in expect.items():
        of = kind(str(name).partition("/")[0])
        if str(name) in cut:
            diffs += [split[str(name)]] if str(name) in split else []
        elif name not in values and (misplaced := _value_slip(str(name), values, members, known, computed)):
            diffs.append(_slip(misplaced, "values", name, key=True))
        elif name not in values:
            want = shown(value, of)
            if known is not None and kind(str(name)) == "unknown":
                close = suggested(str(name), [*values, *known.values])
                checked = _checked(_for_household(computed)) if close is None else Said("", "")
                diffs.append(Slip(f"values.{name}: the policy has no value `{name}`" + _meant(close, "en") + checked.en,
                                  f"values.{name}：本政策没有名为 `{name}` 的值" + _meant(close, "zh") + checked.zh,
                                  at=("values", name), key=True))
            else:
                diffs.append(Said(f"values.{name}: expected {want.en}, got <not computed>",
                                  f"values.{name}：" + chinese_joined("应为", want.zh) + "，但这个值没有算出"))
        elif not agrees(value, got := values[name], of):
            figure = number(got) if of in _SHARES and _percent_written(value) else None  # said as written: `20%`
            percent = known is not None and str(name) in known.percents
            diffs.append(_differs(f"values.{name}", shown(value, of), shown(got, of) if figure is None else
                                  _as_percent(figure), _why(value, got, of, percent=percent)))
    return diffs


def _grant_differences(wanted: dict[str, Any], actual: dict[str, Any], members: _Members,
                       known: Known | None) -> list[Said]:
    """What the decision's grants have that the case's `assistance:` does not: it lists exactly the grants."""
    granted = {(a["id"] + (f"/{a['member']}" if "member" in a else "")): a["amount"] for a in actual["assistance"]}
    periods = {**(known.periods if known else {}), **{a["id"]: a.get("per") for a in actual["assistance"]}}
    departments = {a["id"]: a["department"] for a in actual["assistance"]}

    def amount(key: str, value: Any) -> Said:
        """An amount granted per month or year (or once), `320.00 元/月`; one granted without an amount, in
        `policy eval`'s words, naming the department (`（金额由人社部门核定，本政策未作规定）`): by its id where
        there is no policy to label it."""
        measure = key.partition("/")[0]
        if value is not None:
            return shown(value, "amount", periods.get(measure))
        department = departments[measure]
        said = known.decided[measure] if known and measure in known.decided else \
            decided_by_said({"en": department, "zh": department})
        return Said(f"({said.en})", f"（{said.zh}）")

    def expected(key: str, value: Any) -> Said:
        return _NULL if value is None else amount(key, value)

    split, cut = _split_numbers("assistance", wanted)
    diffs: list[Said] = list(split.values())
    wanted = {key: written for key, written in wanted.items() if key not in cut}
    slips = {key: slip for key in wanted if key not in granted
             and (slip := _grant_slip(key, granted, members, known, amount)) is not None}
    told = cut | {named for _, keys in slips.values() for named in keys}  # grants said already: not again
    for key in sorted(set(granted) | set(wanted)):
        if key in slips:
            diffs.append(_slip(slips[key][0], "assistance", key, key=True))
        elif key not in granted:
            nothing = wanted[key] is None or (not isinstance(wanted[key], bool) and agrees(wanted[key], 0, "amount"))
            want, why = expected(key, wanted[key]), _left_out(key) if nothing else None
            diffs.append(Said(f"assistance.{key}: expected {want.en}, not granted" + (f" ({why.en})" if why else ""),
                              f"assistance.{key}：" + chinese_joined("应为", want.zh) + "，但没有给予"
                              + (f"（{why.zh}）" if why else "")))
        elif key in told:
            continue
        elif key not in wanted:
            got = amount(key, granted[key])
            diffs.append(Said(f"assistance.{key}: granted {got.en}, not expected",
                              f"assistance.{key}：" + chinese_joined("给予了", got.zh) + "，但用例没有写"))
        elif not agrees(wanted[key], granted[key], "amount"):
            per = periods.get(key.partition("/")[0])
            why = _why(wanted[key], granted[key], "amount", per) if wanted[key] is not None else \
                _priced(key, granted[key], known)
            diffs.append(_differs(f"assistance.{key}", expected(key, wanted[key]), amount(key, granted[key]), why))
    return diffs


def _priced(key: str, got: Any, known: Known | None) -> Said | None:
    """Why `null` cannot be what a measure is granted (`got`), where the policy sets its amount: what to write
    instead."""
    measure = key.partition("/")[0]
    if got is None or known is None or measure not in known.priced:
        return None
    return Said(f"`null` is written for a measure without an amount; this policy sets the amount of `{measure}`: "
                f"write the amount expected, as {money(Decimal(got))}",
                f"`null` 用于不定金额的措施；本政策定了 `{measure}` 的金额：请写预期的金额，例如 {money(Decimal(got))}")


def _left_out(key: str) -> Said:
    """How a case expects a measure not granted, after `null` or `0` written for one the decision does not grant."""
    return Said(f"to expect `{key}` not granted, leave it out: `assistance` lists exactly the measures granted",
                f"预期不给予 `{key}` 时，请不要写它：`assistance` 列出的正是给予的各项措施")


_TAIL = re.compile(r"[0-9]{3}(?:\.[0-9]+)?")  # what follows a thousands separator: `250`, `000.00`
_CENTS = re.compile(r"[0-9]{1,2}")  # what follows a decimal comma: `830,00`, `830,5`


def _split_numbers(section: str, entries: Mapping[str, Any]) -> tuple[dict[str, Slip], set[str]]:
    """`{x: 8,250}`, `{x: 4,200.00}`: inside `{…}` YAML ends a value at a comma and reads what follows as a key
    without a value. Each number so cut, said at its entry; and the keys it makes, its own too: none to compare."""
    said: dict[str, Slip] = {}
    cut: set[str] = set()
    keys = list(entries)
    for i, key in enumerate(keys):
        value = entries[key]
        if isinstance(value, bool) or not isinstance(value, int) or key in cut:
            continue
        after = keys[i + 1] if i + 1 < len(keys) else None
        if after is not None and _CENTS.fullmatch(after) and entries[after] is None:  # `830,00`: a decimal comma
            point = f"{value}.{after}"
            said[key] = Slip(f"{section}.{key}: `{value},{after}` is read as two entries, as YAML splits a number at "
                             f"its comma: write {point}, with a decimal point",
                             f"{section}.{key}：`{value},{after}` 被 YAML 在逗号处拆成了两项：请写作 {point}，"
                             "小数点用“.”", at=(section, key), through=after)
            cut |= {key, after}
            continue
        tails = list(itertools.takewhile(lambda k: _TAIL.fullmatch(k) is not None and entries[k] is None, keys[i + 1:]))
        if tails:
            written = ",".join([str(value), *tails])
            parts = Said("two", "两") if len(tails) == 1 else Said(str(len(tails) + 1), f" {len(tails) + 1} ")
            said[key] = Slip(f"{section}.{key}: `{written}` is read as {parts.en} entries, as YAML splits a number at "
                             f"its comma: write {written.replace(',', '')}, without the thousands separator",
                             f"{section}.{key}：`{written}` 被 YAML 在逗号处拆成了{parts.zh}项：请写作 "
                             f"{written.replace(',', '')}，不加千分位逗号", at=(section, key), through=tails[-1])
            cut |= {key, *tails}
    return said, cut


def _checked(names: Said | None) -> Said:
    """`: values checks …`, after a name that is no value: what it checks, and the `names` there are to check."""
    return Said(": `values` checks what the policy computes (definitions, indicators, income and expense totals) and "
                "its parameters" + (f"; {names.en}" if names else ""),
                "：`values` 检查本政策算出的值（定义、指标、收入和支出合计）和参数"
                + (f"；{names.zh}" if names else ""))


def _names(what: Said, names: Collection[str]) -> Said:
    """`computed from it: `water_unsafe``: names in backticks after what they are."""
    return Said(f"{what.en}: " + ", ".join(f"`{n}`" for n in names),
                f"{what.zh}：" + "、".join(f"`{n}`" for n in names))


def _for_household(computed: Collection[str]) -> Said:
    return _names(Said("computed for this household", "为这户家庭算出的值"), computed)


def _read_by(name: str, member: str, known: Known) -> Said | None:
    """What reads an input: the values computed from it (a member's as `member`'s, the one the case named or else
    the first), else the conditions that read it themselves; None for neither (the household's values would say
    nothing of it)."""
    if known.inputs.get(name):
        return _names(Said("computed from it", "由它算出的值"),
                      [f"{v}/{member}" if v in known.member_values else v for v in known.inputs[name]])
    if known.conditions.get(name):
        return _names(Said("no value is computed from it; the conditions that read it",
                           "没有由它算出的值；读取它的条件"), known.conditions[name])
    return None


def _value_slip(key: str, values: Mapping[str, Any], members: _Members, known: Known | None,
                computed: Collection[str]) -> Said | None:
    """Why a value a case expects is not there, when it is written at the wrong level or for a member not there:
    a member's value without `/member` (`age`), the household's with one, a value no member has; by its Chinese
    label; or an input of the household, which a case gives and does not check."""
    if known is None:
        return None
    name, slash, member = key.partition("/")
    if slash and not name:
        return _unnamed("values", key, known.member_values, members, Said("value", "值"))
    if slash and not member and (name in known.member_values or name in values):
        return _memberless("values", key, members, None if name in known.member_values else
                           Said("is a household-level value", "是按家庭计算的值"))
    if (by_label := _by_label(f"values.{key}", name, known, "values")) is not None:
        return by_label
    if name in known.inputs:
        checked = _checked(_read_by(name, member if member in members.ids else members.first, known))
        return Said(f"values.{key}: `{name}` is an input, given in the household, not checked{checked.en}",
                    f"values.{key}：`{name}` 是输入项，由家庭数据给出，不在这里检查{checked.zh}")
    if not slash:
        if name not in known.member_values:
            return None
        return Said(f"values.{key}: `{name}` is a member-level value: write it for a member, as "
                    f"`{name}/{members.first}`",
                    f"values.{key}：`{name}` 是按成员计算的值：请按成员写，例如 `{name}/{members.first}`")
    if name in known.member_values:
        return members.none(f"values.{key}", member) if member not in members.ids else None
    if name in values:
        return Said(f"values.{key}: `{name}` is a household-level value: write `{name}`, without `/{member}`",
                    f"values.{key}：`{name}` 是按家庭计算的值：请写 `{name}`，不加 `/{member}`")
    close = suggested(name, known.member_values)
    return Said(f"values.{key}: the policy has no member-level value `{name}`" + _meant(close, "en"),
                f"values.{key}：本政策没有按成员计算、名为 `{name}` 的值" + _meant(close, "zh"))


def _grant_slip(key: str, granted: Mapping[str, Any], members: _Members, known: Known | None,
                amount: Callable[[str, Any], Said]) -> tuple[Said, list[str]] | None:
    """Why a measure a case expects cannot be granted as it is written, if it cannot: a measure the policy does not
    have, a member the household does not have, or a measure of the other level — one granted to each member
    written without `/member`, or the household's with one — with the grants it meant (named, so as not to be
    said again as unexpected)."""
    measure, slash, member = key.partition("/")
    if known is not None and slash and not measure:
        return _unnamed("assistance", key, known.member_measures, members, Said("measure", "措施")), []
    if known is not None and slash and not member and measure in known.measures:
        return _memberless("assistance", key, members, None if measure in known.member_measures else
                           Said("is granted to the household", "按家庭给予")), []
    if known is not None and (by_label := _by_label(f"assistance.{key}", measure, known, "measures")) is not None:
        return by_label, []
    if known is not None and measure not in known.measures:
        close, ids = suggested(measure, known.measures), _ids(known.measures)
        return _slip(Said(f"assistance.{key}: the policy has no measure `{measure}`" + _meant(close, "en"),
                          f"assistance.{key}：本政策没有 `{measure}` 这项措施" + _meant(close, "zh")),
                     help=Said(f"the policy's measures: {ids.en}", f"本政策的措施：{ids.zh}")), []
    if slash and member not in members.ids:
        return members.none(f"assistance.{key}", member), []
    if known is None or bool(slash) == (measure in known.member_measures):
        return None
    if not slash:
        held = [k for k in sorted(granted) if k.partition("/")[0] == measure]
        if not held:
            example = f"`{measure}/{members.first}`"
            return Said(f"assistance.{key}: `{measure}` is granted to each member, not to the household: write it "
                        f"for a member, as {example}; no member was granted it",
                        f"assistance.{key}：`{measure}` 按成员逐人给予，不按家庭：请按成员写，例如 {example}；"
                        "没有成员得到这项措施"), []
        amounts = [(k, amount(k, granted[k])) for k in held]
        write = listed_said(Said(f"`{k}` (granted {a.en})", chinese_joined(f"`{k}`", "（", "给予了", a.zh, "）"))
                            for k, a in amounts)
        return Said(f"assistance.{key}: `{measure}` is granted to each member, not to the household: write {write.en}",
                    f"assistance.{key}：`{measure}` 按成员逐人给予，不按家庭：请写 {write.zh}"), held
    got = amount(measure, granted[measure]) if measure in granted else None
    return Said(f"assistance.{key}: `{measure}` is granted to the household, not to a member: write `{measure}`"
                + (f" (granted {got.en})" if got else ""),
                f"assistance.{key}：`{measure}` 按家庭给予，不按成员：请写 `{measure}`"
                + (chinese_joined("（", "给予了", got.zh, "）") if got else "")), [measure] if got else []


@dataclass(frozen=True)
class _Members:
    """The members of the household, to say which one a case meant where it names one the household does not have."""

    ids: Mapping[str, Any]
    relations: Mapping[str, list[str]]  # each label of a relation (`户主`), to the members it names

    @property
    def first(self) -> str:
        return next(iter(self.ids), "p1")

    def none(self, where: str, written: str) -> Said:
        """`no such member`, and the id meant: of the member its relation names (`户主`), or the one closest."""
        named = self.relations.get(written, [])
        if named:
            ids = Said(", ".join(f"`{m}`" for m in named), "、".join(f"`{m}`" for m in named))
            write = Said(f"write `{named[0]}`", f"请写 `{named[0]}`") if len(named) == 1 else \
                Said("write the id of one of them", "请写其中一个的编号")
            return Said(f"{where}: no such member: members are named by their id, and `{written}` is {ids.en}: "
                        f"{write.en}", f"{where}：没有这个成员：成员要写编号，`{written}` 是 {ids.zh}：{write.zh}")
        close = meant(written, list(self.ids), any_case=True)
        return Said(f"{where}: no such member" + _meant(close, "en"), f"{where}：没有这个成员" + _meant(close, "zh"))


NO_CATEGORY_WORDS = {"none", "null", "无", "没有", "空"}  # words for no category, where a list of none is `[]`


def _by_label(where: str, written: str, known: Known, section: str) -> Said | None:
    """`` `特困人员` is the label of `tekun`: write `tekun` `` for a name written as its Chinese label."""
    if written.isascii():
        return None
    found = label_help(written, known.labels.get(section, {}), unique=True)
    return Said(f"{where}: {found.en}", f"{where}：{found.zh}") if found else None


def _category_slips(where: str, named: Any, known: Known | None, members: Mapping[str, list[str]],
                    at: tuple[Any, ...] = ()) -> list[Said]:
    """A slip for each category in `named` (written at `at`) that cannot be there: one the policy does not have (with
    the one meant where one is close, and the policy's categories), or one of the other level — a member's under
    `categories`, or the household's under a member — with where to write it."""
    if known is None:
        return []
    out: list[Said] = []
    for index, name in enumerate(map(str, named or [])):
        told = len(out)
        meant = named_by(name, known.labels.get("categories", {})) \
            if name not in known.categories and not name.isascii() else None
        if name not in known.categories and name.casefold() in NO_CATEGORY_WORDS:
            out.append(Said(f"{where}: write `[]` for no category, not `[{name}]`",
                            f"{where}：没有类别时请写 `[]`，不写 `[{name}]`"))
        elif meant is not None:  # `低保`, `特困人员`: the id, and where it goes if of the other level
            id_, whose = meant
            out.append(_level_slip(where, id_, whose, known, members)
                       or Said(f"{where}: {whose.en}: write `{id_}`", f"{where}：{whose.zh}：请写 `{id_}`"))
        elif name in known.abolished:
            absorbed = known.abolished[name]
            out.append(Said(f"{where}: category `{name}` is abolished in this version of the policy; its households "
                            f"are absorbed by {listed(absorbed, 'en')}",
                            f"{where}：类别 `{name}` 在此版本的政策中已取消，原属该类别的家庭已并入 "
                            f"{listed(absorbed, 'zh')}"))
        elif name not in known.categories:
            close, ids = suggested(name, known.categories), _ids(known.categories)
            out.append(_slip(Said(f"{where}: `{name}` is no category of the policy" + _meant(close, "en"),
                                  f"{where}：`{name}` 不是本政策的类别" + _meant(close, "zh")), *at, index,
                             help=Said(f"the policy's categories: {ids.en}", f"本政策的类别：{ids.zh}")))
        elif (other_level := _level_slip(where, name, None, known, members)) is not None:
            out.append(other_level)
        out[told:] = [said if isinstance(said, Slip) else _slip(said, *at, index) for said in out[told:]]
    return out


def _level_slip(where: str, name: str, whose: Said | None, known: Known, members: Mapping[str, list[str]]
                ) -> Said | None:
    """That category `name` is of the other level than `where` (`categories`, `members.p1`), with where to write it,
    after `whose` it is where a Chinese word was written for it (`` `特困` is short for the label of `tekun` …``);
    None where it is of the level of `where`."""
    if where == "categories" and name in known.member_categories:
        holder = next((m for m, held in members.items() if name in held), next(iter(members), "p1"))
        level = Said("a member-level category", "按成员认定的类别")
        fix = Said(f"write it under `members:`, as `members: {{{holder}: [{name}]}}`",
                   f"请写在 `members:` 下，例如 `members: {{{holder}: [{name}]}}`")
    elif where != "categories" and name not in known.member_categories:
        level = Said("a household-level category", "按家庭认定的类别")
        fix = Said(f"write it under `categories:`, as `categories: [{name}]`",
                   f"请写在 `categories:` 下，例如 `categories: [{name}]`")
    else:
        return None
    said = Said(f"`{name}` is {level.en}", f"`{name}` 是{level.zh}") if whose is None else \
        Said(f"{whose.en}, {level.en}", f"{whose.zh}；`{name}` 是{level.zh}")
    return Said(f"{where}: {said.en}: {fix.en}", f"{where}：{said.zh}：{fix.zh}")


def _ids(names: Collection[str]) -> Said:
    """The policy's names of a kind, each in backticks: `` `tekun`, `dibao` `` (`` `tekun`、`dibao` ``)."""
    return Said(", ".join(f"`{n}`" for n in names), "、".join(f"`{n}`" for n in names))


def _meant(close: Said | None, lang: str) -> str:
    """`(did you mean …?)` after a name the policy does not have, where one is close."""
    if close is None:
        return ""
    return f"（{close.zh}）" if lang == "zh" else f" ({close.en})"


def _same(written: Any, got: list[str]) -> bool:
    """Whether a case's list of categories is the decision's, in whatever order it is written."""
    return {str(c) for c in written or []} == set(got)


def _listed(categories: Any) -> Said:
    """Categories as a case writes them in YAML: `[dibao, monitoring]`, `[]` for none."""
    text = "[" + ", ".join(str(c) for c in categories or []) + "]"
    return Said(text, text)
