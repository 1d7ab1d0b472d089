"""A key or list item indented too little → one finding that says so, in place of those its new place gives.

Input: the policy's `YamlDocument`, the keys it gives twice (`Duplicate`) and its schema mistakes with the
YAML path of each (`schema_findings.schema_found`). Output: the same, where a key or an item that breaks the
schema where it stands, or gives a key twice there, would fit the map or list just above it, one level deeper
(in the last entry of the one before it): its findings (a parameter `confirm` missing `value` and `label`, with
unknown keys `zh` and `en`; `source` given twice in the category; `process`'s `source:` at the left margin, an
unknown section) replaced by one that says it is probably indented too little and in which column it belongs.
Invariants: only a block map or list is a place it may belong (nothing is indented into `{…}` or `[…]`); a key
fits a map whose entries may hold it and that does not; an item fits a list whose items may hold all its keys
and it holds the keys they must; a top-level key that holds a map is told by `schema_findings` (`_outdented`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.diagnostics import Diagnostic, Said, Span
from engine.yaml_entries import Path, entry_keys, key_column, schema_at, value_at, written_as_block
from engine.yaml_lines import and_lines_under, lined_up
from engine.yamlsource import Duplicate, YamlDocument


def _below(doc: YamlDocument, path: Path) -> list[Path]:
    """The maps and lists written last under the node at `path`, nearest first: its value, that value's last entry
    or item, and so on (what a line after them, indented further, would join)."""
    found = []
    value = value_at(doc.data, path)
    while isinstance(value, dict | list) and value and written_as_block(doc, path):
        found.append(path)
        path = (*path, next(reversed(value)) if isinstance(value, dict) else len(value) - 1)
        value = value_at(doc.data, path)
    return found


def _belongs(doc: YamlDocument, before: Path, column: int, key: str | None, item: Any = None) -> Path | None:
    """The map (for `key`) or list (for `item`) written last under the sibling at `before`, indented further than
    `column`, that it fits: None where none does."""
    for place in _below(doc, before):
        value = value_at(doc.data, place)
        inside = next(iter(value)) if isinstance(value, dict) else 0
        if key_column(doc, (*place, inside)) <= column:
            continue
        if key is not None and isinstance(value, dict) and key not in value:
            keys = entry_keys(schema_at(place))
            if keys is not None and key in keys[0]:
                return place
        if key is None and isinstance(value, list) and isinstance(item, dict):
            keys, held = entry_keys(schema_at((*place, 0))), {str(name) for name in item}
            if keys is not None and held <= keys[0] and keys[1] <= held:
                return place
    return None


def _told(doc: YamlDocument, place: Path, what: Said, lines: int) -> tuple[Said, Said]:
    """The finding of what belongs in `place` (a map or list) and its help: the column of its last key or item, and
    (`lines` more than one) that the lines under it move with it."""
    value = value_at(doc.data, place)
    last = (*place, next(reversed(value)) if isinstance(value, dict) else len(value) - 1)
    info, opened = doc.info(last), doc.info(place)
    assert info is not None and opened is not None
    word = f"{last[-1]}:" if isinstance(value, dict) else "-"
    starts = (opened.key_span or opened.span).line
    under = Said(f"`{place[-1]}:` (line {starts})", f"第 {starts} 行的 `{place[-1]}:`") if isinstance(
        place[-1], str) else Said(f"the entry above it, at line {starts}", f"上面第 {starts} 行的那一项")
    help = lined_up((key_column(doc, last), (info.key_span or info.span).line, word))
    if lines > 1:
        help = and_lines_under(help, "右移")
    return (Said(f"{what.en} is probably indented too little: it belongs under {under.en}",
                 f"{what.zh}可能缩进得太少了：它应属于{under.zh}"), help)


def _lines(doc: YamlDocument, path: Path) -> int:
    info = doc.info(path)
    return 0 if info is None else doc.offset_span(info.start, info.end).end_line - (info.key_span or info.span).line + 1


def indented_too_little(doc: YamlDocument, duplicates: list[Duplicate], schema: dict[Diagnostic, Path]
                        ) -> tuple[list[Duplicate], dict[Diagnostic, Path]]:
    """The keys given twice and the schema mistakes, with those of a key or item indented too little (see the
    module's docstring) told as such, once."""
    duplicates = [_duplicate_told(doc, twice) for twice in duplicates]
    told: list[Path] = []
    for broken in sorted({path[:cut] for path in schema.values() for cut in range(1, len(path) + 1)}, key=len):
        if any(broken[:len(path)] == path for path in told) or (len(broken) == 1 and _a_section(doc, broken)):
            continue
        sibling = _sibling(doc.data, broken)
        if sibling is None:
            continue
        column = key_column(doc, broken)
        step = broken[-1]
        if isinstance(step, int):
            place = _belongs(doc, sibling, column, None, value_at(doc.data, broken))
            what = Said("this list item", "这个列表项")
        else:
            place = _belongs(doc, sibling, column, str(step))
            what = Said(f"`{step}:`", f"`{step}:` ")
        if place is None:
            continue
        message, help = _told(doc, place, what, _lines(doc, broken))
        code = next(d.code for d, path in schema.items() if path[:len(broken)] == broken)
        at = doc.span(broken, key=True)
        if isinstance(step, int):  # on its `-`
            at = Span(at.file, at.line, column + 1, at.line, column + 2)
        finding = Diagnostic.said(code, message, at, help=help)
        schema = {d: path for d, path in schema.items() if path[:len(broken)] != broken} | {finding: broken}
        told.append(broken)
    return duplicates, schema


def _a_section(doc: YamlDocument, path: Path) -> bool:
    """Whether a top-level key is a section, or holds a map (an entry of a section moved out, which
    `schema_findings` tells): only a top-level key of a text or a list is told here."""
    return path[0] in (schema_at(()) or {}).get("properties", {}) or isinstance(value_at(doc.data, path), dict)


def _sibling(data: Any, path: Path) -> Path | None:
    """The entry or item just before the one at `path`, in its map or list."""
    holder, step = value_at(data, path[:-1]), path[-1]
    if isinstance(holder, list) and isinstance(step, int) and step > 0:
        return (*path[:-1], step - 1)
    if isinstance(holder, dict) and step in holder:
        names = list(holder)
        at = names.index(step)
        return (*path[:-1], names[at - 1]) if at > 0 else None
    return None


def _duplicate_told(doc: YamlDocument, twice: Duplicate) -> Duplicate:
    """A key given twice that belongs to the map just above it (a clause's `source:` written in the column of its
    category's keys), told so; else as it was."""
    holder = value_at(doc.data, twice.path)
    if twice.diagnostic is None or twice.diagnostic.span is None or not isinstance(holder, dict):
        return twice
    before = [key for key in holder
              if (info := doc.info((*twice.path, key))) is not None and info.start < twice.start]
    if not before:
        return twice
    span = twice.diagnostic.span
    place = _belongs(doc, (*twice.path, before[-1]), span.column - 1, twice.key)
    if place is None:
        return twice
    lines = doc.offset_span(twice.start, twice.end)
    message, help = _told(doc, place, Said(f"`{twice.key}:`", f"`{twice.key}:` "), lines.end_line - lines.line + 1)
    return dataclasses.replace(twice, diagnostic=Diagnostic.said(twice.diagnostic.code, message, span, help=help))
