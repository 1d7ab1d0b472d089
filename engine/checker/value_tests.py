"""A rule's test read as one value tested against constants, with what the policy declares of that value.

Input: a `Checker` whose rules have been typed.
Output: `ValueTests`, whose `atom(node)` reads a test (`age >= 60`, `x in [a, b)`, `grade in {"C", "D"}`, a yes/no
name, and `not` of any of them) as an `Atom` — the value, and for which of its values the test holds (`value_sets`)
— or None where it is not read so; `domain`, `whole` and `may_be_missing` say what the policy declares of a value;
`contradiction(atoms, always)` finds the tests of one value that cannot all hold (with `always`, all fail).
Invariant: sound, as `contradictions` needs it — a constant is a literal, a parameter or a household definition
computed from parameters alone, never a value that reads the household; a value's range is only what the policy
declares (an enum's values, a number's `minimum` and `maximum`, whole numbers where every value is whole); and a
value that may be missing is taken as evaluation takes it — a comparison with no value is no, `!=` and `not` yes.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal
from typing import Any

from engine import types as t
from engine.checker.inference import Checker
from engine.checker.value_sets import EVERYTHING, Atom, Choices, Numbers, Values, compared, excluding
from engine.model import InputField
from engine.syntax import ast
from engine.syntax.printer import to_text

_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_LITERALS = (ast.Number, ast.Percent, ast.Quantity, ast.String, ast.Boolean, ast.Date)


class ValueTests:
    """The tests of one policy, read against what it declares of the values they test."""

    def __init__(self, checker: Checker):
        from engine.policy_values import policy_wide_folder

        self.checker = checker
        self.policy = checker.policy
        self.program = policy_wide_folder(checker.policy, checker.types)
        self._resolving: set[str] = set()
        self._cyclic = any(d.code == "C004" for d in checker.diagnostics)  # a name that depends on itself

    def atom(self, node: ast.Node) -> Atom | None:
        """`node` as one value tested against constants, or None where it is not read so."""
        match node:
            case ast.Not(operand=inner):
                atom = self.atom(inner)
                return atom.negated(node) if atom is not None else None
            case ast.Compare(op=op, left=left, right=right):
                left_value, right_value = self.constant(left), self.constant(right)
                if (left_value is None) == (right_value is None):
                    return None
                subject, bound, value = (left, right, right_value) if right_value is not None else \
                    (right, left, left_value)
                op = op if subject is left else _FLIPPED[op]
                family = self._family(subject, [(bound, value)])
                if family is None or value is None or (family is Choices and op not in ("==", "!=")) \
                        or self._undeclared(subject, [(bound, value)]):
                    return None
                return Atom(node, subject, compared(family, op, value[0]), op == "!=",
                            self._named([(bound, value)]))
            case ast.InRange(value=subject, low=low, high=high, low_closed=low_in, high_closed=high_in):
                bounds = [(b, self.constant(b)) for b in (low, high)]
                if any(v is None for _, v in bounds) or self._family(subject, bounds) is not Numbers:
                    return None
                (_, (lo, _)), (_, (hi, _)) = bounds  # type: ignore[misc]
                return Atom(node, subject, Numbers(((lo, low_in, hi, high_in),)), False, self._named(bounds))
            case ast.InSet(value=subject, items=items, negated=negated):
                bounds = [(item, self.constant(item)) for item in items]
                family = self._family(subject, bounds) if items else None
                if family is None or self._undeclared(subject, bounds):
                    return None
                values = [v[0] for _, v in bounds if v is not None]
                listed_values: Values = Choices(frozenset(values)) if family is Choices else \
                    Numbers(tuple((v, True, v, True) for v in sorted(set(values))))
                return Atom(node, subject, listed_values.complement() if negated else listed_values, False,
                            self._named(bounds))
            case ast.Name() if self._kind(node) == "boolean" and not self.may_be_missing(node) \
                    and self.constant(node) is None:
                return Atom(node, node, Choices(frozenset({True})), False, ())
        return None

    def constant(self, node: ast.Node) -> tuple[Any, str] | None:
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
                     if v is not None and not literal(b))

    def input_of(self, subject: ast.Node) -> InputField | None:
        """The input `subject` names, where it names one of the household or one of a member, not both."""
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
            return Numbers(EVERYTHING).meet(Numbers(((field.minimum, True, field.maximum, True),)))
        return Numbers(EVERYTHING)

    def whole(self, subject: ast.Node) -> bool:
        """Whether every value of a number `subject` is whole: an age in full years, a count, a whole-number input."""
        from engine.whole_numbers import whole

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

    def contradiction(self, atoms: list[Atom], always: bool) -> list[Atom] | None:
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
            found = None if domain.empty else excluding(group, domain)  # no value at all: C014's
            if found is None:
                continue
            if self.may_be_missing(subject) and all(group[i].on_missing for i in found):
                continue  # no value meets them all, but a missing one does
            return [atoms[positions[i]] for i in found]
        return None


def literal(node: ast.Node) -> bool:
    """Whether a constant is written as a figure (`60`, `-1`), not named (`dibao_standard`)."""
    return isinstance(_unsigned(node), _LITERALS)


def _unsigned(node: ast.Node) -> ast.Node:
    return node.operand if isinstance(node, ast.Neg) else node
