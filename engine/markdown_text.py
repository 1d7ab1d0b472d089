"""Text as markdown shows it as written: the one escaping of every markdown report (`policy eval --format markdown`,
`policy diff --format markdown`, `policy doc`).

Input: plain text — text we write, which may quote values in code spans (`md_escape`), or text of a policy or a
household, none of which is code (`md_text`), with code of ours standing in it (`CodeSlots`: a member's id within a
label). Output: markdown source whose rendering reads as the text does, in Python-Markdown and on GitHub alike.
Invariant: a code span we write stays code, and nothing of a policy's or a household's text becomes code (its
backticks are escaped); what markdown would read as markup outside code (`*`, `_` that could start or end emphasis,
`|`, brackets, `~`, a `&` that starts an entity, a list item's or a heading's mark where a line starts, …) is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_TICKS = re.compile("`+")
_NEWLINE = "\n"
# what no backslash escapes in Python-Markdown, which both renderers show from its entity
_AS_ENTITY = {"<": "&lt;", "~": "&#126;"}
# what makes a line a list item, a heading or a rule where text starts it: `- `, `+ `, `1. `, `2) `, `#`, `---`, and
# the line of `=` (as of `-`) that makes the line above a heading
_LINE_MARK = re.compile(r"(?m)^([ \t]*)(#|[-+](?=[ \t]|$)|-(?=[- \t]*$)|=(?==*[ \t]*$)|(\d{1,9})[.)](?=[ \t]|$))")
# a `&` that starts an entity, to Python-Markdown or GitHub (`&amp;`, `&copy;`, `&#126;`, `&#x41;`): it would show the
# character the entity names
_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z0-9]+;)")
# the `#`s that end a line, which a heading drops as its closing (Python-Markdown even after a letter: `C#`)
_CLOSING_HASHES = re.compile(r"#+(?=\n|$)")


def md_escape(text: str, table: bool = False) -> str:
    """`text` we write as markdown shows it as written: what markdown would read as markup escaped (a `_` where it
    could start or end emphasis; a `<`, which could open a tag, as `&lt;`: `\\<` is no escape to Python-Markdown),
    though a code span (`` `value` ``: a run of backticks closed by a run as long) stays code, as the findings that
    quote a value mean it, in a table cell (`table`) too, where one that holds a `|` (which GitHub takes for the
    cell's end even in code) is HTML code, as `md_code` writes it. A `~` is `&#126;` (GitHub strikes text out between
    tildes, and `\\~` shows its backslash in Python-Markdown); a `&` that would start an entity (`&amp;`, `&copy;`,
    `&#126;`) is `&amp;`, any other stays (`R&D`); a list item's or a heading's mark (`- `, `+ `, `1. `, `#`, a line
    of `=` or `-` that makes the line above a heading: its first `=` as `&#61;`) is escaped where the text starts a
    line, and the `#`s that end one, except in a table cell (`table`, which is one line and where no mark can start: a
    newline there is a space). Text of a policy or a household, which holds no code of ours, is `md_text`'s."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for start, end, inner in _code_spans(text):
        code = text[start:end]
        if table and "|" in code:  # renderers part a cell at a bar in code differently: HTML code, as `md_code` writes
            code = md_code(_code_text(inner), table=True)
        pieces += [(text[last:start], False), (code, True)]
        last = end
    return _joined([*pieces, (text[last:], False)], table)


