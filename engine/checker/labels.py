"""Labels and their translations: every text a reader sees is given in both languages or in none.

Input: a `Checker` (its policy, and `locate` for the span of each label). Output: C011, a warning,
for each label, note or name that has `zh` but no `en` text, or `en` but no `zh`, with the text to
translate in its help; C042, a warning, for an enum input whose values have no `value_labels`, in a file that
gives them to another enum, or whose `value_labels` leave some of its values out: explanations would say those
values as the household file writes them (`river`), in Chinese too; C038, a warning, for a category, a measure or an
input whose label is, in a language, the label of an earlier one of its kind, or for a category with the label of an
abolished one.
Invariant: a text left out in both languages is not reported here; where one is required, the loader
reports it.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.hints import listed as names
from engine.checker.inference import Checker, Path
from engine.diagnostics import Said, Span
from engine.model import Label
from engine.values import listed


def check_labels(checker: Checker) -> None:
    """Warn of each text given in one language only (C011)."""
    for label, what, path, fallback in _labels(checker):
        if label is None or (label.zh is None and label.en is None):
            continue
        for lang, other in (("zh", "en"), ("en", "zh")):
            if getattr(label, lang) is None:
                given = getattr(label, other)
                written = f"`{other}: {given}`"
                checker.warning("C011", Said(f"{what.en} has no `{lang}` text", f"{what.zh}没有 `{lang}` 文本"),
                                checker.at(path, fallback),
                                Said(f"add `{lang}: …` beside {written}", f"请在 {written} 旁边加上 `{lang}: …`"))


def check_value_labels(checker: Checker) -> None:
    """Warn of an enum input whose values explanations would say as written (C042): it has no `value_labels`, while
    another enum of the file has them (a draft that words no enum is not told so input by input), or its
    `value_labels` leave some of its values out."""
    enums = [f for f in checker.policy.inputs.values() if f.type == "enum" and f.values]
    worded = any(f.value_labels for f in enums)
    for f in enums:
        if not f.value_labels and worded:
            template = "`value_labels: {" + ", ".join(f"{value}: {{zh: …, en: …}}" for value in f.values) + "}`"
            checker.warning("C042", Said(
                f"`{f.name}` has no `value_labels`: explanations will say its values as written ({names(f.values)})",
                f"`{f.name}` 没有 `value_labels`：解释中将照原样显示它的取值（{names(f.values, 'zh')}）"),
                checker.at(("inputs", f.level, f.name, "values"), f.span, key=True),
                Said(f"add {template}, with the words for each value in Chinese and English",
                     f"请加上 {template}，写出每个取值的中文和英文说法"))
            continue
        labelled = {value for value, _ in f.value_labels}
        missing = [value for value in f.values if value not in labelled]
        if not f.value_labels or not missing:
            continue
        said = Said(*(listed((f"`{value}`" for value in missing), lang) for lang in ("en", "zh")))
        them = Said("them", "它们") if len(missing) > 1 else Said("it", "它")
        added = Said(*(listed((f"`{value}: {{zh: …, en: …}}`" for value in missing), lang) for lang in ("en", "zh")))
        checker.warning("C042", Said(
            f"the `value_labels` of `{f.name}` give no words for {said.en}: explanations will say {them.en} as written",
            f"`{f.name}` 的 `value_labels` 没有写出 {said.zh} 的说法：解释中将照原样显示{them.zh}"),
            checker.at(("inputs", f.level, f.name, "value_labels"), f.span, key=True),
            Said(f"add {added.en} under `value_labels`", f"请在 `value_labels` 下加上 {added.zh}"))


def check_labels_twice(checker: Checker) -> None:
    """Warn of a category, measure or input labelled, in a language, as an earlier one of its kind is, or of a
    category labelled as an abolished one is (C038): decisions, explanations and forms name each by its label, and
    would say the one for the other."""
    p = checker.policy
    kinds = (
        (Said("category", "类别"), [(g.id, g.label, ("abolished", i, "label"), g.span)
                                   for i, g in enumerate(p.abolished)]
         + [(c.id, c.label, ("categories", i, "label"), c.span) for i, c in enumerate(p.categories)]),
        (Said("measure", "救助措施"), [(m.id, m.label, ("assistance", i, "label"), m.span)
                                     for i, m in enumerate(p.assistance)]),
        (Said("input", "输入字段"), [(f.name, f.label, ("inputs", f.level, f.name, "label"), f.span)
                                  for f in p.inputs.values()]),
    )
    for kind, entries in kinds:
        for lang in ("zh", "en"):
            first: dict[str, tuple[str, int, bool]] = {}  # label as compared → the first with it, line, abolished
            for name, label, path, fallback in entries:
                text = getattr(label, lang) if label is not None else None
                if not text:
                    continue
                span = checker.at((*path, lang), fallback)
                gone = path[0] == "abolished"
                earlier = first.setdefault(" ".join(text.split()).casefold(), (name, span.line, gone))
                if earlier[0] == name or gone:
                    continue  # an abolished category keeps the label it had: the category given it is told
                other, line, other_gone = earlier
                said = (Said(f"abolished `{other}`", f"已取消的类别 `{other}`") if other_gone
                        else Said(f"`{other}`", f" `{other}`"))
                checker.warning("C038", Said(
                    f"{kind.en} `{name}` has the label of {said.en} (line {line}), `{text}`: decisions and "
                    "explanations would not tell the two apart",
                    f"{kind.zh} `{name}` 的标签与{said.zh}（第 {line} 行）相同，都是 `{text}`："
                    "认定结果和解释中将无法区分两者"), span,
                    Said(f"give `{name}` a label of its own", f"请为 `{name}` 写一个不同的标签"))


def _labels(checker: Checker) -> Iterator[tuple[Label | None, Said, Path, Span | None]]:
    p = checker.policy
    yield p.meta.title, Said("the title of the policy", "政策标题"), ("policy", "title"), None
    if p.meta.member_description is not None:
        yield (p.meta.member_description.template, Said("the member description", "成员描述"),
               ("policy", "member_description"), p.meta.member_description.span)
    for name, param in p.parameters.items():
        yield param.label, Said(f"the label of `{name}`", f"`{name}` 的标签"), ("parameters", name, "label"), param.span
        yield (param.confirm, Said(f"the `confirm` note of `{name}`", f"`{name}` 的 `confirm` 说明"),
               ("parameters", name, "confirm"), param.span)
    for f in p.inputs.values():
        yield (f.label, Said(f"the label of input `{f.name}`", f"输入字段 `{f.name}` 的标签"),
               ("inputs", f.level, f.name, "label"), f.span)
    for section, table in (("income", p.income), ("expenses", p.expenses)):
        kind = "收入类型" if section == "income" else "支出类型"
        for name, item in table.items():
            yield (item.label, Said(f"the label of {section} type `{name}`", f"{kind} `{name}` 的标签"),
                   (section, name, "label"), item.span)
            yield (item.note, Said(f"the note of {section} type `{name}`", f"{kind} `{name}` 的说明"),
                   (section, name, "note"), item.span)
    for name, d in p.definitions.items():
        section = "indicators" if d.indicator else "definitions"
        yield d.label, Said(f"the label of `{name}`", f"`{name}` 的标签"), (section, name, "label"), d.span
    for i, c in enumerate(p.categories):
        yield (c.label, Said(f"the label of category `{c.id}`", f"类别 `{c.id}` 的标签"), ("categories", i, "label"),
               c.span)
        for j, clause in enumerate(c.clauses):
            yield (clause.label, Said(f"the label of clause `{clause.id}` of `{c.id}`",
                                      f"`{c.id}` 的条款 `{clause.id}` 的标签"),
                   ("categories", i, "when", j, "label"), clause.span)
            yield (clause.confirm, Said(f"the `confirm` note of clause `{clause.id}` of `{c.id}`",
                                        f"`{c.id}` 的条款 `{clause.id}` 的 `confirm` 说明"),
                   ("categories", i, "when", j, "confirm"), clause.span)
    for i, gone in enumerate(p.abolished):
        yield (gone.label, Said(f"the label of abolished `{gone.id}`", f"已取消的类别 `{gone.id}` 的标签"),
               ("abolished", i, "label"), gone.span)
    for name, label in p.departments.items():
        yield label, Said(f"the name of department `{name}`", f"部门 `{name}` 的名称"), ("departments", name), None
    for i, m in enumerate(p.assistance):
        yield (m.label, Said(f"the label of measure `{m.id}`", f"救助措施 `{m.id}` 的标签"), ("assistance", i, "label"),
               m.span)
        for j, option in enumerate(m.options):
            yield (option.label, Said(f"the label of option `{option.id}` of `{m.id}`",
                                      f"`{m.id}` 的选项 `{option.id}` 的标签"),
                   ("assistance", i, "options", j, "label"), option.span)
