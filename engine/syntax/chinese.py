"""What a Chinese input method types into a rule, and what the rule language means by it.

Input: the text of a rule, the offset of a Chinese character the parser could not read, and
the policy's Chinese labels with the names and enum values they belong to. Output: a message and a
help line (each a `Said`, in English and Chinese) and where the mistake ends: an operator word
(`并且` → `and`), a unit (`元/月` → `yuan/month`, `24个月` → `24 months`), a number in Chinese
numerals (`四百九十` → `490`, `3千` → `3000`, `百分之二十` → `20%`, read by `numerals`; none where it
has more than one reading), a share in tenths (`六成` → `60%`), an enum value written as its label
where it is compared with its field (`supporter == 无` → `"none"`), a name written as its Chinese
label (`低保标准` → `dibao_standard`), or a multiple written in words (`低保标准的1.5倍` →
`1.5 * dibao_standard`). Invariant: pure functions of their arguments; a run of Chinese characters
is reported as one mistake.
`by_zh_label` maps the Chinese labels of a policy (or of a file being loaded) to the names
they label.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.diagnostics import Said
from engine.syntax import ast
from engine.syntax.numerals import PERCENT, UNITS, read_number, share_in_tenths, tenths_at
from engine.syntax.printer import to_text
from engine.syntax.unit_words import UNIT_WORDS
from engine.values import plain_number


@functools.cache
def _han() -> re.Pattern[str]:  # compiled when first used: 1–2 ms (`engine.diagnostics.cjk`)
    return re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


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

# Words that mean one thing after a value (`x 不是 "C"`: `!=`) and another where a value is to come (`不是 x`: `not`;
# `x == 否`: `false`).
_AFTER_A_VALUE = {"是": "==", "不是": "!="}
_FOR_A_VALUE = {"是": "true", "不是": "not", "否": "false"}
# A value just before: a name, a number, a closing bracket or quote; not a keyword that a value follows.
_VALUE_BEFORE = re.compile(r"(?:[\w.%)\]}\"'])\s*$")
_WAITS_FOR_A_VALUE = re.compile(r"(?<![\w.])(?:and|or|not|in|if|then|else|where)\s*$")


def _word_meant(word: str, before: str) -> str | None:
    """The word of the rule language a Chinese word stands for, after the text `before` it."""
    if word not in _FOR_A_VALUE:
        return _WORDS.get(word)
    after_value = _VALUE_BEFORE.search(before) is not None and _WAITS_FOR_A_VALUE.search(before) is None
    return _AFTER_A_VALUE.get(word, _FOR_A_VALUE[word]) if after_value else _FOR_A_VALUE[word]


_YUAN = re.compile(r"元(?:\s*[/／每]\s*([月年]))?")
_YUAN_UNITS = {"月": "yuan/month", "年": "yuan/year", "": "yuan"}
_NUMBER_BEFORE = re.compile(r"(?<![A-Za-z0-9_.])(\d+(?:\.\d+)?)\s*$")  # after a Chinese word too: `低于1.5倍`
# A duration or an age written after a number: the English unit, or "" for a plain number of years.
_AFTER_NUMBER = {"个月": "months", "月": "months", "年": "years", "周岁": "", "岁": ""}
_DAYS = ("天", "日", "周", "星期", "季度", "小时")  # units of time the rules do not count in
_FOLLOWERS = ("元", "倍", *_AFTER_NUMBER, *_DAYS)  # what may follow a number in Chinese numerals
# The enum field a text is compared with: before it (`supporter == 无`, `supporter in {无, …`) or after it.
_FIELD_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*(?:==|!=|(?:not\s+)?in\s*\{[^{}]*)\s*$")
_FIELD_AFTER = re.compile(r"\s*(?:==|!=)\s*([A-Za-z_][A-Za-z0-9_.]*)")

# Short forms a label may use for a longer word (低保 is 最低生活保障).
_SHORT_FORMS = {"低保": "最低生活保障"}


@dataclass(frozen=True)
class Labels:
    """The policy's Chinese labels: of the names a rule can read (`低保标准` → `dibao_standard`), and of the
    values of each enum input (`supporter`: `无` → `none`)."""

    names: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def by_zh_label(labelled: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """The `zh` text of each label (as a policy file writes it, `{zh: …, en: …}`, or as a loaded policy holds it, a
    `Label`), mapped to the name it labels; the first name keeps a text given twice."""
    labels: dict[str, str] = {}
    for name, label in labelled:
        zh = label.get("zh") if isinstance(label, dict) else getattr(label, "zh", None)
        if isinstance(zh, str):
            labels.setdefault(zh, str(name))
    return labels


def _expanded(label: str) -> str:
    label = re.sub(r"[（(].*?[）)]", "", label)
    for short, long in _SHORT_FORMS.items():
        label = label.replace(short, long)
    return label


def name_for_label(text: str, labels: Mapping[str, str], unique: bool = False,
                   guess: bool = False) -> tuple[str, str] | None:
    """The name whose Chinese label is `text`, or else the one with the shortest label that holds it
    (`低保标准` is in `农村最低生活保障标准`), with that label; with `unique`, only when no other label holds it;
    with `guess`, where none holds it, the one label that holds its characters in order (`家庭人均收入`)."""
    if text in labels:
        return labels[text], text
    wanted = _expanded(text)
    holding = [(len(label), name, label) for label, name in labels.items() if wanted in _expanded(label)]
    if unique and len(holding) > 1:
        return None
    if guess and not holding and len(wanted) >= 3:  # `家庭人均收入`: only where one label has its characters in order
        holding = [(len(label), name, label) for label, name in labels.items() if _in_order(wanted, _expanded(label))]
        if len(holding) > 1:
            return None
    return min(holding)[1:] if holding else None


def _in_order(word: str, label: str) -> bool:
    rest = iter(label)
    return all(char in rest for char in word)


def _guessed(word: str, label: str) -> bool:
    """Whether the name of `label` is only guessed for `word` (nearly the label, not in it)."""
    return _expanded(word) not in _expanded(label)


def one_labelled(text: str, labels: Mapping[str, str], among: Collection[str]) -> tuple[str, str] | None:
    """The name of `among` whose Chinese label is `text`, or the only one whose label holds it (an export's header
    `存款` for `assets.deposits`, labelled `家庭存款及有价证券`), with that label; None where none or several do."""
    found = name_for_label(text.strip(), labels, unique=True) if text.strip() else None
    return found if found is not None and found[0] in among else None


def _unit(english: str, number: str) -> str:
    return english.removesuffix("s") if english.endswith("s") and number == "1" else english


_NAME_AFTER = re.compile(r"\s*([A-Za-z_][\w.]*)(?![\w(])")  # `倍 dibao_standard`: the name multiplied
_MULTIPLE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*倍")  # after `的`: `的1.5倍`
_NAME_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*$")


Hint = tuple[Said, Said, int]  # message, help, end offset


def _unexpected(shown: str) -> Said:
    return Said(f"unexpected `{shown}`", f"此处不应出现 `{shown}`")


def _in_letters(shown: str) -> Said:
    return Said(f"names in a rule are written in English letters, not `{shown}`",
                f"规则中的名称要用英文字母书写，不能写成 `{shown}`")


def _units(written: str) -> Said:
    return Said(f"write units in English: `{written}`", f"单位请用英文写：`{written}`")


def _multiple(text: str, pos: int, word: str, labels: Labels) -> Hint | None:
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
        fix = f"`{number} * {before.group(1)}`"
        return (_unexpected(text[pos:end]),
                Said(f"a multiple is written with `*`: write {fix}", f"倍数要用 `*` 表示：请写 {fix}"), end)
    found = name_for_label(word[:-1], labels.names)
    if found is None:  # `家庭年人均收入低于低保标准的1.5倍`: words without spaces, the multiple the last one's
        whole = _each_label_help(text, labels.names) if _split(word[:-1], labels.names) else None
        return (_in_letters(text[pos:end]), whole, end) if whole is not None else None
    name, label = found
    whose = _whose(word[:-1], name, label)
    return (_in_letters(text[pos:end]), _each_label_help(text, labels.names) or
            Said(f"{whose.en}, and a multiple is written with `*`: write `{number} * {name}`",
                 f"{whose.zh}，倍数要用 `*` 表示：请写 `{number} * {name}`"), end)


def _times(text: str, pos: int, word: str, number: str, labels: Labels) -> Hint:
    """`1.5倍 dibao_standard`, `1.5倍低保标准` (1.5 times the standard): a multiple is written with `*`; `1.5倍`: a
    multiple is the number itself. The help writes the whole rule out where it has more Chinese words to mend."""
    whole = _each_label_help(text, labels.names)
    named = name_for_label(word[1:], labels.names) if len(word) > 1 else None
    if named is not None:
        fix = f"`{number} * {named[0]}`"
        whose = _whose(word[1:], *named)
        return (_in_letters(word), whole or Said(f"{whose.en}, and a multiple is written with `*`: write {fix}",
                                                 f"{whose.zh}，倍数要用 `*` 表示：请写 {fix}"), pos + len(word))
    if whole is not None and named is None and len(word) > 1:  # `1.5倍低保标准或 y`: the label and a word after it
        return _in_letters(word), whole, pos + len(word)
    times = _NAME_AFTER.match(text, pos + 1)
    if times is not None:
        fix = f"`{number} * {times.group(1)}`"
        return (_unexpected("倍"), whole or Said(f"a multiple is written with `*`: write {fix}",
                                                f"倍数要用 `*` 表示：请写 {fix}"), pos + 1)
    return (_unexpected("倍"),
            Said(f"a multiple is a plain number: write `{number}`", f"倍数直接写数字：请写 `{number}`"), pos + 1)


def label_help(word: str, labels: Mapping[str, str], unique: bool = False, guess: bool = False) -> Said | None:
    """`` `低保标准` is the label of `dibao_standard`: write `dibao_standard` `` for a Chinese word that is the label of
    a name (or is in one: see `name_for_label`); None for a word that is in none."""
    named = name_for_label(word, labels, unique, guess)
    if named is None:
        return None
    whose = _whose(word, *named)
    if _guessed(word, named[1]):
        return _guess(named[0], whose)
    return Said(f"{whose.en}: write `{named[0]}`", f"{whose.zh}：请写 `{named[0]}`")


# the words a category's label ends with for whom it holds, left out where it is called by its short name (`低保` for
# `最低生活保障对象`, `低保边缘` for `低保边缘家庭成员`, `特困` for `特困人员`), as the document and officers call them
_WHOM = ("家庭成员", "对象", "人员", "家庭", "成员", "户")


def _short(text: str) -> str:
    """A label or a word for it, as compared for a short name: short forms written out, without the words for whom."""
    text = _expanded(text)
    return next((text.removesuffix(whom) for whom in _WHOM if text.endswith(whom) and text != whom), text)


def named_by(word: str, labels: Mapping[str, str]) -> tuple[str, Said] | None:
    """The name a Chinese word means (a category written `低保`), and why: its label (`特困人员`), short for its label
    (`低保`, `低保户`: the label less the words for whom it holds), or in its label and no other's; None where none
    or several are."""
    if word in labels:
        return labels[word], _whose(word, labels[word], word)
    short = [(name, label) for label, name in labels.items() if _short(label) == _short(word)]
    if len(short) == 1:
        name, label = short[0]
        return name, Said(f"`{word}` is short for the label of `{name}`, `{label}`",
                          f"`{word}` 是 `{name}` 的标签 `{label}` 的简称")
    named = name_for_label(word, labels, unique=True)
    return (named[0], _whose(word, *named)) if named is not None else None


def _guess(written: str, why: Said) -> Said:
    return Said(f"did you mean `{written}`? ({why.en})", f"是不是 `{written}`？（{why.zh}）")


# The words of the rule language a run of Chinese characters is split on: of two characters or more, and `且` and
# `或`, which join clauses; other words of one character (`和`, `不`, `加`) are as often part of a label (`住房和饮水`,
# `不安全`).
_SPLIT_ON = frozenset(w for w in _WORDS if len(w) > 1 or w in ("且", "或"))
# `非`, the negation run into the label it negates (`非住房不安全`): split on before a label only, and never after one
_NEGATION = "非"


def _split(word: str, labels: Mapping[str, str]) -> list[tuple[str, str, str | None]] | None:
    """`家庭年人均收入低于低保标准`, written without spaces: its labels and words of the rule language, alternating,
    each as (text, what it means, the label of the name meant or None for a word); None unless it splits so in
    exactly one way, with a label and a word at least, and each label of one name only."""
    Parts = list[list[tuple[str, str, str | None]]]
    known: dict[tuple[int, bool | None], Parts] = {}
    longest = max([3, *(len(_expanded(label)) for label in labels)])  # no piece is longer than its label or word
    if len(word) > 4 * longest:  # a paragraph, not a rule
        return None

    def parts(start: int, after_word: bool | None) -> Parts:  # at most two ways, which is enough to tell
        if start == len(word):
            return [[]]
        if (start, after_word) not in known:
            ways: Parts = []
            for end in range(start + 1, min(len(word), start + longest) + 1):
                piece = word[start:end]
                meant: tuple[str, str, str | None] | None = None
                if (piece in _SPLIT_ON and after_word is not True) or (piece == _NEGATION and after_word is not False):
                    meant = (piece, _WORDS[piece], None)
                elif len(piece) >= 2 and after_word is not False and not _label_reads_on(word, start, piece, labels):
                    named = name_for_label(piece, labels, unique=True, guess=True)
                    meant = (piece, *named) if named is not None else None
                if meant is not None:
                    ways += [[meant, *rest] for rest in parts(end, meant[2] is None)]
            known[start, after_word] = ways[:2]
        return known[start, after_word]

    found = parts(0, None)
    return found[0] if len(found) == 1 and len(found[0]) >= 2 else None


def _label_reads_on(word: str, start: int, piece: str, labels: Mapping[str, str]) -> bool:
    """Whether `piece`, from `start` in `word`, after a `非`, is read with it in a label (`非农收入`): the `非` is the
    label's own, not the negation of a name that `piece` is a part of."""
    return word[start - 1:start] == _NEGATION and name_for_label(_NEGATION + piece, labels) is not None


