"""A bad record's findings placed by a row rather than a span — a CSV table's row, or a record as a whole — have that
row's line in the errors file and no column, and are the examples of the run's problems at that row. The line is
carried as data from where the records are read (`Diagnostic.row`, `Record.row`), never read back out of a name."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from engine.batch.csv_tables import write_households_csv
from engine.batch.problems import Problems
from engine.batch.readers import Record, at_row, placed
from engine.diagnostics import Diagnostic, Said, Span, render
from engine.loader import load_policy
from engine.sample import households
from tests.helpers import ROOT

POST = ROOT / "policy" / "post-transition.yaml"
DAY = "2026-03-01"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_csv_households_own_finding_is_at_its_row_of_households_csv(run, tmp_path):
    items = list(households(3, 5, datetime.date.fromisoformat(DAY)))
    tables = tmp_path / "t"
    write_households_csv(items, tables, load_policy(POST)[0])
    rows = (tables / "households.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    cells = rows[2].split(",")
    cells[header.index("assets.deposits")] = "abc"
    rows[2] = ",".join(cells)
    (tables / "households.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("batch", tables, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 2, result.stderr
    [bad] = _lines(tmp_path / "out.jsonl.errors.jsonl")
    [d] = bad["diagnostics"]
    assert (bad["source"], bad["line"]) == (f"{tables / 'households.csv'}:3", 3)
    assert (d["path"], d["file"], d["line"], d["column"]) == ("assets.deposits", f"{tables / 'households.csv'}:3", 3,
                                                             None)
    assert f"H002 assets.deposits — e.g. {tables / 'households.csv'}:3: " in result.stderr


def test_a_json_lines_finding_about_the_record_as_a_whole_is_at_its_line(run, tmp_path):
    items = list(households(2, 5, datetime.date.fromisoformat(DAY)))
    text = [json.dumps(h) for h in items]
    text[1] = text[1].replace('{', '{"note": ' + "[" * 5000 + "]" * 5000 + ", ", 1)  # too deep to read: no place
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--engine", "exact", "--lang", "en")
    assert result.exit_code == 2, result.stderr
    [bad] = _lines(tmp_path / "out.jsonl.errors.jsonl")
    [d] = bad["diagnostics"]
    assert d["code"] == "H001" and (d["file"], d["line"], d["column"]) == (f"{source}:2", 2, None)
    assert f"H001 — e.g. {source}:2: " in result.stderr


def test_a_rows_line_is_data_whatever_its_files_name_says():
    """A file whose name ends like a line (`2024:7`) is not taken for one: the row's line is the one it was read at."""
    finding = Diagnostic.said("H002", Said("bad", "坏"), None, path="members[1].sex")
    member = placed(finding, (("members[0]", "exports/2024:7", 2), ("members[1]", "exports/2024:7", 3)))
    assert (member.source_file, member.row) == ("exports/2024:7:3", 3)
    assert at_row("t/lines.csv", 9) == {"source_file": "t/lines.csv:9", "row": 9}
    assert Record(5, "dump:12").row is None  # a source that names no line (Parquet's rows name theirs otherwise)
    assert Record.json_line("in.jsonl", 4, b"{}").row == 4
    in_text = Diagnostic.said("H003", Said("bad type", "坏"), Span("in.jsonl", 4, 30, 4, 36), path="income[0].type")
    whole = Diagnostic.said("H001", Said("bad", "坏"), None, source_file="in.parquet[row 6]")
    problems = Problems.of_records([("in.jsonl:4", [in_text]), ("in.parquet[row 6]", [whole]),
                                    ("t/households.csv:2", [member])])
    assert [(key, source) for key, _, source, _ in problems.ranked()] == [
        ("H003 income[].type", "in.jsonl:4"), ("H001", "in.parquet[row 6]"), ("H002 members[].sex", "exports/2024:7:3")]


def _rows_of(tables: Path, name: str) -> list[str]:
    return (tables / name).read_text(encoding="utf-8").splitlines()


