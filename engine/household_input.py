"""Household input → JSON data: the bytes of a household file, or the household files of a folder, read exactly.

Input: household input as bytes or text — a file, standard input, a line of JSON Lines — and where it came from
(`source`, and for a line its file and first line); or a folder.
Output: `read_json`, the data, every number an exact `Decimal`; `household_text`, the bytes as UTF-8 text;
`household_files` and `unread_note`, a folder's household files (in its partition folders too) and what else it
holds (`beside_tables`: the JSON files a folder read as CSV tables holds, which are not read), and
`read_as_households`, whether a file written there would be one of them; `json_lines_text`, `compression_of`
and `packed_name`, which form input takes. Input that is not household JSON raises
`HouseholdError` with one H001 that says what it is instead — compressed (with the command that unpacks it), a
spreadsheet, a Parquet or CSV file, UTF-16 or GBK text (with the `iconv` command), a policy or a file of test
cases — and broken JSON where and why (`"amount"：4000`: full-width punctuation), at its line and column.
Invariant: no float is ever made: NaN, Infinity, duplicate keys and numbers out of any sensible range are refused
as the JSON is read. Validating the data against a policy is `household`'s.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path, PurePath
from typing import IO, Any

import orjson

from engine.diagnostics import (
    BEYOND_ASCII,
    NOT_UTF8_RUN,
    Diagnostic,
    PolicyError,
    Said,
    Span,
    as_gbk,
    chinese_joined,
    escaped,
    gbk_after_utf8,
    gbk_punctuation_after_utf8,
    in_column,
    is_utf8,
    line_read_as_gbk,
    path_in_prose,
    plainly_utf8,
    read_as_gb18030,
    shell_word,
    utf8_apart,
    utf8_beyond_ascii,
    utf8_runs_into,
)
from engine.file_names import EXCEL_WORKBOOK, spreadsheet
from engine.household import EXAMPLE, MAX_EXPONENT, HouseholdError
from engine.household_words import in_a_list, json_reason, number_slip, open_bracket, unit_slip
from engine.jsonsource import JsonText, blank_to_json, first_json_text, json_start
from engine.values import listed


class _Refused(ValueError):
    """Valid JSON that a household may not hold; `bare` (a word as written) or `key` is what to point at."""

    def __init__(self, message: Said, help: Said, bare: str | None = None, key: str | None = None):
        super().__init__(message.en)
        self.message, self.help, self.bare, self.key = message, help, bare, key


def _reject_constant(name: str) -> Any:
    raise _Refused(Said(f"`{name}` is not a number JSON allows", f"`{name}` 不是 JSON 允许的数字"),
                   Said("give a real amount", "请填写实际的数额"), bare=name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(Said(f"duplicate key `{key}`", f"重复的键 `{key}`"),
                           Said("keep one of the two: a reader would silently take either",
                                "请只保留其中一个：否则读取时会悄悄取其中之一"), key=key)
        result[key] = value
    return result


def _exact_number(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:  # an exponent beyond what any decimal can hold
        value = Decimal("1e999")
    if abs(value.adjusted()) > MAX_EXPONENT:
        shown = text[:40]
        raise _Refused(Said(f"the number {shown} is out of any sensible range", f"数字 {shown} 超出了合理的范围"),
                       Said("write the amount in yuan, without an exponent", "请以元为单位填写数额，不用指数写法"),
                       bare=text)
    return value


def holds_json_lines(blocks: Iterable[bytes]) -> bool:
    """Whether JSON text (read in `blocks`) is JSON Lines, a household on each line, rather than one
    document: a household written over many lines, or a list. A line that starts with `{` after the
    first marks JSON Lines (a JSON string cannot hold a line break); a list never is, nor is text whose
    first line goes on to the next (ends in `{`, `[`, `,` or `:`): households written over many lines each,
    one after another, are one document with more after it, which `read_json` says."""
    start, tail = True, b""
    ending: bytes | None = b""  # the last mark of the first line, until that line has ended
    for block in blocks:
        if start:
            block = json_start(block)
            start = not block
            if block.startswith(b"["):
                return False
        if ending is not None:
            line, broken, _ = block.partition(b"\n")
            ending = line.rstrip()[-1:] or ending
            if broken:
                if ending in _GOES_ON:
                    return False
                ending = None
        if b"\n{" in tail + block:
            return True
        tail = block[-1:]
    return False


def _a_line(source: str, at: tuple[str, int] | None) -> bool:
    """Whether the text read is a line of JSON Lines (named by its file and line, `file:2`), not a whole file."""
    return at is not None and source == f"{at[0]}:{at[1]}"


def _mark_alone(source: str) -> Diagnostic:
    """A line of JSON Lines, after the file's first, holding only a byte-order mark: not an empty file."""
    return Diagnostic.said(
        "H001", Said("the line holds only a byte-order mark (U+FEFF, which cannot be seen), where a household was "
                     "expected", "这一行只有字节顺序标记（U+FEFF，看不见），这里应是一个家庭"), None,
        source_file=source, help=Said("delete the line", "请删去这一行"))


_GOES_ON = (b"{", b"[", b",", b":")  # the marks a line of JSON ends with when its value goes on to the next line


def json_lines_text(name: str, text: IO[bytes]) -> bool:
    """Whether household text in UTF-8 (a file `name`, or the text a compressed one holds, named without its
    compression's suffix; read from the start of `text`, which it seeks) is JSON Lines rather than one JSON document,
    as `policy eval`, `policy batch`, `policy diff --households` and `policy monitor ingest` all judge it, a file given
    alone or in a folder (docs/batch.md): a `.json` file is one document unless it holds JSON Lines after all
    (`holds_json_lines`); any other is JSON Lines unless its first line that holds JSON text (`first_json_text`: not
    one of byte-order marks or of a form feed alone) starts a document — a list, or a household written over many
    lines (`starts_document`) — that is not JSON Lines after all (a first line cut off, more households after it).
    Text in UTF-16 is read whole, told once as UTF-16 (`household_text`), not a bad record a line."""
    if utf16_order(text.read(4)) is not None:
        return False
    text.seek(0)
    first = first_json_text(text)
    if not name.lower().endswith(".json") and not starts_document(first):
        return True
    text.seek(text.tell() - len(first))  # judged from that line: the lines above it hold no JSON text
    return holds_json_lines(iter(lambda: text.read(1 << 20), b""))


def starts_document(first: bytes) -> bool:
    """Whether a file whose first line is this starts one JSON document written over many lines, rather
    than JSON Lines: a list, or an object the line does not close (a household printed with indents)."""
    start = json_start(first, b" \t")
    if start.startswith(b"["):
        return True
    try:
        orjson.loads(start)
    except orjson.JSONDecodeError:
        return start.startswith(b"{") and is_utf8(start)  # (a line in another encoding is a household, badly saved)
    return False


# how each compressed format starts, and the commands that give its text back: beside it, and piped
_COMPRESSED = ((b"\x1f\x8b", "gzip", "gunzip -k", "gunzip -c"), (b"\x28\xb5\x2f\xfd", "zstd", "zstd -d", "zstd -dc"),
               (b"BZh", "bzip2", "bunzip2 -k", "bunzip2 -c"), (b"\xfd7zXZ\x00", "xz", "unxz -k", "unxz -c"),
               (b"PK\x03\x04", "zip", "unzip", "unzip -p"))


def compression_of(head: bytes) -> tuple[str, str, str] | None:
    """(format, command that decompresses the file beside it, command that writes its text to standard
    output) when bytes are the start of a compressed file, else None."""
    return next(((kind, beside, piped) for magic, kind, beside, piped in _COMPRESSED if head.startswith(magic)),
                None)


PACKED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")  # of compressed files, as their tools name them


def csv_named(path: Path) -> bool:
    """Whether a file's name says it is a CSV table, compressed or not (`members.csv`, `members.csv.gz`)."""
    suffixes = [suffix.lower() for suffix in path.suffixes[-2:]]
    return suffixes[-1:] == [".csv"] or (suffixes[:1] == [".csv"] and suffixes[-1] in PACKED_SUFFIXES)


