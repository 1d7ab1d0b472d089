"""Table-driven test cases for policies: `policy test`.

Input: YAML case files (`cases:` — each with a name, a policy file, a date, a
household file or inline household, and what to expect; `engine/schema/cases.schema.json`).
Output: a `CaseResult` per case (pass/fail with readable differences), rule coverage —
for each clause of each category, whether the cases saw it both true and false — and the
located problems of case files that are not case files.
Invariants: a case file's paths are relative to the case file itself; a file that breaks
the schema runs none of its cases (a misspelt key would otherwise compare nothing and pass).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import schema as schemas
from engine.diagnostics import Diagnostic, PolicyError, Span, render
from engine.evaluator import CategoryOutcome, Decision, EvaluationError, evaluate
from engine.household import HouseholdError, read_json, validate_household
from engine.loader import jsonable, load_policy, schema_diagnostics
from engine.model import Policy
from engine.render import decision_json
from engine.yamlsource import load_yaml


@dataclass
class CaseResult:
    file: str
    line: int
    name: str
    passed: bool
    differences: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Coverage:
    """Clause verdicts seen, per policy file: (category, clause) → {True, False}."""

    seen: dict[str, dict[tuple[str, str], set[bool]]] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)

    def record(self, policy: Policy, outcomes: list[CategoryOutcome]) -> None:
        table = self.seen.setdefault(policy.file, {})
        self.policies[policy.file] = policy
        for outcome in outcomes:
            for clause, verdict in zip(outcome.category.clauses, outcome.verdicts, strict=True):
                table.setdefault((outcome.category.id, clause.id), set()).add(verdict)

    def report(self) -> list[tuple[str, str, str, set[bool]]]:
        rows = []
        for file, policy in sorted(self.policies.items()):
            table = self.seen.get(file, {})
            for category in policy.categories:
                for clause in category.clauses:
                    rows.append((file, category.id, clause.id, table.get((category.id, clause.id), set())))
        return rows

    def percent(self) -> float:
        rows = self.report()
        if not rows:
            return 100.0
        return 100.0 * sum(len(seen) for *_, seen in rows) / (2 * len(rows))


class _Policies:
    def __init__(self) -> None:
        self._loaded: dict[Path, Policy] = {}

    def get(self, path: Path) -> Policy:
        key = path.resolve()
        if key not in self._loaded:
            self._loaded[key] = load_policy(path)[0]
        return self._loaded[key]


def case_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.yaml")) if p.is_dir() else [p])
    return files


def cases_schema() -> dict[str, Any]:
    return schemas.shipped("cases")


def read_cases(file: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line, case) for every case of a case file, dates as YYYY-MM-DD text and fractions as exact decimals.

    Raises `PolicyError` with every located problem when the file is not one: unreadable, not
    YAML, or not the shape of `engine/schema/cases.schema.json` — so a misspelt `expect:` key
    is an error, never a case that passes because it compares nothing.
    """
    name = str(file)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise PolicyError([Diagnostic("L001", f"cannot read the file: {error.strerror}", Span(name, 1, 1, 1, 2))]) \
            from None
    try:
        doc = load_yaml(raw, name)
    except PolicyError as error:
        if [d.code for d in error.diagnostics] == ["L005"]:
            raise PolicyError([Diagnostic("L005", "the file is empty", Span(name, 1, 1, 1, 2), help=_START)]) \
                from None
        raise
    problems = schema_diagnostics(doc, schemas.validator("cases"), "docs/testing.md")
    if problems:
        raise PolicyError(problems)
    return [(doc.span(("cases", i)).line, jsonable(case)) for i, case in enumerate(doc.data["cases"])]


_START = "a case file holds a `cases:` list; see docs/testing.md, or copy one from tests/cases/"


