"""What one ingest of a file did, counted and said: `IngestReport`, and `Clash` for an export of a date ingested twice.

Input: filled in by `engine.monitor.ingest.ingest_file` as it records a file.
Output: the figures of the file (records, recorded, already recorded, bad, warnings …), the notes of CSV tables'
columns, why nothing was recorded (`rolled_back`), and the clashes with an earlier ingest said once.
Invariants: `records` = `recorded` + `duplicates` + `bad`; a file rolled back counts nothing as recorded, and
no warning of it; a clash is said once only when most of a file's records clash with one earlier ingest — fewer
are each said as any bad record is.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from engine.diagnostics import Said
from engine.values import listed


@dataclass
class IngestReport:
    source: str
    ingest: int | None = None  # its number in the register (`void --ingest NUMBER`), once recorded
    records: int = 0
    recorded: int = 0
    duplicates: int = 0
    bad: int = 0
    warnings: int = 0  # warnings of snapshots recorded (dated after today; a line given twice; a doubt)
    older: int = 0  # snapshots dated before their household's latest one
    undated: int = 0  # snapshots dated today, their record having no `date` (and no --date given)
    new: int = 0  # households new to the register: no snapshot or application of theirs before
    # snapshots the policy chosen (--policy) decided outside its window, by date
    what_if: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: float = 0.0
    notes: list[tuple[str, Said]] = field(default_factory=list)  # (note | warning, what) of CSV tables' columns
    rolled_back: Said | None = None  # why nothing of the file was recorded
    refused: int = 0  # what-ifs not recorded, unconfirmed: the file rolled back (by date in `what_if`)
    clashes: list[Clash] = field(default_factory=list)  # most records clash with an earlier ingest: said once
    # snapshots --date dated otherwise than their records' own `date`: each such date → the households, warned of
    # once for the file, or for the files of a run together
    carried: dict[str, list[str]] = field(default_factory=dict)
    # each household of the file recorded (or found recorded already) → the latest date of its records: what the
    # export holds, for the households of the register it misses (of a run, its files' together)
    exported: dict[str, str] = field(default_factory=dict)

    def include(self, other: IngestReport) -> None:
        """Add another file's figures to these (a run over several files)."""
        for name in ("records", "recorded", "duplicates", "bad", "warnings", "older", "undated", "new", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.what_if.update(other.what_if)
        for date, households in other.carried.items():
            self.carried.setdefault(date, []).extend(households)
        for household, date in other.exported.items():
            self.exported[household] = max(date, self.exported.get(household, ""))


@dataclass
class Clash:
    """Most records of a file clash (H007) with the snapshots of one earlier ingest of the same dates: another
    export of those dates, ingested already — said once, with the first few records' errors."""

    source: str  # what that ingest read
    recorded_at: str  # when, with its offset
    dates: list[str]
    records: int  # of this file
    clashing: int
    shown: int

    def said(self) -> Said:
        from engine.household_input import first_names
        from engine.monitor.voids import local_time

        at, dates = local_time(self.recorded_at), first_names(self.dates)
        return Said(f"{self.clashing:,} of its {self.records:,} records clash with the snapshots of {self.source} "
                    f"ingested on {at} for the same date ({dates}): another export of this date was ingested "
                    f"already; none of them is recorded (the first {self.shown} are shown above)",
                    f"{self.records:,} 条记录中有 {self.clashing:,} 条与 {at} 导入的 {self.source} 中同一日期"
                    f"（{first_names(self.dates, 'zh')}）的快照冲突：这一日期的另一份导出已经导入过；这些记录都未记入"
                    f"（上面只列出了前 {self.shown} 条）")

    def help(self) -> Said:
        return Said(f"check which export of this date is the right one: a household has one record per date, so "
                    f"these records go in only on a date of their own, or once the snapshots of {self.source} "
                    "are voided",
                    f"请核对这一日期哪一份导出是对的：一户家庭每个日期只有一条记录，这些记录要另给日期，"
                    f"或先作废 {self.source} 的快照，才能记入")


def ingests_said(numbers: list[int]) -> Said:
    """The ingests of a run, by the numbers `void --ingest` takes, runs of them joined: `ingests #7–#9 and #11`
    (`导入 #7–#9、#11`); another terminal's ingest, or a reassessment, may have taken a number between two."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    en = [f"#{r[0]}" if len(r) == 1 else f"#{r[0]}–#{r[-1]}" for r in runs]
    return Said(f"ingest{'' if len(numbers) == 1 else 's'} {listed(en, 'en')}", f"导入 {listed(en, 'zh')}")


SHOWN_CLASHES = 3  # a file's H007 errors against one earlier ingest shown one by one before they are said at once
