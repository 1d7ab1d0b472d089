"""Parquet input: households as rows of a Parquet file, or of a folder of part files, as `Record`s.

Input: a Parquet file whose columns mirror the JSON form (`households_arrow_schema`; docs/batch.md
gives the layout), or a folder of them as Spark and other tools write a table. Output: chunk
payloads that a worker reads itself (a row range of one file), and the rows as `Record`s with
exact decimals where the columnar intake cannot take them (`engine.batch.arrow_intake` can).
Invariants: a file's columns are checked against the policies before a row is read; every
record is numbered by its place in the input and placed by its file and row
(`households.parquet[row 7]`); a worker's memory follows the chunk size, not the row groups.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import os
from collections.abc import Collection, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from engine.batch.readers import Input, InputError, InputNote, Record, decisions_given
from engine.diagnostics import Said
from engine.model import Policy


class UnreadableParquet(ValueError):
    """A file pyarrow cannot read as Parquet: what is wrong, in words (`said`), and pyarrow's own (`detail`)."""

    def __init__(self, said: Said, detail: str):
        super().__init__(f"{said.en} ({detail})")
        self.said = said
        # on one line, without the stray bytes pyarrow may quote from a damaged header
        self.detail = " ".join("".join(c for c in detail if c.isprintable() or c.isspace()).split())

    @property
    def what(self) -> Said:
        return Said(f"not a readable Parquet file: {self.said.en}", f"不是可读的 Parquet 文件：{self.said.zh}")

    def lines(self, path: Path) -> Said:
        """`FILE: not a readable Parquet file: …` and, on a line of its own, pyarrow's words as a detail."""
        return Said(f"{path}: {self.what.en}\n{DETAIL.en}{self.detail}",
                    f"{path}：{self.what.zh}\n{DETAIL.zh}{self.detail}")


DETAIL = Said("  detail: ", "  详情：")  # the words of a library, kept under what is said in the reader's language


def parquet_file(path: Path) -> Any:
    """`pyarrow.parquet.ParquetFile(path)`; raises UnreadableParquet saying which part of the file is wrong."""
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError, its IOError an OSError
        with path.open("rb") as handle:
            parquet = handle.read(4) == b"PAR1"
        said = Said("its end, where a Parquet file lists its columns and rows (the footer), is missing or damaged: "
                    "most often a copy cut short",
                    "文件末尾记录列和行的部分（footer）缺失或已损坏，多半是文件没有复制完整") if parquet else \
            Said("it does not begin as a Parquet file does (`PAR1`)", "文件开头不是 Parquet 文件的开头（`PAR1`）")
        raise UnreadableParquet(said, str(error)) from None


def damaged_rows(first: int, last: int, error: Exception) -> UnreadableParquet:
    """Rows `first` to `last` (from 1) of a Parquet file whose data cannot be read or decompressed."""
    read = Said(f" (rows 1–{first - 1:,} were read)", f"（第 1–{first - 1:,} 行可以读取）") if first > 1 \
        else Said("", "")
    return UnreadableParquet(Said(f"the data of rows {first:,}–{last:,} is damaged{read.en}",
                                  f"第 {first:,}–{last:,} 行的数据已损坏{read.zh}"), str(error))


class _ParquetCursor:
    """A worker's place in a Parquet file, read forward in batches: rows are decoded as far as a chunk
    needs and only the chunk is kept, so memory follows the chunk size, not the file's row groups."""

    BATCH = 8192

    def __init__(self) -> None:
        self.name: str | None = None
        self.firsts: list[int] = []  # the first row of each row group of the file
        self.position = 0  # the file row of the first row of `left`, or of the next batch
        self.batches: Iterator[Any] = iter(())
        self.left: Any = None  # the unused end of the last batch

    def rows(self, name: str, start: int, end: int) -> Any:
        """Rows `start` to `end` of the file as an Arrow table (None when it has none)."""
        import pyarrow as pa

        # a row of a later row group: read from that group's first row, not through every row before it
        later = _group(self.firsts, start) > _group(self.firsts, self.position)
        if name != self.name or start < self.position or later:
            self._open(name, start)
        parts = []
        while self.position < end:
            batch = self.left if self.left is not None else next(self.batches, None)
            self.left = None
            if batch is None:
                break
            first = self.position
            self.position += len(batch)
            if self.position <= start:
                continue
            low, high = max(start - first, 0), min(end - first, len(batch))
            parts.append(batch.slice(low, high - low))
            if high < len(batch):
                self.left, self.position = batch.slice(high), first + high
        return pa.Table.from_batches(parts) if parts else None

    def _open(self, name: str, start: int) -> None:
        """Read on from the row group that holds row `start`."""
        import pyarrow.parquet as pq

        file = pq.ParquetFile(name, pre_buffer=False)  # not the whole rest of the file read ahead into memory
        sizes = [file.metadata.row_group(g).num_rows for g in range(file.metadata.num_row_groups)]
        self.firsts = list(itertools.accumulate(sizes, initial=0))[:-1]
        first, row = len(sizes), 0
        for g, rows in enumerate(sizes):
            if row + rows > start:
                first = g
                break
            row += rows
        self.name, self.position, self.left = name, row, None
        groups = list(range(first, len(sizes)))
        self.batches = file.iter_batches(batch_size=self.BATCH, row_groups=groups, use_threads=False) if groups \
            else iter(())


_cursor = _ParquetCursor()


def _group(firsts: list[int], row: int) -> int:
    """The row group that holds a row, given the first row of each (past the last: the last)."""
    return bisect.bisect_right(firsts, row) - 1


def _row_place(name: str, number: int) -> str:
    """Where row `number` (from 1) of a Parquet file is, as messages name it."""
    return f"{name}[row {number}]"


