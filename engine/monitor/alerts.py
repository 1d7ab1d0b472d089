"""The register → what the assistance desk must act on.

Input: an open `Register`, a margin, an optional `since` date (or a batch), a
language, and for applications a `today`. Output: `Alert`s, in a fixed order
(kind, then household):
* `start` — the household had no category at its previous snapshot and has one now
  (tell it of the assistance and help it apply: its next step is the command that records the application, or the
  undecided application it has);
* `exit` — it had one and has none now (stop assistance; it stays in the register, whose alerts follow its data);
* `move` — its categories changed (household or member level); a start, exit or move
  whose snapshot (either) was decided as a what-if says so, as the change may be the rules';
* `near` — at its latest snapshot it is within the margin of a line that would give
  it a category it does not have (see `engine.monitor.thresholds`): a line of the
  policy that decided that snapshot, named in the alert, and said to be a what-if
  when that policy is not in force on the snapshot's date; when it is, but no longer on `--today`, the alert
  says what the policy in force then abolished of its categories, and that `reassess` is due;
* a start, exit, move or near alert whose latest snapshot is dated after today (most
  often a year typed wrong, 2062 for 2026) says so, as ingest warned of it, with the
  command that voids it;
* `overdue` / `due_soon` — an undecided application past its due date, or due
  within the coming days.
Every change alert carries its explanation (worded by `engine.monitor.reasons`):
the amounts of assistance that changed (the measures each decision granted, compared by measure and member),
which values moved (the decision values of the two snapshots compared, without
those that are the same for every household) and which clauses flipped (the
clause verdicts recorded with each decision compared, clause by clause, under
the labels of the policy that made the newer decision, with what a comparison
compared on each side; a member's clause of a category that member had neither
before nor has now explains nothing and is left out). A change across two
policy versions carries a `Switch`: the values that changed for every
household, to be said once for the whole list.
Invariants: candidates are found by set-based SQL over the covering index; only
they are read in full; a household with a single snapshot raises no change
alert (there is nothing to compare); nothing is written.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from engine.diagnostics import shell_word
from engine.monitor.members import Cast, process_citation
from engine.monitor.reasons import (
    Judged,
    Words,
    abolished,
    assistance_changes,
    clause_flips,
    household_value_changes,
    kept_out,
    label,
    policy_value_changes,
    preempted,
    standing,
)
from engine.monitor.register import PolicyRecord, Register
from engine.monitor.superseded import InForce
from engine.monitor.workdays import (
    NO_SUPPLEMENT,
    CalendarNotCovered,
    Supplement,
    recounted_due,
    working_days_between,
    working_days_late,
)

KINDS = ("start", "exit", "move", "near", "overdue", "due_soon")


@dataclass(frozen=True)
class Switch:
    """Two policy versions, and the values that changed between them for every household alike."""

    previous_policy: str
    policy: str
    values: tuple[dict[str, Any], ...]  # {name, label, before, after}
    shares: frozenset[str] = frozenset()  # the names among them written as percentages, for people's outputs
    # the unit each of them is said in, as the policies write it (`month`: the register's yearly figure a month)
    units: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"previous_policy": self.previous_policy, "policy": self.policy, "values": list(self.values)}


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
    # the measures whose amount changed: {id, member, label, before, after, per[, previous_per]}
    assistance: list[dict[str, Any]] = field(default_factory=list)
    clauses: list[dict[str, Any]] = field(default_factory=list)  # {category, member, clause, label, before, after}
    abolished: list[dict[str, Any]] = field(default_factory=list)  # categories the newer policy no longer has,
    # each with what absorbs it and `now_in`, the absorbing categories the household is in now
    failing: list[dict[str, Any]] = field(default_factory=list)  # clauses that now fail in a category lost
    holding: list[dict[str, Any]] = field(default_factory=list)  # clauses that now hold in a category gained
    preempted: list[dict[str, Any]] = field(default_factory=list)  # categories lost to one earlier in their group
    members: list[dict[str, Any]] = field(default_factory=list)  # members who left, joined or came of age
    # ({member, change, member_description?, age?, date?}; see engine.monitor.members)
    near: list[dict[str, Any]] = field(default_factory=list)
    application: dict[str, Any] | None = None
    # a start alert's next step (seed 二、4, 二、3): the household's undecided application ({open_application:
    # {applied, due}}), else the command that records its application ({apply, source?, cited?})
    next_step: dict[str, Any] | None = None
    switch: Switch | None = None  # the change of policy version between the two snapshots, said once per list
    # a near alert's lines are those of `policy`; `what_if`: a policy not in force on `date` (`window`), chosen
    # with --policy, whose snapshot is the latest, alone on its date; for a change alert, `what_if` and
    # `previous_what_if` say which of its two snapshots was so decided (`previous_window`: that policy's)
    what_if: bool = False
    window: str | None = None
    previous_what_if: bool = False
    previous_window: str | None = None
    # today, when `date` is after it: most often a year typed wrong, which the alert is acted on without seeing
    after_today: str | None = None
    # a near alert whose lines are of a policy in force on `date` but not on --today: the policy in force then, and
    # the categories of the alert it abolished (see engine.monitor.superseded); `window` is then the older policy's
    superseded: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "household": self.household}
        for key in ("date", "previous_date", "policy", "previous_policy"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.kind in ("start", "exit", "move"):
            out.update(before=self.before, after=self.after, values=self.values, assistance=self.assistance,
                       clauses=self.clauses)
            if self.abolished:
                out["abolished"] = self.abolished
            if self.failing:
                out["failing"] = self.failing
            if self.holding:
                out["holding"] = self.holding
            if self.preempted:
                out["preempted"] = self.preempted
            if self.members:
                out["members"] = self.members
            if self.what_if or self.previous_what_if:  # a change of rules as much as of the household
                out.update(what_if=self.what_if, previous_what_if=self.previous_what_if)
        if self.kind == "near":
            out.update(categories=self.after, near=self.near, what_if=self.what_if)
            if self.superseded is not None:
                out["superseded"] = self.superseded
        if self.after_today is not None:
            out["after_today"] = True
        if self.application is not None:
            out["application"] = self.application
        if self.next_step is not None:
            out["next_step"] = self.next_step
        return out


def change_kind(before: str, after: str) -> str:
    """The alert a change of status raises: `start` (none before), `exit` (none now) or `move`."""
    if not before:
        return "start"
    if not after:
        return "exit"
    return "move"


def _near(entries: list[dict[str, Any]], margin: float, words: Words, outline: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        if e["gap"] > margin:
            continue
        clauses = dict((c[0], c[1]) for c in outline["categories"].get(e["category"], {}).get("clauses", []))
        out.append({**e, "category_label": words.category(e["category"]),
                    "clause_label": label(clauses.get(e["clause"]), words.lang, e["clause"]),
                    "label": words.value(e["name"])})
    return out


def change_alerts(register: Register, *, margin: float | None, since: datetime.date | None = None,
                  batch: int | None = None, lang: str = "zh", today: datetime.date | None = None,
                  policy_day: datetime.date | None = None, policy_dir: Path | None = None) -> list[Alert]:
    """Start, exit, move and near alerts (see the module docstring); `today`: the machine's, unless given.
    `policy_day` (`alerts --today`): a near alert whose policy is no longer in force on it says what the policy in
    force then (found in `policy_dir`, else among the register's versions) abolished, and that `reassess` is due."""
    today_text = (today or datetime.date.today()).isoformat()
    rows = register.changes(since.isoformat() if since else None, margin, batch)
    wanted = {r[1] for r in rows} | {r[5] for r in rows if r[5] is not None and r[3] != r[7]}
    details = register.details(wanted)
    vocabulary: dict[tuple[int, ...], Words] = {}
    cast = Cast(register, lang)
    switches: dict[tuple[int, int], Switch] = {}
    in_force = InForce(register, cast, policy_day, policy_dir) if policy_day is not None else None

    def words_for(*records: PolicyRecord) -> Words:
        key = tuple(r.id for r in records)
        if key not in vocabulary:
            vocabulary[key] = Words(lang, *(r.outline for r in records))
        return vocabulary[key]

    def judged(snapshot: int) -> Judged:
        policy_row, decision, verdicts, _, sides = details[snapshot]
        made = orjson.loads(decision)
        return Judged(register.policy(policy_row), made.get("values", {}), orjson.loads(verdicts), sides,
                      tuple(made.get("assistance") or ()))
    alerts: list[Alert] = []
    for household, latest, date, status, near_gap, previous, previous_date, previous_status in rows:
        policy_row, _, _, near, _ = details[latest]
        new_policy = register.policy(policy_row)
        after_today = today_text if date > today_text else None
        if previous is not None and status != previous_status:
            new, old = judged(latest), judged(previous)
            words = words_for(new.policy, old.policy)
            switch = None
            if old.policy.id != new.policy.id:
                pair = (old.policy.id, new.policy.id)
                if pair not in switches:
                    switches[pair] = Switch(*_told_apart(old.policy, new.policy),
                                            tuple(policy_value_changes(old, new, words)),
                                            cast.shares(old.policy) | cast.shares(new.policy),
                                            cast.units(old.policy, new.policy))
                switch = switches[pair]
            change = _change(household, date, previous_date, status, previous_status, new, old, words, switch,
                             after_today)
            if change.kind == "start":
                change = dataclasses.replace(change, next_step=_next_step(register, cast, household, new.policy))
            alerts.append(cast.explain(change, latest, previous, new.policy, old.policy))
        if margin is not None and near_gap is not None and near_gap <= margin and near is not None:
            words = words_for(new_policy)
            entries = [cast.cite(e, new_policy) for e in _near(orjson.loads(near), margin, words, new_policy.outline)]
            if entries:
                what_if = not new_policy.in_force(date)  # its lines are not those in force on its date
                superseded = None
                if in_force is not None and not what_if and date < in_force.day.isoformat() \
                        and not new_policy.in_force(in_force.day.isoformat()):  # a switch of policy since
                    superseded = in_force.superseded([e["category"] for e in entries])
                alerts.append(Alert("near", household, date, policy=new_policy.version, near=entries,
                                    after=words.entries(status), what_if=what_if,
                                    window=new_policy.window() if what_if or superseded else None,
                                    after_today=after_today, superseded=superseded))
    return sorted(alerts, key=lambda a: (KINDS.index(a.kind), a.household))


def _next_step(register: Register, cast: Cast, household: str, policy: PolicyRecord) -> dict[str, Any]:
    """What follows a start, as the seed has it: the household is told of the assistance and helped to apply (二、4),
    and its application is reviewed within the policy's limit (二、3) — so the command that records it and starts
    that deadline, cited as the policy's `process` section cites it; or, where it applied already, that application."""
    applied = register.open_application(household)
    if applied is not None:
        return {"open_application": {"applied": applied[1], "due": applied[2]}}
    loaded = cast.policy(policy)
    return {"apply": f"policy monitor apply {shell_word(household)} --date …",
            **(process_citation(loaded, cast.lang) if loaded is not None else {})}


def _told_apart(old: PolicyRecord, new: PolicyRecord) -> tuple[str, str]:
    """Two policy versions as a switch names them: by version, and by sha256 too when they share a version name (a
    file edited without a new name, recorded before such edits were refused)."""
    if old.version != new.version:
        return old.version, new.version
    return f"{old.version} (sha256 {old.sha256[:12]}…)", f"{new.version} (sha256 {new.sha256[:12]}…)"


def _change(household: str, date: str, previous_date: str | None, status: str, previous_status: str | None,
            new: Judged, old: Judged, words: Words, switch: Switch | None, after_today: str | None) -> Alert:
    before, after = words.entries(previous_status or ""), words.entries(status)
    flips = clause_flips(old, new, words)
    # A clause of a category the household (a member's: that member) neither had nor has explains no change: a
    # child turning 18 flips tekun's `no_labour_capacity` for every member who was never tekun, and a fall in income
    # lets dibao_marginal's income clause hold where dibao comes first and applies.
    held = {(e["id"], e["member"]) for e in (*before, *after)}
    flips = [f for f in flips if (f["category"], f["member"]) in held]
    lost, gained = [e for e in before if e not in after], [e for e in after if e not in before]
    gone = abolished(before, after, new, words)
    # a household in none of the categories absorbing one abolished is told what keeps it out of each, as a
    # category lost is (one it had before is said as lost)
    said = {(e["id"], e["member"]) for e in lost}
    absorbing = [e for e in kept_out(gone, new, words) if (e["id"], e["member"]) not in said]
    return Alert(
        change_kind(previous_status or "", status), household, date, previous_date,
        policy=new.policy.version, previous_policy=old.policy.version, before=before, after=after,
        values=household_value_changes(old, new, words), assistance=assistance_changes(old, new), clauses=flips,
        abolished=gone,
        failing=standing([*lost, *absorbing], new, flips, words, holds=False),
        holding=standing(gained, new, flips, words, holds=True),
        preempted=preempted(lost, after, new, words), switch=switch,
        # a snapshot decided by a policy not in force on its date (a what-if): the change may be the rules'
        what_if=not new.policy.in_force(date), window=new.policy.window(),
        previous_what_if=previous_date is not None and not old.policy.in_force(previous_date),
        previous_window=old.policy.window(), after_today=after_today)


# how much earlier than recorded a due date counted on a year's weekdays may fall once its calendar is known: the
# weekend days worked in exchange that come before a holiday (two or three a year); the rest only make it later
RECOUNTED = 14


def _later(day: datetime.date, days: int) -> datetime.date:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:  # past year 9999: every undecided application is due by then
        return datetime.date.max


def application_alerts(register: Register, today: datetime.date, within_days: int = 7,
                       supplement: Supplement = NO_SUPPLEMENT, lang: str = "zh") -> list[Alert]:
    """Undecided applications past their due date (`overdue`) or due within `within_days` (`due_soon`): on or before
    `today` plus that many days, so that a weekly check (7) lists what falls due by the next one; each with the
    article its limit comes from (the `process` section of the policy that counted it)."""
    horizon, wider = _later(today, within_days), _later(today, within_days + RECOUNTED)
    alerts = []
    cast = Cast(register, lang)
    cited: dict[int, dict[str, str]] = {}
    for household, applied, special, working_days, recorded_due, policy_row in register.undecided(wider.isoformat()):
        due_day = recounted_due(applied, working_days, recorded_due, supplement)
        if due_day > horizon:
            continue
        due = due_day.isoformat()
        try:  # past it: by the working days it is late, none on the days off right after it
            left: int | None = (-working_days_late(due_day, today, supplement) if due_day < today
                                else working_days_between(today, due_day, supplement))
        except CalendarNotCovered:
            left = None
        kind = "overdue" if due_day < today else "due_soon"
        if policy_row not in cited:
            policy = cast.policy(register.policy(policy_row))
            cited[policy_row] = process_citation(policy, lang) if policy is not None else {}
        alerts.append(Alert(kind, household, application={
            "applied": applied, "due": due, "special": bool(special), "working_days": working_days,
            "working_days_left": left, "calendar_days_left": (due_day - today).days, **cited[policy_row]}))
    return sorted(alerts, key=lambda a: (KINDS.index(a.kind), a.application["due"] if a.application else "",
                                         a.household))
