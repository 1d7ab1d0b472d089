"""The columns of a table input (CSV tables, Parquet) against the inputs the policies read.

Input: the column names a file gives (a CSV header, the fields of a Parquet column), those of them
the caller found empty in every row (a CSV column with no cell filled in; a Parquet column whose
statistics count only nulls), and the policies. Output: `InputError` for columns that
would make every record a bad one — a column no policy reads (a misspelling, a column from another
export, a header split on the wrong separator), values under no name, an input every record needs
that no column gives —
and notes for inputs no column gives that take their default in every record, so a column left out
of an export, or whose cells it lost, is said once, before the run, rather than decided silently or
refused record by record. Where a category or an assistance measure reads such an input, the note is
a warning, said again under the run's tally (a `supporter` column left out makes every elder with no
supporter a tekun).
A `date` column empty in every row is said too (`undated`): each household is then decided on the
day the run started, which the caller knows.
Invariant: only the names are looked at, never the cells.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

from engine.batch.readers import InputError, InputNote
from engine.diagnostics import Said, chinese_joined
from engine.household_words import LINE_WORDS, offered
from engine.model import InputField, Level, Policy
from engine.spelling import closest_in_any_case
from engine.syntax.chinese import by_zh_label, one_labelled
from engine.values import in_quotes, listed, listed_said

_SEPARATORS = (";", "\t", "|")
# the format's own columns an export names in its words, where no policy's label does (`日期` is the household's date;
# lines.csv has no labels at all)
_OWN_WORDS = {"日期": "date", "类别": "kind", **LINE_WORDS}
# characters too common in labels and headers to say which input a header holds (`户` of `户编号` and `个体工商户`)
_FILLER = frozenset("的及或与和、，,（）() 家庭户人员成数")


def input_fields(policies: Sequence[Policy], level: Level) -> dict[str, InputField]:
    """The inputs of that level any policy reads, by name (the first policy's field for a name)."""
    fields: dict[str, InputField] = {}
    for policy in policies:
        for f in policy.input_fields(level):
            fields.setdefault(f.name, f)
    return fields


def refuse_unknown(where: str | Said, given: Sequence[str], known: Sequence[str], prefix: str = "",
                   needed: Sequence[str] = (), labels: Mapping[str, str] | None = None, csv: bool = False,
                   scoped: Callable[[str, str], str] = lambda old, new: old,
                   own_words: Mapping[str, str] | None = None) -> None:
    """Stop when `given` (the columns of `where`: a file, or a column of one) holds one that is not in `known`; the
    error's `unknown` names them as `--ignore-column` would (`prefix`: `assets.` for the fields of a group). Where
    a column every row needs (of `needed`) is missing too, and none of the unknown ones is a misspelling of a known
    name (said with its "did you mean"), the missing column is what is said, with the unknown columns as the ones to
    rename: an export's own name for it (`家庭编号` for `id`), which ignoring would not mend. `labels`: the Chinese
    label of each known column (`column_labels`), by which an export's own header (`存款`) is told the column to
    rename it (`assets.deposits`, labelled `家庭存款及有价证券`). `csv`: `where` is a CSV table, whose headers in the
    export's own words `--rename-column` can rename (the error's `renames`, each header as `scoped` writes it for
    the option: with its table, where the pair alone would rename another table's header too). `own_words`: the
    export's own headers for the table's columns besides `_OWN_WORDS`, each the whole header (`户编号` for `household`,
    where households.csv's `id` is renamed from it)."""
    unknown = [c for c in dict.fromkeys(given) if c not in known]
    if not unknown:
        return
    from engine.checker.hints import suggested  # the checker's, imported for a column not known alone
    place = _place(where)
    # what a column may be a misspelling of: a column the file lacks (`assets.note` is not `assets.deposits` when
    # the file has that too), which renaming mends and ignoring would not
    lacking = [c for c in known if c not in given]
    closes = [suggested(column, lacking) or _in_other_case(column, lacking) for column in unknown]
    own = {word: name for word, name in {**_OWN_WORDS, **(own_words or {})}.items() if name in lacking}
    labelled = [(own[column.strip()], column.strip()) if column.strip() in own  # (the input, its label)
                else one_labelled(column, labels or {}, known) for column in unknown]
    missing = [c for c in needed if c not in given]
    # a misspelling is said below, with what it stands for, and a header of one column for its separator
    if missing and len(given) > 1 and not any(closes):
        claimed = {*given, *(label[0] for label in labelled if label)}
        error = _renamed(place, missing, unknown, known, labelled, _absent(claimed, known, labels or {}), csv, own)
        raise InputError(error.said, help=error.help, renames=[(scoped(old, new), new) for old, new in error.renames],
                         unknown=[prefix + column for column in error.unknown])
    # (a header a label names is said to be that input here, and to be renamed on the help line below)
    closes = [close or (_labelled(*label, column, own) if label else None)
              for column, close, label in zip(unknown, closes, labelled, strict=True)]
    if len(given) == 1:
        separator = next((s for s in _SEPARATORS if s in given[0]), None)
        if separator is not None:
            shown = Said("a tab", "制表符") if separator == "\t" else Said(f"`{separator}`", f" `{separator}` ")
            raise InputError(Said(f"{place.en}: the columns are separated by {shown.en}, not by commas; export the "
                                  "table as CSV with commas between the columns",
                                  f"{place.zh}：各列之间用{shown.zh}分隔，而不是逗号；"
                                  "请把表格导出为以逗号分隔列的 CSV"))
    named = []
    for column, close in zip(unknown, closes, strict=True):
        named.append(Said(f"`{column}`" + (f" ({close.en})" if close else ""),
                          f"`{column}`" + (f"（{close.zh}）" if close else "")))
    one = len(unknown) == 1
    claimed = {*given, *(label[0] for label in labelled if label),
               *(offered(close.en) or "" for close in closes if close)}
    absent = _absent(claimed, known, labels or {})
    what = _to_rename(absent, known, one)
    rest = [column for column, close in zip(unknown, closes, strict=True) if close is None]
    likely, matching = _likely(rest, absent)
    # a column its label names, a misspelling of one the file lacks, or a header whose words are those of an input's
    # label the file lacks, is to rename: ignored, every row would lack the column it stands for
    to_ignore = [prefix + column for column in rest if column not in matching]
    renames = [(column, offered(close.en) if label is None else label[0])
               for column, close, label in zip(unknown, closes, labelled, strict=True) if close is not None]
    pairs = [*((column, label[0]) for column, label in zip(unknown, labelled, strict=True) if label), *likely]
    sure, guess = _renames(renames), _guessed(likely)  # (not a column its label names)
    fix = Said("; ".join(f.en for f in (sure, guess) if f), "；".join(f.zh for f in (sure, guess) if f)) \
        if sure or guess else None
    raise InputError(Said(f"{place.en}: {'a column' if one else 'columns'} no policy reads: "
                          f"{', '.join(n.en for n in named)}; {what.en}",
                          f"{place.zh}：{'、'.join(n.zh for n in named)} 不是任何政策读取的列；{what.zh}"),
                     unknown=to_ignore, help=fix,
                     renames=[(scoped(old, new), new) for old, new in pairs] if csv else ())  # (a misspelling: to mend)


def _renames(renames: Sequence[tuple[str, str | None]]) -> Said | None:
    """The columns to rename, each with the name a policy reads: `rename `tpe` to `type``."""
    pairs = [(column, name) for column, name in renames if name]
    if not pairs:
        return None
    return Said("rename " + listed([f"`{column}` to `{name}`" for column, name in pairs], "en"),
                "请" + "，".join(f"把 `{column}` 改名为 `{name}`" for column, name in pairs))


def _guessed(likely: Sequence[tuple[str, str]]) -> Said | None:
    """The help for headers that may hold inputs the file lacks (`_likely`), each its input: `if `饮水安全` holds
    `drinking_water.safe`, rename it `drinking_water.safe``."""
    if not likely:
        return None
    if len(likely) == 1:
        (column, name), = likely
        return Said(f"if `{column}` holds `{name}`, rename it `{name}`",
                    f"如果 `{column}` 就是 `{name}`，请把它改名为 `{name}`")
    held = listed_said(Said(f"`{column}` holds `{name}`", f"`{column}` 就是 `{name}`") for column, name in likely)
    return Said(f"if {held.en}, rename each so", f"如果 {held.zh}，请照此改名")


def _likely(columns: Sequence[str], absent: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], set[str]]:
    """Of headers no label names (`columns`), each that shares more words with the label of one input the file lacks
    (`absent`, `_absent`) than with any other's: that input, which it most likely holds (`饮水安全` for
    `drinking_water.safe`, labelled `饮用水安全`; each input for one header); and every header that shares words
    with one of them at all, which may hold it."""
    best: dict[str, tuple[int, str]] = {}
    matching = set()
    for column in columns:
        shared = sorted(((len((set(column) & set(label)) - _FILLER), name) for name, label in absent), reverse=True)
        if not shared or not shared[0][0]:
            continue
        matching.add(column)
        if len(shared) == 1 or shared[1][0] < shared[0][0]:
            best[column] = shared[0]
    taken = [name for _, name in best.values()]
    return [(column, name) for column, (_, name) in best.items() if taken.count(name) == 1], matching


