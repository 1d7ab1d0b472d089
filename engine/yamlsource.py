"""YAML text → plain data plus the position of every node.

Input: the bytes of a policy file. Output: a `YamlDocument` — the data as
dicts, lists and scalars (safe types only: no tags run code), and for every path
into it the span of its value and key, and the raw text of its scalars.
Invariants: duplicate keys, tabs (or full-width spaces) used for indentation, alias bombs, deep
nesting and oversized files are refused with located diagnostics (a policy's
duplicate keys, alone, may be handed back for the loader to judge); a BOM and
CRLF or CR line endings are accepted; PyYAML's own messages are reworded (by
`engine.yamlerrors`) for people who do not know YAML's vocabulary. `jsonable`
gives the data as JSON would hold it, for a JSON Schema to validate.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path as FilePath
from typing import Any

import yaml

from engine import limits
from engine.diagnostics import (
    Diagnostic,
    PolicyError,
    Said,
    Span,
    cjk,
    holds_unseen,
    line_read_as_gbk,
    normalize_newlines,
)
from engine.syntax.errors import bang_deleted
from engine.syntax.parser import SourceMap, date_help
from engine.system_words import why_not_read
from engine.values import listed_said
from engine.yaml_lines import entry_before, entry_column, reindented
from engine.yamlerrors import wide_space_after, yaml_diagnostic

Path = tuple[str | int, ...]
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # an `id` a finding's path names its item by (never a number)

# Limits for hostile input (docs/errors.md, L007); generous for any real policy.
MAX_BYTES = limits.MAX_POLICY_BYTES
MAX_NODES = limits.MAX_YAML_NODES
MAX_DEPTH = limits.MAX_YAML_DEPTH


@dataclass(frozen=True)
class NodeInfo:
    span: Span
    key_span: Span | None
    raw: str | None  # the scalar's text after YAML unquoting; None for maps and lists
    start: int  # offsets of the node in the file text
    end: int
    style: str | None = None  # the scalar's YAML style: None or "" (plain), "'", '"', "|" or ">"


def shown_path(path: Path, data: Any = None) -> str:
    """A path into the document as findings name it: `categories[1].when[0].test`; empty for the whole. Given the
    document's `data`, an item of a list is named by its `id` where it has one its list gives no other item,
    as the file names it: `categories[dibao].when[income].test`."""
    shown, node = "", data
    for step in path:
        if isinstance(step, int):
            items = node if isinstance(node, list) else []
            node = items[step] if 0 <= step < len(items) else None
            named = node.get("id") if isinstance(node, dict) else None
            unique = isinstance(named, str) and _ID.fullmatch(named) is not None \
                and sum(isinstance(item, dict) and item.get("id") == named for item in items) == 1
            shown += f"[{named if unique else step}]"
        else:
            node = node.get(step) if isinstance(node, dict) else None
            shown += f".{step}"
    return shown.lstrip(".")


class YamlDocument:
    """Parsed YAML with positions, addressed by paths like ("categories", 0, "when")."""

    def __init__(self, file: str, text: str, data: Any, nodes: dict[Path, NodeInfo],
                 unread: dict[Path, Diagnostic] | None = None, quotable: dict[Path, str] | None = None):
        self.file = file
        self.text = text
        self.lines = text.split("\n")
        self.data = data
        self._nodes = nodes
        # values that are neither a date nor a finite number though written as one (`2026-13-01`), each with its
        # finding: kept as their text (a number as None) for the schema's checks to go on around them
        self.unread = unread or {}
        self.quotable = quotable or {}  # of those, the numbers YAML reads otherwise (`025`), as written: perhaps texts
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def span(self, path: Path, key: bool = False) -> Span:
        """The span of the node at `path` (of its key with `key=True`), or of its nearest parent."""
        for cut in range(len(path), -1, -1):
            info = self._nodes.get(path[:cut])
            if info is not None:
                if key and cut == len(path) and info.key_span is not None:
                    return info.key_span
                return info.span
        return Span(self.file, 1, 1, 1, 2)

    def info(self, path: Path) -> NodeInfo | None:
        return self._nodes.get(path)

    def comment_after(self, path: Path) -> tuple[int, str] | None:
        """The comment that ends the plain (unquoted) scalar at `path`: where its `#` is in the text, and its text
        from the `#` on; None when no comment follows the scalar on its last line. PyYAML keeps no comments, but
        after a plain scalar nothing else can stand on its line: it ends before ` #`, the comment runs to the end
        of the line."""
        info = self._nodes.get(path)
        if info is None or info.raw is None or info.style:  # plain: None from PyYAML, "" from libyaml
            return None
        line_end = self.text.find("\n", info.end)
        rest = self.text[info.end:line_end if line_end >= 0 else len(self.text)]
        comment = rest.lstrip(" \t")
        if not comment.startswith("#") or comment == rest:  # a `#` right after the value is the value's own
            return None
        return info.end + len(rest) - len(comment), comment.rstrip()

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def offset_span(self, start: int, end: int) -> Span:
        (l1, c1), (l2, c2) = self.position(start), self.position(end)
        return Span(self.file, l1, c1, l2, c2)

    def source_map(self, path: Path) -> SourceMap:
        """Map offsets in the scalar's value to spans in the file, through quotes, escapes and folding."""
        info = self._nodes[path]
        value = info.raw or ""
        source = self.text
        end = info.end
        starts: list[int] = []  # where each character of the value begins in the file
        j = info.start
        if info.style in ("|", ">"):  # skip the header line: `|-`, `>2 # comment`
            newline = source.find("\n", j, end)
            j = newline + 1 if newline >= 0 else j
        elif info.style in ("'", '"'):
            j += 1
        for ch in value:
            width = 1
            while j < end:
                if info.style == '"' and source[j] == "\\" and source[j + 1:j + 2] not in ("\n", ""):
                    width = _ESCAPE_LENGTH.get(source[j + 1], 2)  # `\"`, `\t`, `\u00e9`: one character of the value
                    break
                if source[j] == ch or (ch == " " and source[j] == "\n"):
                    width = 2 if info.style == "'" and ch == "'" else 1  # `''` is one quote
                    break
                j += 1
            starts.append(min(j, max(info.start, end - 1)))
            j += width
        starts.append(min(j, end))

        def to_span(first: int, last: int) -> Span:
            first = min(max(first, 0), len(value))
            last = min(max(last, first), len(value))
            begin = starts[first]
            finish = starts[last] if last > first else begin + 1
            return self.offset_span(begin, max(finish, begin + 1))

        return to_span


