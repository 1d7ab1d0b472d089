"""Household JSON → validated `Household`, against a schema generated from the policy.

Input: household data (DESIGN §6, a contract) and the policy whose `inputs`,
`income` and `expenses` say which fields and types exist. Output: a frozen
`Household` with exact decimals and dates, defaults filled in — or
`HouseholdError` carrying every problem at once, each named by its JSON path, in
the order of the file; given the text the household was read from, `HouseholdError.located` adds the
line and column of each (the text is scanned only then, never for a valid household).
Invariant: no float ever reaches a `Household` (`household_input` reads the JSON
exactly: NaN, Infinity and duplicate keys are refused); a decision given as a
household is said to be one, not reported as a household that lacks every field.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, Protocol

from engine import limits
from engine.date_words import iso_date, not_a_date
from engine.diagnostics import WHOLE_HOUSEHOLD, Diagnostic, Said, Span, id_shown
from engine.household_words import (
    HOUSEHOLD_WORDS,
    ID_AS_TEXT,
    LINE_WORDS,
    SCIENTIFIC,
    SPLIT,
    both,
    field_meant,
    gbk_read_as_latin1,
    gbk_read_as_utf8,
    given_without,
    line_period,
    lost_digits,
    meant,
    member_as_number,
    missing_key,
    schema_finding,
    scientific,
    show,
    too_many,
    unknown_field,
)
from engine.inputs import field_schema
from engine.model import InputField, Policy, per_policy
from engine.values import in_quotes

if TYPE_CHECKING:
    import jsonschema

MAX_MEMBERS = limits.MAX_MEMBERS
MAX_LINES = limits.MAX_LINES
_SHOWN_ID = 60  # the longest id a help lists whole (`show` cuts a longer one)
MAX_AGE = limits.MAX_AGE
MAX_DIGITS = 18
MAX_EXPONENT = 30  # a number's place beyond 10**±30 is out of any sensible range (the JSON reader's)
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


# the forms households are read from: JSON (JSON Lines, JSON files), CSV tables, Parquet
ReadFrom = Literal["json", "csv", "parquet"]


@dataclass(frozen=True)
class Household:
    id: str
    date: datetime.date | None
    fields: Mapping[str, Any]  # dotted household fields: "assets.deposits"
    members: tuple[Member, ...]
    income: tuple[Line, ...]
    expenses: tuple[Line, ...]
    defaulted: frozenset[str] = frozenset()  # the household fields not given, whose policy default was used
    # the form it was read from, which tells how a control character came into a text (what H016 says of one,
    # `engine.doubts`): from an escape of JSON (`\n`); typed into a cell of CSV tables, which keeps a backslash as
    # it is; as the program that wrote a Parquet file gave it
    read_from: ReadFrom = field(default="json", compare=False)


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
        found = [d if place is None or (span := text.span((*within, *place[0]), key=place[1])) is None
                 else dataclasses.replace(d, span=span)
                 for d, place in zip(self.diagnostics, self.places, strict=True)]
        return [d if d.names is None or (named := text.span((*within, *d.names))) is None else _with_line(d, named.line)
                for d in found]


def _with_line(d: Diagnostic, line: int) -> Diagnostic:
    """A finding whose help ends naming another field (`Diagnostic.names`), with that field's line."""
    zh = (d.zh[0], f"{d.zh[1]}（第 {line} 行）" if d.zh[1] else d.zh[1]) if d.zh is not None else None
    return dataclasses.replace(d, help=f"{d.help} on line {line}" if d.help else d.help, zh=zh)


# -- what the data read is -------------------------------------------------------------


def household_id(data: Any) -> str | None:
    """The `id` of household data as read, before validation, when it is a text: what a bad record is reported
    under, and what `--household` picks by."""
    return data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def bad_record_id(error: HouseholdError, data: Any) -> str | None:
    """The id a bad record is reported under: the one its reader found, else the `id` of its data as read — none
    when the record itself could not be read (H001), whose id cannot be trusted."""
    if error.household_id is not None:
        return error.household_id
    if any(d.code == "H001" for d in error.diagnostics):
        return None
    return household_id(data)


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

    exact = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"minimum": _at_least, "maximum": _at_most})
    return exact(household_schema(policy), format_checker=jsonschema.FormatChecker())


