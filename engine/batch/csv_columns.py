"""Plain CSV tables → Arrow columns in the households layout, read by Arrow's CSV reader.

Input: the CSV tables of `engine.batch.csv_tables` (`plan`, in the main process), then one chunk
of them (`evaluate_csv_chunk`, in a worker): byte ranges of the three files (or, of a table in another order,
where each of the chunk's rows is), the same households' rows in each. Output: the chunk's `ChunkResult`, decided
from columns where it can be.
Invariants: a table reaches this route only when the whole input is plain — no quote but around a whole cell that
holds none but doubled ones (`""`) and no carriage return alone, no blank line but at the end, no lone carriage
return outside quotes either, valid UTF-8, each column named once and known to the policies, household ids unique,
not empty and none of them `id` (the header again), every member and line row of a household that exists — so a line
break ends a row exactly where the quotes before it are even in number (else it is a cell's, both readers agree),
and a byte range holds whole households (a member or line table in another order than `households.csv` has each
chunk's rows gathered in that order: `csv_order`); anything else is read row by row (`CsvTables`), which words every
error. Within a chunk this route only ever *accepts*: a cell is taken only in the plain form the row reader reads
alike (amounts as digits with at most two decimals, counts as digits, yes/no as `true`/`false`/`1`/`0`, no
surrounding blanks); a household with any other cell goes to the record route with its rows as read, so its decision
or its error is the one the row reader gives.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.batch.csv_joins import loose, loosely
from engine.batch.csv_layout import EXPENSE_KINDS, INCOME_KINDS, CsvLayout
from engine.batch.csv_order import in_household_order, rows_text
from engine.batch.readers import InputNote, Record
from engine.diagnostics import Said
from engine.install_words import to_install

if TYPE_CHECKING:
    from engine.batch.csv_tables import CsvTables
    from engine.batch.evaluate import ChunkResult, Settings

_LINE_COLUMNS = ("household", "kind", "type", "member", "amount")
_PLAIN_DECIMAL = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
_PLAIN_INTEGER = r"^-?[0-9]{1,13}$"
_BLOCK = 1 << 20  # the line breaks of a block are found only where a chunk starts
SLOWER_FROM = 8 << 20  # bytes of tables (about 20,000 households) from which reading them row by row costs seconds


@dataclass(frozen=True)
class CsvChunk:
    """One chunk: for each table (households, members, lines) its file, header line and byte range."""

    files: tuple[str, ...]
    headers: tuple[bytes, ...]
    spans: tuple[tuple[int, int], ...]
    first_lines: tuple[int, ...]  # for each table, the line its first row in the chunk is on
    layout: CsvLayout
    rows: tuple[Any, ...]  # for a table in another order than households.csv, its rows' bytes instead of a span
    # … and the line of each of those rows (`engine.batch.csv_order`); for a table in order whose rows do not all sit
    # one to a line (a line break in quotes), the line of each of the chunk's rows (as the row reader counts it: the
    # row's last); else None, each row on the line after the one before
    lines: tuple[Any, ...]
    quoted: tuple[bool, ...]  # for each table, whether it holds a quote (then a line break may be a cell's)


class _RowByRow(Exception):
    """The tables are not plain: read row by row, for the reason said; `rows`: how many rows are to blame, where it
    names the first of them (0 where no row is to blame, or the rows are not counted)."""

    def __init__(self, said: Said, rows: int = 0):
        super().__init__(said.en)
        self.said = said
        self.rows = rows


def plan(tables: CsvTables, size: int) -> list[tuple[str, CsvChunk]] | None:
    """The chunks of a plain input (see the module docstring), `size` households each; None otherwise."""
    planned = _planned(tables, size)
    return None if planned is None else planned[1]


def planned_row_by_row(tables: CsvTables) -> Said | None:
    """Why the tables are read row by row rather than as columns, once a plan has found it, naming the table (and
    the line, where one is to blame); None before, or when they are plain. Whatever the chunk size, the reason is
    the same."""
    why = _why_row_by_row(tables)
    return None if why is None else why.said


def rows_to_blame(tables: CsvTables) -> int:
    """How many rows are to blame for the reason `planned_row_by_row` says, where it names the first of them
    (`members.csv:386 writes household …`); 0 where it names none, or none is planned yet."""
    why = _why_row_by_row(tables)
    return 0 if why is None else why.rows


def _why_row_by_row(tables: CsvTables) -> _RowByRow | None:
    return next((planned for planned in tables.plans.values() if isinstance(planned, _RowByRow)), None)


def row_by_row_note(tables: CsvTables, size: int) -> InputNote | None:
    """The note said before a run on tables that are not plain, large enough for it to matter (`SLOWER_FROM`): that
    they are read more slowly, and why."""
    if sum(p.stat().st_size for p in tables.files()) < SLOWER_FROM:
        return None
    _planned(tables, size)  # (made here, before the run, and read so by the run)
    why = planned_row_by_row(tables)
    if why is None:
        return None
    return InputNote(Said(f"the CSV tables are read row by row, several times slower than as columns: {why.en}",
                          f"CSV 表将逐行读取，比按列读取慢数倍：{why.zh}"))


def households_in(tables: CsvTables, ids: Collection[str] | None, size: int = 4096) -> Iterator[Record] | None:
    """The records of the households of plain tables whose ids are among `ids` (None: every household), in the
    order of households.csv, each built as a worker builds it, from its chunk alone: only the chunks that hold
    one are read, and in them only those households become records. None when the tables are not plain."""
    planned = _planned(tables, size)
    if planned is None:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    every, chunks = planned
    positions: Iterable[int] = range(len(every)) if ids is None else np.flatnonzero(
        pc.is_in(every, value_set=pa.array(sorted(ids), pa.string())).to_numpy(zero_copy_only=False)).tolist()

    def records() -> Iterator[Record]:
        for k, held in itertools.groupby(positions, key=lambda position: position // size):
            chunk = _ChunkTables(chunks[k][1])
            for position in held:  # one at a time: a reader that wants the first few stops there
                yield from chunk.records_at([position - k * size])
    return records()


def _planned(tables: CsvTables, size: int) -> tuple[Any, list[tuple[str, CsvChunk]]] | None:
    """The ids of households.csv (as Arrow strings) and the chunks of `plan`; None unless the input is plain."""
    if size not in tables.plans:
        try:
            tables.plans[size] = _plan(tables, size)
        except _RowByRow as why:
            tables.plans[size] = why
    planned = tables.plans[size]
    return None if isinstance(planned, _RowByRow) else planned


def _plan(tables: CsvTables, size: int) -> tuple[Any, list[tuple[str, CsvChunk]]]:
    """`_planned`, or `_RowByRow` saying why the input is not plain."""
    try:
        import pyarrow as pa
    except ImportError:
        how = to_install("parquet")
        raise _RowByRow(Said(f"pyarrow is not installed, which reads plain tables as columns: {how.en}",
                             f"没有安装 pyarrow（有了它，规整的表按列读取）：{how.zh}")) from None
    tables_read = [tables.path, tables.members_path] + ([tables.lines_path] if tables.lines_path.is_file() else [])
    if not _known_columns(tables, [tables.header(p) for p in tables_read]):
        raise _RowByRow(Said("a table names a column twice, or lacks a column the join needs",
                             "有的表同一列名出现两次，或缺少联接所需的列"))
    paths = [tables.readable(p) for p in tables_read]  # a compressed table's decompressed copy
    import pyarrow.compute as pc

    quoted = [_holds_quote(p) for p in paths]
    ids = _column(paths[0], "id", tables.path, quoted[0])
    pool = pa.default_memory_pool()
    pool.release_unused()  # the reader's buffers: Arrow's allocator would keep them for the next reading
    n = len(ids)
    name = tables.path
    header_again = ["", "id", tables.given_name(tables.path, "id")]  # (the file's own name, where it is renamed)
    if n == 0 or pc.any(pc.is_in(ids, value_set=pa.array(header_again))).as_py():
        raise _RowByRow(Said(f"{name} has a row without a household id, or the header again",
                             f"{name} 中有一行没有家庭编号，或是表头又出现了一次"))
    if not _distinct(ids):
        raise _given_twice(ids, paths[0], name)
    cuts = np.unique(np.arange(0, n + size, size).clip(max=n))
    row_cuts, totals, headers = [cuts], [n], {}
    bounds: list[Any] = [None] * len(paths)  # for a table in another order, where each of its rows is, in order
    lines: list[Any] = [None] * len(paths)  # … and the line each is on (and for one in order, where rows span lines)
    for i, path in enumerate(paths[1:], start=1):
        given = tables_read[i]
        try:
            runs = _runs(path, ids, quoted[i])
        except Exception as error:  # Arrow refuses a row (too few or too many cells), or the text
            raise _RowByRow(*_unreadable(path, given, error)) from None
        if runs is None:  # rows apart, or in another order: each chunk's are gathered in the order of households.csv
            owners = _households_of(path, ids, given, quoted[i])
            headers[i], breaks, row_lines = _row_starts(path, None, len(owners), given)
            bounds[i], lines[i], ordered = in_household_order(breaks, owners, path.stat().st_size, row_lines)
            first = np.flatnonzero(np.diff(ordered, prepend=-1))
            runs = ordered[first], np.append(first, len(ordered))
        households_of_runs, first_rows = runs
        row_cuts.append(first_rows[np.searchsorted(households_of_runs, cuts)])
        totals.append(int(first_rows[-1]))
        pool.release_unused()
    starts: dict[int, Any] = {}  # for a table in the order of households.csv, the byte each chunk starts at
    for i, (path, rows, total, given) in enumerate(zip(paths, row_cuts, totals, tables_read, strict=True)):
        if bounds[i] is None:
            headers[i], starts[i], lines[i] = _row_starts(path, rows, total, given)
    tables_of = range(len(paths))
    layout = tables.layout()
    files = tuple(str(p) for p in paths)

    def chunk(k: int) -> CsvChunk:
        """The `k`th chunk: for each table its byte range, or (in another order) where each of its rows is."""
        def part(of: list[Any], i: int) -> Any:
            return None if of[i] is None else of[i][row_cuts[i][k]:row_cuts[i][k + 1]]

        spans = tuple((int(starts[i][k]), int(starts[i][k + 1])) if i in starts else (0, 0) for i in tables_of)
        first_lines = tuple(int(rows[k]) + 2 for rows in row_cuts)  # (row 0: line 2)
        return CsvChunk(files, tuple(headers[i] for i in tables_of), spans, first_lines, layout,
                        tuple(part(bounds, i) for i in tables_of), tuple(part(lines, i) for i in tables_of),
                        tuple(quoted))
    return ids, [("csvcols", chunk(k)) for k in range(len(cuts) - 1)]


def _runs(path: Path, ids: Any, quoted: bool) -> tuple[Any, Any] | None:
    """A child table's rows as runs of one household each: the household (row of households.csv) of each
    run and its first row, with the table's length after the last. None unless each household's rows
    come together and in the order of households.csv, for households that exist. The `household`
    column is read in batches: only the run's ids are kept. `quoted`: the table holds a quote (`_holds_quote`)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    options = pa_csv.ConvertOptions(include_columns=["household"], column_types={"household": pa.string()},
                                    strings_can_be_null=False)
    run_ids, starts = [], []
    seen, last, runs = 0, None, 0
    for batch in pa_csv.open_csv(path, parse_options=_parsing(quoted), convert_options=options):
        key = batch.column(0)
        if len(key) == 0:
            continue
        change = pc.not_equal(key.slice(1), key.slice(0, len(key) - 1)).to_numpy(zero_copy_only=False)
        first = np.concatenate([[0], np.flatnonzero(change) + 1]).astype(np.int64)
        if last is not None and key[0].as_py() == last:
            first = first[1:]  # the run goes on from the batch before
        runs += len(first)
        if runs > len(ids):
            return None  # more runs than households: some household's rows are apart (no need to read on)
        run_ids.append(key.take(pa.array(first)))
        starts.append(first + seen)
        seen += len(key)
        last = key[-1].as_py()
    if not seen:
        return np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64)
    of_runs = pa.chunked_array(run_ids, pa.string()).combine_chunks()
    if len(of_runs) == len(ids) and pc.all(pc.equal(of_runs, ids)).as_py():
        at = np.arange(len(ids), dtype=np.int64)  # every household has rows here: no lookup needed
    else:
        at = _in_order(of_runs, ids)
        if at is None:
            return None
    return at, np.append(np.concatenate(starts), seen)


