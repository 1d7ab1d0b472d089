"""Policy file → validated, parsed and checked `Policy`.

Input: a path to a policy YAML file (or its bytes). Output: a `Policy` and the
warnings found, or `PolicyError` with every error found. Stages, in order:
YAML with positions (`yamlsource`), the JSON Schema `schema/policy.schema.json`,
parsing every expression with spans offset into the file, building the model,
the checker, and computing parameter values. Errors of one stage are all
reported before the next stage runs.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema

from engine import model as m
from engine import schema as schemas
from engine.checker import check, suggest
from engine.diagnostics import Diagnostic, PolicyError, Span, has_errors
from engine.household import looks_like_household
from engine.household_words import date_help
from engine.syntax import chinese, numerals
from engine.syntax.numerals import THOUSANDS, without_separator
from engine.syntax.parser import ParseFailure, SourceMap, parse
from engine.yamlsource import YamlDocument, load_yaml


def policy_schema() -> dict[str, Any]:
    return schemas.shipped("policy")


def jsonable(value: Any) -> Any:
    """YAML data as JSON would hold it: dates as their YYYY-MM-DD text."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


_EXPRESSION_TYPES = ["string", "number", "boolean"]
_TYPE_WORDS = {"object": "a map (key: value lines)", "array": "a list (lines starting with `- `)",
               "string": "a text", "integer": "a whole number", "boolean": "true or false",
               "number": "a number", "null": "empty"}
_VALUE_WORDS = {"dict": "a map", "list": "a list", "str": "a text", "NoneType": "empty", "int": "a number",
                "Decimal": "a number", "bool": "true/false", "date": "a date"}
_TYPE_HELP = {
    ("object", "a list"): "remove the `- ` before each entry: a map has one `name: …` line per entry",
    ("array", "a map"): "start each entry with `- `",
    ("boolean", "a number"): "write `true` or `false`",
    ("boolean", "a text"): "write `true` or `false`",
    # `values: [yes, no]`: YAML reads yes/no/on/off (any case) as true/false, not as words
    ("string", "true/false"): "YAML reads `yes`, `no`, `on` and `off` as true or false: put the word in quotes, "
                              "e.g. `\"yes\"`",
}
# what an empty rule should hold, by the section it is in
_EMPTY_RULE_HELP = {
    "parameters": "write the figure, e.g. `490 yuan/month`, `20%` or `1.5`",
    "definitions": "write how it is computed, e.g. `counted_income / household_size`",
    "income": "write the share that counts, e.g. `80%` or `1 - employment_cost_rate`",
    "assistance": "write the rule, e.g. `dibao` for `when:` or `tekun_standard * 1 month` for `amount:`",
    "": "write a rule, e.g. `per_capita_income < dibao_standard`",
}
_MISSING_HELP = {"values": "an enum lists the values a household may give: add e.g. `values: [A, B, C, D]`"}
_EXPRESSION_LIKE = re.compile(r"[ ()<>=+*/]")

# One finding of the schema stage: message, help, and the YAML path and whether its key is meant.
_Finding = tuple[str, str | None, tuple[str | int, ...], bool]


def _type_help(path: tuple[str | int, ...], kinds: list[str], instance: Any) -> str | None:
    """The fix for a value of the wrong type: a number written as text, a clause written as a rule."""
    if not isinstance(instance, str):
        return None
    if {"integer", "number"} & set(kinds):
        if THOUSANDS.fullmatch(instance.strip()):
            return without_separator(instance.strip())
        digits = numerals.number_in(instance)
        if digits:
            return f"write just the number: `{digits}`"
    clause = "`- id: …`, then `label: {zh: …, en: …}` and `test: " + instance.strip() + "` below it"
    if len(path) == 4 and path[0] == "categories" and path[2] == "when" and kinds == ["object"]:
        return "a clause is a map, not a rule alone: write " + clause
    if len(path) == 3 and path[0] == "categories" and path[2] == "when" and kinds == ["array"]:
        return "`when:` lists clauses, each a map: write " + clause
    return None