class ParquetHouseholds(Input):
    """One Parquet file whose columns mirror the JSON form (members, income, expenses as lists)."""

    form = "parquet"

    def __init__(self, path: Path, policies: Sequence[Policy], *, part: bool = False,
                 ignored: frozenset[str] = frozenset()):
        self.path = path
        self.nullable = set(nullable_inputs(policies))
        try:
            import pyarrow.parquet  # noqa: F401  (said here, before the file is opened)
        except ImportError:
            raise InputError(Said("reading Parquet needs pyarrow: pip install pyarrow",
                                  "读取 Parquet 需要 pyarrow：pip install pyarrow")) from None
        try:
            self.file = parquet_file(path)
        except UnreadableParquet as error:
            raise InputError(error.lines(path)) from None
        blank = set() if part else null_throughout([self.file.metadata])  # a folder's part: the whole folder counts
        self.notes = households_columns(str(path), self.file.schema_arrow, policies, blank, ignored=ignored)
        times_of_day(str(path), self.file)
        self.blank_date = str(path) if "date" in blank else None
        if self.file.metadata.num_rows == 0 and not part:  # a part of a folder may be empty (Spark writes some)
            raise InputError(Said(f"{path}: the file holds no household (no row)",
                                  f"{path}：文件中没有家庭（没有任何行）"))

    def count(self) -> int | None:
        return int(self.file.metadata.num_rows)

    def where(self, number: int) -> str:
        return _row_place(str(self.path), number)

    def chunks(self, size: int, offset: int = 0) -> Iterator[Any]:
        """Row ranges: each worker reads its own rows from the file. `offset`: the records before the file's
        first (in a folder), which numbers its rows on from there."""
        total = self.count() or 0
        nullable = sorted(self.nullable)
        for start in range(0, total, size):
            yield ("parquet", str(self.path), start, min(total, start + size), nullable, offset)

    RUN = 4  # chunks at most in a run (of 25,000 households: 100,000)

    def runs(self, size: int, offset: int = 0) -> Iterator[list[Any]]:
        """The chunks that start in one row group as one run, where they are at most `RUN`; each chunk alone
        otherwise. A worker reads a row group from its first row, so two workers taking turns on its chunks each
        decoded all of it: with row groups of 100,000 and chunks of 25,000, each decoded the whole file."""
        firsts = list(itertools.accumulate((self.file.metadata.row_group(g).num_rows
                                            for g in range(self.file.metadata.num_row_groups)), initial=0))
        for _, chunks in itertools.groupby(self.chunks(size, offset), key=lambda payload: _group(firsts, payload[2])):
            run = list(chunks)
            if len(run) <= self.RUN:
                yield run
            else:
                yield from ([payload] for payload in run)

    def rows_with(self, ids: Collection[str], offset: int = 0) -> Iterator[Record]:
        """The records of the rows whose `id` is one of `ids`, in file order: the `id` column is searched a batch at
        a time, and only the rows found are read whole. `offset` as for `chunks`."""
        import pyarrow as pa
        import pyarrow.compute as pc

        wanted = pa.array(sorted(ids), pa.string())
        nullable = sorted(self.nullable)
        start = 0
        for column in self._id_batches():
            try:
                found = pc.fill_null(pc.is_in(column.cast(pa.string()), value_set=wanted), False)
            except pa.ArrowException:  # ids of a type that is no text: no row has one of these
                return
            for at in pc.indices_nonzero(found).to_pylist():
                yield from self.read_rows(str(self.path), start + at, start + at + 1, nullable, offset)
            start += len(column)

    def ids(self) -> Iterator[Any]:
        """The `id` of each row, in file order (None where it is null, or where the file has no `id` column)."""
        if "id" not in self.file.schema_arrow.names:
            yield from itertools.repeat(None, self.count() or 0)
        for column in self._id_batches():
            yield from column.to_pylist()

    def _id_batches(self) -> Iterator[Any]:
        if "id" not in self.file.schema_arrow.names:
            return
        for batch in self.file.iter_batches(batch_size=65536, columns=["id"], use_threads=False):
            yield batch.column(0)

    @staticmethod
    def read_rows(name: str, start: int, end: int, nullable: list[str], offset: int = 0) -> list[Record]:
        table = ParquetHouseholds.read_table(name, start, end)
        return ParquetHouseholds.rows_as_records(table, range(table.num_rows), name,
                                                 range(start + 1, start + table.num_rows + 1), nullable, offset)

    @staticmethod
    def read_table(name: str, start: int, end: int) -> Any:
        """Rows `start` to `end` of the file, as an Arrow table."""
        import pyarrow as pa

        table = _cursor.rows(name, start, end)
        return pa.table({}) if table is None else dated(table)

    @staticmethod
    def rows_as_records(table: Any, positions: Sequence[int], name: str, rows: Sequence[int],
                        nullable: list[str], offset: int = 0) -> list[Record]:
        """The rows at `positions` of a chunk's table as records; row i of the table is row `rows[i]` (from 1)
        of the file `name`, and record `offset + rows[i]` of the input."""
        import pyarrow as pa

        data = table.take(pa.array(list(positions), pa.int64())).to_pylist() if len(positions) else []
        household = _row_reader(tuple(nullable)).household
        return [Record(offset + rows[i], _row_place(name, rows[i]), data=household(row))
                for i, row in zip(positions, data, strict=True)]


