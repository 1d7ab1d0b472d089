"""Household input: every mistake is reported at once, by JSON path, never as a traceback."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import json
import re
from decimal import Decimal
from typing import Any

import pytest

import engine.household
from engine.diagnostics import Said, Span, render
from engine.household import HouseholdError, earliest_birth, household_schema, validate_household
from engine.household_input import read_json
from engine.household_words import schema_finding
from engine.inputs import declaration_problems
from engine.jsonsource import JsonText
from tests.helpers import MINI, ROOT, household, member, mini_with, quotes_nested_alike

POLICY = mini_with({})
TODAY = datetime.date(2025, 1, 1)


def errors_of(data, text: str | None = None):
    with pytest.raises(HouseholdError) as caught:
        parsed = read_json(text, "h.json") if text is not None else data
        validate_household(parsed, POLICY, "h.json", today=TODAY)
    return [(d.code, d.path, d.message) for d in caught.value.diagnostics]


GOOD = household([member("p1", "1950-01-01"), member("p2", "1990-01-01")],
                 income=[{"type": "wage", "member": "p2", "amount": 1000}])

BAD_CASES = [
    ("wrong type", {**GOOD, "members": [member("p1", 19500101)]},
     ("H002", "members[0].birth_date", "19500101 is not a date (YYYY-MM-DD)")),
    ("impossible date", {**GOOD, "members": [member("p1", "1952-13-01")]},
     ("H002", "members[0].birth_date", '"1952-13-01" is not a date (YYYY-MM-DD)')),
    ("negative amount", {**GOOD, "income": [{"type": "wage", "amount": -5}]},
     ("H002", "income[0].amount", "amount -5 is negative")),
    ("unknown member", {**GOOD, "income": [{"type": "wage", "member": "p9", "amount": 5}]},
     ("H004", "income[0].member", 'no member has the id "p9"')),
    ("duplicate member id", {**GOOD, "members": [member("p1", "1950-01-01"), member("p1", "1960-01-01")]},
     ("H005", "members[1].id", 'member id "p1" is used twice')),
    ("future birth", {**GOOD, "members": [member("p1", "2030-01-01")]},
     ("H006", "members[0].birth_date", '"2030-01-01" is after the evaluation date 2025-01-01')),
    ("no members", {**GOOD, "members": []},
     ("H002", "members", "the household has no members")),
    ("unknown income type", {**GOOD, "income": [{"type": "salary", "amount": 5}]},
     ("H003", "income[0].type", '"salary" is not an income type of this policy')),
    ("unknown enum", {**GOOD, "housing": {"safety_grade": "E"}},
     ("H002", "housing.safety_grade", '"E" is not one of the allowed values')),
    ("unknown field", {**GOOD, "asets": {}},
     ("H002", "(the household)", "unknown field `asets`")),
    ("three decimals", {**GOOD, "income": [{"type": "wage", "amount": Decimal("1.005")}]},
     ("H002", "income[0].amount", "1.005 has more than two decimals")),
    ("three decimals in deposits", {**GOOD, "assets": {"deposits": Decimal("100.123")}},
     ("H002", "assets.deposits", "100.123 has more than two decimals")),
    ("deposits too large", {**GOOD, "assets": {"deposits": Decimal("1E+20")}},
     ("H002", "assets.deposits", "1E+20 is too large for an amount in yuan")),
    ("missing id", {k: v for k, v in GOOD.items() if k != "id"},
     ("H002", "(the household)", "`id` is missing")),
    ("fractional grade", {**GOOD, "members": [{**GOOD["members"][0], "disability_grade": Decimal("2.5")}]},
     ("H002", "members[0].disability_grade", "2.5 is not a whole number or null")),  # no quotes: 2.5 is no text
    ("number for a text", {**GOOD, "id": Decimal("10.50")}, ("H002", "id", "10.50 is not a text")),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_household_is_a_located_error(name, data, expected):
    assert expected in errors_of(data)


@pytest.mark.parametrize(("ids", "line_member", "expected"), [
    (["430524196807080199", "4.30524E+17"], "430524197009020200",
     ("H004", "income[0].member", 'no member has the id "430524197009020200" (members[1]\'s id is "4.30524E+17"): '
      "this is how a spreadsheet shows a long number, with its last digits hidden, and they are lost from the file")),
    (["430524196807080199", "430524197009020200"], "4.30524E+17",
     ("H004", "income[0].member", 'no member has the id "4.30524E+17": this is how a spreadsheet shows a long number, '
      "with its last digits hidden, and they are lost from the file")),
    (["4.30524E+17", "4.30524E+17"], "4.30524E+17",
     ("H005", "members[1].id", 'member id "4.30524E+17" is used twice: this is how a spreadsheet shows a long '
      "number, with its last digits hidden, and they are lost from the file")),
])
def test_member_ids_a_spreadsheet_showed_in_scientific_notation_get_its_hint_not_another_persons_id(
        ids, line_member, expected):
    data = household([member(ids[0], "1950-01-01"), member(ids[1], "1970-09-02")],
                     income=[{"type": "wage", "member": line_member, "amount": 1000}])
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json", today=TODAY)
    (found,) = [d for d in caught.value.diagnostics if (d.code, d.path, d.message) == expected]
    assert found.help is not None and found.help.startswith('format the id columns as text (not "General") and '
                                                            "export them again")
    assert "did you mean" not in found.help and "has the same id" not in found.help
    from engine.household_words import SCIENTIFIC

    assert found.zh is not None and found.zh[0].endswith(SCIENTIFIC.zh)


def test_member_ids_a_spreadsheet_kept_to_15_digits_or_wrote_as_numbers_in_scientific_notation_get_its_hint():
    """`430524199001011000` twice (15 digits kept, the rest written 0) only said "is used twice"; a JSON number
    `4.30524e+17` was told to be written `"4.30524E+17"` in quotes, which keeps the digits lost: both say that the
    digits are lost and how to export the id columns as text."""
    from engine.household_words import ID_AS_TEXT, SCIENTIFIC

    zeroed = household([member("430524199001011000", "1950-01-01"), member("430524199001011000", "1970-09-02")])
    numbered = household([member(Decimal("4.30524e+17"), "1950-01-01")])
    for data, expected, lost in (
            (zeroed, ("H005", "members[1].id", 'member id "430524199001011000" is used twice: this is how a '
                      "spreadsheet keeps a long number, to 15 digits and the rest written 0, and its last digits are "
                      "lost from the file"), "只保留 15 位，其余写成 0"),
            (numbered, ("H002", "members[0].id", "4.30524E+17 is not a text"), SCIENTIFIC.zh)):
        with pytest.raises(HouseholdError) as caught:
            validate_household(data, POLICY, "h.json", today=TODAY)
        (found,) = [d for d in caught.value.diagnostics if (d.code, d.path, d.message) == expected]
        assert found.help is not None and ID_AS_TEXT.en in found.help and "in quotes" not in found.help, found.help
        said_zh = "" if found.zh is None else found.zh[0] + (found.zh[1] or "")
        assert ID_AS_TEXT.zh in said_zh and lost in said_zh, said_zh


def test_a_text_that_is_no_date_is_carried_as_data_for_the_run_summary():
    """`engine.batch.problems` tells a spreadsheet's dates by the text itself, not by reading the message back."""
    data = {**GOOD, "members": [member("p1", "1952/3/1"), member("p2", 19500101), member("p3", "1950-01-01")]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json", today=TODAY)
    assert [(d.path, d.not_a_date) for d in caught.value.diagnostics] == [
        ("members[0].birth_date", "1952/3/1"), ("members[1].birth_date", None)]


def test_all_errors_are_reported_at_once():
    data = {**GOOD, "members": [member("p1", "1952-13-01"), member("p1", "x")],
            "income": [{"type": "salary", "member": "p7", "amount": -1}]}
    codes = sorted({code for code, _, _ in errors_of(data)})
    assert codes == ["H002", "H003", "H004", "H005"]


LOCATED = """{"id": "T-1",
 "members": [{"id": "p1", "birth_date": "1952-13-01", "nmae": 1, "sx": 2},
             {"birth_date": "1950-01-01"}],
 "income": [{"type": "salary", "amount": 5}]}"""


def test_each_finding_is_located_at_its_value_its_unknown_key_or_the_map_that_misses_a_key():
    with pytest.raises(HouseholdError) as caught:
        validate_household(read_json(LOCATED, "h.json"), POLICY, "h.json", today=TODAY)
    assert all(d.span is None for d in caught.value.diagnostics), "the text is scanned only when asked"
    located = caught.value.located(JsonText(LOCATED, "h.json"))
    assert [(str(d.span), d.path, d.message) for d in located] == [  # in the order of the file
        ("h.json:2:41", "members[0].birth_date", '"1952-13-01" is not a date (YYYY-MM-DD)'),
        ("h.json:2:55", "members[0]", "unknown field `nmae`"),
        ("h.json:2:66", "members[0]", "unknown field `sx`"),
        ("h.json:3:14", "members[1]", "`id` is missing"),
        ("h.json:4:22", "income[0].type", '"salary" is not an income type of this policy'),
    ]


def test_a_household_of_a_list_is_located_within_the_list():
    text = "[\n" + json.dumps(GOOD) + ",\n" + json.dumps({**GOOD, "id": 7}) + "\n]"
    with pytest.raises(HouseholdError) as caught:
        validate_household(read_json(text, "h.json")[1], POLICY, "h.json[1]", today=TODAY)
    [found] = caught.value.located(JsonText(text, "h.json"), within=(1,))
    assert (str(found.span), found.path) == ("h.json:3:8", "id")


def test_a_finding_about_a_member_names_it_by_its_id_beside_the_path_that_counts_from_0():
    members = [member("p1", "1950-01-01"), member("p2", "1952-13-01"), member(7, "1990-01-01"),
               member("户\n3", "x"), member("p" * 30, "y")]
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "members": members}, POLICY, "h.json", today=TODAY)
    found = caught.value.diagnostics
    assert [(d.path, d.member, d.shown_path) for d in found] == [
        ("members[1].birth_date", "p2", "members[1] (p2).birth_date"),
        ("members[2].id", None, "members[2].id"),  # an id that is not a text names no one
        ("members[3].birth_date", "户\n3", 'members[3] ("户\\n3").birth_date'),
        ("members[4].birth_date", "p" * 30, f"members[4] ({'p' * 23}…).birth_date"),
    ]
    assert render(found[0]).startswith('h.json: members[1] (p2).birth_date: error[H002]: "1952-13-01" is not a date')
    assert {"path": "members[1].birth_date", "member": "p2"}.items() <= found[0].to_json().items()


def test_unknown_income_type_lists_the_known_ones():
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "income": [{"type": "salary", "amount": 5}]}, POLICY, "h.json")
    assert caught.value.diagnostics[0].help == 'known types counted as income: "wage"; not counted: "basic_pension"'
    assert caught.value.diagnostics[0].zh[1] == ('计入收入的类型："wage"（工资）；'
                                                  '不计入收入的类型："basic_pension"（基础养老金）')
    with pytest.raises(HouseholdError) as caught:  # a slip of one that is known: that one
        validate_household({**GOOD, "income": [{"type": "wages", "amount": 5}]}, POLICY, "h.json")
    assert caught.value.diagnostics[0].help == 'did you mean `"wage"`?'
    assert caught.value.diagnostics[0].zh == ('"wages" 不是本政策的收入类型', '是不是 `"wage"`（工资）？')


@pytest.mark.parametrize("text", ['{"id": "x", "members": [], "income": [{"type": "wage", "amount": NaN}]}',
                                  '{"id": "x", "members": [], "income": [{"type": "wage", "amount": Infinity}]}'])
def test_nan_and_infinity_are_refused(text):
    [(code, _, message)] = errors_of(None, text)
    assert code == "H001" and "not a number JSON allows" in message


def test_duplicate_keys_and_broken_json_are_refused():
    assert errors_of(None, '{"id": "a", "id": "b"}')[0][0] == "H001"
    code, _, message = errors_of(None, '{"id": "a",\n "members": [}')[0]
    assert code == "H001" and "line 2" in message


@pytest.mark.parametrize(("text", "place", "en", "zh"), [
    ('{"id": "a",\n "members": [{"id": "p1", "id": "p2"}]}', (2, 27, 31), "duplicate key `id`", "重复的键 `id`"),
    ('{"id": "a", "members": [],\n  "income": [{"type": "wage", "amount": NaN}]}', (2, 41, 44),
     "`NaN` is not a number JSON allows", "`NaN` 不是 JSON 允许的数字"),
    ('{"id": "a", "amount": 1e+300}', (1, 23, 29), "the number 1e+300 is out of any sensible range",
     "数字 1e+300 超出了合理的范围"),
])
def test_valid_json_a_household_may_not_hold_is_placed_where_it_is(text, place, en, zh):
    """Read from a file (`at`), the finding is at the refused key or word; else its line and column are said."""
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.jsonl:4", ("h.jsonl", 4))
    [found] = caught.value.diagnostics
    line, column, end = place
    assert (found.code, found.message, found.zh[0]) == ("H001", en, zh)  # type: ignore[index]
    assert found.span == Span("h.jsonl", line + 3, column, line + 3, end) and found.help and found.zh[1]  # type: ignore[index]
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json")
    [found] = caught.value.diagnostics
    assert found.span is None and found.message == f"{en} (line {line}, column {column})"
    assert found.zh[0] == f"{zh}（第 {line} 行第 {column} 列）"  # type: ignore[index]


def test_a_birth_date_more_than_max_age_years_before_the_day_is_a_slip_of_the_year():
    today = datetime.date(2026, 3, 1)
    for born, refused in (("1906-03-01", False), ("1906-02-28", True), ("1800-01-01", True)):
        data = household([member("p1", born)])
        if not refused:
            assert validate_household(data, POLICY, "h.json", today=today).members[0].fields["birth_date"]
            continue
        with pytest.raises(HouseholdError) as caught:
            validate_household(data, POLICY, "h.json", today=today)
        [found] = caught.value.diagnostics
        assert (found.code, found.path, found.message) == (
            "H006", "members[0].birth_date", f'"{born}" is more than 120 years before the evaluation date 2026-03-01')
        assert found.zh == (f'"{born}" 比评估日期 2026-03-01 早了 120 年以上', "请核对出生年份：没有人有这么大的年纪")
    assert earliest_birth(datetime.date(2024, 2, 29)) == datetime.date(1904, 2, 29)
    assert earliest_birth(datetime.date(2025, 2, 28)) == datetime.date(1905, 2, 28)
    assert earliest_birth(datetime.date(100, 1, 1)) == datetime.date.min


def test_a_birth_date_too_old_on_a_day_after_today_points_at_the_evaluation_date_too():
    """`"date": "2062-03-01"` for 2026 makes a member born in 1940 122: the year of the date is as likely the slip."""
    later = datetime.date.today().replace(month=1, day=1) + datetime.timedelta(days=366 * 36)
    born = later.replace(year=later.year - 122).isoformat()
    with pytest.raises(HouseholdError) as caught:
        validate_household(household([member("p1", born)]), POLICY, "h.json", today=later)
    [found] = caught.value.diagnostics
    assert found.code == "H006"
    assert found.help == (f"check the year of birth, or the evaluation date: {later.isoformat()} is after today; "
                          "correct the household file's `date` or --date")
    assert found.zh[1] == f"请核对出生年份，或评估日期：{later.isoformat()} 晚于今天，请改正家庭文件的 `date` 或 --date"


def test_text_that_is_not_utf8_is_said_by_the_byte_and_its_place():
    """`byte 8` read as a value, not a place: the byte is given by its value, and placed at its line and column as an
    editor counts them, as any finding in a household file is (`h.json:2:14:`), not in its words; a record of JSON
    Lines, whose source names its line, at that line and column, which its words do not say again."""
    from engine.household_input import household_text

    raw = '{"id": "T",\n "members": "户"}'.encode("gb18030")
    for source, said, zh, span in (
            ("h.json", "byte 0xbb is not UTF-8 text", "字节 0xbb 不是 UTF-8 文本", Span("h.json", 2, 14, 2, 15)),
            ("in.jsonl:17", "byte 0xbb is not UTF-8 text", "字节 0xbb 不是 UTF-8 文本",
             Span("in.jsonl", 17, 9, 17, 10))):
        with pytest.raises(HouseholdError) as caught:
            household_text(raw if source == "h.json" else '{"id": "户"}'.encode("gb18030"), source)
        [found] = caught.value.diagnostics
        assert (found.code, found.message, found.zh[0], found.span) == ("H001", said, zh, span)


@pytest.mark.parametrize("written, shown", [('"DS\\udc80"', "\\udc80"), ('"p\\ud800x"', "\\ud800"),
                                            ('"\\ud83d\\ud83d\\ude00"', "\\ud83d"), ('"a\\u00e9\\udfff"', "\\udfff")])
def test_a_lone_surrogate_escaped_half_a_character_is_said_at_its_place_with_how_to_fix_it(written, shown):
    """`"\\udc80"` reads in Python as a lone surrogate (U+D800–U+DFFF), which no UTF-8 file, register or output can
    hold: refused where the household is read, at the escape, in either language, rather than an internal error."""
    text = '{"id": "T",\n "note": ' + written + "}"
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "in.jsonl:4", ("in.jsonl", 4))
    [found] = caught.value.diagnostics
    column = text.splitlines()[1].index(shown) + 1
    assert (found.code, found.span) == ("H001", Span("in.jsonl", 5, column, 5, column + 6))
    assert found.message == (f"`{shown}` writes half of a character alone (a lone surrogate, U+D800–U+DFFF), "
                             "which cannot be stored or written as UTF-8")
    assert found.zh[0] == f"`{shown}` 只写了一个字符的一半（孤立的代理项，U+D800–U+DFFF），无法以 UTF-8 保存或写出"
    assert "retype" in found.help and "重新输入" in found.zh[1]


