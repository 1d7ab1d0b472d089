"""Two policies → what changed in meaning, section by section: `policy diff`.

Input: two loaded `Policy` versions and, for the places the model does not
locate (metadata, departments, process), their `YamlDocument`s. Output: a
`PolicyDiff` — an ordered tuple of `ItemChange`s (one per parameter, category,
measure… that differs), each with `Detail`s and the file spans on both sides.
Invariants: expressions are compared as ASTs, whose equality ignores spans, so
re-indenting, re-quoting or re-ordering keys is never a change; parameters are
compared by their computed values (rates per year) as well as by their rules;
label, note and citation changes are changes too but flagged `wording`;
`diff(p, p)` is empty. A changed rule whose label did not change carries the numbers that label writes and
the new rule does not have while the old rule had them (`StaleLabel`, as `policy check` finds them: C029), so
that a report says so beside the change that made the label disagree (not beside one it already disagreed
with). Every changed entry that can cite an article (a parameter,
a category, a clause, a measure, an option…) carries its `Citation`, once: on
the item, or on the first detail of a clause or an option.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from typing import Any, Literal

from engine import model as m
from engine.diagnostics import PolicyError, Said, Span
from engine.diff.exprdiff import Mark, marks
from engine.label_figures import Fold, LabelNumber, labelled_figures, rule_numbers, unmatched
from engine.syntax import ast
from engine.values import in_quotes, roomy
from engine.yamlsource import YamlDocument, load_yaml

ChangeKind = Literal["added", "removed", "changed", "abolished"]

# Display order; `indicators` are definitions with a yes/no `test`.
SECTIONS = ("policy", "parameters", "inputs", "income", "expenses", "definitions", "indicators", "categories",
            "abolished", "departments", "assistance", "process")
# Sections whose changes can alter a decision (the others are documentation or selection).
EVALUATED = ("parameters", "inputs", "income", "expenses", "definitions", "indicators", "categories",
             "assistance")


@dataclass(frozen=True)
class Citation:
    """What a changed entry cites on each side, as written (`dsz-2024-47 附件1`).

    A side is None where it cites nothing or has no such entry; `changed` says the entry is on both
    sides and cites differently, so that a reader is shown `old → new` rather than one of them.
    """

    old: str | None
    new: str | None
    changed: bool = False

    @property
    def current(self) -> str | None:
        """The citation a reader is shown when it did not change: the new side's, else the old side's."""
        return self.new if self.new is not None else self.old


def citation(old: Any, new: Any) -> Citation | None:
    """The citation of an entry present on the old side, the new side or both (None where absent)."""
    a, b = getattr(old, "source", None), getattr(new, "source", None)
    if a is None and b is None:
        return None
    return Citation(a, b, old is not None and new is not None and a != b)


@dataclass(frozen=True)
class StaleLabel:
    """The label of a changed rule, unchanged, and the numbers it writes that the new rule does not have."""

    label: m.Label
    numbers: tuple[LabelNumber, ...]

    def said(self, lang: str) -> Said:
        """What a report says under the change, quoting the label in `lang` (else in the other language)."""
        written = list(dict.fromkeys(n.number for n in self.numbers))
        en, zh = ", ".join(written), "、".join(written)
        quoted = Said(in_quotes(self.label.get("en")), in_quotes(self.label.get("zh")))
        one = len(written) == 1
        return Said(f"the label was not changed and still writes {en}, {'a number' if one else 'numbers'} the new "
                    f"rule does not have ({quoted.en}): check which of the two is meant",
                    f"标签没有修改，仍写着 {zh}，而新规则中没有{'这个数' if one else '这些数'}（{quoted.zh}）："
                    "请核对两者以哪个为准")


@dataclass(frozen=True)
class LabelFigure:
    """A number an option's or a clause's label writes that is the value of a parameter to confirm its rules read
    (`50%` of `防止返贫监测对象按50%救助`, `medical_share_monitoring`; `24` of `人均存款不超过24个月低保标准`,
    `dibao_deposit_months`): the label, read aloud beside the rule, is marked ⚠ as that figure is."""

    lang: str
    number: str
    label: str  # the label's text in `lang` (the other language's where it has none), as a report shows it
    parameter: str


@dataclass(frozen=True)
class KeptLimit:
    """A limit a changed rule measures a household's value against, written otherwise but the same figure on both
    sides (`marginal_line` → `1.5 * dibao_standard`: 9,180.00 元): the rule moves no household by it."""

    aspect: str  # limit, lower limit, upper limit
    value: Any
    unit: str


@dataclass(frozen=True)
class Detail:
    """One aspect of an item that differs: its value, rule, label, a clause, an option…"""

    aspect: str  # value, expression, test, when, amount, label, note, source, counted, share, rigid, level…
    change: ChangeKind
    old: Any = None  # a `Label` where the text is the policy's in each language (an added or removed source's title)
    new: Any = None
    kind: str = "text"  # text | expr | value | flag | list | date
    unit: str | None = None  # for `value`: number, amount, rate, duration…
    item: str | None = None  # a clause id, an option id, a language
    old_at: Span | None = None
    new_at: Span | None = None
    wording: bool = False
    relative: Decimal | None = None  # (new - old) / |old|, in percent, for values
    marks: tuple[Mark, ...] = ()
    derived: bool = False  # the value changed, its rule did not
    citation: Citation | None = None  # on the first detail of a clause or an option: what it cites
    percent: bool = False  # a value written as a percentage on each side it has (`20%` → `25%`)
    stale_label: StaleLabel | None = None  # on a changed rule: its unchanged label, where it writes numbers no more
    confirm: m.Label | None = None  # on a value: the `confirm` note of its parameter, or of one it is computed from
    kept_limits: tuple[KeptLimit, ...] = ()  # on a changed rule: the limits it writes otherwise, with the same figure
    # on each detail of an option or a clause whose label writes a figure to confirm: those figures; on the first,
    # their note
    label_figures: tuple[LabelFigure, ...] = ()
    label_confirm: m.Label | None = None
    # on a rule: the old and the new rule, for a report to word them as explanations do (`old`, `new` keep the text)
    rules: tuple[m.Expr | None, m.Expr | None] = field(default=(None, None), compare=False)


@dataclass(frozen=True)
class ItemChange:
    section: str
    id: str
    change: ChangeKind
    old_label: m.Label | None
    new_label: m.Label | None
    old_at: Span | None
    new_at: Span | None
    details: tuple[Detail, ...] = ()
    absorbed_by: tuple[str, ...] = ()
    citation: Citation | None = None

    @property
    def wording(self) -> bool:
        """Only labels, notes or citations differ: no decision can change."""
        return self.change == "changed" and all(d.wording for d in self.details)

    @property
    def derived(self) -> bool:
        """Only computed values differ (a parameter built from changed parameters)."""
        return self.change == "changed" and all(d.wording or d.derived for d in self.details) and not self.wording

    @property
    def key(self) -> str:
        return f"{self.section}.{self.id}"

    def label(self, lang: str) -> str:
        chosen = self.new_label or self.old_label
        return chosen.get(lang) if chosen else ""


@dataclass(frozen=True)
class PolicyDiff:
    old: m.Policy
    new: m.Policy
    items: tuple[ItemChange, ...]
    notes: tuple[tuple[str, Said], ...] = ()  # (level, what) of the two files as a pair (`engine.diff.pair_notes`)

    @property
    def same(self) -> bool:
        return not self.items

    def by_section(self) -> list[tuple[str, list[ItemChange]]]:
        return [(s, [i for i in self.items if i.section == s]) for s in SECTIONS
                if any(i.section == s for i in self.items)]


def expression_detail(aspect: str, old: m.Expr | None, new: m.Expr | None, item: str | None = None,
                      wording: bool = False) -> Detail | None:
    """A detail for a changed rule, with the differing sub-expressions marked; None when equal."""
    if old is None and new is None:
        return None
    if old is None or new is None:
        change: ChangeKind = "added" if old is None else "removed"
        return Detail(aspect, change, old.text if old else None, new.text if new else None, "expr",
                      item=item, old_at=old.span if old else None, new_at=new.span if new else None,
                      rules=(old, new))
    if old.node == new.node:
        return None
    return Detail(aspect, "changed", old.text, new.text, "expr", item=item, old_at=old.span, new_at=new.span,
                  marks=marks(old.node, new.node), wording=wording, rules=(old, new))


def _present(*details: Detail | None) -> list[Detail]:
    return [d for d in details if d is not None]


# -- small comparisons -------------------------------------------------------------------


Places = tuple[Span | None, Span | None]  # where a detail is written on the old side and on the new


def _labels(aspect: str, old: m.Label | None, new: m.Label | None, at: Places = (None, None),
            item: str | None = None) -> list[Detail]:
    """One wording detail per language whose text differs."""
    out = []
    for lang in ("zh", "en"):
        a, b = (getattr(old, lang) if old else None), (getattr(new, lang) if new else None)
        if a != b:
            change: ChangeKind = "added" if a is None else "removed" if b is None else "changed"
            out.append(Detail(aspect, change, a, b, item=f"{item}.{lang}" if item else lang,
                              old_at=at[0], new_at=at[1], wording=True))
    return out


def _labels_by_key(aspect: str, old: Mapping[str, m.Label], new: Mapping[str, m.Label],
                   at: Callable[[str], Places]) -> list[Detail]:
    """One wording detail per key and language whose text differs (an article's wording under a source's `articles`,
    a value's label under an input's `value_labels`), in the keys' order, each placed at its key's line by `at`."""
    return [d for key in dict.fromkeys([*old, *new]) for d in _labels(aspect, old.get(key), new.get(key), at(key),
                                                                      item=key)]


def _plain(aspect: str, old: Any, new: Any, kind: str = "text", wording: bool = False, item: str | None = None,
           at: Places = (None, None)) -> list[Detail]:
    if old == new:
        return []
    change: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
    return [Detail(aspect, change, old, new, kind, item=item, old_at=at[0], new_at=at[1], wording=wording)]


def _plausible(old: m.Plausible | None, new: m.Plausible | None) -> list[Detail]:
    """A plausible range set, changed or removed, as its ends say it (`600 to 200000`); its hints are wording."""
    return _plain("plausible", old.text() if old else None, new.text() if new else None,
                  at=(old.span if old else None, new.span if new else None))


def _source_name(source: m.Source) -> m.Label:
    """What a source's entry is labelled by: the name its citations give it in each language (`Source.names`: its
    `cited_as` name, else its title, in that language)."""
    return source.names


def _number(value: Any) -> Any:
    """A whole number of the YAML (`default: 0`) as the decimal a fractional one is read as (`default: 0.5`), so that
    both are one kind of value, as `minimum` and `maximum` are; any other value as it is."""
    return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value


def relative_change(old: Any, new: Any) -> Decimal | None:
    if not (isinstance(old, Decimal) and isinstance(new, Decimal)) or old == 0 or isinstance(old, bool):
        return None
    with localcontext(roomy(old, new)):
        return ((new - old) * 100 / abs(old)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _position(items: Iterable[Any], item: Any) -> int:
    """Where `item` itself (a category, a clause, a measure, an option of a loaded policy) is in `items`."""
    return next(i for i, x in enumerate(items) if x is item)


def _cited_once(details: list[Detail], cites: Citation | None) -> list[Detail]:
    """The details of one clause or option, the first of them carrying what it cites: said once per entry."""
    if details and cites is not None:
        details[0] = replace(details[0], citation=cites)
    return details


def _option_figured(details: list[Detail], policy: m.Policy, option: m.Option) -> list[Detail]:
    """The details of one option, its label marked where it writes a figure to confirm (`_label_figured`)."""
    return _label_figured(details, policy, option.label, [e for e in (option.when, option.amount) if e is not None])


def _clause_figured(details: list[Detail], policy: m.Policy, clause: m.Clause) -> list[Detail]:
    """The details of one clause, its label marked where it writes a figure to confirm (`_label_figured`): the 24 of
    `人均存款不超过24个月低保标准`, `dibao_deposit_months`."""
    return _label_figured(details, policy, clause.label, [clause.test])


def _label_figured(details: list[Detail], policy: m.Policy, label: m.Label | None,
                   rules: list[m.Expr]) -> list[Detail]:
    """The details of one option or clause, where its label writes the figure of a parameter to confirm its `rules`
    read (in `policy`, the version the entry is taken from): each that names the entry by its label marked with
    those figures, the first with the parameter's note, said once per entry."""
    figures = [LabelFigure(lang, found.number, text, name)
               for lang, text, found, name in labelled_figures(policy, label, [e.node for e in rules])]
    if not figures:
        return details
    note = policy.parameters[figures[0].parameter].confirm
    out, noted = [], False
    for d in details:
        if not d.aspect.endswith("label"):  # a change of the label itself shows the id alone
            d = replace(d, label_figures=tuple(figures), label_confirm=None if noted else note)
            noted = True
        out.append(d)
    return out


