"""`policy eval`: classify households and explain why."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from cli.common import (
    FORMATS,
    OK,
    USAGE,
    lang_option,
    parse_date,
    policy_options,
    print_diagnostics,
    print_evaluation_error,
    require_policy_dir,
    style_for,
    tell,
)

if TYPE_CHECKING:
    from engine.diagnostics import Diagnostic
    from engine.household import HouseholdError
    from engine.jsonsource import JsonText


class _Read(NamedTuple):
    """A household as read from a file: where it is, its data (or the `HouseholdError` of a JSON line that
    cannot be read), and the JSON text it was read from, with its place in that text (its index in a list)."""

    source: str
    data: Any
    text: JsonText | None = None
    within: tuple[int, ...] = ()

    def findings(self, error: HouseholdError) -> list[Diagnostic]:
        """The error's findings, at their lines and columns in the text when there is one."""
        return error.diagnostics if self.text is None else error.located(self.text, self.within)


def _read_households(name: str, texts: dict[str, str | list[str]]) -> list[_Read]:
    """Each household in a file, a JSON Lines file or standard input; a JSON line that cannot be read gives its
    `HouseholdError` as data, so the lines around it are still evaluated. `texts` gets the text read (or its
    lines, when they have been split), to underline a finding in it: standard input cannot be read again."""
    from engine.diagnostics import Diagnostic, Said
    from engine.household import HouseholdError, holds_json_lines, household_text, other_format, read_json
    from engine.jsonsource import JsonText

    source = "<stdin>" if name == "-" else name
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    other = other_format(raw, name, source, "policy eval", Said("household JSON", "家庭 JSON"))
    if other is not None:  # read as JSON, each would be a message about its first bytes
        raise HouseholdError([other])
    text = household_text(raw, source)
    if name.endswith(".jsonl") or holds_json_lines([text.encode("utf-8")]):
        lines = texts[source] = text.lstrip("\ufeff").splitlines()
        found = [_Read(f"{source}:{i}", _read_line(line, f"{source}:{i}", (source, i)), JsonText(line, source, i))
                 for i, line in enumerate(lines, 1) if line.strip()]
    else:
        texts[source] = text  # before it is read: a syntax error in it is shown on its line
        data = read_json(text, source, (source, 1))
        whole = JsonText(text, source)
        found = [_Read(f"{source}[{i}]", item, whole, (i,)) for i, item in enumerate(data)] if isinstance(
            data, list) else [_Read(source, data, whole)]
    if not found:  # an empty list, or JSON Lines with no line: nothing would be printed, and nothing said
        raise HouseholdError([Diagnostic.said(
            "H002", Said("the file holds no household", "文件中没有家庭"), None, source_file=source,
            help=Said("give one household `{…}`, a list of them `[{…}, …]`, or JSON Lines with one household per line",
                      "请给出一个家庭 `{…}`、家庭列表 `[{…}, …]`，或每行一个家庭的 JSON Lines"))])
    return found


def _read_line(line: str, source: str, at: tuple[str, int]) -> Any:
    from engine.household import HouseholdError, read_json

    try:
        return read_json(line, source, at)
    except HouseholdError as error:
        return error


