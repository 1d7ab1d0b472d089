"""What a record comes to: a snapshot waiting to be written (`Decided`), or a bad record (`Problem`).

Input: made by `engine.monitor.ingest.decide` (and, for a clash, `engine.monitor.one_record_per_date`).
Output: `Decided.row`, the register's `SnapshotRow`; a `Problem`'s located diagnostics, reported by the caller
(`Problem.shown`: each said of the household, where its id could be read).
Invariants: a `Decided` keeps the household JSON as given (or, for CSV tables, as built from the cells), so the
decision can be replayed; a `Problem` is never recorded, and one of H007 carries the snapshot it clashes with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from engine.diagnostics import Diagnostic, Said, Span, of_household
from engine.monitor.register import SameDay, SnapshotRow
from engine.monitor.snapshot import Facts


@dataclass(frozen=True)
class Decided:
    """A record that became a snapshot, waiting to be written."""

    source: str
    household: str
    date: str
    policy: int  # index in `PolicyAndDateChoice.candidates()`
    raw: bytes
    facts: Facts
    undated: bool = False  # dated today for want of a `date` (and of --date)
    own_date: str | None = None  # the record's own `date`, where --date dated it otherwise
    # each doubt about it (`engine.doubts`: a line given twice, a head of household, a figure): its kind, what it
    # says on one line, its code and its help (the policy's hint for a figure out of its range)
    doubted: tuple[tuple[str, Said, str, Said, Span | None], ...] = ()  # …, and where it is in the record's text

    def row(self, policy_row: int) -> SnapshotRow:
        f = self.facts
        return SnapshotRow(self.household, self.date, self.source, policy_row, f.status, f.near_gap, self.raw,
                           f.decision, f.verdicts, f.near, f.sides)


class Warned(NamedTuple):
    """A warning about a snapshot recorded, at its place: with the code and help of a doubt about its data."""

    source: str
    said: Said
    code: str | None = None
    help: Said | None = None
    span: Span | None = None  # the doubted value in the record's JSON text, when it has one


@dataclass(frozen=True)
class Problem:
    source: str
    diagnostics: list[Diagnostic]
    clash: SameDay | None = None  # for H007: the snapshot of the household and date already recorded
    date: str = ""  # for H007: that date
    household: str | None = None  # the id its findings are said of, where they do not name it themselves
    # CSV tables: the cells read under a header `--rename-column` renamed, by JSON path (indices left out), each with
    # the file's own header (`engine.batch.readers.Record.headers`), to name a column as the file does
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def shown(self) -> list[Diagnostic]:
        """The findings as reported: each said of the household (the id the desk works with), where it is known."""
        if self.household is None:
            return self.diagnostics
        return [of_household(self.household, d) for d in self.diagnostics]