class ParquetFolder(Input):
    """The Parquet files of a folder in path order, as Spark and other tools write a table (part files, in
    partition folders too; names that start with `_` or `.`, such as `_SUCCESS`, are not data).

    A record's number is its place among the folder's rows; `where` turns it back into the file and row."""

    form = "parquet"

    def __init__(self, path: Path, policies: Sequence[Policy], ignored: frozenset[str] = frozenset()):
        self.path = path
        files = parquet_parts(path)
        partitioned = partition_notes(str(path), [f.relative_to(path).as_posix() for f in files], policies)
        self.parts = [ParquetHouseholds(f, policies, part=True, ignored=ignored) for f in files]
        self.starts = list(itertools.accumulate((p.count() or 0 for p in self.parts), initial=0))
        if self.starts[-1] == 0:
            raise InputError(Said(f"{path}: the folder's Parquet files hold no household (no row)",
                                  f"{path}：文件夹中的 Parquet 文件里没有家庭（没有任何行）"))
        blank = null_throughout([p.file.metadata for p in self.parts])
        self.notes = partitioned + list(dict.fromkeys(
            note for schema in _distinct(p.file.schema_arrow for p in self.parts)
            for note in households_columns(str(path), schema, policies, blank, ignored=ignored)))
        self.blank_date = str(path) if "date" in blank else None

    def files(self, every: bool = False) -> list[Path]:
        return [p.path for p in self.parts]

    def count(self) -> int | None:
        return self.starts[-1]

    def where(self, number: int) -> str:
        at = bisect.bisect_left(self.starts, number) - 1
        return _row_place(str(self.parts[at].path), number - self.starts[at])

    def chunks(self, size: int) -> Iterator[Any]:
        for part, start in zip(self.parts, self.starts, strict=False):
            yield from part.chunks(size, offset=start)

    def runs(self, size: int) -> Iterator[list[Any]]:
        for part, start in zip(self.parts, self.starts, strict=False):
            yield from part.runs(size, offset=start)

    def rows_with(self, ids: Collection[str]) -> Iterator[Record]:
        """`ParquetHouseholds.rows_with` of each part in turn."""
        for part, start in zip(self.parts, self.starts, strict=False):
            yield from part.rows_with(ids, offset=start)

    def ids(self) -> Iterator[Any]:
        for part in self.parts:
            yield from part.ids()


def parquet_parts(folder: Path) -> list[Path]:
    """The data files of a folder that holds a Parquet table, in path order — in its partition folders too
    (`county=430524/part-00000.parquet`, as Hive and Spark write a partitioned table); none when it holds
    any other file. Names that start with `_` or `.` (`_SUCCESS`, `.crc` files) are not data."""
    data = sorted(_data_files(folder))
    return data if data and all(p.suffix.lower() in (".parquet", ".pq") for p in data) else []


def _data_files(folder: Path) -> Iterator[Path]:
    for entry in folder.iterdir():
        if entry.name.startswith(("_", ".")):
            continue
        if entry.is_dir():
            yield from _data_files(entry)
        elif entry.is_file():
            yield entry


def partition_keys(parts: Sequence[str]) -> list[str]:
    """The keys a table is partitioned by, from its files' paths relative to it (`county=430524/part-0.parquet`)."""
    return list(dict.fromkeys(folder.split("=", 1)[0] for part in parts for folder in part.split("/")[:-1]
                              if "=" in folder))


def partition_notes(path: str, parts: Sequence[str], policies: Sequence[Policy]) -> list[InputNote]:
    """The note on a table partitioned by folder names (`county=430524/…`, `parts` relative to `path`):
    those values are kept in the names, not in the rows, so they are not read. `InputError` when a
    partition names a household column (`date=2026-03-01/`): its files lack it, and every household
    would be decided without it."""
    keys = partition_keys(parts)
    held = set(household_columns(policies))
    for key in keys:
        if key in held:
            raise InputError(Said(f"{path}: the table is partitioned by `{key}`, which each household needs, and a "
                                  f"partitioned table keeps `{key}` in its folders' names, not in the rows: write it "
                                  f"without partitioning by `{key}`",
                                  f"{path}：该表按 `{key}` 分区，而每户都需要 `{key}`；"
                                  f"分区表把 `{key}` 放在文件夹名中，不在各行里：请不按 `{key}` 分区重新写出"))
    if not keys:
        return []
    named = ", ".join(f"`{key}`" for key in keys)
    listed = "、".join(f"`{key}`" for key in keys)
    return [InputNote(Said(f"{path} is partitioned by {named} (in its folders' names, `{keys[0]}=…`): not a "
                           "household field, so not read",
                           f"{path} 按 {listed} 分区（在文件夹名 `{keys[0]}=…` 中）：不是家庭字段，不读取"))]


def household_columns(policies: Sequence[Policy]) -> list[str]:
    """The columns of a households table: `id`, `date`, `members`, `income`, `expenses` and the groups of the
    household inputs (`assets`, `housing`, …)."""
    from engine.batch.input_columns import input_fields

    groups = dict.fromkeys(name.split(".", 1)[0] for name in input_fields(policies, "household"))
    return ["id", "date", "members", "income", "expenses", *groups]


def _distinct(schemas: Iterator[Any]) -> list[Any]:
    out: list[Any] = []
    for schema in schemas:
        if not any(schema.equals(seen) for seen in out):
            out.append(schema)
    return out


class _RowReader:
    """Parquet rows, as Arrow gives them to Python, as household JSON: a null stands for an absent field,
    unless the policies let the field be null."""

    def __init__(self, nullable: Sequence[str]):
        self.kept: dict[str, set[str]] = {}  # the nullable fields of each struct, by its prefix
        for entry in nullable:
            level, _, name = entry.partition(":")
            group, dot, field = name.rpartition(".")
            self.kept.setdefault(f"{level}:{group}{dot}", set()).add(field)
        self.members = frozenset(self.kept.get("member:", ()))
        self.lines = frozenset(self.kept.get("line:", ()))

    def household(self, row: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in row.items():
            if value is None:
                continue
            if key == "members" and type(value) is list:
                out[key] = [_plain(m, self.members) for m in value]
            elif key in ("income", "expenses") and type(value) is list:
                out[key] = [_plain(x, self.lines) for x in value]
            elif type(value) is dict:
                out[key] = _plain(value, self.kept.get(f"household:{key}.", _NONE))
            else:
                out[key] = value.isoformat() if isinstance(value, datetime.date) else value
        return out


_NONE: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=8)
def _row_reader(nullable: tuple[str, ...]) -> _RowReader:
    return _RowReader(nullable)


def _plain(value: Any, nullable: set[str] | frozenset[str]) -> Any:
    if type(value) is not dict:
        return value
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in value.items()
            if v is not None or k in nullable}


