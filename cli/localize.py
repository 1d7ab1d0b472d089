"""The help and the usage errors of `policy`, in the language of the command line.

Input: the command line — `--lang zh|en` wherever it is given, else the locale (`cli.common.environment_lang`).
Click reads `--help` before `--lang`, so the arguments are looked at here, before click parses them.
Output: help pages, usage lines and usage errors in that language, from the same click commands.

The English stays where it is written, in the decorators and docstrings; the Chinese is in `cli.help_zh`, each
entry with the fingerprint of the English it translates, so that a changed English help is shown as it is until
its Chinese is brought up to date, and tests/test_help_zh.py says which entry to update.

Click says its own words (`Usage:`, `Options`, `Error: …`, `No such option …`) through gettext, which would
take their language from the locale and from installed catalogues, never from `--lang`: while a run speaks
Chinese, click's modules are answered from `cli.help_zh.CLICK` instead; otherwise they get gettext as before.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import inspect
import itertools
import os
import re
import shlex
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any

import click

from engine.diagnostics import display_width, is_wide

LANGUAGES = ("zh", "en")

_SPOKEN: ContextVar[str | None] = ContextVar("policy_spoken_language", default=None)


def spoken() -> str | None:
    """The language of the run in progress (`zh` or `en`), or None outside one."""
    return _SPOKEN.get()


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Help and messages in `lang` for the time of the block (None: click's English, as outside a run)."""
    token = _SPOKEN.set(lang)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def language_of(args: Sequence[Any]) -> str:
    """The language a command line asks for: its last `--lang zh|en` (before a `--`), else the locale's."""
    from cli.common import environment_lang

    chosen = None
    args = [str(arg) for arg in args]  # a caller may hand click paths
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value.lower() in LANGUAGES:  # another is refused by click, in the locale's language
            chosen = value.lower()
    return chosen or environment_lang()


def in_language(english: str, chinese: str) -> str:
    """The message of the two in the language of the run."""
    return chinese if spoken() == "zh" else english


# -- click's own words -----------------------------------------------------------------------------------


def _gettext(message: str) -> str:
    if message == _MISSING:
        return _Missing(message)
    said = _said(message)
    return _OnOneLine(said) if message == _CHOOSE_FROM else said


def _said(message: str) -> str:
    """Click's `message` in the language of the run."""
    if spoken() == "zh":
        from cli.help_zh import CLICK

        if message in CLICK:
            return _Worded(CLICK[message]) if message in _NAMING else CLICK[message]
    if spoken() == "en" and message in _OWN_ENGLISH:
        return _OWN_ENGLISH[message]
    return gettext.gettext(message)


_CHOOSE_FROM = "Choose from:\n\t{choices}"  # after a missing choice, one a line (`household,\n\tdecision,…`)

# click's messages the project says in words of its own under English, as the Chinese says them
_OWN_ENGLISH = {"{value} is not in the range {range}.": "{value} is outside the allowed range ({range})",
                _CHOOSE_FROM: "Choose one of: {choices}"}


# the messages click fills with a word of its own, kept English as their types were made: `{name}` a Path's
# `File`, `Directory` or `Path`, `{number_type}` an integer's or a float's (`integer range`)
_NAMING = {"{value!r} is not a valid {number_type}."}
_MISSING = "{name} {filename!r} does not exist."  # a Path that is not there: said by `missing_path`, in either language
_PATH_WORDS = {"File": "file", "Directory": "folder", "Path": "file or folder"}  # click's `{name}` of a Path, in words


class _OnOneLine(str):
    """The choices click lists after a missing one (`_CHOOSE_FROM`) on one line, as a list is written in the language
    of the run: `Choose one of: household, decision, …`, `请选其中之一：household、decision、…`."""

    def format(self, *args: Any, **words: Any) -> str:
        choices = str(words.pop("choices")).split(",\n\t")
        return super().format(*args, choices=in_language(", ", "、").join(choices), **words)


class _Missing(str):
    """click's `Path 'x.yaml' does not exist.`, which says nothing of what to do: `missing_path` says it instead."""

    def format(self, *args: Any, **words: Any) -> str:
        return missing_path(str(words["name"]), str(words["filename"]))


