"""Conditions that can never hold, or always hold: a category that silently admits nobody, or everybody.

Input: a `Checker` whose rules have been typed. Output: a C031 warning at a test, or at tests taken
together, that no household can meet — `age >= 60 and age < 16`; `per_capita_income >= marginal_line and
per_capita_income < dibao_standard` where the margin is above the standard; a range whose bounds cross (an
error, C014, not a warning: a single range means nothing else); clauses of one category that exclude each
other — or that every household meets: `housing.safety_grade in {"A", "B", "C", "D"}`, `x < 5 or x >= 5`.
The message names the tests, with the values of the parameters they compare with. `check_dates_in_force` adds a
C031 warning at a test of `today` that no day of the version's effective period meets (`today <= 2026-02-28` in a
version in force from 2027-01-01): the evaluation date is one of those days.

The analysis is simple, and sound: each test compares one value (a name, or an expression, the same where it
is written the same) with a constant — literals, parameters, and household definitions computed from
parameters alone (`marginal_line`) — and holds for an interval of that value or for a set of an enum's
values; of a value that is always whole (an age in full years, a count, a whole-number input: see
`engine.whole_numbers`), only the whole numbers in it count, so `age > 59 and age < 60` never holds.
Tests are taken together only where they are joined by `and` (the clauses of a category that needs
them all) or by `or` (of one that needs any), and each branch of an `or` that an `and` needs is set beside
that `and`'s other tests: a branch they rule out is said, and the `or` comes down to the branches left
(none left: the whole never holds). A value's range is known only from what the policy declares:
the values of an enum input, the `minimum` and `maximum` of a number; a value that reads the household is
never a constant. Invariant: "never" and "always" are said only where they are proved, a value that may be
missing (a `nullable` input) included — a comparison with no value is no, `!=` and `not` yes, as evaluation
has them; tests that cannot be read so (two values of the household compared, a test of one member beside
another member's) are left alone.

This module walks the rules, the categories' clauses and the `or`s inside an `and`, and says which tests are
taken together; `value_tests` reads each test as one value against constants and finds the tests that exclude
each other, in the intervals and sets of `value_sets`; `contradiction_warnings` words the warning.
"""

from __future__ import annotations

from typing import Any

from engine.checker.contradiction_warnings import ContradictionWarnings
from engine.checker.inference import Checker
from engine.checker.value_sets import Atom, Numbers
from engine.checker.value_tests import ValueTests
from engine.diagnostics import Said
from engine.model import Policy
from engine.syntax import ast
from engine.syntax.printer import to_text


def check_contradictions(checker: Checker) -> None:
    """Warn of a test, or tests joined by `and` or `or`, that never or always hold (C031)."""
    _Pass(checker).run()


