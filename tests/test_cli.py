"""The `policy` command through click's CliRunner: exit codes and output."""

from __future__ import annotations

import datetime
import errno
import itertools
import json
import os
import re
import shutil
import stat
import textwrap
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.helpers import (
    EXAMPLES,
    MINI,
    ROOT,
    files_of_each_shape,
    helps_of_each_error,
    in_an_exports_words,
    post_transition_from,
)

EXAMPLE = str(ROOT / "examples" / "households" / "DS-0001-dibao-widow.json")
POST = str(ROOT / "policy" / "post-transition.yaml")


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)
    return invoke


def test_help_lists_every_command_with_an_example(run):
    import click

    result = run("--lang", "en", "--help")
    assert result.exit_code == 0
    assert set(cli.commands) == {"check", "eval", "schema", "test", "sample", "diff", "batch", "doc", "monitor"}
    for name, command in cli.commands.items():
        assert name in result.output
        sub = run("--lang", "en", name, "--help")
        assert sub.exit_code == 0 and "example" in sub.output.lower(), name
        if isinstance(command, click.Group):
            for inner in command.commands:
                assert run(name, inner, "--help").exit_code == 0, f"{name} {inner}"


def test_check_shipped_policies_is_clean(run):
    result = run("check", "--strict", "--lang", "en", "policy/")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_check_reports_located_errors_and_exits_1(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("test: per_capita_income < dibao_standard",
                                                            "test: per_capita_income < dibao_standart"),
                   encoding="utf-8")
    result = run("check", "--lang", "en", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "error[C001]: unknown name `dibao_standart`" in result.output
    assert "help: did you mean `dibao_standard`?" in result.output
    assert "^^^^^^^^^^^^^^" in result.output
    as_json = json.loads(run("check", "--format", "json", str(bad)).output)
    assert as_json[0]["code"] == "C001" and as_json[0]["line"] > 0


def test_check_says_its_findings_in_the_language_of_lang_else_of_the_locale(run, tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("test: per_capita_income < dibao_standard",
                                                            "test: per_capita_income < dibao_standart"),
                   encoding="utf-8")
    english = run("check", "--lang", "en", str(bad)).output
    chinese = run("check", "--lang", "zh", str(bad))
    assert chinese.exit_code == 1
    first = chinese.output.splitlines()[0]
    assert first.startswith(f"{bad}:") and "错误[C001]: " in first and "`dibao_standart`" in first, first
    assert "unknown name" not in chinese.output
    assert "  提示：" in chinese.output and "`dibao_standard`" in chinese.output.split("提示：")[1]
    assert chinese.output.splitlines()[1:3] == english.splitlines()[1:3], "the same line, underlined alike"
    assert chinese.output.endswith("已检查 1 个文件：1 个错误，0 个警告\n")
    as_json = json.loads(run("check", "--format", "json", "--lang", "zh", str(bad)).output)
    assert as_json[0]["message"] == "unknown name `dibao_standart`", "JSON is for tools: English"
    for variable in ("LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert run("check", str(bad)).output == english
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert run("check", str(bad)).output == chinese.output
    (tmp_path / "empty").mkdir()
    empty = run("check", "--lang", "zh", str(tmp_path / "empty"))
    assert empty.exit_code == 2 and empty.stderr == f"错误：{tmp_path / 'empty'} 中没有 .yaml 文件\n"


def test_check_json_gives_each_finding_its_chinese_under_zh_with_lang_zh(run, tmp_path):
    """`policy check --format json --lang zh` gave its findings in English alone, where the text output is Chinese:
    each object now has its Chinese too, under `zh` (`message`, and `help` where it has one), as `policy batch`'s
    errors file gives it; `message` and `help` stay English for tools, and `--lang en` has no `zh`."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("test: per_capita_income < dibao_standard",
                                                            "test: per_capita_income < dibao_standart")
                   .replace("label: {zh: 就业成本, en: employment cost}", "label: {zh: 就业成本}"), encoding="utf-8")
    english = json.loads(run("check", "--format", "json", "--lang", "en", str(bad)).output)
    chinese = json.loads(run("check", "--format", "json", "--lang", "zh", str(bad)).output)
    assert [(d["code"], d["severity"]) for d in chinese] == [("C011", "warning"), ("C001", "error")]
    assert [{k: v for k, v in d.items() if k != "zh"} for d in chinese] == english
    assert not any("zh" in d for d in english)
    untranslated, unknown = (d["zh"] for d in chinese)
    assert untranslated == {"message": "`employment_cost_rate` 的标签没有 `en` 文本",
                            "help": "请在 `zh: 就业成本` 旁边加上 `en: …`"}
    assert unknown == {"message": "未知名称 `dibao_standart`", "help": "是否应为 `dibao_standard`？"}
    text = run("check", "--lang", "zh", str(bad)).output
    assert f"错误[C001]: {unknown['message']}" in text and f"  提示：{unknown['help']}" in text  # the text's words


def test_check_says_the_help_of_a_name_read_in_many_rules_once_after_its_places(run, tmp_path):
    """A definition deleted that five rules read: five findings, each its place and underline as a problem matcher
    reads them, and the one help after the last; JSON keeps one object per place, each with its help."""
    text = (ROOT / POST).read_text(encoding="utf-8")
    definition = text[text.index("  member_in_category:"):text.index("\nindicators:\n")]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(definition, "").replace("per_capita_income < dibao_standard",
                                                         "per_capita_income < dibao_standart", 1), encoding="utf-8")
    lines = run("check", "--lang", "en", str(bad)).output.splitlines()
    places = [i for i, line in enumerate(lines) if re.fullmatch(
        rf"{re.escape(str(bad))}:\d+:\d+: error\[C001\]: unknown name `member_in_category`", line)]
    helps = [i for i, line in enumerate(lines) if line.startswith("  help") and "`member_in_category`" in line]
    assert len(places) == 5 and helps == [places[-1] + 3]
    assert lines[helps[0]].startswith("  help (for all 5 above): `member_in_category` is declared nowhere in this file")
    assert "  help: did you mean `dibao_standard`?" in lines  # another name's finding keeps its own
    chinese = run("check", "--lang", "zh", str(bad)).output
    assert chinese.count("\n  提示（以上 5 处）：本文件中没有声明 `member_in_category`") == 1
    assert chinese.count("错误[C001]: 未知名称 `member_in_category`") == 5
    as_json = json.loads(run("check", "--format", "json", str(bad)).output)
    told = [d for d in as_json if d["message"] == "unknown name `member_in_category`"]
    assert len(told) == 5 and all("declared nowhere" in d["help"] for d in told)


def test_eval_stopped_by_a_broken_policy_says_the_help_of_a_name_read_in_many_rules_once(run, tmp_path):
    """`policy eval` lists a broken policy's findings as `policy check` does: the help of a row about one name once."""
    text = (ROOT / POST).read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(text[text.index("  member_in_category:"):text.index("\nindicators:\n")], ""),
                   encoding="utf-8")
    result = run("eval", "--lang", "zh", "--policy", str(bad), str(EXAMPLES / "DS-0001-dibao-widow.json"))
    assert result.exit_code == 2
    assert result.output.count("错误[C001]: 未知名称 `member_in_category`") == 5
    assert result.output.count("提示（以上 5 处）：本文件中没有声明 `member_in_category`") == 1
    assert result.output.count("本文件中没有声明 `member_in_category`") == 1


def test_check_on_a_test_case_file_says_what_it_is_and_how_to_run_it(run):
    result = run("check", "--lang", "en", "tests/cases/dibao.yaml")
    assert result.exit_code == 1
    assert "tests/cases/dibao.yaml:7:1: error[L004]: this is a file of test cases, not a policy" in result.output
    assert "help: run its cases with `policy test tests/cases/dibao.yaml`" in result.output
    assert result.output.count("error[") == 1, "one finding, not every policy key it lacks"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("given", ["tests/cases/dibao.yaml", "examples/households/DS-0001-dibao-widow.json",
                                   "calendar"])
def test_a_file_that_is_no_policy_is_not_told_to_have_its_rules_checked_again(run, tmp_path, given, lang):
    """Its help says what to do with the file (`policy test`, `policy eval`, `--calendar`): a note that its rules
    were not checked, to fix and check again, would contradict it."""
    if given == "calendar":
        given = str(tmp_path / "holidays-2027.yaml")
        Path(given).write_text("2027:\n  holidays: [2027-01-01]\n  workdays: []\n", encoding="utf-8")
    result = run("check", "--lang", lang, given)
    assert result.exit_code == 1 and result.output.count("L004") == 1, result.output
    assert "were not checked" not in result.output and "尚未检查" not in result.output, result.output


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("content", "code"), [(b"policy:\n  id: \xff\xfe\n", "L001"), (b"", "L005"),
                                               (b"# a policy, to write\n\n", "L005")],
                         ids=["not UTF-8", "empty", "comments alone"])
def test_a_file_that_cannot_be_read_is_not_told_to_have_its_rules_checked_again(run, tmp_path, content, code,
                                                                               lang):
    """No rule of it was read: its one finding says what to do (save it as UTF-8, start from a shipped policy), and
    a note promising a second pass would only repeat it."""
    mine = tmp_path / "my.yaml"
    mine.write_bytes(content)
    result = run("check", "--lang", lang, str(mine))
    assert result.exit_code == 1 and result.output.count(f"[{code}]") == 1, result.output
    assert "were not checked" not in result.output and "尚未检查" not in result.output, result.output
    assert "note" not in result.output and "注意" not in result.output, result.output


def test_test_on_a_policy_file_says_what_it_is_and_how_to_check_it(run):
    result = run("test", "--lang", "en", "policy/post-transition.yaml")
    assert result.exit_code == 2
    assert "policy/post-transition.yaml:8:1: error[L004]: this is a policy, not a file of test cases" in result.output
    assert "help: check it with `policy check policy/post-transition.yaml`" in result.output
    assert result.output.count("error[") == 1, "one finding, not every case key it lacks"


RELATIVE_EXAMPLE = "examples/households/DS-0001-dibao-widow.json"


@pytest.mark.parametrize(("args", "exit_code"), [
    (["check", "--lang", "en", RELATIVE_EXAMPLE], 1),  # `policy check` exits 1 for any mistake it finds
    (["doc", "--lang", "en", RELATIVE_EXAMPLE], 2),
    (["diff", "--lang", "en", RELATIVE_EXAMPLE, "policy/post-transition.yaml"], 2),
    (["schema", "household", "--policy", RELATIVE_EXAMPLE], 2),
    (["eval", "--lang", "en", RELATIVE_EXAMPLE, "--policy", RELATIVE_EXAMPLE], 2),
], ids=["check", "doc", "diff", "schema", "eval"])
def test_a_household_given_as_a_policy_says_what_it_is_and_how_to_decide_it(run, args, exit_code):
    result = run(*args)
    assert result.exit_code == exit_code
    assert (f"{RELATIVE_EXAMPLE}:2:3: error[L004]: this is a household, not a policy\n"
            '  2 |   "id": "DS-0001",\n'
            "    |   ^^^^\n"
            f"  help: decide it with `policy eval {RELATIVE_EXAMPLE}`; a policy is a YAML file such as "
            "policy/post-transition.yaml\n") in result.output
    assert result.output.count("error[") == 1, "one finding, not every policy key it lacks"


def test_a_calendar_file_among_the_policies_says_what_it_is_and_where_it_goes(run, tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    calendar = folder / "holidays-2027.yaml"
    calendar.write_text("# the days of the notice, copied by hand\n2027:\n  source: 国办发明电〔2026〕N号\n"
                        "  holidays: [2027-01-01]\n  workdays: []\n", encoding="utf-8")
    result = run("monitor", "ingest", RELATIVE_EXAMPLE, "--db", str(tmp_path / "r.sqlite3"), "--policy-dir",
                 str(folder), "--lang", "en")
    assert result.exit_code == 2
    assert (f"{calendar}:2:1: error[L004]: this is a calendar file (the holidays and working days of a year), not a "
            f"policy\n  2 | 2027:\n    | ^^^^\n  help: move it out of the policy folder (every YAML file there is read "
            "as a policy) and give it with `--calendar FILE` to `policy monitor apply` or `alerts`; a policy is a YAML "
            "file such as policy/post-transition.yaml\n") in result.output
    assert result.output.count("error[") == 1, "one finding, not every policy key it lacks"
    shutil.copy(ROOT / "policy" / "post-transition.yaml", folder)
    assert run("monitor", "ingest", RELATIVE_EXAMPLE, "--db", str(tmp_path / "r.sqlite3"), "--policy",
               str(folder / "post-transition.yaml"), "--what-if").exit_code == 0
    # given with --calendar, the file kept in the folder is the calendar, not a policy of the folder
    applied = run("monitor", "apply", "DS-0001", "--date", "2026-11-02", "--db", str(tmp_path / "r.sqlite3"),
                  "--policy-dir", str(folder), "--calendar", str(calendar), "--lang", "en")
    assert applied.exit_code == 0 and "application of 2026-11-02 recorded" in applied.output, applied.output
    zh = run("check", str(calendar), "--lang", "zh")
    assert "错误[L004]: 这是工作日历文件（一年的节假日和调休上班日），不是政策文件\n" in zh.output


def test_test_on_a_household_says_what_it_is_and_how_to_decide_it(run):
    result = run("test", "--lang", "en", RELATIVE_EXAMPLE)
    assert result.exit_code == 2
    assert f"{RELATIVE_EXAMPLE}:2:3: error[L004]: this is a household, not a file of test cases" in result.output
    assert (f"  help: decide it with `policy eval {RELATIVE_EXAMPLE}`; a case file holds a `cases:` list, each case "
            "with a household and what to expect (see docs/testing.md)") in result.output
    assert result.output.count("error[") == 1, "one finding, not every household key a case file has not"


@pytest.mark.parametrize(("file", "line", "message", "hint"), [
    ("policy/post-transition.yaml", "8:1", "this is a policy, not a household",
     "a household is a JSON file like examples/households/DS-0001-dibao-widow.json; to apply this policy, give it "
     "with --policy"),
    ("tests/cases/dibao.yaml", "7:1", "this is a file of test cases, not a household",
     "run its cases with `policy test tests/cases/dibao.yaml`; a household is a JSON file like "
     "examples/households/DS-0001-dibao-widow.json"),
], ids=["policy", "cases"])
def test_eval_of_a_policy_or_case_file_says_what_it_is_instead_of_not_json(run, file, line, message, hint):
    result = run("eval", "--lang", "en", file)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{file}:{line}: error[H001]: {message}\n")
    assert result.stderr.endswith(f"  help: {hint}\n")
    assert result.stderr.count("error[") == 1


@pytest.mark.parametrize(("lang", "hint"), [
    ("zh", "  提示：用 `policy test 文件` 运行其中的用例；"),
    ("en", "  help: run its cases with `policy test FILE`;"),
], ids=["zh", "en"])
def test_a_case_file_piped_to_eval_names_the_file_to_test_as_the_help_of_its_language_does(run, lang, hint):
    # read from the standard input, the file has no name to give: the Chinese hint said `policy test FILE`
    cases = (ROOT / "tests" / "cases" / "dibao.yaml").read_text(encoding="utf-8")
    result = run("eval", "--lang", lang, "-", input=cases)
    assert result.exit_code == 2
    assert hint in result.stderr, result.stderr


def test_eval_of_broken_json_still_says_where_the_json_breaks(run, tmp_path):
    broken = tmp_path / "household.json"
    broken.write_text('{"id": "DS-0001", "members": [}', encoding="utf-8")
    result = run("eval", "--lang", "en", str(broken))
    assert result.exit_code == 2
    assert result.stderr == (f"{broken}:1:31: error[H001]: not valid JSON: expecting value\n"
                             '  1 | {"id": "DS-0001", "members": [}\n'
                             "    |                               ^\n"
                             "  help: check the brackets, commas and quotes near there\n")
    shown = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert result.stderr.replace(str(broken), "household.json") in shown


@pytest.mark.parametrize(("name", "fix"), [
    ("households.json", "a file holds one household: give each its own file, or put them in a list `[{…}, {…}]`, or "
                        "write one per line as JSON Lines (`.jsonl`)"),
    ("households.jsonl", "write each household on a line of its own"),
])
@pytest.mark.parametrize("between", ["\n", ",\n"], ids=["nothing between", "a comma between"])
def test_eval_of_two_households_pasted_into_one_file_says_where_the_second_starts(run, tmp_path, name, fix, between):
    """Two households written over many lines, one after the other, were read as JSON Lines: an error for each
    line, none saying what was wrong; with a comma between them, told only to check the brackets."""
    text = Path(EXAMPLE).read_text(encoding="utf-8").rstrip()
    pasted = tmp_path / name
    pasted.write_text(text + between + text + "\n", encoding="utf-8")
    second = text.count("\n") + 2
    result = run("eval", "--lang", "en", str(pasted))
    assert result.exit_code == 2
    assert result.stderr.count("error[") == 1
    assert result.stderr.startswith(f"{pasted}:{second}:1: error[H001]: not valid JSON: a second household starts "
                                    "here, after the first one's closing `}`\n")
    assert result.stderr.endswith(f"  help: {fix}\n")


def test_eval_of_a_member_id_with_a_space_at_its_end_points_at_the_id(run, tmp_path):
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    assert text.count('{"id": "p2"') == 1
    padded = tmp_path / "household.json"
    padded.write_text(text.replace('{"id": "p2"', '{"id": "p2 "'), encoding="utf-8")
    result = run("eval", "--lang", "en", str(padded))
    assert result.exit_code == 2
    assert result.stderr.count("error[") == 1
    assert result.stderr.startswith(f'{padded}:6:12: members[1] (p2 ).id: error[H004]: member id "p2 " has a space '
                                    'at its end, so expenses[1].member "p2" names no member\n')
    assert result.stderr.endswith('  help: remove it: `"id": "p2"`\n')


def test_eval_of_an_amount_with_a_thousands_separator_says_where_and_how_to_write_it(run, tmp_path):
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    written = tmp_path / "household.json"
    wage = '{"type": "wage", "member": "p1", "amount": '
    written.write_text(text.replace(wage + "3000}", wage + '"12,000"}'), encoding="utf-8")
    result = run("eval", "--lang", "en", str(written))
    assert result.exit_code == 2
    assert result.stderr == (f'{written}:9:48: income[0].amount: error[H002]: "12,000" is not a number\n'
                             '  9 |     {"type": "wage", "member": "p1", "amount": "12,000"},\n'
                             "    |                                                ^^^^^^^^\n"
                             "  help: write `12000`: no thousands separator, and without quotes\n")


def test_eval_of_json_lines_points_at_the_line_and_column_even_from_standard_input(run):
    good = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    bad = {**good, "housing": {"safety_grade": "E", "roof": "tin"}}
    lines = "\n".join(json.dumps(h, ensure_ascii=False) for h in (good, bad, good)) + "\n"
    result = run("eval", "--lang", "en", "-", "--format", "json", input=lines)
    assert result.exit_code == 2
    grade, roof = lines.splitlines()[1].index('"E"') + 1, lines.splitlines()[1].index('"roof"') + 1
    found = [line for line in result.stderr.splitlines() if "error[" in line]
    assert grade < roof
    assert found == [f'<stdin>:2:{grade}: housing.safety_grade: error[H002]: "E" is not one of the allowed values',
                     f"<stdin>:2:{roof}: housing: error[H002]: unknown field `roof`"]
    assert "  2 | …" in result.stderr, "the line is shown, cut around the mistake"
    assert len(result.stdout.splitlines()) == 2, "the good lines are still decided"


def test_eval_of_households_cut_off_on_standard_input_says_so_as_of_a_file(run, tmp_path):
    """JSON that stops at the end of what was piped in, with no line break after it, is a download cut off, as in a
    file: said so, not `a string has no closing quote` with advice to check the brackets — of the input, where there
    is no file; and the records before it are said to be read only where there are some."""
    import gzip

    one = json.dumps(json.loads(Path(EXAMPLE).read_text(encoding="utf-8")), ensure_ascii=False)
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(f"{one}\n{one[:-3]}".encode()))
    for given, piped, where in ((tmp_path / "cut.jsonl.gz", None, "cut.jsonl.gz:2"), ("-", f"{one}\n{one[:-3]}",
                                "<stdin>:2"), ("-", Path(EXAMPLE).read_text(encoding="utf-8")[:-9], "<stdin>")):
        more = ("--household", "DS-0001") if piped is None else ()
        result = run("eval", "--lang", "en", str(given), *more, input=piped)
        assert result.exit_code == 2
        whole = "input" if given == "-" else "file"
        assert f"{where}:" in result.stderr and f"error[H001]: not valid JSON: the {whole} ends in the middle of " \
            "this record" in result.stderr, result.stderr
        read = "; the records before this one were read" if where.endswith(":2") else ""
        assert f"  help: the {whole} is cut off (copied or exported incompletely): fetch or export it again{read}\n" \
            in result.stderr, result.stderr

def test_eval_of_a_list_points_into_the_household_that_is_wrong(run, tmp_path):
    good = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    listed = tmp_path / "households.json"
    text = json.dumps([good, {**good, "id": 7}], indent=1)
    listed.write_text(text, encoding="utf-8")
    result = run("eval", "--lang", "en", str(listed), "--format", "json")
    assert result.exit_code == 2
    at = text.splitlines().index('  "id": 7,') + 1
    assert result.stderr.startswith(f"{listed}:{at}:9: id: error[H002]: 7 is not a text\n")


def test_check_missing_path_is_a_usage_error(run):
    assert run("check", "no/such/file.yaml").exit_code == 2


def test_a_missing_path_says_where_it_was_looked_for_and_what_to_do_in_either_language(run):
    """click's `Path 'nonexist.yaml' does not exist.` gave no fix: a path is read from the folder `policy` is run
    in, which the message now names, with what to check and an example."""
    english = run("check", "nonexist.yaml", "--lang", "en")
    assert english.exit_code == 2 and "does not exist" not in english.stderr
    assert (f"Invalid value for 'PATHS...': there is no file or folder nonexist.yaml in {ROOT}, the folder policy is "
            "run from: check the name, and write the path from this folder (as `policy/2024-transition.yaml` in the "
            "folder that holds policy/) or in full") in english.stderr
    chinese = run("doc", "nonexist.yaml", "--lang", "zh")
    assert chinese.exit_code == 2
    assert (f"'政策文件' 的值无效：{ROOT}（运行 policy 的文件夹）中找不到文件 nonexist.yaml：请检查名字，并从这个"
            "文件夹写起路径（例如在含有 policy/ 的文件夹中写 `policy/2024-transition.yaml`），或写出完整路径"
            ) in chinese.stderr
    absolute = run("check", str(ROOT / "nonexist.yaml"), "--lang", "en")
    assert f"there is no file or folder {ROOT / 'nonexist.yaml'}: check its name and its folder" in absolute.stderr
    spaced = run("check", "my draft.yaml", "--lang", "en")  # set apart, as every path in a sentence a shell would split
    assert f"there is no file or folder `my draft.yaml` in {ROOT}, the folder" in spaced.stderr, spaced.stderr


@pytest.mark.parametrize(("args", "english", "chinese"), [
    (["eval"], "Error: Missing argument 'FILES...'.\n  help: e.g. policy eval "
     "examples/households/DS-0001-dibao-widow.json --explain\n",
     "错误：缺少参数 '文件...'。\n  提示：例如 policy eval examples/households/DS-0001-dibao-widow.json --explain\n"),
    (["eval", "--brief"], "  help: e.g. policy eval household.json --brief\n",  # the example closest to the options
     "  提示：例如 policy eval household.json --brief\n"),
    (["diff", POST], "Error: Missing argument 'NEW'.\n  help: e.g. policy diff policy/2024-transition.yaml "
     "policy/post-transition.yaml\n", "错误：缺少参数 '新政策'。\n  提示：例如 policy diff policy/2024-transition.yaml "
     "policy/post-transition.yaml\n"),
    (["monitor", "void", "--date", "2062-03-01", "--reason", "typo"],  # its help voids an ingest without a household
     "Error: Missing argument 'HOUSEHOLD'.\n  help: e.g. policy monitor void DS-0001 --date 2062-03-01 --reason "
     "\"date entered wrongly\"\n",
     "  提示：例如 policy monitor void DS-0001 --date 2062-03-01 --reason \"日期录错\"\n"),
    (["schema"],  # click listed the choices one a line, `household,\n\tdecision,…`
     "Error: Missing argument '{household|decision|policy|cases}'. Choose one of: household, decision, policy, "
     "cases\n  help: e.g. policy schema household --policy policy/post-transition.yaml > household.schema.json\n",
     "错误：缺少参数 '{household|decision|policy|cases}'。请选其中之一：household、decision、policy、cases\n"
     "  提示：例如 policy schema household --policy policy/post-transition.yaml > household.schema.json\n"),
])
def test_a_missing_argument_is_told_with_an_example_of_the_whole_command(run, args, english, chinese):
    """click said only `Missing argument 'HOUSEHOLD'.`; a missing argument is given an example from the command's
    help, as a missing option is."""
    for lang, said in (("en", english), ("zh", chinese)):
        refused = run(*args, "--lang", lang)
        assert refused.exit_code == 2 and said in refused.stderr, refused.stderr


def _commands_with_a_required_argument(group=cli, path=()):
    import click

    for name in group.list_commands(click.Context(group)):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from _commands_with_a_required_argument(command, (*path, name))
        elif any(isinstance(param, click.Argument) and param.required for param in command.params):
            yield (*path, name)


@pytest.mark.parametrize("path", list(_commands_with_a_required_argument()), ids=" ".join)
def test_every_missing_argument_is_told_with_an_example_that_runs_its_command(run, path):
    for lang, help in (("en", "  help: e.g. "), ("zh", "  提示：例如 ")):
        refused = run(*path, "--lang", lang)
        assert refused.exit_code == 2, refused.output
        example = refused.stderr.splitlines()[-1]
        assert example.startswith(help) and f"policy {' '.join(path)} " in example, refused.stderr


def test_eval_of_a_folder_of_many_households_asks_which_or_points_at_batch(run):
    result = run("eval", "examples/households", "--lang", "en")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "error: examples/households holds more than 10 households; `policy eval` decides a few, picked by id\n"
        "  help: name each with `--household`, as in `policy eval examples/households --household DS-0001`; or decide "
        "them all with `policy batch examples/households -o decisions.jsonl`\n")
    result = run("eval", "examples/households", "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：examples/households 中的家庭多于 10 户；`policy eval` 只认定按编号选出的几户\n"
        "  提示：请用 --household 指明每一户，例如 `policy eval examples/households --household DS-0001`；或用 "
        "`policy batch examples/households -o decisions.jsonl` 认定全部家庭\n")


