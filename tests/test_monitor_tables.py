"""`policy monitor ingest` reads the CSV tables of `policy batch` (households.csv, members.csv, lines.csv): the
same households, decided and recorded as their JSON would be."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.batch.csv_tables import write_households_csv
from engine.loader import load_policy
from tests.helpers import EXAMPLES, POST, ROOT

# households of the examples: one widow, one on the dibao line, one with a disabled son (tekun)
NAMES = ("DS-0001-dibao-widow.json", "DS-0011-on-post-dibao-line.json", "DS-0018-disabled-son-tekun.json")


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("POLICY_REGISTER", raising=False)
    db = str(tmp_path / "register.sqlite3")

    def invoke(*args: str) -> Any:
        return CliRunner().invoke(cli, ["monitor", *args, "--db", db], catch_exceptions=False)
    invoke.db = db  # type: ignore[attr-defined]
    return invoke


@pytest.fixture
def tables(tmp_path: Path) -> tuple[Path, Path]:
    """The example households as CSV tables and as JSON Lines, dated 2026-03-02."""
    households = [{**json.loads((EXAMPLES / name).read_text(encoding="utf-8")), "date": "2026-03-02"}
                  for name in NAMES]
    households[1]["expenses"] = []  # as exports write no lines: the tables have no row for it
    folder = tmp_path / "2026-03"
    write_households_csv(households, folder, load_policy(POST)[0])
    lines = tmp_path / "2026-03.jsonl"
    lines.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in households), encoding="utf-8")
    return folder, lines


def recorded(db: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT household, status, source FROM snapshots ORDER BY id").fetchall()


def test_a_folder_of_csv_tables_is_ingested_as_policy_batch_reads_it(run: Any, tables: tuple[Path, Path]) -> None:
    folder, lines = tables
    result = run("ingest", str(folder), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"({folder}): 3 snapshots recorded, 0 already recorded, 0 bad records skipped" in result.stderr
    snapshots = recorded(run.db)
    assert [(h, source) for h, _, source in snapshots] == [
        ("DS-0001", f"{folder / 'households.csv'}:2"), ("DS-0011", f"{folder / 'households.csv'}:3"),
        ("DS-0018", f"{folder / 'households.csv'}:4")]
    # the same households as JSON Lines are the same data, decided alike: already recorded, not a clash (H007)
    again = run("ingest", str(lines), "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "0 snapshots recorded, 3 already recorded, 0 bad records skipped" in again.stderr
    alone = run("ingest", str(folder / "households.csv"), "--lang", "en")  # the table itself stands for the folder
    assert alone.exit_code == 0 and "0 snapshots recorded, 3 already recorded" in alone.stderr
    assert len(recorded(run.db)) == 3
    with sqlite3.connect(run.db) as connection:
        statuses = dict(connection.execute("SELECT household, status FROM snapshots"))
    assert statuses["DS-0018"] and statuses["DS-0001"]  # decided: the examples are in categories


def test_json_files_beside_the_tables_are_named_as_not_read(run: Any, tables: tuple[Path, Path]) -> None:
    # a folder of CSV tables is read for its tables alone: an export of the month as JSON Lines left in it would
    # otherwise be passed over without a word
    folder, lines = tables
    (folder / "2026-03-late.jsonl").write_bytes(lines.read_bytes())
    result = run("ingest", str(folder), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (f"note: {folder} is read as CSV tables; the 1 JSON file it also holds is not read: 2026-03-late.jsonl "
            f"(to record its households, give it on its own: `policy monitor ingest {folder / '2026-03-late.jsonl'}`)"
            ) in result.stderr
    assert "3 snapshots recorded" in result.stderr
    zh = run("ingest", str(folder), "--lang", "zh")
    assert f"注意：{folder} 按 CSV 表格读取；其中另有 1 个 JSON 文件未读取：2026-03-late.jsonl" in zh.stderr


def test_a_bad_row_of_the_tables_is_a_bad_record_at_its_row(run: Any, tables: tuple[Path, Path]) -> None:
    folder, _ = tables
    members = folder / "members.csv"
    rows = members.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, row in enumerate(rows) if row.startswith("DS-0011,"))
    rows[at] = rows[at].replace(",male,", ",mal,").replace(",female,", ",femal,")
    members.write_text("".join(rows), encoding="utf-8")
    result = run("ingest", str(folder), "--lang", "en")
    assert result.exit_code == 2
    assert f"{members}:{at + 1} (p1), column `sex`: error[H002]: " in result.stderr
    assert "2 snapshots recorded, 0 already recorded, 1 bad record skipped" in result.stderr
    zh = run("ingest", str(folder), "--lang", "zh")
    assert f"{members}:{at + 1} (p1) 的 `sex` 列: 错误[H002]: " in zh.stderr


def test_what_ingest_reads_is_said_for_csv_it_cannot_read(run: Any, tables: tuple[Path, Path], tmp_path: Path) -> None:
    folder, _ = tables
    members = run("ingest", str(folder / "members.csv"), "--lang", "en")
    assert members.exit_code == 2
    assert (f"{folder / 'members.csv'}: error[H001]: this is a CSV file; `policy monitor ingest` reads JSON, JSON "
            "Lines and the CSV tables of `policy batch`\n  help: CSV is read as the tables of `policy batch`: give the "
            "folder that holds households.csv and members.csv (and lines.csv), or its households.csv; docs/batch.md "
            "shows the columns") in members.stderr
    half = tmp_path / "half"
    half.mkdir()
    (half / "households.csv").write_bytes((folder / "households.csv").read_bytes())
    missing = run("ingest", str(half), "--lang", "en")
    assert missing.exit_code == 2
    assert f"{half / 'members.csv'}: not found (a CSV input is households.csv and members.csv" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("", encoding="utf-8")
    nothing = run("ingest", str(empty), "--lang", "zh")
    assert nothing.exit_code == 2
    assert nothing.stderr.startswith(f"错误：文件夹 {empty} 中没有 .json 或 .jsonl 文件，也没有 households.csv（")
    assert not Path(run.db).exists()  # nothing recorded: no register made at the path


def help_text(*words: str, lang: str) -> str:
    """A `policy monitor` help as one line, without the breaks of its wrapping (and, for Chinese, its spaces)."""
    result = CliRunner().invoke(cli, ["monitor", *words, "--help", "--lang", lang])
    assert result.exit_code == 0
    return "".join(result.output.split()) if lang == "zh" else " ".join(result.output.split())


def test_ingest_help_shows_csv_tables_at_work_and_that_households_csv_stands_for_them() -> None:
    # the example runs as written in tests/test_help_examples.py, against CSV tables in `tables/`
    english, chinese = help_text("ingest", lang="en"), help_text("ingest", lang="zh")
    assert ("holding households.csv and members.csv (and lines.csv), for those CSV tables, read as `policy batch` "
            "reads them (its households.csv as FILE stands for them too)") in english
    assert ("若其中有households.csv和members.csv（以及lines.csv），则表示这些CSV表，与`policybatch`的读法相同"
            "（把其中的households.csv作为文件给出也一样）") in chinese
    assert "Examples: policy monitor ingest exports/2026-03.jsonl" in english
    assert "policy monitor ingest tables/ --date 2026-03-31" in english
    assert "policymonitoringesttables/--date2026-03-31" in chinese  # the example, as in English


def test_an_exports_own_columns_are_left_out_of_the_households_and_of_their_snapshots(
        run: Any, tables: tuple[Path, Path], tmp_path: Path) -> None:
    folder, lines = tables
    for table, column in (("households.csv", "phone"), ("members.csv", "name")):
        head, *rows = (folder / table).read_text(encoding="utf-8").splitlines()
        (folder / table).write_text("\n".join([f"{head},{column}", *(f"{row},x" for row in rows)]) + "\n",
                                    encoding="utf-8")
    refused = run("ingest", str(folder), "--lang", "en")
    assert refused.exit_code == 2 and "a column no policy reads: `phone`" in refused.stderr
    assert "a column no policy reads: `name`" in refused.stderr  # both tables', in one run
    assert "help: if no policy is to read them (an export's own columns), leave them out of every household: " \
           "--ignore-column phone,name" in refused.stderr
    head, *rows = (folder / "households.csv").read_text(encoding="utf-8").splitlines()
    (folder / "households.csv").write_text("\n".join([head.replace(",date,", ",dat,"), *rows]) + "\n",
                                           encoding="utf-8")
    misspelt = run("ingest", str(folder), "--lang", "en")  # the fix of both, on the one help line of a bad record
    assert misspelt.exit_code == 2 and "help: rename `dat` to `date`. If no policy is to read `phone` and `name` " \
        "(an export's own columns), leave them out of every household: --ignore-column phone,name\n" \
        in misspelt.stderr, misspelt.stderr
    (folder / "households.csv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    result = run("ingest", str(folder), "--lang", "en", "--ignore-column", "phone,name")
    assert result.exit_code == 0, result.output
    assert "3 snapshots recorded" in result.stderr
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps({**h, "phone": "1", "members": [{**m, "name": "x"} for m in h["members"]]},
                                        ensure_ascii=False) + "\n"
                             for h in map(json.loads, lines.read_text(encoding="utf-8").splitlines())),
                     encoding="utf-8")
    again = run("ingest", str(extra), "--lang", "en", "--ignore-column", "phone", "--ignore-column", "name")
    assert again.exit_code == 0 and "0 snapshots recorded, 3 already recorded" in again.stderr, again.stderr
    assert run("ingest", str(lines), "--lang", "en").stderr.count("3 already recorded") == 1
    later = run("ingest", str(extra), "--lang", "en", "--ignore-column", "phone,name", "--date", "2026-04-01")
    assert later.exit_code == 0 and "3 snapshots recorded" in later.stderr  # kept from the JSON text, without them
    with sqlite3.connect(run.db) as connection:
        kept = [json.loads(row[0]) for row in connection.execute("SELECT household_json FROM snapshots")]
    assert len(kept) == 6 and not any("phone" in h or any("name" in m for m in h["members"]) for h in kept)
    said = run("ingest", str(extra), "--lang", "en", "--ignore-column", "relation")
    assert said.exit_code == 2 and "`relation` (a member input the policy reads) cannot be ignored" in said.stderr


def _excel_dated(text: str) -> str:
    """Dates as a spreadsheet writes them in its own format: `2026/1/1` for `2026-01-01`."""
    return re.sub(r"\b(\d{4})-(\d\d)-(\d\d)\b", lambda m: f"{m[1]}/{int(m[2])}/{int(m[3])}", text)


def _excel_dated_tables(folder: Path, n: int) -> Path:
    """CSV tables of `n` sampled households whose date cells an Excel export wrote as `2026/1/1`."""
    import datetime

    from engine.sample import households

    write_households_csv(households(n, 3, datetime.date(2026, 1, 1)), folder, load_policy(POST)[0])
    for table in folder.glob("*.csv"):
        table.write_text(_excel_dated(table.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def test_a_snapshot_keeps_a_record_as_written_unless_it_holds_a_column_left_out_written_plainly_or_by_an_escape(
        run: Any, tables: tuple[Path, Path], tmp_path: Path) -> None:
    """With --ignore-column, a JSON record that does not hold the column is kept byte for byte as written (spaces and
    all, an id that reads as the column's name too); one that holds it — its key written with an escape as well — is
    kept without it."""
    _, lines = tables
    first, second, third = map(json.loads, lines.read_text(encoding="utf-8").splitlines())
    written = [json.dumps(first, ensure_ascii=False),  # `", "` and `": "`: not as the register writes JSON
               json.dumps({**second, "id": "phone"}, ensure_ascii=False),
               json.dumps(third, ensure_ascii=False)[:-1] + ', "ph\\u006fne": "1"}']
    export = tmp_path / "export.jsonl"
    export.write_text("".join(line + "\n" for line in written), encoding="utf-8")
    result = run("ingest", str(export), "--lang", "en", "--ignore-column", "phone")
    assert result.exit_code == 0 and "3 snapshots recorded" in result.stderr, result.stderr
    with sqlite3.connect(run.db) as connection:
        kept = {row[0]: bytes(row[1]) for row in connection.execute("SELECT household, household_json FROM snapshots")}
    assert kept[first["id"]] == written[0].encode("utf-8")
    assert kept["phone"] == written[1].encode("utf-8")
    assert json.loads(kept[third["id"]]) == third


def test_dates_a_spreadsheet_wrote_are_said_once_for_their_column_as_policy_batch_says_them(
        run: Any, tmp_path: Path) -> None:
    """An Excel export whose date cells write `2026/1/1`: one error a cell was ~60 lines for 20 households. The first
    is shown, then the column is said once, in the words of `policy batch`'s summary."""
    folder = _excel_dated_tables(tmp_path / "export", 20)
    batch = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "out.jsonl"), "--lang", "en"])
    summary = [line.strip() for line in batch.stderr.splitlines() if "records write dates as" in line]
    assert len(summary) == 2
    for lang in ("en", "zh"):
        result = run("ingest", str(folder), "--lang", lang)
        assert result.exit_code == 2
        said = result.stderr.splitlines()
        assert len(said) < 12, result.stderr
        if lang == "en":
            assert sum("is not a date" in line for line in said) == 2, result.stderr  # the first of each column
            assert [line for line in said if "records write dates as" in line] == \
                [f"{folder}: error: {line}" for line in summary]
        else:
            assert sum("条记录把日期写成了" in line for line in said) == 2
            # the folder opens the column's line as it opens the run's summary, and as every line located at a file
            # opens (`policy eval`, `policy diff`, the bad records' `file:line:col: `): with an ASCII colon, which
            # tools that read located messages parse
            assert [line for line in said if "条记录把日期写成了" in line] == \
                [line for line in said if line.startswith(f"{folder}: 错误：")], result.stderr
            assert any(line.startswith(f"{folder}: 记录 0 条快照") for line in said), result.stderr
            assert not any(line.startswith(f"{folder}：") for line in said), result.stderr
            assert any("在 Excel 中，导出前先把这一列的格式设为 yyyy-mm-dd" in line for line in said)


