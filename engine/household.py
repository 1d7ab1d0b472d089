"""Household JSON → validated `Household`, against a schema generated from the policy.

Input: household data (DESIGN §6, a contract) and the policy whose `inputs`,
`income` and `expenses` say which fields and types exist. Output: a frozen
`Household` with exact decimals and dates, defaults filled in — or
`HouseholdError` carrying every problem at once, each named by its JSON path, in
the order of the file; given the text the household was read from, `HouseholdError.located` adds the
line and column of each (the text is scanned only then, never for a valid household).
Invariant: no float ever reaches a `Household`; NaN, Infinity and duplicate keys
are refused when the JSON is read; a policy or a file of test cases read as a
household is said to be one, not reported as broken JSON.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from engine import limits
from engine.diagnostics import WHOLE_HOUSEHOLD, Diagnostic, PolicyError, Said, Span, chinese_joined
from engine.file_names import spreadsheet
from engine.household_words import (
    CJK,
    ISO_DATE,
    SPLIT,
    both,
    given_without,
    json_reason,
    meant,
    member_as_number,
    number_slip,
    schema_finding,
    too_many,
    unknown_field,
)
from engine.inputs import field_schema
from engine.jsonsource import JsonText
from engine.model import InputField, Policy, per_policy

if TYPE_CHECKING:
    import jsonschema

MAX_MEMBERS = limits.MAX_MEMBERS
MAX_LINES = limits.MAX_LINES
MAX_AGE = limits.MAX_AGE
MAX_DIGITS = 18
MAX_AMOUNT = Decimal(10) ** 15  # a thousand trillion yuan: anything larger is a data error
EXAMPLE = "examples/households/DS-0001-dibao-widow.json"  # named in help lines as what a household file looks like


@dataclass(frozen=True)
class Member:
    id: str
    fields: Mapping[str, Any]
    defaulted: frozenset[str] = frozenset()  # the fields not given, whose policy default was used


@dataclass(frozen=True)
class Line:
    type: str
    member: str | None
    amount: Decimal


@dataclass(frozen=True)
class Household:
    id: str
    date: datetime.date | None
    fields: Mapping[str, Any]  # dotted household fields: "assets.deposits"
    members: tuple[Member, ...]
    income: tuple[Line, ...]
    expenses: tuple[Line, ...]
    defaulted: frozenset[str] = frozenset()  # the household fields not given, whose policy default was used


# A frozen dataclass's `__init__` sets each field through `object.__setattr__`; filling the instance
# dictionary directly builds the same object three to four times faster. Used by the quick check of
# `engine.intake`, which makes some eight of them for every household (see `engine.outcomes`).
_new = object.__new__


def new_line(kind: str, member: str | None, amount: Decimal) -> Line:
    line = _new(Line)
    fields = line.__dict__
    fields["type"] = kind
    fields["member"] = member
    fields["amount"] = amount
    return line


def new_member(member_id: str, member_fields: Mapping[str, Any], defaulted: frozenset[str] = frozenset()) -> Member:
    member = _new(Member)
    fields = member.__dict__
    fields["id"] = member_id
    fields["fields"] = member_fields
    fields["defaulted"] = defaulted
    return member


@functools.lru_cache(maxsize=256)
def earliest_birth(today: datetime.date) -> datetime.date:
    """The earliest birth date a member may have on `today`: `MAX_AGE` years before it (28 February for 29)."""
    if today.year <= MAX_AGE:
        return datetime.date.min
    try:
        return today.replace(year=today.year - MAX_AGE)
    except ValueError:
        return today.replace(year=today.year - MAX_AGE, day=28)


def new_household(household_id: str, date: datetime.date | None, household_fields: Mapping[str, Any],
                  members: tuple[Member, ...], income: tuple[Line, ...], expenses: tuple[Line, ...],
                  defaulted: frozenset[str]) -> Household:
    household = _new(Household)
    fields = household.__dict__
    fields["id"] = household_id
    fields["date"] = date
    fields["fields"] = household_fields
    fields["members"] = members
    fields["income"] = income
    fields["expenses"] = expenses
    fields["defaulted"] = defaulted
    return household


# Where in a household's JSON a finding is: the path of the value, and whether the finding is about the key
# that names it (an unknown key) rather than the value.
Place = tuple[tuple[str | int, ...], bool]
WHOLE: Place = ((), False)  # a finding about the household as a whole


class Source(Protocol):
    """The text a household was read from, which finds the span of the value (or key) at a path: a `JsonText`,
    or the `YamlDocument` of a test case file that writes the household inline."""

    def span(self, path: tuple[str | int, ...], key: bool = False) -> Span | None: ...


class HouseholdError(Exception):
    def __init__(self, diagnostics: list[Diagnostic], household_id: str | None = None,
                 places: list[Place | None] | None = None):
        self.diagnostics = diagnostics
        self.household_id = household_id
        self.places = places if places is not None else [None] * len(diagnostics)  # one for each diagnostic
        super().__init__("; ".join(d.message for d in diagnostics))

    def located(self, text: Source, within: tuple[str | int, ...] = ()) -> list[Diagnostic]:
        """The findings, each at the span in `text` of the value or key it is about; `within` is where the
        household is in that text (its index in a list of households, its path in a case file)."""
        return [d if place is None or (span := text.span((*within, *place[0]), key=place[1])) is None
                else dataclasses.replace(d, span=span)
                for d, place in zip(self.diagnostics, self.places, strict=True)]


# -- reading JSON -----------------------------------------------------------------------


class _Refused(ValueError):
    """Valid JSON that a household may not hold; `bare` (a word as written) or `key` is what to point at."""

    def __init__(self, message: Said, help: Said, bare: str | None = None, key: str | None = None):
        super().__init__(message.en)
        self.message, self.help, self.bare, self.key = message, help, bare, key


def _reject_constant(name: str) -> Any:
    raise _Refused(Said(f"`{name}` is not a number JSON allows", f"`{name}` 不是 JSON 允许的数字"),
                   Said("give a real amount", "请填写实际的数额"), bare=name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(Said(f"duplicate key `{key}`", f"重复的键 `{key}`"),
                           Said("keep one of the two: a reader would silently take either",
                                "请只保留其中一个：否则读取时会悄悄取其中之一"), key=key)
        result[key] = value
    return result


def _exact_number(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:  # an exponent beyond what any decimal can hold
        value = Decimal("1e999")
    if abs(value.adjusted()) > 30:
        shown = text[:40]
        raise _Refused(Said(f"the number {shown} is out of any sensible range", f"数字 {shown} 超出了合理的范围"),
                       Said("write the amount in yuan, without an exponent", "请以元为单位填写数额，不用指数写法"),
                       bare=text)
    return value


def holds_json_lines(blocks: Iterable[bytes]) -> bool:
    """Whether JSON text (read in `blocks`) is JSON Lines, a household on each line, rather than one
    document: a household written over many lines, or a list. A line that starts with `{` after the
    first marks JSON Lines (a JSON string cannot hold a line break); a list never is."""
    start, tail = True, b""
    for block in blocks:
        if start:
            block = block.lstrip(b"\xef\xbb\xbf \t\r\n")
            start = not block
            if block.startswith(b"["):
                return False
        if b"\n{" in tail + block:
            return True
        tail = block[-1:]
    return False


# how each compressed format starts, and the commands that give its text back: beside it, and piped
_COMPRESSED = ((b"\x1f\x8b", "gzip", "gunzip -k", "gunzip -c"), (b"\x28\xb5\x2f\xfd", "zstd", "zstd -d", "zstd -dc"),
               (b"BZh", "bzip2", "bunzip2 -k", "bunzip2 -c"), (b"\xfd7zXZ\x00", "xz", "unxz -k", "unxz -c"),
               (b"PK\x03\x04", "zip", "unzip", "unzip -p"))


def compression_of(head: bytes) -> tuple[str, str, str] | None:
    """(format, command that decompresses the file beside it, command that writes its text to standard
    output) when bytes are the start of a compressed file, else None."""
    return next(((kind, beside, piped) for magic, kind, beside, piped in _COMPRESSED if head.startswith(magic)),
                None)


PACKED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")  # of compressed files, as their tools name them


def packed_name(path: Path) -> bool:
    """Whether a file's name says it is JSON or JSON Lines compressed: `2026-03.jsonl.gz`, or
    `part-00000.json.gz` as Spark writes JSON (one record a line). Suffixes in any case."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    return len(suffixes) >= 2 and suffixes[-1] in PACKED_SUFFIXES and suffixes[-2] in (".json", ".jsonl")


