"""`policy batch` on exports as data tools write them: nested values stored as JSON text (a Parquet `members` column
of strings, a `members` column in households.csv), and dates a spreadsheet wrote in its own form (`2026/3/1`)."""

from __future__ import annotations

import csv
import decimal
import json
from pathlib import Path
from typing import Any

import pytest

from engine.batch.csv_tables import write_households_csv
from engine.batch.parquet_layout import write_households_parquet
from engine.loader import load_policy
from tests.test_batch import POST, sample

DAY = "2026-03-01"


def _as_json_text(table: Any, *names: str) -> Any:
    """The table with these list or struct columns replaced by their JSON text, as an export writes them."""
    import pyarrow as pa

    def plain(value: Any) -> Any:
        return float(value) if isinstance(value, decimal.Decimal) else str(value)

    for name in names:
        text = [json.dumps(v, default=plain) if v is not None else None for v in table.column(name).to_pylist()]
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(text, pa.string()))
    return table


def test_a_parquet_members_column_of_json_text_is_named_with_how_to_store_the_list(run, tmp_path: Path) -> None:
    """A `members` column of strings holding `[{"id": …}]` was told it lacks `birth_date` ("add it"): it is named as
    the text column it is, with the pandas and pyarrow ways to store the list itself, and the file those ways
    give is decided as the original."""
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    write_households_parquet(sample(40, seed=4), tmp_path / "h.parquet", load_policy(POST)[0])
    table = pq.read_table(tmp_path / "h.parquet")
    pq.write_table(_as_json_text(table, "members"), tmp_path / "text.parquet")
    result = run("batch", tmp_path / "text.parquet", "-o", tmp_path / "t.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2 and not (tmp_path / "t.jsonl").exists(), result.stderr
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'text.parquet'}: column `members` is a text column (string), where the policy reads a "
        "list of structs, one per member (`id`, `relation`, `birth_date`, …) — most likely its JSON text "
        '(`[{"id": "p1", …}]`), which every row would be refused for: store the value itself, not its text — '
        'pandas: `df["members"] = df["members"].map(json.loads, na_action="ignore")` before `df.to_parquet(…)`; '
        'pyarrow: `table = table.set_column(table.schema.get_field_index("members"), "members", '
        'pa.array([json.loads(s) if s else None for s in table["members"].to_pylist()]))`; or copy the layout of the '
        'file `policy sample '
        '--n 10 -o sample.parquet` writes (`pyarrow.parquet.read_schema("sample.parquet")`)')
    assert "birth_date`, which every member needs" not in result.stderr
    chinese = run("batch", tmp_path / "text.parquet", "-o", tmp_path / "t.jsonl", "--policy", POST, "--lang", "zh")
    assert chinese.stderr.startswith(
        f"错误：{tmp_path / 'text.parquet'}：`members` 列是文本列（string），而政策从中读取的是结构体列表，每位成员一个"
        "（`id`、`relation`、`birth_date` 等）——像是存成了 JSON 文本（`[{\"id\": \"p1\", …}]`），这样每一行都会被拒绝："
        "请存入值本身，而不是它的文本——pandas：`df[\"members\"]"), chinese.stderr
    text = pq.read_table(tmp_path / "text.parquet")  # the pyarrow way the message gives, followed
    fixed = text.set_column(text.schema.get_field_index("members"), "members",
                            pa.array([json.loads(s) if s else None for s in text["members"].to_pylist()]))
    pq.write_table(fixed, tmp_path / "fixed.parquet")
    for name in ("h", "fixed"):
        done = run("batch", tmp_path / f"{name}.parquet", "-o", tmp_path / f"{name}.jsonl", "--policy", POST,
                   "--date", DAY, "--lang", "en")
        assert done.exit_code == 0 and "0 bad records" in done.stderr, done.stderr
    assert (tmp_path / "fixed.jsonl").read_bytes() == (tmp_path / "h.jsonl").read_bytes()