def test_dates_of_a_folder_of_household_files_are_said_once_for_the_run_as_policy_batch_says_them(
        run: Any, tmp_path: Path) -> None:
    """A folder of one-household JSON files whose dates read `2025/6/1`: each file said its own `1 record writes a
    date as …` line. The run says each column once, after its files, as `policy batch` says the same folder."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_text(_excel_dated((EXAMPLES / name).read_text(encoding="utf-8")), encoding="utf-8")
    batch = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "out.jsonl"), "--lang", "en"])
    summary = sorted(line.strip() for line in batch.stderr.splitlines() if "write dates as" in line)
    assert len(summary) == 2 and all(" 3 records " in line or " 2 records " in line for line in summary), batch.stderr
    for lang, column, shown in (("en", "which is not read as a date", "is not a date"),
                                ("zh", "条记录把日期写成了", "不是日期")):
        result = run("ingest", str(folder), "--lang", lang)
        assert result.exit_code == 2
        said = result.stderr.splitlines()
        columns = [line for line in said if column in line]
        assert len(columns) == 2 and not any("1 record" in line or "有 1 条" in line for line in columns), \
            result.stderr
        assert sum(shown in line for line in said) == 2, result.stderr  # the first of each column
        last = next(k for k, line in enumerate(said) if line.startswith(("3 files: ", "3 个文件：")))  # (no ingest #)
        assert all(said.index(line) < last and line.startswith(f"{folder}: " if lang == "en" else f"{folder}: 错误：")
                   for line in columns), result.stderr
        if lang == "en":
            assert sorted(line.removeprefix(f"{folder}: error: ") for line in columns) == summary


@pytest.mark.parametrize("export", ["tables", "lines"])
def test_strict_tells_the_one_bad_record_once_not_again_for_its_column(run: Any, tmp_path: Path, export: str) -> None:
    """--strict stops a file at its first bad record: a line for the column of its dates, `1 record writes a date as
    2026/1/1 (the first: households.csv:2)`, told that record a second time."""
    folder = _excel_dated_tables(tmp_path / "export", 5)
    target = folder
    if export == "lines":
        target = tmp_path / "export.jsonl"
        target.write_text(_excel_dated("".join(json.dumps(h) + "\n" for h in _sampled(5))), encoding="utf-8")
    for lang, column, shown in (("en", "which is not read as a date", "is not a date"),
                                ("zh", "条记录把日期写成了", "不是日期")):
        result = run("ingest", str(target), "--lang", lang, "--strict")
        assert result.exit_code == 2
        # (CSV tables: the column's line alone says how to mend them in Excel, and is said for the one record)
        assert result.stderr.count(column) == (2 if export == "tables" else 0), result.stderr
        assert result.stderr.count(shown) == 2, result.stderr  # its `date` and its head's `birth_date`
        assert ("strict mode" if lang == "en" else "严格模式") in result.stderr


@pytest.mark.parametrize("strict", [(), ("--strict",)])
def test_an_export_of_one_record_of_spreadsheet_dates_is_told_how_to_mend_them_in_excel_once(
        run: Any, tmp_path: Path, strict: tuple[str, ...]) -> None:
    """A column of one record of dates a spreadsheet wrote (`2026/1/1`) has no line of its own: the advice to set the
    column's format in Excel, on that line alone, never reached the user. It is said once for each column, in the
    words `policy batch` says for the same export."""
    folder = _excel_dated_tables(tmp_path / "export", 1)
    for lang, excel in (("en", "in Excel, set the column's format to yyyy-mm-dd"),
                        ("zh", "在 Excel 中，导出前先把这一列的格式设为 yyyy-mm-dd")):
        batch = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "out.jsonl"), "--lang", lang])
        told = [line.strip() for line in batch.stderr.splitlines() if excel in line]
        assert len(told) == 2, batch.stderr  # `date` of households.csv, `birth_date` of members.csv
        result = run("ingest", str(folder), "--lang", lang, *strict)
        assert result.exit_code == 2
        assert result.stderr.count(excel) == 2, result.stderr
        said = [line for line in result.stderr.splitlines() if excel in line]
        assert said == [f"{folder}{': error: ' if lang == 'en' else ': 错误：'}{line}" for line in told], result.stderr


def test_an_ingest_of_bad_records_alone_into_no_register_names_no_ingest(run: Any, tmp_path: Path) -> None:
    """Every record bad, and no register before: nothing is recorded, so no register is made, and the ingests the run
    said it was (`ingest #1 (…)`, `ingests #1–#2`) do not exist: `void --ingest 1` finds none. The run says what
    it did without them."""
    one = _excel_dated_tables(tmp_path / "one", 1)
    other = _excel_dated_tables(tmp_path / "other", 2)
    for lang, ingest, made in (("en", "ingest", "no register was made"), ("zh", "导入", "新建台账")):
        alone = run("ingest", str(one), "--lang", lang)
        assert alone.exit_code == 2 and made in alone.stderr and not Path(run.db).exists()
        assert "#1" not in alone.stderr, alone.stderr
        assert (f"{one}: 0 snapshots recorded, 0 already recorded, 1 bad record skipped" if lang == "en" else
                f"{one}: 记录 0 条快照，0 条此前已记录，跳过 1 条错误记录") in alone.stderr, alone.stderr
        both = run("ingest", str(one), str(other), "--lang", lang)
        assert both.exit_code == 2 and made in both.stderr and not Path(run.db).exists()
        assert "#1" not in both.stderr and "#2" not in both.stderr and ingest + " #" not in both.stderr, both.stderr
        assert ("2 files: 0 snapshots recorded, 0 already recorded, 3 bad records skipped" if lang == "en" else
                "2 个文件：记录 0 条快照，0 条此前已记录，跳过 3 条错误记录") in both.stderr, both.stderr
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(h) + "\n" for h in _sampled(1)), encoding="utf-8")
    kept = run("ingest", str(one), str(good), "--lang", "en")  # the register is made: its ingests are named
    assert Path(run.db).exists() and "ingests #1–#2 (2 files): " in kept.stderr, kept.stderr


def test_a_file_of_bad_records_alone_before_one_that_records_is_said_by_its_ingest(
        run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files of bad records alone that open a run into a register it makes are ingests of it once a later file
    records (`ingests #1–#3 (3 files)`): each is said by its number, as the run's total counts it, not by its name
    alone; while nothing is recorded they are said without one, a run stopped part way too."""
    one, other = _excel_dated_tables(tmp_path / "one", 1), _excel_dated_tables(tmp_path / "other", 2)
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(h) + "\n" for h in _sampled(1)), encoding="utf-8")
    for lang, said in (("en", [f"ingest #1 ({one}): 0 snapshots recorded, 0 already recorded, 1 bad record skipped",
                               f"ingest #2 ({other}): 0 snapshots recorded, 0 already recorded, 2 bad records skipped",
                               "ingests #1–#3 (3 files): 1 snapshot recorded"]),
                       ("zh", [f"导入 #1（{one}）：记录 0 条快照，0 条此前已记录，跳过 1 条错误记录",
                               f"导入 #2（{other}）：记录 0 条快照，0 条此前已记录，跳过 2 条错误记录",
                               "导入 #1–#3（3 个文件）：记录 1 条快照"])):
        Path(run.db).unlink(missing_ok=True)
        kept = run("ingest", str(one), str(other), str(good), "--lang", lang)
        assert kept.exit_code == 2 and Path(run.db).exists(), kept.output
        lines = kept.stderr.splitlines()
        told = [next((k for k, line in enumerate(lines) if line.startswith(words)), None) for words in said]
        assert None not in told and told == sorted(told), kept.stderr  # each file's, then the total
    _stopped_at(good, monkeypatch)
    Path(run.db).unlink()
    stopped = run("ingest", str(one), str(good), "--lang", "en")
    assert stopped.exit_code == 130 and not Path(run.db).exists()
    assert f"\n{one}: 0 snapshots recorded, 0 already recorded, 1 bad record skipped" in stopped.stderr
    assert "#1" not in stopped.stderr, stopped.stderr


