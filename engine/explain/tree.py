"""Walking an explanation tree (plain data): every entry in it, in the order it is shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def entries(item: Any) -> Iterator[dict[str, Any]]:
    """Every object (dict) of a tree, depth first, each before what it holds. A tree holds thousands of
    texts and numbers: only maps and lists are visited, from a stack, not one call per value; the tree is
    plain data (the explainer's, or JSON read back), so a map is a `dict` and a list a `list`, exactly."""
    stack = [item] if type(item) is dict or type(item) is list else []
    while stack:
        current = stack.pop()
        if type(current) is dict:
            yield current
            inner = [v for v in current.values() if type(v) is dict or type(v) is list]
        else:
            inner = [v for v in current if type(v) is dict or type(v) is list]
        inner.reverse()
        stack += inner
