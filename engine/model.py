"""The policy model: what a loaded, checked policy file is.

Input: built by `engine.loader`. Output: frozen dataclasses that every later
stage reads (checker, evaluator, explain, diff, doc). Invariant: a `Policy`
never changes after loading; its `sha256` is the hash of the file's bytes and
identifies it in every decision.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeVar

from engine.diagnostics import Span
from engine.syntax import ast
from engine.syntax.printer import to_text

Level = Literal["household", "member"]


@dataclass(frozen=True)
class Label:
    zh: str | None = None
    en: str | None = None

    def get(self, lang: str, fallback: str = "") -> str:
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second or fallback


@dataclass(frozen=True)
class Expr:
    """An expression with the place it was written."""

    node: ast.Node
    span: Span = field(compare=False)

    @property
    def text(self) -> str:
        return to_text(self.node)


@dataclass(frozen=True)
class Source:
    id: str
    title: Label  # a title written as one text is kept as `zh`, and said in either language
    date: datetime.date | None = None
    url: str | None = None
    cited_as: Label | None = None  # how explanations name it in a citation
    articles: tuple[tuple[str, Label], ...] = ()  # an article as citations write it, and its wording
    one_title: bool = False  # the title written as one text: the document's own, in either language

    @property
    def titles(self) -> Label:
        """The title in each language the source gives it in: a title written as one text in both."""
        return Label(self.title.zh, self.title.zh) if self.one_title else self.title

    @property
    def names(self) -> Label:
        """What a reader of each language knows the source by, in its citations and in `policy diff`'s headings: its
        `cited_as` name in that language, else its title in it (a `cited_as` given in one language alone leaves the
        other's reader the title, not the name in a language they may not read); `Label.get` falls back to the
        other language's where the policy gives neither in it."""
        if self.cited_as is None:
            return self.titles
        return Label(self.cited_as.zh or self.titles.zh, self.cited_as.en or self.titles.en)

    def named_by(self, lang: str) -> str:
        """The field `names` takes the source's name in `lang` from, `cited_as` or `title`: the one that gives it in
        `lang`, else the one that gives the other language's name shown in its place."""
        for each in (lang, "en" if lang == "zh" else "zh"):
            if self.cited_as is not None and getattr(self.cited_as, each):
                return "cited_as"
            if getattr(self.titles, each):
                return "title"
        return "title"

    def article(self, part: str, lang: str) -> str:
        """One article of a citation (a part between ` / `) as explanations in `lang` say it: its wording
        under `articles` in that language, else as written (never the other language's wording)."""
        for written, wording in self.articles:
            if written == part.strip():
                return getattr(wording, lang) or part
        return part


@dataclass(frozen=True)
class MemberDescription:
    """How explanations describe a member beside their id, `p2（子女，12岁）`.

    `template` is the text as written, `{zh: '{relation}，{age}岁', …}`; `parts` holds, per
    language, its text and the expressions in its braces in turn (read at member level)."""

    template: Label
    parts: tuple[tuple[str, tuple[str | Expr, ...]], ...]
    span: Span = field(compare=False)

    def expressions(self) -> list[Expr]:
        return [part for _, parts in self.parts for part in parts if isinstance(part, Expr)]

    def parts_in(self, lang: str) -> tuple[str | Expr, ...]:
        """The parts in `lang`, else in the other language (as `Label.get` falls back)."""
        by_lang = dict(self.parts)
        return by_lang.get(lang) or by_lang.get("en" if lang == "zh" else "zh") or ()


@dataclass(frozen=True)
class Parameter:
    name: str
    expr: Expr
    label: Label
    source: str | None
    confirm: Label | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Plausible:
    """The range a household's figure is expected to lie in (`plausible:`), as the household file writes it, and
    the likely mistake behind a value below or above it: a value outside it is warned of (H013), never refused."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    if_below: Label | None = None
    if_above: Label | None = None
    span: Span = field(default=Span("", 0, 0, 0, 0), compare=False)

    def below(self, value: Decimal) -> bool:
        """Whether `value` is under the range; zero never is: no income of a kind is common."""
        return self.minimum is not None and value != 0 and value < self.minimum

    def above(self, value: Decimal) -> bool:
        return self.maximum is not None and value > self.maximum

    def text(self) -> str:
        """The range as `policy diff` shows it: `600 to 200000`, `at least 100`, `at most 5000000`."""
        low, high = (None if b is None else format(b.normalize(), "f") for b in (self.minimum, self.maximum))
        return f"{low} to {high}" if low and high else f"at least {low}" if low else f"at most {high}"


InputType = Literal["money", "integer", "number", "boolean", "date", "enum", "text"]


@dataclass(frozen=True)
class InputField:
    name: str  # dotted for household fields: "assets.deposits"
    level: Level
    type: InputType
    label: Label
    values: tuple[str, ...] = ()
    value_labels: tuple[tuple[str, Label], ...] = ()  # how explanations say the values of an enum
    has_default: bool = False
    default: Any = None  # as a household file would give it: a date as its YYYY-MM-DD text
    nullable: bool = False
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    span: Span = field(default=Span("", 0, 0, 0, 0), compare=False)
    # the inputs of its level a household must give too whenever it gives this one a value (`given_with`)
    given_with: tuple[str, ...] = ()
    plausible: Plausible | None = None


@dataclass(frozen=True)
class IncomeType:
    name: str
    counted: bool
    share: Expr | None
    label: Label
    source: str | None
    note: Label | None
    span: Span = field(compare=False)
    plausible: Plausible | None = None


@dataclass(frozen=True)
class ExpenseType:
    name: str
    rigid: bool
    label: Label
    source: str | None
    note: Label | None
    span: Span = field(compare=False)
    plausible: Plausible | None = None


@dataclass(frozen=True)
class Definition:
    """A definition (`value`) or an indicator (`test`, a yes/no fact)."""

    name: str
    level: Level
    expr: Expr
    label: Label
    source: str | None
    indicator: bool
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Clause:
    id: str
    label: Label
    test: Expr
    source: str | None
    span: Span = field(compare=False)
    confirm: Label | None = None  # a local ground to confirm (`confirm:`): a condition the document does not give


@dataclass(frozen=True)
class Category:
    id: str
    level: Level
    group: str | None
    label: Label
    source: str | None
    match: Literal["all", "any"]
    clauses: tuple[Clause, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Abolished:
    id: str
    label: Label
    absorbed_by: tuple[str, ...]
    source: str | None
    span: Span = field(compare=False)
    effective_from: datetime.date | None = None  # its own `from:`, when an earlier version abolished it


@dataclass(frozen=True)
class Option:
    id: str
    when: Expr
    amount: Expr | None
    label: Label | None
    source: str | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Measure:
    id: str
    level: Level
    department: str
    label: Label
    source: str | None
    per: Literal["month", "year"] | None
    options: tuple[Option, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Process:
    review_working_days: int
    special_case_working_days: int | None
    source: str | None
    span: Span = field(default=Span("", 0, 0, 0, 0), compare=False)  # the `process:` key


def window_said(effective_from: str, effective_to: str | None) -> str:
    """A policy's window as every message says it: `2024-07-16 – 2025-12-31`, `2026-01-01 – …` when it has no end."""
    return f"{effective_from} – {effective_to or '…'}"


@dataclass(frozen=True)
class Meta:
    id: str
    version: str
    title: Label
    effective_from: datetime.date
    effective_to: datetime.date | None
    sources: tuple[Source, ...]
    member_description: MemberDescription | None = None
    effective_span: Span = field(default=Span("", 0, 0, 0, 0), compare=False)  # the `effective:` key
    version_span: Span = field(default=Span("", 0, 0, 0, 0), compare=False)  # the `version:` value
    id_span: Span = field(default=Span("", 0, 0, 0, 0), compare=False)  # the `id:` value

    def in_force(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def window(self) -> str:
        end = self.effective_to.isoformat() if self.effective_to else None
        return window_said(self.effective_from.isoformat(), end)

    def cite(self, citation: str, lang: str) -> str | None:
        """A citation as a reader of `lang` reads it: `Dashi Town Doc. [2024] No. 47 Annex 1` for
        `dsz-2024-47 附件1` — the document by its name in `lang` (`Source.names`: its `cited_as` name, else its
        title), each article (a part between ` / `) by
        its wording under `articles`, each document of a citation that names several (parted by `;`) in
        turn; None where no source of its id is declared."""
        documents = cited_documents(citation)
        if len(documents) > 1:
            each = [self.cite(document, lang) for document in documents]
            if all(s is None for s in each):
                return None
            return DOCUMENT_SEPARATOR.get(lang, "; ").join(s or d for s, d in zip(each, documents, strict=True))
        document, _, article = citation.partition(" ")
        source = next((s for s in self.sources if s.id == document), None)
        if source is None:
            return None
        said = " / ".join(source.article(part, lang) for part in article.split(" / ")) if article else ""
        named = source.names.get(lang)  # as `policy diff` heads the source: the name a caseworker reads aloud
        if not named and said == article:
            return None
        return f"{named or document} {said}".rstrip()


# How a citation reads the documents it names apart: `dsz-2024-47 二、1; mz-2021-43 第七条` in the file,
# `大政发〔2024〕47号 二、1；民发〔2021〕43号 第七条` in a Chinese explanation.
DOCUMENT_SEPARATOR = {"zh": "；", "en": "; "}


def cited_documents(citation: str) -> list[str]:
    """Each document's part of a citation (`dsz-2024-47 二、1` and `mz-2021-43 第七条` of
    `dsz-2024-47 二、1; mz-2021-43 第七条`, or parted by a full-width `；` as a Chinese keyboard types it); the
    citation itself where it names one."""
    return [part for part, _ in cited_parts(citation)]


def cited_parts(citation: str) -> list[tuple[str, int]]:
    """`cited_documents`, each with the offset in the citation it starts at."""
    if ";" not in citation and "；" not in citation:
        return [(citation, 0)]
    parts = [(written.group().strip(), written.start() + len(written.group()) - len(written.group().lstrip()))
             for written in _ONE_DOCUMENT.finditer(citation) if written.group().strip()]
    return parts or [(citation, 0)]


_ONE_DOCUMENT = re.compile("[^;；]+")


@dataclass(frozen=True)
class Policy:
    """A loaded and checked policy version."""

    meta: Meta
    parameters: Mapping[str, Parameter]
    inputs: Mapping[str, InputField]  # key: "household:assets.deposits" / "member:birth_date"
    income: Mapping[str, IncomeType]
    expenses: Mapping[str, ExpenseType]
    definitions: Mapping[str, Definition]  # definitions and indicators, in file order
    categories: tuple[Category, ...]
    abolished: tuple[Abolished, ...]
    departments: Mapping[str, Label]
    assistance: tuple[Measure, ...]
    process: Process | None
    file: str
    sha256: str
    parameter_values: Mapping[str, Any] = field(compare=False, default_factory=dict)
    types: Mapping[int, Any] = field(compare=False, default_factory=dict, repr=False)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def abolished_since(self, gone: Abolished) -> datetime.date:
        """The day `gone` is abolished from: its own `from:`, else this version's first day."""
        return gone.effective_from or self.meta.effective_from

    def input_fields(self, level: Level) -> list[InputField]:
        return [f for f in self.inputs.values() if f.level == level]

    def reads(self, node: ast.Node) -> set[str]:
        """Every name an expression reads, directly or through the parameters and definitions it names."""
        seen: set[str] = set()
        todo = [n.dotted for n in ast.names_in(node)]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                source = self.parameters.get(name) or self.definitions.get(name)
                if source is not None:
                    todo.extend(n.dotted for n in ast.names_in(source.expr.node))
        return seen

    def written_as_percent(self, name: str) -> bool:
        """Whether a parameter is written as a percentage (`70%`): explanations and the register say its value so."""
        param = self.parameters.get(name)
        return param is not None and isinstance(param.expr.node, ast.Percent)

    def percent_line(self, node: ast.Node) -> bool:
        """Whether a side of a comparison is a percentage as the policy writes it: `50%`, or a parameter written so;
        a comparison of plain numbers with one is of shares, which explanations and the register say in percents."""
        return any(isinstance(n, ast.Percent) or (isinstance(n, ast.Name) and self.written_as_percent(n.dotted))
                   for n in node.walk())

    def written_monthly(self, node: ast.Node, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a rate is written per month (`490 yuan/month`), directly or through the parameters it uses."""
        for sub in node.walk():
            if isinstance(sub, ast.Quantity) and sub.unit in ("yuan/month", "yuan/year"):
                return sub.unit == "yuan/month"
            if isinstance(sub, ast.Name) and len(sub.parts) == 1 and sub.parts[0] in self.parameters \
                    and sub.parts[0] not in seen:
                name = sub.parts[0]
                expr = self.parameters[name].expr.node
                found = self.types.get(id(expr))
                if found is not None and found.kind == "rate":
                    return self.written_monthly(expr, seen | {name})
        return False

    def counts_months(self, node: ast.Node, seen: frozenset[str] = frozenset()) -> bool:
        """Whether an expression multiplies by a number of months, written (`24 months`) or held by a parameter it
        uses (`deposit_months_dibao`): then its rates read best per month."""
        for sub in node.walk():
            if isinstance(sub, ast.Quantity) and sub.unit == "month":
                return True
            if isinstance(sub, ast.Name) and len(sub.parts) == 1 and sub.parts[0] in self.parameters \
                    and sub.parts[0] not in seen and self.counts_months(self.parameters[sub.parts[0]].expr.node,
                                                                         seen | {sub.parts[0]}):
                return True
        return False

    def label_of(self, name: str) -> Label | None:
        """The label of any named thing, for explanations."""
        for table in (self.parameters, self.definitions, self.income, self.expenses):
            if name in table:
                return table[name].label
        for key in (f"household:{name}", f"member:{name}"):
            if key in self.inputs:
                return self.inputs[key].label
        category = self.category(name)
        return category.label if category else None


Derived = TypeVar("Derived")


def per_policy(build: Callable[[Policy], Derived]) -> Callable[[Policy], Derived]:
    """Build something from a policy once (a compiled program, a validator) and reuse it.

    Keyed by identity: a loaded Policy never changes, and a new load is a new object.
    """
    cache: dict[int, tuple[Policy, Derived]] = {}
    # the entry asked for last, looked at first: a run asks for one policy's again and again (six lookups a household
    # on the exact path), and an identity test costs less than hashing its id; one tuple, replaced whole, so that a
    # thread never reads one policy's entry with another's
    last: tuple[Any, Any] = (object(), None)

    def get(policy: Policy) -> Derived:
        nonlocal last
        known = last
        if known[0] is policy:
            return known[1]
        entry = cache.get(id(policy))
        if entry is None or entry[0] is not policy:
            entry = (policy, build(policy))
            cache[id(policy)] = entry
        last = entry
        return entry[1]

    get.__doc__ = build.__doc__
    return get
