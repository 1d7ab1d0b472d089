"""Labels that write a number their rule does not have: `人均存款不超过24个月低保标准` beside `… * 30 months`.

Input: a `Checker` whose rules have been typed. Output: a C029 warning at each number a label writes (one for
a number its Chinese and its English both write, at the Chinese, naming both places) — Arabic
digits, with decimals (`1.5`), thousands separators (`7,600`, `7，600`) or a percent sign (`30%`) — that is
found neither in the rule the label stands beside nor in what that rule reaches: the definitions and indicators
it names (through one another), the parameters they read (their rules and values) and the minimum and maximum
of the inputs they read. The labels checked are those of clauses, definitions and indicators, parameters, and
assistance options (a measure's own label where its `when` and `amount` are written on it); a category's or a
measure's label names a group of people or a measure, not one rule, and is not checked. Explanations, `policy
doc` and `policy eval --brief` show a label beside its rule's values, so a stale figure in it is read aloud.
The help offers the label with the rule's figure where that is clear, and where the figure is a parameter's
(`70%` beside `medical_share_dibao` = 75%) names it, its value and its line, and says which of the label and
the parameter's value to change for either reading.

Invariants: a number matches in any of the forms it can take — the written number and its unit's other period
(`490 yuan/month` is also 5880 a year, `24 months` also 2 years, a rate computed per year also its twelfth, to
the fen and to the yuan), a percentage and its hundredth (`30%` and `0.3`, either side), a date's year, month
and day; a calendar year (`2023年`, `in 2023`), a number inside a word (`C2`) and an ordinal (`2nd`) are not
checked; Chinese numerals (`二十四个月`) are not read. `policy diff` (`engine.diff.changes`) asks the same of
a changed rule whose label did not change, and `policy diff` and `policy doc` ask which of an option's or a
clause's label's numbers are the value of a parameter to confirm (`labelled_figures`), to mark the label as that
figure is marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from engine import types as t
from engine.checker.inference import Checker, Path
from engine.diagnostics import Said, Span, chinese_joined
from engine.household_words import yuan
from engine.model import Label, Parameter, Policy
from engine.syntax import ast
from engine.syntax.numerals import separators_removed
from engine.syntax.printer import number_text, to_text
from engine.values import listed, listed_said

SHOWN = 6  # numbers of a rule named in a warning; more are counted

Fold = Callable[[ast.Node], tuple[bool, Any]]  # `Program.constant`: (True, its value) for a constant expression

# a number as labels write it: digits with thousands separators, or plain, with decimals; a percent sign after it
_NUMBER = re.compile(r"(?<![0-9A-Za-z_.０-９])([0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?|[0-9０-９]+(?:\.[0-9]+)?)"
                     r"(?![0-9０-９])(\s*[%％])?")
_ORDINAL = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
_UNIT_AFTER = re.compile(r"\s*(?:yuan|months?|years?|times|days?)\b", re.IGNORECASE)  # English: `2000 yuan`
_MONEY_KINDS = {"yuan": "amount", "yuan/month": "month", "yuan/year": "rate"}  # a money unit → `yuan`'s word for it
_ZH_DURATIONS = {"month": "个月", "year": "年"}


@dataclass(frozen=True)
class LabelNumber:
    """A number a label writes: the label's language, the number as written (`24`, `7,600`, `30%`) and where it
    lies in the text."""

    lang: str
    number: str
    start: int
    end: int


@dataclass(frozen=True)
class RuleNumbers:
    """The numbers a rule has, in every form they match (`values`), and as a reader is told them (`shown`): the
    figures written in the rule and the definitions it reaches, then each parameter read with its value."""

    values: frozenset[Decimal]
    shown: tuple[Said, ...]
    own: tuple[ast.Node, ...]  # the figures written in the rule itself, for the label a help can offer
    parameters: tuple[str, ...] = ()  # the parameters read, in the order met: the one a label's figure may be

    def said(self) -> Said:
        """The figures as a message lists them, `30 months and dibao_standard = 510 yuan/month` (`30个月、…`), past
        `SHOWN` with how many more in English (`… and 3 more`), in Chinese how many in all, as `等` counts them
        (`…等 9 个`)."""
        first = self.shown[:SHOWN]
        if len(first) == len(self.shown):
            return listed_said(first)
        return Said(listed([*(s.en for s in first), f"{len(self.shown) - len(first)} more"], "en"),
                    chinese_joined(listed((s.zh for s in first), "zh"), f"等 {len(self.shown)} 个"))


def label_numbers(text: str, lang: str) -> list[LabelNumber]:
    """The numbers `text` writes that a label is checked for, each once, in order."""
    found: list[LabelNumber] = []
    for match in _NUMBER.finditer(text):
        number, percent = match.group(1), match.group(2)
        if percent is None and (_ORDINAL.match(text, match.end()) or _calendar_year(text, match, lang)):
            continue
        written = number + (percent.strip() if percent else "")
        if all(f.number != written for f in found):
            found.append(LabelNumber(lang, written, match.start(1), match.end()))
    return found


def _calendar_year(text: str, match: re.Match[str], lang: str) -> bool:
    """A year of the calendar, `2023年` (`2023年度`), or in English four digits from 1900 to 2099 without a unit
    after them (`in 2023`): the year of a statistic, not a figure of the rule."""
    number = match.group(1)
    if not re.fullmatch("(19|20)[0-9]{2}", number):
        return False
    if lang == "zh":
        return text.startswith("年", match.end())
    return _UNIT_AFTER.match(text, match.end()) is None


def _meanings(number: str) -> tuple[Decimal, ...]:
    """What a number a label writes may stand for: itself; a percentage also its hundredth."""
    plain = separators_removed(number.rstrip("%％").strip())
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return ()
    return (value, value / 100) if number[-1] in "%％" else (value,)


def rule_numbers(policy: Policy, roots: Iterable[ast.Node], types: Mapping[int, t.Type],
                 params: Mapping[str, Any], constant: Fold) -> RuleNumbers:
    """The numbers of the rules `roots` and of what they reach. `params` are the parameters' values, `constant`
    folds an expression of literals and parameters (`Program.constant`), `types` give each node's kind."""
    values: set[Decimal] = set()
    shown: dict[str, Said] = {}
    params_read: list[str] = []
    own = tuple(node for root in roots for node in root.walk() if isinstance(node, _FIGURES))
    for node, in_parameter in _reached(policy, roots, params_read):
        if isinstance(node, _FIGURES):
            values.update(_literal_forms(node))
            if not in_parameter:  # a parameter is shown by its name and its rule
                said = _written(node)
                shown.setdefault(said.en, said)
        elif isinstance(node, ast.Date):
            values.update(Decimal(part) for part in (node.value.year, node.value.month, node.value.day))
        elif isinstance(node, ast.Name):
            values.update(_bounds(policy, node.dotted))
        elif isinstance(node, ast.Arith | ast.Call | ast.Neg):
            known, value = constant(node)
            if known and isinstance(value, Decimal):
                values.update(_computed_forms(value, _kind(types, node)))
    for name in params_read:
        value = params.get(name)
        node = policy.parameters[name].expr.node
        if isinstance(value, Decimal):
            values.update(_computed_forms(value, _kind(types, node)))
        written = _written(node) if isinstance(node, _FIGURES) else Said(f"`{to_text(node)}`", f"`{to_text(node)}`")
        shown[f"`{name}`"] = Said(f"`{name}` = {written.en}", f"`{name}` = {written.zh}")
    return RuleNumbers(frozenset(values), tuple(shown.values()), own, tuple(params_read))


