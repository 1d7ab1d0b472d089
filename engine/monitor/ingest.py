"""Household records → snapshots in the register, one transaction per file.

Input: a file or CSV tables to ingest (read by `engine.monitor.inputs`), the `PolicyAndDateChoice` that gives
each record its policy and date (`engine.monitor.policy_and_date`), an open `Register`, and how many processes
may decide.
Output: an `IngestReport` per file (`engine.monitor.ingest_report`), each bad record reported through a
callback as located diagnostics (`file:line: …`), each warning once the file is recorded.
Invariants:
* a file lands in one transaction: either every good record of it is recorded,
  or — on an internal failure, or in strict mode on the first bad record —
  none is, and the register is as it was;
* bad records (invalid JSON, a household the policy refuses, a rule that cannot
  be computed) are skipped and counted by default, never silently;
* a household has one record per date (`engine.monitor.one_record_per_date`):
  a record already recorded is not recorded again, one with other data is H007;
* a record is decided exactly as `policy eval` decides it (the same validation,
  through the batch intake's quick route, and the exact evaluator), and the
  household JSON is kept as given, so the decision can be replayed; records are
  decided in input order, by forked workers when `jobs` > 1, with the same result;
* what eval warns of is warned of here too (`engine.monitor.snapshot_warnings`); the snapshots --date dated
  otherwise than their records' own `date` are counted in the report (`carried`), for the caller to warn of once a
  file, or once for the files of a run together;
* an export of most of the register that misses some of its households, not recorded as left, names them once
  in a note.
"""

from __future__ import annotations

import collections
import itertools
import re
import time
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from engine.diagnostics import Diagnostic, PolicyError, Said, Span, at_record, shell_word
from engine.doubts import Doubt, doubts
from engine.evaluator import EvaluationError, evaluate
from engine.export_words import read_as_values
from engine.household import HouseholdError, bad_record_id
from engine.intake import household_from, parse
from engine.model import Policy
from engine.monitor.household_json import exact_json
from engine.monitor.ingest_report import SHOWN_CLASHES, Clash, IngestReport
from engine.monitor.inputs import Record, records
from engine.monitor.one_record_per_date import judge
from engine.monitor.policy_and_date import PolicyAndDateChoice
from engine.monitor.record_outcomes import Decided, Problem, Warned
from engine.monitor.register import Register
from engine.monitor.snapshot import facts_of
from engine.monitor.snapshot_warnings import warn_of_ids_typed_otherwise, warn_of_recorded
from engine.parallel import ordered_map

CHUNK = 1000  # records per transaction write, and per worker task


class StrictStop(Exception):
    """Strict mode met a bad record: the file is rolled back."""


class Unconfirmed(Exception):
    """`accept` refused what the file would record (what-ifs not confirmed): the file is rolled back."""


# -- deciding ---------------------------------------------------------------------------


def decide(record: Record, choice: PolicyAndDateChoice) -> Decided | Problem:
    """Validate and evaluate one record: what to record, or the problem that stops it."""
    data: Any = record.data
    try:
        if record.problem is not None:
            raise record.problem
        if record.raw is not None:
            data, exact = parse(record.raw, record.source, record.text_at, record.unended)
        else:
            exact = True
        day = choice.day(data)
        policy = choice.policy(day, data, record.source)
        household = household_from(record.raw, data, exact, policy, record.source, day, record.text_at,
                                   cells=record.cells, ignored=choice.ignored, words=choice.words)
        decision = evaluate(policy, household, day)
    except HouseholdError as error:
        whose = bad_record_id(error, data)  # as `policy batch`'s errors file names it
        if record.places or record.headers or record.cells:  # at the row of CSV tables, under the file's own header
            from engine.batch.readers import placed

            return Problem(record.source, [placed(d, record.places, record.headers, record.source)
                                           for d in error.diagnostics], household=whose, headers=record.headers)
        from engine.jsonsource import findings_in_text  # at its line and column, as eval says it

        return Problem(record.source, findings_in_text(record, error, by_item=False), household=whose)
    except PolicyError as error:
        return _stopped(record, data, [at_record(d, record.source) for d in error.diagnostics])
    except EvaluationError as error:
        return _stopped(record, data, [at_record(error.diagnostic, record.source, placed=True)])
    from engine.batch.readers import row_names  # (numpy with it: imported where a household is decided)

    raw = _kept(record.raw, record.source, choice, policy) if record.raw is not None else \
        exact_json(data).encode("utf-8")  # (`data` built exactly, its ignored fields taken out and its words read
    # as values by `household_from`)
    found = doubts(household, policy, day)
    return Decided(record.source, household.id, day.isoformat(), choice.index(policy), raw, facts_of(decision),
                   undated=choice.forced_date is None and household.date is None,
                   own_date=None if choice.forced_date in (None, household.date) or household.date is None else
                   household.date.isoformat(),
                   doubted=tuple((d.kind, d.short(row_names(record.places), dict(record.headers)), d.code, d.help, span)
                                 for d, span in zip(found, _spans(record, found), strict=True)))


