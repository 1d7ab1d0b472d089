"""PyYAML's syntax errors → one located L002 diagnostic in a policy officer's words.

Input: a `yaml.MarkedYAMLError` and the lines of the file it came from. Output: a
`Diagnostic` whose span points where the fix belongs (often not where PyYAML noticed
the problem: the line above that lacks a colon, the value that starts with a quote) and
whose help line says what to write instead. Invariant: YAML's own vocabulary ("block
end", "scalar") never reaches the message.
"""

from __future__ import annotations

import re

import yaml

from engine.diagnostics import Diagnostic, Span
from engine.syntax.errors import outside_quotes

# PyYAML names tokens in its own vocabulary; these are the words a policy officer reads instead.
_TOKENS = {
    "<block end>": "the end of the block", "<block mapping start>": "a new key",
    "<block sequence start>": "a list item", "<scalar>": "a value", "<stream end>": "the end of the file",
    "<document start>": "the start of a document", "<document end>": "the end of a document",
    "<anchor>": "an anchor `&`", "<alias>": "an alias `*`", "<tag>": "a tag `!`", "?": "a new key",
    "-": "a list item", "<block entry>": "a list item",
}


def _words(problem: str) -> str:
    """PyYAML's problem text with its token names reworded and quotes turned into backticks."""
    def word(match: re.Match[str]) -> str:
        quoted = match.group(1)
        inner = match.group(0) if quoted is None else quoted
        if inner in _TOKENS:
            return _TOKENS[inner]
        if inner == "\\t":
            return "a tab"
        return inner if quoted is None else f"`{inner}`"

    return re.sub(r"'([^']*)'|<[a-z ]+>", word, problem)


