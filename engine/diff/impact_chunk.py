"""One chunk of household records → its share of an impact, through the fast engine.

Input: records (or JSON Lines not parsed yet) in input order and the run's `Setup` (both
policies, the days to decide households on, the `Attribution`, the `Union` when there is one, the fields of
`--ignore-column`, taken out of each record first). Output: a
`ChunkImpact` — counts, bad records, transition counts in order of first occurrence, grant
amounts per measure in household order, the changed households with their causes, and the
warnings about what the households' data most likely got wrong.
Invariants: the result is what `ImpactRun.add` gives for the same records, one by one:
each household is decided on its day (`Days.of`); records are validated by `household_from`
(which accepts or refuses exactly as `validate_household`), once per household shape; one
frame of the union decides every household under both versions (else one frame per version); every household the fast
engine cannot vouch for, or granted a monthly payment that may stop within the year (whose months the fast engine does
not count), is evaluated by the exact evaluator, in the exact run's order (the
old version first); the monthly grants a day within the year starts are found for every household, as the exact run
finds them (`year_of_starts`); causes come from `engine.diff.impact_causes`, which drives the exact run's
own search.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from engine.batch.frame import member_rows_of
from engine.batch.ignored import without_ignored
from engine.diagnostics import Diagnostic
from engine.diff.hybrid_union import Union
from engine.diff.impact import (
    Attribution,
    BadRecord,
    Days,
    HouseholdChange,
    Line,
    Record,
    annual,
    combined,
    named_changes,
    parse_line,
)
from engine.diff.impact_causes import Subject, attribute, outcome_of, shape_key
from engine.diff.impact_frames import (
    AMOUNT_LIMIT,
    CategorySets,
    FastOutcomes,
    FrameRun,
    MeasureGrants,
    fast_outcomes,
    household_definitions,
    member_rows,
    outcomes_of,
    run_frame,
)
from engine.diff.warned import WarnedHousehold
from engine.evaluator import EvaluationError, HouseholdContext, evaluate, program_for
from engine.explain.coming_of_age import may_pay_part_of_year, may_start_within_year, year_of_starts
from engine.explain.phrases import static_for
from engine.export_words import Words, read_as_values
from engine.household import Household, HouseholdError, household_id
from engine.intake import household_from
from engine.jsonsource import JsonText
from engine.model import Policy
from engine.tracing import NULL_TRACER

_MICRO_STEP = Decimal(1).scaleb(-6)


@dataclass(frozen=True)
class Setup:
    """What every chunk of a run needs; fixed for the run (workers inherit it when they fork)."""

    old: Policy
    new: Policy
    days: Days
    attribution: Attribution
    union: Union | None = None  # old, new and single-change hybrids computed by one policy
    ignored: frozenset[str] = frozenset()  # --ignore-column: fields taken out of every record before it is read
    # --rename-value: an export's words for values, read as the values in every JSON or Parquet record before it is read
    words: Words = ()


@dataclass
class Totals:
    """One measure under one version, in one chunk: grants in household order."""

    count: int = 0
    priced: bool = False
    zero: int = 0  # grants with an amount of 0.00
    amounts: Any = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # millionths of a yuan per year
    odd: dict[int, Decimal] = field(default_factory=dict)  # position → an amount that is not whole millionths
    part_year: int = 0  # monthly grants paid for part of the year only (`annual`)
    starts: int = 0  # of those, grants a day within the year starts (`starting`)


@dataclass
class ChunkImpact:
    records: int = 0
    evaluated: int = 0
    dated: Counter[datetime.date] = field(default_factory=Counter)  # day → households evaluated on it
    first_on: dict[datetime.date, tuple[str, str]] = field(default_factory=dict)  # day → its first household, record
    undated: int = 0  # households evaluated on today for want of a `date` of their own
    bad: list[BadRecord] = field(default_factory=list)
    households: list[tuple[tuple[str, str], int]] = field(default_factory=list)  # in order of first occurrence
    members: list[tuple[tuple[str, str], int]] = field(default_factory=list)
    totals: dict[tuple[str, str], Totals] = field(default_factory=dict)  # (measure, "old" | "new")
    changed: list[HouseholdChange] = field(default_factory=list)
    stray: list[BadRecord] = field(default_factory=list)  # rows of CSV tables that are no household's
    # every household evaluated, in input order: its hashed id (`engine.batch.repeated_ids.hashed`) and its record's
    # number (the reader's; else its position in the chunk, which the run turns into one: `numbered` False)
    decided_ids: Any = None
    decided_numbers: Any = None
    numbered: bool = True
    warnings: list[WarnedHousehold] = field(default_factory=list)  # the households warned of (`Impact.warned`)


def millionths(amount: Decimal) -> int | None:
    """An amount as whole millionths of a yuan, or None when it is not one (or too large to be carried so)."""
    if abs(amount) < AMOUNT_LIMIT and amount == amount.quantize(_MICRO_STEP):
        return int(amount.scaleb(6))
    return None


# -- one version over the chunk -----------------------------------------------------------


@dataclass
class _Side:
    """One version's decisions for a list of households (positions `k` into that list)."""

    households: Any  # int64 category-set code per household
    members: Any  # int64 code per member row
    starts: Any  # first member row of each household, and the end
    failed: dict[int, Diagnostic]  # households the exact evaluator refused
    grants: list[MeasureGrants]  # the fast engine's, per measure of the policy
    # (k, member row or -1, measure, amount per year, paid for part of the year only, started within the year)
    exact: list[tuple[int, int, str, Decimal | None, bool, bool]]