def test_eval_of_a_missing_file_says_so_in_either_language(run, tmp_path):
    missing = tmp_path / "DS-0099.json"
    result = run("eval", str(missing), "--lang", "zh")
    assert result.exit_code == 2 and result.stderr == f"{missing}: 错误：无法读取文件：文件不存在\n"
    result = run("eval", str(missing), "--lang", "en")
    assert result.stderr == f"{missing}: error: cannot read the file: No such file or directory\n"


def test_eval_reads_a_parquet_file_and_csv_tables_and_points_a_workbook_at_an_export(run, tmp_path):
    from engine.batch.csv_tables import write_households_csv
    from engine.batch.parquet_layout import write_households_parquet
    from engine.loader import load_policy

    household = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    policy = load_policy(POST)[0]
    write_households_parquet([household], tmp_path / "h.parquet", policy)
    write_households_csv([household], tmp_path / "tables", policy)
    expected = run("eval", "--lang", "en", EXAMPLE, "--format", "json").stdout
    for given in (tmp_path / "h.parquet", tmp_path / "tables", tmp_path / "tables" / "households.csv"):
        result = run("eval", "--lang", "en", str(given), "--format", "json")
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected, ""), given
    result = run("eval", "--lang", "en", str(tmp_path / "tables" / "members.csv"))
    assert result.exit_code == 2
    assert result.stderr == (f"error: {tmp_path / 'tables' / 'members.csv'}: a CSV input is a folder holding "
                             "households.csv and members.csv (and lines.csv; each may be compressed); give the folder "
                             "or households.csv\n")
    workbook = tmp_path / "households.xlsx"  # a zip archive, named as a workbook: not told to unzip it
    workbook.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    result = run("eval", "--lang", "en", str(workbook))
    assert result.exit_code == 2
    assert result.stderr == (f"{workbook}: error[H001]: this is an Excel workbook, not JSON\n"
                             "  help: export the households from it as JSON, or JSON Lines (one household a line): "
                             "docs/formats.md shows the fields\n")


def test_eval_of_an_excel_workbook_renamed_as_json_says_it_is_one(run, tmp_path):
    """A workbook renamed `household.json`, as if renaming it made it JSON, is an Excel workbook by what it holds:
    told to unzip it, the caseworker would find XML files, not a household."""
    import zipfile

    renamed = tmp_path / "household.json"
    with zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as book:  # the parts every Excel workbook has
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    for lang, said in (("en", "error[H001]: this is an Excel workbook, not JSON"),
                       ("zh", "错误[H001]: 这是 Excel 工作簿，不是 JSON")):
        result = run("eval", "--lang", lang, str(renamed))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{renamed}: {said}\n"), result.stderr
        assert "unzip" not in result.stderr
    archive = tmp_path / "households.json"  # a zip archive of anything else is still told to be unzipped
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("households.json", "{}")
    assert "unzip" in run("eval", "--lang", "en", str(archive)).stderr


def test_lang_is_read_in_either_case(run):
    """`--lang EN`, as typed with caps lock on or copied from a form, was refused as no language, in Chinese."""
    for written, lang in (("EN", "en"), ("Zh", "zh")):
        given = run("eval", EXAMPLE, "--lang", written)
        assert given.exit_code == 0, given.output
        assert given.stdout == run("eval", EXAMPLE, "--lang", lang).stdout
    helped = run("eval", "--help", "--lang", "EN")  # the help and usage errors follow it too
    assert helped.exit_code == 0 and "Usage: " in helped.stdout
    refused = run("eval", EXAMPLE, "--lang", "EN", "--bogus")
    assert refused.exit_code == 2 and "No such option" in refused.stderr


