"""One chunk of records → the encoded decisions and error lines of that chunk.

Input: `Record`s in input order — or a range of a Parquet or JSON Lines file, read as
Arrow columns (`evaluate_table_chunk`, `evaluate_lines_chunk`; a Spark worker's Arrow batches
go to `evaluate_table` and `evaluate_lines`) — and the run's `Settings`
(policies, date rules, engine, output format). Output: `ChunkResult` — the chunk's output
bytes, its error-file bytes (JSON Lines, one bad record per line with its located
diagnostics) and counts (with the households decided with a doubt about their data, by kind — a line given twice
among them —, and the first of each kind, `engine.doubts`).
Invariants: a bad record never stops the chunk; the decision of a household is
`engine.render.decision_json` of `engine.evaluator.evaluate` (its explanation, when asked for, already
JSON text that every writer writes as the tree, `_encoded`) — the fast engine
produces the very same decisions (as dictionaries, or straight as columns), and hands
every household it cannot vouch for to the exact evaluator; a household the columnar
intake cannot vouch for goes the record route; the result depends only on the records,
never on the route or on timing.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import hashlib
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from engine.batch import tally
from engine.batch.problems import Problems
from engine.batch.readers import Record, line_in_source, placed, row_names
from engine.batch.writers import Columns, encode_arrow, encode_csv, encode_jsonl
from engine.diagnostics import Diagnostic, PolicyError, Said, record_entry
from engine.doubts import UNDATED, Doubt, doubts, undated_short
from engine.evaluator import EvaluationError, evaluate
from engine.export_words import Words
from engine.household import Household, HouseholdError, bad_record_id, decision_day, household_id, own_date
from engine.intake import household_from, parse
from engine.jsonsource import findings_in_text
from engine.model import Policy
from engine.selection import in_force


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs to evaluate a chunk; fixed for the whole run."""

    policies: tuple[Policy, ...]  # the candidates (one when --policy is given)
    chosen: Policy | None  # --policy: applied whatever the date
    policy_dir: str
    forced_date: datetime.date | None
    today: datetime.date  # fixed when the run starts, so a resumed run decides alike
    explain: bool
    lang: str
    fmt: str
    engine: str  # "exact" or "fast"
    columns: Columns
    old: Mapping[str, bytes] | None = field(default=None, repr=False)  # --only-changed fingerprints
    brief: bool = False  # --brief: the explanation in short sentences too (`engine.brief`)
    compression: str | None = None  # of JSON Lines or CSV output: gzip, bzip2, xz or zstd (`writers.compress`)
    errors_compression: str | None = None  # of the errors file, named so (`--errors bad.jsonl.gz`)
    handoff: str | None = None  # the folder where workers leave each chunk's output for the main process
    ignored: frozenset[str] = frozenset()  # --ignore-column: fields taken out of every record (`engine.batch.ignored`)
    # --rename-value: values in an export's own words, read as the values (`engine.export_words`) in JSON and Parquet
    # records (CSV tables are read with them by their reader)
    words: Words = ()

    @property
    def explained(self) -> bool:
        """Whether decisions carry an explanation (--explain, --brief): read off the exact evaluation."""
        return self.explain or self.brief