def _at_least(validator: Any, minimum: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """JSON Schema's `minimum`, with the value and the bound compared as the decimals they are written as: the
    schema holds a bound of 0.1 as a float, a hair above a tenth, and compared as they are, a household's exact
    `0.1` was below the minimum 0.1."""
    if validator.is_type(instance, "number") and _finite(instance) and _exact(instance) < _exact(minimum):
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} is less than the minimum of {minimum!r}")


def _finite(value: Any) -> bool:
    """Whether a number is finite: one that is not (NaN, infinity) is `unheld_number`'s to word."""
    return _exact(value).is_finite()


def _at_most(validator: Any, maximum: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """JSON Schema's `maximum`, compared as `_at_least` compares."""
    if validator.is_type(instance, "number") and _finite(instance) and _exact(instance) > _exact(maximum):
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} is greater than the maximum of {maximum!r}")


# -- validation -------------------------------------------------------------------------


@per_policy
def _labels_of_fields(policy: Policy) -> dict[tuple[str | int, ...], dict[str, str]]:
    """The Chinese label of each field a household's objects hold, with the field's name, by the object: `members`
    for a member's, the group for a group of household inputs (`assets`: `家庭存款及有价证券` → `deposits`); the
    household's own fields and a line's in the format's words (`HOUSEHOLD_WORDS`, `LINE_WORDS`)."""
    from engine.syntax.chinese import by_zh_label

    by_object: dict[tuple[str, ...], list[tuple[str, Any]]] = {("members",): []}
    for f in policy.input_fields("member"):
        by_object[("members",)].append((f.name, f.label))
    for f in policy.input_fields("household"):
        group, _, name = f.name.partition(".")
        by_object.setdefault((group,), []).append((name, f.label))
    # the format's own fields, in its own words (`成员`: `members`), after the labels a policy gives
    return {key: by_zh_label(labelled) for key, labelled in by_object.items()} | {
        (): HOUSEHOLD_WORDS, ("income", 0): LINE_WORDS, ("expenses", 0): LINE_WORDS}


def _field_labels(policy: Policy, path: tuple[Any, ...]) -> Mapping[str, str]:
    """`_labels_of_fields` of the object at `path` (the household: `()`; a member: `("members", 0)`; a line:
    `("income", 0)`; a group: `("assets",)`)."""
    key = (path[0], 0) if len(path) == 2 and path[0] in ("income", "expenses") else \
        ("members",) if len(path) == 2 and path[0] == "members" else tuple(path)
    return _labels_of_fields(policy).get(key, {})


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


def convert_field(f: InputField, value: Any) -> Any:
    """A value of the input `f` as the evaluator reads it: a date from its ISO text, a money, integer or number as an
    exact decimal, anything else (and None) as given."""
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
    return iso_date(own) if isinstance(own, str) else None


def decision_day(data: Any, forced: datetime.date | None, today: datetime.date) -> datetime.date:
    """The day a household is decided on, as every command chooses it: --date (`forced`) for every household when
    given, else the household's own `date` (`own_date`), else `today`."""
    return forced or own_date(data) or today


def after_today(household: str, day: datetime.date, today: datetime.date) -> Said:
    """What is said of a household decided on a day after today: a typo in a year (2062 for 2026) ages every
    member and passes every policy's window without a word otherwise."""
    return Said(f"{household} is decided on {day.isoformat()}, after today ({today.isoformat()}): ages and the "
                "policy's window are taken on that day; if it is a typo, correct the household file's `date` or --date",
                f"{household} 的认定日期 {day.isoformat()} 晚于今天（{today.isoformat()}），"
                "年龄和政策施行期都按这一天计算；若是笔误，请改正家庭文件的 `date` 或 --date")