def nullable_inputs(policies: Sequence[Policy]) -> list[str]:
    """`level:name` of every input a policy lets be null: in Parquet a null stands for an absent field but these."""
    return sorted({f"{f.level}:{f.name}" for p in policies for f in p.inputs.values() if f.nullable})


def households_columns(path: str, schema: Any, policies: Sequence[Policy], blank: Collection[str] = (),
                       timestamps: bool = True, ignored: frozenset[str] = frozenset()) -> list[InputNote]:
    """Check that a Parquet file (or a Spark folder of them) with this Arrow schema holds households; raises
    `InputError` where every row would be refused; the notes for inputs no column gives, or only nulls (`blank`,
    as `null_throughout` names them). `timestamps`: whether the reader takes a timestamp at midnight as a date
    (`times_of_day`, `dated`; Spark's rows do not). `ignored`: the columns and fields of `--ignore-column`
    (`engine.batch.ignored`), not looked at."""
    from engine.household import looks_like_decision

    names = schema.names  # a file every row of which would be a bad record:
    if looks_like_decision(dict.fromkeys(names)):  # the columns are the keys of each row
        raise decisions_given(path)
    if "members" not in names:
        raise InputError(Said(f"{path}: has no `members` column, so it holds no households (one row per household, "
                              "its members a list; `policy sample -o households.parquet` writes one)",
                              f"{path}：没有 `members` 列，所以其中没有家庭（应每户一行，成员为列表；"
                              "`policy sample -o households.parquet` 可写出一个样例）"))
    return _check_parquet_columns(path, schema, policies, blank, timestamps, ignored)


def null_throughout(footers: Sequence[Any]) -> set[str]:
    """The columns that hold only nulls in every row of these Parquet files (their footers: pyarrow's
    `FileMetaData`, one per file of a table) — `date`, a field of a struct column (`assets.deposits`), or of the
    structs of a list column (`members.supporter`) — read off the null counts a footer keeps for each column chunk,
    so no value is read. A chunk with no count is taken to hold a value (no warning rests on a guess), and a file's
    missing column holds none."""
    seen: set[str] = set()
    valued: set[str] = set()
    for metadata in footers:
        for g in range(metadata.num_row_groups):
            group = metadata.row_group(g)
            for c in range(group.num_columns):
                chunk = group.column(c)
                path = chunk.path_in_schema.split(".")  # `members.list.element.supporter`, as written
                name = path[0] if len(path) == 1 else f"{path[0]}.{path[-1]}"
                seen.add(name)
                counted = chunk.statistics is not None and chunk.statistics.has_null_count
                if not counted or chunk.statistics.null_count < chunk.num_values:
                    valued.add(name)
    return seen - valued


def _check_parquet_columns(path: str, schema: Any, policies: Sequence[Policy], blank: Collection[str] = (),
                           timestamps: bool = True, ignored: frozenset[str] = frozenset()) -> list[InputNote]:
    """Stop at columns (or fields of the struct columns) every row would be refused for; the notes for inputs
    no column gives, or only nulls (see `engine.batch.input_columns`)."""
    from engine.batch.ignored import given_columns, within
    from engine.batch.input_columns import absent_inputs, input_fields, needed_inputs, refuse_missing, refuse_unknown

    household, member = input_fields(policies, "household"), input_fields(policies, "member")
    groups: dict[str, list[str]] = {}
    for name in household:
        group, field = name.split(".", 1)
        groups.setdefault(group, []).append(field)
    _refuse_flattened(path, schema.names, household)
    refuse_unknown(path, given_columns(schema.names, ignored), household_columns(policies),
                   needed=["id", "members"])
    refuse_missing(path, schema.names, ["id"], "household")
    _refuse_text_for_lists(path, schema, member, groups)

    def fields_of(column: str) -> list[str]:
        struct = _struct_of(schema.field(column).type)
        return [] if struct is None else [f.name for f in struct]

    def column(name: str) -> Said:
        return Said(f"{path}, column `{name}`", f"{path} 的 `{name}` 列")

    given_members = given_columns(fields_of("members"), ignored)
    refuse_unknown(column("members"), given_members, ["id", *member],
                   needed=["id", *needed_inputs(member)])
    refuse_missing(column("members"), given_members, ["id"], "member")
    given_household: list[str] = []
    for group, known in groups.items():
        if group in schema.names:
            inside = given_columns(fields_of(group), within(group, ignored))
            refuse_unknown(column(group), inside, known, prefix=f"{group}.")
            given_household += [f"{group}.{name}" for name in inside]
    for section in ("income", "expenses"):
        if section in schema.names:
            fields = given_columns(fields_of(section), ignored)
            refuse_unknown(column(section), fields, ["type", "member", "amount"], needed=["type", "amount"])
            refuse_missing(column(section), fields, ["type", "amount"], "line")
    _refuse_types(path, schema, policies, timestamps)
    notes = [*absent_inputs(str(path), given_household, household, "household", policies, blank),
             *absent_inputs(column("members"), given_members, member, "member", policies,
                            {name.split(".", 1)[1] for name in blank if name.startswith("members.")})]
    for section in ("income", "expenses"):
        if section not in schema.names:
            lines = Said(f"no {section} lines", f"没有{'收入' if section == 'income' else '支出'}条目")
            notes.append(InputNote(
                Said(f"{path} has no column `{section}`: every household is decided with {lines.en}",
                     f"{path} 中没有 `{section}` 列：每户都按{lines.zh}认定"),
                Said(f"every household was decided with {lines.en}: {path} has no column `{section}`",
                     f"每户都是按{lines.zh}认定的：{path} 中没有 `{section}` 列")))
    return notes