def missing_path(name: str, filename: str) -> str:
    """A path given on the command line that is not there (`name` click's `File`, `Directory` or `Path`), in the
    language of the run: a relative path with the folder it was looked for in — the one `policy` is run from —, and
    what to check, with an example."""
    from cli.help_zh import CLICK_WORDS
    from engine.diagnostics import path_in_prose

    en, zh = _PATH_WORDS.get(name, name.lower()), CLICK_WORDS.get(name, name)
    full = os.path.isabs(filename)
    filename = path_in_prose(filename)  # set apart where a shell would split it, as every path in a sentence is
    if full:
        return in_language(f"there is no {en} {filename}: check its name and its folder",
                           f"找不到{zh} {filename}：请检查名字和所在的文件夹")
    here = path_in_prose(click.format_filename(os.getcwd()))
    return in_language(
        f"there is no {en} {filename} in {here}, the folder policy is run from: check the name, and write the path "
        "from this folder (as `policy/2024-transition.yaml` in the folder that holds policy/) or in full",
        f"{here}（运行 policy 的文件夹）中找不到{zh} {filename}：请检查名字，并从这个文件夹写起路径"
        "（例如在含有 policy/ 的文件夹中写 `policy/2024-transition.yaml`），或写出完整路径")


class _Worded(str):
    """A Chinese message of `_NAMING`: the word click puts in it is said in Chinese too (`'x' 不是有效的整数。`)."""

    def format(self, *args: Any, **words: Any) -> str:
        from cli.help_zh import CLICK_WORDS

        for key in ("name", "number_type"):
            if key in words:
                words[key] = CLICK_WORDS.get(str(words[key]), words[key])
        return super().format(*args, **words)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if spoken() == "zh":
        from cli.help_zh import CLICK

        said = singular if n == 1 else plural
        if said in CLICK:
            return CLICK[said]
    return gettext.ngettext(singular, plural, n)


def _answer_clicks_words() -> None:
    """Give click's modules `_gettext` and `_ngettext` in place of gettext's, which each of them imported under
    its own names (`_`, `ngettext`)."""
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils"):
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = _ngettext  # type: ignore[attr-defined]


_answer_clicks_words()


# -- the Chinese of the help -----------------------------------------------------------------------------


def fingerprint(english: str) -> str:
    """A short digest of an English help text: the key its Chinese translation is checked against."""
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:8]


def option_key(param: click.Parameter) -> str:
    """How the table names an option: its longest name (`--output` for `-o, --output`)."""
    return max(param.opts, key=len) if param.opts else param.name or ""


def help_text(command: click.Command) -> str:
    """A command's English help as click shows it (up to a form feed)."""
    return inspect.cleandoc(command.help or "").partition("\f")[0]


def chinese(path: str, key: str, english: str) -> str | None:
    """The Chinese of a command's help (`key` ""), or of one of its options' (`key` "--date"), if the table has
    a translation of `english` as it reads now; else None. `path` is the command as typed: `policy monitor show`."""
    from cli.help_zh import CLICK, COMMANDS, OPTIONS

    for entry in (COMMANDS.get(path, {}).get(key), OPTIONS.get(key) if key else None):
        if entry is not None and entry[0] == fingerprint(english):
            return entry[1]
    return CLICK.get(english) if key else None  # `--help` and `--version` say click's words


def chinese_help(path: str, command: click.Command) -> str | None:
    """A command's Chinese help, with the example lines of its English under `示例：` (commands are not
    translated, the words typed in them are: `--reason "日期录错"`); None while the table has no translation of
    the English as it reads now."""
    english = help_text(command)
    said = chinese(path, "", english)
    if said is None:
        return None
    lines, theirs = inspect.cleandoc(said).splitlines(), examples_of(english)
    heading = next((i for i, line in enumerate(lines) if line.strip() == "示例："), None)
    if heading is None or theirs is None:
        return "\n".join(lines)
    examples = [chinese_example(line) for line in theirs]
    return "\n".join([*lines[:heading + 1], *examples, *lines[heading + 1:]])


