"""The fast engine: a checked policy compiled once into a columnar numpy program.

Input: a `Policy` (its AST and the checked type of every node) and a chunk of validated
households with their evaluation dates. Output: for each household it can vouch for,
the decision dictionary `engine.render.decision_json` would build; the others are
left to the exact evaluator.
Invariants: each expression runs once over a whole chunk — one array entry per
household or per member, member aggregations through the member → household index;
numbers are float64 with a proven error bound (`engine.batch.columns`); a household
is *flagged* wherever a comparison, a rounding, a choice between amounts or a
displayed value could differ from exact decimal arithmetic, where the exact
evaluator would raise an error, or where anything is null that arithmetic needs —
and every flagged household is decided by `engine.evaluator.evaluate` instead. So the
output equals the exact evaluator's for every household (a differential test on
threshold-placed households holds this). A construct the compiler does not know
raises `Unsupported` when the policy is compiled, and that policy runs exactly.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import numpy as np

from engine import types as t
from engine.batch import columns as c
from engine.batch.columns import Col, Unsupported
from engine.batch.frame import Frame, exact_cents, exact_float, member_rows_of, whole, ymd
from engine.evaluator import program_for, value_type
from engine.household import Household
from engine.model import Category, Level, Measure, Policy
from engine.syntax import ast

Fn = Callable[[Frame], Col]


class Pending(Protocol):
    position: int
    household: Household
    policy: Policy
    day: datetime.date


class FastProgram:
    """A policy compiled to functions over a `Frame`; built once per policy (see `fast_program`)."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.types = policy.types
        self.exact = program_for(policy)
        self.vocab: dict[str, int] = {}
        self.shares = {name: exact_float(share) for name, share in self.exact.shares.items()}
        self.line_types = [f"income:{name}" for name in policy.income] + [f"expense:{name}" for name in policy.expenses]
        self.line_index = {label: k for k, label in enumerate(self.line_types)}
        self.definitions: dict[str, tuple[Level, Fn]] = {}
        self.household_inputs: list[str] = []
        self.member_inputs: list[str] = []
        for f in policy.inputs.values():
            (self.household_inputs if f.level == "household" else self.member_inputs).append(f.name)
            if f.type in ("enum",):
                for v in f.values:
                    self.code(v)
        for d in policy.definitions.values():
            self.definitions[d.name] = (d.level, self.compile(d.expr.node, d.level))
        self.clauses = {cat.id: [self.compile(w.test.node, cat.level) for w in cat.clauses]
                        for cat in policy.categories}
        self.options = {(m.id, o.id): (self.compile(o.when.node, m.level),
                                       self.compile(o.amount.node, m.level) if o.amount is not None else None,
                                       o.amount is not None and self._kind(o.amount.node) == "rate")
                        for m in policy.assistance for o in m.options}
        self.value_names = ["counted_income", "exempt_income", "rigid_expenses",
                            *[d.name for d in policy.definitions.values() if d.level == "household"]]
        self.value_kinds = {name: value_type(policy, name).kind for name in self.value_names}

    # -- inputs -------------------------------------------------------------------------

    def code(self, text: str) -> int:
        return self.vocab.setdefault(text, len(self.vocab))

    def column(self, kind: str, values: list[Any], level: str) -> Col:
        null = c.sparse_null(np.fromiter((v is None for v in values), dtype=bool, count=len(values)))
        if kind in ("money", "integer", "number"):
            v = np.asarray([0.0 if x is None else float(x) for x in values], dtype=float)
            if kind == "integer":  # validated whole numbers: exact in float64 below 2**50
                small = np.abs(v) < c.BIG
                e = 0.0 if small.all() else np.where(small, 0.0, np.abs(v) * c.U)
                # a null row holds 0 in both lanes: the rule for null settles it, so the exact lane may say it has it
                q = c.Exact(np.where(small, v, 0).astype(np.int64), np.int64(1), small)
                return Col("num", v, e, null, level, q)
            return Col("num", v, np.abs(v) * c.U, null, level, exact_cents(values))
        if kind == "boolean":
            return Col("bool", np.asarray([bool(x) for x in values], dtype=bool), 0.0, null, level)
        if kind == "date":
            return Col("date", np.asarray([0 if x is None else ymd(x) for x in values], dtype=np.int64), 0.0,
                       null, level)
        vocab = self.vocab
        codes = [vocab.get(x, -2) if x is not None else -1 for x in values]
        if -2 in codes:  # a text not seen before
            codes = [-1 if x is None else self.code(x) for x in values]
        return Col("text", np.asarray(codes, dtype=np.int64), 0.0, null, level)

    def constant(self, value: Any) -> Col:
        if isinstance(value, bool):
            return Col("bool", value)
        if isinstance(value, Decimal):
            f, e = exact_float(value)
            return Col("num", f, e, False, None, c.exact_constant(value))
        if isinstance(value, str):
            return Col("text", self.code(value))
        if isinstance(value, datetime.date):
            return Col("date", ymd(value))
        raise Unsupported(f"a constant {value!r}")

    def _kind(self, node: ast.Node) -> str:
        return str(self.types.get(id(node), t.UNKNOWN).kind)

    # -- compilation ----------------------------------------------------------------------

    def _is_constant(self, node: ast.Node) -> bool:
        for n in node.walk():
            if isinstance(n, ast.Aggregate) or (isinstance(n, ast.Call) and n.function == "age"):
                return False
            if isinstance(n, ast.Name) and n.dotted not in self.exact.params:
                return False
        return True

    def compile(self, node: ast.Node, level: Level) -> Fn:
        if self._is_constant(node):
            col = self.constant(self.exact.compile(node, level)(None))
            return lambda frame: col
        match node:
            case ast.Name():
                return self._name(node, level)
            case ast.Neg(operand=o):
                inner = self.compile(o, level)

                def neg(frame: Frame) -> Col:
                    a = inner(frame)
                    frame.flag(a.null, a.level)  # (the exact evaluator says which value is missing)
                    q = c.Exact(-a.q.n, a.q.d, a.q.ok, rounded=a.q.rounded) if a.q is not None else None
                    return Col("num", -a.v, a.e, a.null, a.level, q)
                return neg
            case ast.Arith():
                return self._arith(node, level)
            case ast.Compare(op=op, left=left, right=right):
                fa, fb = self.compile(left, level), self.compile(right, level)

                def comparison(frame: Frame) -> Col:
                    a, b = fa(frame), fb(frame)
                    lv = c.level_of(a, b)
                    if lv is not None:
                        a, b = frame.at(a, lv), frame.at(b, lv)
                    verdict, flag = c.compare(op, a, b)
                    frame.flag(flag, lv)
                    return Col("bool", verdict, 0.0, False, lv)
                return comparison
            case ast.InRange(value=v, low=lo, high=hi, low_closed=lc, high_closed=hc):
                fv, flo, fhi = self.compile(v, level), self.compile(lo, level), self.compile(hi, level)

                def in_range(frame: Frame) -> Col:
                    x, a, b = fv(frame), flo(frame), fhi(frame)
                    lv = c.level_of(x, a, b)
                    if lv is not None:
                        x, a, b = frame.at(x, lv), frame.at(a, lv), frame.at(b, lv)
                    low, f1 = c.compare("<=" if lc else "<", a, x)
                    high, f2 = c.compare("<=" if hc else "<", x, b)
                    frame.flag(f1 | f2, lv)
                    return Col("bool", low & high & ~c.any_null(x, a, b), 0.0, False, lv)
                return in_range
            case ast.InSet(value=v, items=items, negated=negated):
                return self._in_set(self.compile(v, level), [self.compile(i, level) for i in items], negated)
            case ast.Not(operand=o):
                inner = self.compile(o, level)

                def not_(frame: Frame) -> Col:
                    a = inner(frame)
                    return Col("bool", ~c.truthy(a), 0.0, False, a.level)
                return not_
            case ast.And(left=left, right=right) | ast.Or(left=left, right=right):
                return self._logic(isinstance(node, ast.And), self.compile(left, level), self.compile(right, level))
            case ast.IfThenElse(condition=cond, then=yes, otherwise=no):
                return self._if(self.compile(cond, level), self.compile(yes, level), self.compile(no, level))
            case ast.Call():
                return self._call(node, level)
            case ast.Aggregate():
                return self._aggregate(node)
        raise Unsupported(type(node).__name__)

    def _name(self, node: ast.Name, level: Level) -> Fn:
        name = node.dotted
        p = self.policy
        if name == "today":
            return lambda frame: Col("date", frame.dates, 0.0, False, "household")
        head = name.partition(".")[0]
        if name in ("counted_income", "exempt_income", "rigid_expenses", "own_counted_income") or head in (
                "income", "expenses", "own_income", "own_expenses"):
            return lambda frame: frame.inputs[name]
        if f"household:{name}" in p.inputs:
            key = f"household:{name}"
            return lambda frame: frame.inputs[key]
        if f"member:{name}" in p.inputs:
            key = f"member:{name}"
            return lambda frame: frame.inputs[key]
        if name in p.definitions:
            def_level = p.definitions[name].level

            def definition(frame: Frame) -> Col:
                return frame.remember((def_level, name), lambda: self.definitions[name][1](frame))
            return definition
        category = p.category(name)
        if category is not None:
            return lambda frame: self.assigned(frame, category)
        raise Unsupported(f"the name {name}")

    def _arith(self, node: ast.Arith, level: Level) -> Fn:
        fa, fb = self.compile(node.left, level), self.compile(node.right, level)
        kinds = {self._kind(node.left), self._kind(node.right)}
        per_year = self._kind(node.left) == "amount" and self._kind(node.right) == "duration"
        op = node.op

        def arith(frame: Frame) -> Col:
            a, b = fa(frame), fb(frame)
            if a.kind != "num" or b.kind != "num":
                raise Unsupported("arithmetic on a value that is not a number")
            lv = c.level_of(a, b)
            if lv is not None:
                a, b = frame.at(a, lv), frame.at(b, lv)
            frame.flag(c.any_null(a, b), lv)  # the exact evaluator stops there (E002)
            if op in "+-":
                return c.add(a, b, 1.0 if op == "+" else -1.0)
            if op == "*":
                product = c.multiply(a, b)
                return c.scale(product, 12, divide=True) if kinds == {"rate", "duration"} else product
            if per_year:
                a = c.scale(a, 12)
            quotient, unsure = c.divide(a, b)
            frame.flag(unsure, lv)  # division by zero (E001), or a divisor too uncertain
            return quotient
        return arith

    def _in_set(self, fv: Fn, items: list[Fn], negated: bool) -> Fn:
        def in_set(frame: Frame) -> Col:
            x, cols = fv(frame), [fi(frame) for fi in items]
            lv = c.level_of(x, *cols)
            if lv is not None:
                x, cols = frame.at(x, lv), [frame.at(item, lv) for item in cols]
            found: Any = False
            for item in cols:
                verdict, flag = c.compare("==", x, item)
                frame.flag(flag, lv)
                found = found | verdict
            found = ~found if negated else found
            return Col("bool", found if c.never(x.null) else found & ~x.null, 0.0, False, lv)
        return in_set

    def _logic(self, is_and: bool, fa: Fn, fb: Fn) -> Fn:
        def logic(frame: Frame) -> Col:
            a = fa(frame)
            frame.collect()
            b = fb(frame)
            sink = frame.gathered()
            lv = c.level_of(a, b)
            if lv is not None:
                a, b = frame.at(a, lv), frame.at(b, lv)
            ta, tb = c.truthy(a), c.truthy(b)
            frame.emit(sink, ta if is_and else ~ta, lv)  # `b` is computed only when `a` does not decide
            no_nulls = c.any_null(a, b)
            if isinstance(no_nulls, np.bool_) and not no_nulls:
                return Col("bool", (ta & tb) if is_and else (ta | tb), 0.0, False, lv)
            # (as boolean algebra: `np.where` on yes/no columns is many times slower)
            if is_and:  # Python's `a and b`: a when a is falsy, else b
                return Col("bool", ta & tb, 0.0, (ta & b.null) | (~ta & a.null), lv)
            return Col("bool", ta | tb, 0.0, ~ta & b.null, lv)
        return logic

    def _if(self, fc: Fn, fy: Fn, fn: Fn) -> Fn:
        def if_(frame: Frame) -> Col:
            cond = fc(frame)
            frame.collect()
            yes = fy(frame)
            yes_flags = frame.gathered()
            frame.collect()
            no = fn(frame)
            no_flags = frame.gathered()
            if yes.kind != no.kind:
                raise Unsupported("branches of different kinds")
            lv = c.level_of(cond, yes, no)
            if lv is not None:
                cond, yes, no = frame.at(cond, lv), frame.at(yes, lv), frame.at(no, lv)
            pick = c.truthy(cond)
            frame.emit(yes_flags, pick, lv)
            frame.emit(no_flags, ~pick, lv)
            if np.ndim(pick) == 0:  # a condition the same in every row (`if 0 < 1 then …`): its branch as it is
                return yes if pick else no
            q = None
            if yes.q is not None and no.q is not None:
                q = c.Exact(np.where(pick, yes.q.n, no.q.n), np.where(pick, yes.q.d, no.q.d),
                            np.where(pick, yes.q.ok, no.q.ok), rounded=c.picked(pick, yes.q.rounded, no.q.rounded))
            return Col(yes.kind, np.where(pick, yes.v, no.v), np.where(pick, yes.e, no.e),
                       np.where(pick, yes.null, no.null), lv, q)
        return if_

    def _call(self, node: ast.Call, level: Level) -> Fn:
        args = [self.compile(a, level) for a in node.args]
        name = node.function

        def call(frame: Frame) -> Col:
            cols = [f(frame) for f in args]
            lv = c.level_of(*cols)
            if lv is not None:
                cols = [frame.at(x, lv) for x in cols]
            frame.flag(c.any_null(*cols), lv)  # a null argument stops the exact evaluator (E002)
            a = cols[0]
            if name == "age":
                level = lv or "household"
                dates = frame.dates
                if len(dates) and bool(np.all(dates == dates[0])):  # one evaluation date: no per-row copy
                    on: Any = dates[0]
                else:
                    on = frame.at(Col("date", dates, 0.0, False, "household"), level).v
                # whole years between two YYYYMMDD numbers, a whole difference below 10**8: × 1e-4 (a double a
                # little above 0.0001) puts k·10000 + r, 0 <= r < 10000, at or above k and below k + 1 after
                # rounding, so its floor is k exactly, as dividing by 10,000 would, in a third of the time
                years = np.subtract(on, a.v, dtype=np.float64)
                years *= 1e-4
                np.floor(years, out=years)
                exact = c.Exact(years.astype(np.int64), np.int64(1), np.bool_(True), 10_000.0, 1.0)
                return Col("num", years, 0.0, a.null, level, exact)
            if name in ("min", "max"):
                if any(x.kind != "num" for x in cols):
                    raise Unsupported(f"{name} of values that are not numbers")
                pick = np.minimum if name == "min" else np.maximum
                v, e, q = cols[0].v, cols[0].e, cols[0].q
                for x in cols[1:]:
                    if q is not None and x.q is not None:
                        first, ok = c.q_compare("<=" if name == "min" else ">=", q, x.q)
                        keep = np.where(ok, first, np.asarray(v) == pick(v, x.v))
                        q = c.Exact(np.where(keep, q.n, x.q.n), np.where(keep, q.d, x.q.d), ok & q.ok & x.q.ok,
                                    rounded=c.picked(keep, q.rounded, x.q.rounded))
                    else:
                        q = None
                    v, e = pick(v, x.v), np.maximum(e, x.e)
                return Col("num", v, e, c.any_null(*cols), lv, q)
            if name == "abs":
                q_abs = c.Exact(np.abs(a.q.n), a.q.d, a.q.ok, rounded=a.q.rounded) if a.q is not None else None
                return Col("num", np.abs(a.v), a.e, a.null, lv, q_abs)
            places = int(node.args[1].value) if name == "round" and len(node.args) == 2 else 0  # type: ignore[attr-defined]
            result, flag = c.rounding(a, name, places)
            frame.flag(flag, lv)
            return result
        return call

    def _aggregate(self, node: ast.Aggregate) -> Fn:
        where = self.compile(node.where, "member") if node.where is not None else None
        value = self.compile(node.value, "member") if node.value is not None else None
        fn = node.function

        def aggregate(frame: Frame) -> Col:
            if where is None and fn == "count":
                sizes = frame.sizes
                return Col("num", sizes.astype(float), 0.0, False, "household",
                           c.Exact(sizes, np.int64(1), np.bool_(True), float(sizes.max(initial=0)), 1.0))
            chosen = c.truthy(frame.at(where(frame), "member")) if where is not None else np.ones(frame.members, bool)
            chosen = np.broadcast_to(chosen, (frame.members,))
            if fn == "any" and value is None:
                # the few chosen members scattered to their households: cheaper than a count by household
                return Col("bool", _scatter(frame.member_hh, chosen, frame.size), 0.0, False, "household")
            if where is None and fn == "sum" and value is not None:
                return self._sum_all(frame, value)
            count = np.bincount(frame.member_hh, weights=chosen, minlength=frame.size)
            if fn == "count":
                return Col("num", count, 0.0, False, "household", whole(count))
            assert value is not None
            frame.collect()
            x = frame.at(value(frame), "member")
            frame.emit(frame.gathered(), chosen, "member")  # the value is computed for chosen members only
            if fn in ("any", "all"):
                hits = chosen & (c.truthy(x) if fn == "any" else ~c.truthy(x))
                found = np.bincount(frame.member_hh, weights=np.broadcast_to(hits, (frame.members,)),
                                    minlength=frame.size) > 0
                return Col("bool", found if fn == "any" else ~found, 0.0, False, "household")
            if x.kind not in ("num", "date") or (fn == "sum" and x.kind != "num"):
                raise Unsupported(f"{fn} over values that are not numbers")
            v = np.broadcast_to(np.asarray(x.v, dtype=float if x.kind == "num" else np.int64), (frame.members,))
            e = np.broadcast_to(np.asarray(x.e, dtype=float), (frame.members,))
            null = np.broadcast_to(np.asarray(x.null, dtype=bool), (frame.members,))
            if fn == "sum":
                frame.flag(np.bincount(frame.member_hh, weights=chosen & null, minlength=frame.size) > 0,
                           "household")
                total = np.bincount(frame.member_hh, weights=np.where(chosen, v, 0.0), minlength=frame.size)
                spread = np.bincount(frame.member_hh, weights=np.where(chosen, np.abs(v), 0.0), minlength=frame.size)
                err = np.bincount(frame.member_hh, weights=np.where(chosen, e, 0.0), minlength=frame.size)
                return Col("num", total + 0.0, err + spread * c.U * (count + 1), False, "household",
                           self._exact_sum(frame, x, chosen))
            usable = chosen & ~null
            frame.flag(np.bincount(frame.member_hh, weights=usable, minlength=frame.size) == 0, "household")
            if x.kind == "num":
                fill = np.inf if fn == "min" else -np.inf
                picked = np.where(usable, v, fill)
                result = (np.minimum if fn == "min" else np.maximum).reduceat(picked, frame.starts)
                err = np.maximum.reduceat(np.where(usable, e, 0.0), frame.starts)
                return Col("num", np.where(np.isfinite(result), result, 0.0), err, False, "household")
            fill_i = np.iinfo(np.int64).max if fn == "min" else -1
            picked_i = np.where(usable, v, fill_i)
            result_i = (np.minimum if fn == "min" else np.maximum).reduceat(picked_i, frame.starts)
            return Col("date", result_i, 0.0, False, "household")
        return aggregate

    def _sum_all(self, frame: Frame, value: Fn) -> Col:
        """`sum(members, …)` over every member (`sum(members, own_counted_income)`), the sum of the aggregate
        above without its selection: each lane summed straight, no count, no null pass for a value never null."""
        x = frame.at(value(frame), "member")
        if x.kind != "num":
            raise Unsupported("sum over values that are not numbers")
        members, hh, size = frame.members, frame.member_hh, frame.size
        if np.ndim(x.null) or x.null:
            frame.flag(np.bincount(hh, weights=np.broadcast_to(x.null, (members,)), minlength=size) > 0, "household")
        if x.q is not None and x.q.whole and np.ndim(x.q.d) == 0 and x.q.peak_n * members < c.LIMIT:
            return self._sum_exactly(frame, x.q)
        v = np.broadcast_to(np.asarray(x.v, dtype=float), (members,))
        total = np.bincount(hh, weights=v, minlength=size)
        spread = np.bincount(hh, weights=np.abs(v), minlength=size)
        err = np.bincount(hh, weights=np.broadcast_to(np.asarray(x.e, dtype=float), (members,)), minlength=size)
        exact = None
        if x.q is not None and np.ndim(x.q.d) == 0:
            n = np.broadcast_to(x.q.n, (members,)).astype(float)
            exact_total = np.bincount(hh, weights=n, minlength=size)
            exact_spread = np.bincount(hh, weights=np.abs(n), minlength=size)
            ok = exact_spread < 2.0**52  # whole numbers below 2**53 add exactly in float64
            if not x.q.whole:
                ok &= np.bincount(hh, weights=~np.broadcast_to(x.q.ok, (members,)), minlength=size) == 0
            exact = c.Exact(np.where(ok, exact_total, 0).astype(np.int64), x.q.d, ok,
                            rounded=_any_member(frame, x.q.rounded))
        return Col("num", total + 0.0, err + spread * c.U * (frame.sizes + 1), False, "household", exact)

    @staticmethod
    def _sum_exactly(frame: Frame, q: c.Exact) -> Col:
        """A sum over every member of values exact in one denominator (`own_counted_income`, in cents of
        the shares): each household's numerators summed in int64 — members are contiguous, so a running
        total read at the households' bounds, exact since no partial sum can reach `c.LIMIT` — and the
        float lane that total over its denominator (the nearest double while the numerator is below 2**53;
        its bound allows for converting a larger one too), computed only if read: one pass where the float
        lane summed took three."""
        running = np.zeros(frame.members + 1, dtype=np.int64)
        np.cumsum(np.broadcast_to(q.n, (frame.members,)), out=running[1:])
        n = running[frame.starts + frame.sizes] - running[frame.starts]
        exact = c.Exact(n, q.d, np.bool_(True), q.peak_n * float(frame.sizes.max(initial=0)), q.peak_d,
                        _any_member(frame, q.rounded))

        def lane() -> tuple[Any, Any]:
            v = n / q.d
            return v, np.abs(v) * (2 * c.U)
        return Col.deferred(lane, False, "household", exact)

    @staticmethod
    def _exact_sum(frame: Frame, x: Col, chosen: Any) -> c.Exact | None:
        """The exact lane of a sum over members whose values share one denominator (`own_counted_income`):
        so a total that cancels (`counted_income - sum(members, own_counted_income)`) is decided exactly."""
        if x.q is None or np.ndim(x.q.d) != 0:
            return None
        n = np.where(chosen, np.broadcast_to(x.q.n, (frame.members,)), 0).astype(float)
        total = np.bincount(frame.member_hh, weights=n, minlength=frame.size)
        spread = np.bincount(frame.member_hh, weights=np.abs(n), minlength=frame.size)
        lacking = np.bincount(frame.member_hh, weights=chosen & ~np.broadcast_to(x.q.ok, (frame.members,)),
                              minlength=frame.size) > 0
        ok = ~lacking & (spread < 2.0**52)  # whole numbers below 2**53 add exactly in float64
        return c.Exact(np.where(ok, total, 0).astype(np.int64), x.q.d, ok,
                       rounded=_any_member(frame, x.q.rounded, chosen))

    # -- categories and assistance -----------------------------------------------------------

    def assigned(self, frame: Frame, category: Category) -> Col:
        return frame.remember(("category", category.id), lambda: self._assigned(frame, category))

    def _assigned(self, frame: Frame, category: Category) -> Col:
        verdicts = [c.truthy(frame.at(f(frame), category.level)) for f in self.clauses[category.id]]
        size = frame.size if category.level == "household" else frame.members
        holds = np.ones(size, bool) if category.match == "all" else np.zeros(size, bool)
        for v in verdicts:
            holds = (holds & v) if category.match == "all" else (holds | v)
        if category.group is not None:
            for earlier in self.exact.groups[category.group]:
                if earlier.id == category.id:
                    break
                if earlier.level != category.level:
                    raise Unsupported("a group mixing household and member categories")
                holds = holds & ~self.assigned(frame, earlier).v
        return Col("bool", np.broadcast_to(holds, (size,)).copy(), 0.0, False, category.level)

    def grants(self, frame: Frame, measure: Measure) -> tuple[Any, Any, Col]:
        """Per row of the measure's level: granted?, the option chosen (就高不就低), and its amount."""
        size = frame.size if measure.level == "household" else frame.members

        def full(x: Any, dtype: Any) -> Any:
            return np.broadcast_to(np.asarray(x, dtype=dtype), (size,))

        granted = np.zeros(size, bool)
        best = np.full(size, -1, dtype=np.int64)
        amount, err, null = np.zeros(size), np.zeros(size), np.ones(size, bool)
        qn, qd, qok, qr = np.zeros(size, np.int64), np.ones(size, np.int64), np.ones(size, bool), np.zeros(size, bool)
        for k, option in enumerate(measure.options):
            fw, fa, is_rate = self.options[(measure.id, option.id)]
            applies = full(c.truthy(frame.at(fw(frame), measure.level)), bool)
            if not applies.any():
                continue
            if fa is not None:
                frame.collect()
                col = frame.at(fa(frame), measure.level)
                frame.emit(frame.gathered(), applies, measure.level)  # the amount is computed where it applies
                if col.kind != "num":
                    raise Unsupported("an assistance amount that is not a number")
                if measure.per == "month" and is_rate:
                    col = c.scale(col, 12, divide=True)
                value, value_e, value_null = full(col.v, float), full(col.e, float), full(col.null, bool)
                q = col.q if col.q is not None else c.Exact(0, 1, False)
                vn, vd, vok = full(q.n, np.int64), full(q.d, np.int64), full(q.ok, bool)
                vr = full(c.marks(q.rounded), bool)
            else:
                value, value_e, value_null = np.zeros(size), np.zeros(size), np.ones(size, bool)
                vn, vd, vok, vr = (np.zeros(size, np.int64), np.ones(size, np.int64), np.ones(size, bool),
                                   np.zeros(size, bool))
            take = applies & ~granted
            contest = np.flatnonzero(applies & granted)  # rows where an earlier option applies too: the higher wins
            if len(contest):
                r = contest
                exact_higher, exact = c.q_compare(">", c.Exact(vn[r], vd[r], vok[r], rounded=vr[r]),
                                                  c.Exact(qn[r], qd[r], qok[r], rounded=qr[r]))
                higher = ~value_null[r] & (null[r] | np.where(exact, exact_higher, value[r] > amount[r]))
                inexact = ((value_e[r] + err[r]) > 0) & ~exact
                close = ~value_null[r] & ~null[r] & inexact & (np.abs(value[r] - amount[r]) <= c.K * (
                    value_e[r] + err[r]) + c.REL * np.maximum(1.0, np.abs(amount[r])))
                frame.flag(_scatter(r, close, size), measure.level)
                take[r[higher]] = True
            for mine, theirs in ((best, k), (amount, value), (err, value_e), (null, value_null), (qn, vn), (qd, vd),
                                 (qok, vok), (qr, vr)):
                np.copyto(mine, theirs, where=take)
            granted |= applies
        return granted, best, Col("num", amount, err, null, measure.level, c.Exact(qn, qd, qok, rounded=qr))

    # -- the outcomes -------------------------------------------------------------------------

    def outcomes(self, frame: Frame) -> Outcomes:
        """Everything a decision shows, as arrays over the frame, with every row that must be checked flagged."""
        policy = self.policy
        household_level = [cat for cat in policy.categories if cat.level == "household"]
        member_level = [cat for cat in policy.categories if cat.level == "member"]

        def matrix(categories: list[Category], size: int) -> Any:
            if not categories:
                return np.zeros((size, 0), dtype=bool)
            return np.column_stack([self.assigned(frame, cat).v for cat in categories])

        held = matrix(household_level, frame.size)
        member_held = matrix(member_level, frame.members)
        values = [self._shown(frame, name) for name in self.value_names]
        grants = []
        for measure in policy.assistance:
            granted, best, chosen = self.grants(frame, measure)
            rows = np.flatnonzero(granted)
            assert chosen.q is not None
            null = chosen.null[rows]
            cents, flag = c.money_cents(chosen.v[rows], chosen.e[rows],
                                        c.Exact(chosen.q.n[rows], chosen.q.d[rows], chosen.q.ok[rows],
                                                rounded=c.marks(chosen.q.rounded)[rows]))
            frame.flag(_scatter(rows, flag & ~null, len(granted)), measure.level)
            grants.append(Grants(measure, rows, best[rows], cents, null))
        return Outcomes([cat.id for cat in household_level], held, [cat.id for cat in member_level], member_held,
                        values, grants, frame.household_flags())

    def _shown(self, frame: Frame, name: str) -> Shown:
        kind = self.value_kinds[name]
        col = frame.inputs[name] if name in ("counted_income", "exempt_income", "rigid_expenses") else \
            self._name(ast.Name((name,)), "household")(frame)
        col = frame.at(col, "household") if col.level is not None else col
        n = frame.size
        null = np.broadcast_to(np.asarray(col.null, bool), (n,))
        if col.kind == "bool":
            return Shown(name, "bool", np.broadcast_to(col.v, (n,)), null)
        if col.kind == "num":
            v = np.broadcast_to(np.asarray(col.v, float), (n,))
            e = np.broadcast_to(np.asarray(col.e, float), (n,))
            q = None
            if col.q is not None:
                n_, d_, ok_ = (np.broadcast_to(np.asarray(x), (n,)) for x in (col.q.n, col.q.d, col.q.ok))
                q = c.Exact(n_, d_, ok_, rounded=col.q.rounded)  # (a household value's marks: one per household)
            if kind in ("amount", "rate"):
                cents, flag = c.money_cents(v, e, q)
                frame.flag(flag & ~null, "household")
                return Shown(name, "money", cents, null)
            texts, flag = c.number_strings(v, e, q)
            frame.flag(flag & ~null, "household")
            return Shown(name, "text", texts, null)
        if col.kind == "date":
            return Shown(name, "text", c.date_strings(np.broadcast_to(col.v, (n,))), null)
        words = {code: text for text, code in self.vocab.items()}
        return Shown(name, "text", [words.get(x, "") for x in np.broadcast_to(col.v, (n,)).tolist()], null)

    def decide(self, frame: Frame, ids: Sequence[str], days: Sequence[datetime.date]) -> list[dict[str, Any] | None]:
        """The decision dictionaries of a frame's households; None where the exact evaluator must decide."""
        from engine.batch.decisions import as_dicts

        return as_dicts(self.policy, frame, self.outcomes(frame), ids, days)


