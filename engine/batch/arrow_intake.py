"""A chunk of a households Parquet file, as Arrow columns → fast-engine frames, without a Python object per household.

Input: an Arrow table in the layout `engine.batch.parquet_layout.households_arrow_schema` writes (the JSON
form, column for column), the policies and the run's date rules. Output: an `Intake` — per
policy in force, the rows it decides and a `Frame` built straight from the columns — and the
rows left to the record-by-record route (`rest`).
Invariants: this route only ever *accepts*, and accepts a row only when every check of
`engine.intake` (the quick route, itself judged by `validate_household`) would pass:
ids present and distinct, members 1..MAX_MEMBERS, enum values known, numbers within their
bounds and limits, dates neither after the evaluation day nor more than MAX_AGE years before it,
line types known, line members present, no input given without those it is given with
(`given_with`). Anything else — and any table in another layout — goes to the record route,
which words the errors. A null in a column means the key is absent (its default applies),
unless the field may be null, exactly as `ParquetHouseholds` reads a row. The frame's
columns equal those `Frame(program, households, days)` builds from the validated households.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.batch import columns as c
from engine.batch.columns import Col
from engine.batch.frame import Frame, Lines
from engine.diagnostics import PolicyError
from engine.doubts import (
    ABLE,
    BIRTH,
    CAPACITY,
    CONTROL,
    ESCAPED,
    HEAD,
    HEADS,
    IMPLAUSIBLE,
    MAINTENANCE,
    MEMBERLESS,
    NO_SUPPORT,
    RELATION,
    REPEATED,
    SPOUSE,
    SPOUSE_OF_HEAD,
    SUPPORTED,
    SUPPORTER,
    UNABLE,
    UNDATED,
    WORKING_AGE,
    spouse_inputs,
    supporter_input,
)
from engine.household import MAX_DIGITS, MAX_LINES, MAX_MEMBERS, convert_field, earliest_birth, paired_inputs
from engine.memberless_lines import per_member_types
from engine.model import InputField, Plausible, Policy
from engine.selection import in_force

if TYPE_CHECKING:
    from engine.batch.columnar import FastProgram
    from engine.batch.evaluate import Settings

EPOCH = datetime.date(1970, 1, 1)
_FIRST_DAY = (datetime.date(1, 1, 1) - EPOCH).days
_LAST_DAY = (datetime.date(9999, 12, 31) - EPOCH).days
_CENTS_LIMIT = 10**15  # the quick route's limit on amounts (10**13 yuan), in cents
_INT_LIMIT = 10**13
_CONTROL = re.compile(CONTROL)  # (`engine.doubts` looks for it in a household's texts alike)


@dataclass
class Group:
    """The rows of a chunk one policy decides, as a frame (row i of the frame is chunk row `rows[i]`)."""

    policy: Policy
    program: FastProgram
    rows: Any  # int64 positions in the chunk
    frame: Frame
    ids: Any  # Arrow string array, one per frame row
    days: Any  # int64 days since 1970-01-01, one per frame row
    # bool arrays, one per frame row, by kind of doubt (`engine.doubts`): an income or expense line given twice, an
    # expense line of no member that a measure reads per member, not one head of household, a figure out of its
    # plausible range; and no date of its own (`UNDATED`)
    doubted: dict[str, Any] = field(default_factory=dict)

    def dates(self) -> list[datetime.date]:
        return [EPOCH + datetime.timedelta(days=d) for d in self.days.tolist()]


def nulls_read_alike(policy: Policy) -> bool:
    """Whether a null in this layout reads as the record would: a null stands for an absent key, or for
    null where the field may be null, and the two differ only for a field that may be null and has
    another default. Readers that cannot tell an absent key from a null (Arrow's JSON reader, an empty
    CSV cell, a missing CSV column) may use the layout only when this holds."""
    return all(f.default is None for f in policy.inputs.values() if f.nullable and f.has_default)


@dataclass
class Intake:
    groups: list[Group]
    rest: Any  # int64 positions in the chunk, for the record route


def read_table(table: Any, settings: Settings) -> Intake | None:
    """The chunk's rows as frames, per policy in force; None when the fast engine is not for this table."""
    import pyarrow as pa

    from engine.batch.columnar import Unsupported, fast_program

    n = table.num_rows
    if "date" not in table.column_names:
        return None
    own = _days(table.column("date").combine_chunks())
    if own is None:
        return None
    own_days, own_null, own_bad = own
    if settings.forced_date is not None:
        day = np.full(n, (settings.forced_date - EPOCH).days, dtype=np.int64)
    else:
        day = np.where(own_null, (settings.today - EPOCH).days, own_days)
    # a date that is not one (left to the record route to word), or not one Python can hold
    usable = ~own_bad & (day >= _FIRST_DAY) & (day <= _LAST_DAY)
    rest: list[Any] = [np.flatnonzero(~usable)]
    by_policy: dict[int, tuple[Policy, list[int]]] = {}
    for value in np.unique(day[usable]).tolist():
        date = EPOCH + datetime.timedelta(days=value)
        try:
            policy = settings.chosen or in_force(list(settings.policies), date, settings.policy_dir)
        except PolicyError:
            rest.append(np.flatnonzero((day == value) & usable))
            continue
        by_policy.setdefault(id(policy), (policy, []))[1].append(value)
    groups = []
    for policy, values in by_policy.values():
        rows = np.flatnonzero(np.isin(day, values) & usable)
        try:
            program = fast_program(policy)
        except Unsupported:
            rest.append(rows)
            continue
        whole = _layout_completed(table, policy)
        if whole is None:
            rest.append(rows)
            continue
        part = whole if len(rows) == n else whole.take(pa.array(rows))
        built = _Builder(program, part, day[rows]).build()
        if built is None:
            return None
        ok, frame, ids, doubted = built
        if settings.forced_date is None and own_null[rows].any():  # decided on the day the run started
            doubted[UNDATED] = own_null[rows][ok]
        rest.append(rows[~ok])
        groups.append(Group(policy, program, rows[ok], frame, ids, day[rows][ok], doubted))
    return Intake(groups, np.sort(np.concatenate(rest)))


