"""Helpers shared by the commands: language, colour, printing diagnostics and how many there are, dates."""

from __future__ import annotations

import datetime
import errno
import locale
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from cli.localize import in_language
from engine.diagnostics import (
    FULL,
    Diagnostic,
    PolicyError,
    Said,
    chinese_joined,
    counted,  # noqa: F401  (the commands take it from here)
    help_places,
    path_in_prose,
    render,
    rule_failure,
    shell_word,
    too_long,
)
from engine.file_names import DOCUMENTS, SPREADSHEETS  # noqa: F401  (the commands take DOCUMENTS from here)
from engine.system_words import what_to_do, why_not_written

FORMATS = click.Choice(["text", "json", "markdown"])
LANGS = click.Choice(["zh", "en"], case_sensitive=False)  # `--lang EN`, typed with caps lock on: `en`

# Exit codes a script can rely on.
OK, DIFFERS, USAGE = 0, 1, 2
BROKEN_PIPE = 141  # as a shell reports a command stopped by SIGPIPE: its reader went away

# Worker processes for --jobs: each one is a copy of this process, so a mistyped 1000000 must not start them all.
JOBS = click.IntRange(min=1, max=256)


def default_lang() -> str:
    """The language of the run in progress — the command line's `--lang`, wherever it is given (`policy --lang en
    eval …`) — else the environment's, falling back to Chinese."""
    from cli.localize import spoken

    return spoken() or environment_lang()


def environment_lang() -> str:
    """The environment's language, falling back to Chinese."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "en" if current.lower().startswith("en") else "zh"


def lang_option(f):  # type: ignore[no-untyped-def]
    # eager: an option whose callback reports a mistake (`--calendar FILE`) says it in this language
    return click.option("--lang", type=LANGS, default=None, is_eager=True,
                        help="Language of labels and sentences (default: from the locale, else zh).")(f)


def rename_column_option(f):  # type: ignore[no-untyped-def]
    """`--rename-column OLD=NEW`: a header of CSV tables in the export's own words (`engine.batch.renamed`)."""
    return click.option("--rename-column", "rename_columns", multiple=True, metavar="OLD=NEW",
                        help="A header of CSV tables in the export's own words, read as the column it holds "
                             "(`deposit_amount=assets.deposits`; for one table, `members.csv:hh_no=household`); "
                             "repeat the option or separate pairs by commas. The files are not changed.")(f)


def rename_value_option(f):  # type: ignore[no-untyped-def]
    """`--rename-value OLD=NEW`: a value in the export's own words (`engine.batch.renamed_values`)."""
    return click.option("--rename-value", "rename_values", multiple=True, metavar="OLD=NEW",
                        help="A value in the export's own words (a CSV cell, a field of JSON or Parquet), read as "
                             "the value it stands for (`householder=head`, `no=false`; for one column, `sex:M=male`); "
                             "repeat the option or separate pairs by commas. The files are not changed.")(f)


