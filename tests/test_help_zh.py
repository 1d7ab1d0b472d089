"""The help and the usage errors follow the language: Chinese under `--lang zh` or a locale that is not English,
English under `--lang en` or an English locale, whatever the place of `--lang` on the command line."""

from __future__ import annotations

import errno
import inspect
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from cli.help_zh import COMMANDS, EXAMPLE_WORDS, OPTIONS
from cli.localize import (
    _range_in_words,
    chinese,
    chinese_example,
    chinese_help,
    display_width,
    fingerprint,
    help_text,
    language_of,
    notes_in_words,
    option_key,
    speaking,
    wrap,
)
from cli.main import cli
from tests.helpers import PLACEHOLDER_NAMED, ROOT, command_of, glued_options

EXAMPLE = str(ROOT / "examples" / "households" / "DS-0001-dibao-widow.json")
POST = str(ROOT / "policy" / "post-transition.yaml")
CHINESE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "LANGUAGE": None}  # as on the CI machine
ENGLISH = {**CHINESE, "LANG": "en_US.UTF-8"}
CLICK_ENGLISH = ["Usage:", "Options:", "Commands:", "Show this message and exit", "[default:", "[required]",
                 "Error:", "Try '", "No such", "Missing", "Invalid value", "Did you mean", "is not one of",
                 "does not exist", "requires an argument", "unexpected extra", "is not in the range", "[OPTIONS]",
                 "COMMAND [ARGS]", "is not a valid"]


def _commands(group: click.Group = cli, path: str = "policy") -> Iterator[tuple[str, click.Command]]:
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and p.help and not p.hidden]


def _run(args: list[str], env: dict[str, str | None] = CHINESE) -> Result:
    return CliRunner().invoke(cli, args, prog_name="policy", env=env, catch_exceptions=False)


def _flat(text: str) -> str:
    """Text without its spaces and line breaks, as it reads whatever the wrapping."""
    return "".join(text.split())


COMMAND_PATHS = [path for path, _ in _commands()]


# -- the table -------------------------------------------------------------------------------------------


def untranslated() -> list[str]:
    """Every help and option help the table has no Chinese for, as the English reads now."""
    missing = []
    for path, command in _commands():
        english = help_text(command)
        if chinese(path, "", english) is None:
            missing.append(f"{path}: its help (fingerprint {fingerprint(english)}): {english[:60]!r}…")
        for option in _options(command):
            if chinese(path, option_key(option), option.help or "") is None:
                missing.append(f"{path} {option_key(option)} (fingerprint {fingerprint(option.help or '')}): "
                               f"{option.help!r}")
    return missing


def test_every_command_and_option_has_its_chinese() -> None:
    missing = untranslated()
    assert not missing, ("the English of these helps changed, or they are new: update cli/help_zh.py with their "
                         "Chinese and fingerprint\n" + "\n".join(missing))


def test_a_changed_english_help_is_caught_and_shown_in_english_until_translated(monkeypatch) -> None:
    eval_ = cli.commands["eval"]
    monkeypatch.setattr(eval_, "help", eval_.help + "\nA sentence added since.")
    date = next(p for p in eval_.params if p.name == "date_text")
    monkeypatch.setattr(date, "help", "The day the household is decided on.")
    missing = untranslated()
    assert any(line.startswith("policy eval: its help") for line in missing), missing
    assert any(line.startswith("policy eval --date") for line in missing), missing
    shown = _run(["eval", "--help"]).output
    assert "A sentence added since." in shown and "Classify households" in shown  # the English, not stale Chinese
    assert "The day the household is decided on." in shown
    assert "用法：policy eval" in shown and "选项：" in shown  # the rest stays Chinese


def test_the_table_names_only_commands_and_options_that_exist() -> None:
    commands = dict(_commands())
    for path, entries in COMMANDS.items():
        assert path in commands, f"cli/help_zh.py translates {path}, which is no command"
        keys = {option_key(option) for option in _options(commands[path])}
        for key in entries:
            assert key == "" or key in keys, f"cli/help_zh.py translates {path} {key}, which is no option of it"
    for key, (printed, _) in OPTIONS.items():
        users = [path for path, command in _commands() for option in _options(command)
                 if option_key(option) == key and fingerprint(option.help or "") == printed]
        assert users, f"OPTIONS[{key!r}] translates no option's help as it reads now"


