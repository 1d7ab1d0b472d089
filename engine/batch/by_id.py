"""Households of a batch input picked out by id: the one a caseworker visits, out of a county's export.

Input: an `Input` of `engine.batch.readers` (CSV tables, Parquet, JSON Lines, a folder; compressed or not) and
the ids asked for. Output: the records of those households in input order, exactly as `policy batch` reads them
(`households_with`), so a bad one carries the problem the batch would write; a table's first few households
(`first_households`); and, for an id no record has, the ids of the input near it (`near_ids`).
Invariants: a household not asked for is never built. Plain CSV tables are cut as the batch cuts them and only
the chunks that hold a household asked for are read; other tables are read once each for the ids that join them,
only the rows of the households asked for kept aside to become a record (`CsvTables.households_with`). Parquet is
searched in its `id` column and only the rows found are read whole. A JSON line is parsed only when its bytes hold
the id as JSON writes it (or an escape, which may write it otherwise), and only a block of lines that holds it is
cut into lines. The input is read to its end, so an id two records hold is found twice — but an id cannot be two
households of CSV tables (the first row of an id `households.csv` holds twice is a bad record that names the
others, and the records end there once each id asked for has been met). The ids of the whole input are read again
only when an id is not found, to say which were meant.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from engine.batch.readers import Input, JsonLines, Record
from engine.household import household_id
from engine.jsonsource import skipped_line
from engine.spelling import closest_ones, loose_id

FEW = 10  # the households of a table `policy eval` decides without --household; beyond, it asks which


def households_with(source: Input, ids: Collection[str]) -> Iterator[Record]:
    """The records of the households whose id is one of `ids`, in input order (a bad record among them when the
    batch would find it bad: its id as the reader knows it, or a JSON line that cannot be read but names the id)."""
    from engine.batch.csv_tables import CsvTables
    from engine.batch.parquet_input import ParquetFolder, ParquetHouseholds

    wanted = frozenset(ids)
    if isinstance(source, CsvTables):
        return source.households_with(wanted)
    if isinstance(source, ParquetHouseholds | ParquetFolder):
        return source.rows_with(wanted)
    if type(source) is JsonLines:  # only the lines that may hold one of them are taken out of the file
        name = str(source.path)
        written = [*(orjson.dumps(hid) for hid in wanted), b"\\"]  # (an escape may write an id otherwise)
        lines = (Record.json_line(name, number, text) for number, text in _lines_holding(source.path, written))
        return _records_with(lines, wanted)
    return _records_with(source.records(), wanted)


def first_households(source: Input, most: int = FEW) -> tuple[list[Record], bool]:
    """The first `most` households of an input with the rows of no household among them (CSV), as the batch reads
    them; and whether the input holds more households than that (then it is read no further)."""
    from engine.batch.csv_tables import CsvTables

    records = source.households_with(None, strays=True) if isinstance(source, CsvTables) else source.records()
    taken: list[Record] = []
    households = 0
    for record in records:
        if not record.stray:
            households += 1
            if households > most:
                return taken, True
        taken.append(record)
    return taken, False


def _records_with(records: Iterable[Record], wanted: frozenset[str]) -> Iterator[Record]:
    needles = [orjson.dumps(hid) for hid in wanted]
    for record in records:
        if record.problem is not None:
            if record.household in wanted:
                yield record
        elif record.raw is not None:
            raw = record.raw
            named = _holds(raw, needles)
            if not named and raw.find(b"\\") < 0:
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError:  # a line the batch cannot read either: shown when it names the id
                if named:
                    yield record
                continue
            if household_id(data) in wanted:
                yield record
        elif household_id(record.data) in wanted:
            yield record


_BLOCK = 1 << 22


def _lines_holding(path: Path, needles: Sequence[bytes]) -> Iterator[tuple[int, bytes]]:
    """The number and text of each line of a JSON Lines file that holds one of `needles` (None: each line that is
    not blank), numbered and cut as `JsonLines.records` numbers and cuts them. The file is searched a block of
    whole lines at a time, and only a block that holds a needle is cut into its lines."""
    number, rest = 1, b""  # the line a block starts on, and the part of a line the block before ended in
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            text = rest + block
            if block:
                cut = text.rfind(b"\n") + 1
                text, rest = text[:cut], text[cut:]
            if not needles or _holds(text, needles):
                for at, line in enumerate(text.split(b"\n"), number):
                    if _holds(line, needles) if needles else not skipped_line(line, at == 1):
                        yield at, line.rstrip(b"\r")
            number += text.count(b"\n")
            if not block:
                return


def _holds(text: bytes, needles: Sequence[bytes]) -> bool:
    """Whether `text` holds one of `needles`: looked for with `find`, as `in` first tries bytes as a number and words
    the error it then drops (twice the instructions of the search, for every line)."""
    find = text.find
    return any(find(needle) >= 0 for needle in needles)


# -- the ids meant --------------------------------------------------------------------------


class NearIds:
    """What the ids of an input say of ids not found in it: how many households it holds, its first ids, and for
    each id not found those written alike (`DS-42`, `ds-0042` and `DS 0042` for `DS-0042`: case, separators,
    leading zeros) or, in an input of up to `COMPARED` households, the one closest to it (a slip: `DS-0024`)."""

    COMPARED = 20_000  # ids compared one by one (about 0.3 s for 10,000); beyond, only ids written alike
    SHOWN = 3

    def __init__(self, missing: Iterable[str]):
        self.missing = list(dict.fromkeys(missing))
        self._keys: dict[str, list[str]] = {}
        for hid in self.missing:
            self._keys.setdefault(loose_id(hid), []).append(hid)
        self._alike: dict[str, list[str]] = {hid: [] for hid in self.missing}
        self._met: list[str] | None = []  # every id met, while they are few enough to compare
        self.first: list[str] = []
        self.households = 0

    def meet(self, hid: Any) -> None:
        """One household of the input, by its id (None, or not a text, when it has none)."""
        self.households += 1
        if not isinstance(hid, str) or not hid:
            return
        if len(self.first) < self.SHOWN:
            self.first.append(hid)
        for missing in self._keys.get(loose_id(hid), ()):
            alike = self._alike[missing]
            if hid != missing and hid not in alike and len(alike) < self.SHOWN:
                alike.append(hid)
        if self._met is not None:
            if len(self._met) < self.COMPARED:
                self._met.append(hid)
            else:
                self._met = None

    def meant(self, hid: str) -> list[str]:
        """The ids of the input that `hid` (not found) may be meant as: those written alike, else the closest (each
        of several as close)."""
        alike = self._alike.get(hid, [])
        if alike or self._met is None:
            return list(alike)
        return closest_ones(hid, {m: m for m in self._met}, lambda _: True)  # every one as close: none picked


def near_ids(source: Input, missing: Iterable[str]) -> NearIds:
    """`NearIds` of the ids of an input, read again for ids not found in it."""
    near = NearIds(missing)
    for hid in ids_of(source):
        near.meet(hid)
    return near


def ids_of(source: Input) -> Iterator[Any]:
    """The id of each household of an input, in order (None for one with no id a text gives)."""
    from engine.batch.csv_tables import CsvTables
    from engine.batch.parquet_input import ParquetFolder, ParquetHouseholds

    if isinstance(source, CsvTables | ParquetHouseholds | ParquetFolder):
        yield from source.ids()
        return
    if type(source) is JsonLines:
        yield from (_raw_id(text) for _, text in _lines_holding(source.path, ()))
        return
    yield from (record_id(record) for record in source.records() if not record.stray)


def record_id(record: Record) -> str | None:
    """The id of a household as read, before validation (None when it has none that is a text)."""
    if record.problem is not None:
        return record.household
    if record.raw is not None:
        return _raw_id(record.raw)
    return household_id(record.data)


_FIRST_ID = re.compile(rb'[\xef\xbb\xbf \t]*\{\s*"id"\s*:\s*("(?:[^"\\]|\\.)*")')


def _raw_id(raw: bytes) -> str | None:
    """The id of a household's JSON text: read off its start when `id` is its first key, as exports write it."""
    first = _FIRST_ID.match(raw)
    try:
        if first is not None:
            return str(orjson.loads(first.group(1)))
        return household_id(orjson.loads(raw))
    except orjson.JSONDecodeError:
        return None

