"""Conditions that can never hold, or always hold: a category that silently admits nobody, or everybody.

Input: a `Checker` whose rules have been typed. Output: a C031 warning at a test, or at tests taken
together, that no household can meet — `age >= 60 and age < 16`; `per_capita_income >= marginal_line and
per_capita_income < dibao_standard` where the margin is above the standard; a range whose bounds cross;
clauses of one category that exclude each other — or that every household meets: `housing.safety_grade in
{"A", "B", "C", "D"}`, `x < 5 or x >= 5`. The message names the tests, with the values of the parameters
they compare with.

The analysis is simple, and sound: each test compares one value (a name, or an expression, the same where it
is written the same) with a constant — literals, parameters, and household definitions computed from
parameters alone (`marginal_line`) — and holds for an interval of that value or for a set of an enum's
values; of a value that is always whole (an age in full years, a count, a whole-number input: see
`engine.batch.whole_numbers`), only the whole numbers in it count, so `age > 59 and age < 60` never holds.
Tests are taken together only where they are joined by `and` (the clauses of a category that needs
them all) or by `or` (of one that needs any), and each branch of an `or` that an `and` needs is set beside
that `and`'s other tests: a branch they rule out is said, and the `or` comes down to the branches left
(none left: the whole never holds). A value's range is known only from what the policy declares:
the values of an enum input, the `minimum` and `maximum` of a number; a value that reads the household is
never a constant. Invariant: "never" and "always" are said only where they are proved, a value that may be
missing (a `nullable` input) included — a comparison with no value is no, `!=` and `not` yes, as evaluation
has them; tests that cannot be read so (two values of the household compared, a test of one member beside
another member's) are left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from engine import types as t
from engine.checker.hints import listed
from engine.checker.inference import Checker
from engine.diagnostics import Said, Span, chinese_joined
from engine.model import Expr, InputField
from engine.syntax import ast
from engine.syntax.printer import number_text, to_text
from engine.values import human

# An interval of an ordered value: (low, low included, high, high included); None for no bound.
Interval = tuple[Any, bool, Any, bool]
_EVERYTHING: tuple[Interval, ...] = ((None, False, None, False),)
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_LITERALS = (ast.Number, ast.Percent, ast.Quantity, ast.String, ast.Boolean, ast.Date)


@dataclass(frozen=True)
class Numbers:
    """The values of a number, an amount, a rate, a duration or a date for which a test holds: intervals."""

    intervals: tuple[Interval, ...]

    def meet(self, other: Numbers) -> Numbers:
        return Numbers(tuple(i for a in self.intervals for b in other.intervals
                             if _nonempty(i := _meet(a, b))))

    def complement(self) -> Numbers:
        out: Numbers = Numbers(_EVERYTHING)
        for low, low_in, high, high_in in self.intervals:
            outside = []
            if low is not None:
                outside.append((None, False, low, not low_in))
            if high is not None:
                outside.append((high, not high_in, None, False))
            out = out.meet(Numbers(tuple(outside)))
        return out

    @property
    def empty(self) -> bool:
        return not self.intervals

    def whole(self) -> Numbers:
        """The whole numbers among these values, each interval closed at its first and last whole number: no
        whole number lies in `(59, 60)`."""
        out = []
        for low, low_in, high, high_in in self.intervals:
            if low is not None:
                first = low.to_integral_value(ROUND_CEILING)
                low = first + 1 if first == low and not low_in else first
            if high is not None:
                last = high.to_integral_value(ROUND_FLOOR)
                high = last - 1 if last == high and not high_in else last
            if low is None or high is None or low <= high:
                out.append((low, low is not None, high, high is not None))
        return Numbers(tuple(out))


@dataclass(frozen=True)
class Choices:
    """The values of an enum, a text or a yes/no for which a test holds: those listed, or all but those."""

    values: frozenset[Any]
    all_but: bool = False

    def meet(self, other: Choices) -> Choices:
        if self.all_but and other.all_but:
            return Choices(self.values | other.values, True)
        if self.all_but:
            return Choices(other.values - self.values)
        return Choices(self.values - other.values if other.all_but else self.values & other.values)

    def complement(self) -> Choices:
        return Choices(self.values, not self.all_but)

    @property
    def empty(self) -> bool:
        return not self.all_but and not self.values


Values = Numbers | Choices


@dataclass(frozen=True)
class Atom:
    """One test of one value against constants: for which values it holds, and what it gives for no value."""

    node: ast.Node
    subject: ast.Node
    holds: Values
    on_missing: bool
    named: tuple[tuple[str, Any, str], ...]  # the constants it names (not literals): text, value, kind

    def negated(self, node: ast.Node) -> Atom:
        return Atom(node, self.subject, self.holds.complement(), not self.on_missing, self.named)


def _meet(a: Interval, b: Interval) -> Interval:
    (al, ali, ah, ahi), (bl, bli, bh, bhi) = a, b
    if al is None or (bl is not None and bl > al):
        low, low_in = bl, bli
    elif bl is None or al > bl:
        low, low_in = al, ali
    else:
        low, low_in = al, ali and bli
    if ah is None or (bh is not None and bh < ah):
        high, high_in = bh, bhi
    elif bh is None or ah < bh:
        high, high_in = ah, ahi
    else:
        high, high_in = ah, ahi and bhi
    return low, low_in, high, high_in


def _nonempty(i: Interval) -> bool:
    low, low_in, high, high_in = i
    return low is None or high is None or low < high or (low == high and low_in and high_in)


def check_contradictions(checker: Checker) -> None:
    """Warn of a test, or tests joined by `and` or `or`, that never or always hold (C031)."""
    _Pass(checker).run()


class _Pass:
    def __init__(self, checker: Checker):
        from engine.evaluator import policy_wide_folder

        self.checker = checker
        self.policy = checker.policy
        self.program = policy_wide_folder(checker.policy, checker.types)
        self._resolving: set[str] = set()
        self._cyclic = any(d.code == "C004" for d in checker.diagnostics)  # a name that depends on itself
        self._reduced: dict[int, ast.Node] = {}  # of the `and` at hand: a test an `or` comes down to → that `or`

    def run(self) -> None:
        p = self.policy
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
        atom = self.atom(node)
        if atom is not None:
            if within is not ast.And:
                self._chain([node], ast.And, consequence if within is None else None)
            if within is not ast.Or:
                self._chain([node], ast.Or, None)
            return
        for child in node.children():
            self._visit(child, None, None)

    def _chain(self, parts: list[ast.Node], kind: type, consequence: Said | None) -> None:
        atoms = [a for a in map(self.atom, parts) if a is not None]
        found = self._contradiction(atoms, kind is ast.Or)
        if found is not None:
            self._report(found, kind is ast.Or, consequence, None)

    def _across(self, clauses: tuple[Any, ...], kind: type, consequence: Said | None) -> None:
        """Clauses of one category taken together: only what no clause says on its own."""
        atoms: list[Atom] = []
        owner: dict[int, int] = {}
        for index, clause in enumerate(clauses):
            for part in _chain(clause.test.node, kind):
                atom = self.atom(part)
                if atom is not None:
                    owner[id(atom)] = index
                    atoms.append(atom)
        found = self._contradiction(atoms, kind is ast.Or)
        if found is None or len({owner[id(a)] for a in found}) < 2:
            return
        last = clauses[owner[id(found[-1])]]
        earlier = [clauses[i] for i in sorted({owner[id(a)] for a in found[:-1]})]
        self._report(found, kind is ast.Or, consequence, (last.test, earlier))

    def _branches(self, parts: list[ast.Node], consequence: Said | None, clauses: dict[int, Any] | None = None) -> None:
        """An `or` among the tests an `and` needs (`a >= 60 and (b or a < 16)`): a branch that cannot hold with the
        `and`'s own tests is said, and the `or` comes down to the branches left (the whole, when none is left,
        never holds). An `or` left with one branch holds as it does: its tests join the `and`'s for the next `or`.
        `clauses`: the clause each part belongs to, for the clauses of a category taken together — where only what
        no clause says on its own is said."""
        given = [a for a in map(self.atom, parts) if a is not None]
        self._reduced = {}
        if self._contradiction(given, False) is not None:
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
                own = [a for a in map(self.atom, _chain(branch, ast.And)) if a is not None]
                if self._contradiction(own, False) is not None:
                    dead.append((branch, []))  # never holds on its own: said of the branch itself
                    continue
                found = self._contradiction(given + own, False)
                (live if found is None else dead).append((branch, found or []))
            if not any(found for _, found in dead):
                continue
            # of one clause alone (the clauses of a category taken together): said where that clause is visited
            own_clause = clauses is not None and all(clause_of(a) is clauses.get(id(part)) for _, found in dead
                                                     for a in found if any(a is g for g in given))
            if not live:
                if not own_clause:
                    self._none_left(part, [f for _, f in dead if f], given, consequence, clauses)
                continue
            for branch, found in dead:
                if found and not own_clause:
                    self._dead_branch(branch, found, given, [b for b, _ in live], clauses)
            if len(live) == 1:
                left = [a for a in map(self.atom, _chain(live[0][0], ast.And)) if a is not None]
                self._reduced.update({id(a): part for a in left})
                given = given + left

    def _needed(self, found: list[Atom], given: list[Atom], clauses: dict[int, Any] | None) -> Said:
        """The tests of the `and` among `found`, as written, each of another clause with its id and line."""
        en, zh = [], []
        for atom in found:
            if not any(atom is g for g in given):
                continue
            reduced = self._reduced.get(id(atom))
            clause = clauses.get(id(atom.node)) or clauses.get(id(reduced)) if clauses is not None else None
            notes = [Said(f"all that `{to_text(reduced)}` comes down to", f"`{to_text(reduced)}` 实际只剩它")] \
                if reduced is not None else []
            if clause is not None:
                line = clause.test.span.line
                notes.append(Said(f"clause `{clause.id}`, line {line}", f"条款 `{clause.id}`，第 {line} 行"))
            at = Said(f" ({', '.join(n.en for n in notes)})", f"（{'；'.join(n.zh for n in notes)}）") if notes \
                else Said("", "")
            en.append(f"`{to_text(atom.node)}`{at.en}")
            zh.append(f"`{to_text(atom.node)}`{at.zh}")
        return Said(" and ".join(en), "、".join(zh))

    def _dead_branch(self, branch: ast.Node, found: list[Atom], given: list[Atom], live: list[ast.Node],
                     clauses: dict[int, Any] | None) -> None:
        needed = self._needed(found, given, clauses)
        values, declared = self._values(found), self._declared(found[0].subject, found, False)
        left = _joined([to_text(b) for b in live], "or")
        left_zh = _joined([to_text(b) for b in live], "或", "zh")
        of = f"`{to_text(found[0].subject)}`"
        message = Said(f"`{to_text(branch)}` can never hold together with {needed.en}, which this condition needs as "
                       f"well{values.en}{declared.en}",
                       chinese_joined(f"`{to_text(branch)}` 不可能与本条件同样要求的", needed.zh, "同时成立",
                                      values.zh, declared.zh))
        help = Said(f"no value of {of} meets both, so this `or` comes down to {left}: check the bound or the value "
                    f"that is wrong, or remove `{to_text(branch)}`",
                    f"{of} 没有任何取值能同时满足两者，这个 `or` 因此只剩 {left_zh}：请核对写错的界限或取值，"
                    f"或删去 `{to_text(branch)}`")
        self.checker.warning("C031", message, branch.span, help)

    def _none_left(self, part: ast.Node, founds: list[list[Atom]], given: list[Atom], consequence: Said | None,
                   clauses: dict[int, Any] | None) -> None:
        every = [a for found in founds for a in found]
        needed = self._needed(list({id(a): a for a in every}.values()), given, clauses)
        values = self._values(every)
        message = Said(f"`{to_text(part)}` can never hold together with {needed.en}, which this condition needs as "
                       f"well: none of its branches can{values.en}",
                       chinese_joined(f"`{to_text(part)}` 不可能与本条件同样要求的", needed.zh,
                                      "同时成立：它的各个分支都不可能", values.zh))
        so = Said(f", so {consequence.en}", f"，{consequence.zh}") if consequence is not None else Said("", "")
        help = Said(f"the condition never holds{so.en}: check the bound or the value that is wrong",
                    f"这个条件永远不成立{so.zh}：请核对写错的界限或取值")
        self.checker.warning("C031", message, part.span, help)

    # -- reading a test ---------------------------------------------------------------------

    def atom(self, node: ast.Node) -> Atom | None:
        """`node` as one value tested against constants, or None where it is not read so."""
        match node:
            case ast.Not(operand=inner):
                atom = self.atom(inner)
                return atom.negated(node) if atom is not None else None
            case ast.Compare(op=op, left=left, right=right):
                left_value, right_value = self._constant(left), self._constant(right)
                if (left_value is None) == (right_value is None):
                    return None
                subject, bound, value = (left, right, right_value) if right_value is not None else \
                    (right, left, left_value)
                op = op if subject is left else _FLIPPED[op]
                family = self._family(subject, [(bound, value)])
                if family is None or value is None or (family is Choices and op not in ("==", "!=")) \
                        or self._undeclared(subject, [(bound, value)]):
                    return None
                return Atom(node, subject, _compared(family, op, value[0]), op == "!=",
                            self._named([(bound, value)]))
            case ast.InRange(value=subject, low=low, high=high, low_closed=low_in, high_closed=high_in):
                bounds = [(b, self._constant(b)) for b in (low, high)]
                if any(v is None for _, v in bounds) or self._family(subject, bounds) is not Numbers:
                    return None
                (_, (lo, _)), (_, (hi, _)) = bounds  # type: ignore[misc]
                return Atom(node, subject, Numbers(((lo, low_in, hi, high_in),)), False, self._named(bounds))
            case ast.InSet(value=subject, items=items, negated=negated):
                bounds = [(item, self._constant(item)) for item in items]
                family = self._family(subject, bounds) if items else None
                if family is None or self._undeclared(subject, bounds):
                    return None
                values = [v[0] for _, v in bounds if v is not None]
                listed_values: Values = Choices(frozenset(values)) if family is Choices else \
                    Numbers(tuple((v, True, v, True) for v in sorted(set(values))))
                return Atom(node, subject, listed_values.complement() if negated else listed_values, False,
                            self._named(bounds))
            case ast.Name() if self._kind(node) == "boolean" and not self.may_be_missing(node) \
                    and self._constant(node) is None:
                return Atom(node, node, Choices(frozenset({True})), False, ())
        return None

    def _constant(self, node: ast.Node) -> tuple[Any, str] | None:
        """(the value, its kind) of an expression the policy fixes, else None."""
        if any(isinstance(n, ast.Aggregate) for n in node.walk()):
            return None
        known, value = self.program.constant(node)
        if not known or not isinstance(value, Decimal | datetime.date | str | bool):
            return None
        return value, self._kind(node)

    def _kind(self, node: ast.Node) -> str:
        found = self.checker.types.get(id(node))
        return found.kind if found is not None else "unknown"

    def _family(self, subject: ast.Node, bounds: list[tuple[ast.Node, tuple[Any, str] | None]]) -> type | None:
        """Numbers or Choices, where the value and every constant it is tested against are of one kind."""
        kind = self._kind(subject)
        for bound, value in bounds:
            if value is None:
                return None
            zero = self.checker.types.get(id(bound), t.UNKNOWN).zero
            if value[1] != kind and not (zero and kind in t.NUMERIC):
                return None
        if kind in t.NUMERIC and all(isinstance(v[0], Decimal) for _, v in bounds if v is not None):
            return Numbers
        if kind == "date" and all(isinstance(v[0], datetime.date) for _, v in bounds if v is not None):
            return Numbers
        if kind in ("text", "boolean"):
            return Choices
        return None

    def _undeclared(self, subject: ast.Node, bounds: list[tuple[ast.Node, tuple[Any, str] | None]]) -> bool:
        """A set that names a value the enum does not declare: C003's, not said again."""
        field = self.input_of(subject)
        return field is not None and field.type == "enum" and any(
            v is not None and v[0] not in field.values for _, v in bounds)

    def _named(self, bounds: list[tuple[ast.Node, tuple[Any, str] | None]]) -> tuple[tuple[str, Any, str], ...]:
        return tuple((to_text(b), v[0], v[1]) for b, v in bounds
                     if v is not None and not isinstance(_unsigned(b), _LITERALS))

    def input_of(self, subject: ast.Node) -> InputField | None:
        if not isinstance(subject, ast.Name):
            return None
        found = [self.policy.inputs[k] for k in (f"household:{subject.dotted}", f"member:{subject.dotted}")
                 if k in self.policy.inputs]
        return found[0] if len(found) == 1 else None

    def domain(self, subject: ast.Node, family: type) -> Values:
        """The values the policy lets `subject` take: an enum's, a boolean's, between a number's bounds."""
        field = self.input_of(subject)
        if family is Choices:
            if field is not None and field.type == "enum":
                return Choices(frozenset(field.values))
            if field is not None and field.type == "boolean":
                return Choices(frozenset({True, False}))
            return Choices(frozenset(), True)
        if field is not None and field.type in ("money", "integer", "number") and \
                (field.minimum is not None or field.maximum is not None):
            return Numbers(_EVERYTHING).meet(Numbers(((field.minimum, True, field.maximum, True),)))
        return Numbers(_EVERYTHING)

    def whole(self, subject: ast.Node) -> bool:
        """Whether every value of a number `subject` is whole: an age in full years, a count, a whole-number input."""
        from engine.batch.whole_numbers import whole

        return not self._cyclic and self._kind(subject) in t.NUMERIC and whole(self.policy, subject)

    def may_be_missing(self, node: ast.Node) -> bool:
        """Whether `node` may have no value: a nullable input, or a definition or `if` that gives one as it is."""
        match node:
            case ast.Name(dotted=name):
                field = self.input_of(node)
                if field is not None:
                    return field.nullable
                definition = self.policy.definitions.get(name)
                if definition is None or name in self._resolving:
                    return definition is not None
                self._resolving.add(name)
                try:
                    return self.may_be_missing(definition.expr.node)
                finally:
                    self._resolving.discard(name)
            case ast.IfThenElse(then=yes, otherwise=no):
                return self.may_be_missing(yes) or self.may_be_missing(no)
        return False

    # -- the analysis ---------------------------------------------------------------------

    def _contradiction(self, atoms: list[Atom], always: bool) -> list[Atom] | None:
        """The tests of one value that cannot all hold (with `always`: that cannot all fail), fewest first."""
        subjects: list[ast.Node] = []
        for atom in atoms:
            if atom.subject not in subjects:
                subjects.append(atom.subject)
        for subject in subjects:
            positions = [i for i, a in enumerate(atoms) if a.subject == subject]
            group = [atoms[i].negated(atoms[i].node) if always else atoms[i] for i in positions]
            if len({type(a.holds) for a in group}) != 1:
                continue
            domain = self.domain(subject, type(group[0].holds))
            if self.whole(subject):
                group = [replace(a, holds=a.holds.whole()) for a in group]  # type: ignore[union-attr]
                domain = domain.whole()  # type: ignore[union-attr]
            found = None if domain.empty else self._excluding(group, domain)  # no value at all: C014's
            if found is None:
                continue
            if self.may_be_missing(subject) and all(group[i].on_missing for i in found):
                continue  # no value meets them all, but a missing one does
            return [atoms[positions[i]] for i in found]
        return None

    @staticmethod
    def _excluding(group: list[Atom], domain: Values) -> list[int] | None:
        """The positions of the fewest tests that no value of the domain meets together, else None."""
        met: Any = domain
        for k, atom in enumerate(group):
            met = met.meet(atom.holds)
            if not met.empty:
                continue
            if domain.meet(atom.holds).empty:  # type: ignore[arg-type]
                return [k]
            for j in range(k):
                if domain.meet(group[j].holds).meet(atom.holds).empty:  # type: ignore[arg-type]
                    return [j, k]
            return list(range(k + 1))
        return None

    # -- the warning ------------------------------------------------------------------------

    def _report(self, atoms: list[Atom], always: bool, consequence: Said | None,
                across: tuple[Expr, list[Any]] | None) -> None:
        subject = atoms[0].subject
        written = [to_text(a.node) for a in atoms]
        values = self._values(atoms)
        declared = self._declared(subject, atoms, always)
        of = f"`{to_text(subject)}`"
        if across is not None:
            test, earlier = across
            span = test.span
            ids = [c.id for c in earlier]
            several = len(earlier) > 1
            clauses = Said(("clauses " if several else "clause ") + listed(ids), listed(ids, "zh"))
            lines = ("lines " if several else "line ") + ", ".join(str(c.test.span.line) for c in earlier)
            lines_zh = "第 " + "、".join(str(c.test.span.line) for c in earlier) + " 行"
            if always:
                message = Said(f"this clause or {clauses.en} ({lines}) always holds: "
                               f"{_joined(written, 'or')} take in every value of {of}{values.en}",
                               f"本条款或条款 {clauses.zh}（{lines_zh}）总是成立：{_joined(written, '或', 'zh')} "
                               f"合起来包括了 {of} 的所有取值{values.zh}")
            else:
                message = Said(f"this clause and {clauses.en} ({lines}) can never {'all' if several else 'both'} "
                               f"hold: {_joined(written, 'and')} exclude each other{values.en}",
                               f"本条款与条款 {clauses.zh}（{lines_zh}）不可能同时成立："
                               f"{_joined(written, '与', 'zh')} 互相矛盾{values.zh}")
        else:
            span = _spanning(atoms)
            if len(atoms) == 1:
                message = self._alone(atoms[0], always, Said("", "") if _crossing(atoms[0], always) else values)
            elif always:
                message = Said(f"{_joined(written, 'or')} always holds: together they take in every value of "
                               f"{of}{values.en}",
                               f"{_joined(written, '或', 'zh')} 总是成立：合起来包括了 {of} 的所有取值{values.zh}")
            else:
                message = Said(f"{_joined(written, 'and')} can never all hold: they exclude each other{values.en}"
                               if len(atoms) > 2 else
                               f"{_joined(written, 'and')} can never both hold: they exclude each other{values.en}",
                               f"{_joined(written, '与', 'zh')} 不可能同时成立：互相矛盾{values.zh}")
        message = Said(message.en + declared.en, message.zh + declared.zh)
        self.checker.warning("C031", message, span, self._help(atoms, always, consequence, across is not None))

    def _alone(self, atom: Atom, always: bool, values: Said) -> Said:
        written = f"`{to_text(atom.node)}`"
        if _crossing(atom, always):
            assert isinstance(atom.node, ast.InRange)
            start, end = (self._bound(b) for b in (atom.node.low, atom.node.high))
            if self._constant(atom.node.low) == self._constant(atom.node.high):
                return Said(f"{written} can never hold: the range starts and ends at {start.en}, and leaves that "
                            "value out",
                            chinese_joined(f"{written} 永远不成立：这个区间的起点与终点都是", start.zh,
                                           "，却又不包括这个值"))
            return Said(f"{written} can never hold: the range starts at {start.en} and ends at {end.en}, before it "
                        "starts",
                        chinese_joined(f"{written} 永远不成立：这个区间的起点", start.zh, "大于终点", end.zh,
                                       "，没有任何值落在其中"))
        if always:
            return Said(f"{written} always holds{values.en}", f"{written} 总是成立{values.zh}")
        return Said(f"{written} can never hold{values.en}", f"{written} 永远不成立{values.zh}")

    def _bound(self, bound: ast.Node) -> Said:
        """A bound of a range as a reader sees it: `dibao_standard` (5,880.00 yuan/year), or a figure as written."""
        value = self._constant(bound)
        assert value is not None
        if isinstance(_unsigned(bound), _LITERALS):
            return Said(_shown(*value, "en"), _shown(*value, "zh"))
        return Said(f"`{to_text(bound)}` ({_shown(*value, 'en')})", f"`{to_text(bound)}`（{_shown(*value, 'zh')}）")

    def _values(self, atoms: list[Atom]) -> Said:
        """The constants the tests name, with their values: ` (`marginal_line` is 8,820.00 yuan/year, …)`."""
        seen: dict[str, tuple[Any, str]] = {}
        for atom in atoms:
            for text, value, kind in atom.named:
                seen.setdefault(text, (value, kind))
        if not seen:
            return Said("", "")
        en = ", ".join(f"`{text}` is {_shown(v, k, 'en')}" for text, (v, k) in seen.items())
        zh = "，".join(f"`{text}` 为 {_shown(v, k, 'zh')}" for text, (v, k) in seen.items())
        return Said(f" ({en})", f"（{zh}）")

    def _declared(self, subject: ast.Node, atoms: list[Atom], always: bool) -> Said:
        """What the policy declares of the value, where that is part of the reason."""
        family = type(atoms[0].holds)
        domain = self.domain(subject, family)
        met: Any = Numbers(_EVERYTHING) if family is Numbers else Choices(frozenset(), True)
        for atom in atoms:
            met = met.meet(atom.holds.complement() if always else atom.holds)
        of = f"`{to_text(subject)}`"
        if met.empty:
            return Said("", "")
        if not met.meet(domain).empty:  # no value in between is whole: only a fraction is left
            if not isinstance(met, Numbers) or not self.whole(subject):
                return Said("", "")
            whole = Said(f", as {of} takes whole numbers only", f"，因为 {of} 只取整数")
            if met.whole().meet(domain.whole()).empty and not met.whole().empty:  # type: ignore[union-attr]
                declared = self._declared_range(subject, of)
                return Said(f"{whole.en} and {declared.en}", f"{whole.zh}，{declared.zh}")
            return whole
        if isinstance(domain, Choices):
            field = self.input_of(subject)
            shown = ", ".join(to_text(ast.String(v)) if isinstance(v, str) else str(v).lower()
                              for v in sorted(domain.values, key=str))
            if field is not None and field.type == "enum":
                shown = ", ".join(to_text(ast.String(v)) for v in field.values)
            return Said(f": {of} takes only {shown}", f"：{of} 的取值只有 {shown.replace(', ', '、')}")
        declared = self._declared_range(subject, of)
        return Said(f": {of} {declared.en}", f"：{of} {declared.zh}")

    def _declared_range(self, subject: ast.Node, of: str) -> Said:
        """`is declared from 1 to 4` (`声明的取值范围为 1 至 4`): the `minimum` and `maximum` of the input `subject`."""
        field = self.input_of(subject)
        assert field is not None
        low, high = field.minimum, field.maximum
        if low is not None and high is not None:
            return Said(f"is declared from {number_text(low)} to {number_text(high)}",
                        f"声明的取值范围为 {number_text(low)} 至 {number_text(high)}")
        if low is not None:
            return Said(f"is declared at least {number_text(low)}", f"声明的最小值为 {number_text(low)}")
        assert high is not None
        return Said(f"is declared at most {number_text(high)}", f"声明的最大值为 {number_text(high)}")

    def _help(self, atoms: list[Atom], always: bool, consequence: Said | None, across: bool) -> Said:
        of = f"`{to_text(atoms[0].subject)}`"
        if always and len(atoms) == 1:
            fix = Said("name only the values meant", "请只写应当包括的取值") if isinstance(atoms[0].holds, Choices) \
                else Said("correct its bound", "请改正它的界限")
            return Said(f"it holds for every household and decides nothing: {fix.en}, or remove the test",
                        f"它对任何家庭都成立，起不到区分作用：{fix.zh}，或删去这项判断")
        if always:
            return Said("it holds for every household and decides nothing: check the bound or the value that is wrong"
                        + ("" if across else ", or write `and` if both are meant"),
                        "它对任何家庭都成立，起不到区分作用：请核对写错的界限或取值"
                        + ("" if across else "；如果两者都要满足，请改用 `and`"))
        so = Said(f", so {consequence.en}", f"，{consequence.zh}") if consequence is not None else Said("", "")
        if len(atoms) == 1:
            return Said(f"no value of {of} meets it{so.en}: check the bounds or the values it names",
                        f"{of} 没有任何取值能满足它{so.zh}：请核对它的界限或取值")
        either = "" if across else ", or write `or` if either is meant"
        either_zh = "" if across else "；如果满足其一即可，请改用 `or`"
        them = Said("both", "两者") if len(atoms) == 2 else Said("them all", "它们")
        swap = Said("", "")
        if _crossed(atoms):  # a lower bound above an upper bound: most often the two written the wrong way round
            swap = Said(" (a lower bound above the upper one: if they are the wrong way round, swap them)",
                        "（下限高于上限：如果两者写反了，请互换）")
        return Said(f"no value of {of} meets {them.en}{so.en}: check the bound or the value that is wrong{swap.en}"
                    f"{either}",
                    f"{of} 没有任何取值能同时满足{them.zh}{so.zh}：请核对写错的界限或取值{swap.zh}{either_zh}")