def _label_help(schema: Any, instance: Any, path: tuple[str | int, ...]) -> str | None:
    """The fix for a text where a label (`{zh: …, en: …}`) belongs: the text under its language."""
    if not isinstance(instance, str) or set(schema.get("properties", {})) != {"zh", "en"}:
        return None
    text = instance.strip()
    if len(path) >= 2 and path[-2] == "articles":  # the article as written is already the document's wording
        return f"give its wording in each language it is read in: `{{en: {text}}}`"
    return (f"give the text in each language: `{{zh: …, en: {text}}}`" if text.isascii()
            else f"give the text in each language: `{{zh: {text}, en: …}}`")


def _unexpected_keys(error: jsonschema.ValidationError) -> list[str]:
    instance: Any = error.instance
    schema: Any = error.schema
    known = schema.get("properties", {}) if isinstance(schema, dict) else {}
    return [str(key) for key in instance if key not in known] if isinstance(instance, dict) else []


def _not_a_date_at_all(error: jsonschema.ValidationError) -> bool:
    """A number (or a list, a map) where a date belongs — alone, or as a choice with null (`to:`)."""
    def date_type_error(e: jsonschema.ValidationError) -> bool:
        return e.validator == "type" and isinstance(e.schema, dict) and e.schema.get("format") == "date"
    return date_type_error(error) or (error.validator == "anyOf" and any(map(date_type_error, error.context or ())))


def _schema_findings(error: jsonschema.ValidationError, page: str) -> list[_Finding]:
    """Plain-language findings for one schema error (several when it names several keys); `page` is the
    handbook page that describes the file."""
    path = tuple(error.absolute_path)
    shown = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    where = f"`{shown}`" if shown else "the document"
    v = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    if v == "required":
        missing = error.message.removesuffix(" is a required property").strip("'\"")
        return [(f"{where} is missing `{missing}`", _MISSING_HELP.get(missing, f"add `{missing}:` (see {page})"),
                 path, False)]
    if v == "additionalProperties":
        keys = sorted(schema.get("properties", {}))
        found: list[_Finding] = []
        for extra in _unexpected_keys(error):
            hint: str | None
            key, wide, value = extra.partition("：")
            if wide and key.strip() in keys:  # `{zh：家庭人口数, …}`: the Chinese colon is no YAML colon
                hint = f"`：` is a Chinese colon: write `{key.strip()}: {value.strip()}`"
            elif _EXPRESSION_LIKE.search(extra):
                hint = "this looks like part of an expression cut at a `,`: inside `{…}` put the expression in quotes"
            else:
                hint = suggest(extra, keys) or ("allowed keys: " + ", ".join(f"`{k}`" for k in keys))
            found.append((f"unknown key `{extra}` in {where}", hint, (*path, extra), True))
        return found
    if _not_a_date_at_all(error):
        got = _VALUE_WORDS.get(type(instance).__name__, type(instance).__name__)
        return [(f"{where} must be a date (YYYY-MM-DD), not {got}",
                 date_help(instance, quotes=False) or "write dates as YYYY-MM-DD", path, False)]
    if v == "type":
        got = _VALUE_WORDS.get(type(instance).__name__, type(instance).__name__)
        if expected == _EXPRESSION_TYPES:
            if instance is None:
                return [(f"{where} is empty", _EMPTY_RULE_HELP.get(str(path[0]) if path else "", _EMPTY_RULE_HELP[""]),
                         path, False)]
            return [(f"{where} must be an expression, not {got}",
                     "put the expression in quotes: `'…'`", path, False)]
        kinds = [str(e) for e in expected] if isinstance(expected, list) else [str(expected)]
        want = " or ".join(_TYPE_WORDS.get(kind, kind) for kind in kinds)
        hint = (_label_help(schema, instance, path) or _TYPE_HELP.get((str(expected), got))
                or _type_help(path, kinds, instance))
        return [(f"{where} must be {want}, not {got}", hint, path, False)]
    if v == "enum":
        choices = ", ".join(f"`{x}`" for x in expected)
        return [(f"{where} is `{instance}`, not one of the allowed values", f"use one of {choices}", path, False)]
    if v == "pattern" and "propertyNames" in error.schema_path and path and path[-1] == "articles":
        return [(f"the article `{instance}` has a space at its start or end",
                 f"write it as citations write it: `{str(instance).strip()}`", (*path, instance), True)]
    if v == "pattern":
        name_of_key = "propertyNames" in error.schema_path
        return [(f"`{instance}` is not a valid name here",
                 "names use lowercase letters, digits and `_`, starting with a letter",
                 (*path, instance) if name_of_key else path, name_of_key)]
    if v == "format" or (v == "anyOf" and any(e.validator == "format" for e in error.context or ())):
        return [(f"{where}: `{instance}` is not a date", date_help(instance) or "write dates as YYYY-MM-DD", path,
                 False)]
    if v in ("minItems", "minProperties"):
        return [(f"{where} is empty", "add at least one entry", path, False)]
    if v == "minLength":
        return [(f"{where} is empty", "write a text here, or remove the key", path, False)]
    if v == "oneOf":
        return [(f"{where} must have either `when` (and optionally `amount`) or `options`, not both", None, path,
                 False)]
    if v == "minimum":
        return [(f"{where} must be at least {expected}", None, path, False)]
    return [(f"{where}: {error.message}", None, path, False)]


