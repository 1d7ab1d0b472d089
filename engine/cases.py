"""Table-driven test cases for policies: `policy test`.

Input: YAML case files (`cases:` — each with a name, a policy file, a date, a
household file or inline household, and what to expect; `engine/schema/cases.schema.json`).
Output: a `CaseResult` per case (pass/fail with readable differences, or the located
mistakes of a household that cannot be decided; a note when its date is outside its
policy's window, and the located warnings of what its household most likely got wrong
(`engine.doubts.warnings`), passing or not), rule coverage — for each clause of each
category and each `when` of each assistance measure, whether the cases saw it both true and
false — and the located problems of case files that are not case files and of policies that
do not load.
Invariants: a case file's paths are relative to the case file itself; a file that breaks
the schema runs none of its cases (a misspelt key would otherwise compare nothing and pass);
a policy with errors runs none of its cases, and its errors are reported once, as
`policy check` reports them; a household's mistakes are placed where they are written, in
the case file or the household file.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from engine import schema as schemas
from engine.case_figures import Figures, figures_with_units
from engine.diagnostics import Diagnostic, PolicyError, Said, Span, render, rule_failure, shell_word
from engine.doubts import warnings
from engine.evaluator import (
    CategoryOutcome,
    Decision,
    EvaluationError,
    condition_verdicts,
    evaluate,
    program_for,
    value_type,
)
from engine.expectations import Known, Slip, compare, decided_by_said
from engine.household import EXAMPLE, Household, HouseholdError, Source, looks_like_household, validate_household
from engine.household_input import household_text, read_json
from engine.jsonsource import JsonText
from engine.model import Measure, Option, Policy, per_policy
from engine.policy_cache import load_policy_file
from engine.render import decision_json
from engine.schema_findings import schema_diagnostics
from engine.selection import named_yaml, what_if
from engine.setting_words import department_name
from engine.spelling import closest
from engine.syntax import ast
from engine.syntax.chinese import by_zh_label
from engine.values import kind_of, machine
from engine.yamlsource import YamlDocument, cannot_read, jsonable, load_yaml, read_bytes


@dataclass
class CaseResult:
    file: str
    line: int
    name: str
    passed: bool
    differences: list[Said] = field(default_factory=list)  # what the decision has that the case does not expect
    error: Said | None = None  # why the case could not be decided (each finding's first line, if it has them)
    findings: list[Diagnostic] = field(default_factory=list)  # the located mistakes in its household, if that is why
    notes: list[Said] = field(default_factory=list)  # said whether it passes or not: its policy is not in force then
    # what its household most likely got wrong (H009 to H013, `engine.doubts`), placed where it is written: said
    # whether it passes or not, and never a failure, as `policy eval` decides such a household as given
    warnings: list[Diagnostic] = field(default_factory=list)
    # under each difference of a failure: why each category it names was decided so (`policy eval --brief`'s lines),
    # how its value was worked out, or its measure granted or not: one text of one or more lines for each
    reasons: list[list[Said]] = field(default_factory=list)
    no_household: bool = False  # not run: its `household:` file is not there (its L001 in `findings`)
    # not run: what it expects cannot be meant as written (`dibo`, `{x: 4,200.00}`; its L004s in `findings`)
    mistaken: bool = False
    decided: list[str] = field(default_factory=list)  # the household's categories, where it was decided

    def said(self) -> list[Said]:
        """Each difference, then the reasons said under it."""
        return [line for difference, reasons in zip(self.differences, self.reasons or [[]] * len(self.differences),
                                                    strict=True) for line in (difference, *reasons)]


class CoverageRow(NamedTuple):
    """A condition of a policy and the verdicts the cases saw it give: a category's clause (`tekun.no_income`),
    or the `when` of an assistance measure (`housing_renovation.when`) or of one of its options
    (`medical_assistance.dibao.when`)."""

    file: str
    owner: str  # the category, or the measure
    condition: str  # the clause, or `when` (`option.when`)
    seen: set[bool]
    assistance: bool = False


@dataclass
class Coverage:
    """Verdicts seen, per policy file: (category, clause) or (measure, `when` / `option.when`) → {True, False}."""

    seen: dict[str, dict[tuple[str, str], set[bool]]] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)

    def record(self, policy: Policy, outcomes: list[CategoryOutcome],
               conditions: Iterable[tuple[Measure, Option, bool]] = ()) -> None:
        table = self.seen.setdefault(policy.file, {})
        self.policies[policy.file] = policy
        for outcome in outcomes:
            for clause, verdict in zip(outcome.category.clauses, outcome.verdicts, strict=True):
                table.setdefault((outcome.category.id, clause.id), set()).add(verdict)
        for measure, option, verdict in conditions:
            table.setdefault((measure.id, _when(measure, option)), set()).add(verdict)

    def report(self) -> list[CoverageRow]:
        rows = []
        for file, policy in sorted(self.policies.items()):
            table = self.seen.get(file, {})
            for category in policy.categories:
                for clause in category.clauses:
                    rows.append(CoverageRow(file, category.id, clause.id, table.get((category.id, clause.id), set())))
            for measure in policy.assistance:
                for option in measure.options:
                    when = _when(measure, option)
                    rows.append(CoverageRow(file, measure.id, when, table.get((measure.id, when), set()), True))
        return rows

    def percent(self) -> float:
        rows = self.report()
        if not rows:
            return 100.0
        return 100.0 * sum(len(row.seen) for row in rows) / (2 * len(rows))


def _when(measure: Measure, option: Option) -> str:
    """How a report names a measure's condition: `when`, or `option.when` for each of its options."""
    return "when" if len(measure.options) == 1 and option.id == measure.id else f"{option.id}.when"


