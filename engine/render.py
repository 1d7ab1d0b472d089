"""Decisions and explanations → JSON (DESIGN §7, a contract), text and markdown.

Input: a `Decision` and, optionally, its explanation tree from `engine.explain`.
Output: strings. Invariant: the same decision renders to the same bytes (keys in
a fixed order, no timestamps), so output can be diffed and golden-tested.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.contexts import ZERO
from engine.diagnostics import chinese_joined, printable_tree
from engine.evaluator import Decision, program_for, value_type
from engine.explain.doubted import GIVEN_AS_WORD, check_said
from engine.explain.members import named_in_hint, named_with_id
from engine.explain.next_policy import next_policy_said
from engine.explain.words import (
    CONDITIONS_JOIN,
    amounts_say_stop,
    bracketed,
    first_return_said,
    names_department,
    parameters_said,
    quoted,
    quoted_label,
    return_said,
    returns_around_end,
    returns_before_end,
    within_quotes,
)
from engine.explain.words import WORDS as EXPLAIN_WORDS
from engine.markdown_text import CodeSlots, md_cell, md_code, md_quote, md_text
from engine.model import DOCUMENT_SEPARATOR, Policy, per_policy
from engine.values import UNIT_WORDS, WHOLE_NUMBERS, in_quotes, kind_of, listed, machine, mark_after, money
from engine.wording import ends_in_bracket

# an income line of a type the policy does not count, as every explanation says it: the full one (text and
# markdown) and the brief (`engine.brief`)
NOT_COUNTED = {"zh": "不计入", "en": "not counted"}


class _Writers:
    """What `decision_json` needs from a policy, worked out once: its identity and the kind of each value."""

    def __init__(self, policy: Policy):
        self.policy_json = {"id": policy.meta.id, "version": policy.meta.version, "file": policy.file,
                            "sha256": policy.sha256}
        self.policy = policy
        self.kinds: dict[str, str] = {}
        self.money: set[str] = set()  # values written as money, with two decimals
        self.periods = program_for(policy).periods
        # the text of the values every household shares, by name: the policy's own (`marginal_line`, the same
        # object for every household) and the shared zero of a sum with no line (`engine.contexts.ZERO`)
        self.policy_wide: dict[str, tuple[Any, str]] = {}
        self.zero: dict[str, str] = {}
        # the day written last and its text, made once for a run of decisions on that day (--date gives every
        # household the same). One tuple, replaced whole, so that a thread never writes one day's text for another
        self.day: tuple[datetime.date | None, str] = (None, "")

    def kind(self, name: str) -> str:
        kind = self.kinds.get(name)
        if kind is None:
            kind = self.kinds[name] = kind_of(value_type(self.policy, name))
            if kind in ("amount", "rate"):
                self.money.add(name)
        return kind


@per_policy
def _writers(policy: Policy) -> _Writers:
    writers = _Writers(policy)
    for name in ("counted_income", "exempt_income", "rigid_expenses", *policy.definitions):
        kind = writers.kind(name)
        writers.zero[name] = machine(ZERO, kind)
    for name, value in program_for(policy).policy_wide.items():
        writers.policy_wide[name] = (value, machine(value, writers.kind(name)))
    return writers


def with_id(label: str, category_id: str, zh: bool, quote: str = "", escape: Callable[[str], str] = str,
            code: str | None = None) -> str:
    """A label (a category's, a measure's) and its id in brackets — once, when the label already names it so (or is
    the id, for one the policy gives no label); after a dash where the label ends in a bracket of its own, so that two
    brackets are never read one after the other (`最低生活保障金（…） — dibao_benefit`). The id is within `quote` (or
    written as `code`: a stand-in of `CodeSlots`), the label's text as `escape` writes it (markdown: `md_text`)."""
    code = f"{quote}{category_id}{quote}" if code is None else code
    if label == category_id:
        return code
    for inside in (f"({category_id})", f"（{category_id}）"):
        if inside in label:
            before, _, after = label.partition(inside)
            return escape(before) + inside.replace(category_id, code) + escape(after)
    if ends_in_bracket(label):
        return f"{escape(label)} — {code}"
    return escape(label) + bracketed(code, zh)


def _md_where(zh: bool, location: str, source: str = "", rule: str | None = None) -> str:
    """Where a line of a markdown case file comes from, after it in the brackets of the language, as its prose
    brackets (`（`per_capita_income < dibao_standard`；`policy/x.yaml:404` · 大政发〔2024〕47号 附件1）`, ` (`…`; `…`
    · …)`): the rule and the place as code (`md_code`), as written."""
    place = f"{md_code(location)}{md_text(source)}"
    return bracketed(place if rule is None else f"{md_code(rule)}{'；' if zh else '; '}{place}", zh)


def _who(item: dict[str, Any], zh: bool, quote: Callable[[str], str] = str) -> str:
    """The member an entry is about, after its label, as `quote` writes an id (`md_code` in markdown); nothing for the
    household."""
    return bracketed(quote(item["member"]), zh) if item.get("member") else ""


def _members_aside(members: list[str], zh: bool, quote: Callable[[str], str] = str) -> str:
    """Members after a label or a value, in the language's brackets: `（p1、p3）`, ` (p1, p3)`, each id as `quote`
    writes it; nothing for none."""
    return bracketed(("、" if zh else ", ").join(map(quote, members)), zh) if members else ""


def _chosen(item: dict[str, Any], zh: bool, quote: Callable[[str], str] = str) -> str:
    """The members an aggregation chose, after its value: `= 是（p1）`, `= 2 (p1, p3)`; nothing for another entry."""
    return _members_aside(item.get("members", []), zh, quote)


def decision_json(decision: Decision, explanation: dict[str, Any] | None = None) -> dict[str, Any]:
    """The decision as DESIGN §7's JSON object, with its explanation tree when one is given."""
    writers = _writers(decision.policy)
    money_names = writers.money
    values: dict[str, Any] = {}
    zero, policy_wide = writers.zero, writers.policy_wide
    for name, v in decision.values.items():  # `machine(v, kind)`, with the common cases done inline
        if v is ZERO:  # a sum of no line (most households have no rigid expense, no disaster loss)
            values[name] = zero[name]
        elif name in policy_wide and v is policy_wide[name][0]:
            values[name] = policy_wide[name][1]
        elif type(v) is Decimal and name in money_names:
            values[name] = money(v)
        elif v is None or v is True or v is False:
            values[name] = v
        elif type(v) is Decimal and v in WHOLE_NUMBERS:  # a count: `plain_number`'s text, looked up
            values[name] = WHOLE_NUMBERS[v]
        else:
            values[name] = machine(v, writers.kind(name))
    day, day_text = writers.day
    if day is not decision.date:
        day_text = decision.date.isoformat()
        writers.day = (decision.date, day_text)
    assistance = []
    periods = writers.periods
    for g in decision.assistance:
        measure, amount = g.measure, g.amount
        written = None if amount is None else money(amount)
        item: dict[str, Any] = {"id": measure.id, "department": measure.department, "amount": written}
        per = periods[measure.id]
        if per:
            item["per"] = per
        if g.member is not None:
            item["member"] = g.member
        item["option"] = g.option.id
        assistance.append(item)
    out: dict[str, Any] = {
        "household": decision.household,
        "policy": dict(writers.policy_json),
        "date": day_text,
        "categories": list(decision.categories),
        "members": {m: list(c) for m, c in decision.members.items()},
        "values": values,
        "assistance": assistance,
    }
    if explanation is not None:
        out["explanation"] = explanation
    return out


