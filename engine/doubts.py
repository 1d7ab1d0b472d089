"""What a valid household gives that is most likely a slip of the data it came from, though allowed.

Input: a validated `Household` and its `Policy`. Output: each doubt (`Doubt`), in the order of the file: more than
one member given as the head of household (H011) or, among members whose relation is given, none (H012); an income
or expense line given twice, the same type, member and amount (H009, `engine.repeated_lines`); an expense line of no
member of a type that a measure given per member reads (H010, `engine.memberless_lines`); a figure
outside the range its policy declares plausible (`plausible:` on an input, an income or an expense type, H013), with
the likely mistake the policy names for it (`是否把月额当成了年额？`); a member given no one able to support them
(`supporter` "none" or "unable", which 特困 asks for) while maintenance by relatives is paid to them or to the
household (H014), or, given so and unable to work themselves (`labor_capacity` "none", or 60 or over), while their
spouse (the head's, by `relation`), aged 16 to 59 on the day of the decision, has income of their own that the policy
counts or is given as able to work (`labor_capacity` "full", H015); an id — the household's, a member's — or an
input the policy declares `type: text`, holding a control character, which JSON reads from a backslash
(`"C:\\new"`: a line break, H016). Each is said as a located warning (`finding`; a household's all together, in
the order of its text, by `warnings`: what `policy eval`, `policy test` and `policy diff --households` say), and
on one line (`Doubt.short`) for the summaries of `policy batch` and `policy monitor ingest`, which count the
households by kind.
Invariant: warnings, never refusals; the decision is the same with them or without them. No rule of the shipped
policies reads `relation` (only explanations describe members by it), maintenance may come from someone with no
legal duty (a former relative, a grandparent) or be all the payer can give, and a figure out of its range may be true: a
pension of 150 a year is unlikely, not impossible, so the household is decided with what it gives, and the person
reading is told where to look. Zero is never implausible: no income of a kind is common.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import Any

from engine.diagnostics import (
    CONTROL,
    Diagnostic,
    Said,
    Span,
    cell_of,
    chinese_joined,
    field_of,
    in_column,
    in_row,
    json_quoted,
)
from engine.evaluator import whole_years
from engine.household import Household, ReadFrom, Source, json_path
from engine.household_words import line_type, show, yuan
from engine.memberless_lines import Memberless, memberless, said
from engine.model import InputField, Level, Plausible, Policy, per_policy
from engine.repeated_lines import Repeat, at_line, described, repeats
from engine.repeated_lines import finding as repeated_finding
from engine.repeated_lines import said as repeated_said
from engine.values import UNIT_WORDS, listed, plain_number, thousands
from engine.wording import run_on

REPEATED = "repeated"  # the kinds of doubt a run counts apart: an income or expense line given twice (H009) …
MEMBERLESS = "memberless"  # … an expense line of no member (H010) …
HEADS = "heads"  # … the head of household (H011, H012) …
IMPLAUSIBLE = "implausible"  # … figures out of their plausible range (H013) …
SUPPORTED = "supported"  # … a member given no one able to support them, whose household is paid maintenance (H014) …
SPOUSE = "spouse"  # … and one given no one able to support them, whose spouse of working age earns or can work (H015)
ESCAPED = "escaped"  # … a control character in a text, read from a backslash (H016)
UNDATED = "undated"  # (of a batch: decided on the run's first day for want of a `date`; said only beside dated ones)
KINDS = {"H009": REPEATED, "H010": MEMBERLESS, "H011": HEADS, "H012": HEADS, "H013": IMPLAUSIBLE, "H014": SUPPORTED,
         "H015": SPOUSE, "H016": ESCAPED}
SAID = (REPEATED, HEADS, IMPLAUSIBLE, MEMBERLESS, SUPPORTED, SPOUSE, ESCAPED)  # the order a run's summary says them
RELATION, HEAD = "relation", "head"  # the member input and value of the household contract (DESIGN.md §6)
# the member input that says whether someone has a legal duty to support the member and can (特困 asks for none who
# can), the values that say no one can, and the income type of what such relatives pay (赡养费、抚养费、扶养费)
SUPPORTER, NO_SUPPORT, MAINTENANCE = "supporter", ("none", "unable"), "alimony"
# the relation of the head's spouse, the member inputs of birth and of the capacity to work and the values that say
# able and unable, and the ages (on the day of the decision) at which a spouse is of working age, both ends included
SPOUSE_OF_HEAD, BIRTH, CAPACITY, ABLE, UNABLE = "spouse", "birth_date", "labor_capacity", "full", "none"
WORKING_AGE = (16, 59)
ENTRY = re.compile(r"\b(?:members|income|expenses)\[\d+\]")  # a member or a line, as a message or help names it


@dataclass(frozen=True)
class Doubt:
    """What is doubted (`code`), where (`path`, the value in the household's JSON), said and what to do."""

    code: str
    path: tuple[str | int, ...]
    message: Said
    help: Said
    member: str | None = None  # the id of the member whose value it is
    again: Repeat | None = None  # a line given twice (H009): both lines, to name the earlier where it is
    memberless: Memberless | None = None  # an expense line of no member (H010): the measures that read its type
    plausible: Plausible | None = None  # a figure out of its range (H013): the range, and whether it is below it
    below: bool = False
    paid: int | None = None  # no one able to support the member (H014): the income line of maintenance paid
    spouse: str | None = None  # … (H015): the id of the spouse of working age who earns or can work, and the income
    earned: int | None = None  # line of theirs that says it (None: their capacity to work does)

    @property
    def kind(self) -> str:
        return KINDS[self.code]

    @property
    def where(self) -> str:
        """The path as findings name it: `income[1].amount`, `members[1] (p2).relation`."""
        if self.member is None:
            return json_path(self.path)
        rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path[2:])
        return f"{json_path(self.path[:2])} ({self.member}){rest}"

    def short(self, places: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None) -> Said:
        """On one line, at its path or, for a CSV household (`places`: `engine.batch.readers.row_names` of its
        record's `Record.places`; `headers`: its `Record.headers`), at the row and column that hold it as the file
        writes them (`engine.diagnostics.in_row`: a member's by its id too, `members.csv:8 (p2), column `扶养人`
        (supporter)`; a field of households.csv, whose row the summary names, by its column alone): `income[1].amount:
        amount 150 of type "pension" is below …`; a line given twice with the earlier one and its fields, `income[2]
        the same as income[0]: type "wage", …` (by their rows)."""
        if self.again is not None:
            return described(self.again, places)
        at = Said(self.where, self.where)
        if places:  # its index is no place in a table
            path = json_path(self.path)
            entry, column = cell_of(path, places, headers or {})
            field = field_of(path)
            if entry is None:
                at = in_column(column or path, field)
            else:
                at = in_row(places[entry], self.member if entry == json_path(self.path[:2]) else None, column, field)
        en, zh = self.message.en, self.message.zh
        if places:  # a line or member the message names (the maintenance paid, H014), by its row too
            en, zh = (ENTRY.sub(lambda entry: places.get(entry[0], entry[0]), text) for text in (en, zh))
        return Said(f"{at.en}: {en}", f"{at.zh}：{zh}")


