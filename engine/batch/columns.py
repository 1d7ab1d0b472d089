"""Columns of values with a proven error bound: the arithmetic of the fast engine.

Input: numpy arrays (one entry per household or per member) or constants. Output:
`Col` values combined by the rule language's operators, and guards that say, row by
row, where floating point cannot be trusted to give the exact evaluator's answer.
Invariants: every numeric column carries `e`, a bound on |exact value − float value|
that each operation propagates (running error analysis, unit roundoff doubled for
margin); a comparison, a rounding or a display whose outcome could change within
that bound is *flagged*, and a flagged row is decided by the exact evaluator
instead. An operand whose bound is zero is exact, and its comparison is decided
exactly (`vehicles == 0`, a count against a count).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

U = 2.0**-52  # twice the unit roundoff of float64
K = 4.0  # a comparison is trusted only when its margin exceeds K times the error bound
REL = 1e-7  # and, for inexact operands, also this share of the magnitude
BIG = 2.0**50  # beyond this, integers and cents are no longer exact in float64

Kind = Literal["num", "bool", "text", "date"]
Array = Any  # a numpy array or a scalar
LIMIT = 2.0**60  # numerators and denominators of the exact lane stay well inside int64


@dataclass
class Exact:
    """The exact lane of a numeric column: the value is n / d (int64, d > 0) wherever `ok` holds.

    `peak_n`, `peak_d` bound |n| and d over the column, so an operation can tell at once that no
    product overflows (measured when not given); `whole` says every row is exact. The fraction
    need not be in lowest terms: operations reduce it only when its bounds grow large. `rounded`
    (False, or a yes/no per row) marks the rows whose value the exact evaluator's Decimal arithmetic
    carries rounded (`nonterminating`): there a tie of the fraction is left to it."""

    n: Array
    d: Array
    ok: Array
    peak_n: float = -1.0
    peak_d: float = -1.0
    whole: bool = field(init=False)
    # the rows where a quotient of no finite decimal expansion (a third) went into the value: see `nonterminating`
    rounded: Array = False

    def __post_init__(self) -> None:
        if self.peak_n < 0:
            n = np.asarray(self.n)
            self.peak_n = float(np.max(np.abs(n))) if n.size else 0.0
        if self.peak_d < 0:
            d = np.asarray(self.d)
            self.peak_d = float(np.max(d)) if d.size else 1.0
        self.whole = bool(np.all(self.ok))


class Col:
    """A column (or a constant, `level` None): values, error bound, where it is null, and its exact lane.

    The float lane (`v`, `e`) of a numeric column may be *deferred*: given as a function that computes
    both, called the first time either is read. Where the exact lane holds in every row the comparisons
    read only it, so a value whose float lane nothing reads (`shared_income_per_head` on its way to a
    threshold) never computes one; where something does read it (a display, a row the exact lane lacks),
    it is the same arrays the operation would have computed at once."""

    __slots__ = ("_e", "_lane", "_v", "kind", "level", "null", "q")

    def __init__(self, kind: Kind, v: Array, e: Array = 0.0, null: Array = False, level: str | None = None,
                 q: Exact | None = None):
        self.kind, self._v, self._e, self.level, self.q = kind, v, e, level, q
        self._lane: Callable[[], tuple[Array, Array]] | None = None
        # `~False` is -1 in Python; numpy's booleans negate properly
        self.null: Array = np.bool_(null) if isinstance(null, bool) else null

    @classmethod
    def deferred(cls, lane: Callable[[], tuple[Array, Array]], null: Array, level: str | None, q: Exact) -> Col:
        """A number whose float lane `lane()` computes when first read (its exact lane `q` is at hand)."""
        col = cls("num", None, None, null, level, q)
        col._lane = lane
        return col

    @property
    def v(self) -> Array:
        if self._lane is not None:
            self._settle()
        return self._v

    @property
    def e(self) -> Array:
        if self._lane is not None:
            self._settle()
        return self._e

    def _settle(self) -> None:
        assert self._lane is not None
        self._v, self._e = self._lane()
        self._lane = None  # (and what it held on to goes with it)

    def __repr__(self) -> str:
        lane = "deferred" if self._lane is not None else f"v={self._v!r}, e={self._e!r}"
        return f"Col({self.kind}, {lane}, null={self.null!r}, level={self.level!r}, q={self.q!r})"


class Unsupported(Exception):
    """A construct the fast engine does not compile; the policy then runs on the exact evaluator."""


def level_of(*cols: Col) -> str | None:
    levels = {c.level for c in cols if c.level is not None}
    if len(levels) > 1:
        return "member"
    return levels.pop() if levels else None


def truthy(c: Col) -> Array:
    """Python truthiness of a yes/no column: null is false."""
    if c.kind != "bool":
        raise Unsupported("a yes/no value was expected")
    if never(c.null):
        return c.v
    return c.v & ~c.null


def sparse_null(null: Array) -> Array:
    """An input column's nulls: plain False when it has none, which spares every operation a pass."""
    return null if np.any(null) else np.bool_(False)