_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


# what is said of a file in an encoding other than UTF-16 or GBK (`utf8_said` says those with their `iconv`)
_ANOTHER_ENCODING = Said("the file is saved in another encoding: save it as UTF-8 (in most editors: Save with "
                         "Encoding → UTF-8)",
                         "文件是以其他编码保存的：请另存为 UTF-8 编码（多数编辑器“另存为”时可选编码）")


def _decode(raw: bytes, file: str) -> str:
    from engine.household_input import utf8_said  # how household files are told: GBK and UTF-16 get `iconv`

    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        begins = before.rfind(b"\n") + 1
        column = len(before[begins:].decode("utf-8", errors="replace")) + 1
        byte = f"0x{raw[error.start]:02x}"
        raise PolicyError([Diagnostic.said(
            "L001", Said(f"byte {byte} is not UTF-8 text", f"字节 {byte} 不是 UTF-8 文本"),
            Span(file, line, column, line, column + 1),
            help=utf8_said(raw, file, _ANOTHER_ENCODING), gbk_shown=line_read_as_gbk(raw, error.start),
        )]) from None


def _check_tabs(text: str, file: str) -> list[Diagnostic]:
    lines = text.split("\n")
    tabbed = [n for n, line in enumerate(lines, 1) if "\t" in line[:len(line) - len(line.lstrip(" \t"))]]
    columns = _tab_columns(lines, tabbed)
    found = []
    for number in tabbed:
        column = lines[number - 1].index("\t") + 1
        fix = Said("replace the tab with spaces", "请把制表符换成空格")
        if number in columns:
            indent, beside, word = columns[number]
            spaces = Said(f"indent this line with {indent} spaces", f"请用 {indent} 个空格缩进这一行") if indent else \
                Said("remove the tab", "请删去制表符")
            fix = Said(f"{spaces.en}, to start it in column {indent + 1} as `{word}` on line {beside} starts",
                       f"{spaces.zh}，使它从第 {indent + 1} 列开始，与第 {beside} 行的 `{word}` 对齐")
        found.append(Diagnostic.said(
            "L006", Said("tab used for indentation", "缩进中用了制表符（Tab）"),
            Span(file, number, column, number, column + 1),
            help=Said(f"YAML indents with spaces only: {fix.en}", f"YAML 只能用空格缩进：{fix.zh}")))
    return found