def _not_an_object_help(data: Any, source: str) -> Said:
    """What to write instead of a list where a household belongs: on a line of JSON Lines (`households.jsonl:17`),
    one household per line; as an item of a list (`list.json[3]`), one household per item. Instead of anything else
    (`42`, `null`, a text: a line of something other than households, or a stray value), the household's form."""
    if not isinstance(data, list):
        en, zh = both(data)
        return Said(f"{en} is no household: write the household there, a `{{\"id\": …, \"members\": […], …}}` as in "
                    f"{EXAMPLE}, or remove it",
                    f"{zh} 不是家庭：请在此写出这一户，即一个 `{{\"id\": …, \"members\": […], …}}`，可参照 {EXAMPLE}；"
                    "或删去它")
    if source.endswith("]"):
        return Said("each item of the list is one household `{…}`, not a list of them",
                    "列表中的每一项是一户 `{…}`，不能又是一个列表")
    return Said("write one household per line, each a `{…}` of its own, not a list `[{…}, …]`; a list of households "
                "is read as such from a `.json` file",
                "每行写一户，各自是一个 `{…}`，不要写成列表 `[{…}, …]`；户的列表可以写在 `.json` 文件中")


def validate_household(data: Any, policy: Policy, source: str = "household",
                       today: datetime.date | None = None, cells: bool = False, renamable: bool = False) -> Household:
    """Validate household data against the policy; raise `HouseholdError` listing every problem (`cells`: the data
    was read from the cells of CSV tables, where the help says nothing of quotes; `renamable`: read by a command that
    takes `--rename-value`, which the help of a value in an export's own words offers)."""
    if not isinstance(data, dict):
        raise HouseholdError([Diagnostic.said(
            "H002", Said("a household is a JSON object `{…}`", "家庭应为一个 JSON 对象 `{…}`"), None,
            source_file=source, help=_not_an_object_help(data, source))], places=[WHOLE])
    if looks_like_decision(data):
        raise HouseholdError([decision_finding(source)], places=[WHOLE])
    found: list[Diagnostic] = []
    places: list[Place | None] = []
    hid = data.get("id") if isinstance(data.get("id"), str) else None

    def add(code: str, path: Any, message: Said, hint: Said | None = None, key: str | None = None,
            undated: str | None = None, names: tuple[str, ...] | None = None, gbk: str | None = None,
            latin1: bool = False) -> None:
        """A finding about the value at `path`, or about its unknown `key` (`undated`: the text, where the value
        is no date; `names`: the path of another field the help ends naming; `gbk`: the word a value is in GBK,
        `latin1`: read as Latin-1 and written again as UTF-8)."""
        finding = Diagnostic.said(code, message, None, help=hint, path=json_path(path), source_file=source,
                                  member=_member_id(data, path), not_a_date=undated, names=names, gbk=gbk,
                                  latin1=latin1)
        if gbk is not None and not cells:  # (of CSV tables, at the row that holds it: `readers.placed`)
            from engine.household_input import told_in_gbk

            finding = told_in_gbk(finding)
        found.append(finding)
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
            labels = _field_labels(policy, tuple(error.absolute_path))
            for extra in (k for k in error.instance if k not in allowed):
                period = line_period(extra, error.instance) if len(error.absolute_path) == 2 \
                    and error.absolute_path[0] in ("income", "expenses") else None  # `"per": "month"`
                lacking = [key for key in allowed if key not in error.instance]  # what a misspelling may be of
                add("H002", error.absolute_path, *(period or _worked_out(extra, policy, tuple(error.absolute_path))
                                                   or unknown_field(extra, allowed, labels, lacking)), key=extra)
            continue
        if cells and error.validator == "minItems" and tuple(error.absolute_path) == ("members",) \
                and hid is not None and not hid.strip():
            continue  # CSV tables join member rows by the household's id: with it empty, the id is the finding
        code, message, hint = schema_finding(error, policy, cells, renamable)
        if error.validator == "type" and _names_a_member(error.absolute_path):  # `"member": 1`, `"member": null`
            hint = (_no_member(member_ids) if error.instance is None and member_ids
                    else member_as_number(error.instance, member_ids)) or hint
        gbk = gbk_read_as_utf8(error, policy)
        latin1 = gbk_read_as_latin1(error, policy) if gbk is None else None
        add(code, error.absolute_path, message, hint, undated=not_a_date(error), gbk=gbk or latin1,
            latin1=latin1 is not None)
    ids: dict[str, int] = {}
    for i, member in enumerate(members):
        if isinstance(member, dict) and isinstance(member.get("id"), str):
            if member["id"] in ids:
                en, zh = both(member["id"])
                first = f"members[{ids[member['id']]}]"
                if member == members[ids[member["id"]]]:  # one member given twice (a row copied): not two members
                    add("H005", ["members", i, "id"],
                        Said(f"member {en} is given twice, the same in every field",
                             f"成员 {zh} 写了两次，各项都相同"),
                        Said(f"{first} is the same member: delete one of the two",
                             f"{first} 是同一名成员：请删去其中一个"))
                    continue
                lost = lost_digits(member["id"])
                if lost is not None:  # long ids a spreadsheet kept alike: their last digits are lost
                    add("H005", ["members", i, "id"],
                        Said(f"member id {en} is used twice: {lost.en}", f"成员编号 {zh} 用了两次：{lost.zh}"),
                        Said(f"{ID_AS_TEXT.en}: the members cannot be told apart",
                             f"{ID_AS_TEXT.zh}：否则分不清各成员", summarized=True))
                    continue
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
                    own = own_date(data) == today  # the household's own `date` set the day, not --date nor today
                    add("H006", ["members", i, "birth_date"],
                        Said(f"{en} is after the evaluation date {today.isoformat()}",
                             f"{zh} 晚于评估日期 {today.isoformat()}"),
                        Said("check the birth date, or the evaluation date: the household's `date`",
                             "请核对出生日期，或评估日期：即家庭的 `date`") if own else
                        Said("check the birth date, or the evaluation date (`--date`)",
                             "请核对出生日期，或 --date 给出的评估日期"), names=("date",) if own else None)
                elif born < earliest_birth(today):
                    add("H006", ["members", i, "birth_date"],
                        Said(f"{en} is more than {MAX_AGE} years before the evaluation date {today.isoformat()}",
                             f"{zh} 比评估日期 {today.isoformat()} 早了 {MAX_AGE} 年以上"),
                        _too_old_help(today))
    for f, others in paired_inputs(policy):
        for at, holder in _holders(data, members, f):
            missing = [other for other in others if _given(holder, other) is None]
            if missing:
                add("H008", at, *given_without(f, missing))
    # a line's member is told unknown only where every member is read: `"members": "3"` or a member written `"张三"`
    # is said once, not again at each line of that member's
    members_read = isinstance(data.get("members"), list) and len(member_ids) == len(members)
    for section in ("income", "expenses"):
        lines: list[Any] = data[section] if isinstance(data.get(section), list) else []
        for i, line in enumerate(lines):
            if not isinstance(line, dict):
                continue
            member = line.get("member")
            if isinstance(member, str) and member not in ids and members_read:
                path, message, hint = _unknown_member(member, ids, [section, i, "member"], cells)
                if tuple(path) not in (place[0] for place in places if place is not None):  # (a padded id: once)
                    add("H004", path, message, hint)
            problem = money_problem(line.get("amount"))
            if problem is not None:
                add("H002", [section, i, "amount"], *problem)
    money = [f.name for f in policy.input_fields("household") if f.type == "money"]
    for name in money:  # each input of type money as each line's amount: digits, size, two decimals
        group, key = name.split(".", 1)
        values = data.get(group)
        problem = money_problem(values.get(key)) if isinstance(values, dict) else None
        if problem is not None:
            add("H002", [group, key], *problem)
    assets = data.get("assets")
    if isinstance(assets, dict):
        for key, value in assets.items():
            if f"assets.{key}" not in money and isinstance(value, Decimal | int) and not isinstance(value, bool) and (
                    not _digits_ok(Decimal(value)) or abs(Decimal(value)) >= MAX_AMOUNT):
                add("H002", ["assets", key], Said(f"{value} is too large or too precise", f"{value} 太大或位数太多"),
                    Said(f"give at most {MAX_DIGITS} digits and a realistic amount",
                         f"最多写 {MAX_DIGITS} 位数字，金额应符合实际"))
    member_money = [f.name for f in policy.input_fields("member") if f.type == "money"]
    for i, member in enumerate(members if member_money else []):
        if isinstance(member, dict):
            for name in member_money:
                problem = money_problem(member.get(name))
                if problem is not None:
                    add("H002", ["members", i, name], *problem)
    for path, value in _other_numbers(data, members, policy):
        problem = unheld_number(value)
        if problem is not None:
            add("H002", path, *problem)
    if found:
        kept = _without_echoes(found)
        raise _error_in_file_order(data, [found[i] for i in kept], [places[i] for i in kept], hid)
    return _build(data, policy, cells)