def test_a_row_given_twice_is_told_to_be_deleted_naming_both_rows_not_to_be_given_another_id(run, tmp_path):
    """A member row, and a household row, copied twice (the same in every cell): a new id for the copy would make a
    member or a household of it; the help says to delete one, and names both rows."""
    tables = tmp_path / "t"
    write_households_csv(list(households(3, 5, datetime.date.fromisoformat(DAY))), tables, load_policy(POST)[0])
    for name, at in (("members.csv", 2), ("households.csv", 3)):
        rows = _rows_of(tables, name)
        (tables / name).write_text("\n".join([*rows[:at + 1], rows[at], *rows[at + 1:]]) + "\n", encoding="utf-8")
    result = run("batch", tables, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 2, result.stderr
    said: dict[str, tuple[str, str]] = {}  # (each message at its first row)
    for bad in _lines(tmp_path / "out.jsonl.errors.jsonl"):
        for d in bad["diagnostics"]:
            said.setdefault(d["message"], (d["file"], d["help"]))
    member = _rows_of(tables, "members.csv")[2].split(",")[1]
    assert said[f'member "{member}" is given twice, the same in every field'] == (
        f"{tables / 'members.csv'}:4", f"{tables / 'members.csv'}:3 is the same member: delete one of the two")
    household = _rows_of(tables, "households.csv")[3].split(",")[0]
    assert said[f"the row of household `{household}` is repeated, the same in every cell (lines 4, 5)"] == (
        f"{tables / 'households.csv'}:4", "delete the repeated rows, keeping one: the household is decided once, on it")


def test_ids_a_spreadsheet_showed_in_scientific_notation_are_told_so(run, tmp_path):
    """`4.30524E+17` for every household: the ids are lost from the file, which giving each household its own id
    would not mend; the help says to export the id columns as text."""
    tables = tmp_path / "t"
    items = list(households(3, 5, datetime.date.fromisoformat(DAY)))
    write_households_csv([{**h, "id": "4.30524E+17"} for h in items], tables, load_policy(POST)[0])
    result = run("batch", tables, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--lang", "en")
    assert result.exit_code == 2, result.stderr
    first = _lines(tmp_path / "out.jsonl.errors.jsonl")[0]["diagnostics"][0]
    assert first["message"] == "household id `4.30524E+17` is used by more than one row (lines 2, 3, 4): this is how " \
        "a spreadsheet shows a long number, with its last digits hidden, and they are lost from the file"
    assert first["help"].startswith("format the id columns of the three tables as text")


def test_a_doubted_member_of_csv_tables_is_named_by_its_row_of_members_csv(run, tmp_path):
    """The warnings under a run's summary about a member (H011, H014, H015) name, from CSV tables, the member's row of
    members.csv, as the docs say, on both engines: `members[1]` is no place in a table."""
    tables = tmp_path / "t"
    write_households_csv(_doubted_households()[:-1], tables, load_policy(POST)[0])
    members = _rows_of(tables, "members.csv")
    row = {(cells[0], cells[1]): at + 1 for at, cells in enumerate(line.split(",") for line in members)}
    first = f"{tables / 'households.csv'}:"
    for engine in ("fast", "exact"):
        result = run("batch", tables, "-o", tmp_path / f"{engine}.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                     "--engine", engine, "--lang", "en")
        assert result.exit_code == 0, result.stderr
        warned = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
        for (hid, member), field in ((("K07", "p1"), "supporter"), (("K16", "p1"), "supporter"),
                                     (("K16-heads", "p2"), "relation")):
            at = f"{tables / 'members.csv'}:{row[hid, member]} ({member}), column `{field}`: "
            assert any(first in line and at in line for line in warned), (at, warned)
        assert len(warned) == 3 and not any("members[" in line or "income[" in line for line in warned), warned


def _doubted_households() -> list[dict[str, Any]]:
    """Two sampled households, then one of each doubt a run warns of: K07 (H015), K16 (H014), K16-heads (H011) and,
    last, K16-low (H013, a pension of 150 a year on a line)."""
    fixtures = ROOT / "tests" / "fixtures" / "households"
    spouse = json.loads((fixtures / "K07-supporter-none-but-working-spouse.json").read_text(encoding="utf-8"))
    paid = json.loads((fixtures / "K16-maintenance-but-no-supporter.json").read_text(encoding="utf-8"))
    heads = json.loads((fixtures / "K16-maintenance-but-no-supporter.json").read_text(encoding="utf-8"))
    heads["id"], heads["income"] = "K16-heads", heads["income"][1:]
    heads["members"].append(heads["members"][0] | {"id": "p2", "supporter": "able"})
    low = json.loads((fixtures / "K16-maintenance-but-no-supporter.json").read_text(encoding="utf-8"))
    low["id"], low["income"] = "K16-low", [{"type": "pension", "member": "p1", "amount": 150}]
    low["members"][0]["supporter"] = "able"
    return [*households(2, 5, datetime.date.fromisoformat(DAY)), spouse, paid, heads, low]


def _doubted_tables(folder: Path) -> tuple[Path, dict[tuple[str, str], int], int]:
    """The tables of `_doubted_households`, their member and line tables under a county's own headers (`扶养人`,
    `与户主关系`, `金额`); with each member's row and the row of the pension of 150 a year."""
    write_households_csv(_doubted_households(), folder, load_policy(POST)[0])
    own = {"members.csv": {"supporter": "扶养人", "relation": "与户主关系"}, "lines.csv": {"amount": "金额"}}
    for table, names in own.items():
        head, rest = (folder / table).read_text(encoding="utf-8").split("\n", 1)
        (folder / table).write_text(",".join(names.get(c, c) for c in head.split(",")) + "\n" + rest,
                                    encoding="utf-8")
    members = [line.split(",") for line in _rows_of(folder, "members.csv")]
    rows = {(cells[0], cells[1]): at + 1 for at, cells in enumerate(members)}
    low_row = next(at + 1 for at, line in enumerate(_rows_of(folder, "lines.csv")) if line.startswith("K16-low,"))
    return folder, rows, low_row


def test_a_doubt_in_csv_tables_is_named_by_its_row_and_the_header_the_file_writes(run, tmp_path):
    """The warnings under a run's summary name a member's value by its row of members.csv and its column as the
    export's header writes it (`扶养人`, which `--rename-column` reads as `supporter`), and a line's by its row of
    lines.csv and its column (`金额`): the data engineer looks for those in the file, not for `supporter` or
    `income[0].amount`; on both engines, in both languages."""
    tables, row, low = _doubted_tables(tmp_path / "t")
    members, lines = tables / "members.csv", tables / "lines.csv"
    for engine in ("fast", "exact"):
        for lang in ("en", "zh"):
            result = run("batch", tables, "-o", tmp_path / f"{engine}.jsonl", "--date", DAY, "--policy", POST,
                         "-j", 1, "--engine", engine, "--lang", lang,
                         "--rename-column", "扶养人=supporter,与户主关系=relation,金额=amount")
            assert result.exit_code == 0, result.stderr
            warned = [line for line in result.stderr.splitlines() if line.startswith(("warning: ", "警告："))]
            cells = [(f"{members}:{row['K07', 'p1']} (p1)", "扶养人", "supporter"),
                     (f"{members}:{row['K16', 'p1']} (p1)", "扶养人", "supporter"),
                     (f"{members}:{row['K16-heads', 'p2']} (p2)", "与户主关系", "relation"),
                     (f"{lines}:{low}", "金额", "amount")]
            places = [f"{at} 的 `{own}` 列（{field}）：" if lang == "zh" else f"{at}, column `{own}` ({field}): "
                      for at, own, field in cells]
            for at in places:
                assert any(at in line for line in warned), (at, warned)
            assert len(warned) == 4 and not any(
                word in line for line in warned for word in ("members[", "income[", ").supporter", ").relation")), \
                warned


def test_a_doubted_line_of_csv_tables_is_named_by_its_row_and_column_of_lines_csv(run, tmp_path):
    """H013 about an amount of lines.csv names the row and the column, `lines.csv:9, column `amount``, as the file's
    other messages name a cell, not the amount's JSON path (`income[0].amount`), which is no place in a table."""
    tables, _, low = _doubted_tables(tmp_path / "t")
    head, rest = (tables / "lines.csv").read_text(encoding="utf-8").split("\n", 1)
    (tables / "lines.csv").write_text(head.replace("金额", "amount") + "\n" + rest, encoding="utf-8")
    result = run("batch", tables, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--lang", "en", "--rename-column", "扶养人=supporter,与户主关系=relation")
    assert result.exit_code == 0, result.stderr
    [implausible] = [line for line in result.stderr.splitlines() if "outside the range" in line]
    assert f"{tables / 'lines.csv'}:{low}, column `amount`: the amount of pensions" in implausible, implausible
    assert "income[" not in implausible


def test_a_bad_member_or_line_of_csv_tables_is_placed_at_its_row_and_column(run, tmp_path):
    """A bad record's finding about a member's or a line's cell names, in the errors file, the column of its row as
    the file's header writes it (`header`), beside its JSON path, which stays; and said as `policy eval` says it (with
    `-o -`, on standard error) it is placed at the row and that column, not at `members[1] (p2)`."""
    tables, row, low = _doubted_tables(tmp_path / "t")
    _with_cell(tables / "members.csv", row["K07", "p2"], "birth_date", "1979/03/03")
    _with_cell(tables / "members.csv", row["K16-heads", "p2"], "birth_date", "")
    _with_cell(tables / "lines.csv", low, "金额", "15x")
    renames = ("--rename-column", "扶养人=supporter,与户主关系=relation,金额=amount")
    result = run("batch", tables, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST, "-j", 1,
                 "--lang", "en", *renames)
    assert result.exit_code == 2, result.stderr
    said = {d["path"]: d for bad in _lines(tmp_path / "out.jsonl.errors.jsonl") for d in bad["diagnostics"]}
    birth, amount = said["members[1].birth_date"], said["income[0].amount"]
    assert (birth["file"], birth["member"], birth["header"]) == (f"{tables / 'members.csv'}:{row['K07', 'p2']}", "p2",
                                                                 "birth_date")
    assert (amount["file"], amount["header"]) == (f"{tables / 'lines.csv'}:{low}", "金额")
    empty = said["members[1]"]  # (the member as a whole, of the cell its message names)
    assert (empty["message"], empty["member"], empty["header"]) == ("`birth_date` is empty", "p2", "birth_date")
    streamed = run("batch", tables, "-o", "-", "--date", DAY, "--policy", POST, "-j", 1, "--lang", "en", *renames)
    # each said of its household, as the errors file names it
    assert f'{tables / "members.csv"}:{row["K07", "p2"]} (p2), column `birth_date`: error[H002]: household K07: ' \
           '"1979/03/03" is not a date (YYYY-MM-DD)\n' in streamed.stderr
    assert f'{tables / "lines.csv"}:{low}, column `金额` (amount): error[H002]: household K16-low: "15x" is not a ' \
           "number\n" in streamed.stderr
    assert f"{tables / 'members.csv'}:{row['K16-heads', 'p2']} (p2), column `birth_date`: error[H002]: household " \
           "K16-heads: `birth_date` is empty\n" in streamed.stderr
    assert "members[1] (p2)" not in streamed.stderr and "income[0].amount:" not in streamed.stderr
    zh = run("batch", tables, "-o", "-", "--date", DAY, "--policy", POST, "-j", 1, "--lang", "zh", *renames)
    assert (f'{tables / "lines.csv"}:{low} 的 `金额` 列（amount）: 错误[H002]: 家庭 K16-low："15x" 不是数字\n'
            in zh.stderr)


def _with_cell(table: Path, line: int, column: str, text: str) -> None:
    """`table` with the cell of `column` on `line` (the header's is 1) written `text`."""
    rows = table.read_text(encoding="utf-8").split("\n")
    cells = rows[line - 1].split(",")
    cells[rows[0].split(",").index(column)] = text
    rows[line - 1] = ",".join(cells)
    table.write_text("\n".join(rows), encoding="utf-8")


def test_policy_eval_and_diff_place_a_doubt_of_csv_tables_at_its_row_and_column(run, tmp_path):
    """`policy eval` warns of a member of CSV tables at the member's row and column, as the batch names the first
    (not at the household's row and `members[0] (p1).supporter`), the line its message names by its row too; and
    `policy diff --warnings` gives its path as JSON writes it with the member's id apart, as for every finding."""
    tables, row, _ = _doubted_tables(tmp_path / "t")
    renames = ("--rename-column", "扶养人=supporter,与户主关系=relation,金额=amount")
    maintenance = next(at + 1 for at, line in enumerate(_rows_of(tables, "lines.csv")) if line.startswith("K16,"))
    result = run("eval", tables, "--household", "K16", "--date", DAY, "--policy", POST, "--lang", "en", *renames)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        f"{tables / 'members.csv'}:{row['K16', 'p1']} (p1), column `扶养人` (supporter): warning[H014]: \"p1\" is "
        "given supporter \"none\" (no one with a legal duty of support who can support them), but the household's "
        "income has maintenance paid by relatives with a duty of support (alimony) for \"p1\": "
        f"{tables / 'lines.csv'}:{maintenance}, 4,800.00 yuan/year\n"), result.stderr
    warned = tmp_path / "warned.jsonl"
    diffed = run("diff", "policy/2024-transition.yaml", POST, "--households", tables, "--date", DAY, "--lang", "en",
                 "--warnings", warned, *renames)
    assert diffed.exit_code in (0, 1), diffed.stderr
    said = [d for line in _lines(warned) for d in line["diagnostics"] if d["code"] == "H014"]
    assert [(d["path"], d["member"], d["file"], d["header"]) for d in said] == [
        ("members[0].supporter", "p1", f"{tables / 'members.csv'}:{row['K16', 'p1']}", "扶养人")]


def test_a_finding_about_a_whole_row_read_back_from_the_errors_file_is_placed_at_that_row(capsys):
    """A member's or a line's row as a whole has no `header` in the errors file, which names a cell's column: read back
    (`policy batch -o -` says its records so) it was placed by its JSON path, `lines.csv:5: income[1]: …`, where
    `policy eval` gives the row alone; a JSON line's finding at the record's own line keeps its path."""
    from cli.batch_stream import _say_bad_record

    places = (("members[0]", "t/members.csv", 2), ("income[0]", "t/lines.csv", 4), ("income[1]", "t/lines.csv", 5))
    line = placed(Diagnostic.said("H009", Said("the same as t/lines.csv:4", "与 t/lines.csv:4 相同"), None,
                                  path="income[1]", severity="warning"), places, source="t/households.csv:2")
    member = placed(Diagnostic.said("H002", Said("bad", "坏"), None, path="members[0]", member="p1"), places,
                    source="t/households.csv:2")
    for found, row, place in ((line, 5, "t/lines.csv:5"), (member, 2, "t/members.csv:2 (p1)")):
        written = {**found.to_json(chinese=True), "line": row, "column": None}  # as the errors file writes it
        assert "header" not in written
        for lang in ("en", "zh"):
            assert render(found, lang=lang).startswith(f"{place}: ")
            _say_bad_record({"source": "t/households.csv:2", "diagnostics": [written]}, lang)
            said = capsys.readouterr().err
            assert said == render(found, lang=lang) + "\n", said
    own = {"code": "H002", "message": "bad", "file": "in.jsonl:4", "line": 4, "column": None, "path": "members[1]",
           "member": "p2"}
    _say_bad_record({"source": "in.jsonl:4", "diagnostics": [own]}, "en")
    assert capsys.readouterr().err.startswith("in.jsonl:4: members[1] (p2): error[H002]: bad")
