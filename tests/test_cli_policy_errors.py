"""A command stopped by the errors of the policy it loads closes, as `policy check` does, with how many there are:
and says that nothing was done, and which `policy check` to run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, POST

EXAMPLE = EXAMPLES / "DS-0001-dibao-widow.json"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The policy in force with two names misspelt."""
    text = Path(POST).read_text(encoding="utf-8")
    for name in ("test: per_capita_income < dibao_standard\n", "test: no_labour_capacity\n"):
        assert name in text, name
        text = text.replace(name, name.replace("\n", "x\n"), 1)
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "broken.yaml").write_text(text, encoding="utf-8")
    return folder / "broken.yaml"


def _closing(result) -> str:
    return result.stderr.rstrip("\n").splitlines()[-1]


def test_eval_closes_the_errors_of_its_policy_with_their_count_as_check_does_in_both_languages(run, broken):
    checked = run("check", "--lang", "en", broken)
    assert checked.stderr.endswith("checked 1 file: 2 errors, 0 warnings\n")
    english = run("eval", EXAMPLE, "--policy", broken, "--explain", "--lang", "en")
    assert english.exit_code == 2 and english.stdout == ""
    assert english.stderr.count("error[C001]") == 2
    assert _closing(english) == (f"the policy file {broken} has 2 errors, so no household was decided: fix them, then "
                                 f"run `policy check {broken}`")
    chinese = run("eval", EXAMPLE, "--policy", broken, "--explain", "--lang", "zh")
    assert chinese.exit_code == 2 and chinese.stderr.count("错误[C001]") == 2
    assert _closing(chinese) == f"政策文件 {broken} 有 2 个错误，没有认定任何家庭：请改正后运行 `policy check {broken}`"
    assert not re.search("[A-Za-z]{3,}", _closing(chinese).replace(str(broken), "").replace("policy check", ""))