def _households_of(path: Path, ids: Any, given: Path, quoted: bool) -> Any:
    """The household (row of households.csv) of each row of a child table (`path`, the text of table `given`)."""
    import pyarrow.compute as pc

    written = _column(path, "household", given, quoted)
    found = pc.index_in(written, value_set=ids)
    if found.null_count:  # the row reader words each, as a row of no household (or of the household it misspells)
        stray = int(np.flatnonzero(pc.is_null(found).to_numpy(zero_copy_only=False))[0])
        raise _RowByRow(_no_household(given, _line_of_row(path, stray), written[stray].as_py(), ids),
                        found.null_count)
    return found.to_numpy()


def _no_household(given: Path, line: int, written: str, ids: Any) -> Said:
    """Row `line` of the child table `given`, whose household id, `written`, is none of households.csv's `ids`:
    what is wrong with it (no id, one of them but for the spaces around it or its leading zeros, or another)."""
    if not written:
        return Said(f"{given}:{line} has no household id", f"{given} 第 {line} 行没有家庭编号")
    meant = loosely({hid: 0 for hid in ids.to_pylist()}).get(loose(written))
    if meant is None:
        return Said(f"{given}:{line} is a row for household `{written}`, which is not in households.csv",
                    f"{given} 第 {line} 行属于家庭 `{written}`，而 households.csv 中没有这一户")
    if written.strip() != meant.strip():
        how = Said("without its leading zeros", "去掉了开头的 0")
    elif written.lstrip() != written:
        how = Said("with spaces around it", "前后多了空格") if written.rstrip() != written else \
            Said("with a space before it", "前面多了空格")
    else:
        how = Said("with a space after it", "后面多了空格")
    return Said(f"{given}:{line} writes household `{meant}` as `{written}`, {how.en}",
                f"{given} 第 {line} 行把家庭 `{meant}` 写作 `{written}`，{how.zh}")


