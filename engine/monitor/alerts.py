"""The register → what the assistance desk must act on.

Input: an open `Register`, a margin, an optional `since` date (or a batch), a
language, and for applications a `today`. Output: `Alert`s, in a fixed order
(kind, then household):
* `start` — the household had no category at its previous snapshot and has one now
  (start assistance);
* `exit` — it had one and has none now (stop assistance, keep watching);
* `move` — its categories changed (household or member level);
* `near` — at its latest snapshot it is within the margin of a line that would give
  it a category it does not have (see `engine.monitor.thresholds`);
* `overdue` / `due_soon` — an undecided application past its due date, or due
  within the coming days.
Every change alert carries its explanation: which values moved (the decision
values of the two snapshots compared) and which clauses flipped (the clause
verdicts recorded with each decision compared, clause by clause, under the
labels of the policy that made the newer decision; a member's clause of a
category that member had neither before nor has now explains nothing and is
left out).
Invariants: candidates are found by set-based SQL over the covering index; only
they are read in full; a household with a single snapshot raises no change
alert (there is nothing to compare); nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import orjson

from engine.monitor.register import PolicyRecord, Register
from engine.monitor.snapshot import parse_status
from engine.monitor.workdays import NO_SUPPLEMENT, CalendarNotCovered, Supplement, working_days_between

KINDS = ("start", "exit", "move", "near", "overdue", "due_soon")


@dataclass(frozen=True)
class Alert:
    kind: str
    household: str
    date: str | None = None  # the latest snapshot's evaluation date
    previous_date: str | None = None
    policy: str | None = None  # version of the policy that made the latest decision
    previous_policy: str | None = None
    before: list[dict[str, Any]] = field(default_factory=list)  # categories: {id, member, label}
    after: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)  # {name, label, before, after}
    clauses: list[dict[str, Any]] = field(default_factory=list)  # {category, member, clause, label, before, after}
    abolished: list[dict[str, Any]] = field(default_factory=list)  # categories the newer policy no longer has,
    # each with what absorbs it and `now_in`, the absorbing categories the household is in now
    failing: list[dict[str, Any]] = field(default_factory=list)  # clauses that now fail in a category lost
    near: list[dict[str, Any]] = field(default_factory=list)
    application: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "household": self.household}
        for key in ("date", "previous_date", "policy", "previous_policy"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.kind in ("start", "exit", "move"):
            out.update(before=self.before, after=self.after, values=self.values, clauses=self.clauses)
            if self.abolished:
                out["abolished"] = self.abolished
            if self.failing:
                out["failing"] = self.failing
        if self.kind == "near":
            out.update(categories=self.after, near=self.near)
        if self.application is not None:
            out["application"] = self.application
        return out


def _kind(before: str, after: str) -> str:
    if not before:
        return "start"
    if not after:
        return "exit"
    return "move"


def _label(entry: dict[str, Any] | None, lang: str, fallback: str) -> str:
    if not entry:
        return fallback
    return str(entry.get(lang) or entry.get("zh") or entry.get("en") or fallback)


class _Words:
    """Labels from the outlines of the policies involved, newest first."""

    def __init__(self, lang: str, *outlines: dict[str, Any]):
        self.lang = lang
        self.outlines = outlines
        self._categories: dict[str, str] = {}

    def category(self, category: str) -> str:
        known = self._categories.get(category)
        if known is None:
            known = self._categories[category] = self._category(category)
        return known

    def _category(self, category: str) -> str:
        for o in self.outlines:
            if category in o["categories"]:
                return _label(o["categories"][category]["label"], self.lang, category)
            if category in o.get("abolished", {}):
                return _label(o["abolished"][category]["label"], self.lang, category)
        return category

    def value(self, name: str) -> str:
        for o in self.outlines:
            if name in o["values"]:
                return _label(o["values"][name]["label"], self.lang, name)
        return name

    def entries(self, status: str) -> list[dict[str, Any]]:
        out = []
        for part in parse_status(status):
            member, _, category = part.rpartition(":")
            out.append({"id": category, "member": member or None, "label": self.category(category)})
        return out


def _value_changes(old: dict[str, Any], new: dict[str, Any], words: _Words) -> list[dict[str, Any]]:
    out = []
    for name in [*new, *(k for k in old if k not in new)]:
        if old.get(name) != new.get(name):
            out.append({"name": name, "label": words.value(name), "before": old.get(name), "after": new.get(name)})
    return out


def _clause_flips(old: dict[str, str], new: dict[str, str], old_outline: dict[str, Any],
                  new_outline: dict[str, Any], words: _Words) -> list[dict[str, Any]]:
    out = []
    same_clauses = old_outline is new_outline
    for key, digits in new.items():
        if key not in old or (same_clauses and old[key] == digits):
            continue
        category, _, member = key.partition("/")
        new_clauses = new_outline["categories"].get(category, {}).get("clauses", [])
        old_clauses = old_outline["categories"].get(category, {}).get("clauses", [])
        before = {c[0]: d == "1" for c, d in zip(old_clauses, old[key], strict=False)}
        for (clause, label), d in zip(new_clauses, digits, strict=False):
            now = d == "1"
            if clause in before and before[clause] != now:
                out.append({"category": category, "member": member or None, "clause": clause,
                            "label": f"{words.category(category)} · {_label(label, words.lang, clause)}",
                            "before": before[clause], "after": now})
    return out


def _failing(lost: list[dict[str, Any]], verdicts: dict[str, str], flips: list[dict[str, Any]],
             outline: dict[str, Any], words: _Words) -> list[dict[str, Any]]:
    """The clauses, not already listed as flipped, that keep a lost category from the household now."""
    flipped = {(f["category"], f["member"], f["clause"]) for f in flips}
    out = []
    for entry in lost:
        category, member = entry["id"], entry["member"]
        digits = verdicts.get(category if member is None else f"{category}/{member}")
        clauses = outline["categories"].get(category, {}).get("clauses", [])
        for (clause, label), d in zip(clauses, digits or "", strict=False):
            if d == "0" and (category, member, clause) not in flipped:
                out.append({"category": category, "member": member, "clause": clause,
                            "label": f"{words.category(category)} · {_label(label, words.lang, clause)}"})
    return out


def _near(entries: list[dict[str, Any]], margin: float, words: _Words, outline: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        if e["gap"] > margin:
            continue
        clauses = dict((c[0], c[1]) for c in outline["categories"].get(e["category"], {}).get("clauses", []))
        out.append({**e, "category_label": words.category(e["category"]),
                    "clause_label": _label(clauses.get(e["clause"]), words.lang, e["clause"]),
                    "label": words.value(e["name"])})
    return out


def change_alerts(register: Register, *, margin: float | None, since: datetime.date | None = None,
                  batch: int | None = None, lang: str = "zh") -> list[Alert]:
    """Start, exit, move and near alerts (see the module docstring)."""
    rows = register.changes(since.isoformat() if since else None, margin, batch)
    wanted = {r[1] for r in rows} | {r[5] for r in rows if r[5] is not None and r[3] != r[7]}
    details = register.details(wanted)
    vocabulary: dict[tuple[int, ...], _Words] = {}

    def words_for(*records: PolicyRecord) -> _Words:
        key = tuple(r.id for r in records)
        if key not in vocabulary:
            vocabulary[key] = _Words(lang, *(r.outline for r in records))
        return vocabulary[key]
    alerts: list[Alert] = []
    for household, latest, date, status, near_gap, previous, previous_date, previous_status in rows:
        policy_row, decision, verdicts, near = details[latest]
        new_policy = register.policy(policy_row)
        if previous is not None and status != previous_status:
            old_policy_row, old_decision, old_verdicts, _ = details[previous]
            old_policy = register.policy(old_policy_row)
            alerts.append(_change(household, date, previous_date, status, previous_status, new_policy, old_policy,
                                  orjson.loads(decision), orjson.loads(old_decision), orjson.loads(verdicts),
                                  orjson.loads(old_verdicts), words_for(new_policy, old_policy)))
        if margin is not None and near_gap is not None and near_gap <= margin and near is not None:
            words = words_for(new_policy)
            entries = _near(orjson.loads(near), margin, words, new_policy.outline)
            if entries:
                alerts.append(Alert("near", household, date, policy=new_policy.version, near=entries,
                                    after=words.entries(status)))
    return sorted(alerts, key=lambda a: (KINDS.index(a.kind), a.household))


def _change(household: str, date: str, previous_date: str | None, status: str, previous_status: str | None,
            new_policy: PolicyRecord, old_policy: PolicyRecord, decision: dict[str, Any],
            old_decision: dict[str, Any], verdicts: dict[str, str], old_verdicts: dict[str, str],
            words: _Words) -> Alert:
    before, after = words.entries(previous_status or ""), words.entries(status)
    abolished = []
    for entry in before:
        gone = new_policy.outline.get("abolished", {}).get(entry["id"])
        if gone is not None:
            # which absorbing categories the household (or a member) is in now: none means the
            # abolished category was not replaced, which "absorbed by" alone would hide
            now_in = [c for c in gone["absorbed_by"] if any(e["id"] == c for e in after)]
            abolished.append({**entry, "absorbed_by": gone["absorbed_by"],
                              "absorbed_by_labels": [words.category(c) for c in gone["absorbed_by"]],
                              "now_in": now_in})
    flips = _clause_flips(old_verdicts, verdicts, old_policy.outline, new_policy.outline, words)
    # A member-level clause of a category its member neither had nor has explains no change: a child
    # turning 18 flips tekun's `no_labour_capacity` for every member who was never tekun.
    held = {(e["id"], e["member"]) for e in (*before, *after)}
    flips = [f for f in flips if f["member"] is None or (f["category"], f["member"]) in held]
    lost = [e for e in before if e not in after]
    return Alert(
        _kind(previous_status or "", status), household, date, previous_date,
        policy=new_policy.version, previous_policy=old_policy.version, before=before, after=after,
        values=_value_changes(old_decision.get("values", {}), decision.get("values", {}), words),
        clauses=flips, abolished=abolished,
        failing=_failing(lost, verdicts, flips, new_policy.outline, words))


def application_alerts(register: Register, today: datetime.date, within_days: int = 7,
                       supplement: Supplement = NO_SUPPLEMENT) -> list[Alert]:
    """Undecided applications past their due date (`overdue`) or due within `within_days` (`due_soon`)."""
    try:
        horizon = today + datetime.timedelta(days=within_days - 1)
    except OverflowError:  # past year 9999: every undecided application is due by then
        horizon = datetime.date.max
    alerts = []
    for household, applied, special, working_days, due in register.undecided(horizon.isoformat()):
        due_day = datetime.date.fromisoformat(due)
        try:
            left: int | None = working_days_between(today, due_day, supplement)
        except CalendarNotCovered:
            left = None
        kind = "overdue" if due_day < today else "due_soon"
        alerts.append(Alert(kind, household, application={
            "applied": applied, "due": due, "special": bool(special), "working_days": working_days,
            "working_days_left": left, "calendar_days_left": (due_day - today).days}))
    return sorted(alerts, key=lambda a: (KINDS.index(a.kind), a.application["due"] if a.application else "",
                                         a.household))
