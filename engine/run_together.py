"""Two keys written on one line → the second put on a line of its own.

Input: the lines of a YAML file and the place where YAML stopped, at a `: ` inside a value (`when: tekun amount:
tekun_standard * 1 month`) or at text after a closed `{…}` (`label: {zh: …, en: …} test: no_labour_capacity`).
Output: the key run into the line of the one before it, the column that key starts in, and the text to write on
a line of its own. Invariant: only a key that an entry of the policy schema may hold beside the keys written
around it, and that none of them already is, is told so; any other `: ` keeps the quoting hint.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from engine import schema as schemas
from engine.diagnostics import Said

_KEY_LINE = re.compile(r"( *)(- )?([A-Za-z_]\w*):(?: |$)")
_INNER = re.compile(r"(?<=[ }\]'\"])([A-Za-z_]\w*):(?= |$)")


@functools.cache
def _entries() -> tuple[frozenset[str], ...]:
    """The key sets of the policy schema's entries of set keys (a measure, a clause, `process`, …)."""
    found: list[frozenset[str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("additionalProperties") is False and "properties" in node:
                found.append(frozenset(node["properties"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schemas.shipped("policy"))
    return tuple(found)


def _keys_around(lines: list[str], line: int, column: int, item: bool) -> set[str]:
    """The keys written in `column` in the entry of line `line` (whose first key it holds, when `item`)."""
    found = set()
    for numbers in (range(line - 1, 0, -1) if not item else range(0), range(line + 1, len(lines) + 1)):
        for number in numbers:
            text = lines[number - 1]
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            key = _KEY_LINE.match(text)
            indent = len(text) - len(text.lstrip(" "))
            if key is not None and key.start(3) == column:
                if key.group(2) and numbers.step == 1:
                    break  # the next item of the list
                found.add(key.group(3))
                if key.group(2):
                    break  # the first line of this item
            elif indent <= column:
                break
    return found


def run_together(lines: list[str], line: int, error: int) -> tuple[Said, Said, int, int] | None:
    """Message, help, 0-based column and width of the key written on the line of the key before it, where YAML
    stopped at `error` (0-based) of line `line`; None where the text there is no such key."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    outer = _KEY_LINE.match(text)
    if outer is None:
        return None
    inner = next((found for found in _INNER.finditer(text, outer.end())
                  if found.start(1) <= error <= found.end(1)), None)
    if inner is None:
        return None
    key, first, column = inner.group(1), outer.group(3), outer.start(3)
    around = _keys_around(lines, line, column, bool(outer.group(2))) | {first}
    if key in around or not any(around | {key} <= keys for keys in _entries()):
        return None
    fixed = f"`{key}: {text[inner.end():].split(' #')[0].strip()}`"
    return (Said(f"`{key}:` is written on the line of `{first}:`", f"`{key}:` 和 `{first}:` 写在了同一行"),
            Said(f"put {fixed} on a line of its own, in column {column + 1}, as `{first}:` starts",
                 f"请把 {fixed} 另起一行，从第 {column + 1} 列写起，与 `{first}:` 对齐"),
            inner.start(1), len(key) + 1)