def test_a_surrogate_pair_escaped_or_a_backslash_before_u_is_read_as_written():
    assert read_json('{"a": "\\ud83d\\ude00", "b": "\\\\ud800", "c": "\\\\\\ud83d\\ude00"}', "h.json") == {
        "a": "\U0001f600", "b": "\\ud800", "c": "\\\U0001f600"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eval_of_a_household_with_a_lone_surrogate_says_where_not_an_internal_error(run, tmp_path, lang):
    example = (ROOT / "examples/households/DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    odd = tmp_path / "odd.json"
    odd.write_text(example.replace('"id": "DS-0001"', '"id": "DS\\udc80"'), encoding="utf-8")
    result = run("eval", odd, "--lang", lang)
    column = example.splitlines()[1].index('"DS-0001"') + 2 + 2
    assert result.exit_code == 2, result.output
    said = result.output + result.stderr if result.stderr_bytes is not None else result.output
    assert "Traceback" not in said and "internal" not in said and "内部" not in said
    assert f"{odd}:2:{column}: " in said or f"line 2, column {column}" in said or f"第 2 行第 {column} 列" in said
    assert ("a lone surrogate" if lang == "en" else "孤立的代理项") in said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eval_of_a_list_with_a_lone_surrogate_or_a_key_twice_in_one_item_decides_the_others(run, tmp_path, lang):
    """One item of a list holding a lone surrogate or a key given twice refused the whole file: it is now that
    household's finding, at its file, line and column, and the list's other households are decided."""
    example = (ROOT / "examples/households/DS-0001-dibao-widow.json").read_text(encoding="utf-8").strip()
    odd = example.replace('"id": "DS-0001"', '"id": "DS\\udc80"')
    twice = example.replace('"id": "DS-0001",', '"id": "DS-0003",\n  "id": "DS-0004",')
    listed = tmp_path / "list.json"
    listed.write_text("[\n" + ",\n".join([example, odd, twice]) + "\n]\n", encoding="utf-8")
    result = run("eval", listed, "--lang", lang)
    assert result.exit_code == 2, result.output
    said = result.output + result.stderr if result.stderr_bytes is not None else result.output
    assert "Traceback" not in said and "internal" not in said and "内部" not in said
    assert ("Household DS-0001:" if lang == "en" else "家庭 DS-0001：") in said
    written = listed.read_text(encoding="utf-8").splitlines()
    surrogate = next(n for n, line in enumerate(written, 1) if "\\udc80" in line)
    repeated = next(n for n, line in enumerate(written, 1) if '"DS-0004"' in line)
    assert f"{listed}:{surrogate}:{written[surrogate - 1].index(chr(92)) + 1}: " in said
    assert f"{listed}:{repeated}:3: " in said
    assert ("a lone surrogate" if lang == "en" else "孤立的代理项") in said
    assert ("duplicate key `id`" if lang == "en" else "重复的键 `id`") in said
    assert "(line " not in said and "（第 " not in said  # placed as `file:line:column:`, not in its words


def test_eval_of_one_household_of_a_list_names_a_bad_item_only_by_its_own_text(run, tmp_path):
    """A bad item of a list is picked by `--household` when its own text holds the id, not another item's."""
    example = (ROOT / "examples/households/DS-0001-dibao-widow.json").read_text(encoding="utf-8").strip()
    twice = example.replace('"id": "DS-0001",', '"id": "DS-0003",\n  "id": "DS-0004",')
    listed = tmp_path / "list.json"
    listed.write_text("[\n" + ",\n".join([example, twice]) + "\n]\n", encoding="utf-8")
    result = run("eval", listed, "--household", "DS-0001", "--lang", "en")
    said = result.output + result.stderr if result.stderr_bytes is not None else result.output
    assert result.exit_code == 0, said
    assert "Household DS-0001:" in said and "duplicate key" not in said
    result = run("eval", listed, "--household", "DS-0004", "--lang", "en")
    said = result.output + result.stderr if result.stderr_bytes is not None else result.output
    assert result.exit_code == 2 and f"{listed}:23:3: error[H001]: duplicate key `id`" in said, said
    assert "Household DS-0001:" not in said


def test_an_empty_file_is_said_to_be_empty():
    for text in ("", " \n\n"):
        with pytest.raises(HouseholdError) as caught:
            read_json(text, "h.json")
        [found] = caught.value.diagnostics
        assert (found.code, found.message, found.zh) == ("H001", "the file is empty", (
            "文件是空的", "家庭文件应包含一个 JSON 对象，可参照 examples/households/DS-0001-dibao-widow.json"))


def test_a_byte_order_mark_alone_is_an_empty_file_or_a_line_holding_only_the_mark():
    """A whole file holding only the mark is empty; a line of JSON Lines holding only it is not `the file is empty`."""
    for source, at, said in (("h.json", None, "the file is empty"), ("h.json", ("h.json", 1), "the file is empty"),
                             ("h.jsonl:2", ("h.jsonl", 2), "the line holds only a byte-order mark (U+FEFF, which "
                                                           "cannot be seen), where a household was expected")):
        with pytest.raises(HouseholdError) as caught:
            read_json("\ufeff", source, at)
        [found] = caught.value.diagnostics
        assert (found.code, found.message) == ("H001", said)


def test_a_finding_about_the_whole_household_is_named_so_in_either_language():
    [found] = caught_findings({"id": "x"})
    assert render(found, lang="en").startswith("h.json: (the household): error[H002]: `members` is missing")
    assert render(found, lang="zh").startswith("h.json: 整户: 错误[H002]: 缺少 `members`")


def caught_findings(data):
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json", today=TODAY)
    return caught.value.diagnostics


def test_a_negative_income_says_a_net_loss_is_written_as_0_and_a_negative_expense_only_that_it_is_positive():
    # a business (or farm) that made a loss: a net income below 0
    [loss] = caught_findings({**GOOD, "income": [{"type": "wage", "amount": -2000}]})
    assert (loss.code, loss.path, loss.message) == ("H002", "income[0].amount", "amount -2000 is negative")
    assert loss.help == ("an amount is yuan and never below 0; write a net loss (of a business or a farm) as 0: it "
                         "counts as no income, and does not reduce the household's other income")
    assert loss.zh == ("金额 -2000 是负数",
                       "金额以元计，不能为负数；经营或种养殖净收入为亏损的，写 0（按无收入计，不抵减家庭其他收入）")
    # what it says to write is accepted, and counts as no income
    validate_household({**GOOD, "income": [{"type": "wage", "amount": 0}]}, POLICY, "h.json", today=TODAY)
    [expense] = caught_findings({**GOOD, "expenses": [{"type": "medical", "amount": -5}]})
    assert (expense.path, expense.help, expense.zh[1]) == (
        "expenses[0].amount", "give the amount as a positive number of yuan", "金额应写为以元计的正数")


@pytest.mark.parametrize(("amount", "hint"), [
    ("12,000", "write `12000`: no thousands separator, and without quotes"),
    ("1，250.50", "write `1250.50`: no thousands separator, and without quotes"),  # a Chinese input method's comma
    ("12000", "write `12000` without quotes"),
    ("6000,50", "write `6000.50`: a decimal point, not a comma, and without quotes"),  # as some offices write it
    ("twelve", "write the number in digits, e.g. `18000` or `1405.50`"),  # nothing sharper: how numbers are written
    ("3000元", "write the amount in yuan as a number: `3000`"),  # what a spreadsheet cell often holds
    ("¥3,000", "write the amount in yuan as a number: `3000`"),
    ("1.2万", "write the amount in yuan as a number: `12000`"),
    ("1.2 万元", "write the amount in yuan as a number: `12000`"),
    ("5.2E+04", 'this is how a spreadsheet shows a long number, with its last digits hidden, and they are lost from '
                'the file: format the column as a number (not "General") and export it again'),  # no number to write
    ("两千元", "write it in digits: `2000`"),
    ("1e3", "write `1000` without quotes"),  # as a program writes it, exactly: no digits were lost
])
def test_a_number_written_as_a_text_says_how_to_write_it(amount, hint):
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "income": [{"type": "wage", "amount": amount}]}, POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert (found.code, found.path, found.message, found.help) == (
        "H002", "income[0].amount", f'"{amount}" is not a number', hint)


_A_MONTH = "金额是全年合计（最近 12 个月），不是每月的金额：每月 {} 元请写 `{}`（各月不同的，写 12 个月之和）"


@pytest.mark.parametrize(("amount", "hint", "hint_zh"), [
    ("2000 yuan/month", "an amount is the sum of a year (the last 12 months), not of a month: for 2000 yuan a month "
                        "write `24000` (where the months differ, the sum of the 12)",
     _A_MONTH.format("2000", "24000")),
    ("2000元/月", None, _A_MONTH.format("2000", "24000")),
    ("每月1,500元", None, _A_MONTH.format("1500", "18000")),
    ("1500.50 per month", None, _A_MONTH.format("1500.5", "18006")),
    ("24000元/年", "write the year's sum in yuan as a number: `24000`", "金额应写为以元计的全年合计数字：`24000`"),
    ("100元/天", "an amount is the sum of a year (the last 12 months): write that sum in yuan as a number",
     "金额是全年合计（最近 12 个月）：请写以元计的全年合计数字"),
    ("100元/周", None, "金额是全年合计（最近 12 个月）：请写以元计的全年合计数字"),
    ("每年2000", "write the year's sum in yuan as a number: `2000`", "金额应写为以元计的全年合计数字：`2000`"),
    ("2000/年", None, "金额应写为以元计的全年合计数字：`2000`"),
    ("2000元/半年", "an amount is the sum of a year (the last 12 months), not of half a year: for 2000 yuan every half "
                  "year write `4000` (where the halves differ, the sum of the two)",
     "金额是全年合计（最近 12 个月），不是每半年的金额：每半年 2000 元请写 `4000`（前后半年不同的，写两者之和）"),
    ("3000 semi-annual", None,
     "金额是全年合计（最近 12 个月），不是每半年的金额：每半年 3000 元请写 `6000`（前后半年不同的，写两者之和）"),
    ("2000元/季度", "an amount is the sum of a year (the last 12 months), not of a quarter: for 2000 yuan a quarter "
                  "write `8000` (where the quarters differ, the sum of the 4)",
     "金额是全年合计（最近 12 个月），不是每季度的金额：每季度 2000 元请写 `8000`（各季度不同的，写 4 个季度之和）"),
])
@pytest.mark.parametrize("lines", ["income", "expenses"])
def test_an_amount_written_for_a_month_is_told_to_be_the_years_sum(amount, hint, hint_zh, lines):
    """Told only to write the number, a caseworker writes 2000 for a wage of 2000 a month, and the household is
    decided on a twelfth of it."""
    kind = "wage" if lines == "income" else "medical"
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, lines: [{"type": kind, "amount": amount}]}, POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert (found.path, found.message, found.zh[1]) == (f"{lines}[0].amount", f'"{amount}" is not a number', hint_zh)
    if hint is not None:
        assert found.help == hint

@pytest.mark.parametrize(("amount", "hint", "hint_zh"), [
    ("12,000", "write `12000`: no thousands separator", "应写作 `12000`：不加千位分隔符"),
    ("１２，０００", "write `12000`: half-width digits, no thousands separator",
     "应写作 `12000`：用半角数字，不加千位分隔符"),
    ("４０００", "write `4000` in half-width digits", "应写作 `4000`，用半角数字"),
    ("3000元", "write the amount in yuan as a number: `3000`", "金额应写为以元计的数字：`3000`"),
    ("6000,5", "write `6000.5`: a decimal point, not a comma", "应写作 `6000.5`：小数点用“.”，不用逗号"),
    ("3000元/半年", "an amount is the sum of a year (the last 12 months), not of half a year: for 3000 yuan every half "
                  "year write `6000` (where the halves differ, the sum of the two)",
     "金额是全年合计（最近 12 个月），不是每半年的金额：每半年 3000 元请写 `6000`（前后半年不同的，写两者之和）"),
])
def test_a_number_in_a_csv_cell_is_told_how_to_write_it_with_no_word_of_quotes(amount, hint, hint_zh):
    """In a CSV table quotes only keep a comma within a cell: `"12,000"` there lacks the separator taken out, not
    its quotes."""
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "income": [{"type": "wage", "amount": amount}]}, POLICY, "h.csv", cells=True)
    [found] = caught.value.diagnostics
    assert (found.message, found.help, found.zh[1]) == (f'"{amount}" is not a number', hint, hint_zh)