def examples_of(english: str) -> list[str] | None:
    """The example lines of a command's English help, as written (indented), under its `Examples:` heading; None
    for a help with no such heading."""
    lines = english.splitlines()
    start = next((i for i, line in enumerate(lines) if re.fullmatch(r"\s*Examples?:", line)), None)
    return None if start is None else list(itertools.takewhile(str.strip, lines[start + 1:]))


def example_with(ctx: click.Context, param: click.Parameter) -> str | None:
    """The example of the command's help that runs it with `param`, an option or an argument, in the language of the
    run: of those, the one that gives the most of the options given on the command line (`leave --undo`: the example
    of `--undo`); None where no example gives it. The language asked for (`--lang`) chooses none."""
    typed = click.core.ParameterSource.COMMANDLINE
    given = {other.name for other in ctx.command.params if isinstance(other, click.Option) and other.name
             and other.name != "lang" and ctx.get_parameter_source(other.name) is typed}
    giving = [(line, names) for line, names in _runs(ctx) if param.name in names]
    if not giving:
        return None
    best = max(giving, key=lambda run: len(given & run[1]))[0]  # the first of the best
    return chinese_example(best) if spoken() == "zh" else best


def _runs(ctx: click.Context) -> list[tuple[str, set[str]]]:
    """The example lines of the command's help that run the command itself (continuation lines joined), each with
    the names of the parameters it gives, as the command reads them: the help of `policy monitor close` runs
    `policy monitor apply` first, whose `--date` is no example of close's."""
    commands: list[str] = []
    for line in (line.strip() for line in examples_of(help_text(ctx.command)) or []):
        if commands and commands[-1].endswith("\\"):
            commands[-1] = f"{commands[-1][:-1].rstrip()} {line}"
        else:
            commands.append(line)
    runs = []
    for line in commands:
        words = _words_of_run(line, command_path(ctx).split())
        if words is None:
            continue
        try:
            values = ctx.command.make_parser(ctx).parse_args(words)[0]
        except click.UsageError:  # an example the command would refuse gives nothing
            continue
        runs.append((line, {name for name, value in values.items() if value not in (None, ())}))
    return runs


def _words_of_run(line: str, command: list[str]) -> list[str] | None:
    """The words an example line gives `command` (`["policy", "eval"]`), as a shell splits them, up to the end of its
    run (a pipe, a redirection: `cat many.jsonl | policy eval - --format json > out`); None where the line does not
    run it."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # a quote left open
        return None
    for start in range(len(words)):
        if words[start:start + len(command)] == command and (start == 0 or _ends_run(words[start - 1])):
            return list(itertools.takewhile(lambda word: not _ends_run(word), words[start + len(command):]))
    return None


def _ends_run(word: str) -> bool:
    """A shell's word between two runs, or a run and a file (`|`, `>`, `<`, `;`, `&&`)."""
    return set(word) <= set(";&|<>()")


def chinese_example(line: str) -> str:
    """An English example command line with the words a user types in Chinese (`cli.help_zh.EXAMPLE_WORDS`)."""
    from cli.help_zh import EXAMPLE_WORDS

    for english, said in EXAMPLE_WORDS.items():
        line = line.replace(english, said)
    return line


