"""What a county export gets wrong and a household may still give: not one head of household (H011, H012), a
figure outside the range its policy finds plausible (H013). Warned of where it is, never refused, never a change
to the decision."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from engine.diagnostics import Said
from engine.doubts import IMPLAUSIBLE, doubted_said, doubts, finding
from engine.evaluator import evaluate
from engine.household import validate_household
from engine.household_input import read_json
from engine.jsonsource import JsonText
from engine.loader import load_policy
from engine.render import decision_json
from tests.helpers import ROOT

POST = ROOT / "policy" / "post-transition.yaml"
DAY = datetime.date(2026, 3, 1)
FAMILY = {
    "id": "F1", "date": "2026-03-01",
    "members": [{"id": "p1", "relation": "head", "birth_date": "1960-04-02", "sex": "male"},
                {"id": "p2", "relation": "spouse", "birth_date": "1962-07-10", "labor_capacity": "weak"},
                {"id": "p3", "relation": "child", "birth_date": "1990-05-01"}],
    "income": [{"type": "agriculture", "amount": 4000}, {"type": "wage", "member": "p3", "amount": 20000}],
    "expenses": [{"type": "medical", "member": "p2", "amount": 9000}],
    "assets": {"deposits": 3000, "vehicles": 0},
}
# ranges of the shipped policy's own, on what it does not range itself: vehicles and medical bills
RANGED = {
    "    assets.vehicles: {type: integer, default: 0, minimum: 0, label:":
        "    assets.vehicles: {type: integer, default: 0, minimum: 0, plausible: {max: 3}, label:",
    "  medical:\n    rigid: true\n":
        "  medical:\n    rigid: true\n    plausible: {min: 50, max: 500000, if_above: {zh: 是否以分填写？, "
        "en: was it written in fen?}}\n",
}


@pytest.fixture(scope="module")
def post() -> Any:
    return load_policy(POST)[0]


@pytest.fixture(scope="module")
def ranged(tmp_path_factory: pytest.TempPathFactory) -> Any:
    text = POST.read_text(encoding="utf-8")
    for old, new in RANGED.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path_factory.mktemp("policy") / "ranged.yaml"
    path.write_text(text, encoding="utf-8")
    return load_policy(path)[0]


def found(policy: Any, **changes: Any) -> list[tuple[str, str, str]]:
    household = validate_household({**FAMILY, **changes}, policy, today=DAY)
    return [(d.code, d.where, d.message.en) for d in doubts(household, policy, DAY)]


def relations(*given: str | None) -> list[dict[str, Any]]:
    """FAMILY's members with these relations (None: not given)."""
    out = []
    for member, relation in zip(FAMILY["members"], given, strict=True):
        out.append({k: v for k, v in member.items() if k != "relation"} | ({} if relation is None else
                                                                          {"relation": relation}))
    return out


def test_one_head_is_no_doubt_and_two_or_none_are_named_by_their_members(post: Any) -> None:
    assert found(post) == []
    assert found(post, members=relations("head", "head", "child")) == [
        ("H011", "members[1] (p2).relation",
         'members "p1" and "p2" are both given relation "head": a household has one head')]
    assert found(post, members=relations("head", "head", "head"))[0][2].startswith(
        'members "p1", "p2" and "p3" are all given relation "head"')
    assert found(post, members=relations("spouse", "child", None)) == [
        ("H012", "members[0] (p1).relation",
         'no member is given relation "head" (head of household): "p1" is "spouse", "p2" is "child" and '
         '"p3" is not given one')]
    six = [{**FAMILY["members"][2], "id": f"p{n}", "relation": "child"} for n in range(1, 7)]
    assert found(post, members=six)[0][2] == (
        'no member is given relation "head" (head of household): "p1" is "child", "p2" is "child", "p3" is "child", '
        '"p4" is "child" and 2 more')
    assert found(post, members=relations(None, None, None)) == []  # no relation given at all: read as before