def _spans(record: Record, found: list[Doubt]) -> list[Span | None]:
    """Where each doubt is in the record's JSON text written over several lines, as `policy eval` places it (none for
    a CSV row or a line of JSON Lines, which its source names already, or where the file is gone since it was read);
    the text is walked only for a record with doubts."""
    from engine.doubts import finding
    from engine.jsonsource import JsonText, item_text

    if not found or record.places:  # (most records: no doubt, and their text is not looked at)
        return [None] * len(found)
    if record.item is None and (record.raw is None or record.raw.strip().find(b"\n") < 0):  # one line
        return [None] * len(found)
    try:
        text = item_text(record, by_item=False) if record.item is not None else \
            JsonText(record.raw, *record.text_at) if record.raw is not None and record.text_at is not None else None
    except OSError:
        return [None] * len(found)
    return [finding(d, record.source, text).span if text is not None else None for d in found]


def _kept(raw: bytes, source: str, choice: PolicyAndDateChoice, policy: Policy) -> bytes:
    """The JSON a snapshot keeps of a record: its text as read, or, where it holds fields of `--ignore-column` or
    words of `--rename-value`, its data read again exactly without those fields and with the values the words stand
    for (what a reassessment reads back is what was decided)."""
    ignored, words = choice.ignored, choice.words
    if not ignored and not words:
        return raw
    find = raw.find  # (`in` first tries bytes as a number and words the error it then drops: twice the instructions)
    if find(b"\\") < 0 and not any(find(f'"{name.rpartition(".")[2]}"'.encode()) >= 0 for name in ignored) \
            and not any(find(word.encode()) >= 0 for _, _, pairs in words for word, _ in pairs):
        return raw  # none of them here (nor a key or a text written with an escape, which could be one)
    from engine.batch.ignored import without_ignored
    from engine.household_input import household_text, read_json

    data = read_json(household_text(raw, source, None), source)
    removed = without_ignored(data, ignored) if ignored else 0
    if not words:
        return exact_json(data).encode("utf-8") if removed else raw
    read_as_values(data, policy, words)
    return exact_json(data).encode("utf-8")


def in_line_order(warned: list[Warned]) -> list[Warned]:
    """The warnings of a file in the order of its lines, as a desk worker reads them against it, whatever the check
    that found each (those of an id typed otherwise are found once the file is read); each file of a folder in the
    order it was read, and a warning about the whole file after those of its lines."""
    files: dict[str, int] = {}

    def place(warning: Warned) -> tuple[int, float]:
        found = _PLACE.fullmatch(warning.source)
        file, line = (warning.source, float("inf")) if found is None else (found["file"], int(found["line"]))
        if warning.span is not None:  # the doubted value's own line, in a record written over several
            line = warning.span.line
        return files.setdefault(file, len(files)), line

    return sorted(warned, key=place)  # stable: warnings of one line keep the order they were found in


_PLACE = re.compile(r"(?P<file>.+):(?P<line>\d+)(?::\d+)?")  # `2026-03.jsonl:17`, `hand.json:5:52`


