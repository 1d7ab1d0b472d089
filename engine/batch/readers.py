"""Batch input: households from JSON Lines, a folder of JSON files, CSV tables or Parquet, as `Record`s.

Input: a path, or standard input (`-`). Output: `Record`s in input order — the raw JSON text of a record when it
is JSON, or household data built with exact decimals (CSV, Parquet).
Invariants: records are numbered and located (`file:line`) so every error can point
back to its source; readers never judge a household (validation does, later); the
same input gives the same records in the same order, so chunking is deterministic
and a resumed run sees exactly what an uninterrupted one saw. A whole input that is not
households (a zip archive, a policy, earlier decisions) is refused before a record is read.

CSV tables are read by `engine.batch.csv_tables`, Parquet (a file or a folder of parts) by
`engine.batch.parquet_input` (docs/batch.md gives the layouts).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import io
import itertools
import lzma
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

import numpy as np
import orjson

from engine.diagnostics import (
    INDEX,
    Diagnostic,
    Said,
    Span,
    cell_of,
    chinese_joined,
    household_cell,
    in_files_column,
    is_utf8,
    shell_word,
)
from engine.doubts import ENTRY
from engine.household import ReadFrom
from engine.household_input import json_lines_text, starts_document
from engine.install_words import to_install
from engine.jsonsource import ListedRecord, first_json_text, item_text, json_start, skipped_line, without_marks
from engine.limits import MAX_POLICY_BYTES
from engine.model import Policy
from engine.system_words import what_to_do, why_not_read

if TYPE_CHECKING:
    from engine.batch.renamed import Renames


@dataclass(frozen=True)
class Record:
    """One household as read, before validation. A field not given reads its default from the class, so that a
    JSON line's record is made by setting its four fields (`json_line`)."""

    number: int  # the line in the file (JSON Lines, CSV) or the position (folder, Parquet)
    source: str  # where it came from, for messages: `households.jsonl:17`
    raw: bytes | None = None  # the JSON text, when the record is JSON
    data: Any = None  # household data built by the reader, with exact decimals
    problem: Diagnostic | None = None  # a row the reader could not place (CSV); with `data`, the household's other
    # rows as read, for the batch to check too (a line of no known `kind`; `also`: one of each other such word)
    household: str | None = None  # with a problem: the household's id, when the reader knows it
    places: tuple[tuple[str, str, int], ...] = ()  # (JSON path, file, line) of parts read from other rows (CSV)
    text_at: tuple[str, int] | None = None  # with `raw`: its file and the line it starts on, to locate findings
    stray: bool = False  # with `problem`: a row that is no household's (CSV), counted apart from the households
    names: str | None = None  # with `stray`: the id of the household it names, which households.csv lacks
    cells: bool = False  # `data` was read from CSV cells, where quotes are no part of a value (for the words)
    parquet: bool = False  # `data` was read from Parquet, whose texts are as the program that wrote it gave them
    item: tuple[str, int] | None = None  # an item of a `.json` file's list: the file and its index, to locate findings
    row: int | None = None  # the line `source` names (`households.jsonl:17`, `households.csv:5`), None where it names
    # none (Parquet's `in.parquet[row 6]`, a file of a folder): the line of a finding placed by the record as a whole
    # (JSON path, indices left out; the file's own header) of cells read under a header `--rename-column` renamed (CSV)
    headers: tuple[tuple[str, str], ...] = ()
    also: tuple[Diagnostic, ...] = ()  # with `problem` and `data`: further rows the data leaves out
    # with `raw`: the last line of a stream (standard input, a compressed file), no line break after it: JSON that
    # stops in it was cut off (a plain file's last line is known by the file: `engine.household_input.read_json`)
    unended: bool = False

    @property
    def line(self) -> int:
        return self.number

    @classmethod
    def json_line(cls, name: str, number: int, text: bytes, unended: bool = False) -> Record:
        """Line `number` of the JSON Lines file `name`: `cls(number, f"{name}:{number}", raw=text, text_at=(name,
        number), row=number, unended=unended)`, made by filling its instance dictionary, as `engine.outcomes` makes
        its objects — a record is made for every line, and a frozen dataclass's `__init__` sets each of the fields
        through `object.__setattr__` (some 20,000 instructions a record, against 5,600)."""
        record = _new(cls)
        fields = record.__dict__
        fields["number"] = number
        fields["source"] = f"{name}:{number}"
        fields["raw"] = text
        fields["text_at"] = (name, number)
        fields["row"] = number
        if unended:
            fields["unended"] = True
        return record

    @classmethod
    def json_lines(cls, name: str, numbers: Sequence[int], lines: Sequence[bytes], unended: int | None = None,
                   positions: Iterable[int] | None = None) -> list[Record]:
        """The records of lines of the JSON Lines `name`, numbered `numbers` (those at `positions` alone, when
        given); `unended`: the number of the line that ends a stream with no line break after it."""
        return [cls.json_line(name, numbers[p], lines[p], numbers[p] == unended)
                for p in (range(len(lines)) if positions is None else positions)]


_new = object.__new__


def at_row(file: str | Path, line: int) -> dict[str, Any]:
    """The place of a finding about a row as a whole (of a CSV table), as `Diagnostic` fields: `source_file` names
    the row (`members.csv:8`) and `row` holds its line."""
    return {"source_file": f"{file}:{line}", "row": line}


class SourcedRecord(ListedRecord, Protocol):
    """A record as `line_in_source` reads it: a `Record`, or one `policy diff` read (`engine.diff.impact.Record`)."""

    @property
    def row(self) -> int | None: ...
    @property
    def text_at(self) -> tuple[str, int] | None: ...
    @property
    def line(self) -> int: ...


def line_in_source(record: SourcedRecord) -> int:
    """The line of `source` the record starts on, as a file of findings gives it beside `source` (`line` of `policy
    batch`'s errors file and of `policy diff --warnings`): its line in a JSON Lines file or a CSV table, the line an
    item of a `.json` file's list starts on, 1 for a file of a folder holding one household (not the record's place
    among the folder's records) — and for Parquet, whose `source` names the row, that row."""
    if record.item is not None:
        return _item_line(record)
    if record.row is not None:
        return record.row
    return record.text_at[1] if record.text_at is not None else record.line


def _item_line(record: SourcedRecord) -> int:
    """The line an item of a `.json` file's list starts on (else the record's number, as before)."""
    try:
        span = item_text(record).span(())
    except OSError:
        span = None
    return span.line if span is not None else record.line


