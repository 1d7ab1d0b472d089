"""A Parquet file's columns against the policies, before a row is read.

Input: the Arrow schema of a Parquet file (or of a folder of them), the policies, and the columns found to hold only
nulls (`null_throughout`, from the files' footers). Output: `InputError` for a file every row of which would be a
bad record — no `members`, a column of a type that cannot hold what the policies read from it (with the type to
write and how to cast it in pandas and Spark), money as floating point or with more than two decimals, numbers in
single precision, lists written as JSON text, fields flattened into columns of their own, a timestamp with a time
of day where a date is read —, and the notes of `engine.batch.input_columns` for inputs no column gives.
Invariant: only the schema and the footers are read, except for timestamp columns, whose values are read a batch at
a time to see that each is at midnight (`times_of_day`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import partial
from typing import Any, NamedTuple

from engine.batch.arrow_words import places
from engine.batch.input_columns import default_shown
from engine.batch.readers import InputError, InputNote, decisions_given
from engine.diagnostics import Said, chinese_joined
from engine.export_words import Words
from engine.model import Policy


def household_columns(policies: Sequence[Policy]) -> list[str]:
    """The columns of a households table: `id`, `date`, `members`, `income`, `expenses` and the groups of the
    household inputs (`assets`, `housing`, …)."""
    from engine.batch.input_columns import input_fields

    groups = dict.fromkeys(name.split(".", 1)[0] for name in input_fields(policies, "household"))
    return ["id", "date", "members", "income", "expenses", *groups]


def households_columns(path: str, schema: Any, policies: Sequence[Policy], blank: Collection[str] = (),
                       timestamps: bool = True, ignored: frozenset[str] = frozenset(),
                       words: Words = ()) -> list[InputNote]:
    """Check that a Parquet file (or a Spark folder of them) with this Arrow schema holds households; raises
    `InputError` where every row would be refused; the notes for inputs no column gives, or only nulls (`blank`,
    as `null_throughout` names them). `timestamps`: whether the reader takes a timestamp at midnight as a date
    (`times_of_day`, `dated`; Spark's rows do not). `ignored`: the columns and fields of `--ignore-column`
    (`engine.batch.ignored`), not looked at. `words`: the values of `--rename-value`, by column: a yes or no
    column they rename values in may be text (`是`, `否`)."""
    from engine.household import looks_like_decision

    names = schema.names  # a file every row of which would be a bad record:
    if looks_like_decision(dict.fromkeys(names)):  # the columns are the keys of each row
        raise decisions_given(path)
    if "members" not in names:
        raise InputError(Said(f"{path}: has no `members` column, so it holds no households (one row per household, "
                              "its members a list; `policy sample -o households.parquet` writes one)",
                              f"{path}：没有 `members` 列，所以其中没有家庭（应每户一行，成员为列表；"
                              "`policy sample -o households.parquet` 可写出一个样例）"))
    return _check_parquet_columns(path, schema, policies, blank, timestamps, ignored, words)


def null_throughout(footers: Sequence[Any]) -> set[str]:
    """The columns that hold only nulls in every row of these Parquet files (their footers: pyarrow's
    `FileMetaData`, one per file of a table) — `date`, a field of a struct column (`assets.deposits`), or of the
    structs of a list column (`members.supporter`) — read off the null counts a footer keeps for each column chunk,
    so no value is read. A column of type `null` (as pandas writes a field that is None in every row) holds none
    whatever its count says; a chunk with no count is taken to hold a value (no warning rests on a guess), and a
    file's missing column holds none."""
    seen: set[str] = set()
    valued: set[str] = set()
    for metadata in footers:
        nulls = {c for c in range(metadata.num_columns) if metadata.schema.column(c).logical_type.type == "UNKNOWN"}
        for g in range(metadata.num_row_groups):
            group = metadata.row_group(g)
            for c in range(group.num_columns):
                chunk = group.column(c)
                path = chunk.path_in_schema.split(".")  # `members.list.element.supporter`, as written
                name = path[0] if len(path) == 1 else f"{path[0]}.{path[-1]}"
                seen.add(name)
                counted = chunk.statistics is not None and chunk.statistics.has_null_count
                if c not in nulls and (not counted or chunk.statistics.null_count < chunk.num_values):
                    valued.add(name)
    return seen - valued


def _check_parquet_columns(path: str, schema: Any, policies: Sequence[Policy], blank: Collection[str] = (),
                           timestamps: bool = True, ignored: frozenset[str] = frozenset(),
                           words: Words = ()) -> list[InputNote]:
    """Stop at columns (or fields of the struct columns) every row would be refused for, every column's said at once
    (an export's own column and its members' own field in one run, with one `--ignore-column` for both); the notes
    for inputs no column gives, or only nulls (see `engine.batch.input_columns`)."""
    from engine.batch.ignored import given_columns, within
    from engine.batch.input_columns import absent_inputs, input_fields, needed_inputs, refuse_missing, refuse_unknown

    household, member = input_fields(policies, "household"), input_fields(policies, "member")
    groups: dict[str, list[str]] = {}
    for name in household:
        group, field = name.split(".", 1)
        groups.setdefault(group, []).append(field)
    _refuse_flattened(path, schema.names, household)
    refused: list[InputError] = []

    def checked(*checks: Callable[[], None]) -> None:  # a column's checks, up to the first that refuses it
        for check in checks:
            try:
                check()
            except InputError as error:
                refused.append(error)
                return

    checked(lambda: refuse_unknown(path, given_columns(schema.names, ignored), household_columns(policies),
                                   needed=["id", "members"]),
            lambda: refuse_missing(path, schema.names, ["id"], "household"))
    try:
        _refuse_text_for_lists(path, schema, member, groups)
    except InputError as error:  # (a list written as text has no fields to check)
        raise InputError.together([*refused, error]) from None
    if refused and "members" not in schema.names:  # (no fields of members to check)
        raise InputError.together(refused)

    def fields_of(column: str) -> list[str]:
        struct = _struct_of(schema.field(column).type)
        return [] if struct is None else [f.name for f in struct]

    def column(name: str) -> Said:
        return Said(f"{path}, column `{name}`", f"{path} 的 `{name}` 列")

    given_members = given_columns(fields_of("members"), ignored)
    checked(lambda: refuse_unknown(column("members"), given_members, ["id", *member],
                                   needed=["id", *needed_inputs(member)]),
            lambda: refuse_missing(column("members"), given_members, ["id"], "member"))
    given_household: list[str] = []
    blank_household = {name for name in blank if name in household}
    for group, known in groups.items():
        if group in blank:  # a column of type null (pandas' None in every row): its fields are there, all empty
            blank_household.update(f"{group}.{name}" for name in known)
            given_household += [f"{group}.{name}" for name in known]
        elif group in schema.names:
            inside = given_columns(fields_of(group), within(group, ignored))
            checked(partial(refuse_unknown, column(group), inside, known, prefix=f"{group}."))
            given_household += [f"{group}.{name}" for name in inside]
    for section in ("income", "expenses"):
        if section in schema.names:
            fields = given_columns(fields_of(section), ignored)
            checked(partial(refuse_unknown, column(section), fields, ["type", "member", "amount"],
                            needed=["type", "amount"]),
                    partial(refuse_missing, column(section), fields, ["type", "amount"], "line"))
    if refused:
        raise InputError.together(refused)
    _refuse_types(path, schema, policies, timestamps, words)
    notes = [*absent_inputs(str(path), given_household, household, "household", policies, blank_household),
             *absent_inputs(column("members"), given_members, member, "member", policies,
                            {name.split(".", 1)[1] for name in blank if name.startswith("members.")})]
    for section in ("income", "expenses"):
        if section not in schema.names:
            lines = Said(f"no {section} lines", f"没有{'收入' if section == 'income' else '支出'}条目")
            notes.append(InputNote(
                Said(f"{path} has no column `{section}`: every household is decided with {lines.en}",
                     f"{path} 中没有 `{section}` 列：每户都按{lines.zh}认定"),
                Said(f"every household was decided with {lines.en}: {path} has no column `{section}`",
                     f"每户都是按{lines.zh}认定的：{path} 中没有 `{section}` 列")))
    return notes


def _refuse_text_for_lists(path: str, schema: Any, member: dict[str, Any], groups: dict[str, list[str]]) -> None:
    """Stop at a column that holds a list of structs (`members`, `income`, `expenses`) or a struct (`assets`, …) in the
    layout but is a text column in the file — the JSON text of the list (`[{"id": "p1", …}]`), as an export writes a
    nested value it cannot store: read for its fields, `members` would be told it lacks `birth_date`, and every row
    of another column would be a bad record. One error names each such column, what the policy reads from it, and
    how to store the list itself (pandas, pyarrow, or the layout of `policy sample`'s file to copy)."""
    import pyarrow as pa

    held = {"members": Said("a list of structs, one per member (" + ", ".join(f"`{f}`" for f in ["id", *member][:3])
                            + ", …)", "结构体列表，每位成员一个（" + "、".join(f"`{f}`" for f in ["id", *member][:3])
                            + " 等）")}
    for section in ("income", "expenses"):
        held[section] = Said("a list of structs, one per line (`type`, `member`, `amount`)",
                             "结构体列表，每个条目一个（`type`、`member`、`amount`）")
    for group, fields in groups.items():
        shown = ", ".join(f"`{f}`" for f in fields[:2]) + (", …" if len(fields) > 2 else "")
        held[group] = Said(f"a struct ({shown})", f"结构体（{shown.replace(', ', '、')}）")
    text = [name for name in held if name in schema.names and (pa.types.is_string(schema.field(name).type)
                                                               or pa.types.is_large_string(schema.field(name).type))]
    if not text:
        return
    money = any(name != "members" for name in text)  # amounts: read as exact decimals, not floats
    decimal = ", parse_float=decimal.Decimal" if money else ""
    c = f'"{text[0]}"' if len(text) == 1 else "c"
    loop = "" if len(text) == 1 else "for c in [" + ", ".join(f'"{name}"' for name in text) + "]: "
    pandas = (f"{loop}df[{c}] = df[{c}].map(" + (f"lambda s: json.loads(s{decimal})" if money else "json.loads")
              + ', na_action="ignore")')
    arrow = (f"{loop}table = table.set_column(table.schema.get_field_index({c}), {c}, pa.array([json.loads(s{decimal}) "
             f"if s else None for s in table[{c}].to_pylist()]))")
    sample = "`policy sample --n 10 -o sample.parquet`"
    how = Said(f"pandas: `{pandas}` before `df.to_parquet(…)`; pyarrow: `{arrow}`; or copy the layout of the file "
               f"{sample} writes (`pyarrow.parquet.read_schema(\"sample.parquet\")`)",
               f"pandas：`{pandas}`，再 `df.to_parquet(…)`；pyarrow：`{arrow}`；也可照着 {sample} 写出的文件的结构来写"
               f"（`pyarrow.parquet.read_schema(\"sample.parquet\")`）")
    wrong = [Said(f"column `{name}` is a text column ({schema.field(name).type}), where the policy reads "
                  f"{held[name].en}",
                  f"`{name}` 列是文本列（{schema.field(name).type}），而政策从中读取的是{held[name].zh}")
             for name in text]
    if len(text) == 1:
        example = ' (`[{"id": "p1", …}]`)' if text[0] == "members" else ""
        example_zh = '（`[{"id": "p1", …}]`）' if text[0] == "members" else ""
        raise InputError(Said(f"{path}: {wrong[0].en} — most likely its JSON text{example}, which every row would be "
                              f"refused for: store the value itself, not its text — {how.en}",
                              f"{path}：{wrong[0].zh}——像是存成了 JSON 文本{example_zh}，这样每一行"
                              f"都会被拒绝：请存入值本身，而不是它的文本——{how.zh}"))
    raise InputError(Said(f"{path}: text columns where the policy reads lists and structs, most likely their JSON "
                          "text, which every row would be refused for:" + "".join(f"\n  {w.en}" for w in wrong)
                          + f"\nstore the values themselves, not their text — {how.en}",
                          f"{path}：以下各列是文本列，而政策从中读取的是列表或结构体，像是存成了 JSON 文本，这样每一行"
                          "都会被拒绝：" + "".join(f"\n  {w.zh}" for w in wrong)
                          + f"\n请存入值本身，而不是它们的文本——{how.zh}"))


def _refuse_flattened(path: str, names: Sequence[str], household: dict[str, Any]) -> None:
    """Stop at columns named `assets.deposits`, … where the layout has a struct column `assets` with those fields, as
    pandas' `json_normalize` flattens households: told they are no column a policy reads, a user would remove them,
    and every household would take their defaults (deposits 0: the asset test passed by all). Each group's columns
    are named with how to nest them into its struct column."""
    flat: dict[str, list[str]] = {}
    for name in names:
        group, dot, _ = name.partition(".")
        if dot and group not in names and name in household:
            flat.setdefault(group, []).append(name)
    if not flat:
        return
    said = []
    for group, columns in flat.items():
        listed = ", ".join(f"`{c}`" for c in columns)
        one = len(columns) == 1
        it, its = ("it", "its default") if one else ("them", "their defaults")
        defaults = ", ".join(f"{c.split('.', 1)[1]} {default_shown(household[c].default)}" for c in columns
                             if household[c].has_default)
        how = (f'pandas: `cols = [c for c in df if c.startswith("{group}.")]; '
               f'df["{group}"] = df[cols].rename(columns=lambda c: c.split(".", 1)[1]).to_dict("records"); '
               f'df = df.drop(columns=cols)`; pyarrow: `table.append_column("{group}", pa.StructArray.from_arrays('
               f'[table[c].combine_chunks() for c in cols], names=[c.split(".", 1)[1] for c in cols]))'
               f'.drop_columns(cols)`')
        fallback = Said(f" (removed, every household would take {its}: {defaults})",
                        f"（若删去，每户都取默认值：{defaults}）") if defaults else Said("", "")
        said.append(Said(f"{listed} {'is a field' if one else 'are fields'} of the struct column `{group}`, written "
                         f"flat as {'a column of its own' if one else 'columns of their own'} (as pandas' "
                         f"json_normalize writes {it}): the policy reads {it} only inside `{group}`; nest {it} into "
                         f"that column{fallback.en} — {how}",
                         f"{listed} 是结构体列 `{group}` 的字段，却被拆成了单独的列"
                         f"（pandas 的 json_normalize 就这样写）：政策只从 `{group}` 列中读取；"
                         f"请把它们并入这一列{fallback.zh}——{how}"))
    if len(said) == 1:
        raise InputError(Said(f"{path}: {said[0].en}", f"{path}：{said[0].zh}"))
    raise InputError(Said(f"{path}: struct columns written flat:" + "".join(f"\n  {x.en}" for x in said),
                          f"{path}：结构体列被拆成了单独的列：" + "".join(f"\n  {x.zh}" for x in said)))


def _refuse_float_money(path: str, floats: Sequence[tuple[str, Any]]) -> None:
    """Stop at money held as floating point (`double`; `floats`: each column or field by name, and its type): a float
    is no exact amount (0.1 + 0.2 is 0.30000000000000004, and 1e20 passes for one), so the columns are to be cast to
    decimal before the run."""
    if not floats:
        return
    named, listed, one = _named_columns(floats)
    raise InputError(Said(
        f"{path}: {'column' if one else 'columns'} {named} {'holds' if one else 'hold'} money as floating point, "
        "which is no exact amount (0.1 + 0.2 gives 0.30000000000000004): cast "
        f"{'it' if one else 'them'} to decimal(18,2) (`pa.decimal128(18, 2)` in pyarrow, `DECIMAL(18,2)` in Spark "
        "SQL), or write whole yuan as integers",
        f"{path}：{listed} 列以浮点数存放金额，无法精确表示（0.1 + 0.2 得 0.30000000000000004）："
        "请转换为 decimal(18,2)（pyarrow 中为 `pa.decimal128(18, 2)`，Spark SQL 中为 `DECIMAL(18,2)`），"
        "或以整数写整元"))


def _refuse_fine_money(path: str, fine: Sequence[tuple[str, Any]]) -> None:
    """Stop at money held as a decimal of more than two decimals (`fine`: each column or field by name, and its
    type): each value keeps the column's decimals (`12.3400`), and an amount has at most two, so every row would be a
    bad record."""
    if not fine:
        return
    named, listed, one = _named_columns(fine)
    raise InputError(Said(
        f"{path}: {'column' if one else 'columns'} {named} {'holds' if one else 'hold'} money with more than two "
        "decimals: each value is read with all of them (12.34 as 12.3400), more than an amount may have, and every "
        f"row would be a bad record: cast {'it' if one else 'them'} to decimal(18,2) (`pa.decimal128(18, 2)` in "
        "pyarrow, `DECIMAL(18,2)` in Spark SQL), rounding to the fen where the figures hold more",
        f"{path}：{listed} 列存放金额的小数位超过两位：每个数值都按全部小数位读取（12.34 读作 12.3400），超过金额允许的"
        "两位，每一行都会成为错误记录：请转换为 decimal(18,2)（pyarrow 中为 `pa.decimal128(18, 2)`，Spark SQL 中为 "
        "`DECIMAL(18,2)`），数值多于两位小数的，先四舍五入到分"))


def _refuse_single_floats(path: str, single: Sequence[tuple[str, Any]]) -> None:
    """Stop at a number held as a float of single (or half) precision (`single`: each column or field by name, and
    its type): read as the double it is, land of 1.3 mu written as a `float` is 1.2999999523162842 mu, which no
    reader of the file meant."""
    if not single:
        return
    named, listed, one = _named_columns(single)
    raise InputError(Said(
        f"{path}: {'column' if one else 'columns'} {named} {'holds' if one else 'hold'} numbers as single-precision "
        "floating point, which holds 1.3 as 1.2999999523162842 and would be read so: write "
        f"{'it' if one else 'them'} from the source as double or as decimal(38,10) (casting the floats changes "
        "nothing), or round them first (pandas `.astype(\"float64\").round(4)`)",
        f"{path}：{listed} 列以单精度浮点数存放数值，1.3 存为 1.2999999523162842，也会按此读取：请从源数据写成 double "
        "或 decimal(38,10)（直接转换这些浮点数无济于事），或先四舍五入（pandas 中为 `.astype(\"float64\").round(4)`）"))


def _named_columns(columns: Sequence[tuple[str, Any]]) -> tuple[str, str, bool]:
    """Columns (each by name, with its type) as a message names them, in English and in Chinese; and whether there is
    only one."""
    return (", ".join(f"`{name}` ({kind})" for name, kind in columns),
            "、".join(f"`{name}`（{kind}）" for name, kind in columns), len(columns) == 1)


class _Wanted(NamedTuple):
    """What an input of one type is written as in Parquet: in words, as an Arrow type, and how to cast a column
    to it."""

    words: Said
    arrow: str
    how: str


_WANTED = {
    "text": _Wanted(Said("a text", "文本"), "string", 'pandas `.astype(str)`, Spark `.cast("string")`'),
    "date": _Wanted(Said("a date", "日期"), "date32", 'pandas `.dt.date`, Spark `.cast("date")`'),
    "money": _Wanted(Said("an amount of money", "金额"), "decimal(18,2)",
                     'pandas `.map(decimal.Decimal)`, Spark `.cast("decimal(18,2)")`'),
    "integer": _Wanted(Said("a whole number", "整数"), "int64", 'pandas `.astype("Int64")`, Spark `.cast("long")`'),
    "number": _Wanted(Said("a number", "数字"), "decimal(38,10)",
                      'pandas `.map(decimal.Decimal)`, Spark `.cast("decimal(38,10)")`'),
    "boolean": _Wanted(Said("true or false", "true 或 false"), "bool",
                       'pandas `.astype("boolean")`, Spark `.cast("boolean")`'),
}


def kind_words(field_type: str) -> Said:
    """What an input of `field_type` holds, in words: `a whole number`, `an amount of money`."""
    return _WANTED[_kind_of(field_type)].words


def _kind_of(field_type: str) -> str:
    return "text" if field_type == "enum" else field_type


def _struct_of(kind: Any) -> Any:
    """The struct type of a struct column, or of a list of structs; None for a column of any other type."""
    import pyarrow as pa

    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        kind = kind.value_type
    return kind if pa.types.is_struct(kind) else None


def field_type(schema: Any, column: str, field: str | None) -> Any:
    """The Arrow type of `column` (`field` None) or of the field `field` of its structs; None when there is none."""
    if column not in schema.names:
        return None
    kind = schema.field(column).type
    if field is None:
        return kind
    struct = _struct_of(kind)
    return None if struct is None or struct.get_field_index(field) < 0 else struct.field(field).type


def _holds(kind: str, arrow: Any, timestamps: bool = True) -> bool:
    """Whether an Arrow column of type `arrow` holds values of an input of `kind` (`_WANTED`) exactly: text as
    text; a date as a date, as text (each value then checked as JSON's is) or as a timestamp with no time zone or
    UTC (whose values must be at midnight: `times_of_day`); numbers as numbers (each checked as JSON's are);
    true or false as booleans. A column of nulls only holds any."""
    import pyarrow as pa

    t = pa.types
    if t.is_null(arrow):
        return True
    if t.is_dictionary(arrow):
        arrow = arrow.value_type
    text = t.is_string(arrow) or t.is_large_string(arrow) or t.is_string_view(arrow)
    if kind == "text":
        return text
    if kind == "date":
        return t.is_date(arrow) or text or (timestamps and t.is_timestamp(arrow)
                                             and arrow.tz in (None, "UTC", "+00:00", "Etc/UTC"))
    if kind in ("money", "integer", "number"):
        return t.is_integer(arrow) or t.is_decimal(arrow) or t.is_floating(arrow)
    return t.is_boolean(arrow)


def _worded_help(kind: str, arrow: Any) -> Said:
    """For a yes or no written as text or as whole numbers, the `--rename-value` that reads it so."""
    if kind != "boolean" or not (_holds("text", arrow) or _holds("integer", arrow)):
        return Said("", "")
    pairs = "是=true,否=false" if _holds("text", arrow) else "1=true,0=false"
    what = Said("words", "说法") if _holds("text", arrow) else Said("codes", "代码")
    return Said(f"; or, if it holds {what.en} for yes and no, read them with --rename-value {pairs}",
                f"；或者，如果其中是表示是与否的{what.zh}，可加上 --rename-value {pairs} 读取")


def _refuse_types(path: str, schema: Any, policies: Sequence[Policy], timestamps: bool = True,
                  words: Words = ()) -> None:
    """Stop when a column (or a field of a struct column) is of an Arrow type that cannot hold what the policies
    read from it — an id written as a number, a date as a timestamp in another time zone, money as text —: each of
    its rows would be a bad record, with help meant for JSON. One error names every such column, its type, the type
    wanted and how to cast it. Failing that, stop at money held as floating point (`_refuse_float_money`). A yes or
    no written as text is not stopped where `--rename-value` renames values in it (`words`): each row is read so."""
    import pyarrow as pa

    from engine.batch.input_columns import input_fields

    wanted: dict[tuple[str, str | None], str] = {("id", None): "text", ("date", None): "date",
                                                 ("members", "id"): "text"}
    for name, f in input_fields(policies, "member").items():
        wanted[("members", name)] = _kind_of(f.type)
    for section in ("income", "expenses"):
        wanted.update({(section, "type"): "text", (section, "member"): "text", (section, "amount"): "money"})
    for name, f in input_fields(policies, "household").items():
        group, inside = name.split(".", 1)
        wanted[(group, inside)] = _kind_of(f.type)
    wrong: list[tuple[Said, Said]] = []  # each column's, with the --rename-value that reads it where one does
    floats: list[tuple[str, Any]] = []
    fine: list[tuple[str, Any]] = []
    single: list[tuple[str, Any]] = []
    # the columns --rename-value renames values in, which may hold words
    worded = {place for table, column, _ in words for place in places(table, column)}
    for (column, field), kind in wanted.items():
        arrow = field_type(schema, column, field)
        if arrow is None:
            continue
        if (column, field) in worded and (_holds("text", arrow) or _holds("integer", arrow)):
            continue  # words (`否`) or codes (`1`), read as the values they stand for
        if _holds(kind, arrow, timestamps):
            if kind == "money" and pa.types.is_floating(arrow):
                floats.append((f"{column}.{field}", arrow))
            if kind == "money" and pa.types.is_decimal(arrow) and arrow.scale > 2:
                fine.append((f"{column}.{field}", arrow))
            if pa.types.is_float32(arrow) or pa.types.is_float16(arrow):
                single.append((f"{column}.{field}", arrow))
            continue
        want = _WANTED[kind]
        where = Said(f"column `{column}`", f"`{column}` 列") if field is None else \
            Said(f"column `{column}`, field `{field}`", f"`{column}` 列的 `{field}` 字段")
        wrong.append((Said(f"{where.en} is {arrow}, but the policy reads {want.words.en} from it: write it as "
                           f"{want.arrow} ({want.how})",
                           chinese_joined(f"{where.zh}的类型是 {arrow}，而政策从中读取", want.words.zh,
                                          f"：请写成 {want.arrow}（{want.how}）")), _worded_help(kind, arrow)))
    if not wrong:
        listed = ("members", "income", "expenses")  # named after the household's own fields, as they always were

        def ordered(found: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
            return sorted(found, key=lambda named: named[0].split(".", 1)[0] in listed)
        _refuse_float_money(path, ordered(floats))
        _refuse_fine_money(path, ordered(fine))
        _refuse_single_floats(path, ordered(single))
        return
    bad = Said("every row would be a bad record", "每一行都会成为错误记录")
    if len(wrong) == 1:
        (one, also), = wrong
        raise InputError(Said(f"{path}: {one.en} — {bad.en}{also.en}", f"{path}：{one.zh}——否则{bad.zh}{also.zh}"))
    raise InputError(Said(f"{path}: columns of a type that cannot hold what the policy reads ({bad.en}):" +
                          "".join(f"\n  {w.en}{also.en}" for w, also in wrong),
                          f"{path}：以下各列的类型装不下政策读取的值（否则{bad.zh}）：" +
                          "".join(f"\n  {w.zh}{also.zh}" for w, also in wrong)))


def times_of_day(path: str, file: Any) -> None:
    """Stop when a timestamp column of the file (a date an export wrote as pandas and Spark do by default) holds a
    time of day other than midnight somewhere: such a value is not a date, and which day it means is not known. Only
    the timestamp leaves are read (`members.list.element.birth_date`, not the members), a batch at a time, so memory
    stays bounded; `dated` reads them as dates."""
    import pyarrow as pa

    for leaf in range(len(file.schema)):
        parts = file.schema.column(leaf).path.split(".")
        kind = field_type(file.schema_arrow, parts[0], parts[-1] if len(parts) > 1 else None)
        if kind is not None and pa.types.is_timestamp(kind):
            _midnight_throughout(path, file, ".".join(parts), parts[0], parts[-1] if len(parts) > 1 else None)


def _midnight_throughout(path: str, file: Any, leaf: str, name: str, field: str | None) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    first = 0  # the file row of the batch's first row
    for batch in file.iter_batches(batch_size=65536, columns=[leaf], use_threads=False):
        column = batch.column(0)
        rows = None
        values = column
        if field is not None:
            listed = pa.types.is_list(column.type) or pa.types.is_large_list(column.type)
            if listed:
                rows = pc.list_parent_indices(column)
                values = pc.list_flatten(column)
            values = pc.struct_field(values, field)
        per_day = 86_400 * {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[values.type.unit]
        off = np.flatnonzero(np.asarray(values.cast(pa.int64()).fill_null(0)) % per_day)
        if len(off):
            at = first + (int(off[0]) if rows is None else int(rows[int(off[0])].as_py()))
            _time_of_day(path, name, field, values.type, at, values[int(off[0])].as_py())
        first += len(column)


def _time_of_day(path: str, name: str, field: str | None, kind: Any, at: int, shown: Any) -> None:
    where = Said(f"column `{name}`", f"`{name}` 列") if field is None else \
        Said(f"column `{name}`, field `{field}`", f"`{name}` 列的 `{field}` 字段")
    raise InputError(Said(
        f"{path}: {where.en} is {kind}, and row {at + 1:,} holds a time of day ({shown}): the policy "
        f"reads a date from it, and a timestamp is read as one only when every value is at midnight; write it "
        f"as date32 ({_WANTED['date'].how})",
        f"{path}：{where.zh}的类型是 {kind}，第 {at + 1:,} 行带有一天中的时刻（{shown}）："
        f"政策从中读取日期，时间戳只有在每个值都是零点时才按日期读取；请写成 date32（{_WANTED['date'].how}）"))
