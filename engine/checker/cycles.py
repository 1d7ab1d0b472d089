"""Cycles among parameters, definitions, indicators and categories.

Input: a `Checker` (its policy and symbol table). Output: one C004 diagnostic per cycle, naming the
shortest way round it from its first-declared member and underlining the reference that starts it.
Invariant: a policy without C004 has no cycle, so evaluation in dependency order always ends; the
graph is walked without recursion, however long a chain of definitions a policy has.
"""

from __future__ import annotations

import itertools

from engine.checker.inference import Checker
from engine.checker.rules import within
from engine.diagnostics import Said, Span
from engine.model import Category, Policy
from engine.syntax import ast

_ARROW_ZH = {False: " → ", True: "→ "}  # after a full-width bracket, which has its own space
# What each name reads: the names it depends on, each with where it is read (None: by group order).
Graph = dict[str, list[tuple[str, Span | None]]]


def check_cycles(checker: Checker) -> None:
    """Report every cycle of dependencies (C004)."""
    graph = _dependencies(checker.policy)
    misnamed = [d.span for d in checker.diagnostics if d.code == "C001" and d.span is not None]
    order = {name: i for i, name in enumerate(graph)}
    for component in _strongly_connected(graph):
        start = min(component, key=order.__getitem__)
        if len(component) == 1 and all(target != start for target, _ in graph[start]):
            continue
        cycle = _cycle_through(graph, component, start)
        steps = [[span for target, span in graph[a] if target == b] for a, b in itertools.pairwise(cycle)]
        written = [span for span in steps[0] if span is not None]
        if written and any(within(written[0], wrong) for wrong in misnamed):
            continue  # read in a name already reported as written wrongly (`dibao-standard` in a clause of `dibao`)
        span = written[0] if written else _definition_span(checker, start)
        hint = Said("a value cannot depend on itself: remove one of these references",
                    "一个值不能依赖它自身：请去掉其中一处引用")
        ordered = next((at for at, step in enumerate(steps) if None in step), None)
        if ordered is not None:  # a later category of a group, decided after an earlier one the cycle reads it from
            span, hint = _group_decides(checker.policy, cycle, steps, ordered, span)
        shown = _links(checker.policy, cycle, steps)
        checker.error("C004", Said(f"`{start}` depends on itself: {shown.en}", f"`{start}` 依赖于它自身：{shown.zh}"),
                      span, hint)


def _links(p: Policy, cycle: list[str], steps: list[list[Span | None]]) -> Said:
    """The cycle, each link with the lines it is read on (`→ `marginal` (read on line 54)`), or with the group
    whose order makes it."""
    en, zh = f"`{cycle[0]}`", f"`{cycle[0]}`"
    for (reader, name), step in zip(itertools.pairwise(cycle), steps, strict=True):
        lines = sorted({span.line for span in step if span is not None})
        if lines:
            en += f" → `{name}` (read on line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
            zh += f"{_ARROW_ZH[zh.endswith('）')]}`{name}`（第 {'、'.join(map(str, lines))} 行引用）"
        else:
            group = _group_of(p, reader)
            en += f" → `{name}` (by the order of group `{group}`)"
            zh += f"{_ARROW_ZH[zh.endswith('）')]}`{name}`（按 group `{group}` 的顺序）"
    return Said(en, zh)


def _group_decides(p: Policy, cycle: list[str], steps: list[list[Span | None]], ordered: int,
                   span: Span | None) -> tuple[Span | None, Said]:
    """Where and how to break a cycle through the order of a group (step `ordered`, from a later category back to
    an earlier one): the reference out of the earlier one, which the group's order already decides."""
    later, earlier = cycle[ordered], cycle[ordered + 1]
    out = cycle.index(earlier)
    read = [at for at in steps[out] if at is not None]
    group = _group_of(p, later)
    if not read:
        return span, Said("a category of a `group` is decided after the earlier ones of its group, "
                          "so they cannot depend on it: reorder the categories or remove the reference",
                          "同一 `group` 中的类别按先后顺序认定，排在前面的类别不能依赖后面的类别：请调整类别的顺序，"
                          "或去掉这处引用")
    name, line = cycle[out + 1], read[0].line
    return read[0], Said(
        f"`{later}` comes after `{earlier}` in group `{group}`, whose order already decides between them (a later "
        f"category of a group cannot be held with an earlier one): remove `{earlier}`'s reference to `{name}` "
        f"(line {line})",
        f"`{later}` 在 group `{group}` 中排在 `{earlier}` 之后，这个 group 的顺序已经决定了二者的取舍（同一 group 中"
        f"排在后面的类别不能与前面的类别同时成立）：请去掉 `{earlier}` 对 `{name}` 的引用（第 {line} 行）")


def _group_of(p: Policy, name: str) -> str | None:
    category = p.category(name)
    return category.group if category is not None else None


def _dependencies(p: Policy) -> Graph:
    """What each parameter, definition, indicator and category reads, with where it reads it."""
    graph: Graph = {}

    def reads(node: ast.Node) -> list[tuple[str, Span | None]]:
        return [(n.dotted, n.span) for n in ast.names_in(node) if n.dotted in nodes]

    nodes = set(p.parameters) | set(p.definitions) | {c.id for c in p.categories}
    for name, param in p.parameters.items():
        graph[name] = reads(param.expr.node)
    for name, d in p.definitions.items():
        graph.setdefault(name, []).extend(reads(d.expr.node))
    groups: dict[str, list[Category]] = {}
    for c in p.categories:
        edges = graph.setdefault(c.id, [])
        for clause in c.clauses:
            edges.extend(reads(clause.test.node))
        if c.group is not None:  # a grouped category is decided after the earlier ones of its group
            edges.extend((earlier.id, None) for earlier in groups.get(c.group, []))
            groups.setdefault(c.group, []).append(c)
    return graph


def _definition_span(checker: Checker, name: str) -> Span | None:
    symbol = checker.symbols.get(name)
    if symbol is not None and symbol.expr is not None:
        return symbol.expr.span
    category = checker.policy.category(name)
    return category.span if category else None


def _strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's strongly connected components, without recursion (a policy may chain many definitions)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            edges = graph[node]
            if position < len(edges):
                work.append((node, position + 1))
                target = edges[position][0]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _cycle_through(graph: Graph, component: list[str], start: str) -> list[str]:
    """A shortest path from `start` back to itself inside one strongly connected component."""
    inside = set(component)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target, _ in graph[node]:
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if target in inside and target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    return [start, start]