def _tab_columns(lines: list[str], tabbed: list[int]) -> dict[int, tuple[int, int, str]]:
    """The column each line indented with a tab belongs in, as `entry_before` finds it for a new entry of a map (the
    column of the entry before it, not that of its last key) and `entry_column` for any other: for all of them, where
    the lines next to each show it and the file reads with every one so indented; else for none."""
    if not tabbed or len(tabbed) > _MOST_TABS_PLACED:
        return {}
    columns = {n: found for n in tabbed if (found := _tab_column(lines, n, frozenset(tabbed))) is not None}
    fixed = reindented(lines, {n: indent for n, (indent, _, _) in columns.items()})
    return columns if len(columns) == len(tabbed) and _reads(fixed) else {}


def _tab_column(lines: list[str], number: int, tabbed: frozenset[int]) -> tuple[int, int, str] | None:
    new_entry = entry_before(lines, number)  # as L002 tells a new entry typed out of its column
    return new_entry[0] if new_entry is not None else entry_column(lines, number, tabbed)


# More lines indented with tabs than this are a file indented with tabs: an editor converts them all at once.
_MOST_TABS_PLACED = 10


# A run of full-width (U+3000, typed by a Chinese input method) or no-break (U+00A0) spaces at the start of a
# line, before a key, a list item or a comment: YAML reads them as text, not as indentation. (Followed by
# anything else, say Chinese prose in a `|` block, they may be the text itself.)
_WIDE_INDENT = re.compile(r"^ *([\u3000\u00a0][\u3000\u00a0 ]*)(?=-(?: |$)|#|[A-Za-z_][\w.]*\s*[:：])")


def _check_wide_indentation(text: str, file: str) -> list[Diagnostic]:
    if "\u3000" not in text and "\u00a0" not in text:  # (most files: no line to look at)
        return []
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        wide = _WIDE_INDENT.match(line)
        if wide is None:
            continue
        run = wide.group(1).rstrip(" ")
        kinds = [kind for char, kind in (("\u3000", Said("full-width spaces", "全角空格")),
                                         ("\u00a0", Said("no-break spaces (U+00A0)", "不间断空格（U+00A0）")))
                 if char in run]
        said = listed_said(kinds)
        typed = Said(" (a Chinese input method types full-width ones)", "（全角空格是中文输入法打出的）") \
            if "\u3000" in run else Said("", "")
        found.append(Diagnostic.said(
            "L002", Said(f"not valid YAML: the indentation uses {said.en}", f"不是有效的 YAML：缩进中用了{said.zh}"),
            Span(file, number, wide.start(1) + 1, number, wide.start(1) + len(run) + 1),
            help=Said(f"YAML indents with ordinary spaces only: replace them with ordinary spaces{typed.en}",
                      f"YAML 只能用普通空格缩进：请把它们换成普通（半角）空格{typed.zh}"),
        ))
    return found


@dataclass(frozen=True)
class Duplicate:
    """A key given twice in one map, as read: the first is kept, the second (`start` to `end` in the text, its key
    and value) left out. `entry_run_on`: it starts an entry of a list whose `- ` was left out, so that the whole
    entry was run into the one before it."""

    path: Path  # of the map
    key: str
    start: int
    end: int
    entry_run_on: bool
    diagnostic: Diagnostic | None  # L003; None for the further keys of an entry run on, reported at its first


def _where(shown: str) -> Said:
    """What a finding about the value at path `shown` begins with, as the schema's findings name it:
    `policy.effective.to`."""
    return Said(f"`{shown}`: ", f"`{shown}` 的 ") if shown else Said("", "")