def never(null: Array) -> bool:
    """Whether a column of nulls is the plain False of a column without any."""
    return isinstance(null, np.bool_ | bool) and not null


def any_null(*cols: Col) -> Array:
    out: Array = np.bool_(False)
    for c in cols:
        if not never(c.null):
            out = c.null if never(out) else out | c.null
    return out


# -- arithmetic with error bounds -------------------------------------------------------


def add(a: Col, b: Col, sign: float) -> Col:
    null, level = any_null(a, b), level_of(a, b)
    if a.q is not None and b.q is not None:
        q, aq = q_add(a.q, b.q, int(sign)), a.q

        def lane() -> tuple[Array, Array]:
            v = _cancelled_to_zero(a.v + b.v if sign > 0 else a.v - b.v, q, aq)
            return v, a.e + b.e + np.abs(v) * U
        return Col.deferred(lane, null, level, q)
    v = a.v + b.v if sign > 0 else a.v - b.v
    return Col("num", v, a.e + b.e + np.abs(v) * U, null, level)


def _cancelled_to_zero(v: Array, q: Exact, a: Exact) -> Array:
    """Two equal non-zero values cancel to +0, as Decimal has it, where the float lane, summed in another
    order (`counted_income - sum(members, own_counted_income)`), may miss zero by a rounding. (Where the
    exact sum is zero and one operand is not, neither is the other.)"""
    if np.ndim(q.n) == 0 or np.ndim(v) == 0:
        return np.where(q.ok & (q.n == 0) & (a.n != 0), 0.0, v)
    zero = q.n == 0  # a mask, not the rows' indices: a tenth of the members may sum to zero
    zero &= a.n != 0
    zero &= q.ok
    np.putmask(v, zero, 0.0)  # (`v` is the sum's own new array)
    return v


def multiply(a: Col, b: Col) -> Col:
    def lane() -> tuple[Array, Array]:
        v = a.v * b.v
        return v, np.abs(a.v) * b.e + np.abs(b.v) * a.e + a.e * b.e + np.abs(v) * U
    null, level = any_null(a, b), level_of(a, b)
    if a.q is not None and b.q is not None:
        return Col.deferred(lane, null, level, q_mul(a.q, b.q))
    return Col("num", *lane(), null, level)


def scale(a: Col, factor: int, divide: bool = False) -> Col:
    """a × factor or a / factor, for an exact whole factor such as 12."""
    def lane() -> tuple[Array, Array]:
        v = a.v / factor if divide else a.v * factor
        return v, (a.e / factor if divide else a.e * factor) + np.abs(v) * U
    if a.q is not None:  # (a division as the exact evaluator divides, by `factor`)
        q = q_div(a.q, Exact(factor, 1, True)) if divide else q_mul(a.q, Exact(factor, 1, True))
        return Col.deferred(lane, a.null, a.level, q)
    return Col("num", *lane(), a.null, a.level)


def divide(a: Col, b: Col) -> tuple[Col, Array]:
    """(a / b, rows to flag): flagged where b is zero (E001); where the float quotient cannot be
    bounded, flagged unless the exact lane has it. Where the exact lane has the quotient, the float
    lane is its nearest double: dividing the floats would carry the operands' error (all of it where
    a difference cancelled), which a later operation the exact lane cannot follow would need."""
    q = q_div(a.q, b.q) if a.q is not None and b.q is not None else None
    if q is not None and q.whole:  # b exact and never zero in every row: nothing unsure
        return Col.deferred(lambda: _exact_quotient(q), any_null(a, b), level_of(a, b), q), np.bool_(False)
    absb = np.abs(b.v)
    unsure = absb <= b.e * K
    safe_b = np.where(unsure, 1.0, b.v)
    v = a.v / safe_b
    denominator = np.where(unsure, 1.0, absb * (absb - b.e))
    e = (absb * a.e + np.abs(a.v) * b.e) / denominator + np.abs(v) * U
    zero = (b.v == 0) & (np.asarray(b.e) == 0)
    if q is not None and b.q is not None:
        unsure = (unsure & ~q.ok) | zero
        exact_v, exact_e = _exact_quotient(q)
        v, e = np.where(q.ok, exact_v, v), np.where(q.ok, exact_e, e)
    return Col("num", v, e, any_null(a, b), level_of(a, b), q), unsure | zero