def _decide(policy: Policy, households: list[Household], days: Sequence[datetime.date], sets: CategorySets,
            fast: FastOutcomes | None, skip: set[int]) -> _Side:
    """The decisions of `policy`, each household on its day: the fast engine's where it vouches, the exact
    evaluator's elsewhere.

    Households in `skip` are left undecided (they failed under the old version)."""
    n = len(households)
    member_hh, starts = member_rows(households)
    if fast is None or fast.grants is None:
        codes, member_codes = np.zeros(n, dtype=np.int64), np.zeros(len(member_hh), dtype=np.int64)
        flagged = np.ones(n, dtype=bool)
        empty = np.zeros(0, dtype=np.int64)
        grants = [MeasureGrants(empty, empty, empty, np.zeros(0, dtype=bool)) for _ in policy.assistance]
    else:
        codes, member_codes, grants = fast.households.copy(), fast.members.copy(), fast.grants
        flagged = fast.flagged | _part_year(policy, grants, days)
    side = _Side(codes, member_codes, starts, {}, [], [])
    for g in grants:  # the fast engine's grants of households it vouches for
        keep = ~flagged[g.households]
        side.grants.append(MeasureGrants(g.households[keep], g.members[keep], g.amounts[keep], g.null[keep]))
    for k in np.flatnonzero(flagged).tolist():
        if k in skip:
            continue
        household = households[k]
        try:
            decision = evaluate(policy, household, days[k])
        except EvaluationError as error:
            side.failed[k] = error.diagnostic
            continue
        codes[k] = sets.code(decision.categories)
        start = int(starts[k])
        rows = {m.id: start + j for j, m in enumerate(household.members)}
        for j, categories in enumerate(decision.members.values()):
            member_codes[start + j] = sets.code(categories)
        for grant, (measure, amount, part_year) in zip(decision.assistance, annual(decision), strict=True):
            side.exact.append((k, rows[grant.member] if grant.member is not None else -1, measure, amount, part_year,
                               False))
        assert decision.evaluation is not None, "decided by `evaluate`"
        _add_starts(policy, side, k, decision.evaluation, {(g.measure.id, g.member) for g in decision.assistance})
    _starts_of_fast(policy, households, days, side, flagged | np.isin(np.arange(n), list(skip)))
    return side


def _add_starts(policy: Policy, side: _Side, k: int, ctx: HouseholdContext, given: set[tuple[str, str | None]]) -> None:
    """The grants a day within the year starts for household k (`year_of_starts`), as the exact run books them."""
    start = int(side.starts[k])
    rows = {m.id: start + j for j, m in enumerate(ctx.household.members)}
    for measure, member, total, _ in year_of_starts(policy, ctx, given):
        side.exact.append((k, rows[member] if member is not None else -1, measure, total, True, True))


