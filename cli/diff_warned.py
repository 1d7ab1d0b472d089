"""`policy diff --households`: the households warned of for their data, in the report and in `--warnings FILE`.

The report counts them by kind (a line given twice, an expense line of no member, the head of household, a figure
out of its range) and lists the first few of each kind, each warning on one line at its place; standard error shows
those first households' warnings in full, as `policy eval` does. Every warning goes to `--warnings FILE` as it is
found, one JSON line per household in input order — the shape of a line of `policy batch`'s errors file, compressed
as that file is when its name asks for it (`.gz`, `.bz2`, `.xz`, `.zst`) — kept under a hidden name beside it and
renamed into place when the run is done, so the file only ever appears whole and never holds an earlier run's
households. A run that stops leaves none.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from cli.common import USAGE, is_special_file, print_diagnostics, why_not_written
from engine.diagnostics import Said, after_place, found_at, headline, id_shown
from engine.diff.warned import FIRST, Warned, WarnedHousehold, kind_of
from engine.doubts import ESCAPED
from engine.markdown_text import md_code, md_escape

_KINDS = {
    "repeated": Said("an income or expense line given twice (H009)", "收入或支出条目重复（H009）"),
    "memberless": Said("an expense line of no member (H010)", "支出条目没有写明成员（H010）"),
    "heads": Said("not exactly one head of household (H011, H012)", "户主不是恰好一位（H011、H012）"),
    "implausible": Said("a figure outside its plausible range (H013)", "数值超出合理范围（H013）"),
    "supported": Said("no one able to support a member, though maintenance is paid (H014)",
                      "义务人填为无或无履行能力，但有赡养费、抚养费、扶养费收入（H014）"),
    "spouse": Said("no one able to support a member, though their spouse of working age earns or can work (H015)",
                   "义务人填为无或无履行能力，但配偶处于劳动年龄、有收入或有劳动能力（H015）"),
    "escaped": Said("a control character in a text, read from a backslash (H016)",
                    "文本中有由反斜杠读出的控制字符（H016）"),
    "escaped_as_written": Said("a control character in a text (H016)", "文本中有控制字符（H016）"),
}
_WORDS = {
    "heading": Said("Households warned of for their data ({n}; {warnings})",
                    "数据有疑点的家庭（{n} 户，{warnings} 条警告）"),
    "warnings": Said("{n} warnings", "{n}"),
    "one_warning": Said("1 warning", "1"),
    "more": Said("… and {n} more households", "… 另有 {n} 户"),
    "one_more": Said("… and 1 more household", "… 另有 1 户"),
    "file": Said("every warning, one JSON line per household: {file}", "全部警告（每户一行 JSON）：{file}"),
    "no_file": Said("the first {first} households of each kind are listed; --warnings FILE writes every warning, one "
                    "JSON line per household",
                    "每类只列出前 {first} 户；--warnings 文件 可写出全部警告，每户一行 JSON"),
    "after": Said("note: {households}; the report counts them by kind and lists the first {first} of each; {where}",
                  "提示：{households} 户的数据有疑点，报告中按类计数并列出每类前 {first} 户；{where}"),
    "after_households": Said("{n} households were warned of for their data", "{n}"),
    "after_one": Said("1 household was warned of for its data", "1"),
    "after_file": Said("every warning is in {file}", "全部警告见 {file}"),
    "after_no_file": Said("--warnings FILE writes every warning", "用 --warnings 文件 可写出全部警告"),
}


def _said(key: str, lang: str, **values: Any) -> str:
    return _WORDS[key].in_lang(lang).format(**values)


def _more(n: int, lang: str) -> str:
    return _said("one_more", lang) if n == 1 else _said("more", lang, n=f"{n:,}")


def kind_said(kind: str, lang: str, backslash: bool = True) -> str:
    """A kind of warning as the report counts it; of a control character in a text, read from JSON's backslash only
    where `backslash` (`Warned.backslash`): a cell of CSV tables or a text of Parquet holds it as typed or written."""
    said = _KINDS.get("escaped_as_written" if kind == ESCAPED and not backslash else kind)
    return said.in_lang(lang) if said is not None else kind


def _lines_of(warned: WarnedHousehold, kind: str, lang: str) -> list[tuple[str, str]]:
    """(place, what) for each of a household's warnings of `kind`."""
    return [(found_at(d, warned.source, lang), path + headline(said, lang))
            for d in warned.warnings if kind_of(d.code) == kind for path, said in [after_place(d, lang)]]