def _household_name(path: Path) -> bool:
    return path.suffix.lower() in (".json", ".jsonl") or packed_name(path)


def household_files(folder: Path) -> list[Path]:
    """The files of a folder that hold households, by their names, in path order: `.json` and `.jsonl`
    files (`.JSONL` too), and those compressed (`packed_name`) — in its partition folders too
    (`county=430524/part-00000.json.gz`, as Spark writes a table of JSON partitioned by county)."""
    found: list[Path] = []
    for p in folder.iterdir():
        if _partition(p):
            found.extend(household_files(p))
        elif _household_name(p) and p.is_file():
            found.append(p)
    return sorted(found)


def _partition(path: Path) -> bool:
    """Whether an entry is a partition folder of a table, as Hive and Spark name them (`county=430524`)."""
    return "=" in path.name and not path.name.startswith((".", "_")) and path.is_dir()


def unread_note(folder: Path) -> Said | None:
    """What a folder read for its household files holds besides them (other files, folders; in its partition
    folders too), said so that nothing is passed over without a word; hidden entries, `_SUCCESS` markers and
    the folder's own notes (`README.md`) are not named."""
    others = sorted(_unread(folder, ""))
    if not others:
        return None
    return Said(f"{folder} also holds {len(others):,} {'entry' if len(others) == 1 else 'entries'} not read (only "
                f".json and .jsonl files, compressed or not, are): {first_names(others)}",
                f"{folder} 中另有 {len(others):,} 项未读取（只读取 .json 和 .jsonl 文件，压缩与否均可）："
                f"{first_names(others, 'zh')}")