_FIGURES = (ast.Number, ast.Percent, ast.Quantity)


def _reached(policy: Policy, roots: Iterable[ast.Node], params_read: list[str]) -> Iterator[tuple[ast.Node, bool]]:
    """Every node of the rules, then of the definitions they name and of the parameters read, each rule once, and
    whether it is a parameter's; the parameters read are added to `params_read`, in the order they are met."""
    todo = [(root, False) for root in roots]
    seen: set[str] = set()
    while todo:
        root, in_parameter = todo.pop(0)
        for node in root.walk():
            yield node, in_parameter
            if not isinstance(node, ast.Name) or node.dotted in seen:
                continue
            seen.add(node.dotted)
            if node.dotted in policy.parameters:
                params_read.append(node.dotted)
                todo.append((policy.parameters[node.dotted].expr.node, True))
            elif node.dotted in policy.definitions:
                todo.append((policy.definitions[node.dotted].expr.node, in_parameter))


def _kind(types: Mapping[int, t.Type], node: ast.Node) -> str:
    found = types.get(id(node))
    return found.kind if found is not None else "unknown"


def _literal_forms(node: ast.Node) -> set[Decimal]:
    """A figure as written, and in its other forms: `30%` also 0.3, `0.3` also 30, a rate and a duration also in
    the other period."""
    if isinstance(node, ast.Percent):
        return {node.value, node.value / 100}
    if isinstance(node, ast.Number):
        return {node.value, node.value * 100}
    assert isinstance(node, ast.Quantity)
    other = {"yuan/month": node.value * 12, "month": node.value / 12, "yuan/year": node.value / 12,
             "year": node.value * 12}.get(node.unit)
    return {node.value} if other is None else {node.value, other, *_rounded(other)}


