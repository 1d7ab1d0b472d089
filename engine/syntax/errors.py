"""A failed parse → one located syntax diagnostic (S001–S004) that says how to fix it.

Input: the expression text, Lark's `UnexpectedInput`, the `SourceMap` of the text and the
policy's Chinese labels with their names. Output: a `Diagnostic` with a message in plain
words and, where the mistake is a common one (a character, word or number from a Chinese
input method, a word from another language, a missing comma, a thousands separator), a help
line that shows what to write instead; both in English and in Chinese (`Said`). Invariant:
grammar terminal names never reach the message or the help.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from engine.diagnostics import Diagnostic, Said
from engine.spelling import a_keyword_slip, one_of
from engine.syntax import chinese
from engine.syntax.numerals import EXPONENT, THOUSANDS, without_exponent, without_separator
from engine.syntax.unit_words import UNIT_WORDS, no_unit

if TYPE_CHECKING:
    from engine.syntax.parser import SourceMap


_FRIENDLY = {
    "RPAR": "`)`", "LPAR": "`(`", "LBRACE": "`{`", "RBRACE": "`}`", "COMMA": "`,`", "RSQB": "`]`",
    "LSQB": "`[`", "$END": "the end of the rule", "NAME": "a name", "NUMBER": "a number",
}
_FRIENDLY_ZH = {"$END": "规则结尾", "NAME": "名称", "NUMBER": "数字"}

# What a Chinese input method types, and the character the rule language (and YAML) means.
WIDE = {
    "（": "(", "）": ")", "，": ",", "、": ",", "％": "%", "＋": "+", "－": "-",
    "＊": "*", "×": "*", "／": "/", "÷": "/", "【": "[", "】": "]", "［": "[", "］": "]",
    "｛": "{", "｝": "}", "．": ".", "。": ".",
}
# What those marks, and others an input method types, are called, to say which one was typed where YAML or the rule
# language wants the half-width one: a policy file and a case file say them alike.
WIDE_NAMES = {
    "，": Said("a full-width comma", "全角逗号"), "、": Said("an enumeration comma (顿号)", "顿号"),
    "：": Said("a full-width colon", "全角冒号"), "％": Said("a full-width percent sign", "全角百分号"),
    "＃": Said("a full-width number sign", "全角井号"),
    **{ch: Said("a full-width bracket", "全角括号") for ch in "（）【】［］｛｝"},
}


def wide_mark(ch: str) -> Said:
    """`，` is a full-width comma: which mark an input method typed (one of `WIDE`, or `：`, `＃`)."""
    name = WIDE_NAMES[ch]
    return Said(f"`{ch}` is {name.en}", f"`{ch}` 是{name.zh}")


# What an input method types for the characters of a comparison, and the ASCII it stands for.
_OPERATOR_LOOKALIKES = {"＜": "<", "‹": "<", "〈": "<", "＞": ">", "›": ">", "〉": ">", "＝": "=", "！": "!",
                        "≤": "<=", "≦": "<=", "⩽": "<=", "≥": ">=", "≧": ">=", "⩾": ">=", "≠": "!="}
# Those characters, read as ASCII, and the operator they were meant to be.
_OPERATORS_MEANT = {"<": "<", ">": ">", "=": "==", "==": "==", "<=": "<=", ">=": ">=", "!=": "!=", "=<": "<=",
                    "=>": ">=", "<>": "!=", "!": "not"}
# Punctuation that has no place in a rule at all, and what to do instead.
# What precedes a place that takes a number or a text, not a yes/no: a comparison or arithmetic, `in`.
_TAKES_A_VALUE = re.compile(r"(?:[<>=+\-*/]|\bin)\s*$")
_NO_SEMICOLON = Said("remove it: a rule has no `;`, join conditions with `and` or `or`",
                     "请删除：规则中没有 `;`，几个条件请用 `and` 或 `or` 连接")
_NO_PLACE = {
    "；": _NO_SEMICOLON,
    ";": _NO_SEMICOLON,
    "：": Said("remove it: a rule has no `:`", "请删除：规则中没有 `:`"),
    ":": Said("remove it: a rule has no `:`", "请删除：规则中没有 `:`"),
    "\\": Said("write `/` to divide", "除法请写 `/`"),
}
_SPACED_OPERATOR = re.compile(r"([<>!=])\s+=")  # `> =`, `! =`: an operator typed with a space inside
# Spaces (and marks: of writing direction, a soft hyphen) that text copied from a web page or a word processor brings
# into a rule, each seen as an ordinary space or as nothing: its name, and whether it stands where a space belongs
# (typed again as one) or is seen as nothing (deleted).
_COPIED_SPACES = {"\u00a0": ("no-break space", "不间断空格", True), "\u2009": ("thin space", "窄空格", True),
                  "\u202f": ("narrow no-break space", "窄不间断空格", True),
                  "\u200b": ("zero-width space", "零宽空格", False), "\u2060": ("word joiner", "零宽连接符", False),
                  "\ufeff": ("zero-width no-break space", "零宽不间断空格", False),
                  "\u200e": ("left-to-right mark", "从左到右标记", False),
                  "\u200f": ("right-to-left mark", "从右到左标记", False), "\u00ad": ("soft hyphen", "软连字符", False)}


def _copied_space(ch: str) -> tuple[Said, Said]:
    """What is said of a space of `_COPIED_SPACES` in a rule, and its fix."""
    name, zh, seen = _COPIED_SPACES[ch]
    code = f"U+{ord(ch):04X}"
    message = Said(f"unexpected {name} ({code})", f"此处不应出现{zh}（{code}）") if seen else \
        Said(f"unexpected {name} ({code}), which cannot be seen", f"此处不应出现看不见的{zh}（{code}）")
    fix = Said("type an ordinary space", "请改为普通空格") if seen else Said("delete it", "请删去它")
    return message, Said(f"{fix.en} (text copied from a web page or a word processor brings it)",
                         f"{fix.zh}（从网页或文字处理软件复制文字时会带进来）")


# `yuan 510/month`: a unit a number carries, written before it as a sum is said aloud
_UNIT_THEN_NUMBER = re.compile(r"(yuan|months|month|years|year)\s+(\d+(?:\.\d+)?)(/month|/year)?(?![A-Za-z0-9_])")
_NO_FULL_STOP = Said("remove the full stop: a rule does not end with one", "请删除句号：规则末尾不加句号")
_NO_LEADING_ZERO = re.compile(r"\.(\d+)")  # `.5`: a number written without the zero before its point
_SYMBOLS = (("&&", "`and`"), ("||", "`or`"), ("&", "`and`"), ("|", "`or`"), ("!", "`not`"),
            ("=<", "`<=`"), ("=>", "`>=`"))
_STRAY_PERCENT = (Said("stray `%`", "多余的 `%`"),
                  Said("a percentage is written right after a number, as `20%`",
                       "百分数的 `%` 紧跟在数字后面，如 `20%`"))
# What a range's brackets mean, said after a range written as the fix.
_BOUNDS = Said("(`]` includes the bound, `)` leaves it out)", "（`]` 包含端点，`)` 不包含端点）")
# Keywords of the rule language, for words typed in capitals (`AND`) or in another language's way.
KEYWORDS = ("and", "or", "not", "in", "if", "then", "else", "where", "true", "false", "members")
_OPERATOR_WORDS = {"times": "*", "multiplied": "*", "plus": "+", "minus": "-", "divided": "/",
                   "is": "==", "equals": "=="}
_VALUE_STARTS = {"NAME", "NUMBER", "STRING", "DATE", "LPAR", "LBRACE", "LSQB", "MINUS", "TRUE", "FALSE"}
_OPERATORS = {"ADD", "MUL", "COMPARE", "AND", "OR"}
_PERCENT_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*$")  # `5.36%`, or `5.36 %`: the language takes a space before `%`
_NEXT_WORD = re.compile(r"\s*(\"[^\"]*\"|'[^']*'|[\w.]+|\([^()]*\))")
_RANGE_DOTS = re.compile(r"(-?[\w.]+?)\s*\.\.\s*(-?[\w.]+)")
_DECIMAL_COMMA = re.compile(r"(\d+)[,，]\d{1,2}(?![\d.,，])")  # `510,50`, as some offices write a decimal point

Hint = tuple[Said, Said | None, int, int]  # message, help, start and end offsets in the text

# Durations written in a unit the rules do not count time in: the grammar's are months and years.
_NOT_DURATIONS = frozenset({"day", "days", "week", "weeks", "hour", "hours", "quarter", "quarters", "season",
                            "seasons"})
# Short forms of the units there are.
_SHORT_UNITS = {"mon": "month", "mo": "month", "yr": "year", "yrs": "year"}


def not_a_duration(word: str, number: str | None = None) -> Said | None:
    """For `days`, `hours`, `quarters` written as if a unit (`30 days`, `30 * days`): durations are months or
    years; for `mon` or `yr`, the unit written in full (after `number`, where it is known). None for any other
    word."""
    unit = _SHORT_UNITS.get(word.lower())
    if unit is not None and number is not None:
        written = f"`{number} {unit}{'' if number == '1' else 's'}`"
        return Said(f"`{word}` is not a unit: write {written}", f"`{word}` 不是可用的单位：请写 {written}")
    if unit is None and word.lower() not in _NOT_DURATIONS:
        return None
    return Said(f"`{word}` is not a unit: durations are written in months or years, e.g. `1 {unit or 'month'}`",
                f"`{word}` 不是可用的单位：时长只能以月或年表示，例如 `1 {unit or 'month'}`")


def _unexpected(shown: str) -> Said:
    """`unexpected `x``: a token, a character or a word that has no place where it stands."""
    return Said(f"unexpected `{shown}`", f"此处不应出现 `{shown}`")


def bang_deleted(fixed: str) -> Said:
    """The help for a `!` where no yes/no goes (`!510 yuan/month`): it is no `not` there; `fixed` is backticked."""
    return Said(f"`!` has no meaning in a rule here: delete it, {fixed}",
                f"`!` 在规则的这个位置没有意义：请删去它，写成 {fixed}")


def _write(code: str) -> Said:
    """`write `x``: what to write instead; `code` is backticked already."""
    return Said(f"write {code}", f"请写 {code}")


def outside_quotes(text: str) -> Iterator[tuple[int, str]]:
    """Each character of `text` that is not inside a quoted text, with its offset (quotes are skipped)."""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        else:
            yield i, ch


def _unclosed(text: str) -> tuple[int, str] | None:
    stack: list[tuple[int, str]] = []
    for i, ch in outside_quotes(text):
        if ch in "([{":
            stack.append((i, ch))
        elif ch in ")]}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _unmatched(text: str, position: int) -> bool:
    """Whether the closing bracket at `position` has no opening bracket before it."""
    depth = sum((ch in "([{") - (ch in ")]}") for _, ch in outside_quotes(text[:position]))
    return depth <= 0


def _thousands(text: str, comma: int) -> Hint | None:
    """A number written with a thousands separator (`22,300`), or with a decimal comma (`510,50`), when the comma at
    `comma` is one."""
    start = comma
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",，"):
        start -= 1
    found = THOUSANDS.match(text, start)
    if found is not None and found.start() < comma < found.end() and not text[found.end():found.end() + 1].isdigit():
        return _in_number(text, comma, found.group()), without_separator(found.group()), found.start(), found.end()
    decimal = _DECIMAL_COMMA.match(text, start)
    if decimal is None or decimal.end(1) != comma:
        return None
    point = decimal.group().replace(text[comma], ".")
    return (_in_number(text, comma, decimal.group()),
            Said(f"write a decimal point, not a comma: `{point}`", f"小数点请写 `.`，不写逗号：`{point}`"),
            decimal.start(), decimal.end())


def _in_number(text: str, comma: int, number: str) -> Said:
    return Said(f"unexpected `{text[comma]}` in the number `{number}`", f"数字 `{number}` 中不应出现 `{text[comma]}`")


def _comma_for_and(text: str, comma: int) -> Hint | None:
    """`per_capita_income < marginal_line, assets.vehicles == 0` (`，`, `、`): conditions listed as a document lists
    them, where a rule is one test joined by `and` (or `or`). Only a comma outside any bracket, with a rule on
    each side."""
    if _unclosed(text[:comma]) is not None or not text[:comma].strip() or not text[comma + 1:].strip():
        return None
    parts, depth, last = [], 0, 0
    for i, ch in outside_quotes(text):
        depth += (ch in "([{") - (ch in ")]}")
        if depth == 0 and ch in ",，、":  # a separator of conditions, not of a function's arguments
            parts.append(text[last:i].strip())
            last = i + 1
    joined = "`" + " and ".join([*parts, text[last:].strip()]) + "`"
    example = joined if len(joined) <= 90 else "`… and …`"
    return (_unexpected(text[comma]),
            Said(f"a rule is one test: join conditions with `and` where all must hold (or `or` where one is "
                 f"enough): {example}; or give each its own clause",
                 f"一条规则只是一个判断：几个条件都要满足时用 `and` 连接（满足其一即可时用 `or`）：{example}；"
                 "或者把每个条件写成单独的条款"), comma, comma + 1)


_CURRENCY = re.compile(r"[¥￥]\s*(\d+(?:\.\d+)?)\s*元?\s*(?:/\s*(month|year|月|年))?")


def _currency_sign(text: str, pos: int) -> Hint | None:
    """`¥510/month`, `￥510`: an amount with the sign of the yuan before it, where the unit follows the number."""
    found = _CURRENCY.match(text, pos)
    if found is None:
        return None
    period = {"月": "month", "年": "year"}.get(found.group(2) or "", found.group(2))
    unit = f"yuan/{period}" if period else "yuan"
    return (_unexpected(text[pos]), Said(f"write the unit after the number: `{found.group(1)} {unit}`",
                                         f"单位写在数字后面：`{found.group(1)} {unit}`"), pos, found.end())


_RANGE_DASH = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(?:-|~|～|到|至|—|–)\s*(\d+(?:\.\d+)?)\s*")


def _dashed_range(text: str, at: int) -> Hint | None:
    """`in [1-4]`, `in 1-4`, `in [1到4]`: a range written with a dash (or `~`, `到`) between its ends, where the
    position `at` is within it."""
    ins = list(re.finditer(r"\bin\s*([\[(]?)", text[:at + 1]))
    if not ins:
        return None
    opening = ins[-1].group(1)
    dash = _RANGE_DASH.match(text, ins[-1].end())
    if dash is None or not ins[-1].end() <= at <= dash.end():
        return None
    closing = text[dash.end():dash.end() + 1] if opening and text[dash.end():dash.end() + 1] in "])" else ""
    start, end = (ins[-1].start(1) if opening else dash.start()), dash.end() + len(closing)
    written = f"`{opening or '['}{dash.group(1)}, {dash.group(2)}{closing or ']'}`"
    return (_unexpected(text[start:end].strip()),
            Said(f"write a range with a comma between its ends: {written} {_BOUNDS.en}",
                 f"范围的两端之间请用逗号：{written}{_BOUNDS.zh}"), start, end)


def _range_listing_values(text: str, comma: int, opened: tuple[int, str] | None) -> Hint | None:
    """`disability_grade in [1, 2, 3, 4]`: the values listed in a range's brackets, which hold its two ends; a set
    lists values."""
    if opened is None or opened[1] not in "[(" or not re.search(r"\bin\s*$", text[:opened[0]]):
        return None
    depth, commas, close = 0, 0, None
    for i, ch in outside_quotes(text[opened[0]:]):
        depth += (ch in "([{") - (ch in ")]}")
        commas += depth == 1 and ch == ","
        if depth == 0:
            close = opened[0] + i
            break
    if commas < 2:
        return None
    inside = text[opened[0] + 1:close].strip() if close is not None else text[opened[0] + 1:].strip()
    return (_unexpected(text[comma]),
            Said(f"a range has two ends, `[a, b]`; to list values, write a set: `{{{inside}}}`",
                 f"范围只有两端 `[a, b]`；要列出几个值，请写集合：`{{{inside}}}`"), comma, comma + 1)


def _operator(text: str, pos: int) -> Hint | None:
    """`＜＝`, `‹＝`, `<＝`, `≦`: a comparison typed, in part or whole, with an input method's characters,
    as the one operator it was meant to be."""
    first, last = pos, pos + 1
    while first > 0 and text[first - 1] in "<>=!":
        first -= 1
    while last < len(text) and (text[last] in _OPERATOR_LOOKALIKES or text[last] in "<>=!"):
        last += 1
    for start, end in ((first, last), (pos, pos + 1)):  # the run, else the one character
        typed = text[start:end]
        meant = _OPERATORS_MEANT.get("".join(_OPERATOR_LOOKALIKES.get(ch, ch) for ch in typed))
        if meant is not None and any(ch in _OPERATOR_LOOKALIKES for ch in typed):
            return _unexpected(typed), _write(f"`{meant}`"), start, end
    return None


def _character(text: str, pos: int, labels: chinese.Labels, style: str | None = None) -> Hint:
    """What the character at `pos`, which starts no word of the rule language, was probably meant to be; `style`,
    how YAML holds the rule (see `explain`)."""
    ch = text[pos]
    operator = _operator(text, pos)
    if operator is not None:
        return operator
    if ch == "%":
        return *_STRAY_PERCENT, pos, pos + 1
    if ch in "，、":
        listed = _wide_comma_between_values(text, pos)
        if listed is not None:
            return listed
    if ch in ",，":
        separator = _thousands(text, pos)
        if separator is not None:
            return separator
    if ch in "，、":
        listed = _comma_for_and(text, pos)
        if listed is not None:
            return listed
    if ch in "¥￥":
        sign = _currency_sign(text, pos)
        if sign is not None:
            return sign
    if ch in "=!":
        at = pos if ch == "!" else len(text[:pos].rstrip()) - 1  # the `>` of `> =`, the `!` of `! =`
        spaced = _SPACED_OPERATOR.match(text, at) if at >= 0 else None
        if spaced is not None and (at == 0 or text[at - 1] not in "<>!="):  # (not the second `=` of `== =`)
            meant = spaced.group(1) + "="
            return (_unexpected(spaced.group()), Said(f"write `{meant}`, with no space inside",
                                                      f"请写 `{meant}`，中间不加空格"), at, spaced.end())
    if ch == "!" and not text.startswith("!=", pos) and _TAKES_A_VALUE.search(text[:pos]):
        fixed = f"`{(text[:pos] + text[pos + 1:]).strip()}`"  # `x < !monitoring_line`: a number goes there
        return _unexpected("!"), bang_deleted(fixed), pos, pos + 1
    for symbol, word in _SYMBOLS:
        if text.startswith(symbol, pos):
            return _unexpected(symbol), _write(word), pos, pos + len(symbol)
    if ch == "=":
        return _unexpected("="), Said("write `==` to compare two values", "比较两个值请写 `==`"), pos, pos + 1
    if ch in "。." and not text[pos + 1:].strip():
        return _unexpected(ch), _NO_FULL_STOP, pos, pos + 1
    if ch == "\u3000":
        return (Said("unexpected full-width space", "此处不应出现全角空格"),
                Said("type an ordinary space (a Chinese input method typed this one)",
                     "请改为普通空格（这个全角空格是中文输入法打出的）"), pos, pos + 1)
    if ch in _COPIED_SPACES:
        return (*_copied_space(ch), pos, pos + 1)
    note = _note(text, pos, style) or _comment_mark(text, pos, style) or _written_date(text, pos)
    if note is not None:
        return note
    if ch in _DASHES:
        end = pos
        while end < len(text) and text[end] in _DASHES:
            end += 1
        return (_unexpected(text[pos:end]), Said("write `-` for minus (the dash of a Chinese input method is not one)",
                                                 "减号请写 `-`（中文输入法打出的破折号不是减号）"), pos, end)
    if ch in WIDE:  # `［1, 4］`: the fragment up to the last character an input method typed, in one hint
        line = text[pos:].split("\n", 1)[0]
        end = pos + max(at for at, char in enumerate(line) if char in WIDE) + 1
        halved = "".join(WIDE.get(c, c) for c in text)  # one for one: a bracket that would close nothing is no fix
        stray = next((at for at in range(pos, end) if halved[at] in ")]}" and _unmatched(halved, at)), None)
        if stray == pos:
            return _closes_nothing(ch, {")": "`(`", "]": "`[`", "}": "`{`"}[halved[pos]], pos, pos + 1)
        end = len(text[:stray].rstrip()) if stray is not None else end
        operand = _NEXT_WORD.match(text, end) if stray is None and end > pos + 1 and WIDE[text[end - 1]] not in ")]}" \
            else None
        end = operand.end() if operand is not None else end  # `× 2`: the operator with what it takes
        return _unexpected(ch), _write(f"`{half_width(text[pos:end])}`"), pos, pos + 1
    if ch in _NO_PLACE:
        return _unexpected(ch), _NO_PLACE[ch], pos, pos + 1
    if ch in "“”‘’":
        return _unexpected(ch), _straight_quotes(text, pos), pos, pos + 1
    if ch in "\"'":
        return (Said(f"the quote `{ch}` is never closed", f"引号 `{ch}` 没有配对的结束引号"),
                Said(f"end the text with a matching `{ch}`", f"请在文本末尾补上对应的 `{ch}`"), pos, pos + 1)
    dashed = _dashed_range(text, pos) if ch in "到至~～—–" else None
    if dashed is not None:
        return dashed
    found = chinese.hint(text, pos, labels)
    if found is not None:
        message, help, end = found
        return message, help, pos, end
    return Said(f"unexpected character `{ch}`", f"此处不应出现字符 `{ch}`"), _ANY_CHARACTER, pos, pos + 1


# What a rule is written with, for a character of none of them (`#`, `@`, an emoji).
_ANY_CHARACTER = Said("a rule is written with names, numbers, operators (`+ - * / < <= == != and or not …`), brackets "
                      "and quoted texts: remove it (a note goes in a `# comment` after the rule)",
                      "规则由名称、数字、运算符（`+ - * / < <= == != and or not …`）、括号和带引号的文本组成：请删除它"
                      "（说明可写在规则后面的 `# 注释` 中）")


_DASHES = "—–―"  # what a Chinese input method types for `-` (`——` with shift)


def _comment_mark(text: str, pos: int, style: str | None = None) -> Hint | None:
    """`510 yuan/month#县里公布的标准`, `510 yuan/month ＃…`: a note after the rule, where YAML starts a comment
    only at a `#` with a space before it, and never inside the rule's quotes or `|`/`>` block (`style`)."""
    held = _HOLDING_HASH.get(style or "")
    if text[pos] not in "#＃" or (text[pos] == "#" and text[pos - 1:pos].isspace() and held is None):
        return None
    fixed = _commented(text[:pos].rstrip(), f"#{text[pos + 1:].rstrip()}", style)
    if held is not None:
        mark = text[pos]
        return (_unexpected(mark),
                Said(f"inside {held.en} `{mark}` is part of the rule, not a comment: write {fixed.en}",
                     f"{held.zh}的 `{mark}` 是规则的一部分，不是注释：请写 {fixed.zh}"), pos, pos + 1)
    if text[pos] == "＃":
        return (_unexpected("＃"), Said(f"a comment starts with `#`, with a space before it: write {fixed.en}",
                                       f"注释以 `#` 开始，`#` 前面要有空格：请写 {fixed.zh}"), pos, pos + 1)
    return (_unexpected("#"), Said(f"a comment starts at a `#` with a space before it: write {fixed.en}",
                                   f"注释从前面有空格的 `#` 开始：请写 {fixed.zh}"), pos, pos + 1)


