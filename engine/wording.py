"""Rule expressions in words, for explanations read aloud.

Input: an expression node and, through `Vocabulary`, a policy's labels in one language.
Output: `words(node)` — names replaced by their labels, operators written × ÷ − ≤ ≥,
`and`/`or`/`in` in the chosen language (`农村最低生活保障标准 × 24 个月`); and
`numbers(node)` — a `Template` that, filled in for one household, shows the same
expression with its values (`490.00 元/月 × 24 个月`). Where an expression multiplies by
months, money rates are shown per month, so that the working adds up as written.
Invariant: only reads; what no household changes is worked out once per node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import replace
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from engine.diagnostics import sentence
from engine.rule_needs import LITERALS, reads_only
from engine.syntax import ast

# the rule language's binding strengths, so that words bracket exactly where the rule text would
from engine.syntax.printer import (
    LEVEL_AND,
    LEVEL_COMPARE,
    LEVEL_NOT,
    LEVEL_OR,
    LEVEL_SUM,
    LEVEL_UNARY,
    level_of,
    number_text,
)
from engine.values import (
    UNIT_WORDS,
    grouped,
    human,
    in_quotes,
    mark_after,
    quotes_within,
    strings_joined,
    thousands_to,
)

Fn = Callable[[Any], Any]

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "and": " 且 ", "or": " 或 ", "not": "并非“{x}”", "not_in_category": "不属于“{x}”", "in_category": "属于“{x}”",
        "is": "{x}为{v}", "is_not": "{x}不为{v}", "are": "{x}为{v}", "are_not": "{x}不为{v}", "either": "或",
        "list": "、", "quote": "“{v}”",
        "count": "成员数", "count_where": "成员数（{p}）", "any": "有成员{p}", "all": "所有成员{p}",
        "count_in": "属于{x}的成员数", "count_not_in": "不属于{x}的成员数",
        "any_where": "有成员（{p}）{v}", "all_where": "所有成员（{p}）{v}",
        "no_member": "没有成员{p}",
        # a condition on members that begins with a label, the member's (`a member's relation to the head is …`)
        "any_own": "有成员{p}", "all_own": "所有成员{p}", "no_member_own": "没有成员{p}", "their": "{p}",
        "they_are": "{p}",
        # `not` of conditions joined by `and` / `or` (`并非（有机动车 且 …）`); a yes/no of the household's within a
        # condition on a member, said as the household's (`有成员患重特大疾病 且 本户有机动车`), and a category of its
        # (`有成员年满 70 周岁 且 本户属于“常住户”`)
        "not_joined": "并非{x}", "household": "本户{p}", "household_not": "本户并非“{p}”",
        # one whose label names what kind of household it is (`names_a_household_zh`): `本户为建档立卡贫困户`
        "household be": "本户为{p}",
        "household_is_in": "本户属于{x}", "household_is_not_in": "本户不属于{x}",
        # a member category as one part of a condition on a member (`有成员属于“特困人员” 且 年满 60 周岁`)
        "is_in": "属于{x}", "is_not_in": "不属于{x}", "they_are_in": "属于{x}", "they_are_not_in": "不属于{x}",
        # a member's age compared with a number, as it is heard: `没有成员年满 70 周岁`, `年满 60 周岁的成员数`
        "aged>=": "年满 {n} 周岁", "aged>": "超过 {n} 周岁", "aged<": "未满 {n} 周岁", "aged<=": "不超过 {n} 周岁",
        "is_aged": "{p}", "count_aged": "{p}的成员数",
        # a member category after the members an aggregate chooses; `{x}` is the category as `category_said` says it
        "any_in": "有成员属于{x}", "any_not_in": "有成员不属于{x}", "all_in": "所有成员都属于{x}",
        "all_not_in": "所有成员都不属于{x}", "household_not_in": "该家庭不属于{x}", "member_not_in": "该成员不属于{x}",
        "nobody_in": "本户及户内成员均不属于{x}", "nobody_in_any": "本户及户内成员均不属于任何类别",
        "members_not_in": "这些成员都不属于{x}", "two_members_not_in": "这两名成员都不属于{x}",
        "sum": "各成员{v}之和", "sum_where": "各成员（{p}）{v}之和",
        "min": "成员中{v}的最小值", "max": "成员中{v}的最大值",
        "min_where": "成员（{p}）中{v}的最小值", "max_where": "成员（{p}）中{v}的最大值",
        # a choice after `否则` begins after a pause, as a choice of its own: `否则，若…`
        "if": "若{c}，则{t}，否则{o}", "else_if": "若{c}，则{t}，否则，{o}", "range": "{x}在{lo}与{hi}之间",
        "included": "含", "excluded": "不含",
        "ceil": "向上取整", "floor": "向下取整", "round": "四舍五入", "min()": "较小值", "max()": "较大值",
        "abs": "绝对值", "age": "{x}至评估日期的周岁", "age_on": "{x}至{date}的周岁",
        "open": "（", "close": "）", "comma": "，", "semicolon": "；",
        # the words a label may end in that lead on to what follows, which a value after them would be heard as
        # part of (`runs_into_number`): a Chinese label ends in what it counts or measures (`…房产套数`); and the
        # brackets a label may end in that do so: a Chinese bracket ends in what closes it (`…除外）`, `（周岁）`)
        "leads_on": "", "bracket_leads_on": "",
        "yuan": "元", "yuan/month": "元/月", "yuan/year": "元/年", "month": "个月", "year": "年",
        "a_month": "{x}（按月折算）",
        "share_of": "{x}的 {n}", "times": "{x}的 {n} 倍", "months_of": "{n}的{x}",
        "in_months": "{x}折合月数",
    },
    "en": {
        "and": " and ", "or": " or ", "not": "not “{x}”", "not_in_category": "not “{x}”", "in_category": "“{x}”",
        "is": "{x} is {v}", "is_not": "{x} is not {v}", "are": "{x} are {v}", "are_not": "{x} are not {v}",
        "either": " or ", "list": ", ", "quote": "“{v}”",
        "count": "number of members", "count_where": "number of members ({p})", "any": "a member {p}",
        "count_in": "number of members who are {x}", "count_not_in": "number of members who are not {x}",
        "all": "every member {p}", "any_where": "a member ({p}): {v}", "all_where": "every member ({p}): {v}",
        "no_member": "no member {p}",
        "any_own": "a member's {p}", "all_own": "every member's {p}", "no_member_own": "no member's {p}",
        "their": "their {p}", "they_are": "they are {p}",
        # a yes/no field of a member, said by the verb its label begins with in its plain form (`leading_verb`), of
        # the member (`does not have a serious illness`, `is not bedridden`) or, after a label, of them (`… and they
        # have a serious illness`, `… and they do not live alone`); a label with no verb of its own is said after `is`
        "do_not": "does not {v} {p}", "they do": "they {v} {p}", "they do_not": "they do not {v} {p}",
        "be": "is {p}", "be_not": "is not {p}", "they be": "they are {p}", "they be_not": "they are not {p}",
        # an auxiliary that says its own opposite (`_OWN_OPPOSITE`): `cannot walk`, `they were not disabled`
        "can_not": "cannot {p}", "they can": "they can {p}", "they can_not": "they cannot {p}",
        "was_not": "was not {p}", "they was": "they were {p}", "they was_not": "they were not {p}",
        # `not` of conditions joined by `and` / `or`; a yes/no of the household's whose label begins with its verb,
        # said of the household (`… and the household owns a motor vehicle`), not heard as the member's
        "not_joined": "it is not the case that {x}", "household": "the household {p}",
        "household do_not": "the household does not {v} {p}", "household can_not": "the household cannot {p}",
        "household be": "the household is {p}", "household be_not": "the household is not {p}",
        "household was_not": "the household was not {p}",
        "household_is_in": "the household is {x}", "household_is_not_in": "the household is not {x}",
        # a member category as one part of a condition on a member (`a member is a “…” and is aged 60 or over`)
        "is_in": "is {x}", "is_not_in": "is not {x}", "they_are_in": "they are {x}",
        "they_are_not_in": "they are not {x}",
        "aged>=": "aged {n} or over", "aged>": "aged over {n}", "aged<": "aged under {n}",
        "aged<=": "aged {n} or under",
        # an age right after another, in one `or` or `and`: `aged 60 or over or under 16`
        "aged>= again": "{n} or over", "aged> again": "over {n}", "aged< again": "under {n}",
        "aged<= again": "{n} or under",
        "is_aged": "is {p}", "count_aged": "number of members {p}",
        "any_in": "a member is {x}", "any_not_in": "a member is not {x}", "all_in": "every member is {x}",
        "all_not_in": "no member is {x}", "household_not_in": "the household is not {x}",
        "member_not_in": "the member is not {x}", "nobody_in": "neither the household nor any member is {x}",
        "nobody_in_any": "neither the household nor any member is in any category",
        "members_not_in": "none of these members is {x}", "two_members_not_in": "neither member is {x}",
        "sum": "sum of {v} over members", "sum_where": "sum of {v} over members ({p})",
        "min": "smallest {v} among members", "max": "largest {v} among members",
        "min_where": "smallest {v} among members ({p})", "max_where": "largest {v} among members ({p})",
        "if": "if {c}, then {t}, otherwise {o}",
        "else_if": "if {c}, then {t}, otherwise, {o}", "range": "{x} between {lo} and {hi}",
        "included": "included", "excluded": "excluded",
        "ceil": "rounded up", "floor": "rounded down", "round": "rounded", "min()": "the smaller of",
        "max()": "the larger of", "abs": "the size of", "age": "full years since {x}",
        "age_on": "full years from {x} to {date}",
        "open": " (", "close": ")", "comma": ", ", "semicolon": "; ",
        "leads_on": "about above across after against among and around at before behind below beside besides between "
                    "beyond by during except excluding for from in including inside into less minus near of off on "
                    "onto or out outside over past per plus since than through to toward towards under until up upon "
                    "with within without",
        # a bracket's last words run on into a value after it: `(except … for disabled persons) 0`, `(retirement
        # age) 1`
        "bracket_leads_on": ")",
        "yuan": "yuan", "yuan/month": "yuan/month", "yuan/year": "yuan/year", "month": "month", "year": "year",
        "a_month": "{x} (a month's share)",
        "share_of": "{n} of {x}", "times": "{n} times {the}{x}", "months_of": "{n} of {the}{x}",
        "in_months": "{x} in months",
    },
}

_ARITH = {"+": " + ", "-": " − ", "*": " × ", "/": " ÷ "}
COMPARE = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
# a comparison written the other way round (`70 <= age` is `age >= 70`), and the one that holds where it does not
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_OPPOSITE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}

# the words a Chinese label of the household's may begin with that name the household itself (`家庭成员注册有…`)
_THE_HOUSEHOLD_ZH = ("本户", "该户", "全户", "家庭", "全家", "户内")
# the words a Chinese label may end in that name a kind of household (`建档立卡贫困户`, `单亲家庭`, `监测对象`), and
# the words that, within a label, say already what the household is (`认定为低保户`, `属于脱贫户`, `非农户`)
_A_HOUSEHOLD_ZH = ("户", "家庭", "对象")
_SAYS_WHAT_IT_IS_ZH = ("为", "是", "属于", "非")

# words an English phrase may begin with that take no `the` before them (`the province's …`, `own counted income`)
DETERMINERS = frozenset(("the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "own",
                         "each", "every", "any", "no", "one", "all", "both", "zero"))


def definite_article(phrase: str) -> str:
    """`the ` before an English phrase that is a label, written as a heading (`rural minimum living standard`), read
    in a sentence; nothing before a number, a name in capitals or a phrase that has its own determiner."""
    return "the " if phrase[:1].islower() and phrase.partition(" ")[0] not in DETERMINERS else ""


def run_on(first: str, then: str) -> str:
    """Two English phrases one after the other: `then` begins a sentence of its own, with a capital, where `first`
    ends one (a policy's hint that asks `was the monthly amount written as the yearly one?`)."""
    first = first.rstrip()
    if first.endswith(("?", ".", "!")):
        then = sentence(then)
    return f"{first} {then}"


def category_said(label: str, lang: str, counted: bool = False) -> str:
    """A category's label after `is` / `属于`, quoted: `“特困人员”`, `a “person in extreme poverty (tekun)”`,
    `an “elderly person living alone”`; a plural label (`persons in need`) is one the member is `among`. A
    label is a heading (`person in extreme poverty`), and `every member is “person …”` reads as a slip.
    `counted`: after `counts as` / `改为` (what a birthday brings), where a plural label takes nothing before it
    (`counts as “persons in need”`) and Chinese runs the label on unquoted (`届时改为特困人员`)."""
    quoted = in_quotes(label)
    if counted and lang != "en":
        return label
    if lang != "en" or not label[:1].islower() or label.partition(" ")[0] in DETERMINERS:
        return quoted
    if plural(label):
        return quoted if counted else f"among {quoted}"
    return indefinite_article(label) + quoted


def indefinite_article(phrase: str) -> str:
    """`a ` or `an ` before an English phrase, as it is heard: `an “elderly person …”`, `a “unit …”`."""
    return "an " if phrase[:1] in "aeiou" and not phrase.startswith(("uni", "use", "one")) else "a "


def names_a_household_zh(label: str) -> bool:
    """Whether a Chinese label of the household's names what kind of household it is, with no verb of its own
    (`建档立卡贫困户`), said of it after `为` (`本户为建档立卡贫困户`, not `本户建档立卡贫困户`); not one that begins
    with its verb or names its own subject (`有机动车`, `与他人合住`, `饮用水安全`), nor one that says what the
    household is itself (`认定为低保户`, `属于脱贫户`)."""
    return label.endswith(_A_HOUSEHOLD_ZH) and not any(word in label for word in _SAYS_WHAT_IT_IS_ZH)


def household_named(label: str) -> str:
    """An English label with no verb of its own (`leading_verb`: `be`) said of the household, set in a sentence
    (`in_sentence`): one that names a household, with its article (`Registered poor household` → `a registered poor
    household`: `the household is a registered poor household`); any other as it is (`in a remote village`)."""
    said = in_sentence(label)
    if said.split()[-1] not in ("household", "family") or said.partition(" ")[0] in DETERMINERS:
        return said
    return indefinite_article(said) + said


# a figure's number, as a figure or a label writes it (`7,600.00 元/年`, `24个月`, `70%`)
_FIGURE_NUMBER = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?")


def writes_figure(label: str, figure: str) -> bool:
    """Whether a label already writes the number of a figure (`低保存款限额（24个月）` beside `24 个月`), which is then
    not said again beside it."""
    found = _FIGURE_NUMBER.search(figure)
    if found is None:
        return False
    value = Decimal(found.group().replace(",", "").replace("，", ""))
    return any(Decimal(n.replace(",", "").replace("，", "").rstrip(".")) == value
               for n in _FIGURE_NUMBER.findall(label))


def ends_in_bracket(phrase: str) -> bool:
    """Whether a phrase ends in a bracket of its own (`最低生活保障金（按月补差发放，…）`): what a sentence adds
    after it in brackets follows a comma instead, so that two brackets are never read one after the other."""
    return phrase.endswith((")", "）"))


# how a bracket that gives a label's former or other name begins (`（原防止返贫监测收入范围）`, `(formerly the
# monitoring line)`): a figure at its end would read as that name's
_ANOTHER_NAME = re.compile(r"[（(]\s*(?:原|旧|曾|此前|以前|过去|即原|formerly\b|former\b|previously\b|once\b|earlier\b"
                           r"|until\b|old\b|was\b|ex-)", re.IGNORECASE)


def last_bracket(phrase: str) -> int:
    """Where the bracket a phrase ends in opens (`其他困难人员收入标准（原…）` → the index of `（`), or -1."""
    depth = 0
    for i in range(len(phrase) - 1, -1, -1):
        if phrase[i] in ")）":
            depth += 1
        elif phrase[i] in "(（":
            depth -= 1
            if depth == 0:
                return i
    return -1


def describes_value(label: str) -> bool:
    """Whether the bracket a label ends in says what its value is (`低保边缘家庭收入倍数（低保标准的倍数）`,
    `rural minimum living standard (dibao standard)`), so that a figure can end it: not where it gives a former or
    other name (`（原防止返贫监测收入范围）`), nor where there is no single bracket to tell by."""
    opened = last_bracket(label)
    return opened > 0 and _ANOTHER_NAME.match(label, opened) is None


# words that end the head of an English noun phrase: what follows them qualifies it (`deposits per household member`)
QUALIFIERS = frozenset(("of", "per", "after", "before", "from", "for", "in", "on", "at", "by", "with", "within",
                        "without", "to", "over", "under", "below", "above", "than", "plus", "minus", "less", "since",
                        "during", "between", "among", "as"))


def plural(phrase: str) -> bool:
    """Whether an English label, read as the subject of a sentence, takes a plural verb (`rigid expenses are below …`):
    its head — its last word before what qualifies it (a preposition, a number, a bracket) — is a plural in `s`
    (`deposits per household member`, `losses from disasters`; not `income`, `loss`, `status`, `the province's`), or
    it joins two heads with `and` (`deposits and securities of the household`). A label is a heading the policy
    writes; its grammar is all there is to tell by, as with `definite_article`."""
    head: list[str] = []
    for word in phrase.split():
        if word[:1] in "0123456789−-≈(（“" or word.lower() in QUALIFIERS:
            break
        head.append(word.lower().strip(",;:"))
    if not head:
        return False
    if "and" in head[1:]:
        return True
    last = head[-1]
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "'s")) and last not in DETERMINERS


