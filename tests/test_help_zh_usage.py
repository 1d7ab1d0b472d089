"""Click's usage errors of every command, under Chinese, say nothing in click's English: the usage line's
placeholders (`[选项]`, `命令 [参数]...`, the arguments' `文件...`) and the messages (`找不到文件 'x'。`,
`'x' 不是有效的整数。`) are Chinese; what the command names itself stays as it is written — its name, its options,
the values of a choice."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner, Result

from cli.help_zh import PLACEHOLDERS
from cli.main import cli
from tests.helpers import PLACEHOLDER_NAMED, ROOT

CHINESE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "LANGUAGE": None}
EXAMPLE = str(ROOT / "examples" / "households" / "DS-0001-dibao-widow.json")
NOWHERE = "无此文件"  # a path that is not there, with no Latin letter that could be taken for click's English
NOT_ONE = "不行"
NOT_A_NUMBER = "不是数"


def _commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                                      click.Command]]:
    yield path, group
    for name in group.list_commands(click.Context(group)):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _arguments_before(command: click.Command, argument: click.Argument | None = None) -> list[str]:
    """Values for the positional arguments before `argument` (all of them when None): an existing file each."""
    values = []
    for param in command.params:
        if param is argument:
            break
        if isinstance(param, click.Argument):
            values.append(EXAMPLE)
    return values


def _cases() -> Iterator[tuple[str, list[str]]]:
    """(what is wrong, the command line) for each common mistake each command can be given."""
    for path, command in _commands():
        name = " ".join(("policy", *path))
        yield f"{name}: no such option", [*path, "--no-such-option"]
        if isinstance(command, click.Group):
            yield f"{name}: no such command", [*path, "no-such-command"]
            continue
        if any(isinstance(p, click.Argument) and p.required for p in command.params):
            yield f"{name}: missing argument", list(path)
        for param in command.params:
            if isinstance(param, click.Option) and param.hidden:
                continue
            if isinstance(param.type, click.Choice):
                yield f"{name} {param.name}: not one of the choices", _given(path, command, param, NOT_ONE)
            if isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
                yield f"{name} {param.name}: not a number", _given(path, command, param, NOT_A_NUMBER)
            if isinstance(param.type, click.Path) and param.type.exists:
                yield f"{name} {param.name}: not there", _given(path, command, param, NOWHERE)
                if not param.type.dir_okay:
                    yield f"{name} {param.name}: a folder", _given(path, command, param, "policy")


def _given(path: tuple[str, ...], command: click.Command, param: click.Parameter, value: str) -> list[str]:
    """The command line that gives `param` the value `value` (after the arguments before it)."""
    if isinstance(param, click.Option):
        return [*path, param.opts[0], value]
    return [*path, *_arguments_before(command, param), value]


CASES = list(_cases())


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, prog_name="policy", env=CHINESE, catch_exceptions=False)


def _latin_words_left(said: str, args: list[str]) -> list[str]:
    """The words in Latin letters of `said` once what the command line and the command name themselves is taken
    out: quoted values, option names, command names, argument placeholders, the values of a choice."""
    said = re.sub(r"'[^']*'", "", said)  # values, option and argument names, as click quotes them
    said = re.sub(r"`[^`]*`", "", said)  # code: an example to type (`policy/2024-transition.yaml`)
    said = re.sub(r"(?m)(?<=提示：例如 ).*$", "", said)  # the example of the help to type, for a missing argument
    said = said.replace(os.getcwd(), "")  # the folder the command is run from, which a missing file is looked for in
    said = re.sub(r"(?<![\w-])--?[\w-]+", "", said)
    command = cli
    placeholders = set()
    for word in args:
        if isinstance(command, click.Group) and word in command.commands:
            command = command.commands[word]
    for param in command.params:
        if isinstance(param, click.Argument):
            placeholders.add(param.make_metavar(click.Context(command)))
        if isinstance(param.type, click.Choice):  # the values to choose from, which a missing one lists
            placeholders.update(map(str, param.type.choices))
    for word in [*sorted(placeholders, key=len, reverse=True), *args]:  # `{household|decision|policy|cases}`
        said = said.replace(word, "")
    said = said.replace("policy", "")
    return re.findall(r"[A-Za-z]{2,}", said)


def test_the_cases_cover_each_kind_of_mistake() -> None:
    kinds = {case.split(": ")[-1] for case, _ in CASES}
    assert kinds == {"no such option", "no such command", "missing argument", "not one of the choices",
                     "not a number", "not there", "a folder"}
    assert len(CASES) > 60


@pytest.mark.parametrize(("case", "args"), CASES, ids=[case for case, _ in CASES])
def test_click_says_the_usage_errors_of_every_command_in_chinese(case: str, args: list[str], monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = _run(args)
    assert result.exit_code == 2, (case, result.output)
    assert result.stderr.startswith("用法：policy") and "错误：" in result.stderr, result.stderr
    assert "[选项]" in result.stderr.splitlines()[0]
    assert _latin_words_left(result.stderr, args) == [], result.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["check", "nonexist.yaml"], f"错误：'路径...' 的值无效：{ROOT}（运行 policy 的文件夹）中找不到文件或文件夹 "
                                 "nonexist.yaml：请检查名字"),
    (["eval", EXAMPLE, "--policy", "nonexist.yaml"], f"错误：'--policy' 的值无效：{ROOT}（运行 policy 的文件夹）中"
                                                     "找不到文件 nonexist.yaml：请检查名字"),
    (["doc", "policy"], "错误：'政策文件' 的值无效：'policy' 是文件夹，这里要的是文件。"),
    (["sample", "-n", "many"], "错误：'-n' / '--n' 的值无效：'many' 不是有效的整数。"),
    (["batch", EXAMPLE, "-o", "d.jsonl", "--progress-every", "often"],
     "错误：'--progress-every' 的值无效：'often' 不是有效的数。"),
    (["monitor", "nope"], "用法：policy monitor [选项] 命令 [参数]..."),
    (["check"], "用法：policy check [选项] 路径..."),
])
def test_click_words_and_placeholders_are_chinese(args: list[str], said: str, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = _run(args)
    assert result.exit_code == 2 and said in result.stderr, result.stderr
    english = _run([*args, "--lang", "en"])
    assert english.exit_code == 2 and "[OPTIONS]" in english.stderr
    assert not re.search(r"[\u4e00-\u9fff]", english.stderr), english.stderr


def test_english_keeps_clicks_words(monkeypatch) -> None:
    """Where the project has no words of its own for a usage error (it has for a path that is not there and a number
    out of its range), English says click's."""
    monkeypatch.chdir(ROOT)
    result = _run(["check", "--nope", "--lang", "en"])
    assert result.stderr == ("Usage: policy check [OPTIONS] PATHS...\nTry 'policy check --help' for help.\n\n"
                             "Error: No such option '--nope'.\n")