# How YAML can hold a rule such that a `#` in it is text, never a comment, by the scalar's style.
_HOLDING_HASH = {"'": Said("quotes", "引号里"), '"': Said("quotes", "引号里"),
                 "|": Said("a `|` block", "`|` 块里"), ">": Said("a `>` block", "`>` 块里")}


def _commented(rule: str, comment: str, style: str | None, gap: str = " ") -> Said:
    """`rule` with `comment` (from its `#`) after it, as the file is to hold them: the comment outside the rule's
    quotes, or on a line of its own after a `|` or `>` block."""
    if style in ("|", ">"):
        return Said(f"`{rule}`, with `{comment}` on a line of its own after the block",
                    f"`{rule}`，并把 `{comment}` 单独写在这段规则后面的一行")
    if style == "'":
        rule = "'" + rule.replace("'", "''") + "'"
    elif style == '"':
        rule = '"' + rule.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return Said(f"`{rule}{gap}{comment}`", f"`{rule}{gap}{comment}`")


# A date as a document writes it: `2026年1月1日`, `2026.1.1` (`2026/1/1` and `2026-1-1` read as arithmetic, which
# the checker tells).
_DATE_WRITTEN = re.compile(r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"
                           r"|[.．]\s*(\d{1,2})\s*[.．]\s*(\d{1,2})(?![\d.]))")

