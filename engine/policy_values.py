"""A policy's values that are the same for every household: its parameters, the household
definitions computed from them alone, and the income shares.

Input: a `Policy` (checked, or for the checker one still being checked, with the types found so
far). Output: the parameter values (`parameter_values`, computed once at load), the policy-wide
definitions (`policy_wide_values`: `marginal_line: marginal_multiplier * dibao_standard`), the
income shares (`share_values`), and for the checker programs that fold the rules of literals and
such values (`constant_folder`, `policy_wide_folder`).
Invariants: every value is computed by the evaluator's own compiler (a `Program` that compiles only
rules of literals and known values), so it is what evaluation computes; parameters are computed in
dependency order; a value that cannot be computed is reported where it is evaluated (strict: a
parameter's evaluation error is a `PolicyError` at load).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from engine import types as t
from engine.diagnostics import PolicyError
from engine.evaluator import EvaluationError, ParameterPending, Program
from engine.model import Policy, per_policy
from engine.rule_needs import reads_only


def parameter_values(policy: Policy) -> dict[str, Any]:
    """Compute every parameter, in dependency order (the checker has ruled out cycles)."""
    return _parameter_values(policy, policy.types, strict=True)


def constant_folder(policy: Policy, types: Mapping[int, t.Type]) -> Program:
    """For the checker, before the policy is whole: a program that folds rules of literals and the parameters
    that can be computed (`Program.constant`), as evaluation computes them; a parameter of a cycle, or one
    that cannot be computed, is no constant."""
    return Program.of_constants(policy, _parameter_values(policy, types, strict=False), types)


def policy_wide_folder(policy: Policy, types: Mapping[int, t.Type]) -> Program:
    """`constant_folder` that also folds the household definitions computed from parameters alone
    (`marginal_line: marginal_multiplier * dibao_standard`), the same for every household, as
    `policy_wide_values` computes them."""
    known = _parameter_values(policy, types, strict=False)
    shell = Program.of_constants(policy, known, types)
    _policy_wide(policy, known, shell, strict=False)
    return shell


def _parameter_values(policy: Policy, types: Mapping[int, t.Type], strict: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    shell = Program.of_constants(policy, values, types)
    pending = list(policy.parameters)
    while pending:
        progressed = False
        for name in list(pending):
            try:
                values[name] = shell.compile(policy.parameters[name].expr.node, "household")(None)
            except ParameterPending:
                continue
            except EvaluationError as error:
                if strict:
                    raise PolicyError([error.diagnostic]) from None
            except Exception:  # before the checker is done: a parameter that reads what is no parameter (C-coded)
                if strict:
                    raise
            pending.remove(name)
            progressed = True
        if not progressed:
            break
    return values


@per_policy
def policy_wide_values(policy: Policy) -> dict[str, Any]:
    """The household definitions computed from parameters (and one another) alone, with their values.

    They are the same for every household (`marginal_line: marginal_multiplier * dibao_standard`),
    so what changes them is the policy, never a household.
    """
    known: dict[str, Any] = dict(policy.parameter_values)
    return _policy_wide(policy, known, Program.of_constants(policy, known), strict=True)


def _policy_wide(policy: Policy, known: dict[str, Any], shell: Program, strict: bool) -> dict[str, Any]:
    """The household definitions `shell` can compute from `known` alone, added to `known` as they are found."""
    found: dict[str, Any] = {}
    pending = [d for d in policy.definitions.values() if d.level == "household"]
    progressed = True
    while progressed:  # a definition may read one defined further down
        progressed = False
        for d in list(pending):
            if not reads_only(d.expr.node, known):
                continue
            pending.remove(d)
            progressed = True
            try:
                found[d.name] = known[d.name] = shell.compile(d.expr.node, "household")(None)
            except EvaluationError:
                continue  # a value that cannot be computed is reported where it is evaluated
            except Exception:  # before the checker is done: a rule it reports (C-coded)
                if strict:
                    raise
    return found


def share_values(policy: Policy) -> dict[str, Decimal]:
    """The share of each income type that has one, computed from the parameters (`policy.parameter_values`)."""
    shell = Program.of_constants(policy, dict(policy.parameter_values))
    out: dict[str, Decimal] = {}
    for name, income in policy.income.items():
        if income.share is not None:
            try:
                out[name] = shell.compile(income.share.node, "household")(None)
            except EvaluationError:
                continue  # a share that cannot be computed is reported where it is evaluated
    return out