def _examples(text: str) -> list[str]:
    """The lines under the heading of the examples, up to the first blank one."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(r"(Examples?:|示例：)", line.strip()))
    return list(itertools.takewhile(str.strip, lines[start + 1:]))


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_the_chinese_help_has_the_english_examples_and_the_exit_codes(path: str) -> None:
    command = dict(_commands())[path]
    english = help_text(command)
    table = inspect.cleandoc(chinese(path, "", english) or "")
    assert "\b\n示例：" in table, f"{path}: the Chinese has no heading `示例：` for the examples to go under"
    assert not _examples(table), f"{path}: the table repeats example lines; they are taken from the English"
    said = chinese_help(path, command) or ""
    assert _examples(said) == [chinese_example(line) for line in _examples(english)], \
        "the example command lines stay as they are in English, but for the words a user types"
    assert ("Exit codes:" in english) == ("退出码：" in said)
    for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", english):
        assert option in said, f"{path}: the English names {option}, the Chinese does not"
    shown = _run([*path.split()[1:], "--help"]).output
    for line in _examples(english):
        assert f"\n  {chinese_example(line)}\n" in shown, f"{path}: the example {line!r} is not shown as written"


@pytest.mark.parametrize("path", ["policy monitor", "policy monitor void"])
def test_the_words_typed_in_an_example_are_english_in_the_english_help_and_chinese_in_the_chinese(path: str) -> None:
    """`--reason "日期录错"` stood in the English help, a reason an English reader cannot read or type."""
    args = [*path.split()[1:], "--help"]
    english, shown = _run([*args, "--lang", "en"]).output, _run([*args, "--lang", "zh"]).output
    assert "--reason" in english and not re.search(r"[\u4e00-\u9fff]", "\n".join(_examples(english)))
    reasons = re.findall(r'--reason ("[^"]*")', "\n".join(_examples(english)))
    assert reasons and all(EXAMPLE_WORDS[reason] in shown and reason not in shown for reason in reasons)


# -- the help ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_help_is_chinese_under_a_chinese_locale(path: str) -> None:
    command = dict(_commands())[path]
    result = _run([*path.split()[1:], "--help"])
    assert result.exit_code == 0
    shown = result.output
    assert shown.startswith(f"用法：{path} ")
    assert "选项：" in shown and "显示本帮助并退出。" in shown
    assert ("命令：" in shown) == isinstance(command, click.Group)
    assert "示例：" in shown
    for english in CLICK_ENGLISH:
        assert english not in shown, f"{path} --help says {english!r} under Chinese"
    said = chinese_help(path, command) or ""
    assert _flat(said.replace("\b", "")) in _flat(shown)
    for option in _options(command):
        translated = _flat(chinese(path, option_key(option), option.help or "") or "?")
        # up to the end of its own `[默认：CPU 核数]。`, where click's `[1 到 256]` joins it
        assert re.sub(r"\]。$", "", translated) in _flat(shown), option.opts
        assert _flat(option.help or "")[:30] not in _flat(shown), f"{path} {option.opts} is in English"
        if option.show_default and option.default is not None:
            assert f"[默认：{option.default}" in _flat(shown)
    notes = re.findall(r"\[默认：[^]]*\]", _flat(shown))  # click's `[默认：7; x>=1]` is said `[默认：7；不小于 1]`
    assert not [n for n in notes if ";" in n], notes
    assert not re.search(r"[<>]=?x|x[<>]", _flat(shown)), "a range in click's notation"


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_chinese_help_fits_the_terminal(path: str) -> None:
    """Lines are wrapped by the columns a Chinese character takes (two), between characters, never after an opening
    bracket or before a closing punctuation mark."""
    english = _run([*path.split()[1:], "--help"], ENGLISH).output
    # the examples, unwrapped
    as_written = {chinese_example(line) for line in english.splitlines() if line.startswith("    ")}
    for line in _run([*path.split()[1:], "--help"]).output.splitlines():
        if line not in as_written:
            assert display_width(line) <= 80, line  # click's test runner is 80 columns wide
        assert not re.match(r"\s*[，。、；：！？）”]", line), line
        assert not re.search(r"[（“]$", line), line


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_chinese_help_runs_no_option_into_the_punctuation_after_it(path: str) -> None:
    """An option copied from the help is copied alone: `（--undo：已撤销）` took the `：` with `--undo`."""
    shown = " ".join(line.strip() for line in _run([*path.split()[1:], "--help"]).output.splitlines())
    assert glued_options(shown) == [], path


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_english_help_runs_no_option_into_the_punctuation_after_it(path: str) -> None:
    """As the Chinese: `use --brief.` and `(--undo: withdrawn)` took the `.` and the `:` with the option."""
    shown = " ".join(line.strip() for line in _run([*path.split()[1:], "--help"], ENGLISH).output.splitlines())
    assert shown.startswith("Usage: ")
    assert glued_options(shown) == [], path


# an option and the placeholder of its value, as a help names them: `--errors FILE`, `--date D`, `--jobs N`
_NAMED_VALUE = re.compile(r"(?<![\w-])(--[a-z][a-z-]*) ([A-Z][A-Z_]*(?:[.=][A-Za-z_]+)*)(?![\w-])")


def test_the_english_help_names_each_option_s_value_as_its_options_list_shows_it() -> None:
    """`--errors FILE` in batch's help, `--errors PATH` in its list of options, were two names for one value: every
    placeholder a command's help (or an option's) gives an option is the one the list shows, its own command's list,
    or for another command's option (`policy monitor void … --reason REASON` in apply's help), that command's."""
    listed: dict[str, dict[str, str]] = {}  # by command, each option's name and its placeholder in the list
    with speaking("en"):
        for path, command in _commands():
            ctx = click.Context(command, info_name=path)
            listed[path] = {name: option.make_metavar(ctx) for option in _options(command) for name in option.opts}
    elsewhere = {name: {placeholders[name] for placeholders in listed.values() if name in placeholders}
                 for placeholders in listed.values() for name in placeholders}
    mismatches = []
    for path, command in _commands():
        helps = [command.help or "", *(option.help or "" for option in _options(command))]
        for name, shown in _NAMED_VALUE.findall("\n".join(helps)):
            own = listed[path].get(name)
            if (shown != own) if own is not None else (name in elsewhere and shown not in elsewhere[name]):
                mismatches.append(f"{path}: help says {name} {shown}, the options list {own or elsewhere[name]}")
    assert mismatches == [], "\n".join(mismatches)