def test_several_parquet_columns_of_json_text_are_one_error_and_amounts_are_read_as_decimals(run, tmp_path):
    """`members`, `income` and `assets` as JSON text (as pandas writes a frame of household dictionaries after
    `json.dumps`): one error naming each, whose recipe reads amounts as decimals — a float would be refused as money."""
    pq = pytest.importorskip("pyarrow.parquet")
    pd = pytest.importorskip("pandas")

    write_households_parquet(sample(40, seed=6), tmp_path / "h.parquet", load_policy(POST)[0])
    pq.write_table(_as_json_text(pq.read_table(tmp_path / "h.parquet"), "members", "income", "assets"),
                   tmp_path / "text.parquet")
    result = run("batch", tmp_path / "text.parquet", "-o", tmp_path / "t.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[:4] == [
        f"error: {tmp_path / 'text.parquet'}: text columns where the policy reads lists and structs, most likely "
        "their JSON text, which every row would be refused for:",
        "  column `members` is a text column (string), where the policy reads a list of structs, one per member "
        "(`id`, `relation`, `birth_date`, …)",
        "  column `income` is a text column (string), where the policy reads a list of structs, one per line "
        "(`type`, `member`, `amount`)",
        "  column `assets` is a text column (string), where the policy reads a struct (`deposits`, `vehicles`, …)"]
    assert lines[4].startswith('store the values themselves, not their text — pandas: `for c in ["members", '
                               '"income", "assets"]: df[c] = df[c].map(lambda s: json.loads(s, '
                               'parse_float=decimal.Decimal), na_action="ignore")` before `df.to_parquet(…)`; ')
    df = pd.read_parquet(tmp_path / "text.parquet")  # the pandas way, followed
    for c in ["members", "income", "assets"]:
        df[c] = df[c].map(lambda s: json.loads(s, parse_float=decimal.Decimal), na_action="ignore")
    df.to_parquet(tmp_path / "fixed.parquet")
    for name in ("h", "fixed"):
        done = run("batch", tmp_path / f"{name}.parquet", "-o", tmp_path / f"{name}.jsonl", "--policy", POST,
                   "--date", DAY, "--lang", "en")
        assert done.exit_code == 0 and "0 bad records" in done.stderr, done.stderr
    assert (tmp_path / "fixed.jsonl").read_bytes() == (tmp_path / "h.jsonl").read_bytes()


