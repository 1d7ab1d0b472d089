"""Walking an explanation tree (plain data): every entry in it, in the order it is shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def entries(item: Any) -> Iterator[dict[str, Any]]:
    """Every object (dict) of a tree, depth first, each before what it holds."""
    if isinstance(item, dict):
        yield item
        for value in item.values():
            yield from entries(value)
    elif isinstance(item, list):
        for value in item:
            yield from entries(value)
