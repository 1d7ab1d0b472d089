"""Comments that cut a rule short: YAML ends a value written without quotes at ` #`.

Input: the policy's `YamlDocument`, the paths of the rules the loader read from it (`test`, `value`, `when`,
`amount`, `share`: each value it parsed as a rule) and the names a rule can read. Output: a C033 warning at
each `#` that follows such a rule on its line when the comment reads as the rest of it —
`test: household_size == 1 #and deposits_per_capita < 1000` is the rule `household_size == 1`. A comment
reads so when it starts with a word or a sign of the rule language (`and`, `or`, `not`, `<`, `>=`, `+`, `*`,
`(`, a unit, a function, a name of the policy) and the rule, the `#` taken out, still parses. Invariant:
ordinary comments (`# 60 周岁`, `# see Annex 2`, `# or 65 in the draft`) are said nothing of; a rule in quotes or
a `>-` block holds its `#` as text, and is never looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.checker.inference import FUNCTIONS
from engine.diagnostics import Diagnostic, Said
from engine.syntax import ast
from engine.syntax.parser import ParseFailure, parse
from engine.yamlsource import Path, YamlDocument

# The words a rule can go on with that no policy declares: operators, units, functions, literals.
_WORDS = frozenset({"and", "or", "not", "in", "where", "if", "then", "else", "true", "false", "members", "today",
                    "yuan", "month", "months", "year", "years", *FUNCTIONS, *ast.AGGREGATES})
_SIGNS = ("<", ">", "==", "!=", "+", "-", "*", "/", "%", "(", ")", ",")
_FIRST_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def comments_cutting_rules(doc: YamlDocument, rules: Iterable[Path], names: Iterable[str]) -> list[Diagnostic]:
    """A C033 warning at each comment that goes on with the rule it follows (see the module's docstring)."""
    known = _WORDS.union(names)
    found = []
    for path in rules:
        comment, info = doc.comment_after(path), doc.info(path)
        if comment is None or info is None:
            continue
        start, text = comment
        rest = text[1:].strip()
        if not _goes_on(rest, known) or not _parses(f"{info.raw} {rest}"):
            continue
        found.append(Diagnostic.said(
            "C033", Said("the rule ends here: YAML reads `#` and the rest of the line as a comment",
                         "规则到这里就结束了：YAML 把 `#` 及这一行其余的部分读作注释"),
            doc.offset_span(start, start + len(text)),
            help=Said(f"if `{text}` belongs to the rule, remove the `#`; to keep a comment, put it on its own line",
                      f"如果 `{text}` 是规则的一部分，请删去 `#`；如果是注释，请把它单独写在一行"),
            severity="warning"))
    return found


def _goes_on(rest: str, known: frozenset[str]) -> bool:
    """Whether a comment's text starts as the rest of a rule would: with a sign, or a word a rule reads."""
    if rest.startswith(_SIGNS):
        return True
    word = _FIRST_WORD.match(rest)
    return word is not None and word.group() in known


def _parses(rule: str) -> bool:
    try:
        parse(rule)
    except ParseFailure:
        return False
    return True
