"""Household JSON → validated `Household`, against a schema generated from the policy.

Input: household data (DESIGN §6, a contract) and the policy whose `inputs`,
`income` and `expenses` say which fields and types exist. Output: a frozen
`Household` with exact decimals and dates, defaults filled in — or
`HouseholdError` carrying every problem at once, each named by its JSON path;
given the text the household was read from, `HouseholdError.located` adds the
line and column of each (the text is scanned only then, never for a valid household).
Invariant: no float ever reaches a `Household`; NaN, Infinity and duplicate keys
are refused when the JSON is read; a policy or a file of test cases read as a
household is said to be one, not reported as broken JSON.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema

from engine import limits
from engine.checker import suggest
from engine.diagnostics import Diagnostic, PolicyError, Span
from engine.inputs import field_schema
from engine.jsonsource import JsonText
from engine.model import InputField, Policy, per_policy
from engine.syntax import chinese
from engine.syntax.errors import THOUSANDS, separators_removed
from engine.values import plain_number

MAX_MEMBERS = limits.MAX_MEMBERS
MAX_LINES = limits.MAX_LINES
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


# Where in a household's JSON a finding is: the path of the value, and whether the finding is about the key
# that names it (an unknown key) rather than the value.
Place = tuple[tuple[str | int, ...], bool]


class HouseholdError(Exception):
    def __init__(self, diagnostics: list[Diagnostic], household_id: str | None = None,
                 places: list[Place | None] | None = None):
        self.diagnostics = diagnostics
        self.household_id = household_id
        self.places = places if places is not None else [None] * len(diagnostics)  # one for each diagnostic
        super().__init__("; ".join(d.message for d in diagnostics))

    def located(self, text: JsonText, within: tuple[int, ...] = ()) -> list[Diagnostic]:
        """The findings, each at the span in `text` of the value or key it is about; `within` is where the
        household is in that text (its index in a list of households)."""
        return [d if place is None or (span := text.span((*within, *place[0]), key=place[1])) is None
                else dataclasses.replace(d, span=span)
                for d, place in zip(self.diagnostics, self.places, strict=True)]


# -- reading JSON -----------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows; give a real amount")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _exact_number(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:  # an exponent beyond what any decimal can hold
        value = Decimal("1e999")
    if abs(value.adjusted()) > 30:
        raise ValueError(f"the number {text[:40]} is out of any sensible range")
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


def unread_note(folder: Path) -> str | None:
    """What a folder read for its household files holds besides them (other files, folders; in its partition
    folders too), said so that nothing is passed over without a word; hidden entries, `_SUCCESS` markers and
    the folder's own notes (`README.md`) are not named."""
    others = sorted(_unread(folder, ""))
    if not others:
        return None
    return (f"{folder} also holds {len(others):,} {'entry' if len(others) == 1 else 'entries'} not read (only "
            f".json and .jsonl files, compressed or not, are): {first_names(others)}")


def _unread(folder: Path, within: str) -> Iterator[str]:
    for p in folder.iterdir():
        if p.name.startswith((".", "_")) or p.suffix.lower() == ".md" or (_household_name(p) and p.is_file()):
            continue
        if _partition(p):
            yield from _unread(p, f"{within}{p.name}/")
        else:
            yield f"{within}{p.name}/" if p.is_dir() else f"{within}{p.name}"


def first_names(names: list[str]) -> str:
    """`a/, b.csv, c.txt and 4 more`: the first three of a folder's entries, and how many others."""
    return ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")


def compressed(raw: bytes, source: str) -> Diagnostic | None:
    """The finding (H001) for household input that is a compressed file, with the command that decompresses it."""
    packed = compression_of(raw)
    if packed is None:
        return None
    kind, beside, piped = packed
    fix = f"`{piped} FILE | …`" if source.startswith("<") else f"`{beside} {source}`"
    return Diagnostic("H001", f"this is {kind}-compressed, not JSON", None, source_file=source,
                      help=f"decompress it first: {fix}")