def _households_csv_with_members(folder: Path, households: list[dict[str, Any]]) -> None:
    """households.csv with each household's members as JSON text in a column `members`, as `df.to_csv` writes a
    frame of household dictionaries."""
    folder.mkdir()
    with (folder / "households.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "date", "members", "assets.deposits"])
        for h in households:
            out.writerow([h["id"], h["date"], json.dumps(h["members"]), h["assets"]["deposits"]])


def test_a_members_column_of_json_text_in_households_csv_is_named_with_the_table_it_belongs_in(run, tmp_path):
    """Such a table was told `members.csv: not found`, or, with members.csv there, that no policy reads `members`:
    it is named as a column holding lists, with the table its rows belong in, and how to write it."""
    pd = pytest.importorskip("pandas")
    households = sample(12, seed=8)
    _households_csv_with_members(tmp_path / "t", households)
    result = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    said = result.stderr.strip()
    assert said.startswith(
        f"error: {tmp_path / 't' / 'households.csv'}: column `members` holds a list in each cell, most likely its JSON "
        '''text (`[{"id": …}]`), but CSV tables hold no lists: a row of members.csv for each member (household, id, '''
        "relation, birth_date, …); there is no members.csv: write it from the column, then remove the column — "
        'pandas, with `df = pd.read_csv("households.csv", dtype=str, keep_default_na=False)`: `m = '), said
    assert "not found" not in said
    assert said.endswith("`policy sample --n 3 --format csv -o example/` writes the three tables to copy, and JSON "
                         "Lines hold members and lines as lists")
    chinese = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--lang", "zh").stderr
    assert "`members` 列的每个单元格里是一个列表，像是它的 JSON 文本（`[{\"id\": …}]`），但 CSV 表格里放不下" \
           "列表：应在 members.csv 中每位成员写一行（household, id, relation, birth_date, …）；没有 members.csv：" \
           "请根据这一列写出它，再删去这一列——pandas，先 `df = " in chinese, chinese
    # the pandas way the message gives, followed in the folder, with one household's cell left empty
    df = pd.read_csv(tmp_path / "t" / "households.csv", dtype=str, keep_default_na=False)
    df.loc[11, "members"] = ""
    start = '`m = df.assign(members=df["members"].map(lambda s: json.loads(s or "[]"))).explode("members")'
    assert start + '.dropna(subset=["members"]); ' in said
    m = df.assign(members=df["members"].map(lambda s: json.loads(s or "[]"))).explode("members").dropna(
        subset=["members"])
    recipe = ('pd.DataFrame([{k: str(v).lower() if isinstance(v, bool) else v for k, v in p.items()} for p in '
              'm["members"]], dtype=object).assign(household=m["id"].tolist()).to_csv("members.csv", index=False)')
    assert recipe in said
    pd.DataFrame([{k: str(v).lower() if isinstance(v, bool) else v for k, v in p.items()} for p in m["members"]],
                 dtype=object).assign(household=m["id"].tolist()).to_csv(tmp_path / "t" / "members.csv", index=False)
    kept = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--lang", "en").stderr
    assert "members.csv is there: remove the column" in kept, kept  # members.csv written, the column left
    df.drop(columns="members").to_csv(tmp_path / "t" / "households.csv", index=False)
    done = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--lang", "en")
    assert done.exit_code == 2 and "12 households; 11 decisions written" in done.stderr, done.stderr
    decided = [json.loads(line)["household"] for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert decided == [h["id"] for h in households[:11]]
    (bad,) = [json.loads(line) for line in (tmp_path / "d.jsonl.errors.jsonl").read_text().splitlines()]
    assert bad["household"] == households[11]["id"]  # no member: a bad record, not a stop


def test_an_income_column_in_households_csv_is_told_to_go_to_lines_csv_not_removed(run, tmp_path):
    """Removed as a column no policy reads, a column of income lines would leave every household with none."""
    households = sample(5, seed=9)
    write_households_csv(households, tmp_path / "t", load_policy(POST)[0])
    (tmp_path / "t" / "lines.csv").unlink()
    rows = list(csv.reader((tmp_path / "t" / "households.csv").open(encoding="utf-8")))
    with (tmp_path / "t" / "households.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([[*rows[0], "income"]] + [[*r, json.dumps(h["income"])]
                                                               for r, h in zip(rows[1:], households, strict=True)])
    result = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert "column `income` holds a list in each cell, most likely its JSON text (`[{\"type\": …}]`), but CSV " \
           "tables hold no lists: a row of lines.csv for each income line (household, kind (income or expense), " \
           "type, member, amount); there is no lines.csv: write it from the column, then remove the column — " \
           in result.stderr
    assert "no policy reads" not in result.stderr


def _flat_decided_and_copied(run, tmp_path: Path, households: list[dict[str, Any]]) -> tuple[Path, list[Any]]:
    """The households as flat tables in `flat/`, decided into flat.jsonl; a folder `t/` with their members.csv and
    lines.csv, for a households.csv of another layout; and the rows of the flat households.csv."""
    write_households_csv(households, tmp_path / "flat", load_policy(POST)[0])
    expected = run("batch", tmp_path / "flat", "-o", tmp_path / "flat.jsonl", "--policy", POST, "--date", DAY)
    assert expected.exit_code == 0, expected.stderr
    folder = tmp_path / "t"
    folder.mkdir()
    for name in ("members.csv", "lines.csv"):
        (folder / name).write_bytes((tmp_path / "flat" / name).read_bytes())
    return folder, list(csv.DictReader((tmp_path / "flat" / "households.csv").open(encoding="utf-8")))


def test_a_group_column_of_json_text_in_households_csv_is_refused_with_how_to_expand_it(run, tmp_path):
    """A column `assets` holding `{"deposits": 2000, …}` was told it is a column no policy reads, to rename or
    remove; removed, every household would be decided on deposits 0 and the like. It is named with the columns its
    fields belong in, and the pandas line that writes them, which gives the decisions of the tables as written — a
    cell `null` (a household without the group, as `json.dumps` writes None) as the fields' empty cells."""
    pd = pytest.importorskip("pandas")
    households = sample(12, seed=10)
    households[3]["assets"]["deposits"] = decimal.Decimal("2000000.50")  # an amount the line must keep exactly
    households[5]["assets"] = {}  # written flat as empty cells, as JSON text `null`
    folder, rows = _flat_decided_and_copied(run, tmp_path, households)
    with (folder / "households.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        kept = [c for c in rows[0] if not c.startswith("assets.")]
        out.writerow([*kept, "assets"])
        for row, h in zip(rows, households, strict=True):
            assets = {k: (float(v) if isinstance(v, decimal.Decimal) else v) for k, v in h["assets"].items()}
            out.writerow([*(row[c] for c in kept), json.dumps(assets or None)])
    assert ",null\n" in (folder / "households.csv").read_text()
    result = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    said = result.stderr.strip()
    recipe = ('`df.drop(columns=["assets"]).join(pd.DataFrame([{f"{c}.{k}": str(v).lower() if isinstance(v, bool) '
              'else v for c, s in r.items() for k, v in (json.loads(s or "{}", parse_float=str) or {}).items()} for '
              '_, r in df[["assets"]].iterrows()], index=df.index, dtype=object)).to_csv("households.csv", '
              'index=False)`')
    assert said == (
        f"error: {folder / 'households.csv'}: column `assets` holds a group of fields in each cell, most likely its "
        '''JSON text (`{"deposits": …}`), but CSV tables give each field a column of its own: assets.deposits, '''
        "assets.vehicles, assets.extra_houses, assets.registered_business; removed, every household would be decided "
        "on these fields' defaults — pandas, with `df = pd.read_csv(\"households.csv\", dtype=str, "
        f"keep_default_na=False)`: {recipe}; `policy sample --n 3 --format csv -o example/` writes the three tables "
        "to copy"), said
    assert "no policy reads" not in said
    chinese = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--lang", "zh").stderr
    assert "`assets` 列的每个单元格里是一组字段，像是它的 JSON 文本（`{\"deposits\": …}`），但 CSV 表格中每个字段各占" \
           "一列：assets.deposits, assets.vehicles, assets.extra_houses, assets.registered_business；若删去这一列，" \
           "每户都会按这些字段的默认值认定——pandas，先 `df = pd.read_csv(\"households.csv\", dtype=str, " \
           f"keep_default_na=False)`，再 {recipe}；`policy sample" in chinese, chinese
    # the line the message gives, followed in the folder: the same decisions as the tables written flat
    df = pd.read_csv(folder / "households.csv", dtype=str, keep_default_na=False)
    df.drop(columns=["assets"]).join(pd.DataFrame([{f"{c}.{k}": str(v).lower() if isinstance(v, bool) else v
                                                    for c, s in r.items()
                                                    for k, v in (json.loads(s or "{}", parse_float=str) or {}).items()}
                                                   for _, r in df[["assets"]].iterrows()], index=df.index,
                                                  dtype=object)).to_csv(folder / "households.csv", index=False)
    assert "2000000.5" in (folder / "households.csv").read_text()
    done = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "en")
    assert done.exit_code == 0 and "12 households; 12 decisions written" in done.stderr, done.stderr
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "flat.jsonl").read_bytes()


