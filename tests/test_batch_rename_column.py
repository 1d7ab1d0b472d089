"""`--rename-column`: a county export's own headers of CSV tables read as the columns they hold, in `policy batch`
(both engines, both routes, compressed tables), `policy eval`, `policy diff --households` and `policy monitor
ingest`, with the same decisions and the same places of bad rows as the tables named as the layout names them; the
files themselves untouched, and every mistake in a pair said before a row is read."""

from __future__ import annotations

import datetime
import gzip
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from engine.batch.csv_tables import write_households_csv
from engine.batch.readers import InputError
from engine.batch.renamed import Renames, renamed_columns
from engine.loader import load_policy
from engine.sample import households
from engine.temporary_folders import machine_name
from tests.helpers import POST, ROOT, glued_options, sent_row_by_row

DAY = "2026-03-01"
# a county system's headers: `户编号` the household's id in every table, two inputs by their labels' words
COUNTY = {"households.csv": {"id": "户编号", "assets.deposits": "存款"},
          "members.csv": {"household": "户编号", "birth_date": "出生日期"},
          "lines.csv": {"household": "户编号"}}
RENAMES = "户编号=id,户编号=household,存款=assets.deposits,出生日期=birth_date"


def _sample(n: int) -> list[dict[str, Any]]:
    return list(households(n, 5, datetime.date.fromisoformat(DAY)))


def _tables(folder: Path, n: int = 40) -> Path:
    write_households_csv(_sample(n), folder, load_policy(POST)[0])
    return folder


def _county(tables: Path, folder: Path, names: dict[str, dict[str, str]] = COUNTY) -> Path:
    """The tables with the county's headers (`names`, by table): the first line of each renamed, every other byte as
    it is."""
    shutil.copytree(tables, folder)
    for table, own in names.items():
        path = folder / table
        head, rest = path.read_text(encoding="utf-8").split("\n", 1)
        path.write_text(",".join(own.get(c, c) for c in head.split(",")) + "\n" + rest, encoding="utf-8")
    return folder


def _batch(run: Any, folder: Path, out: Path, *more: Any) -> Any:
    return run("batch", folder, "-o", out, "--policy", POST, "--date", DAY, "--lang", "en", "-j", "1", *more)


@pytest.mark.parametrize("engine", ["fast", "exact"])
@pytest.mark.parametrize("row_by_row", [False, True])
def test_renamed_headers_give_the_decisions_of_the_tables_named_as_the_layout_names_them(run, tmp_path, engine,
                                                                                          row_by_row):
    refused, _ = decided_alike(run, tmp_path, _county, engine, row_by_row, "--rename-column", RENAMES)
    assert refused.exit_code == 2  # (the headers are the county's: told, below)


def decided_alike(run: Any, tmp_path: Path, county_of: Any, engine: str, row_by_row: bool, *option: Any
                  ) -> tuple[Any, Path]:
    """The sample tables (made to be read row by row, `row_by_row`) and `county_of` them, in the export's own words:
    decided by `engine` with `option`, byte for byte as the tables themselves, the county's files as they were (read
    through copies). The run on the county's tables without the option, and their folder."""
    plain = _tables(tmp_path / "plain")
    if row_by_row:
        sent_row_by_row(plain)
    county = county_of(plain, tmp_path / "county")
    before = {p.name: p.read_bytes() for p in county.iterdir()}
    want = _batch(run, plain, tmp_path / "want.jsonl", "--engine", engine)
    assert want.exit_code == 0, want.stderr
    refused = _batch(run, county, tmp_path / "got.jsonl", "--engine", engine)
    got = _batch(run, county, tmp_path / "got.jsonl", "--engine", engine, *option)
    assert got.exit_code == 0, got.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()
    assert {p.name: p.read_bytes() for p in county.iterdir()} == before
    return refused, county


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_county_header_repeated_amid_the_rows_is_told_as_the_header_again(run, tmp_path, engine):
    """Two of a county's exports joined into one file repeat its own header, which the file writes, not the one
    renamed: it is still the header again (H001), not a household `户编号` or a row of no household."""
    plain = _tables(tmp_path / "plain", 12)
    for table in COUNTY:
        rows = (plain / table).read_text(encoding="utf-8").splitlines()
        (plain / table).write_text("\n".join([*rows[:5], rows[0], *rows[5:]]) + "\n", encoding="utf-8")
    county = tmp_path / "county"
    shutil.copytree(plain, county)
    for table, names in COUNTY.items():
        rows = (county / table).read_text(encoding="utf-8").split("\n")
        head = ",".join(names.get(c, c) for c in rows[0].split(","))
        (county / table).write_text("\n".join(head if row == rows[0] else row for row in rows), encoding="utf-8")
    want = _batch(run, plain, tmp_path / "want.jsonl", "--engine", engine)
    got = _batch(run, county, tmp_path / "got.jsonl", "--engine", engine, "--rename-column", RENAMES)
    assert got.exit_code == want.exit_code == 2, got.stderr
    assert "3 rows of no household" in got.stderr, got.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()
    errors = [(tmp_path / name).read_text(encoding="utf-8") for name in ("want.jsonl.errors.jsonl",
                                                                           "got.jsonl.errors.jsonl")]
    assert errors[1].replace(str(county), str(plain)) == errors[0]
    assert errors[1].count("the header row again") == 3


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_tables_with_other_line_endings_keep_every_row(run, tmp_path, ending):
    """Windows' `\\r\\n`, and the `\\r` alone of old spreadsheet exports: the copy's header ends as the file's does,
    and no row is lost with the header's line."""
    plain = _tables(tmp_path / "plain", 12)
    county = _county(plain, tmp_path / "county")
    for folder in (plain, county):
        for table in COUNTY:
            (folder / table).write_bytes((folder / table).read_bytes().replace(b"\n", ending.encode()))
    want = _batch(run, plain, tmp_path / "want.jsonl")
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", RENAMES)
    assert want.exit_code == got.exit_code == 0, got.stderr
    assert got.stderr.startswith("12 households; 12 decisions written")
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