@pytest.mark.parametrize("strict", [(), ("--strict",)])
@pytest.mark.parametrize("stop", ["disk full", "Ctrl-C"])
def test_a_run_of_several_files_stopped_part_way_says_the_columns_of_spreadsheet_dates_found_so_far(
        run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: str, strict: tuple[str, ...]) -> None:
    """A run over several files says the columns of dates a spreadsheet wrote once, before its total: a run stopped
    part way (a full disk, Ctrl-C) has no total, and said none of them, though its files' records were read and
    shown; they are said before what stopped it, for the records read until then."""
    import engine.monitor.ingest as ingest
    from engine.monitor.disk_full import DiskFull

    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(h) + "\n" for h in _sampled(1)), encoding="utf-8")
    export = _excel_dated_tables(tmp_path / "export", 3)
    last = tmp_path / "last.jsonl"
    last.write_bytes(good.read_bytes())
    real = ingest.ingest_file

    def stopped_at_the_last(register: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == str(last):
            raise KeyboardInterrupt if stop == "Ctrl-C" else DiskFull(Path(run.db))
        return real(register, name, *args, **kwargs)
    monkeypatch.setattr(ingest, "ingest_file", stopped_at_the_last)
    records = ("1 record writes a date as", "有 1 条记录") if strict else ("3 records write dates as", "有 3 条记录")
    for lang, column, words, why in (("en", "which is not read as a date", records[0],
                                      "interrupted" if stop == "Ctrl-C" else "the disk it is on is full"),
                                     ("zh", "条记录把日期写成了", records[1],
                                      "已中断" if stop == "Ctrl-C" else "台账所在的磁盘已满")):
        result = run("ingest", str(good), str(export), str(last), *strict, "--lang", lang)
        assert result.exit_code == (130 if stop == "Ctrl-C" else 2), result.output
        lines = result.stderr.splitlines()
        columns = [k for k, line in enumerate(lines) if column in line]
        assert len(columns) == 2, result.stderr  # `date` of households.csv, `birth_date` of members.csv
        run_of = f"{good}, {export}, {last}: " if lang == "en" else f"{good}、{export}、{last}: 错误："
        assert all(lines[k].startswith(run_of) and words in lines[k] for k in columns), result.stderr
        stopped = next(k for k, line in enumerate(lines) if why in line)
        assert max(columns) < stopped, result.stderr  # then what stopped the run


def _sampled(n: int) -> list[dict[str, Any]]:
    import datetime

    from engine.sample import households

    return list(households(n, 3, datetime.date(2026, 1, 1)))


def test_the_column_of_dates_a_spreadsheet_wrote_is_named_by_the_files_own_header(run: Any, tmp_path: Path) -> None:
    """members.csv writes `出生日期` for `birth_date`, read with --rename-column: the column's line named
    `birth_date`, a header the file does not have; it names the file's own, as `policy batch` does."""
    folder = _excel_dated_tables(tmp_path / "export", 5)
    members = folder / "members.csv"
    head, rest = members.read_text(encoding="utf-8").split("\n", 1)
    members.write_text(head.replace("birth_date", "出生日期") + "\n" + rest, encoding="utf-8")
    renamed = ("--rename-column", "出生日期=birth_date")
    batch = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "out.jsonl"), "--lang", "en", *renamed])
    [summary] = [line.strip() for line in batch.stderr.splitlines() if "of members.csv: 5 records" in line]
    assert summary.startswith("column `出生日期` of members.csv: "), batch.stderr
    for lang, said in (("en", f"{folder}: error: {summary}"), ("zh", "members.csv 的 `出生日期` 列：有 5 条记录")):
        result = run("ingest", str(folder), "--lang", lang, *renamed)
        assert result.exit_code == 2
        assert said in result.stderr and "`birth_date`" not in result.stderr.replace("(birth_date)", ""), \
            result.stderr


