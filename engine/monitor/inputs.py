"""Ingest targets → records: what `policy monitor ingest` reads, in any format it reads.

Input: a target as given on the command line: a file (one JSON household, a JSON
array, or JSON Lines; compressed or not, as `policy batch` reads them), a folder
of such files (`*.json`, `*.jsonl`, `*.jsonl.gz` …, in name order), CSV tables
(a folder holding `households.csv` and `members.csv`, or its `households.csv`:
one input, read by `policy batch`'s reader), or `-` for standard input.
Output: the files a target stands for (`input_files`) and, for a folder of
tables, the JSON files it holds but is not read for (`beside_tables`); then each
file's `Record`s in order, each with its place (`file:line`, `file[3]`, a CSV row).
Invariants:
* a record is located as a person finds it: the line of the text (of the text
  a compressed file holds), the item of a JSON array, the row of a table — and a
  member's or line's finding of CSV tables at that member's or line's row;
* what cannot be read as households (another format, a damaged compressed file,
  a zip archive, a table missing, JSON Lines in another encoding) is one bad record
  that says what it is and what to give instead, never one per line, and never
  silence; JSON Lines are judged by `policy batch`'s functions, so that both say
  the same of a line cut off or not UTF-8; an item of a JSON array that cannot be
  read (a key given twice, a lone surrogate) is its own bad record, at its line and
  column, the array read item by item as `policy eval` and `policy batch` read it
  (`read_list`);
* a whole target that is no input (missing, a folder with nothing to read, a
  file that holds no household) is an `IngestError`, said in both languages,
  before anything is recorded.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from engine.diagnostics import Diagnostic, Said, shell_word
from engine.household import HouseholdError
from engine.household_input import (
    compressed,
    compression_of,
    household_files,
    household_text,
    json_lines_text,
    other_format,
    packed_name,
    read_list,
    utf16_order,
)
from engine.jsonsource import skipped_line, without_marks
from engine.model import Policy

if TYPE_CHECKING:
    from engine.batch.readers import InputError
    from engine.batch.renamed import Renames


class IngestError(Exception):
    """An input as a whole cannot be read (missing file, empty folder): a usage error, said in both languages."""

    def __init__(self, message: Said):
        self.said = message
        super().__init__(message.en)


@dataclass(frozen=True)
class Record:
    """One household record as read, with its place; one that cannot be read as a household carries why."""

    source: str  # `file:line`, `file[3]` or `file`
    raw: bytes | None  # the record's JSON text, when it has its own
    data: Any = None  # already parsed (an item of a JSON array, a household of CSV tables)
    problem: HouseholdError | None = None
    places: tuple[tuple[str, str, int], ...] = ()  # CSV tables: (JSON path, file, line) of a member's or line's row
    cells: bool = False  # read from CSV cells (for the words of a finding)
    headers: tuple[tuple[str, str], ...] = ()  # CSV tables: renamed headers (`engine.batch.readers.Record.headers`)
    text_at: tuple[str, int] | None = None  # with `raw`: its file and the line it starts on, to locate findings
    item: tuple[str, int] | None = None  # an item of a `.json` file's list: the file and its index, to locate findings
    unended: bool = False  # with `raw`: the last line of a stream, no line break after it (`batch.readers.Record`)


def input_files(target: str) -> list[str]:
    """The files an ingest target stands for, in order; raises `IngestError`."""
    if target == "-":
        return ["-"]
    path = Path(target)
    if path.is_dir() and csv_tables(path):
        return [target]  # one input, read as `policy batch` reads it: one transaction
    if path.is_dir():
        files = [str(p) for p in household_files(path)]  # a compressed one is a bad record that says so
        if not files:
            raise IngestError(Said(f"{target}: no .json or .jsonl files in this folder, and no households.csv (a "
                                   "folder is read for its JSON and JSON Lines files, or for the CSV tables "
                                   "households.csv and members.csv, as `policy batch` reads them)",
                                   f"文件夹 {target} 中没有 .json 或 .jsonl 文件，也没有 households.csv"
                                   "（文件夹中读取的是 JSON 和 JSON Lines 文件，或 CSV 表 households.csv 和 "
                                   "members.csv，与 `policy batch` 读取的相同）"))
        return files
    if not path.exists():
        raise IngestError(Said(f"{target}: no such file or folder", f"没有文件或文件夹 {target}"))
    from engine.batch.readers import holds_nothing

    try:  # (a pipe, /dev/stdin, is not read ahead: its first line would be lost)
        nothing = holds_nothing(path) if path.is_file() else None
    except OSError:  # unreadable: said as the file is read
        nothing = None
    if nothing is not None:
        raise IngestError(nothing)
    return [target]


def csv_tables(path: Path) -> Path | None:
    """The `households.csv` of CSV tables (`docs/batch.md`) that a target stands for: a folder holding it, or the
    table itself, compressed or not; None for anything else."""
    from engine.batch.csv_tables import table_in
    from engine.household_input import PACKED_SUFFIXES

    if path.is_dir():
        households = table_in(path, "households.csv")
        return households if households.is_file() else None
    names = {f"households.csv{suffix}" for suffix in ("", *PACKED_SUFFIXES)}
    return path if path.name in names and path.is_file() else None


def beside_tables(folder: Path) -> Said | None:
    """What a folder read as CSV tables holds that ingest would read were the tables not there — its JSON and JSON
    Lines files, which it passes over —, said with how to record them; None when it holds none."""
    from engine.household_input import beside_tables as json_beside

    def how(skipped: list[Path]) -> Said:
        one = len(skipped) == 1
        give = f"`policy monitor ingest {shell_word(str(skipped[0]))}{'' if one else ' …'}`"
        return Said(f"to record {'its' if one else 'their'} households, give {'it' if one else 'them'} on "
                    f"{'its' if one else 'their'} own: {give}", f"要记录其中的家庭，请单独给出：{give}")

    return json_beside(folder, how)


READS = Said("JSON, JSON Lines and the CSV tables of `policy batch`",
             "JSON、JSON Lines 和 `policy batch` 的 CSV 表格")
# the help for a CSV file that is not the tables, and for a Parquet file, which only `policy batch` reads
CSV_FILE_HELP = Said("CSV is read as the tables of `policy batch`: give the folder that holds households.csv and "
                     "members.csv (and lines.csv), or its households.csv; docs/batch.md shows the columns. Else export "
                     "the households as JSON Lines (one household a line): docs/formats.md shows the fields",
                     "CSV 按 `policy batch` 的表格读取：请给出存放 households.csv 和 members.csv（以及 lines.csv）的"
                     "文件夹，或其中的 households.csv；各列见 docs/batch.md。否则请把家庭导出为 JSON Lines"
                     "（每行一户）：字段见 docs/formats.md")
PARQUET_HELP = Said("Parquet is read by `policy batch`, which keeps no register; to record these households, export "
                    "them as JSON Lines (one household a line: docs/formats.md shows the fields) or as the CSV tables "
                    "of `policy batch` (docs/batch.md shows the columns)",
                    "Parquet 由 `policy batch` 读取，它不记入台账；要记录这些家庭，请把它们导出为 JSON Lines"
                    "（每行一户：字段见 docs/formats.md）或 `policy batch` 的 CSV 表格（各列见 docs/batch.md）")


def records(name: str, stdin: BinaryIO | None = None, policies: tuple[Policy, ...] = (),
            notes: list[tuple[str, Said]] | None = None, ignored: frozenset[str] = frozenset(),
            renamed: Renames | None = None) -> Iterator[Record]:
    """The records of one file (or `-`, or CSV tables: `policies` give the types of their columns, `notes`
    hears what they leave to defaults, `ignored` names the columns of `--ignore-column`, which their checks
    pass over, and `renamed` the headers `--rename-column` renames); raises `OSError` when it cannot be read."""
    households = csv_tables(Path(name)) if name != "-" else None
    if households is not None:
        yield from _table_records(Path(name), households, policies, notes if notes is not None else [], ignored,
                                  renamed)
        return
    if name == "-":
        assert stdin is not None
        raw, source = stdin.read(), "<stdin>"
    else:
        raw, source = Path(name).read_bytes(), name
    packing = compression_of(raw)
    if packing is not None and packing[0] != "zip":  # gzip, bzip2, xz, zstd: read as `policy batch` reads them
        try:
            raw = _decompressed(raw, packing[0], source)
        except HouseholdError as error:
            yield Record(source, None, problem=error)
            return
        name = name.rsplit(".", 1)[0] if packed_name(Path(name)) else name  # `2026-03.jsonl.gz`: JSON Lines
    table_help = CSV_FILE_HELP if Path(name).suffix.lower() == ".csv" else PARQUET_HELP
    refused = other_format(raw, name, source, "policy monitor ingest", READS, table_help) or compressed(raw, source)
    if refused is not None:  # one bad record, not one per line of a table or of a zip archive
        yield Record(source, None, problem=HouseholdError([refused]))
        return
    if utf16_order(raw) is not None:  # read whole, one bad record told as UTF-16 in the words of `policy batch` and
        try:  # `policy diff` (`household_text`), not as JSON Lines or as JSON that stops at a NUL byte
            household_text(raw, source)
        except HouseholdError as error:
            yield Record(source, None, problem=error)
            return
    if json_lines_text(name, io.BytesIO(raw)):  # as `policy batch` and `policy diff` judge it
        yield from _json_lines(raw, source, stream=packing is not None or source.startswith("<"))
        return
    lead = without_marks(raw)
    text = lead.strip()
    if not text.startswith(b"["):  # located as `policy eval` locates it, where it starts a line of the file
        before = lead[:len(lead) - len(lead.lstrip())]  # the blank lines above it
        starts = not before or before.endswith(b"\n")  # (a compressed file: in its decompressed text)
        yield Record(source, text, text_at=(source, 1 + before.count(b"\n")) if starts else None)
        return
    # a byte that is not UTF-8 is H001 at its place, as `policy batch` tells it (`household_text`); JSON that is not
    # valid, at its line and column before the words, as `policy eval` places it (`list.json:91:23:`; a compressed
    # file's, in its decompressed text)
    try:
        items = read_list(household_text(raw, source).lstrip("\ufeff"), source, (source, 1))
    except HouseholdError as error:
        yield Record(source, None, problem=error)
        return
    read_again = packing is None and name != "-"  # (for the place of a finding: as `policy batch` places it)
    for i, item in enumerate(items):  # an item that cannot be read: its own bad record, placed already
        if isinstance(item, HouseholdError):
            yield Record(f"{source}[{i}]", None, problem=item)
        else:
            yield Record(f"{source}[{i}]", None, data=item, item=(source, i) if read_again else None)


def _json_lines(raw: bytes, source: str, stream: bool) -> Iterator[Record]:
    """The records of JSON Lines, judged as `policy batch` judges them: text in another encoding (GBK) is one
    bad record, as batch refuses the file (`in_utf8`); a line that is not UTF-8 among lines of UTF-8 Chinese of a
    `stream` (standard input, a compressed file) is told to be retyped (`holds_utf8_text`), and its last line, with no
    line break after it, ends the stream: JSON that stops in it was cut off (`Record.unended`). A line is skipped as
    both skip it (`skipped_line`): one of a form feed alone, which JSON does not take for white space, is a bad
    record, as is one with a form feed before or after its household."""
    from engine.batch.readers import UTF8_SAMPLE, InputError, in_utf8
    from engine.household_input import holds_utf8_text, utf8_beyond_ascii

    try:
        in_utf8(source, raw[:UTF8_SAMPLE])
    except InputError as error:
        yield Record(source, None, problem=_of_file(error, source))
        return
    lines = raw.split(b"\n")
    if stream:
        holds_utf8_text(source, raw.startswith(b"\xef\xbb\xbf") or utf8_beyond_ascii(lines))
    for number, line in enumerate(lines, 1):
        if not skipped_line(line, number == 1):  # (a form feed or U+2028 is no JSON white space: a bad record)
            kept = (without_marks(line) if number == 1 else line).rstrip(b" \t\r")  # (columns count from its start)
            yield Record(f"{source}:{number}", kept, text_at=(source, number), unended=stream and number == len(lines))


def _of_file(error: InputError, source: str) -> HouseholdError:
    """A file `policy batch` refuses as a whole (`InputError`), as the one bad record H001 of it, said of the file
    that the finding's place names already."""
    at = source if error.place is None else str(error.place)  # (`gbk.jsonl:2:9`: the finding's place)
    said = Said(error.said.en.removeprefix(f"{at}: "), error.said.zh.removeprefix(f"{at}："))
    return HouseholdError([Diagnostic.said("H001", said, error.place, source_file=source)])


