"""`--rename-column`: a county export's own headers of CSV tables, read as the columns they hold.

Input: the pairs given (`存款=assets.deposits`; `members.csv:户编号=household` for one table; several in one option,
separated by commas) and the policies; then, for each table, its header and the columns its rows may hold. Output:
the pairs checked (`renamed_columns` → `Renames`), each table's header renamed (`Renames.header`), and the table
read through a copy whose first line is the renamed header (`renamed_copy`): the rows are not touched, so every
row keeps its line and every reader, row by row or as columns, reads the same renamed table.
Invariants: a pair renames a column only in a table whose rows may hold the new name (`存款=assets.deposits` in
households.csv alone; `户编号=household` in members.csv and lines.csv), never to a column the table already has
(`户编号=id` renames households.csv's `户编号`, not members.csv's, beside its `id`) nor to two columns of one
table; a new name no policy reads and the household format does not use is refused before a file is read, as
`--ignore-column` refuses a name a policy reads. The copies are `engine.batch.csv_compressed.Copies`, removed
with the decompressed ones.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.batch.ignored import named_in_options
from engine.batch.input_columns import column_labels, input_fields
from engine.batch.readers import InputError
from engine.diagnostics import FULL, Said
from engine.model import Policy
from engine.syntax.chinese import one_labelled
from engine.system_words import why_not_written

TABLES = ("households.csv", "members.csv", "lines.csv")
_EQUALS = ("=", "＝")  # (a full-width one, as a Chinese input method writes it)
_FIRST_LINE = 1 << 20  # the most a header is read as (a longer first line is no header)


@dataclass(frozen=True)
class Rename:
    """One pair: the export's word `old` (a header, or a value of cells), and `new`, the column it holds or the value
    it stands for; `scope`: the one of `TABLES` a header's pair is for, or the column a value's pair is for; None for
    each table (column) that may hold `new`."""

    scope: str | None
    old: str
    new: str

    @property
    def written(self) -> str:
        return f"{self.scope + ':' if self.scope else ''}{self.old}={self.new}"


@dataclass(frozen=True)
class Renames:
    """The pairs of a command's `--rename-column` options, checked; and those of its `--rename-value` options
    (`values`, `engine.batch.renamed_values`) with the columns they rename values in (`words`: (table, column,
    ((the export's word, the value), …)) for each), which the tables are read with too."""

    pairs: tuple[Rename, ...] = ()
    values: tuple[Rename, ...] = ()
    words: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.pairs) or bool(self.values)

    @property
    def written(self) -> list[str]:
        """The pairs of `--rename-column` as the option takes them, for a run's journal and summary."""
        return [pair.written for pair in self.pairs]

    @property
    def values_written(self) -> list[str]:
        """The pairs of `--rename-value` as the option takes them."""
        return [pair.written for pair in self.values]

    def header(self, table: str, header: Sequence[str], known: Sequence[str], where: str = "") -> tuple[str, ...]:
        """A table's header (`table`: its role, one of `TABLES`) with the pairs for it applied: those naming it,
        and those naming no table that rename to a column of `known` (what its rows may hold) the table lacks, unless
        one naming it renames the same header (`户编号=id` is not for members.csv, which has its `id`, nor beside
        `members.csv:户编号=household`). `InputError` when one header would be renamed to two columns, or a pair
        naming the table renames to a column it has, said of the table's file (`where`)."""
        where = where or table
        bare = [name.strip() for name in header]  # (a header written with spaces around it, `存款 `, is `存款`)
        applied: dict[str, Rename] = {}
        own = {pair.old for pair in self.pairs if pair.scope == table}
        for pair in self.pairs:
            if pair.old not in bare or pair.scope not in (None, table) or pair.new not in known:
                continue
            if pair.scope is None and (pair.new in header or pair.old in own):
                continue
            other = applied.get(pair.old)
            if other is not None and other.new != pair.new:
                raise InputError(Said(
                    f"{where}: --rename-column renames `{pair.old}` both `{other.new}` and `{pair.new}`; keep the pair "
                    f"of the column it holds, or name the table each pair is for (`{table}:{pair.old}=…`)",
                    f"{where}：--rename-column 把 `{pair.old}` 既改名为 `{other.new}` 又改名为 `{pair.new}`；"
                    f"请只保留它真正存放的那一列的一对，或写明每一对是哪张表的（`{table}:{pair.old}=…`）"))
            if pair.new in header:
                raise InputError(Said(
                    f"{where}: `--rename-column {pair.written}`: the table has a column `{pair.new}` already, beside "
                    f"`{pair.old}`; keep the one that holds it and remove the other",
                    f"{where}：`--rename-column {pair.written}`：表中已有 `{pair.new}` 列，与 `{pair.old}` 并存；"
                    "请保留真正存放它的一列，删除另一列"))
            applied[pair.old] = pair
        renamed = tuple(applied[name.strip()].new if name.strip() in applied else name for name in header)
        twice = [name for name in dict.fromkeys(renamed) if renamed.count(name) > 1 and name in
                 {pair.new for pair in applied.values()}]
        if twice:
            olds = [pair.old for pair in applied.values() if pair.new == twice[0]]
            raise InputError(Said(
                f"{where}: --rename-column renames {' and '.join(f'`{o}`' for o in olds)} both `{twice[0]}`; rename "
                "only the one that holds it",
                f"{where}：--rename-column 把 {'和'.join(f'`{o}`' for o in olds)} 都改名为 `{twice[0]}`；"
                "请只改名真正存放它的那一列"))
        return renamed

    def idle(self, seen: Mapping[str, tuple[Sequence[str], Sequence[str]]], known: Mapping[str, Sequence[str]],
             folder: str) -> list[Said]:
        """A note for each pair that renamed nothing, and why: `seen` holds each table's header (by role) as given
        and as renamed, `known` the columns each table's rows may hold, `folder` the tables' folder."""
        done = {(role, name.strip(), new) for role, (given, header) in seen.items()
                for name, new in zip(given, header, strict=True) if name != new}
        notes = []
        for pair in self.pairs:
            tables = [role for role in seen if pair.scope in (None, role)]
            if any((role, pair.old, pair.new) in done for role in tables):
                continue
            holding = [role for role in tables if pair.old in (name.strip() for name in seen[role][0])]
            why = _why_idle(pair, holding[0], seen[holding[0]][0], known[holding[0]]) if holding else \
                Said(f"no table of {folder} has a column `{pair.old}`", f"{folder} 的表中没有 `{pair.old}` 列")
            notes.append(Said(f"`--rename-column {pair.written}`: {why.en}; nothing renamed for it",
                              f"`--rename-column {pair.written}`：{why.zh}；未改名"))
        return notes


def _why_idle(pair: Rename, role: str, given: Sequence[str], known: Sequence[str]) -> Said:
    """Why a pair renamed nothing in a table that has its header (`role`: the table; `given`: its header; `known`:
    the columns its rows may hold)."""
    if pair.new in given:
        return Said(f"{role} has `{pair.new}` already, beside `{pair.old}`",
                    f"{role} 中已有 `{pair.new}` 列，与 `{pair.old}` 并存")
    if pair.new not in known:
        return Said(f"`{pair.old}` is in {role}, whose rows hold no `{pair.new}`",
                    f"`{pair.old}` 在 {role} 中，而该表的行不含 `{pair.new}`")
    return Said(f"{role}'s `{pair.old}` is renamed by the pair for that table",
                f"{role} 的 `{pair.old}` 已由写明该表的一对改名")


def not_tables(name: str, form: str) -> InputError:
    """`--rename-column` given for an input that is not CSV tables (`form`: "json" or "parquet")."""
    what = Said("--rename-column renames the headers of CSV tables", "--rename-column 用于改 CSV 表的表头")
    parquet = Said("name its columns as the layout does (docs/batch.md)",
                   "请在写出它时按规定的布局为各列命名（见 docs/batch.md）")
    json = Said("its records name their fields as `policy schema household` does",
                "其中记录的字段名应与 `policy schema household` 给出的一致")
    if form == "parquet":
        return InputError(Said(f"{what.en}, and {name} is Parquet: {parquet.en} where it is written",
                               f"{what.zh}，而 {name} 是 Parquet：{parquet.zh}"))
    return InputError(Said(f"{what.en}, and {name} is JSON: {json.en}", f"{what.zh}，而 {name} 是 JSON：{json.zh}"))


def renamed_columns(given: Iterable[str], policies: Sequence[Policy], values: Sequence[str] = ()) -> Renames:
    """The pairs of `--rename-column` options (each may hold several, separated by commas), checked: `InputError`
    for one not written `OLD=NEW`, for a table that is none of the CSV tables, for a new name that is no column
    (with the column it most likely means), and for one header renamed to two columns in one table; with the pairs
    of `--rename-value` options (`values`), checked by `engine.batch.renamed_values.renamed_values` (imported, with
    the CSV tables' layout, only when there are some)."""
    value_pairs: tuple[Rename, ...] = ()
    words: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()
    if named_in_options(values):
        from engine.batch.renamed_values import renamed_values

        value_pairs, words = renamed_values(values, policies)
    pairs: list[Rename] = []
    columns = table_columns(policies)
    for text in named_in_options(given):
        pair = _pair(text, columns, policies)
        for other in pairs:  # (with no table named, `户编号=id` and `户编号=household` are each for their tables)
            if pair.scope and (other.scope, other.old) == (pair.scope, pair.old) and other.new != pair.new:
                raise InputError(Said(
                    f"`--rename-column`: `{pair.old}` is renamed both `{other.new}` ({other.written}) and "
                    f"`{pair.new}` ({pair.written}); keep the one it holds",
                    f"`--rename-column`：`{pair.old}` 既改名为 `{other.new}`（{other.written}）又改名为 "
                    f"`{pair.new}`（{pair.written}）；请只保留正确的一个"))
        if pair not in pairs:
            pairs.append(pair)
    return Renames(tuple(pairs), value_pairs, words)


def equals_in(text: str) -> str | None:
    """The equals sign a pair `OLD=NEW` is written with (`=`, or the full-width `＝`), None when it has none."""
    return next((mark for mark in _EQUALS if mark in text), None)


def _pair(text: str, columns: Mapping[str, Sequence[str]], policies: Sequence[Policy]) -> Rename:
    def meant(word: str) -> str | None:  # (the column a policy's label names, for the pair to show)
        labels = {**column_labels(policies, "household"), **column_labels(policies, "member")}
        found = one_labelled(word, labels, [name for names in columns.values() for name in names])
        return found[0] if found else None

    table, colon, old, new = split_pair("--rename-column", text, Said("the export's header", "导出文件的表头"),
                                        Said("the column it holds", "它存放的列"), "存款=assets.deposits", meant)
    if colon and (table if table.endswith(".csv") else f"{table}.csv") not in TABLES:
        raise InputError(Said(f"`--rename-column {text}`: `{table}` is none of the CSV tables; write households.csv, "
                              "members.csv or lines.csv before the `:`, or no table at all",
                              f"`--rename-column {text}`：`{table}` 不是 CSV 表；`:` 前请写 households.csv、"
                              "members.csv 或 lines.csv，或者不写表名"))
    if old == new:
        raise InputError(Said(f"--rename-column {text} renames the column `{old}` to itself; leave the pair out: "
                              f"a column named `{new}` is read as it is",
                              f"--rename-column {text} 把 `{old}` 列改名为它自己；请去掉这一对：名为 `{new}` 的列本来"
                              "就会照原样读取"))
    role = (table if table.endswith(".csv") else f"{table}.csv") if colon else None
    allowed = columns[role] if role else sorted({name for names in columns.values() for name in names})
    if new not in allowed:
        where = Said(f"{role}'s columns", f"{role} 的列") if role else \
            Said("the columns of the CSV tables", "CSV 表的列")
        raise not_among(f"--rename-column {text}", new, allowed, Said(f"is none of {where.en}", f"不在{where.zh}之中"),
                        Said("they are", "各列为"))
    return Rename(role, old, new)


def split_pair(option: str, text: str, old_is: Said, new_is: Said, example: str,
               meant: Callable[[str], str | None]) -> tuple[str, bool, str, str]:
    """A pair of `option` as written, `[SCOPE:]OLD=NEW` (the equals sign full-width too), split: its scope, whether
    one is written, old and new, each without the spaces around it. `InputError` for one not written so, shown
    the pair to write (`meant`: the new name or value a word alone stands for, else `example`), or with a side
    empty; `old_is`, `new_is`: what the two sides are (the export's header, the column it holds)."""
    equals = equals_in(text)
    if equals is None:
        new = meant(text.partition(":")[2] or text)
        shown = f"{text}={new}" if new else example
        raise InputError(Said(f"`{option}`: `{text}` is not written OLD=NEW; write {old_is.en}, `=` and {new_is.en}: "
                              f"`{shown}`",
                              f"`{option}`：`{text}` 不是 旧=新 的写法；请写{old_is.zh}、`=` 和{new_is.zh}："
                              f"`{shown}`"))
    left, _, new = (part.strip() for part in text.partition(equals))
    scope, colon, old = (part.strip() for part in left.partition(":"))
    if not colon:
        scope, old = "", scope
    if not old or not new:
        raise InputError(Said(f"`{option} {text}`: write {old_is.en} before `=` and {new_is.en} after it, e.g. "
                              f"`{example}`",
                              f"`{option} {text}`：`=` 前请写{old_is.zh}，后面写{new_is.zh}，如 `{example}`"))
    return scope, bool(colon), old, new


def not_among(pair: str, name: str, allowed: Sequence[str], what: Said, listed: Said) -> InputError:
    """A pair's name that is none of those `allowed` (`pair`: the option and the pair, as said first; `what`: what
    the name is not; `listed`: the words before the names allowed), with the one it most likely means, else those
    allowed: ``--rename-column 存款=deposits: `deposits` is none of the columns … (did you mean
    `assets.deposits`?)``."""
    from engine.checker.hints import suggested  # the checker's, imported for a name refused alone

    close = suggested(name, allowed)
    return InputError(Said(f"`{pair}`: `{name}` {what.en} (" + (close.en if close else f"{listed.en} "
                                                                 f"{', '.join(allowed)}") + ")",
                           f"`{pair}`：`{name}` {what.zh}（" + (close.zh if close else f"{listed.zh} "
                                                                f"{', '.join(allowed)}") + "）"))


def table_columns(policies: Sequence[Policy]) -> dict[str, list[str]]:
    """The columns each table's rows may hold (by role, one of `TABLES`): the format's own and each input a policy
    reads."""
    return {"households.csv": ["id", "date", *input_fields(policies, "household")],
            "members.csv": ["household", "id", *input_fields(policies, "member")],
            "lines.csv": ["household", "kind", "type", "member", "amount"]}


def renamed_paths(headers: Sequence[Sequence[str]], given: Sequence[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    """The JSON paths, indices left out, that the cells under a renamed header are read into, each with the header
    as the file writes it (`("assets.deposits", "存款")`, `("members[].birth_date", "出生日期")`): what a finding
    about such a cell names besides its path (`engine.batch.readers.placed`). `headers`: the three tables' headers
    (in the order of `TABLES`) as renamed; `given`: as their files write them."""
    out: list[tuple[str, str]] = []
    for role, header, own in zip(TABLES, headers, given, strict=True):
        for name, written in zip(header, own, strict=True):
            if name == written or name == "household":  # (a member's or line's household: no path of its own)
                continue
            paths = [name] if role == "households.csv" else [f"members[].{name}"] if role == "members.csv" else \
                [f"{section}[].{name}" for section in ("income", "expenses")]
            out.extend((path, written.strip()) for path in paths)
    return tuple(out)


def renamed_copy(source: Path, table: Path, header: Sequence[str], copy: Path) -> Path:
    """A copy of a table's text (`source`: the table, or its decompressed copy) at `copy`, its first line the
    renamed `header`, every other byte as it is. `InputError` when the header is not on a line of its own (a
    line break within its quotes), which a copy could not rename without moving every row's line."""
    with source.open("rb") as handle:
        block = handle.read(_FIRST_LINE)
        ends = [at for at in (block.find(b"\r"), block.find(b"\n")) if at >= 0]  # (a line may end in `\r` alone)
        cut = min(ends) if ends else len(block)
        if block[:cut].count(b'"') % 2 or (not ends and len(block) == _FIRST_LINE):
            raise InputError(Said(f"{table}: its header is not on a line of its own (a line break within quotes); "
                                  "rename its columns in the file instead of with --rename-column",
                                  f"{table}：表头不在单独的一行中（引号内有换行）；请直接在文件中改列名，"
                                  "不要用 --rename-column"))
        ending = b"\r\n" if block[cut:cut + 2] == b"\r\n" else block[cut:cut + 1]
        line = io.StringIO()
        csv.writer(line, lineterminator="").writerow(header)
        try:
            with copy.open("wb") as out:
                out.write(line.getvalue().encode("utf-8", errors="surrogateescape") + ending)
                out.write(block[cut + len(ending):])
                shutil.copyfileobj(handle, out, 1 << 20)
        except OSError as error:
            if error.errno not in FULL:
                raise
            why = why_not_written(error, copy)
            raise InputError(Said(f"{table}: no room for a copy with its header renamed in {copy.parent.parent} "
                                  f"({why.en}); free some space there, set TMPDIR to a folder with room, or "
                                  "rename the columns in the file instead of with --rename-column",
                                  f"{table}：{copy.parent.parent} 中没有空间存放改了表头的副本（{why.zh}）；"
                                  "请在那里腾出空间，或把 TMPDIR 设为有空间的文件夹，或直接在文件中改列名，"
                                  "不要用 --rename-column")) from None
    return copy