def _compare(expect: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    diffs = []
    if "categories" in expect and list(expect["categories"] or []) != actual["categories"]:
        diffs.append(f"categories: expected {expect['categories']}, got {actual['categories']}")
    for member, cats in (expect.get("members") or {}).items():
        got = actual["members"].get(str(member))
        if got is None:
            diffs.append(f"members.{member}: no such member")
        elif list(cats or []) != got:
            diffs.append(f"members.{member}: expected {cats}, got {got}")
    for name, value in (expect.get("values") or {}).items():
        got = actual["values"].get(name, "<not computed>")
        want = value if isinstance(value, bool) else str(value)
        if got != want:
            diffs.append(f"values.{name}: expected {want}, got {got}")
    if "assistance" in expect:
        granted = {(a["id"] + (f"/{a['member']}" if "member" in a else "")): a["amount"]
                   for a in actual["assistance"]}
        wanted = {str(k): (None if v is None else str(v)) for k, v in (expect["assistance"] or {}).items()}
        for key in sorted(set(granted) | set(wanted)):
            if key not in granted:
                diffs.append(f"assistance.{key}: expected {wanted[key]}, not granted")
            elif key not in wanted:
                diffs.append(f"assistance.{key}: granted {granted[key]}, not expected")
            elif granted[key] != wanted[key]:
                diffs.append(f"assistance.{key}: expected {wanted[key]}, got {granted[key]}")
    return diffs


def outcomes_of(decision: Decision) -> list[CategoryOutcome]:
    """Every category outcome the evaluation computed (household and each member)."""
    ctx = decision.evaluation
    assert ctx is not None
    found = [v for v in ctx.memo.values() if isinstance(v, CategoryOutcome)]
    for m in ctx.members:
        found.extend(v for v in m.memo.values() if isinstance(v, CategoryOutcome))
    return found


def run_case(file: Path, line: int, case: dict[str, Any], policies: _Policies,
             coverage: Coverage) -> CaseResult:
    name = str(case.get("name", f"case at line {line}"))
    result = CaseResult(str(file), line, name, False)
    try:
        policy = policies.get(file.parent / case["policy"])
        household = case["household"]
        source = f"{file}:{line}"
        if isinstance(household, str):
            path = file.parent / household
            source = str(path)
            household = read_json(path.read_text(encoding="utf-8"), source)
        date = case.get("date")
        day = date if isinstance(date, datetime.date) else datetime.date.fromisoformat(str(date))
        validated = validate_household(household, policy, source, today=day)
        decision = evaluate(policy, validated, day)
    except PolicyError as error:
        result.error = "; ".join(f"{d.span or d.source_file}: {d.message}" for d in error.diagnostics)
        return result
    except HouseholdError as error:
        result.error = "; ".join(f"{d.path}: {d.message}" for d in error.diagnostics)
        return result
    except EvaluationError as error:
        result.error = f"{error.diagnostic.span}: {error.diagnostic.message}"
        return result
    except (KeyError, ValueError, OSError, TypeError) as error:
        result.error = f"the case is malformed: {error}"
        return result
    coverage.record(policy, outcomes_of(decision))
    result.differences = _compare(case.get("expect") or {}, decision_json(decision))
    result.passed = not result.differences
    return result


def run_cases(paths: list[Path]) -> tuple[list[CaseResult], Coverage, list[Diagnostic]]:
    """Every case of every case file under `paths`, the coverage they reach, and the located problems of
    the files that could not be read as case files (their cases do not run; the other files' do)."""
    policies = _Policies()
    coverage = Coverage()
    results = []
    problems: list[Diagnostic] = []
    for file in case_files(paths):
        try:
            cases = read_cases(file)
        except PolicyError as error:
            problems.extend(error.diagnostics)
            continue
        for line, case in cases:
            results.append(run_case(file, line, case, policies, coverage))
    return results, coverage, problems


def junit(results: list[CaseResult], problems: Sequence[Diagnostic] = ()) -> str:
    """JUnit XML: a test case per case, and an error per problem of a case file that could not run."""
    from xml.sax.saxutils import escape, quoteattr

    failures = sum(not r.passed for r in results)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name="policy" tests="{len(results) + len(problems)}" failures="{failures}" '
           f'errors="{len(problems)}">']
    for r in results:
        out.append(f"  <testcase classname={quoteattr(r.file)} name={quoteattr(r.name)}>")
        if not r.passed:
            text = r.error or "\n".join(r.differences)
            out.append(f"    <failure message={quoteattr(text.splitlines()[0])}>{escape(text)}</failure>")
        out.append("  </testcase>")
    for d in problems:
        text = render(d)
        out.append(f"  <testcase classname={quoteattr(d.span.file if d.span else '')} name=\"the case file\">")
        out.append(f"    <error message={quoteattr(text.splitlines()[0])}>{escape(text)}</error>")
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out) + "\n"