def schema_diagnostics(doc: YamlDocument, validator: jsonschema.Draft202012Validator | None = None,
                       page: str = "docs/policy-files.md") -> list[Diagnostic]:
    """Every way the YAML document breaks its JSON Schema (the policy schema unless another validator is
    given), worded for the person editing it and located on the key or value at fault (L004)."""
    findings: list[_Finding] = []
    for error in (validator or schemas.validator("policy")).iter_errors(jsonable(doc.data)):
        if error.validator in ("oneOf", "anyOf") and error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            if len(deepest.absolute_path) > len(error.absolute_path):
                error = deepest
        findings.extend(_schema_findings(error, page))
    # `lable:` is reported once, as an unknown key that meant `label`, not also as a missing `label`
    meant = {(path[:-1], (hint or "").split("`")[1]) for message, hint, path, _ in findings
             if message.startswith("unknown key") and (hint or "").startswith("did you mean")}
    findings = [(message, _category_by_label(doc.data, path) or hint, path, about_key)
                for message, hint, path, about_key in findings]
    found = [_cut_number(doc, path) or Diagnostic("L004", message, doc.span(path, key=about_key), help=hint)
             for message, hint, path, about_key in findings
             if not (message.endswith("`") and " is missing `" in message
                     and (path, message.rsplit("`", 2)[1]) in meant)]
    return list(dict.fromkeys(found))  # `1,234,567` cut in three is one mistake


def _category_by_label(data: Any, path: tuple[str | int, ...]) -> str | None:
    """`absorbed_by: [低保]`: the category a Chinese word names by its label (`dibao`), to write instead."""
    if len(path) != 4 or path[0] != "abolished" or path[2] != "absorbed_by" or not isinstance(data, dict):
        return None
    try:
        written = data["abolished"][path[1]]["absorbed_by"][path[3]]
    except (KeyError, IndexError, TypeError):
        return None
    categories = [c for c in data.get("categories") or [] if isinstance(c, dict)]
    labels = _by_zh_label((c.get("id"), c.get("label")) for c in categories)
    found = chinese.name_for_label(written, labels) if isinstance(written, str) and not written.isascii() else None
    return f"`{written}` is the label of `{found[0]}`: write `{found[0]}`" if found else None


def _cut_number(doc: YamlDocument, path: tuple[str | int, ...]) -> Diagnostic | None:
    """`{default: 6,120}`: inside `{…}` the thousands separator ends the value, and `120` reads as a key."""
    info = doc.info(path)
    span = info.key_span if info is not None else None
    if span is None:
        return None
    line = doc.lines[span.line - 1]
    number = next((m for m in re.finditer(r"(?<![\w.])\d{1,3}(?:,\d{3}(?!\d))+", line)
                   if m.start() < span.column - 1 < m.end()), None)
    if number is None:
        return None
    return Diagnostic("L004", f"the number `{number.group()}` is split at its `,`",
                      Span(span.file, span.line, number.start() + 1, span.line, number.end() + 1),
                      help=without_separator(number.group()))