def _exact_quotient(q: Exact) -> tuple[Array, Array]:
    """The float lane of a quotient from its exact lane `q` (the rows where it holds): n / d, bound by
    2**-51 of its magnitude (three roundings, where n or d is beyond 2**53)."""
    v = np.asarray(q.n / q.d, dtype=float)
    return v, np.abs(v) * (2 * U)


def compare(op: str, a: Col, b: Col) -> tuple[Array, Array]:
    """(verdict, rows to flag) for a comparison, with the evaluator's rules for null."""
    nulls = any_null(a, b)
    if a.kind == "num" and a.q is not None and b.q is not None:
        verdict, ok = q_compare(op, a.q, b.q)
        flag: Array = np.bool_(False)
        if not (a.q.whole and b.q.whole and isinstance(ok, np.bool_)) and not np.all(ok | nulls):
            # the float lane for the rows the exact lane lacks (a null row is settled by the rule for null)
            float_verdict, flag = compare(op, Col("num", a.v, a.e, a.null), Col("num", b.v, b.e, b.null))
            return np.where(ok, verdict, float_verdict), flag & ~ok
        return _null_rule(op, verdict, a, b, nulls), flag
    if a.kind == "num":
        diff = a.v - b.v
        inexact = (a.e + b.e) > 0
        bound = K * (a.e + b.e) + np.where(inexact, REL * np.maximum(1.0, np.maximum(np.abs(a.v), np.abs(b.v))), 0)
        flag = (np.abs(diff) <= bound) & inexact & ~nulls
    else:
        if op not in ("==", "!=") and a.kind not in ("date",):
            raise Unsupported(f"`{op}` on {a.kind}")
        flag = False
    verdict = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
               "==": np.equal, "!=": np.not_equal}[op](a.v, b.v)
    return _null_rule(op, verdict, a, b, nulls), flag


def _null_rule(op: str, verdict: Array, a: Col, b: Col, nulls: Array) -> Array:
    """A comparison with a null is false, except `!=` between a null and a value."""
    if never(nulls):
        return verdict
    if op == "!=":
        return (nulls & (a.null ^ b.null)) | (~nulls & verdict)
    return verdict & ~nulls


def rounding(a: Col, how: str, places: int = 0) -> tuple[Col, Array]:
    """ceil, floor or round (half away from zero) — flagged wherever the float is near the boundary
    and the exact lane does not have the value."""
    result, flag = _float_rounding(a, how, places)
    if a.q is None:
        return result, flag
    q = q_round(a.q, how, places)
    exact_v = np.where(q.ok, q.n / np.where(q.ok, q.d, 1), result.v)
    # n / 10**places is the nearest double, or within 2**-51 of it for a numerator beyond 2**53; a whole
    # number below 2**50 is exact
    inexact = np.abs(exact_v) * (2 * U)
    e = np.where(q.ok, np.where(np.abs(exact_v) < BIG, 0.0, inexact) if not places else inexact, result.e)
    return Col("num", exact_v, e, a.null, a.level, q), (flag & ~q.ok) | a.null


def _float_rounding(a: Col, how: str, places: int) -> tuple[Col, Array]:
    factor = 10.0**places
    x = a.v * factor if places else a.v
    ex = a.e * factor + np.abs(x) * U if places else a.e
    if how == "round":
        ax = np.abs(x)
        frac = ax - np.floor(ax)
        flag = np.abs(frac - 0.5) <= K * ex + 1e-12 * np.maximum(1.0, ax)
        r = np.sign(x) * np.floor(ax + 0.5)
    else:
        frac = x - np.floor(x)
        flag = (np.minimum(frac, 1.0 - frac) <= K * ex) & (ex > 0)
        r = np.ceil(x) if how == "ceil" else np.floor(x)
    flag = flag | (np.abs(x) >= BIG)
    v = r / factor if places else r
    return Col("num", v, np.abs(v) * U if places else 0.0, a.null, a.level), flag | a.null