class _Policies:
    """Each policy file loaded once; one that does not load is remembered with what is wrong with it."""

    def __init__(self) -> None:
        self._loaded: dict[Path, Policy | list[Diagnostic]] = {}
        self.warnings: dict[Path, list[Diagnostic]] = {}  # of each policy loaded, as `policy check` finds them

    def get(self, path: Path) -> Policy:
        key = path.resolve()
        if key not in self._loaded:
            try:
                self._loaded[key], self.warnings[key] = load_policy_file(path)
            except PolicyError as error:
                self._loaded[key] = error.diagnostics
        found = self._loaded[key]
        if isinstance(found, list):
            raise PolicyError(found)
        return found


def case_files(paths: list[Path]) -> list[Path]:
    """The files given, and the YAML files (`.yaml`, `.yml`, in capitals too) of the folders given and of their
    subfolders."""
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(f for f in p.rglob("*") if named_yaml(f) and f.is_file()) if p.is_dir() else [p])
    return files


def passed_over(paths: list[Path]) -> list[Path]:
    """The files of the folders given that are not read as case files: named neither `.yaml` nor `.yml`."""
    return [f for p in paths if p.is_dir() for f in sorted(p.rglob("*")) if f.is_file() and not named_yaml(f)]


def example_home() -> Path | None:
    """The folder `EXAMPLE` is named from, absolute: the folder run from where it holds it, else the project folder
    beside the installed code (a checkout, or an editable install); None where neither does (a wheel ships no
    examples)."""
    for folder in (Path.cwd(), Path(__file__).parent.parent):
        if (folder / EXAMPLE).is_file():
            return folder.resolve()
    return None


def example_case(cases: Path, policy: str, household: str) -> tuple[datetime.date, list[str]] | None:
    """The date and the categories of a case, in a case file yet to write at `cases`, of `household` under `policy`
    (both named as that case names them, relative to its file) that passes as written: the policy's first day in
    force, and the categories the policy gives the household on it; None where the policy does not load or does not
    decide the household."""
    policies = _Policies()
    case: dict[str, Any] = {"policy": policy, "household": household}
    try:
        case["date"] = policies.get(policy_path(cases, case)).meta.effective_from
    except PolicyError:
        return None
    result = run_case(cases, 1, case, policies, Coverage())
    return (case["date"], result.decided) if result.passed else None


def cases_schema() -> dict[str, Any]:
    return schemas.shipped("cases")


