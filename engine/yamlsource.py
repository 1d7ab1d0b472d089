"""YAML text → plain data plus the position of every node.

Input: the bytes of a policy file. Output: a `YamlDocument` — the data as
dicts, lists and scalars (safe types only: no tags run code), and for every path
into it the span of its value and key, and the raw text of its scalars.
Invariants: duplicate keys, tabs used for indentation, alias bombs, deep
nesting and oversized files are refused with located diagnostics; a BOM and
CRLF line endings are accepted.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from engine.diagnostics import Diagnostic, PolicyError, Span
from engine.syntax.parser import SourceMap

Path = tuple[str | int, ...]

# Limits for hostile input (docs/errors.md, L007); generous for any real policy.
MAX_BYTES = 5_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64


@dataclass(frozen=True)
class NodeInfo:
    span: Span
    key_span: Span | None
    raw: str | None  # the scalar's text after YAML unquoting; None for maps and lists
    start: int  # offsets of the node in the file text
    end: int


class YamlDocument:
    """Parsed YAML with positions, addressed by paths like ("categories", 0, "when")."""

    def __init__(self, file: str, text: str, data: Any, nodes: dict[Path, NodeInfo]):
        self.file = file
        self.text = text
        self.lines = text.splitlines()
        self.data = data
        self._nodes = nodes
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

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def offset_span(self, start: int, end: int) -> Span:
        (l1, c1), (l2, c2) = self.position(start), self.position(end)
        return Span(self.file, l1, c1, l2, c2)

    def source_map(self, path: Path) -> SourceMap:
        """Map offsets in the scalar's value to spans in the file, through quotes and folding."""
        info = self._nodes[path]
        value = info.raw or ""
        source = self.text
        mapping: list[int] = []
        j = info.start
        for ch in value:
            while j < info.end and source[j] != ch and not (ch == " " and source[j] in "\r\n"):
                j += 1
            mapping.append(min(j, max(info.start, info.end - 1)))
            j += 1
        mapping.append(min(j, info.end))

        def to_span(start: int, end: int) -> Span:
            start = min(max(start, 0), len(value))
            end = min(max(end, start), len(value))
            begin = mapping[start]
            finish = mapping[end - 1] + 1 if end > start else begin + 1
            return self.offset_span(begin, finish)

        return to_span


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise PolicyError([Diagnostic(
            "L001", f"byte 0x{raw[error.start]:02x} is not UTF-8 text",
            Span(file, line, column, line, column + 1),
            help="save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)",
        )]) from None


def _check_tabs(text: str, file: str) -> list[Diagnostic]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            column = line.index("\t") + 1
            found.append(Diagnostic(
                "L006", "tab used for indentation", Span(file, number, column, number, column + 1),
                help="YAML indents with spaces only: replace the tab with spaces",
            ))
    return found


class _Builder:
    def __init__(self, file: str, text: str):
        self.file = file
        self.text = text
        self.nodes: dict[Path, NodeInfo] = {}
        self.count = 0
        self.diagnostics: list[Diagnostic] = []
        self.constructor = yaml.SafeLoader("")

    def span(self, node: yaml.Node) -> Span:
        s, e = node.start_mark, node.end_mark
        if e.line > s.line and e.column == 0:  # block scalars end at the start of the next line
            return Span(self.file, s.line + 1, s.column + 1, s.line + 1, s.column + 2)
        return Span(self.file, s.line + 1, s.column + 1, e.line + 1, e.column + 1)

    def build(self, node: yaml.Node, path: Path, key_span: Span | None, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            what = "nodes" if self.count > MAX_NODES else "levels of nesting"
            limit = MAX_NODES if self.count > MAX_NODES else MAX_DEPTH
            raise PolicyError([Diagnostic(
                "L007", f"the document has more than {limit:,} {what}", self.span(node),
                help="a policy needs far fewer; check for anchors and aliases that repeat a large part",
            )])
        span = self.span(node)
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        self.nodes[path] = NodeInfo(span, key_span, raw, node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first_seen: dict[str, Span] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.diagnostics.append(Diagnostic(
                        "L002", "merge keys (`<<`) are not supported", self.span(key_node),
                        help="write the keys out: a policy file should read on its own"))
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.diagnostics.append(Diagnostic(
                        "L002", "a key must be a plain name", self.span(key_node)))
                    continue
                key = str(key_node.value)
                kspan = self.span(key_node)
                if key in first_seen:
                    self.diagnostics.append(Diagnostic(
                        "L003", f"duplicate key `{key}`", kspan,
                        help=f"`{key}` is already set at line {first_seen[key].line}: keep one of them"))
                    continue
                first_seen[key] = kspan
                result[key] = self.build(value_node, (*path, key), kspan, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), None, depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, span)

    def scalar(self, node: yaml.ScalarNode, span: Span) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:float":
            try:
                value = Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                self.diagnostics.append(Diagnostic(
                    "L004", f"`{node.value}` is not a finite number", span,
                    help="write an ordinary number such as 1.5"))
                return None
            return value
        if tag == "tag:yaml.org,2002:timestamp":
            value = self.constructor.construct_object(node)
            if isinstance(value, datetime.datetime):
                return value.date() if value.time() == datetime.time() else value.isoformat()
            return value
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
                   "tag:yaml.org,2002:str"):
            try:
                return self.constructor.construct_object(node)
            except (ValueError, yaml.YAMLError):
                return node.value
        self.diagnostics.append(Diagnostic(
            "L002", f"YAML tag `{tag}` is not allowed in a policy file", span,
            help="remove the `!tag`: policy files hold plain text, numbers, dates, lists and maps"))
        return node.value


def load_yaml(raw: bytes, file: str) -> YamlDocument:
    """Parse policy YAML safely; raise `PolicyError` with every located problem found."""
    if len(raw) > MAX_BYTES:
        raise PolicyError([Diagnostic(
            "L007", f"file is {len(raw):,} bytes, more than the limit of {MAX_BYTES:,}",
            Span(file, 1, 1, 1, 2), help="a policy file is a few hundred lines; is this the right file?")])
    text = _decode(raw, file).replace("\r\n", "\n")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#")
                                for line in text.splitlines()):
        raise PolicyError([Diagnostic(
            "L005", "the file is empty", Span(file, 1, 1, 1, 2),
            help="start from a shipped policy, e.g. copy policy/post-transition.yaml")])
    tabs = _check_tabs(text, file)
    if tabs:
        raise PolicyError(tabs)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (error.problem or "not valid YAML").strip()
        raise PolicyError([Diagnostic(
            "L002", f"not valid YAML: {problem}", Span(file, line, column, line, column + 1),
            help=_yaml_help(problem))]) from None
    except yaml.YAMLError as error:
        raise PolicyError([Diagnostic("L002", f"not valid YAML: {error}", Span(file, 1, 1, 1, 2))]) from None
    builder = _Builder(file, text)
    data = builder.build(root, (), None, 0) if root is not None else None
    if builder.diagnostics:
        raise PolicyError(builder.diagnostics)
    return YamlDocument(file, text, data, builder.nodes)


def _yaml_help(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "a value that contains `: ` must be quoted, or the line is indented wrongly"
    if "could not find expected ':'" in problem:
        return "each line of a map needs `key: value`; check the indentation of this line"
    if "found character" in problem and "cannot start any token" in problem:
        return "quote the value: put it between double quotes"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation: items of one map or list must start in the same column"
    if "found undefined alias" in problem:
        return "an alias `*name` needs an anchor `&name` earlier in the file"
    return None
