"""Walking an explanation tree (plain data): every entry in it, in the order it is shown; or only the entries
that may cite a source, where the explanation's schema puts them."""

from __future__ import annotations

from collections.abc import Iterable
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


def citing(tree: dict[str, Any]) -> list[dict[str, Any]]:
    """Every entry of an explanation tree that may cite a source (`source`, `cited`), where
    `engine/schema/explanation.schema.json` allows one: the categories, their clauses and their members' clauses,
    the values those unfold and the parameters they cite, the accounting's lines, the measures granted (with the
    parameters they cite) and withheld (a member's with its forms), the categories abolished, and the review process.
    The schema allows no other key anywhere, so these are all of them; `entries` finds the same by looking at each of
    the tree's thousand values, this by reading a few keys of some hundred entries."""
    out: list[dict[str, Any]] = []
    for category in tree.get("categories", ()):
        out.append(category)
        _clauses(category.get("clauses", ()), out)
        for member in category.get("members", ()):
            _clauses(member.get("clauses", ()), out)
    accounting = tree.get("accounting") or {}
    out += accounting.get("income", ())
    out += accounting.get("expenses", ())
    for grant in tree.get("assistance", ()):
        out.append(grant)
        out += grant.get("parameters_cited", ())
    out += tree.get("withheld", ())
    for withheld in tree.get("withheld_members", ()):
        out.append(withheld)
        out += withheld.get("forms", ())
    out += tree.get("abolished", ())
    if "process" in tree:
        out.append(tree["process"])
    return out


def _clauses(clauses: Iterable[dict[str, Any]], out: list[dict[str, Any]]) -> None:
    for clause in clauses:
        out.append(clause)
        out += clause.get("parameters_cited", ())
        _derived(clause.get("derived", ()), out)


def _derived(values: Iterable[dict[str, Any]], out: list[dict[str, Any]]) -> None:
    for value in values:
        out.append(value)
        if "from" in value:
            _derived(value["from"], out)