def _line_of_row(path: Path, row: int) -> int:
    """The line data row `row` of a table starts on (row 0 is the first after the header), as the row reader numbers
    lines: blank lines are no rows (as Arrow reads them), a line break in quotes is within its row."""
    with path.open(encoding="utf-8", errors="surrogateescape", newline="") as text:
        reader = csv.reader(text)
        seen, ended = 0, 0  # the rows read (the header the first), and the line the last one ended on
        for cells in reader:
            start, ended = ended + 1, reader.line_num
            if not cells:
                continue
            if seen == row + 1:
                return start
            seen += 1
    return row + 2


def _unreadable(path: Path, name: Path, error: Exception) -> tuple[Said, int]:
    """Why Arrow's reader refused a table (`path`, the text of table `name`; the row reader words each row it
    refuses), and how many rows are to blame where it names the first."""
    if isinstance(error, UnicodeDecodeError) or "UTF8" in str(error):
        return _not_utf8(path, name)
    cells = re.search(r"Expected ([0-9]+) columns, got ([0-9]+)", str(error))
    if cells:
        return Said(f"{name} has a row of {cells[2]} cells, where its header has {cells[1]}",
                    f"{name} 中有一行有 {cells[2]} 个单元格，而表头有 {cells[1]} 列"), 0
    return Said(f"Arrow's reader cannot read {name}", f"Arrow 读不了 {name}"), 0


