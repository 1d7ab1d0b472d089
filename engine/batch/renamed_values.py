"""`--rename-value`: values of CSV cells in a county export's own words, read as the values they stand for.

Input: the pairs given (`户主=head`, `否=false`; `sex:男=male` for one column; several in one option, separated by
commas) and the policies. Output: the pairs checked (`renamed_values`, each an `engine.batch.renamed.Rename` whose
scope is a column) and, for each column of the tables whose cells hold one of a few values (a policy's
enumeration, a yes/no, the type and the kind of an income or expense line), the cells read otherwise, which
`engine.batch.csv_layout.CsvLayout` applies as a cell is read, on both routes (`Renames.words`).
Invariants: a pair renames a value in each column that may hold the new value (`户主=head` in `relation`; `否=false`
in every yes/no column), never one that column holds as it is (`male=female` is refused); a new value no column
holds, an old value renamed two ways in one column and a column that holds no such values are refused before a
file is read. A cell is renamed when it is the old value, spaces around it aside; any other cell is read as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from engine.batch.csv_layout import EXPENSE_KINDS, INCOME_KINDS
from engine.batch.ignored import named_in_options, option_with
from engine.batch.parquet_columns import kind_words
from engine.batch.readers import InputError
from engine.batch.renamed import TABLES, Rename, not_among, split_pair
from engine.diagnostics import Said
from engine.household_words import yes_or_no
from engine.model import Policy
from engine.syntax.chinese import name_for_label

_YES_NO = ("true", "false")


def closed_values(policies: Sequence[Policy]) -> dict[tuple[str, str], list[str]]:
    """The columns whose cells hold one of a few values, by (table, column), each with those values: the inputs
    that are an enumeration or a yes/no, and the type of a line (an income or expense type of some policy) and its
    kind (`income` or `expense`)."""
    out: dict[tuple[str, str], list[str]] = {}
    for policy in policies:
        for field in policy.inputs.values():
            table = "households.csv" if field.level == "household" else "members.csv"
            if field.type == "enum":
                values = [str(value) for value in field.values]
            elif field.type == "boolean":
                values = list(_YES_NO)
            else:
                continue
            known = out.setdefault((table, field.name), [])
            known.extend(value for value in values if value not in known)
        types = out.setdefault(("lines.csv", "type"), [])
        types.extend(name for name in [*policy.income, *policy.expenses] if name not in types)
    out[("lines.csv", "kind")] = [*INCOME_KINDS, *EXPENSE_KINDS]
    return out


def renamed_values(given: Iterable[str], policies: Sequence[Policy]) -> tuple[
        tuple[Rename, ...], tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]]:
    """The pairs of `--rename-value` options (each may hold several, separated by commas), checked, and (table,
    column, ((the export's word, the value), …)) for each column they rename values in: `InputError` for one not
    written `OLD=NEW`, for a column that holds no such values, for a new value no column holds (with the value it
    most likely means), for an old value a column holds as it is, and for one word renamed two ways in a column."""
    closed = closed_values(policies)
    others = {field.name: field.type for policy in policies for field in policy.inputs.values()
              if field.type not in ("enum", "boolean")}  # (a column that holds no such values, said so)
    labels = {label.zh: value for policy in policies for field in policy.inputs.values()
              for value, label in field.value_labels if label.zh}  # (the value a word names, for an example)
    pairs: list[Rename] = []
    renamed: dict[tuple[str, str], dict[str, Rename]] = {}
    for text in named_in_options(given):
        pair = _pair(text, closed, labels, others)
        if pair in pairs:
            continue
        pairs.append(pair)
        for key, values in closed.items():
            if pair.scope not in (None, key[1]) or pair.new not in values:
                continue
            if pair.old in values:
                # (of every yes/no column, `true` and `false` are: said as such, not as one column's)
                yes_no = pair.old in ("true", "false") and pair.scope is None
                whose = Said("a yes/no value", "表示是或否的取值") if yes_no else \
                    Said(f"a value of `{key[1]}`", f"`{key[1]}` 的取值")
                raise InputError(Said(
                    f"`--rename-value {pair.written}`: `{pair.old}` is {whose.en} already; a pair renames an export's "
                    "own word for a value",
                    f"`--rename-value {pair.written}`：`{pair.old}` 本身就是{whose.zh}；每一对用于把导出系统"
                    "自己的说法改为取值"))
            other = renamed.setdefault(key, {}).setdefault(pair.old, pair)
            if other.new != pair.new:
                raise InputError(Said(
                    f"`--rename-value`: `{pair.old}` is renamed both `{other.new}` ({other.written}) and `{pair.new}` "
                    f"({pair.written}) in `{key[1]}`; keep the one it stands for, or name the column of each "
                    f"(`{key[1]}:{pair.old}=…`)",
                    f"`--rename-value`：`{pair.old}` 在 `{key[1]}` 中既改为 `{other.new}`（{other.written}）又改为 "
                    f"`{pair.new}`（{pair.written}）；请只保留它真正代表的一个，或写明每一对是哪一列的"
                    f"（`{key[1]}:{pair.old}=…`）"))
    words = sorted(((table, column, tuple((old, pair.new) for old, pair in found.items()))
                    for (table, column), found in renamed.items()), key=lambda c: (TABLES.index(c[0]), c[1]))
    return tuple(pairs), tuple(words)


def renamed_values_help(words: Sequence[str], given: Iterable[str]) -> Said | None:
    """The help after a run whose bad records write values in an export's own words: the `--rename-value` that reads
    all the `words` offered (`户主=head`, `engine.household_words.offered_pair`), with the pairs `given` already; None
    for no word, and for one word of a run given none (its finding's help offers it already)."""
    if not words or (len(words) == 1 and not named_in_options(given)):
        return None
    option = option_with(given, words, "--rename-value")
    return Said(f"to read the export's words for values as the values they stand for, run again with {option}",
                f"要按导出的说法读取这些取值，可加上 {option} 重新运行")


def _pair(text: str, closed: Mapping[tuple[str, str], Sequence[str]], labels: Mapping[str, str],
          others: Mapping[str, str]) -> Rename:
    def meant(word: str) -> str | None:  # (the value a policy's label names, for the pair to show)
        found = name_for_label(word, labels, unique=True)
        return found[0] if found else None

    column, colon, old, new = split_pair("--rename-value", text, Said("the export's word", "导出文件中的说法"),
                                         Said("the value it stands for", "它代表的取值"), "户主=head", meant)
    left = f"{column}:{old}" if colon else old
    columns = sorted({name for _, name in closed})
    if colon and column not in columns and column in others:  # `disability_grade:二级=2`: a number, not a word
        what = kind_words(others[column])
        raise InputError(Said(f"`--rename-value {text}`: `{column}` holds {what.en}, not one of a few values: the "
                              "option reads an export's words for the values of an enumeration, a yes or no or a "
                              f"line's type; write `{column}` as {what.en} in the export",
                              f"`--rename-value {text}`：`{column}` 存放的是{what.zh}，不是取值有限的列：此选项只读取"
                              f"枚举、是否和收支类型的取值的说法；请在导出文件中把 `{column}` 写成{what.zh}"))
    if colon and column not in columns:
        raise not_among(f"--rename-value {text}", column, columns,
                        Said("is no column whose cells hold one of a few values", "不是取值有限的列"),
                        Said("those are", "这样的列为"))
    allowed = sorted({value for (_, name), values in closed.items() if column in ("", name) for value in values})
    if new not in allowed and yes_or_no(new) in allowed:  # (`是=1`: a yes or no is `true` or `false`)
        raise InputError(Said(f"`--rename-value {text}`: a yes or no is read as `true` or `false`; write "
                              f"`{left}={yes_or_no(new)}`",
                              f"`--rename-value {text}`：是或否读作 `true` 或 `false`；请写 `{left}={yes_or_no(new)}`"))
    if new not in allowed:
        where = Said(f"of `{column}`", f"`{column}` 的") if column else Said("of any column", "任何一列的")
        raise not_among(f"--rename-value {text}", new, allowed, Said(f"is no value {where.en}", f"不是{where.zh}取值"),
                        Said("they are", "取值为"))
    return Rename(column or None, old, new)