_MONTH_WRITTEN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")


def date_written(year: int, month: int, day: int) -> Said:
    """How the date `year`-`month`-`day`, written some other way, is written in a rule: `2026-01-01`, or why it is no
    date (`2026-02 has 28 days`)."""
    from engine.syntax.parser import date_help

    try:
        written = datetime.date(year, month, day).isoformat()
    except ValueError:
        shown = f"{year:04d}-{month:02d}-{day:02d}"
        return Said(date_help(shown), date_help(shown, "zh"))
    return Said(f"write the date as `{written}` (year-month-day, with two digits for the month and the day)",
                f"请把日期写成 `{written}`（年-月-日，月和日各写两位）")


def _written_date(text: str, pos: int) -> Hint | None:
    """A date written as a document writes it, around `pos`."""
    for found in _DATE_WRITTEN.finditer(text):
        if found.start() <= pos < found.end():
            year, month, day = (int(g) for g in found.groups() if g is not None)
            return _unexpected(found.group().strip()), date_written(year, month, day), found.start(), found.end()
    for found in _MONTH_WRITTEN.finditer(text):  # `1966年1月`: a month, where a rule compares days
        if found.start() <= pos < found.end():
            year, month = int(found.group(1)), int(found.group(2))
            first = date_written(year, month, 1)
            if not 1 <= month <= 12:
                return _unexpected(found.group().strip()), first, found.start(), found.end()
            written = f"{year:04d}-{month:02d}-01"
            return _unexpected(found.group().strip()), Said(
                f"a date needs a day: for the first day of the month write `{written}` (year-month-day)",
                f"日期要写到日：如果是这个月的第一天，请写 `{written}`（年-月-日）"), found.start(), found.end()
    return None