def test_a_compressed_table_is_renamed_too(run, tmp_path):
    plain = _tables(tmp_path / "plain")
    county = _county(plain, tmp_path / "county")
    members = county / "members.csv"
    (county / "members.csv.gz").write_bytes(gzip.compress(members.read_bytes()))
    members.unlink()
    assert _batch(run, plain, tmp_path / "want.jsonl").exit_code == 0
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", RENAMES)
    assert got.exit_code == 0, got.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


def test_the_copies_a_killed_run_left_are_removed_by_the_next_run_and_those_of_a_running_one_kept(run, tmp_path,
                                                                                                     monkeypatch):
    """A run killed once its copies were made (SIGKILL, the system out of memory) cannot remove them itself: the
    next run removes them, and its own when it ends; a folder of a run still going is left to it."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the copies go, as TMPDIR would say
    killed = subprocess.run([sys.executable, "-c", "import os, signal\n"
                             "from engine.batch.csv_compressed import Copies\n"
                             "copies = Copies()\n"
                             "copies.place('renamed-households.csv').write_text('id')\n"
                             "os.kill(os.getpid(), signal.SIGKILL)"],
                            env={**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)}, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert [len(list(left.iterdir())) for left in scratch.glob("policy-tables-*")] == [1]
    going = scratch / f"policy-tables-{os.getpid()}-{machine_name()}-going"
    going.mkdir()
    county = _county(_tables(tmp_path / "plain"), tmp_path / "county")
    assert _batch(run, county, tmp_path / "got.jsonl", "--rename-column", RENAMES).exit_code == 0
    assert list(scratch.glob("policy-*")) == [going]


def test_tables_refused_once_renamed_remove_their_copies_at_once(tmp_path, monkeypatch):
    """Tables refused after their copies were made (here: no household after the header) remove them then, not when
    the error that refused them is let go of."""
    from engine.batch.csv_tables import CsvTables

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    county = _county(_tables(tmp_path / "plain"), tmp_path / "county")
    for table in county.iterdir():
        table.write_bytes(table.read_bytes().split(b"\n", 1)[0] + b"\n")
    with pytest.raises(InputError, match="holds no household") as refused:
        CsvTables(county, [load_policy(POST)[0]], renamed=renamed_columns([RENAMES], [load_policy(POST)[0]]))
    assert refused.value.__traceback__ is not None  # (which holds the tables, and with them their copies)
    assert list(scratch.glob("policy-*")) == []


def test_a_bad_cell_under_a_renamed_header_is_placed_on_its_own_line_of_the_file_given(run, tmp_path):
    plain = _tables(tmp_path / "plain")
    table = plain / "households.csv"
    head, first, rest = table.read_text(encoding="utf-8").split("\n", 2)
    cells = first.split(",")
    cells[head.split(",").index("assets.deposits")] = "12x"
    table.write_text("\n".join([head, ",".join(cells), rest]), encoding="utf-8")
    county = _county(plain, tmp_path / "county")
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", RENAMES)
    assert got.exit_code == 2
    bad = [json.loads(line) for line in (tmp_path / "got.jsonl.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(b["source"], b["diagnostics"][0]["path"]) for b in bad] == \
        [(f"{county / 'households.csv'}:2", "assets.deposits")]
    said = bad[0]["diagnostics"][0]  # (by the header the file writes too, where its reader looks)
    assert (said["message"], said["zh"]["message"]) == ('"12x" is not a number, in the file\'s column `存款`',
                                                        '"12x" 不是数字，在文件中的 `存款` 列')
    assert said["header"] == "存款"
    hid = _sample(40)[0]["id"]
    for lang, place in (("en", "column `存款` (assets.deposits): error[H002]: "),
                        ("zh", "的 `存款` 列（assets.deposits）: 错误[H002]: ")):
        evaluated = run("eval", county, "--household", hid, "--policy", POST, "--date", DAY, "--lang", lang,
                        "--rename-column", RENAMES)
        assert evaluated.exit_code == 2  # at its row and the column as the file writes it, said once
        assert evaluated.stderr.startswith(f"{county / 'households.csv'}:2{',' if lang == 'en' else ''} {place}"), \
            evaluated.stderr
        assert "在文件中" not in evaluated.stderr and "in the file's column" not in evaluated.stderr


def _with_cells(folder: Path, table: str, column: str, cells: dict[int, str]) -> None:
    """A table with the cells of `column` in the rows given (1: the first after the header) written otherwise."""
    path = folder / table
    head, *rows = path.read_text(encoding="utf-8").split("\n")
    at = head.split(",").index(column)
    for row, text in cells.items():
        parts = rows[row - 1].split(",")
        parts[at] = text
        rows[row - 1] = ",".join(parts)
    path.write_text("\n".join([head, *rows]), encoding="utf-8")


def test_every_command_names_a_bad_cell_s_column_by_the_header_the_file_writes(run, tmp_path):
    """The data engineer looks for `出生日期` in the export, not `birth_date`: a finding about a cell under a renamed
    header, the summary's advice on dates a spreadsheet wrote, and a split amount's column all name the file's own."""
    plain = _tables(tmp_path / "plain", 6)
    _with_cells(plain, "members.csv", "birth_date", {1: "1960/5/1"})
    _with_cells(plain, "households.csv", "assets.deposits", {3: "51,590.00"})
    county = _county(plain, tmp_path / "county")
    members, households_csv = county / "members.csv", county / "households.csv"
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", RENAMES, "--summary", tmp_path / "s.json")
    assert got.exit_code == 2
    assert f'{members}:2: "1960/5/1" is not a date (YYYY-MM-DD), in the file\'s column `出生日期`' in got.stderr
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    dates = next(p for p in summary["problems"] if p["path"] == "members[].birth_date")
    assert dates["dates_written_otherwise"]["help"].startswith("column `出生日期` of members.csv: 1 record writes")
    split = json.loads((tmp_path / "got.jsonl.errors.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert split["source"] == f"{households_csv}:4"
    assert "split at its thousands separator (column `存款`)" in split["diagnostics"][0]["help"]
    hid = _sample(6)[0]["id"]
    evaluated = run("eval", county, "--household", hid, "--policy", POST, "--date", DAY, "--lang", "en",
                    "--rename-column", RENAMES)
    assert evaluated.exit_code == 2
    # (at the row and the column as the file writes them, said once)
    assert f'{members}:2 (p1), column `出生日期` (birth_date): error[H002]: "1960/5/1" is not a date (YYYY-MM-DD)\n' \
        in evaluated.stdout + evaluated.stderr
    old = "policy/2024-transition.yaml"
    diffed = run("diff", old, POST, "--households", county, "--date", DAY, "--format", "json", "--lang", "en",
                 "--rename-column", RENAMES)
    bad = json.loads(diffed.stdout)["impact"]["bad"]
    assert any(d["message"].endswith("in the file's column `出生日期`") for b in bad for d in b["diagnostics"])
    ingested = run("monitor", "ingest", county, "--db", tmp_path / "r.sqlite3", "--date", DAY, "--policy", POST,
                   "--rename-column", RENAMES, "--lang", "zh")
    assert (f'{members}:2 (p1) 的 `出生日期` 列（birth_date）: 错误[H002]: 家庭 SAMPLE-0000001："1960/5/1" 不是日期'
            '（应为 YYYY-MM-DD）\n') in ingested.stdout + ingested.stderr


def test_a_line_of_no_known_kind_is_told_to_write_one_in_the_column_the_file_names(run, tmp_path):
    """A row of lines.csv whose `kind` is `xx`, read from a column headed `类别` (`--rename-column 类别=kind`), is
    placed at column `类别`; its help said to write `income` or `expense` in the `kind` column, which the file has
    not. It names the column as the file writes it, as its place does, in each language and each command; so does
    the help for the export's own word for a kind (`收入`)."""
    plain = _tables(tmp_path / "plain", 6)
    table = plain / "lines.csv"
    rows = table.read_text(encoding="utf-8").splitlines()[1:]
    households_of = [row.split(",", 1)[0] for row in rows]
    second = next(i for i, hid in enumerate(households_of) if hid != households_of[0])
    _with_cells(plain, "lines.csv", "kind", {1: "xx", second + 1: "收入"})
    county = _county(plain, tmp_path / "county", {**COUNTY, "lines.csv": {"household": "户编号", "kind": "类别"}})
    renames = f"{RENAMES},类别=kind"
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", renames)
    assert got.exit_code == 2
    helps = {"xx": ("write `income` or `expense` in the `类别` column", "请在 `类别` 列填写 `income` 或 `expense`"),
             "收入": ("write `income` in the `类别` column; or read `收入` as `income` with --rename-value 收入=income",
                    "请在 `类别` 列填写 `income`；或把 `收入` 读作 `income`：加上 --rename-value 收入=income")}
    written = [d for line in (tmp_path / "got.jsonl.errors.jsonl").read_text(encoding="utf-8").splitlines()
               for d in json.loads(line)["diagnostics"]]
    assert [(d["header"], d["help"], d["zh"]["help"]) for d in written] == [("类别", *helps[w]) for w in ("xx", "收入")]
    for lang, said in (("en", "  help: {}\n"), ("zh", "  提示：{}\n")):
        evaluated = run("eval", county, "--household", households_of[0], "--policy", POST, "--date", DAY, "--lang",
                        lang, "--rename-column", renames)
        assert evaluated.exit_code == 2
        assert said.format(helps["xx"][lang == "zh"]) in evaluated.stderr, evaluated.stderr
    diffed = run("diff", "policy/2024-transition.yaml", POST, "--households", county, "--date", DAY, "--format",
                 "json", "--rename-column", renames)
    assert [d["help"] for b in json.loads(diffed.stdout)["impact"]["bad"] for d in b["diagnostics"]] == \
        [helps[w][0] for w in ("xx", "收入")]


def test_the_refusal_of_a_labelled_header_offers_the_option_with_the_pairs_given_and_following_it_runs(run, tmp_path):
    county = _county(_tables(tmp_path / "plain"), tmp_path / "county")
    first = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", "户编号=id,户编号=household")
    assert first.exit_code == 2
    offered = "--rename-column 户编号=id,户编号=household,存款=assets.deposits,出生日期=birth_date"
    # members.csv's own word for `birth_date` too, in the same run
    assert "members.csv: no column `birth_date`, which every row needs" in first.stderr, first.stderr
    assert f"\n  help: rename `存款` to `assets.deposits`; rename `出生日期` to `birth_date`, in the file or with " \
        f"{offered}\n" in first.stderr, first.stderr
    done = _batch(run, county, tmp_path / "got.jsonl", *offered.split(" "), "--summary", tmp_path / "run.json")
    assert done.exit_code == 0, done.stderr
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert summary["renamed_columns"] == [*RENAMES.split(",")[:3], "出生日期=birth_date"]


def test_following_each_refusal_s_offered_option_reaches_the_decisions_of_the_tables_as_the_layout_names_them(
        run, tmp_path):
    """From no option at all, each refusal of the county's headers offers the pairs to add (the id's own word too,
    `户编号`, which no label names, where it is the one column that can hold it), and doing as it says runs."""
    plain = _tables(tmp_path / "plain")
    county = _county(plain, tmp_path / "county")
    assert _batch(run, plain, tmp_path / "want.jsonl").exit_code == 0
    given: list[str] = []
    offers = []
    for _ in range(4):
        got = _batch(run, county, tmp_path / "got.jsonl", *given)
        if got.exit_code == 0:
            break
        assert got.exit_code == 2, got.stderr
        help_line = next(line for line in got.stderr.splitlines() if "--rename-column " in line)
        offers.append(help_line.split("in the file or with ")[1])
        given = offers[-1].split(" ")
    # households.csv's, then members.csv's, in one run
    assert offers == ["--rename-column 户编号=id,存款=assets.deposits,户编号=household,出生日期=birth_date"]
    assert got.exit_code == 0, got.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


def test_a_column_with_no_header_is_placed_after_the_header_the_file_writes(run, tmp_path):
    county = _county(_tables(tmp_path / "plain", 4), tmp_path / "county")
    table = county / "households.csv"
    head, rest = table.read_text(encoding="utf-8").split("\n", 1)
    table.write_text(head.replace("户编号,date,", "户编号,,") + "\n" + rest, encoding="utf-8")
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", RENAMES)
    assert got.exit_code == 2
    assert f"{table}: column 2 (after `户编号`) has no header, but holds values" in got.stderr, got.stderr


def test_a_pair_that_renames_nothing_is_noted_with_why_and_a_table_named_takes_its_own(run, tmp_path):
    county = _county(_tables(tmp_path / "plain"), tmp_path / "county")
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", RENAMES + ",电话=id")
    assert got.exit_code == 0, got.stderr
    assert f"note: `--rename-column 电话=id`: no table of {county} has a column `电话`; nothing renamed for it" \
        in got.stderr
    idle = _batch(run, county, tmp_path / "idle.jsonl", "--rename-column", RENAMES + ",sex=relation,存款=household")
    assert idle.exit_code == 0, idle.stderr
    assert "note: `--rename-column sex=relation`: members.csv has `relation` already, beside `sex`; nothing renamed " \
           "for it\nnote: `--rename-column 存款=household`: `存款` is in households.csv, whose rows hold no " \
           "`household`; nothing renamed for it\n" in idle.stderr, idle.stderr
    assert (tmp_path / "idle.jsonl").read_bytes() == (tmp_path / "got.jsonl").read_bytes()
    # members.csv's `户编号` named for its table: `户编号=id` is not also tried there
    named = _batch(run, county, tmp_path / "named.jsonl", "--rename-column",
                   "户编号=id,members.csv:户编号=household,lines.csv:户编号=household,存款=assets.deposits,"
                   "出生日期=birth_date")
    assert named.exit_code == 0, named.stderr
    assert (tmp_path / "named.jsonl").read_bytes() == (tmp_path / "got.jsonl").read_bytes()


@pytest.mark.parametrize(("pairs", "said"), [
    ("户编号", "`--rename-column`: `户编号` is not written OLD=NEW; write the export's header, `=` and the column it "
              "holds: `存款=assets.deposits`"),
    ("出生日期", "`出生日期` is not written OLD=NEW; write the export's header, `=` and the column it holds: "
                "`出生日期=birth_date`"),  # (the policy's label says which)
    ("存款=deposits", "`--rename-column 存款=deposits`: `deposits` is none of the columns of the CSV tables (did you "
                     "mean `assets.deposits`?)"),
    ("=id", "`--rename-column =id`: write the export's header before `=` and the column it holds after it"),
    ("people.csv:a=id", "`people.csv` is none of the CSV tables; write households.csv, members.csv or lines.csv"),
    ("members.csv:户编号=id,members.csv:户编号=household",
     "`--rename-column`: `户编号` is renamed both `id` (members.csv:户编号=id) and `household` "
     "(members.csv:户编号=household); keep the one it holds"),
    ("members.csv:户编号=id", "county/members.csv: `--rename-column members.csv:户编号=id`: the table has a column "
                             "`id` already, beside `户编号`; keep the one that holds it and remove the other"),
    ("households.csv:id=id", "--rename-column households.csv:id=id renames the column `id` to itself; leave the "
                             "pair out: a column named `id` is read as it is"),  # (not `a column `id` beside `id``)
    ("存款=assets.deposits,户编号=assets.deposits", "county/households.csv: --rename-column renames `存款` and "
                                                  "`户编号` both `assets.deposits`; rename only the one that holds it"),
])
def test_a_mistaken_pair_is_said_before_a_row_is_read(run, tmp_path, pairs, said):
    county = _county(_tables(tmp_path / "plain", 4), tmp_path / "county")
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", pairs)
    assert got.exit_code == 2 and said in got.stderr, got.stderr
    zh = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", pairs, "--lang", "zh")
    assert zh.exit_code == 2 and glued_options(zh.stderr) == [], zh.stderr  # the option copied without `：`
    assert not (tmp_path / "got.jsonl").exists()


def test_a_header_both_ignored_and_renamed_is_refused(run, tmp_path):
    county = _county(_tables(tmp_path / "plain", 4), tmp_path / "county")
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-column", RENAMES, "--ignore-column", "存款")
    assert got.exit_code == 2
    assert "`存款` is given to both `--ignore-column` and `--rename-column`: leave it out (an export's own column) " \
           "or read it as the column it holds, not both" in got.stderr, got.stderr
    assert glued_options(got.stderr) == [], got.stderr  # each option copied alone


def test_a_full_width_equals_sign_is_read_as_one():
    policy = load_policy(POST)[0]
    assert renamed_columns(["存款＝assets.deposits"], [policy]) == renamed_columns(["存款=assets.deposits"], [policy])
    assert renamed_columns([" 存款 = assets.deposits ,"], [policy]).written == ["存款=assets.deposits"]
    assert not Renames()


def test_a_header_with_spaces_around_it_is_renamed_by_its_words():
    renames = renamed_columns(["存款=assets.deposits"], [load_policy(POST)[0]])
    assert renames.header("households.csv", ("id", " 存款 "), ["id", "assets.deposits"]) == ("id", "assets.deposits")
    assert renames.idle({"households.csv": (("id", "存款 "), ("id", "assets.deposits"))},
                        {"households.csv": ["id", "assets.deposits"]}, "export") == []


def test_two_unnamed_pairs_for_one_header_a_table_can_hold_both_of_are_asked_which():
    renames = renamed_columns(["户编号=sex,户编号=relation"], [load_policy(POST)[0]])
    said = "renames `户编号` both `sex` and `relation`; keep the pair of the column it holds, or name the table"
    with pytest.raises(InputError, match=said):
        renames.header("members.csv", ("户编号", "id", "birth_date"), ["household", "id", "sex", "relation"])


def test_other_inputs_are_told_the_option_is_for_csv_tables(run, tmp_path):
    jsonl = tmp_path / "h.jsonl"
    jsonl.write_text("".join(json.dumps(h) + "\n" for h in _sample(3)), encoding="utf-8")
    got = _batch(run, jsonl, tmp_path / "got.jsonl", "--rename-column", "存款=assets.deposits")
    assert got.exit_code == 2
    assert f"--rename-column renames the headers of CSV tables, and {jsonl} is JSON" in got.stderr, got.stderr
    spark = _batch(run, jsonl, tmp_path / "got.parquet", "--engine", "spark", "--rename-column", "存款=assets.deposits")
    assert spark.exit_code == 2 and "--engine spark reads JSON Lines or Parquet" in spark.stderr, spark.stderr
    single = run("eval", "examples/households/DS-0001-dibao-widow.json", "--rename-column", "存款=assets.deposits",
                 "--lang", "en")
    assert single.exit_code == 2 and "is JSON: its records name their fields as `policy schema household` does" \
        in single.stderr, single.stderr
    ingested = run("monitor", "ingest", jsonl, "--db", tmp_path / "r.sqlite3", "--rename-column",
                   "存款=assets.deposits", "--lang", "en")
    assert ingested.exit_code == 2 and f"{jsonl} is JSON" in ingested.stderr, ingested.stderr
    assert not (tmp_path / "r.sqlite3").exists()


def test_eval_diff_and_monitor_read_the_renamed_tables_as_batch_does(run, tmp_path):
    plain = _tables(tmp_path / "plain", 4)
    hid = _sample(4)[1]["id"]
    read_alike_by_eval_diff_and_monitor(run, tmp_path, plain, _county(plain, tmp_path / "county"), hid,
                                        ("--rename-column", RENAMES), "headers read as the columns they hold")


def read_alike_by_eval_diff_and_monitor(run: Any, tmp_path: Path, plain: Path, county: Path, hid: str,
                                        option: tuple[str, str], noted: str) -> None:
    """`policy eval` of household `hid`, `policy diff --households` and `policy monitor ingest` read `county` given
    `option` as `plain` without it; the diff's report says the option's pairs under its counts (`noted`, then the
    option and its pairs), and the option without `--households` is a usage error."""
    want = run("eval", plain, "--household", hid, "--policy", POST, "--date", DAY, "--format", "json")
    got = run("eval", county, "--household", hid, "--policy", POST, "--date", DAY, "--format", "json", *option)
    assert want.exit_code == 0 and got.exit_code == 0, got.stderr
    assert got.stdout == want.stdout
    old = "policy/2024-transition.yaml"
    want = run("diff", old, POST, "--households", plain, "--date", DAY, "--format", "json", "--lang", "en")
    got = run("diff", old, POST, "--households", county, "--date", DAY, "--format", "json", "--lang", "en", *option)
    assert got.exit_code == want.exit_code == 1, got.stderr
    report, plain_report = json.loads(got.stdout.replace(str(county), str(plain))), json.loads(want.stdout)
    said = f"{noted} (`{option[0]}`): {', '.join(f'`{p}`' for p in option[1].split(','))}"
    assert [n for n in report["impact"].pop("notes") if n not in plain_report["impact"].pop("notes")] == \
        [{"level": "note", "message": said}]
    assert report == plain_report  # (the households' sources name their files)
    alone = run("diff", old, POST, *option, "--lang", "en")
    assert alone.exit_code == 2 and "give --households too" in alone.stderr
    ingested = run("monitor", "ingest", county, "--db", tmp_path / "r.sqlite3", "--date", DAY, "--policy", POST,
                   *option, "--lang", "en")
    assert ingested.exit_code == 0, ingested.stderr
    shown = run("monitor", "show", hid, "--db", tmp_path / "r.sqlite3", "--lang", "en")
    assert shown.exit_code == 0 and hid in shown.stdout, shown.stderr


def test_an_offered_option_is_quoted_where_a_shell_would_split_it_and_runs_as_pasted(run, tmp_path):
    """Headers with a space or ASCII brackets (`出生 日期`, `存款(元)`) are offered in quotes, which a shell reads as
    one argument (pasted bare, `(` is a shell's syntax error); a header the shell takes as it is stays bare."""
    from engine.diagnostics import shell_word

    assert [shell_word(w) for w in ("户编号=id", "A级（安全）=A", "存款(元)=x", "出生 日期=x", "it's", "")] == \
        ["户编号=id", "A级（安全）=A", "'存款(元)=x'", "'出生 日期=x'", "'it'\\''s'", "''"]
    plain = _tables(tmp_path / "plain", 12)
    county = tmp_path / "county"
    shutil.copytree(plain, county)
    for table, old, new in (("households.csv", "assets.deposits", "存款(元)"),
                            ("members.csv", "birth_date", "出生 日期")):
        head, rest = (county / table).read_text(encoding="utf-8").split("\n", 1)
        (county / table).write_text(head.replace(old, new) + "\n" + rest, encoding="utf-8")
    pasted: list[str] = []
    for _ in range(3):  # one table's header a run, as each run says it
        got = _batch(run, county, tmp_path / "got.jsonl", *pasted)
        if got.exit_code == 0:
            break
        [offered] = [line for line in got.stderr.splitlines() if "with --rename-column" in line]
        pasted = shlex.split(offered.split("with ", 1)[1])  # as a shell reads the help's option
    assert pasted == ["--rename-column", "存款(元)=assets.deposits,出生 日期=birth_date"]
    assert "with --rename-column '存款(元)=assets.deposits,出生 日期=birth_date'" in offered
    want = _batch(run, plain, tmp_path / "want.jsonl")
    assert got.exit_code == want.exit_code == 0, got.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


# a county system's headers of every column: the date, and inputs whose labels hold other words (`饮水安全` for
# `drinking_water.safe`, labelled `饮用水安全`)
WORDED = {"households.csv": {"id": "户编号", "date": "日期", "assets.deposits": "存款",
                             "assets.extra_houses": "其他住房", "assets.registered_business": "注册企业",
                             "drinking_water.safe": "饮水安全"},
          "members.csv": {"household": "户编号", "birth_date": "出生日期", "serious_illness": "重病", "student": "在校",
                          "supporter": "赡养人"},
          "lines.csv": {"household": "户编号"}}


def _followed(run: Any, folder: Path, out: Path, given: list[str]) -> tuple[Any, list[str]]:
    """Run as each refusal's help line says, until the run goes through or a refusal offers no option."""
    offers = []
    for _ in range(4):
        got = run("batch", folder, "-o", out, "--policy", POST, "--lang", "en", "-j", "1", *given)
        offered = [line.split("with ")[-1] for line in got.stderr.splitlines() if " --rename-column " in line]
        if got.exit_code == 0 or not offered:
            break
        assert "--ignore-column" not in got.stderr, got.stderr
        offers.append(offered[0])
        given = shlex.split(offered[0])
    return got, offers


def test_a_header_whose_words_are_an_input_s_label_s_is_offered_its_rename_never_to_be_left_out(run, tmp_path):
    """`日期` is the household's date, `饮水安全` the `drinking_water.safe` labelled `饮用水安全`, `重病` the
    `serious_illness` labelled `患重特大疾病`: each refusal offers their pairs, not --ignore-column (after which every
    household would be decided on the day of the run, with safe water, with no member ill), and following the help
    lines gives the decisions of the tables as the layout names them."""
    plain = _tables(tmp_path / "plain")
    assert run("batch", plain, "-o", tmp_path / "want.jsonl", "--policy", POST, "-j", "1").exit_code == 0
    county = _county(plain, tmp_path / "county", WORDED)
    got, offers = _followed(run, county, tmp_path / "got.jsonl", [])
    assert offers == ["--rename-column 户编号=id,日期=date,存款=assets.deposits,其他住房=assets.extra_houses,"
                      "注册企业=assets.registered_business,饮水安全=drinking_water.safe,户编号=household,"
                      "出生日期=birth_date,重病=serious_illness,在校=student,赡养人=supporter"]  # both tables', at once
    assert got.exit_code == 0, got.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()
    # a header that shares no word with an input the file lacks is the export's own: that one is left out
    _add = county / "households.csv"
    head, rest = _add.read_text(encoding="utf-8").split("\n", 1)
    _add.write_text(head + ",电话\n" + "\n".join(row + ",1380000" if row else row for row in rest.split("\n")),
                    encoding="utf-8")
    phone = run("batch", county, "-o", tmp_path / "got.jsonl", "--policy", POST, "--lang", "en", "-j", "1",
                "--rename-column", "户编号=id,存款=assets.deposits")
    assert phone.stderr.endswith("leave it out of every household: --ignore-column 电话\n"), phone.stderr
    assert "holds `assets.extra_houses`" in phone.stderr, phone.stderr


def test_a_pair_for_an_id_is_offered_for_its_table_where_another_table_writes_the_header_for_its_own(run, tmp_path):
    """members.csv writes the household's `户编号` too, and its members' ids as `成员编号`: `户编号=id` alone would
    rename members.csv's `户编号` to the members' `id`; the help names the table (`households.csv:户编号=id`), and the
    one option for all three tables renames members.csv's `户编号` its `household` and `成员编号` (a member's number)
    its `id`, and following it gives the decisions."""
    plain = _tables(tmp_path / "plain", 6)
    assert _batch(run, plain, tmp_path / "want.jsonl").exit_code == 0
    names = {**COUNTY, "members.csv": {**COUNTY["members.csv"], "id": "成员编号"},
             "lines.csv": {"household": "户编号", "kind": "类别", "type": "类型", "member": "成员", "amount": "金额"}}
    county = _county(plain, tmp_path / "county", names)
    first = _batch(run, county, tmp_path / "got.jsonl")
    assert first.exit_code == 2  # every table's refusal, and one option for all
    assert "— `户编号`: the word for `household`; `类别`: the word for `kind`; `类型`: the word for `type`; `成员`: " \
           "the word for `member`; `金额`: the word for `amount`\n" in first.stderr, first.stderr
    offered = "households.csv:户编号=id,存款=assets.deposits,户编号=household,成员编号=id,出生日期=birth_date," \
        "类别=kind,类型=type,成员=member,金额=amount"
    assert first.stderr.endswith(f"--rename-column {offered}\n"), first.stderr
    done = _batch(run, county, tmp_path / "got.jsonl", *shlex.split(first.stderr.rsplit(" with ", 1)[1]))
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


def test_an_id_among_an_export_s_own_columns_is_the_one_every_table_shares_and_the_others_are_offered_to_leave_out(
        run, tmp_path):
    """households.csv has a phone and the head's id card besides `户编号`, and no `id`: the one of them the member and
    line tables write too, where they lack their `household`, is the household's id, offered for its table
    (`households.csv:户编号=id`), beside `户编号=household`; the others are offered to `--ignore-column` in the same
    run, and following the two options gives the decisions."""
    plain = _tables(tmp_path / "plain", 6)
    assert _batch(run, plain, tmp_path / "want.jsonl").exit_code == 0
    names = {**COUNTY, "members.csv": {**COUNTY["members.csv"], "id": "成员编号"}}
    county = _county(plain, tmp_path / "county", names)
    for table, extra in (("households.csv", ("电话", "户主身份证号")), ("members.csv", ("电话",))):
        path = county / table
        head, *rows = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join([",".join([head, *extra]), *(",".join([row, *("1380000",) * len(extra)])
                                                                 for row in rows)]) + "\n", encoding="utf-8")
    first = _batch(run, county, tmp_path / "got.jsonl")
    assert first.exit_code == 2
    [help] = [line for line in first.stderr.splitlines() if line.startswith("  help: ")]  # both options, on it
    quoted = help.split(" with ", 1)[1].split(". If ", 1)[0]  # the option as code, then a sentence
    assert quoted.startswith("`--rename-column ") and quoted.endswith("`") and glued_options(help) == [], help
    rename = quoted.strip("`")
    assert "households.csv:户编号=id" in rename and "户编号=household" in rename, first.stderr
    assert "if one of" not in first.stderr
    assert "If no policy is to read `电话` and `户主身份证号` (an export's own columns)" in help, help
    ignore = help.rsplit(": ", 1)[-1]
    assert shlex.split(ignore)[1].split(",") == ["电话", "户主身份证号"], first.stderr
    done = _batch(run, county, tmp_path / "got.jsonl", *shlex.split(rename), *shlex.split(ignore))
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


# -- a copy with no room on the disk: said in the reader's language, never the system's English -------------------

def test_a_compressed_table_with_no_room_to_decompress_says_why_in_chinese(tmp_path: Path) -> None:
    """`（No space left on device）` stood in the Chinese of a table that could not be decompressed."""
    from engine.batch.csv_compressed import _decompress

    table = tmp_path / "members.csv.gz"
    table.write_bytes(gzip.compress(b"household,member\nH-1,p1\n"))
    with pytest.raises(InputError) as refused:
        _decompress(table, "gzip", Path("/dev/full"))  # a file every write to which finds the disk full
    assert refused.value.said.zh.startswith(f"{table}：/ 中没有空间解压它（磁盘已满）；"), refused.value.said.zh
    assert refused.value.said.en.startswith(f"{table}: no room to decompress it in / (No space left on device); ")


def test_a_table_with_no_room_for_its_renamed_copy_says_why_in_chinese(tmp_path: Path) -> None:
    """`（No space left on device）` stood in the Chinese of a table whose header could not be renamed in a copy."""
    from engine.batch.renamed import renamed_copy

    table = tmp_path / "members.csv"
    table.write_bytes(b"household,member\nH-1,p1\n")
    with pytest.raises(InputError) as refused:
        renamed_copy(table, table, ["household", "id"], Path("/dev/full"))
    assert refused.value.said.zh.startswith(f"{table}：/ 中没有空间存放改了表头的副本（磁盘已满）；"), \
        refused.value.said.zh
    assert refused.value.said.en.startswith(f"{table}: no room for a copy with its header renamed in / (No space left "
                                            "on device); ")


def test_a_compressed_table_the_system_will_not_let_be_read_says_why_in_chinese(tmp_path: Path) -> None:
    """A compressed table the system would not read was said to be damaged, with the system's English in the Chinese
    (`gzip 压缩数据已损坏或中断（[Errno 21] Is a directory: '…'）`)."""
    from engine.batch.csv_compressed import _decompress

    table = tmp_path / "members.csv.gz"
    table.mkdir()
    with pytest.raises(InputError) as refused:
        _decompress(table, "gzip", tmp_path / "members.csv")
    assert refused.value.said.zh == f"{table}：无法读取：这是一个文件夹，不是文件"  # not damaged: not read at all
    assert refused.value.said.en == f"{table}: cannot read it: Is a directory"