def read_cases(file: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line, case) for every case of a case file, dates as YYYY-MM-DD text and fractions as exact decimals.

    Raises `PolicyError` with every located problem when the file is not one: unreadable, not
    YAML, or not the shape of `engine/schema/cases.schema.json` — so a misspelt `expect:` key
    is an error, never a case that passes because it compares nothing.
    """
    doc = _case_document(file)
    return [(doc.span(("cases", i)).line, jsonable(case)) for i, case in enumerate(doc.data["cases"])]


def _case_document(file: Path) -> YamlDocument:
    doc = _case_yaml(file)
    problems = _shape_problems(doc)
    if problems:
        raise PolicyError(problems)
    return doc


def _shape_problems(doc: YamlDocument) -> list[Diagnostic]:
    """Every way a case file breaks `engine/schema/cases.schema.json`, located and told the fix."""
    return [_shape_helped(doc, d) for d in schema_diagnostics(doc, schemas.validator("cases"), "docs/testing.md")]


class APolicyGiven(PolicyError):
    """A policy where a case file was looked for: refused when named, passed over in a folder of cases (the tutorial's
    scratch/ holds the edited policy beside its cases)."""


def _case_yaml(file: Path) -> YamlDocument:
    """The YAML of a case file; `PolicyError` where it is none, or a file of another kind (a policy, a household)."""
    name = str(file)
    raw = read_bytes(file)
    doc = load_yaml(raw, name, start=_START, read_on=True)
    if isinstance(doc.data, dict) and "policy" in doc.data and "cases" not in doc.data:  # a policy given here
        raise APolicyGiven([Diagnostic.said(
            "L004", Said("this is a policy, not a file of test cases", "这是政策文件，不是测试用例文件"),
            doc.span(("policy",), key=True),
            help=Said(f"check it with `policy check {shell_word(str(name))}`; its cases are in files such "
                      f"as tests/cases/*.yaml, each naming it under `policy:`",
                      f"请用 `policy check {shell_word(str(name))}` 检查它；"
                      "它的测试用例放在 tests/cases/*.yaml 这样的文件里，每个用例在 `policy:` 下写明它"))])
    if looks_like_household(doc.data):  # a household given here
        raise PolicyError([Diagnostic.said(
            "L004", Said("this is a household, not a file of test cases", "这是家庭数据，不是测试用例文件"),
            doc.span((next(iter(doc.data)),), key=True),
            help=Said(f"decide it with `policy eval {shell_word(str(name))}`; a case file holds a `cases:` "
                      "list, each case with a household and what to expect "
                      "(see docs/testing.md)",
                      f"请用 `policy eval {shell_word(str(name))}` 对这户家庭进行认定；"
                      "测试用例文件里是一个 `cases:` 列表，每个用例写明一个家庭和预期结果（见 docs/testing.md）"))])
    return doc


def _shape_helped(doc: YamlDocument, found: Diagnostic) -> Diagnostic:
    """A finding of a case file's shape, with the help for a case file where the schema's would mislead: the cases
    without `cases:` above them (removing each `- ` would make a case a policy file), or one case under `cases:`
    without its `- ` (one goes before its first key only, not before each)."""
    help = None
    if isinstance(doc.data, list):
        help = _CASES_ABOVE
    elif isinstance(doc.data, dict) and isinstance(doc.data.get("cases"), dict) and doc.data["cases"] \
            and found.span == doc.span(("cases",)):
        first = next(iter(doc.data["cases"]))
        help = Said(f"put `- ` before the first key of each case only, `- {first}: …`, and indent the case's other "
                    f"keys as far as `{first}`",
                    f"每个用例只在它的第一个键前加 `- `，写成 `- {first}: …`，并让这个用例的其他键与 `{first}` 对齐")
    if help is None:
        return found
    return dataclasses.replace(found, help=help.en, zh=None if found.zh is None else (found.zh[0], help.zh))


_CASES_ABOVE = Said("a case file begins with a line `cases:`: add it above the list, and indent the list under it",
                    "测试用例文件以一行 `cases:` 开头：请在列表上方加上这一行，并把整个列表缩进放在它下面")


_START = Said("a case file holds a `cases:` list; see docs/testing.md, or copy one from tests/cases/",
              "测试用例文件包含一个 `cases:` 列表：请参阅 docs/testing.md，或从 tests/cases/ 复制一个")


def _joined(found: list[tuple[Any, Diagnostic]]) -> Said:
    """Findings on one line, each after its place."""
    return Said("; ".join(f"{place}: {d.message}" for place, d in found),
                "；".join(f"{place}：{d.in_lang('zh').message}" for place, d in found))


def outcomes_of(decision: Decision) -> list[CategoryOutcome]:
    """Every category outcome the evaluation computed (household and each member)."""
    ctx = decision.evaluation
    assert ctx is not None
    found = [v for v in ctx.memo.values() if isinstance(v, CategoryOutcome)]
    for m in ctx.members:
        found.extend(v for v in m.memo.values() if isinstance(v, CategoryOutcome))
    return found


def policy_path(file: Path, case: dict[str, Any]) -> Path:
    """The policy a case names, relative to its case file, without `..` (`policy/x.yaml`, as check shows it)."""
    return Path(os.path.normpath(file.parent / str(case["policy"])))


def run_case(file: Path, line: int, case: dict[str, Any], policies: _Policies,
             coverage: Coverage, doc: YamlDocument | None = None, index: int = 0,
             written: Sequence[Diagnostic] = ()) -> CaseResult:
    """Decide one case and compare the decision with what it expects. `doc` is the case file the case is
    `cases[index]` of: where it is given, a mistake in a household written inline is placed in it. `written`: the
    mistakes found in how the case writes what it expects (a figure with its unit, `19元`), which keep it from
    running, told beside the others it has."""
    name = str(case.get("name", f"case at line {line}"))
    result = CaseResult(str(file), line, name, False)
    at: tuple[str | int, ...] = ("cases", index, "household")
    text: Source | None = doc  # what the household was read from, to place its mistakes in
    try:
        policy = policies.get(policy_path(file, case))
        household = case["household"]
        source = f"{file}:{line}"
        if isinstance(household, str):
            source, text, at = str(file.parent / household), None, ()
            try:
                raw = Path(source).read_bytes()
            except OSError as error:
                result.findings = sorted([Diagnostic.said(
                    "L001", cannot_read(error), doc.span(("cases", index, "household")) if doc else None,
                    help=_relative_path_help("household", file, household), source_file=source), *written],
                    key=Diagnostic.sort_key)
                result.error = _first_lines(result.findings)
                result.no_household = not Path(source).exists()  # not run, as a case whose policy is not there
                return result
            text = JsonText(household_text(raw, source), source)
            household = read_json(text.text, source, (source, 1))
        date = case.get("date")
        day = date if isinstance(date, datetime.date) else datetime.date.fromisoformat(str(date))
        # a mistyped year, or the wrong policy
        result.notes = [] if policy.meta.in_force(day) else [what_if(policy, [day])]
        validated = validate_household(household, policy, source, today=day)
        decision = evaluate(policy, validated, day)
        actual = decision_json(decision)
        actual["values"].update(member_values(decision, (case.get("expect") or {}).get("values") or {}))
        result.decided = list(decision.categories)
    except PolicyError as error:
        result.error = _joined([(d.span or d.source_file, d) for d in error.diagnostics])
        return result
    except HouseholdError as error:
        found = error.located(text, at) if text is not None else error.diagnostics
        if written:
            return _not_run(result, [*found, *written])
        result.findings = sorted(found, key=Diagnostic.sort_key)
        result.error = _first_lines(result.findings)
        return result
    except EvaluationError as error:
        result.error = Said(rule_failure(error.diagnostic), rule_failure(error.diagnostic, "zh"))
        return result
    except (KeyError, ValueError, TypeError) as error:
        result.error = Said(f"the case is malformed: {error}", f"测试用例格式有误：{error}")
        return result
    result.warnings = warnings(validated, policy, day, source, text, at)
    known = known_names(policy)
    result.differences = compare(case.get("expect") or {}, actual, _figures(policy).kind, known,
                                 relations(policy, validated))
    slips = [said for said in result.differences if isinstance(said, Slip)]
    if slips or written:  # a mistake of the case file, not of the policy: told where it is written, as an error
        return _not_run(result, [*written, *(Diagnostic.said("L004", slip, _slip_span(doc, index, slip) if doc
                                                             else None, help=slip.help) for slip in slips)])
    coverage.record(policy, outcomes_of(decision), condition_verdicts(decision))  # of the cases run alone
    result.passed = not result.differences
    result.reasons = _reasons(decision, case.get("expect") or {}, actual, result.differences)
    return result


def _not_run(result: CaseResult, found: list[Diagnostic]) -> CaseResult:
    """`result`, not run for the mistakes `found` in what its case expects (and in its household), each told at its
    place, and nothing compared."""
    result.findings = sorted(found, key=Diagnostic.sort_key)
    result.error, result.differences, result.mistaken = _first_lines(result.findings), [], True
    return result


def _slip_span(doc: YamlDocument, index: int, slip: Slip) -> Span:
    """Where a slip of `cases[index]` is written: its name or its value, a number split at its comma up to its end."""
    at = ("cases", index, "expect", *slip.at)
    span = doc.span(at, key=slip.key)
    if slip.through is None:
        return span
    end = doc.span((*at[:-1], slip.through), key=True)
    return dataclasses.replace(span, end_line=end.end_line, end_column=end.end_column)


def _reasons(decision: Decision, expect: dict[str, Any], actual: dict[str, Any], differences: list[Said]
             ) -> list[list[Said]]:
    """Why the decision differs from what a case expects, under the difference each explains (the last that names
    it): each category it expects otherwise, in `policy eval --brief`'s words (those expected and not decided, and
    those decided and not expected, of the household and of each member the case names); the working of each
    household value, and the grant (with its working) or the refusal of each measure, it expects otherwise, as
    `--explain` gives them. Said directly under another difference, a reason would read as that one's."""
    from engine.brief import category_lines
    from engine.explain import explain
    from engine.render import measure_lines, working_line

    differing: dict[str, list[str]] = {}  # each category expected otherwise, to the differences that name it
    if "categories" in expect:
        for category in set(map(str, expect["categories"] or [])) ^ set(actual["categories"]):
            differing.setdefault(category, []).append("categories")
    for member, cats in (expect.get("members") or {}).items():
        got = actual["members"].get(str(member))
        for category in set(map(str, cats or [])) ^ set(got) if got is not None else ():
            differing.setdefault(category, []).append(f"members.{member}")
    values = [str(name) for name in expect.get("values") or {}
              if any(d.en.startswith(f"values.{name}: expected ") for d in differences)]
    measures = list(dict.fromkeys(found.group(1) for d in differences if (found := _MEASURE_SAID.match(d.en))))
    placed: list[list[Said]] = [[] for _ in differences]
    if not differences or (not differing and not values and not measures):
        return placed
    named = [d.en.partition(":")[0] for d in differences]  # `categories`, `members.p1`, `assistance.education_aid/p1`

    def under(said: Said, *names: str) -> None:
        placed[max((i for i, name in enumerate(named) if name in names), default=len(placed) - 1)].append(said)

    trees = {lang: explain(decision, lang) for lang in ("en", "zh")}
    en, zh = (category_lines(trees[lang], differing) for lang in ("en", "zh"))
    for category in en:
        under(Said(en[category], zh[category]), *differing[category])
    for name in values:
        working_en, working_zh = (working_line(trees[lang], name) for lang in ("en", "zh"))
        if working_en is not None and working_zh is not None:
            under(Said(textwrap.indent(working_en, "  "), textwrap.indent(working_zh, "  ")), f"values.{name}")
    for key in measures:
        lines_en, lines_zh = (measure_lines(trees[lang], key, decision) for lang in ("en", "zh"))
        if lines_en is not None and lines_zh is not None:
            under(Said(textwrap.indent(lines_en, "  "), textwrap.indent(lines_zh, "  ")), f"assistance.{key}")
    return placed


