"""PyYAML's syntax errors → one located L002 diagnostic in a policy officer's words.

Input: a `yaml.MarkedYAMLError` and the lines of the file it came from. Output: a
`Diagnostic` whose span points where the fix belongs (often not where PyYAML noticed
the problem: the line above that lacks a colon, the value that starts with a quote) and
whose help line says what to write instead, in English and in Chinese. Invariant: YAML's
own vocabulary ("block end", "scalar") never reaches the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from engine.diagnostics import Diagnostic, Said, Span, chinese_joined
from engine.run_together import run_together
from engine.syntax.errors import WIDE, WIDE_NAMES, bang_deleted, outside_quotes, wide_mark
from engine.yaml_lines import (
    dedented_item,
    dedented_key,
    entry_before,
    entry_column,
    first_word,
    indent_of,
    item_above_indented_more,
    item_beside,
    item_end,
    item_read_on,
    item_without_dash,
    keys_of_item,
    line_shape,
    lined_up,
    list_key,
    moved,
    nearest_level,
    reindented,
    stray_line,
    with_lines_under,
)

# PyYAML names tokens in its own vocabulary; these are the words a policy officer reads instead.
_TOKENS = {
    "<block end>": "the end of the block", "<block mapping start>": "a new key",
    "<block sequence start>": "a list item", "<scalar>": "a value", "<stream end>": "the end of the file",
    "<document start>": "the start of a document", "<document end>": "the end of a document",
    "<anchor>": "an anchor `&`", "<alias>": "an alias `*`", "<tag>": "a tag `!`", "?": "a new key",
    "-": "a list item", "<block entry>": "a list item",
}
_TOKENS_ZH = {
    "<block end>": "这一段的结尾", "<block mapping start>": "新的键",
    "<block sequence start>": "列表项", "<scalar>": "一个值", "<stream end>": "文件结尾",
    "<document start>": "文档的开头", "<document end>": "文档的结尾",
    "<anchor>": "锚点 `&`", "<alias>": "别名 `*`", "<tag>": "YAML 标记 `!`", "?": "新的键",
    "-": "列表项", "<block entry>": "列表项",
}
# PyYAML's sentences (its token names already reworded) in Chinese, the first that matches; `{0}`, `{1}`: its parts.
_SENTENCES_ZH = [
    (re.compile(r"expected escape sequence of (\d+) hexadecimal numbers, but found (.+)"),
     "转义序列应有 {0} 位十六进制数字，但这里是{1}"),
    (re.compile(r"expected (.+?), but (?:found|got) (.+)"), "这里应为{0}，但遇到了{1}"),
    (re.compile(r"found undefined alias (.+)"), "别名 {0} 没有定义"),
    (re.compile(r"found unknown escape character (.+)"), "未知的转义字符 {0}"),
    (re.compile(r"found character (.+) that cannot start any token"), "值不能以{0}开头"),
    (re.compile(r"found duplicate anchor (.+?);.*"), "锚点 {0} 重复了"),
    (re.compile(r"second occurrence"), "同名的锚点 `&` 又出现了一次"),
    (re.compile(r"found a tab character .*"), "这里的制表符打乱了缩进"),
    (re.compile(r"found unexpected end of stream"), "文件意外地结束了"),
    (re.compile(r"found unexpected (.+)"), "这里不应出现{0}"),
    (re.compile(r"could not find expected (.+)"), "找不到应有的{0}"),
    (re.compile(r"did not find expected (.+)"), "找不到应有的{0}"),
    (re.compile(r"mapping values are not allowed here"), "这里不能出现 `: `"),
    (re.compile(r"mapping keys are not allowed here"), "这里不能出现键"),
    (re.compile(r"(?:block )?sequence entries are not allowed here"), "这里不能出现列表项"),
]
# Words of PyYAML's sentences that are not token names.
_PHRASES_ZH = {"alphabetic or numeric character": "字母或数字", "a comment or a line break": "注释或换行",
               "the node content": "内容", "a line break": "换行", "a single document in the stream": "单个文档",
               "indentation indicator in the range 1-9": "1-9 之间的缩进数字",
               "chomping or indentation indicators": "`|` 或 `>` 后的 `+`、`-` 或缩进数字", " or ": "或"}


def _words(problem: str, lang: str = "en") -> str:
    """PyYAML's problem text with its token names reworded and quotes turned into backticks (in Chinese with
    `lang` zh: its sentence too, where it is one PyYAML is known to say)."""
    tokens = _TOKENS_ZH if lang == "zh" else _TOKENS

    def word(match: re.Match[str]) -> str:
        quoted = match.group(1)
        inner = match.group(0) if quoted is None else quoted
        if inner in tokens:
            return tokens[inner]
        if inner == "\\t":
            return "制表符" if lang == "zh" else "a tab"
        return inner if quoted is None else f"`{inner}`"

    text = re.sub(r"'([^']*)'|<[a-z ]+>", word, problem)
    if lang != "zh" or not text:
        return text
    for pattern, sentence in _SENTENCES_ZH:
        found = pattern.fullmatch(text)
        if found is not None:
            parts = [_phrased(part) for part in found.groups()]
            pieces = re.split(r"(\{\d\})", sentence)
            return chinese_joined(*(parts[int(p[1])] if re.fullmatch(r"\{\d\}", p) else p for p in pieces if p))
    return text


def _phrased(part: str) -> str:
    for english, chinese in _PHRASES_ZH.items():
        part = part.replace(english, f" {chinese} " if english == " or " else chinese)
    return part.strip()


def yaml_diagnostic(error: yaml.MarkedYAMLError, lines: list[str], file: str,
                    reads: Callable[[str], bool]) -> Diagnostic:
    """A located, reworded L002 for a YAML syntax error, pointing where the fix belongs. `reads` tells whether
    YAML reads a text: a new indentation is offered only where the file then reads."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    ctx = error.context_mark
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    first = len(text) - len(text.lstrip(" "))  # column of the line's first character, 0-based

    def at(message: Said, help: Said | None, where: tuple[int, int] | None = None, width: int = 1) -> Diagnostic:
        ln, col = where or (line, column)
        return Diagnostic.said("L002", Said(f"not valid YAML: {message.en}", f"不是有效的 YAML：{message.zh}"),
                               Span(file, ln, col, ln, col + width), help=help)

    hashed = _wide_hash_line(lines, line, ctx.line + 1 if ctx else None)
    if hashed is not None:  # `＃ 县里另行规定`: YAML reads a text, where a comment was meant
        shown = lines[hashed - 1].strip()
        fixed = f"`#{shown[1:]}`" if shown[1:2].isspace() else f"`# {shown[1:]}`"
        hash_sign = wide_mark("＃")
        return at(Said(f"{hash_sign.en}: YAML reads this line as text, not as a comment",
                       f"{hash_sign.zh}：YAML 把这一行读作文本，而不是注释"),
                  Said(f"a comment starts with the half-width `#`: write {fixed}",
                       f"注释以半角的 `#` 开始：请写 {fixed}"),
                  (hashed, len(lines[hashed - 1]) - len(lines[hashed - 1].lstrip(" ")) + 1))
    for number in (line, line - 1, *([ctx.line + 1] if ctx else [])):  # `test：…` is no key: YAML stops later
        wide = _WIDE_COLON.search(lines[number - 1]) if 0 < number <= len(lines) else None
        if wide is not None:
            key = wide.group(1)
            colon = WIDE_NAMES["："]
            return at(Said(f"`{key}` is followed by {colon.en} `：`", f"`{key}` 后面用了{colon.zh} `：`"),
                      Said(f"write the English colon and a space: `{key}: …`", f"请改用英文冒号加空格：`{key}: …`"),
                      (number, wide.end()))
        joined = _NO_SPACE_AFTER_COLON.match(lines[number - 1]) if 0 < number <= len(lines) else None
        if joined is not None:  # `value:510 yuan/month`: without a space after it, the colon makes no key
            key = joined.group(1)
            fixed = f"`{key}: {lines[number - 1][joined.end():].split(' #')[0].strip()}`"
            return at(Said(f"`{key}:` has no space after its colon", f"`{key}:` 的冒号后面缺少空格"),
                      Said(f"put a space after the colon: {fixed}", f"请在冒号后加一个空格：{fixed}"),
                      (number, joined.start(1) + 1), len(key) + 1)
        spaced = _WIDE_SPACE_AFTER_COLON.search(lines[number - 1]) if 0 < number <= len(lines) else None
        if spaced is not None:  # `value:　550 yuan/month`: no space after the colon, so no key either
            key, space = spaced.group(1), spaced.group(2)
            fixed = f"`{key}: {lines[number - 1][spaced.end():].split(' #')[0].strip()}`"
            if space == "\u3000":
                return at(Said(f"`{key}:` is followed by a full-width space, not an ordinary one",
                               f"`{key}:` 后面是全角空格，不是普通空格"),
                          Said(f"type an ordinary space after the colon (a Chinese input method typed this one): "
                               f"{fixed}", f"冒号后请改为普通空格（这个全角空格是中文输入法打出的）：{fixed}"),
                          (number, spaced.end()))
            return at(Said(f"`{key}:` is followed by a no-break space (U+00A0), not an ordinary one",
                           f"`{key}:` 后面是不间断空格（U+00A0），不是普通空格"),
                      Said(f"type an ordinary space after the colon: {fixed}", f"冒号后请改为普通空格：{fixed}"),
                      (number, spaced.end()))
    no_space = _dash_without_space(lines, line, reads)
    if no_space is not None:  # `-id: income`: YAML reads a key `-id`, and stops at the lines under it, or later
        at_line, written = no_space
        return at(Said("a list item needs a space after `-`", "列表项的 `-` 后面要有一个空格"),
                  Said(f"put a space after `-`: `- {written}`", f"请在 `-` 后面加一个空格：`- {written}`"),
                  (at_line, indent_of(lines, at_line) + 1))
    together = run_together(lines, line, column - 1) if mark and problem.startswith(
        ("mapping values are not allowed here", "expected <block end>")) else None
    if together is not None:  # `when: tekun amount: …`: a key run into the line of the one before it
        message, help, start, width = together
        return at(message, help, (line, start + 1), width)
    trailing = _WIDE_AFTER_VALUE.match(text, column - 1) if mark else None
    spaced_at = (column - 1, len(trailing.group(1))) if trailing is not None and text[:column - 1].strip() \
        else _wide_after_quote(text) if mark and context.startswith("while parsing a flow") else None
    if spaced_at is not None:  # `{zh: …, en: …}　`, `{zh: '…'　, en: …}`: YAML reads the space as a value
        start, width = spaced_at
        return at(*wide_space_after(text[start:start + width], Said("the value", "值")), (line, start + 1), width)
    dashed = _wide_dash(lines, line)
    if dashed is not None:  # `－ id: no_extra_house`: YAML reads a key `－ id`, and stops at it or at the line after
        number, indent = dashed
        fixed = "`- " + lines[number - 1].split(" #")[0].strip()[1:].lstrip() + "`"
        beside = item_beside(lines, number, indent)
        where = Said(f" in column {indent + 1}, as `-` on line {beside} starts",
                     f"，从第 {indent + 1} 列写起，与第 {beside} 行的 `-` 对齐") if beside else Said("", "")
        return at(Said("the dash `－` is full-width", "`－` 是全角连字符"),
                  Said(f"a list item starts with the half-width `- `: write {fixed}{where.en}",
                       f"列表项以半角的 `- ` 开头：请写 {fixed}{where.zh}"), (number, indent + 1))
    unclosed = _quote_run_on(lines, line, column)
    if unclosed is not None:
        (ln, col), quote = unclosed
        return at(Said("this quote is not closed on its line", "这个引号没有在本行结束"),
                  Said(f"end the text with `{quote}` on the same line (YAML read on to line {line}, to the next "
                       f"`{quote}`)",
                       f"请在同一行用 `{quote}` 结束文本（YAML 一直读到第 {line} 行的下一个 `{quote}`）"),
                  (ln, col))
    if context in ("while parsing a tag", "while scanning a tag") and ctx is not None:  # `amount: !重要 …`
        written = lines[ctx.line][ctx.column:].split(" #")[0].rstrip()
        tag = written.split()[0] if written.split() else "!"
        rest = written[len(tag):].strip()
        help = bang_deleted(f"`{written[1:].strip()}`")
        if not tag.isascii() and rest:  # `!重要`: a note, which a comment holds
            help = Said(f"`!` has no meaning in a rule here: delete `{tag}`, or keep `{tag[1:]}` as a comment: "
                        f"`{rest} # {tag[1:]}`",
                        f"`!` 在规则的这个位置没有意义：请删去 `{tag}`，或把 `{tag[1:]}` 写成注释："
                        f"`{rest} # {tag[1:]}`")
        return at(Said(f"`!` does not mean “not” here: YAML reads `{tag}` as a tag",
                       f"`!` 在这里不表示“非”：YAML 会把 `{tag}` 读作 YAML 标记"),
                  help, (ctx.line + 1, ctx.column + 1), len(tag))
    if "another document" in problem:
        return at(Said("the file holds more than one document", "文件中有不止一个文档"),
                  Said("a policy file is one document: remove the `---` line",
                       "政策文件只能是一个文档：请删去 `---` 这一行"), width=3)
    if problem == "mapping values are not allowed here":
        wide = _WIDE_MAP.match(text, first)  # `label: ｛zh: …`: YAML read text, up to its `: `
        value = text[wide.start(1):].split(" #")[0].rstrip() if wide and wide.end() == column - 1 else ""
        brackets = full_width_brackets(value)
        if wide is not None and brackets is not None:
            fixed = f"`{text[first:wide.start(1)]}{brackets[1]}`"
            return at(brackets[0], Said(f"write the half-width ones: {fixed}", f"请改用半角括号：{fixed}"),
                      (line, wide.start(1) + 1), len(value))
        above = next((n for n in range(line - 1, 0, -1)
                      if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
        key_end = text.find(":", first)
        if above is not None:
            previous = lines[above - 1].split(" #")[0].rstrip()
            if ": " not in previous and not previous.endswith(":") and not previous.lstrip().startswith("- "):
                start = len(previous) - len(previous.lstrip(" ")) + 1
                return at(Said("this line has no `key: value` colon", "这一行缺少 `key: value` 中的冒号"),
                          Said("write the key, a colon and a space, then the value",
                               "请先写键，再写冒号和空格，然后写值"),
                          (above, start), len(previous.strip()))
            item = dedented_item(lines, above, line, first) if key_end == column - 1 else None
            if item is not None:  # `    - id: income` over `        label: …`: its `id:` is left of its keys
                shown = previous.strip()
                return at(Said(f"the list item `{shown}` is indented less than the keys under it",
                               f"列表项 `{shown}` 比它下面的键缩进得少"), item,
                          (above, len(previous) - len(previous.lstrip(" ")) + 1), len(shown))
            entry, shape = entry_column(lines, above), line_shape(lines, above)
            if entry is not None and shape is not None and entry[0] != shape[0] \
                    and reads(reindented(lines, {above: entry[0]})):  # `value:` out of line with `label:`
                key = shape[1].split(": ")[0] + ":"
                more = shape[0] > entry[0]
                return at(Said(f"`{key}` is indented {'more' if more else 'less'} than the keys around it",
                               f"`{key}` 比周围的键缩进得{'多' if more else '少'}"),
                          lined_up(entry), (above, shape[0] + 1), len(key))
        pasted = item_read_on(lines, line, first)
        if pasted is not None and reads(reindented(lines, {
                number: indent_of(lines, number) + first - indent_of(lines, pasted)
                for number in range(pasted, line) if line_shape(lines, number) is not None})):
            return _item_pasted_left(lines, pasted, line, first, at)
        if key_end == column - 1 and " " not in text[first:key_end]:
            entry = entry_column(lines, line)  # YAML read the line as the value above it going on: `per: year`
            if entry is not None and not (entry[0] < first and reads(reindented(lines, {line: entry[0]}))):
                entry = None
            return at(Said("this line is indented more than the keys around it", "这一行比周围的键缩进得多"),
                      _new_entry(lines, line, reads) or (lined_up(entry) if entry is not None else
                      Said("keys of one map start in the same column; or, if the line above holds a value with `: `, "
                           "put that value in single quotes",
                           "同一映射的各个键应从同一列开始；如果上一行的值中含有 `: `，请给那个值加单引号")),
                      (line, first + 1), key_end - first)
        return at(Said("`: ` inside a value", "值中出现了 `: `"),
                  Said("put the whole value in single quotes, or remove the colon",
                       "请给整个值加单引号，或删去这个冒号"))
    if problem.startswith(("expected <block end>", "did not find expected", "expected ',' or")):
        unclosed_before = _closed_past_next_key(text, column - 1) if problem.startswith("expected ',' or") else None
        if unclosed_before is not None:  # `{zh: '{relation}，{age}岁, en: '{relation}…'}`: the `'` after 岁 left out
            key, quote, inner, closing, next_key = unclosed_before
            fixed = f"`{key}: {quote}{inner}{quote}`"
            return at(Said(f"the quote of `{key}` is not closed before `, {next_key}:`",
                           f"`{key}` 的引号没有在 `, {next_key}:` 之前结束"),
                      Said(f"end the text with `{quote}` before the comma: {fixed}",
                           f"请在逗号前用 `{quote}` 结束文本：{fixed}"), (line, closing + 1))
        quoted = _starts_quoted(text, column - 1)
        if quoted is not None:
            message, help, start, end = quoted
            return at(message, help, (line, start + 1), end - start)
    if problem.startswith("expected <block end>") or problem.startswith("did not find expected"):
        after = text[first:first + 2]
        if after.startswith("-") and after[1:] not in ("", " "):
            return at(Said("a list item needs a space after `-`", "列表项的 `-` 后面要有一个空格"),
                      Said("write `- ` followed by the item", "请先写 `- `，再写这一项"), (line, first + 1))
        dedented = dedented_key(lines, line, first)
        if dedented is not None:
            number, column = dedented
            key = lines[number - 1].split(" #")[0].strip()
            return at(Said(f"`{key}` is indented less than the keys around it", f"`{key}` 比周围的键缩进得少"),
                      Said(f"start it in column {first + 1}, as line {line} starts: YAML noticed only there",
                           f"请让它从第 {first + 1} 列开始，与第 {line} 行对齐：YAML 直到那一行才发现"),
                      (number, column), len(key))
        stray = stray_line(lines, line, first)
        if stray is not None:
            number, column = stray
            key = lines[number - 1].split(": ")[0].strip() + ":"
            more = column - 1 > first
            return at(Said(f"`{key}` is indented {'more' if more else 'less'} than the keys around it",
                           f"`{key}` 比周围的键缩进得{'多' if more else '少'}"),
                      Said(f"start it in column {first + 1}, as line {line} starts: YAML noticed only there",
                           f"请让它从第 {first + 1} 列开始，与第 {line} 行对齐：YAML 直到那一行才发现"),
                      (number, column), len(key))
        dash = item_without_dash(lines, line, first)
        entry = entry_column(lines, line) if dash is not None else None
        word = first_word(text.strip())
        if dash is not None and entry is not None and entry[0] > first \
                and word not in keys_of_item(lines, dash, line, entry[0]) \
                and reads(reindented(lines, {line: entry[0]})):
            indent, beside, key = entry  # `test:` under `- id: no_vehicle` and its `label:`: a key of that entry
            return at(Said(f"`{word}` is indented less than the keys of the entry above it",
                           f"`{word}` 比上面那一项的键缩进得少"),
                      Said(f"start it in column {indent + 1}, as `{key}` on line {beside} starts: the entry of line "
                           f"{dash} has no `{word}` yet",
                           f"请让它从第 {indent + 1} 列开始，与第 {beside} 行的 `{key}` 对齐："
                           f"第 {dash} 行的那一项还没有 `{word}`"),
                      (line, first + 1), len(word))
        if dash is not None:
            shown = text.strip().split(" #")[0]
            return at(Said("this line starts in the column of the list's `-`, without one",
                           "这一行从列表的 `-` 所在的列开始，却没有 `-`"),
                      Said(f"if a new entry of the list starts here, begin it with `- ` as the others (line {dash}): "
                           f"`- {shown}`",
                           f"如果列表的新一项从这里开始，请像其他项（第 {dash} 行）一样以 `- ` 开头：`- {shown}`"),
                      (line, first + 1), len(shown))
        too_far = item_above_indented_more(lines, line, first)
        if too_far is not None and reads(reindented(lines, moved(lines, too_far, first - indent_of(lines, too_far)))):
            shown = lines[too_far - 1].split(" #")[0].strip()  # the first clause of a list two columns right
            help = Said(f"start it in column {first + 1}, as `-` on line {line} starts",
                        f"请让它从第 {first + 1} 列开始，与第 {line} 行的 `-` 对齐")
            return at(Said(f"the list item `{shown}` is indented more than the items after it",
                           f"列表项 `{shown}` 比它后面的各项缩进得多"),
                      with_lines_under(help, lines, too_far, "左移"), (too_far, indent_of(lines, too_far) + 1),
                      len(shown))
        new_entry = _new_entry(lines, line, reads)
        if new_entry is not None:
            return at(Said("this line is not indented like the lines around it", "这一行的缩进与周围的行不一致"),
                      new_entry, (line, first + 1))
        entry = entry_column(lines, line)
        level = entry if entry is not None and reads(reindented(lines, {line: entry[0]})) else None
        level = level or nearest_level(lines, line, first)
        if level is not None and level[2] == "-" and level[0] > first and text[first:].startswith("- ") \
                and item_end(lines, line) > line \
                and reads(reindented(lines, moved(lines, line, level[0] - first))):  # the whole item moved out
            return at(Said("this list item is indented less than the items above it",
                           "这个列表项比它上面的各项缩进得少"),
                      with_lines_under(lined_up(level), lines, line, "右移"), (line, first + 1))
        if level is not None:
            return at(Said("this line is not indented like the lines around it", "这一行的缩进与周围的行不一致"),
                      lined_up(level), (line, first + 1))
        return at(Said("this line is not indented like the lines around it", "这一行的缩进与周围的行不一致"),
                  Said("items of one map or list start in the same column", "同一映射或列表的各项应从同一列开始"))
    if "could not find expected ':'" in problem and ctx is not None:
        ln = ctx.line + 1
        shown = lines[ln - 1].strip() if ln <= len(lines) else ""
        return at(Said(f"`{shown}` is not a `key: value` line", f"`{shown}` 不是 `key: value` 形式的一行"),
                  Said("each line of a map needs `key: value`; check the indentation and the colon",
                       "映射的每一行都要写成 `key: value`：请检查缩进和冒号"), (ln, ctx.column + 1),
                  max(1, len(shown)))
    if "end of stream" in problem and "quoted scalar" in context and ctx is not None:
        return at(Said("this quote is never closed", "这个引号一直没有结束"),
                  Said("end the text with the same quote mark", "请用同样的引号结束这段文本"),
                  (ctx.line + 1, ctx.column + 1))
    if context.startswith("while parsing a flow") and ctx is not None:
        opener = "{" if "mapping" in context else "["
        closer = "}" if opener == "{" else "]"
        comma = _WIDE_COMMA.search(text) if mark is not None and mark.line == ctx.line else None
        if comma is not None:  # `{zh: 家庭人口数，en: household size}`: the text runs on into the next key
            return at(Said("a Chinese comma `，` between the entries of `{…}`", "`{…}` 的各项之间用了中文逗号 `，`"),
                      Said(f"write the English comma and a space: `, {comma.group(1)}: …`",
                           f"请改用英文逗号加空格：`, {comma.group(1)}: …`"), (line, comma.start() + 1))
        hidden = _comment_in_flow(lines[ctx.line], ctx.column) if mark is None or mark.line != ctx.line else None
        if hidden is not None:  # `{zh: 住房或饮水不安全 #含危房, …}`: the ` #` began a comment
            hash_at, key, value = hidden
            fixed = f"`{key}: '{value}'`"
            return at(Said(f"` #` inside `{opener}…{closer}` starts a comment, which hides the rest of the line",
                           f"`{opener}…{closer}` 中的 ` #` 开始了注释，把这一行后面的内容都当成了注释"),
                      Said(f"put the text in quotes, {fixed}, or remove the `#`",
                           f"请给文本加引号，写成 {fixed}，或删去 `#`"), (ctx.line + 1, hash_at + 1))
        if mark is None or mark.line != ctx.line:
            return at(Said(f"`{opener}` is never closed", f"`{opener}` 一直没有闭合"),
                      Said(f"add the closing `{closer}` at the end of the line", f"请在行末加上 `{closer}`"),
                      (ctx.line + 1, ctx.column + 1))
        in_text = _colon_in_flow(text, ctx.column, mark.column)
        if in_text is not None:  # `{zh: …, en: dibao standard: monthly}`: the `: ` of a text read as a key's
            holder, as_quoted = in_text
            return at(Said(f"the text of `{holder}` holds `: `, which YAML reads as the start of another key",
                           f"`{holder}` 的文本中有 `: `，YAML 会把它当作另一个键的开始"),
                      Said(f"put the text in quotes: `{holder}: {as_quoted}`",
                           f"请给文本加上引号：`{holder}: {as_quoted}`"))
        example = "`test: 'x in {\"C\", \"D\"}'`"
        return at(Said(_words(problem), _words(problem, "zh")),
                  Said(f"inside `{opener}…{closer}`, quote a value that holds `{{`, `[`, `,` or `: `, e.g. {example}",
                       f"在 `{opener}…{closer}` 中，含有 `{{`、`[`、`,` 或 `: ` 的值要加引号，例如 {example}"))
    if context == "while scanning an alias" or problem.startswith("found undefined alias"):
        star = ctx if context == "while scanning an alias" and ctx is not None else mark
        if star is not None:
            product = re.match(r"\*(\S+)\s+(\S[^#]*?)\s*(?:#.*)?$", lines[star.line][star.column:])
            if product is not None:  # `value: *1.3 dibao_standard`
                fix = f"`{product.group(1)} * {product.group(2)}`"
                return at(Said("a value cannot start with `*` (YAML reads it as an alias)",
                               "值不能以 `*` 开头（YAML 会把它读作别名）"),
                          Said(f"write the number first: {fix}", f"请把数字写在前面：{fix}"),
                          (star.line + 1, star.column + 1), product.end(2))
    if "cannot start any token" in problem:
        found = re.search(r"'(.*)'", problem)
        char = found.group(1) if found else "?"
        before = text[first:column - 1].rstrip(" \t")
        if char == "\\t" and (before == "-" or before.endswith(":")):  # `-<TAB>id: income`, `value:<TAB>20%`
            after = text[column - 1:].lstrip(" \t").split(" #")[0].rstrip()
            fixed = f"`{before} {after}`" if after else f"`{before} …`"
            return at(Said(f"a tab follows `{before}`", f"`{before}` 后面是制表符（Tab）"),
                      Said(f"replace the tab with a space: {fixed}", f"请把制表符换成空格：{fixed}"))
        starting = Said("a tab", "制表符") if char == "\\t" else Said(f"`{char}`", f"`{char}`")
        return at(Said(f"a value cannot start with {starting.en}", chinese_joined("值不能以", starting.zh, "开头")),
                  Said("put the whole value in single quotes", "请给整个值加单引号"))
    bracket = re.fullmatch(r"expected the node content, but found '([}\],])'", problem)
    if bracket is not None:  # `label: }{zh: …}`, `level: ,member`: a closing bracket or a comma where a value starts
        char = bracket.group(1)
        return at(Said(f"a value cannot start with `{char}`", f"值不能以 `{char}` 开头"),
                  Said(f"remove the stray `{char}`, or put the whole value in single quotes",
                       f"请删去多余的 `{char}`，或给整个值加单引号"))
    if problem.startswith("found undefined alias"):
        return at(Said(_words(problem), _words(problem, "zh")),
                  Said("an alias `*name` needs an anchor `&name` earlier in the file",
                       "别名 `*name` 要求文件前面有对应的锚点 `&name`"))
    if problem.startswith("expected '<document start>'"):
        found_part = problem.partition("but found ")[2]
        extra = Said(_words(found_part) or "more text", _words(found_part, "zh") or "更多内容")
        return at(Said(f"{extra.en} after the end of the document", chinese_joined("文档结束后还有", extra.zh)),
                  Said("a policy file is a map that starts with `policy:` at the left margin",
                       "政策文件是一个映射，应在行首（不缩进）以 `policy:` 开头"))
    if "escape character" in problem:
        return at(Said(_words(problem), _words(problem, "zh")),
                  Said("in double quotes `\\` starts an escape: write `\\\\`, or use single quotes",
                       "在双引号中 `\\` 表示转义：请写 `\\\\`，或改用单引号"))
    return at(Said(_words(problem) or "unreadable text", _words(problem, "zh") or "无法读取的内容"), None)


def _item_pasted_left(lines: list[str], item: int, line: int, indent: int,
                      at: Callable[[Said, Said | None, tuple[int, int], int], Diagnostic]) -> Diagnostic:
    """The finding of the list item on line `item` whose `-` stands left of the items of its list (indented
    `indent`, as the item on `line` is), told to move with its lines into their column."""
    shown = lines[item - 1].split(" #")[0].strip()
    opened = list_key(lines, item, indent)
    if opened is None:
        said = Said(f"the list item `{shown}` is indented less than the item after it",
                    f"列表项 `{shown}` 比它后面的一项缩进得少")
    else:
        key = lines[opened - 1].strip()
        said = Said(f"the list item `{shown}` is indented less than the other items of `{key}` (line {opened})",
                    f"列表项 `{shown}` 比第 {opened} 行 `{key}` 的其他各项缩进得少")
    help = with_lines_under(lined_up((indent, item_beside(lines, item, indent) or line, "-")), lines, item, "右移",
                            line - 1)
    return at(said, help, (item, indent_of(lines, item) + 1), len(shown))


def _new_entry(lines: list[str], line: int, reads: Callable[[str], bool]) -> Said | None:
    """The help for a new entry of a map (`water_source_unsafe:` over `test:` and `label:`) written out of the
    column of the entry before it: that entry's column, not that of its last key, which would make the new entry
    one of its keys; with the lines under it, where moving them by the same amount puts them in the column of that
    entry's keys. None where the file would not read."""
    found = entry_before(lines, line)
    if found is None:
        return None
    entry, keys = found
    by = entry[0] - indent_of(lines, line)
    under = moved(lines, line, by)
    if min(indent for number, indent in under.items() if number != line) != keys:
        under = {line: entry[0]}
    if not reads(reindented(lines, under)):
        return None
    return with_lines_under(lined_up(entry), lines, line, "左移" if by < 0 else "右移") if len(under) > 1 \
        else lined_up(entry)


def full_width_brackets(value: str) -> tuple[Said, str] | None:
    """`［A, B, C, D］`, `｛zh: …, en: …｝`: a list or a map opened with an input method's full-width bracket, which
    YAML reads as text. What is said of those brackets, and the value written with half-width ones."""
    value = value.strip()
    if WIDE.get(value[:1]) not in ("[", "{"):
        return None
    wide = [f"`{ch}`" for ch in dict.fromkeys(value) if WIDE.get(ch) in ("[", "]", "{", "}")]
    half = "".join(WIDE[ch] if WIDE.get(ch) in ("[", "]", "{", "}") else ch for ch in value)
    if len(wide) == 1:
        return wide_mark(wide[0].strip("`")), half
    return Said(f"{' and '.join(wide)} are full-width brackets", f"{' 和 '.join(wide)} 是全角括号"), half


def _wide_after_quote(text: str) -> tuple[int, int] | None:
    """Where a full-width or no-break space follows a quoted value inside `{…}` or `[…]`, and how wide it is."""
    outside = dict(outside_quotes(text))
    for at in outside:
        if outside[at] in "\u3000\u00a0" and text[at - 1:at] in ("'", '"') and at - 1 not in outside:
            end = at
            while end < len(text) and text[end] in "\u3000\u00a0":
                end += 1
            return at, end - at
    return None


def _comment_in_flow(text: str, opened: int) -> tuple[int, str, str] | None:
    """Where ` #` starts a comment inside the `{…}` or `[…]` opened at column `opened` (0-based), with the key whose
    text holds it and that text up to the next key."""
    hash_at = next((at for at, char in outside_quotes(text[opened:]) if char == "#" and text[opened + at - 1] == " "),
                   None)
    if hash_at is None:
        return None
    hash_at += opened
    keys = list(re.finditer(r"[{,]\s*([A-Za-z_][\w.]*):\s", text[:hash_at]))
    if not keys:
        return None
    following = _NEXT_KEY.search(text, hash_at)
    end = following.start() if following else len(text.rstrip().rstrip("}]"))
    return hash_at, keys[-1].group(1), text[keys[-1].end():end].strip()


def _dash_without_space(lines: list[str], line: int, reads: Callable[[str], bool]) -> tuple[int, str] | None:
    """The line, `line` or one of the two above it, that starts a list item with no space after its `-` (`-id:
    income`), where the file reads with that space, and the item as written after the `-`."""
    for number in (line, line - 1, line - 2):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        first = indent_of(lines, number) if text.strip() else 0
        if re.match(r"-[A-Za-z_]", text[first:first + 2]) \
                and reads("\n".join([*lines[:number - 1], f"{text[:first]}- {text[first + 1:]}", *lines[number:]])):
            return number, text[first + 1:].split(" #")[0].strip()
    return None


def _colon_in_flow(text: str, opened: int, colon_at: int) -> tuple[str, str] | None:
    """The key of the `{…}` opened at column `opened` (0-based) whose text holds the `: ` at `colon_at`, and that
    text quoted, up to the next key or the closing brace."""
    if text[colon_at:colon_at + 2].rstrip() != ":":
        return None
    keys = list(re.finditer(r"[{,]\s*([A-Za-z_][\w.]*):\s", text[opened:colon_at]))
    if not keys:
        return None
    following = _NEXT_KEY.search(text, colon_at)
    end = following.start() if following else len(text.split(" #")[0].rstrip().rstrip("}"))
    value = text[opened + keys[-1].end():end].strip()
    quote = "'" if "'" not in value else '"' if '"' not in value else None
    return (keys[-1].group(1), f"{quote}{value}{quote}") if quote and value else None


def _wide_hash_line(lines: list[str], line: int, context: int | None) -> int | None:
    """The line starting with `＃` that YAML stopped at, began its context at, or read on from over comments and
    blank lines only to `line`."""
    for number in range(line, 0, -1):
        text = lines[number - 1].strip() if number <= len(lines) else ""
        if text.startswith("＃"):
            return number
        if number != line and number != context and text and not text.startswith("#"):
            return None
    return None


def _wide_dash(lines: list[str], line: int) -> tuple[int, int] | None:
    """The line, `line` or the one above it, that starts as a list item with a full-width dash (`－ id: …`), and
    its indentation."""
    for number in (line, next((n for n in range(line - 1, 0, -1) if line_shape(lines, n) is not None), 0)):
        found = line_shape(lines, number)
        if found is not None and re.match(r"－\s*(?:[A-Za-z_][\w.]*:(?:\s|$)|\{)", found[1]):
            return number, found[0]
    return None


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


def wide_space_after(spaces: str, value: Said) -> tuple[Said, Said]:
    """What is said of full-width or no-break `spaces` typed after `value` (`the value`, `值`), and its fix."""
    full_width = "\u3000" in spaces
    space = Said("a full-width space", "全角空格") if full_width else \
        Said("a no-break space (U+00A0)", "不间断空格（U+00A0）")
    typed = Said(" (a Chinese input method typed it)", "（它是中文输入法打出的）") if full_width else Said("", "")
    return (Said(f"{space.en} after {value.en}", f"{value.zh}的后面有{space.zh}"),
            Said(f"delete it{typed.en}", f"请删去这个{space.zh}{typed.zh}"))


# Full-width (U+3000) or no-break spaces where a line ends, or its comment begins: after a value, to YAML they are
# one more value.
_WIDE_AFTER_VALUE = re.compile(r"([\u3000\u00a0][\u3000\u00a0 ]*?)[ ]*(?:#.*)?$")
_WIDE_COLON = re.compile(r"(?:^\s*(?:-\s+)?|[{,]\s*)([A-Za-z_][\w.]*)\s*：")
# A key of a block map whose colon is followed by a full-width or a no-break space: YAML reads no key there.
_WIDE_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.]*):([\u3000\u00a0])")
# A key of a block map whose colon is followed by the value with no space between (`value:510 yuan/month`); not
# `http://…` or a time.
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.]*):(?=[^\s:/\\])")
# A value opened with a full-width bracket, and the key written just inside it: `label: ｛zh`, `- ｛id`.
_WIDE_MAP = re.compile(r"(?:[A-Za-z_][\w.]*:|-)[ ]+([［【｛])[A-Za-z_][\w.]*")
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


