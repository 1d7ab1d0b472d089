"""Household records → snapshots in the register, one transaction per file.

Input: a file (one JSON household, a JSON array, or JSON Lines; compressed or
not, as `policy batch` reads them), a folder of such files (`*.json`,
`*.jsonl`, `*.jsonl.gz` …, in name order), CSV tables (a folder holding
`households.csv` and `members.csv`, or its `households.csv`: one input, read by
`policy batch`'s reader), or `-` for standard input;
the policies to choose from (or one chosen policy) and the date rules of
`policy eval` (`--date`, else the record's `date`, else today).
Output: an `IngestReport` per file, and each bad record reported through a
callback as located diagnostics (`file:line: …`).
Invariants:
* a file lands in one transaction: either every good record of it is recorded,
  or — on an internal failure, or in strict mode on the first bad record —
  none is, and the register is as it was;
* bad records (invalid JSON, a household the policy refuses, a rule that cannot
  be computed) are skipped and counted by default, never silently;
* records are compared as data, not as bytes (`canonical_json`): one with the
  data of a snapshot of its household, date and policy already recorded is not
  recorded again, however it was written; a household has one record per date,
  so one with other data than a snapshot of its household and date (in the
  register, or earlier in the file) is a bad record (H007) that names where
  that snapshot came from, never a second snapshot that would silently take the
  first one's place — a voided snapshot holds no date: the record that corrects
  it is recorded, while its own data ingested again stays voided;
* a record is decided exactly as `policy eval` decides it (the same validation,
  through the batch intake's quick route, and the exact evaluator), and the
  household JSON is kept as given, so the decision can be replayed; what eval
  warns of (a date after today, a line given twice, an expense line of no member that a
  measure reads per member, not one head of household, a figure out of its plausible range)
  is warned of here too;
* a household new to the register whose id is a known household's typed otherwise (written
  alike but for case, separators, full-width forms or zero padding, or one letter away) is
  warned of, naming both: its data would otherwise never be compared with that household's.
"""

from __future__ import annotations

import collections
import datetime
import io
import itertools
import json
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from engine.diagnostics import Diagnostic, PolicyError, Said
from engine.doubts import REPEATED, doubts
from engine.evaluator import EvaluationError, evaluate
from engine.household import HouseholdError, after_today, household_id, own_date
from engine.household_input import compressed, compression_of, household_files, other_format, packed_name, read_json
from engine.intake import household_from, parse
from engine.model import Policy
from engine.monitor.register import Register, SameDay, SnapshotRow, digest_of
from engine.monitor.snapshot import Facts, facts_of
from engine.parallel import ordered_map
from engine.selection import in_force

CHUNK = 1000  # records per transaction write, and per worker task


class IngestError(Exception):
    """An input as a whole cannot be read (missing file, empty folder): a usage error, said in both languages."""

    def __init__(self, message: Said):
        self.said = message
        super().__init__(message.en)


class StrictStop(Exception):
    """Strict mode met a bad record: the file is rolled back."""


@dataclass(frozen=True)
class Record:
    source: str  # `file:line`, `file[3]` or `file`
    raw: bytes | None  # the record's JSON text, when it has its own
    data: Any = None  # already parsed (an item of a JSON array, a household of CSV tables)
    problem: HouseholdError | None = None
    places: tuple[tuple[str, str], ...] = ()  # CSV tables: (JSON path, `members.csv:7`) of a member's or line's row
    cells: bool = False  # read from CSV cells (for the words of a finding)