def half_width(fragment: str) -> str:
    """`［1，4）` as the rule language writes it, `[1, 4)`: each character an input method typed, half-width."""
    return "".join(WIDE.get(ch, ch) for ch in re.sub(r"\s*[，、]\s*", ", ", fragment))


def _wide_comma_between_values(text: str, pos: int) -> Hint | None:
    """`[1，4]`, `{"C"、"D"}`, `max(a，b)`: values in brackets parted by an input method's comma; the fix is the rule
    as written, the brackets' marks typed by an input method half-width (the bracket that closes them too, if it is
    one), and nothing past them."""
    opened = _unclosed(text[:pos])
    if opened is None:
        return None
    depth, close = 0, len(text)
    for i, ch in outside_quotes(text[opened[0]:]):
        depth += (WIDE.get(ch, ch) in "([{") - (WIDE.get(ch, ch) in ")]}")
        if depth == 0:
            close = opened[0] + i + 1
            break
    fixed = re.sub(r"\s*\n\s*", " ", f"{text[:opened[0]]}{half_width(text[opened[0]:close])}{text[close:]}").strip()
    return (_unexpected(text[pos]), Said(f"write `,` between the values: `{fixed}`", f"值与值之间请写 `,`：`{fixed}`"),
            pos, pos + 1)


@functools.cache
def _note_pattern() -> re.Pattern[str]:
    """A note in brackets, in Chinese, at the end of a rule: `50%（暂定）`, `490 yuan/month (待县里确认)`; compiled
    when a rule does not parse (`engine.diagnostics.cjk` says why)."""
    return re.compile(r"[（(]\s*([^()（）\"']*[\u3400-\u9fff][^()（）\"']*?)\s*[)）]\s*$")


# A function's or an aggregation's name just before the bracket: a call, not a note.
_CALLED = re.compile(r"(?<![\w.])(?:min|max|round|ceil|floor|abs|age|count|sum|any|all)\s*$")


def _note(text: str, pos: int, style: str | None = None) -> Hint | None:
    """A note written in brackets after a whole rule, the bracket that opens it at or before `pos`: no part of the
    rule, it belongs in a comment (outside the rule's quotes or block, `style`)."""
    from engine.syntax.parser import parses

    opened = max(text.rfind("(", 0, pos + 1), text.rfind("（", 0, pos + 1))
    found = _note_pattern().match(text, opened) if opened > 0 else None
    if found is None or _CALLED.search(text[:opened]) or not parses(text[:opened]):
        return None  # (`max(低保标准x, 2)`: the bracket of a call, whose arguments are the finding)
    fixed = _commented(text[:opened].strip(), f"# {found.group(1)}", style, "  ")
    return (Said(f"`{found.group().strip()}` after the rule is not part of it",
                 f"规则后面的 `{found.group().strip()}` 不是规则的一部分"),
            Said(f"move the note to a comment: {fixed.en} (a parameter's value still to be confirmed is marked with "
                 "`confirm:`)", f"请把这段说明移到注释中：{fixed.zh}（参数的值有待确认的，用 `confirm:` 标明）"),
            opened, len(text.rstrip()))


def _straight_quotes(text: str, pos: int) -> Said:
    """The help for a curly quote: the text it opens written between straight quotes, when it is closed."""
    closing = {"“": "”", "‘": "’"}.get(text[pos])
    end = text.find(closing, pos + 1) if closing else -1
    if end > pos + 1 and not any(q in text[pos + 1:end] for q in "\"“”‘’"):
        return Said(f'use straight quotes: "{text[pos + 1:end]}" (switch the input method to English)',
                    f'请改用英文直引号："{text[pos + 1:end]}"（把输入法切换到英文再输入）')
    return Said('use straight quotes: `"` (switch the input method to English)',
                '请改用英文直引号 `"`（把输入法切换到英文再输入）')


_CLOSING = {"(": Said("`)`", "`)`"), "[": Said("`]` or `)`", "`]` 或 `)`"), "{": Said("`}`", "`}`")}