def test_the_head_of_household_is_said_in_chinese_with_what_to_do(post: Any) -> None:
    household = validate_household({**FAMILY, "members": relations("head", "head", "child")}, post, today=DAY)
    (d,) = [finding(x, "h.json") for x in doubts(household, post, DAY)]
    assert (d.code, d.severity) == ("H011", "warning")
    assert d.zh == ('成员 "p1"、"p2" 的关系都填为 "head"（户主）：一户只有一位户主',
                    '请只把户口簿上的户主填为 "head"，其他成员填写与户主的关系（"spouse"（配偶）、"child"（子女）、'
                    '"parent"（父母）等）；认定结果不受影响，但解释中对成员的描述会用到它')
    assert d.help is not None and d.help.startswith('keep "head" for the head on the household register only')
    household = validate_household({**FAMILY, "members": relations("spouse", "child", "child")}, post, today=DAY)
    (d,) = [finding(x, "h.json") for x in doubts(household, post, DAY)]
    assert d.zh is not None and d.zh[0] == ('没有成员的关系填为 "head"（户主）："p1" 为 "spouse"（配偶），'
                                            '"p2" 为 "child"（子女），"p3" 为 "child"（子女）')
    assert d.zh[1] is not None and d.zh[1].startswith('请把户口簿上的户主的关系填为 "head"')


def test_a_figure_out_of_its_range_is_doubted_and_zero_never_is(ranged: Any) -> None:
    assert found(ranged) == []
    assert found(ranged, assets={"deposits": 3000, "vehicles": 7}) == [
        ("H013", "assets.vehicles", "motor vehicles (except mobility vehicles for disabled persons) is 7, above its "
                                    "plausible range (at most 3)")]
    bills = [{"type": "medical", "member": "p2", "amount": 0}, {"type": "medical", "member": "p1", "amount": 49.99},
             {"type": "medical", "member": "p1", "amount": 50},
             {"type": "medical", "member": "p2", "amount": 500000.01}]
    assert found(ranged, expenses=bills) == [
        # the type by its label and the id the file writes; the amounts with two decimals and their unit
        ("H013", "expenses[1].amount", "the amount of medical costs paid out of pocket (medical) is 49.99 yuan/year, "
                                       "below its plausible range (50.00 to 500,000.00 yuan/year)"),
        ("H013", "expenses[3].amount", "the amount of medical costs paid out of pocket (medical) is 500,000.01 "
                                       "yuan/year, above its plausible range (50.00 to 500,000.00 yuan/year)")]
    assert found(ranged, assets={"vehicles": 0}) == []  # and a figure not given is the policy's default


def test_the_warning_is_at_the_figure_with_the_likely_mistake_the_policy_names(ranged: Any) -> None:
    data = {**FAMILY, "expenses": [{"type": "medical", "member": "p2", "amount": 900000}]}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    household = validate_household(read_json(text, "h.json"), ranged, "h.json", today=DAY)
    (d,) = [finding(x, "h.json", JsonText(text, "h.json")) for x in doubts(household, ranged, DAY)]
    assert (d.code, d.severity, d.path) == ("H013", "warning", "expenses[0].amount")
    assert d.span is not None and text.splitlines()[d.span.line - 1].strip() == '"amount": 900000'
    assert d.help == ("was it written in fen? The household is decided with 900,000.00 yuan/year as given: correct "
                      "it if so")
    assert d.zh == ("医疗费用（个人自付部分）（medical）的金额为 900,000.00 元/年，"
                    "高于合理范围（50.00 至 500,000.00 元/年）",
                    "是否以分填写？认定按所填的 900,000.00 元/年 进行：如有误请改正")
    data["assets"] = {"vehicles": 9}
    household = validate_household(data, ranged, today=DAY)
    (vehicles,) = [d for d in doubts(household, ranged, DAY) if d.where == "assets.vehicles"]
    assert vehicles.help.en == "check the figure: the household is decided with 9 as given"  # no hint: a check


def test_eval_warns_and_decides_as_without_the_warning(run: Any, tmp_path: Path, post: Any) -> None:
    data = {**FAMILY, "members": relations("head", "head", "child")}
    path = tmp_path / "F1.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    result = run("eval", path, "--lang", "en", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert 'members[1] (p2).relation: warning[H011]: members "p1" and "p2" are both given relation "head"' \
        in result.stderr
    decided = json.loads(json.dumps(decision_json(evaluate(post, validate_household(data, post, today=DAY), DAY))))
    said = json.loads(result.stdout)
    assert said.pop("policy")["sha256"] == decided.pop("policy")["sha256"]
    assert said == decided
    chinese = run("eval", path, "--lang", "zh")
    assert chinese.exit_code == 0 and '警告[H011]: 成员 "p1"、"p2" 的关系都填为 "head"（户主）' in chinese.stderr
    path.write_text(json.dumps(FAMILY), encoding="utf-8")
    assert "warning" not in run("eval", path, "--lang", "en").stderr


