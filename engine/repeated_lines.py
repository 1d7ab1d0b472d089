"""Income and expense lines a household gives twice: the same type, the same member, the same amount.

Input: a validated `Household`, whose lines keep the order of its file. Output: each line that repeats an
earlier line of its section (`Repeat`), and what is said of it (H009, a warning, one kind of `engine.doubts`) in
English and in Chinese — naming both lines by their place in the file: their JSON paths, the line of the text each
starts on where the text is known, or the rows of a CSV table. Invariant: a warning, never a refusal, and the
decision is the same with it or without it: a line pasted twice is the likelier reading, but two jobs may pay the
same, so the household is decided with every line it gives, and the person reading is told to check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from engine.diagnostics import Diagnostic, Said, Span, chinese_joined
from engine.household import Household, Line, Source
from engine.household_words import line_type, show, yuan
from engine.model import Policy
from engine.values import listed

SECTIONS = ("income", "expenses")


@dataclass(frozen=True)
class Repeat:
    """Line `index` of `section` is line `first` of it again (and so are the lines `more`, if any)."""

    section: str
    index: int
    first: int
    line: Line
    kind: Said  # its type, by its label and id
    more: tuple[int, ...] = ()

    @property
    def path(self) -> str:
        return f"{self.section}[{self.index}]"

    @property
    def first_path(self) -> str:
        return f"{self.section}[{self.first}]"


def repeats(household: Household, policy: Policy) -> list[Repeat]:
    """Each line given again later in its section, once, at its first copy (the further copies with it), in the
    order of the file."""
    found: list[Repeat] = []
    for section in SECTIONS:
        lines: tuple[Line, ...] = getattr(household, section)
        if len(lines) < 2 or len({(line.type, line.member) for line in lines}) == len(lines):
            continue  # no two lines of one type and member, so none given twice: their amounts need no hashing
        copies: dict[tuple[str, str | None, Decimal], list[int]] = {}
        for index, line in enumerate(lines):
            copies.setdefault((line.type, line.member, line.amount), []).append(index)
        found += sorted((Repeat(section, again[1], again[0], lines[again[0]],
                                line_type(policy, section, lines[again[0]].type), tuple(again[2:]))
                         for again in copies.values() if len(again) > 1), key=lambda r: r.index)
    return found


def finding(repeat: Repeat, source: str, text: Source | None = None, within: tuple[str | int, ...] = ()) -> Diagnostic:
    """The warning (H009) about a repeated line, at that line in `text` when it is given (`within`: where the
    household is in it), naming the earlier line by its path and the line of the text it starts on."""
    span = at_line(text, (*within, repeat.section, repeat.index))
    first = at_line(text, (*within, repeat.section, repeat.first))
    at = Said("", "")
    if first is not None and span is not None and first.line == span.line:  # one line holds both: JSON Lines
        at = Said(f" (line {first.line}, column {first.column})", f"（第 {first.line} 行第 {first.column} 列）")
    elif first is not None:
        at = Said(f" (line {first.line})", f"（第 {first.line} 行）")
    return Diagnostic.said("H009", _said(repeat, at), span, help=_check(repeat.section), severity="warning",
                           path=repeat.path, source_file=source)


def said(repeat: Repeat) -> tuple[Said, Said]:
    """What is said of a repeated line where the text it is in is not known (H009, `engine.doubts`), and what to
    do."""
    return _said(repeat, Said("", "")), _check(repeat.section)


def _said(repeat: Repeat, at: Said) -> Said:
    """The warning's message, the earlier line named by its path and where it is in the text (`at`, if known)."""
    line, more = _line(repeat), _more(repeat)
    return Said(f"the same as {repeat.first_path}{at.en}: {line.en}{more.en}",
                chinese_joined("与 ", repeat.first_path, at.zh, "相同：", line.zh) + more.zh)


def _more(repeat: Repeat) -> Said:
    """The further copies of a line: `; so are income[3] and income[4]` (the first three, and how many more)."""
    if not repeat.more:
        return Said("", "")
    named = [f"{repeat.section}[{i}]" for i in repeat.more[:3]]
    rest = len(repeat.more) - len(named)
    copies = listed([*named, *([f"{rest:,} more"] if rest else [])], "en")
    zh = f"；{'、'.join(named)} 等 {len(repeat.more):,} 条也与之相同" if rest else f"；{'、'.join(named)} 也与之相同"
    return Said(f"; so {'is' if len(repeat.more) == 1 else 'are'} {copies}", zh)


def at_line(text: Source | None, path: tuple[str | int, ...]) -> Span | None:
    """Where a line is in the text: the whole line when it is written on one line of the text, else its type."""
    span = text.span(path) if text is not None else None
    if span is None or span.line == span.end_line:
        return span
    return text.span((*path, "type")) or span  # type: ignore[union-attr]


def described(repeat: Repeat, places: Mapping[str, str] | None = None) -> Said:
    """A repeated line with its fields, on one line, as a run's summary and `policy monitor ingest` say it:
    `income[2] the same as income[0]: type "wage", …`; or the two lines by the rows of a CSV table that hold them
    (`places`: a record's path → `file:line`, `engine.batch.readers.Record.places`)."""
    later, earlier = repeat.path, repeat.first_path
    if places:
        later, earlier = places.get(later, later), places.get(earlier, earlier)
    line = _line(repeat)
    return Said(f"{later} the same as {earlier}: {line.en}", f"{later} 与 {earlier} 相同：{line.zh}")


def _line(repeat: Repeat) -> Said:
    """A line as its fields say it: `wage income (…) (wage), member "p1", 30,000.00 yuan/year`."""
    line, kind = repeat.line, repeat.kind
    whose = (Said(f"member {show(line.member)}", f"成员 {show(line.member, 'zh')}") if line.member is not None
             else Said("the household as a whole", "整户"))
    amount = yuan(line.amount)
    return Said(f"{kind.en}, {whose.en}, {amount.en}", f"{kind.zh}、{whose.zh}、{amount.zh}")


def _check(section: str) -> Said:
    """What to do about a repeated line: delete a copy, or keep two lines that are real."""
    real = (Said("two jobs that pay the same", "两份收入相同的工作") if section == "income"
            else Said("two bills of the same amount", "两张金额相同的单据"))
    return Said(f"if it was pasted twice, delete one of the two; if both are real ({real.en}, say), keep them: "
                "the decision counts both",
                f"如是重复粘贴，请删去其中一条；如确有两笔（比如{real.zh}），可以保留：认定时两笔都计入")


__all__ = ["Repeat", "at_line", "described", "finding", "repeats", "said"]
