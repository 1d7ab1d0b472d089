"""`--rename-value` for JSON and Parquet: a county system's JSON export (or Parquet file) writing values in its own
words (`"relation": "户主"`, `"serious_illness": "否"`, `"type": "工资"`) is read as the values they stand for, by
`policy batch` (both engines, JSON Lines read by Arrow or record by record, Parquet, Spark), `policy eval`,
`policy diff --households` and `policy monitor ingest`, with the decisions of the households written in the policy's
values; a refused run offers the one option that reads every word it met."""

from __future__ import annotations

import copy
import datetime
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from engine.export_words import read_as_values
from engine.loader import load_policy
from tests.helpers import POST
from tests.test_batch_rename_column import DAY, _batch, _sample, read_alike_by_eval_diff_and_monitor
from tests.test_batch_rename_value import _offered, _offered_each

# a county system's words, by field: every value of it written as the word (spaces around one, as some systems pad)
MEMBER_WORDS = {"relation": {"head": "户主", "spouse": "配偶"}, "sex": {"male": "男", "female": " 女"},
                "serious_illness": {False: "否", True: "是"}}
LINE_WORDS = {"wage": "工资"}
PAIRS = "户主=head,配偶=spouse,男=male,女=female,否=false,是=true,工资=wage"


def _in_words(household: dict[str, Any]) -> dict[str, Any]:
    county = copy.deepcopy(household)
    for member in county["members"]:
        for field, words in MEMBER_WORDS.items():
            if field in member and any(member[field] == value and type(member[field]) is type(value)
                                       for value in words):
                member[field] = words[member[field]]
    for line in county.get("income", []):
        line["type"] = LINE_WORDS.get(line["type"], line["type"])
    return county


def _met(households: list[dict[str, Any]]) -> set[str]:
    """The pairs of `PAIRS` whose words the households in words hold."""
    text = json.dumps([_in_words(h) for h in households], ensure_ascii=False)
    return {pair for pair in PAIRS.split(",") if f'"{pair.split("=")[0]}"' in text.replace('" 女"', '"女"')}


def _json_lines(path: Path, households: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in households), encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_json_lines_in_the_exports_words_give_the_decisions_of_the_households_in_the_policy_s_values(
        run, tmp_path, engine):
    households = _sample(40)
    plain = _json_lines(tmp_path / "plain.jsonl", households)
    county = _json_lines(tmp_path / "county.jsonl", [_in_words(h) for h in households])
    assert "户主" in county.read_text(encoding="utf-8") and "工资" in county.read_text(encoding="utf-8")
    want = _batch(run, plain, tmp_path / "want.jsonl", "--engine", engine)
    assert want.exit_code == 0, want.stderr
    refused = _batch(run, county, tmp_path / "got.jsonl", "--engine", engine)
    assert refused.exit_code == 2
    assert '"户主" is not one of the allowed values; write `"head"` (户主); or read `户主` as `head` with ' \
           "--rename-value 户主=head" in refused.stderr, refused.stderr
    assert set(_offered(refused.stderr)) == _met(households) and len(_met(households)) >= 6
    got = _batch(run, county, tmp_path / "got.jsonl", "--engine", engine, "--rename-value", PAIRS,
                 "--summary", tmp_path / "run.json")
    assert got.exit_code == 0, got.stderr
    assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["renamed_values"] == PAIRS.split(",")


def test_words_of_text_fields_are_read_by_arrow_and_a_yes_or_no_word_sends_its_line_to_the_record_route():
    """`"relation": "户主"` is read by Arrow and renamed in its columns, which the columnar intake then accepts as the
    record route would; `"serious_illness": "否"`, which Arrow cannot read as true or false, is left to the record
    route before Arrow reads its line."""
    from engine.batch.arrow_intake import read_table
    from engine.batch.arrow_words import renamed_table
    from engine.batch.evaluate import Settings
    from engine.batch.json_intake import parse_lines
    from engine.batch.renamed import renamed_columns
    from engine.batch.writers import Columns

    policy = load_policy(POST)[0]
    households = _sample(8)
    texts = [json.dumps(_in_words(h), ensure_ascii=False) for h in households]
    lines = [(text if i in (1, 4) else text.replace('"否"', "false").replace('"是"', "true")).encode()
             for i, text in enumerate(texts)]
    assert all("户主" in line.decode() for line in lines) and '"否"' in lines[1].decode() + lines[4].decode()
    words = renamed_columns((), [policy], [PAIRS]).words
    parsed = parse_lines(lines, [policy], words=words)
    assert parsed is not None and sorted(parsed.rest) == [1, 4] and sorted(parsed.lines) == [0, 2, 3, 5, 6, 7]
    table = renamed_table(parsed.table, words)
    relations = {m["relation"] for row in table.column("members").to_pylist() for m in row}
    assert "户主" not in relations and "head" in relations
    assert "工资" not in {line["type"] for row in table.column("income").to_pylist() for line in row or []}
    day = datetime.date.fromisoformat(DAY)
    settings = Settings((policy,), policy, "policy", day, day, False, "en", "jsonl", "fast",
                        Columns.of([policy], False))
    intake = read_table(table, settings)
    assert intake is not None and len(intake.rest) == 0  # every row decided from the columns