def packed_name(path: PurePath) -> bool:
    """Whether a file's name says it is JSON or JSON Lines compressed: `2026-03.jsonl.gz`, or
    `part-00000.json.gz` as Spark writes JSON (one record a line). Suffixes in any case."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    return len(suffixes) >= 2 and suffixes[-1] in PACKED_SUFFIXES and suffixes[-2] in (".json", ".jsonl")


def household_name(path: PurePath) -> bool:
    """Whether a file's name is a household file's: `.json` or `.jsonl`, compressed or not (`packed_name`)."""
    return path.suffix.lower() in (".json", ".jsonl") or packed_name(path)


def household_files(folder: Path, named: Callable[[Path], bool] = household_name) -> list[Path]:
    """The files of a folder that hold households, by their names, in path order: `.json` and `.jsonl`
    files (`.JSONL` too), and those compressed (`packed_name`) — in its partition folders too
    (`county=430524/part-00000.json.gz`, as Spark writes a table of JSON partitioned by county). `named`: which
    names are of household files (`parquet_name` for the parts of a Parquet table)."""
    found: list[Path] = []
    for p in folder.iterdir():
        if _partition(p):
            found.extend(household_files(p, named))
        elif named(p) and p.is_file():
            found.append(p)
    return sorted(found)


def parquet_name(path: PurePath) -> bool:
    """Whether a file's name is a Parquet part's: `.parquet` or `.pq`, and not one that starts with `_` or `.`, which
    Spark and Hive write beside the data (`_SUCCESS`, `.part-00000.parquet.crc`)."""
    return path.suffix.lower() in (".parquet", ".pq") and not path.name.startswith(("_", "."))


def read_as_households(path: Path, folder: Path, named: Callable[[Path], bool] = household_name) -> bool:
    """Whether a file at `path`, there already or not yet, is one `household_files(folder, named)` lists: a household
    file's name (`household_name`; `parquet_name` for a Parquet part), in the folder or in one of its partition
    folders. An output written there would be read as households by the next run that reads the folder; one named
    otherwise (`.csv`, a working file's `.partial`) would not."""
    if not named(path) or path.is_dir():
        return False
    top, within = folder.resolve(), path.parent.resolve()
    while within != top:  # up to the folder, through partition folders only, as `household_files` goes down
        if within.parent == within or not _partition(within):
            return False
        within = within.parent
    return True


def _partition(path: Path) -> bool:
    """Whether an entry is a partition folder of a table, as Hive and Spark name them (`county=430524`)."""
    return "=" in path.name and not path.name.startswith((".", "_")) and path.is_dir()


def unread_note(folder: Path, parquet: bool = False) -> Said | None:
    """What a folder read for its household files (`parquet`: for its Parquet parts) holds besides them (other files,
    folders; in its partition folders too), said so that nothing is passed over without a word; hidden entries,
    `_SUCCESS` markers and the folder's own notes (`README.md`) are not named."""
    return unread_said(str(folder), sorted(_unread(folder, "", parquet_name if parquet else household_name)), parquet)


def unread_said(folder: str, others: list[str], parquet: bool) -> Said | None:
    """`unread_note`'s words for the entries `others` (relative to `folder`, a folder's `dir/`) it does not read."""
    if not others:
        return None
    read = Said("only .parquet and .pq files are", "只读取 .parquet 和 .pq 文件") if parquet else \
        Said("only .json and .jsonl files, compressed or not, are", "只读取 .json 和 .jsonl 文件，压缩与否均可")
    folder = path_in_prose(folder)
    return Said(f"{folder} also holds {len(others):,} {'entry' if len(others) == 1 else 'entries'} not read "
                f"({read.en}): {first_names(others)}",
                f"{folder} 中另有 {len(others):,} 项未读取（{read.zh}）：{first_names(others, 'zh')}")


def beside_tables(folder: Path, how: Callable[[list[Path]], Said]) -> Said | None:
    """The JSON and JSON Lines files of a folder read as CSV tables, which its reading passes over, named with `how`
    (given those files) to read them; None when it holds none. `policy batch` and `policy monitor ingest` say it."""
    skipped = household_files(folder)
    if not skipped:
        return None
    names = [str(p.relative_to(folder)) for p in skipped]
    one = len(names) == 1
    said, at = how(skipped), path_in_prose(str(folder))
    return Said(f"{at} is read as CSV tables; the {len(names):,} JSON file{'' if one else 's'} it also holds "
                f"{'is' if one else 'are'} not read: {first_names(names)} ({said.en})",
                f"{at} 按 CSV 表格读取；其中另有 {len(names):,} 个 JSON 文件未读取：{first_names(names, 'zh')}"
                f"（{said.zh}）")


def _unread(folder: Path, within: str, named: Callable[[Path], bool]) -> Iterator[str]:
    for p in folder.iterdir():
        if p.name.startswith((".", "_")) or p.suffix.lower() == ".md" or (named(p) and p.is_file()):
            continue
        if _partition(p):
            yield from _unread(p, f"{within}{p.name}/", named)
        else:
            yield f"{within}{p.name}/" if p.is_dir() else f"{within}{p.name}"


def first_names(names: list[str], lang: str = "en") -> str:
    """`a/, b.csv, c.txt and 4 more` (zh: `a/、b.csv、c.txt，另有 4 项`): the first three of a folder's entries, and
    how many others; separated by `; ` where one holds a comma (`households.csv:5, column `存款``)."""
    more = len(names) - 3
    if lang == "zh":
        return "、".join(names[:3]) + (f"，另有 {more:,} 项" if more > 0 else "")
    return ("; " if any(", " in name for name in names[:3]) else ", ").join(names[:3]) + \
        (f" and {more:,} more" if more > 0 else "")


def compressed(raw: bytes, source: str) -> Diagnostic | None:
    """The finding (H001) for household input that is a compressed file, with the command that decompresses it."""
    packed = compression_of(raw)
    if packed is None:
        return None
    kind, beside, piped = packed
    fix = f"`{piped} FILE | …`" if source.startswith("<") else f"`{beside} {source}`"
    return Diagnostic.said("H001", Said(f"this is {kind}-compressed, not JSON", f"这是 {kind} 压缩文件，不是 JSON"),
                           None, source_file=source, help=Said(f"decompress it first: {fix}", f"请先解压：{fix}"))


def other_format(raw: bytes, name: str, source: str, reader: str, reads: Said,
                 table_help: Said | None = None) -> Diagnostic | None:
    """H001 for input that `reader` (a command: `policy eval`, which `reads` household JSON) cannot read, said for
    what it is rather than as JSON that fails at its first byte: a spreadsheet (by its name: an Excel workbook
    is also a zip archive), a Parquet file (by its first bytes) or a CSV file (by its name). `table_help` says
    what to do with a table (else: decide it with `policy batch`)."""
    suffix = Path(name).suffix.lower()
    kind = spreadsheet(name) or workbook_held(raw)
    if kind is not None:
        said = Said(f"this is {kind.en}, not JSON", chinese_joined("这是", kind.zh, "，不是 JSON"))
        return Diagnostic.said("H001", said, None, source_file=source,
                               help=Said("export the households from it as JSON, or JSON Lines (one household a "
                                         "line): docs/formats.md shows the fields",
                                         "请从中把家庭导出为 JSON 或 JSON Lines（每行一户）：字段见 docs/formats.md"))
    table = "Parquet" if raw.startswith(b"PAR1") else "CSV" if suffix == ".csv" else None
    if table is None:
        return None
    if table_help is None:
        given = shell_word(name if table == "Parquet" else str(Path(name).parent))
        table_help = Said(f"decide its households with `policy batch {given} -o decisions.jsonl`",
                          f"请用 `policy batch {given} -o decisions.jsonl` 认定其中的家庭")
    return Diagnostic.said("H001", Said(f"this is a {table} file; `{reader}` reads {reads.en}",
                                        chinese_joined(f"这是 {table} 文件；`{reader}` 读取", reads.zh)), None,
                           source_file=source, help=table_help)


def workbook_held(archive: bytes | Path) -> Said | None:
    """A zip archive (its bytes, or its file) that is an Excel workbook under another name (`household.json`,
    `households.jsonl`, renamed as if that made it JSON): by the parts every workbook has, as the archive's list of
    files names them; None for any other archive, and for one too damaged to list. `policy eval` and `policy batch`
    both tell a workbook so, and not to unzip it, which would give XML files, not households."""
    import io
    import zipfile

    if isinstance(archive, bytes) and not archive.startswith(b"PK\x03\x04"):  # (no zip archive: nothing to list)
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(archive) if isinstance(archive, bytes) else archive) as files:
            names = set(files.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    return EXCEL_WORKBOOK if {"[Content_Types].xml", "xl/workbook.xml"} <= names else None


def household_text(raw: bytes, source: str, at: tuple[str, int] | None = None) -> str:
    """Household input as text; a file that is not UTF-8 is H001, which names a compressed file as such, and UTF-16
    with no byte-order mark as UTF-16. With `at` (the text's file and the line it starts on: a line of JSON Lines),
    the finding is placed at the byte."""
    # told by its NUL bytes before it is decoded: its Chinese (`四`, `\xdb\x56`) is no UTF-8, its ASCII is, and
    # the JSON fails at once; a whole document only (a line of UTF-16 cut at its newline byte starts a byte off)
    order = utf16_order(raw) if at is None else None
    if order in _UNMARKED_UTF16:
        raise HouseholdError([Diagnostic.said("H001", _UNMARKED_UTF16[order], None, source_file=source,
                                              help=utf8_said(raw, source))])
    try:
        return raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        packed = compressed(raw, source)
        if packed is not None:
            raise HouseholdError([packed]) from None
        file, first = at or _file_and_line(source)
        line, column = place_of(raw, error.start)
        span = Span(file, first + line - 1, column, first + line - 1, column + 1)
        raise HouseholdError([Diagnostic.said(
            "H001", byte_not_utf8(raw, error.start), span, source_file=source,
            help=utf8_said(raw, source), gbk_shown=line_read_as_gbk(raw, error.start))]) from None


def _file_and_line(source: str) -> tuple[str, int]:
    """The file a record's `source` names and the line it starts on: `in.jsonl:17`, a line of JSON Lines; else the
    file, from its first line."""
    file, _, line = source.rpartition(":")
    return (file, int(line)) if file and line.isdigit() else (source, 1)


def place_of(raw: bytes, start: int) -> tuple[int, int]:
    """The line and column of byte `start`, as an editor counts them (a character a column)."""
    before = raw[:start]
    return before.count(b"\n") + 1, len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1


def byte_not_utf8(raw: bytes, start: int) -> Said:
    """The byte that is not UTF-8, by its value (`byte 0xbb`); its line and column are its place, before the words
    as any finding's in a household file (`in.jsonl:17:9`, the errors file's `line` and `column`), not said again."""
    byte = f"0x{raw[start]:02x}"
    return Said(f"byte {byte} is not UTF-8 text", f"字节 {byte} 不是 UTF-8 文本")


SAVE_AS_UTF8 = Said("save the file as UTF-8", "请把文件另存为 UTF-8 编码")
# how a file written in a text editor is saved again as UTF-8, before the command for those who have a shell
_SAVED_AS_UTF8 = Said("in Notepad, File → Save As, choose UTF-8 under Encoding and save (in WPS, choose UTF-8 as the "
                      "encoding when saving as plain text); or convert it: ",
                      "请用记事本打开，点“文件”→“另存为”，在下方“编码”中选 UTF-8 后保存（WPS：另存为纯文本时，"
                      "编码选 UTF-8）；有命令行时也可以转换：")


CELLS_PARTED = "\x1f"  # what parts the cells of a CSV row given to `utf8_said` with its table's header


def utf8_said(raw: bytes, source: str, otherwise: Said = SAVE_AS_UTF8, header: Sequence[str] | None = None) -> Said:
    """How to make text UTF-8: the `iconv` command when it is UTF-16 (`utf16_order`: with its mark, as Excel saves
    "Unicode Text", or without, then with how Notepad saves it as UTF-8) or reads as GB18030 (GBK), the encoding
    Chinese Windows and its spreadsheets save in; else `otherwise` (to save it as UTF-8). Household files, CSV tables
    and policy files alike; what the file needs, for every record of it (`Said.summarized`). `header`: of a CSV row,
    its table's header as the file writes it, `raw` the row's cells parted by `CELLS_PARTED`, so that a cell of UTF-8
    then GBK is told by its column (`_two_encodings_in_a_cell`)."""
    return dataclasses.replace(_made_utf8(raw, source, otherwise, header), summarized=True)


def _made_utf8(raw: bytes, source: str, otherwise: Said, header: Sequence[str] | None) -> Said:
    path, first = _file_and_line(source)
    two = _two_encodings(raw, path, first, gbk_punctuation_after_utf8, header)
    if two is not None:  # before the help for lines of GBK among UTF-8 ones, which converts them
        return two
    if path != source and _holds_utf8_text(path):
        return _line_in_another_encoding(raw, path)
    edited = path.lower().endswith((".yaml", ".yml"))  # a policy or test cases, written in Notepad or WPS
    pasted = _pasted_line(raw) if edited and path == source else None
    if pasted is not None:  # told at its first such line, which the finding shows: retyped there, it is mended
        return _line_in_another_encoding(pasted, path)
    mixed = None if edited or path != source else _lines_in_another_encoding(raw, path)
    if mixed is not None:
        return mixed
    order = utf16_order(raw)
    if order is not None:
        fix = _iconv(order, path)
        if order != "UTF-16":  # no mark: saved by hand or by a tool, not by Excel, which marks it
            return Said(f"{_SAVED_AS_UTF8.en}`{fix}`", f"{_SAVED_AS_UTF8.zh}`{fix}`")
        if edited:
            return Said(f"the text is UTF-16, as Notepad saves \"Unicode\": {_SAVED_AS_UTF8.en}`{fix}`",
                        f"文本是 UTF-16 编码，记事本保存为“Unicode”时即是如此：{_SAVED_AS_UTF8.zh}`{fix}`")
        return Said(f"the text is UTF-16, as Excel saves \"Unicode Text\": convert it to UTF-8, e.g. `{fix}`",
                    f"文本是 UTF-16 编码，Excel 另存为“Unicode 文本”时即是如此：请转换为 UTF-8，例如 `{fix}`")
    # GBK words after UTF-8 too (`测试文件`), in text whose other lines hold no UTF-8 (told above where they do)
    two = _two_encodings(raw, path, first, gbk_after_utf8, header)
    if two is not None:
        return two
    if not _gbk_as_shown(raw):
        return otherwise
    fix = _iconv("GB18030", path)
    if edited:
        return Said(f"the text is GBK (GB18030), as Chinese Windows saves it: {_SAVED_AS_UTF8.en}`{fix}`",
                    f"文本是 GBK（GB18030）编码，中文 Windows 默认如此保存：{_SAVED_AS_UTF8.zh}`{fix}`")
    if path.lower().endswith(".csv"):  # a spreadsheet's export: saved again from the spreadsheet, where it is made
        return Said("the text is GBK (GB18030), as Excel and WPS save CSV on Chinese Windows: save it again as "
                    f"“CSV UTF-8 (Comma delimited)”, or convert it: `{fix}`",
                    "文本是 GBK（GB18030）编码，中文 Windows 上的 Excel、WPS 保存 CSV 时默认如此：请另存为"
                    f"“CSV UTF-8（逗号分隔）”，或转换为 UTF-8：`{fix}`")
    return Said(f"the text is GBK (GB18030), as Chinese Windows saves it: convert it to UTF-8, e.g. `{fix}`",
                f"文本是 GBK（GB18030）编码，中文 Windows 默认如此保存：请转换为 UTF-8，例如 `{fix}`")


def _gbk_as_shown(raw: bytes) -> bool:
    """Whether text is GBK (GB18030) as its lines are shown under a finding (`source_lines`): it reads so as Chinese
    (`as_gbk`), or reads so throughout with no line plainly UTF-8, as text whose only Chinese is punctuation (`，：“”`)
    does, each line of it shown as GB18030 reads it."""
    return as_gbk(raw) is not None or (read_as_gb18030(raw) is not None and not utf8_beyond_ascii(raw.split(b"\n")))


def told_in_gbk(diagnostic: Diagnostic) -> Diagnostic:
    """A finding about a value that is a word saved in GBK and read as UTF-8 (`Diagnostic.gbk`: `Ů` is `女`), its help
    saying so, and how to make UTF-8 the file its `source_file` names (`utf8_said`: converted, or the line retyped
    where the file's other lines are UTF-8); or read as Latin-1 and written again as UTF-8 (`Diagnostic.latin1`: `Å®`
    is `女`), to be exported again from the source; as it is, for any other."""
    word, source = diagnostic.gbk, diagnostic.source_file
    if word is None or source is None:
        return diagnostic
    if diagnostic.latin1:
        help = Said(f"the value looks like `{word}` in GBK (GB18030), read as Latin-1 and written again as UTF-8 by a "
                    "tool between the source and this file: export the file again from the source in UTF-8, or have "
                    "that tool read it as GBK (GB18030)",
                    f"这个值看来是 GBK（GB18030）编码的 `{word}`，被中间的某个工具当作 Latin-1 读取后又写成了 UTF-8："
                    "请从源头以 UTF-8 编码重新导出这个文件，或让该工具按 GBK（GB18030）编码读取")
    else:
        fix = utf8_said(word.encode("gb18030"), source)
        help = Said(f"the value looks like `{word}` saved in GBK (GB18030) and read as UTF-8; {fix.en}",
                    f"这个值看来是以 GBK（GB18030）编码保存的 `{word}`，被当作 UTF-8 读了出来；{fix.zh}")
    return dataclasses.replace(diagnostic, help=help.en, zh=((diagnostic.zh or (diagnostic.message, None))[0], help.zh),
                               summarized=True)


_SHOWN_LINES = 5  # the lines of GBK a help names, before `and N more`


def _lines_in_another_encoding(raw: bytes, path: str) -> Said | None:
    """How to fix a file of household text whose lines are some UTF-8 beyond ASCII (`utf8_beyond_ascii`), others GBK:
    which lines are GBK, and the command that converts them alone (`_gbk_lines_converted`), since converting the
    whole file would garble the others; None for a file of one encoding."""
    lines = raw.split(b"\n")
    if not utf8_beyond_ascii(lines):
        return None
    gbk = [number for number, line in enumerate(lines, 1) if not line.isascii() and not is_utf8(line)]
    if not gbk or not _gbk_as_shown(b"\n".join(lines[n - 1] for n in gbk)):  # `，：“”` alone too, as shown
        return None
    part = [n for n in gbk if not _wholly_gbk(lines[n - 1])]
    words, count = _gbk_words(b"\n".join(lines[n - 1] for n in part))
    whole = _whole(path)
    if count:  # UTF-8 before their GBK, which the command would garble: the GBK retyped
        one = len(part) == 1
        which = Said(f"line {part[0]} holds" if one else f"lines {listed(list(map(str, part)), 'en')} hold",
                     f"第 {'、'.join(map(str, part))} 行")
        return Said(f"{which.en} {words.en} in GBK (GB18030), as Chinese Windows saves text, after text in UTF-8, as "
                    f"the {whole.en}'s other lines are: retype {'it' if count == 1 else 'them'} in UTF-8 (converting "
                    f"the {whole.en}, or {'that line' if one else 'those lines'}, would garble its UTF-8)",
                    chinese_joined(f"{which.zh}的", words.zh, "是 GBK（GB18030）编码，")
                    + f"中文 Windows 默认如此保存，而{'这一行' if one else '这些行'}前面的文字和{whole.zh}的其他行是 "
                    f"UTF-8 编码：请用 UTF-8 重新输入（转换整个{whole.zh}或{'这一行' if one else '这些行'}都会让其中的 "
                    "UTF-8 变成乱码）")
    shown, more = gbk[:_SHOWN_LINES], len(gbk) - _SHOWN_LINES
    which = Said(f"line {shown[0]} is" if len(gbk) == 1 else
                 f"lines {listed([*map(str, shown), *([f'{more} more'] if more > 0 else [])], 'en')} are",
                 f"第 {'、'.join(map(str, shown))} 行{f'等 {len(gbk)} 行' if more > 0 else ''}")
    fix = _gbk_lines_converted(path)
    return Said(f"{which.en} GBK (GB18030), as Chinese Windows saves text, and the {whole.en}'s other lines are UTF-8, "
                f"which converting the whole {whole.en} would garble: convert only the lines that are not UTF-8, e.g. "
                f"`{fix}`",
                f"{which.zh}是 GBK（GB18030）编码，中文 Windows 默认如此保存，而{whole.zh}的其他行是 UTF-8 编码，"
                f"转换整个{whole.zh}会让它们变成乱码：请只转换不是 UTF-8 的行，例如 `{fix}`")


Found = Callable[[bytes], tuple[int, bytes] | None]  # GBK after UTF-8 in a line (`gbk_after_utf8`)


def _two_encodings(raw: bytes, path: str, first: int, found: Found, header: Sequence[str] | None) -> Said | None:
    """`_two_encodings_in_a_line`; of a CSV row, `_two_encodings_in_a_cell`, given its table's `header` (a row is
    given as its cells, not as written: its columns are not an editor's); none without (a word of it alone)."""
    if not path.lower().endswith(".csv"):
        return _two_encodings_in_a_line(raw, path, first, found)
    return _two_encodings_in_a_cell(raw, path, first, found, header) if header is not None else None


def _two_encodings_in_a_line(raw: bytes, path: str, first: int, found: Found) -> Said | None:
    """How to fix text whose first line that is not UTF-8 holds UTF-8 Chinese and then GBK that `found` finds
    (`gbk_after_utf8`: `测试` then `文件`; `gbk_punctuation_after_utf8`: `王芳` then `，`): what to retype, at which
    column (as the finding's place counts it), since converting the line, or the whole file, would garble its UTF-8;
    punctuation as the line is shown, as UTF-8 reads it (`��`). `first`: the line `raw` starts on. None for any other
    text."""
    number, first_bad = next(((n, line) for n, line in enumerate(raw.split(b"\n")) if not is_utf8(line)), (0, b""))
    mixed = found(first_bad)
    if mixed is None:
        return None
    column, bad = mixed[0] + 1, mixed[1]
    shown = Said("", "") if as_gbk(bad) else Said(f" (shown as `{bad.decode('utf-8', 'replace')}`)",
                                                  f"（显示为 `{bad.decode('utf-8', 'replace')}`）")
    apart = utf8_apart(first_bad, mixed[0])
    beside = None if apart is None else _utf8_beside(apart[1], Said(f"from column {apart[0] + 1}",
                                                                    f"第 {apart[0] + 1} 列起的"))
    return _retyped(first + number, Said(f"from column {column}", f"第 {column} 列起的"), shown, bad, path, "line",
                    beside)


_CELL_SHOWN = 30  # characters of a cell a help shows before its GBK, after `…`


def _two_encodings_in_a_cell(raw: bytes, path: str, first: int, found: Found, header: Sequence[str]) -> Said | None:
    """`_two_encodings_in_a_line` of a CSV row (`raw`: its cells parted by `CELLS_PARTED`, `first` the line it
    starts on): the GBK is placed by its cell's column as `header` names it, and said with the cell as it reads
    (`王芳��`: nothing shows the row's line); None for any other row."""
    mixed = found(raw)
    if mixed is None:
        return None
    at, bad = mixed
    text = raw.decode("utf-8", "surrogateescape")
    before = text[text.rfind(CELLS_PARTED, 0, at) + 1:at]
    before = before if len(before) <= _CELL_SHOWN else "…" + before[-_CELL_SHOWN:]
    reads = escaped(before.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                    + bad.decode("utf-8", "replace"))
    apart = utf8_apart(raw, at)
    beside = None if apart is None else _utf8_beside(apart[1], _in_cell(text, apart[0], header))
    shown = Said(f" (the cell reads as `{reads}`)", f"（该单元格读出来是 `{reads}`）")
    return _retyped(first + text.count("\n", 0, at), _in_cell(text, at, header), shown, bad, path, "row", beside)


def _in_cell(text: str, at: int, header: Sequence[str]) -> Said:
    """Where character `at` of a CSV row (`text`: its cells parted by `CELLS_PARTED`) is: in its cell's column as
    `header` names it (`in column `name``), or by the cell's place where the header has no name for it."""
    cell = text.count(CELLS_PARTED, 0, at)
    name = header[cell].strip() if cell < len(header) else ""
    column = in_column(name) if name else Said(f"cell {cell + 1}", f"第 {cell + 1} 个单元格")
    return Said(f"in {column.en}", f"{column.zh}中的")


def _utf8_beside(utf8: str, where: Said) -> Said:
    """What a help says of the UTF-8 Chinese of a line in a field of its own (`utf8_apart`), beside the line's GBK:
    what it is and `where` it is (its column, or its cell)."""
    word = f"`{escaped(utf8)}`"
    return Said(f"and {word} in UTF-8 {where.en}", chinese_joined("而", where.zh, word, "是 UTF-8 编码"))


_UTF8_BEFORE = Said("after text in UTF-8", "而它前面的文字是 UTF-8 编码")  # (UTF-8 running into the GBK: `王芳，`)


def _retyped(line: int, where: Said, shown: Said, bad: bytes, path: str, part: str,
             beside: Said | None = None) -> Said:
    """What to retype of GBK after UTF-8 in one line or row (`part`, in English: both are `行`) of a text: converting
    the line, or the whole file, would garble its UTF-8. `where`: in the line, the GBK's column or cell; `shown`: what
    it reads as; `beside`: the UTF-8 where it is in a field of its own (`_utf8_beside`), not straight before the GBK."""
    word, whole, utf8 = f"`{bad.decode('gb18030')}`", _whole(path), beside or _UTF8_BEFORE
    return Said(f"line {line} holds {word} in GBK (GB18030), as Chinese Windows saves text, {where.en}{shown.en}, "
                f"{utf8.en}: a {part} of two encodings cannot be converted whole; retype {word} there in "
                f"UTF-8 (converting the {whole.en}, or that {part}, would garble its UTF-8)",
                chinese_joined(f"第 {line} 行", where.zh) + f" {word} 是 GBK（GB18030）编码{shown.zh}，"
                f"中文 Windows 默认如此保存，{utf8.zh}：一行里有两种编码，无法整行转换；"
                f"请在那里用 UTF-8 重新输入 {word}（转换整个{whole.zh}或这一行都会让其中的 UTF-8 变成乱码）")


def _pasted_line(raw: bytes) -> bytes | None:
    """The first line that is not UTF-8 of a text whose other lines are some UTF-8 beyond ASCII (`utf8_beyond_ascii`),
    as a line pasted from a document saved in another encoding leaves a file edited by hand; None for a text of one
    encoding."""
    lines = raw.split(b"\n")
    return next((line for line in lines if not is_utf8(line)), None) if utf8_beyond_ascii(lines) else None


def _whole(path: str) -> Said:
    """What a text of household input is called as a whole: a file, or a stream for standard input (`<stdin>`)."""
    return Said("stream", "输入内容") if path.startswith("<") else Said("file", "文件")


def _line_in_another_encoding(raw: bytes, path: str) -> Said:
    """How to fix a line that is not UTF-8 in a file whose other lines are: its text retyped, or the file's lines
    that are not UTF-8 converted alone (`_gbk_lines_converted`), not the whole file, which would garble them; the text
    as GBK reads it, where it reads as Chinese (`户主`). A `path` of standard input (`<stdin>`): the lines are the
    stream's."""
    shown, count = _gbk_words(raw)
    whole = _whole(path)
    keep = Said(f"converting the whole {whole.en} would garble its other lines",
                f"转换整个{whole.zh}会让其他行变成乱码")
    if count:  # every one of them, that one retyping mends the line
        fix = _gbk_lines_converted(path)
        converted = Said(f", or convert only the {whole.en}'s lines that are not UTF-8: `{fix}`",
                         f"，或只转换{whole.zh}中不是 UTF-8 的行：`{fix}`") if _wholly_gbk(raw) else Said("", "")
        return Said(f"the other lines of the {whole.en} are UTF-8, but this one holds {shown.en} in GBK (GB18030), as "
                    f"Chinese Windows saves text: retype {'it' if count == 1 else 'them'} in UTF-8 "
                    f"({keep.en})"
                    f"{converted.en}",
                    chinese_joined(f"{whole.zh}的其他行是 UTF-8 编码，这一行的", shown.zh, "却是 GBK（GB18030）编码，")
                    + f"中文 Windows 默认如此保存：请用 UTF-8 重新输入（{keep.zh}）{converted.zh}")
    return Said(f"the other lines of the {whole.en} are UTF-8, but this one is in another encoding: retype its text in "
                f"UTF-8 ({keep.en})",
                f"{whole.zh}的其他行是 UTF-8 编码，这一行却是别的编码：请用 UTF-8 重新输入其中的文字（{keep.zh}）")


def _gbk_words(raw: bytes) -> tuple[Said, int]:
    """The text of lines that GBK wrote, as GB18030 reads it (`户主`), each once, quoted: the first few, and how many
    more; and how many there are (none where none reads as Chinese)."""
    words = list(dict.fromkeys(word for run in _gbk_runs(raw) if (word := as_gbk(run))))
    named = [f"`{w}`" for w in words[:_SHOWN_WORDS]]
    more = len(words) - _SHOWN_WORDS
    return Said(listed([*named, *([f"{more} more"] if more > 0 else [])], "en"),
                chinese_joined("、".join(named), f"等 {len(words)} 个词" if more > 0 else "")), len(words)


def _wholly_gbk(line: bytes) -> bool:
    """Whether a line that is not UTF-8 is GBK from end to end, as the command that converts such lines reads it
    (`_gbk_lines_converted`); not where UTF-8 typed before its GBK would be garbled (`测试` of `测试文件`)."""
    text = line.decode("utf-8", "surrogateescape")
    return not any(_gbk_after_utf8(run.group()) for run in BEYOND_ASCII.finditer(text))


def _gbk_after_utf8(run: str) -> re.Match[str] | None:
    """In a stretch beyond ASCII, the GBK that UTF-8 typed before it runs into (`文件` of `测试文件`): where what comes
    before reads plainly as UTF-8 (`plainly_utf8`: `测试`, not GBK's `女` read as `Ů`) and it reads as GBK alone."""
    bad = utf8_runs_into(run)
    return bad if bad and as_gbk(bad.group().encode("utf-8", "surrogateescape")) else None


_SHOWN_WORDS = 5  # the words of GBK of a line a help names, before `and N more`


def _gbk_runs(line: bytes) -> list[bytes]:
    """The stretches of a line beyond ASCII that GBK may have written: each that is not UTF-8 (from its first byte that
    is not, where UTF-8 typed before it reads as GBK apart: `文件` of `测试文件`), and each that is UTF-8
    by chance only, as GBK's `女` reads as `Ů` (`plainly_utf8` of it and the characters beside it); the whole line
    where there are none (a GBK character may end in an ASCII byte)."""
    text = line.decode("utf-8", "surrogateescape")
    runs = []
    for run in BEYOND_ASCII.finditer(text):
        beside = text[max(run.start() - 1, 0):run.end() + 1].encode("utf-8", "surrogateescape")
        pasted = _gbk_after_utf8(run.group())
        if pasted is not None:
            runs.append(pasted.group().encode("utf-8", "surrogateescape"))
        elif NOT_UTF8_RUN.search(run.group()) or not plainly_utf8(beside):
            runs.append(run.group().encode("utf-8", "surrogateescape"))
    return runs or [line]


_UTF8_STREAMS: set[str] = set()  # streams (standard input, a compressed file) whose lines read so far held UTF-8


def holds_utf8_text(stream: str, held: bool) -> None:
    """Know whether a stream read line by line (`<stdin>`, a compressed file) has `held` UTF-8 Chinese (or began
    with its mark) in the lines read so far: a line of it that is not UTF-8 is then told as the file's other lines
    are. (Said with every chunk, so a later run of the same process starts from what its own stream holds.)"""
    if held:
        _UTF8_STREAMS.add(stream)
    else:
        _UTF8_STREAMS.discard(stream)


def _holds_utf8_text(path: str) -> bool:
    """Whether the first 16 MB of a file (not compressed, not standard input) have a line of UTF-8 Chinese: then
    a line that is not UTF-8 is that line's mistake, not the file's encoding. A stream, by its lines read so far."""
    if path in _UTF8_STREAMS:
        return True
    if path.startswith("<") or path.lower().endswith(PACKED_SUFFIXES):
        return False
    try:
        stat = Path(path).stat()
    except OSError:
        return False
    return _scanned_for_utf8(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)  # a file's bad lines are told one by one
def _scanned_for_utf8(path: str, size: int, changed: int) -> bool:
    with open(path, "rb") as handle:
        return utf8_beyond_ascii(itertools.takewhile(lambda _: handle.tell() <= _UTF8_SCAN, handle))


_UTF8_SCAN = 1 << 24


def _iconv(encoding: str, path: str) -> str:
    """The command that converts text of `encoding` in `path` (a pipe for standard input: `<stdin>`) to UTF-8, in
    place (`_in_place`)."""
    return _in_place(f"iconv -f {encoding} -t UTF-8", path, by_name=True)


# reads text and writes each line that is not UTF-8 as GB18030 reads it, in UTF-8, and the others as they are
_GBK_LINES_TO_UTF8 = ("python3 -c 'import sys; sys.stdout.buffer.writelines(line if line.decode(\"utf-8\", "
                      "\"ignore\").encode() == line else line.decode(\"gb18030\").encode() for line in "
                      "sys.stdin.buffer)'")


def _gbk_lines_converted(path: str) -> str:
    """The command that converts the lines of `path` that are not UTF-8 from GB18030 (GBK) to UTF-8, in place
    (`_in_place`), and leaves the others as they are."""
    return _in_place(_GBK_LINES_TO_UTF8, path)


def _in_place(convert: str, path: str, by_name: bool = False) -> str:
    """`convert`, a command from standard input to standard output, run on `path` (a pipe for standard input:
    `<stdin>`) in place — a copy under another name is a file no run reads — and only once the whole file converted.
    A file compressed as its name says is unpacked for it and packed again: it reads text, not packed bytes.
    `by_name`: the command reads a file named after it (`iconv … FILE`)."""
    file, copy = shell_word(path), shell_word(f"{path}.utf8")
    if path.startswith("<"):
        return f"{convert} | …"
    packers = _PACKERS.get(PurePath(path).suffix.lower())
    if packers is not None:
        unpack, pack = packers
        return f"{unpack} {file} | {convert} | {pack} > {copy} && mv {copy} {file}"
    return f"{convert} {'' if by_name else '< '}{file} > {copy} && mv {copy} {file}"


# the commands that unpack a compressed file to standard output, and pack standard input again, by its suffix
_PACKERS = {".gz": ("gunzip -c", "gzip -c"), ".bz2": ("bunzip2 -c", "bzip2 -c"), ".xz": ("unxz -c", "xz -c"),
            ".zst": ("zstd -dc", "zstd -c")}


UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # the byte-order marks UTF-16 text starts with


def utf16_order(raw: bytes) -> str | None:
    """The encoding of text in UTF-16, as `iconv` names it: `UTF-16` where it starts with its byte-order mark; without
    one, `UTF-16BE` where its first two characters (ASCII in any JSON, YAML or CSV: `{"`) are each a NUL byte and
    another (`\\x00{\\x00"`), `UTF-16LE` where the NUL comes second; None for any other text."""
    if raw.startswith(UTF16_MARKS):
        return "UTF-16"
    head = raw[:4]
    if len(head) < 4 or head.count(0) != 2:
        return None
    return "UTF-16BE" if head[0] == head[2] == 0 else "UTF-16LE" if head[1] == head[3] == 0 else None


_UNMARKED_UTF16 = {
    "UTF-16BE": Said("the text is UTF-16 (big-endian, with no byte-order mark), not UTF-8",
                     "文本是 UTF-16 编码（大端序，无字节顺序标记），不是 UTF-8"),
    "UTF-16LE": Said("the text is UTF-16 (little-endian, with no byte-order mark), not UTF-8",
                     "文本是 UTF-16 编码（小端序，无字节顺序标记），不是 UTF-8"),
}


def read_json(text: str, source: str, at: tuple[str, int] | None = None, unended: bool = False) -> Any:
    """Parse JSON exactly: decimals stay decimals; NaN, Infinity and duplicate keys are errors.

    `at` is the file the text is in and the line it starts on (a line of JSON Lines starts on its own):
    where it is given, a syntax error is placed at its line and column in that file. `unended`: the text ends its
    input with no line break after it, as its reader knows of a stream (standard input, a compressed file); of a
    plain file, the file is looked at. JSON that just stops there is a file cut off."""
    marked, text = text.startswith("\ufeff"), text.lstrip("\ufeff")
    try:
        data = json.loads(text, parse_float=_exact_number, parse_constant=_reject_constant,
                          object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        other = other_kind(text, source)
        if other is not None:
            raise HouseholdError([other]) from None
        if blank_to_json(text):
            raise HouseholdError([_mark_alone(source) if marked and _a_line(source, at) else Diagnostic.said(
                "H001", Said("the file is empty", "文件是空的"), None, source_file=source,
                help=Said(f"a household file holds one JSON object, like {EXAMPLE}",
                          f"家庭文件应包含一个 JSON 对象，可参照 {EXAMPLE}"))]) from None
        why, fix = json_reason(error.msg), _CHECK_NEAR
        file, first = at or (source, 1)
        line = first + error.lineno - 1
        start, end = error.colno, error.colno + 1
        slip = number_slip(text, error.pos) or unit_slip(text, error.pos)
        closed = _closed_full_width(text, error.pos) if error.msg == "Expecting ',' delimiter" else None
        wide_at = closed[0] if closed is not None else error.pos
        wide = _WIDE.get(text[wide_at]) if wide_at < len(text) else None
        comma = _trailing_comma(text, error.pos)
        written = _other_habit(text, error.pos, error.msg, first) or (
            _unclosed(text, error.pos, first) or _mismatched(text, error.pos, first)
            if error.msg == "Expecting ',' delimiter" else None)
        if comma is not None:  # `{"amount": 6000},` then `]`: said at the comma, which is the slip
            line, start, end = _place_in(text, comma, 1, first)
            closing = text[error.pos]
            why = Said(f"a comma after the last item, before `{closing}`", f"最后一项后面、`{closing}` 之前多了逗号")
            fix = Said("remove this comma: JSON writes a comma only between two items",
                       "请删去这个逗号：JSON 只在两项之间写逗号")
        elif (error.msg.startswith("Unterminated string") or re.fullmatch(r"[\w.+-]*[ \t\r\n]*", text[error.pos:])) \
                and (unended or (at is not None and _ends_the_file(at[0], text))):  # (`…"safe": tr`): cut off
            why, fix = _cut_off(file.startswith("<"), first > 1)
        elif error.msg == "Extra data" and re.match(r",?\s*\{", text[error.pos:]) and text.lstrip().startswith("{"):
            second = text.index("{", error.pos)  # `{…},` then `{…}`: the comma is a list's, with no list around
            line, start, end = _place_in(text, second, 1, first)
            why, fix = _second_household(at)
        elif slip is not None:  # a number JSON cannot read: said as such, rather than as the token it expected
            start, end = error.colno - (error.pos - slip[0]), error.colno + (slip[1] - error.pos)
            why, fix = slip[2], slip[3]
        elif wide is not None:  # `"amount"：4000`, `“agriculture”`: punctuation typed with a Chinese input method
            mark = text[wide_at]
            quoted = re.match(r"[“”＂]([^“”＂\"\n]{1,40})[“”＂\"]", text[wide_at:]) if wide == '"' else None
            content = closed[1] if closed is not None else quoted.group(1) if quoted else None
            if closed is not None:  # `"wage”`: said at the quote that was meant to close the text
                line, start, end = _place_in(text, wide_at, 1, first)
            example = f"`\"{content}\"`" if content else ""
            why = Said(f"`{mark}` is full-width (Chinese) punctuation", f"`{mark}` 是全角（中文）标点")
            fix = Said(f"write the half-width `{wide}`" + (f" ({example})" if example else "")
                       + ": JSON reads no other",
                       f"请改用半角的 `{wide}`" + (f"（{example}）" if example else "") + "：JSON 只认半角标点")
            meant = _unquoted(content) if content else None
            if meant is not None:  # `“5,000”`, `“true”`: a number or a yes/no, whose quotes would make it text
                fix = Said(f"write `{meant}`, without quotes", f"请写作 `{meant}`，不加引号")
        elif error.pos < len(text) and text[error.pos] == "," and text[:error.pos].rstrip().endswith(","):
            line, start, end = _place_in(text, error.pos, 1, first)  # `"wage",,`: said at the second
            why = Said("a comma twice between two items", "两项之间写了两个逗号")
            fix = Said("remove one: JSON writes one comma between two items", "请删去一个：JSON 在两项之间只写一个逗号")
        elif error.msg.startswith("Invalid \\escape"):  # `"C:\data"`: a folder as Windows writes it
            why = Said("a backslash `\\` in a text, where JSON starts an escape",
                       "文本中的反斜杠 `\\` 在 JSON 中表示转义")
            fix = Said("write it twice (`\\\\`), or write `/` instead", "请写两个（`\\\\`），或改用 `/`")
        elif error.msg.startswith("Invalid control character") and text[error.pos:error.pos + 1] == "\t":
            why, fix = Said("a tab inside a text", "文本中有制表符（Tab）"), Said(
                "replace it with a space, or write it as `\\t`", "请改为空格，或写作 `\\t`")
        elif written is not None:  # single quotes, a comment, a comma left out, a key without quotes
            (line, start, end), why, fix = written
        elif error.pos < len(text) and text[error.pos] in _ODD_SPACES:  # looks like a space in an editor
            why, fix = _ODD_SPACES[text[error.pos]]
        raise HouseholdError([_not_json(Said(f"not valid JSON: {why.en}", f"不是有效的 JSON：{why.zh}"), fix,
                                        Span(file, line, start, line, end), source, at)]) from None
    except _Refused as error:
        found = JsonText(text, *(at or (source, 1))).spot(error.bare, error.key)
        raise HouseholdError([_not_json(error.message, error.help, found, source, at)]) from None
    except ValueError as error:  # what Python's reader itself refuses (an integer of thousands of digits)
        raise HouseholdError([Diagnostic.said("H001", Said(f"not valid JSON: {error}", f"不是有效的 JSON：{error}"),
                                              None, source_file=source)]) from None
    except RecursionError:
        raise HouseholdError([Diagnostic.said("H001", Said("the JSON is nested too deeply", "JSON 嵌套层数太多"),
                                              None, source_file=source)]) from None
    half = _lone_surrogate(text) if _SURROGATE_ESCAPED.search(text) else None
    if half is not None:
        raise HouseholdError([_half_a_character(text, half, source, at)])
    return data


def read_list(text: str, source: str, at: tuple[str, int] | None = None, unended: bool = False,
              by_item: bool = False) -> Any:
    """The data of a household file as `read_json` reads it; but a list whose items are each written as JSON allows,
    one of which holds what a household may not (a key given twice, a lone surrogate, `NaN`), is read item by item:
    such an item is its `HouseholdError`, at its line and column in the file, and the others are their data, to be
    decided. Each item's findings name the file, or, `by_item`, the item (`list.json[3]`, as `policy batch` names
    them); the text's place is `at`, as for `read_json`."""
    try:
        return read_json(text, source, at, unended)
    except HouseholdError:
        if not _a_list_written(text):
            raise
    file, first = at or (source, 1)
    read: list[Any] = []
    for i, (item, line) in enumerate(JsonText(text, file, first).items()):
        name = f"{source}[{i}]"
        try:
            read.append(read_json(item, name, (f"{file}[{i}]" if by_item else file, line)))
        except HouseholdError as error:
            read.append(error)
    return read


def _a_list_written(text: str) -> bool:
    """Whether text is a list written as JSON allows, read as Python's reader reads it (keys given twice, `NaN`, lone
    surrogates kept): text that is not JSON, or not a list, is refused as a whole."""
    try:
        return isinstance(json.loads(text.lstrip("\ufeff")), list)
    except (ValueError, RecursionError):
        return False


# a JSON escape of half a character (U+D800–U+DFFF), looked for first: most texts have none
_SURROGATE_ESCAPED = re.compile(r"\\u[dD][89a-fA-F]")
# each escape of JSON text read whole, from its backslash, so that `\\ud800` (a backslash written twice, then the
# letters `ud800`) is not taken for one; the group is the code of a surrogate it escapes
_ESCAPE = re.compile(r"\\(?:u([dD][89a-fA-F][0-9a-fA-F]{2})|.)", re.DOTALL)


def _lone_surrogate(text: str) -> re.Match[str] | None:
    """The first escape in valid JSON text that writes half of a character alone (a lone surrogate): a high half
    (`\\ud83d`) not followed at once by a low one (`\\ude00`), or a low half after no high one (`\\udc80`). Python's
    reader keeps it as it is, a character that UTF-8, and so no file, register or output, can hold."""
    high: re.Match[str] | None = None
    for escape in _ESCAPE.finditer(text):
        half = (escape.group(1) or "").lower()
        low = half[1:2] in ("c", "d", "e", "f")
        if high is not None:
            if not (low and escape.start() == high.end()):
                return high
            high = None
        elif low:
            return escape
        elif half:
            high = escape
    return high


def _half_a_character(text: str, escape: re.Match[str], source: str, at: tuple[str, int] | None) -> Diagnostic:
    """H001 at an escape of half a character (`_lone_surrogate`), and how to mend it: retyped, or, a byte of text that
    was not UTF-8 (`\\udc80`–`\\udcff`, as Python keeps such a byte), the file exported again in UTF-8."""
    file, first = at or (source, 1)
    line, start, end = _place_in(text, escape.start(), len(escape.group()), first)
    written = escape.group()
    said = Said(f"`{written}` writes half of a character alone (a lone surrogate, U+D800–U+DFFF), which cannot be "
                "stored or written as UTF-8",
                f"`{written}` 只写了一个字符的一半（孤立的代理项，U+D800–U+DFFF），无法以 UTF-8 保存或写出")
    fix = Said("retype this text; a character beyond U+FFFF is written whole, or escaped as its two halves together "
               "(😀 as `\\ud83d\\ude00`)",
               "请重新输入这段文字；U+FFFF 以外的字符请直接写出，"
               "或把它的两半转义连在一起写（😀 写作 `\\ud83d\\ude00`）")
    code = int(written[2:], 16)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (GBK), kept so by the tool that wrote the file
        byte = f"0x{code - 0xDC00:02x}"
        fix = Said(f"it is byte {byte} of text that was not UTF-8 (such as GBK), written as an escape by the tool "
                   "that made this file: export the file again in UTF-8, or retype this text",
                   f"这是不是 UTF-8 的文本（如 GBK）中的字节 {byte}，由生成该文件的工具写成了转义："
                   "请以 UTF-8 重新导出该文件，或重新输入这段文字")
    return _not_json(said, fix, Span(file, line, start, line, end), source, at)


def _cut_off(stream: bool, after: bool) -> tuple[Said, Said]:
    """What JSON that stops at the end of its input is, and what to do: of a file, or of a `stream` (standard input,
    where there is no file to speak of); `after`: records came before it, which were read."""
    whole = Said("input", "输入内容") if stream else Said("file", "文件")
    read = Said("; the records before this one were read", "；这条记录之前的记录已读取") if after else Said("", "")
    again = Said("fetch or export it again", "请重新获取或导出" if stream else "请重新获取或导出该文件")
    return (Said(f"the {whole.en} ends in the middle of this record", f"{whole.zh}在这条记录的中间就结束了"),
            Said(f"the {whole.en} is cut off (copied or exported incompletely): {again.en}{read.en}",
                 f"{whole.zh}不完整（复制或导出时中断了）：{again.zh}{read.zh}"))


def _place_in(text: str, offset: int, length: int, first: int) -> tuple[int, int, int]:
    """The line (in a file whose text starts on line `first`), column and end column of `length` characters at
    `offset`."""
    column = offset - text.rfind("\n", 0, offset)
    return first + text.count("\n", 0, offset), column, column + length


def _other_habit(text: str, at: int, reason: str, first: int) -> tuple[tuple[int, int, int], Said, Said] | None:
    """Where JSON text stops at offset `at` (Python's reader saying `reason`) on a habit of another language, its
    place (`_place_in`), what it is and how JSON writes it: text in single quotes (`'p1'`), a comment (`//`,
    `/* */`, `#`), a field name or a text value without quotes (`expenses:`, `"sex": female`), Python's `True`/`None`,
    or a comma left out between two items — said at the end
    of the item before, where it belongs, rather than at the start of the next line."""
    rest = text[at:at + 200]
    dated = re.match(r"-(\d{1,2})-(\d{1,2})(?![\w.-])", rest) if reason == "Expecting ',' delimiter" else None
    year = text[max(0, at - 4):at]
    if dated is not None and re.fullmatch(r"[12]\d{3}", year) and not text[at - 5:at - 4].isdigit():
        written = year + dated.group()  # `"date": 2025-06-01`: JSON reads the number 2025, then stops at `-`
        iso = f'"{year}-{int(dated.group(1)):02d}-{int(dated.group(2)):02d}"'
        return (_place_in(text, at - 4, len(written), first),
                Said(f"the date `{written}` is not in quotes", f"日期 `{written}` 没有加引号"),
                Said(f"write the date in double quotes: `{iso}`", f"日期要加双引号：`{iso}`"))
    if rest.startswith("'"):
        quoted = re.match(r"'([^'\n]{0,40})'", rest)
        shown = Said(f": write \"{quoted.group(1)}\" not '{quoted.group(1)}'",
                     f"：应写作 \"{quoted.group(1)}\"，而不是 '{quoted.group(1)}'") if quoted else Said("", "")
        return (_place_in(text, at, len(quoted.group()) if quoted else 1, first),
                Said("text in single quotes", "文本用了单引号"),
                Said(f"JSON writes text in double quotes{shown.en}", f"JSON 的文本要用双引号{shown.zh}"))
    if rest.startswith(("//", "/*", "#")):
        mark, line_end = rest[:1] if rest[0] == "#" else rest[:2], (rest + "\n").index("\n")
        closed = text.find("*/", at) - at if mark == "/*" else -1
        if 0 <= closed < line_end:
            length, spans = closed + 2, Said("`/*` to `*/`", " `/*` 到 `*/`")
        else:
            length, spans = len(rest[:line_end].rstrip()), Said(f"`{mark}` to the end of the line", f" `{mark}` 到行尾")
        if closed >= line_end:  # over many lines: deleting to the end of the first would leave the rest behind
            opened, ended = _place_in(text, at, 2, first)[0], _place_in(text, at + closed, 2, first)[0]
            spans = Said(f"`/*` on line {opened} to `*/` on line {ended}",
                         f"第 {opened} 行的 `/*` 到第 {ended} 行的 `*/`")
        return (_place_in(text, at, length, first), Said("a comment, which JSON does not have", "JSON 不能写注释"),
                Said(f"delete the comment (from {spans.en})", f"请删去注释（从{spans.zh}）"))
    key = re.match(r"([^\W\d][\w.-]*)\s*:", rest)
    if key is not None and reason.startswith("Expecting property name"):
        return (_place_in(text, at, len(key.group(1)), first),
                Said(f"the field name `{key.group(1)}` is not in quotes", f"字段名 `{key.group(1)}` 没有加引号"),
                Said(f"write the field name in double quotes: `\"{key.group(1)}\"`",
                     f"字段名要加双引号：`\"{key.group(1)}\"`"))
    after = text[:at].rstrip()[-1:]  # (a word that starts the text is no JSON at all, not a value unquoted)
    valued = reason.startswith("Expecting value") and after in (":", "[", ",")
    word = re.match(r"([^\W\d]\w*)(\"?)\s*[,}\]]", rest) if valued else None
    if word is not None and word.group(2):  # `"sex": female",`: the opening quote left out
        written = word.group(1) + '"'
        return (_place_in(text, at, len(written), first),
                Said(f"the text `{written}` has no opening quote", f"文本 `{written}` 缺少开头的引号"),
                Said(f"write text in double quotes: `\"{word.group(1)}\"`", f"文本要加双引号：`\"{word.group(1)}\"`"))
    if word is not None:  # `"sex": female,`, `[False]`: a value as another language writes it (not a line cut short)
        bare = word.group(1)
        meant = _CONSTANTS.get(bare.lower())
        if meant is not None:
            how = _LOWER_CASE if bare.lower() in ("true", "false", "none", "null") else _YES_NO
            return (_place_in(text, at, len(bare), first),
                    Said(f"`{bare}` is not a JSON value", f"`{bare}` 不是 JSON 的值"),
                    Said(f"write `{meant}`: {how.en}", f"请写作 `{meant}`：{how.zh}"))
        return (_place_in(text, at, len(bare), first),
                Said(f"the text `{bare}` is not in quotes", f"文本 `{bare}` 没有加引号"),
                Said(f"write text in double quotes: `\"{bare}\"`", f"文本要加双引号：`\"{bare}\"`"))
    # (a number after a number only in a list, `[100 200]`: in a map, `"amount": 1 000`, it is `number_slip`'s)
    item = rest[:1] in ('"', "{", "[") or (re.match(r"-?[0-9]", rest) is not None and in_a_list(text, at))
    if reason != "Expecting ',' delimiter" or not item:
        return None
    before = len(text[:at].rstrip())
    if before and (text[before - 1] in '"}]' or text[before - 1].isalnum()):
        place = _place_in(text, before, 1, first)
        why = Said("a comma is missing between two items", "两项之间缺少逗号")
        if "\n" not in text[before:at]:
            return place, why, Said("add a comma here: JSON writes one between two items",
                                    "请在此处加一个逗号：JSON 在两项之间写逗号")
        return place, why, Said(f"add a comma at the end of line {place[0]}: JSON writes one between two items",
                                f"请在第 {place[0]} 行末尾加一个逗号：JSON 在两项之间写逗号")
    return None


def _second_household(at: tuple[str, int] | None) -> tuple[Said, Said]:
    """A household `{…}` after another, in a file (or a line of JSON Lines, `at` a line after the first) that holds
    one: two pasted one after the other."""
    said = Said("a second household starts here, after the first one's closing `}`",
                "第一户的 `}` 之后，这里又开始了第二户")
    if at is not None and (at[1] > 1 or at[0].lower().endswith(".jsonl")):  # a line of JSON Lines
        return said, Said("write each household on a line of its own", "请每户各写一行")
    return said, Said("a file holds one household: give each its own file, or put them in a list `[{…}, {…}]`, or "
                      "write one per line as JSON Lines (`.jsonl`)",
                      "一个文件只写一户：请每户各用一个文件，或把它们放进一个列表 `[{…}, {…}]`，"
                      "或存为每行一户的 JSON Lines（`.jsonl`）")


def _ends_the_file(file: str, text: str) -> bool:
    """Whether a file (not compressed, not standard input) ends with this text, with no line break after it."""
    if file.startswith("<") or file.lower().endswith(PACKED_SUFFIXES):
        return False
    tail = text.encode("utf-8")
    try:
        with open(file, "rb") as handle:
            size = handle.seek(0, 2)
            handle.seek(max(0, size - len(tail)))
            return size >= len(tail) > 0 and handle.read() == tail
    except OSError:
        return False


def _mismatched(text: str, at: int, first: int) -> tuple[tuple[int, int, int], Said, Said] | None:
    """Where JSON text stops at offset `at` on a closing bracket of the other kind than the one open there (`{…]`,
    `[…}`): its place, the bracket it closes and where that was opened, and the one to write; None for any other."""
    if at >= len(text) or text[at] not in "]}":
        return None
    opening = open_bracket(text, at)
    if opening is None or _CLOSES[text[opening]] == text[at]:
        return None
    line, column, _ = _place_in(text, opening, 1, first)
    mark, closing, wrong = text[opening], _CLOSES[text[opening]], text[at]
    return (_place_in(text, at, 1, first),
            Said(f"`{wrong}` closes the `{mark}` opened at line {line}, column {column}",
                 f"`{wrong}` 对应的是第 {line} 行第 {column} 列的 `{mark}`"),
            Said(f"write `{closing}`: a `{mark}` is closed by `{closing}`",
                 f"应写作 `{closing}`：`{mark}` 要用 `{closing}` 结束"))


_CLOSES = {"{": "}", "[": "]"}


def _text_before(text: str, at: int) -> tuple[int, str] | None:
    """The text in quotes that JSON text stopping at offset `at` follows: its opening quote's offset, and what it
    holds (at most a line); None where no such text comes right before."""
    before = text[:at].rstrip()
    opening = before.rfind('"', 0, len(before) - 1) if before.endswith('"') else -1
    held = before[opening + 1:-1]
    return (opening, held) if opening >= 0 and "\n" not in held and "\\" not in held else None


def _closed_full_width(text: str, at: int) -> tuple[int, str] | None:
    """Where JSON text stops at offset `at` after a text that a full-width quote was meant to close (`"wage”, "`,
    read on to the next `"`): that quote's offset, and the text it closes (`wage`); None for any other."""
    quoted = _text_before(text, at)
    found = re.fullmatch(r"(.{0,40})([“”＂])[\s,，:：]*", quoted[1]) if quoted is not None else None
    return (quoted[0] + 1 + found.start(2), found.group(1)) if quoted is not None and found is not None else None


def _unclosed(text: str, at: int, first: int) -> tuple[tuple[int, int, int], Said, Said] | None:
    """Where JSON text stops at offset `at` on a field name whose opening quote closed the text before (`"wage,
    "member": …`, read as the text `wage, `): the place after that text's last character, what is wrong, and the
    text as JSON writes it; None for any other."""
    quoted = _text_before(text, at)
    found = re.fullmatch(r"(.{1,40}?)\s*,\s*", quoted[1]) if quoted is not None else None
    if quoted is None or found is None or not re.match(r"[^\W\d][\w.-]*\"\s*:", text[at:at + 100]):
        return None
    written = f'"{found.group(1)}'
    return (_place_in(text, quoted[0] + len(written), 1, first),
            Said(f"the text `{written}` has no closing quote", f"文本 `{written}` 缺少结束引号"),
            Said(f"write `{written}\",`", f"应写作 `{written}\",`"))


def _trailing_comma(text: str, at: int) -> int | None:
    """Where the comma is, when JSON text stops at a closing bracket (offset `at`) that follows a comma, blanks
    aside: `[{…}, {…},]`, as a hand-edited list often ends."""
    if at >= len(text) or text[at] not in "]}":
        return None
    before = len(text[:at].rstrip())
    return before - 1 if before and text[before - 1] == "," else None


# JSON's constants as other languages write them (Python's `True`, `None`; `TRUE`, `NULL`; `yes`, `是`)
_CONSTANTS = {"true": "true", "false": "false", "none": "null", "null": "null",
              "yes": "true", "no": "false", "是": "true", "否": "false"}
_LOWER_CASE = Said("lower case, no quotes", "小写，不加引号")
_YES_NO = Said("JSON writes yes and no as `true` and `false`, without quotes (a field that is not a yes/no takes "
               "its own value: a number, or text in double quotes)",
               "JSON 的是、否写作 `true`、`false`，不加引号（不是是/否的字段，写它自己的值：数字，或加双引号的文本）")


def _unquoted(content: str) -> str | None:
    """The JSON a text in quotes stands for, where it is a number or a yes/no (`5,000元` → `5000`, `True` → `true`);
    None for any other text."""
    word = content.strip()
    if word.lower() in ("true", "false", "null"):
        return word.lower()
    number = re.fullmatch(r"(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*元?", word)
    return number.group(1).replace(",", "") if number else None

# spaces JSON does not read as spaces: what each is, and its fix
_ODD_SPACES = {
    "\u3000": (Said("a full-width space where JSON reads only ordinary spaces", "这里是全角空格，JSON 只认普通空格"),
                Said("replace it with an ordinary space, or delete it (a Chinese input method types full-width ones)",
                     "请改为普通（半角）空格或删去（全角空格是中文输入法打出的）")),
    "\u00a0": (Said("a no-break space (U+00A0) where JSON reads only ordinary spaces",
                     "这里是不间断空格（U+00A0），JSON 只认普通空格"),
                Said("replace it with an ordinary space, or delete it", "请改为普通（半角）空格或删去")),
    "\u200b": (Said("a zero-width space (U+200B), which cannot be seen, where JSON reads only ordinary spaces",
                     "这里是看不见的零宽空格（U+200B），JSON 只认普通空格"),
                Said("replace it with an ordinary space, or delete it (text copied from a web page or a chat brings "
                     "it)", "请改为普通（半角）空格或删去（从网页或聊天软件复制文字时会带进来）")),
}
# characters an editor shows as nothing, or as a line break, which `str.strip` and `\s` take for white space and JSON
# does not: a line of JSON Lines holding one alone is a bad record (`engine.jsonsource.blank_to_json`)
_INVISIBLE = {"\u2028": ("a line separator", "行分隔符"), "\u2029": ("a paragraph separator", "段落分隔符"),
              "\x85": ("a next-line character", "下一行符"), "\x1c": ("a file separator", "文件分隔符"),
              "\x1d": ("a group separator", "组分隔符"), "\x1e": ("a record separator", "记录分隔符"),
              "\x1f": ("a unit separator", "单元分隔符"), "\x0b": ("a vertical tab", "垂直制表符"),
              "\x0c": ("a form feed", "换页符")}
_ODD_SPACES.update({
    odd: (Said(f"{name} (U+{ord(odd):04X}), which cannot be seen, where JSON reads only ordinary spaces",
               f"这里是看不见的{zh}（U+{ord(odd):04X}），JSON 只认普通空格"),
          Said("replace it with an ordinary space, or delete it", "请改为普通（半角）空格或删去"))
    for odd, (name, zh) in _INVISIBLE.items()})
_WIDE = {"：": ":", "，": ",", "“": '"', "”": '"', "＂": '"', "｛": "{", "｝": "}", "［": "[", "］": "]", "；": ",",
         "、": ",", "【": "[", "】": "]"}  # (`、`, the enumeration comma, between items; `【】`, typed for `[]`)


# the help of JSON text that stops where no slip of hand editing is known: every other help of `read_json` says what
# to write there, which `policy batch`'s summary gives with its example (`Diagnostic.summarized`)
_CHECK_NEAR = Said("check the brackets, commas and quotes near there", "请检查该处附近的括号、逗号和引号")


def _not_json(message: Said, help: Said, span: Span | None, source: str, at: tuple[str, int] | None) -> Diagnostic:
    """H001 at `span` when the text's place in its file is known (`at`); else the line and column are said. Its help
    is summarized, unless it is only to check near there (`_CHECK_NEAR`)."""
    summarized = help is not _CHECK_NEAR
    if at is not None or span is None:
        return Diagnostic.said("H001", message, span, help=help, source_file=source, summarized=summarized)
    where = Said(f"line {span.line}, column {span.column}", f"第 {span.line} 行第 {span.column} 列")
    return Diagnostic.said("H001", Said(f"{message.en} ({where.en})", f"{message.zh}（{where.zh}）"), None,
                           help=help, source_file=source, summarized=summarized)


_YAML_KIND = re.compile(r"^(?:policy|cases)[ \t]*:", re.MULTILINE)


POLICY_GIVEN = Said("to apply this policy, give it with --policy", "要使用这份政策，请用 --policy 指定它")


def other_kind(text: str, source: str, policy_given: Said | None = None) -> Diagnostic | None:
    """When text that is not JSON is a policy or a file of test cases in YAML, the finding that says so;
    `policy_given`: how the command takes a policy, for the help of a policy (`--policy`, as `policy eval` takes it).

    The YAML is parsed only when a line starts with `policy:` or `cases:`, which no JSON line does: a bad
    record of a batch costs one search of its text, no more."""
    if _YAML_KIND.search(text) is None:
        return None
    from engine.yamlsource import load_yaml

    try:
        doc = load_yaml(text.encode("utf-8"), source)
    except PolicyError:
        return None
    data = doc.data
    if not isinstance(data, dict):
        return None
    if "cases" in data:
        name = Said(shell_word(source), shell_word(source)) if not source.startswith("<") else Said("FILE", "文件")
        return Diagnostic.said(
            "H001", Said("this is a file of test cases, not a household", "这是测试用例文件，不是家庭"),
            doc.span(("cases",), key=True), source_file=source,
            help=Said(f"run its cases with `policy test {name.en}`; a household is a JSON file like {EXAMPLE}",
                      f"用 `policy test {name.zh}` 运行其中的用例；家庭是像 {EXAMPLE} 这样的 JSON 文件"))
    if isinstance(data.get("policy"), dict):
        return Diagnostic.said(
            "H001", Said("this is a policy, not a household", "这是政策文件，不是家庭"),
            doc.span(("policy",), key=True), source_file=source,
            help=Said(f"a household is a JSON file like {EXAMPLE}; {(policy_given or POLICY_GIVEN).en}",
                      f"家庭是像 {EXAMPLE} 这样的 JSON 文件；{(policy_given or POLICY_GIVEN).zh}"))
    return None