def test_a_resumed_batch_keeps_the_counts_and_the_first_household_of_each_doubt() -> None:
    from collections import Counter

    from engine.batch.runner import Summary
    from engine.diagnostics import Said

    first = (12, Said("income[2].amount: …", "income[2].amount：…"))
    done = Summary(doubted=Counter({"heads": 2, "implausible": 5}), doubted_first={"implausible": first})
    resumed = Summary()
    resumed.restore(json.loads(json.dumps(done.counts())))  # as the journal keeps them
    assert (resumed.doubted, resumed.doubted_first) == (done.doubted, done.doubted_first)


def test_the_warning_of_figures_out_of_range_says_ten_thousand_yuan_in_english_words():
    """`万元 for yuan` stood in the English warning as the only words for what a figure may have been written in."""
    said = doubted_said(IMPLAUSIBLE, 5, "households.jsonl:12", Said("the amount is 150", "金额为 150"))
    assert "or an amount written in units of ten thousand yuan (万元))" in said.en
    assert "万元 for yuan" not in said.en and "或以万元填写" in said.zh


@pytest.mark.parametrize(("changes", "where", "en"), [
    ({"id": "C:\new"}, "id", '`"C:\\new"` holds a line break: JSON reads `\\n` in a text as one'),
    ({"id": "D:\\data\table"}, "id", '`"D:\\\\data\\table"` holds a tab: JSON reads `\\t` in a text as one'),
    ({"members": [{**FAMILY["members"][0], "id": "p\r1"}, *FAMILY["members"][1:]]}, "members[0] (p\r1).id",
     '`"p\\r1"` holds a carriage return: JSON reads `\\r` in a text as one'),
])
def test_a_control_character_read_from_a_backslash_in_a_text_is_doubted(post: Any, changes: Any, where: str,
                                                                        en: str) -> None:
    """`"C:\\new"`, a folder as Windows writes it, is valid JSON: `\\n` is a line break, and the id was read
    `C:` and `ew` on two lines without a word."""
    assert [d for d in found(post, **changes) if d[0] == "H016"] == [("H016", where, en)]
    assert not [d for d in found(post) if d[0] == "H016"]


def test_eval_warns_of_a_backslash_read_as_a_line_break_at_its_place_in_both_languages(run: Any,
                                                                                      tmp_path: Path) -> None:
    path = tmp_path / "F1.json"
    path.write_text(json.dumps({**FAMILY, "id": "C:\new"}, ensure_ascii=False, indent=1), encoding="utf-8")
    english = run("eval", path, "--lang", "en")
    assert english.exit_code == 0, english.stderr
    assert f'{path}:2:8: id: warning[H016]: `"C:\\new"` holds a line break: JSON reads `\\n` in a text as one' \
        in english.stderr
    assert 'help: to write a backslash (as in a Windows path), write it twice: `"C:\\\\new"`; or write `/` instead' \
        in english.stderr
    chinese = run("eval", path, "--lang", "zh")
    assert chinese.exit_code == 0, chinese.stderr
    assert f'{path}:2:8: id: 警告[H016]: `"C:\\new"` 中有换行符：JSON 把文本中的 `\\n` 读作换行符' in chinese.stderr
    assert '提示：要写反斜杠（如 Windows 路径），请写两个：`"C:\\\\new"`；或改用 `/`' in chinese.stderr


@pytest.mark.parametrize("how", [(), ("--explain",)])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eval_prints_an_id_read_with_a_control_character_escaped_as_json_writes_it(run: Any, tmp_path: Path,
                                                                                 how: tuple[str, ...], fmt: str,
                                                                                 lang: str) -> None:
    """`Household C:` and `ew` on the next line: the id was printed with the line break it was read with."""
    tabbed = [{**FAMILY["members"][0], "id": "p\t1"}, *FAMILY["members"][1:]]
    path = tmp_path / "F1.json"
    path.write_text(json.dumps({**FAMILY, "id": "C:\new", "members": tabbed}, ensure_ascii=False), encoding="utf-8")
    result = run("eval", path, "--lang", lang, "--format", fmt, *how)
    assert result.exit_code == 0, result.stderr
    title = "C:\\new" if fmt == "text" else "C:\\\\new"  # markdown writes a backslash outside code twice
    assert title in result.stdout.splitlines()[0] and "p\\t1" in result.stdout
    assert "C:\n" not in result.stdout and "\t" not in result.stdout
    json_out = run("eval", path, "--lang", lang, "--format", "json", *how)
    assert json.loads(json_out.stdout)["household"] == "C:\new"