def _absent(given: Collection[str], known: Sequence[str], labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """The inputs a policy reads (of `known`, by their Chinese labels: `labels`) that no column of `given` holds,
    each with its label."""
    return [(name, label) for label, name in labels.items() if name in known and name not in given]


def _to_rename(absent: Sequence[tuple[str, str]], known: Sequence[str], one: bool) -> Said:
    """What to do with columns no policy reads (`one` or several): where inputs a policy reads have no column
    (`absent`, `_absent`), those inputs, which the columns may be under an export's own names (`存款金额` for
    `assets.deposits`), and which ignoring them would decide on their defaults; else the columns a policy reads."""
    it = "it" if one else "them"
    if not absent:
        return Said(f"the columns a policy reads are {', '.join(known)} — rename or remove {it}",
                    f"政策读取的列为 {', '.join(known)}——请改名或删除")
    shown = ", ".join(f"`{name}` ({label})" for name, label in absent)
    shown_zh = "、".join(f"`{name}`（{label}）" for name, label in absent)
    lone = len(absent) == 1
    holds = ("it holds " if one else "they hold ") + ("it" if lone else "some of these")
    return Said(f"the file has no column {shown}, which a policy reads (without {'it' if lone else 'them'}, every "
                f"row takes the default): if {holds}, rename {it} so; if not, remove {it}",
                f"文件中没有政策读取的 {shown_zh}列（缺少时每一行都取默认值）：如果{'它' if one else '它们'}"
                "就是其中的列，请照此改名；如果不是，请删除")


def refuse_missing(where: str | Said, given: Collection[str], needed: Sequence[str], each: str) -> None:
    """Stop when a column every record needs (of `needed`: `id`) is not among `given`, rather than refuse every
    record for it (`each`: "household", "member" or "line", for the words)."""
    for name in needed:
        if name not in given:
            gap = _gap(_place(where), name, _every(each), empty=False, column=isinstance(where, Said))
            raise InputError(gap.needed)


def _every(each: str) -> Said:
    """`every household`, `every member`, `every line`, in both languages."""
    return Said(f"every {each}", {"household": "每户", "member": "每位成员", "line": "每个条目"}[each])


def needed_inputs(fields: dict[str, InputField]) -> list[str]:
    """The inputs every record must give: those with no default that may not be null (`absent_inputs` stops at
    one no column gives)."""
    return [name for name, f in fields.items() if _needed(f)]


def _needed(f: InputField) -> bool:
    return not (f.has_default or f.nullable)


def column_labels(policies: Sequence[Policy], level: Level) -> dict[str, str]:
    """The Chinese label of each input of that level (`家庭存款及有价证券`), with the input's name: the column that
    holds it."""
    return by_zh_label((f.name, f.label) for f in input_fields(policies, level).values())


def _labelled(name: str, label: str, header: str = "", own: Collection[str] = ()) -> Said:
    """The input an export's own header stands for, by the policies' Chinese label that is or holds it (`存款`:
    `assets.deposits` is labelled `家庭存款及有价证券`; `家庭存款及有价证券`: the label of `assets.deposits`), or by
    the export's own word for it (`own`: `日期`)."""
    if label in own:
        return Said(f"the word for `{name}`", f"即 `{name}`")
    if header.strip() == label:
        return Said(f"the label of `{name}`", f"`{name}` 的标签")
    return Said(f"`{name}` is labelled `{label}`", f"`{name}` 的标签是{in_quotes(label)}")


def _renamed(place: Said, missing: Sequence[str], unknown: Sequence[str], known: Sequence[str],
             labelled: Sequence[tuple[str, str] | None], defaulted: Sequence[tuple[str, str]], csv: bool,
             own: Collection[str] = ()) -> InputError:
    """No column `id` (of `missing`), which every row needs, where columns no policy reads (`unknown`) are given:
    most likely one of them is the export's own name for it; `labelled`: the input each of them stands for by the
    policies' labels, with that label (`one_labelled`), where one does (or by the export's own words: `own`);
    `defaulted`: the inputs with a default the file lacks (`_absent`), which a header sharing words with its label
    may hold (`_likely`). The message says what is wrong (and whose label a column is); the help line, what to
    rename — for a header of CSV tables (`csv`), with the `--rename-column` pairs that do it (the error's
    `renames`) where it is plain which column holds which; and where every missing column has its header to rename,
    the other unknown ones as the error's `unknown`, to leave out in the same run (none of them can hold it)."""
    absent = [f"`{c}`" for c in missing]
    by_label = [(column, found) for column, found in zip(unknown, labelled, strict=True) if found is not None]
    whose = [Said(f"`{column}`: {said.en}", f"`{column}`：{said.zh}")
             for column, found in by_label for said in [_labelled(*found, column, own)]]
    renames = [(column, name) for column, (name, _) in by_label]  # (certain: the labels say which columns they are)
    # of the missing columns no label names, which of the unknown columns no label names holds each, if any
    left = [f"`{c}`" for c in missing if c not in {name for _, name in renames}]
    likely, _ = _likely([column for column, found in zip(unknown, labelled, strict=True) if found is None], defaulted)
    rest = [f"`{column}`" for column, found in zip(unknown, labelled, strict=True)
            if found is None and column not in dict(likely)]
    guess: Said | None = None
    if not left or not rest:
        pass
    elif len(left) == 1 and len(rest) == 1:  # (plain which, if any: its pair is offered)
        whose.append(Said(f"{rest[0]} is none of them", f"{rest[0]} 不在其中"))
        guess = Said(f"if {rest[0]} holds {left[0]}, rename it {left[0]}",
                     f"如果 {rest[0]} 就是 {left[0]}，请把它改名为 {left[0]}")
        renames.append((rest[0].strip("`"), left[0].strip("`")))
    elif len(left) == 1:
        guess = Said(f"if one of {', '.join(rest)} holds {left[0]}, rename it {left[0]}",
                     f"如果 {'、'.join(rest)} 中有一列就是 {left[0]}，请把它改名为 {left[0]}")
    else:
        guess = Said(f"if some of {', '.join(rest)} hold {', '.join(left)}, rename them so",
                     f"如果 {'、'.join(rest)} 中有的列就是 {'、'.join(left)}，请照此改名")
    sure, likely_fix = _renames([(column, name) for column, (name, _) in by_label]), _guessed(likely)
    renames.extend(likely)
    fixes = [f for f in (sure, guess, likely_fix) if f]
    fix = Said("; ".join(f.en for f in fixes), "；".join(f.zh for f in fixes)) if fixes else None
    said = Said("; ".join(w.en for w in whose), "；".join(w.zh for w in whose)) if whose else None
    return InputError(Said(
        f"{place.en}: no column {', '.join(absent)}, which every row needs; the columns a policy reads are "
        f"{', '.join(known)}" + (f" — {said.en}" if said else ""),
        f"{place.zh}：没有 {'、'.join(absent)} 列，每一行都需要{'它' if len(missing) == 1 else '它们'}；"
        f"政策读取的列为 {', '.join(known)}" + (f"——{said.zh}" if said else "")),
        help=fix, renames=renames if csv else (), unknown=[c.strip("`") for c in rest] if not left else ())


def refuse_unnamed(where: str, header: Sequence[str], filled: Sequence[int], known: Sequence[str],
                   split: Said | None = None) -> None:
    """Stop when a column with no name in the header (`filled`: their places) holds values in some row: they
    would be read as no input at all. (An unnamed column empty in every row, as Excel exports the columns
    beyond a sheet's data, is no column.) `split`: the first row where such a column holds the part of an amount
    split at a comma, to be written whole before the column is removed (else the amount is read as its first part)."""
    if not filled:
        return
    cell = filled[0]
    named = next((at for at in range(cell - 1, -1, -1) if header[at].strip()), None)  # the column to count from
    after = Said("", "") if named is None else \
        Said(f" (after `{header[named]}`)", f"（紧接 `{header[named]}` 之后）") if named == cell - 1 else \
        Said(f" ({cell - named} columns after `{header[named]}`)", f"（`{header[named]}` 之后第 {cell - named} 列）")
    first = Said("", "") if split is None else \
        Said(f"; but first write whole each amount split into it ({split.en})",
             f"；但先要把被拆到这一列的金额写完整（{split.zh}）")
    raise InputError(Said(f"{where}: column {cell + 1}{after.en} has no header, but holds values; write the name of "
                          f"the input it holds at its top (the columns are {', '.join(known)}), or remove it{first.en}",
                          f"{where}：第 {cell + 1} 列{after.zh}没有列名，却有内容；请在列首写上它对应的输入项名称"
                          f"（可用的列为 {', '.join(known)}），或删去这一列{first.zh}"))


def _in_other_case(column: str, known: Sequence[str]) -> Said | None:
    """"did you mean `id`?" for `ID` or ` Date`: a column named in another case, or with spaces around it."""
    from engine.checker.hints import did_you_mean  # the checker's, imported for a column not known alone

    meant = closest_in_any_case(column.strip(), known)
    return Said(did_you_mean(meant), did_you_mean(meant, "zh")) if meant is not None else None


def absent_inputs(where: str | Said, given: Collection[str], fields: dict[str, InputField], each: str,
                  policies: Sequence[Policy], blank: Collection[str] = (),
                  deciding: Callable[[], Sequence[Policy]] | None = None) -> list[InputNote]:
    """Notes for the inputs no column of `where` gives — none by that name, or one empty in every row (`blank`,
    a column an export lost the values of; not one of an input that may be null, where an empty cell is the
    value null) — each taking its default in every record: a warning where a category or an assistance
    measure of `policies` reads it (of those `deciding` gives, when given: the policies in force on the records'
    dates, asked for only when a warning names what reads an input); stops when one has no default (`each`:
    "household" or "member", for the words)."""
    place = _place(where)
    every = _every(each)
    notes = []
    for name, f in fields.items():
        if name in given and (name not in blank or f.nullable):
            continue
        gap = _gap(place, name, every, empty=name in given, column=isinstance(where, Said))
        if _needed(f):
            raise InputError(gap.needed)
        value = default_shown(f.default)
        taken = Said(f"takes its default ({value})", f"都取默认值（{value}）") if f.default is not None \
            else Said("has none (null)", "都按空值（null）处理")
        said = Said(f"{gap.lacks.en}: {every.en} {taken.en}", chinese_joined(gap.lacks.zh, f"：{every.zh}{taken.zh}"))
        readers = _readers(name, policies)
        if readers is not None and deciding is not None:
            readers = _readers(name, deciding())
        if readers is None:
            notes.append(InputNote(said))
            continue
        who, many = readers
        notes.append(InputNote(
            Said(f"{said.en}, and {who.en} {'are' if many else 'is'} decided on it; {gap.fix.en}",
                 chinese_joined(f"{said.zh}，而", who.zh, f"的认定要用到它；{gap.fix.zh}")),
            Said(f"{every.en} was decided with `{name}` = {value}, which {who.en} {'read' if many else 'reads'}: "
                 f"{gap.such.en}",
                 chinese_joined(f"{every.zh}都是按 `{name}` 为 {value} 认定的，", who.zh, "要用到它：", gap.such.zh))))
    return notes


class _Gap(NamedTuple):
    """How a note says that a file gives no value of an input: what it lacks, how to fix that, the same said
    under the tally, and the refusal when every record needs the input."""

    lacks: Said
    fix: Said
    such: Said
    needed: Said


def _gap(place: Said, name: str, every: Said, empty: bool, column: bool = False) -> _Gap:
    """`place` has no column `name`, or (`empty`) has one that is empty in every row; `column`: `place` is a column
    of a file (Parquet's `members`), the words set apart from it by a comma."""
    if empty:
        return _Gap(Said(f"{place.en}: column `{name}` is empty in every row",
                         chinese_joined(place.zh, f"的 `{name}` 列每一行都是空的")),
                    Said("if the export lost its values, export it again", "如是导出时丢了这一列的值，请重新导出"),
                    Said(f"its column in {place.en}{',' if column else ''} is empty in every row",
                         chinese_joined(place.zh, "中这一列每一行都是空的")),
                    Said(f"{place.en}: column `{name}` is empty in every row, and {every.en} needs it; fill it in",
                         chinese_joined(place.zh, f"：`{name}` 列每一行都是空的，而{every.zh}都需要它；请填上")))
    apart = "," if column else ""
    return _Gap(Said(f"{place.en}{apart} has no column `{name}`", chinese_joined(place.zh, f"中没有 `{name}` 列")),
                Said("if the export left the column out, add it", "如是导出时漏了这一列，请补上"),
                Said(f"{place.en}{apart} has no such column", chinese_joined(place.zh, "中没有这一列")),
                Said(f"{place.en}: no column `{name}`, which {every.en} needs; add it",
                     f"{place.zh}：没有 `{name}` 列，{every.zh}都需要它；请补上"))


def undated(where: str, day: datetime.date) -> InputNote:
    """The warning for a table (`where`) whose `date` column is empty in every row, run without --date: every
    household is decided on `day`, the day the run started, where the export may have lost the dates it meant."""
    on = day.isoformat()
    return InputNote(
        Said(f"{where}: column `date` is empty in every row: every household is decided on {on}, the day the run "
             "started; fill in each household's date, give `--date`, or delete the column",
             f"{where} 的 `date` 列每一行都是空的：每户都按运行当天（{on}）认定；请填上各户的日期，或删去这一列，"
             "或给出 --date"),
        Said(f"every household was decided on {on}, the day the run started: the `date` column of {where} is empty "
             "in every row",
             f"每户都是按运行当天（{on}）认定的：{where} 的 `date` 列每一行都是空的"))


def default_shown(default: object) -> str:
    """A default as the household file would give it: `true`, `0`, `none`, `null`."""
    return "null" if default is None else "true" if default is True else "false" if default is False else str(default)


def _readers(name: str, policies: Sequence[Policy]) -> tuple[Said, bool] | None:
    """The categories (by id; in Chinese by label) and how many assistance measures read the input `name`,
    directly or through definitions, and whether they are more than one; None when nothing decided reads it."""
    categories: dict[str, str] = {}
    measures: set[str] = set()
    for policy in policies:
        for category in policy.categories:
            if any(name in policy.reads(clause.test.node) for clause in category.clauses):
                categories.setdefault(category.id, category.label.zh or category.id)
        for measure in policy.assistance:
            if any(name in policy.reads(expr.node) for option in measure.options
                   for expr in (option.when, option.amount) if expr is not None):
                measures.add(measure.id)
    if not categories and not measures:
        return None
    readers = [Said(name, in_quotes(label)) for name, label in categories.items()]
    if measures:
        readers.append(Said(f"{len(measures)} assistance measure{'' if len(measures) == 1 else 's'}",
                            f"{len(measures)} 项救助措施"))
    return listed_said(readers), len(readers) > 1 or len(measures) > 1


def _place(where: str | Said) -> Said:
    """A file (its name, the same in both languages), or a column of one."""
    return where if isinstance(where, Said) else Said(where, where)
