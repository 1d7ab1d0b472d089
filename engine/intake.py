"""Raw household records → validated `Household`, quickly, with the full validator as the judge.

Input: one record's raw JSON bytes (a JSON Lines line) or already-parsed data, and
the policy. Output: a `Household` equal to what `engine.household.validate_household`
returns, or `HouseholdError` with exactly its diagnostics.
Invariants: the quick route (orjson and a hand-written check) only ever *accepts*;
whenever it is not certain — a number it cannot prove it read exactly, a key that
might be duplicated, any value outside the plain shape — it hands the record to
`read_json` and `validate_household`, which decide and word every error. So a
record is accepted or refused here exactly as `policy eval` would.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import operator
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson

from engine.contexts import EXACT
from engine.date_words import DATES_READ, iso_date
from engine.export_words import Words, read_as_values
from engine.household import (
    MAX_DIGITS,
    MAX_EXPONENT,
    MAX_LINES,
    MAX_MEMBERS,
    Household,
    Line,
    Member,
    convert_field,
    earliest_birth,
    new_household,
    new_line,
    new_member,
    validate_household,
)
from engine.household_input import household_text, read_json
from engine.model import InputField, Policy, per_policy

# A float is trusted only when its text had at most two decimals and no exponent, and it is
# small enough that 15 significant digits hold it: then repr() gives back the written number.
_UNSURE_NUMBER = re.compile(rb"\.[0-9]{3}|[0-9][eE][-+0-9]")
_KEY_END = re.compile(rb'"[ \t\r\n]*:')
_FLOAT_LIMIT = 1e13
_INT_LIMIT = 10**13
# a whole number as its Decimal, exactly (60 digits hold any that orjson reads): `Decimal(n)` parses its arguments as
# keywords could be given, the context's method as two at most (about a fifth of the call less)
_whole = EXACT.create_decimal


class _Unsure(Exception):
    """The quick route cannot vouch for this record; the full validator decides."""


class Shape:
    """What the quick route needs to know about a policy's inputs, worked out once."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.member_fields = policy.input_fields("member")
        self.member_names = {f.name: f for f in self.member_fields}
        self.member_keys = {"id", *self.member_names}
        # the keys of a member that gives every field as `policy sample` and the policy's own tables write them: its
        # id, then the fields in the policy's order (`_Quick.full_member` copies such a member)
        self.member_key_order = ("id", *self.member_names)
        self.member_dates = [f.name for f in self.member_fields if f.type == "date"]
        self.household_order = [f.name for f in policy.input_fields("household")]
        self.groups: dict[str, dict[str, InputField]] = {}
        for f in policy.input_fields("household"):
            group, name = f.name.split(".", 1)
            self.groups.setdefault(group, {})[name] = f
        self.top_keys = {"id", "date", "members", "income", "expenses", *self.groups}
        # whether reading the fields group by group already gives them in the policy's order
        self.grouped_in_order = [f.name for g in self.groups.values() for f in g.values()] == self.household_order
        self.income_types = set(policy.income)
        self.expense_types = set(policy.expenses)
        # per member field, and per field of each group of household fields (`assets`: `deposits`, …), how
        # `_Quick.given` checks it (`_Spec`)
        self.member_specs = [_spec(f.name, f) for f in self.member_fields]
        self.group_specs = {group: [_spec(key, f) for key, f in fields.items()]
                            for group, fields in self.groups.items()}
        # a member that gives every field is checked a kind at a time (see `_Quick.full_member`)
        enums = [f for f in self.member_fields if f.type == "enum"]
        self.member_order = [f.name for f in self.member_fields]
        self.member_values = _getter(self.member_order)
        self.enum_values = _getter([f.name for f in enums])
        self.enum_allowed = [frozenset(f.values) | ({None} if f.nullable else set()) for f in enums]
        self.boolean_fields = [(f.name, f.nullable) for f in self.member_fields if f.type == "boolean"]
        self.other_fields = [f for f in self.member_fields if f.type not in ("enum", "boolean")]
        # inputs given with others (`given_with`): a record that gives one without them is for the full validator
        self.member_pairs = [(f.name, f.given_with) for f in self.member_fields if f.given_with]
        self.household_pairs = [(f.name.split(".", 1), [other.split(".", 1) for other in f.given_with])
                                for f in policy.input_fields("household") if f.given_with]
        # the day of the record checked last and the earliest birth date a member may have on it: a run's records
        # share one day (--date) or a few. One tuple, replaced whole, so that a thread never reads one day's date with
        # another's
        self.earliest: tuple[datetime.date | None, datetime.date] = (None, datetime.date.min)


