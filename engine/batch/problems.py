"""The bad records of a run, counted by problem: what to fix in an export, at a glance.

Input: the bad records of a chunk, each by its source and its diagnostics as placed for the errors file
(`engine.batch.evaluate`).
Output: `Problems` — for each problem, the number of bad records that have it and the first of them
as an example (its message in English and, where the errors file has it, in Chinese); several add up
(chunks, Spark batches, a resumed run's journal) and say themselves under the run's summary (in the
language of `--lang`) and in `--summary`'s JSON (in English).
A problem is a diagnostic's code with the JSON path it is at, indices left out: `H002
members[].birth_date` is one problem whichever member of whichever household has it. A record
counts once for each problem it has, however many times it has it.
Dates a spreadsheet wrote in the format of its date cells (`2026/3/1`) are counted apart within their problem too —
records, the first and its value —, so that the summary says once, for the column, what to change in the export;
each record is still refused, and in the errors file on its own. They are the texts findings that a value is no date
carry (`Diagnostic.not_a_date`), in that form (`engine.date_words.cell_date`); the column is named as the
run's input names it, by the form it writes households in (`engine.batch.readers.Input.form`): a CSV table's column,
a Parquet column's field, a JSON path.
The `--rename-value` pairs the helps of CSV cells offer (`户主=head`, for a value in an export's own words) are
counted over every record, not only the examples: one option then reads the words of all of them, where a column's
example shows its first word alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from engine.date_words import cell_date, cell_date_meant, year_last_order
from engine.diagnostics import WHOLE_HOUSEHOLD, Diagnostic, Said, key_path
from engine.household_words import offered_pair, renamed_pair

if TYPE_CHECKING:
    from engine.batch.readers import InputForm

_INDEX = re.compile(r"\[\d+\]")
_UNKNOWN = re.compile(r"unknown field `([^`]+)`")  # the message of `engine.household_words.unknown_field`
_WORDS = 100  # the pairs kept for `--rename-value` (a policy's labels and the yes/no words bound them well below)


@dataclass
class Problems:
    """problem (`CODE path`) → [records, the first's source, its message, its message in Chinese, and where some
    records have dates a spreadsheet wrote in its own form, [those records, the first's source, its value, and where
    such dates with the year last show which comes first, {"month" or "day": the first to show it}]]; in the
    order first met. (A journal written before the Chinese was kept has three items: the English stands for both.)
    `words`: the `--rename-value` pairs the cells' helps offer (`户主=head`), of every record and not only the
    examples, each with the records that offer it, in the order first met (at most `_WORDS` of them)."""

    found: dict[str, list[Any]] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of_records(cls, bad: Iterable[tuple[str, Sequence[Diagnostic]]]) -> Problems:
        """The problems of bad records, each given by its source and its diagnostics as the errors file places them:
        at a span's file and line, else at the row or record `source_file` names, else at the record's source."""
        return cls._of([_Finding(d.code, _problem_path(d), _place(d, source), *_with_meant(d), d.not_a_date,
                                 offered_pair(d)) for d in diagnostics] for source, diagnostics in bad)

    @classmethod
    def _of(cls, records: Iterable[list[_Finding]]) -> Problems:
        problems = cls()
        for findings in records:
            seen: set[str] = set()
            dated: set[str] = set()
            offered: set[str] = set()
            for d in findings:
                if d.pair is not None and d.pair not in offered:
                    offered.add(d.pair)
                    problems.count_word(d.pair, 1)
                key = problem_key(d.code, d.path)
                if key not in seen:
                    seen.add(key)
                    if key in problems.found:
                        problems.found[key][0] += 1
                    else:
                        message = _shown(d.message)
                        chinese = _shown(d.chinese) if d.chinese is not None else message
                        problems.found[key] = [1, _shown(d.where), message, chinese]
                written = cell_date(d.not_a_date)
                if written is not None:  # the record counted once, each of its dates read for the order it shows
                    order = year_last_order(written)
                    _add_dated(problems.found[key], [int(key not in dated), _shown(d.where), written,
                                                     {order: written} if order is not None else {}])
                    dated.add(key)
        return problems

    def dated_before(self, diagnostics: Sequence[Diagnostic]) -> list[bool]:
        """For each of a record's diagnostics, whether it is a date a spreadsheet wrote in its own form, of a problem
        with such a date met already (in the records counted, or before it in this one): said with the rest of its
        column (`dates_said`), not again on its own (`policy monitor ingest`)."""
        met = {key for key, found in self.found.items() if len(found) > 4}
        out = []
        for d in diagnostics:
            key = problem_key(d.code, _problem_path(d)) if cell_date(d.not_a_date) is not None else None
            out.append(key in met)
            if key is not None:
                met.add(key)
        return out

    def add(self, other: Problems | dict[str, list[Any]]) -> None:
        """Count `other`'s records too (and its words; a journal's or a Spark batch's problems alone); an example met
        first stays."""
        if isinstance(other, Problems):
            for pair, count in other.words.items():
                self.count_word(pair, count)
        for key, (count, source, message, *more) in (other.found if isinstance(other, Problems)
                                                      else other).items():
            if key in self.found:
                found = self.found[key]
                found[0] += int(count)
            else:
                found = self.found[key] = [int(count), source, message, more[0] if more else message]
            if len(more) > 1:
                _add_dated(found, more[1])

    def count_word(self, pair: str, records: int) -> None:
        """Count `records` more that offer the `--rename-value` pair `pair`."""
        if pair in self.words:
            self.words[pair] += records
        elif len(self.words) < _WORDS:
            self.words[pair] = records

    def ranked(self) -> list[tuple[str, int, str, str]]:
        """(problem, records, first source, its message), the most frequent first."""
        order = sorted(self.found.items(), key=lambda item: -item[1][0])  # stable: ties keep the order first met
        return [(key, count, source, message) for key, (count, source, message, *_) in order]

    def said(self, form: InputForm, shown: int = 5, lang: str = "en", headers: Mapping[str, str] | None = None
             ) -> list[str]:
        """The lines under a run's summary: the most frequent problems with an example each, in `lang` (`form`: the
        input's, `Input.form`; `headers`: its renamed headers, `Input.own_headers`)."""
        ranked = self.ranked()
        width = len(f"{ranked[0][1]:,}") if ranked else 0
        zh = lang == "zh"
        lines = []
        for key, count, source, message in ranked[:shown]:
            lines.append(f"  {count:>{width},}  {key.replace(WHOLE_HOUSEHOLD, '（整户）')} — 例如 {source}："
                         f"{self.found[key][3]}" if zh else
                         f"  {count:>{width},}  {key} — e.g. {source}: {message}")
            fix = self.dates_said(key, form, headers)
            if fix is not None:
                lines.append(f"  {'':>{width}}  {fix.in_lang(lang)}")
        if len(ranked) > shown:
            more = len(ranked) - shown
            lines.append(f"  … 另有 {more:,} 个问题" if zh else
                         f"  … and {more:,} more problem{'s' if more != 1 else ''}")
        return lines

    def value_words(self) -> list[str]:
        """The `--rename-value` pairs the bad records' cells offer, each once (`户主=head`): the words of a CSV export
        for values (`engine.household_words`, a cell's help), those of the examples first (a journal of a run begun
        before every record's were kept has only theirs)."""
        return list(dict.fromkeys([*(pair for _, (_, _, message, *_) in self.found.items()
                                     if (pair := renamed_pair(message)) is not None), *self.words]))

    def unknown_fields(self) -> list[str]:
        """The fields of the examples refused as unknown (`unknown field `phone``), named as `--ignore-column` names
        them: `phone` (a household's), `name` (a member's), `assets.note` (a group's)."""
        out: list[str] = []
        for key, (_, _, message, *_) in self.found.items():
            code, _, path = key.partition(" ")
            name = unknown_field_named(code, message, path)
            if name is not None:
                out.append(name)
        return list(dict.fromkeys(out))

    def dated_records(self, key: str) -> int:
        """How many records of the problem `key` have dates a spreadsheet wrote in its own form (0 for none)."""
        found = self.found.get(key)
        return int(found[4][0]) if found is not None and len(found) > 4 else 0

    def dates_said(self, key: str, form: InputForm, headers: Mapping[str, str] | None = None) -> Said | None:
        """What to change in the export, said once for the column, where records of the problem `key` have dates a
        spreadsheet wrote in its own form: which column (of an input in `form`, by the file's own header where
        `--rename-column` renamed it: `headers`), how many records, the first value and its record, and to write
        YYYY-MM-DD (in CSV tables, by the column's format in Excel)."""
        found = self.found.get(key)
        if found is None or len(found) < 5:
            return None
        records, source, value, *shown = found[4]
        meant = cell_date_meant(str(value))
        column = _column(key.partition(" ")[2], str(source), form, headers or {})
        counted = f"{records:,} record{'s' if records != 1 else ''}"
        example = Said(f" ({meant})", f"（{meant}）") if meant else _day_by_order(str(value), shown[0] if shown else {})
        excel = spreadsheet_format(form) or Said("", "")
        one = records == 1
        return Said(f"{column.en}: {counted} {'writes a date' if one else 'write dates'} as {value} (the first: "
                    f"{source}), which is not read as a date: write {'it' if one else 'them'} as "
                    f"YYYY-MM-DD{example.en}{excel.en}",
                    f"{column.zh}：有 {records:,} 条记录把日期写成了 {value} 这样（第一条：{source}），这样写不会被当作"
                    f"日期读取：请写成 YYYY-MM-DD{example.zh}{excel.zh}")

    def to_json(self, form: InputForm, headers: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        """`--summary`'s `problems` (`form`: the input's, `Input.form`; `headers`: its renamed headers)."""
        out: list[dict[str, Any]] = []
        for key, count, source, message in self.ranked():
            code, _, path = key.partition(" ")
            out.append({"code": code, "path": path or None, "records": count,
                        "first": {"file": source, "message": message}})
            fix = self.dates_said(key, form, headers)
            if fix is not None:
                records, first, value, *_ = self.found[key][4]
                out[-1]["dates_written_otherwise"] = {"records": records, "first": {"file": first, "value": value},
                                                      "help": fix.en}
        return out

    def words_json(self) -> list[dict[str, Any]]:
        """`--summary`'s `value_words`: each `--rename-value` pair the bad records' cells offer, with the records
        that offer it (`{"rename": "户主=head", "records": 300}`), the most frequent first."""
        return [{"rename": pair, "records": records}
                for pair, records in sorted(self.words.items(), key=lambda item: -item[1])]


def _add_dated(found: list[Any], dated: Sequence[Any]) -> None:
    """Count into a problem (`found`, an item of `Problems.found`) its records' dates a spreadsheet wrote in its own
    form (`dated`: records, the first's source, its value, and the orders they show where they show some): the first
    met stays, and the first value to show each order."""
    if len(found) > 4:
        found[4][0] += int(dated[0])
    else:
        found.append([int(dated[0]), *dated[1:3]])
    for order, value in (dated[3] if len(dated) > 3 else {}).items():
        if len(found[4]) < 4:
            found[4].append({})
        found[4][3].setdefault(order, value)


def _day_by_order(value: str, shown: Mapping[str, str]) -> Said:
    """The day a column's first date is where, with the year last, either order makes a day (`3/1/1990`), as the
    column's other dates show one order alone (`shown`: `{"month": "03/30/1990"}`), said with the first to show it:
    ` (1990-03-01: the column's dates put the month first, as 03/30/1990 does)`; nothing where they show none, or
    both, which is not guessed."""
    if len(shown) != 1:
        return Said("", "")
    [(first, showing)] = shown.items()
    day = cell_date_meant(value, first)
    if day is None:
        return Said("", "")
    order = "先写月、再写日" if first == "month" else "先写日、再写月"
    return Said(f" ({day}: the column's dates put the {first} first, as {showing} does)",
                f"（{day}：这一列的日期{order}，如 {showing}）")


def spreadsheet_format(form: InputForm) -> Said | None:
    """How to have a spreadsheet write a column's dates as YYYY-MM-DD, for an input in `form` that a spreadsheet
    exports (CSV tables), as the end of a column's line (`Problems.dates_said`); None for any other input, whose
    record's own help (`write `2026-01-01``) says all there is to do."""
    if form != "csv":
        return None
    return Said(" — in Excel, set the column's format to yyyy-mm-dd (Format Cells → Custom) before exporting",
                "——在 Excel 中，导出前先把这一列的格式设为 yyyy-mm-dd（设置单元格格式 → 自定义）")


def _column(path: str, place: str, form: InputForm, headers: Mapping[str, str]) -> Said:
    """The column a problem's path is in, as an input in `form` names it, `place` being the example's
    (`members.csv:8`, `in.parquet[row 6]`): in CSV tables the table's column (`column `birth_date` of members.csv`,
    by the file's own header where `--rename-column` renamed it: `headers`), in Parquet the field of its column, in
    JSON the path."""
    if form == "csv":
        name = Path(place.rsplit(":", 1)[0]).name  # the table, without the row's line
        column = headers.get(path) or (path.rsplit(".", 1)[-1] if "[]" in path else path)  # `members[].birth_date`
        return Said(f"column `{column}` of {name}", f"{name} 的 `{column}` 列")
    if form == "parquet":
        name = Path(place.partition("[row ")[0]).name  # the file, without the row
        group, _, field = path.partition("[].")
        if field:
            return Said(f"column `{group}`, field `{field}` of {name}", f"{name} 的 `{group}` 列的 `{field}` 字段")
        return Said(f"column `{path}` of {name}", f"{name} 的 `{path}` 列")
    return Said(f"`{path}`", f"`{path}`")


def _with_meant(d: Diagnostic) -> tuple[str, str | None]:
    """A finding's message in English and Chinese, with its "did you mean" where it has one: `unknown field `memers``
    is a misspelling of `members`, told so under the summary, and not offered to `--ignore-column` (`unknown_fields`
    names only the fields said as unknown and nothing more), which would drop every household's members; and with
    the value to write where its help names it (`"户主" is not one of the allowed values; write `head` (户主)`), so
    that the summary says what a column written in an export's own words should hold; and with any help that says
    what to write, or what a whole file needs, for every record of its problem alike (`Diagnostic.summarized`)."""
    chinese = d.zh[0] if d.zh is not None else None
    chinese_help = d.zh[1] if d.zh is not None else None
    if d.help and d.help.startswith("did you mean"):
        return f"{d.message} ({d.help})", f"{chinese}（{chinese_help}）" if chinese is not None and chinese_help \
            else chinese
    if d.help and d.summarized and cell_date(d.not_a_date) is None:
        # (a date is said for the column)
        return f"{d.message}; {d.help}", f"{chinese}；{chinese_help}" if chinese is not None and chinese_help \
            else chinese
    return d.message, chinese


def problem_key(code: str | None, path: str | None) -> str:
    """A problem: a diagnostic's code with its JSON path, indices left out (`H002 members[].birth_date`)."""
    return " ".join(filter(None, (code, _INDEX.sub("[]", path or ""))))


def _problem_path(d: Diagnostic) -> str | None:
    """The path a diagnostic's problem is counted at: its own, or, where it names a key missing or empty (its
    `subject`: `` `birth_date` is missing `` at `members[0]`), that key's (`members[0].birth_date`), so that members
    missing `birth_date` and members missing `id` are two problems, each with the help that names its key."""
    return key_path(d.path, d.subject) if d.subject is not None else d.path


class _Finding(NamedTuple):
    """What a problem is counted by, of one diagnostic of a bad record: its code and path, its place to show as an
    example, its message in English and in Chinese (None where it has none), and the text of a value that is no
    date (`Diagnostic.not_a_date`), and the `--rename-value` pair its help offers (`offered_pair`)."""

    code: str | None
    path: str | None
    where: str
    message: str
    chinese: str | None
    not_a_date: str | None
    pair: str | None


def _place(diagnostic: Diagnostic, source: str) -> str:
    """Where a diagnostic is, as an example: `file:line` of its span, else the row or record its `source_file` names
    (`members.csv:8`, `in.parquet[row 6]`), else the record's `source`."""
    span = diagnostic.span
    if span is None:
        return diagnostic.source_file or source
    return f"{span.file or source}:{span.line}" if span.line else span.file or source


def _shown(text: Any) -> str:
    """Text to show and to write as JSON: a lone surrogate a message quotes (from a JSON escape) as `\\udcff`."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def unknown_fields_of(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """The fields one record's findings refuse as unknown, named as `--ignore-column` names them, each once: what
    `policy eval` and `policy monitor ingest` offer to leave out, as `Problems.unknown_fields` does for a batch."""
    return Problems.of_records([("", list(diagnostics))]).unknown_fields()


def unknown_field_named(code: str, message: str, path: str | None) -> str | None:
    """The field a finding refuses as unknown (`unknown field `phone``), named as `--ignore-column` names it: `phone`
    (a household's), `name` (a member's), `assets.note` (a group's); None for any other finding."""
    unknown = _UNKNOWN.fullmatch(message)
    if code != "H002" or unknown is None:
        return None
    path = path or ""
    group = path if path and "[" not in path and not path.startswith("(") else ""  # not `(the household)`
    return f"{group}.{unknown[1]}" if group else unknown[1]