# Full-width or no-break spaces typed after a plain value: YAML reads them as part of it (`25　` is a text).
_WIDE_AFTER = re.compile(r"[\u3000\u00a0][\u3000\u00a0 ]*$")
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _Builder:
    def __init__(self, file: str, text: str):
        self.file = file
        self.text = text
        self.nodes: dict[Path, NodeInfo] = {}
        self.count = 0
        self.diagnostics: list[Diagnostic] = []
        self.duplicates: list[Duplicate] = []
        self.unread: dict[Path, Diagnostic] = {}
        # of `unread`, what says each, given its path as shown: said again once the whole document is read
        self.unread_said: list[tuple[int, Path, Callable[[str], Diagnostic]]] = []
        self.quotable: dict[Path, str] = {}  # of `unread`, numbers YAML reads otherwise, as written (`025`)
        self.constructor = yaml.SafeLoader("")

    def span(self, node: yaml.Node) -> Span:
        s, e = node.start_mark, node.end_mark
        if e.line > s.line and e.column == 0:  # block nodes end at the start of the next line
            return Span(self.file, s.line + 1, s.column + 1, s.line + 1, s.column + 2)
        return Span(self.file, s.line + 1, s.column + 1, e.line + 1, e.column + 1)

    def build(self, node: yaml.Node, path: Path, key_span: Span | None, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:  # placed on the top-level entry that grew too large
            top = self.nodes.get(path[:1])
            where = top.key_span if top is not None and top.key_span is not None else self.span(node)
            raise PolicyError([Diagnostic.said(
                "L007", Said(f"the document has more than {MAX_NODES:,} nodes", f"文件的节点超过 {MAX_NODES:,} 个"),
                where, help=Said("a policy needs far fewer; check for anchors and aliases that repeat a large part",
                                 "政策文件用不了这么多：请检查是否有锚点（`&`）和别名（`*`）重复了大段内容"))])
        if depth > MAX_DEPTH:
            raise PolicyError([Diagnostic.said(
                "L007", Said(f"the document has more than {MAX_DEPTH} levels of nesting",
                             f"文件的嵌套超过 {MAX_DEPTH} 层"), self.span(node),
                help=Said("a policy needs a few levels; check for brackets or indentation that run away",
                          "政策文件只需几层嵌套：请检查是否有没闭合的括号，或越缩越深的缩进"))])
        span = self.span(node)
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        style = node.style if isinstance(node, yaml.ScalarNode) else None
        self.nodes[path] = NodeInfo(span, key_span, raw, node.start_mark.index, node.end_mark.index, style)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_COLLECTIONS:
            self.diagnostics.append(_tag_refused(node.tag, self.tag_span(node)))  # its content is still read
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first_seen: dict[str, Span] = {}
            dash_missing = False  # an entry of a list run into the one before it: its repeated keys are echoes
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.diagnostics.append(Diagnostic.said(
                        "L002", Said("merge keys (`<<`) are not supported", "不支持合并键（`<<`）"),
                        self.span(key_node),
                        help=Said("write the keys out: a policy file should read on its own",
                                  "请把各个键逐一写出来：政策文件应当一看就懂，不借助别处的内容")))
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.diagnostics.append(Diagnostic.said(
                        "L002", Said("a key must be a plain name", "键必须是一个普通的名称"), self.span(key_node)))
                    continue
                key = str(key_node.value)
                kspan = self.span(key_node)
                if key in first_seen:
                    starts_entry = bool(path) and isinstance(path[-1], int) and key == next(iter(first_seen))
                    reported = None
                    if not dash_missing:
                        line = first_seen[key].line
                        help = Said(f"`{key}` is already set at line {line}: keep one of them",
                                    f"`{key}` 已在第 {line} 行写过：请只保留一个")
                        other = _other_language(key, value_node, node)
                        if other is not None:  # `{zh: 低保标准, zh: dibao standard}`: the English typed under `zh:`
                            help = Said(f"`{key}` is already set at line {line}: if this is the other language's "
                                        f"text, write `{other}`",
                                        f"`{key}` 已在第 {line} 行写过：如果这是另一种语言的文本，请写 `{other}`")
                        if not path and _holds_entries(value_node, result[key]):  # a whole section, again
                            here = kspan.line
                            help = Said(f"move these entries under the `{key}:` at line {line}, then delete line "
                                        f"{here}", f"请把这些项移到第 {line} 行的 `{key}:` 下面，再删去第 {here} 行")
                        if starts_entry:  # the key that starts each entry of the list, again: a `- ` left out
                            dash = max(first_seen[key].column - 2, 1)
                            help = Said(f"if a new entry of the list starts here, begin it with `- ` at column {dash}, "
                                        f"as the others: `- {key}: …`; else {help.en}",
                                        f"如果这里是列表的新一项，请像其他项一样在第 {dash} 列以 `- ` 开头："
                                        f"`- {key}: …`；否则 {help.zh}")
                        reported = Diagnostic.said(
                            "L003", Said(f"duplicate key `{key}`", f"重复的键 `{key}`"), kspan, help=help)
                        self.diagnostics.append(reported)
                    dash_missing = dash_missing or starts_entry
                    self.duplicates.append(Duplicate(path, key, key_node.start_mark.index, value_node.end_mark.index,
                                                     dash_missing, reported))
                    continue
                first_seen[key] = kspan
                result[key] = self.build(value_node, (*path, key), kspan, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), None, depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, span, path)

    def scalar(self, node: yaml.ScalarNode, span: Span, path: Path = ()) -> Any:
        tag = node.tag
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and _NOT_AS_WRITTEN.search(node.value):
            return self.read_otherwise(path, node.value, self.constructor.construct_object(node), span)
        if tag == "tag:yaml.org,2002:float":
            try:
                value = Decimal(node.value)
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                self.unread_value(path, lambda shown: Diagnostic.said(
                    "L004", Said(f"{_where(shown).en}`{node.value}` is not a finite number",
                                 f"{_where(shown).zh}`{node.value}` 不是一个有限的数字"), span,
                    help=Said("write an ordinary number such as 1.5", "请写普通的数字，例如 1.5")))
                return None
            return value
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                value = self.constructor.construct_object(node)
            except ValueError:
                self.unread_value(path, lambda shown: Diagnostic.said(
                    "L004", Said(f"{_where(shown).en}`{node.value}` is not a date",
                                 f"{_where(shown).zh}`{node.value}` 不是日期"), span,
                    help=Said(date_help(node.value), date_help(node.value, "zh"))))
                return node.value
            if isinstance(value, datetime.datetime):
                return value.date() if value.time() == datetime.time() else value.isoformat()
            return value
        if tag == "tag:yaml.org,2002:str" and not node.style and (wide := _WIDE_AFTER.search(node.value)):
            spaces, before = wide.group(), node.value[:wide.start()]  # `25　`: YAML reads a text, not the number
            if self.constructor.resolve(yaml.ScalarNode, before, (True, False)) in _NUMBER_TAGS:
                end = node.end_mark
                at = Span(self.file, end.line + 1, end.column + 1 - len(spaces), end.line + 1, end.column + 1)
                self.unread_value(path, lambda shown: _wide_space_after_number(spaces, before, shown, at))
                return None
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
                   "tag:yaml.org,2002:str"):
            try:
                value = self.constructor.construct_object(node)
            except (ValueError, yaml.YAMLError):
                return node.value
            if tag == "tag:yaml.org,2002:int" and re.match(r"[-+]?0.", node.value):  # `025`, `0x1F`: not base 10
                return self.read_otherwise(path, node.value, value, span)
            return value
        if not tag.startswith("tag:"):  # `test: !drinking_water.safe`: `!` meant as "not"
            meant = f"{tag[1:]} {node.value}".strip()
            yes_or_no = (path[-1:] in (("test",), ("when",)) or path[:1] == ("definitions",)) \
                and not meant[:1].isdigit() and not meant.startswith(("-", "."))
            self.diagnostics.append(Diagnostic.said(
                "L002", Said(f"`!` does not mean “not” here: YAML reads `{tag}` as a tag",
                             f"`!` 在这里不表示“非”：YAML 会把 `{tag}` 读作 YAML 标记"), span,
                help=Said(f"write `not {meant}`", f"请写 `not {meant}`") if yes_or_no else bang_deleted(f"`{meant}`")))
            return node.value
        self.diagnostics.append(_tag_refused(tag, span))
        return node.value

    def read_otherwise(self, path: Path, written: str, read: int | float, span: Span) -> None:
        """Refuse a number YAML reads other than as written (`025` as 21, `1:30` as 90), as a value not read."""
        def said(shown: str) -> Diagnostic:
            message, help = _read_otherwise(written, read, _where(shown))
            return Diagnostic.said("L004", message, span, help=help)
        self.unread_value(path, said)
        self.quotable[path] = written

    def unread_value(self, path: Path, said: Callable[[str], Diagnostic]) -> None:
        """Refuse the value at `path`: `said`, given the path as shown, is the finding."""
        self.unread_said.append((len(self.diagnostics), path, said))
        self.diagnostics.append(said(shown_path(path)))
        self.unread[path] = self.diagnostics[-1]

    def name_items(self, data: Any) -> None:
        """Say the values not read again, naming the items of lists on their paths by id as other findings do
        (`abolished[monitoring].from`): an item's `id` may come after the value, so only the whole document knows it."""
        for at, path, said in self.unread_said:
            self.diagnostics[at] = self.unread[path] = said(shown_path(path, data))

    def tag_span(self, node: yaml.Node) -> Span:
        """Where the tag of a map or list is written (`!!set`, after an anchor if any); else where the node starts."""
        start = node.start_mark
        line_end = self.text.find("\n", start.index)
        line = self.text[start.index:line_end if line_end >= 0 else len(self.text)]
        at = line.find("!")
        if at < 0:
            return self.span(node)
        length = len(line[at:].split(maxsplit=1)[0])
        column = start.column + at + 1
        return Span(self.file, start.line + 1, column, start.line + 1, column + length)


