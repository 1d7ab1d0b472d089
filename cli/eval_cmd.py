"""`policy eval`: classify households and explain why."""

from __future__ import annotations

import datetime
import functools
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.common import (
    FORMATS,
    OK,
    USAGE,
    ignored_columns,
    lang_option,
    parse_date,
    policy_options,
    print_diagnostics,
    print_evaluation_error,
    rename_column_option,
    rename_value_option,
    renamed_columns_of,
    require_policy_dir,
    say_policy_warnings,
    say_refused,
    stop_on_policy_errors,
    style_for,
    tell,
)

if TYPE_CHECKING:
    from engine.diagnostics import Diagnostic


@click.command("eval")
@click.argument("files", nargs=-1, required=True)
@policy_options
@click.option("--household", "household_ids", multiple=True, metavar="ID",
              help="Decide only the household with this id (give it again for more): picked out of a CSV or "
                   "Parquet export, a folder or JSON Lines, without reading the others into memory.")
@click.option("--date", "date_text", metavar="D",
              help="Evaluation date YYYY-MM-DD (default: the household's `date`, else today).")
@click.option("--explain", is_flag=True,
              help="The full record for the case file: every category, assigned or not, with each clause, each value "
                   "with its working, the rule text and the policy file line it comes from, and the measures; to "
                   "read the decision aloud to the household, use `--brief`.")