# the verbs an English label may begin with whose plain form is not the one without its `s` (`has`: `they have`),
# the auxiliaries that say their own opposite (`can`: `cannot walk`, `was`: `was not disabled`, as `is` does), and
# those that have no such form to say them by (`must walk`: not `does not must walk`); a label of a member that
# begins with a plural's verb is said of one member (`are disabled`: `is disabled`)
_PLAIN_VERBS = {"has": "have", "is": "be", "does": "do", "can": "can", "was": "was"}
_OWN_OPPOSITE = frozenset(("be", "can", "was"))
_AUXILIARIES = frozenset(("could", "may", "might", "must", "shall", "should", "will", "would", "were", "had", "did",
                          "are", "have", "do"))
_OF_ONE = {"are": "is", "have": "has"}


# the verbs in `s` an English label of a yes/no value may begin with (`lives alone`, `receives a pension`), in their
# plain form: a first word in `s` that is none of them is no verb (`members living alone`, `assets over the limit`)
_LABEL_VERBS = frozenset((
    "attend", "belong", "benefit", "care", "carry", "claim", "come", "count", "depend", "drive", "earn", "farm", "get",
    "go", "help", "hold", "keep", "lack", "lie", "live", "look", "meet", "move", "need", "owe", "own", "pay", "qualify",
    "raise", "receive", "rely", "remain", "rent", "require", "reside", "run", "see", "share", "sleep", "stay", "study",
    "suffer", "support", "take", "use", "walk", "watch", "work"))


