"""How the CSV tables join by household id, and a child table's rows taken household by household.

Input: the ids of each table's rows, with their lines (`engine.batch.csv_tables` reads them).
Output: `Joins` — each household's line in households.csv, the ids two rows there hold, the households whose rows
in a child table are not one run in its order or have a row of no id among them (`misplaced_rows`) or write their id
otherwise (`loosely`, `written_otherwise`: leading zeros, spaces around it), and every id whose rows are passed over;
`Grouped`, the rows of a child table handed out household by household in the order of households.csv, with the rows
of no household as bad records.
Invariant: a household is decided only on all of its rows; one these find wrong is reported as a whole, its rows not
again one by one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.batch.csv_layout import CsvRow, last_cells, sums_only, total_key, total_row
from engine.batch.readers import Record, at_row
from engine.diagnostics import Diagnostic, Said


def misplaced_rows(rows: Iterator[tuple[str, int]], at: Mapping[str, int], near: Mapping[str, str | None]
                   ) -> tuple[dict[str, int], dict[str, tuple[str, int]], dict[str, Gap]]:
    """The households whose rows in a child table are not one run in the order of households.csv (`at`
    gives each household's line there), with the line where that shows; the households some of whose
    rows there write their id otherwise (`near`: see `loosely`), with that id and its first line; and the
    households a row with no household id most likely belongs to, its id lost (`Gap`): one among their rows, or
    where the rows of a household that has none in the table would be (between the rows of the households before
    and after it). Rows of other unknown households, and other rows with no id (after the last household's rows: a
    total, a note), are left to `Grouped`."""
    out: dict[str, int] = {}
    mistaken: dict[str, tuple[str, int]] = {}
    among: dict[str, Gap] = {}
    seen: set[str] = set()
    last, furthest = None, 0
    gap = None  # the line of the first row with no id since the last row with one
    order: list[str] = []  # the ids of households.csv in its order, listed once a row with no id is met
    position: dict[str, int] = {}
    for hid, number in rows:
        if not hid or hid.isspace():
            gap = gap or number
            continue
        if hid == last:
            if gap is not None:
                among.setdefault(hid, Gap(gap, inside=True))
                gap = None
            continue
        if gap is not None:  # between two households' rows: the one household between them, if it is one
            if not order:
                order = [known for known in at if known.strip()]  # (`at` is filled in the order of the file)
                position = {known: k for k, known in enumerate(order)}
            before, after = -1 if last is None else position.get(last), position.get(hid)
            if before is not None and after is not None and after - before == 2:
                among.setdefault(order[before + 1], Gap(gap, inside=False))
        gap = None
        last = hid
        line = at.get(hid)
        if line is None:
            meant = near.get(loose(hid))
            if meant is not None:
                mistaken.setdefault(meant, (hid, number))
            continue
        if hid in seen or line < furthest:
            out.setdefault(hid, number)
        else:
            furthest = line
        seen.add(hid)
    return out, mistaken, among


@dataclass(frozen=True)
class Gap:
    """A row of a child table with no household id, most likely a household's (its line): `inside` its rows, or
    where they would be, the household having none in the table."""

    line: int
    inside: bool


def loose(hid: str) -> str:
    """A household id without the spaces around it and its leading zeros, as a spreadsheet or a fixed-width
    database column may write it (`4` and `0004   ` are `0004`)."""
    bare = hid.strip()
    return bare.lstrip("0") or bare


def loosely(ids: Mapping[str, int]) -> dict[str, str | None]:
    """Each household id by its `loose` form (None where two ids share one)."""
    out: dict[str, str | None] = {}
    for hid in ids:
        key = loose(hid)
        if key:
            out[key] = None if key in out else hid
    return out


def written_otherwise(hid: str, path: Path, written: str, line: int) -> Diagnostic:
    """Household `hid`, some of whose rows in the child table `path` write its id as `written` (from `line` on)."""
    if written.strip() == hid.strip():
        but = Said("the spaces around it", "除了前后的空格")
        cause = Said("a fixed-width (CHAR) database column pads an id with spaces: trim them in the export",
                     "定长（CHAR）字段会在编号前后补空格：请在导出时去掉空格")
    else:
        but = Said("its leading zeros", "除了开头的 0")
        cause = Said("a spreadsheet removes the leading zeros of an id it takes for a number: format the id column as "
                     "text before exporting", "电子表格会把看似数字的编号开头的 0 去掉：导出前请把编号列设为文本格式")
    return Diagnostic.said(
        "H004", Said(f"household `{hid}` is written `{written}` in {path.name}: the same id, but for {but.en}",
                     f"家庭 `{hid}` 在 {path.name} 中写作 `{written}`：{but.zh}，两者是同一个编号"),
        None, **at_row(path, line),
        help=Said(f"{cause.en}, so that every table writes the id alike; the household is not decided on part of its "
                  "rows", f"{cause.zh}，使各表中的编号写法一致；只凭部分行不会认定这一户"))


@dataclass(frozen=True)
class Joins:
    """How the CSV tables join: each household id and its line in households.csv, the ids two rows there hold (with
    their lines), the households whose rows in a child table are not one run in its order (with the line where that
    shows), those some of whose rows write their id otherwise, all the ids whose rows are passed over, the lines
    of rows with no id, and the households with a row of no id among their rows in a child table."""

    at: dict[str, int]
    repeated: dict[str, list[int]]
    misplaced: dict[Path, dict[str, int]]
    mistaken: dict[str, tuple[Path, str, int]]
    left_out: set[str]
    unnamed: list[int]  # the lines of households.csv whose rows have no id
    among: dict[Path, dict[str, Gap]]  # in a child table, households a row of no id most likely belongs to
    copies: frozenset[str] = frozenset()  # of the ids two rows hold, those whose rows are the same in every cell


class Grouped:
    """Rows of a child table taken household by household, in the order of households.csv."""

    def __init__(self, rows: Iterator[tuple[str, int, list[str]]], name: str, joins: Joins,
                 header: Sequence[str] = (), given: Sequence[str] | None = None):
        """`header`: the table's column names (`given`: as its file writes them, where `--rename-column` renamed
        them), to tell a total row from a row of a household not there."""
        self.rows = rows
        self.name = name
        cells = last_cells(header)
        self.key_at, self.amount_at = cells.get("household", -1), cells.get("amount", -1)
        self.key = (given or header)[self.key_at].strip() if self.key_at >= 0 else "household"
        self.known = joins.at
        self.left_out = joins.left_out  # households reported as a whole: their rows are passed over
        self.unnamed = joins.unnamed  # lines of households.csv with no id: one may be a stray row's household
        self.next: tuple[str, int, list[str]] | None = next(rows, None)

    def stray(self, upcoming: str | None) -> Iterator[Record]:
        """Rows that belong to no household still to come (unknown households' rows)."""
        while self.next is not None:
            hid, number, cells = self.next
            if hid in self.left_out:
                self.next = next(self.rows, None)
                continue
            # (`misplaced_rows` vouches for the order of the households known; an empty id is no household's, not
            # that of a row of households.csv with no id)
            if hid.strip() and (hid == upcoming or (hid in self.known and upcoming is not None)):
                return
            yield Record(number, f"{self.name}:{number}", problem=self._stray(hid, number, cells), stray=True,
                         row=number, names=hid or None)
            self.next = next(self.rows, None)

    def _stray(self, hid: str, number: int, cells: list[str]) -> Diagnostic:
        """What is wrong with a row of no household in households.csv: a total row, a row with no household id, or
        one of a household not there."""
        if total_key(hid) and sums_only(cells, self.key_at, [self.amount_at]):
            return total_row(self.name, number, hid, self.key)
        if not hid.strip():
            return Diagnostic.said(
                "H004", Said(f"`{self.key}` is empty: the row is no household's",
                             f"`{self.key}` 是空的：这一行不属于任何一户"), None, **at_row(self.name, number),
                help=Said(f"write in `{self.key}` the id of the household the row belongs to, as households.csv writes "
                          "it; if it belongs to none, delete the row",
                          f"请在 `{self.key}` 列填写这一行所属家庭的编号，与 households.csv 中的写法一致；"
                          "如果不属于任何一户，请删去这一行"))
        return Diagnostic.said("H004", Said(f"row for household `{hid}`, which is not in households.csv",
                                            f"这一行属于家庭 `{hid}`，而 households.csv 中没有这一户"), None,
                               help=_stray_help(hid, self.unnamed), **at_row(self.name, number))

    def take(self, hid: str) -> list[CsvRow]:
        out = []
        while self.next is not None and self.next[0] == hid and hid.strip():
            out.append((self.next[1], self.next[2]))
            self.next = next(self.rows, None)
        return out


def _stray_help(hid: str, unnamed: list[int]) -> Said:
    """What to do with a row of household `hid`, which households.csv lacks: add the household, or remove the row;
    where rows there have no id (`unnamed`, their lines), first whether one of them is that household's."""
    if not unnamed:
        return Said("add the household, or remove the row", "请补上这一户，或删去这一行")
    shown = [str(n) for n in unnamed[:_LINES_SHOWN]] + (["…"] if len(unnamed) > _LINES_SHOWN else [])
    one = len(unnamed) == 1
    return Said(f"households.csv has no id on line{'' if one else 's'} {', '.join(shown)}: if "
                f"{'that row' if one else 'one of those rows'} is household `{hid}`, write `{hid}` in its `id`; "
                "if not, add the household, or remove the row",
                f"households.csv 第 {'、'.join(shown)} 行没有编号：如果{'那一行' if one else '其中一行'}就是家庭 "
                f"`{hid}`，请在其 `id` 列填写 `{hid}`；如果不是，请补上这一户，或删去这一行")


_LINES_SHOWN = 10  # of the lines of households.csv with no id, the ones a stray row's help names
