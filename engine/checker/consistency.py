"""Checks that the parts of a policy agree with one another, outside its expressions.

Input: a `Checker` whose rules have been typed (so that it knows which names are used). Output:
diagnostics for an effective period that ends before it starts (C014), input declarations whose
bounds or default cannot hold (`engine.inputs.declaration_problems`), value labels of values an
input does not have (C003), abolished categories still defined or absorbed by no category (C012),
a category that an earlier one of its group always takes first (C006, a warning), a group of one
category (C018, a warning), and parameters
and member definitions that no rule reads (C005, a warning). Invariant: each check reads the
policy and the checker and only adds diagnostics.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

from engine.checker.hints import suggest
from engine.checker.inference import Checker
from engine.diagnostics import Diagnostic
from engine.inputs import declaration_problems
from engine.model import Category, Policy
from engine.syntax import ast
from engine.syntax.printer import number_text
from engine.values import plain_number

ZERO, ONE = Decimal(0), Decimal(1)


def check_effective(checker: Checker) -> None:
    """The effective period's `to:` is on or after its `from:` (C014)."""
    meta = checker.policy.meta
    if meta.effective_to is not None and meta.effective_to < meta.effective_from:
        start, end = meta.effective_from.isoformat(), meta.effective_to.isoformat()
        checker.error("C014", f"the effective period ends on {end}, before it starts on {start}",
                      checker.at(("policy", "effective", "to"), meta.effective_span),
                      f"`to:` is the last day in force: write a date on or after {start}, or swap the two dates")


def check_inputs(checker: Checker) -> None:
    """Each input's declaration holds together, and its value labels name declared values (C003)."""
    for f in checker.policy.inputs.values():
        for code, message, hint, key in declaration_problems(f):
            checker.error(code, message, checker.at(("inputs", f.level, f.name, key), f.span), hint)
        for value, _ in f.value_labels:
            if value not in f.values:
                close = difflib.get_close_matches(value, f.values, n=1)
                checker.error("C003", f"`{value}` under `value_labels` is not one of the values of `{f.name}`",
                              checker.at(("inputs", f.level, f.name, "value_labels", value), f.span, key=True),
                              f"did you mean `{close[0]}`?" if close else
                              f"the values are {', '.join(f'`{v}`' for v in f.values)}")


def check_abolished(checker: Checker) -> None:
    """An abolished category is no longer defined, and what absorbs it is a category (C012)."""
    ids = {c.id for c in checker.policy.categories}
    for index, gone in enumerate(checker.policy.abolished):
        if gone.id in ids:
            checker.error("C012", f"`{gone.id}` is abolished but still defined as a category",
                          checker.at(("abolished", index, "id"), gone.span),
                          "remove it from `categories` or from `abolished`")
        for j, target in enumerate(gone.absorbed_by):
            if target not in ids:
                checker.error("C012", f"`{gone.id}` is absorbed by `{target}`, which is not a category",
                              checker.at(("abolished", index, "absorbed_by", j), gone.span),
                              suggest(target, ids) or "name categories of this file")


def check_reachability(checker: Checker) -> None:
    """Warn of a category of a group whose clauses include all those of an earlier one (C006)."""
    seen: dict[tuple[str, str], list[Category]] = {}
    for category in checker.policy.categories:
        if category.group is None or category.match != "all":
            continue
        clauses = {c.test.node for c in category.clauses}
        for earlier in seen.get((category.group, category.level), []):
            if {c.test.node for c in earlier.clauses} <= clauses:
                checker.warning("C006", f"category `{category.id}` can never be assigned", category.span,
                                f"`{earlier.id}` comes first in group `{category.group}` and its "
                                "conditions are the same or weaker: reorder or tighten them")
                break
        seen.setdefault((category.group, category.level), []).append(category)