def _each_label_help(text: str, labels: Mapping[str, str], keywords_alone: bool = False) -> Said | None:
    """`家庭年人均收入 < 农村最低生活保障标准`: a rule that has more than one Chinese word outside its quoted text
    (`"户主"`, kept as written), each the label of a name or a word of the rule language, written out with the names
    and the words; with `keywords_alone`, also a rule whose Chinese words are all words of the rule language
    (`(x < 1) 或 y`, `(x == "C")或 (y)`); None for any other. A multiple is one word, written before its name
    (`1.5倍低保标准`) or after it (`低保标准的1.5倍`); words written without spaces between them
    (`家庭年人均收入低于低保标准的1.5倍`) are split (`_split`)."""
    runs = _runs_outside_quotes(text)
    if not runs:
        return None
    whose: dict[str, Said] = {}
    written, last, guessed, words = [], 0, False, 0

    def read(label: str, named: tuple[str, str]) -> str:
        nonlocal guessed
        whose.setdefault(named[0], _whose(label, *named))
        guessed = guessed or _guessed(label, named[1])
        return named[0]

    def said(parts: list[tuple[str, str, str | None]], start: int, end: int) -> str:
        """The words of a run without spaces (`_split`), in the rule language, spaced from the text beside them."""
        nonlocal words
        words += len(parts) - 1
        rule = " ".join(read(piece, (meant, label)) if label is not None else meant for piece, meant, label in parts)
        return _set_apart(text, start, end, rule)

    for run in runs:
        if run.end() <= last:  # the `倍` of `低保标准的1.5倍`, read with the word before it
            continue
        if run.start() < last:  # and the words after it: `低保标准的1.5倍高于…`
            run = _han().match(text, last) or run
        words += 1
        times = _MULTIPLE.match(text, run.end()) if run.group().endswith("的") else None
        if times is not None:  # `低保标准的1.5倍`, `dibao_standard的1.5倍`: the number times the name
            label, between = run.group()[:-1], text[last:run.start()]
            named = name_for_label(label, labels, guess=True) if label else None
            before = None if label else _NAME_BEFORE.search(between)
            parts = _split(label, labels) if label and named is None else None
            start = run.start()
            if named is not None:
                name = read(label, named)
            elif before is not None:
                name, between, start = before.group(1), between[:before.start()], last + before.start()
            elif parts is not None and (last_label := parts[-1][2]) is not None:  # `家庭年人均收入低于低保标准的1.5倍`
                end = run.start() + len(label) - len(parts[-1][0])  # the multiple is the last name's
                between += said(parts[:-1], run.start(), end)  # the names in the order written
                name = read(parts[-1][0], (parts[-1][1], last_label))
                words += 1
            else:
                return None
            written += [between, _set_apart(text, start, times.end(), f"{times.group(1)} * {name}")]
            last = times.end()
            continue
        word, number = run.group(), _NUMBER_BEFORE.search(text[:run.start()])
        label = word[1:] if number is not None and word.startswith("倍") else word  # `1.5倍低保标准`: times the name
        # a keyword alone (`或`) is the keyword, not a part of a label that holds it (`注册有企业或个体工商户`)
        keyword = label == word and word not in labels and _word_meant(word, text[:run.start()]) is not None
        named = name_for_label(label, labels, guess=True) if label and not keyword else None
        if label != word:
            parts = None if named or not label else _split(label, labels)  # `1.5倍低保标准或 y`: the label, then words
            meant = _set_apart(text, None, run.end(), f" * {named[0]}") if named else \
                f" * {said(parts, run.start() + 1, run.end())}" if parts and parts[0][2] is not None else \
                " *" if _NAME_AFTER.match(text, run.end()) and not label else None
        else:
            parts = None if named else _split(word, labels)
            alone = named[0] if named else _word_meant(word, text[:run.start()])
            meant = _set_apart(text, run.start(), run.end(), alone) if alone else (
                said(parts, run.start(), run.end()) if parts else None)
        if meant is None:
            return None
        if named is not None:
            read(label, named)
        between = text[last:run.start()]
        written += [between.rstrip() if label != word else between, meant]
        last = run.end()
    rule = "".join([*written, text[last:]]).strip()
    if not whose and keywords_alone:
        return Said(f"write `{rule}`", f"请写 `{rule}`")
    if not whose or words < 2:
        return None
    if guessed:
        return _guess(rule, Said("; ".join(w.en for w in whose.values()), "；".join(w.zh for w in whose.values())))
    return Said(f"{'; '.join(w.en for w in whose.values())}: write `{rule}`",
                f"{'；'.join(w.zh for w in whose.values())}：请写 `{rule}`")