def _computed_forms(value: Decimal, kind: str) -> set[Decimal]:
    """A computed value (rates per year, durations in months), and for a rate or a duration its twelfth too;
    figures with decimals also to the fen and to the yuan."""
    forms = {value}
    if kind in ("rate", "duration"):
        forms.add(value / 12)
    elif kind == "number":
        forms.add(value * 100)
    return forms | {r for f in forms for r in _rounded(f)}


def _rounded(value: Decimal) -> set[Decimal]:
    try:
        return {value.quantize(Decimal("0.01"), ROUND_HALF_UP), value.quantize(Decimal(1), ROUND_HALF_UP)}
    except InvalidOperation:  # more digits than a label writes
        return set()


def _bounds(policy: Policy, name: str) -> set[Decimal]:
    """The minimum and maximum of an input a rule reads: `1级` beside `disability_grade <= 2` (minimum 1)."""
    found = policy.inputs.get(f"household:{name}") or policy.inputs.get(f"member:{name}")
    return {b for b in (found.minimum, found.maximum) if b is not None} if found is not None else set()


def _written(node: ast.Node) -> Said:
    """A figure as explanations write it, in each language: money to the fen, `490.00 yuan/month` (`490.00 元/月`),
    a duration `30 months` (`30 个月`), a number or a percentage as the rule writes it."""
    if isinstance(node, ast.Quantity) and node.unit in _MONEY_KINDS:
        return yuan(node.value, _MONEY_KINDS[node.unit])
    if isinstance(node, ast.Quantity):
        return Said(to_text(node), f"{number_text(node.value)} {_ZH_DURATIONS[node.unit]}")
    return Said(to_text(node), to_text(node))


def unmatched(label: Label | None, numbers: RuleNumbers) -> list[LabelNumber]:
    """The numbers of `label` (zh, then en) that are not among `numbers`."""
    if label is None:
        return []
    return [n for lang in ("zh", "en") for n in label_numbers(getattr(label, lang) or "", lang)
            if not any(v in numbers.values for v in _meanings(n.number))]