def test_group_columns_beside_some_of_their_fields_written_flat_are_expanded_around_them(run, tmp_path):
    """households.csv with both `assets` as JSON text and a column `assets.deposits` (an export half moved to the
    flat layout): the pandas line's join stopped at the overlapping column. The message names the columns already
    there and the line keeps them, taking only the other fields from the JSON text (none, for `housing`, whose one
    field is there): stale values in the JSON text do not replace them, and the decisions are the flat tables'."""
    pd = pytest.importorskip("pandas")
    households = sample(12, seed=10)
    folder, rows = _flat_decided_and_copied(run, tmp_path, households)
    with (folder / "households.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        kept = ["id", "date", "assets.deposits", "housing.safety_grade", "drinking_water.safe"]
        out.writerow([*kept, "assets", "housing"])
        for row, h in zip(rows, households, strict=True):  # the JSON text's deposits and grade differ from the cells
            stale = {**h["assets"], "deposits": h["assets"]["deposits"] + 10_000_000}
            grade = {"safety_grade": "B" if h["housing"]["safety_grade"] == "A" else "A"}
            out.writerow([*(row[c] for c in kept), json.dumps(stale), json.dumps(grade)])
    result = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    recipe = ('`df.drop(columns=["assets", "housing"]).join(pd.DataFrame([{f"{c}.{k}": str(v).lower() if '
              'isinstance(v, bool) else v for c, s in r.items() for k, v in (json.loads(s or "{}", parse_float=str) '
              'or {}).items()} for _, r in df[["assets", "housing"]].iterrows()], index=df.index, dtype=object)'
              '.drop(columns=["assets.deposits", "housing.safety_grade"], errors="ignore")).to_csv("households.csv", '
              'index=False)`')
    assert result.stderr.strip().splitlines() == [
        f"error: {folder / 'households.csv'}: columns that hold JSON text:",
        '  column `assets` holds a group of fields in each cell, most likely its JSON text (`{"deposits": …}`), but '
        "CSV tables give each field a column of its own: assets.deposits, assets.vehicles, assets.extra_houses, "
        "assets.registered_business; removed, every household would be decided on these fields' defaults; "
        "households.csv also has the column assets.deposits: the pandas line keeps it as it is, in place of the same "
        "field in the JSON text, and takes only the other fields from the JSON text",
        '  column `housing` holds a group of fields in each cell, most likely its JSON text (`{"safety_grade": …}`), '
        "but CSV tables give each field a column of its own: housing.safety_grade; removed, every household would be "
        "decided on these fields' defaults; households.csv also has the column housing.safety_grade: the pandas line "
        "keeps it as it is, in place of the same field in the JSON text, and only removes the column",
        f'pandas, with `df = pd.read_csv("households.csv", dtype=str, keep_default_na=False)`: {recipe}; '
        "`policy sample --n 3 --format csv -o example/` writes the three tables to copy"], result.stderr
    chinese = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--lang", "zh").stderr
    assert "认定；households.csv 中同时已有 assets.deposits 列：pandas 语句原样保留这一列，不用 JSON 文本中的" \
           "同名字段，只从 JSON 文本中取其余字段\n" in chinese, chinese
    assert "认定；households.csv 中同时已有 housing.safety_grade 列：pandas 语句原样保留这一列，不用 JSON 文本中的" \
           "同名字段，只删去这一列\npandas，先 `df = pd.read_csv(\"households.csv\", dtype=str, " \
           f"keep_default_na=False)`，再 {recipe}；" in chinese, chinese
    # the line the message gives, followed in the folder: the cells written flat stay, the decisions are the flat's
    df = pd.read_csv(folder / "households.csv", dtype=str, keep_default_na=False)
    df.drop(columns=["assets", "housing"]).join(pd.DataFrame([{f"{c}.{k}": str(v).lower() if isinstance(v, bool) else v
                                                               for c, s in r.items()
                                                               for k, v in (json.loads(s or "{}", parse_float=str)
                                                                            or {}).items()}
                                                              for _, r in df[["assets", "housing"]].iterrows()],
                                                             index=df.index, dtype=object)
                                                .drop(columns=["assets.deposits", "housing.safety_grade"],
                                                      errors="ignore")).to_csv(folder / "households.csv", index=False)
    written = list(csv.DictReader((folder / "households.csv").open(encoding="utf-8")))
    assert sorted(written[0]) == sorted(rows[0])
    assert [{c: r[c] for c in rows[0]} for r in written] == rows
    done = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "en")
    assert done.exit_code == 0 and "12 households; 12 decisions written" in done.stderr, done.stderr
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "flat.jsonl").read_bytes()


