"""Table-driven test cases for policies: `policy test`.

Input: YAML case files (`cases:` — each with a name, a policy file, a date, a
household file or inline household, and what to expect). Output: a
`CaseResult` per case (pass/fail with readable differences) and rule coverage:
for each clause of each category, whether the cases saw it both true and false.
Invariant: a case file's paths are relative to the case file itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from engine.diagnostics import PolicyError
from engine.evaluator import CategoryOutcome, Decision, EvaluationError, evaluate
from engine.household import HouseholdError, read_json, validate_household
from engine.loader import load_policy
from engine.model import Policy
from engine.render import decision_json


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


class _ExactLoader(yaml.SafeLoader):
    """YAML numbers with a fraction become exact decimals, from their text."""


_ExactLoader.add_constructor(
    "tag:yaml.org,2002:float",
    lambda loader, node: Decimal(loader.construct_scalar(node).replace("_", "")),  # type: ignore[arg-type]
)


def _cases(file: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text = file.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    data = yaml.load(text, Loader=_ExactLoader) or {}
    items = data.get("cases", []) if isinstance(data, dict) else []
    nodes = []
    if root is not None and isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "cases" and isinstance(value, yaml.SequenceNode):
                nodes = value.value
    for i, case in enumerate(items):
        line = nodes[i].start_mark.line + 1 if i < len(nodes) else 1
        yield line, case


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


def run_cases(paths: list[Path]) -> tuple[list[CaseResult], Coverage]:
    policies = _Policies()
    coverage = Coverage()
    results = []
    for file in case_files(paths):
        for line, case in _cases(file):
            results.append(run_case(file, line, case, policies, coverage))
    return results, coverage


def junit(results: list[CaseResult]) -> str:
    from xml.sax.saxutils import escape, quoteattr

    failures = sum(not r.passed for r in results)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name="policy" tests="{len(results)}" failures="{failures}">']
    for r in results:
        out.append(f"  <testcase classname={quoteattr(r.file)} name={quoteattr(r.name)}>")
        if not r.passed:
            text = r.error or "\n".join(r.differences)
            out.append(f"    <failure message={quoteattr(text.splitlines()[0])}>{escape(text)}</failure>")
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out) + "\n"