def test_a_line_of_a_member_not_listed_says_where_to_read_of_members_who_left_or_joined():
    """A son who moved out during the year: his wage line names him, and the household file lists him no longer."""
    data = {**GOOD, "members": [member("p1", "1975-07-07"), member("p2", "2010-03-03")],
            "income": [{"type": "wage", "member": "p3", "amount": 9000}]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert (found.code, found.path, found.message) == ("H004", "income[0].member", 'no member has the id "p3"')
    assert found.help == ("known members: p1, p2; a person who left or joined the household within the 12 months: "
                          "see “Members who left or joined” under “Household input (a contract)” in docs/formats.md")
    assert found.zh is not None and found.zh[1] == (
        "已有的成员：p1、p2；这 12 个月内迁出或迁入的人：参见 docs/formats.md 的 “Household input (a contract)” "
        "一节中的 “Members who left or joined”（迁出或迁入的成员）一条")
    # the section it names is there
    assert "* **Members who left or joined.**" in (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")

def test_a_very_long_member_id_is_cut_where_a_help_lists_the_members():
    """A member id of 20 MB made the errors file 40 MB on one line, `known members: xxxx…` whole."""
    data = {**GOOD, "members": [member("x" * 100_000, "1950-01-01"), member("p2", "1990-01-01")],
            "income": [{"type": "wage", "member": "p1", "amount": 1}]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert found.help.startswith(f'known members: "{"x" * 40}…" (100,000 characters), p2; ')
    assert found.zh is not None and found.zh[1].startswith(f'已有的成员："{"x" * 40}…"（共 100,000 个字符）、p2；')


@pytest.mark.parametrize("cells", [False, True])
def test_a_member_id_with_a_space_at_its_end_is_said_at_the_id_once(cells):
    """`"id": "p2 "` with the lines' `"member": "p2"` was told `did you mean `p2 `?` at each line: to add a space
    nobody sees to the right one."""
    padded = {**GOOD, "members": [member("p1", "1950-01-01"), member("p2 ", "1990-01-01")],
              "income": [{"type": "wage", "member": "p2", "amount": 1000}], "expenses": [
                  {"type": "medical", "member": "p2", "amount": 10}]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(padded, POLICY, "h.json", cells=cells)
    [found] = caught.value.diagnostics
    assert (found.code, found.path, found.message) == (
        "H004", "members[1].id", 'member id "p2 " has a space at its end, so income[0].member "p2" names no member')
    assert found.help == ("remove it: `p2`" if cells else 'remove it: `"id": "p2"`')
    assert found.zh[0] == '成员编号 "p2 " 末尾有空格，因此 income[0].member 写的 "p2" 找不到这位成员'


def test_a_line_s_member_with_spaces_around_it_is_told_the_id_to_write():
    data = {**GOOD, "income": [{"type": "wage", "member": " p2  ", "amount": 1000}]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert (found.path, found.help) == ("income[0].member", '" p2  " has spaces at both ends: write "p2"')


@pytest.mark.parametrize(("written", "code"), [("", "H004"), (" ", "H004"), (None, "H002")])
def test_a_line_s_member_left_empty_is_told_to_leave_the_field_out_for_the_whole_household(written, code):
    """`"member": ""`, an export's empty cell, was told the members there are, as if one of them was meant; a line
    of the whole household has no `member` at all. `"member": null` was told only to write an id in quotes."""
    data = {**GOOD, "income": [{"type": "wage", "member": written, "amount": 1000}]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert (found.code, found.path) == (code, "income[0].member")
    assert found.help == ("a line of the whole household has no `member`: delete the field; or name one of the "
                          "members (p1, p2)")
    assert found.zh[1] == "整户的收支条目不写 `member`：请删去该字段；或写明是哪位成员（p1、p2）"
    del data["income"][0]["member"]
    assert validate_household(data, POLICY, "h.json").income[0].member is None  # the fix offered, done


def test_a_birth_after_the_household_s_own_date_is_told_to_check_that_date_on_its_line():
    """The day came from the file's `date`, with no --date given, and the help said to check --date."""
    born_late = {**GOOD, "date": "2025-01-01", "members": [member("p1", "1950-01-01"), member("p2", "2027-06-01")]}
    text = json.dumps(born_late, indent=1)
    with pytest.raises(HouseholdError) as caught:
        validate_household(read_json(text, "h.json"), POLICY, "h.json", today=TODAY)
    [found] = caught.value.located(JsonText(text, "h.json"))
    line = next(n for n, written in enumerate(text.split("\n"), 1) if '"date": "2025-01-01"' in written)
    assert found.code == "H006"
    assert found.help == f"check the birth date, or the evaluation date: the household's `date` on line {line}"
    assert found.zh[1] == f"请核对出生日期，或评估日期：即家庭的 `date`（第 {line} 行）"
    with pytest.raises(HouseholdError) as caught:  # decided on another day: --date's, or today
        validate_household(born_late, POLICY, "h.json", today=datetime.date(2025, 1, 2))
    assert caught.value.diagnostics[0].help == "check the birth date, or the evaluation date (`--date`)"


def test_a_household_with_too_many_lines_is_not_told_to_split_the_file():
    """`more than 1000 entries` of one household's income was told `split the file`: its lines are one list."""
    data = {**GOOD, "income": [{"type": "wage", "member": "p1", "amount": 1}] * 1001}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert (found.path, found.message, found.help) == (
        "income", "more than 1000 entries", "check that the export did not join the rows of other households (or of a "
                                            "query run twice) into this one")


@pytest.mark.parametrize(("grade", "hint"), [("4.0", "write `4`"), ("x", "write a whole number in digits, e.g. `2`, or "
                                                                         "leave the cell empty")])
def test_a_whole_number_written_with_a_decimal_point_is_told_the_number_it_is(grade, hint):
    """`4.0` for a disability grade was told `e.g. `2``, which pasted would change the grade."""
    data = {**GOOD, "members": [member("p1", "1950-01-01", disability_grade=grade), member("p2", "1990-01-01")]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.csv", cells=True)
    assert [(found.path, found.help) for found in caught.value.diagnostics] == [("members[0].disability_grade", hint)]


FULL_WIDTH = [  # (amount as written, in quotes or bare, help in English, in Chinese): what a Chinese input method
    # in full-width mode types; the help gives the number in half-width digits, as JSON reads it
    ('"４０００"', "write `4000` in half-width digits, without quotes", "应写作 `4000`，用半角数字，不加引号"),
    ('"１２，０００"', "write `12000`: half-width digits, no thousands separator, and without quotes",
     "应写作 `12000`：用半角数字，不加千位分隔符，也不加引号"),
    ("４０００", "write `4000` in half-width digits", "应写作 `4000`，用半角数字"),
    ("4０００．５", "write `4000.5` in half-width digits", "应写作 `4000.5`，用半角数字"),
    ("１２，０００", "write `12000`: half-width digits, no thousands separator",
     "应写作 `12000`：用半角数字，不加千位分隔符"),
]


@pytest.mark.parametrize(("amount", "hint", "hint_zh"), FULL_WIDTH, ids=[c[0] for c in FULL_WIDTH])
def test_an_amount_in_full_width_digits_gets_the_number_as_json_reads_it(amount, hint, hint_zh):
    text = json.dumps(GOOD).replace('"amount": 1000', f'"amount": {amount}')
    with pytest.raises(HouseholdError) as caught:
        validate_household(read_json(text, "h.json", ("h.json", 1)), POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert (found.help, found.zh[1]) == (hint, hint_zh)
    if amount.startswith('"'):
        assert (found.code, found.path) == ("H002", "income[0].amount")
    else:  # not JSON at all: said so at the whole number, not as the token the reader expected there
        assert (found.code, found.message) == ("H001", f"not valid JSON: `{amount}` is written in full-width digits")
        assert found.zh[0] == f"不是有效的 JSON：`{amount}` 用的是全角数字"
        column = text.index(amount) + 1
        assert (found.span.column, found.span.end_column) == (column, column + len(amount))
    written = re.search("`(.*?)`", hint).group(1)
    fixed = read_json(text.replace(f'"amount": {amount}', f'"amount": {written}'), "h.json")
    assert validate_household(fixed, POLICY, "h.json").income[0].amount == Decimal(written)


SEPARATOR = ("is written with a thousands separator", "a number in JSON has no thousands separator", "中有千位分隔符",
             "JSON 中的数字不加千位分隔符")
# a decimal point meant: not a separator to take out, which makes the amount a hundred times as large
DECIMAL_COMMA = ("is written with a decimal comma", "a number in JSON has a decimal point", "用逗号作小数点",
                 "JSON 中的小数点用“.”")


@pytest.mark.parametrize(("amount", "plain", "said"), [
    ("12,000", "12000", SEPARATOR), ("1,234,567", "1234567", SEPARATOR), ("1,250.50", "1250.50", SEPARATOR),
    ("12，000", "12000", SEPARATOR),  # the comma of a Chinese input method
    ("6000,50", "6000.50", DECIMAL_COMMA), ("6000，50", "6000.50", DECIMAL_COMMA), ("12,00", "12.00", DECIMAL_COMMA)])
def test_a_bare_amount_with_a_thousands_separator_or_a_decimal_comma_is_said_so_not_to_lack_a_field_name(
        amount, plain, said):
    text = json.dumps(GOOD).replace('"amount": 1000', f'"amount": {amount}')
    assert '"amount": ' + amount + "}" in text  # the last key of its line: JSON reads `12`, then wants a key
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    what, why, what_zh, why_zh = said
    assert (found.code, found.message, found.help) == ("H001", f"not valid JSON: `{amount}` {what}",
                                                       f"write `{plain}`: {why}")
    assert found.zh == (f"不是有效的 JSON：`{amount}` {what_zh}", f"应写作 `{plain}`：{why_zh}")
    column = text.index(amount) + 1
    assert (found.span.column, found.span.end_column) == (column, column + len(amount))
    fixed = read_json(text.replace(amount, plain), "h.json")
    assert validate_household(fixed, POLICY, "h.json").income[0].amount == Decimal(plain)


@pytest.mark.parametrize(("old", "new", "mark", "help_zh"), [
    ('"amount": 1000', '"amount"：1000', "：", "请改用半角的 `:`：JSON 只认半角标点"),
    ('"type": "wage"', '"type": “wage”', "“", '请改用半角的 `"`（`"wage"`）：JSON 只认半角标点'),
    ('"amount": 1000}', '"amount": 1000｝', "｝", "请改用半角的 `}`：JSON 只认半角标点"),
    ('"amount": 1000', '"amount": “1000”', "“", "请写作 `1000`，不加引号"),  # (not `"1000"`: not a number)
    ('"amount": 1000', '"amount": ”1,000元”', "”", "请写作 `1000`，不加引号"),
    ('"amount": 1000', '"amount": “true”', "“", "请写作 `true`，不加引号"),
    ('"type": "wage",', '"type": "wage"、', "、", "请改用半角的 `,`：JSON 只认半角标点"),  # the enumeration comma
    ('"income": [', '"income": 【', "【", "请改用半角的 `[`：JSON 只认半角标点"),  # the brackets `[` `]` type
])
def test_full_width_punctuation_typed_with_a_chinese_input_method_is_named(old, new, mark, help_zh):
    """`"amount"：4000` and `“agriculture”` were told to check the brackets, commas and quotes near there."""
    text = json.dumps(GOOD)
    assert text.count(old) == 1
    with pytest.raises(HouseholdError) as caught:
        read_json(text.replace(old, new), "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert found.code == "H001" and found.zh == (f"不是有效的 JSON：`{mark}` 是全角（中文）标点", help_zh)
    assert found.message == f"not valid JSON: `{mark}` is full-width (Chinese) punctuation"
    assert found.span.column == text.replace(old, new).index(mark) + 1


def _refused_edit(old: str, new: str) -> tuple[str, Any]:
    """`GOOD` as JSON text with `old` (found once) edited to `new`, and the one finding of reading it."""
    text = json.dumps(GOOD)
    assert text.count(old) == 1
    edited = text.replace(old, new)
    with pytest.raises(HouseholdError) as caught:
        read_json(edited, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    return edited, found


@pytest.mark.parametrize(("old", "new", "space", "space_zh", "typed", "typed_zh"), [
    ('"amount": 1000', '"amount":\u30001000', "a full-width space", "全角空格",
     " (a Chinese input method types full-width ones)", "（全角空格是中文输入法打出的）"),
    ('"amount": 1000', '"amount":\u00a01000', "a no-break space (U+00A0)", "不间断空格（U+00A0）", "", ""),
    ('"amount": 1000', '"amount": 1000\u3000', "a full-width space", "全角空格",
     " (a Chinese input method types full-width ones)", "（全角空格是中文输入法打出的）"),
    ('"amount": 1000', '"amount":\u200b1000', "a zero-width space (U+200B), which cannot be seen,",
     "看不见的零宽空格（U+200B）",
     " (text copied from a web page or a chat brings it)", "（从网页或聊天软件复制文字时会带进来）"),
])
def test_a_space_that_is_not_an_ordinary_one_is_named(old, new, space, space_zh, typed, typed_zh):
    """`"amount":　18000`, typed with a Chinese input method, looks right in an editor; it was told that a value is
    expected there and to check the brackets, commas and quotes near there."""
    edited, found = _refused_edit(old, new)
    assert found.code == "H001"
    assert found.message == f"not valid JSON: {space} where JSON reads only ordinary spaces"
    assert found.help == f"replace it with an ordinary space, or delete it{typed}"
    assert found.zh == (f"不是有效的 JSON：这里是{space_zh}，JSON 只认普通空格",
                        f"请改为普通（半角）空格或删去{typed_zh}")
    odd = next(k for k, c in enumerate(edited) if c in "\u3000\u00a0\u200b")
    assert (found.span.column, found.span.end_column) == (odd + 1, odd + 2)
    assert read_json(edited.replace(new, old), "h.json") == GOOD  # the fix offered, done


@pytest.mark.parametrize(("odd", "name", "name_zh"), [
    ("\u2028", "a line separator (U+2028)", "行分隔符（U+2028）"),
    ("\u2029", "a paragraph separator (U+2029)", "段落分隔符（U+2029）"),
    ("\x85", "a next-line character (U+0085)", "下一行符（U+0085）"),
    ("\x1c", "a file separator (U+001C)", "文件分隔符（U+001C）"),
    ("\x1f", "a unit separator (U+001F)", "单元分隔符（U+001F）"),
    ("\x0b", "a vertical tab (U+000B)", "垂直制表符（U+000B）"),
    ("\x0c", "a form feed (U+000C)", "换页符（U+000C）"),
])
@pytest.mark.parametrize("line", ["{odd}", '{{"id": "H-1",{odd} "members": []}}'])
@pytest.mark.parametrize("last", [False, True])
def test_an_invisible_character_that_is_not_json_white_space_is_named(odd, name, name_zh, line, last):
    """A line of JSON Lines holding only U+2028 (or U+0085, `\\x1c`, a form feed…), which an editor shows as
    nothing, or one of them between two items, was told `expecting value` and to check the brackets, commas and
    quotes near there; the last line of a file, that the file was cut off. It is named, at its column, as a
    zero-width space is."""
    text = line.format(odd=odd)
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.jsonl:2", ("h.jsonl", 2), unended=last)
    [found] = caught.value.diagnostics
    assert (found.code, found.span.line, found.span.column) == ("H001", 2, text.index(odd) + 1)
    assert found.message == f"not valid JSON: {name}, which cannot be seen, where JSON reads only ordinary spaces"
    assert found.help == "replace it with an ordinary space, or delete it"
    assert found.zh == (f"不是有效的 JSON：这里是看不见的{name_zh}，JSON 只认普通空格", "请改为普通（半角）空格或删去")


@pytest.mark.parametrize("closing", ["]", "}"])
def test_a_comma_after_the_last_item_is_said_at_the_comma(closing):
    """`{"amount": 6000},` on one line and `]` on the next: the slip is the comma, not the bracket after it, which
    was told only to check the brackets, commas and quotes near there."""
    text = json.dumps(GOOD, indent=1)
    cut = re.search(r"[}\]\"0-9eln]\s*(" + re.escape(closing) + ")", text).start(1)  # (one after an item)
    edited = text[:cut].rstrip() + ",\n" + text[cut:]
    with pytest.raises(HouseholdError) as caught:
        read_json(edited, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert found.message == f"not valid JSON: a comma after the last item, before `{closing}`"
    assert found.help == "remove this comma: JSON writes a comma only between two items"
    assert found.zh[0] == f"不是有效的 JSON：最后一项后面、`{closing}` 之前多了逗号"
    comma = len(text[:cut].rstrip())
    assert (found.span.line, found.span.column) == (edited.count("\n", 0, comma) + 1,
                                                    comma - edited.rfind("\n", 0, comma))
    assert read_json(edited[:comma] + edited[comma + 1:], "h.json") == GOOD  # the fix offered, done


@pytest.mark.parametrize(("old", "new", "place", "why", "fix", "fix_zh"), [
    ('"id": "T-1"', "'id': 'T-1'", (2, 2, 6), "text in single quotes",
     "JSON writes text in double quotes: write \"id\" not 'id'", "JSON 的文本要用双引号：应写作 \"id\"，而不是 'id'"),
    ('"income": [', '"income": [  // 种地收入', (13, 15, 22), "a comment, which JSON does not have",
     "delete the comment (from `//` to the end of the line)", "请删去注释（从 `//` 到行尾）"),
    ('"income": [', '"income": [ /* 种地 */', (13, 14, 22), "a comment, which JSON does not have",
     "delete the comment (from `/*` to `*/`)", "请删去注释（从 `/*` 到 `*/`）"),
    ('"income": [', '"income": [ /* 种地\n 收入 */', (13, 14, 19), "a comment, which JSON does not have",
     "delete the comment (from `/*` on line 13 to `*/` on line 14)",
     "请删去注释（从第 13 行的 `/*` 到第 14 行的 `*/`）"),
    ('"income": [', '"income": [  # 种地收入', (13, 15, 21), "a comment, which JSON does not have",
     "delete the comment (from `#` to the end of the line)", "请删去注释（从 `#` 到行尾）"),
    ('],\n "expenses"', ']\n "expenses"', (19, 3, 4), "a comma is missing between two items",
     "add a comma at the end of line 19: JSON writes one between two items",
     "请在第 19 行末尾加一个逗号：JSON 在两项之间写逗号"),
    ('"member": "p2",', '"member": "p2" ', (16, 18, 19), "a comma is missing between two items",
     "add a comma at the end of line 16: JSON writes one between two items",
     "请在第 16 行末尾加一个逗号：JSON 在两项之间写逗号"),
    ('"expenses": []', 'expenses: []', (20, 2, 10), "the field name `expenses` is not in quotes",
     'write the field name in double quotes: `"expenses"`', '字段名要加双引号：`"expenses"`'),
    ('"type": "wage"', '"type": wage', (15, 12, 16), "the text `wage` is not in quotes",
     'write text in double quotes: `"wage"`', '文本要加双引号：`"wage"`'),
    ('"type": "wage"', '"type": 工资', (15, 12, 14), "the text `工资` is not in quotes",
     'write text in double quotes: `"工资"`', '文本要加双引号：`"工资"`'),
    ('"expenses": []', '"expenses": None', (20, 14, 18), "`None` is not a JSON value",
     "write `null`: lower case, no quotes", "请写作 `null`：小写，不加引号"),
    ('"expenses": []', '"expenses": [False]', (20, 15, 20), "`False` is not a JSON value",
     "write `false`: lower case, no quotes", "请写作 `false`：小写，不加引号"),
    ('"expenses": []', '"expenses": [yes]', (20, 15, 18), "`yes` is not a JSON value",
     "write `true`: JSON writes yes and no as `true` and `false`, without quotes (a field that is not a yes/no "
     "takes its own value: a number, or text in double quotes)",
     "请写作 `true`：JSON 的是、否写作 `true`、`false`，不加引号"
     "（不是是/否的字段，写它自己的值：数字，或加双引号的文本）"),
    ('"expenses": []', '"expenses": [否]', (20, 15, 16), "`否` is not a JSON value",
     "write `false`: JSON writes yes and no as `true` and `false`, without quotes (a field that is not a yes/no "
     "takes its own value: a number, or text in double quotes)",
     "请写作 `false`：JSON 的是、否写作 `true`、`false`，不加引号"
     "（不是是/否的字段，写它自己的值：数字，或加双引号的文本）"),
], ids=["single quotes", "line comment", "block comment", "block comment over two lines", "hash comment",
        "comma after a bracket", "comma after a text", "field name bare", "text bare", "Chinese text bare",
        "Python None", "Python False", "yes", "否"])
def test_a_habit_of_another_language_is_named_with_its_fix(old, new, place, why, fix, fix_zh):
    """Single quotes, comments, a comma left out and a bare field name were all told to check the brackets, commas
    and quotes near there; the comma left out at the start of the next line, where it does not go."""
    text = json.dumps(GOOD, indent=1)
    assert text.count(old) == 1
    with pytest.raises(HouseholdError) as caught:
        read_json(text.replace(old, new), "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert (found.code, found.message, found.help, found.zh[1]) == ("H001", f"not valid JSON: {why}", fix, fix_zh)
    assert (found.span.line, found.span.column, found.span.end_column) == place


def test_a_comma_left_out_on_one_line_is_said_where_it_goes():
    text = '{"id": "T-1" "members": []}'
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert found.help == "add a comma here: JSON writes one between two items"
    assert (found.span.line, found.span.column) == (1, text.index(" \"members") + 1)


@pytest.mark.parametrize(("text", "en", "zh"), [
    ('{"id": "x', "a string has no closing quote", "字符串没有结束引号"),
    ('{"id": "x\ny"}', "a string holds a control character (a tab or a line break inside quotes)",
     "字符串中有无效的控制字符"),
])
def test_a_json_reason_that_ends_on_a_position_is_said_whole(text, en, zh):
    """Python's reader says `Unterminated string starting at: line 1 column 8`; its position is given as the
    finding's place, and the reason must still read as a sentence."""
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert (found.code, found.message, found.zh[0]) == ("H001", f"not valid JSON: {en}", f"不是有效的 JSON：{zh}")


@pytest.mark.parametrize("text", ['{"id": "x", "n": 1,2}', '{"id": "x", "n": 12,000,0}', '{"id": "x",7}'])
def test_digits_after_a_comma_that_make_no_thousands_are_left_to_the_json_reason(text):
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert found.message == "not valid JSON: expecting property name enclosed in double quotes"


_YES_NO_FORM = "write `true` or `false`, without quotes"  # where the value is no yes or no in another form


@pytest.mark.parametrize(("value", "hint"), [
    ("是", "write `true` (without quotes)"), ("否", "write `false` (without quotes)"),
    ("Y", "write `true` (without quotes)"), ("no", "write `false` (without quotes)"),
    (1, "write `true`"), ("maybe", _YES_NO_FORM), ([], _YES_NO_FORM), ({"yes": 1}, _YES_NO_FORM), (1.0, _YES_NO_FORM),
])
def test_a_yes_or_no_written_another_way_says_how_to_write_it(value, hint):
    from engine.loader import load_policy

    shipped = load_policy(ROOT / "policy" / "post-transition.yaml")[0]  # the mini policy has no yes/no input
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "assets": {"registered_business": value}}, shipped, "h.json")
    [found] = caught.value.diagnostics
    assert (found.path, found.help) == ("assets.registered_business", hint)


@pytest.mark.parametrize(("value", "hint"), [
    ("false", "write `false` (without quotes)"), (" true", "write `true` (without quotes)"),
    ("否", "write `false` (without quotes); or read `否` as `false` with --rename-value 否=false"),
])
def test_a_yes_or_no_in_quotes_is_not_offered_a_pair_that_renames_it_to_itself(value, hint):
    """`"false"` was offered `--rename-value false=false`, which the option refuses (`false` is a value already)."""
    from engine.loader import load_policy

    shipped = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "assets": {"registered_business": value}}, shipped, "h.json", renamable=True)
    [found] = caught.value.diagnostics
    assert found.help == hint


# The income types of the post-transition policy as a finding lists them: counted and not, each with its label.
INCOME_COUNTED_EN = ('"wage" (wage income (less the cost of employment)), "business" (net business income), '
                     '"agriculture" (net farming income), "property" (net property income (rent / land transfer '
                     'fees / interest)), "pension" (pensions (other than the basic residents\' pension)), "alimony" '
                     '(maintenance paid by relatives with a duty of support), "transfer_other" (other net transfer '
                     'income)')
INCOME_EXEMPT_EN = ('"basic_pension" (basic pension of the residents\' pension scheme), "dibao_benefit" (dibao and '
                    'other social assistance benefits), "special_care" (special care and pension benefits for veterans '
                    'and martyrs\' families), "family_planning_reward" (family planning rewards and support), '
                    '"scholarship" (scholarships and student grants), "heroism_award" (awards for acts of heroism and '
                    'similar rewards), "disability_allowance" (living and nursing allowances for disabled persons), '
                    '"elderly_allowance" (allowance for the very old)')
INCOME_COUNTED_ZH = ('"wage"（工资性收入（扣减就业成本））、"business"（经营净收入）、"agriculture"（种养殖业净收入）、'
                     '"property"（财产净收入（租金、土地流转费、利息等））、"pension"（养老金、退休金（城乡居民基础养老金除外））、'
                     '"alimony"（赡养费、抚养费、扶养费）、"transfer_other"（其他转移净收入）')
INCOME_EXEMPT_ZH = ('"basic_pension"（城乡居民基础养老金）、"dibao_benefit"（最低生活保障金及各类社会救助金）、'
                    '"special_care"（优待抚恤金）、"family_planning_reward"（计划生育奖励与扶助金）、'
                    '"scholarship"（奖学金、助学金）、"heroism_award"（见义勇为等奖励性补助）、'
                    '"disability_allowance"（困难残疾人生活补贴和重度残疾人护理补贴）、"elderly_allowance"（高龄津贴）')


@pytest.mark.parametrize(("section", "field", "value", "hint"), [
    ("members", "sex", "男", 'write `"male"` (男)'),
    ("members", "relation", " 户主", 'write `"head"` (户主)'),
    ("members", "labor_capacity", "弱", 'write `"weak"` (弱劳动能力)'),  # in one label only
    ("members", "supporter", "有", 'use one of "able" (one able to support), "unable" (one unable to support), '
                                    '"none"'),  # in two labels: no guess, the values with their labels
    ("members", "serious_illness", "是", "write `true` (without quotes)"),
    ("housing", "safety_grade", "A级", 'write `"A"` (A级（安全）)'),
    ("income", "type", "工资", 'write `"wage"` (工资性收入（扣减就业成本）)'),
    ("income", "type", "退休金", 'write `"pension"` (养老金、退休金（城乡居民基础养老金除外）)'),
    ("income", "type", "养老金", "known types counted as income: " + INCOME_COUNTED_EN + "; not counted: "
     + INCOME_EXEMPT_EN),
    ("expenses", "type", "医疗", 'write `"medical"` (医疗费用（个人自付部分）)'),
])
def test_a_value_written_as_its_chinese_label_says_which_value_to_write(section, field, value, hint):
    assert _refused_by_shipped(section, field, value).help == hint


@pytest.mark.parametrize(("section", "field", "value", "hint"), [
    ("members", "relation", "户主", "write `head` (户主); or read `户主` as `head` with --rename-value 户主=head"),
    ("members", "sex", "mael", "did you mean `male`? use one of male, female, an empty cell"),  # (none given)
    ("members", "supporter", "有", "use one of able (one able to support), unable (one unable to support), none"),
    ("income", "type", "工资", "write `wage` (工资性收入（扣减就业成本）); or read `工资` as `wage` with "
                             "--rename-value 工资=wage"),
    ("income", "type", "养老金", "known types counted as income: " + INCOME_COUNTED_EN.replace('"', "")
     + "; not counted: " + INCOME_EXEMPT_EN.replace('"', "")),
])
def test_a_value_of_a_csv_cell_is_told_the_value_to_write_without_quotes(section, field, value, hint):
    """In a CSV table quotes are no part of a value: a cell is told `head`, as it is written there, not `"head"`; a
    word of the export's is offered `--rename-value` too, which reads it as the value."""
    found = _refused_by_shipped(section, field, value, cells=True)
    assert found.help == hint
    assert '"' not in found.zh[1]


def _refused_by_shipped(section: str, field: str, value: str, cells: bool = False):
    """The one finding about a household whose `field` (of a member, of `housing`, or the type of an income or
    expense line) is `value`, under the post-transition policy, which labels its values (the mini policy does not);
    `cells`: read from CSV cells."""
    from engine.loader import load_policy

    shipped = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    data = household([member("p1", "1950-01-01")])
    if section == "members":
        data["members"][0][field] = value
    elif section == "housing":
        data["housing"] = {field: value}
    else:
        data[section] = [{"type": value, "amount": 5}]
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, shipped, "h.json", cells=cells)
    [found] = caught.value.diagnostics
    return found


GRADES_EN = ('"A" (grade A (safe)), "B" (grade B (basically safe)), "C" (grade C (partly dangerous)), '
             '"D" (grade D (dangerous as a whole))')
GRADES_ZH = '"A"（A级（安全））、"B"（B级（基本安全））、"C"（C级（局部危险））、"D"（D级（整栋危房））'
SHIPPED_HINTS = [  # (section, field, value as written, help in English, help in Chinese)
    ("members", "sex", "mail", 'did you mean `"male"`? use one of "male", "female", null',
     '是不是 `"male"`（男）？可用的取值："male"（男）、"female"（女）、null'),
    ("members", "student", "hgh_school",
     'did you mean `"high_school"` (senior high school)? use one of "none" (not in school), "preschool", '
     '"compulsory" (compulsory education), "high_school" (senior high school), "higher" (higher education)',
     '是不是 `"high_school"`（高中阶段）？可用的取值："none"（不在读）、"preschool"（学前教育）、'
     '"compulsory"（义务教育）、"high_school"（高中阶段）、"higher"（高等教育）'),
    ("members", "relation", "Head", 'did you mean `"head"` (head of household)? use one of "head" (head of household), '
     '"spouse", "child", "parent", "grandchild", "sibling", "other"',
     '是不是 `"head"`（户主）？可用的取值："head"（户主）、"spouse"（配偶）、"child"（子女）、"parent"（父母）、'
     '"grandchild"（孙子女）、"sibling"（兄弟姐妹）、"other"（其他）'),
    ("housing", "safety_grade", "c", 'did you mean `"C"` (grade C (partly dangerous))? use one of ' + GRADES_EN,
     '是不是 `"C"`（C级（局部危险））？可用的取值：' + GRADES_ZH),
    ("housing", "safety_grade", "E", "use one of " + GRADES_EN, "可用的取值：" + GRADES_ZH),
    ("income", "type", "WAGE", 'did you mean `"wage"` (wage income (less the cost of employment))?',
     '是不是 `"wage"`（工资性收入（扣减就业成本））？'),
    ("income", "type", "salary", "known types counted as income: " + INCOME_COUNTED_EN + "; not counted: "
     + INCOME_EXEMPT_EN, "计入收入的类型：" + INCOME_COUNTED_ZH + "；不计入收入的类型：" + INCOME_EXEMPT_ZH),
    ("expenses", "type", "Medical", 'did you mean `"medical"` (medical costs paid out of pocket)?',
     '是不是 `"medical"`（医疗费用（个人自付部分））？'),
    ("expenses", "type", "车祸", 'known types: "medical" (medical costs paid out of pocket), "education" (education '
     'costs), "disability_rehab" (rehabilitation costs of disabled members), "disaster" (losses from natural '
     'disasters and accidents)',
     '已知类型："medical"（医疗费用（个人自付部分））、"education"（教育费用）、"disability_rehab"（残疾康复费用）、'
     '"disaster"（自然灾害、意外事故损失）'),
]


@pytest.mark.parametrize(("section", "field", "value", "hint", "hint_zh"), SHIPPED_HINTS,
                         ids=[f"{c[1]}={c[2]}" for c in SHIPPED_HINTS])
def test_a_slip_of_a_value_says_which_was_meant_with_its_label_and_the_values_allowed(section, field, value,
                                                                                       hint, hint_zh):
    found = _refused_by_shipped(section, field, value)
    assert (found.help, found.zh[1]) == (hint, hint_zh)


@pytest.mark.parametrize(("section", "field", "value", "hint_zh"), [
    ("members", "supporter", "有", '可用的取值："able"（有且有履行能力）、"unable"（有但无履行能力）、"none"（无）'),
    ("members", "relation", "女儿", '可用的取值："head"（户主）、"spouse"（配偶）、"child"（子女）、"parent"（父母）、'
                                  '"grandchild"（孙子女）、"sibling"（兄弟姐妹）、"other"（其他）'),
    ("income", "type", "务工收入", "计入收入的类型：" + INCOME_COUNTED_ZH + "；不计入收入的类型：" + INCOME_EXEMPT_ZH),
], ids=["supporter", "relation", "income type"])
def test_a_chinese_word_no_value_is_labelled_with_lists_the_values_with_their_chinese_labels(section, field, value,
                                                                                           hint_zh):
    """A caseworker who wrote a word of their own reads which value means what, not a list of English words."""
    assert _refused_by_shipped(section, field, value).zh[1] == hint_zh


def test_a_required_input_left_out_says_what_it_is_and_how_to_write_it():
    from engine.loader import load_policy

    shipped = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    with pytest.raises(HouseholdError) as caught:
        validate_household(household([{"id": "p1", "relation": "head"}]), shipped, "h.json")
    [found] = caught.value.diagnostics
    assert (found.path, found.message) == ("members[0]", "`birth_date` is missing")
    assert found.help == ('add `birth_date` (date of birth): a date written YYYY-MM-DD, e.g. '
                          '`"birth_date": "1958-03-02"`')
    assert found.zh == ("缺少 `birth_date`",
                        '请填写出生日期（`birth_date`）：日期，写作 YYYY-MM-DD，例如 `"birth_date": "1958-03-02"`')


@pytest.mark.parametrize(("data", "path", "message", "hint", "hint_zh"), [
    ({"members": [{"id": "p1", "birth_date": "1950-01-01"}]}, "(the household)", "`id` is missing",
     'add `id`: the household\'s own id, e.g. `"id": "DS-0001"`', '请填写 `id`：本户的编号，例如 `"id": "DS-0001"`'),
    ({"id": "H", "members": [{"birth_date": "1950-01-01"}]}, "members[0]", "`id` is missing",
     'add `id`: the member\'s own id, e.g. `"id": "p1"`', '请填写 `id`：该成员自己的编号，例如 `"id": "p1"`'),
    ({"id": "H", "members": [{"id": "p1", "birth_date": "1950-01-01"}], "income": [{"type": "wage"}]}, "income[0]",
     "`amount` is missing", 'add `amount`: yuan over the last 12 months, at most two decimals, e.g. `"amount": 18000`',
     '请填写 `amount`：近 12 个月的金额（元），最多两位小数，例如 `"amount": 18000`'),
    ({"id": "H", "members": [{"id": "p1", "birth_date": "1950-01-01"}], "expenses": [{"amount": 5}]}, "expenses[0]",
     "`type` is missing", 'add `type`, e.g. `"type": "medical"`; known types: "medical"',
     '请填写 `type`，例如 `"type": "medical"`；已知类型：'),
    ({"id": "H", "members": [{"id": "p1", "birth_date": "1950-01-01", "disability_grade": 5,
                             "disability_type": "physical"}]}, "members[0].disability_grade",
     "5 is above the maximum 4", "disability grade (1 is the most severe) is a whole number from 1 to 4",
     "残疾等级（1级最重）应为 1 到 4 之间的整数"),
    ({"id": "H", "members": [{"id": "p1", "birth_date": "1950-01-01"}], "assets": {"vehicles": -1}}, "assets.vehicles",
     "-1 is below the minimum 0", "motor vehicles (except mobility vehicles for disabled persons) is a whole number "
     "of 0 or more", "机动车辆数（残疾人功能性补偿代步车除外）应为不小于 0 的整数"),
    ({"id": "H", "members": [{"id": "p1", "birth_date": "1950-01-01"}], "income": {"type": "wage", "amount": 5}},
     "income", "a map is not a list", 'put it in square brackets, as a list of one: `"income": [{…}]`',
     '请用方括号把它写成列表（只有一项也要写成列表）：`"income": [{…}]`'),
])
def test_a_finding_about_a_household_says_what_belongs_there(data, path, message, hint, hint_zh):
    """A missing id, type or amount is no input of the policy, and is said how to write all the same; a figure out
    of bounds says what the field takes, a map where a list belongs how to make it one."""
    from engine.loader import load_policy

    shipped = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, shipped, "h.json", today=datetime.date(2026, 3, 1))
    [found] = caught.value.diagnostics
    assert (found.path or "(the household)", found.message) == (path, message)
    assert found.help is not None and found.help.startswith(hint)
    assert found.zh[1].startswith(hint_zh)


@pytest.mark.parametrize(("declared", "required", "where", "hint", "hint_zh"), [
    ("assets.deposits: {type: money, default: 0, minimum: 0,", "assets.deposits: {type: money, minimum: 0,",
     "assets", 'add `deposits`: an amount in yuan, without quotes, e.g. `"deposits": 3000`',
     '请填写存款（`deposits`）：以元计的金额，不加引号，例如 `"deposits": 3000`'),
    ("disability_grade: {type: integer, minimum: 1, maximum: 4, nullable: true, default: null,",
     "disability_grade: {type: integer, minimum: 1, maximum: 4, nullable: true,", "members[0]",
     'add `disability_grade`: a whole number from 1 to 4, without quotes, or `null` for none, e.g. '
     '`"disability_grade": 1`',
     '请填写残疾等级（`disability_grade`）：1 到 4 之间的整数，不加引号，没有时写 `null`，'
     '例如 `"disability_grade": 1`'),
    ("supporter: {type: enum, values: [able, unable, none], default: none,",
     "supporter: {type: enum, values: [able, unable, none],", "members[0]",
     'add `supporter`: one of "able", "unable", "none", e.g. `"supporter": "able"`',
     '请填写赡养人（`supporter`）：取值为 "able"、"unable"、"none" 之一，例如 `"supporter": "able"`'),
], ids=["money", "integer in a range or null", "enum"])
def test_any_required_input_left_out_gets_its_label_and_form_from_its_declaration(declared, required, where, hint,
                                                                                   hint_zh):
    policy = mini_with({declared: required})
    with pytest.raises(HouseholdError) as caught:
        validate_household(household([member("p1", "1950-01-01")], assets={}), policy, "h.json")
    [found] = caught.value.diagnostics
    assert (found.path, found.help, found.zh[1]) == (where, hint, hint_zh)


def test_findings_come_in_the_order_of_the_file_not_of_their_paths():
    members = [member(f"p{i}", "1950-01-01") for i in range(12)]
    members[2]["birth_date"] = members[10]["birth_date"] = "1952-13-01"
    members[10]["id"] = "p3"  # found by the check across members, after the schema's findings
    data = {"id": "T-2", "members": members, "income": [{"type": "wage", "member": "p99", "amount": 5}],
            "housing": {"safety_grade": "E"}}
    text = json.dumps({"housing": data["housing"], **data}, indent=1)  # housing written first, income last
    with pytest.raises(HouseholdError) as caught:
        validate_household(read_json(text, "h.json"), POLICY, "h.json", today=TODAY)
    located = caught.value.located(JsonText(text, "h.json"))
    assert [d.path for d in located] == ["housing.safety_grade", "members[2].birth_date", "members[10].id",
                                         "members[10].birth_date", "income[0].member"]
    assert [d.span.line for d in located] == sorted(d.span.line for d in located)


@pytest.mark.parametrize(("value", "hint"), [
    (123, 'write `"123"`, a text in quotes'), (Decimal("10.50"), 'write `"10.50"`, a text in quotes'),
    (True, "write an id as a text in quotes"), ([], "write an id as a text in quotes"),
])
@pytest.mark.parametrize("where", ["household", "member"])
def test_an_id_written_as_a_number_says_to_write_it_as_a_text(where, value, hint):
    """A number is written as the same in quotes; anything else is told how an id is written, with an example."""
    data = household([member("p1", "1950-01-01")])
    if where == "household":
        data["id"] = value
    else:
        data["members"].append(member(value, "1990-01-01"))
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json")
    [found] = caught.value.diagnostics
    if hint.startswith("write an id"):
        hint += ', e.g. `"DS-0001"`' if where == "household" else ', e.g. `"p1"`'
    assert (found.path, found.help) == ("id" if where == "household" else "members[1].id", hint)


MEMBER_SLIPS = [  # (the members' ids, the line's member as written, help in English, in Chinese)
    (["p1", "p2", "p3"], "P3", "did you mean `p3`?", "是不是 `p3`？"),  # a difference of case alone
    (["p1", "p2", "p3"], 1, 'no member has the id 1: did you mean `"p1"`?', '没有编号为 1 的成员：是不是 `"p1"`？'),
    (["1", "2"], 2, 'write `"2"`, a text in quotes', '应写作 `"2"`，即加引号的文本'),  # an id that is there, unquoted
    (["LI-A", "LI-B"], 7, 'write the id of a member, in quotes: "LI-A", "LI-B"',
     '应写成员的编号，加引号："LI-A", "LI-B"'),
]


@pytest.mark.parametrize(("ids", "written", "hint", "hint_zh"), MEMBER_SLIPS,
                         ids=["P3 for p3", "1 for p1", "2 for 2", "7 among none close"])
def test_a_line_naming_its_member_with_a_slip_gets_the_member_meant(ids, written, hint, hint_zh):
    data = household([member(i, "1990-01-01") for i in ids],
                     expenses=[{"type": "medical", "member": written, "amount": 5}])
    [found] = caught_findings(data)
    assert (found.path, found.help, found.zh[1]) == ("expenses[0].member", hint, hint_zh)
    suggested = re.findall(r'`"?([^`"]+)"?`', hint)
    if suggested:  # what the help says to write names a member of the household
        data["expenses"][0]["member"] = suggested[0]
        assert validate_household(data, POLICY, "h.json", today=TODAY).expenses[0].member in ids


_NO_DATE = ("write the date the household's data describe, as YYYY-MM-DD, or leave `date` out: the household is then "
            "decided on `--date`, or on the day of the run")


_DATE_FORM = "write a date as YYYY-MM-DD, e.g. `1958-03-02`"  # where the text is no date in another form


@pytest.mark.parametrize(("date", "hint"), [
    ("20240701", "write `2024-07-01`"), ("2024/7/1", "write `2024-07-01`"), ("2024年7月1日", "write `2024-07-01`"),
    ("2024.07.01", "write `2024-07-01`"), ("2024/13/01", _DATE_FORM),
    ("45292", "if this is a spreadsheet's day number, the date is `2024-01-01`: format the column as a date "
              "(YYYY-MM-DD) before exporting"),
    (45292, "if this is a spreadsheet's day number, the date is `2024-01-01`: format the column as a date "
            "(YYYY-MM-DD) before exporting"),
    ("1984", "a year alone is not a date: write the whole date as YYYY-MM-DD"), (99999, _DATE_FORM), (True, _DATE_FORM),
    (20240701, 'write `"2024-07-01"`, a date in quotes'),
    ("2026-02-30", "2026-02 has 28 days"), ("2026-13-01", "the month must be between 01 and 12"),
    ("2026-01-01 00:00:00", "write the date alone, without the time: `2026-01-01`"),  # a spreadsheet's date and time
    ("2026/1/1 0:00", "write the date alone, without the time: `2026-01-01`"), ("2026-02-30 00:00:00", _DATE_FORM),
    (None, _NO_DATE), ("", _NO_DATE),  # the household's own date left empty, as a database exports it
])
def test_a_date_written_another_way_says_how_to_write_it(date, hint):
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "date": date}, POLICY, "h.json")
    [found] = caught.value.diagnostics
    shown = f'"{date}"' if isinstance(date, str) else json.dumps(date)
    assert (found.path, found.message, found.help) == ("date", f"{shown} is not a date (YYYY-MM-DD)", hint)


@pytest.mark.parametrize("written", ["1984-03", "1984/3", "1984.03", "1984年3月"])
def test_a_year_and_month_without_the_day_is_told_the_day_is_missing(written):
    """`1984-03`, a date of birth written as the month of it, was told only the form of a date, as if it were
    written another way."""
    data = {**GOOD, "members": [{**GOOD["members"][0], "birth_date": written}, GOOD["members"][1]]}
    [found] = caught_findings(data)
    assert (found.path, found.help, found.zh[1]) == (
        "members[0].birth_date", "the day is missing: write the whole date, with its day, as YYYY-MM-DD",
        "缺少日：请写完整的日期（年、月、日），格式为 YYYY-MM-DD")


def test_a_date_of_birth_left_empty_is_told_to_be_filled_in():
    data = {**GOOD, "members": [{**GOOD["members"][0], "birth_date": None}, GOOD["members"][1]]}
    [found] = caught_findings(data)
    assert (found.path, found.message, found.help, found.zh[1]) == (
        "members[0].birth_date", "null is not a date (YYYY-MM-DD)", "fill in the date, as YYYY-MM-DD",
        "请填上日期，格式为 YYYY-MM-DD")


def test_a_chinese_grade_word_where_a_number_belongs_says_the_number_in_both_languages():
    """`二级` for disability grade 2, as a county database writes it; and the kinds said in Chinese are spaced."""
    data = {**GOOD, "members": [{**GOOD["members"][0], "disability_grade": "二级"}, *GOOD["members"][1:]]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json", today=TODAY)
    [found] = caught.value.diagnostics
    assert (found.path, found.message, found.help) == (
        "members[0].disability_grade", '"二级" is not a whole number or null', "write it in digits: `2`")
    assert found.zh == ('"二级" 不是整数或 null', "应写作阿拉伯数字 `2`")


def test_a_date_in_another_form_never_chooses_the_policy_in_force(run, tmp_path):
    """20240701 is a date Python reads, but not one the household form allows: it is named, and no policy
    is looked for on it (on 2024-07-01 none is in force, which would be reported instead)."""
    data = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    source = tmp_path / "h.jsonl"
    source.write_text(json.dumps({**data, "date": "20240701"}) + "\n", encoding="utf-8")
    result = run("eval", "--lang", "en", str(source))
    assert '"20240701" is not a date (YYYY-MM-DD)' in result.stderr and "L008" not in result.stderr
    run("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    errors = (tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8")
    [bad] = [json.loads(line) for line in errors.splitlines()]
    assert [(d["code"], d["message"]) for d in bad["diagnostics"]] == [
        ("H002", '"20240701" is not a date (YYYY-MM-DD)')]


def test_a_policy_or_case_file_read_as_a_household_says_what_it_is():
    with pytest.raises(HouseholdError) as caught:
        read_json((ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8"), "post-transition.yaml")
    [found] = caught.value.diagnostics
    assert (found.code, found.message, str(found.span)) == (
        "H001", "this is a policy, not a household", "post-transition.yaml:8:1")
    with pytest.raises(HouseholdError) as caught:
        read_json("cases:\n  - name: x\n", "cases.yaml")
    [found] = caught.value.diagnostics
    assert (found.code, found.message, str(found.span)) == (
        "H001", "this is a file of test cases, not a household", "cases.yaml:1:1")


def test_text_that_is_neither_json_nor_a_policy_is_not_valid_json():
    for text in ("policy: 5\n", "name: x\npolicy: [a\n", "id: x\nmembers: []\n"):
        [(code, _, message)] = errors_of(None, text)
        assert code == "H001" and message.startswith("not valid JSON: expecting value (line 1, column 1)"), text


def test_ten_megabytes_of_members_is_refused_quickly():
    data = {**GOOD, "members": [member(f"p{i}", "1990-01-01") for i in range(120_000)]}
    found = errors_of(data)
    assert ("H002", "members", "more than 100 entries") in found


def test_defaults_fill_missing_optional_fields():
    validated = validate_household({"id": "x", "members": [{"id": "p1", "birth_date": "1990-01-01"}]}, POLICY)
    assert validated.fields["assets.deposits"] == 0
    assert validated.fields["housing.safety_grade"] == "A"
    assert validated.members[0].fields["disability_grade"] is None
    assert validated.members[0].fields["supporter"] == "none"


def test_a_date_or_fractional_default_fills_in_and_shows_in_the_schema():
    policy = mini_with({"birth_date: {type: date,": "birth_date: {type: date, default: 1950-01-01,",
                        "assets.deposits: {type: money, default: 0,": "assets.deposits: {type: money, default: 0.5,"})
    validated = validate_household({"id": "x", "members": [{"id": "p1"}]}, policy)
    assert validated.members[0].fields["birth_date"] == datetime.date(1950, 1, 1)
    assert validated.fields["assets.deposits"] == Decimal("0.5")
    text = json.dumps(household_schema(policy))  # every default is plain JSON
    assert '"default": "1950-01-01"' in text and '"default": 0.5' in text


@pytest.mark.parametrize("value", [0, 1, -5, 5, Decimal("0.5"), Decimal("2.0"), "0元", "无", "否", "E", "A",
                                   "1990-01-01", "today", True, False, None])
@pytest.mark.parametrize("field", ["assets.deposits", "housing.safety_grade", "disability_grade", "supporter",
                                   "birth_date"])
def test_a_default_is_refused_exactly_when_a_household_giving_that_value_is(field: str, value):
    # one schema decides both, so `policy check` and the household's validation never disagree
    f = next(f for f in POLICY.inputs.values() if f.name == field)
    data = {"id": "x", "members": [member("p1", "1990-01-01")]}
    if f.level == "member":
        data["members"][0][field] = value
    else:
        group, name = field.split(".")
        data[group] = {name: value}
    try:
        validate_household(data, POLICY)
        household_accepts = True
    except HouseholdError:
        household_accepts = False
    default_accepted = not declaration_problems(dataclasses.replace(f, has_default=True, default=value))
    assert default_accepted == household_accepts


def test_schema_is_generated_from_the_policy_inputs():
    schema = household_schema(POLICY)
    member_props = schema["properties"]["members"]["items"]["properties"]
    assert set(member_props) == {"id", "birth_date", "disability_grade", "supporter"}
    assert schema["properties"]["income"]["items"]["properties"]["type"]["enum"] == ["basic_pension", "wage"]
    assert schema["properties"]["housing"]["properties"]["safety_grade"]["enum"] == ["A", "B", "C", "D"]
    assert MINI.exists()


# -- inputs given together (`given_with`) ------------------------------------------------------------------

SHIPPED = None


def shipped():
    from engine.loader import load_policy

    global SHIPPED
    if SHIPPED is None:
        SHIPPED = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    return SHIPPED


ADULT = {"id": "p2", "relation": "child", "birth_date": "1990-03-01", "labor_capacity": "none", "supporter": "unable"}


@pytest.mark.parametrize(("given", "refused"), [
    ({"disability_grade": 1, "disability_type": None}, "disability_grade"),  # a database's empty cell
    ({"disability_grade": 1}, "disability_grade"),  # left out
    ({"disability_type": "physical", "disability_grade": None}, "disability_type"),
    ({"disability_type": "mental"}, "disability_type"),
    ({"disability_grade": 1, "disability_type": "physical"}, None),
    ({"disability_grade": None, "disability_type": None}, None),
    ({}, None),
])
def test_a_disability_grade_and_type_are_given_together_or_not_at_all(given, refused):
    data = {"id": "M38", "date": "2026-03-01", "members": [member("p1", "1960-02-28"), {**ADULT, **given}]}
    if refused is None:
        validate_household(data, shipped(), today=datetime.date(2026, 3, 1))
        return
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, shipped(), today=datetime.date(2026, 3, 1))
    (d,) = caught.value.diagnostics
    assert (d.code, d.severity, d.path, d.member) == ("H008", "error", f"members[1].{refused}", "p2")
    other = "disability_type" if refused == "disability_grade" else "disability_grade"
    words = {"disability_grade": ("disability grade", "残疾等级"),
             "disability_type": ("type of disability", "残疾类别")}
    assert d.message == f"{words[refused][0]} is given, but {words[other][0]} is empty"
    assert d.zh is not None and d.zh[0] == f"{words[refused][1]}已填写，但{words[other][1]}为空"
    assert d.help is not None and d.help.startswith(f"fill in {words[other][0]} (`{other}`: ")
    assert d.help.endswith(f"or remove {words[refused][0]} (`{refused}`)")
    assert d.zh[1] is not None and d.zh[1].endswith(f"，或删去{words[refused][1]}（`{refused}`）")


_EVERY_FIELD = {"id": "p2", "relation": "child", "birth_date": "1990-03-01", "sex": "female", "disability_grade": None,
                "disability_type": None, "labor_capacity": "none", "serious_illness": False, "student": "none",
                "supporter": "unable"}


@pytest.mark.parametrize(("given", "refused"), [
    ({"disability_grade": 1, "disability_type": None}, "disability_grade"),
    ({"disability_type": "physical", "disability_grade": None}, "disability_type"),
    ({"disability_grade": 1, "disability_type": "physical"}, None),
    ({"disability_type": "mental", "disability_grade": 3}, None),
    ({}, None),
])
@pytest.mark.parametrize("whole", [True, False], ids=["every field", "some fields"])
def test_the_quick_route_holds_a_disability_grade_and_type_together_as_the_full_validator(given, refused, whole,
                                                                                        monkeypatch):
    """The record check of `policy batch` lets through only a member whose grade and type are both given or both
    empty, and that without asking the full validator; the others it leaves to it, which refuses them at their path."""
    import engine.intake
    from engine.intake import household_from, parse

    adult = {**_EVERY_FIELD, **given} if whole else {**ADULT, **given}
    raw = json.dumps({"id": "M38", "date": "2026-03-01", "members": [member("p1", "1960-02-28"), adult]}).encode()
    day = datetime.date(2026, 3, 1)
    if refused is not None:
        with pytest.raises(HouseholdError) as caught:
            household_from(raw, *parse(raw, "h.json"), shipped(), "h.json", day)
        assert [(d.code, d.path) for d in caught.value.diagnostics] == [("H008", f"members[1].{refused}")]
        return
    expected = validate_household(read_json(raw.decode(), "h.json"), shipped(), "h.json", today=day)

    def not_asked(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the full validator was asked")

    monkeypatch.setattr(engine.intake, "validate_household", not_asked)
    assert household_from(raw, *parse(raw, "h.json"), shipped(), "h.json", day) == expected


def test_the_finding_points_at_the_value_given_and_comes_in_file_order_with_the_others():
    text = ('{"id": "x", "members": [\n  {"id": "p1", "birth_date": "1960-02-28", "disability_grade": 2,\n'
            '   "disability_type": null},\n  {"id": "p2", "birth_date": "2030-01-01"}]}')
    with pytest.raises(HouseholdError) as caught:
        validate_household(read_json(text, "h.json"), shipped(), "h.json", today=datetime.date(2026, 3, 1))
    found = caught.value.located(JsonText(text, "h.json"))
    assert [(d.code, d.path) for d in found] == [("H008", "members[0].disability_grade"),
                                                ("H006", "members[1].birth_date")]
    span = found[0].span
    assert span is not None and span.line == 2
    assert text.splitlines()[1][span.column - 1:span.end_column - 1] == "2"  # the grade given, not the null


def test_given_with_holds_for_household_inputs_too_and_names_several_inputs():
    policy = mini_with({"assets.deposits: {type: money, default: 0, minimum: 0,":
                        "assets.deposits: {type: money, default: 0, minimum: 0, given_with: [housing.safety_grade],"})
    assert policy.inputs["household:assets.deposits"].given_with == ("housing.safety_grade",)
    data = {"id": "x", "members": [member("p1", "1950-01-01")], "assets": {"deposits": 5000}}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, policy, today=TODAY)
    (d,) = caught.value.diagnostics
    assert (d.code, d.path, d.message) == ("H008", "assets.deposits", "deposits is given, but housing grade is empty")
    validate_household({**data, "housing": {"safety_grade": "A"}}, policy, today=TODAY)
    validate_household({**data, "assets": {}}, policy, today=TODAY)  # the default stands in: nothing given
    two = mini_with({"birth_date: {type: date,": "birth_date: {type: date, given_with: [disability_grade, supporter],"})
    with pytest.raises(HouseholdError) as caught:
        validate_household({"id": "x", "members": [member("p1", "1950-01-01")]}, two, today=TODAY)
    (d,) = caught.value.diagnostics
    assert d.message == "birth date is given, but disability grade and supporter are empty"
    assert d.zh is not None and d.zh[0] == "出生日期已填写，但残疾等级、赡养人为空"


def test_the_household_schema_says_which_inputs_are_given_together():
    import jsonschema

    schema = household_schema(shipped())
    validator = jsonschema.Draft202012Validator(schema)
    person = {"id": "p1", "birth_date": "1960-02-28"}
    for given, valid in (({"disability_grade": 1, "disability_type": None}, False),
                         ({"disability_grade": 1}, False), ({"disability_type": "visual"}, False),
                         ({"disability_grade": 1, "disability_type": "visual"}, True),
                         ({"disability_grade": None}, True), ({}, True)):
        assert validator.is_valid({"id": "x", "members": [{**person, **given}]}) == valid, given


def test_amounts_stay_exact_decimals():
    data = read_json('{"id": "x", "members": [{"id": "p1", "birth_date": "1990-01-01"}],'
                     ' "income": [{"type": "wage", "amount": 0.1}]}', "h.json")
    validated = validate_household(data, POLICY)
    assert str(validated.income[0].amount) == "0.1"


@pytest.mark.parametrize(("text", "lines"), [
    (b'{"id": "a"}\n{"id": "b"}\n', True),
    (b'\xef\xbb\xbf\n\n{"id": "a"}\n{"id": "b"}', True),            # a byte-order mark and blank lines first
    (b'{\n  "id": "a",\n  "members": [\n    {"id": "p1"}\n  ]\n}\n', False),  # one household over many lines
    (b'[\n{"id": "a"},\n{"id": "b"}\n]\n', False),                    # a list, even one item per line
    (b'{"id": "a"}\n', False),                                         # one line: one household either way
    (b'{\n"id": "a",\n"members": [\n{"id": "p1"}\n]\n}\n', False),       # one household, not indented
    (b'{\n  "id": "a"\n}\n{\n  "id": "b"\n}\n', False),                # two over many lines each: one file, mended
    (b'{"id": "a",\r\n  "members": []}\r\n{"id": "b"}', False),          # a first line that goes on
    (b"", False),
])
def test_json_lines_are_told_from_one_document_whatever_the_blocks(text, lines):
    from engine.household_input import holds_json_lines

    assert holds_json_lines([text]) is lines
    assert holds_json_lines([text[i:i + 1] for i in range(len(text))]) is lines  # split anywhere


@pytest.mark.parametrize(("name", "text", "lines"), [
    ("h.jsonl", b'\xef\xbb\xbf\n[\n  {"id": "a"},\n  {"id": "b"}\n]\n', False),  # a mark alone, then a list
    ("h", b'\xef\xbb\xbf\xef\xbb\xbf\n\n{\n  "id": "a"\n}\n', False),            # two marks, then one household
    ("h.txt", b'\x0c\n  [\n  {"id": "a"}\n  ]\n', False),                      # a form feed, then a list
    ("h.json", b'\x0c\n{\n  "id": "a"\n}\n', False),                            # …then one household, not indented
    ("h.jsonl", b'\x0c\n{"id": "a"}\n{"id": "b"}\n', True),                     # …then JSON Lines: a bad record
    ("h.jsonl", b'\xe2\x80\xa8\n{"id": "a"}\n', True),                          # U+2028, then JSON Lines
])
def test_a_file_is_told_by_its_first_line_that_holds_json_text(name, text, lines):
    """A first line of byte-order marks, a form feed or U+2028 alone made a list below it JSON Lines, each of its
    lines a bad record; it holds no JSON, so the file is told by the line below it."""
    import io

    from engine.household_input import json_lines_text

    assert json_lines_text(name, io.BytesIO(text)) is lines


def test_a_diagnostic_read_back_from_its_json_is_the_same_finding():
    """What an errors file holds is shown again as `policy eval` shows it (`policy batch -o -`)."""
    from engine.diagnostics import Diagnostic, Span

    placed = Diagnostic("H002", "a value out of range", Span("h.jsonl", 3, 26, 3, 28), help="give 0 or more",
                        path="members[1].birth_date", member="p2")
    unplaced = Diagnostic("H003", "an unknown type", None, path="income[0].type", source_file="h.parquet[row 7]")
    for diagnostic in (placed, unplaced):
        again = Diagnostic.from_json(diagnostic.to_json())
        assert again == diagnostic and again.source_file == diagnostic.source_file


@pytest.mark.parametrize("text", ['{"id": "x", "members": [}', '{"id": "x",}', '{"id" "x"}', '{"id": "x"} 5',
                                  '{"id": "x', '{"id": "a\tb"}', '{"id": "\\q"}', '{"id": "x" "members": []}'])
def test_why_text_is_not_json_is_said_in_chinese_too(text):
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    (finding,) = caught.value.diagnostics
    assert finding.code == "H001" and finding.zh is not None
    english, chinese = finding.message.removeprefix("not valid JSON: "), finding.zh[0].removeprefix("不是有效的 JSON：")
    assert english != finding.message and chinese != finding.zh[0]
    assert re.search("[a-z]{3}", chinese) is None, chinese  # no English reason left in the Chinese
    assert render(finding, lang="zh").startswith(f"h.json:1:{finding.span.column}: 错误[H001]: 不是有效的 JSON：")


def test_of_two_ids_as_close_the_one_that_keeps_the_ends_is_meant():
    from engine.spelling import closest

    assert closest("DS-001", ["DS-0021", "DS-0011", "DS-0001"]) == "DS-0001"  # a digit dropped
    assert closest("wages", ["business", "wage"]) == "wage"
    assert closest("xyz", ["wage"]) is None


def test_a_group_left_out_whole_is_refused_when_a_field_of_it_has_no_default():
    """`assets` left out, where `assets.deposits` has no default: refused, as `"assets": {}` is — it was read
    as a deposit of null and decided."""
    from engine.loader import load_policy

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    given = "    assets.deposits: {type: money, default: 0, minimum: 0,"
    assert text.count(given) == 1
    policy, _ = load_policy("strict.yaml", raw=text.replace(given, "    assets.deposits: {type: money, minimum: 0,")
                            .encode("utf-8"))
    data = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    del data["assets"]
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, policy, "x.json", today=datetime.date(2026, 3, 1))
    (found,) = caught.value.diagnostics
    assert (found.code, found.message) == ("H002", "`assets` is missing")
    assert found.help == ('add `"assets": {…}` with the fields that have no default: add `deposits` (deposits and '
                          'securities of the household): an amount in yuan, without quotes, e.g. `"deposits": 3000`')
    assert "assets" in household_schema(policy)["required"]
    assert "assets" not in household_schema(load_policy(ROOT / "policy" / "post-transition.yaml")[0])["required"]


def test_every_input_of_type_money_is_refused_a_third_decimal_as_a_line_amount_is_and_a_number_is_not():
    """An input of type money — of the household or of a member — has the rules of an income line's amount, the
    same words and help on the quick intake and the full validator; an input of type number keeps its own (any
    decimals), and so does an integer."""
    from engine.intake import household_from, parse

    policy = mini_with({
        "    supporter: {": "    allowance: {type: money, default: 0, minimum: 0, label: {zh: 补贴, en: allowance}}\n"
                           "    supporter: {",
        "    housing.safety_grade: {": "    housing.area: {type: number, default: 0, label: {zh: 面积, en: area}}\n"
                                      "    housing.safety_grade: {"})
    given = {"id": "T-1", "members": [{"id": "p1", "birth_date": "1950-01-01", "allowance": 10.123}],
             "income": [{"type": "wage", "amount": 10.123}],
             "assets": {"deposits": 100.123}, "housing": {"area": 60.125}}
    raw = json.dumps(given).encode()
    found = []
    for read in (lambda: validate_household(read_json(raw.decode(), "h.json"), policy, "h.json", today=TODAY),
                 lambda: household_from(raw, *parse(raw, "h.json"), policy, "h.json", TODAY)):
        with pytest.raises(HouseholdError) as caught:
            read()
        found.append([(d.path, d.message, d.help, d.zh and d.zh[0]) for d in caught.value.diagnostics])
    two = "amounts are yuan with at most two decimals"
    assert found[0] == found[1] == [
        ("members[0].allowance", "10.123 has more than two decimals", two, "10.123 超过两位小数"),
        ("income[0].amount", "10.123 has more than two decimals", two, "10.123 超过两位小数"),
        ("assets.deposits", "100.123 has more than two decimals", two, "100.123 超过两位小数")]
    plain = {**given, "members": [{"id": "p1", "birth_date": "1950-01-01", "allowance": 10.12}],
             "income": [{"type": "wage", "amount": 10.12}], "assets": {"deposits": 100.12}}
    raw = json.dumps(plain).encode()
    household = household_from(raw, *parse(raw, "h.json"), policy, "h.json", TODAY)
    assert household.fields["housing.area"] == Decimal("60.125")  # a number: its three decimals kept
    assert household == validate_household(read_json(raw.decode(), "h.json"), policy, "h.json", today=TODAY)


@pytest.mark.parametrize(("written", "meant"), [("12239.980000000001", "12239.98"), ("0.30000000000000004", "0.3"),
                                               ("1999.9999999999998", "2000")])
def test_an_amount_with_a_floats_noise_is_told_the_amount_to_write(written, meant):
    """`12239.980000000001`, as a spreadsheet's sum exports it, was told only that amounts have two decimals."""
    from engine.intake import household_from, parse

    raw = json.dumps(GOOD).replace('"amount": 1000', f'"amount": {written}').encode()
    for read in (lambda: validate_household(read_json(raw.decode(), "h.json"), POLICY, "h.json", today=TODAY),
                 lambda: household_from(raw, *parse(raw, "h.json"), POLICY, "h.json", TODAY)):
        with pytest.raises(HouseholdError) as caught:
            read()
        [found] = caught.value.diagnostics
        assert found.message == f"{written} has more than two decimals"
        assert found.help.startswith(f"write `{meant}`: the digits after the cents are left over")
        assert found.zh[1].startswith(f"应写作 `{meant}`：")
    fixed = raw.decode().replace(written, meant)
    assert validate_household(read_json(fixed, "h.json"), POLICY, "h.json", today=TODAY).income[0].amount \
        == Decimal(meant)


def test_eval_refuses_a_number_of_assets_with_more_digits_than_a_figure_may_have_as_batch_does(run, tmp_path):
    """`assets.land` of 100000000.0000000001 mu (19 digits): `policy batch` refused it ("too large or too precise"),
    `policy eval` decided the household — the quick check of a record read exactly took any number below 10**13."""
    from pathlib import Path

    from tests.helpers import POST

    text = Path(POST).read_text(encoding="utf-8").replace(
        "    assets.deposits:", "    assets.land: {type: number, default: 0, minimum: 0, label: {zh: 承包地（亩）, "
        "en: land (mu)}}\n    assets.deposits:", 1)
    (tmp_path / "land.yaml").write_text(text, encoding="utf-8")
    h = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    h["assets"]["land"] = "LAND"
    data = json.dumps(h, ensure_ascii=False).replace('"LAND"', "100000000.0000000001")  # as written, not a float
    (tmp_path / "h.json").write_text(data, encoding="utf-8")
    (tmp_path / "h.jsonl").write_text(data + "\n", encoding="utf-8")
    said = run("eval", tmp_path / "h.json", "--policy", tmp_path / "land.yaml", "--lang", "en")
    assert said.exit_code == 2 and "assets.land: error[H002]" in said.output
    assert "too large or too precise" in said.output
    batch = run("batch", tmp_path / "h.jsonl", "-o", tmp_path / "o.jsonl", "--policy", tmp_path / "land.yaml",
                "--lang", "en")
    assert batch.exit_code == 2 and "too large or too precise" in batch.output


def area_policy(declared: str = "default: 0, minimum: 0"):
    """The mini policy with a household input of type number (an area), declared with `declared`."""
    return mini_with({"    housing.safety_grade: {": "    housing.area: {type: number, " + declared
                      + ", label: {zh: 面积, en: area}}\n    housing.safety_grade: {"})


@pytest.mark.parametrize("area, refused", [
    (Decimal("0.1"), None), (0.1, None), (Decimal("0.3"), None), (0.3, None), (Decimal("2.7"), None),
    (Decimal("0.0999999999999999999"), "0.0999999999999999999 is below the minimum 0.1"),
    (Decimal("2.7000000000000000001"), "2.7000000000000000001 is above the maximum 2.7")])
def test_a_number_at_a_bound_of_a_tenth_is_within_it(area, refused):
    """The household schema holds a bound of 0.1 as a float, a hair above a tenth: the full validator refused an
    exact `0.1` as below the minimum 0.1 (the quick check of the same record took it). Values and bounds are compared
    as the decimals they are written as."""
    policy = area_policy("default: 0.5, minimum: 0.1, maximum: 2.7")
    data = household([member("p1", "1950-01-01")], housing={"area": area})
    if refused is None:
        assert validate_household(data, policy, today=TODAY).fields["housing.area"] == Decimal(str(area))
        return
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, policy, today=TODAY)
    assert [d.message for d in caught.value.diagnostics] == [refused]


@pytest.mark.parametrize("area, said", [
    (float("inf"), "inf is not a number a household may hold"),
    (float("nan"), "nan is not a number a household may hold"),
    (Decimal("-Infinity"), "-Infinity is not a number a household may hold"),
    (1e300, "the number 1e+300 is out of any sensible range"),
    (Decimal("1E+31"), "the number 1E+31 is out of any sensible range"),
    (10**40, "the number 10000000000000000000000000000000000000000 is out of any sensible range"),
    (Decimal("1E-31"), "the number 1E-31 is out of any sensible range")])
def test_a_number_no_household_file_could_hold_is_refused_from_any_reader(area, said):
    """A Parquet `double` of 1e300 or NaN, a `decimal(38,0)` of 10**35: numbers the JSON reader refuses (beyond
    10**±30, or no number at all) were taken from other readers — 1e300 mu of land then stopped `policy batch` with a
    traceback while its doubt was written. Each is refused where it is, by the full validator and the quick check
    alike, for a number, an amount and an input of type money."""
    from engine.intake import household_from

    policy = area_policy()
    data = household([member("p1", "1950-01-01")], housing={"area": area})
    for read in (lambda: validate_household(data, policy, "h.json", today=TODAY),
                 lambda: household_from(None, data, True, policy, "h.json", TODAY)):
        with pytest.raises(HouseholdError) as caught:
            read()
        assert [(d.code, d.path, d.message) for d in caught.value.diagnostics] == [("H002", "housing.area", said)]
    lines = household([member("p1", "1950-01-01")], income=[{"type": "wage", "amount": area}])
    with pytest.raises(HouseholdError) as caught:
        validate_household(lines, policy, today=TODAY)
    assert [(d.path, d.message) for d in caught.value.diagnostics] == [("income[0].amount", said)]


def test_a_household_with_a_number_beyond_what_its_explanation_rounds_is_decided_and_explained(run, tmp_path):
    """Land of 1e25 mu (a slip, which JSON holds: its doubt says so) stopped `policy eval` with a traceback: the
    doubt wrote the figure by rounding it to twelve decimals, in a context of 28 digits."""
    from pathlib import Path

    from tests.helpers import POST

    land = ("land_area: {type: number, default: 0, minimum: 0, plausible: {max: 40}, "
            "label: {zh: 承包地面积（亩）, en: contracted land (mu)}}")
    text = Path(POST).read_text(encoding="utf-8").replace("  member:\n    relation:\n",
                                                          f"  member:\n    {land}\n    relation:\n", 1)
    (tmp_path / "land.yaml").write_text(text, encoding="utf-8")
    h = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    h["members"][0]["land_area"] = "LAND"
    (tmp_path / "h.json").write_text(json.dumps(h).replace('"LAND"', "1e25"), encoding="utf-8")
    said = run("eval", tmp_path / "h.json", "--policy", tmp_path / "land.yaml", "--lang", "en", "--explain")
    assert said.exit_code == 0, said.output
    assert "Traceback" not in said.output and "10000000000000000000000000" in said.output


def test_floats_given_without_text_are_checked_by_the_quick_check_as_the_full_validator_checks_them(monkeypatch):
    """A record read from Parquet gives a `double` column's values as floats, with no text: every such record went
    to the full validator (a thousand households a second), which reads each float by its shortest text. The quick
    check reads them alike, and leaves to the full validator what it would refuse — an amount of three decimals, a
    figure below 10**-30 — so both give the same household, or the same findings."""
    import engine.intake as intake

    policy = mini_with({
        "    supporter: {": "    allowance: {type: money, default: 0, minimum: 0, label: {zh: 补贴, en: allowance}}\n"
                           "    supporter: {",
        "    housing.safety_grade: {": "    housing.area: {type: number, default: 0.5, minimum: 0.1, "
                                      "label: {zh: 面积, en: area}}\n    housing.safety_grade: {"})

    def given(area: float, allowance: float = 10.5, amount: float = 300.25) -> dict:
        return {"id": "T-1", "members": [{"id": "p1", "birth_date": "1950-01-01", "allowance": allowance}],
                "income": [{"type": "wage", "amount": amount}], "housing": {"area": area}}

    def full_only(*args, **kwargs):
        raise AssertionError("the full validator was asked")
    for area in (0.1 + 0.2, 1 / 3, 0.1, 60.125, 1e12 + 0.5):
        data = given(area)
        with monkeypatch.context() as patched:
            patched.setattr(intake, "validate_household", full_only)
            quick = intake.household_from(None, data, True, policy, "h.parquet", TODAY)
        assert quick == validate_household(data, policy, "h.parquet", today=TODAY)
        assert quick.fields["housing.area"] == Decimal(str(area))
    for data, path, message in (
            (given(1.5, allowance=10.125), "members[0].allowance", "10.125 has more than two decimals"),
            (given(1.5, amount=0.001), "income[0].amount", "0.001 has more than two decimals"),
            (given(1e-31), "housing.area", "the number 1e-31 is out of any sensible range"),
            (given(0.09999999999999999), "housing.area", "0.09999999999999999 is below the minimum 0.1")):
        found = []
        for read in (lambda d: validate_household(d, policy, "h.parquet", today=TODAY),
                     lambda d: intake.household_from(None, d, True, policy, "h.parquet", TODAY)):
            with pytest.raises(HouseholdError) as caught:
                read(data)
            found.append([(d.path, d.message) for d in caught.value.diagnostics])
        assert found[0] == found[1] and (path, message) in found[0]


def test_a_field_under_its_chinese_label_is_told_the_field_it_is():
    """An intake system's own key (`存款`, `出生日期`) that one Chinese label of the policy holds names the field to
    write."""
    from engine.loader import load_policy

    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    data = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    data["assets"]["存款"] = data["assets"].pop("deposits")
    data["members"][0]["出生日期"] = data["members"][0].pop("birth_date")
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, policy, "h.json", today=TODAY)
    said = {d.path: (d.message, d.help, d.zh) for d in caught.value.diagnostics if "unknown field" in d.message}
    assert said["assets"] == (
        "unknown field `存款`: by its Chinese label, the field is `deposits` (`家庭存款及有价证券`)",
        "write `deposits`",
        ("未知字段 `存款`：按中文标签，应为字段 `deposits`（“家庭存款及有价证券”）", "请写 `deposits`"))
    assert said["members[0]"][:2] == ("unknown field `出生日期`: by its Chinese label, the field is `birth_date` "
                                      "(`出生日期`)", "write `birth_date`")


def test_a_field_of_the_format_in_its_chinese_word_is_told_the_field_it_is_and_not_also_missing():
    """`"成员"`, `"收入"` and a line's `"金额"` were told the allowed fields only, beside `members` (and `amount`)
    missing, while `"Members"` was told `members`; a label's key (`出生日期`) was said missing too."""
    data = {"id": "X", "成员": [{"id": "p1", "出生日期": "1950-01-01"}],
            "收入": [{"type": "wage", "amount": 10}], "expenses": [{"type": "medical", "金额": 10}]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json", today=TODAY)
    assert [(d.path, d.message, d.help) for d in caught.value.diagnostics] == [
        ("(the household)", "unknown field `成员`: by its Chinese label, the field is `members` (`成员`)",
         "write `members`"),
        ("(the household)", "unknown field `收入`: by its Chinese label, the field is `income` (`收入`)",
         "write `income`"),
        ("expenses[0]", "unknown field `金额`: by its Chinese label, the field is `amount` (`金额`)", "write `amount`")]
    data = {**GOOD, "members": [{"id": "p1", "出生日期": "1950-01-01"}], "income": []}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json", today=TODAY)
    assert [(d.path, d.help) for d in caught.value.diagnostics] == [("members[0]", "write `birth_date`")]


@pytest.mark.parametrize(("line", "help"), [
    ({"type": "wage", "member": "p2", "amount": 250, "per": "month"},
     "write `\"amount\": 3000` (250 a month × 12), without `per`"),
    ({"type": "wage", "amount": Decimal("250.50"), "单位": "元/月"},
     "write `\"amount\": 3006` (250.50 a month × 12), without `单位`"),
    ({"type": "wage", "amount": 3000, "period": "year"}, "remove `period`"),
    ({"type": "wage", "amount": 3000, "per": "week"}, "allowed: type, member, amount"),
])
def test_a_line_given_per_month_is_told_the_year_s_amount(line, help):
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "income": [line]}, POLICY, "h.json", today=TODAY)
    (d,) = [d for d in caught.value.diagnostics if "unknown field" in d.message]
    assert (d.path, d.help) == ("income[0]", help)
    said_as_a_period = d.message.endswith("a line's amount is the last 12 months' total")
    assert said_as_a_period == (help != "allowed: type, member, amount")
    assert d.zh is not None and d.zh[1]


def test_an_unknown_field_is_told_the_fields_allowed_as_each_language_lists_them():
    """`"phone"`, a field of the county's own: no field is meant by it, so the fields allowed are listed, in Chinese
    with `、` as Chinese lists them."""
    data = {**GOOD, "members": [{**GOOD["members"][0], "phone": "138"}, *GOOD["members"][1:]]}
    [found] = caught_findings(data)
    assert (found.message, found.help) == ("unknown field `phone`",
                                           "allowed: id, birth_date, disability_grade, supporter")
    assert found.zh == ("未知字段 `phone`", "允许的字段：id、birth_date、disability_grade、supporter")


@pytest.mark.parametrize(("data", "path", "key", "label", "label_zh"), [
    ({**GOOD, "members": [{**GOOD["members"][0], "age": 41}, *GOOD["members"][1:]]}, "members[0]", "age", "age",
     "年龄"),
    ({**GOOD, "household_size": 2}, "(the household)", "household_size", "size", "人口"),
])
def test_a_field_the_policy_works_out_itself_is_told_to_be_left_out(data, path, key, label, label_zh):
    """`"age": 41` beside the date of birth it is worked out from was told only the fields allowed, which have no
    age: a caseworker could not tell that it need not be written at all."""
    [found] = caught_findings(data)
    assert (found.path, found.message, found.help) == (
        path, f"unknown field `{key}`", f"the policy works out “{label}” itself from the household's other data: "
                                        "delete it")
    assert found.zh == (f"未知字段 `{key}`", f"“{label_zh}”由政策根据家庭的其他数据自行计算：请删去")


def test_an_unknown_field_is_offered_only_a_field_the_household_lacks():
    """`note` beside `deposits` is an export's own field, not a slip of `deposits`; `deposit` without it is."""
    for assets, help in (({"deposits": 100, "note": "x"}, "allowed: "), ({"deposit": 100}, "did you mean `deposits`?")):
        with pytest.raises(HouseholdError) as caught:
            validate_household({**GOOD, "assets": assets}, POLICY, "h.json", today=TODAY)
        (d,) = caught.value.diagnostics
        assert d.help is not None and d.help.startswith(help), d.help


def test_members_misspelt_is_one_finding_not_also_missing_nor_each_line_s_member_unknown():
    data = {"id": "X", "memers": GOOD["members"], "income": [{"type": "wage", "member": "p2", "amount": 1000}]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json", today=TODAY)
    assert [(d.code, d.message, d.help) for d in caught.value.diagnostics] == [
        ("H002", "unknown field `memers`", "did you mean `members`?")]


def test_members_misspelt_is_one_finding_however_members_missing_is_worded(monkeypatch):
    """`members` missing is known to echo `memers` by the key it is about, not by its words."""
    def reworded(*args: object, **kwargs: object) -> tuple[str, Said, Said | None]:
        code, message, hint = schema_finding(*args, **kwargs)  # type: ignore[arg-type]
        key = message.subject
        return code, (message if key is None else Said(f"no `{key}` given", f"没有 `{key}`", subject=key)), hint

    monkeypatch.setattr(engine.household, "schema_finding", reworded)
    with pytest.raises(HouseholdError) as left_out:
        validate_household({"id": "X"}, POLICY, "h.json", today=TODAY)
    assert [d.message for d in left_out.value.diagnostics] == ["no `members` given"]
    with pytest.raises(HouseholdError) as misspelt:
        validate_household({"id": "X", "memers": GOOD["members"]}, POLICY, "h.json", today=TODAY)
    assert [d.message for d in misspelt.value.diagnostics] == ["unknown field `memers`"]


def test_members_left_out_is_told_how_to_write_them():
    with pytest.raises(HouseholdError) as caught:
        validate_household({"id": "X"}, POLICY, "h.json", today=TODAY)
    (d,) = caught.value.diagnostics
    assert (d.message, d.help) == ("`members` is missing", "add `members`: the people of the household, one entry "
                                   "each, with its id and the inputs every member needs, e.g. `\"members\": "
                                   "[{\"id\": \"p1\", \"birth_date\": \"YYYY-MM-DD\"}, …]`")
    assert d.in_lang("zh").help.endswith("例如 `\"members\": [{\"id\": \"p1\", \"birth_date\": \"YYYY-MM-DD\"}, …]`")


@pytest.mark.parametrize(("changed", "found"), [
    ({"members": "2"}, [("members", "\"2\" is not a list", "write the list in `[…]`, one map for each: "
                         "`\"members\": [{\"id\": \"p1\", \"birth_date\": \"YYYY-MM-DD\"}, …]`")]),
    ({"members": ["张三", member("p2", "1990-01-01")]},
     [("members[0]", "\"张三\" is not a map", "write each member as a map in `{…}`, e.g. "
       "`{\"id\": \"p1\", \"birth_date\": \"YYYY-MM-DD\"}`")]),
    ({"income": [None]}, [("income[0]", "null is not a map", "write each line as a map in `{…}`, e.g. "
                           "`{\"type\": \"wage\", \"member\": \"p1\", \"amount\": amount in yuan}`")]),
    ({"expenses": 0}, [("expenses", "0 is not a list", "write the list in `[…]`, one map for each: "
                        "`\"expenses\": [{…}, …]`, or `[]` for none")]),
    ({"housing": "C"}, [("housing", "\"C\" is not a map", "write `\"housing\"` as a map of its fields in `{…}`: "
                         "`{\"safety_grade\": one of \"A\", \"B\", \"C\", \"D\"}`")]),
    ({"id": 12.5}, [("id", "12.5 is not a text", "write an id as a text in quotes, e.g. `\"DS-0001\"`")]),
])
def test_a_part_of_the_household_written_as_something_else_is_told_how_it_is_written(changed, found):
    """`"members": "2"`, a member written as a name, a line left `null`: the part's form with an example; the lines
    of a member that could not be read are not also told their member is unknown."""
    data = {**GOOD, **changed, "income": changed.get("income", [{"type": "wage", "member": "p1", "amount": 100}])}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json", today=TODAY)
    assert [(d.path, d.message, d.help) for d in caught.value.diagnostics] == found
    assert all(d.zh is not None and d.zh[1] for d in caught.value.diagnostics)


def test_members_not_in_a_list_are_shown_a_members_shape_never_values_that_would_decide_the_household():
    """`"members": "2"`: the list help showed a member with a real birth date (`"birth_date": "1958-03-02"`), which,
    pasted, decides the household on a date nobody gave; it shows the value's kind, as the help for a member written
    as a text does, in both languages."""
    from engine.loader import load_policy

    shipped = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, "members": "2"}, shipped, "h.json", today=TODAY)
    [d] = caught.value.diagnostics
    assert d.help is not None and d.zh is not None and d.zh[1] is not None
    assert '"birth_date": "YYYY-MM-DD"' in d.help and '"birth_date": "YYYY-MM-DD"' in d.zh[1]
    assert "1958" not in d.help and "1958" not in d.zh[1]


def test_a_part_left_null_is_shown_its_shape_never_values_that_would_decide_the_household():
    """`"drinking_water": null` in an export: a help that gave `{"safe": false}` was pasted and decided the
    household as one without safe water. The shape names each field's kind, which JSON does not read; and it is not
    told to leave the group out, which would decide it on the policy's defaults (no deposits, safe water) where the
    export did not know."""
    from engine.loader import load_policy

    shipped = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    for group, shape in [
        ("drinking_water", '{"safe": true or false}'),
        ("assets", '{"deposits": amount in yuan, "vehicles": whole number, "extra_houses": whole number, '
                   '"registered_business": true or false}'),
    ]:
        with pytest.raises(HouseholdError) as caught:
            validate_household({**GOOD, group: None}, shipped, "h.json", today=TODAY)
        [d] = caught.value.diagnostics
        assert (d.path, d.message, d.help) == (
            group, "null is not a map", f"write `\"{group}\"` as a map of its fields in `{{…}}`: `{shape}`")
        with pytest.raises(json.JSONDecodeError):
            json.loads(shape)


@pytest.mark.parametrize(("changed", "path", "help"), [
    ({"members": [member("p1", "9")]}, "members[0].birth_date", "write a date as YYYY-MM-DD, e.g. `1958-03-02`"),
    ({"members": [member("p1", "1950-01-01", disability_grade="x")]}, "members[0].disability_grade",
     "write a whole number in digits, e.g. `2`, or `null`"),
    ({"assets": {"deposits": "1405x"}}, "assets.deposits", "write the number in digits, e.g. `18000` or `1405.50`"),
])
def test_a_value_nothing_sharper_is_known_of_is_told_how_its_type_is_written(changed, path, help):
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, **changed}, POLICY, "h.json", today=TODAY)
    said = {d.path: d.help for d in caught.value.diagnostics}
    assert said[path] == help