# a difference of a grant, as `engine.expectations` says it: `assistance.dibao_benefit: expected …`
_MEASURE_SAID = re.compile(r"assistance\.([a-z_][a-z0-9_]*(?:/[^:\s]+)?): (?:expected|granted) ")


def member_values(decision: Decision, named: Iterable[Any]) -> dict[str, Any]:
    """The values of members a case names as `value/member` (`age/p1`), in JSON form, for the members the household
    has and the values the policy computes for each member."""
    ctx = decision.evaluation
    assert ctx is not None
    computed, by_id = program_for(decision.policy).member_definitions, {m.member_id: m for m in ctx.members}
    found = {}
    for key in map(str, named):
        name, _, member = key.partition("/")
        if name in computed and member in by_id:
            found[key] = machine(by_id[member].value(name), kind_of(value_type(decision.policy, name)))
    return found


@per_policy
def _figures(policy: Policy) -> Figures:
    """What a case may expect of `policy`'s figures: the kind of each value and parameter, each measure's period."""
    known = known_names(policy)
    return Figures(lambda name: known.kinds.get(name) or kind_of(value_type(policy, name)), known.periods)


def _figures_of(file: Path, case: dict[str, Any], policies: _Policies) -> Figures | None:
    """What the policy a case names says of its figures; None where it names none, or it does not load (that is
    reported with the file's other mistakes)."""
    if not isinstance(case.get("policy"), str):
        return None
    try:
        return _figures(policies.get(policy_path(file, case)))
    except PolicyError:
        return None