def _fallback(terminals: set[str], inside: str | None) -> Said:
    """What could come at a place, in words rather than in the grammar's terminal names."""
    if terminals <= {"LPAR", "LSQB", "LBRACE"}:
        return Said('after `in` write a range `[a, b]` or a set `{"C", "D"}`',
                    '`in` 后面请写范围 `[a, b]` 或集合 `{"C", "D"}`')
    if terminals & _OPERATORS:
        closing = _CLOSING.get(inside or "")
        tail = Said(f", `,` or {closing.en}", f"、`,` 或 {closing.zh}") if closing else \
            Said(", or the end of the rule", "，或者规则到此结束")
        return Said(f"expected an operator such as `+ - * /`, `and`, `or`{tail.en}",
                    f"此处应为运算符（如 `+ - * /`、`and`、`or`）{tail.zh}")
    if terminals & _VALUE_STARTS:
        return Said("expected a value here: a number, a name, a quoted text or `(`",
                    "此处应为一个值：数字、名称、带引号的文本或 `(`")
    shown = sorted({(_FRIENDLY.get(t, f"`{t.lower()}`"), _FRIENDLY_ZH.get(t, _FRIENDLY.get(t, f"`{t.lower()}`")))
                    for t in terminals})
    listed = "、".join(zh for _, zh in shown)
    return Said("expected " + ", ".join(en for en, _ in shown),
                f"此处应为{listed}" if len(shown) == 1 else f"此处应为以下之一：{listed}")


_UNIT_WORD = re.compile(r"[A-Za-z]+(?:/[A-Za-z]+)?")
_UNITS = {"yuan/month", "yuan/year", "yuan", "months", "month", "years", "year"}  # the grammar's UNIT
_UNIT_SPELLINGS = {**{unit: unit for unit in _UNITS}, "percent": "%"}  # what a slip of a unit may mean
# A number with its unit in English words (`510 yuan per month`, `7600 annually`, `20 percent`, `510 RMB`): the
# number and what follows it, from the number on.
_NUMBER_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:(?:yuan|rmb|cny)\s*)?$", re.IGNORECASE)
_UNIT_IN_WORDS = re.compile(
    r"(?P<number>\d+(?:\.\d+)?)\s*(?:(?P<percent>percent|per\s*cent|pct)\b"
    r"|(?:yuan|rmb|cny)?\s*(?:(?:/|per|a|an|each|every)\s*(?P<period>month|year|annum)s?\b"
    r"|(?P<adverb>monthly|annually|yearly)\b)"
    r"|(?P<currency>rmb|cny)\b)", re.IGNORECASE)


def _word_hint(text: str, token: Token, previous: Token | None, declared: Collection[str] | None = None) -> Hint | None:
    """A word of English or of another language where the rule language has an operator or a keyword, or a unit;
    `declared`, the names of the policy where known, tell a word written as a unit from a name."""
    start, end = token.start_pos or 0, token.end_pos or 0
    word = str(token)
    for culprit in (previous, token):
        if culprit is not None and culprit.type == "NAME" and str(culprit).lower() in KEYWORDS \
                and str(culprit) != str(culprit).lower():
            lower = str(culprit).lower()
            return (_unexpected(str(culprit)), Said(f"keywords are written in lower case: write `{lower}`",
                                                    f"关键字要用小写：请写 `{lower}`"),
                    culprit.start_pos or 0, culprit.end_pos or 0)
    unit = _UNIT_WORD.match(text, start)
    if previous is not None and previous.type == "NUMBER" and unit is not None \
            and unit.group(0).lower() in _UNITS and unit.group(0) != unit.group(0).lower():  # `560 Yuan/Month`
        written = f"{previous} {unit.group(0).lower()}"
        return (_unexpected(word), Said(f"units are written in lower case: `{written}`", f"单位要用小写：`{written}`"),
                start, start + len(unit.group(0)))
    if previous is not None and previous.type in ("NUMBER", "UNIT"):
        in_words = _unit_in_words(text, start)
        if in_words is not None:
            help, phrase_end = in_words
            return _unexpected(word), help, start, phrase_end
    after = _NEXT_WORD.match(text, end)
    following = after.group(1) if after else "…"
    if word == "between":
        bounds = re.match(r"\s*(.+?)\s+and\s+([\w.]+(?:\s*\*\s*[\w.]+)?)", text[end:])
        low, high = bounds.groups() if bounds else ("a", "b")
        value = str(previous) if previous is not None and previous.type == "NAME" else "x"
        return (_unexpected(word), Said(f"write a range with `in`: `{value} in [{low}, {high}]` {_BOUNDS.en}",
                                        f"范围请用 `in` 表示：`{value} in [{low}, {high}]`{_BOUNDS.zh}"), start, end)
    if word == "contains":
        opened = text.rfind("{", 0, start)
        shown = text[opened:start].strip() if opened >= 0 else "{…}"
        return (_unexpected(word), Said(f"write the value first: `{following} in {shown}`",
                                        f"请把值写在前面：`{following} in {shown}`"), start, end)
    percent = _percent_before(text[:start]) if previous is not None and previous.type == "PERCENT" else None
    if percent is not None and unit is not None and unit.group(0) in ("yuan", "yuan/month", "yuan/year"):
        return _unexpected(unit.group(0)), _percent_with_unit(percent, unit.group(0)), start, unit.end()
    if word == "of" or (previous is not None and previous.type == "PERCENT" and token.type in ("NAME", "LPAR")):
        percent = _percent_before(text[:start])
        if percent is not None:
            after = _NEXT_WORD.match(text, end if word == "of" else start)
            following = after.group(1) if after else "…"
            written = f"`{percent} * {following}`"
            return (_unexpected(word), Said(f"write `*` to take a percentage: {written}",
                                            f"取百分比请用 `*`：{written}"), start, end)
    if (word in _OPERATOR_WORDS or (word in ("x", "X") and after is not None)) and token.type == "NAME":
        symbol, before = _OPERATOR_WORDS.get(word, "*"), str(previous) if previous is not None else "a"
        if word == "is" and following == "not":  # `a is not "C"`
            after = _NEXT_WORD.match(text, after.end()) if after else None
            symbol, following = "!=", after.group(1) if after else "…"
        return (_unexpected(word), Said(f"write `{symbol}`: `{before} {symbol} {following}`",
                                        f"请写 `{symbol}`：`{before} {symbol} {following}`"), start, end)
    if previous is not None and previous.type == "NUMBER" and token.type == "NAME" \
            and (duration := not_a_duration(word, str(previous))) is not None:  # `30 days`: not `30 * days`
        return _unexpected(word), duration, start, end
    bracket = _unclosed(text[:start])
    if previous is not None and previous.type == "NUMBER" and token.type == "NAME" and (
            bracket is None or bracket[1] == "("):  # `1.5 dibao_standard` (in a list, `[1 x]` misses a comma)
        unit = _unit_not_named(text, start, end, declared)
        if unit is not None:  # `510 dollars`, `510 yaun/month`: no name of the policy, so no multiple
            what, how = no_unit(str(previous), unit.group(), _UNIT_SPELLINGS, lambda figure: f"`{figure}`")
            return what, how, start, unit.end()
        fix = f"`{previous} * {word}`"
        return (_unexpected(word),
                Said(f"a multiple is written with `*`: write {fix}", f"倍数要用 `*` 表示：请写 {fix}"), start, end)
    return None


def _percent_before(text: str) -> str | None:
    """The percentage `text` ends with, as written without a space before its `%` (`5.36%` for `5.36 %`)."""
    percent = _PERCENT_BEFORE.search(text)
    return f"{percent.group(1)}%" if percent is not None else None


def _percent_with_unit(percent: str, unit: str) -> Said:
    """`5.36% yuan/month`: a percentage takes no unit; money is its amount (a number only the document gives, as
    the share of one yuan it would read is never meant), a share of money the percentage times it."""
    money = f"`… {unit}`"
    return Said(f"a percentage has no unit: for money write the amount in yuan the document gives, {money}; for a "
                f"share of money, the percentage times that money, `{percent} * …`",
                f"百分比不带单位：金额请按政策原文写出元数，{money}；"
                f"金额的一定比例请写成百分比乘以该金额，`{percent} * …`")