def _placeholders(command: click.Command) -> list[tuple[click.Parameter, str]]:
    """The placeholders the help shows for the command's arguments and the values of its options, as click makes them
    in English (`PATHS...`, `FILE`, `OLD=NEW`, `D`), with the capitals a placeholder that is not typed as it is has."""
    with click.Context(command) as ctx:
        shown = [(param, param.make_metavar(ctx)) for param in command.params if not getattr(param, "hidden", False)
                 and not getattr(param, "is_flag", False) and not isinstance(param.type, click.Choice)]
    return [(param, metavar) for param, metavar in shown if re.search(r"[A-Z]", metavar)]


# the words of every placeholder the English help of a command shows, of one letter as of more
_PLACEHOLDER_WORDS = {word for _, command in _commands() for _, metavar in _placeholders(command)
                     for word in PLACEHOLDER_NAMED.findall(metavar)}


def _english_placeholders(text: str) -> list[str]:
    """The English placeholders `text` names, of any command (a help may quote another's command line)."""
    return [word for word in PLACEHOLDER_NAMED.findall(text) if word in _PLACEHOLDER_WORDS]


@pytest.mark.parametrize(("path", "command"), [(p, c) for p, c in _commands() if _placeholders(c)],
                         ids=[" ".join(p) for p, c in _commands() if _placeholders(c)])
