"""The fast engine's outcomes → decisions: dictionaries (DESIGN §7), or an Arrow table column by column.

Input: a policy, the `Frame` a `FastProgram` ran over, its `Outcomes`, and each household's id
and evaluation date. Output: `as_dicts` — one decision dictionary per household, None where
the household is flagged (the exact evaluator decides it); `as_arrow` — the unflagged
households as one Arrow table in the layout of `engine.batch.writers.arrow_schema`, with their
row numbers in the frame.
Invariants: both give exactly what `engine.render.decision_json` gives for the same household
(categories in the policy's order, member categories per member, assistance by measure then
member, money as two-decimal amounts); `as_arrow` builds every column from arrays — no
per-household Python — so it is the same table `engine.batch.writers.encode_arrow` makes of the
dictionaries.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.batch import columns as c
from engine.evaluator import program_for
from engine.model import Policy

if TYPE_CHECKING:
    from engine.batch.columnar import Outcomes
    from engine.batch.frame import Frame
    from engine.batch.writers import Columns


def _lists(held: Any, names: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in range(len(held))]
    rows, cols = np.nonzero(held)
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        out[row].append(names[col])
    return out


def as_dicts(policy: Policy, frame: Frame, outcomes: Outcomes, ids: Sequence[str],
             days: Sequence[datetime.date]) -> list[dict[str, Any] | None]:
    """The decision dictionaries of a frame's households; None where the exact evaluator must decide."""
    n = frame.size
    categories = _lists(outcomes.held, outcomes.household_categories)
    member_categories = _lists(outcomes.member_held, outcomes.member_categories)
    values: list[list[Any]] = []
    for shown in outcomes.values:
        data = c.cents_text(shown.data) if shown.kind == "money" else \
            shown.data.tolist() if isinstance(shown.data, np.ndarray) else shown.data
        values.append([None if z else x for x, z in zip(data, shown.null.tolist(), strict=True)])
    assistance: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    member_hh = frame.member_hh.tolist()
    periods = program_for(policy).periods
    ids_m = frame.member_ids if isinstance(frame.member_ids, list) else frame.member_ids.to_pylist()
    for grants in outcomes.grants:
        measure = grants.measure
        options = measure.options
        texts = c.cents_text(grants.cents)
        for row, option_index, is_null, text in zip(grants.rows.tolist(), grants.option.tolist(),
                                                      grants.null.tolist(), texts, strict=True):
            item: dict[str, Any] = {"id": measure.id, "department": measure.department,
                                    "amount": None if is_null else text}
            if periods[measure.id]:
                item["per"] = periods[measure.id]
            if measure.level == "member":
                item["member"] = ids_m[row]
                hh = member_hh[row]
            else:
                hh = row
            item["option"] = options[option_index].id
            assistance[hh].append(item)
    flagged = outcomes.flagged.tolist()
    head = {"id": policy.meta.id, "version": policy.meta.version, "file": policy.file, "sha256": policy.sha256}
    starts = [*frame.starts.tolist(), frame.members]
    out: list[dict[str, Any] | None] = []
    names = [shown.name for shown in outcomes.values]
    iso = {d: d.isoformat() for d in set(days)}
    for i, shown_values in enumerate(zip(*values, strict=True)) if values else enumerate([()] * n):
        if flagged[i]:
            out.append(None)
            continue
        start, end = starts[i], starts[i + 1]
        out.append({
            "household": ids[i], "policy": head, "date": iso[days[i]], "categories": categories[i],
            "members": dict(zip(ids_m[start:end], member_categories[start:end], strict=True)),
            "values": dict(zip(names, shown_values, strict=True)),
            "assistance": assistance[i],
        })
    return out


# -- Arrow ------------------------------------------------------------------------------------


def _decimals(cents: Any, null: Any) -> Any:
    """decimal128(38, 2) from signed whole cents: the 16-byte two's complement, written directly."""
    import pyarrow as pa

    cents = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = np.where(cents < 0, -1, 0)
    validity = None
    if np.any(null):
        validity = pa.py_buffer(np.packbits(~np.asarray(null, bool), bitorder="little"))
    return pa.Array.from_buffers(pa.decimal128(38, 2), len(cents), [validity, pa.py_buffer(words)])


def _texts(names: Sequence[str | None], codes: Any) -> Any:
    """A string array of `names[code]` (a None name gives null), through a small dictionary."""
    import pyarrow as pa

    dictionary = pa.array(names, pa.string())
    return dictionary.take(pa.array(np.asarray(codes, dtype=np.int64)))


def _list_of(offsets: Any, values: Any) -> Any:
    import pyarrow as pa

    return pa.ListArray.from_arrays(pa.array(np.asarray(offsets, dtype=np.int32)), values)


def _offsets(counts: Any) -> Any:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _held_lists(held: Any, names: list[str]) -> Any:
    """list<string> per row of a boolean matrix: the names of its true columns, in column order."""
    rows, cols = np.nonzero(held)
    return _list_of(_offsets(np.bincount(rows, minlength=len(held))), _texts(names, cols))


