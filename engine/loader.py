"""Policy file → validated, parsed and checked `Policy`.

Input: a path to a policy YAML file (or its bytes). Output: a `Policy` and the
warnings found, or `PolicyError` with every error found. Stages, in order: YAML
with positions (`yamlsource`), the JSON Schema `schema/policy.schema.json` (its
mistakes worded by `schema_findings`), parsing every expression with spans
offset into the file, building the model, the checker (and, beside it, the
comments that cut a rule short, `rule_comments`), and computing parameter
values. Errors of one stage are all reported; a YAML or schema error stops there
(`PolicyError.unchecked`), but a rule that does not parse, a name given twice,
or a key given twice or a schema error within one entry of
`broken_entries.STANDS_IN` does not stop the checker, which goes on with the
rest of the file (a broken rule, or the stand-in of a broken entry, has an
unknown type, so nothing built on it is reported again; the names written in
what could not be built count as read). Parameter values are computed only for a
policy without errors.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from collections.abc import Callable, Collection
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine import model as m
from engine import schema as schemas
from engine.broken_entries import broken_entries, citations_within, entry_span, held
from engine.checker import check
from engine.checker.rules import within
from engine.checker.symbols import symbol_table
from engine.diagnostics import Diagnostic, PolicyError, Said, Span, has_errors, shell_word
from engine.household import looks_like_household
from engine.indented_too_far import entries_indented_too_far, indented_too_far
from engine.indented_too_little import indented_too_little
from engine.names_in_chinese import named_in_chinese
from engine.rule_comments import comments_cutting_rules
from engine.schema_findings import grouped_as_read, keys_left_out, schema_found
from engine.syntax import ast, chinese
from engine.syntax.chinese import by_zh_label
from engine.syntax.parser import ParseFailure, SourceMap, names_written, parse
from engine.yaml_entries import value_at
from engine.yamlsource import Duplicate, YamlDocument, cannot_read, jsonable, load_yaml


def policy_schema() -> dict[str, Any]:
    return schemas.shipped("policy")


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
    names = by_zh_label((name, item.get("label") if isinstance(item, dict) else None) for name, item in named)
    values = {name: by_zh_label(f["value_labels"].items()) for name, f in fields
              if isinstance(f.get("value_labels"), dict)}
    return chinese.Labels(names, {name: found for name, found in values.items() if found})


def _day(value: Any) -> Any:
    """A date the schema has let through, as a date: quoted (`'2026-01-01'`), YAML leaves it text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")  # `{age}` in a member description


def _shifted(spans: SourceMap, offset: int) -> SourceMap:
    """The source map of a piece of a scalar that starts `offset` characters into it."""
    return lambda start, stop: spans(start + offset, stop + offset)