def _unread(folder: Path, within: str) -> Iterator[str]:
    for p in folder.iterdir():
        if p.name.startswith((".", "_")) or p.suffix.lower() == ".md" or (_household_name(p) and p.is_file()):
            continue
        if _partition(p):
            yield from _unread(p, f"{within}{p.name}/")
        else:
            yield f"{within}{p.name}/" if p.is_dir() else f"{within}{p.name}"


def first_names(names: list[str], lang: str = "en") -> str:
    """`a/, b.csv, c.txt and 4 more` (zh: `a/、b.csv、c.txt，另有 4 项`): the first three of a folder's entries, and
    how many others."""
    more = len(names) - 3
    if lang == "zh":
        return "、".join(names[:3]) + (f"，另有 {more:,} 项" if more > 0 else "")
    return ", ".join(names[:3]) + (f" and {more:,} more" if more > 0 else "")


def compressed(raw: bytes, source: str) -> Diagnostic | None:
    """The finding (H001) for household input that is a compressed file, with the command that decompresses it."""
    packed = compression_of(raw)
    if packed is None:
        return None
    kind, beside, piped = packed
    fix = f"`{piped} FILE | …`" if source.startswith("<") else f"`{beside} {source}`"
    return Diagnostic.said("H001", Said(f"this is {kind}-compressed, not JSON", f"这是 {kind} 压缩文件，不是 JSON"),
                           None, source_file=source, help=Said(f"decompress it first: {fix}", f"请先解压：{fix}"))


def other_format(raw: bytes, name: str, source: str, reader: str, reads: Said,
                 table_help: Said | None = None) -> Diagnostic | None:
    """H001 for input that `reader` (a command: `policy eval`, which `reads` household JSON) cannot read, said for
    what it is rather than as JSON that fails at its first byte: a spreadsheet (by its name: an Excel workbook
    is also a zip archive), a Parquet file (by its first bytes) or a CSV file (by its name). `table_help` says
    what to do with a table (else: decide it with `policy batch`)."""
    suffix = Path(name).suffix.lower()
    kind = spreadsheet(name)
    if kind is not None:
        said = Said(f"this is {kind.en}, not JSON", chinese_joined("这是", kind.zh, "，不是 JSON"))
        return Diagnostic.said("H001", said, None, source_file=source,
                               help=Said("export the households from it as JSON, or JSON Lines (one household a "
                                         "line): docs/formats.md shows the fields",
                                         "请从中把家庭导出为 JSON 或 JSON Lines（每行一户）：字段见 docs/formats.md"))
    table = "Parquet" if raw.startswith(b"PAR1") else "CSV" if suffix == ".csv" else None
    if table is None:
        return None
    if table_help is None:
        given = name if table == "Parquet" else str(Path(name).parent)
        table_help = Said(f"decide its households with `policy batch {given} -o decisions.jsonl`",
                          f"请用 `policy batch {given} -o decisions.jsonl` 判定其中的家庭")
    return Diagnostic.said("H001", Said(f"this is a {table} file; `{reader}` reads {reads.en}",
                                        chinese_joined(f"这是 {table} 文件；`{reader}` 读取", reads.zh)), None,
                           source_file=source, help=table_help)


def household_text(raw: bytes, source: str) -> str:
    """Household input as text; a file that is not UTF-8 is H001, which names a compressed file as such."""
    try:
        return raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise HouseholdError([compressed(raw, source) or Diagnostic.said(
            "H001", Said(f"byte {error.start} is not UTF-8 text", f"第 {error.start} 个字节不是 UTF-8 文本"), None,
            source_file=source, help=utf8_said(raw, source))]) from None


