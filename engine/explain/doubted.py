"""What an explanation says of the household's data most likely given wrong (`engine.doubts`, H009 to H016).

Input: a decision with its evaluation, the explanation's `Phrases` and member names, and the household's doubts
where the caller found them already (`policy batch --explain` counts them too). Output: one entry per
doubt, in the order `engine.doubts` finds them, in words a caseworker can read aloud: `label` (the figure or line
doubted, by its label), `member` (whose), `members` (the heads, of H011, for a renderer to name them its way),
`value` (as given), `doubt` (what is doubted of it) and `check` (what to check, and that the household was decided
with it as given) — `label`, `member`, `members` and `value` where there are such.
The located warnings of standard error name paths and type ids for whoever corrects the file; this names labels
for whoever reads the decision, so that a case file or a receiving system never states the decision without them.
Invariant: only reads; a doubt never changes the decision (`engine.doubts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from engine.diagnostics import chinese_joined
from engine.doubts import RELATION, SPOUSE_OF_HEAD, Doubt, doubts, range_said
from engine.explain.phrases import Phrases
from engine.household import Household, Line
from engine.outcomes import Decision
from engine.syntax import ast
from engine.values import UNIT_WORDS, thousands
from engine.wording import run_on

# the doubts of a word a member is given (`supporter`: "none"), not a figure: said as what the member is given
GIVEN_AS_WORD = frozenset({"H014", "H015"})

_WORDS = {
    "zh": {
        "range": "{side}政策认为合理的范围（{span}）", "below": "低于", "above": "高于",
        "as_given": "已按所填数值认定，如有误请改正后重新认定",
        "check_figure": "请核对该数值",
        "twice": "填了 {times}，类型、成员和金额都相同，认定时都已计入",
        "twice_household": "填了 {times}，类型和金额都相同，认定时都已计入",
        "times": "2 条", "n_times": "{n} 条",
        "twice_check": "如是重复填写，请删去多余的一条后重新认定；如确有{real}，可以保留",
        "real_income": "两笔金额相同的收入", "real_expenses": "两张金额相同的单据",
        "memberless": "没有写明是哪位成员的支出，按成员给予的{measures}不计入这一条",
        "memberless_check": "请写明是哪位成员的支出（几位成员的请按人分成几条）后重新认定",
        "heads": "{members}的关系都填为户主，一户只有一位户主",
        "no_head": "没有成员的关系填为户主",
        "heads_check": "请按户口簿核对与户主的关系；认定结果不受影响，只有对成员的描述会用到它",
        "supported": "家庭收入中有{paid}（{amount}），特困人员须无法定义务人或义务人无履行义务能力"
                     "（《特困人员认定办法》民发〔2021〕43号）",
        "paid_own": "给其本人的{paid}",
        "supported_check": "请核实这笔费用由谁支付、其是否负有义务并有能力履行，如是请改正后重新认定；已按所填认定",
        "spouse": "{spouse_has}，夫妻有相互扶养的义务，特困人员须无法定义务人或义务人无履行义务能力"
                  "（《特困人员认定办法》民发〔2021〕43号）",
        "spouse_earns": "本人有计入家庭收入的{income}（{amount}）", "spouse_able": "{label}为{value}",
        "spouse_called": "其配偶",
        "spouse_check": "请核实配偶是否有能力扶养，如是请改正后重新认定；已按所填认定",
        "join": "、",
        "household_id": "家庭编号", "member_id": "成员编号",
    },
    "en": {
        "range": "{side} the range the policy finds plausible ({span})", "below": "below", "above": "above",
        "as_given": "the household was decided with the figure as given: if it is wrong, correct it and decide again",
        "check_figure": "check the figure",
        "twice": "given {times}, the same type, member and amount, and each was counted",
        "twice_household": "given {times}, the same type and amount, and each was counted",
        "times": "twice", "n_times": "{n} times",
        "twice_check": "if it was written twice, delete the extra line and decide again; if there really are "
                       "{real}, keep them",
        "real_income": "two separate incomes of the same amount", "real_expenses": "two bills of the same amount",
        "memberless": "no member is named as the one whose expense it is, so {measures}, given per member, does "
                      "not count it",
        "memberless_check": "name the member whose expense it is (a bill of several members as one line for each) "
                            "and decide again",
        "heads": "{members} are each given as the head of household: a household has one",
        "no_head": "no member is given as the head of household",
        "heads_check": "check the relations against the household register; the decision does not depend on them, "
                       "only the descriptions of the members do",
        "supported": "the household's income has {paid} ({amount}), while a person in extreme poverty (tekun) "
                     "has no one legally bound to support them, or none able to (MCA Doc. [2021] No. 43)",
        "paid_own": "{paid} for them",
        "supported_check": "check who pays it and whether they are bound and able to support the member: if so, "
                           "correct it and decide again; the household was decided with it as given",
        "supported_check_many": "check who pays it and whether they are bound and able to support the members: if "
                                "so, correct the value of each and decide again; the household was decided with the "
                                "values as given",
        "spouse": "{spouse_has}, and spouses are bound to support each other, while a person in extreme "
                  "poverty (tekun) has no one legally bound to support them, or none able to (MCA Doc. [2021] No. 43)",
        "spouse_earns": "has {income} of their own that the policy counts ({amount})",
        "spouse_able": "is given {label} {value}",
        "spouse_called": "their spouse, {spouse},",
        "spouse_check": "check whether the spouse is able to support the member: if so, correct it and decide again; "
                        "the household was decided with it as given",
        "spouse_check_many": "check whether the spouse is able to support the members: if so, correct the value of "
                             "each and decide again; the household was decided with the values as given",
        "join": ", ",
        "household_id": "household id", "member_id": "member id",
    },
}


def doubted(decision: Decision, phrases: Phrases, names: Mapping[str, str],
            found: Sequence[Doubt] | None = None) -> list[dict[str, Any]]:
    """The doubts about the decision's household, each as an entry of the explanation's `doubts` (see the module
    docstring); `names` names each member as the explanation does (`p1（户主，58岁）`). `found`: the household's
    doubts when the caller has them already (`engine.doubts.doubts`)."""
    assert decision.evaluation is not None, "evaluate before explaining"
    household = decision.evaluation.household
    if found is None:
        found = doubts(household, decision.policy, decision.date)
    if not found:
        return []
    return [_entry(d, household, decision, phrases, names) for d in found]


def check_said(doubt: dict[str, Any], members: int, lang: str) -> str:
    """What to check of a doubt said once for `members` members alike (`alike_doubts`), agreeing in number: `support
    the members` where it names two. Chinese, which does not mark the number, says one and several alike."""
    many = _WORDS[lang].get(_CHECK_MANY.get(doubt["code"], ""))
    return many if members > 1 and many is not None else str(doubt["check"])


# the words of each doubt's `check` for several members, where they differ from one's (in English)
_CHECK_MANY = {"H014": "supported_check_many", "H015": "spouse_check_many"}


def heads_said(members: str, lang: str) -> str:
    """That the members (named as the caller names them) are each given as the head of household (H011)."""
    return str(_WORDS[lang]["heads"].format(members=members))


def _entry(d: Doubt, household: Household, decision: Decision, phrases: Phrases,
           names: Mapping[str, str]) -> dict[str, Any]:
    lang = phrases.lang
    w = _WORDS[lang]
    entry: dict[str, Any] = {"code": d.code, "path": d.where}
    if d.code in ("H011", "H012"):
        heads = [m.id for m in household.members if m.fields.get("relation") == "head"]
        if d.code == "H011":
            entry["members"] = heads
        entry["doubt"] = (heads_said(w["join"].join(names.get(i, i) for i in heads), lang) if d.code == "H011"
                          else w["no_head"])
        entry["check"] = w["heads_check"]
        return entry
    if d.code in ("H009", "H010"):
        section, index = d.path[0], d.path[1]
        assert isinstance(section, str) and isinstance(index, int)
        line: Line = getattr(household, section)[index]
        entry.update(_line(line, section, phrases))
        if d.again is not None:
            times = w["n_times"].format(n=2 + len(d.again.more)) if d.again.more else w["times"]
            entry["doubt"] = w["twice" if line.member is not None else "twice_household"].format(times=times)
            entry["check"] = w["twice_check"].format(real=w[f"real_{section}"])
        else:
            assert d.memberless is not None
            entry["doubt"] = w["memberless"].format(measures=w["join"].join(m.label.get(lang, m.id)
                                                                           for m in d.memberless.measures))
            entry["check"] = w["memberless_check"]
        return entry
    if d.code == "H014":
        assert d.member is not None and d.paid is not None
        line = household.income[d.paid]
        given = next(str(m.fields.get("supporter")) for m in household.members if m.id == d.member)
        # the line paid, by which members paid in a line of their own each are said apart, each with their payment
        entry.update({"label": phrases.label("supporter"), "member": d.member,
                      "value": phrases.value_word("supporter", given), "line": f"income[{d.paid}]"})
        paid = _line(line, "income", phrases)["label"]
        entry["doubt"] = w["supported"].format(paid=paid if line.member is None else w["paid_own"].format(paid=paid),
                                               amount=phrases.rate(line.amount))
        entry["check"] = w["supported_check"]
        return entry
    if d.code == "H015":
        return entry | _spouse(d, household, phrases, names)
    if d.code == "H016":  # a text read with a control character: what it holds, and how a backslash is written
        name = str(d.path[-1])
        entry["label"] = w["household_id" if d.path == ("id",) else "member_id"] if name == "id" else \
            phrases.label(name if d.member is not None else ".".join(map(str, d.path)))
        if d.member is not None:
            entry["member"] = d.member
        entry["doubt"], entry["check"] = d.message.in_lang(lang), d.help.in_lang(lang)
        return entry
    # H013: a figure out of its plausible range
    assert d.plausible is not None
    if d.path[0] in ("income", "expenses"):
        section, index = d.path[0], d.path[1]
        assert isinstance(section, str) and isinstance(index, int)
        line = getattr(household, section)[index]
        entry.update(_line(line, section, phrases))
        unit = UNIT_WORDS[lang]["rate"]
    else:
        name = str(d.path[-1]) if d.member is not None else ".".join(str(p) for p in d.path)
        field = decision.policy.inputs[f"{'household' if d.member is None else 'member'}:{name}"]
        kind = "amount" if field.type == "money" else "number"  # the kinds `engine.values` writes them by
        value: Any = (household.fields.get(name) if d.member is None
                      else next(m.fields.get(name) for m in household.members if m.id == d.member))
        entry["label"] = phrases.label(name)
        if d.member is not None:
            entry["member"] = d.member
        entry["value"] = phrases.show(kind)(Decimal(value))
        unit = UNIT_WORDS[lang].get(kind, "")
    figure = thousands if unit else (lambda b: f"{b.normalize():,f}")
    span = range_said(d.plausible, figure).in_lang(lang) + (f" {unit}" if unit else "")
    entry["doubt"] = w["range"].format(side=w["below" if d.below else "above"], span=span)
    hint = d.plausible.if_below if d.below else d.plausible.if_above
    hinted = hint.get(lang) if hint is not None else None
    if not hinted:
        entry["check"] = w["check_figure"] + ("；" if lang == "zh" else "; ") + w["as_given"]
    else:
        entry["check"] = hinted.rstrip() + w["as_given"] if lang == "zh" else run_on(hinted, w["as_given"])
    return entry


def _spouse(d: Doubt, household: Household, phrases: Phrases, names: Mapping[str, str]) -> dict[str, Any]:
    """A member given no one able to support them whose spouse of working age earns or can work (H015)."""
    w = _WORDS[phrases.lang]
    assert d.member is not None and d.spouse is not None
    people = {m.id: m for m in household.members}
    given, spouse = str(people[d.member].fields.get("supporter")), people[d.spouse]
    if d.earned is not None:
        line = household.income[d.earned]
        has = w["spouse_earns"].format(income=_line(line, "income", phrases)["label"], amount=phrases.rate(line.amount))
    else:
        able = str(spouse.fields.get("labor_capacity"))
        has = w["spouse_able"].format(label=phrases.label("labor_capacity"),
                                      value=phrases.value_word("labor_capacity", able))
    named = names.get(d.spouse, d.spouse)
    if not (named != d.spouse and spouse.fields.get(RELATION) == SPOUSE_OF_HEAD and _says_relation(phrases)):
        named = chinese_joined(w["spouse_called"], named) if phrases.lang == "zh" else w["spouse_called"].format(
            spouse=named)  # a name that does not say who the spouse is
    spouse_has = chinese_joined(named, has) if phrases.lang == "zh" else f"{named} {has}"
    return {"label": phrases.label("supporter"), "member": d.member, "value": phrases.value_word("supporter", given),
            "doubt": w["spouse"].format(spouse_has=spouse_has), "check": w["spouse_check"]}


def _says_relation(phrases: Phrases) -> bool:
    """Whether the policy's member description says a member's relation (`{relation}，{age}岁`): then a member named
    by it is said to be the spouse, and the words need not say it again."""
    description = phrases.static.policy.meta.member_description
    return description is not None and any(
        not isinstance(part, str) and isinstance(part.node, ast.Name) and part.node.dotted == RELATION
        for part in description.parts_in(phrases.lang))


def _line(line: Line, section: str, phrases: Phrases) -> dict[str, Any]:
    """An income or expense line by its label, whose it is, and its amount."""
    label = phrases.incomes[line.type].label if section == "income" else phrases.expense_labels[line.type]
    out: dict[str, Any] = {"label": label}
    if line.member is not None:
        out["member"] = line.member
    out["value"] = phrases.rate(line.amount)
    return out