def _refuse_text_for_lists(path: str, schema: Any, member: dict[str, Any], groups: dict[str, list[str]]) -> None:
    """Stop at a column that holds a list of structs (`members`, `income`, `expenses`) or a struct (`assets`, …) in the
    layout but is a text column in the file — the JSON text of the list (`[{"id": "p1", …}]`), as an export writes a
    nested value it cannot store: read for its fields, `members` would be told it lacks `birth_date`, and every row
    of another column would be a bad record. One error names each such column, what the policy reads from it, and
    how to store the list itself (pandas, pyarrow, or the layout of `policy sample`'s file to copy)."""
    import pyarrow as pa

    held = {"members": Said("a list of structs, one per member (" + ", ".join(f"`{f}`" for f in ["id", *member][:3])
                            + ", …)", "结构体列表，每位成员一个（" + "、".join(f"`{f}`" for f in ["id", *member][:3])
                            + " 等）")}
    for section in ("income", "expenses"):
        held[section] = Said("a list of structs, one per line (`type`, `member`, `amount`)",
                             "结构体列表，每个条目一个（`type`、`member`、`amount`）")
    for group, fields in groups.items():
        shown = ", ".join(f"`{f}`" for f in fields[:2]) + (", …" if len(fields) > 2 else "")
        held[group] = Said(f"a struct ({shown})", f"结构体（{shown.replace(', ', '、')}）")
    text = [name for name in held if name in schema.names and (pa.types.is_string(schema.field(name).type)
                                                               or pa.types.is_large_string(schema.field(name).type))]
    if not text:
        return
    money = any(name != "members" for name in text)  # amounts: read as exact decimals, not floats
    decimal = ", parse_float=decimal.Decimal" if money else ""
    c = f'"{text[0]}"' if len(text) == 1 else "c"
    loop = "" if len(text) == 1 else "for c in [" + ", ".join(f'"{name}"' for name in text) + "]: "
    pandas = (f"{loop}df[{c}] = df[{c}].map(" + (f"lambda s: json.loads(s{decimal})" if money else "json.loads")
              + ', na_action="ignore")')
    arrow = (f"{loop}table = table.set_column(table.schema.get_field_index({c}), {c}, pa.array([json.loads(s{decimal}) "
             f"if s else None for s in table[{c}].to_pylist()]))")
    sample = "`policy sample --n 10 -o sample.parquet`"
    how = Said(f"pandas: `{pandas}` before `df.to_parquet(…)`; pyarrow: `{arrow}`; or copy the layout of the file "
               f"{sample} writes (`pyarrow.parquet.read_schema(\"sample.parquet\")`)",
               f"pandas：`{pandas}`，再 `df.to_parquet(…)`；pyarrow：`{arrow}`；也可照着 {sample} 写出的文件的结构来写"
               f"（`pyarrow.parquet.read_schema(\"sample.parquet\")`）")
    wrong = [Said(f"column `{name}` is a text column ({schema.field(name).type}), where the policy reads "
                  f"{held[name].en}",
                  f"`{name}` 列是文本列（{schema.field(name).type}），而政策从中读取的是{held[name].zh}")
             for name in text]
    if len(text) == 1:
        example = ' (`[{"id": "p1", …}]`)' if text[0] == "members" else ""
        example_zh = '（`[{"id": "p1", …}]`）' if text[0] == "members" else ""
        raise InputError(Said(f"{path}: {wrong[0].en} — most likely its JSON text{example}, which every row would be "
                              f"refused for: store the value itself, not its text — {how.en}",
                              f"{path}：{wrong[0].zh}——像是存成了 JSON 文本{example_zh}，这样每一行"
                              f"都会被拒绝：请存入值本身，而不是它的文本——{how.zh}"))
    raise InputError(Said(f"{path}: text columns where the policy reads lists and structs, most likely their JSON "
                          "text, which every row would be refused for:" + "".join(f"\n  {w.en}" for w in wrong)
                          + f"\nstore the values themselves, not their text — {how.en}",
                          f"{path}：以下各列是文本列，而政策从中读取的是列表或结构体，像是存成了 JSON 文本，这样每一行"
                          "都会被拒绝：" + "".join(f"\n  {w.zh}" for w in wrong)
                          + f"\n请存入值本身，而不是它们的文本——{how.zh}"))


def _refuse_flattened(path: str, names: Sequence[str], household: dict[str, Any]) -> None:
    """Stop at columns named `assets.deposits`, … where the layout has a struct column `assets` with those fields, as
    pandas' `json_normalize` flattens households: told they are no column a policy reads, a user would remove them,
    and every household would take their defaults (deposits 0: the asset test passed by all). Each group's columns
    are named with how to nest them into its struct column."""
    from engine.batch.input_columns import _shown

    flat: dict[str, list[str]] = {}
    for name in names:
        group, dot, _ = name.partition(".")
        if dot and group not in names and name in household:
            flat.setdefault(group, []).append(name)
    if not flat:
        return
    said = []
    for group, columns in flat.items():
        listed = ", ".join(f"`{c}`" for c in columns)
        one = len(columns) == 1
        it, its = ("it", "its default") if one else ("them", "their defaults")
        defaults = ", ".join(f"{c.split('.', 1)[1]} {_shown(household[c].default)}" for c in columns
                             if household[c].has_default)
        how = (f'pandas: `cols = [c for c in df if c.startswith("{group}.")]; '
               f'df["{group}"] = df[cols].rename(columns=lambda c: c.split(".", 1)[1]).to_dict("records"); '
               f'df = df.drop(columns=cols)`; pyarrow: `table.append_column("{group}", pa.StructArray.from_arrays('
               f'[table[c].combine_chunks() for c in cols], names=[c.split(".", 1)[1] for c in cols]))'
               f'.drop_columns(cols)`')
        fallback = Said(f" (removed, every household would take {its}: {defaults})",
                        f"（若删去，每户都取默认值：{defaults}）") if defaults else Said("", "")
        said.append(Said(f"{listed} {'is a field' if one else 'are fields'} of the struct column `{group}`, written "
                         f"flat as {'a column of its own' if one else 'columns of their own'} (as pandas' "
                         f"json_normalize writes {it}): the policy reads {it} only inside `{group}`; nest {it} into "
                         f"that column{fallback.en} — {how}",
                         f"{listed} 是结构体列 `{group}` 的字段，却被拆成了单独的列"
                         f"（pandas 的 json_normalize 就这样写）：政策只从 `{group}` 列中读取；"
                         f"请把它们并入这一列{fallback.zh}——{how}"))
    if len(said) == 1:
        raise InputError(Said(f"{path}: {said[0].en}", f"{path}：{said[0].zh}"))
    raise InputError(Said(f"{path}: struct columns written flat:" + "".join(f"\n  {x.en}" for x in said),
                          f"{path}：结构体列被拆成了单独的列：" + "".join(f"\n  {x.zh}" for x in said)))


