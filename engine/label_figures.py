"""The numbers a label writes, and the figures of a rule they may stand for: `人均存款不超过24个月低保标准` beside
`dibao_standard * dibao_deposit_months`.

Input: a label's text in one language, or a policy, a label and the rules it stands beside. Output: the numbers
the label writes (`label_numbers`) — Arabic digits, with decimals (`1.5`), thousands separators (`7,600`,
`7，600`) or a percent sign (`30%`) —, the figures its rules reach (`rule_numbers`: the rule's own, those of the
definitions, indicators and parameters it reads, the bounds of the inputs), the numbers found in none of them
(`unmatched`), and those that are the value of a parameter to confirm (`labelled_figures`). `policy check`
warns of the unmatched (C029, `engine.checker.label_numbers`); `policy diff` asks the same of a changed rule
whose label did not change; `policy diff`, `policy doc` and `policy eval --explain` mark ⚠ a label writing a
figure to confirm, as the figure is marked. Outside the checker, so that an explanation imports none of it.

Invariants: a number matches in any of the forms it can take — the written number and its unit's other period
(`490 yuan/month` is also 5880 a year, `24 months` also 2 years, a rate computed per year also its twelfth, to
the fen and to the yuan), a percentage and its hundredth (`30%` and `0.3`, either side), a date's year, month
and day; a calendar year (`2023年`, `in 2023`), a number inside a word (`C2`) and an ordinal (`2nd`) are not
checked; Chinese numerals (`二十四个月`) are not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from engine import types as t
from engine.diagnostics import Said, chinese_joined
from engine.household_words import yuan
from engine.model import Label, Policy
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
    for node, in_parameter in reached(policy, roots, params_read):
        if isinstance(node, _FIGURES):
            values.update(_literal_forms(node))
            if not in_parameter:  # a parameter is shown by its name and its rule
                said = figure_said(node)
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
        written = figure_said(node) if isinstance(node, _FIGURES) else Said(f"`{to_text(node)}`", f"`{to_text(node)}`")
        shown[f"`{name}`"] = Said(f"`{name}` = {written.en}", f"`{name}` = {written.zh}")
    return RuleNumbers(frozenset(values), tuple(shown.values()), own, tuple(params_read))


_FIGURES = (ast.Number, ast.Percent, ast.Quantity)


def reached(policy: Policy, roots: Iterable[ast.Node], params_read: list[str]) -> Iterator[tuple[ast.Node, bool]]:
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


def figure_said(node: ast.Node) -> Said:
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


def figures_to_confirm(policy: Policy, label: Label | None, rules: Iterable[ast.Node], lang: str
                       ) -> list[dict[str, str]]:
    """The figures of parameters to confirm a label writes in `lang` (`labelled_figures`), as an entry lists them
    under `label_figures_to_confirm` (`[{"figure": "24", "parameter": "dibao_deposit_months"}]`); empty for none."""
    return [{"figure": found.number, "parameter": name}
            for said_in, _, found, name in labelled_figures(policy, label, rules) if said_in == lang]


def relabelled(text: str, found: LabelNumber, numbers: RuleNumbers) -> str | None:
    """The label with its number replaced by the rule's, where the rule writes exactly one figure that can stand
    where the label's number stands: `人均存款不超过30个月低保标准`; None where that is not clear."""
    if len(numbers.own) != 1:
        return None
    return with_figure(text, found, numbers.own[0])


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


def with_figure(text: str, found: LabelNumber, figure: ast.Node) -> str | None:
    """The label with its number replaced by `figure`, where it can stand there as written."""
    assert isinstance(figure, _FIGURES)
    percent = found.number.endswith(("%", "％"))
    if isinstance(figure, ast.Quantity) and figure.unit in ("yuan/month", "yuan/year", "year"):
        return None  # `每月490元` beside `5880 yuan/year`: the figure would need converting
    if isinstance(figure, ast.Percent) != percent:
        return None
    replacement = number_text(figure.value) + (found.number[-1] if percent else "")
    return text[:found.start] + replacement + text[found.end:]