# The bases YAML reads a whole number in when it starts with `0` (`025`, `0x1F`, `0b11`), by the letter after it.
_BASES = {"x": (16, Said("hexadecimal", "十六进制")), "b": (2, Said("binary", "二进制"))}
# What YAML 1.1 reads in a number other than as written: `1:30` in base 60, `1_000` without its `_`.
_NOT_AS_WRITTEN = re.compile(r"[:_]")


def _wide_space_after_number(spaces: str, before: str, shown: str, span: Span) -> Diagnostic:
    of = Said(f" of `{shown}`", f"`{shown}` 的") if shown else Said("", "")
    message, help = wide_space_after(spaces, Said(f"the number `{before}`{of.en}", f"{of.zh}数字 `{before}` "))
    return Diagnostic.said("L004", message, span, help=help)


def _read_otherwise(written: str, read: int | float, where: Said) -> tuple[Said, Said]:
    """What is said of a number YAML reads other than as written (`025` as the octal 21, `1:30` in base 60 as 90,
    `1_000` as 1000): the number it reads, and how to write the number meant. Where a text may stand,
    `quoted_too` adds the quotes."""
    shown = f"{read:g}" if isinstance(read, float) else str(read)
    if ":" in written:
        return (Said(f"{where.en}YAML reads `{written}` as {shown}, a number in base 60 as a time is written",
                     f"{where.zh}`{written}` 会被 YAML 按六十进制（时间的写法）读作 {shown}"),
                Said(f"write the number meant in ordinary digits, without `:` (`{shown}` if it is {shown})",
                     f"请用普通数字写出想要的数，不用 `:`（如果是 {shown}，就写 `{shown}`）"))
    sign, digits = written[:len(written) - len(written.lstrip("+-"))], written.lstrip("+-")
    if not digits.startswith("0") or digits.startswith("0."):
        meant = written.replace("_", "")
        return (Said(f"{where.en}YAML reads `{written}` as {shown}, leaving out the `_`",
                     f"{where.zh}`{written}` 会被 YAML 读作 {shown}（不管其中的 `_`）"),
                Said(f"write the number without `_`: `{meant}`", f"请去掉 `_`，写作 `{meant}`"))
    base, name = _BASES.get(digits[1:2], (8, Said("octal", "八进制")))
    if base == 8:
        meant = sign + (digits.replace("_", "").lstrip("0") or "0")
        return (Said(f"{where.en}`{written}` starts with 0, so YAML reads it as the {name.en} number {read}",
                     f"{where.zh}`{written}` 以 0 开头，YAML 会把它读作{name.zh}数 {read}"),
                Said(f"write it without the leading zero: `{meant}`", f"请去掉开头的 0，写作 `{meant}`"))
    return (Said(f"{where.en}YAML reads `{written}` as the {name.en} number {read}",
                 f"{where.zh}`{written}` 会被 YAML 读作{name.zh}数 {read}"),
            Said(f"write the number in ordinary digits: `{read}`", f"请用普通数字写作 `{read}`"))


