"""Households that leave the register — moved to another township, died: `policy monitor leave`.

Input: an open `Register`, a household id, the day it left, the reason and who records it.
Output: a `Departed` — the day, and the household's undecided application, whose deadline ends with it — or a
`DepartureError` that says, in both languages, why nothing was recorded.
Invariants: a departure is a fact recorded beside the household's history (`departures`), never changed or
deleted; it counts while no snapshot of the household is dated after it: alerts (change, near and deadline alerts)
and reassessments leave the household out, and an export it is missing from does not count it as missing. A record
of the household dated after it, ingested, brings the household back, as the data says it is there again. A
departure is dated on or after the household's latest snapshot, which says it was still in the data that day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from engine.diagnostics import Said
from engine.monitor.register import Register


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


def record_departure(register: Register, household: str, date: datetime.date, reason: str,
                     recorded_by: str) -> Departed:
    """Record that the household left the register on `date` (see the module docstring)."""
    day = date.isoformat()
    with register.transaction():
        in_force = [d for d in register.departures(household) if d["in_force"]]
        if in_force:
            left = in_force[-1]
            raise DepartureError(Said(f"household {household} left the register on {left['date']} already "
                                      f"(reason: {left['reason']})",
                                      f"家庭 {household} 已于 {left['date']} 离开台账（原因：{left['reason']}）"),
                                 help=Said("nothing is left to do for it; a record of it dated after that day, "
                                           "ingested, brings it back",
                                           "无需再记录；导入它在那一天之后的记录，它就回到台账中"))
        latest = register.latest_date(household)
        if latest is not None and latest > day:
            raise DepartureError(Said(f"household {household} has a snapshot dated {latest}, after {day}: it was "
                                      "still in the register's data then",
                                      f"家庭 {household} 有日期为 {latest} 的快照，晚于 {day}：那时它还在台账的数据中"),
                                 help=Said(f"give the day it left, on or after {latest}, with --date",
                                           f"请用 --date 给出它离开的日期，不早于 {latest}"))
        register.add_departure(household, day, reason, recorded_by)
        pending = register.open_application(household)
    return Departed(household, day, pending[1] if pending else None)