def _refuse_float_money(path: str, floats: Sequence[tuple[str, Any]]) -> None:
    """Stop at money held as floating point (`double`; `floats`: each column or field by name, and its type): a float
    is no exact amount (0.1 + 0.2 is 0.30000000000000004, and 1e20 passes for one), so the columns are to be cast to
    decimal before the run."""
    if not floats:
        return
    named, listed, one = _named_columns(floats)
    raise InputError(Said(
        f"{path}: {'column' if one else 'columns'} {named} {'holds' if one else 'hold'} money as floating point, "
        "which is no exact amount (0.1 + 0.2 gives 0.30000000000000004): cast "
        f"{'it' if one else 'them'} to decimal(18,2) (`pa.decimal128(18, 2)` in pyarrow, `DECIMAL(18,2)` in Spark "
        "SQL), or write whole yuan as integers",
        f"{path}：{listed} 列以浮点数存放金额，无法精确表示（0.1 + 0.2 得 0.30000000000000004）："
        "请转换为 decimal(18,2)（pyarrow 中为 `pa.decimal128(18, 2)`，Spark SQL 中为 `DECIMAL(18,2)`），"
        "或以整数写整元"))


def _refuse_fine_money(path: str, fine: Sequence[tuple[str, Any]]) -> None:
    """Stop at money held as a decimal of more than two decimals (`fine`: each column or field by name, and its
    type): each value keeps the column's decimals (`12.3400`), and an amount has at most two, so every row would be a
    bad record."""
    if not fine:
        return
    named, listed, one = _named_columns(fine)
    raise InputError(Said(
        f"{path}: {'column' if one else 'columns'} {named} {'holds' if one else 'hold'} money with more than two "
        "decimals: each value is read with all of them (12.34 as 12.3400), more than an amount may have, and every "
        f"row would be a bad record: cast {'it' if one else 'them'} to decimal(18,2) (`pa.decimal128(18, 2)` in "
        "pyarrow, `DECIMAL(18,2)` in Spark SQL), rounding to the fen where the figures hold more",
        f"{path}：{listed} 列存放金额的小数位超过两位：每个数值都按全部小数位读取（12.34 读作 12.3400），超过金额允许的"
        "两位，每一行都会成为错误记录：请转换为 decimal(18,2)（pyarrow 中为 `pa.decimal128(18, 2)`，Spark SQL 中为 "
        "`DECIMAL(18,2)`），数值多于两位小数的，先四舍五入到分"))


def _refuse_single_floats(path: str, single: Sequence[tuple[str, Any]]) -> None:
    """Stop at a number held as a float of single (or half) precision (`single`: each column or field by name, and
    its type): read as the double it is, land of 1.3 mu written as a `float` is 1.2999999523162842 mu, which no
    reader of the file meant."""
    if not single:
        return
    named, listed, one = _named_columns(single)
    raise InputError(Said(
        f"{path}: {'column' if one else 'columns'} {named} {'holds' if one else 'hold'} numbers as single-precision "
        "floating point, which holds 1.3 as 1.2999999523162842 and would be read so: write "
        f"{'it' if one else 'them'} from the source as double or as decimal(38,10) (casting the floats changes "
        "nothing), or round them first (pandas `.astype(\"float64\").round(4)`)",
        f"{path}：{listed} 列以单精度浮点数存放数值，1.3 存为 1.2999999523162842，也会按此读取：请从源数据写成 double "
        "或 decimal(38,10)（直接转换这些浮点数无济于事），或先四舍五入（pandas 中为 `.astype(\"float64\").round(4)`）"))


def _named_columns(columns: Sequence[tuple[str, Any]]) -> tuple[str, str, bool]:
    """Columns (each by name, with its type) as a message names them, in English and in Chinese; and whether there is
    only one."""
    return (", ".join(f"`{name}` ({kind})" for name, kind in columns),
            "、".join(f"`{name}`（{kind}）" for name, kind in columns), len(columns) == 1)


def households_arrow_schema(policy: Policy, dates: Any = None) -> Any:
    """The Parquet layout of households for a policy: the JSON form, column for column.

    Dates are `date32`, or the type given as `dates` (text, for JSON read by Arrow)."""
    import pyarrow as pa

    money = pa.decimal128(18, 2)
    date = dates or pa.date32()
    kinds = {"money": money, "integer": pa.int64(), "number": pa.decimal128(38, 10), "boolean": pa.bool_(),
             "date": date, "enum": pa.string(), "text": pa.string()}
    members = pa.struct([("id", pa.string()), *[(f.name, kinds[f.type]) for f in policy.input_fields("member")]])
    line = pa.struct([("type", pa.string()), ("member", pa.string()), ("amount", money)])
    groups: dict[str, list[tuple[str, Any]]] = {}
    for f in policy.input_fields("household"):
        group, name = f.name.split(".", 1)
        groups.setdefault(group, []).append((name, kinds[f.type]))
    return pa.schema([("id", pa.string()), ("date", date), ("members", pa.list_(members)),
                      ("income", pa.list_(line)), ("expenses", pa.list_(line)),
                      *[(g, pa.struct(fields)) for g, fields in groups.items()]])