# the words in capitals the helps say that name no value: kinds of files, signals, units, an article
_CAPITAL_WORDS = {"A", "CI", "CPU", "CSV", "HTML", "JSON", "KB", "SIGHUP", "SIGTERM", "XML", "YAML"}
# a command line a help quotes, run by another command than the help's own: `policy monitor void --ingest NUMBER`
_QUOTED_RUN = re.compile(r"`(policy [^`]*)`")


def _placeholder_words() -> dict[str, set[str]]:
    """By command, the words of the placeholders its usage line and its options list show in English (`INPUT`,
    `OUTPUT`, `FILE` and `DIR` of `FILE|DIR|-...`, a group's `COMMAND`)."""
    words = {}
    with speaking("en"):
        for path, command in _commands():
            ctx = click.Context(command, info_name=path)
            shown = [param.make_metavar(ctx) for param in command.params if not getattr(param, "hidden", False)]
            shown.append(getattr(command, "subcommand_metavar", None) or "")
            words[path] = set(PLACEHOLDER_NAMED.findall(" ".join(shown)))
    return words


def unnamed_placeholders() -> list[str]:
    """Every placeholder an English help names that its command shows nowhere (`to OUTPUT` in a command with no
    OUTPUT), each with its command: a command line the help quotes that runs another command (`policy monitor void
    --ingest NUMBER` in reassess's help) names that command's, and the help may then name them alone (`NUMBER the
    number its summary gives`)."""
    words, found = _placeholder_words(), []
    for path, command in _commands():
        helps = "\n".join([help_text(command), *(option.help or "" for option in _options(command))])
        own = words[path] | _CAPITAL_WORDS
        for run in _QUOTED_RUN.findall(helps):
            runs = words[command_of(run, words)]
            named = set(PLACEHOLDER_NAMED.findall(run))
            found += [f"{path}: `{run}` names {word}, which it shows nowhere" for word in
                      sorted(named - runs - _CAPITAL_WORDS)]
            own |= named & runs
        found += [f"{path}: its help names {word}, which it shows nowhere" for word in
                  PLACEHOLDER_NAMED.findall(_QUOTED_RUN.sub("", helps)) if word not in own]
    return found


def test_every_placeholder_an_english_help_names_is_one_its_command_shows() -> None:
    """A help that says `write one decision each to OUTPUT` names the value of an option or an argument: the usage
    line or the options list shows that placeholder, so that a reader finds where to give it."""
    unnamed = unnamed_placeholders()
    assert unnamed == [], "\n".join(unnamed)


def test_a_placeholder_no_command_shows_is_caught(monkeypatch) -> None:
    eval_, reassess = cli.commands["eval"], dict(_commands())["policy monitor reassess"]
    monkeypatch.setattr(eval_, "help", eval_.help + "\nThe decisions go to OUTPUT.")
    monkeypatch.setattr(reassess, "help", reassess.help + "\nVoid it with `policy monitor void --ingest COUNT`.")
    assert unnamed_placeholders() == ["policy eval: its help names OUTPUT, which it shows nowhere",
                                      "policy monitor reassess: `policy monitor void --ingest COUNT` names COUNT, "
                                      "which it shows nowhere"]