Style = Callable[[str, str], str]


def _plain(text: str, _role: str = "") -> str:
    """Text as it is: the style of plain text, whatever its role."""
    return text


def _cite(entry: dict[str, Any], lang: str) -> str:
    parts = [entry["location"]] if "location" in entry else []
    if entry.get("source"):
        parts.append(entry.get("cited") or entry["source"])
    if entry.get("parameters_cited"):  # a clause's or an amount's
        said = parameters_said(entry["parameters_cited"], lang)
        parts.append(f"{parts.pop()}{DOCUMENT_SEPARATOR[lang]}{said}" if entry.get("source") else said)
    return f"  [{' · '.join(parts)}]" if parts else ""


def _to_confirm(tree: dict[str, Any], clauses: list[dict[str, Any]] | None = None,
                parameters: bool = True, grants: bool = True, compared: bool = True) -> list[tuple[str, list[str]]]:
    """The parameters of the explanation whose figure is a local value to confirm, and the clauses that are grounds to
    confirm (`confirm:`): (the note, their labels); of the categories' clauses and values, those of `clauses` and
    those they read alone, where given; without `parameters`, the grounds alone; without `grants`, not the values the
    grants and the income shares read; without `compared`, not those only the amounts a grant is said to be higher
    than read (就高不就低)."""
    notes: dict[str, list[str]] = {}

    def note(entry: dict[str, Any]) -> None:
        labels = notes.setdefault(entry["confirm"], [])
        if entry["label"] not in labels:
            labels.append(entry["label"])

    every_clause = _all_clauses(tree)
    derived = [_values_unfolded(clause.get("derived", [])) if parameters else [] for clause in every_clause]
    read = None  # (what the clauses read matters only for a value to confirm)
    if clauses is not None and any(d.get("confirm") for values in derived for d in values):
        read = _read_by([d for values in derived for d in values], clauses)
    said = None if clauses is None else {id(clause) for clause in clauses}
    for clause, values in zip(every_clause, derived, strict=True):
        if "confirm" in clause and (said is None or id(clause) in said):  # the clause itself a ground to confirm
            note(clause)
        for d in values:
            if d.get("confirm") and (read is None or d.get("name") in read):
                note(d)
    if parameters and grants:  # those the amounts said and the income shares use, all read out; the grounds were
        # said above
        for d in _values_unfolded([d for d in tree.get("to_confirm", [])
                                   if "clause" not in d and (compared or "compared" not in d)]):
            if d.get("confirm"):
                note(d)
    return list(notes.items())