def utf8_said(raw: bytes, source: str) -> Said:
    """How to make text UTF-8: the `iconv` command when it starts with the mark of UTF-16 (as Excel saves
    "Unicode Text") or reads as GB18030 (GBK), the encoding Chinese Windows and its spreadsheets save in; else
    to save it as UTF-8."""
    path = source.rsplit(":", 1)[0] if source.rsplit(":", 1)[-1].isdigit() else source
    if raw.startswith(UTF16_MARKS):
        fix = _iconv("UTF-16", path)
        return Said(f"the text is UTF-16, as Excel saves \"Unicode Text\": convert it to UTF-8, e.g. `{fix}`",
                    f"文本是 UTF-16 编码，Excel 另存为“Unicode 文本”时即是如此：请转换为 UTF-8，例如 `{fix}`")
    try:
        chinese = CJK.search(raw.decode("gb18030")) is not None
    except UnicodeDecodeError:
        chinese = False
    if not chinese:
        return Said("save the file as UTF-8", "请把文件另存为 UTF-8 编码")
    fix = _iconv("GB18030", path)
    if path.lower().endswith(".csv"):  # a spreadsheet's export: saved again from the spreadsheet, where it is made
        return Said("the text is GBK (GB18030), as Excel and WPS save CSV on Chinese Windows: save it again as "
                    f"“CSV UTF-8 (Comma delimited)”, or convert it: `{fix}`",
                    "文本是 GBK（GB18030）编码，中文 Windows 上的 Excel、WPS 保存 CSV 时默认如此：请另存为"
                    f"“CSV UTF-8（逗号分隔）”，或转换为 UTF-8：`{fix}`")
    return Said(f"the text is GBK (GB18030), as Chinese Windows saves it: convert it to UTF-8, e.g. `{fix}`",
                f"文本是 GBK（GB18030）编码，中文 Windows 默认如此保存：请转换为 UTF-8，例如 `{fix}`")


def _iconv(encoding: str, path: str) -> str:
    """The command that converts text of `encoding` in `path` (a pipe for standard input: `<stdin>`) to UTF-8."""
    convert = f"iconv -f {encoding} -t UTF-8"
    return f"{convert} | …" if path.startswith("<") else f"{convert} {path} > utf8-copy"


UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # the byte-order marks UTF-16 text starts with