def placed(diagnostic: Diagnostic, places: Sequence[tuple[str, str, int]],
           headers: Sequence[tuple[str, str]] = (), source: str | None = None) -> Diagnostic:
    """A finding about a member or a line of a CSV household, located at that member's or line's row
    (`places`: a record's `Record.places`), and one about a cell of it at its column too, as the file's header
    writes it (`Diagnostic.header`: `members.csv:8 (p2), column `扶养人``), as is one about a cell of the household's
    own row (`source`: `households.csv:4, column `存款``); a finding about a cell under a header
    `--rename-column` renamed (`headers`: a record's `Record.headers`) names the header as the file writes it after
    its message too, where its reader looks (`"85x60" is not a number, in the file's column `存款``: the errors file
    and the run's summary give the message alone); one whose help names a field of the household
    (`Diagnostic.names`: its `date`) names the household's row (`source`: `households.csv:4`), as JSON names its
    line."""
    path = diagnostic.path or ""
    if diagnostic.names is not None and source is not None and diagnostic.help:
        zh = diagnostic.zh
        diagnostic = dataclasses.replace(diagnostic, help=f"{diagnostic.help} in {source}",
                                         zh=(zh[0], f"{zh[1]}（{source}）") if zh is not None and zh[1] else zh)
    renamed = dict(headers)
    entry, column = cell_of(path, (prefix for prefix, _, _ in places), renamed)
    if entry is not None and column is None and diagnostic.subject:  # a cell its message names (`birth_date` is empty)
        column = renamed.get(INDEX.sub("[]", f"{entry}.{diagnostic.subject}"), diagnostic.subject)
    for prefix, file, line in places:
        if prefix == entry:  # at its row, a cell by its column: the path's index is no place in a table
            diagnostic = dataclasses.replace(diagnostic, **at_row(file, line), header=column or "")
            break
    cell = household_cell(path, diagnostic.subject) if entry is None and source is not None else None
    if cell is not None:  # a cell of the household's own row of households.csv, by its column too
        diagnostic = dataclasses.replace(diagnostic, header=renamed.get(cell, cell),
                                         source_file=diagnostic.source_file or source)
    if diagnostic.gbk is not None:  # a word saved in GBK, told for the table that holds it
        from engine.household_input import told_in_gbk

        diagnostic = told_in_gbk(diagnostic)
    rows = row_names(places)
    if ENTRY.search(diagnostic.message) or (diagnostic.help and ENTRY.search(diagnostic.help)):
        def named(text: str) -> str:  # another member or a line the finding names (H014's maintenance): by its row
            return ENTRY.sub(lambda found: rows.get(found[0], found[0]), text)

        zh = diagnostic.zh
        diagnostic = dataclasses.replace(diagnostic, message=named(diagnostic.message),
                                         help=named(diagnostic.help) if diagnostic.help else diagnostic.help,
                                         zh=(named(zh[0]), named(zh[1]) if zh[1] else zh[1]) if zh is not None
                                         else zh)
    own = renamed.get(INDEX.sub("[]", path)) if path else None
    if own is not None:
        said, zh = in_files_column(own), diagnostic.zh
        return dataclasses.replace(diagnostic, message=diagnostic.message + said.en,
                                   zh=(zh[0] + said.zh, zh[1]) if zh is not None else None)
    return diagnostic


def row_names(places: Sequence[tuple[str, str, int]]) -> dict[str, str]:
    """A record's `places` as sentences name them: JSON path → `file:line` (`members[1]` → `members.csv:8`)."""
    return {prefix: f"{file}:{line}" for prefix, file, line in places}


class InputError(Exception):
    """The input as a whole cannot be read (missing file, unknown layout): a usage error, said in both languages
    (`in_lang`; `str` is the English). `diagnostics`, when given, say it with a place in the file; `unknown`, the
    columns no policy reads that it stops at (a command that can leave them out says how); `help`, the fix, where
    the message leaves it to a line of its own (`rename `tpe` to `type``); `renames`, the headers of CSV tables that
    help renames, each with its column, which `--rename-column` can rename instead (`engine.batch.renamed`); `place`,
    where in the file it is, which the message says before its words."""

    def __init__(self, said: Said, diagnostics: Sequence[Diagnostic] = (), unknown: Sequence[str] = (),
                 help: Said | None = None, renames: Sequence[tuple[str, str]] = (), place: Span | None = None):
        super().__init__(said.en)
        self.said = said
        self.place = place
        self.diagnostics = list(diagnostics)
        self.unknown = list(unknown)
        self.help = help
        self.renames = list(renames)
        self.also: list[InputError] = []  # the refusals of the input's other files, said with this one (`together`)

    def in_lang(self, lang: str) -> str:
        return "\n".join(error.said.in_lang(lang) for error in (self, *self.also))

    @staticmethod
    def together(errors: Sequence[InputError]) -> InputError:
        """The refusals of several files of one input (the tables of CSV input; one at least) as one, said all in one
        run: each message, one fix for all (their helps joined), and their columns to rename or leave out, each
        once."""
        if len(errors) == 1:
            return errors[0]
        helps = [e.help for e in errors if e.help is not None]
        en = dict.fromkeys(clause for h in helps for clause in h.en.split("; "))  # a clause two tables share, once
        zh = dict.fromkeys(clause for h in helps for clause in h.zh.split("；"))
        first = InputError(errors[0].said, errors[0].diagnostics,
                           list(dict.fromkeys(name for e in errors for name in e.unknown)),
                           Said("; ".join(en), "；".join(zh)) if helps else None,
                           list(dict.fromkeys(pair for e in errors for pair in e.renames)))
        first.also = list(errors[1:])
        return first


@dataclass(frozen=True)
class InputNote:
    """Something an input leaves to defaults (a column it lacks) or does not read, said before the run.

    A warning when decisions rest on it — every member decided with the default of a column a category
    reads: `rests_on` says so again under the run's tally, where a count it inflates is read."""

    said: Said
    rests_on: Said | None = None

    @property
    def level(self) -> str:
        return "note" if self.rests_on is None else "warning"


# the form an input writes households in: JSON (JSON Lines, JSON files), CSV tables, or Parquet
InputForm = ReadFrom


