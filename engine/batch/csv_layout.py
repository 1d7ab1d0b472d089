"""One household's rows of the CSV tables → its record: where each input sits in the rows, and what a cell holds.

Input: the three tables' headers and the policies whose inputs they hold (`CsvLayout.of`); then a household's
row of `households.csv` with its rows of `members.csv` and `lines.csv`, each with the line it ends on.
Output: the `Record` a worker validates (`CsvLayout.record`) — the household as JSON would write it — or a bad
record naming the row that has not one cell for each column of its header (a comma within a value,
an amount split at its thousands separator or decimal comma, a row cut short).
Invariants: cells are read as `csv.DictReader` reads them (a repeated column counts its last cell, empty cells
beyond the header are ignored); a cell that does not fit its input's type is kept as written, so the validator names
it; the layout is worked out once from the headers and is small, so it travels with every chunk.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from engine.batch.readers import Record, at_row
from engine.batch.renamed import renamed_paths
from engine.diagnostics import Diagnostic, Said
from engine.household_words import or_renamed

_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def _cell(kind: str | None, text: str) -> Any:
    """A CSV cell as the JSON value it stands for (`kind`: the input's type, None for a column no policy
    reads); text that does not fit is kept for the validator to name."""
    if kind == "boolean":
        low = text.strip().lower()
        return {"true": True, "false": False, "1": True, "0": False}.get(low, text)
    if kind == "integer":
        return int(text) if _INTEGER.fullmatch(text.strip()) else text
    if kind in ("money", "number"):
        return _decimal(text)
    return text


def _decimal(text: str) -> Any:
    stripped = text.strip()
    if _DECIMAL.fullmatch(stripped):
        try:
            return Decimal(stripped)
        except InvalidOperation:
            pass
    return text


CsvRow = tuple[int, list[str]]  # the line a row ends on, and its cells


def last_cells(header: Sequence[str]) -> dict[str, int]:
    """Each column name and its cell, in the order the names first appear; a repeated name reads its last
    cell (as `csv.DictReader` reads them)."""
    return {name: max(i for i, n in enumerate(header) if n == name) for name in header}


INCOME_KINDS = ["income"]  # the `kind` of a row of lines.csv


EXPENSE_KINDS = ["expense", "expenses"]


_KIND_WORDS = {"收入": "income", "支出": "expense"}  # a line's `kind` as a county export writes it


_OWN = "id or date"  # the type of a household's own `id` and `date` columns: no input's type


def cell_at(row: Sequence[str], at: int) -> str:
    return row[at] if 0 <= at < len(row) else ""


_TOTAL_WORDS = frozenset({"合计", "总计", "小计", "共计", "total", "subtotal", "grandtotal", "sum"})


def total_key(key: str) -> bool:
    """Whether a row's id is what a spreadsheet writes on a total row (`合计`, `Total`), or nothing."""
    bare = "".join(key.split()).casefold()
    return not bare or bare in _TOTAL_WORDS


def sums_only(row: list[str], key_at: int, numeric: Collection[int]) -> bool:
    """Whether a row holds nothing but numbers in the columns at `numeric` (and its key), as a total row does."""
    filled = {at for at, cell in enumerate(row) if cell.strip() and at != key_at}
    return bool(filled) and filled <= set(numeric)


def total_row(file: str, line: int, key: str, column: str, table: Sequence[str] = ()) -> Diagnostic:
    """The finding of a row that holds sums where a household's id or rows belong (`key`: its `column` cell), with the
    rows of the same key in the other tables (`table`: `lines.csv:8662`), to delete with it."""
    whose = Said(f"`{column}` is `{key}`", f"`{column}` 为 `{key}`") if key.strip() else Said(
        f"`{column}` is empty", f"`{column}` 是空的")
    also = Said(f", and {', '.join(table)}", f"，以及 {'、'.join(table)}") if table else Said("", "")
    return Diagnostic.said(
        "H001", Said(f"{whose.en} and the row holds only numbers: it looks like a total row, not a household's",
                     f"{whose.zh}，且这一行只有数字：像是合计行，不是哪一户的"),
        None, **at_row(file, line),
        help=Said(f"delete the row{also.en}: a total is no household's; the households are read from the other rows",
                  f"请删去这一行{also.zh}：合计不属于任何一户；各户按其他各行读取"))