@pytest.mark.parametrize(("written", "help_en", "help_zh"), [
    ("1000元", "write the amount in yuan as a number: `1000`", "金额应写为以元计的数字：`1000`"),
    ("1.2万", "write the amount in yuan as a number: `12000`", "金额应写为以元计的数字：`12000`"),
    ("2000元/月", "an amount is the sum of a year (the last 12 months), not of a month: for 2000 yuan a month write "
     "`24000` (where the months differ, the sum of the 12)",
     "金额是全年合计（最近 12 个月），不是每月的金额：每月 2000 元请写 `24000`（各月不同的，写 12 个月之和）"),
])
def test_an_amount_written_with_its_unit_outside_quotes_gets_the_number_to_write(written, help_en, help_zh):
    """`"amount": 1000元`, as a caseworker writes money, was told that a comma is expected at `元` and to check the
    brackets, commas and quotes near there; in quotes (`"1000元"`) it was already told the number to write."""
    text = json.dumps(GOOD).replace('"amount": 1000', f'"amount": {written}')
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert (found.code, found.message, found.help) == ("H001", f"not valid JSON: `{written}` is a number with a unit, "
                                                       "which JSON does not write", help_en)
    assert found.zh == (f"不是有效的 JSON：`{written}` 带了单位，JSON 中的数字不带单位", help_zh)
    column = text.index(written) + 1
    assert (found.span.column, found.span.end_column) == (column, column + len(written))