def _values_unfolded(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Values and what each was worked out from (`from`), depth first, each before its parts."""
    out = []
    for d in values:
        out.append(d)
        if "from" in d:
            out += _values_unfolded(d["from"])
    return out


def _all_clauses(tree: dict[str, Any]) -> list[dict[str, Any]]:
    return [clause for c in tree["categories"]
            for clause in [*c.get("clauses", []), *(cl for m in c.get("members", []) for cl in m["clauses"])]]


def _read_by(values: list[dict[str, Any]], clauses: list[dict[str, Any]]) -> set[str]:
    """The names of the values `clauses` read, directly or through the definitions they read, of the explanation's
    `values` (unfolded). A value is unfolded once in an explanation, under the first clause that reads it, which may be
    another's: what each definition reads is gathered from all of them."""
    reads: dict[str, set[str]] = {}
    for d in values:
        formula, parts = d.get("formula"), d.get("from")
        if (formula or parts) and "name" in d:  # (an input or a parameter reads nothing)
            found = reads.setdefault(d["name"], set())
            if formula:
                found.update(_names_in(formula))
            if parts:
                found.update([x["name"] for x in parts if "name" in x])
    found_all: set[str] = set()
    todo = [*(name for clause in clauses for name in _names_in(clause["rule"])),
            *(d["name"] for clause in clauses for d in clause.get("derived", []) if "name" in d)]
    while todo:
        name = todo.pop()
        if name not in found_all:
            found_all.add(name)
            todo += reads.get(name, ())
    return found_all


@functools.lru_cache(maxsize=4096)
def _names_in(text: str) -> tuple[str, ...]:
    """The names a rule or a definition's formula reads, found once for each text: the policy's, in every tree."""
    return tuple(_NAMES.findall(text))


# a name in a rule or a definition's formula (`monitoring_line`, `p.age`)
_NAMES = re.compile(r"[A-Za-z_][\w.]*")


def confirm_lines(tree: dict[str, Any], clauses: list[dict[str, Any]] | None = None,
                  parameters: bool = True, grants: bool = True, compared: bool = True) -> list[str]:
    """`⚠ note：label、label` for each note of the parameters and the clauses to confirm (`policy eval --explain` and
    `--brief`): of the categories, the grounds among `clauses` and the parameters they read, where given (the brief's:
    those its reasons say), else every clause's; and, with `grants`, the parameters the grants and the income shares
    use (without, those of the categories alone: `policy test`, under the reasons of a case), and with `compared`
    those of the amounts a grant is said to be higher than (not in `--brief`, which does not say them). Without
    `parameters`, the clauses' own notes alone (`policy monitor alerts`, which gives as such entries its grounds and
    the values its labels marked ⚠ write)."""
    join = "、" if tree["lang"] == "zh" else ", "
    sep = "：" if tree["lang"] == "zh" else ": "
    return [f"⚠ {note}{sep}{join.join(labels)}"
            for note, labels in _to_confirm(tree, clauses, parameters, grants, compared)]


def _not_given(entry: dict[str, Any], zh: bool) -> str:
    """What follows an input the household file left out (its value is the policy's default)."""
    if not entry.get("defaulted"):
        return ""
    return "（未填写，按默认值）" if zh else " (not given: the default)"


def _derived_lines(items: list[dict[str, Any]], indent: str, style: Style, worded: set[str], zh: bool) -> list[str]:
    """The values a clause read, unfolded; a definition's formula is said the first time only (`worded`
    holds the names said so far): for the next member it is the same words, only the values change."""
    out = []
    for d in items:
        who = _who(d, zh)
        mark = " ⚠" if d.get("confirm") else ""
        cite = _cite(d, "")
        if "formula" in d:
            first = d["name"] not in worded
            worded.add(d["name"])
            steps = [d.get("words") or d["formula"] if first else None, d.get("substituted"), d["value"]]
            line = f"{indent}{d['label']}{who} = " + " = ".join(s for s in steps if s) + mark
            cite = cite if first else ""
        else:
            line = f"{indent}{d['label']}{who} = {d['value']}{_chosen(d, zh)}{_not_given(d, zh)}{mark}"
        out.append(style(line, "dim") + style(cite, "dim"))
        out.extend(_derived_lines(d.get("from", []), indent + "  ", style, worded, zh))
    return out


def accounting_lines(tree: dict[str, Any]) -> list[str]:
    """The household's income accounting, line by line, as `--explain` shows it under its heading: each income line
    with its share counted, the counted income, each expense line, rigid or not, and the rigid expenses."""
    zh = tree["lang"] == "zh"
    sep, acc = "：" if zh else ": ", tree["accounting"]
    out = []
    for line in acc["income"]:
        who = _who(line, zh)
        if line["counted"]:
            detail = f"{line['amount']} × {line['share']} = {line['counted_amount']}"
        else:
            detail = f"{line['amount']} " + NOT_COUNTED["zh" if zh else "en"]
        out.append(f"  {line['label']}{who}{sep}{detail}")
    out.append(f"  {'计入收入合计' if zh else 'counted income'}{sep}{acc['counted_income']}")
    for line in acc["expenses"]:
        who = _who(line, zh)
        if zh:
            detail = "（刚性）" if line["rigid"] else "（非刚性）"
        else:
            detail = " (rigid)" if line["rigid"] else " (not rigid)"
        out.append(f"  {line['label']}{who}{sep}{line['amount']}{detail}")
    out.append(f"  {'刚性支出合计' if zh else 'rigid expenses'}{sep}{acc['rigid_expenses']}")
    return out


_ACCOUNTED = ("counted_income", "exempt_income", "rigid_expenses")  # the totals the accounting works out


def working_line(tree: dict[str, Any], name: str) -> str | None:
    """How the household's value `name` was worked out, as `--explain` says it the first time
    (`annual per-capita income = counted income ÷ household size = 8,400.00 ÷ 2 = 4,200.00 yuan/year`; for a total
    of the accounting, its lines); None for a value with no working there (an input, a parameter, a member's
    value)."""
    from engine.explain.tree import entries

    if name in _ACCOUNTED:
        return "\n".join(line.removeprefix("  ") for line in accounting_lines(tree))
    for d in entries(tree):
        if d.get("name") == name and "formula" in d and d.get("member") is None:
            steps = [d.get("words") or d["formula"], d.get("substituted"), d["value"]]
            return f"{d['label']} = " + " = ".join(s for s in steps if s)
    return None


def clause_hints(clause: dict[str, Any], lang: str) -> list[str]:
    """What follows a clause (or a measure granted or withheld): what would make it hold, the part of it a member is
    past the age of, the day a grant's amount changes, the days a date and a birthday end it (`date_ends`,
    `holds_until`), earliest first, or the day it is given again — a
    birthday that ends a grant given again between the returns before it and those after it, in time order, as the
    brief says them (`returns_before_end`) —, and what a grant whose amount changes pays over the year."""
    hints = [clause[key] for key in ("would_hold_if", "past_age", "changes_to") if key in clause]
    ends = [said for _, said in sorted(clause_ends(clause))]
    year = [clause["year_paid"]["sentence"]] if "year_paid" in clause else []
    if "given_again" not in clause:
        return hints + ends + year
    again = clause["given_again"]
    words = EXPLAIN_WORDS[lang]
    # where the line of the last amount has said the day it stops, the return by its day alone, as the brief says it
    first = return_said(again, words) if amounts_say_stop(clause) else first_return_said(again, words)
    before = returns_before_end(clause) if ends else 0
    if before == 0:
        return hints + ends + [returns_around_end(again, None, first, words)[0]] + year
    now, then = returns_around_end(again, before, first, words)
    return hints + [now] + ends + ([then] if then else []) + year


def clause_ends(clause: dict[str, Any]) -> list[tuple[str, str]]:
    """The days that end a met clause, each with what says it: a date's (`date_ends`), a birthday's (`holds_until`)."""
    ends = [(clause["date_ends"]["date"], clause["date_ends"]["sentence"])] if "date_ends" in clause else []
    return ends + ([(clause["stops_holding"]["date"], clause["holds_until"])] if "holds_until" in clause else [])


# a rule that is one name (`no_labour_capacity`): its sentence says one value, the name's, by its label
_ONE_NAME = re.compile(r"[A-Za-z_][\w.]*")


def _clause_said(clause: dict[str, Any], zh: bool) -> str:
    """A clause's sentence after its label, each yes/no it looked at (`looked_at`) said as the question and what was
    found: its label and “no” (`住房不安全（C级、D级危房）为否`), read aloud, sounds like its opposite. Where the rule
    is that one yes/no and it fails, the condition is said not to be met — where the clause's label names it, without
    the label again (`无劳动能力（…）：不符合这一条件`, not `无劳动能力（…）：否 → 不符合`), else by it
    (`不符合“住房不安全（C级、D级危房）”这一条件`); where it holds under its own label, by its value alone
    (`无劳动能力（…）：是 → 符合`); among other conditions, or under a `not`, as `“…”：否` / `“…”: no`
    (`“住房不安全（C级、D级危房）”：否；没有成员患重特大疾病；… → 不符合`). The JSON keeps the sentence as it is."""
    looked_at = clause.get("looked_at")
    if not looked_at:
        return str(clause["sentence"])
    lang = "zh" if zh else "en"
    w = EXPLAIN_WORDS[lang]
    verdict = f" → {w['holds'] if clause['verdict'] else w['fails']}"
    one = looked_at[0] if len(looked_at) == 1 else None
    if one is not None and one["label"] == clause["label"] and _ONE_NAME.fullmatch(clause["rule"]) is not None:
        # the one yes/no, under its own label: its value, or that it is not met
        return w["lacks_this"] if one["value"] is False and not clause["verdict"] else (
            _found(one["value"], lang) + verdict)
    body = clause["sentence"].removesuffix(verdict)
    if one is not None and one["value"] is False and not clause["verdict"] and body == _fact_words(one, lang):
        # the rule is that one yes/no, and the household lacks it
        return w["lacks_one"].format(clauses=quoted([one["label"]], lang))
    return yes_no_said(body, clause, lang) + verdict


def yes_no_said(said: str, clause: dict[str, Any], lang: str) -> str:
    """A yes/no rule's sentence (its verdict aside), or the conditions it met (`met_by`), with each yes/no of the
    clause's `looked_at` said as the question and the answer found: `“家庭成员注册有企业或个体工商户”：否` / `“a member
    has a registered company or business”: no` (what the brief reads aloud too). A yes/no is found where its label and
    value are one whole condition of `said`; one that `said` does not say (a condition `met_by` leaves out) is passed
    over."""
    join, found_words = CONDITIONS_JOIN[lang], EXPLAIN_WORDS[lang]["fact_found"]
    out, last = [], 0
    for fact in clause.get("looked_at", ()):
        if fact["value"] is None:  # an input left empty is said as such, not as an answer
            continue
        words = _fact_words(fact, lang)
        at = said.find(words, last)
        while at >= 0 and not ((at == 0 or said[:at].endswith(join)) and (
                at + len(words) == len(said) or said.startswith(join, at + len(words)))):
            at = said.find(words, at + 1)
        if at >= 0:
            out += [said[last:at], found_words.format(name=within_quotes(fact["label"], lang),
                                                      value=_found(fact["value"], lang))]
            last = at + len(words)
    return "".join(out) + said[last:]


def _found(value: bool | None, lang: str) -> str:
    """A yes/no found as a sentence says it: `是`, `否`, and for an input left empty `（空）`."""
    words = UNIT_WORDS[lang]
    return words["missing"] if value is None else words["yes"] if value else words["no"]


def _fact_words(fact: dict[str, Any], lang: str) -> str:
    """A yes/no of `looked_at` as the sentence says it: its label and its value (`住房不安全（C级、D级危房）为否`)."""
    return str(EXPLAIN_WORDS[lang]["fact"].format(name=fact["label"], value=_found(fact["value"], lang)))


def _clause_lines(clause: dict[str, Any], indent: str, style: Style, sep: str, worded: set[str],
                  zh: bool) -> list[str]:
    mark = style("✔", "ok") if clause["verdict"] else style("✘", "fail")
    lang = "zh" if zh else "en"
    said = _clause_said(clause, zh)
    lines = [f"{indent}{mark} {clause_label(clause, lang)}{sep}{said}{ground_mark(clause, said, lang)}"
             + style(_cite(clause, lang), "dim")]
    lines += [f"{indent}    → {hint}" for hint in clause_hints(clause, lang)]
    lines.extend(_derived_lines(clause.get("derived", []), indent + "    ", style, worded, zh))
    return lines


def clause_label(clause: dict[str, Any], lang: str, key: str = "label") -> str:
    """A clause's label (or a withheld measure's form's) said bare, as its own line heads it: marked ⚠ where it writes
    the figure of a parameter to confirm (`label_figures_to_confirm`: `人均存款不超过24个月低保标准 ⚠`,
    `人均存款不超过低保标准（24个月）⚠`, `mark_after`), as `policy doc` marks it; `key`: where the entry holds the label
    (a monitor's near line, `clause_label`)."""
    label = str(clause[key])
    return label + (mark_after(label, lang) if "label_figures_to_confirm" in clause else "")


def clause_quoted(clause: dict[str, Any], lang: str, words: str | None = None) -> str:
    """A clause named in quotes by its label (or by `words`, the label said again shorter), marked ⚠ after them where
    the label writes the figure of a parameter to confirm, as the explanation's reasons and hints name it
    (`“人均存款不超过24个月低保标准”⚠`)."""
    return quoted_label(clause["label"] if words is None else words, lang, "label_figures_to_confirm" in clause)


def grounded(said: str, clauses: list[dict[str, Any]], lang: str) -> str:
    """`said` with each of `clauses` that is a ground to confirm (`confirm:`) marked ⚠ where it first names it
    (`不满足“无大型农机具（本县增设）”⚠这一条件`), or after it where it says it by its figures alone; the closing
    lines give its note. A label marked already, as writing a figure to confirm, is not marked twice."""
    for clause in clauses:
        if "confirm" not in clause:
            continue
        label = clause["label"]
        named = next((words for words in (in_quotes(label), label) if words in said), None)
        if named is None:
            said += mark_after(said, lang)
        elif not said[said.index(named) + len(named):].lstrip().startswith("⚠"):
            said = said.replace(named, named + mark_after(named, lang), 1)
    return said


def refusal_said(block: dict[str, Any], lang: str) -> str:
    """A category's outcome for a household or a member (`why`), a refusal its failed clauses decided marked where it
    names a ground to confirm, as the clause's own line is (an earlier category of its group decides no clause)."""
    if block["assigned"] or "preempted_by" in block:
        return str(block["why"])
    failed = [x for x in block.get("clauses", ()) if not x["verdict"]]
    return grounded(block["why"], failed, lang)


def ground_mark(clause: dict[str, Any], said: str, lang: str) -> str:
    """The mark after `said`, what a line says of a clause that is a ground to confirm (`confirm:`), as after a
    parameter to confirm (`不符合 ⚠`, `1 > 0（须为 0）⚠`: `mark_after`; also in `policy monitor alerts`)."""
    return mark_after(said, lang) if "confirm" in clause else ""


def _member_names(tree: dict[str, Any], quote: Callable[[str], str] = str) -> dict[str, str]:
    """Each member as the explanation names them: `p2（子女，12岁）` where the policy describes members, else
    `p2`; the id as `quote` writes it (as code in markdown: `md_code`)."""
    return named_with_id(tree.get("household_members", []), tree["lang"], quote)


# the heads of the lines that list the values a household file left out and the policy's defaults filled in:
# those another value of which would change the decision, then the others
DECIDING_HEAD = {"zh": "⚠ 认定结果取决于以下未填写的项目（已按政策默认值认定），请先核实再告知",
                 "en": "⚠ the decision depends on these values not given in the household file (the policy's default "
                       "stood in): check them before telling the household"}
ASSISTANCE_HEAD = {"zh": "⚠ 救助帮扶（而非认定结果）取决于以下未填写的项目（已按政策默认值认定），请核实",
                   "en": "⚠ the assistance, not the categories, depends on these values not given in the household "
                         "file (the policy's default stood in): please check them"}
# the head of the list of figures given that are most likely wrong (`engine.doubts`), said before the values not given
DOUBTS_HEAD = {"zh": "⚠ 以下所填数据可能有误，请先核实再告知",
               "en": "⚠ these figures may have been given wrong: check them before telling the household"}
DEFAULTS_HEAD = {"zh": "⚠ 以下项目未填写，已按政策默认值认定，请核实",
                 "en": "⚠ not given in the household file, so decided with the policy's default; please check"}


def _result_lines(tree: dict[str, Any], markdown: bool = False) -> list[str]:
    """The head of every explanation and summary: the members (where the policy describes them), the
    household's categories and each member's."""
    zh, lang = tree["lang"] == "zh", tree["lang"]
    sep = "：" if zh else ": "
    slots = CodeSlots()  # in markdown, a member's id is code within the text of the household and the policy
    quote = slots.code if markdown else str
    said_as = slots.escaped if markdown else _plain
    named = _member_names(tree, quote)
    members, result_word, member_word = ("家庭成员", "认定结果", "成员") if zh else ("Members", "Result", "member")
    result = tree["result"]
    categories = listed(result["household"], lang) or ("无" if zh else "none")
    described = any(m.get("description") for m in tree.get("household_members", []))
    if markdown:
        out = [f"**{members}{sep.rstrip()}** {said_as(listed(named.values(), lang))}", ""] if described else []
        out.append(f"**{result_word}{sep.rstrip()}** {said_as(categories)}")
        out += [""] if result["members"] else []  # (a list right after a paragraph is the paragraph's text)
        indent = "- "
    else:
        out = [f"{members}{sep}{listed(named.values(), lang)}"] if described else []
        out.append(f"{result_word}{sep}{categories}")
        indent = "  "
    for member, labels in result["members"].items():
        out.append(f"{indent}{member_word} {said_as(named.get(member, quote(member)))}{sep}"
                   f"{said_as(listed(labels, lang))}")
    if "next_policy" in tree:  # on the last days of a policy, what the next one decides of the same data
        then = tree["next_policy"]  # in markdown, its members named as the lines above name them
        said = next_policy_said(then, named_with_id(then["household_members"], lang, quote), lang) if markdown \
            else then["sentence"]
        out += ["", f"→ {said_as(said)}"] if markdown else [f"→ {said}"]
    found = tree.get("doubts")
    if found:
        if markdown:
            out += ["", DOUBTS_HEAD[lang] + sep.rstrip(), ""]
            out += ["- " + said_as(doubt_said(d, lang, _members_aside(list(map(quote, members)), zh),
                                                len(members))) for d, members in alike_doubts(found)]
        else:
            out.append(DOUBTS_HEAD[lang] + sep.rstrip())
            out += [f"  · {doubt_said(d, lang, _members_aside(members, zh), len(members))}"
                    for d, members in alike_doubts(found)]
    for head, entries in default_groups(tree):
        said = [default_said(d["label"] + _members_aside(list(map(quote, members)), zh), d, lang)
                for d, members in alike_defaults(entries)]
        warning = head + sep + ("；" if zh else "; ").join(said)
        out += ["", said_as(warning)] if markdown else [warning]
    return out


def doubt_said(doubt: dict[str, Any], lang: str, who: str, members: int) -> str:
    """A doubt of the explanation's `doubts` as one sentence: the figure (with `who`, the member as the renderer
    names them), what is doubted of it and what to check (`养老金…（p1） 500.00 元/年：低于…；是否把月额当成了年额？
    …`); a word a member is given, as what they are given (`法定赡养、抚养、扶养义务人（p1）填为“无”，但…` /
    `person with a legal duty of support (p1) given as “none”, but …`); what to check in the number of the `members`
    it is said for (`alike_doubts`)."""
    zh = lang == "zh"
    said = doubt["doubt"] + ("；" if zh else "; ") + check_said(doubt, members, lang)
    if "label" not in doubt:
        return said
    if doubt["code"] in GIVEN_AS_WORD:
        given = _GIVEN_AS[lang].format(what=doubt["label"] + who, value=doubt["value"])
        return chinese_joined(given, said) if zh else given + said
    what = doubt["label"] + who + (f" {doubt['value']}" if "value" in doubt else "")
    return what + ("：" if zh else ": ") + said


# a word a member is given, said before what is doubted of it
_GIVEN_AS = {"zh": "{what}填为“{value}”，但", "en": "{what} given as “{value}”, but "}


# a value left out, in the lists of `default_groups`: what the policy's default made of it, in words
_TAKEN_AS = {"zh": "{name}：{value}", "en": "{name} — taken as {value}"}


def default_said(name: str, entry: dict[str, Any], lang: str) -> str:
    """A value the household file left out, as the lists at the head say it, `name` its label and whose it is: the
    value the default gave it in words, not as a working (`户主（76岁）的患重特大疾病：否` / `head of household (aged
    76): has a serious illness — taken as no`), a value left empty as none (`无` / `taken as none`), and a choice by
    its words without the quotes that set it apart within a working (`法定赡养、抚养、扶养义务人：无`, not `：“无”`),
    as the other values in the list are said."""
    value = entry["value"]
    if value == UNIT_WORDS[lang]["missing"]:
        value = EXPLAIN_WORDS[lang]["none"]
    elif value.startswith("“") and value.endswith("”") and value.count("“") == 1:
        value = value[1:-1]
    return _TAKEN_AS[lang].format(name=name, value=value)


def alike_defaults(entries: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[str]]]:
    """Values left out, each field that took the same value for several members once, with those members in order
    (`残疾等级（1级最重）（p1、p2、p3）：无`), where it is first listed; a household's field with none: seven members
    do not mean the same words seven times."""
    return _members_alike(entries, lambda d: (d["label"], d["value"]) if "member" in d else None)