def _among(values: Any, chosen: list[int]) -> Any:
    """Where whole numbers are one of the few `chosen`, by one comparison each: `np.isin` takes some fifty times as long
    on a chunk's column."""
    found = np.zeros(len(values), dtype=bool)
    for value in chosen:
        found |= values == value
    return found


def _earliest(day: Any) -> Any:
    """For each evaluation day (days since the epoch), the earliest birth date the record route accepts on it."""
    values, where = np.unique(day, return_inverse=True)
    earliest = [(earliest_birth(EPOCH + datetime.timedelta(days=int(v))) - EPOCH).days for v in values.tolist()]
    return np.asarray(earliest, dtype=np.int64)[where]


def listed_type() -> Any:
    """The type of a text whose values a policy lists as a Parquet file stores it, and as `read_table` takes it
    (`households_arrow_schema`'s `listed`): a dictionary, which the intake reads by its codes (`_codes`)."""
    import pyarrow as pa

    return pa.dictionary(pa.int32(), pa.string())


def listed_places(policies: Sequence[Policy]) -> tuple[tuple[str, str], ...]:
    """The fields of the households layout that hold texts the policies list the values of (a member's relation, the
    lines' types, the housing grade), as (column, field of its structs): a reader may hand `read_table` these as
    the dictionaries a Parquet file stores them as (`listed_type`), where decoding them into texts only had
    `_codes` encode them again."""
    import pyarrow as pa

    from engine.batch.parquet_layout import households_arrow_schema

    listed, places = listed_type(), set[tuple[str, str]]()
    for policy in policies:
        for column in households_arrow_schema(policy, listed=listed):
            struct = column.type.value_type if pa.types.is_list(column.type) else column.type
            if pa.types.is_struct(struct):
                places.update((column.name, f.name) for f in struct if f.type.equals(listed))
    return tuple(sorted(places))


def _layout_matches(schema: Any, policy: Policy) -> bool:
    """The table is in the households layout, with dates as `date32` (Parquet) or as text (JSON), and the texts a
    policy lists the values of as text or as the dictionaries Parquet stores them as (`listed_type`)."""
    import pyarrow as pa

    from engine.batch.parquet_layout import households_arrow_schema

    for dates, listed in itertools.product((pa.date32(), pa.string()), (listed_type(), None)):
        want = households_arrow_schema(policy, dates=dates, listed=listed)
        if len(schema.names) == len(want.names) and set(schema.names) == set(want.names) and all(
                schema.field(f.name).type.equals(f.type) for f in want):
            return True
    return False


def _layout_completed(table: Any, policy: Policy) -> Any:
    """The table in the households layout: the fields of it that the table lacks (a column, a member's field, a field
    of `assets`) added as nulls — a key absent from every row, as the record route reads it — and a field of another
    type that reads alike (`_read_alike`) taken as it is; None for a table in another layout (a field the layout
    lacks, or of a type read otherwise), or where a field is lacking and a null would not read as an absent key
    (`nulls_read_alike`). An export leaves out inputs it does not hold, and writes whole yuan as `int64` or money
    as Spark's `decimal(38,2)`: without this, the whole file went the record route."""
    import pyarrow as pa

    if _layout_matches(table.schema, policy):
        return table
    from engine.batch.parquet_layout import households_arrow_schema

    dates = table.schema.field("date").type if "date" in table.column_names else pa.date32()
    want = households_arrow_schema(policy, dates=pa.string() if pa.types.is_string(dates) else pa.date32(),
                                   listed=listed_type())
    if any(name not in want.names for name in table.column_names):
        return None
    fill = nulls_read_alike(policy)
    columns = []
    for f in want:
        if f.name in table.column_names:
            column = _completed(table.column(f.name).combine_chunks(), f.type, fill)
        else:
            column = pa.nulls(table.num_rows, f.type) if fill else None
        if column is None:
            return None
        columns.append(column)
    return pa.Table.from_arrays(columns, names=want.names)


