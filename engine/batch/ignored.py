"""`--ignore-column`: columns and fields of an export that no policy reads, left out as they are read.

Input: the names given (`phone`, `name`, `assets.note`; several in one option, separated by commas) and the
policies. Output: the names checked (`ignored_names`), households and Arrow tables without them, and the help
that offers the option under a refusal of unknown columns (`ignore_help`).
A name is a field's path in the household as JSON, lists left out: a plain name is a column of any of the
CSV tables, a field of a household, of each member or of each income or expense line (a top-level column of
Parquet, or a field of its `members`, `income` and `expenses` structs); `group.field` is a field of a group
of household inputs (`assets.note`: the CSV column of that name, the field of the Parquet struct `assets`).
Invariant: a name a policy reads, or that the household format needs, is never ignored (`ignored_names`
refuses it): ignoring it would decide every household on a default, which is the very mistake the
refusal of unknown columns is there to catch. Every other unknown column is still refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from engine.batch.readers import InputError
from engine.diagnostics import Diagnostic, Said, sentence, shell_word
from engine.model import Policy
from engine.values import listed_said

# what the household format itself is made of, whatever the policies read
_STRUCTURE = ("id", "date", "members", "income", "expenses", "household", "kind", "type", "member", "amount")


def ignored_names(given: Iterable[str], policies: Sequence[Policy]) -> frozenset[str]:
    """The names of `--ignore-column` (each option may hold several, separated by commas), checked: `InputError`
    for one that a policy reads or the household format needs."""
    names = named_in_options(given)  # (`a,b,` too)
    read = _read_names(policies)
    refused = [name for name in names if name in read]
    if refused:
        shown = ", ".join(f"`{name}` ({read[name].en})" for name in refused)
        shown_zh = "、".join(f"`{name}`（{read[name].zh}）" for name in refused)
        one = len(refused) == 1
        raise InputError(Said(f"`--ignore-column`: {shown} cannot be ignored: left out, every household would be "
                              f"decided without {'it' if one else 'them'}; only columns no policy reads can be "
                              "ignored",
                              f"`--ignore-column`：{shown_zh} 不能忽略：忽略后每户都会在没有"
                              f"{'它' if one else '它们'}的情况下认定；"
                              "只有政策不读取的列才能忽略"))
    return frozenset(names)


def named_in_options(given: Iterable[str]) -> list[str]:
    """The names of `--ignore-column` options (or the pairs of `--rename-column`) as given, in order, each once."""
    return list(dict.fromkeys(name.strip() for option in given for name in option.split(",") if name.strip()))


def option_with(given: Iterable[str], more: Sequence[str], option: str = "--ignore-column") -> str:
    """`option` with the names given so far and `more`, as a shell takes them: `--ignore-column phone,name`,
    `--rename-column '存款(元)=assets.deposits'`."""
    return f"{option} " + shell_word(",".join(dict.fromkeys([*named_in_options(given), *more])))


def ignore_help(unknown: Sequence[str], given: Iterable[str], named: bool = False) -> Said:
    """The help under a refusal of columns no policy reads (`unknown`): how `--ignore-column` leaves them out, with
    the names `given` to it already; `named`: the columns said by name, where the help says another fix first."""
    one = len(unknown) == 1
    option = option_with(given, unknown)
    which = listed_said([f"`{name}`" for name in unknown]) if named else Said("it" if one else "them", "")
    which_zh = f" {which.zh} " if named else "这一列" if one else "这些列"
    return Said(f"if no policy is to read {which.en} (an export's own column{'' if one else 's'}), leave "
                f"{'it' if one else 'them'} out of every household: {option}",
                f"如果{which_zh}本就不该由政策读取（导出时附带的列），可在每户中略去：{option}")


def refusal_help(error: InputError, given: Iterable[str], renamed: Iterable[str] = ()) -> Said | None:
    """The one help line under an input the readers refused (`engine.batch.readers.InputError`), None where it has
    none: its fix (the columns to rename; headers of CSV tables, in the file or with `--rename-column`, with the
    pairs `renamed` gave it), then how `--ignore-column` leaves out its columns no policy reads (with the names
    `given` to it; named after a fix, which is about other columns), as a sentence of its own: a fix that ends with
    its option (`--rename-column 出生日期=birth_date`) is not run on into the offer by a `;`, which a user copying the
    option would copy with it, and the option is quoted as code before the `.` that ends it (and the Chinese `）`)."""
    fix = error.help
    if fix is not None and error.renames:
        option = option_with(renamed, [f"{old}={new}" for old, new in error.renames], "--rename-column")
        ends = Said(f"{fix.en}, in the file or with `{option}`", f"{fix.zh}（在文件中改，或加上 `{option}`）")
        fix = ends if error.unknown else Said(f"{fix.en}, in the file or with {option}", ends.zh)
    if not error.unknown:
        return fix
    ignore = ignore_help(error.unknown, given, named=fix is not None)
    return ignore if fix is None else Said(f"{fix.en}. {sentence(ignore.en)}",
                                           f"{fix.zh}。{ignore.zh}")


def offering_ignore(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """A household's findings as a command that reads one household at a time and takes `--ignore-column` (`policy
    eval`) gives them: one help each, that of a field refused as unknown that may be an export's own (as
    `engine.batch.problems.unknown_fields_of` names it: no slip of a field a policy reads) ending with the option
    that leaves it out, as the help of a value in an export's own words ends with `--rename-value`."""
    from engine.batch.problems import unknown_fields_of

    out = []
    for finding in diagnostics:
        named = unknown_fields_of([finding])
        if not named or finding.help is None:
            out.append(finding)
            continue
        name, option = named[0], option_with((), named)
        zh = finding.zh or (finding.message, None)
        help = Said(f"{finding.help}; or, if no policy is to read `{name}` (an export's own field), leave it out of "
                    f"every household with {option}",
                    f"{zh[1] or finding.help}；如果 `{name}` 本就不该由政策读取（导出时附带的字段），"
                    f"也可在每户中略去：加上 {option}")
        out.append(dataclasses.replace(finding, help=help.en, zh=(zh[0], help.zh)))
    return out


def refused_fields_help(unknown: Sequence[str], given: Iterable[str]) -> Said:
    """The help under a count of records refused for fields no policy reads (`unknown`, as
    `engine.batch.problems.Problems.unknown_fields` names them): how to run again with `--ignore-column`, with the
    names `given` to it already."""
    one = len(unknown) == 1
    names, option = ", ".join(f"`{name}`" for name in unknown), option_with(given, unknown)
    return Said(f"if no policy is to read {names} (an export's own field{'' if one else 's'}), run again with "
                f"{option} to leave {'it' if one else 'them'} out of every household",
                f"如果 {names} 本就不该由政策读取（导出时附带的字段），可加上 {option} 重新运行，在每户中略去")


def _read_names(policies: Sequence[Policy]) -> dict[str, Said]:
    """Every name `--ignore-column` refuses, with why: the format's own, and each input a policy reads (a
    field of a group by its whole name, by its group and by its own name alone)."""
    out: dict[str, Said] = {name: Said("the household format's own", "家庭数据格式本身的字段") for name in _STRUCTURE}
    for policy in policies:
        for field in policy.inputs.values():
            said = Said(f"a {field.level} input the policy reads", "政策读取的" +
                        ("成员" if field.level == "member" else "家庭") + "输入项")
            out.setdefault(field.name, said)
            group, dot, own = field.name.rpartition(".")
            if dot:
                out.setdefault(group, Said(f"the group of `{field.name}`, which the policy reads",
                                           f"政策读取的 `{field.name}` 所在的组"))
                out.setdefault(own, Said(f"the name of `{field.name}`, which the policy reads",
                                         f"政策读取的 `{field.name}` 的名称"))
    return out


def without_ignored(data: Any, ignored: frozenset[str]) -> int:
    """Take the ignored fields out of a household's data, in place: its own, each member's, each line's, and those
    of its groups (`assets.note`). Returns how many keys were taken out, with the keys within their values."""
    if not ignored or not isinstance(data, dict):
        return 0
    removed = _drop(data, ignored)
    for key, value in data.items():
        if key in ("members", "income", "expenses") and isinstance(value, list):
            removed += sum(_drop(item, ignored) for item in value if isinstance(item, dict))
        elif isinstance(value, dict):
            removed += _drop(value, within(key, ignored))
    return removed


def _drop(entry: dict[str, Any], names: Iterable[str]) -> int:
    removed = 0
    for name in [name for name in names if name in entry]:
        removed += 1 + _keys_in(entry.pop(name))
    return removed


def _keys_in(value: Any) -> int:
    """The keys of the objects within a JSON value."""
    if isinstance(value, dict):
        return len(value) + sum(_keys_in(v) for v in value.values())
    if isinstance(value, list):
        return sum(_keys_in(v) for v in value)
    return 0


def arrow_without(table: Any, ignored: frozenset[str]) -> Any:
    """An Arrow table in the households layout without the ignored columns and fields: top-level columns by plain
    name, fields of the structs of `members`, `income` and `expenses` too, and those of a group's struct by
    `group.field`."""
    import pyarrow as pa

    if not ignored:
        return table
    table = table.drop_columns([name for name in table.column_names if name in ignored])
    for i, name in enumerate(table.column_names):
        kind = table.schema.field(i).type
        inner = kind.value_type if pa.types.is_list(kind) or pa.types.is_large_list(kind) else kind
        if not pa.types.is_struct(inner):
            continue
        dropped = ignored if name in ("members", "income", "expenses") else within(name, ignored)
        kept = [inner.field(j) for j in range(inner.num_fields) if inner.field(j).name not in dropped]
        if len(kept) == inner.num_fields:
            continue
        struct = pa.struct(kept)
        wanted = pa.list_(struct) if pa.types.is_list(kind) else pa.large_list(struct) \
            if pa.types.is_large_list(kind) else struct
        table = table.set_column(i, table.schema.field(i).with_type(wanted), table.column(i).cast(wanted))
    return table


def within(group: str, ignored: Collection[str]) -> set[str]:
    """The ignored fields of a group of household inputs, by their own names: `note` for `assets.note`."""
    return {name.partition(".")[2] for name in ignored if name.startswith(f"{group}.")}


def given_columns(names: Sequence[str], ignored: Collection[str]) -> list[str]:
    """The columns of a table (a CSV header, the fields of a Parquet struct) that are not ignored."""
    return [name for name in names if name not in ignored]
