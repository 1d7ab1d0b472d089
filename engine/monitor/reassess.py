"""The whole register under a new policy version: `policy monitor reassess`.

Input: an open `Register`, the new `Policy`, and either one reassessment date
for every household or none (then each household is judged on the later of its
latest snapshot's date and the day the new policy comes into force).
Output: a `Reassessment` — how many households were reassessed, recorded, or
refused (with located problems) — and the id of the batch it recorded, from
which `engine.monitor.alerts` reads the alerts of the switch; once committed,
that id is its number, in the series of the ingests' (`void --ingest NUMBER`).
Invariants: only each household's latest snapshot is reassessed, with the
household JSON recorded there; the new snapshots land in one transaction (or,
with `dry_run`, are rolled back after the alerts are read); a date before a
household's latest snapshot is refused for that household, since the new
snapshot would not be its latest. The days decided outside the policy's window
(`what_if`) and after today (`after_today`) are counted before anything is
committed, and `accept` may refuse the whole run on them: such snapshots are
kept for good (voided, they stay in the register, struck out).
"""

from __future__ import annotations

import collections
import datetime
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.diagnostics import Diagnostic, Said, id_shown
from engine.model import Policy
from engine.monitor.alerts import Alert, change_alerts
from engine.monitor.ingest import decide
from engine.monitor.inputs import Record
from engine.monitor.policy_and_date import PolicyAndDateChoice
from engine.monitor.record_outcomes import Decided, Problem
from engine.monitor.register import Register
from engine.selection import what_if

CHUNK = 1000


@dataclass
class Reassessment:
    households: int = 0
    recorded: int = 0
    unchanged: int = 0  # identical to a snapshot already recorded
    bad: int = 0
    seconds: float = 0.0
    alerts: list[Alert] = field(default_factory=list)
    # households decided on days outside the policy's window, and on days after today, by date
    what_if: collections.Counter[str] = field(default_factory=collections.Counter)
    after_today: collections.Counter[str] = field(default_factory=collections.Counter)
    refused: bool = False  # `accept` refused the run: nothing was recorded
    # once recorded: its number, which `void --ingest NUMBER` takes (ingests share the series)
    number: int | None = None


class _DryRun(Exception):
    pass


def reassess(register: Register, policy: Policy, *, date: datetime.date | None, margin: float | None,
             lang: str, dry_run: bool = False, today: datetime.date | None = None,
             on_problem: Callable[[Problem], None] = lambda p: None,
             accept: Callable[[Reassessment], bool] = lambda r: True) -> Reassessment:
    """Re-evaluate every household's latest snapshot under `policy` (see the module docstring)."""
    result = Reassessment()
    today = today or datetime.date.today()
    start = time.perf_counter()
    try:
        with register.transaction():
            # what it read, as `engine.monitor.voids` reads it back
            batch = register.new_batch("reassess", f"{policy.file} ({policy.meta.version})")
            policy_row = register.policy_id(policy)
            writer = register.snapshot_writer(batch, CHUNK)
            for snapshot_id, household, recorded_date, _, household_json in list(register.latest()):
                result.households += 1
                outcome = _decide(snapshot_id, household, recorded_date, household_json, policy, date)
                if isinstance(outcome, Problem):
                    result.bad += 1
                    on_problem(outcome)
                    continue
                writer.add(outcome.row(policy_row))
                day = datetime.date.fromisoformat(outcome.date)
                if not policy.meta.in_force(day):
                    result.what_if[outcome.date] += 1
                if day > today:
                    result.after_today[outcome.date] += 1
            result.recorded = writer.close()
            result.unchanged = result.households - result.bad - result.recorded
            if not dry_run and not accept(result):
                result.refused = True
                raise _DryRun  # rolled back: nothing recorded
            register.finish_batch(batch, result.recorded, result.bad, result.unchanged)
            result.alerts = change_alerts(register, margin=margin, batch=batch, lang=lang)
            if dry_run:
                raise _DryRun
        result.number = batch
    except _DryRun:
        pass
    result.seconds = time.perf_counter() - start
    return result


REASSESSED_FROM = "snapshot #{id} of {household}"  # the `source` a reassessment records, kept in English
_REASSESSED_FROM = re.compile(r"snapshot #(\d+) of (.+)")


def made_from(source: str) -> int | None:
    """The snapshot a reassessment's snapshot was made from, by the `source` it records; None for a file's."""
    found = _REASSESSED_FROM.fullmatch(source)
    return int(found[1]) if found else None


def source_words(source: str, lang: str) -> str:
    """Where a snapshot came from, as a person reads it in the language: a reassessment's `snapshot #6 of DS-0006`
    is `DS-0006 的第 6 号快照`; a file is its path."""
    found = _REASSESSED_FROM.fullmatch(source)
    if found is None or lang != "zh":
        return source
    return f"{found[2]} 的第 {found[1]} 号快照"


def _decide(snapshot_id: int, household: str, recorded: str, household_json: bytes, policy: Policy,
            date: datetime.date | None) -> Decided | Problem:
    shown = id_shown(household)
    source = REASSESSED_FROM.format(id=snapshot_id, household=household)
    latest = datetime.date.fromisoformat(recorded)
    day = date if date is not None else max(latest, policy.meta.effective_from)
    if day < latest:
        return Problem(source, [Diagnostic.said(
            "H006", Said(f"household {shown}: its latest snapshot is dated {recorded}, after {day.isoformat()}",
                         f"家庭 {shown}：最近一次快照的日期是 {recorded}，晚于 {day.isoformat()}"),
            None, help=Said("reassess on a date on or after the latest snapshots (`--date`), or leave --date out",
                            "请用 --date 给出不早于最近快照的日期重新评估，或不写 --date"),
            source_file=source)])
    choice = PolicyAndDateChoice((policy,), policy, "", day, day)
    return decide(Record(source, bytes(household_json)), choice)


def not_in_force(policy: Policy, date: datetime.date | None) -> Said | None:
    """A note when the chosen date lies outside the policy's window (a what-if reassessment)."""
    if date is not None and not policy.meta.in_force(date):
        return what_if(policy, [date])
    return None