class Input:
    """A source of household records."""

    path: Path
    form: InputForm = "json"  # which names the column of a problem in the run's summary (`engine.batch.problems`)
    notes: Sequence[InputNote] = ()  # said before the run: what the input leaves to defaults (a column it lacks)
    blank_date: str | None = None  # the table whose `date` column is empty in every row (`input_columns.undated`)
    resumable = True  # whether it can be read again, as `--resume` does
    # the pairs of `--rename-column` and `--rename-value` the input is read with (`--rename-column`: CSV tables alone)
    renamed: Renames | None = None

    def records(self) -> Iterator[Record]:
        """The records one by one, in input order: an input defines this or `chunks`, each in terms of the other."""
        for payload in self.chunks(8192):
            yield from records_of(payload)

    def count(self) -> int | None:
        """How many records the input holds, when it can say before the run (for the progress bar)."""
        return None

    def estimated_count(self) -> int | None:
        """While the run goes on, a guess at how many records there are, from an input that cannot count
        them ahead (`count` is None); None until it can guess, and for an input that never can."""
        return None

    def fingerprint(self) -> list[Any]:
        """What identifies this input for `--resume`: files, sizes and modification times."""
        out: list[Any] = []
        for f in self.files():
            st = f.stat()
            out.append([str(f), st.st_size, st.st_mtime_ns])
        return out

    def files(self, every: bool = False) -> list[Path]:
        """The files read; with `every`, also those the input would read if they existed (an optional table)."""
        return [self.path]

    def own_headers(self) -> dict[str, str]:
        """CSV tables: the JSON paths (indices left out) of the cells under a header `--rename-column` renamed, each
        with the header as its file writes it (`engine.batch.renamed.renamed_paths`); none for other inputs."""
        return {}

    def close(self) -> None:
        """Remove what reading made (the decompressed copies of CSV tables): the input is not read again."""

    def where(self, number: int) -> str:
        """Where the record numbered `number` is, as messages name it: `households.jsonl:17`."""
        return f"{self.path}:{number}"

    def chunks(self, size: int) -> Iterator[Any]:
        """The records in chunks of `size`, each a payload `records_of` turns back into records."""
        records = self.records()
        while chunk := list(itertools.islice(records, size)):
            yield chunk

    def runs(self, size: int) -> Iterator[list[Any]]:
        """The chunks (`chunks`) in runs, each decided by one worker in one go: each chunk alone, unless a worker
        would read the input again to take the next one (a Parquet row group, `ParquetHouseholds.runs`)."""
        for payload in self.chunks(size):
            yield [payload]


def records_of(payload: Any) -> list[Record]:
    """The records of a chunk payload: a list of records, the rows of CSV households, byte ranges of plain CSV
    tables, a range of a JSON Lines or Parquet file, or the lines themselves (of a compressed file)."""
    if isinstance(payload, list):
        return payload
    if payload[0] == "parquet":
        from engine.batch.parquet_input import ParquetHouseholds

        return ParquetHouseholds.read_rows(*payload[1:])
    if payload[0] == "csvcols":
        from engine.batch.csv_columns import chunk_records

        return chunk_records(payload[1])
    if payload[0] == "csv":
        _, layout, entries = payload
        return [entry if isinstance(entry, Record) else layout.record(*entry) for entry in entries]
    if payload[0] == "lines":
        return Record.json_lines(*lines_of(payload))
    _, name, start, end, first = payload
    numbers, lines = json_lines_of(name, start, end, first)
    return [Record.json_line(name, number, line) for number, line in zip(numbers, lines, strict=True)]


def json_lines_of(name: str, start: int, end: int, first: int) -> tuple[list[int], Sequence[bytes]]:
    """The line numbers and texts of the lines that are not blank, in bytes `start` to `end` of a file
    (`engine.batch.line_block`)."""
    from engine.batch.line_block import Lines

    with open(name, "rb") as handle:
        handle.seek(start)
        lines = Lines(handle.read(end - start), first)
    return lines.numbers, lines


def _lines_in(path: Path) -> int:
    """The lines of a file, the last one counted whether or not a newline ends it."""
    total, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            total += block.count(b"\n")
            last = block[-1:]
    return total + (last != b"\n")


class JsonLines(Input):
    def __init__(self, path: Path):
        self.path = path

    def records(self) -> Iterator[Record]:
        name = str(self.path)
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                if not skipped_line(line, number == 1):
                    yield Record.json_line(name, number, line.rstrip(b"\r\n"))

    def count(self) -> int | None:
        return _lines_in(self.path)

    def chunks(self, size: int) -> Iterator[Any]:
        """Byte ranges of `size` lines each: the workers read their own lines, nothing is copied over."""
        name = str(self.path)
        start, line, seen, offset = 0, 1, 0, 0
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 22):
                ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
                while seen + len(ends) >= size:
                    cut = offset + int(ends[size - seen - 1]) + 1
                    ends = ends[size - seen:]
                    yield ("jsonl", name, start, cut, line)
                    start, line, seen = cut, line + size, 0
                seen += len(ends)
                offset += len(block)
        if offset > start:
            yield ("jsonl", name, start, offset, line)


# how gzip, bz2, lzma and Arrow each say a stream is damaged (cut off: EOFError; garbled: the others)
DAMAGED = (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error)


def damaged(name: str, kind: str, lines: int, error: Exception) -> InputError:
    """A compressed input found damaged or cut off after `lines` lines of its text were read; or one the system would
    not let be read (an error with its code: not damage), said as `why_not_read` says it."""
    after = Said(f" after line {lines:,}", f"在第 {lines:,} 行之后") if lines else Said("", "")
    if isinstance(error, OSError) and error.errno is not None:
        why = why_not_read(error)
        return InputError(Said(f"{name}: cannot read it{after.en}: {why.en}", f"{name}：{after.zh}无法读取：{why.zh}"),
                          help=what_to_do(error))
    return InputError(Said(f"{name}: the {kind} data is damaged or cut off{after.en} ({error}); fetch or export the "
                           "file again",
                           f"{name}：{kind} 压缩数据{after.zh}已损坏或中断（{error}）；请重新获取或导出该文件"))


def can_decompress(path: Path, kind: str) -> None:
    """Stop before reading a file of this compression when nothing here decompresses it (zstd without pyarrow)."""
    if kind == "zstd":
        try:
            import pyarrow  # noqa: F401  (its zstd codec; the standard library has none before Python 3.14)
        except ImportError:
            how = to_install("parquet")
            raise InputError(Said(f"{path}: reading zstd needs pyarrow: {how.en}; or decompress it first: "
                                  f"`zstd -d {path}`",
                                  f"{path}：读取 zstd 需要 pyarrow：{how.zh}；或先解压：`zstd -d {path}`")
                             ) from None


def decompressed(raw: IO[bytes], kind: str, name: str) -> bytes:
    """The whole text of compressed data (`kind`) read from `raw`; `InputError` when nothing here decompresses it,
    or it is damaged or cut off (`name`: the file, as messages name it)."""
    can_decompress(Path(name), kind)
    try:
        with decompressing(raw, kind) as text:
            return bytes(text.read())
    except DAMAGED as error:
        raise damaged(name, kind, 0, error) from None


def decompressing(raw: IO[bytes], kind: str) -> Any:
    """A file object that reads `raw` decompressed (`kind`: gzip, bzip2, xz, zstd)."""
    if kind == "zstd":
        import pyarrow as pa

        return pa.input_stream(raw, compression="zstd")
    import bz2
    import gzip
    import lzma

    return gzip.GzipFile(fileobj=raw) if kind == "gzip" else bz2.BZ2File(raw) if kind == "bzip2" \
        else lzma.LZMAFile(raw)


