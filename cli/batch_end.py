"""How a run of `policy batch` ends on standard error: the lines that close it, and its exit code.

A finished run says one line of counts and timing (`_run_line`), the tally of categories, the bad records by problem,
the warnings its counts rest on, repeated ids and the doubts met; `--summary`'s file is written, and the command
ends with its exit code (`finished`). A run stopped before its end says what to do next (`again`), naming a hidden
working file by the output it stands for (`said_of_os_error`). The words are here; the counts come from
`engine.batch.runner.Summary` and the households of --only-changed's file no longer in the input from
`engine.batch.earlier`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from cli.batch_summary import SummaryFile
from cli.common import (
    DIFFERS,
    OK,
    USAGE,
    counted,
    say_ignored_fields,
    say_renamed_values,
    tell,
    why_not_written,
)
from engine.diagnostics import Said, id_shown, path_in_prose

if TYPE_CHECKING:
    from engine.batch.readers import InputForm


def finished(summary: Any, source: Any, policies: Any, output: Said, errors: Said | None, *, engine: str,
             earlier: tuple[str, Mapping[str, bytes]] | None, resumed: bool, report: SummaryFile, notes: Any,
             lang: str, ignored: Sequence[str] = (), what_if: Callable[[int], Said] | None = None) -> NoReturn:
    """The summary of a finished run, the tally of categories and any repeated ids (and `--summary`'s file, with
    the `notes` said before the run); then the exit code. `earlier`: --only-changed's file and its decisions;
    `ignored`: the names of `--ignore-column`; `what_if`: the note on the households without a date of their own,
    decided on a day `--policy` is not in force, given how many they were (said only if there were any)."""
    compared = earlier is not None
    gone = None
    if earlier is not None and not summary.resumed_from:  # (its module only for a run given --only-changed)
        from engine.batch.earlier import missing_from_input

        gone = missing_from_input(earlier[1], summary.old_seen)
    among_bad: list[str] = []  # their id read only off the text of a bad record: in the input, though not decided
    if gone and summary.old_guessed:
        among_bad = [household for household in gone if household in summary.old_guessed]
        gone = [household for household in gone if household not in summary.old_guessed]
    rate = (summary.households - summary.resumed_from) / summary.seconds if summary.seconds else 0.0
    fast, after = engine == "fast", summary.resumed_from
    timing = Said(f"{summary.seconds:.1f} s, {rate:,.0f} households/s"
                  + (f", {summary.rechecked:,} checked by the exact evaluator" if fast else "")
                  + (f", resumed after {after:,}" if resumed else ""),
                  f"用时 {summary.seconds:.1f} 秒，每秒 {rate:,.0f} 户"
                  + (f"，{summary.rechecked:,} 户经精确评估器复核" if fast else "")
                  + (f"，从第 {after:,} 户之后接着运行" if resumed else ""))
    old_file = path_in_prose(earlier[0]) if earlier is not None else ""
    click.echo(run_line(summary.households, summary.written, output, summary.unchanged if compared else None,
                        summary.bad, errors, timing, stray=summary.stray,
                        gone=(old_file, len(gone)) if earlier is not None and gone is not None else None
                        ).in_lang(lang), err=True)
    if earlier is not None and gone:
        tell("note", _gone_said(old_file, gone, summary.unread, summary.old_spaced), lang)
    if earlier is not None and among_bad:
        tell("note", _among_bad_said(old_file, among_bad), lang)
    if summary.held:
        say_tally(summary.held, policies, lang)
    say_problems(summary.problems, source.form, lang, stray=bool(summary.stray), ignored=ignored,
                 headers=source.own_headers(), renamed_values=source.renamed.values_written if source.renamed else ())
    if summary.households > summary.bad:  # what every household was decided with: none was, when all were bad
        say_defaults(notes, lang)
    if summary.repeated_ids:
        from engine.batch.repeated_ids import repeated_ids_said

        tell("warning", repeated_ids_said(summary.repeated_ids, [source.where(n) for n in summary.repeated_at]), lang)
    from engine.doubts import (
        ESCAPED,
        HEADS,
        IMPLAUSIBLE,
        MEMBERLESS,
        REPEATED,
        SAID,
        SPOUSE,
        SUPPORTED,
        UNDATED,
        doubted_said,
    )

    for kind in SAID:
        if kind in summary.doubted_first:
            number, short = summary.doubted_first[kind]
            tell("warning", doubted_said(kind, summary.doubted[kind], source.where(number), short, source.form), lang)
    # households without a date, among others with theirs: an export that lost some (all of them is said before the
    # run, for a column left empty, or is how a file without dates is meant to be decided)
    if UNDATED in summary.doubted_first and summary.doubted[UNDATED] < summary.households - summary.bad:
        number, short = summary.doubted_first[UNDATED]
        tell("warning", doubted_said(UNDATED, summary.doubted[UNDATED], source.where(number), short), lang)
    if what_if is not None and summary.doubted[UNDATED]:
        tell("note", what_if(summary.doubted[UNDATED]), lang)
    code = USAGE if summary.bad or summary.stray else DIFFERS if compared and summary.written else OK
    report.write(summary.held, policies, code, households=summary.households, written=summary.written,
                 bad=summary.bad, rows_of_no_household=summary.stray, unchanged=summary.unchanged if compared else None,
                 missing_from_input=len(gone) if gone is not None else None,
                 rechecked=summary.rechecked if engine == "fast" else None, repeated_ids=summary.repeated_ids,
                 repeated_lines=summary.doubted[REPEATED], memberless_lines=summary.doubted[MEMBERLESS],
                 not_one_head=summary.doubted[HEADS],
                 implausible_values=summary.doubted[IMPLAUSIBLE],
                 no_supporter_but_maintenance=summary.doubted[SUPPORTED],
                 no_supporter_but_working_spouse=summary.doubted[SPOUSE],
                 control_characters_in_text=summary.doubted[ESCAPED], undated=summary.doubted[UNDATED],
                 resumed_from=summary.resumed_from,
                 seconds=round(summary.seconds, 3), households_per_second=round(rate, 1),
                 problems=summary.problems.to_json(source.form, source.own_headers()),
                 value_words=summary.problems.words_json(), notes=notes_json(notes))
    raise SystemExit(code)


def run_line(households: int, written: int, output: Said, unchanged: int | None, bad: int, errors: Said | None,
             timing: Said, stray: int = 0, gone: tuple[str, int] | None = None) -> Said:
    """`100 households; 100 decisions written to …; 0 bad records — ` and the `timing`: the first line of a run's
    summary (`共 100 户；100 条认定结果已写入 …；0 条记录有误。` in Chinese); with `stray`, the rows of CSV tables
    that are no household's, which the errors file holds too; with `gone`, --only-changed's file and how many of
    its households the input no longer holds."""
    en = [counted(households, "household"), f"{counted(written, 'decision')} written to {output.en}"]
    zh = [f"共 {households:,} 户", f"{written:,} 条认定结果已写入{_after_chinese(output.zh)}"]
    if unchanged is not None:
        en.append(f"{unchanged:,} unchanged")
        zh.append(f"{unchanged:,} 户结果未变")
    if gone is not None:
        en.append(f"{counted(gone[1], 'household')} of {gone[0]} not in the input")
        zh.append(f"{gone[0]} 中有 {gone[1]:,} 户不在输入中")
    en.append(counted(bad, "bad record"))
    zh.append(f"{bad:,} 条记录有误")
    if stray:
        en.append(f"{counted(stray, 'row')} of no household")
        zh.append(f"另有 {stray:,} 行不属于任何一户")
    if (bad or stray) and errors:
        en[-1] += f" (see {errors.en})"
        zh[-1] += f"（见{_after_chinese(errors.zh)}）"
    return Said("; ".join(en) + " — " + timing.en, "；".join(zh) + "。" + timing.zh)


def _after_chinese(name: str) -> str:
    """A name after Chinese words: set off by a space where it begins with a letter or a digit (a file's,
    `已写入 decisions.jsonl`), run on where it is Chinese itself (`已写入标准输出`)."""
    return f" {name}" if name[:1].isascii() else name


def _gone_said(name: str, gone: list[str], unread: int = 0, spaced: Mapping[str, str] | None = None) -> Said:
    """The note under the summary on the households of --only-changed's file no longer in the input; `unread`: the
    bad records whose id could not be read, which may be some of them."""
    ids_en, ids_zh = _first_ids(gone)
    said = Said(f"{counted(len(gone), 'household')} of {name} {'is' if len(gone) == 1 else 'are'} not in this input "
                f"({ids_en}): no decision was made for them, so they are neither changed nor unchanged; if they "
                "left the register, their earlier decisions no longer hold",
                f"{name} 中有 {len(gone):,} 户不在这次的输入中（{ids_zh}）：这次没有认定它们，既不算结果有变，"
                "也不算未变；如果它们已不在名册中，它们此前的认定结果已不再适用")
    spaced = spaced or {}
    written = [(household, spaced[household]) for household in gone if household in spaced]
    if written:
        household, given = id_shown(written[0][0]), written[0][1]
        more = Said(f" (and {counted(len(written) - 1, 'other')})", f"（另有 {len(written) - 1:,} 户也是如此）") \
            if len(written) > 1 else Said("", "")
        quoted = json.dumps(given, ensure_ascii=False)
        said = Said(f"{said.en}; but `{household}` is in this input as `{quoted}`{more.en}, an id differing only by "
                    "the spaces around it: if it is the same household, write its id without them",
                    f"{said.zh}；不过 `{household}` 在这次的输入中写作 `{quoted}`"
                    f"{more.zh}，编号只差前后的空格：如果是同一户，请去掉编号前后的空格")
    if not unread:
        return said
    return Said(f"{said.en}; but {counted(unread, 'bad record')} whose id could not be read may be "
                f"{'one' if unread == 1 else 'some'} of them: fix those records and run again to tell",
                f"{said.zh}；不过有 {unread:,} 条有误记录读不出户编号，其中可能有这些户："
                "改正这些记录后再运行一次即可分清")


def _among_bad_said(name: str, among: list[str]) -> Said:
    """The note under the summary on the households of --only-changed's file whose id was read only off the text of
    a bad record: in the input, but not decided."""
    ids_en, ids_zh = _first_ids(among)
    return Said(f"{counted(len(among), 'household')} of {name} {'is' if len(among) == 1 else 'are'} among the bad "
                f"records ({ids_en}, the id read off a record that could not be read as a whole): no decision was "
                "made for them, so they are neither changed nor unchanged; fix those records and run again to "
                "compare them",
                f"{name} 中有 {len(among):,} 户在有误记录中（{ids_zh}，户编号读自无法整条读取的记录）："
                "这次没有认定它们，既不算结果有变，也不算未变；改正这些记录后再运行一次即可比较")


def _first_ids(ids: list[str]) -> tuple[str, str]:
    """The first three of some ids, in backticks (an id that holds a line break quoted: `id_shown`), in English and
    in Chinese."""
    first = [id_shown(i) for i in ids[:3]]
    more = len(ids) > len(first)
    return (", ".join(f"`{i}`" for i in first) + (", …" if more else ""),
            "、".join(f"`{i}`" for i in first) + ("等" if more else ""))


def say_tally(held: Any, policies: Any, lang: str) -> None:
    """The households (members) in each category: by id, or in Chinese by the categories' labels."""
    from engine.batch.tally import line

    click.echo(("各类别：" if lang == "zh" else "categories: ") + line(held, policies, lang), err=True)


