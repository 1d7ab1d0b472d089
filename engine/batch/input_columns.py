"""The columns of a table input (CSV tables, Parquet) against the inputs the policies read.

Input: the column names a file gives (a CSV header, the fields of a Parquet column) and the
policies. Output: `InputError` for columns that would make every record a bad one — a column no
policy reads (a misspelling, a column from another export, a header split on the wrong
separator), an input every record needs that no column gives — and notes for inputs no column
gives that take their default in every record, so a column left out of an export is said once,
before the run, rather than decided silently or refused record by record.
Invariant: only the names are looked at, never the cells.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from engine.batch.readers import InputError
from engine.checker.hints import suggested
from engine.diagnostics import Said, chinese_joined
from engine.model import InputField, Level, Policy

_SEPARATORS = (";", "\t", "|")


def input_fields(policies: Sequence[Policy], level: Level) -> dict[str, InputField]:
    """The inputs of that level any policy reads, by name (the first policy's field for a name)."""
    fields: dict[str, InputField] = {}
    for policy in policies:
        for f in policy.input_fields(level):
            fields.setdefault(f.name, f)
    return fields


def refuse_unknown(where: str | Said, given: Sequence[str], known: Sequence[str]) -> None:
    """Stop when `given` (the columns of `where`: a file, or a column of one) holds one that is not in `known`."""
    unknown = [c for c in dict.fromkeys(given) if c not in known]
    if not unknown:
        return
    place = _place(where)
    if len(given) == 1:
        separator = next((s for s in _SEPARATORS if s in given[0]), None)
        if separator is not None:
            shown = Said("a tab", "制表符") if separator == "\t" else Said(f"`{separator}`", f" `{separator}` ")
            raise InputError(Said(f"{place.en}: the columns are separated by {shown.en}, not by commas; export the "
                                  "table as CSV with commas between the columns",
                                  f"{place.zh}：各列之间用{shown.zh}分隔，而不是逗号；"
                                  "请把表格导出为以逗号分隔列的 CSV"))
    named = []
    for column in unknown:
        close = suggested(column, known)
        named.append(Said(f"`{column}`" + (f" ({close.en})" if close else ""),
                          f"`{column}`" + (f"（{close.zh}）" if close else "")))
    one = len(unknown) == 1
    raise InputError(Said(f"{place.en}: {'a column' if one else 'columns'} no policy reads: "
                          f"{', '.join(n.en for n in named)}; the columns are {', '.join(known)} — rename or remove "
                          f"{'it' if one else 'them'}",
                          f"{place.zh}：{'、'.join(n.zh for n in named)} 不是任何政策读取的列；可用的列为 "
                          f"{', '.join(known)}——请改名或删除"))


def absent_inputs(where: str | Said, given: Collection[str], fields: dict[str, InputField], each: str) -> list[Said]:
    """Notes for the inputs no column of `where` gives, each taking its default in every record; stops when
    one has no default (`each`: "household" or "member", for the words)."""
    place = _place(where)
    every = Said(f"every {each}", "每户" if each == "household" else "每位成员")
    notes = []
    for name, f in fields.items():
        if name in given:
            continue
        if f.has_default and f.default is not None:
            default = "true" if f.default is True else "false" if f.default is False else f.default
            notes.append(Said(f"{place.en} has no column `{name}`: {every.en} takes its default ({default})",
                              chinese_joined(place.zh, f"中没有 `{name}`：{every.zh}都取默认值（{default}）")))
        elif f.has_default or f.nullable:
            notes.append(Said(f"{place.en} has no column `{name}`: {every.en} has none (null)",
                              chinese_joined(place.zh, f"中没有 `{name}`：{every.zh}都按空值（null）处理")))
        else:
            raise InputError(Said(f"{place.en}: no column `{name}`, which {every.en} needs; add it",
                                  f"{place.zh}：没有 `{name}` 列，{every.zh}都需要它；请补上"))
    return notes


def _place(where: str | Said) -> Said:
    """A file (its name, the same in both languages), or a column of one."""
    return where if isinstance(where, Said) else Said(where, where)
