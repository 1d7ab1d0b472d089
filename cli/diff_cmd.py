"""`policy diff`: what changed between two policy versions, and for whom."""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.common import (
    DIFFERS,
    FORMATS,
    HEADS,
    OK,
    USAGE,
    counted,
    file_in_existing_folder,
    ignored_columns,
    lang_option,
    not_an_input,
    not_read_back,
    parse_date,
    refuse_input,
    rename_column_option,
    rename_value_option,
    renamed_columns_of,
    say_written,
    stop_on_policy_errors,
    style_for,
    tell,
    why_not_written,
    write_atomically,
)
from cli.localize import in_language

if TYPE_CHECKING:
    from engine.diagnostics import Said
    from engine.diff.impact import Days


def _load(path: Path) -> tuple[Any, Any]:
    """The policy and its YAML document (for spans and for building hybrids)."""
    from engine.diagnostics import Diagnostic, PolicyError
    from engine.loader import load_policy
    from engine.yamlsource import cannot_read, load_yaml

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PolicyError([Diagnostic.said("L001", cannot_read(error), None, source_file=str(path))]) from None
    policy = load_policy(path, raw=raw)[0]
    return policy, load_yaml(raw, str(path))


class _ReportFormat(click.Choice):
    """The formats of the report printed; asked for HTML, the option that writes it (to a file of its own)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.strip().lower() == "html":
            choices = ", ".join(f"'{c}'" for c in self.choices)
            self.fail(in_language(f"'html' is not one of {choices}: the HTML report is written to a file of its own, "
                                  "with --html FILE (e.g. `--html report.html`)",
                                  f"'html' 不是可选的值（{choices}）：HTML 报告写入单独的文件，请用 `--html 文件`"
                                  "（例如 `--html report.html`）"), param, ctx)
        return super().convert(value, param, ctx)


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--households", "households", metavar="INPUT",
              type=click.Path(exists=True, allow_dash=True, path_type=Path),
              help="Households to evaluate under both versions: JSON Lines, a JSON file, a folder of JSON files, "
              "CSV tables (a folder with households.csv and members.csv, compressed or not), Parquet (a file or a "
              "folder of parts) or compressed JSON Lines, as `policy batch` reads; - reads JSON Lines from "
              "standard input.")
@click.option("--date", "date_text", metavar="D",
              help="Evaluation date for every household, YYYY-MM-DD, its own `date` ignored, "
                   "as in `policy batch` (default: each household's `date`, else today).")
@click.option("--witness", is_flag=True, help="Search boundary values, one household field at a time, for a small "
              "example household of each transition the search meets, checked under both versions; with "
              "`--households`, each move of the households that no example shows is named with the first household "
              "that makes it.")
@click.option("--html", "html_file", metavar="FILE", type=click.Path(path_type=Path), callback=file_in_existing_folder,
              help="Also write a self-contained HTML report here (atomically).")
@click.option("--warnings", "warnings_path", metavar="FILE", type=click.Path(path_type=Path),
              callback=file_in_existing_folder,
              help="With `--households`: also write every warning about the households' data (a line given twice, an "
              "expense line of no member, …) here, one JSON line per household warned of, as `policy batch` writes "
              "its errors file (written atomically; compressed when named .gz, …); the report counts them by kind "
              "and lists the first few.")
@click.option("--ignore-column", "ignore_columns", multiple=True, metavar="NAME",
              help="With `--households`: a column (or field) of the households that no policy reads, left out of "
                   "every household rather than refused, as `policy batch --ignore-column` leaves it out; repeat the "
                   "option or separate names by commas.")
@click.option("--show", metavar="N", type=click.IntRange(min=0), default=50, show_default=True,
              help="How many changed households, and lines of bad records, to list in text and markdown (0: all; "
              "JSON and the HTML report list all).")
@click.option("--format", "fmt", type=_ReportFormat(FORMATS.choices), default="text", show_default=True,
              help="text for people, markdown for reports, json for machines.")
@rename_column_option
@rename_value_option
@lang_option
def diff(old: Path, new: Path, households: Path | None, date_text: str | None, witness: bool,
         html_file: Path | None, warnings_path: Path | None, ignore_columns: tuple[str, ...], show: int, fmt: str,
         rename_columns: tuple[str, ...], rename_values: tuple[str, ...], lang: str | None) -> None:
    """Compare two policy versions by meaning, section by section, with file:line on both sides.

    Re-indenting, re-quoting or re-ordering keys is not a change: rules are compared as parsed
    expressions. Label changes are shown and flagged as wording. With `--households`, every
    household is evaluated under both versions on the day `policy batch` would decide it on
    (`--date`, else its own `date`, else today), and each one that changes category is explained
    by the changes that cause it (each change is applied to the old policy on its own). Households
    whose data most likely holds a slip (H009 to H013) are counted by kind in the report, the first
    few of each listed; --warnings FILE holds every warning.

    \b
    Examples:
      policy diff policy/2024-transition.yaml policy/post-transition.yaml
      policy diff old.yaml new.yaml --format markdown --lang en > changes.md
      policy diff policy/2024-transition.yaml policy/post-transition.yaml \\
          --households examples/households --date 2026-03-01 --html report.html
      policy diff old.yaml new.yaml --households households.jsonl --warnings warnings.jsonl
      policy diff old.yaml new.yaml --households export/ --ignore-column phone,address,name
      policy diff old.yaml new.yaml --witness --lang en

    Files named in the examples outside policy/ and examples/ stand for your own.

    Exit codes: 0 the versions are the same, 1 they differ (wording included), 2 a policy or
    usage error (each one located). Bad household records are reported and counted, never fatal.
    """
    from cli.batch_outputs import compressible
    from cli.common import default_lang
    from cli.diff_html import page
    from cli.diff_json import diff_json
    from cli.diff_markdown import diff_markdown, impact_markdown, witness_markdown
    from cli.diff_text import diff_text, impact_text, witness_text
    from cli.diff_warned import said_after, warnings_file
    from engine.batch.readers import beyond_json
    from engine.batch.writers import output_compression
    from engine.diagnostics import PolicyError, Said
    from engine.diff.changes import diff as compare
    from engine.diff.impact import Days
    from engine.diff.pair_notes import pair_notes
    from engine.diff.witness import Unshown, UnshownMove
    from engine.household_input import household_files

    lang = lang or default_lang()
    forced = parse_date(date_text)
    day = forced or datetime.date.today()
    not_an_input(html_file, (old, new, households), "'--html'")
    not_an_input(warnings_path, (old, new, households, html_file), "'--warnings'")
    not_read_back(html_file, households, "'--html'")  # (`report.json`): the next run would read it among them
    not_read_back(warnings_path, households, "'--warnings'")  # the next run would read it among the households
    packed = output_compression(warnings_path) if warnings_path is not None else None  # `warnings.jsonl.zst`
    if packed is not None and warnings_path is not None:
        compressible(warnings_path, "jsonl", packed)
    for given, option, what in (  # options about the households, which need them
            (warnings_path is not None, "--warnings", Said("writes the warnings about the households of --households",
                                                           "写出的是 --households 中家庭的数据警告")),
            (ignore_columns, "--ignore-column", Said("leaves columns out of the households of --households",
                                                     "是在 --households 的家庭中略去列")),
            (rename_columns, "--rename-column", Said("renames headers of the CSV tables of --households",
                                                     "用于改 --households 的 CSV 表的表头")),
            (rename_values, "--rename-value", Said("renames values of the households of --households",
                                                   "用于改 --households 中家庭的取值"))):
        if given and households is None:
            raise click.BadParameter(in_language(f"{option} {what.en}: give --households too",
                                                 f"{option} {what.zh}：请同时给出 --households"),
                                     param_hint=f"'{option}'")
    if households is not None and str(households) == "-" and sys.stdin.isatty():
        raise click.BadParameter(in_language("- is standard input, but nothing is piped in: "
                                             "`policy diff OLD NEW --households - < households.jsonl`",
                                             "- 是标准输入，但没有用管道送入任何内容："
                                             "`policy diff 旧政策 新政策 --households - < households.jsonl`"),
                                 param_hint="'--households'")
    if households is not None and households.is_dir() and not household_files(households) \
            and not beyond_json(households):
        name = click.format_filename(households)
        raise click.BadParameter(in_language(f"{name} holds no .json or .jsonl file, no households.csv and no Parquet "
                                             "file: give a folder of household files, of CSV tables or of Parquet "
                                             "parts, or one JSON Lines or Parquet file",
                                             f"{name} 中没有 .json 或 .jsonl 文件，没有 households.csv，也没有 Parquet "
                                             "文件：请给出存放家庭文件、CSV 表格或 Parquet 分片的文件夹，或者一个 "
                                             "JSON Lines 或 Parquet 文件"), param_hint="'--households'")
    try:
        (old_policy, old_doc), (new_policy, new_doc) = _load(old), _load(new)
    except PolicyError as error:
        stop_on_policy_errors(error, lang, Said("the policies were not compared", "没有比较这两份政策"))
    result = compare(old_policy, new_policy, old_doc, new_doc)
    result = replace(result, notes=tuple(pair_notes(old_policy, new_policy)))
    for level, note in result.notes:
        _tell_unless_shown(level, note, lang)
    impact = None
    if households is not None:
        days = Days(datetime.date.today(), forced)
        with warnings_file(warnings_path, lang) as sink:
            impact = _impact(result, old_doc, new_doc, households, days, (old_policy, new_policy), lang,
                             sink.write if sink is not None else None, ignore_columns, rename_columns, rename_values)
        # a version outside its window on the days the households were decided on: known once they are read
        decided_on = sorted(impact.dated) or ([day] if forced else [])  # (none decided: no day to say)
        own = None if forced else {day: (n, *impact.first_on[day]) for day, n in impact.dated.items()}
        what_if = [n for n in pair_notes(old_policy, new_policy, decided_on, own) if n not in result.notes]
        for level, note in what_if:
            _tell_unless_shown(level, note, lang)
        result = replace(result, notes=(*result.notes, *what_if))
        impact.helps = _help_for_bad_records(impact.bad, ignore_columns, rename_values, (old_policy, new_policy))
    found, missing = None, list[Unshown | UnshownMove]()
    if witness:
        from engine.diff.witness import dated_as_what_if, unshown, unshown_moves, witness_day, witnesses
        found_on = witness_day(new_policy, forced, datetime.date.today())
        what_if_day = dated_as_what_if(new_policy, found_on)  # the user's --date: kept, and said to be a what-if
        if what_if_day is not None:
            _tell_unless_shown("note", what_if_day, lang)
            result = replace(result, notes=(*result.notes, ("note", what_if_day)))
        found = witnesses(old_policy, new_policy, found_on)
        missing = [*unshown(result, old_doc, new_doc, found, found_on),
                   *(unshown_moves(impact, found) if impact is not None else [])]
    style = style_for(sys.stdout.isatty())
    if fmt == "json":
        report = diff_json(result, lang, impact, found, warnings_path, missing)
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        parts = [diff_markdown(result, lang)]
        parts += [impact_markdown(impact, lang, show, result, warnings_path)] if impact is not None else []
        parts += [witness_markdown(found, lang, result, missing)] if found is not None else []
        click.echo("\n".join(parts), nl=False)
    else:
        parts = [diff_text(result, lang, style)]
        parts += [impact_text(impact, lang, show, style, result, warnings_path)] if impact is not None else []
        parts += [witness_text(found, lang, result, missing)] if found is not None else []
        click.echo("\n".join(parts), nl=False)
    if impact is not None and impact.bad:
        click.echo(f"提示：有 {len(impact.bad):,} 条家庭记录无法评估，详见报告" if lang == "zh" else
                   f"note: {counted(len(impact.bad), 'household record')} could not be evaluated; see the report",
                   err=True)
        for said in impact.helps:  # the report says them too, under its bad records: once on a screen
            _tell_unless_shown("help", said, lang)
    warned_note = said_after(impact.warned, warnings_path, lang) if impact is not None else None
    if warned_note is not None:
        click.echo(warned_note, err=True)
    if html_file is not None:
        try:
            write_atomically(html_file, page(result, lang, impact, found, warnings_path, missing))
        except OSError as error:
            why = why_not_written(error, html_file)
            click.echo(f"{html_file}: 错误：无法写入报告：{why.zh}" if lang == "zh" else
                       f"{html_file}: error: cannot write the report: {why.en}", err=True)
            raise SystemExit(USAGE) from None
        say_written(html_file, lang)
    raise SystemExit(OK if result.same else DIFFERS)


def _tell_unless_shown(level: str, note: Said, lang: str) -> None:
    """A note about the files or the households on standard error, unless the report goes to the terminal: it holds
    every such note, and standard error would show each twice on the same screen."""
    if not sys.stdout.isatty():
        tell(level, note, lang)


def _impact(result: Any, old_doc: Any, new_doc: Any, households: Path, days: Days,
            policies: tuple[Any, Any], lang: str, each_warned: Any = None, ignore_columns: tuple[str, ...] = (),
            rename_columns: tuple[str, ...] = (), rename_values: tuple[str, ...] = ()) -> Any:
    """Every household under both versions, with causes: the fast run (`engine.diff.impact_fast`) on every core.
    `ignore_columns`, `rename_columns`, `rename_values`: the --ignore-column, --rename-column and --rename-value
    options as given (checked against both versions here)."""
    from cli.diff_warned import say_first
    from engine.batch.ignored import named_in_options
    from engine.batch.input_columns import undated
    from engine.batch.readers import InputError, InputNote
    from engine.batch.repeated_ids import repeated_ids_said
    from engine.diagnostics import Said
    from engine.diff.impact import COUNTED, TableInput, households_input
    from engine.diff.impact_fast import fast_impact
    from engine.system_words import what_to_do, why_not_read

    ignored = ignored_columns(ignore_columns, policies, lang)
    renamed = renamed_columns_of(rename_columns, policies, lang, rename_values)
    try:
        records, notes = households_input(households, policies, stdin=sys.stdin.buffer, ignored=ignored,
                                          renamed=renamed)
        if isinstance(records, TableInput):
            click.get_current_context().call_on_close(records.source.close)
            if records.source.blank_date is not None and days.forced is None:  # as `policy batch` warns of it
                notes.append(undated(records.source.blank_date, days.today))
        if ignored:  # the report says what its households were decided without
            names = ", ".join(f"`{name}`" for name in named_in_options(ignore_columns))
            notes.append(InputNote(Said(f"left out of every household (`--ignore-column`): {names}",
                                        f"已用 --ignore-column 在每户中略去：{names}")))
        if renamed and renamed.pairs:  # … and which of its headers it read as other columns
            pairs = [f"`{pair}`" for pair in renamed.written]
            notes.append(InputNote(Said(f"headers read as the columns they hold (`--rename-column`): "
                                        f"{', '.join(pairs)}",
                                        f"已用 --rename-column 把表头按其存放的列读取：{'、'.join(pairs)}")))
        if renamed and renamed.values:  # … and which values of its cells
            pairs = [f"`{pair}`" for pair in renamed.values_written]
            notes.append(InputNote(Said(f"values read as the values they stand for (`--rename-value`): "
                                        f"{', '.join(pairs)}",
                                        f"已用 --rename-value 把取值按其代表的取值读取：{'、'.join(pairs)}")))
        for note in notes:
            _tell_unless_shown(note.level, note.said, lang)
        impact = fast_impact(result, old_doc, new_doc, records, days, each_warned=each_warned, ignored=ignored,
                             words=renamed.words if renamed else ())
        # a line pasted twice, a medical bill of no member: as `policy eval` says them, once for each household, for
        # the first few households of each kind (the report counts them all, --warnings holds every one)
        say_first(impact.warned, lang)
        impact.notes = [(note.level, note.said) for note in notes]
        if impact.repeated_ids:
            said = repeated_ids_said(impact.repeated_ids, _places(records, households, impact.repeated_at), COUNTED)
            impact.notes.append(("warning", said))
            _tell_unless_shown("warning", said, lang)
        return impact
    except InputError as error:
        refuse_input(error, ignore_columns, lang, rename_columns)
    except OSError as error:
        why, fix = why_not_read(error), what_to_do(error)  # a failing disk: check it
        text = (f"{households}: 错误：无法读取：{why.zh}" if lang == "zh" else
                f"{households}: error: cannot read: {why.en}")
        if fix is not None:
            text += "\n" + HEADS["help"].in_lang(lang) + fix.in_lang(lang)
        click.echo(text, err=True)
        raise SystemExit(USAGE) from None


def _help_for_bad_records(bad: Any, ignore_columns: tuple[str, ...], rename_values: tuple[str, ...],
                          policies: tuple[Any, Any]) -> list[Said]:
    """What to say under the count of households that could not be evaluated, as `policy batch` says it under its
    tally: where they leave out an input a version requires with no `default:` (`policies`: old, new), that it may
    have one; where one version refuses a field, or an income or expense type, the other reads, that it does; where
    some were refused for fields no policy reads, how `--ignore-column` leaves them out; where cells
    write values in an export's own words, the `--rename-value` that reads them all (with the pairs given,
    `rename_values`)."""
    from engine.batch.ignored import refused_fields_help
    from engine.batch.problems import Problems
    from engine.batch.renamed_values import renamed_values_help
    from engine.diff.unfilled import unfilled_inputs_help, unknown_inputs_help, unknown_types_help

    read_by_one = unknown_inputs_help(bad, *policies)  # written for the other version: not to be ignored
    helps = [*unfilled_inputs_help(bad, *policies), *read_by_one.values(), *unknown_types_help(bad, *policies)]
    problems = Problems.of_records((b.source, b.diagnostics) for b in bad)
    unknown = [name for name in problems.unknown_fields() if name not in read_by_one]
    if unknown:
        helps.append(refused_fields_help(unknown, ignore_columns))
    words = problems.value_words()
    renamed = renamed_values_help(words, rename_values) if words else None
    return [*helps, *([renamed] if renamed is not None else [])]


def _places(records: Any, households: Path, numbers: list[int]) -> list[str]:
    """Where the records numbered `numbers` are: by the reader of tables (`Input.where`), else by their place among
    the records of `--households` read again (JSON files, which stay where they are)."""
    from engine.diff.impact import TableInput, record_sources

    if isinstance(records, TableInput):
        return [records.source.where(n) for n in numbers]
    wanted = set(numbers)
    found: dict[int, str] = {}
    for i, item in enumerate(record_sources(households)):
        if i in wanted:
            found[i] = item.source
            if len(found) == len(wanted):
                break
    return [found.get(n, str(households)) for n in numbers]