def test_the_chinese_help_says_every_placeholder_in_chinese(path: tuple[str, ...], command: click.Command) -> None:
    """`--policy 文件`, `用法：policy eval [选项] 文件...`, not click's `--policy FILE` and `FILES...` beside `[选项]`;
    English keeps click's."""
    chinese, english = _run([*path, "--help"]), _run([*path, "--help", "--lang", "en"])
    usage = chinese.output.splitlines()[0]
    rows = [line.split("  ")[1] for line in chinese.output.splitlines() if re.match(r"  (-\w, )?--", line)]
    for param, metavar in _placeholders(command):
        if isinstance(param, click.Argument):
            assert metavar not in usage and metavar in english.output.splitlines()[0], (usage, metavar)
        else:
            name = max(param.opts, key=len)
            assert f"{name} {metavar}" in english.output, (param.opts, english.output)
            row = next(row for row in rows if name in row.split(" ")[:-1])
            assert row.split(" ")[-1] and not re.search(r"[A-Za-z]", row.split(" ")[-1]), row
    assert re.fullmatch(rf"用法：policy {' '.join(path)} \[选项\][^A-Z]*", usage), usage


@pytest.mark.parametrize("path", [path for path, _ in _commands()], ids=[" ".join(path) for path, _ in _commands()])
def test_the_chinese_help_names_no_placeholder_in_english_not_even_of_one_letter(path: tuple[str, ...]) -> None:
    """`--errors 文件`, `--date 日期`, `导入 #编号`: the Chinese help of every command, as it is shown, names no value
    by an English placeholder amid the Chinese, `FILE` or a single `D` or `N` alike."""
    chinese = _run([*path, "--help"]).output
    assert _english_placeholders(chinese) == [], chinese


def test_a_single_letter_placeholder_left_in_english_is_caught(monkeypatch) -> None:
    monkeypatch.delitem(PLACEHOLDERS, "D")
    assert _english_placeholders(_run(["monitor", "void", "--help"]).output) == ["D"]
    said = "见 `导入 #N`，--date D、FILE|DIR、那一天D的 和 Ctrl-C、DS-0001、YYYY-MM-DD、$POLICY_REGISTER、-o、-j"
    assert _english_placeholders(said) == ["N", "D", "FILE", "DIR", "D"]


@pytest.mark.parametrize(("args", "usage", "said"), [
    (["eval"], "用法：policy eval [选项] 文件...", "错误：缺少参数 '文件...'。"),
    (["check", "nonexist.yaml"], "用法：policy check [选项] 路径...", "错误：'路径...' 的值无效："),
    (["diff", "policy/post-transition.yaml"], "用法：policy diff [选项] 旧政策 新政策", "错误：缺少参数 '新政策'。"),
    (["monitor", "ingest"], "用法：policy monitor ingest [选项] 文件|文件夹|-...",
     "错误：缺少参数 '文件|文件夹|-...'。"),
    (["monitor", "void", "--date", "2062-03-01", "--reason", "typo"], "用法：policy monitor void [选项] [家庭编号]",
     "错误：缺少参数 '家庭编号'。"),
])
def test_a_usage_error_names_the_argument_by_its_chinese_placeholder(args: list[str], usage: str, said: str,
                                                                     monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = _run(args)
    assert result.exit_code == 2 and result.stderr.splitlines()[0] == usage and said in result.stderr, result.stderr