def household_text(raw: bytes, source: str) -> str:
    """Household input as text; a file that is not UTF-8 is H001, which names a compressed file as such."""
    try:
        return raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise HouseholdError([compressed(raw, source) or Diagnostic(
            "H001", f"byte {error.start} is not UTF-8 text", None, source_file=source,
            help=utf8_help(raw, source))]) from None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def utf8_help(raw: bytes, source: str) -> str:
    """How to make text UTF-8: the `iconv` command when it reads as GB18030 (GBK), the encoding Chinese
    Windows and its spreadsheets save in; else to save it as UTF-8."""
    try:
        chinese = _CJK.search(raw.decode("gb18030")) is not None
    except UnicodeDecodeError:
        chinese = False
    if not chinese:
        return "save the file as UTF-8"
    path = source.rsplit(":", 1)[0] if source.rsplit(":", 1)[-1].isdigit() else source
    fix = "iconv -f GB18030 -t UTF-8 | …" if path.startswith("<") else f"iconv -f GB18030 -t UTF-8 {path} > utf8-copy"
    return f"the text is GBK (GB18030), as Chinese Windows saves it: convert it to UTF-8, e.g. `{fix}`"


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
        help = "check the brackets, commas and quotes near there"
        if at is not None:
            line = at[1] + error.lineno - 1
            span = Span(at[0], line, error.colno, line, error.colno + 1)
            raise HouseholdError([Diagnostic("H001", f"not valid JSON: {error.msg.lower()}", span,
                                             help=help)]) from None
        raise HouseholdError([Diagnostic(
            "H001", f"not valid JSON: {error.msg.lower()} (line {error.lineno}, column {error.colno})",
            None, path=None, source_file=source, help=help)]) from None
    except ValueError as error:
        raise HouseholdError([Diagnostic("H001", f"not valid JSON: {error}", None, source_file=source)]) from None
    except RecursionError:
        raise HouseholdError([Diagnostic("H001", "the JSON is nested too deeply", None,
                                         source_file=source)]) from None


def looks_like_household(data: Any) -> bool:
    """Whether data read from a file is a household (it has `members`), to say so when one is given where a
    policy or a file of test cases belongs rather than list every key it lacks."""
    return isinstance(data, dict) and "members" in data and "policy" not in data and "cases" not in data


def looks_like_decision(data: Any) -> bool:
    """Whether data is a decision — what `policy eval --format json` and `policy batch` write, with `household`
    and `categories` — rather than a household, to say so instead of listing every key a household lacks."""
    return isinstance(data, dict) and "household" in data and "categories" in data and "id" not in data


def decision_finding(source: str) -> Diagnostic:
    return Diagnostic("H001", "this is a decision (what `policy eval --format json` and `policy batch` write), "
                      "not a household", None, source_file=source,
                      help=f"give the household it was made from; a household is a JSON file like {EXAMPLE}")


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
        return Diagnostic("H001", "this is a file of test cases, not a household", doc.span(("cases",), key=True),
                          source_file=source, help=f"run its cases with `policy test {name}`; a household is a "
                                                   f"JSON file like {EXAMPLE}")
    if isinstance(data.get("policy"), dict):
        return Diagnostic("H001", "this is a policy, not a household", doc.span(("policy",), key=True),
                          source_file=source, help=f"a household is a JSON file like {EXAMPLE}; to apply this "
                                                   "policy, give it with --policy")
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
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"household for {policy.meta.id} {policy.meta.version}",
        "type": "object", "additionalProperties": False, "required": ["id", "members"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "date": {"type": "string", "format": "date", "description": "evaluation date (optional)"},
            "members": {"type": "array", "minItems": 1, "maxItems": MAX_MEMBERS, "items": member_schema},
            "income": _lines_schema(sorted(policy.income), "income"),
            "expenses": _lines_schema(sorted(policy.expenses), "expense"),
            **groups,
        },
    }


@per_policy
def _validator(policy: Policy) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(household_schema(policy), format_checker=jsonschema.FormatChecker())


# -- validation -------------------------------------------------------------------------


def json_path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(the household)"


def _member_id(data: dict[str, Any], path: Any) -> str | None:
    """The id of the member a path goes through (`members[1]…`), when that member has one."""
    if len(path) < 2 or path[0] != "members" or type(path[1]) is not int:
        return None
    members = data.get("members")
    member = members[path[1]] if isinstance(members, list) and path[1] < len(members) else None
    mid = member.get("id") if isinstance(member, dict) else None
    return mid if isinstance(mid, str) and mid.strip() else None