def test_a_group_column_beside_a_members_column_is_named_with_it(run, tmp_path):
    households = sample(3, seed=12)
    folder = tmp_path / "t"
    folder.mkdir()
    with (folder / "households.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "members", "housing"])
        for h in households:
            out.writerow([h["id"], json.dumps(h["members"]), json.dumps(h["housing"])])
    result = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error: {folder / 'households.csv'}: columns that hold JSON text:", lines
    assert lines[1].startswith("  column `members` holds a list in each cell"), lines
    assert lines[2] == ('  column `housing` holds a group of fields in each cell, most likely its JSON text '
                        '(`{"safety_grade": …}`), but CSV tables give each field a column of its own: '
                        "housing.safety_grade; removed, every household would be decided on these fields' defaults")
    assert '.to_csv("members.csv", index=False)`; `df.drop(columns=["housing"])' in lines[3], lines
    assert "not found" not in result.stderr


def test_dates_a_spreadsheet_wrote_are_said_once_for_the_column_and_each_record_is_still_refused(run, tmp_path):
    """CSV tables whose `birth_date` Excel wrote as `1996/11/30`: the errors file keeps each record with its own help,
    and the summary says once, under the problem, which column, how many records, the first value and row, and to
    write YYYY-MM-DD by the column's format in Excel — across chunks and workers, in both languages and in
    `--summary`. A date that does not exist (month 13) is the same problem, but not counted as a spreadsheet's."""
    items = sample(60, seed=11)
    slashed = [k for k in range(60) if k % 4 == 1]
    for k in slashed:
        for m in items[k]["members"]:
            year, month, day = m["birth_date"].split("-")
            m["birth_date"] = f"{year}/{int(month)}/{int(day)}"
    items[2]["members"][0]["birth_date"] = "1952-13-01"
    write_households_csv(items, tmp_path / "t", load_policy(POST)[0])
    result = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "-j", 2,
                 "--chunk-size", 10, "--summary", tmp_path / "run.json", "--lang", "en")
    assert result.exit_code == 2, result.stderr
    members = tmp_path / "t" / "members.csv"
    rows = list(csv.DictReader(members.open(encoding="utf-8")))
    first_row = next(i for i, r in enumerate(rows) if "/" in r["birth_date"]) + 2  # the header is line 1
    first = rows[first_row - 2]["birth_date"]
    year, month, day = first.split("/")
    said = result.stderr.splitlines()
    start = said.index("bad records by problem (a record counts once for each problem it has, however many times it "
                       "has it):")
    assert said[start + 1:start + 3] == [
        f'  16  H002 members[].birth_date — e.g. {members}:{first_row}: "{first}" is not a date (YYYY-MM-DD)',
        f"      column `birth_date` of members.csv: 15 records write dates as {first} (the first: {members}:"
        f"{first_row}), which is not read as a date: write them as YYYY-MM-DD ({year}-{int(month):02}-{int(day):02}) "
        "— in Excel, set the column's format to yyyy-mm-dd (Format Cells → Custom) before exporting"]
    bad = [json.loads(line) for line in (tmp_path / "d.jsonl.errors.jsonl").read_text().splitlines()]
    assert len(bad) == 16  # each record refused, on its own line, with its own help
    dated = [d for entry in bad for d in entry["diagnostics"] if "/" in d["message"]]
    assert len(dated) == sum(len(items[k]["members"]) for k in slashed)
    assert all(d["help"].startswith("write `") and d["zh"]["help"].startswith("应写作 `") for d in dated)
    problem = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["problems"][0]
    assert problem["records"] == 16 and problem["dates_written_otherwise"] == {
        "records": 15, "first": {"file": f"{members}:{first_row}", "value": first}, "help": said[start + 2].strip()}
    chinese = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY,
                  "--lang", "zh").stderr.splitlines()
    meant = f"{year}-{int(month):02}-{int(day):02}"
    assert f"      members.csv 的 `birth_date` 列：有 15 条记录把日期写成了 {first} 这样（第一条：" \
           f"{members}:{first_row}），这样写不会被当作日期读取：请写成 YYYY-MM-DD（{meant}）——在 Excel 中，" \
           "导出前先把这一列的格式设为 yyyy-mm-dd（设置单元格格式 → 自定义）" in chinese, chinese