def _runs_outside_quotes(text: str) -> list[re.Match[str]]:
    """The runs of Chinese characters in a rule that are not in a quoted text (`"户主"`, a value kept as written)."""
    from engine.syntax.errors import outside_quotes  # which reads Chinese with this module

    outside = {at for at, _ in outside_quotes(text)}
    return [run for run in _han().finditer(text) if run.start() in outside]


@functools.cache
def _runs_into() -> re.Pattern[str]:
    """What words of the rule language written for Chinese characters run into without a space after them: a word
    of letters or digits, or more Chinese characters, told as words of their own (which are not spaced again before
    them); compiled when first used, as `_han` is (a pattern spanning the Chinese characters costs 1–2 ms)."""
    return re.compile(r"[A-Za-z0-9_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _set_apart(text: str, start: int | None, end: int, written: str) -> str:
    """`written`, the rule language for the text from `start` (None: spaced before already) to `end`, with a space
    on each side where it would otherwise run into the word beside it (`低保标准 或y`: `or y`, never `ory`), and none
    against a bracket, an operator or a space, so that the rule keeps the spacing it was written with; but a keyword
    is a word, set apart from the bracket outside it as from a word (`低保标准)或 y`: `) or y`, not `)or y`)."""
    words = written.split() or [""]
    runs_into = start and (_ASCII_WORD.match(text, start - 1)
                           or (words[0] in _KEYWORDS_WRITTEN and _CLOSES.match(text, start - 1)))
    runs_on = _runs_into().match(text, end) or (words[-1] in _KEYWORDS_WRITTEN and _OPENS.match(text, end))
    return (" " if runs_into else "") + written + (" " if runs_on else "")


_KEYWORDS_WRITTEN = frozenset(meant for meant in (*_WORDS.values(), *_FOR_A_VALUE.values()) if meant.isalpha())
_CLOSES, _OPENS = re.compile(r"[)\]}]"), re.compile(r"[(\[{]")


def _whose(word: str, name: str, label: str) -> Said:
    """Whose label the Chinese word is (or is part of)."""
    if label == word:
        return Said(f"`{word}` is the label of `{name}`", f"`{word}` 是 `{name}` 的标签")
    return Said(f"`{name}` is labelled `{label}`", f"`{name}` 的标签是 `{label}`")


def value_for_label(text: str, labels: Mapping[str, str]) -> str | None:
    """The enum value whose Chinese label is `text`, or holds it, when only one does; `labels` maps the
    labels of one field's values to the values."""
    if text in labels:
        return labels[text]
    holding = {value for label, value in labels.items() if text in label}
    return holding.pop() if len(holding) == 1 else None


def value_label_help(shown: str, value: str) -> Said:
    """The help for an enum value written as its label: `无` → `"none"`."""
    quoted = to_text(ast.String(value))
    return Said(f"`{shown}` is the label of `{quoted}`: write `{quoted}`",
                f"`{shown}` 是 `{quoted}` 的标签：请写 `{quoted}`")


def _value_label(text: str, pos: int, end: int, labels: Labels) -> Hint | None:
    """`supporter == 无`: the label of a value of the enum field the word is compared with."""
    before, after = _FIELD_BEFORE.search(text[:pos]), _FIELD_AFTER.match(text, end)
    for found in (before, after):
        field_labels = labels.values.get(found.group(1)) if found else None
        value = value_for_label(text[pos:end], field_labels) if field_labels else None
        if found and value is not None:
            return (Said(f"values of `{found.group(1)}` are written in English letters, not `{text[pos:end]}`",
                         f"`{found.group(1)}` 的可选值要用英文字母书写，不能写成 `{text[pos:end]}`"),
                    value_label_help(text[pos:end], value), end)
    return None


def _number(text: str, pos: int, start: int) -> Hint | None:
    """A number written with Chinese numerals from `start` (digits may come first, before `pos`), with the
    unit that follows it: `3千` → `3000`, `二十四个月` → `24 months`, `百分之二十` → `20%`."""
    found = read_number(text, start)
    if found is None or (_han().match(text, found[1]) and not text.startswith(_FOLLOWERS, found[1])):
        return None  # part of a word: `百分比`, `三无人员`
    value, end = found
    whole = ("the whole number", "请把整个数都用阿拉伯数字写") if start < pos else ("numbers", "请用阿拉伯数字写这个数")
    if value is None:  # `3千50`: 3050 or 3500
        return (_unexpected(text[pos:end]),
                Said(f"write {whole[0]} with digits", f"这个数有不止一种读法，{whole[1]}"), end)
    if text.startswith(PERCENT, start):
        percent = f"`{plain_number(value * 100)}%`"
        return (_unexpected(text[pos:end]),
                Said(f"write percentages with digits: {percent}", f"百分数请用阿拉伯数字写：{percent}"), end)
    written, end = _with_unit(text, end, plain_number(value))
    return (_unexpected(text[pos:end]), Said(f"write {whole[0]} with digits: `{written}`", f"{whole[1]}：`{written}`"),
            end)


def _with_unit(text: str, end: int, number: str) -> tuple[str, int]:
    """The number with the unit written after it in Chinese, in English, and where that unit ends."""
    yuan = _YUAN.match(text, end)
    if yuan:
        return f"{number} {_YUAN_UNITS[yuan.group(1) or '']}", yuan.end()
    after = next((w for w in _AFTER_NUMBER if text.startswith(w, end)), None)
    if after is None:
        return number, end
    return f"{number} {_unit(_AFTER_NUMBER[after], number)}".rstrip(), end + len(after)


# What a keyword typed in Chinese may run into: before it, an amount with its unit, a date, a number or a name; after
# it, a name or a number.
_RUN_INTO_BEFORE = re.compile(rf"(?:(?<![\w.])\d+(?:\.\d+)?[ \t]*(?:{UNIT_WORDS})|(?<![\w.])\d{{4}}-\d{{2}}-\d{{2}}"
                              r"|[A-Za-z0-9_.]+)\Z")
_RUN_INTO_AFTER = re.compile(r"[ \t]*([A-Za-z0-9_.]+)")
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]")