_ONE_LINE = 1_000_000  # (a width no text given here reaches: YAML's writer folds a longer line)


def yaml_text(text: str) -> str:
    """A text as a YAML value on one line that reads back exactly as it is: plain where it can be (`draft.yaml`), else
    quoted as YAML's own writer quotes it (`'draft #2.yaml'`, `'county: 2026.yaml'`, whose `#` and `: ` would cut it);
    where it holds what a line cannot show (`holds_unseen`: a line break, a zero-width space), in double quotes with
    each character beyond ASCII escaped (`"draft\\u200B.yaml"`), as no one would see it or it would break the line."""
    written = yaml.safe_dump(text, allow_unicode=True, width=_ONE_LINE).removesuffix("\n...\n").removesuffix("\n")
    if not holds_unseen(written):
        return written
    return yaml.safe_dump(text, width=_ONE_LINE, default_style='"').removesuffix("\n")


def quoted_too(help: Said, written: str) -> Said:
    """The help for a number YAML reads other than as written (`_read_otherwise`), where a text may stand too."""
    quoted = f"`'{written}'`"
    return Said(f"{help.en}; if it is a text, put it in quotes: {quoted}",
                f"{help.zh}；如果它是文本，请加上引号：{quoted}")


def _other_language(key: str, value: yaml.Node, owner: yaml.MappingNode) -> str | None:
    """`en: dibao standard` for a second `zh:` holding English text in a map of the two languages that has no `en:`
    (and the converse); None where the map has both, or the text is of the language its key says."""
    other = {"zh": "en", "en": "zh"}.get(key)
    if other is None or not isinstance(value, yaml.ScalarNode) or not str(value.value).strip() \
            or any(isinstance(k, yaml.ScalarNode) and k.value == other for k, _ in owner.value):
        return None
    if (other == "zh") != bool(cjk().search(str(value.value))):
        return None
    return f"{other}: {value.value}"