def policy_options(f):  # type: ignore[no-untyped-def]
    """`--policy FILE` (a what-if, whatever its window) and `--policy-dir DIR` (the one in force)."""
    f = click.option("--policy-dir", metavar="DIR",
                     type=click.Path(file_okay=False, path_type=Path), callback=_policy_dir,
                     default=Path("policy"), show_default=True, help="Where to find the policy in force.")(f)
    return click.option("--policy", "policy_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="Apply this policy whatever its window (a what-if); default: the one in force.")(f)


def _policy_dir(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """A `--policy-dir` the user named must exist; the default is only looked for when it is needed,
    so `--policy FILE` works from any folder (see `require_policy_dir`)."""
    given = ctx.get_parameter_source(param.name or "") is not click.core.ParameterSource.DEFAULT
    if given and not value.is_dir():
        folder = path_in_prose(click.format_filename(value))
        raise click.BadParameter(in_language(f"no folder {folder}", f"没有 {folder} 这个文件夹"), ctx, param)
    return value


def require_policy_dir(policy_file: Path | None, policy_dir: Path, needs: Said | None = None) -> None:
    """Stop with a usage error when the policy in force is to be looked up in a folder that is not there, saying what
    to pass: the folder of the policies shipped with this installation where there is one (a checkout, or an
    editable install), by its path. `needs`: what the command needs the policy for, said after the first clause."""
    if policy_file is None and not policy_dir.is_dir():
        where = click.format_filename(policy_dir)
        why = Said(f" ({needs.en})", f"（{needs.zh}）") if needs is not None else Said("", "")
        shipped = shipped_policy_dir()
        if shipped is not None:
            path = shell_word(str(shipped))
            give = Said(f"give --policy-dir {path} (the policies shipped with this installation), --policy-dir DIR "
                        "for a folder of your own, or --policy FILE",
                        f"请给出 `--policy-dir {path}`（随本安装提供的政策），或用 --policy-dir 文件夹 指定自己的政策"
                        "文件夹，或给出 --policy 文件")
        else:
            give = Said("give `--policy FILE`, or --policy-dir DIR", "请给出 --policy 文件 或 --policy-dir 文件夹")
        raise click.UsageError(in_language(f"there is no folder {where}/ here to find the policy in force{why.en}: "
                                           f"{give.en}",
                                           f"这里没有 {where}/ 文件夹，找不到现行政策{why.zh}：{give.zh}"))


def shipped_policy_dir() -> Path | None:
    """The `policy/` folder beside the installed code, holding policy files — there in a checkout of the project and
    in an editable install (`pip install -e .`), not in a wheel, which ships no policy —; else None."""
    folder = Path(__file__).resolve().parent.parent / "policy"
    return folder if folder.is_dir() and any(folder.glob("*.yaml")) else None


def style_for(stream_is_tty: bool):  # type: ignore[no-untyped-def]
    colours = {"ok": "green", "fail": "red", "warn": "yellow", "dim": "bright_black", "heading": None,
               "title": None}

    def style(text: str, role: str) -> str:
        if not stream_is_tty:
            return text
        if role in ("heading", "title"):
            return click.style(text, bold=True)
        return click.style(text, fg=colours.get(role))
    return style


def print_diagnostics(diagnostics: Iterable[Diagnostic], lines_of, err: bool = True,  # type: ignore[no-untyped-def]
                      lang: str = "en") -> None:
    """Each finding with its place, underline and help; a row of findings about one name with one help says it once,
    after the last (`help_places`)."""
    found = list(diagnostics)
    for d, places in zip(found, help_places(found), strict=True):
        file = d.span.file if d.span else None
        text = render(d, lines_of(file) if file else None, lang, places)
        colour = "red" if d.severity == "error" else "yellow"
        first, _, rest = text.partition("\n")
        click.echo(click.style(first, fg=colour, bold=True) + ("\n" + rest if rest else ""), err=err)


NO_DECISION = Said("no household was decided", "没有认定任何家庭")


def stop_on_policy_errors(error: PolicyError, lang: str, undone: Said = NO_DECISION) -> NoReturn:
    """Stop, exit 2, on the errors of a policy the command loaded: each located, then the line that says how many
    the file has, that nothing was done (`undone`: no household was decided), and to run `policy check FILE`."""
    from engine.diagnostics import source_lines

    print_diagnostics(error.diagnostics, source_lines, lang=lang)
    closing = _stopped(error.diagnostics, undone, lang)
    if closing is not None:
        click.echo(closing, err=True)
    raise SystemExit(USAGE)


def findings(number: int, kind: str, lang: str) -> str:
    """`1 error`, `2 warnings`, `1 个错误`: a count of findings of one kind (`error`, `warning`) as the closing line
    says it."""
    if lang == "zh":
        return f"{number} 个{'错误' if kind == 'error' else '警告'}"
    return f"{number} {kind}{'s' * (number != 1)}"


def _stopped(diagnostics: Iterable[Diagnostic], undone: Said, lang: str) -> str | None:
    """The closing line of another command that a policy file's errors stopped: how many errors the file has,
    what was not done (`undone`), and to check the file; None when the errors are not a file's (no policy in force
    on the day, or several, or a version name given twice: their own help says what to do)."""
    errors = [d for d in diagnostics if d.severity == "error" and d.code not in _CHOOSING]
    files = list(dict.fromkeys(file for file in (d.span.file if d.span else d.source_file for d in errors) if file))
    if not files:
        return None
    named, count = " ".join(shell_word(file) for file in files), findings(len(errors), "error", lang)
    if lang == "zh":
        return f"政策文件 {'、'.join(files)} 有 {count}，{undone.zh}：请改正后运行 `policy check {named}`"
    has = "has" if len(files) == 1 else "have"
    return (f"the policy file{'s' * (len(files) != 1)} {', '.join(files)} {has} {count}, so {undone.en}: "
            f"fix {'it' if len(errors) == 1 else 'them'}, then run `policy check {named}`")


# the policy in force on a day: none, or several, or one whose version another file has too (a folder's, not a
# file's, error)
_CHOOSING = {"L008", "L010"}


def print_evaluation_error(source: str, household_id: str, d: Diagnostic, lines_of,  # type: ignore[no-untyped-def]
                           lang: str = "en") -> None:
    """A rule that could not be computed for a household: the household first, then the rule, underlined."""
    snippet = render(d, lines_of(d.span.file) if d.span else None, lang).split("\n")[1:]  # the rule and the help
    first = f"{source}: {'家庭' if lang == 'zh' else 'household'} {household_id}: {rule_failure(d, lang)}"
    click.echo("\n".join([click.style(first, fg="red", bold=True), *snippet]), err=True)


def parse_date(value: str | None, what: str = "--date") -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        from engine.date_words import date_said

        meant = date_said(value, quotes=False)  # `2025/8/6`: write `2025-08-06`, as a household file is told
        fix = meant or Said("write YYYY-MM-DD", "请写成 YYYY-MM-DD")
        raise click.BadParameter(in_language(f"`{value}` is not a date; {fix.en}", f"`{value}` 不是日期，{fix.zh}"),
                                 param_hint=what) from None


def from_environment(ctx: click.Context | None, name: str) -> str | None:
    """The environment variable the option `name` took its value from (the user typed no such option, so an
    error about it must say where the value came from), or None."""
    if ctx is None:
        return None
    param = next((p for p in ctx.command.params if p.name == name), None)
    envvar = param.envvar if param is not None and isinstance(param.envvar, str) else None
    if envvar is None or ctx.get_parameter_source(name) is not click.core.ParameterSource.ENVIRONMENT:
        return None
    return envvar


def _hint(ctx: click.Context, param: click.Parameter) -> str:
    """How an error names the option: `'--db'`, or `'--db' (from $POLICY_REGISTER)`."""
    variable = from_environment(ctx, param.name or "")
    return param.get_error_hint(ctx) + (in_language(f" (from ${variable})", f"（取自 ${variable}）")
                                        if variable else "")


def in_existing_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An output path whose folder must exist: said at once, not as a failure when the file is written (an empty
    name, a name or a path too long for the system, a folder that is a file, too)."""
    if value is not None and not value.name:  # `-o ""`, which a Path reads as `.`
        raise click.BadParameter(in_language("the name is empty; give a file name", "名字是空的：请给出一个文件名"),
                                 ctx, param, param_hint=_hint(ctx, param))
    if value is not None:  # the file's own name too, before the run: found as it is written, the work was lost
        not_too_long(value, _hint(ctx, param), ctx, param)
    if value is not None and not value.parent.is_dir():  # a bare name's parent is "."
        folder, name = (path_in_prose(click.format_filename(p)) for p in (value.parent, value.name))
        file = value.parent.exists()
        raise click.BadParameter(in_language(
            f"{folder} is a file, not a folder, so {name} cannot be written in it; give a path in a folder" if file
            else f"there is no folder {folder} to write {name} in; create it first",
            f"{folder} 是文件，不是文件夹，无法在其中写入 {name}：请给出某个文件夹中的路径" if file
            else f"没有 {folder} 这个文件夹，无法在其中写入 {name}：请先建好这个文件夹"),
            ctx, param, param_hint=_hint(ctx, param))
    return value


def with_room_beside(beside: Callable[[Path], str], in_folder: bool = True):  # type: ignore[no-untyped-def]
    """The callback of a path whose name must leave room for what `beside` says is added to it for a file kept
    beside it (SQLite's `NAME-journal` or `NAME-wal`), in an existing folder (`in_existing_folder`) where
    `in_folder`; and that is not a folder, a named pipe, a device or a socket (`not_special`)."""
    def callback(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None and value.name:
            not_too_long(value, _hint(ctx, param), ctx, param, beside(value))
            not_special(value, ctx, param)
        return in_existing_folder(ctx, param, value) if in_folder else value
    return callback


def not_special(path: Path, ctx: click.Context, param: click.Parameter) -> None:
    """Stop with a usage error when what is at `path` cannot be the register: a folder, a named pipe, a device or
    a socket, said as the register says it (`not_a_file`)."""
    from engine.monitor.register import not_a_file

    not_file = not_a_file(path)
    if not_file is not None:
        raise click.BadParameter(in_language(not_file.en, not_file.zh), ctx, param, param_hint=_hint(ctx, param))


def not_too_long(path: Path, param_hint: str, ctx: click.Context | None = None,
                 param: click.Parameter | None = None, beside: str = "") -> None:
    """Stop with a usage error when the system would refuse `path` for being too long (a name over 255 bytes, a path
    over 4,096), said as `too_long` says it: what is too long, and what to give instead. `beside`: what is added to
    its name for a file kept beside it (SQLite's `-journal`), which must fit too."""
    try:
        os.stat(f"{path}{beside}")  # (os.path.isdir and exists say False alike)
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            what, shorter = too_long(path, beside)
            raise click.BadParameter(in_language(f"{what.en}; give {shorter.en}", f"{what.zh}：请改用{shorter.zh}"),
                                     ctx, param, param_hint=param_hint) from None


def file_in_existing_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An output file's path (`in_existing_folder`) that is not a folder: said with how to name a file in it, where
    click said only `File 'out' is a directory.`"""
    if value is not None and value.name and os.path.isdir(value):  # (False, not OSError, for a name too long)
        name = click.format_filename(value)
        folder, inside, inside_zh = (path_in_prose(p) for p in (name, f"{name}/FILE", f"{name}/文件名"))
        raise click.BadParameter(in_language(
            f"{folder} is a folder, not a file; give the name of the file to write (in that folder: {inside})",
            f"{folder} 是文件夹，不是文件：请给出要写入的文件名（写在这个文件夹里：{inside_zh}）"),
            ctx, param, param_hint=_hint(ctx, param))
    return in_existing_folder(ctx, param, value)


def not_an_input(output: Path | None, inputs: Iterable[Path | str | None], param_hint: str) -> None:
    """Stop with a usage error when an output file is one of the command's inputs: writing it would replace them
    (or, for an input file that does not exist yet, such as an optional table, become one)."""
    if output is None:
        return
    for given in inputs:
        if given is None:
            continue
        if os.path.exists(output) and Path(given).exists():  # (False, not OSError, for a name too long)
            same = os.path.samefile(output, given)
        else:
            same = output.resolve() == Path(given).resolve()
        name = path_in_prose(click.format_filename(output))
        if same and not Path(given).exists():
            raise click.BadParameter(in_language(
                f"{name} is where this command reads an input from (a table it reads when present); give another "
                "file name", f"这条命令会从 {name} 读取输入（这个表格存在时就读取）：请换一个文件名"),
                param_hint=param_hint)
        if same:
            raise click.BadParameter(in_language(
                f"{name} is also an input of this command, and writing there would replace it; give another file name",
                f"{name} 也是这条命令的输入，写到那里会把它替换掉：请换一个文件名"), param_hint=param_hint)


def not_read_back(output: Path | None, folder: Path | str | None, param_hint: str, tables_first: bool = True,
                  parquet: bool = True) -> None:
    """Stop with a usage error when an output file would be among the households of the folder the command reads
    (`engine.household_input.read_as_households`): the next run of the same command would read it as households.
    `tables_first`: the command reads a folder holding households.csv as its CSV tables alone (`policy batch`,
    `policy diff`), so any name is fine there. `parquet`: the command reads a folder of Parquet parts, so a Parquet
    file there would be one of them, or, beside JSON files, make the folder refused for holding both."""
    if output is None or folder is None or str(folder) == "-" or not Path(folder).is_dir():
        return
    from engine.household_input import household_files, parquet_name, read_as_households

    folder = Path(folder)
    table = False  # households.csv itself, which makes the folder CSV tables
    if tables_first:
        from engine.batch.csv_tables import table_in
        from engine.household_input import PACKED_SUFFIXES

        if table_in(folder, "households.csv").exists():
            return
        table = output.parent.resolve() == folder.resolve() and output.name.lower() in \
            {"households.csv", *(f"households.csv{suffix}" for suffix in PACKED_SUFFIXES)}
    part = parquet and read_as_households(output, folder, parquet_name)
    if not table and not part and not read_as_households(output, folder):
        return
    name, where = path_in_prose(click.format_filename(output)), path_in_prose(click.format_filename(folder))
    top = folder if folder.name not in ("", ".", "..") else folder.resolve()
    beside = path_in_prose(click.format_filename(top.parent / output.name))
    kinds = Said(".json and .jsonl files, compressed or not", ".json 和 .jsonl 文件（压缩与否均可）")
    if parquet:
        kinds = Said(f"{kinds.en}, .parquet and .pq files", f"{kinds.zh}、.parquet 和 .pq 文件")
    if tables_first:
        kinds = Said(f"{kinds.en}, and households.csv", f"{kinds.zh}以及 households.csv")
    read = Said(f"only {kinds.en} are", f"只读取 {kinds.zh}")
    # what else of the folder the next run would meet: beside a Parquet part, its JSON files; else its Parquet parts
    other = household_files(folder) if part and not table else household_files(folder, parquet_name) if parquet else []
    if table:
        then = Said("refuse the folder, for holding Parquet files and households.csv both",
                    "会因为其中既有 Parquet 文件又有 households.csv 而拒绝读取这个文件夹") if other else \
            Said("read the folder as CSV tables, from this households.csv, not its households",
                 "会把这个文件夹当作 CSV 表格、从这个 households.csv 读取，而不是读取其中的家庭")
    elif other:
        then = Said("refuse the folder, for holding Parquet and JSON files both",
                    "会因为其中既有 Parquet 文件又有 JSON 文件而拒绝读取这个文件夹")
    else:
        then = Said("read it as a Parquet part of the households", "会把它当作家庭的 Parquet 分片读入") if part else \
            Said("read it as households", "会把它当作家庭读入")
    raise click.BadParameter(in_language(
        f"{name} is in {where}, the folder this command reads households from: the next run would {then.en}. "
        f"Write it beside the folder ({beside}), or give it a name that is not read as households ({read.en})",
        f"{name} 位于 {where} 中，而这条命令正是从这个文件夹读取家庭：下次运行{then.zh}。请把它写在这个"
        f"文件夹旁边（{beside}），或换一个不会被当作家庭读取的文件名（{read.zh}）"),
        param_hint=param_hint)


def not_a_spreadsheet(output: Path | None, fmt: str | None, instead: Said | None = None) -> None:
    """A usage error for an output named as a spreadsheet: it would get JSON Lines under that name. `instead`
    says what to write (else a CSV file of that name, which spreadsheets open)."""
    if fmt is None and output is not None:
        csv = path_in_prose(output.with_suffix(".csv").name)
        refuse_suffix(output, SPREADSHEETS, Said("a spreadsheet", "电子表格"), instead or
                      Said(f"name it {csv} (spreadsheets open CSV), .jsonl or .parquet",
                           f"请把它命名为 {csv}（电子表格软件能打开 CSV），或改用 .jsonl 或 .parquet 后缀"))


def refuse_suffix(output: Path, suffixes: tuple[str, ...], kind: Said, instead: Said) -> None:
    """A usage error for an output whose name (`.xlsx`, `.html`) promises a format the command does not write."""
    if output.suffix.lower() in suffixes:
        name = path_in_prose(click.format_filename(output))
        raise click.BadParameter(in_language(f"{name} names {kind.en}, which policy does not write: {instead.en}",
                                             chinese_joined(f"{name} 这个文件名表示", kind.zh, "，但 policy 不写",
                                                            kind.zh, f"：{instead.zh}")),
                                 param_hint="-o")


def is_special_file(path: Path) -> bool:
    """A device or a pipe (`/dev/null`, `/dev/stdout`): there is nothing to rename into its place."""
    return path.exists() and not path.is_file() and not path.is_dir()


def write_elsewhere(error: OSError) -> Said:
    """The help for an output the system would not let be written (`error`): on a full disk, room to make; else a
    file in a folder one may write (read-only, not one's own, a folder where the file was to be, a name too long)."""
    if error.errno in FULL:
        return Said("free some disk space, or write the output somewhere else", "请腾出磁盘空间，或把输出写到别处")
    fix = what_to_do(error)  # a failing disk: check it
    if fix is not None:
        return Said(f"{fix.en}, or write the output somewhere else", f"{fix.zh}，或把输出写到别处")
    return Said("give a file in a folder you may write, with a shorter name if the name is too long",
                "请给出一个可以写入的文件夹中的文件，名字太长时请改短")


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write next to the target, then rename: a reader never sees half a file, an interruption leaves none.
    The file gets the mode any new file gets (0666 less the umask), not the owner-only mode of a temporary.
    A device or a pipe is written to as it is: renaming onto it would replace `/dev/null` with a file."""
    if is_special_file(path):
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        return
    import tempfile  # (not at start-up: most commands write only to standard output)

    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def writable_before_the_run(path: Path, what: Said, param_hint: str) -> None:
    """Stop with a usage error when `what` could not be written at `path` (a folder one may not write, a full disk):
    tried as `write_atomically` writes it, with a hidden file beside it, removed at once. A device or a pipe is
    written as it is."""
    import tempfile

    try:
        if is_special_file(path):
            return
        fd, tried = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as error:
        name, help = path_in_prose(click.format_filename(path)), write_elsewhere(error)
        why = why_not_written(error, path)
        raise click.BadParameter(in_language(f"cannot write {what.en} to {name}: {why.en}; {help.en}",
                                             f"无法把{what.zh}写入 {name}：{why.zh}；{help.zh}"),
                                 param_hint=param_hint) from None
    os.close(fd)
    os.unlink(tried)


def temporary_prefix(path: Path) -> str:
    """How the temporary written beside `path` is named (`.NAME.`), with room for the random part and `.tmp`."""
    from engine.working_files import hidden_prefix

    return hidden_prefix(path, len("xxxxxxxx.tmp"))  # (tempfile's random part is 8 characters)


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


HEADS = {"note": Said("note: ", "注意："), "warning": Said("warning: ", "警告："), "error": Said("error: ", "错误："),
          "help": Said("  help: ", "  提示："), "interrupted": Said("interrupted: ", "已中断：")}


def ignored_columns(given: tuple[str, ...], policies: Any, lang: str) -> frozenset[str]:
    """The names of a command's --ignore-column, checked against the policies (`engine.batch.ignored`); a usage
    error (exit 2) for one a policy reads."""
    from engine.batch.ignored import ignored_names
    from engine.batch.readers import InputError

    try:
        return ignored_names(given, policies)
    except InputError as error:
        tell("error", error.said, lang)
        raise SystemExit(USAGE) from None


def refuse_input(error: Any, ignore_columns: tuple[str, ...], lang: str, rename_columns: tuple[str, ...] = ()
                 ) -> NoReturn:
    """Stop (exit 2) for an input the batch's readers refused (`engine.batch.readers.InputError`): for columns no
    policy reads, and for findings placed in the file (a policy given as households), the error and its help
    (`say_refused`); for anything else, as click says a usage error."""
    from engine.diagnostics import source_lines

    if error.unknown or error.help is not None or error.diagnostics or error.also:
        say_refused(error, ignore_columns, lang, source_lines, rename_columns=rename_columns)
        raise SystemExit(USAGE)
    raise click.UsageError(error.in_lang(lang))


def say_refused(error: Any, ignore_columns: tuple[str, ...], lang: str, lines_of: Any = None,
                rename_columns: tuple[str, ...] = ()) -> None:
    """An input the batch's readers refused (`engine.batch.readers.InputError`), on standard error: its findings
    with their places (`lines_of`: the lines of a file, to show them), else its message; then its one help: its fix
    (with `--rename-column` and the pairs `rename_columns` gave, for headers of CSV tables) and how `--ignore-column`
    leaves out columns no policy reads (with the names `ignore_columns` gave)."""
    from engine.batch.ignored import refusal_help

    for each in (error, *error.also):  # the refusals of every table, then one fix for all
        if each.diagnostics:
            print_diagnostics(each.diagnostics, lines_of, lang=lang)
        else:
            tell("error", each.said, lang)
    help = refusal_help(error, ignore_columns, rename_columns)
    if help is not None:
        tell("help", help, lang)


def say_ignored_fields(unknown: Sequence[str], given: Iterable[str], lang: str) -> None:
    """After records refused for fields no policy reads (`unknown`, as `--ignore-column` names them), how to run again
    leaving them out, with the names `given` to it already (`engine.batch.ignored.refused_fields_help`): the one
    help under `policy batch`'s tally (`policy eval` and `monitor ingest`, which show each record's findings, end
    each finding's help with the option instead: `offering_ignore`)."""
    if not unknown:
        return
    from engine.batch.ignored import refused_fields_help

    tell("help", refused_fields_help(unknown, given), lang)


def say_renamed_values(words: Sequence[str], given: Iterable[str], lang: str) -> None:
    """After bad records whose cells write values in an export's own words (`words`: the `--rename-value` pairs
    their helps offer), the one option that reads them all, with the pairs `given` already
    (`engine.batch.renamed_values.renamed_values_help`)."""
    if not words:
        return
    from engine.batch.renamed_values import renamed_values_help

    said = renamed_values_help(words, given)
    if said is not None:
        tell("help", said, lang)


def renamed_columns_of(given: tuple[str, ...], policies: Any, lang: str, values: tuple[str, ...] = ()) -> Any:
    """The pairs of a command's --rename-column, checked against the policies (`engine.batch.renamed`), with those
    of its --rename-value (`values`); a usage error (exit 2) for one that is not a pair, or renames to no column or
    no value."""
    from engine.batch.readers import InputError
    from engine.batch.renamed import renamed_columns

    try:
        return renamed_columns(given, policies, values)
    except InputError as error:
        tell("error", error.said, lang)
        raise SystemExit(USAGE) from None


def tell(head: str, said: Said, lang: str) -> None:
    """A line on standard error in `lang`: `note: …` / `注意：…`, `error: …` / `错误：…`, and the like."""
    click.echo(HEADS[head].in_lang(lang) + said.in_lang(lang), err=True)


def say_written(output: Path | str, lang: str) -> None:
    """`wrote policy.md` (`已写入 policy.md`) on standard error, the file set apart where a shell would split it
    (`path_in_prose`): what `policy doc -o` and `policy diff --html` say once the file is there."""
    file = path_in_prose(str(output))
    click.echo(f"已写入 {file}" if lang == "zh" else f"wrote {file}", err=True)


_WARNINGS_SHOWN = 3  # of a policy's warnings, those named on a line each


def say_policy_warnings(policy_file: Path | str, warnings: Sequence[Diagnostic], lang: str) -> None:
    """A policy's warnings before its decisions (`policy eval --policy`) or its cases' results (`policy test`): each
    of the first few at its place, on one line — a plain `70` where `70%` was meant pays seventy times a bill, and
    the caseworker sees that figure, not the warning —, and the check that shows them in full."""
    from engine.diagnostics import headline

    n, named = len(warnings), path_in_prose(str(policy_file))
    check = f"`policy check {shell_word(str(policy_file))}`"
    click.echo(f"注意：{named} 有 {n} 个警告，{check} 会完整列出：" if lang == "zh"
               else f"note: {named} has {n} warning{'s' if n > 1 else ''}, which {check} shows in full:",
               err=True)
    for d in warnings[:_WARNINGS_SHOWN]:
        click.echo(f"  {d.span or policy_file}: {headline(d, lang)}", err=True)
    if n > _WARNINGS_SHOWN:
        click.echo(f"  … 另有 {n - _WARNINGS_SHOWN} 个" if lang == "zh" else f"  … and {n - _WARNINGS_SHOWN} more",
                   err=True)