def test_the_chinese_help_names_no_placeholder_in_english() -> None:
    """The Chinese help names a value by its Chinese placeholder, as its usage line and options list show it
    (`--errors 文件`, `导入 #编号（household.json）`, where it said `导入 #N`); a word in capitals is a kind of file
    or the like (`JSON`, `SIGTERM`)."""
    tables = [*(entry for entries in COMMANDS.values() for entry in entries.values()), *OPTIONS.values()]
    english = {word for _, said in tables for word in PLACEHOLDER_NAMED.findall(said)} - _CAPITAL_WORDS
    assert english == set(), english


# the placeholders click makes from a value's type alone, which say nothing of what to give: `--margin TEXT`
_TYPE_NAMES = {"TEXT", "PATH", "BOOLEAN", "UUID"}


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_every_option_names_its_value_as_its_help_does_not_by_its_type(path: str) -> None:
    """`--margin TEXT`, `--by TEXT` and `--db PATH` said what click reads, not what to give (`--margin PERCENT`,
    `--by PERSON`, `--db FILE`)."""
    shown = _run([*path.split()[1:], "--help"], ENGLISH).output
    rows = re.findall(r"(?m)^  (?:-\w, )?(--[a-z][a-z-]*) (\S+)", shown)
    assert [(name, value) for name, value in rows if value in _TYPE_NAMES] == [], shown


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_chinese_help_breaks_no_line_inside_code(path: str) -> None:
    """A code span copied from the help is copied whole: `sex:男=male` on one line, never `sex:男` then `=male`;
    only one wider than the column may break, and then only at its spaces."""
    shown = "\n".join(line.strip() for line in _run([*path.split()[1:], "--help"]).output.splitlines())
    broken = [span for span in re.findall(r"`[^`]*`", shown) if "\n" in span]
    assert all(display_width(span) > 40 and " " in span for span in broken), broken


def test_wrapping_keeps_a_code_span_whole_and_the_punctuation_beside_it() -> None:
    said = "按它代表的取值读取（`户主=head`、`否=false`；只对一列：`sex:男=male`）；可重复给出此选项，或用逗号分隔。"
    for width in range(12, 60):
        lines = wrap(said, width).splitlines()
        assert "".join(lines) == said, (width, lines)
        for line in lines:
            assert line.count("`") % 2 == 0, (width, lines)
            assert not re.match(r"[，。、；：！？）”]", line) and not re.search(r"[（“]$", line), (width, lines)
            assert display_width(line) <= max(width, display_width("`sex:男=male`）；")), (width, lines)
    # too wide for its line, a command in backticks breaks at its spaces, as English does
    command = "例如 `policy monitor void ID --date D --application --reason R` 即可"
    lines = wrap(command, 30).splitlines()
    assert " ".join(line.strip() for line in lines) == command
    assert all(display_width(line) <= 30 for line in lines), lines


@pytest.mark.parametrize(("args", "env", "lang"), [
    (["eval", "--help"], CHINESE, "zh"),
    (["eval", "--help"], ENGLISH, "en"),
    (["eval", "--help", "--lang", "en"], CHINESE, "en"),  # --help is eager: read before --lang
    (["eval", "--lang=en", "--help"], CHINESE, "en"),
    (["eval", "--help", "--lang", "zh"], ENGLISH, "zh"),
    (["--lang", "en", "--help"], CHINESE, "en"),
    (["--lang", "en", "monitor", "apply", "--help"], CHINESE, "en"),  # a command with no --lang of its own
    (["--lang", "zh", "monitor", "--help"], ENGLISH, "zh"),
    (["monitor", "--lang", "en", "apply", "--help"], CHINESE, "en"),  # after a group's name, as README says
    (["eval", "--lang", "zh", "--lang", "en", "--help"], CHINESE, "en"),  # the last one, as click takes it
    (["eval", "--help", "--", "--lang", "en"], CHINESE, "zh"),  # after `--`, a file name
])
def test_help_follows_lang_anywhere_else_the_locale(args: list[str], env: dict[str, str | None], lang: str) -> None:
    shown = _run(args, env).output
    if lang == "zh":
        assert shown.startswith("用法：") and "显示本帮助并退出。" in shown and "Show this message" not in shown
    else:
        assert shown.startswith("Usage: ") and "Show this message and exit." in shown and "显示" not in shown
        assert not re.search(r"[\u4e00-\u9fff]", shown.split("Options:")[1]), "an option's help is in Chinese"