def _show(value: Any) -> str:
    if isinstance(value, str):
        if len(value) > 60:
            return json.dumps(value[:40], ensure_ascii=False)[:-1] + f'…" ({len(value):,} characters)'
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict | list):
        return "a " + ("map" if isinstance(value, dict) else "list")
    return json.dumps(value, default=str)


def _message(error: jsonschema.ValidationError, policy: Policy) -> tuple[str, str, str | None]:
    path = list(error.absolute_path)
    v, value = error.validator, error.instance
    if v == "required":
        missing = error.message.split("'")[1]
        return "H002", f"`{missing}` is missing", None
    if v == "enum" and len(path) >= 2 and path[0] in ("income", "expenses") and path[-1] == "type":
        table = policy.income if path[0] == "income" else policy.expenses
        what = "an income" if path[0] == "income" else "an expense"
        return ("H003", f"{_show(value)} is not {what} type of this policy",
                _value_for_label(value, {t.label.zh: name for name, t in table.items() if t.label.zh})
                or "known types: " + ", ".join(table))
    if v == "enum":
        values: list[Any] = list(error.validator_value)  # type: ignore[arg-type]
        choices = ", ".join(_show(x) for x in values)
        return ("H002", f"{_show(value)} is not one of the allowed values",
                _value_for_label(value, _value_labels(policy, path)) or f"use one of {choices}")
    if v == "format":
        return "H002", f"{_show(value)} is not a date (YYYY-MM-DD)", date_help(value)
    if v == "type" and isinstance(error.schema, dict) and error.schema.get("format") == "date":
        return "H002", f"{_show(value)} is not a date (YYYY-MM-DD)", date_help(value)
    if v == "type":
        expected: list[str] = list(error.validator_value) if isinstance(error.validator_value, list) else [
            str(error.validator_value)]
        words = {"number": "a number", "integer": "a whole number", "string": "a text", "boolean": "true or false",
                 "object": "a map", "array": "a list", "null": "null"}
        return ("H002", f"{_show(value)} is not " + " or ".join(words.get(e, e) for e in expected),
                _number_help(value, money="number" in expected) if {"number", "integer"} & set(expected) else
                _yes_no_help(value) if "boolean" in expected else
                _text_help(value) if "string" in expected else None)
    if v == "minimum":
        if path and path[-1] == "amount":
            return "H002", f"amount {value} is negative", "give the amount as a positive number of yuan"
        return "H002", f"{value} is below the minimum {error.validator_value}", None
    if v == "maximum":
        return "H002", f"{value} is above the maximum {error.validator_value}", None
    if v == "minItems":
        return "H002", "the household has no members", "list at least one member"
    if v == "maxItems":
        return "H002", f"more than {error.validator_value} entries", "split the file or check it was exported correctly"
    if v == "minLength":
        return "H002", "must not be empty", None
    return "H002", error.message, None


def _value_labels(policy: Policy, path: list[Any]) -> dict[str, str]:
    """The Chinese label of each value of the enum field at `path` (`{"男": "male", …}`)."""
    if len(path) == 3 and path[0] == "members":
        key = f"member:{path[2]}"
    elif len(path) == 2:
        key = f"household:{path[0]}.{path[1]}"
    else:
        return {}
    field = policy.inputs.get(key)
    return {label.zh: value for value, label in field.value_labels if label.zh} if field is not None else {}


def _value_for_label(value: Any, labels: Mapping[str, str]) -> str | None:
    """The value to write for a Chinese word that is the label of one value, or is in one value's label only:
    `"工资"` is in 工资性收入（扣减就业成本）, so `` write `"wage"` (工资性收入（扣减就业成本）) ``."""
    if not isinstance(value, str) or _CJK.search(value) is None:
        return None
    found = chinese.name_for_label(value.strip(), labels, unique=True)
    return f'write `"{found[0]}"` ({found[1]})' if found is not None else None