# ids no control character of C0 is in, each holding what a line cannot show as it is: a line or paragraph separator,
# a C1 control (U+0085 a next line, U+009B a terminal's escape), a character that cannot be seen (a zero-width space,
# a byte-order mark, a zero-width joiner) or one seen as an ordinary space (a no-break space); H016 fires for none
UNSEEN_IDS = [("DS\u202801", "p3", "DS\\u202801"), ("F1", "p\x853", "p\\u00853"),
              ("DS\u202901", "p\x9b3", "p\\u009b3"), ("DS\u200b01", "p3", "DS\\u200b01"),
              ("F1", "p\ufeff3", "p\\ufeff3"), ("F1", "p\u200d3", "p\\u200d3"), ("DS\u00a001", "p3", "DS\\u00a001")]


@pytest.mark.parametrize(("household", "member", "shown"), UNSEEN_IDS)
@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eval_explains_an_id_holding_what_a_line_cannot_show_escaped_as_the_id_is_shown_everywhere(
        run: Any, tmp_path: Path, household: str, member: str, shown: str, fmt: str, lang: str) -> None:
    """`Household DS` and `01` on the next line, or `DS01` where the id is `DS\\u200b01`: an id was written escaped
    only where it held a control character of C0 or a DEL."""
    path = tmp_path / "F1.json"
    path.write_text(json.dumps({**FAMILY, "id": household, **_last_member_named(member)}, ensure_ascii=False),
                    encoding="utf-8")
    result = run("eval", path, "--lang", lang, "--format", fmt, "--explain")
    assert result.exit_code == 0, result.stderr
    assert "H016" not in result.stderr, result.stderr
    if member == "p3":  # the household's, in the title (markdown writes a backslash outside code twice)
        assert (shown if fmt == "text" else shown.replace("\\", "\\\\")) in result.stdout.splitlines()[0]
    else:  # a member's, in code in markdown
        assert (shown if fmt == "text" else f"`{shown}`") in result.stdout, result.stdout
    assert not [c for c in household + member if not c.isalnum() and c in result.stdout], result.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_cell_of_csv_tables_holding_a_line_break_is_told_to_delete_it_not_to_write_a_backslash_twice(
        run: Any, tmp_path: Path, post: Any, lang: str) -> None:
    """A cell of CSV tables holds a line break as it was typed into it (Alt+Enter in a spreadsheet), never read from a
    backslash, which CSV keeps as it is: the warning told it JSON's backslash and to write `"C:\\\\new"`."""
    from engine.batch.csv_tables import write_households_csv

    tables = tmp_path / "tables"
    write_households_csv([FAMILY, {**FAMILY, "id": "C:\new"}], tables, post)
    words = _line_break_and(lang, "delete it from the cell, in the spreadsheet the table was exported from (Alt+Enter "
                            "types one into a cell) or in the CSV file",
                            "请把换行符从单元格中删去：在导出该表的电子表格中（在单元格中按 Alt+Enter 会输入换行符），"
                            "或直接在 CSV 文件中")
    _eval_tells(run, tables / "households.csv", lang, words)
    batch = run("batch", tables, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", lang)
    assert batch.exit_code == 0, batch.stderr
    [warned] = [line for line in batch.stderr.splitlines() if "C:\\new" in line]
    assert words[0] in warned and "JSON" not in warned and "\\\\" not in warned, warned
    assert ("delete it from the cell" if lang == "en" else "请从单元格中删去") in warned, warned


TEXT_INPUTS = ROOT / "tests" / "fixtures" / "policies" / "text_inputs.yaml"  # a village and a nickname, both texts


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_text_input_read_with_a_control_character_is_doubted_and_printed_on_one_line(run: Any, tmp_path: Path,
                                                                                     lang: str) -> None:
    """An input a policy declares `type: text` reaches the explanation (`nickname (p1) = “a→b”`): one read from
    `"C:\\new"` was printed across two lines, and no warning said why."""
    household = {"id": "T1", "date": "2025-03-01", "housing": {"village": "C:\new"},
                 "members": [{"id": "p1", "birth_date": "1950-01-01", "nickname": "a\tb"}]}
    path = tmp_path / "T1.json"
    path.write_text(json.dumps(household, indent=1), encoding="utf-8")
    said = run("eval", path, "--policy", TEXT_INPUTS, "--lang", lang, "--explain")
    assert said.exit_code == 0, said.stderr
    warning = "warning[H016]" if lang == "en" else "警告[H016]"
    assert f"housing.village: {warning}: `\"C:\\new\"` " in said.stderr, said.stderr
    assert f"members[0] (p1).nickname: {warning}: `\"a\\tb\"` " in said.stderr, said.stderr
    assert "\t" not in said.stdout and "C:\n" not in said.stdout, said.stdout
    assert "a\\tb" in said.stdout and "C:\\new" in said.stdout
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(household) + "\n" + json.dumps({**household, "id": "T2", "housing": {}, "members": [
        {"id": "p1", "birth_date": "1950-01-01"}]}) + "\n", encoding="utf-8")
    for engine in ("fast", "exact"):
        summary = tmp_path / f"{engine}.json"
        result = run("batch", source, "-o", tmp_path / f"{engine}.jsonl", "--engine", engine, "--policy", TEXT_INPUTS,
                     "--lang", lang, "--summary", summary)
        assert result.exit_code == 0, result.stderr
        assert json.loads(summary.read_text(encoding="utf-8"))["control_characters_in_text"] == 1, result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_text_of_parquet_holding_a_line_break_is_told_it_came_so_from_the_program_that_wrote_the_file(
        run: Any, tmp_path: Path, post: Any, lang: str) -> None:
    """A text of Parquet is stored as the program that wrote the file gave it, never read from a backslash: the warning
    told it JSON's backslash and to write `"C:\\\\new"`, which no one can write into a Parquet file."""
    from engine.batch.parquet_layout import write_households_parquet

    words = _line_break_and(lang, "the text is so in the Parquet file, as the program that wrote the file gave it: "
                            "correct it where the data come from and write the file again",
                            "Parquet 文件中的文本就是写出该文件的程序给出的样子："
                            "请在数据的来源处改正，再重新写出该文件")
    source = tmp_path / "in.parquet"
    write_households_parquet([FAMILY, {**FAMILY, "id": "C:\new"}], source, post)
    _eval_tells(run, source, lang, words)
    for engine in ("exact", "fast"):  # row by row, and as columns
        batch = run("batch", source, "-o", tmp_path / "out.jsonl", "--policy", POST, "--lang", lang,
                    "--engine", engine)
        assert batch.exit_code == 0, batch.stderr
        [warned] = [line for line in batch.stderr.splitlines() if "C:\\new" in line]
        assert words[0] in warned and "JSON" not in warned and "\\\\" not in warned, warned
        assert ("correct it where the data come from" if lang == "en" else "请在数据的来源处改正") in warned, warned
    impact = run("diff", ROOT / "policy" / "2024-transition.yaml", POST, "--households", source, "--lang", lang)
    assert impact.exit_code in (0, 1), impact.stderr  # (the auditor's view of the households warned of, alike)
    assert words[0] in impact.output and words[1] in impact.output and "\\\\" not in impact.output, impact.output


