"""A policy diff × households → who moves from which category to which, and why.

Input: a `PolicyDiff`, the data of both policy files (`YamlDocument`s), household
records and the days to decide them on (`Days`). Output: an `Impact` — transition matrices at
household and member level, every household whose categories changed with the
changes that cause it, assistance totals under both versions, the days the households
were decided on, and the records that could not be evaluated. Invariants: every household
is evaluated under both versions on the day `policy batch` would decide it on (--date when
given, else its own `date`, else today: `engine.household.decision_day`); a cause is found by
evaluation, never guessed: each change is applied on its own to the old policy
(a *hybrid* built at the data level and loaded like any policy file) and is a
cause when that alone changes the household's result; a bad record is reported
and counted and never stops the run. `ImpactRun` is the reference: one household at
a time with the exact evaluator. `engine.diff.impact_fast` computes the same `Impact`
over chunks with the fast engine; both attribute a change through the one
`Attribution.causes` generator below, so they can only differ in how a hybrid's
classification is obtained, never in what is done with it.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import sys
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from engine.diagnostics import Diagnostic, Said, found_at, record_entry
from engine.diff.changes import PolicyDiff
from engine.diff.hybrid import Component, Hybrid, Hybrids
from engine.diff.settled import SettledMoves
from engine.diff.warned import Warned, WarnedHousehold
from engine.evaluator import Decision, EvaluationError, Grant, HouseholdContext, evaluate, program_for
from engine.explain.coming_of_age import year_of_grants, year_of_starts
from engine.household import (
    Household,
    HouseholdError,
    ReadFrom,
    decision_day,
    household_id,
    own_date,
    validate_household,
)
from engine.household_input import (
    compression_of,
    household_files,
    household_text,
    json_lines_text,
    read_json,
    read_list,
)
from engine.jsonsource import JsonText
from engine.model import Policy
from engine.syntax import ast
from engine.tracing import NULL_TRACER
from engine.yamlsource import YamlDocument

if TYPE_CHECKING:
    from engine.batch.readers import InputNote
    from engine.batch.renamed import Renames

NONE = "none"
COUNTED = Said("each record is counted in the figures of the report", "报告中的各项数字对每条记录都分别计入")
MONTHS = 12  # the payments of a monthly grant in a year


# -- outcomes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """The categories of a household and of each of its members."""

    categories: tuple[str, ...]
    members: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def label(self) -> str:
        return combined(self.categories)


def combined(categories: Iterable[str]) -> str:
    """Several categories held at once read as one label, in the policy file's order: `dibao+monitoring`."""
    return "+".join(categories) or NONE


def outcome(decision: Decision) -> Outcome:
    return Outcome(decision.categories, tuple(decision.members.items()))


def shape(policy: Policy) -> tuple[Any, ...]:
    """What household validation depends on: two policies with the same shape read a household alike."""
    fields = tuple(sorted((k, f.type, f.values, f.has_default, str(f.default), f.nullable, f.minimum, f.maximum,
                           f.given_with) for k, f in policy.inputs.items()))
    return fields, tuple(sorted(policy.income)), tuple(sorted(policy.expenses))


def classification_basis(policy: Policy) -> Any:
    """All a policy's classification of a household depends on: two policies with equal bases classify alike.

    The household's shape (validation), income and expense types (the totals), the categories, and
    every definition and parameter their rules reach (parameters with their values).
    """
    roots = [clause.test.node for c in policy.categories for clause in c.clauses]
    roots += [i.share.node for i in policy.income.values() if i.share is not None]
    names: set[str] = set()
    while roots:
        for node in roots.pop().walk():
            if isinstance(node, ast.Name) and node.dotted not in names:
                names.add(node.dotted)
                if node.dotted in policy.definitions:
                    roots.append(policy.definitions[node.dotted].expr.node)
                if node.dotted in policy.parameters:
                    roots.append(policy.parameters[node.dotted].expr.node)
    definitions = sorted(((n, policy.definitions[n]) for n in names if n in policy.definitions), key=lambda x: x[0])
    parameters = sorted(((n, policy.parameters[n].expr, policy.parameter_values.get(n)) for n in names
                         if n in policy.parameters), key=lambda x: x[0])
    return (shape(policy), tuple(policy.categories), tuple(policy.income.items()), tuple(policy.expenses.items()),
            definitions, parameters)