@click.command("eval")
@click.argument("files", nargs=-1, required=True)
@policy_options
@click.option("--date", "date_text", help="Evaluation date YYYY-MM-DD (default: the household's `date`, else today).")
@click.option("--explain", is_flag=True, help="Explain every category, clause, value and measure.")
@click.option("--brief", is_flag=True,
              help="The decision and its reasons in short sentences to read aloud to the household: the values, "
                   "the margins and the articles, without workings, rule text, ids or file references.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="text for people, markdown for case files, json for machines (docs/formats.md).")
@lang_option
def eval_(files: tuple[str, ...], policy_file: Path | None, policy_dir: Path, date_text: str | None,
          explain: bool, brief: bool, fmt: str, lang: str | None) -> None:
    """Classify households (JSON files, JSON Lines, or - for standard input).

    \b
    Examples:
      policy eval examples/households/DS-0001-dibao-widow.json --explain
      policy eval household.json --explain --lang en --format markdown
      policy eval household.json --brief
      policy eval a.json b.json --format json --date 2026-03-01
      cat many.jsonl | policy eval - --format json

    What is wrong with a household file is said in the language of --lang, each finding at its
    line and column with its code (docs/errors.md).

    Exit codes: 0 every household evaluated, 2 an input or policy error (each one located).
    """
    from cli.common import default_lang
    from cli.localize import in_language
    from engine.brief import render_brief
    from engine.diagnostics import PolicyError, source_lines
    from engine.evaluator import EvaluationError, evaluate
    from engine.explain import explain as explain_tree
    from engine.household import HouseholdError, after_today, own_date
    from engine.intake import household_from
    from engine.policy_cache import load_policy_file
    from engine.render import decision_json, render_markdown, render_summary, render_summary_markdown, render_text
    from engine.repeated_lines import finding, repeats
    from engine.selection import in_force_in_folder, what_if

    lang = lang or default_lang()
    if brief and (explain or fmt == "json"):
        raise click.UsageError(in_language(
            "--brief is a short explanation to read aloud (text or markdown): give it without --explain, which "
            "gives the full one, and without --format json",
            "--brief 是供宣读的简短说明（文本或 markdown）：请不要同时给出 --explain（它给出完整说明），也不要用 "
            "--format json"))
    forced_date = parse_date(date_text)
    today = datetime.date.today()
    require_policy_dir(policy_file, policy_dir)
    in_force_cache: dict[datetime.date, Any] = {}
    chosen = None
    try:
        if policy_file is not None:
            chosen, warnings = load_policy_file(policy_file)
            if warnings:  # a draft tried out here: its warnings (a misspelt group) may explain a surprise
                n = len(warnings)
                click.echo(f"注意：{policy_file} 有 {n} 个警告，`policy check {policy_file}` 会列出" if lang == "zh"
                           else f"note: {policy_file} has {n} warning{'s' if n > 1 else ''}; "
                           f"`policy check {policy_file}` shows {'them' if n > 1 else 'it'}", err=True)
    except PolicyError as error:
        print_diagnostics(error.diagnostics, source_lines, lang=lang)
        raise SystemExit(USAGE) from None
    failures = 0
    outputs: list[str] = []
    style = style_for(sys.stdout.isatty())
    texts: dict[str, str | list[str]] = {}  # the household file being read: its text, or its lines once split

    def lines_of(file: str) -> list[str]:
        if file not in texts:
            return source_lines(file)
        known = texts[file]
        if isinstance(known, str):  # split only for a finding to underline, once
            known = texts[file] = known.lstrip("\ufeff").split("\n")
        return known

    for name in files:
        texts.clear()
        try:
            households = _read_households(name, texts)
        except HouseholdError as error:
            print_diagnostics(error.diagnostics, lines_of, lang=lang)
            failures += 1
            continue
        except IsADirectoryError:
            click.echo(f"{name}: 错误：这是文件夹；请给出一个家庭文件，或用 `policy batch {name} -o decisions.jsonl` "
                       "判定文件夹中的每个家庭" if lang == "zh" else
                       f"{name}: error: this is a folder; give a household file, or decide every household in "
                       f"the folder with `policy batch {name} -o decisions.jsonl`", err=True)
            failures += 1
            continue
        except OSError as error:
            from engine.yamlsource import cannot_read

            why = cannot_read(error)
            click.echo(f"{name}: 错误：{why.zh}" if lang == "zh" else f"{name}: error: {why.en}", err=True)
            failures += 1
            continue
        for read in households:
            source, data = read.source, read.data
            if isinstance(data, HouseholdError):
                print_diagnostics(data.diagnostics, lines_of, lang=lang)
                failures += 1
                continue
            day = forced_date or own_date(data) or today
            try:
                if chosen is not None:
                    policy = chosen
                else:
                    if day not in in_force_cache:
                        in_force_cache[day] = in_force_in_folder(policy_dir, day)
                    policy = in_force_cache[day]
                # checked by hand where it can be, else by the JSON Schema validator, which words the findings
                household = household_from(None, data, True, policy, source, day)
                decision = evaluate(policy, household, day)
            except PolicyError as error:
                print_diagnostics(error.diagnostics, source_lines, lang=lang)
                raise SystemExit(USAGE) from None
            except HouseholdError as error:
                print_diagnostics(read.findings(error), lines_of, lang=lang)
                failures += 1
                continue
            except EvaluationError as error:
                print_evaluation_error(source, household.id, error.diagnostic, source_lines, lang)
                failures += 1
                continue
            again = repeats(household)
            if again:  # a line pasted twice is most often a slip: both lines are counted, and this is said
                print_diagnostics([finding(r, source, read.text, read.within) for r in again], lines_of, lang=lang)
            if day > today:
                tell("note", after_today(decision.household, day, today), lang)
            if not policy.meta.in_force(day) and not explain and not brief:  # an explanation says it in its head
                tell("note", what_if(policy, [day]), lang)
            tree = explain_tree(decision, lang) if explain or fmt != "json" else None
            if brief:
                assert tree is not None
                outputs.append(render_brief(tree, markdown=fmt == "markdown"))
            elif fmt == "json":
                outputs.append(json.dumps(decision_json(decision, tree), ensure_ascii=False,
                                          separators=(",", ":")))
            elif fmt == "markdown":
                assert tree is not None
                outputs.append(render_markdown(tree) if explain else render_summary_markdown(tree))
            else:
                assert tree is not None
                outputs.append(render_text(tree, style) if explain else render_summary(tree, style))
    if fmt == "json" and len(outputs) == 1:
        click.echo(json.dumps(json.loads(outputs[0]), ensure_ascii=False, indent=2))
    else:
        click.echo(("\n" if fmt != "json" else "").join(o.rstrip("\n") + "\n" for o in outputs), nl=False)
    raise SystemExit(USAGE if failures else OK)

