"""The words of an explanation in Chinese and English, and how its values and places are written.

Input: a language ("zh" or "en") and, for a value, its kind.
Output: `WORDS[lang]`, the pieces every sentence of an explanation is made of; `shower(kind, lang)`,
which writes a value of that kind (`2,520.00 元/年`, `是`); `location(span)`, a rule's `file:line`;
the labels of the names every policy has without declaring them.
Invariant: constants and pure functions; nothing here depends on a policy or a household.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from engine.diagnostics import chinese_joined
from engine.model import DOCUMENT_SEPARATOR, Label
from engine.syntax import ast
from engine.values import MONEY, UNIT_WORDS, human, in_quotes, listed, mark_after, quotes_within, thousands, with_unit

# what separates the conditions of a yes/no rule in its sentence (`住房不安全为否；饮用水不安全为否`), which the
# renderers split it by
CONDITIONS_JOIN = {"zh": "；", "en": "; "}
# after every day said to come at or after the policy's end: what holds then is not this policy's to say
DECIDED_ANEW = {"zh": "，届时按新政策认定", "en": ", and a new policy decides from then"}

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "assigned": "认定", "not_assigned": "未认定", "holds": "符合", "fails": "不符合",
        "over": "高 {m}", "under": "低 {m}", "over_tiny": "高不到 {m}", "under_tiny": "低不到 {m}", "zero": "零",
        "less_than": "不到 {m}", "rounded_to": "，{how}为 {amount}",
        "equal_allowed": "正好相等，规定为“{rel}”，相等也符合", "equal_refused": "正好相等，但规定须“{rel}”",
        "equal_refused_plural": "正好相等，但规定须“{rel}”",
        "preempted": "未认定，因为该{who}已符合同组中优先的“{other}”",
        "failed_one": "未认定，因为不满足{clause}这一条件",
        "failed_many": "未认定，因为不满足{clauses}这 {k} 项条件（共 {n} 项）",
        "failed_all": "未认定，因为 {n} 项条件均不满足：{clauses}",
        "none_of": "未认定，因为以下条件一项也不满足",
        "any_of": "只需满足以下任一条件", "nothing": "无{name}",
        "nothing_memberless": "成员本人无{name}；家庭文件中的 {amount}写在整户名下、没有写明成员（{lines}），"
                              "本项救助按成员给予，不计入任何人",
        "nothing_memberless_aloud": "本人无{name}；未写明成员的 {amount}不计入任何人",
        "would": "若{name}{rel} {target}（现为 {now}），这一条件即可满足",
        "that_is": "也就是{name}{rel} {target}（现为 {now}）",
        "below": "低于", "at_most": "不超过", "above": "高于", "at_least": "不低于",
        "must_be": "须{rel}", "must_equal": "须为", "must_differ": "须不为",
        "household": "家庭", "member": "成员", "result": "认定结果", "none": "无", "fact": "{name}为{value}",
        # what a value must be: a choice's values in quotes right after the words (`（须为“C”或“D”）`), the figure
        # of a failed comparison after a space, as every figure (`（须为 0）`, `（不满足：须不超过 59 岁）`)
        "must": "（{must}{v}）", "required": "（{must} {v}）",
        "unmet": "（不满足：{must} {v}）", "unmet_plural": "（不满足：{must} {v}）",
        "accounting": "收入核算", "counted": "计入", "exempt": "不计入",
        "counted_income": "计入收入合计", "exempt_income": "不计入收入合计", "rigid_expenses": "刚性支出合计",
        "categories": "各类别认定情况", "assistance": "救助帮扶措施",
        "higher_wins": "就高不就低：采用{won} {amount}", "higher_than": "，高于{others}",
        "same_as": "，与{others}金额相同", "where": "其中{name}", "applies": "适用{option}",
        "zero_amount": "，无救助金额", "zero_only": "计算金额为零，无救助金额",
        # the note of today ends in `）`, which needs no space before `按`; a bare date does
        "title": "家庭 {id}：{date}{today}按《{policy}》认定{version}", "version": "（版本 {}）",
        "today": "（今天：家庭文件没有写 `date`）", "not_today": " ",
        "policy_line": "政策文件 {file}，sha256 {sha}",
        "outside_before": "注意：评估日期 {date} 早于本政策 {day} 的施行日",
        "outside_after": "注意：评估日期 {date} 晚于本政策 {day} 的到期日",
        "derived": "其中", "source": "依据",
        "no_amount_by": "金额由{department}核定，本政策未作规定",
        "line": "第{n}行",
        "withheld": "未给予，因为{reasons}", "no_form_applies": "其各项都不适用",
        "lacks_one": "不符合{clauses}这一条件",
        "lacks_many": "不符合{clauses}这 {k} 项条件", "lacks_this": "不符合这一条件",
        "fact_found": "“{name}”：{value}",
        "not_worked_out": "“{name}”无法计算（{why}），认定未用到这一项", "uncomputable": "无法计算（{why}）",
        "ground_to_confirm": "本地增设的认定条件（待确认）",
        "also_unmet_one": "；但{clauses}这一条件也不满足，仅此一项仍不能认定",
        "also_unmet_many": "；但{clauses}这 {k} 项条件也不满足，仅此一项仍不能认定",
        "income_blind_one": "另有{clauses}这一条件不满足，且与收入无关，仅收入变化不能改变认定结果",
        "income_blind_many": "另有{clauses}这 {k} 项条件不满足，且与收入无关，仅收入变化不能改变认定结果",
        "received_one": "；按实得收入算，{line}",
        "received_rest": "；按实得收入算，其他收入不变时，{lines}",
        "received_many": "；按实得收入算，其他收入不变时，以下任一项即可：{lines}", "received_or": "；或",
        "received_line": "{label}{rel} {target}（现为 {now}，差 {gap}；{counted}）",
        "received_line_at": "{label}{rel} {target}（现正好为 {now}；{counted}）",
        "received_shares": "；计入收入不等于实得收入：{shares}", "share_item": "{label}{counted}", "share_join": "，",
        "counted_at": "按 {share} 计入", "counted_in_full": "全额计入", "together": "{labels}合计",
        "of_member": "{member} 的{label}", "own": "本人{label}",
        "of_members": "{members} 的{label}合计", "members_join": "、", "members_last": "和",
        "turns": "将于 {date} 年满 {age} 周岁", "from_then": "，届时这一条件即可满足",
        "from_then_part": "，届时“{condition}”即可满足",
        "member_turns": "{member} 将于 {date} 年满 {age} 周岁", "named_turns": "{member}将于 {date} 年满 {age} 周岁",
        "no_longer": "，届时这一条件不再满足",
        "date_no_longer": "{date} 起这一条件不再满足", "date_again": "，{date} 起再次满足",
        "past_age": "{held}时，须未满 {years} 周岁才符合这一条件，现已 {now} 周岁", "held": "{name}为{value}",
        "past_age_values": "；年满 {years} 周岁后，{subject}仅{values}仍计入",
        "past_age_beyond": "；年满 {years} 周岁后，{subject}仅当{alternatives}时仍计入", "past_age_and": "和",
        "conditions_and": "且", "conditions_or": "或",
        "measure_ends": "，届时不再符合这一措施的条件", "measure_starts": "，届时即符合这一措施的条件",
        "instead": "；届时改为{categories}，可得{measures}", "instead_categories": "；届时改为{categories}",
        "instead_named": "；{member} 届时改为{categories}，可得{measures}",
        "instead_categories_named": "；{member} 届时改为{categories}",
        "instead_measures": "；届时可得{measures}", "instead_measures_named": "；{member} 届时可得{measures}",
        "instead_household": "；届时可得{measures}", "instead_amount": "{label}（按现行政策 {amount}{cited}）",
        "instead_amount_after_bracket": "{label}，按现行政策 {amount}{cited}",
        "instead_cited": "；{said}", "instead_cited_after_bracket": "（{said}）",
        "gains": "{turns}，届时认定为{categories}，可得{measures}",
        "gains_categories": "{turns}，届时认定为{categories}",
        "gains_measures": "{turns}，届时可得{measures}",
        "gains_household": "{turns}，届时家庭可得{measures}", "amount_changes": "，届时金额改为 {amount}",
        "date_amount_changes": "{date} 起金额改为 {amount}",
        "policy_ends": "；本政策 {date} 到期" + DECIDED_ANEW["zh"], "decided_anew": DECIDED_ANEW["zh"],
        "until_policy_ends": "，至本政策到期日 {}" + DECIDED_ANEW["zh"],
        "until": "，至 {}", "next_change": "；{}",
        "given_again": "发放至 {until}，{date} 起再次给予", "again_amount": "，金额为 {amount}",
        "given_again_day": "发放至 {until}，仅 {date} 当日再次给予", "again_day": "仅 {date} 当日再次给予",
        "again_alone": "，仅 {date} 当日再次给予",
        "policy_ends_that_day": "，当日为本政策到期日" + DECIDED_ANEW["zh"],
        "given_again_turns": "发放至 {until}；{turns}，届时再次给予", "again_turns": "{turns}，届时再次给予",
        "day_unpaid": "，当日不是发放日，不予发放",
        "policy_ends_that_day_unpaid": "，当日为本政策到期日，不是发放日，不予发放" + DECIDED_ANEW["zh"],
        "again": "，{date} 起再次给予", "again_at": "，{date} 起再次给予，金额为 {amount}",
        "again_later": "{date} 起再次给予",
        "year_paid": "全年 {total}（{parts}）", "year_paid_months": "一年内发放 {months}，共 {total}（{parts}）",
        "year_paid_policy": "本政策期内发放 {months}，共 {total}（{parts}）",
        "months_at": "{amount} × {months}",
        "abolished": "{label}：自 {date} 起取消，原属该类别的家庭按{absorbed}认定",
        "process": "审核时限：一般在 {days} 个工作日内完成", "process_special": "，特殊情况不超过 {days} 个工作日",
    },
    "en": {
        "assigned": "assigned", "not_assigned": "not assigned", "holds": "condition met", "fails": "condition not met",
        "over": "{m} above", "under": "{m} below", "over_tiny": "less than {m} above",
        "under_tiny": "less than {m} below", "zero": "zero", "less_than": "less than {m}",
        "rounded_to": ", {how} to {amount}",
        "equal_allowed": "exactly equal, which is allowed (“{rel}”)",
        "equal_refused": "exactly equal, but it must be {rel}",
        "equal_refused_plural": "exactly equal, but they must be {rel}",
        "preempted": "not assigned, because “{other}” comes first in the same group and already applies",
        "failed_one": "not assigned, because the condition {clause} is not met",
        "failed_many": "not assigned, because {k} of its {n} conditions are not met — {clauses}",
        "failed_all": "not assigned, because none of its {n} conditions is met — {clauses}",
        "none_of": "not assigned, because none of these holds",
        "any_of": "any one of these is enough", "nothing": "no {name} reported",
        "nothing_memberless": "none of the member's own {name}; the household file gives {amount} of them for the "
                              "household as a whole, for no member ({lines}), which this measure, given per member, "
                              "counts for no one",
        "nothing_memberless_aloud": "none of their own {name}; the {amount} written for no member counts for no one",
        "would": "this condition would be met if {name} were {rel} {target} (now {now})",
        "that_is": "that is, {name} {rel} {target} (now {now})",
        "below": "below", "at_most": "at most", "above": "above", "at_least": "at least",
        "must_be": "must be {rel}", "must_equal": "must be", "must_differ": "must not be",
        "household": "household", "member": "member", "result": "Result", "none": "none", "fact": "{name} — {value}",
        "must": " ({must} {v})", "required": " ({must} {v})",
        "unmet": " (not met: it {must} {v})", "unmet_plural": " (not met: they {must} {v})",
        "accounting": "Income accounting", "counted": "counted", "exempt": "not counted",
        "counted_income": "counted income", "exempt_income": "income not counted", "rigid_expenses": "rigid expenses",
        "categories": "Categories", "assistance": "Assistance",
        "higher_wins": "the highest amount applies: {won} {amount}", "higher_than": ", over {others}",
        "same_as": ", the same as {others}", "where": "where {name}", "applies": "under {option}",
        "zero_amount": ", so nothing to pay", "zero_only": "the amount works out at zero, so nothing to pay",
        "title": "Household {id}: decided on {date}{today} under {policy}{version}", "version": ", version {}",
        "today": " (today: the household file gives no `date`)", "not_today": "",
        "policy_line": "policy file {file}, sha256 {sha}",
        "outside_before": "Note: the evaluation date {date} is before this policy takes effect on {day}",
        "outside_after": "Note: the evaluation date {date} is after this policy ends on {day}",
        "derived": "where", "source": "source",
        "no_amount_by": "amount decided by the {department}, not set by this policy",
        "line": "line {n}",
        "withheld": "not given, because {reasons}", "no_form_applies": "none of its forms applies",
        "lacks_one": "the condition {clauses} is not met",
        "lacks_many": "the {k} conditions {clauses} are not met", "lacks_this": "this condition is not met",
        "fact_found": "“{name}”: {value}",
        "not_worked_out": "“{name}” cannot be worked out for this household ({why}); the decision did not need it",
        "uncomputable": "cannot be worked out ({why})", "ground_to_confirm": "local grounds to confirm",
        "also_unmet_one": "; but {clauses} is not met either, so this alone would not be enough",
        "also_unmet_many": "; but {clauses} are not met either, so this alone would not be enough",
        "income_blind_one": "{clauses} is not met either, and income has no bearing on it, so a change of income "
                            "alone would not change the decision",
        "income_blind_many": "{clauses} are not met either, and income has no bearing on them, so a change of "
                             "income alone would not change the decision",
        "received_one": "; in income as received: {line}",
        "received_rest": "; in income as received, the rest unchanged: {lines}",
        "received_many": "; in income as received, the rest unchanged, any one of these would do: {lines}",
        "received_or": "; or ",
        "received_line": "{label} {rel} {target} (now {now}, a gap of {gap}; {counted})",
        "received_line_at": "{label} {rel} {target} (now exactly {now}; {counted})",
        "received_shares": "; counted income is not income as received: {shares}", "share_item": "{label}: {counted}",
        "share_join": "; ",
        "counted_at": "{share} of it counted", "counted_in_full": "counted in full", "together": "{labels} together",
        "of_member": "{label} of {member}", "own": "own {label}",
        "of_members": "{label} of {members} together", "members_join": ", ", "members_last": " and ",
        "turns": "{member} will turn {age} on {date}", "from_then": ", and this condition is met from that day",
        "from_then_part": ", and “{condition}” is met from that day",
        "member_turns": "{member} will turn {age} on {date}", "named_turns": "{member} will turn {age} on {date}",
        "no_longer": ", and from that day this condition no longer holds",
        "date_no_longer": "from {date} this condition no longer holds",
        "date_again": ", and it holds again from {date}",
        "past_age": "with {held}, this condition holds only under the age of {years}, and the member is {now}",
        "held": "{name} {value}",
        "past_age_values": "; from {years} on, {subject} still counts toward this condition only at {values}",
        "past_age_beyond": "; from {years} on, {subject} still counts toward this condition only where {alternatives}",
        "past_age_and": " and ", "conditions_and": " and ",
        "conditions_or": " or ",
        "measure_ends": ", and from that day the conditions of this measure are no longer met",
        "measure_starts": ", and the conditions of this measure are met from that day",
        "instead": "; from that day the member counts as {categories} instead, and gets {measures}",
        "instead_categories": "; from that day the member counts as {categories} instead",
        "instead_named": "; from that day {member} counts as {categories} instead, and gets {measures}",
        "instead_categories_named": "; from that day {member} counts as {categories} instead",
        "instead_measures": "; from that day the member gets {measures}",
        "instead_measures_named": "; from that day {member} gets {measures}",
        "instead_household": "; from that day the household gets {measures}",
        "instead_amount": "{label} ({amount} under the current policy{cited})",
        "instead_amount_after_bracket": "{label}, {amount} under the current policy{cited}",
        "instead_cited": "; {said}", "instead_cited_after_bracket": " ({said})",
        "gains": "{turns}, and from that day counts as {categories} and can get {measures}",
        "gains_categories": "{turns}, and from that day counts as {categories}",
        "gains_measures": "{turns}, and from that day can get {measures}",
        "gains_household": "{turns}, and from that day the household can get {measures}",
        "amount_changes": ", and from that day the amount is {amount}",
        "date_amount_changes": "from {date} the amount is {amount}",
        "policy_ends": "; this policy ends on {date}" + DECIDED_ANEW["en"], "decided_anew": DECIDED_ANEW["en"],
        "until_policy_ends": ", until {}, when this policy ends" + DECIDED_ANEW["en"], "until": ", until {}",
        "next_change": "; {}",
        "given_again": "paid until {until}, and given again from {date}", "again_amount": ", at {amount}",
        "given_again_day": "paid until {until}, and given again on {date} alone",
        "again_day": "given again on {date} alone", "again_alone": ", and again on {date} alone",
        "policy_ends_that_day": ", the day this policy ends" + DECIDED_ANEW["en"],
        "given_again_turns": "paid until {until}; {turns}, and from that day it is given again",
        "again_turns": "{turns}, and from that day it is given again",
        "day_unpaid": ", not a payday, so nothing is paid for it",
        "policy_ends_that_day_unpaid": ", the day this policy ends and not a payday, so nothing is paid for it"
                                       + DECIDED_ANEW["en"],
        "again": ", and again from {date}", "again_at": ", and again from {date} at {amount}",
        "again_later": "given again from {date}",
        "year_paid": "{total} in a year ({parts})",
        "year_paid_months": "paid for {months} of the year, {total} in all ({parts})",
        "year_paid_policy": "paid for {months} while this policy is in force, {total} in all ({parts})",
        "months_at": "{amount} × {months}",
        "abolished": "{label}: abolished from {date}; its households are assessed under {absorbed}",
        "process": "Time limit of the review: usually decided within {days} working days",
        "process_special": ", at most {days} working days in special cases",
    },
}

RELATION = {"<": "below", "<=": "at_most", ">": "above", ">=": "at_least"}
# what `==` and `!=` ask, said where such a comparison fails (`须为 1`), which no margin says
EQUALITY = {"==": "must_equal", "!=": "must_differ"}
# names the engine provides, which no policy declares and so none labels
BUILTIN_LABELS = {
    "counted_income": Label("计入收入", "counted income"),
    "exempt_income": Label("不计入收入", "income not counted"),
    "rigid_expenses": Label("刚性支出", "rigid expenses"),
    "own_counted_income": Label("本人计入收入", "own counted income"),
    "today": Label("评估日期", "evaluation date"),
}
# the words a clause's label may say its comparison with, and join two conditions with: a side the rule writes as a
# formula is named by the label's words for it (`扣除刚性支出和灾害损失后人均收入低于监测收入范围`: the left side)
_RELATION_WORDS = {
    "zh": {"<": ("低于", "少于", "不足"), "<=": ("不超过", "不高于", "不多于"), ">": ("高于", "超过", "多于", "大于"),
           ">=": ("不低于", "不少于", "达到")},
    "en": {"<": ("below", "under", "less than"), "<=": ("at most", "within", "no more than", "not above"),
           ">": ("above", "over", "more than", "exceeds", "exceeding"), ">=": ("at least", "not below")},
}
_RELATION_FOUND = {lang: re.compile(("" if lang == "zh" else r"(?<!\S)") + "(" + "|".join(
    re.escape(x) for x in sorted((x for xs in words.values() for x in xs), key=len, reverse=True)) + ")"
    + ("" if lang == "zh" else r"(?!\S)")) for lang, words in _RELATION_WORDS.items()}
_JOINTS = {"zh": re.compile("并且|且"), "en": re.compile(" and ")}


def quoted(labels: Iterable[str], lang: str) -> str:
    """Conditions by their labels, each in quotes, as a sentence lists them: `“A”、“B”` / `“A” and “B”`."""
    return listed((f"“{within_quotes(label, lang)}”" for label in labels), lang)


# what a Chinese condition's words quote within them opens after these: a value (`与户主关系为“户主”`, `“C”或“D”`,
# `“A”、“B”`), the opposite of a yes/no, its label quoted (`并非“患重特大疾病”`, `本户并非“有机动车”`), a category
# (`属于“特困人员”`); a label's own quotes follow its words (`落实“两不愁三保障”`)
_OWN_QUOTES_AFTER = ("为", "或", "、", "并非", "属于")


def within_quotes(words: str, lang: str) -> str:
    """A condition's words as quotes name it: in Chinese without the quotes the words put around a value of their
    own, for the opposite of a yes/no (`所有成员并非患重特大疾病 或 年满 60 周岁`), a value (`所有成员与户主关系为户主`)
    or a category among them, not quotes within quotes heard as a condition of its own (`不符合“所有成员与户主关系为
    “户主””这一条件`). English says that opposite by its verb (`does not have …`). Any other quote within the quotes,
    a label's own (`落实“两不愁三保障”`) and every one in English, is in single ones, as a quote within a quote is said
    (`不符合“落实‘两不愁三保障’”这一条件`, `the condition “every member's relation to the head is ‘spouse’” is not
    met`), and one within that in double ones again."""
    return quotes_within(words, lambda at: lang == "zh" and words[at] == "“"
                         and words.endswith(_OWN_QUOTES_AFTER, 0, at))


def quoted_label(label: str, lang: str, to_confirm: bool) -> str:
    """A label in quotes as a sentence names it, marked ⚠ after them where it writes a figure `to_confirm`:
    `“人均存款不超过24个月低保标准”⚠` / `“deposits per head within 24 months of the dibao standard” ⚠`."""
    said = in_quotes(label)
    return said + (mark_after(said, lang) if to_confirm else "")


def label_sides(label: str, parts: int, part: int, op: str, lang: str) -> tuple[str, str] | None:
    """What a clause's label calls the two sides of the comparison that is its `part` (of `parts` conditions joined
    by `and`): the words before and after its one relation word, where that word is the comparison's own and the
    label joins exactly as many conditions; None where the label does not say it so plainly."""
    pieces = _JOINTS[lang].split(label) if parts > 1 else [label]
    if len(pieces) != parts:
        return None
    piece = pieces[part]
    found = list(_RELATION_FOUND[lang].finditer(piece))
    if len(found) != 1 or found[0].group(1) not in _RELATION_WORDS[lang].get(op, ()):
        return None
    before, after = piece[:found[0].start()].strip(), piece[found[0].end():].strip()
    return (before, after) if before and after else None


# a literal is said as written: it has no label and nothing to work out
LITERAL = ast.Number | ast.Quantity | ast.Percent | ast.Date


Show = Callable[[Any], str]


# the last words of a department's English label that name a body of their own (`disabled persons' federation`);
# any other label names a field (`housing and urban-rural development`), said as its department
_BODIES = frozenset(("department", "federation", "group", "bureau", "office", "committee", "commission",
                     "administration", "team", "centre", "center", "council", "agency", "ministry"))


def decided_by(department: str, lang: str) -> str:
    """What a measure the policy sets no amount for says in place of an amount, naming the department that decides
    it, once: the line of the measure says it in place of the department too (`农村危房改造 — 金额由住建部门核定，本政策
    未作规定` / `… — amount decided by the housing and urban-rural development department, not set by this policy`),
    and a line that names no department (the summary's, `policy test`'s, `policy doc`'s) reads the same."""
    if lang == "en" and department.rpartition(" ")[2].lower() not in _BODIES:
        department += " department"
    return WORDS[lang]["no_amount_by"].format(department=department)


def names_department(grant: dict[str, Any], lang: str) -> bool:
    """Whether a grant's entry of the explanation says, in place of an amount, the department that decides it
    (`decided_by`): a line that names its department before an amount names it there instead."""
    return bool(grant["amount"] == decided_by(grant["department"], lang))


def shower(kind: str, lang: str) -> Show:
    """`human(value, kind, lang)`, with the common cases (money, whole numbers, yes and no) written directly."""
    words = UNIT_WORDS[lang]
    fixed = {True: words["yes"], False: words["no"], None: words["missing"]}
    if kind in MONEY:
        said: dict[str, str] = {}  # by the decimal's text, as `grouped` remembers: standards recur in every tree

        def money_text(value: Any) -> str:
            if type(value) is Decimal:
                key = str(value)
                text = said.get(key)
                if text is None:
                    if len(said) >= 4096:
                        said.clear()
                    text = said[key] = with_unit(thousands(value), kind, lang)
                return text
            return human(value, kind, lang)
        return money_text

    def plain_text(value: Any) -> str:
        if type(value) is Decimal:
            text = str(value)
            if text.isdigit():  # a whole number without exponent: what `plain_number` writes too
                return with_unit(text, kind, lang)
        elif value is None or value is True or value is False:
            return fixed[value]
        elif type(value) is datetime.date:  # what `human` writes
            return day_text(value)
        return human(value, kind, lang)
    return plain_text


_DAYS: dict[datetime.date, str] = {}


def parameters_said(cited: list[dict[str, Any]], lang: str) -> str:
    """The documents a figure rests on besides its entry's own (`parameters_cited`), each after the parameters it
    sets, those citing the same articles named together: `农村最低生活保障标准、特困人员基本生活标准：县民发〔2026〕88号
    第一条` / `rural minimum living standard (dibao standard): County Civil Affairs Doc. [2026] No. 88 Article 1`."""
    by_citation: dict[str, list[str]] = {}
    for item in cited:
        labels = by_citation.setdefault(item.get("cited") or item["source"], [])
        if item["label"] not in labels:
            labels.append(item["label"])
    zh = lang == "zh"
    return DOCUMENT_SEPARATOR[lang].join(("、" if zh else ", ").join(labels) + ("：" if zh else ": ") + citation
                                         for citation, labels in by_citation.items())


def returns_said(later: Sequence[dict[str, Any]], last_until: str | None, w: dict[str, str],
                 policy_ends: bool = False, after: dict[str, Any] | None = None) -> str:
    """What follows a return of a grant given again more than once, as `given_again`'s `later` and `last_until` give
    them: for each later return, the day it stops before it, then the day it is given again and the amount then where
    it differs (`，至 2027-05-31；2027-09-01 起再次给予`); and the last day it is paid, where it stops again with none
    after (`，至 2027-06-19`), or where the policy ends then (`policy_ends`: `，至本政策到期日 2027-04-30，届时按新政策
    认定`, as a grant that ends with the policy says it); "" where there are none. After a return given on one day
    alone (`one_day`; `after`, the return said before them, None where none is), the day it stops is that day, not
    said again, and the policy's end, where it is that day, follows it as a clause (`，当日为本政策到期日，届时按新
    政策认定`: in brackets it was heard as an aside inside the department's bracket the brief says after it);
    where that day is no payday (`unpaid`), that nothing is paid for it (`，当日不是发放日，不予发放`), as the
    year's total counts it."""
    said, before = "", after or {}
    for x in later:
        said += stop_said(before, x["until"], w) + w["next_change"].format(return_said(x, w))
        before = x
    if last_until is None:
        return said
    if before.get("one_day") and policy_ends:
        return said + w["policy_ends_that_day_unpaid" if before.get("unpaid") else "policy_ends_that_day"]
    return said + (w["until_policy_ends"].format(last_until) if policy_ends else stop_said(before, last_until, w))


def stop_said(back: dict[str, Any], until: str, w: dict[str, str]) -> str:
    """The day a return of a grant stops again, after it (`，至 2027-05-31`): none where it is given on that day alone
    (`one_day`), only that nothing is paid for it where that day is no payday (`unpaid`)."""
    if back.get("one_day"):
        return w["day_unpaid"] if back.get("unpaid") else ""
    return w["until"].format(until)


def first_return_said(again: dict[str, Any], w: dict[str, str]) -> str:
    """The first return of a grant given again, with the day it stops before it, as its line says it (`发放至
    2027-01-31，2027-04-01 起再次给予`, `，金额为 …` where the amount then differs)."""
    if "member" in again and not again.get("one_day"):  # a birthday brings it back: whose, and the age
        return w["given_again_turns"].format(until=again["until"], turns=turns_said(again, w)) + paid_back(again, w)
    said = w["given_again_day" if again.get("one_day") else "given_again"]
    return said.format(until=again["until"], date=again["date"]) + paid_back(again, w)


def paid_back(back: dict[str, Any], w: dict[str, str]) -> str:
    """What a return of a grant pays, after its day: the amount where it differs (`，金额为 250.00 元/月`), and each
    change of amount before it stops again (`；2027-07-01 起金额改为 200.00 元/月`), as `given_again` (the first
    return, or one of its `later`) gives them."""
    return (w["again_amount"].format(amount=back["amount"]) if "amount" in back else "") + changes_said(back, w)


def changes_said(back: dict[str, Any], w: dict[str, str]) -> str:
    """Each change of amount of a return of a grant before it stops again (`changes`: `；2027-07-01 起金额改为 200.00
    元/月`; a member's birthday's naming them, `；p1 将于 2027-07-10 年满 65 周岁，届时金额改为 200.00 元/月`), ""
    where there is none."""
    return "".join(w["next_change"].format(
        birthday_changes_amount(change["member"], change["date"], change["age"], change["amount"], w)
        if "member" in change else w["date_amount_changes"].format(**change)) for change in back.get("changes", ()))


def birthday_changes_amount(member: str, day: str, age: int, amount: str, w: dict[str, str]) -> str:
    """A member's birthday that changes what a grant pays, naming whose it is, in a member's own grant too (`p1 将于
    2027-07-10 年满 65 周岁，届时金额改为 200.00 元/月`): before a return and after it alike."""
    return w["member_turns"].format(member=member, date=day, age=age) + w["amount_changes"].format(amount=amount)


def returns_before_end(grant: dict[str, Any]) -> int | None:
    """How many of a grant's returns (`given_again`: the first, then each of its `later`) come, in time order, before
    the birthday that ends it (`holds_until`): None where they all do (nothing ends it, or the birthday ends it after
    the last return, on the day after its `last_until`); 0 where none does (the birthday ends it before it is given
    again); else the returns up to the one the birthday ends, the day after the `until` of the next. A change of
    amount (`changes_to`) always comes before them all: the grant stops after the amounts said (`changes_first`)."""
    again = grant["given_again"]
    if "holds_until" not in grant:
        return None
    ended = day_text(datetime.date.fromisoformat(grant["stops_holding"]["date"]) - datetime.timedelta(days=1))
    stops = [x["until"] for x in again.get("later", ())]
    if ended == again.get("last_until"):
        return None
    return stops.index(ended) + 1 if ended in stops else 0


def changes_first(grant: dict[str, Any]) -> bool:
    """Whether a grant given again changes its amount before it first stops (`changes_to`): the day it is paid until
    is then the first amount's, not the day it stops (`given_again`'s `until`), and its returns follow the amounts."""
    return bool(grant.get("paid_until", {}).get("date") != grant["given_again"]["until"])


def amounts_say_stop(grant: dict[str, Any]) -> bool:
    """Whether the last amount said of a grant given again before its first return holds to the day it stops
    (`given_again`'s `until`: `届时金额改为 250.00 元/月，至 2027-02-28`): the return then follows by its day alone
    (`2027-10-01 起再次给予`), not that day again (`发放至 2027-02-28，…`)."""
    last_amount = (grant.get("later_amounts") or [grant])[-1]
    return bool(last_amount.get("until", last_amount.get("amount_then_until")) == grant["given_again"]["until"])


def returns_around_end(again: dict[str, Any], before: int | None, first: str, w: dict[str, str]) -> tuple[str, str]:
    """A grant's returns in two parts, around the sentences of its end that come after `before` of them
    (`returns_before_end`, not 0): `first` (the first return as it is said) and the returns up to the day the end
    stops it (`，2027-04-01 起再次给予，至 2027-06-19`), then those after it (`2027-09-10 起再次给予`), "" where
    there are none."""
    later, last, ends = again.get("later", []), again.get("last_until"), bool(again.get("policy_ends"))
    if before is None:
        return first + returns_said(later, last, w, ends, after=again), ""
    return (first + returns_said(later[:before - 1], later[before - 1]["until"], w, after=again),
            return_said(later[before - 1], w) + returns_said(later[before:], last, w, ends, after=later[before - 1]))


def return_said(back: dict[str, Any], w: dict[str, str]) -> str:
    """The day a grant is given again, with the amount then where it differs (`2027-09-01 起再次给予，金额为 250.00
    元/月`), as one return of `given_again` (the first, or one of its `later`) gives them."""
    if "member" in back and not back.get("one_day"):  # a birthday brings it back: whose, and the age
        return w["again_turns"].format(turns=turns_said(back, w)) + paid_back(back, w)
    return w["again_day" if back.get("one_day") else "again_later"].format(date=back["date"]) + paid_back(back, w)


def turns_said(back: dict[str, Any], w: dict[str, str]) -> str:
    """The birthday of a member that brings a grant back (`p1 将于 2027-03-10 年满 70 周岁`), as a return of
    `given_again` names it."""
    return w["member_turns"].format(member=back["member"], date=back["date"], age=back["age"])


def day_text(day: datetime.date) -> str:
    """`day.isoformat()`, remembered: it costs a microsecond, and a tree writes the same dates again and again (the
    decision's, a birth date in its input's entry and in the age worked out from it)."""
    text = _DAYS.get(day)
    if text is None:
        if len(_DAYS) >= 4096:
            _DAYS.clear()
        text = _DAYS[day] = day.isoformat()
    return text


def bracketed(text: str, zh: bool) -> str:
    """An aside after a label — a member's id or description, a figure's other period — in the brackets of the
    language: `（p1）`, ` (p1)`."""
    return f"（{text}）" if zh else f" ({text})"


def location(span: Any) -> str:
    return f"{span.file}:{span.line}"


def members_said(names: Sequence[str], lang: str) -> str:
    """Members named together in a sentence, by id or as said aloud: `p2 和 p3`, `p1、p2 和 p3`, `户主（55岁）和配偶
    （53岁）` / `p2 and p3`, `p1, p2 and p3`; one member by their name alone."""
    if len(names) == 1:
        return names[0]
    w = WORDS[lang]
    before = w["members_join"].join(names[:-1])
    if lang == "zh":  # a space between an id and 和, none beside a bracket or a Chinese name
        return chinese_joined(before, w["members_last"], names[-1])
    return before + w["members_last"] + names[-1]