# a field as the quick route checks it: its key where it is given (`deposits` in `assets`), the field (whose name
# is the key of the checked fields: `assets.deposits`), its kind, its allowed enum values, whether it may be null,
# its default (or _NO_DEFAULT), and for a number the whole numbers `_Quick.number` takes as they are (or None)
_Spec = tuple[str, InputField, str, frozenset[str], bool, Any, "tuple[int, int] | None"]


def _spec(key: str, f: InputField) -> _Spec:
    default = convert_field(f, f.default) if f.has_default else _NO_DEFAULT
    return key, f, f.type, frozenset(f.values), f.nullable, default, _whole_range(f)


def _whole_range(f: InputField) -> tuple[int, int] | None:
    """The least and the greatest whole number that `_Quick.number` reads as its own Decimal for a number input (within
    its bounds and below `_INT_LIMIT`); None for an input of another kind."""
    if f.type not in ("integer", "money", "number"):
        return None
    low = -_INT_LIMIT + 1 if f.minimum is None else max(-_INT_LIMIT + 1, math.ceil(f.minimum))
    high = _INT_LIMIT - 1 if f.maximum is None else min(_INT_LIMIT - 1, math.floor(f.maximum))
    return low, high


def _getter(names: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of these keys as a tuple, looked up in C."""
    if len(names) >= 2:
        return operator.itemgetter(*names)
    return lambda data: tuple(data[name] for name in names)


_NO_DEFAULT = object()


@per_policy
def shape_of(policy: Policy) -> Shape:
    return Shape(policy)


def parse(raw: bytes, source: str, at: tuple[str, int] | None = None, unended: bool = False) -> tuple[Any, bool]:
    """(data, exact) for one JSON record; `exact` means it was read by `read_json` (numbers as decimals).

    Raises `HouseholdError` (H001) when the bytes are not JSON, placed in the file `at` says (file, first line);
    `unended`: they end a stream with no line break after them (`read_json`).
    """
    try:
        return orjson.loads(raw), False
    except orjson.JSONDecodeError:
        return read_json(household_text(raw, source, at), source, at, unended), True


def household_from(raw: bytes | None, data: Any, exact: bool, policy: Policy, source: str,
                   today: datetime.date, at: tuple[str, int] | None = None, cells: bool = False,
                   ignored: frozenset[str] = frozenset(), words: Words = (), parquet: bool = False) -> Household:
    """Validate one record; raises `HouseholdError` exactly as `validate_household` does.

    `raw` is the record's JSON text when it came from JSON (else None: the data was built
    exactly, with decimals, by a CSV or Parquet reader); `exact` says `data` holds no float;
    `at` is where `raw` is (its file and first line), to place what the exact reader refuses;
    `cells`: the data was read from CSV cells (for the words of a finding); `parquet`: from Parquet (the
    household says so, `Household.read_from`); `ignored`: the fields of
    `--ignore-column`, taken out of `data` first (`engine.batch.ignored`); `words`: the values of `--rename-value`,
    read as the values they stand for (`engine.export_words`) in data read from JSON or Parquet (CSV cells are read
    with them by their reader: `cells` data is left as it is).
    """
    words = () if cells else words
    removed = 0
    if ignored:
        from engine.batch.ignored import without_ignored

        removed = without_ignored(data, ignored)
    if words:
        read_as_values(data, policy, words)
    try:
        quick = _Quick(shape_of(policy), today)
        household = quick.household(data)
        if cells or parquet:  # (its texts are the cells' or the file's, which H016 tells so)
            household = dataclasses.replace(household, read_from="csv" if cells else "parquet")
        # a float read from JSON is vouched for only by the text it was read from (`1.100` reads as 1.1); one
        # given as a float (a Parquet `double`) is read by its shortest text, by the full validator as here
        if raw is None:
            if not quick.floats or _floats_agree(household, policy):
                return household
        elif (exact and not quick.floats) or _raw_agrees(raw, quick, removed):
            return household
    except _Unsure:
        pass
    if raw is not None and not exact:
        data = read_json(household_text(raw, source, at), source, at)
        if ignored:
            without_ignored(data, ignored)
        if words:
            read_as_values(data, policy, words)
    household = validate_household(data, policy, source, today=today, cells=cells, renamable=True)
    return dataclasses.replace(household, read_from="parquet") if parquet else household


def _floats_agree(household: Household, policy: Policy) -> bool:
    """For a record given floats rather than text: whether its values, each float read by its shortest text, pass
    the full validator's checks of numbers that a float may fail and the quick check does not look at — an amount
    with more than two decimals (a line's, an input of type money's), a number below 10**-30 (`unheld_number`)."""
    money = _money_inputs(policy)
    for line in (*household.income, *household.expenses):
        if int(line.amount.as_tuple().exponent) < -2:
            return False
    for fields, names in ((household.fields, money[0]), *((m.fields, money[1]) for m in household.members)):
        for name, value in fields.items():
            if isinstance(value, Decimal) and value and (
                    value.adjusted() < -MAX_EXPONENT or (name in names and int(value.as_tuple().exponent) < -2)):
                return False
    return True


@per_policy
def _money_inputs(policy: Policy) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the inputs of type money: of the household, and of a member."""
    return (frozenset(f.name for f in policy.input_fields("household") if f.type == "money"),
            frozenset(f.name for f in policy.input_fields("member") if f.type == "money"))


