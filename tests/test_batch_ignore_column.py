"""`policy batch --ignore-column`: an export's own columns left out of every household, in every input form and on
every route, while any other unknown column is still refused and no column a policy reads can be ignored."""

from __future__ import annotations

import copy
import csv
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from engine.batch.csv_tables import write_households_csv
from engine.batch.ignored import arrow_without, without_ignored
from engine.batch.parquet_layout import write_households_parquet
from engine.loader import load_policy
from engine.sample import households
from tests.helpers import POST, glued_options, sent_row_by_row, with_columns_of_its_own

DAY = "2026-03-01"
OLD = "policy/2024-transition.yaml"
IGNORED = "phone,name,note,assets.note"


def _sample(n: int = 60) -> list[dict[str, Any]]:
    return list(households(n, 11, datetime.date.fromisoformat(DAY)))


def _with_extras(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The households with fields no policy reads: a phone, each member's name, a note on each line and in assets."""
    out = copy.deepcopy(items)
    for i, h in enumerate(out):
        h["phone"] = f"1380000{i:04d}"
        h.setdefault("assets", {})["note"] = {"checked": True, "by": "村委会"}  # keys within an ignored value too
        for m in h["members"]:
            m["name"] = "张三"
        for line in h.get("income", []) + h.get("expenses", []):
            line["note"] = "年度"
    return out


def _jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    return path


def _add_column(table: Path, name: str, value: str) -> None:
    rows = list(csv.reader(table.open(encoding="utf-8", newline="")))
    with table.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([[*rows[0], name], *([*row, value] for row in rows[1:])])


def _tables(folder: Path, items: list[dict[str, Any]], extras: bool) -> Path:
    write_households_csv(items, folder, load_policy(POST)[0])
    if extras:
        _add_column(folder / "households.csv", "phone", "13800000000")
        _add_column(folder / "households.csv", "assets.note", "核实")
        _add_column(folder / "members.csv", "name", "张三")
        _add_column(folder / "lines.csv", "note", "年度, 估算")
    return folder


def _decided(run: Any, source: Path, out: Path, *more: Any) -> bytes:
    result = run("batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1, *more)
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


@pytest.mark.parametrize("route", ["columns", "row by row"])
def test_csv_tables_with_an_exports_own_columns_decide_as_without_them(run, tmp_path, route):
    items = _sample()
    want = _decided(run, _tables(tmp_path / "clean", items, False), tmp_path / "want.jsonl")
    folder = _tables(tmp_path / "extra", items, True)
    if route == "row by row":
        sent_row_by_row(folder)
    refused = run("batch", folder, "-o", tmp_path / "no.jsonl", "--policy", POST, "--lang", "en")
    assert refused.exit_code == 2, refused.stderr
    # `assets.note` is no slip of `assets.deposits`, which the file has: offered to ignore with `phone`
    assert "households.csv: columns no policy reads: `phone`, `assets.note`; the columns a policy reads are " \
        in refused.stderr, refused.stderr
    assert "help: if no policy is to read them (an export's own columns), leave them out of every household: " \
           "--ignore-column phone,assets.note,name,note\n" in refused.stderr  # every table's, in one run
    assert _decided(run, folder, tmp_path / "got.jsonl", "--ignore-column", IGNORED) == want


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_json_lines_with_fields_no_policy_reads_decide_as_without_them(run, tmp_path, engine):
    items = _sample()
    want = _decided(run, _jsonl(tmp_path / "clean.jsonl", items), tmp_path / "want.jsonl", "--engine", engine)
    extra = _jsonl(tmp_path / "extra.jsonl", _with_extras(items))
    got = _decided(run, extra, tmp_path / "got.jsonl", "--engine", engine, "--ignore-column", "phone",
                   "--ignore-column", "name, note,assets.note,",  # repeated, spaced, a comma at the end
                   "--summary", tmp_path / "run.json")
    assert got == want
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert summary["ignored_columns"] == ["assets.note", "name", "note", "phone"]


def test_another_unknown_field_is_still_a_bad_record_and_the_help_adds_it(run, tmp_path):
    items = _with_extras(_sample(6))
    items[2]["phonee"] = "1"
    out = tmp_path / "out.jsonl"
    result = run("batch", _jsonl(tmp_path / "in.jsonl", items), "-o", out, "--date", DAY, "--policy", POST,
                 "--lang", "en", "--ignore-column", IGNORED)
    assert result.exit_code == 2
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    assert "H002 (the household) — e.g." in result.stderr and "unknown field `phonee`" in result.stderr
    assert "help: if no policy is to read `phonee` (an export's own field), run again with --ignore-column " \
           "assets.note,name,note,phone,phonee to leave it out of every household" in result.stderr
    plain = run("batch", _jsonl(tmp_path / "x.jsonl", _with_extras(_sample(2))), "-o", tmp_path / "x.out.jsonl",
                "--date", DAY, "--policy", POST, "--lang", "en")
    assert "run again with --ignore-column name,note,assets.note,phone to leave them" in plain.stderr, plain.stderr


def test_a_misspelt_field_is_told_what_it_means_under_the_tally_and_never_offered_to_ignore(run, tmp_path):
    """`"deposit"` for `"deposits"`: ignored, every household would be decided with no deposits."""
    items = _sample(6)
    items[2]["assets"]["deposit"] = items[2]["assets"].pop("deposits")
    households = _jsonl(tmp_path / "in.jsonl", items)
    result = run("batch", households, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "--lang", "en")
    assert result.exit_code == 2
    assert "H002 assets — e.g. " in result.stderr
    assert ": unknown field `deposit` (did you mean `deposits`?)\n" in result.stderr, result.stderr
    assert "--ignore-column" not in result.stderr
    zh = run("batch", households, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "--lang", "zh")
    assert "：未知字段 `deposit`（是不是 `deposits`？）\n" in zh.stderr, zh.stderr
    diff = run("diff", OLD, POST, "--households", households, "--lang", "en")
    assert "--ignore-column" not in diff.stderr, diff.stderr


def test_parquet_with_columns_and_member_fields_no_policy_reads_decides_as_without_them(run, tmp_path):
    items = _sample()
    clean = tmp_path / "clean.parquet"
    write_households_parquet(items, clean, load_policy(POST)[0])
    want = _decided(run, clean, tmp_path / "want.jsonl")
    extra = with_columns_of_its_own(clean, tmp_path / "extra.parquet")
    refused = run("batch", extra, "-o", tmp_path / "no.jsonl", "--policy", POST, "--lang", "en",
                  "--ignore-column", "phone")
    assert refused.exit_code == 2 and "column `members`: a column no policy reads: `name`;" in refused.stderr
    assert "--ignore-column phone,name\n" in refused.stderr
    assert _decided(run, extra, tmp_path / "got.jsonl", "--ignore-column", "phone,name") == want
    assert _decided(run, extra, tmp_path / "exact.jsonl", "--ignore-column", "phone,name", "--engine", "exact") == want


def test_parquet_says_every_column_and_field_of_its_own_in_one_run_with_one_offer(run, tmp_path):
    """A column `phone` and the members' field `name`: both told in the first run, as CSV tables tell every table's,
    with one `--ignore-column` that leaves out both."""
    clean = tmp_path / "clean.parquet"
    write_households_parquet(_sample(4), clean, load_policy(POST)[0])
    extra = with_columns_of_its_own(clean, tmp_path / "extra.parquet")
    for lang, one, other in (("en", ": a column no policy reads: `phone`;",
                              "column `members`: a column no policy reads: `name`;"),
                             ("zh", "：`phone` 不是任何政策读取的列；",
                              "的 `members` 列：`name` 不是任何政策读取的列；")):
        refused = run("batch", extra, "-o", tmp_path / "no.jsonl", "--policy", POST, "--lang", lang)
        assert refused.exit_code == 2 and one in refused.stderr and other in refused.stderr, refused.stderr
        assert refused.stderr.count("--ignore-column") == 1 and "--ignore-column phone,name\n" in refused.stderr
    assert _decided(run, extra, tmp_path / "got.jsonl", "--ignore-column", "phone,name") == \
        _decided(run, clean, tmp_path / "want.jsonl")


@pytest.mark.parametrize(("name", "why"), [
    ("relation", "`relation` (a member input the policy reads) cannot be ignored"),
    ("deposits", "`deposits` (the name of `assets.deposits`, which the policy reads) cannot be ignored"),
    ("assets", "`assets` (the group of `assets.deposits`, which the policy reads) cannot be ignored"),
    ("amount", "`amount` (the household format's own) cannot be ignored"),
])
def test_a_column_a_policy_reads_cannot_be_ignored(run, tmp_path, name, why):
    source = _jsonl(tmp_path / "in.jsonl", _sample(2))
    result = run("batch", source, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en",
                 "--ignore-column", f"phone,{name}")
    assert result.exit_code == 2 and why in result.stderr, result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    zh = run("batch", source, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "zh", "--ignore-column",
             f"phone,{name}")
    assert zh.exit_code == 2 and glued_options(zh.stderr) == [], zh.stderr  # the option copied without `：`


def test_ignored_fields_are_taken_out_at_every_level_and_counted_with_the_keys_within():
    data = {"id": "h", "phone": "1", "assets": {"deposits": 1, "note": {"a": 1, "b": [{"c": 2}]}},
            "members": [{"id": "p", "name": "x"}, {"id": "q"}], "income": [{"type": "t", "amount": 1, "note": 2}]}
    assert without_ignored(data, frozenset({"phone", "name", "note", "assets.note"})) == 1 + 4 + 1 + 1
    assert data == {"id": "h", "assets": {"deposits": 1}, "members": [{"id": "p"}, {"id": "q"}],
                    "income": [{"type": "t", "amount": 1}]}
    assert without_ignored(["not", "a", "household"], frozenset({"phone"})) == 0


def test_arrow_tables_lose_the_ignored_columns_and_struct_fields():
    import pyarrow as pa

    table = pa.table({"id": ["h"], "phone": ["1"], "assets": [{"deposits": 1, "note": "x"}],
                      "members": [[{"id": "p", "name": "x"}]]})
    out = arrow_without(table, frozenset({"phone", "name", "assets.note"}))
    assert out.to_pylist() == [{"id": "h", "assets": {"deposits": 1}, "members": [{"id": "p"}]}]
    assert arrow_without(table, frozenset()) is table


def test_eval_picks_a_household_out_of_an_export_with_columns_of_its_own(run, tmp_path):
    items = _sample(8)
    clean, extra = _tables(tmp_path / "clean", items, False), _tables(tmp_path / "extra", items, True)
    hid = items[3]["id"]
    want = run("eval", clean, "--household", hid, "--date", DAY, "--policy", POST, "--lang", "en", "--explain")
    assert want.exit_code == 0, want.stderr
    refused = run("eval", extra, "--household", hid, "--date", DAY, "--policy", POST, "--lang", "en")
    assert refused.exit_code == 2
    assert "help: if no policy is to read them (an export's own columns), leave them out of every household: " \
           "--ignore-column phone,assets.note" in refused.stderr
    got = run("eval", extra, "--household", hid, "--date", DAY, "--policy", POST, "--lang", "en", "--explain",
              "--ignore-column", IGNORED)
    assert got.exit_code == 0, got.stderr
    assert got.stdout == want.stdout
    one = _jsonl(tmp_path / "one.json", _with_extras(items[:1]))
    assert run("eval", one, "--date", DAY, "--policy", POST, "--ignore-column", IGNORED, "--format", "json").stdout \
        == run("eval", _jsonl(tmp_path / "clean.json", items[:1]), "--date", DAY, "--policy", POST,
               "--format", "json").stdout
    said = run("eval", one, "--policy", POST, "--lang", "en", "--ignore-column", "phone,birth_date")
    assert said.exit_code == 2 and "`birth_date` (a member input the policy reads) cannot be ignored" in said.stderr
    broken = tmp_path / "policies"
    broken.mkdir()
    (broken / "x.yaml").write_text("policy: [\n", encoding="utf-8")
    stopped = run("eval", one, "--policy-dir", broken, "--lang", "en", "--ignore-column", "phone")
    assert stopped.exit_code == 2 and "has 1 error, so no household was decided" in stopped.stderr, stopped.stderr


def test_arrow_reads_json_lines_with_ignored_fields_and_leaves_only_a_line_with_another_unknown_one():
    from engine.batch.json_intake import parse_lines

    items = _with_extras(_sample(8))
    items[5]["phonee"] = "1"
    lines = [json.dumps(h, ensure_ascii=False).encode() for h in items]
    parsed = parse_lines(lines, [load_policy(POST)[0]], frozenset(IGNORED.split(",")))
    assert parsed is not None and parsed.rest == [5]
    assert parsed.lines == [0, 1, 2, 3, 4, 6, 7] and parsed.table.num_rows == 7
    assert parsed.table.schema.equals(parse_lines(lines[:1], [load_policy(POST)[0]], frozenset(
        IGNORED.split(","))).table.schema) and "phone" not in parsed.table.column_names
    assert parse_lines(lines, [load_policy(POST)[0]]).rest == list(range(8))  # without the option, none is read


def _impact_of(run: Any, source: Path, *more: Any) -> tuple[dict[str, Any], str]:
    """`policy diff --households` of the two shipped versions as JSON: the impact without where each household is
    (the sources differ between forms), and standard error."""
    result = run("diff", OLD, POST, "--households", source, "--date", DAY, "--lang", "en", "--format", "json", *more)
    assert result.exit_code == 1, result.stderr
    impact = json.loads(result.stdout)["impact"]
    for change in impact["changed"]:
        del change["source"]
    return impact, result.stderr


def test_diff_decides_an_export_with_columns_of_its_own_as_without_them(run, tmp_path):
    items = _sample(200)
    want, _ = _impact_of(run, _jsonl(tmp_path / "clean.jsonl", items))
    assert want["changed"]  # the versions move some of these households
    clean_parquet = tmp_path / "clean.parquet"
    write_households_parquet(items, clean_parquet, load_policy(POST)[0])
    extra_parquet = with_columns_of_its_own(clean_parquet, tmp_path / "extra.parquet")
    note = {"level": "note",
            "message": "left out of every household (`--ignore-column`): `phone`, `name`, `note`, `assets.note`"}
    for source in (_jsonl(tmp_path / "extra.jsonl", _with_extras(items)), _tables(tmp_path / "tables", items, True),
                   extra_parquet):
        got, said = _impact_of(run, source, "--ignore-column", "phone,name", "--ignore-column", "note,assets.note")
        assert note in got["notes"] and note not in want["notes"], source
        got["notes"].remove(note)
        assert got == want, source
        assert said.count("left out of every household (`--ignore-column`)") == 1  # said once, on standard error
        assert got["bad"] == []


def test_diff_without_the_option_refuses_the_columns_and_says_how_to_leave_them_out(run, tmp_path):
    items = _sample(20)
    tables = run("diff", OLD, POST, "--households", _tables(tmp_path / "tables", items, True), "--lang", "en")
    assert tables.exit_code == 2, tables.stderr
    assert "households.csv: columns no policy reads: `phone`, `assets.note`" in tables.stderr
    assert "help: if no policy is to read them (an export's own columns), leave them out of every household: " \
           "--ignore-column phone,assets.note,name,note\n" in tables.stderr
    lines = run("diff", OLD, POST, "--households", _jsonl(tmp_path / "extra.jsonl", _with_extras(items)),
                "--date", DAY, "--lang", "en", "--ignore-column", "phone")
    assert lines.exit_code == 1, lines.stderr  # every record refused: counted in the report, never fatal
    assert "note: 20 household records could not be evaluated; see the report" in lines.stderr
    assert "help: if no policy is to read `name`, `note`, `assets.note` (an export's own fields), run again with " \
           "--ignore-column phone,name,note,assets.note to leave them out of every household" in lines.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["--ignore-column", "phone"], "--ignore-column leaves columns out of the households of --households: give "
                                   "--households too"),
    (["--households", "examples/households", "--ignore-column", "phone,birth_date"],
     "`birth_date` (a member input the policy reads) cannot be ignored"),
])
def test_diff_refuses_an_ignore_column_it_cannot_use(run, args, said):
    result = run("diff", OLD, POST, *args, "--lang", "en")
    assert result.exit_code == 2 and said in result.stderr, result.stderr