@dataclass
class ChunkResult:
    index: int
    output: bytes
    errors: bytes
    households: int = 0
    written: int = 0
    bad: int = 0  # bad records of households
    stray: int = 0  # rows that are no household's (CSV tables): in the errors file too, but not households
    unchanged: int = 0
    rechecked: int = 0  # households the fast engine handed to the exact evaluator
    written_numbers: list[int] = field(default_factory=list)  # the record number of each decision written
    error_numbers: list[int] = field(default_factory=list)  # the record number of each error line
    # every household decided (written or unchanged): its record number and its hashed id, by which the run
    # finds ids that occur more than once (`engine.batch.repeated_ids`)
    decided_numbers: Any = None  # int64 array
    decided_ids: Any = None  # (n, 2) int64 array
    held: Counter[str] = field(default_factory=Counter)  # every household decided, by category and policy (`tally`)
    problems: Problems = field(default_factory=Problems)  # the bad records, by problem
    # households decided with a doubt (`engine.doubts`), by kind (a line given twice, an expense line of no member,
    # the head of household, a figure out of its range), and the first of each kind: its record number and the doubt
    # on one line
    doubted: Counter[str] = field(default_factory=Counter)
    doubted_first: dict[str, tuple[int, Said]] = field(default_factory=dict)
    handed: str | None = None  # the file holding `output` instead, left by a worker (`engine.batch.runner`)
    # with --only-changed: the ids of the earlier decisions that this chunk holds (decided or a bad record), by which
    # the run finds the households of the earlier output no longer in the input
    old_seen: list[str] = field(default_factory=list)
    # and of the bad records whose id could not be trusted: the earlier ids read off their text, and how many gave none
    old_guessed: list[str] = field(default_factory=list)
    unread: int = 0
    # and the ids in this chunk that differ from an earlier one only by the spaces around them: written as given
    old_spaced: list[str] = field(default_factory=list)


def _note_decided(result: ChunkResult, numbers: Sequence[int], ids: Sequence[str]) -> None:
    import numpy as np

    from engine.batch.repeated_ids import hashed

    result.decided_numbers = np.asarray(numbers, dtype=np.int64)
    result.decided_ids = hashed(ids)


def decision_fingerprint(decision: Mapping[str, Any]) -> bytes:
    """What `--only-changed` compares: categories, member categories and assistance."""
    return compared_fingerprint(orjson.dumps([decision.get("categories"), decision.get("members"),
                                              decision.get("assistance")]))


def compared_fingerprint(compared: bytes) -> bytes:
    """The fingerprint of `[categories, members, assistance]` written as JSON."""
    return hashlib.blake2b(compared, digest_size=16).digest()


@dataclass(frozen=True)
class _Bad:
    """A bad record: its entry as the errors file has it (one JSON line each, `json_line`), and its source and
    diagnostics as placed, which its problems are counted from (`Problems.of_records`)."""

    entry: dict[str, Any]
    source: str
    diagnostics: Sequence[Diagnostic]


def _error_entry(record: Record, household: Any, diagnostics: Sequence[Diagnostic]) -> _Bad:
    """A bad record, with its entry as the errors file has it."""
    if record.places or record.headers or record.cells:
        diagnostics = [placed(d, record.places, record.headers, record.source) for d in diagnostics]
    entry = record_entry(record.source, line_in_source(record),
                         valid_text(household) if isinstance(household, str) else household, diagnostics, record.row)
    return _Bad(entry, record.source, diagnostics)