def _distinct(ids: Any) -> bool:
    """No id twice; by sorting, which needs far less memory than a hash table of millions of ids."""
    import pyarrow.compute as pc

    ordered = ids.take(pc.sort_indices(ids))
    return len(ids) < 2 or not pc.any(pc.equal(ordered.slice(1), ordered.slice(0, len(ids) - 1))).as_py()


def _given_twice(ids: Any, path: Path, name: Path) -> _RowByRow:
    """households.csv (`name`, its text `path`) gives a household id twice: the first row to hold an id a row before
    it holds, with that row's line; the rows to blame are those that hold an id a row before them holds."""
    import pyarrow.compute as pc

    order = pc.sort_indices(ids).to_numpy()  # (stable: the rows of one id in the order of the file)
    ordered = ids.take(order)
    again = np.flatnonzero(pc.equal(ordered.slice(1), ordered.slice(0, len(ids) - 1)).to_numpy(
        zero_copy_only=False)) + 1
    later = int(again[np.argmin(order[again])])  # the repeat nearest the top of the file
    first = later - 1
    while first and ordered[first - 1] == ordered[later]:
        first -= 1
    hid, lines = ordered[later].as_py(), (_line_of_row(path, int(order[first])), _line_of_row(path, int(order[later])))
    return _RowByRow(Said(f"{name}:{lines[1]} holds household id `{hid}`, which line {lines[0]} holds too",
                          f"{name} 第 {lines[1]} 行的家庭编号 `{hid}` 第 {lines[0]} 行也用了"), len(again))


def _in_order(wanted: Any, ids: Any, block: int = 100_000) -> Any:
    """The row of `ids` each of `wanted` is, when `wanted` follows the order of `ids` (strictly, a
    subsequence); else None. Looked up a block of `ids` at a time, so no table of all ids is built."""
    import pyarrow.compute as pc

    at = np.empty(len(wanted), dtype=np.int64)
    done = 0
    for low in range(0, len(ids), block):
        if done == len(wanted):
            break
        here = ids.slice(low, block)
        candidates = wanted.slice(done, len(here))  # at most one each for the ids of this block
        found = pc.index_in(candidates, value_set=here).to_numpy(zero_copy_only=False)
        missing = np.flatnonzero(np.isnan(found)) if found.dtype.kind == "f" else np.zeros(0, dtype=np.int64)
        matched = int(missing[0]) if len(missing) else len(found)  # the first one not here belongs further on
        rows = found[:matched].astype(np.int64) + low
        if matched and (np.any(np.diff(rows) <= 0) or (done and rows[0] <= at[done - 1])):
            return None
        at[done:done + matched] = rows
        done += matched
    return at if done == len(wanted) else None


def _known_columns(tables: CsvTables, headers: Sequence[Sequence[str]]) -> bool:
    household = {name.split(":", 1)[1] for name in tables.kinds if name.startswith("household:")}
    member = {name.split(":", 1)[1] for name in tables.kinds if name.startswith("member:")}
    allowed = [{"id", "date", *household, *tables.ignored}, {"household", "id", *member, *tables.ignored},
               {*_LINE_COLUMNS, *tables.ignored}]
    needed = [{"id"}, {"household", "id"}, {"household", "kind", "type", "amount"}]
    for header, known, must in zip(headers, allowed, needed, strict=False):
        if len(set(header)) != len(header) or not set(header) <= known or not must <= set(header):
            return False
    return True