def parameter_figures(policy: Policy, text: str, lang: str, names: Iterable[str]) -> list[tuple[LabelNumber, str]]:
    """The numbers `text`, a label in `lang`, writes that are the value of one of the parameters `names`, each with
    the first such parameter, matched as a label's numbers are matched with its rule's: the `70%` of `低保对象按70%救助`
    is the value of `medical_share_dibao` (70%)."""
    values = [(name, value, policy.parameters[name].expr.node) for name in names
              if isinstance(value := policy.parameter_values.get(name), Decimal)]
    forms = [(name, _computed_forms(value, _kind(policy.types, node))) for name, value, node in values]
    out: list[tuple[LabelNumber, str]] = []
    for found in label_numbers(text, lang):
        meanings = _meanings(found.number)
        name = next((name for name, held in forms if any(v in held for v in meanings)), None)
        if name is not None:
            out.append((found, name))
    return out


def labelled_figures(policy: Policy, label: Label | None, rules: Iterable[ast.Node]
                     ) -> list[tuple[str, str, LabelNumber, str]]:
    """Where a label (of a clause or an option) writes the figure of a parameter to confirm (`confirm:`) that its
    `rules` read, directly or through others (`parameter_figures`): each (language, the label's text in it — the
    other language's where it has none —, the number, the parameter), zh then en. A report marks such a label ⚠
    as the figure is marked: it is read out beside the rule, and its figure is no more settled than the
    parameter's."""
    if label is None:
        return []
    read = [policy.reads(rule) for rule in rules]
    to_confirm = [name for name, p in policy.parameters.items()
                  if p.confirm is not None and any(name in names for names in read)]
    if not to_confirm:
        return []
    return [(lang, text, found, name) for lang in ("zh", "en")
            for text in (label.get(lang),) for found, name in parameter_figures(policy, text, lang, to_confirm)]


def relabelled(text: str, found: LabelNumber, numbers: RuleNumbers) -> str | None:
    """The label with its number replaced by the rule's, where the rule writes exactly one figure that can stand
    where the label's number stands: `人均存款不超过30个月低保标准`; None where that is not clear."""
    if len(numbers.own) != 1:
        return None
    return _with_figure(text, found, numbers.own[0])


# the kind of figure a unit written after a label's number stands for: the units of a quantity, or a plain number
_UNIT_KINDS = ((re.compile(r"\s*(?:个月|年|months?\b|years?\b)", re.IGNORECASE), ("month", "year")),
               (re.compile(r"\s*(?:元|yuan\b)", re.IGNORECASE), ("yuan", "yuan/month", "yuan/year")),
               (re.compile(r"\s*(?:倍|times\b)", re.IGNORECASE), ()))


def figure_parameter(policy: Policy, text: str, found: LabelNumber, numbers: RuleNumbers) -> str | None:
    """The parameter whose figure a label's number stands for, where it is clear: of the figures the rule writes and
    the parameters it reads whose rule is a figure, the one alone of the kind the label writes (a percentage;
    months or years, yuan or a multiple by the unit after the number; any but a percentage where none follows),
    when that one is a parameter."""
    percent = found.number.endswith(("%", "％"))
    units = next((kinds for pattern, kinds in _UNIT_KINDS if pattern.match(text, found.end)), None)

    def fits(node: ast.Node) -> bool:
        if percent or isinstance(node, ast.Percent):
            return percent and isinstance(node, ast.Percent)
        if units is None:
            return isinstance(node, _FIGURES)
        return node.unit in units if isinstance(node, ast.Quantity) else isinstance(node, ast.Number) and not units

    named = [name for name in numbers.parameters if fits(policy.parameters[name].expr.node)]
    return named[0] if len(named) == 1 and not any(fits(node) for node in numbers.own) else None


def _with_figure(text: str, found: LabelNumber, figure: ast.Node) -> str | None:
    """The label with its number replaced by `figure`, where it can stand there as written."""
    assert isinstance(figure, _FIGURES)
    percent = found.number.endswith(("%", "％"))
    if isinstance(figure, ast.Quantity) and figure.unit in ("yuan/month", "yuan/year", "year"):
        return None  # `每月490元` beside `5880 yuan/year`: the figure would need converting
    if isinstance(figure, ast.Percent) != percent:
        return None
    replacement = number_text(figure.value) + (found.number[-1] if percent else "")
    return text[:found.start] + replacement + text[found.end:]


