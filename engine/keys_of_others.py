"""A key that another kind of entry has, written where it has no meaning → what to write instead.

Input: the policy's `YamlDocument` and the YAML path of a key the schema refused as unknown. Output: the help
that says where that key's meaning goes, in English and in Chinese, or None for any other key. A list of the
allowed keys tells an officer what may stand there, not what to do with a key seen on another entry: `share:`
of an income type written on an expense type (an expense counts in full; a weight is written in a rule), and
`confirm:` of a parameter or a clause written on a measure (it goes on the parameter the amount reads, named
with its line). Invariant: only what the file holds is named; nothing is evaluated.
"""

from __future__ import annotations

from typing import Any

from engine.diagnostics import Said
from engine.syntax.parser import names_written
from engine.values import listed
from engine.yaml_entries import Path, value_at
from engine.yamlsource import YamlDocument


def key_of_others_help(doc: YamlDocument, path: Path) -> Said | None:
    """What to do with the unknown key at `path` (`("expenses", "medical", "share")`), where another kind of
    entry has it; None for any other key."""
    if len(path) != 3:
        return None
    section, entry, key = path
    if section == "expenses" and key == "share":
        weighted = f"`rigid_expenses + 20% * expenses.{entry}`"
        return Said("an expense type has no `share`: a rigid expense counts in full; to weight it, write it in the "
                    f"rule that reads it, e.g. {weighted}",
                    f"支出类型没有 `share`：刚性支出全额计入；如要加权，请写在读取它的规则中，例如 {weighted}")
    if section == "assistance" and key == "confirm":
        return _confirm_on_a_measure(doc, value_at(doc.data, path[:2]))
    return None


def _confirm_on_a_measure(doc: YamlDocument, measure: Any) -> Said:
    """Where a measure's `confirm:` goes: on the parameters its amounts read, each with its line; on a clause of a
    category where it has no amount."""
    options = measure.get("options") if isinstance(measure, dict) else None
    amounts = [option.get("amount") for option in options if isinstance(option, dict)] \
        if isinstance(options, list) else [measure.get("amount")] if isinstance(measure, dict) else []
    written = [str(amount) for amount in amounts if amount is not None]
    if not written:
        return Said("a measure takes no `confirm:`: put it on a clause of the category that gives the measure",
                    "措施不能带 `confirm:`：请写在给予该措施的类别的条款上")
    parameters = doc.data.get("parameters") if isinstance(doc.data, dict) else None
    read = set().union(*(names_written(amount) for amount in written))
    named = [(name, doc.span(("parameters", name), key=True).line)
             for name in (parameters if isinstance(parameters, dict) else {}) if name in read]
    if not named:
        return Said("a measure takes no `confirm:`: write the figure of its amount as a parameter and put `confirm:` "
                    "there, or put it on a clause of a category",
                    "措施不能带 `confirm:`：请把金额中的数写成参数，在参数上写 `confirm:`，或写在类别的条款上")
    which = "the parameter" if len(named) == 1 else "a parameter"
    reads = "its amounts read" if len(written) > 1 else "its amount reads"
    en = [f"`{name}` (line {line})" for name, line in named]
    zh = [f"第 {line} 行的 `{name}`" for name, line in named]
    return Said(f"a measure takes no `confirm:`: put it on {which} {reads}, {listed(en, 'en', 'or')}, or on a clause "
                "of a category",
                f"措施不能带 `confirm:`：请把它写在金额所用的参数上（{listed(zh, 'zh', 'or')}），或写在类别的条款上")