@pytest.mark.parametrize(("written", "meant"), [("2025-06-01", "2025-06-01"), ("2025-6-1", "2025-06-01")])
def test_a_date_written_without_quotes_gets_the_quotes(written, meant):
    """`"date": 2025-06-01` reads as the number 2025, then a comma expected at `-`: told to check the brackets, commas
    and quotes near there, with no word of the date."""
    text = json.dumps({**GOOD, "date": "DAY"}).replace('"DAY"', written)
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert (found.code, found.message, found.help) == ("H001", f"not valid JSON: the date `{written}` is not in quotes",
                                                       f'write the date in double quotes: `"{meant}"`')
    assert found.zh == (f"不是有效的 JSON：日期 `{written}` 没有加引号", f'日期要加双引号：`"{meant}"`')
    column = text.index(written) + 1
    assert (found.span.column, found.span.end_column) == (column, column + len(written))


@pytest.mark.parametrize(("old", "new"), [('"type": "wage"', '"type": "wage”'), ('"member": "p2"', '"member": "p2“')])
def test_a_text_closed_by_a_full_width_quote_is_told_at_that_quote(old, new):
    """`"wage”`, the input method switched on before the closing quote: JSON reads on to the next `"`, and was told a
    comma was expected inside the next field name, to check the brackets, commas and quotes near there."""
    edited, found = _refused_edit(old, new)
    mark, meant = new[-1], new.rpartition(": ")[2][:-1] + '"'
    assert (found.code, found.message) == ("H001", f"not valid JSON: `{mark}` is full-width (Chinese) punctuation")
    assert found.help == f'write the half-width `"` (`{meant}`): JSON reads no other'
    assert found.zh == (f"不是有效的 JSON：`{mark}` 是全角（中文）标点",
                        f'请改用半角的 `"`（`{meant}`）：JSON 只认半角标点')
    column = edited.index(new) + len(new)
    assert (found.span.column, found.span.end_column) == (column, column + 1)


