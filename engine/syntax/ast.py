"""The abstract syntax of the rule language.

Input: built by `engine.syntax.parser` from the Lark tree. Output: frozen
dataclasses, one per grammar rule alias. Invariant: every node carries the
`Span` it was parsed from, and spans take no part in equality or hashing, so
re-formatting a rule never changes what it means.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from engine.diagnostics import Span

_NO_SPAN = Span("<expr>", 0, 0, 0, 0)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """The fields of a kind of node that may hold nodes (all but its span), looked up once per kind."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls) if f.name != "span")
    return names


@dataclass(frozen=True)
class Node:
    """Any expression; subclasses are named after the grammar's rule aliases."""

    @property
    def span(self) -> Span:
        """Where the expression was written; each subclass stores it in a field."""
        raise NotImplementedError

    def children(self) -> Iterator[Node]:
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if isinstance(value, Node):
                yield value
            elif isinstance(value, tuple):
                yield from (v for v in value if isinstance(v, Node))

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, each before its children, left to right.

        (Iterative: a recursive generator passes every node up through each level above it, which a long
        chain of `+` makes quadratic.)"""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(tuple(node.children())))

    def replaced(self, old: Node, new: Node) -> Node:
        """This expression with `old` (that very node, wherever it lies) replaced by `new`: a hint's rewrite of
        the rule as written (`600 yuan/year * 1 month` for `* 1 year`)."""
        if self is old:
            return new
        changes: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Node):
                changes[f.name] = value.replaced(old, new)
            elif isinstance(value, tuple) and any(isinstance(v, Node) for v in value):
                changes[f.name] = tuple(v.replaced(old, new) if isinstance(v, Node) else v for v in value)
        return replace(self, **changes) if changes else self


@dataclass(frozen=True)
class Number(Node):
    value: Decimal
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Percent(Node):
    """`20%`: `value` is the written number (20); it means value / 100."""

    value: Decimal
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Quantity(Node):
    """A number with a unit: `490 yuan/month`, `3000 yuan`, `24 months`."""

    value: Decimal
    unit: str  # one of UNITS
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)

    @property
    def computed(self) -> Decimal:
        """The value in the units rules compute with: yuan, yuan a year, months (`490 yuan/month` is 5880)."""
        return self.value * 12 if self.unit in ("yuan/month", "year") else self.value


UNITS = ("yuan", "yuan/month", "yuan/year", "month", "year")


@dataclass(frozen=True)
class Date(Node):
    value: datetime.date
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class String(Node):
    value: str
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Boolean(Node):
    value: bool
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Name(Node):
    """A name, possibly dotted: `per_capita_income`, `assets.deposits`."""

    parts: tuple[str, ...]
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True)
class Neg(Node):
    operand: Node
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Arith(Node):
    op: str  # + - * /
    left: Node
    right: Node
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Compare(Node):
    op: str  # < <= > >= == !=
    left: Node
    right: Node
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class InRange(Node):
    value: Node
    low: Node
    high: Node
    low_closed: bool
    high_closed: bool
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class InSet(Node):
    value: Node
    items: tuple[Node, ...]
    negated: bool = False
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Not(Node):
    operand: Node
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class And(Node):
    left: Node
    right: Node
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Or(Node):
    left: Node
    right: Node
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class IfThenElse(Node):
    condition: Node
    then: Node
    otherwise: Node
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Unparsed(Node):
    """A rule that did not parse (its syntax error is reported by the loader), kept as written so that the
    checker goes on with the rest of the file: its type is unknown, and nothing is concluded from it."""

    text: str
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


AGGREGATES = ("count", "sum", "any", "all", "min", "max")


@dataclass(frozen=True)
class Aggregate(Node):
    """`count(members where age >= 60)`, `sum(members, own_counted_income)`."""

    function: str
    where: Node | None
    value: Node | None
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


def names_in(node: Node) -> Iterator[Name]:
    """Every name an expression mentions, in source order."""
    for n in node.walk():
        if isinstance(n, Name):
            yield n


def operands(node: Node) -> list[Name | Aggregate]:
    """The names and member aggregations an expression reads, in order, not looking inside aggregations (whose
    names are read of each member)."""
    if isinstance(node, Name | Aggregate):
        return [node]
    return [x for child in node.children() for x in operands(child)]