def alike_doubts(found: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[str]]]:
    """The explanation's doubts, a finding of the same field of several members said once, with those members in
    order (`法定赡养、抚养、扶养义务人（p1、p2）填为“无”，但…`), where it is about the same income line too (a payment
    of the household as a whole, not one of each member's own); a line's doubt stays its own, with its member."""
    return _members_alike(found, lambda d: (d["code"], d["label"], d.get("value"), d.get("line"), d["doubt"],
                                            d["check"]) if "member" in d and d["path"].startswith("members[") else None)


def _members_alike(entries: list[dict[str, Any]],
                   key: Callable[[dict[str, Any]], Any]) -> list[tuple[dict[str, Any], list[str]]]:
    """Entries of members alike by `key` (None: an entry said alone) once each, where the first is, with their
    members in order."""
    alike: dict[Any, tuple[dict[str, Any], list[str]]] = {}
    out: list[tuple[dict[str, Any], list[str]]] = []
    for d in entries:
        same = key(d)
        if same is None:
            out.append((d, [d["member"]] if "member" in d else []))
            continue
        found = alike.get(same)
        if found is None:
            found = alike[same] = (d, [])
            out.append(found)
        found[1].append(d["member"])
    return out


def default_groups(tree: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The values the household file left out, under their head: first those another value of which gives another
    category, then those it gives only other assistance, then the others (each group only when it has any)."""
    defaults = tree.get("defaults") or []
    groups = ((DECIDING_HEAD, [d for d in defaults if d.get("decides_category")]),
              (ASSISTANCE_HEAD, [d for d in defaults if d.get("decides") and not d.get("decides_category")]),
              (DEFAULTS_HEAD, [d for d in defaults if not d.get("decides")]))
    return [(head[tree["lang"]], entries) for head, entries in groups if entries]


# under a decision without its reasons: where to find them
_WHY = {True: "（加 --explain 查看理由，加 --brief 查看可读给家庭听的简要说明）",
        False: "(add --explain to see why, or --brief for short sentences to read to the household)"}


def render_summary(tree: dict[str, Any], style: Style = _plain) -> str:
    """The decision without its reasons (`policy eval` without --explain): result and assistance."""
    tree = printable_tree(tree)  # an id read with a line break in it is printed on one line
    zh = tree["lang"] == "zh"
    sep = "：" if zh else ": "
    lines = [style(tree["title"], "title"), *_result_lines(tree)]
    for a in tree["assistance"]:
        lines.append(f"  • {a['label']}{_who(a, zh)}{sep}{a.get('zero', a['amount'])}")
    lines.append(style(_WHY[zh], "dim"))
    return "\n".join(lines) + "\n"


def render_summary_markdown(tree: dict[str, Any]) -> str:
    """The summary as markdown that renders as a heading, a result line and lists (not a code block)."""
    tree = printable_tree(tree)  # an id read with a line break in it is printed on one line
    zh = tree["lang"] == "zh"
    colon = "：" if zh else ": "
    lines = [f"# {_md_title(tree)}", "", *_result_lines(tree, markdown=True)]
    if tree["assistance"]:
        slots = CodeSlots()
        lines += ["", f"**{'救助帮扶' if zh else 'Assistance'}{colon.rstrip()}**", ""]
        lines += [f"- {slots.escaped(a['label'] + _who(a, zh, slots.code))}{colon}{md_text(a.get('zero', a['amount']))}"
                  for a in tree["assistance"]]
    lines += ["", f"_{_WHY[zh]}_"]
    return "\n".join(lines) + "\n"


def render_text(tree: dict[str, Any], style: Style = _plain) -> str:
    """A tree a person can scan; `style(text, role)` adds colour on a terminal."""
    tree = printable_tree(tree)  # an id read with a line break in it is printed on one line
    zh = tree["lang"] == "zh"
    sep = "：" if zh else ": "
    out = [style(tree["title"], "title"), style(tree["policy_line"], "dim")]
    worded: set[str] = set()  # definitions whose formula has been said
    if "note" in tree:
        out.append(style(tree["note"], "warn"))
    out += _result_lines(tree)
    named = _member_names(tree)
    none = "无" if zh else "none"
    out += ["", style("收入核算" if zh else "Income accounting", "heading"), *accounting_lines(tree)]
    out += ["", style("各类别认定情况" if zh else "Categories", "heading")]
    for c in tree["categories"]:
        mark = style("✔", "ok") if c["assigned"] else style("✘", "fail")
        head = f"{mark} {with_id(c['label'], c['id'], zh)}"
        any_of = [f"    {c['any_of']}{sep.rstrip()}"] if "any_of" in c else []
        if c["level"] == "household":
            out.append(f"{head}{sep}{refusal_said(c, tree['lang'])}" + style(_cite(c, ""), "dim"))
            out.extend(any_of)
            for clause in c["clauses"]:
                out.extend(_clause_lines(clause, "    ", style, sep, worded, zh))
        else:
            out.append(head + style(_cite(c, ""), "dim"))
            out.extend(any_of)
            for m in c["members"]:
                m_mark = style("✔", "ok") if m["assigned"] else style("✘", "fail")
                who = named.get(m["member"], m["member"])
                out.append(f"    {m_mark} {'成员' if zh else 'member'} {who}{sep}{refusal_said(m, tree['lang'])}")
                for clause in m["clauses"]:
                    out.extend(_clause_lines(clause, "        ", style, sep, worded, zh))
    out += [f"– {gone['sentence']}" + style(_cite(gone, ""), "dim") for gone in tree.get("abolished", [])]
    out += ["", style("救助帮扶措施" if zh else "Assistance", "heading")]
    if not tree["assistance"]:
        out.append("  " + none)
    for a, members in grouped_grants(tree["assistance"]):
        out += _grant_lines(a, members, zh, style)
    out += [f"  → {g['sentence']}" for g in tree.get("birthday_gains", [])]
    if tree.get("withheld") or tree.get("withheld_members"):
        out += ["", style(_WITHHELD[tree["lang"]], "heading")]
        out += [line for a in not_given_lines(tree) for line in _withheld_lines(a, zh, style)]
    confirm = confirm_lines(tree)
    if confirm:
        out += ["", *(style(line, "warn") for line in confirm)]
    if "process" in tree:  # what a household asks next: how long
        out += ["", tree["process"]["sentence"] + style(_cite(tree["process"], ""), "dim")]
    return "\n".join(out) + "\n"


def _grant_lines(a: dict[str, Any], members: list[str], zh: bool, style: Style = _plain) -> list[str]:
    """A grant as `--explain` shows it: the measure, its members, department and amount, then which option applies,
    how the amount was worked out, and what would change it."""
    sep = "：" if zh else ": "
    lang = "zh" if zh else "en"
    # an amount the department decides names it: not the department again before it
    by = "" if names_department(a, lang) else a["department"] + sep
    out = [f"  • {a['label']}{_members_aside(members, zh)} — {by}{a.get('zero', a['amount'])}"
           + style(_cite(a, lang), "dim")]
    out.extend(f"      {a[key]}" for key in ("applies", "higher_wins") if key in a)
    if "working" in a:
        out.append(f"      {'计算' if zh else 'worked out'}{sep}{a['working']}")
    out.extend(f"      {line}" for line in a.get("where", []))
    return out + [f"      → {hint}" for hint in clause_hints(a, lang)]


def _withheld_lines(a: dict[str, Any], zh: bool, style: Style = _plain) -> list[str]:
    """A measure not given (to the household, or to members), and why, as it is read aloud: a yes/no it lacks as the
    condition not met, never its label and "no"; of a measure of several forms, what each lacks; then what would make
    it given."""
    sep = "：" if zh else ": "
    who = _members_aside(a.get("members") or ([a["member"]] if "member" in a else []), zh)
    forms = [f"      {clause_label(form, 'zh' if zh else 'en')}{sep}{form['why']}" + style(_cite(form, ""), "dim")
             for form in a.get("forms", ())]
    return [f"  {style('✘', 'fail')} {a['label']}{who} — {a['department']}{sep}{a['why']}" + style(_cite(a, ""), "dim"),
            *forms, *(f"      → {hint}" for hint in clause_hints(a, "zh" if zh else "en"))]


def measure_lines(tree: dict[str, Any], key: str, decision: Decision | None = None) -> str | None:
    """What `--explain` says of the measure `key` (`dibao_benefit`, or `medical_assistance/p1` for one member's):
    the grant with its working, or why it was not given — with the `decision` explained, of a measure the explanation
    names only with the members alike when not given (a member's), too; None where nothing is said of it."""
    zh = tree["lang"] == "zh"
    measure, _, member = key.partition("/")
    for a in tree["assistance"]:
        if a["id"] == measure and (a.get("member") or "") == member:
            return "\n".join(line.removeprefix("  ") for line in _grant_lines(a, [member] if member else [], zh))
    withheld = next((a for a in tree.get("withheld", []) if a["id"] == measure and not member), None)
    if withheld is None and decision is not None:
        from engine.explain import not_given

        withheld = not_given(decision, tree["lang"], key)
    return None if withheld is None else "\n".join(line.removeprefix("  ") for line in _withheld_lines(withheld, zh))


def not_given_lines(tree: dict[str, Any]) -> list[dict[str, Any]]:
    """The measures not given, as the reports list them: the household's, then the members' (`withheld_members`)."""
    return [*tree.get("withheld", ()), *tree.get("withheld_members", ())]


# a grant's days that are one member's: the birthday that ends the measure, or changes its amount
_MEMBERS_DAYS = ("holds_until", "changes_to")


def grouped_grants(grants: list[dict[str, Any]], by_option: bool = True) -> list[tuple[dict[str, Any], list[str]]]:
    """Grants with their members; a measure that comes to nothing for the same reason is one line for all (`--explain`
    and `--brief`) — of the same option too, where the line shows the option's place (`by_option`) — at its first
    member's place, though a member between them has a line of their own (a birthday's day, an amount)."""
    out: list[tuple[dict[str, Any], list[str]]] = []
    for a in grants:
        members = [a["member"]] if a.get("member") else []
        alike = None
        for said, who in reversed(out if members else []):  # the lines of this measure, back to its first
            if said["id"] != a["id"]:
                break
            if who and _alike(said, a, by_option):
                alike = who
                break
        if alike is not None:
            alike.extend(members)
        else:
            out.append((a, members))
    return out


def _alike(said: dict[str, Any], a: dict[str, Any], by_option: bool) -> bool:
    """Whether grant `a` of a member comes to nothing as `said` does, of the same measure: one line for both."""
    return ("zero" in a and said.get("zero") == a["zero"] and said["id"] == a["id"]
            and (said["location"] == a["location"] or not by_option)
            and not any(day in x for day in _MEMBERS_DAYS for x in (a, said)))


def _md_derived(items: list[dict[str, Any]], depth: int, worded: set[str], zh: bool) -> list[str]:
    """As `_derived_lines`, in markdown: a definition's formula and rule the first time only."""
    out = []
    for d in items:
        pad = "  " * depth
        slots = CodeSlots()  # a member's id is code within the policy's labels and the household's values
        who = _who(d, zh, slots.code)
        first = d["name"] not in worded
        formula = f" = {d.get('words') or d['formula']}" if "formula" in d and first else ""
        if d.get("substituted"):
            formula += f" = {d['substituted']}"
        rule = bracketed(md_code(d["formula"]), zh) if "formula" in d and first else ""
        if "formula" in d:
            worded.add(d["name"])
        mark = " ⚠" if d.get("confirm") else ""
        out.append(f"{pad}- {slots.escaped(d['label'] + who + formula)} = **{md_text(d['value'])}**"
                   f"{slots.escaped(_chosen(d, zh, slots.code) + _not_given(d, zh))}{mark}{rule}")
        out.extend(_md_derived(d.get("from", []), depth + 1, worded, zh))
    return out


def _md_title(tree: dict[str, Any]) -> str:
    """The explanation's title in markdown: the household's id and the policy's title as written, the code of the words
    that say it is decided on today (the file gives no `date`) as code."""
    slots = CodeSlots()
    today = EXPLAIN_WORDS[tree["lang"]]["today"]
    return slots.escaped(tree["title"].replace(today, slots.ours(today)))


def _md_place(a: dict[str, Any], zh: bool) -> str:
    """Where a measure not given (or one of its forms) is written, as markdown cites it: its rule where it has one."""
    src = f" · {a.get('cited') or a['source']}" if a.get("source") else ""
    return _md_where(zh, a["location"], src, a.get("rule"))


_WITHHELD = {"zh": "未给予的救助帮扶措施", "en": "Assistance not given"}
_INCOME_COLUMNS = {"zh": ["类型", "成员", "金额", "计入"], "en": ["type", "member", "amount", "counted"]}
_EXPENSE_COLUMNS = {"zh": ["支出", "成员", "金额", "刚性"], "en": ["expense", "member", "amount", "rigid"]}


def render_markdown(tree: dict[str, Any]) -> str:
    """A report for a case file."""
    tree = printable_tree(tree)  # an id read with a line break in it is printed on one line
    zh = tree["lang"] == "zh"
    out = [f"# {_md_title(tree)}", "", f"_{md_text(tree['policy_line'])}_", ""]
    if "note" in tree:
        out += [f"> {md_text(tree['note'])}", ""]
    out += _result_lines(tree, markdown=True)
    slots = CodeSlots()  # a member's id is code within the words that describe them
    named = _member_names(tree, slots.code)
    worded: set[str] = set()  # definitions whose formula has been said
    acc = tree["accounting"]
    out += ["", f"## {'收入核算' if zh else 'Income accounting'}", "",
            "| " + " | ".join(_INCOME_COLUMNS[tree["lang"]]) + " |",
            "|---|---|---:|---:|"]
    for line in acc["income"]:
        counted = (f"{line['share']} → {line['counted_amount']}" if line["counted"]
                   else NOT_COUNTED["zh" if zh else "en"])
        out.append(_md_row(line["label"], [line["member"]] if "member" in line else [], zh, line["amount"], counted))
    colon = "：" if zh else ": "
    out += ["", f"- {'计入收入合计' if zh else 'counted income'}{colon}**{acc['counted_income']}**"]
    if acc["expenses"]:
        out += ["", "| " + " | ".join(_EXPENSE_COLUMNS[tree["lang"]]) + " |", "|---|---|---:|:---:|"]
        for line in acc["expenses"]:
            rigid = ("是" if zh else "yes") if line["rigid"] else ("否" if zh else "no")
            out.append(_md_row(line["label"], [line["member"]] if "member" in line else [], zh, line["amount"], rigid))
        out.append("")
    out += [f"- {'刚性支出合计' if zh else 'rigid expenses'}{colon}**{acc['rigid_expenses']}**", "",
            f"## {'各类别认定情况' if zh else 'Categories'}", ""]
    for c in tree["categories"]:
        mark = "✅" if c["assigned"] else "❌"
        out.append(f"### {mark} {with_id(c['label'], c['id'], zh, '`', md_text)}")
        out.append("")
        cite = md_code(c["location"]) + (md_text(f" · {c.get('cited') or c['source']}") if c.get("source") else "")
        blocks = [(None, c)] if c["level"] == "household" else [(m["member"], m) for m in c["members"]]
        out.append(cite)
        out.append("")
        if "any_of" in c:
            out += [f"_{md_text(c['any_of'])}_", ""]
        for member, block in blocks:
            who = slots.escaped(named.get(member, slots.code(member))) if member else ""
            prefix = f"**{'成员' if zh else 'member'} {who}** — " if member else ""
            out.append(f"{prefix}{md_text(refusal_said(block, tree['lang']))}")
            out.append("")
            for clause in block["clauses"]:
                mark = "✔" if clause["verdict"] else "✘"
                src = f" · {clause.get('cited') or clause['source']}" if clause.get("source") else ""
                if clause.get("parameters_cited"):  # the documents its figures rest on besides its own
                    said = parameters_said(clause["parameters_cited"], tree["lang"])
                    src += (DOCUMENT_SEPARATOR[tree["lang"]] if src else " · ") + said
                said = _clause_said(clause, zh)
                out.append(f"- {mark} **{md_text(clause_label(clause, tree['lang']))}** — "
                           f"{md_text(said + ground_mark(clause, said, tree['lang']))}"
                           f"{_md_where(zh, clause['location'], src, clause['rule'])}")
                out += [f"  - → {_md_hint(clause, hint, tree['lang'])}" for hint in clause_hints(clause, tree["lang"])]
                out.extend(_md_derived(clause.get("derived", []), 1, worded, zh))
            out.append("")
    for gone in tree.get("abolished", []):
        src = f" · {gone.get('cited') or gone['source']}" if gone.get("source") else ""
        out += [f"– {md_text(gone['sentence'])}{_md_where(zh, gone['location'], src)}", ""]
    out += [f"## {'救助帮扶措施' if zh else 'Assistance'}", ""]
    if not tree["assistance"]:
        out.append("无" if zh else "none")
    else:
        out += ["| " + " | ".join(["措施", "成员", "部门", "金额", "说明"] if zh else
                                  ["measure", "member", "department", "amount", "note"]) + " |",
                "|---|---|---|---:|---|"]
        for a, members in grouped_grants(tree["assistance"]):
            slots = CodeSlots()  # a member's id is code within its hints
            notes = [*(a[key] for key in ("applies", "higher_wins", "working") if key in a),
                     *([parameters_said(a["parameters_cited"], tree["lang"])] if "parameters_cited" in a else []),
                     *a.get("where", []),
                     *(f"→ {named_in_hint(a, hint, tree['lang'], slots.code)}"
                       for hint in clause_hints(a, tree["lang"]))]
            amount = a.get("zero", a["amount"])
            # an amount the department decides names it: its column is left empty in that row, as the text line does
            department = "" if names_department(a, tree["lang"]) else a["department"]
            out.append(_md_row(a["label"], members, zh, department, amount, notes, slots=slots))
    if tree.get("birthday_gains"):
        out += ["", *(f"- → {_md_hint(g, g['sentence'], tree['lang'])}" for g in tree["birthday_gains"])]
    if tree.get("withheld") or tree.get("withheld_members"):
        out += ["", f"## {_WITHHELD[tree['lang']]}", ""]
        for a in not_given_lines(tree):
            slots = CodeSlots()
            aside = slots.escaped(_members_aside(a.get("members", []), zh, slots.code))
            out.append(f"- ✘ **{md_text(a['label'])}**{aside} — "
                       f"{md_text(a['department'] + colon + a['why'])}{_md_place(a, zh)}")
            out += [f"  - {md_text(clause_label(form, tree['lang']) + colon + form['why'])}{_md_place(form, zh)}"
                    for form in a.get("forms", ())]
            out += [f"  - → {_md_hint(a, hint, tree['lang'])}" for hint in clause_hints(a, tree["lang"])]
    confirm = confirm_lines(tree)
    if confirm:
        out += ["", *md_quote([md_text(line) for line in confirm])]
    if "process" in tree:  # what a household asks next: how long, as the text report ends
        process = tree["process"]
        src = f" · {process.get('cited') or process['source']}" if process.get("source") else ""
        out += ["", f"{md_text(process['sentence'])}{_md_where(zh, process['location'], src)}"]
    return "\n".join(out) + "\n"


def _md_row(label: str, members: list[str], zh: bool, *cells: str | list[str], slots: CodeSlots | None = None) -> str:
    """A row of a markdown table: its label, its members (their ids as code, as the report writes a member's id), then
    its other cells, each as every report writes one (`md_cell`), of the household's and the policy's text, none of it
    code but the stand-ins of `slots` (a member's id in a hint)."""
    ids = ("、" if zh else ", ").join(md_code(member, table=True) for member in members)
    cells_said = (md_cell(cell, code=False, slots=slots) for cell in cells)
    return "| " + " | ".join([md_cell(label, code=False), ids, *cells_said]) + " |"


def _md_hint(entry: dict[str, Any], hint: str, lang: str) -> str:
    """A hint of an entry (`clause_hints`, a birthday's line) as markdown: the members it names by id as code, as the
    report writes a member's id (`named_in_hint`), the rest text."""
    slots = CodeSlots()
    return slots.escaped(named_in_hint(entry, hint, lang, slots.code))