def test_renaming_in_arrow_keeps_the_nulls_and_the_other_values_as_they_are():
    import pyarrow as pa

    from engine.batch.arrow_words import renamed_table

    members = pa.list_(pa.struct([("id", pa.string()), ("relation", pa.string()), ("serious_illness", pa.bool_())]))
    table = pa.table({"members": pa.array([[{"id": "p1", "relation": " 户主\t", "serious_illness": None}],
                                           None,
                                           [{"id": "p2", "relation": None, "serious_illness": True}, None,
                                            {"id": "p3", "relation": "\u3000户主", "serious_illness": False}]],
                                          type=members),
                      "housing": pa.array([{"safety_grade": "甲"}, None, {"safety_grade": "B"}],
                                          type=pa.struct([("safety_grade", pa.string())]))})
    words = (("households.csv", "housing.safety_grade", (("甲", "A"),)),
             ("members.csv", "relation", (("户主", "head"),)), ("members.csv", "serious_illness", (("否", "false"),)))
    got = renamed_table(table, words)
    assert got.schema == table.schema
    assert got.column("members").to_pylist() == [
        [{"id": "p1", "relation": "head", "serious_illness": None}], None,
        [{"id": "p2", "relation": None, "serious_illness": True}, None,
         # (white space other than blanks and tabs is left: the record route words or reads it)
         {"id": "p3", "relation": "\u3000户主", "serious_illness": False}]]
    assert got.column("housing").to_pylist() == [{"safety_grade": "A"}, None, {"safety_grade": "B"}]


def test_renaming_in_arrow_reads_the_words_of_a_dictionary_as_a_parquet_chunk_holds_its_listed_texts():
    """A Parquet chunk's texts whose values the policy lists are read as dictionaries (`listed_places`); a word
    there is renamed as in a column of texts, where it was left to the record route."""
    import pyarrow as pa

    from engine.batch.arrow_words import renamed_table

    relations = pa.array([" 户主\t", None, "spouse", "户主"]).dictionary_encode()
    members = pa.ListArray.from_arrays(pa.array([0, 2, 4], pa.int32()), pa.StructArray.from_arrays(
        [pa.array(["p1", "p2", "p1", "p2"]), relations], names=["id", "relation"]))
    grades = pa.StructArray.from_arrays([pa.array(["甲", "B"]).dictionary_encode()], names=["safety_grade"])
    words = (("households.csv", "housing.safety_grade", (("甲", "A"),)),
             ("members.csv", "relation", (("户主", "head"),)))
    got = renamed_table(pa.table({"members": members, "housing": grades}), words)
    assert got.column("members").to_pylist() == [
        [{"id": "p1", "relation": "head"}, {"id": "p2", "relation": None}],
        [{"id": "p1", "relation": "spouse"}, {"id": "p2", "relation": "head"}]]
    assert got.column("housing").to_pylist() == [{"safety_grade": "A"}, {"safety_grade": "B"}]