def _completed(array: Any, want: Any, fill: bool) -> Any:
    """`array` as the layout's type `want` reads it: its structs (at any depth, in lists too, large lists cast to
    lists) given the fields they lack as nulls (only with `fill`), each other field as it is or cast where it reads
    alike (`_read_alike`); None where a type differs otherwise."""
    import pyarrow as pa

    if array.type.equals(want):
        return array
    mask = array.is_null() if array.null_count else None
    if pa.types.is_struct(want) and pa.types.is_struct(array.type):
        have = {f.name for f in array.type}
        if any(name not in {f.name for f in want} for name in have) or (not fill and len(have) < want.num_fields):
            return None
        children = [_completed(array.field(f.name), f.type, fill) if f.name in have else pa.nulls(len(array), f.type)
                    for f in want]
        if any(child is None for child in children):
            return None
        return pa.StructArray.from_arrays(children, fields=[pa.field(f.name, child.type)
                                                            for f, child in zip(want, children, strict=True)],
                                          mask=mask)
    if pa.types.is_list(want) and pa.types.is_large_list(array.type):  # as Polars writes lists
        try:
            array = array.cast(pa.list_(array.type.value_field))
        except pa.ArrowInvalid:  # (more than 2**31 values in one chunk)
            return None
    if pa.types.is_list(want) and pa.types.is_list(array.type):
        values = _completed(array.values, want.value_type, fill)
        if values is None:
            return None
        offsets = pa.array(array.offsets.to_numpy())  # (unsliced: Arrow takes a null mask only with those)
        return pa.ListArray.from_arrays(offsets, values, type=pa.list_(pa.field(want.value_field.name, values.type)),
                                        mask=mask)
    return _read_alike(array, want)


def _read_alike(array: Any, want: Any) -> Any:
    """A column (or field) of another type than the layout's `want`, as a type the builder reads alike, or None:
    nulls only; text as `large_string`, a string view or dictionary-encoded (cast to `string`; a text whose values
    the policy lists, `want` a dictionary, kept as a dictionary, or as `string`); a date as text (each
    value then read as in JSON: `YYYY-MM-DD`, or the record route words it); a whole number of
    another integer type (cast to `int64`); money as integers (whole yuan) or a decimal of at most two decimals;
    a number as integers, a `decimal128` of at most 18 decimals or doubles (`_refuse_types` stops at single
    precision). Each value
    is then read as the record route reads it (`_money`, `_scaled`, `_float_scaled`); a value that does not fit
    goes that route."""
    import pyarrow as pa

    t, have = pa.types, array.type
    if t.is_null(have):
        return pa.nulls(len(array), want)
    coded = t.is_dictionary(have) and (t.is_string(have.value_type) or t.is_large_string(have.value_type))
    text = t.is_string(have) or t.is_large_string(have) or t.is_string_view(have) or coded
    try:
        if t.is_dictionary(want):  # a text the policy lists the values of: `_codes` reads a dictionary or `string`
            return array if coded or t.is_string(have) else array.cast(pa.string()) if text else None
        if t.is_string(want) or t.is_date32(want):  # a text; a date as text (`_days` reads it as JSON's)
            return array.cast(pa.string()) if text else None
        if t.is_integer(want):
            return array.cast(pa.int64()) if t.is_integer(have) else None
        if t.is_decimal(want) and t.is_integer(have):  # money in whole yuan, a number in whole units
            return array.cast(pa.int64())
        if t.is_decimal(want) and t.is_decimal128(have):
            return array if 0 <= have.scale <= (2 if want.scale == 2 else 18) else None
        if t.is_decimal(want) and want.scale != 2 and t.is_float64(have):  # a number, never money
            return array
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # an unsigned value beyond int64
        return None
    return None


def _money(array: Any) -> tuple[Any, Any]:
    """Signed whole fen of a money column (`int64` whole yuan, or a `decimal128` of at most two decimals: see
    `_read_alike`), and where a value is beyond the quick route's limit on amounts (or beyond 64 bits)."""
    whole, scale, fits = _scaled(array)
    step = 10 ** (2 - scale)
    beyond = ~fits | (np.abs(whole) >= _CENTS_LIMIT // step)
    return np.where(beyond, 0, whole) * step, beyond


def _scaled(array: Any) -> tuple[Any, int, Any]:
    """The values of an `int64` or `decimal128` column as whole numbers of 10**-scale (its scale), and where they fit
    in 64 bits; a null reads as 0."""
    import pyarrow as pa

    if pa.types.is_integer(array.type):
        return array.fill_null(0).to_numpy().astype(np.int64), 0, np.ones(len(array), dtype=bool)
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)[2 * array.offset: 2 * (array.offset + len(array))]
    low, high = words[0::2], words[1::2]
    fits = _is_null(array) | (high == (low >> 63))  # the high word only extends the sign: the value is the low word
    return np.where(fits, low, 0), array.type.scale, fits


_FLOAT_DECIMALS = 10  # the most decimals a float is read with from columns (the layout's `decimal(38,10)`)