# -- display: the strings `engine.values.machine` would write ------------------------------


def money_strings(v: Array, e: Array, q: Exact | None = None) -> tuple[list[str], Array]:
    """Two-decimal strings (half up, as `engine.values.money`), and the rows that must be checked."""
    cents, flag = money_cents(v, e, q)
    return cents_text(cents), flag


def cents_text(cents: Array) -> list[str]:
    """Whole cents as `engine.values.money` writes them: `-12.05`, `0.00`, `3000.00`."""
    return [f"-{-n // 100}.{-n % 100:02d}" if n < 0 else f"{n // 100}.{n % 100:02d}" for n in cents.tolist()]


def money_cents(v: Array, e: Array, q: Exact | None = None) -> tuple[Array, Array]:
    """Signed whole cents (half up, as `engine.values.money`), and the rows that must be checked.

    The exact lane decides where it holds; elsewhere the float lane, flagged wherever the bound
    reaches a half cent or the value is too large (a zero is written without its sign: `engine.values.money`)."""
    shape = np.shape(v)
    if q is not None:
        cents, ok = q_cents(q)
        cents, ok = np.broadcast_to(cents, shape), np.broadcast_to(ok, shape)
        if ok.all():
            return np.asarray(cents, dtype=np.int64), np.zeros(shape, dtype=bool)
        rest = np.flatnonzero(~ok)
        rest_cents, rest_flag = money_cents(np.asarray(v)[rest], np.broadcast_to(e, shape)[rest])
        out = np.array(cents, dtype=np.int64)
        out[rest] = rest_cents
        out_flag = np.zeros(shape, dtype=bool)
        out_flag[rest] = rest_flag
        return out, out_flag
    c = np.asarray(v, dtype=float) * 100.0
    ec = np.asarray(e, dtype=float) * 100.0 + np.abs(c) * U
    ac = np.abs(c)
    frac = ac - np.floor(ac)
    flag = np.abs(frac - 0.5) <= K * ec + 1e-12 * np.maximum(1.0, ac)
    whole_cents = np.floor(ac + 0.5)
    flag |= (ac >= BIG) | ~np.isfinite(c)
    magnitude = np.where(flag, 0, whole_cents).astype(np.int64)
    return np.where(np.signbit(c), -magnitude, magnitude), flag


def number_strings(v: Array, e: Array, q: Exact | None = None) -> tuple[list[str], Array]:
    """Exact integers as `engine.values.plain_number` writes them; anything else is checked exactly."""
    if q is not None:
        q = lowest_terms(q)
        whole = q.ok & (q.d == 1) & ~np.asarray(marks(q.rounded))
        ok = np.broadcast_to(whole, np.shape(v))
        exact = [str(n) for n in np.broadcast_to(q.n, np.shape(v)).tolist()]
        if ok.all():
            return exact, np.zeros(np.shape(v), dtype=bool)
        texts, flag = number_strings(v, e)
        return [x if good else t for x, t, good in zip(exact, texts, ok.tolist(), strict=True)], flag & ~ok
    x = np.asarray(v, dtype=float)
    flag = (np.asarray(e) > 0) | (x != np.floor(x)) | (np.abs(x) >= BIG)
    flag = flag | ~np.isfinite(x)
    ints = np.where(flag, 0, x).astype(np.int64)
    return [str(n) for n in ints.tolist()], flag


def date_strings(v: Array) -> list[str]:
    return [f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}" for n in np.asarray(v).tolist()]


# -- the exact lane: rationals in int64, wherever they fit --------------------------------


def exact_constant(value: Any) -> Exact | None:
    from fractions import Fraction

    try:
        f = Fraction(value)
    except (TypeError, ValueError):
        return None
    if abs(f.numerator) >= LIMIT or f.denominator >= LIMIT:
        return None
    return Exact(f.numerator, f.denominator, True)


def _magnitude(x: Array) -> Array:
    return np.abs(np.asarray(x, dtype=float))


SMALL = 2.0**31  # fractions whose numerator and denominator stay below this are left unreduced