def read_json(text: str, source: str, at: tuple[str, int] | None = None) -> Any:
    """Parse JSON exactly: decimals stay decimals; NaN, Infinity and duplicate keys are errors.

    `at` is the file the text is in and the line it starts on (a line of JSON Lines starts on its own):
    where it is given, a syntax error is placed at its line and column in that file."""
    text = text.lstrip("\ufeff")
    try:
        return json.loads(text, parse_float=_exact_number, parse_constant=_reject_constant,
                          object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        other = other_kind(text, source)
        if other is not None:
            raise HouseholdError([other]) from None
        if not text.strip():
            raise HouseholdError([Diagnostic.said(
                "H001", Said("the file is empty", "文件是空的"), None, source_file=source,
                help=Said(f"a household file holds one JSON object, like {EXAMPLE}",
                          f"家庭文件应包含一个 JSON 对象，可参照 {EXAMPLE}"))]) from None
        why = json_reason(error.msg)
        fix = Said("check the brackets, commas and quotes near there", "请检查该处附近的括号、逗号和引号")
        file, first = at or (source, 1)
        line = first + error.lineno - 1
        start, end = error.colno, error.colno + 1
        slip = number_slip(text, error.pos)
        wide = _WIDE.get(text[error.pos]) if error.pos < len(text) else None
        if slip is not None:  # a number JSON cannot read: said as such, rather than as the token it expected
            start, end = error.colno - (error.pos - slip[0]), error.colno + (slip[1] - error.pos)
            why, fix = slip[2], slip[3]
        elif wide is not None:  # `"amount"：4000`, `“agriculture”`: punctuation typed with a Chinese input method
            mark = text[error.pos]
            quoted = re.match(r"[“”＂]([^“”＂\"\n]{1,40})[“”＂\"]", text[error.pos:]) if wide == '"' else None
            example = f"`\"{quoted.group(1)}\"`" if quoted else ""
            why = Said(f"`{mark}` is full-width (Chinese) punctuation", f"`{mark}` 是全角（中文）标点")
            fix = Said(f"write the half-width `{wide}`" + (f" ({example})" if example else "")
                       + ": JSON reads no other",
                       f"请改用半角的 `{wide}`" + (f"（{example}）" if example else "") + "：JSON 只认半角标点")
        raise HouseholdError([_not_json(Said(f"not valid JSON: {why.en}", f"不是有效的 JSON：{why.zh}"), fix,
                                        Span(file, line, start, line, end), source, at)]) from None
    except _Refused as error:
        found = JsonText(text, *(at or (source, 1))).spot(error.bare, error.key)
        raise HouseholdError([_not_json(error.message, error.help, found, source, at)]) from None
    except ValueError as error:  # what Python's reader itself refuses (an integer of thousands of digits)
        raise HouseholdError([Diagnostic.said("H001", Said(f"not valid JSON: {error}", f"不是有效的 JSON：{error}"),
                                              None, source_file=source)]) from None
    except RecursionError:
        raise HouseholdError([Diagnostic.said("H001", Said("the JSON is nested too deeply", "JSON 嵌套层数太多"),
                                              None, source_file=source)]) from None


_WIDE = {"：": ":", "，": ",", "“": '"', "”": '"', "＂": '"', "｛": "{", "｝": "}", "［": "[", "］": "]", "；": ","}


def _not_json(message: Said, help: Said, span: Span | None, source: str, at: tuple[str, int] | None) -> Diagnostic:
    """H001 at `span` when the text's place in its file is known (`at`); else the line and column are said."""
    if at is not None or span is None:
        return Diagnostic.said("H001", message, span, help=help, source_file=source)
    where = Said(f"line {span.line}, column {span.column}", f"第 {span.line} 行第 {span.column} 列")
    return Diagnostic.said("H001", Said(f"{message.en} ({where.en})", f"{message.zh}（{where.zh}）"), None,
                           help=help, source_file=source)


def household_id(data: Any) -> str | None:
    """The `id` of household data as read, before validation, when it is a text: what a bad record is reported
    under, and what `--household` picks by."""
    return data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def looks_like_household(data: Any) -> bool:
    """Whether data read from a file is a household (it has `members`), to say so when one is given where a
    policy or a file of test cases belongs rather than list every key it lacks."""
    return isinstance(data, dict) and "members" in data and "policy" not in data and "cases" not in data


def looks_like_decision(data: Any) -> bool:
    """Whether data is a decision — what `policy eval --format json` and `policy batch` write, with `household`
    and `categories` — rather than a household, to say so instead of listing every key a household lacks."""
    return isinstance(data, dict) and "household" in data and "categories" in data and "id" not in data


def decision_finding(source: str) -> Diagnostic:
    return Diagnostic.said(
        "H001", Said("this is a decision (what `policy eval --format json` and `policy batch` write), not a household",
                     "这是一个决定（`policy eval --format json` 和 `policy batch` 的输出），不是家庭"),
        None, source_file=source,
        help=Said(f"give the household it was made from; a household is a JSON file like {EXAMPLE}",
                  f"请给出做出该决定所依据的家庭；家庭是像 {EXAMPLE} 这样的 JSON 文件"))


_YAML_KIND = re.compile(r"^(?:policy|cases)[ \t]*:", re.MULTILINE)


def other_kind(text: str, source: str) -> Diagnostic | None:
    """When text that is not JSON is a policy or a file of test cases in YAML, the finding that says so.

    The YAML is parsed only when a line starts with `policy:` or `cases:`, which no JSON line does: a bad
    record of a batch costs one search of its text, no more."""
    if _YAML_KIND.search(text) is None:
        return None
    from engine.yamlsource import load_yaml

    try:
        doc = load_yaml(text.encode("utf-8"), source)
    except PolicyError:
        return None
    data = doc.data
    if not isinstance(data, dict):
        return None
    if "cases" in data:
        name = source if not source.startswith("<") else "FILE"
        return Diagnostic.said(
            "H001", Said("this is a file of test cases, not a household", "这是测试用例文件，不是家庭"),
            doc.span(("cases",), key=True), source_file=source,
            help=Said(f"run its cases with `policy test {name}`; a household is a JSON file like {EXAMPLE}",
                      f"用 `policy test {name}` 运行其中的用例；家庭是像 {EXAMPLE} 这样的 JSON 文件"))
    if isinstance(data.get("policy"), dict):
        return Diagnostic.said(
            "H001", Said("this is a policy, not a household", "这是政策文件，不是家庭"),
            doc.span(("policy",), key=True), source_file=source,
            help=Said(f"a household is a JSON file like {EXAMPLE}; to apply this policy, give it with --policy",
                      f"家庭是像 {EXAMPLE} 这样的 JSON 文件；要使用这份政策，请用 --policy 指定它"))
    return None


# -- the schema -------------------------------------------------------------------------


def _lines_schema(types: list[str], what: str) -> dict[str, Any]:
    return {
        "type": "array", "maxItems": MAX_LINES, "description": f"{what} lines over the last 12 months",
        "items": {"type": "object", "additionalProperties": False, "required": ["type", "amount"],
                  "properties": {"type": {"enum": types},
                                 "member": {"type": "string", "description": "the member it belongs to"},
                                 "amount": {"type": "number", "minimum": 0, "description": "yuan"}}},
    }


def household_schema(policy: Policy) -> dict[str, Any]:
    """The JSON Schema of a household file for this policy (`policy schema household`)."""
    members = policy.input_fields("member")
    member_schema = {
        "type": "object", "additionalProperties": False,
        "required": ["id", *[f.name for f in members if not f.has_default]],
        "properties": {"id": {"type": "string", "minLength": 1},
                       **{f.name: field_schema(f) for f in members}},
        **_given_with_schema(members),
    }
    groups: dict[str, dict[str, Any]] = {}
    for f in policy.input_fields("household"):
        group, name = f.name.split(".", 1)
        g = groups.setdefault(group, {"type": "object", "additionalProperties": False, "properties": {},
                                      "required": []})
        g["properties"][name] = field_schema(f)
        if not f.has_default:
            g["required"].append(name)
    for g in groups.values():
        if not g["required"]:
            del g["required"]
    pairs = _given_with_schema(policy.input_fields("household"))
    needed = [group for group, g in groups.items() if "required" in g]  # a group with a field that has no default
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"household for {policy.meta.id} {policy.meta.version}",
        "type": "object", "additionalProperties": False, "required": ["id", "members", *needed],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "date": {"type": "string", "format": "date", "description": "evaluation date (optional)"},
            "members": {"type": "array", "minItems": 1, "maxItems": MAX_MEMBERS, "items": member_schema},
            "income": _lines_schema(sorted(policy.income), "income"),
            "expenses": _lines_schema(sorted(policy.expenses), "expense"),
            **groups,
        },
        **pairs,
    }