def _renamed_column(table: Path, old: str, new: str) -> None:
    head, rest = table.read_text(encoding="utf-8").split("\n", 1)
    table.write_text(",".join(new if name == old else name for name in head.split(",")) + "\n" + rest,
                     encoding="utf-8")


@pytest.mark.parametrize(("table", "old", "new", "said", "hint", "hint_zh"), [
    ("households.csv", "id", "家庭编号", "no column `id`, which every row needs; the columns a policy reads are id, "
                                        "date, ",
     "drinking_water.safe\n  help: if one of `家庭编号`, `phone` holds `id`, rename it `id`\n",  # (which: not plain)
     "提示：如果 `家庭编号`、`phone` 中有一列就是 `id`，请把它改名为 `id`\n"),
    # the policy's Chinese label of the column is the export's header: said as what it is
    ("members.csv", "birth_date", "出生日期", "no column `birth_date`, which every row needs;",
     "— `出生日期`: the label of `birth_date`\n  help: rename `出生日期` to `birth_date`, in the file or with "
     "`--rename-column 出生日期=birth_date`. If no policy is to read `phone` (an export's own column), leave it out of "
     "every household: --ignore-column phone\n",
     "——`出生日期`：`birth_date` 的标签\n  提示：请把 `出生日期` 改名为 `birth_date`（在文件中改，或加上 "
     "`--rename-column 出生日期=birth_date`）。如果 `phone` 本就不该由政策读取（导出时附带的列），可在每户中略去："
     "--ignore-column phone\n"),
])
def test_a_needed_column_under_the_exports_own_name_is_to_rename_not_to_ignore(run, tmp_path, table, old, new,
                                                                                said, hint, hint_zh):
    """A county's system names the id column its own way (`家庭编号`): the refusal says the needed column is
    missing and which columns may hold it, and offers no --ignore-column, after which every row would lack it; where
    a label names the one that holds it, the export's other columns are offered to leave out in the same run."""
    folder = _tables(tmp_path / "t", _sample(4), False)
    _renamed_column(folder / table, old, new)
    _add_column(folder / table, "phone", "13800000000")
    result = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2
    assert said in result.stderr, result.stderr
    assert hint in result.stderr, result.stderr
    assert ("leave it out of every household: --ignore-column phone\n" in result.stderr) == (table == "members.csv")
    assert result.stderr.count("--ignore-column") == (table == "members.csv")
    assert result.stderr.count("help: ") == 1, result.stderr  # (the rename, and the other column to leave out)
    zh = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "zh")
    assert hint_zh in zh.stderr and zh.stderr.count("提示：") == 1, zh.stderr
    _renamed_column(folder / table, new, old)  # renamed back: only the export's own column is left, to ignore
    fixed = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert fixed.exit_code == 2 and "leave it out of every household: --ignore-column phone\n" in fixed.stderr


