"""What `policy eval` reads: the households of each file it is given, ready to be evaluated one by one.

JSON files, JSON Lines and standard input are read here, whole, each finding placed at its line and column; a
file is JSON Lines or one document as `policy batch` judges it (`engine.household_input.json_lines_text`).
CSV tables, Parquet and folders — and, with `--household`, any file but a `.json` one — are read by `policy
batch`'s readers (`engine.batch.readers`), the households asked for picked out of them by
`engine.batch.by_id` without building the others; a bad one is the bad record the batch would write.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from engine.batch.readers import Record
    from engine.diagnostics import Diagnostic, Said, Span
    from engine.household import HouseholdError
    from engine.jsonsource import JsonText


class Read(NamedTuple):
    """A household as read from a file: where it is, its data (or the `HouseholdError` of a record that cannot be
    read), and the JSON text it was read from, with its place in that text (its index in a list); or, read from
    CSV tables, the rows of its members and lines (`Record.places`) and that it was read from cells."""

    source: str
    data: Any
    text: JsonText | None = None
    within: tuple[int, ...] = ()
    places: tuple[tuple[str, str, int], ...] = ()
    cells: bool = False
    headers: tuple[tuple[str, str], ...] = ()  # renamed headers of CSV tables (`engine.batch.readers.Record.headers`)
    parquet: bool = False  # read from Parquet (`engine.batch.readers.Record.parquet`)

    def findings(self, error: HouseholdError) -> list[Diagnostic]:
        """The error's findings, at their lines and columns in the text when there is one, or at the rows of the
        CSV tables they are about."""
        if self.places or self.headers or self.cells:
            return self.at_rows(error.diagnostics)
        return error.diagnostics if self.text is None else error.located(self.text, self.within)

    def at_rows(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Findings placed by path, each at the row of the CSV tables it is about when the household was read
        from them (a warning about a line: the row of lines.csv that holds it)."""
        if not self.places and not self.headers and not self.cells:
            return diagnostics
        from engine.batch.readers import placed

        return [placed(d, self.places, self.headers, self.source) for d in diagnostics]

    def id_among(self, ids: Collection[str]) -> str | None:
        """Which of `ids` is this household's: its id, or, for a record that cannot be read, the id its reader
        knows, or the first of `ids` written in its JSON text (an item of a list: in the item's own); None when none
        is."""
        from engine.household import HouseholdError, household_id

        if not isinstance(self.data, HouseholdError):
            hid = household_id(self.data)
            return hid if hid in ids else None
        if self.data.household_id in ids:
            return self.data.household_id
        own = self.text.written(self.within) if self.text is not None and self.within else None
        text = own if own is not None else self.text.text if self.text is not None else ""
        return next((hid for hid in ids if json.dumps(hid, ensure_ascii=False) in text), None)

    def id_span(self) -> Span | None:
        """Where the household's `id` is in its text, when there is one."""
        return self.text.span((*self.within, "id")) if self.text is not None else None

    def id_place(self) -> str:
        """Where the household's `id` is, as a message names it: `h.json:2:9`, else the record (`households.csv:3`)."""
        span = self.id_span()
        return str(span) if span is not None else self.source

    @classmethod
    def of_record(cls, record: Record, pieces: dict[str, dict[int, str]]) -> Read:
        """A record of `policy batch`'s readers; the JSON text of one goes to `pieces` (by file and first line),
        to underline a finding in it without reading its file again (a million lines, or compressed)."""
        from engine.household import HouseholdError
        from engine.household_input import household_text, read_json
        from engine.jsonsource import JsonText

        if record.problem is not None:
            return cls(record.source, HouseholdError([record.problem], record.household))
        if record.raw is None:
            return cls(record.source, record.data, places=record.places, cells=record.cells, headers=record.headers,
                       parquet=record.parquet)
        file, line = record.text_at or (record.source, 1)
        try:
            text = household_text(record.raw, record.source)
        except HouseholdError as error:
            return cls(record.source, error)
        pieces.setdefault(file, {})[line] = text.lstrip("\ufeff")
        whole = JsonText(text, file, line)
        try:
            return cls(record.source, read_json(text, record.source, (file, line), record.unended), whole)
        except HouseholdError as error:  # kept with its text, which names the id asked for
            return cls(record.source, error, whole)


def pieced(pieces: dict[int, str]) -> list[str]:
    """The lines of a file of which only some records' texts were kept, each at its line (the others empty)."""
    lines: list[str] = []
    for line, text in sorted(pieces.items()):
        lines += [""] * (line - 1 - len(lines))
        lines[line - 1:] = text.split("\n")
    return lines