def _confirm_read(policy: m.Policy, node: ast.Node) -> m.Label | None:
    """The `confirm` note of the first parameter (by name) a rule reads, directly or through others."""
    for name in sorted(policy.reads(node)):
        read = policy.parameters.get(name)
        if read is not None and read.confirm is not None:
            return read.confirm
    return None


def crossed_confirm(policy: m.Policy, name: str) -> m.Label | None:
    """The `confirm` note of a figure a household is measured against (a limit in a clause or a definition) that is
    computed from the parameter or definition `name` together with a parameter to confirm: a move `name`'s change
    makes across that figure (`marginal_multiplier` in `marginal_multiplier * dibao_standard`) rests on a value to
    confirm, though `name`'s own value is settled."""
    return next((note for _, _, note in crossed_figures(policy, name)), None)


def measuring_rules(policy: m.Policy) -> list[tuple[m.Level, ast.Node]]:
    """The rules that measure a household against figures, each with its level: every clause, every definition."""
    return [*((c.level, w.test.node) for c in policy.categories for w in c.clauses),
            *((d.level, d.expr.node) for d in policy.definitions.values())]


def crossed_figures(policy: m.Policy, name: str) -> Iterator[tuple[int, int, m.Label]]:
    """Where a household is measured against a figure computed from `name` together with a parameter to confirm
    (`crossed_confirm`): the rule's place in `measuring_rules`, the place in its walk of the comparison — or of the
    aggregate that holds it, which alone is computed for the household — and the note."""
    for at, (_, rule) in enumerate(measuring_rules(policy)):
        held: dict[int, int] = {}  # a node inside an aggregate → the place of the outermost aggregate
        for place, node in enumerate(rule.walk()):
            if isinstance(node, ast.Aggregate) and id(node) not in held:
                held.update((id(x), place) for x in node.walk())
            limits = ((node.left, node.right) if isinstance(node, ast.Compare)
                      else (node.low, node.high) if isinstance(node, ast.InRange) else ())
            note = next((note for limit in limits
                         if name in policy.reads(limit) and (note := _confirm_read(policy, limit)) is not None), None)
            if note is not None:
                yield at, held.get(id(node), place), note


