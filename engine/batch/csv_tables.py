"""CSV tables → household records: `households.csv`, `members.csv` and `lines.csv`, joined by id.

Input: a folder of the three tables (docs/batch.md gives the layout) and the policies whose inputs
they hold. Output: chunks (`CsvTables.chunks`) of each household's rows as read, grouped by the main
process, which `engine.batch.readers.records_of` turns into `Record`s in a worker with the chunk's
`CsvLayout`; and rows that fit no household, as bad records. Plain tables are instead cut into
byte ranges that the workers read as columns (`engine.batch.csv_columns`), with the same results.
`write_households_csv` writes the layout. A worker turns a household's rows into its record by
`engine.batch.csv_layout`; how the tables join by id, `engine.batch.csv_joins`; compressed tables are
read from copies (`engine.batch.csv_compressed`), and so are tables whose headers `--rename-column` renames
(`engine.batch.renamed`); a households.csv column holding JSON text is refused by `engine.batch.csv_json_columns`.
Invariants: cells are read as `csv.DictReader` reads them (blank lines skipped, empty cells beyond
the header ignored, a repeated column counts its last cell), and a row of empty cells (as
spreadsheets export them) is skipped too, and a row that is the header again (two exports joined)
is reported once as a row of no household and read past; a cell that does not fit its input's type
is kept as written, so the validator names it. A household is decided only on all of its rows: one
whose member or line rows are not together in the order of `households.csv`, whose id two rows of
`households.csv` hold, or with a line whose `kind` is neither income nor expense, or a row that is
not UTF-8 text or has not one cell for each column of its header (a comma within a value,
`51,590.00` unquoted; a row cut short), or with rows that write its id but for leading zeros or
surrounding spaces (`4` or `0004   ` for `0004`), is a bad record (its rows are not reported again
one by one); a row for a household that does not exist is a row of no household, reported on its
own and counted apart from the households.
"""

from __future__ import annotations

import collections
import csv
import functools
import itertools
import os
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.batch.csv_compressed import Copies, decompressed, table_compression
from engine.batch.csv_joins import Gap, Grouped, Joins, loosely, misplaced_rows, written_otherwise
from engine.batch.csv_json_columns import refuse_json_columns
from engine.batch.csv_layout import CsvLayout, CsvRow, last_cells, named_width, split_beyond
from engine.batch.readers import (
    UTF8_SAMPLE,
    Input,
    InputError,
    InputNote,
    Record,
    at_row,
    in_utf8,
)
from engine.batch.renamed import TABLES, Renames, renamed_copy, table_columns
from engine.diagnostics import Diagnostic, Said
from engine.household_input import CELLS_PARTED, PACKED_SUFFIXES, first_names, utf8_said
from engine.household_words import SCIENTIFIC, scientific
from engine.model import InputField, Policy
from engine.values import listed

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # a line as a file opened with newline="" gives it
_KEY_BLOCK = 1 << 20
_MEMBER_NUMBER = re.compile(r".*(?:成员|人员).*(?:编号|序号).*")  # a member's id in an export's words (`成员编号`)