@pytest.mark.parametrize(("old", "new", "comma"), [
    ('"type": "wage",', '"type": "wage",,', '"type": "wage",,'),
    ('}, {"id": "p2"', '}, , {"id": "p2"', '}, ,'),
])
def test_a_comma_twice_between_two_items_is_told_at_the_second(old, new, comma):
    """`"wage",,`: JSON wants the next item after the first comma, and was told a field name in quotes was expected,
    to check the brackets, commas and quotes near there."""
    edited, found = _refused_edit(old, new)
    assert (found.code, found.message, found.help) == ("H001", "not valid JSON: a comma twice between two items",
                                                       "remove one: JSON writes one comma between two items")
    assert found.zh == ("不是有效的 JSON：两项之间写了两个逗号", "请删去一个：JSON 在两项之间只写一个逗号")
    second = edited.index(comma) + len(comma)
    assert (found.span.column, found.span.end_column) == (second, second + 1)


def test_a_text_without_its_closing_quote_is_told_where_the_quote_goes():
    """`"type": "wage, "member": …`: JSON reads `"wage, "` as the text and stops at `member`, where it was told a comma
    was expected, to check the brackets, commas and quotes near there."""
    edited, found = _refused_edit('"type": "wage",', '"type": "wage,')
    assert (found.code, found.message, found.help) == ("H001", 'not valid JSON: the text `"wage` has no closing quote',
                                                       'write `"wage",`')
    assert found.zh == ('不是有效的 JSON：文本 `"wage` 缺少结束引号', '应写作 `"wage",`')
    after = edited.index('"wage,') + len('"wage') + 1
    assert (found.span.column, found.span.end_column) == (after, after + 1)


