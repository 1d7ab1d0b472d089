"""JSON text → where a value or a key of it is, to point at a mistake in a household file.

Input: the text of a JSON document that has already been read (by `engine.household_input.read_json`
or orjson, so it is valid JSON), the file it is in and the line of that file it starts on (a
line of JSON Lines starts on its own line). Output: the `Span` of the value, or of the key, at
a path such as ("members", 1, "birth_date"); for an item of a list (`JsonItem`), at a path within it; a record's
findings at their places in its text (`findings_in_text`), as `policy batch` and `policy monitor ingest` give them.
Invariants: nothing is scanned until a span is asked for, so a valid household costs nothing;
only the containers along the path asked for are walked, each once, and every value beside
the path is skipped by the C decoder. Lines and columns count as the JSON decoder's own
messages count them: a line ends at `\\n`, a column is a character, both from 1, and a
byte-order mark is not a column.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, AnyStr, Protocol

from engine.diagnostics import Span

if TYPE_CHECKING:
    from engine.diagnostics import Diagnostic
    from engine.household import HouseholdError

Path = tuple[str | int, ...]
# where a value is in the text: its key (none for a list item or the document) and the value itself
_Entry = tuple[int, int, int, int]  # key start, key end, value start, value end (offsets; end exclusive)

_SPACE = re.compile(r"[ \t\n\r]*")
# a JSON token: a string, a bare word (a number, `true`, `NaN`) or a bracket, colon or comma
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[^\s\[\]{}:,"]+|[\[\]{}:,]')
_SKIPPER = json.JSONDecoder(parse_int=len, parse_float=len, parse_constant=len)  # values skipped, never kept


def blank_to_json(text: str | bytes) -> bool:
    """Whether a text (a line of JSON Lines) holds nothing but JSON's white space — spaces, tabs, `\\r`, `\\n` —, a
    line `policy eval` and `policy batch` both skip; not a line of U+2028, U+2029, U+0085, `\\x1c`–`\\x1f`, `\\v` or
    `\\f`, which `str.strip` (or `bytes.strip`: `\\v`, `\\f`) takes for white space and JSON does not: a bad record."""
    return not (text.strip(" \t\r\n") if isinstance(text, str) else text.strip(b" \t\r\n"))


def without_marks(text: AnyStr) -> AnyStr:
    """The text without the byte-order marks it starts with, every one of them (an export that wrote its mark before
    text that had one already), as `policy eval` and `policy batch` both read a file; a mark further in is the
    text's."""
    if isinstance(text, str):
        return text.lstrip("\ufeff")
    while text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    return text


def json_start(text: bytes, spaces: bytes = b" \t\r\n") -> bytes:
    """The text from where its JSON starts: past the byte-order marks and the `spaces` (JSON's white space) it opens
    with, in any mix, each mark passed over whole (`without_marks`), never byte by byte as a set of bytes."""
    while True:
        rest = without_marks(text.lstrip(spaces))
        if len(rest) == len(text):
            return text
        text = rest


def skipped_line(line: AnyStr, first: bool) -> bool:
    """Whether a line of JSON Lines is skipped, by `policy eval` and `policy batch` alike: blank to JSON
    (`blank_to_json`), or, being the file's `first` line, holding its byte-order marks alone (an export that writes the
    mark on a line of its own): not a household, nor a bad record."""
    return blank_to_json(without_marks(line) if first else line)


def first_json_text(lines: Iterable[bytes]) -> bytes:
    """The first line that holds JSON text (empty when there is none), which tells whether a file is JSON Lines or one
    document written over many lines: not a line of white space of any kind — a form feed, U+2028 — or of
    byte-order marks alone, which no JSON starts with, whether it is then skipped or told as a bad record."""
    return next((line for line in lines
                 if line.decode("utf-8", errors="replace").replace("\ufeff", "").strip()), b"")


def _after_space(text: str, at: int) -> int:
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]  # the pattern matches the empty text