def _blank_as_columns(path: Path, header: Sequence[str], cells: list[int]) -> set[int] | None:
    """The cells (columns by place) among `cells` that are empty in every row of a CSV file with this header, read
    by Arrow a block at a time until each has a value; None when Arrow is not installed or does not read the
    file (a row of another length, text that is not UTF-8), or the file has no row."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pa_csv
    except ImportError:
        return None
    names = [f"{i}" for i in range(len(header))]  # by place: a header may name a column twice, or not at all
    left, rows = set(cells), 0
    read = pa_csv.ReadOptions(column_names=names, skip_rows=1)
    options = pa_csv.ConvertOptions(include_columns=[names[i] for i in cells], strings_can_be_null=False,
                                    column_types={names[i]: pa.string() for i in cells})
    try:
        for batch in pa_csv.open_csv(path, read_options=read, convert_options=options):
            rows += batch.num_rows
            left -= {i for i in left  # (a cell holding its column's name is the header again)
                     if pc.any(pc.and_(pc.not_equal(batch.column(names[i]), ""),
                                       pc.not_equal(batch.column(names[i]), header[i]))).as_py()}
            if not left:
                break
    except pa.ArrowException:
        return None
    return left if rows else None


def _not_nullable(fields: Mapping[str, InputField]) -> list[str]:
    """The inputs whose column empty in every row is a gap: an empty cell of an input that may be null is the value
    null (none disabled), not a value left out, so those columns are not read for it."""
    return [name for name, f in fields.items() if not f.nullable]


def table_in(folder: Path, name: str) -> Path:
    """A table of a CSV input in `folder`: `name` itself, else it compressed (`households.csv.gz`, `.bz2`,
    `.xz`, `.zst`); `name` when there is neither."""
    plain = folder / name
    if plain.is_file():
        return plain
    return next((p for p in (folder / f"{name}{suffix}" for suffix in PACKED_SUFFIXES) if p.is_file()), plain)


def tables_in_other_case(folder: Path, names: Sequence[str] = ("households.csv", "members.csv", "lines.csv")
                         ) -> Said | None:
    """What to rename where `folder` holds tables of these names (compressed or not) in another case
    (`MEMBERS.csv`, `Households.CSV`, as Windows tools may name them): file names are case-sensitive."""
    found = []
    for name in names:
        wanted = {f"{name}{suffix}" for suffix in ("", *PACKED_SUFFIXES)}
        if not any((folder / w).is_file() for w in wanted):
            found += [(p.name, name + p.name[len(name):].lower()) for p in sorted(folder.iterdir())
                      if p.name.lower() in wanted and p.is_file()][:1]
    if not found:
        return None
    return Said("file names are case-sensitive: rename " + listed([f"{a} to {b}" for a, b in found], "en"),
                "文件名区分大小写：请" + "，".join(f"把 {a} 改名为 {b}" for a, b in found))


@dataclass(frozen=True)
class _KeyColumn:
    """Where the key cell of a table's rows is (`id`, or `household` in a child table), and how a row that is blank
    or the header again (two exports joined into one file, perhaps with a BOM) is told from a row of data."""

    at: int  # the key's cell (its last, where the header names it twice), -1 without such a column
    again: list[str]  # the header's names as a row repeating it reads
    name: str | None  # the key column's name
    passed: frozenset[int] = frozenset()  # the cells of --ignore-column's columns: a row filled there alone is blank

    @classmethod
    def of(cls, header: Sequence[str], key: str, given: Sequence[str] | None = None,
           ignored: Collection[str] = ()) -> _KeyColumn:
        """`given`: the header as the file writes it, where `--rename-column` renamed `header` (a row repeating it
        repeats the file's own names); `ignored`: the columns of `--ignore-column`."""
        at = last_cells(header).get(key, -1)
        again = [name.strip() for name in given or header]
        return cls(at, again, again[at] if at >= 0 else None,
                   frozenset(cell for cell, name in enumerate(header) if name.strip() in ignored))

    @property
    def beyond(self) -> int:
        """The key's cell, or one past any row's (no such column: every key is empty, as `cell_at` gives it)."""
        return self.at if self.at >= 0 else 1 << 62

    def key(self, row: list[str]) -> str:
        return row[self.at] if 0 <= self.at < len(row) else ""

    def plainly_data(self, key: str) -> bool:
        """Whether a row with this key cell is one of data: neither blank nor the header, whatever its other cells."""
        bare = key.strip()
        return bool(bare) and bare.lstrip("\ufeff") != self.name

    def blank(self, row: list[str]) -> bool:
        return not any(cell.strip() for at, cell in enumerate(row) if at not in self.passed)

    def header_again(self, row: list[str]) -> bool:
        return len(row) == len(self.again) and [cell.strip().lstrip("\ufeff") for cell in row] == self.again


class CsvTables(Input):
    """`households.csv` + `members.csv` (+ `lines.csv`) in one folder, joined by household id.

    A compressed table (known by its first bytes) is decompressed once, into a temporary folder that
    goes when this input does, and read from there; messages name it as given (`members.csv.gz:17`).
    The main process reads the tables and groups each household's rows with it (rows that fit no
    household become bad records there); the workers turn the rows into records (`CsvLayout`)."""

    form = "csv"

    def __init__(self, folder: Path, policies: Sequence[Policy], households: Path | None = None,
                 ignored: frozenset[str] = frozenset(), renamed: Renames | None = None):
        self.path = households or table_in(folder, "households.csv")
        self.ignored = ignored  # --ignore-column: columns no policy reads, passed over here (the workers drop them)
        self.renamed = renamed
        self.given_headers: dict[Path, tuple[str, ...]] = {}  # a renamed table's header as its file writes it
        self.members_path = table_in(folder, "members.csv")
        self.lines_path = table_in(folder, "lines.csv")
        for required in (self.path, self.members_path):
            # (before "members.csv: not found")
            if required is self.members_path and table_compression(self.path) is None:
                with self.path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
                    refuse_json_columns(self.path, next(csv.reader(handle), []), policies, self.members_path,
                                   self.lines_path)
            if not required.is_file():
                seen = sorted(p.name for p in required.parent.iterdir() if not p.name.startswith("."))
                holds = Said(f"; {required.parent} holds {first_names(seen)}", f"；{required.parent} 中有 "
                             f"{first_names(seen, 'zh')}") if seen else Said(f"; {required.parent} is empty",
                                                                              f"；{required.parent} 是空的")
                cased = tables_in_other_case(required.parent)
                raise InputError(Said(f"{required}: not found (a CSV input is households.csv and members.csv, "
                                      f"with lines.csv for income and expenses; each may be compressed){holds.en}"
                                      + (f" — {cased.en}" if cased else ""),
                                      f"{required}：找不到该文件（CSV 输入由 households.csv 和 members.csv 组成，"
                                      f"收入和支出另放在 lines.csv；均可压缩）{holds.zh}"
                                      + (f"——{cased.zh}" if cased else "")))
        self.copies: Copies = decompressed(self.files())  # each compressed table and where its text is
        try:
            refused = []
            unread = set()
            for path in self.files():  # every table told at once: an export saved in GBK is, all three
                with self.readable(path).open("rb") as handle:
                    try:
                        in_utf8(str(path), handle.read(UTF8_SAMPLE), header=True)
                    except InputError as error:
                        refused.append(error)
                        unread.add(path)
            if refused:  # with the columns of the tables that could be read, so that one run tells all
                raise InputError.together(refused + ([] if renamed else self._header_errors(policies, unread)))
            renaming = self._rename_headers(renamed, policies)  # (the tables read through copies from here on)
            self.plans: dict[int, Any] = {}  # by chunk size: how the tables are read as columns, or why not
            self.kinds: dict[str, tuple[str, bool]] = {}
            for policy in policies:
                for f in policy.inputs.values():
                    self.kinds.setdefault(f"{f.level}:{f.name}", (f.type, f.nullable))
            self.notes = [*renaming, *self._check_columns(policies)]
            if next(self._rows(self.path, "id"), None) is None:
                raise InputError(Said(f"{self.path}: the file holds no household (no row after the header)",
                                      f"{self.path}：文件中没有家庭（表头之后没有任何行）"))
        except BaseException:  # (refused: the copies go now, not when this input is collected)
            self.copies.close()
            raise

    def close(self) -> None:
        self.copies.close()

    def readable(self, path: Path) -> Path:
        """Where a table's text is read: the table itself, or its decompressed copy."""
        return self.copies.get(path, path)

    def _rename_headers(self, renamed: Renames | None, policies: Sequence[Policy]) -> list[InputNote]:
        """Read each table whose header `--rename-column` renames through a copy with the renamed header (rows as they
        are, on their lines); a note for each pair that renamed nothing."""
        if not renamed:
            return []
        both = [pair.old for pair in renamed.pairs if pair.old in self.ignored]
        if both:
            raise InputError(Said(f"`{both[0]}` is given to both `--ignore-column` and `--rename-column`: leave it "
                                  "out (an export's own column) or read it as the column it holds, not both",
                                  f"`{both[0]}` 同时给了 `--ignore-column` 和 `--rename-column`：要么略去它"
                                  "（导出附带的列），要么按它存放的列读取，二者只能选一"))
        columns = table_columns(policies)
        seen = {}
        for role, path in zip(TABLES, (self.path, self.members_path, self.lines_path), strict=True):
            if not path.is_file():
                continue
            given = self.header(path)
            header = renamed.header(role, given, columns[role], str(path))
            seen[role] = (given, header)
            if header != given:
                self.given_headers[path] = given
                self.copies[path] = renamed_copy(self.readable(path), path, header,
                                                 self.copies.place(f"renamed-{role}"))
        return [InputNote(said) for said in renamed.idle(seen, columns, str(self.path.parent))]

    def _header_errors(self, policies: Sequence[Policy], unread: Collection[Path] = ()) -> list[InputError]:
        """What is wrong with each table's header that every row would be refused for, every table's (but those
        `unread`, in another encoding), to be said at once."""
        from engine.batch.input_columns import column_labels, input_fields, needed_inputs

        household, member = input_fields(policies, "household"), input_fields(policies, "member")
        labels = {self.path: column_labels(policies, "household"), self.members_path: column_labels(policies, "member"),
                  self.lines_path: {}}
        columns = table_columns(policies)
        tables = [(self.path, columns["households.csv"], ["id"], needed_inputs(household)),
                  (self.members_path, columns["members.csv"], ["household", "id"], needed_inputs(member))]
        if self.lines_path.is_file():
            tables.append((self.lines_path, columns["lines.csv"], ["household", "kind", "type", "amount"], []))
        refused: list[InputError] = []
        for path, known, needed, inputs in tables:
            if path in unread:
                continue
            try:
                self._check_header(path, known, needed, inputs, policies, labels, columns)
            except InputError as error:
                refused.append(error)
        return refused

    def _check_columns(self, policies: Sequence[Policy]) -> list[InputNote]:
        """Stop at a header every row would be refused for; the notes for inputs no column gives."""
        from engine.batch.input_columns import absent_inputs, input_fields

        household, member = input_fields(policies, "household"), input_fields(policies, "member")
        refused = self._header_errors(policies)
        if refused:
            raise InputError.together(refused)
        empty = self._blank_columns(self.path, ["date", *_not_nullable(household)])  # one reading for both
        self.blank_date = str(self.path) if "date" in empty else None
        deciding = functools.cache(functools.partial(self._in_force_on_dates, policies))
        notes = [*absent_inputs(str(self.path), self.header(self.path), household, "household", policies, empty,
                                deciding),
                 *absent_inputs(str(self.members_path), self.header(self.members_path), member, "member", policies,
                                self._blank_columns(self.members_path, _not_nullable(member)), deciding)]
        if not self.lines_path.is_file():
            renamed = tables_in_other_case(self.path.parent, (self.lines_path.name,))
            lines = self.lines_path.name
            notes.append(InputNote(
                Said(f"no {lines} beside {self.path.name}: every household is decided with no income and no expense "
                     "lines" + (f" ({renamed.en})" if renamed else ""),
                     f"{self.path.name} 旁边没有 {lines}：每户都按没有收入和支出条目认定"
                     + (f"（{renamed.zh}）" if renamed else "")),
                Said(f"every household was decided with no income and no expense lines: no {lines} beside "
                     f"{self.path.name}", f"每户都是按没有收入和支出条目认定的：{self.path.name} 旁边没有 {lines}")))
        return notes

    def _split_into(self, path: Path, filled: Sequence[int]) -> tuple[Said | None, bool] | None:
        """Where the columns with no name that hold values (`filled`) all follow the last named one: the finding of the
        first row whose values there are the parts of an amount split at a comma (`25,410.00` unquoted; the run makes
        such a row a bad record that says so), as `lines.csv:3: …`, and whether a row holds a value of its own there;
        None where one of the columns is among named ones, or none holds a value."""
        header = self.header(path)
        named = named_width(header)
        if not filled or min(filled) < named:
            return None
        amounts, own = self.layout().amounts, self.given_headers.get(path, header)
        first: Said | None = None
        other = False
        for _, line, row in self._rows(path, ""):
            if not any(cell.strip() for cell in row[named:len(header)]):
                continue
            said = split_beyond(row, header, amounts, own)
            other = other or said is None
            if first is None and said is not None:
                first = Said(f"{path.name}:{line}: {said.en}", f"{path.name}:{line}：{said.zh}")
            if first is not None and other:
                break
        return first, other

    def _own_ids(self, path: Path, given: Sequence[str]) -> dict[str, str]:
        """The headers of a member or line table that stand for its `household` and (members) `id`: the one
        households.csv's `id` is renamed from (`户编号`), and one whose words say a member's number (`成员编号`)."""
        shared = self._shared_id()
        if path == self.path:
            return {} if shared is None else {shared: "id"}
        renamed = self.given_headers.get(self.path)
        at = last_cells(self.header(self.path)).get("id")
        own = {renamed[at].strip(): "household"} if renamed is not None and at is not None else {}
        if shared is not None:
            own[shared] = "household"
        if path == self.members_path:
            own.update({name.strip(): "id" for name in given if _MEMBER_NUMBER.fullmatch(name.strip())})
        return own

    def _shared_id(self) -> str | None:
        """Where households.csv has no `id` and the member and line tables no `household`: the one header of
        households.csv each of them writes too, which is the household's id in all three (`户编号`, beside a phone
        or an id card of the household's only); None where no header, or more than one, is so."""
        children = [self.header(p) for p in (self.members_path, self.lines_path) if p.is_file()]
        own = self.header(self.path)
        if "id" in own or not children or any("household" in header for header in children):
            return None
        shared = [name.strip() for name in own if name.strip()
                  and all(name.strip() in (n.strip() for n in header) for header in children)]
        return shared[0] if len(shared) == 1 else None

    def _blank(self, path: Path, cells: Collection[int]) -> set[int] | None:
        """The cells (columns by place) among `cells` that are empty in every row of a table, or None when it has
        no row: read until each has a value, which in a table of filled columns is within its first rows; as
        columns where Arrow reads the table, else row by row."""
        left = set(cells)
        if not left:
            return left
        found = _blank_as_columns(self.readable(path), self.header(path), sorted(left))
        if found is not None:
            return found
        seen = False
        for _, _, row in self._rows(path, ""):
            seen = True
            left -= {cell for cell in left if cell < len(row) and row[cell] != ""}
            if not left:
                break
        return left if seen else None

    def _check_header(self, path: Path, known: Sequence[str], needed: Sequence[str], inputs: Sequence[str],
                      policies: Sequence[Policy], labels: Mapping[Path, Any], columns: Any) -> None:
        """Stop at a header of one table every row would be refused for."""
        from engine.batch.input_columns import refuse_unknown, refuse_unnamed

        given = self.header(path)
        unnamed = [cell for cell, name in enumerate(given) if not name.strip()]
        if unnamed:  # Excel's columns beyond the data (`,,` after every row) are ignored, and only those
            blank = self._blank(path, unnamed)
            filled = [cell for cell in unnamed if blank is not None and cell not in blank]
            split = self._split_into(path, filled)
            refuse_unnamed(str(path), self.given_headers.get(path, given),  # (a column named as its file does)
                           filled if split is None or split[1] else [], known, split[0] if split else None)
        if path == self.path:
            refuse_json_columns(path, given, policies, self.members_path, self.lines_path)
        refuse_unknown(str(path), [name for name in given if name.strip() and name not in self.ignored], known,
                       needed=[*needed, *inputs], labels=labels[path], csv=True,
                       scoped=functools.partial(self._scoped, path, columns=columns),
                       own_words=self._own_ids(path, given))
        missing = [c for c in needed if c not in given]
        if missing:
            absent = [f"`{c}`" for c in missing]
            raise InputError(Said(f"{path}: no column {', '.join(absent)}; the columns are {', '.join(known)}",
                                  f"{path}：缺少 {'、'.join(absent)} 列；各列应为 {', '.join(known)}"))

    def _in_force_on_dates(self, policies: Sequence[Policy]) -> Sequence[Policy]:
        """The policies in force on the dates of households.csv, read whole (a row with no date, or none that reads
        as one, counted as decided today); all of them where none is."""
        import datetime

        from engine.date_words import cell_date, cell_date_meant

        days: set[datetime.date] = set()
        for text in self._dates():
            try:
                days.add(datetime.date.fromisoformat(cell_date_meant(text) or text if cell_date(text) else text))
            except ValueError:
                days.add(datetime.date.today())
        return [p for p in policies if any(p.meta.in_force(day) for day in days)] or policies

    def _dates(self) -> set[str]:
        """The texts of households.csv's `date` column, each once ("" for a row without one): as a column where
        Arrow reads the table, else row by row."""
        cell = last_cells(self.header(self.path)).get("date")
        if cell is None:
            return {""}
        def by_rows() -> set[str]:
            return {row[cell].strip() if cell < len(row) else "" for _, _, row in self._rows(self.path, "id")}

        try:
            import pyarrow as pa
            import pyarrow.compute as pc
            import pyarrow.csv as pa_csv
        except ImportError:
            return by_rows()
        names = [f"{i}" for i in range(len(self.header(self.path)))]
        read = pa_csv.ReadOptions(column_names=names, skip_rows=1)
        convert = pa_csv.ConvertOptions(include_columns=[names[cell]], column_types={names[cell]: pa.string()},
                                        strings_can_be_null=False)
        try:
            table = pa_csv.read_csv(self.readable(self.path), read_options=read, convert_options=convert)
        except pa.ArrowException:  # (a row of another length, text that is not UTF-8)
            return by_rows()
        return {text.strip() for text in pc.unique(table.column(0)).to_pylist()}

    def _blank_columns(self, path: Path, names: Collection[str]) -> set[str]:
        """Those of the columns `names` that are empty in every row of a table."""
        at = {name: cell for name, cell in last_cells(self.header(path)).items() if name in names}
        blank = self._blank(path, at.values()) or set()
        return {name for name, cell in at.items() if cell in blank}

    def files(self, every: bool = False) -> list[Path]:
        return [p for p in (self.path, self.members_path, self.lines_path) if every or p.is_file()]

    def count(self) -> int | None:
        with self.readable(self.path).open("rb") as handle:
            return max(0, sum(1 for _ in handle) - 1)

    def _scoped(self, path: Path, old: str, new: str, columns: Mapping[str, Sequence[str]]) -> str:
        """A header of the table at `path` as `--rename-column` is to name it to rename it `new`: with its table
        (`households.csv:户编号`) where the pair alone would rename `old` in another table too, to an `id`, which is
        the household's there and a member's here, or the other way round."""
        tables = dict(zip((self.path, self.members_path, self.lines_path), TABLES, strict=True))
        elsewhere = any(old in (name.strip() for name in header) and new in columns[role] and new not in header
                        for other, role in tables.items()
                        if other != path and (header := self.given_headers.get(other) or self.header(other)))
        return f"{tables[path]}:{old}" if new == "id" and elsewhere else old

    def header(self, path: Path) -> tuple[str, ...]:
        """The column names of a table (none when the file is missing), as `--rename-column` renamed them."""
        if not path.is_file():
            return ()
        with self.readable(path).open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            return tuple(next(csv.reader(handle), []))

    def given_name(self, path: Path, column: str) -> str:
        """The name the file of a table writes a column under: its own where `--rename-column` renamed it."""
        given = self.given_headers.get(path)
        return given[last_cells(self.header(path))[column]] if given is not None else column

    def _rows(self, path: Path, key: str,
              headers: list[tuple[Path, int]] | None = None) -> Iterator[tuple[str, int, list[str]]]:
        """(the row's `key` cell, its line, its cells) for each row after the header; blank rows skipped, and
        rows that are the header again (two exports joined into one file), whose lines go to `headers`. A row whose
        key cell is neither blank nor the header's name of its column is neither, and is not looked at further."""
        if not path.is_file():
            return
        with self.readable(path).open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            reader = csv.reader(handle)
            column = _KeyColumn.of(next(reader, []), key, self.given_headers.get(path), self.ignored)
            start = reader.line_num + 1  # the line a row starts on (`line_num` is the one it ends on)
            for row in reader:
                line, start = start, reader.line_num + 1
                hid = column.key(row)
                if not column.plainly_data(hid):
                    if column.blank(row):
                        continue
                    if column.header_again(row):
                        if headers is not None:
                            headers.append((path, line))
                        continue
                yield hid, line, row

    def _keys(self, path: Path, key: str, kept: Mapping[str, list[CsvRow]] | None = None,
              every: bool = False) -> Iterator[tuple[str, int]]:
        """(the row's `key` cell, its line) for each row `_rows` gives whose key is not the one of the row before it
        (`every`: for each row) — the runs of households; and the rows whose key is one of `kept`'s, added to it as
        (line, cells). As `_rows` reads them, with less work for each row. The table is read a block of whole lines at
        a time; a block with no quote, no NUL and no carriage return but in its line breaks (all CRLF, or none) holds
        a row to a line, its cells split at its commas, and is cut into lines and keys without the CSV reader. Other
        blocks go to the CSV reader, which reads on into the next blocks while a quoted cell does. A row whose key
        cell is neither blank nor the header's name of its column is neither blank nor the header again."""
        if not path.is_file():
            return
        kept = kept if kept is not None else {}
        pending: collections.deque[str] = collections.deque()  # lines for the CSV reader
        with self.readable(path).open("rb") as handle:
            rest = b""  # the part of a line the block before ended in

            def block() -> str | None:
                nonlocal rest
                while True:
                    read = handle.read(_KEY_BLOCK)
                    text = rest + read
                    if not read:
                        rest = b""
                        return text.decode("utf-8", "surrogateescape") if text else None
                    cut = text.rfind(b"\n") + 1
                    if cut:
                        rest = text[cut:]
                        return text[:cut].decode("utf-8", "surrogateescape")
                    rest = text

            def lines() -> Iterator[str]:
                while True:
                    if not pending:
                        text = block()
                        if text is None:
                            return
                        pending.extend(_LINE.findall(text))
                    yield pending.popleft()

            first = block()
            if first is None:
                return
            if first.startswith("\ufeff"):  # (as `utf-8-sig` reads it)
                first = first[1:]
            pending.extend(_LINE.findall(first))
            reader = csv.reader(lines())
            column = _KeyColumn.of(next(reader, []), key, self.given_headers.get(path), self.ignored)
            at, beyond = column.at, column.beyond
            fast: str | None = None  # the key of the row before, when that alone showed the row to be one of data
            last: str | None = None  # the key of the row before
            skipped = 0  # the lines read without the CSV reader

            def data(row: list[str]) -> bool:
                return not column.blank(row) and not column.header_again(row)

            while True:
                if not pending:  # between rows: the next block, without the reader when it can be
                    text = block()
                    if text is None:
                        return
                    ends = "\r\n" if "\r" in text else "\n"  # (each line's, or the block goes to the reader)
                    rows = [] if '"' in text or "\x00" in text or (
                        ends == "\r\n" and not text.count("\r") == text.count("\n") == text.count(ends)) \
                        else text.split(ends)
                    if not rows or max(map(len, rows)) > csv.field_size_limit():  # (a cell the reader refuses)
                        pending.extend(_LINE.findall(text))
                    else:
                        if text.endswith(ends):
                            rows.pop()
                        keys = [row.partition(",")[0] for row in rows] if at == 0 else \
                            [cells[beyond] if beyond < len(cells) else "" for cells in
                             (row.split(",", beyond + 1) for row in rows)]
                        base = reader.line_num + skipped  # the lines before the block
                        at_line = 0  # the block's line a run starts on, from 0
                        for hid, run in itertools.groupby(keys):
                            count = len(list(run))
                            if column.plainly_data(hid):
                                if every:
                                    yield from ((hid, base + i + 1) for i in range(at_line, at_line + count))
                                elif hid != last:
                                    yield hid, base + at_line + 1
                                last = fast = hid
                                if hid in kept:
                                    kept[hid].extend((base + i + 1, rows[i].split(","))
                                                     for i in range(at_line, at_line + count))
                            else:
                                for i in range(at_line, at_line + count):
                                    cells = rows[i].split(",")
                                    if cells == [""] or not data(cells):  # (an empty line is a row of no cell)
                                        continue
                                    fast = None
                                    if every or hid != last:
                                        yield hid, base + i + 1
                                    last = hid
                                    if hid in kept:
                                        kept[hid].append((base + i + 1, cells))
                            at_line += count
                        skipped += len(rows)
                        continue
                line = reader.line_num + skipped + 1  # the line the row starts on (a quoted cell may go on)
                row = next(reader, None)
                if row is None:
                    return
                hid = column.key(row)
                if hid == fast:
                    if every:
                        yield hid, line
                    if hid in kept:
                        kept[hid].append((line, row))
                    continue
                if column.plainly_data(hid):
                    fast = hid
                else:
                    fast = None
                    if not data(row):
                        continue
                if every or hid != last:
                    yield hid, line
                last = hid
                if hid in kept:
                    kept[hid].append((line, row))

    def households_with(self, ids: Collection[str] | None, strays: bool = False) -> Iterator[Record]:
        """The records of the households whose ids are among `ids` (None: every household), in the order of
        households.csv, each built only when it is one of them: from its chunk alone where the tables are plain
        (`engine.batch.csv_columns`); else, for `ids`, from the rows of theirs kept in one reading of each table
        (`_picked`), and otherwise from its rows, grouped one by one as `chunks` groups them. With `strays`, the rows
        of no household too, as the batch reports them (plain tables have none)."""
        from engine.batch.csv_columns import households_in

        plain = households_in(self, ids)
        if plain is not None:
            yield from plain
            return
        if ids is not None and not strays:
            yield from self._picked(frozenset(ids))
            return
        layout = self.layout()
        wanted = None if ids is None else frozenset(ids)
        left = set(wanted or ())  # once each has been met no row further on is one of them (an id two rows of
        for entry in self._entries():  # households.csv hold is said at the first, H005 naming both lines)
            if isinstance(entry, Record) and entry.stray:
                if strays:
                    yield entry
                continue
            hid = (entry.household or "") if isinstance(entry, Record) else layout.household_id(entry[1])
            if wanted is None:
                yield entry if isinstance(entry, Record) else layout.record(*entry)
            elif hid in wanted:
                yield entry if isinstance(entry, Record) else layout.record(*entry)
                left.discard(hid)
                if not left:
                    return

    def _picked(self, wanted: frozenset[str]) -> Iterator[Record]:
        """The records of the households whose ids are among `wanted`, as `_entries` gives them: each table is read
        once, for the ids that join them (`_joins`) and the rows of these households, kept aside. A household the
        tables join (not one `Grouped` passes over) has all the member and line rows that write its id, and only
        those, in one run at its place: `Grouped.take` takes each in turn. The rows of households.csv that are one
        of them give a record each, in order, until each id has been met (an id two rows hold is said at the first,
        H005 naming both lines)."""
        kept: dict[Path, dict[str, list[CsvRow]]] = {path: {hid: [] for hid in wanted} for path in self.files()}
        joins = self._joins(kept)
        layout = self.layout()
        rows = sorted((row for found in kept[self.path].values() for row in found), key=lambda row: row[0])
        left = set(wanted)
        for number, row in rows:
            hid = layout.household_id(row)
            if hid in joins.left_out:
                yield self._left_out(hid, number, joins)
            else:
                entry = self._household(hid, number, row, kept[self.members_path][hid],
                                        kept.get(self.lines_path, {}).get(hid, []))
                yield entry if isinstance(entry, Record) else layout.record(*entry)
            left.discard(hid)
            if not left:
                return

    def ids(self) -> Iterator[str]:
        """The id of each household, row by row of households.csv."""
        return (hid for hid, _ in self._keys(self.path, "id", every=True))

    def own_headers(self) -> dict[str, str]:
        return dict(self.layout().own_headers)

    def layout(self) -> CsvLayout:
        tables = (self.path, self.members_path, self.lines_path)
        return CsvLayout.of(self.header(self.path), self.header(self.members_path), self.header(self.lines_path),
                            self.kinds, str(self.path), str(self.members_path), str(self.lines_path),
                            [self.given_headers.get(path) for path in tables],
                            self.renamed.words if self.renamed else ())

    def chunks(self, size: int) -> Iterator[Any]:
        """`size` entries at a time, each a household's rows or a row that fits no household (a bad record);
        or, when the tables are plain, byte ranges of them that the workers read as columns
        (`engine.batch.csv_columns`)."""
        from engine.batch.csv_columns import plan

        plain = plan(self, size)
        if plain is not None:
            yield from plain
            return
        layout = self.layout()
        entries: list[Any] = []
        for entry in self._entries():
            entries.append(entry)
            if len(entries) == size:
                yield ("csv", layout, entries)
                entries = []
        if entries:
            yield ("csv", layout, entries)

    def _joins(self, kept: Mapping[Path, Mapping[str, list[CsvRow]]] | None = None) -> Joins:
        """How the tables join, from their ids alone (`_keys`; `kept`: for each table, the ids whose rows are kept
        aside as it is read)."""
        kept = kept or {}
        at: dict[str, int] = {}  # each household id and its line in households.csv
        repeated: dict[str, list[int]] = {}  # ids two rows hold, and their lines
        unnamed: list[int] = []  # the lines of rows with no id, each told so (not that they share one)
        for hid, number in self._keys(self.path, "id", kept.get(self.path), every=True):
            blank = not hid.strip()
            if blank:
                unnamed.append(number)
            if hid in at and not blank:
                repeated.setdefault(hid, [at[hid]]).append(number)
            else:
                at[hid] = number
        near = loosely(at)
        found = {path: misplaced_rows(self._keys(path, "household", kept.get(path)), at, near)
                 for path in (self.members_path, self.lines_path)}
        misplaced = {path: out for path, (out, _, _) in found.items()}
        mistaken = {hid: (path, *written) for path, (_, by_household, _) in reversed(found.items())
                    for hid, written in by_household.items()}  # (members.csv's first, where both have some)
        among = {path: gaps for path, (_, _, gaps) in found.items()}
        left_out = {*repeated, *misplaced[self.members_path], *misplaced[self.lines_path], *mistaken,
                    *(written for _, written, _ in mistaken.values()), *among[self.members_path],
                    *among[self.lines_path]}
        return Joins(at, repeated, misplaced, mistaken, left_out, unnamed, among, self._copies(repeated))

    def _copies(self, repeated: Mapping[str, list[int]]) -> frozenset[str]:
        """Of the ids rows of households.csv repeat, those whose rows are the same in every cell: one row given again
        (copied twice in a spreadsheet), not two households. households.csv is read once more, only when some are."""
        if not repeated:
            return frozenset()
        cells: dict[str, set[tuple[str, ...]]] = {}
        for hid, _, row in self._rows(self.path, "id"):
            if hid in repeated:
                cells.setdefault(hid, set()).add(tuple(cell.strip() for cell in row))
        return frozenset(hid for hid, rows in cells.items() if len(rows) == 1)

    def _entries(self) -> Iterator[Any]:
        joins = self._joins()
        headers: list[tuple[Path, int]] = []  # rows that are the header again, said once the tables are read
        members, lines = (Grouped(self._rows(path, "household", headers), str(path), joins, self.header(path),
                                  self.given_headers.get(path)) for path in (self.members_path, self.lines_path))
        for hid, number, row in self._rows(self.path, "id", headers):
            yield from members.stray(hid)
            yield from lines.stray(hid)
            if hid in joins.left_out:
                yield self._left_out(hid, number, joins)
                continue
            yield self._household(hid, number, row, members.take(hid), lines.take(hid))
        yield from members.stray(None)
        yield from lines.stray(None)
        tables = self.files(every=True)
        for path, line in sorted(headers, key=lambda met: (tables.index(met[0]), met[1])):
            yield Record(line, f"{path}:{line}", stray=True, row=line, problem=Diagnostic.said(
                "H001", Said("the header row again, as where two exports are joined into one file",
                             "这一行又是表头，像是两次导出的内容拼接在了一起"),
                None, **at_row(path, line),
                help=Said("delete the row: the rows before and after it are read as the table's rows",
                          "请删去这一行：它前后的行都按表中的行读取")))

    def _household(self, hid: str, number: int, row: list[str], own_members: list[CsvRow],
                   own_lines: list[CsvRow]) -> Any:
        """A household the tables join, from its rows: the entry a worker builds its record from, or a bad record
        when one of its rows is not UTF-8 text."""
        name = str(self.path)
        tables = {str(path): path for path in (self.path, self.members_path, self.lines_path)}
        unreadable = [(file, line) for file, rows in ((name, [(number, row)]), (str(self.members_path), own_members),
                                                       (str(self.lines_path), own_lines))
                      for line, cells in rows if not _utf8(cells)]
        if not unreadable:
            return number, row, own_members, own_lines
        bad_rows = [cells for _, cells in [(number, row), *own_members, *own_lines] if not _utf8(cells)]
        raw = CELLS_PARTED.join(bad_rows[0]).encode("utf-8", errors="surrogateescape")
        shown = Said("the text is not UTF-8", "文本不是 UTF-8 编码") if _utf8([hid]) else Said(
            "the text is not UTF-8 (the household id is shown with � for each byte that is not)",
            "文本不是 UTF-8 编码（家庭编号中不是 UTF-8 的字节显示为 �）")
        file, line = unreadable[0]
        table = tables[file]
        fix = utf8_said(raw, f"{file}:{line}", header=self.given_headers.get(table) or self.header(table))
        others = [(table, [at for named, at in unreadable[1:] if named == table])
                  for table in dict.fromkeys(named for named, _ in unreadable[1:])]
        if others:  # the household's other rows saved alike, which the record's one place would leave unsaid
            # not `listed_said`: each table's line numbers are parted by `、` in Chinese, so the tables (two at most:
            # members.csv, lines.csv) are parted by ` 和 `, which `、` would run into one list of numbers
            where = Said(listed([f"{table}:{', '.join(map(str, lines))}" for table, lines in others], "en"),
                         " 和 ".join(f"{table}:{'、'.join(map(str, lines))}" for table, lines in others))
            fix = Said(f"{fix.en}; the household's rows {where.en} are not UTF-8 either: mend them alike",
                       f"{fix.zh}；该户在 {where.zh} 的行也不是 UTF-8 编码：请一并改正", summarized=True)
        return Record(number, f"{name}:{number}", household=hid, row=number, problem=Diagnostic.said(
            "H001", shown, None, **at_row(file, line), help=fix))

    def _left_out(self, hid: str, number: int, joins: Joins) -> Record:
        """The bad record of a household not decided although its row is read, saying why: its rows cannot all be
        told apart."""
        return Record(number, f"{self.path}:{number}", household=hid, row=number,
                      problem=self._why_left_out(hid, number, joins))

    def _why_left_out(self, hid: str, number: int, joins: Joins) -> Diagnostic:
        """Why the household of row `number` is left out; a repeated id is said at that row, each row's record its
        own (the first at the first row, not at the last)."""
        repeated, mistaken, misplaced = joins.repeated, joins.mistaken, joins.misplaced
        if hid in repeated:
            rows, many = repeated[hid], len(repeated[hid]) > _LINES_NAMED
            numbers = [str(n) for n in rows[:_LINES_NAMED]] + (["…", str(rows[-1])] if many else [])
            count = Said(f", {len(rows):,} rows", f"，共 {len(rows):,} 行") if many else Said("", "")
            lines = Said(f"lines {', '.join(numbers)}{count.en}", f"第 {'、'.join(numbers)} 行{count.zh}")
            message = Said(f"household id `{hid}` is used by more than one row ({lines.en})",
                           f"家庭编号 `{hid}` 用在了不止一行（{lines.zh}）")
            fix = Said("give each household its own id: the member and line rows cannot tell them apart",
                       "请给每户一个自己的编号：否则成员行和收支行分不清属于哪一户")
            if scientific(hid):  # every long id a spreadsheet showed alike: not one of them can be read back
                message = Said(f"{message.en}: {SCIENTIFIC.en}", f"{message.zh}：{SCIENTIFIC.zh}")
                fix = Said("format the id columns of the three tables as text (not \"General\") and export them "
                           "again: the households cannot be told apart",
                           "请把三张表的编号列都设为“文本”格式（不是“常规”），再重新导出：否则分不清各户")
            elif hid in joins.copies:
                message = Said(f"the row of household `{hid}` is repeated, the same in every cell ({lines.en})",
                               f"家庭 `{hid}` 的这一行重复了，每个单元格都相同（{lines.zh}）")
                fix = Said("delete the repeated rows, keeping one: the household is decided once, on it",
                           "请删去重复的行，只留一行：这一户只按它认定一次")
            return Diagnostic.said("H005", message, None, **at_row(self.path, number), help=fix)
        if hid in mistaken:
            return written_otherwise(hid, *mistaken[hid])
        gap = next(((p, joins.among[p][hid]) for p in (self.members_path, self.lines_path) if hid in joins.among[p]),
                   None)
        if gap is not None:
            return _row_without_id(hid, *gap, self.given_name(gap[0], "household"))
        from engine.batch.csv_columns import planned_row_by_row, rows_to_blame

        path = next(p for p in (self.members_path, self.lines_path) if hid in misplaced[p])
        return Diagnostic.said(
            "H004", Said(f"the rows of household `{hid}` in {path.name} are not together in the order of "
                         "households.csv",
                         f"{path.name} 中家庭 `{hid}` 的各行没有按 households.csv 的顺序排在一起"),
            None, **at_row(path, misplaced[path][hid]),
            help=_sort_or_mend(path.name, planned_row_by_row(self), rows_to_blame(self)))


def _sort_or_mend(table: str, why: Said | None, blamed: int) -> Said:
    """The help of a household whose rows in `table` are apart or out of order: to sort the table; and, where the
    tables are not read as columns (where rows in any order are joined), why (`why`) — and where that names the
    first of `blamed` rows to blame, first of all to correct them (which may be all that keeps the rest from being
    read)."""
    sort = Said(f"sort {table} by household, in the order of households.csv (for example, both by household id)",
                f"请把 {table} 按家庭排序，顺序与 households.csv 一致（例如两者都按家庭编号排序）")
    whole = Said("the household is not decided on part of its rows", "只凭部分行不会认定这一户")
    if why is None:
        return Said(f"{sort.en}; {whole.en}", f"{sort.zh}；{whole.zh}")
    if not blamed:
        return Said(f"{sort.en}; {whole.en}. Rows in any order are joined only in tables read as columns, which these "
                    f"are not: {why.en}",
                    f"{sort.zh}；{whole.zh}。只有按列读取的表，各行才可以任意顺序排列，而这些表不能按列读取：{why.zh}")
    rows = Said("one row keeps these from", "这些表因一行而不能按列读取") if blamed == 1 else \
        Said(f"{blamed:,} rows keep these from; the first", f"这些表因 {blamed:,} 行而不能按列读取，第一行是")
    fix = Said("correct it", "请改正这一行") if blamed == 1 else Said("correct them", "请改正这些行")
    return Said(f"rows in any order are joined only in tables read as columns, which {rows.en}: {why.en}; {fix.en}, or "
                f"{sort.en}; {whole.en}",
                f"只有按列读取的表，各行才可以任意顺序排列，{rows.zh}：{why.zh}；{fix.zh}，或{sort.zh[1:]}；{whole.zh}",
                summarized=True)


_LINES_NAMED = 10  # of the rows that share a household id, the lines named (then `…` and the last)


def _row_without_id(hid: str, path: Path, gap: Gap, key: str) -> Diagnostic:
    """Household `hid`, whose row of the child table `path` is most likely the one with no household id (in the
    column the file names `key`; `gap`: among its rows, or where its rows would be): one of its members or lines,
    whose id was lost; deciding the household without it could be wrong."""
    line = gap.line
    message = Said(f"row {line} of {path.name}, among the rows of household `{hid}`, has no household id",
                   f"{path.name} 第 {line} 行夹在家庭 `{hid}` 的各行之间，却没有家庭编号") if gap.inside else Said(
        f"household `{hid}` has no row in {path.name}, and row {line}, where its rows would be, has no household id",
        f"家庭 `{hid}` 在 {path.name} 中没有任何一行，而在它的各行应在的位置，第 {line} 行没有家庭编号")
    return Diagnostic.said(
        "H004", message, None, **at_row(path, line),
        help=Said(f"if the row is household `{hid}`'s, write `{hid}` in its `{key}`; if it is no household's, "
                  "delete it. The household is not decided without it",
                  f"如果这一行属于家庭 `{hid}`，请在其 `{key}` 列填写 `{hid}`；如果不属于任何一户，请删去这一行。"
                  "缺了这一行，这一户不予认定"))


def _utf8(cells: list[str]) -> bool:
    """Whether cells read with `surrogateescape` came from UTF-8 text (bytes that are not are kept as
    lone surrogates, which UTF-8 cannot carry)."""
    text = "\x1f".join(cells)
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def write_households_csv(households: Iterator[dict[str, Any]] | Sequence[dict[str, Any]], folder: Path,
                         policy: Policy, quoted: bool = False) -> None:
    """Write household dicts (DESIGN §6) as the CSV tables `CsvTables` reads: `households.csv`,
    `members.csv` and `lines.csv` in `folder` (made if missing), each file written atomically; `quoted`: every
    cell in quotes, as a database export writes them."""
    household_inputs = [f.name.split(".", 1) for f in policy.input_fields("household")]  # (group, name)
    member_inputs = [f.name for f in policy.input_fields("member")]

    def cell(value: Any) -> str:
        if value is None:
            return ""
        return ("true" if value else "false") if isinstance(value, bool) else str(value)

    folder.mkdir(parents=True, exist_ok=True)
    names = ("households.csv", "members.csv", "lines.csv")
    staged = [folder / f".{name}.tmp" for name in names]
    with staged[0].open("w", newline="", encoding="utf-8") as h_file, \
            staged[1].open("w", newline="", encoding="utf-8") as m_file, \
            staged[2].open("w", newline="", encoding="utf-8") as l_file:
        h_rows, m_rows, l_rows = (csv.writer(file, quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL)
                                  for file in (h_file, m_file, l_file))
        h_rows.writerow(["id", "date", *[f"{group}.{name}" for group, name in household_inputs]])
        m_rows.writerow(["household", "id", *member_inputs])
        l_rows.writerow(["household", "kind", "type", "member", "amount"])
        for h in households:
            hid = h["id"]
            h_rows.writerow([hid, cell(h.get("date")), *[cell(h.get(g, {}).get(f)) for g, f in household_inputs]])
            for m in h["members"]:
                m_rows.writerow([hid, m["id"], *[cell(m.get(name)) for name in member_inputs]])
            for kind, section in (("income", "income"), ("expense", "expenses")):
                for line in h.get(section, []):
                    l_rows.writerow([hid, kind, line["type"], line.get("member", ""), cell(line["amount"])])
    for temporary, name in zip(staged, names, strict=True):
        os.replace(temporary, folder / name)
