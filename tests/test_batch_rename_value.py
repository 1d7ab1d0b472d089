"""`--rename-value`: values of CSV cells in a county export's own words (`户主`, `男`, `否`, `工资`) read as the values
they stand for, in `policy batch` (both engines, both routes), `policy eval`, `policy diff --households` and
`policy monitor ingest`, with the decisions of the tables written in the policy's values; the files untouched, and
every mistake in a pair said before a row is read."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest

from engine.batch.readers import InputError
from engine.batch.renamed import renamed_columns
from engine.loader import load_policy
from tests.helpers import POST, glued_options
from tests.test_batch_rename_column import (
    DAY,
    _batch,
    _sample,
    _tables,
    decided_alike,
    read_alike_by_eval_diff_and_monitor,
)

# a county system's words for values, by table: every cell that is the value, written as the word
WORDS = {"members.csv": {"head": "户主", "spouse": "配偶", "male": "男", "female": "女", "false": "否"},
         "households.csv": {"false": "否", "true": "是"},
         "lines.csv": {"wage": "工资"}}
PAIRS = "户主=head,配偶=spouse,男=male,女=female,否=false,是=true,工资=wage"


def _county(tables: Path, folder: Path, written: dict[str, dict[str, str]] = WORDS) -> Path:
    """The tables with the county's words for values (`written`): each cell that is one of them, written as the
    word."""
    shutil.copytree(tables, folder)
    for table, words in written.items():
        path = folder / table
        head, *rows = path.read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join([head, *(",".join(words.get(cell, cell) for cell in row.split(","))
                                           for row in rows)]), encoding="utf-8")
    return folder


@pytest.mark.parametrize("engine", ["fast", "exact"])
@pytest.mark.parametrize("row_by_row", [False, True])
def test_values_in_the_exports_words_give_the_decisions_of_the_tables_in_the_policy_s_values(run, tmp_path, engine,
                                                                                              row_by_row):
    refused, county = decided_alike(run, tmp_path, _county, engine, row_by_row, "--rename-value", PAIRS,
                                    "--summary", tmp_path / "run.json")
    assert "户主" in (county / "members.csv").read_text(encoding="utf-8")
    assert "工资" in (county / "lines.csv").read_text(encoding="utf-8")
    assert refused.exit_code == 2 and "write `head` (户主)" in refused.stderr
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert summary["renamed_values"] == PAIRS.split(",") and summary["renamed_columns"] == []


def test_a_pair_for_one_column_renames_there_alone_and_other_cells_are_read_as_they_are(run, tmp_path):
    """`sex:男=male` renames `男` in `sex` only; a word no pair names is refused as before, told the value."""
    plain = _tables(tmp_path / "plain", 12)
    county = _county(plain, tmp_path / "county")
    got = _batch(run, county, tmp_path / "got.jsonl", "--rename-value", "sex:男=male,sex:女=female")
    assert got.exit_code == 2
    assert '"户主" is not one of the allowed values; write `head` (户主)' in got.stderr, got.stderr
    assert "H002 members[].sex" not in got.stderr


@pytest.mark.parametrize(("pairs", "said"), [
    ("户主", "`--rename-value`: `户主` is not written OLD=NEW; write the export's word, `=` and the value it stands "
           "for: `户主=head`"),
    ("男", "`--rename-value`: `男` is not written OLD=NEW; write the export's word, `=` and the value it stands for: "
          "`男=male`"),  # (the value the policy's label names)
    ("户主=hed", "`--rename-value 户主=hed`: `hed` is no value of any column (did you mean `head`?)"),
    ("是=1", "`--rename-value 是=1`: a yes or no is read as `true` or `false`; write `是=true`"),
    ("sexx:男=male", "`--rename-value sexx:男=male`: `sexx` is no column whose cells hold one of a few values (did you "
                    "mean `sex`?)"),
    ("sex:男=head", "`--rename-value sex:男=head`: `head` is no value of `sex`"),
    # a column of numbers is said to be one, not taken for the closed column nearest in spelling
    ("disability_grade:二级=2", "`--rename-value disability_grade:二级=2`: `disability_grade` holds a whole number, "
                               "not one of a few values"),
    ("male=female", "`--rename-value male=female`: `male` is a value of `sex` already; a pair renames an export's own "
                    "word for a value"),
    ("false=false", "`--rename-value false=false`: `false` is a yes/no value already; a pair renames an export's own "
                    "word for a value"),  # of every yes/no column, not of the first one's alone
    ("户主=head,户主=spouse", "`--rename-value`: `户主` is renamed both `head` (户主=head) and `spouse` (户主=spouse) "
                            "in `relation`; keep the one it stands for, or name the column of each "
                            "(`relation:户主=…`)"),
])
def test_a_mistaken_pair_is_said_before_a_row_is_read(run, tmp_path, pairs, said):
    got = _batch(run, _tables(tmp_path / "t", 4), tmp_path / "got.jsonl", "--rename-value", pairs)
    assert got.exit_code == 2 and said in got.stderr, got.stderr
    zh = _batch(run, _tables(tmp_path / "t", 4), tmp_path / "got.jsonl", "--rename-value", pairs, "--lang", "zh")
    assert zh.exit_code == 2 and glued_options(zh.stderr) == [], zh.stderr  # the option copied without `：`
    assert not (tmp_path / "got.jsonl").exists()


def test_a_yes_no_word_renames_in_every_yes_no_column():
    renames = renamed_columns((), [load_policy(POST)[0]], ["否=false", "是=true"])
    assert [column for table, column, _ in renames.words] == [
        "assets.registered_business", "drinking_water.safe", "serious_illness"]
    with pytest.raises(InputError, match="a yes or no is read as `true` or `false`; write `是=true`"):
        renamed_columns((), [load_policy(POST)[0]], ["是=yes"])
    with pytest.raises(InputError, match="is no value of any column"):
        renamed_columns((), [load_policy(POST)[0]], ["是=maybe"])


def test_eval_diff_and_monitor_read_the_values_as_batch_does(run, tmp_path):
    plain = _tables(tmp_path / "plain", 4)
    read_alike_by_eval_diff_and_monitor(run, tmp_path, plain, _county(plain, tmp_path / "county"), _sample(4)[1]["id"],
                                        ("--rename-value", PAIRS), "values read as the values they stand for")


OFFERED = "help: to read the export's words for values as the values they stand for, run again with --rename-value "


def _households_with_words(county: Path) -> dict[str, set[str]]:
    """Each pair of `PAIRS` → the households of `county` with a cell in its word."""
    out: dict[str, set[str]] = {}
    for table, words in WORDS.items():
        head, *rows = (county / table).read_text(encoding="utf-8").splitlines()
        key = head.split(",").index("id" if table == "households.csv" else "household")
        for row in rows:
            cells = row.split(",")
            for value, word in words.items():
                if word in cells:
                    out.setdefault(f"{word}={value}", set()).add(cells[key])
    return out


def _offered(stderr: str) -> list[str]:
    """The pairs of the help that offers one `--rename-value` for every word (none: no such line)."""
    found = [line.split(OFFERED, 1)[1] for line in stderr.splitlines() if OFFERED in line]
    assert len(found) <= 1, stderr
    return found[0].split(",") if found else []


def _offered_each(stderr: str) -> list[str]:
    """The pairs the helps of `policy eval`'s findings offer, one each (`--rename-value 户主=head`), each once."""
    from engine.household_words import renamed_pair

    pairs = (renamed_pair(line) for line in stderr.splitlines() if line.startswith(("  help: ", "  提示：")))
    return list(dict.fromkeys(pair for pair in pairs if pair is not None))