def by_batch(name: str, ids: Sequence[str]) -> bool:
    """Whether a file is read by `policy batch`'s readers: CSV tables, Parquet, a folder; with ids asked for, any
    file but a `.json` one (JSON Lines, compressed or not, scanned rather than read whole). A compressed file given
    without ids is read here, which says how to decompress it, as a household file may be one document."""
    if name == "-":
        return False
    path = Path(name)
    if path.is_dir():
        return True
    if not path.is_file():
        return False  # said as a file that cannot be read
    if path.suffix.lower() == ".json":
        return False  # a household file: read here, without the batch's modules
    from engine.household_input import csv_named

    if path.suffix.lower() in (".parquet", ".pq") or csv_named(path):
        return True
    return bool(ids) and path.suffix.lower() != ".json"


def read_households(name: str, texts: dict[str, str | list[str]]) -> list[Read]:
    """Each household in a file, a JSON Lines file or standard input; a JSON line that cannot be read gives its
    `HouseholdError` as data, so the lines around it are still evaluated. `texts` gets the text read (or its
    lines, when they have been split), to underline a finding in it: standard input cannot be read again."""
    from engine.diagnostics import Diagnostic, Said
    from engine.household import HouseholdError
    from engine.household_input import household_text, json_lines_text, other_format, other_kind, read_list
    from engine.jsonsource import JsonText, blank_to_json, without_marks

    source = "<stdin>" if name == "-" else name
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    other = other_format(raw, name, source, "policy eval", Said("household JSON", "家庭 JSON"))
    if other is not None:  # read as JSON, each would be a message about its first bytes
        raise HouseholdError([other])
    piped = name == "-"  # read whole: what stops at its end, with no line break after it, was cut off
    try:
        text = household_text(raw, source)
    except HouseholdError:
        if not _read_by_line(name, raw):
            raise
        texts[source], found = _lines_not_all_utf8(raw, source, piped)
        return found
    if json_lines_text(name, io.BytesIO(raw)):  # as `policy batch`, `policy diff` and `policy monitor ingest` judge it
        if not text.lstrip("\ufeff \t\r\n").startswith("{"):  # a policy or test cases, told as batch tells them
            kind = other_kind(text, source)
            if kind is not None:
                raise HouseholdError([kind])
        lines = texts[source] = json_lines_of(without_marks(text))
        unended = len(lines) if piped and not text.endswith(("\n", "\r")) else None
        found = [Read(f"{source}:{i}", _read_line(line, f"{source}:{i}", (source, i), i == unended),
                      JsonText(line, source, i))
                 for i, line in enumerate(lines, 1) if not blank_to_json(line)]
    else:
        texts[source] = text  # before it is read: a syntax error in it is shown on its line
        data = read_list(text, source, (source, 1), piped)  # an item that cannot be read: its `HouseholdError`
        whole = JsonText(text, source)
        found = [Read(f"{source}[{i}]", item, whole, (i,)) for i, item in enumerate(data)] if isinstance(
            data, list) else [Read(source, data, whole)]
    if not found:  # an empty list, or JSON Lines with no line: nothing would be printed, and nothing said
        raise HouseholdError([Diagnostic.said(
            "H002", Said("the file holds no household", "文件中没有家庭"), None, source_file=source,
            help=Said("give one household `{…}`, a list of them `[{…}, …]`, or JSON Lines with one household per line",
                      "请给出一个家庭 `{…}`、家庭列表 `[{…}, …]`，或每行一个家庭的 JSON Lines"))])
    return found


