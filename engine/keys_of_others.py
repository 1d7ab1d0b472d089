"""A key that another kind of entry has, written where it has no meaning → what to write instead.

Input: the policy's `YamlDocument` and the YAML path of a key the schema refused as unknown. Output: the help
that says where that key's meaning goes, in English and in Chinese, or None for any other key. A list of the
allowed keys tells an officer what may stand there, not what to do with a key seen on another entry: `share:`
of an income type written on an expense type (an expense counts in full; a weight is written in a rule) or on a
definition (a share of its value is written in its `value:`), and `confirm:` of a parameter or a clause written
on a measure or on an option of one (it goes on the parameter the amount reads, named with its line).
Invariant: only what the file holds is named; nothing is evaluated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.diagnostics import Said
from engine.syntax import ast
from engine.syntax.parser import ParseFailure, names_written, parse
from engine.syntax.printer import to_text
from engine.values import listed
from engine.yaml_entries import Path, value_at
from engine.yamlsource import YamlDocument


def key_of_others_help(doc: YamlDocument, path: Path) -> Said | None:
    """What to do with the unknown key at `path` (`("expenses", "medical", "share")`), where another kind of
    entry has it; None for any other key."""
    section, key = (path[0], path[-1]) if path else (None, None)
    if len(path) == 3 and section == "expenses" and key == "share":
        weighted = f"`rigid_expenses + 20% * expenses.{path[1]}`"
        return Said("an expense type has no `share`: a rigid expense counts in full; to weight it, write it in the "
                    f"rule that reads it, e.g. {weighted}",
                    f"支出类型没有 `share`：刚性支出全额计入；如要加权，请写在读取它的规则中，例如 {weighted}")
    if len(path) == 3 and section == "definitions" and key == "share":
        return _share_of_a_definition(value_at(doc.data, path[:2]))
    if len(path) == 3 and section == "assistance" and key == "confirm":
        return _confirm_on_a_measure(doc, value_at(doc.data, path[:2]), Said("a measure", "措施"))
    if len(path) == 5 and section == "assistance" and path[2] == "options" and key == "confirm":
        return _confirm_on_a_measure(doc, value_at(doc.data, path[:4]), Said("an option of a measure", "措施的选项"))
    return None


def _share_of_a_definition(definition: Any) -> Said:
    """Where a definition's `share:` goes: into its `value:`, as the example written from the two shows."""
    entry = definition if isinstance(definition, dict) else {}
    weighted = _weighted(entry.get("share"), entry.get("value"))
    if weighted is None:  # nothing to write the example from
        return Said("a definition has no `share`: only an income type is counted in part; to take a share of its "
                    "value, write it in its `value:`",
                    "定义没有 `share`：只有收入类型才按比例计入；如要取它的值的一部分，请写在它的 `value:` 中")
    return Said("a definition has no `share`: only an income type is counted in part; to take a share of its value, "
                f"write it in its `value:`, e.g. `value: {weighted}`",
                f"定义没有 `share`：只有收入类型才按比例计入；如要取它的值的一部分，请写在它的 `value:` 中，例如 "
                f"`value: {weighted}`")


def _weighted(share: Any, value: Any) -> str | None:
    """`share` times `value`, each bracketed where it binds more loosely (`50% * count(members)`); None where either
    is not a rule."""
    if not all(isinstance(text, (str, int, Decimal)) and not isinstance(text, bool) for text in (share, value)):
        return None
    try:
        return to_text(ast.Arith("*", parse(str(share)), parse(str(value))))
    except ParseFailure:
        return None


def _confirm_on_a_measure(doc: YamlDocument, measure: Any, what: Said) -> Said:
    """Where the `confirm:` of `what` (a measure, or an option of one) goes: on the parameters its amounts read,
    each with its line; on a clause of a category where it has no amount."""
    options = measure.get("options") if isinstance(measure, dict) else None
    amounts = [option.get("amount") for option in options if isinstance(option, dict)] \
        if isinstance(options, list) else [measure.get("amount")] if isinstance(measure, dict) else []
    written = [str(amount) for amount in amounts if amount is not None]
    if not written:
        return Said(f"{what.en} takes no `confirm:`: put it on a clause of the category that gives the measure",
                    f"{what.zh}不能带 `confirm:`：请写在给予该措施的类别的条款上")
    parameters = doc.data.get("parameters") if isinstance(doc.data, dict) else None
    read = set().union(*(names_written(amount) for amount in written))
    named = [(name, doc.span(("parameters", name), key=True).line)
             for name in (parameters if isinstance(parameters, dict) else {}) if name in read]
    if not named:
        return Said(f"{what.en} takes no `confirm:`: write the figure of its amount as a parameter and put "
                    "`confirm:` there, or put it on a clause of a category",
                    f"{what.zh}不能带 `confirm:`：请把金额中的数写成参数，在参数上写 `confirm:`，或写在类别的条款上")
    which = "the parameter" if len(named) == 1 else "a parameter"
    reads = "its amounts read" if len(written) > 1 else "its amount reads"
    en = [f"`{name}` (line {line})" for name, line in named]
    zh = [f"第 {line} 行的 `{name}`" for name, line in named]
    return Said(f"{what.en} takes no `confirm:`: put it on {which} {reads}, {listed(en, 'en', 'or')}, or on a "
                "clause of a category",
                f"{what.zh}不能带 `confirm:`：请把它写在金额所用的参数上（{listed(zh, 'zh', 'or')}），"
                "或写在类别的条款上")