# -- the check --------------------------------------------------------------------------------------------


def check_label_numbers(checker: Checker) -> None:
    """Warn of each number a label writes that its rule does not have (C029): once where both languages write it."""
    from engine.policy_values import constant_folder

    policy = checker.policy
    program = constant_folder(policy, checker.types)
    for label, what, path, fallback, roots in _labelled_rules(policy):
        if checker.partial and any(isinstance(node, ast.Unparsed) for node, _ in _reached(policy, roots, [])):
            continue  # the numbers of a rule that did not parse are not known
        numbers = rule_numbers(policy, roots, checker.types, program.params, program.constant)
        missing = unmatched(label, numbers)
        drawn_from = [node.span for node, _ in _reached(policy, roots, [])] if missing else []
        for group in _by_number(policy, label, missing, numbers):
            spans = [checker.within((*path, found.lang), found.start, found.end, fallback) for found in group]
            suggestions: list[str | None] = []
            parameter = figure_parameter(policy, getattr(label, group[0].lang), group[0], numbers)
            for found in group:
                text = getattr(label, found.lang)
                alone = sum(other.lang == found.lang for other in missing) == 1  # else a help could not say which
                if not alone:
                    suggestions.append(None)
                elif parameter is not None:
                    suggestions.append(_with_figure(text, found, policy.parameters[parameter].expr.node))
                else:
                    suggestions.append(relabelled(text, found, numbers))
            write = _write(suggestions)
            help = (_parameter_help(policy.parameters[parameter], group[0], write) if parameter is not None
                    else _help(write))
            checker.warning("C029", _message(what, group[0], numbers, _places(spans)), spans[0], help)
            checker.label_numbers.append((checker.diagnostics[-1], drawn_from))


def _by_number(policy: Policy, label: Label | None, missing: list[LabelNumber],
               numbers: RuleNumbers) -> list[tuple[LabelNumber, ...]]:
    """The numbers a label writes that its rule does not have, one finding each: a number its Chinese and its English
    both write (`1.5` in `低于低保标准的1.5倍` and `below 1.5 times`) is one, said where each is written; numbers that
    differ between the two, or stand for different parameters, are one each."""
    def key(found: LabelNumber) -> tuple[str, str | None]:
        parameter = figure_parameter(policy, getattr(label, found.lang), found, numbers)
        return separators_removed(found.number).replace("％", "%").replace(" ", ""), parameter

    english = [found for found in missing if found.lang == "en"]
    groups: list[tuple[LabelNumber, ...]] = []
    for found in missing:
        if found.lang == "en":
            if found in english:
                groups.append((found,))
            continue
        twin = next((other for other in english if key(other) == key(found)), None)
        if twin is not None:
            english.remove(twin)
        groups.append((found,) if twin is None else (found, twin))
    return groups


def _places(spans: list[Span]) -> Said | None:
    """Where a number both languages write is written: `columns 34 and 68`, or lines where they differ."""
    if len(spans) < 2:
        return None
    first, second = spans
    if first.line == second.line:
        return Said(f"columns {first.column} and {second.column}", f"第 {first.column}、{second.column} 列")
    return Said(f"lines {first.line} and {second.line}", f"第 {first.line}、{second.line} 行")


def _message(what: Said, found: LabelNumber, numbers: RuleNumbers, places: Said | None = None) -> Said:
    has = numbers.said()
    both = Said(f" in both languages ({places.en})", f"（中英文都写着，{places.zh}）") if places else Said("", "")
    if not numbers.shown:
        return Said(f"{what.en} writes {found.number}{both.en}, but its rule has no number",
                    f"{what.zh}写着 {found.number}{both.zh}，但它的规则中没有数")
    return Said(f"{what.en} writes {found.number}{both.en}, a number its rule does not have: it has {has.en}",
                f"{what.zh}写着 {found.number}{both.zh}，但它的规则中没有这个数：规则中的数是 {has.zh}")


