"""`--rename-value` on an Arrow table in the households layout: the words of a JSON Lines chunk or of a Parquet chunk
read as the values they stand for, before the columnar intake (`engine.batch.arrow_intake`) checks them.

Input: a table in the layout `engine.batch.parquet_layout.households_arrow_schema` writes and the words of the run
(`engine.batch.renamed.Renames.words`: (table, column, ((word, value), …)), columns named as the CSV tables name
them). Output: the table, each text field those words rename holding the value where it held a word, blanks and tabs
around it aside (`renamed_table`).
Invariant: a field is renamed here only where the record route (`engine.export_words`, which takes any white space
around a word away) would rename it too: white space other than blanks and tabs is left, and the value, no value
of its column, sends the household to the record route, which reads it. A field that is not text (a yes or no Arrow
read as true or false) is never touched: a word there is no value Arrow reads, and its line goes to the record
route before it is read (`written_apart`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.export_words import Words

_BLANKS = " \t"


def renamed_table(table: Any, words: Words) -> Any:
    """The table with the words of `words` in its text fields read as their values (see the module's note)."""
    import pyarrow as pa

    by_column: dict[str, dict[str, Sequence[tuple[str, str]]]] = {}
    for role, named, pairs in words:
        for column, field in places(role, named):
            by_column.setdefault(column, {})[field] = pairs
    for name, fields in by_column.items():
        if name not in table.column_names:
            continue
        at = table.column_names.index(name)
        column = table.column(name).combine_chunks()
        kind = column.type
        if pa.types.is_struct(kind):
            column = _renamed_struct(column, fields)
        elif pa.types.is_list(kind) and pa.types.is_struct(kind.value_type):
            column = pa.ListArray.from_arrays(column.offsets, _renamed_struct(column.values, fields),
                                              mask=column.is_null())
        table = table.set_column(at, table.field(at).with_type(column.type), column)
    return table


def _renamed_struct(structs: Any, fields: dict[str, Sequence[tuple[str, str]]]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = structs.type
    children = []
    for i in range(kind.num_fields):
        child = structs.field(i)
        pairs = fields.get(kind.field(i).name)
        if pairs and pa.types.is_dictionary(child.type):  # as a Parquet chunk's listed texts are read: its texts
            child = child.cast(child.type.value_type)
        if pairs and (pa.types.is_string(child.type) or pa.types.is_large_string(child.type)):
            trimmed = pc.utf8_trim(child, _BLANKS)
            for word, value in pairs:
                child = pc.if_else(pc.equal(trimmed, word), pa.scalar(value, child.type), child)
        children.append(child)
    return pa.StructArray.from_arrays(children, fields=[f.with_type(child.type)
                                                        for f, child in zip(kind, children, strict=True)],
                                      mask=structs.is_null())


def places(role: str, column: str) -> list[tuple[str, str]]:
    """Where a column of the CSV tables (`role`: one of `engine.batch.renamed.TABLES`) is in the households layout:
    each (column, field of its structs) — `assets.deposits` of households.csv is `deposits` of `assets`, a column of
    members.csv a field of `members`, lines.csv's `type` that of `income` and of `expenses`."""
    if role == "households.csv":
        group, _, field = column.partition(".")
        return [(group, field)]
    if role == "members.csv":
        return [("members", column)]
    return [(section, column) for section in ("income", "expenses")]


def written_apart(words: Words, schema: Any) -> Words:
    """The words of `words` that Arrow cannot read where they are written: those of a field that is no text in
    `schema` (a yes or no, `"serious_illness": "否"`), whose lines the record route reads."""
    import pyarrow as pa

    from engine.batch.parquet_columns import field_type

    def text(role: str, column: str) -> bool:
        return all(kind is None or pa.types.is_string(kind) or pa.types.is_large_string(kind)
                   for kind in (field_type(schema, *place) for place in places(role, column)))

    return tuple(entry for entry in words if not text(entry[0], entry[1]))
