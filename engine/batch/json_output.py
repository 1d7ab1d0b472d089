"""Decisions as an Arrow table → JSON Lines, column by column, byte for byte what `orjson.dumps` writes.

Input: a table in the layout of `engine.batch.writers.arrow_schema` (the fast engine's `as_arrow`)
holding one policy's decisions, that policy, and the names of its values in order. Output: a
string array, one JSON text per row ending in a newline, equal to
`orjson.dumps(decision) + b"\n"` for the decision dictionary `engine.render.decision_json` gives.
Invariants: every text is written by orjson — each distinct id, category, member id, option
once — and put together with Arrow's string kernels, so escaping is orjson's own; the keys
come in the dictionary's order (a grant's `per` and `member` only when it has them, as the
dictionaries do); money is its two-decimal text in quotes, a whole number its digits in quotes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from engine.model import Policy
from engine.values import strings_joined


def _literals(array: Any) -> Any:
    """JSON literals of a string array (null → `null`), each distinct text written once by orjson."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = array.dictionary_encode()
    texts = [orjson.dumps(v).decode("utf-8") for v in encoded.dictionary.to_pylist()]
    return pc.fill_null(pa.array(texts, pa.string()).take(encoded.indices), "null")


def _join(*parts: Any) -> Any:
    """Element-wise concatenation of string arrays and plain strings (plain strings side by side joined first:
    the kernel's cost grows with its number of parts)."""
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(*strings_joined(parts), "")


def _list_parts(values: Any, offsets: Any, open_: str, close: str) -> list[Any]:
    """`[a,b]` (or `{…}`) per row of a list whose flattened JSON texts are `values`, as pieces for `_join`: the
    brackets apart, joined with the plain strings beside them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return [open_, pc.binary_join(pa.ListArray.from_arrays(offsets, values), ","), close]


def _quoted_text(array: Any) -> Any:
    """`"…"` around the text of each value (numbers, booleans as text): nothing in them needs escaping."""
    import pyarrow.compute as pc

    return pc.fill_null(_join(*_in_quotes(array)), "null")


def _quoted_parts(array: Any) -> list[Any]:
    """The pieces of `_quoted_text(array)` for `_join`: without a null, the quotes apart (joined with the plain
    strings beside them, so the texts are joined once, where they are used, instead of twice)."""
    return [_quoted_text(array)] if array.null_count else _in_quotes(array)


def _in_quotes(array: Any) -> list[Any]:
    """The text of each value between a quote before and a quote after, as pieces for `_join` (a null stays null)."""
    import pyarrow as pa

    return ['"', array.cast(pa.string()), '"']


_CODE_LIMIT = 1 << 62  # combination numbers stay below it, in int64


def _distinct_rows(columns: Sequence[Any]) -> tuple[Any, Any]:
    """(first, which): for columns of equal length, the first row of each distinct combination of their
    values, and for every row the number of its combination (so `x.take(first).take(which)` is `x`)."""
    import numpy as np
    import pyarrow as pa

    code = np.zeros(len(columns[0]), dtype=np.int64)
    width = 1
    for column in columns:
        encoded = column.dictionary_encode()
        size = len(encoded.dictionary) + 1  # and one for null
        if width * size >= _CODE_LIMIT:  # numbered afresh before the product could overflow
            code = np.asarray(pa.array(code).dictionary_encode().indices, dtype=np.int64)
            width = int(code.max()) + 1 if len(code) else 1
        code = code * size + np.asarray(encoded.indices.fill_null(size - 1), dtype=np.int64)
        width *= size
    which = np.asarray(pa.array(code).dictionary_encode().indices, dtype=np.int64)
    first = np.full(int(which.max()) + 1 if len(which) else 0, len(which), dtype=np.int64)
    np.minimum.at(first, which, np.arange(len(which)))
    return first, which


def _grants_json(grants: Any) -> Any:
    """The JSON text of each grant (a struct array). A chunk's grants repeat (a few thousand distinct
    among a hundred thousand), so each distinct one is written once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    first, which = _distinct_rows(grants.flatten())
    item = grants.take(pa.array(first))
    per, member = item.field("per"), item.field("member")
    text = _join('{"id":', _literals(item.field("id")), ',"department":', _literals(item.field("department")),
                 ',"amount":', _quoted_text(item.field("amount")),
                 pc.if_else(pc.is_null(per), "", _join(',"per":', _literals(per))),
                 pc.if_else(pc.is_null(member), "", _join(',"member":', _literals(member))),
                 ',"option":', _literals(item.field("option")), "}")
    return text.take(pa.array(which))


def _compared_parts(table: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """The JSON texts of each row's `categories`, `members` and `assistance`, each as pieces for `_join`."""
    categories = table.column("categories").combine_chunks()
    category_json = _list_parts(_literals(categories.flatten()), categories.offsets, "[", "]")
    members = table.column("members").combine_chunks()
    held = members.items
    member_json = _join(_literals(members.keys), ":", *_list_parts(_literals(held.flatten()), held.offsets, "[", "]"))
    members_json = _list_parts(member_json, members.offsets, "{", "}")
    grants = table.column("assistance").combine_chunks()
    assistance_json = _list_parts(_grants_json(grants.values), grants.offsets, "[", "]")
    return category_json, members_json, assistance_json


def compared_json(table: Any) -> Any:
    """For each row, `orjson.dumps([categories, members, assistance])` of its decision: what
    `--only-changed` compares (`engine.batch.evaluate.decision_fingerprint`)."""
    category_json, members_json, assistance_json = _compared_parts(table)
    return _join("[", *category_json, ",", *members_json, ",", *assistance_json, "]")


def json_lines(table: Any, policy: Policy, value_names: Sequence[str]) -> Any:
    """One JSON text (with its newline) per row of `table`; see the module docstring."""
    import pyarrow as pa
    import pyarrow.compute as pc

    category_json, members_json, assistance_json = _compared_parts(table)
    values: list[Any] = []  # the pieces of the values object: `{"name":` (then `,"name":`), text, …, `}`
    for name in value_names:
        column = table.column(f"values.{name}").combine_chunks()
        if pa.types.is_boolean(column.type):
            text = [pc.fill_null(column.cast(pa.string()), "null")]
        elif pa.types.is_decimal(column.type) or pa.types.is_integer(column.type):  # exact text, in quotes
            text = _quoted_parts(column)
        else:
            text = [_literals(column)]
        values += [("," if values else "{") + orjson.dumps(name).decode("utf-8") + ":", *text]
    values.append("}" if values else "{}")
    head = orjson.dumps({"id": policy.meta.id, "version": policy.meta.version, "file": policy.file,
                         "sha256": policy.sha256}).decode("utf-8")
    return _join('{"household":', _literals(table.column("household").combine_chunks()), ',"policy":', head,
                 ',"date":', *_quoted_parts(table.column("date").combine_chunks()), ',"categories":', *category_json,
                 ',"members":', *members_json, ',"values":', *values, ',"assistance":', *assistance_json, "}\n")


def text_bytes(lines: Any) -> bytes:
    """The texts of a string array without nulls, one after another (its data buffer, as it is)."""
    import numpy as np

    if len(lines) == 0:
        return b""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[lines.offset: lines.offset + len(lines) + 1]
    return lines.buffers()[2].to_pybytes()[int(offsets[0]):int(offsets[-1])]
