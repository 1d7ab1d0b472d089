"""How values are written: exact strings for machines, readable text for people.

Input: a runtime value (Decimal, bool, date, text, None) and its checked type.
Output: text. Invariants: machine form is DESIGN §7's — money as a decimal string
with two places (rates per year), other numbers exact without trailing zeros;
people's form groups thousands and names the unit in the chosen language.
Display rounding is half up; it never feeds back into a computation.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    InvalidOperation,
    getcontext,
)
from typing import Any, TypeVar

from engine import types as t
from engine.diagnostics import Said, chinese_joined

CENT = Decimal("0.01")
# to a place, by rounding, in a context of its own with the default context's 28 digits, whatever context the caller
# set: a context's `quantize(value, CENT)` parses two arguments, where `value.quantize(CENT, ROUND_HALF_UP)` parses
# its three as keywords could be given and reads the rounding's name (bound once: a context's attributes are looked
# up by comparing the name with each of its settings')
_QUANTIZE = {rounding: Context(prec=28, rounding=rounding).quantize for rounding in (
    ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_HALF_DOWN, ROUND_UP, ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR, ROUND_05UP)}
_to_cents = _QUANTIZE[ROUND_HALF_UP]

UNIT_WORDS = {
    "zh": {"amount": "元", "rate": "元/年", "month": "元/月", "duration": "个月", "points": "个百分点", "age": "岁",
           "yes": "是", "no": "否", "missing": "（空）"},
    "en": {"amount": "yuan", "rate": "yuan/year", "month": "yuan/month", "duration": "months",
           "points": "percentage points", "age": "years", "yes": "yes",
           "no": "no", "missing": "(none)"},
}


# the mark ⚠ after a label that writes the figure of a parameter to confirm (a clause's `label_figures_to_confirm`, an
# option's `option_labels_to_confirm`) or that is a ground to confirm, where a sentence quotes it: after the closing
# quote, as `policy diff` marks it after its brackets, for the mark is not the label's words (`不满足“人均存款不超过24
# 个月低保标准”⚠这一条件`, `the condition “…” ⚠ is not met`); after a label said bare, as a heading or `policy doc`'s
# table says it, `LABEL_MARK` (`人均存款不超过24个月低保标准 ⚠：…`)
QUOTE_MARK = {"zh": "⚠", "en": " ⚠"}
LABEL_MARK = " ⚠"
_CLOSING = ("”", "）", "」", "》", "】")  # in Chinese the mark follows these directly, as `QUOTE_MARK` does


Piece = TypeVar("Piece")


def strings_joined(parts: Iterable[Piece]) -> list[Piece]:
    """The parts with each run of plain strings side by side joined into one (`["a", "b", x, "c"]` → `["ab", x,
    "c"]`): a template's text between its holes, the pieces of a JSON line that Arrow joins row by row."""
    merged: list[Any] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


_QUOTE_MARKS = re.compile("[“”‘’]")
# a quote within a quote, and one within that, as each language says them
_NESTED_QUOTES = ("‘", "’"), ("“", "”")
_QUOTE_CLOSED_BY = {"“": "”", "‘": "’"}


def quotes_within(words: str, dropped: Callable[[int], bool] = lambda at: False) -> str:
    """`words` as they read within quotes: each quote they hold one level further in, `“…”` as `‘…’` and a `‘…’`
    within that as `“…”` again (`落实“两不愁三保障”` → `落实‘两不愁三保障’`), but for those `dropped` (by where they
    open), which are left out; a closing mark with none open (an apostrophe, `’`) is as written."""
    out, last = [], 0
    opened: list[tuple[str, tuple[str, str] | None]] = []  # each quote open: its closing mark, as it is said
    for mark in _QUOTE_MARKS.finditer(words):
        written = mark.group()
        if written in _QUOTE_CLOSED_BY:
            quote = None if dropped(mark.start()) else _NESTED_QUOTES[sum(q is not None for _, q in opened) % 2]
            opened.append((_QUOTE_CLOSED_BY[written], quote))
            said = quote[0] if quote else ""
        elif opened and opened[-1][0] == written:
            quote = opened.pop()[1]
            said = quote[1] if quote else ""
        else:
            continue
        out += [words[last:mark.start()], said]
        last = mark.end()
    return "".join(out) + words[last:]


