"""A parameter or definition named in Chinese, where the rules read one name nothing declares → that name.

Input: the policy's schema findings with the YAML path of each, and the checker's findings. Output: the same,
where one parameter or definition is named in Chinese (`低保标准:`) and the rules read exactly one plain name
that nothing declares (`dibao_standard`): the name's finding tells to write that name, and the rules' findings
of an unknown name, which follow from it, are left out. Invariant: with two names in Chinese, or two names
unknown, nothing is changed: which is which is not known.
"""

from __future__ import annotations

import dataclasses
import re

from engine.diagnostics import Diagnostic, Said

_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")  # as a parameter or definition is named, not `housing.grade`
_SECTIONS = ("parameters", "definitions")


def named_in_chinese(schema: dict[Diagnostic, tuple[str | int, ...]], found: list[Diagnostic],
                     checked: list[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """`found` (the schema's findings among them) and `checked`, the name in Chinese told the name to write."""
    chinese = [d for d, path in schema.items() if len(path) == 2 and path[0] in _SECTIONS
               and not str(path[1]).isascii() and d.message.endswith("is not a valid name here")]
    unknown = [d for d in checked if d.code == "C001" and d.subject is not None and _PLAIN_NAME.fullmatch(d.subject)]
    names = {d.subject for d in unknown}
    if len(chinese) != 1 or len(names) != 1:
        return found, checked
    (name,), (named,) = names, chinese
    read = sorted({d.span.line for d in unknown if d.span is not None})
    more = ", …" if len(read) > 3 else ""
    lines = Said(f"line{'s' if len(read) > 1 else ''} {', '.join(map(str, read[:3]))}{more}",
                 f"第 {'、'.join(map(str, read[:3]))}{'…' if more else ''} 行")
    help = Said(f"names are written in English: write `{name}`, the name the rules read ({lines.en}) and nothing "
                "declares", f"名称要用英文：请写 `{name}`，即规则（{lines.zh}）读取而没有声明的名称")
    told = dataclasses.replace(named, help=help.en, zh=(named.zh[0], help.zh) if named.zh else None)
    return [told if d is named else d for d in found], [d for d in checked if d not in unknown]
