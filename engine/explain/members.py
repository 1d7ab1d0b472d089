"""Members as explanations name them: `p2（子女，12岁）` rather than a bare `p2`.

Input: a policy with a `member_description` (`{zh: '{relation}，{age}岁', …}`), an evaluated
household context and a language. Output: each member's description, by member id; `household_members`, an
explanation's list of them (on the day the context decides on); `named_with_id`, each
member as `--explain` names them (`p2（子女，12岁）`); `said_aloud`, each
member as a sentence read aloud names them (`户主（58岁）`), from an explanation's `household_members`;
`named_in_hint`, the members a hint of an explanation's entry names by id, named another way. The
expressions in the braces were checked at member level when the policy loaded; an enum value
reads as the policy's `value_labels` say it. Invariant: describing only reads the evaluation;
a member whose description cannot be computed (a missing birth date, say) gets none, and the
explanation names them by id alone.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from engine.contexts import HouseholdContext, MemberContext
from engine.diagnostics import chinese_joined
from engine.evaluator import EvaluationError, program_for
from engine.explain.words import WORDS, bracketed, members_said, shower
from engine.model import Expr, Policy, per_policy
from engine.syntax import ast
from engine.values import kind_of

LANGS = ("zh", "en")


class _Value:
    """One `{…}` of the description: its compiled expression, and how its value is said in each language."""

    def __init__(self, policy: Policy, expr: Expr):
        self.fn = program_for(policy).compile(expr.node, "member")
        kind = kind_of(policy.types.get(id(expr.node)))
        field = policy.inputs.get(f"member:{expr.node.dotted}") if isinstance(expr.node, ast.Name) else None
        labels = dict(field.value_labels) if field is not None else {}  # an enum input's values in words
        self.words = {lang: {value: label.get(lang, value) for value, label in labels.items()} for lang in LANGS}
        self.show = {lang: shower(kind, lang) for lang in LANGS}

    def said(self, member: MemberContext, lang: str) -> str:
        value = self.fn(member)
        if isinstance(value, str) and value in self.words[lang]:
            return self.words[lang][value]
        return self.show[lang](value)


class _Describer:
    """A policy's member description, compiled once: its text and values, per language."""

    def __init__(self, policy: Policy):
        description = policy.meta.member_description
        assert description is not None
        self.parts: dict[str, list[str | _Value]] = {
            lang: [part if isinstance(part, str) else _Value(policy, part) for part in description.parts_in(lang)]
            for lang in LANGS}

    def describe(self, ctx: HouseholdContext, lang: str) -> dict[str, str]:
        described: dict[str, str] = {}
        for member in ctx.members:
            try:
                words = [part if isinstance(part, str) else part.said(member, lang) for part in self.parts[lang]]
            except EvaluationError:
                continue
            described[member.member_id] = "".join(words)
        return described


@per_policy
def _describer(policy: Policy) -> _Describer:
    return _Describer(policy)


def describe_members(policy: Policy, ctx: HouseholdContext, lang: str) -> dict[str, str]:
    """Each member's description in `lang` (none at all when the policy has no `member_description`)."""
    if policy.meta.member_description is None:
        return {}
    return _describer(policy).describe(ctx, lang)


def household_members(policy: Policy, ctx: HouseholdContext, lang: str) -> list[dict[str, str]]:
    """An explanation's `household_members`: each member's id and, where the policy says how, their description on
    the day `ctx` decides on (`户主，58岁`); a member whose description another's shares, their birth month too
    (`born`: `2010-03`), which tells them apart aloud."""
    described = describe_members(policy, ctx, lang)
    alike = Counter(described.values())
    out: list[dict[str, str]] = []
    for m in ctx.members:
        entry = {"id": m.member_id}
        if m.member_id in described:
            entry["description"] = described[m.member_id]
            born = m.fields.get("birth_date")
            if alike[entry["description"]] > 1 and isinstance(born, datetime.date):
                entry["born"] = f"{born.year:04d}-{born.month:02d}"
        out.append(entry)
    return out


def named_with_id(members: list[dict[str, Any]], lang: str, quote: Callable[[str], str] = str) -> dict[str, str]:
    """Each member of an explanation's `household_members` by id and description, as `--explain` names them:
    `p1（户主，58岁）` / `p1 (head of household, aged 58)`; by id alone where they have no description; the id as
    `quote` writes it (as code in markdown: `md_code`)."""
    named = {}
    for m in members:
        shown, described = quote(m["id"]), m.get("description")
        if described:
            shown += bracketed(described, lang == "zh")
        named[m["id"]] = shown
    return named