@pytest.mark.parametrize(("old", "new", "opened", "closing"), [
    ('"amount": 1000}', '"amount": 1000]', '{"type": "wage"', "}"),
    ('"amount": 1000}]', '"amount": 1000}}', '[{"type": "wage"', "]"),
])
def test_a_bracket_closed_with_the_other_kind_is_told_with_the_one_it_closes(old, new, opened, closing):
    """`{"safety_grade": "B"]`: JSON wants a comma there, and was told so, to check the brackets, commas and quotes
    near there, with no word of the `{` that `]` was meant to close."""
    edited, found = _refused_edit(old, new)
    wrong = new[-1]
    column = edited.index(opened) + 1
    assert (found.code, found.message, found.help) == (
        "H001", f"not valid JSON: `{wrong}` closes the `{opened[0]}` opened at line 1, column {column}",
        f"write `{closing}`: a `{opened[0]}` is closed by `{closing}`")
    assert found.zh == (f"不是有效的 JSON：`{wrong}` 对应的是第 1 行第 {column} 列的 `{opened[0]}`",
                        f"应写作 `{closing}`：`{opened[0]}` 要用 `{closing}` 结束")
    at = edited.index(new) + len(new)
    assert (found.span.column, found.span.end_column) == (at, at + 1)


def test_a_text_without_its_opening_quote_is_told_so():
    """`"type": wage",`: the opening quote left out, it was told that a value was expected there, to check the
    brackets, commas and quotes near there."""
    edited, found = _refused_edit('"type": "wage"', '"type": wage"')
    assert (found.code, found.message, found.help) == ("H001", 'not valid JSON: the text `wage"` has no opening quote',
                                                       'write text in double quotes: `"wage"`')
    assert found.zh == ('不是有效的 JSON：文本 `wage"` 缺少开头的引号', '文本要加双引号：`"wage"`')
    column = edited.index('wage"') + 1
    assert (found.span.column, found.span.end_column) == (column, column + len('wage"'))


@pytest.mark.parametrize(("changed", "path", "en", "zh"), [
    ({"income": {"type": "wage", "member": "p1", "amount": 100}}, "income", "a map is not a list",
     "这里是一个对象，不是列表"),
    ({"housing": ["C"]}, "housing", "a list is not a map", "这里是一个列表，不是对象"),
])
def test_a_map_or_a_list_where_the_other_belongs_is_told_in_plain_chinese(changed, path, en, zh):
    """`income: 错误[H002]: 一个对象 不是列表`: a space in the middle of Chinese words, and no subject to the
    sentence."""
    with pytest.raises(HouseholdError) as caught:
        validate_household({**GOOD, **changed}, POLICY, "h.json", today=TODAY)
    [found] = caught.value.diagnostics
    assert (found.path, found.message) == (path, en)
    assert found.zh is not None and found.zh[0] == zh


@pytest.mark.parametrize(("new", "written", "message", "message_zh", "help_en", "help_zh"), [
    ('"amount": 01000', "01000", "`01000` starts with a zero", "`01000` 以 0 开头",
     'write `1000`: a number in JSON does not start with 0 (an id or a code keeps its zeros in quotes: `"01000"`)',
     '应写作 `1000`：JSON 中的数字不以 0 开头（编号、代码要保留开头的 0，请加引号：`"01000"`）'),
    ('"amount": 1 000', "1 000", "`1 000` is written with a space as thousands separator",
     "`1 000` 中用空格作千位分隔符", "write `1000`: a number in JSON has no thousands separator",
     "应写作 `1000`：JSON 中的数字不加千位分隔符"),
    ('"amount": 12 000 000', "12 000 000", "`12 000 000` is written with a space as thousands separator",
     "`12 000 000` 中用空格作千位分隔符", "write `12000000`: a number in JSON has no thousands separator",
     "应写作 `12000000`：JSON 中的数字不加千位分隔符"),
])
def test_a_number_with_a_leading_zero_or_spaces_between_its_thousands_gets_the_number_to_write(
        new, written, message, message_zh, help_en, help_zh):
    """`01000` and `1 000`: JSON reads `0` or `1` and stops at the next digit, told that a comma is expected there, to
    check the brackets, commas and quotes near there."""
    edited, found = _refused_edit('"amount": 1000', new)
    assert (found.code, found.message, found.help) == ("H001", f"not valid JSON: {message}", help_en)
    assert found.zh == (f"不是有效的 JSON：{message_zh}", help_zh)
    column = edited.index(written) + 1
    assert (found.span.column, found.span.end_column) == (column, column + len(written))


@pytest.mark.parametrize(("written", "before"), [("[100 200]", "100"), ("[1, 100 200, 3]", "100"),
                                                 ("[-5 200]", "-5"), ("[100 2000]", "100"), ('[{"a": 1}, 1 200]', "1")])
def test_two_numbers_of_a_list_without_a_comma_are_told_as_a_comma_left_out(written, before):
    """`[100 200]`: JSON reads `100` and stops at `200`; told as `100 200` written with a space as thousands separator
    (help: write `100200`), where in a list a comma left out is the likelier slip. A single value's `1 000` stays a
    thousands separator (below)."""
    text = '{"id": "T-1", "figures": ' + written + "}"
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert (found.code, found.message, found.help) == ("H001", "not valid JSON: a comma is missing between two items",
                                                       "add a comma here: JSON writes one between two items")
    assert found.zh == ("不是有效的 JSON：两项之间缺少逗号", "请在此处加一个逗号：JSON 在两项之间写逗号")
    end = text.index(written) + written.index(before + " ") + len(before)
    assert (found.span.line, found.span.column, found.span.end_column) == (1, end + 1, end + 2)


@pytest.mark.parametrize("written", ['[{"type": "wage", "amount": 1 000}]', "[1 000]", "[5, 12 000 000]"])
def test_spaces_between_thousands_stay_one_number_in_a_map_or_where_no_number_follows(written):
    """A value of a map in a list (`"amount": 1 000`) is no item of the list; `000` is no number JSON writes, so
    `[1 000]` is one number with a space as thousands separator, not two without their comma."""
    text = '{"id": "T-1", "income": ' + written + "}"
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert found.message.startswith("not valid JSON: `1") and \
        found.message.endswith("000` is written with a space as thousands separator")


@pytest.mark.parametrize(("field", "written", "meant"), [("vehicles", "2辆", "2"), ("disability_grade", "2级", "2"),
                                                         ("extra_houses", "1套", "1")])
def test_a_count_written_with_its_measure_word_gets_the_number_to_write(field, written, meant):
    """`"vehicles": 2辆`, `"disability_grade": 2级`, as a caseworker counts: JSON reads `2` and stops at `辆`, told that
    a comma is expected there, to check the brackets, commas and quotes near there."""
    text = json.dumps({**GOOD, field: "X"}).replace('"X"', written)
    with pytest.raises(HouseholdError) as caught:
        read_json(text, "h.json", ("h.json", 1))
    [found] = caught.value.diagnostics
    assert (found.code, found.message, found.help) == (
        "H001", f"not valid JSON: `{written}` is a number with a measure word, which JSON does not write",
        f"write `{meant}`: a count in JSON is the number alone")
    assert found.zh == (f"不是有效的 JSON：`{written}` 带了量词，JSON 中的数字不带量词",
                        f"应写作 `{meant}`：JSON 中的数量只写数字")
    column = text.index(written) + 1
    assert (found.span.column, found.span.end_column) == (column, column + len(written))


@pytest.mark.parametrize(("new", "at", "message", "message_zh", "help_en", "help_zh"), [
    ('"id": "C:\\\\data\\\\p1"'.replace("\\\\", "\\"), "\\", "a backslash `\\` in a text, where JSON starts an escape",
     "文本中的反斜杠 `\\` 在 JSON 中表示转义",
     "write it twice (`\\\\`), or write `/` instead", "请写两个（`\\\\`），或改用 `/`"),
    ('"id": "p\t1"', "\t", "a tab inside a text", "文本中有制表符（Tab）",
     "replace it with a space, or write it as `\\t`", "请改为空格，或写作 `\\t`"),
])
def test_a_backslash_or_a_tab_in_a_text_is_told_with_what_to_write(new, at, message, message_zh, help_en, help_zh):
    """`"C:\\data"`, a folder as Windows writes it, and a tab typed inside quotes: told an invalid escape or a control
    character, to check the brackets, commas and quotes near there."""
    edited, found = _refused_edit('"id": "p1"', new)
    assert (found.code, found.message, found.help) == ("H001", f"not valid JSON: {message}", help_en)
    assert found.zh == (f"不是有效的 JSON：{message_zh}", help_zh)
    column = edited.index(at) + 1
    assert (found.span.column, found.span.end_column) == (column, column + 1)


def test_a_line_of_json_lines_in_gbk_whose_first_word_reads_as_utf8_by_chance_is_told_whole(run, tmp_path):
    """`女性` in GBK is C5 AE D0 D4, and C5 AE reads as UTF-8 (`Ů`): the line is GBK throughout, told with `女性` (not
    `性`) and given the command that converts such lines."""
    from tests.helpers import POST

    source = tmp_path / "in.jsonl"
    source.write_bytes('{"id": "湘潭-1"}\n'.encode() + '{"id": "A", "sex": "女性"}\n'.encode("gb18030"))
    result = run("batch", source, "--policy", POST, "--lang", "en", "-o", tmp_path / "out.jsonl")
    told = next(line for line in result.output.splitlines() if "H001" in line)
    assert "but this one holds `女性` in GBK (GB18030)" in told and "or convert only the file's lines that are not " \
        "UTF-8: `python3 -c" in told


def test_a_household_file_saved_in_gbk_is_placed_at_its_first_byte_and_shows_that_line_as_gbk_reads_it(run, tmp_path):
    """`h.json: error[H001]: byte 0xb2 (line 3, column 12) …`: the place was in the words, not before them as every
    other finding in a household file places it, and the line was not shown. The line shown is said to be read as
    GB18030, as a policy's is: the file holds other bytes than those shown."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    source.write_bytes('{"id": "T",\n "members": [],\n "note": "测试"}'.encode("gb18030"))
    english = run("eval", "--lang", "en", source, "--policy", POST)
    assert english.exit_code == 2
    assert english.stderr.splitlines()[:4] == [
        f"{source}:3:11: error[H001]: byte 0xb2 is not UTF-8 text (shown below as GB18030 reads it)",
        '  3 |  "note": "测试"}',
        "    |           ^^",
        "  help: the text is GBK (GB18030), as Chinese Windows saves it: convert it to UTF-8, e.g. "
        f"`iconv -f GB18030 -t UTF-8 {source} > {source}.utf8 && mv {source}.utf8 {source}`"]
    chinese = run("eval", "--lang", "zh", source, "--policy", POST)
    assert chinese.stderr.splitlines()[:3] == [
        f"{source}:3:11: 错误[H001]: 字节 0xb2 不是 UTF-8 文本（下面按 GB18030 显示）", '  3 |  "note": "测试"}',
        "    |           ^^"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_household_line_whose_only_gbk_is_punctuation_is_shown_as_gbk_reads_it_and_said_so(run, tmp_path, lang):
    """`"note": "A，B：“C”"` saved in GBK, with no Chinese letter: its line was shown as `"A����B����C����"`, without
    `(shown below as GB18030 reads it)`, since only a line that read as Chinese letters was read as GB18030; its bytes
    are GB18030 and not UTF-8, as a line of Chinese words saved so is."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    source.write_bytes('{"id": "T",\n "members": [],\n "note": "A，B：“C”"}'.encode("gb18030"))
    result = run("eval", "--lang", lang, source, "--policy", POST)
    assert result.exit_code == 2
    said = "(shown below as GB18030 reads it)" if lang == "en" else "（下面按 GB18030 显示）"
    assert result.stderr.splitlines()[:2] == [
        f"{source}:3:12: {'error' if lang == 'en' else '错误'}[H001]: "
        + (f"byte 0xa3 is not UTF-8 text {said}" if lang == "en" else f"字节 0xa3 不是 UTF-8 文本{said}"),
        '  3 |  "note": "A，B：“C”"}'], result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_household_file_whose_only_gbk_is_punctuation_is_told_to_be_converted_as_its_line_is_shown(run, tmp_path,
                                                                                                     lang):
    """`"note": "A，B：“C”"` saved in GBK: its line is shown as GB18030 reads it, but the help said only `save the
    file as UTF-8`, the file being taken for GBK only where it reads as Chinese letters. The help gives the command
    that converts it, as for a file of Chinese words saved so."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    source.write_bytes('{"id": "T",\n "members": [],\n "note": "A，B：“C”"}'.encode("gb18030"))
    result = run("eval", "--lang", lang, source, "--policy", POST)
    assert result.exit_code == 2
    help = next(line for line in result.stderr.splitlines() if line.lstrip().startswith(("help:", "提示：")))
    assert f"iconv -f GB18030 -t UTF-8 {source} > " in help and "GB18030" in result.stderr.splitlines()[0], help


@pytest.mark.parametrize("hid", ["湘潭-1", "户"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_gbk_line_of_punctuation_among_utf8_lines_is_told_to_be_converted_alone(run, tmp_path, lang, hid):
    """`"note": "A，B：“C”"` saved in GBK in a file whose other lines are UTF-8 Chinese: its line is shown as GB18030
    reads it, but the help took the lines for GBK only where they read as Chinese letters, and gave the whole file's
    conversion, which garbles the UTF-8 id (`湘潭-1`), or `save the file as UTF-8` (`户`). The help names the GBK line
    and the command that converts the lines that are not UTF-8 alone, as for a line of Chinese words saved so."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    lines = [f'{{"id": "{hid}",', ' "members": [],', ' "note": "A，B：“C”"}']
    source.write_bytes(b"\n".join([lines[0].encode(), lines[1].encode(), lines[2].encode("gb18030")]))
    result = run("eval", "--lang", lang, source, "--policy", POST)
    assert result.exit_code == 2
    assert ' 3 |  "note": "A，B：“C”"}' in result.stderr, result.stderr
    help = next(line for line in result.stderr.splitlines() if line.lstrip().startswith(("help:", "提示：")))
    said = {"en": "line 3 is GBK (GB18030), as Chinese Windows saves text, and the file's other lines are UTF-8",
            "zh": "第 3 行是 GBK（GB18030）编码，中文 Windows 默认如此保存，而文件的其他行是 UTF-8 编码"}[lang]
    assert said in help and "iconv" not in help and "sys.stdout.buffer.writelines" in help, help


def test_a_household_line_of_utf8_then_gbk_is_told_to_be_retyped_not_converted(run, tmp_path):
    """`"note": "测试文件"`, its `文件` pasted in GBK after `测试` typed in UTF-8: the help gave the command that reads
    the whole line as GBK, which turns `测试文件` into `娴嬭瘯文件`."""
    from tests.helpers import POST

    lines = json.dumps({"id": "湘潭-1", "members": [{"id": "p1", "note": "测试@"}]}, ensure_ascii=False,
                       indent=1).split("\n")
    number = next(n for n, line in enumerate(lines, 1) if "@" in line)
    before, after = lines[number - 1].split("@")
    written = [line.encode("utf-8") for line in lines]
    written[number - 1] = before.encode("utf-8") + "文件".encode("gb18030") + after.encode("utf-8")
    source = tmp_path / "h.json"
    source.write_bytes(b"\n".join(written))
    english = run("eval", "--lang", "en", source, "--policy", POST)
    assert english.exit_code == 2 and "python3" not in english.stderr
    assert english.stderr.splitlines()[:4] == [
        f"{source}:{number}:{len(before) + 1}: error[H001]: byte 0xce is not UTF-8 text (shown below as GB18030 reads "
        "it)",
        f"  {number} | {before}文件{after}",
        f"  {' ' * len(str(number))} | {' ' * (len(before) + 2)}^^",  # (`测试` before it, each two columns wide)
        f"  help: line {number} holds `文件` in GBK (GB18030), as Chinese Windows saves text, after text in UTF-8, as "
        "the file's other lines are: retype it in UTF-8 (converting the file, or that line, would garble its UTF-8)"]
    chinese = run("eval", "--lang", "zh", source, "--policy", POST)
    assert chinese.stderr.splitlines()[0] == (
        f"{source}:{number}:{len(before) + 1}: 错误[H001]: 字节 0xce 不是 UTF-8 文本（下面按 GB18030 显示）")
    assert chinese.stderr.splitlines()[3] == (
        f"  提示：第 {number} 行的 `文件` 是 GBK（GB18030）编码，中文 Windows 默认如此保存，而这一行前面的文字和文件的"
        "其他行是 UTF-8 编码：请用 UTF-8 重新输入（转换整个文件或这一行都会让其中的 UTF-8 变成乱码）")


