"""An explanation in short sentences, to read aloud to the household (`policy eval --brief`).

Input: the explanation tree of one decision (`engine.explain.explain`).
Output: text (or markdown) that says, category by category, what was decided and why — the
values compared, the margin, what would have to change, and the articles — with no working
(but the parts of a value defined as a sum), no rule text, no ids and no file references: what
a caseworker says at the household's door. Markdown shows the policy's and the household's text
as written (`engine.markdown_text`), a member said by id with the id as code, as the full report
writes it.
Invariant: only reads the tree; every number said is one the full explanation shows.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from engine.diagnostics import chinese_joined, printable_tree, sentence
from engine.explain.doubted import GIVEN_AS_WORD, heads_said
from engine.explain.members import HINT_DAYS, named_in_hint, named_with_id, said_aloud
from engine.explain.next_policy import next_policy_said
from engine.explain.phrases import FULL_SHARE
from engine.explain.tree import citing
from engine.explain.words import WORDS as EXPLAIN_WORDS
from engine.explain.words import (
    amounts_say_stop,
    changes_first,
    changes_said,
    day_text,
    first_return_said,
    members_said,
    names_department,
    paid_back,
    parameters_said,
    return_said,
    returns_around_end,
    returns_before_end,
)
from engine.markdown_text import CodeSlots
from engine.model import DOCUMENT_SEPARATOR, cited_documents
from engine.render import (
    DOUBTS_HEAD,
    NOT_COUNTED,
    alike_defaults,
    alike_doubts,
    clause_ends,
    clause_label,
    clause_quoted,
    confirm_lines,
    default_groups,
    default_said,
    doubt_said,
    grounded,
    grouped_grants,
    not_given_lines,
    yes_no_said,
)
from engine.values import listed
from engine.wording import definite_article, ends_in_bracket, last_bracket, plural

WORDS: dict[str, dict[str, Any]] = {
    "zh": {
        "members": "家庭成员", "result": "认定结果", "none": "无", "household_none": "家庭不属于任何类别",
        "categories": "各类别认定情况",
        "assistance": "救助帮扶", "assigned": "认定",
        "also_met": "其余条件（{labels}）均符合", "all_met": "条件（{labels}）均符合", "basis": "依据",
        "also_met_one": "条件{labels}也符合", "all_met_one": "条件{labels}符合",
        "any_enough": "（符合其中任一条件即可）",
        "met_by": "符合{label}：{said}",
        "income": "收入", "expenses": "支出", "counted_total": "计入收入合计 {}", "whose": "{member}的{label}",
        "theirs": "{member}的{label}", "theirs_amount": " {}", "ours": "{label}",
        "theirs_alike": ("{members}的{label}", "{said}"),
        "today": "（今天：家庭文件没有写日期）",
        "counted_share": "按 {share} 计入 {amount}", "not_counted": NOT_COUNTED["zh"], "aside": "（{}）",
        "after_bracket": "，即 {}", "and": "，",
        "join": "；", "lines": "；", "articles": "，", "colon": "：", "stop": "。",
        "by": "（{}）", "chosen": "（{}）", "plus": "加", "sum": "{parts}，合计 {total}",
        "a_year": "，全年 {}", "outside_window": "，评估日期不在本政策施行期内", "for": "——",
        "forms": "——{}",
        "until": EXPLAIN_WORDS["zh"]["until"],
        "until_policy_ends": EXPLAIN_WORDS["zh"]["until_policy_ends"],
        "again": EXPLAIN_WORDS["zh"]["again"], "again_at": EXPLAIN_WORDS["zh"]["again_at"],
        "again_day": EXPLAIN_WORDS["zh"]["again_alone"],
        "unmet_by": "不满足{label}：{said}", "it": "该值", "ends": "{label}：{said}", "own_ends": "，{}",
        "would_named": (EXPLAIN_WORDS["zh"]["would"].rpartition("，")[2], "{label}这一条件即可满足"),
        "all_needed_two": "但这 2 项条件须全部满足，满足其中一项仍不能认定",
        "all_needed": "但这 {k} 项条件须全部满足，满足其中一项仍不能认定",
        "income_blind": "{labels}与收入无关，仅收入变化不能改变认定结果",
        "income_blind_brief": "其中{labels}与收入无关",
        "relations": {" < ": "，低于", " > ": "，高于", " = ": "，正好等于"},
        "relations_plural": {" < ": "，低于", " > ": "，高于", " = ": "，正好等于"},
        "operators": {" − ": "减", " + ": "加", " × ": "乘以", " ÷ ": "除以"},
        "given_when_ends": "自 {date} 起给予，即上文{member}的{label}停发之时",
    },
    "en": {
        "members": "Members", "result": "Result", "none": "none", "household_none": "no household category",
        "categories": "Categories",
        "assistance": "Assistance", "assigned": "assigned",
        "also_met": "the other conditions ({labels}) are met", "all_met": "the conditions ({labels}) are met",
        "also_met_one": "{labels} is met too", "all_met_one": "{labels} is met",
        "any_enough": " (any one of its conditions is enough)",
        "met_by": "{label} is met: {said}",
        "income": "Income", "expenses": "Expenses", "counted_total": "counted in all {}",
        "whose": "{label} of {member}",
        "theirs": "{member}: {label}", "theirs_amount": ", {}", "ours": "the household's {label}",
        "theirs_alike": ("{label}", "{said} for {members}"),
        "today": " (today: the household file gives no date)",
        "counted_share": "counted at {share}: {amount}", "not_counted": NOT_COUNTED["en"], "aside": " ({})",
        "after_bracket": ", amounting to {}",
        "and": ", ", "basis": "Source", "join": "; ", "lines": "; ", "articles": ", ", "colon": ": ",
        "stop": ". ", "by": " ({})", "chosen": " — {}", "plus": " plus ",
        "sum": "{parts}, {total} in all,", "a_year": ", {} in a year",
        "outside_window": ", but this policy is not in force on the evaluation date",
        "until": EXPLAIN_WORDS["en"]["until"],
        "until_policy_ends": EXPLAIN_WORDS["en"]["until_policy_ends"],
        "again": EXPLAIN_WORDS["en"]["again"], "again_at": EXPLAIN_WORDS["en"]["again_at"],
        "again_day": EXPLAIN_WORDS["en"]["again_alone"],
        "for": " — ",
        "forms": " — {}",
        "unmet_by": "{label} is not met: {said}", "it": "it", "ends": "{label}: {said}", "own_ends": "; {}",
        "would_named": (EXPLAIN_WORDS["en"]["would"].partition(" {name}")[0], "{label} would be met if"),
        "all_needed_two": "but both conditions must be met, so either alone would not be enough",
        "all_needed": "but all {k} of these conditions must be met, so one alone would not be enough",
        "income_blind": "income has no bearing on {labels}, so a change of income alone would not change the "
                        "decision",
        "income_blind_brief": "income has no bearing on {labels}",
        "relations": {" < ": " is below ", " > ": " is above ", " = ": " is exactly "},
        "relations_plural": {" < ": " are below ", " > ": " are above ", " = ": " are exactly "},
        "operators": {" − ": " minus ", " + ": " plus ", " × ": " times ", " ÷ ": " divided by "},
        "given_when_ends": "given from {date}, when the {label} of {member} ends, as said above",
    },
}


def render_brief(tree: dict[str, Any], markdown: bool = False) -> str:
    """The decision and its reasons in short sentences (see the module docstring)."""
    return _Brief(printable_tree(tree), markdown).text()  # an id read with a line break in it: on one line


def category_lines(tree: dict[str, Any], ids: Iterable[str]) -> dict[str, str]:
    """The brief's lines for each of the categories `ids` alone, by id, in the tree's order: what was decided of it
    and why (`✘ dibao: not assigned, because …`), as `policy test` says it under a case expecting otherwise; each
    member named with the id the case writes, as `--explain` names it (`p2 (head of household, aged 35)`)."""
    brief, wanted = _Brief(tree, False), set(ids)
    brief.names = named_with_id(tree.get("household_members", []), tree["lang"])
    out = {}
    for c in tree["categories"]:
        if c["id"] in wanted:
            said_before = len(brief.reasons)
            lines = brief.category(c)
            # a reason that is a ground to confirm, marked in the lines, or that reads a value to confirm: its note
            # after them, as the brief ends with it
            lines += [brief.item(line, 1) for line in confirm_lines(tree, brief.reasons[said_before:], grants=False)]
            out[c["id"]] = "\n".join(lines)
    return out


class _Brief:
    def __init__(self, tree: dict[str, Any], markdown: bool):
        self.tree = tree
        self.w = WORDS[tree["lang"]]
        self.markdown = markdown
        # in markdown, the text of the policy and the household as written (`md_text`), a member's id within it code
        self.slots = CodeSlots()
        self.names = said_aloud(tree.get("household_members", []), tree["lang"], self.slots.code if markdown else str)
        self.documents = _documents(tree)
        self.equal_lead = _EQUAL_LEAD[tree["lang"]]
        self.policy_ends_said = False  # whether a hint read aloud has said that the policy ends before its day
        self.days_told: set[tuple[str, str]] = set()  # the days after the policy's end told so far, by member and day
        self.reasons: list[dict[str, Any]] = []  # the clauses the categories' reasons rest on, as they are said
        # the grants whose line tells a member's birthday that ends them, by the member and the day: read aloud, the
        # birthday is told there once, with what it brings (none in `category_lines`, which says no grant)
        self.ended: dict[tuple[str, str], dict[str, Any]] = {}
        self.gained: dict[tuple[str, str], list[str]] = {}  # the measures each birthday's own line says it brings

    def text(self) -> str:
        t, w = self.tree, self.w
        # read aloud, the date left out is said in words, not by the file's key `date`, and the version's code not
        # at all: the policy's title names it
        title = _without_version(t["title"].replace(EXPLAIN_WORDS[t["lang"]]["today"], w["today"], 1), t["lang"])
        out = [f"# {self.slots.escaped(title)}", ""] if self.markdown else [title]
        if self.names:
            out.append(self.line(w["members"] + w["colon"] + self.listed(self.names.values())))
        out.append(self.line(w["result"] + w["colon"] + self.result()))
        if "next_policy" in t:  # on the last days of a policy, what the next one decides of the same data
            then = t["next_policy"]  # its members named on its first day, as it decides of them
            named = said_aloud(then["household_members"], t["lang"], self.slots.code if self.markdown else str)
            out.append(self.line(next_policy_said(then, named, t["lang"])))
        out += [self.line(said) for said in self.accounts()]
        if t.get("note"):
            out.append(self.line(t["note"]))
        out += self.doubts()
        out += [self.line(note) for note in self.defaults()]
        out += [*self.gap(out), self.heading(w["categories"])]
        self.ended = {_day_of(a["stops_holding"]): a for a in t["assistance"] if "holds_until" in a}
        self.gained = {_day_of(g["turns_age"]): g["measures"] for g in t.get("birthday_gains", [])}
        for c in t["categories"]:
            out += self.category(c)
        out += [self.item(f"– {gone['sentence']}") for gone in t.get("abolished", [])]
        out += [*self.gap(out), self.heading(w["assistance"])]
        grants = grouped_grants(t["assistance"], by_option=False)
        out += [self.item(self.grant(a, members)) for a, members in grants] or [self.item(w["none"])]
        out += [self.item(said) for g in t.get("birthday_gains", []) if (said := self.hint_said(g, g["sentence"]))]
        out += [self.item(self.withheld(a)) for a in not_given_lines(t)]
        # the figures to confirm that what was said rests on, as `--explain` names them: not those of a category
        # another came before, nor those of an amount a grant's is higher than (就高不就低), whose figures go unsaid
        confirm = confirm_lines(t, self.reasons, compared=False)
        if confirm:
            out += [*self.gap(out), *(self.line(line) for line in confirm)]
        if "process" in t:  # what a household asks next: how long
            out += [*self.gap(out), self.line(self.process(t["process"]))]
        return "\n".join(out).rstrip("\n") + "\n"  # (a paragraph of markdown last: its own blank line is not kept)

    # pieces ------------------------------------------------------------------------------

    def process(self, process: dict[str, Any]) -> str:
        """How long the review takes, with the articles it rests on as the categories name them:
        `审核时限：…不超过 40 个工作日（大政发〔2024〕47号 二、3 统一认定流程，附件4）`."""
        cites = _cites(process)
        return process["sentence"] + (self.w["by"].format(_basis(cites, {}, self.w)) if cites else "")

    def line(self, text: str) -> str:
        return self.slots.escaped(text) + "\n" if self.markdown else text  # a paragraph of its own in markdown

    def gap(self, out: list[str]) -> list[str]:
        """The blank line before a part: none more after a paragraph of markdown, which ends in one already."""
        return [] if self.markdown and out and (out[-1] == "" or out[-1].endswith("\n")) else [""]

    def heading(self, text: str) -> str:
        return f"## {self.slots.escaped(text)}" if self.markdown else text

    def item(self, text: str, depth: int = 0) -> str:
        return "  " * depth + "- " + self.slots.escaped(text) if self.markdown else "  " * (depth + 1) + text

    def result(self) -> str:
        w, result = self.w, self.tree["result"]
        # (a member's category after a bare "none" would contradict it, read aloud)
        said = self.listed(result["household"]) or (w["household_none"] if result["members"] else w["none"])
        for member, labels in result["members"].items():
            said += w["join"] + self.names.get(member, member) + w["colon"] + self.listed(labels)
        return said

    def doubts(self) -> list[str]:
        """The figures given that are most likely wrong (`engine.doubts`), each with what to check, the member named
        as everywhere in the brief: `户主（75岁）的养老金… 500.00 元/年：低于…；是否把月额当成了年额？…`."""
        found = self.tree.get("doubts")
        if not found:
            return []
        lang = self.tree["lang"]
        out = [self.line(DOUBTS_HEAD[lang] + self.w["colon"].rstrip())]
        for d, members in alike_doubts(found):
            if members and "label" in d:  # a word given, the members first in English: `… (aged 70): person …`
                whose = self.w["theirs" if d["code"] in GIVEN_AS_WORD else "whose"]
                d = {**d, "label": self.named(whose, self.members_said(members), label=d["label"])}
            if "members" in d:  # the heads, named as everywhere in the brief: `户主（65岁）和户主（63岁）`
                d = {**d, "doubt": heads_said(self.members_said(d["members"]), lang)}
            else:  # a member the doubt names (H015's spouse) as everywhere in the brief: `配偶（46岁）`
                d = {**d, "doubt": self.renamed(d["doubt"])}
            out.append(self.item(doubt_said(d, lang, "", len(members))))
        return [*out, ""] if self.markdown else out

    def renamed(self, text: str) -> str:
        """`text` of the explanation with each member it names as `--explain` does (`p2（配偶，46岁）`) named as the
        brief names them (`配偶（46岁）`), spaced as Chinese is."""
        lang = self.tree["lang"]
        for member, explained in named_with_id(self.tree.get("household_members", []), lang).items():
            said = self.names.get(member, member)
            if explained == said or explained not in text:
                continue
            before, _, after = text.partition(explained)
            text = chinese_joined(before.rstrip(" "), said, after.lstrip(" ")) if lang == "zh" else \
                before + said + after
        return text

    def defaults(self) -> list[str]:
        """The values left out, those the decision depends on first (`engine.render.default_groups`), each with whose
        it is (in English the member first, as an income line names them) and what the default made of it; a field
        that took the same value for several members is said once, with all of them (`disability grade — taken as
        none for head of household (aged 39), spouse (aged 37) and …`)."""
        w, lang = self.w, self.tree["lang"]
        said = []
        for head, given in default_groups(self.tree):
            values = []
            for d, members in alike_defaults(given):
                if len(members) < 2:
                    values.append(default_said(self.theirs(d["label"], members[0]) if members else d["label"], d, lang))
                    continue
                name, after = w["theirs_alike"]
                whose = self.members_said(members)
                values.append(after.format(said=default_said(self.named(name, whose, "members", label=d["label"]),
                                                             d, lang), members=whose))
            said.append(head + w["colon"] + w["join"].join(values))
        return said

    def whose(self, label: str, member: str) -> str:
        """A figure of one member's, named as theirs: `配偶（59岁）的工资性收入（扣减就业成本）` / `wage income (less
        the cost of employment) of spouse (aged 59)`, not the member in brackets after a label that may end in its
        own."""
        return self.named(self.w["whose"], self.names.get(member, member), label=label)

    def theirs(self, label: str, member: str) -> str:
        """A member's line or value, the member first in English (`head of household (aged 58): wage income …`):
        after the label, `of` would read as the label's own."""
        return self.named(self.w["theirs"], self.names.get(member, member), label=label)

    def named(self, template: str, name: str, key: str = "member", **values: str) -> str:
        """`template` with a member's (or members') `name` as its `{key}`: in Chinese run into the words around it
        where it is a description (`上文孙子女（17岁）的`), set apart from them by a space where it is an id, as every
        line sets a letter apart from a word (`上文 p2 的`; in markdown, `` `p2` 的 ``)."""
        if self.tree["lang"] != "zh":
            return template.format(**{key: name}, **values)
        before, _, after = template.partition("{" + key + "}")
        return chinese_joined(before.format(**values), name, after.format(**values))

    def accounts(self) -> list[str]:
        """The income and expense lines as the household file gives them, read out so that a slip (a month's wage
        written as the year's) is heard: `收入：子女（25岁）的工资性收入 3,000.00 元/年（按 80% 计入 2,400.00
        元/年）；计入收入合计 …`. An income line counted otherwise than in full says what of it is counted, as the
        accounting has it, so that the lines read out add up to the total. In English a member's line names the
        member first (`head of household (aged 58): medical costs paid out of pocket, 3,000.00 yuan/year`): after the
        label, `of` would read as the label's own; among such lines the household's own says it is the household's
        (`the household's net farming income …`), else it is heard as the member's before it, where Chinese binds
        `户主（58岁）的` to its own line. Lines are parted by `；` (`; `), not
        by the list's `、` (`, `), which a label may hold: `赡养费、抚养费、扶养费 1,200.00 元/年` is one line."""
        w, accounting = self.w, self.tree.get("accounting") or {}

        def said(line: dict[str, Any], lines: list[dict[str, Any]]) -> str:
            counted = self.counted(line)
            ours = w["ours"] if any(x.get("member") for x in lines) else "{label}"
            said = (self.theirs(line["label"], line["member"]) + w["theirs_amount"].format(line["amount"])
                    if line.get("member") else f"{ours.format(label=line['label'])} {line['amount']}")
            return said + (w["aside"].format(counted) if counted else "")

        out = []
        income = accounting.get("income") or []
        total = [w["counted_total"].format(accounting["counted_income"])] if "counted_income" in accounting else []
        out.append(w["income"] + w["colon"] + (w["lines"].join(said(x, income) for x in income) or w["none"])
                   + (w["join"] + total[0] if income and total else ""))
        if expenses := accounting.get("expenses"):
            out.append(w["expenses"] + w["colon"] + w["lines"].join(said(x, expenses) for x in expenses))
        return out

    def counted(self, line: dict[str, Any]) -> str:
        """What of an income line is counted, where that is not all of it (`按 80% 计入 2,400.00 元/年`, `不计入`):
        the share and amount the accounting gives, with its unit, as every amount read aloud has one. Whether it is
        all of it is the share's to say: 80% of 0.01 is shown 0.01 too."""
        if "counted" not in line:  # an expense line
            return ""
        if not line["counted"]:
            return self.w["not_counted"]
        amount = line.get("counted_amount")
        if amount is None or line.get("share") == FULL_SHARE:
            return ""
        return self.w["counted_share"].format(share=line["share"], amount=amount)

    def grant(self, a: dict[str, Any], members: list[str]) -> str:
        """A measure granted, with its amount, to the household or to `members`: those for whom it comes to nothing
        for the same reason are said together, once (`医疗救助（…）——户主（39岁）和配偶（37岁）：无…`)."""
        who = self.w["for"] + self.members_said(members) if members else ""
        year = self.w["a_year"].format(a["per_year"]) if "per_year" in a else ""
        if "paid_until" in a:  # the amount does not hold for the year: until when it does
            until = a["paid_until"]
            year = self.w["until_policy_ends" if until.get("policy_ends") else "until"].format(until["date"])
            self.policy_ends_said = self.policy_ends_said or bool(until.get("policy_ends"))
        between = later = ""
        if "given_again" in a:  # stopped within the year and given again later in it: when, as `policy diff` books
            # a birthday's change of amount after a return names its member as the brief does (`户主（64岁）将于`)
            now, after_amounts, then = (self.members_named(a, said) for said in self.given_again(a, a["given_again"]))
            year += now
            between = self.w["join"] + after_amounts if after_amounts else ""
            later = self.w["join"] + then if then else ""
        if a.get("outside_window"):  # not a year's total the policy no longer (or not yet) pays
            year = self.w["outside_window"]
        # the documents the amount rests on besides the measure's own, after the department; an amount the
        # department decides has named it already
        lang = self.tree["lang"]
        by = [] if names_department(a, lang) else [a["department"]]
        by += [parameters_said(a["parameters_cited"], lang)] if "parameters_cited" in a else []
        return (f"{a['label']}{who}{self.w['colon']}{a.get('zero_aloud', a.get('zero', a['amount']))}{year}"
                f"{self.w['by'].format(self.w['join'].join(by)) if by else ''}{self.day(a, 'changes_to')}"
                f"{between}{self.day(a, 'holds_until')}{later}{self.year_paid(a)}")

    def year_paid(self, a: dict[str, Any]) -> str:
        """What a grant whose amount changes pays over the year, after every day said of it: the sum of the amounts
        said, with the months at each (`；全年 2,700.00 元（300.00 元 × 3 个月 + 200.00 元 × 9 个月）`)."""
        return self.w["join"] + a["year_paid"]["sentence"] if "year_paid" in a else ""

    def given_again(self, a: dict[str, Any], again: dict[str, Any]) -> tuple[str, str, str]:
        """When a grant stopped within the year is given again, in three parts, in time order: what is said right after
        the day it is paid until (`，2027-04-01 起再次给予，至 2027-05-31；2027-09-01 起再次给予`), what after the
        amounts it changes to before it stops (`changes_first`: `2027-04-01 起再次给予，至 2027-06-19`), and what after
        the birthday that ends it (`2027-09-10 起再次给予`), "" where nothing is: read aloud, each end comes before
        the return after it. A birthday that ends it after a return is said after the returns before it and the day it
        stops (`，2027-04-01 起再次给予，至 2027-06-19`), the returns after it after its sentence."""
        before = returns_before_end(a)
        words = EXPLAIN_WORDS[self.tree["lang"]]
        if before == 0:  # the birthday that ends it before it is given again, first
            return "", "", self.given_later(a, again)
        if changes_first(a):
            now, then = returns_around_end(again, before, self.first_return(a, again), words)
            return "", now, then
        if again.get("one_day"):
            first = self.w["again_day"].format(**again) + paid_back(again, words)
        elif "member" in again:  # a birthday brings it back: whose, as the explanation says it
            first = words["next_change"].format(return_said(again, words))
        else:
            first = self.w["again_at" if "amount" in again else "again"].format(**again) + changes_said(again, words)
        now, then = returns_around_end(again, before, first, words)
        return now, "", then

    def first_return(self, a: dict[str, Any], again: dict[str, Any]) -> str:
        """The first return of a grant, said after the sentences of its amounts or its end: the day alone where they
        have said the day it stops — the birthday said last ends it the day after, or the last amount said holds to it
        (`届时金额改为 250.00 元/月，至 2027-02-28`) — (`2027-03-10 起再次给予`), else with the day it stops (`发放至
        2027-01-19，2027-03-10 起再次给予`), the amount then where it differs."""
        stopped = datetime.date.fromisoformat(again["until"])
        ends = "holds_until" in a and a["stops_holding"]["date"] == day_text(stopped + datetime.timedelta(days=1))
        words = EXPLAIN_WORDS[self.tree["lang"]]
        return return_said(again, words) if ends or amounts_say_stop(a) else first_return_said(again, words)

    def given_later(self, a: dict[str, Any], again: dict[str, Any]) -> str:
        """When a grant is given again, said after the sentences of its end (`first_return`), each return in turn."""
        return returns_around_end(again, None, self.first_return(a, again), EXPLAIN_WORDS[self.tree["lang"]])[0]

    def listed(self, items: Iterable[str], last: str = "and") -> str:
        """Items in a sentence of the brief, in its language: `a、b` / `a and b`, `a, b and c`."""
        return listed(items, self.tree["lang"], last)

    def members_said(self, members: list[str]) -> str:
        """Members as the brief names them, one or several: `户主（39岁）和配偶（37岁）` / `… and spouse (aged 37)`."""
        return members_said([self.names.get(m, m) for m in members], self.tree["lang"])

    def withheld(self, a: dict[str, Any]) -> str:
        """A measure not given, to the household or to the members it names, and why (of several forms, what each
        lacks); where the birthday that brings it ends a grant whose line has told it, when it is given, by that line
        (`自 2026-05-20 起给予，即上文孙子女（17岁）的特困人员基本生活费停发之时`), not the birthday again: `未给予`
        after `届时可得…385.00 元/月` is heard as a contradiction without the link; where the birthday's own line above
        has told what it brings (`子女（15岁）将于 2026-06-01 年满 16 周岁，届时可得就业帮扶…`), only why not yet."""
        who = self.w["for"] + self.members_said(a["members"]) if "members" in a else ""
        forms = [clause_label(form, self.tree["lang"]) + self.w["colon"] + self.plain(form["why"])
                 for form in a.get("forms", ())]
        said = f"✘ {a['label']}{who}{self.w['colon']}{self.plain(a['why'])}" + (
            self.w["forms"].format(self.w["join"].join(forms)) if forms else "")
        if "turns_age" in a and a["id"] in self.gained.get(_day_of(a["turns_age"]), ()):
            return said
        ended = self.ended.get(_day_of(a["turns_age"])) if "turns_age" in a else None
        if ended is not None and a["id"] in ended.get("then_gains", {}).get("measures", ()):
            day = a["turns_age"]
            return said + self.w["join"] + self.named(self.w["given_when_ends"],
                                                       self.names.get(day["member"], day["member"]),
                                                       date=day["date"], label=ended["label"])
        return said + self.day(a, "would_hold_if")

    def day(self, a: dict[str, Any], key: str) -> str:
        """The day a member's birthday ends a measure granted, or brings one withheld, after what was said."""
        said = self.hint_said(a, a[key]) if key in a else ""
        return self.w["join"] + said if said else ""

    # categories --------------------------------------------------------------------------

    def category(self, c: dict[str, Any]) -> list[str]:
        w = self.w
        mark = "✔" if c["assigned"] else "✘"
        any_of = c.get("match") == "any"
        cited = list(_cites(c))
        said_before = len(self.reasons)  # the clauses said from here on are this category's
        if c["level"] == "household":
            said, clause_cites = self.outcome(c, any_of)
            out = [self.item(f"{mark} {c['label']}{w['colon']}{said}")]
            cited += clause_cites
        else:
            out = [self.item(f"{mark} {c['label']}")]
            for m in c["members"]:
                said, clause_cites = self.outcome(m, any_of)
                out.append(self.item(self.names.get(m["member"], m["member"]) + w["colon"] + said, 1))
                cited += clause_cites
        basis = w["join"].join(part for part in (_basis(cited, self.documents, w), self.parameters_cited(
            self.reasons[said_before:], {source for source, _ in cited})) if part)
        if basis:
            out.append(self.item(f"{w['basis']}{w['colon']}{basis}", 1))
        return out

    def parameters_cited(self, clauses: list[dict[str, Any]], documents: set[str]) -> str:
        """The documents the figures of `clauses` rest on that the basis does not name (`documents`), after the
        parameters they set: `农村最低生活保障标准：县民发〔2026〕88号 第一条` (see
        `engine.explain.words.parameters_said`)."""
        besides = [{"label": item["label"], "cited": cited} for x in clauses for item in x.get("parameters_cited", ())
                   for document, cited in _cites(item) if document not in documents]
        return parameters_said(besides, self.tree["lang"]) if besides else ""

    def outcome(self, entry: dict[str, Any], any_of: bool) -> tuple[str, list[tuple[str, str]]]:
        """What was decided for a household or a member, why, and the articles of the clauses it names."""
        w = self.w
        clauses = entry.get("clauses", [])
        if entry["assigned"]:
            held = [x for x in clauses if x["verdict"]]
            # a condition a date or a member's age ends within a year: the day, to plan the reassessment for, earliest
            # first (not a birthday a grant's line tells, with what it ends and brings); said after what names the
            # condition alone, without its label again (`条件“冬季”符合，2027-02-01 起这一条件不再满足`)
            ends = {x["id"]: self.ends(x) for x in held}
            figures = [self.grounded(self.figure(x, w["met_by"]), [x]) + self.own_ends(ends.pop(x["id"]))
                       for x in held if "margin" in x]
            # a rule of alternatives says which were met (`有成员患重特大疾病为是`), the others only that they hold
            figures += [self.grounded(w["met_by"].format(label=self.quoted(x), said=self.met_by(x)), [x])
                        + self.own_ends(ends.pop(x["id"])) for x in held if "met_by" in x]
            others = [x for x in held if "margin" not in x and "met_by" not in x]
            if others:
                words = ("also_met" if figures else "all_met") + ("_one" if len(others) == 1 else "")
                # one in quotes, several bare in brackets (`其余条件（…、…）均符合`)
                figures.append(self.grounded(w[words].format(labels=self.listed(
                    self.quoted(x) if len(others) == 1 else clause_label(x, self.tree["lang"]) for x in others)),
                    others) + (self.own_ends(ends.pop(others[0]["id"])) if len(others) == 1 else ""))
            listed = [x["label"] for x in others]  # named just before, in the list of those met
            figures += [w["ends"].format(label=self.quoted(x, said_again(x["label"], listed)), said=said)
                        for x in held for said in ends.get(x["id"], ())]
            enough = w["any_enough"] if any_of and len(clauses) > 1 else ""
            said = (w["assigned"] + enough + w["stop"] + self.sentences(figures)).rstrip()
            self.reasons += held
            return said, [cite for x in held for cite in _cites(x)]
        failed = [x for x in clauses if not x["verdict"]]
        why = entry["why"]
        if "preempted_by" in entry:  # an earlier category of its group came first: that is the reason
            return (why + w["stop"]).rstrip(), []
        self.reasons += failed
        if any_of:  # "none of these holds": name them, as the alternatives they are
            why = why.rstrip("：: ") + w["colon"] + self.listed((self.quoted(x) for x in failed), "or")
        why = self.grounded(why, failed)
        # a clause the reason names alone was said just before its figures: they need not name it again
        unmet = None if len(failed) == 1 and not any_of else w["unmet_by"]
        figures = []
        hints, all_needed = self.hints_alone(failed)
        named = [x["label"] for x in failed]  # by the reason, just before: said again, each by its words alone
        for x in failed:
            if "margin" in x:  # a threshold: the values, the margin and what would have to change
                figures.append(self.figure(x, unmet, hints.get(x["id"]), named=named))
            elif " and " not in x["rule"] and " or " not in x["rule"] and x["id"] in hints:
                # a yes/no with a hint (the day a member comes of age): its sentence would only name the condition
                # again, as a label and "no" that sounds like its opposite; the hint is what it adds
                hint = self.subject(x, self.hint_said(x, hints[x["id"]]))
                if not hint:  # a day after the policy's end told already
                    continue
                if unmet is None:  # the reason has just named it: the hint follows it
                    return why + w["colon"] + hint + w["stop"].rstrip(), [cite for x in failed for cite in _cites(x)]
                figures.append(unmet.format(label=self.quoted(x, said_again(x["label"], named)), said=hint))
            elif " and " in x["rule"] or " or " in x["rule"] or "would_hold_if" in x:
                # a rule of several parts: which part fails; a yes/no with a hint (the day a member comes of age)
                # each yes/no as the question and the answer found, not its label and "no" that sounds like its
                # opposite
                figures.append(self.figure(x, unmet, hints.get(x["id"]), sentence=yes_no_said(
                    x["sentence"].rpartition(" → ")[0], x, self.tree["lang"]), named=named))
        if all_needed:
            figures.append(all_needed)
        return (why + w["stop"] + self.sentences(figures)).rstrip(), [cite for x in failed for cite in _cites(x)]

    def ends(self, clause: dict[str, Any]) -> list[str]:
        """What says each day that ends a met clause within the year (`clause_ends`), earliest first: a date's, and a
        birthday's where no grant's line has said it (`self.ended`)."""
        return [said for _, end in sorted(clause_ends(clause))
                if (said := end if end != clause.get("holds_until") else self.hint_said(clause, end)
                    if _day_of(clause["stops_holding"]) not in self.ended else "")]

    def own_ends(self, ends: list[str]) -> str:
        """The days that end a met clause, after what has just named it alone (`，2027-02-01 起这一条件不再满足`)."""
        return "".join(self.w["own_ends"].format(said) for said in ends)

    def quoted(self, clause: dict[str, Any], words: str | None = None) -> str:
        """A clause named in quotes, by its label or by `words`, marked ⚠ after them where its label writes a figure to
        confirm, as the explanation names it (`engine.render.clause_quoted`)."""
        return clause_quoted(clause, self.tree["lang"], words)

    def grounded(self, said: str, clauses: list[dict[str, Any]]) -> str:
        """`said` with each of `clauses` that is a ground to confirm marked ⚠ (`engine.render.grounded`)."""
        return grounded(said, clauses, self.tree["lang"])

    def hints_alone(self, failed: list[dict[str, Any]]) -> tuple[dict[str, str], str]:
        """The failed clauses' hints by id and what the sentence says once at its end. The reason has named the
        conditions that fail; a hint may end by naming them again (`；但“…”这一条件也不满足，仅此一项仍不能认定`),
        and the hint of an income threshold other failed clauses make hopeless says only that (`另有“…”这一条件
        不满足，且与收入无关，…`, `blocked_by`). The latter is said by what it adds, that income has no bearing on
        those (`“…”与收入无关，仅收入变化不能改变认定结果`). Where two or more hints would say that others fail, read
        aloud one after the other they repeat it: the hints go without it, and the sentence ends by saying once that
        all are needed (`但这 2 项条件须全部满足，满足其中一项仍不能认定`), then which of them income has no bearing on,
        after the listener has heard the figures of each: where income could meet more than one of them (what "one
        alone" does not rule out), with what follows for income; else briefly (`其中“…”与收入无关`), as `--explain`
        says it."""
        lang = self.tree["lang"]
        hints = {x["id"]: x["would_hold_if"] if "would_hold_if" in x else x["past_age"] for x in failed
                 if "would_hold_if" in x or "past_age" in x}
        endings = {}
        for x, ending in zip(failed, _others_unmet(tuple(self.quoted(x) for x in failed), lang), strict=True):
            if x["id"] in hints and hints[x["id"]].endswith(ending):
                endings[x["id"]] = ending
        blind = [x for x in failed if x.get("blocked_by") and x["id"] in hints]
        blocking = {id_ for x in blind for id_ in x["blocked_by"]}
        named = [x["label"] for x in failed]  # by the reason, just before: said again by their words alone
        blocked = self.listed(self.quoted(x, said_again(x["label"], named)) for x in failed if x["id"] in blocking)
        no_bearing = self.w["income_blind"].format(labels=blocked)
        if len(endings) + len(blind) < 2:
            for x in blind:
                hints[x["id"]] = no_bearing
            return hints, ""
        for id_, ending in endings.items():
            hints[id_] = hints[id_][:-len(ending)]
        said = []
        if endings:
            said.append(self.w["all_needed_two" if len(failed) == 2 else "all_needed"].format(k=len(failed)))
        # the same words in each blind hint: said once; after "all are needed", with what follows for income only
        # where income could meet more than one of the failed conditions, which "one alone" does not rule out
        if blind and (not endings or len(failed) - len(blocking) > 1):
            said.append(no_bearing)
        elif blind:  # what follows for income "one alone" has said: which of them it has no bearing on, briefly
            said.append(self.w["income_blind_brief"].format(labels=blocked))
        for x in blind:
            del hints[x["id"]]
        return hints, self.w["join"].join(said)

    def figure(self, clause: dict[str, Any], unmet: str | None, hint: str | None = None,
               sentence: str | None = None, named: Sequence[str] = ()) -> str:
        """A clause's comparison as it is read aloud, with the hint after it. A side that is an expression is said by
        the words the explanation reads it aloud by (`said_as`: `计入收入的 50%（21,600.00 元/年）`); one without such
        words by its value alone, under the clause's label (`unmet`: `不满足“{label}”：…`), and the hint calls it
        "it"; with `unmet`, among other conditions, the hint names the one it would meet (`“…”这一条件即可满足`).
        In a rule of several parts the label cannot tell which part a figure is of: a side without such words is said
        by the rule's own words, as `--explain` says it (`计入收入 − 刚性支出（8,000.00 元/年）`), and the rule under
        its label either way. A label among those the reason has just `named` is said again by its words alone
        (`said_again`)."""
        said, expressions = _said_by_values(self.added_up(clause) if sentence is None else sentence,
                                            clause.get("said_as", {}), self.w["aside"], self.w["join"],
                                            self.w["after_bracket"], self.w["operators"] if _several(clause) else None)
        said = self.relations(said, [x["label"] for x in clause.get("derived", ())])
        # a rule of several parts names which of them its figures are, as it did before its sides had words
        label = self.quoted(clause, said_again(clause["label"], named))
        if unmet is not None and (any(name is None for _, name in expressions) or (expressions and sentence)):
            said = unmet.format(label=label, said=said)
        hint = self.hint_said(clause, hint) if hint else ""
        if hint:
            if unmet is not None:  # after the figures of another condition, `this condition` could be either
                this, that = self.w["would_named"]
                hint = hint.replace(this, that.format(label=label), 1)
            for words, name in expressions:
                hint = hint.replace(words, name or self.w["it"], 1)
            # what is left of a rule's words in it (the total a rule divides by the household's size), said aloud
            said += self.w["join"] + _operators_said(hint, self.w["operators"])
        return said

    def subject(self, clause: dict[str, Any], hint: str) -> str:
        """A hint said on its own with the member whose birthday it names: in a member's own rule the Chinese
        explanation names no one (`将于 2026-03-01 年满 60 周岁`), which after the reason needs its subject
        (`户主（59岁）将于 …`)."""
        turns = clause.get("turns_age")
        start = EXPLAIN_WORDS[self.tree["lang"]]["turns"].partition("{")[0]
        if turns and turns["member"] in self.names and start and hint.startswith(start):
            return self.names[turns["member"]] + hint
        return hint

    def hint_said(self, entry: dict[str, Any], hint: str) -> str:
        """A hint of an entry (a clause's, a measure's: `would_hold_if`, `holds_until`) as the brief reads it aloud: its
        members named as the brief names them, and the policy's end after a day foretold beyond it (`；本政策
        2025-12-31 到期，届时按新政策认定`, which the entry's `turns_age` or `stops_holding` dates) said in full the
        first time only — read aloud, the end date once is enough — then only that a new policy decides (`户主（59岁）
        将于 2026-03-01 年满 60 周岁，届时按新政策认定`); a grant paid until the policy's end has said it. Such a day,
        which is all its hint says, is told once, where it is read first, and "" in its other places; and not at all
        after the next policy's line, which has said what that policy decides from its first day and that the
        household is decided again then."""
        after_end = next((entry[key] for key in HINT_DAYS if "policy_ends" in entry.get(key, ())), None)
        if after_end is not None:
            day = _day_of(after_end)
            if "next_policy" in self.tree or day in self.days_told:
                return ""
            self.days_told.add(day)
            ends = after_end["policy_ends"]
            words = EXPLAIN_WORDS[self.tree["lang"]]
            note = words["policy_ends"].format(date=ends)
            if note in hint:
                hint = hint.replace(note, words["decided_anew"], 1) if self.policy_ends_said else hint
                self.policy_ends_said = True
        return self.members_named(entry, hint)

    def members_named(self, clause: dict[str, Any], hint: str) -> str:
        """A hint with the members it names said as the brief names them: whose income (`户主（55岁）的工资性收入`),
        and whose birthday and what it brings them, where the explanation names them by id (`户主（59岁）将于
        2026-12-15 年满 60 周岁`, `spouse (aged 59) will turn 60 on …`)."""
        lang = self.tree["lang"]
        return named_in_hint(clause, hint, lang, self.names.get, hugged=lang == "zh")

    def met_by(self, clause: dict[str, Any]) -> str:
        """The alternatives a clause met, each aggregation over the members followed by whom it chose:
        `有成员患重特大疾病为是（户主（62岁））`."""
        chosen = {d["label"]: d["members"] for d in clause.get("derived", []) if "members" in d}
        parts = []
        for part in yes_no_said(clause["met_by"], clause, self.tree["lang"]).split(self.w["join"]):
            asked = part.removeprefix("“")  # a yes/no is said as the question and its answer: `“有成员（…）…”：是`
            label = max((label for label in chosen if asked.startswith(label)), key=len, default=None)
            if label is not None:
                part += self.w["chosen"].format(self.listed(self.names.get(m, m) for m in chosen[label]))
            parts.append(self.plain(part, clause.get("said_as", {}), own_words=True))
        return self.w["join"].join(parts)

    def sentences(self, figures: list[str]) -> str:
        """Figures joined into the sentence that follows a full stop (in English, begun with a capital, after the
        quote it may open with)."""
        said = (self.w["join"].join(figures) + self.w["stop"] if figures else "").rstrip()
        return sentence(said) if self.tree["lang"] == "en" else said

    def added_up(self, clause: dict[str, Any]) -> str:
        """A clause's sentence with a compared value the policy defines as a sum of named values said by
        its parts, as they are added aloud (the figures its entry unfolds):
        `本人计入收入 0.00 元/年加家庭共同收入人均份额 7,000.00 元/年，合计 7,000.00 元/年`."""
        sentence = clause["sentence"]
        derived = {d["name"]: d for d in clause.get("derived", [])}
        for side in clause.get("compared", []):
            d = derived.get(side["text"])
            if d is None or not _a_sum(d.get("formula", "")):
                continue
            names = d["formula"].split(" + ")
            labels, values = d.get("words", "").split(" + "), d.get("substituted", "").split(" + ")
            if not len(names) == len(labels) == len(values):
                continue
            _, space, unit = side["value"].partition(" ")  # the parts of a sum are in the unit of their total
            parts = [f"{label} {value}{space}{unit}" for label, value in zip(labels, values, strict=True)]
            said = self.w["plus"].join(parts)
            sentence = sentence.replace(f"{side['label']} {side['value']}",
                                        self.w["sum"].format(parts=said, total=side["value"]), 1)
        return sentence

    def plain(self, sentence: str, said_as: dict[str, str] | None = None, own_words: bool = False) -> str:
        """A sentence with its comparisons said in words, as it is read aloud, and each side that is an expression
        said by the words of `said_as` for it, else by its value alone, or by its own words where `own_words` (see
        `_said_by_values`)."""
        key = (sentence, self.tree["lang"], own_words, *(said_as or {}).items())
        said = _PLAIN.get(key)
        if said is None:  # a measure withheld says why in the same words in most trees: worked out once for each
            if len(_PLAIN) >= 4096:
                _PLAIN.clear()
            said = _PLAIN[key] = self.relations(_said_by_values(
                sentence, said_as or {}, self.w["aside"], self.w["join"], self.w["after_bracket"],
                self.w["operators"] if own_words else None)[0])
        return said

    def relations(self, sentence: str, labels: Sequence[str] = ()) -> str:
        """`<`, `>` and `=` in words; in Chinese a space between the word and a number that follows it
        (`，高于 0.00 元/年`), as between a label and its value; in English `the` before a value said by its label
        (`is below the rural minimum living standard`), which a label, written as a heading, does not begin with; and
        `are` after a label that is plural (`rigid expenses 2,000.00 yuan/year are below …`), one of the clause's
        `labels` where the side ends in it (see `plural_before`). Within a quoted condition the words follow its label
        as its own words do, without the comma that begins them in a sentence of the brief's
        (`“并非（有机动车 且 存款高于 5000 元）”`, not `存款，高于`). An equal value is
        said to be exactly the other (`正好等于` / `is exactly`), and what that means follows without saying again
        that they are equal (`，规定为“不超过”，相等也符合` / `, which is allowed (“at most”)`)."""
        for symbol, words in self.w["relations"].items():
            if symbol in sentence:
                first, *rest = sentence.split(symbol)
                sentence = first
                for part in rest:
                    said = self.w["relations_plural"][symbol] if self.plural_before(sentence, labels) else words
                    if _open_quote(sentence):  # a condition's own words: `“并非（有机动车 且 存款高于 5000 元）”`
                        said = said.removeprefix(self.w["and"])
                    if symbol == " = ":  # `正好等于` has said it: not `…，正好相等，但规定须“低于”` after it
                        part = part.replace(self.w["and"] + self.equal_lead, self.w["and"], 1)
                    sentence += said + self.after_relation(said, part) + part
        return sentence

    def plural_before(self, said: str, labels: Sequence[str] = ()) -> bool:
        """Whether the side a comparison's words follow is an English label that takes `are` (`rigid expenses
        2,000.00 yuan/year are below …`): the longest of `labels` it ends in, among conditions joined (`(the
        household owns a motor vehicle and deposits are above …`), else the words since the last clause began
        (after `; `, `: ` or `, `)."""
        if self.tree["lang"] != "en":
            return False
        ending = max((label for label in labels if said.endswith(label)), key=len, default=None)
        if ending is not None:
            return plural(ending)
        start = max((said.rfind(mark) + len(mark) for mark in ("; ", ": ", ", ") if mark in said), default=0)
        return plural(said[start:])

    def after_relation(self, words: str, part: str) -> str:
        """What goes between a comparison's words and the side that follows them (see `relations`)."""
        if part[:1] in _NUMBER_STARTS:
            return "" if words.endswith(" ") else " "
        return definite_article(part) if self.tree["lang"] == "en" else ""