def test_runs_in_either_language_one_after_the_other_do_not_mix() -> None:
    for _ in range(2):
        assert "显示本帮助并退出。" in _run(["doc", "--help"]).output
        english = _run(["doc", "--help"], ENGLISH).output
        assert "Show this message and exit." in english and "显示" not in english


def test_the_language_of_a_command_line() -> None:
    assert language_of(["eval", "x.json", "--lang", "en"]) == "en"
    assert language_of(["--lang=zh", "eval"]) == "zh"
    assert language_of(["eval", "--lang", "en", "--lang", "zh"]) == "zh"
    assert language_of(["eval", "--lang", "fr"]) == language_of([])  # click refuses it, in the locale's language
    assert language_of(["eval", "--", "--lang", "en"]) == language_of([])
    assert language_of(["eval", Path("--lang"), Path("en")]) == "en"


def test_lang_before_the_command_is_the_command_s_language() -> None:
    before = _run(["--lang", "en", "eval", EXAMPLE, "--date", "2026-03-01"])
    after = _run(["eval", EXAMPLE, "--date", "2026-03-01", "--lang", "en"])
    assert before.exit_code == after.exit_code == 0
    assert before.output == after.output


def test_lang_after_a_group_s_name_is_its_command_s_language(tmp_path: Path) -> None:
    db = str(tmp_path / "none" / "register.sqlite3")
    between = _run(["monitor", "--lang", "en", "alerts", "--db", db], CHINESE)
    after = _run(["monitor", "alerts", "--db", db, "--lang", "en"], CHINESE)
    assert between.exit_code == after.exit_code == 2
    assert between.output == after.output and "no register here" in after.output


def test_lang_after_a_command_whose_output_has_no_language_is_taken_not_refused() -> None:
    """`policy schema household --lang en` was `No such option '--lang'`: schema prints data, the same in either
    language, but its help and usage errors have one, and `--lang` anywhere chooses it, as for every command."""
    plain, given = _run(["schema", "household"]), _run(["schema", "household", "--lang", "en"], CHINESE)
    assert plain.exit_code == given.exit_code == 0 and plain.output == given.output
    assert _run(["schema", "--help", "--lang", "en"], CHINESE).output.startswith("Usage: policy schema")
    refused = _run(["schema", "nothing", "--lang", "en"], CHINESE)
    assert refused.exit_code == 2 and "Error: Invalid value for" in refused.output
    assert "--lang" not in _run(["schema", "--help"], ENGLISH).output.split("Options:")[1]  # hidden: --lang is global