def check_groups(checker: Checker) -> None:
    """Warn of a group that holds one category (C018): a group makes its categories exclude one another,
    so a group of one is most likely a misspelt name, and the category then excludes none of the others.
    Of two such groups with close names, the one named later is reported, with the earlier name."""
    members: dict[str, list[int]] = {}
    categories = checker.policy.categories
    for index, category in enumerate(categories):
        if category.group is not None:
            members.setdefault(category.group, []).append(index)
    names = list(members)  # in the order the file first names them
    for group, (index, *others) in members.items():
        if others:
            continue
        earlier, later = names[:names.index(group)], names[names.index(group) + 1:]
        close = difflib.get_close_matches(group, earlier, n=1, cutoff=0.75)  # names of a word or two: strictly
        if not close and difflib.get_close_matches(group, later, n=1, cutoff=0.75):
            continue  # the later name is the slip, most likely: it is reported there
        category = categories[index]
        checker.warning("C018", f"group `{group}` holds only `{category.id}`, so it excludes no other category",
                        checker.at(("categories", index, "group"), category.span),
                        f"did you mean `{close[0]}`?" if close else
                        "give it the group of the categories it should exclude, or remove `group:`")


def check_unused(checker: Checker) -> None:
    """Warn of parameters and member definitions that no rule reads (C005)."""
    p = checker.policy
    for name, param in p.parameters.items():
        if name not in checker.used:
            checker.warning("C005", f"parameter `{name}` is never used", param.span,
                            "remove it, or use it in a rule")
    for name, d in p.definitions.items():
        if name not in checker.used and not d.indicator and d.level == "member":
            checker.warning("C005", f"member definition `{name}` is never used", d.span,
                            "remove it, or use it in a rule")


# what a parameter's name or label says when it holds a share: a part of something, not a multiple of it
_SHARE_NAME = re.compile(r"(?:^|_)(?:share|rate|ratio|percent|percentage|proportion)(?:_|$)")
_SHARE_WORDS = ("比例", "比率", "百分比", "占比", "share", "percentage", "proportion")


def check_share_parameters(checker: Checker) -> None:
    """Warn of a parameter whose name or label says it is a share, written as a plain number above 1 (C020):
    `rigid_expense_share: value: 50` where the document says 50%, which makes a rule ask for fifty times
    the household's income and passes every other check."""
    policy = checker.policy
    # one an income share reads is C017's, at the share, once its value is known
    in_shares = {name for income in policy.income.values() if income.share is not None
                 for name in policy.reads(income.share.node)}
    for name, param in policy.parameters.items():
        node = param.expr.node
        if not isinstance(node, ast.Number) or node.value <= 1 or name in in_shares:
            continue
        labels = f"{param.label.zh or ''} {param.label.en or ''}".lower()
        if not _SHARE_NAME.search(name) and not any(word in labels for word in _SHARE_WORDS):
            continue
        text = number_text(node.value)
        checker.warning("C020", f"`{name}` is a share, but `{text}` is a plain number: {text} times what it "
                        "multiplies", param.expr.span, f"did you mean `{text}%`?")


def share_problems(policy: Policy) -> list[Diagnostic]:
    """Each income share, computed, lies between 0% and 100% (C017). Run once the parameters have values:
    a share such as `1 - employment_cost_rate` is wrong only through the value of what it reads."""
    from engine.evaluator import share_values

    found = []
    for name, value in share_values(policy).items():
        if ZERO <= value <= ONE:
            continue
        income = policy.income[name]
        assert income.share is not None
        shown = f"{plain_number(value * 100)}%"
        found.append(Diagnostic("C017", f"the share of `{name}` comes out at {shown}: a share lies between 0% and "
                                        "100%", income.share.span, help=_percent_forgotten(policy, income.share.node)))
    return found


def _percent_forgotten(policy: Policy, node: ast.Node) -> str:
    """The likely slip behind a share out of range: a percentage written as a plain number."""
    written: list[tuple[str, ast.Number]] = [("", node)] if isinstance(node, ast.Number) else []
    for name in sorted(policy.reads(node)):
        parameter = policy.parameters.get(name)
        if parameter is not None and isinstance(parameter.expr.node, ast.Number):
            written.append((f"`{name}` (line {parameter.expr.span.line}) ", parameter.expr.node))
    for name, number in written:
        if number.value > 1:
            text = number_text(number.value)
            subject = f"{name}is written" if name else "it is written"
            return f"{subject} `{text}`, a plain number: did you mean `{text}%`?"
    return "a share is a percentage, e.g. `80%`, or a number from 0 to 1"