def _compared(node: ast.Node) -> list[tuple[str, ast.Node, ast.Node]]:
    """What a rule measures a value against: (aspect, the limit, what it limits) for each side of each comparison
    and for each bound of each range (`lower limit`, `upper limit`)."""
    out: list[tuple[str, ast.Node, ast.Node]] = []
    for n in node.walk():
        if isinstance(n, ast.Compare):
            out += [("limit", n.left, n.right), ("limit", n.right, n.left)]
        elif isinstance(n, ast.InRange):
            out += [("lower limit", n.low, n.value), ("upper limit", n.high, n.value)]
    return out


def _renamed_clauses(olds: Mapping[str, m.Clause], news: Mapping[str, m.Clause]) -> dict[str, str]:
    """Clauses given a new id and nothing else of their rule: old id → new id, where exactly one clause gone and
    one clause come have that rule (a rule written twice is not guessed at)."""
    gone = [w for cid, w in olds.items() if cid not in news]
    come = [v for cid, v in news.items() if cid not in olds]
    return {w.id: match[0].id for w in gone
            if len(match := [v for v in come if v.test.node == w.test.node]) == 1
            and sum(x.test.node == w.test.node for x in gone) == 1}


def _value_kind(policy: m.Policy, expr: m.Expr) -> str:
    found = policy.types.get(id(expr.node))
    return found.kind if found is not None else "unknown"