def doubts(household: Household, policy: Policy, day: datetime.date) -> list[Doubt]:
    """The doubts about `household` decided on `day`: the head of household first, then lines given twice, expense
    lines of no member, figures in the order of the file, then members given no one able to support them though
    maintenance is paid to them, then those whose spouse of working age earns or can work, then texts with a control
    character."""
    return [*_heads(household, policy), *_repeated(household, policy), *_memberless(household, policy),
            *_implausible(household, policy), *_supported(household, policy), *_spouse(household, policy, day),
            *_escaped(household, policy)]


def finding(doubt: Doubt, source: str, text: Source | None = None, within: tuple[str | int, ...] = ()) -> Diagnostic:
    """The warning about a doubt, at its value in `text` when it is given (`within`: where the household is in it); a
    whole line written over several lines of the text at its type, as `engine.repeated_lines` places lines, which
    names the earlier of two lines given alike by where it is in the text."""
    if doubt.again is not None:
        return repeated_finding(doubt.again, source, text, within)
    span: Span | None = at_line(text, (*within, *doubt.path))
    # the path as JSON writes it and the member's id apart, as every finding about a household has them: shown as
    # `members[1] (p2).relation`, and placed at the member's row where the household was read from CSV tables
    return Diagnostic.said(doubt.code, doubt.message, span, help=doubt.help, severity="warning",
                           path=json_path(doubt.path), member=doubt.member, source_file=source)


def warnings(household: Household, policy: Policy, day: datetime.date, source: str, text: Source | None = None,
             within: tuple[str | int, ...] = ()) -> list[Diagnostic]:
    """Every warning about what `household`, decided on `day`, most likely got wrong (H009 to H015), each at its value
    in `text` when it is given (`within`: where the household is in it), in the order of the text: what `policy
    eval`, `policy test` and `policy diff --households` say before deciding it as given."""
    return in_text_order(finding(d, source, text, within) for d in doubts(household, policy, day))


