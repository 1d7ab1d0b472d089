"""Labels and their translations: every text a reader sees is given in both languages or in none.

Input: a `Checker` (its policy, and `locate` for the span of each label). Output: C011, a warning,
for each label, note or name that has `zh` but no `en` text, or `en` but no `zh`, with the text to
translate in its help. Invariant: a text left out in both languages is not reported here; where
one is required, the loader reports it.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.inference import Checker, Path
from engine.diagnostics import Span
from engine.model import Label


def check_labels(checker: Checker) -> None:
    """Warn of each text given in one language only (C011)."""
    for label, what, path, fallback in _labels(checker):
        if label is None or (label.zh is None and label.en is None):
            continue
        for lang, other in (("zh", "en"), ("en", "zh")):
            if getattr(label, lang) is None:
                given = getattr(label, other)
                checker.warning("C011", f"{what} has no `{lang}` text", checker.at(path, fallback),  # type: ignore[arg-type]
                                f"add `{lang}: …` beside `{other}: {given}`")


def _labels(checker: Checker) -> Iterator[tuple[Label | None, str, Path, Span | None]]:
    p = checker.policy
    yield p.meta.title, "the title of the policy", ("policy", "title"), None
    if p.meta.member_description is not None:
        yield (p.meta.member_description.template, "the member description", ("policy", "member_description"),
               p.meta.member_description.span)
    for name, param in p.parameters.items():
        yield param.label, f"the label of `{name}`", ("parameters", name, "label"), param.span
        yield param.confirm, f"the `confirm` note of `{name}`", ("parameters", name, "confirm"), param.span
    for f in p.inputs.values():
        yield f.label, f"the label of input `{f.name}`", ("inputs", f.level, f.name, "label"), f.span
    for section, table in (("income", p.income), ("expenses", p.expenses)):
        for name, item in table.items():
            yield item.label, f"the label of {section} type `{name}`", (section, name, "label"), item.span
            yield item.note, f"the note of {section} type `{name}`", (section, name, "note"), item.span
    for name, d in p.definitions.items():
        section = "indicators" if d.indicator else "definitions"
        yield d.label, f"the label of `{name}`", (section, name, "label"), d.span
    for i, c in enumerate(p.categories):
        yield c.label, f"the label of category `{c.id}`", ("categories", i, "label"), c.span
        for j, clause in enumerate(c.clauses):
            yield (clause.label, f"the label of clause `{clause.id}` of `{c.id}`",
                   ("categories", i, "when", j, "label"), clause.span)
    for i, gone in enumerate(p.abolished):
        yield gone.label, f"the label of abolished `{gone.id}`", ("abolished", i, "label"), gone.span
    for name, label in p.departments.items():
        yield label, f"the name of department `{name}`", ("departments", name), None
    for i, m in enumerate(p.assistance):
        yield m.label, f"the label of measure `{m.id}`", ("assistance", i, "label"), m.span
        for j, option in enumerate(m.options):
            yield (option.label, f"the label of option `{option.id}` of `{m.id}`",
                   ("assistance", i, "options", j, "label"), option.span)
