"""Households picked out of a batch input by id (`engine.batch.by_id`): the records the batch reads, no others built."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

import engine.batch.by_id as by_id
from engine.batch.by_id import first_households, households_with, near_ids
from engine.batch.csv_layout import CsvLayout
from engine.batch.csv_tables import write_households_csv
from engine.batch.parquet_input import ParquetHouseholds
from engine.batch.parquet_layout import write_households_parquet
from engine.batch.readers import JsonLines, Record, open_input
from engine.loader import load_policy
from engine.sample import households
from tests.helpers import ROOT, interleaved, sent_row_by_row

POST = load_policy(ROOT / "policy" / "post-transition.yaml")[0]


def sample(n: int) -> list[dict[str, Any]]:
    return list(households(n, 3, datetime.date(2026, 3, 1)))


def _as_read(record: Record) -> tuple[Any, ...]:
    """What a record says of its household, its place and its problem."""
    data = json.loads(record.raw) if record.raw is not None else record.data
    return record.number, record.source, data, record.places, record.problem


def _written(kind: str, folder: Path, items: list[dict[str, Any]]) -> Path:
    if kind == "csv":
        write_households_csv(items, folder / "tables", POST)
        return folder / "tables"
    if kind == "rowwise csv":  # not plain: read row by row
        write_households_csv(items, folder / "tables", POST)
        return sent_row_by_row(folder / "tables")
    if kind == "mixed csv":  # member and line rows in any order: read as columns, gathered in household order
        write_households_csv(items, folder / "tables", POST)
        return interleaved(folder / "tables")
    if kind == "parquet":
        write_households_parquet(items, folder / "h.parquet", POST)
        return folder / "h.parquet"
    path = folder / "h.jsonl"
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["csv", "rowwise csv", "mixed csv", "parquet", "jsonl"])
def test_the_households_asked_for_are_the_records_the_batch_reads_in_input_order(tmp_path, kind):
    items = sample(60)
    source = open_input(_written(kind, tmp_path, items), [POST])
    every = {_as_read(r)[2]["id"]: _as_read(r) for r in source.records()}
    wanted = [items[41]["id"], items[7]["id"], "NOBODY"]
    found = [_as_read(r) for r in households_with(source, wanted)]
    assert found == [every[items[7]["id"]], every[items[41]["id"]]]


@pytest.mark.parametrize("kind", ["csv", "rowwise csv", "mixed csv", "parquet", "jsonl"])
def test_no_household_but_those_asked_for_is_built(tmp_path, kind, monkeypatch):
    from engine.batch.csv_columns import households_in

    items = sample(60)
    source = open_input(_written(kind, tmp_path, items), [POST])
    if kind.endswith("csv"):  # plain tables are cut into chunks as the batch cuts them; others read row by row
        assert (households_in(source, []) is None) == (kind == "rowwise csv")  # type: ignore[arg-type]
    built: list[Any] = []
    if kind.endswith("csv"):
        record = CsvLayout.record
        monkeypatch.setattr(CsvLayout, "record", lambda self, *rows: built.append(rows[1]) or record(self, *rows))
    elif kind == "parquet":
        rows = ParquetHouseholds.rows_as_records
        monkeypatch.setattr(ParquetHouseholds, "rows_as_records",
                            staticmethod(lambda table, *rest: built.extend(table.column("id").to_pylist())
                                         or rows(table, *rest)))
    else:
        line = Record.json_line.__func__  # type: ignore[attr-defined]
        monkeypatch.setattr(Record, "json_line",
                            classmethod(lambda cls, name, number, text: built.append(number) or line(cls, name,
                                                                                                      number, text)))
    assert [r.source for r in households_with(source, [items[30]["id"]])]
    assert len(built) == 1, built


def test_a_json_line_is_parsed_only_when_its_bytes_may_hold_the_id(tmp_path, monkeypatch):
    items = sample(40)
    items[12]["address"] = "\\u4e1c"  # a backslash: the line may write the id with an escape, so it is read
    path = tmp_path / "h.jsonl"
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    parsed: list[bytes] = []
    loads = by_id.orjson.loads

    class Counting:
        JSONDecodeError = by_id.orjson.JSONDecodeError

        @staticmethod
        def loads(raw: bytes) -> Any:
            parsed.append(raw)
            return loads(raw)

        dumps = staticmethod(by_id.orjson.dumps)

    monkeypatch.setattr(by_id, "orjson", Counting)
    found = list(households_with(JsonLines(path), [items[25]["id"]]))
    assert [json.loads(r.raw)["id"] for r in found] == [items[25]["id"]]
    assert [json.loads(raw)["id"] for raw in parsed] == [items[12]["id"], items[25]["id"]]


def test_an_id_two_json_lines_hold_is_found_twice_and_a_line_that_cannot_be_read_when_it_names_it(tmp_path):
    items = sample(5)
    texts = [json.dumps(h) for h in items]
    texts.insert(3, texts[1])
    texts.append(texts[2][:-9])  # cut off: not JSON, but it names its household
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    found = list(households_with(JsonLines(path), [items[1]["id"], items[2]["id"]]))
    assert [r.source for r in found] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:7"]


def test_a_csv_household_asked_for_is_the_batch_s_bad_record_when_the_batch_would_refuse_it(tmp_path):
    items = sample(8)
    folder = _written("csv", tmp_path, items)
    table = folder / "households.csv"
    rows = table.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join([*rows, rows[3]]) + "\n", encoding="utf-8")  # the third household's row twice: not plain
    found = list(households_with(open_input(folder, [POST]), [items[2]["id"], items[4]["id"]]))
    assert [(r.household or r.data["id"], r.problem.code if r.problem else None) for r in found] == [
        (items[2]["id"], "H005"), (items[4]["id"], None)]
    assert found[0].problem is not None and "(lines 4, 10)" in found[0].problem.message


@pytest.mark.parametrize("kind", ["csv", "rowwise csv", "mixed csv", "parquet", "jsonl"])
def test_a_table_gives_its_first_households_and_says_when_it_holds_more(tmp_path, kind):
    items = sample(12)
    source = open_input(_written(kind, tmp_path, items), [POST])
    taken, more = first_households(source, 12)
    assert [_as_read(r)[2]["id"] for r in taken] == [h["id"] for h in items] and not more
    taken, more = first_households(source, 11)
    assert len(taken) == 11 and more


@pytest.mark.parametrize("kind", ["csv", "parquet", "jsonl"])
def test_an_id_not_found_is_matched_with_those_written_alike_or_else_the_closest(tmp_path, kind):
    items = sample(30)
    for i, h in enumerate(items):
        h["id"] = f"DS-{i + 1:04d}"
    source = open_input(_written(kind, tmp_path, items), [POST])
    near = near_ids(source, ["ds 12", "DS-00017", "DS-0310", "XYZ"])
    assert near.households == 30 and near.first == ["DS-0001", "DS-0002", "DS-0003"]
    assert near.meant("ds 12") == ["DS-0012"]  # case, separators and leading zeros
    assert near.meant("DS-00017") == ["DS-0017"]
    assert near.meant("DS-0310") == ["DS-0010"]  # a slip: the closest (`engine.spelling.closest`)
    assert near.meant("XYZ") == []


def test_an_id_is_compared_one_by_one_only_in_a_smaller_input(monkeypatch):
    monkeypatch.setattr(by_id.NearIds, "COMPARED", 3)
    near = by_id.NearIds(["DS-0024"])
    for hid in ["DS-0042", "DS-0001", "ds-24"]:
        near.meet(hid)
    assert near.meant("DS-0024") == ["ds-24"]
    near.meet("DS-0025")  # a fourth: the ids are no longer kept, only those written alike are looked for
    assert near.meant("DS-0024") == ["ds-24"] and by_id.NearIds(["X"]).meant("X") == []


@pytest.mark.parametrize("block", [1, 2, 5, 64])
def test_json_lines_searched_in_blocks_are_numbered_and_cut_as_the_batch_reads_them(tmp_path, monkeypatch, block):
    monkeypatch.setattr(by_id, "_BLOCK", block)
    path = tmp_path / "h.jsonl"
    path.write_bytes(b'{"id":"A"}\r\n\n  \n{"id":"B"}\n\x0c\n{"id":"A","x":"\\u0041"}\n{"id":"C"}')
    every = [(r.number, r.raw) for r in JsonLines(path).records()]
    assert list(by_id._lines_holding(path, ())) == every
    assert [number for number, _ in every] == [1, 4, 5, 6, 7]  # `\f` alone: not blank to JSON, a record
    assert list(by_id._lines_holding(path, [b'"A"', b"\\"])) == [every[0], every[3]]
    assert [hid for hid in by_id.ids_of(JsonLines(path))] == ["A", "B", None, "A", "C"]


def _tricky_tables(folder: Path, items: list[dict[str, Any]], ends: str = "\n") -> Path:
    """Tables that are not plain, holding what the row reader reads past or refuses: a quoted cell, a quoted line
    break, a blank line, a row of empty cells, the header again, a row of no household, an id two rows hold, rows of
    a household not together, an id written with spaces, text that is not UTF-8."""
    tables = folder / "tables"
    write_households_csv(items, tables, POST)
    ids = [h["id"] for h in items]
    read = {name: (tables / name).read_bytes().decode().splitlines() for name in ("households.csv", "members.csv",
                                                                                    "lines.csv")}

    def rows_of(name: str, hid: str) -> list[str]:
        return [row for row in read[name][1:] if row.split(",", 1)[0] == hid]

    households = [read["households.csv"][0]]
    for i, hid in enumerate(ids):
        row = rows_of("households.csv", hid)[0]
        households.append(f'"{hid}",{row.split(",", 1)[1]}' if i == 0 else row)
        if i == 9:
            households.append(rows_of("households.csv", ids[5])[0])  # H005: two rows hold the id
        if i == 12:
            households.append(read["households.csv"][0])  # the header again
    members = [read["members.csv"][0]]
    for i, hid in enumerate(ids):
        own = rows_of("members.csv", hid)
        if i == 2:
            own.insert(1, "")  # a blank line within the household's rows
        if i == 8:
            held_back = own.pop()  # put after the next household's rows: not together (H004)
        if i == 9:
            own.append(held_back)
        if i == 10:
            own[0] = own[0].replace(",head,", ",h\udce9ad,")  # not UTF-8 (H001)
        if i == 11:
            cells = own[0].split(",")
            own[0] = ",".join([*cells[:6], '"a line\nbroken"', *cells[7:]])  # a quoted line break: a row, two lines
        members += own
        if i == 3:
            members.append(read["members.csv"][0])  # the header again
        if i == 6:
            members.append("NOBODY,p1,head,1980-01-01,male,,,full,false,none,able")
    lines = [read["lines.csv"][0]]
    for i, hid in enumerate(ids):
        own = rows_of("lines.csv", hid)
        if i == 12:
            own.insert(1, ",,,,")
        if i == 13:
            own[-1] = own[-1].replace(hid, f"{hid}   ", 1)  # the id written with spaces (H004)
        lines += own
    for name, rows in (("households.csv", households), ("members.csv", members), ("lines.csv", lines)):
        (tables / name).write_bytes((ends.join(rows) + ends).encode("utf-8", errors="surrogateescape"))
    return tables


@pytest.mark.parametrize(("block", "ends"), [(1 << 20, "\n"), (1 << 20, "\r\n"), (1, "\n"), (1, "\r\n"), (97, "\n"),
                                             (300, "\r\n")])
def test_csv_households_picked_out_of_tables_that_are_not_plain_are_those_the_rows_grouped_one_by_one_give(
        tmp_path, monkeypatch, block, ends):
    import engine.batch.csv_tables as csv_tables
    from engine.batch.csv_columns import households_in
    from engine.batch.csv_tables import CsvTables

    monkeypatch.setattr(csv_tables, "_KEY_BLOCK", block)  # the ids are read a block at a time, most without the reader
    items = sample(16)
    ids = [h["id"] for h in items]
    assert all(h.get("income") or h.get("expenses") for h in items[12:14]) and len(items[8]["members"]) > 1
    source = open_input(_tricky_tables(tmp_path, items, ends), [POST])
    for path, key in ((source.path, "id"), (source.members_path, "household"), (source.lines_path, "household")):
        rows = list(source._rows(path, key))
        kept: dict[str, list[Any]] = {hid: [] for hid, _, _ in rows}
        assert list(source._keys(path, key, kept, every=True)) == [(hid, line) for hid, line, _ in rows]
        assert kept == {hid: [(line, cells) for k, line, cells in rows if k == hid] for hid in kept}
    assert isinstance(source, CsvTables) and households_in(source, ids) is None
    every = list(source.households_with(None))  # grouped row by row, as the batch reads them
    problems = {by_id.record_id(r): r.problem.code if r.problem else None for r in every}
    assert problems == {**dict.fromkeys(ids), ids[5]: "H005", ids[8]: "H004", ids[10]: "H001", ids[13]: "H004"}
    lines_of = {r.data["id"]: [line for _, _, line in r.places] for r in every if r.problem is None}
    assert lines_of[ids[2]][1] == lines_of[ids[2]][0] + 2  # (across the blank line)

    def expected(wanted: list[str]) -> list[tuple[Any, ...]]:
        out, left = [], set(wanted)  # each record of an id asked for, until each has been met
        for record in every:
            if by_id.record_id(record) in wanted:
                out.append(_as_read(record))
                left.discard(by_id.record_id(record))
                if not left:
                    break
        return out

    monkeypatch.setattr(CsvTables, "_entries", lambda self: pytest.fail("the rows were grouped one by one"))
    for wanted in [[hid] for hid in ids] + [[ids[15], ids[5]], ids, ["NOBODY"], [ids[11], "NOBODY", ids[12]]]:
        assert [_as_read(r) for r in households_with(source, wanted)] == expected(wanted), wanted
    assert [_as_read(r) for r in households_with(source, [ids[15], ids[5]])][1][1].endswith("households.csv:12")
    assert list(source.ids()) == [*ids[:10], ids[5], *ids[10:]]


def test_a_cell_longer_than_the_csv_reader_takes_stops_the_reading_of_ids_as_it_stops_the_rows(tmp_path, monkeypatch):
    import csv

    import engine.batch.csv_tables as csv_tables

    monkeypatch.setattr(csv_tables, "_KEY_BLOCK", 64)  # (the block of the header goes to the reader)
    write_households_csv(sample(6), tmp_path / "tables", POST)
    table = tmp_path / "tables" / "members.csv"
    text = table.read_text(encoding="utf-8")
    at = text.index(",,", text.index("\n"))
    table.write_text(text[:at] + "," + "x" * (csv.field_size_limit() + 1) + text[at + 1:], encoding="utf-8")
    source = open_input(tmp_path / "tables", [POST])
    for read in (lambda: list(source._rows(source.members_path, "household")),
                 lambda: list(source._keys(source.members_path, "household"))):
        with pytest.raises(csv.Error, match="field larger than field limit"):
            read()


def test_ids_as_close_as_each_other_are_all_meant():
    near = by_id.NearIds(["SAMPLE-0000999"])
    for i in range(1, 301):
        near.meet(f"SAMPLE-{i:07d}")
    assert near.meant("SAMPLE-0000999") == ["SAMPLE-0000099", "SAMPLE-0000199", "SAMPLE-0000299"]
