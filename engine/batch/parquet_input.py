"""Parquet input: households as rows of a Parquet file, or of a folder of part files, as `Record`s.

Input: a Parquet file whose columns mirror the JSON form (`engine.batch.parquet_layout`; docs/batch.md
gives the layout), or a folder of them as Spark and other tools write a table. Output: chunk
payloads that a worker reads itself (a row range of one file), and the rows as `Record`s with
exact decimals where the columnar intake cannot take them (`engine.batch.arrow_intake` can).
Invariants: a file's columns are checked against the policies before a row is read
(`engine.batch.parquet_columns`); every
record is numbered by its place in the input and placed by its file and row
(`households.parquet[row 7]`); a worker's memory follows the chunk size, not the row groups.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from engine.batch.parquet_columns import household_columns, households_columns, null_throughout, times_of_day
from engine.batch.readers import Input, InputError, InputNote, Record
from engine.diagnostics import Said
from engine.export_words import Words
from engine.household_input import household_files, parquet_name, unread_note
from engine.install_words import to_install
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
    needs and only the chunk is kept, so memory follows the chunk size, not the file's row groups. The text
    fields named `listed` ((column, field of its structs), `engine.batch.arrow_intake.listed_places`) are read as
    the dictionaries the file stores them as, each row group's its own: a batch never runs over two row groups
    (Arrow reads no dictionary of a field of a struct or list across two)."""

    BATCH = 8192

    def __init__(self) -> None:
        self.name: str | None = None
        self.listed: tuple[tuple[str, str], ...] = ()
        self.firsts: list[int] = []  # the first row of each row group of the file
        self.position = 0  # the file row of the first row of `left`, or of the next batch
        self.batches: Iterator[Any] = iter(())
        self.left: Any = None  # the unused end of the last batch

    def rows(self, name: str, start: int, end: int, listed: tuple[tuple[str, str], ...] = ()) -> Any:
        """Rows `start` to `end` of the file as an Arrow table (None when it has none)."""
        import pyarrow as pa

        # a row of a later row group: read from that group's first row, not through every row before it
        later = _group(self.firsts, start) > _group(self.firsts, self.position)
        if name != self.name or listed != self.listed or start < self.position or later:
            self._open(name, start, listed)
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

    def _open(self, name: str, start: int, listed: tuple[tuple[str, str], ...]) -> None:
        """Read on from the row group that holds row `start`."""
        import pyarrow.parquet as pq

        file = pq.ParquetFile(name, pre_buffer=False)  # not the whole rest of the file read ahead into memory
        if listed:  # (its footer read once)
            file = pq.ParquetFile(name, pre_buffer=False, metadata=file.metadata,
                                  read_dictionary=_stored_texts(file, listed))
        sizes = [file.metadata.row_group(g).num_rows for g in range(file.metadata.num_row_groups)]
        self.firsts = list(itertools.accumulate(sizes, initial=0))[:-1]
        first, row = len(sizes), 0
        for g, rows in enumerate(sizes):
            if row + rows > start:
                first = g
                break
            row += rows
        self.name, self.listed, self.position, self.left = name, listed, row, None
        self.batches = itertools.chain.from_iterable(file.iter_batches(batch_size=self.BATCH, row_groups=[g],
                                                                       use_threads=False)
                                                     for g in range(first, len(sizes)))


def _stored_texts(file: Any, listed: tuple[tuple[str, str], ...]) -> list[str]:
    """The file's columns of text (their paths, `members.list.element.relation`) that are the fields `listed`."""
    import pyarrow as pa

    from engine.batch.parquet_columns import field_type

    schema, paths = file.schema_arrow, []
    for i in range(len(file.schema)):
        path = file.schema.column(i).path
        parts = path.split(".")
        place = (parts[0], parts[-1])
        if len(parts) > 1 and place in listed and pa.types.is_string(field_type(schema, *place)):
            paths.append(path)
    return paths


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
                 ignored: frozenset[str] = frozenset(), words: Words = ()):
        self.path = path
        self.nullable = set(nullable_inputs(policies))
        try:
            import pyarrow.parquet  # noqa: F401  (said here, before the file is opened)
        except ImportError:
            how = to_install("parquet")
            raise InputError(Said(f"reading Parquet needs pyarrow: {how.en}",
                                  f"读取 Parquet 需要 pyarrow：{how.zh}")) from None
        try:
            self.file = parquet_file(path)
        except UnreadableParquet as error:
            raise InputError(error.lines(path)) from None
        blank = set() if part else null_throughout([self.file.metadata])  # a folder's part: the whole folder counts
        self.notes = households_columns(str(path), self.file.schema_arrow, policies, blank, ignored=ignored,
                                        words=words)
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
    def read_table(name: str, start: int, end: int, listed: tuple[tuple[str, str], ...] = ()) -> Any:
        """Rows `start` to `end` of the file, as an Arrow table (the text fields `listed` as dictionaries: see
        `_ParquetCursor`)."""
        import pyarrow as pa

        table = _cursor.rows(name, start, end, listed)
        return pa.table({}) if table is None else dated(table)

    @staticmethod
    def rows_as_records(table: Any, positions: Sequence[int], name: str, rows: Sequence[int],
                        nullable: list[str], offset: int = 0) -> list[Record]:
        """The rows at `positions` of a chunk's table as records; row i of the table is row `rows[i]` (from 1)
        of the file `name`, and record `offset + rows[i]` of the input."""
        import pyarrow as pa

        data = table.take(pa.array(list(positions), pa.int64())).to_pylist() if len(positions) else []
        household = _row_reader(tuple(nullable)).household
        return [Record(offset + rows[i], _row_place(name, rows[i]), data=household(row), parquet=True)
                for i, row in zip(positions, data, strict=True)]


class ParquetFolder(Input):
    """The Parquet files of a folder in path order, as Spark and other tools write a table (part files, in
    partition folders too; names that start with `_` or `.`, such as `_SUCCESS`, are not data; other entries are
    named in a note, and not read).

    A record's number is its place among the folder's rows; `where` turns it back into the file and row."""

    form = "parquet"

    def __init__(self, path: Path, policies: Sequence[Policy], ignored: frozenset[str] = frozenset(),
                 words: Words = ()):
        self.path = path
        files = parquet_parts(path)
        partitioned = partition_notes(str(path), [f.relative_to(path).as_posix() for f in files], policies)
        self.parts = [ParquetHouseholds(f, policies, part=True, ignored=ignored, words=words) for f in files]
        self.starts = list(itertools.accumulate((p.count() or 0 for p in self.parts), initial=0))
        if self.starts[-1] == 0:
            raise InputError(Said(f"{path}: the folder's Parquet files hold no household (no row)",
                                  f"{path}：文件夹中的 Parquet 文件里没有家庭（没有任何行）"))
        blank = null_throughout([p.file.metadata for p in self.parts])
        unread = unread_note(path, parquet=True)
        self.notes = [InputNote(unread)] if unread else []
        self.notes += partitioned + list(dict.fromkeys(
            note for schema in _distinct(p.file.schema_arrow for p in self.parts)
            for note in households_columns(str(path), schema, policies, blank, ignored=ignored, words=words)))
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
    """The Parquet files of a folder, in path order — in its partition folders too (`county=430524/part-00000.parquet`,
    as Hive and Spark write a partitioned table), as `household_files` finds JSON files. Names that start with `_` or
    `.` (`_SUCCESS`, `.crc` files) are not data; the folder's other entries are not read (`unread_note`)."""
    return household_files(folder, parquet_name)


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