def _keyword_apart(text: str, start: int, end: int, meant: str) -> str:
    """What to write for the word from `start` to `end` that means `meant`: that alone, or, where it is a keyword run
    into a word before or after it (`1.5或 y`), whose mere replacement would run the two together (`1.5or`), the
    keyword with those words and the spaces between (`1.5 or y`)."""
    glued_before = _ASCII_WORD.match(text[start - 1:start]) is not None
    if not meant[0].isalpha() or not (glued_before or _ASCII_WORD.match(text[end:end + 1])):
        return meant
    before = _RUN_INTO_BEFORE.search(text, 0, start) if glued_before else None
    after = _RUN_INTO_AFTER.match(text, end)
    return " ".join(part for part in (before and before.group(), meant, after and after.group(1)) if part)


def _beside_a_bracket(text: str, start: int, end: int) -> bool:
    """Whether the word from `start` to `end` has a bracket beside it, spaced or not (`(x < 1) 或 y`, `或(y)`): a
    keyword meant for it is told in the whole rule, set apart from the bracket, rather than alone."""
    return bool(_CLOSES.match(text[:start].rstrip()[-1:]) or _OPENS.match(text[end:].lstrip()))


def hint(text: str, pos: int, labels: Labels) -> Hint | None:
    """Message, help and end offset for the Chinese characters at `pos`, or None if there are none."""
    run = _han().match(text, pos)
    if run is None:
        return None
    word = run.group()
    found = _multiple(text, pos, word, labels) or _value_label(text, pos, run.end(), labels)
    if found is not None:
        return found
    before = _NUMBER_BEFORE.search(text[:pos])
    number = before.group(1) if before else None
    share = tenths_at(text, before.start(1) if before is not None and word.startswith("成") else pos)
    if share is not None:  # `六成`, `6成`: a share in tenths
        return _unexpected(text[pos:share[1]]), share_in_tenths(share[0]), share[1]
    yuan = _YUAN.match(text, pos)
    if yuan:
        written, end = _with_unit(text, pos, number or "")
        written = written.strip()
        if written.endswith(" yuan"):  # a sum, or the standard of a period that `元` alone does not say
            return _unexpected(yuan.group()), Said(
                f"write units in English: `{written}` for a sum; `{written}/month` or `{written}/year` for an amount "
                "per month or per year (a standard, an allowance)",
                f"单位请用英文写：一笔金额写 `{written}`；按月或按年的金额（标准、补助）写 `{written}/month` 或 "
                f"`{written}/year`"), end
        return _unexpected(yuan.group()), _units(written), end
    if number is not None and word.startswith("倍"):
        return _times(text, pos, word, number, labels)
    glued = before is None and word[0] in UNITS and _NAME_BEFORE.search(text[:pos])  # `x2万`: no number reads
    numeral = None if glued else _number(text, pos, before.start(1) if before and word[0] in UNITS else pos)
    if numeral is not None:
        return numeral
    if number is not None:
        after = next((w for w in _AFTER_NUMBER if text.startswith(w, pos)), None)
        if after is not None and not _AFTER_NUMBER[after]:
            return (_unexpected(after), Said(f"an age is a plain number of years: write `{number}`",
                                             f"年龄直接写周岁数：请写 `{number}`"), pos + len(after))
        if after is not None:
            written, end = _with_unit(text, pos, number)
            return _unexpected(after), _units(written), end
        if word.startswith(_DAYS):
            return (_unexpected(word), Said("durations are written in `months` or `years`, e.g. `24 months`",
                                            "时长以 `months`（月）或 `years`（年）为单位，例如 `24 months`"), run.end())
    meant = _word_meant(word, text[:pos])
    beside_a_bracket = _beside_a_bracket(text, pos, run.end())
    whole = _each_label_help(text, labels.names, beside_a_bracket) if meant is not None else None
    if whole is not None:  # `dibao_standard或 住房不安全`, `(x < 1) 或 y`: the whole rule, at the words it replaces
        end = _runs_outside_quotes(text)[-1].end()
        return _unexpected(text[pos:end]), whole, end
    if meant is not None:
        written = _keyword_apart(text, pos, run.end(), meant)
        return _unexpected(word), Said(f"write `{written}`", f"请写 `{written}`"), run.end()
    help = _each_label_help(text, labels.names) or label_help(word, labels.names, guess=True) or Said(
        "write the name declared under `parameters`, `definitions` or `inputs`, in English letters",
        "请写在 `parameters`、`definitions` 或 `inputs` 下声明的英文名称")
    return _in_letters(word), help, run.end()