class _StreamedLines(Input):
    """JSON Lines that this process reads as a stream — a compressed file, decompressed as it goes, or standard
    input — each chunk carrying its lines to a worker. Lines are numbered in the text as read. A damaged
    or cut-off compressed stream ends the run with `InputError`, naming the last line read."""

    name = ""  # the stream as messages name it
    kind: str | None = None  # its compression
    stored: int | None = None  # its size as stored (compressed), when known
    _seen = (0, 0)  # records read so far, and the stored bytes they took
    first = b""  # the first line that is not blank
    document = False  # it holds one JSON document written over many lines, where that is read (`_start`)

    def _blocks(self) -> Iterator[tuple[bytes, int]]:
        """The text in blocks, each with the stored bytes read so far."""
        raise NotImplementedError

    def where(self, number: int) -> str:
        return f"{self.name}:{number}"

    def estimated_count(self) -> int | None:
        """The records read so far, scaled by the share of the stored bytes they took: exact once all is read."""
        records, consumed = self._seen
        return round(records * self.stored / consumed) if records and consumed and self.stored else None

    def _start(self, blocks: Iterator[tuple[bytes, int]], empty: Said | None,
               document: Said | None = None) -> list[tuple[bytes, int]]:
        """The blocks up to the first line that holds JSON text (`first_json_text`); `InputError` (`empty`,
        `document`) when there is no line that is not blank (unless `empty` is None: one part of a folder may be
        empty), or when that line starts a JSON document written over many lines (unless `document` is None: a file
        is read whole as that document, `self.document`)."""
        from engine.diagnostics import plainly_utf8
        from engine.household_input import utf16_order

        taken: list[tuple[bytes, int]] = []
        try:
            for block in blocks:  # up to the end of the first line that holds JSON text
                taken.append(block)
                if first_json_text(b"".join(b for b, _ in taken).split(b"\n")[:-1]):
                    break
        except DAMAGED as error:
            if self.kind is None:
                raise
            raise self._damaged(0, error) from None
        lines = b"".join(b for b, _ in taken).split(b"\n")
        first = _first_of(lines)
        if not first:
            if empty is None:
                return taken
            raise InputError(Said(f"{self.name}: {empty.en}", f"{self.name}：{empty.zh}"))
        # a stream in GBK is told so, as a file is, not taken for a document over many lines; its first line may
        # read as UTF-8 by chance (`女` is `Ů`); in UTF-16 with no mark, it is ASCII with NULs between
        if (not first.isascii() and not plainly_utf8(first)) or utf16_order(first) is not None:
            head = b"".join(b for b, _ in taken)[:UTF8_SAMPLE]
            in_utf8(self.name, head[:head.rindex(b"\n")] if b"\n" in head else head)
        if starts_document(first_json_text(lines)):
            if document is None:
                self.document = True
                return taken
            raise InputError(Said(f"{self.name}: {document.en}", f"{self.name}：{document.zh}"))
        self.first = first  # what `open_input` judges households by
        return taken

    def _damaged(self, lines: int, error: Exception) -> InputError:
        return damaged(self.name, self.kind or "", lines, error)

    def chunks(self, size: int) -> Iterator[Any]:
        from engine.diagnostics import utf8_beyond_ascii

        name = self.name
        numbers: list[int] = []
        lines: list[bytes] = []
        number, rest, records = 1, b"", 0
        utf8 = self.first.startswith(b"\xef\xbb\xbf")  # UTF-8 Chinese in the lines read so far (`plainly_utf8`)
        try:
            for block, consumed in self._blocks():
                *whole, rest = (rest + block).split(b"\n")
                for line in whole:
                    if not skipped_line(line, number == 1):
                        numbers.append(number)
                        lines.append(line.rstrip(b"\r"))
                        records += 1
                        if len(lines) == size:
                            utf8 = utf8 or utf8_beyond_ascii(lines)
                            yield ("lines", name, numbers, lines, utf8, None)
                            numbers, lines = [], []
                    number += 1
                self._seen = (records, consumed)  # the lines of the blocks read, and the stored bytes they took
        except DAMAGED as error:
            if self.kind is None:
                raise
            raise self._damaged(number - 1, error) from None
        unended = None
        if not skipped_line(rest, number == 1):  # a last line with no line break after it: JSON stopping in it cut off
            numbers.append(number)
            lines.append(rest.rstrip(b"\r"))
            records += 1
            unended = number
        self._seen = (records, self.stored or 0)
        if lines:
            yield ("lines", name, numbers, lines, utf8 or utf8_beyond_ascii(lines), unended)


def lines_of(payload: tuple[Any, ...]) -> tuple[str, Sequence[int], Sequence[bytes], int | None]:
    """The stream, line numbers and lines of a chunk of streamed lines (`_StreamedLines.chunks`), the stream known
    to hold UTF-8 where its lines so far did (`holds_utf8_text`), and the number of its line that ends the stream
    with no line break after it (None: none of them does)."""
    from engine.household_input import holds_utf8_text

    _, name, numbers, lines, utf8, unended = payload
    holds_utf8_text(name, utf8)
    return name, numbers, lines, unended


class CompressedJsonLines(_StreamedLines):
    """A gzip-, bzip2-, xz- or zstd-compressed JSON Lines file (`households.jsonl.gz`), decompressed as this
    process reads it; one holding one JSON document over many lines (or a list) is `document`, which
    `JsonFolder` reads whole, as `policy monitor ingest` reads it."""

    def __init__(self, path: Path, kind: str, *, part: bool = False):
        self.path, self.kind, self.name = path, kind, str(path)
        self.stored = path.stat().st_size
        can_decompress(path, kind)
        empty = None if part else Said("the file holds no household (it is empty once decompressed)",
                                       "文件中没有家庭（解压后是空的）")
        self._start(self._blocks(1 << 16), empty)  # a small first block: a folder may hold hundreds of such files

    def _blocks(self, size: int = 1 << 20) -> Iterator[tuple[bytes, int]]:
        with self.path.open("rb") as raw, decompressing(raw, self.kind or "") as handle:
            while block := handle.read(size):
                yield block, raw.tell()