MIXED_HELP = {
    "en": "  help: line 3 holds `，` in GBK (GB18030), as Chinese Windows saves text, from column 13 (shown as `��`), "
          "after text in UTF-8: a line of two encodings cannot be converted whole; retype `，` there in UTF-8 "
          "(converting the file, or that line, would garble its UTF-8)",
    "zh": "  提示：第 3 行第 13 列起的 `，` 是 GBK（GB18030）编码（显示为 `��`），中文 Windows 默认如此保存，"
          "而它前面的文字是 UTF-8 编码：一行里有两种编码，无法整行转换；请在那里用 UTF-8 重新输入 `，`"
          "（转换整个文件或这一行都会让其中的 UTF-8 变成乱码）"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_line_of_utf8_chinese_then_gbk_punctuation_is_shown_as_utf8_reads_it_and_told_to_be_retyped(run, tmp_path,
                                                                                                       lang):
    """`"note": "王芳，"`, `王芳` typed in UTF-8 and `，` pasted in GBK, in a file otherwise ASCII: the file was told to
    be converted whole with `iconv -f GB18030`, which garbles `王芳` into `鐜嬭姵`, and was shown so. The line is shown
    as UTF-8 reads it, each byte that is not UTF-8 as `�`, and the help names what to retype and at which column."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    source.write_bytes('{"id": "T",\n "members": [],\n "note": "王芳'.encode() + "，".encode("gb18030") + b'"}')
    result = run("eval", "--lang", lang, source, "--policy", POST)
    assert result.exit_code == 2
    shown = result.stderr.splitlines()
    said = "error[H001]: byte 0xa3 is not UTF-8 text" if lang == "en" else "错误[H001]: 字节 0xa3 不是 UTF-8 文本"
    assert (shown[0], shown[1], shown[3]) == (f"{source}:3:13: {said}", '  3 |  "note": "王芳��"}', MIXED_HELP[lang])


APART_HELP = {
    "en": "  help: line 3 holds `，` in GBK (GB18030), as Chinese Windows saves text, from column 27 (shown as `��`), "
          "and `王芳` in UTF-8 from column 11: a line of two encodings cannot be converted whole; retype `，` there in "
          "UTF-8 (converting the file, or that line, would garble its UTF-8)",
    "zh": "  提示：第 3 行第 27 列起的 `，` 是 GBK（GB18030）编码（显示为 `��`），中文 Windows 默认如此保存，"
          "而第 11 列起的 `王芳` 是 UTF-8 编码：一行里有两种编码，无法整行转换；请在那里用 UTF-8 重新输入 `，`"
          "（转换整个文件或这一行都会让其中的 UTF-8 变成乱码）"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_line_of_utf8_chinese_in_one_field_and_gbk_in_another_is_told_to_be_retyped_not_converted(run, tmp_path,
                                                                                                   lang):
    """`"note": "王芳", "remark": "，"`, `王芳` typed in UTF-8 and `，` pasted in GBK into another field, in a file
    otherwise ASCII: the file was shown as GB18030 reads it (`鐜嬭姵`) and told to be converted whole with `iconv -f
    GB18030`, which garbles `王芳`. As with both in one field, the line is shown as UTF-8 reads it, and the help says
    where the GBK and the UTF-8 are and what to retype."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    source.write_bytes('{"id": "T",\n "members": [],\n "note": "王芳", "remark": "'.encode() + "，".encode("gb18030")
                       + b'"}')
    result = run("eval", "--lang", lang, source, "--policy", POST)
    assert result.exit_code == 2
    shown = result.stderr.splitlines()
    said = "error[H001]: byte 0xa3 is not UTF-8 text" if lang == "en" else "错误[H001]: 字节 0xa3 不是 UTF-8 文本"
    assert (shown[0], shown[1], shown[3]) == (f"{source}:3:27: {said}", '  3 |  "note": "王芳", "remark": "��"}',
                                              APART_HELP[lang])


def test_a_line_separator_in_a_text_of_household_json_is_no_line_break_in_the_line_shown(run, tmp_path):
    """A U+2028 (a line separator) written as it is in a text (`"note": "王芳\u2028"`), which JSON takes unescaped,
    does not end a line as JSON counts them, but ended one in the lines shown under a finding, as YAML counts them:
    a byte of GBK on line 4 showed line 4 as YAML counts it, ` "members": [],`."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    source.write_bytes('{"id": "T",\n "note": "王芳\u2028",\n "members": [],\n "x": "'.encode()
                       + "户主".encode("gb18030") + b'"}')
    result = run("eval", "--lang", "en", source, "--policy", POST)
    assert result.exit_code == 2
    shown = result.stderr.splitlines()
    assert (shown[0].split(": error")[0], shown[1]) == (f"{source}:4:8", '  4 |  "x": "户主"}'), result.stderr


def test_a_line_of_utf8_in_a_file_with_a_line_of_gbk_is_shown_as_utf8_reads_it(run, tmp_path):
    """JSON Lines whose line 2 is GBK: a finding on line 1, UTF-8 throughout, showed it as GB18030 reads it in
    `policy monitor ingest`, `{"id": "鐜嬭姵", …}` for `王芳`, and the caret out of place; `policy eval` shows it as it
    reads, as every command now does."""
    from tests.helpers import POST

    source = tmp_path / "h.jsonl"
    first = '{"id": "王芳", "date": "2025-13-01", "members": []}'
    source.write_bytes(first.encode() + b"\n" + '{"id": "李四", "members": []}'.encode("gb18030") + b"\n")
    assert first.encode().decode("gb18030") != first  # (UTF-8 `王芳` reads as GB18030 too, as other words)
    before = first.index('"2025') + len("王芳")  # (a Chinese character two columns wide)
    shown = [f"  1 | {first}", "    | " + " " * before + "^" * len('"2025-13-01"')]
    for command in (["eval", source], ["monitor", "ingest", source, "--what-if", "--db", tmp_path / "r.sqlite3"]):
        told = run(*command, "--policy", POST, "--lang", "en").stderr.splitlines()
        at = next(n for n, line in enumerate(told) if "error[H002]" in line and "not a date" in line)
        assert told[at].startswith(f"{source}:1:") and told[at + 1:at + 3] == shown, (command, told)


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_cell_of_a_csv_table_is_no_line_break_in_the_line_shown(tmp_path, odd):
    """A cell holding U+2028 (a line separator), U+2029 or U+0085, which the CSV reader reads as any other character,
    ended a line in the lines shown under a finding in the table (counted as YAML counts them): a bad cell on a later
    row showed the row before it. A lone `\r` ends a line, as it ends a row."""
    from engine.diagnostics import Diagnostic, source_lines

    table = tmp_path / "members.csv"
    rows = ["household,id,relation,sex", f"H1,p1,head,female {odd}note", "H1,p2,spouse,male", "H2,p1,head,x"]
    table.write_bytes(("\n".join(rows[:2]) + "\r" + "\r\n".join(rows[2:]) + "\n").encode())
    with table.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader.line_num for row in reader if row[-1] == "x") == 4  # (the row's line, as findings give it)
    bad = Diagnostic.said("H002", Said('"x" is not one of the allowed values', '"x" 不是允许的取值'),
                          Span(str(table), 4, 13, 4, 14))
    shown = render(bad, source_lines(str(table))).splitlines()
    assert shown[1:3] == ["  4 | H2,p1,head,x", "    |             ^"]


def test_a_line_of_utf8_then_gbk_words_in_a_file_otherwise_ascii_is_told_to_be_retyped_not_converted(run, tmp_path):
    """`"note": "测试文件"`, its `文件` pasted in GBK after `测试` typed in UTF-8, in a file with no other Chinese: the
    whole file read as GB18030 showed `娴嬭瘯文件` and was told to be converted with `iconv`, which garbles `测试`."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    source.write_bytes('{"id": "T",\n "members": [],\n "note": "测试'.encode() + "文件".encode("gb18030") + b'"}')
    result = run("eval", "--lang", "en", source, "--policy", POST)
    assert result.exit_code == 2
    shown = result.stderr.splitlines()
    assert (shown[0], shown[1], shown[3]) == (
        f"{source}:3:13: error[H001]: byte 0xce is not UTF-8 text (shown below as GB18030 reads it)",
        '  3 |  "note": "测试文件"}',
        "  help: line 3 holds `文件` in GBK (GB18030), as Chinese Windows saves text, from column 13, after text in "
        "UTF-8: a line of two encodings cannot be converted whole; retype `文件` there in UTF-8 (converting the file, "
        "or that line, would garble its UTF-8)")


def test_a_member_giving_every_field_in_any_order_is_read_by_the_quick_route_as_by_the_full_validator():
    """A member that gives every field is read a kind at a time, its values looked up by the policy's order of the
    fields: the same household as the full validator reads, whatever order the record writes the keys in, and a
    value of a wrong kind among them is still sent to the full validator."""
    from engine.intake import household_from, parse
    from engine.loader import load_policy
    from tests.helpers import POST

    policy = load_policy(POST)[0]
    day = datetime.date(2026, 3, 1)
    every = {"relation": "head", "birth_date": "1958-03-02", "sex": "male", "disability_grade": 2,
             "disability_type": "physical", "labor_capacity": "weak", "serious_illness": True, "student": "none",
             "supporter": "none"}
    members = [{"id": "p1", **every}, {**dict(reversed(list({**every, "relation": "spouse"}.items()))), "id": "p2"}]
    data = household(members, income=[{"type": "wage", "member": "p2", "amount": 1000}],
                     assets={"deposits": 10, "vehicles": 0, "extra_houses": 0, "registered_business": False},
                     housing={"safety_grade": "B"}, drinking_water={"safe": True})
    raw = json.dumps(data).encode()
    read = household_from(raw, *parse(raw, "h.json"), policy, "h.json", day)
    assert read == validate_household(read_json(raw.decode(), "h.json"), policy, "h.json", today=day)
    assert [m.fields["relation"] for m in read.members] == ["head", "spouse"]
    assert read.members[1].fields["disability_grade"] == Decimal(2)
    wrong = json.dumps(data).replace('"serious_illness": true', '"serious_illness": "yes"', 1).encode()
    with pytest.raises(HouseholdError) as caught:
        household_from(wrong, *parse(wrong, "h.json"), policy, "h.json", day)
    assert [d.path for d in caught.value.diagnostics] == ["members[0].serious_illness"]


def test_members_in_the_policys_order_read_one_record_after_another_are_each_read_as_by_the_full_validator():
    """The record check keeps the keys of the last member given in the policy's order to compare the next with: records
    read one after another — in order, in another order, a member whose keys are in order but one value is wrong — are
    each read as the full validator reads them, and the order compared with stays the policy's."""
    from engine.intake import household_from, parse, shape_of
    from engine.loader import load_policy
    from tests.helpers import POST

    policy = load_policy(POST)[0]
    day = datetime.date(2026, 3, 1)
    every = {"id": "p1", "relation": "head", "birth_date": "1958-03-02", "sex": "male", "disability_grade": None,
             "disability_type": None, "labor_capacity": "weak", "serious_illness": False, "student": "none",
             "supporter": "none"}
    shuffled = {"id": "p2", **dict(reversed([(k, v) for k, v in every.items() if k != "id"]))}
    for members in ([every], [every, {**every, "id": "p2"}], [shuffled], [every, shuffled], [every]):
        raw = json.dumps(household(members)).encode()
        assert household_from(raw, *parse(raw, "h.json"), policy, "h.json", day) == validate_household(
            read_json(raw.decode(), "h.json"), policy, "h.json", today=day)
    wrong = json.dumps(household([every, {**every, "id": "p2", "student": "yes"}])).encode()
    with pytest.raises(HouseholdError) as caught:
        household_from(wrong, *parse(wrong, "h.json"), policy, "h.json", day)
    assert [d.path for d in caught.value.diagnostics] == ["members[1].student"]
    assert shape_of(policy).member_key_order == ("id", *(f.name for f in policy.input_fields("member")))


def test_a_date_is_read_from_exactly_the_texts_of_the_form_yyyy_mm_dd_that_name_a_day_that_exists():
    """`iso_date` reads a household's dates: the texts of ten ASCII characters, digits but for the dashes after the
    year and the month, of a day that exists — exactly those the pattern `[0-9]{4}-[0-9]{2}-[0-9]{2}` matches and
    Python reads. Not the other forms Python 3.11 reads (`20240101`, the week `2024-W01-1`), full-width or other
    digits, signs, spaces, a day that does not exist (`2024-02-30`), a year 0."""
    import random

    from engine.date_words import DATES_READ, iso_date

    def as_the_pattern_reads(text: str) -> datetime.date | None:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is None:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None

    texts = ["2024-01-01", "2024-02-29", "2023-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10",
             "2024-01-00", "0000-01-01", "0001-01-01", "9999-12-31", "20240101", "2024-W01-1", "2024W011", "2024-W01",
             "2024W01", "2024-001", "２０２４-01-01", "2024-０1-01", "2024－01－01", "2024−01−01", "2024-0١-01",
             "+024-01-01", "-024-01-01", "2024-+1-01", "2024-01-+1", "2024-01--1", " 024-01-01", "2024-01-01 ",
             "2024-01-0 ", "2024- 1-01", "2024-01-01\n", "2024-1-01\n", "2024-01-1", "2024-1-1", "2024/01/01",
             "2024.01.01", "2024-01-01T00:00", "2024-01-01 00:00:00", "\ud800024-01-01", "2024-1e-01", "1e10-01-01",
             "", "-", "2024-", "2024-01-", "2024-01-010", "02024-01-01", "ABCD-EF-GH", "2024_01_01", "2024-01\u200b-1"]
    chosen = random.Random(2024)
    alphabet = "0123456789-+ W T/.:\n\t０１２９－١٢\u00a0e"
    day = datetime.date(1900, 1, 1)
    for _ in range(6000):
        written = (day + datetime.timedelta(days=chosen.randrange(60_000))).isoformat()
        texts.append(written)
        for _ in range(3):  # one, two or three characters changed, dropped or put in
            at, change = chosen.randrange(len(written) + 1), chosen.randrange(3)
            letter = chosen.choice(alphabet)
            written = (written[:at] + letter + written[at + 1:] if change == 0 else written[:at] + written[at + 1:]
                       if change == 1 else written[:at] + letter + written[at:])
            texts.append(written)
    texts += ["".join(chosen.choice(alphabet) for _ in range(chosen.choice((8, 9, 10, 11)))) for _ in range(6000)]
    read = [as_the_pattern_reads(text) for text in texts]
    assert sum(date is not None for date in read) > 6000 and sum(date is None for date in read) > 12000
    DATES_READ.clear()
    assert [iso_date(text) for text in texts] == read
    assert [iso_date(text) for text in texts] == read  # and again, from what it kept


@pytest.mark.parametrize("written", ["p1\x85y", 1, "someone else", 70])
def test_a_member_id_offered_in_a_help_shows_a_character_no_one_sees_escaped(written):
    """A member id `p1<U+0085>x` (a next-line character pasted in with it): a line naming `p1<U+0085>y`, or the number
    `1`, was told `did you mean `p1<U+0085>x`?` with the character raw, which breaks the line or shows nothing."""
    data = {**GOOD, "members": [member("p1\x85x", "1950-01-01"), member("p2", "1990-01-01")],
            "income": [{"type": "wage", "member": written, "amount": 1000}]}
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, POLICY, "h.json")
    [found] = caught.value.diagnostics
    assert found.help is not None and found.zh is not None
    for said in (found.message, found.help, *found.zh):
        assert "\x85" not in said
    assert "p1\\u0085x" in found.help and "p1\\u0085x" in found.zh[1]


@pytest.mark.parametrize(("char", "written"), [("\u200b", "\\u200b"), ("\u2028", "\\u2028"), ("\x85", "\\u0085"),
                                               ("\x7f", "\\u007f"), ("\u00a0", "\\u00a0")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_line_under_a_finding_shows_a_character_no_one_sees_escaped_and_the_caret_where_it_was(run, tmp_path,
                                                                                                 char, written, lang):
    """A relation typed `head` with a zero-width space (or a line separator, a next-line character, a DEL, a no-break
    space) pasted in after it: the line shown under the finding about the birth date after it held the character raw,
    which shows nothing (the caret a column right of the date), breaks the line or is taken for a space. It is written
    escaped, as an id is (`"head\\u200b"`), and the carets stand under the relation and the birth date."""
    from tests.helpers import POST

    before = '  {"id": "p1", "relation": "head'
    source = tmp_path / "h.json"
    source.write_text(f'{{"id": "T", "date": "2025-06-01",\n "members": [\n{before}{char}", '
                      '"birth_date": "1967-13-12"}]}\n', encoding="utf-8")
    result = run("eval", "--lang", lang, source, "--policy", POST)
    assert result.exit_code == 2
    told = result.stderr.splitlines()
    line = f'{before}{written}", "birth_date": "1967-13-12"}}]}}'
    at = told.index(next(said for said in told if said.startswith(f"{source}:3:") and "birth_date" in said))
    assert told[at + 1:at + 3] == [f"  3 | {line}", "    | " + " " * line.index('"1967') + "^" * len('"1967-13-12"')]
    relation = told.index(next(said for said in told if said.startswith(f"{source}:3:") and "relation" in said))
    assert told[relation + 1:relation + 3] == [f"  3 | {line}", "    | " + " " * line.index('"head') + "^" * len(
        f'"head{written}"')]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_line_under_a_control_character_in_a_text_shows_it_escaped_and_underlined(run, tmp_path, lang):
    """A terminal's escape (`ESC [31m`) typed raw into a note: JSON refuses it, and the line shown under the finding
    sent it raw to the terminal, which turned the rest of the output red and showed nothing where the caret points."""
    from tests.helpers import POST

    source = tmp_path / "h.json"
    source.write_text('{"id": "T",\n "note": "a\x1b[31mb"}\n', encoding="utf-8")
    result = run("eval", "--lang", lang, source, "--policy", POST)
    assert result.exit_code == 2 and "\x1b" not in result.stderr
    told = result.stderr.splitlines()
    assert told[0].startswith(f"{source}:2:12: ")
    assert told[1:3] == ['  2 |  "note": "a\\u001b[31mb"}', "    |" + " " * 12 + "^" * len("\\u001b")]


def test_a_label_that_quotes_words_of_its_own_keeps_them_in_single_quotes_where_a_finding_quotes_it():
    """An input's label and a worked-out value's that quote words of their own (`家庭“存款”及有价证券`, `“周岁”年龄`),
    quoted by the finding on a field named by its Chinese label or worked out by the policy, nested double quotes
    (`（“家庭“存款”及有价证券”）`): they are a quote within a quote, as explanations say them."""
    from tests.helpers import policy_from_text

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    labels = {"label: {zh: 家庭存款及有价证券,": "label: {zh: 家庭“存款”及有价证券,",
              "label: {zh: 年龄（周岁）, en: age in full years}": "label: {zh: “周岁”年龄, en: age in “full” years}"}
    for old, new in labels.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    policy = policy_from_text(text)
    data = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    data["assets"]["存款"] = data["assets"].pop("deposits")
    data["members"][0]["age"] = 41
    with pytest.raises(HouseholdError) as caught:
        validate_household(data, policy, "h.json", today=TODAY)
    said = {d.path: (d.message, d.help, d.zh) for d in caught.value.diagnostics if "unknown field" in d.message}
    assert said["assets"][2][0] == "未知字段 `存款`：按中文标签，应为字段 `deposits`（“家庭‘存款’及有价证券”）"
    assert said["members[0]"][1] == "the policy works out “age in ‘full’ years” itself from the household's other " \
                                    "data: delete it"
    assert said["members[0]"][2][1] == "“‘周岁’年龄”由政策根据家庭的其他数据自行计算：请删去"
    assert quotes_nested_alike("\n".join(str(x) for finding in said.values() for x in finding)) == []