def _unknown_member(member: str, ids: dict[str, int], at: list[Any], cells: bool) -> tuple[list[Any], Said, Said]:
    """The finding of a line's `member` (at `at`) that no member's id is: where the two differ by spaces around one
    of them (`"p2 "`, as a fixed-width database column pads an id), said at the one with the spaces, to remove them
    (in a CSV cell, `cells`, with no JSON around the id); an empty one, as a line of the whole household, which has
    none; else with the id meant, or the ids there are."""
    en, zh = both(member)
    padded = next((i for i in ids if i.strip() == member.strip()), None) if member.strip() else None
    if padded is not None and padded != padded.strip():  # the member's id has the spaces: said there, once
        shown, shown_zh = both(padded)
        where, line = _spaces(padded), json_path(at)
        written = padded.strip() if cells else f'"id": {show(padded.strip())}'
        return (["members", ids[padded], "id"],
                Said(f"member id {shown} has {where.en}, so {line} {en} names no member",
                     f"成员编号 {shown_zh} {where.zh}，因此 {line} 写的 {zh} 找不到这位成员"),
                Said(f"remove {'it' if where.en.startswith('a ') else 'them'}: `{written}`",
                     f"请去掉空格：`{written}`"))
    message = Said(f"no member has the id {en}", f"没有编号为 {zh} 的成员")
    if padded is not None:  # the line's member has them
        where = _spaces(member)
        return at, message, Said(f"{en} has {where.en}: write {show(padded)}",
                                 f"{zh} {where.zh}：应写作 {show(padded, 'zh')}")
    if not ids:
        return at, message, Said("list the household's members under `members`", "请在 `members` 下列出家庭成员")
    if not member.strip():  # an export's empty cell, where the line is the whole household's
        return at, message, _no_member(ids)
    mangled = member if scientific(member) else next((i for i in ids if scientific(i)), None)
    if mangled is not None:  # a long id a spreadsheet showed with its last digits lost: no other id is meant
        shown, shown_zh = both(mangled)
        whose = Said("", "") if mangled == member else \
            Said(f" (members[{ids[mangled]}]'s id is {shown})", f"（members[{ids[mangled]}] 的编号是 {shown_zh}）")
        return at, Said(f"{message.en}{whose.en}: {SCIENTIFIC.en}", f"{message.zh}{whose.zh}：{SCIENTIFIC.zh}"), \
            Said(f"{ID_AS_TEXT.en}, with the `member` column of the lines",
                 f"{ID_AS_TEXT.zh}，收支行的 `member` 列也一样", summarized=True)
    names = _ids_named(ids)
    # `P3` for `p3` too: case is no meaning here
    return at, message, meant(member, ids, any_case=True) or Said(
        f"known members: {names.en}; {_LEFT_OR_JOINED.en}", f"已有的成员：{names.zh}；{_LEFT_OR_JOINED.zh}")


