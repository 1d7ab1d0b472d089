"""Two expressions → the smallest sub-expressions where they differ, located in canonical text.

Input: two AST nodes (spans ignored). Output: `Mark`s — for each differing region the old and
the new sub-expression text and their offsets in `to_text` of each side. Invariants: equal
trees give no mark; the marks are minimal — the walk descends while the two trees have the same
shape and stops at the first node that differs; chains of `and`, `or`, `+` and `*` are aligned
operand by operand (like lines of text), so one dropped operand is one mark.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields

from engine.diagnostics import Span
from engine.syntax import ast
from engine.syntax.parser import ParseFailure, parse, text_source_map
from engine.syntax.printer import to_text


@dataclass(frozen=True)
class Mark:
    """The smallest sub-expressions that differ, with their place in each canonical text."""

    old: str
    new: str
    old_range: tuple[int, int]
    new_range: tuple[int, int]


PathStep = tuple[str, int]
NodePath = tuple[PathStep, ...]
# The paths a marked region covers; when it covers none (an insertion), an anchor and whether the
# gap sits at the anchor's end.
Region = tuple[tuple[NodePath, ...], NodePath, bool]


def _chain(node: ast.Node, path: NodePath, root: ast.Node | None = None) -> list[tuple[ast.Node, NodePath]]:
    """The operands of an associative chain (`a or b or c`, `a + b + c`), with their paths."""
    root = root or node
    if type(node) is not type(root) or (isinstance(node, ast.Arith) and node.op != root.op):  # type: ignore[attr-defined]
        return [(node, path)]
    left, right = node.left, node.right  # type: ignore[attr-defined]
    return _chain(left, (*path, ("left", -1)), root) + _chain(right, (*path, ("right", -1)), root)


def _run(operands: list[tuple[ast.Node, NodePath]], start: int, end: int) -> Region:
    if end > start:
        return tuple(p for _, p in operands[start:end]), operands[start][1], False
    if start > 0:
        return (), operands[start - 1][1], True
    return (), operands[0][1], False


def _regions(a: ast.Node, b: ast.Node, pa: NodePath, pb: NodePath) -> list[tuple[Region, Region]]:
    """The smallest regions where `a` and `b` differ (operands of a chain are aligned like lines of text)."""
    if a == b:
        return []
    whole: list[tuple[Region, Region]] = [(((pa,), pa, False), ((pb,), pb, False))]
    if type(a) is not type(b):
        return whole
    if isinstance(a, ast.And | ast.Or) or (isinstance(a, ast.Arith) and isinstance(b, ast.Arith)
                                           and a.op == b.op and a.op in "+*"):
        xs, ys = _chain(a, pa), _chain(b, pb)
        matcher = difflib.SequenceMatcher(a=[x for x, _ in xs], b=[y for y, _ in ys], autojunk=False)
        found: list[tuple[Region, Region]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    found += _regions(xs[i1 + k][0], ys[j1 + k][0], xs[i1 + k][1], ys[j1 + k][1])
            else:
                found.append((_run(xs, i1, i2), _run(ys, j1, j2)))
        return found
    found = []
    for f in fields(a):
        if f.name == "span":
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, ast.Node) and isinstance(y, ast.Node):
            found += _regions(x, y, (*pa, (f.name, -1)), (*pb, (f.name, -1)))
        elif isinstance(x, tuple) and isinstance(y, tuple) and len(x) == len(y) and all(
                isinstance(v, ast.Node) for v in (*x, *y)):
            for i, (u, v) in enumerate(zip(x, y, strict=True)):
                found += _regions(u, v, (*pa, (f.name, i)), (*pb, (f.name, i)))
        elif x != y:
            return whole
    return found


def _follow(node: ast.Node, path: NodePath) -> ast.Node:
    for name, index in path:
        value = getattr(node, name)
        node = value[index] if index >= 0 else value
    return node


def _offsets(text: str, region: Region) -> tuple[int, int]:
    """Offsets of a region in canonical `text`, found by parsing it again for its spans."""
    paths, anchor, at_end = region
    try:
        tree = parse(text, text_source_map(text, column=0))
        spans: list[Span] = [getattr(_follow(tree, p), "span", None) for p in (paths or (anchor,))]  # type: ignore[misc]
    except (ParseFailure, AttributeError, IndexError, TypeError):
        return (0, len(text))
    if any(s is None or s.line != 1 or s.end_line != 1 for s in spans):
        return (0, len(text))
    if not paths:
        point = spans[0].end_column if at_end else spans[0].column
        return (point, point)
    return (min(s.column for s in spans), max(s.end_column for s in spans))


def marks(old: ast.Node, new: ast.Node, limit: int = 8) -> tuple[Mark, ...]:
    """The differing regions of two expressions, at most `limit` of them."""
    old_text, new_text = to_text(old), to_text(new)
    found = []
    for old_region, new_region in _regions(old, new, (), ())[:limit]:
        o, n = _offsets(old_text, old_region), _offsets(new_text, new_region)
        found.append(Mark(old_text[o[0]:o[1]], new_text[n[0]:n[1]], o, n))
    return tuple(found)