# -- days -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Days:
    """The day each household is decided on, as `policy batch` chooses it (`engine.household.decision_day`)."""

    today: datetime.date  # the day of a household that gives no `date` of its own
    forced: datetime.date | None = None  # --date: every household's day, its own `date` ignored

    def of(self, data: Any) -> datetime.date:
        return decision_day(data, self.forced, self.today)

    def undated(self, data: Any) -> bool:
        """Whether the household is decided on today for want of a `date` of its own."""
        return self.forced is None and own_date(data) is None


def days_of(days: Days | datetime.date) -> Days:
    """The days of a run; a plain date is every household's (as --date sets it)."""
    return days if isinstance(days, Days) else Days(days, days)


# -- reading households -----------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    source: str  # file, file:line or file[index]
    data: Any = None
    error: HouseholdError | None = None
    places: tuple[tuple[str, str, int], ...] = ()  # a CSV household's members and lines: their rows (`Record.places`)
    cells: bool = False  # read from CSV cells (`engine.batch.readers.Record.cells`)
    parquet: bool = False  # read from Parquet (`engine.batch.readers.Record.parquet`)
    headers: tuple[tuple[str, str], ...] = ()  # renamed headers of CSV tables (`engine.batch.readers.Record.headers`)
    stray: bool = False  # with `error`: a row of CSV tables that is no household's, counted apart (as batch does)
    number: int | None = None  # the record's number in `policy batch`'s readers (`Input.where` places it)
    row: int | None = None  # the line `source` names (`households.csv:5`, `households.jsonl:17`): `Record.row` of batch
    # where its JSON text is, to place a warning about its data in it: the file and the line the text starts on, and
    # the household's place in it (its index in a list); the text itself for a line of JSON Lines, else none: a JSON
    # file, read again only for a household warned of
    at: tuple[str, int] | None = None
    within: tuple[int, ...] = ()
    text: str | None = field(default=None, compare=False, repr=False)

    @property
    def text_at(self) -> tuple[str, int] | None:
        return self.at

    @property
    def item(self) -> tuple[str, int] | None:
        """An item of a `.json` file's list: the file and its index, as batch's `Record.item`."""
        return (self.at[0], self.within[0]) if self.at is not None and self.within else None

    @property
    def line(self) -> int:
        return self.number if self.number is not None else 1  # (none: a JSON file, read as a whole)

    @property
    def read_from(self) -> ReadFrom:
        """The form its household's texts were read from, which tells how a control character came into one (H016):
        `Household.read_from`."""
        return "csv" if self.cells else "parquet" if self.parquet else "json"

    def refused(self, household: str | None, policy: str | None, diagnostics: Iterable[Diagnostic]) -> BadRecord:
        """The record as a bad record, refused by `policy` (None: no version could read it) for `diagnostics`."""
        return BadRecord(self.source, household, policy, tuple(diagnostics), self.row, self.starts_on())

    def starts_on(self) -> int:
        """The line of `source` the record starts on, as batch's errors file gives it (`line_in_source`)."""
        from engine.batch.readers import line_in_source

        return line_in_source(self)

    def findings(self, error: HouseholdError, texts: dict[str, JsonText]) -> tuple[Diagnostic, ...]:
        """What validation found, each at the row it is about when the household was read from CSV tables, else at
        its line and column in the record's JSON text (a JSON file read once into `texts`), as batch places it."""
        if self.places or self.headers or self.cells:
            return self._at_rows(error.diagnostics)
        text = self._text(texts)
        return tuple(error.located(text, self.within) if text is not None else error.diagnostics)

    def _at_rows(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        """Findings about a household of CSV tables, each at the row of its member or line."""
        from engine.batch.readers import placed

        return tuple(placed(d, self.places, self.headers, self.source) for d in diagnostics)

    def _text(self, texts: dict[str, JsonText]) -> JsonText | None:
        """The JSON text the record is in: its line, or its file (read once into `texts`); None when not known."""
        if self.at is None:
            return None
        file, line = self.at
        if self.text is not None:
            return JsonText(self.text, file, line)
        if file not in texts:
            texts[file] = JsonText(household_text(Path(file).read_bytes(), file), file)
        return texts[file]

    def warnings(self, decided: Sequence[tuple[Household, Policy]], day: datetime.date,
                 texts: dict[str, JsonText]) -> tuple[Diagnostic, ...]:
        """What its household, decided on `day`, most likely got wrong (H009 to H015, `engine.doubts.warnings`) as
        read under each version (`decided`), each once, at its place in the record's text (a JSON file read once
        into `texts`), or at the rows of CSV tables; in the order of the text."""
        from engine.doubts import in_text_order, warnings

        found: dict[tuple[str, str | None], Diagnostic] = {}
        decided = [(dataclasses.replace(household, read_from=self.read_from), policy) for household, policy in decided]
        for household, policy in decided:
            for d in warnings(household, policy, day, self.source):
                found.setdefault((d.code, d.path), d)
        if self.places or self.headers or self.cells:
            return self._at_rows(found.values())
        text = self._text(texts) if found else None
        if text is None:
            return tuple(found.values())
        placed: dict[tuple[str, str | None], Diagnostic] = {}
        for household, policy in decided:
            for d in warnings(household, policy, day, self.source, text, self.within):
                placed.setdefault((d.code, d.path), d)
        return tuple(in_text_order(placed.values()))


@dataclass(frozen=True)
class Line:
    """One line of a JSON Lines file, not parsed yet (`parse_line` reads it)."""

    source: str  # file:line
    text: str
    at: tuple[str, int] | None = None  # the file and the line, to place what cannot be read
    unended: bool = False  # the last line of a stream, with no line break after it (`engine.batch.readers.Record`)


def read_records(path: Path) -> Iterator[Record]:
    """Household records from JSON Lines, a JSON file (one household or a list), or a folder of them."""
    for item in record_sources(path):
        yield parse_line(item) if isinstance(item, Line) else item


@dataclass(frozen=True)
class TableInput:
    """Households that `policy batch`'s readers read (`households_input`), in chunks that a worker process
    reads itself (`chunk_records`)."""

    source: Any  # an `engine.batch.readers.Input`

    def chunks(self, size: int) -> Iterator[Any]:
        return self.source.chunks(size)


def chunk_records(payload: Any) -> list[Record]:
    """The records of one chunk of a `TableInput`."""
    from engine.batch.readers import records_of

    return list(_read_by_batch(iter(records_of(payload))))


# how `policy diff` takes a policy, for the help of one given as its households
POLICIES_GIVEN = Said("the policies to compare are the OLD and NEW arguments: `policy diff OLD NEW --households "
                      "HOUSEHOLDS`", "要比较的政策是参数旧政策和新政策：`policy diff 旧政策 新政策 --households 路径`")


def households_input(path: Path, policies: Sequence[Policy], stdin: IO[bytes] | None = None,
                     ignored: frozenset[str] = frozenset(), renamed: Renames | None = None
                     ) -> tuple[Iterable[Record | Line] | TableInput, list[InputNote]]:
    """The records of `--households`, and the notes to say before them. JSON is read by `record_sources`;
    CSV tables, Parquet (a file or a folder of parts), compressed JSON Lines and JSON Lines from `stdin`
    (`-`) by `policy batch`'s readers (`TableInput`), which check the columns against the policies at once
    (raising `engine.batch.readers.InputError`), passing over the columns of `--ignore-column` (`ignored`: the
    chunks take them out of each record), and note the inputs no column gives; CSV tables read with the headers
    `--rename-column` renames (`renamed`), which no other input can be."""
    from engine.batch.readers import JsonFolder, beyond_json, file_in_utf8, one_document, open_input

    if str(path) != "-" and not beyond_json(path):
        if renamed and renamed.pairs:
            from engine.batch.renamed import not_tables

            raise not_tables(str(path), "json")
        if path.is_dir():  # what batch notes of a folder, and refuses in one (a file of decisions among them)
            return record_sources(path), list(JsonFolder(path, policies).notes)
        # what batch refuses of a file: empty, of decisions, a policy; and JSON Lines in another encoding
        if not one_document(path, POLICIES_GIVEN):
            file_in_utf8(path)
        return record_sources(path), []
    source = open_input(path, policies, stdin=stdin, ignored=ignored, renamed=renamed)
    if "pyarrow" in sys.modules:  # tables, read through Arrow
        from engine.batch.no_pandas import arrow_without_pandas

        arrow_without_pandas()
    return TableInput(source), list(source.notes)


def _read_by_batch(records: Iterator[Any]) -> Iterator[Record]:
    for r in records:
        if r.problem is not None:
            yield Record(r.source, error=HouseholdError([r.problem], r.household), stray=r.stray, number=r.number,
                         row=r.row, at=r.text_at)
        elif r.raw is not None:  # a line of JSON Lines (compressed, or standard input), or a JSON file
            text = unparsed(r.source, r.raw, r.text_at, r.unended)
            yield dataclasses.replace(parse_line(text) if isinstance(text, Line) else text, number=r.number)
        else:
            yield Record(r.source, r.data, places=r.places, cells=r.cells, number=r.number, headers=r.headers,
                         row=r.row, parquet=r.parquet)


def record_sources(path: Path) -> Iterator[Record | Line]:
    """The records of `read_records`, with JSON Lines left unparsed (so another process can parse them)."""
    if path.is_dir():
        for child in household_files(path):
            yield from record_sources(child)
        return
    name = str(path)
    raw = path.read_bytes()
    # JSON Lines in UTF-16 are read whole, one bad record told as UTF-16, as `policy batch` reads a folder's (its
    # lines split as UTF-8 were each a bad record, `not valid JSON`); JSON Lines or one document as batch judges
    # them (a `.jsonl` file holding one household written over many lines is that household, not a bad record a line)
    if compression_of(raw) is None and json_lines_text(path.name, io.BytesIO(raw)):
        from engine.batch.line_block import Lines

        lines = Lines(raw, 1)  # split as `policy batch` splits them, each line read on its own
        for number, line in zip(lines.numbers, lines, strict=True):
            yield unparsed(f"{name}:{number}", line, (name, number))
        return
    try:
        text = household_text(raw, name)
    except HouseholdError as error:
        yield Record(name, error=error)
        return
    try:  # JSON that is not valid: at its line and column before the words, as `policy eval` places it
        data = read_list(text, name, (name, 1))
    except HouseholdError as error:
        yield Record(name, error=error)
        return
    if isinstance(data, list):  # an item that cannot be read: its own bad record, placed already
        yield from (Record(f"{name}[{i}]", error=item, at=(name, 1), within=(i,)) if isinstance(item, HouseholdError)
                    else Record(f"{name}[{i}]", item, at=(name, 1), within=(i,)) for i, item in enumerate(data))
    else:
        yield Record(name, data, at=(name, 1))


def unparsed(source: str, raw: bytes, at: tuple[str, int] | None, unended: bool = False) -> Line | Record:
    """JSON text as `policy batch` reads it (a line of JSON Lines, or a file: `at`, where it starts; `unended`, as
    `Line.unended`), not parsed yet: text that is not UTF-8 is the bad record of that household alone, placed at its
    first such byte."""
    try:
        return Line(source, household_text(raw, source, at).lstrip("\ufeff"), at, unended)
    except HouseholdError as error:
        return Record(source, error=error, at=at, row=at[1] if at is not None else None)


def parse_line(line: Line) -> Record:
    try:
        return Record(line.source, read_json(line.text, line.source, line.at, line.unended), at=line.at, text=line.text,
                      row=line.at[1] if line.at is not None else None)
    except HouseholdError as error:
        return Record(line.source, error=error, at=line.at, row=line.at[1] if line.at is not None else None)


# -- the impact -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cause:
    """A change (with any it cannot be applied without) that alone changes the household's result."""

    key: str
    needs: tuple[str, ...]
    result: Outcome
    exact: bool  # it alone gives the new result


@dataclass(frozen=True)
class HouseholdChange:
    id: str
    source: str
    old: Outcome
    new: Outcome
    causes: tuple[Cause, ...]
    combination: tuple[str, ...] = ()  # when no change alone gives the new result: those that do together
    # the changes it names whose note to confirm it does not rest on: the new version without one decides it alike,
    # or it crossed no figure to confirm computed from one (`engine.diff.settled`)
    settled: tuple[str, ...] = ()

    @property
    def named(self) -> set[str]:
        """The changes its move names: its causes, the changes they need, the combination."""
        return named_changes(self.causes, self.combination)


def named_changes(causes: Iterable[Cause], combination: Iterable[str]) -> set[str]:
    """The changes a move names: its causes, the changes they are applied with, the combination."""
    return {*(x.key for x in causes), *(k for x in causes for k in x.needs), *combination}


@dataclass(frozen=True)
class BadRecord:
    source: str
    household: str | None
    policy: str | None  # "old", "new", "both" or None when the record cannot be read at all
    diagnostics: tuple[Diagnostic, ...]
    row: int | None = None  # the line `source` names (`Record.row`)
    line: int | None = None  # the line of `source` the record starts on (`Record.starts_on`)

    def to_json(self, stray: bool = False, chinese: bool = False) -> dict[str, Any]:
        """The record as a line of `policy batch`'s errors file gives it (`record_entry`), its words in English and,
        with `chinese` (a report in Chinese), in Chinese too, as that file gives them, with the version that refused
        it (`policy`); a row of no household (`stray`) without `household` or `policy`."""
        entry = record_entry(self.source, self.line, self.household, self.diagnostics, self.row, chinese)
        findings = entry.pop("diagnostics")
        if stray:
            del entry["household"]
        else:
            entry["policy"] = self.policy
        return {**entry, "diagnostics": findings}

    def place(self, diagnostic: Diagnostic, lang: str = "en") -> str:
        """Where a finding is, in `lang` (`engine.diagnostics.found_at`)."""
        return found_at(diagnostic, self.source, lang)

    def also_refused(self, findings: tuple[Diagnostic, ...]) -> BadRecord:
        """This record, refused by the old version, as the new version refuses it too: its findings under both, each
        once (none more where the two read households alike)."""
        seen = {(d.code, d.message, d.path) for d in self.diagnostics}
        more = tuple(d for d in findings if (d.code, d.message, d.path) not in seen)
        return dataclasses.replace(self, policy="both", diagnostics=self.diagnostics + more)


@dataclass
class MeasureTotal:
    id: str
    department: str
    old_count: int = 0
    new_count: int = 0
    old_zero: int = 0  # grants that came to 0.00 (counted in `old_count` too): nothing was paid
    new_zero: int = 0
    old_amount: Decimal = Decimal(0)  # per year: monthly payments for the months of the year they are paid (`annual`)
    new_amount: Decimal = Decimal(0)
    old_part_year: int = 0  # monthly grants that stop within the year: counted for the months paid, not twelve
    new_part_year: int = 0
    old_starts: int = 0  # of those, grants a day within the year starts (not given on the day decided): `starting`
    new_starts: int = 0
    priced: bool = False  # some grant had an amount (otherwise a service or works)


@dataclass
class Impact:
    date: datetime.date  # --date, else today (the day of a household without a `date` of its own)
    forced: bool = True  # --date decided every household; otherwise each on its own `date`, else today
    dated: Counter[datetime.date] = field(default_factory=Counter)  # day → households evaluated on it
    first_on: dict[datetime.date, tuple[str, str]] = field(default_factory=dict)  # day → its first household, record
    undated: int = 0  # households evaluated on today for want of a `date` of their own
    records: int = 0  # the households read (rows of no household are `stray`)
    evaluated: int = 0
    bad: list[BadRecord] = field(default_factory=list)
    stray: list[BadRecord] = field(default_factory=list)  # rows of CSV tables that are no household's
    repeated_ids: int = 0  # household ids evaluated in more than one record (each record is counted)
    repeated_at: list[int] = field(default_factory=list)  # the record numbers of the first of them (`located`)
    notes: list[tuple[str, Said]] = field(default_factory=list)  # (level, what): what the input's figures rest on
    helps: list[Said] = field(default_factory=list)  # what mends the bad records: an input's default, an option
    # the households evaluated whose data most likely holds a slip (H009 to H013): counted, the first few kept
    warned: Warned = field(default_factory=Warned)
    households: Counter[tuple[str, str]] = field(default_factory=Counter)  # (old label, new label) → count
    members: Counter[tuple[str, str]] = field(default_factory=Counter)
    changed: list[HouseholdChange] = field(default_factory=list)
    measures: dict[str, MeasureTotal] = field(default_factory=dict)
    components: list[Component] = field(default_factory=list)
    unusable: dict[str, Diagnostic] = field(default_factory=dict)  # changes that cannot be applied alone
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # change → changes it must be applied with

    @property
    def day(self) -> datetime.date | None:
        """The one day the households were decided on: --date; else the day every household evaluated was decided
        on, its own `date` or today for one that gives none (today where none was evaluated); None where those days
        differ (see `dated`)."""
        if self.forced or not self.dated:
            return self.date
        return next(iter(self.dated)) if len(self.dated) == 1 else None

    def departments(self) -> list[MeasureTotal]:
        """The measure totals summed by department (`id` is the department)."""
        totals: dict[str, MeasureTotal] = {}
        for t in self.measures.values():
            row = totals.setdefault(t.department, MeasureTotal(t.department, t.department))
            row.old_count += t.old_count
            row.new_count += t.new_count
            row.old_zero += t.old_zero
            row.new_zero += t.new_zero
            row.old_amount += t.old_amount
            row.new_amount += t.new_amount
            row.old_part_year += t.old_part_year
            row.new_part_year += t.new_part_year
            row.old_starts += t.old_starts
            row.new_starts += t.new_starts
            row.priced = row.priced or t.priced
        return list(totals.values())

    @property
    def part_year(self) -> tuple[int, int]:
        """The monthly grants counted for the months paid in the year and not twelve (`annual`), under the old and
        the new version: the line the report says over the assistance totals, and its JSON."""
        return (sum(t.old_part_year for t in self.measures.values()),
                sum(t.new_part_year for t in self.measures.values()))

    @property
    def starts(self) -> tuple[int, int]:
        """Of `part_year`, the grants a day within the year starts (`starting`), under the old and the new version."""
        return sum(t.old_starts for t in self.measures.values()), sum(t.new_starts for t in self.measures.values())


def annual(decision: Decision) -> Iterator[tuple[str, Decimal | None, bool]]:
    """Each grant of a decision as (measure, amount per year, whether it is paid for part of the year only), None
    without amount: a monthly payment for the months of the year from the decision's day it is paid — twelve, unless
    a member's birthday, a date its conditions compare the day with or the policy's end stops it sooner, as its
    explanation's `paid_until` says, with the months a later birthday or date within the year gives it again
    (`engine.explain.coming_of_age.year_of_grants`)."""
    year: Callable[[Grant], tuple[Decimal, int]] | None = None
    for grant in decision.assistance:
        amount = grant.amount
        if amount is None or grant.measure.per != "month":
            yield grant.measure.id, amount, False
            continue
        year = year or year_of_grants(decision)
        total, months = year(grant)
        yield grant.measure.id, total, months < MONTHS


def starting(decision: Decision) -> Iterator[tuple[str, Decimal, bool]]:
    """The monthly grants a day within the year from the decision's starts (a member's birthday, a date window
    opening), which the decision does not give, each as `annual` gives a grant paid for part of the year: (measure,
    what it pays for the months from the day it starts, True) — `engine.explain.coming_of_age.year_of_starts`."""
    assert decision.evaluation is not None, "decided by `evaluate`"
    given = {(g.measure.id, g.member) for g in decision.assistance}
    for measure, _, total, _ in year_of_starts(decision.policy, decision.evaluation, given):
        yield measure, total, True


def classify(policy: Policy, household: Household, date: datetime.date) -> Outcome:
    """The categories alone, as `evaluate` assigns them (without values and assistance)."""
    ctx = HouseholdContext(program_for(policy), household, date, NULL_TRACER)
    return Outcome(
        tuple(c.id for c in policy.categories if c.level == "household" and ctx.assigned(c.id)),
        tuple((m.member.id, tuple(c.id for c in policy.categories if c.level == "member" and m.assigned(c.id)))
              for m in ctx.members))


def new_impact(policy_diff: PolicyDiff, days: Days, attribution: Attribution) -> Impact:
    """An empty impact: every measure of both versions, and what the hybrids found out about the changes."""
    impact = Impact(days.forced or days.today, days.forced is not None, components=attribution.hybrids.components,
                    unusable=dict(attribution.unusable), needs=dict(attribution.needs))
    for measure in (*policy_diff.old.assistance, *policy_diff.new.assistance):
        impact.measures.setdefault(measure.id, MeasureTotal(measure.id, measure.department))
    return impact


def add_grants(impact: Impact, side: str, grants: Iterable[tuple[str, Decimal | None, bool]],
               starts: bool = False) -> None:
    """Count grants (measure, amount per year, paid for part of the year: `annual`) under the old or the new version,
    in the order given; with `starts`, grants a day within the year starts (`starting`)."""
    for measure, amount, part_year in grants:
        total = impact.measures[measure]
        total.priced = total.priced or amount is not None
        zero = amount is not None and amount == 0
        if side == "old":
            total.old_count += 1
            total.old_zero += zero
            total.old_amount += amount or 0
            total.old_part_year += part_year
            total.old_starts += starts
        else:
            total.new_count += 1
            total.new_zero += zero
            total.new_amount += amount or 0
            total.new_part_year += part_year
            total.new_starts += starts


# -- causes -----------------------------------------------------------------------------

# What `Attribution.causes` yields (a hybrid policy whose classification of the household it
# needs), what it must be sent back (that classification, or None when the household cannot
# be read or classified under it), and what it returns (the causes and the combination).
Causes = Generator[Policy, Outcome | None, tuple[tuple[Cause, ...], tuple[str, ...]]]


class Attribution:
    """The hybrids of a diff, and the search for the changes that explain a household's move.

    Building it loads the hybrid of each change alone (with the changes it needs); `causes`
    then asks, one hybrid at a time, for the household's classification — so the one search
    serves the exact run (which answers each question at once) and the fast one (which
    answers the same question for many households together).
    """

    def __init__(self, policy_diff: PolicyDiff, old_doc: YamlDocument, new_doc: YamlDocument):
        self.hybrids = Hybrids(policy_diff, old_doc, new_doc)
        self.settled = SettledMoves(policy_diff, self.hybrids)
        self.all_keys = [c.key for c in self.hybrids.components]
        self.units: list[tuple[str, Hybrid]] = []
        self.unusable: dict[str, Diagnostic] = {}
        self.needs: dict[str, tuple[str, ...]] = {}
        for c in self.hybrids.components:
            hybrid = self.hybrids.get([c.key])
            if hybrid.policy is None:
                if hybrid.problem is not None:
                    self.unusable[c.key] = hybrid.problem
                continue
            if hybrid.keys != {c.key}:
                self.hybrids.needs[c.key] = hybrid.keys - {c.key}
                self.needs[c.key] = tuple(k for k in self.order(hybrid.keys) if k != c.key)
            if self._classifies(c.key, hybrid, policy_diff.old):
                self.units.append((c.key, hybrid))

    def _classifies(self, key: str, hybrid: Hybrid, old: Policy) -> bool:
        """Whether the change itself alters what the categories read, beyond the changes it is applied with: a
        measure (which no category reads) taken in with the category it names cannot move a household."""
        assert hybrid.policy is not None
        base: Policy | None = old
        if hybrid.keys != {key}:
            alone = self.hybrids.get(hybrid.keys - {key})
            base = alone.policy if key not in alone.keys else None
        return base is None or classification_basis(hybrid.policy) != classification_basis(base)

    def order(self, keys: Iterable[str]) -> list[str]:
        wanted = set(keys)
        return [k for k in self.all_keys if k in wanted]

    def causes(self, before: Outcome, after: Outcome) -> Causes:
        """The changes that alone alter the result, and a combination when none alone gives `after`."""
        causes = []
        for key, hybrid in self.units:
            result = yield from _ask(hybrid)
            if result is not None and result != before:
                needs = tuple(k for k in self.order(hybrid.keys) if k != key)
                causes.append(Cause(key, needs, result, result == after))
        together: tuple[str, ...] = ()
        if not any(c.exact for c in causes):
            together = yield from self._combination(after, causes)
        return tuple(causes), together

    def _combination(self, after: Outcome, causes: list[Cause]) -> Generator[Policy, Outcome | None, tuple[str, ...]]:
        """A set of changes that together give the new result, none of which can be left out.

        The changes that alone alter the result are tried together first, then all changes; the set
        that works is then reduced one change at a time (with the changes only it needs).
        """
        starts = [self.order({k for c in causes for k in (c.key, *c.needs)})] if len(causes) > 1 else []
        for start in [*starts, self.all_keys]:
            hybrid = self.hybrids.get(start)
            if (yield from _ask(hybrid)) == after:
                break
        else:
            return ()
        chosen = self.order(hybrid.keys)
        tried: set[frozenset[str]] = set()
        left_out = True
        while left_out:  # until no change can be left out: leaving one out frees those only it needed
            left_out = False
            for key in list(chosen):
                if key not in chosen or any(key in self.needs.get(k, ()) for k in chosen):
                    continue
                trial = frozenset(k for k in chosen if k != key)
                if trial in tried:
                    continue
                tried.add(trial)
                hybrid = self.hybrids.get(trial)
                if key not in hybrid.keys and (yield from _ask(hybrid)) == after:
                    chosen = self.order(hybrid.keys)
                    left_out = True
        return tuple(chosen)


def _ask(hybrid: Hybrid) -> Generator[Policy, Outcome | None, Outcome | None]:
    if hybrid.policy is None:
        return None
    return (yield hybrid.policy)


# -- the exact run ----------------------------------------------------------------------


class _Evaluator:
    """Evaluates one household under several policies, validating once per household shape, on `date`: the
    household's day (`Days.of`), set before each household."""

    def __init__(self, date: datetime.date):
        self.date = date
        self.shapes: dict[int, tuple[Policy, tuple[Any, ...]]] = {}

    def household(self, policy: Policy, data: Any, source: str, cache: dict[Any, Household]) -> Household:
        entry = self.shapes.get(id(policy))
        if entry is None or entry[0] is not policy:
            entry = self.shapes[id(policy)] = (policy, shape(policy))
        household = cache.get(entry[1])
        if household is None:
            household = cache[entry[1]] = validate_household(data, policy, source, today=self.date)
        return household

    def run(self, policy: Policy, data: Any, source: str, cache: dict[Any, Household]) -> Decision:
        return evaluate(policy, self.household(policy, data, source, cache), self.date)

    def classify(self, policy: Policy, data: Any, source: str, cache: dict[Any, Household]) -> Outcome | None:
        try:
            return classify(policy, self.household(policy, data, source, cache), self.date)
        except (HouseholdError, EvaluationError):
            return None


class ImpactRun:
    """The impact of a diff, one household at a time with the exact evaluator (call `add`, then read `impact`).

    `days`: the day of each household (`Days`; a plain date: every household's, as --date sets it).
    `attribution`: the diff's hybrids when they are already built (another run of the same diff).
    """

    def __init__(self, policy_diff: PolicyDiff, old_doc: YamlDocument, new_doc: YamlDocument,
                 days: Days | datetime.date, attribution: Attribution | None = None):
        self.diff = policy_diff
        self.attribution = attribution or Attribution(policy_diff, old_doc, new_doc)
        self.hybrids = self.attribution.hybrids
        self.days = days_of(days)
        self.evaluator = _Evaluator(self.days.today)
        self.impact = new_impact(policy_diff, self.days, self.attribution)
        self._read = 0  # the records given so far: each one's number, when the reader gives none
        self._seen: dict[str, list[int]] = {}  # each household id evaluated: the numbers of its records
        self._first: str | None = None  # the repeated id met first
        self._texts: dict[str, JsonText] = {}  # the JSON files a warning was placed in
        self._alike = shape(policy_diff.old) == shape(policy_diff.new)  # the versions read households alike

    def add(self, record: Record) -> None:
        impact = self.impact
        number = record.number if record.number is not None else self._read
        self._read += 1
        if record.stray and record.error is not None:
            impact.stray.append(record.refused(None, None, record.error.diagnostics))
            return
        impact.records += 1
        if record.error is not None:
            impact.bad.append(record.refused(record.error.household_id, None, record.error.diagnostics))
            return
        data = record.data
        self.evaluator.date = day = self.days.of(data)
        cache: dict[Any, Household] = {}
        decisions = []
        for side, policy in (("old", self.diff.old), ("new", self.diff.new)):
            try:
                decisions.append(self.evaluator.run(policy, data, record.source, cache))
            except HouseholdError as error:
                refused = record.refused(household_id(data), side, record.findings(error, self._texts))
                impact.bad.append(refused if side == "new" else self._new_too(refused, record, cache))
                return
            except EvaluationError as error:
                impact.bad.append(record.refused(household_id(data), side, (error.diagnostic,)))
                return
        old, new = decisions
        impact.evaluated += 1
        impact.dated[day] += 1
        impact.first_on.setdefault(day, (old.household, record.source))
        impact.undated += self.days.undated(data)
        found = record.warnings([(self.evaluator.household(policy, data, record.source, cache), policy)
                                 for policy in (self.diff.old, self.diff.new)], day, self._texts)
        if found:
            impact.warned.add(WarnedHousehold(old.household, record.source, found, record.row, record.starts_on(),
                                              record.read_from))
        self._repeated(old.household, number)
        before, after = outcome(old), outcome(new)
        impact.households[(before.label, after.label)] += 1
        new_members = dict(after.members)
        for member, categories in before.members:
            impact.members[(combined(categories), combined(new_members.get(member, ())))] += 1
        add_grants(impact, "old", annual(old))
        add_grants(impact, "old", starting(old), starts=True)
        add_grants(impact, "new", annual(new))
        add_grants(impact, "new", starting(new), starts=True)
        if before != after:
            search = self.attribution.causes(before, after)
            try:
                policy = next(search)
                while True:
                    policy = search.send(self.evaluator.classify(policy, data, record.source, cache))
            except StopIteration as stop:
                causes, together = stop.value
            settled = self.attribution.settled.of(
                named_changes(causes, together), self.evaluator.household(self.diff.new, data, record.source, cache),
                day)
            impact.changed.append(HouseholdChange(old.household, record.source, before, after, causes, together,
                                                  settled))

    def _new_too(self, refused: BadRecord, record: Record, cache: dict[Any, Household]) -> BadRecord:
        """A record the old version refused to read, marked refused by both where the new version refuses it too."""
        if self._alike:  # read alike: refused alike
            return refused.also_refused(())
        try:
            self.evaluator.household(self.diff.new, record.data, record.source, cache)
        except HouseholdError as error:
            return refused.also_refused(record.findings(error, self._texts))
        return refused

    def _repeated(self, household: str, number: int) -> None:
        """Note an evaluated household's id, as `engine.batch.repeated_ids.RepeatedIds` finds ids met again."""
        numbers = self._seen.setdefault(household, [])
        numbers.append(number)
        if len(numbers) == 2:
            self.impact.repeated_ids += 1
            if self._first is None or numbers[0] < self._seen[self._first][0]:
                self._first = household
                self.impact.repeated_at = numbers