def _table_records(target: Path, households: Path, policies: tuple[Policy, ...],
                   notes: list[tuple[str, Said]], ignored: frozenset[str] = frozenset(),
                   renamed: Renames | None = None) -> Iterator[Record]:
    """The households of CSV tables, read by `policy batch`'s reader: each with its data built from the cells and
    where its members' and lines' rows are; a row no household's, or a table that cannot be read, a bad record."""
    from engine.batch.csv_tables import CsvTables
    from engine.batch.ignored import refusal_help
    from engine.batch.readers import InputError, placed

    try:
        tables = CsvTables(households.parent, policies, households=households, ignored=ignored, renamed=renamed)
    except InputError as error:  # a table missing, a header every row would be refused for: one bad record
        how = refusal_help(error, sorted(ignored), renamed.written if renamed else ())
        refused = [error, *error.also]  # every table's, the one fix for all under the last
        yield Record(str(target), None, problem=HouseholdError(
            error.diagnostics or [Diagnostic.said("H001", each.said, None, source_file=str(target),
                                                  help=how if each is refused[-1] else None) for each in refused]))
        return
    try:
        notes.extend((note.level, note.said) for note in tables.notes)
        for row in tables.records():
            if row.problem is not None:
                problem = placed(row.problem, row.places, source=row.source)
                yield Record(row.source, None, problem=HouseholdError([problem]))
            else:
                yield Record(row.source, None, data=row.data, places=row.places, cells=row.cells,
                             headers=row.headers)
    except InputError as error:
        yield Record(str(households), None, problem=HouseholdError(
            error.diagnostics or [Diagnostic.said("H001", error.said, None, source_file=str(households))]))
    finally:
        tables.close()


def _decompressed(raw: bytes, kind: str, source: str) -> bytes:
    """The text of a compressed file; `HouseholdError` (H001) when nothing here reads `kind`, or the data is
    damaged, in the words of `policy batch`."""
    from engine.batch.readers import InputError, decompressed

    try:
        return decompressed(io.BytesIO(raw), kind, source)
    except InputError as error:
        raise _of_file(error, source) from None