class _Builder:
    def __init__(self, doc: YamlDocument, broken: frozenset[tuple[str | int, ...]] = frozenset()):
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []
        self.labels = chinese_labels(doc.data)
        self.unread: list[str] = []  # texts of the file that could not be built: the names they hold count as read
        # the entries with a key given twice or a schema error (`broken_entries`): each is built as a stand-in
        # (its name known, its rules unread, so of unknown type) or, a measure, left out
        self.broken = broken
        self.unknown_inputs: dict[str, m.Level] = {}  # the broken inputs, by name: their level
        self.rules: list[tuple[str | int, ...]] = []  # the paths of the values read as rules
        self.parsed: list[ast.Node] = []  # the rules that parsed
        # the rules that did not parse where a word after a number was read as a name (S002, `510 * dollars`), with
        # how to parse each again once the policy's names are known (`told_again`)
        self.unparsed: list[tuple[Diagnostic, Callable[[Collection[str]], object]]] = []
        # of `categories` and `assistance`, where each item the model holds is in the file (the model leaves out
        # the second of two with one id, and a broken measure): a path of the model → the path in the file
        self.kept: dict[str, list[int]] = {}
        # the categories whose id the file gives more than once: every copy, in the file's order
        self.twice: dict[str, list[m.Category]] = {}
        # the entries whose name is indented into the entry before them: where each belongs → where the file has it
        self.moved = {belongs: at for at, belongs in entries_indented_too_far(doc).items() if belongs in broken}
        for path in broken:
            self.left_out(path)

    def expr(self, path: tuple[str | int, ...]) -> m.Expr:
        info = self.doc.info(path)
        assert info is not None
        span = info.span
        text = info.raw if info.raw is not None else ""
        self.rules.append(path)
        try:
            node = parse(text, self.doc.source_map(path), self.labels, info.style)
            self.parsed.append(node)
        except ParseFailure as failure:
            self.diagnostics.append(failure.diagnostic)
            if failure.diagnostic.code == "S002":
                spans, labels = self.doc.source_map(path), self.labels
                self.unparsed.append((failure.diagnostic, lambda names: parse(text, spans, labels, info.style, names)))
            node = ast.Unparsed(text, span=span)  # the checker goes on with the rules that did parse
            self.unread.append(text)
        return m.Expr(node, span)

    def told_again(self, names: Collection[str]) -> None:
        """The syntax findings that read a word after a number as a name (`510 * dollars`), told again with the names
        the policy declares: a word that names none of them is no multiple but a unit the rule language has not."""
        again: dict[int, Diagnostic] = {}
        for said, parse_again in self.unparsed:
            try:
                parse_again(names)
            except ParseFailure as failure:
                again[id(said)] = failure.diagnostic
        self.diagnostics = [again.get(id(d), d) for d in self.diagnostics]

    def span(self, path: tuple[str | int, ...], key: bool = False) -> Span:
        return self.doc.span(self.written_at(path), key)

    def entries(self, *section: str) -> list[tuple[str, Any]]:
        """The entries of a section, with those whose name is indented into the entry before them (each broken)."""
        held = value_at(self.doc.data, section)
        written = list(held.items()) if isinstance(held, dict) else []
        return written + [(str(path[-1]), value_at(self.doc.data, at)) for path, at in self.moved.items()
                          if path[:-1] == section]

    def stand_in_expr(self, path: tuple[str | int, ...]) -> m.Expr:
        """The rule at `path` of a broken entry, not parsed: its type is unknown, so nothing is concluded from it."""
        info = self.doc.info(self.written_at(path))
        text = info.raw if info is not None and info.raw is not None else ""
        span = self.span(path)
        return m.Expr(ast.Unparsed(text, span=span), span)

    def stand_in_label(self, value: Any, name: str) -> m.Label:
        """The label of a broken entry where it is whole, else its name in both languages (the label's own mistake
        is reported by the schema)."""
        if isinstance(value, dict) and isinstance(value.get("zh"), str) and isinstance(value.get("en"), str):
            return self.label(value)
        return m.Label(zh=name, en=name)

    def left_out(self, path: tuple[str | int, ...]) -> None:
        """The entry at `path` is reported and not built: the names its text holds count as read."""
        info = self.doc.info(path)
        if info is not None:
            self.unread.append(self.doc.text[info.start:info.end])

    def label(self, value: dict[str, str] | None) -> m.Label:
        value = value or {}
        return m.Label(zh=value.get("zh"), en=value.get("en"))

    def optional_label(self, value: dict[str, str] | None) -> m.Label | None:
        return self.label(value) if value else None

    def title(self, value: str | dict[str, str]) -> m.Label:
        """A source's title: `{zh: …, en: …}`, or one text, the document's own, shown in either language."""
        return m.Label(zh=value) if isinstance(value, str) else self.label(value)

    def plausible(self, at: tuple[str, ...], value: dict[str, Any] | None) -> m.Plausible | None:
        """`plausible: {min: 600, max: 200000, if_below: {…}}` of the entry at `at` (checked by `policy check`)."""
        if not value:
            return None
        bound = {key: Decimal(str(value[key])) if isinstance(value.get(key), (int, float)) else None
                 for key in ("min", "max")}
        return m.Plausible(bound["min"], bound["max"], self.optional_label(value.get("if_below")),
                           self.optional_label(value.get("if_above")), self.span((*at, "plausible"), key=True))

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
                    self.diagnostics.append(Diagnostic.said(
                        "S003", Said("`{}` names nothing", "`{}` 中没有写名称"), spans(found.start(), found.end()),
                        help=Said("put a member input or definition between the braces, e.g. `{relation}`",
                                  "请在花括号中写一个成员的输入字段或定义，例如 `{relation}`")))
                    continue
                try:
                    pieces.append(m.Expr(parse(inner, shifted, self.labels), shifted(0, len(inner))))
                except ParseFailure as failure:
                    self.diagnostics.append(failure.diagnostic)
                    self.unread.append(inner)
            parts.append((lang, tuple(pieces)))
        return m.MemberDescription(self.label(template), tuple(parts), self.span(base, key=True))

    def _stray_brace(self, text: str, start: int, end: int, spans: SourceMap) -> None:
        for i in range(start, end):
            if text[i] == "{":
                self.diagnostics.append(Diagnostic.said(
                    "S004", Said("this `{` is never closed", "这个 `{` 没有闭合"), spans(i, i + 1),
                    help=Said("close it with `}` after the name it holds, e.g. `{age}`",
                              "请在其中的名称后面用 `}` 闭合，例如 `{age}`")))
                return
            if text[i] == "}":
                self.diagnostics.append(Diagnostic.said(
                    "S001", Said("this `}` closes no `{`", "这个 `}` 前面没有对应的 `{`"), spans(i, i + 1),
                    help=Said("remove it, or open it with `{` before the name it ends, e.g. `{age}`",
                              "请删去它，或在它结束的名称前面加上 `{`，例如 `{age}`")))
                return

    def build(self, file: str, sha256: str) -> m.Policy:
        d = self.doc.data
        meta_data = d["policy"]
        meta = m.Meta(
            id=meta_data["id"], version=meta_data["version"], title=self.label(meta_data["title"]),
            effective_from=_day(meta_data["effective"]["from"]),
            effective_to=_day(meta_data["effective"].get("to")),
            sources=tuple(m.Source(s["id"], self.title(s["title"]), s.get("date"), s.get("url"),
                                   self.optional_label(s.get("cited_as")),
                                   tuple((str(k), self.label(v)) for k, v in (s.get("articles") or {}).items()),
                                   one_title=isinstance(s["title"], str))
                          for s in meta_data.get("sources", [])),
            member_description=self.member_description(meta_data.get("member_description")),
            effective_span=self.span(("policy", "effective"), key=True),
            version_span=self.span(("policy", "version")), id_span=self.span(("policy", "id")),
        )
        parameters = {name: self.parameter(name, p) for name, p in self.entries("parameters")}
        inputs: dict[str, m.InputField] = {}
        for level in ("household", "member"):
            for name, f in self.entries("inputs", level):
                if ("inputs", level, name) in self.broken:  # a name the rules may read, of a value not known
                    self.unknown_inputs[name] = level
                    continue
                inputs[f"{level}:{name}"] = m.InputField(
                    name=name, level=level, type=f["type"], label=self.label(f["label"]),
                    values=tuple(str(v) for v in f.get("values", [])),
                    value_labels=tuple((str(v), self.label(lab)) for v, lab in (f.get("value_labels") or {}).items()),
                    has_default="default" in f,
                    default=jsonable(f.get("default")), nullable=bool(f.get("nullable")),
                    minimum=Decimal(str(f["minimum"])) if "minimum" in f else None,
                    maximum=Decimal(str(f["maximum"])) if "maximum" in f else None,
                    span=self.span(("inputs", level, name), key=True),
                    given_with=tuple(dict.fromkeys(str(g) for g in f.get("given_with") or ())),
                    plausible=self.plausible(("inputs", level, name), f.get("plausible")))
        income = {name: self.income_type(name, i) for name, i in self.entries("income")}
        expenses = {name: self.expense_type(name, e) for name, e in self.entries("expenses")}
        definitions: dict[str, m.Definition] = {}
        for section, key, indicator in (("definitions", "value", False), ("indicators", "test", True)):
            for name, item in self.entries(section):
                if name in definitions:
                    self.diagnostics.append(Diagnostic.said(
                        "C007", Said(f"`{name}` is defined twice", f"`{name}` 定义了两次"),
                        self.span((section, name), key=True),
                        help=Said("a definition and an indicator cannot share a name", "定义和指标不能同名")))
                    self.left_out((section, name))
                    continue
                if (section, name) in self.broken:
                    level = held(item, "level")
                    definitions[name] = m.Definition(
                        name, level if level in ("household", "member") else "household",
                        self.stand_in_expr((section, name, key)), self.stand_in_label(held(item, "label"), name),
                        None, indicator, self.span((section, name), key=True))
                    continue
                definitions[name] = m.Definition(
                    name, item.get("level", "household"), self.expr((section, name, key)),
                    self.label(item["label"]), item.get("source"), indicator,
                    self.span((section, name), key=True))
        categories = tuple(self.stand_in_category(i, c) if ("categories", i) in self.broken else self.category(i, c)
                           for i, c in enumerate(d["categories"]))
        abolished = tuple(
            m.Abolished(a["id"], self.label(a["label"]), tuple(a["absorbed_by"]), a.get("source"),
                        self.span(("abolished", i)), _day(a.get("from")))
            for i, a in enumerate(d.get("abolished") or []))
        departments = {k: self.label(v) for k, v in (d.get("departments") or {}).items()}
        measures = [(i, self.measure(i, a)) for i, a in enumerate(d.get("assistance") or [])
                    if ("assistance", i) not in self.broken]  # a broken measure, which no rule reads, is left out
        proc = d.get("process")
        process = (m.Process(proc["review_working_days"], proc.get("special_case_working_days"),
                             proc.get("source"), self.span(("process",), key=True)) if proc else None)
        self._check_unique_ids(meta.sources, categories, measures)
        # the second of two categories or measures with one id is reported and left out, as a second definition
        # is: the checker reads each name once
        categories = self._first_of_each("categories", list(enumerate(categories)))
        assistance = self._first_of_each("assistance", measures)
        return m.Policy(meta, parameters, inputs, income, expenses, definitions, categories, abolished,
                        departments, assistance, process, file, sha256)

    def parameter(self, name: str, p: Any) -> m.Parameter:
        at = ("parameters", name)
        if at in self.broken:
            return m.Parameter(name, self.stand_in_expr((*at, "value")), self.stand_in_label(held(p, "label"), name),
                               None, None, self.span(at, key=True))
        return m.Parameter(name, self.expr((*at, "value")), self.label(p["label"]), p.get("source"),
                           self.optional_label(p.get("confirm")), self.span(at, key=True))

    def income_type(self, name: str, i: Any) -> m.IncomeType:
        at = ("income", name)
        if at in self.broken:
            share = self.stand_in_expr((*at, "share")) if held(i, "share") is not None else None
            return m.IncomeType(name, held(i, "counted") is not False, share,
                                self.stand_in_label(held(i, "label"), name), None, None, self.span(at, key=True))
        return m.IncomeType(name, i["counted"], self.expr((*at, "share")) if "share" in i else None,
                            self.label(i["label"]), i.get("source"), self.optional_label(i.get("note")),
                            self.span(at, key=True), self.plausible(at, i.get("plausible")))

    def expense_type(self, name: str, e: Any) -> m.ExpenseType:
        at = ("expenses", name)
        if at in self.broken:
            return m.ExpenseType(name, held(e, "rigid") is not False, self.stand_in_label(held(e, "label"), name),
                                 None, None, self.span(at, key=True))
        return m.ExpenseType(name, e["rigid"], self.label(e["label"]), e.get("source"),
                             self.optional_label(e.get("note")), self.span(at, key=True),
                             self.plausible(at, e.get("plausible")))

    def category(self, index: int, c: dict[str, Any]) -> m.Category:
        base = ("categories", index)
        clauses = tuple(
            m.Clause(w["id"], self.label(w["label"]), self.expr((*base, "when", j, "test")), w.get("source"),
                     self.span((*base, "when", j)), self.optional_label(w.get("confirm")))
            for j, w in enumerate(c["when"]))
        return m.Category(c["id"], c.get("level", "household"), c.get("group"), self.label(c["label"]),
                          c.get("source"), c.get("match", "all"), clauses, self.span((*base, "id")))

    def stand_in_category(self, index: int, c: Any) -> m.Category:
        """A broken category (its id is whole, `broken_entries` sees to it) as a name the rules may read: of its
        level and group where they are whole, with one clause of unknown value."""
        base = ("categories", index)
        level, group = held(c, "level"), held(c, "group")
        test = m.Expr(ast.Unparsed("", span=self.span(base)), self.span(base))
        return m.Category(c["id"], level if level in ("household", "member") else "household",
                          group if isinstance(group, str) else None, self.stand_in_label(held(c, "label"), c["id"]),
                          None, "all", (m.Clause("", m.Label(zh="", en=""), test, None, self.span(base)),),
                          self.span((*base, "id")))

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

    def _first_of_each(self, section: str, items: list[tuple[int, Any]]) -> tuple[Any, ...]:
        """The items (with an `id`, each with its index in `section`) in their order, each id once: the first keeps
        it, and the names the others read count as read."""
        first: dict[str, Any] = {}
        self.kept[section] = []
        for index, item in items:
            if item.id in first:
                self.left_out((section, index))
                if section == "categories":
                    self.twice.setdefault(item.id, [first[item.id]]).append(item)
                continue
            first[item.id] = item
            self.kept[section].append(index)
        return tuple(first.values())

    def in_file(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """The path in the file of a path into the model (`("categories", 2, "group")` is the fourth category of
        the file when the second was left out)."""
        kept = self.kept.get(str(path[0])) if path else None
        if kept is not None and len(path) > 1 and isinstance(path[1], int) and path[1] < len(kept):
            return (path[0], kept[path[1]], *path[2:])
        return self.written_at(path)

    def written_at(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """Where the file writes the node at `path`: within an entry indented too far, inside the entry above."""
        for belongs, at in self.moved.items():
            if path[:len(belongs)] == belongs:
                return (*at, *path[len(belongs):])
        return path

    def _check_unique_ids(self, sources: tuple[m.Source, ...], categories: tuple[m.Category, ...],
                          measures: list[tuple[int, m.Measure]]) -> None:
        def dup(items: list[tuple[str, Span]], what: Said, where: Said = _NOWHERE, fix: Said = _EACH_ITS_OWN) -> None:
            seen: dict[str, Span] = {}
            for ident, span in items:
                if ident in seen:
                    line = seen[ident].line
                    self.diagnostics.append(Diagnostic.said(
                        "C007", Said(f"{what.en} `{ident}` appears twice{where.en}",
                                     f"{where.zh}{what.zh} `{ident}` 出现了两次"), span,
                        help=Said(f"the first is at line {line}: {fix.en}", f"第一个在第 {line} 行：{fix.zh}")))
                seen.setdefault(ident, span)
        # two documents under one id: every citation of the second would name the first, in every explanation
        dup([(source.id, self.span(("policy", "sources", i, "id"))) for i, source in enumerate(sources)],
            Said("source", "出处"), fix=_OWN_DOCUMENT_ID)
        dup([(c.id, c.span) for c in categories], Said("category", "类别"))
        dup([(a.id, a.span) for _, a in measures], Said("assistance measure", "救助措施"))
        for i, c in enumerate(categories):
            dup([(w.id, self.span(("categories", i, "when", j, "id"))) for j, w in enumerate(c.clauses)],
                Said("clause", "条款"), Said(f" in category `{c.id}`", f"类别 `{c.id}` 中的"))
        for i, a in measures:
            dup([(o.id, self.span(("assistance", i, "options", j, "id"))) for j, o in enumerate(a.options)],
                Said("option", "选项"), Said(f" of measure `{a.id}`", f"救助措施 `{a.id}` 的"))


_NOWHERE = Said("", "")  # a duplicate id in no larger part of the file
_EACH_ITS_OWN = Said("give each a different id", "请给每一项不同的 id")
_OWN_DOCUMENT_ID = Said("give this document its own id, and cite it by that id where a rule comes from it",
                        "请给这份文件另起一个 id，并在出自这份文件的规则的 `source:` 中改用这个 id")


_Readable = tuple[YamlDocument, bytes, list[Duplicate], dict[Diagnostic, tuple[str | int, ...]],
                  frozenset[tuple[str | int, ...]]]


# A file whose text was never read as YAML (it cannot be read, is not UTF-8, is empty or too large): its finding
# says what to do with it, and no rule of it waits for a second pass.
_NOT_READ = frozenset({"L001", "L005", "L007"})


class _OtherKind(PolicyError):
    """A file of another kind given where a policy belongs (a household, test cases, a calendar): its help says what
    to do with the file, so no rules of it are left to check once its mistakes are fixed."""


def _readable(path: str | Path, raw: bytes | None) -> _Readable:
    """The policy file as YAML of a shape its rules can be checked in: its document, bytes, keys given twice,
    schema mistakes and the entries they break (`broken_entries`); `PolicyError` when it is not."""
    file = str(path)
    if raw is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise PolicyError([Diagnostic.said("L001", cannot_read(error), None, source_file=file)]) from None
    duplicates: list[Duplicate] = []
    doc = load_yaml(raw, file, duplicates=duplicates, read_on=True)
    if looks_like_household(doc.data):  # a household given where a policy belongs
        raise _OtherKind([Diagnostic.said(
            "L004", Said("this is a household, not a policy", "这是家庭数据，不是政策文件"),
            doc.span((next(iter(doc.data)),), key=True),
            help=Said(f"decide it with `policy eval {shell_word(str(file))}`; a policy is a YAML file such as "
                      "policy/post-transition.yaml",
                      f"请用 `policy eval {shell_word(str(file))}` 评估这个家庭；政策文件是 YAML 文件，例如 "
                      "policy/post-transition.yaml"))])
    if not isinstance(doc.data, dict):
        kind = Said("a list", "一个列表") if isinstance(doc.data, list) else Said("a single value", "单个值")
        raise PolicyError([*_reported(duplicates), Diagnostic.said(
            "L004", Said(f"the file holds {kind.en}, but a policy is a map",
                         f"文件内容是{kind.zh}，而政策文件应是一个映射（键值对）"),
            doc.span(()), help=Said("start with `policy:` at the left margin (see docs/policy-files.md)",
                                    "请在行首（不缩进）以 `policy:` 开头（见 docs/policy-files.md）"))])
    if "cases" in doc.data and "policy" not in doc.data:  # a test case file given where a policy belongs
        raise _OtherKind([Diagnostic.said(
            "L004", Said("this is a file of test cases, not a policy", "这是测试用例文件，不是政策文件"),
            doc.span(("cases",), key=True),
            help=Said(f"run its cases with `policy test {shell_word(str(file))}`",
                      f"请用 `policy test {shell_word(str(file))}` 运行其中的测试用例"))])
    if "policy" not in doc.data:
        from engine.monitor.workdays import looks_like_calendar

        if looks_like_calendar(doc.data):  # the holidays of `policy monitor … --calendar` given where a policy belongs
            raise _OtherKind([Diagnostic.said(
                "L004", Said("this is a calendar file (the holidays and working days of a year), not a policy",
                             "这是工作日历文件（一年的节假日和调休上班日），不是政策文件"),
                doc.span((next(iter(doc.data)),), key=True),
                help=Said("move it out of the policy folder (every YAML file there is read as a policy) and give it "
                          "with `--calendar FILE` to `policy monitor apply` or `alerts`; a policy is a YAML file such "
                          "as policy/post-transition.yaml",
                          "请把它移出政策文件夹（文件夹中的每个 YAML 文件都按政策读取），再用 `--calendar 文件` 把它"
                          "交给 `policy monitor apply` 或 `alerts`；政策文件是 YAML 文件，例如 "
                          "policy/post-transition.yaml"))])
    duplicates, schema = indented_too_far(doc, *indented_too_little(doc, duplicates, schema_found(doc)))
    broken = broken_entries(doc, duplicates, schema)
    if broken is not None:  # the keys of an empty entry, read as entries of its section: reported at that entry
        broken |= keys_left_out(doc)
    if broken is None:  # the file's shape is not one its rules can be checked in
        raise PolicyError([*_reported(duplicates), *schema])
    return doc, raw, duplicates, schema, broken


def _reported(duplicates: list[Duplicate]) -> list[Diagnostic]:
    return [twice.diagnostic for twice in duplicates if twice.diagnostic is not None]


def load_policy(path: str | Path, raw: bytes | None = None) -> tuple[m.Policy, list[Diagnostic]]:
    """Load, validate, parse and check one policy file. Raises `PolicyError` on errors (`unchecked` when they
    stopped it before its rules were checked)."""
    try:
        doc, raw, duplicates, schema, broken = _readable(path, raw)
    except _OtherKind:
        raise
    except PolicyError as error:
        read = not any(d.code in _NOT_READ for d in error.diagnostics)
        raise PolicyError(error.diagnostics, unchecked=read) from None
    file = doc.file
    builder = _Builder(doc, broken)
    builder.unread += [doc.text[twice.start:twice.end] for twice in duplicates]  # the second of each, not read
    policy = builder.build(file, hashlib.sha256(raw).hexdigest())
    declared = {f.name for f in policy.inputs.values()}
    schema = grouped_as_read(schema, builder.parsed, declared)
    builder.diagnostics += [*_reported(duplicates), *schema]
    # a rule that did not parse, a name given twice, a key given twice or a schema mistake within one entry does
    # not stop the checker: it goes on with the rest, so that one run reports every mistake (what depends on the
    # broken rule or entry is not concluded)
    partial = has_errors(builder.diagnostics)
    unread = frozenset(name for text in builder.unread for name in names_written(text, builder.labels))
    def locate(path: tuple[str | int, ...], key: bool = False) -> Span:
        return doc.span(builder.in_file(path), key)

    def characters(path: tuple[str | int, ...], start: int, end: int) -> Span:
        path = builder.in_file(path)
        return doc.source_map(path)(start, end) if doc.info(path) is not None else doc.span(path)

    diagnostics, types = check(policy, locate, characters, partial, unread, builder.unknown_inputs,
                               {name: tuple(copies) for name, copies in builder.twice.items()},
                               citations_within(doc, broken))
    names = symbol_table(policy, builder.unknown_inputs)[0]
    builder.told_again(names)
    diagnostics = sorted([*diagnostics, *comments_cutting_rules(doc, builder.rules, names)], key=Diagnostic.sort_key)
    builder.diagnostics, diagnostics = named_in_chinese(schema, builder.diagnostics, diagnostics)
    if broken:  # a stand-in is not what the file says: what would be said of it is said of its schema mistake
        stand_ins = [entry_span(doc, builder.written_at(entry)) for entry in broken]
        diagnostics = [d for d in diagnostics if d.span is None or not any(within(d.span, s) for s in stand_ins)]
    if partial or has_errors(diagnostics):
        raise PolicyError([*builder.diagnostics, *diagnostics])
    from engine.checker.consistency import share_problems
    from engine.policy_values import parameter_values

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