@per_policy
def known_names(policy: Policy) -> Known:
    """What a case may name: the policy's categories and measures, and its parameters with their values (a case
    may check the county's standard as it checks a decision's values)."""
    kinds = {name: kind_of(policy.types.get(id(p.expr.node))) for name, p in policy.parameters.items()}
    parameters = {name: machine(Decimal(value) if type(value) is int else value, kinds[name])
                  for name, value in policy.parameter_values.items() if name in kinds}
    values = [*((d.name, d.label) for d in policy.definitions.values()),
              *((name, p.label) for name, p in policy.parameters.items())]
    reads = {d.name: {n.dotted for n in ast.names_in(d.expr.node)} for d in policy.definitions.values()}
    conditions = {**{f"{c.id}.{clause.id}": clause.test for c in policy.categories for clause in c.clauses},
                  **{f"{m.id}.{_when(m, o)}": o.when for m in policy.assistance for o in m.options}}
    tests = {name: {n.dotted for n in ast.names_in(expr.node)} for name, expr in conditions.items()}
    labels = {"categories": by_zh_label((c.id, c.label) for c in policy.categories),
              "measures": by_zh_label((m.id, m.label) for m in policy.assistance), "values": by_zh_label(values)}
    return Known([c.id for c in policy.categories], [m.id for m in policy.assistance], parameters, kinds,
                 [c.id for c in policy.categories if c.level == "member"],
                 [m.id for m in policy.assistance if m.level == "member"], list(program_for(policy).member_definitions),
                 labels, program_for(policy).periods, {g.id: g.absorbed_by for g in policy.abolished},
                 [m.id for m in policy.assistance if all(o.amount is not None for o in m.options)],
                 _readers(policy, reads),
                 percents=[name for name in policy.parameters if policy.written_as_percent(name)],
                 conditions=_readers(policy, tests),
                 decided={m.id: decided_by_said({lang: department_name(policy, m.department, lang)
                                                 for lang in ("en", "zh")}) for m in policy.assistance})