def _starts_of_fast(policy: Policy, households: list[Household], days: Sequence[datetime.date], side: _Side,
                    done: Any) -> None:
    """The grants a day within the year starts for the households the fast engine decided (those not `done`): what
    it gives them on their day is what they are not given anew."""
    may = {day: may_start_within_year(policy, day) for day in set(days)}
    left = [k for k in np.flatnonzero(~done).tolist() if may[days[k]]]
    if not left:
        return
    given: dict[int, set[tuple[str, str | None]]] = {k: set() for k in left}
    for measure, g in zip(policy.assistance, side.grants, strict=True):
        for k, row in zip(g.households.tolist(), g.members.tolist(), strict=True):
            if k in given:
                given[k].add((measure.id, households[k].members[row - int(side.starts[k])].id if row >= 0 else None))
    program = program_for(policy)
    for k in left:
        _add_starts(policy, side, k, HouseholdContext(program, households[k], days[k], NULL_TRACER), given[k])


def _part_year(policy: Policy, grants: list[MeasureGrants], days: Sequence[datetime.date]) -> Any:
    """The households (bool per k) granted a monthly payment that may be paid for part of the year only
    (`may_pay_part_of_year`): the exact evaluator counts its months (`annual`)."""
    out = np.zeros(len(days), dtype=bool)
    phrases = static_for(policy).phrases("en")
    for measure, g in zip(policy.assistance, grants, strict=True):
        if measure.per != "month" or not len(g.households):
            continue
        plan = phrases.measure(measure)
        may = {day: may_pay_part_of_year(plan, policy, day) for day in set(days)}
        granted = np.unique(g.households[~g.null]).tolist()
        out[[k for k in granted if may[days[k]]]] = True
    return out


def _shared_frame(setup: Setup, households: list[Household], days: Sequence[datetime.date]) -> FrameRun | None:
    """One frame of the union for the old and new versions and every single-change hybrid (None: no union)."""
    union = setup.union
    if union is None or not households:
        return None
    old_names, new_names = union.names_of(setup.old), union.names_of(setup.new)
    if old_names is None or new_names is None:
        return None
    definitions = dict.fromkeys([*household_definitions(setup.old, old_names),
                                 *household_definitions(setup.new, new_names)])
    wanted = {*old_names.measures.values(), *new_names.measures.values()}
    measures = [m for m in union.policy.assistance if m.id in wanted]
    return run_frame(union.policy, households, days, list(definitions), measures)


def _totals(policy: Policy, side: _Side, chosen: Any) -> dict[str, Totals]:
    """Per measure, the grants of the chosen households (bool per k) in the exact run's order of addition."""
    out = {}
    for measure, g in zip(policy.assistance, side.grants, strict=True):
        keep = chosen[g.households]
        hh, rows, amounts, null = g.households[keep], g.members[keep], g.amounts[keep], g.null[keep]
        extra = [(k, row, amount) for k, row, m, amount, _, _ in side.exact if m == measure.id and chosen[k]]
        part_year = sum(part for k, _, m, _, part, _ in side.exact if m == measure.id and chosen[k])
        starts = sum(start for k, _, m, _, _, start in side.exact if m == measure.id and chosen[k])
        odd_values: dict[int, Decimal] = {}
        if extra:
            whole = [millionths(a) if a is not None else 0 for _, _, a in extra]
            hh = np.concatenate([hh, np.asarray([k for k, _, _ in extra], dtype=np.int64)])
            rows = np.concatenate([rows, np.asarray([r for _, r, _ in extra], dtype=np.int64)])
            amounts = np.concatenate([amounts, np.asarray([w or 0 for w in whole], dtype=np.int64)])
            null = np.concatenate([null, np.asarray([a is None for _, _, a in extra], dtype=bool)])
            for i, (w, (_, _, a)) in enumerate(zip(whole, extra, strict=True)):
                if w is None and a is not None:
                    odd_values[len(g.households[keep]) + i] = a
            order = np.lexsort((rows, hh))
            rank = np.empty_like(order)
            rank[order] = np.arange(len(order))
            amounts, null = amounts[order], null[order]
            odd_values = {int(rank[i]): a for i, a in odd_values.items()}
        zero = (amounts == 0) & ~null  # an odd amount is held as 0 here, but is never 0.00
        zero[list(odd_values)] = False
        out[measure.id] = Totals(len(amounts), bool((~null).any()), int(zero.sum()), amounts, odd_values, part_year,
                                 starts)
    return out


# -- the chunk ----------------------------------------------------------------------------