def in_quotes(label: str) -> str:
    """A label in quotes, as a sentence names it, its own quotes within them a quote within a quote:
    `“落实‘两不愁三保障’”`, `“‘two assurances’ in place”`."""
    return f"“{quotes_within(label)}”"


def mark_after(said: str, lang: str) -> str:
    """The mark ⚠ to write right after `said`, as everywhere a mark follows a label: in Chinese directly after a
    closing quote or bracket (`QUOTE_MARK`: `“…”⚠`, `低保存款限额（24个月）⚠`), after a space after a bare word
    (`LABEL_MARK`: `住房或饮水不安全 ⚠`); in English always after a space."""
    return QUOTE_MARK[lang] if said.endswith(_CLOSING) else LABEL_MARK


def listed(items: Iterable[str], lang: str, last: str = "and") -> str:
    """Items of a list as a sentence writes them: `a、b、c` in Chinese; in English as read aloud, `a and b`, `a, b
    and c`, with `last` (`or` for alternatives) before the last item. Chinese alternatives take `或` before the
    last: `a、b或c` (`` `a`、`b` 或 `c` `` for names in backticks)."""
    said = list(items)
    if lang == "zh":
        if last == "or" and len(said) > 1:
            return chinese_joined("、".join(said[:-1]), "或", said[-1])
        return "、".join(said)
    return ", ".join(said[:-1]) + f" {last} " + said[-1] if len(said) > 1 else "".join(said)


def listed_said(items: Iterable[str | Said], last: str = "and") -> Said:
    """`listed` in both languages at once: items written alike in each (names in backticks, `` `income:` ``) or in
    the words of each (`Said`)."""
    said = [Said(item, item) if isinstance(item, str) else item for item in items]
    return Said(listed([s.en for s in said], "en", last), listed([s.zh for s in said], "zh", last))


def labels_listed(labels: Iterable[str], lang: str) -> str:
    """Labels (of categories) as a sentence lists them: `最低生活保障对象、特困人员`; in English each quoted,
    `“…”, “…” and “…”`, as explanations name them — unquoted, `… rigid expenses and other person in hardship` would
    read as one label."""
    return listed(labels if lang == "zh" else (in_quotes(label) for label in labels), lang)