def test_eval_of_an_export_with_a_header_to_rename_and_a_column_of_its_own_gives_its_error_one_help(run, tmp_path):
    """`policy eval --household` of tables whose members.csv writes `出生日期` for `birth_date` and adds a phone: the
    error's one help renames the one and leaves out the other, naming it (the message does not), in one line, and
    the household is decided as without both once the help is followed."""
    items = _sample(4)
    clean = _tables(tmp_path / "clean", items, False)
    folder = _tables(tmp_path / "t", items, False)
    _renamed_column(folder / "members.csv", "birth_date", "出生日期")
    _add_column(folder / "members.csv", "phone", "13800000000")
    common = ("--household", items[1]["id"], "--date", DAY, "--policy", POST)
    for lang, help in (
            ("en", "  help: rename `出生日期` to `birth_date`, in the file or with `--rename-column "
                   "出生日期=birth_date`. If no policy is to read `phone` (an export's own column), leave it out of "
                   "every household: --ignore-column phone\n"),
            ("zh", "  提示：请把 `出生日期` 改名为 `birth_date`（在文件中改，或加上 `--rename-column "
                   "出生日期=birth_date`）。如果 `phone` 本就不该由政策读取（导出时附带的列），可在每户中略去："
                   "--ignore-column phone\n")):
        refused = run("eval", folder, *common, "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr.endswith(help), refused.stderr
        assert glued_options(refused.stderr) == [], refused.stderr  # the option is copied alone
        assert refused.stderr.count(help[:6]) == 1, refused.stderr
    followed = run("eval", folder, *common, "--format", "json", "--rename-column", "出生日期=birth_date",
                   "--ignore-column", "phone")
    assert followed.exit_code == 0, followed.stderr
    assert followed.stdout == run("eval", clean, *common, "--format", "json").stdout


def test_an_exports_own_headers_are_told_the_columns_their_labels_name(run, tmp_path):
    """Headers in Chinese (`存款` for deposits, `车辆` for vehicles) name the input whose Chinese label holds them, and
    the column to rename them; `日期` is the household's `date`, which no label names."""
    folder = _tables(tmp_path / "t", _sample(4), False)
    for old, new in (("id", "户编号"), ("assets.deposits", "存款"), ("assets.vehicles", "车辆"), ("date", "日期")):
        _renamed_column(folder / "households.csv", old, new)
    result = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2
    assert "— `日期`: the word for `date`; `存款`: `assets.deposits` is labelled `家庭存款及有价证券`; `车辆`: " \
           "`assets.vehicles` is labelled `机动车辆数（残疾人功能性补偿代步车除外）`; `户编号` is none of them\n" \
           "  help: rename `日期` to `date`, `存款` to `assets.deposits` and `车辆` to `assets.vehicles`; " \
           "if `户编号` holds `id`, rename it `id`, in the file or with --rename-column 日期=date," \
           "存款=assets.deposits,车辆=assets.vehicles,户编号=id\n" in result.stderr, result.stderr
    _renamed_column(folder / "households.csv", "户编号", "id")
    listed = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "zh")
    said = "`存款`（`assets.deposits` 的标签是“家庭存款及有价证券”）"
    assert said in listed.stderr, listed.stderr
    assert listed.stderr.count("改名为 `assets.deposits`") == 1  # on the help line alone, not also in the message
    assert "`日期`（即 `date`）、" in listed.stderr, listed.stderr
    assert "--ignore-column" not in listed.stderr  # the columns the labels name: renamed, not left out
    assert listed.stderr.endswith("\n  提示：请把 `日期` 改名为 `date`，把 `存款` 改名为 `assets.deposits`，"
                                  "把 `车辆` 改名为 `assets.vehicles`（在文件中改，或加上 `--rename-column "
                                  "日期=date,存款=assets.deposits,车辆=assets.vehicles`）\n"), listed.stderr


