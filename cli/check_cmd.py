"""`policy check`: load and check policy files, print every diagnostic."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import DIFFERS, OK, USAGE, findings, lang_option, print_diagnostics
from engine.diagnostics import path_in_prose


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json (one object per diagnostic, in a list) for tools.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@lang_option
def check(paths: tuple[Path, ...], fmt: str, strict: bool, lang: str | None) -> None:
    """Check policy files (or folders of them) for mistakes, before any household is evaluated.

    Reports, all at once and sorted by position: YAML and schema mistakes, expression
    syntax, unknown names (with "did you mean"), unit and type errors, unknown enum
    values, cycles, unused parameters and unreachable categories. Findings are said in
    the language of `--lang`; JSON keeps them in English, for tools, with their Chinese
    too, under `zh`, for `--lang zh`.

    Checking a folder (or files of one folder together) also checks its files as the
    versions of a policy one after another, as `policy eval` picks among them by date:
    effective periods that overlap, or days no file covers (L008); a version name given
    twice (L010); an abolished category dated other than the day the versions before it
    show (C039); a file that takes over from another under another `id`, citing the
    same document (L011). docs/errors.md explains each code, with an example.

    \b
    Examples:
      policy check policy/
      policy check --strict --format json policy/post-transition.yaml
      policy check --lang en policy/
    """
    from cli.common import default_lang
    from engine.diagnostics import PolicyError, source_lines
    from engine.model import Policy
    from engine.policy_cache import load_policy_file
    from engine.selection import between_files, policy_files

    lang = lang or default_lang()
    cases: list[Path] = []
    files = policy_files(list(paths), cases)
    for file in cases:  # test cases kept beside the policy they test
        click.echo(_cases_apart(file, lang), err=True)
    if not files:
        where = ", ".join(path_in_prose(str(p)) for p in paths)
        click.echo(f"错误：{where} 中没有 .yaml 文件" if lang == "zh" else f"error: no .yaml files found in {where}",
                   err=True)
        raise SystemExit(USAGE)
    found = []
    unchecked: list[Path] = []  # files whose mistakes stopped them before their rules were checked
    by_folder: dict[Path, list[Policy]] = {}
    failed: dict[Path, list[Path]] = {}  # by folder, the files that did not load
    for file in files:
        try:
            policy, warnings = load_policy_file(file)
            found.extend(warnings)
            by_folder.setdefault(file.resolve().parent, []).append(policy)
        except PolicyError as error:
            found.extend(error.diagnostics)
            failed.setdefault(file.resolve().parent, []).append(file)
            if error.unchecked:
                unchecked.append(file)
    held: list[tuple[int, list[Path]]] = []  # warnings between files held back, and the files that did not load
    for folder, policies in by_folder.items():  # `policy eval` picks among a folder's files by date
        said, waiting = between_files(policies, failed.get(folder, []))
        found.extend(said)
        if waiting:
            held.append((len(waiting), failed[folder]))
    errors = sum(d.severity == "error" for d in found)
    warnings_count = len(found) - errors
    if fmt == "json":
        # `message` and `help` stay English for tools; under `zh` their Chinese too, as the errors files give it
        click.echo(json.dumps([d.to_json(chinese=lang == "zh") for d in found], ensure_ascii=False, indent=2))
    else:
        print_diagnostics(found, source_lines, err=False, lang=lang)
        for file in unchecked:
            click.echo(_unchecked(file, lang))
        for count, missing in held:
            click.echo(_held_back(count, missing, lang))
        click.echo(_summary(len(files), errors, warnings_count, lang), err=True)
    if errors or (strict and warnings_count):
        raise SystemExit(DIFFERS)
    raise SystemExit(OK)


def _cases_apart(file: Path, lang: str) -> str:
    """Said of a file of test cases in a folder checked: no policy, so not checked here."""
    from engine.diagnostics import shell_word

    run, named = f"`policy test {shell_word(str(file))}`", path_in_prose(str(file))
    if lang == "zh":
        return f"注意：{named} 是测试用例文件，不是政策文件，这里不检查；请用 {run} 运行其中的用例"
    return f"note: {named} is a file of test cases, not a policy, so it is not checked here; run its cases with {run}"


def _unchecked(file: Path, lang: str) -> str:
    """Said once of a file whose mistakes stopped it before its rules were checked."""
    named = path_in_prose(str(file))
    if lang == "zh":
        return f"注意：{named} 的规则尚未检查：请先改正上面的错误，再运行一次 `policy check`"
    return f"note: the rules of {named} were not checked: fix the mistakes above, then run `policy check` again"


def _held_back(count: int, missing: list[Path], lang: str) -> str:
    """Said once per folder whose warnings between files wait for the files of it that did not load (`missing`)."""
    folder = path_in_prose(f"{missing[0].parent}/")
    named = ("、" if lang == "zh" else ", ").join(path_in_prose(str(file)) for file in missing)
    if lang == "zh":
        these = "这个警告" if count == 1 else "这些警告"
        return (f"注意：{folder} 中各文件之间的 {count} 个警告暂不显示：{named} 未能载入，{these}可能只是由此而来；"
                f"请先改正{'它' if len(missing) == 1 else '它们'}，再运行一次 `policy check`")
    one = count == 1
    return (f"note: {findings(count, 'warning', lang)} on the files of {folder} taken together "
            f"{'is' if one else 'are'} held back: {named} did not load, and the warning{'' if one else 's'} may follow "
            f"from that alone; fix {'it' if len(missing) == 1 else 'them'}, then run `policy check` again")


def _summary(files: int, errors: int, warnings: int, lang: str) -> str:
    """The closing line: `checked 2 files: 0 errors, 1 warning`."""
    if lang == "zh":
        return f"已检查 {files} 个文件：{findings(errors, 'error', lang)}，{findings(warnings, 'warning', lang)}"
    return (f"checked {files} file{'s' * (files != 1)}: "
            f"{findings(errors, 'error', lang)}, {findings(warnings, 'warning', lang)}")