def _unit_not_named(text: str, start: int, end: int, declared: Collection[str] | None) -> re.Match[str] | None:
    """The word at `start` (to `end`, or on past a `/`: `yaun/month`) where it is written as a unit: letters, which
    name nothing the policy declares (`declared`; None where not known: then it may be a name) nor call a function
    or read a field of an input (`round(`, `assets.`)."""
    if declared is None or text[start:end] in declared:
        return None
    unit = _UNIT_WORD.match(text, start)
    if unit is None or unit.end() < end or text[unit.end():].lstrip()[:1] in (".", "("):
        return None
    return unit


def _unit_in_words(text: str, start: int) -> tuple[Said, int] | None:
    """How to write a number whose unit, after it, is in English words (`510 yuan per month`: `510 yuan/month`;
    `20 percent`: `20%`), the word at `start` being the first the rule language does not take; and where the
    words end."""
    number = _NUMBER_BEFORE.search(text[:start])
    found = _UNIT_IN_WORDS.match(text, number.start()) if number is not None else None
    if found is None or found.end() <= start:
        return None
    n = found.group("number")
    if found.group("percent"):
        return Said(f"write a percentage with `%`: `{n}%`", f"百分数请写成 `{n}%`"), found.end()
    if found.group("currency"):
        return (Said(f"amounts are in yuan: write `{n} yuan` (`{n} yuan/month` for an amount per month)",
                     f"金额的单位请写 `yuan`：`{n} yuan`（按月的金额写 `{n} yuan/month`）"), found.end())
    yearly = (found.group("period") or "").lower() in ("year", "annum") or \
        (found.group("adverb") or "").lower() in ("annually", "yearly")
    rate = f"{n} yuan/{'year' if yearly else 'month'}"
    return (Said(f"write an amount per {'year' if yearly else 'month'} as `{rate}`",
                 f"按{'年' if yearly else '月'}的金额请写成 `{rate}`"), found.end())


# The keywords a slip of the keys may miss: `true`, `false` and `members` stand where a name may, and are told as one.
_SPELT_KEYWORDS = ("and", "or", "not", "in", "if", "then", "else", "where")


def _misspelt_keyword(text: str, token: Token, previous: Token | None, declared: Collection[str] | None) -> Hint | None:
    """`adn` for `and`, `wehre` for `where`, `nto a` for `not a`: the word where the rule stopped, or the one before
    it, one slip from a keyword that, put in its place, makes the rule read (so `on`, a slip of both `or` and `in`,
    is told neither where neither reads)."""
    from engine.syntax.parser import parses

    for word in (token, previous):
        if word is None or word.type != "NAME" or (declared is not None and str(word) in declared):
            continue
        start, end = word.start_pos or 0, word.end_pos or 0
        meant = [keyword for keyword in _SPELT_KEYWORDS
                 if a_keyword_slip(str(word), keyword) and parses(f"{text[:start]}{keyword}{text[end:]}")]
        if meant:
            return _did_you_mean(str(word), start, end, meant)
    return None


def _did_you_mean(word: str, start: int, end: int, meant: list[str]) -> Hint | None:
    """`word`, from `start` to `end`, unexpected where it stands, and what may have been meant in its place; None
    where nothing was."""
    if not meant:
        return None
    said = one_of(meant)
    return _unexpected(word), Said(f"did you mean {said.en}?", f"是否应为 {said.zh}？"), start, end


def _keyword_run_in(text: str, token: Token, declared: Collection[str] | None) -> Hint | None:
    """`ornot`, `andy`, `wherex`: a word that starts with a keyword, where a name cannot stand; a name all the same
    (the keyword is a whole word), unexpected there as any word. Did you mean the keyword and the rest apart (`or
    not`), where that makes the rule read and the rest is a keyword or, where known, a declared name; None where
    it is not."""
    from engine.syntax.parser import parses

    word = str(token)
    if token.type != "NAME" or (declared is not None and word in declared):
        return None
    start, end = token.start_pos or 0, token.end_pos or 0
    return _did_you_mean(word, start, end, [
        f"{keyword} {rest}" for keyword in _SPELT_KEYWORDS
        if word.startswith(keyword) and _WORD.fullmatch(rest := word[len(keyword):])
        and (declared is None or rest in declared or rest in KEYWORDS)
        and parses(f"{text[:start]}{keyword} {rest}{text[end:]}")])


def _keyword_run_on(text: str, token: Token, previous: Token | None, declared: Collection[str] | None) -> Hint | None:
    """`dibao_standardor x`, `assets.vehiclesand y`, `assets . vehiclesand y`: a declared name, dotted or not, run
    into the keyword after it, read as one name (ending in `previous`) that the token where the rule stopped (`token`)
    cannot follow; or the last part of a declared field (`depositsor 1.5`, for `assets.deposits`). Did you mean the
    name as declared and the keyword apart, and that token where it is a word or a number (`dibao_standard or x`;
    `in`, not `in [`), where the rule then reads; where no split reads, the name and the keyword alone, the first
    slip of a rule wrong past it too (`x < dibao_standardin [1 yuan, 2 yuan]`: comparisons do not chain, told once
    the two are apart); None where the names are not known (the word may be one)."""
    from engine.syntax.parser import parses

    if declared is None or previous is None or previous.type != "NAME":
        return None
    end = previous.end_pos or 0
    dotted = _DOTTED_BEFORE.search(text, 0, previous.start_pos or 0)
    start = dotted.start() if dotted else previous.start_pos or 0
    word = _SPACED_DOT.sub(".", text[start:end])  # `assets . vehicles`, the name the policy declares `assets.vehicles`
    if word in declared:
        return None
    split = [(name, keyword) for keyword in _SPELT_KEYWORDS if word.endswith(keyword)
             for name in declared_as(word[:-len(keyword)], declared)]
    after = f" {token}" if _WORD.fullmatch(str(token)) or token.type == "NUMBER" else ""
    return _did_you_mean(text[start:end], start, end, [
        f"{name} {keyword}{after}" for name, keyword in split if parses(f"{text[:start]}{name} {keyword}{text[end:]}")
    ] or [f"{name} {keyword}" for name, keyword in split])


def _unit_run_on(text: str, token: Token, previous: Token | None) -> Hint | None:
    """`490 yuan/monthor y`, `2 monthsand y`: a unit run into the keyword after it, read as `490 yuan` then
    `/ monthor`, a name the token where the rule stopped (`token`) cannot follow, or as `2` then a name `monthsand`
    where the rule stopped. Did you mean the amount and the keyword apart (`490 yuan/month or y`), as a name run into
    a keyword is told, where the rule then reads."""
    from engine.syntax.parser import parses

    run = _unit_run(text, token, previous)
    if run is None or not parses(f"{text[:run.end(2)]} {text[run.end(2):]}"):
        return None
    end = run.end()
    following = _NEXT_WORD.match(text, end)
    after = f" {following.group(1)}" if following and re.fullmatch(r"[\w.]+", following.group(1)) else ""
    return _did_you_mean(run.group(), run.start(), end, [f"{run.group(1)} {run.group(2)} {run.group(3)}{after}"])


def _unit_run(text: str, token: Token, previous: Token | None) -> re.Match[str] | None:
    """The amount whose unit runs into a keyword, `490 yuan/monthor`, that ends in a name at `previous` or `token`
    where the rule stopped; None where there is none."""
    if previous is None or "NAME" not in (token.type, previous.type):
        return None
    return _UNIT_RUN_ON.search(text, 0, (previous if previous.type == "NAME" else token).end_pos or 0)


# an amount whose unit runs into a keyword (`490 yuan/monthor`): the number, the unit (longest first) and the keyword
_UNIT_RUN_ON = re.compile(rf"(?<![\w.])(\d+(?:\.\d+)?)[ \t]*({UNIT_WORDS})({'|'.join(_SPELT_KEYWORDS)})\Z")


