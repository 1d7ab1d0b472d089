"""Walking an explanation tree (plain data): every entry in it, in the order it is shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def entries(item: Any) -> Iterator[dict[str, Any]]:
    """Every object (dict) of a tree, depth first, each before what it holds. A tree holds thousands of
    texts and numbers: only maps and lists are visited, from a stack, not one call per value."""
    stack = [item] if isinstance(item, dict | list) else []
    while stack:
        current = stack.pop()
        values: list[Any] = current if isinstance(current, list) else list(current.values())
        if isinstance(current, dict):
            yield current
        stack.extend(value for value in reversed(values) if isinstance(value, dict | list))