def chinese_labels(data: dict[str, Any]) -> chinese.Labels:
    """The `zh` label of every name a rule can use, mapped to that name (`低保标准` → `dibao_standard`), and of
    every value of each enum input, mapped to that value (`supporter`: `无` → `none`)."""
    named: list[tuple[str, Any]] = []
    for section in ("parameters", "definitions", "indicators"):
        named += list((data.get(section) or {}).items())
    inputs = data.get("inputs") or {}
    fields = [(name, f) for level in ("household", "member") for name, f in (inputs.get(level) or {}).items()
              if isinstance(f, dict)]
    named += fields
    for section in ("income", "expenses"):
        named += [(f"{section}.{name}", item) for name, item in (data.get(section) or {}).items()]
    named += [(str(c.get("id")), c) for c in data.get("categories") or [] if isinstance(c, dict)]
    names = _by_zh_label((name, item.get("label") if isinstance(item, dict) else None) for name, item in named)
    values = {name: _by_zh_label(f["value_labels"].items()) for name, f in fields
              if isinstance(f.get("value_labels"), dict)}
    return chinese.Labels(names, {name: found for name, found in values.items() if found})


def _by_zh_label(labelled: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """The `zh` text of each label, mapped to the name it labels; the first name keeps a text given twice."""
    labels: dict[str, str] = {}
    for name, label in labelled:
        if isinstance(label, dict) and isinstance(label.get("zh"), str):
            labels.setdefault(label["zh"], str(name))
    return labels


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")  # `{age}` in a member description


def _shifted(spans: SourceMap, offset: int) -> SourceMap:
    """The source map of a piece of a scalar that starts `offset` characters into it."""
    return lambda start, stop: spans(start + offset, stop + offset)


class _Builder:
    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []
        self.labels = chinese_labels(doc.data)

    def expr(self, path: tuple[str | int, ...]) -> m.Expr:
        info = self.doc.info(path)
        assert info is not None
        span = info.span
        text = info.raw if info.raw is not None else ""
        try:
            node = parse(text, self.doc.source_map(path), self.labels)
        except ParseFailure as failure:
            self.diagnostics.append(failure.diagnostic)
            from engine.syntax import ast
            node = ast.Boolean(True, span=span)
        return m.Expr(node, span)

    def span(self, path: tuple[str | int, ...], key: bool = False) -> Span:
        return self.doc.span(path, key)

    def label(self, value: dict[str, str] | None) -> m.Label:
        value = value or {}
        return m.Label(zh=value.get("zh"), en=value.get("en"))

    def optional_label(self, value: dict[str, str] | None) -> m.Label | None:
        return self.label(value) if value else None

    def member_description(self, template: dict[str, str] | None) -> m.MemberDescription | None:
        """`{zh: '{relation}，{age}岁'}`: the text, and each `{…}` parsed as an expression where it was written."""
        if not template:
            return None
        base = ("policy", "member_description")
        parts: list[tuple[str, tuple[str | m.Expr, ...]]] = []
        for lang in ("zh", "en"):
            text = template.get(lang)
            if text is None:
                continue
            spans = self.doc.source_map((*base, lang))
            pieces: list[str | m.Expr] = []
            at = 0
            for found in [*_PLACEHOLDER.finditer(text), None]:
                end = found.start() if found else len(text)
                self._stray_brace(text, at, end, spans)
                if end > at:
                    pieces.append(text[at:end])
                if found is None:
                    break
                at = found.end()
                inner, shifted = found.group(1), _shifted(spans, found.start(1))
                if not inner.strip():
                    self.diagnostics.append(Diagnostic(
                        "S003", "`{}` names nothing", spans(found.start(), found.end()),
                        help="put a member input or definition between the braces, e.g. `{relation}`"))
                    continue
                try:
                    pieces.append(m.Expr(parse(inner, shifted, self.labels), shifted(0, len(inner))))
                except ParseFailure as failure:
                    self.diagnostics.append(failure.diagnostic)
            parts.append((lang, tuple(pieces)))
        return m.MemberDescription(self.label(template), tuple(parts), self.span(base, key=True))

    def _stray_brace(self, text: str, start: int, end: int, spans: SourceMap) -> None:
        for i in range(start, end):
            if text[i] == "{":
                self.diagnostics.append(Diagnostic(
                    "S004", "this `{` is never closed", spans(i, i + 1),
                    help="close it with `}` after the name it holds, e.g. `{age}`"))
                return
            if text[i] == "}":
                self.diagnostics.append(Diagnostic(
                    "S001", "this `}` closes no `{`", spans(i, i + 1),
                    help="remove it, or open it with `{` before the name it ends, e.g. `{age}`"))
                return

    def build(self, file: str, sha256: str) -> m.Policy:
        d = self.doc.data
        meta_data = d["policy"]
        meta = m.Meta(
            id=meta_data["id"], version=meta_data["version"], title=self.label(meta_data["title"]),
            effective_from=meta_data["effective"]["from"],
            effective_to=meta_data["effective"].get("to"),
            sources=tuple(m.Source(s["id"], s["title"], s.get("date"), s.get("url"),
                                   self.optional_label(s.get("cited_as")),
                                   tuple((str(k), self.label(v)) for k, v in (s.get("articles") or {}).items()))
                          for s in meta_data.get("sources", [])),
            member_description=self.member_description(meta_data.get("member_description")),
            effective_span=self.span(("policy", "effective"), key=True),
        )
        parameters = {
            name: m.Parameter(name, self.expr(("parameters", name, "value")), self.label(p["label"]),
                              p.get("source"), self.optional_label(p.get("confirm")),
                              self.span(("parameters", name), key=True))
            for name, p in d["parameters"].items()
        }
        inputs: dict[str, m.InputField] = {}
        for level in ("household", "member"):
            for name, f in (d["inputs"].get(level) or {}).items():
                inputs[f"{level}:{name}"] = m.InputField(
                    name=name, level=level, type=f["type"], label=self.label(f["label"]),
                    values=tuple(str(v) for v in f.get("values", [])),
                    value_labels=tuple((str(v), self.label(lab)) for v, lab in (f.get("value_labels") or {}).items()),
                    has_default="default" in f,
                    default=jsonable(f.get("default")), nullable=bool(f.get("nullable")),
                    minimum=Decimal(str(f["minimum"])) if "minimum" in f else None,
                    maximum=Decimal(str(f["maximum"])) if "maximum" in f else None,
                    span=self.span(("inputs", level, name), key=True))
        income = {
            name: m.IncomeType(name, i["counted"],
                               self.expr(("income", name, "share")) if "share" in i else None,
                               self.label(i["label"]), i.get("source"), self.optional_label(i.get("note")),
                               self.span(("income", name), key=True))
            for name, i in d["income"].items()
        }
        expenses = {
            name: m.ExpenseType(name, e["rigid"], self.label(e["label"]), e.get("source"),
                                self.optional_label(e.get("note")), self.span(("expenses", name), key=True))
            for name, e in d["expenses"].items()
        }
        definitions: dict[str, m.Definition] = {}
        for section, key, indicator in (("definitions", "value", False), ("indicators", "test", True)):
            for name, item in (d.get(section) or {}).items():
                if name in definitions:
                    self.diagnostics.append(Diagnostic(
                        "C007", f"`{name}` is defined twice", self.span((section, name), key=True),
                        help="a definition and an indicator cannot share a name"))
                    continue
                definitions[name] = m.Definition(
                    name, item.get("level", "household"), self.expr((section, name, key)),
                    self.label(item["label"]), item.get("source"), indicator,
                    self.span((section, name), key=True))
        categories = tuple(self.category(i, c) for i, c in enumerate(d["categories"]))
        abolished = tuple(
            m.Abolished(a["id"], self.label(a["label"]), tuple(a["absorbed_by"]), a.get("source"),
                        self.span(("abolished", i)))
            for i, a in enumerate(d.get("abolished") or []))
        departments = {k: self.label(v) for k, v in (d.get("departments") or {}).items()}
        assistance = tuple(self.measure(i, a) for i, a in enumerate(d.get("assistance") or []))
        proc = d.get("process")
        process = (m.Process(proc["review_working_days"], proc.get("special_case_working_days"),
                             proc.get("source"), self.span(("process",), key=True)) if proc else None)
        self._check_unique_ids(categories, assistance)
        return m.Policy(meta, parameters, inputs, income, expenses, definitions, categories, abolished,
                        departments, assistance, process, file, sha256)

    def category(self, index: int, c: dict[str, Any]) -> m.Category:
        base = ("categories", index)
        clauses = tuple(
            m.Clause(w["id"], self.label(w["label"]), self.expr((*base, "when", j, "test")), w.get("source"),
                     self.span((*base, "when", j)))
            for j, w in enumerate(c["when"]))
        return m.Category(c["id"], c.get("level", "household"), c.get("group"), self.label(c["label"]),
                          c.get("source"), c.get("match", "all"), clauses, self.span((*base, "id")))

    def measure(self, index: int, a: dict[str, Any]) -> m.Measure:
        base = ("assistance", index)
        if "options" in a:
            options = tuple(
                m.Option(o["id"], self.expr((*base, "options", j, "when")),
                         self.expr((*base, "options", j, "amount")) if "amount" in o else None,
                         self.optional_label(o.get("label")), o.get("source"), self.span((*base, "options", j)))
                for j, o in enumerate(a["options"]))
        else:
            options = (m.Option(a["id"], self.expr((*base, "when")),
                                self.expr((*base, "amount")) if "amount" in a else None,
                                None, a.get("source"), self.span(base)),)
        return m.Measure(a["id"], a.get("level", "household"), a["department"], self.label(a["label"]),
                         a.get("source"), a.get("per"), options, self.span((*base, "id")))

    def _check_unique_ids(self, categories: tuple[m.Category, ...], measures: tuple[m.Measure, ...]) -> None:
        def dup(items: list[tuple[str, Span]], what: str, where: str) -> None:
            seen: dict[str, Span] = {}
            for ident, span in items:
                if ident in seen:
                    self.diagnostics.append(Diagnostic(
                        "C007", f"{what} `{ident}` appears twice{where}", span,
                        help=f"the first is at line {seen[ident].line}: give each a different id"))
                seen.setdefault(ident, span)
        dup([(c.id, c.span) for c in categories], "category", "")
        dup([(a.id, a.span) for a in measures], "assistance measure", "")
        for i, c in enumerate(categories):
            dup([(w.id, self.span(("categories", i, "when", j, "id"))) for j, w in enumerate(c.clauses)],
                "clause", f" in category `{c.id}`")
        for i, a in enumerate(measures):
            dup([(o.id, self.span(("assistance", i, "options", j, "id"))) for j, o in enumerate(a.options)],
                "option", f" of measure `{a.id}`")


def load_policy(path: str | Path, raw: bytes | None = None) -> tuple[m.Policy, list[Diagnostic]]:
    """Load, validate, parse and check one policy file. Raises `PolicyError` on errors."""
    file = str(path)
    if raw is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise PolicyError([Diagnostic("L001", f"cannot read the file: {error.strerror}", None,
                                          source_file=file)]) from None
    doc = load_yaml(raw, file)
    if looks_like_household(doc.data):  # a household given where a policy belongs
        raise PolicyError([Diagnostic("L004", "this is a household, not a policy",
                                      doc.span((next(iter(doc.data)),), key=True),
                                      help=f"decide it with `policy eval {file}`; a policy is a YAML file "
                                           "such as policy/post-transition.yaml")])
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        raise PolicyError([Diagnostic("L004", f"the file holds {kind}, but a policy is a map",
                                      doc.span(()), help="start with `policy:` at the left margin "
                                      "(see docs/policy-files.md)")])
    if "cases" in doc.data and "policy" not in doc.data:  # a test case file given where a policy belongs
        raise PolicyError([Diagnostic("L004", "this is a file of test cases, not a policy",
                                      doc.span(("cases",), key=True), help=f"run its cases with `policy test {file}`")])
    schema_errors = schema_diagnostics(doc)
    if schema_errors:
        raise PolicyError(schema_errors)
    builder = _Builder(doc)
    policy = builder.build(file, hashlib.sha256(raw).hexdigest())
    if has_errors(builder.diagnostics):
        raise PolicyError(builder.diagnostics)
    diagnostics, types = check(policy, doc.span)
    if has_errors(diagnostics):
        raise PolicyError(diagnostics)
    from engine.checker.consistency import share_problems
    from engine.evaluator import parameter_values

    policy = dataclasses.replace(policy, types=types)
    try:
        values = parameter_values(policy)
    except PolicyError as error:
        raise PolicyError([*diagnostics, *error.diagnostics]) from None
    policy = dataclasses.replace(policy, parameter_values=values)
    shares = share_problems(policy)
    if shares:
        raise PolicyError([*diagnostics, *shares])
    return policy, diagnostics