class JsonText:
    """A JSON document's text, with the spans of its values looked up by path."""

    def __init__(self, text: str | bytes, file: str, line: int = 1):
        self._given = text
        self.file = file
        self.line = line
        self._text: str | None = None
        self._line_starts: list[int] = []
        self._root: _Entry | None = None  # the document itself
        self._entries: dict[Path, dict[str | int, _Entry]] = {}

    @property
    def text(self) -> str:
        if self._text is None:
            given = self._given.decode("utf-8", errors="replace") if isinstance(self._given, bytes) else self._given
            self._text = given.lstrip("\ufeff")
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self._text))]
        return self._text

    def span(self, path: Path, key: bool = False) -> Span | None:
        """The span of the value at `path` — of its key, with `key` — or None when the text has no such value."""
        entry = self._entry(path)
        if entry is None:
            return None
        start, end = entry[:2] if key and path and isinstance(path[-1], str) else entry[2:]
        return self._span(start, end)

    def spot(self, bare: str | None = None, repeated_key: str | None = None) -> Span | None:
        """The span of the first bare word `bare` (`NaN`, a number as written), or of the first key
        `repeated_key` given twice in one map: what the reader refused, which has no path to look it up by."""
        text = self.text
        keys: list[set[str] | None] = []  # of each open container, the keys met so far (None: a list)
        for match in _TOKEN.finditer(text):
            token = match.group()
            if token in ("{", "["):
                keys.append(set() if token == "{" else None)
            elif token in ("}", "]"):
                if keys:
                    keys.pop()
            elif token[0] != '"':
                if token == bare:
                    return self._span(match.start(), match.end())
            elif repeated_key is not None and keys and keys[-1] is not None \
                    and text.startswith(":", _after_space(text, match.end())):
                try:
                    name = json.loads(token)
                except ValueError:
                    continue
                if name == repeated_key and name in keys[-1]:
                    return self._span(match.start(), match.end())
                keys[-1].add(name)
        return None

    def written(self, path: Path) -> str | None:
        """The text of the value at `path` as written, or None when the text has no such value."""
        entry = self._entry(path)
        return None if entry is None else self.text[entry[2]:entry[3]]

    def items(self) -> list[tuple[str, int]]:
        """Each item of the list the document is, as a text of its own with the line of the file it starts on: spaces
        stand for what is before it on that line, so that its columns are the file's (none, for any other
        document)."""
        root = self._entry(())
        if root is None or not self.text.startswith("[", root[2]):
            return []
        items = []
        for _, _, start, end in self._children(root[2]).values():
            line, column = self._place(start)
            items.append((" " * (column - 1) + self.text[start:end], line))
        return items

    def _span(self, start: int, end: int) -> Span:
        line, column = self._place(start)
        end_line, end_column = self._place(end)
        return Span(self.file, line, column, end_line, end_column)

    def _entry(self, path: Path) -> _Entry | None:
        text = self.text
        try:
            if self._root is None:
                start = _after_space(text, 0)
                self._root = (start, start, start, _SKIPPER.raw_decode(text, start)[1])
            entry = self._root
            for depth, part in enumerate(path):
                entries = self._entries.get(path[:depth])
                if entries is None:
                    entries = self._entries[path[:depth]] = self._children(entry[2])
                found = entries.get(part)
                if found is None:
                    return None
                entry = found
        except (ValueError, IndexError, RecursionError):  # not the text the household was read from
            return None
        return entry

    def _children(self, at: int) -> dict[str | int, _Entry]:
        """The entries of the map or list that starts at offset `at` (none for any other value)."""
        text = self.text
        opening = text[at]
        if opening not in "{[":
            return {}
        closing = "}" if opening == "{" else "]"
        entries: dict[str | int, _Entry] = {}
        position = _after_space(text, at + 1)
        while text[position] != closing:
            if opening == "{":
                key_start = position
                name, key_end = _SKIPPER.raw_decode(text, key_start)
                position = _after_space(text, key_end) + 1  # past the `:`
            else:
                name, key_start, key_end = len(entries), position, position
            value_start = _after_space(text, position)
            value_end = _SKIPPER.raw_decode(text, value_start)[1]
            entries[name] = (key_start, key_end, value_start, value_end)
            position = _after_space(text, value_end)
            if text[position] == ",":
                position = _after_space(text, position + 1)
        return entries

    def _place(self, offset: int) -> tuple[int, int]:
        """The line (of the file) and the column of the character at `offset`."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return self.line + index, offset - self._line_starts[index] + 1


class JsonItem:
    """An item of the list a JSON document holds, looked up in the document's `JsonText` — so that the items of one
    list share one walk of it — with its spans named as the item is (`list.json[3]`)."""

    def __init__(self, text: JsonText, index: int, name: str):
        self.text, self.index, self.name = text, index, name

    def span(self, path: Path, key: bool = False) -> Span | None:
        """The span of the value at `path` within the item — of its key, with `key` —, or None."""
        span = self.text.span((self.index, *path), key)
        return None if span is None else dataclasses.replace(span, file=self.name)


class ListedRecord(Protocol):
    """A record that may be an item of a `.json` file's list: its `source`, and the file and its index (`item`)."""

    @property
    def source(self) -> str: ...
    @property
    def item(self) -> tuple[str, int] | None: ...


class PlacedRecord(ListedRecord, Protocol):
    """A record read from JSON, as `policy batch` and `policy monitor ingest` read one: its text and where it starts,
    or, an item of a `.json` file's list, the file and its index."""

    @property
    def raw(self) -> bytes | None: ...
    @property
    def text_at(self) -> tuple[str, int] | None: ...


def findings_in_text(record: PlacedRecord, error: HouseholdError, by_item: bool = True) -> list[Diagnostic]:
    """The error's findings, at their lines and columns in the record's JSON text when it has one (an item of a
    `.json` file's list: in that file, read again, named with the item's index as before — or, not `by_item`, with
    the file's name, as `policy eval` names them, whose lines are shown under them)."""
    if record.item is not None:
        try:
            return error.located(item_text(record, by_item))
        except OSError:  # gone since it was read: the findings as they are
            return error.diagnostics
    if record.raw is None or record.text_at is None:
        return error.diagnostics
    return error.located(JsonText(record.raw, *record.text_at))


def item_text(record: ListedRecord, by_item: bool = True) -> JsonItem:
    """The text of an item of a `.json` file's list of households, to locate its findings: the file is read and
    walked once for all its bad items (a process's last such file is kept: its bad records are few)."""
    from pathlib import Path

    global _last_list
    assert record.item is not None
    path, index = record.item
    if _last_list is None or _last_list[0] != path:
        _last_list = (path, JsonText(Path(path).read_bytes(), path))
    return JsonItem(_last_list[1], index, record.source if by_item else path)


_last_list: tuple[str, Any] | None = None  # the file `item_text` read last, and its `JsonText`