# where a person who is no longer (or not yet) a member is written of: the office decides by the local rules
# (the page's item under its heading, both quoted as the page writes them: tests/test_docs.py checks they are there)
_LEFT_OR_JOINED = Said("a person who left or joined the household within the 12 months: see “Members who left or "
                       "joined” under “Household input (a contract)” in docs/formats.md",
                       "这 12 个月内迁出或迁入的人：参见 docs/formats.md 的 “Household input (a contract)” 一节中的 "
                       "“Members who left or joined”（迁出或迁入的成员）一条")


def _worked_out(key: str, policy: Policy, path: tuple[Any, ...]) -> tuple[Said, Said] | None:
    """A household's or a member's key that names a value the policy works out at that level (`age`,
    `household_size`), said as such; None for any other key."""
    level = "household" if not path else "member" if len(path) == 2 and path[0] == "members" else None
    worked = policy.definitions.get(key)
    if worked is None or worked.level != level:
        return None
    return (Said(f"unknown field `{key}`", f"未知字段 `{key}`"),
            Said(f"the policy works out {in_quotes(worked.label.get('en', key))} itself from the household's other "
                 "data: delete it",
                 f"{in_quotes(worked.label.get('zh', key))}由政策根据家庭的其他数据自行计算：请删去"))


def _ids_named(ids: Iterable[str]) -> Said:
    """The members' ids as a help lists them, a long one cut, one holding a character a line cannot show quoted
    (`id_shown`)."""
    known = [(show(i), show(i, "zh")) if len(i) > _SHOWN_ID else (id_shown(i), id_shown(i)) for i in ids]
    return Said(", ".join(k[0] for k in known), "、".join(k[1] for k in known))