def _readers(policy: Policy, reads: dict[str, set[str]]) -> dict[str, list[str]]:
    """Each input of the policy, to the names in `reads` (a value, a condition) whose expression names it."""
    return {i.name: [reader for reader, names in reads.items() if i.name in names] for i in policy.inputs.values()}


def relations(policy: Policy, household: Household) -> dict[str, list[str]]:
    """Each label of a relation to the head of household (`户主`, `head of household`), to the members it names: a
    case that names a member by it is told the id."""
    relation = policy.inputs.get("member:relation")
    words = dict(relation.value_labels) if relation is not None else {}
    named: dict[str, list[str]] = {}
    for member in household.members:
        label = words.get(str(member.fields.get("relation")))
        for text in (label.zh, label.en) if label is not None else ():
            if text:
                named.setdefault(text, []).append(member.id)
    return named


def _first_lines(found: list[Diagnostic]) -> Said:
    """Located findings on one line each, as `policy check` begins them (`file:3:7: path: error[H003]: …`)."""
    return Said("\n".join(render(d).split("\n")[0] for d in found),
                "\n".join(render(d, lang="zh").split("\n")[0] for d in found))


@dataclass
class CaseRun:
    """What `policy test` found: the cases run, the coverage they reach, and what kept others from running."""

    results: list[CaseResult] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    problems: list[Diagnostic] = field(default_factory=list)  # located, as `policy check` reports them
    unread_files: int = 0  # case files that are not case files: none of their cases ran
    broken_policies: int = 0  # policies with errors, each reported once: none of their cases ran
    not_run: int = 0  # cases of those policies
    no_policy: int = 0  # cases naming a policy file that is not there (its L001 reported once): none ran
    folders: dict[Path, int] = field(default_factory=dict)  # case files read, by folder given (or a file's folder)
    policies_passed_over: list[Path] = field(default_factory=list)  # policies in a folder given, beside its cases
    # the warnings of each policy the cases use that has any, by its path as the cases name it: said once, as
    # `policy eval --policy` says them, for a label its rule contradicts passes every case
    policy_warnings: dict[Path, list[Diagnostic]] = field(default_factory=dict)


