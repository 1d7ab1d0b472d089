"""A policy as a readable document: what an auditor reads instead of the YAML.

Input: a loaded, checked `Policy` and a language (`zh` or `en`). Output: one
markdown string: title, effective window and sources; parameters with their
values, units, labels, sources and "local value to confirm" marks; household
inputs; income types (counted with their share, or not counted) and expense types
(rigid or not), each with its plausible range and hints where it declares one;
definitions and indicators with their formulas (and the value of a definition
computed from parameters alone, also beside its label where a rule reads it); each category
as numbered clauses (label, rule, citation), a label that writes the figure of a parameter to confirm marked
⚠ as that figure is (a measure's options too, as `policy diff` marks them), with its exclusive group, priority
and `all`/`any` matching; abolished categories, from which day, and where their households go;
assistance measures by department with their options and amounts; the process
deadlines. Every rule is worded as explanations word it (`engine.wording`), with
the rule as written below it. Invariants: every parameter, category and clause of the policy
appears; the same policy and language give the same bytes (file order, no
timestamps); nothing is evaluated except parameters, income shares and the
definitions computed from parameters alone, which are constants.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine import model as m
from engine.diagnostics import Said, sentence
from engine.doubts import range_said
from engine.explain.phrases import quantity_said, static_for
from engine.explain.words import LITERAL, decided_by
from engine.label_figures import labelled_figures
from engine.markdown_text import md_cell, md_code, md_text
from engine.render import with_id
from engine.setting_words import TYPE_WORDS, department_name, setting_words
from engine.syntax import ast
from engine.values import UNIT_WORDS, grouped, human, mark_after, percent, plain_number

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "policy": "Policy", "version": "version", "in_force": "In force", "open_end": "open-ended",
        "file": "File", "sources": "Sources", "contents": "Contents", "cited_as": "cited as",
        "articles": "articles, as explanations say them",
        "intro": "This document is generated from the policy file by `policy doc`; the file is the authority. "
                 "Line numbers point into the file. Money is shown per month and per year: a year is twelve "
                 "months, and a yearly value shown per month is rounded to two decimals and marked ≈ where it does "
                 "not divide exactly; rules work with the exact value.",
        "parameters": "Parameters", "param_intro": "Every value applies throughout the policy's window ({window}).",
        "confirm_count": "{n} of {total} values are **local values to confirm** (marked ⚠): the document "
                         "points to a figure it does not print, and the value shown is the default until "
                         "the county's published figure is entered.",
        "name": "Name", "value": "Value", "written": "Rule", "source": "Source", "confirm": "Local value to confirm",
        "source_after": "source",  # after other facts on its line
        "inputs": "Household inputs", "inputs_intro": "The fields a household file gives "
                  "(`policy schema household` prints the exact JSON Schema).",
        "field": "Field", "type": "Type", "default": "Default", "required": "required",
        "household_level": "Household", "member_level": "Each member", "nullable": "may be empty",
        "given_with": "given only with {names}",
        "plausible_intro": "A figure outside its **plausible range** is not refused: the household is decided "
                           "with it as given and warned of (H013) with the hint shown.",
        "income": "Income", "income_intro": "Household income and expense lines are amounts over the last "
                  "12 months, read as yuan/year. A counted type adds *share × amount* to the counted income "
                  "(`counted_income` in rules); a type not counted is shown in explanations and adds nothing to it.",
        "counted": "Counted income", "exempt": "Income not counted", "share": "Counted share",
        "note": "Note", "expenses": "Expenses", "rigid": "Rigid expense",
        "plausible": "Plausible range", "if_below": "if below: ", "if_above": "if above: ",
        "expenses_intro": "A rigid expense type adds to the rigid expenses (`rigid_expenses` in rules); a type "
                          "that is not rigid is shown and can be used by name (`expenses.TYPE`) but is not deducted "
                          "as rigid.",
        "yes": "yes", "no": "no",
        "definitions": "Definitions", "definitions_intro": "Named values computed from a household; "
                       "each is computed once per household (or member) when first needed.",
        "indicators": "Indicators", "indicators_intro": "Named yes/no facts, shown in every explanation.",
        "formula": "Formula", "level": "Level", "categories": "Categories",
        "categories_intro": "Categories are decided in file order. Within an exclusive group only the first "
                            "category that holds is assigned; a category without a group may co-occur "
                            "with any other. Each clause is explained on its own in every decision.",
        "group": "exclusive group `{group}`, priority {rank} of {size} (the first of the group that holds is assigned)",
        "no_group": "not exclusive: may co-occur with any other category",
        "clause": "Clause", "rule": "Rule", "line": "line {line}",
        "abolished": "Abolished categories",
        "abolished_intro": "The categories this policy says are abolished, the day each is abolished from, and "
                           "the categories that take in their households.",
        "abolished_from": "abolished from {date}", "absorbed": "absorbed by",
        "assistance": "Assistance by department",
        "assistance_intro": "Measures follow categories and indicators (缺什么补什么, give what is missing). "
                            "Where a measure has several options that apply, the one with the highest amount "
                            "is granted (就高不就低); on a tie, the first in file order.",
        "option": "Option", "when": "When", "amount": "Amount",
        "highest": "the highest applicable option wins",
        "process": "Process",
        "review": "An application is reviewed and decided within **{days} working days**",
        "special": ", **{days} working days** at most in special cases",
        "none": "—", "sep": "; ", "colon": ": ", "comma": ", ", "list": ", ", "range": "{low} to {high}",
        "open": " (", "close": ")",
    },
    "zh": {
        "policy": "政策", "version": "版本", "in_force": "施行期间", "open_end": "长期有效",
        "file": "文件", "sources": "依据", "contents": "目录", "cited_as": "引用时称",
        "articles": "条款在说明中的表述",
        "intro": "本文件由 `policy doc` 根据政策文件自动生成，以政策文件为准；行号指向政策文件。"
                 "金额同时按月和按年列出：一年按 12 个月折算；按年的金额折成每月时四舍五入到两位小数，除不尽的标 ≈；"
                 "规则按精确值计算。",
        "parameters": "参数", "param_intro": "各项取值在整个施行期间（{window}）适用。",
        "confirm_count": "{total} 项取值中有 {n} 项为**本地待确认值**（标记 ⚠）：文件引用了未列明的数值，"
                         "在录入县级公布标准之前，所列取值为默认值。",
        "name": "名称", "value": "取值", "written": "规则", "source": "依据", "confirm": "本地待确认值",
        "source_after": "依据",
        "inputs": "家庭信息项",
        "inputs_intro": "家庭数据文件提供的字段（`policy schema household` 输出完整的 JSON Schema）。",
        "field": "字段", "type": "类型", "default": "默认值", "required": "必填",
        "household_level": "家庭", "member_level": "每位成员", "nullable": "可为空",
        "given_with": "须与{names}同时填写",
        "plausible_intro": "数值超出**合理范围**时不拒收：按所填数值认定，并给出警告（H013）及所列提示。",
        "income": "收入", "income_intro": "家庭收入和支出按近12个月的金额填写，按元/年计。"
                  "计入收入的类型按“计入比例 × 金额”计入家庭的计入收入（规则中写作 `counted_income`）；"
                  "不计入的类型在解释中列出，但不计入收入。",
        "counted": "计入家庭收入", "exempt": "不计入家庭收入", "share": "计入比例",
        "note": "说明", "expenses": "支出", "rigid": "刚性支出",
        "plausible": "合理范围", "if_below": "低于时提示：", "if_above": "高于时提示：",
        "expenses_intro": "刚性支出类型计入家庭的刚性支出（规则中写作 `rigid_expenses`）；"
                          "非刚性支出可在规则中按名称使用（`expenses.类型`），但不作为刚性支出扣减。",
        "yes": "是", "no": "否",
        "definitions": "定义", "definitions_intro": "根据家庭数据计算的命名数值；每户（或每人）首次用到时计算一次。",
        "indicators": "指标", "indicators_intro": "命名的是/否事实，在每份解释中列出。",
        "formula": "公式", "level": "层级", "categories": "认定类别",
        "categories_intro": "按文件顺序认定。同一互斥组内只认定第一个满足条件的类别；"
                            "不属于任何互斥组的类别可与其他类别同时认定。每项条款在认定结果中单独解释。",
        "group": "互斥组 `{group}`，第 {rank} 位（共 {size} 个，组内先满足者认定）",
        "no_group": "不互斥：可与其他类别同时认定",
        "clause": "条款", "rule": "规则", "line": "第 {line} 行",
        "abolished": "已取消的类别",
        "abolished_intro": "本政策写明已取消的类别、各自取消的日期，以及承接其家庭的类别。",
        "abolished_from": "自 {date} 起取消", "absorbed": "并入",
        "assistance": "救助帮扶措施（按部门）",
        "assistance_intro": "措施依据类别和指标确定（缺什么补什么）。同一措施有多个选项同时适用时，"
                            "按金额最高者给予（就高不就低）；金额相同时取文件中靠前者。",
        "option": "选项", "when": "条件", "amount": "金额",
        "highest": "多项适用时就高不就低",
        "process": "办理流程",
        "review": "申请在 **{days} 个工作日**内审核认定",
        "special": "，特殊情况最长不超过 **{days} 个工作日**",
        "none": "—", "sep": "；", "colon": "：", "comma": "，", "list": "、", "range": "{low} 至 {high}",
        "open": "（", "close": "）",
    },
}

def code(text: str) -> str:
    """Text as code in a table cell (`md_code`): a rule as the file writes it, a file's path."""
    return md_code(text, table=True)