def _open_quote(said: str) -> bool:
    """Whether `said` ends within a quote it opened (`“并非（有机动车 且 存款`)."""
    return said.count("“") > said.count("”")


@functools.lru_cache(maxsize=4096)
def _others_unmet(named: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """What a hint of each of the failed clauses ends with where it names the others (`；但“…”这一条件也不满足，仅此
    一项仍不能认定`), each `named` as the hints name it (`clause_quoted`), worked out once for each set of them: a
    policy's categories fail in few ways."""
    words = EXPLAIN_WORDS[lang]
    endings = []
    for i in range(len(named)):
        others = [*named[:i], *named[i + 1:]]
        endings.append(words["also_unmet_one" if len(others) == 1 else "also_unmet_many"].format(
            clauses=listed(others, lang), k=len(others)))
    return tuple(endings)


@functools.lru_cache(maxsize=4096)
def _a_sum(formula: str) -> bool:
    """Whether a definition's formula adds named values (`own_counted_income + common_income_share`), found once for
    each formula: the policy's, in every tree."""
    names = formula.split(" + ")
    return len(names) > 1 and all(_NAME.fullmatch(n) for n in names)


def said_again(label: str, named: Sequence[str]) -> str:
    """A label among those a reason has just `named`, said again after it: by its words before the bracket it ends in
    (`无劳动能力` for `无劳动能力（老年人、…）`), since read aloud the bracket once is enough, where that leaves words
    that no other of them is said by too; else whole."""
    if label not in named:
        return label
    short = _unbracketed(label)
    return label if not short or any(_unbracketed(other) == short for other in named if other != label) else short


def _unbracketed(label: str) -> str:
    """A label's words before the bracket it ends in (`无劳动能力`), or "" where it ends in none."""
    return label[:last_bracket(label)].rstrip() if ends_in_bracket(label) and last_bracket(label) > 0 else ""


def _common_start(first: str, second: str) -> str:
    size = 0
    while size < min(len(first), len(second)) and first[size] == second[size]:
        size += 1
    return first[:size]


# the words an explanation begins what an equal value means with, allowed or not (`正好相等，` / `exactly equal, `)
_EQUAL_LEAD = {lang: _common_start(words["equal_allowed"], words["equal_refused"])
               for lang, words in EXPLAIN_WORDS.items()}
_OPERATORS = ("×", "÷", " − ", " + ")
_OPERATOR = re.compile("|".join(re.escape(o) for o in _OPERATORS))  # any of them, found in one pass
# the keys of an entry that date a member's birthday its words foretell
_NAME = re.compile(r"[A-Za-z_][\w.]*")
# `_Brief.plain`'s sentences said, by the sentence, language, words of its own and words of its sides
_PLAIN: dict[tuple[Any, ...], str] = {}
_NUMBER_STARTS = frozenset("0123456789-−≈")
# where a side of a comparison begins in a clause's sentence: after the comparison, or after the part before it
_SIDE_STARTS = (" < ", " > ", " = ", "；", "; ")
# a value as a sentence says it after a side's working: a number, then its unit (`21,600.00 元/年`, `3 个月`)
# a bracket of words without brackets inside, as a note after a value is written (`（不满足：须高于）`, ` (not met: …)`)
_NOTE = re.compile(r"（([^（）()]*)）| \(([^（）()]*)\)")
_VALUE = re.compile(r"[−-]?\d[\d,.]*%?(?: [^\W\d][^\s，,；;（()]*)?")


def _day_of(said: dict[str, Any]) -> tuple[str, str]:
    """The member and the day of a birthday an entry foretells (`stops_holding`, `turns_age`)."""
    return said["member"], said["date"]


def _without_version(title: str, lang: str) -> str:
    """The explanation's title without the version's code it ends with (`（版本 post-transition）`, `, version …`)."""
    before, after = EXPLAIN_WORDS[lang]["version"].split("{}")
    head, found, version = title.rpartition(before)
    return head if found and version.endswith(after) and len(version) > len(after) else title


def _several(clause: dict[str, Any]) -> bool:
    """Whether a clause's rule joins conditions with `and` or `or`, so that its label names none of them alone."""
    return " and " in clause["rule"] or " or " in clause["rule"]


def _said_by_values(sentence: str, said_as: dict[str, str], aside: str, join: str, after_bracket: str,
                    own_words: dict[str, str] | None = None) -> tuple[str, list[tuple[str, str | None]]]:
    """The sentence with each side that is an expression said by the words it is read aloud by (`said_as`, by the
    expression's words), or else by its value alone — or, given `own_words` (each operator's words: `减`,
    ` minus `), by its own words with its operators said (`计入收入减刚性支出`), the value after them in brackets —
    and the words of those expressions, each with what it was said as (None: its value alone). Such a side is its
    words then its working in brackets (`(计入收入 − 刚性支出) ÷
    家庭人口数（(30,000.00 − 0.00) ÷ 3）10,000.00 元/年`): read aloud, both are a formula (a named value has no
    working). A bracket is a working when it holds a number and an operator (nested ones counted); a label's own
    brackets (`（C级、D级危房）`) hold no operator and stay. Words that hold a number of their own (`计入收入的 50%`)
    have the value after them in brackets (`aside`), so that two numbers are not read one after the other; a note in
    brackets right after that value (`（不满足：须高于 21,600.00 元/年）`) goes into the same brackets, after `join`,
    without the value it ends with, which they have just said (`（21,600.00 元/年；不满足：须高于）`). Words that end
    in a bracket of their own (`the rural minimum living standard (dibao standard)`) have the value after a comma
    instead (`after_bracket`), and a note its own brackets after it, so that two brackets never follow one another."""
    out, i, expressions = "", 0, []
    while i < len(sentence):
        # the text up to the next bracket is copied whole: most of a sentence is no working
        wide, narrow = sentence.find("（", i), sentence.find(" (", i)
        opening = min(wide, narrow) if wide >= 0 and narrow >= 0 else max(wide, narrow)
        if opening < 0:
            out += sentence[i:]
            break
        out += sentence[i:opening]
        i = opening
        start = i + (1 if sentence[i] == " " else 0)
        j = _closing(sentence, start)
        inside = sentence[start + 1:j]
        if j < len(sentence) and _OPERATOR.search(inside) and any(c.isdigit() for c in inside):
            side = max((out.rfind(mark) + len(mark) for mark in _SIDE_STARTS if mark in out), default=0)
            words = out[side:].strip()
            own = words not in said_as and own_words is not None and bool(words)
            name = _operators_said(words, own_words) if own and own_words is not None else said_as.get(words)
            if words:
                expressions.append((words, name))
            out = out[:side]
            i = j + 1
            if sentence[start] == "(" and i < len(sentence) and sentence[i] == " ":
                i += 1  # ` (50% × 8,400.00) 4,200.00`: the value follows the side's start directly
            if name is not None:
                value = _VALUE.match(sentence, i)
                # a number in the words, or an operator, would run into the value after them: it goes in brackets
                if value is not None and (own or any(c.isdigit() for c in name)):
                    said, i = value.group(), value.end()
                    note = _note_after(sentence, i)
                    # `(dibao standard), amounting to 17,640.00 yuan`: not `…) (17,640.00 yuan)`
                    if ends_in_bracket(name):
                        out += name + after_bracket.format(said)
                        if note is not None:
                            out, i = out + aside.format(note[0]), note[1]
                    elif note is not None:  # `（21,600.00 元/年；不满足：须高于）`: one bracket, not two in a row,
                        # and the value it must be above, just said in it, not said again at its end
                        said, i = said + join + note[0].removesuffix(" " + said), note[1]
                        out += name + aside.format(said)
                    else:
                        out += name + aside.format(said)
                else:
                    out += name + " "
            continue
        out += sentence[i]
        i += 1
    return out, expressions


def _closing(sentence: str, start: int) -> int:
    """Where the bracket that opens at `start` closes (either kind closes either), or the sentence's length where it
    does not: found whole where no bracket opens inside it, as in most, else character by character."""
    wide, narrow = sentence.find("）", start), sentence.find(")", start)
    end = min(wide, narrow) if wide >= 0 and narrow >= 0 else max(wide, narrow)
    if end >= 0 and "（" not in sentence[start + 1:end] and "(" not in sentence[start + 1:end]:
        return end
    depth, j = 0, start
    while j < len(sentence):
        depth += sentence[j] in "（("
        depth -= sentence[j] in "）)"
        if depth == 0:
            break
        j += 1
    return j


def _operators_said(words: str, operators: dict[str, str]) -> str:
    """An expression's words with its operators said as words (`计入收入减刚性支出`)."""
    for symbol, said in operators.items():
        words = words.replace(symbol, said)
    return words


def _note_after(sentence: str, i: int) -> tuple[str, int] | None:
    """The words of a bracket that begins at `i` and holds no working (`（不满足：须高于）`, ` (not met: …)`), and
    where it ends; None where no such bracket begins there."""
    found = _NOTE.match(sentence, i)
    if found is None:
        return None
    words = found.group(1) if found.group(1) is not None else found.group(2)
    return None if any(o in words for o in _OPERATORS) else (words, found.end())


def _cites(entry: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(the source's id, the citation as the reader's language writes it) of each document an entry cites."""
    source = entry.get("source")
    return _cited(source, entry.get("cited")) if source else ()


@functools.lru_cache(maxsize=4096)
def _cited(source: str, cited: str | None) -> tuple[tuple[str, str], ...]:
    """`_cites` of a citation (`source`) as the reader's language writes it (`cited`, None where as written), worked
    out once for each: a tree holds some 60 citations, most of them the same in every tree."""
    said_all = cited or source
    documents = cited_documents(source)
    if len(documents) == 1:
        return ((source.split()[0], said_all),)
    said = _DOCUMENTS_APART.split(said_all)  # as `Meta.cite` joined them
    if len(said) != len(documents):
        said = documents
    return tuple((document.split()[0], part) for document, part in zip(documents, said, strict=True))
_DOCUMENTS_APART = re.compile("|".join(re.escape(s) for s in DOCUMENT_SEPARATOR.values()))


def _documents(tree: dict[str, Any]) -> dict[str, str]:
    """Each cited source's document as its citations in this explanation write it (the words they all
    begin with: `大政发〔2024〕47号 `), where it cites more than one of its articles. The same citations give the
    same documents: they are worked out once for each set of them (an explanation cites the same as many others)."""
    return _documents_of(frozenset((entry["source"], entry.get("cited")) for entry in citing(tree)
                                   if entry.get("source")))


@functools.lru_cache(maxsize=4096)
def _documents_of(cited: frozenset[tuple[str, str | None]]) -> dict[str, str]:
    cites: dict[str, set[str]] = {}
    for source, said in cited:
        if ";" in source:  # a citation of several documents
            for document, part in _cited(source, said):
                cites.setdefault(document, set()).add(part)
        else:
            cites.setdefault(source.split()[0], set()).add(said or source)
    out = {}
    for source, said_all in cites.items():
        words = [c.split(" ") for c in said_all]
        common = []
        for parts in zip(*words, strict=False):
            if len(set(parts)) > 1:
                break
            common.append(parts[0])
        if len(said_all) > 1 and common:
            out[source] = " ".join(common) + " "
    return out


def _basis(cites: Iterable[tuple[str, str]], documents: dict[str, str], w: dict[str, Any]) -> str:
    """The articles cited, each once, the document named once for its articles:
    `大政发〔2024〕47号 二、1 统一标准体系，附件2，附件1` (a comma: an article's own name may hold `、`)."""
    # a category cites the same in most trees: worked out once for each of its ways
    return _basis_of(tuple(cites), tuple(documents.items()), w["join"], w["articles"])


@functools.lru_cache(maxsize=4096)
def _basis_of(cites: tuple[tuple[str, str], ...], documents_by_source: tuple[tuple[str, str], ...], join: str,
              articles_join: str) -> str:
    documents = dict(documents_by_source)
    by_source: dict[str, list[str]] = {}
    for source, cited in cites:
        said = by_source.setdefault(source, [])
        if cited not in said:
            said.append(cited)
    out = []
    for source, said in by_source.items():
        document = documents.get(source, "")
        if not all(c.startswith(document) for c in said):
            out.append(join.join(said))
            continue
        articles: list[str] = []  # each once, though citations name several (`二、1 统一核算标准 / 附件1`)
        for c in said:
            for article in (c[len(document):] if len(c) > len(document) else c).split(" / "):
                if article not in articles:
                    articles.append(article)
        out.append(document + articles_join.join(articles))
    return join.join(out)

