"""Walking an explanation tree (plain data): every entry in it, in the order it is shown."""

from __future__ import annotations

from typing import Any


def entries(item: Any) -> list[dict[str, Any]]:
    """Every object (dict) of a tree, depth first, each before what it holds. A tree holds thousands of
    texts and numbers: only maps and lists are entered, and a value is looked at once, by its type; the tree
    is plain data (the explainer's, or JSON read back), so a map is a `dict` and a list a `list`, exactly. A
    list, not a generator, by recursion (a tree is a dozen levels deep at most): a batch walks millions of
    trees, and this took two thirds of the time of a generator over a stack."""
    out: list[dict[str, Any]] = []
    if type(item) is dict or type(item) is list:
        _walk(item, out)
    return out


def _walk(item: Any, out: list[dict[str, Any]]) -> None:
    if type(item) is dict:
        out.append(item)
        item = item.values()
    for value in item:
        if type(value) is dict or type(value) is list:
            _walk(value, out)