class StandardInput(_StreamedLines):
    """JSON Lines piped in (INPUT `-`), compressed or not (known by the first bytes), read once: a run from
    standard input cannot be resumed. Lines are named `<stdin>:17`."""

    resumable = False

    def __init__(self, stream: IO[bytes]):
        from engine.household_input import compression_of, workbook_held

        self.path, self.name = Path("-"), "<stdin>"
        head = stream.read(8)
        packed = compression_of(head)
        if packed is not None and packed[0] == "zip":
            sheet = workbook_held(head + stream.read())  # (refused either way: read whole, to tell a workbook)
            if sheet is not None:
                raise spreadsheet_given(self.name, sheet)
            raise InputError(Said(f"{self.name}: this is a zip archive, not JSON Lines; extract it first",
                                  f"{self.name}：这是 zip 压缩包，不是 JSON Lines；请先解压"))
        self.kind = packed[0] if packed is not None else None
        self._raw = _Rejoined(head, stream)
        joined = io.BufferedReader(self._raw)
        self._text = decompressing(joined, self.kind) if self.kind else joined
        with contextlib.suppress(OSError, ValueError):  # a pipe has no size; a file redirected in has
            status = os.fstat(stream.fileno())
            self.stored = status.st_size if stat.S_ISREG(status.st_mode) else None
        self._taken: list[tuple[bytes, int]] | None = self._start(
            self._read(), Said("holds no household (nothing, or only blank lines, came in)",
                               "没有家庭（没有输入任何内容，或只有空行）"),
            Said("standard input is read as JSON Lines, one household per line, and this holds a JSON document "
                 "written over many lines (or a list): give it as a file",
                 "标准输入按 JSON Lines 读取，每行一户，而输入的是跨多行的 JSON 文档（或列表）：请以文件形式给出"))

    def _read(self) -> Iterator[tuple[bytes, int]]:
        while block := self._text.read(1 << 20):
            yield block, self._raw.given

    def _blocks(self) -> Iterator[tuple[bytes, int]]:
        if self._taken is None:
            raise RuntimeError("standard input is read once")
        taken, self._taken = self._taken, None
        yield from taken
        yield from self._read()

    def files(self, every: bool = False) -> list[Path]:
        return []