def missing_from_export(register: Register, exported: dict[str, str], source: str) -> Said | None:
    """The note of the households of the register missing from an export of most of them (`exported`: each household
    of the export — a file, or the files of a run together, as a folder of one export a village —, with the latest
    date of its records; `source`: what it was read from) whose latest snapshot is older than the export: most often
    one that left — moved to another township, died — which `policy monitor leave` records. A file of a few records
    (a correction) is no export of the register, nor is one file of a folder ingested whole."""
    if not exported:
        return None
    day = max(exported.values())
    staying, older = register.staying_before(day)
    missing = [hid for hid in older if hid not in exported]
    if not missing or 2 * len(exported) < staying:
        return None
    from engine.household_input import first_names

    n = len(missing)
    household = Said(shell_word(missing[0]), shell_word(missing[0])) if n == 1 else Said("HOUSEHOLD", "家庭编号")
    leave = Said(f"`policy monitor leave {household.en} --date D --reason …`",
                 f"`policy monitor leave {household.zh} --date 日期 --reason …`")
    return Said(
        f"{source}: {n:,} household{'' if n == 1 else 's'} of the register {'is' if n == 1 else 'are'} not in "
        f"this export, {'its' if n == 1 else 'their'} latest snapshot dated before {day}: {first_names(missing)}; if "
        f"{'it' if n == 1 else 'one'} left the register — moved to another township, died — record it with "
        f"{leave.en}, which ends its alerts and deadlines",
        f"{source}：台账中有 {n:,} 户不在这份导出中，其最近一次快照早于 {day}：{first_names(missing, 'zh')}；"
        f"若该户已离开台账（迁往其他乡镇、去世），请用 {leave.zh} 记录，此后不再为它提醒、计算期限")


def decide_all(chunk: list[Record], choice: PolicyAndDateChoice) -> list[Decided | Problem]:
    return [decide(record, choice) for record in chunk]


def _stopped(record: Record, data: Any, found: list[Diagnostic]) -> Problem:
    """A record the policy or a rule stopped: said of its household, as a bad record of its own data is
    (`bad_record_id`); one whose id cannot be read, at the line and column the record starts on, its place being all
    that names it."""
    error = HouseholdError(found, places=[((), False)] * len(found))  # each about the record as a whole
    whose = bad_record_id(error, data)
    if whose is None and not (record.places or record.headers or record.cells):  # (a CSV row's source is its row)
        from engine.jsonsource import findings_in_text

        found = findings_in_text(record, error, by_item=False)
    return Problem(record.source, found, household=whose)


# -- workers ----------------------------------------------------------------------------

_choice: PolicyAndDateChoice | None = None


def _work(chunk: list[Record]) -> list[Decided | Problem]:
    assert _choice is not None
    return decide_all(chunk, _choice)


def _decided(source: Iterator[Record], choice: PolicyAndDateChoice,
             jobs: int) -> Iterator[tuple[Record, Decided | Problem]]:
    """Each record with its outcome, in input order; `jobs` > 1 decides chunks in forked workers."""
    chunks = _batched(source, CHUNK)
    first = next(chunks, [])
    if jobs <= 1 or len(first) < CHUNK:  # a small file is decided before a pool would have started
        for chunk in itertools.chain([first], chunks):
            yield from zip(chunk, decide_all(chunk, choice), strict=True)
        return
    chunks = itertools.chain([first], chunks)
    global _choice
    _choice = choice  # inherited by the forked workers: policies are never pickled
    sent: collections.deque[list[Record]] = collections.deque()  # the chunks the workers have, in order

    def tasks() -> Iterator[list[Record]]:
        for chunk in chunks:
            sent.append(chunk)
            yield chunk
    try:
        for outcomes in ordered_map(_work, tasks(), jobs):
            yield from zip(sent.popleft(), outcomes, strict=True)
    finally:
        _choice = None