def command_path(ctx: click.Context) -> str:
    """The command of a context as the table names it: `policy`, `policy eval`, `policy monitor show`."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.command.name or "")
        ctx = ctx.parent
    return " ".join(["policy", *reversed(names)])


# -- laying out Chinese text -----------------------------------------------------------------------------

_CLOSING = set("，。、；：！？）」』》〉】…”’)]},.;:!?")  # never at the start of a line
_OPENING = set("（「『《〈【“‘([{")  # never at the end of one


# a code span, whole (`sex:男=male`, `policy eval --brief`), a run of spaces, any other run of characters, a lone `
_PIECES = re.compile(r"`[^`]*`|\s+|[^\s`]+|`")


def _words(text: str) -> list[str]:
    """Pieces no line is broken inside: runs of spaces, and words — a run of Latin letters, an option, a path, a
    code span in backticks (copied from the help, it must be whole), or one Chinese character — each with the
    punctuation that cannot be parted from it."""
    words: list[str] = []
    for piece in _PIECES.findall(text):
        if piece.isspace():
            words.append(piece)
            continue
        for atom in [piece] if len(piece) > 1 and piece[0] == piece[-1] == "`" else piece:
            before = words[-1][-1] if words and not words[-1].isspace() else None
            if before is not None and not ((is_wide(before) or is_wide(atom[0])) and atom[0] not in _CLOSING
                                           and before not in _OPENING):
                words[-1] += atom
            else:
                words.append(atom)
    return words


def _fill(text: str, width: int, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    line, used, space = first, display_width(first), ""
    words = _words(text)[::-1]  # the next word last
    while words:
        word = words.pop()
        if word.isspace():
            space = word if line.strip() else ""
            continue
        if " " in word and display_width(word) > width - display_width(rest):
            words += re.findall(r"\s+|\S+", word)[::-1]  # a code span wider than any line: at its spaces, as English
            continue
        if line.strip() and used + display_width(space + word) > width:
            lines.append(line)
            line, used, space = rest, display_width(rest), ""
        line += space + word
        used += display_width(space + word)
        space = ""
    lines.append(line)
    return lines


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one: a space where a line ends or starts with a word in Latin letters, as between
    Latin and Chinese within a line; none between Chinese characters, nor next to full-width punctuation."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and not (is_wide(text[-1]) and is_wide(line[0])) and not (_full_stop(text[-1]) or _full_stop(line[0])):
            text += " "
        text += line
    return text


def _full_stop(char: str) -> bool:
    """Full-width punctuation, which has its own space around it."""
    return is_wide(char) and unicodedata.category(char).startswith("P")


def wrap(text: str, width: int, indent: str = "") -> str:
    """`text` wrapped to `width` terminal columns, as click's `wrap_text` with paragraphs preserved: paragraphs
    apart by blank lines, a paragraph under a `\\b` line kept as written."""
    paragraphs: list[list[str]] = [[]]
    for line in text.expandtabs().splitlines():
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    out = []
    for lines in (p for p in paragraphs if p):
        own = " " * (len(lines[0]) - len(lines[0].lstrip()))
        if lines[0].strip() == "\b":
            out.append("\n".join(indent + own + line for line in lines[1:]))
        else:
            out.append("\n".join(_fill(_joined(lines), width, indent + own, indent + own)))
    return "\n\n".join(out)


class ChineseFormatter(click.HelpFormatter):
    """Click's help layout with widths counted in terminal columns, where a Chinese character takes two, lines
    broken between characters, and headings ended with a full-width colon."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _gettext("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        self.write(wrap(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_width = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_width - col_spacing:
                self.write(" " * (first_width - display_width(first)))
            else:
                self.write("\n" + " " * (first_width + self.current_indent))
            text_width = max(self.width - first_width - 2, 10)
            lines = wrap(second, text_width).splitlines()
            self.write((lines[0] if lines else "") + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_width + self.current_indent}}{line}\n" if line else "\n")


# -- commands that follow the language --------------------------------------------------------------------


class Command(click.Command):
    """A command whose help and usage errors follow the language of the run: Chinese from `cli.help_zh` where it
    has the command's and options' help, click's layout and English otherwise."""

    def _formatter(self, ctx: click.Context) -> click.HelpFormatter:
        if spoken() != "zh":
            return ctx.make_formatter()
        return ChineseFormatter(width=ctx.terminal_width, max_width=ctx.max_content_width)

    def get_help(self, ctx: click.Context) -> str:
        formatter = self._formatter(ctx)
        self.format_help(ctx, formatter)
        return formatter.getvalue().rstrip("\n")

    def get_usage(self, ctx: click.Context) -> str:
        formatter = self._formatter(ctx)
        self.format_usage(ctx, formatter)
        return formatter.getvalue().rstrip("\n")

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line's pieces; under Chinese, click's own placeholders in Chinese (`[选项]`, `命令 [参数]...`),
        as the arguments' are (`Argument`: `文件...`)."""
        pieces = super().collect_usage_pieces(ctx)
        if spoken() != "zh":
            return pieces
        from cli.help_zh import CLICK

        own = {self.options_metavar, getattr(self, "subcommand_metavar", None)}
        return [CLICK.get(piece, piece) if piece in own else piece for piece in pieces]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        with speaking(None):  # made once and kept: its help is looked up in English like any option's
            return super().get_help_option(ctx)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        said = chinese_help(command_path(ctx), self) if spoken() == "zh" else None
        if said is None:
            super().format_help_text(ctx, formatter)
            return
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(said)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options as click lists them, with the notes it adds after each in words (`notes_in_words`); under
        Chinese, each option's help in Chinese where the table has it."""
        path, rows = command_path(ctx), []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument):
                continue
            names, said = record
            english = getattr(param, "help", None) or ""
            translated = chinese(path, option_key(param), english) if english and spoken() == "zh" else None
            if translated is not None and said.startswith(english):  # click adds `  [默认：…]` after the help
                said = translated + said[len(english):]
            rows.append((names, notes_in_words(said)))
        if rows:
            with formatter.section(_gettext("Options")):
                formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise _in_chinese(error, ctx) from None