@pytest.mark.parametrize("row_by_row", [False, True])
def test_a_line_s_kind_in_the_export_s_words_is_offered_with_the_household_s_other_words_and_read_so(run, tmp_path,
                                                                                                     row_by_row):
    """`收入` and `支出` in lines.csv's `kind` could not be renamed (`income` was no value of any column), nor were they
    offered; and each household's first line of no kind hid its other words until a later run."""
    words = {**WORDS, "lines.csv": {"income": "收入", "expense": "支出"}}
    pairs = "户主=head,配偶=spouse,男=male,女=female,否=false,是=true,收入=income,支出=expense"
    _, county = decided_alike(run, tmp_path, lambda plain, folder: _county(plain, folder, words), "fast", row_by_row,
                              "--rename-value", pairs)
    refused = _batch(run, county, tmp_path / "first.jsonl")
    errors = (tmp_path / "first.jsonl.errors.jsonl").read_text("utf-8").splitlines()
    found = {(d["message"], d["help"]) for line in errors for d in json.loads(line)["diagnostics"]}
    assert ("`kind` is `收入`: a row of lines.csv is `income` or `expense`",
            "write `income` in the `kind` column; or read `收入` as `income` with --rename-value 收入=income") in found
    offered = _offered(refused.stderr)
    assert sorted(offered) == sorted(pairs.split(",")), refused.stderr
    following = _batch(run, county, tmp_path / "following.jsonl", "--rename-value", ",".join(offered))
    assert following.exit_code == 0, following.stderr
    assert (tmp_path / "following.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


def test_the_summary_offers_the_words_of_every_bad_record_in_one_option_that_decides_them(run, tmp_path):
    """Each problem's example shows the word of its first record alone (`户主` for `relation`, never `配偶`); the help
    under the summary reads the words of all of them, so that one run after it decides every household, and
    `--summary` counts the records that offer each pair."""
    county = _county(_tables(tmp_path / "plain", 12), tmp_path / "county")
    refused = _batch(run, county, tmp_path / "got.jsonl", "--summary", tmp_path / "run.json")
    assert refused.exit_code == 2
    assert "配偶" not in refused.stderr.split(OFFERED)[0], refused.stderr  # (in no example)
    offered = _offered(refused.stderr)
    assert sorted(offered) == sorted(PAIRS.split(",")), refused.stderr
    holding = _households_with_words(county)
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert {w["rename"]: w["records"] for w in summary["value_words"]} == {p: len(h) for p, h in holding.items()}
    assert [w["records"] for w in summary["value_words"]] == sorted((len(h) for h in holding.values()), reverse=True)
    following = _batch(run, county, tmp_path / "got.jsonl", "--rename-value", ",".join(offered))
    assert following.exit_code == 0, following.stderr
    given = _batch(run, county, tmp_path / "got.jsonl", "--rename-value", "配偶=spouse")  # the pairs given first
    assert _offered(given.stderr)[0] == "配偶=spouse" and sorted(_offered(given.stderr)) == sorted(offered)


def test_a_resumed_run_offers_the_words_of_the_records_before_it_too():
    from engine.batch.problems import Problems
    from engine.batch.runner import Summary
    from engine.diagnostics import Diagnostic, Span

    def cell(line: int, member: int, word: str, value: str) -> Diagnostic:
        return Diagnostic("H002", f'"{word}" is not one of the allowed values', Span("members.csv", line, 1, line, 2),
                          help=f"write `{value}` ({word}); or read `{word}` as `{value}` with --rename-value "
                               f"{word}={value}", path=f"members[{member}].relation", summarized=True)

    done = Summary(problems=Problems.of_records([
        ("h:2", [cell(2, 0, "户主", "head"), cell(3, 1, "配偶", "spouse"), cell(4, 2, "配偶", "spouse")]),
        ("h:3", [cell(5, 0, "户主", "head")]), ("h:4", [cell(6, 0, "户主", "head")])]))
    assert done.problems.words == {"户主=head": 3, "配偶=spouse": 1}  # (records, not cells)
    resumed = Summary()
    resumed.restore(json.loads(json.dumps(done.counts())))  # as the journal keeps them
    assert resumed.problems.words == done.problems.words and resumed.problems.found == done.problems.found
    assert resumed.problems.value_words() == ["户主=head", "配偶=spouse"]
    older = Summary()  # a journal of a run begun before every record's words were kept: its example's alone
    older.restore({k: v for k, v in json.loads(json.dumps(done.counts())).items() if k != "value_words"})
    assert older.problems.value_words() == ["户主=head"]
    many = Problems()  # junk cannot grow the words without bound: those first met are kept, and still counted
    for k in range(150):
        many.count_word(f"w{k}=head", 1)
    many.count_word("w0=head", 2)
    assert len(many.words) == 100 and many.words["w0=head"] == 3 and "w100=head" not in many.words


def test_eval_diff_and_monitor_offer_the_words_of_their_refusals_in_one_option(run, tmp_path):
    plain = _tables(tmp_path / "plain", 4)
    county = _county(plain, tmp_path / "county")
    holding = _households_with_words(county)
    hid = _sample(4)[1]["id"]
    common = ("--policy", POST, "--date", DAY, "--lang", "en")
    # `policy eval` decides one household: each finding's one help offers its pair, and no help trails after them
    household = run("eval", county, "--household", hid, *common)
    assert household.exit_code == 2 and OFFERED not in household.stderr, household.stderr
    offered = _offered_each(household.stderr)
    assert sorted(offered) == sorted(p for p, h in holding.items() if hid in h) and "户主=head" in offered, \
        household.stderr
    given = run("eval", county, "--household", hid, *common, "--rename-value", "户主=head")
    assert OFFERED not in given.stderr and sorted(_offered_each(given.stderr)) == \
        sorted(p for p in offered if p != "户主=head"), given.stderr
    read = run("eval", county, "--household", hid, *common, "--rename-value", ",".join(offered))
    assert read.exit_code == 0 and OFFERED not in read.stderr, read.stderr
    diffed = run("diff", "policy/2024-transition.yaml", POST, "--households", county, "--date", DAY, "--lang", "en")
    assert sorted(_offered(diffed.stderr)) == sorted(holding), diffed.stderr
    # `policy monitor ingest` shows each bad record's findings, as `policy eval` does: each help offers its pair
    ingested = run("monitor", "ingest", county, "--db", tmp_path / "r.sqlite3", *common)
    assert ingested.exit_code == 2 and OFFERED not in ingested.stderr, ingested.stderr
    assert sorted(_offered_each(ingested.stderr)) == sorted(holding), ingested.stderr
    one = tmp_path / "one"  # one word alone: offered on its finding's line only
    shutil.copytree(plain, one)
    members = one / "members.csv"
    members.write_text(members.read_text(encoding="utf-8").replace(",head,", ",户主,", 1), encoding="utf-8")
    first = _sample(4)[0]["id"]
    alone = run("eval", one, "--household", first, *common)
    assert alone.exit_code == 2 and "with --rename-value 户主=head" in alone.stderr and OFFERED not in alone.stderr


def test_a_word_a_shell_would_split_is_offered_in_quotes_and_runs_as_pasted(run, tmp_path):
    """`A级(安全)`, the label `A级（安全）` typed with ASCII brackets: its pair is offered in quotes, on its finding's
    line and in the option under the summary, and the option as a shell reads it decides every household."""
    plain = _tables(tmp_path / "plain", 12)
    county = tmp_path / "county"
    shutil.copytree(plain, county)
    households = county / "households.csv"
    text = households.read_text(encoding="utf-8")
    households.write_text(text.replace(",A,", ",A级(安全),").replace(",B,", ",B级(基本安全),"), encoding="utf-8")
    got = _batch(run, county, tmp_path / "got.jsonl")
    assert got.exit_code == 2
    assert "or read `A级(安全)` as `A` with --rename-value 'A级(安全)=A'\n" in got.stderr, got.stderr
    assert _offered(got.stderr) == ["'A级(安全)=A", "B级(基本安全)=B'"]  # (one quoted argument)
    [line] = [line for line in got.stderr.splitlines() if OFFERED in line]
    pasted = shlex.split(line.split("run again with ", 1)[1])
    assert pasted == ["--rename-value", "A级(安全)=A,B级(基本安全)=B"]
    assert _batch(run, county, tmp_path / "got.jsonl", *pasted).exit_code == 0
    assert _batch(run, plain, tmp_path / "want.jsonl").exit_code == 0
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


def test_an_export_writing_every_value_as_its_chinese_label_is_read_by_the_one_option_offered(run, tmp_path):
    """A county system that writes each closed value as the policy's Chinese label (`有劳动能力`, `A级（安全）`,
    `工资性收入（扣减就业成本）`, `是`): the one run's help offers the option for all of them, and with it the decisions
    are byte for byte those of the tables in the policy's values."""
    import csv

    policy = load_policy(POST)[0]
    words: dict[tuple[str, str], dict[str, str]] = {("lines.csv", "type"): {
        name: t.label.zh for name, t in [*policy.income.items(), *policy.expenses.items()] if t.label and t.label.zh}}
    for field in policy.inputs.values():
        column = words.setdefault(("households.csv" if field.level == "household" else "members.csv", field.name), {})
        column.update({"true": "是", "false": "否"} if field.type == "boolean" else
                      {str(value): label.zh for value, label in field.value_labels if label.zh})
    plain = _tables(tmp_path / "plain", 60)
    county = tmp_path / "county"
    county.mkdir()
    for table in ("households.csv", "members.csv", "lines.csv"):
        with (plain / table).open(encoding="utf-8", newline="") as file:
            head, *rows = list(csv.reader(file))
        with (county / table).open("w", encoding="utf-8", newline="") as file:
            csv.writer(file, lineterminator="\n").writerows(
                [head, *([words.get((table, name), {}).get(cell, cell) for name, cell in zip(head, row, strict=True)]
                         for row in rows)])
    refused = _batch(run, county, tmp_path / "got.jsonl")
    assert refused.exit_code == 2 and len(_offered(refused.stderr)) > 20, refused.stderr
    [line] = [line for line in refused.stderr.splitlines() if OFFERED in line]
    got = _batch(run, county, tmp_path / "got.jsonl", *shlex.split(line.split("run again with ", 1)[1]))
    assert got.exit_code == 0, got.stderr
    assert _batch(run, plain, tmp_path / "want.jsonl").exit_code == 0
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()