def yaml_diagnostic(error: yaml.MarkedYAMLError, lines: list[str], file: str) -> Diagnostic:
    """A located, reworded L002 for a YAML syntax error, pointing where the fix belongs."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    ctx = error.context_mark
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    first = len(text) - len(text.lstrip(" "))  # column of the line's first character, 0-based

    def at(message: str, help: str | None, where: tuple[int, int] | None = None, width: int = 1) -> Diagnostic:
        ln, col = where or (line, column)
        return Diagnostic("L002", f"not valid YAML: {message}", Span(file, ln, col, ln, col + width), help=help)

    for number in (line, line - 1, *([ctx.line + 1] if ctx else [])):  # `test：…` is no key: YAML stops later
        wide = _WIDE_COLON.search(lines[number - 1]) if 0 < number <= len(lines) else None
        if wide is not None:
            return at(f"`{wide.group(1)}` is followed by a Chinese colon `：`",
                      f"write the English colon and a space: `{wide.group(1)}: …`", (number, wide.end()))
    unclosed = _quote_run_on(lines, line, column)
    if unclosed is not None:
        (ln, col), quote = unclosed
        return at("this quote is not closed on its line",
                  f"end the text with `{quote}` on the same line (YAML read on to line {line}, to the next `{quote}`)",
                  (ln, col))
    if "another document" in problem:
        return at("the file holds more than one document", "a policy file is one document: remove the `---` line",
                  width=3)
    if problem == "mapping values are not allowed here":
        above = next((n for n in range(line - 1, 0, -1)
                      if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
        if above is not None:
            previous = lines[above - 1].split(" #")[0].rstrip()
            if ": " not in previous and not previous.endswith(":") and not previous.lstrip().startswith("- "):
                start = len(previous) - len(previous.lstrip(" ")) + 1
                return at("this line has no `key: value` colon", "write the key, a colon and a space, then the value",
                          (above, start), len(previous.strip()))
        key_end = text.find(":", first)
        if key_end == column - 1 and " " not in text[first:key_end]:
            return at("this line is indented more than the keys around it",
                      "keys of one map start in the same column; or, if the line above holds a value with `: `, "
                      "put that value in single quotes", (line, first + 1), key_end - first)
        return at("`: ` inside a value", "put the whole value in single quotes, or remove the colon")
    if problem.startswith(("expected <block end>", "did not find expected", "expected ',' or")):
        quoted = _starts_quoted(text, column - 1)
        if quoted is not None:
            message, help, start, end = quoted
            return at(message, help, (line, start + 1), end - start)
    if problem.startswith("expected <block end>") or problem.startswith("did not find expected"):
        after = text[first:first + 2]
        if after.startswith("-") and after[1:] not in ("", " "):
            return at("a list item needs a space after `-`", "write `- ` followed by the item",
                      (line, first + 1))
        return at("this line is not indented like the lines around it",
                  "items of one map or list start in the same column")
    if "could not find expected ':'" in problem and ctx is not None:
        ln = ctx.line + 1
        shown = lines[ln - 1].strip() if ln <= len(lines) else ""
        return at(f"`{shown}` is not a `key: value` line",
                  "each line of a map needs `key: value`; check the indentation and the colon", (ln, ctx.column + 1),
                  max(1, len(shown)))
    if "end of stream" in problem and "quoted scalar" in context and ctx is not None:
        return at("this quote is never closed", "end the text with the same quote mark",
                  (ctx.line + 1, ctx.column + 1))
    if context.startswith("while parsing a flow") and ctx is not None:
        opener = "{" if "mapping" in context else "["
        closer = "}" if opener == "{" else "]"
        comma = _WIDE_COMMA.search(text) if mark is not None and mark.line == ctx.line else None
        if comma is not None:  # `{zh: 家庭人口数，en: household size}`: the text runs on into the next key
            return at("a Chinese comma `，` between the entries of `{…}`",
                      f"write the English comma and a space: `, {comma.group(1)}: …`", (line, comma.start() + 1))
        if mark is None or mark.line != ctx.line:
            return at(f"`{opener}` is never closed", f"add the closing `{closer}` at the end of the line",
                      (ctx.line + 1, ctx.column + 1))
        return at(_words(problem), f"inside `{opener}…{closer}`, quote a value that holds `{{`, `[`, `,` or `: `, "
                  "e.g. `test: 'x in {\"C\", \"D\"}'`")
    if context == "while scanning an alias" or problem.startswith("found undefined alias"):
        star = ctx if context == "while scanning an alias" and ctx is not None else mark
        if star is not None:
            product = re.match(r"\*(\S+)\s+(\S[^#]*?)\s*(?:#.*)?$", lines[star.line][star.column:])
            if product is not None:  # `value: *1.3 dibao_standard`
                return at("a value cannot start with `*` (YAML reads it as an alias)",
                          f"write the number first: `{product.group(1)} * {product.group(2)}`",
                          (star.line + 1, star.column + 1), product.end(2))
    if "cannot start any token" in problem:
        found = re.search(r"'(.*)'", problem)
        char = found.group(1) if found else "?"
        shown = "a tab" if char == "\\t" else f"`{char}`"
        return at(f"a value cannot start with {shown}", "put the whole value in single quotes")
    if problem.startswith("found undefined alias"):
        return at(_words(problem), "an alias `*name` needs an anchor `&name` earlier in the file")
    if problem.startswith("expected '<document start>'"):
        extra = _words(problem.partition("but found ")[2]) or "more text"
        return at(f"{extra} after the end of the document",
                  "a policy file is a map that starts with `policy:` at the left margin")
    if "escape character" in problem:
        return at(_words(problem), "in double quotes `\\` starts an escape: write `\\\\`, or use single quotes")
    return at(_words(problem) or "unreadable text", None)


def _quote_run_on(lines: list[str], line: int, column: int) -> tuple[tuple[int, int], str] | None:
    """Where a quoted value opened that YAML read on over several lines, to a quote mark that ends just before
    the place it stopped (`test: "x < y` on line 323, stopped on line 465): (line, column) and the quote."""
    if not 0 < line <= len(lines):
        return None
    before = lines[line - 1][:column - 1].rstrip(" ")
    if not before or before[-1] not in "\"'":
        return None
    quote, ln, end = before[-1], line, len(before) - 1
    while ln > 0:  # back to the quote mark that opened the text: the one before, `''` being a quote inside
        text = lines[ln - 1]
        at = text.rfind(quote, 0, end)
        while quote == "'" and at > 0 and text[at - 1] == "'":
            at = text.rfind(quote, 0, at - 1)
        if at >= 0:
            opens = text[:at].rstrip(" ")
            if ln == line or not opens or opens[-1] not in ":-[{,":
                return None
            return (ln, at + 1), quote
        ln -= 1
        end = len(lines[ln - 1]) if ln > 0 else 0
    return None


_WIDE_COLON = re.compile(r"(?:^\s*(?:-\s+)?|[{,]\s*)([A-Za-z_][\w.]*)\s*：")
_WIDE_COMMA = re.compile(r"，\s*([A-Za-z_][\w.]*)\s*:")  # a Chinese comma before the next `key:`
# The keys whose values are rules of the rule language (docs/rule-language.md).
_RULE_KEYS = ("test", "value", "when", "amount", "share")
_KEY = re.compile(r"(?:^|[\s{,])([A-Za-z_][\w.]*):[ ]+(?=[\"'{\[])")
_NEXT_KEY = re.compile(r",\s*[A-Za-z_][\w.]*:\s")


def _first_part_end(value: str) -> int | None:
    """Where the quoted text or bracketed group that opens `value` ends, as YAML reads it."""
    if value[0] in "\"'":
        close = value.find(value[0], 1)
        while value[0] == "'" and close >= 0 and value[close + 1:close + 2] == "'":  # `''` is a quote inside
            close = value.find("'", close + 2)
        return close + 1 if close > 0 else None
    depth = 0
    for i, ch in outside_quotes(value):
        depth += (ch in "{[") - (ch in "}]")
        if depth == 0:
            return i + 1
    return None


def _starts_quoted(text: str, error: int) -> tuple[str, str, int, int] | None:
    """Message, help and columns when the value that YAML stopped in starts with a quote, `{` or `[` and
    goes on after it (`test: "C" == x`): YAML read the quoted text or the group as the whole value."""
    keys = [k for k in _KEY.finditer(text) if k.end() <= error]
    if not keys:
        return None
    key, start = keys[-1].group(1), keys[-1].end()
    following = _NEXT_KEY.search(text, start + 1) if text[:keys[-1].start() + 1].count("{") else None
    end = following.start() if following else len(text.split(" #")[0].rstrip())
    if following is None and text[:start].lstrip().startswith(("{", "- {")):
        end = max(text.rstrip().rfind("}", start), start)  # the closing brace of the one-line map
    value = text[start:end].rstrip()
    if not value:
        return None
    width = len(value)
    first = _first_part_end(value)
    if first is None or start + first > error or not value[first:].strip():
        return None
    read = value[:first]
    what = "rule" if key in _RULE_KEYS else "value"
    help = f"put the whole {what} in single quotes"
    if value[0] in "\"'":
        message = f"the {what} starts with a quote, so YAML reads only `{read}` as its text"
        body = read[1:-1]
        if value.endswith(value[0]) and (" " in body or not body):  # the whole rule was put in quotes
            quotes = "single" if value[0] == "'" else "double"
            message = (f"the {what} is in {quotes} quotes and holds {quotes} quotes too, "
                       f"so YAML reads only `{read}` as its text")
            if value[0] == "'":
                help = "inside single quotes, write texts in double quotes"
            value = value[1:-1]
    else:
        kind = "a map" if value[0] == "{" else "a list"
        message = f"the {what} starts with `{value[0]}`, so YAML reads `{read}` as {kind}"
    fixed = "'" + value.replace("'", '"') + "'"
    return message, f"{help}: `{key}: {fixed}`", start, start + width