def _raw_agrees(raw: bytes, quick: _Quick, removed: int = 0) -> bool:
    """No duplicate key was dropped by orjson, and every float was written plainly (`removed`: the keys of ignored
    fields taken out of the data before `quick` counted its keys, theirs within included)."""
    if quick.floats and _UNSURE_NUMBER.search(raw) is not None:
        return False
    # a single byte is looked for much faster than a pair that starts with a quote: most records have
    # no backslash and no white space at all, so neither an escaped quote nor a space before a colon. Looked for with
    # `find`: `in` first tries the bytes as a number and words the error it then drops (twice the instructions)
    find = raw.find
    plain = find(b"\\") < 0 and find(b" ") < 0 and find(b"\t") < 0 and find(b"\r") < 0 and find(b"\n") < 0
    if not plain and (find(b'\\"') >= 0 or find(b'" ') >= 0 or find(b'"\t') >= 0 or find(b'"\r') >= 0
                      or find(b'"\n') >= 0):
        return len(_KEY_END.findall(raw)) == quick.keys + removed
    # every `":` ends a key when no quote is escaped; and a colon stands only after a key or within a text, so colons
    # as many as the keys are the keys' own (one colon is counted at twice the speed of a pair)
    keys = quick.keys + removed
    return raw.count(b":") == keys or raw.count(b'":') == keys


# -- the quick route --------------------------------------------------------------------