def say_defaults(notes: Any, lang: str) -> None:
    """Under the tally: the warnings the counts rest on (a column the input lacks, read by a category), said
    before the run and again here, where an inflated count is read."""
    for note in notes:
        if note.rests_on is not None:
            tell("warning", note.rests_on, lang)


def notes_json(notes: Any) -> list[dict[str, str]]:
    """`--summary`'s `notes`: what was said before the run, each with its level, in English."""
    return [{"level": note.level, "message": note.said.en} for note in notes]


def say_problems(problems: Any, form: InputForm, lang: str, stray: bool = False, ignored: Sequence[str] = (),
                 headers: Mapping[str, str] | None = None, renamed_values: Sequence[str] = ()) -> None:
    """Under the summary of a run with bad records (or, `stray`, rows of CSV tables that are no household's): what
    is wrong with them, the most frequent problem first (`form`: the input's, `Input.form`; `headers`: its renamed
    headers, `Input.own_headers`); where fields were refused as unknown, how `--ignore-column` leaves them out
    (`ignored`: the names the run was given); where cells write values in the export's own words, the
    `--rename-value` that reads the words of all of them (with the pairs `renamed_values` the run was given)."""
    if problems.found:
        once = Said("however many times it has it", "同一问题出现几次都只计一次")  # as `--summary`'s `records`
        said = Said(f"bad records and rows of no household by problem (each counts once for each problem it has, "
                    f"{once.en}):", f"有误记录和不属于任何一户的行按问题统计（每条有几个问题就计几次，{once.zh}）：") \
            if stray else Said(f"bad records by problem (a record counts once for each problem it has, {once.en}):",
                               f"有误记录按问题统计（一条记录有几个问题就计几次，{once.zh}）：")
        click.echo(said.in_lang(lang), err=True)
        for text in problems.said(form, lang=lang, headers=headers):
            click.echo(text, err=True)
        say_ignored_fields(problems.unknown_fields(), ignored, lang)
        say_renamed_values(problems.value_words(), renamed_values, lang)