def _closed_past_next_key(text: str, error: int) -> tuple[str, str, str, int, str] | None:
    """Where a quoted value inside `{…}` whose closing quote was left out ends: YAML took the quote that opens the
    next key's value as its end (`zh: '…岁, en: '`) and stopped just after it. The key, the quote, the text meant,
    where (0-based) the comma is that the quote belongs before, and the next key."""
    before = len(text[:error].rstrip())
    for key in reversed([k for k in _KEY.finditer(text) if k.end() < before]):
        value = text[key.end():]
        if value[0] not in "\"'" or key.end() + (_first_part_end(value) or 0) != before:
            continue
        following = _NEXT_KEY.search(text, key.end() + 1, before)
        if following is None:
            return None
        name = following.group(0).strip(", \t:")
        return key.group(1), value[0], text[key.end() + 1:following.start()], following.start(), name
    return None


def _starts_quoted(text: str, error: int) -> tuple[Said, Said, int, int] | None:
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
    what = Said("rule", "规则") if key in _RULE_KEYS else Said("value", "值")
    help = Said(f"put the whole {what.en} in single quotes", f"请给整个{what.zh}加单引号")
    if value[0] in "\"'":
        message = Said(f"the {what.en} starts with a quote, so YAML reads only `{read}` as its text",
                       f"这个{what.zh}以引号开头，所以 YAML 只把 `{read}` 读作它的文本")
        body = read[1:-1]
        if value.endswith(value[0]) and (" " in body or not body):  # the whole rule was put in quotes
            quotes = Said("single", "单") if value[0] == "'" else Said("double", "双")
            message = Said(f"the {what.en} is in {quotes.en} quotes and holds {quotes.en} quotes too, "
                           f"so YAML reads only `{read}` as its text",
                           f"这个{what.zh}写在{quotes.zh}引号中，里面又有{quotes.zh}引号，所以 YAML 只把 `{read}` "
                           "读作它的文本")
            if value[0] == "'":
                help = Said("inside single quotes, write texts in double quotes", "在单引号中，文本请用双引号")
            value = value[1:-1]
    else:
        kind = Said("a map", "映射") if value[0] == "{" else Said("a list", "列表")
        message = Said(f"the {what.en} starts with `{value[0]}`, so YAML reads `{read}` as {kind.en}",
                       f"这个{what.zh}以 `{value[0]}` 开头，所以 YAML 把 `{read}` 读作{kind.zh}")
    fixed = f"`{key}: " + "'" + value.replace("'", '"') + "'`"
    return message, Said(f"{help.en}: {fixed}", f"{help.zh}：{fixed}"), start, start + width