def json_lines_of(text: str) -> list[str]:
    """The lines of JSON Lines text as `policy batch` reads them: split at `\\n` alone, a `\\r` before it dropped;
    not at U+2028, U+2029, U+0085, `\\x1c`–`\\x1e`, `\\v` or `\\f` (`str.splitlines` breaks there), which JSON takes
    unescaped in a text."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def _read_by_line(name: str, raw: bytes) -> bool:
    """Whether household input that is not all UTF-8 is JSON Lines read line by line, as `policy batch` reads it: each
    line that is not UTF-8 a bad record, the lines around it evaluated; not when it is compressed, or in another
    encoding throughout (UTF-16, or mostly GBK: `in_utf8`), which is told once for the whole file."""
    from engine.batch.readers import UTF8_SAMPLE, InputError, in_utf8
    from engine.household_input import compression_of, json_lines_text

    if compression_of(raw) is not None or not json_lines_text(name, io.BytesIO(raw)):
        return False
    try:
        in_utf8(name, raw[:UTF8_SAMPLE])
    except InputError:
        return False
    return True


def _lines_not_all_utf8(raw: bytes, source: str, piped: bool) -> tuple[list[str], list[Read]]:
    """The lines of JSON Lines some of which are not UTF-8 (each such line shown as far as it reads), and the
    household of each line, or the `HouseholdError` of one that is not UTF-8, placed at its byte (`household_text`)
    with how to mend it: retyped, where the other lines hold UTF-8 Chinese."""
    from engine.diagnostics import line_shown, utf8_beyond_ascii
    from engine.household import HouseholdError
    from engine.household_input import holds_utf8_text, household_text
    from engine.jsonsource import JsonText, blank_to_json, without_marks

    written = without_marks(raw).split(b"\n")
    if piped:  # a stream's other lines, as a file's are looked at
        holds_utf8_text(source, raw.startswith(b"\xef\xbb\xbf") or utf8_beyond_ascii(written))
    unended = len(written) if piped and not raw.endswith((b"\n", b"\r")) else None
    lines: list[str] = []
    found: list[Read] = []
    for i, line in enumerate(written, 1):
        line = line.removesuffix(b"\r")
        try:
            lines.append(household_text(line, f"{source}:{i}", (source, i)))
            data = _read_line(lines[-1], f"{source}:{i}", (source, i), i == unended)
        except HouseholdError as error:  # shown as a file's line is (`source_lines`)
            lines.append(line_shown(line))
            data = error
        if not blank_to_json(line):
            found.append(Read(f"{source}:{i}", data, JsonText(lines[-1], source, i)))
    return lines, found


def _read_line(line: str, source: str, at: tuple[str, int], unended: bool) -> Any:
    from engine.household import HouseholdError
    from engine.household_input import read_json

    try:
        return read_json(line, source, at, unended)
    except HouseholdError as error:
        return error


# -- what is said about the households asked for ----------------------------------------


def too_many(name: str, first: str | None, few: int) -> tuple[Said, Said]:
    """The error (and its help) for a table of more than `few` households given without --household."""
    from engine.diagnostics import Said, shell_word

    pick = f"`policy eval {shell_word(name)} --household {shell_word(first) if first else 'ID'}`"
    batch = f"`policy batch {shell_word(name)} -o decisions.jsonl`"
    return (Said(f"{name} holds more than {few} households; `policy eval` decides a few, picked by id",
                 f"{name} 中的家庭多于 {few} 户；`policy eval` 只认定按编号选出的几户"),
            Said(f"name each with `--household`, as in {pick}; or decide them all with {batch}",
                 f"请用 --household 指明每一户，例如 {pick}；或用 {batch} 认定全部家庭"))


def not_found(hid: str, searched: Sequence[tuple[str, int]], meant: Sequence[str],
              first: Sequence[str]) -> tuple[Said, Said | None]:
    """The error (and its help) for an id no household of the files `searched` (each with how many households it
    holds) has; `meant`: the ids it may be meant as, else `first`: the first ids there, to show how they read."""
    from engine.diagnostics import Said
    from engine.spelling import one_of
    from engine.values import listed

    en = listed([f"{name} ({households:,} household{'' if households == 1 else 's'})" for name, households in searched],
                "en", last="or")
    zh = "、".join(f"{name}（共 {households:,} 户）" for name, households in searched)
    said = Said(f"no household has the id `{hid}` in {en}",
                f"{zh}中{'都' if len(searched) > 1 else ''}没有编号为 `{hid}` 的家庭")
    if meant:
        names = one_of(meant)
        return said, Said(f"did you mean {names.en}?", f"是不是 {names.zh}？")
    if first:
        quoted = [f"`{f}`" for f in first]
        return said, Said(f"the first ids there are {', '.join(quoted)}", f"其中前几个编号是 {'、'.join(quoted)}")
    return said, None


def repeated_id(read: Read, hid: str, earlier: str) -> Diagnostic:
    """The warning (H005) at a household's id when an earlier household of the run has that id too (`earlier`: where
    that one's id is, `Read.id_place`), in `policy batch`'s words: both are decided, as two records are."""
    from engine.diagnostics import Diagnostic, Said
    from engine.household_words import DECIDED, OWN_ID

    return Diagnostic.said(
        "H005", Said(f"household id `{hid}` is used by more than one household (also at {earlier})",
                     f"家庭编号 `{hid}` 用在了不止一户（另见 {earlier}）"), read.id_span(), severity="warning",
        path="id", source_file=read.source, help=Said(f"{DECIDED.en}: {OWN_ID.en}", f"{DECIDED.zh}：{OWN_ID.zh}"))