def leading_verb(label: str) -> tuple[str, str] | None:
    """The verb an English label of a yes/no value begins with, in its plain form, and the words after it: `has a
    serious illness` → `have`, `a serious illness`; `lives alone` → `live`, `alone`; `watches over …` → `watch`;
    `carries a debt` → `carry`; its first letter in either case (`Has a serious illness`). A label that begins with no
    verb of its own (`unable to work`, `bedridden`) is said after `is`: `be` and the label whole. A first word in `s`
    is a verb only where it is one of `_LABEL_VERBS`, not a plural (`members living alone`). An auxiliary that says
    its own opposite is its own plain form (`can walk` → `can`, `walk`). None where it begins with a verb that has no
    such form (`must walk`, `were disabled`), or with another word in `s`, which is said as written."""
    verb, _, rest = label.partition(" ")
    verb = verb[:1].lower() + verb[1:]
    if verb in _AUXILIARIES:
        return None
    if verb in _PLAIN_VERBS and rest:
        return _PLAIN_VERBS[verb], rest
    if not rest or not verb.isalpha() or not verb.endswith("s") or verb.endswith(("ss", "us", "is")):
        return "be", label
    plain = _plain_form(verb)
    return (plain, rest) if plain in _LABEL_VERBS else None


def in_sentence(label: str) -> str:
    """An English label set inside a sentence, its first letter small, where a heading's capital would be heard as a
    name (`is not Bedridden`, `a member Has a serious illness`); an acronym, a first word of two capitals or more, as
    written (`HIV positive`)."""
    if sum(letter.isupper() for letter in label.partition(" ")[0]) > 1:
        return label
    return label[:1].lower() + label[1:]


def said_of_a_member(label: str) -> str:
    """An English label of a member's yes/no value as a sentence says it of the member (`in_sentence`), to be said by
    the verb it begins with (`leading_verb`): one that begins with a plural, which says no verb of its own (`members
    living alone`, `assets over the limit`), as the condition it names, which the member meets: `meets the condition
    “members living alone”` (`no member meets …`, `does not meet …`, `they meet …`), not `a member members living
    alone`. One that begins with a plural's verb is said of one member: `are disabled` → `is disabled`."""
    first, space, rest = in_sentence(label).partition(" ")
    said = _OF_ONE.get(first, first) + space + rest
    if leading_verb(said) is None and said.partition(" ")[0] not in _AUXILIARIES:
        return f"meets the condition {in_quotes(label)}"
    return said


def _plain_form(verb: str) -> str:
    """A verb in `s` in its plain form: `carries` → `carry`, not `lies` → `ly`; `watches` → `watch`; `lives` →
    `live`."""
    if verb.endswith("ies") and len(verb) > 4:  # `carries`, not `lies`
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return verb[:-2]
    return verb[:-1]


# the words a yes/no label's opposite would be said wrongly after (`is not not …`, `does not have been …`), and the
# words that begin a subject that names no one thing, whose opposite is no `not` after it (`a member has …`: `no member
# has …`), or that leave the verb after them not the sentence's (`the person who has …`)
_NEGATIVES = frozenset(("not", "no", "never", "none", "neither", "nor", "nothing", "nobody", "nowhere"))
_PARTICIPLES = frozenset(("been", "had", "got", "gotten", "lost", "made", "paid", "sold", "left", "kept", "spent",
                          "become", "come", "gone", "done", "taken", "given", "seen", "known", "grown", "shown",
                          "fallen", "held", "brought", "bought", "found", "run", "begun", "built", "sent", "lent"))
_NO_ONE_THING = frozenset(("a", "an", "some", "any", "no", "every", "each", "all", "both", "either", "neither",
                           "none", "one", "many", "few", "most", "several", "only", "anyone", "someone", "everyone",
                           "nobody", "anybody", "somebody", "everybody", "nothing", "something", "anything",
                           "everything"))
_NOT_A_SUBJECT = frozenset(("who", "which", "that", "whose", "whom", "where", "when", "whether", "if", "because",
                            "and", "or", "nor", "not"))
_FINITE_VERBS = frozenset(("is", "are", "was", "were", "has", "have", "had", "does", "do", "did"))
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]|“[^“”]*”")  # or in quotes: `meets the condition “…”`


def turns_to_not(plain: str, rest: str) -> bool:
    """Whether the opposite of a yes/no label's verb (`leading_verb`) and the words after it is said exactly by
    `not` after `is` or `does`: `is not safe`, `does not have a serious illness`; not where the words after it are
    already negative (`is not polluted`), `has` is a tense's (`has been tested`: not `does not have been tested`) or
    another verb follows outside its brackets (`is dug and … has been tested`)."""
    words = _BRACKETED.sub("", rest).split()
    first = words[0].lower() if words else ""
    if first in _NEGATIVES or _FINITE_VERBS.intersection(w.lower() for w in words):
        return False
    return plain != "have" or not (first in _PARTICIPLES or first.endswith("ed"))


def subject_and_verb(label: str) -> tuple[str, str] | None:
    """An English yes/no label that is a sentence about one thing, its verb `is` or `has`, split before that verb:
    `drinking water is safe` → `drinking water`, `is safe`; `the household has a well` → `the household`, `has a
    well`. None for any other label: one with no subject (`has a serious illness`), one whose subject names no one
    thing (`a member has …`, `every tap is …`), or whose verb is not the sentence's (`the person who has …`)."""
    words = label.split(" ")
    for i, word in enumerate(words):
        if word in ("is", "has"):
            subject = words[:i]
            if not subject or subject[0].lower() in _NO_ONE_THING or subject[0][:1].isdigit() or (
                    _NOT_A_SUBJECT.intersection(w.lower() for w in subject)):
                return None
            return " ".join(subject), " ".join(words[i:])
    return None


def field_first(node: ast.Compare, policy_wide: Container[str]) -> tuple[str, ast.Node, ast.Node]:
    """A comparison as it is said, what it compares before the value it is compared with: one written value first,
    `3 > disability_grade`, or with a value the same for every household first, `dibao_standard > per_capita_income`
    (`policy_wide`: the names of the parameters and of what is computed from them alone), as the same written the
    other way round, `disability_grade < 3`, `per_capita_income < dibao_standard`; any other as written. Its words
    (`Wording`) and its figures (`plans.Comparison`) both say it so."""
    if _settled(node.left, policy_wide) > _settled(node.right, policy_wide):
        return _MIRRORED.get(node.op, node.op), node.right, node.left
    return node.op, node.left, node.right