def run_cases(paths: list[Path]) -> CaseRun:
    """Every case of every case file under `paths`. A case file that cannot be read as one, or a policy
    that does not load, is reported once with its located problems and its cases do not run: the
    mistake is in the file, and blaming each case for it would bury it."""
    policies = _Policies()
    run = CaseRun()
    reported: set[Path] = set()
    files: list[tuple[Path, Path | None]] = []  # each file, with the folder given that holds it
    for path in paths:
        found = case_files([path])
        folder = path if path.is_dir() else path.parent
        run.folders[folder] = run.folders.get(folder, 0) + len(found)
        files += [(file, path if path.is_dir() else None) for file in found]
    for file, given in files:
        try:
            doc = _case_yaml(file)
        except APolicyGiven as error:
            if given is None:
                run.problems.extend(error.diagnostics)
                run.unread_files += 1
            else:
                run.policies_passed_over.append(file)
                run.folders[given] -= 1
            continue
        except PolicyError as error:
            run.problems.extend(error.diagnostics)
            run.unread_files += 1
            continue
        cases = _readable_cases(doc)
        # every mistake of the file in one run: its shape; a figure written with its unit (`19元`), right but unread;
        # and each policy it names that is not there or has errors, where the cases name it. A figure is a slip of
        # its case alone, which does not run (the others do), unless the file is not read or the case's policy does
        # not load: then it is told with the file's other mistakes
        written = {index: figures_with_units(doc, {index: _figures_of(file, case, policies)}) for index, case in cases}
        own = _shape_problems(doc)
        unread = bool(own)
        missing: dict[int, bool] = {}  # the cases whose policy does not load: whether it is not there
        elsewhere: list[Diagnostic] = []  # the errors of a policy, in its file
        for index, case in cases:
            if not isinstance(case.get("policy"), str):
                continue  # its schema's finding says so
            policy = policy_path(file, case)
            try:
                policies.get(policy)
            except PolicyError as error:
                missing[index] = not policy.exists()
                if policy.resolve() not in reported:
                    reported.add(policy.resolve())
                    run.broken_policies += not missing[index]
                    for d in _placed(error.diagnostics, doc.span(("cases", index, "policy")),
                                     _relative_path_help("policy", file, str(case["policy"]))):
                        (own if d.span is not None and d.span.file == doc.file else elsewhere).append(d)
        own += [d for index, found in written.items() if unread or index in missing for d in found]
        run.problems.extend(sorted(own, key=Diagnostic.sort_key) + elsewhere)
        if unread:
            run.unread_files += 1
            continue
        for index, case in cases:
            policy = policy_path(file, case)
            if index in missing:
                run.no_policy += missing[index]
                run.not_run += not missing[index]
                continue
            if policies.warnings[policy.resolve()]:
                run.policy_warnings.setdefault(policy, policies.warnings[policy.resolve()])
            line = doc.span(("cases", index)).line
            run.results.append(run_case(file, line, jsonable(case), policies, run.coverage, doc, index,
                                        written[index]))
    return run