def _given_with_schema(fields: list[InputField]) -> dict[str, Any]:
    """`allOf` with an `if`/`then` for each input given with others (`given_with`): whenever it holds a value, so
    must they. Of a member's inputs, for the schema of a member; of the household's, for the whole household's."""

    def holds(f: InputField, name: str) -> dict[str, Any]:
        group, _, key = name.partition(".") if f.level == "household" else ("", "", name)
        value = {"required": [key], "properties": {key: {"not": {"type": "null"}}}}
        return {"required": [group], "properties": {group: value}} if group else value

    rules = [{"if": holds(f, f.name), "then": {"allOf": [holds(f, other) for other in f.given_with]}}
             for f in fields if f.given_with]
    return {"allOf": rules} if rules else {}


@per_policy
def _validator(policy: Policy) -> jsonschema.Draft202012Validator:
    import jsonschema  # imported here: a household the quick route vouches for (`engine.intake`) needs none

    return jsonschema.Draft202012Validator(household_schema(policy), format_checker=jsonschema.FormatChecker())


# -- validation -------------------------------------------------------------------------


def json_path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or WHOLE_HOUSEHOLD


def _member_id(data: dict[str, Any], path: Any) -> str | None:
    """The id of the member a path goes through (`members[1]…`), when that member has one."""
    if len(path) < 2 or path[0] != "members" or type(path[1]) is not int:
        return None
    members = data.get("members")
    member = members[path[1]] if isinstance(members, list) and path[1] < len(members) else None
    mid = member.get("id") if isinstance(member, dict) else None
    return mid if isinstance(mid, str) and mid.strip() else None


def _exact(value: Any) -> Decimal:
    """A number as an exact decimal; a float (from a caller that parsed loosely) by its shortest text."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _digits_ok(value: Decimal) -> bool:
    return len(value.as_tuple().digits) <= MAX_DIGITS


def _convert(f: InputField, value: Any) -> Any:
    if value is None:
        return None
    if f.type == "date":
        return datetime.date.fromisoformat(value)
    if f.type in ("money", "integer", "number"):
        return _exact(value)
    return value


def own_date(data: Any) -> datetime.date | None:
    """A household's own `date`, read before validation to choose the policy in force: only a date the
    validator accepts (YYYY-MM-DD). Another form (`20240701`, which Python would also read) gives None, so
    the validator names it rather than a policy being chosen by it."""
    own = data.get("date") if isinstance(data, dict) else None
    if not isinstance(own, str) or ISO_DATE.fullmatch(own) is None:
        return None
    try:
        return datetime.date.fromisoformat(own)
    except ValueError:
        return None


def after_today(household: str, day: datetime.date, today: datetime.date) -> Said:
    """What is said of a household decided on a day after today: a typo in a year (2062 for 2026) ages every
    member and passes every policy's window without a word otherwise."""
    return Said(f"{household} is decided on {day.isoformat()}, after today ({today.isoformat()}): ages and the "
                "policy's window are taken on that day; if it is a typo, correct the household file's `date` or --date",
                f"{household} 的认定日期 {day.isoformat()} 晚于今天（{today.isoformat()}），"
                "年龄和政策施行期都按这一天计算；若是笔误，请改正家庭文件的 `date` 或 --date")