def test_a_header_that_is_a_label_is_told_whose_label_it_is_and_its_rename_once(run, tmp_path):
    """A county's header is the policy's own Chinese label of the column (`家庭存款及有价证券`): said to be that
    column's label, and the rename said once, on its help line."""
    folder = _tables(tmp_path / "t", _sample(4), False)
    _renamed_column(folder / "households.csv", "assets.deposits", "家庭存款及有价证券")
    result = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2
    assert "a column no policy reads: `家庭存款及有价证券` (the label of `assets.deposits`); the columns a policy " \
           "reads are id, " in result.stderr, result.stderr
    assert "rename it" not in result.stderr  # (the message says whose label it is, the help line the rename)
    assert "\n  help: rename `家庭存款及有价证券` to `assets.deposits`, in the file or with --rename-column " \
           "家庭存款及有价证券=assets.deposits\n" in result.stderr
    zh = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "zh")
    assert "`家庭存款及有价证券`（`assets.deposits` 的标签） 不是任何政策读取的列" in zh.stderr, zh.stderr


def test_an_exports_own_header_for_a_column_with_a_default_is_told_the_column_the_file_lacks(run, tmp_path):
    """`存款金额` for the deposits, which no label holds whole: the refusal names `assets.deposits` as the column the
    file lacks, and offers its rename, not --ignore-column (ignored, every household would have no deposits)."""
    folder = _tables(tmp_path / "t", _sample(4), False)
    _renamed_column(folder / "households.csv", "assets.deposits", "存款金额")
    result = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2
    assert "households.csv: a column no policy reads: `存款金额`; the file has no column `assets.deposits` " \
           "(家庭存款及有价证券), which a policy reads (without it, every row takes the default): " \
           "if it holds it, rename it so; if not, remove it\n" in result.stderr, result.stderr
    zh = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "zh")
    assert "`存款金额` 不是任何政策读取的列；文件中没有政策读取的 `assets.deposits`（家庭存款及有价证券）列" \
           "（缺少时每一行都取默认值）：如果它就是其中的列，请照此改名；如果不是，请删除\n" in zh.stderr, zh.stderr
    # a header sharing words with the label of the column the file lacks: the rename is offered as a pair, alone
    assert result.stderr.endswith(
        "\n  help: if `存款金额` holds `assets.deposits`, rename it `assets.deposits`, in the file or with "
        "--rename-column 存款金额=assets.deposits\n"), result.stderr
    followed = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--rename-column",
                   "存款金额=assets.deposits")
    assert followed.exit_code == 0, followed.stderr
    _renamed_column(folder / "households.csv", "存款金额", "assets.deposits")
    _add_column(folder / "households.csv", "phone", "13800000000")  # every column there: the columns are listed
    listed = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert "a column no policy reads: `phone`; the columns a policy reads are id, date, assets.deposits," \
        in listed.stderr, listed.stderr