def named(name: str) -> Said:
    """A file named in a sentence: the same in both languages, set apart where a shell would split it
    (`path_in_prose`)."""
    shown = path_in_prose(name)
    return Said(shown, shown)


def again(source: Any, paths: Any) -> Said:
    """What to do after a run to a file stopped before its end: resume it, or (standard input) run it again."""
    if source.resumable:
        journal = path_in_prose(str(paths.journal))  # beside the output, as named: `../out/.decisions.jsonl.journal`
        return Said(f"run the same command with --resume to continue (progress is kept in {journal})",
                    f"加上 --resume 再运行同一命令即可接着运行（进度保存在 {journal} 中）")
    paths.discard()  # nothing can resume it
    return Said("standard input cannot be read again, so run the batch again from the start",
                "标准输入无法再读一遍，请从头重新运行")


def said_of_os_error(error: OSError, paths: Any, unnamed: Said) -> Said:
    """An input or output error as the user knows the files: a hidden working file is named by its output;
    an error that names no file (a full disk met while writing) by `unnamed`, what was being written; why, as
    `why_not_written` says it."""
    why = why_not_written(error, error.filename or "")
    if error.filename is None:
        return Said(f"{unnamed.en}: {why.en}", f"{unnamed.zh}：{why.zh}")
    name = str(error.filename)
    working = {str(paths.partial): paths.output, str(paths.staged): paths.output, str(paths.journal): paths.output,
               str(paths.errors_partial): paths.errors}
    if name in working:
        hidden, written = Path(name).name, path_in_prose(str(working[name]))
        return Said(f"cannot write {written}: {why.en} (while writing {hidden}, "
                    "the hidden working file kept beside it until the run is done)",
                    f"无法写入 {written}：{why.zh}（当时在写 {hidden}，"
                    "即运行结束前放在它旁边的隐藏工作文件）")
    return Said(f"{name}: {why.en}", f"{name}：{why.zh}")