def declared_as(name: str, declared: Collection[str]) -> list[str]:
    """`name` where the policy declares it; else, for a name without a dot, the declared fields it is the last part of
    (`deposits`: `assets.deposits`), in order."""
    if name in declared:
        return [name]
    return sorted(field for field in declared if name and "." not in name and field.endswith(f".{name}"))


# the parts of a dotted name before its last, with what spaces an officer may type around each dot
_DOTTED_BEFORE = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_]*[ \t]*\.[ \t]*)*\Z")
_SPACED_DOT = re.compile(r"[ \t]*\.[ \t]*")


_SPACED_WORDS = re.compile(r"[A-Za-z_]\w*(?:[ \t]+[A-Za-z_]\w*)+")  # words with spaces between them
_WORD = re.compile(r"[A-Za-z_]\w*")


def _spaced_name(text: str, token: Token, previous: Token | None, names: Collection[str]) -> Hint | None:
    """`per capita income`, `dibao standard`: a declared name written with spaces between its words (the longest
    run of words from the one before `token` that is a name)."""
    if previous is None or previous.type != "NAME" or token.type != "NAME":
        return None
    start = previous.start_pos or 0
    words = _SPACED_WORDS.match(text, start)
    if words is None:
        return None
    found = list(_WORD.finditer(text, start, words.end()))
    for count in range(len(found), 1, -1):
        run = [word.group() for word in found[:count]]
        if "_".join(run) in names and not set(run) & set(KEYWORDS):
            end = found[count - 1].end()
            return (Said(f"`{text[start:end]}` is not a name: a name has no spaces",
                         f"`{text[start:end]}` 不是名称：名称中不能有空格"), _write(f"`{'_'.join(run)}`"), start, end)
    return None


def _string_not_closed(text: str, token: Token, previous: Token | None) -> Hint | None:
    """`{"full, "weak"}`: a text whose closing quote is missing swallows the next one's opening quote."""
    if previous is None or previous.type != "STRING" or token.type != "NAME":
        return None
    quote, body = str(previous)[0], str(previous)[1:-1]
    if text[token.end_pos or 0:(token.end_pos or 0) + 1] != quote or not re.search(r"[,}\])]\s*$|\s$", body):
        return None
    meant = re.split(r"[,}\])]", body)[0].strip()
    start = previous.start_pos or 0
    return (Said("this text seems to miss its closing quote", "这段文本似乎少了结尾的引号"),
            Said(f"close it: `{quote}{meant}{quote}`", f"请补上引号：`{quote}{meant}{quote}`"), start, start + 1)


def _closes_nothing(bracket: str, opener: str, start: int, end: int) -> Hint:
    """A closing bracket with no opening one before it, and the fix."""
    return (Said(f"`{bracket}` closes nothing", f"`{bracket}` 前面没有与之配对的开括号"),
            Said(f"remove it, or add the opening {opener} where it belongs", f"请删除它，或在应有的位置补上 {opener}"),
            start, end)


def _unit_before_number(text: str, token: Token, previous: Token | None) -> Hint | None:
    """`yuan 510/month`: a unit written before its number, as a sum is said aloud; the fix writes the number first,
    `510 yuan/month`, from the unit to the end of its period."""
    if token.type != "NUMBER" or previous is None:
        return None
    found = _UNIT_THEN_NUMBER.match(text, previous.start_pos or 0)
    if found is None or found.end(1) != previous.end_pos or found.start(2) != token.start_pos:
        return None
    unit, number, per = found.group(1), found.group(2), found.group(3) or ""
    fixed = f"`{number} {unit}{per}`"
    return (Said(f"the unit `{unit}` is written before its number", f"单位 `{unit}` 写在了数字前面"),
            Said(f"write the number first: {fixed}", f"数字在前、单位在后：请写 {fixed}"), found.start(), found.end())


def _token(text: str, token: Token, terminals: set[str], previous: Token | None, names: Collection[str] = (),
           style: str | None = None, declared: Collection[str] | None = None) -> Hint:
    """Why `token` cannot come where it stands, and what to write instead; `names`: the names a rule can read (those
    the policy's Chinese labels name); `style`, how YAML holds the rule (see `explain`); `declared`, every name the
    policy declares, where known."""
    start = token.start_pos or 0
    end = token.end_pos if token.end_pos is not None else start + 1
    here = _unexpected(str(token))
    opened = _unclosed(text[:start])
    inside = opened[1] if opened else None
    if token.type in ("RPAR", "RSQB", "RBRACE") and _unmatched(text, start):
        opener = {"RPAR": "`(`", "RSQB": "`[`", "RBRACE": "`{`"}[token.type]
        return _closes_nothing(str(token), opener, start, end)
    unit_first = _unit_before_number(text, token, previous)
    if unit_first is not None:
        return unit_first
    if token.type == "COMMA":
        separator = _thousands(text, start) or _comma_for_and(text, start)
        if separator is not None:
            return separator
    if previous is not None and str(previous) == "member" and inside == "(" and str(token) in ("where", ","):
        return (_unexpected("member"), Said("an aggregation reads `members`: write `members`",
                                            "聚合函数读取的是 `members`：请写 `members`"),
                previous.start_pos or 0, previous.end_pos or 0)
    if str(token) == "." and not text[end:].strip():
        return here, _NO_FULL_STOP, start, end
    fraction = _NO_LEADING_ZERO.match(text, start) if str(token) == "." and not text[:start].rstrip()[-1:].isdigit() \
        else None
    if fraction is not None:
        return here, _write(f"`0.{fraction.group(1)}`"), start, fraction.end()
    dots = _RANGE_DOTS.match(text, (previous.start_pos or 0) if token.type == "DOT" and previous else start)
    if dots is not None and ".." in dots.group():
        written = f"`[{dots.group(1)}, {dots.group(2)}]`"
        return (_unexpected(dots.group()), Said(f"write a range with brackets: {written} {_BOUNDS.en}",
                                                f"范围请用括号书写：{written}{_BOUNDS.zh}"), dots.start(), dots.end())
    listed = _range_listing_values(text, start, opened) if token.type == "COMMA" else None
    if listed is not None:
        return listed
    dashed = _dashed_range(text, start) or _written_date(text, start)
    if dashed is not None:
        return dashed
    if token.type == "COMPARE" and previous is not None and previous.type == "COMPARE" \
            and previous.end_pos == start and f"{previous}{token}" == "<>":
        return (_unexpected("<>"), Said("write `!=` for “is not equal to”", "“不等于”请写 `!=`"),
                previous.start_pos or 0, end)
    note = _note(text, start, style) if token.type == "LPAR" else None
    if note is not None:
        return note
    exponent = EXPONENT.match(text, previous.start_pos or 0) \
        if previous is not None and previous.type == "NUMBER" and previous.end_pos == start else None
    if exponent is not None:  # `2.23e4`: the number ends at `e`, and `e4` reads as a name
        return (Said(f"`{exponent.group()}` is written with an exponent", f"`{exponent.group()}` 用了指数写法"),
                without_exponent(exponent.group()), exponent.start(), exponent.end())
    found = _keyword_run_in(text, token, declared) or _keyword_run_on(text, token, previous, declared) \
        or _unit_run_on(text, token, previous) or _word_hint(text, token, previous, declared) \
        or _misspelt_keyword(text, token, previous, declared) \
        or _spaced_name(text, token, previous, names)
    if found is not None:
        return found
    if token.type == "UNIT":
        return here, Said("a unit follows a number directly, as `490 yuan/month`",
                          "单位紧跟在数字后面，如 `490 yuan/month`"), start, end
    if token.type == "COMPARE" and "COMPARE" not in terminals:
        return here, Said("comparisons do not chain: write `a < b and b < c`",
                          "比较不能连着写：请写 `a < b and b < c`"), start, end
    if token.type in ("LSQB", "LPAR") and re.search(r"\bnot\s+in\s*$", text[:start]):
        return here, Said("`not in` takes a set `{…}`; for a range write `not (x in [a, b])`",
                          "`not in` 后面只能写集合 `{…}`；范围请写 `not (x in [a, b])`"), start, end
    if token.type in _VALUE_STARTS and "COMMA" in terminals and inside is not None and previous is not None:
        return here, Said(f"put a `,` between the values: `{previous}, {token}`",
                          f"值与值之间请加 `,`：`{previous}, {token}`"), start, end
    return here, _fallback(terminals, inside), start, end