def _settled(node: ast.Node, policy_wide: Container[str]) -> int:
    """How little a side of a comparison depends on the household, for `field_first`: a literal 2, a value read from
    `policy_wide` names alone 1, any other 0."""
    return 2 if isinstance(node, LITERALS) else 1 if reads_only(node, policy_wide) else 0


def _first(node: ast.Node) -> ast.Node:
    """The first of conditions joined by `and` / `or`, as they are said."""
    while isinstance(node, ast.And | ast.Or):
        node = node.left
    return node


def _chain(node: ast.Node, joint: type[ast.And] | type[ast.Or]) -> list[ast.Node]:
    """The conditions one chain of `joint` joins (`a`, `b`, `c` of `a and b and c`), in order; a condition joined
    otherwise is one of them."""
    return [*_chain(node.left, joint), *_chain(node.right, joint)] if isinstance(node, joint) else [node]


def _last(node: ast.Node) -> ast.Node:
    """The last of conditions joined by `and` / `or`, as they are said."""
    while isinstance(node, ast.And | ast.Or):
        node = node.right
    return node


class Vocabulary(Protocol):
    """What wording needs to know about a policy in one language."""

    lang: str
    policy_wide: frozenset[str]  # the names whose values no household changes (`Static.policy_wide`)

    def label(self, name: str) -> str: ...

    def kind(self, node: ast.Node) -> str: ...

    def constant(self, node: ast.Node) -> tuple[bool, Any]: ...

    def fn(self, node: ast.Node) -> Fn: ...

    def is_category(self, name: str) -> bool: ...

    def of_household(self, name: str) -> bool: ...

    def category_of_household(self, name: str) -> bool: ...

    def value_word(self, name: str, value: str) -> str: ...

    def enum_values(self, name: str) -> tuple[str, ...]: ...

    def is_percent(self, name: str) -> bool: ...

    def written_monthly(self, name: str) -> bool: ...

    def counts_months(self, node: ast.Node) -> bool: ...

    def show(self, kind: str) -> Callable[[Any], str]: ...


class Money(NamedTuple):
    """A hole for an amount: its value, how it is written, and the unit written after it (`""` where bare)."""

    fn: Fn
    show: Callable[[Any], str]
    unit: str


Part = str | tuple[Fn, Callable[[Any], str]] | Money


class Template:
    """Text with holes, each filled for one household by a compiled value and the way to show it."""

    __slots__ = ("constant", "holes", "money", "texts")

    def __init__(self, parts: list[Part]):
        merged = strings_joined(parts)
        self.constant: str | None = merged[0] if len(merged) == 1 and isinstance(merged[0], str) else (
            "" if not merged else None)
        # the text with an empty string for each hole, and each hole by its place: filling one is a copy,
        # a value written at each hole, and a join
        self.texts = [part if isinstance(part, str) else "" for part in merged]
        self.holes = [(i, part[0], part[1]) for i, part in enumerate(merged) if not isinstance(part, str)]
        self.money = {i: part.unit for i, part in enumerate(merged) if isinstance(part, Money)}  # by place: the unit

    def fill(self, ctx: Any) -> str:
        if self.constant is not None:
            return self.constant
        out = self.texts.copy()
        for i, fn, show in self.holes:
            out[i] = show(fn(ctx))
        return "".join(out)

    def fill_to(self, ctx: Any, places: Decimal) -> str:
        """`fill`, each amount the fen would round written to `places` instead (`thousands_to`)."""
        if self.constant is not None:
            return self.constant
        out, money = self.texts.copy(), self.money
        for i, fn, show in self.holes:
            value, unit = fn(ctx), money.get(i)
            out[i] = show(value) if unit is None or type(value) is not Decimal else thousands_to(value, places) + unit
        return "".join(out)


def _evaluation_date(ctx: Any) -> Any:
    return ctx.hh.date


def _iso(day: Any) -> str:
    return str(day.isoformat())