# -- usage errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "said"), [
    (["eval", "--explian", EXAMPLE], ["用法：policy eval [选项] 文件...", "运行 'policy eval --help' 查看帮助。",
                                      "错误：没有 '--explian' 这个选项。是不是其中之一：'--explain'、'--lang'？"]),
    (["eval"], ["错误：缺少参数 '文件...'。"]),
    (["eval", EXAMPLE, "--date", "2026-13-01"],
     ["错误：--date 的值无效：`2026-13-01` 不是日期，月份应在 01 到 12 之间"]),
    (["eval", EXAMPLE, "--format", "xml"],
     ["错误：'--format' 的值无效：'xml' 不是可选的值（'text', 'json', 'markdown'）。"]),
    (["eval", EXAMPLE, "--date"], ["错误：选项 '--date' 后面要给一个值。"]),
    (["eval", EXAMPLE, "--explain=yes"], ["错误：选项 '--explain' 后面不能给值。"]),
    (["evl", EXAMPLE], ["用法：policy [选项] 命令 [参数]...", "错误：没有 'evl' 这个命令。是不是 'eval'？"]),
    (["schema", "household", "extra"], ["错误：多出了参数（extra）"]),
    (["check", "nope.yaml"], ["错误：'路径...' 的值无效：", "中找不到文件或文件夹 nope.yaml：请检查名字"]),
    (["doc", "policy/"], ["'policy/' 是文件夹，这里要的是文件。"]),
    (["batch", EXAMPLE, "-o", "d.jsonl", "-j", "0"],
     ["错误：'--jobs' / '-j' 的值无效：0 超出了允许的范围（1 到 256）"]),
    (["monitor", "alerts", "--due-within", "0"], ["错误：'--due-within' 的值无效：0 超出了允许的范围（不小于 1）"]),
    (["monitor", "apply"], ["用法：policy monitor apply [选项] 家庭编号", "错误：缺少参数 '家庭编号'。"]),
    (["monitor", "apply", "DS-0001"], ["错误：缺少选项 '--date'。"]),
    (["eval", EXAMPLE, "--policy-dir", "elsewhere"], ["错误：'--policy-dir' 的值无效：没有 elsewhere 这个文件夹"]),
    (["--lang", "fr", "eval", EXAMPLE], ["错误：'--lang' 的值无效：'fr' 不是可选的值（'zh', 'en'）。"]),
])
def test_usage_errors_are_chinese_under_chinese_and_keep_exit_2(args: list[str], said: list[str], tmp_path: Path,
                                                               monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = _run(args)
    assert result.exit_code == 2
    for text in said:
        assert text in result.stderr
    for english in CLICK_ENGLISH:
        assert english not in result.stderr, f"{english!r} under Chinese: {result.stderr}"
    english = _run([*args, "--lang", "en"])
    assert english.exit_code == 2 and "Error: " in english.stderr
    assert not re.search(r"[\u4e00-\u9fff]", english.stderr), english.stderr


FOLDER = str(ROOT / "examples" / "households")


@pytest.mark.parametrize(("args", "chinese", "english"), [
    (["batch", "-", "-o", "d.jsonl", "--resume"],
     "错误：--resume 要从运行停下的地方再读输入，而标准输入无法再读一遍：请不加 --resume 重新运行",
     "Error: --resume reads the input again from where the run stopped, and standard input cannot be read again: "
     "run the batch again without --resume"),
    (["batch", FOLDER, "-o", "-", "--resume"],
     "错误：--resume 只能接着运行写到文件的运行；写到标准输出（-o -）的运行无法接着运行：请不加 --resume 重新运行",
     "Error: --resume continues a run written to a file; a run written to standard output (-o -) cannot be resumed"),
    (["batch", FOLDER, "-o", "-", "--format", "parquet"],
     "错误：Parquet 不能写到标准输出（Parquet 文件的末尾是读取时要跳转到的索引）：请给出文件名，"
     "或用 --format jsonl 或 csv",
     "Error: Parquet cannot be written to standard output (a Parquet file ends with the index its readers seek to)"),
    (["batch", FOLDER, "-o", "d.parquet.gz"],
     "错误：d.parquet.gz：Parquet 在文件内部已经压缩（zstd）：请把输出命名为 d.parquet，不加 .gz",
     "Error: d.parquet.gz: Parquet is compressed inside the file (zstd); name the output d.parquet, without .gz"),
    (["batch", FOLDER, "-o", "d.xlsx"],
     "错误：-o 的值无效：d.xlsx 这个文件名表示电子表格，但 policy 不写电子表格：请把它命名为 d.csv（电子表格软件能打开 "
     "CSV），或改用 .jsonl 或 .parquet 后缀",
     "Error: Invalid value for -o: d.xlsx names a spreadsheet, which policy does not write: name it d.csv"),
    (["batch", FOLDER, "-o", "d.jsonl", "--errors", "d.jsonl"],
     "错误：--errors 的值无效：错误文件不能与输出文件是同一个文件",
     "Error: Invalid value for --errors: the errors file must differ from the output"),
    (["batch", FOLDER, "-o", "d.jsonl", "--summary", "d.jsonl"],
     "错误：'--summary' 的值无效：这次运行已经要写 d.jsonl：请给摘要另起一个名字",
     "Error: Invalid value for '--summary': d.jsonl is a file the run writes already"),
    (["batch", "-", "-o", "d.jsonl", "--engine", "spark"],
     "错误：--engine spark 只读写 Spark 能访问的文件或网址，不读写标准输入或标准输出（-）",
     "Error: --engine spark reads and writes files or URLs that Spark reaches, not standard input or output (-)"),
    (["batch", "hdfs:///h.parquet", "-o", "hdfs:///d.csv", "--engine", "spark"],
     "错误：--engine spark 只写 JSON Lines 或 Parquet，不写 CSV：输出请用 .jsonl 或 .parquet 后缀（或用 --format "
     "指定格式）",
     "Error: --engine spark writes JSON Lines or Parquet, not CSV: name the output .jsonl or .parquet (or give "
     "`--format`)"),
    (["diff", "policy/2024-transition.yaml", "policy/post-transition.yaml", "--format", "html"],
     "HTML 报告写入单独的文件，请用 `--html 文件`（例如 `--html report.html`）",
     "the HTML report is written to a file of its own, with --html FILE (e.g. `--html report.html`)"),
    (["batch", "hdfs:///h.parquet", "-o", "hdfs:///d.parquet", "--engine", "spark", "--brief"],
     "错误：--brief 不能与 --engine spark 一起使用", "Error: --brief is not available with --engine spark"),
    (["sample", "--format", "parquet"],
     "错误：--format parquet 写出的是文件：请给出 -o 文件.parquet", "Error: --format parquet writes files: give -o "
     "FILE.parquet"),
    (["monitor", "alerts", "--margin", "150%"],
     "错误：--margin 的值无效：`150%` 不在 0% 到 100% 之间", "Error: Invalid value for --margin: `150%` is not between "
     "0% and 100%"),
])
def test_batch_and_other_usage_errors_are_said_in_the_language_asked(args: list[str], chinese: str, english: str,
                                                                    monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    household = Path(EXAMPLE).read_text(encoding="utf-8").replace("\n", " ") + "\n"  # standard input, not empty
    zh = CliRunner().invoke(cli, args, input=household, prog_name="policy", env=CHINESE, catch_exceptions=False)
    assert zh.exit_code == 2 and chinese in zh.stderr, zh.stderr
    assert not re.search(r"\b(is|the|and|to)\b", zh.stderr.split("错误：")[-1]), zh.stderr
    en = CliRunner().invoke(cli, [*args, "--lang", "en"], input=household, prog_name="policy", env=CHINESE,
                            catch_exceptions=False)
    assert en.exit_code == 2 and english in en.stderr, en.stderr
    assert not re.search(r"[\u4e00-\u9fff]", en.stderr), en.stderr
    assert not (ROOT / "d.jsonl").exists()


def test_an_output_folder_that_is_not_there_is_said_in_chinese(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("POLICY_REGISTER", str(tmp_path / "nowhere" / "r.sqlite3"))
    result = _run(["monitor", "ingest", "examples/households"])  # where the register would be made
    assert result.exit_code == 2
    assert (f"错误：'--db'（取自 $POLICY_REGISTER） 的值无效：没有 {tmp_path / 'nowhere'} 这个文件夹，无法在其中"
            "写入 r.sqlite3：请先建好这个文件夹") in result.stderr
    assert "Invalid value" not in result.stderr and "there is no folder" not in result.stderr


def test_ctrl_c_and_a_full_disk_are_said_in_chinese(monkeypatch) -> None:
    import engine.diff.changes as changes

    monkeypatch.chdir(ROOT)

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(changes, "diff", interrupted)
    result = _run(["diff", POST, "policy/2024-transition.yaml"])
    assert result.exit_code == 130
    assert "已中断：命令没有运行完" in result.stderr and "interrupted" not in result.stderr
    monkeypatch.undo()

    echo = click.echo

    def full(*args: object, err: bool = False, **kwargs: object) -> None:
        if not err:
            raise OSError(errno.ENOSPC, "No space left on device")
        echo(*args, err=err, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(click, "echo", full)
    result = _run(["schema", "household", "--policy", POST])
    assert result.exit_code == 2
    assert result.stderr == "错误：无法写入输出：磁盘已满\n  提示：请腾出磁盘空间，或把输出写到别处\n"


@pytest.mark.parametrize(("kind", "chinese", "english"), [
    (click.IntRange(min=1), "不小于 1", "at least 1"),
    (click.IntRange(min=1, max=256), "1 到 256", "1 to 256"),
    (click.FloatRange(min=0, min_open=True), "大于 0", "more than 0"),
    (click.IntRange(max=9), "不大于 9", "at most 9"),
    (click.FloatRange(min=0.5, max=1.5, max_open=True), "不小于 0.5，小于 1.5", "at least 0.5, less than 1.5"),
])
def test_a_range_is_said_in_words_in_the_help_in_either_language(kind: click.ParamType, chinese: str,
                                                                 english: str) -> None:
    """Click writes a range as `x>=1` or `1<=x<=256`; the help says it in words in either language, as a number out
    of it is told, click's other notes unchanged."""
    command = click.Command("c", params=[click.Option(["--n"], type=kind, default=1, show_default=True, help="N.")])
    for lang, said in (("zh", f"N.  [默认：1；{chinese}]"), ("en", f"N.  [default: 1; {english}]")):
        with speaking(lang):
            shown = notes_in_words(command.params[0].get_help_record(click.Context(command))[1])  # type: ignore[index]
        assert shown == said


@pytest.mark.parametrize(("lang", "own", "said"), [
    ("en", "Worker processes  [default: the number of cores].",
     "Worker processes  [default: the number of cores; 1 to 256]."),
    ("zh", "工作进程数  [默认：CPU 核数]。", "工作进程数  [默认：CPU 核数；1 到 256]。"),
])
def test_a_help_that_says_its_own_default_has_the_range_in_the_same_bracket(lang: str, own: str, said: str) -> None:
    """Click adds the range in a bracket of its own after the help's `[default: the number of cores].`; the help
    shows one bracket with both, as click's own default and range are shown."""
    command = click.Command("c", params=[click.Option(["--n"], type=click.IntRange(1, 256), help=own)])
    with speaking(lang):
        shown = notes_in_words(command.params[0].get_help_record(click.Context(command))[1])  # type: ignore[index]
    assert shown == said


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_no_option_s_help_shows_two_brackets_one_after_the_other(path: str) -> None:
    """`-j, --jobs INTEGER  Worker processes  [default: the number of cores].  [1 to 256]` read as two notes where
    there is one of each kind; wherever the lines break, in either language (the usage line, `[OPTIONS] [PATHS]...`,
    aside)."""
    for lang in ("en", "zh"):
        shown = _run([*path.split()[1:], "--help", "--lang", lang]).output
        after_usage = shown.partition("\n\n")[2]
        assert not re.search(r"\][.。]?\[", _flat(after_usage)), (lang, shown)


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_english_help_says_every_range_in_words(path: str) -> None:
    """`policy monitor alerts --help --lang en` says `[default: 7; at least 1]`, as `--due-within 0` is told, where
    click wrote `[default: 7; x>=1]`."""
    shown = _run([*path.split()[1:], "--help"], ENGLISH)
    assert shown.exit_code == 0, shown.output
    assert not re.search(r"x[<>]|[<>]=?x", shown.output), shown.output


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_a_number_in_a_range_is_shown_as_a_number_in_either_language(path: str) -> None:
    """Click shows the value of `-j` as `INTEGER RANGE`, a word of its own, in the Chinese help too; the range is
    said in the brackets after the help, the value is a number: `INTEGER`, `整数`."""
    for lang, number in (("en", "INTEGER"), ("zh", "整数")):
        shown = _run([*path.split()[1:], "--help", "--lang", lang]).output
        assert "RANGE" not in shown, shown
        command = dict(_commands())[path]
        for option in _options(command):
            if isinstance(option.type, click.IntRange) and option.metavar is None:
                assert re.search(rf"(?m)^  (-\w, )?{option_key(option)} {number}(  |\n)", shown), (option.opts, shown)


@pytest.mark.parametrize(("args", "said"), [(["monitor", "alerts"], "[default: 7; at least 1]"),
                                            (["batch"], "[default: the number of cores; 1 to 256]."),
                                            (["monitor", "ingest"], "[default: the number of cores; 1 to 256]."),
                                            (["diff"], "[default: 50; at least 0]")])
def test_english_help_says_the_range_in_the_words_of_its_error(args: list[str], said: str) -> None:
    shown = _run([*args, "--help", "--lang", "en"])
    assert said in " ".join(shown.output.split()), shown.output


@pytest.mark.parametrize(("args", "chinese", "english"), [
    (["monitor", "alerts", "--due-within", "0"], "0 超出了允许的范围（不小于 1）",
     "0 is outside the allowed range (at least 1)"),
    (["monitor", "void", "DS-0001", "--date", "2026-03-02", "--reason", "x", "--snapshot", "0"],
     "0 超出了允许的范围（不小于 1）", "0 is outside the allowed range (at least 1)"),
    (["batch", EXAMPLE, "-o", "d.jsonl", "-j", "0"], "0 超出了允许的范围（1 到 256）",
     "0 is outside the allowed range (1 to 256)"),
])
def test_a_number_out_of_its_range_is_said_in_words_in_either_language(args: list[str], chinese: str,
                                                                       english: str, monkeypatch) -> None:
    """Click says `0 is not in the range x>=1.`, in a formula's signs; both languages say the range in the same words
    as the help does under Chinese."""
    monkeypatch.chdir(ROOT)
    for lang, said in (("zh", chinese), ("en", english)):
        refused = _run([*args, "--lang", lang])
        assert refused.exit_code == 2 and said in refused.stderr, refused.stderr
        assert "x>=" not in refused.stderr and "<=x" not in refused.stderr, refused.stderr


@pytest.mark.parametrize(("note", "said"), [("x>=1", "at least 1"), ("1<=x<=256", "1 to 256"), ("x>0", "more than 0"),
                                            ("x<=9", "at most 9"), ("0.5<=x<1.5", "at least 0.5, less than 1.5")])
def test_a_range_is_said_in_english_words_as_in_chinese(note: str, said: str) -> None:
    assert _range_in_words(note, "en") == said