def _crossed(atoms: list[Atom]) -> bool:
    """Whether two tests of a number are a lower bound and an upper bound (`x >= a and x < b`), each one-sided,
    that cross: not `age > 59 and age < 60`, which only whole numbers make a contradiction."""
    if len(atoms) != 2 or not all(isinstance(a.holds, Numbers) and len(a.holds.intervals) == 1 for a in atoms):
        return False
    first, second = (a.holds.intervals[0] for a in atoms)  # type: ignore[union-attr]
    (low_a, _, high_a, _), (low_b, _, high_b, _) = first, second
    one_sided = (low_a is None) != (high_a is None) and (low_b is None) != (high_b is None)
    return one_sided and (low_a is None) != (low_b is None) and not _nonempty(_meet(first, second))


def _crossing(atom: Atom, always: bool) -> bool:
    """A range that never holds because its bounds cross (`[8820, 5880)`), not for want of a whole number in it."""
    return isinstance(atom.node, ast.InRange) and not always and isinstance(atom.holds, Numbers) and \
        not any(_nonempty(i) for i in atom.holds.intervals)


def _compared(family: type, op: str, value: Any) -> Values:
    if family is Choices:
        return Choices(frozenset({value}), op == "!=")
    interval: Interval = {"<": (None, False, value, False), "<=": (None, False, value, True),
                          ">": (value, False, None, False), ">=": (value, True, None, False),
                          "==": (value, True, value, True), "!=": (value, True, value, True)}[op]
    holds = Numbers((interval,))
    return holds.complement() if op == "!=" else holds


