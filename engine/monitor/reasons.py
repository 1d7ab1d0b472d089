"""Two snapshots of a household → why its categories changed, worded for the desk.

Input: two `Judged` snapshots (the policy record that decided each, its decision
values, clause verdicts and the two sides of its comparison clauses) and `Words`
(labels from the outlines of the policies involved, in one language).
Output: the parts of a change alert, as JSON-ready dicts — the values that moved, the amounts of assistance
that changed,
the clauses that flipped (with the household's value and the line on each side
of a comparison, before and after), the clauses that keep a lost category out
or let a gained one in now (and, for a category abolished that none of the
categories absorbing it took over, those that keep the household out of each),
the categories lost to one that comes first in their group, the categories the
newer policy abolished, and the values a switch of policy version changed for
every household.
Invariants: clauses are compared by id under the policy that made each
decision, so a clause that a new version rewrote is still compared with itself;
a value is shown before a flip only when the older clause compared that same
value; registers written before sides or policy values were kept read as having
none, never as an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

import orjson

from engine.monitor.register import PolicyRecord
from engine.monitor.snapshot import parse_status
from engine.values import listed


@dataclass(frozen=True)
class Judged:
    """One snapshot as alerts read it."""

    policy: PolicyRecord
    values: dict[str, Any]  # the decision's values (DESIGN §7)
    verdicts: dict[str, str]  # {"dibao": "10111", "tekun/p1": "011"}
    sides_json: bytes | None  # as recorded; None in registers written before sides were kept
    assistance: tuple[dict[str, Any], ...] = ()  # the decision's measures granted: {id, member, amount, per, …}

    @cached_property
    def sides(self) -> dict[str, dict[str, list[Any]]]:
        """{"dibao": {"income": ["5880.00"]}} (see engine.monitor.snapshot), read only when a reason needs it."""
        return orjson.loads(self.sides_json) if self.sides_json is not None else {}

    def clauses(self, category: str) -> Sequence[list[Any]]:
        """[id, label] of the category's clauses under this snapshot's policy."""
        return self.policy.outline["categories"].get(category, {}).get("clauses", ())

    def compares(self, category: str) -> Mapping[str, dict[str, Any]]:
        """clause id → {name, label, line} of what each comparison clause of the category compares (`line`: the
        line when it is the same for every household, else None)."""
        return self.policy.outline["categories"].get(category, {}).get("compares", {})

    def policy_values(self) -> dict[str, Any]:
        """The values that are the same for every household under this policy: parameters and what
        is computed from them alone."""
        return {n: v["value"] for n, v in _policy_values(self.policy.outline).items()}


def _policy_values(outline: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return outline.get("policy_values", {})


def label(entry: dict[str, Any] | None, lang: str, fallback: str) -> str:
    if not entry:
        return fallback
    return str(entry.get(lang) or entry.get("zh") or entry.get("en") or fallback)


class Words:
    """Labels from the outlines of the policies involved, newest first."""

    def __init__(self, lang: str, *outlines: dict[str, Any]):
        self.lang = lang
        self.outlines = outlines
        self._categories: dict[str, str] = {}
        self._clauses: dict[tuple[str, str], str] = {}
        # the names of values that are the same for every household under any of these policies
        self.policy_wide = frozenset(name for o in outlines for name in _policy_values(o))

    def category(self, category: str) -> str:
        known = self._categories.get(category)
        if known is None:
            known = self._categories[category] = self._category(category)
        return known

    def _category(self, category: str) -> str:
        for o in self.outlines:
            if category in o["categories"]:
                return label(o["categories"][category]["label"], self.lang, category)
            if category in o.get("abolished", {}):
                return label(o["abolished"][category]["label"], self.lang, category)
        return category

    def value(self, name: str) -> str:
        for o in self.outlines:
            for table in (o["values"], _policy_values(o)):
                if name in table:
                    return label(table[name]["label"], self.lang, name)
        return name

    def clause(self, category: str, clause_label: dict[str, str] | None, clause: str) -> str:
        """`category · clause`; one policy's outline labels a clause id the same way every time."""
        known = self._clauses.get((category, clause))
        if known is None:
            known = f"{self.category(category)} · {label(clause_label, self.lang, clause)}"
            self._clauses[category, clause] = known
        return known

    def entries(self, status: str) -> list[dict[str, Any]]:
        out = []
        for part in parse_status(status):
            member, _, category = part.rpartition(":")
            out.append({"id": category, "member": member or None, "label": self.category(category)})
        return out