def number_in_words(metavar: str, param: click.Parameter) -> str:
    """The placeholder click makes for an option's value (`INTEGER RANGE`) with a number in a range shown as the
    number it is: `INTEGER`, under Chinese `整数` (`placeholder`), the word its error says (`'x' 不是有效的整数。`);
    its range is said after its help (`notes_in_words`)."""
    if param.metavar is not None or not isinstance(param.type, (click.IntRange, click.FloatRange)):
        return metavar
    number = param.type.name.removesuffix(" range")  # click's `integer range`: an `integer`
    return metavar.replace(param.type.name.upper(), number.upper())


# a word of a placeholder: `PATHS` of `[PATHS]...`, `FILE` and `DIR` of `FILE|DIR|-...`, `OLD=NEW`, `POLICY.yaml`; not
# the values of a choice (`[zh|en]`, `{household|decision|policy|cases}`), which are typed as they are
_PLACEHOLDER_WORD = re.compile(r"\b[A-Z][A-Z_]*(?:[.=][A-Za-z_]+)*\b")


def placeholder(metavar: str) -> str:
    """A placeholder of a usage line or of an option's value (`[PATHS]...`, `FILE|DIR|-...`, `OLD=NEW`) in the
    language of the run: under Chinese, each of its words as `cli.help_zh.PLACEHOLDERS` says it (`[路径]...`,
    `文件|文件夹|-...`, `旧=新`)."""
    if spoken() != "zh":
        return metavar
    from cli.help_zh import PLACEHOLDERS

    return _PLACEHOLDER_WORD.sub(lambda word: PLACEHOLDERS.get(word[0], word[0]), metavar)


class Option(click.Option):
    """An option whose value's placeholder is a number where it is one in a range (`number_in_words`), in the
    language of the run (`placeholder`): `--policy FILE`, `--policy 文件`."""

    def make_metavar(self, ctx: click.Context) -> str:
        return placeholder(number_in_words(super().make_metavar(ctx), self))


class Argument(click.Argument):
    """An argument whose placeholder, in the usage line and in the errors that name it, is in the language of the run
    (`placeholder`): `FILES...`, `文件...`."""

    def make_metavar(self, ctx: click.Context) -> str:
        return placeholder(super().make_metavar(ctx))

    @property
    def human_readable_name(self) -> str:
        return placeholder(super().human_readable_name)