def _chain(node: ast.Node, kind: type) -> list[ast.Node]:
    """`a and b and c` as [a, b, c], however it is nested (as evaluation reads it)."""
    if isinstance(node, kind):
        return _chain(node.left, kind) + _chain(node.right, kind)  # type: ignore[attr-defined]
    return [node]


def _unsigned(node: ast.Node) -> ast.Node:
    return node.operand if isinstance(node, ast.Neg) else node


def _shown(value: Any, kind: str, lang: str) -> str:
    return to_text(ast.String(value)) if isinstance(value, str) else human(value, kind, lang)


def _joined(written: list[str], word: str, lang: str = "en") -> str:
    """`a` and `b`; `a`, `b` and `c` (in Chinese `a`、`b` 与 `c`)."""
    quoted = [f"`{w}`" for w in written]
    if len(quoted) == 1:
        return quoted[0]
    head = ("、" if lang == "zh" else ", ").join(quoted[:-1])
    return f"{head} {word} {quoted[-1]}"


def _spanning(atoms: list[Atom]) -> Span:
    """From the first test named to the last, as written."""
    spans = sorted(a.node.span for a in atoms)
    first, last = spans[0], max(spans, key=lambda s: (s.end_line, s.end_column))
    return Span(first.file, first.line, first.column, last.end_line, last.end_column)