class Wording:
    """`words` and `numbers` for the expressions of one policy in one language, each worked out once."""

    def __init__(self, vocabulary: Vocabulary, figure: Callable[[str], str | None] | None = None):
        self.v = vocabulary
        # a name's figure to say beside its label in words (`低保对象医疗救助比例（70%）`), where given: a document
        # whose reader has no household's working to find it in
        self.figure = figure
        # each name said with its figure: its label, the words up to the end of its figure (`农村最低生活保障标准
        # （510.00 元/月`), the same without the figure (`农村最低生活保障标准（`) and the bracket that closes it; a
        # rule says a figure once, where it first names the parameter
        self._figured: dict[str, tuple[str, str, str, str]] = {}
        self.lang = vocabulary.lang
        self.w = WORDS[vocabulary.lang]
        self.units = UNIT_WORDS[vocabulary.lang]
        self._words: dict[int, str] = {}
        self._month_words: dict[int, str] = {}  # words beside numbers that show rates per month
        self._numbers: dict[tuple[int, bool], Template] = {}
        # by the node's identity and what is turned in it: it, its opposite (or itself turned)
        self._opposites: dict[tuple[int, str], tuple[ast.Node, ast.Node | None]] = {}

    # -- words ----------------------------------------------------------------------------

    def words(self, node: ast.Node, per_month: bool = False) -> str:
        """The expression with labels for names: what it means, without any household's values. Where its numbers
        show rates per month (asked, or the expression multiplies by months), a rate the policy does not write per
        month is said as its month's share (`家庭年人均收入（按月折算）`), so that its label and its value agree."""
        said = self._month_words if per_month or self.v.counts_months(node) else self._words
        key = id(node)
        text = said.get(key)
        if text is None:
            parts = self._parts(node, None, monthly=said is self._month_words)
            text = said[key] = self._once("".join(p for p in parts if isinstance(p, str)))
        return text

    def _once(self, text: str) -> str:
        """Words with each parameter's figure at its first mention only: `农村最低生活保障标准（510.00 元/月，含）与
        1.5 × 农村最低生活保障标准（不含）`, not the figure twice in one rule."""
        comma = self.w["comma"]
        for label, opening, bare, close in self._figured.values():
            first = text.find(opening)
            if first < 0:
                continue
            # after it, the name in its own bracket, or a range's end whose bracket also says whether it is included
            head, rest = text[:first + len(opening)], text[first + len(opening):]
            text = head + rest.replace(opening + close, label).replace(opening + comma, bare)
        return text

    def spoken(self, node: ast.Node) -> str | None:
        """A product of a fixed share, multiple or number of months and a named value as it is read aloud, what its
        working does not say in words (`计入收入的 50%`, `24 个月的农村最低生活保障标准`, `1.5 times …`); None for any
        other expression. A share, multiple or number of months the policy sets as a parameter is said by
        its value. An age times months is not so many months of it but the age in months (`age * 1 month`:
        `年龄折合月数` / `age in months`, not `1 个月的年龄`); any other value that is no rate, times months, has
        no length to say in months (`count(members) * 6 months` is no number of members in months) and is said as
        the product it is (None)."""
        if not (isinstance(node, ast.Arith) and node.op == "*"):
            return None
        for factor, named in ((node.left, node.right), (node.right, node.left)):
            if not isinstance(named, ast.Name | ast.Aggregate) or isinstance(factor, ast.Aggregate):
                continue
            constant, value = self.v.constant(factor)
            if isinstance(factor, ast.Quantity) and factor.unit in ("month", "year"):
                words, number = "months_of", "".join(p for p in self._parts(factor, False) if isinstance(p, str))
            elif isinstance(factor, ast.Name) and constant and value is not None and self.v.kind(factor) == "duration":
                words, number = "months_of", self.show(factor)(value)
            elif isinstance(factor, ast.Percent) or (isinstance(factor, ast.Name) and self.v.is_percent(factor.dotted)
                                                      and constant and value is not None):
                words, number = "share_of", self.show(factor)(value) if isinstance(factor, ast.Name) else (
                    number_text(factor.value) + "%")
            elif isinstance(factor, ast.Number) or (isinstance(factor, ast.Name) and constant
                                                     and self.v.kind(factor) == "number" and value is not None):
                words, number = "times", number_text(factor.value if isinstance(factor, ast.Number) else value)
            else:
                continue
            if words == "months_of" and self.v.kind(named) != "rate":
                if self.v.kind(named) != "age":
                    return None
                words = "in_months"
            x = self.words(named, per_month=self.v.counts_months(node))
            return self.w[words].format(x=x, n=number, the=definite_article(x) if self.lang == "en" else "")
        return None

    def numbers(self, node: ast.Node, per_month: bool = False) -> Template:
        """The expression with values for names, to be filled in for one household; rates per month when
        asked, or when the expression multiplies by months."""
        key = (id(node), per_month)
        template = self._numbers.get(key)
        if template is None:
            template = self._numbers[key] = Template(self._parts(node, per_month or self.v.counts_months(node)))
        return template

    def show(self, node: ast.Node, per_month: bool = False, bare: bool = False) -> Callable[[Any], str]:
        """How a value of this node is written: with its unit (or bare money), enum values by their labels."""
        kind = self.v.kind(node)
        name = node.dotted if isinstance(node, ast.Name) else None
        if name is not None and self.v.is_percent(name):
            return lambda value: f"{number_text((value * 100).normalize())}%"
        if kind == "text" and name is not None:
            return self._quoted(name)
        return self.show_kind(kind, per_month, bare)

    def money_unit(self, node: ast.Node, per_month: bool = False, bare: bool = False) -> str | None:
        """The unit `show` writes after an amount of this node (`" 元/年"`, `""` where bare); None for any other
        value, and for a rate written per month (its month's share, marked `≈` where the fen rounds it)."""
        kind = self.v.kind(node)
        if kind not in ("amount", "rate") or (per_month and kind == "rate") or (
                isinstance(node, ast.Name) and self.v.is_percent(node.dotted)):
            return None
        return "" if bare else " " + self.units[kind]

    def _quoted(self, name: str) -> Callable[[Any], str]:
        """How a text input's value is written: quoted, an enum value by its label; each value worked out once."""
        word, quote, missing = self.v.value_word, self.w["quote"], self.units["missing"]
        said: dict[str, str] = {}

        def quoted(value: Any) -> str:
            if not isinstance(value, str):
                return missing
            text = said.get(value)
            if text is None:
                text = quote.format(v=word(name, value))
                if len(said) < 64:  # free text could have any value: keep the memo small
                    said[value] = text
            return text
        return quoted

    def show_kind(self, kind: str, per_month: bool = False, bare: bool = False) -> Callable[[Any], str]:
        """How a value of a kind is written: money with its unit (rates per month when asked), or bare."""
        lang = self.lang
        if kind in ("amount", "rate"):
            if per_month and kind == "rate":
                return lambda value: human(value, "rate", lang, per="month")
            if bare:
                def bare_money(value: Any) -> str:
                    if type(value) is Decimal:
                        return grouped(value)
                    return human(value, kind, lang)
                return bare_money
        return self.v.show(kind)

    def _bracket(self, node: ast.Node, minimum: int, per_month: bool | None, monthly: bool = False) -> list[Part]:
        parts = self._parts(node, per_month, monthly)
        return ["(", *parts, ")"] if level_of(node) < minimum else parts

    def _parts(self, node: ast.Node, per_month: bool | None, monthly: bool = False) -> list[Part]:
        """`per_month` None: words (`monthly`: beside numbers that show rates per month); True or False: numbers,
        rates per month or as they are."""
        w = self.w
        words = per_month is None
        match node:
            case ast.Name() | ast.Aggregate():
                if words:
                    said = self._name_words(node)
                    if monthly and self.v.kind(node) == "rate" and not (
                            isinstance(node, ast.Name) and self.v.written_monthly(node.dotted)):
                        said = self._beside(said, w["a_month"])
                    return [said]
                show = self.show(node, per_month=bool(per_month), bare=not per_month)
                constant, value = self.v.constant(node)
                if constant:
                    return [show(value)]
                unit = self.money_unit(node, bool(per_month), bare=not per_month)
                return [(self.v.fn(node), show) if unit is None else Money(self.v.fn(node), show, unit)]
            case ast.Number(value=v):
                return [number_text(v)]
            case ast.Percent(value=v):
                return [number_text(v) + "%"]
            case ast.Quantity(value=v, unit=u):
                return [f"{number_text(v)} {w[u]}" + ("s" if self.lang == "en" and u in ("month", "year") and v != 1
                                                      else "")]
            case ast.String(value=v):
                return [w["quote"].format(v=v)]
            case ast.Boolean(value=v):
                return [self.units["yes" if v else "no"]]
            case ast.Date(value=v):
                return [v.isoformat()]
            case ast.Neg(operand=o):
                return ["−", *self._bracket(o, LEVEL_UNARY, per_month, monthly)]
            case ast.Arith(op=op, left=left, right=right):
                level = level_of(node)
                return [*self._bracket(left, level, per_month, monthly), _ARITH[op],
                        *self._bracket(right, level + 1, per_month, monthly)]
            case ast.Call(function="age", args=(born,)) if words:
                before, _, after = w["age"].partition("{x}")
                return [before, *self._parts(born, per_month, monthly), after]
            case ast.Call(function="age", args=(born,)):  # with the household's numbers: the day it is counted to
                before, _, rest = w["age_on"].partition("{x}")
                between, _, after = rest.partition("{date}")
                return [before, *self._parts(born, per_month, monthly), between, (_evaluation_date, _iso), after]
            case ast.Call(function=f, args=args):
                inner: list[Part] = []
                for i, a in enumerate(args):
                    inner += ([w["comma"]] if i else []) + self._parts(a, per_month, monthly)
                return [w.get(f + "()", w.get(f, f)), w["open"], *inner, w["close"]]
        if not words:  # a condition inside a number, or a choice of numbers: its value, a rate per month where asked
            return [(self.v.fn(node), self.show(node, per_month=bool(per_month)))]
        return [self.condition(node)]

    def _name_words(self, node: ast.Name | ast.Aggregate) -> str:
        if isinstance(node, ast.Name):
            label = self.v.label(node.dotted)
            figure = self.figure(node.dotted) if self.figure is not None else None
            if figure is None:
                return label
            if writes_figure(label, figure):  # still marked where it is a value to confirm: `…（24个月）⚠`
                return label + mark_after(label, self.lang) if figure.endswith(" ⚠") else label
            opened = last_bracket(label) + 1 if ends_in_bracket(label) else 0
            if opened and describes_value(label):  # in its bracket, `倍数（低保标准的倍数，1.5） × …`: not
                bare, close = label[:-1] + self.w["comma"], label[-1]  # `…）（1.5）`, nor `…），1.5 × …`, the
                # product's start
            elif opened:  # first in it, beside what it is the value of, a former name after it:
                # `标准（7,600.00 元/年；原…）`, not `标准（原…，7,600.00 元/年）`
                bare, close = label[:opened], self.w["semicolon"] + label[opened:]
            else:
                bare, close = label + self.w["open"], self.w["close"]
            self._figured[node.dotted] = (label, bare + figure, bare, close)
            return bare + figure + close
        w = self.w
        where = self.predicate(node.where) if node.where is not None else None
        value = self.words(node.value) if node.value is not None else None
        if node.function == "count":
            member_category = self._member_category(node.where)
            if member_category is not None:  # `不属于“特困人员”的成员数`, not `成员数（不属于“特困人员”）`
                name, negated = member_category
                return w["count_not_in" if negated else "count_in"].format(x=self.category(name))
            aged = self.aged(node.where) if node.where is not None else None
            if aged is not None:  # `年满 60 周岁的成员数`, not `成员数（年满 60 周岁）`
                return w["count_aged"].format(p=aged)
            return w["count_where"].format(p=where) if where else w["count"]
        if node.function in ("any", "all") and (where is None or value is None):
            member_category = self._member_category(node.where if node.where is not None else node.value)
            if member_category is not None:  # `a member is a “…”`, not `a member “…”`
                name, negated = member_category
                return w[f"{node.function}_{'not_in' if negated else 'in'}"].format(x=self.category(name))
            return self._of_member(node, node.function)
        # with a `where`, the members it chooses are said too: `every member (aged 18 or over): …`
        return w[node.function + "_where"].format(v=value, p=where) if where else w[node.function].format(v=value)

    def not_holding(self, node: ast.Node) -> str | None:
        """`any(members where p)` or `all(members, p)` where it does not hold, said plainly: `没有成员患重特大疾病`,
        `有成员未满 18 周岁` (of `all(members, age >= 18)`), `有成员未满 60 周岁 且 年满 16 周岁` (of `all(members,
        age >= 60 or age < 16)`); of a category, `有成员不属于“特困人员”`, and for `any(members where not X)`,
        `所有成员都属于“特困人员”` rather than a double negative. None for `all` of any other condition, which has no
        plain opposite, and for any other value."""
        if not (isinstance(node, ast.Aggregate) and node.function in ("any", "all") and (
                node.where is None or node.value is None)):
            return None
        p = node.where if node.where is not None else node.value
        assert p is not None
        every = node.function == "all"
        member_category = self._member_category(p)
        if member_category is not None:
            name, negated = member_category
            return self.w[f"{'any' if every else 'all'}_{'in' if negated else 'not_in'}"].format(x=self.category(name))
        household = self._of_the_household(p, False)
        if household is not None:
            return household
        if not every:
            return self._of_member(node, "no_member")
        opposite = self._opposite_ages(p)
        return None if opposite is None else self.w["any"].format(p=self._of_a_member(opposite, None))

    def _opposite_ages(self, node: ast.Node, yes_nos: bool = False) -> ast.Node | None:
        """What holds of a member where a condition of ages alone does not: each age turned, `and` and `or` swapped
        (`age < 60 and age >= 16` of `age >= 60 or age < 16`); with `yes_nos`, of their yes/no fields and categories
        too, each said with `not` or without it (`not serious_illness or age < 60` of `serious_illness and age >=
        60`). None where any part is none of these. Kept for as long as the wording, whose words are remembered by
        each node's identity."""
        key = (id(node), "yes_nos" if yes_nos else "ages")
        if key in self._opposites:
            return self._opposites[key][1]
        opposite: ast.Node | None = None
        if isinstance(node, ast.And | ast.Or):
            left, right = self._opposite_ages(node.left, yes_nos), self._opposite_ages(node.right, yes_nos)
            if left is not None and right is not None:
                opposite = (ast.Or if isinstance(node, ast.And) else ast.And)(left, right, node.span)
        elif isinstance(node, ast.Compare) and self.aged(node) is not None:
            opposite = replace(node, op=_OPPOSITE[node.op])
        elif yes_nos and (self._yes_no(node) or self._member_category(node)) is not None:
            opposite = node.operand if isinstance(node, ast.Not) else ast.Not(node, node.span)
        self._opposites[key] = (node, opposite)
        return opposite

    def _turned(self, node: ast.Node) -> ast.Node:
        """A condition on a member with each `not` of conditions joined said as their opposite, where each has one
        (`_opposite_ages`): `not serious_illness or age < 60` of `not (serious_illness and age >= 60)`, said `does not
        have a serious illness or is aged under 60`, not `it is not the case that (has a serious illness and …)`, with
        no one to say it of; and each chain of `and` (or of `or`) that begins with conditions of the household's alone
        (`assets.car and serious_illness`) with those at its end, where they are said as the household's
        (`_household_said`: `has a serious illness and the household owns a motor vehicle`, not `owns a motor vehicle
        and has …`, heard as the member's car)."""
        key = (id(node), "turned")
        if key in self._opposites:
            return self._opposites[key][1] or node
        turned: ast.Node | None = None
        if isinstance(node, ast.Not) and isinstance(node.operand, ast.And | ast.Or):
            turned = self._opposite_ages(node.operand, yes_nos=True)
        elif isinstance(node, ast.And | ast.Or):
            joint = ast.And if isinstance(node, ast.And) else ast.Or
            parts = _chain(node, joint)
            said = [self._turned(part) for part in parts]
            leading = next((i for i, part in enumerate(said) if not self._of_household_alone(part)), 0)
            said = said[leading:] + said[:leading]
            if any(part is not written for part, written in zip(said, parts, strict=True)):
                turned = said[0]
                for part in said[1:]:
                    turned = joint(turned, part, node.span)
        self._opposites[key] = (node, turned)
        return turned or node

    def _of_household_alone(self, node: ast.Node) -> bool:
        """Whether a condition on a member is a yes/no of the household's said as the household's, or conditions
        joined that are all such."""
        if isinstance(node, ast.And | ast.Or):
            return self._of_household_alone(node.left) and self._of_household_alone(node.right)
        return self._household_said(node, True) is not None

    def _of_member(self, node: ast.Aggregate, subject: str) -> str:
        """The condition of `any` or `all` said of `subject`, `有成员` / `a member`, `所有成员` / `every member`,
        `没有成员` / `no member`, as a sentence (`_of_a_member`): in English the member's where it begins with a label
        (`a member's relation to the head is …`)."""
        p = node.where if node.where is not None else node.value
        assert p is not None
        household = self._of_the_household(p, subject != "no_member")
        if household is not None:
            return household
        p = self._turned(p)
        own = self._labelled(_first(p))
        return self.w[subject + ("_own" if own else "")].format(p=self._of_a_member(p, None))

    def _of_the_household(self, node: ast.Node, holds: bool) -> str | None:
        """A condition on members of the household's yes/no values alone (`_of_household_alone`), which holds for
        every member or for none, said as the household's (`_household_said`) where it `holds`, else its opposite:
        `the household owns a motor vehicle` / `本户有机动车` of `any(members where assets.car)`, `the household does
        not own a motor vehicle` / `本户并非“有机动车”` where no member meets it, not `a member owns a motor vehicle`,
        heard as a member's car. None for any other condition."""
        node = self._turned(node)
        if not self._of_household_alone(node):
            return None
        said = node if holds else self._opposite_ages(node, yes_nos=True)
        return None if said is None else self._each_part(said, lambda part: self._household_said(part, True))

    def _of_a_member(self, node: ast.Node, before: ast.Node | None, theirs: bool = False) -> str:
        """A condition on one member, each of its parts said of them after `before`, the part said just before (None
        at the start), with a verb of its own where the one before it does not fit: an age as it is heard (`年满 70
        周岁` / `is aged 70 or over`, `aged …` after an age), a member category likewise (`is a “person in extreme
        poverty (tekun)”`), a label as theirs after another part (`… and their relation to the head is …`); a yes/no
        field says its own verb (`has a serious illness`). Once a label has been said (`theirs`: before this part),
        the member is `they`: `they are aged …`, `they are a “…”`, `they have a serious illness`."""
        if isinstance(node, ast.And | ast.Or):
            left_level, joint, right_level = self._join_levels(node)
            said = self._sub(node.left, left_level, self._of_a_member(node.left, before, theirs))
            last = _last(node.left)
            again = self._again(last, said, node.right)
            theirs = theirs or self._labels(node.left, before)
            return said + joint + (again if again is not None else self._sub(
                node.right, right_level, self._of_a_member(node.right, last, theirs)))
        household = None if before is None else self._household_said(node, True)
        if household is not None:  # `… and the household owns a motor vehicle`, not heard as the member's
            return household
        aged = self.aged(node)
        if aged is not None:
            if before is not None and self.aged(before) is not None:
                return aged
            return self.w["they_are" if theirs else "is_aged"].format(p=aged)
        member_category = self._member_category(node)
        if member_category is not None:
            name, negated = member_category
            key = f"{'they_are' if theirs else 'is'}_{'not_in' if negated else 'in'}"
            return self.w[key].format(x=self.category(name))
        if self._labelled(node) and before is not None:
            return self.w["their"].format(p=self.condition(node))
        said = self.predicate(node)
        yes_no = self._yes_no(node)
        return said if yes_no is None else self._yes_no_said(*yes_no, theirs) or said

    def _yes_no_said(self, field: str, negated: bool, theirs: bool) -> str | None:
        """A yes/no field of a member (or, `negated`, its opposite), said by the verb its label begins with
        (`leading_verb`, `said_of_a_member`): `does not have a serious illness`, `is not bedridden`, `is unable to work
        (…)`, `meets the condition “members living alone”`; `theirs`, after a label, of them: `they have …`, `they do
        not live alone`; as written where it holds (`has a serious illness`). None where the words have none (Chinese,
        which says the field's label as it is: `并非“患重特大疾病”`), and where its verb has no form to say it by (`can
        walk`)."""
        if self.lang != "en":
            return None
        label = said_of_a_member(self.v.label(field))
        said = self._verb_said(label, negated, "they " if theirs else "")
        return label if said is None and not negated and not theirs else said

    def _verb_said(self, label: str, negated: bool, who: str) -> str | None:
        """A yes/no label said by the verb it begins with (`_yes_no_said`), of `who` (`""`, the member; `"they "`;
        `"household "`, the household); its opposite only where `not` says it exactly (`turns_to_not`)."""
        verb = leading_verb(label)
        if verb is None or (negated and not turns_to_not(*verb)):
            return None
        plain, rest = verb
        said = self.w.get(f"{who}{plain if plain in _OWN_OPPOSITE else 'do'}{'_not' if negated else ''}")
        return None if said is None else said.format(v=plain, p=rest)

    def _labels(self, node: ast.Node, before: ast.Node | None) -> bool:
        """Whether a part of a condition on a member, said after `before` (None at the start), is a label, the
        member's (`_labelled`), or a yes/no said as the household's (`_household_said`), so that the member is `they`
        after it."""
        if isinstance(node, ast.And | ast.Or):
            return self._labels(node.left, before) or self._labels(node.right, _last(node.left))
        return self._labelled(node) or (before is not None and self._household_said(node, True) is not None)

    def _yes_no(self, node: ast.Node) -> tuple[str, bool] | None:
        """The yes/no field a condition on a member is (`serious_illness`) or is not (`not serious_illness`), and
        whether it is `not`; None for any other condition."""
        negated = isinstance(node, ast.Not)
        if isinstance(node, ast.Not):
            node = node.operand
        if isinstance(node, ast.Name) and self.v.kind(node) == "boolean":
            return node.dotted, negated
        return None

    def _labelled(self, node: ast.Node) -> bool:
        """Whether a condition on a member begins with the label of one of their values (`relation to the head is
        “head of household”`, `birth date < 1960-01-01`, `age in full years × 12 ≥ 600`), not an age as it is heard."""
        operand = field_first(node, self.v.policy_wide)[1] if isinstance(node, ast.Compare) else node.value if (
            isinstance(node, ast.InSet | ast.InRange)) else None
        while isinstance(operand, ast.Arith):
            operand = operand.left
        return isinstance(operand, ast.Name) and self.aged(node) is None

    def aged(self, node: ast.Node, again: bool = False) -> str | None:
        """A member's age compared with a fixed number, written either way round (`age >= 70`, `70 <= age`), as it is
        heard (`年满 70 周岁`, `aged 70 or over`), the words every reading of an age says it by; `again`: right after
        another age, in English without `aged` (`under 16`).
        A number a parameter holds is said with its name, as every reading of a parameter names it (`年满 60 周岁（退休
        年龄）`, `aged 60 or over (retirement age)`). None for any other condition."""
        if not (isinstance(node, ast.Compare) and node.op in _MIRRORED):
            return None
        for age, number, op in ((node.left, node.right, node.op), (node.right, node.left, _MIRRORED[node.op])):
            if self.v.kind(age) != "age":
                continue
            constant, value = self.v.constant(number)
            if constant and value is not None and self.v.kind(number) in ("number", "age"):
                key = f"aged{op}"
                said = self.w.get(f"{key} again" if again else key, self.w[key]).format(n=number_text(value))
                if isinstance(number, ast.Name):
                    said += self.w["open"] + self.v.label(number.dotted) + self.w["close"]
                return said
        return None

    def runs_into_number(self, said: str, node: ast.Node | None = None) -> bool:
        """Whether words end in a word that a number said right after them would be heard as part of: a number of
        their own (`number of members aged under 16`), a word that leads on to what follows (`number of members aged
        60 or over`, `houses owned besides the one lived in`, heard as `… or over 1`, `… lived in 0`), or, in English,
        a bracket of their own before a bare number, the value of `node` (`motor vehicles (except mobility vehicles
        for disabled persons)`, `number of members aged 60 or over (retirement age)`, heard as `disabled persons 0`,
        `retirement age 1`; an amount's unit tells it from the bracket, `(dibao standard) 5,880.00 yuan/year`): the
        value after them is then set apart (`… (0)`)."""
        last = said.split()[-1] if said.split() else ""
        return last[-1:].isdigit() or last.lower() in self.w["leads_on"].split() or (
            said.endswith(tuple(self.w["bracket_leads_on"])) and node is not None and self.v.kind(node) == "number")

    def _member_category(self, node: ast.Node | None) -> tuple[str, bool] | None:
        """The category a member condition is (`tekun`) or is not (`not tekun`), and whether it is `not`; None for
        any other condition."""
        negated = isinstance(node, ast.Not)
        if isinstance(node, ast.Not):
            node = node.operand
        if isinstance(node, ast.Name) and self.v.is_category(node.dotted):
            return node.dotted, negated
        return None

    def category(self, name: str) -> str:
        """A category after `is` / `属于` (`category_said`): `a “person in extreme poverty (tekun)”`."""
        return category_said(self.v.label(name), self.lang)

    # -- conditions -----------------------------------------------------------------------

    def predicate(self, node: ast.Node) -> str:
        """A condition on a member, as it reads in `number of members (…)`, `sum of … over members (…)`: an age as it
        is heard (`aged 60 or over`); one of the household's yes/no values alone, which every member meets or none,
        as the household's (`_of_the_household`: `number of members (the household owns a motor vehicle)`)."""
        w, node = self.w, self._turned(node)
        if isinstance(node, ast.Name) and self.v.is_category(node.dotted):
            return w["in_category"].format(x=quotes_within(self.v.label(node.dotted)))
        if isinstance(node, ast.Not) and isinstance(node.operand, ast.Name) and self.v.is_category(
                node.operand.dotted):
            return w["not_in_category"].format(x=quotes_within(self.v.label(node.operand.dotted)))
        said = self._of_the_household(node, True)
        if said is None:
            said = self._of_members(node)
        return self.condition(node) if said is None else self._once(said)

    def condition(self, node: ast.Node) -> str:
        """A yes/no rule in words: `住房安全等级为“C”或“D”`, `年满 60 周岁 或 未满 16 周岁 或 …`."""
        key = id(node)
        text = self._words.get(key)
        if text is None:
            text = self._words[key] = self._once(self._condition(node))
        return text

    def _sub(self, node: ast.Node, minimum: int, said: str | None = None) -> str:
        """A part of a condition in words (`said`, where said otherwise), bracketed where it binds less tightly than
        `minimum`."""
        text = said if said is not None else self.condition(node) if level_of(node) <= LEVEL_COMPARE else (
            self.words(node))
        if level_of(node) < minimum:
            return f"（{text}）" if self.lang == "zh" and level_of(node) <= LEVEL_NOT else f"({text})"
        return text

    def _condition(self, node: ast.Node) -> str:
        w = self.w
        match node:
            case ast.Or() | ast.And():
                return self._joined(node)
            case ast.Not(operand=o):
                return self._opposite_sentence(o) or self._not_joined(o) or self.not_holding(o) or w["not"].format(
                    x=self._sub(o, LEVEL_NOT))
            case ast.Compare() if (aged := self.aged(node)) is not None:  # `年满 60 周岁`, not `年龄（周岁） ≥ 60`
                return aged
            case ast.Compare():
                op, left, right = field_first(node, self.v.policy_wide)
                if isinstance(left, ast.Name) and isinstance(right, ast.String) and op in ("==", "!="):
                    x = self.words(left)
                    refused, v = self.allowed(left, (right,), op == "!=")
                    return w[self._be(x) + ("_not" if refused else "")].format(x=x, v=v)
                return f"{self._sub(left, LEVEL_SUM)} {COMPARE[op]} {self._sub(right, LEVEL_SUM)}"
            case ast.InSet(value=v, items=items, negated=negated):
                x = self._sub(v, LEVEL_SUM)
                refused, said = self.allowed(v, items, negated)
                return w[self._be(x) + ("_not" if refused else "")].format(x=x, v=said)
            case ast.InRange(value=v, low=lo, high=hi, low_closed=lo_closed, high_closed=hi_closed):
                return w["range"].format(x=self._sub(v, LEVEL_SUM), lo=self._bound(lo, lo_closed),
                                         hi=self._bound(hi, hi_closed))
            case ast.IfThenElse(condition=c, then=t, otherwise=o):
                said = w["else_if" if isinstance(o, ast.IfThenElse) else "if"]
                return said.format(c=self.spaced(self._choice_part(c, self.condition)),
                                   t=self.spaced(self._choice_part(t, self.words)), o=self.spaced(self.words(o)))
            case ast.Name() | ast.Aggregate():
                return self._name_words(node)
        return self.words(node)

    def _opposite_sentence(self, node: ast.Node) -> str | None:
        """`not` a yes/no value whose label is a sentence about one thing (`subject_and_verb`), said by its verb:
        `drinking water is not safe`, `the household does not have a well`, not `not “drinking water is safe”`; None
        for any other."""
        if not (isinstance(node, ast.Name) and self.v.kind(node) == "boolean"):
            return None
        split = subject_and_verb(self.v.label(node.dotted))
        if split is None:
            return None
        subject, verb = split
        said = self._verb_said(verb, True, "")
        return None if said is None else f"{subject} {said}"

    def _joined(self, node: ast.And | ast.Or, part: Callable[[ast.Node], str | None] = lambda _: None) -> str:
        """Two conditions joined by `and` or `or`, each as `part` says it where it does; an age right after another
        said without `aged` again, in English (`aged 60 or over or under 16`), where no bracket stands between them."""
        left_level, joint, right_level = self._join_levels(node)
        said = self._sub(node.left, left_level, part(node.left))
        again = self._again(_last(node.left), said, node.right)
        return said + joint + (again if again is not None else self._sub(node.right, right_level, part(node.right)))

    def _of_members(self, node: ast.Node) -> str | None:
        """A condition choosing members (`number of members (…)`) where a part of it is the opposite of a yes/no
        field of theirs, that part said as a condition on a member says it: `does not have a serious illness`, `aged
        60 or over and does not have …`, not `not “has a serious illness”`; and where a yes/no of the household's
        follows a part, that one said as the household's (`_household_said`: `has a serious illness and the household
        owns a motor vehicle`, `患重特大疾病 且 本户有机动车`); None where it has no such part."""
        first = _first(node)

        def said(part: ast.Node) -> str | None:
            household = None if part is first else self._household_said(part, True)
            if household is not None:
                return household
            yes_no = self._yes_no(part)
            return self._yes_no_said(*yes_no, False) if yes_no is not None and yes_no[1] else None
        return self._each_part(node, said)

    def _each_part(self, node: ast.Node, said: Callable[[ast.Node], str | None]) -> str | None:
        """Conditions joined by `and` / `or`, each that `said` says as it says it and any other as it is; None where
        `said` says none of them."""
        if isinstance(node, ast.And | ast.Or):
            sides = {id(side): self._each_part(side, said) for side in (node.left, node.right)}
            return None if all(part is None for part in sides.values()) else self._joined(node, lambda side: sides[
                id(side)])
        return said(node)

    def _not_joined(self, node: ast.Node) -> str | None:
        """`not` of conditions joined by `and` or `or`, said as a sentence with the conditions in its bracket, each
        yes/no of the household's as the household's where its label alone has no one to say it of
        (`_household_said`): `并非（有机动车 且 存款 > 5000 元）`, `it is not the case that (the household owns a motor
        vehicle and deposits > 5000 yuan)`, not quoted within the quotes that a condition is said in
        (`不符合“并非“（…）””这一条件`); None for any other condition."""
        if not isinstance(node, ast.And | ast.Or):
            return None
        return self.w["not_joined"].format(x=self._sub(node, LEVEL_NOT, self._each_part(
            node, lambda part: self._household_said(part, False))))

    def _household_said(self, node: ast.Node, among_members: bool) -> str | None:
        """A yes/no of the household's (or its opposite) said as the household's where its label would be heard as
        someone else's or no one's: in English where the label begins with its verb (`the household owns a motor
        vehicle`, `the household does not own …`) or has none (`household_named`: `the household is a registered poor
        household`), not where it names its own subject (`drinking water is safe`, `a member has …`); in Chinese
        `among_members`, within a condition on a member (`本户有机动车`, `本户并非“…”`), after `为` where the label
        names a kind of household (`names_a_household_zh`: `本户为建档立卡贫困户`), where the label does not name the
        household itself (`家庭成员注册有…`). A category of the household's among a member's conditions likewise
        (`the household is a “resident household”`, `本户属于“常住户”`), not `is a “…”`, heard as the member's. None
        for any other condition, and where no words say it exactly (`has been tested`)."""
        category = self._member_category(node)
        if category is not None:
            name, negated = category
            return self.w["household_is_not_in" if negated else "household_is_in"].format(x=self.category(name)) if (
                among_members and self.v.category_of_household(name)) else None
        yes_no = self._yes_no(node)
        if yes_no is None or not self.v.of_household(yes_no[0]):
            return None
        field, negated = yes_no
        label = self.v.label(field)
        if self.lang != "en":
            if not among_members or label.startswith(_THE_HOUSEHOLD_ZH):
                return None
            return self.w["household_not" if negated else "household be" if names_a_household_zh(label)
                          else "household"].format(p=quotes_within(label) if negated else label)
        verb = leading_verb(label)
        if verb is None or subject_and_verb(label) is not None:
            return None
        if verb[0] == "be":  # `the household is a registered poor household`, not `is registered poor household`
            return self._verb_said(household_named(label), negated, "household ")
        return self._verb_said(label, True, "household ") if negated else self.w["household"].format(p=label)

    def _join_levels(self, node: ast.And | ast.Or) -> tuple[int, str, int]:
        """The levels below which each side of `and` or `or` is bracketed, and the word between them: `and` inside
        `or` is bracketed, words have no precedence."""
        if isinstance(node, ast.And):
            return LEVEL_AND, self.w["and"], LEVEL_NOT
        return (LEVEL_NOT if isinstance(node.left, ast.And) else LEVEL_OR, self.w["or"],
                LEVEL_NOT if isinstance(node.right, ast.And) else LEVEL_AND)

    def _again(self, last: ast.Node, said: str, right: ast.Node) -> str | None:
        """`right` as an age right after the age `last` ends `said` with, in English without `aged` (`under 16`); None
        where either is no age or a bracket ends `said`."""
        return self.aged(right, again=True) if self.aged(last) is not None and not ends_in_bracket(said) else None

    def _choice_part(self, node: ast.Node, said: Callable[[ast.Node], str]) -> str:
        """A choice's condition or its `then`; a choice within it bracketed, whose `otherwise` would be heard as the
        outer one's: `若A，则（若B，则 1，否则 2），否则 3`."""
        text = said(node)
        return self.w["open"].lstrip() + text + self.w["close"] if isinstance(node, ast.IfThenElse) else text

    def _bound(self, node: ast.Node, closed: bool) -> str:
        """A range's end after `在`/`与` (`between`/`and`) and whether it is included: set off by a space where it
        begins with a digit or a letter (`在 1（含）`), run on where it is Chinese (`在农村最低生活保障标准（含）`);
        after a parameter's figure, in the figure's bracket (`农村最低生活保障标准（510.00 元/月，含）`), not in a
        second one."""
        w = self.w
        return self.spaced(self._beside(self.words(node), "{x}" + w["open"] + w["included" if closed else "excluded"]
                                        + w["close"]))

    def spaced(self, said: str) -> str:
        """Words after a Chinese word, set off by a space where they begin with a digit or a letter (`则 300 元/月`),
        run on where they are Chinese (`若评估日期`); English as they are."""
        return f" {said}" if self.lang == "zh" and said[:1].isascii() else said

    def _beside(self, said: str, aside: str) -> str:
        """Words with a bracket after them (`aside`: `{x}（按月折算）`); where they end in a parameter's figure, in the
        figure's bracket (`上年度全省农村居民人均可支配收入（22,300.00 元/年，按月折算）`), not in a second one."""
        w = self.w
        for _, opening, _, close in self._figured.values():
            if said.endswith(opening + close):
                inside = aside.replace("{x}", "").removeprefix(w["open"]).removesuffix(w["close"])
                return said[:-len(close)] + w["comma"] + inside + close
        return aside.format(x=said)

    def _be(self, subject: str) -> str:
        """`is`, or `are` after an English label that is plural (see `plural`)."""
        return "are" if self.lang == "en" and plural(subject) else "is"

    def either(self, shown: list[str]) -> str:
        """Values said as one or another: `“C”或“D”`; three or more as a list, `“A”、“B”或“C”` / `“A”, “B” or “C”`."""
        return self.w["list"].join(shown[:-1]) + self.w["either"] + shown[-1] if len(shown) > 2 else (
            self.w["either"].join(shown))

    def allowed(self, field: ast.Node, items: tuple[ast.Node, ...], refused: bool) -> tuple[bool, str]:
        """What an enum condition asks the field to be, and whether it is said as refused: values a rule refuses
        (`student != "none"`) are said by the values left, as a caseworker says them
        (`在读学段为“学前教育”、…或“高等教育”`, not `不为“不在读”`), where the input is never empty and some are
        left; else the values as written."""
        refused, shown = self.allowed_values(field, items, refused)
        return refused, self.either(shown)

    def allowed_values(self, field: ast.Node, items: tuple[ast.Node, ...], refused: bool) -> tuple[bool, list[str]]:
        """What `allowed` says, each value apart (`[“C”, “D”]`), for a caller that says them with others."""
        if refused and isinstance(field, ast.Name) and all(isinstance(i, ast.String) for i in items):
            refusing = {i.value for i in items if isinstance(i, ast.String)}
            left = [value for value in self.v.enum_values(field.dotted) if value not in refusing]
            if left:
                return False, [self.value(field.dotted, value) for value in left]
        name = field.dotted if isinstance(field, ast.Name) else ""
        return refused, [self.value(name, i.value) if isinstance(i, ast.String) else self.words(i) for i in items]

    def value(self, name: str, value: str) -> str:
        return self.w["quote"].format(v=self.v.value_word(name, value))