def _no_member(ids: Iterable[str]) -> Said:
    """The fix for a line's `member` given empty or null: a line of the whole household has none."""
    names = _ids_named(ids)
    return Said(f"a line of the whole household has no `member`: delete the field; or name one of the members "
                f"({names.en})", f"整户的收支条目不写 `member`：请删去该字段；或写明是哪位成员（{names.zh}）")


def _spaces(text: str) -> Said:
    """Where text has spaces: `a space at its end` (`p2 `), at its start, or at both ends."""
    if text != text.lstrip() and text != text.rstrip():
        return Said("spaces at both ends", "前后都有空格")
    some = "spaces" if len(text) - len(text.strip()) > 1 else "a space"
    if text != text.rstrip():
        return Said(f"{some} at its end", "末尾有空格")
    return Said(f"{some} at its start", "开头有空格")


def _without_echoes(found: list[Diagnostic]) -> list[int]:
    """The indexes of the findings to report: `members` misspelt (`memers`, ``did you mean `members`?``) is one
    mistake, not also `members` missing."""
    meant = {(d.path, field_meant(d)) for d in found if d.message.startswith("unknown field `") and field_meant(d)}
    return [i for i, d in enumerate(found) if (d.path, missing_key(d)) not in meant]


def _other_numbers(data: dict[str, Any], members: list[Any],
                   policy: Policy) -> Iterator[tuple[list[str | int], Any]]:
    """Each value given to an input of type integer or number, with its path (money is `money_problem`'s)."""
    for f in policy.inputs.values():
        if f.type not in ("integer", "number"):
            continue
        if f.level == "member":
            for i, member in enumerate(members):
                if isinstance(member, dict) and member.get(f.name) is not None:
                    yield ["members", i, f.name], member[f.name]
        else:
            group, key = f.name.split(".", 1)
            values = data.get(group)
            if isinstance(values, dict) and values.get(key) is not None:
                yield [group, key], values[key]


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