class _Pass:
    def __init__(self, checker: Checker):
        self.policy = checker.policy
        self.tests = ValueTests(checker)
        self.warnings = ContradictionWarnings(checker, self.tests)
        self._reduced: dict[int, ast.Node] = {}  # of the `and` at hand: a test an `or` comes down to → that `or`

    def run(self) -> None:
        p = self.policy
        whole = _consequences(p)
        from engine.checker.rules import every_expression

        for expr in every_expression(p):
            self._visit(expr.node, None, whole.get(id(expr.node)))
        for category in p.categories:
            if category.match == "all" and len(category.clauses) > 1:
                self._across(category.clauses, ast.And, whole.get(id(category.clauses[0].test.node)))
            elif category.match == "any" and len(category.clauses) > 1:
                self._across(category.clauses, ast.Or, None)
            if category.match == "all" and len(category.clauses) > 1:
                parts = [(part, clause) for clause in category.clauses for part in _chain(clause.test.node, ast.And)]
                self._branches([part for part, _ in parts], whole.get(id(category.clauses[0].test.node)),
                               {id(part): clause for part, clause in parts})

    # -- walking the rules ------------------------------------------------------------------

    def _visit(self, node: ast.Node, within: type | None, consequence: Said | None) -> None:
        """Each chain of `and`, each chain of `or` and each test on its own, once."""
        for kind in (ast.And, ast.Or):
            if isinstance(node, kind):
                parts = _chain(node, kind)
                if within is not kind:
                    self._chain(parts, kind, consequence if within is None else None)
                    if kind is ast.And:
                        self._branches(parts, consequence if within is None else None)
                for part in parts:
                    self._visit(part, kind, None)
                return
        atom = self.tests.atom(node)
        if atom is not None:
            if within is not ast.And:
                self._chain([node], ast.And, consequence if within is None else None)
            if within is not ast.Or:
                self._chain([node], ast.Or, None)
            return
        for child in node.children():
            self._visit(child, None, None)

    def _chain(self, parts: list[ast.Node], kind: type, consequence: Said | None) -> None:
        atoms = [a for a in map(self.tests.atom, parts) if a is not None]
        found = self.tests.contradiction(atoms, kind is ast.Or)
        if found is not None:
            self.warnings.report(found, kind is ast.Or, consequence, None)

    def _across(self, clauses: tuple[Any, ...], kind: type, consequence: Said | None) -> None:
        """Clauses of one category taken together: only what no clause says on its own."""
        atoms: list[Atom] = []
        owner: dict[int, int] = {}
        for index, clause in enumerate(clauses):
            for part in _chain(clause.test.node, kind):
                atom = self.tests.atom(part)
                if atom is not None:
                    owner[id(atom)] = index
                    atoms.append(atom)
        found = self.tests.contradiction(atoms, kind is ast.Or)
        if found is None or len({owner[id(a)] for a in found}) < 2:
            return
        last = clauses[owner[id(found[-1])]]
        earlier = [clauses[i] for i in sorted({owner[id(a)] for a in found[:-1]})]
        self.warnings.report(found, kind is ast.Or, consequence, (last.test, earlier))

    def _branches(self, parts: list[ast.Node], consequence: Said | None, clauses: dict[int, Any] | None = None) -> None:
        """An `or` among the tests an `and` needs (`a >= 60 and (b or a < 16)`): a branch that cannot hold with the
        `and`'s own tests is said, and the `or` comes down to the branches left (the whole, when none is left,
        never holds). An `or` left with one branch holds as it does: its tests join the `and`'s for the next `or`.
        `clauses`: the clause each part belongs to, for the clauses of a category taken together — where only what
        no clause says on its own is said."""
        given = [a for a in map(self.tests.atom, parts) if a is not None]
        self._reduced = {}
        if self.tests.contradiction(given, False) is not None:
            return  # said of the tests themselves

        def clause_of(atom: Atom) -> Any:
            assert clauses is not None
            return clauses.get(id(atom.node)) or clauses.get(id(self._reduced.get(id(atom))))

        for part in parts:
            if not isinstance(part, ast.Or):
                continue
            dead: list[tuple[ast.Node, list[Atom]]] = []
            live: list[tuple[ast.Node, list[Atom]]] = []
            for branch in _chain(part, ast.Or):
                own = [a for a in map(self.tests.atom, _chain(branch, ast.And)) if a is not None]
                if self.tests.contradiction(own, False) is not None:
                    dead.append((branch, []))  # never holds on its own: said of the branch itself
                    continue
                found = self.tests.contradiction(given + own, False)
                (live if found is None else dead).append((branch, found or []))
            if not any(found for _, found in dead):
                continue
            # of one clause alone (the clauses of a category taken together): said where that clause is visited
            own_clause = clauses is not None and all(clause_of(a) is clauses.get(id(part)) for _, found in dead
                                                     for a in found if any(a is g for g in given))
            if not live:
                if not own_clause:
                    self.warnings.none_left(part, [f for _, f in dead if f], given, consequence, clauses, self._reduced)
                continue
            for branch, found in dead:
                if found and not own_clause:
                    self.warnings.dead_branch(branch, found, given, [b for b, _ in live], clauses, self._reduced)
            if len(live) == 1:
                left = [a for a in map(self.tests.atom, _chain(live[0][0], ast.And)) if a is not None]
                self._reduced.update({id(a): part for a in left})
                given = given + left