# The grammar's keyword terminals (`_AND`, kept out of the tree by their `_`), by the names Lark gives a keyword
# written as a plain string, which the hints here go by.
_KEYWORD_TERMINALS = {f"_{keyword.upper()}": keyword.upper() for keyword in (*_SPELT_KEYWORDS, "true", "false")}


def _keyword_after_number(token: Token, previous: Token | None) -> int | None:
    """Where the keyword of `1.5or`, `3in`, `2026-01-01or` starts: a keyword run into the number or date before it,
    which the grammar reads as a name (a keyword is a whole word), that cannot follow it; None elsewhere."""
    if previous is None or previous.type not in ("NUMBER", "DATE") or token.type != "NAME" \
            or f"_{str(token).upper()}" not in _KEYWORD_TERMINALS or previous.end_pos != token.start_pos:
        return None
    return token.start_pos


def _keyword_after_unit(text: str, token: Token, previous: Token | None) -> int | None:
    """Where the keyword of `490 yuan/monthin` starts, where the rule does not read with the space put in either
    (`x < 490 yuan/monthin [1 yuan, 2 yuan]`: comparisons do not chain), to be told as written apart, as a number run
    into a keyword is; None elsewhere (where it reads, `_unit_run_on` tells the amount and the keyword apart)."""
    from engine.syntax.parser import parses

    run = _unit_run(text, token, previous)
    if run is None or parses(f"{text[:run.end(2)]} {text[run.end(2):]}"):
        return None
    return run.end(2)


def _number_run_on(text: str, at: int, previous: Token, token: Token, spans: SourceMap,
                   labels: chinese.Labels | None, style: str | None, declared: Collection[str] | None) -> Diagnostic:
    """`1.5or housing_unsafe`: did you mean the number and the keyword apart, where the rule then reads; where it ends
    at the keyword (`x < 2or`), the two apart with the value still to write; where it does not read otherwise either
    (`x < 2not y`, `x < 490 yuan/monthin [1 yuan, 2 yuan]`, the keyword at `at`), what is wrong with it written apart,
    said at the places of the rule as written."""
    from engine.syntax.parser import stopped_at

    apart = f"{text[:at]} {text[at:]}"
    stopped = stopped_at(apart)
    start, end = previous.start_pos or 0, token.end_pos or 0
    if stopped is not None and not (_ends_early(stopped) and _unclosed(apart) is None):
        return explain(apart, stopped, lambda start, end: spans(start - (start > at), end - (end > at)), labels,
                       style, declared)
    meant = f"{text[start:at]} {text[at:end]}"
    help = Said(f"did you mean `{meant}`?", f"是否应为 `{meant}`？") if stopped is None else with_a_value_after(meant)
    return Diagnostic.said("S002", _unexpected(text[start:end]), spans(start, end), help=help)


def with_a_value_after(meant: str) -> Said:
    """Did you mean `meant`, words run together written apart, where the rule ends at the keyword they end in (`x <
    2or`): with the value still to write."""
    return Said(f"did you mean `{meant}`, with a value after it?", f"是否应为 `{meant}`，后面再写一个值？")


# a period run into a keyword, read as one name where it follows money and `/` (`490 yuan/monthor`): the period, and
# the keyword
PERIOD_RUN_ON = re.compile(rf"(month|year)({'|'.join(_SPELT_KEYWORDS)})")


def _ends_early(error: UnexpectedInput) -> bool:
    """Whether the grammar stopped at the end of the text, a value still to come."""
    token = getattr(error, "token", None)
    return token is None or token.type == "$END"


def _keyword_named(token: Token | None) -> Token | None:
    """`token`, a keyword's typed by its name without the `_` (`AND`)."""
    if token is None or token.type not in _KEYWORD_TERMINALS:
        return token
    return Token.new_borrow_pos(_KEYWORD_TERMINALS[token.type], str(token), token)


def explain(text: str, error: UnexpectedInput, spans: SourceMap, labels: chinese.Labels | None = None,
            style: str | None = None, declared: Collection[str] | None = None) -> Diagnostic:
    """The diagnostic for a failed parse of `text`; `labels` are the policy's Chinese labels; `style`, the YAML
    style of the scalar that holds the rule (`'`, `"`, `|`, `>`; None or "" written plain), which says whether a
    `#` in it could have been a comment; `declared`, every name the policy declares, where known (a word after a
    number that names none of them is no multiple: `510 dollars`)."""
    if isinstance(error, UnexpectedCharacters):
        message, help, start, end = _character(text, error.pos_in_stream or 0, labels or chinese.Labels(), style)
        return Diagnostic.said("S001", message, spans(start, end), help=help)
    if isinstance(error, UnexpectedToken | UnexpectedEOF):
        terminals: set[str] = {_KEYWORD_TERMINALS.get(t, t) for t in getattr(error, "expected", None) or ()}
        token = _keyword_named(getattr(error, "token", None))
        if token is None or token.type == "$END":
            unclosed = _unclosed(text)
            if unclosed is not None:
                pos, ch = unclosed
                closer = _CLOSING[ch]
                return Diagnostic.said("S004", Said(f"unclosed `{ch}`", f"`{ch}` 没有闭合"), spans(pos, pos + 1),
                                       help=Said(f"add the closing {closer.en}", f"请补上对应的 {closer.zh}"))
            end = len(text.rstrip())
            last = text.rstrip().split()[-1] if text.strip() else ""
            missing = (Said("an `if … then …` also needs `else …`", "`if … then …` 还要写上 `else …`")
                       if "ELSE" in terminals else
                       Said("complete the expression: a value is missing", "请把表达式写完整：少了一个值"))
            return Diagnostic.said("S003", Said(f"expression ends too early after `{last}`",
                                                f"表达式在 `{last}` 之后就结束了，没有写完"),
                                   spans(max(0, end - len(last)), end), help=missing)
        glued = token.end_pos or 0  # `a\u00adnd`: a word parted by a character no one sees, read as two words
        if text[glued:glued + 1] in _COPIED_SPACES:
            message, help = _copied_space(text[glued])
            return Diagnostic.said("S001", message, spans(glued, glued + 1), help=help)
        if token.type == "PERCENT":
            start = token.start_pos or 0
            stray, where_it_goes = _STRAY_PERCENT
            return Diagnostic.said("S001", stray, spans(start, start + 1), help=where_it_goes)
        history = getattr(error, "token_history", None) or []
        previous = _keyword_named(history[-1] if history else None)
        at = _keyword_after_number(token, previous)
        at = _keyword_after_unit(text, token, previous) if at is None else at
        if at is not None and previous is not None:
            return _number_run_on(text, at, previous, token, spans, labels, style, declared)
        unclosed_text = _string_not_closed(text, token, previous)
        if unclosed_text is not None:
            message, help, start, end = unclosed_text
            return Diagnostic.said("S001", message, spans(start, end), help=help)
        names = (labels or chinese.Labels()).names.values()
        message, help, start, end = _token(text, token, terminals, previous, names, style, declared)
        return Diagnostic.said("S002", message, spans(start, end), help=help)
    why = str(error).splitlines()[0]
    return Diagnostic.said("S002", Said(why, f"无法读取这个表达式：{why}"), spans(0, len(text)))
