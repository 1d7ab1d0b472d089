"""The entries of a policy file's YAML, as the findings of indentation read them.

Input: a `YamlDocument` (or its data) and a YAML path. Output: the value at the path, the column its key or its
list item's `-` starts in, whether it is written as a block (not `{…}` or `[…]`), and what the policy schema lets
the node there hold. For `engine.indented_too_little` and `engine.indented_too_far`, which say where a key or an
entry belongs. Invariant: pure reads; a path the file does not hold gives None (or column -1), never an error.
"""

from __future__ import annotations

from typing import Any

from engine import schema as schemas
from engine.yamlsource import YamlDocument

Path = tuple[str | int, ...]


def _resolved(schema: Any) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = schemas.shipped("policy")["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def schema_at(path: Path) -> Any:
    """The policy schema of the node at `path`: None where it names no schema of its own."""
    schema = _resolved(schemas.shipped("policy"))
    for step in path:
        if not isinstance(schema, dict):
            return None
        if isinstance(step, int):
            schema = schema.get("items")
        elif step in schema.get("properties", {}):
            schema = schema["properties"][step]
        else:
            schema = schema.get("additionalProperties")
        schema = _resolved(schema)
    return schema if isinstance(schema, dict) else None


def entry_keys(schema: Any) -> tuple[frozenset[str], frozenset[str]] | None:
    """The keys an entry of `schema` may hold and those it must; None when it is not an entry of set keys (a
    section of named entries, any of whose names is allowed)."""
    if not isinstance(schema, dict) or schema.get("additionalProperties") is not False:
        return None
    return frozenset(schema.get("properties", {})), frozenset(schema.get("required", []))


def key_column(doc: YamlDocument, path: Path) -> int:
    """The 0-based column a key (its name) or a list item (its `-`) at `path` starts in."""
    info = doc.info(path)
    if info is None:
        return -1
    if info.key_span is not None:
        return info.key_span.column - 1
    line = doc.lines[info.span.line - 1]
    return line.rfind("-", 0, info.span.column - 1)


def written_as_block(doc: YamlDocument, path: Path) -> bool:
    """Whether the node at `path` is written as a block, one entry or item a line (not `{…}` or `[…]`), where a line
    indented under it may belong."""
    info = doc.info(path)
    return info is not None and doc.text[info.start:info.start + 1] not in ("{", "[")


def value_at(data: Any, path: Path) -> Any:
    """The value at `path` in `data`: None where there is none."""
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data
