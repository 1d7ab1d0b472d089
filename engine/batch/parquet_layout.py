"""The households layout in Parquet: its Arrow schema, and households written in it.

Input: a policy (its inputs give the struct columns and their fields), and household dicts in the JSON form
(DESIGN §6). Output: the Arrow schema of the layout (`households_arrow_schema`: docs/batch.md describes it), or a
Parquet file in it (`write_households_parquet`, as `policy sample -o households.parquet` writes one).
Invariant: the layout mirrors the JSON form column for column, money as `decimal(18,2)`, numbers as
`decimal(38,10)`, dates as `date32`, so what it holds reads back exactly.
"""

from __future__ import annotations

import datetime
import itertools
import os
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.model import Policy
from engine.working_files import hidden_beside


def households_arrow_schema(policy: Policy, dates: Any = None, listed: Any = None) -> Any:
    """The Parquet layout of households for a policy: the JSON form, column for column.

    Dates are `date32`, or the type given as `dates` (text, for JSON read by Arrow); the texts whose values the
    policy lists (its inputs of type `enum`, the lines' types) are `string`, or the type given as `listed` (a
    dictionary of texts, as a Parquet file stores them and `engine.batch.arrow_intake` reads them)."""
    import pyarrow as pa

    money = pa.decimal128(18, 2)
    date = dates or pa.date32()
    values = listed or pa.string()
    kinds = {"money": money, "integer": pa.int64(), "number": pa.decimal128(38, 10), "boolean": pa.bool_(),
             "date": date, "enum": values, "text": pa.string()}
    members = pa.struct([("id", pa.string()), *[(f.name, kinds[f.type]) for f in policy.input_fields("member")]])
    line = pa.struct([("type", values), ("member", pa.string()), ("amount", money)])
    groups: dict[str, list[tuple[str, Any]]] = {}
    for f in policy.input_fields("household"):
        group, name = f.name.split(".", 1)
        groups.setdefault(group, []).append((name, kinds[f.type]))
    return pa.schema([("id", pa.string()), ("date", date), ("members", pa.list_(members)),
                      ("income", pa.list_(line)), ("expenses", pa.list_(line)),
                      *[(g, pa.struct(fields)) for g, fields in groups.items()]])


def write_households_parquet(households: Iterator[dict[str, Any]] | Sequence[dict[str, Any]], path: Path,
                             policy: Policy, batch_size: int = 100_000) -> None:
    """Write household dicts (DESIGN §6) as Parquet in the layout `ParquetHouseholds` reads (atomically)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from engine.batch.no_pandas import arrow_without_pandas

    arrow_without_pandas()
    schema = households_arrow_schema(policy)
    # what Arrow takes only as Python objects of its own type: a date as a date, a decimal as a Decimal (not a float)
    typed = {"date": _day, "money": _decimal, "number": _decimal}
    member_cast = {f.name: typed[f.type] for f in policy.input_fields("member") if f.type in typed}
    group_cast: dict[str, dict[str, Any]] = {}
    for f in policy.input_fields("household"):
        if f.type in typed:
            group, _, name = f.name.partition(".")
            group_cast.setdefault(group, {})[name] = typed[f.type]

    def cast(values: dict[str, Any], how: dict[str, Any]) -> dict[str, Any]:
        return {k: how[k](v) if k in how else v for k, v in values.items()}

    def row(h: dict[str, Any]) -> dict[str, Any]:
        out = dict(h)
        if isinstance(out.get("date"), str):
            out["date"] = datetime.date.fromisoformat(out["date"])
        out["members"] = [cast(m, member_cast) for m in h.get("members", [])]
        for section in ("income", "expenses"):
            out[section] = [{**x, "amount": Decimal(str(x["amount"]))} for x in h.get(section, [])]
        for group, how in group_cast.items():
            if isinstance(out.get(group), dict):
                out[group] = cast(out[group], how)
        return out

    staged = hidden_beside(path, "tmp")
    with pq.ParquetWriter(staged, schema, compression="zstd") as writer:
        for chunk in _batched(iter(households), batch_size):
            writer.write_table(pa.Table.from_pylist([row(h) for h in chunk], schema=schema))
    os.replace(staged, path)


def _day(value: Any) -> Any:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _decimal(value: Any) -> Any:
    return Decimal(repr(value)) if isinstance(value, float) else value


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk
