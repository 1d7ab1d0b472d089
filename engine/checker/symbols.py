"""The symbol table: every name a rule can read, with its kind, its level and, when known up front, its type.

Input: a `Policy`. Output: the table, from the builtins (`today`, the income and expense totals, one
name per declared income and expense type) through parameters, inputs, definitions and indicators
to categories, and a C007 diagnostic for each name declared twice. Invariant: a name declared twice
keeps its first declaration; a builtin may be shadowed, a declaration may not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engine import types as t
from engine.diagnostics import Diagnostic, Said, Span
from engine.model import Category, Expr, Level, Policy

# Each kind of symbol as a Chinese finding names it.
KINDS_ZH = {"parameter": "参数", "input": "输入字段", "builtin": "内置名称", "definition": "定义", "indicator": "指标",
            "category": "类别"}


@dataclass
class Symbol:
    kind: str  # parameter, input, builtin, definition, indicator, category
    level: Level | None  # None: usable at both levels
    type: t.Type | None = None  # known up front; else inferred from `expr`
    expr: Expr | None = None


def symbol_table(policy: Policy, unknown_inputs: Mapping[str, Level] | None = None,
                 twice: Mapping[str, tuple[Category, ...]] | None = None,
                 ) -> tuple[dict[str, Symbol], list[Diagnostic]]:
    """The names of `policy` and the diagnostics of the ones declared twice, in declaration order;
    `unknown_inputs` are inputs the loader could not build (name: level), known, of a type not known; `twice` the
    categories whose id the file gives more than once, each copy: one whose copies differ in level is read at
    either level (which one a rule means is not known; the C007 of the copies is the mistake to fix)."""
    symbols: dict[str, Symbol] = {}
    again: list[Diagnostic] = []

    def declare(name: str, symbol: Symbol, span: Span) -> None:
        if name in symbols and symbols[name].kind != "builtin":
            kind = symbols[name].kind
            again.append(Diagnostic.said(
                "C007", Said(f"`{name}` is defined twice", f"`{name}` 定义了两次"), span,
                help=Said(f"`{name}` is already a {kind}: rename one of them",
                          f"`{name}` 已经是一个{KINDS_ZH.get(kind, kind)}：请给其中一个改名"), severity="error"))
            return
        symbols[name] = symbol

    p = policy
    symbols["today"] = Symbol("builtin", None, t.DATE)
    for name in ("counted_income", "exempt_income", "rigid_expenses"):
        symbols[name] = Symbol("builtin", "household", t.RATE)
    symbols["own_counted_income"] = Symbol("builtin", "member", t.RATE)
    for name in p.income:
        symbols[f"income.{name}"] = Symbol("builtin", "household", t.RATE)
        symbols[f"own_income.{name}"] = Symbol("builtin", "member", t.RATE)
    for name in p.expenses:
        symbols[f"expenses.{name}"] = Symbol("builtin", "household", t.RATE)
        symbols[f"own_expenses.{name}"] = Symbol("builtin", "member", t.RATE)
    for name, param in p.parameters.items():
        declare(name, Symbol("parameter", None, expr=param.expr), param.span)
    for f in p.inputs.values():
        declare(f.name, Symbol("input", f.level, _input_type(f.type, f.values)), f.span)
    for name, level in (unknown_inputs or {}).items():
        symbols.setdefault(name, Symbol("input", level, t.UNKNOWN))
    for d in p.definitions.values():
        kind = "indicator" if d.indicator else "definition"
        declare(d.name, Symbol(kind, d.level, expr=d.expr), d.span)
    for c in p.categories:
        levels = {copy.level for copy in (twice or {}).get(c.id, (c,))}
        declare(c.id, Symbol("category", c.level if len(levels) == 1 else None, t.BOOLEAN), c.span)
    return symbols, again


def _input_type(kind: str, values: tuple[str, ...]) -> t.Type:
    return {
        "money": t.AMOUNT, "integer": t.NUMBER, "number": t.NUMBER, "boolean": t.BOOLEAN,
        "date": t.DATE, "text": t.TEXT,
    }.get(kind) or t.Type("text", frozenset(values))