def _heading(warned: Warned, lang: str) -> str:
    warnings = (_said("one_warning", lang) if warned.warnings == 1
                else _said("warnings", lang, n=f"{warned.warnings:,}"))
    return _said("heading", lang, n=f"{warned.households:,}", warnings=warnings)


def _where_all(file: Path | None, lang: str) -> str:
    return (_said("file", lang, file=click.format_filename(file)) if file is not None
            else _said("no_file", lang, first=FIRST))


def _kinds(warned: Warned, lang: str) -> list[tuple[str, int, list[tuple[str, str, str]], str | None]]:
    """For each kind: its name, how many households, (id, place, what) for each warning of the first households
    (an id that holds a line break quoted, on one line: `id_shown`), and `… and 1,204 more households` when there are
    more."""
    return [(kind_said(kind, lang, warned.backslash), count,
             [(id_shown(household.household), place, what) for household in first
              for place, what in _lines_of(household, kind, lang)],
             _more(count - len(first), lang) if count > len(first) else None)
            for kind, count, first in warned.by_kind()]


def warned_text(warned: Warned, lang: str, file: Path | None,
                style: Callable[[str, str], str] = lambda t, r: t) -> list[str]:
    """The report's lines about the households warned of, under a heading (none when no household was)."""
    if not warned.households:
        return []
    lines = ["", style(_heading(warned, lang), "heading")]
    width = max(len(f"{n:,}") for _, n, _ in warned.by_kind())
    pad = " " * width
    for kind, count, listed, more in _kinds(warned, lang):
        lines.append(f"  {count:>{width},}  {kind}")
        lines += [f"  {pad}    {household}: {place}: {what}" for household, place, what in listed]
        lines += [f"  {pad}    {more}"] if more else []
    lines.append(f"  {_where_all(file, lang)}")
    return lines


def warned_markdown(warned: Warned, lang: str, file: Path | None) -> list[str]:
    if not warned.households:
        return []
    lines = ["", f"### {md_escape(_heading(warned, lang))}", ""]
    for kind, count, listed, more in _kinds(warned, lang):
        lines.append(f"- **{count:,}** {md_escape(kind)}")
        lines += [f"  - {md_code(household)} {md_code(place)}: {md_escape(what)}" for household, place, what in listed]
        lines += [f"  - {md_escape(more)}"] if more else []
    lines += ["", md_escape(_where_all(file, lang))]
    return lines


def warned_html(warned: Warned, lang: str, file: Path | None) -> list[str]:
    """The same in the HTML report: a table of the kinds and their first households."""
    from html import escape

    if not warned.households:
        return []
    rows = []
    for kind, count, listed, more in _kinds(warned, lang):
        cells = listed + ([("", "", more)] if more else [])
        for i, (household, place, what) in enumerate(cells):
            first = (f'<td rowspan="{len(cells)}" class=n>{count:,}</td><td rowspan="{len(cells)}">{escape(kind)}</td>'
                     if i == 0 else "")
            rows.append(f"<tr>{first}<td>{escape(household)}</td><td>{escape(place)}</td><td>{escape(what)}</td></tr>")
    return [f"<h3>{escape(_heading(warned, lang))}</h3>", f"<table><tbody>{''.join(rows)}</tbody></table>",
            f"<p>{escape(_where_all(file, lang))}</p>"]


def warned_json(warned: Warned, file: Path | None, lang: str) -> dict[str, Any]:
    """`impact.warned` of the JSON report: the counts, the first households of each kind, and the file of all; the
    warnings' words in English and, under `zh`, in Chinese too, as the report's bad records give theirs."""
    return {"households": warned.households, "warnings": warned.warnings,
            "kinds": [{"kind": kind, "households": count,
                       "first": [w.to_json(chinese=lang == "zh") for w in first]}
                      for kind, count, first in warned.by_kind()],
            "file": str(file) if file is not None else None}