def quantized(value: Decimal, quantum: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """`value` to the place of `quantum`, however many digits it has: beyond the default context's 28 (a figure
    no policy sets, still written) in a context that holds them."""
    try:
        return _QUANTIZE[rounding](value, quantum)
    except InvalidOperation:
        digits = value.adjusted() - quantum.adjusted() + 2
        return value.quantize(quantum, context=Context(prec=digits, rounding=rounding))


def cents(value: Decimal) -> Decimal:
    """`value` to the fen, half up."""
    return quantized(value, CENT)


def roomy(old: Decimal, new: Decimal) -> Context:
    """The current context, with digits enough to write the change from `old` (not 0) to `new` in percent to a
    tenth, however far apart the two are: the default's 28 for any figure a policy sets."""
    context = getcontext().copy()
    context.prec = max(context.prec, max(new.adjusted(), old.adjusted()) - old.adjusted() + 6)
    return context


def money(value: Decimal) -> str:
    """An amount to the fen (`-12.05`, `0.00`), never a negative zero: deposits written `-0.0`, or a figure that
    rounds to nothing, are `0.00` (the sign of a zero says nothing, and only Decimal keeps it)."""
    try:  # the common case inline: every decision writes a dozen amounts (`cents` costs a third more)
        text = str(_to_cents(value, CENT))
    except InvalidOperation:
        text = str(cents(value))
    return "0.00" if text == "-0.00" else text


# the text of the small whole numbers, by value (a count of members, a decision's `household_size`): looking one up
# costs a tenth of writing it with `plain_number`, which gives the same text for each (`3`, for 3.00 too)
WHOLE_NUMBERS = {Decimal(i): str(i) for i in range(100)}


def plain_number(value: Decimal) -> str:
    """A number as written in a decision (`3`, `1.25`), never a negative zero (`0`, not `-0`)."""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if len(text) > 24 and "." in text:  # a non-terminating quotient: show it to a sensible precision
        text = format(quantized(value, Decimal("1e-12")), "f").rstrip("0").rstrip(".")
    return "0" if not text or text == "-0" else text


def percent(share: Decimal) -> str:
    """A share as a policy writes it and explanations say it: `0.5` is `50%`."""
    return f"{plain_number(share * 100)}%"


def share_percent(share: Decimal, places: Decimal = Decimal("0.01")) -> str:
    """A share said in percents to the hundredth of a percent (`55.56%`), or to `places` of a percent where that is
    finer (two shares the hundredth would write alike); half to even, as the register's gaps are said."""
    return percent(quantized(share, places / 100, ROUND_HALF_EVEN).normalize())


def points(margin: Decimal) -> str:
    """The difference of two shares in percentage points, to the hundredth (`5.56`), or to the first finer place
    where the hundredth would write it as nothing; never below zero (a margin is a distance)."""
    hundred = abs(margin) * 100
    places = CENT
    while quantized(hundred, places) == 0 and hundred != 0 and places > _FINEST:
        places /= 10
    return plain_number(quantized(hundred, places, ROUND_HALF_EVEN))


def machine(value: Any, kind: str) -> Any:
    """The JSON form of a value (DESIGN §7): money and numbers as strings, booleans as booleans."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return money(value) if kind in ("amount", "rate") else plain_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


_GROUPED: dict[str, str] = {}  # explanations write the same amounts (standards, limits) again and again


def grouped(value: Decimal) -> str:
    """`12,345.68`: to the fen, thousands grouped."""
    # memo keyed by the decimal's text: hashing a new Decimal costs more than rounding and grouping it,
    # its text a fifth of that (and the text tells 0 from -0, which are equal)
    key = str(value)
    text = _GROUPED.get(key)
    if text is None:
        text = thousands(value)
        if len(_GROUPED) >= 4096:
            _GROUPED.clear()
        _GROUPED[key] = text
    return text


def thousands(value: Decimal) -> str:
    """`grouped` without its memo, for a figure seldom written twice (the margin to a threshold). A figure below zero
    (income left after rigid expenses larger than it) has the minus sign `−`, which is read aloud as one (`负`),
    not the hyphen `-` of the machine form; one that rounds to nothing has none (`0.00`, not `-0.00`)."""
    try:  # `cents` inline, as in `money`
        text = f"{value.quantize(CENT, ROUND_HALF_UP):,}"
    except InvalidOperation:
        text = f"{cents(value):,}"
    return minus_sign(text) if text[0] == "-" else text


def about(value: Decimal) -> str:
    """`≈` before an amount the fen rounds (0.048 written `≈0.05`), so that a sum by hand is not taken for the
    engine's, which works with the exact figure; nothing before one the fen writes exactly."""
    return "" if value == cents(value) else "≈"


def alike(value: Decimal, other: Decimal) -> bool:
    """Whether two amounts that differ are written alike to the fen (6,119.9966… and 6,120)."""
    return value != other and abs(value - other) < CENT and cents(value) == cents(other)


def thousands_apart(value: Decimal, other: Decimal) -> str:
    """`thousands(value)` beside `other`, which it is not equal to: to the fen where that is exact, else to the first
    place at which the two, each rounded there, differ (`6,119.997` beside `6,120.00`), so that two figures compared
    are never written alike and the relation between them reads true."""
    return thousands_to(value, places_apart(value, other))


def apart_as_shown(value: Decimal, other: Decimal, places: Decimal | None = None) -> Decimal:
    """The distance between two amounts as they are written, each to `places` (None: the fen), half up: what a
    reader who subtracts the figures shown finds (5,880.00 − 3,500.51 = 2,379.49, where the exact 3,500.505 is
    2,379.495 away, which alone would be written 2,379.50)."""
    return abs(quantized(value, places or CENT) - quantized(other, places or CENT))


def places_apart(value: Decimal, other: Decimal) -> Decimal:
    """The first place, the fen or finer, at which two amounts, each rounded there, differ (0.001 for 6,119.9966…
    and 6,120)."""
    places = CENT
    while quantized(value, places) == quantized(other, places) and places > _FINEST:
        places /= 10
    return places


def thousands_to(value: Decimal, places: Decimal) -> str:
    """`thousands(value)`, but to `places` (finer than the fen) where the fen would round it: the figures of a working
    under a comparison shown to those places (`18,359.99 ÷ 3 = 6,119.997`)."""
    if value == cents(value):
        return thousands(value)
    return minus_sign(f"{quantized(value, places):,}")


_FINEST = Decimal("1e-40")  # past any digit a policy's figures or their quotients (28 digits) hold


def minus_sign(text: str) -> str:
    """A figure's text for people (`-1,200.00`, `-16.7`): the minus sign `−` for the machine form's hyphen, read
    aloud as one (`负`); none on a figure that rounds to nothing (`0.00`, not `-0.00`)."""
    if text[:1] != "-":
        return text
    return "−" + text[1:] if text.strip("-0.,") else text[1:]


def human(value: Any, kind: str, lang: str, per: str | None = None) -> str:
    """A value as a caseworker reads it aloud: `6,120.00 元/年`, `80%`, `是`."""
    words = UNIT_WORDS[lang]
    if value is None:
        return words["missing"]
    if isinstance(value, bool):
        return words["yes"] if value else words["no"]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if kind == "rate" and per == "month":  # a yearly rate a month: the exact twelfth, marked where cents round it
            monthly = value / 12
            return with_unit(f"{about(monthly)}{grouped(monthly)}", "month", lang)
        if kind in MONEY:
            return with_unit(grouped(value), kind, lang)
        return with_unit(plain_number(value), kind, lang)
    return str(value)


MONEY = ("amount", "rate")
# the kinds of value said with a unit, by `with_unit`; any other number is said bare
UNITS = (*MONEY, "month", "duration", "age", "points")


def with_unit(number: str, kind: str, lang: str) -> str:
    """A figure of a value of `kind` written with its unit, the one way a value and a margin between two values are
    said: `2,520.00 元/年`, `24 个月`, `11 岁`, `5.56 个百分点`; `11 years`, and in English every unit in the
    singular for 1 (`1 year`, `1 month`, `1 percentage point`). A kind without a unit (a count
    of persons, a plain number), the figure alone."""
    if kind not in UNITS:
        return number
    if lang == "en" and number.lstrip("−-") == "1":
        return f"{number} {_ONE_EN.get(kind, UNIT_WORDS[lang][kind])}"
    return f"{number} {UNIT_WORDS[lang][kind]}"


# the English units said in the singular for 1 (`1 month`, `1 year`, `1 percentage point`); yuan has no plural
_ONE_EN = {"duration": "month", "age": "year", "points": "percentage point"}


def kind_of(type_: t.Type | None) -> str:
    return type_.kind if type_ is not None else "unknown"


def said_kind(type_: t.Type | None) -> str:
    """`kind_of`, but `age` for a person's age, which people hear with its unit (`11 岁`) and machines read as a
    number."""
    return "age" if type_ is not None and type_.age else kind_of(type_)
