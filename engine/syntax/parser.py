"""Text of the rule language → AST, or located syntax diagnostics.

Input: an expression string and a `SourceMap` that turns offsets in that string
into spans of the file it came from (a YAML scalar, possibly quoted or folded).
Output: an `ast.Node` whose every node carries its span, or `ParseFailure`
holding one diagnostic worded by `engine.syntax.errors`. The LALR parser is built from
`grammar.lark`, its only source, once per process, and kept on disk for the next
(`build_parser`). Invariant: `parse` returns a node or raises
`ParseFailure`, whatever the text; expressions nested deeper than
`MAX_NESTING` are refused, so later stages can walk the tree recursively.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import functools
import hashlib
import io
import re
import sys
from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput

from engine.date_words import date_said
from engine.diagnostics import Diagnostic, Said, Span
from engine.policy_cache import cache_folder, prune, read_own, write_whole
from engine.syntax import ast
from engine.syntax.chinese import Labels
from engine.syntax.errors import explain

SourceMap = Callable[[int, int], Span]

# Deeper than any real rule; keeps the recursive checker, evaluator and printer far from Python's limit.
MAX_NESTING = 100


def text_source_map(text: str, file: str = "<expr>", line: int = 1, column: int = 1) -> SourceMap:
    """Spans for an expression that stands alone (tests, the command line)."""

    def position(offset: int) -> tuple[int, int]:
        before = text[:offset]
        newlines = before.count("\n")
        if newlines:
            return line + newlines, offset - before.rfind("\n")
        return line, column + offset

    def to_span(start: int, end: int) -> Span:
        (l1, c1), (l2, c2) = position(start), position(end)
        return Span(file, l1, c1, l2, c2)

    return to_span


def _other_digits(written: str) -> Said:
    """What is wrong with a number of a rule written in digits other than 0-9: full-width ones (`５１０`), as a
    Chinese input method types them, or another script's (`١٦`)."""
    if any("０" <= ch <= "９" for ch in written):
        return Said(f"`{written}` is written in full-width digits", f"`{written}` 用的是全角数字")
    return Said(f"`{written}` is written in Arabic-Indic digits", f"`{written}` 用的是阿拉伯-印度数字") \
        if any("\u0660" <= ch <= "\u06f9" for ch in written) else \
        Said(f"`{written}` is written in digits other than 0-9", f"`{written}` 用的不是 0-9 的数字")


