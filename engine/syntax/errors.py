"""A failed parse → one located syntax diagnostic (S001–S004) that says how to fix it.

Input: the expression text, Lark's `UnexpectedInput` and the `SourceMap` of the text.
Output: a `Diagnostic` with a message in plain words and, where the mistake is a common
one (a character from a Chinese input method, a word from another language, a missing
comma), a help line that shows what to write instead. Invariant: grammar terminal names
never reach the message or the help.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from engine.diagnostics import Diagnostic

if TYPE_CHECKING:
    from engine.syntax.parser import SourceMap


_FRIENDLY = {
    "RPAR": "`)`", "LPAR": "`(`", "LBRACE": "`{`", "RBRACE": "`}`", "COMMA": "`,`",
    "NUMBER": "a number", "NAME": "a name", "STRING": "a quoted text", "DATE": "a date",
    "UNIT": "a unit", "COMPARE": "a comparison", "ADD": "`+` or `-`", "MUL": "`*` or `/`",
    "PERCENT": "`%`", "DOT": "`.`", "LSQB": "`[`", "RSQB": "`]`",
    "$END": "the end", "MINUS": "`-`", "MEMBERS": "`members`",
}


# What a Chinese input method types, and the character the rule language means.
_WIDE = {
    "≤": "<=", "≥": ">=", "≠": "!=", "（": "(", "）": ")", "，": ",", "％": "%", "＋": "+", "－": "-",
    "＊": "*", "×": "*", "／": "/", "÷": "/", "＜": "<", "＞": ">", "＝": "==", "【": "[", "】": "]",
    "｛": "{", "｝": "}", "．": ".", "。": ".",
}


def _friendly(terminal: str) -> str:
    if terminal in _FRIENDLY:
        return _FRIENDLY[terminal]
    return f"`{terminal.lower()}`"


def outside_quotes(text: str) -> Iterator[tuple[int, str]]:
    """Each character of `text` that is not inside a quoted text, with its offset (quotes are skipped)."""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        else:
            yield i, ch


def _unclosed(text: str) -> tuple[int, str] | None:
    stack: list[tuple[int, str]] = []
    for i, ch in outside_quotes(text):
        if ch in "([{":
            stack.append((i, ch))
        elif ch in ")]}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _unmatched(text: str, position: int) -> bool:
    """Whether the closing bracket at `position` has no opening bracket before it."""
    depth = sum((ch in "([{") - (ch in ")]}") for _, ch in outside_quotes(text[:position]))
    return depth <= 0


def explain(text: str, error: UnexpectedInput, spans: SourceMap) -> Diagnostic:
    if isinstance(error, UnexpectedCharacters):
        pos = error.pos_in_stream or 0
        ch = text[pos]
        span = spans(pos, pos + 1)
        if ch == "%":
            return Diagnostic("S001", "stray `%`", span,
                              help="a percentage is written right after a number, as `20%`")
        if ch == "=":
            return Diagnostic("S001", "unexpected `=`", span, help="write `==` to compare two values")
        if ch in _WIDE:
            return Diagnostic("S001", f"unexpected `{ch}`", span, help=f"write `{_WIDE[ch]}`")
        if ch in "“”‘’":
            return Diagnostic("S001", f"unexpected `{ch}`", span,
                              help='use straight quotes: "C" (switch the input method to English)')
        if ch in "\"'":
            return Diagnostic("S001", f"the quote `{ch}` is never closed", span,
                              help=f"end the text with a matching `{ch}`")
        for symbol, word in (("&&", "and"), ("||", "or"), ("&", "and"), ("|", "or"), ("!", "not")):
            if text.startswith(symbol, pos):
                return Diagnostic("S001", f"unexpected `{symbol}`", spans(pos, pos + len(symbol)),
                                  help=f"write `{word}`")
        return Diagnostic("S001", f"unexpected character `{ch}`", span)
    if isinstance(error, UnexpectedToken | UnexpectedEOF):
        terminals: set[str] = set(getattr(error, "expected", None) or ())
        token = getattr(error, "token", None)
        at_end = token is None or token.type == "$END"
        if at_end:
            unclosed = _unclosed(text)
            if unclosed is not None:
                pos, ch = unclosed
                closer = {"(": "`)`", "[": "`]` or `)`", "{": "`}`"}[ch]
                return Diagnostic("S004", f"unclosed `{ch}`", spans(pos, pos + 1),
                                  help=f"add the closing {closer}")
            end = len(text.rstrip())
            last = text.rstrip().split()[-1] if text.strip() else ""
            missing = ("an `if … then …` also needs `else …`" if "ELSE" in terminals
                       else "complete the expression: a value is missing")
            return Diagnostic("S003", f"expression ends too early after `{last}`",
                              spans(max(0, end - len(last)), end), help=missing)
        assert token is not None
        start = token.start_pos or 0
        span = spans(start, token.end_pos if token.end_pos is not None else start + 1)
        expected = sorted({_friendly(t) for t in terminals})
        hint: str | None = None
        if token.type in ("RPAR", "RSQB", "RBRACE") and _unmatched(text, start):
            opener = {"RPAR": "`(`", "RSQB": "`[`", "RBRACE": "`{`"}[token.type]
            return Diagnostic("S002", f"`{token}` closes nothing", span,
                              help=f"remove it, or add the opening {opener} where it belongs")
        if token.type == "PERCENT":
            return Diagnostic("S001", "stray `%`", span,
                              help="a percentage is written right after a number, as `20%`")
        if token.type == "UNIT":
            hint = "a unit follows a number directly, as `490 yuan/month`"
        elif token.type == "COMPARE" and "COMPARE" not in terminals:
            hint = "comparisons do not chain: write `a < b and b < c`"
        elif token.type in ("LSQB", "LPAR") and re.search(r"\bnot\s+in\s*$", text[:start]):
            hint = "`not in` takes a set `{…}`; for a range write `not (x in [a, b])`"
        elif expected:
            shown = ", ".join(expected[:6]) + (", …" if len(expected) > 6 else "")
            hint = f"expected {shown}"
        return Diagnostic("S002", f"unexpected `{token}`", span, help=hint)
    return Diagnostic("S002", str(error).splitlines()[0], spans(0, len(text)))