def impact_chunk(items: Sequence[Record | Line], setup: Setup, sets: CategorySets | None = None) -> ChunkImpact:
    """The share of an impact of these records; see the module docstring."""
    sets = sets if sets is not None else CategorySets()
    records = [parse_line(x) if isinstance(x, Line) else x for x in items]
    if setup.ignored:  # out of the record itself: the causes of a change read it again (`impact_causes`)
        for r in records:
            if r.error is None:
                without_ignored(r.data, setup.ignored)
    if setup.words:  # likewise (a yes or no as each version reads it: the first makes it true or false)
        for r in records:
            if r.error is None and not r.cells:
                read_as_values(r.data, setup.old, setup.words)
                read_as_values(r.data, setup.new, setup.words)
    old, new = setup.old, setup.new
    bad: dict[int, BadRecord] = {}
    texts: dict[str, JsonText] = {}  # the JSON files a finding or a warning was placed in
    day_at = {pos: setup.days.of(r.data) for pos, r in enumerate(records) if r.error is None}

    def validated(policy: Policy, positions: list[int], side: str) -> tuple[list[int], list[Household]]:
        kept, households = [], []
        for pos in positions:
            r = records[pos]
            try:
                households.append(household_from(None, r.data, True, policy, r.source, day_at[pos], cells=r.cells))
            except HouseholdError as error:
                bad[pos] = r.refused(household_id(r.data), side, r.findings(error, texts))
                continue
            kept.append(pos)
        return kept, households

    def decided(policy: Policy, positions: list[int], households: list[Household], side: str,
                fast: FastOutcomes | None, skip: set[int]) -> _Side:
        result = _decide(policy, households, [day_at[pos] for pos in positions], sets, fast, skip)
        for k, diagnostic in result.failed.items():
            pos = positions[k]
            bad[pos] = records[pos].refused(household_id(records[pos].data), side, (diagnostic,))
        return result

    readable = []
    stray = []
    for pos, r in enumerate(records):
        if r.stray and r.error is not None:
            stray.append(r.refused(None, None, r.error.diagnostics))
        elif r.error is not None:
            bad[pos] = r.refused(r.error.household_id, None, r.error.diagnostics)
        else:
            readable.append(pos)
    old_positions, old_households = validated(old, readable, "old")
    _refused_by_new_too(records, bad, setup, day_at, texts)
    old_days = [day_at[pos] for pos in old_positions]
    shared = _shared_frame(setup, old_households, old_days)
    fast_old: FastOutcomes | None = None
    fast_new: FastOutcomes | None = None
    if shared is not None:
        assert setup.union is not None
        fast_old = outcomes_of(shared, old, sets, setup.union.names_of(old), grants=True)
    else:
        fast_old = fast_outcomes(old, old_households, old_days, sets, grants=True) if old_households else None
    old_side = decided(old, old_positions, old_households, "old", fast_old, set())
    old_shape, new_shape = shape_key(old), shape_key(new)
    if old_shape == new_shape:  # the same households: those that failed under the old version stay undecided
        new_positions, new_households, skip = old_positions, old_households, set(old_side.failed)
    else:
        new_positions, new_households = validated(
            new, [pos for i, pos in enumerate(old_positions) if i not in old_side.failed], "new")
        skip = set()
    if shared is not None:
        assert setup.union is not None
        fast_new = outcomes_of(shared, new, sets, setup.union.names_of(new), grants=True)
    else:
        fast_new = fast_outcomes(new, new_households, [day_at[pos] for pos in new_positions], sets, grants=True) \
            if new_households else None
    new_side = decided(new, new_positions, new_households, "new", fast_new, skip)
    both = [k for k in range(len(new_positions)) if k not in new_side.failed and k not in skip]
    k_old = {pos: i for i, pos in enumerate(old_positions)}
    out = ChunkImpact(records=len(records) - len(stray), evaluated=len(both), stray=stray)
    out.bad = [bad[pos] for pos in sorted(bad)]
    for k in both:
        pos = new_positions[k]
        out.dated[day_at[pos]] += 1
        if day_at[pos] not in out.first_on:
            out.first_on[day_at[pos]] = (new_households[k].id, records[pos].source)
        out.undated += setup.days.undated(records[pos].data)
    _note_decided(out, records, [new_positions[k] for k in both], [new_households[k].id for k in both])
    for k in both:
        pos = new_positions[k]
        found = records[pos].warnings(((old_households[k_old[pos]], old), (new_households[k], new)), day_at[pos],
                                      texts)
        if found:
            out.warnings.append(WarnedHousehold(new_households[k].id, records[pos].source, found, records[pos].row,
                                                records[pos].starts_on(), records[pos].read_from))
    ko = np.asarray([k_old[new_positions[k]] for k in both], dtype=np.int64)
    kn = np.asarray(both, dtype=np.int64)
    for side, policy, result, ks in (("old", old, old_side, ko), ("new", new, new_side, kn)):
        chosen = np.zeros(len(result.households), dtype=bool)
        chosen[ks] = True
        for measure, totals in _totals(policy, result, chosen).items():
            out.totals[(measure, side)] = totals
    before_codes, after_codes = old_side.households[ko], new_side.households[kn]
    rows_old, rows_new = member_rows_of(old_side.starts, ko), member_rows_of(new_side.starts, kn)
    before_members, after_members = old_side.members[rows_old], new_side.members[rows_new]
    out.households = _pairs(before_codes, after_codes, sets)
    out.members = _pairs(before_members, after_members, sets)
    owner = np.repeat(np.arange(len(ko)), np.diff(old_side.starts)[ko])
    moved = (before_codes != after_codes) | (np.bincount(owner, weights=before_members != after_members,
                                                         minlength=len(ko)) > 0)
    subjects = []
    for i in np.flatnonzero(moved).tolist():
        h_old, h_new = old_households[int(ko[i])], new_households[int(kn[i])]
        lo, hi = int(old_side.starts[ko[i]]), int(old_side.starts[ko[i] + 1])
        lo_new = int(new_side.starts[kn[i]])
        codes = (int(before_codes[i]), old_side.members[lo:hi], int(after_codes[i]),
                 new_side.members[lo_new:lo_new + hi - lo])
        ids = [m.id for m in h_old.members]
        before, after = outcome_of(sets, codes[0], ids, codes[1]), outcome_of(sets, codes[2], ids, codes[3])
        pos = new_positions[int(kn[i])]
        subjects.append(Subject(h_old.id, records[pos], {old_shape: h_old, new_shape: h_new}, before, after, codes,
                                int(ko[i]), day_at[pos]))
    shared_objects = sets.shared
    for subject, (causes, together) in zip(subjects, attribute(subjects, setup, sets, shared), strict=True):
        causes = tuple(shared_objects.setdefault(c, c) for c in causes)
        decided_new = subject.households[new_shape]
        assert decided_new is not None
        settled = setup.attribution.settled.of(named_changes(causes, together), decided_new, subject.day)
        out.changed.append(HouseholdChange(subject.id, subject.record.source, subject.before, subject.after,
                                           shared_objects.setdefault(causes, causes), together, settled))
    if len(shared_objects) > 100_000:  # a worker's memory stays bounded over many chunks
        shared_objects.clear()
    return out