def _number_help(value: Any, money: bool = False) -> str | None:
    """The fix for a number written as a text: `"12,000"` or `"12000"`; for money also `3000元`, `1.2万`."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if THOUSANDS.fullmatch(text):
        return f"write `{separators_removed(text)}`: no thousands separator, and without quotes"
    if _PLAIN_NUMBER.fullmatch(text):
        return f"write `{text}` without quotes"
    unit = _WITH_UNIT.fullmatch(text) if money else None
    if unit is not None:  # 3000元, ¥3000, 1.2万: the amount in yuan, as a number
        number = Decimal(separators_removed(unit.group(1) or unit.group(3)))
        if unit.group(2) == "万" or unit.group(4) == "万":
            number *= 10000
        return f"write the amount in yuan as a number: `{plain_number(number)}`"
    return None


def _yes_no_help(value: Any) -> str | None:
    """The fix for a yes or no written as a word or a number: `是`, `Y`, `1`."""
    if isinstance(value, str):
        word: str | int = value.strip().lower()
    elif type(value) is int:
        word = value
    else:
        return None
    if word in _YES or word in _NO:
        quoted = " (without quotes)" if isinstance(value, str) else ""
        return f"write `{'true' if word in _YES else 'false'}`{quoted}"
    return None


def _text_help(value: Any) -> str | None:
    """The fix for a number where a text belongs, such as an id written `123`: the same, in quotes."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return _in_quotes(str(value))


def _in_quotes(written: str) -> str:
    return f'write `"{written}"`, a text in quotes'


_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_AMOUNT = r"(\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_WITH_UNIT = re.compile(rf"[¥￥]\s*{_AMOUNT}\s*(万)?\s*(?:元)?|{_AMOUNT}\s*(万)?\s*(?:元|yuan|RMB)?", re.IGNORECASE)
_YES = {"是", "有", "y", "yes", "true", "t", "1", 1, "对"}
_NO = {"否", "无", "没有", "n", "no", "false", "f", "0", 0, "不"}


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


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_OTHER_DATE = re.compile(r"([0-9]{4})(?:[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?|([0-9]{2})([0-9]{2}))")


def date_help(value: Any, quotes: bool = True) -> str | None:
    """The date as YYYY-MM-DD (how households and policies write dates), when `value` is a date in another
    common form: `20240701`, `2024/7/1`, `2024年7月1日`, a spreadsheet's day number (`45292`); or what is wrong
    with one in that form that does not exist (`2026-02-30`). `quotes`: a date given as a number is written
    in quotes (JSON; YAML reads a date without them)."""
    text = str(value) if type(value) is int else value.strip() if isinstance(value, str) else ""
    if _DAY_NUMBER.fullmatch(text):
        return _day_number_help(int(text), exported=quotes)
    if _ISO_DATE.fullmatch(text):
        from engine.syntax.parser import date_help as real_date_help

        return real_date_help(text)
    found = _OTHER_DATE.fullmatch(text)
    if found is None:
        return None
    year, month, day = found.group(1), found.group(2) or found.group(4), found.group(3) or found.group(5)
    try:
        written = datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
    return f"write `{written}`" if isinstance(value, str) or not quotes else _in_quotes(written)


_DAY_NUMBER = re.compile(r"[0-9]{4,5}")
_SPREADSHEET_DAY_ZERO = datetime.date(1899, 12, 30)  # day 1 is 1900-01-01, counting the 29th of February 1900


def _day_number_help(number: int, exported: bool) -> str | None:
    """A year alone, or the day number a spreadsheet shows for a date cell not formatted as a date (in data
    `exported` from one, or copied into a policy file)."""
    if 1900 <= number <= 2100:
        return "a year alone is not a date: write the whole date as YYYY-MM-DD"
    if 2100 < number <= 73050:  # up to 2099-12-31
        day = (_SPREADSHEET_DAY_ZERO + datetime.timedelta(days=number)).isoformat()
        if exported:
            return (f"if this is a spreadsheet's day number, the date is `{day}`: format the column as a date "
                    "(YYYY-MM-DD) before exporting")
        return f"if this is a spreadsheet's day number, write the date it stands for: `{day}`"
    return None


def own_date(data: Any) -> datetime.date | None:
    """A household's own `date`, read before validation to choose the policy in force: only a date the
    validator accepts (YYYY-MM-DD). Another form (`20240701`, which Python would also read) gives None, so
    the validator names it rather than a policy being chosen by it."""
    own = data.get("date") if isinstance(data, dict) else None
    if not isinstance(own, str) or _ISO_DATE.fullmatch(own) is None:
        return None
    try:
        return datetime.date.fromisoformat(own)
    except ValueError:
        return None


