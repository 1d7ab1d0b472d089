"""Households that leave the register — moved to another township, died: `policy monitor leave`.

Input: an open `Register`, a household id, the day it left, the reason and who records it.
Output: a `Departed` — the day, and the household's undecided application, whose deadline ends with it (or, for a
departure withdrawn, counts again) — or a `DepartureError` that says, in both languages, why nothing was recorded.
Invariants: a departure is a fact recorded beside the household's history (`departures`), never changed or
deleted; it counts while no snapshot of the household is dated after it: alerts (change, near and deadline alerts)
and reassessments leave the household out, and an export it is missing from does not count it as missing. A record
of the household dated after it, ingested, brings the household back, as the data says it is there again. A
departure is dated on or after the household's latest snapshot, which says it was still in the data that day. One
recorded by mistake (the wrong household) is withdrawn by a row beside it (`departure_voids`), never deleted: from
then on it counts nowhere, and the household's alerts and deadlines are as they were before it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from engine.diagnostics import Said, id_shown, shell_word
from engine.monitor.register import Register
from engine.monitor.voids import local_time


class DepartureError(Exception):
    """No departure can be recorded as asked, worded in both languages."""

    def __init__(self, message: Said, help: Said | None = None):
        self.said, self.help = message, help
        super().__init__(message.en)


@dataclass(frozen=True)
class Departed:
    household: str
    date: str
    application: str | None  # the date of its undecided application, whose deadline no alert counts any more
    in_force: bool = True  # withdrawn: the departure counted until then (no later record had brought it back)


def record_departure(register: Register, household: str, date: datetime.date, reason: str,
                     recorded_by: str) -> Departed:
    """Record that the household left the register on `date` (see the module docstring)."""
    shown = id_shown(household)
    day = date.isoformat()
    with register.transaction():
        in_force = [d for d in register.departures(household) if d["in_force"]]
        if in_force:
            left = in_force[-1]
            raise DepartureError(Said(f"household {shown} left the register on {left['date']} already "
                                      f"(reason: {left['reason']})",
                                      f"家庭 {shown} 已于 {left['date']} 离开台账（原因：{left['reason']}）"),
                                 help=Said("nothing is left to do for it; a record of it dated after that day, "
                                           "ingested, brings it back",
                                           "无需再记录；导入它在那一天之后的记录，它就回到台账中"))
        latest = register.latest_date(household)
        if latest is not None and latest > day:
            raise DepartureError(Said(f"household {shown} has a snapshot dated {latest}, after {day}: it was "
                                      "still in the register's data then",
                                      f"家庭 {shown} 有日期为 {latest} 的快照，晚于 {day}：那时它还在台账的数据中"),
                                 help=Said(f"give the day it left, on or after {latest}, with --date",
                                           f"请用 --date 给出它离开的日期，不早于 {latest}"))
        register.add_departure(household, day, reason, recorded_by)
        pending = register.open_application(household)
    return Departed(household, day, pending[1] if pending else None)


def withdraw_departure(register: Register, household: str, date: datetime.date, reason: str,
                       withdrawn_by: str) -> Departed:
    """Withdraw the household's departure of `date`, recorded by mistake (see the module docstring)."""
    shown = id_shown(household)
    day = date.isoformat()
    with register.transaction():
        every = register.departures(household)
        recorded = [d for d in every if d["date"] == day]
        if not recorded:
            dates = [d["date"] + (" (withdrawn)" if d["withdrawn"] else "") for d in every]
            dates_zh = [d["date"] + ("（已撤销）" if d["withdrawn"] else "") for d in every]
            raise DepartureError(Said(f"household {shown} has no departure of {day} to withdraw",
                                      f"家庭 {shown} 没有 {day} 的离开记录可撤销"),
                                 help=Said(f"its departures recorded are of {', '.join(dates)}",
                                           f"它记录的离开日期是 {'、'.join(dates_zh)}") if dates else
                                 Said(f"it has no departure recorded: check the id; `policy monitor show "
                                      f"{shell_word(household)}` lists its history",
                                      f"它没有离开记录：请核对编号；`policy monitor show {shell_word(household)}` "
                                      "可列出它的历史"))
        live = [d for d in recorded if not d["withdrawn"]]
        if not live:
            done = recorded[-1]["withdrawn"]
            raise DepartureError(Said(f"the departure of household {shown} of {day} is withdrawn already: on "
                                      f"{local_time(done['at'])} by {done['by']}, because “{done['reason']}”",
                                      f"家庭 {shown} 在 {day} 的离开记录已经撤销：{local_time(done['at'])} 由 "
                                      f"{done['by']} 撤销，原因是“{done['reason']}”"),
                                 help=Said("nothing is left to do for it", "无需再撤销"))
        register.withdraw_departures(household, day, reason, withdrawn_by)
        pending = register.open_application(household)
    return Departed(household, day, pending[1] if pending else None, any(d["in_force"] for d in live))