def say_first(warned: Warned, lang: str) -> None:
    """On standard error, the first households' warnings in full, as `policy eval` says them: located, the value
    underlined, with help; the rest are counted in the report."""
    from engine.diagnostics import source_lines

    print_diagnostics((d for w in warned.first for d in w.warnings), functools.cache(source_lines), lang=lang)


def said_after(warned: Warned, file: Path | None, lang: str) -> str | None:
    """The note under the report: how many households were warned of, and where every warning is."""
    if not warned.households:
        return None
    n = warned.households
    where = _said("after_file", lang, file=file) if file is not None else _said("after_no_file", lang)
    households = _said("after_one", lang) if n == 1 else _said("after_households", lang, n=f"{n:,}")
    return _said("after", lang, households=households, first=FIRST, where=where)


_BLOCK = 1 << 20  # the bytes of lines compressed together: a stream of its own in a file named compressed


class WarningsFile:
    """`--warnings FILE` while the run goes: each household warned of, one JSON line, appended as it is found.
    A file named compressed (`warnings.jsonl.gz`, `.bz2`, `.xz`, `.zst`) is written so, as `policy batch` writes
    its errors file: a stream for each block of lines, one after another, which is one file to its tools."""

    def __init__(self, path: Path):
        from engine.batch.writers import output_compression
        from engine.working_files import hidden_beside

        self.path = path
        self.special = is_special_file(path)
        self.compression = output_compression(path)
        self.pending = bytearray()  # lines not yet compressed
        self.streams = 0  # compressed streams written
        self.partial = path if self.special else hidden_beside(path, "partial")
        self.handle: IO[bytes] = self.partial.open("wb")
        self.failure: OSError | None = None  # a write that failed (a full disk): said when the run is done

    def write(self, warned: WarnedHousehold) -> None:
        from engine.batch.evaluate import json_line

        if self.failure is None:
            try:
                if self.compression is None:
                    self.handle.write(json_line(warned.to_json()))
                    return
                self.pending += json_line(warned.to_json())
                if len(self.pending) >= _BLOCK:
                    self._compressed()
            except OSError as error:
                self.failure = error

    def _compressed(self) -> None:
        """The pending lines as a compressed stream of their own (none: an empty one, so that the file is whole)."""
        from engine.batch.writers import compress

        assert self.compression is not None
        self.handle.write(compress(bytes(self.pending), self.compression))
        self.pending.clear()
        self.streams += 1

    def finish(self) -> None:
        """Sync the file and rename it into place (a device or a pipe is only flushed)."""
        from engine.batch.writers import fsync_dir

        if self.failure is not None:
            raise self.failure
        if self.compression is not None and (self.pending or not self.streams):
            self._compressed()
        self.handle.flush()
        if self.special:
            self.handle.close()
            return
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.partial, self.path)
        fsync_dir(self.path.parent)

    def discard(self) -> None:
        self.handle.close()
        if not self.special:
            self.partial.unlink(missing_ok=True)


@contextmanager
def warnings_file(path: Path | None, lang: str) -> Iterator[WarningsFile | None]:
    """The file of `--warnings` for the length of a run: whole when the run ends, none when it stops."""
    if path is None:
        yield None
        return
    try:
        sink = WarningsFile(path)
    except OSError as error:
        _cannot_write(path, error, lang)
    try:
        yield sink
    except BaseException:
        sink.discard()
        raise
    try:
        sink.finish()
    except OSError as error:
        sink.discard()
        _cannot_write(path, error, lang)


def _cannot_write(path: Path, error: OSError, lang: str) -> NoReturn:
    why = why_not_written(error, path)
    click.echo(f"{path}: 错误：无法写入警告文件：{why.zh}" if lang == "zh" else
               f"{path}: error: cannot write the warnings file: {why.en}", err=True)
    raise SystemExit(USAGE) from None