def notes_in_words(said: str) -> str:
    """The notes click puts after an option's help (`[default: 7; x>=1]`) with the range said in words, as a number
    out of it is told (`_range_in_words`): `[default: 7; at least 1]`; under Chinese, joined by Chinese punctuation as
    the rest (`[默认：7；不小于 1]`). A help that says its own default (`Worker processes  [default: the number of
    cores].`) has click's notes in the same bracket: `[default: the number of cores; 1 to 256].`, not two brackets."""
    head, bracket, notes = said.rpartition("  [")
    if not bracket or not notes.endswith("]"):
        return said
    lang = "zh" if spoken() == "zh" else "en"
    words, stop = [_range_in_words(note, lang) for note in notes[:-1].split("; ")], ""
    own = _OWN_NOTES.fullmatch(head)
    if own is not None:
        head, words, stop = own["help"], [own["notes"], *words], own["stop"]
    return f"{head}  [{_NOTES_JOINED[lang].join(words)}]{stop}"


_NOTES_JOINED = {"zh": "；", "en": "; "}  # click's `; ` between the notes after an option's help, in either language

# a help that ends with notes of its own, `Worker processes  [default: the number of cores].` (`[默认：CPU 核数]。`)
_OWN_NOTES = re.compile(r"(?s)(?P<help>.*)  \[(?P<notes>[^\[\]]*)\](?P<stop>[.。]?)")


_RANGE = re.compile(r"(?:(?P<low>[^<>=x]+)(?P<from><=?))?x(?:(?P<to><=?)(?P<high>[^<>=]+)|(?P<above>>=?)(?P<min>.+))?")


# click's `x>=1` in its message (`_gettext`), in either language
_OUT_OF_RANGE = {"zh": re.compile(r"(?<=超出了允许的范围（)(?P<range>[^（）]+)(?=）$)"),
                 "en": re.compile(r"(?<=outside the allowed range \()(?P<range>[^()]+)(?=\)$)")}

# the words of a range: (from and to, at least, more than, at most, less than, between two limits)
_RANGE_WORDS = {"zh": ("{low} 到 {high}", "不小于 {}", "大于 {}", "不大于 {}", "小于 {}", "，"),
                "en": ("{low} to {high}", "at least {}", "more than {}", "at most {}", "less than {}", ", ")}


def _range_in_words(note: str, lang: str = "zh") -> str:
    """Click's `x>=1`, `1<=x<=256`, `x<5` as `不小于 1`, `1 到 256`, `小于 5` (`lang` en: `at least 1`, `1 to 256`,
    `less than 5`); any other note as it is."""
    found = _RANGE.fullmatch(note)
    if found is None or found.group(0) == "x":
        return note
    both, at_least, more, at_most, less, joined = _RANGE_WORDS[lang]
    low, high = found["low"] or found["min"], found["high"]
    closed_low = (found["from"] or found["above"] or "") in ("<=", ">=")
    closed_high = found["to"] == "<="
    if low is not None and high is not None and closed_low and closed_high:
        return both.format(low=low, high=high)
    words = []
    if low is not None:
        words.append((at_least if closed_low else more).format(low))
    if high is not None:
        words.append((at_most if closed_high else less).format(high))
    return joined.join(words)


def _in_chinese(error: click.UsageError, ctx: click.Context) -> click.UsageError:
    """The error as it is; or a number out of its range with the range in words (`x>=1`: `at least 1`, `不小于 1`);
    or a missing option or argument with the example of the command that gives it, as a help line; or, under
    Chinese, the two errors click puts English punctuation into (a full stop after a missing name; a space, brackets
    and commas around "did you mean") with Chinese punctuation."""
    possibilities: list[str] = getattr(error, "possibilities", None) or []
    lang = spoken() or ""
    out_of_range = _OUT_OF_RANGE.get(lang)
    if out_of_range is not None and isinstance(error, click.BadParameter) and out_of_range.search(error.message):
        said = out_of_range.sub(lambda found: _range_in_words(found["range"], lang), error.message)
        return click.BadParameter(said, error.ctx or ctx, error.param, error.param_hint)
    absent = error.param if isinstance(error, click.MissingParameter) else None
    example = example_with(error.ctx or ctx, absent) if absent is not None else None
    if isinstance(error, click.MissingParameter) and example is not None:  # and the whole command that gives it
        said = _missing(error) if spoken() == "zh" else error.format_message()
        return click.UsageError(f"{said}\n{in_language('  help: e.g. ', '  提示：例如 ')}{example}", error.ctx or ctx)
    if spoken() != "zh" or not (isinstance(error, click.MissingParameter) or possibilities):
        return error
    if isinstance(error, click.MissingParameter):
        return click.UsageError(_missing(error), error.ctx or ctx)
    names = "、".join(repr(name) for name in sorted(possibilities))
    suggestion = _ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)",
                           len(possibilities)).format(possibility=names, possibilities=names)
    return click.UsageError(f"{error.message}{suggestion}", error.ctx or ctx)