def test_parquet_in_the_exports_words_is_read_as_the_values_a_yes_or_no_as_text_too(run, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from engine.batch.parquet_layout import write_households_parquet

    policy = load_policy(POST)[0]
    households = _sample(30)
    plain = tmp_path / "plain.parquet"
    write_households_parquet(households, plain, policy)
    table = pq.read_table(plain)
    members = table.schema.field("members").type.value_type
    worded = pa.list_(pa.struct([pa.field(f.name, pa.string()) if f.name == "serious_illness" else f
                                 for f in members]))
    county = tmp_path / "county.parquet"
    pq.write_table(pa.Table.from_pylist([_in_words(row) for row in table.to_pylist()],
                                        schema=pa.schema([pa.field("members", worded) if f.name == "members" else f
                                                          for f in table.schema])), county)
    want = _batch(run, plain, tmp_path / "want.jsonl")
    assert want.exit_code == 0, want.stderr
    refused = _batch(run, county, tmp_path / "got.jsonl")
    assert refused.exit_code == 2
    assert "field `serious_illness` is string, but the policy reads true or false from it" in refused.stderr
    assert "or, if it holds words for yes and no, read them with --rename-value 是=true,否=false" in refused.stderr
    for engine in ("fast", "exact"):
        got = _batch(run, county, tmp_path / "got.jsonl", "--engine", engine, "--rename-value", PAIRS)
        assert got.exit_code == 0, got.stderr
        assert (tmp_path / "got.jsonl").read_bytes() == (tmp_path / "want.jsonl").read_bytes()


def test_eval_diff_and_monitor_read_json_words_as_batch_does(run, tmp_path):
    households = _sample(4)
    plain = _json_lines(tmp_path / "plain.jsonl", households)
    county = _json_lines(tmp_path / "county.jsonl", [_in_words(h) for h in households])
    read_alike_by_eval_diff_and_monitor(run, tmp_path, plain, county, households[1]["id"],
                                        ("--rename-value", PAIRS), "values read as the values they stand for")
    # what the register keeps is what was decided: the values, never the words
    with sqlite3.connect(tmp_path / "r.sqlite3") as register:
        kept = [bytes(row[0]).decode() for row in register.execute("SELECT household_json FROM snapshots")]
    assert len(kept) == 4 and all('"relation":"head"' in text and "户主" not in text for text in kept), kept
    reassessed = run("monitor", "reassess", "--db", tmp_path / "r.sqlite3", "--policy", POST, "--dry-run")
    assert reassessed.exit_code == 0, reassessed.stderr  # (every snapshot read back and decided)


def test_eval_of_a_household_file_in_the_exports_words(run, tmp_path):
    household = _sample(3)[2]
    plain, county = tmp_path / "plain.json", tmp_path / "county.json"
    plain.write_text(json.dumps(household), encoding="utf-8")
    county.write_text(json.dumps(_in_words(household), ensure_ascii=False, indent=1), encoding="utf-8")
    want = run("eval", plain, "--policy", POST, "--date", DAY, "--format", "json")
    refused = run("eval", county, "--policy", POST, "--date", DAY, "--lang", "en")
    assert refused.exit_code == 2, refused.stderr
    assert set(_offered_each(refused.stderr)) == _met([household]) and len(_met([household])) > 1, refused.stderr
    assert not _offered(refused.stderr), refused.stderr  # (one help a finding: none trails after them)
    got = run("eval", county, "--policy", POST, "--date", DAY, "--format", "json", "--rename-value", PAIRS)
    assert want.exit_code == got.exit_code == 0, got.stderr
    assert got.stdout == want.stdout


@pytest.mark.parametrize(("field", "value", "column", "pair", "read"), [
    ("relation", " 户主 ", "relation", ("户主", "head"), "head"),  # spaces around a word aside
    ("sex", 1, "sex", ("1", "male"), "male"),  # a code written as a number
    ("serious_illness", "否", "serious_illness", ("否", "false"), False),  # a yes or no: JSON's false
    ("sex", "户主", "relation", ("户主", "head"), "户主"),  # a word of another column: left for the validator
    ("serious_illness", True, "serious_illness", ("True", "false"), True),  # true is no word
])
def test_a_field_is_renamed_only_where_it_holds_a_word_of_its_column(field, value, column, pair, read):
    policy = load_policy(POST)[0]
    data = {"id": "h", "members": [{"id": "p1", field: value}], "income": [{"type": "工资", "amount": 1}]}
    words = (("members.csv", column, (pair,)), ("lines.csv", "type", (("工资", "wage"),)))
    read_as_values(data, policy, words)
    assert data["members"][0][field] == read and data["income"][0]["type"] == "wage"


def test_spark_reads_json_words_as_the_local_engine(run, tmp_path):
    households = _sample(20)
    county = _json_lines(tmp_path / "county.jsonl", [_in_words(h) for h in households])
    local = _batch(run, county, tmp_path / "local.jsonl", "--rename-value", PAIRS)
    assert local.exit_code == 0, local.stderr
    spark = _batch(run, county, tmp_path / "spark.jsonl", "--rename-value", PAIRS, "--engine", "spark",
                   "--spark-master", "local[1]")
    assert spark.exit_code == 0, spark.stderr
    assert sorted((tmp_path / "spark.jsonl").read_text().splitlines()) == \
        sorted((tmp_path / "local.jsonl").read_text().splitlines())