def test_a_spreadsheets_dates_in_json_lines_named_like_a_csv_file_are_said_of_the_json_path(run, tmp_path):
    """The column is named by the form of the input read (JSON Lines here), not guessed from its file's name: no
    table's column, and no Excel format to set."""
    items = sample(3, seed=11)
    for h in items[1:]:
        h["members"][0]["birth_date"] = "1990/1/2"
    source = tmp_path / "export.csv.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    result = run("batch", source, "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert f"     `members[].birth_date`: 2 records write dates as 1990/1/2 (the first: {source}:2), which is not " \
           "read as a date: write them as YYYY-MM-DD (1990-01-02)" in result.stderr.splitlines(), result.stderr
    assert "Excel" not in result.stderr


def test_spreadsheet_dates_add_up_across_chunks_and_journals_of_every_age():
    """Chunks, Spark batches and a resumed run's journal add their problems up: the records with a spreadsheet's dates
    too, whichever came first; a journal written before they were kept (three or four items) still reads."""
    from engine.batch.problems import Problems
    from engine.diagnostics import Diagnostic

    def entry(source: str, value: str) -> tuple[str, list[Diagnostic]]:
        return source, [Diagnostic("H002", f'"{value}" is not a date (YYYY-MM-DD)', path=f"members[{k}].birth_date",
                                   source_file="m.csv:" + source[2:], not_a_date=value) for k in range(2)]

    first = Problems.of_records([entry("h:2", "1990-13-01"), entry("h:3", "1990/1/2")])
    assert first.found["H002 members[].birth_date"] == [2, "m.csv:2", '"1990-13-01" is not a date (YYYY-MM-DD)',
                                                        '"1990-13-01" is not a date (YYYY-MM-DD)', [1, "m.csv:3",
                                                                                                    "1990/1/2"]]
    old = Problems()
    old.add({"H002 members[].birth_date": [4, "m.csv:9", "x"]})  # a journal of three items
    old.add(json.loads(json.dumps(first.found)))  # as the journal and Spark's rows carry them
    old.add(Problems.of_records([entry("h:7", "2.1.1990")]))
    assert old.found["H002 members[].birth_date"] == [7, "m.csv:9", "x", "x", [2, "m.csv:3", "1990/1/2"]]
    assert old.said("csv")[1] == ("     column `birth_date` of m.csv: 2 records write dates as 1990/1/2 (the first: "
                             "m.csv:3), which is not read as a date: write them as YYYY-MM-DD (1990-01-02) — in "
                             "Excel, set the column's format to yyyy-mm-dd (Format Cells → Custom) before exporting")
    assert Problems.of_records([entry("h:2", "1990-13-01")]).dates_said("H002 members[].birth_date", "csv") is None
    alone = Problems.of_records([entry("h:5", "1990/1/2")]).dates_said("H002 members[].birth_date", "json")
    assert alone is not None and alone.en == ("`members[].birth_date`: 1 record writes a date as 1990/1/2 (the first: "
                                              "m.csv:5), which is not read as a date: write it as YYYY-MM-DD "
                                              "(1990-01-02)")