class _Quick:
    """One record checked by hand; raises `_Unsure` at the first thing it cannot vouch for."""

    def __init__(self, shape: Shape, today: datetime.date):
        self.shape = shape
        self.today = today
        day, earliest = shape.earliest  # a member's date before it: the full validator words it
        if day is not today:
            earliest = earliest_birth(today)
            shape.earliest = (today, earliest)
        self.earliest = earliest
        self.keys = 0
        self.floats = False

    def number(self, value: Any, f: InputField) -> Decimal:
        if isinstance(value, bool):
            raise _Unsure
        if isinstance(value, int):
            if f.type != "integer" and abs(value) >= _INT_LIMIT:
                raise _Unsure
            result = _whole(value)
        elif f.type == "integer":
            raise _Unsure
        elif isinstance(value, float):
            if not abs(value) < _FLOAT_LIMIT:
                raise _Unsure
            self.floats = True
            result = Decimal(repr(value))
        elif isinstance(value, Decimal):
            if not value.is_finite() or not abs(value) < _INT_LIMIT:
                raise _Unsure
            digits, exponent = value.as_tuple()[1:]
            if f.type == "money" and int(exponent) < -2:  # the full validator words it
                raise _Unsure
            if len(digits) > MAX_DIGITS:  # under `assets`, "too large or too precise": the full validator words it
                raise _Unsure
            if int(exponent) + len(digits) - 1 < -MAX_EXPONENT:  # beyond what JSON holds (`unheld_number`)
                raise _Unsure
            result = value
        else:
            raise _Unsure
        if (f.minimum is not None and result < f.minimum) or (f.maximum is not None and result > f.maximum):
            raise _Unsure
        if abs(result) >= _INT_LIMIT:
            raise _Unsure
        return result

    def value(self, f: InputField, value: Any) -> Any:
        if value is None:
            if f.nullable:
                return None
            raise _Unsure
        kind = f.type
        if kind == "enum":
            if isinstance(value, str) and value in f.values:
                return value
            raise _Unsure
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            raise _Unsure
        if kind == "date":
            return _date(value)
        if kind == "text":
            if isinstance(value, str):
                return value
            raise _Unsure
        return self.number(value, f)

    def lines(self, data: Any, types: set[str], members: dict[str, int]) -> tuple[Line, ...]:
        if type(data) is not list or len(data) > MAX_LINES:
            raise _Unsure
        out = []
        for line in data:
            if type(line) is not dict:
                raise _Unsure
            size = len(line)
            self.keys += size
            kind, amount = line.get("type"), line.get("amount")
            if size == 2:  # then the two keys are `type` and `amount`, or one is missing and read as None
                member = None
            elif size == 3:  # the third must be a member of the household
                member = line.get("member")
                if type(member) is not str or member not in members:
                    raise _Unsure
            else:
                raise _Unsure
            if type(kind) is not str or kind not in types:
                raise _Unsure  # (a type that is not text, a list say, cannot even be looked up)
            if type(amount) is int:  # not a bool, whose type is bool
                if not 0 <= amount < _INT_LIMIT:
                    raise _Unsure
                exact = _whole(amount)
            elif type(amount) is float and 0 <= amount < _FLOAT_LIMIT:
                self.floats = True
                exact = Decimal(repr(amount))
            elif (type(amount) is Decimal and amount.is_finite() and 0 <= amount < _INT_LIMIT
                  and int(amount.as_tuple().exponent) >= -2):
                exact = amount
            else:
                raise _Unsure  # a missing amount (None) too
            out.append(new_line(kind, member, exact))
        return tuple(out)

    def given(self, data: dict[str, Any], specs: list[_Spec], fields: dict[str, Any], defaulted: list[str]) -> None:
        """The fields of `specs` in `data` (a member, a group of household fields), checked, into `fields`; one not
        given takes its default, and its name goes into `defaulted`."""
        for key, f, kind, allowed, nullable, default, whole in specs:
            if key not in data:
                if default is _NO_DEFAULT:
                    raise _Unsure
                fields[f.name] = default
                defaulted.append(f.name)
                continue
            value = data[key]
            if value is None:
                if not nullable:
                    raise _Unsure
            elif kind == "enum":  # the common kinds checked inline: this loop runs for every household
                if type(value) is not str or value not in allowed:
                    raise _Unsure
            elif kind == "boolean":
                if type(value) is not bool:
                    raise _Unsure
            elif whole is not None and type(value) is int and whole[0] <= value <= whole[1]:
                value = _whole(value)  # a count or an amount in whole yuan, as `number` reads it, without the calls
            else:
                value = self.value(f, value)
            fields[f.name] = value

    def full_member(self, m: dict[str, Any], in_order: bool) -> dict[str, Any]:
        """The fields of a member that gives every one: enums checked together in C, then the rest. `in_order`: its
        keys are the id and then the fields in the policy's order (`Shape.member_key_order`)."""
        shape = self.shape
        try:
            if not all(map(frozenset.__contains__, shape.enum_allowed, shape.enum_values(m))):
                raise _Unsure
        except TypeError:  # an unhashable value (a list, a map) where a word belongs
            raise _Unsure from None
        if in_order:  # a copy less the id is the fields in the policy's order (a tenth of the cost of building them)
            fields = m.copy()
            del fields["id"]
        else:  # `member_values` gives a value for each name of `member_order`. zip given any keyword (`strict`, even
            # False) parses it in C at every call, which cost more than the rest of the line
            fields = dict(zip(shape.member_order, shape.member_values(m)))  # noqa: B905 (the same length, as above)
        for name, nullable in shape.boolean_fields:
            value = fields[name]
            if type(value) is not bool and (value is not None or not nullable):
                raise _Unsure
        for f in shape.other_fields:
            value = fields[f.name]
            if value is None:
                if not f.nullable:
                    raise _Unsure
                continue
            if f.type == "date":  # (`value` for a date, without going through it: every member has a birth date)
                value = fields[f.name] = _date(value)
                if not self.earliest <= value <= self.today:
                    raise _Unsure
            else:
                fields[f.name] = self.value(f, value)
        return fields

    def household(self, data: Any) -> Household:
        shape = self.shape
        if type(data) is not dict or not data.keys() <= shape.top_keys:
            raise _Unsure
        self.keys = len(data)
        hid = data.get("id")
        if not isinstance(hid, str) or not hid:
            raise _Unsure
        date = _date(data["date"]) if "date" in data else None
        members_data = data.get("members")
        if not isinstance(members_data, list) or not 1 <= len(members_data) <= MAX_MEMBERS:
            raise _Unsure
        members: list[Member] = []
        ids: dict[str, int] = {}
        for i, m in enumerate(members_data):
            if type(m) is not dict:
                raise _Unsure
            self.keys += len(m)
            mid = m.get("id")
            if not isinstance(mid, str) or not mid or mid in ids:
                raise _Unsure
            ids[mid] = i
            for name, others in shape.member_pairs:
                # (`in` over a map rather than any() of a generator, whose frame costs more)
                if m.get(name) is not None and None in map(m.get, others):
                    raise _Unsure
            keys = tuple(m)
            in_order = keys == shape.member_key_order  # (compared in order first: a third less than as sets)
            if in_order:  # kept as the order to compare with: orjson gives each record the key objects it gave the
                # one before, which a tuple compares by identity instead of by their text (an equal tuple: a thread
                # that reads the one before compares alike)
                shape.member_key_order = keys
            if in_order or m.keys() == shape.member_keys:
                members.append(new_member(mid, self.full_member(m, in_order)))
                continue
            if not m.keys() <= shape.member_keys:
                raise _Unsure
            fields: dict[str, Any] = {}
            defaulted: list[str] = []
            self.given(m, shape.member_specs, fields, defaulted)
            for name in shape.member_dates:
                if fields[name] is not None and not self.earliest <= fields[name] <= self.today:
                    raise _Unsure
            members.append(new_member(mid, fields, frozenset(defaulted)))
        household_fields: dict[str, Any] = {}
        household_defaulted: list[str] = []
        for group, group_fields in shape.groups.items():
            section = data.get(group)
            if section is None:
                if group in data:
                    raise _Unsure
                section = {}
            elif type(section) is not dict or not section.keys() <= group_fields.keys():
                raise _Unsure
            self.keys += len(section)
            self.given(section, shape.group_specs[group], household_fields, household_defaulted)
        for (group, name), partners in shape.household_pairs:
            if (data.get(group) or {}).get(name) is not None and any(
                    (data.get(g) or {}).get(n) is None for g, n in partners):  # each group is a map or absent here
                raise _Unsure
        income = self.lines(data["income"], shape.income_types, ids) if "income" in data else ()
        expenses = self.lines(data["expenses"], shape.expense_types, ids) if "expenses" in data else ()
        if not shape.grouped_in_order:
            household_fields = {name: household_fields[name] for name in shape.household_order}
        return new_household(hid, date, household_fields, tuple(members), income, expenses,
                         frozenset(household_defaulted))


def _date(value: Any) -> datetime.date:
    if type(value) is str:  # (a date read before: looked up here, without a call)
        known = DATES_READ.get(value)
        if known is not None:
            return known
    date = iso_date(value) if isinstance(value, str) else None
    if date is None:
        raise _Unsure
    return date
