"""`policy eval` on a county's export: one household picked by id out of CSV tables, Parquet or JSON Lines, decided
and explained byte for byte as its own JSON file is; what is wrong with it said as the batch says it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.batch.csv_tables import write_households_csv
from engine.batch.parquet_layout import write_households_parquet
from engine.diagnostics import Diagnostic, render
from engine.loader import load_policy
from tests.helpers import EXAMPLES, ROOT

POLICY = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
FILES = sorted(EXAMPLES.glob("*.json"))
HOUSEHOLDS = [json.loads(p.read_text(encoding="utf-8")) for p in FILES]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example households as a county's export: CSV tables, Parquet, JSON Lines."""
    folder = tmp_path_factory.mktemp("export")
    write_households_csv(HOUSEHOLDS, folder / "tables", POLICY)
    write_households_parquet(HOUSEHOLDS, folder / "households.parquet", POLICY)
    (folder / "households.jsonl").write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in HOUSEHOLDS),
                                             encoding="utf-8")
    return folder


INPUTS = ["tables", "tables/households.csv", "households.parquet", "households.jsonl"]
CHOSEN = ["DS-0001", "DS-0002", "DS-0003", "DS-0018", "DS-0025"]  # dated or not, tekun, several members, orphans


@pytest.mark.parametrize("given", INPUTS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_household_picked_out_of_an_export_is_explained_byte_for_byte_as_its_json_file(run, export, given, lang):
    for hid in CHOSEN:
        own = next(p for p in FILES if p.name.startswith(hid))
        alone = run("eval", own, "--explain", "--lang", lang)
        picked = run("eval", export / given, "--household", hid, "--explain", "--lang", lang)
        assert alone.exit_code == 0 and alone.stdout.startswith(("家庭 " if lang == "zh" else "Household ") + hid)
        assert (picked.exit_code, picked.stdout, picked.stderr) == (0, alone.stdout, alone.stderr), (hid, given)


@pytest.mark.parametrize("given", INPUTS)
@pytest.mark.parametrize("how", [["--format", "json", "--explain"], ["--format", "markdown", "--explain"],
                                 ["--brief"], []])
def test_every_output_of_a_household_picked_out_is_the_one_of_its_json_file(run, export, given, how):
    own = next(p for p in FILES if p.name.startswith("DS-0021"))
    alone = run("eval", own, *how, "--lang", "en")
    picked = run("eval", export / given, "--household", "DS-0021", *how, "--lang", "en")
    assert (picked.exit_code, picked.stdout) == (0, alone.stdout)


def test_several_households_are_decided_in_the_order_of_the_export(run, export):
    result = run("eval", export / "tables", "--household", "DS-0020", "--household", "DS-0004",
                 "--household", "DS-0020", "--format", "json", "--lang", "en")
    assert result.exit_code == 0
    assert [json.loads(line)["household"] for line in result.stdout.splitlines()] == ["DS-0004", "DS-0020"]


def test_an_id_no_household_has_is_an_error_that_says_which_was_meant(run, export):
    result = run("eval", export / "households.parquet", "--household", "DS-0004", "--household", "ds 7",
                 "--household", "DS-0O27", "--household", "ZZ", "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["household"] == "DS-0004"  # the ones found are decided all the same
    where = f"{export / 'households.parquet'} (28 households)"
    assert result.stderr == (f"error: no household has the id `ds 7` in {where}\n"
                             "  help: did you mean `DS-0007`?\n"
                             f"error: no household has the id `DS-0O27` in {where}\n"  # a letter O: a slip
                             "  help: did you mean `DS-0027`?\n"
                             f"error: no household has the id `ZZ` in {where}\n"
                             "  help: the first ids there are `DS-0001`, `DS-0002`, `DS-0003`\n")
    result = run("eval", export / "tables", export / "households.jsonl", "--household", "ds-0007", "--lang", "zh")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"错误：{export / 'tables'}（共 28 户）、{export / 'households.jsonl'}（共 28 户）中都没有"
                             "编号为 `ds-0007` 的家庭\n"
                             "  提示：是不是 `DS-0007`？\n")
    three = [export / "tables", export / "households.jsonl", export / "households.parquet"]
    result = run("eval", *three, "--household", "ds-0007", "--lang", "en")
    assert result.exit_code == 2 and result.stderr.startswith(
        f"error: no household has the id `ds-0007` in {three[0]} (28 households), {three[1]} (28 households) or "
        f"{three[2]} (28 households)\n")


def test_a_table_of_a_few_households_is_decided_whole_and_one_of_more_asks_which(run, tmp_path, export):
    write_households_csv(HOUSEHOLDS[:10], tmp_path / "few", POLICY)
    few = run("eval", tmp_path / "few", "--format", "json", "--lang", "en")
    assert few.exit_code == 0
    assert [json.loads(line)["household"] for line in few.stdout.splitlines()] == [h["id"] for h in HOUSEHOLDS[:10]]
    for given in ("tables", "households.parquet"):
        many = run("eval", export / given, "--lang", "en")
        assert many.exit_code == 2 and many.stdout == ""
        assert many.stderr.startswith(f"error: {export / given} holds more than 10 households; `policy eval` decides "
                                      "a few, picked by id\n  help: name each with `--household`, as in `policy eval "
                                      f"{export / given} --household DS-0001`; or decide them all with `policy batch")
    whole = run("eval", export / "households.jsonl", "--format", "json", "--lang", "en")  # JSON Lines, as ever
    assert whole.exit_code == 0 and len(whole.stdout.splitlines()) == 28


def _batch_says(run: Any, given: Path, tmp_path: Path, lang: str, *options: str) -> list[str]:
    """What `policy batch` writes of the input's bad records, each finding rendered as `policy eval` prints it."""
    out = tmp_path / f"batch-{lang}.jsonl"
    run("batch", given, "-o", out, "--engine", "exact", "--lang", lang, *options)
    entries = [json.loads(line) for line in (tmp_path / f"{out.name}.errors.jsonl").read_text().splitlines()]
    return [render(Diagnostic.from_json(d), lang=lang) for entry in entries for d in entry["diagnostics"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_csv_household_is_the_located_error_the_batch_writes_and_only_its_own(run, tmp_path, lang):
    write_households_csv(HOUSEHOLDS[:6], tmp_path / "tables", POLICY)
    members = tmp_path / "tables" / "members.csv"
    rows = members.read_text(encoding="utf-8").splitlines()
    at = next(i for i, row in enumerate(rows) if row.startswith("DS-0003,p2,"))
    rows[at] = rows[at].replace(",spouse,", ",wife,")
    members.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("eval", tmp_path / "tables", "--household", "DS-0003", "--explain", "--lang", lang)
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.stderr
    said = _batch_says(run, tmp_path / "tables", tmp_path, lang)
    assert result.stderr == "".join(f"{s}\n" for s in said)
    assert result.stderr.startswith(f"{members}:{at + 1} (p2), column `relation`: " if lang == "en" else
                                    f"{members}:{at + 1} (p2) 的 `relation` 列: ")
    assert ("  help: use one of" if lang == "en" else "  提示：可用的取值") in result.stderr
    other = run("eval", tmp_path / "tables", "--household", "DS-0004", "--lang", lang)
    assert other.exit_code == 0 and other.stderr == ""


def test_a_csv_household_the_batch_would_not_decide_is_said_so(run, tmp_path):
    write_households_csv(HOUSEHOLDS[:6], tmp_path / "tables", POLICY)
    table = tmp_path / "tables" / "households.csv"
    rows = table.read_text(encoding="utf-8").splitlines()
    other = "DS-0002," + rows[3].split(",", 1)[1]  # (another household's cells: not one row copied)
    table.write_text("\n".join([*rows, other]) + "\n", encoding="utf-8")  # DS-0002 in two rows
    result = run("eval", tmp_path / "tables", "--household", "DS-0002", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (f"{table}:3: error[H005]: household id `DS-0002` is used by more than one row (lines 3, "
                             "8)\n  help: give each household its own id: the member and line rows cannot tell them "
                             "apart\n")


def test_rows_with_no_household_id_are_each_told_so_not_that_they_share_one(run, tmp_path):
    write_households_csv(HOUSEHOLDS[:6], tmp_path / "tables", POLICY)
    table = tmp_path / "tables" / "households.csv"
    rows = table.read_text(encoding="utf-8").splitlines()
    rows[2], rows[4] = ("," + row.split(",", 1)[1] for row in (rows[2], rows[4]))
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("batch", tmp_path / "tables", "-o", tmp_path / "out.jsonl", "--lang", "en")
    assert result.exit_code == 2
    bad = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()]
    empty = [(b["line"], d["code"], d["message"]) for b in bad for d in b["diagnostics"] if d.get("path") == "id"]
    assert empty == [(3, "H002", "must not be empty"), (5, "H002", "must not be empty")]
    assert "H005" not in result.stderr
    # the id is the finding: its member rows, joined by it, are not also missing; those rows are asked whether one
    # of the rows with no id is their household's
    by_line = {b["line"]: b["diagnostics"] for b in bad if b["source"].startswith(str(table))}
    assert [[d["path"] for d in by_line[n]] for n in (3, 5)] == [["id"], ["id"]]
    assert by_line[3][0]["help"] == ("write the household's own id, as the register knows it, e.g. `DS-0001`: its rows "
                                     "in members.csv and lines.csv are joined to it by that id")
    strays = [d for b in bad if b["source"].startswith(str(tmp_path / "tables" / "members.csv"))
              for d in b["diagnostics"]]
    second = HOUSEHOLDS[1]["id"]
    assert strays and all(d["code"] == "H004" for d in strays)
    assert strays[0]["help"] == (f"households.csv has no id on lines 3, 5: if one of those rows is household "
                                 f"`{second}`, write `{second}` in its `id`; if not, add the household, or remove the "
                                 "row")
    assert strays[0]["zh"]["help"] == (f"households.csv 第 3、5 行没有编号：如果其中一行就是家庭 `{second}`，请在其 "
                                       f"`id` 列填写 `{second}`；如果不是，请补上这一户，或删去这一行")


def test_an_id_on_many_rows_names_the_first_lines_and_the_last(run, tmp_path):
    write_households_csv(HOUSEHOLDS[:6], tmp_path / "tables", POLICY)
    table = tmp_path / "tables" / "households.csv"
    rows = table.read_text(encoding="utf-8").splitlines()
    other = "DS-0002," + rows[3].split(",", 1)[1]  # (another household's cells: not one row copied)
    table.write_text("\n".join([*rows, *[other] * 11]) + "\n", encoding="utf-8")  # DS-0002 in twelve rows
    result = run("eval", tmp_path / "tables", "--household", "DS-0002", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{table}:3: error[H005]: household id `DS-0002` is used by more than one row "
                                    "(lines 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, …, 18, 12 rows)\n"), result.stderr


def test_a_json_line_that_cannot_be_read_is_shown_where_it_breaks_when_it_names_the_household(run, tmp_path):
    texts = [json.dumps(h, ensure_ascii=False) for h in HOUSEHOLDS[:5]]
    texts[3] = texts[3][:-3]  # cut off
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    result = run("eval", path, "--household", "DS-0004", "--lang", "en")
    assert result.exit_code == 2 and result.stdout == ""
    whole = run("eval", path, "--lang", "en")  # the file read whole, as `policy eval` has always read it
    assert whole.exit_code == 2 and result.stderr == whole.stderr
    first, shown, caret, help = result.stderr.splitlines()
    assert first == f"{path}:4:{texts[3].rindex(': ') + 3}: error[H001]: not valid JSON: expecting value"
    assert shown.endswith(texts[3][-30:]) and caret.endswith("^") and help.startswith("  help: ")


def test_an_id_two_records_hold_is_decided_twice_and_warned_of(run, tmp_path):
    texts = [json.dumps(h, ensure_ascii=False) for h in HOUSEHOLDS[:5]]
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join([*texts, texts[1]]) + "\n", encoding="utf-8")
    for lang, warning in (("en", f"{path}:6:8: id: warning[H005]: household id `DS-0002` is used by more than one "
                                 f"household (also at {path}:2:8)"),
                          ("zh", f"{path}:6:8: id: 警告[H005]: 家庭编号 `DS-0002` 用在了不止一户（另见 {path}:2:8）")):
        result = run("eval", path, "--household", "DS-0002", "--format", "json", "--lang", lang)
        assert result.exit_code == 0 and result.stderr.splitlines()[0] == warning
        assert [json.loads(line)["household"] for line in result.stdout.splitlines()] == ["DS-0002", "DS-0002"]


def test_what_the_export_leaves_out_is_said_before_the_decision(run, tmp_path):
    write_households_csv(HOUSEHOLDS[:3], tmp_path / "tables", POLICY)
    (tmp_path / "tables" / "lines.csv").unlink()
    result = run("eval", tmp_path / "tables", "--household", "DS-0002", "--lang", "en")
    assert result.exit_code == 0
    assert result.stderr == ("warning: no lines.csv beside households.csv: every household is decided with no income "
                             "and no expense lines\n")


def test_a_household_is_picked_out_of_a_json_file_and_standard_input_too(run, tmp_path):
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps(HOUSEHOLDS[:4], indent=2), encoding="utf-8")
    alone = run("eval", FILES[2], "--format", "json", "--lang", "en").stdout
    assert run("eval", listed, "--household", "DS-0003", "--format", "json").stdout == alone
    lines = "".join(json.dumps(h) + "\n" for h in HOUSEHOLDS[:4])
    assert run("eval", "-", "--household", "DS-0003", "--format", "json", input=lines).stdout == alone


def test_a_warning_about_a_csv_household_is_placed_at_the_row_that_holds_the_line(run, tmp_path):
    doubtful = json.loads(json.dumps(HOUSEHOLDS[0]))
    doubtful["income"].append(dict(doubtful["income"][0]))  # a line pasted twice
    write_households_csv([doubtful], tmp_path / "tables", POLICY)
    lines = tmp_path / "tables" / "lines.csv"
    rows = lines.read_text(encoding="utf-8").splitlines()
    copy = next(i for i, row in reversed(list(enumerate(rows, 1))) if ",income," in row)  # the last income row
    result = run("eval", tmp_path / "tables", "--lang", "en")
    assert result.exit_code == 0, result.stderr  # decided, and warned of at the row, not at households.csv
    first = next(i for i, row in enumerate(rows, 1) if ",income," in row)  # (a line is named by its row alone)
    assert result.stderr.startswith(f"{lines}:{copy}: warning[H009]: the same as {lines}:{first}: "), result.stderr


def test_a_birth_date_after_the_household_s_date_names_its_row_of_households_csv(run, tmp_path):
    """In JSON the help names the line of the household's `date`; of CSV tables it said `the household's `date``
    with no row to find it at."""
    households = [dict(h) for h in HOUSEHOLDS[:3]]
    dated = households[1]
    dated["date"] = "2025-06-01"
    dated["members"] = [{**dated["members"][0], "birth_date": "2025-07-01"}, *dated["members"][1:]]
    write_households_csv(households, tmp_path / "tables", POLICY)
    table = tmp_path / "tables" / "households.csv"
    result = run("eval", str(table), "--household", dated["id"], "--lang", "en")
    assert result.exit_code == 2
    assert "error[H006]: \"2025-07-01\" is after the evaluation date 2025-06-01" in result.stderr
    assert result.stderr.endswith(f"  help: check the birth date, or the evaluation date: the household's `date` in "
                                  f"{table}:3\n"), result.stderr
    chinese = run("eval", str(table), "--household", dated["id"], "--lang", "zh")
    assert chinese.stderr.endswith(f"  提示：请核对出生日期，或评估日期：即家庭的 `date`（{table}:3）\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_cell_of_households_csv_is_placed_at_its_row_and_column_as_a_member_s_is(run, tmp_path, lang):
    """It was said by its JSON path after the row, `households.csv:4: assets.deposits: error[H002]: …`, where a
    member's cell was already at its row and column."""
    write_households_csv(HOUSEHOLDS[:6], tmp_path / "tables", POLICY)
    table = tmp_path / "tables" / "households.csv"
    head, *rows = table.read_text(encoding="utf-8").splitlines()
    columns = head.split(",")
    at = next(i for i, row in enumerate(rows) if row.startswith("DS-0003,"))
    cells = rows[at].split(",")
    cells[columns.index("assets.deposits")] = "85x60"
    cells[columns.index("housing.safety_grade")] = "Q"
    rows[at] = ",".join(cells)
    table.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    result = run("eval", tmp_path / "tables", "--household", "DS-0003", "--lang", lang)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    line = at + 2
    deposits, grade = (f'{table}:{line}, column `assets.deposits`: error[H002]: "85x60" is not a number\n',
                       f'{table}:{line}, column `housing.safety_grade`: error[H002]: "Q" is not one of the allowed '
                       "values\n") if lang == "en" else \
        (f'{table}:{line} 的 `assets.deposits` 列: 错误[H002]: "85x60" 不是数字\n',
         f'{table}:{line} 的 `housing.safety_grade` 列: 错误[H002]: "Q" 不是允许的取值\n')
    assert deposits in result.stderr and grade in result.stderr, result.stderr
    assert result.stderr == "".join(f"{s}\n" for s in _batch_says(run, tmp_path / "tables", tmp_path, lang))
    entry = next(json.loads(line) for line in (tmp_path / f"batch-{lang}.jsonl.errors.jsonl").read_text().splitlines())
    assert [(d["path"], d["header"], d["line"]) for d in entry["diagnostics"]] == \
        [("assets.deposits", "assets.deposits", line), ("housing.safety_grade", "housing.safety_grade", line)]
    streamed = run("batch", tmp_path / "tables", "-o", "-", "--lang", lang)  # said of its household, as batch's are
    assert _of_household(deposits, lang) in streamed.stderr and _of_household(grade, lang) in streamed.stderr, (
        streamed.stderr)


def _of_household(said: str, lang: str, household: str = "DS-0003") -> str:
    """A finding as `policy batch -o -` says it on standard error: of the household the errors file names."""
    return said.replace("error[H002]: ", f"error[H002]: household {household}: ") if lang == "en" else \
        said.replace("错误[H002]: ", f"错误[H002]: 家庭 {household}：")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("header", ["kind", "类别"])
def test_a_line_of_no_known_kind_is_placed_at_its_row_and_its_column_as_the_file_writes_it(run, tmp_path, lang,
                                                                                            header):
    """It was placed at the row alone, `lines.csv:9: error[H002]: `kind` is `xx`: …`, where every other bad cell of a
    line is placed at its row and its column (`lines.csv:15, column `amount``), by the header as the file writes it."""
    write_households_csv(HOUSEHOLDS[:6], tmp_path / "tables", POLICY)
    table = tmp_path / "tables" / "lines.csv"
    head, *rows = table.read_text(encoding="utf-8").splitlines()
    at = next(i for i, row in enumerate(rows) if row.startswith("DS-0003,income,"))
    rows[at] = rows[at].replace(",income,", ",xx,", 1)
    table.write_text("\n".join([head.replace("kind", header), *rows]) + "\n", encoding="utf-8")
    renamed = ("--rename-column", f"{header}=kind") if header != "kind" else ()
    result = run("eval", tmp_path / "tables", "--household", "DS-0003", "--lang", lang, *renamed)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    line = at + 2
    said = f"{table}:{line}, column `{header}`: error[H002]: `kind` is `xx`: " if lang == "en" else \
        f"{table}:{line} 的 `{header}` 列: 错误[H002]: `kind` 为 `xx`："
    assert result.stderr.startswith(said), result.stderr
    helped = f"  help: write `income` or `expense` in the `{header}` column\n" if lang == "en" else \
        f"  提示：请在 `{header}` 列填写 `income` 或 `expense`\n"  # the column it is placed at
    assert helped in result.stderr, result.stderr
    assert result.stderr == "".join(f"{s}\n" for s in _batch_says(run, tmp_path / "tables", tmp_path, lang, *renamed))
    entry = next(json.loads(line) for line in (tmp_path / f"batch-{lang}.jsonl.errors.jsonl").read_text().splitlines())
    assert [(d["file"], d["line"], d["column"], d.get("header")) for d in entry["diagnostics"]] == \
        [(f"{table}:{line}", line, None, header)]
    streamed = run("batch", tmp_path / "tables", "-o", "-", "--lang", lang, *renamed)
    assert _of_household(said, lang) in streamed.stderr, streamed.stderr