@dataclass(frozen=True)
class Shown:
    """A household value as a decision shows it: `money` (signed cents), `bool`, or `text` (strings)."""

    name: str
    kind: str
    data: Any
    null: Any  # bool per household


@dataclass(frozen=True)
class Grants:
    """One measure's grants: the rows (at the measure's level) granted, the option chosen, the amount."""

    measure: Measure
    rows: Any  # int64, ascending
    option: Any  # index into measure.options
    cents: Any  # int64, signed
    null: Any  # bool: no amount


@dataclass(frozen=True)
class Outcomes:
    """What each household of a frame gets; rows of `flagged` are left to the exact evaluator."""

    household_categories: list[str]
    held: Any  # bool, households × household_categories
    member_categories: list[str]
    member_held: Any  # bool, members × member_categories
    values: list[Shown]
    grants: list[Grants]
    flagged: Any  # bool per household


def _any_member(frame: Frame, rounded: Any, chosen: Any = None) -> Any:
    """Per household, whether any of its (chosen) members' values is carried rounded (`engine.batch.columns.Exact`)."""
    if isinstance(rounded, bool | np.bool_) and not rounded:
        return False

    def households(rows: Any) -> Any:
        if rows is None:
            marks = np.broadcast_to(np.asarray(c.marks(rounded), dtype=bool), (frame.members,))
            if chosen is not None:
                marks = marks & chosen
            return np.bincount(frame.member_hh, weights=marks, minlength=frame.size) > 0
        members = member_rows_of(np.append(frame.starts, frame.members), rows)  # household by household
        marks = np.asarray(c.marks(rounded, members), dtype=bool)
        if chosen is not None:
            marks = marks & np.broadcast_to(chosen, (frame.members,))[members]
        owners = np.repeat(np.arange(len(rows)), frame.sizes[rows])
        return np.bincount(owners, weights=marks, minlength=len(rows)) > 0
    return c.Later(households)