def test_json_files_beside_csv_tables_are_named_as_not_read_with_how_to_decide_them(run, tmp_path):
    """A folder holding households.csv is read for its tables alone: an export of the month as JSON Lines left in it
    was passed over without a word, its households never decided. The note names the files and the run for them."""
    households = sample(4, seed=13)
    folder = tmp_path / "t"
    write_households_csv(households[:3], folder, load_policy(POST)[0])
    (folder / "late.jsonl").write_text(json.dumps(households[3], default=str) + "\n", encoding="utf-8")
    result = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "en",
                 "--summary", tmp_path / "run.json")
    assert result.exit_code == 0, result.stderr
    note = (f"{folder} is read as CSV tables; the 1 JSON file it also holds is not read: late.jsonl (to decide its "
            f"households, run on it separately: `policy batch {folder / 'late.jsonl'} -o …`)")
    assert f"note: {note}" in result.stderr.splitlines(), result.stderr
    assert "3 households; 3 decisions written" in result.stderr
    assert {"level": "note", "message": note} in json.loads((tmp_path / "run.json").read_text())["notes"]
    separately = run("batch", folder / "late.jsonl", "-o", tmp_path / "late.jsonl", "--policy", POST, "--date", DAY,
                     "--lang", "en")
    assert separately.exit_code == 0 and "1 household; 1 decision written" in separately.stderr, separately.stderr
    (folder / "2026-04.json").write_text(json.dumps([households[3]], default=str), encoding="utf-8")
    zh = run("batch", folder, "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "zh").stderr
    said = (f"注意：{folder} 按 CSV 表格读取；其中另有 2 个 JSON 文件未读取：2026-04.json、late.jsonl"
            "（要认定其中的家庭，请把它们移到单独的文件夹中，另行运行：`policy batch 文件夹 -o …`）")
    assert said in zh.splitlines(), zh
    # households.csv given itself: the folder is not what was asked for, and nothing is said of it
    alone = run("batch", folder / "households.csv", "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY,
                "--lang", "en")
    assert alone.exit_code == 0 and "JSON" not in alone.stderr, alone.stderr


def test_values_in_an_exports_own_words_are_told_in_the_summary_what_to_write(run, tmp_path):
    """A county's members.csv with `户主` and `男` where the policy reads `head` and `male`: every household is
    refused, and the summary says, beside each column's example, the value to write as a cell holds it (it was in
    the errors file alone, in JSON's quotes), then the `--rename-value` that reads both words, which runs."""
    items = sample(12, seed=5)
    write_households_csv(items, tmp_path / "t", load_policy(POST)[0])
    members = tmp_path / "t" / "members.csv"
    text = members.read_text(encoding="utf-8").replace(",head,", ",户主,").replace(",male,", ",男,")
    members.write_text(text, encoding="utf-8")
    common = ("-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY)
    result = run("batch", tmp_path / "t", *common, "--lang", "en")
    assert result.exit_code == 2
    said = f'H002 members[].relation — e.g. {members}:2: "户主" is not one of the allowed values; write `head` ' \
        "(户主); or read `户主` as `head` with --rename-value 户主=head\n"
    assert said in result.stderr, result.stderr
    assert result.stderr.endswith("help: to read the export's words for values as the values they stand for, run "
                                  "again with --rename-value 户主=head,男=male\n"), result.stderr
    chinese = run("batch", tmp_path / "t", *common, "--lang", "zh")
    said = f'H002 members[].relation — 例如 {members}:2："户主" 不是允许的取值；应写作 `head`（户主）；或把 ' \
        "`户主` 读作 `head`：加上 --rename-value 户主=head\n"
    assert said in chinese.stderr, chinese.stderr
    bad = json.loads((tmp_path / "d.jsonl.errors.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert bad["diagnostics"][0]["help"] == \
        "write `head` (户主); or read `户主` as `head` with --rename-value 户主=head"
    offered = run("batch", tmp_path / "t", *common, "--rename-value", "户主=head", "--lang", "en")  # the pairs given
    assert offered.stderr.endswith("run again with --rename-value 户主=head,男=male\n"), offered.stderr
    following = run("batch", tmp_path / "t", *common, "--rename-value", "户主=head,男=male")  # as the help says
    assert following.exit_code == 0, following.stderr


@pytest.mark.parametrize(("written", "meant"), [("03/30/1990", "1990-03-30"), ("30.03.1990", "1990-03-30"),
                                                ("3/1/1990", None)])
def test_a_spreadsheets_dates_with_the_year_last_are_offered_where_they_can_be_only_one_day(run, tmp_path, written,
                                                                                           meant):
    """A `birth_date` column Excel wrote with the year last (`03/30/1990`) was told to be YYYY-MM-DD with no date
    offered, where each record's own help and `--date` offer `1990-03-30`; `3/1/1990`, the 1st of March or the 3rd
    of January, is not guessed."""
    items = sample(4, seed=11)
    for h in items[1:]:
        for m in h["members"]:
            m["birth_date"] = written
    write_households_csv(items, tmp_path / "t", load_policy(POST)[0])
    result = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "en",
                 "--summary", tmp_path / "run.json")
    assert result.exit_code == 2, result.stderr
    column = next(line for line in result.stderr.splitlines() if "column `birth_date` of members.csv" in line)
    fix = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["problems"][0]["dates_written_otherwise"]
    if meant is None:
        assert "write them as YYYY-MM-DD — in Excel" in column and "1990-" not in column, column
        assert "1990-" not in fix["help"]
    else:
        assert f"write them as YYYY-MM-DD ({meant}) — in Excel" in column, column
        assert f"({meant})" in fix["help"]
    chinese = run("batch", tmp_path / "t", "-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY, "--lang", "zh")
    assert ("请写成 YYYY-MM-DD——在 Excel" if meant is None else f"请写成 YYYY-MM-DD（{meant}）——在 Excel") \
        in chinese.stderr, chinese.stderr


@pytest.mark.parametrize(("others", "offered"), [
    (["03/30/1990"], " (1990-03-01: the column's dates put the month first, as 03/30/1990 does) — in Excel"),
    (["30/03/1990"], " (1990-01-03: the column's dates put the day first, as 30/03/1990 does) — in Excel"),
    (["03/30/1990", "30/03/1990"], " — in Excel"),  # both orders: no guess
    (["12/12/1990", "2/2/1990"], " — in Excel"),  # no order shown: no guess
])
def test_a_year_last_column_whose_first_date_is_either_day_is_offered_the_order_its_other_dates_show(
        run, tmp_path, others, offered):
    """`3/1/1990` first in a `birth_date` column whose other dates are `03/30/1990` got no date offered, where the
    column shows the month comes first: the line now offers `1990-03-01` and says why, by the first date that shows the
    order; a column that shows both orders, or none, is not guessed. Each record keeps its own help."""
    items = sample(4, seed=11)
    for k, h in enumerate(items[1:]):
        for m in h["members"]:
            m["birth_date"] = "3/1/1990" if k == 0 else others[(k - 1) % len(others)]
    write_households_csv(items, tmp_path / "t", load_policy(POST)[0])
    common = ("-o", tmp_path / "d.jsonl", "--policy", POST, "--date", DAY)
    result = run("batch", tmp_path / "t", *common, "--lang", "en", "--summary", tmp_path / "run.json")
    assert result.exit_code == 2, result.stderr
    column = next(line for line in result.stderr.splitlines() if "column `birth_date` of members.csv" in line)
    assert "write dates as 3/1/1990" in column and column.endswith(
        f"write them as YYYY-MM-DD{offered}, set the column's format to yyyy-mm-dd (Format Cells → Custom) before "
        "exporting"), column
    fix = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["problems"][0]["dates_written_otherwise"]
    assert fix["first"]["value"] == "3/1/1990" and offered.removesuffix(" — in Excel") in fix["help"], fix
    first = json.loads((tmp_path / "d.jsonl.errors.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "1990-01-03" not in json.dumps(first) and "1990-03-01" not in json.dumps(first)  # its own help: no guess
    chinese = run("batch", tmp_path / "t", *common, "--lang", "zh")
    said = {" — in Excel": "请写成 YYYY-MM-DD——在 Excel",
            " (1990-03-01": "请写成 YYYY-MM-DD（1990-03-01：这一列的日期先写月、再写日，如 03/30/1990）——在 Excel",
            " (1990-01-03": "请写成 YYYY-MM-DD（1990-01-03：这一列的日期先写日、再写月，如 30/03/1990）——在 Excel"}
    assert said[offered[:12] if offered.startswith(" (") else offered] in chinese.stderr, chinese.stderr


def test_the_order_a_year_last_column_shows_adds_up_across_chunks_and_journals():
    """A chunk whose first date is `3/1/1990` and another whose dates show the month first (`03/30/1990`), added up
    as a run's chunks, a Spark batch's rows and a resumed run's journal are, offer `1990-03-01` for the column."""
    from engine.batch.problems import Problems
    from engine.diagnostics import Diagnostic

    def entry(source: str, value: str) -> tuple[str, list[Diagnostic]]:
        return source, [Diagnostic("H002", f'"{value}" is not a date (YYYY-MM-DD)', path="members[0].birth_date",
                                   source_file="m.csv:" + source[2:], not_a_date=value)]

    key = "H002 members[].birth_date"
    run = Problems.of_records([entry("h:2", "3/1/1990")])
    assert run.dates_said(key, "json") is not None and "1990-03-01" not in run.dates_said(key, "json").en
    run.add(json.loads(json.dumps(Problems.of_records([entry("h:3", "2/2/1990"), entry("h:4", "03/30/1990")]).found)))
    said = run.dates_said(key, "json")
    assert said is not None and said.en.endswith(
        "write them as YYYY-MM-DD (1990-03-01: the column's dates put the month first, as 03/30/1990 does)"), said
    run.add(Problems.of_records([entry("h:5", "30.03.1990")]))  # the day first too: no guess
    said = run.dates_said(key, "json")
    assert said is not None and said.en.endswith("write them as YYYY-MM-DD"), said
