"""`policy batch`: the same decisions as `policy eval`, every input and output format, bad records kept."""

from __future__ import annotations

import csv
import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from engine.batch.csv_tables import write_households_csv
from engine.batch.parquet_layout import write_households_parquet
from engine.batch.runner import _work as work_a_chunk
from engine.loader import load_policy
from engine.sample import households
from tests.helpers import (
    MINI,
    ROOT,
    decompressed,
    files_of_each_shape,
    glued_options,
    interleaved,
    nulled,
    quotes_nested_alike,
    sent_row_by_row,
)

POST = ROOT / "policy" / "post-transition.yaml"
TRANSITION = ROOT / "policy" / "2024-transition.yaml"
DAY = "2026-03-01"


def sample(n: int, seed: int = 5) -> list[dict[str, Any]]:
    return list(households(n, seed, datetime.date.fromisoformat(DAY)))


def write_jsonl(path: Path, items: list[Any]) -> Path:
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    return path


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_batch_writes_exactly_what_eval_prints(run, tmp_path, engine):
    source = write_jsonl(tmp_path / "in.jsonl", sample(300))
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--engine", engine, "--jobs", 1)
    assert result.exit_code == 0, result.output
    expected = run("eval", source, "--format", "json", "--date", DAY)
    assert out.read_text(encoding="utf-8") == expected.output
    assert "300 households; 300 decisions written" in result.stderr
    assert (tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8") == ""


def test_a_record_dated_where_no_policy_is_in_force_is_a_bad_record_at_its_date(run, tmp_path):
    items = sample(3)
    items[1]["date"] = "2024-01-01"
    source = write_jsonl(tmp_path / "in.jsonl", items)
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2, result.output
    assert [d["household"] for d in lines(tmp_path / "out.jsonl")] == [items[0]["id"], items[2]["id"]]
    (bad,) = lines(tmp_path / "out.jsonl.errors.jsonl")
    (finding,) = bad["diagnostics"]
    text = (tmp_path / "in.jsonl").read_text(encoding="utf-8").splitlines()[1]
    assert (finding["code"], finding["path"], finding["line"]) == ("L008", "date", 2)
    assert finding["column"] == text.index('"2024-01-01"') + 1
    assert finding["message"] == "no policy in policy/ is in force on 2024-01-01, the household's `date`"
    assert finding["help"].endswith("check the household's `date`, or decide it with --policy FILE")


def test_several_processes_give_the_same_bytes_in_input_order(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(700, seed=9))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("batch", source, "-o", one, "--date", DAY, "-j", 1, "--chunk-size", 97).exit_code == 0
    assert run("batch", source, "-o", two, "--date", DAY, "-j", 2, "--chunk-size", 50).exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    assert [d["household"] for d in lines(one)] == [f"SAMPLE-{i:07d}" for i in range(1, 701)]


@pytest.mark.parametrize(("engine", "jobs"), [("fast", 1), ("fast", 2), ("exact", 2)])
def test_a_repeated_household_id_is_decided_each_time_and_warned_of_as_the_docs_show(run, tmp_path, monkeypatch,
                                                                                     engine, jobs):
    items = sample(7)
    items[3] = {**items[0], "date": DAY}  # the first household again (its record differs: it is no copy)
    items[6] = items[5]
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "households.jsonl", items)
    result = run("batch", "households.jsonl", "-o", "out.jsonl", "--date", DAY, "--engine", engine, "-j", jobs,
                 "--chunk-size", 2, "--policy-dir", ROOT / "policy", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert [d["household"] for d in lines(tmp_path / "out.jsonl")] == [h["id"] for h in items]
    warning = result.stderr.splitlines()[-1]
    assert warning == ("warning: 2 household ids occur in more than one record (the first in households.jsonl:1 and "
                       "households.jsonl:4); each record was decided on its own: give every household its own id")
    docs = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    assert warning.replace("2 household ids occur", "1 household id occurs") in docs


def test_the_first_repeated_id_is_named_in_up_to_three_places_then_counted() -> None:
    from engine.batch.repeated_ids import repeated_ids_said

    three = repeated_ids_said(1, ["a.jsonl:1", "b.jsonl:2", "c.jsonl:3"])
    assert three.en.startswith("1 household id occurs in more than one record (the first in a.jsonl:1, b.jsonl:2 and "
                               "c.jsonl:3); ")
    assert three.zh.startswith("有 1 个家庭编号出现在不止一条记录中（第一个见于 a.jsonl:1、b.jsonl:2 和 c.jsonl:3）")
    many = repeated_ids_said(2, ["a.jsonl:1", "b.jsonl:2", "c.jsonl:3", "d.jsonl:4", "e.jsonl:5"])
    assert "(the first in a.jsonl:1, b.jsonl:2 and 3 more)" in many.en
    assert "（第一个见于 a.jsonl:1、b.jsonl:2，另有 3 处）" in many.zh


def test_a_folder_gives_the_households_of_its_json_lines_files_too_in_name_order(run, tmp_path):
    items = sample(6)
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(items[0]), encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join([json.dumps(items[1]), "", "{not json", json.dumps(items[2]),
                                               json.dumps(items[1])]), encoding="utf-8")  # no final newline
    (folder / "c.json").write_text(json.dumps(items[3:5]), encoding="utf-8")
    (folder / "d.jsonl").write_text(json.dumps(items[5], indent=2), encoding="utf-8")  # one document, so named
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1)
    assert result.exit_code == 2, result.stderr  # the bad line
    assert "8 households; 7 decisions written" in result.stderr
    in_order = (items[0], items[1], items[2], items[1], *items[3:])
    assert [d["household"] for d in lines(tmp_path / "out.jsonl")] == [h["id"] for h in in_order]
    assert [e["source"] for e in lines(tmp_path / "out.jsonl.errors.jsonl")] == [f"{folder / 'b.jsonl'}:3"]
    assert f"(the first in {folder / 'b.jsonl'}:1 and {folder / 'b.jsonl'}:5)" in result.stderr


def test_each_file_of_a_folder_is_read_as_json_lines_or_as_one_document_as_it_is_read_alone(run, tmp_path):
    """A `.jsonl` file whose first line is cut off was read, in a folder, as one document: one bad record, the
    household of its second line lost, where given alone it is JSON Lines. A folder's files are read as each is
    read alone (and as `policy diff --households` and `policy monitor ingest` read them)."""
    items = sample(10, seed=4)
    folder = tmp_path / "in"
    shapes = files_of_each_shape(folder, items)
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", folder, "-o", out, "--date", DAY, "-j", 1)
    assert result.stderr.startswith("10 households; 9 decisions written"), result.stderr
    assert [d["household"] for d in lines(out)] == [h["id"] for h in items[:8] + items[9:]]
    assert [e["source"] for e in lines(tmp_path / "out.jsonl.errors.jsonl")] == [f"{folder / 'f-cut.jsonl'}:1"]
    for name, (records, bad) in shapes.items():
        alone = run("batch", "--lang", "en", folder / name, "-o", out, "--date", DAY, "-j", 1)
        errors = lines(tmp_path / "out.jsonl.errors.jsonl")
        assert (len(lines(out)) + len(errors), [e["line"] for e in errors]) == (records, bad), (name, alone.stderr)


def test_a_folders_files_are_each_opened_once_to_judge_how_they_are_read(tmp_path, monkeypatch):
    """A folder's files were each opened two or three times before the run, to see whether it is UTF-16, then whether
    it is JSON Lines (then, for JSON Lines, its first line again): each is opened once, and judged alike."""
    from engine.batch.readers import JsonFolder

    items = sample(10, seed=4)
    folder = tmp_path / "in"
    files_of_each_shape(folder, items)
    (folder / "u.jsonl").write_bytes(json.dumps(items[0]).encode("utf-16-be"))
    opened: list[str] = []
    open_file = Path.open

    def counted(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return open_file(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counted)
    source = JsonFolder(folder)
    read = [f.name for f in source.files()]
    assert sorted(opened) == sorted(read), opened
    monkeypatch.setattr(Path, "open", open_file)
    assert [source.where(r.number) == r.source.partition("[")[0] for r in source.records()].count(False) == 0


def test_a_folders_count_for_the_progress_stands_in_for_the_households_its_list_files_hold(tmp_path):
    """A folder's `.json` file holding a list was counted as one record, so the progress bar's total and time left
    were wrong for a folder of list files (`1,000 of 12 households`). Its households are not known before the list is
    read, and reading every list twice would cost a run as much again: there is no total, and once files are read the
    estimate from their share of the folder's bytes stands in, exact at the end. A folder of no list is counted."""
    from engine.batch.readers import JsonFolder

    items = sample(21, seed=4)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(7):  # lists of the same size, three households each
        (folder / f"l{i}.json").write_text(json.dumps(items[:3]), encoding="utf-8")
    source = JsonFolder(folder)
    assert source.count() is None and source.estimated_count() is None
    read = iter(source.records())
    first = [next(read) for _ in range(4)]  # the first list read whole
    assert source.estimated_count() == 21 and len(first) == 4
    assert len(list(read)) == 17 and source.estimated_count() == 21
    (folder / "c.jsonl").write_text("".join(json.dumps(h) + "\n" for h in items[:2]), encoding="utf-8")
    for i in range(7):
        (folder / f"l{i}.json").write_text(json.dumps(items[i]), encoding="utf-8")
    plain = JsonFolder(folder)
    assert plain.count() == len(list(plain.records())) == 9


def test_a_bad_records_line_in_a_folder_of_json_files_is_its_line_in_its_source(run, tmp_path):
    """`line` was the record's place among the folder's records: line 17 of a file of one line."""
    items = sample(6, seed=5)
    items[1]["members"][0]["birth_date"] = "1950-13-01"
    items[4]["members"][0]["sex"] = "M"
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(items[0], indent=2), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps(items[1], indent=2), encoding="utf-8")
    (folder / "c.jsonl").write_text("\n".join(json.dumps(h) for h in items[2:5]) + "\n", encoding="utf-8")
    (folder / "d.json").write_text("This export was made by the county system\n", encoding="utf-8")
    (folder / "e.json").write_text("[\n" + json.dumps(items[5]) + ",\n", encoding="utf-8")  # a list cut short
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1)
    assert result.exit_code == 2, result.stderr
    bad = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert [(Path(e["source"]).name, e["line"]) for e in bad] == [("b.json", 1), ("c.jsonl:3", 3), ("d.json", 1),
                                                                  ("e.json", 1)]
    assert bad[1]["diagnostics"][0]["line"] == 3  # where the finding is, in the same file
    assert "`line` is the line of `source` the record starts on" in \
        " ".join((ROOT / "docs" / "batch.md").read_text(encoding="utf-8").split())


def test_a_repeated_household_id_is_found_in_parquet_and_json_folders_and_not_where_there_is_none(run, tmp_path):
    items = sample(5)
    write_households_parquet([*items, items[2]], tmp_path / "in.parquet", load_policy(POST)[0])
    result = run("batch", "--lang", "en", tmp_path / "in.parquet", "-o", tmp_path / "out.parquet", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert (f"1 household id occurs in more than one record (the first in {tmp_path / 'in.parquet'}[row 3] and "
            f"{tmp_path / 'in.parquet'}[row 6])") in result.stderr
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(items[:2]), encoding="utf-8")  # a list of two households
    (folder / "b.json").write_text(json.dumps(items[1]), encoding="utf-8")
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "folder.jsonl", "--date", DAY)
    assert f"(the first in {folder / 'a.json'} and {folder / 'b.json'})" in result.stderr
    (folder / "b.json").write_text(json.dumps(items[2]), encoding="utf-8")
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "folder.jsonl", "--date", DAY)
    assert result.exit_code == 0 and "warning" not in result.stderr
    (folder / "a.json").write_text(json.dumps([items[0], items[1], items[0]]), encoding="utf-8")
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "folder.jsonl", "--date", DAY)
    assert f"(the first in 2 records of {folder / 'a.json'})" in result.stderr
    source = write_jsonl(tmp_path / "four.jsonl", [items[0]] * 4)
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "four.out.jsonl", "--date", DAY)
    assert f"(the first in {source}:1, {source}:2 and 2 more)" in result.stderr


@pytest.mark.parametrize(("engine", "jobs"), [("fast", 2), ("exact", 1)])
def test_a_folder_of_parquet_parts_is_read_as_its_files_one_after_the_other(run, tmp_path, engine, jobs):
    import pyarrow.parquet as pq

    items = sample(300, seed=12)
    items[250]["members"][0]["disability_type"] = "wings"  # refused: placed in its part and row
    items[280]["id"] = items[3]["id"]  # a repeated id across two parts
    policy = load_policy(POST)[0]
    write_households_parquet(items, tmp_path / "all.parquet", policy)
    whole = pq.read_table(tmp_path / "all.parquet")
    parts = tmp_path / "households"  # a table as Spark writes one, with an empty part
    parts.mkdir()
    pq.write_table(whole.slice(0, 120), parts / "part-00000.parquet")
    pq.write_table(whole.slice(120, 0), parts / "part-00001.parquet")
    pq.write_table(whole.slice(120), parts / "part-00002.parquet")
    (parts / "_SUCCESS").touch()
    (parts / ".part-00000.parquet.crc").touch()
    common = ["--date", DAY, "--engine", engine, "-j", jobs, "--chunk-size", 50]
    single = run("batch", "--lang", "en", tmp_path / "all.parquet", "-o", tmp_path / "all.jsonl", *common)
    result = run("batch", "--lang", "en", parts, "-o", tmp_path / "parts.jsonl", *common)
    assert single.exit_code == result.exit_code == 2, result.stderr
    assert (tmp_path / "parts.jsonl").read_bytes() == (tmp_path / "all.jsonl").read_bytes()
    (bad,) = lines(tmp_path / "parts.jsonl.errors.jsonl")
    assert bad["source"] == f"{parts / 'part-00002.parquet'}[row 131]" and bad["line"] == 251
    assert (f"(the first in {parts / 'part-00000.parquet'}[row 4] and {parts / 'part-00002.parquet'}[row 161])"
            in result.stderr)
    assert "300 households; 299 decisions written" in result.stderr


def test_a_partitioned_parquet_table_is_read_through_its_partition_folders(run, tmp_path):
    """`county=430524/part-00000.parquet`, as Hive and Spark write a table partitioned by county."""
    import pyarrow.parquet as pq

    items = sample(200, seed=13)
    items[150]["members"][0]["disability_type"] = "wings"
    write_households_parquet(items, tmp_path / "all.parquet", load_policy(POST)[0])
    whole = pq.read_table(tmp_path / "all.parquet")
    table = tmp_path / "households"
    for county, rows in (("430524", whole.slice(0, 120)), ("430525", whole.slice(120))):
        (table / f"county={county}").mkdir(parents=True)
        pq.write_table(rows, table / f"county={county}" / "part-00000.parquet")
    (table / "_SUCCESS").touch()
    common = ["--date", DAY, "-j", 2, "--chunk-size", 50]
    assert run("batch", "--lang", "en", tmp_path / "all.parquet", "-o", tmp_path / "all.jsonl", *common).exit_code == 2
    result = run("batch", "--lang", "en", table, "-o", tmp_path / "table.jsonl", *common)
    assert result.exit_code == 2, result.stderr
    assert (tmp_path / "table.jsonl").read_bytes() == (tmp_path / "all.jsonl").read_bytes()
    assert f"note: {table} is partitioned by `county` (in its folders' names, `county=…`)" in result.stderr
    (bad,) = lines(tmp_path / "table.jsonl.errors.jsonl")
    assert bad["source"] == f"{table / 'county=430525' / 'part-00000.parquet'}[row 31]"
    by_date = tmp_path / "by-date"  # a key each household needs, which the files then lack: refused
    (by_date / "date=2026-03-01").mkdir(parents=True)
    pq.write_table(whole.drop_columns(["date"]), by_date / "date=2026-03-01" / "part-00000.parquet")
    result = run("batch", "--lang", "en", by_date, "-o", tmp_path / "o.jsonl")
    assert result.exit_code == 2 and "the table is partitioned by `date`, which each household needs" in result.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_a_folder_of_parquet_parts_names_other_files_and_refuses_other_household_files(run, tmp_path):
    """A README beside the parts made the folder "hold no Parquet file"; a stray JSON Lines file made the parts be
    passed over, read as entries not read, for the one household it held: other files are named and not read, and
    other household files (JSON, JSON Lines, CSV tables) beside the parts are a usage error naming both kinds."""
    import pyarrow.parquet as pq

    items = sample(30, seed=14)
    write_households_parquet(items, tmp_path / "all.parquet", load_policy(POST)[0])
    whole = pq.read_table(tmp_path / "all.parquet")
    parts = tmp_path / "households"
    parts.mkdir()
    for k in range(2):
        pq.write_table(whole.slice(15 * k, 15), parts / f"part-0000{k}.parquet")
    for name in ("README.txt", "_SUCCESS", ".part-00000.parquet.crc"):
        (parts / name).write_text("written by the export", encoding="utf-8")
    common = ["--date", DAY, "--lang", "en"]
    assert run("batch", tmp_path / "all.parquet", "-o", tmp_path / "all.jsonl", *common).exit_code == 0
    result = run("batch", parts, "-o", tmp_path / "parts.jsonl", *common)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "parts.jsonl").read_bytes() == (tmp_path / "all.jsonl").read_bytes()
    assert result.stderr.startswith(f"note: {parts} also holds 1 entry not read (only .parquet and .pq files are): "
                                    "README.txt\n"), result.stderr
    write_jsonl(parts / "late.jsonl", items[:1])
    result = run("batch", parts, "-o", tmp_path / "o.jsonl", *common)
    assert result.exit_code == 2 and result.stderr == (
        f"error: {parts}: holds both Parquet files (2: part-00000.parquet, part-00001.parquet) and other household "
        "files (1: late.jsonl), and which of them are the households is not plain: move one kind into a folder of its "
        f"own, and run on each separately (for the one file, give it alone: {parts / 'late.jsonl'})\n")
    assert not (tmp_path / "o.jsonl").exists()
    (parts / "late.jsonl").unlink()
    write_csv_tables(parts, items[:2])
    result = run("batch", parts, "-o", tmp_path / "o.jsonl", *common, "--lang", "zh")
    assert result.exit_code == 2 and result.stderr.startswith(
        f"错误：{parts}：其中既有 Parquet 文件（2 个：part-00000.parquet、part-00001.parquet），"
        "又有其他家庭文件（1 个：households.csv），无法确定哪些才是要认定的家庭：请把其中一类文件移到单独的文件夹里，"
        "分别运行"), result.stderr


def test_parquet_rows_count_from_1_as_the_pages_say_pandas_iloc_from_0(run, tmp_path):
    """`[row 3]` is the third row, `df.iloc[2]`: said beside the paths that count from 0, so no one looks one off."""
    import pyarrow.parquet as pyarrow_parquet

    items = sample(5, seed=4)
    items[2]["members"][0]["labor_capacity"] = "lots"
    write_households_parquet(items, tmp_path / "in.parquet", load_policy(POST)[0])
    result = run("batch", "--lang", "en", tmp_path / "in.parquet", "-o", tmp_path / "out.jsonl", "--date", DAY)
    assert result.exit_code == 2
    (bad,) = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["source"] == f"{tmp_path / 'in.parquet'}[row 3]"
    assert pyarrow_parquet.read_table(tmp_path / "in.parquet").column("id")[2].as_py() == bad["household"]
    formats = " ".join((ROOT / "docs" / "formats.md").read_text(encoding="utf-8").split())
    assert "Lines, CSV rows and Parquet rows count from 1, as an editor or a spreadsheet counts them: " \
        "`in.parquet[row 3]` is the third row, pandas' `df.iloc[2]`. Paths count from 0" in formats
    page = " ".join((ROOT / "docs" / "batch.md").read_text(encoding="utf-8").split())
    assert "its rows count from 1, as lines do, so `[row 6]` is the sixth row, pandas' `df.iloc[5]`" in page


def test_a_folder_of_parquet_parts_without_a_row_is_refused(run, tmp_path):
    import pyarrow.parquet as pq

    write_households_parquet(sample(2), tmp_path / "all.parquet", load_policy(POST)[0])
    (tmp_path / "parts").mkdir()
    pq.write_table(pq.read_table(tmp_path / "all.parquet").slice(0, 0), tmp_path / "parts" / "part-0.parquet")
    result = run("batch", "--lang", "en", tmp_path / "parts", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2
    assert "the folder's Parquet files hold no household (no row)" in result.stderr


@pytest.mark.parametrize("kind", ["gzip", "bz2", "lzma", "zstd"])
def test_compressed_json_lines_decide_as_the_file_itself(run, tmp_path, kind):
    items = sample(400, seed=14)
    items[123] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    packed = _compressed(source, kind)
    for engine, jobs in (("fast", 2), ("exact", 1)):
        common = ["--date", DAY, "--engine", engine, "-j", jobs, "--chunk-size", 70]
        plain = run("batch", source, "-o", tmp_path / "plain.jsonl", *common)
        result = run("batch", packed, "-o", tmp_path / "packed.jsonl", *common)
        assert plain.exit_code == result.exit_code == 2, result.stderr
        assert (tmp_path / "packed.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()
        (bad,) = lines(tmp_path / "packed.jsonl.errors.jsonl")
        assert bad["source"] == f"{packed}:124" and bad["line"] == 124


def test_compressed_files_in_a_folder_are_read_with_the_others_not_left_out(run, tmp_path):
    """A folder of daily exports, some compressed, or the `part-*.json.gz` files Spark writes for JSON."""
    import bz2
    import gzip

    items = sample(60, seed=18)
    items[27] = {"id": "BROKEN", "members": []}
    whole = write_jsonl(tmp_path / "whole.jsonl", items)
    folder = tmp_path / "exports"
    folder.mkdir()
    text = [json.dumps(h) + "\n" for h in items]
    write_jsonl(folder / "2026-01.jsonl", items[:20])
    (folder / "2026-02.jsonl.gz").write_bytes(gzip.compress("".join(text[20:40]).encode("utf-8")))
    (folder / "2026-03.jsonl.gz").write_bytes(gzip.compress(b""))  # a day without records
    (folder / "part-00000.json.bz2").write_bytes(bz2.compress("".join(text[40:]).encode("utf-8")))
    for engine, jobs in (("fast", 2), ("exact", 1)):
        common = ["--date", DAY, "--engine", engine, "-j", jobs, "--chunk-size", 7]
        assert run("batch", "--lang", "en", whole, "-o", tmp_path / "whole.out.jsonl", *common).exit_code == 2
        result = run("batch", "--lang", "en", folder, "-o", tmp_path / "folder.out.jsonl", *common)
        assert result.exit_code == 2, result.stderr
        assert "60 households; 59 decisions written" in result.stderr
        assert (tmp_path / "folder.out.jsonl").read_bytes() == (tmp_path / "whole.out.jsonl").read_bytes()
        (bad,) = lines(tmp_path / "folder.out.jsonl.errors.jsonl")
        assert bad["source"] == f"{folder / '2026-02.jsonl.gz'}:8"
        assert bad["diagnostics"][0]["file"] == str(folder / "2026-02.jsonl.gz")
    (folder / "2026-04.json.gz").write_bytes(gzip.compress(json.dumps(items[0], indent=2).encode("utf-8")))
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "o.jsonl")  # one document over lines: read whole
    assert "61 households; 60 decisions written" in result.stderr, result.stderr
    assert [d["household"] for d in lines(tmp_path / "o.jsonl")].count(items[0]["id"]) == 2  # in 2026-01 too


def test_a_compressed_file_holding_one_document_is_read_as_that_document_as_ingest_reads_it(run, tmp_path):
    """A compressed `.json` file holding a list, or a household written over many lines, was refused (`a compressed
    file is read as JSON Lines, …; decompress it first`), alone or in a folder, where `policy monitor ingest` records
    its households: batch decides them, as it decides the file decompressed, and as ingest records them."""
    import gzip

    items = sample(3, seed=21)
    folder = tmp_path / "in"
    folder.mkdir()
    listed = folder / "list.json.gz"
    listed.write_bytes(gzip.compress(json.dumps(items[:2], indent=2).encode("utf-8")))
    one = folder / "one.jsonl.gz"
    one.write_bytes(gzip.compress(json.dumps(items[2], indent=2).encode("utf-8")))
    for given, decided in ((listed, items[:2]), (one, items[2:]), (folder, items)):
        out = tmp_path / "out.jsonl"
        result = run("batch", "--lang", "en", given, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
        assert result.exit_code == 0, result.stderr
        assert [d["household"] for d in lines(out)] == [h["id"] for h in decided]
        ingest = run("monitor", "ingest", given, "--db", tmp_path / f"{given.name}.sqlite3", "--lang", "en",
                     "--date", DAY, "--policy", POST, "--what-if")
        assert f"{len(decided)} snapshot{'s' if len(decided) > 1 else ''} recorded" in ingest.stderr, ingest.stderr


def test_a_table_of_json_partitioned_by_folder_is_read_through_its_partitions(run, tmp_path):
    """As Spark writes JSON partitioned by county: `county=…/part-*.json` (JSON Lines under a .json name),
    compressed or not, with `_SUCCESS` markers; read in path order, with the note Parquet gives."""
    import gzip

    items = sample(50, seed=19)
    items[31] = {"id": "BROKEN", "members": []}
    whole = write_jsonl(tmp_path / "whole.jsonl", items)
    table = tmp_path / "households"
    for county in ("430524", "430525"):
        (table / f"county={county}").mkdir(parents=True)
        (table / f"county={county}" / "_SUCCESS").write_bytes(b"")
    (table / "county=430524" / "part-00000.json.gz").write_bytes(
        gzip.compress("".join(json.dumps(h) + "\n" for h in items[:30]).encode("utf-8")))
    write_jsonl(table / "county=430525" / "part-00000.json", items[30:])
    (table / "county=430525" / "notes.txt").write_text("exported 2026-03-01", encoding="utf-8")
    common = ["--date", DAY, "-j", 2, "--chunk-size", 7]
    assert run("batch", "--lang", "en", whole, "-o", tmp_path / "whole.out.jsonl", *common).exit_code == 2
    result = run("batch", "--lang", "en", table, "-o", tmp_path / "table.out.jsonl", *common)
    assert result.exit_code == 2, result.stderr
    assert (tmp_path / "table.out.jsonl").read_bytes() == (tmp_path / "whole.out.jsonl").read_bytes()
    (bad,) = lines(tmp_path / "table.out.jsonl.errors.jsonl")
    assert bad["source"] == f"{table / 'county=430525' / 'part-00000.json'}:2"
    assert f"note: {table} is partitioned by `county` (in its folders' names, `county=…`): not a household " \
        "field, so not read" in result.stderr
    assert "also holds 1 entry not read (only .json and .jsonl files, compressed or not, are): " \
        "county=430525/notes.txt" in result.stderr
    (table / "date=2026-03-01").mkdir()  # a partition by a field each household needs: refused before the run
    write_jsonl(table / "date=2026-03-01" / "part-00000.json", items[:1])
    result = run("batch", "--lang", "en", table, "-o", tmp_path / "o.jsonl")
    assert result.exit_code == 2 and "the table is partitioned by `date`, which each household needs" in result.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_a_folder_says_what_it_holds_besides_households_and_reads_upper_case_names(run, tmp_path):
    items = sample(5, seed=19)
    folder = tmp_path / "exports"
    (folder / "2026-04").mkdir(parents=True)  # a subfolder is not read into: said
    write_jsonl(folder / "A.JSONL", items[:3])  # a Windows export: JSON Lines all the same
    write_jsonl(folder / "b.jsonl", items[3:])
    for name, text in (("notes.txt", "x"), ("extra.csv", "a,b"), ("_SUCCESS", ""), (".hidden", ""),
                       ("README.md", "# exports")):
        (folder / name).write_text(text, encoding="utf-8")
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert f"note: {folder} also holds 3 entries not read (only .json and .jsonl files, compressed or not, are): " \
           "2026-04/, extra.csv, notes.txt" in result.stderr
    assert [d["household"] for d in lines(tmp_path / "out.jsonl")] == [h["id"] for h in items]
    diff = run("diff", TRANSITION, POST, "--households", folder, "--date", DAY, "--lang", "en")
    assert f"note: {folder} also holds 3 entries not read" in diff.stderr


def _compressed(source: Path, kind: str) -> Path:
    """`source` compressed by the module `kind` (gzip, bz2, lzma) or as zstd, beside it."""
    packed = source.with_name(source.name + ".packed")
    if kind == "zstd":
        import pyarrow as pa

        with pa.output_stream(str(packed), compression="zstd") as out:
            out.write(source.read_bytes())
    else:
        import importlib

        packed.write_bytes(importlib.import_module(kind).compress(source.read_bytes()))
    return packed


@pytest.mark.parametrize("kind", ["gzip", "bz2", "lzma", "zstd"])
def test_a_compressed_input_guesses_its_households_as_it_is_read_for_the_progress_bar(tmp_path, kind):
    """Its total is not known ahead: the records read so far, scaled by the share of the file they took."""
    from engine.batch.readers import CompressedJsonLines

    items = sample(4000, seed=16)
    source = CompressedJsonLines(_compressed(write_jsonl(tmp_path / "in.jsonl", items), kind),
                                 {"bz2": "bzip2", "lzma": "xz"}.get(kind, kind))
    assert source.count() is None and source.estimated_count() is None
    guesses = []
    for _ in source.chunks(250):
        guesses.append(source.estimated_count())
    assert source.estimated_count() == 4000  # the whole file read: the count itself
    early = [guess for guess in guesses if guess is not None]
    assert len(early) > len(guesses) // 2, guesses  # a guess from the first block of lines on
    # the decompressor reads ahead of the lines it gave (a bzip2 block holds 900 kB), which counts on so
    # small a file: the guesses start low, and come nearer as the file is read
    assert all(1600 <= guess <= 4000 for guess in early), guesses
    assert abs(early[-1] - 4000) < abs(early[0] - 4000), guesses


def test_a_log_gets_a_progress_line_now_and_then(run, tmp_path):
    """Standard error not a terminal (a scheduler's log): no bar, and a line each --progress-every seconds if asked;
    quiet otherwise."""
    import gzip

    source = write_jsonl(tmp_path / "in.jsonl", sample(600, seed=19))
    result = run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--chunk-size", 100, "--progress-every", 0.000001, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    said = [x for x in result.stderr.splitlines() if x.startswith("progress: ")]
    assert len(said) == 6 and said == result.stderr.splitlines()[:6]  # one a chunk here, before the summary
    for k, text in enumerate(said, 1):
        assert re.fullmatch(rf"progress: {k * 100 / 6:.1f}% · {k * 100:,}/600 households · [\d,]+/s · ETA \d+:\d\d",
                            text), text
    (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress(source.read_bytes()))  # a count guessed as it is read
    result = run("batch", tmp_path / "in.jsonl.gz", "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST,
                 "-j", 1, "--chunk-size", 100, "--progress-every", 0.000001, "--lang", "en")
    said = [x for x in result.stderr.splitlines() if x.startswith("progress: ")]
    assert len(said) == 6 and said[0] == result.stderr.splitlines()[0]
    for text in said:  # a small file is read whole at once: the count, then a guess of the whole, if any
        assert re.fullmatch(r"progress: (\d+\.\d% · )?[\d,]+(/≈[\d,]+)? households · [\d,]+/s( · ETA \d+:\d\d)?",
                            text), text
    for every in ((), ("--progress-every", 0), ("--progress-every", 60)):  # none asked for; none in a short run
        result = run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                     "--chunk-size", 100, *every, "--lang", "en")
        assert result.exit_code == 0 and "progress: " not in result.stderr


def test_a_damaged_compressed_file_stops_the_run_with_no_output_and_nothing_left_behind(run, tmp_path):
    import gzip
    import zipfile

    items = sample(3000, seed=15)
    whole = gzip.compress("".join(json.dumps(h) + "\n" for h in items).encode("utf-8"))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])  # a download that stopped
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", cut, "-o", out, "--chunk-size", 100)
    assert result.exit_code == 2
    assert f"{cut}: the gzip data is damaged or cut off after line " in result.stderr
    assert "fetch or export the file again. No output written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.jsonl.gz"]
    (tmp_path / "empty.jsonl.gz").write_bytes(gzip.compress(b"\n\n"))
    result = run("batch", "--lang", "en", tmp_path / "empty.jsonl.gz", "-o", out)
    assert result.exit_code == 2 and "the file holds no household (it is empty once decompressed)" in result.stderr
    with zipfile.ZipFile(tmp_path / "in.zip", "w") as archive:
        archive.writestr("in.jsonl", json.dumps(items[0]) + "\n")
    result = run("batch", "--lang", "en", tmp_path / "in.zip", "-o", out)
    assert result.exit_code == 2
    assert f"this file is a zip archive, not JSON Lines; extract it first: `unzip {tmp_path / 'in.zip'}`" \
        in result.stderr
    assert not out.exists()
    (tmp_path / "in.zip").rename(tmp_path / "3月.xlsx")  # an Excel workbook is a zip archive too: not to be unzipped
    result = run("batch", tmp_path / "3月.xlsx", "-o", out, "--lang", "zh")
    assert result.exit_code == 2 and "unzip" not in result.stderr
    assert "3月.xlsx：这是 Excel 工作簿，不是 JSON Lines；请把其中的家庭导出为 CSV 表格" in result.stderr


def test_an_excel_workbook_renamed_as_json_lines_is_said_to_be_one_as_eval_says_it(run, tmp_path):
    """Renamed `households.jsonl`, a workbook is still a workbook: told to unzip it, the caseworker would find XML
    files, not households. Said as a workbook named `.xlsx` is, given as a file or piped in."""
    import zipfile

    renamed = tmp_path / "households.jsonl"
    with zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as book:  # the parts every Excel workbook has
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    out = tmp_path / "out.jsonl"
    for lang, said in (
            ("en", "this is an Excel workbook, not JSON Lines; export its households as CSV tables (households.csv, "
                   "members.csv, lines.csv) or as JSON Lines: docs/batch.md shows both"),
            ("zh", "这是 Excel 工作簿，不是 JSON Lines；请把其中的家庭导出为 CSV 表格（households.csv、members.csv、"
                   "lines.csv）或 JSON Lines：两种格式见 docs/batch.md")):
        for given, name, data in ((renamed, str(renamed), None), ("-", "<stdin>", renamed.read_bytes())):
            result = run("batch", given, "-o", out, "--lang", lang, input=data)
            assert result.exit_code == 2, result.stderr
            assert f"{name}{'：' if lang == 'zh' else ': '}{said}" in result.stderr, result.stderr
            assert "unzip" not in result.stderr and "解压" not in result.stderr
            assert not out.exists()
    # `policy eval` names it by the same parts
    assert "this is an Excel workbook, not JSON" in run("eval", renamed, "--lang", "en").stderr


@pytest.mark.parametrize("kind", ["gzip", "bz2", "lzma"])
def test_garbled_compressed_data_is_said_as_damaged_in_lines_and_in_tables(run, tmp_path, kind):
    """Bytes changed inside the stream, not cut off: zlib and lzma say so with errors of their own."""
    items = sample(200, seed=16)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    write_csv_tables(tmp_path / "t", items)
    for plain in (source, tmp_path / "t" / "members.csv"):
        packed = bytearray(_compressed(plain, kind).read_bytes())
        packed[100:300] = bytes(b ^ 0x55 for b in packed[100:300])
        garbled = plain.with_name(plain.name + _SUFFIX[kind])
        garbled.write_bytes(bytes(packed))
        if plain.suffix == ".csv":
            plain.unlink()
        result = run("batch", garbled if plain == source else garbled.parent, "-o", tmp_path / "out.jsonl",
                     "--lang", "en")
        assert result.exit_code == 2, result.stderr
        assert f"{garbled}: the {({'bz2': 'bzip2', 'lzma': 'xz'}).get(kind, kind)} data is damaged or cut off" \
            in result.stderr
        assert not (tmp_path / "out.jsonl").exists()


def _held_in(decisions: list[dict[str, Any]]) -> dict[str, int]:
    """Households (members) by category, counted from the decisions written."""
    held: dict[str, int] = {}
    for d in decisions:
        members = [c for categories in d["members"].values() for c in categories]
        for c in [*d["categories"], *members]:
            held[c] = held.get(c, 0) + 1
        if not d["categories"] and not members:
            held["none"] = held.get("none", 0) + 1
    return held


@pytest.mark.parametrize(("given", "written", "engine"), [("jsonl", "jsonl", "fast"), ("parquet", "parquet", "fast"),
                                                         ("jsonl", "csv", "fast"), ("jsonl", "jsonl", "exact")])
def test_the_summary_tallies_the_categories_of_every_household_decided(run, tmp_path, given, written, engine):
    from engine.batch.tally import of_arrow, of_decisions

    items = sample(600, seed=16)
    items[10] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    if given == "parquet":
        write_households_parquet(items, source := tmp_path / "in.parquet", load_policy(POST)[0])
    result = run("batch", "--lang", "en", source, "-o", tmp_path / f"out.{written}", "--date", DAY, "--policy", POST,
                 "--engine", engine, "-j", 2, "--chunk-size", 150, "--summary", tmp_path / "run.json")
    assert result.exit_code == 2, result.stderr
    assert run("batch", tmp_path / "in.jsonl", "-o", tmp_path / "all.jsonl", "--date", DAY, "--policy", POST,
               "-j", 1, "--lang", "en").exit_code == 2
    decisions = lines(tmp_path / "all.jsonl")
    held = _held_in(decisions)
    assert held.get("tekun") and held.get("dibao") and held.get("none")  # the sample holds each kind
    (said,) = [x for x in result.stderr.splitlines() if x.startswith("categories: ")]
    for part in said.removeprefix("categories: ").split(" · "):
        category, count, unit = part.rsplit(" ", 2)
        category = "none" if category == "in no category" else category
        assert int(count.replace(",", "")) == held.get(category, 0), part
        assert unit.rstrip("s") == ("member" if category == "tekun" else "household")
    assert said.startswith("categories: tekun ") and said.endswith(f" · in no category {held['none']:,} households")
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))  # --summary: the same, as JSON
    assert {c["id"]: c["count"] for c in summary["categories"]} == {k: v for k, v in held.items() if k != "none"}
    assert [c["level"] for c in summary["categories"]][:2] == ["member", "household"]  # tekun, dibao
    assert summary["in_no_category"] == held["none"]
    assert (summary["households"], summary["written"], summary["bad"], summary["exit_code"]) == (600, 599, 1, 2)
    assert (summary["input"], summary["output"], summary["engine"], summary["date"]) == (
        str(source), str(tmp_path / f"out.{written}"), engine, DAY)
    assert summary["errors"] == str(tmp_path / f"out.{written}.errors.jsonl")
    assert [(p["id"], p["version"]) for p in summary["policies"]] == [("hunan.low-income", "post-transition")]
    assert (summary["rechecked"] is None) == (engine == "exact") and summary["unchanged"] is None
    from engine.batch.writers import Columns, decisions_table  # both counters agree on the same decisions

    policy = load_policy(POST)[0]
    assert of_arrow(decisions_table(decisions, Columns.of([policy], False))) == of_decisions(decisions)


def _example(name: str, day: str | None = None) -> dict[str, Any]:
    household = json.loads(next((ROOT / "examples" / "households").glob(f"{name}-*.json")).read_text(encoding="utf-8"))
    if day is not None:
        household["date"] = day
    return household


@pytest.mark.parametrize(("engine", "written"), [("fast", "jsonl"), ("fast", "csv"), ("exact", "jsonl")])
def test_the_tally_lists_only_the_categories_in_force_for_the_households_decided(run, tmp_path, engine, written):
    """`monitoring` is abolished from 2026 (post-transition.yaml lists it under `abolished`): a run that decides every
    household in 2026 does not tally it, though the policy folder still holds the 2024 policy; a run that decides a
    household in 2025 too tallies it, at 0 when nobody holds it; so does a what-if under the 2024 policy."""
    examples = sorted((ROOT / "examples" / "households").glob("DS-*.json"))
    every = write_jsonl(tmp_path / "every.jsonl", [json.loads(f.read_text(encoding="utf-8")) for f in examples])
    both = write_jsonl(tmp_path / "both.jsonl", [_example("DS-0003", "2025-06-01"), _example("DS-0002", DAY)])

    def tally(source: Path, *options: Any) -> tuple[str, dict[str, int]]:
        result = run("batch", "--lang", "en", source, "-o", tmp_path / f"out.{written}", "--engine", engine, "-j", 1,
                     "--summary", tmp_path / "run.json", *options)
        assert result.exit_code == 0, result.stderr
        (said,) = [x for x in result.stderr.splitlines() if x.startswith("categories: ")]
        summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
        applied.append({p["version"]: p["households"] for p in summary["policies"]})
        return said, {c["id"]: c["count"] for c in summary["categories"]}

    applied: list[dict[str, int]] = []  # `--summary`'s policies: those that decided someone, with how many
    said, counted = tally(every, "--date", DAY)
    assert applied[-1] == {"post-transition": len(examples)}  # not the 2024 policy, which decided nobody
    assert "monitoring" not in said and "monitoring" not in counted
    assert list(counted) == ["tekun", "dibao", "dibao_marginal", "rigid_expense", "other_hardship"]
    assert " · other_hardship " in said  # in force, whatever it counts
    said, counted = tally(both)  # DS-0003 in 2025, in no category; DS-0002 in 2026
    assert " · monitoring 0 households · " in said and counted["monitoring"] == 0
    assert applied[-1] == {"2024-transition": 1, "post-transition": 1}
    said, counted = tally(every, "--date", DAY, "--policy", TRANSITION)  # a what-if applies it whatever the date
    assert counted["monitoring"] > 0 and f" · monitoring {counted['monitoring']} households · " in said


def test_the_summary_and_tally_on_the_batch_page_are_what_its_documented_run_gives(run, tmp_path, monkeypatch):
    """docs/batch.md's run, replayed as it says: the sample, two households broken, the summary line,
    the tally, the bad records by problem and `--summary`'s JSON (key for key, in order; all but the timings)."""
    import shutil

    monkeypatch.chdir(tmp_path)
    (tmp_path / "policy").mkdir()
    shutil.copy(POST, tmp_path / "policy" / POST.name)
    assert run("sample", "--n", 100_000, "-o", "households.jsonl").exit_code == 0
    records = (tmp_path / "households.jsonl").read_text(encoding="utf-8").splitlines()
    for number in (18, 70_001):
        broken = json.loads(records[number - 1])
        broken["members"] = []
        records[number - 1] = json.dumps(broken, ensure_ascii=False)
    (tmp_path / "households.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    result = run("batch", "households.jsonl", "-o", "decisions.jsonl", "--policy", "policy/post-transition.yaml",
                 "--summary", "run.json", "--lang", "en")
    assert result.exit_code == 2, result.stderr
    page = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    said = result.stderr.splitlines()
    timing = re.compile(r"— [0-9.]+ s, [0-9,]+ households/s")
    shown = next(line for line in page.splitlines() if line.startswith("100,000 households; 99,998"))
    assert timing.sub("", said[0]) == timing.sub("", shown)
    for line in said[1:]:
        assert line in page.splitlines(), line
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    documented = json.loads(re.search(r"```json\n(\{\n  \"summary\".*?)```", page, re.S)[1])
    assert list(summary) == list(documented)
    for key in ("seconds", "households_per_second"):
        del summary[key], documented[key]
    assert summary["policies"][0].pop("sha256").startswith(documented["policies"][0].pop("sha256").rstrip("…"))
    assert summary == documented
    chinese = run("batch", "households.jsonl", "-o", "decisions.jsonl", "--policy", "policy/post-transition.yaml",
                  "--lang", "zh")  # the page's Chinese block: the same run, the same numbers
    said = chinese.stderr.splitlines()
    timing = re.compile(r"用时 [0-9.]+ 秒，每秒 [0-9,]+ 户")
    shown = next(line for line in page.splitlines() if line.startswith("共 100,000 户；99,998"))
    assert timing.sub("", said[0]) == timing.sub("", shown)
    assert said[1].startswith("各类别：特困人员 2,440 人 · 最低生活保障对象 5,480 户")
    for line in said[1:]:
        assert line in page.splitlines(), line


def test_a_summary_always_tells_of_the_files_beside_it(run, tmp_path):
    """--summary: replaced when a run ends; removed when one starts, so a run that stops leaves none behind."""
    import gzip

    items = sample(400, seed=17)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    summary, out = tmp_path / "run.json", tmp_path / "out.jsonl"
    old = tmp_path / "old.jsonl"
    assert run("batch", "--lang", "en", source, "-o", old, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 0
    moved = next(k for k, d in enumerate(lines(old)) if "dibao" in d["categories"])
    items[moved]["assets"]["deposits"] = 10_000_000  # too much saved for dibao
    write_jsonl(source, items)
    result = run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--only-changed", old,
                 "--summary", summary, "--lang", "en")
    assert result.exit_code == 1, result.stderr  # some decisions changed
    said = json.loads(summary.read_text(encoding="utf-8"))
    assert (said["households"], said["written"], said["unchanged"], said["exit_code"]) == (400, 1, 399, 1)
    cut = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(source.read_bytes())
    cut.write_bytes(whole[: len(whole) // 2])
    result = run("batch", cut, "-o", out, "--date", DAY, "--policy", POST, "--chunk-size", 50, "--summary", summary,
                 "--lang", "en")
    assert result.exit_code == 2 and "the gzip data is damaged" in result.stderr
    assert not summary.exists()  # the earlier run's is gone: it would tell of files this run did not write
    result = run("batch", "--lang", "en", source, "-o", out, "--summary", out, "--date", DAY, "--policy", POST)
    assert result.exit_code == 2 and "out.jsonl is a file the run writes already" in result.stderr
    result = run("batch", "--lang", "en", source, "-o", "-", "--date", DAY, "--policy", POST, "--summary", summary)
    assert result.exit_code == 0 and result.stdout_bytes.count(b"\n") == 400
    said = json.loads(summary.read_text(encoding="utf-8"))
    assert (said["output"], said["errors"], said["written"]) == ("-", None, 400)


def test_a_summary_that_cannot_be_written_is_refused_before_the_run(run, tmp_path):
    """Found at the end, the whole run was done for an error: refused up front, as `-o` and `--errors` are."""
    import os

    source = write_jsonl(tmp_path / "in.jsonl", sample(5, seed=17))
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes any folder: a name the file system refuses instead, said as every -o is
        summary = folder / ("s" * 300 + ".json")
        why = ("the name `ssssssssssss…` is 305 bytes long, more than the 255 a file or folder name may be; give a "
               "shorter file or folder name")
        why_zh = ("名字 `ssssssssssss…` 长 305 字节，超过了文件名或文件夹名最多 255 字节的限制：请改用短一些的文件名或"
                  "文件夹名")
    else:
        folder.chmod(0o555)
        summary = folder / "run.json"
        why = f"cannot write the summary to {summary}: Permission denied; give a file in a folder you may write"
        why_zh = f"无法把摘要写入 {summary}：没有写入权限；请给出一个可以写入的文件夹中的文件"
    try:
        for output in ("out.jsonl", "-"):
            result = run("batch", "--lang", "en", source, "-o", tmp_path / output if output != "-" else output,
                         "--date", DAY, "--policy", POST, "-j", 1, "--summary", summary)
            assert result.exit_code == 2, result.stderr
            assert f"Invalid value for '--summary': {why}" in result.stderr, result.stderr
            assert "Traceback" not in result.stderr and not result.stdout_bytes
        assert not (tmp_path / "out.jsonl").exists()
        chinese = run("batch", "--lang", "zh", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST,
                      "--summary", summary)
        assert chinese.exit_code == 2 and why_zh in chinese.stderr, chinese.stderr
    finally:
        folder.chmod(0o755)
    assert list(folder.iterdir()) == []  # the file tried beside it is gone


def test_an_output_into_a_missing_folder_is_refused_as_the_batch_page_and_readme_say(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = write_jsonl(tmp_path / "in.jsonl", sample(3, seed=17))
    result = run("batch", "--lang", "en", source, "-o", "out/2026-03/decisions.jsonl", "--policy", POST)
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    said = next(line for line in result.stderr.splitlines() if line.startswith("Error: "))
    assert said == "Error: Invalid value for '-o' / '--output': there is no folder out/2026-03 to write " \
        "decisions.jsonl in; create it first"
    assert f"```text\n{said}\n```" in (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    assert "into a folder that exists (a missing one is refused: create it first)" in \
        (ROOT / "README.md").read_text(encoding="utf-8")


def test_an_output_given_as_a_folder_is_refused_with_how_to_name_a_file_in_it(run, tmp_path, monkeypatch):
    """`-o out` where `out` is a folder said `File 'out' is a directory.` and no more: name a file, in it if meant."""
    monkeypatch.chdir(tmp_path)
    source = write_jsonl(tmp_path / "in.jsonl", sample(3, seed=17))
    Path("out").mkdir()
    for option in ("-o", "--errors", "--summary"):
        args = {"-o": "out"} if option == "-o" else {"-o": "d.jsonl", option: "out"}
        result = run("batch", "--lang", "en", source, *[x for pair in args.items() for x in pair], "--policy", POST)
        assert result.exit_code == 2 and not Path("d.jsonl").exists(), result.stderr
        said = next(line for line in result.stderr.splitlines() if line.startswith("Error: "))
        assert said.endswith(": out is a folder, not a file; give the name of the file to write (in that folder: "
                             "out/FILE)"), said
    chinese = run("batch", "--lang", "zh", source, "-o", "out", "--policy", POST)
    assert chinese.exit_code == 2 and chinese.stderr.endswith(
        "错误：'-o' / '--output' 的值无效：out 是文件夹，不是文件：请给出要写入的文件名"
        "（写在这个文件夹里：out/文件名）\n")
    page = run("doc", str(POST), "-o", "out", "--lang", "en")
    assert page.exit_code == 2 and "out is a folder, not a file; give the name of the file to write" in page.stderr


def test_paths_a_shell_would_split_are_set_in_backticks_where_the_run_names_them(run, tmp_path, monkeypatch):
    """`decisions written to my out/d.jsonl; 1 bad record (see my out/d.jsonl.errors.jsonl)` ran the path into the
    sentence's words, as did the refusals of the files a run writes: each such path is set apart in backticks, as
    every path in a sentence a shell would split is (`path_in_prose`)."""
    monkeypatch.chdir(tmp_path)
    items = sample(4, seed=17)
    items[1]["members"][0]["birth_date"] = "x"
    Path("my in").mkdir()
    write_jsonl(Path("my in") / "in.jsonl", items)
    source = Path("my in")  # a folder of households
    Path("my out").mkdir()
    done = run("batch", "--lang", "en", source, "-o", "my out/d.jsonl", "--summary", "my out/run.json",
               "--policy", POST, "--date", DAY)
    assert done.exit_code == 2 and done.stderr.startswith(
        "4 households; 3 decisions written to `my out/d.jsonl`; 1 bad record (see `my out/d.jsonl.errors.jsonl`) — "
        ), done.stderr
    chinese = run("batch", "--lang", "zh", source, "-o", "my out/d.jsonl", "--policy", POST, "--date", DAY)
    assert chinese.stderr.startswith("共 4 户；3 条认定结果已写入 `my out/d.jsonl`；1 条记录有误（见 "
                                     "`my out/d.jsonl.errors.jsonl`）。"), chinese.stderr
    less = write_jsonl(Path("less.jsonl"), items[2:])
    changed = run("batch", "--lang", "en", less, "-o", "my out/c.jsonl", "--only-changed", "my out/d.jsonl",
                  "--policy", POST, "--date", DAY)
    assert "1 household of `my out/d.jsonl` not in the input" in changed.stderr, changed.stderr
    assert "note: 1 household of `my out/d.jsonl` is not in this input (`" in changed.stderr, changed.stderr
    refused = {
        ("-o", "my out"): "`my out` is a folder, not a file; give the name of the file to write (in that folder: "
                          "`my out/FILE`)",
        ("--summary", "my out/d.jsonl"): "`my out/d.jsonl` is a file the run writes already",
        ("-o", "my out/d.parquet.gz"): "`my out/d.parquet.gz`: Parquet is compressed inside the file (zstd)",
        ("-o", "my in/d.jsonl"): "`my in/d.jsonl` is in `my in`, the folder this command reads households from",
    }
    for (option, value), said in refused.items():
        args = ("-o", "my out/d.jsonl", option, value) if option != "-o" else (option, value)
        result = run("batch", "--lang", "en", source, *args, "--policy", POST, "--date", DAY)
        assert result.exit_code == 2 and said in result.stderr, result.stderr
    folder = run("batch", "--lang", "zh", source, "-o", "my out", "--policy", POST)
    assert "`my out` 是文件夹，不是文件：请给出要写入的文件名（写在这个文件夹里：`my out/文件名`）" in folder.stderr, \
        folder.stderr


def test_an_output_refused_before_the_run_sets_a_path_a_shell_would_split_in_backticks(run, tmp_path, monkeypatch):
    """`my out/my decisions.xlsx names a spreadsheet, …: name it my decisions.csv` ran the path, and the name it
    offered, into the sentence's words. batch, sample and doc -o name a refused output and what to name it instead
    set apart in backticks; diff --html and monitor alerts -o, in a folder not there or with a name too long, and
    --policy-dir, not there, as well."""
    monkeypatch.chdir(tmp_path)
    Path("my out").mkdir()
    source = write_jsonl(Path("in.jsonl"), sample(2))
    sheet = Path("my out") / "my decisions.xlsx"
    refused = {
        ("batch", "en"): (["batch", source, "--policy", POST, "--date", DAY, "-o", sheet],
                          "`my out/my decisions.xlsx` names a spreadsheet, which policy does not write: name it "
                          "`my decisions.csv` (spreadsheets open CSV)"),
        ("batch", "zh"): (["batch", source, "--policy", POST, "--date", DAY, "-o", sheet],
                          "`my out/my decisions.xlsx` 这个文件名表示电子表格，但 policy 不写电子表格：请把它命名为 "
                          "`my decisions.csv`（电子表格软件能打开 CSV）"),
        ("sample", "en"): (["sample", "--n", 2, "-o", sheet], "`my out/my decisions.xlsx` names a spreadsheet"),
        ("doc", "en"): (["doc", POST, "-o", Path("my out") / "post doc.docx"],
                        "`my out/post doc.docx` names a `.docx` document, which policy does not write: the document "
                        "is markdown: name it `post doc.md` (e.g. `pandoc 'post doc.md' -o 'post doc.docx'`"),
        ("doc", "zh"): (["doc", POST, "-o", Path("my out") / "post doc.docx"],
                        "`my out/post doc.docx` 这个文件名表示 `.docx` 文档，但 policy 不写 `.docx` 文档：文档是 "
                        "markdown 格式，请把它命名为 `post doc.md`"),
        ("diff", "en"): (["diff", POST, POST, "--html", Path("my out") / "none" / "my report.html"],
                         "there is no folder `my out/none` to write `my report.html` in"),
        ("alerts", "en"): (["monitor", "alerts", "-o", Path("my out") / ("a" * 300)],
                           "the name `aaaaaaaaaaaa…` is 300 bytes long"),
        ("policy-dir", "en"): (["eval", source, "--policy-dir", "my policies"], "no folder `my policies`"),
        ("policy-dir", "zh"): (["eval", source, "--policy-dir", "my policies"], "没有 `my policies` 这个文件夹"),
    }
    for (command, lang), (args, said) in refused.items():
        result = run(*args, "--lang", lang)
        assert result.exit_code == 2 and said in result.stderr, (command, result.stderr)


def test_bad_records_are_counted_by_problem_with_an_example_each(run, tmp_path, monkeypatch):
    """The run docs/batch.md shows under "Bad records": its summary, tally and problems, all but the timings."""
    monkeypatch.chdir(tmp_path)  # the files named as the page names them
    items = sample(300, seed=18)
    for k, h in enumerate(items):
        if k % 10 == 3:  # a spreadsheet's dates, on every member of a household (one problem, counted once)
            for m in h["members"]:
                m["birth_date"] = m["birth_date"].replace("-", "/")
        if k % 25 == 4:
            h.setdefault("income", []).append({"type": "salary", "amount": 100})
    text = [json.dumps(h) for h in items]
    text[7] = '{"id": "X", broken'
    source = Path("households.jsonl")
    source.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = run("batch", source, "-o", "decisions.jsonl", "--date", DAY, "--policy", POST, "-j", 2,
                 "--chunk-size", 40, "--summary", tmp_path / "run.json", "--lang", "en")
    assert result.exit_code == 2, result.stderr
    said = result.stderr.splitlines()
    page = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8").splitlines()
    shown = page.index(next(line for line in page if line.startswith("300 households; 257 decisions")))
    timing = re.compile(r"— [0-9.]+ s, [0-9,]+ households/s")
    assert timing.sub("", page[shown]) == timing.sub("", said[0])
    assert page[shown + 1:shown + len(said)] == said[1:]
    start = said.index("bad records by problem (a record counts once for each problem it has, however many times it "
                       "has it):")
    assert said[start + 1:] == [
        f'  30  H002 members[].birth_date — e.g. {source}:4: "{items[3]["members"][0]["birth_date"]}" is not a '
        "date (YYYY-MM-DD)",
        f"      `members[].birth_date`: 30 records write dates as {items[3]['members'][0]['birth_date']} (the first: "
        f"{source}:4), which is not read as a date: write them as YYYY-MM-DD "
        f"({items[3]['members'][0]['birth_date'].replace('/', '-')})",
        f'  12  H003 income[].type — e.g. {source}:5: "salary" is not an income type of this policy; known types '
        'counted as income: "wage" (wage income (less the cost of employment)), "business" (net business income), '
        + said[start + 3].split('(net business income), ', 1)[1],  # (the rest of the types, as the policy lists them)
        f"   1  H001 — e.g. {source}:8: not valid JSON: expecting property name enclosed in double quotes",
    ]
    bad = lines(tmp_path / "decisions.jsonl.errors.jsonl")
    assert len(bad) == 43 == 30 + 12 + 1  # no record has two of the problems here
    problems = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["code"], p["path"], p["records"]) for p in problems] == [
        ("H002", "members[].birth_date", 30), ("H003", "income[].type", 12), ("H001", None, 1)]
    assert problems[1]["first"] == {"file": f"{source}:5", "message": said[start + 3].split(": ", 1)[1]}
    assert problems[1]["first"]["message"].startswith('"salary" is not an income type of this policy; known types ')


@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_a_problem_a_record_has_twice_counts_it_once_as_the_heading_says(run, tmp_path, form):
    """Two amounts of one household written for a period: two diagnostics in the errors file, one record with
    the problem under the summary and in `--summary` — and the heading says that it counts so."""
    items = sample(5, seed=3)
    items[1]["income"] = [{"type": "wage", "amount": "2000元/月"}, {"type": "wage", "amount": "3000元/半年"}]
    if form == "csv":
        write_households_csv(items, tmp_path / "tables", load_policy(POST)[0])
        source = tmp_path / "tables"
    else:
        source = write_jsonl(tmp_path / "in.jsonl", items)
    for lang, heading, counted in [
            ("en", "bad records by problem (a record counts once for each problem it has, however many times it has "
                   "it):", "  1  H002 income[].amount — e.g. "),
            ("zh", "有误记录按问题统计（一条记录有几个问题就计几次，同一问题出现几次都只计一次）：",
             "  1  H002 income[].amount — 例如 ")]:
        result = run("batch", source, "-o", tmp_path / f"out.{lang}.jsonl", "--date", DAY, "--policy", POST,
                     "--summary", tmp_path / "run.json", "--lang", lang)
        assert result.exit_code == 2, result.stderr
        said = result.stderr.splitlines()
        assert said[said.index(heading) + 1].startswith(counted), said
    [bad] = lines(tmp_path / "out.zh.jsonl.errors.jsonl")
    assert [d["path"] for d in bad["diagnostics"]] == ["income[0].amount", "income[1].amount"]
    problems = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["code"], p["path"], p["records"]) for p in problems] == [("H002", "income[].amount", 1)]


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_value_of_the_wrong_shape_where_a_word_belongs_is_a_bad_record_not_the_end_of_the_run(run, tmp_path,
                                                                                                 engine):
    items = sample(40, seed=21)
    odd = next(i for i, h in enumerate(items) if h.get("income"))
    items[odd]["income"][0]["type"] = []  # the hand check once looked a list up in a set, and the batch stopped
    source = write_jsonl(tmp_path / "in.jsonl", items)
    result = run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--engine", engine, "--jobs", 1)
    assert result.exit_code == 2, result.stderr
    assert len(lines(tmp_path / "out.jsonl")) == 39
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["line"] == odd + 1 and [d["code"] for d in bad["diagnostics"]] == ["H003"]
    assert bad["diagnostics"][0]["path"] == "income[0].type"
    said = run("eval", source, "--format", "json", "--date", DAY, "--lang", "en")
    assert said.exit_code == 2 and "income[0].type" in said.stderr and "Traceback" not in said.stderr


@pytest.mark.parametrize("stage", ["reading", "evaluating", "doubting"])
def test_an_engine_bug_on_one_record_is_recorded_as_x001_and_the_run_goes_on(run, tmp_path, monkeypatch, stage):
    import engine.batch.evaluate as chunks

    items = sample(30, seed=22)
    unlucky = items[7]["id"]
    name = {"reading": "household_from", "evaluating": "evaluate", "doubting": "doubts"}[stage]
    real = getattr(chunks, name)

    def failing(*args, **kwargs):
        record = args[1] if stage == "reading" else args[0 if stage == "doubting" else 1].id
        if (record.get("id") if isinstance(record, dict) else record) == unlucky:
            raise RuntimeError("a bug")
        return real(*args, **kwargs)
    monkeypatch.setattr(chunks, name, failing)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    result = run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--engine", "exact", "--jobs", 1)
    assert result.exit_code == 2, result.stderr
    assert [d["household"] for d in lines(tmp_path / "out.jsonl")] == [h["id"] for h in items if h["id"] != unlucky]
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["household"] == unlucky and bad["line"] == 8
    assert [(d["code"], d["message"]) for d in bad["diagnostics"]] == [
        ("X001", "internal error while evaluating: RuntimeError: a bug")]


def test_problems_add_up_and_keep_the_first_example():
    from engine.batch.problems import Problems
    from engine.diagnostics import Diagnostic, Span

    def entry(source: str, *paths: str) -> tuple[str, list[Diagnostic]]:
        file, line = source.split(":")
        return source, [Diagnostic("H002", f"bad {p}", Span(file, int(line), 1, int(line), 2), path=p) for p in paths]

    first = Problems.of_records([entry("a.jsonl:1", "members[0].sex", "members[2].sex"), entry("a.jsonl:2", "date")])
    second = Problems.of_records([entry("b.jsonl:9", "date"), entry("b.jsonl:10", "date", "members[1].sex")])
    first.add(second)
    assert first.ranked() == [("H002 date", 3, "a.jsonl:2", "bad date"),
                              ("H002 members[].sex", 2, "a.jsonl:1", "bad members[0].sex")]
    import orjson  # as the journal and --summary write them

    # a message quoting a lone surrogate (the errors file has it as a JSON escape): shown escaped, kept writable
    odd = Problems.of_records([("c.jsonl:3", [Diagnostic("H003", '"\ud800" is not a sex', Span("c.jsonl", 3, 1, 3, 2),
                                                          path="members[0].sex")])])
    assert odd.ranked() == [("H003 members[].sex", 1, "c.jsonl:3", '"\\ud800" is not a sex')]
    assert orjson.loads(orjson.dumps(odd.to_json("json")))[0]["first"]["message"] == '"\\ud800" is not a sex'
    many = Problems({f"H00{k} p{k}": [k, "f", "m"] for k in range(1, 8)})
    assert many.said("json", shown=2) == ["  7  H007 p7 — e.g. f: m", "  6  H006 p6 — e.g. f: m",
                                          "  … and 5 more problems"]
    assert many.said("json", shown=6)[-1] == "  … and 1 more problem"
    whole = Problems({"H002 (the household)": [3, "f:1", "unknown field `phone`", "未知字段 `phone`"]})
    assert whole.said("json", lang="zh") == ["  3  H002 （整户） — 例如 f:1：未知字段 `phone`"]  # not left in English


def test_an_example_whose_help_gives_the_number_to_write_says_it_in_the_summary(run, tmp_path):
    """`"二级"` for a disability grade: the errors file said `write it in digits: `2``, the summary nothing of it."""
    item = sample(1, seed=3)[0]
    item["members"][0].update(disability_grade="二级", disability_type="physical")
    source = write_jsonl(tmp_path / "in.jsonl", [item])
    result = run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"  1  H002 members[].disability_grade — e.g. {source}:1: "
                                             '"二级" is not a whole number or null; write it in digits: `2`')
    # an amount with its currency, and a spreadsheet's day number for a date: the summary said only `is not a number`
    item["members"][0].update(disability_grade=2, birth_date=17614)
    item["income"] = [{"type": "wage", "member": item["members"][0]["id"], "amount": "¥1470"}]
    result = run("batch", write_jsonl(source, [item]), "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST,
                 "--lang", "en")
    assert f'{source}:1: "¥1470" is not a number; write the amount in yuan as a number: `1470`' in result.stderr
    assert f"{source}:1: 17614 is not a date (YYYY-MM-DD); if this is a spreadsheet's day number, the date is " \
           "`1948-03-22`: format the column as a date (YYYY-MM-DD) before exporting" in result.stderr


def test_ids_are_repeated_only_when_both_their_hashes_agree():
    import numpy as np

    from engine.batch.repeated_ids import RepeatedIds, hashed

    found = RepeatedIds()
    found.add(np.array([[1, 10], [1, 11], [2, 5]]), np.array([1, 2, 3]))  # 1 and 2: the first hash alone agrees
    found.add(np.array([[7, 7], [2, 5]]), np.array([4, 9]))  # a bad record between them: numbers kept
    assert found.found() == (1, [3, 9])
    found = RepeatedIds()
    found.add(np.array([[9, 1], [3, 3], [9, 2], [9, 1], [3, 3], [1, 10], [1, 11]]), np.arange(11, 18))
    assert found.found() == (2, [11, 14])  # [9, 1] (mixed in with [9, 2]) is first, then [3, 3]
    assert RepeatedIds().found() == (0, [])
    assert (hashed(["A-1", "A-1"])[0] == hashed(["A-1", "A-1"])[1]).all()
    assert (hashed(["A-1"])[0] != hashed(["A-2"])[0]).all()


def test_hashed_ids_are_the_same_from_a_list_an_arrow_slice_and_another_process():
    import os
    import subprocess
    import sys

    import pyarrow as pa

    from engine.batch.repeated_ids import hashed

    ids = ["430124-0001", "", "户-12", "x" * 300, "430124-0001", "a\x00"]
    assert hashed(ids).shape == (6, 2) and hashed([]).shape == (0, 2)
    assert (hashed(ids)[0] == hashed(ids)[4]).all() and len({tuple(h) for h in hashed(ids).tolist()}) == 5
    assert (hashed(pa.array(["pad", *ids]).slice(1)) == hashed(ids)).all()  # an Arrow array, offset included
    assert (hashed(pa.array(ids).filter(pa.array([True, False] * 3))) == hashed(ids[::2])).all()
    # `a` and `a\x00` differ though the second's last byte is zero
    assert (hashed(["a"])[0] != hashed(["a\x00"])[0]).all()
    code = ("import json, sys; from engine.batch.repeated_ids import hashed; "
            "print(hashed(json.load(sys.stdin)).tolist())")
    other = subprocess.run([sys.executable, "-c", code], input=json.dumps(ids), capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": "12345"}, cwd=ROOT)
    assert other.stdout.strip() == str(hashed(ids).tolist())  # workers and runs agree, whatever Python's hash seed


def test_bad_records_go_to_the_errors_file_and_never_stop_the_run(run, tmp_path):
    good = sample(3)
    no_members = {**good[0], "id": "NO-MEMBERS", "members": []}
    unknown_type = {**good[1], "id": "BAD-TYPE", "income": [{"type": "salary", "amount": 10}]}
    text = "\n".join([json.dumps(good[0]), "{not json", json.dumps(no_members), "", json.dumps(unknown_type),
                      '{"id": "DUP", "id": "DUP2", "members": []}', json.dumps(good[2])]) + "\n"
    source = tmp_path / "in.jsonl"
    source.write_text(text, encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "bad.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--errors", errors, "--date", DAY, "-j", 1)
    assert result.exit_code == 2
    assert "2 decisions written" in result.stderr and "4 bad records" in result.stderr
    assert [d["household"] for d in lines(out)] == [good[0]["id"], good[2]["id"]]
    bad = lines(errors)
    assert [(b["line"], b["household"]) for b in bad] == [(2, None), (3, "NO-MEMBERS"), (5, "BAD-TYPE"),
                                                          (6, None)]
    assert bad[0]["source"] == f"{source}:2" and bad[0]["diagnostics"][0]["code"] == "H001"
    assert bad[1]["diagnostics"][0]["code"] == "H002" and bad[1]["diagnostics"][0]["path"] == "members"
    assert bad[1]["diagnostics"][0]["zh"] == {"message": "家庭没有成员", "help": "至少列出一名成员"}
    from engine.diagnostics import Diagnostic

    read_back = Diagnostic.from_json(bad[1]["diagnostics"][0])
    assert read_back.zh == ("家庭没有成员", "至少列出一名成员")
    assert read_back.to_json(chinese=True) == bad[1]["diagnostics"][0]
    assert bad[2]["diagnostics"][0]["code"] == "H003" and "salary" in bad[2]["diagnostics"][0]["message"]
    assert "duplicate key" in bad[3]["diagnostics"][0]["message"]
    # placed in the file, as every other finding about a line of JSON: no line number left inside `file`
    assert {k: bad[3]["diagnostics"][0][k] for k in ("file", "line", "column")} == {
        "file": str(source), "line": 6, "column": 15}


def test_the_findings_of_a_bad_record_are_listed_in_the_order_of_its_text(run, tmp_path):
    [good] = sample(1)
    bad = {"id": "BAD", "housing": {"safety_grade": "c"},  # written before its members, as an export may
           **{k: v for k, v in good.items() if k not in ("id", "housing")}}
    bad["members"][0]["sex"] = "mail"
    bad["income"] = [{"type": "salary", "amount": 10}]
    source = write_jsonl(tmp_path / "in.jsonl", [bad])
    run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1)
    [record] = lines(tmp_path / "out.jsonl.errors.jsonl")
    found = record["diagnostics"]
    assert [d["path"] for d in found] == ["housing.safety_grade", "members[0].sex", "income[0].type"]
    assert [d["column"] for d in found] == sorted(d["column"] for d in found)
    assert found[0]["help"] == ('did you mean `"C"` (grade C (partly dangerous))? use one of "A" (grade A (safe)), '
                                '"B" (grade B (basically safe)), "C" (grade C (partly dangerous)), "D" (grade D '
                                '(dangerous as a whole))')
    assert found[0]["zh"]["help"] == ('是不是 `"C"`（C级（局部危险））？可用的取值："A"（A级（安全））、'
                                      '"B"（B级（基本安全））、"C"（C级（局部危险））、"D"（D级（整栋危房））')


def test_a_line_that_is_not_a_household_object_is_placed_at_its_line(run, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(sample(1)[0]) + "\n[1, 2, 3]\n", encoding="utf-8")
    run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1)
    [record] = lines(tmp_path / "out.jsonl.errors.jsonl")
    [found] = record["diagnostics"]
    assert (found["code"], found["file"], found["line"], found["column"]) == ("H002", str(source), 2, 1)


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_bad_record_of_json_is_located_at_its_line_and_column_as_eval_locates_it(run, tmp_path, engine):
    good = sample(3)
    bad = {**good[1], "id": "BAD-TYPE", "income": [{"type": "salary", "amount": 10}]}
    source = write_jsonl(tmp_path / "in.jsonl", [good[0], bad, good[2]])
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "bad.json").write_text(json.dumps(bad, indent=2), encoding="utf-8")
    for given, file, line in ((source, source, 2), (folder, folder / "bad.json", None)):
        out = tmp_path / "out.jsonl"
        run("batch", given, "-o", out, "--date", DAY, "--engine", engine, "-j", 1)
        [record] = lines(tmp_path / "out.jsonl.errors.jsonl")
        [found] = record["diagnostics"]
        text = file.read_text(encoding="utf-8").splitlines()
        line = line or next(i for i, x in enumerate(text, 1) if '"salary"' in x)
        place = (str(file), line, text[line - 1].index('"salary"') + 1)
        assert (found["file"], found["line"], found["column"], found["path"]) == (*place, "income[0].type")
        shown = run("eval", "--lang", "en", file, "--date", DAY).stderr
        assert shown.startswith("{}:{}:{}: income[0].type: error[H003]".format(*place))


def test_an_evaluation_error_is_a_bad_record_with_the_rule_and_household(run, tmp_path):
    policy = tmp_path / "divides.yaml"
    policy.write_text(MINI.read_text(encoding="utf-8").replace(
        "  household_size: {value: count(members), label: {zh: 人口, en: size}}\n",
        "  household_size: {value: count(members), label: {zh: 人口, en: size}}\n"
        "  per_disabled: {value: 'assets.deposits / count(members where disability_grade == 1)', "
        "label: {zh: 人均, en: per disabled}}\n"), encoding="utf-8")
    people = [{"id": "A", "members": [{"id": "p1", "birth_date": "1950-01-01", "disability_grade": 1}]},
              {"id": "B", "members": [{"id": "p1", "birth_date": "1950-01-01"}]}]
    source = write_jsonl(tmp_path / "in.jsonl", people)
    out = tmp_path / "out.jsonl"
    result = run("batch", source, "-o", out, "--policy", policy, "--date", "2025-01-01", "-j", 1)
    assert result.exit_code == 2, result.output
    assert [d["household"] for d in lines(out)] == ["A"]
    (bad,) = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["household"] == "B" and bad["line"] == 2
    assert bad["diagnostics"][0]["code"] == "E001" and bad["diagnostics"][0]["file"] == str(policy)


def write_csv_tables(folder: Path, items: list[dict[str, Any]]) -> None:
    write_households_csv(items, folder, load_policy(POST)[0])


def test_csv_tables_give_the_same_decisions_as_json(run, tmp_path):
    items = sample(200, seed=3)
    write_csv_tables(tmp_path / "tables", items)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    from_csv, from_json = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    result = run("batch", tmp_path / "tables", "-o", from_csv, "--date", DAY, "-j", 1)
    assert result.exit_code == 0, result.stderr
    assert run("batch", source, "-o", from_json, "--date", DAY, "-j", 1).exit_code == 0
    assert from_csv.read_bytes() == from_json.read_bytes()


def test_csv_rows_that_fit_no_household_are_located_errors(run, tmp_path):
    items = sample(3, seed=4)
    write_csv_tables(tmp_path / "t", items)
    with (tmp_path / "t" / "members.csv").open("a", encoding="utf-8") as f:
        f.write("GHOST,p1,head,1950-01-01,,,,full,false,none,none\n")
    with (tmp_path / "t" / "households.csv").open("a", encoding="utf-8") as f:
        f.write("H-NEW,,abc,0,0,false,A,true\n")
    out = tmp_path / "out.jsonl"
    result = run("batch", tmp_path / "t" / "households.csv", "-o", out, "--date", DAY, "-j", 1, "--lang", "zh",
                 "--summary", tmp_path / "run.json")
    assert result.exit_code == 2
    bad = lines(tmp_path / "out.jsonl.errors.jsonl")
    ghost_line = 1 + sum(len(h["members"]) for h in items) + 1
    assert [b["source"].rsplit("/", 1)[-1] for b in bad] == [f"members.csv:{ghost_line}", "households.csv:5"]
    # GHOST's row is no household: counted apart, as what it is
    assert result.stderr.startswith(f"共 4 户；3 条认定结果已写入 {out}；1 条记录有误；另有 1 行不属于任何一户"
                                    f"（见 {out}.errors.jsonl）。")
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert (summary["households"], summary["written"], summary["bad"], summary["rows_of_no_household"]) == (4, 3, 1, 1)
    english = run("batch", tmp_path / "t", "-o", out, "--date", DAY, "-j", 1, "--lang", "en")
    assert english.stderr.startswith(f"4 households; 3 decisions written to {out}; 1 bad record; 1 row of no "
                                     f"household (see {out}.errors.jsonl) — ")
    message = "row for household `GHOST`, which is not in households.csv"  # as docs/batch.md shows it
    assert bad[0]["diagnostics"][0]["message"] == message
    assert bad[0]["diagnostics"][0]["zh"] == {"message": "这一行属于家庭 `GHOST`，而 households.csv 中没有这一户",
                                              "help": "请补上这一户，或删去这一行"}  # for --lang zh
    assert f"error[H004]: {message}" in (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    paths = {d.get("path") for d in bad[1]["diagnostics"]}
    assert "assets.deposits" in paths and "members" in paths
    assert len(lines(out)) == 3


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_rows_whose_id_lost_its_leading_zeros_or_gained_spaces_make_their_household_a_bad_record(run, tmp_path,
                                                                                                engine):
    """Excel writes `0004` as `4`; a fixed-width database column writes `0005   `. The household was decided
    without those rows (no income, a member short), and each row was told to be deleted."""
    items = sample(6, seed=9)
    for k, h in enumerate(items, 1):
        h["id"] = f"{k:04d}"
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    assert len(items[3]["members"]) >= 2 and items[1]["income"]
    first_line = next(row for row in (t / "lines.csv").read_text(encoding="utf-8").splitlines()
                      if row.startswith("0002,"))
    lines_csv = _rewrite(t / "lines.csv", lambda rows: ["2" + row[4:] if row == first_line else row for row in rows])
    later = items[3]["members"][1]["id"]
    members_csv = _rewrite(t / "members.csv", lambda rows: [
        *("4" + row[4:] if row.startswith(f"0004,{later},") else row for row in rows),
        "GHOST,p1,head,1950-01-01,,,,full,false,none,none"])
    _rewrite(t / "households.csv", lambda rows: [row.replace("0005,", "0005   ,", 1) for row in rows])
    out = tmp_path / f"out-{engine}.jsonl"
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--engine", engine, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    reference = tmp_path / "reference.jsonl"
    run("batch", write_jsonl(tmp_path / "in.jsonl", [h for h in items if h["id"] not in {"0002", "0004", "0005"}]),
        "-o", reference, "--date", DAY, "--policy", POST, "-j", 1)
    assert out.read_bytes() == reference.read_bytes()  # never decided on part of its rows
    entries = lines(out.with_name(out.name + ".errors.jsonl"))
    assert [e["household"] for e in entries] == ["0002", "0004", "0005   ", None]
    said = {e["household"]: _first_said(e) for e in entries}
    two = 1 + next(i for i, row in enumerate(lines_csv) if row.startswith("2,"))
    four = 1 + next(i for i, row in enumerate(members_csv) if row.startswith("4,"))
    five = 1 + next(i for i, row in enumerate(members_csv) if row.startswith("0005,"))
    zeros = ("a spreadsheet removes the leading zeros of an id it takes for a number: format the id column as text "
             "before exporting, so that every table writes the id alike; the household is not decided on part of its "
             "rows")
    zeros_zh = ("电子表格会把看似数字的编号开头的 0 去掉：导出前请把编号列设为文本格式，使各表中的编号写法一致；"
                "只凭部分行不会认定这一户")
    assert said["0002"] == ("H004", f"lines.csv:{two}", "household `0002` is written `2` in lines.csv: the same id, "
                            "but for its leading zeros", zeros,
                            {"message": "家庭 `0002` 在 lines.csv 中写作 `2`：除了开头的 0，两者是同一个编号",
                             "help": zeros_zh})
    assert said["0004"][:3] == ("H004", f"members.csv:{four}", "household `0004` is written `4` in members.csv: the "
                                "same id, but for its leading zeros")
    assert said["0005   "] == (
        "H004", f"members.csv:{five}", "household `0005   ` is written `0005` in members.csv: the same id, but for "
        "the spaces around it", "a fixed-width (CHAR) database column pads an id with spaces: trim them in the "
        "export, so that every table writes the id alike; the household is not decided on part of its rows",
        {"message": "家庭 `0005   ` 在 members.csv 中写作 `0005`：除了前后的空格，两者是同一个编号",
         "help": "定长（CHAR）字段会在编号前后补空格：请在导出时去掉空格，使各表中的编号写法一致；"
                 "只凭部分行不会认定这一户"})
    assert said[None][2] == "row for household `GHOST`, which is not in households.csv"  # no household's: its own


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_header_row_repeated_amid_the_rows_is_one_error_not_a_household(run, tmp_path, engine):
    """Two exports joined into one file repeat the header: in households.csv it was a household `id` with eight
    errors, in members.csv a row of household `household` that cut its neighbour's rows in two."""
    items = sample(12, seed=7)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    split = items[7]["id"]  # its member and line rows cut in two by the header
    assert len(items[7]["members"]) >= 2 and len(items[7]["income"]) >= 2
    at = {}
    for name in ("households.csv", "members.csv", "lines.csv"):
        def again(rows: list[str], name: str = name) -> list[str]:
            middle = next(i for i, row in enumerate(rows) if row.startswith(split + ",")) + (name != "households.csv")
            at[name] = middle + 1
            return [*rows[:middle], ("\ufeff" if name == "lines.csv" else "") + rows[0], *rows[middle:]]
        _rewrite(t / name, again)
    out = tmp_path / "out.jsonl"
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--chunk-size", 5, "--engine",
                 engine, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"12 households; 12 decisions written to {out}; 0 bad records; 3 rows of no "
                                    "household (see ")
    reference = tmp_path / "reference.jsonl"
    run("batch", write_jsonl(tmp_path / "in.jsonl", items), "-o", reference, "--date", DAY, "--policy", POST, "-j", 1)
    assert out.read_bytes() == reference.read_bytes()
    entries = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert [(e["household"], *_first_said(e)) for e in entries] == [
        (None, "H001", f"{name}:{at[name]}", "the header row again, as where two exports are joined into one file",
         "delete the row: the rows before and after it are read as the table's rows",
         {"message": "这一行又是表头，像是两次导出的内容拼接在了一起",
          "help": "请删去这一行：它前后的行都按表中的行读取"})
        for name in ("households.csv", "members.csv", "lines.csv")]


@pytest.mark.parametrize("lines_total", ["合计,,,,12345678", ',,,,"12,345,678.00"'])
def test_a_total_row_is_told_to_be_deleted_not_to_be_mended_into_a_household(run, tmp_path, lines_total):
    """Excel's total row under the data: in households.csv it was told to write `31075660` and to list a member, and
    in lines.csv, with no household id, to add the household ``."""
    items = sample(4, seed=7)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    households = _rewrite(t / "households.csv", lambda rows: [*rows, '合计,,"31,075,660",5,,,,'])
    joined = lines_total.startswith("合计")  # to the total row of households.csv: tables read as columns
    lines_csv = _rewrite(t / "lines.csv", lambda rows: [*rows, lines_total, *([] if joined else [",income,wage,,100"])])
    out = tmp_path / "out.jsonl"
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en", "--summary",
                 tmp_path / "run.json")
    assert result.exit_code == 2, result.stderr
    counts = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))  # a total is no household
    assert (counts["households"], counts["written"], counts["bad"]) == (4, 4, 0)
    assert counts["rows_of_no_household"] == (1 if joined else 3)
    total = "and the row holds only numbers: it looks like a total row, not a household's"
    delete = "a total is no household's; the households are read from the other rows"
    said = {place: (code, message, help) for code, place, message, help, _ in
            map(_first_said, lines(tmp_path / "out.jsonl.errors.jsonl"))}
    if joined:  # deleted with it
        assert said == {f"households.csv:{len(households)}": (
            "H001", f"`id` is `合计` {total}", f"delete the row, and lines.csv:{len(lines_csv)}: {delete}")}
    else:
        total_at, empty_at = len(lines_csv) - 1, len(lines_csv)
        assert said == {
            f"households.csv:{len(households)}": ("H001", f"`id` is `合计` {total}", f"delete the row: {delete}"),
            f"lines.csv:{total_at}": ("H001", f"`household` is empty {total}", f"delete the row: {delete}"),
            f"lines.csv:{empty_at}": (
                "H004", "`household` is empty: the row is no household's", "write in `household` the id of the "
                "household the row belongs to, as households.csv writes it; if it belongs to none, delete the row")}
    _rewrite(t / "households.csv", lambda rows: rows[:-1])  # done as the helps say
    _rewrite(t / "lines.csv", lambda rows: rows[:len(rows) - 1 - (not joined)])
    assert run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 0


def test_rows_with_no_id_join_no_household_and_rows_filled_only_in_ignored_columns_are_blank(run, tmp_path):
    """A member row with an empty `household` was joined to a households.csv row with an empty `id`, and the row told
    of the member's empty cells; trailing rows filled only in an export's own columns were read as rows of data."""
    items = sample(4, seed=7)
    t = tmp_path / "t"
    write_csv_tables(t, items)
    for table in ("households.csv", "members.csv", "lines.csv"):  # an export's own column, and rows filled there alone
        _rewrite(t / table, lambda rows: [rows[0] + ",note", *(row + ",x" for row in rows[1:]),
                                          "," * (rows[0].count(",") + 1) + "signed: clerk"])
    ignore = ["--ignore-column", "note"]
    result = run("batch", t, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1, *ignore)
    assert result.exit_code == 0, result.stderr
    households = _rewrite(t / "households.csv", lambda rows: [*rows, "," + rows[1].split(",", 1)[1]])
    members = _rewrite(t / "members.csv", lambda rows: [*rows, "," + rows[1].split(",", 1)[1]])
    result = run("batch", t, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en",
                 *ignore)
    assert result.exit_code == 2, result.stderr
    said = {_first_said(e)[1]: _first_said(e)[2] for e in lines(tmp_path / "out.jsonl.errors.jsonl")}
    assert said == {f"households.csv:{len(households)}": "must not be empty",
                    f"members.csv:{len(members)}": "`household` is empty: the row is no household's"}
    assert "5 households; 4 decisions written" in result.stderr
    assert "1 bad record; 1 row of no household" in result.stderr


@pytest.mark.parametrize("table", ["members.csv", "lines.csv"])
def test_a_row_without_household_id_among_a_households_rows_is_said_to_be_likely_its(run, tmp_path, table):
    """A row whose household id was lost, between two rows of one household: the household was refused as "rows not
    together, sort the table", which sorting cannot mend; it is told to write the id (or delete the row)."""
    items = sample(30, seed=7)
    t = tmp_path / "t"
    write_csv_tables(t, items)
    rows = (t / table).read_text(encoding="utf-8").splitlines()
    keys = [row.split(",", 1)[0] for row in rows]
    middle = next(i for i in range(2, len(rows) - 1) if keys[i - 1] == keys[i] == keys[i + 1])
    hid = keys[middle]
    _rewrite(t / table, lambda rows: [*rows[:middle], rows[middle][len(hid):], *rows[middle + 1:]])
    out = tmp_path / "out.jsonl"
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    said = {(e["household"], *_first_said(e)[:4]) for e in lines(tmp_path / "out.jsonl.errors.jsonl")}
    line = middle + 1
    assert said == {
        (None, "H004", f"{table}:{line}", "`household` is empty: the row is no household's",
         "write in `household` the id of the household the row belongs to, as households.csv writes it; if it "
         "belongs to none, delete the row"),
        (hid, "H004", f"{table}:{line}", f"row {line} of {table}, among the rows of household `{hid}`, has no "
         "household id", f"if the row is household `{hid}`'s, write `{hid}` in its `household`; if it is no "
         "household's, delete it. The household is not decided without it")}
    assert len(lines(out)) == len(items) - 1
    _rewrite(t / table, lambda rows: [*rows[:middle], hid + rows[middle], *rows[middle + 1:]])  # as the help says
    assert run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 0
    assert len(lines(out)) == len(items)


@pytest.mark.parametrize("which", ["first", "middle"])
def test_a_households_only_member_row_without_its_id_is_said_to_be_likely_its(run, tmp_path, which):
    """A one-member household whose member row lost its household id was told it has no members, and each of its
    lines that no member has its id: the row sits where its rows would be, between its neighbours' rows."""
    items = sample(30, seed=7)
    alone = [k for k, h in enumerate(items) if len(h["members"]) == 1]
    k = 0 if which == "first" else next(k for k in alone if 0 < k < len(items) - 1)
    items[k]["members"] = items[k]["members"][:1]
    only = items[k]["members"][0]["id"]
    for line in [*items[k].get("income", []), *items[k].get("expenses", [])]:  # its one member's, or the household's
        if line.get("member") not in (None, only):
            del line["member"]
    t = tmp_path / "t"
    write_csv_tables(t, items)
    hid = items[k]["id"]
    rows = (t / "members.csv").read_text(encoding="utf-8").splitlines()
    at = next(i for i, row in enumerate(rows) if row.startswith(hid + ","))
    _rewrite(t / "members.csv", lambda rows: [*rows[:at], rows[at][len(hid):], *rows[at + 1:]])
    out = tmp_path / "out.jsonl"
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    (refused,) = [e for e in lines(tmp_path / "out.jsonl.errors.jsonl") if e["household"] == hid]
    assert _first_said(refused)[:4] == (
        "H004", f"members.csv:{at + 1}", f"household `{hid}` has no row in members.csv, and row {at + 1}, where its "
        "rows would be, has no household id",
        f"if the row is household `{hid}`'s, write `{hid}` in its `household`; if it is no household's, delete it. The "
        "household is not decided without it")
    assert len(refused["diagnostics"]) == 1  # not also "no members", nor its lines' members unknown
    assert len(lines(out)) == len(items) - 1


def test_a_household_is_never_decided_on_part_of_its_csv_rows(run, tmp_path):
    items = sample(12, seed=8)
    with_lines = [h for h in items if len(h.get("income", [])) + len(h.get("expenses", [])) >= 1]
    assert len(with_lines) >= 4 and len(items[4]["members"]) >= 2
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    members = (t / "members.csv").read_text(encoding="utf-8").splitlines()
    split = items[4]["id"]
    first = next(i for i, row in enumerate(members) if row.startswith(split + ","))
    members.insert(first, members.pop(1))  # the first household's first member, amid the fifth's rows
    (t / "members.csv").write_text("\n".join(members) + "\n", encoding="utf-8")
    rows = (t / "lines.csv").read_text(encoding="utf-8").splitlines()
    a, b = with_lines[1]["id"], with_lines[2]["id"]
    assert not {a, b} & {items[0]["id"], split, items[7]["id"]}
    of = lambda hid: [r for r in rows[1:] if r.startswith(hid + ",")]  # noqa: E731
    others = [r for r in rows[1:] if not r.startswith((a + ",", b + ","))]
    at = rows[1:].index(of(a)[0])
    rows = [rows[0], *others[:at], *of(b), *of(a), *others[at:]]  # b's lines before a's: a is out of order
    kind = next(h["id"] for h in with_lines[3:] if h["id"] not in (items[0]["id"], split, items[7]["id"]))
    rows = [r.replace(",income,", ",收入,", 1) if r.startswith(kind + ",") else r for r in rows]
    (t / "lines.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    households = (t / "households.csv").read_text(encoding="utf-8").splitlines()
    repeated = items[7]["id"]
    households += [",,,,,,,", households[8]]  # a row of empty cells, as spreadsheets export them; an id again
    (t / "households.csv").write_text("\r\n".join(households) + "\r\n", encoding="utf-8")
    whole = {items[0]["id"], split, a, kind, repeated}
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", t, "-o", out, "--date", DAY, "-j", 1)
    assert result.exit_code == 2, result.stderr
    assert f"{len(items) + 1} households; {len(items) - len(whole)} decisions written" in result.stderr
    reference = tmp_path / "ref.jsonl"
    run("batch", write_jsonl(tmp_path / "in.jsonl", [h for h in items if h["id"] not in whole]), "-o", reference,
        "--date", DAY, "-j", 1, "--lang", "en")
    assert out.read_bytes() == reference.read_bytes()
    bad = {(e["household"], e["diagnostics"][0]["code"], e["diagnostics"][0]["file"].rsplit("/", 1)[-1])
           for e in lines(tmp_path / "out.jsonl.errors.jsonl")}
    line_of = lambda hid: 2 + rows[1:].index(next(r for r in rows[1:] if r.startswith(hid + ",")))  # noqa: E731
    assert bad == {(items[0]["id"], "H004", f"members.csv:{first + 1}"), (split, "H004", f"members.csv:{first + 2}"),
                   (a, "H004", f"lines.csv:{line_of(a)}"),
                   (kind, "H002", f"lines.csv:{line_of(kind)}"),
                   (repeated, "H005", "households.csv:9"), (repeated, "H005", f"households.csv:{len(items) + 3}")}
    # (each row of the repeated id its own bad record, said at its own row)
    apart = next(e["diagnostics"][0] for e in lines(tmp_path / "out.jsonl.errors.jsonl") if e["household"] == a)
    assert apart["help"].endswith(". Rows in any order are joined only in tables read as columns, which these are "
                                  f"not: {t / 'households.csv'} has a row without a household id, or the header again")
    assert apart["zh"]["help"].endswith("。只有按列读取的表，各行才可以任意顺序排列，而这些表不能按列读取："
                                        f"{t / 'households.csv'} 中有一行没有家庭编号，或是表头又出现了一次")


def _rewrite(path: Path, change: Any) -> list[str]:
    """A CSV table with its rows (header first) changed by `change`, which takes and gives the list of them."""
    rows = change(path.read_text(encoding="utf-8").splitlines())
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return rows


def _first_said(entry: dict[str, Any]) -> tuple[Any, ...]:
    """A bad record's first finding: its code, the file (by name) and line, its message, help and Chinese."""
    d = entry["diagnostics"][0]
    return d["code"], d["file"].rsplit("/", 1)[-1], d["message"], d.get("help"), d["zh"]


def _decided_but(run, tmp_path: Path, items: list[dict[str, Any]], t: Path, engine: str, bad: set[str]) -> list[Any]:
    """Run the tables `t`; the households not in `bad` are decided as their JSON is, and the errors file's entries
    (one each for `bad`, in input order) are returned."""
    out, reference = tmp_path / f"out-{engine}.jsonl", tmp_path / "reference.jsonl"
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--engine", engine)
    assert result.exit_code == 2, result.stderr
    run("batch", write_jsonl(tmp_path / "in.jsonl", [h for h in items if h["id"] not in bad]), "-o", reference,
        "--date", DAY, "--policy", POST, "-j", 1)
    assert out.read_bytes() == reference.read_bytes()
    entries = lines(tmp_path / f"out-{engine}.jsonl.errors.jsonl")
    assert [e["household"] for e in entries] == [h["id"] for h in items if h["id"] in bad]
    return entries


def test_csv_rows_are_read_as_csv_dictreader_reads_them_and_a_row_cut_short_is_a_bad_record(run, tmp_path):
    items = sample(8, seed=6)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    households_csv = (t / "households.csv").read_text(encoding="utf-8").splitlines()
    households_csv[0] += ",assets.deposits"  # a repeated column: its last cell counts
    households_csv[1:] = [row + ",9000" for row in households_csv[1:]]
    households_csv[2] = households_csv[2][: -len(",9000")]  # a cell short: not read with its deposits left out
    households_csv[3] += ",,"  # empty cells beyond the header, as spreadsheets export them: ignored
    households_csv.insert(4, "")  # a blank line: skipped, and the line numbers after it stay true
    (t / "households.csv").write_text("\ufeff" + "\n".join(households_csv) + "\n", encoding="utf-8")
    lines_csv = (t / "lines.csv").read_text(encoding="utf-8").splitlines()
    lines_csv.append(f"{items[-1]['id']},income")  # too short to hold a type and an amount
    (t / "lines.csv").write_text("\n".join(lines_csv) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("batch", t, "-o", out, "--date", DAY, "-j", 2, "--chunk-size", 3)
    assert result.exit_code == 2, result.stderr  # two bad records, and no crash
    by_id = {d["household"]: d for d in lines(out)}
    size = lambda i: len(items[i]["members"])  # noqa: E731
    assert by_id[items[0]["id"]]["values"]["deposits_per_capita"] == f"{9000 / size(0):.2f}"
    assert by_id[items[2]["id"]]["values"]["deposits_per_capita"] == f"{9000 / size(2):.2f}"
    assert set(by_id) == {h["id"] for h in items[:-1]} - {items[1]["id"]}
    short, cut = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert (short["household"], cut["household"]) == (items[1]["id"], items[-1]["id"])
    assert cut["source"].endswith(f"households.csv:{len(items) + 2}")  # (the blank line counts)
    said = [_first_said(e) for e in (short, cut)]
    help = {"help": "write a cell for each column of the header, an empty one (`,,`) for a value not given",
            "zh": "请为表头的每一列各写一个单元格，没有的值就留空（`,,`）"}
    assert said == [("H001", "households.csv:3", "the row has 8 cells where the header has 9 columns", help["help"],
                     {"message": "这一行有 8 个单元格，而表头有 9 列", "help": help["zh"]}),
                    ("H001", f"lines.csv:{len(lines_csv)}", "the row has 2 cells where the header has 5 columns",
                     help["help"], {"message": "这一行有 2 个单元格，而表头有 5 列", "help": help["zh"]})]


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_member_row_cut_short_is_not_decided_on_the_defaults_of_its_missing_cells(run, tmp_path, engine):
    """A member row cut after six of its eleven cells, as an export that stopped mid-row leaves it, took the
    defaults of the five others (no supporter: tekun); it makes its household a bad record, on both routes."""
    items = sample(5, seed=10)
    write_csv_tables(tmp_path / "t", items)
    members_csv = _rewrite(tmp_path / "t" / "members.csv", lambda rows: [
        ",".join(row.split(",")[:6]) if row.startswith(items[3]["id"] + ",") else row for row in rows])
    [entry] = _decided_but(run, tmp_path, items, tmp_path / "t", engine, {items[3]["id"]})
    first = 1 + next(i for i, row in enumerate(members_csv) if row.startswith(items[3]["id"] + ","))
    assert entry["diagnostics"][0]["file"].endswith(f"members.csv:{first}")
    assert entry["diagnostics"][0]["message"] == "the row has 6 cells where the header has 11 columns"


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_csv_row_with_more_cells_than_its_header_makes_its_household_a_bad_record(run, tmp_path, engine):
    """An amount with a thousands separator, unquoted, is two cells (`16,630.00`: 16 yuan, and a cell too many):
    never read as the first of them, whatever its column; empty cells beyond the header are Excel's, and harmless."""
    items = sample(6, seed=9)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    assert items[0]["income"][0]["amount"] == 16630 and items[1]["assets"]["deposits"] == 9670
    lines_csv = _rewrite(t / "lines.csv", lambda rows: [rows[0], rows[1].replace(",16630", ",16,630.00"), *rows[2:]])
    _rewrite(t / "households.csv", lambda rows: [*rows[:2], rows[2].replace(",9670,", ",9,670,"),
                                                 *(row + ",," for row in rows[3:])])  # in a middle column
    members_csv = _rewrite(t / "members.csv", lambda rows: [
        row + ",x" if row.startswith(items[2]["id"] + ",") else row for row in rows])
    entries = _decided_but(run, tmp_path, items, t, engine, {h["id"] for h in items[:3]})
    said = [_first_said(e) for e in entries]
    assert len(lines_csv[1].split(",")) == 6 and lines_csv[1].startswith(items[0]["id"] + ",income,")
    member_row = 1 + next(i for i, row in enumerate(members_csv) if row.startswith(items[2]["id"] + ","))
    assert said == [
        ("H001", "lines.csv:2", "the row has 6 cells where the header has 5 columns",
         "`16` and `630.00` look like one amount, `16,630.00`, split at its thousands separator (column `amount`); "
         "an amount is written without the separator: `16630.00`",
         {"message": "这一行有 6 个单元格，而表头有 5 列",
          "help": "`16` 和 `630.00` 像是同一个金额 `16,630.00` 在千位分隔符处被拆开了（`amount` 列）；"
                  "金额不加千位分隔符，应写作 `16630.00`"}),
        ("H001", "households.csv:3", "the row has 9 cells where the header has 8 columns",
         "`9` and `670` look like one amount, `9,670`, split at its thousands separator (column `assets.deposits`); "
         "an amount is written without the separator: `9670`",
         {"message": "这一行有 9 个单元格，而表头有 8 列",
          "help": "`9` 和 `670` 像是同一个金额 `9,670` 在千位分隔符处被拆开了（`assets.deposits` 列）；"
                  "金额不加千位分隔符，应写作 `9670`"}),
        ("H001", f"members.csv:{member_row}", "the row has 12 cells where the header has 11 columns",
         'a comma within a value splits it into two cells: remove the comma, or put the value in double quotes ("…")',
         {"message": "这一行有 12 个单元格，而表头有 11 列",
          "help": '值中的逗号会把它拆成两个单元格：请去掉逗号，或给这个值加上英文双引号（"…"）'})]
    assert all(e["source"].endswith(f"households.csv:{k + 2}") for k, e in enumerate(entries))


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_an_amount_with_a_decimal_comma_in_a_csv_table_is_told_to_take_a_decimal_point(run, tmp_path, engine):
    """`16630,50` unquoted is the cells `16630` and `50`; removing the comma, as the help for a comma in a value
    says, would make it 1,663,050 yuan: the help says to write a decimal point. Quoted, it is one cell, not a number."""
    items = sample(6, seed=9)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    _rewrite(t / "lines.csv", lambda rows: [rows[0], rows[1].replace(",16630", ",16630,50"), *rows[2:]])
    _rewrite(t / "households.csv", lambda rows: [*rows[:2], rows[2].replace(",9670,", ',"9670,5",'), *rows[3:]])
    said = [_first_said(e) for e in _decided_but(run, tmp_path, items, t, engine, {h["id"] for h in items[:2]})]
    assert said == [
        ("H001", "lines.csv:2", "the row has 6 cells where the header has 5 columns",
         "`16630` and `50` look like one amount, `16630,50`, split at its decimal comma (column `amount`): write it "
         "with a decimal point, `16630.50`",
         {"message": "这一行有 6 个单元格，而表头有 5 列",
          "help": "`16630` 和 `50` 像是同一个金额 `16630,50` 在作小数点的逗号处被拆开了（`amount` 列）；"
                  "小数点应写作“.”：`16630.50`"}),
        ("H002", "households.csv:3", '"9670,5" is not a number', "write `9670.5`: a decimal point, not a comma",
         {"message": '"9670,5" 不是数字', "help": "应写作 `9670.5`：小数点用“.”，不用逗号"})]


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_an_amount_split_into_a_column_with_no_header_is_said_so_not_to_remove_the_column(run, tmp_path, engine):
    """Excel ends the header and every row with `,`; an amount with a thousands separator, unquoted, puts its last
    part in that column with no name. The run was refused with "remove it", after which the amount was read as its
    first part (16 yuan): the rows are bad records that say the amount is split, whichever table they are in."""
    items = sample(6, seed=9)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    assert items[0]["income"][0]["amount"] == 16630 and items[1]["assets"]["deposits"] == 9670
    _rewrite(t / "lines.csv", lambda rows: [rows[0] + ",", rows[1].replace(",16630", ",16,630.00") + ",",
                                            *(row + "," for row in rows[2:])])
    _rewrite(t / "households.csv", lambda rows: [*(row + "," for row in rows[:2]),
                                                 rows[2].replace(",9670,", ",9,670,") + ",",
                                                 *(row + "," for row in rows[3:])])
    said = [_first_said(e) for e in _decided_but(run, tmp_path, items, t, engine, {h["id"] for h in items[:2]})]
    assert said == [
        ("H001", "lines.csv:2", "the row has 7 cells where the header names 5 columns",
         "`16` and `630.00` look like one amount, `16,630.00`, split at its thousands separator (column `amount`); "
         "an amount is written without the separator: `16630.00`",
         {"message": "这一行有 7 个单元格，而表头只有 5 列有列名",
          "help": "`16` 和 `630.00` 像是同一个金额 `16,630.00` 在千位分隔符处被拆开了（`amount` 列）；"
                  "金额不加千位分隔符，应写作 `16630.00`"}),
        ("H001", "households.csv:3", "the row has 10 cells where the header names 8 columns",
         "`9` and `670` look like one amount, `9,670`, split at its thousands separator (column `assets.deposits`); "
         "an amount is written without the separator: `9670`",
         {"message": "这一行有 10 个单元格，而表头只有 8 列有列名",
          "help": "`9` 和 `670` 像是同一个金额 `9,670` 在千位分隔符处被拆开了（`assets.deposits` 列）；"
                  "金额不加千位分隔符，应写作 `9670`"})]
    # a value of its own there too: the column is refused, and the split amount named before it is removed
    _rewrite(t / "lines.csv", lambda rows: [*rows[:-1], rows[-1] + "x"])
    result = run("batch", t, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "--engine", engine,
                 "--lang", "en")
    assert result.exit_code == 2 and result.stderr == (
        f"error: {t / 'lines.csv'}: column 6 (after `amount`) has no header, but holds values; write the name of the "
        "input it holds at its top (the columns are household, kind, type, member, amount), or remove it; but first "
        "write whole each amount split into it (lines.csv:2: `16` and `630.00` look like one amount, `16,630.00`, "
        "split at its thousands separator (column `amount`); an amount is written without the separator: "
        "`16630.00`)\n")


def _by_both_engines(run, tmp_path: Path, source: Path, *args: Any, code: int = 0, name: str = "out") -> Any:
    """Run `source` by the fast and the exact engine: the same decisions and errors files, byte for byte, and the
    same words; the fast run's result."""
    said = []
    for engine in ("fast", "exact"):
        result = run("batch", source, "-o", tmp_path / f"{name}-{engine}.jsonl", "--engine", engine, *args)
        assert result.exit_code == code, result.stderr
        words = re.sub(r"(?: — |。用时 ).*", "", result.stderr)  # the run line's timing aside
        said.append((result, words.replace(f"{name}-{engine}.", f"{name}.")))
    for written in (f"{name}-{{}}.jsonl", f"{name}-{{}}.jsonl.errors.jsonl"):
        fast, exact = (tmp_path / written.format(e) for e in ("fast", "exact"))
        assert fast.exists() == exact.exists() and (not fast.exists() or fast.read_bytes() == exact.read_bytes())
    assert said[0][1] == said[1][1]
    return said[0][0]


def test_a_quoted_amount_with_a_thousands_separator_in_csv_is_told_to_lose_the_separator_not_quotes(run, tmp_path):
    """`"16,630.00"` in a CSV cell is refused as in JSON, but quotes are how CSV keeps a comma in a cell: the help
    said to write it "without quotes", JSON's advice; from CSV it names the separator only (and `是` is `true`)."""
    items = sample(6, seed=9)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    assert items[0]["income"][0]["amount"] == 16630 and items[1]["assets"]["deposits"] == 9670
    _rewrite(t / "lines.csv", lambda rows: [rows[0], rows[1].replace(",16630", ',"16,630.00"'), *rows[2:]])
    _rewrite(t / "households.csv", lambda rows: [*rows[:2], rows[2].replace(",9670,", ',"9,670",'), *rows[3:]])
    members = _rewrite(t / "members.csv", lambda rows: [
        re.sub(r",(?:true|false),", ",是,", row) if row.startswith(items[2]["id"] + ",") else row for row in rows])
    result = _by_both_engines(run, tmp_path, t, "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en", code=2)
    assert '"16,630.00" is not a number' in result.stderr
    member_row = 1 + next(i for i, row in enumerate(members) if row.startswith(items[2]["id"] + ","))
    assert [_first_said(e) for e in lines(tmp_path / "out-fast.jsonl.errors.jsonl")] == [
        ("H002", "lines.csv:2", '"16,630.00" is not a number', "write `16630.00`: no thousands separator",
         {"message": '"16,630.00" 不是数字', "help": "应写作 `16630.00`：不加千位分隔符"}),
        ("H002", "households.csv:3", '"9,670" is not a number', "write `9670`: no thousands separator",
         {"message": '"9,670" 不是数字', "help": "应写作 `9670`：不加千位分隔符"}),
        ("H002", f"members.csv:{member_row}", '"是" is not true or false',
         "write `true`; or read `是` as `true` with --rename-value 是=true",
         {"message": '"是" 不是 true 或 false',
          "help": "应写作 `true`；或把 `是` 读作 `true`：加上 --rename-value 是=true"})]
    items[0]["income"][0]["amount"] = "16,630.00"  # in JSON the quotes make it a text: its advice stands
    result = run("batch", write_jsonl(tmp_path / "in.jsonl", items[:1]), "-o", tmp_path / "j.jsonl", "--date", DAY,
                 "--policy", POST, "-j", 1)
    assert result.exit_code == 2
    [entry] = lines(tmp_path / "j.jsonl.errors.jsonl")
    assert entry["diagnostics"][0]["help"] == "write `16630.00`: no thousands separator, and without quotes"


def test_a_required_cell_left_empty_in_csv_is_told_by_its_column_not_as_json(run, tmp_path):
    """An empty `birth_date` cell was "`birth_date` is missing", with the help to add `"birth_date": "1958-03-02"`
    — JSON, which the clerk filling in a table cannot write anywhere; it is said as the empty cell of its column."""
    items = sample(4, seed=9)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    members = _rewrite(t / "members.csv", lambda rows: [
        re.sub(r",\d{4}-\d{2}-\d{2},", ",,", row, count=1) if row.startswith(items[1]["id"] + ",") else row
        for row in rows])
    row = 1 + next(i for i, line in enumerate(members) if line.startswith(items[1]["id"] + ","))
    _by_both_engines(run, tmp_path, t, "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en", code=2)
    assert [_first_said(e) for e in lines(tmp_path / "out-fast.jsonl.errors.jsonl")] == [
        ("H002", f"members.csv:{row}", "`birth_date` is empty",
         "fill in the `birth_date` column (date of birth): a date written YYYY-MM-DD, e.g. 1958-03-02",
         {"message": "`birth_date` 为空",
          "help": "请在 `birth_date` 列填写出生日期：日期，写作 YYYY-MM-DD，例如 1958-03-02"})]
    del items[1]["members"][0]["birth_date"]  # left out of a JSON household, it is still told in JSON's words
    result = run("batch", write_jsonl(tmp_path / "in.jsonl", items[1:2]), "-o", tmp_path / "j.jsonl", "--date", DAY,
                 "--policy", POST, "-j", 1, "--lang", "en")
    assert result.exit_code == 2
    [entry] = lines(tmp_path / "j.jsonl.errors.jsonl")
    assert (entry["diagnostics"][0]["message"], entry["diagnostics"][0]["help"]) == (
        "`birth_date` is missing",
        'add `birth_date` (date of birth): a date written YYYY-MM-DD, e.g. `"birth_date": "1958-03-02"`')


def test_an_amount_or_a_type_left_empty_in_lines_csv_is_told_by_its_column(run, tmp_path):
    """An empty `amount` cell was `"" is not a number`, with no help: it is the empty cell of its column, said how
    to fill in as an input's empty cell is; an empty `type` cell likewise, with the policy's types."""
    items = sample(4, seed=9)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    rows = (t / "lines.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    first, second = [i for i, row in enumerate(rows) if row.startswith(items[0]["id"] + ",")][:2]  # 0: the header

    def emptied(row: str, column: str) -> str:
        cells = row.split(",")
        cells[header.index(column)] = ""
        return ",".join(cells)

    _rewrite(t / "lines.csv", lambda rows: [emptied(row, "amount") if i == first else
                                            emptied(row, "type") if i == second else row
                                            for i, row in enumerate(rows)])
    _by_both_engines(run, tmp_path, t, "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en", code=2)
    [entry] = lines(tmp_path / "out-fast.jsonl.errors.jsonl")
    amount, kind = entry["diagnostics"]
    assert (amount["message"], amount["help"], amount["zh"]) == (
        "`amount` is empty", "fill in the `amount` column: yuan over the last 12 months, at most two decimals, "
        "e.g. 18000", {"message": "`amount` 为空",
                       "help": "请在 `amount` 列填写：近 12 个月的金额（元），最多两位小数，例如 18000"})
    assert amount["file"].endswith(f"/lines.csv:{first + 1}") and kind["file"].endswith(f"/lines.csv:{second + 1}")
    assert kind["message"] == "`type` is empty" and kind["help"].startswith("fill in the `type` column, e.g. ")


def _awkward_csv_tables(folder: Path, seed: int) -> None:
    """Plain CSV tables (no quote, no blank line) with cells in other spellings here and there (some the
    row reader takes, some it refuses), each for its column's type; the join keys kept."""
    import random

    rng = random.Random(seed)
    policy = load_policy(POST)[0]
    write_csv_tables(folder, sample(300, seed=seed))
    spellings = {"boolean": ["1", "0", "TRUE", "False", " true", "yes", ""],
                 "integer": ["007", "-0", " 3", "3.0", "-1", "99999999999999", "abc", ""],
                 "money": ["007.5", "7.", ".5", "12.345", " 7", "-5", "1e3", "0.10", ""],
                 "date": ["", " 1990-01-01", "2026-13-01", "1990-1-1"],
                 "enum": ["", "head ", "x"], "text": ["", " x"],
                 "kind": ["expenses", "expense", "income", " income", "foo", ""], "type": ["", "wage", "x"]}
    types = {f.name: f.type for f in policy.inputs.values()} | {"kind": "kind", "type": "type", "amount": "money",
                                                                  "member": "text"}
    for name in ("households.csv", "members.csv", "lines.csv"):
        rows = (folder / name).read_text(encoding="utf-8").splitlines()
        header = rows[0].split(",")
        columns = [i for i, column in enumerate(header) if column in types]
        for i in range(1, len(rows)):
            cells = rows[i].split(",")
            if rng.random() < 0.15:
                at = rng.choice(columns)
                cells[at] = rng.choice(spellings[types[header[at]]])
            rows[i] = ",".join(cells)
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")


def _decided_alike_by_both_routes(run, tmp_path: Path, plain: Path, *options: Any,
                                  ignored: frozenset[str] = frozenset()) -> None:
    """`plain` read as columns, the same tables with every cell in quotes (as a database export writes them: read
    as columns too), and the same tables with a quote only the row reader is trusted with (read row by row), give the
    same output and errors, as JSON Lines and as CSV."""
    import shutil

    from engine.batch.csv_columns import plan
    from engine.batch.csv_tables import CsvTables

    quoted, rowwise = tmp_path / "quoted", tmp_path / "rowwise"
    write_every_cell_quoted(plain, quoted)
    sent_row_by_row(shutil.copytree(plain, rowwise))
    policies = [load_policy(POST)[0]]
    assert plan(CsvTables(plain, policies, ignored=ignored), 40) is not None
    assert plan(CsvTables(quoted, policies, ignored=ignored), 40) is not None
    assert plan(CsvTables(rowwise, policies, ignored=ignored), 40) is None
    for folder in (plain, quoted, rowwise):
        for suffix in ("jsonl", "csv"):
            result = run("batch", folder, "-o", tmp_path / f"{folder.name}.{suffix}", *options,
                         "-j", 2, "--chunk-size", 40)
            assert result.exit_code in (0, 2), result.stderr
    for suffix in ("jsonl", "csv", "jsonl.errors.jsonl", "csv.errors.jsonl"):
        got = (tmp_path / f"{plain.name}.{suffix}").read_text(encoding="utf-8").replace(f"/{plain.name}/", "/t/")
        for other in (quoted, rowwise):
            want = (tmp_path / f"{other.name}.{suffix}").read_text(encoding="utf-8").replace(f"/{other.name}/",
                                                                                             "/t/")
            assert got == want, (other.name, suffix)


# the cells in quotes Arrow and the row reader read alike, as a regular expression: what `_simply_quoted` checks on
# the bytes as arrays (a cell in quotes from a comma or a line's start to a comma or a line's end, holding no quote
# but doubled ones and no carriage return but before a line feed)
_CELL_IN_QUOTES = re.compile(rb'(?m)(?:^|(?<=,))"[^"\r]*(?:(?:""|\r\n)[^"\r]*)*"(?=,|\r?$)')


@hypothesis.settings(max_examples=3000, deadline=None)
@hypothesis.given(st.lists(st.sampled_from([b'"', b'""', b",", b"\n", b"\r", b"\r\n", b"a", b"\xe6\x88\xb7"]),
                           max_size=16).map(b"".join))
def test_the_quote_check_takes_exactly_the_cells_in_quotes_both_readers_read_alike(text):
    from engine.batch.csv_columns import _simply_quoted, _stray_quote_line

    simple = b'"' not in _CELL_IN_QUOTES.sub(b"", text)
    assert _simply_quoted(text) == simple
    if not simple:  # the line named holds a quote no cell in quotes takes
        line = text.split(b"\n")[_stray_quote_line(text)]
        assert b'"' in line


@pytest.mark.parametrize(("date", "columns"), [
    ('"2026-01-01"', True),  # a whole cell in quotes, holding no quote
    ('"2026""-01-01"', True),  # an escaped quote: `2026"-01-01`, read alike (and refused alike: not a date)
    ('20"26-01-01', False),  # a quote inside a cell
    ('"2026-01-01" ', False),  # text after the closing quote
    ('"2026-01-\n01"', True),  # a line break in quotes: the cell's, the row on two lines (read alike)
    ('"2026-01-\r\n01"', True),  # … Windows' line break too
    ('"2026-01-\r01"', False),  # a carriage return alone in quotes: a line to one reader, not to the other
])
def test_cells_in_quotes_are_read_as_columns_only_where_both_readers_read_them_alike(tmp_path, monkeypatch, date,
                                                                                   columns):
    """A cell in quotes that holds no quote is read alike by Arrow and by the row reader, row for line; any other
    quote sends the tables row by row, wherever the blocks the file is read in end. The table starts with a BOM and
    a header in quotes, as Excel writes one."""
    from engine.batch import csv_columns
    from engine.batch.csv_tables import CsvTables

    write_csv_tables(tmp_path / "t", sample(30, seed=3))
    table = tmp_path / "t" / "households.csv"
    rows = table.read_text(encoding="utf-8").splitlines()
    for k in (len(rows) // 2, len(rows) - 1):  # a row in the middle and the last, whose line is the file's end
        cells = rows[k].split(",")
        cells[1] = date
        rows[k] = ",".join(cells)
    text = "\ufeff" + "\n".join(['"' + rows[0].replace(",", '","') + '"', *rows[1:]]) + "\n"  # as Excel writes it:
    table.write_bytes(text.encode("utf-8"))  # a BOM, and here the header in quotes
    data = table.read_bytes()
    cell = data.index(date.encode())  # read in blocks one of which ends within the cell (the header within the first)
    monkeypatch.setattr(csv_columns, "_BLOCK", next(b for b in range(data.index(b"\n") + 2, cell)
                                                    if cell < (cell + 8) // b * b < cell + 8))
    tables = CsvTables(tmp_path / "t", [load_policy(POST)[0]])
    assert (csv_columns.plan(tables, 40) is not None) == columns
    why = csv_columns.planned_row_by_row(tables)  # the line the quote is on, counted across the blocks
    assert why is None if columns else f"households.csv:{len(rows) // 2 + 1} has a quote that is not " in why.en


@pytest.mark.parametrize(("table", "change", "why"), [
    ("members.csv", lambda rows: rows.insert(9, ""), "a row of {t} is not on a line of its own: a blank line (but at "
                                                      "the end) or a lone carriage return"),
    ("lines.csv", lambda rows: rows.__setitem__(6, rows[6] + ",x"), "{t} has a row of 6 cells, where its header has 5"),
    ("households.csv", lambda rows: rows.append(rows[3]),
     "{t}:22 holds household id `SAMPLE-0000003`, which line 4 holds too"),
    ("households.csv", lambda rows: rows.append(""), None),  # a blank line at the end: plain
    ("households.csv", lambda rows: rows.insert(1, "," * rows[0].count(",")),
     "{t} has a row without a household id, or the header again"),
    ("members.csv", lambda rows: rows.append("GHOST" + rows[1][rows[1].index(","):]),
     "{t}:{end} is a row for household `GHOST`, which is not in households.csv"),
    ("members.csv", lambda rows: rows.__setitem__(4, re.sub(r",(\w+),", r',"\1"x,', rows[4], count=1)),
     "{t}:5 has a quote that is not around a whole cell"),  # text after the closing quote: `"p1"x` is `p1x`
])
def test_tables_read_row_by_row_say_why_before_the_run(run, tmp_path, monkeypatch, table, change, why):
    """A data engineer whose export is read row by row, several times slower, is told why before the run starts
    (the table, and the line where one is to blame), on standard error and in the summary's notes."""
    from engine.batch import csv_columns

    monkeypatch.setattr(csv_columns, "SLOWER_FROM", 0)  # said of tables this small too
    write_csv_tables(tmp_path / "t", sample(20, seed=3))
    path = tmp_path / "t" / table
    rows = path.read_text(encoding="utf-8").splitlines()
    change(rows)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("batch", tmp_path / "t", "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--summary", tmp_path / "summary.json", "--lang", "en")
    assert result.exit_code in (0, 2), result.stderr
    notes = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))["notes"]
    slower = "the CSV tables are read row by row, several times slower than as columns: "
    if why is None:
        assert slower not in result.stderr and notes == []
        return
    said = slower + why.format(t=path, end=len(rows))
    assert result.stderr.startswith(f"note: {said}")
    assert notes[0]["level"] == "note" and notes[0]["message"].startswith(said)
    assert len(lines(tmp_path / "out.jsonl")) >= 19  # every household but one at most decided, row by row


@pytest.mark.parametrize(("spoil", "said"), [
    (lambda row: row.replace(",", " ,", 1), "writes household `{hid}` as `{hid} `, with a space after it"),
    (lambda row: "GHOST" + row[row.index(","):], "is a row for household `GHOST`, which is not in households.csv"),
])
def test_one_stray_row_in_tables_in_another_order_is_named_where_every_household_is_refused(run, tmp_path, spoil,
                                                                                            said):
    """A members table exported by member, not by household, is read as columns in its order; one row whose
    household id has a trailing space kept it from that, and each household was refused as "not together" with
    no word of the row to blame: its line, its id as written and what is wrong with it are said in each help and in
    the summary's tally, with the choice to fix that row or sort the table."""
    write_csv_tables(tmp_path / "t", sample(12, seed=3))
    path = tmp_path / "t" / "members.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    rows.reverse()  # by member, the last household first
    stray = 5
    hid = rows[stray].split(",", 1)[0]
    rows[stray] = spoil(rows[stray])
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result = run("batch", tmp_path / "t", "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 2
    blamed = f"rows in any order are joined only in tables read as columns, which one row keeps these from: " \
             f"{path}:{stray + 2} {said.format(hid=hid)}; correct it, or sort members.csv by household, in the order " \
             "of households.csv (for example, both by household id)"
    apart = [d for record in lines(tmp_path / "out.jsonl.errors.jsonl") for d in record["diagnostics"]
             if "not together" in d["message"]]
    assert apart and all(d["help"].startswith(blamed) for d in apart)
    assert all("correct it，" not in d["zh"]["help"] and f"{path} 第 {stray + 2} 行" in d["zh"]["help"] for d in apart)
    tally = next(line for line in result.stderr.splitlines() if "not together" in line)
    assert f"; {blamed}" in tally


def test_tables_read_row_by_row_say_why_in_chinese_when_they_are_large_enough_to_matter(run, tmp_path, monkeypatch):
    from engine.batch import csv_columns

    write_csv_tables(tmp_path / "t", sample(5, seed=3))
    table = tmp_path / "t" / "households.csv"
    table.write_bytes(table.read_bytes().replace(b"SAMPLE", "王".encode("gbk"), 1))  # saved as GBK, as Excel may
    size = sum(p.stat().st_size for p in (tmp_path / "t").iterdir())
    for limit, said in ((size + 1, False), (size, True)):
        monkeypatch.setattr(csv_columns, "SLOWER_FROM", limit)
        result = run("batch", tmp_path / "t", "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                     "--lang", "zh")
        slower = f"注意：CSV 表将逐行读取，比按列读取慢数倍：{table} 第 2 行的文本不是 UTF-8 编码\n"
        assert result.stderr.startswith(slower) == said


@pytest.mark.parametrize(("ending", "columns"), [
    (b"\n\n", True),  # a blank line at the end, as a text editor leaves one
    (b"\r\n\r\n\r\n", True),  # blank lines at the end of a table written on Windows
    (b"\n\r\n", True),  # both kinds of line break
    (b"\n\r\r\n", False),  # a lone carriage return among them
    (b"\n\n \n", False),  # a line with a blank in it: a row to both readers
])
def test_blank_lines_at_the_end_of_csv_tables_keep_them_plain(run, tmp_path, monkeypatch, ending, columns):
    """Both readers skip blank lines, and none at the end of a table can change the line of a row after it: such
    tables are read as columns, wherever the blocks the file is read in end, and decide as without them."""
    from engine.batch import csv_columns
    from engine.batch.csv_tables import CsvTables

    items = sample(30, seed=3)
    write_csv_tables(tmp_path / "plain", items)
    write_csv_tables(tmp_path / "t", items)
    for name in ("lines.csv", "households.csv"):
        table = tmp_path / "t" / name
        table.write_bytes(data := table.read_bytes().rstrip(b"\r\n") + ending)
    start, size = len(data) - len(ending), len(data)  # a block of households.csv ends within its line breaks
    monkeypatch.setattr(csv_columns, "_BLOCK", next(b for b in range(data.index(b"\n") + 2, size)
                                                    if start < (size - 1) // b * b))
    assert (csv_columns.plan(CsvTables(tmp_path / "t", [load_policy(POST)[0]]), 40) is not None) == columns
    for folder in ("plain", "t"):
        result = run("batch", tmp_path / folder, "-o", tmp_path / f"{folder}.jsonl", "--date", DAY, "-j", 1)
        assert result.exit_code == 0, result.stderr
    assert (tmp_path / "t.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()


def write_every_cell_quoted(folder: Path, into: Path) -> None:
    """The CSV tables of `folder` again in `into`, every cell of every row in quotes, the header's too."""
    import csv as csv_module

    into.mkdir()
    for table in folder.iterdir():
        with table.open(encoding="utf-8", newline="") as source:
            rows = list(csv_module.reader(source))
        with (into / table.name).open("w", encoding="utf-8", newline="") as out:
            csv_module.writer(out, quoting=csv_module.QUOTE_ALL).writerows(rows)


@pytest.mark.parametrize("seed", [1, 2])
def test_plain_csv_tables_read_as_columns_decide_as_the_row_reader_does(run, tmp_path, seed):
    _awkward_csv_tables(tmp_path / "plain", seed)
    _decided_alike_by_both_routes(run, tmp_path, tmp_path / "plain", "--date", DAY, "--policy", POST)
    assert len(lines(tmp_path / "plain.jsonl")) > 100 and len(lines(tmp_path / "plain.jsonl.errors.jsonl")) > 30


def test_csv_tables_with_escaped_quotes_are_read_as_columns_and_decide_as_the_row_reader_does(run, tmp_path):
    """Text that holds a quote is written in quotes with the quote doubled (`"户""1"` for `户"1`), as `csv` and Excel
    write it: read alike by both readers, such tables stay on the column route."""
    import shutil

    items = sample(80, seed=23)
    for h in items[1::5]:  # (not the first: `sent_row_by_row` writes its id in quotes of its own)
        h["id"] = 'Q"' + h["id"] + '"'  # in each table: households.csv, members.csv and lines.csv
    items[7]["members"][0]["relation"] = 'he"ad'  # no relation: a bad record, worded alike on both routes
    write_csv_tables(tmp_path / "plain", items)
    assert '"Q""SAMPLE-0000002"""' in (tmp_path / "plain" / "households.csv").read_text(encoding="utf-8")
    _decided_alike_by_both_routes(run, tmp_path, tmp_path / "plain", "--date", DAY, "--policy", POST)
    decided = {d["household"] for d in lines(tmp_path / "plain.jsonl")}
    assert 'Q"SAMPLE-0000002"' in decided
    assert [e["household"] for e in lines(tmp_path / "plain.jsonl.errors.jsonl")] == [items[7]["id"]]
    shuffled = interleaved(shutil.copytree(tmp_path / "plain", tmp_path / "shuffled"))  # joined as columns only
    result = run("batch", shuffled, "-o", tmp_path / "shuffled.jsonl", "--date", DAY, "--policy", POST)
    assert result.exit_code == 2, result.stderr
    assert (tmp_path / "shuffled.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()


def test_csv_tables_with_line_breaks_in_quotes_are_read_as_columns_and_decide_as_the_row_reader_does(run, tmp_path):
    """A cell on several lines (an address typed with line breaks in Excel, a note) is written in quotes: the row
    spans lines, and both readers read it alike, so the tables stay on the column route — the lines that messages
    name included (the row reader names a row by its last line)."""
    import csv as csv_module
    import shutil

    items = sample(80, seed=29)
    items[7]["members"][0]["relation"] = "he\nad"  # no relation, on two lines: a bad record worded alike
    items[11]["members"][0]["relation"] = "x"  # … and one after it, its line moved by the rows before
    write_csv_tables(tmp_path / "plain", items)
    for name, column, every in (("households.csv", "address", 3), ("members.csv", "name", 4)):
        table = tmp_path / "plain" / name
        with table.open(encoding="utf-8", newline="") as source:
            head, *rows = list(csv_module.reader(source))
        with table.open("w", encoding="utf-8", newline="") as out:
            csv_module.writer(out, lineterminator="\n").writerows(
                [[*head, column], *([*row, f"第{k}组\n{'1号' if k % 2 else '2号'}\r\n楼" if k % every == 0 else "x"]
                                    for k, row in enumerate(rows))])
    assert '"第0组\n2号\r\n楼"'.encode() in (tmp_path / "plain" / "households.csv").read_bytes()
    options = ("--date", DAY, "--policy", POST, "--ignore-column", "address,name")
    _decided_alike_by_both_routes(run, tmp_path, tmp_path / "plain", *options, ignored=frozenset({"address", "name"}))
    errors = lines(tmp_path / "plain.jsonl.errors.jsonl")
    assert [e["household"] for e in errors] == [items[7]["id"], items[11]["id"]]
    shuffled = interleaved(shutil.copytree(tmp_path / "plain", tmp_path / "shuffled"))  # joined as columns only
    result = run("batch", shuffled, "-o", tmp_path / "shuffled.jsonl", *options)
    assert result.exit_code == 2, result.stderr
    assert (tmp_path / "shuffled.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()


def test_plain_csv_tables_without_lines_with_own_dates_and_chinese_ids_decide_alike(run, tmp_path):
    items = sample(60, seed=21)
    for h in items[::7]:
        h["id"] = "户-" + h["id"]
    items[5]["date"], items[9]["date"] = "2025-06-01", "2026-02-01"  # two policies in force
    items[3]["members"] = []  # no member rows: a bad record on both routes
    write_csv_tables(tmp_path / "plain", items)
    (tmp_path / "plain" / "lines.csv").unlink()
    _decided_alike_by_both_routes(run, tmp_path, tmp_path / "plain", "--policy-dir", ROOT / "policy")
    decided = {d["household"]: d for d in lines(tmp_path / "plain.jsonl")}
    assert decided[items[5]["id"]]["policy"]["version"] == "2024-transition" and "户-SAMPLE-0000001" in decided
    assert [e["household"] for e in lines(tmp_path / "plain.jsonl.errors.jsonl")] == [items[3]["id"]]


def test_csv_tables_the_columns_cannot_cut_safely_are_read_row_by_row(tmp_path):
    from engine.batch.csv_columns import plan
    from engine.batch.csv_tables import CsvTables

    policies = [load_policy(POST)[0]]
    items = sample(40, seed=14)
    cases = {"in order": items, "an id twice": [*items, {**items[3], "members": items[3]["members"]}]}
    for name, households_ in cases.items():
        write_csv_tables(tmp_path / name, households_)
        assert (plan(CsvTables(tmp_path / name, policies), 7) is None) == (name != "in order"), name
    with (tmp_path / "in order" / "lines.csv").open("a", encoding="utf-8") as table:
        table.write("GHOST,income,wage,,100\n")  # a row of no household: the row reader words it
    assert plan(CsvTables(tmp_path / "in order", policies), 7) is None


@pytest.mark.parametrize("seed", [1, 2])
def test_plain_csv_tables_in_any_order_are_joined_by_household_id(run, tmp_path, seed):
    """Member and line rows exported in any order, a household's rows apart and after later households', are read
    as columns, each chunk's rows gathered in the order of households.csv: the same decisions as the tables sorted by
    household, and the same bad records, each finding naming the line the row is on in the table as given."""
    import shutil

    from engine.batch.csv_columns import plan
    from engine.batch.csv_tables import CsvTables

    _awkward_csv_tables(tmp_path / "sorted", seed)
    interleaved(shutil.copytree(tmp_path / "sorted", tmp_path / "mixed"), seed)
    assert (tmp_path / "mixed" / "members.csv").read_bytes() != (tmp_path / "sorted" / "members.csv").read_bytes()
    assert plan(CsvTables(tmp_path / "mixed", [load_policy(POST)[0]]), 40) is not None

    def rows_named(folder: str) -> list[str]:
        """The errors file, each `table.csv:N` written as the text of that line (and each line number dropped)."""
        text = {name: (tmp_path / folder / name).read_text(encoding="utf-8").splitlines()
                for name in ("households.csv", "members.csv", "lines.csv")}
        errors = (tmp_path / f"{folder}.jsonl.errors.jsonl").read_text(encoding="utf-8")
        errors = re.sub(r'"line":\d+', '"line":0', errors)
        return re.sub(rf"{re.escape(str(tmp_path / folder))}/(\w+\.csv):(\d+)",
                      lambda m: f"{m[1]}: {text[m[1]][int(m[2]) - 1]}", errors).splitlines()

    for folder in ("sorted", "mixed"):
        result = run("batch", tmp_path / folder, "-o", tmp_path / f"{folder}.jsonl", "--date", DAY, "--policy", POST,
                     "-j", 2, "--chunk-size", 40)
        assert result.exit_code == 2, result.stderr
    assert (tmp_path / "mixed.jsonl").read_bytes() == (tmp_path / "sorted.jsonl").read_bytes()
    assert rows_named("mixed") == rows_named("sorted")
    assert any("members.csv: " in entry for entry in rows_named("mixed"))  # findings about member rows, located


def test_plain_csv_tables_from_windows_tools_take_the_column_route(run, tmp_path):
    from engine.batch.csv_columns import plan
    from engine.batch.csv_tables import CsvTables

    items = sample(30, seed=12)
    write_csv_tables(tmp_path / "t", items)
    for name in ("households.csv", "members.csv", "lines.csv"):
        text = (tmp_path / "t" / name).read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        (tmp_path / "t" / name).write_text("\ufeff" + text if name == "households.csv" else text,
                                           encoding="utf-8", newline="")
    assert plan(CsvTables(tmp_path / "t", [load_policy(POST)[0]]), 7) is not None
    out = tmp_path / "out.jsonl"
    result = run("batch", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, "-j", 2, "--chunk-size", 7)
    assert result.exit_code == 0, result.stderr
    source = write_jsonl(tmp_path / "in.jsonl", items)
    assert run("batch", source, "-o", tmp_path / "j.jsonl", "--date", DAY, "--policy", POST, "-j", 1).exit_code == 0
    assert out.read_bytes() == (tmp_path / "j.jsonl").read_bytes()


_SUFFIX = {"gzip": ".gz", "bz2": ".bz2", "lzma": ".xz", "zstd": ".zst"}


@pytest.mark.parametrize("kinds", [("gzip", "bz2", "lzma"), ("zstd", None, "gzip")])
def test_compressed_csv_tables_decide_as_the_tables_themselves(run, tmp_path, monkeypatch, kinds):
    """An export compressed table by table (or some of them): the same decisions and bad records as the tables
    decompressed, by columns when they are plain and row by row when not, the rows named in the file given."""
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    _awkward_csv_tables(tmp_path / "plain", 1)
    _decided_alike_by_both_routes(run, tmp_path, tmp_path / "plain", "--date", DAY, "--policy", POST)
    renamed = {}
    for folder in ("plain", "quoted", "rowwise"):
        packed = tmp_path / f"packed-{folder}"
        packed.mkdir()
        for name, kind in zip(("households.csv", "members.csv", "lines.csv"), kinds, strict=True):
            if kind is None:
                (packed / name).write_bytes((tmp_path / folder / name).read_bytes())
                continue
            _compressed(tmp_path / folder / name, kind).rename(packed / f"{name}{_SUFFIX[kind]}")
            renamed[f"{name}{_SUFFIX[kind]}"] = name
        for suffix in ("jsonl", "csv"):
            out = tmp_path / f"{packed.name}.{suffix}"
            result = run("batch", packed, "-o", out, "--date", DAY, "--policy", POST, "-j", 2, "--chunk-size", 40)
            assert result.exit_code == 2, result.stderr
            assert list(scratch.glob("policy-*")) == []  # the decompressed copies are gone with the run
            assert out.read_bytes() == (tmp_path / f"{folder}.{suffix}").read_bytes()
            errors = out.with_name(out.name + ".errors.jsonl").read_text(encoding="utf-8")
            assert any(f"/{packed.name}/{name}" in errors for name in renamed)  # named as given
            for given, plain in renamed.items():
                errors = errors.replace(given, plain)
            want = (tmp_path / f"{folder}.{suffix}.errors.jsonl").read_text(encoding="utf-8")
            assert errors.replace(f"/{packed.name}/", "/t/") == want.replace(f"/{folder}/", "/t/")


def test_a_damaged_or_archived_csv_table_stops_the_run_before_it_starts(run, tmp_path):
    import gzip
    import zipfile

    write_csv_tables(tmp_path / "t", sample(2000, seed=5))
    whole = gzip.compress((tmp_path / "t" / "members.csv").read_bytes())
    (tmp_path / "t" / "members.csv").unlink()
    (tmp_path / "t" / "members.csv.gz").write_bytes(whole[: len(whole) // 2])  # a download that stopped
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", out)
    assert result.exit_code == 2
    assert f"{tmp_path / 't' / 'members.csv.gz'}: the gzip data is damaged or cut off after line " in result.stderr
    assert not out.exists()
    (tmp_path / "t" / "members.csv.gz").unlink()
    with zipfile.ZipFile(tmp_path / "t" / "members.csv", "w") as archive:  # an archive named as the table
        archive.writestr("members.csv", "household,id\n")
    result = run("batch", "--lang", "en", tmp_path / "t" / "households.csv", "-o", out)
    assert result.exit_code == 2 and "members.csv: this file is a zip archive, not a CSV table; extract it " \
        "first: `unzip " in result.stderr


def test_csv_text_that_is_not_utf8_is_a_bad_record_of_its_household(run, tmp_path):
    items = sample(5, seed=13)
    write_csv_tables(tmp_path / "t", items)
    members = (tmp_path / "t" / "members.csv").read_bytes().split(b"\n")
    members[1] = members[1].replace(items[0]["members"][0]["relation"].encode(), b"\xff", 1)
    (tmp_path / "t" / "members.csv").write_bytes(b"\n".join(members))
    out = tmp_path / "out.jsonl"
    result = run("batch", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2, result.stderr
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["source"].endswith("households.csv:2")
    assert bad["diagnostics"][0]["message"] == "the text is not UTF-8"
    assert bad["diagnostics"][0]["zh"] == {"message": "文本不是 UTF-8 编码", "help": "请把文件另存为 UTF-8 编码"}
    assert bad["diagnostics"][0]["file"].endswith("members.csv:2")
    assert bad["diagnostics"][0]["help"] == "save the file as UTF-8"  # \xff is no known encoding's text
    assert [d["household"] for d in lines(out)] == [h["id"] for h in items[1:]]
    # a Chinese spreadsheet's export: GBK, named so, with the command that converts it
    members = (tmp_path / "t" / "members.csv").read_bytes().replace(b"\xff", "户主".encode("gb18030"), 1)
    (tmp_path / "t" / "members.csv").write_bytes(members)
    run("batch", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["diagnostics"][0]["help"] == (
        "the text is GBK (GB18030), as Excel and WPS save CSV on Chinese Windows: save it again as “CSV UTF-8 (Comma "
        f"delimited)”, or convert it: {in_place('GB18030', tmp_path / 't' / 'members.csv')}")


def test_a_household_id_that_is_not_utf8_is_written_valid_with_a_replacement_character(run, tmp_path):
    """A GBK table with a few Chinese ids: the errors file held `"\\udcd5\\udcc5…"` (lone surrogates), which a database
    refuses and `jq` shows as `������`."""
    items = sample(5, seed=13)
    items[2]["id"] = "张家-" + items[2]["id"]
    write_csv_tables(tmp_path / "t", items)
    for table in ("households.csv", "members.csv", "lines.csv"):  # the same id, in GBK, in every table
        path = tmp_path / "t" / table
        if path.exists():
            path.write_bytes(path.read_bytes().replace("张家".encode(), "张家".encode("gb18030")))
    out = tmp_path / "out.jsonl"
    result = run("batch", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    raw = (tmp_path / "out.jsonl.errors.jsonl").read_bytes()
    raw.decode("utf-8")  # strict: valid UTF-8
    assert b"\\udc" not in raw and b"\\ud8" not in raw  # nor a surrogate written as a JSON escape
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["household"] == "张家".encode("gb18030").decode("utf-8", "replace") + items[2]["id"][2:]
    assert bad["household"].startswith("\ufffd")
    diagnostic = bad["diagnostics"][0]
    assert diagnostic["message"] == "the text is not UTF-8 (the household id is shown with � for each byte that is not)"
    assert diagnostic["zh"]["message"] == "文本不是 UTF-8 编码（家庭编号中不是 UTF-8 的字节显示为 �）"
    assert diagnostic["help"].startswith("the text is GBK (GB18030)")
    assert [d["household"] for d in lines(out)] == [h["id"] for h in items if h is not items[2]]


def test_a_line_that_is_a_number_null_or_a_text_is_told_it_is_no_household_and_what_to_write(run, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(sample(1, seed=13)[0]) + '\n42\nnull\n"合计"\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 2
    said = [(e["line"], e["diagnostics"][0]["help"]) for e in lines(tmp_path / "out.jsonl.errors.jsonl")]
    assert said == [(line, f"{value} is no household: write the household there, a "
                           '`{"id": …, "members": […], …}` as in examples/households/DS-0001-dibao-widow.json, or '
                           "remove it")
                    for line, value in ((2, "42"), (3, "null"), (4, '"合计"'))]
    assert lines(tmp_path / "out.jsonl.errors.jsonl")[2]["diagnostics"][0]["zh"]["help"].startswith('"合计" 不是家庭：')


def test_a_list_on_a_line_and_an_empty_id_are_told_what_to_write(run, tmp_path):
    items = sample(3, seed=13)
    no_id, no_member_id = json.loads(json.dumps(items[1])), json.loads(json.dumps(items[2]))
    no_id["id"] = ""
    no_member_id["members"][0]["id"] = ""
    source = write_jsonl(tmp_path / "in.jsonl", [items[0], [items[1]], no_id, no_member_id])
    out = tmp_path / "out.jsonl"
    assert run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 2
    listed, empty, empty_member = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert listed["diagnostics"][0]["help"] == (
        "write one household per line, each a `{…}` of its own, not a list `[{…}, …]`; a list of households is read "
        "as such from a `.json` file")
    assert listed["diagnostics"][0]["zh"]["help"] == \
        "每行写一户，各自是一个 `{…}`，不要写成列表 `[{…}, …]`；户的列表可以写在 `.json` 文件中"
    assert empty["diagnostics"][0]["message"] == "must not be empty"
    assert empty["diagnostics"][0]["help"] == "write the household's own id, as the register knows it, e.g. " \
        '`"id": "DS-0001"`'
    assert empty["diagnostics"][0]["zh"]["help"] == '请填写本户在名册中的编号，例如 `"id": "DS-0001"`'
    assert empty_member["diagnostics"][0]["help"] == "write the member's own id, unique in the household, e.g. " \
        '`"id": "p1"`'
    # in a .json file a list of households is the file's form: an item that is a list is told so instead
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "list.json").write_text(json.dumps([items[0], [items[1]]]), encoding="utf-8")
    out = tmp_path / "folder-out.jsonl"
    assert run("batch", tmp_path / "folder", "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 2
    [item] = lines(tmp_path / "folder-out.jsonl.errors.jsonl")
    assert item["diagnostics"][0]["help"] == "each item of the list is one household `{…}`, not a list of them"
    assert len(lines(out)) == 1


def test_the_bad_items_of_one_json_list_are_each_placed_in_the_file_and_named_by_their_own_index(run, tmp_path):
    """The bad items of a `.json` list share one reading of the file to be located: each is still named by its own
    index and placed at its own line and column, and its entry at the line the item starts on."""
    items = sample(6, seed=13)
    for i in (1, 4):
        items[i]["members"][0]["sex"] = f"x{i}"
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps(items, indent=2), encoding="utf-8")
    assert run("batch", listed, "-o", tmp_path / "a.jsonl", "--date", DAY, "--policy", POST, "-j", 1).exit_code == 2
    text = listed.read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(text, 1) if line == "  {"]
    bad = lines(tmp_path / "a.jsonl.errors.jsonl")
    assert [entry["source"] for entry in bad] == [f"{listed}[1]", f"{listed}[4]"]
    for i, entry in zip((1, 4), bad, strict=True):
        at = next(n for n, line in enumerate(text, 1) if f'"sex": "x{i}"' in line)
        [d] = entry["diagnostics"]
        assert (d["file"], d["line"], d["column"]) == (f"{listed}[{i}]", at, text[at - 1].index(f'"x{i}"') + 1)
        assert entry["line"] == starts[i]


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_lone_surrogate_or_a_key_twice_in_one_item_of_a_json_list_is_that_items_bad_record_alone(run, tmp_path,
                                                                                                      engine):
    """An item of a `.json` list holding a lone surrogate (`"DS\\udc80"`) or a key given twice refused the whole
    file, one bad record said at `(line 21, column 12)` in its words: it is now that item's bad record, at its
    file, line and column, and the list's other households are decided."""
    items = sample(4, seed=29)
    listed = tmp_path / "list.json"
    text = json.dumps(items, indent=2)
    text = text.replace(json.dumps(items[1]["id"]), '"DS\\udc80"', 1)
    text = text.replace(f'"id": {json.dumps(items[3]["id"])},', f'"id": {json.dumps(items[3]["id"])}, "id": "B",', 1)
    listed.write_text(text, encoding="utf-8")
    result = run("batch", listed, "-o", tmp_path / "a.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--engine", engine, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert [d["household"] for d in lines(tmp_path / "a.jsonl")] == [items[0]["id"], items[2]["id"]]
    assert "4 households; 2 decisions written to" in result.stderr and "2 bad records" in result.stderr
    written = text.splitlines()
    starts = [n for n, line in enumerate(written, 1) if line == "  {"]
    bad = lines(tmp_path / "a.jsonl.errors.jsonl")
    assert [entry["source"] for entry in bad] == [f"{listed}[1]", f"{listed}[3]"]
    for i, entry, shown in zip((1, 3), bad, ("\\udc80", '"id": "B"'), strict=True):
        at = next(n for n, line in enumerate(written, 1) if shown in line)
        [d] = entry["diagnostics"]
        column = written[at - 1].index(shown) + 1
        assert (d["code"], d["file"], d["line"], d["column"]) == ("H001", f"{listed}[{i}]", at, column), d
        assert "line " not in d["message"] and "行" not in d["zh"]["message"]
        assert entry["line"] == starts[i]
    surrogate, twice = (entry["diagnostics"][0] for entry in bad)
    assert "lone surrogate" in surrogate["message"] and "retype" in surrogate["help"]
    assert (twice["message"], twice["zh"]["message"]) == ("duplicate key `id`", "重复的键 `id`")
    assert "keep one" in twice["help"]


def test_every_diagnostic_of_the_errors_file_has_its_file_line_and_column(run, tmp_path):
    """An item of a `.json` list said `"line":1` where `policy eval` says `list.json:210:16`; a line of JSON Lines
    that is not UTF-8 had no line or column, though its message gave the column; a CSV row had its line only inside
    `file`."""
    items = sample(5, seed=13)
    items[3]["members"][0]["sex"] = "x"
    (tmp_path / "folder").mkdir()
    listed = tmp_path / "folder" / "list.json"
    listed.write_text(json.dumps(items, indent=2), encoding="utf-8")
    assert run("batch", tmp_path / "folder", "-o", tmp_path / "a.jsonl", "--date", DAY, "--policy", POST,
               "-j", 1).exit_code == 2
    [bad] = lines(tmp_path / "a.jsonl.errors.jsonl")
    text = listed.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(text, 1) if '"sex": "x"' in line)
    [d] = bad["diagnostics"]
    assert (d["file"], d["line"], d["column"]) == (f"{listed}[3]", at, text[at - 1].index('"x"') + 1)
    eval_said = run("eval", listed, "--household", items[3]["id"], "--date", DAY, "--policy", POST, "--lang", "en")
    assert f"{listed}:{at}:{d['column']}: members[0] (p1).sex: error[H002]" in eval_said.stdout + eval_said.stderr
    assert text[bad["line"] - 1].strip() == "{" and bad["line"] < at  # the item's own first line
    # a line of JSON Lines that is not UTF-8: at its byte
    raw = [json.dumps(h, ensure_ascii=False).encode() for h in items[:3]]
    column = raw[2].index(b'"head"') + 2
    raw[2] = raw[2].replace(b'"head"', b'"\xffhead"', 1)
    source = tmp_path / "bad.jsonl"
    source.write_bytes(b"\n".join(raw) + b"\n")
    run("batch", source, "-o", tmp_path / "b.jsonl", "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en")
    [bad] = lines(tmp_path / "b.jsonl.errors.jsonl")
    [d] = bad["diagnostics"]
    assert d["message"] == "byte 0xff is not UTF-8 text"  # (its column is its place's)
    assert (d["file"], d["line"], d["column"]) == (str(source), 3, column)
    # a CSV row: its line beside the file that names it, as before; no column
    items[1]["members"][0]["sex"] = "x"
    write_csv_tables(tmp_path / "t", items[:3])
    result = run("batch", tmp_path / "t", "-o", tmp_path / "c.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--lang", "en")
    [bad] = lines(tmp_path / "c.jsonl.errors.jsonl")
    [d] = bad["diagnostics"]
    row = d["file"].rsplit(":", 1)[1]
    assert d["file"].startswith(str(tmp_path / "t" / "members.csv:")) and (d["line"], d["column"]) == (int(row), None)
    assert f"H002 members[].sex — e.g. {d['file']}: \"x\" is not one of the allowed values" in result.stderr
    # Parquet: the record in `file`, no line or column, and still every key
    write_households_parquet(items[:3], tmp_path / "in.parquet", load_policy(POST)[0])
    run("batch", tmp_path / "in.parquet", "-o", tmp_path / "d.jsonl", "--date", DAY, "--policy", POST, "-j", 1)
    [bad] = lines(tmp_path / "d.jsonl.errors.jsonl")
    [d] = bad["diagnostics"]
    assert d["file"].startswith(f"{tmp_path / 'in.parquet'}[") and (d["line"], d["column"]) == (None, None)


def _a_list_with_a_comma_left_out(tmp_path: Path) -> tuple[Path, int, int]:
    """`list.json`, three households with the comma at the end of a line in the second half left out, and the line
    and column the mistake is placed at (the end of that line)."""
    listed = tmp_path / "list.json"
    text = json.dumps(sample(3, seed=31), indent=2).splitlines()
    at = next(n for n, line in enumerate(text, 1) if n > len(text) // 2 and line.endswith('",'))
    text[at - 1] = text[at - 1][:-1]
    listed.write_text("\n".join(text) + "\n", encoding="utf-8")
    return listed, at, len(text[at - 1]) + 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_json_list_that_is_not_json_is_placed_before_the_words_as_policy_eval_places_it(run, tmp_path, lang):
    """A `.json` list with a comma left out was told `list.json: error[H001]: not valid JSON: a comma is missing
    between two items (line 91, column 23)`, its place inside the words, where `policy eval` tells the same file
    `list.json:91:23: error[H001]: …` and batch tells every other bad record so."""
    listed, at, column = _a_list_with_a_comma_left_out(tmp_path)
    told = run("eval", listed, "--date", DAY, "--policy", POST, "--lang", lang).stderr.splitlines()[0]
    assert told.startswith(f"{listed}:{at}:{column}: ")
    result = run("batch", listed, "-o", "-", "--date", DAY, "--policy", POST, "-j", 1, "--lang", lang)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == told
    assert run("batch", listed, "-o", tmp_path / "a.jsonl", "--date", DAY, "--policy", POST, "-j", 1).exit_code == 2
    [bad] = lines(tmp_path / "a.jsonl.errors.jsonl")
    [d] = bad["diagnostics"]
    assert (d["file"], d["line"], d["column"]) == (str(listed), at, column)
    assert "line " not in d["message"] and "行" not in d["zh"]["message"]


def test_a_json_list_that_is_not_json_is_placed_alike_by_diff_and_monitor_ingest(run, tmp_path):
    """`policy diff --households` and `policy monitor ingest` told the list of the test above `list.json: error[H001]:
    … (line 91, column 23)`, as batch did: they place it before the words too, as `policy eval` does."""
    listed, at, column = _a_list_with_a_comma_left_out(tmp_path)
    told = run("eval", listed, "--date", DAY, "--policy", POST, "--lang", "en").stderr.splitlines()[0]
    assert told.startswith(f"{listed}:{at}:{column}: error[H001]: ")
    ingest = run("monitor", "ingest", listed, "--date", DAY, "--policy", POST, "--lang", "en", "--db",
                 tmp_path / "r.sqlite3")
    assert ingest.exit_code == 2 and ingest.stderr.splitlines()[0] == told, ingest.stderr
    compared = run("diff", TRANSITION, POST, "--households", listed, "--date", DAY, "--lang", "en")
    assert f"  {told} — help: " in compared.output, compared.output


def test_a_file_saved_in_gbk_is_refused_before_the_run(run, tmp_path):
    """Chinese on every line (the county in each household's id), saved as GBK: every household would be bad."""
    items = sample(6, seed=14)
    for h in items:
        h["id"] = "湘潭" + h["id"]
    source = tmp_path / "gbk.jsonl"
    source.write_bytes("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items).encode("gb18030"))
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2
    column = json.dumps(items[0], ensure_ascii=False).index("湘") + 1  # the first character beyond ASCII
    assert result.stderr == (
        f"error: {source}:1:{column}: the file is not UTF-8; the text is GBK (GB18030), as "
        f"Chinese Windows saves it: convert it to UTF-8, e.g. {in_place('GB18030', source)}\n")
    assert not out.exists() and not (tmp_path / "out.jsonl.errors.jsonl").exists()
    write_csv_tables(tmp_path / "t", items)  # the tables: members.csv saved as GBK
    members = tmp_path / "t" / "members.csv"
    members.write_bytes(members.read_text(encoding="utf-8").encode("gb18030"))
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2 and f"error: {members}:2:1: the file is not UTF-8; " in result.stderr  # (湘潭…)
    # once converted, the same file is read
    source.write_bytes(source.read_bytes().decode("gb18030").encode("utf-8"))
    assert run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 0
    assert [d["household"] for d in lines(out)] == [h["id"] for h in items]


def test_a_header_saved_in_gbk_over_rows_in_ascii_is_refused_with_how_to_save_it(run, tmp_path):
    """A county's headers in Chinese (`户编号`) over rows all in ASCII, saved by Excel on Chinese Windows: GBK on the
    header line alone, which was read as `\\udcbb\\udca7…`, a column no policy reads, and offered as a rename."""
    write_csv_tables(tmp_path / "t", sample(4, seed=14))
    table = tmp_path / "t" / "households.csv"
    head, rest = table.read_text(encoding="utf-8").split("\n", 1)
    table.write_bytes(("户编号" + head.removeprefix("id") + "\n" + rest).encode("gb18030"))
    out = tmp_path / "out.jsonl"
    for renamed in ((), ("--rename-column", "户编号=id")):
        result = run("batch", "--lang", "en", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, *renamed)
        assert result.exit_code == 2 and result.stderr == (
            f"error: {table}: its header (line 1) is not UTF-8, and every row is read by it; the text is GBK "
            "(GB18030), as Excel and WPS save CSV on Chinese Windows: save it again as “CSV UTF-8 (Comma "
            f"delimited)”, or convert it: {in_place('GB18030', table)}\n")
    table.write_bytes(table.read_bytes().decode("gb18030").encode("utf-8"))  # saved again as UTF-8
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST,
                 "--rename-column", "户编号=id")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("mark", ["utf-16-le", "utf-16-be"])
def test_a_file_saved_as_utf16_is_refused_before_the_run_with_the_command_that_converts_it(run, tmp_path, mark):
    """Excel's "Unicode Text" is UTF-16: each character two bytes, so every line looked like ASCII, and the header
    was read as `\\udcff\\udcfei d ` and seven other columns no policy reads."""
    items = sample(4, seed=14)
    write_csv_tables(tmp_path / "t", items)
    members = tmp_path / "t" / "members.csv"
    members.write_bytes("\ufeff".encode(mark) + members.read_text(encoding="utf-8").encode(mark))
    out = tmp_path / "out.jsonl"
    fix = in_place("UTF-16", members)
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2 and result.stderr == (
        f"error: {members}: the file is not UTF-8; the text is UTF-16, as Excel saves \"Unicode Text\": convert it "
        f"to UTF-8, e.g. {fix}\n")
    result = run("batch", "--lang", "zh", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2 and result.stderr == (
        f"错误：{members}：文件不是 UTF-8 编码；文本是 UTF-16 编码，Excel 另存为“Unicode 文本”时即是如此："
        f"请转换为 UTF-8，例如 {fix}\n")
    source = tmp_path / "in.jsonl"  # JSON Lines alike
    source.write_bytes("\ufeff".encode(mark) + "".join(json.dumps(h) + "\n" for h in items).encode(mark))
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2 and "the text is UTF-16" in result.stderr and not out.exists()


def in_place(encoding: str, file: Path) -> str:
    """The conversion a help gives: the file converted to UTF-8 under its own name, once the whole of it is."""
    return f"`iconv -f {encoding} -t UTF-8 {file} > {file}.utf8 && mv {file}.utf8 {file}`"


def gbk_lines_in_place(file: Path) -> str:
    """The conversion a help gives of a file whose other lines are UTF-8: its lines that are not UTF-8 alone, from
    GBK, in place."""
    return ("`python3 -c 'import sys; sys.stdout.buffer.writelines(line if line.decode(\"utf-8\", \"ignore\").encode() "
            "== line else line.decode(\"gb18030\").encode() for line in sys.stdin.buffer)'"
            f" < {file} > {file}.utf8 && mv {file}.utf8 {file}`")


def test_a_few_lines_not_in_utf8_are_bad_records_of_a_file_that_is(run, tmp_path):
    """A line of GBK among lines of UTF-8 Chinese is the bad record of its household; the others are decided."""
    items = sample(4, seed=15)
    items[0]["id"], items[2]["id"] = "湘潭-1", "湘潭-3-雨湖"  # two words of GBK on one line: both named
    text = [json.dumps(h, ensure_ascii=False).encode("utf-8") for h in items]
    text[2] = text[2].decode("utf-8").encode("gb18030")
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b"\n".join(text) + b"\n")
    out = tmp_path / "out.jsonl"
    result = run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en")
    assert result.exit_code == 2
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["line"] == 3 and bad["diagnostics"][0]["code"] == "H001"
    assert [d["household"] for d in lines(out)] == [items[k]["id"] for k in (0, 1, 3)]
    # converting the whole file, as a help once said, would garble the lines of UTF-8: the line is retyped
    fix = ("the other lines of the file are UTF-8, but this one holds `湘潭` and `雨湖` in GBK (GB18030), as Chinese "
           "Windows saves text: retype them in UTF-8 (converting the whole file would garble its other lines), or "
           f"convert only the file's lines that are not UTF-8: {gbk_lines_in_place(source)}")
    assert bad["diagnostics"][0]["help"] == fix
    # its column said once, where it is placed: `"column": 9`, not again in its words (`byte 0xcf (column 9)`)
    assert (bad["diagnostics"][0]["message"], bad["diagnostics"][0]["column"]) == ("byte 0xcf is not UTF-8 text", 9)
    assert bad["diagnostics"][0]["zh"]["message"] == "字节 0xcf 不是 UTF-8 文本"
    assert f"mixed.jsonl:3: byte 0xcf is not UTF-8 text; {fix}\n" in result.stderr  # in the summary too
    source.write_bytes(b"\n".join([*text[:2], text[2].replace("湘潭".encode("gb18030"), "湘潭".encode()).replace(
        "雨湖".encode("gb18030"), "雨湖".encode()), text[3]]))
    assert run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 0


def test_a_last_line_cut_off_is_said_to_end_the_file_in_the_middle_of_a_record(run, tmp_path):
    """A download that stopped inside the last record was told `a string has no closing quote`, `check the brackets,
    commas and quotes near there`; a line that ends in a line break, as an export writes each, still is."""
    text = [json.dumps(h, ensure_ascii=False) for h in sample(3, seed=15)]
    source = tmp_path / "cut.jsonl"
    out = tmp_path / "out.jsonl"
    for cut, said in [(text[2][: text[2].index('"members"') + 5], "the file ends in the middle of this record"),
                      (text[2][:-3], "the file ends in the middle of this record"),
                      (text[2][:-3], "expecting value")]:
        source.write_text("\n".join([*text[:2], cut]) + ("" if said.startswith("the file") else "\n"))
        assert run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 2
        [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
        assert bad["line"] == 3 and bad["diagnostics"][0]["message"] == f"not valid JSON: {said}"
        assert bad["diagnostics"][0]["help"].startswith("the file is cut off (copied or exported incompletely)"
                                                        if said.startswith("the file") else "check the brackets")


def test_a_csv_row_not_in_utf8_is_told_to_be_retyped_or_the_table_converted_by_what_its_other_rows_hold(run, tmp_path):
    """One GBK row among rows of UTF-8 Chinese: `iconv` of the table fails, so the row is retyped; where every other
    row is ASCII, the table is converted."""
    for others in ([], ["李四"]):
        items = sample(3, seed=13)
        for h, name in zip(items[1:], ["张三", *others], strict=False):
            for m in h["members"]:
                m["id"] = name if m["id"] == "p1" else m["id"]
            for line in h.get("income", []) + h.get("expenses", []):
                line["member"] = name if line.get("member") == "p1" else line.get("member")
        write_csv_tables(tmp_path / "t", items)
        table = tmp_path / "t" / "members.csv"
        table.write_bytes(table.read_bytes().replace("张三".encode(), "张三".encode("gb18030")))
        out = tmp_path / "out.jsonl"
        assert run("batch", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 2
        [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
        assert bad["household"] == items[1]["id"]
        assert bad["diagnostics"][0]["help"].startswith(
            "the other lines of the file are UTF-8, but this one holds `张三` in GBK (GB18030)" if others else
            "the text is GBK (GB18030), as Excel and WPS save CSV on Chinese Windows")


def test_a_household_whose_rows_of_every_table_are_not_utf8_is_told_each_row_and_each_word_once(run, tmp_path):
    """A household saved again in GBK, its rows of households.csv, members.csv and lines.csv alike: the help names the
    word once however many cells hold it, and the household's rows of the other tables too, mended alike."""
    items = sample(4, seed=13)
    items[0]["id"] = "湘潭-1"  # (UTF-8 Chinese in every table: the row is retyped, not the tables converted)
    items[2]["id"] = "长沙-长沙"
    write_csv_tables(tmp_path / "t", items)
    rows: dict[str, list[int]] = {}
    for name in ("households.csv", "members.csv", "lines.csv"):
        table = tmp_path / "t" / name
        text = table.read_bytes()
        rows[name] = [k + 1 for k, row in enumerate(text.split(b"\n")) if "长沙-长沙".encode() in row]
        table.write_bytes(text.replace("长沙-长沙".encode(), "长沙-长沙".encode("gb18030")))
    assert len(rows["households.csv"]) == 1 and rows["members.csv"] and rows["lines.csv"]
    result = run("batch", tmp_path / "t", "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 2, result.stderr
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    members, lines_csv = (", ".join(map(str, rows[name])) for name in ("members.csv", "lines.csv"))
    households = tmp_path / "t" / "households.csv"
    assert bad["diagnostics"][0]["help"] == (
        "the other lines of the file are UTF-8, but this one holds `长沙` in GBK (GB18030), as Chinese Windows saves "
        "text: retype it in UTF-8 (converting the whole file would garble its other lines), or convert only the "
        f"file's lines that are not UTF-8: {gbk_lines_in_place(households)}; the household's rows "
        f"{tmp_path / 't' / 'members.csv'}:{members} and {tmp_path / 't' / 'lines.csv'}:{lines_csv} are not UTF-8 "
        "either: mend them alike")
    members, lines_csv = ("、".join(map(str, rows[name])) for name in ("members.csv", "lines.csv"))
    assert bad["diagnostics"][0]["zh"]["help"] == (
        "文件的其他行是 UTF-8 编码，这一行的 `长沙` 却是 GBK（GB18030）编码，中文 Windows 默认如此保存："
        "请用 UTF-8 重新输入（转换整个文件会让其他行变成乱码），或只转换文件中不是 UTF-8 的行："
        f"{gbk_lines_in_place(households)}；该户在 {tmp_path / 't' / 'members.csv'}:{members} 和 "
        f"{tmp_path / 't' / 'lines.csv'}:{lines_csv} 的行也不是 UTF-8 编码：请一并改正")


def _unpaired(items: list[dict[str, Any]]) -> dict[str, str]:
    """Make some members give a disability grade without its type, or a type without its grade (as a county
    database exports an empty cell, or leaves the field out); the households changed, and the input given."""
    changed = {}
    for i, h in enumerate(items[3::9]):
        m = h["members"][i % len(h["members"])]
        if i % 3 == 0:
            m.update(disability_grade=1, disability_type=None)
        elif i % 3 == 1:
            m["disability_grade"] = 2
            m.pop("disability_type", None)
        else:
            m.update(disability_grade=None, disability_type="intellectual")
        changed[h["id"]] = "disability_type" if i % 3 == 2 else "disability_grade"
    return changed


def _said(entry: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(entry["household"], d["code"], d["path"], d["message"], d["help"], d["zh"]["message"], d["zh"]["help"])
            for d in entry["diagnostics"]]


def write_rowwise_csv_tables(folder: Path, items: list[dict[str, Any]]) -> None:
    """CSV tables of `items` with the same rows, lines and cells as `write_csv_tables`, read by the row reader instead
    of the columnar one (`sent_row_by_row`)."""
    write_csv_tables(folder, items)
    sent_row_by_row(folder)


def test_an_input_given_without_its_pair_is_refused_alike_on_every_route(run, tmp_path):
    """A grade without a type (or a type without a grade) is a bad record whatever the input's format and the
    route it takes: JSON Lines read by Arrow or line by line, CSV tables read as columns or row by row, Parquet
    read as columns, the exact engine — each with the same finding, and every other household decided."""
    items = sample(120, seed=9)
    changed = _unpaired(items)
    policy = load_policy(POST)[0]
    write_jsonl(tmp_path / "in.jsonl", items)
    write_households_parquet(items, tmp_path / "in.parquet", policy)
    write_csv_tables(tmp_path / "plain", items)
    write_rowwise_csv_tables(tmp_path / "rowwise", items)
    from engine.batch.arrow_intake import read_table
    from engine.batch.csv_columns import plan
    from engine.batch.csv_tables import CsvTables
    from engine.batch.evaluate import Settings
    from engine.batch.json_intake import parse_lines
    from engine.batch.writers import Columns

    assert plan(CsvTables(tmp_path / "plain", [policy]), 40) is not None  # read as columns
    assert plan(CsvTables(tmp_path / "rowwise", [policy]), 40) is None  # read row by row
    parsed = parse_lines((tmp_path / "in.jsonl").read_bytes().splitlines(), [policy])
    assert parsed is not None and parsed.rest == []  # every line is read by Arrow: the columnar intake refuses
    day = datetime.date.fromisoformat(DAY)
    intake = read_table(parsed.table, Settings((policy,), policy, "policy", day, day, False, "en", "jsonl", "fast",
                                               Columns.of([policy], False)))
    assert intake is not None and {items[parsed.lines[i]]["id"] for i in intake.rest.tolist()} == set(changed)
    runs = {}
    for source in ("in.jsonl", "in.parquet", "plain", "rowwise"):
        for engine in ("fast", "exact"):
            out = tmp_path / f"{source}-{engine}.jsonl"
            result = run("batch", tmp_path / source, "-o", out, "--engine", engine, "--date", DAY, "--policy", POST,
                         "-j", 2, "--chunk-size", 40, "--lang", "en")
            assert result.exit_code == 2, result.stderr
            assert f"{len(changed)} bad records" in result.stderr and "H008 members[].disability_grade" in result.stderr
            errors = lines(tmp_path / f"{source}-{engine}.jsonl.errors.jsonl")
            runs[source, engine] = (out.read_bytes(), [_said(e) for e in errors])
    first = runs["in.jsonl", "exact"]
    assert all(found == first for found in runs.values())
    refused = [said for entry in first[1] for said in entry]
    assert {hid: path.rsplit(".", 1)[1] for hid, _, path, *_ in refused} == changed
    grade = next(said for said in refused if said[2].endswith("disability_grade"))
    assert grade[1:2] + grade[3:] == ("H008", "disability grade is given, but type of disability is empty",
                                      grade[4], "残疾等级已填写，但残疾类别为空", grade[6])
    assert grade[4].startswith("fill in type of disability (`disability_type`: one of \"physical\", ")
    assert grade[6].startswith("请填写残疾类别（`disability_type`，取值为 \"physical\"（肢体残疾）、")
    assert grade[6].endswith("之一），或删去残疾等级（`disability_grade`）")
    assert len(lines(tmp_path / "in.jsonl-fast.jsonl")) == len(items) - len(changed)


def test_money_with_more_than_two_decimals_is_refused_alike_on_every_route(run, tmp_path, monkeypatch):
    """Deposits of 100.123 are refused as an income line's 10.123 is, with the same words, whatever the input's
    format and the route it takes: JSON Lines read by Arrow or line by line, CSV tables read as columns or row by
    row, the exact engine; every other household is decided. Parquet needs deposits as decimal(18,3) for a third
    decimal, whose every value would have three: the run stops before any household, naming the column."""
    import pyarrow as pa

    from engine.batch import parquet_layout

    items = sample(120, seed=21)
    deposits = items[3::30]
    for h in deposits:
        h["assets"] = {**(h.get("assets") or {}), "deposits": 100.123}
    line = next(h for h in items[5:] if h not in deposits)
    line["income"] = [*(line.get("income") or []), {"type": "wage", "amount": 10.123}]
    refused = {h["id"] for h in [*deposits, line]}
    policy = load_policy(POST)[0]
    write_jsonl(tmp_path / "in.jsonl", items)
    write_csv_tables(tmp_path / "plain", items)
    write_rowwise_csv_tables(tmp_path / "rowwise", items)
    runs = {}
    for source in ("in.jsonl", "plain", "rowwise"):
        for engine in ("fast", "exact"):
            out = tmp_path / f"{source}-{engine}.jsonl"
            result = run("batch", tmp_path / source, "-o", out, "--engine", engine, "--date", DAY, "--policy", POST,
                         "-j", 2, "--chunk-size", 40, "--lang", "en")
            assert result.exit_code == 2, result.stderr
            assert f"{len(refused)} bad records" in result.stderr, (source, engine, result.stderr)
            errors = lines(tmp_path / f"{source}-{engine}.jsonl.errors.jsonl")
            runs[source, engine] = (out.read_bytes(), [_said(e) for e in errors])
    first = runs["in.jsonl", "exact"]
    assert all(found == first for found in runs.values())
    said = {finding for entry in first[1] for finding in entry}
    two = ("amounts are yuan with at most two decimals", "金额以元计，最多两位小数")
    assert said == {*((h["id"], "H002", "assets.deposits", "100.123 has more than two decimals", two[0],
                       "100.123 超过两位小数", two[1]) for h in deposits),
                    (line["id"], "H002", f"income[{len(line['income']) - 1}].amount",
                     "10.123 has more than two decimals", two[0], "10.123 超过两位小数", two[1])}
    assert len(lines(tmp_path / "in.jsonl-fast.jsonl")) == len(items) - len(refused)
    # Parquet: a third decimal needs deposits as decimal(18,3) (the households whose deposits have one)
    layout = parquet_layout.households_arrow_schema
    monkeypatch.setattr(parquet_layout, "households_arrow_schema", lambda p: pa.schema(
        [f.with_type(pa.struct([g.with_type(pa.decimal128(18, 3)) if g.name == "deposits" else g for g in f.type]))
         if f.name == "assets" else f for f in layout(p)]))
    write_households_parquet([{**h, "assets": {**h["assets"], "deposits": Decimal("100.123")}} for h in deposits],
                             tmp_path / "in.parquet", policy)
    monkeypatch.setattr(parquet_layout, "households_arrow_schema", layout)
    for engine in ("fast", "exact"):
        out = tmp_path / f"parquet-{engine}.jsonl"
        result = run("batch", tmp_path / "in.parquet", "-o", out, "--engine", engine, "--date", DAY, "--policy", POST,
                     "-j", 1, "--lang", "en")
        assert result.exit_code == 2 and not out.exists(), result.stderr
        assert "column `assets.deposits` (decimal128(18, 3)) holds money with more than two decimals" in result.stderr


def test_households_with_a_line_given_twice_are_decided_as_given_and_warned_of_on_every_route(run, tmp_path):
    """A line pasted twice is most often a slip, but may be real (two jobs that pay the same): each such household is
    decided with both lines, on every route alike, and the run says how many there are and where the first is —
    by its JSON paths, or by its rows of `lines.csv`; `--summary` counts them."""
    items = sample(150, seed=13)
    pasted = [h for h in items if h.get("income")][5::40]
    for h in pasted:
        h["income"].append(dict(h["income"][0]))
    policy = load_policy(POST)[0]
    write_jsonl(tmp_path / "in.jsonl", items)
    write_households_parquet(items, tmp_path / "in.parquet", policy)
    write_csv_tables(tmp_path / "t", items)
    first = next(i for i, h in enumerate(items, 1) if h in pasted)
    line = pasted[0]["income"][0]
    whose = (f'member "{line["member"]}"', f'成员 "{line["member"]}"') if line.get("member") else ("the household "
                                                                                                "as a whole", "整户")
    label, amount = policy.income[line["type"]].label, f'{Decimal(str(line["amount"])):,.2f}'  # as explanations say
    fields = (f'{label.en} ({line["type"]}), {whose[0]}, {amount} yuan/year',
              f'{label.zh}（{line["type"]}）、{whose[1]}、{amount} 元/年')
    paths = f"income[{len(pasted[0]['income']) - 1}] the same as income[0]"
    rows = (tmp_path / "t" / "lines.csv").read_text(encoding="utf-8").splitlines()
    mine = [i for i, row in enumerate(rows, 1) if row.startswith(f"{pasted[0]['id']},income,")]
    csv_pair = f"{tmp_path / 't' / 'lines.csv'}:{mine[-1]} the same as {tmp_path / 't' / 'lines.csv'}:{mine[0]}"
    decisions = {}
    for source, place, pair in (("in.jsonl", f"{tmp_path / 'in.jsonl'}:{first}", paths),
                                ("in.parquet", f"{tmp_path / 'in.parquet'}[row {first}]", paths),
                                ("t", f"{tmp_path / 't' / 'households.csv'}:{first + 1}", csv_pair)):
        for engine in ("fast", "exact"):
            summary = tmp_path / f"{source}-{engine}.json"
            result = run("batch", tmp_path / source, "-o", tmp_path / f"{source}-{engine}.jsonl", "--engine", engine,
                         "--date", DAY, "--policy", POST, "-j", 2, "--chunk-size", 40, "--lang", "en",
                         "--summary", summary)
            assert result.exit_code == 0, result.stderr
            assert result.stderr.splitlines()[-1] == (
                f"warning: {len(pasted)} households were decided with an income or expense line given twice, the "
                f"same type, member and amount (the first: {place}, {pair}: {fields[0]}); both lines were counted: "
                "if one was "
                "pasted twice, delete it and decide the household again")
            assert json.loads(summary.read_text(encoding="utf-8"))["repeated_lines"] == len(pasted)
            decisions[source, engine] = (tmp_path / f"{source}-{engine}.jsonl").read_bytes()
    assert len(set(decisions.values())) == 1  # decided alike, both lines counted, whatever the route
    chinese = run("batch", tmp_path / "in.jsonl", "-o", tmp_path / "zh.jsonl", "--date", DAY, "--policy", POST,
                  "--lang", "zh")
    assert chinese.stderr.splitlines()[-1] == (
        f"警告：有 {len(pasted)} 户的收入或支出中有重复的条目，类型、成员和金额都相同（第一户："
        f"{tmp_path / 'in.jsonl'}:{first}，{paths.replace(' the same as ', ' 与 ')} 相同：{fields[1]}）；"
        "认定时两条都已计入：如是重复粘贴，请删去一条后重新认定")
    write_jsonl(tmp_path / "in.jsonl", sample(150, seed=13))
    plain = run("batch", tmp_path / "in.jsonl", "-o", tmp_path / "p.jsonl", "--date", DAY, "--policy", POST,
                "--lang", "en", "--summary", tmp_path / "p.json")
    assert "given twice" not in plain.stderr
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["repeated_lines"] == 0


def test_households_with_doubtful_data_are_decided_as_given_and_warned_of_on_every_route(run, tmp_path):
    """Two heads of household, or none; a pension written for the month, deposits in 万元: each such household is
    decided as given, on every route alike (the columnar intake finds them from its arrays), and the run says how
    many there are of each kind and where the first is; `--summary` counts them."""
    items = sample(150, seed=17)
    two_heads = [h for h in items if len(h["members"]) > 1][3::40]
    for h in two_heads:
        h["members"][1]["relation"] = "head"
    no_head = [h for h in items if h not in two_heads][7::50]
    for h in no_head:
        h["members"][0]["relation"] = "other"
    pension = [h for h in items if h not in two_heads and h not in no_head][11::45]
    for h in pension:
        h["income"] = [*(h.get("income") or []), {"type": "pension", "amount": 150}]
    deposits = [h for h in items if h not in pension][20::60]
    for h in deposits:
        h["assets"] = {**(h.get("assets") or {}), "deposits": 5}
    heads, figures = two_heads + no_head, pension + deposits
    policy = load_policy(POST)[0]
    write_jsonl(tmp_path / "in.jsonl", items)
    write_households_parquet(items, tmp_path / "in.parquet", policy)
    write_csv_tables(tmp_path / "t", items)
    first_heads = next(i for i, h in enumerate(items, 1) if h in heads)
    first_figure = next(i for i, h in enumerate(items, 1) if h in figures)
    decisions, warned = {}, {}
    for source, place in (("in.jsonl", lambda n: f"{tmp_path / 'in.jsonl'}:{n}"),
                          ("in.parquet", lambda n: f"{tmp_path / 'in.parquet'}[row {n}]"),
                          ("t", lambda n: f"{tmp_path / 't' / 'households.csv'}:{n + 1}")):
        for engine in ("fast", "exact"):
            summary = tmp_path / f"{source}-{engine}.json"
            result = run("batch", tmp_path / source, "-o", tmp_path / f"{source}-{engine}.jsonl", "--engine", engine,
                         "--date", DAY, "--policy", POST, "-j", 2, "--chunk-size", 40, "--lang", "en",
                         "--summary", summary)
            assert result.exit_code == 0, result.stderr
            said = result.stderr.splitlines()
            assert said[-2].startswith(f"warning: {len(heads)} households were decided without exactly one head of "
                                       f"household (the first: {place(first_heads)}, "), said[-2]
            assert said[-1].startswith(
                f"warning: {len(figures)} households were decided with a figure outside the range the policy finds "
                f"plausible (the first: {place(first_figure)}, "), said[-1]
            counts = json.loads(summary.read_text(encoding="utf-8"))
            assert (counts["not_one_head"], counts["implausible_values"]) == (len(heads), len(figures))
            decisions[source, engine] = (tmp_path / f"{source}-{engine}.jsonl").read_bytes()
            warned[source] = said[-1]
    assert len(set(decisions.values())) == 1  # decided alike, the figures as given, whatever the route
    first = items[first_figure - 1]
    doubt = (f'income[{len(first["income"]) - 1}].amount: the amount of pensions (other than the basic residents\' '
             "pension) (pension) is 150.00 yuan/year, below its plausible range (600.00 to 200,000.00 yuan/year)"
             if first in pension else "assets.deposits: deposits and securities of the household is 5.00 yuan, below "
             "its plausible range (at least 100.00 yuan)")
    assert f"(the first: {tmp_path / 'in.jsonl'}:{first_figure}, {doubt}); " in warned["in.jsonl"]
    assert f", {doubt}); " in warned["in.parquet"]
    assert f"{tmp_path / 't' / 'lines.csv'}:" in warned["t"] if first in pension else doubt in warned["t"]
    chinese = run("batch", tmp_path / "in.jsonl", "-o", tmp_path / "zh.jsonl", "--date", DAY, "--policy", POST,
                  "--lang", "zh")
    assert chinese.stderr.splitlines()[-2].startswith(f"警告：有 {len(heads)} 户的户主不是恰好一位（第一户：")
    assert chinese.stderr.splitlines()[-1].startswith(
        f"警告：有 {len(figures)} 户的数值超出政策给出的合理范围（第一户：")
    write_jsonl(tmp_path / "in.jsonl", sample(150, seed=17))
    plain = run("batch", tmp_path / "in.jsonl", "-o", tmp_path / "p.jsonl", "--date", DAY, "--policy", POST,
                "--lang", "en", "--summary", tmp_path / "p.json")
    assert "warning" not in plain.stderr
    counts = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert (counts["not_one_head"], counts["implausible_values"]) == (0, 0)


def test_households_without_a_date_among_dated_ones_are_counted_and_said_by_every_route(run, tmp_path):
    """An export that lost some dates: those households are decided on the day the run started, which no output
    shows but their `date`, so the run says how many and the first, by every reader and engine alike."""
    items = sample(120, seed=23)
    assert all(h.get("date") for h in items)
    lost = items[4::30]
    for h in lost:
        del h["date"]
    policy = load_policy(POST)[0]
    write_jsonl(tmp_path / "in.jsonl", items)
    write_households_parquet(items, tmp_path / "in.parquet", policy)
    write_csv_tables(tmp_path / "t", items)
    today = datetime.date.today().isoformat()
    first = lost[0]["id"]
    for source, place in (("in.jsonl", f"{tmp_path / 'in.jsonl'}:5"),
                          ("in.parquet", f"{tmp_path / 'in.parquet'}[row 5]"),
                          ("t", f"{tmp_path / 't' / 'households.csv'}:6")):
        for engine in ("fast", "exact"):
            summary = tmp_path / f"{source}-{engine}.json"
            result = run("batch", tmp_path / source, "-o", tmp_path / f"{source}-{engine}.jsonl", "--engine", engine,
                         "--policy", POST, "-j", 2, "--chunk-size", 40, "--lang", "en", "--summary", summary)
            assert result.exit_code == 0, result.stderr
            assert result.stderr.splitlines()[-1] == (
                f"warning: {len(lost)} households have no date while the others have theirs, and were decided on the "
                f"day the run started (the first: {place}, {first}, decided on {today}); fill in their dates and "
                "decide them again, or give --date to decide every household on one day"), result.stderr
            assert json.loads(summary.read_text(encoding="utf-8"))["undated"] == len(lost)
    chinese = run("batch", tmp_path / "in.jsonl", "-o", tmp_path / "zh.jsonl", "--policy", POST, "--lang", "zh")
    assert chinese.stderr.splitlines()[-1].startswith(
        f"警告：有 {len(lost)} 户没有日期（其余各户都有），已按运行当天认定")
    for h in items:  # none with a date: a file meant to be decided on the day it is run
        h.pop("date", None)
    write_jsonl(tmp_path / "none.jsonl", items)
    for extra in ([], ["--date", DAY]):
        quiet = run("batch", tmp_path / "none.jsonl", "-o", tmp_path / "none-out.jsonl", "--policy", POST, "--lang",
                    "en", "--summary", tmp_path / "none.json", *extra)
        assert quiet.exit_code == 0 and "warning" not in quiet.stderr, quiet.stderr
        assert json.loads((tmp_path / "none.json").read_text(encoding="utf-8"))["undated"] == (0 if extra else 120)


def _with_float_money(table: Any, deposits: list[float], amounts: bool = False) -> Any:
    """A households table with `assets.deposits` (and, with `amounts`, every line's `amount`) as float64."""
    import pyarrow as pa

    assets = table.column("assets").combine_chunks()
    fields = {f.name: assets.field(f.name) for f in assets.type}
    fields["deposits"] = pa.array(deposits, pa.float64())
    table = table.set_column(table.schema.get_field_index("assets"), "assets",
                             pa.StructArray.from_arrays(list(fields.values()), names=list(fields)))
    if amounts:
        kind = table.schema.field("income").type.value_type
        floating = pa.list_(pa.struct([pa.field("amount", pa.float64()) if f.name == "amount" else f for f in kind]))
        table = table.set_column(table.schema.get_field_index("income"), "income",
                                 table.column("income").cast(floating))
    return table


def _three_households(tmp_path: Path) -> Any:
    """Three sampled households as a table in the Parquet layout (written to `exact.parquet` and read back)."""
    import pyarrow.parquet as pyarrow_parquet

    write_households_parquet(sample(3, seed=4), tmp_path / "exact.parquet", load_policy(POST)[0])
    return pyarrow_parquet.read_table(tmp_path / "exact.parquet")


def _refused(run: Any, tmp_path: Path, table: Any, engine: str, policy: Path | str = POST) -> str:
    """What `policy batch` says of `table`, written as Parquet, which it refuses before the run (no output)."""
    import pyarrow.parquet as pyarrow_parquet

    pyarrow_parquet.write_table(table, tmp_path / "p.parquet")
    out = tmp_path / "out.jsonl"
    result = run("batch", tmp_path / "p.parquet", "-o", out, "--engine", engine, "--date", DAY, "--policy", policy,
                 "--lang", "en")
    assert result.exit_code == 2 and not out.exists(), result.stderr
    return str(result.stderr.strip())


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_money_as_floating_point_in_parquet_is_refused_before_the_run_with_the_cast_to_give(run, tmp_path, engine):
    """A double is no exact amount: 0.1 + 0.2 would be decided as 0.30000000000000004 and 1e20 as deposits JSON
    refuses. Money columns are decimal or integers (docs/batch.md), so a float one stops the run, named with its
    cast, on either engine, before any household is decided."""
    import pyarrow.parquet as pyarrow_parquet

    table = _three_households(tmp_path)
    assert _refused(run, tmp_path, _with_float_money(table, [6120.29, 0.1 + 0.2, 1e20]), engine) == (
        f"error: {tmp_path / 'p.parquet'}: column `assets.deposits` (double) holds money as floating point, which is "
        "no exact amount (0.1 + 0.2 gives 0.30000000000000004): cast it to decimal(18,2) (`pa.decimal128(18, 2)` in "
        "pyarrow, `DECIMAL(18,2)` in Spark SQL), or write whole yuan as integers")
    pyarrow_parquet.write_table(_with_float_money(table, [6120.0, 0.0, 7.0], amounts=True), tmp_path / "q.parquet")
    both = run("batch", tmp_path / "q.parquet", "-o", tmp_path / "q.jsonl", "--engine", engine, "--date", DAY,
               "--policy", POST, "--lang", "zh")
    assert both.exit_code == 2 and not (tmp_path / "q.jsonl").exists()
    # every such column, at once
    assert "`assets.deposits`（double）、`income.amount`（double） 列以浮点数存放金额" in both.stderr
    assert "`DECIMAL(18,2)`" in both.stderr
    table = table.set_column(table.schema.get_field_index("assets"), "assets",
                             _with_float_money(table, [6120.0, 0.0, 7.0]).column("assets").cast(
                                 table.schema.field("assets").type))
    pyarrow_parquet.write_table(table, tmp_path / "cast.parquet")  # the cast the message gives: decided
    assert run("batch", tmp_path / "cast.parquet", "-o", tmp_path / "cast.jsonl", "--engine", engine, "--date", DAY,
               "--policy", POST).exit_code == 0


def test_parquet_in_and_out(run, tmp_path):
    import pyarrow.parquet as pyarrow_parquet  # in the test extra: a missing install fails here
    items = sample(250, seed=8)
    policy = load_policy(POST)[0]
    write_households_parquet(items, tmp_path / "in.parquet", policy)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    from_parquet, from_json = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("batch", tmp_path / "in.parquet", "-o", from_parquet, "--date", DAY, "-j", 1).exit_code == 0
    assert run("batch", source, "-o", from_json, "--date", DAY, "-j", 1).exit_code == 0
    assert from_parquet.read_bytes() == from_json.read_bytes()
    out = tmp_path / "out.parquet"
    assert run("batch", source, "-o", out, "--date", DAY, "-j", 2, "--chunk-size", 60).exit_code == 0
    table = pyarrow_parquet.read_table(out).to_pylist()
    expected = lines(from_json)
    assert [r["household"] for r in table] == [d["household"] for d in expected]
    for row, d in zip(table, expected, strict=True):
        assert row["categories"] == d["categories"]
        assert dict(row["members"]) == d["members"]
        assert str(row["values.per_capita_income"]) == d["values"]["per_capita_income"]
        assert row["values.household_size"] == int(d["values"]["household_size"])  # a count: int64
        assert [(a["id"], a["option"], None if a["amount"] is None else str(a["amount"]))
                for a in row["assistance"]] == [(a["id"], a["option"], a["amount"]) for a in d["assistance"]]
    # row groups can be skipped by household id, date and values; the lists carry no statistics
    group = pyarrow_parquet.ParquetFile(out).metadata.row_group(0)
    kept = {group.column(i).path_in_schema: group.column(i).is_stats_set for i in range(group.num_columns)}
    assert kept["household"] and kept["date"] and kept["values.per_capita_income"]
    assert not kept["assistance.list.element.amount"] and not kept["categories.list.element"]


def whole_and_not_policy(tmp_path: Path, size: str = "count(members)") -> Path:
    """The small test policy with number values of every sort: whole and bounded, a share, unbounded."""
    policy = tmp_path / f"numbers-{abs(hash(size))}.yaml"
    text = MINI.read_text(encoding="utf-8")
    text = text.replace(
        "    supporter: {type: enum",
        "    children: {type: integer, minimum: 0, default: 0, label: {zh: 子女, en: children}}\n"
        "    supporter: {type: enum")
    text = text.replace(
        "  household_size: {value: count(members), label: {zh: 人口, en: size}}\n",
        f"  household_size: {{value: '{size}', label: {{zh: 人口, en: size}}}}\n"
        "  twice_elderly_less_one: {value: 'count(members where age >= 60) * 2 - 1', label: {zh: 老, en: elderly}}\n"
        "  oldest: {value: 'max(members, age)', label: {zh: 最老, en: oldest}}\n"
        "  support_months: {value: 'household_size * 0.5 year', label: {zh: 月数, en: months}}\n"
        "  grades: {value: 'sum(members where disability_grade >= 1, disability_grade)', "
        "label: {zh: 等级, en: grades}}\n"
        "  share_elderly: {value: 'count(members where age >= 60) / count(members)', label: {zh: 老人比, en: share}}\n"
        "  all_children: {value: 'sum(members, children)', label: {zh: 子女, en: children}}\n")
    policy.write_text(text, encoding="utf-8")
    return policy


def test_a_whole_number_value_is_an_int64_column_in_parquet_and_any_other_number_decimal_text(run, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pyarrow_parquet

    from engine.batch.writers import Columns

    policy_file = whole_and_not_policy(tmp_path)
    policy = load_policy(policy_file)[0]
    kinds = dict(Columns.of([policy], False).values)
    assert {name: kinds[name] for name in ("household_size", "twice_elderly_less_one", "oldest", "grades",
                                           "support_months", "share_elderly", "all_children",
                                           "per_capita_income")} == {
        "household_size": "integer", "twice_elderly_less_one": "integer", "oldest": "integer",
        "support_months": "integer",  # half a year is six months: whole
        "grades": "integer", "share_elderly": "number", "all_children": "number", "per_capita_income": "rate"}
    # a value whole under one policy and not under the other is written as the general one is
    halves = load_policy(whole_and_not_policy(tmp_path, "count(members) / 2"))[0]
    assert dict(Columns.of([policy, halves], False).values)["household_size"] == "number"
    assert dict(Columns.of([halves, policy], False).values)["household_size"] == "number"

    people = [{"id": "A", "members": [{"id": "p1", "birth_date": "1950-01-01", "disability_grade": 2, "children": 3},
                                      {"id": "p2", "birth_date": "1990-06-01"}]},
              {"id": "B", "members": [{"id": "p1", "birth_date": "2001-01-01"}]}]
    source = write_jsonl(tmp_path / "in.jsonl", people)
    for engine in ("fast", "exact"):
        out, as_json = tmp_path / f"{engine}.parquet", tmp_path / f"{engine}.jsonl"
        for target in (out, as_json):
            result = run("batch", source, "-o", target, "--policy", policy_file, "--date", "2025-01-01",
                         "--engine", engine, "-j", 1)
            assert result.exit_code == 0, result.output
        schema = pyarrow_parquet.read_schema(out)
        assert schema.field("values.household_size").type == pa.int64()
        assert schema.field("values.grades").type == pa.int64()
        assert schema.field("values.share_elderly").type == pa.string()
        rows = pyarrow_parquet.read_table(out).to_pylist()
        decisions = lines(as_json)
        assert [d["values"]["household_size"] for d in decisions] == ["2", "1"]  # JSON keeps its text
        assert [d["values"]["share_elderly"] for d in decisions] == ["0.5", "0"]
        for row, d in zip(rows, decisions, strict=True):
            for name in ("household_size", "twice_elderly_less_one", "oldest", "grades", "support_months"):
                assert row[f"values.{name}"] == int(d["values"][name]), name
            assert row["values.share_elderly"] == d["values"]["share_elderly"]
            assert row["values.all_children"] == d["values"]["all_children"]
        assert [(r["values.grades"], r["values.oldest"], r["values.twice_elderly_less_one"],
                 r["values.support_months"]) for r in rows] == [(2, 75, 1, 12), (0, 24, -1, 6)]


def test_csv_output_is_flat_with_one_column_per_value(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(20))
    out = tmp_path / "out.csv"
    assert run("batch", source, "-o", out, "--date", DAY, "-j", 1).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfhousehold,")  # UTF-8 as Excel on Chinese Windows reads it
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 20
    assert rows[0]["household"] == "SAMPLE-0000001" and rows[0]["policy_version"] == "post-transition"
    assert rows[0]["values.household_size"].isdigit() and "." in rows[0]["values.per_capita_income"]
    assert isinstance(json.loads(rows[0]["assistance"]), list)


def test_folder_of_json_files_follows_each_households_date_and_policy(run, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("batch", "examples/households", "-o", out)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (ROOT / "examples" / "households").glob("*.json"))
    expected = run("eval", *[f"examples/households/{n}" for n in names], "--format", "json")
    assert out.read_text(encoding="utf-8") == expected.output


def test_a_json_file_is_read_as_one_document_or_as_json_lines_whichever_it_is(run, tmp_path):
    names = sorted((ROOT / "examples" / "households").glob("*.json"))[:4]
    items = [json.loads(n.read_text(encoding="utf-8")) for n in names]
    items[0]["income"] = [{"type": "agriculture", "amount": 1}] * 999  # a first line of more than 64 KiB
    items[0]["expenses"] = [{"type": "medical", "member": "p1", "amount": 1}] * 999
    reference = tmp_path / "reference.jsonl"
    reference.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    expected = run("eval", reference, "--format", "json").stdout  # (its lines given 999 times are warned of)
    written = {"list.json": json.dumps(items, ensure_ascii=False, indent=2),  # a list over many lines
               "lines.json": "".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items)}  # JSON Lines
    for name, text in written.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out = tmp_path / f"{name}.out.jsonl"
        result = run("batch", "--lang", "en", tmp_path / name, "-o", out)
        assert result.exit_code == 0, result.stderr
        assert out.read_text(encoding="utf-8") == expected, name
    (tmp_path / "none.json").write_text("[ ]\n", encoding="utf-8")
    empty = run("batch", "--lang", "en", tmp_path / "none.json", "-o", tmp_path / "none.out.jsonl")
    assert empty.exit_code == 2 and "holds no household" in empty.output + empty.stderr
    assert not (tmp_path / "none.out.jsonl").exists()
    out = tmp_path / "one.jsonl"
    assert run("batch", "--lang", "en", names[0], "-o", out).exit_code == 0  # one household written over many lines
    assert lines(out) == [json.loads(run("eval", names[0], "--format", "json").output)]


def test_explain_adds_the_same_explanation_as_eval(run, tmp_path):
    example = "examples/households/DS-0005-rigid-expense-cancer.json"
    source = write_jsonl(tmp_path / "in.jsonl", [json.loads((ROOT / example).read_text(encoding="utf-8"))])
    out = tmp_path / "out.jsonl"
    assert run("batch", source, "-o", out, "--explain", "--lang", "en", "-j", 1).exit_code == 0
    expected = json.loads(run("eval", example, "--explain", "--lang", "en", "--format", "json").output)
    assert lines(out) == [expected]


def test_explanation_is_the_same_in_every_output_format_and_a_lone_surrogate_is_a_bad_record(run, tmp_path):
    example = "examples/households/DS-0005-rigid-expense-cancer.json"
    item = json.loads((ROOT / example).read_text(encoding="utf-8"))
    source = write_jsonl(tmp_path / "in.jsonl", [item, {**item, "id": "DS-0005-bis"}])
    expected = json.loads(run("eval", example, "--explain", "--lang", "en", "--format", "json").output)["explanation"]
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"out.{fmt}"
        assert run("batch", source, "-o", out, "--explain", "--lang", "en", "-j", 1).exit_code == 0
        if fmt == "jsonl":
            column = [d["explanation"] for d in lines(out)]
        elif fmt == "csv":
            column = [json.loads(row["explanation"]) for row in csv.DictReader(out.open(encoding="utf-8-sig",
                                                                                          newline=""))]
        else:
            import pyarrow.parquet as pq

            column = [json.loads(text) for text in pq.read_table(out).column("explanation").to_pylist()]
        assert column[0] == expected and column[1]["title"] == expected["title"].replace("DS-0005", "DS-0005-bis", 1)
    # an explanation that cannot be written (a lone surrogate in the household's id) is the household's mistake
    odd = tmp_path / "odd.jsonl"
    odd.write_bytes(source.read_bytes().replace(b'"DS-0005-bis"', b'"DS-\\ud800"'))
    result = run("batch", odd, "-o", tmp_path / "odd.out.jsonl", "--explain", "--lang", "en", "-j", 1)
    assert result.exit_code == 2, result.stderr  # bad records
    assert [d["household"] for d in lines(tmp_path / "odd.out.jsonl")] == [item["id"]]
    (bad,) = lines(tmp_path / "odd.out.jsonl.errors.jsonl")
    assert bad["line"] == 2 and [d["code"] for d in bad["diagnostics"]] == ["H001"]
    assert "lone surrogate" in bad["diagnostics"][0]["message"]


def test_brief_adds_what_eval_brief_says_in_every_output_format(run, tmp_path):
    examples = sorted((ROOT / "examples" / "households").glob("DS-000*.json"))[:4]
    items = [json.loads(p.read_text(encoding="utf-8")) for p in examples]
    source = write_jsonl(tmp_path / "in.jsonl", items)
    plain, brief = tmp_path / "plain.jsonl", tmp_path / "brief.jsonl"
    assert run("batch", source, "-o", plain, "-j", 1).exit_code == 0
    assert run("batch", source, "-o", brief, "--brief", "--lang", "en", "-j", 2, "--chunk-size", 1).exit_code == 0
    for example, with_brief, without in zip(examples, lines(brief), lines(plain), strict=True):
        said = run("eval", example, "--brief", "--lang", "en").output
        assert with_brief.pop("brief") == said.rstrip("\n")  # the decision, and the text read aloud
        assert with_brief == without
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"brief.{fmt}"
        assert run("batch", source, "-o", out, "--brief", "--lang", "en", "-j", 1).exit_code == 0
        if fmt == "csv":
            column = [row["brief"] for row in csv.DictReader(out.open(encoding="utf-8-sig", newline=""))]
        else:
            import pyarrow.parquet as pq

            column = pq.read_table(out).column("brief").to_pylist()
        assert column == [d["brief"] for d in lines(brief)]
    both = tmp_path / "both.jsonl"
    assert run("batch", source, "-o", both, "--brief", "--explain", "--lang", "en", "-j", 1).exit_code == 0
    assert all(d.pop("explanation") and d.pop("brief") for d in lines(both))  # both, beside the decision
    result = run("batch", source, "-o", tmp_path / "s.jsonl", "--brief", "--engine", "spark", "--lang", "en")
    assert result.exit_code == 2 and "--brief is not available with --engine spark" in result.stderr


def test_brief_and_explain_on_the_last_days_of_a_policy_say_what_the_next_one_decides_as_eval_does(run, tmp_path):
    example = next((ROOT / "examples" / "households").glob("DS-0013-*.json"))
    source = write_jsonl(tmp_path / "in.jsonl", [json.loads(example.read_text(encoding="utf-8"))])
    out = tmp_path / "out.jsonl"
    assert run("batch", source, "-o", out, "--brief", "--explain", "--date", "2025-12-20", "--lang", "en",
               "-j", 2).exit_code == 0
    (decided,) = lines(out)
    said = run("eval", example, "--brief", "--date", "2025-12-20", "--lang", "en").output
    assert decided["brief"] == said.rstrip("\n")
    assert "From 2026-01-01, under Hunan rural low-income population policy (after the transition period)" in said
    assert decided["explanation"]["next_policy"]["categories"] == ["dibao"]
    alone = tmp_path / "alone.jsonl"  # a policy given alone: no next policy is known
    assert run("batch", source, "-o", alone, "--brief", "--date", "2025-12-20", "--lang", "en", "--policy",
               TRANSITION, "-j", 1).exit_code == 0
    assert "From 2026-01-01" not in lines(alone)[0]["brief"]


def test_only_changed_writes_the_households_whose_decision_moved(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(400, seed=21))
    old, new, changed = tmp_path / "old.jsonl", tmp_path / "new.jsonl", tmp_path / "changed.jsonl"
    assert run("batch", source, "-o", old, "--policy", TRANSITION, "--date", DAY, "-j", 1).exit_code == 0
    assert run("batch", "--lang", "en", source, "-o", new, "--date", DAY, "-j", 1).exit_code == 0
    result = run("batch", "--lang", "en", source, "-o", changed, "--date", DAY, "--only-changed", old, "-j", 1)
    assert result.exit_code == 1

    def key(d: dict[str, Any]) -> Any:
        return d["categories"], d["members"], d["assistance"]
    before = {d["household"]: key(d) for d in lines(old)}
    expected = [d for d in lines(new) if before[d["household"]] != key(d)]
    assert 0 < len(expected) < 400 and lines(changed) == expected
    assert f"{400 - len(expected)} unchanged" in result.stderr
    same = run("batch", source, "-o", tmp_path / "none.jsonl", "--date", DAY, "--only-changed", new, "-j", 1,
               "--lang", "en")
    assert same.exit_code == 0 and (tmp_path / "none.jsonl").read_text(encoding="utf-8") == ""
    # the earlier run written as Parquet gives the same answer
    old_parquet, from_parquet = tmp_path / "old.parquet", tmp_path / "changed-from-parquet.jsonl"
    assert run("batch", source, "-o", old_parquet, "--policy", TRANSITION, "--date", DAY, "-j", 1).exit_code == 0
    result = run("batch", source, "-o", from_parquet, "--date", DAY, "--only-changed", old_parquet, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 1 and from_parquet.read_bytes() == changed.read_bytes()
    assert f"{400 - len(expected)} unchanged" in result.stderr


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_an_output_named_compressed_is_the_output_compressed(run, tmp_path, suffix):
    """`decisions.jsonl.gz` is gzip, not text under that name: one stream a chunk, so that the file is whole
    at the end of every chunk (`--resume`), and read whole by the tools and libraries."""
    items = sample(300, seed=22)
    items[40] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    for fmt, engine in (("jsonl", "fast"), ("csv", "exact")):
        common = ["--date", DAY, "--engine", engine, "-j", 2, "--chunk-size", 70]
        plain, packed = tmp_path / f"plain.{fmt}", tmp_path / f"packed.{fmt}{suffix}"
        assert run("batch", "--lang", "en", source, "-o", plain, *common).exit_code == 2
        result = run("batch", "--lang", "en", source, "-o", packed, *common)
        assert result.exit_code == 2, result.stderr
        assert decompressed(packed) == plain.read_bytes() and packed.read_bytes() != plain.read_bytes()
        errors = tmp_path / f"packed.{fmt}{suffix}.errors.jsonl"  # the bad records stay text, to read at once
        assert errors.read_bytes() == (tmp_path / f"plain.{fmt}.errors.jsonl").read_bytes()
    # an errors file named compressed is written so too, to a file or beside standard output
    for output in (tmp_path / "o.jsonl", "-"):
        bad = tmp_path / f"bad.jsonl{suffix}"
        result = run("batch", source, "-o", output, "--errors", bad, "--date", DAY, "-j", 2, "--chunk-size", 70,
                     "--lang", "en")
        assert result.exit_code == 2 and decompressed(bad) == (tmp_path / "plain.jsonl.errors.jsonl").read_bytes()
    # an earlier run's compressed output serves --only-changed, and nothing changed is a whole (empty) file
    none = tmp_path / f"none.jsonl{suffix}"
    result = run("batch", source, "-o", none, "--date", DAY, "--only-changed", tmp_path / f"packed.jsonl{suffix}",
                 "--lang", "en")
    assert result.exit_code == 2 and "299 unchanged" in result.stderr, result.stderr
    assert none.stat().st_size > 0 and decompressed(none) == b""
    no_bad = tmp_path / f"no-bad.jsonl{suffix}"
    write_jsonl(tmp_path / "good.jsonl", items[:5])
    assert run("batch", tmp_path / "good.jsonl", "-o", tmp_path / "g.jsonl", "--errors", no_bad).exit_code == 0
    assert no_bad.stat().st_size > 0 and decompressed(no_bad) == b""


def test_file_name_suffixes_are_read_in_any_case(run, tmp_path):
    """`DECISIONS.CSV` is CSV and `H.PARQUET` Parquet, as `2026-03.JSONL` is JSON Lines in a folder: a Windows
    export's upper-case name must not turn a table into JSON Lines under its name."""
    items = sample(20, seed=23)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    for name, fmt in (("D.CSV", "csv"), ("D.PARQUET", "parquet"), ("D.JSONL.GZ", "jsonl")):
        assert run("batch", source, "-o", tmp_path / name, "--date", DAY, "-j", 1).exit_code == 0
        assert run("batch", source, "-o", tmp_path / f"d.{fmt}", "--date", DAY, "-j", 1).exit_code == 0
        want = (tmp_path / f"d.{fmt}").read_bytes()
        assert (decompressed(tmp_path / name) if name.endswith(".GZ") else (tmp_path / name).read_bytes()) == want
    from engine.batch.parquet_layout import write_households_parquet

    write_households_parquet(items, tmp_path / "H.PARQUET", load_policy(POST)[0])
    result = run("batch", tmp_path / "H.PARQUET", "-o", tmp_path / "again.jsonl", "--date", DAY, "-j", 1)
    assert result.exit_code == 0 and (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "d.jsonl").read_bytes()


def test_an_output_that_cannot_be_written_compressed_is_refused_before_the_run(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(3))
    result = run("batch", source, "-o", tmp_path / "out.parquet.gz", "--lang", "en")
    assert result.exit_code == 2
    assert "out.parquet.gz: Parquet is compressed inside the file (zstd); name the output out.parquet, " \
        "without .gz" in result.stderr
    chinese = run("batch", source, "-o", tmp_path / "out.parquet.gz", "--lang", "zh")
    assert chinese.exit_code == 2
    assert "out.parquet.gz：Parquet 在文件内部已经压缩（zstd）：请把输出命名为 out.parquet，不加 .gz" in chinese.stderr
    assert not (tmp_path / "out.parquet.gz").exists()


def test_only_changed_counts_and_names_the_earlier_households_the_input_no_longer_holds(run, tmp_path):
    """Half the households gone from the new export: not "everything unchanged" without a word of the rest."""
    items = sample(40, seed=21)
    whole = write_jsonl(tmp_path / "all.jsonl", items)
    old = tmp_path / "old.jsonl"
    assert run("batch", whole, "-o", old, "--date", DAY, "-j", 1, "--lang", "en").exit_code == 0
    kept = [*items[:20], {"id": items[25]["id"], "members": []}]  # one of the rest is now a bad record: still there
    half = write_jsonl(tmp_path / "half.jsonl", kept)
    summary = tmp_path / "run.json"
    result = run("batch", half, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1, "--only-changed", old,
                 "--summary", summary, "--lang", "en")
    assert result.exit_code == 2, result.stderr  # the bad record's, as before
    gone = [i["id"] for i in items[20:] if i["id"] != items[25]["id"]]
    assert f"20 unchanged; 19 households of {old} not in the input; 1 bad record" in result.stderr
    assert (f"note: 19 households of {old} are not in this input (`{gone[0]}`, `{gone[1]}`, `{gone[2]}`, …): no "
            "decision was made for them, so they are neither changed nor unchanged") in result.stderr
    assert json.loads(summary.read_text(encoding="utf-8"))["missing_from_input"] == 19
    chinese = run("batch", half, "-o", "-", "--date", DAY, "-j", 1, "--only-changed", old, "--lang", "zh")
    assert f"{old} 中有 19 户不在输入中" in chinese.stderr
    assert f"注意：{old} 中有 19 户不在这次的输入中（`{gone[0]}`、`{gone[1]}`、`{gone[2]}`等）" in chinese.stderr
    # all there: nothing said, and without --only-changed the key is null
    result = run("batch", whole, "-o", tmp_path / "same.jsonl", "--date", DAY, "-j", 1, "--only-changed", old,
                 "--summary", summary, "--lang", "en")
    assert result.exit_code == 0 and "0 households of" in result.stderr and "not in this input" not in result.stderr
    assert json.loads(summary.read_text(encoding="utf-8"))["missing_from_input"] == 0
    plain = run("batch", whole, "-o", tmp_path / "plain.jsonl", "--date", DAY, "-j", 1, "--summary", summary)
    assert plain.exit_code == 0
    assert json.loads(summary.read_text(encoding="utf-8"))["missing_from_input"] is None


def test_only_changed_tells_earlier_households_among_the_bad_records_from_those_not_in_the_input(run, tmp_path):
    """A line cut short is in the input though not decided: its id, read off its start, is not called gone, and the
    households really gone may be among the bad records whose id could not be read."""
    items = sample(6, seed=21)
    whole = write_jsonl(tmp_path / "all.jsonl", items)
    old = tmp_path / "old.jsonl"
    assert run("batch", whole, "-o", old, "--date", DAY, "-j", 1, "--lang", "en").exit_code == 0
    lines = whole.read_text(encoding="utf-8").splitlines()
    cut = lines[1][:len(lines[1]) // 2]  # its id first, the rest lost
    kept = [lines[0], cut, "{not json", *lines[3:5]]  # items[2] and items[5]: not there, or the line without an id
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(kept) + "\n", encoding="utf-8")
    summary = tmp_path / "run.json"
    result = run("batch", broken, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1, "--only-changed", old,
                 "--summary", summary, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert f"3 unchanged; 2 households of {old} not in the input; 2 bad records" in result.stderr
    assert (f"note: 2 households of {old} are not in this input (`{items[2]['id']}`, `{items[5]['id']}`): no "
            "decision was made for them") in result.stderr
    assert "no longer hold; but 1 bad record whose id could not be read may be one of them: fix those records and " \
        "run again to tell" in result.stderr
    assert (f"note: 1 household of {old} is among the bad records (`{items[1]['id']}`, the id read off a record that "
            "could not be read as a whole): no decision was made for them") in result.stderr
    assert json.loads(summary.read_text(encoding="utf-8"))["missing_from_input"] == 2
    chinese = run("batch", broken, "-o", "-", "--date", DAY, "-j", 1, "--only-changed", old, "--lang", "zh")
    assert f"注意：{old} 中有 1 户在有误记录中（`{items[1]['id']}`，户编号读自无法整条读取的记录）" in chinese.stderr
    assert "不过有 1 条有误记录读不出户编号，其中可能有这些户" in chinese.stderr


def test_only_changed_names_a_household_whose_csv_row_was_deleted_and_an_id_differing_by_its_spaces(run, tmp_path):
    """A household whose households.csv row was deleted, its members and lines kept, was called not in the input
    while the same run refused its rows as a household's not in households.csv: it is among the bad records, as a
    line cut short is. An id written with a space after it was called a new household, the earlier one gone, with no
    word that they are the same: the note says so."""
    items = sample(5, seed=21)
    write_households_csv(items, tmp_path / "tables", load_policy(POST)[0])
    old = tmp_path / "old.jsonl"
    assert run("batch", tmp_path / "tables", "-o", old, "--date", DAY, "-j", 1).exit_code == 0
    households = tmp_path / "tables" / "households.csv"
    deleted = items[3]["id"]
    households.write_text("".join(line for line in households.read_text(encoding="utf-8").splitlines(True)
                                  if not line.startswith(f"{deleted},")), encoding="utf-8")
    result = run("batch", tmp_path / "tables", "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1,
                 "--only-changed", old, "--lang", "en")
    assert result.exit_code == 2 and f"row for household `{deleted}`, which is not in households.csv" in \
        result.stderr, result.stderr
    assert f"note: 1 household of {old} is among the bad records (`{deleted}`," in result.stderr, result.stderr
    assert "not in this input" not in result.stderr, result.stderr
    spaced = items[2]["id"]
    items[2]["id"] += " "
    result = run("batch", write_jsonl(tmp_path / "spaced.jsonl", items), "-o", tmp_path / "s.jsonl", "--date", DAY,
                 "-j", 1, "--only-changed", old, "--lang", "en")
    assert result.exit_code == 1, result.stderr
    assert (f"note: 1 household of {old} is not in this input (`{spaced}`): no decision was made for them, so they "
            "are neither changed nor unchanged; if they left the register, their earlier decisions no longer hold; "
            f"but `{spaced}` is in this input as `\"{spaced} \"`, an id differing only by the spaces around it: if it "
            "is the same household, write its id without them") in result.stderr, result.stderr
    chinese = run("batch", tmp_path / "spaced.jsonl", "-o", "-", "--date", DAY, "-j", 1, "--only-changed", old)
    assert (f"不过 `{spaced}` 在这次的输入中写作 `\"{spaced} \"`，编号只差前后的空格：如果是同一户，请去掉编号前后的"
            "空格") in chinese.stderr, chinese.stderr


def test_only_changed_notes_ids_the_earlier_decisions_hold_twice(run, tmp_path):
    items = sample(3, seed=21)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    old = tmp_path / "old.jsonl"
    assert run("batch", "--lang", "en", source, "-o", old, "--date", DAY, "-j", 1).exit_code == 0
    decisions = old.read_text(encoding="utf-8").splitlines(keepends=True)
    old.write_text("".join([*decisions, decisions[1]]), encoding="utf-8")
    result = run("batch", source, "-o", tmp_path / "changed.jsonl", "--date", DAY, "--only-changed", old, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 0
    assert (f"note: {old} holds 1 household id more than once (the first, `{items[1]['id']}`, again at line 4); "
            "each household is compared with the last decision for its id") in result.stderr
    twice = write_jsonl(tmp_path / "twice.jsonl", [*items, items[1]])
    old_parquet = tmp_path / "old.parquet"
    run("batch", "--lang", "en", twice, "-o", old_parquet, "--date", DAY, "-j", 1)  # (it notes the repeated id too)
    result = run("batch", source, "-o", tmp_path / "c.jsonl", "--date", DAY, "--only-changed", old_parquet, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 0
    assert f"note: {old_parquet} holds 1 household id more than once (the first, `{items[1]['id']}`, again at row 4)" \
        in result.stderr


def test_only_changed_refuses_a_file_that_is_not_earlier_decisions(run, tmp_path):
    """Given an errors file, an empty file or households, every household would count as changed."""
    items = sample(20, seed=3)
    source = write_jsonl(tmp_path / "in.jsonl", [*items, {"id": "bad"}])
    assert run("batch", "--lang", "en", source, "-o", tmp_path / "d.jsonl", "--date", DAY, "-j", 1).exit_code == 2
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    write_households_parquet(items, tmp_path / "households.parquet", load_policy(POST)[0])
    only_bad = write_jsonl(tmp_path / "bad.jsonl", [{"id": "bad"}])
    assert run("batch", only_bad, "-o", tmp_path / "none.parquet", "--date", DAY, "-j", 1).exit_code == 2
    assert run("batch", "--lang", "en", source, "-o", tmp_path / "d.csv", "--date", DAY, "-j", 1).exit_code == 2
    for old, message in (("d.csv", "d.csv: error: this is CSV output; "),
                         ("d.jsonl.errors.jsonl", "a bad record of an errors file"),
                         ("empty.jsonl", "holds no decision"), ("in.jsonl", "not a decision"),
                         ("none.parquet", "holds no decision"),
                         ("households.parquet", "not the decisions of `policy batch` (no column `household`")):
        result = run("batch", source, "-o", tmp_path / "out.jsonl", "--only-changed", tmp_path / old, "-j", 1,
                     "--lang", "en")
        assert result.exit_code == 2 and message in result.stderr, (old, result.stderr)
        assert "--only-changed reads the JSON Lines (compressed or not) or Parquet output of `policy batch`" \
            in result.stderr


def test_only_changed_refuses_a_parquet_file_whose_columns_are_of_other_kinds_naming_each(run, tmp_path):
    """A Parquet file with the columns of `policy batch`'s decisions but other kinds in them (a list written as text,
    whole numbers for ids) ended in a traceback (`'StringArray' object has no attribute 'flatten'`, exit 3), or was
    compared as if no household of it were in the input."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = write_jsonl(tmp_path / "in.jsonl", sample(20, seed=3))
    written = tmp_path / "written.parquet"
    assert run("batch", source, "-o", written, "--date", DAY, "-j", 1).exit_code == 0
    table = pq.read_table(written)
    as_text = table.set_column(table.schema.get_field_index("categories"), "categories",
                               pa.array([json.dumps(c) for c in table.column("categories").to_pylist()]))
    pq.write_table(as_text, tmp_path / "text.parquet")
    numbered = table.set_column(0, "household", pa.array(range(table.num_rows), pa.int64()))
    pq.write_table(numbered, tmp_path / "numbered.parquet")
    for name, en, zh in (
            ("text.parquet", "the column `categories` is string, where `policy batch` writes list<string>",
             "`categories` 列的类型是 string，而 `policy batch` 写出的是 list<string>"),
            ("numbered.parquet", "the column `household` is int64, where `policy batch` writes string",
             "`household` 列的类型是 int64，而 `policy batch` 写出的是 string")):
        for lang, said, help in (("en", en, "  help: give the decisions file `policy batch` wrote earlier "
                                            "(its -o), as it was written"),
                                 ("zh", zh, "  提示：请给出 `policy batch` 早先写出的认定结果文件"
                                            "（它的 -o），保持原样")):
            result = run("batch", source, "-o", tmp_path / "out.jsonl", "--only-changed", tmp_path / name, "-j", 1,
                         "--lang", lang)
            assert result.exit_code == 2 and "Traceback" not in result.stderr, result.stderr
            head, help_line = result.stderr.splitlines()
            assert head.startswith(f"{tmp_path / name}: {'error: ' if lang == 'en' else '错误：'}") and said in head
            assert help_line == help
            assert not (tmp_path / "out.jsonl").exists()


def test_only_changed_says_in_the_readers_language_which_part_of_a_damaged_parquet_file_is_unreadable(run, tmp_path):
    import pyarrow.parquet as pq

    source = write_jsonl(tmp_path / "in.jsonl", sample(120, seed=5))
    written = tmp_path / "written.parquet"
    assert run("batch", source, "-o", written, "--date", DAY, "-j", 1).exit_code == 0
    old = tmp_path / "old.parquet"
    pq.write_table(pq.read_table(written), old, row_group_size=50, compression="zstd")  # rows 1–50, 51–100, 101–120
    whole = old.read_bytes()
    (tmp_path / "cut.parquet").write_bytes(whole[: len(whole) // 2])
    garbled = bytearray(whole)
    start = pq.ParquetFile(old).metadata.row_group(1).column(0).data_page_offset
    garbled[start + 8:start + 400] = bytes(b ^ 0x5A for b in garbled[start + 8:start + 400])
    (tmp_path / "garbled.parquet").write_bytes(bytes(garbled))
    fetch = ("  help: fetch the earlier output again, or run the earlier batch again to write it",
             "  提示：请重新获取上一次的输出，或重新运行上一次的批量认定把它写出")
    for name, en, zh in (
            ("cut.parquet", "not a readable Parquet file: its end, where a Parquet file lists its columns and rows "
                            "(the footer), is missing or damaged: most often a copy cut short",
             "不是可读的 Parquet 文件：文件末尾记录列和行的部分（footer）缺失或已损坏，多半是文件没有复制完整"),
            ("garbled.parquet", "not a readable Parquet file: the data of rows 51–100 is damaged (rows 1–50 were read)",
             "不是可读的 Parquet 文件：第 51–100 行的数据已损坏（第 1–50 行可以读取）")):
        for lang, said, help, detail in (("en", en, fetch[0], "  detail: "), ("zh", zh, fetch[1], "  详情：")):
            result = run("batch", source, "-o", tmp_path / "out.jsonl", "--only-changed", tmp_path / name, "-j", 1,
                         "--lang", lang)
            assert result.exit_code == 2 and "Traceback" not in result.stderr, result.stderr
            head, help_line, detail_line = result.stderr.splitlines()
            assert head == f"{tmp_path / name}: {'error: ' if lang == 'en' else '错误：'}{said}"
            assert help_line == help and detail_line.startswith(detail) and len(detail_line) > len(detail)
            assert lang == "en" or not re.search("[A-Za-z]{4,}", head.split("：", 1)[1].replace("Parquet", "")
                                                   .replace("footer", ""))
    # the same words where a damaged file is the households to decide
    result = run("batch", tmp_path / "cut.parquet", "-o", tmp_path / "out.jsonl", "-j", 1, "--lang", "zh")
    assert result.exit_code == 2
    assert f"{tmp_path / 'cut.parquet'}：不是可读的 Parquet 文件：文件末尾记录列和行的部分（footer）缺失或已损坏" \
        in result.stderr and "\n  详情：Parquet magic bytes not found" in result.stderr


def test_quiet_when_not_on_a_terminal_and_help_has_examples(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(10))
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "o.jsonl", "--date", DAY)
    assert "\r" not in result.stderr and result.stderr.count("\n") == 2  # the summary and the tally
    assert result.stderr.splitlines()[1].startswith("categories: ")
    assert "Examples" in run("batch", "--help", "--lang", "en").output


def test_an_output_named_as_a_spreadsheet_is_refused_rather_than_filled_with_json(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(3))
    result = run("batch", source, "-o", tmp_path / "decisions.xlsx", "--date", DAY, "--lang", "en")
    assert result.exit_code == 2 and not (tmp_path / "decisions.xlsx").exists()
    assert "decisions.xlsx names a spreadsheet, which policy does not write: name it decisions.csv" in result.stderr
    assert run("batch", source, "-o", tmp_path / "decisions.xlsx", "--format", "csv", "--date", DAY).exit_code == 0
    result = run("sample", "--n", 3, "-o", tmp_path / "households.xlsx", "--lang", "en")
    assert result.exit_code == 2 and "write CSV tables with --format csv -o FOLDER" in result.stderr
    result = run("sample", "--n", 3, "-o", tmp_path / "households.xlsx", "--lang", "zh")
    assert result.exit_code == 2 and "households.xlsx 这个文件名表示电子表格，但 policy 不写电子表格：请改用 " \
        ".jsonl 或 .parquet 后缀，或用 --format csv -o 文件夹 写出 CSV 表格" in result.stderr


def test_usage_errors_are_clear(run, tmp_path):
    result = run("batch", "--lang", "en", tmp_path / "missing.jsonl", "-o", tmp_path / "o.jsonl")
    assert result.exit_code == 2 and "no such file or folder" in result.stderr
    (tmp_path / "x.csv").write_text("id\n", encoding="utf-8")
    result = run("batch", "--lang", "en", tmp_path / "x.csv", "-o", tmp_path / "o.jsonl")
    assert result.exit_code == 2 and "households.csv" in result.stderr
    result = run("batch", "--lang", "en", tmp_path / "x.csv", "-o", tmp_path / "o.jsonl", "--resume")
    assert result.exit_code == 2
    source = write_jsonl(tmp_path / "in.jsonl", sample(2))
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "o.jsonl", "--resume")
    assert result.exit_code == 2 and "nothing to resume" in result.stderr
    assert not (tmp_path / "o.jsonl").exists()
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "nowhere" / "o.jsonl")
    assert result.exit_code == 2 and f"there is no folder {tmp_path / 'nowhere'} to write o.jsonl in" in result.stderr


@pytest.mark.parametrize(("given", "line", "message"), [
    (POST, "8:1", "this is a policy, not a household"),
    (ROOT / "tests" / "cases" / "dibao.yaml", "7:1", "this is a file of test cases, not a household"),
], ids=["policy", "cases"])
def test_a_policy_or_case_file_given_as_input_is_one_finding_not_a_bad_record_a_line(run, tmp_path, given, line,
                                                                                      message):
    result = run("batch", given, "-o", tmp_path / "o.jsonl", "-j", 1, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{given}:{line}: error[H001]: {message}\n")
    assert result.stderr.count("error[") == 1
    assert not (tmp_path / "o.jsonl").exists() and not (tmp_path / "o.jsonl.errors.jsonl").exists()


def test_a_json_lines_file_whose_first_line_is_broken_is_still_read_record_by_record(run, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("policy: garbage\n" + json.dumps(sample(1)[0], default=str) + "\n", encoding="utf-8")
    result = run("batch", source, "-o", tmp_path / "o.jsonl", "-j", 1, "--date", DAY)
    assert result.exit_code == 2
    (bad,) = lines(tmp_path / "o.jsonl.errors.jsonl")
    assert bad["line"] == 1 and bad["diagnostics"][0]["message"] == "not valid JSON: expecting value"
    (finding,) = bad["diagnostics"]
    assert (finding["file"], finding["line"], finding["column"]) == (str(source), 1, 1)  # placed as in eval
    assert len(lines(tmp_path / "o.jsonl")) == 1


def test_the_progress_bar_shows_share_rate_and_time_left():
    import io

    from cli.batch_progress import progress_bar

    wide = lambda: 200  # noqa: E731
    stream = io.StringIO()
    progress_bar(1000, stream, columns=wide)(250, 100, 2.0)
    assert stream.getvalue() == \
        "\r[#######.......................]  25.0% 250/1,000 households · 50/s · ETA 0:15\x1b[K"
    stream = io.StringIO()
    progress_bar(1000, stream, columns=wide)(0, 0, 0.0)  # drawn as the run starts, before any rate is known
    assert stream.getvalue() == ("\r[..............................]   0.0% 0/1,000 households · 0/s · ETA …\x1b[K")
    guesses = iter([None, 990, 1000])  # a compressed input: no guess until a block is read, then nearer and nearer
    shown = io.StringIO()
    draw = progress_bar(None, shown, estimate=lambda: next(guesses), columns=wide)
    for done, seconds in ((0, 0.0), (250, 2.0), (500, 4.0)):
        draw(done, done, seconds)
    assert shown.getvalue().split("\r")[1:] == [
        "0 households · 0/s\x1b[K",
        "[#######.......................]  25.3% 250/≈990 households · 125/s · ETA 0:06\x1b[K",
        "[###############...............]  50.0% 500/≈1,000 households · 125/s · ETA 0:04\x1b[K"]


def test_a_spark_runs_progress_line_gives_the_time_run_and_each_stage_running_in_either_language():
    import io

    from cli.batch_progress import spark_progress_lines

    stream = io.StringIO()
    for lang in ("en", "zh"):
        log = spark_progress_lines(lang, stream)
        log(21.4, [])
        log(42.0, [(2, 1, 2), (3, 0, 4)])
    assert stream.getvalue().splitlines() == [
        "progress: 0:21 on Spark", "progress: 0:42 on Spark · stage 2: 1/2 tasks done · stage 3: 0/4 tasks done",
        "进度：Spark 上已用 0:21", "进度：Spark 上已用 0:42 · 阶段 2：已完成 1/2 个任务 · 阶段 3：已完成 0/4 个任务"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_progress_bar_fits_the_terminal_leaving_out_the_least_useful_parts_first(monkeypatch, lang):
    """At 80 columns the line was 89 to 91 wide: each redraw wrapped and left a trail down the screen."""
    import io
    import os
    import unicodedata

    from cli.batch_progress import progress_bar

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    shown: dict[int, str] = {}
    for width in (200, 80, 60, 40, 24, 12):
        monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=(80, 24), w=width: os.terminal_size((w, 24)))
        stream = io.StringIO()
        progress_bar(10_000_000, stream, lang=lang)(1_200_000, 1_200_000, 12.2)
        line = stream.getvalue()
        assert line.startswith("\r") and line.endswith("\x1b[K")  # what a longer line left is erased
        shown[width] = line[1:-3]
        assert columns(shown[width]) < width, (width, shown[width])  # short of the last column, which may wrap
    eta = "预计还需 1:29" if lang == "zh" else "ETA 1:29"
    assert all(eta in line and "12.0%" in line for width, line in shown.items() if width >= 24)
    assert shown[200].startswith("[###...........................]  12.0% 1,200,000/10,000,000 ")
    assert shown[80].startswith("[#") and "1,200,000/10,000,000" in shown[80]  # a shorter bar first
    assert ("98,361" in shown[80]) and "98,361" not in shown[60]  # then the rate
    assert "[" not in shown[40] and "1,200,000" not in shown[24]  # then the bar, then the count
    stream = io.StringIO()  # no whole known: the count and rate, as fits
    progress_bar(None, stream, lang=lang, columns=lambda: 12)(1_200_000, 1_200_000, 12.2)
    assert stream.getvalue() == "\r1,200,000\x1b[K"


def test_a_folder_with_no_households_in_it_is_a_usage_error(run, tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "notes.txt").write_text("not households", encoding="utf-8")
    result = run("batch", "--lang", "en", tmp_path / "exports", "-o", tmp_path / "out.jsonl", "-j", 1)
    assert result.exit_code == 2
    assert "holds no .json or .jsonl file, no households.csv and no Parquet file" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    (tmp_path / "exports" / "2026-03").mkdir()  # what it holds instead says what to do
    (tmp_path / "exports" / "2026-04").mkdir()
    result = run("batch", "--lang", "en", tmp_path / "exports", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2 and "; it holds folders (2026-03/, 2026-04/): give the one that holds the " \
        "households" in result.stderr
    (tmp_path / "exports" / "2026-03.zip").write_bytes(b"PK\x03\x04")
    result = run("batch", "--lang", "en", tmp_path / "exports", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2 and "; it holds a zip archive (2026-03.zip): extract it first: `unzip " \
        in result.stderr


def test_an_input_that_holds_no_household_is_a_usage_error_in_every_format(run, tmp_path):
    """A 0-byte export is most likely a failed one: it must not look like a run that found nobody."""
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "blank.jsonl").write_text("\n \n", encoding="utf-8")
    write_csv_tables(tmp_path / "tables", [])
    write_households_parquet([], tmp_path / "none.parquet", load_policy(POST)[0])
    for source in ("empty.jsonl", "blank.jsonl", "tables", "none.parquet"):
        for name in ("o.jsonl", "o.csv", "o.parquet"):
            result = run("batch", "--lang", "en", tmp_path / source, "-o", tmp_path / name, "-j", 1)
            assert result.exit_code == 2 and "holds no household" in result.stderr, (source, result.stderr)
            assert not (tmp_path / name).exists()


def test_a_file_whose_first_line_is_a_byte_order_mark_alone_is_read_for_the_households_after_it(run, tmp_path):
    """An export that writes its byte-order mark on a line of its own: `policy batch` called the file empty (`the
    file holds no household (it is empty)`, exit 2, nothing decided) though households follow, which `policy eval`
    decides."""
    items = sample(2, seed=3)
    source = tmp_path / "bom.jsonl"
    source.write_bytes(b"\xef\xbb\xbf\n" + b"".join(json.dumps(item).encode() + b"\n" for item in items))
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1)
    assert "holds no household" not in result.stderr, result.stderr
    decided = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["household"] for d in decided] == [item["id"] for item in items]
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf\n \n")  # a mark and blanks alone: still nothing
    empty = run("batch", "--lang", "en", source, "-o", tmp_path / "none.jsonl", "-j", 1)
    assert empty.exit_code == 2 and "the file holds no household (it is empty)" in empty.stderr, empty.stderr

def test_a_first_line_holding_only_the_byte_order_mark_is_skipped_as_eval_skips_it(run, tmp_path):
    """`policy batch` decided the households after a first line holding the mark alone but told that line as a bad
    record (`…:1: the file is empty`, exit 2), read from a file on one worker or two or from standard input, where
    `policy eval` skips it."""
    items = sample(3, seed=5)
    raw = b"\xef\xbb\xbf\n" + b"".join(json.dumps(item).encode() + b"\n" for item in items)
    source = tmp_path / "marked.jsonl"
    source.write_bytes(raw)
    said = run("eval", "--lang", "en", source, "--date", DAY, "--format", "json")
    assert said.exit_code == 0, said.stderr
    evaluated = [json.loads(line)["household"] for line in said.stdout.splitlines() if line]
    for given, workers, data in ((source, 1, None), (source, 2, None), ("-", 1, raw)):
        out = tmp_path / f"out-{workers}-{given == '-'}.jsonl"
        result = run("batch", "--lang", "en", given, "-o", out, "--date", DAY, "-j", workers, "--chunk-size", 2,
                     input=data)
        assert result.exit_code == 0, result.stderr
        decided = [json.loads(line)["household"] for line in out.read_text(encoding="utf-8").splitlines()]
        assert decided == evaluated == [item["id"] for item in items]
        assert not Path(f"{out}.errors.jsonl").exists() or not Path(f"{out}.errors.jsonl").read_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_line_holding_only_the_byte_order_mark_between_households_is_told_as_such(run, tmp_path, lang):
    """A line holding only the mark between households was told `…:2: the file is empty` (`文件是空的`) by `policy
    eval` and `policy batch`: the file is not empty; the line holds a mark that cannot be seen."""
    items = sample(2, seed=6)
    source = tmp_path / "marked.jsonl"
    source.write_bytes(json.dumps(items[0]).encode() + b"\n\xef\xbb\xbf\n" + json.dumps(items[1]).encode() + b"\n")
    words = {"en": "the line holds only a byte-order mark (U+FEFF, which cannot be seen), where a household was "
                   "expected", "zh": "这一行只有字节顺序标记（U+FEFF，看不见），这里应是一个家庭"}[lang]
    said = run("eval", "--lang", lang, source, "--date", DAY)
    assert said.exit_code == 2 and f"{source}:2:" in said.stderr and words in said.stderr, said.stderr
    assert "the file is empty" not in said.stderr and "文件是空的" not in said.stderr
    assert {"en": "help: delete the line", "zh": "提示：请删去这一行"}[lang] in said.stderr, said.stderr
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", lang, source, "-o", out, "--date", DAY, "-j", 1)
    errors = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    told = [(e["diagnostics"][0]["line"], (e["diagnostics"][0]["zh"] if lang == "zh" else e["diagnostics"][0])[
        "message"]) for e in errors]
    assert told == [(2, words)], errors
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2, result.stderr


@pytest.mark.parametrize("marks", [b"\xef\xbb\xbf\xef\xbb\xbf\n", b"\xef\xbb\xbf\xef\xbb\xbf"])
@pytest.mark.parametrize("gbk", [False, True])
def test_every_byte_order_mark_a_file_starts_with_is_skipped_by_eval_and_batch_alike(run, tmp_path, marks, gbk):
    """`policy eval` skipped every byte-order mark a file starts with, `policy batch` only one: a first line of two
    marks alone made batch say `the file holds no household (it is empty)` of a file eval decided; and eval, where a
    line is not UTF-8 (`gbk`), told that first line as a bad record, where batch skipped it."""
    items = sample(3, seed=5)
    written = [json.dumps(item, ensure_ascii=False).encode() for item in items]
    if gbk:
        written[1] = json.dumps({**items[1], "note": "李四"}, ensure_ascii=False).encode("gbk")
    raw = marks + b"\n".join(written) + b"\n"
    source = tmp_path / "marked.jsonl"
    source.write_bytes(raw)
    told = {f"{source}:3" if marks.endswith(b"\n") else f"{source}:2"} if gbk else set()
    said = run("eval", "--lang", "en", source, "--date", DAY, "--format", "json")
    placed = (re.match(r"(.+?:\d+)(?::\d+)?: error\[", line) for line in said.stderr.splitlines())
    assert {place.group(1) for place in placed if place} == told, said.stderr
    evaluated = [json.loads(line)["household"] for line in said.stdout.splitlines() if line]
    assert evaluated == [item["id"] for at, item in enumerate(items) if not (gbk and at == 1)]
    for given, workers, data in ((source, 1, None), (source, 2, None), ("-", 1, raw)):
        out = tmp_path / f"out-{workers}-{given == '-'}.jsonl"
        result = run("batch", "--lang", "en", given, "-o", out, "--date", DAY, "-j", workers, "--chunk-size", 2,
                     input=data)
        decided = [json.loads(line)["household"] for line in out.read_text(encoding="utf-8").splitlines()]
        assert decided == evaluated, result.stderr
        errors = Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").splitlines()
        assert {json.loads(line)["source"].replace("<stdin>", str(source)) for line in errors} == told, errors


def test_a_line_of_a_mark_alone_below_a_blank_first_line_is_a_bad_record_not_an_empty_file(run, tmp_path):
    """A blank first line, then a line holding only the byte-order mark, then households: `policy batch` refused the
    file whole, `the file holds no household (it is empty)`, deciding nobody, where `policy eval` told that line as a
    bad record and decided the households."""
    items = sample(2, seed=6)
    raw = b"\n\xef\xbb\xbf\n" + b"".join(json.dumps(item).encode() + b"\n" for item in items)
    source = tmp_path / "marked.jsonl"
    source.write_bytes(raw)
    words = "the line holds only a byte-order mark (U+FEFF, which cannot be seen), where a household was expected"
    said = run("eval", "--lang", "en", source, "--date", DAY, "--format", "json")
    assert f"{source}:2: error[H001]: {words}" in said.stderr, said.stderr
    evaluated = [json.loads(line)["household"] for line in said.stdout.splitlines() if line]
    assert evaluated == [item["id"] for item in items]
    for given, data in ((source, None), ("-", raw)):
        out = tmp_path / f"out-{given == '-'}.jsonl"
        result = run("batch", "--lang", "en", given, "-o", out, "--date", DAY, "-j", 1, input=data)
        assert "holds no household" not in result.stderr, result.stderr
        assert [json.loads(line)["household"] for line in out.read_text(encoding="utf-8").splitlines()] == evaluated
        errors = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [(e["line"], e["diagnostics"][0]["message"]) for e in errors] == [(2, words)], errors


def test_a_json_document_named_jsonl_is_read_as_the_document_it_is(run, tmp_path):
    items = sample(3, seed=9)
    (tmp_path / "list.jsonl").write_text(json.dumps(items, indent=2), encoding="utf-8")
    (tmp_path / "one.jsonl").write_text(json.dumps(items[0], indent=2), encoding="utf-8")
    want = tmp_path / "want.jsonl"
    run("batch", write_jsonl(tmp_path / "lines.jsonl", items), "-o", want, "--date", DAY, "-j", 1)
    for name, count in (("list.jsonl", 3), ("one.jsonl", 1)):
        out = tmp_path / f"{name}.out.jsonl"
        result = run("batch", tmp_path / name, "-o", out, "--date", DAY, "-j", 1)
        assert result.exit_code == 0, result.stderr
        assert out.read_text(encoding="utf-8").splitlines() == want.read_text(encoding="utf-8").splitlines()[:count]


@pytest.mark.parametrize("name", ["list.jsonl", "list"])
@pytest.mark.parametrize("mark", [b"\xef\xbb\xbf\n", b"\xef\xbb\xbf\xef\xbb\xbf\n", b"\xef\xbb\xbf\n\n"])
def test_a_list_below_a_line_holding_only_a_byte_order_mark_is_read_as_that_list(run, tmp_path, name, mark):
    """A list written over many lines below a first line holding only the byte-order mark was read as JSON Lines, each
    of its lines a bad record (`list.jsonl:2:2: not valid JSON: expecting value`, …), by `policy eval` and `policy
    batch`: the format is told by the first line that holds JSON text, as it is without the mark."""
    items = sample(3, seed=9)
    source = tmp_path / name
    source.write_bytes(mark + json.dumps(items, indent=2).encode() + b"\n")
    want = [item["id"] for item in items]
    said = run("eval", "--lang", "en", source, "--date", DAY, "--format", "json")
    assert said.exit_code == 0, said.stderr
    assert [json.loads(line)["household"] for line in said.stdout.splitlines() if line] == want
    piped = run("eval", "--lang", "en", "-", "--date", DAY, "--format", "json", input=source.read_bytes())
    assert piped.exit_code == 0 and piped.stdout == said.stdout, piped.stderr
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "-j", 1)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["household"] for line in out.read_text(encoding="utf-8").splitlines()] == want


@pytest.mark.parametrize("name", ["list.jsonl", "list.txt"])
def test_a_list_below_a_line_of_a_form_feed_is_one_error_at_the_form_feed(run, tmp_path, name):
    """A file not named `.json` whose first line holds a form feed, above a list written over many lines, was read as
    JSON Lines: every line of the list was a bad record of its own (121 for 120 lines). It is the one document it
    holds, refused once, at the form feed that stops it being JSON."""
    source = tmp_path / name
    source.write_bytes(b"\x0c\n" + json.dumps(sample(3, seed=9), indent=2).encode() + b"\n")
    said = run("eval", "--lang", "en", source, "--date", DAY)
    assert said.exit_code == 2 and said.stderr.count("error[") == 1, said.stderr
    assert f"{source}:1:1: error[H001]: not valid JSON: a form feed (U+000C)" in said.stderr, said.stderr
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "-j", 1)
    assert result.exit_code == 2 and "1 bad record" in result.stderr, result.stderr
    errors = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["diagnostics"][0]["line"], e["diagnostics"][0]["column"]) for e in errors] == [(1, 1)], errors
    assert errors[0]["diagnostics"][0]["message"].startswith("not valid JSON: a form feed (U+000C)"), errors
    piped = run("batch", "--lang", "en", "-", "-o", tmp_path / "piped.jsonl", "-j", 1, input=source.read_bytes())
    assert piped.exit_code == 2 and "holds a JSON document written over many lines" in piped.stderr, piped.stderr


def _drop_column(path: Path, column: str) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    at = rows[0].index(column)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([row[:at] + row[at + 1:] for row in rows])


def test_csv_headers_every_row_would_be_refused_for_stop_the_run_before_it_starts(run, tmp_path):
    cases = {
        "semicolons": ("households.csv", lambda text: text.replace(",", ";"), "separated by `;`, not by commas"),
        "extra": ("households.csv", lambda text: text.replace("\n", ",village\n", 1),
                  "a column no policy reads: `village`"),
        "space": ("lines.csv", lambda text: text.replace("amount", "amount ", 1),
                  "a column no policy reads: `amount ` (did you mean `amount`?)"),
        "no_household": ("members.csv", lambda text: text.replace("household,", "hh,", 1),  # to rename, not ignore
                         "members.csv: no column `household`, which every row needs; the columns a policy reads are "
                         "household, id, "),
        "no_household_named": ("members.csv", lambda text: text.replace("household,", "hh,", 1),
                               "— `hh` is none of them\n  help: if `hh` holds `household`, rename it `household`, in "
                               "the file or with --rename-column hh=household\n"),
        "case": ("households.csv", lambda text: text.replace("id,", "ID,", 1),
                 "a column no policy reads: `ID` (did you mean `id`?)"),
    }
    for name, (table, change, message) in cases.items():
        folder = tmp_path / name
        write_csv_tables(folder, sample(4, seed=2))
        (folder / table).write_text(change((folder / table).read_text(encoding="utf-8")), encoding="utf-8")
        result = run("batch", "--lang", "en", folder, "-o", tmp_path / f"{name}.jsonl", "-j", 1)
        assert result.exit_code == 2 and message in result.stderr, (name, result.stderr)
        assert not (tmp_path / f"{name}.jsonl").exists()
    folder = tmp_path / "no_birth_dates"
    write_csv_tables(folder, sample(4, seed=2))
    _drop_column(folder / "members.csv", "birth_date")
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "b.jsonl", "-j", 1)
    assert result.exit_code == 2 and "no column `birth_date`, which every member needs" in result.stderr


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_columns_with_no_header_and_no_value_are_no_columns_and_one_with_values_is_refused(run, tmp_path, engine):
    """Excel and WPS export the columns beyond a sheet's data as `,,` after the header and every row: the whole run
    was refused for a column named `` (nothing), which no policy reads."""
    items = sample(20, seed=3)
    write_csv_tables(tmp_path / "t", items)
    t = tmp_path / "t"
    for name in ("households.csv", "members.csv"):
        _rewrite(t / name, lambda rows: [row + ",," for row in rows])
    out = tmp_path / "out.jsonl"
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, "--engine", engine, "--lang", "en")
    assert result.exit_code == 0 and result.stderr.startswith("20 households; 20 decisions"), result.stderr
    reference = tmp_path / "reference.jsonl"
    run("batch", write_jsonl(tmp_path / "in.jsonl", items), "-o", reference, "--date", DAY, "--policy", POST, "-j", 1)
    assert out.read_bytes() == reference.read_bytes()
    _rewrite(t / "members.csv", lambda rows: [*rows[:-1], rows[-1] + "x"])  # a value in the last row, under no name
    members = t / "members.csv"
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "--engine", engine, "--lang", "en")
    assert result.exit_code == 2 and result.stderr == (
        f"error: {members}: column 13 (2 columns after `supporter`) has no header, but holds values; write the name "
        "of the input it holds at its top (the columns are household, id, relation, birth_date, sex, "
        "disability_grade, disability_type, labor_capacity, serious_illness, student, supporter), or remove it\n")
    result = run("batch", t, "-o", out, "--date", DAY, "--policy", POST, "--engine", engine, "--lang", "zh")
    assert result.exit_code == 2 and result.stderr.startswith(
        f"错误：{members}：第 13 列（`supporter` 之后第 2 列）没有列名，却有内容；"
        "请在列首写上它对应的输入项名称（可用的列为 household, id, ")


def test_tables_named_in_another_case_are_named_with_what_the_folder_holds(run, tmp_path):
    """Windows tools name files as they like (`Households.CSV`, `MEMBERS.csv`); the names are case-sensitive, and the
    message said only that there was no households.csv, or that members.csv was not found."""
    folder = tmp_path / "t"
    write_csv_tables(folder, sample(3, seed=2))
    (folder / "members.csv").rename(folder / "MEMBERS.csv")
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "-j", 1)
    assert result.exit_code == 2 and result.stderr == (
        f"error: {folder / 'members.csv'}: not found (a CSV input is households.csv and members.csv, with lines.csv "
        f"for income and expenses; each may be compressed); {folder} holds MEMBERS.csv, households.csv, lines.csv — "
        "file names are case-sensitive: rename MEMBERS.csv to members.csv\n")
    (folder / "households.csv").rename(folder / "Households.CSV")
    result = run("batch", "--lang", "zh", folder, "-o", tmp_path / "out.jsonl", "-j", 1)
    assert result.exit_code == 2 and result.stderr.endswith(
        "；文件名区分大小写：请把 Households.CSV 改名为 households.csv，把 MEMBERS.csv 改名为 members.csv\n")
    assert not (tmp_path / "out.jsonl").exists()
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "-j", 1)
    assert result.exit_code == 2 and result.stderr.endswith(
        "file names are case-sensitive: rename Households.CSV to households.csv and MEMBERS.csv to members.csv\n")


@pytest.mark.parametrize(("day", "column", "readers"), [
    ("2026-03-01", "housing.safety_grade", "(A), and other_hardship and 1 assistance measure are"),
    ("2025-06-01", "housing.safety_grade", "(A), and monitoring and 1 assistance measure are"),
    ("2026-03-01", "assets.deposits", "(0), and dibao, dibao_marginal and rigid_expense are")])
def test_a_missing_column_names_what_the_policies_in_force_on_the_households_dates_decide_on_it(
        run, tmp_path, day, column, readers):
    """`monitoring` is abolished after the transition: households dated after it were warned that it read the column."""
    items = [{**h, "date": day} for h in sample(10, seed=12)]
    folder = tmp_path / "t"
    write_csv_tables(folder, items)
    _drop_column(folder / "households.csv", column)
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "-j", 1)
    assert result.exit_code == 0, result.stderr
    assert (f"warning: {folder / 'households.csv'} has no column `{column}`: every household takes its "
            f"default {readers} decided on it") in result.stderr


def test_a_missing_column_lists_in_chinese_what_decides_on_it_as_every_list_of_the_chinese_output(run, tmp_path):
    """The readers of a missing column were joined with `和` before the last, where lists elsewhere take `、`."""
    items = [{**h, "date": "2026-03-01"} for h in sample(10, seed=12)]
    folder = tmp_path / "t"
    write_csv_tables(folder, items)
    _drop_column(folder / "households.csv", "assets.deposits")
    result = run("batch", "--lang", "zh", folder, "-o", tmp_path / "out.jsonl", "-j", 1)
    assert result.exit_code == 0, result.stderr
    readers = "“最低生活保障对象”、“低保边缘家庭成员”、“刚性支出困难家庭成员”"
    assert (f"警告：{folder / 'households.csv'} 中没有 `assets.deposits` 列：每户都取默认值（0），"
            f"而{readers}的认定要用到它") in result.stderr, result.stderr
    assert f"警告：每户都是按 `assets.deposits` 为 0 认定的，{readers}要用到它" in result.stderr


def test_every_table_refused_is_said_in_one_run_with_one_fix_for_all(run, tmp_path):
    """A GBK export took three runs, one a table; export-only columns three runs of growing --ignore-column lists."""
    items = sample(5, seed=12)
    folder = tmp_path / "t"
    write_csv_tables(folder, items)
    for table, own in (("households.csv", "phone"), ("members.csv", "name"), ("lines.csv", "note")):
        _rewrite(folder / table, lambda rows, own=own: [f"{rows[0]},{own}", *(f"{row},x" for row in rows[1:])])
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1)
    assert result.exit_code == 2
    for table, own in (("households.csv", "phone"), ("members.csv", "name"), ("lines.csv", "note")):
        assert f"error: {folder / table}: a column no policy reads: `{own}`" in result.stderr
    assert result.stderr.count("help: ") == 1
    assert "leave them out of every household: --ignore-column phone,name,note" in result.stderr
    again = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1,
                "--ignore-column", "phone,name,note")
    assert again.exit_code == 0, again.stderr
    for table in ("households.csv", "members.csv", "lines.csv"):  # saved on Chinese Windows, all three
        text = (folder / table).read_text(encoding="utf-8").splitlines()
        (folder / table).write_bytes(("\n".join([text[0], *(row + "户主" for row in text[1:])]) + "\n")
                                     .encode("gb18030"))
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1,
                 "--ignore-column", "phone,name,note")
    assert result.exit_code == 2
    for table in ("households.csv", "members.csv", "lines.csv"):
        assert re.search(f"{re.escape(str(folder / table))}:2:[0-9]+: the file is not UTF-8; ", result.stderr)


def test_inputs_a_table_input_lacks_are_noted_before_the_run(run, tmp_path):
    items = sample(30, seed=12)
    folder = tmp_path / "t"
    write_csv_tables(folder, items)
    _drop_column(folder / "households.csv", "assets.deposits")
    _drop_column(folder / "members.csv", "sex")
    (folder / "lines.csv").rename(folder / "Lines.csv")
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1)
    assert result.exit_code == 0, result.stderr
    assert (f"warning: {folder / 'households.csv'} has no column `assets.deposits`: every household takes its "
            "default (0), and dibao, dibao_marginal and rigid_expense are decided on it") in result.stderr
    assert "note: " + str(folder / "members.csv") + " has no column `sex`: every member has none (null)\n" \
        in result.stderr  # no category reads it: a note, not said again
    assert ("warning: no lines.csv beside households.csv: every household is decided with no income and no expense "
            "lines (file names are case-sensitive: rename Lines.csv to lines.csv)") in result.stderr
    tally = result.stderr.index("categories: ")
    assert result.stderr.count("`sex`") == 1 and "`assets.deposits` = 0" in result.stderr[tally:]
    assert "every household was decided with no income and no expense lines" in result.stderr[tally:]
    import pyarrow.parquet as pq

    write_households_parquet(items, tmp_path / "h.parquet", load_policy(POST)[0])
    pq.write_table(pq.read_table(tmp_path / "h.parquet").drop(["assets", "income"]), tmp_path / "lean.parquet")
    result = run("batch", tmp_path / "lean.parquet", "-o", tmp_path / "lean.jsonl", "--date", DAY, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "lean.parquet has no column `assets.vehicles`: every household takes its default (0)" in result.stderr
    assert "lean.parquet has no column `income`: every household is decided with no income lines" in result.stderr
    table = pq.read_table(tmp_path / "h.parquet")
    pq.write_table(table.append_column("village", table.column("id")), tmp_path / "extra.parquet")
    result = run("batch", "--lang", "en", tmp_path / "extra.parquet", "-o", tmp_path / "extra.jsonl", "-j", 1)
    assert result.exit_code == 2 and "a column no policy reads: `village`" in result.stderr


def test_tables_refused_for_their_encoding_are_said_with_the_unknown_columns_of_the_others_in_one_run(run, tmp_path):
    """members.csv and lines.csv in GBK and an unknown column `电话` in households.csv took two runs: the first said
    only the encodings. The columns of the tables that can be read are said with them."""
    folder = tmp_path / "t"
    write_csv_tables(folder, sample(3, seed=4))
    households = folder / "households.csv"
    rows = households.read_text(encoding="utf-8").splitlines()
    households.write_text("\n".join([rows[0] + ",电话", *(row + ",123" for row in rows[1:])]) + "\n",
                          encoding="utf-8")
    for table in ("members.csv", "lines.csv"):
        text = (folder / table).read_text(encoding="utf-8").splitlines()
        (folder / table).write_bytes(("\n".join([text[0] + ",备注", *(row + ",户主" for row in text[1:])]) + "\n")
                                     .encode("gb18030"))
    result = run("batch", folder, "-o", tmp_path / "o.jsonl", "--date", DAY, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    for said in (f"{folder / 'members.csv'}: its header (line 1) is not UTF-8",
                 f"{folder / 'lines.csv'}: its header (line 1) is not UTF-8", "`电话`"):
        assert said in result.stderr, result.stderr


def test_a_column_a_category_reads_left_out_is_a_warning_under_the_tally_and_in_the_summary(run, tmp_path):
    """An export without `supporter` decides every elder with no supporter: tekun counts many times over."""
    folder = tmp_path / "t"
    write_csv_tables(folder, sample(300, seed=4))
    whole = run("batch", folder, "-o", tmp_path / "whole.jsonl", "--date", DAY, "-j", 1, "--lang", "en")
    _drop_column(folder / "members.csv", "supporter")
    members = str(folder / "members.csv")
    english = (f"{members} has no column `supporter`: every member takes its default (none), and tekun is decided "
               "on it; if the export left the column out, add it")
    for lang, before, after in (
            ("en", f"warning: {english}",
             f"warning: every member was decided with `supporter` = none, which tekun reads: {members} has no such "
             "column"),
            ("zh", f"警告：{members} 中没有 `supporter` 列：每位成员都取默认值（none），而“特困人员”的认定要用到它；"
                   "如是导出时漏了这一列，请补上",
             f"警告：每位成员都是按 `supporter` 为 none 认定的，“特困人员”要用到它：{members} 中没有这一列")):
        summary = tmp_path / f"{lang}.json"
        result = run("batch", folder, "-o", tmp_path / f"{lang}.jsonl", "--date", DAY, "-j", 1, "--lang", lang,
                     "--summary", summary)
        assert result.exit_code == 0, result.stderr
        lines = result.stderr.splitlines()
        assert lines[0] == before
        assert lines[2].startswith(("categories: ", "各类别：")) and lines[3] == after
        report = json.loads(summary.read_text(encoding="utf-8"))
        assert report["notes"] == [{"level": "warning", "message": english}]  # the summary file is in English
        tekun = next(c["count"] for c in report["categories"] if c["id"] == "tekun")
    assert tekun > 2 * int(re.search(r"tekun ([\d,]+) members", whole.stderr)[1].replace(",", ""))


def _empty_column(path: Path, column: str, but_last: bool = False) -> None:
    """A column of a CSV table emptied in every row (but the last, with `but_last`), as an export that lost it."""
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    at = rows[0].index(column)
    for row in rows[1:-1] if but_last else rows[1:]:
        row[at] = ""
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_column_empty_in_every_row_is_a_warning_as_a_column_left_out_is(run, tmp_path, monkeypatch, engine):
    """An export that kept the `supporter` header but lost its cells decided every elder with no supporter, with
    no word; it is said before the run, under the tally and in the summary, as the column left out is — for the
    whole input, whatever its chunks and its route (as columns, or row by row where Arrow does not read it)."""
    from engine.batch import csv_tables

    folder = tmp_path / "t"
    write_csv_tables(folder, sample(300, seed=4))
    _empty_column(folder / "members.csv", "supporter", but_last=True)  # one value, in the last chunk
    result = run("batch", folder, "-o", tmp_path / "one.jsonl", "--date", DAY, "-j", 2, "--chunk-size", 7,
                 "--engine", engine, "--lang", "en")
    assert result.exit_code == 0 and "supporter" not in result.stderr, result.stderr
    _empty_column(folder / "members.csv", "supporter")
    _empty_column(folder / "members.csv", "relation")  # read by no category: a note
    _empty_column(folder / "members.csv", "disability_grade")  # may be null: none disabled, not a gap
    _empty_column(folder / "members.csv", "disability_type")  # (a type without its grade is refused: H008)
    members = str(folder / "members.csv")
    english = (f"{members}: column `supporter` is empty in every row: every member takes its default (none), and "
               "tekun is decided on it; if the export lost its values, export it again")
    for lang, before, after in (
            ("en", f"warning: {english}",
             f"warning: every member was decided with `supporter` = none, which tekun reads: its column in {members} "
             "is empty in every row"),
            ("zh", f"警告：{members} 的 `supporter` 列每一行都是空的：每位成员都取默认值（none），"
                   "而“特困人员”的认定要用到它；如是导出时丢了这一列的值，请重新导出",
             f"警告：每位成员都是按 `supporter` 为 none 认定的，“特困人员”要用到它：{members} 中这一列每一行都是空的")):
        for columns in (True, False):
            if not columns:  # as where Arrow is not installed, or does not read the table
                monkeypatch.setattr(csv_tables, "_blank_as_columns", lambda path, header, cells: None)
            summary = tmp_path / f"{lang}.json"
            result = run("batch", folder, "-o", tmp_path / f"{lang}.jsonl", "--date", DAY, "-j", 2, "--chunk-size",
                         7, "--lang", lang, "--summary", summary, "--engine", engine)
            assert result.exit_code == 0, result.stderr
            said = result.stderr.splitlines()
            assert said[1] == before and said[-1] == after
            assert said[0] in (f"note: {members}: column `relation` is empty in every row: every member takes its "
                               "default (other)",
                               f"注意：{members} 的 `relation` 列每一行都是空的：每位成员都取默认值（other）")
            report = json.loads(summary.read_text(encoding="utf-8"))
            assert [n["level"] for n in report["notes"]] == ["note", "warning"]
            assert report["notes"][1]["message"] == english  # the summary file is in English
            monkeypatch.undo()
    _empty_column(folder / "members.csv", "birth_date")  # every member needs one: refused, as the column left out
    result = run("batch", folder, "-o", tmp_path / "b.jsonl", "--date", DAY, "--lang", "en", "--engine", engine)
    assert result.exit_code == 2 and result.stderr == (
        f"error: {members}: column `birth_date` is empty in every row, and every member needs it; fill it in\n")


def test_a_date_column_empty_in_every_row_says_the_day_every_household_is_decided_on(run, tmp_path):
    """An export that kept the `date` header and lost its cells decided every household on the day of the run, with
    no word (`date` is no input, so no column note covered it): a warning says the day, before the run, under the
    tally and in the summary, and how to fix it; alike for a Parquet `date` null in every row. With --date, or one
    date anywhere in the column, there is nothing to say; JSON's `"date": null` is refused household by household."""
    items = sample(60, seed=4)
    folder = tmp_path / "t"
    write_csv_tables(folder, items)
    _empty_column(folder / "households.csv", "date", but_last=True)
    result = _by_both_engines(run, tmp_path, folder, "-j", 2, "--chunk-size", 7, "--lang", "en", name="one")
    assert "`date`" not in result.stderr, result.stderr
    _empty_column(folder / "households.csv", "date")
    write_households_parquet(items, tmp_path / "h.parquet", load_policy(POST)[0])
    parquet = nulled(tmp_path / "h.parquet", tmp_path / "undated.parquet", "date")
    spark = nulled(tmp_path / "h.parquet", tmp_path / "undated", "date", parts=3)
    today = datetime.date.today().isoformat()
    for given, table in ((folder, folder / "households.csv"), (parquet, parquet), (spark, spark)):
        summary = tmp_path / "summary.json"
        result = _by_both_engines(run, tmp_path, given, "-j", 2, "--chunk-size", 7, "--lang", "en", "--summary",
                                  summary, name=given.name)
        said = result.stderr.splitlines()
        english = (f"{table}: column `date` is empty in every row: every household is decided on {today}, the day the "
                   "run started; fill in each household's date, give `--date`, or delete the column")
        assert said[0] == f"warning: {english}" and glued_options(said[0]) == [], said[0]
        assert said[-1] == (f"warning: every household was decided on {today}, the day the run started: the `date` "
                            f"column of {table} is empty in every row")
        assert json.loads(summary.read_text(encoding="utf-8"))["notes"] == [{"level": "warning", "message": english}]
        assert {d["date"] for d in lines(tmp_path / f"{given.name}-fast.jsonl")} == {today}
    result = run("batch", folder, "-o", tmp_path / "zh.jsonl", "-j", 1, "--lang", "zh")
    said, table = result.stderr.splitlines(), folder / "households.csv"
    assert said[0] == (f"警告：{table} 的 `date` 列每一行都是空的：每户都按运行当天（{today}）认定；"
                       "请填上各户的日期，或删去这一列，或给出 --date")
    assert said[-1] == f"警告：每户都是按运行当天（{today}）认定的：{table} 的 `date` 列每一行都是空的"
    for given in (folder, parquet, spark):  # --date decides every household, whatever its own date
        result = run("batch", given, "-o", tmp_path / "dated.jsonl", "--date", DAY, "-j", 1, "--lang", "en")
        assert result.exit_code == 0 and "`date`" not in result.stderr, result.stderr
    parts = sorted(spark.iterdir())  # one part with its dates, and the folder's column is not empty
    import pyarrow.parquet as pq

    pq.write_table(pq.read_table(tmp_path / "h.parquet").slice(0, 5), parts[-1])
    result = run("batch", spark, "-o", tmp_path / "part.jsonl", "-j", 1, "--lang", "en")
    assert result.exit_code == 0 and "`date`" not in result.stderr, result.stderr
    for null in (None, ""):
        source = write_jsonl(tmp_path / "null.jsonl", [{**h, "date": null} for h in items])
        result = run("batch", source, "-o", tmp_path / "null-out.jsonl", "-j", 1, "--lang", "en")
        assert result.exit_code == 2 and f"  60  H002 date — e.g. {source}:1: {json.dumps(null)} is not a date" \
            in result.stderr, result.stderr


def test_a_parquet_file_without_a_column_every_record_needs_stops_before_the_run(run, tmp_path):
    """An `id` column (of the households, of each member) or a line's `type` or `amount` left out of a Parquet export
    stops the run at once, as in CSV tables, instead of making every row a bad record."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    write_households_parquet(sample(6, seed=4), tmp_path / "h.parquet", load_policy(POST)[0])
    table = pq.read_table(tmp_path / "h.parquet")

    def without(column: str, field: str) -> Any:
        values = table.column(column).combine_chunks()
        inner = values.flatten()
        kept = [f.name for f in inner.type if f.name != field]
        struct = pa.StructArray.from_arrays([inner.field(name) for name in kept], names=kept)
        return table.set_column(table.schema.get_field_index(column), column,
                                pa.ListArray.from_arrays(values.offsets, struct, mask=values.is_null()))

    for name, lean, said in (
            ("no_id", table.drop_columns(["id"]), "no_id.parquet: no column `id`, which every household needs; add it"),
            ("no_member_id", without("members", "id"),
             "no_member_id.parquet, column `members`: no column `id`, which every member needs; add it"),
            ("no_amount", without("income", "amount"),
             "no_amount.parquet, column `income`: no column `amount`, which every line needs; add it")):
        pq.write_table(lean, tmp_path / f"{name}.parquet")
        result = run("batch", tmp_path / f"{name}.parquet", "-o", tmp_path / f"{name}.jsonl", "--policy", POST,
                     "--lang", "en", "-j", 1)
        assert result.exit_code == 2 and said in result.stderr, (name, result.stderr)
        assert not (tmp_path / f"{name}.jsonl").exists()


def test_a_parquet_column_null_in_every_row_is_a_warning_as_a_csv_column_empty_in_every_row_is(run, tmp_path):
    """A Parquet `supporter` null in every row decided every elder with no supporter (tekun many times over) with no
    word, where the same CSV column empty in every row is warned of: it is said alike, read off the null counts of
    the file's statistics; a column that may be null (`disability_grade`) is not a gap, a value in one part of a
    folder is a value, and a column every member needs stops the run."""
    items = sample(120, seed=4)
    write_households_parquet(items, tmp_path / "h.parquet", load_policy(POST)[0])
    source = nulled(tmp_path / "h.parquet", tmp_path / "lost.parquet", "supporter")
    whole = run("batch", tmp_path / "h.parquet", "-o", tmp_path / "whole.jsonl", "--date", DAY, "-j", 1, "--lang", "en")
    assert whole.exit_code == 0 and "warning" not in whole.stderr, whole.stderr
    english = (f"{source}, column `members`: column `supporter` is empty in every row: every member takes its default "
               "(none), and tekun is decided on it; if the export lost its values, export it again")
    for lang, before, after in (
            ("en", f"warning: {english}",
             "warning: every member was decided with `supporter` = none, which tekun reads: its column in "
             f"{source}, column `members`, is empty in every row"),
            ("zh", f"警告：{source} 的 `members` 列的 `supporter` 列每一行都是空的：每位成员都取默认值（none），"
                   "而“特困人员”的认定要用到它；如是导出时丢了这一列的值，请重新导出",
             f"警告：每位成员都是按 `supporter` 为 none 认定的，“特困人员”要用到它：{source} 的 `members` 列中这一列"
             "每一行都是空的")):
        summary = tmp_path / f"{lang}.json"
        result = _by_both_engines(run, tmp_path, source, "--date", DAY, "-j", 2, "--chunk-size", 7, "--lang", lang,
                                  "--summary", summary, name=lang)
        said = result.stderr.splitlines()
        assert said[0] == before and said[-1] == after
        assert json.loads(summary.read_text(encoding="utf-8"))["notes"] == [{"level": "warning", "message": english}]
    tekun = re.compile(r"tekun ([\d,]+) members")
    assert int(tekun.search(result.stderr.replace("特困人员", "tekun").replace(" 人", " members"))[1]) > \
        2 * int(tekun.search(whole.stderr)[1])
    grades_lost = nulled(tmp_path / "h.parquet", tmp_path / "grades-lost.parquet", "disability_grade")
    result = run("batch", grades_lost, "-o", tmp_path / "g.jsonl", "--date", DAY, "-j", 1, "--lang", "en")
    assert result.exit_code == 2 and "H008 members[].disability_type" in result.stderr, result.stderr  # types kept
    nullable = nulled(grades_lost, tmp_path / "none-disabled.parquet", "disability_type")
    result = run("batch", nullable, "-o", tmp_path / "n.jsonl", "--date", DAY, "-j", 1, "--lang", "en")
    assert result.exit_code == 0 and "disability_grade" not in result.stderr, result.stderr
    folder = nulled(tmp_path / "h.parquet", tmp_path / "lost", "supporter", parts=3)
    result = run("batch", folder, "-o", tmp_path / "f.jsonl", "--date", DAY, "-j", 1, "--lang", "en")
    assert result.exit_code == 0 and f"warning: {folder}, column `members`: column `supporter` is empty in every " \
        "row" in result.stderr, result.stderr
    import pyarrow.parquet as pq

    pq.write_table(pq.read_table(tmp_path / "h.parquet").slice(0, 5), sorted(folder.iterdir())[0])
    result = run("batch", folder, "-o", tmp_path / "g.jsonl", "--date", DAY, "-j", 1, "--lang", "en")
    assert result.exit_code == 0 and "supporter" not in result.stderr, result.stderr
    unborn = nulled(tmp_path / "h.parquet", tmp_path / "unborn.parquet", "birth_date")
    result = run("batch", unborn, "-o", tmp_path / "b.jsonl", "--date", DAY, "--lang", "en")
    assert result.exit_code == 2 and result.stderr == (
        f"error: {unborn}, column `members`: column `birth_date` is empty in every row, and every member needs it; "
        "fill it in\n")


def test_a_parquet_column_of_type_null_is_said_and_decided_as_one_null_in_every_row(run, tmp_path):
    """pandas writes a field that is None in every row as a column of type `null`, whose footer keeps no null count:
    such a `date`, member `supporter` or `assets.deposits` was read as holding values, so every household was decided
    on the run's day, or on the default, with no word. It is said and decided as the same column of its own type."""
    write_households_parquet(sample(60, seed=4), tmp_path / "h.parquet", load_policy(POST)[0])
    for column in ("date", "supporter", "assets.deposits"):
        said = []
        for typed in (True, False):
            name = f"{column}-{typed}"
            source = nulled(tmp_path / "h.parquet", tmp_path / f"{name}.parquet", column, typed=typed)
            result = _by_both_engines(run, tmp_path, source, "-j", 1, "--lang", "en", name=name)
            decided = (tmp_path / f"{name}-fast.jsonl").read_text(encoding="utf-8")
            said.append((re.sub(r"(?: — ).*", "", result.stderr.replace(name, "lost")), decided))
        assert f"column `{column}` is empty in every row" in said[0][0], said[0][0]
        assert said[1] == said[0], column


def test_no_warning_under_the_tally_says_what_households_were_decided_with_when_none_was(run, tmp_path):
    """An `assets` column of type null (pandas' None in every row) was said to be missing ("… has no such column"):
    it is said to be empty, every household taking the group's defaults; and with no household decided (every date
    before the policies) nothing is said under the tally of what they were decided with."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    items = sample(6, seed=4)
    write_households_parquet(items, tmp_path / "h.parquet", load_policy(POST)[0])
    table = pq.read_table(tmp_path / "h.parquet")
    at = table.schema.get_field_index("assets")
    pq.write_table(table.set_column(at, "assets", pa.nulls(len(items))), tmp_path / "null.parquet")
    source = tmp_path / "null.parquet"
    for lang, empty in (("en", f"warning: {source}: column `assets.deposits` is empty in every row: every household "
                               "takes its default (0)"),
                        ("zh", f"警告：{source} 的 `assets.deposits` 列每一行都是空的：每户都取默认值（0）")):
        result = run("batch", source, "-o", tmp_path / f"{lang}.jsonl", "--policy", POST, "--lang", lang)
        assert result.exit_code == 0 and ("6 decisions" in result.stderr or "6 条认定结果" in result.stderr)
        assert result.stderr.startswith(empty), result.stderr
        assert "has no column" not in result.stderr and "中没有" not in result.stderr, result.stderr
    for item in items:
        item["date"] = "2024-06-01"
    write_households_csv(items, tmp_path / "tables", load_policy(POST)[0])
    households = tmp_path / "tables" / "households.csv"
    rows = list(csv.reader(households.read_text(encoding="utf-8").splitlines()))
    kept = [at for at, name in enumerate(rows[0]) if name != "assets.vehicles"]
    households.write_text("".join(",".join(row[at] for at in kept) + "\n" for row in rows), encoding="utf-8")
    result = run("batch", tmp_path / "tables", "-o", tmp_path / "t.jsonl", "--policy-dir", ROOT / "policy",
                 "--lang", "en")
    assert result.exit_code == 2 and "L008 date" in result.stderr, result.stderr
    assert result.stderr.startswith(f"warning: {households} has no column `assets.vehicles`"), result.stderr
    assert "was decided with" not in result.stderr, result.stderr


def _retyped(table: Any, column: str, field: str | None, change: Any) -> Any:
    """`table` with `column` (or the field `field` of its structs, or of the structs of its lists) changed by
    `change`, an Arrow array → an Arrow array, as an export that wrote it of another type."""
    import pyarrow as pa

    at = table.schema.get_field_index(column)
    whole = table.column(column).combine_chunks()
    if field is None:
        return table.set_column(at, column, change(whole))
    listed = pa.types.is_list(whole.type)
    inside = whole.values if listed else whole
    fields = [change(inside.field(f.name)) if f.name == field else inside.field(f.name) for f in inside.type]
    structs = pa.StructArray.from_arrays(fields, names=[f.name for f in inside.type],
                                         mask=None if listed else inside.is_null())
    return table.set_column(at, column, pa.ListArray.from_arrays(whole.offsets, structs) if listed else structs)


def test_a_parquet_column_of_a_type_its_input_cannot_take_stops_the_run_and_a_timestamp_at_midnight_is_a_date(
        run, tmp_path):
    """A `date` saved as a timestamp (pandas' and Spark's default), an `id` as int64 or deposits as text made every row
    a bad record, with help about JSON's quotes (`"2026-01-01T00:00:00" is not a date`: write the date alone): a
    timestamp at midnight in every row, with no time zone or UTC, is read as the date it is, by both engines; any other
    type that cannot hold the input is one usage error before the run, naming the column, its type, the type wanted
    and the cast."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    write_households_parquet(sample(60, seed=2), tmp_path / "h.parquet", load_policy(POST)[0])
    table = pq.read_table(tmp_path / "h.parquet")
    run("batch", tmp_path / "h.parquet", "-o", tmp_path / "dated.jsonl", "--policy", POST, "-j", 1)
    stamped = _retyped(_retyped(table, "date", None, lambda a: a.cast(pa.timestamp("ns"))),
                       "members", "birth_date", lambda a: a.cast(pa.timestamp("ms", tz="UTC")))
    pq.write_table(stamped, tmp_path / "stamped.parquet")
    result = _by_both_engines(run, tmp_path, tmp_path / "stamped.parquet", "--policy", POST, "-j", 1, "--lang", "en")
    assert "0 bad records" in result.stderr, result.stderr
    assert (tmp_path / "out-exact.jsonl").read_bytes() == (tmp_path / "dated.jsonl").read_bytes()

    def refused(name: str, changed: Any, lang: str = "en") -> str:
        pq.write_table(changed, tmp_path / name)
        result = run("batch", tmp_path / name, "-o", tmp_path / f"{name}.jsonl", "--policy", POST, "--lang", lang)
        assert result.exit_code == 2 and not (tmp_path / f"{name}.jsonl.errors.jsonl").exists(), result.stderr
        return result.stderr.strip()

    timed = stamped.column("date").to_pylist()
    timed[4] += datetime.timedelta(hours=8, minutes=30)
    assert refused("timed.parquet", stamped.set_column(1, "date", pa.array(timed, pa.timestamp("us")))) == (
        f"error: {tmp_path / 'timed.parquet'}: column `date` is timestamp[us], and row 5 holds a time of day "
        f"({timed[4]}): the policy reads a date from it, and a timestamp is read as one only when every value is at "
        'midnight; write it as date32 (pandas `.dt.date`, Spark `.cast("date")`)')
    shanghai = _retyped(stamped, "date", None, lambda a: a.cast(pa.timestamp("ms", tz="Asia/Shanghai")))
    assert refused("shanghai.parquet", shanghai).endswith(
        'column `date` is timestamp[ms, tz=Asia/Shanghai], but the policy reads a date from it: write it as date32 '
        '(pandas `.dt.date`, Spark `.cast("date")`) — every row would be a bad record')
    numbered = table.set_column(0, "id", pa.array(range(1, 61), pa.int64()))
    assert refused("numbered.parquet", numbered) == (
        f"error: {tmp_path / 'numbered.parquet'}: column `id` is int64, but the policy reads a text from it: write it "
        'as string (pandas `.astype(str)`, Spark `.cast("string")`) — every row would be a bad record')
    assert refused("numbered-zh.parquet", numbered, "zh") == (
        f"错误：{tmp_path / 'numbered-zh.parquet'}：`id` 列的类型是 int64，而政策从中读取文本：请写成 string"
        '（pandas `.astype(str)`, Spark `.cast("string")`）——否则每一行都会成为错误记录')
    texts = _retyped(numbered, "assets", "deposits", lambda a: a.cast(pa.string()))
    assert refused("texts.parquet", _retyped(texts, "drinking_water", "safe", lambda a: a.cast(pa.int8()))) == (
        f"error: {tmp_path / 'texts.parquet'}: columns of a type that cannot hold what the policy reads (every row "
        "would be a bad record):\n"
        '  column `id` is int64, but the policy reads a text from it: write it as string (pandas `.astype(str)`, '
        'Spark `.cast("string")`)\n'
        "  column `assets`, field `deposits` is string, but the policy reads an amount of money from it: write it as "
        'decimal(18,2) (pandas `.map(decimal.Decimal)`, Spark `.cast("decimal(18,2)")`)\n'
        "  column `drinking_water`, field `safe` is int8, but the policy reads true or false from it: write it as "
        'bool (pandas `.astype("boolean")`, Spark `.cast("boolean")`); or, if it holds codes for yes and no, read '
        "them with --rename-value 1=true,0=false")


def test_struct_fields_written_flat_as_parquet_columns_are_told_to_be_nested_not_removed(run, tmp_path):
    """A file with columns `assets.deposits`, … (as pandas' json_normalize writes households) was told they are
    columns no policy reads, to rename or remove: removed, deposits fall back to 0 and the asset test passes for
    everyone. Dotted names that are fields of the layout's struct columns are told to be nested into it, with how; and
    the columns a refusal lists are the ones a policy reads, not the file's."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    write_households_parquet(sample(30, seed=3), tmp_path / "h.parquet", load_policy(POST)[0])
    table = pq.read_table(tmp_path / "h.parquet")
    assets = table.column("assets").combine_chunks()
    flat = table.drop_columns(["assets"])
    for f in assets.type:
        flat = flat.append_column(f"assets.{f.name}", assets.field(f.name))
    pq.write_table(flat, tmp_path / "flat.parquet")
    result = run("batch", tmp_path / "flat.parquet", "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2 and not (tmp_path / "out.jsonl").exists(), result.stderr
    said = result.stderr.strip()
    assert said.startswith(
        f"error: {tmp_path / 'flat.parquet'}: `assets.deposits`, `assets.vehicles`, `assets.extra_houses`, "
        "`assets.registered_business` are fields of the struct column `assets`, written flat as columns of their own "
        "(as pandas' json_normalize writes them): the policy reads them only inside `assets`; nest them into that "
        "column (removed, every household would take their defaults: deposits 0, vehicles 0, extra_houses 0, "
        "registered_business false) — pandas: "), said
    assert "no policy reads" not in said
    cols = [c for c in flat.column_names if c.startswith("assets.")]  # the pyarrow way it gives, followed
    nested = flat.append_column("assets", pa.StructArray.from_arrays(
        [flat[c].combine_chunks() for c in cols], names=[c.split(".", 1)[1] for c in cols])).drop_columns(cols)
    assert "`table.append_column(\"assets\", pa.StructArray.from_arrays([table[c].combine_chunks() for c in cols], " \
        "names=[c.split(\".\", 1)[1] for c in cols])).drop_columns(cols)`" in said
    pq.write_table(nested, tmp_path / "nested.parquet")
    for name in ("h", "nested"):
        assert run("batch", tmp_path / f"{name}.parquet", "-o", tmp_path / f"{name}.jsonl", "--policy", POST,
                   "--date", DAY).exit_code == 0
    assert (tmp_path / "nested.jsonl").read_bytes() == (tmp_path / "h.jsonl").read_bytes()
    one = flat.drop_columns([c for c in cols if c != "assets.deposits"])
    pq.write_table(one, tmp_path / "one.parquet")
    result = run("batch", tmp_path / "one.parquet", "-o", tmp_path / "one.jsonl", "--policy", POST, "--lang", "zh")
    assert result.exit_code == 2 and f"错误：{tmp_path / 'one.parquet'}：`assets.deposits` 是结构体列 `assets` " \
        "的字段，却被拆成了单独的列（pandas 的 json_normalize 就这样写）：政策只从 `assets` 列中读取；" \
        "请把它们并入这一列（若删去，每户都取默认值：deposits 0）——pandas: " in result.stderr, result.stderr
    pq.write_table(table.append_column("village", pa.array(["x"] * len(table))), tmp_path / "village.parquet")
    result = run("batch", tmp_path / "village.parquet", "-o", tmp_path / "v.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2 and result.stderr.strip() == (
        f"error: {tmp_path / 'village.parquet'}: a column no policy reads: `village`; the columns a policy reads are "
        "id, date, members, income, expenses, assets, housing, drinking_water — rename or remove it\n"
        "  help: if no policy is to read it (an export's own column), leave it out of every household: "
        "--ignore-column village"), result.stderr


def _dies_on_chunk_3(task: Any) -> Any:  # module level: a worker unpickles the function by name
    import os
    import signal

    if task[0] == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # what the system's out-of-memory killer does
    return work_a_chunk(task)


def test_a_worker_killed_mid_run_stops_the_run_with_a_message_and_resume_finishes_it(run, tmp_path, monkeypatch):
    from engine.batch import runner

    source = write_jsonl(tmp_path / "in.jsonl", sample(800, seed=3))
    whole, out = tmp_path / "whole.jsonl", tmp_path / "out.jsonl"
    assert run("batch", source, "-o", whole, "--date", DAY, "--jobs", 2, "--chunk-size", 100).exit_code == 0
    with monkeypatch.context() as patched:
        patched.setattr(runner, "_work", _dies_on_chunk_3)
        result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--jobs", 2, "--chunk-size", 100)
    assert result.exit_code == 2, result.stderr
    assert "error: a worker process ended before finishing its work" in result.stderr
    assert "run the same command with --resume to continue" in result.stderr
    assert not out.exists()
    resumed = run("batch", source, "-o", out, "--date", DAY, "--jobs", 2, "--chunk-size", 100, "--resume",
                  "--lang", "en")
    assert resumed.exit_code == 0, resumed.stderr
    assert out.read_bytes() == whole.read_bytes()


# the folder the output is written in, and how a sentence sets its files apart: in backticks where a shell would split
# them, as the summary's first line does (`path_in_prose`)
_OUTPUT_FOLDERS = pytest.mark.parametrize(("folder", "q"), [("", ""), ("my out", "`")])


@_OUTPUT_FOLDERS
def test_a_working_file_that_cannot_be_written_is_reported_by_the_output_it_is_for(run, tmp_path, folder, q):
    source = write_jsonl(tmp_path / "in.jsonl", sample(5))
    out = tmp_path / folder
    out.mkdir(exist_ok=True)
    (out / ".out.jsonl.partial").mkdir()  # what a permission error would do, for any user
    result = run("batch", "--lang", "en", source, "-o", out / "out.jsonl", "--date", DAY)
    assert result.exit_code == 2
    assert result.stderr == (f"error: cannot write {q}{out / 'out.jsonl'}{q}: Is a directory (while writing "
                             ".out.jsonl.partial, the hidden working file kept beside it until the run is done)\n")


@_OUTPUT_FOLDERS
def test_a_full_disk_met_while_writing_names_what_was_being_written(run, tmp_path, monkeypatch, folder, q):
    """An error from writing or syncing names no file: the message says which files the run was writing."""
    import errno
    import os

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    source = write_jsonl(tmp_path / "in.jsonl", sample(5))
    out = tmp_path / folder
    out.mkdir(exist_ok=True)
    monkeypatch.setattr(os, "fsync", full)
    result = run("batch", "--lang", "en", source, "-o", out / "out.jsonl", "--date", DAY)
    assert result.exit_code == 2
    assert result.stderr == (f"error: cannot write {q}{out / 'out.jsonl'}{q} or {q}{out / 'out.jsonl.errors.jsonl'}{q}"
                             ": No space left on device\n  help: free some disk space, then run the same command "
                             f"with --resume to continue (progress is kept in {q}{out / '.out.jsonl.journal'}{q}); "
                             "or write the "
                             "output somewhere else\n")


def test_a_run_that_cannot_start_leaves_no_working_file_behind(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(5))
    (tmp_path / ".err.jsonl.partial").mkdir()  # the errors file's working file cannot be made
    result = run("batch", source, "-o", tmp_path / "out.jsonl", "--errors", tmp_path / "err.jsonl", "--date", DAY,
                 "--lang", "en")
    assert result.exit_code == 2
    assert "while writing .err.jsonl.partial" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".err.jsonl.partial", "in.jsonl"]


def test_a_policy_applied_outside_its_window_is_noted_as_a_what_if(run, tmp_path):
    """Households without their own date are decided on the day the run starts: under a policy that
    is not in force that day, the run says so, as `policy eval` does."""
    items = [{k: v for k, v in h.items() if k != "date"} for h in sample(3, seed=4)]
    source = write_jsonl(tmp_path / "in.jsonl", items)
    old = ROOT / "policy" / "2024-transition.yaml"
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "a.jsonl", "--policy", old, "-j", 1)
    assert result.exit_code == 0, result.stderr
    assert (f"note: 3 households have no `date` of their own and were decided on today "
            f"({datetime.date.today().isoformat()}), which {old} (in force 2024-07-16 – 2025-12-31) does not cover: "
            "such a household, and any whose `date` is outside that window, is decided by it as a what-if (--date "
            "sets one day for all)") in result.stderr
    # said after the run, where it is known how many households had no date
    assert result.stderr.index("note: 3 households") > result.stderr.index("3 households; ")
    # every household with its own date: none is decided on today, and nothing is said of today
    dated = write_jsonl(tmp_path / "dated.jsonl", [{**h, "date": "2025-03-01"} for h in items])
    for out in ("dated-out.jsonl", "-"):
        result = run("batch", "--lang", "zh", dated, "-o", out if out == "-" else tmp_path / out, "--policy", old,
                     "-j", 1)
        assert result.exit_code == 0, result.stderr
        assert "今天" not in result.stderr and "what-if" not in result.stderr, result.stderr
    one = write_jsonl(tmp_path / "one.jsonl", [{**h, "date": "2025-03-01"} for h in items[:2]] + items[2:])
    result = run("batch", "--lang", "zh", one, "-o", tmp_path / "one-out.jsonl", "--policy", old, "-j", 1)
    assert (f"注意：有 1 户没有自带 `date`，按今天（{datetime.date.today().isoformat()}）认定，而 {old} 的施行期为 "
            "2024-07-16 – 2025-12-31，不含今天：") in result.stderr
    result = run("batch", source, "-o", tmp_path / "b.jsonl", "--policy", old, "--date", "2026-03-01", "-j", 1,
                 "--lang", "en")
    assert "not on 2026-03-01; applied as a what-if" in result.stderr
    result = run("batch", source, "-o", tmp_path / "c.jsonl", "--policy", old, "--date", "2025-03-01", "-j", 1,
                 "--lang", "en")
    assert "what-if" not in result.stderr


def test_a_run_under_a_chinese_locale_says_its_summary_tally_notes_and_errors_in_chinese(run, tmp_path, monkeypatch):
    """The tool's language follows the locale (C.UTF-8: Chinese), and so does everything a run says on standard
    error: the summary, the tally by the categories' labels, the bad records by problem, a note, a warning, a
    progress line, an input refused. The numbers are the English run's."""
    for variable in ("LANG", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    items = [{k: v for k, v in h.items() if k != "date"} for h in sample(300, seed=21)]
    items[4].update(members=[], income=[], expenses=[])  # a bad record
    items[9] = items[2]  # an id twice
    source = write_jsonl(tmp_path / "in.jsonl", items)
    out = tmp_path / "out.jsonl"
    common = (source, "-o", out, "--policy", TRANSITION, "--date", DAY, "-j", 1, "--chunk-size", 100)
    chinese = run("batch", *common, "--progress-every", 0.000001)  # no --lang: the locale's
    english = run("batch", *common, "--lang", "en")
    assert chinese.exit_code == english.exit_code == 2  # the bad record
    said = chinese.stderr.splitlines()
    assert said[0] == f"注意：{TRANSITION} 的施行期为 2024-07-16 – 2025-12-31，不含 {DAY}；按假设情形适用"
    assert re.fullmatch(r"进度：33\.3% · 100/300 户 · 每秒 [\d,]+ 户 · 预计还需 \d+:\d\d", said[1]), said[1]
    summary = next(line for line in said if line.startswith("共 "))
    written = re.escape(str(out))
    assert re.fullmatch(rf"共 300 户；299 条认定结果已写入 {written}；1 条记录有误（见 {written}\.errors\.jsonl）。"
                        r"用时 [\d.]+ 秒，每秒 [\d,]+ 户，0 户经精确评估器复核", summary), summary
    tally = said[said.index(summary) + 1]
    held = lines(out)
    dibao = sum("dibao" in d["categories"] for d in held)
    tekun = sum("tekun" in c for d in held for c in d["members"].values())
    assert tally.startswith(f"各类别：特困人员 {tekun} 人 · 最低生活保障对象 {dibao} 户 · 低保边缘家庭成员 ")
    assert tally.endswith(" 户") and " · 防止返贫监测对象 " in tally and " · 不属于任何类别 " in tally
    shown = next(line for line in english.stderr.splitlines() if line.startswith("categories: "))
    assert shown.startswith(f"categories: tekun {tekun} members · dibao {dibao} households · ")  # ids in English
    assert re.findall(r"[\d,]+", tally) == re.findall(r"[\d,]+", shown)
    assert said[said.index(summary) + 2:] == [
        "有误记录按问题统计（一条记录有几个问题就计几次，同一问题出现几次都只计一次）：",
        f"  1  H002 members — 例如 {source}:5：家庭没有成员",
        f"警告：有 1 个家庭编号出现在不止一条记录中（第一个见于 {source}:3 和 {source}:10）；每条记录都已单独认定："
        "请给每户一个自己的编号"]
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    refused = run("batch", tmp_path / "empty.jsonl", "-o", out)
    assert refused.exit_code == 2
    assert refused.stderr == f"错误：{tmp_path / 'empty.jsonl'}：文件中没有家庭（文件是空的）\n"
    (tmp_path / "tables").mkdir()
    write_households_csv(items[:3], tmp_path / "tables", load_policy(POST)[0])
    (tmp_path / "tables" / "lines.csv").unlink()
    noted = run("batch", tmp_path / "tables", "-o", out, "--date", DAY, "-j", 1)
    assert noted.exit_code == 0, noted.stderr
    assert noted.stderr.startswith("警告：households.csv 旁边没有 lines.csv：每户都按没有收入和支出条目认定\n")
    assert noted.stderr.endswith("\n警告：每户都是按没有收入和支出条目认定的：households.csv 旁边没有 lines.csv\n")


def test_an_empty_output_name_a_summary_named_dash_and_a_folder_that_is_a_file_are_refused_before_the_run(run,
                                                                                                          tmp_path):
    """`-o ""` and `--errors ""` gave a traceback, `--summary ""` failed after the run, `--summary -` wrote a file named
    `-`, and an output under a file was told to create a folder that is a file: each is a usage error at once."""
    source = write_jsonl(tmp_path / "h.jsonl", sample(3))
    afile = tmp_path / "afile"
    afile.write_text("", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for extra, said in (
            (["-o", ""], "Invalid value for '-o' / '--output': the name is empty; give a file name"),
            (["-o", out, "--errors", ""], "Invalid value for '--errors': the name is empty; give a file name"),
            (["-o", out, "--summary", ""], "Invalid value for '--summary': the name is empty; give a file name"),
            (["-o", out, "--summary", "-"], "Invalid value for '--summary': `-` is not read as standard output here"),
            (["-o", out, "--summary", afile / "s.json"], f"Invalid value for '--summary': {afile} is a file, not a "
                                                         "folder, so s.json cannot be written in it"),
            (["-o", afile / "o.jsonl"], f"Invalid value for '-o' / '--output': {afile} is a file, not a folder, so "
                                        "o.jsonl cannot be written in it")):
        result = run("batch", source, *extra, "--date", DAY, "--lang", "en")
        assert result.exit_code == 2 and said in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert not out.exists() and not (tmp_path / "-").exists()
    result = run("batch", source, "-o", "", "--date", DAY)
    assert result.exit_code == 2 and "名字是空的：请给出一个文件名" in result.stderr, result.stderr


def test_a_households_csv_output_inside_the_folder_read_is_refused_and_the_refusal_lists_every_name_read(run,
                                                                                                          tmp_path):
    """`-o pf/households.csv` inside a folder of Parquet parts was written, and the next run refused the folder for
    holding Parquet files and households.csv both; in a folder of JSON files the next run would read it as CSV
    tables. Both are refused before the run, and the refusal names every name read (.pq and households.csv too)."""
    parts, files = tmp_path / "pf", tmp_path / "jf"
    parts.mkdir()
    files.mkdir()
    write_households_parquet(sample(4), parts / "part-0.parquet", load_policy(POST)[0])
    write_jsonl(files / "a.jsonl", sample(3))
    listed = "(only .json and .jsonl files, compressed or not, .parquet and .pq files, and households.csv are)"
    for folder, then in ((parts, "refuse the folder, for holding Parquet files and households.csv both"),
                         (files, "read the folder as CSV tables, from this households.csv, not its households")):
        before = sorted(p.name for p in folder.iterdir())
        result = run("batch", folder, "-o", folder / "households.csv", "--errors", tmp_path / "e.jsonl", "--date", DAY,
                     "--lang", "en")
        assert result.exit_code == 2 and f"{folder / 'households.csv'} is in {folder}, the folder this command reads " \
            f"households from: the next run would {then}. Write it beside the folder ({tmp_path / 'households.csv'})" \
            f", or give it a name that is not read as households {listed}" in result.stderr, result.stderr
        assert sorted(p.name for p in folder.iterdir()) == before
    result = run("batch", parts, "-o", parts / "d.pq", "--date", DAY)
    assert result.exit_code == 2 and "（只读取 .json 和 .jsonl 文件（压缩与否均可）、.parquet 和 .pq 文件以及 " \
        "households.csv）" in result.stderr, result.stderr


def test_an_output_the_next_run_would_read_among_the_folders_households_is_refused_before_the_run(run, tmp_path,
                                                                                                 monkeypatch):
    folder = tmp_path / "exports"
    (folder / "county=430524").mkdir(parents=True)
    write_jsonl(folder / "a.jsonl", sample(3))
    beside = tmp_path / "bad.jsonl"
    for output, extra, hint in [
            (folder / "decisions.jsonl", [], "'-o' / '--output'"),
            (folder / "county=430524" / "decisions.json.gz", [], "'-o' / '--output'"),  # in a partition folder
            (folder / ".decisions.JSONL", [], "'-o' / '--output'"),  # hidden, but a folder's reading takes it
            (folder / "decisions.csv", [], "'--errors' (= OUTPUT.errors.jsonl)"),  # its errors file would be
            (folder / "decisions.parquet", [], "'-o' / '--output'"),  # Parquet beside JSON files: the folder refused
            (tmp_path / "decisions.jsonl", ["--errors", folder / "bad.jsonl.gz"], "'--errors'"),
            (tmp_path / "decisions.jsonl", ["--summary", folder / "run.json"], "'--summary'")]:
        result = run("batch", folder, "-o", output, *extra, "--date", DAY, "--lang", "en")
        assert result.exit_code == 2, (output, result.output)
        assert f"Invalid value for {hint}: " in result.stderr and f"is in {folder}, the folder this command reads " \
            "households from: the next run would" in result.stderr and "Write it beside the folder" in result.stderr
        assert ("refuse the folder, for holding Parquet and JSON files both" in result.stderr) == \
            (output.suffix == ".parquet"), result.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["a.jsonl", "county=430524"]  # nothing written
        assert not list(tmp_path.glob("decisions*")) and not list((folder / "county=430524").iterdir())
    zh = run("batch", folder, "-o", folder / "decisions.jsonl", "--lang", "zh")
    assert zh.exit_code == 2 and f"{folder / 'decisions.jsonl'} 位于 {folder} 中，而这条命令正是从这个文件夹读取" \
        f"家庭：下次运行会把它当作家庭读入。请把它写在这个文件夹旁边（{tmp_path / 'decisions.jsonl'}）" in zh.stderr
    # names a folder's reading passes over are written there; beside it, anything is
    fine = run("batch", folder, "-o", folder / "decisions.csv", "--errors", beside, "--summary",
               folder / "run.txt", "--date", DAY)
    assert fine.exit_code == 0, fine.output
    assert sorted(p.name for p in folder.iterdir()) == ["a.jsonl", "county=430524", "decisions.csv", "run.txt"]
    assert run("batch", folder, "-o", tmp_path / "decisions.jsonl", "--date", DAY).exit_code == 0  # read again
    monkeypatch.chdir(tmp_path)  # as the docs show it
    shown = run("batch", "exports", "-o", "exports/decisions.jsonl", "--lang", "en", "--policy-dir", ROOT / "policy")
    said = shown.stderr.rsplit("Error: ", 1)[1].replace("\n", " ").strip()
    docs = " ".join((ROOT / "docs" / "batch.md").read_text(encoding="utf-8").split())
    assert shown.exit_code == 2 and f"`` {said} ``" in docs
    assert not (folder / "decisions.jsonl").exists()


def test_an_output_in_a_folder_of_csv_tables_is_written_there_as_only_its_tables_are_read(run, tmp_path):
    folder = tmp_path / "tables"
    made = run("sample", "--n", "3", "--seed", "1", "--format", "csv", "-o", folder, "--date", DAY)
    assert made.exit_code == 0, made.output
    for _ in range(2):
        result = run("batch", folder, "-o", folder / "decisions.jsonl", "--date", DAY)
        assert result.exit_code == 0, result.output
        assert len(lines(folder / "decisions.jsonl")) == 3


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_money_as_a_decimal_of_more_than_two_decimals_in_parquet_is_refused_before_the_run(run, tmp_path, engine):
    """A `decimal(38,4)` amount is read as `12.3400`, which an amount may not be (more than two decimals), so every
    row of such a file was a bad record, each with help meant for JSON. The run stops before any household is
    decided, naming each such column and the cast to give, as for money held as floats."""
    import pyarrow as pa

    table = _three_households(tmp_path)
    income = table.schema.field("income").type.value_type
    fine = pa.list_(pa.struct([pa.field("amount", pa.decimal128(38, 4)) if f.name == "amount" else f
                               for f in income]))
    table = table.set_column(table.schema.get_field_index("income"), "income", table.column("income").cast(fine))
    assert _refused(run, tmp_path, table, engine) == (
        f"error: {tmp_path / 'p.parquet'}: column `income.amount` (decimal128(38, 4)) holds money with more than two "
        "decimals: each value is read with all of them (12.34 as 12.3400), more than an amount may have, and every "
        "row would be a bad record: cast it to decimal(18,2) (`pa.decimal128(18, 2)` in pyarrow, `DECIMAL(18,2)` in "
        "Spark SQL), rounding to the fen where the figures hold more")


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_number_held_as_single_precision_floats_in_parquet_is_refused_before_the_run(run, tmp_path, engine):
    """A `float` (single precision) holds land of 1.3 mu as 1.2999999523162842, and the run read it so, on both
    routes: no reader of the file meant that. The run stops before any household is decided, with how to write it."""
    import pyarrow as pa

    text = Path(POST).read_text(encoding="utf-8").replace(
        "  member:\n    relation:\n", "  member:\n    land_area: {type: number, default: 0, minimum: 0, label: "
        "{zh: 承包地面积（亩）, en: contracted land (mu)}}\n    relation:\n", 1)
    (tmp_path / "land.yaml").write_text(text, encoding="utf-8")
    table = _three_households(tmp_path)
    members = table.column("members").combine_chunks()
    people = members.values
    land = pa.array([1.3] * len(people), pa.float32())
    people = pa.StructArray.from_arrays([*people.flatten(), land], fields=[*people.type, pa.field("land_area",
                                                                                                  pa.float32())])
    table = table.set_column(table.schema.get_field_index("members"), "members",
                             pa.ListArray.from_arrays(members.offsets, people))
    assert _refused(run, tmp_path, table, engine, policy=tmp_path / "land.yaml") == (
        f"error: {tmp_path / 'p.parquet'}: column `members.land_area` (float) holds numbers as single-precision "
        "floating point, which holds 1.3 as 1.2999999523162842 and would be read so: write it from the source as "
        "double or as decimal(38,10) (casting the floats changes nothing), or round them first (pandas "
        '`.astype("float64").round(4)`)')


@pytest.mark.parametrize(("suffix", "unpack", "pack"), [(".gz", "gunzip -c", "gzip -c"),
                                                    (".bz2", "bunzip2 -c", "bzip2 -c"), (".xz", "unxz -c", "xz -c")])
def test_a_compressed_file_of_gbk_is_told_a_command_that_unpacks_it_for_iconv_and_converts_it(run, tmp_path, suffix,
                                                                                               unpack, pack):
    """`iconv` reads text: run on a gzip file it garbles it. The command given unpacks the file, converts it and packs
    it again in place, and (of gzip, which every system has) the run that follows reads every household."""
    import bz2
    import gzip
    import lzma
    import subprocess

    items = sample(3, seed=13)
    items[1]["members"][0]["id"], items[1]["income"] = "张三", [
        {**line, "member": "张三"} if line.get("member") == "p1" else line for line in items[1].get("income", [])]
    text = "".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items).encode("gb18030")
    source = tmp_path / f"h.jsonl{suffix}"
    source.write_bytes({".gz": gzip, ".bz2": bz2, ".xz": lzma}[suffix].compress(text))
    out = tmp_path / "out.jsonl"
    assert run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 2
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    command = re.search(r"e\.g\. `([^`]+)`", bad["diagnostics"][0]["help"])
    assert command is not None and command.group(1) == (
        f"{unpack} {source} | iconv -f GB18030 -t UTF-8 | {pack} > {source}.utf8 && mv {source}.utf8 {source}")
    if suffix == ".gz":
        subprocess.run(command.group(1), shell=True, check=True, cwd=tmp_path)
        assert run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1).exit_code == 0
        assert [d["household"] for d in lines(out)] == [h["id"] for h in items]


def test_a_chunk_finds_the_policy_in_force_once_for_each_day_and_says_a_day_of_none_for_each_household(monkeypatch):
    """The policy in force is the same for every household of a day: looked for once a chunk (it cost 3.6 µs of the
    exact path's household), and a day no policy holds still a bad record of each household dated so."""
    from engine.batch import evaluate as chunks
    from engine.batch.readers import Record
    from engine.batch.writers import Columns

    policies = (load_policy(POST)[0], load_policy(TRANSITION)[0])
    days = ["2026-03-01", "2025-06-01", "2026-03-01", "2024-01-01", "2025-06-01", "2024-01-01", "2026-03-01"]
    items = sample(len(days))
    for item, day in zip(items, days, strict=True):
        item["date"] = day
    looked: list[datetime.date] = []
    in_force = chunks.in_force

    def counted(policies: Any, day: datetime.date, *rest: Any) -> Any:
        looked.append(day)
        return in_force(policies, day, *rest)
    monkeypatch.setattr(chunks, "in_force", counted)
    today = datetime.date.fromisoformat(DAY)
    settings = chunks.Settings(policies, None, "policy", None, today, False, "en", "jsonl", "exact",
                               Columns.of(list(policies), False))
    records = [Record.json_line("in.jsonl", i + 1, json.dumps(item).encode(), False) for i, item in enumerate(items)]
    result = chunks.evaluate_chunk(0, records, settings)
    assert [d.isoformat() for d in looked] == ["2026-03-01", "2025-06-01", "2024-01-01", "2024-01-01"]
    decided = [json.loads(line) for line in result.output.splitlines()]
    assert [(d["household"], d["policy"]["version"]) for d in decided] == [
        (items[i]["id"], "post-transition" if days[i] == "2026-03-01" else "2024-transition") for i in (0, 1, 2, 4, 6)]
    bad = [json.loads(line) for line in result.errors.splitlines()]
    assert [(b["household"], [f["code"] for f in b["diagnostics"]]) for b in bad] == [
        (items[3]["id"], ["L008"]), (items[5]["id"], ["L008"])]


@pytest.mark.parametrize(("old", "new", "help_en", "help_zh"), [
    ('"birth_date": "1957-08-03"', '"birth_date": 1957-08-03', 'write the date in double quotes: `"1957-08-03"`',
     '日期要加双引号：`"1957-08-03"`'),
    ('"id": "', '"id": “', 'write the half-width `"`', '请改用半角的 `"`'),
    ('"sex": "female"', '"sex": female"', 'write text in double quotes: `"female"`', '文本要加双引号：`"female"`'),
    ('{"id"', '{id', 'write the field name in double quotes: `"id"`', '字段名要加双引号：`"id"`'),
    ('", "', '",, "', "remove one: JSON writes one comma between two items",
     "请删去一个：JSON 在两项之间只写一个逗号"),
    ('"id": "', '"id":\u3000"', "replace it with an ordinary space", "请改为"),
    ('"id": "', '"id": "C:\\', "write it twice (`\\\\`), or write `/` instead", "请写两个（`\\\\`），或改用 `/`"),
    ('"id": "', '"id": "\t', "replace it with a space, or write it as `\\t`", "请改为空格，或写作 `\\t`"),
])
def test_the_summary_of_bad_records_says_what_to_write_for_each_slip_of_hand_editing(run, tmp_path, old, new, help_en,
                                                                                     help_zh):
    """A record with a slip told with what to write (`write the date in double quotes`) was summarised by its message
    alone, so that the summary named the slip and left out its fix."""
    items = sample(2, seed=3)
    items[1]["members"][0]["birth_date"], items[1]["members"][0]["sex"] = "1957-08-03", "female"
    texts = [json.dumps(h, ensure_ascii=False) for h in items]
    assert old in texts[1]
    _summary_gives_the_help(run, tmp_path, [texts[0], texts[1].replace(old, new, 1)], help_en, help_zh)


@pytest.mark.parametrize(("written", "help_en", "help_zh"), [
    ("2000元/月", "an amount is the sum of a year (the last 12 months), not of a month: for 2000 yuan a month write "
     "`24000`", "金额是全年合计（最近 12 个月），不是每月的金额：每月 2000 元请写 `24000`"),
    ("2000元", "write the amount in yuan as a number: `2000`", "金额应写为以元计的数字：`2000`"),
    ("[100 200]", "add a comma here: JSON writes one between two items", "请在此处加一个逗号：JSON 在两项之间写逗号"),
])
def test_the_summary_gives_the_help_of_each_slip_in_a_households_json(run, tmp_path, written, help_en, help_zh):
    """An amount a month with its unit outside quotes (`"amount": 2000元/月`) was summarised by its message alone, its
    help (the year's sum to write) left out, where an amount in yuan (`2000元`) had its help."""
    items = sample(2, seed=3)
    items[1]["income"] = [{"type": "wage", "amount": "X"}]
    texts = [json.dumps(h, ensure_ascii=False) for h in items]
    _summary_gives_the_help(run, tmp_path, [texts[0], texts[1].replace('"X"', written)], help_en, help_zh)


@pytest.mark.parametrize(("change", "help_en", "help_zh"), [
    ({"disability_grade": "x"}, "write a whole number in digits, e.g. `2`, or `null`",
     "请写整数，例如 `2`，或写 `null`"),
    ({"members": "2"}, "write the list in `[…]`, one map for each: `\"members\": [{",
     "请写成 `[…]` 中的列表，每项一个映射"),
    ({"members": ["张三"]}, "write each member as a map in `{…}`, e.g. `{\"id\": \"p1\"",
     "每位成员都写成 `{…}` 中的映射，例如 `{\"id\": \"p1\""),
    ({"income": [None]}, "write each line as a map in `{…}`, e.g. `{\"type\": ", "每个条目都写成 `{…}` 中的映射"),
    ({"expenses": 0}, "write the list in `[…]`, one map for each: `\"expenses\": [{…}, …]`, or `[]` for none",
     "请写成 `[…]` 中的列表，每项一个映射：`\"expenses\": [{…}, …]`，没有时写 `[]`"),
    ({"income": {"type": "wage", "amount": 100}}, "put it in square brackets, as a list of one: `\"income\": [{…}]`",
     "请用方括号把它写成列表（只有一项也要写成列表）：`\"income\": [{…}]`"),
    ({"deposits": "1405x"}, "write the number in digits, e.g. `18000` or `1405.50`",
     "请用数字书写，例如 `18000` 或 `1405.50`"),
    ({"id": True}, "write an id as a text in quotes, e.g. `\"DS-0001\"`",
     "请把编号写成加引号的文本，例如 `\"DS-0001\"`"),
])
def test_the_summary_gives_how_a_value_of_the_wrong_kind_is_written(run, tmp_path, change, help_en, help_zh):
    """A whole number written `x`, members written `"2"` or a member as a text were summarised by their message
    alone (`"2" is not a list`), their help — how such a value is written, alike for every record — left out."""
    items = sample(2, seed=3)
    bad = items[1]
    if "disability_grade" in change:
        bad["members"][0]["disability_grade"], bad["members"][0]["disability_type"] = change["disability_grade"], \
            "physical"
    elif "deposits" in change:
        bad["assets"]["deposits"] = change["deposits"]
    else:
        bad.update(change)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    for lang, said in [("en", f"; {help_en}"), ("zh", f"；{help_zh}")]:
        result = run("batch", "--lang", lang, source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST,
                     "-j", 1)
        assert result.exit_code == 2
        [shown] = [line for line in result.stderr.splitlines() if line.lstrip().startswith("1  H002")]
        assert shown.count(said) == 1, shown


def _birth_date(member: dict[str, Any], value: Any) -> None:
    member["birth_date"] = value


@pytest.mark.parametrize(("path", "breaks", "help_en", "help_zh"), [
    ("members[].birth_date", lambda h, n: _birth_date(h["members"][0], f"day {n}"),
     "write a date as YYYY-MM-DD, e.g. `1958-03-02`", "日期请写作 YYYY-MM-DD，例如 `1958-03-02`"),
    ("id", lambda h, n: h.update(id=""), "write the household's own id, as the register knows it, e.g. "
     "`\"id\": \"DS-0001\"`", "请填写本户在名册中的编号，例如 `\"id\": \"DS-0001\"`"),
    ("members[].id", lambda h, n: h["members"][0].update(id=""), "write the member's own id, unique in the "
     "household, e.g. `\"id\": \"p1\"`", "请填写该成员自己的编号，户内不重复，例如 `\"id\": \"p1\"`"),
    ("members[].birth_date", lambda h, n: h["members"][0].pop("birth_date"), "add `birth_date` (date of birth): a "
     "date written YYYY-MM-DD, e.g. `\"birth_date\": \"1958-03-02\"`",
     "：日期，写作 YYYY-MM-DD，例如 `\"birth_date\": \"1958-03-02\"`"),
    ("members[].id", lambda h, n: h["members"][0].pop("id"), "add `id`: the member's own id, e.g. `\"id\": \"p1\"`",
     "请填写 `id`：该成员自己的编号，例如 `\"id\": \"p1\"`"),
    ("members[].sex", lambda h, n: h["members"][0].update(sex=f"x{n}"), "use one of \"male\"",
     "可用的取值：\"male\""),
])
def test_the_summary_gives_a_help_alike_for_every_record_once(run, tmp_path, path, breaks, help_en, help_zh):
    """A date written `day 1`, an id left empty, a key left out or a value none of a field's were summarised by
    their message alone (`must not be empty`), their help — the same for every record — left out; given, it is
    given once, as the problem is, however many records have it."""
    items = sample(3, seed=3)
    for n, bad in enumerate(items[1:], 1):
        breaks(bad, n)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    for lang, said in [("en", f"; {help_en}"), ("zh", help_zh)]:
        result = run("batch", "--lang", lang, source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST,
                     "-j", 1)
        assert result.exit_code == 2
        [shown] = [line for line in result.stderr.splitlines() if line.lstrip().startswith(f"2  H002 {path} ")]
        assert shown.count(said) == 1, shown


def test_the_summary_counts_the_records_missing_each_member_key_apart_each_with_the_help_that_names_it(run,
                                                                                                        tmp_path):
    """3 records of a member without `birth_date` and 2 of a member without `id` were one problem, `5  H002
    members[]`, whose help, `add `birth_date``, was the first record's: the 2 were told to add a key they have."""
    items = sample(6, seed=3)
    for bad in items[1:4]:
        bad["members"][0].pop("birth_date")
    for bad in items[4:]:
        bad["members"][0].pop("id")
    source = write_jsonl(tmp_path / "in.jsonl", items)
    summary = tmp_path / "run.json"
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST,
                 "-j", 1, "--summary", summary)
    assert result.exit_code == 2
    said = [line.strip() for line in result.stderr.splitlines() if " H002 " in line]
    assert [line.split(" — ")[0] for line in said] == ["3  H002 members[].birth_date", "2  H002 members[].id"], said
    assert "; add `birth_date` (date of birth)" in said[0] and "; add `id`: the member's own id" in said[1], said
    problems = json.loads(summary.read_text(encoding="utf-8"))["problems"]
    assert [(p["code"], p["path"], p["records"]) for p in problems] == [("H002", "members[].birth_date", 3),
                                                                       ("H002", "members[].id", 2)]


@pytest.mark.parametrize("table", ["income", "expenses"])
def test_the_summary_gives_the_known_types_once_for_the_records_of_a_type_the_policy_does_not_know(run, tmp_path,
                                                                                                   table):
    """An income or expense line of a type the policy does not know (`"gig"`, or an expense's `"medical"` written as
    an income) was summarised by its message alone, `"gig" is not an income type of this policy`, where a value none
    of a field's is given `use one of …`: the types the policy knows are given too, once, as for every record alike."""
    items = sample(3, seed=3)
    for n, bad in enumerate(items[1:], 1):
        bad[table] = [{"type": ["gig", "medical" if table == "income" else "wage"][n - 1], "amount": 100}]
    source = write_jsonl(tmp_path / "in.jsonl", items)
    known = ("known types counted as income: \"wage\"", "计入收入的类型：\"wage\"") if table == "income" else \
        ("known types: \"medical\"", "已知类型：\"medical\"")
    for lang, said in [("en", f"; {known[0]}"), ("zh", f"；{known[1]}")]:
        result = run("batch", "--lang", lang, source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST,
                     "-j", 1)
        assert result.exit_code == 2
        [shown] = [line for line in result.stderr.splitlines() if line.lstrip().startswith(f"2  H003 {table}[].type ")]
        assert shown.count(said) == 1, shown


@pytest.mark.parametrize(("lang", "by_rows"), [("en", False), ("zh", False), ("en", True), ("zh", True)])
def test_a_csv_row_whose_id_cell_holds_a_line_break_is_placed_at_the_rows_first_line(run, tmp_path, lang, by_rows):
    """A quoted cell holding a line break (Alt+Enter in a spreadsheet) makes its row two lines of the file: the row was
    placed at its last line (`households.csv:4`), where the row's other cells are, not where it starts, and where an
    editor opened at that line shows the middle of the id; read as columns and row by row alike."""
    items = sample(3, seed=3)
    items[1]["id"] = "C:\new"
    tables = tmp_path / "tables"

    def written() -> None:
        write_households_csv(items, tables, load_policy(POST)[0])
        if by_rows:
            sent_row_by_row(tables)

    written()
    assert (tables / "households.csv").read_text(encoding="utf-8").splitlines()[2].startswith('"C:')  # line 3
    result = run("batch", "--lang", lang, tables, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST)
    assert result.exit_code == 0, result.stderr
    [warned] = [line for line in result.stderr.splitlines() if "C:\\new" in line]
    assert "households.csv:3" in warned and "households.csv:4" not in warned, warned
    said = run("eval", tables / "households.csv", "--household", "C:\new", "--date", DAY, "--policy", POST,
               "--lang", lang)
    assert said.exit_code == 0, said.stderr
    assert "households.csv:3" in said.stderr and "households.csv:4" not in said.stderr, said.stderr
    items[1]["housing"]["safety_grade"] = "Z"  # a bad record: its errors file's line too
    written()
    result = run("batch", "--lang", lang, tables, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST)
    assert result.exit_code == 2, result.stderr
    [bad] = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()]
    assert (bad["source"], bad["line"]) == (f"{tables / 'households.csv'}:3", 3), bad


def _summary_gives_the_help(run, tmp_path, lines, help_en, help_zh):  # type: ignore[no-untyped-def]
    """The run of `lines` (the second a bad record, H001) summarises it with its help, in English and in Chinese."""
    source = tmp_path / "in.jsonl"
    source.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for lang, said in [("en", f"; {help_en}"), ("zh", f"；{help_zh}")]:
        result = run("batch", "--lang", lang, source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
        assert result.exit_code == 2
        [shown] = [line for line in result.stderr.splitlines() if line.lstrip().startswith("1  H001")]
        assert said in shown, shown


@pytest.mark.parametrize(("listed", "order", "endian", "endian_zh"), [
    (True, "utf-16-le", "little-endian", "小端序"), (False, "utf-16-le", "little-endian", "小端序"),
    (False, "utf-16-be", "big-endian", "大端序")])
def test_the_summary_of_a_household_file_in_utf16_without_its_mark_says_how_to_save_it_as_utf8(run, tmp_path, listed,
                                                                                               order, endian,
                                                                                               endian_zh):
    """A folder's file of households saved in UTF-16 with no mark is a bad record told how to save it as UTF-8, and
    the summary said it without that help; a file of one household (not a list) was told only `not valid JSON`."""
    folder = tmp_path / "in"
    folder.mkdir()
    items = sample(3, seed=3)
    (folder / "a.json").write_text(json.dumps(items[:2]), encoding="utf-8")
    (folder / "b.json").write_bytes(json.dumps(items[2:] if listed else items[2]).encode(order))
    out = tmp_path / "out.jsonl"
    for lang, said in [("en", f"the text is UTF-16 ({endian}, with no byte-order mark), not UTF-8; in Notepad, File → "
                              "Save As, choose UTF-8 under Encoding and save"),
                       ("zh", f"文本是 UTF-16 编码（{endian_zh}，无字节顺序标记），不是 UTF-8；请用记事本打开，"
                              "点“文件”→“另存为”，在下方“编码”中选 UTF-8 后保存")]:
        result = run("batch", "--lang", lang, folder, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
        assert result.exit_code == 2
        [shown] = [line for line in result.stderr.splitlines() if line.lstrip().startswith("1  H001")]
        assert said in shown, shown
    assert len(lines(out)) == 2


def test_errors_and_summary_lines_quote_an_id_holding_a_line_break_on_one_line(run, tmp_path):
    """A bad record whose id was read from `"C:\\nBAD"` was said `household C:` on one line and `BAD: …` on the
    next, and a household of --only-changed's file gone from the input the same way: each id is quoted as JSON
    writes it, on the line it belongs to; the errors file keeps the id as it is."""
    items = sample(2, seed=8)
    items[0]["id"] = "C:\nGONE"
    old = tmp_path / "old.jsonl"
    assert run("batch", write_jsonl(tmp_path / "all.jsonl", items), "-o", old, "--date", DAY, "-j", 1).exit_code == 0
    bad = {"id": "C:\nBAD", "members": "x"}
    source = write_jsonl(tmp_path / "in.jsonl", [items[1], bad])
    for lang, household in (("en", 'household "C:\\nBAD": '), ("zh", '家庭 "C:\\nBAD"：')):
        result = run("batch", source, "-o", "-", "--date", DAY, "-j", 1, "--only-changed", old, "--lang", lang)
        assert household in result.stderr and "C:\n" not in result.stderr, result.stderr
        assert '`"C:\\nGONE"`' in result.stderr
    run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "-j", 1)
    assert lines(tmp_path / "out.jsonl.errors.jsonl")[0]["household"] == "C:\nBAD"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["list.json.gz", "one.json.gz", "one.jsonl.gz"])
def test_a_compressed_file_that_is_not_json_is_placed_before_the_words_as_a_plain_one(run, tmp_path, name, lang):
    """A gzip-compressed list, or one household written over many lines, with a comma left out was told
    `list.json.gz: error[H001]: not valid JSON: a comma is missing between two items (line 91, column 23)`, the place
    inside the words, by `policy batch` and `policy monitor ingest`, where the same file uncompressed is told
    `list.json:91:23: error[H001]: …`: placed so, at the line and column of the decompressed text."""
    import gzip

    listed, at, column = _a_list_with_a_comma_left_out(tmp_path)
    if name.startswith("one"):  # the second household of the list alone
        text = listed.read_text(encoding="utf-8").splitlines()
        starts = max(n for n, line in enumerate(text) if line == "  {" and n < at)
        ends = text.index("  }", at) + 1
        at, one = at - starts, [line[2:] for line in text[starts:ends]]
        listed.write_text("\n".join(one) + "\n", encoding="utf-8")
        column -= 2
    plain = run("batch", listed, "-o", "-", "--date", DAY, "--policy", POST, "-j", 1, "--lang", lang)
    said = plain.stderr.splitlines()[0].removeprefix(f"{listed}:{at}:{column}: ")
    assert said.startswith(("error[H001]: ", "错误[H001]: ")), plain.stderr
    packed = tmp_path / name
    packed.write_bytes(gzip.compress(listed.read_bytes()))
    result = run("batch", packed, "-o", "-", "--date", DAY, "--policy", POST, "-j", 1, "--lang", lang)
    assert result.exit_code == 2 and result.stderr.splitlines()[0] == f"{packed}:{at}:{column}: {said}", result.stderr
    ingest = run("monitor", "ingest", packed, "--date", DAY, "--policy", POST, "--lang", lang, "--db",
                 tmp_path / "r.sqlite3")
    assert ingest.exit_code == 2 and ingest.stderr.splitlines()[0] == f"{packed}:{at}:{column}: {said}", ingest.stderr


def test_a_label_that_quotes_words_of_its_own_keeps_them_in_single_quotes_where_a_column_message_quotes_it(
        run, tmp_path):
    """A category's label and an input's that quote words of their own (`最低生活“保障”对象`, `家庭“存款”及有价证券`),
    quoted by the warning on a missing column and the refusal of a header a label names, nested double quotes
    (`而“最低生活“保障”对象”、…的认定要用到它`): they are a quote within a quote, as explanations say them."""
    text = POST.read_text(encoding="utf-8")
    labels = {"label: {zh: 最低生活保障对象,": "label: {zh: 最低生活“保障”对象,",
              "label: {zh: 家庭存款及有价证券,": "label: {zh: 家庭“存款”及有价证券,"}
    for old, new in labels.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    policy = tmp_path / "quoting.yaml"
    policy.write_text(text, encoding="utf-8")
    folder = tmp_path / "t"
    write_csv_tables(folder, [{**h, "date": "2026-03-01"} for h in sample(10, seed=12)])
    table = folder / "households.csv"
    _drop_column(table, "assets.deposits")
    dropped = run("batch", "--lang", "zh", folder, "-o", tmp_path / "out.jsonl", "-j", 1, "--policy", policy)
    assert dropped.exit_code == 0, dropped.stderr
    readers = "“最低生活‘保障’对象”、“低保边缘家庭成员”、“刚性支出困难家庭成员”"
    assert f"而{readers}的认定要用到它" in dropped.stderr, dropped.stderr
    write_csv_tables(folder, [{**h, "date": "2026-03-01"} for h in sample(10, seed=12)])
    table.write_text(table.read_text(encoding="utf-8").replace("assets.deposits", "存款", 1), encoding="utf-8")
    renamed = run("batch", "--lang", "zh", folder, "-o", tmp_path / "out.jsonl", "-j", 1, "--policy", policy)
    assert renamed.exit_code == 2
    assert "`存款`（`assets.deposits` 的标签是“家庭‘存款’及有价证券”）" in renamed.stderr, renamed.stderr
    assert quotes_nested_alike(dropped.stderr + renamed.stderr) == []