def unheld_number(value: Any) -> tuple[Said, Said] | None:
    """What is wrong with a number no household file could hold — infinite, not a number, or beyond 10**±30, which
    the JSON reader refuses (`household_input`) — as (message, help), or None. Such numbers come from other
    readers: a Parquet `double` of 1e300 or NaN, a `decimal(38,0)` of 10**35."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        return None
    exact = _exact(value)
    if exact.is_finite() and abs(exact.adjusted()) <= MAX_EXPONENT:
        return None
    shown = repr(value) if isinstance(value, float) else value
    if not exact.is_finite():
        return (Said(f"{shown} is not a number a household may hold", f"{shown} 不是家庭数据可以填写的数字"),
                Said("give a real figure, or leave the field out", "请填写实际的数值，或不填这个字段"))
    return (Said(f"the number {shown} is out of any sensible range", f"数字 {shown} 超出了合理的范围"),
            Said("check the value and its unit", "请核对数值及其单位"))


def money_problem(value: Any) -> tuple[Said, Said] | None:
    """What is wrong with a number given as money (an income or expense line's `amount`, an input of type money),
    as (message, help), or None: beyond what JSON holds (`unheld_number`), more than `MAX_DIGITS` digits,
    `MAX_AMOUNT` or more, more than two decimals. A float (from a caller that parsed loosely) is read by its
    shortest text, as JSON would have written it; what is no number is the schema's to word."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        return None
    beyond = unheld_number(value)
    if beyond is not None:
        return beyond
    exact = _exact(value)
    shown = repr(value) if isinstance(value, float) else value
    if not _digits_ok(exact):
        return (Said(f"{shown} has more than {MAX_DIGITS} digits", f"{shown} 超过 {MAX_DIGITS} 位数字"),
                _TWO_DECIMALS)
    if abs(exact) >= MAX_AMOUNT:
        return (Said(f"{shown} is too large for an amount in yuan", f"{shown} 作为以元计的金额太大"),
                Said("check the unit: amounts are yuan, not fen or ten-thousands",
                     "请核对单位：金额以元计，不是分，也不是万元"))
    if int(exact.as_tuple().exponent) < -2:
        return Said(f"{shown} has more than two decimals", f"{shown} 超过两位小数"), _cents_meant(exact)
    return None


def _cents_meant(exact: Decimal) -> Said:
    """The help for an amount of more than two decimals: the amount to write where the digits past the cents are a
    binary fraction's noise (`12239.980000000001`, as a spreadsheet's sum or a float exports it), else the rule."""
    cents = exact.quantize(Decimal("0.01"))
    if len(exact.as_tuple().digits) < _FLOAT_DIGITS or abs(exact - cents) >= _NOISE:
        return _TWO_DECIMALS
    written = format(cents.normalize(), "f")
    return Said(f"write `{written}`: the digits after the cents are left over from a spreadsheet's (or a program's) "
                "arithmetic, and an amount in yuan has at most two decimals",
                f"应写作 `{written}`：分以后的数字是电子表格（或程序）运算留下的误差，以元计的金额最多两位小数",
                summarized=True)


# a float's noise: its shortest text has 15 to 17 digits (`0.30000000000000004`), and off the cents by far less than
# one (the error of a float, and of sums of a few, on amounts below a billion yuan)
_FLOAT_DIGITS, _NOISE = 15, Decimal("1e-6")


def _build(data: dict[str, Any], policy: Policy, cells: bool = False) -> Household:
    fields: dict[str, Any] = {}
    defaulted: list[str] = []
    for f in policy.input_fields("household"):
        group, name = f.name.split(".", 1)
        section = data.get(group) or {}
        if name not in section:
            defaulted.append(f.name)
        fields[f.name] = convert_field(f, section.get(name, f.default))
    member_fields = policy.input_fields("member")
    members = tuple(
        Member(m["id"], {f.name: convert_field(f, m.get(f.name, f.default)) for f in member_fields},
               frozenset(f.name for f in member_fields if f.name not in m))
        for m in data["members"])

    def lines(section: str) -> tuple[Line, ...]:
        return tuple(Line(x["type"], x.get("member"), _exact(x["amount"])) for x in data.get(section) or [])

    date = datetime.date.fromisoformat(data["date"]) if data.get("date") else None
    return Household(data["id"], date, fields, members, lines("income"), lines("expenses"), frozenset(defaulted),
                     "csv" if cells else "json")


def _too_old_help(day: datetime.date) -> Said:
    """What to check for a birth date too long before `day`: the year of birth, or, where `day` is after today,
    the evaluation date, whose mistyped year (2062 for 2026) makes every member too old at once."""
    if day <= datetime.date.today():
        return Said("check the year of birth: no one is that old", "请核对出生年份：没有人有这么大的年纪")
    return Said(f"check the year of birth, or the evaluation date: {day.isoformat()} is after today; correct the "
                "household file's `date` or --date",
                f"请核对出生年份，或评估日期：{day.isoformat()} 晚于今天，请改正家庭文件的 `date` 或 --date")