def category_named(entry: dict[str, Any], lang: str, code: Callable[[str], str] = str,
                   members: Sequence[str] = ()) -> str:
    """A category of a snapshot as `policy eval --explain` heads it, its members (`members`, else the entry's) in the
    bracket of its id, so that two brackets are never read side by side: `特困人员（tekun，成员 p1、p2）`,
    `person in extreme poverty (tekun, member p1)` — one form for `show` and the alerts; the ids as `code` writes
    them (in markdown a stand-in of `CodeSlots`, so that they are code and the label text)."""
    from engine.render import bracketed, with_id

    zh = lang == "zh"
    category = code(entry["id"])
    named = with_id(entry["label"], entry["id"], zh, code=category)
    who = [code(m) for m in (members or ([entry["member"]] if entry.get("member") else []))]
    if not who:
        return named
    aside = ("成员 " if zh else "member " if len(who) == 1 else "members ") + listed(who, lang)
    for close, comma in (("）", "，"), (")", ", ")):
        if named.endswith(f"{category}{close}"):  # its id's bracket, the member's too
            return f"{named[:-1]}{comma}{aside}{close}"
    return named + bracketed(aside, zh)


def categories_named(entries: list[dict[str, Any]], lang: str, code: Callable[[str], str] = str) -> list[str]:
    """The categories of a snapshot as `category_named` names each, a member's category once with all its members
    (`特困人员（tekun，成员 p1、p2）`), in the order they first come."""
    members: dict[str, list[str]] = {}
    first: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = entry["id"] if entry.get("member") else f"{entry['id']}\0household"
        first.setdefault(key, entry)
        if entry.get("member"):
            members.setdefault(key, []).append(entry["member"])
    return [category_named(entry, lang, code, members.get(key, ())) for key, entry in first.items()]


def value_changes(old: dict[str, Any], new: dict[str, Any], words: Words,
                  leave_out: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """{name, label, before, after} of each value that differs, newer order first."""
    out = []
    for name in [*new, *(k for k in old if k not in new)]:
        if name not in leave_out and old.get(name) != new.get(name):
            out.append({"name": name, "label": words.value(name), "before": old.get(name), "after": new.get(name)})
    return out


def household_value_changes(old: Judged, new: Judged, words: Words) -> list[dict[str, Any]]:
    """The decision values that moved, without those that are the same for every household: a switch
    of policy version changes them for all at once, and they are said once for the switch."""
    return value_changes(old.values, new.values, words, words.policy_wide)


def policy_value_changes(old: Judged, new: Judged, words: Words) -> list[dict[str, Any]]:
    """The values the same for every household (parameters and what is computed from them alone) that
    differ between the two policies."""
    return value_changes(old.policy_values(), new.policy_values(), words)


def _amounts(judged: Judged) -> dict[tuple[str, str | None], tuple[str, str | None]]:
    """(measure, member) → (amount, per) of each measure the decision grants with an amount."""
    return {(a["id"], a.get("member")): (a["amount"], a.get("per")) for a in judged.assistance
            if a.get("amount") is not None}


def assistance_changes(old: Judged, new: Judged) -> list[dict[str, Any]]:
    """{id, member, before, after, per[, previous_per]} of each measure whose amount differs between the two
    decisions, in the newer decision's order, then those it no longer grants; `before` or `after` None where that
    decision grants none of it. A measure granted without an amount (a service) has no figure to say, and one that
    pays nothing either way (medical assistance of 0.00 for no medical costs, granted or not) changes no payment:
    both are left out."""
    before, after = _amounts(old), _amounts(new)
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key, (None, None)), after.get(key, (None, None))
        if was == now or (_nothing_paid(was[0]) and _nothing_paid(now[0])):
            continue
        per = now[1] if key in after else was[1]
        entry: dict[str, Any] = {"id": key[0], "member": key[1], "before": was[0], "after": now[0], "per": per}
        if key in before and key in after and was[1] != now[1]:
            entry["previous_per"] = was[1]
        out.append(entry)
    return out


def _nothing_paid(amount: str | None) -> bool:
    return amount is None or Decimal(amount) == 0


def _sides(kept: list[Any] | None, what: dict[str, Any]) -> dict[str, Any] | None:
    """{value, line} from what a snapshot kept of a comparison clause (`what`: how its policy describes the
    clause, with the line when that is the same for every household), or None where nothing was kept."""
    if not kept:
        return None
    return {"value": kept[0], "line": kept[1] if len(kept) > 1 else what.get("line")}


def _compared_entry(what: dict[str, Any], words: Words, **sides: dict[str, Any] | None) -> dict[str, Any]:
    """{name, label, [before,] after[, percent]}: what a comparison clause compared, and its {value, line}
    (`percent`: shares, said as percentages)."""
    return {"name": what["name"], "label": label(what["label"], words.lang, what["name"]), **sides,
            **({"percent": True} if what.get("percent") else {})}