class _Differ:
    def __init__(self, old: m.Policy, new: m.Policy, old_doc: YamlDocument | None, new_doc: YamlDocument | None):
        self.old, self.new = old, new
        self.old_doc, self.new_doc = old_doc, new_doc
        self.items: list[ItemChange] = []
        self._constant: dict[str, Fold] = {}  # by side: each policy's constant folder, made when first needed
        self._policy_wide: dict[str, tuple[Any, dict[str, Any]]] = {}  # by side: its folder and the names it knows

    def stale(self, detail: Detail, old_label: m.Label | None, new_label: m.Label | None,
              old_rules: list[ast.Node], new_rules: list[ast.Node]) -> Detail:
        """`detail`, a change of rules (`old_rules` → `new_rules`), with the numbers of the label, where it did not
        change, that the new rules do not have and the old ones had: the change made the label disagree. A number
        the old rules lacked too is no news of this change (`policy check` reports it on both versions)."""
        if detail.change != "changed" or new_label is None or old_label != new_label:
            return detail
        found = self._unmatched("new", new_label, new_rules)
        if found:
            before = {(n.lang, n.start) for n in self._unmatched("old", new_label, old_rules)}
            found = [n for n in found if (n.lang, n.start) not in before]
        return replace(detail, stale_label=StaleLabel(new_label, tuple(found))) if found else detail

    def _unmatched(self, side: str, label: m.Label, rules: list[ast.Node]) -> list[LabelNumber]:
        policy = self.new if side == "new" else self.old
        if side not in self._constant:
            from engine.policy_values import constant_folder

            self._constant[side] = constant_folder(policy, policy.types).constant
        numbers = rule_numbers(policy, rules, policy.types, policy.parameter_values, self._constant[side])
        return unmatched(label, numbers)

    def at(self, side: str, path: tuple[str | int, ...], key: bool = False) -> Span | None:
        doc = self.old_doc if side == "old" else self.new_doc
        if doc is None or doc.info(path) is None:
            return None
        return doc.span(path, key=key)

    def keys_at(self, old: tuple[str | int, ...], new: tuple[str | int, ...], old_entry: Span | None,
                new_entry: Span | None) -> Callable[[str], Places]:
        """Where a change of a key (`label`, `confirm`, `source`, `note`, a setting such as `counted` or `group`) of
        the entry at `old` and `new` in the two files is placed, as a changed rule is at its `test:`: at the key's
        line on each side, or at the entry's own line (`old_entry`, `new_entry`) on a side without that key."""
        def placed(key: str) -> Places:
            return (self.at("old", (*old, key), key=True) or old_entry,
                    self.at("new", (*new, key), key=True) or new_entry)
        return placed

    def add(self, section: str, ident: str, change: ChangeKind, old_label: m.Label | None,
            new_label: m.Label | None, old_at: Span | None, new_at: Span | None, details: Iterable[Detail],
            absorbed_by: tuple[str, ...] = (), cites: Citation | None = None) -> None:
        found = tuple(details)
        if change != "changed" or found:
            self.items.append(ItemChange(section, ident, change, old_label, new_label, old_at, new_at, found,
                                         absorbed_by, cites))

    def keyed(self, section: str, old: Mapping[str, Any], new: Mapping[str, Any],
              compare: Callable[[Any, Any], list[Detail]], summary: Callable[[Any, str], list[Detail]]) -> None:
        """Match items by name: removed (old order), changed, then added (new order)."""
        for name, a in old.items():
            b = new.get(name)
            if b is None:
                self.add(section, name, "removed", a.label, None, a.span, None, summary(a, "removed"),
                         cites=citation(a, None))
            else:
                self.add(section, name, "changed", a.label, b.label, a.span, b.span, compare(a, b),
                         cites=citation(a, b))
        for name, b in new.items():
            if name not in old:
                self.add(section, name, "added", None, b.label, None, b.span, summary(b, "added"),
                         cites=citation(None, b))

    # metadata ---------------------------------------------------------------------------

    def meta(self) -> None:
        a, b = self.old.meta, self.new.meta
        at = self.keys_at(("policy",), ("policy",), None, None)  # each entry headed and placed at its key's line
        for key, x, y in (("id", a.id, b.id), ("version", a.version, b.version),
                          ("effective", a.window(), b.window())):
            self.add("policy", key, "changed", None, None, *at(key), _plain(key, x, y, at=at(key)))
        old_description, new_description = (d.template if d is not None else None
                                            for d in (a.member_description, b.member_description))
        labels: tuple[tuple[str, m.Label | None, m.Label | None], ...] = (
            ("title", a.title, b.title), ("member_description", old_description, new_description))
        for key, old_label, new_label in labels:
            # a language's text at its own line where the mapping is written over several
            languages = self.keys_at(("policy", key), ("policy", key), *at(key))
            placed = [(d, languages(str(d.item))) for d in _labels(key, old_label, new_label)]  # `item`: the language
            self.add("policy", key, "changed", None, None, *at(key),
                     [replace(d, old_at=old_at, new_at=new_at) for d, (old_at, new_at) in placed])
        old_sources = {s.id: (i, s) for i, s in enumerate(a.sources)}
        new_sources = {s.id: (i, s) for i, s in enumerate(b.sources)}
        for sid, (i, s) in old_sources.items():
            where = self.at("old", ("policy", "sources", i))
            if sid not in new_sources:
                self.add("policy", f"source {sid}", "removed", _source_name(s), None, where, None,
                         [Detail("title", "removed", s.titles, None, wording=True)])
                continue
            j, t = new_sources[sid]
            new_where = self.at("new", ("policy", "sources", j))
            at = self.keys_at(("policy", "sources", i), ("policy", "sources", j), where, new_where)
            details = _labels("title", s.title, t.title, at("title"))
            details += [d for f in ("date", "url")
                        for d in _plain(f, getattr(s, f), getattr(t, f), wording=True, at=at(f))]
            details += _labels("cited_as", s.cited_as, t.cited_as, at("cited_as"))
            details += _labels_by_key("article", dict(s.articles), dict(t.articles),
                                      self.keys_at(("policy", "sources", i, "articles"),
                                                   ("policy", "sources", j, "articles"), where, new_where))
            self.add("policy", f"source {sid}", "changed", _source_name(s), _source_name(t), where, new_where, details)
        for sid, (j, t) in new_sources.items():
            if sid not in old_sources:
                self.add("policy", f"source {sid}", "added", None, _source_name(t), None,
                         self.at("new", ("policy", "sources", j)),
                         [Detail("title", "added", None, t.titles, wording=True)])

    # parameters -------------------------------------------------------------------------

    def parameter_value(self, p: m.Parameter | None, q: m.Parameter | None) -> list[Detail]:
        x = self.old.parameter_values.get(p.name) if p else None
        y = self.new.parameter_values.get(q.name) if q else None
        unit = _value_kind(self.new, q.expr) if q else _value_kind(self.old, p.expr) if p else None
        if p is not None and q is not None and x == y:
            return []
        change: ChangeKind = "added" if p is None else "removed" if q is None else "changed"
        derived = p is not None and q is not None and p.expr.node == q.expr.node
        percent = all(isinstance(r.expr.node, ast.Percent) for r in (p, q) if r is not None)
        return [Detail("value", change, x, y, "value", unit=unit, old_at=p.expr.span if p else None,
                       new_at=q.expr.span if q else None, relative=relative_change(x, y), derived=derived,
                       percent=percent, confirm=self.to_confirm(p, q))]

    def to_confirm(self, p: m.Parameter | m.Definition | None,
                   q: m.Parameter | m.Definition | None) -> m.Label | None:
        """The `confirm` note a value rests on: its parameter's own, else that of a parameter it is computed from —
        in the new version where it has the value (a note the new version drops marks the figure settled), else in
        the old: a figure the document does not give is not a settled change."""
        policy, param = (self.new, q) if q is not None else (self.old, p)
        if param is None:
            return None
        if isinstance(param, m.Parameter) and param.confirm is not None:
            return param.confirm
        return _confirm_read(policy, param.expr.node)

    def parameters(self) -> None:
        def compare(p: m.Parameter, q: m.Parameter) -> list[Detail]:
            at = self.keys_at(("parameters", p.name), ("parameters", q.name), p.span, q.span)
            rule = expression_detail("expression", p.expr, q.expr)
            values = self.parameter_value(p, q)
            if values:  # a value the label may still write, whether its rule or the parameters it reads changed
                values[0] = self.stale(values[0], p.label, q.label, [p.expr.node], [q.expr.node])
            elif rule is not None:
                rule = self.stale(rule, p.label, q.label, [p.expr.node], [q.expr.node])
            return [*values, *([rule] if rule else []),
                    *_labels("label", p.label, q.label, at("label")),
                    *_plain("source", p.source, q.source, wording=True, at=at("source")),
                    *_labels("confirm", p.confirm, q.confirm, at("confirm"))]

        def summary(p: m.Parameter, change: str) -> list[Detail]:
            old, new = (p.expr, None) if change == "removed" else (None, p.expr)
            rule = expression_detail("expression", old, new)
            return [*self.parameter_value(p if change == "removed" else None, p if change == "added" else None),
                    *([rule] if rule else [])]

        self.keyed("parameters", self.old.parameters, self.new.parameters, compare, summary)

    # inputs, income, expenses ------------------------------------------------------------

    def inputs(self) -> None:
        def path(f: m.InputField) -> tuple[str, ...]:
            return ("inputs", f.level, f.name)

        def compare(a: m.InputField, b: m.InputField) -> list[Detail]:
            at = self.keys_at(path(a), path(b), a.span, b.span)
            out: list[Detail] = []
            for f in ("type", "values", "has_default", "default", "nullable", "minimum", "maximum", "given_with"):
                x, y = _number(getattr(a, f)), _number(getattr(b, f))
                if x != y:
                    old_at, new_at = at("default" if f == "has_default" else f)
                    out.append(Detail(f, "changed", x, y, "list" if f in ("values", "given_with") else "text",
                                      old_at=old_at, new_at=new_at))
            # how explanations say each value: placed at the value's key under `value_labels`
            value_labels = _labels_by_key("value label", dict(a.value_labels), dict(b.value_labels),
                                          self.keys_at((*path(a), "value_labels"), (*path(b), "value_labels"),
                                                       *at("value_labels")))
            return out + value_labels + _plausible(a.plausible, b.plausible) + _labels("label", a.label, b.label,
                                                                                       at("label"))

        def summary(a: m.InputField, change: str) -> list[Detail]:
            """An input added or removed: its type, values, and its default — or, for one added without any, that
            it is required (household records that do not give it are refused, as those written before it)."""
            removed = change == "removed"

            def setting(aspect: str, value: Any, kind: str = "text") -> Detail:
                before, after = (value, None) if removed else (None, value)
                return Detail(aspect, "removed" if removed else "added", before, after, kind)

            out = [setting("type", a.type), *([setting("values", a.values, "list")] if a.values else [])]
            if a.has_default:
                out.append(setting("default", _number(a.default)))
            elif not removed:
                out.append(setting("required", True))
            return out

        for level in ("household", "member"):
            olds = {f.name: f for f in self.old.inputs.values() if f.level == level}
            news = {f.name: f for f in self.new.inputs.values() if f.level == level}
            start = len(self.items)
            self.keyed("inputs", olds, news, compare, summary)
            for i in range(start, len(self.items)):
                self.items[i] = replace(self.items[i], id=f"{level}:{self.items[i].id}")

    def share(self, policy: m.Policy, income: m.IncomeType) -> Decimal:
        if income.share is None:
            return Decimal(1)
        from engine.evaluator import program_for
        share: Decimal = program_for(policy).shares[income.name]
        return share

    def income(self) -> None:
        def compare(a: m.IncomeType, b: m.IncomeType) -> list[Detail]:
            at = self.keys_at(("income", a.name), ("income", b.name), a.span, b.span)
            out = _plain("counted", a.counted, b.counted, "flag", at=at("counted"))
            rule = expression_detail("share", a.share, b.share) if a.share and b.share else None
            x, y = self.share(self.old, a), self.share(self.new, b)
            if rule is not None or (a.share is None) != (b.share is None) or x != y:
                # a share is a part of the amount: said as percentages, its change in points (`80% → 100%`)
                out.append(Detail("share", "changed", x, y, "value", unit="number",
                                  old_at=a.share.span if a.share else a.span,
                                  new_at=b.share.span if b.share else b.span,
                                  relative=relative_change(x, y), marks=rule.marks if rule else (), percent=True,
                                  derived=rule is None and a.share is not None and b.share is not None,
                                  confirm=_confirm_read(self.new, b.share.node) if b.share else None))
            if (a.share is None) != (b.share is None):  # the rule deleted (the whole amount counted), or written
                out.append(Detail("share_rule", "removed" if b.share is None else "added",
                                  a.share.text if a.share else None, b.share.text if b.share else None, "expr",
                                  old_at=a.share.span if a.share else None, new_at=b.share.span if b.share else None,
                                  rules=(a.share, b.share)))
            return [*out, *_plausible(a.plausible, b.plausible), *_labels("label", a.label, b.label, at("label")),
                    *_labels("note", a.note, b.note, at("note")),
                    *_plain("source", a.source, b.source, wording=True, at=at("source"))]

        def summary(a: m.IncomeType, change: str) -> list[Detail]:
            side = {"old": a.counted} if change == "removed" else {"new": a.counted}
            return [Detail("counted", change, kind="flag", **side)]  # type: ignore[arg-type]

        self.keyed("income", self.old.income, self.new.income, compare, summary)

    def expenses(self) -> None:
        def compare(a: m.ExpenseType, b: m.ExpenseType) -> list[Detail]:
            at = self.keys_at(("expenses", a.name), ("expenses", b.name), a.span, b.span)
            return [*_plain("rigid", a.rigid, b.rigid, "flag", at=at("rigid")),
                    *_plausible(a.plausible, b.plausible), *_labels("label", a.label, b.label, at("label")),
                    *_labels("note", a.note, b.note, at("note")),
                    *_plain("source", a.source, b.source, wording=True, at=at("source"))]

        def summary(a: m.ExpenseType, change: str) -> list[Detail]:
            side = {"old": a.rigid} if change == "removed" else {"new": a.rigid}
            return [Detail("rigid", change, kind="flag", **side)]  # type: ignore[arg-type]

        self.keyed("expenses", self.old.expenses, self.new.expenses, compare, summary)

    # definitions and indicators ---------------------------------------------------------

    def computed(self, a: m.Definition | None, b: m.Definition | None) -> list[Detail]:
        """The value of a definition the same for every household (`marginal_line: marginal_multiplier *
        dibao_standard`), where it differs: a line or a limit moved by the parameters it is computed from is a
        change an auditor must see, though its rule reads the same. A side whose rule reads a household's data has
        no such value, and only the rule's change is said."""
        from engine.policy_values import policy_wide_values

        if any(d is not None and d.indicator for d in (a, b)):
            return []  # a yes/no the same for every household is a rule's concern, said by its change
        x = policy_wide_values(self.old).get(a.name) if a is not None else None
        y = policy_wide_values(self.new).get(b.name) if b is not None else None
        if x == y or (a is not None and x is None) or (b is not None and y is None):
            return []
        change: ChangeKind = "added" if a is None else "removed" if b is None else "changed"
        unit = _value_kind(self.new, b.expr) if b is not None else _value_kind(self.old, a.expr) if a else None
        return [Detail("computed", change, x, y, "value", unit=unit, old_at=a.expr.span if a else None,
                       new_at=b.expr.span if b else None, relative=relative_change(x, y),
                       derived=a is not None and b is not None and a.expr.node == b.expr.node,
                       confirm=self.to_confirm(a, b))]

    def definitions(self) -> None:
        def compare(a: m.Definition, b: m.Definition) -> list[Detail]:
            at = self.keys_at(("indicators" if a.indicator else "definitions", a.name),
                              ("indicators" if b.indicator else "definitions", b.name), a.span, b.span)
            rule = expression_detail("test" if b.indicator else "value", a.expr, b.expr)
            rule = self.stale(rule, a.label, b.label, [a.expr.node], [b.expr.node]) if rule else None
            kind = _plain("kind", "indicator" if a.indicator else "definition",
                          "indicator" if b.indicator else "definition")
            return [*kind, *_plain("level", a.level, b.level, at=at("level")), *self.computed(a, b),
                    *([rule] if rule else []), *_labels("label", a.label, b.label, at("label")),
                    *_plain("source", a.source, b.source, wording=True, at=at("source"))]

        def summary(a: m.Definition, change: str) -> list[Detail]:
            old, new = (a.expr, None) if change == "removed" else (None, a.expr)
            rule = expression_detail("test" if a.indicator else "value", old, new)
            computed = self.computed(a, None) if change == "removed" else self.computed(None, a)
            return [*computed, *([rule] if rule else [])]

        start = len(self.items)
        self.keyed("definitions", self.old.definitions, self.new.definitions, compare, summary)
        for i in range(start, len(self.items)):
            item = self.items[i]
            owner = self.new.definitions.get(item.id) or self.old.definitions[item.id]
            if owner.indicator:
                self.items[i] = replace(item, section="indicators")

    # categories -------------------------------------------------------------------------

    def policy_wide(self, side: str, node: ast.Node) -> Any:
        """The value of a rule that reads parameters and policy-wide definitions alone, on one side; None for one
        that reads a household's data, or that cannot be computed (reported where it is evaluated)."""
        from engine.evaluator import EvaluationError
        from engine.policy_values import policy_wide_folder, policy_wide_values
        from engine.rule_needs import reads_only

        policy = self.new if side == "new" else self.old
        if side not in self._policy_wide:
            known = {**policy.parameter_values, **policy_wide_values(policy)}
            self._policy_wide[side] = (policy_wide_folder(policy, policy.types), known)
        folder, known = self._policy_wide[side]
        if not reads_only(node, known):
            return None
        try:
            return folder.compile(node, "household")(None)
        except EvaluationError:
            return None

    def _limit_pairs(self, old: m.Expr, new: m.Expr) -> list[tuple[str, ast.Node, ast.Node, Any, Any]]:
        """(aspect, old limit, new limit, old figure, new figure) for each limit of a rule computed from parameters
        alone on both sides and measuring the same value; a parameter or definition by its name on both sides and
        a comparison of two such values are left out."""
        before_nodes, after_nodes = _compared(old.node), _compared(new.node)
        if len(before_nodes) != len(after_nodes):
            return []
        out = []
        for (aspect, x, measured), (other, y, now_measured) in zip(before_nodes, after_nodes, strict=True):
            if aspect != other or measured != now_measured or (isinstance(x, ast.Name) and isinstance(y, ast.Name)):
                continue
            if not any(isinstance(n, ast.Name) for n in y.walk()) or self.policy_wide("new", now_measured) is not None:
                continue
            before, after = self.policy_wide("old", x), self.policy_wide("new", y)
            if before is not None and after is not None and not isinstance(after, bool):
                out.append((aspect, x, y, before, after))
        return out

    def limits(self, item: str | None, old: m.Expr, new: m.Expr) -> list[Detail]:
        """The limits a rule measures a household's value against that are computed from parameters alone, where
        they differ (`deposits_per_capita <= dibao_standard * 24 months`: 11,760.00 → 12,240.00 元): the line a
        household is measured against moved, though the rule may read the same (then the limit is flagged as
        computed from changed parameters) or only the limit's own rule changed (`24 months` → `30 months`: the
        figure beside the rule's change). A limit that is a parameter or a definition by its name on both sides is
        listed in its own section; a comparison of two such values decides no household apart and is left out."""
        derived = old.node == new.node
        out: list[Detail] = []
        for aspect, x, y, before, after in self._limit_pairs(old, new):
            if before == after:
                continue
            kind = self.new.types.get(id(y))
            out.append(Detail(aspect, "changed", before, after, "value", unit=kind.kind if kind else "unknown",
                              item=item, old_at=x.span, new_at=y.span, relative=relative_change(before, after),
                              derived=derived, confirm=_confirm_read(self.new, y)))
        return out

    def kept_limits(self, rule: Detail | None, old: m.Expr, new: m.Expr) -> Detail | None:
        """A changed rule with the limits it writes otherwise that are the same figure on both sides
        (`per_capita_income < marginal_line` → `per_capita_income < 1.5 * dibao_standard`: 9,180.00 元): a reader
        is told the line a household is measured against did not move."""
        if rule is None or rule.change != "changed":
            return rule
        kept = tuple(KeptLimit(aspect, after, kind.kind if (kind := self.new.types.get(id(y))) else "unknown")
                     for aspect, x, y, before, after in self._limit_pairs(old, new) if before == after and x != y)
        return replace(rule, kept_limits=kept) if kept else rule

    def computed_amount(self, item: str | None, old: m.Expr | None, new: m.Expr | None,
                        per: str | None) -> list[Detail]:
        """An amount computed from parameters alone (`tekun_standard * 1 month`), where its value differs: what a
        household is paid moved with the parameters, though the amount's rule may read the same. A measure paid
        monthly says its amount a month (`637.00 → 663.00 元/月`), as explanations say it."""
        if old is None or new is None:
            return []
        before, after = self.policy_wide("old", old.node), self.policy_wide("new", new.node)
        if before is None or after is None or before == after or isinstance(after, bool):
            return []
        found = self.new.types.get(id(new.node))
        kind = found.kind if found else "unknown"
        return [Detail("computed amount", "changed", before, after, "value",
                       unit="month" if kind == "amount" and per == "month" else kind,
                       item=item, old_at=old.span, new_at=new.span, relative=relative_change(before, after),
                       derived=old.node == new.node, confirm=_confirm_read(self.new, new.node))]

    def clauses(self, a: m.Category | None, b: m.Category | None) -> list[Detail]:
        olds = {w.id: w for w in a.clauses} if a else {}
        news = {w.id: w for w in b.clauses} if b else {}
        renamed = _renamed_clauses(olds, news)
        out: list[Detail] = []
        for old_id, w in olds.items():
            v = news.get(renamed.get(old_id, old_id))
            if v is None:
                out += _clause_figured(_cited_once([Detail("clause", "removed", w.test.text, None, "expr",
                                                           item=old_id, old_at=w.test.span, rules=(w.test, None))],
                                                   citation(w, None)), self.old, w)
                continue
            cid = v.id
            assert a is not None and b is not None  # a clause of both sides is of a category of both
            at = self.keys_at(("categories", _position(self.old.categories, a), "when", _position(a.clauses, w)),
                              ("categories", _position(self.new.categories, b), "when", _position(b.clauses, v)),
                              w.span, v.span)
            new_id = [Detail("clause id", "changed", old_id, cid, item=cid, old_at=w.span, new_at=v.span,
                             wording=True)] if cid != old_id else []
            rule = expression_detail("clause", w.test, v.test, item=cid)
            rule = self.stale(rule, w.label, v.label, [w.test.node], [v.test.node]) if rule else None
            rule = self.kept_limits(rule, w.test, v.test)
            if rule is not None and v.confirm is not None:  # a move the new rule makes rests on a ground to confirm
                rule = replace(rule, confirm=v.confirm)
            said = _cited_once([*new_id, *([rule] if rule else []), *self.limits(cid, w.test, v.test),
                                *_labels("clause label", w.label, v.label, at("label"), item=cid),
                                *_labels("clause confirm", w.confirm, v.confirm, at("confirm"), item=cid),
                                *_plain("clause source", w.source, v.source, wording=True, item=cid,
                                        at=at("source"))],
                               citation(w, v))
            out += _clause_figured(said, self.new, v)
        for cid, v in news.items():
            if cid not in olds and cid not in renamed.values():
                out += _clause_figured(_cited_once([Detail("clause", "added", None, v.test.text, "expr", item=cid,
                                                           new_at=v.test.span, rules=(None, v.test),
                                                           confirm=v.confirm)], citation(None, v)), self.new, v)
        common = [renamed.get(c, c) for c in olds if c in news or c in renamed]  # by their new ids
        kept = [c for c in news if c in common]
        if a and b and common != kept:
            out.append(Detail("clause order", "changed", common, kept, "list", wording=True))
        return out

    def categories(self) -> None:
        absorbed = {g.id: g for g in self.new.abolished}
        olds = {c.id: c for c in self.old.categories}
        news = {c.id: c for c in self.new.categories}
        for cid, a in olds.items():
            b = news.get(cid)
            if b is None:
                gone = absorbed.get(cid)
                self.add("categories", cid, "abolished" if gone else "removed", a.label, None, a.span,
                         gone.span if gone else None, self.clauses(a, None),
                         absorbed_by=gone.absorbed_by if gone else (), cites=citation(a, gone))
                continue
            at = self.keys_at(("categories", _position(self.old.categories, a)),
                              ("categories", _position(self.new.categories, b)), a.span, b.span)
            details = [*_plain("level", a.level, b.level, at=at("level")),
                       *_plain("group", a.group, b.group, at=at("group")),
                       *_plain("match", a.match, b.match, at=at("match")), *self.clauses(a, b),
                       *_labels("label", a.label, b.label, at("label")),
                       *_plain("source", a.source, b.source, wording=True, at=at("source"))]
            self.add("categories", cid, "changed", a.label, b.label, a.span, b.span, details, cites=citation(a, b))
        for cid, b in news.items():
            if cid not in olds:
                settings = [Detail(f, "added", None, getattr(b, f)) for f in ("level", "group")
                            if getattr(b, f) is not None]
                self.add("categories", cid, "added", None, b.label, None, b.span, settings + self.clauses(None, b),
                         cites=citation(None, b))
        for group in dict.fromkeys(c.group for c in self.new.categories if c.group):
            before = [c.id for c in self.old.categories if c.group == group]
            after = [c.id for c in self.new.categories if c.group == group]
            if [c for c in before if c in after] != [c for c in after if c in before]:
                first_old = next(c.span for c in self.old.categories if c.group == group)
                first_new = next(c.span for c in self.new.categories if c.group == group)
                self.add("categories", f"group {group}", "changed", None, None, first_old, first_new,
                         [Detail("order", "changed", before, after, "list")])

    def abolished(self) -> None:
        old_categories = {c.id for c in self.old.categories}
        new_categories = {c.id for c in self.new.categories}
        olds = {g.id: g for g in self.old.abolished}
        for g in self.new.abolished:
            if g.id in old_categories and g.id not in new_categories:
                continue  # shown with the category, as "abolished → absorbed by …"
            before = olds.get(g.id)
            if before is None:
                self.add("abolished", g.id, "added", None, g.label, None, g.span,
                         [Detail("absorbed_by", "added", None, list(g.absorbed_by), "list")], cites=citation(None, g))
            else:
                # each side's own `from:` or first day: the day its explanations tell households
                since = (self.old.abolished_since(before).isoformat(), self.new.abolished_since(g).isoformat())
                at = self.keys_at(("abolished", _position(self.old.abolished, before)),
                                  ("abolished", _position(self.new.abolished, g)), before.span, g.span)
                self.add("abolished", g.id, "changed", before.label, g.label, before.span, g.span,
                         [*_plain("abolished_from", *since, at=at("from")),
                          *_plain("absorbed_by", list(before.absorbed_by), list(g.absorbed_by), "list",
                                  at=at("absorbed_by")),
                          *_labels("label", before.label, g.label, at("label")),
                          *_plain("source", before.source, g.source, wording=True, at=at("source"))],
                         cites=citation(before, g))
        news = {g.id for g in self.new.abolished}
        for g in self.old.abolished:
            if g.id not in news:
                self.add("abolished", g.id, "removed", g.label, None, g.span, None,
                         [Detail("absorbed_by", "removed", list(g.absorbed_by), None, "list")], cites=citation(g, None))

    def departments(self) -> None:
        a, b = self.old.departments, self.new.departments
        for d in (*a, *(d for d in b if d not in a)):
            old_at, new_at = self.at("old", ("departments", d), True), self.at("new", ("departments", d), True)
            if d not in b:
                self.add("departments", d, "removed", a[d], None, old_at, None, [])
            elif d not in a:
                self.add("departments", d, "added", None, b[d], None, new_at, [])
            else:
                self.add("departments", d, "changed", a[d], b[d], old_at, new_at,
                         _labels("label", a[d], b[d], (old_at, new_at)))

    # assistance -------------------------------------------------------------------------

    def measure_at(self, side: str, measure: m.Measure) -> tuple[str | int, ...]:
        """The path of `measure` in one side's file."""
        return ("assistance", _position((self.old if side == "old" else self.new).assistance, measure))

    def options(self, a: m.Measure | None, b: m.Measure | None) -> list[Detail]:
        def implicit(x: m.Measure | None) -> bool:
            return x is not None and len(x.options) == 1 and x.options[0].id == x.id and x.options[0].label is None

        olds = {o.id: o for o in a.options} if a else {}
        news = {o.id: o for o in b.options} if b else {}
        out: list[Detail] = []
        for oid, o in olds.items():
            item = None if implicit(a) else oid
            p = news.get(oid)
            cites = citation(o, p) if item is not None else None  # an implicit option is the measure: cited there
            if p is None:
                if item is not None:
                    out += _option_figured(_cited_once([Detail("option", "removed", o.when.text, None, "expr", item=oid,
                                                              old_at=o.when.span, rules=(o.when, None)),
                                                       *_present(expression_detail("amount", o.amount, None,
                                                                                   item=oid))], cites), self.old, o)
                elif b is None:  # the measure's own `when` and `amount`, gone with it
                    out += _present(expression_detail("when", o.when, None),
                                    expression_detail("amount", o.amount, None))
                continue
            assert a is not None and b is not None  # an option of both sides is of a measure of both
            at = self.keys_at((*self.measure_at("old", a), "options", _position(a.options, o)),
                              (*self.measure_at("new", b), "options", _position(b.options, p)), o.span, p.span)
            rules = [expression_detail(aspect, x, y, item=item)
                     for aspect, x, y in (("when", o.when, p.when), ("amount", o.amount, p.amount))]
            labels = (o.label, p.label) if item is not None else (a.label, b.label)
            changed = [(i, r) for i, r in enumerate(rules) if r is not None]
            if changed:  # the label said once, under the first of its rules that changed
                first, rule = changed[0]
                rules[first] = self.stale(rule, *labels, [e.node for e in (o.when, o.amount) if e is not None],
                                          [e.node for e in (p.when, p.amount) if e is not None])
            rules[0] = self.kept_limits(rules[0], o.when, p.when)
            said = _cited_once([*(r for r in rules if r is not None), *self.limits(item, o.when, p.when),
                                *self.computed_amount(item, o.amount, p.amount, b.per if b else None),
                                *_labels("option label", o.label, p.label, at("label"), item=oid),
                                # an implicit option cites what its measure cites, said with the measure
                                *(_plain("option source", o.source, p.source, wording=True, item=oid,
                                         at=at("source")) if item is not None else [])], cites)
            out += _option_figured(said, self.new, p) if item is not None else said
        for oid, p in news.items():
            if oid not in olds and not implicit(b):
                out += _option_figured(_cited_once([Detail("option", "added", None, p.when.text, "expr", item=oid,
                                                          new_at=p.when.span, rules=(None, p.when)),
                                                   *_present(expression_detail("amount", None, p.amount, item=oid))],
                                                  citation(None, p)), self.new, p)
        if implicit(b) and not implicit(a) and b is not None:
            option = b.options[0]
            out.append(Detail("when", "added", None, option.when.text, "expr", new_at=option.when.span,
                              rules=(None, option.when)))
            if a is None:  # a new measure: what it grants too
                out += _present(expression_detail("amount", None, option.amount))
        common = [o for o in olds if o in news]
        if a and b and common != [o for o in news if o in olds]:
            out.append(Detail("option order", "changed", common, [o for o in news if o in olds], "list"))
        return out

    def assistance(self) -> None:
        def compare(a: m.Measure, b: m.Measure) -> list[Detail]:
            at = self.keys_at(self.measure_at("old", a), self.measure_at("new", b), a.span, b.span)
            return [*_plain("level", a.level, b.level, at=at("level")),
                    *_plain("department", a.department, b.department, at=at("department")),
                    *_plain("per", a.per, b.per, at=at("per")), *self.options(a, b),
                    *_labels("label", a.label, b.label, at("label")),
                    *_plain("source", a.source, b.source, wording=True, at=at("source"))]

        def summary(a: m.Measure, change: str) -> list[Detail]:
            """An added or removed measure as a whole: who runs it, for whom, per what, and what it grants when."""
            side = "old" if change == "removed" else "new"
            settings = [Detail(f, change, **{side: getattr(a, f)})  # type: ignore[arg-type]
                        for f in ("department", "level", "per") if getattr(a, f) is not None]
            return settings + (self.options(a, None) if change == "removed" else self.options(None, a))

        self.keyed("assistance", {a.id: a for a in self.old.assistance}, {b.id: b for b in self.new.assistance},
                   compare, summary)

    def process(self) -> None:
        a, b = self.old.process, self.new.process
        if a == b:
            return
        at = self.keys_at(("process",), ("process",), None, None)
        details = [d for f in ("review_working_days", "special_case_working_days", "source")
                   for d in _plain(f, getattr(a, f, None), getattr(b, f, None), wording=f == "source", at=at(f))]
        change: ChangeKind = "added" if a is None else "removed" if b is None else "changed"
        self.add("process", "process", change, None, None, self.at("old", ("process",), True),
                 self.at("new", ("process",), True), details, cites=citation(a, b))


def _document(policy: m.Policy) -> YamlDocument | None:
    try:
        return load_yaml(Path(policy.file).read_bytes(), policy.file)
    except (OSError, PolicyError):
        return None


def diff(old: m.Policy, new: m.Policy, old_doc: YamlDocument | None = None,
         new_doc: YamlDocument | None = None) -> PolicyDiff:
    """Every difference in meaning (and wording) between two policy versions, in `SECTIONS` order."""
    differ = _Differ(old, new, old_doc or _document(old), new_doc or _document(new))
    differ.meta()
    differ.parameters()
    differ.inputs()
    differ.income()
    differ.expenses()
    differ.definitions()
    differ.categories()
    differ.abolished()
    differ.departments()
    differ.assistance()
    differ.process()
    order = {s: i for i, s in enumerate(SECTIONS)}
    items = sorted(differ.items, key=lambda i: order[i.section])  # stable: file order within a section
    return PolicyDiff(old, new, tuple(items))