def check_dates_in_force(checker: Checker) -> None:
    """Warn of a test of `today` that no day of the version's effective period meets (C031): `today <= 2026-02-28`
    in a version in force from 2027-01-01, most likely a date of another year, so what it decides is never given."""
    from engine.checker.rules import every_expression

    p = checker.policy
    start, end = p.meta.effective_from, p.meta.effective_to
    if end is not None and end < start:
        return  # C014's
    in_force = Numbers(((start, True, end, end is not None),))
    tests = ValueTests(checker)
    whole = _consequences(p)
    for expr in every_expression(p):
        consequence = whole.get(id(expr.node))
        needed = {id(part) for part in _chain(expr.node, ast.And)} if consequence is not None else set()
        for node in expr.node.walk():
            atom = tests.atom(node) if isinstance(node, ast.Compare | ast.InRange | ast.Not) else None
            if atom is None or not isinstance(atom.subject, ast.Name) or atom.subject.dotted != "today" \
                    or not isinstance(atom.holds, Numbers) or not atom.holds.meet(in_force).empty:
                continue
            before = not atom.holds.meet(Numbers(((None, False, start, False),))).empty
            after = end is not None and not atom.holds.meet(Numbers(((end, False, None, False),))).empty
            days = (Said(f"between {start} and {end}", f"都在 {start} 至 {end} 之间") if before and after else
                    Said(f"on or before {end}", f"都在 {end} 当天或之前") if after else
                    Said(f"on or after {start}", f"都在 {start} 当天或之后"))
            follows = consequence if id(node) in needed else None
            period = Said(f"from {start}", f"{start} 起") if end is None else \
                Said(f"from {start} to {end}", f"{start} 至 {end}")
            test = to_text(node)
            checker.warning("C031", Said(f"`{test}` never holds while this version is in force ({period.en})",
                                         f"`{test}` 在本版本生效期间（{period.zh}）永远不成立"), node.span,
                            Said(f"every evaluation date of this version is {days.en}"
                                 + (f", so {follows.en}" if follows else "")
                                 + ": correct the date (its year, most likely), or remove the test",
                                 f"本版本的评估日期{days.zh}" + (f"，{follows.zh}" if follows else "")
                                 + "：请改正日期（很可能是年份），或删去这项检验"))


def _consequences(p: Policy) -> dict[int, Said]:
    """What follows where a rule's whole test never holds, by the id of its node: the category, the indicator, the
    measure or its option it decides."""
    whole: dict[int, Said] = {}
    for category in p.categories:
        for clause in category.clauses if category.match == "all" or len(category.clauses) == 1 else ():
            whole[id(clause.test.node)] = Said(f"category `{category.id}` is never assigned",
                                               f"类别 `{category.id}` 因此永远不会被认定")
    for d in p.definitions.values():
        if d.indicator:
            whole[id(d.expr.node)] = Said(f"indicator `{d.name}` is never yes", f"指标 `{d.name}` 因此永远为否")
    for measure in p.assistance:
        for option in measure.options:
            whole[id(option.when.node)] = Said(f"measure `{measure.id}` is never given",
                                               f"救助措施 `{measure.id}` 因此永远不会发放") \
                if len(measure.options) == 1 else \
                Said(f"option `{option.id}` of measure `{measure.id}` is never given",
                     f"救助措施 `{measure.id}` 的选项 `{option.id}` 因此永远不会发放")
    return whole


def _chain(node: ast.Node, kind: type) -> list[ast.Node]:
    """`a and b and c` as [a, b, c], however it is nested (as evaluation reads it)."""
    if isinstance(node, kind):
        return _chain(node.left, kind) + _chain(node.right, kind)  # type: ignore[attr-defined]
    return [node]