def _line_break_and(lang: str, help_en: str, help_zh: str) -> tuple[str, str]:
    """What H016 says of `"C:\\new"` in `lang`, and its help."""
    return ('`"C:\\new"` holds a line break', help_en) if lang == "en" else ('`"C:\\new"` 中有换行符', help_zh)


def _eval_tells(run: Any, source: Path, lang: str, words: tuple[str, str]) -> None:
    """`policy eval` of household `C:\\new` in `source` warns with `words` (what the text holds, and the help), in its
    warning and in the explanation read to the household, and says nothing of JSON's backslash."""
    said = run("eval", source, "--household", "C:\new", "--lang", lang, "--explain")
    assert said.exit_code == 0, said.stderr
    for text in (said.stderr, said.stdout):
        assert words[0] in text and words[1] in text, text
        assert "JSON" not in text.split("\n\n")[0] and "\\\\" not in text, text


def test_the_summary_of_a_batch_counts_the_households_with_a_backslash_read_as_a_control_character() -> None:
    said = doubted_said("escaped", 2, "in.jsonl:3", Said('id: `"C:\\new"` holds a line break',
                                                          'id：`"C:\\new"` 中有换行符'))
    assert said.en.startswith('2 households were decided with a text holding a control character read from a '
                              'backslash (the first: in.jsonl:3, id: `"C:\\new"` holds a line break)')
    assert said.zh.startswith('有 2 户的文本中有由反斜杠读出的控制字符（第一户：in.jsonl:3，'
                              'id：`"C:\\new"` 中有换行符）')