@dataclass
class IngestReport:
    source: str
    records: int = 0
    recorded: int = 0
    duplicates: int = 0
    bad: int = 0
    warnings: int = 0  # warnings of snapshots recorded (dated after today; a line given twice; a doubt)
    older: int = 0  # snapshots dated before their household's latest one
    undated: int = 0  # snapshots dated today, their record having no `date` (and no --date given)
    new: int = 0  # households new to the register: no snapshot or application of theirs before
    # snapshots the policy chosen (--policy) decided outside its window, by date
    what_if: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: float = 0.0
    notes: list[tuple[str, Said]] = field(default_factory=list)  # (note | warning, what) of CSV tables' columns
    rolled_back: Said | None = None  # why nothing of the file was recorded
    clashes: list[Clash] = field(default_factory=list)  # most records clash with an earlier ingest: said once

    def include(self, other: IngestReport) -> None:
        """Add another file's figures to these (a run over several files)."""
        for name in ("records", "recorded", "duplicates", "bad", "warnings", "older", "undated", "new", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.what_if.update(other.what_if)


@dataclass(frozen=True)
class Problem:
    source: str
    diagnostics: list[Diagnostic]
    clash: SameDay | None = None  # for H007: the snapshot of the household and date already recorded
    date: str = ""  # for H007: that date


@dataclass
class Clash:
    """Most records of a file clash (H007) with the snapshots of one earlier ingest of the same dates: another
    export of those dates, ingested already — said once, with the first few records' errors."""

    source: str  # what that ingest read
    recorded_at: str  # when, with its offset
    dates: list[str]
    records: int  # of this file
    clashing: int
    shown: int

    def said(self) -> Said:
        from engine.household_input import first_names
        from engine.monitor.voids import local_time

        at, dates = local_time(self.recorded_at), first_names(self.dates)
        return Said(f"{self.clashing:,} of its {self.records:,} records clash with the snapshots of {self.source} "
                    f"ingested on {at} for the same date ({dates}): another export of this date was ingested "
                    f"already; none of them is recorded (the first {self.shown} are shown above)",
                    f"{self.records:,} 条记录中有 {self.clashing:,} 条与 {at} 导入的 {self.source} 中同一日期"
                    f"（{first_names(self.dates, 'zh')}）的快照冲突：这一日期的另一份导出已经导入过；这些记录都未记入"
                    f"（上面只列出了前 {self.shown} 条）")

    def help(self) -> Said:
        return Said(f"check which export of this date is the right one: a household has one record per date, so "
                    f"these records go in only on a date of their own, or once the snapshots of {self.source} "
                    "are voided",
                    f"请核对这一日期哪一份导出是对的：一户家庭每个日期只有一条记录，这些记录要另给日期，"
                    f"或先作废 {self.source} 的快照，才能记入")


SHOWN_CLASHES = 3  # a file's H007 errors against one earlier ingest shown one by one before they are said at once


@dataclass(frozen=True)
class Rules:
    """How each record finds its policy and date."""

    policies: tuple[Policy, ...]
    chosen: Policy | None
    policy_dir: str
    forced_date: datetime.date | None
    today: datetime.date

    def day(self, data: Any) -> datetime.date:
        if self.forced_date is not None:
            return self.forced_date
        return own_date(data) or self.today  # a date in another form: the validator names it

    def policy(self, day: datetime.date) -> Policy:
        return self.chosen or in_force(list(self.policies), day, self.policy_dir)

    def candidates(self) -> tuple[Policy, ...]:
        return (self.chosen,) if self.chosen is not None else self.policies

    def index(self, policy: Policy) -> int:
        return next(i for i, p in enumerate(self.candidates()) if p is policy)


# -- reading ----------------------------------------------------------------------------


def input_files(target: str) -> list[str]:
    """The files an ingest target stands for, in order; raises `IngestError`."""
    if target == "-":
        return ["-"]
    path = Path(target)
    if path.is_dir() and csv_tables(path):
        return [target]  # one input, read as `policy batch` reads it: one transaction
    if path.is_dir():
        files = [str(p) for p in household_files(path)]  # a compressed one is a bad record that says so
        if not files:
            raise IngestError(Said(f"{target}: no .json or .jsonl files in this folder, and no households.csv (a "
                                   "folder is read for its JSON and JSON Lines files, or for the CSV tables "
                                   "households.csv and members.csv, as `policy batch` reads them)",
                                   f"文件夹 {target} 中没有 .json 或 .jsonl 文件，也没有 households.csv"
                                   "（文件夹中读取的是 JSON 和 JSON Lines 文件，或 CSV 表 households.csv 和 "
                                   "members.csv，与 `policy batch` 读取的相同）"))
        return files
    if not path.exists():
        raise IngestError(Said(f"{target}: no such file or folder", f"没有文件或文件夹 {target}"))
    return [target]


def exact_json(value: Any, canonical: bool = False) -> str:
    """JSON text of data read with exact decimals, numbers written as read; `canonical`: keys in sorted order and
    each number in its shortest form (`30000` for `30000.00`), so that the same data gives the same text."""
    if isinstance(value, dict):
        items = sorted(value.items()) if canonical else value.items()
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{exact_json(v, canonical)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(exact_json(v, canonical) for v in value) + "]"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if canonical else str(value)
    return json.dumps(value, ensure_ascii=False)


def canonical_json(household_json: bytes) -> str | None:
    """A record's household data in one form, whatever the spacing, line ends, byte-order mark, key order and
    writing of numbers it was exported with, and without its `date` (the snapshot's date stands for it) or an
    empty list of lines (`"expenses": []`, which CSV tables leave out): two records hold the same data exactly when
    these are equal. None for text that is not JSON."""
    try:
        data = read_json(household_json.decode("utf-8", errors="strict"), "")
    except (HouseholdError, UnicodeDecodeError):
        return None
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "date" and v != []}
    return exact_json(data, canonical=True)


def csv_tables(path: Path) -> Path | None:
    """The `households.csv` of CSV tables (`docs/batch.md`) that a target stands for: a folder holding it, or the
    table itself, compressed or not; None for anything else."""
    from engine.batch.csv_tables import table_in
    from engine.household_input import PACKED_SUFFIXES

    if path.is_dir():
        households = table_in(path, "households.csv")
        return households if households.is_file() else None
    names = {f"households.csv{suffix}" for suffix in ("", *PACKED_SUFFIXES)}
    return path if path.name in names and path.is_file() else None


READS = Said("JSON and JSON Lines", "JSON 和 JSON Lines")
CSV_TABLES = Said("CSV is read as the tables of `policy batch`: give the folder that holds households.csv and "
                  "members.csv (and lines.csv), or its households.csv; docs/batch.md shows the columns. Else export "
                  "the households as JSON Lines (one household a line): docs/formats.md shows the fields",
                  "CSV 按 `policy batch` 的表格读取：请给出存放 households.csv 和 members.csv（以及 lines.csv）的"
                  "文件夹，或其中的 households.csv；各列见 docs/batch.md。否则请把家庭导出为 JSON Lines（每行一户）："
                  "字段见 docs/formats.md")
TABLES = Said("tables are read by `policy batch`, which keeps no register; to record these households, export them "
              "as JSON Lines (one household a line): docs/formats.md shows the fields",
              "表格由 `policy batch` 读取，它不记入台账；要记录这些家庭，请把它们导出为 JSON Lines（每行一户）：字段见 "
              "docs/formats.md")


def records(name: str, stdin: BinaryIO | None = None, policies: tuple[Policy, ...] = (),
            notes: list[tuple[str, Said]] | None = None) -> Iterator[Record]:
    """The records of one file (or `-`, or CSV tables: `policies` give the types of their columns, and `notes`
    hears what they leave to defaults); raises `OSError` when it cannot be read."""
    households = csv_tables(Path(name)) if name != "-" else None
    if households is not None:
        yield from _table_records(Path(name), households, policies, notes if notes is not None else [])
        return
    if name == "-":
        assert stdin is not None
        raw, source = stdin.read(), "<stdin>"
    else:
        raw, source = Path(name).read_bytes(), name
    packing = compression_of(raw)
    if packing is not None and packing[0] != "zip":  # gzip, bzip2, xz, zstd: read as `policy batch` reads them
        try:
            raw = _decompressed(raw, packing[0], source)
        except HouseholdError as error:
            yield Record(source, None, problem=error)
            return
        name = name.rsplit(".", 1)[0] if packed_name(Path(name)) else name  # `2026-03.jsonl.gz`: JSON Lines
    tables = CSV_TABLES if Path(name).suffix.lower() == ".csv" else TABLES
    refused = other_format(raw, name, source, "policy monitor ingest", READS, tables) or compressed(raw, source)
    if refused is not None:  # one bad record, not one per line of a table or of a zip archive
        yield Record(source, None, problem=HouseholdError([refused]))
        return
    text = raw.lstrip(b"\xef\xbb\xbf").strip()
    if name.lower().endswith(".jsonl") or (not text.startswith(b"[") and b"\n{" in text):
        for number, line in enumerate(raw.split(b"\n"), 1):
            line = line.strip().lstrip(b"\xef\xbb\xbf") if number == 1 else line.strip()
            if line:
                yield Record(f"{source}:{number}", line)
        return
    if not text.startswith(b"["):
        yield Record(source, text)
        return
    try:
        items = read_json(text.decode("utf-8", errors="replace"), source)
    except HouseholdError as error:
        yield Record(source, None, problem=error)
        return
    for i, item in enumerate(items):
        yield Record(f"{source}[{i}]", None, data=item)


def _table_records(target: Path, households: Path, policies: tuple[Policy, ...],
                   notes: list[tuple[str, Said]]) -> Iterator[Record]:
    """The households of CSV tables, read by `policy batch`'s reader: each with its data built from the cells and
    where its members' and lines' rows are; a row no household's, or a table that cannot be read, a bad record."""
    from engine.batch.csv_tables import CsvTables
    from engine.batch.readers import InputError, placed

    try:
        tables = CsvTables(households.parent, policies, households=households)
    except InputError as error:  # a table missing, a header every row would be refused for: one bad record
        yield Record(str(target), None, problem=HouseholdError(
            error.diagnostics or [Diagnostic.said("H001", error.said, None, source_file=str(target))]))
        return
    try:
        notes.extend((note.level, note.said) for note in tables.notes)
        for row in tables.records():
            if row.problem is not None:
                yield Record(row.source, None, problem=HouseholdError([placed(row.problem, row.places)]))
            else:
                yield Record(row.source, None, data=row.data, places=row.places, cells=row.cells)
    except InputError as error:
        yield Record(str(households), None, problem=HouseholdError(
            error.diagnostics or [Diagnostic.said("H001", error.said, None, source_file=str(households))]))
    finally:
        tables.close()


def _decompressed(raw: bytes, kind: str, source: str) -> bytes:
    """The text of a compressed file; `HouseholdError` (H001) when nothing here reads `kind`, or the data is
    damaged, in the words of `policy batch`."""
    from engine.batch.readers import DAMAGED, InputError, can_decompress, damaged, decompressing

    try:
        can_decompress(Path(source), kind)
        try:
            with decompressing(io.BytesIO(raw), kind) as text:
                return bytes(text.read())
        except DAMAGED as error:
            raise damaged(source, kind, 0, error) from None
    except InputError as error:  # said of the file, which the finding's place names already
        said = Said(error.said.en.removeprefix(f"{source}: "), error.said.zh.removeprefix(f"{source}："))
        raise HouseholdError([Diagnostic.said("H001", said, None, source_file=source)]) from None


# -- deciding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """A record that became a snapshot, waiting to be written."""

    source: str
    household: str
    date: str
    policy: int  # index in `Rules.candidates()`
    raw: bytes
    facts: Facts
    undated: bool = False  # dated today for want of a `date` (and of --date)
    # each doubt about it (`engine.doubts`: a line given twice, a head of household, a figure), by kind, said
    doubted: tuple[tuple[str, Said], ...] = ()

    def row(self, policy_row: int) -> SnapshotRow:
        f = self.facts
        return SnapshotRow(self.household, self.date, self.source, policy_row, f.status, f.near_gap, self.raw,
                           f.decision, f.verdicts, f.near, f.sides)


def decide(record: Record, rules: Rules) -> Decided | Problem:
    """Validate and evaluate one record: what to record, or the problem that stops it."""
    data: Any = record.data
    hid = "?"
    try:
        if record.problem is not None:
            raise record.problem
        if record.raw is not None:
            data, exact = parse(record.raw, record.source)
        else:
            exact = True
        hid = household_id(data) or "?"
        day = rules.day(data)
        policy = rules.policy(day)
        household = household_from(record.raw, data, exact, policy, record.source, day, cells=record.cells)
        decision = evaluate(policy, household, day)
    except HouseholdError as error:
        if record.places:  # a member's or a line's finding, at its row of members.csv or lines.csv
            from engine.batch.readers import placed

            return Problem(record.source, [placed(d, record.places) for d in error.diagnostics])
        return Problem(record.source, error.diagnostics)
    except PolicyError as error:
        return Problem(record.source, [_about(hid, d, record.source) for d in error.diagnostics])
    except EvaluationError as error:
        return Problem(record.source, [_about(hid, error.diagnostic, record.source, placed=True)])
    raw = record.raw if record.raw is not None else exact_json(data).encode("utf-8")
    return Decided(record.source, household.id, day.isoformat(), rules.index(policy), raw, facts_of(decision),
                   undated=rules.forced_date is None and household.date is None,
                   doubted=tuple((d.kind, d.short(dict(record.places))) for d in doubts(household, policy)))


def decide_all(chunk: list[Record], rules: Rules) -> list[Decided | Problem]:
    return [decide(record, rules) for record in chunk]


# -- workers ----------------------------------------------------------------------------

_rules: Rules | None = None


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops and rolls back


def _work(chunk: list[Record]) -> list[Decided | Problem]:
    assert _rules is not None
    return decide_all(chunk, _rules)


def _decided(source: Iterator[Record], rules: Rules, jobs: int) -> Iterator[tuple[Record, Decided | Problem]]:
    """Each record with its outcome, in input order; `jobs` > 1 decides chunks in forked workers."""
    chunks = _batched(source, CHUNK)
    first = next(chunks, [])
    if jobs <= 1 or len(first) < CHUNK:  # a small file is decided before a pool would have started
        for chunk in itertools.chain([first], chunks):
            yield from zip(chunk, decide_all(chunk, rules), strict=True)
        return
    chunks = itertools.chain([first], chunks)
    global _rules
    _rules = rules  # inherited by the forked workers: policies are never pickled
    sent: collections.deque[list[Record]] = collections.deque()  # the chunks the workers have, in order

    def tasks() -> Iterator[list[Record]]:
        for chunk in chunks:
            sent.append(chunk)
            yield chunk
    try:
        for outcomes in ordered_map(_work, tasks(), jobs, _init_worker):
            yield from zip(sent.popleft(), outcomes, strict=True)
    finally:
        _rules = None


def _batched(items: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


# -- recording --------------------------------------------------------------------------


def ingest_file(register: Register, name: str, rules: Rules, *, strict: bool = False, jobs: int = 1,
                on_problem: Callable[[Problem], None] = lambda p: None,
                on_warning: Callable[[str, Said], None] = lambda source, said: None,
                stdin: BinaryIO | None = None) -> IngestReport:
    """Record every good record of one file in one transaction (see the module docstring); `on_warning` hears of
    each snapshot recorded with a date after today, by its place, once the file is recorded."""
    report = IngestReport("<stdin>" if name == "-" else name)
    warned: list[tuple[str, Said]] = []
    start = time.perf_counter()
    candidates = rules.candidates()
    try:
        with register.transaction():
            batch = register.new_batch("ingest", report.source)
            writer = register.snapshot_writer(batch, CHUNK)
            clashes: dict[int, list[Problem]] = {}  # H007 errors, by the earlier ingest clashed with
            held: set[tuple[str, str]] = set()  # (household, date) of this file's snapshots
            newest: dict[str, str] = {}  # household → the date of its latest snapshot in this file
            arrived: dict[str, tuple[str, str]] = {}  # household new to the register → (source, date) of its first
            read = records(name, stdin, rules.candidates(), report.notes)
            for record, outcome in _decided(read, rules, jobs):
                report.records += 1
                if isinstance(outcome, Decided):
                    policy_row = register.policy_id(candidates[outcome.policy])
                    if (outcome.household, outcome.date) in held:
                        writer.flush()  # the earlier record of that day, where `same_day` finds it
                    judged = _judge(outcome, policy_row, register.same_day(outcome.household, outcome.date))
                    if judged is False:
                        continue  # already recorded: counted below
                    if judged is True:
                        held.add((outcome.household, outcome.date))
                        if outcome.household not in newest and not register.knows(outcome.household):
                            arrived.setdefault(outcome.household, (outcome.source, outcome.date))
                        _heed(outcome, register, newest, rules, report, warned)
                        writer.add(outcome.row(policy_row))
                        continue
                    outcome = judged
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
            _written_like(register, arrived, report, warned)
            report.duplicates = report.records - report.bad - report.recorded
            register.finish_batch(batch, report.recorded, report.bad, report.duplicates)
    except StrictStop as stop:
        report.rolled_back = Said(f"strict mode: bad record at {stop}", f"严格模式：{stop} 处有错误记录")
        report.recorded = report.duplicates = report.warnings = report.older = report.undated = report.new = 0
        report.what_if.clear()
        warned.clear()
    for source, said in warned:
        on_warning(source, said)
    report.seconds = time.perf_counter() - start
    return report


WRITTEN_LIKE_SHOWN = 20  # households new to the register warned of one by one, the rest counted


def _written_like(register: Register, arrived: dict[str, tuple[str, str]], report: IngestReport,
                  warned: list[tuple[str, Said]]) -> None:
    """Warn of each household new to the register whose id is a known household's typed otherwise: written alike
    (`DS-00001`, `ds-0001` for `DS-0001`) or one character apart (`D5-0001`). Recorded under its own id, its data
    is never compared with the household's: most often a slip of the export, fixed by voiding and ingesting again."""
    from engine.spelling import ids_alike

    known = [hid for hid in register.household_ids() if hid not in arrived] if arrived else []
    if not known:  # nothing new, or a register's first households
        return
    found = ids_alike(arrived, known)
    for shown, (hid, (other, alike)) in enumerate((hid, found[hid]) for hid in arrived if hid in found):
        report.warnings += 1
        if shown == WRITTEN_LIKE_SHOWN:
            more = len(found) - WRITTEN_LIKE_SHOWN
            warned.append((report.source, Said(
                f"{more:,} more household{'' if more == 1 else 's'} new to the register "
                f"{'has' if more == 1 else 'have'} the id of a known household typed otherwise; "
                "`policy monitor show ID` lists each household's snapshots",
                f"另有 {more:,} 户新家庭的编号像是台账中已有家庭的编号录错了；"
                "`policy monitor show 编号` 会列出各户的快照")))
        if shown >= WRITTEN_LIKE_SHOWN:
            continue
        source, date = arrived[hid]
        how = (Said(f"that of household {other} written with another case, separators, full-width characters or "
                    "zero padding", f"与家庭 {other} 的只有大小写、分隔符、全角半角或数字前补零不同") if alike else
               Said(f"one character away from that of household {other}", f"与家庭 {other} 的只差一个字符"))
        void = f"`policy monitor void {hid} --date {date} --reason …`"
        warned.append((source, Said(
            f"household {hid} is new to the register, and its id is {how.en}: if it is the same household, its data "
            f"is not compared with {other}'s: void the snapshot with {void} and ingest the record again with the id "
            f"{other}",
            f"家庭 {hid} 是台账中的新家庭，其编号{how.zh}：若是同一户，它的数据不会与 {other} 的比较：请用 {void} "
            f"将快照作废，改用编号 {other} 重新导入")))


def _heed(decided: Decided, register: Register, newest: dict[str, str], rules: Rules, report: IngestReport,
          warned: list[tuple[str, Said]]) -> None:
    """Count (and warn of) what a newly recorded snapshot's date means: a date after today is most often a typo in
    the year; one before the household's latest snapshot changes the two that alerts compare; one outside the
    window of the policy chosen makes the snapshot a what-if; today, for want of a date, may not be the day the
    data was collected."""
    hid, date = decided.household, decided.date
    day = datetime.date.fromisoformat(date)
    if day > rules.today:
        report.warnings += 1
        typo = after_today(hid, day, rules.today)
        void = f"`policy monitor void {hid} --date {date} --reason …`"
        warned.append((decided.source, Said(f"household {typo.en} (the snapshot is recorded: if its date is wrong, "
                                            f"void it with {void})",
                                            f"家庭 {typo.zh}（快照已记入；若日期有误，请用 {void} 将其作废）")))
    for kind, doubt in decided.doubted:  # most often a slip of the export: recorded as given, and said
        report.warnings += 1
        void = f"`policy monitor void {hid} --date {date} --reason …`"
        if kind == REPEATED:  # most often a line pasted twice
            warned.append((decided.source, Said(
                f"household {hid}: {doubt.en}; the snapshot is recorded with both lines counted: if one was "
                f"pasted twice, void it with {void} and ingest the record corrected",
                f"家庭 {hid}：{doubt.zh}；快照已记入，两条都已计入：如是重复粘贴，请用 {void} 将其作废，"
                "改正后重新导入")))
            continue
        warned.append((decided.source, Said(
            f"household {hid}: {doubt.en}; the snapshot is recorded as given: if the data is wrong, void it with "
            f"{void} and ingest the record corrected",
            f"家庭 {hid}：{doubt.zh}；快照已按所填记入：如数据有误，请用 {void} 将其作废，改正后重新导入")))
    report.undated += decided.undated
    if rules.chosen is not None and not rules.chosen.meta.in_force(day):
        report.what_if[date] += 1
    latest = max(register.latest_date(hid) or "", newest.get(hid, ""))
    if date < latest:
        report.older += 1
    newest[hid] = max(date, newest.get(hid, ""))


def _judge(decided: Decided, policy_row: int, same_day: list[SameDay]) -> bool | Problem:
    """Whether a decided record is new (True) or already recorded (False), given the snapshots of its household
    and date; a record with other data than they hold is a bad record (H007) that names where the first came from."""
    digest, data = digest_of(decided.raw), None
    same = []
    for s in same_day:  # the same bytes, else the same data written otherwise (an export made again)
        if s.digest != digest:
            data = data or canonical_json(decided.raw)
            if data is None or canonical_json(s.household_json) != data:
                continue
        same.append(s)
    if any(s.policy == policy_row for s in same):
        return False  # voided or not: a snapshot voided stays so when its export is ingested again
    live = [s for s in same_day if not s.voided]  # a voided snapshot's data is no record of that date
    if not live or any(not s.voided for s in same):
        return True  # the same data under another policy version (a what-if, a reassessment) is a snapshot of its own
    hid, date, first = decided.household, decided.date, live[0].source
    return Problem(decided.source, [Diagnostic.said(
        "H007", Said(f"household {hid} already has a record dated {date}, with other data ({first})",
                     f"家庭 {hid} 在 {date} 已有一条数据不同的记录（{first}）"), None,
        help=Said("is this record another household's? Check its `id`; a household has one record per date, so a "
                  "correction needs a `date` of its own",
                  "这条记录是否属于别的家庭？请核对它的 `id`；一户家庭每个日期只有一条记录，"
                  "更正的数据要另给一个 `date`"),
        source_file=decided.source)], clash=live[0], date=date)


def _about(hid: Any, d: Diagnostic, source: str, placed: bool = False) -> Diagnostic:
    """A finding about the policy or a rule, said of the household it stopped, in both languages (`placed`:
    with the place of the rule)."""
    zh = d.in_lang("zh")
    where = (f" (rule at {d.span})", f"（规则位于 {d.span}）") if placed and d.span else ("", "")
    help = None if d.help is None else Said(d.help, zh.help or d.help)
    return Diagnostic.said(d.code, Said(f"household {hid}: {d.message}{where[0]}",
                                        f"家庭 {hid}：{zh.message}{where[1]}"), None, help=help, source_file=source)
