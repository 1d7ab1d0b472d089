"""The households of an impact run warned of for their data (H009 to H013), counted by kind, the first few kept.

Input: each household evaluated with a warning, in input order (`WarnedHousehold`: its id, its record and its
warnings, as `engine.diff.impact.Record.warnings` places them). Output: `Warned` — how many households and
warnings, the households of each kind (`engine.doubts.KINDS`: a line given twice, an expense line of no member,
the head of household, a figure out of its range; a code of no kind counts as its own kind), and the first
`FIRST` households of each kind with their warnings, for the report.
Invariant: what is kept does not grow with the run — a county of a million households warned of keeps its counts
and at most `FIRST` households a kind; every warning goes to whoever the run hands it to as it is found
(`policy diff --warnings FILE`), never into memory to be printed later.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from engine.diagnostics import Diagnostic, record_entry
from engine.doubts import ESCAPED, KINDS, SAID
from engine.household import ReadFrom

FIRST = 5  # the households listed of each kind


@dataclass(frozen=True)
class WarnedHousehold:
    """One household evaluated with warnings about its data: its id, its record (`source`) and the warnings, in the
    order of its text; the line `source` names (`households.csv:5`), None where it names none (`Record.row`); and
    the line of that file the record starts on (`Record.starts_on`: the errors file's `line`); the form its texts
    were read from (`Record.read_from`), which tells how a control character came into one (H016)."""

    household: str
    source: str
    warnings: tuple[Diagnostic, ...]
    row: int | None = None
    line: int | None = None
    read_from: ReadFrom = "json"

    @property
    def kinds(self) -> list[str]:
        """The kinds of its warnings, each once, in the order first met."""
        return list(dict.fromkeys(kind_of(d.code) for d in self.warnings))

    def to_json(self, chinese: bool = True) -> dict[str, Any]:
        """The household as a line of the warnings file: a line of `policy batch`'s errors file (`record_entry`), its
        `line` the record's, each warning with its `file`, `line` and `column` as that file gives them; `chinese`:
        the warnings' words in Chinese too, as the file gives them."""
        return record_entry(self.source, self.line, self.household, self.warnings, self.row, chinese)


def kind_of(code: str) -> str:
    return KINDS.get(code, code)


@dataclass
class Warned:
    """The households warned of in a run: counted by kind, the first `FIRST` of each kept, in input order."""

    households: int = 0
    warnings: int = 0
    kinds: Counter[str] = field(default_factory=Counter)  # kind → households with a warning of that kind
    first: list[WarnedHousehold] = field(default_factory=list)  # among the first `FIRST` of one of its kinds
    escaped_from: set[ReadFrom] = field(default_factory=set)  # the forms read of households with a control character

    def add(self, warned: WarnedHousehold) -> None:
        """Count a household (households come in input order); keep it while one of its kinds has few."""
        kinds = warned.kinds
        if ESCAPED in kinds:
            self.escaped_from.add(warned.read_from)
        self.households += 1
        self.warnings += len(warned.warnings)
        if any(self.kinds[kind] < FIRST for kind in kinds):
            self.first.append(warned)
        self.kinds.update(kinds)

    def by_kind(self) -> list[tuple[str, int, list[WarnedHousehold]]]:
        """(kind, households, the first of them) for each kind met, in the order a run's summary says them
        (`engine.doubts.SAID`), kinds of no such name after them."""
        order = [kind for kind in SAID if kind in self.kinds] + sorted(k for k in self.kinds if k not in SAID)
        return [(kind, self.kinds[kind], [w for w in self.first if kind in w.kinds][:FIRST]) for kind in order]

    @property
    def backslash(self) -> bool:
        """Whether every text with a control character was read from JSON, where a backslash wrote it (`"C:\\new"`);
        a cell of CSV tables or a text of Parquet holds it as typed or written."""
        return self.escaped_from <= {"json"}


__all__ = ["FIRST", "Warned", "WarnedHousehold", "kind_of"]
