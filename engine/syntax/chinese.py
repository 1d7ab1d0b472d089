"""What a Chinese input method types into a rule, and what the rule language means by it.

Input: the text of a rule, the offset of a Chinese character the parser could not read, and
the policy's Chinese labels with the names they belong to. Output: a message, a help line
and where the mistake ends: an operator word (`并且` → `and`), a unit (`元/月` →
`yuan/month`, `24个月` → `24 months`), a number in Chinese numerals (`四百九十` → `490`), a
name written as its Chinese label (`低保标准` → `dibao_standard`), or a multiple written in words
(`低保标准的1.5倍` → `1.5 * dibao_standard`). Invariant: pure
functions of their arguments; a run of Chinese characters is reported as one mistake.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from engine.values import plain_number

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Chinese words for the operators and keywords of the rule language; a run must match as a whole.
_WORDS = {
    "且": "and", "并且": "and", "而且": "and", "和": "and", "与": "and", "同时": "and",
    "或": "or", "或者": "or", "非": "not", "不": "not",
    "如果": "if", "那么": "then", "则": "then", "否则": "else", "属于": "in", "不属于": "not in",
    "大于": ">", "高于": ">", "超过": ">", "小于": "<", "低于": "<", "等于": "==", "不等于": "!=",
    "大于等于": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
    "小于等于": "<=", "不超过": "<=", "不高于": "<=", "不大于": "<=",
    "乘": "*", "乘以": "*", "除以": "/", "加": "+", "加上": "+", "减": "-", "减去": "-",
}

_YUAN = re.compile(r"元(?:\s*[/／每]\s*([月年]))?")
_NUMBER_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s*$")
# A duration or an age written after a number: the English unit, or "" for a plain number of years.
_AFTER_NUMBER = {"个月": "months", "月": "months", "年": "years", "周岁": "", "岁": ""}
_DAYS = ("天", "日", "周", "星期")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_TENS = {"十": 10, "百": 100, "千": 1000}
_MYRIADS = {"万": 10_000, "亿": 100_000_000}
_NUMERAL = re.compile("[" + "".join([*_DIGITS, *_TENS, *_MYRIADS]) + "]+(?:点[" + "".join(_DIGITS) + "]+)?")

# Short forms a label may use for a longer word (低保 is 最低生活保障).
_SHORT_FORMS = {"低保": "最低生活保障"}


def numeral_value(text: str) -> str:
    """The digits of a number in Chinese numerals: `四百九十` → `490`, `二零二四` → `2024`, `一点五` → `1.5`."""
    whole, _, decimals = text.partition("点")
    fraction = "." + "".join(str(_DIGITS[ch]) for ch in decimals) if decimals else ""
    if not any(ch in _TENS or ch in _MYRIADS for ch in whole):
        return "".join(str(_DIGITS[ch]) for ch in whole) + fraction
    high = low = section = 0  # whole 亿 so far; whole 万 since the last 亿; below 万
    digit: int | None = None
    for ch in whole:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _TENS:
            section += (1 if digit is None else digit) * _TENS[ch]
            digit = None
        elif ch == "万":
            low += (section + (digit or 0) or 1) * _MYRIADS[ch]  # `万` alone is ten thousand
            section, digit = 0, None
        else:  # 亿 multiplies all since the last 亿: 三万亿 is three trillion
            high += (low + section + (digit or 0) or 1) * _MYRIADS[ch]
            low, section, digit = 0, 0, None
    return str(high + low + section + (digit or 0)) + fraction


def leading_numeral(text: str) -> str | None:
    """The digits of the Chinese numerals `text` starts with (`二十五天` → `25`), if it does."""
    found = _NUMERAL.match(text.strip())
    return numeral_value(found.group()) if found else None


def _expanded(label: str) -> str:
    label = re.sub(r"[（(].*?[）)]", "", label)
    for short, long in _SHORT_FORMS.items():
        label = label.replace(short, long)
    return label


def name_for_label(text: str, labels: Mapping[str, str], unique: bool = False) -> tuple[str, str] | None:
    """The name whose Chinese label is `text`, or else the one with the shortest label that holds it
    (`低保标准` is in `农村最低生活保障标准`), with that label; with `unique`, only when no other label holds it."""
    if text in labels:
        return labels[text], text
    wanted = _expanded(text)
    holding = [(len(label), name, label) for label, name in labels.items() if wanted in _expanded(label)]
    if unique and len(holding) > 1:
        return None
    return min(holding)[1:] if holding else None


def _unit(english: str, number: str) -> str:
    return english.removesuffix("s") if english.endswith("s") and number == "1" else english


_MULTIPLE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*倍")  # after `的`: `的1.5倍`
_NAME_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*$")


def _multiple(text: str, pos: int, word: str, labels: Mapping[str, str]) -> tuple[str, str, int] | None:
    """`dibao_standard的1.5倍` or `低保标准的1.5倍` (1.5 times the standard): a multiple is written with `*`."""
    if not word.endswith("的"):
        return None
    times = _MULTIPLE.match(text, pos + len(word))
    if times is None:
        return None
    number, end = times.group(1), times.end()
    if word == "的":
        before = _NAME_BEFORE.search(text[:pos])
        if before is None:
            return None
        return (f"unexpected `{text[pos:end]}`",
                f"a multiple is written with `*`: write `{number} * {before.group(1)}`", end)
    found = name_for_label(word[:-1], labels)
    if found is None:
        return None
    name, label = found
    return (f"names in a rule are written in English letters, not `{text[pos:end]}`",
            f"{_whose(word[:-1], name, label)}, and a multiple is written with `*`: write `{number} * {name}`", end)


def _whose(word: str, name: str, label: str) -> str:
    """Whose label the Chinese word is (or is part of)."""
    return f"`{word}` is the label of `{name}`" if label == word else f"`{name}` is labelled `{label}`"


def hint(text: str, pos: int, labels: Mapping[str, str]) -> tuple[str, str, int] | None:
    """Message, help and end offset for the Chinese characters at `pos`, or None if there are none."""
    run = _HAN.match(text, pos)
    if run is None:
        return None
    word = run.group()
    multiple = _multiple(text, pos, word, labels)
    if multiple is not None:
        return multiple
    before = _NUMBER_BEFORE.search(text[:pos])
    number = before.group(1) if before else None
    yuan = _YUAN.match(text, pos)
    if yuan:
        unit = {"月": "yuan/month", "年": "yuan/year"}.get(yuan.group(1) or "", "yuan")
        shown = f"{number} {unit}" if number else unit
        return f"unexpected `{yuan.group()}`", f"write units in English: `{shown}`", yuan.end()
    if number is not None and word[0] in _MYRIADS:  # `0.76万`: digits, then ten thousand
        written = plain_number(Decimal(number) * _MYRIADS[word[0]])
        return f"unexpected `{word[0]}`", f"write the whole number with digits: `{written}`", pos + 1
    if number is not None and word.startswith("倍"):  # `1.5倍`: a multiple is the number itself
        return "unexpected `倍`", f"a multiple is a plain number: write `{number}`", pos + 1
    numeral = _NUMERAL.match(text, pos)
    if numeral:
        number, end = numeral_value(numeral.group()), numeral.end()
        after = next((w for w in _AFTER_NUMBER if text.startswith(w, end)), None)
        written = number if not after else f"{number} {_unit(_AFTER_NUMBER[after], number)}".rstrip()
        end += len(after or "")
        return f"unexpected `{text[pos:end]}`", f"write numbers with digits: `{written}`", end
    if number is not None:
        after = next((w for w in _AFTER_NUMBER if text.startswith(w, pos)), None)
        if after is not None and not _AFTER_NUMBER[after]:
            return (f"unexpected `{after}`", f"an age is a plain number of years: write `{number}`",
                    pos + len(after))
        if after is not None:
            unit = _unit(_AFTER_NUMBER[after], number)
            return f"unexpected `{after}`", f"write units in English: `{number} {unit}`", pos + len(after)
        if word.startswith(_DAYS):
            return (f"unexpected `{word}`", "durations are written in `months` or `years`, e.g. `24 months`",
                    run.end())
    if word in _WORDS:
        return f"unexpected `{word}`", f"write `{_WORDS[word]}`", run.end()
    found = name_for_label(word, labels)
    if found is None:
        help = "write the name declared under `parameters`, `definitions` or `inputs`, in English letters"
    else:
        name, label = found
        help = f"{_whose(word, name, label)}: write `{name}`"
    return f"names in a rule are written in English letters, not `{word}`", help, run.end()