def validate_household(data: Any, policy: Policy, source: str = "household",
                       today: datetime.date | None = None, cells: bool = False) -> Household:
    """Validate household data against the policy; raise `HouseholdError` listing every problem (`cells`: the data
    was read from the cells of CSV tables, where the help says nothing of quotes)."""
    if not isinstance(data, dict):
        raise HouseholdError([Diagnostic.said(
            "H002", Said("a household is a JSON object `{…}`", "家庭应为一个 JSON 对象 `{…}`"), None,
            source_file=source)], places=[WHOLE])
    if looks_like_decision(data):
        raise HouseholdError([decision_finding(source)], places=[WHOLE])
    found: list[Diagnostic] = []
    places: list[Place | None] = []
    hid = data.get("id") if isinstance(data.get("id"), str) else None

    def add(code: str, path: Any, message: Said, hint: Said | None = None, key: str | None = None) -> None:
        """A finding about the value at `path`, or about its unknown `key`."""
        found.append(Diagnostic.said(code, message, None, help=hint, path=json_path(path), source_file=source,
                                     member=_member_id(data, path)))
        places.append(((*path, key), True) if key is not None else (tuple(path), False))

    oversized = [(key, limit) for key, limit in (("members", MAX_MEMBERS), ("income", MAX_LINES),
                                                  ("expenses", MAX_LINES))
                 if isinstance(data.get(key), list) and len(data[key]) > limit]
    if oversized:  # refuse at once: validating a million entries one by one would take minutes
        for key, limit in oversized:
            add("H002", [key], too_many(limit), SPLIT)
        raise _error_in_file_order(data, found, places, hid)
    members: list[Any] = data["members"] if isinstance(data.get("members"), list) else []
    member_ids = [m["id"] for m in members if isinstance(m, dict) and isinstance(m.get("id"), str)]
    for error in _validator(policy).iter_errors(data):
        if "allOf" in error.absolute_schema_path:  # an input given without one it is given with: H008, below
            continue
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
            for extra in (k for k in error.instance if k not in allowed):
                add("H002", error.absolute_path, *unknown_field(extra, allowed), key=extra)
            continue
        code, message, hint = schema_finding(error, policy, cells)
        if error.validator == "type" and _names_a_member(error.absolute_path):  # `"member": 1`
            hint = member_as_number(error.instance, member_ids) or hint
        add(code, error.absolute_path, message, hint)
    ids: dict[str, int] = {}
    for i, member in enumerate(members):
        if isinstance(member, dict) and isinstance(member.get("id"), str):
            if member["id"] in ids:
                en, zh = both(member["id"])
                first = f"members[{ids[member['id']]}]"
                add("H005", ["members", i, "id"], Said(f"member id {en} is used twice", f"成员编号 {zh} 用了两次"),
                    Said(f"{first} has the same id: give each member its own",
                         f"{first} 的编号与它相同：每名成员应有自己的编号"))
            ids.setdefault(member["id"], i)
            birth = member.get("birth_date")
            if today is not None and isinstance(birth, str):
                try:
                    born = datetime.date.fromisoformat(birth)
                except ValueError:
                    continue
                en, zh = both(birth)
                if born > today:
                    add("H006", ["members", i, "birth_date"],
                        Said(f"{en} is after the evaluation date {today.isoformat()}",
                             f"{zh} 晚于评估日期 {today.isoformat()}"),
                        Said("check the birth date, or the evaluation date (--date)",
                             "请核对出生日期，或评估日期（--date）"))
                elif born < earliest_birth(today):
                    add("H006", ["members", i, "birth_date"],
                        Said(f"{en} is more than {MAX_AGE} years before the evaluation date {today.isoformat()}",
                             f"{zh} 比评估日期 {today.isoformat()} 早了 {MAX_AGE} 年以上"),
                        Said("check the year of birth: no one is that old", "请核对出生年份：没有人有这么大的年纪"))
    for f, others in paired_inputs(policy):
        for at, holder in _holders(data, members, f):
            missing = [other for other in others if _given(holder, other) is None]
            if missing:
                add("H008", at, *given_without(f, missing))
    for section in ("income", "expenses"):
        lines: list[Any] = data[section] if isinstance(data.get(section), list) else []
        for i, line in enumerate(lines):
            if not isinstance(line, dict):
                continue
            member = line.get("member")
            if isinstance(member, str) and member not in ids:
                en, zh = both(member)
                known = ", ".join(ids)
                listed = (Said(f"known members: {known}", f"已有的成员：{known}") if ids else
                          Said("list the household's members under `members`", "请在 `members` 下列出家庭成员"))
                add("H004", [section, i, "member"], Said(f"no member has the id {en}", f"没有编号为 {zh} 的成员"),
                    meant(member, ids, any_case=True) or listed)  # `P3` for `p3` too: case is no meaning here
            amount = line.get("amount")
            if isinstance(amount, Decimal | int) and not isinstance(amount, bool):
                dec = Decimal(amount)
                if not _digits_ok(dec):
                    add("H002", [section, i, "amount"],
                        Said(f"{amount} has more than {MAX_DIGITS} digits", f"{amount} 超过 {MAX_DIGITS} 位数字"),
                        _TWO_DECIMALS)
                elif abs(dec) >= MAX_AMOUNT:
                    add("H002", [section, i, "amount"],
                        Said(f"{amount} is too large for an amount in yuan", f"{amount} 作为以元计的金额太大"),
                        Said("check the unit: amounts are yuan, not fen or ten-thousands",
                             "请核对单位：金额以元计，不是分，也不是万元"))
                elif int(dec.as_tuple().exponent) < -2:
                    add("H002", [section, i, "amount"],
                        Said(f"{amount} has more than two decimals", f"{amount} 超过两位小数"), _TWO_DECIMALS)
    assets = data.get("assets")
    if isinstance(assets, dict):
        for key, value in assets.items():
            if isinstance(value, Decimal | int) and not isinstance(value, bool) and (
                    not _digits_ok(Decimal(value)) or abs(Decimal(value)) >= MAX_AMOUNT):
                add("H002", ["assets", key], Said(f"{value} is too large or too precise", f"{value} 太大或位数太多"),
                    Said(f"give at most {MAX_DIGITS} digits and a realistic amount",
                         f"最多写 {MAX_DIGITS} 位数字，金额应符合实际"))
    if found:
        raise _error_in_file_order(data, found, places, hid)
    return _build(data, policy)


