"""Snapshots recorded by mistake: `policy monitor void`.

Input: an open `Register`, a household id, the date of its snapshot recorded by
mistake (and, when that date has several, the one meant), the reason and who
voids it.
Output: a `Voided` — the snapshots voided and the household's latest snapshot
now — or a `VoidError` that says, in both languages, why nothing was voided.
Invariants: a void is a fact recorded beside the snapshot (`voids`), never a
change to it and never undone; the snapshot stays in the history, where `show`
strikes it out with its reason, and is no longer one the register goes by:
alerts, reassessments, `show`'s latest snapshot and ingest's one record per date
leave it out, the household's `latest` row being refreshed in the same
transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from engine.diagnostics import Said
from engine.household_input import first_names
from engine.monitor.register import Register


class VoidError(Exception):
    """Nothing can be voided as asked, worded in both languages."""

    def __init__(self, message: Said, help: Said | None = None):
        self.said, self.help = message, help
        super().__init__(message.en)


@dataclass(frozen=True)
class Voided:
    household: str
    date: str
    snapshots: list[int]
    latest: tuple[int, str] | None  # (id, date) of the household's latest snapshot now; None when none counts


def when(void: dict[str, Any]) -> str:
    """The moment a void was recorded, as a person reads it, in the local time of whoever reads it: `2026-03-05
    14:02`. It is stored with its offset (`2026-03-05T06:02:11+00:00`), whatever the zone of the machine that voided
    it, so that the same moment reads as the same local time as "today" does."""
    return local_time(str(void["at"]))


def local_time(at: str) -> str:
    """A moment stored with its offset (`2026-03-05T06:02:11+00:00`), in the local time of whoever reads it."""
    try:
        moment = datetime.datetime.fromisoformat(at)
    except ValueError:  # not a moment: shown as stored
        return at[:16].replace("T", " ")
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def void_snapshots(register: Register, household: str, date: datetime.date, reason: str, voided_by: str,
                   snapshot: int | None = None) -> Voided:
    """Void the household's snapshots dated `date` (only `snapshot`, when given) that are not voided already."""
    day = date.isoformat()
    with register.transaction():
        history = register.history(household)
        on_day = [h for h in history if h["date"] == day]
        if not on_day:
            dates = sorted({h["date"] for h in history}, reverse=True)  # the latest first
            raise VoidError(Said(f"household {household} has no snapshot dated {day}",
                                 f"家庭 {household} 没有日期为 {day} 的快照"),
                            help=Said(f"its snapshots are dated {first_names(dates)}; `policy monitor show "
                                      f"{household}` lists them",
                                      f"它的快照日期为 {first_names(dates, 'zh')}；"
                                      f"`policy monitor show {household}` 会列出它们"))
        if snapshot is not None:
            chosen = [h for h in on_day if h["id"] == snapshot]
            if not chosen:
                ids = ", ".join(f"#{h['id']}" for h in on_day)
                raise VoidError(Said(f"snapshot #{snapshot} is not one of household {household} dated {day}",
                                     f"第 {snapshot} 号快照不是家庭 {household} 在 {day} 的快照"),
                                help=Said(f"its snapshots of that day: {ids}", f"它在这一天的快照：{ids}"))
            on_day = chosen
        live = [h for h in on_day if h["void"] is None]
        if not live:
            ids = ", ".join(f"#{h['id']}" for h in on_day)
            void = on_day[-1]["void"]
            raise VoidError(Said(f"the snapshot of household {household} dated {day} ({ids}) is voided already: "
                                 f"on {when(void)} by {void['by']}, because “{void['reason']}”",
                                 f"家庭 {household} 在 {day} 的快照（{ids}）已经作废：{when(void)} 由 {void['by']} "
                                 f"作废，原因是“{void['reason']}”"))
        register.add_voids([h["id"] for h in live], reason, voided_by)
        register.refresh_latest([household])
        latest = register.latest_of(household)
    return Voided(household, day, [h["id"] for h in live], latest)