def clause_flips(old: Judged, new: Judged, words: Words) -> list[dict[str, Any]]:
    """{category, member, clause, label, before, after[, compared]} of each clause whose verdict flipped."""
    out = []
    same_clauses = old.policy.id == new.policy.id
    for key, digits in new.verdicts.items():
        if key not in old.verdicts or (same_clauses and old.verdicts[key] == digits):
            continue
        category, _, member = key.partition("/")
        before = {c[0]: d == "1" for c, d in zip(old.clauses(category), old.verdicts[key], strict=False)}
        compares, compared_before = new.compares(category), old.compares(category)
        for (clause, clause_label), d in zip(new.clauses(category), digits, strict=False):
            now = d == "1"
            if clause not in before or before[clause] == now:
                continue
            flip: dict[str, Any] = {"category": category, "member": member or None, "clause": clause,
                                    "label": words.clause(category, clause_label, clause),
                                    "before": before[clause], "after": now}
            what = compares.get(clause)
            after = _sides(new.sides.get(key, {}).get(clause), what) if what is not None else None
            if what is not None and after is not None:
                # the older value only when the older clause compared the same thing
                earlier = compared_before.get(clause)
                same = earlier is not None and earlier["name"] == what["name"]
                before_sides = _sides(old.sides.get(key, {}).get(clause), earlier) if same and earlier else None
                flip["compared"] = _compared_entry(what, words, before=before_sides, after=after)
            out.append(flip)
    return out


def standing(entries: list[dict[str, Any]], new: Judged, flips: list[dict[str, Any]], words: Words, *,
             holds: bool) -> list[dict[str, Any]]:
    """The clauses, not already listed as flipped, that now keep a lost category out (`holds` False) or let
    a gained one in (`holds` True), with what a comparison compared now.

    A gain that a flip explains lists nothing more: its other clauses held before as well, so they
    say nothing about the change; a clause that still fails keeps a lost category out on its own.
    """
    flipped = {(f["category"], f["member"], f["clause"]) for f in flips}
    explained = {(f["category"], f["member"]) for f in flips if f["after"]} if holds else set()
    digit = "1" if holds else "0"
    out = []
    for entry in entries:
        category, member = entry["id"], entry["member"]
        if (category, member) in explained:
            continue
        key = category if member is None else f"{category}/{member}"
        compares = new.compares(category)
        for (clause, clause_label), d in zip(new.clauses(category), new.verdicts.get(key, ""), strict=False):
            if d != digit or (category, member, clause) in flipped:
                continue
            item: dict[str, Any] = {"category": category, "member": member, "clause": clause,
                                    "label": words.clause(category, clause_label, clause)}
            if "absorbs" in entry:  # a category never held, that the abolished one is said to be absorbed by
                item["absorbs"] = entry["absorbs"]
            what = compares.get(clause)
            after = _sides(new.sides.get(key, {}).get(clause), what) if what is not None else None
            if what is not None and after is not None:
                item["compared"] = _compared_entry(what, words, after=after)
            out.append(item)
    return out


def preempted(lost: list[dict[str, Any]], after: list[dict[str, Any]], new: Judged,
              words: Words) -> list[dict[str, Any]]:
    """The categories lost because one earlier in their exclusive group applies now (dibao_marginal gives
    way to dibao): {id, member, label, by, by_label}. Their own clauses may all still hold."""
    categories = new.policy.outline["categories"]
    order = list(categories)
    out = []
    for entry in lost:
        group = categories.get(entry["id"], {}).get("group")
        if group is None:
            continue
        earlier = {c for c in order[:order.index(entry["id"])] if categories[c].get("group") == group}
        first = next((e for e in after if e["id"] in earlier and e["member"] == entry["member"]), None)
        if first is not None:
            out.append({**entry, "by": first["id"], "by_label": first["label"]})
    return out


def abolished(before: list[dict[str, Any]], after: list[dict[str, Any]], new: Judged,
              words: Words) -> list[dict[str, Any]]:
    """The categories held before that the newer policy abolished, what absorbs each, and `now_in`:
    which absorbing categories the household (or a member) is in now."""
    out = []
    for entry in before:
        gone = new.policy.outline.get("abolished", {}).get(entry["id"])
        if gone is not None:
            # none means the abolished category was not replaced, which "absorbed by" alone would hide
            now_in = [c for c in gone["absorbed_by"] if any(e["id"] == c for e in after)]
            out.append({**entry, "absorbed_by": gone["absorbed_by"],
                        "absorbed_by_labels": [words.category(c) for c in gone["absorbed_by"]], "now_in": now_in})
    return out


def kept_out(gone: list[dict[str, Any]], new: Judged, words: Words) -> list[dict[str, Any]]:
    """The categories absorbing an abolished one that the household is in none of now ({id, member, label,
    absorbs}, a member's category once for each member): the clauses that keep it out of them say why its
    assistance stops, which "absorbed by" alone leaves unsaid."""
    out: list[dict[str, Any]] = []
    for entry in gone:
        if entry["now_in"]:
            continue
        for category in entry["absorbed_by"]:
            for key in new.verdicts:
                of, _, member = key.partition("/")
                if of == category:
                    out.append({"id": category, "member": member or None, "label": words.category(category),
                                "absorbs": entry["id"]})
    return out