def _reduced(n: Array, d: Array, ok: Array, peak_n: float = LIMIT, peak_d: float = LIMIT,
             rounded: Array = False) -> Exact:
    """n / d where `ok` (0 / 1 elsewhere), in lowest terms unless the bounds `peak_n`, `peak_d` are small."""
    if not (isinstance(ok, np.bool_ | bool) and ok) and not np.all(ok):  # (an all-exact column is left as it is)
        n = np.where(ok, n, 0)
        d = np.where(ok, d, 1)
    if peak_n < SMALL and peak_d < SMALL:  # no overflow ahead for a while: the gcd can wait
        return Exact(n, d, np.asarray(ok, dtype=bool), peak_n, max(peak_d, 1.0), rounded)
    g = np.gcd(n, d)
    g = np.where(g == 0, 1, g)
    return Exact(n // g, d // g, np.asarray(ok, dtype=bool), rounded=rounded)


class Later:
    """Marks (`Exact.rounded`) computed when asked for, and only for the rows asked about: most columns are never
    asked (only a tie, a rounding on its boundary or a half fen asks, and about those rows), so their upkeep costs
    next to nothing. `compute(rows)` gives the marks of `rows` (indexes), or of every row for None."""

    __slots__ = ("compute", "every")

    def __init__(self, compute: Callable[[Array], Array]):
        self.compute = compute
        self.every: Array = None

    def __call__(self, rows: Array = None) -> Array:
        if rows is not None:
            return self.compute(rows) if self.every is None else self.every[rows]
        if self.every is None:
            self.every = self.compute(None)
        return self.every


def marks(m: Array, rows: Array = None) -> Array:
    """`Exact.rounded` as yes/no for `rows` (indexes; None: as False or yes/no per row, for every row)."""
    if isinstance(m, Later):
        return m(rows)
    if rows is None:
        return m
    return np.asarray(m)[rows] if np.ndim(m) else np.full(len(rows), bool(m))


def _none(m: Array) -> bool:
    return isinstance(m, bool | np.bool_) and not m


def _rows(x: Array, rows: Array) -> Array:
    """Some rows of an array, or a scalar as it is."""
    return x if rows is None or not np.ndim(x) else np.asarray(x)[rows]


def either(*ms: Array) -> Array:
    """The rows `rounded` in any of the operands (plain False when none can be)."""
    live = [m for m in ms if not _none(m)]
    if len(live) < 2:
        return live[0] if live else False

    def combined(rows: Array) -> Array:
        out = marks(live[0], rows)
        for m in live[1:]:
            out = out | marks(m, rows)
        return out
    return Later(combined)


def picked(where: Array, yes: Array, no: Array) -> Array:
    """The rows `rounded` of a choice between two values (`if`, `min`, `max`)."""
    if _none(yes) and _none(no):
        return False
    return Later(lambda rows: np.where(_rows(where, rows), marks(yes, rows), marks(no, rows)))


def taken(m: Array, index: Array) -> Array:
    """The marks of each row of `index` (each member, from its household's marks)."""
    if _none(m):
        return False
    return Later(lambda rows: marks(m, index if rows is None else index[rows]))


def odd_part(d: Array) -> Array:
    """What is left of whole numbers `d` once every factor 2 and 5 is divided out (0 stays 0)."""
    d = np.abs(np.asarray(d, dtype=np.int64))
    if d.ndim and d.size > 64 and int(d.max(initial=0)) < len(_ODD_PARTS):  # household sizes, counts: looked up
        return _ODD_PARTS[d]
    return _divided_out(d)


def _divided_out(d: Array) -> Array:
    d = d // np.where(d == 0, 1, d & -d)  # every factor 2 at once: the lowest set bit
    while True:
        fives = (d % 5 == 0) & (d != 0)
        if not fives.any():
            return d
        d = np.where(fives, d // 5, d)


_ODD_PARTS = _divided_out(np.arange(1 << 12, dtype=np.int64))


def nonterminating(n: Array, d: Array) -> Array:
    """Where n / d has no finite decimal expansion: its denominator in lowest terms keeps a factor other than 2 and
    5 (a third, a seventh). The exact evaluator's Decimal arithmetic carries such a quotient rounded to 60 digits,
    and what is computed from it (`(x / 3) * 3`) can fall a hair to either side of the fraction's value: not
    enough to change a comparison of two different values, but enough to decide a tie, a rounding on its
    boundary or a half fen otherwise. Those rows are left to the exact evaluator. False where nothing can be."""
    if not np.ndim(d) and odd_part(d) == 1:
        return False

    def at(rows: Array) -> Array:
        k = odd_part(_rows(d, rows))
        return np.asarray(_rows(n, rows) % np.where(k == 0, 1, k) != 0)
    return Later(at)


def lowest_terms(a: Exact) -> Exact:
    """The same fractions in lowest terms (a whole number then has denominator 1)."""
    return _reduced(a.n, a.d, a.ok, rounded=a.rounded)


def _safe(*products: tuple[float, float]) -> bool:
    return sum(x * y for x, y in products) < LIMIT


def q_add(a: Exact, b: Exact, sign: int) -> Exact:
    same = _over_one_denominator(a, b, sign)
    if same is not None:
        return same
    rounded = either(a.rounded, b.rounded)
    if _safe((a.peak_n, b.peak_d), (b.peak_n, a.peak_d)) and _safe((a.peak_d, b.peak_d)):
        return _reduced(a.n * b.d + sign * b.n * a.d, a.d * b.d, a.ok & b.ok,
                        a.peak_n * b.peak_d + b.peak_n * a.peak_d, a.peak_d * b.peak_d, rounded)
    ok = a.ok & b.ok & (_magnitude(a.n) * _magnitude(b.d) + _magnitude(b.n) * _magnitude(a.d) < LIMIT) & (
        _magnitude(a.d) * _magnitude(b.d) < LIMIT)
    an, ad, bn, bd = (np.where(ok, x, 0 if i % 2 == 0 else 1) for i, x in enumerate((a.n, a.d, b.n, b.d)))
    return _reduced(an * bd + sign * bn * ad, ad * bd, ok, rounded=rounded)


def _over_one_denominator(a: Exact, b: Exact, sign: int) -> Exact | None:
    """a ± b where one denominator is a multiple of the other in every row (amounts in cents of the
    shares, a share of them per head): the other numerator raised to it, so the denominators are not
    multiplied and the sum needs no reduction. None where the denominators are not so."""
    if np.ndim(a.d) == 0 and np.ndim(b.d) == 0:
        d: Array = np.int64(math.lcm(int(a.d), int(b.d)))
        ka, kb = d // a.d, d // b.d
        peak_n, peak_d = a.peak_n * float(ka) + b.peak_n * float(kb), float(d)
    elif np.ndim(b.d) == 0:
        d, ka, kb = a.d, np.int64(1), _multiple(a.d, b.d)
        peak_n, peak_d = a.peak_n + b.peak_n * a.peak_d / float(b.d), a.peak_d
    elif np.ndim(a.d) == 0:
        d, ka, kb = b.d, _multiple(b.d, a.d), np.int64(1)
        peak_n, peak_d = a.peak_n * b.peak_d / float(a.d) + b.peak_n, b.peak_d
    else:
        return None
    if ka is None or kb is None or peak_n >= LIMIT:
        return None
    an = a.n if _is_one(ka) else a.n * ka
    bn = b.n if _is_one(kb) else b.n * kb
    return _reduced(an + bn if sign > 0 else an - bn, d, a.ok & b.ok, peak_n, peak_d, either(a.rounded, b.rounded))


def _multiple(d: Array, of: Array) -> Array | None:
    """d / of, row by row, where every d is a whole multiple of the scalar `of`; else None."""
    k = d // of
    return k if np.array_equal(k * of, d) else None


def q_mul(a: Exact, b: Exact) -> Exact:
    rounded = either(a.rounded, b.rounded)
    if _safe((a.peak_n, b.peak_n)) and _safe((a.peak_d, b.peak_d)):
        return _reduced(a.n * b.n, a.d * b.d, a.ok & b.ok, a.peak_n * b.peak_n, a.peak_d * b.peak_d, rounded)
    ok = a.ok & b.ok & (_magnitude(a.n) * _magnitude(b.n) < LIMIT) & (_magnitude(a.d) * _magnitude(b.d) < LIMIT)
    an, ad, bn, bd = (np.where(ok, x, 0 if i % 2 == 0 else 1) for i, x in enumerate((a.n, a.d, b.n, b.d)))
    return _reduced(an * bn, ad * bd, ok, rounded=rounded)


def q_div(a: Exact, b: Exact) -> Exact:
    ok = a.ok & b.ok & (np.asarray(b.n) != 0)
    if _safe((a.peak_n, b.peak_d)) and _safe((a.peak_d, b.peak_n)):
        an, ad, bn, bd = a.n, a.d, b.n, b.d
        peaks = (a.peak_n * b.peak_d, a.peak_d * b.peak_n)
    else:
        ok = ok & (_magnitude(a.n) * _magnitude(b.d) < LIMIT) & (_magnitude(a.d) * _magnitude(b.n) < LIMIT)
        an, ad, bn, bd = (np.where(ok, x, 0 if i % 2 == 0 else 1) for i, x in enumerate((a.n, a.d, b.n, b.d)))
        peaks = (LIMIT, LIMIT)
    if _is_one(bd) and not np.any(np.asarray(bn) < 0):  # a divisor that is a count: no sign to move
        n, d = an, ad * bn
    else:
        sign = np.where(bn < 0, -1, 1)
        n, d = sign * an * bd, sign * ad * bn
    return _reduced(n, d, ok, *peaks, either(a.rounded, b.rounded, nonterminating(n, d)))


def q_compare(op: str, a: Exact, b: Exact) -> tuple[Array, Array]:
    compare_ = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
                "==": np.equal, "!=": np.not_equal}[op]
    if _safe((a.peak_n, b.peak_d)) and _safe((b.peak_n, a.peak_d)):
        left = a.n if _is_one(b.d) else a.n * b.d
        right = b.n if _is_one(a.d) else b.n * a.d
        ok = np.bool_(True) if a.whole and b.whole else a.ok & b.ok
    else:
        ok = a.ok & b.ok & (_magnitude(a.n) * _magnitude(b.d) < LIMIT) & (_magnitude(b.n) * _magnitude(a.d) < LIMIT)
        left = np.where(ok, a.n, 0) * np.where(ok, b.d, 1)
        right = np.where(ok, b.n, 0) * np.where(ok, a.d, 1)
    verdict = compare_(left, right)
    rounded = either(a.rounded, b.rounded)
    if _none(rounded):
        return verdict, ok
    # a tie where either value is carried rounded by the exact evaluator is left to it (zero is exact there too)
    tie = np.equal(left, right)
    tie &= left != 0
    if not tie.any():
        return verdict, ok
    return verdict, ok & ~_marked(rounded, tie)


def _is_one(d: Array) -> bool:
    return np.ndim(d) == 0 and d == 1


def q_round(a: Exact, how: str, places: int) -> Exact:
    factor = 10**places
    ok = a.ok & (_magnitude(a.n) * factor * 2 < LIMIT)
    n, d = np.where(ok, a.n, 0) * factor, np.where(ok, a.d, 1)
    if how == "floor":
        r = n // d
    elif how == "ceil":
        r = -((-n) // d)
    else:
        r = np.sign(n) * ((2 * np.abs(n) + d) // (2 * d))
    if not _none(a.rounded):  # a value carried rounded, on the boundary: the exact evaluator's
        boundary = (n % d == 0) if how != "round" else _half(n, d)
        ok = ok & ~_marked(a.rounded, np.broadcast_to(boundary & (n != 0), np.shape(ok)))
    return _reduced(r, np.full_like(np.asarray(r), factor), ok)


def _marked(rounded: Array, where: Array) -> Array:
    """The rows of `where` (yes/no per row) that are marked `rounded`, asking about those rows only."""
    where = np.asarray(where, dtype=bool)
    if not where.ndim:
        return where & np.asarray(marks(rounded), dtype=bool)
    rows = np.flatnonzero(where)
    out = np.zeros(where.shape, dtype=bool)
    if len(rows):
        out[rows] = marks(rounded, rows)
    return out


def _half(n: Array, d: Array) -> Array:
    """Where n / d is a whole number and a half."""
    twice = 2 * np.abs(n)
    return (twice % d == 0) & (twice // d % 2 == 1)


def q_cents(a: Exact) -> tuple[Array, Array]:
    """Cents, half away from zero, exactly (as Decimal's ROUND_HALF_UP)."""
    ok = np.asarray(a.ok & (_magnitude(a.n) * 200 < LIMIT), dtype=bool)
    n, d = np.where(ok, a.n, 0) * 100, np.where(ok, a.d, 1)
    cents = np.sign(n) * ((2 * np.abs(n) + d) // (2 * d))
    if not _none(a.rounded):  # half a fen, carried rounded: the exact evaluator's
        ok = ok & ~_marked(a.rounded, np.broadcast_to(_half(n, d), ok.shape))
    return np.broadcast_to(cents, ok.shape), ok
