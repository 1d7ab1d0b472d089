"""What a policy's rules read, and the categories its conditions need.

Input: a checked `Policy` and its rules (AST nodes). Output: the totals of income and expense
lines the rules read (`total_reads`: a household's context keeps only those); whether an
expression reads nothing but literals and given names (`reads_only`: what the evaluator folds
once); the categories one of which a condition or a measure needs (`needed_categories`,
`measure_needs`: a measure that needs a category nobody holds is passed over).
Invariants: pure functions of the policy's rules; they read no household and compute no value.
"""

from __future__ import annotations

from collections.abc import Container

from engine.model import Measure, Policy
from engine.syntax import ast

# the totals of a household's lines its rules may read, by the first part of the name (`own_expenses.medical`)
TOTALS = frozenset({"income", "expenses", "own_income", "own_expenses", "own_counted_income"})

LITERALS = (ast.Number, ast.Percent, ast.Quantity, ast.Date, ast.String, ast.Boolean)
_PURE_CALLS = frozenset({"min", "max", "abs", "ceil", "floor", "round"})  # `age` reads the evaluation date
# operations whose value is fixed when their operands are: arithmetic, comparisons, yes/no logic, `if`
PURE_OPERATIONS = (ast.Neg, ast.Arith, ast.Compare, ast.Not, ast.And, ast.Or, ast.IfThenElse)


def reads_only(node: ast.Node, names: Container[str]) -> bool:
    """Whether an expression reads nothing but literals and `names`, through arithmetic and pure functions."""
    for n in node.walk():
        if isinstance(n, ast.Name):
            if n.dotted not in names:
                return False
        elif isinstance(n, ast.Call):
            if n.function not in _PURE_CALLS:
                return False
        elif not isinstance(n, (*LITERALS, *PURE_OPERATIONS)):
            return False
    return True


def needed_categories(policy: Policy, node: ast.Node) -> frozenset[str] | None:
    """Categories one of which must be assigned (to the household or to a member) for a condition
    to hold; None when it may hold without any.

    With none of them assigned the condition is false, and evaluating it raises nothing: every
    category is decided before assistance, `a and b` stops at a false `a`, and `or` and
    `any(members where …)` read only such conditions (`tekun`, `in_any_category and age >= 16`)."""
    match node:
        case ast.Name(dotted=name):
            if policy.category(name) is not None:
                return frozenset({name})
            definition = policy.definitions.get(name)
            return needed_categories(policy, definition.expr.node) if definition is not None else None
        case ast.And(left=left, right=right):
            needs = needed_categories(policy, left)
            if needs is None and _cannot_fail(policy, left):  # `housing_unsafe and in_any_category`
                return needed_categories(policy, right)
            return needs
        case ast.Or(left=left, right=right):
            a, b = needed_categories(policy, left), needed_categories(policy, right)
            return a | b if a is not None and b is not None else None
        case ast.Aggregate(function="any", where=where, value=None) if where is not None:
            return needed_categories(policy, where)
    return None


def _cannot_fail(policy: Policy, node: ast.Node) -> bool:
    """Whether a condition can be evaluated without an error: inputs, categories and household
    definitions (all decided before assistance) compared, tested for membership and combined."""
    for n in node.walk():
        if isinstance(n, ast.Name):
            definition = policy.definitions.get(n.dotted)
            if definition is not None and definition.level != "household":
                return False
        elif not isinstance(n, (*LITERALS, ast.Compare, ast.InSet, ast.Not, ast.And, ast.Or)):
            return False
    return True


def total_reads(policy: Policy) -> frozenset[str]:
    """Which totals of income and expense lines the policy's rules read: `income` (by type, `income.wage`),
    `expenses`, `own_income` and `own_expenses` (a member's own, by type), `own_counted_income`."""
    description = policy.meta.member_description
    rules = [*(d.expr.node for d in policy.definitions.values()),
             *(w.test.node for c in policy.categories for w in c.clauses),
             *(node for m in policy.assistance for o in m.options
               for node in (o.when.node, *((o.amount.node,) if o.amount is not None else ()))),
             *(e.node for e in (description.expressions() if description is not None else ()))]
    names = {n.dotted for rule in rules for n in rule.walk() if isinstance(n, ast.Name)}
    return frozenset({name.partition(".")[0] for name in names} & TOTALS)


def measure_needs(policy: Policy, measure: Measure) -> frozenset[str] | None:
    """The categories one of which a measure needs to grant anything (those its options' conditions need);
    None when it may grant without any."""
    found: frozenset[str] = frozenset()
    for option in measure.options:
        needs = needed_categories(policy, option.when.node)
        if needs is None:
            return None
        found |= needs
    return found