def cell(text: str) -> str:
    """Text of the policy (a label, a citation, a rule in words) in a table cell, as written: none of it code
    (`md_cell`)."""
    return md_cell(text, code=False)


def table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


class _Document:
    def __init__(self, policy: m.Policy, lang: str):
        self.p = policy
        self.lang = lang
        self.w = WORDS[lang]
        self.phrases = static_for(policy).phrases(lang)
        # every rule in words with each parameter's figure beside its label (`农村最低生活保障标准（510.00 元/月 ⚠）`):
        # the reader has no household's working to find it in, and would look it up in the parameters table
        self.words = self.phrases.documented
        self.out: list[str] = []

    # small pieces ----------------------------------------------------------------------

    def text(self, label: m.Label | None, fallback: str = "") -> str:
        """A label as the policy writes it in this language, not yet escaped."""
        return label.get(self.lang, fallback) if label is not None else fallback

    def label(self, label: m.Label | None, fallback: str = "") -> str:
        """A label in a table cell."""
        return cell(self.text(label, fallback))

    def figured(self, label: m.Label | None, fallback: str, rules: list[m.Expr]) -> str:
        """A clause's or an option's label, marked ⚠ where it writes the figure of a parameter to confirm that its
        `rules` read, as `policy diff` marks it (`labelled_figures`): `人均存款不超过24个月低保标准 ⚠`,
        `人均存款不超过低保标准（24个月）⚠` (`mark_after`)."""
        figures = labelled_figures(self.p, label, [e.node for e in rules])
        said = self.label(label, fallback)
        return said + (mark_after(said, self.lang) if any(lang == self.lang for lang, *_ in figures) else "")

    def rule(self, expr: m.Expr, worded: str) -> str:
        """A rule as explanations word it, over the rule as the file writes it (for whoever edits the file)."""
        return code(expr.text) if worded == expr.text else f"{cell(worded)}<br>{code(expr.text)}"

    def condition(self, expr: m.Expr) -> str:
        """A yes/no rule in words and as written: `饮用水不安全 且 …<br>`water_unsafe and …``."""
        return self.rule(expr, self.words.condition(expr.node))

    def amount(self, expr: m.Expr, per_month: bool = False) -> str:
        """A value's rule in words (rates per month for a monthly measure, as explanations say it) and as written."""
        return self.rule(expr, self.amount_words(expr, per_month))

    def amount_words(self, expr: m.Expr, per_month: bool = False) -> str:
        """A value's rule in words, each parameter's figure beside its label (`低保对象医疗救助比例（70%） × …`); a
        fixed amount as explanations say what it grants: `1,000.00 元/年`."""
        node = expr.node
        if isinstance(node, ast.Quantity) and self.kind(node) in ("amount", "rate"):
            fixed, value = self.phrases.constant(node)
            if fixed:
                return human(value, self.kind(node), self.lang, per="month" if per_month else None)
        return self.words.words(node, per_month)

    def value_word(self, f: m.InputField, value: str) -> str:
        """An enum value as a household file writes it, then its label: `` `head` 户主 ``."""
        said = self.text(dict(f.value_labels).get(value), value)
        return code(value) if said == value else f"{code(value)} {cell(said)}"

    def said(self, name: str, expr: m.Expr, worded: str) -> list[str]:
        """A measure's condition or amount as a list item in words, and below it the rule as the file writes it."""
        lines = [f"- {name}{self.w['colon']}{md_text(worded)}"]
        written = f"  - {self.w['written']}{self.w['colon']}{md_code(expr.text)}"
        return lines if worded == expr.text else [*lines, written]

    def named(self, label: m.Label | None, name: str) -> str:
        """A category's or a measure's label with its id, which a policy officer searches the file for: in brackets
        after it, or in the label's own bracket where it already says the id (`person in extreme poverty (`tekun`)`)."""
        return with_id(self.text(label, name), name, self.lang == "zh", "`", md_text)

    def aside(self, text: str) -> str:
        """Text in brackets after what it qualifies: ` (…)` in English, `（…）` in Chinese prose."""
        return f"{self.w['open']}{text}{self.w['close']}"

    def window(self) -> str:
        """The policy's window, said the same wherever the document names it: `2026-01-01 – 长期有效`."""
        meta = self.p.meta
        return m.window_said(meta.effective_from.isoformat(),
                           meta.effective_to.isoformat() if meta.effective_to else self.w["open_end"])

    def where(self, source: str | None, line: int | None) -> str:
        """A rule's citation as this language reads it (see `Meta.cite`), and its line in the file."""
        parts = [cell(self.p.meta.cite(source, self.lang) or source)] if source else []
        if line:
            parts.append(self.w["line"].format(line=line))
        return " · ".join(parts) or self.w["none"]

    def kind(self, node: ast.Node) -> str:
        found = self.p.types.get(id(node))
        return found.kind if found is not None else "unknown"

    def quantity(self, value: object, node: ast.Node) -> str:
        """A constant as an officer writes it: `510.00 yuan/month (6,120.00 yuan/year)`, `20%`."""
        return quantity_said(self.p, value, node, self.lang)

    def plausible(self, plausible: m.Plausible | None, money: str | None) -> str:
        """A plausible range and the hints for a figure below or above it; `money`: its unit (`amount`, `rate`)."""
        if plausible is None:
            return ""
        if money is None:
            said = range_said(plausible)
        else:
            unit = Said(UNIT_WORDS["en"][money], UNIT_WORDS["zh"][money])
            said = range_said(plausible, grouped, unit)
        parts = [said.zh if self.lang == "zh" else said.en]
        for key, hint in (("if_below", plausible.if_below), ("if_above", plausible.if_above)):
            if hint is not None:
                parts.append(self.w[key] + hint.get(self.lang).strip())
        return cell(self.w["sep"].join(parts))

    def ranges_said(self, found: Iterable[m.Plausible | None]) -> None:
        """What a plausible range does, under a section's introduction, when any of its items has one."""
        if any(p is not None for p in found):
            self.out += [self.w["plausible_intro"], ""]

    def ranged(self, header: list[str], rows: list[list[str]], ranges: list[str]) -> list[str]:
        """A table with the plausible ranges of its rows as a column before the last, when any row has one."""
        if not any(ranges):
            return table(header, rows)
        return table([*header[:-1], self.w["plausible"], header[-1]],
                     [[*row[:-1], found, row[-1]] for row, found in zip(rows, ranges, strict=True)])

    # sections --------------------------------------------------------------------------

    def run(self) -> str:
        self.header()
        self.parameters()
        self.inputs()
        self.income()
        self.expenses()
        self.definitions(indicator=False)
        self.definitions(indicator=True)
        self.categories()
        self.abolished()
        self.assistance()
        self.process()
        while self.out and not self.out[-1]:
            self.out.pop()
        return "\n".join(self.out) + "\n"

    def header(self) -> None:
        meta, w = self.p.meta, self.w
        self.out += [f"# {md_text(self.text(meta.title, meta.id))}", "", w["intro"], ""]
        rows = [
            [w["policy"], f"{code(meta.id)}{w['sep']}{w['version']} {code(meta.version)}"],
            [w["in_force"], self.window()],
            [w["file"], code(self.p.file) + self.aside(f"sha256 {code(self.p.sha256[:12])}")],
        ]
        self.out += table(["", ""], rows)
        if meta.sources:
            self.out += [f"## {w['sources']}", ""]
            for s in meta.sources:
                extra = [s.date.isoformat()] if s.date else []
                extra += [s.url] if s.url else []
                tail = self.aside(md_text(w["comma"].join(extra))) if extra else ""
                self.out.append(f"- `{s.id}`{w['colon']}{md_text(s.title.get(self.lang))}{tail}")
                if s.named_by(self.lang) == "cited_as":  # the name citations use, where it is not the title
                    self.out.append(f"  - {w['cited_as']}{w['colon']}{md_text(s.names.get(self.lang))}")
                said = [f"    - {md_code(written)}{w['colon']}{md_text(getattr(wording, self.lang))}"
                        for written, wording in s.articles if getattr(wording, self.lang)]
                if said:
                    self.out += [f"  - {w['articles']}{w['colon'].rstrip()}", *said]
            self.out.append("")

    def parameters(self) -> None:
        w = self.w
        self.out += [f"## {w['parameters']}", "", w["param_intro"].format(window=self.window()), ""]
        confirm = [p for p in self.p.parameters.values() if p.confirm is not None]
        if confirm:
            self.out += [w["confirm_count"].format(n=len(confirm), total=len(self.p.parameters)), ""]
        rows = []
        for name, par in self.p.parameters.items():
            value = cell(self.quantity(self.p.parameter_values.get(name), par.expr.node))
            mark = f"⚠ {self.label(par.confirm)}" if par.confirm is not None else ""
            written = code(par.expr.text) if isinstance(par.expr.node, LITERAL) else self.amount(par.expr)
            rows.append([f"{self.label(par.label, name)}<br>`{name}`", value, written,
                         self.where(par.source, par.span.line), mark])
        self.out += table([w["name"], w["value"], w["written"], w["source"], w["confirm"]], rows)

    def inputs(self) -> None:
        w, types = self.w, TYPE_WORDS[self.lang]
        if not self.p.inputs:
            return
        self.out += [f"## {w['inputs']}", "", w["inputs_intro"], ""]
        self.ranges_said(f.plausible for f in self.p.inputs.values())
        for level, title in (("household", w["household_level"]), ("member", w["member_level"])):
            fields = self.p.input_fields(level)  # type: ignore[arg-type]
            if not fields:
                continue
            self.out += [f"### {title}", ""]
            rows, ranges = [], []
            for f in fields:
                ranges.append(self.plausible(f.plausible, "amount" if f.type == "money" else None))
                kind = cell(types.get(f.type, f.type))  # each piece escaped once: a value's label in its own
                if f.values:
                    kind += " " + w["list"].join(self.value_word(f, v) for v in f.values)
                if f.minimum is not None and f.maximum is not None:
                    kind += w["comma"] + w["range"].format(low=plain_number(f.minimum), high=plain_number(f.maximum))
                elif f.minimum is not None:
                    kind += f" ≥ {plain_number(f.minimum)}"
                elif f.maximum is not None:
                    kind += f" ≤ {plain_number(f.maximum)}"
                if f.nullable:
                    kind += w["sep"] + w["nullable"]
                if f.given_with:
                    quote = self.phrases.wording.w["quote"]
                    names = w["list"].join(quote.format(v=self.label(self.p.label_of(n), n)) for n in f.given_with)
                    kind += w["sep"] + w["given_with"].format(names=names)
                rows.append([f"`{f.name}`", self.label(f.label, f.name), kind, self.default(f)])
            self.out += self.ranged([w["field"], w["name"], w["type"], w["default"]], rows, ranges)

    def default(self, f: m.InputField) -> str:
        if not f.has_default:
            return self.w["required"]
        if f.default is None:
            return self.w["none"]
        if isinstance(f.default, bool):
            return self.w["yes" if f.default else "no"]
        if f.values:
            return self.value_word(f, f.default)
        return cell(str(f.default))

    def income(self) -> None:
        w = self.w
        self.out += [f"## {w['income']}", "", w["income_intro"], ""]
        self.ranges_said(i.plausible for i in self.p.income.values())
        from engine.evaluator import program_for

        shares = program_for(self.p).shares
        counted = [i for i in self.p.income.values() if i.counted]
        exempt = [i for i in self.p.income.values() if not i.counted]
        if counted:
            rows = []
            for i in counted:
                share = percent(shares[i.name])
                if i.share is not None:  # its figure is the share written before it: `80%（1 − …）`
                    worded = self.phrases.wording.words(i.share.node)
                    share += self.aside(cell(worded)) + f"<br>{code(i.share.text)}"
                rows.append([f"`{i.name}`", self.label(i.label, i.name), share, self.label(i.note),
                             self.where(i.source, i.span.line)])
            self.out += [f"### {w['counted']}", ""]
            self.out += self.ranged([w["field"], w["name"], w["share"], w["note"], w["source"]], rows,
                                    [self.plausible(i.plausible, "rate") for i in counted])
        if exempt:
            rows = [[f"`{i.name}`", self.label(i.label, i.name), self.label(i.note), self.where(i.source, i.span.line)]
                    for i in exempt]
            self.out += [f"### {w['exempt']}", ""]
            self.out += self.ranged([w["field"], w["name"], w["note"], w["source"]], rows,
                                    [self.plausible(i.plausible, "rate") for i in exempt])

    def expenses(self) -> None:
        w = self.w
        self.out += [f"## {w['expenses']}", "", w["expenses_intro"], ""]
        self.ranges_said(e.plausible for e in self.p.expenses.values())
        rows = [[f"`{e.name}`", self.label(e.label, e.name), w["yes"] if e.rigid else w["no"], self.label(e.note),
                 self.where(e.source, e.span.line)] for e in self.p.expenses.values()]
        self.out += self.ranged([w["field"], w["name"], w["rigid"], w["note"], w["source"]], rows,
                                [self.plausible(e.plausible, "rate") for e in self.p.expenses.values()])

    def definitions(self, indicator: bool) -> None:
        w, lang = self.w, self.lang
        items = [d for d in self.p.definitions.values() if d.indicator == indicator]
        if not items:
            return
        key = "indicators" if indicator else "definitions"
        self.out += [f"## {w[key]}", "", w[f"{key}_intro"], ""]
        rows = [[f"{self.label(d.label, d.name)}<br>`{d.name}`", setting_words("definition", "level", d.level, lang),
                 self.condition(d.expr) if indicator else self.amount(d.expr), self.where(d.source, d.span.line)]
                for d in items]
        # the value of one computed from parameters alone (the dibao-margin line), which no household changes: what
        # a clause that reads it is measured against, and what a label's stale figure would contradict
        values = [self.phrases.figure(d.name, both=True) for d in items]
        if not any(values):
            self.out += table([w["name"], w["level"], w["formula"], w["source"]], rows)
            return
        rows = [[*row[:2], cell(value or w["none"]), *row[2:]] for row, value in zip(rows, values, strict=True)]
        self.out += table([w["name"], w["level"], w["value"], w["formula"], w["source"]], rows)

    def categories(self) -> None:
        w = self.w
        self.out += [f"## {w['categories']}", "", w["categories_intro"], ""]
        groups: dict[str, list[str]] = {}
        for c in self.p.categories:
            if c.group is not None:
                groups.setdefault(c.group, []).append(c.id)
        for number, c in enumerate(self.p.categories, 1):
            self.out += [f"### {number}. {self.named(c.label, c.id)}", ""]
            facts = [setting_words("category", "level", c.level, self.lang)]
            if c.group is not None:
                members = groups[c.group]
                facts.append(w["group"].format(group=c.group, rank=members.index(c.id) + 1, size=len(members)))
            else:
                facts.append(w["no_group"])
            facts.append(setting_words("category", "match", c.match, self.lang))
            facts.append(f"{w['source']}{w['colon']}{self.where(c.source, c.span.line)}")
            self.out += [f"- {fact}" for fact in facts] + [""]
            rows = [[str(j), f"{self.figured(cl.label, cl.id, [cl.test])}<br>`{cl.id}`", self.condition(cl.test),
                     self.where(cl.source, cl.test.span.line)
                     + (f"<br>⚠ {self.label(cl.confirm)}" if cl.confirm is not None else "")]
                    for j, cl in enumerate(c.clauses, 1)]
            self.out += table(["#", w["clause"], w["rule"], w["source"]], rows)

    def abolished(self) -> None:
        w = self.w
        if not self.p.abolished:
            return
        self.out += [f"## {w['abolished']}", "", w["abolished_intro"], ""]
        for a in self.p.abolished:
            targets = []
            for target in a.absorbed_by:
                category = self.p.category(target)
                targets.append(self.named(category.label, target) if category else f"`{target}`")
            since = w["abolished_from"].format(date=self.p.abolished_since(a).isoformat())
            self.out.append(f"- **{md_text(self.text(a.label, a.id))}**{self.aside(f'`{a.id}`')} — {since}{w['sep']}"
                            f"{w['absorbed']}{w['colon']}{w['list'].join(targets)}{w['sep']}"
                            f"{w['source_after']}{w['colon']}{self.where(a.source, a.span.line)}")
        self.out.append("")

    def assistance(self) -> None:
        w = self.w
        if not self.p.assistance:
            return
        self.out += [f"## {w['assistance']}", "", w["assistance_intro"], ""]
        order = list(self.p.departments) + sorted({a.department for a in self.p.assistance} - set(self.p.departments))
        for department in order:
            measures = [a for a in self.p.assistance if a.department == department]
            if not measures:
                continue
            named = department_name(self.p, department, self.lang)
            decided = decided_by(named, self.lang)  # what a measure it sets no amount for says, as `policy eval`
            self.out += [f"### {md_text(named)}{self.aside(f'`{department}`')}", ""]
            for a in measures:
                facts = [setting_words("measure", "level", a.level, self.lang)]
                if a.per:
                    facts.append(setting_words("measure", "per", a.per, self.lang))
                if len(a.options) > 1:
                    facts.append(w["highest"])
                facts.append(f"{w['source_after']}{w['colon']}{self.where(a.source, a.span.line)}")
                self.out += [f"#### {self.named(a.label, a.id)}", "",
                             "- " + w["sep"].join(facts)]
                only, monthly = a.options[0], a.per == "month"
                if len(a.options) == 1 and only.label is None:
                    self.out += self.said(w["when"], only.when, self.words.condition(only.when.node))
                    if only.amount is None:
                        # `金额由…核定`, not after `金额：`; an item of its own, as `When:` starts one
                        self.out.append(f"- {md_text(sentence(decided))}")
                    else:
                        self.out += self.said(w["amount"], only.amount, self.amount_words(only.amount, monthly))
                    self.out.append("")
                    continue
                self.out.append("")
                rows = []
                for o in a.options:
                    amount = self.amount(o.amount, monthly) if o.amount is not None else cell(decided)
                    rules = [e for e in (o.when, o.amount) if e is not None]
                    name = f"{self.figured(o.label, o.id, rules)}<br>`{o.id}`" if o.label is not None else f"`{o.id}`"
                    rows.append([name, self.condition(o.when), amount])
                self.out += table([w["option"], w["when"], w["amount"]], rows)

    def process(self) -> None:
        w, proc = self.w, self.p.process
        if proc is None:
            return
        text = w["review"].format(days=proc.review_working_days)
        if proc.special_case_working_days:
            text += w["special"].format(days=proc.special_case_working_days)
        end = "。" if self.lang == "zh" else "."
        self.out += [f"## {w['process']}", "", text + end, ""]
        if proc.source:
            self.out += [f"{w['source']}{w['colon']}{self.where(proc.source, None)}", ""]


def policy_markdown(policy: m.Policy, lang: str = "zh") -> str:
    """The policy as a markdown document in `lang` (`zh` or `en`)."""
    if lang not in WORDS:
        raise ValueError(f"unknown language {lang!r}")
    return _Document(policy, lang).run()