class ParseFailure(Exception):
    """A syntax error in an expression, carrying its located diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.message)


GRAMMAR = Path(__file__).parent / "grammar.lark"
_OPTIONS: dict[str, Any] = {"parser": "lalr", "propagate_positions": True, "maybe_placeholders": True}
KEPT_PARSERS = 4  # parsers kept (one a grammar, Lark and Python version): the oldest go when another is written


@functools.cache
def _lark() -> Lark:
    return build_parser(GRAMMAR.read_text(encoding="utf-8"))


def build_parser(grammar: str) -> Lark:
    """The LALR parser of `grammar`, read back from the cache folder (`engine.policy_cache`, in `grammar/`) where a
    command built it before: building its tables takes 30–60 ms, reading them back a few. An entry is
    named by a SHA-256 over the grammar's text, Lark's version, Python's and the options, written whole or not at
    all, and read only as the cache reads a checked policy; any problem with it (none yet, a damaged one, a folder
    that cannot be written, `POLICY_NO_CACHE=1`) only costs the build. (Not Lark's own `cache=True`: it keeps its
    pickle in the shared temporary folder, where anyone may leave one under the name it looks for.)"""
    folder = cache_folder("grammar")
    if folder is None:
        return Lark(grammar, **_OPTIONS)
    key = hashlib.sha256("\0".join((grammar, lark.__version__, sys.version, repr(sorted(_OPTIONS.items())))).encode())
    entry = folder / f"{key.hexdigest()[:40]}.lark"
    kept = read_own(entry)
    if kept is not None:
        try:
            return Lark.load(io.BytesIO(kept))
        except Exception:  # a damaged entry: built again, and kept again
            pass
    built = Lark(grammar, **_OPTIONS)
    data = io.BytesIO()
    built.save(data)
    if write_whole(folder, entry, data.getvalue()):
        with contextlib.suppress(OSError):  # (the folder made unreadable meanwhile)
            prune(folder, ".lark", KEPT_PARSERS)
    return built


_UNIT_NAMES = {
    "yuan": "yuan",
    "yuan/month": "yuan/month",
    "yuan/year": "yuan/year",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}


@v_args(meta=True)
class _ToAst(Transformer[Token, ast.Node]):
    def __init__(self, spans: SourceMap):
        super().__init__()
        self._spans = spans

    def _span(self, meta: object) -> Span:
        return self._spans(meta.start_pos, meta.end_pos)  # type: ignore[attr-defined]

    def if_then_else(self, meta: object, c: list[ast.Node]) -> ast.Node:
        return ast.IfThenElse(c[0], c[1], c[2], span=self._span(meta))

    def or_(self, meta: object, c: list[ast.Node]) -> ast.Node:
        return ast.Or(c[0], c[1], span=self._span(meta))

    def and_(self, meta: object, c: list[ast.Node]) -> ast.Node:
        return ast.And(c[0], c[1], span=self._span(meta))

    def not_(self, meta: object, c: list[ast.Node]) -> ast.Node:
        return ast.Not(c[0], span=self._span(meta))

    def compare(self, meta: object, c: list[object]) -> ast.Node:
        left, op, right = c
        return ast.Compare(str(op), left, right, span=self._span(meta))  # type: ignore[arg-type]

    def range(self, meta: object, c: list[object]) -> tuple[object, ...]:
        return tuple(c)

    def low(self, meta: object, c: list[Token]) -> str:
        return str(c[0])

    def high(self, meta: object, c: list[Token]) -> str:
        return str(c[0])

    def set(self, meta: object, c: list[object]) -> tuple[ast.Node, ...]:
        return tuple(x for x in c if x is not None)  # type: ignore[misc]

    def in_range(self, meta: object, c: list[Any]) -> ast.Node:
        value, (low_bound, low, high, high_bound) = c
        return ast.InRange(
            value, low, high, str(low_bound) == "[", str(high_bound) == "]", span=self._span(meta)
        )

    def in_set(self, meta: object, c: list[object]) -> ast.Node:
        return ast.InSet(c[0], c[1], False, span=self._span(meta))  # type: ignore[arg-type]

    def not_in_set(self, meta: object, c: list[object]) -> ast.Node:
        return ast.InSet(c[0], c[1], True, span=self._span(meta))  # type: ignore[arg-type]

    def arith(self, meta: object, c: list[object]) -> ast.Node:
        left, op, right = c
        return ast.Arith(str(op), left, right, span=self._span(meta))  # type: ignore[arg-type]

    def neg(self, meta: object, c: list[ast.Node]) -> ast.Node:
        return ast.Neg(c[0], span=self._span(meta))

    def _value(self, token: Token) -> Decimal:
        """The number `token` writes, refused where it is written in digits other than 0-9 (`５１０`, `١٦`): the
        lexer reads any decimal digit, where a `process:` value and a household take only 0-9."""
        written = str(token)
        other = next((at for at, ch in enumerate(written) if ch.isdigit() and not ch.isascii()), None)
        if other is not None:
            start = (token.start_pos or 0) + other
            raise ParseFailure(Diagnostic.said("S001", _other_digits(written),
                                               self._spans(start, start + len(written) - other),
                                               help=Said(f"write `{Decimal(written)}` in ordinary digits (0-9)",
                                                         f"应写作 `{Decimal(written)}`，用半角数字（0-9）")))
        return Decimal(written)

    def number(self, meta: object, c: list[Token]) -> ast.Node:
        return ast.Number(self._value(c[0]), span=self._span(meta))

    def percent(self, meta: object, c: list[Token]) -> ast.Node:
        return ast.Percent(self._value(c[0]), span=self._span(meta))

    def quantity(self, meta: object, c: list[Token]) -> ast.Node:
        return ast.Quantity(self._value(c[0]), _UNIT_NAMES[str(c[1])], span=self._span(meta))

    def date(self, meta: object, c: list[Token]) -> ast.Node:
        span = self._span(meta)
        try:
            value = datetime.date.fromisoformat(str(c[0]))
        except ValueError:
            written = str(c[0])
            # `２０１０-01-01`, typed with a Chinese input method, is told the date it is, as in a YAML date
            help = date_said(written) or Said(date_help(written), date_help(written, "zh"))
            raise ParseFailure(Diagnostic.said("S001", Said(f"`{written}` is not a date", f"`{written}` 不是日期"),
                                               span, help=help)) from None
        return ast.Date(value, span=span)

    def string(self, meta: object, c: list[Token]) -> ast.Node:
        return ast.String(unescape(str(c[0])[1:-1]), span=self._span(meta))

    def true(self, meta: object, c: list[object]) -> ast.Node:
        return ast.Boolean(True, span=self._span(meta))

    def false(self, meta: object, c: list[object]) -> ast.Node:
        return ast.Boolean(False, span=self._span(meta))

    def name(self, meta: object, c: list[Token]) -> ast.Node:
        return ast.Name(tuple(str(t) for t in c), span=self._span(meta))

    def aggregate(self, meta: object, c: list[object]) -> ast.Node:
        function, _members, where, value = c
        return ast.Aggregate(str(function), where, value, span=self._span(meta))  # type: ignore[arg-type]

    def call(self, meta: object, c: list[object]) -> ast.Node:
        function, *args = c
        return ast.Call(
            str(function), tuple(a for a in args if a is not None), span=self._span(meta)  # type: ignore[misc]
        )


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


def unescape(body: str) -> str:
    """The value of a quoted text: `\\\\`, `\\"`, `\\'`, `\\n`, `\\t` are escapes; any other `\\x` stays as is."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), body, flags=re.DOTALL)