@per_policy
def paired_inputs(policy: Policy) -> list[tuple[InputField, list[InputField]]]:
    """Each input given with others (`given_with`), and those others."""
    return [(f, [policy.inputs[f"{f.level}:{other}"] for other in f.given_with])
            for f in policy.inputs.values() if f.given_with]


def _holders(data: dict[str, Any], members: list[Any], f: InputField) -> Iterator[tuple[list[str | int], Any]]:
    """Where an input is given a value (not null), with what holds it: each member that gives a member's input, or
    the household that gives a household input — as (the path of the value, the member or the household)."""
    if f.level == "member":
        for i, member in enumerate(members):
            if isinstance(member, dict) and member.get(f.name) is not None:
                yield ["members", i, f.name], member
    elif _given(data, f) is not None:
        yield list(f.name.partition(".")[::2]), data


def _given(holder: dict[str, Any], f: InputField) -> Any:
    """The value an input is given by a member (`holder`), or by the household: None when left out or null."""
    if f.level == "member":
        return holder.get(f.name)
    group, _, key = f.name.partition(".")
    section = holder.get(group)
    return section.get(key) if isinstance(section, dict) else None


def _names_a_member(path: Any) -> bool:
    """Whether a path is the `member` of an income or expense line (`income[0].member`)."""
    return len(path) == 3 and path[0] in ("income", "expenses") and path[2] == "member"


def _error_in_file_order(data: dict[str, Any], found: list[Diagnostic], places: list[Place | None],
                         household_id: str | None) -> HouseholdError:
    """The error of the findings, in the order of what they are about in the file. A map read from JSON keeps
    its keys in the order written (a duplicate key is refused), so the order of keys and items in `data` is
    the order of lines and columns in the text, and no text need be scanned. A map comes before what it
    holds (a missing key is placed on its `{`); findings about the same value keep the order found."""
    order = sorted(range(len(found)), key=lambda i: _position(data, places[i]))
    return HouseholdError([found[i] for i in order], household_id, [places[i] for i in order])


def _position(data: Any, place: Place | None) -> list[int]:
    """Where a place is among the keys and items of `data`: the index of each step of its path."""
    position: list[int] = []
    for step in place[0] if place is not None else ():
        if isinstance(data, dict) and step in data:
            position.append(list(data).index(step))
            data = data[step]
        elif isinstance(data, list) and type(step) is int and 0 <= step < len(data):
            position.append(step)
            data = data[step]
        else:  # not in the data (no such case is known): after what is
            position.append(len(data) if isinstance(data, dict | list) else 0)
            break
    return position


_TWO_DECIMALS = Said("amounts are yuan with at most two decimals", "金额以元计，最多两位小数")


def _build(data: dict[str, Any], policy: Policy) -> Household:
    fields: dict[str, Any] = {}
    defaulted: list[str] = []
    for f in policy.input_fields("household"):
        group, name = f.name.split(".", 1)
        section = data.get(group) or {}
        if name not in section:
            defaulted.append(f.name)
        fields[f.name] = _convert(f, section.get(name, f.default))
    member_fields = policy.input_fields("member")
    members = tuple(
        Member(m["id"], {f.name: _convert(f, m.get(f.name, f.default)) for f in member_fields},
               frozenset(f.name for f in member_fields if f.name not in m))
        for m in data["members"])

    def lines(section: str) -> tuple[Line, ...]:
        return tuple(Line(x["type"], x.get("member"), _exact(x["amount"])) for x in data.get(section) or [])

    date = datetime.date.fromisoformat(data["date"]) if data.get("date") else None
    return Household(data["id"], date, fields, members, lines("income"), lines("expenses"), frozenset(defaulted))