def test_a_batch_counts_the_ids_read_with_a_control_character_alike_from_json_and_from_parquet(
        run: Any, tmp_path: Path, post: Any) -> None:
    from engine.batch.parquet_layout import write_households_parquet

    tabbed = [{**FAMILY["members"][0], "id": "p\t1"}, *FAMILY["members"][1:]]
    items = [FAMILY, {**FAMILY, "id": "C:\new"}, {**FAMILY, "id": "F3", "members": tabbed}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    write_households_parquet(items, tmp_path / "in.parquet", post)
    for given, engine in [(source, "fast"), (source, "exact"), (tmp_path / "in.parquet", "fast")]:
        summary = tmp_path / f"{engine}.json"
        result = run("batch", given, "-o", tmp_path / f"{engine}.jsonl", "--engine", engine, "--policy", POST,
                     "--lang", "en", "--summary", summary)
        assert result.exit_code == 0, result.stderr
        how = "" if given.suffix == ".parquet" else " read from a backslash"  # (a Parquet file's text is as written)
        assert f"warning: 2 households were decided with a text holding a control character{how} (the first: " \
            in result.stderr, result.stderr
        assert json.loads(summary.read_text(encoding="utf-8"))["control_characters_in_text"] == 2


def test_a_control_character_in_a_line_of_json_lines_without_a_backslash_is_doubted(post: Any) -> None:
    """JSON takes a DEL (`\\x7f`) as it is, no backslash before it: a line with no backslash at all may still hold a
    control character, in any text of the household, the last member's id as much as the household's."""
    from engine.intake import household_from, parse

    raw = json.dumps({**FAMILY, **_last_member_named("p\x7f3")}, ensure_ascii=False).encode("utf-8")
    assert b"\\" not in raw and b"\x7f" in raw
    data, exact = parse(raw, "in.jsonl")
    household = household_from(raw, data, exact, post, "in.jsonl", DAY)
    assert [(d.code, d.where, d.message.en) for d in doubts(household, post, DAY) if d.code == "H016"] == [
        ("H016", "members[2] (p\x7f3).id", '`"p\\u007f3"` holds a control character (`\\u007f`)')]


@pytest.mark.parametrize("text", ["F\u30001", "F\u20281", "F\u00a01", "F\u200b1"])
def test_a_text_that_is_not_printable_but_holds_no_control_character_is_not_doubted(post: Any, text: str) -> None:
    """An ideographic space, a line separator, a no-break space, a zero-width space: none is a control character."""
    assert not [d for d in found(post, id=text, **_last_member_named(text)) if d[0] == "H016"]


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_an_exact_batch_warns_of_a_control_character_in_the_last_members_id_from_every_input_kind(
        run: Any, tmp_path: Path, post: Any, kind: str) -> None:
    """Of JSON Lines a DEL as it is (no backslash in the line), of CSV tables a line break typed into a cell, of
    Parquet one as the program that wrote the file gave it: each household decided one by one is warned of."""
    from engine.batch.csv_tables import write_households_csv
    from engine.batch.parquet_layout import write_households_parquet

    held = "p\x7f3" if kind == "jsonl" else "p\n3"
    items = [FAMILY, {**FAMILY, "id": "F2", **_last_member_named(held)}]
    source = tmp_path / {"jsonl": "in.jsonl", "csv": "tables", "parquet": "in.parquet"}[kind]
    if kind == "jsonl":
        source.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
        assert "\\" not in source.read_text(encoding="utf-8")
    elif kind == "csv":
        write_households_csv(items, source, post)
    else:
        write_households_parquet(items, source, post)
    summary = tmp_path / "summary.json"
    result = run("batch", source, "-o", tmp_path / "out.jsonl", "--engine", "exact", "--policy", POST, "--lang", "en",
                 "--summary", summary)
    assert result.exit_code == 0, result.stderr
    assert json.loads(summary.read_text(encoding="utf-8"))["control_characters_in_text"] == 1, result.stderr
    assert "warning: 1 household was decided with a text holding a control character" in result.stderr, result.stderr


def _last_member_named(text: str) -> dict[str, Any]:
    """FAMILY's members and income with its last member's id `text` (the wage is theirs)."""
    return {"members": [*FAMILY["members"][:2], {**FAMILY["members"][2], "id": text}],
            "income": [FAMILY["income"][0], {**FAMILY["income"][1], "member": text}]}