def _holds_entries(node: yaml.Node, first: Any) -> bool:
    """Whether a section given again (`node`) holds entries that could join the first one (`first`, as read): both
    maps or both lists, the first perhaps still empty."""
    if isinstance(node, yaml.MappingNode) and node.value:
        return first is None or isinstance(first, dict)
    if isinstance(node, yaml.SequenceNode) and node.value:
        return first is None or isinstance(first, list)
    return False


# A map or a list as YAML writes them without a tag; any other tag (`!!set`, `!!omap`, `!!python/object:…`)
# would give the node another meaning, or run code in a loader less careful than this one.
_STANDARD = "tag:yaml.org,2002:"  # what YAML makes of `!!`
_PLAIN_COLLECTIONS = frozenset({_STANDARD + "map", _STANDARD + "seq"})


def _tag_refused(tag: str, span: Span) -> Diagnostic:
    written = "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag  # as the file has it
    return Diagnostic.said(
        "L002", Said(f"the YAML tag `{written}` is not allowed in a policy file",
                     f"政策文件中不能使用 YAML 标记 `{written}`"), span,
        help=Said("remove the `!tag`: policy files hold plain text, numbers, dates, lists and maps",
                  "请删去 `!tag`：政策文件只包含普通的文本、数字、日期、列表和映射"))


def cannot_read(error: OSError) -> Said:
    """L001's message for a file that cannot be read, in both languages."""
    why = why_not_read(error)
    return Said(f"cannot read the file: {why.en}", f"无法读取文件：{why.zh}")