def write_households_parquet(households: Iterator[dict[str, Any]] | Sequence[dict[str, Any]], path: Path,
                             policy: Policy, batch_size: int = 100_000) -> None:
    """Write household dicts (DESIGN §6) as Parquet in the layout `ParquetHouseholds` reads (atomically)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from engine.batch.no_pandas import arrow_without_pandas

    arrow_without_pandas()
    schema = households_arrow_schema(policy)
    # what Arrow takes only as Python objects of its own type: a date as a date, a decimal as a Decimal (not a float)
    typed = {"date": _day, "money": _decimal, "number": _decimal}
    member_cast = {f.name: typed[f.type] for f in policy.input_fields("member") if f.type in typed}
    group_cast: dict[str, dict[str, Any]] = {}
    for f in policy.input_fields("household"):
        if f.type in typed:
            group, _, name = f.name.partition(".")
            group_cast.setdefault(group, {})[name] = typed[f.type]

    def cast(values: dict[str, Any], how: dict[str, Any]) -> dict[str, Any]:
        return {k: how[k](v) if k in how else v for k, v in values.items()}

    def row(h: dict[str, Any]) -> dict[str, Any]:
        out = dict(h)
        if isinstance(out.get("date"), str):
            out["date"] = datetime.date.fromisoformat(out["date"])
        out["members"] = [cast(m, member_cast) for m in h.get("members", [])]
        for section in ("income", "expenses"):
            out[section] = [{**x, "amount": Decimal(str(x["amount"]))} for x in h.get(section, [])]
        for group, how in group_cast.items():
            if isinstance(out.get(group), dict):
                out[group] = cast(out[group], how)
        return out

    staged = path.with_name(f".{path.name}.tmp")
    with pq.ParquetWriter(staged, schema, compression="zstd") as writer:
        for chunk in _batched(iter(households), batch_size):
            writer.write_table(pa.Table.from_pylist([row(h) for h in chunk], schema=schema))
    os.replace(staged, path)


def _day(value: Any) -> Any:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _decimal(value: Any) -> Any:
    return Decimal(repr(value)) if isinstance(value, float) else value


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


class _Wanted(NamedTuple):
    """What an input of one type is written as in Parquet: in words, as an Arrow type, and how to cast a column
    to it."""

    words: Said
    arrow: str
    how: str


_WANTED = {
    "text": _Wanted(Said("a text", "文本"), "string", 'pandas `.astype(str)`, Spark `.cast("string")`'),
    "date": _Wanted(Said("a date", "日期"), "date32", 'pandas `.dt.date`, Spark `.cast("date")`'),
    "money": _Wanted(Said("an amount of money", "金额"), "decimal(18,2)",
                     'pandas `.map(decimal.Decimal)`, Spark `.cast("decimal(18,2)")`'),
    "integer": _Wanted(Said("a whole number", "整数"), "int64", 'pandas `.astype("Int64")`, Spark `.cast("long")`'),
    "number": _Wanted(Said("a number", "数字"), "decimal(38,10)",
                      'pandas `.map(decimal.Decimal)`, Spark `.cast("decimal(38,10)")`'),
    "boolean": _Wanted(Said("true or false", "true 或 false"), "bool",
                       'pandas `.astype("boolean")`, Spark `.cast("boolean")`'),
}


def _kind_of(field_type: str) -> str:
    return "text" if field_type == "enum" else field_type


def _struct_of(kind: Any) -> Any:
    """The struct type of a struct column, or of a list of structs; None for a column of any other type."""
    import pyarrow as pa

    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        kind = kind.value_type
    return kind if pa.types.is_struct(kind) else None


def _field_type(schema: Any, column: str, field: str | None) -> Any:
    """The Arrow type of `column` (`field` None) or of the field `field` of its structs; None when there is none."""
    if column not in schema.names:
        return None
    kind = schema.field(column).type
    if field is None:
        return kind
    struct = _struct_of(kind)
    return None if struct is None or struct.get_field_index(field) < 0 else struct.field(field).type


def _holds(kind: str, arrow: Any, timestamps: bool = True) -> bool:
    """Whether an Arrow column of type `arrow` holds values of an input of `kind` (`_WANTED`) exactly: text as
    text; a date as a date, as text (each value then checked as JSON's is) or as a timestamp with no time zone or
    UTC (whose values must be at midnight: `times_of_day`); numbers as numbers (each checked as JSON's are);
    true or false as booleans. A column of nulls only holds any."""
    import pyarrow as pa

    t = pa.types
    if t.is_null(arrow):
        return True
    if t.is_dictionary(arrow):
        arrow = arrow.value_type
    text = t.is_string(arrow) or t.is_large_string(arrow) or t.is_string_view(arrow)
    if kind == "text":
        return text
    if kind == "date":
        return t.is_date(arrow) or text or (timestamps and t.is_timestamp(arrow)
                                             and arrow.tz in (None, "UTC", "+00:00", "Etc/UTC"))
    if kind in ("money", "integer", "number"):
        return t.is_integer(arrow) or t.is_decimal(arrow) or t.is_floating(arrow)
    return t.is_boolean(arrow)


def _refuse_types(path: str, schema: Any, policies: Sequence[Policy], timestamps: bool = True) -> None:
    """Stop when a column (or a field of a struct column) is of an Arrow type that cannot hold what the policies
    read from it — an id written as a number, a date as a timestamp in another time zone, money as text —: each of
    its rows would be a bad record, with help meant for JSON. One error names every such column, its type, the type
    wanted and how to cast it. Failing that, stop at money held as floating point (`_refuse_float_money`)."""
    import pyarrow as pa

    from engine.batch.input_columns import input_fields

    wanted: dict[tuple[str, str | None], str] = {("id", None): "text", ("date", None): "date",
                                                 ("members", "id"): "text"}
    for name, f in input_fields(policies, "member").items():
        wanted[("members", name)] = _kind_of(f.type)
    for section in ("income", "expenses"):
        wanted.update({(section, "type"): "text", (section, "member"): "text", (section, "amount"): "money"})
    for name, f in input_fields(policies, "household").items():
        group, inside = name.split(".", 1)
        wanted[(group, inside)] = _kind_of(f.type)
    wrong: list[Said] = []
    floats: list[tuple[str, Any]] = []
    fine: list[tuple[str, Any]] = []
    single: list[tuple[str, Any]] = []
    for (column, field), kind in wanted.items():
        arrow = _field_type(schema, column, field)
        if arrow is None:
            continue
        if _holds(kind, arrow, timestamps):
            if kind == "money" and pa.types.is_floating(arrow):
                floats.append((f"{column}.{field}", arrow))
            if kind == "money" and pa.types.is_decimal(arrow) and arrow.scale > 2:
                fine.append((f"{column}.{field}", arrow))
            if pa.types.is_float32(arrow) or pa.types.is_float16(arrow):
                single.append((f"{column}.{field}", arrow))
            continue
        want = _WANTED[kind]
        where = Said(f"column `{column}`", f"`{column}` 列") if field is None else \
            Said(f"column `{column}`, field `{field}`", f"`{column}` 列的 `{field}` 字段")
        wrong.append(Said(f"{where.en} is {arrow}, but the policy reads {want.words.en} from it: write it as "
                          f"{want.arrow} ({want.how})",
                          f"{where.zh}的类型是 {arrow}，而政策从中读取{want.words.zh}：请写成 {want.arrow}"
                          f"（{want.how}）"))
    if not wrong:
        listed = ("members", "income", "expenses")  # named after the household's own fields, as they always were

        def ordered(found: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
            return sorted(found, key=lambda named: named[0].split(".", 1)[0] in listed)
        _refuse_float_money(path, ordered(floats))
        _refuse_fine_money(path, ordered(fine))
        _refuse_single_floats(path, ordered(single))
        return
    bad = Said("every row would be a bad record", "每一行都会成为错误记录")
    if len(wrong) == 1:
        raise InputError(Said(f"{path}: {wrong[0].en} — {bad.en}", f"{path}：{wrong[0].zh}——否则{bad.zh}"))
    raise InputError(Said(f"{path}: columns of a type that cannot hold what the policy reads ({bad.en}):" +
                          "".join(f"\n  {w.en}" for w in wrong),
                          f"{path}：以下各列的类型装不下政策读取的值（否则{bad.zh}）：" +
                          "".join(f"\n  {w.zh}" for w in wrong)))


def times_of_day(path: str, file: Any) -> None:
    """Stop when a timestamp column of the file (a date an export wrote as pandas and Spark do by default) holds a
    time of day other than midnight somewhere: such a value is not a date, and which day it means is not known. Only
    the timestamp leaves are read (`members.list.element.birth_date`, not the members), a batch at a time, so memory
    stays bounded; `dated` reads them as dates."""
    import pyarrow as pa

    for leaf in range(len(file.schema)):
        parts = file.schema.column(leaf).path.split(".")
        kind = _field_type(file.schema_arrow, parts[0], parts[-1] if len(parts) > 1 else None)
        if kind is not None and pa.types.is_timestamp(kind):
            _midnight_throughout(path, file, ".".join(parts), parts[0], parts[-1] if len(parts) > 1 else None)


def _midnight_throughout(path: str, file: Any, leaf: str, name: str, field: str | None) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    first = 0  # the file row of the batch's first row
    for batch in file.iter_batches(batch_size=65536, columns=[leaf], use_threads=False):
        column = batch.column(0)
        rows = None
        values = column
        if field is not None:
            listed = pa.types.is_list(column.type) or pa.types.is_large_list(column.type)
            if listed:
                rows = pc.list_parent_indices(column)
                values = pc.list_flatten(column)
            values = pc.struct_field(values, field)
        per_day = 86_400 * {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[values.type.unit]
        off = np.flatnonzero(np.asarray(values.cast(pa.int64()).fill_null(0)) % per_day)
        if len(off):
            at = first + (int(off[0]) if rows is None else int(rows[int(off[0])].as_py()))
            _time_of_day(path, name, field, values.type, at, values[int(off[0])].as_py())
        first += len(column)


def _time_of_day(path: str, name: str, field: str | None, kind: Any, at: int, shown: Any) -> None:
    where = Said(f"column `{name}`", f"`{name}` 列") if field is None else \
        Said(f"column `{name}`, field `{field}`", f"`{name}` 列的 `{field}` 字段")
    raise InputError(Said(
        f"{path}: {where.en} is {kind}, and row {at + 1:,} holds a time of day ({shown}): the policy "
        f"reads a date from it, and a timestamp is read as one only when every value is at midnight; write it "
        f"as date32 ({_WANTED['date'].how})",
        f"{path}：{where.zh}的类型是 {kind}，第 {at + 1:,} 行带有一天中的时刻（{shown}）："
        f"政策从中读取日期，时间戳只有在每个值都是零点时才按日期读取；请写成 date32（{_WANTED['date'].how}）"))


def _dated(kind: Any) -> Any:
    """An Arrow type with each timestamp in it (of a column, a struct's field, a list's structs) a `date32`."""
    import pyarrow as pa

    if pa.types.is_timestamp(kind):
        return pa.date32()
    if pa.types.is_struct(kind):
        return pa.struct([f.with_type(_dated(f.type)) for f in kind])
    if pa.types.is_list(kind):
        return pa.list_(kind.value_field.with_type(_dated(kind.value_type)))
    if pa.types.is_large_list(kind):
        return pa.large_list(kind.value_field.with_type(_dated(kind.value_type)))
    return kind


def dated(table: Any) -> Any:
    """The table with its timestamp columns (and fields) as dates, as `times_of_day` let them through: at midnight
    in every row, so nothing is lost."""
    import pyarrow as pa

    schema = pa.schema([f.with_type(_dated(f.type)) for f in table.schema])
    return table if schema.equals(table.schema) else table.cast(schema)
