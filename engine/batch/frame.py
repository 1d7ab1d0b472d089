"""A chunk of validated households as columns: the data the fast engine's program runs over.

Input: `Household`s (validated), their evaluation dates, and the compiled program (which
fields it reads, the income shares). Output: a `Frame` — one array entry per household or
per member, members contiguous per household (`starts`, `member_hh`), income and expense
totals per type per household and per member — plus the rows flagged so far.
Invariants: every numeric column has both lanes of `engine.batch.columns` (a float with
its error bound, and exact rationals where the input has at most two decimals); totals
follow `engine.evaluator.HouseholdContext` (a line without a member counts for the
household only); flags are gathered per context so a value the exact evaluator computes
only sometimes flags only those rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.batch import columns as c
from engine.batch.columns import Col, Unsupported
from engine.household import Household

if TYPE_CHECKING:
    from engine.batch.columnar import FastProgram


def member_rows_of(starts: Any, households: Any) -> Any:
    """The member rows of some households (positions), in that order, given each household's first row (and,
    last, the row after the last member)."""
    counts = np.diff(starts)[households]
    if not len(counts):
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts[households] - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    return offsets + np.arange(int(counts.sum()), dtype=np.int64)


def ymd(d: datetime.date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def exact_float(value: Decimal) -> tuple[float, float]:
    f = float(value)
    return f, (0.0 if Decimal(f) == value else abs(f) * c.U)


_CENTS_LIMIT = Decimal(10) ** 15


def exact_cents(values: Sequence[Any]) -> c.Exact:
    """The exact lane of decimal inputs: whole cents over 100, where a value has at most two decimals."""
    cents, ok = [], []
    for x in values:
        if type(x) is Decimal and x.is_finite() and -_CENTS_LIMIT < x < _CENTS_LIMIT:
            whole = int(x)
            if whole == x:  # the common case, and much cheaper than looking at the exponent
                cents.append(whole * 100)
                ok.append(True)
                continue
            if int(x.as_tuple().exponent) >= -2:
                cents.append(int(x.scaleb(2)))
                ok.append(True)
                continue
        cents.append(0)
        ok.append(False)
    n = np.asarray(cents, dtype=np.int64)
    return c.Exact(n, np.int64(100), np.asarray(ok, dtype=bool))


def whole(v: Any) -> c.Exact:
    n = np.asarray(v, dtype=np.int64)
    return c.Exact(n, np.int64(1), np.ones(n.shape, dtype=bool))


class Inputs(dict[str, Col]):
    """A frame's input columns; a total of one income or expense type is summed when first read."""

    compute: Callable[[str], Col] | None = None

    def __missing__(self, name: str) -> Col:
        if self.compute is None or name.partition(".")[0] not in ("income", "own_income", "expenses",
                                                                   "own_expenses"):
            raise KeyError(name)
        col = self[name] = self.compute(name)
        return col


@dataclass(frozen=True)
class Lines:
    """The income and expense lines of a chunk: household row, member row (-1: none), kind, amount."""

    household: Any  # int64
    member: Any  # int64
    type: Any  # int64: the line's index in `FastProgram.line_types`
    amount: Any  # float64
    cents: c.Exact


