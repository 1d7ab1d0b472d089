"""A policy diff × household records → `Impact`, chunk by chunk with the fast engine, on every core.

Input: a `PolicyDiff`, the data of both policy files, household records (`Record`s, or JSON
Lines `Line`s that the workers parse) in input order, the days to decide them on (`Days`) and a
number of processes. Output: the `Impact` that `engine.diff.impact.ImpactRun` gives for the same records.
Invariants: chunks (`engine.diff.impact_chunk`) are computed in any order, on forked worker
processes that inherit the loaded hybrids and compiled programs, and merged in input
order — so transition counts keep their order of first occurrence, bad and changed
households their input order; the amounts of each measure are added as the exact run
adds them: as one exact sum when every amount is a whole number of millionths and the
sum stays within 27 digits (then no addition of the exact run rounds, in any order),
otherwise one by one in input order with the same decimal context.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import gc
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.batch.repeated_ids import RepeatedIds
from engine.diff.changes import PolicyDiff
from engine.diff.hybrid_union import build_union
from engine.diff.impact import Attribution, Days, Impact, Line, Record, TableInput, chunk_records, days_of, new_impact
from engine.diff.impact_chunk import ChunkImpact, Setup, Totals, impact_chunk
from engine.diff.impact_frames import CategorySets
from engine.diff.warned import WarnedHousehold
from engine.export_words import Words
from engine.parallel import ordered_map
from engine.yamlsource import YamlDocument

CHUNK_SIZE = 10_000
_ORDER_FREE = 10**27  # millionths: sums below this never round in a 28-digit decimal context


def fast_impact(policy_diff: PolicyDiff, old_doc: YamlDocument, new_doc: YamlDocument,
                records: Iterable[Record | Line] | TableInput, days: Days | datetime.date,
                processes: int | None = None, chunk_size: int | None = None,
                attribution: Attribution | None = None,
                each_warned: Callable[[WarnedHousehold], None] | None = None,
                ignored: frozenset[str] = frozenset(), words: Words = ()) -> Impact:
    """The impact of a diff on these records; `processes` None: one per available core.

    `days`: the day of each household (`Days`; a plain date: every household's, as --date sets it).
    `attribution`: the diff's hybrids when they are already built (another run of the same diff).
    `each_warned`: given every household warned of for its data, in input order, as its chunk is merged (the
    impact keeps only their counts and the first few: `engine.diff.warned`).
    `ignored`: the fields of `--ignore-column` (`engine.batch.ignored`), taken out of every record.
    `words`: the values of `--rename-value` (`engine.export_words`), read as the values in every JSON or Parquet record.
    """
    attribution = attribution or Attribution(policy_diff, old_doc, new_doc)
    union = build_union(attribution, policy_diff.old, policy_diff.new)
    setup = Setup(policy_diff.old, policy_diff.new, days_of(days), attribution, union, ignored, words)
    impact = new_impact(policy_diff, setup.days, attribution)
    totals: dict[tuple[str, str], list[Totals]] = collections.defaultdict(list)
    jobs = processes if processes is not None else available_cores()
    ids = RepeatedIds()
    collecting = gc.isenabled()
    gc.disable()  # many small objects live for the whole run: no cycles to hunt meanwhile
    try:
        for part in _results(setup, _tasks(records, chunk_size or CHUNK_SIZE), jobs):
            read = impact.records + len(impact.stray)  # the records before this chunk
            _merge(impact, part, totals, each_warned)
            if part.decided_ids is not None:
                ids.add(part.decided_ids, part.decided_numbers if part.numbered else part.decided_numbers + read)
    finally:
        if collecting:
            gc.enable()
    impact.repeated_ids, impact.repeated_at = ids.found()
    for (measure, side), parts in totals.items():
        _add_totals(impact, measure, side, parts)
    return impact


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class _TableChunk:
    """A chunk of CSV tables or of a Parquet file, which the worker reads (`TableInput.chunks`)."""

    payload: Any


Task = list[Record | Line] | tuple[int, int] | _TableChunk  # a chunk, or the range of one in the run's records


def _tasks(records: Iterable[Record | Line] | TableInput, size: int) -> Iterator[Task]:
    """Chunks of records; for a list, ranges into it (forked workers inherit the list: nothing to copy); for
    tables, what to read (each worker reads its own chunk)."""
    global _records
    if isinstance(records, TableInput):
        _records = None
        for payload in records.chunks(size):
            yield _TableChunk(payload)
        return
    if isinstance(records, Sequence):
        _records = records
        for start in range(0, len(records), size):
            yield start, min(start + size, len(records))
        return
    _records = None
    chunk: list[Record | Line] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _merge(impact: Impact, part: ChunkImpact, totals: dict[tuple[str, str], list[Totals]],
           each_warned: Callable[[WarnedHousehold], None] | None) -> None:
    impact.records += part.records
    impact.evaluated += part.evaluated
    impact.dated.update(part.dated)
    for day, first in part.first_on.items():
        impact.first_on.setdefault(day, first)
    impact.undated += part.undated
    impact.bad.extend(part.bad)
    impact.stray.extend(part.stray)
    impact.households.update(dict(part.households))
    impact.members.update(dict(part.members))
    impact.changed.extend(part.changed)
    for warned in part.warnings:
        impact.warned.add(warned)
        if each_warned is not None:
            each_warned(warned)
    for key, t in part.totals.items():
        if t.count:
            totals[key].append(t)


def _add_totals(impact: Impact, measure: str, side: str, parts: list[Totals]) -> None:
    """Count and sum one measure's grants under one version exactly as `add_grants` would, one by one."""
    total = impact.measures[measure]
    total.priced = total.priced or any(t.priced for t in parts)
    count = sum(t.count for t in parts)
    zero = sum(t.zero for t in parts)
    part_year = sum(t.part_year for t in parts)
    starts = sum(t.starts for t in parts)
    amount = total.old_amount if side == "old" else total.new_amount
    whole = [a for t in parts for a in t.amounts.tolist()] if not any(t.odd for t in parts) else None
    if whole is not None and sum(map(abs, whole)) < _ORDER_FREE:
        amount += Decimal(sum(whole)).scaleb(-6)
    else:
        for t in parts:
            for i, a in enumerate(t.amounts.tolist()):
                amount += t.odd[i] if i in t.odd else Decimal(a).scaleb(-6)
    if side == "old":
        total.old_count += count
        total.old_zero += zero
        total.old_amount = amount
        total.old_part_year += part_year
        total.old_starts += starts
    else:
        total.new_count += count
        total.new_zero += zero
        total.new_amount = amount
        total.new_part_year += part_year
        total.new_starts += starts


# -- processes ----------------------------------------------------------------------------

_setup: Setup | None = None
_sets: CategorySets | None = None
_records: Sequence[Record | Line] | None = None


def _work(task: Task) -> ChunkImpact:
    global _sets
    assert _setup is not None
    if _sets is None:
        _sets = CategorySets()
    if isinstance(task, _TableChunk):
        return impact_chunk(chunk_records(task.payload), _setup, _sets)
    if isinstance(task, tuple):
        assert _records is not None
        return impact_chunk(_records[task[0]:task[1]], _setup, _sets)
    return impact_chunk(task, _setup, _sets)


def _init_worker() -> None:
    gc.disable()


def _warm_up(setup: Setup) -> None:
    """Compile every policy the chunks start with, so forked workers inherit them ready to run."""
    from engine.batch.columnar import fast_program
    from engine.batch.columns import Unsupported
    from engine.evaluator import program_for

    union = setup.union
    alone = [h.policy for _, h in setup.attribution.units
             if h.policy is not None and (union is None or union.names_of(h.policy) is None)]
    for policy in (setup.old, setup.new, union.policy if union is not None else None, *alone):
        if policy is not None:
            program_for(policy)
            with contextlib.suppress(Unsupported):
                fast_program(policy)


def _results(setup: Setup, chunks: Iterator[Task], jobs: int) -> Iterator[ChunkImpact]:
    """Chunk results in input order; a pool of `jobs` forked processes once there is more than one chunk."""
    global _setup, _sets, _records
    _setup, _sets = setup, None
    try:
        yield from _ordered(setup, chunks, jobs)
    finally:
        _setup, _sets, _records = None, None, None


def _ordered(setup: Setup, chunks: Iterator[Task], jobs: int) -> Iterator[ChunkImpact]:
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:  # one chunk: no process to start
        yield _work(first)
        return
    if jobs > 1:
        _warm_up(setup)
    yield from ordered_map(_work, itertools.chain((first, second), chunks), jobs, _init_worker)
