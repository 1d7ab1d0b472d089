"""An entry of a section indented one level too far → one finding that says so, in place of those its place gives.

Input: the policy's `YamlDocument`, the keys it gives twice (`Duplicate`) and its schema mistakes with the YAML
path of each (`schema_findings.schema_found`). Output: the same, where the name of an entry of a section of named
entries (`parameters`, `inputs.household`, `income`, `definitions`, …) is written in the column of the keys of the
entry before it: YAML reads it as an unknown key of that entry, and the moved entry's own keys (`value`, `label`,
`source`), left where they were, as that entry's keys given twice. Those findings — the second `value:`, which
"keep one" would delete, among them — are replaced by one that says the name is indented too far and in which
column it belongs. `entries_indented_too_far` names such entries, so that the rules that read the name find it.
Invariants: only a name the section does not hold, unknown to the entry it sits in, whose value is empty (its keys
stayed in their column) or a map of keys an entry of the section may hold (moved with its lines), is told so.
"""

from __future__ import annotations

from engine.diagnostics import Diagnostic, Said
from engine.yaml_entries import Path, entry_keys, key_column, schema_at, value_at, written_as_block
from engine.yaml_lines import and_lines_under, lined_up
from engine.yamlsource import Duplicate, YamlDocument


def _sections() -> list[Path]:
    """The sections of named entries, each entry a map of set keys: `("parameters",)`, `("inputs", "member")`…"""
    found: list[Path] = []
    for name in (schema_at(()) or {}).get("properties", {}):
        for path in ((name,), *((name, sub) for sub in (schema_at((name,)) or {}).get("properties", {}))):
            schema = schema_at(path)
            if schema is not None and isinstance(schema.get("additionalProperties"), dict) and entry_keys(
                    schema_at((*path, "_"))) is not None:
                found.append(path)
    return found


def entries_indented_too_far(doc: YamlDocument) -> dict[Path, Path]:
    """The entries whose name is indented into the entry before them: where the file has it (`("parameters",
    "dibao_standard", "tekun_standard")`) → the path it belongs at (`("parameters", "tekun_standard")`)."""
    found: dict[Path, Path] = {}
    for section in _sections():
        entries = value_at(doc.data, section)
        if not isinstance(entries, dict):
            continue
        allowed = entry_keys(schema_at((*section, "_")))
        assert allowed is not None
        for name, entry in entries.items():
            if not isinstance(entry, dict) or not written_as_block(doc, (*section, name)):
                continue
            for key, value in entry.items():
                moved = isinstance(value, dict) and value and set(value) <= allowed[0] and written_as_block(
                    doc, (*section, name, key))
                if key not in allowed[0] and key not in entries and (value is None or moved):
                    found[(*section, name, key)] = (*section, str(key))
    return found


def indented_too_far(doc: YamlDocument, duplicates: list[Duplicate], schema: dict[Diagnostic, Path]
                     ) -> tuple[list[Duplicate], dict[Diagnostic, Path]]:
    """The keys given twice and the schema mistakes, with those of an entry indented too far (see the module's
    docstring) told as such, once."""
    for path, belongs in entries_indented_too_far(doc).items():
        code = next((d.code for d, at in schema.items() if at == path), None)
        info, entry = doc.info(path), doc.info(path[:-1])
        if code is None or info is None or entry is None or info.key_span is None or entry.key_span is None:
            continue
        section = doc.info(belongs[:-1])
        where = (section.key_span or section.span).line if section is not None else 1
        name, holder = f"`{path[-1]}:`", f"`{path[-2]}:`"
        message = Said(f"{name} is probably indented too far: it is an entry of `{belongs[-2]}:` (line {where}), "
                       f"not a key of {holder} (line {entry.key_span.line})",
                       f"{name} 可能缩进得太多了：它是第 {where} 行 `{belongs[-2]}:` 下的一项，"
                       f"而不是第 {entry.key_span.line} 行 {holder} 的键")
        help = lined_up((key_column(doc, path[:-1]), entry.key_span.line, f"{path[-2]}:"))
        if isinstance(value_at(doc.data, path), dict):
            help = and_lines_under(help, "左移", " left")
        finding = Diagnostic.said(code, message, info.key_span, help=help)
        schema = {d: at for d, at in schema.items() if at[:len(path)] != path} | {finding: belongs}
        # the moved entry's own keys, left in their column, read as the keys of the entry above given again
        duplicates = [twice for twice in duplicates if twice.path != path[:-1] or twice.start < info.start]
    return duplicates, schema
