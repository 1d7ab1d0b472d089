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
                      "put that value in double quotes", (line, first + 1), key_end - first)
        return at("`: ` inside a value", "put the whole value in double quotes, or remove the colon")
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
        if mark is None or mark.line != ctx.line:
            return at(f"`{opener}` is never closed", f"add the closing `{closer}` at the end of the line",
                      (ctx.line + 1, ctx.column + 1))
        return at(_words(problem), f"inside `{opener}…{closer}`, quote a value that holds `{{`, `[`, `,` or `: `, "
                  "e.g. `test: 'x in {\"C\", \"D\"}'`")
    if "cannot start any token" in problem:
        found = re.search(r"'(.*)'", problem)
        char = found.group(1) if found else "?"
        shown = "a tab" if char == "\\t" else f"`{char}`"
        return at(f"a value cannot start with {shown}", "put the whole value in double quotes")
    if problem.startswith("found undefined alias"):
        return at(_words(problem), "an alias `*name` needs an anchor `&name` earlier in the file")
    if problem.startswith("expected '<document start>'"):
        extra = _words(problem.partition("but found ")[2]) or "more text"
        return at(f"{extra} after the end of the document",
                  "a policy file is a map that starts with `policy:` at the left margin")
    if "escape character" in problem:
        return at(_words(problem), "in double quotes `\\` starts an escape: write `\\\\`, or use single quotes")
    return at(_words(problem) or "unreadable text", None)