def date_help(text: str, lang: str = "en") -> str:
    """Why `text` (shaped like YYYY-MM-DD) is not a real date, as a help line (in English, or `lang` zh)."""
    zh = lang == "zh"
    found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})$", text.strip())
    if found:
        year, month, day = (int(g) for g in found.groups())
        if not 1 <= month <= 12:
            return "月份应在 01 到 12 之间" if zh else "the month must be between 01 and 12"
        if year >= 1:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                return f"{year:04d}-{month:02d} 只有 {days} 天" if zh else f"{year:04d}-{month:02d} has {days} days"
    return "请写一个真实的日期，格式为 YYYY-MM-DD" if zh else "write a real date as YYYY-MM-DD"


def _depth(tree: Tree[Token]) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))
    return deepest


def parse(text: str, spans: SourceMap | None = None, labels: Labels | None = None,
          style: str | None = None, declared: Collection[str] | None = None) -> ast.Node:
    """Parse one expression; raise `ParseFailure` with a located, friendly diagnostic.

    `labels` are the policy's Chinese labels, so that a name or an enum value written in Chinese
    gets its English name or value as the fix; `style`, the YAML style of the scalar that holds the rule, so that
    a note after it is told to go outside its quotes; `declared`, every name the policy declares where known, so
    that a word after a number that names none is told it is no unit (`510 dollars`), not to be multiplied."""
    spans = spans or text_source_map(text)
    if not text.strip():
        raise ParseFailure(
            Diagnostic.said("S003", Said("empty expression", "表达式是空的"), spans(0, max(1, len(text))),
                            help=Said("write a rule here, e.g. `per_capita_income < dibao_standard`",
                                      "请在这里写一条规则，例如 `per_capita_income < dibao_standard`"))
        )
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as error:
        raise ParseFailure(explain(text, error, spans, labels, style, declared)) from None
    except RecursionError:
        tree = None
    if tree is None or _depth(tree) > MAX_NESTING:
        raise ParseFailure(Diagnostic.said(
            "L007", Said(f"the expression is nested more than {MAX_NESTING} levels deep",
                         f"表达式嵌套超过 {MAX_NESTING} 层"), spans(0, len(text)),
            help=Said("split it into named definitions", "请把它拆成几个有名称的定义（`definitions`）")))
    try:
        return _ToAst(spans).transform(tree)
    except Exception as error:  # lark wraps errors raised in callbacks
        inner = getattr(error, "orig_exc", error)
        if isinstance(inner, ParseFailure):
            raise inner from None
        if isinstance(inner, InvalidOperation):
            raise ParseFailure(Diagnostic.said("S001", Said("number out of range", "数字超出了范围"),
                                               spans(0, len(text)))) from None
        raise


def parses(text: str) -> bool:
    """Whether the grammar reads `text` as a rule, without wording a diagnostic when it does not."""
    try:
        return stopped_at(text) is None
    except RecursionError:
        return False


def stopped_at(text: str) -> UnexpectedInput | None:
    """Where the grammar stops reading `text`; None where it reads it whole."""
    try:
        _lark().parse(text)
    except UnexpectedInput as error:
        return error
    return None


_WRITTEN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def names_written(text: str, labels: Labels | None = None) -> set[str]:
    """The names a text that does not parse (or could not be read as part of a policy) may mean to read, found
    without parsing it: every word that could be a name, dotted or not, each part of a dotted one, and the name
    of each Chinese label it holds (`低保标准` → `dibao_standard`). Never evaluated; more names than the text
    reads are fine, for they only keep a name from being called unused."""
    found: set[str] = set()
    for match in _WRITTEN_NAME.finditer(text):
        word = match.group()
        found.add(word)
        found.update(word.split("."))
    if labels is not None:
        found.update(name for label, name in labels.names.items() if label and label in text)
    return found