def _batched(items: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


# -- recording --------------------------------------------------------------------------


def ingest_file(register: Register, name: str, choice: PolicyAndDateChoice, *, strict: bool = False, jobs: int = 1,
                on_problem: Callable[[Problem], None] = lambda p: None,
                on_warning: Callable[..., None] = lambda source, said, code=None, help=None: None,
                stdin: BinaryIO | None = None,
                accept: Callable[[IngestReport], bool] = lambda report: True) -> IngestReport:
    """Record every good record of one file in one transaction (see the module docstring); `on_warning` hears of
    each snapshot recorded with a date after today or a doubt about its data, by its place (with the doubt's code
    and help), once the file is recorded; `accept` may refuse
    what the file would record (its what-ifs, counted in the report): the file is rolled back then, `refused`."""
    report = IngestReport("<stdin>" if name == "-" else name)
    warned: list[Warned] = []
    start = time.perf_counter()
    candidates = choice.candidates()
    try:
        with register.transaction():
            batch = register.new_batch("ingest", report.source)
            writer = register.snapshot_writer(batch, CHUNK)
            clashes: dict[int, list[Problem]] = {}  # H007 errors, by the earlier ingest clashed with
            held: set[tuple[str, str]] = set()  # (household, date) of this file's snapshots
            newest: dict[str, str] = {}  # household → the date of its latest snapshot in this file
            arrived: dict[str, tuple[str, str]] = {}  # household new to the register → (source, date) of its first
            carried = report.carried  # a date records carry of their own, not --date's → their households
            read = records(name, stdin, choice.candidates(), report.notes, choice.ignored, choice.renamed)
            exported: dict[str, str] = {}  # household → the latest date of its records in this file
            for record, outcome in _decided(read, choice, jobs):
                report.records += 1
                if isinstance(outcome, Decided):
                    exported[outcome.household] = max(outcome.date, exported.get(outcome.household, ""))
                    policy_row = register.policy_id(candidates[outcome.policy])
                    if (outcome.household, outcome.date) in held:
                        writer.flush()  # the earlier record of that day, where `same_day` finds it
                    verdict = judge(outcome, policy_row, register.same_day(outcome.household, outcome.date),
                                    forced=choice.forced_date is not None)
                    if verdict.already_recorded:
                        continue  # counted below
                    if verdict.clash is None:  # new
                        held.add((outcome.household, outcome.date))
                        if outcome.household not in newest and not register.knows(outcome.household):
                            arrived.setdefault(outcome.household, (outcome.source, outcome.date))
                        warn_of_recorded(outcome, register, newest, choice, report, warned)
                        if outcome.own_date is not None:
                            carried.setdefault(outcome.own_date, []).append(outcome.household)
                        writer.add(outcome.row(policy_row))
                        continue
                    outcome = verdict.clash
                report.bad += 1
                if strict:
                    on_problem(outcome)
                    raise StrictStop(record.source)
                other = outcome.clash
                if other is not None and other.batch != batch:  # with an earlier ingest: held after the first few
                    group = clashes.setdefault(other.batch, [])
                    group.append(outcome)
                    if len(group) > SHOWN_CLASHES:
                        continue
                on_problem(outcome)
            for problems in clashes.values():
                first = problems[0].clash
                assert first is not None
                if len(problems) > SHOWN_CLASHES and 2 * len(problems) > report.records:  # most: said once
                    dates = sorted({p.date for p in problems})
                    report.clashes.append(Clash(first.batch_source, first.recorded_at, dates, report.records,
                                                len(problems), SHOWN_CLASHES))
                    continue
                for problem in problems[SHOWN_CLASHES:]:  # a few: each said, as any bad record is
                    on_problem(problem)
            report.recorded = writer.close()
            report.new = len(arrived)
            warn_of_ids_typed_otherwise(register, arrived, report, warned)
            report.duplicates = report.records - report.bad - report.recorded
            if report.recorded and not accept(report):
                raise Unconfirmed
            report.exported = exported  # judged by the run: `missing_from_export`
            register.finish_batch(batch, report.recorded, report.bad, report.duplicates)
            report.ingest = batch
    except StrictStop as stop:
        report.rolled_back = Said(f"strict mode: bad record at {stop}", f"严格模式：{stop} 处有错误记录")
        report.recorded = report.duplicates = report.warnings = report.older = report.undated = report.new = 0
        report.what_if.clear()
        report.carried.clear()
        warned.clear()
    except Unconfirmed:
        report.refused = sum(report.what_if.values())
        report.rolled_back = Said(f"{report.refused:,} snapshot{'' if report.refused == 1 else 's'} would be "
                                  "recorded as what-ifs", f"{report.refused:,} 条快照将按假设情形认定")
        report.recorded = report.duplicates = report.warnings = report.older = report.undated = report.new = 0
        report.carried.clear()
        warned.clear()
    for warning in in_line_order(warned):
        on_warning(*warning)
    report.seconds = time.perf_counter() - start
    return report
