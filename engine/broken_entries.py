"""A policy file's mistakes that lie within one entry → the entries the checker can do without.

Input: the policy's `YamlDocument`, the keys it gives twice (`Duplicate`) and its schema mistakes
with the YAML path of each (`schema_findings.schema_found`). Output: the entries those mistakes
lie in (`broken_entries`), which the loader builds as stand-ins (the name known, the value not)
or, a measure, leaves out; None when a mistake lies outside every entry of `STANDS_IN`, and the
file's rules cannot be checked; and the span of an entry (`entry_span`), within which nothing the
checker says of a stand-in is reported; and the citations written in those entries (`citations_within`), which
still name the articles they cite.
Invariants: a broken category keeps a whole id, so the rules that read it still find the name.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from engine.diagnostics import Diagnostic, Span
from engine.yamlsource import Duplicate, YamlDocument


def held(item: Any, key: str) -> Any:
    """`item[key]` of a map, else None: what a broken entry holds may be anything."""
    return item.get(key) if isinstance(item, dict) else None


# The sections whose entries can be broken and the rest of the file still checked: a parameter, definition or
# indicator, an income or expense type, or a category whose id is whole, is built as a stand-in (its name known,
# its value not); an input is a name the checker knows, of a value not known; a measure, which no rule reads, is
# left out.
STANDS_IN = ("parameters", "inputs", "income", "expenses", "definitions", "indicators", "categories", "assistance")


def _entry_of(path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """The entry of `STANDS_IN` that `path` lies in (`("definitions", "x")`, `("inputs", "member", "x")`), or None
    when it lies in none."""
    if path[:1] == ("inputs",):
        return path[:3] if len(path) >= 3 and path[1] in ("household", "member") else None
    return path[:2] if len(path) >= 2 and path[0] in STANDS_IN else None


def broken_entries(doc: YamlDocument, duplicates: list[Duplicate],
                   schema: dict[Diagnostic, tuple[str | int, ...]]) -> frozenset[tuple[str | int, ...]] | None:
    """The entries that hold a key given twice or break the schema, when each such mistake lies within one entry
    the rest of the file can do without (`STANDS_IN`); None when one does not, and the file's rules cannot be
    checked: a whole section given twice, an entry of a list run into the one before, several keys given twice in
    one map (an entry whose name was lost, run into the one before), a mistake in the file's `policy:`,
    `abolished`, … or a category whose id is not whole (the rules reading it would be told of an unknown name)."""
    broken: set[tuple[str | int, ...]] = set()
    maps = Counter(twice.path for twice in duplicates)
    for twice in duplicates:
        entry = _entry_of((*twice.path, twice.key))
        # several keys again in one map: most likely the name of the next entry was lost, and its keys ran into
        # this one's (the rules reading that name would be told it is unknown)
        if entry is None or twice.entry_run_on or maps[twice.path] > 1:
            return None
        broken.add(entry)
    for path in schema.values():
        entry = _entry_of(path)
        if entry is None:
            return None
        broken.add(entry)
    for section, index in (e for e in broken if e[0] == "categories"):
        category = (doc.data.get(section) or [None])[index] if isinstance(index, int) else None
        if not isinstance(held(category, "id"), str) or ("categories", index, "id") in schema.values() or any(
                twice.path == ("categories", index) and twice.key == "id" for twice in duplicates):
            return None
    return frozenset(broken)


def citations_within(doc: YamlDocument, entries: frozenset[tuple[str | int, ...]]) -> frozenset[str]:
    """Every `source:` text written in `entries`, at any depth (a category's clauses, a measure's options): what
    a stand-in, or a measure left out, still cites."""
    found: set[str] = set()
    for entry in entries:
        item: Any = doc.data
        for key in entry:
            item = held(item, str(key)) if not isinstance(item, list) else \
                item[key] if isinstance(key, int) and 0 <= key < len(item) else None
        found.update(_sources_in(item))
    return frozenset(found)


def _sources_in(item: Any) -> list[str]:
    if isinstance(item, list):
        return [source for value in item for source in _sources_in(value)]
    if not isinstance(item, dict):
        return []
    return [source for key, value in item.items()
            for source in ([value] if key == "source" and isinstance(value, str) else _sources_in(value))]


def entry_span(doc: YamlDocument, entry: tuple[str | int, ...]) -> Span:
    """The span of an entry of a section, its name included."""
    info = doc.info(entry)
    assert info is not None
    begin = info.key_span or info.span
    end = doc.offset_span(info.start, info.end)
    return Span(begin.file, begin.line, begin.column, end.end_line, end.end_column)