def test_eval_json_follows_the_decision_contract(run):
    result = run("eval", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    decision = json.loads(result.output)
    assert list(decision) == ["household", "policy", "date", "categories", "members", "values", "assistance"]
    assert decision["household"] == "DS-0001"
    assert decision["policy"]["version"] == "2024-transition"  # chosen by the household's own date
    assert len(decision["policy"]["sha256"]) == 64
    assert all(isinstance(v, str | bool) for v in decision["values"].values())


def test_eval_explain_json_has_the_explanation_tree(run):
    decision = json.loads(run("eval", EXAMPLE, "--format", "json", "--explain", "--lang", "en").output)
    tree = decision["explanation"]
    assert [c["id"] for c in tree["categories"]][:2] == ["tekun", "dibao"]
    clause = tree["categories"][1]["clauses"][0]
    assert {"verdict", "rule", "location", "sentence"} <= set(clause)
    assert clause["location"].startswith("policy/2024-transition.yaml:")


def test_a_what_if_over_many_households_is_said_once_with_their_days(run):
    examples = sorted((ROOT / "examples" / "households").glob("*.json"))
    result = run("eval", *map(str, examples), "--policy", POST, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("applied as a what-if") == 1, result.stderr
    assert f"note: {POST} is in force 2026-01-01 – …, not on 2025-06-01" in result.stderr


def test_date_option_overrides_the_household_date_and_picks_the_policy(run):
    decision = json.loads(run("eval", EXAMPLE, "--format", "json", "--date", "2026-02-01").output)
    assert decision["policy"]["version"] == "post-transition" and decision["date"] == "2026-02-01"


def test_explicit_policy_outside_its_window_is_applied_with_a_note(run):
    result = run("eval", EXAMPLE, "--policy", POST, "--format", "json", "--lang", "en")
    assert result.exit_code == 0
    assert "applied as a what-if" in result.stderr
    said = run("eval", EXAMPLE, "--policy", POST, "--format", "json", "--lang", "zh").stderr
    assert said.startswith(f"注意：{POST} 的施行期为 ") and said.rstrip().endswith("；按假设情形适用")
    assert json.loads(result.stdout)["policy"]["version"] == "post-transition"
    explained = run("eval", EXAMPLE, "--policy", POST, "--explain")  # said once, in the explanation's head
    assert "what-if" not in explained.stderr
    assert "注意：评估日期 2025-06-01 早于本政策 2026-01-01 的施行日" in explained.stdout.splitlines()[2]


def test_a_date_after_today_is_decided_with_a_note_that_it_may_be_a_typo(run, tmp_path):
    today = datetime.date.today()
    data = json.loads((ROOT / EXAMPLE).read_text(encoding="utf-8"))
    data["date"] = today.replace(year=today.year + 36, day=1).isoformat()  # 2062 for 2026
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps(data), encoding="utf-8")
    result = run("eval", str(typo), "--lang", "zh")
    assert result.exit_code == 0  # a what-if on a later day is allowed: said, not refused
    assert result.stderr == (f"注意：DS-0001 的认定日期 {data['date']} 晚于今天（{today.isoformat()}），"
                             "年龄和政策施行期都按这一天计算；若是笔误，请改正家庭文件的 `date` 或 --date\n")
    said = run("eval", EXAMPLE, "--date", (today + datetime.timedelta(days=1)).isoformat(), "--lang", "en").stderr
    assert "after today" in said and "correct the household file's `date` or --date" in said
    assert run("eval", EXAMPLE, "--date", today.isoformat(), "--lang", "en").stderr == ""  # today is no typo


def test_a_policy_tried_out_with_warnings_says_so(run, tmp_path):
    text = Path(POST).read_text(encoding="utf-8")
    first = text.index("    group: tier\n")
    second = text.index("    group: tier\n", first + 1)
    draft = tmp_path / "draft.yaml"
    draft.write_text(text[:second] + "    group: margin\n" + text[second + len("    group: tier\n"):], encoding="utf-8")
    result = run("eval", EXAMPLE, "--policy", draft, "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 0
    line = text[:second].count("\n") + 1
    assert (f"note: {draft} has 1 warning, which `policy check {draft}` shows in full:\n"
            f"  {draft}:{line}:12: warning[C018]: group `margin` holds only `dibao_marginal`, so it excludes no other "
            "category\n") in result.stderr  # named: the caseworker sees the decision it may explain
    assert "has 1 warning" not in run("eval", EXAMPLE, "--policy", POST, "--date", "2026-03-01", "--lang", "en").stderr
    chinese = run("eval", EXAMPLE, "--policy", draft, "--date", "2026-03-01", "--lang", "zh")
    assert f"注意：{draft} 有 1 个警告，`policy check {draft}` 会完整列出：\n  {draft}:{line}:12: 警告[C018]" \
        in chinese.stderr


def test_policy_test_says_the_warnings_of_each_policy_its_cases_use_once_as_eval_does(run, tmp_path):
    """`policy test` said nothing of a policy's warnings (a label its rule contradicts): an officer who only runs
    the cases never learnt of them."""
    text = Path(POST).read_text(encoding="utf-8")
    first = text.index("    group: tier\n")
    second = text.index("    group: tier\n", first + 1)
    draft = tmp_path / "draft.yaml"
    draft.write_text(text[:second] + "    group: margin\n" + text[second + len("    group: tier\n"):], encoding="utf-8")
    line = text[:second].count("\n") + 1
    case = (f"  - policy: draft.yaml\n    date: 2026-03-01\n    household: {EXAMPLE}\n"
            "    expect: {categories: [dibao]}\n")
    cases = tmp_path / "cases.yaml"
    both = case.replace("[dibao]", "[dibao, dibao_marginal]")  # the group of one excludes nothing
    cases.write_text("cases:\n" + both * 2 + case.replace("draft.yaml", POST), encoding="utf-8")
    result = run("test", "--lang", "en", str(cases))
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"note: {draft} has 1 warning, which `policy check {draft}` shows in full:\n"
                             f"  {draft}:{line}:12: warning[C018]: group `margin` holds only `dibao_marginal`, so it "
                             "excludes no other category\n")  # once, though two cases use it; none for POST
    chinese = run("test", "--lang", "zh", str(cases), "--format", "junit")
    assert chinese.stderr.startswith(f"注意：{draft} 有 1 个警告，`policy check {draft}` 会完整列出：\n")
    assert "注意" not in chinese.stdout


def test_a_policy_tried_out_with_many_warnings_names_the_first_few(run, tmp_path):
    text = Path(POST).read_text(encoding="utf-8")
    draft = tmp_path / "draft.yaml"  # four shares of medical costs whose `%` was lost
    for name, share in (("dibao", 70), ("marginal", 60), ("rigid_expense", 50), ("other_hardship", 40)):
        lost = f"  medical_share_{name}:\n    value: {share}%\n"
        assert lost in text
        text = text.replace(lost, lost.replace("%", ""))
    draft.write_text(text, encoding="utf-8")
    said = run("eval", EXAMPLE, "--policy", draft, "--date", "2026-03-01", "--lang", "en").stderr.splitlines()
    count = int(said[0].split(" has ")[1].split(" ")[0])
    assert count >= 4, said
    assert said[0] == f"note: {draft} has {count} warnings, which `policy check {draft}` shows in full:"
    line = text[:text.index("  medical_share_dibao:\n    value: 70\n")].count("\n") + 2
    assert said[1].startswith(f"  {draft}:{line}:12: warning[C020]: `medical_share_dibao` is a share, but `70` is a "
                              "plain number: 70 times what it multiplies")
    assert all(line.startswith(f"  {draft}:") and ": warning[C0" in line for line in said[2:4])
    assert said[4] == f"  … and {count - 3} more"


def test_no_policy_in_force_is_a_clear_error(run):
    result = run("eval", "--lang", "en", EXAMPLE, "--date", "2020-01-01")
    assert result.exit_code == 2
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    shown = page.split("## L008")[1].split("```text\n")[1].split("```")[0].splitlines()
    assert shown[0].replace("2030-01-01", "2020-01-01") in result.stderr  # the catalogue's first line
    assert "policy/: error[L008]: no policy in policy/ is in force on 2020-01-01" in result.stderr
    assert "2024-transition.yaml (2024-07-16 – 2025-12-31)" in result.stderr


def test_a_household_dated_where_no_policy_is_in_force_is_refused_at_its_date_and_the_others_decided(run, tmp_path):
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    dated = str(tmp_path / "dated.json")
    Path(dated).write_text(text.replace('"DS-0001"', '"DS-0099"').replace('"2025-06-01"', '"2024-01-01"'),
                           encoding="utf-8")
    line = text[:text.index('"2025-06-01"')].count("\n") + 1
    column = text.splitlines()[line - 1].index('"2025-06-01"') + 1
    result = run("eval", EXAMPLE, dated, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout.startswith("Household DS-0001: decided on 2025-06-01")
    said = result.stderr.splitlines()
    assert said[0] == (f"{dated}:{line}:{column}: date: error[L008]: no policy in policy/ is in force on 2024-01-01, "
                       "the household's `date`")
    assert said[-1] == ("  help: windows: policy/2024-transition.yaml (2024-07-16 – 2025-12-31); "
                        "policy/post-transition.yaml (2026-01-01 – …); check the household's `date`, or decide it "
                        "with --policy FILE")
    chinese = run("eval", dated, EXAMPLE, "--lang", "zh")
    assert chinese.exit_code == 2 and chinese.stdout.startswith("家庭 DS-0001：")
    assert "date: 错误[L008]: policy/ 中没有在 2024-01-01（本户的 `date`）生效的政策文件" in chinese.stderr
    forced = run("eval", EXAMPLE, dated, "--date", "2024-01-01", "--lang", "en")  # --date is the one to change
    assert forced.exit_code == 2 and forced.stdout == ""
    assert "policy/: error[L008]: no policy in policy/ is in force on 2024-01-01\n" in forced.stderr


def test_a_file_given_twice_is_decided_once_and_said_to_be_given_twice(run, monkeypatch):
    """`policy eval X.json X.json` warned that X's household id was used by more than one household, also at
    X.json itself: the one household was decided twice."""
    result = run("eval", EXAMPLE, EXAMPLE, "--lang", "en", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["household"] == "DS-0001"  # one decision
    assert result.stderr == f"warning: {EXAMPLE} is given more than once: its households are decided once\n"
    monkeypatch.chdir(Path(EXAMPLE).parent)  # the same file by another path
    name = Path(EXAMPLE).name
    chinese = run("eval", name, f"./{name}", "--lang", "zh", "--format", "json", "--policy-dir", str(ROOT / "policy"))
    assert chinese.exit_code == 0 and chinese.stdout.count('"household"') == 1
    assert chinese.stderr == f"警告：./{name} 给出了不止一次：其中的家庭只认定一次\n"


def test_two_households_of_one_id_are_each_decided_and_the_later_warned_of_at_its_id(run, tmp_path):
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    other = str(tmp_path / "other.json")
    Path(other).write_text(text.replace('"amount": 3000', '"amount": 9000'), encoding="utf-8")
    result = run("eval", EXAMPLE, other, "--lang", "en", "--format", "json")
    assert result.exit_code == 0
    assert [json.loads(line)["household"] for line in result.stdout.splitlines()] == ["DS-0001", "DS-0001"]
    warning, shown, caret, help = result.stderr.splitlines()
    assert warning == (f"{other}:2:9: id: warning[H005]: household id `DS-0001` is used by more than one household "
                       f"(also at {EXAMPLE}:2:9)")
    assert shown == '  2 |   "id": "DS-0001",' and caret == "    |         ^^^^^^^^^"
    assert help == "  help: each record was decided on its own: give every household its own id"
    household = json.loads(text)
    listed = tmp_path / "listed.json"
    listed.write_text(json.dumps([household, household], indent=1), encoding="utf-8")
    second = listed.read_text(encoding="utf-8").rindex('"id": "DS-0001"')  # the second household's id
    again = listed.read_text(encoding="utf-8")[:second].count("\n") + 1
    lines = tmp_path / "lines.jsonl"
    lines.write_text(f"{json.dumps(household)}\n{json.dumps(household)}\n", encoding="utf-8")
    for path, first, later in ((listed, "3:9", f"{again}:9"), (lines, "1:8", "2:8")):
        chinese = run("eval", str(path), "--lang", "zh")
        assert chinese.exit_code == 0 and chinese.stdout.count("家庭 DS-0001：") == 2
        assert chinese.stderr.startswith(f"{path}:{later}: id: 警告[H005]: 家庭编号 `DS-0001` 用在了不止一户"
                                         f"（另见 {path}:{first}）\n"), chinese.stderr
        assert chinese.stderr.endswith("  提示：每条记录都已单独认定：请给每户一个自己的编号\n")


def overlapping_folder(tmp_path: Path, post_from: str) -> tuple[Path, Path, Path]:
    """A copy of policy/ in which the post-transition policy starts on `post_from`."""
    folder = tmp_path / "policy"
    folder.mkdir()
    transition, post = folder / "2024-transition.yaml", folder / "post-transition.yaml"
    transition.write_text((ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    post.write_text(post_transition_from(post_from), encoding="utf-8")
    return folder, transition, post


def test_check_on_a_folder_reports_overlapping_effective_periods_at_both(run, tmp_path):
    folder, transition, post = overlapping_folder(tmp_path, "2025-01-01")
    result = run("check", "--lang", "en", str(folder))
    assert result.exit_code == 1
    assert (f"{post}:14:3: error[L008]: the effective period overlaps that of {transition}:14:3: "
            "both are in force from 2025-01-01 to 2025-12-31") in result.output
    assert (f"help: one must end before the other starts: end {transition} with `to: 2024-12-31`, "
            "or start this one with `from: 2026-01-01`") in result.output
    assert "1 error" in result.output
    assert run("check", str(transition)).exit_code == 0, "one file alone overlaps nothing"
    result = run("eval", "--lang", "en", EXAMPLE, "--policy-dir", str(folder), "--date", "2025-06-01")
    assert result.exit_code == 2
    assert (f"{transition}:14:3: error[L008]: several policies are in force on 2025-06-01: {transition}:14:3 "
            f"(2024-07-16 – 2025-12-31), {post}:14:3 (2025-01-01 – …)") in result.stderr
    assert "14 |   effective: {from: 2024-07-16, to: 2025-12-31}" in result.stderr


def test_a_version_copied_from_the_one_that_abolished_a_category_tells_the_day_it_was_abolished(run, tmp_path):
    """Next year's version copied from post-transition keeps its `abolished:` entry: households are told the day
    monitoring was abolished, not the copy's first day; `policy check` on the folder warns where that day was left
    out, with the `from:` to write."""
    shipped = Path(POST).read_text(encoding="utf-8")
    own_date = next(line for line in shipped.splitlines(keepends=True) if line.startswith("    from: 2026-01-01"))
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "post-transition.yaml").write_text(shipped, encoding="utf-8")
    next_year = folder / "2027.yaml"
    next_year.write_text(shipped.replace("effective: {from: 2026-01-01}", "effective: {from: 2027-01-01}")
                         .replace("version: post-transition", "version: county-2027"), encoding="utf-8")
    (folder / "post-transition.yaml").write_text(shipped.replace(
        "effective: {from: 2026-01-01}", "effective: {from: 2026-01-01, to: 2026-12-31}"), encoding="utf-8")
    assert run("check", "--lang", "en", str(folder)).output.endswith("checked 2 files: 0 errors, 0 warnings\n")
    told = run("eval", EXAMPLE, "--policy", str(next_year), "--date", "2027-02-01", "--brief")
    assert told.exit_code == 0, told.output
    assert "– 防止返贫监测对象：自 2026-01-01 起取消，原属该类别的家庭按最低生活保障对象、" in told.stdout

    next_year.write_text(next_year.read_text(encoding="utf-8").replace(own_date, "\n"), encoding="utf-8")
    result = run("check", "--lang", "en", str(folder))
    assert result.exit_code == 0 and "0 errors, 1 warning" in result.output
    line = next_year.read_text(encoding="utf-8").splitlines().index("  - id: monitoring") + 1
    assert (f"{next_year}:{line}:5: warning[C039]: explanations tell households `monitoring` is abolished from "
            f"2027-01-01, this version's first day, but {folder / 'post-transition.yaml'} already abolished it from "
            "2026-01-01") in result.output
    assert ("help: write `from: 2026-01-01` in this entry of `abolished:`, so that explanations tell households the "
            "day it was abolished") in result.output
    assert "请在 `abolished:` 的这一条中写上 `from: 2026-01-01`" in run("check", str(folder)).output
    told = run("eval", EXAMPLE, "--policy", str(next_year), "--date", "2027-02-01", "--brief", "--lang", "en")
    assert "– household monitored against returning to poverty: abolished from 2027-01-01;" in told.stdout


def test_an_abolished_category_an_earlier_version_dropped_without_a_word_is_dated_by_that_versions_first_day(
        run, tmp_path):
    """The transition policy has `monitoring`; post-transition drops it without listing it under `abolished:`; a
    later version that lists it is told the day post-transition took force."""
    folder, _, post = overlapping_folder(tmp_path, "2026-01-01")
    shipped = post.read_text(encoding="utf-8")
    gone = shipped[shipped.index("abolished:\n"):shipped.index("departments:\n")]
    post.write_text(shipped.replace(gone, "").replace("{from: 2026-01-01}", "{from: 2026-01-01, to: 2026-12-31}"),
                    encoding="utf-8")
    later = folder / "2027.yaml"
    later.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2027-01-01}").replace("    from: 2026-01-01", "#"),
                     encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert (f"warning[C039]: explanations tell households `monitoring` is abolished from 2027-01-01, this version's "
            f"first day, but {post}, in force from 2026-01-01, already has no `monitoring`") in said
    assert "help: write `from: 2026-01-01` in this entry of `abolished:`" in said
    assert said.count("C039") == 1, "the transition policy, which has it, is said nothing of"


def test_an_abolished_categorys_own_day_is_checked_against_the_versions_before_it(run, tmp_path):
    """A `from:` on a day an earlier version still had the category, or other than the day an earlier version
    abolished it from, is warned of on a folder, with the day to write."""
    folder, transition, post = overlapping_folder(tmp_path, "2026-01-01")
    shipped = post.read_text(encoding="utf-8")
    post.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2026-01-01, to: 2026-12-31}"), encoding="utf-8")
    later = folder / "2027.yaml"
    line = shipped.splitlines().index("  - id: monitoring") + 1
    for day, but in [("2020-01-01", f"{transition} (2024-07-16 – 2025-12-31) still has it"),
                     ("2026-06-01", f"{post} already abolished it from 2026-01-01")]:
        later.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2027-01-01}")
                         .replace("    from: 2026-01-01", f"    from: {day}")
                         .replace("version: post-transition", "version: county-2027"), encoding="utf-8")
        said = run("check", "--lang", "en", str(folder)).output
        assert (f"{later}:{line}:5: warning[C039]: explanations tell households `monitoring` is abolished from {day}, "
                f"but {but}") in said
        assert "help: write `from: 2026-01-01` in this entry of `abolished:`" in said
        assert said.count("C039") == 1 and said.endswith("checked 3 files: 0 errors, 1 warning\n")
    said = run("check", str(folder)).output
    assert f"说明会告诉家庭 `monitoring` 自 {day} 起取消，但 {post} 已自 2026-01-01 起取消它" in said

    later.unlink()
    post.write_text(shipped.replace("    from: 2026-01-01", "    from: 2025-01-01"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert (f"{post}:{line}:5: warning[C039]: explanations tell households `monitoring` is abolished from 2025-01-01, "
            f"but {transition} (2024-07-16 – 2025-12-31) still has it") in said
    assert "help: write `from: 2026-01-01` in this entry of `abolished:`" in said
    assert run("check", "--lang", "en", str(post)).output.endswith("0 errors, 0 warnings\n"), "alone, nothing to say"


def test_an_abolished_categorys_day_between_the_last_version_that_had_it_and_this_one_is_not_warned_of(run, tmp_path):
    """A folder with the transition policy and next year's, the version between them not in it: monitoring was
    abolished on a day between the end of the one and the start of the other, and `from: 2026-01-01` is such a day.
    A day on which the transition policy still had it is warned of, with the day after that policy ends to write."""
    folder = tmp_path / "policy"
    folder.mkdir()
    transition = folder / "2024-transition.yaml"
    transition.write_text((ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    shipped = Path(POST).read_text(encoding="utf-8")
    later = folder / "2027.yaml"
    later.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2027-01-01}")
                     .replace("version: post-transition", "version: '2027'"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert "C039" not in said, said
    line = shipped.splitlines().index("  - id: monitoring") + 1
    later.write_text(later.read_text(encoding="utf-8").replace("    from: 2026-01-01", "    from: 2025-06-01"),
                     encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert (f"{later}:{line}:5: warning[C039]: explanations tell households `monitoring` is abolished from 2025-06-01, "
            f"but {transition} (2024-07-16 – 2025-12-31) still has it") in said, said
    assert "help: write `from: 2026-01-01` in this entry of `abolished:`" in said
    assert said.count("C039") == 1


def test_an_overlap_whose_fix_would_leave_a_policy_a_few_days_says_so(run, tmp_path):
    """A raised version dated the day before the one it replaces: ending it there would leave it one day in force,
    which no officer means; the help says so, and the other way out."""
    folder, transition, _ = overlapping_folder(tmp_path, "2026-01-01")
    raised = folder / "raised.yaml"
    raised.write_text(post_transition_from("2025-12-31"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert (f"help: one must end before the other starts: end {raised} by adding `to: 2025-12-31` to its "
            "`effective:` (it would then be in force on 2025-12-31 only: if one of the two replaces the other, "
            "move the one replaced out of this folder instead)") in said
    assert (f"help: one must end before the other starts: end {transition} with `to: 2025-12-30`, or start this one "
            "with `from: 2026-01-01`\n") in said  # a window of a month or more is said nothing of


def same_version_folder(tmp_path: Path, name: str = "policies") -> tuple[Path, Path, Path]:
    """Next year's policy copied from post-transition, which now ends on 2026-12-31, its `version:` left as it was."""
    shipped = Path(POST).read_text(encoding="utf-8")
    folder = tmp_path / name
    folder.mkdir()
    post, next_year = folder / "post-transition.yaml", folder / "2027.yaml"
    post.write_text(shipped.replace("effective: {from: 2026-01-01}", "effective: {from: 2026-01-01, to: 2026-12-31}"),
                    encoding="utf-8")
    next_year.write_text(shipped.replace("effective: {from: 2026-01-01}", "effective: {from: 2027-01-01}"),
                         encoding="utf-8")
    return folder, post, next_year


def test_two_files_of_one_folder_with_one_version_are_an_error_at_the_later_ones_version(run, tmp_path):
    folder, post, next_year = same_version_folder(tmp_path)
    line = next(i for i, x in enumerate(Path(POST).read_text(encoding="utf-8").split("\n"), 1)
                if x == "  version: post-transition")
    said = (f"{next_year}:{line}:12: error[L010]: `version: post-transition` is that of {post}:{line}:12 too: "
            "decisions under either would say version post-transition, and no one could tell which file decided")
    helped = "help: give this file its own version name, e.g. `version: '2027'` (the year it takes force)"
    for given in ([str(folder)], [str(post), str(next_year)]):
        result = run("check", "--lang", "en", *given)
        assert result.exit_code == 1
        assert said in result.output and helped in result.output, result.output
        assert result.output.endswith("checked 2 files: 1 error, 0 warnings\n")
    chinese = run("check", str(folder)).output
    assert (f"{next_year}:{line}:12: 错误[L010]: `version: post-transition` 也是 {post}:{line}:12 的版本名称："
            "按两者作出的认定都会记为版本 post-transition，无法分辨是哪个文件作出的") in chinese
    assert "提示：请给本文件另起一个版本名称，例如 `version: '2027'`（它开始生效的年份）" in chinese
    assert run("check", str(next_year)).exit_code == 0, "one file alone shares its version with none"
    for day in ("2026-06-01", "2027-03-01"):  # either file decides under a version name the other has too
        result = run("eval", EXAMPLE, "--lang", "en", "--policy-dir", str(folder), "--date", day)
        assert result.exit_code == 2, result.output
        assert said in result.stderr and helped in result.stderr, result.stderr
        assert "policy check" not in result.stderr, "checking either file alone finds nothing"
        # as a household on days two windows share: a bad record, its error the folder's
        result = run("batch", EXAMPLE, "-o", str(tmp_path / "out.jsonl"), "--lang", "en", "--policy-dir",
                     str(folder), "--date", day)
        assert result.exit_code == 2 and "0 decisions written" in result.stderr, result.output
        assert said.split(": error[L010]: ")[1] in result.stderr and "Traceback" not in result.output
    next_year.write_text(next_year.read_text(encoding="utf-8").replace("version: post-transition", "version: '2027'"),
                         encoding="utf-8")
    assert run("check", str(folder)).exit_code == 0
    assert run("eval", EXAMPLE, "--policy-dir", str(folder), "--date", "2027-03-01").exit_code == 0


def test_a_version_that_follows_another_of_its_source_under_another_id_is_warned_of_at_its_id(run, tmp_path):
    """Next year's file given an id of its own, `hunan.low-income-2027`: `policy eval` still chooses it by date, but
    takes it for another policy, so no explanation under post-transition tells of the change it brings, and
    `policy diff` calls them two policies. `policy check` on the folder says so at its `id:`."""
    folder, post, next_year = same_version_folder(tmp_path)
    text = next_year.read_text(encoding="utf-8").replace("version: post-transition", "version: '2027'")
    renamed = text.replace("id: hunan.low-income\n", "id: hunan.low-income-2027\n")
    next_year.write_text(renamed, encoding="utf-8")
    result = run("check", "--lang", "en", str(folder))
    assert result.exit_code == 0 and result.output.endswith("checked 2 files: 0 errors, 1 warning\n"), result.output
    said = (f"{next_year}:9:7: warning[L011]: `id: hunan.low-income-2027` is not the `id` of {post}:9:7, "
            "`hunan.low-income`, though this file takes over from it on 2027-01-01 and cites the same document, "
            "`dsz-2024-47`: the two are taken for different policies, so explanations under that one do not tell "
            "households what this one will decide")
    helped = ("  help: keep the `id` of the version it follows, `id: hunan.low-income` (`version:` tells versions "
              "apart); if this is another policy, not its next version, say why in a comment on this line and keep it "
              "in a folder of its own: `policy eval` chooses among the files of a folder by date\n")
    assert said in result.output and helped in result.output, result.output
    assert "  9 |   id: hunan.low-income-2027\n    |       ^^^^^^^^^^^^^^^^^^^^^\n" in result.output
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert said.replace(f"{folder}/", "policy/") in catalogue and helped in catalogue
    chinese = run("check", str(folder)).output
    assert (f"{next_year}:9:7: 警告[L011]: `id: hunan.low-income-2027` 与 {post}:9:7 的 `id`"
            "（`hunan.low-income`）不同，而本文件自 2027-01-01 起接续它的施行期，"
            "引用的也是同一文件 `dsz-2024-47`：两者会被当作不同的政策，"
            "按那一版本作出的说明不会告诉家庭本文件将如何认定\n") in chinese, chinese
    assert ("  提示：请沿用它所接续的版本的 `id`：`id: hunan.low-income`（各版本由 `version:` 区分）；"
            "如果这是另一项政策，而不是它的下一个版本，请在这一行的注释中说明原因，"
            "并把它放到单独的文件夹中：`policy eval` "
            "按日期在同一文件夹的文件中选择\n") in chinese, chinese

    others = {"dsz-2024-47": "dsz-2027-1", "大政发〔2024〕47号": "大政发〔2027〕1号", "[2024] No. 47": "[2027] No. 1",
              "mz-2021-43": "mz-2027-2", "民发〔2021〕43号": "民发〔2027〕2号", "[2021] No. 43": "[2027] No. 2"}
    cited = renamed
    for old, new in others.items():
        cited = cited.replace(old, new)
    for changed in (text,  # the same id: versions of one policy
                    cited,  # another document: another policy
                    renamed.replace("{from: 2027-01-01}", "{from: 2027-02-01}")):  # a month apart: not its follower
        next_year.write_text(changed, encoding="utf-8")
        assert "L011" not in run("check", "--lang", "en", str(folder)).output, changed[:400]
    assert "L011" not in run("check", "--lang", "en", str(next_year)).output

@pytest.mark.parametrize(("original", "copies", "at", "help", "zh"), [
    # the shipped file copied for a county, from the same day: the copy, not the file named after its version
    ("post-transition.yaml", {"county.yaml": None}, "county.yaml",
     "give this file its own version name, e.g. `version: county` (the name of its file)",
     "请给本文件另起一个版本名称，例如 `version: county`（与文件名相同）"),
    # a copy in force before the file named after the version is still the copy
    ("2024-transition.yaml", {"county.yaml": "effective: {from: 2023-01-01, to: 2024-07-15}"}, "county.yaml",
     "give this file its own version name, e.g. `version: county` (the name of its file)",
     "请给本文件另起一个版本名称，例如 `version: county`（与文件名相同）"),
    # two copies from one day, neither named after the version: nothing tells which is the copy
    (None, {"a.yaml": None, "b.yaml": None}, "b.yaml",
     "give one of the two its own version name, e.g. `version: b` for this one (the name of its file)",
     "请给两者之一另起一个版本名称，例如本文件写 `version: b`（与文件名相同）"),
    # a file's name YAML would read as true, false or null is no version name to write unquoted: the year
    ("post-transition.yaml", {"off.yaml": None}, "off.yaml",
     "give this file its own version name, e.g. `version: '2026'` (the year it takes force)",
     "请给本文件另起一个版本名称，例如 `version: '2026'`（它开始生效的年份）"),
], ids=["same day", "earlier", "neither named so", "a yaml word"])
def test_one_version_in_two_files_is_reported_at_the_copy(run, tmp_path, original, copies, at, help, zh):
    folder = tmp_path / "policies"
    folder.mkdir()
    shipped = (ROOT / "policy" / (original or "post-transition.yaml")).read_text(encoding="utf-8")
    if original is not None:
        (folder / original).write_text(shipped, encoding="utf-8")
    effective = re.search(r"^  effective: .*$", shipped, flags=re.MULTILINE)
    assert effective is not None
    for name, window in copies.items():
        (folder / name).write_text(shipped.replace(effective.group(), f"  {window}" if window else effective.group()),
                                   encoding="utf-8")
    english = run("check", "--lang", "en", str(folder)).output
    found = [line for line in english.splitlines() if "error[L010]" in line]
    assert len(found) == 1 and found[0].startswith(f"{folder / at}:10:12: error[L010]: "), english
    assert f"  help: {help}\n" in english, english
    assert f"  提示：{zh}\n" in run("check", "--lang", "zh", str(folder)).output


def test_an_overlap_with_a_file_that_has_no_end_says_to_add_one(run, tmp_path):
    """The post-transition policy has no `to:`: there is no end date to change, one is added to its `effective:`."""
    folder = tmp_path / "policy"
    folder.mkdir()
    post, next_year = folder / "post-transition.yaml", folder / "2027.yaml"
    post.write_text(Path(POST).read_text(encoding="utf-8"), encoding="utf-8")
    next_year.write_text(post.read_text(encoding="utf-8").replace("{from: 2026-01-01}", "{from: 2027-01-01}")
                         .replace("version: post-transition", "version: '2027'"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert (f"help: one must end before the other starts: end {post} by adding `to: 2026-12-31` to its "
            "`effective:`\n") in said, said
    said = run("check", str(folder)).output
    assert f"提示：一个文件须在另一个生效之前结束：请在 {post} 的 `effective:` 中加上结束日期 `to: 2026-12-31`\n" \
        in said
    assert "结束日期改为" not in said


def test_an_overlap_of_two_files_from_one_day_moves_the_start_of_the_one_that_ends_later(run, tmp_path):
    folder = tmp_path / "policy"
    folder.mkdir()
    open_ended, short = folder / "2026.yaml", folder / "short.yaml"
    open_ended.write_text(Path(POST).read_text(encoding="utf-8"), encoding="utf-8")
    short.write_text(Path(POST).read_text(encoding="utf-8").replace(
        "effective: {from: 2026-01-01}", "effective: {from: 2026-01-01, to: 2026-06-30}").replace(
        "version: post-transition", "version: first-half"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert (f"{short}:14:3: error[L008]: the effective period overlaps that of {open_ended}:14:3: both are in force "
            "from 2026-01-01 to 2026-06-30") in said, said
    assert f"help: one must end before the other starts: start {open_ended} with `from: 2026-07-01`\n" in said
    assert f"请把 {open_ended} 的开始日期改为 `from: 2026-07-01`" in run("check", str(folder)).output
    short.write_text(short.read_text(encoding="utf-8").replace(", to: 2026-06-30}", "}"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output  # two copies from one day: no date to suggest
    assert "help: one must end before the other starts: change the dates of one, or move one file" in said


def test_check_on_a_folder_warns_of_days_no_policy_covers(run, tmp_path):
    folder, transition, post = overlapping_folder(tmp_path, "2026-01-02")
    result = run("check", "--lang", "en", str(folder))
    assert result.exit_code == 0 and "0 errors, 1 warning" in result.output
    assert (f"{post}:14:3: warning[L008]: no policy of this folder is in force on 2026-01-01, between "
            f"{transition}:14:3 and this one") in result.output
    assert (f"help: start this one with `from: 2026-01-01`, or end {transition} with `to: 2026-01-01`, so that "
            "every day has its policy") in result.output
    assert run("check", "--lang", "en", str(folder), "--strict").exit_code == 1
    (tmp_path / "wide").mkdir()
    folder, _, post = overlapping_folder(tmp_path / "wide", "2026-03-01")
    assert "in force from 2026-01-01 to 2026-02-28, between" in run("check", "--lang", "en", str(folder)).output


def test_a_year_no_policy_of_a_folder_covers_is_told_to_be_the_version_missing_from_it(run, tmp_path):
    """Next year's file beside the transition policy, the post-transition one not in the folder: a year between
    them is most likely a version kept elsewhere, not a date typed wrong. The help does not say to start next year's
    file a year early, nor to keep the transition policy in force a year longer."""
    folder = tmp_path / "policy"
    folder.mkdir()
    transition = folder / "2024-transition.yaml"
    transition.write_text((ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    later = folder / "2027.yaml"
    later.write_text(Path(POST).read_text(encoding="utf-8").replace("{from: 2026-01-01}", "{from: 2027-01-01}")
                     .replace("version: post-transition", "version: '2027'"), encoding="utf-8")
    result = run("check", "--lang", "en", str(folder))
    assert result.exit_code == 0 and result.output.endswith("0 errors, 1 warning\n"), result.output
    assert (f"{later}:14:3: warning[L008]: no policy of this folder is in force from 2026-01-01 to 2026-12-31, "
            f"between {transition}:14:3 and this one") in result.output
    assert ("  help: add to this folder the policy in force from 2026-01-01 to 2026-12-31 (`effective: {from: "
            "2026-01-01, to: 2026-12-31}`), so that every day has its policy; change the `from:` of this one or the "
            f"`to:` of {transition} only if it is wrong\n") in result.output
    assert "start this one with" not in result.output
    chinese = run("check", str(folder)).output
    assert ("  提示：请把在 2026-01-01 至 2026-12-31 期间施行的政策文件放进这个文件夹（`effective: {from: 2026-01-01, "
            f"to: 2026-12-31}}`），让每一天都有政策可依；只有本文件的 `from:` 或 {transition} 的 `to:` 写错时，"
            "才改动它\n") in chinese, chinese


def test_a_file_of_a_folder_that_does_not_load_holds_back_the_warnings_its_absence_may_cause(run, tmp_path):
    """`until:` typed for `to:` in the post-transition file of a folder with next year's: that file does not load, so
    the folder seems to have no policy in 2026. The mistake is said; what follows from the file missing is held back,
    and said to be."""
    folder, _, post = overlapping_folder(tmp_path, "2026-01-01")
    shipped = post.read_text(encoding="utf-8")
    post.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2026-01-01, until: 2026-12-31}"), encoding="utf-8")
    later = folder / "2027.yaml"
    later.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2027-01-01}")
                     .replace("version: post-transition", "version: '2027'"), encoding="utf-8")
    result = run("check", "--lang", "en", str(folder))
    assert result.exit_code == 1
    assert result.output.startswith(f"{post}:14:33: error[L004]: unknown key `until` in `policy.effective`\n")
    assert "L008" not in result.output and "C039" not in result.output, result.output
    assert (f"note: 1 warning on the files of {folder}/ taken together is held back: {post} did not load, and the "
            "warning may follow from that alone; fix it, then run `policy check` again\n") in result.output
    assert result.output.endswith("checked 3 files: 1 error, 0 warnings\n")
    chinese = run("check", str(folder)).output
    assert (f"注意：{folder}/ 中各文件之间的 1 个警告暂不显示：{post} 未能载入，这个警告可能只是由此而来；"
            "请先改正它，再运行一次 `policy check`\n") in chinese, chinese
    assert "held back" not in run("check", "--lang", "en", "--format", "json", str(folder)).output
    post.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2026-01-01, to: 2026-12-31}"), encoding="utf-8")
    assert run("check", "--lang", "en", str(folder)).output == "checked 3 files: 0 errors, 0 warnings\n"
    post.unlink()  # without it, the folder has no policy in 2026: said, beside a file that is no policy at all
    (folder / "notes.yaml").write_text("households:\n  - DS-0001\n", encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert "warning[L008]: no policy of this folder is in force from 2026-01-01 to 2026-12-31" in said, said
    assert "held back" not in said

@pytest.mark.parametrize(("post_from", "period", "help"), [
    ("2024-07-16", "from 2024-07-16 to 2025-12-31", "start this one with `from: 2026-01-01`"),
    ("2025-12-31", "from 2025-12-31 to 2025-12-31", "end {transition} with `to: 2025-12-30`"),
])
def test_an_overlap_names_the_days_and_only_fixes_that_leave_both_periods(run, tmp_path, post_from, period, help):
    folder, transition, _ = overlapping_folder(tmp_path, post_from)
    result = run("check", "--lang", "en", str(folder))
    assert f"both are in force {period}" in result.output
    assert help.format(transition=transition) in result.output
    assert "`to: 2024-07-15`" not in result.output  # a window that would end before it starts


# (`policy monitor apply` with no policy folder counts by the versions its register keeps: tests/test_monitor.py)
@pytest.mark.parametrize("command", [["eval", EXAMPLE, "--date", "2026-03-01"],
                                     ["batch", str(ROOT / "examples" / "households"), "-o", "out.jsonl",
                                      "--date", "2026-03-01"],
                                     ["schema", "household"], ["schema", "decision"]])
def test_policy_file_works_from_any_folder_and_a_missing_folder_is_named(command, run, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no policy/ here
    result = run(*command, "--policy", POST)
    assert result.exit_code == 0, result.output
    result = run("--lang", "en", *command)
    assert result.exit_code == 2
    assert "there is no folder policy/ here to find the policy in force" in result.stderr
    result = run("--lang", "en", *command, "--policy-dir", "elsewhere")
    assert result.exit_code == 2
    assert "Invalid value for '--policy-dir': no folder elsewhere" in result.stderr


@pytest.mark.parametrize(("default", "message"), [
    ("0元", "the default of `assets.deposits` must be an amount in yuan, not `0元`"),
    ("-5", "the default `-5` of `assets.deposits` is below its minimum `0`"),
])
def test_a_default_a_household_could_not_give_stops_eval_before_any_household(run, tmp_path, default, message):
    # it used to pass check and then crash every household that left the field out
    transition = (ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(transition.replace("assets.deposits: {type: money, default: 0,",
                                      f"assets.deposits: {{type: money, default: {default},"), encoding="utf-8")
    household = tmp_path / "h.json"
    household.write_text('{"id": "X", "members": [{"id": "p1", "birth_date": "1950-01-01"}]}', encoding="utf-8")
    result = run("eval", "--lang", "en", "--policy", str(bad), str(household))
    assert result.exit_code == 2
    line = next(i for i, x in enumerate(bad.read_text(encoding="utf-8").split("\n"), 1) if "assets.deposits:" in x)
    assert f"{bad}:{line}:45: error[C013]: {message}" in result.stderr
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert run("check", str(bad)).exit_code == 1


@pytest.mark.parametrize("which", ["policy", "cases"])
def test_schemas_that_need_no_policy_print_from_any_folder(which, run, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no policy/ here
    result = run("schema", which)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["$schema"]


def test_several_households_print_json_lines(run):
    other = EXAMPLE.replace("DS-0001-dibao-widow", "DS-0002-tekun-elderly-alone")
    result = run("eval", EXAMPLE, other, "--format", "json")
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["household"] for line in lines] == ["DS-0001", "DS-0002"]


def test_standard_input(run):
    result = run("eval", "-", "--format", "json", input=Path(EXAMPLE).read_text(encoding="utf-8"))
    assert result.exit_code == 0 and json.loads(result.output)["household"] == "DS-0001"


@pytest.mark.parametrize("name, text", [("empty.json", "[]"), ("empty.jsonl", "\n\n"), ("-", " [ ] ")])
def test_a_file_with_no_household_is_an_input_error(run, tmp_path, name, text):
    if name != "-":
        (tmp_path / name).write_text(text, encoding="utf-8")
        name = str(tmp_path / name)
    result = run("eval", "--lang", "en", name, EXAMPLE, "--format", "json", input=text)
    assert result.exit_code == 2
    assert "error[H002]: the file holds no household" in result.stderr
    assert "help: give one household" in result.stderr
    assert json.loads(result.stdout)["household"] == "DS-0001", "the other file is still evaluated"


def test_bad_household_exits_2_with_every_error_located(run, tmp_path):
    data = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    data["members"][0]["birth_date"] = "1952-13-01"
    data["income"][0]["type"] = "salary"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("eval", "--lang", "en", str(bad), EXAMPLE, "--format", "json")
    assert result.exit_code == 2
    assert 'members[0] (p1).birth_date: error[H002]: "1952-13-01" is not a date (YYYY-MM-DD)' in result.stderr
    assert 'income[0].type: error[H003]: "salary" is not an income type of this policy' in result.stderr
    assert json.loads(result.stdout)["household"] == "DS-0001", "the good household is still evaluated"
    assert "Traceback" not in result.output


def test_household_findings_are_listed_by_line_with_the_value_meant(run, tmp_path):
    data = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    data["housing"]["safety_grade"] = "c"  # the last lines of the file
    data["members"][1]["student"] = "hgh_school"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    said = {lang: run("eval", str(bad), "--lang", lang).stderr.splitlines() for lang in ("zh", "en")}
    found = [x for x in said["zh"] if x.startswith(str(bad))]
    assert [x.split(": ")[1] for x in found] == ["members[1] (p2).student", "housing.safety_grade"]
    lines = [int(x.split(":")[1]) for x in found]
    assert lines == sorted(lines)
    assert ('  提示：是不是 `"high_school"`（高中阶段）？可用的取值："none"（不在读）、"preschool"（学前教育）、'
            '"compulsory"（义务教育）、"high_school"（高中阶段）、"higher"（高等教育）') in said["zh"]
    assert ('  提示：是不是 `"C"`（C级（局部危险））？可用的取值："A"（A级（安全））、"B"（B级（基本安全））、'
            '"C"（C级（局部危险））、"D"（D级（整栋危房））') in said["zh"]
    assert ('  help: did you mean `"high_school"` (senior high school)? use one of "none" (not in school), '
            '"preschool", "compulsory" (compulsory education), "high_school" (senior high school), "higher" '
            '(higher education)') in said["en"]


def test_household_findings_are_said_in_the_language_of_lang_at_the_same_places(run, tmp_path):
    data = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    data["members"][0]["birth_date"] = "1952-13-01"
    data["income"][0]["type"] = "工资"  # the start of the Chinese label of `wage`
    data["income"][0]["member"] = "p11"
    data["assets"]["deposits"] = "3,000"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    said = {lang: run("eval", str(bad), "--lang", lang) for lang in ("zh", "en")}
    assert said["zh"].exit_code == said["en"].exit_code == 2
    zh = said["zh"].stderr
    for line in ['members[0] (p1).birth_date: 错误[H002]: "1952-13-01" 不是日期（应为 YYYY-MM-DD）',
                 "  提示：月份应在 01 到 12 之间",
                 'income[0].type: 错误[H003]: "工资" 不是本政策的收入类型',
                 '  提示：应写作 `"wage"`（工资性收入（扣减就业成本））；或把 `工资` 读作 `wage`：'
                 '加上 --rename-value 工资=wage',
                 'income[0].member: 错误[H004]: 没有编号为 "p11" 的成员',
                 "  提示：是不是 `p1`？",
                 'assets.deposits: 错误[H002]: "3,000" 不是数字',
                 "  提示：应写作 `3000`：不加千位分隔符，也不加引号"]:
        assert line in zh.splitlines() or any(x.endswith(line) for x in zh.splitlines()), line
    # the same findings, placed and underlined alike: only the words differ
    places = {lang: [x.split(": ")[0] for x in said[lang].stderr.splitlines() if x.startswith(str(bad))]
              for lang in said}
    assert places["zh"] == places["en"] and len(places["en"]) == 4
    underlines = {lang: [x for x in said[lang].stderr.splitlines() if x.lstrip().startswith("|")] for lang in said}
    assert underlines["zh"] == underlines["en"]
    assert "error[" not in zh and "help:" not in zh


def test_explain_text_in_both_languages(run):
    zh = run("eval", EXAMPLE, "--explain", "--lang", "zh").output
    en = run("eval", EXAMPLE, "--explain", "--lang", "en").output
    assert "认定结果" in zh and "最低生活保障" in zh
    assert "Result:" in en and "per-capita" in en
    assert "policy/2024-transition.yaml:" in en


def test_markdown_report(run):
    out = run("eval", EXAMPLE, "--explain", "--format", "markdown", "--lang", "en").output
    assert out.startswith("# Household DS-0001") and "| measure |" in out


def test_schema_household_is_valid_json_schema(run):
    import jsonschema

    schema = json.loads(run("schema", "household", "--policy", POST).output)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(Path(EXAMPLE).read_text(encoding="utf-8")), schema)
    policy_schema = json.loads(run("schema", "policy").output)
    assert policy_schema["$schema"].endswith("2020-12/schema")


def test_a_negative_seed_is_refused_rather_than_giving_the_households_of_its_opposite(run):
    result = run("--lang", "en", "sample", "--n", "2", "--seed", "-1")
    assert result.exit_code == 2 and "-1 is outside the allowed range (at least 0)" in result.stderr


def test_sample_is_deterministic_and_valid(run, tmp_path):
    first = run("sample", "--n", "20", "--seed", "3").output
    assert first == run("sample", "--n", "20", "--seed", "3").output
    assert first == run("sample", "-n", "20", "--seed", "3").output  # the short form users type
    assert first != run("sample", "--n", "20", "--seed", "4").output
    out = tmp_path / "h.jsonl"
    assert run("sample", "--n", "20", "--seed", "3", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == first
    result = run("eval", str(out), "--format", "json", "--date", "2026-02-01")
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 20


def test_sampled_households_are_decided_on_their_date_unless_another_is_given(run, tmp_path):
    source, out = tmp_path / "h.jsonl", tmp_path / "d.jsonl"
    assert run("sample", "--n", "5", "--date", "2025-06-01", "-o", str(source)).exit_code == 0

    def decided(*args: str) -> set[tuple[str, str]]:
        assert run("batch", str(source), "-o", str(out), "-j", "1", *args).exit_code == 0
        lines = out.read_text(encoding="utf-8").splitlines()
        return {(d["date"], d["policy"]["version"]) for d in map(json.loads, lines)}
    assert decided() == {("2025-06-01", "2024-transition")}
    assert decided("--date", "2026-03-01") == {("2026-03-01", "post-transition")}


def test_sample_writes_csv_tables_and_parquet_that_batch_decides_alike(run, tmp_path):
    post = "policy/post-transition.yaml"
    assert run("sample", "--n", "40", "--seed", "5", "-o", str(tmp_path / "h.jsonl")).exit_code == 0
    assert run("sample", "--n", "40", "--seed", "5", "-o", str(tmp_path / "h.parquet"), "--policy", post).exit_code == 0
    result = run("sample", "--n", "40", "--seed", "5", "--format", "csv", "-o", str(tmp_path / "tables"),
                 "--policy", post, "--lang", "en")
    assert result.exit_code == 0 and "households.csv, members.csv, lines.csv" in result.stderr
    outputs = []
    for source in ("h.jsonl", "h.parquet", "tables"):
        out = tmp_path / f"{source}.out.jsonl"
        assert run("batch", str(tmp_path / source), "-o", str(out), "--policy", post, "--date", "2026-03-01",
                   "-j", "1").exit_code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0].count(b"\n") == 40
    refused = run("sample", "--format", "csv", "--lang", "en")
    assert refused.exit_code == 2 and "give -o FOLDER" in refused.stderr


def test_sample_says_what_it_wrote_in_the_language_of_lang_or_of_the_locale(run, tmp_path, monkeypatch):
    for variable in ("LANG", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # Chinese, as on CI
    post = "policy/post-transition.yaml"
    said = {}
    for fmt, target in (("jsonl", tmp_path / "h.jsonl"), ("parquet", tmp_path / "h.parquet"),
                        ("csv", tmp_path / "tables")):
        result = run("sample", "--n", "12", "--format", fmt, "-o", str(target), "--policy", post)
        english = run("sample", "--n", "12", "--format", fmt, "-o", str(target), "--policy", post, "--lang", "en")
        assert result.exit_code == english.exit_code == 0
        said[fmt] = (result.stderr, english.stderr)
    assert said["jsonl"] == (f"已将 12 户写入 {tmp_path / 'h.jsonl'}\n",
                             f"wrote 12 households to {tmp_path / 'h.jsonl'}\n")
    assert said["parquet"][0] == f"已将 12 户写入 {tmp_path / 'h.parquet'}\n"
    assert said["csv"] == (f"已将 12 户写入 {tmp_path / 'tables'}/（households.csv、members.csv、lines.csv）\n",
                           f"wrote 12 households to {tmp_path / 'tables'}/ (households.csv, members.csv, lines.csv)\n")
    refused = run("sample", "--n", "2", "-o", "/dev/full")  # the write fails
    assert refused.exit_code == 2
    assert refused.stderr.startswith("/dev/full: 错误：无法写入家庭数据：")
    (tmp_path / "taken").mkdir()  # a folder where the file would go: refused before anything is drawn
    refused = run("sample", "--n", "2", "-o", str(tmp_path / "taken"))
    assert refused.exit_code == 2
    assert refused.stderr.endswith(f"{tmp_path / 'taken'} 是文件夹，不是文件：请给出要写入的文件名（写在这个文件夹里："
                                   f"{tmp_path / 'taken'}/文件名）\n")


def test_sample_writes_its_count_as_every_report_writes_a_count(run, tmp_path):
    """`2,000`, as the diff and batch reports count the same households; one household in the singular."""
    target = tmp_path / "h.jsonl"
    assert run("sample", "--n", "2000", "-o", str(target), "--lang", "en").stderr == \
        f"wrote 2,000 households to {target}\n"
    assert run("sample", "--n", "2000", "-o", str(target), "--lang", "zh").stderr == f"已将 2,000 户写入 {target}\n"
    assert run("sample", "--n", "1", "-o", str(target), "--lang", "en").stderr == f"wrote 1 household to {target}\n"


def test_sample_csv_takes_the_tables_folder_or_its_households_csv_but_not_another_file_name(run, tmp_path):
    post = "policy/post-transition.yaml"
    (tmp_path / "named").mkdir()
    named = run("sample", "--n", "3", "--format", "csv", "-o", str(tmp_path / "named" / "households.csv"),
                "--policy", post)
    assert named.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "named").iterdir()) == ["households.csv", "lines.csv", "members.csv"]
    made = run("sample", "--n", "3", "--format", "csv", "-o", str(tmp_path / "new" / "households.csv"),
               "--policy", post)
    assert made.exit_code == 0, made.output  # the folder is created, as for -o new/
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["households.csv", "lines.csv", "members.csv"]
    refused = run("sample", "--n", "3", "--format", "csv", "-o", str(tmp_path / "x.csv"), "--policy", post,
                  "--lang", "en")
    assert refused.exit_code == 2
    assert "give -o a folder to write them in" in refused.stderr
    assert not (tmp_path / "x.csv").exists()
    # without --format, an -o ending in .csv asks for the tables too, never JSON Lines under a .csv name
    refused = run("sample", "--n", "3", "-o", str(tmp_path / "x.csv"), "--policy", post, "--lang", "zh")
    assert refused.exit_code == 2 and "错误：CSV 格式的家庭数据是三张表格（households.csv、members.csv、lines.csv）：" \
        f"请用 -o 给出存放它们的文件夹，而不是 {tmp_path / 'x.csv'}" in refused.stderr
    refused = run("sample", "--n", "3", "-o", str(tmp_path / "x.csv"), "--policy", post, "--lang", "en")
    assert refused.exit_code == 2 and "give -o a folder to write them in" in refused.stderr
    assert not (tmp_path / "x.csv").exists()
    (tmp_path / "plain").mkdir()
    tables = run("sample", "--n", "3", "-o", str(tmp_path / "plain" / "households.csv"), "--policy", post)
    assert tables.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "plain").iterdir()) == ["households.csv", "lines.csv", "members.csv"]


def test_an_output_in_a_folder_that_does_not_exist_is_a_usage_error_in_every_command(run, tmp_path):
    missing = tmp_path / "nowhere"
    post, old = "policy/post-transition.yaml", "policy/2024-transition.yaml"
    commands = [["sample", "-o", str(missing / "h.jsonl")],
                ["doc", post, "-o", str(missing / "d.md")],
                ["diff", old, post, "--html", str(missing / "r.html")],
                ["batch", "examples/households", "-o", str(missing / "o.jsonl")],
                ["monitor", "ingest", "examples/households", "--db", str(missing / "r.sqlite3")]]
    for command in commands:
        result = run("--lang", "en", *command)
        assert result.exit_code == 2, command
        assert f"there is no folder {missing} to write" in result.stderr, command
    assert not missing.exists()


def test_policy_test_passes_on_the_shipped_cases_with_full_coverage(run):
    result = run("test", "--lang", "en", "tests/cases", "--coverage")
    assert result.exit_code == 0, result.output
    page = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    shown = page.split("The shipped cases reach 100% on both\npolicies:\n\n```text\n")[1].split("```")[0]
    assert result.output.endswith(" passed, 0 failed (9 case files in tests/cases)\n" + shown)


def test_policy_test_coverage_of_a_subset_names_each_policy_tidily_and_what_it_misses(run):
    result = run("test", "--lang", "en", "tests/cases/other_hardship.yaml", "--coverage")
    assert result.exit_code == 0, result.output
    page = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    shown = page.split("$ policy test tests/cases/other_hardship.yaml --coverage --lang en\n")[1].split("    …\n")[0]
    assert result.output.startswith(shown)
    assert "../" not in result.output
    assert "\n  policy/post-transition.yaml: " in result.output
    every = run("test", "--lang", "en", "tests/cases/other_hardship.yaml", "--coverage", "-v").output
    assert "    dibao.income: never true\n" in every and "    dibao.no_vehicle: true and false\n" in every


def test_policy_test_ends_with_how_many_case_files_it_read_and_from_where(run, tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.yaml", "sub/b.yml"):
        (tmp_path / name).write_text(f"cases:\n  - policy: {POST}\n    date: 2026-03-01\n    household: {EXAMPLE}\n"
                                     "    expect: {categories: [dibao]}\n", encoding="utf-8")
    english = run("test", "--lang", "en", "tests/cases/dibao.yaml", str(tmp_path))
    assert english.exit_code == 0
    passed = english.stdout.split(" passed")[0]
    assert english.stdout == f"{passed} passed, 0 failed (1 case file in tests/cases, 2 in {tmp_path})\n"
    chinese = run("test", "--lang", "zh", "tests/cases")
    assert chinese.stdout.endswith(" 个通过，0 个失败（tests/cases 中 9 个文件）\n")


def test_policy_test_in_the_folder_of_its_cases_says_the_current_folder_in_chinese_words():
    """`当前文件夹中`, as Chinese writes it, not `当前文件夹 中`: the space is only for a path."""
    from cli.test_cmd import _summary

    assert _summary(2, 0, 0, 0, 0, {Path("."): 1}, zh=True) == "2 个通过，0 个失败（当前文件夹中 1 个文件）"
    assert _summary(2, 0, 0, 0, 0, {Path("tests/cases"): 9}, zh=True) == "2 个通过，0 个失败（tests/cases 中 9 个文件）"


def test_policy_test_junit_and_failure_exit_code(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"cases:\n  - name: wrong\n    policy: {POST}\n    date: 2026-03-01\n"
                   f"    household: {EXAMPLE}\n    expect: {{categories: [dibao_marginal]}}\n", encoding="utf-8")
    result = run("test", "--lang", "en", str(bad), "--format", "junit")
    assert result.exit_code == 1
    assert '<testsuite name="policy" tests="1" failures="1" errors="0">' in result.output
    assert "categories: expected [dibao_marginal]" in result.output
    # a category of the other level is a mistake of the case file: an error, not a failure
    bad.write_text(bad.read_text(encoding="utf-8").replace("[dibao_marginal]", "[tekun]"), encoding="utf-8")
    result = run("test", "--lang", "en", str(bad), "--format", "junit")
    assert result.exit_code == 2
    assert '<testsuite name="policy" tests="1" failures="0" errors="1">' in result.output
    assert f'<error message="{bad}:6:27: error[L004]: categories: `tekun` is a member-level category' in result.output


def test_a_failing_case_says_why_each_category_it_expects_otherwise_was_decided_so(run, tmp_path):
    """Under `expected [rigid_expense], got [dibao]`: the brief's lines for both, the reason an officer looks for."""
    case = tmp_path / "case.yaml"
    case.write_text(f"cases:\n  - name: wrong\n    policy: {POST}\n    date: 2026-03-01\n"
                    f"    household: {EXAMPLE}\n    expect: {{categories: [rigid_expense]}}\n", encoding="utf-8")
    english = run("test", "--lang", "en", str(case))
    assert english.exit_code == 1
    said = english.stdout.splitlines()
    at = said.index("     categories: expected [rigid_expense], got [dibao]")
    assert said[at + 1].startswith("       ✔ minimum living guarantee (dibao) household: assigned. Annual per-capita "
                                   "income "), said
    assert said[at + 2].startswith("         Source: ")
    # the figures to confirm it compared with, as the brief ends with them
    assert said[at + 3] == ("         ⚠ local value to confirm with the county's published figure: rural minimum "
                            "living standard (dibao standard), months of deposits allowed for dibao")
    assert said[at + 4] == ("       ✘ household in hardship because of rigid expenses: not assigned, because "
                            "“minimum living guarantee (dibao) household” comes first in the same group and already "
                            "applies.")
    chinese = run("test", "--lang", "zh", str(case))
    assert "\n       ✔ 最低生活保障对象：认定。家庭年人均收入 " in chinese.stdout, chinese.stdout
    report = run("test", "--lang", "en", str(case), "--format", "junit")
    assert "✘ household in hardship because of rigid expenses: not assigned, because" in report.stdout
    case.write_text(case.read_text(encoding="utf-8").replace("[rigid_expense]", "[dibao]"), encoding="utf-8")
    assert "✔" not in run("test", "--lang", "en", "-v", str(case)).stdout  # a case that passes: no reasons
    # a value expected otherwise: its working, as `--explain` gives it; for a total of the accounting, its lines
    case.write_text(case.read_text(encoding="utf-8").replace(
        "{categories: [dibao]}", '{values: {per_capita_income: "4000", counted_income: "8000"}}'), encoding="utf-8")
    said = run("test", "--lang", "en", str(case)).stdout.splitlines()
    assert "       annual per-capita income = counted income ÷ household size = 8,400.00 ÷ 2 = 4,200.00 yuan/year" \
        in said, said
    assert "       counted income: 8,400.00 yuan/year" in said
    assert "       wage income (less the cost of employment) (p1): 3,000.00 yuan/year × 80% = 2,400.00 yuan/year" \
        in said
    # a measure expected otherwise: why it was not given (or its grant, with the working)
    case.write_text(case.read_text(encoding="utf-8").replace(
        '{values: {per_capita_income: "4000", counted_income: "8000"}}',
        "{assistance: {housing_renovation: null}}"), encoding="utf-8")
    said = run("test", "--lang", "en", str(case)).stdout.splitlines()
    assert any(line.startswith("       ✘ renovation of unsafe rural housing — housing and urban-rural development: not "
                               "given, because the condition “housing is unsafe (grade C or D)” is not met")
               for line in said), said
    granted = ("       • dibao benefit (the monthly gap to the standard; tekun members excepted) — pilot working group:"
               " 320.00")
    assert any(line.startswith(granted) for line in said), said  # granted, not expected
    assert any(line.startswith("           worked out: rounded up (") for line in said)


def test_policy_test_locates_a_broken_case_file_and_exits_2(run, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(f"cases:\n  - name: right\n    policy: {POST}\n    date: 2026-03-01\n"
                    f"    household: {EXAMPLE}\n    expect: {{categories: [dibao]}}\n", encoding="utf-8")
    typo = tmp_path / "typo.yaml"
    typo.write_text(good.read_text(encoding="utf-8").replace("expect:", "expected:"), encoding="utf-8")
    result = run("test", "--lang", "en", str(good), str(typo))
    assert result.exit_code == 2
    assert f"{typo}:6:5: error[L004]: unknown key `expected` in `cases[0]`" in result.stderr
    assert "help: did you mean `expect`?" in result.stderr
    assert result.stdout.endswith(f"1 passed, 0 failed, 1 case file not run (see above; 2 case files in {tmp_path})\n")
    assert "Traceback" not in result.output
    report = run("test", "--lang", "en", str(good), str(typo), "--format", "junit")
    assert report.exit_code == 2
    assert '<testsuite name="policy" tests="2" failures="0" errors="1">' in report.stdout
    assert f'<error message="{typo}:6:5: error[L004]: unknown key `expected` in `cases[0]`">' in report.stdout


def test_policy_test_reports_a_broken_policy_once_as_check_does_and_exits_2(run, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(Path(POST).read_text(encoding="utf-8").replace(
        "test: per_capita_income < dibao_standard\n", "test: per_capita_income ＜ dibao_standard\n", 1),
        encoding="utf-8")
    line = next(i for i, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "＜" in text)
    cases = tmp_path / "cases.yaml"
    case = (f"  - policy: broken.yaml\n    date: 2026-03-01\n    household: {EXAMPLE}\n"
            "    expect: {categories: [dibao]}\n")
    cases.write_text("cases:\n" + case * 3, encoding="utf-8")
    checked = run("check", "--lang", "en", str(broken))
    result = run("test", "--lang", "en", str(cases))
    assert result.exit_code == 2
    assert result.stderr.count("error[S001]") == 1
    assert checked.output.split("checked")[0] in result.stderr, "the same code, place, snippet and help as check"
    assert f"{broken}:{line}:33: error[S001]: unexpected `＜`" in result.stderr and "help: write `<`" in result.stderr
    assert "FAIL" not in result.output
    assert result.stdout.endswith("0 passed, 0 failed, 3 cases not run: their policy has errors "
                                  f"(see above; 1 case file in {tmp_path})\n")
    report = run("test", "--lang", "en", str(cases), "--format", "junit")
    assert report.exit_code == 2
    assert '<testsuite name="policy" tests="1" failures="0" errors="1">' in report.stdout


def test_policy_test_counts_a_case_whose_household_file_is_not_there_as_not_run(run, tmp_path):
    """A case whose `household:` file is not there was counted a failure, beside the cases of a missing policy file
    counted as not run: it decides nothing either."""
    (tmp_path / "h1.json").write_bytes(Path(EXAMPLE).read_bytes())
    cases = tmp_path / "cases.yaml"
    case = f"  - policy: {POST}\n    date: 2026-03-01\n    household: HOUSEHOLD\n    expect: {{categories: [dibao]}}\n"
    cases.write_text("cases:\n" + case.replace("HOUSEHOLD", "h11.json") + case.replace("HOUSEHOLD", "h1.json"),
                     encoding="utf-8")
    result = run("test", "--lang", "en", str(cases))
    assert result.exit_code == 2
    assert f"NOT RUN {cases}:2 case at line 2\n" in result.stdout
    assert "did you mean `h1.json`?" in result.stdout
    assert result.stdout.endswith("1 passed, 0 failed, 1 case not run: household file not found "
                                  f"(see above; 1 case file in {tmp_path})\n"), result.stdout
    assert "1 个用例未运行：找不到其家庭文件" in run("test", "--lang", "zh", str(cases)).stdout
    cases.write_text(cases.read_text(encoding="utf-8").replace("h11.json", "h1.json"), encoding="utf-8")
    assert run("test", "--lang", "en", str(cases)).exit_code == 0  # as the help says


def test_policy_test_tells_a_mistake_in_what_a_case_expects_as_an_error_at_the_value_and_runs_the_others(run,
                                                                                                      tmp_path):
    """`4,200.00` in `{…}` and a category the policy does not have were failed cases, placed at the case's line:
    they are mistakes of the case file, told at the value, the case not run and counted so, the others run."""
    cases = tmp_path / "cases.yaml"
    case = f"  - policy: {POST}\n    date: 2026-03-01\n    household: {EXAMPLE}\n    expect: EXPECT\n"
    cases.write_text("cases:\n" + case.replace("EXPECT", "{values: {per_capita_income: 4,200.00}}")
                     + case.replace("EXPECT", "{categories: [dibo]}")
                     + case.replace("EXPECT", "{categories: [dibao]}")
                     + case.replace("EXPECT", "{members: {p7: []}, values: {per_capita_incom: 4200}}"),
                     encoding="utf-8")
    result = run("test", "--lang", "en", str(cases))
    assert result.exit_code == 2
    assert "FAIL" not in result.stdout
    assert f"NOT RUN {cases}:2 case at line 2\n" in result.stdout
    assert (f"{cases}:5:42: error[L004]: values.per_capita_income: `4,200.00` is read as two entries, as YAML splits "
            "a number at its comma: write 4200.00, without the thousands separator") in result.stdout
    assert f"{cases}:9:27: error[L004]: categories: `dibo` is no category of the policy (did you mean `dibao`?)" \
        in result.stdout
    assert "help: the policy's categories: `tekun`, `dibao`, `dibao_marginal`, `rigid_expense`, `other_hardship`" \
        in result.stdout
    assert f"{cases}:17:24: error[L004]: members.p7: no such member" in result.stdout
    assert f"{cases}:17:42: error[L004]: values.per_capita_incom: the policy has no value" in result.stdout
    assert "expected [dibo]" not in result.stdout
    assert result.stdout.endswith("1 passed, 0 failed, 3 cases not run: mistakes in what they expect "
                                  f"(see above; 1 case file in {tmp_path})\n"), result.stdout
    assert f"5 |     expect: {{values: {{per_capita_income: 4,200.00}}}}\n" \
        f"         |{42 * ' '}{8 * '^'}\n" in result.stdout  # the whole number underlined
    chinese = run("test", "--lang", "zh", str(cases)).stdout
    assert f"未运行 {cases}:6" in chinese
    assert f"{cases}:9:27: 错误[L004]: categories：`dibo` 不是本政策的类别（是否应为 `dibao`？）" in chinese
    assert "1 个通过，0 个失败，3 个用例未运行：其预期写法有误" in chinese


def test_policy_test_says_a_policy_file_that_is_not_there_is_missing_and_offers_the_close_name(run, tmp_path):
    (tmp_path / "s1.yaml").write_bytes(Path(POST).read_bytes())
    cases = tmp_path / "cases.yaml"
    case = (f"  - policy: s11.yaml\n    date: 2026-03-01\n    household: {EXAMPLE}\n"
            "    expect: {categories: [dibao]}\n")
    cases.write_text("cases:\n" + case * 2, encoding="utf-8")
    result = run("test", "--lang", "en", str(cases))
    assert result.exit_code == 2
    assert f"{cases}:2:13: error[L001]: cannot read the file" in result.stderr
    assert ("help: the path of `policy` is relative to the case file, and no file there is named `s11.yaml`: did you "
            "mean `s1.yaml`?") in result.stderr
    assert result.stdout.endswith("0 passed, 0 failed, 2 cases not run: policy file not found "
                                  f"(see above; 1 case file in {tmp_path})\n")
    chinese = run("test", "--lang", "zh", str(cases))
    assert "那里没有名为 `s11.yaml` 的文件：是否应为 `s1.yaml`？" in chinese.stderr
    assert "2 个用例未运行：找不到其政策文件" in chinese.stdout
    cases.write_text(cases.read_text(encoding="utf-8").replace("s11.yaml", "s1.yaml"), encoding="utf-8")
    assert run("test", "--lang", "en", str(cases)).exit_code == 0  # as the help says


def test_policy_test_notes_a_case_decided_outside_its_policys_window_as_eval_does_even_when_it_passes(run, tmp_path):
    transition = str(ROOT / "policy" / "2024-transition.yaml")
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"cases:\n  - name: the old policy on a later day\n    policy: {transition}\n"
                     f"    date: 2026-03-01\n    household: {EXAMPLE}\n"
                     "    expect: {categories: [dibao, monitoring]}\n"
                     f"  - name: in force\n    policy: {POST}\n    date: 2026-03-01\n    household: {EXAMPLE}\n"
                     "    expect: {categories: [dibao]}\n", encoding="utf-8")
    evaluated = run("eval", "--lang", "zh", EXAMPLE, "--policy", transition, "--date", "2026-03-01")
    note = f"{transition} 的施行期为 2024-07-16 – 2025-12-31，不含 2026-03-01；按假设情形适用"
    assert f"注意：{note}\n" in evaluated.stderr
    chinese = run("test", "--lang", "zh", str(cases))
    assert chinese.exit_code == 0
    assert chinese.stdout == (f"通过 {cases}:2 the old policy on a later day\n     注意：{note}\n"
                              f"2 个通过，0 个失败（{tmp_path} 中 1 个文件）\n"), "the case in force: without a word"
    english = run("test", "--lang", "en", str(cases), "--format", "junit").stdout
    assert ("<system-out>note: " + transition + " is in force 2024-07-16 – 2025-12-31, not on 2026-03-01; applied "
            "as a what-if</system-out>") in english
    assert english.count("<system-out>") == 1


def test_policy_test_says_when_it_finds_no_case(run, tmp_path):
    result = run("test", "--lang", "en", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (f"no test cases found in {tmp_path}: a case file is a `.yaml` or `.yml` file with a "
                             "`cases:` list (see docs/testing.md)\n")
    (tmp_path / "cases.txt").write_text("cases: []\n", encoding="utf-8")
    chinese = run("test", "--lang", "zh", str(tmp_path))
    assert chinese.stderr == (f"{tmp_path} 中没有测试用例：只有 `.yaml` 和 `.yml` 文件会被当作测试用例文件读取，"
                              f"这里一个也没有（只找到 {tmp_path / 'cases.txt'}）\n")


def _case_file_shown(said: str, cases: Path) -> str:
    """The case file `policy test` shows to write at `cases`, as it would be written there."""
    after = said[said.index(f"{cases}") + len(str(cases)) + 2:].split("\n")
    return textwrap.dedent("\n".join(itertools.takewhile(lambda line: line.startswith("  "), after))) + "\n"


@pytest.mark.parametrize("shipped", ["2024-transition.yaml", "post-transition.yaml"])
def test_policy_test_of_a_folder_holding_a_policy_alone_shows_where_its_cases_go(run, tmp_path, shipped):
    """`policy test scratch/` with only `scratch/my-policy.yaml` in it said `no test cases found in scratch: a case
    file is a `.yaml` or `.yml` file with a `cases:` list` — a policy is one. It now says the folder holds a policy
    and no case file, once (not after a note naming it again), and shows a case file to write beside it, naming that
    policy, on a day it is in force and expecting what it decides: the case passed only under post-transition, and
    was a what-if of the transition policy that failed; the run still fails (exit 1)."""
    policy = tmp_path / "my-policy.yaml"
    shutil.copy(ROOT / "policy" / shipped, policy)
    english = run("test", "--lang", "en", str(tmp_path))
    assert english.exit_code == 1, english.stderr
    cases = tmp_path / "cases.yaml"
    assert english.stderr.startswith(
        f"no test cases found in {tmp_path}: it holds a policy, {policy}, but no case file; write the cases in a "
        f"file of their own beside it, such as {cases}:\n"), english.stderr
    chinese = run("test", "--lang", "zh", str(tmp_path))
    assert chinese.exit_code == 1, chinese.stderr
    assert chinese.stderr.startswith(
        f"{tmp_path} 中没有测试用例：其中有政策文件 {policy}，但没有测试用例文件；请在它旁边另写一个测试用例文件，"
        f"例如 {cases}：\n"), chinese.stderr
    for said in (english.stderr, chinese.stderr):  # the case file shown is one `policy test` runs as it is
        assert said.count(str(policy)) == 1, said
        cases.write_text(_case_file_shown(said, cases), encoding="utf-8")
        ran = run("test", "--lang", "en", str(tmp_path))  # passing, and not as a what-if (a note under PASS)
        assert ran.exit_code == 0 and ran.stdout == f"1 passed, 0 failed (1 case file in {tmp_path})\n", \
            (cases.read_text("utf-8"), ran.output)
        cases.unlink()


@pytest.mark.parametrize("name", ["draft #2.yaml", "county: 2026.yaml", "'quoted'.yaml"])
def test_the_case_file_shown_for_a_policy_alone_reads_back_a_name_yaml_would_cut(run, tmp_path, name):
    """A policy named `draft #2.yaml` was shown `policy: draft #2.yaml`, which YAML reads as `draft` and a comment:
    the case saved as shown named a policy that is not there. The name is now written as YAML reads it back."""
    shutil.copy(POST, tmp_path / name)
    for lang in ("en", "zh"):
        shown = run("test", "--lang", lang, str(tmp_path))
        assert shown.exit_code == 1, shown.stderr
        cases = tmp_path / "cases.yaml"
        cases.write_text(_case_file_shown(shown.stderr, cases), encoding="utf-8")
        ran = run("test", "--lang", "en", str(tmp_path))
        assert ran.exit_code == 0 and ran.stdout == f"1 passed, 0 failed (1 case file in {tmp_path})\n", \
            (cases.read_text("utf-8"), ran.output)
        cases.unlink()


def test_the_case_file_shown_for_a_policy_alone_reads_back_a_household_path_yaml_would_cut(monkeypatch, tmp_path):
    """Run from a folder `copies: #1` holding the example household, the case shown named it by its whole path,
    `household: /…/copies: #1/examples/…`, which YAML cannot read as written: it is now quoted, and passes."""
    home = tmp_path / "copies: #1"
    (home / Path(EXAMPLE).relative_to(ROOT)).parent.mkdir(parents=True)
    shutil.copy(EXAMPLE, home / Path(EXAMPLE).relative_to(ROOT))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    shutil.copy(POST, scratch / "my-policy.yaml")
    monkeypatch.chdir(home)
    runner = CliRunner()
    shown = runner.invoke(cli, ["test", "--lang", "en", str(scratch)], catch_exceptions=False)
    assert shown.exit_code == 1 and f"{home}/examples" in shown.stderr, shown.output
    cases = scratch / "cases.yaml"
    cases.write_text(_case_file_shown(shown.stderr, cases), encoding="utf-8")
    ran = runner.invoke(cli, ["test", "--lang", "en", str(scratch)], catch_exceptions=False)
    assert ran.exit_code == 0 and "1 passed, 0 failed" in ran.stdout, (cases.read_text("utf-8"), ran.output)

def test_a_folder_holding_a_policy_with_errors_alone_is_shown_no_case_that_would_fail(run, tmp_path):
    """No case of a policy that does not load can pass: the folder is said to hold it, and how a case names it."""
    policy = tmp_path / "draft.yaml"
    policy.write_text("policy:\n  id: draft\n", encoding="utf-8")
    result = run("test", "--lang", "en", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (f"no test cases found in {tmp_path}: it holds a policy, {policy}, but no case file; write "
                             f"the cases in a file of their own beside it, such as {tmp_path / 'cases.yaml'}, each "
                             "case naming its policy as `policy: draft.yaml` (see docs/testing.md)\n")
    chinese = run("test", "--lang", "zh", str(tmp_path))
    assert chinese.stderr == (f"{tmp_path} 中没有测试用例：其中有政策文件 {policy}，但没有测试用例文件；请在它旁边另写"
                              f"一个测试用例文件，例如 {tmp_path / 'cases.yaml'}，每个用例以 `policy: draft.yaml` "
                              "指明政策（见 docs/testing.md）\n")


def test_a_policy_with_errors_alone_is_named_as_a_case_would_read_it(run, tmp_path):
    """Where no case can be shown, how a case names the policy: `policy: draft #2.yaml` named `draft`."""
    (tmp_path / "draft #2.yaml").write_text("policy:\n  id: draft\n", encoding="utf-8")
    for lang, said in (("en", "each case naming its policy as `policy: 'draft #2.yaml'`"),
                       ("zh", "每个用例以 `policy: 'draft #2.yaml'` 指明政策")):
        assert said in run("test", "--lang", lang, str(tmp_path)).stderr

def test_the_case_file_shown_for_a_policy_alone_runs_from_outside_the_project(monkeypatch, tmp_path):
    """Run from a folder outside the project, the case shown named its household `../examples/…` from the folder
    run from, a file that is not there: it names the example household where it is, and passes from there and from
    the project folder."""
    monkeypatch.chdir(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    shutil.copy(POST, scratch / "my-policy.yaml")
    runner = CliRunner()
    shown = runner.invoke(cli, ["test", "--lang", "en", "scratch"], catch_exceptions=False)
    assert shown.exit_code == 1, shown.output
    (scratch / "cases.yaml").write_text(_case_file_shown(shown.stderr, Path("scratch/cases.yaml")), encoding="utf-8")
    for folder in (tmp_path, ROOT):
        monkeypatch.chdir(folder)
        ran = runner.invoke(cli, ["test", "--lang", "en", str(scratch)], catch_exceptions=False)
        assert ran.exit_code == 0 and "1 passed, 0 failed" in ran.stdout, ((scratch / "cases.yaml").read_text(),
                                                                           ran.output)


def test_a_policy_folder_reads_a_policy_named_in_capitals_as_a_case_folder_does(run, tmp_path):
    shutil.copy(POST, tmp_path / "POST.YAML")
    result = run("eval", "--lang", "en", "--policy-dir", str(tmp_path), EXAMPLE, "--date", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert "version post-transition" in result.stdout


def test_test_cases_kept_beside_a_policy_are_no_policy_of_its_folder(run, tmp_path):
    """A policy officer keeps the cases of an edited policy beside it (the tutorial's scratch/): eval and batch
    pick among the folder's policies without them, and check says where they are run."""
    shutil.copy(POST, tmp_path / "my-policy.yaml")
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"cases:\n  - name: the widow\n    policy: my-policy.yaml\n    date: 2026-03-01\n"
                     f"    household: {EXAMPLE}\n    expect: {{categories: [dibao]}}\n", encoding="utf-8")
    result = run("eval", "--lang", "en", "--policy-dir", str(tmp_path), EXAMPLE, "--date", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert "version post-transition" in result.stdout
    checked = run("check", "--lang", "en", str(tmp_path))
    assert checked.exit_code == 0, checked.output
    assert (f"note: {cases} is a file of test cases, not a policy, so it is not checked here; run its cases with "
            f"`policy test {cases}`") in checked.stderr
    assert "checked 1 file: 0 errors, 0 warnings" in checked.stderr
    assert run("test", str(cases)).exit_code == 0
    named = run("check", "--lang", "en", str(cases))  # named as a policy, it is told what it is
    assert named.exit_code == 1 and "this is a file of test cases, not a policy" in named.stdout


def test_a_policy_kept_beside_its_cases_is_passed_over_by_policy_test_of_the_folder(run, tmp_path):
    """The tutorial's scratch/ holds the edited policy and its cases: `policy test scratch/` refused the policy as a
    case file that is not one (exit 2, the cases passing); it runs the cases and says once that the policy is not
    run here, as `policy check` of the folder says of the cases. Named on its own, it is still refused."""
    policy = tmp_path / "my-policy.yaml"
    shutil.copy(POST, policy)
    (tmp_path / "cases.yaml").write_text(f"cases:\n  - name: the widow\n    policy: my-policy.yaml\n"
                                         f"    date: 2026-03-01\n    household: {EXAMPLE}\n"
                                         "    expect: {categories: [dibao]}\n", encoding="utf-8")
    result = run("test", "--lang", "en", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (f"note: {policy} is a policy, not a file of test cases, so it is not run here; check it with "
            f"`policy check {policy}`") in result.stderr
    assert f"1 passed, 0 failed (1 case file in {tmp_path})" in result.stdout
    zh = run("test", "--lang", "zh", str(tmp_path))
    assert zh.exit_code == 0
    assert f"注意：{policy} 是政策文件，不是测试用例文件，这里不运行；请用 `policy check {policy}` 检查它" in zh.stderr
    named = run("test", "--lang", "en", str(policy))
    assert named.exit_code == 2 and "this is a policy, not a file of test cases" in named.output


@pytest.mark.parametrize("name", ["more.yml", "MORE.YAML", "sub/More.Yml"])
def test_policy_test_reads_yml_and_capitalised_case_files_in_a_folder(run, tmp_path, name):
    case = (f"  - name: NAME\n    policy: {POST}\n    date: 2026-03-01\n    household: {EXAMPLE}\n"
            "    expect: {categories: [dibao]}\n")
    (tmp_path / "first.yaml").write_text("cases:\n" + case.replace("NAME", "first"), encoding="utf-8")
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_text("cases:\n" + case.replace("NAME", "second").replace("[dibao]",
                                                                                     "[dibao_marginal]"),
                                 encoding="utf-8")
    result = run("test", "--lang", "en", str(tmp_path))
    assert result.exit_code == 1
    assert f"FAIL {tmp_path / name}:2 second\n" in result.stdout
    assert "1 passed, 1 failed" in result.stdout


def test_policy_test_says_its_results_in_the_language_of_lang(run, tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"""cases:
  - name: expects the wrong things
    policy: {ROOT / "policy" / "2024-transition.yaml"}
    date: 2024-07-16
    household:
      id: DB-01
      members: [{{id: p1, relation: head, birth_date: "1980-05-01"}}]
      income: [{{type: agriculture, amount: 5879.99}}]
    expect:
      categories: [dibao_marginal]
      assistance: {{dibao_benefit: "2.00", medical_assistance/p1: "0.00", employment_services/p1: null}}
  - name: a bad household
    policy: {ROOT / "policy" / "2024-transition.yaml"}
    date: 2024-07-16
    household: {{id: DB-02, members: [{{id: p1, relation: head, birth_date: "1980-13-01"}}]}}
    expect: {{categories: []}}
  - name: names what the policy does not have
    policy: {ROOT / "policy" / "2024-transition.yaml"}
    date: 2024-07-16
    household: {{id: DB-03, members: [{{id: p1, relation: head, birth_date: "1980-05-01"}}]}}
    expect:
      categories: [tekun]
      members: {{p9: []}}
      values: {{nothing: "2"}}
      assistance: {{education_aid: "1.00"}}
""", encoding="utf-8")
    chinese = run("test", "--lang", "zh", str(cases), "--coverage")
    assert chinese.exit_code == 2, "a case that names what the policy does not have is a mistake of the file"
    assert chinese.output.splitlines()[:29] == [
        f"失败 {cases}:2 expects the wrong things",
        "     categories：应为 [dibao_marginal]，实际为 [dibao, monitoring]",
        # under the categories, why each expected otherwise was decided so, as `policy eval --brief` says it
        "       ✔ 最低生活保障对象：认定。家庭年人均收入 5,879.99 元/年，低于农村最低生活保障标准 "
        "5,880.00 元/年，低 0.01 元/年；家庭人均存款 0.00 元，低于 24 个月的农村最低生活保障标准"
        "（11,760.00 元），低 11,760.00 元；其余条件（无机动车辆、无自住房以外的房产、无注册企业或"
        "个体工商户）均符合。",
        "         依据：大政发〔2024〕47号 二、1 统一标准体系，二、1 统一核算标准，附件1",
        "         ⚠ 以县级公布标准为准（本地待确认值）：农村最低生活保障标准、低保存款限额月数",
        "       ✘ 低保边缘家庭成员：未认定，因为该家庭已符合同组中优先的“最低生活保障对象”。",
        "         依据：大政发〔2024〕47号 二、1 统一标准体系",
        "       ✔ 防止返贫监测对象：认定（符合其中任一条件即可）。家庭年人均收入 5,879.99 元/年，"
        "低于防止返贫监测收入范围 7,300.00 元/年，低 1,420.01 元/年。",
        "         依据：大政发〔2024〕47号 二、1 统一标准体系，附件1",
        "         ⚠ 以县级公布标准为准（本地待确认值）：防止返贫监测收入范围",
        "     assistance.dibao_benefit：应为 2.00 元/月，实际为 1.00 元/月",
        # under the grant expected otherwise, it with its working, as `--explain` gives it
        "       • 最低生活保障金（按月补差发放，特困人员不重复计入） — 试点工作专班：1.00 元/月  "
        f"[{ROOT / 'policy' / '2024-transition.yaml'}:516 · 大政发〔2024〕47号 二、2 健全帮扶政策体系 / 附件3 / "
        "四、2 强化组织领导]",
        "           计算：向上取整（(农村最低生活保障标准 − 家庭年人均收入（按月折算）) × 不属于“特困人员”的成员数 × "
        "1 个月） = (490.00 元/月 − ≈490.00 元/月) × 1 × 1 个月 = 不到 0.01 元，向上取整为 1.00 元",
        f"失败 {cases}:12 a bad household",
        f'     {cases}:15:75: members[0] (p1).birth_date: 错误[H002]: "1980-13-01" 不是日期（应为 YYYY-MM-DD）',
        '       15 |     household: {id: DB-02, members: [{id: p1, relation: head, birth_date: "1980-13-01"}]}',
        "          |                                                                           ^^^^^^^^^^^^",
        "       提示：月份应在 01 到 12 之间",
        # what cannot be meant as written: mistakes of the case file, each at its place, the case not run
        f"未运行 {cases}:17 names what the policy does not have",
        f"     {cases}:22:20: 错误[L004]: categories：`tekun` 是按成员认定的类别：请写在 `members:` 下，"
        "例如 `members: {p1: [tekun]}`",
        "       22 |       categories: [tekun]",
        "          |                    ^^^^^",
        f"     {cases}:23:17: 错误[L004]: members.p9：没有这个成员",
        "       23 |       members: {p9: []}",
        "          |                 ^^",
        f"     {cases}:24:16: 错误[L004]: values.nothing：本政策没有名为 `nothing` 的值：`values` 检查本政策算出的值"
        "（定义、指标、收入和支出合计）和参数；为这户家庭算出的值：`counted_income`、`exempt_income`、`rigid_expenses`、"
        "`household_size`、`per_capita_income`、`shared_income_per_head`、`deposits_per_capita`、`disaster_loss`、"
        "`marginal_line`、`in_any_category`、`housing_unsafe`、`water_unsafe`",
        "       24 |       values: {nothing: \"2\"}",
        "          |                ^^^^^^^",
        f"     {cases}:25:20: 错误[L004]: assistance.education_aid：`education_aid` 按成员逐人给予，不按家庭："
        "请按成员写，例如 `education_aid/p1`；没有成员得到这项措施",
    ]
    assert f"0 个通过，2 个失败，1 个用例未运行：其预期写法有误（见上文；{tmp_path} 中 1 个文件）\n规则覆盖率：" \
        "条款和救助条件结果的 " in chinese.output
    assert "\n    disability_support.when：从未成立\n" in chinese.output
    assert "从未成立" in chinese.output
    english = run("test", "--lang", "en", str(cases))
    assert english.output.splitlines()[1] == "     categories: expected [dibao_marginal], got [dibao, monitoring]"
    assert f"NOT RUN {cases}:17 names what the policy does not have\n" in english.output
    assert f"{cases}:23:17: error[L004]: members.p9: no such member\n" in english.output
    assert english.output.endswith("0 passed, 2 failed, 1 case not run: mistakes in what it expects "
                                   f"(see above; 1 case file in {tmp_path})\n")
    report = run("test", "--lang", "zh", str(cases), "--format", "junit").output
    assert "categories: expected [dibao_marginal]" in report and "应为" not in report, "junit XML is for CI: English"
    assert f"{cases}:15:75: members[0] (p1).birth_date: error[H002]: " in report
    assert "help: the month must be between 01 and 12" in report
    assert f"{cases}:23:17: error[L004]: members.p9: no such member" in report


def test_policy_test_without_a_cases_folder_is_a_usage_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("test", "--lang", "en")
    assert result.exit_code == 2
    assert "there is no folder tests/cases here" in result.output
    chinese = run("test", "--lang", "zh")
    assert chinese.exit_code == 2
    assert "错误：这里没有 tests/cases 文件夹：请给出要运行的测试用例文件或文件夹" in chinese.output
    assert "there is" not in chinese.output


def test_batch_keeps_a_url_as_written_and_only_spark_takes_one(run, tmp_path):
    result = run("batch", "hdfs:///county/households.jsonl", "-o", str(tmp_path / "out.jsonl"), "--lang", "en")
    assert result.exit_code == 2
    assert "hdfs:///county/households.jsonl is a URL: only --engine spark reads and writes those" in result.stderr
    result = run("batch", "examples/households", "-o", "s3a://bucket/decisions", "--lang", "en")
    assert result.exit_code == 2 and "s3a://bucket/decisions is a URL" in result.stderr
    result = run("batch", "hdfs:///county/households.jsonl", "-o", str(tmp_path / "out.jsonl"), "--lang", "zh")
    assert result.exit_code == 2
    assert "错误：hdfs:///county/households.jsonl 是网址：只有 --engine spark 能读写网址" in result.stderr


def test_batch_on_spark_refuses_what_only_the_local_engine_does_before_starting_spark(run, tmp_path):
    for extra, said, chinese in (
            (["-o", str(tmp_path / "out.csv")], "--engine spark writes JSON Lines or Parquet, not CSV",
             "--engine spark 只写 JSON Lines 或 Parquet，不写 CSV：输出请用 .jsonl 或 .parquet 后缀"),
            (["-o", str(tmp_path / "o.jsonl"), "--format", "csv"], "not CSV", "不写 CSV"),
            (["-o", str(tmp_path / "o.parquet"), "--explain"], "--explain is not available",
             "--explain 不能与 --engine spark 一起使用"),
            (["-o", str(tmp_path / "o.jsonl"), "--resume"], "--resume is not available",
             "--resume 不能与 --engine spark 一起使用"),
            (["-o", str(tmp_path / "o.jsonl.gz")], "--engine spark writes its output uncompressed: name it o.jsonl",
             "--engine spark 写出的输出不压缩：请把它命名为 o.jsonl")):
        result = run("batch", "hdfs:///county/households.parquet", "--engine", "spark", *extra, "--lang", "en")
        assert result.exit_code == 2, extra
        assert said in result.stderr, extra
        result = run("batch", "hdfs:///county/households.parquet", "--engine", "spark", *extra, "--lang", "zh")
        assert result.exit_code == 2, extra
        assert chinese in result.stderr and "错误：" in result.stderr, extra


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "--engine spark writes its output uncompressed: name it `my decisions.jsonl` (Parquet is compressed inside "
           "the file)"),
    ("zh", "--engine spark 写出的输出不压缩：请把它命名为 `my decisions.jsonl`（Parquet 在文件内部已经压缩）")])
def test_batch_on_spark_sets_the_uncompressed_name_it_offers_in_backticks_where_a_shell_would_split_it(run, tmp_path,
                                                                                                      lang, said):
    """`name it my decisions.jsonl (Parquet …`: the name offered ran into the sentence, as no other refusal of an
    output's name writes it."""
    result = run("batch", "hdfs:///county/households.parquet", "--engine", "spark", "-o",
                 str(tmp_path / "my decisions.jsonl.gz"), "--lang", lang)
    assert result.exit_code == 2 and said in " ".join(result.stderr.split()), result.stderr


def test_batch_help_gives_every_chunk_size_default(run):
    result = run("batch", "--help", "--lang", "en")
    assert "500 with `--explain` or `--brief`, 2000 exact; fast: 25000 from Parquet, 5000 otherwise" in " ".join(
        result.output.split())


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["full record", "case file", "working", "rule text", "policy file line", "--brief",
            "aloud to the household"]),
    ("zh", ["完整记录", "案卷", "计算过程", "规则原文", "政策文件", "--brief", "宣读"]),
])
def test_eval_help_says_what_explain_gives_and_points_to_brief_for_reading_aloud(run, lang, said):
    result = run("eval", "--help", "--lang", lang)
    assert result.exit_code == 0
    option = re.search(r"^  --explain .*?(?=^  --)", result.output, re.MULTILINE | re.DOTALL)
    assert option is not None, result.output
    help_of_explain = "".join(option.group(0).split())
    for words in said:
        assert "".join(words.split()) in help_of_explain, (words, option.group(0))


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["Checking a folder", "overlap", "no file covers (L008)", "a version name given twice (L010)",
            "abolished category", "(C039)", "another `id`", "same document (L011)", "docs/errors.md"]),
    ("zh", ["检查整个文件夹", "重叠", "没有文件覆盖的日期（L008）", "版本名称重复（L010）", "取消类别", "（C039）",
            "换了 `id`", "同一文件（L011）", "docs/errors.md"]),
])
def test_check_help_says_what_checking_a_folder_adds(run, lang, said):
    """A policy officer reading `policy check --help` learns that a folder is checked as a chain of versions."""
    result = run("check", "--help", "--lang", lang)
    assert result.exit_code == 0
    help_text = "".join(result.output.split())
    for words in said:
        assert "".join(words.split()) in help_text, (words, result.output)


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_every_written_file_gets_the_mode_of_a_new_file(run, tmp_path, umask):
    import os

    post, old = "policy/post-transition.yaml", "policy/2024-transition.yaml"
    register = str(tmp_path / "r.sqlite3")
    commands = {"h.jsonl": ["sample", "--n", "2", "-o", str(tmp_path / "h.jsonl")],
                "d.md": ["doc", post, "-o", str(tmp_path / "d.md")],
                "r.html": ["diff", old, post, "--html", str(tmp_path / "r.html")],
                "r.sqlite3": ["monitor", "ingest", "examples/households", "--db", register],
                "a.csv": ["monitor", "alerts", "--db", register, "--format", "csv", "-o", str(tmp_path / "a.csv")],
                "s.md": ["monitor", "reassess", "--policy", post, "--db", register, "--dry-run",
                         "-o", str(tmp_path / "s.md")],
                "b.jsonl": ["batch", "examples/households", "-o", str(tmp_path / "b.jsonl")]}
    before = os.umask(umask)
    try:
        for name, command in commands.items():
            assert run(*command).exit_code in (0, 1), command
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
    finally:
        os.umask(before)


def test_the_summary_says_a_grant_of_nothing_as_such_not_as_an_amount_paid(run):
    text = run("eval", "examples/households/DS-0005-rigid-expense-cancer.json", "--lang", "en",
               "--date", "2026-03-01").output
    assert "(p2): no medical costs paid out of pocket reported, so nothing to pay" in text
    assert ": 0.00 yuan" not in text


def test_summary_markdown_renders_as_markdown_and_chinese_lists_with_a_dun_comma(run):
    markdown = run("eval", EXAMPLE, "--format", "markdown", "--lang", "zh").output
    assert markdown.startswith("# 家庭 DS-0001：")
    assert not any(line.startswith("    ") for line in markdown.splitlines())  # 4 spaces would make a code block
    assert "\n**认定结果：** 最低生活保障对象、防止返贫监测对象\n" in markdown
    assert "\n- 教育资助（就高不就低）（`p2`）：1,000.00 元/年\n" in markdown
    text = run("eval", EXAMPLE, "--lang", "zh").output
    assert "\n认定结果：最低生活保障对象、防止返贫监测对象\n" in text
    assert "Result: minimum living guarantee (dibao) household and household monitored against" in run(
        "eval", EXAMPLE, "--lang", "en").output


def test_summaries_count_one_thing_in_the_singular(run, tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))) + "\n", encoding="utf-8")
    result = run("batch", str(one), "-o", str(tmp_path / "out.jsonl"), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "1 household; 1 decision written to" in result.stderr and "; 0 bad records — " in result.stderr
    ingest = run("monitor", "ingest", str(one), "--db", str(tmp_path / "r.sqlite3"), "--lang", "en")
    assert "1 snapshot recorded, 0 already recorded, 0 bad records skipped" in ingest.stderr


# -- outputs never replace inputs or devices ---------------------------------------------


def test_an_output_that_is_one_of_the_inputs_is_refused_before_anything_is_written(run, tmp_path):
    households = tmp_path / "households.jsonl"
    households.write_text(Path(EXAMPLE).read_text(encoding="utf-8").replace("\n", "") + "\n", encoding="utf-8")
    policy = tmp_path / "post.yaml"
    policy.write_bytes(Path(POST).read_bytes())
    before = {households: households.read_bytes(), policy: policy.read_bytes()}
    for args in (["batch", str(households), "-o", str(households)],
                 ["batch", str(households), "-o", str(tmp_path / "d.jsonl"), "--errors", str(households)],
                 ["diff", POST, str(policy), "--html", str(policy)],
                 ["diff", POST, POST, "--households", str(households), "--html", str(households)],
                 ["doc", str(policy), "-o", str(policy)]):
        result = run(*args, "--lang", "en")
        assert result.exit_code == 2, args
        assert "is also an input of this command" in result.stderr, args
    assert {path: path.read_bytes() for path in before} == before


def test_an_output_in_a_csv_input_folder_never_takes_the_place_of_one_of_its_tables(run, tmp_path):
    from engine.batch.csv_tables import write_households_csv
    from engine.loader import load_policy

    folder = tmp_path / "tables"
    write_households_csv([json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))], folder, load_policy(POST)[0])
    before = {path: path.read_bytes() for path in folder.iterdir()}
    for input_path in (folder, folder / "households.csv"):
        for args in (["-o", str(folder / "lines.csv")], ["-o", str(folder / "members.csv")],
                     ["-o", str(tmp_path / "d.jsonl"), "--errors", str(folder / "households.csv")]):
            result = run("batch", str(input_path), *args, "--lang", "en")
            assert result.exit_code == 2, args
            assert "is also an input of this command" in result.stderr, args
    (folder / "lines.csv").unlink()  # optional: an output there would be read as the lines next time
    del before[folder / "lines.csv"]
    result = run("batch", str(folder), "-o", str(folder / "lines.csv"), "--lang", "en")
    assert result.exit_code == 2 and "is where this command reads an input from" in result.stderr
    assert {path: path.read_bytes() for path in folder.iterdir()} == before


def test_a_device_given_as_output_is_written_to_not_replaced(run, tmp_path):
    device = tmp_path / "device"
    os.mkfifo(device)  # a pipe stands for /dev/null or /dev/stdout: renaming onto it would replace it with a file
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(device.read_bytes()))
    reader.start()
    result = run("doc", POST, "--lang", "en", "-o", str(device))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(device.stat().st_mode)
    assert received and received[0].startswith(b"# ")
    for args in (["batch", EXAMPLE, "-o", str(device)],
                 ["sample", "--n", "2", "-o", str(device), "--format", "parquet"]):
        refused = run(*args, "--lang", "en")
        assert refused.exit_code == 2 and "is a device or a pipe" in refused.stderr, args
        refused = run(*args, "--lang", "zh")
        assert refused.exit_code == 2 and f"{device} 是设备或管道：" in refused.stderr, args
        assert "请给出一个文件名" in refused.stderr, args
        assert stat.S_ISFIFO(device.stat().st_mode)


# -- interrupts, full disks, hostile values ----------------------------------------------


def test_ctrl_c_exits_130_with_a_message_not_click_s_exit_1(run, monkeypatch):
    import engine.diff.changes as changes

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(changes, "diff", interrupted)
    result = run("diff", POST, str(ROOT / "policy" / "2024-transition.yaml"), "--lang", "en")
    assert result.exit_code == 130  # 1 would read as "the versions differ"
    assert "interrupted: the command stopped before the end" in result.stderr
    assert "Aborted!" not in result.stderr


def test_a_full_disk_on_standard_output_is_an_error_not_an_internal_error(run, monkeypatch):
    import click

    echo = click.echo

    def full(*args: object, err: bool = False, **kwargs: object) -> None:
        if not err:  # standard output is on a full disk, standard error is not
            raise OSError(errno.ENOSPC, "No space left on device")
        echo(*args, err=err, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(click, "echo", full)
    result = run("--lang", "en", "schema", "household", "--policy", POST)
    assert result.exit_code == 2
    assert "error: cannot write the output: No space left on device" in result.stderr
    assert "free some disk space" in result.stderr


def test_eval_of_standard_input_that_is_not_utf8_is_located(run):
    result = run("eval", "--lang", "en", "-", input=b'{"id": "\xff"}')  # type: ignore[arg-type]
    assert result.exit_code == 2
    assert "<stdin>:1:9: error[H001]: byte 0xff is not UTF-8 text" in result.stderr
    later = run("eval", "--lang", "zh", "-", input=b'{\n  "id": "\xff"}')  # type: ignore[arg-type]
    assert "<stdin>:2:10: 错误[H001]: 字节 0xff 不是 UTF-8 文本" in later.stderr
    gbk = run("eval", "--lang", "en", "-", input='{"id": "户"}'.encode("gb18030"))  # type: ignore[arg-type]
    assert "the text is GBK (GB18030), as Chinese Windows saves it: convert it to UTF-8, e.g. " \
           "`iconv -f GB18030 -t UTF-8 | …`" in gbk.stderr


def test_a_policy_file_saved_in_gbk_or_utf16_is_told_how_notepad_saves_it_as_utf8(run, tmp_path):
    """A policy officer edits in Notepad or WPS, with no shell for `iconv`: the editor's way comes first, the
    command after; the line is shown as GBK reads it, not as `����`."""
    text = Path(POST).read_text(encoding="utf-8")
    gbk, utf16, latin = tmp_path / "gbk.yaml", tmp_path / "utf16.yaml", tmp_path / "latin.yaml"
    gbk.write_bytes(text.encode("gb18030"))
    utf16.write_bytes(text.encode("utf-16"))  # with its byte-order mark, as Windows editors save "Unicode"
    latin.write_bytes(b"policy:\n  id: caf\xe9\n")
    result = run("check", "--lang", "en", str(gbk))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{gbk}:4:40: error[L001]: byte 0xb6 is not UTF-8 text (shown below as GB18030 reads it)\n" \
           "  4 | # transition period (from 2026-01-01): 二、1 abolishes the monitoring category and keeps five.\n" \
           in result.stdout
    assert "help: the text is GBK (GB18030), as Chinese Windows saves it: in Notepad, File → Save As, choose UTF-8 " \
           "under Encoding and save (in WPS, choose UTF-8 as the encoding when saving as plain text); or convert it: " \
           f"`iconv -f GB18030 -t UTF-8 {gbk} > {gbk}.utf8 && mv {gbk}.utf8 {gbk}`" in result.stdout
    in_chinese = run("check", "--lang", "zh", str(gbk)).stdout
    assert "错误[L001]: 字节 0xb6 不是 UTF-8 文本（下面按 GB18030 显示）" in in_chinese and "�" not in in_chinese
    assert "提示：文本是 GBK（GB18030）编码，中文 Windows 默认如此保存：请用记事本打开，点“文件”→“另存为”，在下方" \
           "“编码”中选 UTF-8 后保存（WPS：另存为纯文本时，编码选 UTF-8）；有命令行时也可以转换：" \
           f"`iconv -f GB18030 -t UTF-8 {gbk} > {gbk}.utf8 && mv {gbk}.utf8 {gbk}`" in in_chinese
    assert f"`iconv -f UTF-16 -t UTF-8 {utf16} > {utf16}.utf8 && mv {utf16}.utf8 {utf16}`" \
        in run("check", "--lang", "en", str(utf16)).stdout
    assert "文本是 UTF-16 编码，记事本保存为“Unicode”时即是如此：请用记事本打开，点“文件”→“另存为”" \
        in run("check", "--lang", "zh", str(utf16)).stdout
    other = run("check", "--lang", "en", str(latin)).stdout  # not Chinese text: no encoding to name
    assert "help: the file is saved in another encoding: save it as UTF-8 (in most editors: Save with Encoding → " \
           "UTF-8)" in other and "iconv" not in other


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_policy_file_in_utf16_is_told_without_its_bytes_printed(run, tmp_path, encoding: str):
    """Its first line read as UTF-8 printed NUL bytes and stray characters under the finding."""
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes(Path(POST).read_text(encoding="utf-8").encode(encoding))
    for lang in ("en", "zh"):
        result = run("check", "--lang", lang, str(utf16))
        assert result.exit_code == 1 and "\x00" not in result.output and "\ufffd" not in result.output
        found, help = result.stdout.splitlines()[:2]
        assert found.startswith(f"{utf16}:") and "[L001]" in found
        assert help.startswith(("  help: ", "  提示："))


@pytest.mark.parametrize("kind, beside, piped", [("gzip", "gunzip -k", "gunzip -c"),
                                                  ("bz2", "bunzip2 -k", "bunzip2 -c"), ("lzma", "unxz -k", "unxz -c")])
def test_a_compressed_household_file_is_named_so_with_the_command_that_decompresses_it(run, tmp_path, kind, beside,
                                                                                     piped):
    import importlib

    packed = importlib.import_module(kind).compress(Path(EXAMPLE).read_bytes())
    name = {"gzip": "gzip", "bz2": "bzip2", "lzma": "xz"}[kind]
    path = tmp_path / "h.json.packed"
    path.write_bytes(packed)
    result = run("eval", "--lang", "en", str(path))
    assert result.exit_code == 2
    assert f"{path}: error[H001]: this is {name}-compressed, not JSON\n" \
           f"  help: decompress it first: `{beside} {path}`" in result.stderr
    piped_in = run("eval", "--lang", "en", "-", input=packed)  # type: ignore[arg-type]
    assert f"<stdin>: error[H001]: this is {name}-compressed, not JSON\n" \
           f"  help: decompress it first: `{piped} FILE | …`" in piped_in.stderr
    # `policy batch` reads compressed JSON Lines (tests/test_batch.py), and one document over many lines, whole
    batch = run("batch", str(path.rename(tmp_path / "h.jsonl")), "-o", str(tmp_path / "out.jsonl"), "--lang", "en")
    assert batch.exit_code == 0, batch.stderr
    assert json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))["household"] == "DS-0001"


def test_a_compressed_file_in_a_folder_of_households_is_one_bad_record(run, tmp_path):
    import gzip

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_bytes(Path(EXAMPLE).read_bytes())
    (folder / "b.json").write_bytes(gzip.compress(Path(EXAMPLE).read_bytes()))
    result = run("batch", str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 1
    (bad,) = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()]
    assert bad["diagnostics"][0]["message"] == "this is gzip-compressed, not JSON"
    diff = run("diff", "policy/2024-transition.yaml", "policy/post-transition.yaml", "--households", str(folder),
               "--lang", "en")
    assert f"{folder / 'b.json'}: error[H001]: this is gzip-compressed, not JSON" in diff.output


def test_decisions_given_where_households_belong_are_named_so(run, tmp_path):
    decided = run("eval", "--lang", "en", EXAMPLE, "--format", "json").output
    decision = tmp_path / "decision.json"
    decision.write_text(decided, encoding="utf-8")
    result = run("eval", "--lang", "en", str(decision))
    assert result.exit_code == 2
    assert f"{decision}:1:1: error[H001]: this is a decision (what `policy eval --format json` and `policy batch` " \
           "write), not a household" in result.stderr
    households = tmp_path / "households.jsonl"
    households.write_text(Path(EXAMPLE).read_text(encoding="utf-8").replace("\n", "") + "\n", encoding="utf-8")
    for suffix in ("jsonl", "jsonl.gz", "jsonl.zst", "parquet"):  # the output of one run as the input of the next
        first = tmp_path / f"decisions.{suffix}"
        assert run("batch", str(households), "-o", str(first)).exit_code == 0
        again = run("batch", "--lang", "en", str(first), "-o", str(tmp_path / f"again.{suffix}"))
        assert again.exit_code == 2
        assert f"error: {first}: this is a file of decisions (what `policy batch` writes), not households; give " \
               "the households file they were made from" in again.stderr
        assert not (tmp_path / f"again.{suffix}").exists()
        if suffix != "parquet":  # piped in, compressed or not
            piped = run("batch", "--lang", "en", "-", "-o", str(tmp_path / "again.jsonl"), input=first.read_bytes())
            assert piped.exit_code == 2 and "error: <stdin>: this is a file of decisions" in piped.stderr


def test_a_parquet_file_without_members_is_refused_before_the_run(run, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = tmp_path / "flat.parquet"
    pq.write_table(pa.table({"id": ["A", "B"], "deposits": [1, 2]}), flat)
    result = run("batch", "--lang", "en", str(flat), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert f"error: {flat}: has no `members` column, so it holds no households" in result.stderr


def test_eval_of_json_lines_evaluates_the_lines_around_a_broken_one(run, tmp_path):
    line = Path(EXAMPLE).read_text(encoding="utf-8").replace("\n", "")
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(line + "\n{broken\n" + line.replace("DS-0001", "DS-0001b") + "\n", encoding="utf-8")
    result = run("eval", "--lang", "en", str(mixed), "--format", "json")
    assert result.exit_code == 2
    assert f"{mixed}:2:2: error[H001]: not valid JSON: expecting property name" in result.stderr
    assert [json.loads(x)["household"] for x in result.stdout.splitlines()] == ["DS-0001", "DS-0001b"]


def test_eval_of_json_lines_evaluates_the_lines_around_one_that_is_not_utf8_as_batch_does(run, tmp_path):
    """One line saved in GBK among lines of UTF-8 Chinese refused the whole `.jsonl` file (`byte 0xbb is not UTF-8
    text`, nothing evaluated), where `policy batch` makes that line a bad record: the households around it are
    evaluated, the line told at its byte with how to mend it, and the run exits 2 as it does for a bad record."""
    line = Path(EXAMPLE).read_text(encoding="utf-8").replace("\n", "")
    mixed = tmp_path / "mixed.jsonl"
    lines_written = [line.replace("DS-0001", "湘潭-1"), line.replace("DS-0001", "户-2"),
                     line.replace("DS-0001", "湘潭-3")]
    raw = "\n".join(lines_written).encode("utf-8") + b"\n"
    mixed.write_bytes(raw.replace("户".encode(), "户".encode("gb18030")))
    column = lines_written[1].index("户") + 1
    for lang, said in [("en", f"{mixed}:2:{column}: error[H001]: byte 0xbb is not UTF-8 text"),
                       ("zh", f"{mixed}:2:{column}: 错误[H001]: 字节 0xbb 不是 UTF-8 文本")]:
        result = run("eval", "--lang", lang, str(mixed), "--format", "json")
        assert result.exit_code == 2, result.stderr
        assert said in result.stderr, result.stderr
        assert [json.loads(x)["household"] for x in result.stdout.splitlines()] == ["湘潭-1", "湘潭-3"]
    english = run("eval", "--lang", "en", str(mixed), "--format", "json")
    assert "this one holds `户` in GBK (GB18030)" in english.stderr, english.stderr
    everything_gbk = tmp_path / "gbk.jsonl"  # a file in GBK throughout is still refused whole, as batch refuses it
    everything_gbk.write_bytes("\n".join(lines_written).encode("gb18030") + b"\n")
    refused = run("eval", "--lang", "en", str(everything_gbk), "--format", "json")
    assert refused.exit_code == 2 and refused.stdout == "" and refused.stderr.count("error[H001]") == 1
    assert "iconv -f GB18030 -t UTF-8" in refused.stderr


def test_eval_reads_each_file_as_json_lines_or_as_one_document_as_batch_reads_it(run, tmp_path):
    """A `.jsonl` file holding a list on one line was split into lines, the list refused as a household (`a household
    is a JSON object`), where `policy batch`, `policy diff --households` and `policy monitor ingest` read the list's
    households: `policy eval` reads each file as they do, its households decided and its bad lines told alike."""
    from engine.sample import households

    items = list(households(10, 4, datetime.date(2026, 3, 1)))
    folder = tmp_path / "in"
    for name, (records, bad) in files_of_each_shape(folder, items).items():
        result = run("eval", str(folder / name), "--lang", "en", "--format", "json", "--policy", POST)
        decided, at, text = [], 0, result.stdout.strip()
        while at < len(text):  # one decision printed whole, or one a line
            decision, at = json.JSONDecoder().raw_decode(text, at)
            decided.append(decision["household"])
            at += len(text[at:]) - len(text[at:].lstrip())
        bad_lines = [int(line) for line in re.findall(r"^\S+?:(\d+)(?::\d+)?: error", result.stderr, re.MULTILINE)]
        assert (len(decided) + len(bad_lines), bad_lines) == (records, bad), (name, result.stderr)


def test_sample_says_why_it_cannot_write_instead_of_a_traceback(run, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run("sample", "--n", "2", "-o", str(folder), "--lang", "en")
    assert result.exit_code == 2
    assert (f"Invalid value for '-o' / '--output': {folder} is a folder, not a file; give the name of the file to "
            f"write (in that folder: {folder}/FILE)") in result.stderr
    assert run("sample", "--n", "2", "--format", "csv", "-o", str(folder), "--lang", "en").exit_code == 0  # tables
    early = run("sample", "--n", "2", "--date", "0001-01-01", "--lang", "en")
    assert early.exit_code == 2 and "give a reference date from 1900 on" in early.stderr
    early = run("sample", "--n", "2", "--date", "0001-01-01", "--lang", "zh")
    assert early.exit_code == 2 and "`0001-01-01` 太早了：请给出 1900 年以后的参考日期" in early.stderr


def test_a_huge_number_of_jobs_is_a_usage_error_not_a_fork_of_each(run, tmp_path):
    for args in (["batch", EXAMPLE, "-o", str(tmp_path / "d.jsonl"), "-j", "99999999999999999999"],
                 ["monitor", "ingest", EXAMPLE, "--db", str(tmp_path / "r.sqlite3"), "-j", "100000"]):
        result = run(*args, "--lang", "en")
        assert result.exit_code == 2 and "is outside the allowed range (1 to 256)" in result.stderr, args


@pytest.mark.parametrize("command", [("eval", "examples/households/DS-0001-dibao-widow.json"),
                                     ("doc", "policy/post-transition.yaml")])
def test_any_command_whose_reader_went_away_stops_quietly_with_141(run, monkeypatch, command):
    import errno

    import click

    def closed(*args, **kwargs):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")
    monkeypatch.setattr(click, "echo", closed)  # every command writes through it
    result = run(*command)
    assert result.exit_code == 141 and "Traceback" not in result.output


def test_a_reader_that_leaves_midway_through_a_long_output_is_told_141_not_0():
    """`policy eval … --explain | head -c 10`: the reader takes a few bytes of some 400 KB and goes; the writes after
    it come back short, and Python's own writer drops the rest silently, so the command said 0 as if all was read."""
    import glob
    import subprocess
    import sys

    files = sorted(glob.glob("examples/households/*.json"))
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "eval", *files, "--explain"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10)  # (the output is far more than a pipe holds: the command is still writing)
    process.stdout.close()
    assert process.wait(timeout=120) == 141, process.stderr.read().decode()
    assert b"Traceback" not in process.stderr.read()


def test_a_household_without_a_date_is_said_to_be_decided_on_today():
    import datetime

    from click.testing import CliRunner

    from cli.main import cli

    runner = CliRunner()
    example = "examples/households/DS-0002-tekun-elderly-alone.json"
    today = datetime.date.today().isoformat()
    for lang, said in (("en", f"decided on {today} (today: the household file gives no `date`) under"),
                       ("zh", f"DS-0002：{today}（今天：家庭文件没有写 `date`）按《")):  # no space after `）`
        first = runner.invoke(cli, ["eval", str(ROOT / example), "--lang", lang, "--policy-dir",
                                    str(ROOT / "policy")]).output.splitlines()[0]
        assert said in first, first
    dated = runner.invoke(cli, ["eval", str(ROOT / example), "--lang", "en", "--date", "2026-03-01",
                                "--policy-dir", str(ROOT / "policy")]).output.splitlines()[0]
    assert "today" not in dated and "decided on 2026-03-01 under" in dated
    dated_zh = runner.invoke(cli, ["eval", str(ROOT / example), "--lang", "zh", "--date", "2026-03-01",
                                   "--policy-dir", str(ROOT / "policy")]).output.splitlines()[0]
    assert "今天" not in dated_zh and "DS-0002：2026-03-01 按《" in dated_zh


def test_doc_refuses_an_output_named_as_another_kind_of_document(run, tmp_path):
    result = run("doc", POST, "--lang", "en", "-o", str(tmp_path / "policy.html"))
    assert result.exit_code == 2 and not (tmp_path / "policy.html").exists()
    assert "policy.html names a `.html` document, which policy does not write: the document is markdown: name it " \
           "policy.md (e.g. `pandoc policy.md -o policy.html` converts it)" in result.stderr
    result = run("doc", POST, "--lang", "zh", "-o", str(tmp_path / "policy.html"))
    assert result.exit_code == 2
    assert "policy.html 这个文件名表示 `.html` 文档，但 policy 不写 `.html` 文档：文档是 markdown 格式，请把它命名为 " \
           "policy.md（可用 `pandoc policy.md -o policy.html` 等命令转换）" in result.stderr
    assert run("doc", POST, "--lang", "en", "-o", str(tmp_path / "policy.md")).exit_code == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_doc_quotes_the_file_names_of_the_pandoc_command_it_suggests(run, tmp_path, lang):
    """`pandoc 低保 政策.md -o 低保 政策.html` pasted into a shell converts a file `低保`, which is not there."""
    result = run("doc", POST, "--lang", lang, "-o", str(tmp_path / "低保 政策.html"))
    assert result.exit_code == 2
    assert "`pandoc '低保 政策.md' -o '低保 政策.html'`" in result.stderr, result.stderr


def test_a_decision_without_reasons_says_where_to_find_them(run):
    said = run("eval", EXAMPLE, "--lang", "zh").stdout.splitlines()[-1]
    assert said == "（加 --explain 查看理由，加 --brief 查看可读给家庭听的简要说明）"
    said = run("eval", EXAMPLE, "--lang", "en", "--format", "markdown").stdout.splitlines()[-1]
    assert said == "_(add --explain to see why, or --brief for short sentences to read to the household)_"


def test_the_largest_figures_check_lets_through_are_written_by_every_command(run, tmp_path):
    """A trillion a month times a trillion, for a household of a trillion yuan: amounts of more digits
    than the decimal default holds are written, compared and diffed, never a traceback."""
    text = MINI.read_text(encoding="utf-8")
    for old, new in {"value: 490 yuan/month": "value: 1000000000000 yuan/month",
                     "1.5 * dibao_standard}": "1000000000000 * dibao_standard}",
                     "amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)":
                     "amount: ceil(1000000000000 * 1000000000000 * dibao_standard * 1 month)"}.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    large = tmp_path / "large.yaml"
    large.write_text(text, encoding="utf-8")
    household = tmp_path / "household.json"
    household.write_text(json.dumps({
        "id": "L-1", "date": "2025-01-01", "members": [{"id": "p1", "birth_date": "1990-01-01"}],
        "income": [{"type": "wage", "member": "p1", "amount": 999999999999}], "expenses": []}), encoding="utf-8")
    assert run("check", "--lang", "en", str(large)).exit_code == 0
    decided = run("eval", str(household), "--policy", str(large), "--format", "json")
    assert decided.exit_code == 0, decided.output
    assert json.loads(decided.output)["assistance"][0]["amount"] == "1" + "0" * 36 + ".00"
    assert json.loads(decided.output)["values"]["per_capita_income"] == "799999999999.20"
    explained = run("eval", str(household), "--policy", str(large), "--explain", "--lang", "en")
    assert explained.exit_code == 0 and "1,000,000,000,000,000,000,000,000,000,000,000,000.00 yuan/month" in \
        explained.output
    documented = run("doc", str(large), "--lang", "en")
    assert documented.exit_code == 0 and "1,000,000,000,000.00 yuan/month" in documented.output
    compared = run("diff", str(MINI), str(large), "--households", str(household), "--lang", "en")
    assert compared.exit_code == 1, compared.output
    assert "5,880.00 → 12,000,000,000,000.00 yuan/year (+204081632553.1%)" in compared.output
    assert "0.00 → 12,000,000,000,000,000,000,000,000,000,000,000,000.00" in compared.output  # a year's grants


def test_policy_test_warns_of_a_households_doubtful_data_where_it_is_written_without_failing_the_case(run, tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"cases:\n  - name: a wage pasted twice and a bill of no member\n    policy: {POST}\n"
                     "    date: 2026-03-01\n    household:\n      id: W-1\n"
                     "      members: [{id: p1, relation: head, birth_date: \"1950-01-01\"}]\n      income:\n"
                     "        - {type: wage, member: p1, amount: 1000}\n"
                     "        - {type: wage, member: p1, amount: 1000}\n"
                     "      expenses: [{type: medical, amount: 500}]\n    expect: {categories: [dibao]}\n"
                     f"  - name: two heads\n    policy: {POST}\n    date: 2026-03-01\n    household: two-heads.json\n"
                     "    expect: {categories: [dibao]}\n", encoding="utf-8")
    (tmp_path / "two-heads.json").write_text(
        '{\n  "id": "W-2",\n  "members": [\n    {"id": "p1", "relation": "head", "birth_date": "1950-01-01"},\n'
        '    {"id": "p2", "relation": "head", "birth_date": "1952-01-01"}\n  ]\n}\n', encoding="utf-8")
    result = run("test", "--lang", "en", str(cases))
    assert result.exit_code == 0, result.output  # warned, decided as given: both pass
    out = result.stdout
    assert f"PASS {cases}:2 a wage pasted twice and a bill of no member\n     {cases}:10:11: income[1]: " \
           "warning[H009]: the same as income[0] (line 9): wage income (less the cost of employment) (wage), " \
           "member \"p1\", 1,000.00 yuan/year\n" in out
    assert f"     {cases}:11:18: expenses[0]: warning[H010]: medical costs paid out of pocket (medical), 500.00 " \
           "yuan/year: written for the household as a whole, for no member;" in out
    assert f"PASS {cases}:13 two heads\n     {tmp_path / 'two-heads.json'}:5:30: members[1] (p2).relation: " \
           "warning[H011]: members \"p1\" and \"p2\" are both given relation \"head\"" in out
    assert out.endswith(f"2 passed, 0 failed, 2 cases with warnings about their households (see above; "
                        f"1 case file in {tmp_path})\n")
    chinese = run("test", "--lang", "zh", str(cases))
    assert (f"{cases}:10:11: income[1]: 警告[H009]: 与 income[0]（第 9 行）相同："
            "工资性收入（扣减就业成本）（wage）、成员 \"p1\"、1,000.00 元/年\n") in chinese.stdout
    assert chinese.stdout.endswith(f"2 个通过，0 个失败，2 个用例的家庭数据有警告（见上文；{tmp_path} 中 1 个文件）\n")
    report = run("test", "--lang", "en", str(cases), "--format", "junit")
    assert report.exit_code == 0
    assert '<testsuite name="policy" tests="2" failures="0" errors="0">' in report.stdout
    assert report.stdout.count("<system-out>") == 2 and "warning[H011]" in report.stdout
    failing = cases.read_text(encoding="utf-8").replace("expect: {categories: [dibao]}\n  - name",
                                                        "expect: {categories: [dibao_marginal]}\n  - name")
    cases.write_text(failing, encoding="utf-8")
    failed = run("test", "--lang", "en", str(cases))
    assert failed.exit_code == 1, "a warning neither fails nor passes a case: its expectation does"
    assert f"FAIL {cases}:2 a wage pasted twice" in failed.stdout and "warning[H009]" in failed.stdout


def test_the_shipped_cases_run_without_a_warning(run):
    result = run("test", "--lang", "en", "tests/cases")
    assert result.exit_code == 0
    assert "warning[" not in result.stdout and "with warnings" not in result.stdout


def _officers_copy(tmp_path: Path) -> tuple[Path, list[int]]:
    """post-transition.yaml as an officer edited it: a unit misspelt, a name misspelt and a `(` left open, each on
    its own line; the file and those three lines."""
    lines = Path(POST).read_text(encoding="utf-8").splitlines(keepends=True)
    edits = [("value: 510 yuan/month", "value: 530 yuan/montth"),
             ("test: per_capita_income < dibao_standard", "test: per_capita_income < dibao_standart"),
             ("any(members where serious_illness)", "any(members where serious_illness")]
    at = []
    for old, new in edits:
        number = next(i for i, line in enumerate(lines) if old in line)
        lines[number] = lines[number].replace(old, new)
        at.append(number + 1)
    mine = tmp_path / "my.yaml"
    mine.write_text("".join(lines), encoding="utf-8")
    return mine, at


def test_check_reports_every_mistake_of_a_file_in_one_run(run, tmp_path):
    mine, (unit, name, bracket) = _officers_copy(tmp_path)
    english = run("check", "--lang", "en", str(mine))
    assert english.exit_code == 1
    found = [line for line in english.output.splitlines() if line.startswith(f"{mine}:")]
    assert [line.split(": ", 1)[0] for line in found] == [f"{mine}:{unit}:12", f"{mine}:{name}:35",
                                                         f"{mine}:{bracket}:52"], english.output
    assert "error[C002]: `yuan/montth` is not a unit" in found[0]
    assert "error[C001]: unknown name `dibao_standart`" in found[1]
    assert "error[S004]: unclosed `(`" in found[2]
    assert english.output.endswith("checked 1 file: 3 errors, 0 warnings\n")
    chinese = run("check", "--lang", "zh", str(mine))
    found = [line for line in chinese.output.splitlines() if line.startswith(f"{mine}:")]
    assert ["错误[C002]: `yuan/montth` 不是可用的单位" in found[0], "错误[C001]: 未知名称 `dibao_standart`" in found[1],
            "错误[S004]: `(` 没有闭合" in found[2]] == [True] * 3, chinese.output
    assert chinese.output.endswith("已检查 1 个文件：3 个错误，0 个警告\n")
    codes = [d["code"] for d in json.loads(run("check", "--format", "json", str(mine)).output)]
    assert codes == ["C002", "C001", "S004"]


def test_a_policy_with_mistakes_is_still_refused_by_eval_and_batch(run, tmp_path):
    mine, _ = _officers_copy(tmp_path)
    evaluated = run("eval", "--lang", "en", "--policy", str(mine), EXAMPLE)
    assert evaluated.exit_code == 2 and "unclosed `(`" in evaluated.output and "dibao_standart" in evaluated.output
    batch = run("batch", "--lang", "en", "--policy", str(mine), EXAMPLE, "-o", str(tmp_path / "out.jsonl"))
    assert batch.exit_code == 2 and "unclosed `(`" in batch.output and not (tmp_path / "out.jsonl").exists()


def test_check_reports_a_key_given_twice_and_a_rule_elsewhere_in_one_run_or_says_once_that_rules_wait(run, tmp_path):
    lines = Path(POST).read_text(encoding="utf-8").splitlines(keepends=True)
    value = next(i for i, line in enumerate(lines) if line == "    value: 1.3 * dibao_standard\n")
    rule = next(i for i, line in enumerate(lines) if "test: per_capita_income < dibao_standard" in line)
    lines[rule] = lines[rule].replace("dibao_standard", "dibao_standart")
    mine = tmp_path / "my.yaml"
    mine.write_text("".join([*lines[:value + 1], "    value: 1.4 * dibao_standard\n", *lines[value + 1:]]),
                    encoding="utf-8")
    english = run("check", "--lang", "en", str(mine))
    found = [line for line in english.output.splitlines() if line.startswith(f"{mine}:")]
    assert [line.split(": ", 1)[0] for line in found] == [f"{mine}:{value + 2}:5", f"{mine}:{rule + 2}:35"]
    assert "error[L003]: duplicate key `value`" in found[0] and "unknown name `dibao_standart`" in found[1]
    assert "were not checked" not in english.output
    assert english.output.endswith("checked 1 file: 2 errors, 0 warnings\n")
    chinese = run("check", "--lang", "zh", str(mine))
    assert "错误[L003]: 重复的键 `value`" in chinese.output and "未知名称 `dibao_standart`" in chinese.output
    assert [d["code"] for d in json.loads(run("check", "--format", "json", str(mine)).output)] == ["L003", "C001"]
    # a whole section given twice: its rules cannot be checked, and that is said once
    mine.write_text("".join([*lines, "parameters: {}\n"]), encoding="utf-8")
    english = run("check", "--lang", "en", str(mine))
    assert english.exit_code == 1 and "error[L003]: duplicate key `parameters`" in english.output
    assert "dibao_standart" not in english.output
    assert english.output.count(f"note: the rules of {mine} were not checked: fix the mistakes above, then run "
                                "`policy check` again") == 1, english.output
    chinese = run("check", "--lang", "zh", str(mine))
    assert chinese.output.count(f"注意：{mine} 的规则尚未检查：请先改正上面的错误，再运行一次 `policy check`") == 1
    assert [d["code"] for d in json.loads(run("check", "--format", "json", str(mine)).output)] == ["L003"]


def test_a_line_of_a_file_in_gbk_is_quoted_as_gbk_reads_it_where_its_bytes_also_read_as_utf8(run, tmp_path):
    """`元` in GBK, D4 AA, is also UTF-8 (`Ԫ`): the line under the L001 of a case file or a policy saved as GBK showed
    `560 Ԫ/月`, though the finding and its help said that the whole file is GBK."""
    cases, policy = tmp_path / "cases.yaml", tmp_path / "policy.yaml"
    cases.write_bytes("# 低保标准 560 元/月 = 6720 元/年\ncases: []\n".encode("gb18030"))
    policy.write_bytes(("# 低保标准 560 元/月\n" + Path(POST).read_text(encoding="utf-8")).encode("gb18030"))
    for command, file, code in (("test", cases, 2), ("check", policy, 1)):
        result = run(command, "--lang", "zh", str(file))
        assert result.exit_code == code and "字节 0xb5 不是 UTF-8 文本（下面按 GB18030 显示）" in result.output
        assert "文本是 GBK（GB18030）编码" in result.output
        assert "Ԫ" not in result.output
        shown = "  1 | # 低保标准 560 元/月 = 6720 元/年\n" if command == "test" else "  1 | # 低保标准 560 元/月\n"
        assert shown in result.output, result.output


DS_0013 = str(ROOT / "examples" / "households" / "DS-0013-deposits-over-24-months.json")


def test_a_decision_in_the_last_days_of_a_policy_says_what_the_next_policy_of_the_folder_decides(run):
    # deposits of 12,000 a head: over the transition's 11,760, within the post-transition's 12,240
    en = run("eval", DS_0013, "--date", "2025-12-20", "--brief", "--lang", "en")
    assert en.exit_code == 0, en.output
    said = en.stdout.splitlines()
    assert said[2] == "Result: household on the margin of dibao and household monitored against returning to poverty"
    assert said[3] == ("From 2026-01-01, under Hunan rural low-income population policy (after the transition period), "
                       "the same data give: minimum living guarantee (dibao) household; no longer counted as: "
                       "household on the margin of dibao and household monitored against returning to poverty; dibao "
                       "benefit (the monthly gap to the standard; tekun members excepted): 270.00 yuan/month; medical "
                       "assistance (the highest applicable share) — head of household (aged 65): 2,100.00 yuan/year "
                       "(now 1,800.00 yuan/year); "
                       "reassess the household then")
    zh = run("eval", DS_0013, "--date", "2025-12-20", "--brief", "--lang", "zh")
    assert zh.stdout.splitlines()[3] == (
        "自 2026-01-01 起按《湖南农村低收入人口认定与救助帮扶政策（过渡期后）》，同样的情况认定为：最低生活保障对象；"
        "不再是：低保边缘家庭成员、防止返贫监测对象；"
        "最低生活保障金（按月补差发放，特困人员不重复计入）：270.00 元/月；医疗救助（就高不就低）——户主（65岁）："
        "2,100.00 元/年（现为 1,800.00 元/年）；届时请重新认定")
    explained = run("eval", DS_0013, "--date", "2025-12-20", "--explain", "--lang", "en").stdout
    assert ("→ From 2026-01-01, under Hunan rural low-income population policy (after the transition period), the "
            "same data give: minimum living guarantee (dibao) household; no longer counted as: ") in explained
    assert "medical assistance (the highest applicable share) — p1 (head of household, aged 65): 2,100.00" in explained
    decided = json.loads(run("eval", DS_0013, "--date", "2025-12-20", "--explain", "--format", "json").stdout)
    then = decided["explanation"]["next_policy"]
    assert then["from"] == "2026-01-01"
    assert then["policy"] == {"id": "hunan.low-income", "version": "post-transition",
                              "file": "policy/post-transition.yaml"}
    assert then["categories"] == ["dibao"] and then["members"] == {}
    assert [(m["id"], m.get("member"), m["amount"], m.get("now")) for m in then["measures"]] == [
        ("dibao_benefit", None, "270.00", None), ("medical_assistance", "p1", "2100.00", "1800.00")]
    assert then["sentence"].startswith("自 2026-01-01 起按《湖南农村低收入人口认定与救助帮扶政策（过渡期后）》")
    import jsonschema

    from engine.decision_schema import decision_schema
    from engine.loader import load_policy

    jsonschema.validate(decided, decision_schema(load_policy(ROOT / "policy" / "2024-transition.yaml")[0]))


def test_the_next_policy_is_said_only_near_its_first_day_only_where_it_differs_and_never_on_the_plain_path(run):
    far = run("eval", DS_0013, "--date", "2025-06-01", "--brief", "--lang", "en").stdout
    assert "From 2026-01-01" not in far  # an application made then is decided long before the next policy starts
    plain = run("eval", DS_0013, "--date", "2025-12-20", "--format", "json").stdout
    assert "next_policy" not in plain
    # the same decision under the next policy: nothing to say (DS-0023 is in no category under either)
    same = run("eval", str(next(Path(EXAMPLES).glob("DS-0023-*.json"))), "--date", "2025-12-20", "--brief",
               "--lang", "en").stdout
    assert "From 2026-01-01" not in same
    # a policy given alone: no successor is known
    alone = run("eval", DS_0013, "--date", "2025-12-20", "--brief", "--lang", "en", "--policy",
                "policy/2024-transition.yaml").stdout
    assert "From 2026-01-01" not in alone


def test_the_next_policy_names_a_member_at_the_age_it_decides_on_in_every_format(run, tmp_path):
    # born 1966-01-01, decided on 2025-12-31: 59 that day, 60 on the next policy's first day, which makes him tekun
    data = json.loads(Path(DS_0013).read_text(encoding="utf-8"))
    data["id"], data["date"] = "H10", "2025-12-31"
    data["members"] = [{"id": "p1", "relation": "head", "birth_date": "1966-01-01", "sex": "male",
                        "disability_grade": None, "disability_type": None, "labor_capacity": "weak",
                        "serious_illness": False, "student": "none", "supporter": "none"},
                       {"id": "p2", "relation": "spouse", "birth_date": "1968-06-01", "sex": "female",
                        "disability_grade": None, "disability_type": None, "labor_capacity": "full",
                        "serious_illness": False, "student": "none", "supporter": "none"}]
    data["income"], data["expenses"] = [{"type": "agriculture", "amount": 12000}], []
    data["assets"], data["housing"] = {"deposits": 24000}, {"safety_grade": "D"}
    path = tmp_path / "H10.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    zh = run("eval", str(path), "--brief").stdout.splitlines()
    assert zh[1] == "家庭成员：户主（59岁）、配偶（57岁）"
    assert "同样的情况认定为：最低生活保障对象；户主（60岁）：特困人员；" in zh[3], zh[3]
    en = run("eval", str(path), "--explain", "--lang", "en").stdout
    assert "; p1 (head of household, aged 60): person in extreme poverty (tekun); " in en, en
    decided = json.loads(run("eval", str(path), "--explain", "--format", "json").stdout)
    then = decided["explanation"]["next_policy"]
    assert then["household_members"][0] == {"id": "p1", "description": "户主，60岁"}
    assert "p1（户主，60岁）：特困人员" in then["sentence"]
    import jsonschema

    from engine.decision_schema import decision_schema
    from engine.loader import load_policy

    jsonschema.validate(decided, decision_schema(load_policy(ROOT / "policy" / "2024-transition.yaml")[0]))


def test_a_measure_the_next_policy_gives_several_members_no_more_is_named_once_with_the_members_together(run):
    # DS-0007 is monitored under the transition and in no category after it: both members lose employment services
    ds_0007 = str(ROOT / "examples" / "households" / "DS-0007-monitoring-only-vehicle.json")
    zh = run("eval", ds_0007, "--date", "2025-12-20", "--brief", "--lang", "zh").stdout.splitlines()
    assert zh[3].endswith("同样的情况认定为：不属于任何类别；不再是：防止返贫监测对象；"
                          "户主（55岁）和配偶（53岁）不再有：就业帮扶（职业介绍、技能培训、公益性岗位）；"
                          "届时请重新认定"), zh[3]
    en = run("eval", ds_0007, "--date", "2025-12-20", "--brief", "--lang", "en").stdout.splitlines()
    assert en[3].endswith("the same data give: no category; no longer counted as: household monitored against "
                          "returning to poverty; no longer for head of household (aged 55) and spouse (aged 53): "
                          "employment services (job placement / training / public-welfare jobs); reassess the "
                          "household then"), en[3]
    explained = run("eval", ds_0007, "--date", "2025-12-20", "--explain", "--lang", "zh").stdout
    assert "；p1（户主，55岁）和 p2（配偶，53岁）不再有：就业帮扶（" in explained
    marked = run("eval", ds_0007, "--date", "2025-12-20", "--explain", "--lang", "en", "--format", "markdown").stdout
    assert ("; no longer for `p1` (head of household, aged 55) and `p2` (spouse, aged 53): employment services "
            "(job placement / training / public-welfare jobs); reassess the household then") in marked
    # the JSON keeps one entry a member, by id
    decided = json.loads(run("eval", ds_0007, "--date", "2025-12-20", "--explain", "--format", "json").stdout)
    assert [(e["id"], e["member"]) for e in decided["explanation"]["next_policy"]["ended"]] == [
        ("employment_services", "p1"), ("employment_services", "p2")]


def test_the_next_policy_line_says_the_categories_that_end_for_the_household_and_its_members(run, tmp_path):
    # DS-0011 on 2025-12-20 is on the dibao margin and monitored; after the transition, on the margin alone: read
    # aloud, the line must say that the monitoring ends, not leave it to a comparison with the result above it
    ds_0011 = str(ROOT / "examples" / "households" / "DS-0011-on-post-dibao-line.json")
    zh = run("eval", ds_0011, "--date", "2025-12-20", "--brief", "--lang", "zh").stdout.splitlines()
    assert zh[3].endswith("同样的情况认定为：低保边缘家庭成员；不再是：防止返贫监测对象；届时请重新认定"), zh[3]
    en = run("eval", ds_0011, "--date", "2025-12-20", "--brief", "--lang", "en").stdout.splitlines()
    assert en[3].endswith("the same data give: household on the margin of dibao; no longer counted as: household "
                          "monitored against returning to poverty; reassess the household then"), en[3]
    # a member's category that ends is said with the member, on the next policy's first day: an orphan in higher
    # education, tekun at 17, is 18 on 2026-01-01
    data = json.loads((ROOT / "examples" / "households" / "DS-0025-orphan-and-grandmother.json").read_text("utf-8"))
    data["members"][1].update({"birth_date": "2008-01-01", "student": "higher", "labor_capacity": "weak"})
    path = tmp_path / "orphan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    zh = run("eval", str(path), "--date", "2025-12-31", "--brief", "--lang", "zh").stdout.splitlines()
    assert "；不再是：防止返贫监测对象；孙子女（18岁）不再是：特困人员；" in zh[3], zh[3]
    en = run("eval", str(path), "--date", "2025-12-31", "--explain", "--lang", "en").stdout
    assert ("; no longer counted as: household monitored against returning to poverty; p2 (grandchild, aged 18) no "
            "longer counted as: person in extreme poverty (tekun); ") in en, en
    decided = json.loads(run("eval", str(path), "--date", "2025-12-31", "--explain", "--format", "json").stdout)
    then = decided["explanation"]["next_policy"]
    assert then["ended_categories"] == [{"id": "monitoring", "label": "防止返贫监测对象"},
                                        {"id": "tekun", "label": "特困人员", "member": "p2"}]
    import jsonschema

    from engine.decision_schema import decision_schema
    from engine.loader import load_policy

    jsonschema.validate(decided, decision_schema(load_policy(ROOT / "policy" / "2024-transition.yaml")[0]))
    # a household whose categories stay has no such entry
    ds_0003 = str(ROOT / "examples" / "households" / "DS-0003-tekun-sibling-working-household.json")
    kept = json.loads(run("eval", ds_0003, "--date", "2025-12-20", "--explain", "--format", "json").stdout)
    assert "ended_categories" not in kept["explanation"]["next_policy"]


def _household_file(tmp_path: Path, data: dict, deposits: int, water_safe: bool = True) -> str:
    """`data` (id, date, members, income, expenses) with assets of `deposits` alone and safe housing, written."""
    data = {**data, "assets": {"deposits": deposits, "vehicles": 0, "extra_houses": 0, "registered_business": False},
            "housing": {"safety_grade": "A"}, "drinking_water": {"safe": water_safe}}
    path = tmp_path / f"{data['id']}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _one_deaf_head(tmp_path: Path, medical: int) -> str:
    """A head aged 55 with a grade-4 hearing disability and 9,000 of farming income, decided on 2025-12-22: in no
    category under the transition (its dibao-margin line is 7,300 × 1.2), on the dibao margin after it (9,180)."""
    return _household_file(tmp_path, {
        "id": f"H17-{medical}", "date": "2025-12-22",
        "members": [{"id": "p1", "relation": "head", "birth_date": "1970-03-03", "supporter": "none",
                     "labor_capacity": "full", "student": "none", "disability_grade": 4,
                     "disability_type": "hearing", "serious_illness": False}],
        "income": [{"type": "agriculture", "amount": 9000}],
        "expenses": [{"type": "medical", "member": "p1", "amount": medical}] if medical else []}, 1000)


def test_the_next_policy_line_says_the_measures_it_gives_anew_that_have_no_amount(run, tmp_path):
    # on the dibao margin from 2026-01-01, the head gets employment services and disability support, which the
    # policy sets no amount for: given anew all the same, as `--date 2026-01-01` lists them
    path = _one_deaf_head(tmp_path, 2000)
    en = run("eval", str(path), "--brief", "--lang", "en").stdout.splitlines()
    assert en[3].endswith(
        "the same data give: household on the margin of dibao; medical assistance (the highest applicable share) — "
        "head of household (aged 55): 1,200.00 yuan/year; employment services (job placement / training / "
        "public-welfare jobs) — head of household (aged 55); disability allowances and rehabilitation services — "
        "head of household (aged 55); reassess the household then"), en[3]
    zh = run("eval", str(path), "--brief", "--lang", "zh").stdout.splitlines()
    assert zh[3].endswith("医疗救助（就高不就低）——户主（55岁）：1,200.00 元/年；"
                          "就业帮扶（职业介绍、技能培训、公益性岗位）——户主（55岁）；"
                          "残疾人两项补贴与康复服务——户主（55岁）；届时请重新认定"), zh[3]
    decided = json.loads(run("eval", str(path), "--explain", "--format", "json").stdout)
    assert [(m["id"], m["amount"]) for m in decided["explanation"]["next_policy"]["measures"]] == [
        ("medical_assistance", "1200.00"), ("employment_services", None), ("disability_support", None)]
    import jsonschema

    from engine.decision_schema import decision_schema
    from engine.loader import load_policy

    jsonschema.validate(decided, decision_schema(load_policy(ROOT / "policy" / "2024-transition.yaml")[0]))
    # medical assistance with no medical costs pays nothing anew: not said, as one that ends at nothing is not
    none = run("eval", _one_deaf_head(tmp_path, 0), "--brief", "--lang", "en").stdout.splitlines()
    assert "medical assistance" not in none[3] and "; employment services (job placement" in none[3], none[3]


def test_the_next_policy_line_says_what_the_household_loses_apart_from_what_its_members_lose(run, tmp_path):
    # monitored with unsafe water now, in no category after the transition: the household loses the water works,
    # each member employment services; joined as one list, the members seemed to lose the water works too
    data = {"id": "H06", "date": "2025-12-10",
            "members": [{"id": "p1", "relation": "head", "birth_date": "1975-05-05", "supporter": "none",
                         "labor_capacity": "full", "student": "none"},
                        {"id": "p2", "relation": "spouse", "birth_date": "1976-03-03", "supporter": "none",
                         "labor_capacity": "full", "student": "none"}],
            "income": [{"type": "agriculture", "amount": 20000}], "expenses": []}
    path = _household_file(tmp_path, data, 5000, water_safe=False)
    zh = run("eval", str(path), "--brief", "--lang", "zh").stdout.splitlines()
    assert zh[3].endswith("同样的情况认定为：不属于任何类别；不再是：防止返贫监测对象；不再有：农村饮水安全工程；"
                          "户主（50岁）和配偶（49岁）不再有：就业帮扶（职业介绍、技能培训、公益性岗位）；"
                          "届时请重新认定"), zh[3]
    en = run("eval", str(path), "--brief", "--lang", "en").stdout.splitlines()
    assert en[3].endswith("the same data give: no category; no longer counted as: household monitored against "
                          "returning to poverty; no longer: safe drinking-water works; no longer for head of household "
                          "(aged 50) and spouse (aged 49): employment services (job placement / training / "
                          "public-welfare jobs); reassess the household then"), en[3]
    explained = run("eval", str(path), "--explain", "--lang", "zh").stdout
    assert "；不再有：农村饮水安全工程；p1（户主，50岁）和 p2（配偶，49岁）不再有：就业帮扶（" in explained, explained
    # the JSON keeps the household's and each member's, one entry a member
    decided = json.loads(run("eval", str(path), "--explain", "--format", "json").stdout)
    assert [(e["id"], e.get("member")) for e in decided["explanation"]["next_policy"]["ended"]] == [
        ("drinking_water_works", None), ("employment_services", "p1"), ("employment_services", "p2")]


def test_a_new_amount_the_next_policy_gives_several_members_alike_is_said_once_with_the_members_together(run,
                                                                                                         tmp_path):
    # a head and his disabled son, both tekun under either policy: the tekun support rises alike for both
    data = {"id": "H09", "date": "2025-11-15",
            "members": [{"id": "p1", "relation": "head", "birth_date": "1960-02-02", "supporter": "none",
                         "labor_capacity": "weak", "student": "none"},
                        {"id": "p2", "relation": "child", "birth_date": "1995-02-02", "supporter": "unable",
                         "labor_capacity": "none", "disability_grade": 1, "disability_type": "intellectual",
                         "student": "none"}],
            "income": [{"type": "agriculture", "amount": 4000},
                       {"type": "disability_allowance", "member": "p2", "amount": 2640}],
            "expenses": [{"type": "medical", "member": "p2", "amount": 3000}]}
    path = _household_file(tmp_path, data, 3000)
    zh = run("eval", str(path), "--brief", "--lang", "zh").stdout.splitlines()
    assert zh[3].endswith("不再是：防止返贫监测对象；特困人员基本生活费——户主（65岁）和子女（30岁）：663.00 元/月"
                          "（现为 637.00 元/月）；届时请重新认定"), zh[3]
    en = run("eval", str(path), "--brief", "--lang", "en").stdout.splitlines()
    assert en[3].endswith("; basic living support for persons in extreme poverty — head of household (aged 65) and "
                          "child (aged 30): 663.00 yuan/month (now 637.00 yuan/month); reassess the household "
                          "then"), en[3]
    explained = run("eval", str(path), "--explain", "--lang", "zh").stdout
    assert "；特困人员基本生活费——p1（户主，65岁）和 p2（子女，30岁）：663.00 元/月（现为 637.00 元/月）；" in explained
    # the JSON keeps one entry a member
    decided = json.loads(run("eval", str(path), "--explain", "--format", "json").stdout)
    assert [(m["id"], m["member"], m["amount"], m["now"]) for m in decided["explanation"]["next_policy"]["measures"]] \
        == [("tekun_support", "p1", "663.00", "637.00"), ("tekun_support", "p2", "663.00", "637.00")]


def test_eval_gives_each_refusal_of_a_household_one_help_that_says_what_to_do(run, tmp_path):
    """A field the export adds and values in its own words: each error has one help, which offers the option of
    `policy eval` that reads it (`--ignore-column`, `--rename-value`); no second help trails after the last error."""
    given = tmp_path / "household.json"
    given.write_text(json.dumps(in_an_exports_words(), ensure_ascii=False, indent=1), encoding="utf-8")
    for lang in ("en", "zh"):
        result = run("eval", str(given), "--lang", lang)
        assert result.exit_code == 2
        helps_of_each_error(result.stderr, lang)


@pytest.mark.parametrize("encoding, order, en, zh", [("utf-16-be", "UTF-16BE", "big-endian", "大端序"),
                                                     ("utf-16-le", "UTF-16LE", "little-endian", "小端序")])
def test_a_household_file_in_utf16_without_its_mark_is_told_as_utf16(run, tmp_path, encoding, order, en, zh):
    """Saved by a tool that writes UTF-16 with no byte-order mark, every other byte is NUL: read as UTF-8 it was
    only `not valid JSON` at its first character, with no word of the encoding or how to save it again."""
    path = tmp_path / "h.json"
    path.write_bytes(Path(EXAMPLE).read_text(encoding="utf-8").encode(encoding))
    fix = f"`iconv -f {order} -t UTF-8 {path} > {path}.utf8 && mv {path}.utf8 {path}`"
    said = run("eval", "--lang", "en", str(path))
    assert said.exit_code == 2 and "\x00" not in said.stderr
    assert said.stderr == (f"{path}: error[H001]: the text is UTF-16 ({en}, with no byte-order mark), not UTF-8\n"
                           "  help: in Notepad, File → Save As, choose UTF-8 under Encoding and save (in WPS, choose "
                           f"UTF-8 as the encoding when saving as plain text); or convert it: {fix}\n")
    said = run("eval", "--lang", "zh", str(path))
    assert said.exit_code == 2
    assert said.stderr == (f"{path}: 错误[H001]: 文本是 UTF-16 编码（{zh}，无字节顺序标记），不是 UTF-8\n"
                           "  提示：请用记事本打开，点“文件”→“另存为”，在下方“编码”中选 UTF-8 后保存"
                           f"（WPS：另存为纯文本时，编码选 UTF-8）；有命令行时也可以转换：{fix}\n")
    assert run("eval", "--lang", "en", "-", input=path.read_bytes()).stderr.startswith(  # type: ignore[arg-type]
        f"<stdin>: error[H001]: the text is UTF-16 ({en}, with no byte-order mark), not UTF-8\n")


def _messages_of(path: Path) -> list[tuple[int, str]]:
    """The strings of a module that are said to people (its docstrings and the patterns it matches left out), each
    with its line; an f-string's holes read as `…`, and strings written side by side as one."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    left_out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr):
            left_out.add(id(node.body[0].value))
        if isinstance(node, ast.JoinedStr):  # said as a whole
            left_out.update(id(part) for part in node.values)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args:
            left_out.add(id(node.args[0]))
    said = []
    for node in ast.walk(tree):
        if id(node) in left_out:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            said.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            said.append((node.lineno, "".join(part.value if isinstance(part, ast.Constant) else "…"
                                              for part in node.values)))
    return said


def test_no_message_runs_an_option_into_the_punctuation_after_it():
    """An option copied from an error or its help is copied alone, as from `--help`: `--today is not used with --undo:
    it is …` took the `:` with `--undo`, `(--date), or leave --date out` the `)`, in both languages."""
    from tests.helpers import glued_options

    glued = [f"{path.relative_to(ROOT)}:{line}: {found}" for folder in ("engine", "cli")
             for path in sorted((ROOT / folder).rglob("*.py")) for line, text in _messages_of(path)
             for found in glued_options(text)]
    assert glued == [], "\n".join(glued)


# -- an output name too long for the system: refused before the run, with what to shorten, never a traceback ---

_TOO_LONG = "a" * 300  # one name longer than the 255 bytes a file or folder name may be


def _with_an_output_named(name: Path) -> list[list[str]]:
    post, old = "policy/post-transition.yaml", "policy/2024-transition.yaml"
    return [["batch", EXAMPLE, "-o", str(name), "--policy", post],
            ["batch", EXAMPLE, "-o", str(name.with_name("o.jsonl")), "--errors", str(name), "--policy", post],
            ["batch", EXAMPLE, "-o", str(name.with_name("o.jsonl")), "--summary", str(name), "--policy", post],
            ["sample", "-n", "2", "-o", str(name)], ["doc", post, "-o", str(name)],
            ["diff", old, post, "--html", str(name)],
            ["diff", old, post, "--households", "examples/households", "--warnings", str(name)]]


@pytest.mark.parametrize("index", range(7), ids=["batch-o", "batch-errors", "batch-summary", "sample-o", "doc-o",
                                                  "diff-html", "diff-warnings"])
def test_an_output_name_too_long_is_refused_before_the_run_with_what_to_shorten(run, tmp_path, index):
    """A name over 255 bytes was found only as the file was written: a traceback and `internal error` (batch -o,
    diff --warnings), or the system's English `File name too long` in Chinese output."""
    command = _with_an_output_named(tmp_path / (_TOO_LONG + ".jsonl"))[index]
    en = run("--lang", "en", *command)
    assert en.exit_code == 2 and "Traceback" not in en.output, en.output[-2000:]
    assert en.stderr.endswith(": the name `aaaaaaaaaaaa…` is 306 bytes long, more than the 255 a file or folder name "
                              "may be; give a shorter file or folder name\n"), en.stderr[-600:]
    zh = run("--lang", "zh", *command)
    assert zh.exit_code == 2 and zh.stderr.endswith(
        "的值无效：名字 `aaaaaaaaaaaa…` 长 306 字节，超过了文件名或文件夹名最多 255 字节的限制：请改用短一些的文件名或"
        "文件夹名\n"), zh.stderr[-600:]
    assert "File name too long" not in zh.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # refused before any work


def test_the_errors_file_named_after_an_output_is_refused_when_its_name_would_be_too_long(run, tmp_path):
    """`-o` of 250 bytes is a name the system takes, but not `OUTPUT.errors.jsonl` beside it: found at the write."""
    output = tmp_path / ("a" * 244 + ".jsonl")
    for lang, said in (("en", "'--errors' (= OUTPUT.errors.jsonl): the name `aaaaaaaaaaaa…` is 263 bytes long, more "
                              "than the 255 a file or folder name may be; give a shorter file or folder name\n"),
                       ("zh", "名字 `aaaaaaaaaaaa…` 长 263 字节，超过了文件名或文件夹名最多 255 字节的限制："
                              "请改用短一些的文件名或文件夹名\n")):
        result = run("--lang", lang, "batch", EXAMPLE, "-o", str(output), "--policy", "policy/post-transition.yaml")
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output[-2000:]
        assert result.stderr.endswith(said), result.stderr[-600:]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [
    ["batch", EXAMPLE, "-o", "{out}", "--errors", "{tmp}/e.jsonl", "--policy", POST],
    ["batch", EXAMPLE, "-o", "{out}", "--errors", "{tmp}/e.jsonl", "--format", "parquet", "--policy", POST],
    ["batch", EXAMPLE, "-o", "{tmp}/o.jsonl", "--summary", "{out}", "--policy", POST],
    ["sample", "-n", "2", "-o", "{out}"], ["doc", POST, "-o", "{out}"],
    ["diff", "policy/2024-transition.yaml", POST, "--html", "{out}"],
    ["monitor", "alerts", "--db", "{tmp}/r.sqlite3", "-o", "{out}"],
], ids=["batch-o", "batch-parquet", "batch-summary", "sample-o", "doc-o", "diff-html", "monitor-alerts"])
def test_an_output_name_of_250_bytes_is_written_with_its_working_file_beside_it(run, tmp_path, command):
    """An output of 250 bytes is a name the system takes, but the hidden working file beside it (`.NAME.partial`,
    `.NAME.xxxxxxxx.tmp`) was not: the run stopped (batch) or failed as it wrote (`a name in the path is longer than
    its filesystem allows`). The working file's name is cut to fit, so the output is written."""
    output = tmp_path / ("b" * 244 + ".jsonl")
    args = [part.format(out=output, tmp=tmp_path) for part in command]
    if command[0] == "monitor":
        ingest = run("monitor", "ingest", EXAMPLE, "--db", str(tmp_path / "r.sqlite3"), "--policy-dir", "policy")
        assert ingest.exit_code == 0, ingest.output
    result = run("--lang", "en", *args)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output[-2000:]
    assert "cannot write" not in result.stderr and "longer than" not in result.stderr, result.stderr[-600:]
    assert output.is_file() and output.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no working file left behind


def test_a_working_file_name_never_exceeds_what_a_name_may_be_and_tells_outputs_apart():
    """The hidden file beside an output is named after it, cut (on a character, not inside one) to 255 bytes."""
    from engine.working_files import hidden_beside

    folder = Path("/tmp/out")
    for name in ("d.jsonl", "b" * 244 + ".jsonl", "b" * 255, "家" * 85):
        for kind in ("partial", "journal", "parquet-tmp"):
            hidden = hidden_beside(folder / name, kind)
            assert len(hidden.name.encode("utf-8")) <= 255 and hidden.name.endswith(f".{kind}")
            assert hidden.parent == folder and hidden.name.startswith(f".{name[:40]}")
    assert hidden_beside(folder / "d.jsonl", "journal").name == ".d.jsonl.journal"  # as it was, where it fits
    assert hidden_beside(folder / ("b" * 250 + "1"), "partial") != hidden_beside(folder / ("b" * 250 + "2"), "partial")


def _refused(*_: object, **__: object) -> None:
    raise PermissionError(errno.EACCES, "Permission denied")


@pytest.mark.parametrize("module, command", [
    ("cli.doc_cmd", ["doc", "policy/post-transition.yaml", "-o", "{}/d.md"]),
    ("cli.sample_cmd", ["sample", "-n", "2", "-o", "{}/h.jsonl"]),
    ("cli.diff_cmd", ["diff", "policy/2024-transition.yaml", "policy/post-transition.yaml", "--html", "{}/r.html"]),
    ("cli.batch_summary", ["batch", EXAMPLE, "-o", "{}/o.jsonl", "--summary", "{}/s.json", "--policy", POST]),
], ids=["doc", "sample", "diff-html", "batch-summary"])
def test_an_output_the_system_refuses_is_said_in_chinese_words_in_chinese(run, tmp_path, monkeypatch, module, command):
    """The system's English (`Permission denied`) stood in the Chinese message of an output that could not be
    written; the words the project has for it are used, as `monitor alerts -o` uses them."""
    import importlib

    monkeypatch.setattr(importlib.import_module(module), "write_atomically", _refused)
    args = [part.format(tmp_path) for part in command]
    zh = run("--lang", "zh", *args)
    assert zh.exit_code == 2 and "Traceback" not in zh.output, zh.output[-2000:]
    assert "没有写入权限" in zh.stderr and "Permission denied" not in zh.stderr, zh.stderr[-600:]
    en = run("--lang", "en", *args)
    assert en.exit_code == 2 and "Permission denied" in en.stderr, en.stderr[-600:]


def test_an_output_a_failing_disk_refuses_is_said_in_chinese_with_what_to_do(run, tmp_path, monkeypatch):
    """An input/output error (EIO) stood in Chinese output as the system's English (`Input/output error`), with the
    help for a folder one may not write."""
    import tempfile

    def failing(*_: object, **__: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(tempfile, "mkstemp", failing)
    args = ["batch", EXAMPLE, "-o", str(tmp_path / "o.jsonl"), "--summary", str(tmp_path / "s.json"), "--policy", POST]
    zh = run("--lang", "zh", *args)
    assert zh.exit_code == 2 and zh.stderr.endswith(
        f"无法把摘要写入 {tmp_path / 's.json'}：输入/输出错误（磁盘或其连接可能出了故障）；请检查磁盘及其连接"
        "（系统日志、`dmesg`、磁盘健康状况），然后再运行一次这条命令，或把输出写到别处\n"), zh.stderr[-600:]
    en = run("--lang", "en", *args)
    assert en.exit_code == 2 and en.stderr.endswith(
        f"cannot write the summary to {tmp_path / 's.json'}: Input/output error; check the disk and its connection "
        "(the system log, `dmesg`, the disk's health), then run the command again, or write the output somewhere "
        "else\n"), en.stderr[-600:]


def test_a_summary_the_system_refuses_before_the_run_is_said_in_chinese_words_in_chinese(run, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "mkstemp", _refused)
    zh = run("--lang", "zh", "batch", EXAMPLE, "-o", str(tmp_path / "o.jsonl"), "--summary", str(tmp_path / "s.json"),
             "--policy", POST)
    assert zh.exit_code == 2 and zh.stderr.endswith(
        f"无法把摘要写入 {tmp_path / 's.json'}：没有写入权限；请给出一个可以写入的文件夹中的文件，名字太长时"
        "请改短\n"), zh.stderr[-600:]
    assert not (tmp_path / "o.jsonl").exists()


def test_files_the_system_refuses_to_read_or_write_are_said_in_chinese_words_in_chinese(run, tmp_path, monkeypatch):
    """The system's English (`Permission denied`) stood in Chinese output: the register's other open errors,
    `diff --households`' `无法读取`, a batch's output it could not write, `--engine spark`'s policy it could not
    read."""
    import engine.diff.impact
    import engine.monitor.register
    from cli.batch_end import said_of_os_error
    from engine.batch.runner import Paths
    from engine.diagnostics import Said
    from engine.monitor.register import Register, RegisterError

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with monkeypatch.context() as patched:  # the one look-up of what is at the register's path
        patched.setattr(engine.monitor.register, "_found", denied)
        with pytest.raises(RegisterError) as opened:
            Register.open(tmp_path / "r.sqlite3")
    assert opened.value.said.zh == f"{tmp_path / 'r.sqlite3'}：无法打开台账：没有读取权限"
    assert opened.value.said.en.endswith("cannot open the register: Permission denied")

    paths = Paths(tmp_path / "o.jsonl", tmp_path / "e.jsonl")
    for name in (paths.partial, tmp_path / "other.jsonl", None):
        error = PermissionError(errno.EACCES, "Permission denied", None if name is None else str(name))
        said = said_of_os_error(error, paths, Said("cannot write", "无法写入"))
        assert "没有写入权限" in said.zh and "Permission denied" not in said.zh, said
        assert "Permission denied" in said.en, said

    monkeypatch.setattr(engine.diff.impact, "households_input", denied)
    diff = ["diff", "policy/2024-transition.yaml", POST, "--households", "examples/households"]
    zh = run("--lang", "zh", *diff)
    assert zh.exit_code == 2 and zh.stderr.endswith("examples/households: 错误：无法读取：没有读取权限\n"), zh.stderr
    en = run("--lang", "en", *diff)
    assert en.exit_code == 2 and en.stderr.endswith("examples/households: error: cannot read: Permission denied\n")

    monkeypatch.setattr(Path, "read_bytes", denied)
    spark = ["batch", EXAMPLE, "-o", str(tmp_path / "s.jsonl"), "--engine", "spark", "--policy", POST]
    zh = run("--lang", "zh", *spark)
    assert zh.exit_code == 2 and "没有读取权限" in zh.stderr and "Permission denied" not in zh.stderr, zh.stderr


@pytest.mark.parametrize("lang, windows, several", [
    ("en", "windows: `{a}` (2024-01-01 – 2024-12-31); `{b}` (2025-07-01 – …); pick one",
     "several policies are in force on 2025-06-01: `{t}:14:3` (2024-07-16 – 2025-12-31), `{p}:14:3` (2025-01-01 – …)"),
    ("zh", "各文件的生效期：`{a}`（2024-01-01 – 2024-12-31）；`{b}`（2025-07-01 – …）；请用",
     "2025-06-01 有多个政策文件同时生效：`{t}:14:3`（2024-07-16 – 2025-12-31）、`{p}:14:3`（2025-01-01 – …）"),
], ids=["en", "zh"])
def test_the_windows_l008_lists_set_apart_a_path_with_spaces(run, tmp_path, lang, windows, several):
    """`windows: /tmp/my policies/window 2024.yaml (2024-01-01 – 2024-12-31)`: the path's spaces ran into the list's
    words, and where a file's name ends could not be told. Such a path is set apart in backticks, as the notes of
    `policy diff` set it apart; a path a shell takes as one word stays bare (the tests above)."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    a, b = folder / "window 2024.yaml", folder / "window 2025.yaml"
    for name, target in (("window-2024.yaml", a), ("window-2025.yaml", b)):
        target.write_bytes((ROOT / "tests" / "fixtures" / "diff" / name).read_bytes())
    result = run("eval", "--lang", lang, EXAMPLE, "--policy-dir", str(folder), "--date", "2020-01-01")
    assert result.exit_code == 2 and windows.format(a=a, b=b) in result.stderr, result.stderr
    (tmp_path / "my copy").mkdir()
    spaced, transition, post = overlapping_folder(tmp_path / "my copy", "2025-01-01")
    result = run("eval", "--lang", lang, EXAMPLE, "--policy-dir", str(spaced), "--date", "2025-06-01")
    assert result.exit_code == 2 and several.format(t=transition, p=post) in result.stderr, result.stderr


@pytest.mark.parametrize("lang, refused, dated", [
    ("en", "error[L008]: no policy in `{f}/` is in force on 2020-01-01",
     "date: error[L008]: no policy in `{f}/` is in force on 2020-01-01, the household's `date`"),
    ("zh", "错误[L008]: `{f}/` 中没有在 2020-01-01 生效的政策文件",
     "date: 错误[L008]: `{f}/` 中没有在 2020-01-01（本户的 `date`）生效的政策文件"),
], ids=["en", "zh"])
def test_l008_sets_apart_in_its_sentence_a_folder_with_spaces(run, tmp_path, lang, refused, dated):
    """`no policy in /tmp/my policies/ is in force on …`: the folder's spaces ran into the sentence's words, as they
    did in the list of windows after it. The folder is set apart in backticks there too; the location that starts
    the line stays as it is."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    (folder / "window 2024.yaml").write_bytes((ROOT / "tests" / "fixtures" / "diff" / "window-2024.yaml").read_bytes())
    result = run("eval", "--lang", lang, EXAMPLE, "--policy-dir", str(folder), "--date", "2020-01-01")
    assert result.exit_code == 2 and f"{folder}/: {refused.format(f=folder)}" in result.stderr, result.stderr
    household = tmp_path / "dated.json"
    household.write_text(Path(EXAMPLE).read_text(encoding="utf-8").replace('"2025-06-01"', '"2020-01-01"'),
                         encoding="utf-8")
    result = run("eval", "--lang", lang, str(household), "--policy-dir", str(folder))
    assert result.exit_code == 2 and dated.format(f=folder) in result.stderr, result.stderr


def test_l008_fixes_name_a_file_with_spaces_set_apart(run, tmp_path):
    """`help: … end /tmp/my policies/2024 transition.yaml with `to: 2024-12-31``: the file to change ran into the
    words of the fix. It is set apart in backticks, as the sentence before it sets it apart, in both languages."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    transition, post = folder / "2024 transition.yaml", folder / "post transition.yaml"
    transition.write_text((ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    post.write_text(post_transition_from("2025-01-01"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert f"help: one must end before the other starts: end `{transition}` with `to: 2024-12-31`, or" in said, said
    assert f"请把 `{transition}` 的结束日期改为 `to: 2024-12-31`" in run("check", str(folder)).output
    post.write_text(post_transition_from("2026-03-01"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert f"change the `from:` of this one or the `to:` of `{transition}` only if it is wrong" in said, said
    assert f"只有本文件的 `from:` 或 `{transition}` 的 `to:` 写错时" in run("check", str(folder)).output
    post.write_text(post_transition_from("2026-01-05"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert f"or end `{transition}` with `to: 2026-01-04`, so that every day has its policy" in said, said
    assert f"或把 `{transition}` 的结束日期改为 `to: 2026-01-04`" in run("check", str(folder)).output


def test_c039_names_an_earlier_file_with_spaces_set_apart(run, tmp_path):
    """`but /tmp/my policies/post transition.yaml already abolished it from 2026-01-01`: the file's spaces ran into
    the sentence's words. It is set apart in backticks, in each way C039 names the earlier version."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    transition, post = folder / "2024 transition.yaml", folder / "post transition.yaml"
    transition.write_text((ROOT / "policy" / "2024-transition.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    shipped = post_transition_from("2026-01-01")
    post.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2026-01-01, to: 2026-12-31}"), encoding="utf-8")
    later = folder / "next year.yaml"
    for day, but, zh in [("2020-01-01", f"but `{transition}` (2024-07-16 – 2025-12-31) still has it",
                          f"但 `{transition}`（2024-07-16 – 2025-12-31）仍有它"),
                         ("2026-06-01", f"but `{post}` already abolished it from 2026-01-01",
                          f"但 `{post}` 已自 2026-01-01 起取消它")]:
        later.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2027-01-01}")
                         .replace("    from: 2026-01-01", f"    from: {day}")
                         .replace("version: post-transition", "version: county-2027"), encoding="utf-8")
        assert but in run("check", "--lang", "en", str(folder)).output
        assert zh in run("check", "--lang", "zh", str(folder)).output
    gone = shipped[shipped.index("abolished:\n"):shipped.index("departments:\n")]
    post.write_text(shipped.replace(gone, "").replace("{from: 2026-01-01}", "{from: 2026-01-01, to: 2026-12-31}"),
                    encoding="utf-8")
    later.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2027-01-01}").replace("    from: 2026-01-01", "#"),
                     encoding="utf-8")
    assert f"but `{post}`, in force from 2026-01-01, already has no `monitoring`" in run(
        "check", "--lang", "en", str(folder)).output
    assert f"但 `{post}`（自 2026-01-01 起施行）已没有 `monitoring`" in run("check", "--lang", "zh", str(folder)).output


def test_l010_and_l011_set_apart_the_other_files_place_with_spaces_in_their_sentences(run, tmp_path):
    """`is that of /tmp/my policies/post-transition.yaml:9:12 too`: the place of the other file, in the middle of the
    sentence, ran its spaces into the sentence's words. It is set apart in backticks, as L008 sets apart the place of
    the file it overlaps; the place that starts the line stays as it is."""
    folder, post, next_year = same_version_folder(tmp_path, "my policies")
    line = next(i for i, x in enumerate(Path(POST).read_text(encoding="utf-8").split("\n"), 1)
                if x == "  version: post-transition")
    said = run("check", "--lang", "en", str(folder)).output
    assert f"{next_year}:{line}:12: error[L010]: `version: post-transition` is that of `{post}:{line}:12` too:" in said
    assert f"也是 `{post}:{line}:12` 的版本名称" in run("check", str(folder)).output
    text = next_year.read_text(encoding="utf-8").replace("version: post-transition", "version: '2027'")
    next_year.write_text(text.replace("id: hunan.low-income\n", "id: hunan.low-income-2027\n"), encoding="utf-8")
    said = run("check", "--lang", "en", str(folder)).output
    assert f"{next_year}:9:7: warning[L011]: `id: hunan.low-income-2027` is not the `id` of `{post}:9:7`, " in said
    assert f"与 `{post}:9:7` 的 `id`" in run("check", str(folder)).output


def test_the_notes_of_check_set_apart_a_path_with_spaces_in_their_sentences(run, tmp_path):
    """`note: the rules of /tmp/my policies/my.yaml were not checked`, `note: /tmp/my policies/cases.yaml is a file of
    test cases`, `… on the files of /tmp/my policies/ taken together …`, `no .yaml files found in /tmp/my policies`:
    the path's spaces ran into the note's words. It is set apart in backticks, in both languages."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    said = run("check", "--lang", "en", str(folder))
    assert said.exit_code == 2 and f"error: no .yaml files found in `{folder}`" in said.stderr, said.stderr
    assert f"错误：`{folder}` 中没有 .yaml 文件" in run("check", "--lang", "zh", str(folder)).stderr
    _, _, post = overlapping_folder(folder, "2026-01-01")
    cases = folder / "policy" / "my cases.yaml"
    cases.write_text(f"cases:\n  - name: the widow\n    policy: post-transition.yaml\n    date: 2026-03-01\n"
                     f"    household: {EXAMPLE}\n    expect: {{categories: [dibao]}}\n", encoding="utf-8")
    shipped = post.read_text(encoding="utf-8")
    post.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2026-01-01, until: 2026-12-31}") + "parameters: {}\n",
                    encoding="utf-8")
    later = folder / "policy" / "2027.yaml"
    later.write_text(shipped.replace("{from: 2026-01-01}", "{from: 2027-01-01}")
                     .replace("version: post-transition", "version: '2027'"), encoding="utf-8")
    english, chinese = (run("check", "--lang", lang, str(folder / "policy")).output for lang in ("en", "zh"))
    assert f"note: `{cases}` is a file of test cases, not a policy, so it is not checked here" in english, english
    assert f"注意：`{cases}` 是测试用例文件" in chinese, chinese
    assert f"note: the rules of `{post}` were not checked" in english
    assert f"注意：`{post}` 的规则尚未检查" in chinese
    assert f"note: 1 warning on the files of `{folder}/policy/` taken together is held back: `{post}` did" in english
    assert f"注意：`{folder}/policy/` 中各文件之间的 1 个警告暂不显示：`{post}` 未能载入" in chinese


def test_the_note_on_a_policys_warnings_sets_apart_a_path_with_spaces(run, tmp_path):
    """`note: /tmp/my policies/draft.yaml has 1 warning, which …`: the file's spaces ran into the note's words."""
    text = Path(POST).read_text(encoding="utf-8")
    second = text.index("    group: tier\n", text.index("    group: tier\n") + 1)
    folder = tmp_path / "my policies"
    folder.mkdir()
    draft = folder / "draft.yaml"
    draft.write_text(text[:second] + "    group: margin\n" + text[second + len("    group: tier\n"):], encoding="utf-8")
    given = ("eval", EXAMPLE, "--policy", str(draft), "--date", "2026-03-01", "--lang")
    assert f"note: `{draft}` has 1 warning, which `policy check '{draft}'` shows" in run(*given, "en").stderr
    assert f"注意：`{draft}` 有 1 个警告，`policy check '{draft}'` 会完整列出" in run(*given, "zh").stderr


def test_a_folder_with_spaces_that_batch_cannot_use_is_set_apart_in_its_sentence(run, tmp_path):
    """`no policy files in /tmp/my policies`, `there is no folder /tmp/my policies/out to write my out.jsonl in`: the
    folder's spaces, and the file's, ran into the sentence's words. Each is set apart in backticks."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    given = ("batch", EXAMPLE, "-o", str(tmp_path / "o.jsonl"), "--policy-dir", str(folder), "--lang")
    assert f"no policy files in `{folder}`; give --policy FILE" in run(*given, "en").stderr
    assert f"`{folder}` 中没有政策文件：请给出 --policy 文件 或 --policy-dir 文件夹" in run(*given, "zh").stderr
    output = folder / "out" / "my out.jsonl"
    result = run("batch", EXAMPLE, "-o", str(output), "--lang", "en")
    assert result.exit_code == 2 and f"there is no folder `{folder}/out` to write `my out.jsonl` in" in result.stderr
    result = run("batch", EXAMPLE, "-o", str(output), "--lang", "zh")
    assert f"没有 `{folder}/out` 这个文件夹，无法在其中写入 `my out.jsonl`" in result.stderr, result.stderr


def test_eval_of_json_lines_reads_a_u2028_in_a_text_as_batch_does(run, tmp_path):
    """A JSON Lines file was split at every break Python knows (U+2028, U+2029, U+0085, \\x1c–\\x1e, \\v, \\f), which
    JSON takes unescaped in a text: a household whose id held U+2028 was read as two bad lines, the lines after it
    numbered wrong. `policy eval` now splits at `\\n` alone (a `\\r` before it dropped), as `policy batch` does."""
    line = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    ids = ["湘\u20281", "湘\u20292", "湘\x853"]
    written = [json.dumps({**line, "id": hid}, ensure_ascii=False) for hid in ids]
    assert "\u2028" in written[0]  # written raw, as JSON allows
    odd = tmp_path / "odd.jsonl"
    odd.write_text("\r\n".join([*written, "{broken"]) + "\r\n", encoding="utf-8")
    result = run("eval", "--lang", "en", str(odd), "--format", "json")
    assert result.exit_code == 2, result.stderr
    assert [json.loads(x)["household"] for x in result.stdout.split("\n") if x] == ids, result.stderr
    assert result.stderr.count("error[") == 1 and f"{odd}:4:2: error[H001]: not valid JSON" in result.stderr
    out = tmp_path / "decided.jsonl"
    batch = run("batch", "--lang", "en", str(odd), "-o", str(out))
    assert [json.loads(x)["household"] for x in out.read_text(encoding="utf-8").split("\n") if x] == ids, batch.stderr


def test_eval_and_batch_skip_the_same_blank_lines_of_json_lines_and_place_the_others(run, tmp_path):
    """A line holding only U+2028, U+2029, U+0085, `\\x1c`–`\\x1f`, `\\v` or `\\f` was skipped by `policy eval`, which
    took it for white space, while `policy batch` made some of them a bad record (`the file is empty`, at no column)
    and skipped the others. Both now skip a line that is blank to JSON (spaces, tabs, `\\r`) and make every other
    line a bad record, told at its line and column."""
    household = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    odd = ["\u2028", "\u2029", "\x85", "\x1c", "\x1d", "\x1e", "\x1f", "\x0b", "\x0c"]
    lines = [json.dumps({**household, "id": "first"}, ensure_ascii=False), *odd, " \t \r",
             json.dumps({**household, "id": "last"}, ensure_ascii=False)]
    given = tmp_path / "odd.jsonl"
    given.write_bytes("\n".join(lines).encode() + b"\n")
    bad = list(range(2, 2 + len(odd)))
    said = run("eval", "--lang", "en", str(given), "--format", "json")
    assert said.exit_code == 2, said.stderr
    assert [json.loads(x)["household"] for x in said.stdout.split("\n") if x] == ["first", "last"], said.stderr
    placed = re.findall(rf"^{re.escape(str(given))}:(\d+):(\d+): error\[(\w+)\]", said.stderr, re.M)
    assert [int(line) for line, _, _ in placed] == bad, said.stderr
    out = tmp_path / "decided.jsonl"
    batch = run("batch", "--lang", "en", str(given), "-o", str(out))
    assert [json.loads(x)["household"] for x in out.read_text(encoding="utf-8").splitlines()] == ["first", "last"]
    errors = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    told = [(str(e["diagnostics"][0]["line"]), str(e["diagnostics"][0]["column"]), e["diagnostics"][0]["code"])
            for e in errors]
    assert told == placed, batch.stderr


def test_files_and_folders_with_spaces_are_set_apart_where_a_command_says_it_wrote_or_read_them(run, tmp_path):
    """`wrote /tmp/my policies/doc.md`, `no test cases found in /tmp/my policies`, `/tmp/my policies also holds 1
    entry not read`: the folder's space ran into the sentence's words. Each path is set apart in backticks."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    for lang, said in (("en", f"no test cases found in `{folder}`: "), ("zh", f"`{folder}` 中没有测试用例：")):
        assert run("test", "--lang", lang, str(folder)).stderr.startswith(said)
    document = folder / "post doc.md"
    for lang, said in (("en", f"wrote `{document}`\n"), ("zh", f"已写入 `{document}`\n")):
        assert run("doc", POST, "-o", str(document), "--lang", lang).stderr.endswith(said)
    report = folder / "report.html"
    for lang, said in (("en", f"wrote `{report}`\n"), ("zh", f"已写入 `{report}`\n")):
        assert run("diff", str(ROOT / "policy" / "2024-transition.yaml"), POST, "--html", str(report),
                   "--lang", lang).stderr.endswith(said)
    households = folder / "h.jsonl"
    for lang, said in (("en", f"wrote 3 households to `{households}`\n"), ("zh", f"已将 3 户写入 `{households}`\n")):
        assert run("sample", "--n", "3", "-o", str(households), "--lang", lang).stderr.endswith(said)
    (folder / "notes.txt").write_text("", encoding="utf-8")
    for lang, said in (("en", f"note: `{folder}` also holds "), ("zh", f"注意：`{folder}` 中另有 ")):
        read = run("batch", str(folder), "-o", str(tmp_path / "o.jsonl"), "--lang", lang)
        assert said in read.stderr, read.stderr


def test_policy_test_sets_apart_the_files_it_passes_over_in_a_folder_with_spaces(run, tmp_path):
    """`(found only /tmp/my cases/notes.txt)`, `note: /tmp/my cases/post.yaml is a policy, …`: the folder's space ran
    into the sentence's words. Each file is set apart in backticks, as the folder is."""
    folder = tmp_path / "my cases"
    folder.mkdir()
    notes = folder / "notes.txt"
    notes.write_text("cases: []\n", encoding="utf-8")
    for lang, said in (("en", f"(found only `{notes}`)"), ("zh", f"（只找到 `{notes}`）")):
        assert said in run("test", "--lang", lang, str(folder)).stderr
    policy = folder / "post.yaml"
    policy.write_bytes(Path(POST).read_bytes())
    for lang, said in (("en", f"it holds a policy, `{policy}`, but no case file"),
                       ("zh", f"其中有政策文件 `{policy}`，但没有测试用例文件")):
        assert said in run("test", "--lang", lang, str(folder)).stderr