def as_arrow(policy: Policy, frame: Frame, outcomes: Outcomes, ids: Any, days: Any,
             columns: Columns) -> tuple[Any, Any]:
    """(table, rows): the unflagged households' decisions as an Arrow table, and their rows in the frame.

    `ids` is an Arrow string array of household ids and `days` an int array of days since 1970-01-01,
    one per household of the frame."""
    import pyarrow as pa

    from engine.batch.writers import arrow_schema

    schema = arrow_schema(columns)
    n = frame.size
    keep = np.flatnonzero(~outcomes.flagged)
    member_keep = ~outcomes.flagged[frame.member_hh]
    sizes = frame.sizes[keep]
    arrays: dict[str, Any] = {
        "household": ids.take(pa.array(keep)),
        "date": pa.array(np.asarray(days, dtype=np.int32)[keep], pa.date32()),
        "policy_id": pa.array([policy.meta.id] * len(keep), pa.string()),
        "policy_version": pa.array([policy.meta.version] * len(keep), pa.string()),
        "policy_file": pa.array([policy.file] * len(keep), pa.string()),
        "policy_sha256": pa.array([policy.sha256] * len(keep), pa.string()),
        "categories": _held_lists(outcomes.held[keep], outcomes.household_categories),
    }
    member_ids = _member_ids(frame)
    member_lists = _held_lists(outcomes.member_held[member_keep], outcomes.member_categories)
    arrays["members"] = pa.MapArray.from_arrays(pa.array(_offsets(sizes).astype(np.int32)),
                                                member_ids.filter(pa.array(member_keep)), member_lists)
    shown = {s.name: s for s in outcomes.values}
    for name, _ in columns.values:
        target = schema.field(f"values.{name}").type
        s = shown.get(name)
        if s is None:
            arrays[f"values.{name}"] = pa.nulls(len(keep), target)
        elif s.kind == "money" and pa.types.is_decimal(target):
            arrays[f"values.{name}"] = _decimals(s.data[keep], s.null[keep])
        elif s.kind == "bool" and pa.types.is_boolean(target):
            arrays[f"values.{name}"] = pa.array(np.asarray(s.data, bool)[keep], pa.bool_(),
                                                mask=np.asarray(s.null, bool)[keep])
        else:
            texts = c.cents_text(s.data) if s.kind == "money" else \
                ["true" if x else "false" for x in s.data.tolist()] if s.kind == "bool" else s.data
            arrays[f"values.{name}"] = pa.array(texts, pa.string(), mask=np.asarray(s.null, bool)).take(
                pa.array(keep)).cast(target)
    arrays["assistance"] = _assistance(policy, frame, outcomes, keep, n, schema.field("assistance").type)
    table = pa.Table.from_arrays([arrays[f.name] for f in schema], schema=schema)
    return table, keep


def _assistance(policy: Policy, frame: Frame, outcomes: Outcomes, keep: Any, n: int, kind: Any) -> Any:
    """list<struct> per kept household: its grants by measure (policy order), then member row."""
    import pyarrow as pa

    hh, measure_index, row, option, cents, null = [], [], [], [], [], []
    for k, grants in enumerate(outcomes.grants):
        rows = grants.rows
        hh.append(frame.member_hh[rows] if grants.measure.level == "member" else rows)
        measure_index.append(np.full(len(rows), k, dtype=np.int64))
        row.append(rows)
        option.append(grants.option)
        cents.append(grants.cents)
        null.append(grants.null)
    if not hh:
        return pa.array([[] for _ in keep], kind)
    hh_all, m_all, row_all = np.concatenate(hh), np.concatenate(measure_index), np.concatenate(row)
    option_all, cents_all, null_all = np.concatenate(option), np.concatenate(cents), np.concatenate(null)
    position = np.full(n, -1, dtype=np.int64)
    position[keep] = np.arange(len(keep))
    new_hh = position[hh_all]
    taken = new_hh >= 0
    order = np.lexsort((row_all[taken], m_all[taken], new_hh[taken]))
    pick = np.flatnonzero(taken)[order]
    hh_sorted, m_sorted = new_hh[pick], m_all[pick]
    measures = [g.measure for g in outcomes.grants]
    option_ids = [o.id for m in measures for o in m.options]
    first_option = _offsets([len(m.options) for m in measures])[:-1]
    member_level = np.asarray([m.level == "member" for m in measures], dtype=bool)[m_sorted]
    member_ids = _member_ids(frame)
    member_rows = np.where(member_level, row_all[pick], 0)
    struct = pa.StructArray.from_arrays([
        _texts([m.id for m in measures], m_sorted),
        _texts([m.department for m in measures], m_sorted),
        _decimals(cents_all[pick], null_all[pick]),
        _texts([program_for(policy).periods[m.id] for m in measures], m_sorted),
        _masked(member_ids.take(pa.array(member_rows)), ~member_level),
        _texts(option_ids, first_option[m_sorted] + option_all[pick]),
    ], fields=list(kind.value_type))
    return _list_of(_offsets(np.bincount(hh_sorted, minlength=len(keep))), struct)


def _member_ids(frame: Frame) -> Any:
    """The frame's member ids as an Arrow string array (a frame built from households holds a list)."""
    import pyarrow as pa

    return frame.member_ids if isinstance(frame.member_ids, pa.Array) else pa.array(frame.member_ids, pa.string())


def _masked(values: Any, null: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.if_else(pa.array(np.asarray(null, bool)), pa.scalar(None, pa.string()), values)