def _write(suggestions: list[str | None]) -> Said | None:
    """What to write the label as, in each language that a suggestion is clear for; None where one is not."""
    if not suggestions or None in suggestions:
        return None
    if len(suggestions) == 1:
        return Said(f"write the label `{suggestions[0]}`", f"请把标签改为 `{suggestions[0]}`")
    zh, en = suggestions
    return Said(f"write the labels `{zh}` and `{en}`", f"请把标签分别改为 `{zh}` 和 `{en}`")


def _help(write: Said | None) -> Said:
    if write is None:
        return Said("if the rule is right, change the label to say what it says; if the label is right, change "
                    "the rule", "如果规则是对的，请修改标签，使它与规则一致；如果标签是对的，请修改规则")
    return Said(f"if the rule is right, {write.en}; if the label is right, change the rule",
                f"如果规则是对的，{write.zh}；如果标签是对的，请修改规则")


def _parameter_help(parameter: Parameter, found: LabelNumber, write: Said | None) -> Said:
    """Where the rule's figure is a parameter's: which of the label and the parameter's value to change, as either
    is right — the rule, which reads the parameter, stays."""
    name, line, value = parameter.name, parameter.expr.span.line, _written(parameter.expr.node)
    number = found.number
    label_en = write.en if write else f"change the label to say {value.en}"
    label_zh = write.zh if write else f"请修改标签，使它写 {value.zh}"
    if_right = chinese_joined("如果", value.zh, "是对的")  # `如果 30 个月是对的`, `如果 30% 是对的`
    return Said(f"the rule's figure is `{name}` = {value.en} (line {line}): if {value.en} is right, {label_en}; if "
                f"{number} is right, change the value of `{name}` at line {line}, not the rule",
                f"规则中的数是 `{name}` = {value.zh}（第 {line} 行）：{if_right}，{label_zh}；"
                f"如果 {number} 是对的，请修改第 {line} 行 `{name}` 的值，而不是规则")


def _labelled_rules(p: Policy) -> Iterator[tuple[Label | None, Said, Path, Span, list[ast.Node]]]:
    """Each label that stands beside one rule: what it is, where, and that rule."""
    for name, param in p.parameters.items():
        yield (param.label, Said(f"the label of `{name}`", f"`{name}` 的标签"), ("parameters", name, "label"),
               param.span, [param.expr.node])
    for name, d in p.definitions.items():
        section = "indicators" if d.indicator else "definitions"
        yield (d.label, Said(f"the label of `{name}`", f"`{name}` 的标签"), (section, name, "label"), d.span,
               [d.expr.node])
    for i, c in enumerate(p.categories):
        for j, clause in enumerate(c.clauses):
            yield (clause.label, Said(f"the label of clause `{clause.id}` of `{c.id}`",
                                      f"`{c.id}` 的条款 `{clause.id}` 的标签"),
                   ("categories", i, "when", j, "label"), clause.span, [clause.test.node])
    for i, m in enumerate(p.assistance):
        for j, option in enumerate(m.options):
            rules = [e.node for e in (option.when, option.amount) if e is not None]
            if option.label is not None:
                yield (option.label, Said(f"the label of option `{option.id}` of `{m.id}`",
                                          f"`{m.id}` 的选项 `{option.id}` 的标签"),
                       ("assistance", i, "options", j, "label"), option.span, rules)
            elif len(m.options) == 1 and option.id == m.id:  # the measure's own `when` and `amount`
                yield (m.label, Said(f"the label of measure `{m.id}`", f"救助措施 `{m.id}` 的标签"),
                       ("assistance", i, "label"), m.span, rules)