def _float_scaled(values: Any) -> tuple[Any, int, Any]:
    """Floats (a null as NaN) as whole numbers of 10**-scale, each the value of its shortest text — the decimal the
    record route reads it as (`Decimal(str(x))`) — and where that holds: for each float the fewest decimals k (up
    to `_FLOAT_DECIMALS`) whose nearest k-decimal number gives the float back, which is then its shortest text
    (below 2**50 in units of 10**-k, two k-decimal numbers are further apart than two floats). A float that needs
    more decimals, is not finite, or is a negative zero does not hold; the scale is the most decimals of those
    that do."""
    decimals = np.full(len(values), -1, dtype=np.int64)
    whole = np.zeros(len(values), dtype=np.int64)
    left = np.isfinite(values) & ~((values == 0) & np.signbit(values))
    for k in range(_FLOAT_DECIMALS + 1):
        at = np.flatnonzero(left & (np.abs(values) < 2.0**50 / 10.0**k))
        if len(at) == 0:
            break
        r = np.rint(values[at] * 10.0**k)
        back = r / 10.0**k == values[at]  # (both exact below 2**53: the quotient is correctly rounded)
        found = at[back]
        decimals[found], whole[found] = k, r[back].astype(np.int64)
        left[found] = False
    scale = int(decimals.max()) if (decimals >= 0).any() else 0
    step = 10 ** (scale - np.maximum(decimals, 0))
    holds = (decimals >= 0) & (np.abs(whole) < 2**50 // step)  # (beyond, 2**50 at the scale: checked before scaling)
    return np.where(holds, whole, 0) * step, scale, holds


def _ymd(days: Any) -> Any:
    """Days since 1970-01-01 → YYYYMMDD, in integer arithmetic (the civil-from-days algorithm, proleptic Gregorian)."""
    z = np.asarray(days, dtype=np.int64) + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year * 10000 + month * 100 + day


@dataclass
class _Field:
    """One input column, read: its kind, values, where it is null, and where the row is refused."""

    kind: str
    values: Any
    null: Any
    bad: Any
    given: Any = None  # where the record gives it a value (neither absent nor null), for `given_with`
    control: Any = None  # of an input of type text: where it holds a control character (H016)
    scale: int = 1  # `values` are whole numbers of 1/scale: 100 for money (fen), 10**k for a number of k decimals

    @functools.cached_property
    def ymd(self) -> Any:
        """Of a date: each value as YYYYMMDD (`_ymd`), worked out once for its column and for the doubts."""
        return _ymd(self.values)


class _Builder:
    """Reads one table's columns for one program; rows that fail a check are marked, not raised."""

    def __init__(self, program: FastProgram, table: Any, day: Any):
        self.program = program
        self.policy = program.policy
        self.table = table
        self.n = table.num_rows
        self.day = day
        self.ymd = _ymd(day)  # each row's day as YYYYMMDD

    def build(self) -> tuple[Any, Frame, Any, dict[str, Any]] | None:
        import pyarrow as pa
        import pyarrow.compute as pc

        n, table = self.n, self.table
        if n == 0:
            return None
        bad = np.zeros(n, dtype=bool)
        ids = table.column("id").combine_chunks()
        bad |= _is_null(ids) | (pc.fill_null(pc.utf8_length(ids), 0).to_numpy() == 0)
        members = table.column("members").combine_chunks()
        lengths = pc.fill_null(pc.list_value_length(members), 0).to_numpy()
        bad |= _is_null(members) | (lengths < 1) | (lengths > MAX_MEMBERS)
        member_hh = pc.list_parent_indices(members).to_numpy().astype(np.int64)
        if len(member_hh) == 0:
            return None
        people = members.flatten()
        member_bad = _is_null(people)
        parts = dict(zip([f.name for f in people.type], people.flatten(), strict=True))
        member_ids = parts["id"]
        member_bad |= _is_null(member_ids) | (pc.fill_null(pc.utf8_length(member_ids), 0).to_numpy() == 0)
        member_day = self.day[member_hh]
        fields: dict[str, _Field] = {}
        for f in self.policy.input_fields("member"):
            field = self._field(f, parts[f.name], np.zeros(len(member_hh), dtype=bool), member_day)
            if field is None:
                return None
            fields["member:" + f.name] = field
            member_bad |= field.bad
        for f, others in paired_inputs(self.policy):  # given without what it is given with: the record route words it
            if f.level == "member":
                member_bad |= _unpaired(fields, f, others)
        for group in {f.name.split(".", 1)[0] for f in self.policy.input_fields("household")}:
            section = table.column(group).combine_chunks()
            absent = _is_null(section)
            children = dict(zip([f.name for f in section.type], section.flatten(), strict=True))
            for f in self.policy.input_fields("household"):
                if f.name.split(".", 1)[0] == group:
                    field = self._field(f, children[f.name.split(".", 1)[1]], absent, self.day)
                    if field is None:
                        return None
                    fields["household:" + f.name] = field
                    bad |= field.bad
        for f, others in paired_inputs(self.policy):
            if f.level == "household":
                bad |= _unpaired(fields, f, others)
        line_parts = []
        for section, kind in (("income", "income:"), ("expenses", "expense:")):
            lines = table.column(section).combine_chunks()
            counts = pc.fill_null(pc.list_value_length(lines), 0).to_numpy()
            bad |= counts > MAX_LINES
            line_parts.append((kind, pc.list_parent_indices(lines).to_numpy().astype(np.int64), lines.flatten()))
        # member ids and line members in one dictionary, so a line finds its member by number
        line_members = [dict(zip([f.name for f in flat.type], flat.flatten(), strict=True))["member"]
                        for _, _, flat in line_parts]
        encoded = pa.concat_arrays([member_ids, *line_members]).dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy().astype(np.int64)
        width = len(encoded.dictionary) + 1
        member_keys = member_hh * width + codes[:len(member_hh)]
        order = np.argsort(member_keys, kind="stable")
        sorted_keys = member_keys[order]
        repeated = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
        member_bad[order[repeated + 1]] = True
        bad |= np.bincount(member_hh[member_bad], minlength=n) > 0
        line_hh_all, line_member_all, line_type_all, line_amount_all = [], [], [], []
        implausible = self._implausible(fields, member_hh)
        memberless = np.zeros(n, dtype=bool)
        paid: tuple[Any, Any] | None = None  # the lines of maintenance: their rows, and their members (-1: none)
        earns = np.zeros(len(member_hh), dtype=bool)  # each member's: a line of their own the policy counts, above 0
        per_member = per_member_types(self.policy)
        offset = len(member_hh)
        for kind, line_hh, flat in line_parts:
            count = len(line_hh)
            parts = dict(zip([f.name for f in flat.type], flat.flatten(), strict=True))
            types = _distinct(parts["type"])
            line_bad = _is_null(flat) | _is_null(types) | _is_null(parts["amount"])
            names = self.policy.income if kind == "income:" else self.policy.expenses
            type_codes, labels = _codes(types)
            known = np.asarray([label in names for label in labels] + [False], dtype=bool)
            line_bad |= ~known[type_codes]
            index = self.program.line_index
            type_names = np.asarray([index.get(kind + label, 0) for label in labels] + [0], dtype=np.int64)[type_codes]
            cents, beyond = _money(parts["amount"])
            line_bad |= beyond | (cents < 0)
            implausible |= _lines_out(n, line_hh, cents, type_codes, [names[label].plausible if label in names
                                                                      else None for label in labels])
            member_code = codes[offset:offset + count]
            offset += count
            owned = member_code >= 0
            if kind == "expense:" and per_member:  # a line of no member, of a type read per member
                read = np.asarray([label in per_member for label in labels] + [False], dtype=bool)
                memberless[line_hh[~owned & read[type_codes]]] = True
            keys = line_hh * width + member_code
            at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
            found = sorted_keys[at] == keys
            line_bad |= owned & ~found
            line_member = np.where(owned & found, order[at], -1)
            if kind == "income:":
                income = self.policy.income
                counted = np.asarray([label in income and income[label].counted for label in labels] + [False],
                                     dtype=np.bool_)[type_codes] & (cents > 0) & (line_member >= 0)
                earns[line_member[counted]] = True
            if kind == "income:" and MAINTENANCE in labels:
                maintenance = (type_codes == labels.index(MAINTENANCE)) & (cents > 0)
                paid = (line_hh[maintenance], line_member[maintenance])
            line_hh_all.append(line_hh)
            line_member_all.append(line_member)
            line_type_all.append(type_names)
            line_amount_all.append(cents)
            bad |= np.bincount(line_hh[line_bad], minlength=n) > 0
        ok = ~bad
        repeated = _repeated_lines(n, line_hh_all, line_type_all, line_member_all, line_amount_all)
        keep_member = ok[member_hh]
        new_household = np.cumsum(ok) - 1
        new_member = np.cumsum(keep_member) - 1
        line_hh = np.concatenate(line_hh_all)
        keep_line = ok[line_hh]
        line_member = np.concatenate(line_member_all)[keep_line]
        cents = np.concatenate(line_amount_all)[keep_line]
        lines = Lines(new_household[line_hh[keep_line]], np.where(line_member >= 0, new_member[line_member], -1),
                      np.concatenate(line_type_all)[keep_line], cents / 100.0,
                      c.Exact(cents, np.int64(100), np.ones(len(cents), dtype=bool)))
        inputs = {}
        for key, field in fields.items():
            keep = keep_member if key.startswith("member:") else ok
            level = "member" if key.startswith("member:") else "household"
            inputs[key] = self._col(field, keep, level)
        frame = Frame.of_columns(self.program, int(ok.sum()), new_household[member_hh[keep_member]],
                                 member_ids.filter(pa.array(keep_member)), self.ymd[ok], inputs, lines)
        doubted = {REPEATED: repeated[ok], MEMBERLESS: memberless[ok], HEADS: self._not_one_head(fields, member_hh)[ok],
                   IMPLAUSIBLE: implausible[ok], SUPPORTED: self._supported(fields, member_hh, paid)[ok],
                   SPOUSE: self._spouse(fields, member_hh, earns)[ok],
                   ESCAPED: self._escaped(ids, member_ids, member_hh, fields)[ok]}
        return ok, frame, ids.filter(pa.array(ok)), doubted

    def _escaped(self, ids: Any, member_ids: Any, member_hh: Any, fields: dict[str, _Field]) -> Any:
        """For each row, whether its id or one of its members', or an input of type text of the household or of a
        member, holds a control character (H016), as `engine.doubts` finds it."""
        found = _holding_control(ids) | (np.bincount(member_hh[_holding_control(member_ids)], minlength=self.n) > 0)
        for key, read in fields.items():
            if read.control is not None and read.control.any():
                found |= (np.bincount(member_hh[read.control], minlength=self.n) > 0) if key.startswith("member:") \
                    else read.control
        return found

    def _supported(self, fields: dict[str, _Field], member_hh: Any, paid: tuple[Any, Any] | None) -> Any:
        """For each row, whether a member given no one able to support them (given, not the default) is paid
        maintenance, by a line of theirs or of no member (H014), as `engine.doubts` finds it."""
        supporter = fields.get(f"member:{SUPPORTER}")
        if paid is None or len(paid[0]) == 0 or supporter is None or supporter_input(self.policy) is None:
            return np.zeros(self.n, dtype=bool)
        alone = _among(supporter.values, [self.program.code(v) for v in NO_SUPPORT]) & supporter.given
        rows, members = paid
        found = np.zeros(self.n, dtype=bool)
        named = members >= 0
        found[rows[named][alone[members[named]]]] = True
        anyone = np.bincount(member_hh[alone], minlength=self.n) > 0  # a line of no member
        found[rows[~named][anyone[rows[~named]]]] = True
        return found

    def _spouse(self, fields: dict[str, _Field], member_hh: Any, earns: Any) -> Any:
        """For each row, whether the head or the head's spouse, unable to work (given so, or 60 or over), is given no
        one able to support them while the other, 16 to 59 on the row's day, has income of their own the policy counts
        (`earns`) or is given as able to work (H015), as `engine.doubts` finds it."""
        supporter, relation, birth = (fields.get(f"member:{name}") for name in (SUPPORTER, RELATION, BIRTH))
        inputs = spouse_inputs(self.policy)
        if inputs is None or supporter is None or relation is None or birth is None or relation.kind != "text" \
                or birth.kind != "date":
            return np.zeros(self.n, dtype=bool)
        alone = _among(supporter.values, [self.program.code(v) for v in NO_SUPPORT]) & supporter.given
        # whole years from a YYYYMMDD birth to a YYYYMMDD day: their difference in whole ten thousands
        age = (self.ymd[member_hh] - birth.ymd) // 10000
        able, unable = earns, ~birth.null & (age > WORKING_AGE[1])  # the spouse who can support; the member who can't
        capacity = fields.get(f"member:{CAPACITY}")
        if inputs[1] is not None and capacity is not None and capacity.kind == "text":
            able = able | ((capacity.values == self.program.code(ABLE)) & capacity.given)
            unable = unable | ((capacity.values == self.program.code(UNABLE)) & ~capacity.null)
        able = able & ~birth.null & (age >= WORKING_AGE[0]) & (age <= WORKING_AGE[1])
        alone &= unable
        head, spouse = (relation.values == self.program.code(v) for v in (HEAD, SPOUSE_OF_HEAD))
        able_head = np.bincount(member_hh[able & head], minlength=self.n) > 0
        able_spouse = np.bincount(member_hh[able & spouse], minlength=self.n) > 0
        doubted = alone & ((head & able_spouse[member_hh]) | (spouse & able_head[member_hh]))
        return np.bincount(member_hh[doubted], minlength=self.n) > 0

    def _not_one_head(self, fields: dict[str, _Field], member_hh: Any) -> Any:
        """For each row, whether more than one member is the head, or none is where relations are given (H011,
        H012), as `engine.doubts` finds it."""
        relation = fields.get(f"member:{RELATION}")
        declared = self.policy.inputs.get(f"member:{RELATION}")
        if relation is None or declared is None or HEAD not in declared.values or relation.kind != "text":
            return np.zeros(self.n, dtype=bool)
        heads = np.bincount(member_hh[relation.values == self.program.code(HEAD)], minlength=self.n)
        given = np.bincount(member_hh[relation.given], minlength=self.n) > 0
        return (heads > 1) | ((heads == 0) & given)

    def _implausible(self, fields: dict[str, _Field], member_hh: Any) -> Any:
        """For each row, whether an input it gives is out of its plausible range (H013), as `engine.doubts` finds it;
        its lines are seen to apart (`_lines_out`)."""
        found = np.zeros(self.n, dtype=bool)
        for f in self.policy.inputs.values():
            read = fields.get(f"{f.level}:{f.name}")
            if f.plausible is None or read is None or read.kind not in ("money", "integer", "number"):
                continue
            out = read.given & _out_of(read.values, f.plausible, read.scale)
            found |= (np.bincount(member_hh[out], minlength=self.n) > 0) if f.level == "member" else out
        return found

    def _field(self, f: InputField, array: Any, absent: Any, day: Any) -> _Field | None:
        """One input column: a null is an absent key (the default, or a refusal) unless the field may be null."""
        array = _distinct(array)
        field = self._read(f, array, absent, day)
        if field is not None:
            field.given = ~(_is_null(array) | absent)
        return field

    def _read(self, f: InputField, array: Any, absent: Any, day: Any) -> _Field | None:
        import pyarrow as pa

        null = _is_null(array) | absent
        given_null = null & ~absent & f.nullable
        missing = null & ~given_null
        default = convert_field(f, f.default) if f.has_default else None
        bad = missing & (not f.has_default)
        kind = f.type
        if kind in ("enum", "text"):
            codes, labels = _codes(array)
            words = [self.program.code(label) for label in labels]
            allowed = [label in f.values if kind == "enum" else True for label in labels]
            bad |= ~np.asarray([*allowed, True], dtype=bool)[codes] & ~null
            values = np.asarray([*words, -1], dtype=np.int64)[codes]
            fill = -1 if default is None else self.program.code(default)
            values = np.where(missing, fill, values)
            control = np.asarray([_CONTROL.search(label) is not None for label in labels] + [False],
                                 dtype=bool)[codes] if kind == "text" else None
            return _Field("text", values, given_null | (missing & (default is None)), bad, control=control)
        if kind == "boolean":
            values = array.fill_null(False).to_numpy(zero_copy_only=False).astype(bool)
            values = np.where(missing, bool(default), values)
            return _Field("bool", values, given_null | (missing & (default is None)), bad)
        if kind == "integer" and pa.types.is_integer(array.type):
            values = array.fill_null(0).to_numpy().astype(np.int64)
            bad |= _outside(values, f.minimum, f.maximum, 1) & ~null
            bad |= (np.abs(values) >= _INT_LIMIT) & ~null
            values = np.where(missing, int(default or 0), values)
            return _Field("integer", values, given_null | (missing & (default is None)), bad)
        if kind == "money":  # (of a type `_read_alike` takes for money, as every number below)
            cents, beyond = _money(array)
            cents = np.where(null, 0, cents)
            bad |= (beyond | _outside(cents, f.minimum, f.maximum, 100)) & ~null
            fill = 0 if default is None else int(Decimal(default) * 100)
            values = np.where(missing, fill, cents)
            return _Field("money", values, given_null | (missing & (default is None)), bad, scale=100)
        if kind == "number":
            whole, scale, fits = _float_scaled(array.fill_null(np.nan).to_numpy()) \
                if pa.types.is_floating(array.type) else _scaled(array)
            return _number(f, whole, scale, fits, null, missing, given_null, bad, default)
        read = _days(array) if kind == "date" else None
        if read is not None:
            days, _, unreadable = read
            bad |= (unreadable | (days > day) | (days < _earliest(day)) | (days < _FIRST_DAY) | (days > _LAST_DAY)) \
                & ~null
            fill = 0 if default is None else (default - EPOCH).days
            values = np.where(missing, fill, days)
            return _Field("date", values, given_null | (missing & (default is None)), bad)
        return None  # a kind this route does not read: the record route takes the chunk

    def _col(self, field: _Field, keep: Any, level: str) -> Col:
        values, null = field.values[keep], c.sparse_null(field.null[keep])
        if field.kind == "text":
            return Col("text", values, 0.0, null, level)
        if field.kind == "bool":
            return Col("bool", values & ~null, 0.0, null, level)
        if field.kind == "date":
            return Col("date", np.where(null, 0, field.ymd[keep]), 0.0, null, level)
        if field.kind == "integer":
            v = np.where(null, 0, values).astype(float)
            small = np.abs(v) < c.BIG
            # a null row holds 0 in both lanes: the rule for null settles it, so the exact lane may say it has it
            q = c.Exact(np.where(small, values, 0).astype(np.int64), np.int64(1), small)
            return Col("num", v, 0.0 if small.all() else np.where(small, 0.0, np.abs(v) * c.U), null, level, q)
        scaled = np.where(null, 0, values)  # money in fen, a number in units of its last decimal
        v = scaled / float(field.scale)  # (both below 2**50: exact, so the quotient is correctly rounded)
        return Col("num", v, np.abs(v) * c.U, null, level,
                   c.Exact(scaled, np.int64(field.scale), ~null))


def _number(f: InputField, whole: Any, scale: int, fits: Any, null: Any, missing: Any, given_null: Any, bad: Any,
            default: Decimal | None) -> _Field:
    """An input of type `number`, its values whole numbers of 10**-scale (`_scaled`, `_float_scaled`; `fits`:
    where they are), in units of the fewest decimals its values and default need (1.5 and 12 mu as 15 and 120
    tenths; whole mu with a default of half a mu in tenths). A value that does not fit, that is, in those units,
    from 2**50 on (where float64 is no longer exact), out of the field's bounds or from the quick route's limit on
    goes the record route."""
    fill = Decimal(0) if default is None else default
    decimals = max(0, -int(fill.normalize().as_tuple().exponent))
    if decimals > scale:  # the default needs more decimals than the values: the values in its units
        step = 10 ** (decimals - scale)
        fits = fits & (np.abs(whole) < 2**50 // step)  # (beyond, 2**50 in those units: checked before scaling)
        whole, scale = np.where(fits, whole, 0) * step, decimals
    whole = np.where(fits & ~null, whole, 0)
    bad = bad | (~fits & ~null) | (_outside(whole, f.minimum, f.maximum, 10**scale) & ~null)
    if _INT_LIMIT * 10**scale < 2**63:  # (above, 64 bits hold less than the limit)
        bad |= (np.abs(whole) >= _INT_LIMIT * 10**scale) & ~null
    if f.name.startswith("assets."):  # more digits than a figure of `assets` may have, as read at this scale
        bad |= (np.abs(whole) >= 10**MAX_DIGITS) & ~null
    kept = next((fewer for fewer in range(decimals, scale) if not np.any(whole % 10 ** (scale - fewer))), scale)
    values = whole // 10 ** (scale - kept)
    bad |= (np.abs(values) >= 2**50) & ~null
    values = np.where(missing, int(fill.scaleb(kept)), np.where(bad, 0, values))
    return _Field("number", values, given_null | (missing & (default is None)), bad, scale=10**kept)


def _repeated_lines(n: int, households: list[Any], types: list[Any], members: list[Any], cents: list[Any]) -> Any:
    """For each of `n` rows, whether two of its lines have the same type (of the same section), member and amount,
    as `engine.repeated_lines.repeats` finds them; the lines given section by section, as arrays. Lines are first
    sorted by one whole-number key of row, type and member (a member of -1: none), and only those sharing it with
    another line are compared by amount: sorting one key is an order of magnitude faster than four."""
    row, kind, member, amount = (np.concatenate(part) for part in (households, types, members, cents))
    found = np.zeros(n, dtype=bool)
    if len(row) < 2:
        return found
    kinds, people = int(kind.max()) + 1, int(member.max()) + 2
    if n * kinds * people >= 2 ** 62:  # too many to number in 64 bits: sort by the four keys
        keys = np.stack([row, kind, member, amount])
        keys = keys[:, np.lexsort(keys[::-1])]
        found[keys[0, 1:][np.all(keys[:, 1:] == keys[:, :-1], axis=0)]] = True
        return found
    key = (row * kinds + kind) * people + member + 1
    order = np.argsort(key, kind="stable")
    tie = key[order][1:] == key[order][:-1]
    if not tie.any():
        return found
    sharing = np.zeros(len(order), dtype=bool)
    sharing[1:] |= tie
    sharing[:-1] |= tie
    pick = order[sharing]
    pick = pick[np.lexsort((amount[pick], key[pick]))]
    same = (key[pick][1:] == key[pick][:-1]) & (amount[pick][1:] == amount[pick][:-1])
    found[row[pick][1:][same]] = True
    return found


def _out_of(values: Any, plausible: Plausible, scale: int) -> Any:
    """Where `values` (whole numbers of `1 / scale`) are out of `plausible`; zero never is."""
    return _outside(values, plausible.minimum, plausible.maximum, scale) & (values != 0)


def _lines_out(n: int, households: Any, cents: Any, type_codes: Any, ranges: list[Plausible | None]) -> Any:
    """For each of `n` rows, whether one of its lines (`households`, `cents`, and the code of each line's type among
    `ranges`, one per type; the last code, a null type, has none) is out of its type's plausible range."""
    out = np.zeros(len(cents), dtype=bool)
    for code, plausible in enumerate(ranges):
        if plausible is not None:
            mine = type_codes == code
            out[mine] |= _out_of(cents[mine], plausible, 100)
    return np.bincount(households[out], minlength=n) > 0


def _unpaired(fields: dict[str, _Field], f: InputField, others: list[InputField]) -> Any:
    """Where `f` is given and one of the inputs it is given with is not."""
    lacking = np.zeros(len(fields[f"{f.level}:{f.name}"].given), dtype=bool)
    for other in others:
        lacking |= ~fields[f"{other.level}:{other.name}"].given
    return fields[f"{f.level}:{f.name}"].given & lacking


def _days(array: Any) -> tuple[Any, Any, Any] | None:
    """(days since 1970-01-01, null, unreadable) of a date32 column, or of a text one (`YYYY-MM-DD`, as
    `datetime.date.fromisoformat` reads dates in households; `large_string` too); None for any other type."""
    import pyarrow as pa
    import pyarrow.compute as pc

    null = _is_null(array)
    if pa.types.is_date32(array.type):
        return array.cast(pa.int32()).fill_null(0).to_numpy().astype(np.int64), null, np.zeros(len(array), bool)
    if pa.types.is_large_string(array.type) or pa.types.is_string_view(array.type):
        array = array.cast(pa.string())
    if not pa.types.is_string(array.type):
        return None
    parsed = pc.strptime(array, format="%Y-%m-%d", unit="s", error_is_null=True).cast(pa.date32())
    # strptime carries a day past the month's end over (2026-02-30 → 2026-03-02): written back, such a
    # date (or one not in the form YYYY-MM-DD) is not the text it came from
    same = pc.fill_null(pc.equal(parsed.cast(pa.string()), array), False).to_numpy(zero_copy_only=False)
    days = parsed.cast(pa.int32()).fill_null(0).to_numpy().astype(np.int64)
    return days, null, ~null & ~same


def _holding_control(texts: Any) -> Any:
    """For each entry of an Arrow string array, whether it holds a control character (`CONTROL`). In UTF-8 each of
    them is a byte of its own, which no other character's bytes are: where no byte of the array's text is one (as in
    nearly every chunk), no entry holds one, told by one pass of numpy over the bytes instead of a regular expression
    per entry (some 0.15 µs a household)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_string(texts.type) and len(texts):
        offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1]
        data = texts.buffers()[2]
        text = np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]] if data is not None else np.zeros(0, "u1")
        if not ((text < 0x20) | (text == 0x7F)).any():
            return np.zeros(len(texts), dtype=bool)
    return pc.fill_null(pc.match_substring_regex(texts, CONTROL), False).to_numpy(zero_copy_only=False)


def _is_null(array: Any) -> Any:
    if array.null_count == 0:
        return np.zeros(len(array), dtype=bool)
    return array.is_null().to_numpy(zero_copy_only=False)


def _codes(array: Any) -> tuple[Any, list[str]]:
    """Each entry's index in the column's distinct texts (a null: one past the last), and those texts: of a
    dictionary (`_distinct`), its own codes and texts, of which some may occur in no entry."""
    import pyarrow as pa

    encoded = array if pa.types.is_dictionary(array.type) else array.dictionary_encode()
    labels = encoded.dictionary.to_pylist()
    return encoded.indices.fill_null(len(labels)).to_numpy().astype(np.int64), labels


def _distinct(array: Any) -> Any:
    """A column of texts as `_codes` reads it: a dictionary as it is, unless its dictionary holds a null or a text
    twice (Arrow allows either, Parquet writes neither), which is read as texts: its entries' nulls and codes are
    then those of their texts."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(array.type):
        return array
    texts = array.dictionary
    if texts.null_count or pc.count_distinct(texts).as_py() < len(texts):
        return array.cast(pa.string())
    return array


def _outside(scaled: Any, minimum: Any, maximum: Any, scale: int) -> Any:
    """Where a value (as a whole number of 1/scale) lies below `minimum` or above `maximum` (either may be None)."""
    out = np.zeros(len(scaled), dtype=bool)
    if minimum is not None:
        out |= scaled < int((Decimal(minimum) * scale).to_integral_value(ROUND_CEILING))
    if maximum is not None:
        out |= scaled > int((Decimal(maximum) * scale).to_integral_value(ROUND_FLOOR))
    return out