def test_a_stopped_run_says_which_files_before_the_stop_are_recorded(
        run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C at a file said `(the 2 files before it are recorded)` of files that recorded nothing — bad records
    alone — though the register the run made was removed for holding nothing: it says what is true."""
    bad, worse = _excel_dated_tables(tmp_path / "bad", 1), _excel_dated_tables(tmp_path / "worse", 2)
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(h) + "\n" for h in _sampled(1)), encoding="utf-8")
    last = tmp_path / "last.jsonl"
    last.write_text("".join(json.dumps(h) + "\n" for h in _sampled(2)[1:]), encoding="utf-8")
    _stopped_at(last, monkeypatch)
    again = "; run the same command again to continue"
    for lang, said in (("en", f"interrupted: nothing of {last} was recorded, nor of the 2 files before it, so no "
                              f"register was made at {run.db}{again}"),
                       ("zh", f"已中断：{last} 的内容一条也没有记录，此前的 2 个文件也没有记录任何内容，因此没有在 "
                              f"{run.db} 新建台账；再运行同一条命令即可继续")):
        made = run("ingest", str(bad), str(worse), str(last), "--lang", lang)
        assert made.exit_code == 130 and not Path(run.db).exists(), made.stderr
        assert said in made.stderr, made.stderr
    for lang, said in (("en", f"interrupted: nothing of {last} was recorded (1 of the 2 files before it is "
                              f"recorded){again}"),
                       ("zh", f"已中断：{last} 的内容一条也没有记录（此前的 2 个文件中有 1 个已记录）；再运行")):
        Path(run.db).unlink(missing_ok=True)
        mixed = run("ingest", str(bad), str(good), str(last), "--lang", lang)
        assert mixed.exit_code == 130 and Path(run.db).exists(), mixed.stderr
        assert said in mixed.stderr, mixed.stderr
    for lang, said in (("en", f"interrupted: nothing of {last} was recorded, nor of the 1 file before it{again}"),
                       ("zh", f"已中断：{last} 的内容一条也没有记录，此前的 1 个文件也没有记录任何内容；再运行")):
        kept = run("ingest", str(worse), str(last), "--lang", lang)  # into the register the good file made
        assert kept.exit_code == 130 and Path(run.db).exists(), kept.stderr
        assert said in kept.stderr, kept.stderr


def test_a_stopped_run_of_one_file_says_no_register_was_made(
        run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C at the one file of a run into a register it made said nothing of the register, removed for holding
    nothing, where a run of several files says `…, so no register was made at …`: one file is told the same."""
    last = tmp_path / "last.jsonl"
    last.write_text("".join(json.dumps(h) + "\n" for h in _sampled(1)), encoding="utf-8")
    _stopped_at(last, monkeypatch)
    again = "; run the same command again to continue"
    for lang, said in (("en", f"\ninterrupted: nothing of {last} was recorded, so no register was made at {run.db}"
                              f"{again}"),
                       ("zh", f"\n已中断：{last} 的内容一条也没有记录，因此没有在 {run.db} 新建台账；"
                              "再运行同一条命令即可继续")):
        made = run("ingest", str(last), "--lang", lang)
        assert made.exit_code == 130 and not Path(run.db).exists(), made.stderr
        assert said in made.stderr, made.stderr
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(h) + "\n" for h in _sampled(2)[1:]), encoding="utf-8")
    assert run("ingest", str(good)).exit_code == 0
    kept = run("ingest", str(last), "--lang", "en")  # into the register the good file made: it stays
    assert kept.exit_code == 130 and Path(run.db).exists(), kept.stderr
    assert f"\ninterrupted: nothing of {last} was recorded{again}" in kept.stderr, kept.stderr


def _stopped_at(stop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C as `policy monitor ingest` begins to read `stop`, after the files before it."""
    import engine.monitor.ingest as ingest

    real = ingest.ingest_file

    def stopped(register: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == str(stop):
            raise KeyboardInterrupt
        return real(register, name, *args, **kwargs)
    monkeypatch.setattr(ingest, "ingest_file", stopped)