def _code_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each code span of `text` (a run of backticks closed by a run as long): where it starts and ends, and what stands
    between its backticks."""
    at = 0
    while (opening := _TICKS.search(text, at)) is not None:
        run = len(opening.group())
        closing = next((m for m in _TICKS.finditer(text, opening.end()) if len(m.group()) == run), None)
        if closing is None:  # backticks that close nothing are text
            at = opening.end()
            continue
        yield opening.start(), closing.end(), text[opening.end():closing.start()]
        at = closing.end()


def md_text(text: str, table: bool = False) -> str:
    """Text of a policy or a household (a label, a citation, a member's id, a value) as markdown shows it as written:
    escaped as `md_escape` escapes text, its backticks too, so that none of it is code (`` a`b`c `` is not `a`, code
    `b` and `c`)."""
    return _joined([(text, False)], table)


class CodeSlots:
    """Code of ours within text of a policy or a household: `code(text)` stands in a sentence for `text` as code, and
    `escaped(sentence)` writes the sentence as `md_text` does, each stand-in as `md_code` writes its text (a member's id
    within a finding about a label and a value the household gave)."""

    _SLOT = re.compile("\ue000([0-9]+)\ue001")

    def __init__(self) -> None:
        self.codes: list[str] = []

    def code(self, text: str) -> str:
        self.codes.append(text)
        return f"\ue000{len(self.codes) - 1}\ue001"

    def ours(self, text: str) -> str:
        """`text` we wrote, each of its code spans a stand-in for its code (a sentence of ours within a title)."""
        out, last = [], 0
        for start, end, inner in _code_spans(text):
            out += [text[last:start], self.code(_code_text(inner))]
            last = end
        return "".join([*out, text[last:]])

    def escaped(self, sentence: str, table: bool = False) -> str:
        pieces: list[tuple[str, bool]] = []
        last = 0
        for slot in self._SLOT.finditer(sentence):
            index = int(slot.group(1))
            if index < len(self.codes):  # anything else is text that looks like a stand-in
                pieces += [(sentence[last:slot.start()], False), (md_code(self.codes[index], table), True)]
                last = slot.end()
        return _joined([*pieces, (sentence[last:], False)], table)


def _joined(pieces: list[tuple[str, bool]], table: bool) -> str:
    """Text and code (`(piece, True)`, markdown already) as one piece of markdown: each text escaped, then, outside a
    table's cell, a line's marks where a line starts (one that starts with code has none) and the `#`s that end it."""
    escaped = "".join(piece if is_code else _md_text(piece) for piece, is_code in pieces)
    if table:
        return escaped.replace(_NEWLINE, " ")
    escaped = _LINE_MARK.sub(_escaped_mark, escaped)
    return _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group()), escaped)


def md_cell(cell: str | Sequence[str], code: bool = True, slots: CodeSlots | None = None) -> str:
    """A markdown table's cell as it shows as written, the one way every report writes one: its text escaped as a
    cell's (`md_escape`: a `|` does not end it, a code span that holds one is HTML code; without `code`, text of a
    policy or a household, `md_text`: none of it code, but the stand-ins of `slots`, as `CodeSlots.escaped` writes
    them); a list of lines, one under the other (`<br>`)."""
    lines = [cell] if isinstance(cell, str) else cell
    escape = md_escape if code else md_text if slots is None else slots.escaped
    return "<br>".join(escape(line, table=True) for line in lines)


def md_quote(lines: Sequence[str]) -> list[str]:
    """Lines of markdown as one quote (`> ⚠ …`), each a paragraph of its own: a `>` line between two of them, as lines
    one under the other in a quote run into one line in markdown."""
    return [line for n, said in enumerate(lines) for line in ([">"] if n else []) + [f"> {said}"]]


def _code_text(between: str) -> str:
    """The text of a code span from what stands `between` its backticks: a newline a space, and one space off each end
    where both ends have one (`` `` `a` `` `` is `` `a` ``), as GitHub reads it."""
    said = between.replace(_NEWLINE, " ")
    return said[1:-1] if said.startswith(" ") and said.endswith(" ") and said.strip() else said


def _escaped_mark(mark: re.Match[str]) -> str:
    """A line's mark (`_LINE_MARK`) escaped: `1\\.` for `1.`; `&#61;` for a `=`, which Python-Markdown does not take a
    backslash off."""
    indent, sign, number = mark.group(1), mark.group(2)[-1], mark.group(3) or ""
    return indent + number + ("&#61;" if sign == "=" else "\\" + sign)


def _md_text(text: str) -> str:
    return "".join(_md_char(text, i, ch) for i, ch in enumerate(text))


def _md_char(text: str, i: int, ch: str) -> str:
    """The character at `i` of `text` as markdown shows it as written."""
    if ch in _AS_ENTITY:
        return _AS_ENTITY[ch]
    if ch in "\\`*[]>|" or (ch == "_" and not _within_word(text, i)):
        return "\\" + ch
    return "&amp;" if ch == "&" and _ENTITY.match(text, i) else ch


def _within_word(text: str, i: int) -> bool:
    """Whether the `_` at `i` stands between two letters or digits (`housing_unsafe`): it cannot be emphasis there."""
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def md_code(text: str, table: bool = False) -> str:
    """`text` as inline code, fenced by more backticks than it holds in a row where it holds some (a cell of CSV tables
    by its column: ``` `` households.csv:5, column `存款` `` ```). In a table cell (`table`) one that holds a `|` is
    HTML code, its text escaped as a cell's (`<code>x in {"C\\|D"}</code>`): GitHub ends the cell at a bar in a code
    span unless it is escaped, and Python-Markdown shows the escape's backslash there."""
    if table and "|" in text:
        return f"<code>{_md_text(text).replace(_NEWLINE, ' ')}</code>"  # its backticks text too
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(len(run) for run in re.findall("`+", text)) + 1)
    return f"{fence} {text} {fence}"