def test_a_misspelt_header_is_told_the_column_it_means_and_not_offered_to_ignore(run, tmp_path):
    folder = _tables(tmp_path / "t", _sample(4), False)
    _renamed_column(folder / "households.csv", "assets.deposits", "assets.deposit")
    result = run("batch", folder, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2
    assert "a column no policy reads: `assets.deposit` (did you mean `assets.deposits`?); the columns a policy " \
           "reads are " in result.stderr, result.stderr
    assert result.stderr.endswith("\n  help: rename `assets.deposit` to `assets.deposits`\n"), result.stderr
    assert "--ignore-column" not in result.stderr
    # the same help wherever the tables are read: `policy eval` picking a household, `policy diff --households`
    zh = run("eval", folder, "--household", "SAMPLE-0000001", "--policy", POST, "--lang", "zh")
    assert zh.exit_code == 2 and zh.stderr.endswith("\n  提示：请把 `assets.deposit` 改名为 `assets.deposits`\n"), \
        zh.stderr
    diff = run("diff", POST, POST, "--households", folder, "--lang", "en")
    assert diff.exit_code == 2 and diff.stderr.endswith("\n  help: rename `assets.deposit` to `assets.deposits`\n"), \
        diff.stderr


def test_a_parquet_id_column_under_another_name_is_to_rename(run, tmp_path):
    import pyarrow.parquet as pq

    clean = tmp_path / "clean.parquet"
    write_households_parquet(_sample(4), clean, load_policy(POST)[0])
    table = pq.read_table(clean)
    pq.write_table(table.rename_columns(["家庭编号" if c == "id" else c for c in table.column_names]),
                   tmp_path / "h.parquet")
    result = run("batch", tmp_path / "h.parquet", "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", "en")
    assert result.exit_code == 2
    assert "h.parquet: no column `id`, which every row needs; the columns a policy reads are id, date, members, " \
           "income, expenses, assets, housing, drinking_water — `家庭编号` is none of them\n  help: if `家庭编号` " \
           "holds `id`, rename it `id`\n" in result.stderr, result.stderr  # (no option: it renames CSV tables' headers)
    assert "--ignore-column" not in result.stderr


def test_a_field_in_the_exports_own_chinese_words_is_said_as_the_field_not_offered_to_ignore(run, tmp_path):
    """`assets.存款` is the deposits under the policy's Chinese label: ignored, every household would be decided with
    deposits of 0. The tally says what it is, and offers no --ignore-column for it."""
    items = _sample(3)
    for h in items:
        h.setdefault("assets", {})["存款"] = h["assets"].pop("deposits", 0)
    result = run("batch", _jsonl(tmp_path / "h.jsonl", items), "-o", tmp_path / "out.jsonl", "--policy", POST,
                 "--lang", "en")
    assert result.exit_code == 2
    assert "unknown field `存款`: by its Chinese label, the field is `deposits` (`家庭存款及有价证券`)" in result.stderr
    assert "--ignore-column" not in result.stderr, result.stderr


def test_a_line_given_per_month_is_not_offered_to_ignore(run, tmp_path):
    """`"per": "month"` on an income line: ignored, each monthly amount would count as a year's. The tally says what
    the key is, and offers no --ignore-column for it."""
    items = _sample(3)
    for h in items:
        for line in h.get("income", []):
            line["per"] = "month"
    result = run("batch", _jsonl(tmp_path / "h.jsonl", items), "-o", tmp_path / "out.jsonl", "--policy", POST,
                 "--lang", "en")
    assert result.exit_code == 2
    assert "unknown field `per`: a line's amount is the last 12 months' total" in result.stderr
    assert "--ignore-column" not in result.stderr, result.stderr


def test_batch_ingest_and_eval_offer_to_leave_out_an_exports_own_field(run, tmp_path):
    # the township the export adds, as the README's `--ignore-column phone`: each command that reads it says the option
    item = {**_sample(1)[0], "township": "仁义镇"}
    source = _jsonl(tmp_path / "township.jsonl", [item])
    help_en = ("help: if no policy is to read `township` (an export's own field), run again with --ignore-column "
               "township to leave it out of every household\n")
    batch = run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "--lang", "en")
    assert batch.exit_code == 2 and help_en in batch.stderr
    # `policy monitor ingest` and `policy eval` show each bad record's findings: the option is the end of the
    # finding's one help, not a second help
    one_help = ("  help: allowed: id, date, members, income, expenses, assets, housing, drinking_water; or, if no "
                "policy is to read `township` (an export's own field), leave it out of every household with "
                "--ignore-column township\n")
    db = tmp_path / "register.sqlite3"
    ingest = run("monitor", "ingest", source, "--db", db, "--date", DAY, "--lang", "en")
    assert ingest.exit_code == 2 and one_help in ingest.stderr, ingest.stderr
    assert ingest.stderr.count("help: ") == 1, ingest.stderr
    zh = run("monitor", "ingest", source, "--db", db, "--date", DAY, "--lang", "zh")
    assert ("  提示：允许的字段：id、date、members、income、expenses、assets、housing、drinking_water；如果 `township` "
            "本就不该由政策读取（导出时附带的字段），也可在每户中略去：加上 --ignore-column township\n") in zh.stderr
    assert zh.stderr.count("提示：") == 1, zh.stderr
    (tmp_path / "township.json").write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    single = run("eval", tmp_path / "township.json", "--date", DAY, "--lang", "en")
    assert single.exit_code == 2 and single.stderr.endswith(one_help), single.stderr
    assert single.stderr.count("help: ") == 1, single.stderr
    # and with it, the record goes in
    assert run("monitor", "ingest", source, "--db", db, "--date", DAY, "--ignore-column", "township").exit_code == 0
