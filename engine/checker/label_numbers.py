"""Labels that write a number their rule does not have: `人均存款不超过24个月低保标准` beside `… * 30 months`.

Input: a `Checker` whose rules have been typed. Output: a C029 warning at each number a label writes (one for
a number its Chinese and its English both write, at the Chinese, naming both places) that is found neither in
the rule the label stands beside nor in what that rule reaches (`engine.label_figures`, which says how numbers
are read and matched). The labels checked are those of clauses, definitions and indicators, parameters, and
assistance options (a measure's own label where its `when` and `amount` are written on it); a category's or a
measure's label names a group of people or a measure, not one rule, and is not checked. Explanations, `policy
doc` and `policy eval --brief` show a label beside its rule's values, so a stale figure in it is read aloud.
The help offers the label with the rule's figure where that is clear, and where the figure is a parameter's
(`70%` beside `medical_share_dibao` = 75%) names it, its value and its line, and says which of the label and
the parameter's value to change for either reading.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.inference import Checker, Path
from engine.diagnostics import Said, Span, chinese_joined
from engine.label_figures import (
    LabelNumber,
    RuleNumbers,
    figure_parameter,
    figure_said,
    reached,
    relabelled,
    rule_numbers,
    unmatched,
    with_figure,
)
from engine.model import Label, Parameter, Policy
from engine.syntax import ast
from engine.syntax.numerals import separators_removed

# -- the check --------------------------------------------------------------------------------------------


def check_label_numbers(checker: Checker) -> None:
    """Warn of each number a label writes that its rule does not have (C029): once where both languages write it."""
    from engine.policy_values import constant_folder

    policy = checker.policy
    program = constant_folder(policy, checker.types)
    for label, what, path, fallback, roots in _labelled_rules(policy):
        if checker.partial and any(isinstance(node, ast.Unparsed) for node, _ in reached(policy, roots, [])):
            continue  # the numbers of a rule that did not parse are not known
        numbers = rule_numbers(policy, roots, checker.types, program.params, program.constant)
        missing = unmatched(label, numbers)
        drawn_from = [node.span for node, _ in reached(policy, roots, [])] if missing else []
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
                    suggestions.append(with_figure(text, found, policy.parameters[parameter].expr.node))
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
    name, line, value = parameter.name, parameter.expr.span.line, figure_said(parameter.expr.node)
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