def read_bytes(path: FilePath) -> bytes:
    """The bytes of a YAML file; `PolicyError` (L001, placed on the file) when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise PolicyError([Diagnostic.said("L001", cannot_read(error), Span(str(path), 1, 1, 1, 2))]) from None


POLICY_START = Said("start from a shipped policy, e.g. copy policy/post-transition.yaml",
                    "请从随附的政策文件改起，例如复制 policy/post-transition.yaml")


def load_yaml(raw: bytes, file: str, start: Said = POLICY_START,
              duplicates: list[Duplicate] | None = None, read_on: bool = False) -> YamlDocument:
    """Parse policy YAML safely; raise `PolicyError` with every located problem found. `start` is the
    help for an empty file: how a file of this kind begins. Given `duplicates`, a file whose only problems are
    keys given twice is read (the first of each kept) and its duplicates added there, for the caller to judge
    whether the rest can be checked. With `read_on`, nor do values that are not a date or a finite number stop
    it: they are in the document's `unread`, which the schema's findings report (`schema_findings.schema_found`)
    beside the file's other mistakes."""
    if len(raw) > MAX_BYTES:
        size = f"{len(raw):,}"
        raise PolicyError([Diagnostic.said(
            "L007", Said(f"file is {size} bytes, more than the limit of {MAX_BYTES:,}",
                         f"文件有 {size} 字节，超过了 {MAX_BYTES:,} 字节的上限"),
            Span(file, 1, 1, 1, 2), help=Said("a policy file is a few hundred lines; is this the right file?",
                                              "政策文件一般只有几百行：请确认是不是选错了文件"))])
    text = normalize_newlines(_decode(raw, file))
    lines = text.split("\n")
    if all(not line.strip() or line.lstrip().startswith("#") for line in lines):
        raise PolicyError([Diagnostic.said(
            "L005", Said("the file is empty", "文件是空的"), Span(file, 1, 1, 1, 2),
            help=start)])
    indentation = sorted(_check_tabs(text, file) + _check_wide_indentation(text, file),
                         key=lambda d: (d.span.line if d.span else 0))
    if indentation:
        raise PolicyError(indentation)
    try:
        root = _compose(text)
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        char = f"U+{error.character:04X}"
        raise PolicyError([Diagnostic.said(
            "L002", Said(f"not valid YAML: the character {char} is not allowed in a policy file",
                         f"不是有效的 YAML：政策文件中不能出现字符 {char}"),
            Span(file, line, column, line, column + 1),
            help=Said("remove it; if the file shows strange symbols, it is not a text file",
                      "请删去这个字符；如果文件显示成乱码，说明它不是文本文件"))]) from None
    except yaml.MarkedYAMLError as error:
        raise PolicyError([yaml_diagnostic(error, lines, file, _reads)]) from None
    except yaml.YAMLError as error:
        raise PolicyError([Diagnostic.said("L002", Said(f"not valid YAML: {error}", f"不是有效的 YAML：{error}"),
                                           Span(file, 1, 1, 1, 2))]) from None
    except RecursionError:
        raise PolicyError([Diagnostic.said(
            "L007", Said("the document is nested too deeply", "文件的嵌套层数太多"), Span(file, 1, 1, 1, 2),
            help=Said("a policy needs a few levels of nesting; check for runaway brackets `[` or `{`",
                      "政策文件只需几层嵌套：请检查是否有没闭合的括号 `[` 或 `{`"))]) from None
    builder = _Builder(file, text)
    data = builder.build(root, (), None, 0) if root is not None else None
    builder.name_items(data)
    set_aside = {d for d in builder.diagnostics if (d.code == "L003" and duplicates is not None)
                 or (read_on and d in builder.unread.values())}
    if any(d not in set_aside for d in builder.diagnostics):
        raise PolicyError(builder.diagnostics)
    if duplicates is not None:
        duplicates.extend(builder.duplicates)
    return YamlDocument(file, text, data, builder.nodes, builder.unread if read_on else None,
                        builder.quotable if read_on else None)


def jsonable(value: Any) -> Any:
    """YAML data as JSON would hold it: dates as their YYYY-MM-DD text."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _shallow(text: str) -> bool:
    """Whether libyaml can take the text safely: it recurses in C, so deep nesting would crash it."""
    if len(text) > 200_000:
        return False
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    indents = max((len(line) - len(line.lstrip(" ")) for line in text.split("\n")), default=0)
    return deepest < 32 and indents < 120


class _Loader(yaml.SafeLoader):
    """PyYAML's parser, reading a `?` inside a plain value in `{…}` or `[…]` as libyaml and YAML 1.2 do
    (`{en: was the wage written in 万元?}`): PyYAML alone ends the value there and fails, so a file libyaml
    reads would be refused without it, and a mistake further on reported at that `?` instead."""

    _in_plain = False

    def scan_plain(self) -> Any:
        self._in_plain = True
        try:
            return super().scan_plain()
        finally:
            self._in_plain = False

    def peek(self, index: int = 0) -> Any:
        ch = super().peek(index)
        return "x" if ch == "?" and self._in_plain else ch  # any character that does not end a plain value


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when it is safe (40× faster); PyYAML's own parser words the errors."""
    if _FAST_LOADER is not None and _shallow(text):
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, RecursionError):
            pass  # re-parse below, so every message and position is PyYAML's, as documented
    return yaml.compose(text, Loader=_Loader)


def _reads(text: str) -> bool:
    """Whether YAML reads the text: a hint offers a new indentation only where the file then reads."""
    try:
        _compose(text)
    except (yaml.YAMLError, RecursionError):
        return False
    return True


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