@click.option("--brief", is_flag=True,
              help="The decision and its reasons in short sentences to read aloud to the household: the values, "
                   "the margins and the articles, without workings, rule text, ids or file references.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="text for people, markdown for case files, json for machines (docs/formats.md).")
@click.option("--ignore-column", "ignore_columns", multiple=True, metavar="NAME",
              help="A column (or field) of the input that no policy reads, left out of the household rather than "
                   "refused, as `policy batch --ignore-column` leaves it out; repeat the option or separate names by "
                   "commas.")
@rename_column_option
@rename_value_option
@lang_option
def eval_(files: tuple[str, ...], policy_file: Path | None, policy_dir: Path, household_ids: tuple[str, ...],
          date_text: str | None, explain: bool, brief: bool, fmt: str, ignore_columns: tuple[str, ...],
          rename_columns: tuple[str, ...], rename_values: tuple[str, ...], lang: str | None) -> None:
    """Classify households: JSON files, JSON Lines, - for standard input, or the exports `policy batch` reads
    (CSV tables, Parquet, a folder; docs/batch.md gives the layouts).

    \b
    Examples:
      policy eval examples/households/DS-0001-dibao-widow.json --explain
      policy eval household.json --explain --lang en --format markdown
      policy eval household.json --brief
      policy eval a.json b.json --format json --date 2026-03-01
      cat many.jsonl | policy eval - --format json
      policy eval tables/households.csv --household DS-0005 --explain

    Files named in the examples outside policy/ and examples/ stand for your own.

    --household picks households out of an export by id, each explained as its own JSON file
    would be. Without it, a CSV, Parquet or folder input of more than 10 households is refused:
    name the ones to decide, or decide them all with `policy batch`.

    What is wrong with a household file is said in the language of `--lang`, each finding at its
    line and column, or in CSV tables at its row (`members.csv:6`), with its code (docs/errors.md).

    Exit codes: 0 every household evaluated, 2 an input or policy error (each one located), or
    an id of --household that no household has.
    """
    from cli.common import default_lang
    from cli.eval_input import Read, by_batch, pieced, read_households, repeated_id, too_many
    from cli.localize import in_language
    from engine.brief import render_brief
    from engine.diagnostics import PolicyError, Said, json_text_lines, source_lines
    from engine.doubts import warnings as data_warnings
    from engine.evaluator import EvaluationError, evaluate
    from engine.explain import explain as explain_tree
    from engine.household import HouseholdError, after_today, decision_day, household_id
    from engine.intake import household_from
    from engine.policy_cache import load_policy_file
    from engine.render import decision_json, render_markdown, render_summary, render_summary_markdown, render_text
    from engine.selection import in_force_in_folder, load_folder, what_if
    from engine.successor import next_decision

    lang = lang or default_lang()
    if brief and (explain or fmt == "json"):
        raise click.UsageError(in_language(
            "--brief is a short explanation to read aloud (text or markdown): give it without `--explain`, which "
            "gives the full one, and without --format json",
            "--brief 是供宣读的简短说明（文本或 markdown）：请不要同时给出 `--explain`（它给出完整说明），也不要用 "
            "--format json"))
    forced_date = parse_date(date_text)
    today = datetime.date.today()
    require_policy_dir(policy_file, policy_dir)
    ids = tuple(dict.fromkeys(household_ids))
    in_force_cache: dict[datetime.date, Any] = {}
    outside: list[datetime.date] = []  # the days households were decided on outside the chosen policy's window
    chosen = None
    try:
        if policy_file is not None:
            chosen, warnings = load_policy_file(policy_file)
            if warnings:  # a draft tried out here: its warnings (a misspelt group, a lost `%`) may explain a surprise
                say_policy_warnings(policy_file, warnings, lang)
    except PolicyError as error:
        stop_on_policy_errors(error, lang)
    failures = 0
    outputs: list[str] = []
    style = style_for(sys.stdout.isatty())
    texts: dict[str, str | list[str]] = {}  # the household file being read: its text, or its lines once split
    pieces: dict[str, dict[int, str]] = {}  # of a file read by the batch's readers, the texts of records kept
    searched: list[tuple[str, Any]] = []  # each file the ids were looked for in: its batch input, or its reads
    held: dict[str, list[str]] = {hid: [] for hid in ids}  # each id asked for: the records that hold it
    first_with: dict[str, Read] = {}  # each household id met: the first household that has it (placed only if
    # another has it too: finding where an id is in a text takes longer than reading it)
    def refused(diagnostics: Sequence[Diagnostic]) -> None:
        """A household's findings, which refused it, each with one help: the option of this command that reads it
        where one does (a value in an export's words: `--rename-value`; a field of its own: `--ignore-column`)."""
        from engine.batch.ignored import offering_ignore  # (only once a household is refused)

        print_diagnostics(offering_ignore(diagnostics), lines_of, lang=lang)

    def lines_of(file: str) -> list[str]:
        if file in pieces:
            return pieced(pieces[file])
        if file not in texts:
            return source_lines(file)
        known = texts[file]
        if isinstance(known, str):  # split only for a finding to underline, once
            known = texts[file] = json_text_lines(known)
        return known

    def policies() -> list[Any]:  # what the batch's readers check columns against
        return [chosen] if chosen is not None else load_folder(policy_dir)

    @functools.cache
    def folder_policies() -> list[Any]:  # where the policy that follows the one in force is looked for
        return load_folder(policy_dir)

    ignored: frozenset[str] = frozenset()
    renamed = None
    if ignore_columns or rename_columns or rename_values:
        try:
            ignored = ignored_columns(ignore_columns, policies(), lang)
            renamed = renamed_columns_of(rename_columns, policies(), lang, rename_values)
        except PolicyError as error:
            stop_on_policy_errors(error, lang)

    def table(name: str) -> list[Read] | None:
        """The households of a file read by the batch's readers: those of the ids asked for, else all (None when
        there are too many, or the input cannot be read: said here). The batch's modules are imported here only:
        a household file read alone needs none of them (nor numpy, nor the grammar)."""
        from engine.batch.readers import InputError

        try:
            return _table(name)
        except InputError as error:
            say_refused(error, ignore_columns, lang, lines_of, rename_columns)
            return None

    def _table(name: str) -> list[Read] | None:
        from engine.batch.by_id import FEW, first_households, households_with, record_id
        from engine.batch.input_columns import undated
        from engine.batch.no_pandas import arrow_without_pandas
        from engine.batch.readers import open_input

        arrow_without_pandas()  # (CSV tables are looked into with Arrow, before the first row is read)
        source = open_input(Path(name), policies(), ignored=ignored, renamed=renamed)
        click.get_current_context().call_on_close(source.close)  # (after the ids not found are looked for again)
        notes = list(source.notes)
        if source.blank_date is not None and forced_date is None:  # the day the dates left blank fall back to
            notes.append(undated(source.blank_date, today))
        for note in notes:
            tell(note.level, note.said, lang)
        if ids:
            searched.append((name, source))
            return [Read.of_record(r, pieces) for r in households_with(source, ids)]
        records, more = first_households(source, FEW)
        if more:
            error, help = too_many(name, record_id(records[0]) if records else None, FEW)
            tell("error", error, lang)
            tell("help", help, lang)
            return None
        return [Read.of_record(r, pieces) for r in records]

    read_files: set[str] = set()  # of each file read, its real path
    for name in files:
        if name != "-" and os.path.realpath(name) in read_files:  # its households were decided, once is enough
            tell("warning", Said(f"{name} is given more than once: its households are decided once",
                                 f"{name} 给出了不止一次：其中的家庭只认定一次"), lang)
            continue
        read_files.add(os.path.realpath(name))
        texts.clear()
        pieces.clear()
        try:
            # (a household file given --rename-column is refused there; --rename-value is read by `household_from`)
            if by_batch(name, ids) or (renamed and renamed.pairs):
                picked = table(name)
                if picked is None:
                    failures += 1
                    continue
                households = picked
            else:
                households = read_households(name, texts)
                if ids:
                    searched.append((name, households))
                    households = [h for h in households if h.id_among(ids) is not None]
        except PolicyError as error:
            stop_on_policy_errors(error, lang)
        except HouseholdError as error:
            refused(error.diagnostics)
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
            hid = read.id_among(ids) if ids else None
            if hid is not None:
                held[hid].append(source)
            if isinstance(data, HouseholdError):
                refused(read.findings(data))
                failures += 1
                continue
            own = household_id(data)  # two households of one id: a file given twice, or an id typed wrong
            if own is not None and own in first_with:
                print_diagnostics(read.at_rows([repeated_id(read, own, first_with[own].id_place())]), lines_of,
                                  lang=lang)
            elif own is not None:
                first_with[own] = read
            day = decision_day(data, forced_date, today)
            try:
                if chosen is not None:
                    policy = chosen
                else:
                    if day not in in_force_cache:  # (a day no policy holds is said of each household it dates)
                        in_force_cache[day] = in_force_in_folder(policy_dir, day, None if forced_date else data,
                                                                 source)
                    policy = in_force_cache[day]
                # checked by hand where it can be, else by the JSON Schema validator, which words the findings
                household = household_from(None, data, True, policy, source, day, cells=read.cells, ignored=ignored,
                                           words=renamed.words if renamed else (), parquet=read.parquet)
                decision = evaluate(policy, household, day)
            except PolicyError as error:
                stop_on_policy_errors(error, lang)
            except HouseholdError as error:
                refused(read.findings(error))
                failures += 1
                continue
            except EvaluationError as error:
                print_evaluation_error(source, household.id, error.diagnostic, source_lines, lang)
                failures += 1
                continue
            # a line pasted twice, a medical bill of no member, two heads of household, a monthly pension written
            # for the year: most often a slip of the data, said; the household is decided with what it gives
            print_diagnostics(read.at_rows(data_warnings(household, policy, day, source, read.text, read.within)),
                              lines_of, lang=lang)
            if day > today:
                tell("note", after_today(decision.household, day, today), lang)
            if not policy.meta.in_force(day) and not explain and not brief:  # an explanation says it in its head
                outside.append(day)
            then = None  # on the last days of a policy of the folder, what the next one decides (said, not on the
            if (explain or brief) and chosen is None:  # plain path: there it would cost a second evaluation)
                then = next_decision(decision, data, source, folder_policies)
            tree = explain_tree(decision, lang, then=then) if explain or fmt != "json" else None
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
    if outside:  # once for every household the chosen policy decided outside its window, their days named
        assert chosen is not None
        tell("note", what_if(chosen, outside), lang)
    missing = [hid for hid, sources in held.items() if not sources]
    if missing and searched:
        failures += len(missing)
        _say_not_found(missing, searched, lang)
    if fmt == "json" and len(outputs) == 1:
        click.echo(json.dumps(json.loads(outputs[0]), ensure_ascii=False, indent=2))
    else:
        click.echo(("\n" if fmt != "json" else "").join(o.rstrip("\n") + "\n" for o in outputs), nl=False)
    raise SystemExit(USAGE if failures else OK)


def _say_not_found(missing: list[str], searched: list[tuple[str, Any]], lang: str) -> None:
    """An error for each id of --household no household of the files searched has, with the ids it may mean."""
    from cli.eval_input import not_found
    from engine.batch.by_id import NearIds, near_ids
    from engine.household import household_id

    nears: list[tuple[str, NearIds]] = []
    for name, source in searched:
        if isinstance(source, list):  # the households of a JSON file, read whole
            near = NearIds(missing)
            for read in source:
                near.meet(household_id(read.data))
        else:
            near = near_ids(source, missing)
        nears.append((name, near))
    counts = [(name, near.households) for name, near in nears]
    for hid in missing:
        meant = list(dict.fromkeys(m for _, near in nears for m in near.meant(hid)))
        first = next((near.first for _, near in nears if near.first), [])
        error, help = not_found(hid, counts, meant, first)
        tell("error", error, lang)
        if help is not None:
            tell("help", help, lang)