def _readable_cases(doc: YamlDocument) -> list[tuple[int, dict[str, Any]]]:
    """(index, case) for each case of a case file that is a map of keys, though the file may break its schema."""
    cases = doc.data.get("cases") if isinstance(doc.data, dict) else None
    return [(index, case) for index, case in enumerate(cases if isinstance(cases, list) else [])
            if isinstance(case, dict)]


def _placed(diagnostics: list[Diagnostic], citing: Span, relative: Said) -> list[Diagnostic]:
    """A policy's problems; one with no place in it (the file cannot be read) is placed on the case's `policy:`
    (with a help, `relative`, in both languages, where it has none)."""
    return [d if d.span is not None else dataclasses.replace(
        d, span=citing, help=d.help or relative.en,
        zh=None if d.zh is None else (d.zh[0], d.zh[1] if d.help else relative.zh)) for d in diagnostics]


def _relative_path_help(key: str, file: Path, written: str) -> Said:
    """The help for a path of a case file (`policy`, `household`) that names no file: that it is relative to the case
    file and, where the path as written reaches a file from a folder above the case file's (counted from the
    repository: `examples/households/x.json` in `scratch/`), or a file of that name is in the case file's folder or a
    folder above it (or their `policy/`), the path that reaches it from there (`../policy/x.yaml` for
    `../../policy/x.yaml`); else, where the folder it names has a file of a name close to it (`s1.yaml` for
    `s11.yaml`), that file."""
    relative = Said(f"the path of `{key}` is relative to the case file",
                    f"`{key}` 的路径从测试用例文件所在的文件夹算起")
    name = Path(written).name
    for folder in (file.parent.resolve(), *file.parent.resolve().parents):
        for found in (folder / written, folder / name, folder / "policy" / name):
            if found.is_file():
                path = Path(os.path.relpath(found, file.parent.resolve())).as_posix()
                return Said(f"{relative.en}: from there, the file named `{name}` is `{path}`",
                            f"{relative.zh}：从那里算起，名为 `{name}` 的文件是 `{path}`")
    folder, typed = file.parent / Path(written).parent, Path(name)
    files = {f.stem: f.name for f in (folder.iterdir() if folder.is_dir() else ())  # (`.yaml` alike in every name)
             if f.is_file() and f.suffix.lower() == typed.suffix.lower()}
    near = closest(typed.stem, files)
    if near is not None:
        path = (Path(written).parent / files[near]).as_posix()
        return Said(f"{relative.en}, and no file there is named `{name}`: did you mean `{path}`?",
                    f"{relative.zh}，那里没有名为 `{name}` 的文件：是否应为 `{path}`？")
    return relative


def junit(results: list[CaseResult], problems: Sequence[Diagnostic] = ()) -> str:
    """JUnit XML: a test case per case, and an error per problem of a case file or policy that kept cases from
    running (named after that file)."""
    from xml.sax.saxutils import escape, quoteattr

    failures = sum(not r.passed and not r.mistaken for r in results)
    errors = len(problems) + sum(r.mistaken for r in results)  # a case whose expectations have mistakes: its file's
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name="policy" tests="{len(results) + len(problems)}" failures="{failures}" '
           f'errors="{errors}">']
    for r in results:
        out.append(f"  <testcase classname={quoteattr(r.file)} name={quoteattr(r.name)}>")
        if not r.passed:
            text = "\n".join(map(render, r.findings)) if r.findings else r.error.en if r.error else \
                "\n".join(said.en for said in r.said())
            tag = "error" if r.mistaken else "failure"
            out.append(f"    <{tag} message={quoteattr(text.splitlines()[0])}>{escape(text)}</{tag}>")
        # passing or not: the case was decided by a policy not in force on its date, or with doubtful data
        said = "\n".join([*(f"note: {note.en}" for note in r.notes), *map(render, r.warnings)])
        if said:
            out.append(f"    <system-out>{escape(said)}</system-out>")
        out.append("  </testcase>")
    for d in problems:
        text = render(d)
        out.append(f"  <testcase classname={quoteattr(d.span.file if d.span else '')} name=\"the file\">")
        out.append(f"    <error message={quoteattr(text.splitlines()[0])}>{escape(text)}</error>")
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out) + "\n"