def valid_text(text: str, escaped: bool = False) -> str:
    """Text that UTF-8 can carry: the bytes of a CSV cell that were not UTF-8 (kept as lone surrogates when read)
    each as U+FFFD, and any other lone surrogate (from a JSON escape, `\\ud800`) as U+FFFD too, or with `escaped` as
    the escape it was written as (`\\ud800`, six characters) — a lone surrogate itself a database, `jq` or Python's
    own UTF-8 would refuse or garble."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    return "".join(_valid_char(c, escaped) for c in text)


def _valid_char(c: str, escaped: bool) -> str:
    if not "\ud800" <= c <= "\udfff":
        return c
    if "\udc80" <= c <= "\udcff" or not escaped:  # (a byte that was not UTF-8, kept by `surrogateescape`)
        return "\ufffd"
    return c.encode("utf-8", "backslashreplace").decode("ascii")


def _valid(value: Any) -> Any:
    """`value` with every text in it `valid_text`, a surrogate from a JSON escape shown as that escape."""
    if isinstance(value, str):
        return valid_text(value, escaped=True)
    if isinstance(value, dict):
        return {_valid(k): _valid(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_valid(v) for v in value]
    return value


def json_line(entry: dict[str, Any]) -> bytes:
    """An entry as one line of JSON Lines: a bad record of the errors file, a household of `policy diff --warnings`.
    Never a lone surrogate (not even as a JSON escape): each is written as U+FFFD."""
    try:
        return orjson.dumps(entry) + b"\n"
    except TypeError:  # some text holds a lone surrogate (a file name, an id): the line stays valid UTF-8
        return orjson.dumps(_valid(entry)) + b"\n"


@dataclass(slots=True)
class _Pending:
    """A record that validated: its household, policy and date, waiting for a decision."""

    position: int
    record: Record
    household: Household
    policy: Policy
    day: datetime.date
    undated: bool  # decided on the day the run started for want of a date of its own
    data: Any = None  # with an explanation from a folder's policies: the data, which the next policy decides too


def _day(settings: Settings, data: Any) -> datetime.date:
    return decision_day(data, settings.forced_date, settings.today)


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: a chunk makes many small containers and frees them all by
    reference counting, and the collector would only walk them again and again (it took half the time of
    making chunks of CSV rows)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def evaluate_chunk(index: int, records: Sequence[Record], settings: Settings) -> ChunkResult:
    """Decide every household of a chunk; see the module docstring."""
    with without_cycle_collection():
        return _evaluate_chunk(index, records, settings)


def _evaluate_chunk(index: int, records: Sequence[Record], settings: Settings) -> ChunkResult:
    decisions, errors, rechecked, doubted = _decide(records, settings)
    stray = sum(1 for r in records if r.stray)
    result = ChunkResult(index, b"", b"", households=len(records) - stray, stray=stray, rechecked=rechecked)
    _note_doubted(result, {kind: {records[position].number: short for position, short in found.items()}
                           for kind, found in doubted.items()})
    kept: list[tuple[int, dict[str, Any]]] = []
    decided = [(position, d) for position, d in enumerate(decisions) if d is not None]
    _note_decided(result, [records[position].number for position, _ in decided], [d["household"] for _, d in decided])
    result.held = tally.of_decisions(d for _, d in decided)
    for position, decision in decided:
        if settings.old is not None and settings.old.get(decision["household"]) == decision_fingerprint(decision):
            result.unchanged += 1
            continue
        kept.append((position, decision))
    if settings.old is not None:
        result.old_seen, result.old_spaced = _old_seen(settings.old, [d["household"] for _, d in decided]
                                                       + [e.entry.get("household") for e in errors if e is not None])
        result.old_guessed, result.unread = _old_guessed(settings.old, records, errors)
    result.output = encode([d for _, d in kept], settings, first=index == 0)
    result.written = len(kept)
    result.written_numbers = [records[position].number for position, _ in kept]
    _count_errors(result, [r.number for r in records], errors)
    result.bad -= stray
    return result


def _old_seen(old: Mapping[str, bytes], ids: Sequence[Any]) -> tuple[list[str], list[str]]:
    """Which of these ids (None for a record whose id cannot be trusted) the earlier decisions hold; and those they
    hold only without the spaces around them (`"SAMPLE-0000003 "`), the same household written otherwise."""
    seen: list[str] = []
    spaced: list[str] = []
    for i in ids:
        if isinstance(i, str):
            if i in old:
                seen.append(i)
            elif i.strip() in old:  # (a new household's id, rare, is the only one stripped)
                spaced.append(i)
    return seen, spaced


def _old_guessed(old: Mapping[str, bytes], records: Sequence[Record], errors: Sequence[_Bad | None]
                 ) -> tuple[list[str], int]:
    """Of the bad records whose id cannot be trusted: the earlier ids that their text seems to give (a line that is
    not JSON, its id read off its start, or rows of members.csv or lines.csv of a household households.csv lacks),
    and how many give none."""
    from engine.batch.by_id import record_id

    guessed: list[str] = []
    unread = 0
    for record, error in zip(records, errors, strict=True):
        if record.stray and record.names is not None and record.names in old:  # its household's row deleted (CSV)
            guessed.append(record.names)
        if error is None or record.stray or error.entry.get("household") is not None:
            continue
        read = record_id(record) if record.raw is not None else None
        if read is None:
            unread += 1
        elif read in old:
            guessed.append(read)
    return guessed, unread


def _note_doubted(result: ChunkResult, found: Mapping[str, Mapping[int, Said | None]]) -> None:
    """The households of a chunk decided with a doubt, by kind: by record number, each with the doubt on one line
    (known for the first at least)."""
    for kind, households in found.items():
        first = _first(households)
        if first is not None:
            result.doubted[kind] = len(households)
            result.doubted_first[kind] = first


def _first(found: Mapping[int, Said | None]) -> tuple[int, Said] | None:
    """The first record number of `found` with what is said of it (always known for the first), or None."""
    if not found:
        return None
    first = min(found)
    said = found[first]
    assert said is not None
    return first, said


def _count_errors(result: ChunkResult, numbers: Sequence[int], errors: Sequence[_Bad | None]) -> None:
    """The chunk's bad records (each record's, or None): their lines, their numbers and their problems."""
    bad = [e for e in errors if e is not None]
    result.bad = len(bad)
    result.error_numbers = [numbers[i] for i, e in enumerate(errors) if e is not None]
    result.errors = b"".join(json_line(e.entry) for e in bad)
    if bad:
        result.problems = Problems.of_records((e.source, e.diagnostics) for e in bad)


def _decide(records: Sequence[Record], settings: Settings) -> tuple[
        list[dict[str, Any] | None], list[_Bad | None], int, dict[str, dict[int, Said]]]:
    """Each record's decision, or its bad-record entry; how many the fast engine handed to the exact one; and the
    households decided with a doubt (`engine.doubts`), by kind: their positions, each with its first doubt of the
    kind."""
    decisions: list[dict[str, Any] | None] = [None] * len(records)
    doubted: dict[str, dict[int, Said]] = {}
    errors: list[_Bad | None] = [None] * len(records)
    pending: list[_Pending] = []
    in_force_on: dict[datetime.date, Policy] = {}  # the policy in force on each day met (with --date, one)
    explained = settings.explained
    keeps_data = explained and settings.chosen is None  # the next policy of the folder may decide the data too
    forced = settings.forced_date  # (--date: the day of every household, without asking `_day` for each)
    for position, record in enumerate(records):
        data: Any = None
        try:
            if record.problem is not None and record.data is None:
                errors[position] = _error_entry(record, record.household, [record.problem])
                continue
            if record.raw is not None:
                data, exact = parse(record.raw, record.source, record.text_at, record.unended)
            else:
                data, exact = record.data, True
            own = None if forced else own_date(data)  # (read once: it gives the day, and says whether it was given)
            day = forced or own or settings.today
            policy = settings.chosen or in_force_on.get(day)
            if policy is None:  # (a day no single policy holds is said again for each household of that day)
                policy = in_force_on[day] = in_force(list(settings.policies), day, settings.policy_dir,
                                                     None if forced else data, record.source)
            household = household_from(record.raw, data, exact, policy, record.source, day, record.text_at,
                                       cells=record.cells, ignored=settings.ignored, words=settings.words,
                                       parquet=record.parquet)
            if record.problem is not None:  # a row the household's data leaves out (CSV), its other cells valid
                errors[position] = _error_entry(record, household.id, [record.problem, *record.also])
                continue
            undated = forced is None and own is None
            kept = data if keeps_data else None
            pending.append(_Pending(position, record, household, policy, day, undated, kept))
        except HouseholdError as error:
            hid = bad_record_id(error, data)
            left_out = [record.problem, *record.also] if record.problem is not None else []
            errors[position] = _error_entry(record, hid, [*findings_in_text(record, error), *left_out])
        except PolicyError as error:
            errors[position] = _error_entry(record, household_id(data), error.diagnostics)
        except Exception as error:  # an engine bug: recorded, never lost, and the run goes on
            errors[position] = _error_entry(record, household_id(data), [_internal_error(error)])
    rechecked = 0
    if settings.engine == "fast" and not explained:
        from engine.batch.columnar import decide_fast

        fast = decide_fast(pending)
        rechecked = sum(1 for p in pending if fast.get(p.position) is None)
    else:
        fast = {}
    for p in pending:
        decision = fast.get(p.position)
        found = None  # the household's doubts, when its explanation found them already
        if decision is None:
            try:
                decision, found = _decide_exactly(p, settings, explained)
            except EvaluationError as error:
                errors[p.position] = _error_entry(p.record, p.household.id, [error.diagnostic])
                continue
            except Exception as error:  # an engine bug: recorded, never lost, and the run goes on
                errors[p.position] = _error_entry(p.record, p.household.id, [_internal_error(error)])
                continue
        raw = p.record.raw  # JSON escapes may write what UTF-8 cannot carry: looked for only after a backslash, which
        # `find` looks for byte by byte (most records have none; `in` tries the bytes as a number first)
        if raw is None or (raw.find(b"\\") >= 0 and raw.find(b"\\u") >= 0):
            try:
                orjson.dumps(decision)
            except TypeError:  # a lone surrogate: it would stop the output
                errors[p.position] = _error_entry(p.record, None, [Diagnostic.said(
                    "H001", Said("the household holds text that is not valid Unicode (a lone surrogate)",
                                 "家庭数据中有不是有效 Unicode 的文本（孤立的代理项）"), None,
                    source_file=p.record.source)])
                continue
        try:
            found = doubts(p.household, p.policy, p.day) if found is None else found
            said = [(doubt.kind, doubt.short(row_names(p.record.places), dict(p.record.headers)))
                    for doubt in found] if found else []  # (most households: no doubt)
        except Exception as error:  # an engine bug: recorded, never lost, and the run goes on
            errors[p.position] = _error_entry(p.record, p.household.id, [_internal_error(error)])
            continue
        decisions[p.position] = decision
        if p.undated:
            said.append((UNDATED, undated_short(p.household.id, p.day)))
        for kind, short in said:
            doubted.setdefault(kind, {}).setdefault(p.position, short)
    return decisions, errors, rechecked, doubted


def _first_doubt(record: Record, settings: Settings, kind: str) -> Said:
    """The first doubt of `kind` about a household decided from columns, read again from its record."""
    household, policy, day = _read_again(record, settings)
    if kind == UNDATED:
        return undated_short(household.id, settings.today)
    first = next(d for d in doubts(household, policy, day) if d.kind == kind)
    return first.short(row_names(record.places), dict(record.headers))


def _read_again(record: Record, settings: Settings) -> tuple[Household, Policy, datetime.date]:
    data, exact = parse(record.raw, record.source, record.text_at) if record.raw is not None else (record.data, True)
    day = _day(settings, data)
    policy = settings.chosen or in_force(list(settings.policies), day, settings.policy_dir)
    household = household_from(record.raw, data, exact, policy, record.source, day, record.text_at, cells=record.cells,
                               ignored=settings.ignored, words=settings.words, parquet=record.parquet)
    return household, policy, day


def _internal_error(error: Exception) -> Diagnostic:
    detail = traceback.format_exception_only(type(error), error)[-1].strip()
    return Diagnostic.said("X001", Said(f"internal error while evaluating: {detail}", f"评估时出现内部错误：{detail}"),
                           None, help=Said("this is a bug in policy, not in the input; please report it with this "
                                           "record", "这是 policy 程序的缺陷，不是输入的问题；请连同这条记录一起报告"))


def may_decide_from_columns(settings: Settings) -> bool:
    """Whether chunks may be decided from columns (explanations and --only-changed need the record route)."""
    return settings.engine == "fast" and not settings.explained and settings.old is None


def evaluate_table_chunk(index: int, name: str, start: int, end: int, nullable: list[str],
                         settings: Settings, offset: int = 0) -> ChunkResult:
    """A chunk of a households Parquet file (rows `start` to `end`; `offset` records of the input come before
    the file's first), decided from its Arrow columns where it can be."""
    from engine.batch.arrow_intake import listed_places
    from engine.batch.parquet_input import ParquetHouseholds

    listed = listed_places(settings.policies) if may_decide_from_columns(settings) else ()
    table = ParquetHouseholds.read_table(name, start, end, listed)
    return evaluate_table(index, name, range(start + 1, start + table.num_rows + 1), table, nullable, settings,
                          offset)


def evaluate_table(index: int, name: str, rows: Sequence[int], table: Any, nullable: list[str],
                   settings: Settings, offset: int = 0) -> ChunkResult:
    """Households as an Arrow table in the Parquet layout, row i being row `rows[i]` of the file `name` and
    record `offset + rows[i]` of the input (`nullable`: `engine.batch.parquet_input.nullable_inputs`); decided from
    its columns where it can be."""
    from engine.batch.parquet_input import ParquetHouseholds

    n = table.num_rows

    def records_at(positions: Sequence[int]) -> list[Record]:
        return ParquetHouseholds.rows_as_records(table, positions, name, rows, nullable, offset)

    if not n or not may_decide_from_columns(settings):
        return evaluate_chunk(index, records_at(range(n)), settings)
    import numpy as np

    from engine.batch.ignored import arrow_without

    numbers = [offset + r for r in rows] if offset else rows
    return evaluate_from_columns(index, n, numbers, arrow_without(table, settings.ignored), np.arange(n), [],
                                 records_at, settings)


def evaluate_lines_chunk(index: int, name: str, start: int, end: int, first: int,
                         settings: Settings) -> ChunkResult:
    """A chunk of a JSON Lines file: bytes `start` to `end`, its first line numbered `first`."""
    from engine.batch.readers import json_lines_of

    numbers, lines = json_lines_of(name, start, end, first)
    return evaluate_lines(index, name, numbers, lines, settings)


def evaluate_lines(index: int, name: str, numbers: Sequence[int], lines: Sequence[bytes],
                   settings: Settings, unended: int | None = None) -> ChunkResult:
    """JSON Lines (not blank, numbered `numbers` in the file `name`), read by Arrow's JSON reader and
    decided from columns where they can be; see `engine.batch.json_intake`. `unended`: the line that ends a stream
    with no line break after it (`engine.batch.readers.lines_of`)."""

    def records_at(positions: Sequence[int]) -> list[Record]:
        return Record.json_lines(name, numbers, lines, unended, positions)

    if not lines or not may_decide_from_columns(settings):
        return evaluate_chunk(index, records_at(range(len(lines))), settings)
    import numpy as np

    from engine.batch.json_intake import parse_lines

    parsed = parse_lines(lines, settings.policies, settings.ignored, settings.words)
    if parsed is None or parsed.table is None:
        return evaluate_chunk(index, records_at(range(len(lines))), settings)
    return evaluate_from_columns(index, len(lines), numbers, parsed.table, np.asarray(parsed.lines, dtype=np.int64),
                                 parsed.rest, records_at, settings)


def evaluate_from_columns(index: int, n: int, numbers: Sequence[int], table: Any, row_of: Any, rest: Sequence[int],
                          records_at: Callable[[Sequence[int]], list[Record]], settings: Settings) -> ChunkResult:
    """Decide a chunk of `n` records, those behind the rows of `table` from its columns.

    Row i of `table` is record `row_of[i]`; the records in `rest`, the rows the columnar intake
    refuses and the households the fast engine flags go through `_decide` one by one (`records_at`
    gives them). Decisions are written in record order — for Parquet output without a
    dictionary per household — so the result is the one `evaluate_chunk` gives for the same records."""
    import numpy as np

    from engine.batch.arrow_intake import read_table
    from engine.batch.decisions import as_arrow, as_dicts

    if settings.words:  # --rename-value: the words of text fields, read as their values before they are checked
        from engine.batch.arrow_words import renamed_table

        table = renamed_table(table, settings.words)
    intake = read_table(table, settings)
    if intake is None:
        return evaluate_chunk(index, records_at(range(n)), settings)
    with without_cycle_collection():
        columnar = settings.fmt in ("parquet", "jsonl")  # CSV rows are written from dictionaries
        decisions: list[dict[str, Any] | None] = [None] * n
        pieces, piece_rows = [], []
        held: Counter[str] = Counter()
        apart = [np.asarray(rest, dtype=np.int64), row_of[intake.rest]]
        with np.errstate(all="ignore"):
            decided_outcomes = []  # of each group, as `_decide` is given what they flag
            for group in intake.groups:
                outcomes = group.program.outcomes(group.frame)
                decided_outcomes.append(outcomes)
                positions = row_of[group.rows]
                apart.append(positions[outcomes.flagged])
                if columnar:
                    part, keep = as_arrow(group.policy, group.frame, outcomes, group.ids, group.days, settings.columns)
                    held.update(tally.of_arrow(part))
                    if settings.fmt == "jsonl":
                        from engine.batch.json_output import json_lines

                        part = json_lines(part, group.policy, group.program.value_names)
                    pieces.append(part)
                    piece_rows.append(positions[keep])
                else:
                    ids = group.ids.to_pylist()
                    found = as_dicts(group.policy, group.frame, outcomes, ids, group.dates())
                    for position, decision in zip(positions.tolist(), found, strict=True):
                        decisions[position] = decision
        one_by_one = np.sort(np.concatenate(apart)).tolist()
        read_apart = records_at(one_by_one)
        exact, errors, rechecked, doubted = _decide(read_apart, settings)
        stray = sum(1 for r in read_apart if r.stray)  # (a total row: in the errors file, but no household)
        result = ChunkResult(index, b"", b"", households=n - stray, stray=stray, rechecked=rechecked)
        shorts: dict[str, dict[int, Said | None]] = {
            kind: {one_by_one[k]: short for k, short in of_kind.items()} for kind, of_kind in doubted.items()}
        for group, outcomes in zip(intake.groups, decided_outcomes, strict=True):
            for kind, flags in group.doubted.items():
                rows = row_of[group.rows][flags & ~outcomes.flagged].tolist()
                shorts.setdefault(kind, {}).update(dict.fromkeys(rows))
        for kind, of_kind in shorts.items():
            if of_kind and of_kind[min(of_kind)] is None:  # decided from columns: the doubt is found in its record
                of_kind[min(of_kind)] = _first_doubt(records_at([min(of_kind)])[0], settings, kind)
        _note_doubted(result, {kind: {numbers[position]: short for position, short in of_kind.items()}
                               for kind, of_kind in shorts.items()})
        if columnar:
            result.held = held + tally.of_decisions(d for d in exact if d is not None)
            piece_rows.append(np.asarray([p for p, d in zip(one_by_one, exact, strict=True) if d is not None],
                                         dtype=np.int64))
            result.output, written = _in_order(pieces, piece_rows, [d for d in exact if d is not None], settings)
        else:
            for position, decision in zip(one_by_one, exact, strict=True):
                decisions[position] = decision
            written = [i for i, d in enumerate(decisions) if d is not None]
            result.held = tally.of_decisions(d for d in decisions if d is not None)
            result.output = encode([d for d in decisions if d is not None], settings, first=index == 0)
        result.written = len(written)
        result.written_numbers = [numbers[i] for i in written]
        from engine.batch.repeated_ids import hashed

        ids = np.zeros((n, 2), dtype=np.int64)  # the hashed id of each record decided, by position
        for group in intake.groups:
            ids[row_of[group.rows]] = hashed(group.ids)
        exactly = [(position, d["household"]) for position, d in zip(one_by_one, exact, strict=True) if d is not None]
        if exactly:
            ids[[position for position, _ in exactly]] = hashed([hid for _, hid in exactly])
        result.decided_numbers = np.asarray(result.written_numbers, dtype=np.int64)
        result.decided_ids = ids[np.asarray(written, dtype=np.int64)]
        all_errors: list[_Bad | None] = [None] * n
        for position, error in zip(one_by_one, errors, strict=True):
            all_errors[position] = error
        _count_errors(result, numbers, all_errors)
        result.bad -= stray
        return result


def _in_order(pieces: list[Any], piece_rows: list[Any], exact: list[dict[str, Any]],
              settings: Settings) -> tuple[bytes, list[int]]:
    """The output of a chunk, in record order, from the pieces decided from columns and the decisions
    made one by one (whose rows are the last of `piece_rows`); and the positions written, in order."""
    import numpy as np
    import pyarrow as pa

    from engine.batch.writers import arrow_stream, decisions_table

    if settings.fmt == "jsonl":
        from engine.batch.json_output import text_bytes

        pieces = [*pieces, pa.array([orjson.dumps(d).decode("utf-8") + "\n" for d in exact], pa.string())]
        decided = pa.concat_arrays(pieces)
    else:
        decided = pa.concat_tables([*pieces, decisions_table(exact, settings.columns)])
    rows = np.concatenate(piece_rows)
    if np.any(np.diff(rows) < 0):  # some rows were decided apart: back into input order
        order = np.argsort(rows, kind="stable")
        decided, rows = decided.take(pa.array(order)), rows[order]
    output = text_bytes(decided) if settings.fmt == "jsonl" else arrow_stream(decided)
    return output, rows.tolist()


def encode(decisions: list[dict[str, Any]], settings: Settings, first: bool) -> bytes:
    if settings.fmt == "csv":
        return encode_csv(decisions, settings.columns, header=first)
    if settings.fmt == "parquet":
        return encode_arrow(decisions, settings.columns)
    return encode_jsonl(decisions)


@functools.cache
def _rendering() -> Callable[..., dict[str, Any]]:
    """`engine.render.decision_json`, imported once a worker decides a household exactly (a chunk the fast engine
    decides never needs it); an import statement at every household cost more than a call."""
    from engine.render import decision_json

    return decision_json


@functools.cache
def _explaining() -> tuple[Callable[..., dict[str, Any]], Callable[..., Any], Callable[[dict[str, Any]], str]]:
    """`engine.explain.explain`, `engine.successor.next_decision` and `engine.brief.render_brief`, imported once a
    worker explains a household (a run without explanations never loads them), not at every household."""
    from engine.brief import render_brief
    from engine.explain import explain
    from engine.successor import next_decision

    return explain, next_decision, render_brief


def _decide_exactly(p: _Pending, settings: Settings, explained: bool) -> tuple[dict[str, Any], list[Doubt] | None]:
    """The decision as JSON; and, with an explanation (`explained`, the settings' own), the household's doubts that
    it says (None without one)."""
    decision_json = _rendering()
    decision = evaluate(p.policy, p.household, p.day)
    if not explained:
        return decision_json(decision), None
    explain, next_decision, render_brief = _explaining()
    found = doubts(p.household, p.policy, p.day)
    then = None  # on the last days of a policy of the folder, what the next one decides of the same data
    if p.data is not None:
        then = next_decision(decision, p.data, p.record.source, lambda: settings.policies)
    tree = explain(decision, settings.lang, found, then)
    out = decision_json(decision)
    if settings.explain:
        out["explanation"] = _encoded(tree)
    if settings.brief:
        out["brief"] = render_brief(tree).rstrip("\n")  # a field: no line end of its own
    return out, found


def _encoded(tree: dict[str, Any]) -> Any:
    """The explanation as JSON text already, which every writer takes as the tree (`orjson.Fragment`): written now,
    the tree's tens of thousands of objects are freed while still in the processor's cache, instead of a whole chunk
    of trees held until the chunk is written (a third of the time of a chunk beyond the explaining itself). A tree
    holding a lone surrogate is left as it is, for `_decide` to report."""
    try:
        return orjson.Fragment(orjson.dumps(tree))
    except TypeError:
        return tree