def _scatter(rows: Any, flag: Any, size: int) -> Any:
    """Whether any flagged row falls in each of `size` slots (`rows` holds each row's slot)."""
    out = np.zeros(size, bool)
    out[rows[flag]] = True
    return out


_programs: dict[int, FastProgram | Unsupported] = {}
_policies: dict[int, Policy] = {}


def fast_program(policy: Policy) -> FastProgram:
    """The compiled program of a policy; raises `Unsupported` when the policy cannot be compiled."""
    key = id(policy)
    if _policies.get(key) is not policy:
        try:
            _programs[key] = FastProgram(policy)
        except Unsupported as error:
            _programs[key] = error
        _policies[key] = policy
    program = _programs[key]
    if isinstance(program, Unsupported):
        raise program
    return program


_STRICT = False  # (tests set it: a failure of the program is raised instead of left to the exact evaluator)


def decide_fast(pending: Sequence[Pending]) -> dict[int, dict[str, Any]]:
    """position → decision for every household the fast engine can vouch for (the rest: absent)."""
    by_policy: dict[int, list[Pending]] = {}
    for p in pending:
        by_policy.setdefault(id(p.policy), []).append(p)
    out: dict[int, dict[str, Any]] = {}
    with np.errstate(all="ignore"):
        for group in by_policy.values():
            try:
                program = fast_program(group[0].policy)
                frame = Frame(program, [p.household for p in group], [p.day for p in group])
                decisions = program.decide(frame, [p.household.id for p in group], [p.day for p in group])
            except Unsupported:
                continue
            except Exception:  # an engine bug: the exact evaluator decides these households, none is lost
                if _STRICT:
                    raise
                continue
            for p, decision in zip(group, decisions, strict=True):
                if decision is not None:
                    out[p.position] = decision
    return out