def _refused_by_new_too(records: Sequence[Record], bad: dict[int, BadRecord], setup: Setup,
                        day_at: dict[int, datetime.date], texts: dict[str, JsonText]) -> None:
    """Mark the records the old version refused to read that the new version refuses too (as `ImpactRun` does)."""
    alike = shape_key(setup.old) == shape_key(setup.new)  # read alike: refused alike
    for pos, refused in bad.items():
        if refused.policy != "old":
            continue
        if alike:
            bad[pos] = refused.also_refused(())
            continue
        r = records[pos]
        try:
            household_from(None, r.data, True, setup.new, r.source, day_at[pos], cells=r.cells)
        except HouseholdError as error:
            bad[pos] = refused.also_refused(r.findings(error, texts))


def _note_decided(out: ChunkImpact, records: Sequence[Record], positions: list[int], ids: list[str]) -> None:
    from engine.batch.repeated_ids import hashed

    numbers = [records[pos].number for pos in positions]
    out.numbered = all(n is not None for n in numbers) if numbers else True
    out.decided_numbers = np.asarray(numbers if out.numbered else positions, dtype=np.int64)
    out.decided_ids = hashed(ids)


def _pairs(before: Any, after: Any, sets: CategorySets) -> list[tuple[tuple[str, str], int]]:
    """(old label, new label) → count, in order of first occurrence (as a `Counter` fed one by one)."""
    if not len(before):
        return []
    width = len(sets.sets) + 1
    keys = before * width + after
    distinct, first, counts = np.unique(keys, return_index=True, return_counts=True)
    out = []
    for j in np.argsort(first, kind="stable").tolist():
        b, a = divmod(int(distinct[j]), width)
        out.append(((combined(sets.sets[b]), combined(sets.sets[a])), int(counts[j])))
    return out