class Frame:
    """One chunk of households as columns, with the rows flagged so far and memoised values."""

    def __init__(self, program: FastProgram, households: Sequence[Household], days: Sequence[datetime.date]):
        member_hh: list[int] = []
        starts: list[int] = []
        member_ids: list[str] = []
        policy = program.policy
        hh_raw: dict[str, list[Any]] = {name: [] for name in program.household_inputs}
        m_raw: dict[str, list[Any]] = {name: [] for name in program.member_inputs}
        line_hh: list[int] = []
        line_member: list[int] = []
        line_type: list[str] = []
        line_amount: list[Decimal] = []
        for i, h in enumerate(households):
            starts.append(len(member_hh))
            index: dict[str, int] = {}
            for m in h.members:
                index[m.id] = len(member_hh)
                member_hh.append(i)
                member_ids.append(m.id)
                for name, values in m_raw.items():
                    values.append(m.fields[name])
            for name, values in hh_raw.items():
                values.append(h.fields[name])
            for section, lines in (("income:", h.income), ("expense:", h.expenses)):
                for line in lines:
                    line_hh.append(i)
                    line_member.append(index.get(line.member, -1) if line.member else -1)
                    line_type.append(section + line.type)
                    line_amount.append(line.amount)
        inputs = {"household:" + name: program.column(policy.inputs["household:" + name].type, values, "household")
                  for name, values in hh_raw.items()}
        inputs.update({"member:" + name: program.column(policy.inputs["member:" + name].type, values, "member")
                       for name, values in m_raw.items()})
        self._setup(program, len(households), np.asarray(member_hh, dtype=np.int64), np.asarray(starts, np.int64),
                    member_ids, np.asarray([ymd(d) for d in days], dtype=np.int64), inputs)
        kinds = program.line_index
        self._account(np.asarray(line_hh, dtype=np.int64), np.asarray(line_member, dtype=np.int64),
                      np.asarray([kinds[k] for k in line_type], dtype=np.int64),
                      np.asarray([float(a) for a in line_amount], dtype=float), exact_cents(line_amount))

    @classmethod
    def of_columns(cls, program: FastProgram, size: int, member_hh: Any, member_ids: Any, dates: Any,
                   inputs: dict[str, Col], lines: Lines) -> Frame:
        """A frame from columns already built (`engine.batch.arrow_intake`): members contiguous per household."""
        frame = cls.__new__(cls)
        starts = np.searchsorted(member_hh, np.arange(size, dtype=np.int64))
        frame._setup(program, size, member_hh, starts, member_ids, dates, inputs)
        frame._account(lines.household, lines.member, lines.type, lines.amount, lines.cents)
        return frame

    def _setup(self, program: FastProgram, size: int, member_hh: Any, starts: Any, member_ids: Any,
               dates: Any, inputs: dict[str, Col]) -> None:
        self.program = program
        self.size = size
        self.member_hh = member_hh
        self.starts = starts
        self.member_ids = member_ids  # a list of str, or (from Arrow columns) an Arrow string array
        self.members = len(member_hh)
        self.sizes = np.diff(np.append(starts, self.members))  # members per household (a count needs no pass)
        self.dates = dates
        self.flags = {"household": np.zeros(self.size, dtype=bool), "member": np.zeros(self.members, dtype=bool)}
        self.sinks: list[dict[str, Any]] = [self.flags]
        self.memo: dict[tuple[str, str], tuple[Col, dict[str, Any]]] = {}
        self.inputs = Inputs(inputs)

    def _account(self, line_hh: Any, line_member: Any, types: Any, amount: Any, cents: c.Exact) -> None:
        """Income and expense totals, per household and per member (as `HouseholdContext`).

        `types` holds each line's index in `program.line_types`, `amount` its float, `cents` its exact
        lane. The totals every policy reads (counted and exempt income, rigid expenses) are summed
        now, each in one pass over its lines; a total of one type (`income.wage`, `own_expenses.medical`)
        only when the program first reads it."""
        program = self.program
        policy = program.policy
        amount_e = np.abs(amount) * c.U
        owned = line_member >= 0
        width = len(program.line_types)
        share = np.zeros(width)
        share_e = np.zeros(width)
        share_n = np.zeros(width, dtype=np.int64)
        share_d = np.ones(width, dtype=np.int64)
        counted_types, exempt_types, rigid_types = [], [], []
        for k, (name, income) in enumerate(policy.income.items()):
            if not income.counted:
                exempt_types.append(k)
                continue
            counted_types.append(k)
            exact_share = c.exact_constant(program.exact.shares[name])
            if exact_share is None:
                raise Unsupported("a share that is not a plain fraction")
            share[k], share_e[k] = program.shares[name]
            share_n[k], share_d[k] = int(exact_share.n), int(exact_share.d)
        for k, expense in enumerate(policy.expenses.values(), len(policy.income)):
            if expense.rigid:
                rigid_types.append(k)
        common = int(np.lcm.reduce(100 * share_d[counted_types])) if counted_types else 100
        line_share = share[types]
        part = amount * line_share
        part_e = np.abs(amount) * share_e[types] + np.abs(line_share) * amount_e + np.abs(part) * c.U
        part_n = cents.n * share_n[types] * (common // (100 * share_d))[types]
        every_cent_exact = bool(cents.ok.all())  # (always, read from columns: the per-row checks then need no pass)

        def total(index: Any, select: Any, level: str, values: Any, errors: Any, numerators: Any,
                  denominator: int) -> Col:
            """A sum per household (or member) of the selected lines, float and exact lanes.

            The float lane's bound allows for the rounding of up to 2,048 additions per row."""
            size = self.size if level == "household" else self.members
            idx = index[select]
            v = np.bincount(idx, weights=values[select], minlength=size) + 0.0
            e = np.bincount(idx, weights=errors[select] + np.abs(values[select]) * c.U * 1024, minlength=size)
            n = np.bincount(idx, weights=numerators[select].astype(float), minlength=size)
            magnitudes = np.abs(numerators[select]).astype(float)
            if every_cent_exact and magnitudes.sum() < 2.0**51:  # then no row's sum reaches 2**52: two passes fewer
                ok = np.ones(size, dtype=bool)
            else:
                spread = np.bincount(idx, weights=magnitudes, minlength=size)
                unsure = np.bincount(idx, weights=~cents.ok[select], minlength=size) > 0
                ok = ~unsure & (spread < 2.0**52)
            q = c.Exact(np.where(ok, n, 0).astype(np.int64), np.int64(denominator), ok)
            return Col("num", v, e, False, level, q)

        # each line's total (1 counted, 2 exempt, 3 rigid, 0 none) by one gather: `np.isin` took some 0.4 ms a total
        # over a chunk's lines
        total_of_type = np.zeros(width, dtype=np.int8)
        for number, kinds in enumerate((counted_types, exempt_types, rigid_types), 1):
            total_of_type[kinds] = number
        line_total = total_of_type[types]
        counted, exempt, rigid = line_total == 1, line_total == 2, line_total == 3
        self.inputs["counted_income"] = total(line_hh, counted, "household", part, part_e, part_n, common)
        self.inputs["own_counted_income"] = total(line_member, counted & owned, "member", part, part_e, part_n,
                                                  common)
        self.inputs["exempt_income"] = total(line_hh, exempt, "household", amount, amount_e, cents.n, 100)
        self.inputs["rigid_expenses"] = total(line_hh, rigid, "household", amount, amount_e, cents.n, 100)

        def one_type(name: str) -> Col:
            head, _, kind = name.partition(".")
            k = program.line_index[("income:" if head.endswith("income") else "expense:") + kind]
            if head.startswith("own_"):
                return total(line_member, (types == k) & owned, "member", amount, amount_e, cents.n, 100)
            return total(line_hh, types == k, "household", amount, amount_e, cents.n, 100)

        self.inputs.compute = one_type

    def flag(self, mask: Any, level: str | None) -> None:
        if level is None or (isinstance(mask, bool | np.bool_) and not mask):
            return
        sink = self.sinks[-1]
        sink[level] = sink[level] | mask if level in sink else np.asarray(mask, dtype=bool).copy()

    def collect(self) -> None:
        """Start gathering flags apart, for a value the exact evaluator computes only sometimes."""
        self.sinks.append({})

    def gathered(self) -> dict[str, Any]:
        return self.sinks.pop()

    def emit(self, sink: dict[str, Any], where: Any = None, level: str | None = None) -> None:
        """Pass gathered flags on — only for the rows where the exact evaluator computes the value."""
        if where is not None and np.ndim(where) == 0:  # (a yes/no for every row: a constant's, `0 < 1`)
            where = bool(where)
        for sink_level, mask in sink.items():
            if where is not None and level is not None and not isinstance(where, bool | np.bool_):
                if level == sink_level:
                    mask = mask & where
                elif level == "household":
                    mask = mask & where[self.member_hh]
                else:
                    mask = mask & (np.bincount(self.member_hh, weights=where, minlength=self.size) > 0)
            elif where is not None and not where:
                continue
            self.flag(mask, sink_level)

    def remember(self, key: tuple[str, str], compute: Callable[[], Col]) -> Col:
        """A memoised value; its flags are passed on at every use, in the context of that use."""
        if key not in self.memo:
            self.collect()
            col = compute()
            self.memo[key] = (col, self.gathered())
        col, sink = self.memo[key]
        self.emit(sink)
        return col

    def at(self, col: Col, level: str) -> Col:
        """A column at `level`: household values repeated for each of their members."""
        if col.level is None or col.level == level:
            return col
        if col.level == "household" and level == "member":
            idx = self.member_hh

            def take(x: Any) -> Any:
                return x[idx] if isinstance(x, np.ndarray) and x.ndim else x  # (0-d: the same in every row)
            q = col.q
            if q is None:
                return Col(col.kind, take(col.v), take(col.e), take(col.null), "member")
            # repeating values keeps their bounds; an exact lane exact in every row stays so
            q = c.Exact(take(q.n), take(q.d), np.bool_(True) if q.whole else take(q.ok), q.peak_n, q.peak_d,
                        c.taken(q.rounded, idx))
            return Col.deferred(lambda: (take(col.v), take(col.e)), take(col.null), "member", q)
        raise Unsupported("a member value used for a household")

    def household_flags(self) -> Any:
        assert len(self.sinks) == 1
        out = self.flags["household"].copy()
        member = self.flags["member"]
        if member.any():
            out[self.member_hh[member]] = True
        return out