def in_text_order(found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Warnings by their place in the text, those placed nowhere last, each in the order given where it is a tie."""
    return sorted(found, key=lambda d: (d.span.line, d.span.column) if d.span else (1 << 62, 0))


# -- the head of household -----------------------------------------------------------------------------------------

@per_policy
def _relation(policy: Policy) -> InputField | None:
    """The member input `relation`, when the policy has one that can say "head"; else no head is doubted."""
    field = policy.inputs.get(f"member:{RELATION}")
    return field if field is not None and HEAD in field.values else None


def _heads(household: Household, policy: Policy) -> list[Doubt]:
    field = _relation(policy)
    if field is None:
        return []
    members = household.members
    relations = [m.fields.get(RELATION) for m in members]
    if relations.count(HEAD) == 1:  # most households: nothing to doubt, nothing more to look at
        return []
    heads = [i for i, relation in enumerate(relations) if relation == HEAD]
    if len(heads) > 1:
        names = listed([show(members[i].id) for i in heads], "en")
        both = "both" if len(heads) == 2 else "all"
        return [Doubt("H011", ("members", heads[1], RELATION),
                      Said(f"members {names} are {both} given relation \"head\": a household has one head",
                           f"成员 {listed([show(members[i].id) for i in heads], 'zh')} 的关系都填为 \"head\"（户主）："
                           "一户只有一位户主"),
                      _fix(Said("keep \"head\" for the head on the household register only and give the others "
                                "their relation to that head (" + ", ".join(show(v) for v in _others(field)) + ", …)",
                                "请只把户口簿上的户主填为 \"head\"，其他成员填写与户主的关系（"
                                + "、".join(_value_zh(field, v) for v in _others(field)) + "等）")),
                      members[heads[1]].id)]
    given = [i for i, m in enumerate(members) if RELATION not in m.defaulted]
    if heads or not given:  # no relation given at all: read as before, each member's the policy's default
        return []
    named = [(show(m.id), m.fields.get(RELATION), RELATION in m.defaulted) for m in members[:4]]
    more = len(members) - len(named)
    en = listed([f"{who} {'is not given one' if unset else 'is ' + show(what)}" for who, what, unset in named]
                + ([f"{more:,} more"] if more else []), "en")
    zh = "，".join(f"{who} {'未填' if unset else '为 ' + _value_zh(field, what)}" for who, what, unset in named)
    if more:
        zh += f" 等（另有 {more:,} 人）"
    return [Doubt("H012", ("members", given[0], RELATION),
                  Said(f"no member is given relation \"head\" (head of household): {en}",
                       f"没有成员的关系填为 \"head\"（户主）：{zh}"),
                  _fix(Said("give \"head\" to the member who is the head on the household register (户口簿)",
                            "请把户口簿上的户主的关系填为 \"head\"")), members[given[0]].id)]


def _fix(what: Said) -> Said:
    """What to do about the head of household, and what it changes: only what explanations say of members."""
    return Said(f"{what.en}; the decision does not depend on it, the explanation's description of each member does",
                f"{what.zh}；认定结果不受影响，但解释中对成员的描述会用到它")


def _others(field: InputField) -> list[str]:
    """The first values of `relation` other than the head, as the help names them."""
    return [v for v in field.values if v != HEAD][:3]


def _value_zh(field: InputField, value: Any) -> str:
    label = dict(field.value_labels).get(value)
    return f"{show(value)}（{label.zh}）" if label is not None and label.zh else show(value)


# -- lines given twice ----------------------------------------------------------------------------------------------

def _repeated(household: Household, policy: Policy) -> list[Doubt]:
    found = repeats(household, policy)
    return [Doubt("H009", (r.section, r.index), *repeated_said(r), again=r) for r in found] if found else []


# -- expense lines of no member that a measure reads per member --------------------------------------------------------

def _memberless(household: Household, policy: Policy) -> list[Doubt]:
    lines = memberless(household, policy)
    return [Doubt("H010", ("expenses", found.index), *said(found, household, policy), memberless=found)
            for found in lines] if lines else []


# -- figures out of their plausible range ---------------------------------------------------------------------------

_NO_END = (Decimal("-Infinity"), Decimal("Infinity"))


@dataclass(frozen=True)
class _Ranges:
    """What a policy ranges, worked out once: each input as (name, lowest, highest, field), each income and expense
    type as type → (lowest, highest, range); an open end is infinite, so one comparison tells a figure within."""

    household: tuple[tuple[str, Decimal, Decimal, InputField], ...]
    member: tuple[tuple[str, Decimal, Decimal, InputField], ...]
    lines: tuple[tuple[str, Mapping[str, tuple[Decimal, Decimal, Plausible]]], ...]  # by section, the ranged only


def _ends(plausible: Plausible) -> tuple[Decimal, Decimal]:
    low, high = plausible.minimum, plausible.maximum
    return (_NO_END[0] if low is None else low, _NO_END[1] if high is None else high)


@per_policy
def _ranges(policy: Policy) -> _Ranges:
    def inputs(level: Level) -> tuple[tuple[str, Decimal, Decimal, InputField], ...]:
        return tuple((f.name, *_ends(f.plausible), f) for f in policy.input_fields(level) if f.plausible is not None)

    lines = tuple((section, ranged) for section, types in (("income", policy.income), ("expenses", policy.expenses))
                  if (ranged := {name: (*_ends(kind.plausible), kind.plausible) for name, kind in types.items()
                                 if kind.plausible is not None}))
    return _Ranges(inputs("household"), inputs("member"), lines)


def _within(value: Any, low: Decimal, high: Decimal) -> bool:
    """Whether a figure is surely in its range, told by comparisons alone (zero is never below it); a value that
    is not a plain decimal is left to `_out` to tell."""
    return type(value) is Decimal and value <= high and (value >= low or not value)


def _implausible(household: Household, policy: Policy) -> list[Doubt]:
    """The figures out of their range; a doubt is made only for a figure that is, the rest only compared."""
    found: list[Doubt] = []
    ranges = _ranges(policy)
    for name, low, high, f in ranges.household:
        value = household.fields.get(name)
        if value is not None and not _within(value, low, high) and name not in household.defaulted:
            found += _out(f.plausible, value, tuple(name.split(".")), partial(_input_said, f), unit=_unit(f))
    if ranges.member:
        for i, member in enumerate(household.members):
            for name, low, high, f in ranges.member:
                value = member.fields.get(name)
                if value is not None and not _within(value, low, high) and name not in member.defaulted:
                    found += _out(f.plausible, value, ("members", i, name), partial(_input_said, f), member.id,
                                  _unit(f))
    for section, ranged in ranges.lines:
        for i, line in enumerate(getattr(household, section)):
            bounds = ranged.get(line.type)
            if bounds is not None and not _within(line.amount, bounds[0], bounds[1]):
                found += _out(bounds[2], line.amount, (section, i, "amount"),
                              partial(_amount_said, policy, section, line.type), unit="rate")
    return found


def _amount_said(policy: Policy, section: str, kind: str) -> Said:
    said = line_type(policy, section, kind)
    return Said(f"the amount of {said.en}", f"{said.zh}的金额")


def _unit(f: InputField) -> str | None:
    """The unit a figure of an input is said in: yuan for money (deposits), none for a count."""
    return "amount" if f.type == "money" else None


def _input_said(f: InputField) -> Said:
    return Said(f.label.en or f.name, f.label.zh or f.name)


def _out(plausible: Plausible | None, value: Any, path: tuple[str | int, ...], named: Callable[[], Said],
         member: str | None = None, unit: str | None = None) -> list[Doubt]:
    """The doubt about `value` at `path` (`named()` names it, said only then) when it is out of `plausible`; an amount
    (`unit`: `rate` for a line's, `amount` for deposits) with two decimals and its unit, as explanations write it."""
    if plausible is None or value is None or isinstance(value, bool) or not isinstance(value, int | Decimal):
        return []
    number = Decimal(value)
    low = plausible.below(number)
    if not low and not plausible.above(number):
        return []
    if unit is None:
        shown, span = Said(plain_number(number), plain_number(number)), range_said(plausible)
    else:
        units = Said(UNIT_WORDS["en"][unit], UNIT_WORDS["zh"][unit])
        shown, span = yuan(number, unit), range_said(plausible, thousands, units)
    what = named()
    side = Said("below", "低于") if low else Said("above", "高于")
    message = Said(f"{what.en} is {shown.en}, {side.en} its plausible range ({span.en})",
                   chinese_joined(what.zh, "为 ", shown.zh, "，", side.zh, "合理范围（", span.zh, "）"))
    hint = plausible.if_below if low else plausible.if_above
    decided = Said(f"the household is decided with {shown.en} as given", f"认定按所填的 {shown.zh} 进行")
    if hint is not None:
        text = Said(hint.en or hint.zh or "", hint.zh or hint.en or "")
        help = Said(run_on(text.en, f"{decided.en}: correct it if so"),
                    f"{text.zh.rstrip()}{decided.zh}：如有误请改正")
    else:
        help = Said(f"check the figure: {decided.en}", f"请核对该数字：{decided.zh}")
    return [Doubt("H013", path, message, help, member, plausible=plausible, below=low)]


def range_said(plausible: Plausible, figure: Callable[[Decimal], str] = lambda b: f"{b.normalize():,f}",
               unit: Said | None = None) -> Said:
    """`600 to 200,000`, `at least 100`, `at most 5,000,000` (`600 至 200,000`, …); each end written by `figure`,
    the `unit` once after the range (`policy doc`: `600.00 to 200,000.00 yuan/year`)."""
    low, high = (None if b is None else figure(b) for b in (plausible.minimum, plausible.maximum))
    if low is not None and high is not None:
        said = Said(f"{low} to {high}", f"{low} 至 {high}")
    elif low is not None:
        said = Said(f"at least {low}", f"不低于 {low}")
    else:
        said = Said(f"at most {high}", f"不高于 {high}")
    return Said(f"{said.en} {unit.en}", f"{said.zh} {unit.zh}") if unit is not None else said


# -- no one able to support a member, though the household is paid maintenance ----------------------------------------

@per_policy
def supporter_input(policy: Policy) -> InputField | None:
    """The member input `supporter`, when the policy has one that can say no one can support, and the income type
    of maintenance; else no member is doubted of it."""
    field = policy.inputs.get(f"member:{SUPPORTER}")
    if field is None or MAINTENANCE not in policy.income or not any(v in field.values for v in NO_SUPPORT):
        return None
    return field


def _supported(household: Household, policy: Policy) -> list[Doubt]:
    """Each member given no one able to support them (`supporter` "none" or "unable", given, not the default) while
    the household is paid maintenance: by a line of theirs, or by a line of no member."""
    paid = [(i, line) for i, line in enumerate(household.income) if line.type == MAINTENANCE and line.amount > 0]
    if not paid:  # most households: nothing more to look at
        return []
    field = supporter_input(policy)
    if field is None:
        return []
    found = []
    for m, member in enumerate(household.members):
        value = member.fields.get(SUPPORTER)
        # only a value given: one left at the default is told of as such, and a column of them left empty as that
        if value not in NO_SUPPORT or SUPPORTER in member.defaulted:
            continue
        index, line = next(((i, line) for i, line in paid if line.member in (member.id, None)), (None, None))
        if index is None or line is None:
            continue
        whom = Said("", "") if line.member is None else Said(f" for {show(member.id)}", f"给 {show(member.id)} 的")
        kind, amount = line_type(policy, "income", MAINTENANCE), yuan(line.amount)
        given = Said(show(value), _value_zh(field, value))
        message = Said(f"{show(member.id)} is given supporter {given.en} (no one with a legal duty of support who can "
                       f"support them), but the household's income has {kind.en}{whom.en}: income[{index}], "
                       f"{amount.en}",
                       f"成员 {show(member.id)} 的法定赡养、抚养、扶养义务人填为 {given.zh}，但家庭收入中有{whom.zh}"
                       f"{kind.zh}：income[{index}]，{amount.zh}")
        help = _tekun_help(Said("check who pays it and whether they are bound and able to support",
                                "请核实这笔费用由谁支付、其是否负有义务并有能力赡养、抚养、扶养"), member.id, given)
        found.append(Doubt("H014", ("members", m, SUPPORTER), message, help, member.id, paid=index))
    return found


def _tekun_help(check: Said, member: str, given: Said) -> Said:
    """What 特困 asks for, with its citation, what to `check` of someone bound to support `member`, and what to give
    if they are: the help of H014 and H015."""
    return Said("a person in extreme poverty (tekun) has no one legally bound to support them, or none able to "
                "(Measures for Identifying Persons in Extreme Poverty, MCA Doc. [2021] No. 43): "
                f"{check.en} {show(member)}, and give supporter \"able\" if so; "
                f"the household is decided with {given.en} as given",
                "特困人员须无法定赡养、抚养、扶养义务人，或其义务人无履行义务能力（《特困人员认定办法》民发〔2021〕43号）："
                f"{check.zh} {show(member)}，如是请改填 \"able\"（有且有履行能力）；认定按所填的 {given.zh}进行")


# -- no one able to support a member, though their spouse is of working age and earns or can work ----------------------

@per_policy
def spouse_inputs(policy: Policy) -> tuple[InputField, InputField | None] | None:
    """The member inputs `supporter` (one that can say no one can support) and, when the policy assesses it, the
    capacity to work (one that can say "full" and "none"), when the policy also has a `relation` that can say "head" and
    "spouse" and a date of birth; else no member is doubted of a spouse."""
    field, relation, birth = (policy.inputs.get(f"member:{name}") for name in (SUPPORTER, RELATION, BIRTH))
    if field is None or not any(v in field.values for v in NO_SUPPORT) or relation is None \
            or not {HEAD, SPOUSE_OF_HEAD} <= set(relation.values) or birth is None or birth.type != "date":
        return None
    capacity = policy.inputs.get(f"member:{CAPACITY}")
    return field, capacity if capacity is not None and {ABLE, UNABLE} <= set(capacity.values) else None


def _aged(born: Any, day: datetime.date) -> int | None:
    """Full years from `born` (None: not given) to `day`, as the rule language's `age`."""
    return whole_years(born, day) if isinstance(born, datetime.date) else None


def _spouse(household: Household, policy: Policy, day: datetime.date) -> list[Doubt]:
    """Each member given no one able to support them (`supporter` "none" or "unable", given, not the default) who is
    the head or the head's spouse and unable to work themselves (given so, or 60 or over on `day`), while the other
    of the two is 16 to 59 on `day` and has income of their own that the policy counts, or is given as able to work.
    A working-age couple both given "none" is common data (no one supports them: they work), so the member's own
    capacity is what makes it a doubt: then 特困 may rest on it."""
    members = household.members
    if len(members) < 2:  # most households of one member: nothing more to look at
        return []
    inputs = spouse_inputs(policy)
    if inputs is None:
        return []
    field, capacity = inputs
    found = []
    for m, member in enumerate(members):
        value, relation = member.fields.get(SUPPORTER), member.fields.get(RELATION)
        if value not in NO_SUPPORT or SUPPORTER in member.defaulted or relation not in (HEAD, SPOUSE_OF_HEAD):
            continue
        own_age = _aged(member.fields.get(BIRTH), day)
        if not ((capacity is not None and member.fields.get(CAPACITY) == UNABLE)
                or (own_age is not None and own_age > WORKING_AGE[1])):
            continue
        other = SPOUSE_OF_HEAD if relation == HEAD else HEAD
        able = next(((s, earned) for s in members if s.fields.get(RELATION) == other
                     and WORKING_AGE[0] <= (_aged(s.fields.get(BIRTH), day) or -1) <= WORKING_AGE[1]
                     and ((earned := _earned(household, policy, s.id)) is not None
                          or (capacity is not None and s.fields.get(CAPACITY) == ABLE
                              and CAPACITY not in s.defaulted))), None)
        if able is None:
            continue
        spouse, earned = able
        given = Said(show(value), _value_zh(field, value))
        age = whole_years(spouse.fields[BIRTH], day)
        if earned is not None:
            line = household.income[earned]
            kind, amount = line_type(policy, "income", line.type), yuan(line.amount)
            has = Said(f"has income of their own that the policy counts: income[{earned}], {kind.en}, {amount.en}",
                       f"本人有计入家庭收入的收入：income[{earned}]，{kind.zh}，{amount.zh}")
        else:
            assert capacity is not None
            has = Said(f"is given {capacity.label.en or CAPACITY} \"{ABLE}\"",
                       f"{capacity.label.zh or CAPACITY}填为 {_value_zh(capacity, ABLE)}")
        message = Said(f"{show(member.id)} is given supporter {given.en} (no one with a legal duty of support who can "
                       f"support them), but their spouse {show(spouse.id)}, aged {age} on {day.isoformat()}, "
                       f"{has.en}",
                       f"成员 {show(member.id)} 的法定赡养、抚养、扶养义务人填为 {given.zh}，但其配偶 {show(spouse.id)}"
                       f"（{day.isoformat()} 时 {age} 周岁）{has.zh}")
        help = _tekun_help(Said("spouses are bound to support each other: check whether "
                                f"{show(spouse.id)} is able to support",
                                f"夫妻有相互扶养的义务：请核实 {show(spouse.id)} 是否有能力扶养"), member.id, given)
        found.append(Doubt("H015", ("members", m, SUPPORTER), message, help, member.id, spouse=spouse.id,
                           earned=earned))
    return found


def _earned(household: Household, policy: Policy, member: str) -> int | None:
    """The first income line of `member`'s own, above zero, of a type the policy counts; None if there is none."""
    return next((i for i, line in enumerate(household.income) if line.member == member and line.amount > 0
                 and line.type in policy.income and policy.income[line.type].counted), None)


# -- what a run says under its summary -------------------------------------------------------------------------------

def undated_short(household: str, day: datetime.date) -> Said:
    """What is said of the first household of a run decided on `day`, the day the run started, for want of a date."""
    return Said(f"{household}, decided on {day.isoformat()}", f"{household}，按 {day.isoformat()} 认定")


def doubted_said(kind: str, count: int, first: str, short: Said, read_from: ReadFrom = "json") -> Said:
    """Under a run's summary: how many households were decided with a doubt of `kind`, the first of them (its
    record, `first`, and what is doubted, `short`), and what to do (`read_from`: the form of the run's input, whose
    texts hold a control character as typed into a cell of CSV tables, as a Parquet file's writer gave it, or read
    from JSON's backslash)."""
    if kind == UNDATED:  # (said where the others have theirs: the export most likely lost these dates)
        has = "1 household has" if count == 1 else f"{count:,} households have"
        return Said(f"{has} no date while the others have theirs, and {'was' if count == 1 else 'were'} decided on "
                    f"the day the run started (the first: {first}, {short.en}); fill in their dates and decide them "
                    "again, or give --date to decide every household on one day",
                    f"有 {count:,} 户没有日期（其余各户都有），已按运行当天认定（第一户：{first}，{short.zh}）；"
                    "请填上它们的日期后重新认定，或给出 --date 让每户都按同一天认定")
    households = "1 household was" if count == 1 else f"{count:,} households were"
    if kind == REPEATED:
        return Said(f"{households} decided with an income or expense line given twice, the same type, member and "
                    f"amount (the first: {first}, {short.en}); both lines were counted: if one was pasted twice, "
                    "delete it and decide the household again",
                    f"有 {count:,} 户的收入或支出中有重复的条目，类型、成员和金额都相同"
                    f"（第一户：{first}，{short.zh}）；认定时两条都已计入：如是重复粘贴，请删去一条后重新认定")
    if kind == MEMBERLESS:
        return Said(f"{households} decided with an expense line that assistance given per member counts for no one "
                    f"(the first: {first}, {short.en}); write in such a line the member whose expense it is and "
                    "decide the household again",
                    f"有 {count:,} 户的支出条目因没有写明成员，不计入按成员给予的救助（第一户：{first}，{short.zh}）；"
                    "请在这样的条目中写明是哪位成员的支出，再重新认定")
    if kind == HEADS:
        return Said(f"{households} decided without exactly one head of household (the first: {first}, {short.en}); "
                    "no decision depends on it, the explanations' descriptions of members do: correct the relations "
                    "in the data",
                    f"有 {count:,} 户的户主不是恰好一位（第一户：{first}，{short.zh}）；认定结果不受影响，"
                    "但解释中对成员的描述会用到它：请在数据中改正与户主的关系")
    if kind == SUPPORTED:
        return Said(f"{households} decided with a member given no one able to support them though the household is "
                    f"paid maintenance by relatives (the first: {first}, {short.en}); each was decided with supporter "
                    "as given: check who pays it and whether they are bound and able to support the member, correct "
                    "supporter if so and decide the household again",
                    f"有 {count:,} 户有成员的法定赡养、抚养、扶养义务人填为无或无履行能力，"
                    f"但家庭收入中有赡养费、抚养费、扶养费（第一户：{first}，{short.zh}）；认定按所填进行：请核实这笔费用由谁支付、"
                    "其是否有能力履行义务，如有误请改正后重新认定")
    if kind == SPOUSE:
        return Said(f"{households} decided with a member given no one able to support them though their spouse, of "
                    f"working age, has income of their own or is able to work (the first: {first}, {short.en}); each "
                    "was decided with supporter as given: check whether the spouse is able to support the member, "
                    "correct supporter if so and decide the household again",
                    f"有 {count:,} 户有成员的法定赡养、抚养、扶养义务人填为无或无履行能力，但其配偶处于劳动年龄、"
                    f"本人有收入或有劳动能力（第一户：{first}，{short.zh}）；认定按所填进行：请核实配偶是否有能力扶养，"
                    "如有误请改正后重新认定")
    if kind == ESCAPED and read_from == "csv":
        return Said(f"{households} decided with a text holding a control character (the first: {first}, {short.en}); "
                    "a cell of CSV tables holds it as it was typed or pasted into the cell (Alt+Enter types a line "
                    "break): delete it from the cell and decide the household again",
                    f"有 {count:,} 户的文本中有控制字符（第一户：{first}，{short.zh}）；这是输入或粘贴进单元格的"
                    "（在单元格中按 Alt+Enter 会输入换行符）：请从单元格中删去，再重新认定")
    if kind == ESCAPED and read_from == "parquet":
        return Said(f"{households} decided with a text holding a control character (the first: {first}, {short.en}); "
                    f"{_FROM_PARQUET.en}, and decide the household again",
                    f"有 {count:,} 户的文本中有控制字符（第一户：{first}，{short.zh}）；"
                    f"{_FROM_PARQUET.zh}，然后重新认定")
    if kind == ESCAPED:
        return Said(f"{households} decided with a text holding a control character read from a backslash (the first: "
                    f"{first}, {short.en}); JSON reads `\\n`, `\\t` in a text as a line break, a tab: write a "
                    "backslash twice (`\\\\`), or `/`, and decide the household again",
                    f"有 {count:,} 户的文本中有由反斜杠读出的控制字符（第一户：{first}，{short.zh}）；JSON 把文本中的 "
                    "`\\n`、`\\t` 读作换行符、制表符：反斜杠请写两个（`\\\\`）或改用 `/`，再重新认定")
    return Said(f"{households} decided with a figure outside the range the policy finds plausible (the first: "
                f"{first}, {short.en}); each was decided with its figures as given: if one is wrong (a monthly "
                "amount written as the yearly one, or an amount written in units of ten thousand yuan (万元)), "
                "correct it and decide the household again",
                f"有 {count:,} 户的数值超出政策给出的合理范围（第一户：{first}，{short.zh}）；认定按所填数值进行："
                "如有误（比如把月额当成了年额，或以万元填写），请改正后重新认定")


# -- a control character in a text, read from a backslash -----------------------------------------------------------

# a text of Parquet is stored as the program that wrote the file gave it: no escape read it, none written mends it
_FROM_PARQUET = Said("the text is so in the Parquet file, as the program that wrote the file gave it: correct it "
                     "where the data come from and write the file again",
                     "Parquet 文件中的文本就是写出该文件的程序给出的样子：请在数据的来源处改正，再重新写出该文件")

# the control characters JSON writes with a letter after a backslash, what each is, and that letter: `"C:\new"`
# (a Windows folder) is read with a line break
_ESCAPES = {"\n": (Said("a line break", "换行符"), "n"), "\t": (Said("a tab", "制表符（Tab）"), "t"),
            "\r": (Said("a carriage return", "回车符"), "r"), "\b": (Said("a backspace", "退格符"), "b"),
            "\f": (Said("a form feed", "换页符"), "f")}


def _escaped(household: Household, policy: Policy) -> list[Doubt]:
    """The texts — the household's id, its members', and the inputs the policy declares `type: text`, which the
    explanation prints as it prints an id — that hold a control character, which JSON reads from an escape (`\\n`,
    `\\t`, `\\u0007`), as a Windows path is written by mistake; none but DEL (U+007F) can be typed into a text of
    JSON as it is (the others are refused). The household's other fields are numbers, dates and values of a list (an
    enum)."""
    household_texts, member_texts = _text_inputs(policy)
    if not (household_texts or member_texts) and _printable(household):
        return []  # (most households: the ids are all a policy without texts has, and each character is printable)
    ids = [(("id",), household.id, None),
           *(((*name.split(".", 1),), household.fields.get(name), None) for name in household_texts),
           *((("members", i, "id"), m.id, m.id) for i, m in enumerate(household.members)),
           *((("members", i, name), m.fields.get(name), m.id) for i, m in enumerate(household.members)
             for name in member_texts)]
    return [Doubt("H016", path, *_control_said(value, household.read_from), member=member)
            for path, value, member in ids if isinstance(value, str) and _CONTROL.search(value)]


def _printable(household: Household) -> bool:
    """Whether every character of the household's id and its members' is printable, so that none is a control
    character (which no `str.isprintable` text holds): one pass over them all, where the pattern is run on each. Of
    every form alike: a line of JSON with no backslash may hold a DEL as it is, a cell of CSV a line break. A text
    that is not printable (an ideographic space) may still hold none: the pattern says."""
    return (household.id + "".join(map(_ID, household.members))).isprintable()


_ID = attrgetter("id")  # a member's id


@per_policy
def _text_inputs(policy: Policy) -> tuple[list[str], list[str]]:
    """The inputs of type text the policy declares, of the household (`housing.village`) and of each member."""
    return ([f.name for f in policy.input_fields("household") if f.type == "text"],
            [f.name for f in policy.input_fields("member") if f.type == "text"])


_CONTROL = re.compile(CONTROL)


def _control_said(value: str, read_from: ReadFrom = "json") -> tuple[Said, Said]:
    """What a text with a control character holds, and what to write: the backslash twice, where the character is one
    JSON writes with a letter (`"C:\\new"`); else without it. Of a cell of CSV tables, which keeps a backslash as it
    is, the character as typed or pasted into the cell, to delete there; of Parquet, the text as the program that wrote
    the file gave it, to correct at the source."""
    shown = json_quoted(value)
    first = _CONTROL.search(value)
    assert first is not None
    escape = _ESCAPES.get(first.group())
    code = f"\\u{ord(first.group()):04x}"
    if escape is None or read_from != "json":
        what = escape[0] if escape is not None else Said(f"a control character (`{code}`)", f"控制字符（`{code}`）")
        held = Said(f"`{shown}` holds {what.en}", f"`{shown}` 中有{what.zh}")
        if read_from == "parquet":
            return held, _FROM_PARQUET
        if read_from == "json":
            return held, Said(f"delete `{code}` from the text", f"请删去文本中的 `{code}`")
        typed = Said(" (Alt+Enter types one into a cell)", "（在单元格中按 Alt+Enter 会输入换行符）") \
            if first.group() == "\n" else Said("", "")
        return held, Said(f"delete it from the cell, in the spreadsheet the table was exported from{typed.en} or in "
                          "the CSV file",
                          f"请把{what.zh}从单元格中删去：在导出该表的电子表格中{typed.zh}，或直接在 CSV 文件中")
    what, letter = escape
    meant = json.dumps(_CONTROL.sub(lambda c: "\\" + _ESCAPES[c.group()][1] if c.group() in _ESCAPES else c.group(),
                                    value), ensure_ascii=False)
    return (Said(f"`{shown}` holds {what.en}: JSON reads `\\{letter}` in a text as one",
                 f"`{shown}` 中有{what.zh}：JSON 把文本中的 `\\{letter}` 读作{what.zh}"),
            Said(f"to write a backslash (as in a Windows path), write it twice: `{meant}`; or write `/` instead",
                 f"要写反斜杠（如 Windows 路径），请写两个：`{meant}`；或改用 `/`"))


__all__ = ["CONTROL", "ESCAPED", "HEADS", "IMPLAUSIBLE", "KINDS", "MEMBERLESS", "RELATION", "REPEATED", "SAID",
           "SPOUSE", "SPOUSE_OF_HEAD", "SUPPORTED", "UNDATED", "Doubt",
           "doubted_said", "doubts", "finding", "in_text_order", "range_said", "spouse_inputs",
           "supporter_input", "undated_short",
           "warnings"]