@dataclass(frozen=True)
class CsvLayout:
    """Where each input sits in the rows of the CSV tables and what type it is: what a worker needs to
    turn a household's rows into a record (`record`). Worked out once from the headers; small, so it
    travels with every chunk."""

    households: tuple[tuple[int, str, str, str | None, bool], ...]  # (cell, group or "", name, type, nullable)
    members: tuple[tuple[int, str, str | None, bool], ...]  # (cell, name, type, nullable)
    lines: tuple[int, int, int, int]  # the cells of kind, type, member and amount (-1: no such column)
    name: str  # households.csv, for the records' sources
    members_name: str  # members.csv and lines.csv, for what is wrong in one of their rows
    lines_name: str
    headers: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # each table's column names
    amounts: frozenset[str]  # the columns that hold amounts, where a thousands separator splits one
    # each table's column names as its file writes them, where `--rename-column` renamed them (else `headers`)
    given: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    # the JSON paths (indices left out) of the cells under a renamed header, each with the file's own header
    own_headers: tuple[tuple[str, str], ...]
    # `--rename-value`: (table, column, ((the export's word, the value), …)) for each column it renames values in
    words: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()

    @classmethod
    def of(cls, households: Sequence[str], members: Sequence[str], lines: Sequence[str],
           kinds: Mapping[str, tuple[str, bool]], name: str, members_name: str, lines_name: str,
           given: Sequence[Sequence[str] | None] = (None, None, None),
           words: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()) -> CsvLayout:
        """`kinds`: "household:NAME" / "member:NAME" → (type, nullable) of every input the policies read; `given`:
        each table's header as its file writes it, where `--rename-column` renamed it (None where it did not);
        `words`: the values of cells `--rename-value` renames (`engine.batch.renamed.Renames.words`)."""
        household_cells: list[tuple[int, str, str, str | None, bool]] = []
        for column, at in last_cells(households).items():
            if column in ("id", "date"):  # the household's own, not inputs
                household_cells.append((at, "", column, _OWN, False))
                continue
            kind, nullable = kinds.get(f"household:{column}", (None, False))
            group, dot, field = column.partition(".")
            household_cells.append((at, group if dot else "", field if dot else column, kind, nullable))
        member_cells = [(at, column, *kinds.get(f"member:{column}", (None, False)))
                        for column, at in last_cells(members).items() if column != "household"]
        line_cells = last_cells(lines)
        kind_at, type_at, member_at, amount_at = (line_cells.get(c, -1) for c in ("kind", "type", "member", "amount"))
        amounts = frozenset([*(c for c in households if kinds.get(f"household:{c}", ("",))[0] in _AMOUNT_TYPES),
                             *(c for c in members if kinds.get(f"member:{c}", ("",))[0] in _AMOUNT_TYPES), "amount"])
        headers = (tuple(households), tuple(members), tuple(lines))
        own_households, own_members, own_lines = (tuple(g) if g is not None else h
                                                  for g, h in zip(given, headers, strict=True))
        own = (own_households, own_members, own_lines)
        return cls(tuple(household_cells), tuple(member_cells), (kind_at, type_at, member_at, amount_at), name,
                   members_name, lines_name, headers, amounts, own, renamed_paths(headers, own), words)

    @functools.cached_property
    def _words(self) -> tuple[dict[int, dict[str, str]], dict[int, dict[str, str]], dict[str, str] | None,
                              dict[str, str] | None]:
        """`words` by cell: of households.csv, of members.csv, and the types and kinds of lines.csv (None: renamed
        nowhere)."""
        by_table = {table: {column: dict(renames) for t, column, renames in self.words if t == table}
                    for table in ("households.csv", "members.csv", "lines.csv")}
        households = {at: by_table["households.csv"][f"{group}.{name}" if group else name]
                      for at, group, name, _, _ in self.households
                      if (f"{group}.{name}" if group else name) in by_table["households.csv"]}
        members = {at: by_table["members.csv"][name] for at, name, _, _ in self.members
                   if name in by_table["members.csv"]}
        return households, members, by_table["lines.csv"].get("type"), by_table["lines.csv"].get("kind")

    def record(self, number: int, cells: list[str], members: list[CsvRow], lines: list[CsvRow]) -> Record:
        """One household's record from its row and its member and line rows, cells as read; a bad record when
        one of the rows has not one cell for each column of its header, or the row is a total row."""
        total = self._total(number, cells, members, lines)
        if total is not None:  # one finding, not a household's for each of its sums; a row of no household
            return Record(number, f"{self.name}:{number}", household=self.household_id(cells), problem=total,
                          row=number, stray=True)
        tables = ((self.name, [(number, cells)]), (self.members_name, members), (self.lines_name, lines))
        for (file, rows), header, own in zip(tables, self.headers, self.given, strict=True):
            for line_number, row in rows:
                misshapen = _cells_against(row, header, self.amounts, file, line_number, own)
                if misshapen is not None:
                    return Record(number, f"{self.name}:{number}", household=self.household_id(cells),
                                  problem=misshapen, row=number)
        data: dict[str, Any] = {}
        words, member_words, type_words, kind_words = self._words if self.words else _NO_WORDS
        for at, group, name, kind, nullable in self.households:
            text = _word(cells[at], words.get(at)) if words else cells[at]
            if kind == _OWN:
                if name == "id":
                    data["id"] = text
                elif text.strip():
                    data["date"] = text.strip()
            elif text != "" or nullable:
                target = data.setdefault(group, {}) if group else data
                target[name] = None if text == "" else _cell(kind, text)
        data["members"] = [self._member(row, member_words) for _, row in members]
        places = [(f"members[{i}]", self.members_name, line_number) for i, (line_number, _) in enumerate(members)]
        kind_at, type_at, member_at, amount_at = self.lines
        unknown: dict[str, Diagnostic] = {}  # the first line of each word for no kind; the other cells are checked too
        for line_number, row in lines:
            kind = _word(cell_at(row, kind_at), kind_words).strip()
            if kind not in INCOME_KINDS and kind not in EXPENSE_KINDS:
                unknown.setdefault(kind, self._unknown_kind(kind, line_number))
                kind = _KIND_WORDS.get(kind) or kind.casefold()
                if kind not in INCOME_KINDS and kind not in EXPENSE_KINDS:
                    continue
            section = "expenses" if kind in EXPENSE_KINDS else "income"
            line: dict[str, Any] = {"type": _word(cell_at(row, type_at), type_words),
                                    "amount": _decimal(cell_at(row, amount_at))}
            line = {key: value for key, value in line.items() if value != ""}  # an empty cell: said to be filled in
            member = cell_at(row, member_at)
            if member:
                line["member"] = member
            entries = data.setdefault(section, [])
            places.append((f"{section}[{len(entries)}]", self.lines_name, line_number))
            entries.append(line)
        return Record(number, f"{self.name}:{number}", data=data, places=tuple(places), cells=True, row=number,
                      headers=self.own_headers, problem=next(iter(unknown.values()), None),
                      also=tuple(unknown.values())[1:], household=data.get("id") if unknown else None)

    def _unknown_kind(self, kind: str, line: int) -> Diagnostic:
        """The finding of a row of lines.csv whose `kind` is neither `income` nor `expense`, at that row and its `kind`
        column as the file's header writes it (`Diagnostic.header`: `类别`, read as `kind` by `--rename-column`), which
        its help names too: the one it stands for where it is an export's word for one, with `--rename-value` to read
        it so."""
        table = Path(self.lines_name).name
        header = cell_at(self.given[2], self.lines[0])
        column = header or "kind"
        meant = _KIND_WORDS.get(kind) or next((k for k in ("income", "expense") if kind.casefold() == k), None)
        words = Said(f"`{meant}`", f"`{meant}`") if meant else Said("`income` or `expense`", "`income` 或 `expense`")
        fix = Said(f"write {words.en} in the `{column}` column", f"请在 `{column}` 列填写 {words.zh}", summarized=True)
        if meant is not None:
            fix = or_renamed(fix, kind, meant)
        return Diagnostic.said(
            "H002", Said(f"`kind` is {f'`{kind}`' if kind else 'empty'}: a row of {table} is `income` or `expense`",
                         f"`kind` {f'为 `{kind}`' if kind else '是空的'}：{table} 的每一行应为 `income` 或 `expense`"),
            None, **at_row(self.lines_name, line), help=fix, header=header or None)

    def _total(self, number: int, cells: list[str], members: list[CsvRow], lines: list[CsvRow]) -> Diagnostic | None:
        """The finding of a total row of households.csv — its id `合计` or none, numbers alone and no members — and of
        the total rows of lines.csv under the same id; None for any other row."""
        if members:  # (every household but a total row: said at once)
            return None
        id_at = next(at for at, _, name, kind, _ in self.households if kind == _OWN and name == "id")
        key = cell_at(cells, id_at)
        if not total_key(key):
            return None
        numeric = [at for at, _, _, kind, _ in self.households if kind in _NUMERIC_TYPES]
        household_at, amount_at = last_cells(self.headers[2]).get("household", -1), self.lines[3]
        if not sums_only(cells, id_at, numeric) or not all(sums_only(row, household_at, [amount_at])
                                                           for _, row in lines):
            return None
        return total_row(self.name, number, key, self.given[0][id_at].strip(),
                         [f"{Path(self.lines_name).name}:{line}" for line, _ in lines])

    def household_id(self, cells: list[str]) -> str:
        """The household's id, from its row."""
        return cell_at(cells, next((at for at, _, name, kind, _ in self.households if kind == _OWN and name == "id"),
                                    -1))

    def _member(self, cells: list[str], words: Mapping[int, Mapping[str, str]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for at, name, kind, nullable in self.members:
            text = _word(cells[at], words.get(at)) if words else cells[at]
            if name == "id":
                out["id"] = text
            elif text != "":
                out[name] = _cell(kind, text)
            elif nullable:
                out[name] = None
        return out


_NO_WORDS: tuple[dict[int, dict[str, str]], dict[int, dict[str, str]], None, None] = ({}, {}, None, None)  # (read only)


def _word(text: str, words: Mapping[str, str] | None) -> str:
    """A cell as `--rename-value` reads it: the value its word stands for (spaces around it aside), else as it is."""
    return text if words is None else words.get(text.strip(), text)


_AMOUNT_TYPES = ("money", "number")


_NUMERIC_TYPES = (*_AMOUNT_TYPES, "integer")  # the columns a total row sums


_GROUP_START = re.compile(r"-?[0-9]{1,3}")


_GROUP = re.compile(r"[0-9]{3}(?:\.[0-9]+)?")


_WHOLE = re.compile(r"-?[0-9]+")


_CENTS = re.compile(r"[0-9]{2}")  # after a decimal comma: `6000,50` split into `6000` and `50`


def _cells_against(cells: list[str], header: Sequence[str], amounts: frozenset[str], file: str,
                   line: int, own: Sequence[str]) -> Diagnostic | None:
    """What is wrong with a row that has not one cell for each column of its header (`file`, `line`: where it is;
    `own`: the header as the file writes it, which names a column): more cells — a comma within a value, such as an
    amount written with a thousands separator (`51,590.00`, unquoted: the cells `51` and `590.00`) — or fewer (a row
    cut short); None when it has one for each, or when the cells beyond the header are empty (as spreadsheets export
    a row) and none of its amounts is split. Columns with no name after the header's last named one (a header ending
    in `,`, as spreadsheets export it) are beyond it: a value there is a cell too many."""
    width = len(header)
    if len(cells) == width:
        at = width
        while at and not header[at - 1].strip():  # the cells of the columns with no name after the last named one
            at -= 1
            if cells[at].strip():
                break
        else:
            return None
    if len(cells) < width:
        return Diagnostic.said(
            "H001", Said(f"the row has {len(cells)} cell{'s' if len(cells) != 1 else ''} where the header has {width} "
                         f"column{'s' if width != 1 else ''}", f"这一行有 {len(cells)} 个单元格，而表头有 {width} 列"),
            None, **at_row(file, line),
            help=Said("write a cell for each column of the header, an empty one (`,,`) for a value not given",
                      "请为表头的每一列各写一个单元格，没有的值就留空（`,,`）"))
    named = named_width(header)
    split = _split_amounts(cells, header[:named], amounts)
    if not any(cell.strip() for cell in cells[named:]):
        # empty cells beyond the header, as spreadsheets export a row: harmless, unless an amount is split at its
        # thousands separator (two cells that look like a decimal comma are more likely two columns here)
        split = [(column, parts) for column, parts in split if not _decimal_comma(parts)]
        if not split:
            return None
    count = Said(f"the row has {len(cells)} cells where the header has {width} column{'s' if width != 1 else ''}",
                 f"这一行有 {len(cells)} 个单元格，而表头有 {width} 列") if named == width else \
        Said(f"the row has {len(cells)} cells where the header names {named} column{'s' if named != 1 else ''}",
             f"这一行有 {len(cells)} 个单元格，而表头只有 {named} 列有列名")
    if split:
        help = _splits_said(split, header, own)
    else:
        help = Said('a comma within a value splits it into two cells: remove the comma, or put the value in double '
                    'quotes ("…")',
                    '值中的逗号会把它拆成两个单元格：请去掉逗号，或给这个值加上英文双引号（"…"）')
    return Diagnostic.said("H001", count, None, **at_row(file, line), help=help)


def named_width(header: Sequence[str]) -> int:
    """How many columns a header has up to its last named one: those with no name after it are a spreadsheet's
    columns beyond its data."""
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1
    return width


def split_beyond(cells: list[str], header: Sequence[str], amounts: frozenset[str],
                 own: Sequence[str]) -> Said | None:
    """What a row that holds values beyond its header's last named column says of them where they are parts of amounts
    split at a thousands separator or a decimal comma (joined again, nothing is left beyond that column): the help of
    the bad record it makes (`own`: the header as the file writes it); None where any of them is a value of its own."""
    named = named_width(header)
    split = _split_amounts(cells, header[:named], amounts)
    joined = sum(len(parts) - 1 for _, parts in split)
    if not split or any(cell.strip() for cell in cells[named + joined:]):
        return None
    return _splits_said(split, header, own)


def _splits_said(split: list[tuple[str, list[str]]], header: Sequence[str], own: Sequence[str]) -> Said:
    told = [_split_said(own[header.index(renamed)].strip(), parts) for renamed, parts in split]
    return Said("; ".join(t.en for t in told), "；".join(t.zh for t in told))


def _split_said(column: str, parts: list[str]) -> Said:
    """That the cells `parts` of a row look like one amount of `column` split at a comma, and how to write it."""
    written, plain = ",".join(parts), "".join(parts)
    shown = [f"`{part}`" for part in parts]
    if _decimal_comma(parts):
        point = ".".join(parts)
        return Said(f"{shown[0]} and {shown[1]} look like one amount, `{written}`, split at its decimal "
                    f"comma (column `{column}`): write it with a decimal point, `{point}`",
                    f"{shown[0]} 和 {shown[1]} 像是同一个金额 `{written}` 在作小数点的逗号处被拆开了"
                    f"（`{column}` 列）；小数点应写作“.”：`{point}`")
    return Said(f"{', '.join(shown[:-1])} and {shown[-1]} look like one amount, `{written}`, split at its "
                f"thousands separator (column `{column}`); an amount is written without the separator: `{plain}`",
                f"{'、'.join(shown[:-1])} 和 {shown[-1]} 像是同一个金额 `{written}` 在千位分隔符处被拆开了"
                f"（`{column}` 列）；金额不加千位分隔符，应写作 `{plain}`")


def _decimal_comma(parts: list[str]) -> bool:
    """Whether an amount split into these cells was written with a decimal comma (`6000` and `50`)."""
    return len(parts) == 2 and _CENTS.fullmatch(parts[1]) is not None


def _split_amounts(cells: list[str], header: Sequence[str], amounts: frozenset[str]) -> list[tuple[str, list[str]]]:
    """The amounts a row holds split at their thousands separators (`51` and `590.00` for `51,590.00`) or at a decimal
    comma (`6000` and `50` for `6000,50`), each with its column and its parts: at most as many cells joined again as
    the row has beyond its header, each amount starting in a column of `amounts` once the amounts before it are
    joined."""
    spare = len(cells) - len(header)
    found: list[tuple[str, list[str]]] = []
    at = column = 0  # a cell, and the column it stands for once the split amounts before it are joined
    while at < len(cells) and column < len(header) and spare > 0:
        end = at + 1
        if header[column] in amounts and _GROUP_START.fullmatch(cells[at].strip()):
            while end - at <= spare and end < len(cells) and "." not in cells[end - 1] \
                    and _GROUP.fullmatch(cells[end].strip()):
                end += 1
        if end == at + 1 and header[column] in amounts and _WHOLE.fullmatch(cells[at].strip()) and end < len(cells) \
                and _CENTS.fullmatch(cells[end].strip()):
            end += 1  # a decimal comma
        if end > at + 1:
            found.append((header[column], [cell.strip() for cell in cells[at:end]]))
            spare -= end - at - 1
        at, column = end, column + 1
    return found