def said_aloud(members: list[dict[str, Any]], lang: str, quote: Callable[[str], str] = str) -> dict[str, str]:
    """Each member of an explanation's `household_members` as said aloud: by the policy's description (`户主（58岁）`),
    and, within the same brackets, for members who would sound the same, the month they were born, which the
    household knows (`子女（16岁，2009年6月生）` / `child (aged 16, born June 2009)`), or their id where that is the
    same too (twins: `子女（12岁，p2）`, `子女（12岁，p3）`); by id alone where any member has no description. An id as
    `quote` writes it (as code in markdown, as `named_with_id` writes it)."""
    zh = lang == "zh"
    comma = "，" if zh else ", "
    described = [m.get("description") for m in members]
    if not all(described):
        return {m["id"]: quote(m["id"]) for m in members}
    alike = Counter(m["description"] for m in members)
    months = Counter((m["description"], m.get("born")) for m in members)
    said = {}
    for m in members:
        head, _, rest = m["description"].partition(comma)
        if alike[m["description"]] > 1:
            born = m.get("born")
            apart = _born_said(born, lang) if born and months[m["description"], born] == 1 else quote(m["id"])
            rest = f"{rest}{comma}{apart}" if rest else apart
        said[m["id"]] = head + bracketed(rest, zh) if rest else head
    return said


def hugs(name: str) -> bool:
    """Whether a member's name, in Chinese, runs into the word after it: a description does (`户主（59岁）将于`); an id
    does not, set apart by a space as every line sets a letter or a digit apart from a word (`p2 将于`), an id as
    code too (`` `p2` 将于 ``): as `chinese_joined` joins them."""
    return chinese_joined(name, "的") == name + "的"


# the keys of an entry that date a member's birthday its hints tell (`p2 将于 2026-05-20 年满 18 周岁`)
HINT_DAYS = ("turns_age", "stops_holding", "amount_changes")


def named_in_hint(entry: dict[str, Any], hint: str, lang: str, name: Callable[[str], str | None],
                  hugged: bool = False) -> str:
    """A hint of an explanation's entry (a clause's, a measure's: `would_hold_if`, `holds_until`) with each member it
    names by id named as `name` names them (None: as it is) — as the brief names them (`户主（55岁）`), or as code in
    markdown: whose income it asks of (the entry's `as_received`: `p1 的工资性收入`, `p2 和 p3 的…合计`, `wage income
    of p1`), whose birthday it tells and whom that day changes (its `turns_age`, `stops_holding`, `amount_changes`,
    dated `later_amounts`, a return's `changes`: `p2 将于 …`, `p1 届时改为…`). An id is found by the words around it,
    whole (`p1`, not the start of `p12`); in Chinese, a name `hugged` runs into the word after it (`户主（59岁）的`),
    else the hint's spaces stay (`` `p1` 的 ``)."""
    words, zh = WORDS[lang], lang == "zh"
    received = entry.get("as_received", [])
    places = [(words["of_member"].split("{label}"), item["member"]) for item in received if "member" in item]
    again = entry.get("given_again", {})  # and a birthday's change of amount after each return
    days = [entry[key] for key in HINT_DAYS if key in entry] + [  # a date's is no one's
        later for later in entry.get("later_amounts", []) if "member" in later] + [
        change for back in (again, *again.get("later", ())) for change in back.get("changes", ()) if "member" in change
    ] + [back for back in (again, *again.get("later", ())) if "member" in back]  # and a return a birthday brings
    for day in days:  # in a member's own rule, in Chinese, the sentence names no one: nothing is found
        places.append(([words["member_turns"].split("{date}")[0], words["named_turns"].split("{date}")[0],
                        words["instead_categories_named"], words["instead_measures_named"]], day["member"]))
    for item in received:  # two earners' wages: `p2 和 p3 的` → `配偶（50岁）和子女（23岁）的`, `` `p2` 和 `p3` 的 ``
        ids = item.get("members", [])
        names = [name(m) for m in ids]
        if ids and None not in names:
            whose = " 的" if zh else ""
            hint = hint.replace(members_said(ids, lang) + whose,
                                members_said([n for n in names if n is not None], lang)
                                + (whose.lstrip(" ") if hugged and hugs(names[-1] or "") else whose), 1)
    for parts, member in places:
        named = name(member)
        if named is None:
            continue
        for part in parts:
            if "{member}" in part:  # `p1 的`, ` of p1`: the id whole, not the start of `p12`
                before, _, after = part.partition("{member}")
                after = after.partition("{")[0]
                said = before + named + (after.lstrip(" ") if zh and hugged and hugs(named) else after)
                found = re.compile(re.escape(before + member) + r"(?![\w-])" + re.escape(after))
                hint = found.sub(said.replace("\\", "\\\\"), hint)
    return hint


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _born_said(born: str, lang: str) -> str:
    """A birth month (`2009-06`) as said aloud: `2009年6月生` / `born June 2009`."""
    year, month = (int(part) for part in born.split("-"))
    return f"{year}年{month}月生" if lang == "zh" else f"born {_MONTHS[month - 1]} {year}"