def _column(path: Path, name: str, given: Path, quoted: bool) -> Any:
    """One column of a CSV file (`path`, the text of table `given`; `quoted`: it holds a quote) as Arrow strings,
    empty cells as empty strings."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    options = pa_csv.ConvertOptions(include_columns=[name], column_types={name: pa.string()},
                                    strings_can_be_null=False)
    try:
        return pa_csv.read_csv(path, parse_options=_parsing(quoted), convert_options=options).column(name) \
            .combine_chunks()
    except Exception as error:  # Arrow refuses a row (too few or too many cells), or the text
        raise _RowByRow(*_unreadable(path, given, error)) from None


def _holds_quote(path: Path) -> bool:
    """Whether a file holds a quote anywhere (looked for at the speed of memory, the file mapped)."""
    import mmap

    if not path.stat().st_size:
        return False
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as text:
        return text.find(b'"') >= 0


def _parsing(quoted: bool) -> Any:
    """Arrow's parse options for a table: where it holds a quote, a line break may be within a cell in quotes, which
    Arrow then reads as the row reader does (a table without one is cut into blocks at any line break, faster)."""
    import pyarrow.csv as pa_csv

    return pa_csv.ParseOptions(newlines_in_values=quoted)


def _row_starts(path: Path, rows: Any | None, total: int, given: Path) -> tuple[bytes, Any, Any]:
    """The header line; the byte where each data row in `rows` starts (the file's size for the row after the
    last), or with `rows` None the byte of the line break that ends each row (the header's first); and the line of
    each data row as the row reader numbers it (its last line), or None when every row sits on a line of its own
    (row r on line r + 2). `_RowByRow` unless the file holds `total` rows, with a quote only around a whole cell
    that holds none but doubled ones (`_simply_quoted`): then a line break is a cell's exactly where the quotes
    before it in the file are odd in number, and both readers see the same rows. A blank line or a lone carriage
    return would put a row on other lines than Arrow's; blank lines at the end of the file are the exception: both
    readers skip them, and no row comes after them whose line number they could change. `path` holds the text of
    table `given`."""
    wanted = np.asarray([] if rows is None else rows, dtype=np.int64) + 1  # row r ends the (r + 1)th row break
    found = np.full(len(wanted), path.stat().st_size, dtype=np.int64)  # (the header's is the first)
    every: list[Any] = []  # with `rows` None, the row breaks of each block
    within: list[Any] = []  # for each line break within a cell, how many row breaks come before it
    header, last = b"", b""
    seen, lines, base = 0, 0, 0  # the row breaks, the line breaks and the bytes before the block
    text = codecs.getincrementaldecoder("utf-8")()  # Arrow would refuse the chunk; the row reader words it
    unended = b""  # the start of the row the block before ended in, for the quotes of whole rows
    ending = b""  # the line breaks the file ends in so far
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            content = block.rstrip(b"\r\n")
            ending = block[len(content):] if content else ending + block
            if len(ending) > _BLOCK:  # a megabyte of blank lines: not an export to read as columns
                raise _RowByRow(Said(f"{given} ends in a megabyte of blank lines",
                                     f"{given} 末尾有上兆字节的空行"))
            if not block.isascii() and not _decodes(text, block):
                raise _RowByRow(*_not_utf8(path, given))
            breaks = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
            if b'"' in block or b'"' in unended:
                joined = unended + block  # (it starts a row: no quote is open)
                quotes = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 34)
                inside = np.searchsorted(quotes, breaks + len(unended)) % 2 == 1  # within a cell in quotes
                if inside.any():
                    within.append(seen + np.cumsum(~inside)[inside])
                    breaks = breaks[~inside]
                cut = int(breaks[-1]) + len(unended) + 1 if len(breaks) else 0
                start = 3 if base == 0 and joined.startswith(b"\xef\xbb\xbf") else 0  # a BOM before the header
                whole = quotes[:np.searchsorted(quotes, cut)] - start  # (a BOM holds no quote)
                if _first_stray_quote(joined[start:cut], whole) is not None:
                    first = lines - unended.count(b"\n") + 1  # the line `joined` starts on
                    raise _RowByRow(_quoted(given, first + _stray_quote_line(joined[start:cut])))
                unended = joined[cut:]
            else:
                cut = block.rfind(b"\n") + 1
                unended = unended + block if not cut else block[cut:]
            count = len(breaks)
            if base == 0:
                if within and within[0][0] == 0:  # a line break in the header's quotes
                    raise _RowByRow(Said(f"the header of {given} is not on a line of its own (a line break in "
                                         "quotes)", f"{given} 的表头不是独占一行（引号内有换行）"))
                header = block[: int(breaks[0]) + 1] if count else b""  # empty unless within the first block
            pick = (wanted > seen) & (wanted <= seen + count)
            if pick.any() or rows is None:
                found[pick] = base + breaks[wanted[pick] - seen - 1] + 1
                if rows is None:
                    every.append(base + breaks)
            seen += count
            lines += block.count(b"\n")
            base += len(block)
            last = block[-1:]
    rows_found = seen + (last not in (b"", b"\n"))  # the last row may have no line break
    rows_found -= _blank_lines_at_end(ending)
    if not _decodes(text, b"", final=True):
        raise _RowByRow(*_not_utf8(path, given))
    if not _simply_quoted(unended):
        raise _RowByRow(_quoted(given, lines - unended.count(b"\n") + 1))  # (the last row, which has no line break)
    if not header or rows_found != total + 1:
        raise _RowByRow(Said(f"a row of {given} is not on a line of its own: a blank line (but at the end) or a "
                             "lone carriage return",
                             f"{given} 中有的行不是独占一行：中间有空行或单独的回车符"))
    row_lines = None
    if within:  # row r starts after the (r + 1)th row break and the line breaks within the cells of rows before it
        ended = np.arange(1, total + 1, dtype=np.int64)
        row_lines = ended + 1 + np.searchsorted(np.concatenate(within), ended, side="left")
    return header, (np.concatenate(every) if rows is None else found), row_lines


def _not_utf8(path: Path, name: Path) -> tuple[Said, int]:
    """Table `name` (its text `path`) holds text that is not UTF-8: its first such line, and how many there are."""
    bad = []
    with path.open("rb") as text:
        for number, line in enumerate(text, start=1):
            if not line.isascii() and not _decodes(codecs.getincrementaldecoder("utf-8")(), line, final=True):
                bad.append(number)
    if not bad:  # (a character cut by a line break in quotes, read whole by neither reader)
        return Said(f"{name} holds text that is not UTF-8", f"{name} 中有不是 UTF-8 编码的文本"), 0
    return Said(f"{name}:{bad[0]} holds text that is not UTF-8",
                f"{name} 第 {bad[0]} 行的文本不是 UTF-8 编码"), len(bad)


def _quoted(name: Path, line: int) -> Said:
    return Said(f"{name}:{line} has a quote that is not around a whole cell (a quote inside a cell not in quotes, "
                "text after the closing quote, a carriage return alone in quotes)",
                f"{name} 第 {line} 行有一个引号不是括住整个单元格（不在引号内的单元格中间有引号、"
                "右引号后还有文字，或引号内有单独的回车符）")


def _stray_quote_line(rows: bytes) -> int:
    """Which line of these whole rows (from 0) holds the first quote `_simply_quoted` does not take."""
    at = _first_stray_quote(rows)
    assert at is not None, "only asked of rows that are not simply quoted"
    return rows.count(b"\n", 0, at)


def _blank_lines_at_end(ending: bytes) -> int:
    """How many blank lines the line breaks a file ends in make, when each is `\\n` or `\\r\\n` (the first
    ends the last row); none when a lone carriage return is among them."""
    return ending.count(b"\n") - 1 if _LINE_BREAKS.fullmatch(ending) else 0


_LINE_BREAKS = re.compile(rb"(?:\r?\n)+")
_QUOTE, _COMMA, _LF, _CR = 34, 44, 10, 13


def _simply_quoted(rows: bytes) -> bool:
    """Whether every quote of these whole rows is one of a cell in quotes, the whole cell, that holds no quote but
    doubled ones and no carriage return alone (`"0004"`, `"2026-03-01"`, as a database export quotes every text;
    `"the ""old"" house"`, a note that quotes; an address on two lines): Arrow's reader and the row reader then read
    its text alike, and the quotes pair up, so that a line break within quotes is a cell's. A quote in any other
    place (inside a cell not in quotes, text after the closing quote) sends the tables row by row."""
    return b'"' not in rows or _first_stray_quote(rows) is None


def _first_stray_quote(rows: bytes, quotes: Any = None) -> int | None:
    """Where the first quote of these whole rows is that `_simply_quoted` does not take, or None (`quotes`: where
    the quotes are, when known). Checked on the bytes as arrays: taken in turn, the quotes open and close cells — one
    opens where a cell starts (after a comma or a line break, or at the start) or right after a closing one (a
    doubled quote), and closes where the cell ends (before a comma, a line break or the end) or right before an
    opening one; they must be even in number, and no carriage return within a cell may stand alone. (Grammar: cells
    `"(?:[^"\\r]|""|\\r\\n)*"` between commas.)"""
    text = np.frombuffer(rows, dtype=np.uint8)
    if quotes is None:
        quotes = np.flatnonzero(text == _QUOTE)
    if not len(quotes):
        return None
    n = len(text)
    opening, closing = quotes[0::2], quotes[1::2]
    before = text[np.maximum(opening - 1, 0)]  # (the start counts as a line break)
    stray = [opening[(before != _COMMA) & (before != _LF) & (before != _QUOTE) & (opening > 0)]]
    after = text[np.minimum(closing + 1, n - 1)]
    following = text[np.minimum(closing + 2, n - 1)]
    ends = (after == _COMMA) | (after == _LF) | (after == _QUOTE) | (closing + 1 >= n) | \
        ((after == _CR) & ((following == _LF) | (closing + 2 >= n)))
    stray.append(closing[~ends])
    if len(quotes) % 2:
        stray.append(quotes[-1:])  # a cell never closed
    if b"\r" in rows:
        returns = np.flatnonzero(text == _CR)
        cell = np.searchsorted(quotes, returns)
        alone = (cell % 2 == 1) & ((returns + 1 >= n) | (text[np.minimum(returns + 1, n - 1)] != _LF))
        stray.append(quotes[cell[alone] - 1])  # (the cell's opening quote)
    found = np.concatenate(stray)
    return int(found.min()) if len(found) else None


def _decodes(decoder: Any, block: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(block, final)
    except UnicodeDecodeError:
        return False
    return True


# -- in a worker ----------------------------------------------------------------------


class _ChunkTables:
    """One chunk read: its three tables as Arrow strings, and which household each child row belongs to."""

    def __init__(self, chunk: CsvChunk):
        tables = [_read(*table) for table in zip(chunk.files, chunk.headers, chunk.spans, chunk.rows, chunk.quoted,
                                                  strict=True)]
        self.layout = chunk.layout
        self.households, self.members = tables[0], tables[1]
        self.lines = tables[2] if len(tables) > 2 else None
        self.n = n = self.households.num_rows
        self.first_lines = chunk.first_lines
        self.row_lines = chunk.lines
        self.numbers = list(self._lines(0, 0, n))
        ids = self.households.column("id").combine_chunks()
        self.member_of = _owners(self.members, ids)
        self.line_of = _owners(self.lines, ids) if self.lines is not None else np.zeros(0, dtype=np.int64)
        self.member_starts = np.searchsorted(self.member_of, np.arange(n + 1))
        self.line_starts = np.searchsorted(self.line_of, np.arange(n + 1))

    def records_at(self, positions: Sequence[int]) -> list[Record]:
        """The households at these positions as the row reader builds them, from their cells as read."""
        chosen = list(positions)
        cells = _rows_of(self.households.take(np.asarray(chosen, dtype=np.int64)),
                         [self.numbers[p] for p in chosen]) if chosen else []
        out = []
        for p, (_, row) in zip(chosen, cells, strict=True):
            first, last = self.member_starts[p], self.member_starts[p + 1]
            own_members = _rows_of(self.members.slice(first, last - first), self._lines(1, first, last))
            own_lines: list[tuple[int, list[str]]] = []
            if self.lines is not None:
                first, last = self.line_starts[p], self.line_starts[p + 1]
                own_lines = _rows_of(self.lines.slice(first, last - first), self._lines(2, first, last))
            out.append(self.layout.record(self.numbers[p], row, own_members, own_lines))
        return out

    def _lines(self, table: int, first: int, last: int) -> Sequence[int]:
        """The lines the rows `first` to `last` (of the chunk) of a table are on, in the table as given."""
        at = self.row_lines[table]
        return range(self.first_lines[table] + first, self.first_lines[table] + last) if at is None \
            else at[first:last].tolist()  # (Python ints, as the row reader's: they are written to the errors file)


def chunk_records(chunk: CsvChunk) -> list[Record]:
    """Every household of one chunk as a record, as the row reader builds it."""
    tables = _ChunkTables(chunk)
    return tables.records_at(range(tables.n))


def evaluate_csv_chunk(index: int, chunk: CsvChunk, settings: Settings) -> ChunkResult:
    """Decide the households of one chunk of plain CSV tables; see the module docstring."""
    import pyarrow as pa

    from engine.batch.arrow_intake import nulls_read_alike
    from engine.batch.evaluate import evaluate_chunk, evaluate_from_columns, may_decide_from_columns

    t = _ChunkTables(chunk)
    policy = settings.chosen or settings.policies[0]
    if not may_decide_from_columns(settings) or not nulls_read_alike(policy):  # (an absent column, an empty cell: null)
        return evaluate_chunk(index, t.records_at(range(t.n)), settings)
    table, ok = _households_table(policy, t.households, t.members, t.lines, t.member_of, t.line_of, chunk.layout.words)
    return evaluate_from_columns(index, t.n, t.numbers, table.filter(pa.array(ok)), np.flatnonzero(ok),
                                 np.flatnonzero(~ok).tolist(), t.records_at, settings)


def _read(name: str, header: bytes, span: tuple[int, int], rows: Any, quoted: bool) -> Any:
    """A chunk's part of a table, as Arrow strings: the bytes of `span`, or the rows at `rows` (`csv_order`);
    `quoted`: the table holds a quote."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    if rows is not None:
        data = header + rows_text(name, rows)
    else:
        with open(name, "rb") as handle:
            handle.seek(span[0])
            data = header + handle.read(span[1] - span[0])
    columns = next(csv.reader([header.decode("utf-8-sig").rstrip("\r\n")]))  # (a header in quotes too)
    options = pa_csv.ConvertOptions(column_types={c: pa.string() for c in columns}, strings_can_be_null=False)
    read = pa_csv.ReadOptions(use_threads=False, block_size=len(data) + 1)
    return pa_csv.read_csv(io.BytesIO(data), read_options=read, parse_options=_parsing(quoted),
                           convert_options=options)


def _owners(table: Any, ids: Any) -> Any:
    """The household (row in the chunk) of each row of a child table."""
    import pyarrow.compute as pc

    return np.asarray(pc.index_in(table.column("household"), value_set=ids).to_numpy(zero_copy_only=False),
                      dtype=np.int64)


def _rows_of(table: Any, lines: Sequence[int]) -> list[tuple[int, list[str]]]:
    """Each row's line and cells, in the file's column order."""
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return [(int(line), list(row)) for line, row in zip(lines, zip(*columns, strict=True), strict=True)]


def _households_table(policy: Any, households: Any, members: Any, lines: Any, member_of: Any, line_of: Any,
                      words: Sequence[tuple[str, str, Sequence[tuple[str, str]]]] = ()) -> tuple[Any, Any]:
    """The chunk in the households layout (dates as text), and which households are plain throughout; `words`: the
    values of cells `--rename-value` renames, by table and column (`CsvLayout.words`), read as those values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from engine.batch.parquet_layout import households_arrow_schema

    schema = households_arrow_schema(policy, dates=pa.string())
    n = households.num_rows
    bad = np.zeros(n, dtype=bool)

    def mark(flags: Any, owner: Any = None) -> None:
        """The households of the rows where `flags` (an Arrow boolean array) holds go the record route."""
        flags = np.asarray(flags.to_numpy(zero_copy_only=False), dtype=bool)
        if owner is None:
            bad[flags] = True
        else:
            bad[owner[flags]] = True

    renamed = {(table, column): renames for table, column, renames in words}

    def read_as_values(text: Any, role: str, name: str) -> Any:
        """`--rename-value`: a column with each word of the export's, spaces around it aside, read as its value."""
        if (role, name) in renamed:
            trimmed = pc.utf8_trim_whitespace(text)
            for old, new in renamed[role, name]:
                text = pc.if_else(pc.equal(trimmed, old), pa.scalar(new), text)
        return text

    def cells(table: Any, name: str, kind: Any, owner: Any = None, role: str = "") -> Any:
        """A column as `kind`, null where empty; a cell in another form marks its household (`role`: the table)."""
        if name not in table.column_names:
            return pa.nulls(table.num_rows, kind)
        text = read_as_values(table.column(name).combine_chunks(), role, name)
        empty = pc.equal(text, "")
        if pa.types.is_decimal(kind):
            plain = pc.match_substring_regex(text, _PLAIN_DECIMAL)
            value = pc.cast(pc.if_else(plain, text, "0"), kind)
        elif pa.types.is_integer(kind):
            plain = pc.match_substring_regex(text, _PLAIN_INTEGER)
            value = pc.cast(pc.if_else(plain, text, "0"), kind)
        elif pa.types.is_boolean(kind):
            plain = pc.is_in(text, value_set=pa.array(["true", "false", "1", "0"]))
            value = pc.is_in(text, value_set=pa.array(["true", "1"]))
        else:
            plain = pc.equal(pc.utf8_trim_whitespace(text), text)
            value = text
        mark(pc.and_(pc.invert(plain), pc.invert(empty)), owner)
        return pc.if_else(empty, pa.scalar(None, kind), value)

    def struct(table: Any, fields: Any, owner: Any = None, prefix: str = "", role: str = "households.csv") -> Any:
        arrays = [cells(table, prefix + f.name, f.type, owner, role) for f in fields]
        return pa.StructArray.from_arrays(arrays, fields=list(fields))

    def listed(values: Any, owner: Any, kind: Any) -> Any:
        offsets = np.searchsorted(owner, np.arange(n + 1)).astype(np.int32)
        return pa.ListArray.from_arrays(pa.array(offsets), values, type=kind)

    ids = households.column("id").combine_chunks()
    mark(pc.equal(ids, ""))
    date = cells(households, "date", pa.string())
    member_type = schema.field("members").type
    member_ids = members.column("id").combine_chunks()
    mark(pc.equal(member_ids, ""), member_of)
    member_struct = struct(members, list(member_type.value_type), member_of, role="members.csv")
    columns = {"id": ids, "date": date, "members": listed(member_struct, member_of, member_type)}
    line_type = schema.field("income").type
    kind = None if lines is None else read_as_values(lines.column("kind").combine_chunks(), "lines.csv", "kind")
    for section, kinds in (("income", INCOME_KINDS), ("expenses", EXPENSE_KINDS)):
        if lines is None:
            columns[section] = listed(pa.nulls(0, line_type.value_type), np.zeros(0, dtype=np.int64), line_type)
            continue
        chosen = np.asarray(pc.is_in(kind, value_set=pa.array(kinds)).to_numpy(zero_copy_only=False), dtype=bool)
        part = lines.filter(pa.array(chosen))
        owner = line_of[chosen]
        for required in ("type", "amount"):  # an empty one is an error the row reader words
            mark(pc.equal(part.column(required).combine_chunks(), ""), owner)
        columns[section] = listed(struct(part, list(line_type.value_type), owner, role="lines.csv"), owner, line_type)
    if lines is not None:
        known = pc.is_in(kind, value_set=pa.array(INCOME_KINDS + EXPENSE_KINDS))
        mark(pc.invert(known), line_of)
    for field in schema:
        if field.name not in columns:
            columns[field.name] = struct(households, list(field.type), prefix=f"{field.name}.")
    table = pa.Table.from_arrays([columns[f.name] for f in schema], schema=schema)
    return table, ~bad