def test_eval_names_the_file_in_force_that_has_the_errors(run, broken):
    result = run("eval", EXAMPLE, "--policy-dir", broken.parent, "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 2
    assert _closing(result).startswith(f"the policy file {broken} has 2 errors, so no household was decided")


def test_one_error_is_said_in_the_singular(run, tmp_path):
    text = Path(POST).read_text(encoding="utf-8").replace("test: no_labour_capacity\n", "test: no_labour_capacityx\n")
    one = tmp_path / "one.yaml"
    one.write_text(text, encoding="utf-8")
    result = run("eval", EXAMPLE, "--policy", one, "--lang", "en")
    assert _closing(result) == (f"the policy file {one} has 1 error, so no household was decided: fix it, then run "
                                f"`policy check {one}`")


@pytest.mark.parametrize(("command", "undone"), [
    (["batch", EXAMPLE, "-o", "{tmp}/decisions.jsonl", "--policy", "{broken}"], ("no household was decided",
                                                                                   "没有认定任何家庭")),
    (["batch", EXAMPLE, "-o", "{tmp}/decisions.jsonl", "--policy-dir", "{folder}"], ("no household was decided",
                                                                                     "没有认定任何家庭")),
    (["diff", POST, "{broken}"], ("the policies were not compared", "没有比较这两份政策")),
    (["sample", "-n", "3", "--format", "csv", "-o", "{tmp}/tables", "--policy", "{broken}"],
     ("no household was written", "没有写出任何家庭")),
    (["doc", "{broken}"], ("no document was written", "没有写出文档")),
    (["monitor", "ingest", EXAMPLE, "--db", "{tmp}/register.db", "--policy", "{broken}"],
     ("nothing was recorded in the register", "台账中没有记下任何内容")),
    (["monitor", "reassess", "--policy", "{broken}", "--db", "{tmp}/register.db"],
     ("nothing was recorded in the register", "台账中没有记下任何内容")),
    (["monitor", "apply", "DS-0001", "--date", "2026-03-01", "--new", "--db", "{tmp}/register.db",
      "--policy-dir", "{folder}"], ("nothing was recorded in the register", "台账中没有记下任何内容")),
])
def test_every_command_that_loads_a_policy_closes_its_errors_so(run, broken, tmp_path, command, undone):
    args = [str(a).format(tmp=tmp_path, broken=broken, folder=broken.parent) for a in command]
    english, chinese = run(*args, "--lang", "en"), run(*args, "--lang", "zh")
    assert english.exit_code == chinese.exit_code == 2
    assert _closing(english) == (f"the policy file {broken} has 2 errors, so {undone[0]}: fix them, then run "
                                 f"`policy check {broken}`")
    assert _closing(chinese) == f"政策文件 {broken} 有 2 个错误，{undone[1]}：请改正后运行 `policy check {broken}`"


def test_schema_closes_them_in_english_as_it_says_them(run, broken):
    result = run("schema", "household", "--policy", broken)
    assert result.exit_code == 2 and result.stdout == ""
    assert _closing(result) == (f"the policy file {broken} has 2 errors, so no schema was printed: fix them, then run "
                                f"`policy check {broken}`")


def test_no_policy_in_force_on_the_day_is_no_files_error_and_gets_no_such_line(run):
    result = run("eval", EXAMPLE, "--date", "1990-01-01", "--lang", "en")
    assert result.exit_code == 2
    assert "error[L008]" in result.stderr and "policy check" not in result.stderr
    assert _closing(result).startswith("  help: windows:")


def test_a_command_named_in_a_message_is_written_as_a_shell_reads_it(run, broken):
    """A file whose name has a space or ASCII brackets (as a copy a desktop names `broken (2).yaml`) is named in the
    command to run in quotes, which a shell reads as one argument; pasted bare it was a syntax error."""
    import shlex

    copy = broken.with_name("broken (2).yaml")
    copy.write_text(broken.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("eval", EXAMPLE, "--policy", copy, "--lang", "en")
    assert _closing(result).endswith(f"then run `policy check '{copy}'`"), result.stderr
    assert shlex.split(_closing(result).rsplit("`", 2)[1]) == ["policy", "check", str(copy)]
    household = broken.with_name("a household (1).json")
    household.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    checked = run("check", household, "--lang", "en")
    assert f"help: decide it with `policy eval '{household}'`" in checked.output, checked.output


def test_a_policy_line_pasted_in_gbk_into_a_utf8_file_is_told_to_be_retyped_not_the_file_saved_again(run, tmp_path):
    """One label pasted from a document saved in GBK, the rest of the file UTF-8: it was told `the file is saved in
    another encoding: save it as UTF-8`, which an editor does by garbling either that line or all the others."""
    lines = Path(POST).read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if "人均存款不超过24个月低保标准" in line)
    mixed = tmp_path / "mixed.yaml"
    mixed.write_bytes(b"\n".join(line.encode("gb18030" if n == number else "utf-8") for n, line in enumerate(lines, 1)))
    column = lines[number - 1].index("人") + 1
    fix = (f"""`python3 -c 'import sys; sys.stdout.buffer.writelines(line if line.decode("utf-8", "ignore").encode() """
           f"""== line else line.decode("gb18030").encode() for line in sys.stdin.buffer)' < {mixed} > {mixed}.utf8 """
           f"&& mv {mixed}.utf8 {mixed}`")
    english = run("check", "--lang", "en", mixed)
    assert english.exit_code == 1 and "Traceback" not in english.output
    assert english.stdout.splitlines()[:4] == [
        f"{mixed}:{number}:{column}: error[L001]: byte 0xc8 is not UTF-8 text (shown below as GB18030 reads it)",
        f"  {number} | {lines[number - 1]}",
        f"      |{' ' * column}^^",
        "  help: the other lines of the file are UTF-8, but this one holds `人均存款不超过` and `个月低保标准` in GBK "
        "(GB18030), as Chinese Windows saves text: retype them in UTF-8 (converting the whole file would garble its "
        f"other lines), or convert only the file's lines that are not UTF-8: {fix}"]
    chinese = run("check", "--lang", "zh", mixed)
    assert chinese.exit_code == 1 and "�" not in chinese.output
    assert chinese.stdout.splitlines()[0] == \
        f"{mixed}:{number}:{column}: 错误[L001]: 字节 0xc8 不是 UTF-8 文本（下面按 GB18030 显示）"
    assert chinese.stdout.splitlines()[3] == (
        "  提示：文件的其他行是 UTF-8 编码，这一行的 `人均存款不超过`、`个月低保标准` 却是 GBK（GB18030）编码，"
        "中文 Windows 默认如此保存：请用 UTF-8 重新输入（转换整个文件会让其他行变成乱码），"
        f"或只转换文件中不是 UTF-8 的行：{fix}")
    # as JSON, no line is shown below the finding: nor is it said to be (`--lang zh` gives the Chinese too)
    [found] = json.loads(run("check", "--lang", "zh", "--format", "json", mixed).stdout)
    assert (found["code"], found["message"], found["zh"]["message"]) == (
        "L001", "byte 0xc8 is not UTF-8 text", "字节 0xc8 不是 UTF-8 文本")