class _Rejoined(io.RawIOBase):
    """The first bytes of a stream, already taken to see what it holds, then the rest of it; counts what it gives."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self.head, self.rest, self.given = head, rest, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
        else:
            data = self.rest.read(len(buffer))
            n = len(data)
            buffer[:n] = data
        self.given += n
        return n


class JsonFolder(Input):
    """The households of a folder, file by file in name order: `.json` files (each one household or a list of
    them), `.jsonl` files (one household per line) and either compressed (`2026-03.jsonl.gz`, or
    `part-00000.json.gz` as Spark writes JSON: read as JSON Lines), as `policy diff` and `policy monitor
    ingest` list a folder (`engine.household_input.household_files`); or one `.json` file.

    A record's number is its place among the folder's records, one per `.json` file (the households of a
    list share it) and one per line of a JSON Lines file; `where` turns it back into the file (and line)."""

    def __init__(self, path: Path, policies: Sequence[Policy] = (), packed: str | None = None):
        from engine.batch.parquet_input import partition_notes
        from engine.household_input import household_files, packed_name, unread_note

        self.path = path
        self._files = [path] if path.is_file() else household_files(path)
        note = None if path.is_file() else unread_note(path)
        self.notes = [InputNote(note)] if note else []
        if path.is_dir():  # partition folders (`county=430524/`): a note, or a refusal for a household's field
            self.notes += partition_notes(str(path), [f.relative_to(path).as_posix() for f in self._files], policies)
        # the compressed files, each checked now (a zip archive, a document over many lines: refused before the run)
        self._packed: dict[Path, CompressedJsonLines] = {}
        # those holding one document (a list, or a household over many lines), each with its compression: read whole
        self._documents: dict[Path, str] = {path: packed} if packed is not None else {}
        for f in self._files:
            kind = compression(f) if f != path and packed_name(f) else None
            if kind is not None:
                lines = CompressedJsonLines(f, kind, part=True)
                if lines.document:
                    self._documents[f] = kind
                else:
                    self._packed[f] = lines
        # the JSON Lines files of a folder (a `.jsonl` file holding one document is read as that document; one
        # named as compressed but not, as JSON Lines; a `.json` file holding JSON Lines, as Spark writes them, too),
        # each with its first line, each file opened once
        firsts = {f: _lines_first(f) for f in self._files
                  if f != path and f not in self._packed and f not in self._documents}
        self._lines = {f for f, (lines, _) in firsts.items() if lines}
        # the plain files holding a list, whose households `count` counts (the others hold one record each)
        self._lists = {f for f, (lines, first) in firsts.items()
                       if not lines and json_start(first).startswith(b"[")}
        if path.is_dir():  # a file of decisions among the households (written into the folder read): refused now
            for f in self._files:
                if f in self._packed:
                    _not_decisions(f, self._packed[f].first, path)
                elif f in self._lines:
                    _not_decisions(f, firsts[f][1], path)
        self._starts: list[int] = []  # the first record number of each file, as `records` meets them
        self._seen = (0, 0)  # the records of the files read whole so far, and how many files those are
        self._sizes: list[int] | None = None  # each file's bytes, for `estimated_count`

    def files(self, every: bool = False) -> list[Path]:
        return self._files

    def where(self, number: int) -> str:
        at = bisect.bisect_right(self._starts, number) - 1
        f = self._files[at]
        return f"{f}:{number - self._starts[at] + 1}" if f in self._lines or f in self._packed else str(f)

    def records(self) -> Iterator[Record]:
        self._seen = (0, 0)
        for read, record in enumerate(self._read()):
            if len(self._starts) - 1 > self._seen[1]:  # a file begun: those before it are read whole
                self._seen = (read, len(self._starts) - 1)
            yield record

    def _read(self) -> Iterator[Record]:
        from engine.household import HouseholdError
        from engine.household_input import household_text, read_list, utf16_order

        self._starts = []
        number = 1
        for f in self._files:
            self._starts.append(number)
            if f in self._lines or f in self._packed:
                lines = self._packed[f].records() if f in self._packed else JsonLines(f).records()
                last = 0
                for record in lines:
                    yield Record(number + record.number - 1, record.source, raw=record.raw, text_at=record.text_at,
                                 row=record.row, unended=record.unended)
                    last = record.number
                number += last if f in self._packed else _lines_in(f)  # (a compressed file's lines: as read)
                continue
            kind = self._documents.get(f)
            with f.open("rb") as handle:
                raw = handle.read() if kind is None else decompressed(handle, kind, str(f))
            # a list; or text in UTF-16 (`.json` or `.jsonl`), told as `policy eval` tells it (`household_text` of a
            # whole file), not as JSON that stops at its first NUL, and placed before the words as it places them
            # (`list.json:91:23:`; a compressed file's at the line and column of its decompressed text). The findings
            # of a compressed list's item are placed by the file's lines alone (its text is not read again), as
            # `policy monitor ingest` places them
            if json_start(raw).startswith(b"[") or utf16_order(raw) is not None:
                try:
                    items = read_list(household_text(raw, str(f)), str(f), (str(f), 1), by_item=True)
                except HouseholdError as error:
                    yield Record(number, str(f), problem=error.diagnostics[0], text_at=(str(f), 1))
                else:
                    for i, item in enumerate(items):  # an item that cannot be read: its own bad record
                        bad = item.diagnostics[0] if isinstance(item, HouseholdError) else None
                        yield Record(number, f"{f}[{i}]", data=None if bad else item, problem=bad,
                                     item=(str(f), i) if kind is None else None)
            else:
                yield Record(number, str(f), raw=raw, text_at=(str(f), 1))
            number += 1

    def count(self) -> int | None:
        """The records `records` gives, where they are known before the run: a line of JSON Lines each, one for any
        other file; None where a file holds a list (its households are known once it is read: reading every list
        twice would cost as much as a second run's reading) or is compressed (`estimated_count` stands in)."""
        if self._packed or self._documents or self._lists:
            return None
        return sum(_lines_in(f) if f in self._lines else 1 for f in self._files)

    def estimated_count(self) -> int | None:
        """The records read so far, from the files read whole, scaled by the share of the folder's bytes those files
        hold: exact once all is read."""
        records, files = self._seen
        if not records:
            return None
        if self._sizes is None:
            self._sizes = [f.stat().st_size for f in self._files]
        consumed = sum(self._sizes[:files])
        return round(records * sum(self._sizes) / consumed) if consumed else None


def beyond_json(path: Path) -> bool:
    """Whether a path holds households in a form only these readers read: CSV tables, Parquet (a file or a
    folder of parts) or compressed JSON Lines (`policy diff` reads plain JSON itself)."""
    from engine.batch.parquet_input import parquet_parts

    if path.is_dir():
        from engine.batch.csv_tables import table_in
        from engine.household_input import household_files, packed_name

        return table_in(path, "households.csv").exists() or bool(parquet_parts(path)) \
            or any(packed_name(f) for f in household_files(path))
    if path.suffix.lower() in (".parquet", ".pq", ".csv"):
        return True
    from engine.household_input import compression_of

    with path.open("rb") as handle:
        return compression_of(handle.read(8)) is not None


def beside_tables(folder: Path) -> InputNote | None:
    """The note for a folder read as CSV tables that also holds JSON or JSON Lines files, which `policy batch`
    passes over: named, with how to decide their households (a run of their own); None when it holds none."""
    from engine.household_input import beside_tables as json_beside

    def how(skipped: list[Path]) -> Said:
        if len(skipped) == 1:
            run = f"`policy batch {shell_word(str(skipped[0]))} -o …`"
            return Said(f"to decide its households, run on it separately: {run}",
                        f"要认定其中的家庭，请另行运行：{run}")
        return Said("to decide their households, move them into a folder of their own and run on it separately: "
                    "`policy batch FOLDER -o …`", "要认定其中的家庭，请把它们移到单独的文件夹中，另行运行："
                    "`policy batch 文件夹 -o …`")

    said = json_beside(folder, how)
    return InputNote(said) if said is not None else None


def open_input(path: Path, policies: Sequence[Policy], stdin: IO[bytes] | None = None,
               ignored: frozenset[str] = frozenset(), renamed: Renames | None = None) -> Input:
    """The reader for a path: `.jsonl`, `.parquet`, a `.json` file, a folder of CSV tables or of JSON files;
    `-` reads JSON Lines from `stdin`. `ignored`: the columns of `--ignore-column` (`engine.batch.ignored`), which
    the tables' checks pass over (the records keep them: the workers take them out); `renamed`: the pairs of
    `--rename-column` (`engine.batch.renamed`), for CSV tables alone (`InputError` for any other input), and of
    `--rename-value`, which JSON and Parquet records are read with by the workers (`Settings.words`)."""
    source = _opened(path, policies, stdin, ignored, renamed)
    if renamed and renamed.pairs and source.form != "csv":
        from engine.batch.renamed import not_tables

        source.close()
        raise not_tables(str(path), source.form)
    if renamed and source.form != "csv":  # the values of --rename-value alone: the workers read them
        source.renamed = renamed
    return source


def _opened(path: Path, policies: Sequence[Policy], stdin: IO[bytes] | None, ignored: frozenset[str],
            renamed: Renames | None) -> Input:
    if str(path) == "-" and stdin is not None:
        piped = StandardInput(stdin)
        _not_decisions(piped.name, piped.first)
        return piped
    if not path.exists():
        raise InputError(Said(f"{path}: no such file or folder", f"{path}：没有这个文件或文件夹"))
    from engine.batch.parquet_input import ParquetFolder, ParquetHouseholds, parquet_parts
    from engine.household_input import PACKED_SUFFIXES, csv_named

    if path.is_dir():
        from engine.batch.csv_tables import CsvTables, table_in  # for a folder or households.csv alone

        parts = parquet_parts(path)
        if parts:
            _one_kind(path, parts)
        if table_in(path, "households.csv").exists():
            return CsvTables(path, policies, ignored=ignored, renamed=renamed)
        if parts:
            return ParquetFolder(path, policies, ignored, renamed.words if renamed else ())
        folder = JsonFolder(path, policies)
        if not folder.files():  # most likely the wrong folder: an empty output would hide it
            instead = _what_instead(path)
            raise InputError(Said(f"{path}: holds no .json or .jsonl file, no households.csv and no Parquet file (a "
                                  "folder input is JSON files, JSON Lines files, the CSV tables households.csv and "
                                  "members.csv, or Parquet files)" + instead.en,
                                  f"{path}：其中没有 .json 或 .jsonl 文件，没有 households.csv，也没有 Parquet 文件"
                                  "（作为输入的文件夹应包含 JSON 文件、JSON Lines 文件、CSV 表 households.csv 和 "
                                  "members.csv，或 Parquet 文件）" + instead.zh))
        return folder
    if path.name in {f"households.csv{suffix}" for suffix in ("", *PACKED_SUFFIXES)}:  # compressed or not
        from engine.batch.csv_tables import CsvTables

        return CsvTables(path.parent, policies, households=path, ignored=ignored, renamed=renamed)
    if csv_named(path):
        raise InputError(Said(f"{path}: a CSV input is a folder holding households.csv and members.csv "
                              "(and lines.csv; each may be compressed); give the folder or households.csv",
                              f"{path}：CSV 输入是一个文件夹，内有 households.csv 和 members.csv（以及 lines.csv；"
                              "均可压缩）；请给出该文件夹或 households.csv"))
    if path.suffix.lower() in (".parquet", ".pq"):
        return ParquetHouseholds(path, policies, ignored=ignored, words=renamed.words if renamed else ())
    packed = compression(path)
    if packed is not None:
        lines = CompressedJsonLines(path, packed)
        if lines.document:  # read whole, as that document, as `policy monitor ingest` reads it
            return JsonFolder(path, packed=packed)
        _not_decisions(path, lines.first)
        return lines
    if one_document(path):
        return JsonFolder(path)
    file_in_utf8(path)
    return JsonLines(path)


def in_utf16(path: Path) -> bool:
    """Whether a file is text in UTF-16, with its byte-order mark or without (`utf16_order`)."""
    from engine.household_input import utf16_order

    with path.open("rb") as handle:
        return utf16_order(handle.read(4)) is not None


def _one_kind(folder: Path, parts: Sequence[Path]) -> None:
    """Stop when a folder of Parquet parts holds other household files too (JSON, JSON Lines, CSV tables): which of
    them are its households is not plain, and reading one kind would pass over the others' households."""
    from engine.batch.csv_tables import table_in
    from engine.household_input import household_files

    others = [*household_files(folder), *(t for t in [table_in(folder, "households.csv")] if t.exists())]
    if others:
        raise mixed_folder(str(folder), [str(p.relative_to(folder)) for p in parts],
                           [str(p.relative_to(folder)) for p in others], str(others[0]))


def mixed_folder(folder: str, parts: Sequence[str], others: Sequence[str], first: str) -> InputError:
    """The refusal of a folder holding Parquet parts and other household files (`others`, relative to it; `first`,
    the first of them as a path), for `policy batch` on a local folder or on one Spark reads."""
    from engine.household_input import first_names

    alone = Said("", "") if len(others) > 1 or others[0] == "households.csv" else \
        Said(f" (for the one file, give it alone: {shell_word(first)})",
             f"（那一个文件也可以单独给出：{shell_word(first)}）")
    return InputError(Said(
        f"{folder}: holds both Parquet files ({len(parts):,}: {first_names(list(parts))}) and other household files "
        f"({len(others):,}: {first_names(list(others))}), and which of them are the households is not plain: move "
        f"one kind into a folder of its own, and run on each separately{alone.en}",
        f"{folder}：其中既有 Parquet 文件（{len(parts):,} 个：{first_names(list(parts), 'zh')}），又有其他家庭文件"
        f"（{len(others):,} 个：{first_names(list(others), 'zh')}），无法确定哪些才是要认定的家庭：请把其中一类文件"
        f"移到单独的文件夹里，分别运行{alone.zh}"))


def one_document(path: Path, policy_given: Said | None = None) -> bool:
    """Whether a plain file of households is one JSON document (else JSON Lines), once it is known to hold some: an
    empty file or an empty list, a policy, a file of test cases or of decisions is refused (`InputError`) before any
    record is read, as each of its lines would otherwise be a bad record; so is a file in UTF-16, told so before its
    lines, or its document, are taken for JSON (`file_in_utf8`). `policy_given`: how the command given it takes a
    policy, for the help of a policy given as households (`engine.household_input.other_kind`)."""
    nothing = holds_nothing(path)
    if nothing is not None:
        raise InputError(nothing)
    if in_utf16(path):
        file_in_utf8(path)
    if not json_lines_file(path):
        return True
    _not_yaml(path, _first_line(path), policy_given)
    return False


def json_lines_file(path: Path) -> bool:
    """`json_lines_text` of a plain file."""
    with path.open("rb") as handle:
        return json_lines_text(path.name, handle)


def _lines_first(path: Path) -> tuple[bool, bytes]:
    """Whether a plain file is read as JSON Lines (`json_lines_text`) rather than as one document, and its first line
    that is not blank; the file opened once."""
    with path.open("rb") as handle:
        lines = json_lines_text(path.name, handle)
        handle.seek(0)
        return lines, _first_of(handle)


def holds_nothing(path: Path) -> Said | None:
    """Why a plain file of households holds none — nothing but blanks, or an empty list —, else None: an export that
    failed, which must not look like a run (or an ingest) that found nobody."""
    if not _first_line(path):  # (a line of a mark alone below the first is a bad record: `skipped_line`)
        return Said(f"{path}: the file holds no household (it is empty)", f"{path}：文件中没有家庭（文件是空的）")
    if path.stat().st_size < 1024 and _EMPTY_LIST.fullmatch(path.read_bytes()):
        return Said(f"{path}: the file holds no household (an empty list)", f"{path}：文件中没有家庭（是一个空列表）")
    return None


def _what_instead(folder: Path) -> Said:
    """What a folder with no households in it does hold, when that says what to do: a zip archive, or folders."""
    from engine.batch.csv_tables import tables_in_other_case
    from engine.household_input import first_names

    renamed = tables_in_other_case(folder)
    if renamed is not None:
        return Said(f"; {renamed.en}", f"；{renamed.zh}")
    archives = sorted(f.name for f in folder.glob("*.[zZ][iI][pP]") if f.is_file())
    if archives:
        unzip = f"`unzip {folder / archives[0]}`"
        return Said(f"; it holds a zip archive ({archives[0]}): extract it first: {unzip}",
                    f"；其中有 zip 压缩包（{archives[0]}）：请先解压：{unzip}")
    inside = sorted(f"{f.name}/" for f in folder.iterdir() if f.is_dir() and not f.name.startswith((".", "_")))
    if inside:
        return Said(f"; it holds folders ({first_names(inside)}): give the one that holds the households",
                    f"；其中有文件夹（{first_names(inside, 'zh')}）：请给出存放家庭数据的那一个")
    return Said("", "")


def _first_line(path: Path) -> bytes:
    """The first line that is not blank (empty when there is none): `_first_of`."""
    with path.open("rb") as handle:
        return _first_of(handle)


def _first_of(lines: Iterable[bytes]) -> bytes:
    """The first line that is not blank (empty when there is none), a file's first line holding its byte-order mark
    alone blank too: an export that writes the mark on a line of its own was said to hold no household."""
    return next((line for at, line in enumerate(lines) if not skipped_line(line, at == 0)), b"")


_EMPTY_LIST = re.compile(rb"(?:\xef\xbb\xbf)?\s*\[\s*\]\s*")


JSON_LINES = Said("JSON Lines", "JSON Lines")


def compression(path: Path, holds: Said = JSON_LINES) -> str | None:
    """The compression of a file (known by its first bytes, whatever its name), if any; a zip archive is refused:
    it holds files, not the `holds` it is read as, and a spreadsheet (an Excel workbook is one too) is named as such."""
    from engine.file_names import spreadsheet
    from engine.household_input import compression_of, workbook_held

    sheet = spreadsheet(path)
    if sheet is not None:
        raise spreadsheet_given(str(path), sheet, holds)
    with path.open("rb") as handle:
        packed = compression_of(handle.read(8))
    if packed is None:
        return None
    kind, beside, _ = packed
    if kind == "zip":
        sheet = workbook_held(path)  # an Excel workbook renamed `households.jsonl`: unzipped, it gives XML files
        if sheet is not None:
            raise spreadsheet_given(str(path), sheet, holds)
        raise InputError(Said(f"{path}: this file is a zip archive, not {holds.en}; extract it first: "
                              f"`{beside} {path}`",
                              f"{path}：这是 zip 压缩包，不是 {holds.zh}；请先解压：`{beside} {path}`"))
    return kind


def spreadsheet_given(name: str, sheet: Said, holds: Said = JSON_LINES) -> InputError:
    """A spreadsheet (`sheet`: what it is, by its name or by what it holds) given where `holds` is read: how to export
    its households in a form `policy batch` reads."""
    return InputError(Said(f"{name}: this is {sheet.en}, not {holds.en}; export its households as CSV tables "
                           "(households.csv, members.csv, lines.csv) or as JSON Lines: docs/batch.md shows both",
                           chinese_joined(f"{name}：这是", sheet.zh, f"，不是 {holds.zh}；请把其中的家庭导出为 "
                                          "CSV 表格（households.csv、members.csv、lines.csv）或 JSON Lines："
                                          "两种格式见 docs/batch.md")))


def decisions_given(path: Path | str, folder: Path | None = None) -> InputError:
    """A file of decisions given as households: by itself, or (`folder`) among the files of a folder given."""
    if folder is not None:
        return InputError(Said(f"{path}: this is a file of decisions (what `policy batch` writes), not households; "
                               f"move it out of {folder}, whose every file is read as households",
                               f"{path}：这是认定结果文件（`policy batch` 写出的），不是家庭数据；"
                               f"{folder} 中的每个文件都作为家庭数据读取，请把它移出该文件夹"))
    return InputError(Said(f"{path}: this is a file of decisions (what `policy batch` writes), not households; "
                           "give the households file they were made from",
                           f"{path}：这是认定结果文件（`policy batch` 写出的），不是家庭数据；请给出生成它的家庭文件"))


def _not_yaml(path: Path, first: bytes, policy_given: Said | None = None) -> None:
    """Stop when a file read as JSON Lines (whose first line that is not blank is `first`) is a policy, a file
    of test cases or a file of decisions: each of its lines would otherwise be a bad record. The YAML is looked
    for only when the first line is not a JSON object, as a YAML file's never is."""
    from engine.household_input import other_kind

    if json_start(first, b" \t").startswith(b"{"):
        _not_decisions(path, first)
        return
    if path.stat().st_size > MAX_POLICY_BYTES:
        return
    found = other_kind(path.read_bytes().decode("utf-8", errors="replace"), str(path), policy_given)
    if found is not None:
        raise InputError(Said(found.message, found.in_lang("zh").message), [found])


def _not_decisions(name: Path | str, first: bytes, folder: Path | None = None) -> None:
    """Stop when the first line of JSON Lines given as households (compressed or not, piped or not; a file of a
    `folder` given) is a decision."""
    from engine.household import looks_like_decision

    with contextlib.suppress(orjson.JSONDecodeError):
        if looks_like_decision(orjson.loads(without_marks(first))):
            raise decisions_given(name, folder)


UTF8_SAMPLE = 1 << 16  # the bytes an input's encoding is judged on


def file_in_utf8(path: Path) -> None:
    """`in_utf8` for a plain file of JSON Lines; one in UTF-16 (JSON Lines or one document) is told in the words of a
    folder's such file, with its place (`household_text`), as `policy eval` and `policy monitor ingest` tell it."""
    from engine.household import HouseholdError
    from engine.household_input import household_text, utf16_order

    with path.open("rb") as handle:
        head = handle.read(UTF8_SAMPLE)
    if utf16_order(head) is not None:
        try:
            household_text(head, str(path))
        except HouseholdError as error:
            found = error.diagnostics[0]
            raise InputError(Said(f"{path}: {found.message}", f"{path}：{found.in_lang('zh').message}"),
                             error.diagnostics) from None
    in_utf8(str(path), head)


def in_utf8(name: str, head: bytes, header: bool = False) -> None:
    """Stop when a file read line by line is in another encoding than UTF-8 — GBK, as Chinese Windows and its
    spreadsheets save text — so that most of its households would be bad records saying so. Judged on the first
    64 kB of its text (`head`): most lines are not UTF-8, and none holds UTF-8 Chinese; or, where its first line is a
    `header` every row is read by (a CSV table), that line is not (a county's headers in Chinese over rows in
    ASCII). A line that is UTF-8 only by chance — each character beyond ASCII two bytes, as GBK's `女` is UTF-8's
    `Ů` — is counted with those that are not, and proves nothing (`plainly_utf8`). Otherwise the file is read, and
    each line that is not UTF-8 is a bad record (a batch does not stop for a few)."""
    from engine.diagnostics import plainly_utf8
    from engine.household_input import utf8_said, utf16_order

    whole = Said("the stream", "输入的内容") if name.startswith("<") else Said("the file", "文件")  # (`<stdin>`)
    if utf16_order(head) is not None:  # each character two bytes, marked or not: lines look like ASCII with NULs
        fix = utf8_said(head, name)
        raise InputError(Said(f"{name}: {whole.en} is not UTF-8; {fix.en}",
                              f"{name}：{whole.zh}不是 UTF-8 编码；{fix.zh}"))
    lines = head.split(b"\n")
    if len(head) == UTF8_SAMPLE:
        lines.pop()  # cut off
    if header and lines:
        try:
            lines[0].decode("utf-8")
        except UnicodeDecodeError:
            fix = utf8_said(lines[0], name)
            raise InputError(Said(f"{name}: its header (line 1) is not UTF-8, and every row is read by it; {fix.en}",
                                  f"{name}：表头（第 1 行）不是 UTF-8 编码，而每一行都按表头读取；{fix.zh}")) from None
    wrong: list[int] = []
    by_chance = 0  # lines that read as UTF-8 with no character of three bytes: GBK as often as not
    for number, line in enumerate(lines, 1):
        if line.isascii():
            continue
        if plainly_utf8(line):
            return
        if is_utf8(line):
            by_chance += 1
        else:
            wrong.append(number)
    if wrong and len(wrong) + by_chance > len(lines) / 2:  # (the others blank: a line the help names is numbered so)
        told = set(wrong)
        fix = utf8_said(b"\n".join(line if n in told else b"" for n, line in enumerate(lines, 1)), name)
        place = _first_not_utf8(name, wrong[0], lines[wrong[0] - 1])
        raise InputError(Said(f"{place}: {whole.en} is not UTF-8; {fix.en}",
                              f"{place}：{whole.zh}不是 UTF-8 编码；{fix.zh}"), place=place)


def _first_not_utf8(name: str, number: int, line: bytes) -> Span:
    """The first byte of line `number` that is not UTF-8, placed as any finding of such a byte is (`name:2:9`, before
    the words, its column a character a column: `byte_not_utf8`)."""
    from engine.household_input import place_of

    try:
        line.decode("utf-8")
    except UnicodeDecodeError as error:
        column = place_of(line, error.start)[1]
        return Span(name, number, column, number, column + 1)
    raise ValueError(f"line {number} is UTF-8")