def missing(ctx: click.Context, param: click.Parameter) -> click.UsageError:
    """The error of a parameter required only without another option, as click says a required one missing (an
    argument by its name, not the brackets of an optional one)."""
    hint = f"'{param.human_readable_name}'" if isinstance(param, click.Argument) else None
    return _in_chinese(click.MissingParameter(ctx=ctx, param=param, param_hint=hint), ctx)


def _missing(error: click.MissingParameter) -> str:
    """Click's `Missing argument 'FILES...'.` in Chinese, with a Chinese full stop: click puts an English one
    after the name itself."""
    said = error.format_message()  # `缺少参数 '文件...'.`, and what click adds after the full stop
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(name) for name in hint)
    stop = f" {hint}." if hint else "."
    missing, found, more = said.partition(stop)
    return f"{missing}{stop[:-1]}。{more.strip()}" if found else said


class Group(Command, click.Group):
    """A `click.Group` that follows the language of the run, its list of commands too."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options as `Command` lists them (click's group would list them as click does), then the commands."""
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                            list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:  # no such command, and maybe the one meant
            raise _in_chinese(error, ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if spoken() != "zh":
            super().format_commands(ctx, formatter)
            return
        path = command_path(ctx)
        shown = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        commands = [(name, command) for name, command in shown if command is not None and not command.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, short_help(f"{path} {name}", command, limit)) for name, command in commands]
        with formatter.section(_gettext("Commands")):
            formatter.write_dl(rows)


def short_help(path: str, command: click.Command, limit: int) -> str:
    """The line a group's list of commands gives `command` (`path`: `policy eval`), at most `limit` columns wide:
    under Chinese, the first sentence of its Chinese help."""
    said = chinese(path, "", help_text(command)) if spoken() == "zh" else None
    if said is None:
        return command.get_short_help_str(limit)
    first = inspect.cleandoc(said).split("\n\n")[0]
    sentence = _joined(first.splitlines()).split("。")[0]
    if display_width(sentence) > limit and sentence.endswith("）"):  # what it does, without what it reads
        sentence = sentence[:sentence.rindex("（")]
    if display_width(sentence) > limit and "：" in sentence:  # or without the list after a colon
        sentence = sentence.split("：")[0]
    if display_width(sentence) <= limit:
        return sentence
    while display_width(sentence + "…") > limit:
        sentence = sentence[:-1]
    return sentence + "…"


def adopt(command: Any) -> Any:
    """Make a command defined with click's own classes (`@click.command`, `@click.group`) follow the language
    of the run, a group's commands and the commands' options and arguments too. The commands' modules define them
    with click alone, so that none of them has to know of this module; a command or a parameter of a class of its own
    is left as it is."""
    if type(command) is click.Command:
        command.__class__ = Command
    elif type(command) is click.Group:
        command.__class__ = Group
    if not any(param.name == "lang" for param in command.params):
        # `policy monitor --lang en alerts`, as `policy --lang en monitor alerts`; and `policy schema household --lang
        # en`, a command whose output is the same in both languages: `language_of` reads it anywhere, for the help
        command.params.append(click.Option(["--lang"], type=click.Choice(LANGUAGES, case_sensitive=False),
                                           expose_value=False, hidden=True))
    for param in command.params:
        if type(param) is click.Option:
            param.__class__ = Option
        elif type(param) is click.Argument:
            param.__class__ = Argument
    if isinstance(command, click.Group):
        for inner in command.commands.values():
            adopt(inner)
    return command