def validate_household(data: Any, policy: Policy, source: str = "household",
                       today: datetime.date | None = None) -> Household:
    """Validate household data against the policy; raise `HouseholdError` listing every problem."""
    if not isinstance(data, dict):
        raise HouseholdError([Diagnostic("H002", "a household is a JSON object `{…}`", None,
                                         source_file=source)])
    if looks_like_decision(data):
        raise HouseholdError([decision_finding(source)])
    found: list[Diagnostic] = []
    places: list[Place | None] = []
    hid = data.get("id") if isinstance(data.get("id"), str) else None

    def add(code: str, path: Any, message: str, hint: str | None = None, key: str | None = None) -> None:
        """A finding about the value at `path`, or about its unknown `key`."""
        found.append(Diagnostic(code, message, None, help=hint, path=json_path(path), source_file=source,
                                member=_member_id(data, path)))
        places.append(((*path, key), True) if key is not None else (tuple(path), False))

    oversized = [(key, limit) for key, limit in (("members", MAX_MEMBERS), ("income", MAX_LINES),
                                                  ("expenses", MAX_LINES))
                 if isinstance(data.get(key), list) and len(data[key]) > limit]
    if oversized:  # refuse at once: validating a million entries one by one would take minutes
        for key, limit in oversized:
            add("H002", [key], f"more than {limit} entries", "split the file or check it was exported correctly")
        raise HouseholdError(found, hid, places)
    for error in sorted(_validator(policy).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
            for extra in (k for k in error.instance if k not in allowed):
                add("H002", error.absolute_path, f"unknown field `{extra}`",
                    suggest(extra, allowed) or "allowed: " + ", ".join(allowed), key=extra)
            continue
        code, message, hint = _message(error, policy)
        add(code, error.absolute_path, message, hint)
    members: list[Any] = data["members"] if isinstance(data.get("members"), list) else []
    ids: dict[str, int] = {}
    for i, member in enumerate(members):
        if isinstance(member, dict) and isinstance(member.get("id"), str):
            if member["id"] in ids:
                add("H005", ["members", i, "id"], f"member id {_show(member['id'])} is used twice",
                    f"members[{ids[member['id']]}] has the same id: give each member its own")
            ids.setdefault(member["id"], i)
            birth = member.get("birth_date")
            if today is not None and isinstance(birth, str):
                try:
                    if datetime.date.fromisoformat(birth) > today:
                        add("H006", ["members", i, "birth_date"],
                            f"{_show(birth)} is after the evaluation date {today.isoformat()}",
                            "check the birth date, or the evaluation date (--date)")
                except ValueError:
                    pass
    for section in ("income", "expenses"):
        lines: list[Any] = data[section] if isinstance(data.get(section), list) else []
        for i, line in enumerate(lines):
            if not isinstance(line, dict):
                continue
            member = line.get("member")
            if isinstance(member, str) and member not in ids:
                add("H004", [section, i, "member"], f"no member has the id {_show(member)}",
                    suggest(member, ids) or (f"known members: {', '.join(ids)}" if ids
                                             else "list the household's members under `members`"))
            amount = line.get("amount")
            if isinstance(amount, Decimal | int) and not isinstance(amount, bool):
                dec = Decimal(amount)
                if not _digits_ok(dec):
                    add("H002", [section, i, "amount"], f"{amount} has more than {MAX_DIGITS} digits",
                        "amounts are yuan with at most two decimals")
                elif abs(dec) >= MAX_AMOUNT:
                    add("H002", [section, i, "amount"], f"{amount} is too large for an amount in yuan",
                        "check the unit: amounts are yuan, not fen or ten-thousands")
                elif int(dec.as_tuple().exponent) < -2:
                    add("H002", [section, i, "amount"], f"{amount} has more than two decimals",
                        "amounts are yuan with at most two decimals")
    assets = data.get("assets")
    if isinstance(assets, dict):
        for key, value in assets.items():
            if isinstance(value, Decimal | int) and not isinstance(value, bool) and (
                    not _digits_ok(Decimal(value)) or abs(Decimal(value)) >= MAX_AMOUNT):
                add("H002", ["assets", key], f"{value} is too large or too precise",
                    f"give at most {MAX_DIGITS} digits and a realistic amount")
    if found:
        raise HouseholdError(found, hid, places)
    return _build(data, policy)


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
